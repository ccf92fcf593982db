//! Helpers for the CLI tests: a temporary index directory and a runner for the binary.
#![allow(dead_code)]

pub mod server;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The sample article shipped in `data/`.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/000_c5fd127ae03c9c49.txt")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A temporary directory holding an index (created by the first ingest).
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `newsindex --index <tmp>/index ARGS...`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Run {
        self.run_at(&self.index(), args, stdin)
    }

    /// Runs `newsindex --index INDEX ARGS...`, with `stdin` as standard input.
    pub fn run_at(&self, index: &Path, args: &[&str], stdin: Option<&str>) -> Run {
        self.run_with_env(index, args, stdin, &[])
    }

    /// Runs `newsindex --index INDEX ARGS...` with extra environment variables.
    pub fn run_with_env(
        &self,
        index: &Path,
        args: &[&str],
        stdin: Option<&str>,
        vars: &[(&str, &str)],
    ) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsindex"));
        cmd.arg("--index").arg(index).args(args);
        cmd.env_remove("NEWSINDEX_INDEX")
            .env_remove("COLUMNS")
            .env("NO_COLOR", "1");
        cmd.envs(vars.iter().copied());
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn newsindex");
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes())
                .expect("write stdin");
        }
        child.wait_with_output().expect("wait").into()
    }

    /// `stats --json` of the index, which must succeed.
    pub fn stats(&self) -> serde_json::Value {
        let run = self.run(&["stats", "--json"]);
        assert_eq!(run.code, 0, "stats failed: {}", run.stderr);
        run.json()
    }

    /// An index holding the articles of a file in `tests/data`.
    pub fn with_fixture(name: &str) -> Env {
        let env = Env::new();
        let run = env.run(&["ingest", fixture(name).to_str().expect("utf-8 path")]);
        assert_eq!(run.code, 0, "ingest failed: {}", run.stderr);
        env
    }

    /// An index holding the sample article.
    pub fn with_sample() -> Env {
        let env = Env::new();
        let run = env.run(&["ingest", sample().to_str().expect("utf-8 path")]);
        assert_eq!(run.code, 0, "ingest failed: {}", run.stderr);
        env
    }

    /// Paragraph numbers of the hits of `query --json ARGS`.
    pub fn paragraphs(&self, args: &[&str]) -> Vec<u64> {
        let mut full = vec!["query", "--json", "--limit", "100"];
        full.extend_from_slice(args);
        let run = self.run(&full);
        assert!(
            run.code == 0 || run.code == 1,
            "query {args:?}: {}",
            run.stderr
        );
        let mut paras: Vec<u64> = run.json()["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["paragraph"].as_u64().expect("paragraph"))
            .collect();
        paras.sort_unstable();
        paras
    }
}

/// A command that runs the binary as another user (nobody) when the tests run as root, who
/// may write anywhere; otherwise as this user.
pub fn as_other_user() -> Command {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let bin = env!("CARGO_BIN_EXE_newsindex");
    if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    }
}
