#![allow(clippy::unwrap_used)] // test helpers may panic
//! Output for terminals and scripts: colour, wrapping, JSON Lines, CSV, completions, the
//! manual page, and how ingest reports problems.
mod common;

use common::{fixture, Env};

#[test]
fn jsonl_prints_one_hit_per_line_with_the_json_fields() {
    let env = Env::with_sample();
    let json = env.run(&["query", "hostages", "--json"]).json();
    let run = env.run(&["query", "hostages", "--jsonl"]);
    assert_eq!(run.code, 0);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines, *json["hits"].as_array().unwrap());
    // no hit: nothing printed, exit 1
    let none = env.run(&["query", "zeppelin", "--jsonl"]);
    assert_eq!((none.code, none.stdout.as_str()), (1, ""));
    // facets have no place in a line per hit
    assert_eq!(
        env.run(&["query", "hostages", "--jsonl", "--facets"]).code,
        2
    );
}

/// Splits one CSV record (RFC 4180, quoted fields) into its fields.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn csv_has_a_header_and_a_row_per_hit_quoted_safely() {
    let env = Env::new();
    let run = env.run_with_stdin(
        &["ingest", "-"],
        Some(concat!(
            r#"{"id":"q1","title":"=HYPERLINK(\"x\")","body":"He said \"hostages, all of them\" were freed in Gaza."}"#,
            "\n"
        )),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = env.run(&["query", "hostages", "--csv"]);
    assert_eq!(run.code, 0);
    let rows: Vec<&str> = run.stdout.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    let header = csv_fields(rows[0]);
    assert_eq!(header[0], "article_id");
    assert_eq!(header.last().unwrap(), "text");
    let row = csv_fields(rows[1]);
    assert_eq!(row.len(), header.len());
    let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(cell("article_id"), "q1");
    assert_eq!(cell("paragraph"), "1");
    assert_eq!(
        cell("text"),
        "He said \"hostages, all of them\" were freed in Gaza."
    );
    assert_eq!(cell("place"), "Gaza");
    // a title a spreadsheet would run as a formula is defused
    assert_eq!(cell("title"), "'=HYPERLINK(\"x\")");
}

#[test]
fn color_always_colours_through_a_pipe_and_never_does_not() {
    let env = Env::with_sample();
    // the runner sets NO_COLOR: auto stays plain, always overrides it
    let auto = env.run(&["query", "hostages"]);
    assert!(!auto.stdout.contains('\x1b'));
    assert!(auto.stdout.contains("[hostages]"), "{}", auto.stdout);
    let always = env.run(&["--color", "always", "query", "hostages"]);
    assert!(
        always.stdout.contains("\x1b[1;31mhostages\x1b[0m"),
        "{}",
        always.stdout
    );
    let never = env.run_with_env(
        &env.index(),
        &["query", "hostages", "--color", "never"],
        None,
        &[("NO_COLOR", "")],
    );
    assert!(!never.stdout.contains('\x1b'));
    let bad = env.run(&["query", "hostages", "--color", "sometimes"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn text_wraps_to_the_width_with_a_hanging_indent() {
    let env = Env::with_sample();
    let narrow = env.run_with_env(
        &env.index(),
        &["query", "Burns", "--full", "-n", "3"],
        None,
        &[("COLUMNS", "60")],
    );
    assert_eq!(narrow.code, 0);
    let mut body_lines = 0;
    for line in narrow.stdout.lines() {
        assert!(line.chars().count() <= 60, "{line:?}");
        if let Some(rest) = line.strip_prefix("     ") {
            body_lines += 1;
            assert!(!rest.starts_with(' '), "{line:?}");
        }
    }
    assert!(body_lines > 6, "{}", narrow.stdout);
    // without a width (a pipe), a paragraph stays on one line
    let wide = env.run(&["query", "Burns", "--full", "-n", "3"]);
    assert!(wide.stdout.lines().any(|l| l.chars().count() > 100));
    // the words are the same either way
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(&narrow.stdout), words(&wide.stdout));
}

#[test]
fn completions_and_the_manual_come_from_the_command_line_definition() {
    let env = Env::new();
    let bash = env.run(&["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(
        bash.stdout.contains("complete -F _newsindex"),
        "{}",
        bash.stdout
    );
    for word in ["ingest", "query", "show", "--person", "--jsonl"] {
        assert!(bash.stdout.contains(word), "completions lack {word}");
    }
    assert_eq!(env.run(&["completions", "zsh"]).code, 0);
    assert_eq!(env.run(&["completions", "fish"]).code, 0);
    assert_eq!(env.run(&["completions", "tcsh"]).code, 2);
    let man = env.run(&["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &man.stdout[..80]
    );
    assert!(
        man.stdout.contains(".TH newsindex 1"),
        "{}",
        &man.stdout[..200]
    );
    assert!(man.stdout.contains("ingest"));
}

#[test]
fn repeated_problems_are_grouped_and_empty_bodies_are_not_errors() {
    let env = Env::new();
    let file = env.path("feed.jsonl");
    let mut text = String::from("{\"id\":\"good\",\"body\":\"Talks in Cairo.\"}\n");
    for i in 0..40 {
        text.push_str(&format!("{{\"id\":\"e{i}\",\"body\":\"\"}}\n"));
    }
    std::fs::write(&file, &text).unwrap();
    let run = env.run(&["ingest", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "empty bodies are not errors: {}", run.stderr);
    let path = file.display().to_string();
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        vec![
            format!("{path}:2: note: empty body, nothing to index"),
            format!("40 inputs with nothing to index: empty body (first: {path}:2); --verbose lists them"),
        ],
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("skipped 0, empty 40"), "{}", run.stdout);
    let verbose = env.run(&["ingest", "--verbose", file.to_str().unwrap()]);
    assert_eq!(verbose.stderr.lines().count(), 40, "{}", verbose.stderr);
    let quiet = env.run(&["ingest", "--quiet", file.to_str().unwrap()]);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    // skipped input is still an error, grouped the same way, and named under --quiet
    std::fs::write(&file, "{bad\n{worse\n{\"id\":\"ok\",\"body\":\"Fine.\"}\n").unwrap();
    let quiet = env.run(&["ingest", "-q", file.to_str().unwrap()]);
    assert_eq!(quiet.code, 2);
    assert_eq!(quiet.stdout, "");
    assert_eq!(
        quiet.stderr.trim(),
        format!("2 inputs skipped: invalid JSON (first: {path}:1); --verbose lists them")
    );
}

#[test]
fn a_date_filter_on_an_index_without_dates_says_why_it_found_nothing() {
    let env = Env::with_sample();
    let run = env.run(&["query", "hostages", "--since", "2004-01-01"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("warning: no article in the index has a date"),
        "{}",
        run.stderr
    );
    let json = env
        .run(&["query", "hostages", "--since", "2004-01-01", "--json"])
        .json();
    assert!(json["warnings"][0].as_str().unwrap().contains("no article"));
    // with dated articles, no such warning, even when nothing matches
    let run = env.run(&["ingest", fixture("two_paragraphs.jsonl").to_str().unwrap()]);
    assert_eq!(run.code, 0);
    let run = env.run(&["query", "hostages", "--since", "2030-01-01"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
}
