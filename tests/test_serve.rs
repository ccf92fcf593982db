//! `newsindex serve`: every endpoint against the CLI's JSON, errors, limits, safety, live
//! reload and a bounded load test, over real HTTP on a loopback port.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::server::{agent, get, get_with, Server, SCRIPT_ARTICLE};
use common::Env;
use serde_json::Value;

fn cli_json(env: &Env, args: &[&str]) -> Value {
    let run = env.run(args);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    run.json()
}

#[test]
fn api_answers_what_the_cli_prints() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let client = agent();
    let api = |path: &str| {
        let reply = get(&client, &format!("{}{path}", server.url));
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        assert!(reply.content_type.starts_with("application/json"), "{path}");
        reply.json()
    };

    let search = api("/api/search?q=hostages");
    assert_eq!(search["total"], 5);
    assert_eq!(search, cli_json(&env, &["query", "hostages", "--json"]));

    let faceted = api("/api/search?q=hostages&facets=true");
    assert_eq!(
        faceted,
        cli_json(&env, &["query", "hostages", "--facets", "--json"])
    );
    let people: Vec<&str> = faceted["facets"]["person"]
        .as_array()
        .expect("person facet")
        .iter()
        .map(|v| v["name"].as_str().expect("name"))
        .collect();
    assert!(people.contains(&"Benjamin Netanyahu"), "{people:?}");

    let burns = api("/api/search?person=Burns&limit=100");
    let mut paragraphs: Vec<u64> = burns["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["paragraph"].as_u64().expect("paragraph"))
        .collect();
    paragraphs.sort_unstable();
    assert_eq!(paragraphs, [1, 2, 4]);
    assert_eq!(burns["filters"][0]["names"][0], "William J. Burns");
    assert_eq!(
        burns,
        cli_json(
            &env,
            &["query", "--person", "Burns", "--limit", "100", "--json"]
        )
    );

    // repeated filters combine like repeated flags
    assert_eq!(
        api("/api/search?person=Burns&place=Qatar&since=2000-01-01"),
        cli_json(
            &env,
            &[
                "query",
                "--person",
                "Burns",
                "--place",
                "Qatar",
                "--since",
                "2000-01-01",
                "--json"
            ]
        )
    );
    assert_eq!(
        api("/api/search?q=hostage*&limit=2&offset=1"),
        cli_json(
            &env,
            &["query", "hostage*", "--limit", "2", "--offset", "1", "--json"]
        )
    );

    assert_eq!(
        api("/api/entities?kind=place&q=hostages&limit=3"),
        cli_json(
            &env,
            &["entities", "--kind", "place", "--query", "hostages", "--limit", "3", "--json"]
        )
    );
    assert_eq!(
        api("/api/entities"),
        cli_json(&env, &["entities", "--json"])
    );
    assert_eq!(api("/api/stats"), cli_json(&env, &["stats", "--json"]));

    let id = search["hits"][0]["article_id"]
        .as_str()
        .expect("article id")
        .to_string();
    let article = api(&format!("/api/articles/{id}"));
    assert_eq!(
        article["paragraphs"].as_array().expect("paragraphs").len(),
        17
    );
    assert_eq!(article, cli_json(&env, &["show", &id, "--json"]));
}

#[test]
fn errors_are_json_with_the_right_status() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let client = agent();
    let call = |path: &str| get(&client, &format!("{}{path}", server.url));
    let error = |path: &str, status: u16, says: &str| {
        let reply = call(path);
        assert_eq!(reply.status, status, "{path}: {}", reply.body);
        let body = reply.json();
        assert_eq!(body["status"], status, "{path}");
        let message = body["error"].as_str().expect("error message");
        assert!(message.contains(says), "{path}: {message:?} lacks {says:?}");
    };

    error("/api/search?q=(hostages", 400, "position 9");
    error("/api/search?q=ho*st", 400, "wildcard");
    error("/api/articles/no-such-article", 404, "no-such-article");
    error("/api/search?q=oil&limit=5000", 400, "at most 1000");
    error("/api/search?q=oil&limit=ten", 400, "not a number");
    error("/api/search?q=oil&offset=100001", 400, "at most 100000");
    error("/api/search?since=2024-13-45", 400, "since");
    error("/api/entities?kind=planet", 400, "planet");
    let long = "oil+".repeat(1_100);
    error(&format!("/api/search?q={long}"), 400, "at most 4096 bytes");
    let many = "person=A&".repeat(21);
    error(&format!("/api/search?{many}"), 400, "at most 20");
    error("/api/nothing/here", 404, "/api/search");

    let page = call("/no-such-page");
    assert_eq!(page.status, 404);
    let reply = client
        .post(format!("{}/api/search", server.url))
        .send("q=oil")
        .expect("POST");
    assert_eq!(reply.status().as_u16(), 405);
}

