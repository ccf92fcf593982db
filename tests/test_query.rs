#![allow(clippy::unwrap_used)] // test helpers may panic
mod common;

use common::{Env, Run};

#[test]
fn stemming_finds_every_hostage_paragraph() {
    let env = Env::with_sample();
    assert_eq!(env.paragraphs(&["hostages"]), vec![1, 3, 7, 11, 12]);
}

#[test]
fn hyphenated_phrase_matches_exactly() {
    let env = Env::with_sample();
    assert_eq!(env.paragraphs(&["\"60-day pause\""]), vec![5, 7]);
    // the joined and split forms of "cease-fire" find it too
    assert_eq!(env.paragraphs(&["ceasefire"]), vec![7, 14]);
    assert_eq!(env.paragraphs(&["\"cease fire\""]), vec![7, 14]);
}

#[test]
fn json_hits_carry_every_field() {
    let env = Env::with_sample();
    let run = env.run(&["query", "Netanyahu", "--json"]);
    assert_eq!(run.code, 0);
    let doc = run.json();
    assert_eq!(doc["query"], "Netanyahu");
    assert_eq!(doc["total"], 3);
    let hits = doc["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for hit in hits {
        for field in [
            "article_id",
            "title",
            "paragraph",
            "score",
            "text",
            "snippet",
            "person",
            "place",
            "org",
        ] {
            assert!(hit.get(field).is_some(), "hit lacks {field}: {hit}");
        }
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        assert!(
            hit["snippet"]
                .as_str()
                .unwrap()
                .contains("<b>Netanyahu</b>"),
            "{hit}"
        );
        assert!(hit["person"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "Benjamin Netanyahu"));
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "not ranked: {scores:?}"
    );
}

