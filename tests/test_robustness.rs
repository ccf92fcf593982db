//! Bad input, concurrent writers and killed runs: clear messages, nothing lost.
#![allow(clippy::unwrap_used)] // test helpers may panic
mod common;

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{sample, Env};

fn write(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

/// A JSON Lines corpus of `n` two-paragraph articles.
fn corpus(env: &Env, name: &str, n: usize) -> std::path::PathBuf {
    let path = env.path(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..n {
        writeln!(
            f,
            "{{\"id\":\"a{i}\",\"body\":\"Officials in Cairo met on day {i} to discuss the talks with Qatar.\\n\\nPrime Minister Benjamin Netanyahu said item {i} was pending.\"}}"
        )
        .unwrap();
    }
    path
}

fn spawn_ingest(env: &Env, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .arg("--index")
        .arg(env.index())
        .arg("ingest")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_messy_directory_reports_each_bad_file_and_indexes_the_good_ones() {
    let env = Env::new();
    let dir = env.path("archive");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sample(), dir.join("good.txt")).unwrap();
    write(&dir.join("binary.txt"), b"GIF89a\x00\x01\x02junk");
    write(
        &dir.join("latin1.txt"),
        b"Caf\xe9 owners in Lyon met the mayor.\n\nThey were \x93pleased\x94.\n",
    );
    write(&dir.join("empty.md"), b"");
    write(
        &dir.join("feed.jsonl"),
        b"{\"id\":\"f1\",\"body\":\"First good article.\"}\n{\"id\":\"f2\",\"body\":\"trunc\n{\"id\":\"f3\",\"text\":\"Third good one.\"}\n{\"id\":\"f4\"}\n",
    );
    write(&dir.join("notes.pdf"), b"%PDF-1.4");
    let run = env.run(&["ingest", dir.to_str().unwrap()]);
    assert_eq!(
        run.code, 2,
        "skipped input must give exit 2\n{}",
        run.stderr
    );
    let d = dir.display().to_string();
    let expect = [
        format!("{d}/binary.txt: binary file (contains NUL bytes)"),
        format!("{d}/empty.md: note: empty file, nothing to index"),
        format!("{d}/feed.jsonl:2: invalid JSON"),
        format!("{d}/feed.jsonl:4: no \"body\" or \"text\" string"),
        format!("{d}/latin1.txt: warning: not valid UTF-8 (first bad byte at offset 3), read as Windows-1252"),
        format!("{d}/notes.pdf: unsupported file type"),
    ];
    for e in &expect {
        assert_eq!(
            run.stderr.matches(e.as_str()).count(),
            1,
            "want once: {e}\nstderr:\n{}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.lines().count(), expect.len(), "{}", run.stderr);
    assert!(
        run.stdout.contains("skipped 4, warnings 1, empty 1"),
        "{}",
        run.stdout
    );
    let s = env.stats();
    assert_eq!(s["articles"], 4); // good.txt, latin1.txt, f1, f3
    let hit = env.run(&["query", "café", "--json"]).json();
    assert_eq!(hit["total"], 1);
    assert!(hit["hits"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Café owners"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_missing_paths_are_reported_once() {
    let env = Env::new();
    let dir = env.path("loop");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sample(), dir.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
    let missing = env.path("missing.jsonl");
    let run = env.run(&["ingest", dir.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.matches("symlink loop").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains(&format!("{}: no such file or directory", missing.display())));
    assert_eq!(env.stats()["articles"], 1);
}

#[test]
fn an_oversized_paragraph_is_split_with_a_warning() {
    let env = Env::new();
    let path = env.path("huge.jsonl");
    let body = "Reporters in Cairo wrote a very long line. ".repeat(80_000); // ~3.4 MB, one line
    write(
        &path,
        format!("{}\n", serde_json::json!({"id": "huge", "body": body})).as_bytes(),
    );
    let run = env.run(&["ingest", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("huge.jsonl:1: warning: 1 paragraph(s) longer than 100 KB split into pieces"),
        "{}",
        run.stderr
    );
    let s = env.stats();
    assert_eq!(s["articles"], 1);
    assert!(s["paragraphs"].as_u64().unwrap() >= 34, "{s}");
    assert_eq!(
        env.paragraphs(&["--place", "Cairo"]).len() as u64,
        s["paragraphs"].as_u64().unwrap()
    );
}

#[test]
fn broken_index_directories_are_one_line_errors() {
    let env = Env::new();
    std::fs::create_dir_all(env.index()).unwrap();
    write(&env.index().join("something.txt"), b"not an index");
    let run = env.run(&["stats"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1);
    assert!(
        run.stderr.contains("is not a newsindex index"),
        "{}",
        run.stderr
    );
    let run = env.run(&["ingest", sample().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("exists and is not empty but holds no index"),
        "{}",
        run.stderr
    );

    let env = Env::with_sample();
    write(
        &env.index().join("newsindex.json"),
        b"{\"schema_version\": 999}\n",
    );
    let run = env.run(&["query", "hostages"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("schema version 999")
            && run.stderr.contains("delete the directory and ingest again"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_second_writer_is_refused_and_the_first_finishes_whole() {
    let env = Env::new();
    let big = corpus(&env, "big.jsonl", 30_000);
    let small = corpus(&env, "small.jsonl", 3);
    let mut first = spawn_ingest(&env, &[big.to_str().unwrap()]);
    // wait until the first run has created the index and holds the writer lock
    let deadline = Instant::now() + Duration::from_secs(60);
    while !env.index().join(".tantivy-writer.lock").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first ingest ended before the test could race it"
    );
    let second = env.run(&["ingest", small.to_str().unwrap()]);
    assert_eq!(second.code, 2);
    assert!(
        second
            .stderr
            .contains("is being written by another process"),
        "{}",
        second.stderr
    );
    assert_eq!(second.stderr.lines().count(), 1);
    let status = first.wait().unwrap();
    assert!(status.success());
    let s = env.stats();
    assert_eq!(s["articles"], 30_000);
    assert_eq!(s["paragraphs"], 60_000);
}

#[cfg(unix)]
#[test]
fn a_killed_ingest_keeps_its_last_commit_and_a_later_ingest_completes() {
    let env = Env::new();
    let big = corpus(&env, "big.jsonl", 30_000);
    let mut run = spawn_ingest(&env, &[big.to_str().unwrap(), "--commit-every", "2000"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut committed = 0;
    while Instant::now() < deadline {
        if env.index().join("meta.json").exists() {
            let s = env.run(&["stats", "--json"]);
            if s.code == 0 {
                committed = s.json()["articles"].as_u64().unwrap();
                if committed > 0 {
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(committed > 0, "no commit seen");
    assert!(
        run.try_wait().unwrap().is_none(),
        "ingest finished before it could be killed"
    );
    run.kill().unwrap(); // SIGKILL
    run.wait().unwrap();
    let s = env.stats();
    let articles = s["articles"].as_u64().unwrap();
    assert!(articles >= committed && articles < 30_000, "{s}");
    assert_eq!(
        s["paragraphs"].as_u64().unwrap(),
        2 * articles,
        "only whole articles: {s}"
    );
    assert_eq!(env.run(&["query", "pending"]).code, 0);
    // the lock of the killed process does not block the next run, which completes the index
    let again = env.run(&["ingest", big.to_str().unwrap()]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let s = env.stats();
    assert_eq!(s["articles"], 30_000);
    assert_eq!(s["paragraphs"], 60_000);
}
