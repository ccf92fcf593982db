#![allow(clippy::unwrap_used)] // test helpers may panic
mod common;

use common::{fixture, sample, Env};

#[test]
fn sample_ingests_as_one_article_of_17_paragraphs_and_reingest_replaces_it() {
    let env = Env::with_sample();
    let s = env.stats();
    assert_eq!(s["articles"], 1);
    assert_eq!(s["paragraphs"], 17);
    assert!(s["index_bytes"].as_u64().unwrap() > 0);
    for kind in ["person", "place", "org"] {
        assert!(
            s["entities"][kind].as_u64().unwrap() > 0,
            "no {kind} entities: {s}"
        );
    }
    let again = env.run(&["ingest", sample().to_str().unwrap()]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let s2 = env.stats();
    assert_eq!(s2["articles"], 1);
    assert_eq!(s2["paragraphs"], 17);
    assert_eq!(s2["entities"], s["entities"]);
}

#[test]
fn directory_with_text_and_jsonl_ingests_both() {
    let env = Env::new();
    let dir = env.path("in");
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    std::fs::copy(sample(), dir.join("sample.txt")).unwrap();
    std::fs::copy(
        fixture("two_paragraphs.jsonl"),
        dir.join("nested/wire.jsonl"),
    )
    .unwrap();
    let run = env.run(&["ingest", dir.to_str().unwrap(), "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = run.json();
    assert_eq!(summary["articles"], 2);
    assert_eq!(summary["paragraphs"], 19);
    let s = env.stats();
    assert_eq!(s["articles"], 2);
    assert_eq!(s["paragraphs"], 19);
}

#[test]
fn summary_reports_counts_and_speed() {
    let env = Env::new();
    let run = env.run(&["ingest", sample().to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("ingested 1 article, 17 paragraphs,"),
        "{}",
        run.stdout
    );
    // the rate in a unit that shows it: a 4.5 KB article reads in KB/s, not "0.0 MB/s"
    let rate = run
        .stdout
        .split_once(" s (")
        .and_then(|(_, rest)| rest.split_once("/s)"))
        .map(|(rate, _)| rate.to_string())
        .unwrap_or_default();
    let (number, unit) = rate.split_once(' ').unwrap_or_default();
    assert!(
        ["B", "KB", "MB"].contains(&unit) && number.parse::<f64>().is_ok_and(|n| n > 0.0),
        "rate {rate:?} in {}",
        run.stdout
    );
    assert!(!run.stdout.contains("0.0 MB/s"), "{}", run.stdout);
    assert!(run.stdout.contains("skipped 0"), "{}", run.stdout);
    // no progress bar or other noise when stderr is not a terminal
    assert_eq!(run.stderr, "");
}

#[test]
fn stdin_reads_jsonl_and_text() {
    let env = Env::new();
    let jsonl = std::fs::read_to_string(fixture("two_paragraphs.jsonl")).unwrap();
    let run = env.run_with_stdin(&["ingest", "-"], Some(&jsonl));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = env.run_with_stdin(
        &["ingest", "-", "--format", "txt"],
        Some("One paragraph.\n\nAnother one here.\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = env.stats();
    assert_eq!(s["articles"], 2);
    assert_eq!(s["paragraphs"], 4);
    let hit = env.run(&["query", "negotiators", "--json"]).json();
    assert_eq!(hit["hits"][0]["article_id"], "wire-1");
    assert_eq!(hit["hits"][0]["title"], "Talks resume in Cairo");
    assert_eq!(hit["hits"][0]["date"], "2024-01-26");
    assert_eq!(hit["hits"][0]["url"], "https://example.com/wire-1");
    assert_eq!(hit["hits"][0]["source"], "Example Wire");
}

#[test]
fn an_id_repeated_within_one_run_keeps_the_last_copy() {
    let env = Env::new();
    let jsonl = concat!(
        r#"{"id":"a","body":"First copy about Paris."}"#,
        "\n",
        r#"{"id":"b","body":"Another story."}"#,
        "\n",
        r#"{"id":"a","body":"Second copy about Rome.\n\nIt has two paragraphs."}"#,
        "\n",
    );
    let run = env.run_with_stdin(&["ingest", "-"], Some(jsonl));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "ingested 2 articles (1 record repeated an id of this run: the last copy is kept), 3 paragraphs"
        ),
        "the summary counts what the index holds: {}",
        run.stdout
    );
    let s = env.stats();
    assert_eq!(s["articles"], 2);
    assert_eq!(s["paragraphs"], 3);
    assert_eq!(env.run(&["query", "Paris"]).code, 1, "first copy is gone");
    let hit = env.run(&["query", "Rome", "--json"]).json();
    assert_eq!(hit["hits"][0]["article_id"], "a");
    assert_eq!(hit["hits"][0]["place"], serde_json::json!(["Rome"]));
}

#[test]
fn bad_records_are_reported_by_line_and_the_good_ones_indexed() {
    let env = Env::new();
    let file = env.path("mixed.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"a\",\"body\":\"Alpha text.\"}\n{not json\n{\"id\":\"c\"}\n{\"id\":\"d\",\"text\":\"Delta text.\"}\n",
    )
    .unwrap();
    let run = env.run(&["ingest", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "skips must give exit 2: {}", run.stdout);
    let path = file.display().to_string();
    assert!(
        run.stderr.contains(&format!("{path}:2: invalid JSON")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{path}:3: no \"body\" or \"text\"")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("skipped 2"), "{}", run.stdout);
    let s = env.stats();
    assert_eq!(s["articles"], 2);
}

#[test]
fn names_file_adds_entities_and_bad_lines_are_errors() {
    let env = Env::new();
    let names = env.path("names.tsv");
    std::fs::write(&names, "# my names\norg\tNegotiators Guild\tNegotiators\n").unwrap();
    let input = fixture("two_paragraphs.jsonl");
    let run = env.run(&[
        "ingest",
        input.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.paragraphs(&["--org", "Negotiators Guild"]), vec![1]);
    std::fs::write(&names, "org\tFine\nbogus\tX\n").unwrap();
    let run = env.run(&[
        "ingest",
        input.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("names.tsv:2: unknown kind \"bogus\""),
        "{}",
        run.stderr
    );
}

/// Segments of the index, as `check --json` counts them.
fn segments(env: &Env) -> u64 {
    let run = env.run(&["check", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()["segments"].as_u64().unwrap()
}

#[test]
fn an_ingest_that_commits_often_leaves_its_paragraphs_in_one_segment() {
    let env = Env::new();
    let path = env.path("many.jsonl");
    let mut text = String::new();
    for i in 0..600 {
        text.push_str(&format!(
            "{{\"id\":\"n{i}\",\"body\":\"Officials in Cairo met on day {i}.\\n\\nThe talks on item {i} went on.\"}}\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let run = env.run_with_env(
        &env.index(),
        &[
            "ingest",
            path.to_str().unwrap(),
            "--commit-every",
            "200",
            "--threads",
            "1",
        ],
        None,
        &[("NEWSINDEX_TRACE", "1")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("trace: run merged"), "{}", run.stderr);
    assert_eq!(segments(&env), 1, "six commits' segments merged into one");
    assert_eq!(env.stats()["paragraphs"], 1200);
    // a small ingest on top leaves the older segment alone
    let run = env.run(&["ingest", sample().to_str().unwrap(), "--threads", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(segments(&env), 2);
    assert_eq!(env.stats()["paragraphs"], 1217);
}