#[test]
fn no_hit_exits_1_and_missing_index_exits_2_with_one_error_line() {
    let env = Env::with_sample();
    let run = env.run(&["query", "zeppelin"]);
    assert_eq!(run.code, 1);
    let missing = Env::new();
    let run: Run = missing.run(&["query", "hostages"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: no index at "),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn bad_syntax_is_an_error_with_the_position() {
    let env = Env::with_sample();
    let run = env.run(&["query", "\"unclosed"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("position"), "{}", run.stderr);
    let run = env.run(&["query", "nosuch:thing"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no field \"nosuch\" (fields: title, text"),
        "{}",
        run.stderr
    );
}

#[test]
fn entity_filters_accept_aliases() {
    let env = Env::with_sample();
    let rows: &[(&str, &str, &[u64])] = &[
        ("--person", "William J. Burns", &[1, 2, 4]),
        ("--person", "Burns", &[1, 2, 4]),
        ("--person", "Netanyahu", &[3, 5, 12]),
        ("--place", "Qatar", &[2, 3, 4, 13]),
        ("--place", "Khan Younis", &[15]),
        ("--org", "U.N.", &[15]),
        ("--org", "Washington Post", &[17]),
    ];
    for (flag, name, want) in rows {
        assert_eq!(env.paragraphs(&[flag, name]), *want, "{flag} {name}");
    }
    // without the entity catalog written at the end of ingest, names resolve the same way
    // from a catalog built from the term dictionaries
    let table = env.index().join("entities.bin");
    assert!(table.exists(), "ingest writes the entity catalog");
    std::fs::remove_file(&table).unwrap();
    for (flag, name, want) in rows {
        assert_eq!(
            env.paragraphs(&[flag, name]),
            *want,
            "no table: {flag} {name}"
        );
    }
    // filters combine with AND, and with words
    assert_eq!(
        env.paragraphs(&["--person", "Burns", "--place", "Qatar"]),
        vec![2, 4]
    );
    assert_eq!(env.paragraphs(&["hostages", "--place", "Qatar"]), vec![3]);
    assert_eq!(
        env.paragraphs(&["--person", "Nobody Atall"]),
        Vec::<u64>::new()
    );
}

#[test]
fn entity_fields_in_the_query_syntax() {
    let env = Env::with_sample();
    let rows: &[(&str, &[u64])] = &[
        ("person:\"William J. Burns\"", &[1, 2, 4]),
        ("place:Qatar", &[2, 3, 4, 13]),
        ("org:Hamas AND place:Qatar", &[3, 13]),
        ("person:\"William J. Burns\" -place:Qatar", &[1]),
        (
            "person:IN [\"William J. Burns\" \"Benjamin Netanyahu\"]",
            &[1, 2, 3, 4, 5, 12],
        ),
        // a kind's clause matches only that kind: no person is named Qatar
        ("person:Qatar", &[]),
        ("place:*", &[1, 2, 3, 4, 5, 7, 9, 10, 12, 13, 14, 15, 16]),
        ("org:[A TO C}", &[12]),
    ];
    for (query, want) in rows {
        let mut got = env.paragraphs(&[query]);
        got.sort_unstable();
        assert_eq!(got, *want, "{query}");
    }
    // the same as the filters
    assert_eq!(
        env.paragraphs(&["person:\"William J. Burns\""]),
        env.paragraphs(&["--person", "William J. Burns"])
    );
}

#[test]
fn filters_do_not_change_scores() {
    let env = Env::with_sample();
    let plain = env.run(&["query", "hostages", "--json"]).json();
    let filtered = env
        .run(&["query", "hostages", "--place", "Israel", "--json"])
        .json();
    let score = |doc: &serde_json::Value, p: u64| {
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["paragraph"] == p)
            .map(|h| h["score"].as_f64().unwrap())
    };
    assert_eq!(score(&plain, 12), score(&filtered, 12));
    assert!(score(&filtered, 12).is_some());
}

#[test]
fn filter_only_query_lists_in_paragraph_order_with_paging() {
    let env = Env::with_sample();
    let doc = env
        .run(&[
            "query", "--place", "Israel", "--json", "--limit", "3", "--offset", "1",
        ])
        .json();
    let paras: Vec<u64> = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["paragraph"].as_u64().unwrap())
        .collect();
    let all = env.paragraphs(&["--place", "Israel"]);
    assert_eq!(paras, all[1..4].to_vec());
    assert_eq!(doc["total"].as_u64().unwrap(), all.len() as u64);
    assert!(doc["hits"][0]["score"].is_null());
}

#[test]
fn facets_count_all_matches_not_just_the_page() {
    let env = Env::with_sample();
    let doc = env
        .run(&["query", "hostages", "--facets", "--limit", "1", "--json"])
        .json();
    assert_eq!(doc["hits"].as_array().unwrap().len(), 1);
    let places = doc["facets"]["place"].as_array().unwrap();
    let israel = places
        .iter()
        .find(|p| p["name"] == "Israel")
        .expect("Israel facet");
    // Israel is named in 4 of the 5 hostage paragraphs (1, 3, 7, 12)
    assert_eq!(israel["count"], 4);
    let counts: Vec<u64> = places
        .iter()
        .map(|p| p["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn terminal_output_shows_rank_score_paragraph_snippet_and_entities() {
    let env = Env::with_sample();
    let run = env.run(&["query", "Burns", "--facets"]);
    assert_eq!(run.code, 0);
    let out = run.stdout;
    assert!(
        out.starts_with("3 paragraphs matching \"Burns\", showing 1-3"),
        "{out}"
    );
    assert!(out.contains("  1. "), "{out}");
    assert!(out.contains('¶'), "{out}");
    assert!(out.contains("[Burns]"), "{out}");
    assert!(out.contains("person: "), "{out}");
    assert!(
        out.contains("Facets over all 3 matching paragraphs:"),
        "{out}"
    );
}

#[test]
fn date_filters() {
    let env = Env::new();
    let file = env.path("dated.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"old\",\"date\":\"2023-05-01\",\"body\":\"Talks in Cairo.\"}\n{\"id\":\"new\",\"date\":\"2024-02-01T10:00:00Z\",\"body\":\"Talks in Doha.\"}\n",
    )
    .unwrap();
    assert_eq!(env.run(&["ingest", file.to_str().unwrap()]).code, 0);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["query", "talks", "--json"];
        full.extend_from_slice(args);
        let mut v: Vec<String> = env.run(&full).json()["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["article_id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids(&[]), vec!["new", "old"]);
    assert_eq!(ids(&["--since", "2024-01-01"]), vec!["new"]);
    assert_eq!(ids(&["--until", "2023-05-01"]), vec!["old"]);
    assert_eq!(
        ids(&["--since", "2024-02-01", "--until", "2024-02-01"]),
        vec!["new"]
    );
    let bad = env.run(&["query", "talks", "--since", "yesterday"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("--since \"yesterday\""),
        "{}",
        bad.stderr
    );
}
