//! The breaks an adversarial run found, each rebuilt: the program answers with a clear
//! one-line error or the right answer, never a panic, a hang or silent corruption.
#![allow(clippy::unwrap_used)] // test helpers may panic
mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{sample, Env, Run};

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

/// A one-line error with exit 2 that says `what`, and no panic.
fn assert_error(run: &Run, what: &str) {
    assert_eq!(run.code, 2, "stdout {} stderr {}", run.stdout, run.stderr);
    assert!(run.stderr.contains(what), "{what:?} not in {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn dates_the_index_cannot_hold_are_refused_and_bounds_beyond_them_match_nothing() {
    let env = Env::new();
    let input = env.path("dates.jsonl");
    write(
        &input,
        b"{\"id\":\"old\",\"date\":\"1492-10-12\",\"text\":\"Columbus sailed.\"}\n\
          {\"id\":\"far\",\"date\":\"2500-01-01\",\"text\":\"Columbus returned.\"}\n\
          {\"id\":\"ok\",\"date\":\"1987-02-26\",\"text\":\"Columbus Day.\"}\n",
    );
    let run = env.run(&["ingest", "--verbose", input.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("dates.jsonl:1: warning: date \"1492-10-12\" is outside")
            && run.stderr.contains("dates.jsonl:2: warning"),
        "{}",
        run.stderr
    );
    let hits = env.run(&["query", "Columbus", "--json"]).json();
    let mut dates: Vec<(String, serde_json::Value)> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["article_id"].as_str().unwrap().to_string(),
                h["date"].clone(),
            )
        })
        .collect();
    dates.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        dates,
        vec![
            ("far".into(), serde_json::Value::Null),
            ("ok".into(), "1987-02-26".into()),
            ("old".into(), serde_json::Value::Null),
        ],
        "no date is stored wrapped around"
    );
    for (flag, date) in [("--since", "2300-01-01"), ("--until", "1600-01-01")] {
        let run = env.run(&["query", "Columbus", flag, date]);
        assert_eq!(run.code, 1, "{flag} {date} matches nothing: {}", run.stdout);
    }
    assert_eq!(
        env.paragraphs(&["Columbus", "--since", "1600-01-01"]).len(),
        1
    );
    assert_eq!(
        env.paragraphs(&["Columbus", "--until", "2300-01-01"]).len(),
        1
    );
}

/// Runs the binary as another user (nobody) when the tests run as root.
fn run_as_other_user(index: &Path, args: &[&str]) -> Run {
    let mut cmd = common::as_other_user();
    let out = cmd
        .arg("--index")
        .arg(index)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    out.into()
}

#[cfg(unix)]
#[test]
fn an_index_its_reader_cannot_write_answers_queries() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with_sample();
    let mode = |m: u32| {
        for dir in [env.dir.path(), env.index().as_path()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(m)).unwrap();
        }
    };
    // readable and searchable by everyone, writable by no other user (and, not as root,
    // by no one); the readers' lock file is there, from the ingest
    assert!(env.index().join(".tantivy-meta.lock").exists());
    mode(0o555);
    let run = run_as_other_user(&env.index(), &["query", "hostages", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["total"], 5);
    // and without it: a reader cannot create it
    mode(0o755);
    std::fs::remove_file(env.index().join(".tantivy-meta.lock")).unwrap();
    mode(0o555);
    let run = run_as_other_user(&env.index(), &["stats", "--json"]);
    mode(0o755);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["paragraphs"], 17);
}