/// Sends `request` as raw bytes and returns the status line of the answer.
fn raw_status(server: &Server, request: &str) -> String {
    let addr = server.url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(!answer.contains("root:"), "a file leaked: {answer}");
    answer.lines().next().unwrap_or("").to_string()
}

#[test]
fn only_the_embedded_page_is_served() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let client = agent();

    let page = get(&client, &format!("{}/", server.url));
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("<script src=\"/app.js\""));
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    for (path, kind) in [("/app.js", "text/javascript"), ("/app.css", "text/css")] {
        let asset = get(&client, &format!("{}{path}", server.url));
        assert_eq!(asset.status, 200, "{path}");
        assert!(asset.content_type.starts_with(kind), "{path}");
    }

    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/app.js/../../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/api/articles/..%2f..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
    ] {
        let status = raw_status(
            &server,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        assert!(
            status.contains(" 404 ") || status.contains(" 400 "),
            "{path}: {status}"
        );
    }
}

#[test]
fn hostile_clients_are_bounded() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let client = agent();

    // a page elsewhere reaching the server through a rebound DNS name
    let rebound = get_with(
        &client,
        &format!("{}/api/stats", server.url),
        &[("Host", "evil.example:80")],
    );
    assert_eq!(rebound.status, 403, "{}", rebound.body);

    // an oversized body and an oversized head
    let body = "x".repeat(100_000);
    let status = raw_status(
        &server,
        &format!(
            "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(status.contains(" 413 "), "{status}");
    let status = raw_status(
        &server,
        &format!(
            "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\n\r\n",
            "y".repeat(200_000)
        ),
    );
    assert!(status.is_empty() || status.contains(" 431 "), "{status}");

    // a client that never finishes its request head is dropped, and others are served
    // meanwhile
    let addr = server.url.trim_start_matches("http://").to_string();
    let mut slow = TcpStream::connect(&addr).expect("connect");
    slow.write_all(b"GET /api/stats HTTP/1.1\r\nHost: 127")
        .expect("send");
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(
            get(&client, &format!("{}/api/stats", server.url)).status,
            200
        );
    }
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(25),
        "a stalled request head held its connection for {waited:?}"
    );
    let answer = String::from_utf8_lossy(&rest);
    assert!(answer.is_empty() || answer.contains("408"), "{answer}");
}

#[test]
fn article_text_is_data_not_markup() {
    let env = Env::with_sample();
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(SCRIPT_ARTICLE));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let server = Server::start(&env.index());
    let client = agent();
    let reply = get(&client, &format!("{}/api/search?q=freed", server.url));
    assert!(reply.content_type.starts_with("application/json"));
    let result = reply.json();
    let hit = &result["hits"][0];
    // the title comes back as the text it is; the snippet, the one field with markup,
    // escapes everything but its own <b> marks
    assert!(hit["title"]
        .as_str()
        .expect("title")
        .starts_with("<script>"));
    let snippet = hit["snippet"].as_str().expect("snippet");
    assert!(snippet.contains("&lt;b&gt;bold&lt;/b&gt;"), "{snippet}");
    assert!(snippet.contains("&lt;iframe"), "{snippet}");
    assert!(
        !snippet.contains("<iframe") && !snippet.contains("<script"),
        "{snippet}"
    );
    assert!(snippet.contains("<b>freed</b>"), "{snippet}");
    let article = get(&client, &format!("{}/api/articles/evil", server.url)).json();
    assert!(article["paragraphs"][0]["text"]
        .as_str()
        .expect("text")
        .contains("<img src=x onerror="));
}

