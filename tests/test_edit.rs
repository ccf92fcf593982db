//! Corrections from the search page (`serve --edit`): refused without the flag, from other
//! origins and on a public address; applied with `names apply`'s code, shown at once,
//! logged with who and when, and kept for later ingests.

mod common;

use common::server::{agent, get, post_json, Server};
use common::Env;
use serde_json::{json, Value};

fn dated() -> Env {
    Env::with_fixture("dated.jsonl")
}

fn places(server: &Server, query: &str) -> Vec<String> {
    let result = get(
        &agent(),
        &format!(
            "{}/api/search?q={query}&facets=true&facet_limit=100",
            server.url
        ),
    )
    .json();
    result["facets"]["place"]
        .as_array()
        .expect("places")
        .iter()
        .map(|v| v["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn a_server_without_edit_refuses_edits() {
    let env = dated();
    let server = Server::start(&env.index());
    let client = agent();
    assert_eq!(
        get(&client, &format!("{}/api/edit", server.url)).json(),
        json!({"editable": false})
    );
    let body = r#"{"action":"hide","kind":"place","name":"Lyon"}"#;
    let reply = post_json(&client, &format!("{}/api/edit", server.url), body, &[]);
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(reply.body.contains("--edit"), "{}", reply.body);
    assert!(places(&server, "strike").contains(&"Lyon".to_string()));
}

#[test]
fn edit_on_a_public_address_needs_saying_so() {
    let env = dated();
    let run = env.run(&["serve", "--edit", "--addr", "0.0.0.0:0"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("--edit-from-anywhere"),
        "{}",
        run.stderr
    );
}

#[test]
fn edits_apply_at_once_are_logged_and_outlive_an_ingest() {
    let env = dated();
    let server = Server::start_editing(&env.index());
    let client = agent();
    let url = format!("{}/api/edit", server.url);
    assert_eq!(get(&client, &url).json(), json!({"editable": true}));
    assert!(places(&server, "strike").contains(&"Lyon".to_string()));

    // a page elsewhere cannot post here, nor can a form (no JSON)
    let hide = r#"{"action":"hide","kind":"place","name":"Lyon"}"#;
    let foreign = post_json(&client, &url, hide, &[("Origin", "http://evil.example")]);
    assert_eq!(foreign.status, 403, "{}", foreign.body);
    let form = client
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send("action=hide&kind=place&name=Lyon")
        .expect("POST");
    assert!(form.status().as_u16() >= 400);
    assert!(places(&server, "strike").contains(&"Lyon".to_string()));

    // bad edits say why
    for (bad, status) in [
        (r#"{"action":"burn","kind":"place","name":"Lyon"}"#, 400),
        (r#"{"action":"hide","kind":"planet","name":"Lyon"}"#, 400),
        (r#"{"action":"rename","kind":"place","name":"Lyon"}"#, 400),
        (r#"{"action":"hide","kind":"place","name":"Ly\ton"}"#, 400),
        (r#"{"action":"hide","kind":"place","name":"Atlantis"}"#, 404),
    ] {
        let reply = post_json(&client, &url, bad, &[]);
        assert_eq!(reply.status, status, "{bad}: {}", reply.body);
    }

    // hide: gone from the facets at once
    let origin = server.url.clone();
    let reply = post_json(&client, &url, hide, &[("Origin", &origin)]);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let applied: Value = reply.json();
    assert_eq!(applied["applied"], "hide\tplace\tLyon");
    assert!(applied["by"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert!(!places(&server, "strike").contains(&"Lyon".to_string()));

    // rename and retype, as names apply does them
    let rename =
        r#"{"action":"rename","kind":"place","name":"Rotterdam","to":"Port of Rotterdam"}"#;
    assert_eq!(post_json(&client, &url, rename, &[]).status, 200);
    assert!(places(&server, "strike").contains(&"Port of Rotterdam".to_string()));
    let retype = r#"{"action":"retype","kind":"place","name":"Antwerp","to":"org"}"#;
    assert_eq!(post_json(&client, &url, retype, &[]).status, 200);
    assert!(!places(&server, "strike").contains(&"Antwerp".to_string()));

    // the log: who, when, what
    let log = env.run(&["names", "log"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    let lines: Vec<&str> = log.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("# edit from 127.0.0.1:") && l.contains(" at 20")),
        "{}",
        log.stdout
    );
    for expected in [
        "hide\tplace\tLyon",
        "rename\tplace\tRotterdam\tPort of Rotterdam",
        "retype\tplace\tAntwerp\torg",
    ] {
        assert!(lines.contains(&expected), "{expected:?} in {}", log.stdout);
    }

    // kept for later ingests
    let later = r#"{"id":"rail-3","title":"More rail talks","date":"2024-07-01","text":"Rail workers met again in Lyon and Rotterdam about the strike."}"#;
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(later));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = places(&server, "strike");
    assert!(!after.contains(&"Lyon".to_string()), "{after:?}");
    assert!(
        after.contains(&"Port of Rotterdam".to_string()),
        "{after:?}"
    );
    let cli = env.run(&[
        "entities", "--query", "strike", "--kind", "place", "--json", "-n", "100",
    ]);
    assert!(!cli.stdout.contains("\"Lyon\""), "{}", cli.stdout);
}
