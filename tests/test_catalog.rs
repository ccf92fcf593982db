//! The stored entity catalog: every read loads what the last write stored and never groups
//! names, parses the gazetteers or loads the model; a writer killed at any point leaves the
//! old catalog or the new one, never a mix.
//!
//! Reads are told apart by the trace log (`NEWSINDEX_TRACE=1`), not by how long they take.
#![allow(clippy::unwrap_used)] // test helpers may panic

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::Env;
use serde_json::Value;

const PEOPLE: &[&str] = &[
    "Gordon Brown",
    "Angela Merkel",
    "Jacques Chirac",
    "Kofi Annan",
    "Condoleezza Rice",
];
const PLACES: &[&str] = &["Paris", "Berlin", "London", "Baghdad", "Tehran"];
const ORGS: &[&str] = &["the United Nations", "the European Union", "Nato"];

/// `n` articles (ids `{prefix}-N`), each with two paragraphs naming people, places and
/// organizations.
fn corpus(env: &Env, name: &str, prefix: &str, n: usize) -> PathBuf {
    let mut text = String::new();
    for i in 0..n {
        let (p, q) = (PEOPLE[i % PEOPLE.len()], PEOPLE[(i + 2) % PEOPLE.len()]);
        let (place, org) = (PLACES[i % PLACES.len()], ORGS[i % ORGS.len()]);
        let surname = p.rsplit(' ').next().unwrap();
        let body = format!(
            "{p} met {q} in {place} on Monday for talks on the budget with {org}.\n\n\
             {surname} said the talks in {place} had gone well, and {q} agreed."
        );
        let line = serde_json::json!({
            "id": format!("{prefix}-{i}"),
            "title": format!("Talks in {place}"),
            "date": "2005-03-01",
            "body": body,
        });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Steps that a read must never take, as the trace log names them.
const NEVER_ON_READ: &[&str] = &[
    "trace: names grouped",
    "trace: gazetteer parsed",
    "trace: model loaded",
    "trace: catalog built",
];

/// Runs a command with the trace log on.
fn traced(env: &Env, index: &Path, args: &[&str]) -> common::Run {
    env.run_with_env(index, args, None, &[("NEWSINDEX_TRACE", "1")])
}

/// Every read command loads the stored catalog and takes none of the steps of a write.
fn assert_reads_load_the_catalog(env: &Env, article: &str) {
    let reads: &[&[&str]] = &[
        &["query", "talks", "--facets", "--json"],
        &["query", "--person", "Brown", "--json"],
        &["query", "--place", "Paris", "--org", "UN", "--json"],
        &["entities", "--json"],
        &["entities", "--kind", "person", "--query", "talks", "--json"],
        &["names", "--json"],
        &["list", "-n", "3", "--json"],
        &["stats", "--json"],
        &["show", article, "--json"],
    ];
    for args in reads {
        let run = traced(env, &env.index(), args);
        assert!(run.code <= 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("trace: catalog loaded"),
            "{args:?} did not load the stored catalog: {}",
            run.stderr
        );
        for step in NEVER_ON_READ {
            assert!(
                !run.stderr.contains(step),
                "{args:?} took a write's step ({step}): {}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("note:"), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn reads_load_the_stored_catalog_after_every_kind_of_write() {
    let env = Env::new();
    let first = corpus(&env, "a.jsonl", "a", 40);
    let run = env.run(&["ingest", first.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_reads_load_the_catalog(&env, "a-3");

    let run = env.run(&["delete", "a-1", "a-2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_reads_load_the_catalog(&env, "a-3");
    assert_eq!(env.stats()["articles"], 38);

    let names = env.path("names.tsv");
    std::fs::write(&names, "rename\tperson\tGordon Brown\tJames Gordon Brown\n").unwrap();
    let run = env.run(&["names", "apply", names.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_reads_load_the_catalog(&env, "a-3");
    let hits = env.run(&["query", "--person", "Brown", "--json"]).json();
    assert_eq!(
        hits["filters"][0]["matches"][0]["name"],
        "James Gordon Brown"
    );

    let second = corpus(&env, "b.jsonl", "b", 25);
    let run = env.run(&["ingest", second.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_reads_load_the_catalog(&env, "b-3");
    assert_eq!(env.stats()["articles"], 63);
    let hits = env.run(&["query", "--person", "Brown", "--json"]).json();
    assert_eq!(
        hits["filters"][0]["matches"][0]["name"], "James Gordon Brown",
        "corrections apply again after an ingest"
    );
}

#[test]
fn a_missing_or_damaged_catalog_is_said_once_and_check_stores_it_again() {
    let env = Env::new();
    let file = corpus(&env, "a.jsonl", "a", 20);
    assert_eq!(env.run(&["ingest", file.to_str().unwrap()]).code, 0);
    let stored = env.run(&["query", "talks", "--facets", "--json"]).json();
    let catalog = env.index().join("entities.bin");

    // an index of an older newsindex, or whose catalog was deleted
    std::fs::remove_file(&catalog).unwrap();
    let run = traced(
        &env,
        &env.index(),
        &["query", "talks", "--facets", "--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["facets"], stored["facets"], "the same answer");
    assert!(
        run.stderr.contains("trace: catalog built"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("note: ").count(),
        1,
        "said once: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("has no stored entity catalog"),
        "{}",
        run.stderr
    );
    let check = env.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("entities.bin: rebuilt from the segments"),
        "{}",
        check.stdout
    );
    assert_reads_load_the_catalog(&env, "a-1");

    // bytes changed in place: named as damaged, never read; `check` rebuilds it
    let mut bytes = std::fs::read(&catalog).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&catalog, &bytes).unwrap();
    let run = env.run(&["query", "talks", "--facets", "--json"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("entities.bin has changed since it was written"),
        "{}",
        run.stderr
    );
    let check = env.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("entities.bin: rebuilt"),
        "{}",
        check.stdout
    );
    let again = env.run(&["query", "talks", "--facets", "--json"]).json();
    assert_eq!(again["facets"], stored["facets"]);
    assert_reads_load_the_catalog(&env, "a-1");
}

#[test]
fn a_copied_index_is_verified_once_then_read_at_the_cost_of_a_stat() {
    let env = Env::new();
    let file = corpus(&env, "a.jsonl", "a", 20);
    assert_eq!(env.run(&["ingest", file.to_str().unwrap()]).code, 0);
    let copy = env.path("copy");
    copy_dir(&env.index(), &copy); // new modification times on every file
    let manifest = std::fs::read_to_string(copy.join("newsindex.files")).unwrap();
    let first = env.run_at(&copy, &["query", "talks", "--facets", "--json"], None);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let recorded = std::fs::read_to_string(copy.join("newsindex.files")).unwrap();
    assert_ne!(
        recorded, manifest,
        "the first read records the copy's files"
    );
    assert!(recorded.contains("entities.bin\t"), "{recorded}");
    let second = env.run_at(&copy, &["query", "talks", "--facets", "--json"], None);
    assert_eq!(second.json()["facets"], first.json()["facets"]);
    assert_eq!(
        std::fs::read_to_string(copy.join("newsindex.files")).unwrap(),
        recorded,
        "and later reads do not write"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The facets and total of a query that matches every article.
fn facets(env: &Env, index: &Path) -> Value {
    let run = env.run_at(
        index,
        &[
            "query",
            "talks",
            "--facets",
            "--facet-limit",
            "100",
            "--json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    serde_json::json!({"total": json["total"], "facets": json["facets"]})
}

/// The same, with the catalog built anew from the segments (what a stored catalog must
/// agree with).
fn facets_rebuilt(env: &Env, index: &Path) -> Value {
    let fresh = env.path("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    copy_dir(index, &fresh);
    let _ = std::fs::remove_file(fresh.join("entities.bin"));
    facets(env, &fresh)
}

/// Starts `newsindex --index INDEX ARGS...` and kills it (SIGKILL) after `after`.
fn kill_after(index: &Path, args: &[&str], after: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .arg("--index")
        .arg(index)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    child.wait().unwrap();
}

/// Points at which writers are killed, for a writer that takes about `span` (a debug
/// build on a 2-core machine): from before it opens the index to after it ends.
fn kill_points(span: Duration) -> impl Iterator<Item = Duration> {
    [
        0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.22, 0.3, 0.4, 0.55, 0.7, 0.85, 1.0, 1.3,
    ]
    .into_iter()
    .map(move |f| span.mul_f64(f))
}

#[test]
fn a_killed_names_apply_leaves_the_old_entities_or_the_new() {
    let env = Env::new();
    let file = corpus(&env, "a.jsonl", "a", 60);
    assert_eq!(env.run(&["ingest", file.to_str().unwrap()]).code, 0);
    let names = env.path("names.tsv");
    std::fs::write(
        &names,
        "rename\tperson\tAngela Merkel\tChancellor Merkel\nmerge\tperson\tKofi Annan\tGordon Brown\n",
    )
    .unwrap();
    let before = facets(&env, &env.index());
    let done = env.path("done");
    copy_dir(&env.index(), &done);
    let run = env.run_at(&done, &["names", "apply", names.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = facets(&env, &done);
    assert_ne!(before, after);
    let work = env.path("work");
    for point in kill_points(Duration::from_millis(500)) {
        let _ = std::fs::remove_dir_all(&work);
        copy_dir(&env.index(), &work);
        kill_after(&work, &["names", "apply", names.to_str().unwrap()], point);
        let seen = facets(&env, &work);
        assert!(
            seen == before || seen == after,
            "killed after {point:?}: {seen}"
        );
        // the next write keeps what the killed one stored, or makes it whole
        let run = env.run_at(&work, &["names", "apply", names.to_str().unwrap()], None);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(facets(&env, &work), after, "killed after {point:?}");
    }
}

#[test]
fn a_killed_delete_leaves_the_old_entities_or_the_new() {
    let env = Env::new();
    let file = corpus(&env, "a.jsonl", "a", 60);
    assert_eq!(env.run(&["ingest", file.to_str().unwrap()]).code, 0);
    let gone = ["a-0", "a-5", "a-10", "a-15", "a-20", "a-25"];
    let before = facets(&env, &env.index());
    let done = env.path("done");
    copy_dir(&env.index(), &done);
    let mut args = vec!["delete"];
    args.extend(gone);
    assert_eq!(env.run_at(&done, &args, None).code, 0);
    let after = facets(&env, &done);
    assert_ne!(before, after);
    let work = env.path("work");
    for point in kill_points(Duration::from_millis(500)) {
        let _ = std::fs::remove_dir_all(&work);
        copy_dir(&env.index(), &work);
        kill_after(&work, &args, point);
        let seen = facets(&env, &work);
        assert!(
            seen == before || seen == after,
            "killed after {point:?}: {seen}"
        );
    }
}

#[test]
fn a_killed_ingest_leaves_a_catalog_that_agrees_with_its_segments() {
    let env = Env::new();
    let first = corpus(&env, "a.jsonl", "a", 30);
    assert_eq!(env.run(&["ingest", first.to_str().unwrap()]).code, 0);
    let second = corpus(&env, "b.jsonl", "b", 400);
    let work = env.path("work");
    for point in kill_points(Duration::from_millis(1800)) {
        let _ = std::fs::remove_dir_all(&work);
        copy_dir(&env.index(), &work);
        kill_after(
            &work,
            &["ingest", second.to_str().unwrap(), "--commit-every", "100"],
            point,
        );
        assert_eq!(
            facets(&env, &work),
            facets_rebuilt(&env, &work),
            "killed after {point:?}"
        );
    }
}
