#![allow(clippy::unwrap_used)] // test helpers may panic
//! Reading whole articles: `show`, `list`, `delete`, and the context of hits.
mod common;

use common::{fixture, sample, Env};

/// The sample article and the two-paragraph wire story.
fn two_articles() -> Env {
    let env = Env::with_sample();
    let run = env.run(&["ingest", fixture("two_paragraphs.jsonl").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

/// The id of the sample article, as `list --json` gives it.
fn sample_id(env: &Env) -> String {
    let list = env.run(&["list", "--json"]).json();
    list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["paragraphs"] == 17)
        .unwrap()["article_id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn list_gives_every_article_with_its_paragraphs() {
    let env = two_articles();
    let run = env.run(&["list", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = run.json();
    assert_eq!(list["total"], 2);
    let wire = &list["articles"][1];
    assert_eq!(wire["article_id"], "wire-1");
    assert_eq!(wire["paragraphs"], 2);
    assert_eq!(wire["title"], "Talks resume in Cairo");
    assert_eq!(wire["date"], "2024-01-26");
    // text: one article a line, id first; the untitled file shows its source
    let text = env.run(&["list"]).stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with("wire-1\t2024-01-26\t2\tTalks resume in Cairo"),
        "{text}"
    );
    assert!(
        lines[0].ends_with(&sample().display().to_string()),
        "{text}"
    );
    // paging
    let page = env
        .run(&["list", "-n", "1", "--offset", "1", "--json"])
        .json();
    assert_eq!(page["articles"].as_array().unwrap().len(), 1);
    assert_eq!(page["articles"][0]["article_id"], "wire-1");
}

#[test]
fn show_prints_the_article_whole_and_marks_a_paragraph() {
    let env = two_articles();
    let id = sample_id(&env);
    let run = env.run(&["show", &id, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let paragraphs = doc["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 17);
    let numbers: Vec<u64> = paragraphs
        .iter()
        .map(|p| p["paragraph"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=17).collect::<Vec<u64>>());
    // the paragraphs are the article's own, whole
    let original = std::fs::read_to_string(sample()).unwrap();
    for p in paragraphs {
        assert!(original.contains(p["text"].as_str().unwrap()), "{p}");
    }
    assert!(paragraphs[0]["person"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == "William J. Burns"));
    // text: every paragraph numbered, the asked one marked
    let text = env.run(&["show", &id, "--paragraph", "11"]).stdout;
    assert!(text.contains("  ¶1 "), "{text}");
    assert!(text.contains("» ¶11 "), "{text}");
    assert_eq!(text.matches('»').count(), 1, "{text}");
    assert!(text.contains(&format!("id {id}")), "{text}");
}

#[test]
fn show_of_an_unknown_article_or_paragraph_is_an_error() {
    let env = two_articles();
    let run = env.run(&["show", "no-such-id"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: no article \"no-such-id\""),
        "{}",
        run.stderr
    );
    let run = env.run(&["show", "wire-1", "-p", "9"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("has no paragraph 9"), "{}", run.stderr);
}

#[test]
fn context_shows_the_paragraphs_around_each_hit() {
    let env = Env::with_sample();
    let hit = |args: &[&str]| {
        let mut all = vec!["query", "Farag", "--json", "-n", "1"];
        all.extend_from_slice(args);
        env.run(&all).json()["hits"][0].clone()
    };
    let plain = hit(&[]);
    let p = plain["paragraph"].as_u64().unwrap();
    assert!(plain.get("context").is_none(), "{plain}");
    let with = hit(&["-C", "2"]);
    let around: Vec<u64> = with["context"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["paragraph"].as_u64().unwrap())
        .collect();
    let want: Vec<u64> = (p.saturating_sub(2).max(1)..=(p + 2).min(17))
        .filter(|&n| n != p)
        .collect();
    assert_eq!(around, want);
    // text: the hit marked among its neighbours
    let text = env.run(&["query", "Farag", "-n", "1", "-C", "1"]).stdout;
    assert!(text.contains(&format!("» ¶{p}")), "{text}");
    assert!(text.contains(&format!("¶{}", p - 1)), "{text}");
    assert!(text.contains(&format!("¶{}", p + 1)), "{text}");
}

#[test]
fn full_shows_whole_paragraphs_with_every_match_marked() {
    let env = Env::with_sample();
    // paragraph 1 is longer than a snippet
    let snippet = env.run(&["query", "Burns", "--json", "-n", "20"]).json();
    let full = env
        .run(&["query", "Burns", "--json", "-n", "20", "--full"])
        .json();
    let long = snippet["hits"]
        .as_array()
        .unwrap()
        .iter()
        .position(|h| h["text"].as_str().unwrap().len() > 260)
        .expect("a long paragraph");
    let cut = snippet["hits"][long]["snippet"].as_str().unwrap();
    let whole = full["hits"][long]["snippet"].as_str().unwrap();
    assert!(whole.len() > cut.len());
    assert!(!whole.contains('…'), "{whole}");
    assert_eq!(
        whole
            .replace("<b>", "")
            .replace("</b>", "")
            .replace("&quot;", "\""),
        full["hits"][long]["text"].as_str().unwrap()
    );
    assert!(whole.contains("<b>Burns</b>"), "{whole}");
}

#[test]
fn delete_removes_articles_and_says_which_were_not_there() {
    // both in one run, so in one segment: the delete marks paragraphs of a live segment
    let env = Env::new();
    let run = env.run(&[
        "ingest",
        sample().to_str().unwrap(),
        fixture("two_paragraphs.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let netanyahu = |env: &Env| {
        let names = env.run(&["names", "--kind", "person", "--json"]).json();
        names["person"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "Benjamin Netanyahu")
            .map(|e| e["count"].as_u64().unwrap())
            .unwrap_or(0)
    };
    let before = netanyahu(&env);
    assert_eq!(env.run(&["query", "constructive"]).code, 0);
    let run = env.run(&["delete", "wire-1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("deleted 1 article (2 paragraphs)"),
        "{}",
        run.stdout
    );
    let s = env.stats();
    assert_eq!(s["articles"], 1);
    assert_eq!(s["paragraphs"], 17);
    assert_eq!(env.run(&["query", "constructive"]).code, 1);
    // the archive's names follow: the wire story's Netanyahu paragraph is gone
    assert_eq!(netanyahu(&env), before - 1);
    // an unknown id: reported, exit 2, the others still deleted
    let id = sample_id(&env);
    let run = env.run_with_stdin(&["delete", "-"], Some(&format!("nope\n{id}\n")));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nope: no such article"),
        "{}",
        run.stderr
    );
    assert_eq!(env.stats()["paragraphs"], 0);
    assert_eq!(env.run(&["check"]).code, 0);
}