#[test]
fn new_commits_appear_without_a_restart() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let client = agent();
    let total =
        |q: &str| get(&client, &format!("{}/api/search?q={q}", server.url)).json()["total"].clone();
    assert_eq!(total("freed"), 0);
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(SCRIPT_ARTICLE));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(total("freed"), 1);
    assert_eq!(total("hostages"), 7);
    let run = env.run(&["delete", "evil"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(total("freed"), 0);
}

#[test]
fn requests_after_a_commit_share_one_catalog_and_names_apply_shows_at_once() {
    let env = Env::with_sample();
    let server = Server::start_traced(&env.index());
    let opened = |server: &Server| {
        server
            .stderr_lines()
            .iter()
            .filter(|l| l.starts_with("trace: catalog "))
            .count()
    };
    let client = agent();
    let search = |q: &str| get(&client, &format!("{}/api/search?{q}", server.url)).json();
    assert_eq!(search("q=hostages&facets=true")["total"], 5);
    let before = opened(&server);
    // a commit, then sixteen requests at once: one of them opens the new catalog, the
    // others wait for it and share it
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(SCRIPT_ARTICLE));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let url = format!("{}/api/search?q=hostages&facets=true", server.url);
    let totals: Vec<Value> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..16)
            .map(|_| s.spawn(|| get(&agent(), &url).json()["total"].clone()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert!(totals.iter().all(|t| t == 7), "{totals:?}");
    let lines = server.stderr_lines();
    assert_eq!(opened(&server) - before, 1, "{lines:?}");
    assert!(
        lines.iter().all(|l| l != "trace: names grouped"),
        "the server read the stored catalog: {lines:?}"
    );
    // a correction changes no segment, and still shows at the next request
    let names = env.path("names.tsv");
    std::fs::write(&names, "rename\tperson\tWilliam J. Burns\tBill Burns\n").unwrap();
    let run = env.run(&["names", "apply", names.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = search("q=hostages&person=Burns");
    assert_eq!(
        found["filters"][0]["matches"][0]["name"], "Bill Burns",
        "{found}"
    );
}

#[cfg(unix)]
#[test]
fn serves_an_index_it_cannot_write() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with_sample();
    let mode = |m: u32| {
        for dir in [env.dir.path(), env.index().as_path()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(m)).expect("chmod");
        }
    };
    mode(0o555);
    let server = Server::start_as_other_user(&env.index());
    let client = agent();
    let total =
        |q: &str| get(&client, &format!("{}/api/search?q={q}", server.url)).json()["total"].clone();
    assert_eq!(total("hostages"), 5);
    // the owner ingests meanwhile; the server sees the commit
    mode(0o755);
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(SCRIPT_ARTICLE));
    assert_eq!(run.code, 0, "{}", run.stderr);
    mode(0o555);
    assert_eq!(total("hostages"), 7);
    mode(0o755);
}

#[test]
fn fifty_clients_and_a_thousand_requests_without_an_error() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let paths = [
        "/api/search?q=hostages",
        "/api/search?q=hostages&facets=true",
        "/api/search?person=Burns",
        "/api/search?q=%22cease-fire%22",
        "/api/entities?kind=place",
        "/api/stats",
        "/",
    ];
    const CLIENTS: usize = 50;
    const REQUESTS: usize = 1_000;
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let url = server.url.clone();
            std::thread::spawn(move || {
                let client = agent();
                let mut times = Vec::new();
                for r in 0..REQUESTS / CLIENTS {
                    let path = paths[(c + r) % paths.len()];
                    let t = Instant::now();
                    let reply = get(&client, &format!("{url}{path}"));
                    times.push(t.elapsed());
                    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
                }
                times
            })
        })
        .collect();
    let mut times: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a client failed"))
        .collect();
    let wall = started.elapsed();
    assert_eq!(times.len(), REQUESTS);
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    eprintln!(
        "{REQUESTS} requests from {CLIENTS} clients in {wall:.2?}: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

#[test]
fn requests_a_strict_server_refuses_get_400() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let rows = [
        (
            "GET http://evil.example/api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            " 400 ",
        ),
        (
            "GET /api/stats HTTP/1.1\r\nConnection: close\r\n\r\n",
            " 400 ",
        ),
        (
            "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
            " 400 ",
        ),
        ("GET /api/stats HTTP/1.0\r\n\r\n", " 200 "),
        (
            "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            " 200 ",
        ),
    ];
    for (request, status) in rows {
        let line = raw_status(&server, request);
        assert!(line.contains(status), "{request:?}: {line}");
    }
}

#[test]
fn silent_connections_do_not_lock_out_a_good_client() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let addr = server.url.trim_start_matches("http://").to_string();
    // more than the old cap of 256 connections, connected and saying nothing
    let silent: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let client = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into();
    let reply = get(&client, &format!("{}/api/stats", server.url));
    assert_eq!(reply.status, 200);
    drop(silent);
}

#[test]
fn heavy_queries_wait_their_turn_and_light_ones_are_answered_meanwhile() {
    let env = Env::with_sample();
    let server = Server::start(&env.index());
    let heavy = format!(
        "{}/api/search?facets=true&q={}",
        server.url, "%22the+of+the+in+the+a+to+the+and+the%22~10+OR+hostag*+OR+qatr~2+OR+negot*"
    );
    let light = format!("{}/api/search?q=hostages", server.url);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..16)
            .map(|i| {
                let url = if i % 2 == 0 { &heavy } else { &light };
                s.spawn(move || {
                    let client = agent();
                    (0..10)
                        .map(|_| get(&client, url).status)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(statuses.len(), 160);
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let refused = get(
        &agent(),
        &format!("{}/api/search?q=%22the+the%22~100", server.url),
    );
    assert_eq!(refused.status, 400);
    assert!(
        refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("more than the ~10 allowed"),
        "{}",
        refused.body
    );
}
