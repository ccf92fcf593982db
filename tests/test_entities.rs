#![allow(clippy::unwrap_used)] // test helpers may panic
mod common;

use common::Env;

#[test]
fn top_entities_for_the_index_and_for_a_query() {
    let env = Env::with_sample();
    let doc = env.run(&["entities", "--json"]).json();
    assert_eq!(doc["paragraphs"], 17);
    assert_eq!(doc["place"][0]["name"], "Israel");
    assert_eq!(doc["org"][0]["name"], "Hamas");
    let people: Vec<&str> = doc["person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        people.contains(&"William J. Burns") && people.contains(&"Benjamin Netanyahu"),
        "{people:?}"
    );

    let doc = env
        .run(&[
            "entities", "--kind", "place", "--query", "hostages", "--limit", "2", "--json",
        ])
        .json();
    assert!(doc.get("person").is_none() && doc.get("org").is_none());
    let places = doc["place"].as_array().unwrap();
    assert_eq!(places.len(), 2);
    assert_eq!(places[0]["name"], "Israel");
    assert_eq!(places[0]["count"], 4);
    assert_eq!(doc["paragraphs"], 5);
}

#[test]
fn text_listing() {
    let env = Env::with_sample();
    let run = env.run(&["entities", "--kind", "org"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("over 17 paragraphs\n\norg\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Hamas"));
}

#[test]
fn stats_text() {
    let env = Env::with_sample();
    let run = env.run(&["stats"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("articles    1\nparagraphs  17\n"),
        "{}",
        run.stdout
    );
}