#[test]
fn user_numbers_are_bounded_with_one_line_errors() {
    let env = Env::with_sample();
    let rows: &[(&[&str], &str)] = &[
        (
            &["query", "oil", "--limit", "18446744073709551615"],
            "--limit",
        ),
        (
            &["query", "oil", "--limit", "576460752303423487"],
            "--limit",
        ),
        (&["query", "oil", "--offset", "99999999999"], "--offset"),
        (
            &["query", "oil", "--facets", "--facet-limit", "100000000"],
            "--facet-limit",
        ),
        (&["entities", "--limit", "100000000"], "--limit"),
        (&["ingest", "x.txt", "--threads", "1000"], "--threads"),
        (&["ingest", "x.txt", "--threads", "0"], "--threads"),
        (&["ingest", "x.txt", "--memory", "99999999999"], "--memory"),
        (
            &["ingest", "x.txt", "--commit-every", "0"],
            "--commit-every",
        ),
    ];
    for (args, flag) in rows {
        let run = env.run(args);
        assert_error(&run, flag);
        assert!(run.stderr.contains("is not in"), "{}", run.stderr);
    }
    // the largest values allowed work
    let run = env.run(&["query", "hostages", "--limit", "10000", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["hits"].as_array().unwrap().len(), 5);
}

#[test]
fn deep_or_huge_queries_are_bad_queries() {
    let env = Env::with_sample();
    let deep = format!("{}hostages{}", "(".repeat(100), ")".repeat(100));
    let run = env.run(&["query", &deep]);
    assert_error(&run, "bad query");
    assert!(run.stderr.contains("nested 100 deep"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
    let deeper = format!("{}hostages{}", "(".repeat(8400), ")".repeat(8400));
    assert_error(&env.run(&["query", &deeper]), "bad query");
    let huge = "hostages ".repeat(5000);
    assert_error(&env.run(&["query", &huge]), "longer than the 16 KB allowed");
    // a reasonable nesting still works
    let run = env.run(&["query", "((hostages OR captives) AND (Hamas))"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // any value of a text field is refused with a reason; of an entity kind it works
    assert_error(&env.run(&["query", "title:*"]), "not supported");
    assert_eq!(env.run(&["query", "person:*"]).code, 0);
}

#[test]
fn a_names_file_is_bounded_and_may_start_with_a_byte_order_mark() {
    let env = Env::new();
    let article = env.path("a.txt");
    write(&article, b"Jane Roe met officials.\n");
    let names = env.path("names.tsv");
    write(&names, b"\xef\xbb\xbfperson\tJane Roe\tRoe\n");
    let run = env.run(&[
        "extract",
        article.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("person Jane Roe"), "{}", run.stdout);
    #[cfg(unix)]
    {
        let run = env.run(&["extract", article.to_str().unwrap(), "--names", "/dev/zero"]);
        assert_error(&run, "larger than 64 MB");
    }
}

#[test]
fn a_very_long_id_gets_a_key_and_never_duplicates() {
    let env = Env::new();
    let id = "x".repeat(70_000);
    let input = env.path("long.jsonl");
    write(
        &input,
        format!("{{\"id\":\"{id}\",\"body\":\"First paragraph.\\n\\nSecond paragraph.\"}}\n")
            .as_bytes(),
    );
    for _ in 0..2 {
        let run = env.run(&["ingest", input.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let s = env.stats();
    assert_eq!(
        (s["articles"].as_u64(), s["paragraphs"].as_u64()),
        (Some(1), Some(2))
    );
    let hit = &env.run(&["query", "First", "--json"]).json()["hits"][0];
    let key = hit["article_id"].as_str().unwrap();
    assert!(key.len() < 100 && key.starts_with("xxxx"), "{key}");
    assert_eq!(hit["original_id"].as_str(), Some(id.as_str()));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_a_folder_is_skipped_not_waited_for() {
    let env = Env::new();
    let dir = env.path("in");
    std::fs::create_dir_all(&dir).unwrap();
    write(&dir.join("a.txt"), b"Officials met in Cairo.\n");
    let made = Command::new("mkfifo")
        .arg(dir.join("b.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsindex"))
        .arg("--index")
        .arg(env.index())
        .arg("ingest")
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("ingest waited on the pipe");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("b.txt: not a regular file"), "{stderr}");
    assert_eq!(env.stats()["articles"], 1);
}

#[test]
fn changed_or_missing_index_files_are_named_not_answered_from() {
    let env = Env::with_sample();
    let ok = env.run(&["check"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(ok.stdout.contains(": ok"), "{}", ok.stdout);
    // bytes of a segment file overwritten in place, as a disk or a careless tool might
    let store = std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    let mut bytes = std::fs::read(&store).unwrap();
    for b in &mut bytes[10..30] {
        *b ^= 0x5a;
    }
    std::thread::sleep(Duration::from_millis(20)); // a later modification time
    write(&store, &bytes);
    for args in [&["query", "hostages"][..], &["stats"], &["entities"]] {
        let run = env.run(args);
        assert_error(&run, "check");
        assert!(run.stderr.contains(".store has changed"), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1);
    }
    let check = env.run(&["check", "--json"]);
    assert_eq!(check.code, 2);
    let report = check.json();
    let damaged = report["damaged"].as_array().unwrap();
    assert_eq!(damaged.len(), 1);
    assert!(damaged[0].as_str().unwrap().ends_with(".store"));

    // a segment file deleted
    let env = Env::with_sample();
    let idx = std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    std::fs::remove_file(idx).unwrap();
    assert_error(&env.run(&["query", "hostages"]), "newsindex --index");
    assert_eq!(env.run(&["check"]).code, 2);
}

#[test]
fn two_processes_creating_one_index_never_see_half_an_index() {
    let env = Env::new();
    for round in 0..4 {
        let index = env.path(&format!("race{round}"));
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_newsindex"))
                .arg("--index")
                .arg(&index)
                .arg("ingest")
                .arg(sample())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let mut codes = Vec::new();
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(
                out.status.success() || stderr.contains("is being written by another process"),
                "{stderr}"
            );
            codes.push(out.status.code());
        }
        assert!(codes.contains(&Some(0)));
        let stats = env.run_at(&index, &["stats", "--json"], None);
        assert_eq!(stats.json()["paragraphs"], 17);
    }
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".new-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    let env = Env::new();
    let input = env.path("evil.jsonl");
    write(
        &input,
        b"{\"id\":\"e\",\"title\":\"\\u001b]0;pwned\\u0007Title\",\"body\":\"Officials \\u001b[2J\\u001b[31mwarned\\u009b1m of talks.\"}\n",
    );
    assert_eq!(env.run(&["ingest", input.to_str().unwrap()]).code, 0);
    for args in [
        &["query", "officials"][..],
        &["extract", input.to_str().unwrap()],
    ] {
        let run = env.run(args);
        assert!(
            run.stdout.contains("Officials") || run.stdout.contains("Title"),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
        assert!(!run.stdout.contains('\u{7}') && !run.stdout.contains('\u{9b}'));
        assert!(
            run.stdout.contains('\u{241b}'),
            "ESC shown as ␛: {:?}",
            run.stdout
        );
    }
    // JSON keeps the text as it is (escaped by JSON itself)
    let json = env.run(&["query", "officials", "--json"]).json();
    assert!(json["hits"][0]["text"]
        .as_str()
        .unwrap()
        .contains("\u{1b}[2J"));
}

#[test]
fn json_lines_with_old_mac_line_ends_are_read_line_by_line() {
    let env = Env::new();
    let input = env.path("cr.jsonl");
    write(
        &input,
        b"{\"id\":\"1\",\"body\":\"One about Cairo.\"}\r{\"id\":\"2\",\"body\":\"Two about Doha.\"}\r{broken\r",
    );
    let run = env.run(&["ingest", input.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cr.jsonl:3: invalid JSON"),
        "{}",
        run.stderr
    );
    assert_eq!(env.stats()["articles"], 2);
}

/// A tmpfs of `mb` megabytes mounted at `dir`, unmounted on drop; `None` where this
/// process may not mount (not root, or no mount namespace of its own).
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, mb: u32) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        ok.then(|| SmallDisk(dir.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_named_and_leaves_the_last_commit_and_no_debris() {
    let env = Env::new();
    let Some(disk) = SmallDisk::mount(&env.path("disk"), 3) else {
        // CI runs as root and sets this, so that the test cannot go quiet there
        assert!(
            std::env::var_os("NEWSINDEX_REQUIRE_MOUNT").is_none(),
            "NEWSINDEX_REQUIRE_MOUNT is set but this process cannot mount a small file system"
        );
        eprintln!("skipped: this process cannot mount a small file system");
        return;
    };
    let index = disk.0.join("index");
    let first = env.run_at(&index, &["ingest", sample().to_str().unwrap()], None);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let big = env.path("big.jsonl");
    // words that do not compress: a linear congruential sequence written in hex
    let mut x: u64 = 1;
    let mut text = String::new();
    for i in 0..4000 {
        let words: Vec<String> = (0..60)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                format!("w{:x}", x >> 24)
            })
            .collect();
        text.push_str(&format!(
            "{{\"id\":\"b{i}\",\"body\":\"Paragraph {i} in Cairo: {}.\"}}\n",
            words.join(" ")
        ));
    }
    write(&big, text.as_bytes());
    let run = env.run_at(&index, &["ingest", big.to_str().unwrap()], None);
    assert_error(&run, "no space left on device");
    assert!(
        run.stderr.contains("keeps its last commit"),
        "{}",
        run.stderr
    );
    let stats = env.run_at(&index, &["stats", "--json"], None);
    assert_eq!(stats.json()["paragraphs"], 17, "{}", stats.stderr);
    // the segments the failed run began were removed
    let segment_files = std::fs::read_dir(&index)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".store")
        })
        .count();
    let committed = std::fs::read_to_string(index.join("meta.json")).unwrap();
    assert_eq!(segment_files, committed.matches("\"segment_id\"").count());

    // the disk filled to the last byte: delete and names apply say so in one line and
    // leave what was there, and no half-written file
    let filler = disk.0.join("filler");
    {
        use std::io::Write as _;
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0x5au8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let mut byte = [0u8; 1];
        while f.write_all(&byte).is_ok() {
            byte[0] ^= 1;
        }
    }
    let article = env.run_at(&index, &["list"], None).stdout;
    let id = article.split('\t').next().unwrap().to_string();
    let run = env.run_at(&index, &["delete", &id], None);
    assert_error(&run, "no space left on device");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.len() < 400, "a short message: {}", run.stderr);
    let fixes = env.path("fixes.tsv");
    write(&fixes, b"hide\tplace\tQatar\n");
    let run = env.run_at(&index, &["names", "apply", fixes.to_str().unwrap()], None);
    assert_error(&run, "no space left on device");
    let debris: Vec<String> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
    std::fs::remove_file(&filler).unwrap();
    let stats = env.run_at(&index, &["stats", "--json"], None);
    assert_eq!(stats.json()["paragraphs"], 17, "{}", stats.stderr);
    let places = env.run_at(&index, &["entities", "--kind", "place", "--json"], None);
    assert!(places.stdout.contains("Qatar"), "{}", places.stdout);
}

/// Runs `newsindex --index INDEX ARGS...` with its address space capped at `mb` megabytes
/// (`ulimit -v`), as a shell on a small server would.
#[cfg(unix)]
fn run_capped(env: &Env, mb: u64, args: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", mb * 1024))
        .arg(env!("CARGO_BIN_EXE_newsindex"))
        .arg("--index")
        .arg(env.index())
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    out.into()
}

#[cfg(unix)]
#[test]
fn queries_that_would_cost_too_much_are_refused_with_the_limit_named() {
    let env = Env::with_sample();
    let the = |n: usize| "the ".repeat(n).trim_end().to_string();
    // each took gigabytes or seconds on a large archive; under a 1 GB cap they end at once
    let rows = [
        (format!("\"{}\"~100", the(20)), "more than the ~10 allowed"),
        (format!("\"{}\"~1000", the(10)), "more than the ~10 allowed"),
        (
            format!("\"{}\"~2", the(12)),
            "a phrase with ~ of 12 words, more than the 10 allowed",
        ),
        (
            (0..300)
                .map(|i| format!("word{i}~2"))
                .collect::<Vec<_>>()
                .join(" OR "),
            "more than the 64 one query may have",
        ),
        (
            (0..40)
                .map(|i| format!("w{i}~2"))
                .collect::<Vec<_>>()
                .join(" OR "),
            "40 words with * or ~, more than the 16",
        ),
        (
            format!(
                "\"{}\"~2",
                (0..700)
                    .map(|i| format!("w{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            "a phrase of 700 words, more than the 32 allowed",
        ),
    ];
    for (query, limit) in &rows {
        let run = run_capped(&env, 1024, &["query", query]);
        assert_error(&run, limit);
        assert!(run.stderr.starts_with("error: bad query"), "{}", run.stderr);
    }
    // the heaviest query the limits allow runs, in the same memory
    let heaviest = format!(
        "\"{}\"~10 OR \"{}\"~10 OR \"{}\"~10 OR \"{}\"~10 OR hostag* OR qatr~2",
        the(10),
        the(9),
        the(8),
        the(7)
    );
    let run = run_capped(&env, 1024, &["query", &heaviest, "--facets"]);
    assert!(run.code <= 1, "{}", run.stderr);
}

#[test]
fn turkish_i_and_full_width_letters_fold_in_text_and_names() {
    let env = Env::new();
    let input = env.path("fold.jsonl");
    write(
        &input,
        "{\"id\":\"t1\",\"body\":\"Prime Minister Tony Blair visited İzmir on Monday.\\n\\nLater Ｔｏｎｙ Ｂｌａｉｒ said the talks in İZMİR went well.\"}\n"
            .as_bytes(),
    );
    let run = env.run(&["ingest", input.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for query in ["izmir", "İZMİR", "İzmir", "ızmır", "IZMIR"] {
        let hits = env.run(&["query", query, "--json"]);
        assert_eq!(hits.json()["total"], 2, "{query}");
    }
    // the full-width spelling is one entity with the usual one, and finds it
    let people = env.run(&["entities", "--kind", "person", "--json"]).json();
    let blair: Vec<&serde_json::Value> = people["person"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["name"].as_str().unwrap().contains("Blair")
                || e["name"].as_str().unwrap().contains("Ｂ")
        })
        .collect();
    assert_eq!(blair.len(), 1, "{people}");
    assert_eq!(blair[0]["name"], "Tony Blair");
    assert_eq!(blair[0]["count"], 2);
    let found = env
        .run(&["query", "--person", "Ｔｏｎｙ Ｂｌａｉｒ", "--json"])
        .json();
    assert_eq!(found["total"], 2);
}
