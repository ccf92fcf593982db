#![allow(clippy::unwrap_used)] // test helpers may panic
mod common;

use common::{sample, Env};

#[test]
fn extract_prints_one_json_line_per_paragraph_with_valid_spans() {
    let env = Env::new();
    let run = env.run(&["extract", sample().to_str().unwrap(), "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 17);
    let mut total = 0;
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["paragraph"], i as u64 + 1);
        let text = line["text"].as_str().unwrap();
        for e in line["entities"].as_array().unwrap() {
            let (start, end) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], e["mention"].as_str().unwrap());
            assert!(["person", "place", "org"].contains(&e["kind"].as_str().unwrap()));
            total += 1;
        }
    }
    assert!(total > 40, "only {total} mentions");
    // paragraph 2 names three people and four places
    let p2 = &lines[1]["entities"];
    let names = |kind: &str| -> Vec<String> {
        let mut v: Vec<String> = p2
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == kind)
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(
        names("person"),
        vec![
            "Abbas Kamel",
            "David Barnea",
            "Mohammed bin Abdulrahman Al Thani",
            "William J. Burns"
        ]
    );
    assert_eq!(names("place"), vec!["Egypt", "Europe", "Israel", "Qatar"]);
    // extract never creates an index
    assert!(!env.index().exists());
}

#[test]
fn extract_text_lists_entities_per_paragraph() {
    let env = Env::new();
    let run = env.run(&["extract", sample().to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("¶17  person Susannah George; person Karen DeYoung; org The Washington Post"),
        "{}",
        run.stdout
    );
}

#[test]
fn missing_path_is_reported_and_exit_2() {
    let env = Env::new();
    let missing = env.path("nope.txt");
    let run = env.run(&["extract", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        format!("{}: no such file or directory", missing.display())
    );
}

/// A JSON Lines file of `n` varied articles, with a bad line among them.
fn many_articles(env: &Env, n: usize) -> std::path::PathBuf {
    let names = [
        "Benjamin Netanyahu",
        "Samir Farag",
        "Karen DeYoung",
        "William J. Burns",
    ];
    let places = ["Cairo", "Doha", "Gaza", "Paris", "Reading"];
    let mut text = String::new();
    for i in 0..n {
        let body = format!(
            "{} met officials in {} on day {i}.\\n\\n{} said the talks with the United Nations went on.",
            names[i % names.len()],
            places[i % places.len()],
            names[(i + 1) % names.len()].split(' ').next_back().unwrap()
        );
        text.push_str(&format!("{{\"id\":\"a{i}\",\"body\":\"{body}\"}}\n"));
        if i == n / 2 {
            text.push_str("{not json\n");
        }
    }
    let path = env.path("many.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn threads_give_the_same_output_in_the_same_order() {
    let env = Env::new();
    let input = many_articles(&env, 3000);
    let one = env.run(&["extract", "--json", "-j", "1", input.to_str().unwrap()]);
    let four = env.run(&["extract", "--json", "-j", "4", input.to_str().unwrap()]);
    assert_eq!(one.code, 2, "the bad line is reported: {}", one.stderr);
    assert_eq!(four.code, 2);
    assert_eq!(one.stderr, four.stderr);
    assert_eq!(one.stdout.lines().count(), 6000);
    assert!(one.stdout == four.stdout, "outputs differ");
    // and ingest with several threads indexes the same
    let run = env.run(&["ingest", "-j", "3", input.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let s = env.stats();
    assert_eq!(
        (s["articles"].as_u64(), s["paragraphs"].as_u64()),
        (Some(3000), Some(6000))
    );
}
