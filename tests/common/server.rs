//! A `newsindex serve` process on a free loopback port, and an HTTP client for it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A JSON Lines article (id `evil`, dated 2024-01-02) whose title and body carry markup and
/// script payloads: the page and the API must show them as text and run none of them.
pub const SCRIPT_ARTICLE: &str = r#"{"id":"evil","title":"<script>window.PWNED=1</script><img src=x onerror=\"window.PWNED=2\"> Hostage talks","date":"2024-01-02","text":"President Biden met the families of hostages in Washington. <img src=x onerror=\"window.PWNED=3\"> <script>window.PWNED=4</script>\n\nThe hostages were freed, said William J. Burns. <b>bold</b> &amp; <iframe src=javascript:window.PWNED=5></iframe> <svg onload=\"window.PWNED=6\"></svg>"}"#;

/// The server process; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    /// What it printed to standard error, when started with [`Server::start_traced`].
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `newsindex --index INDEX serve --addr 127.0.0.1:0` and waits for its URL.
    pub fn start(index: &Path) -> Server {
        Server::spawn(Command::new(env!("CARGO_BIN_EXE_newsindex")), index, &[])
    }

    /// The same with the trace log on (`NEWSINDEX_TRACE=1`), its lines kept for
    /// [`Server::stderr_lines`].
    pub fn start_traced(index: &Path) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsindex"));
        cmd.env("NEWSINDEX_TRACE", "1").stderr(Stdio::piped());
        let mut server = Server::spawn(cmd, index, &[]);
        let stderr = server.child.stderr.take().expect("stderr");
        let lines = Arc::clone(&server.stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                lines.lock().expect("lines").push(line);
            }
        });
        server
    }

    /// The lines the server printed to standard error so far (see [`Server::start_traced`]).
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lock().expect("lines").clone()
    }

    /// The same as another user (nobody) when the tests run as root.
    pub fn start_as_other_user(index: &Path) -> Server {
        Server::spawn(super::as_other_user(), index, &[])
    }

    /// `serve --edit`: the page may correct entities.
    pub fn start_editing(index: &Path) -> Server {
        Server::spawn(
            Command::new(env!("CARGO_BIN_EXE_newsindex")),
            index,
            &["--edit"],
        )
    }

    fn spawn(mut cmd: Command, index: &Path, extra: &[&str]) -> Server {
        if cmd.get_envs().all(|(k, _)| k != "NEWSINDEX_TRACE") {
            cmd.stderr(Stdio::inherit());
        }
        let mut child = cmd
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("NEWSINDEX_INDEX")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn newsindex serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the server's first line");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .filter(|u| u.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("serve printed {line:?}, not its URL"))
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            url,
            stderr: Arc::default(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, content type and body.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A client that reports every status instead of failing on 4xx and 5xx.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// `GET url` with optional extra headers.
pub fn get_with(agent: &ureq::Agent, url: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = agent.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = response
        .body_mut()
        .read_to_string()
        .unwrap_or_else(|e| panic!("GET {url}: reading the body: {e}"));
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

pub fn get(agent: &ureq::Agent, url: &str) -> Reply {
    get_with(agent, url, &[])
}

/// `POST url` with a JSON body and extra headers.
pub fn post_json(agent: &ureq::Agent, url: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = agent.post(url).header("Content-Type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request
        .send(body)
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Reply {
        status,
        content_type,
        headers: Vec::new(),
        body,
    }
}
