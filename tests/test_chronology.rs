//! Chronology, grouped hits, left-out entities and exports, from the CLI and the HTTP API,
//! on a small corpus dated across two years (`tests/data/dated.jsonl`).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::server::{agent, get, Server};
use common::Env;
use serde_json::{json, Value};

fn dated() -> Env {
    Env::with_fixture("dated.jsonl")
}

fn query(env: &Env, args: &[&str]) -> Value {
    let mut full = vec!["query", "--json"];
    full.extend_from_slice(args);
    let run = env.run(&full);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    run.json()
}

fn hits(doc: &Value) -> &Vec<Value> {
    doc["hits"].as_array().expect("hits")
}

fn dates(doc: &Value) -> Vec<Option<String>> {
    hits(doc)
        .iter()
        .map(|h| h["date"].as_str().map(str::to_string))
        .collect()
}

/// The dated matches of a document's histogram, checked to be all of them (`total_key`)
/// with the undated.
fn holds_every_match(doc: &Value, total_key: &str) -> u64 {
    let sum: u64 = doc["histogram"]
        .as_array()
        .expect("a histogram")
        .iter()
        .map(|b| b["count"].as_u64().expect("a count"))
        .sum();
    assert_eq!(
        sum + doc["undated"].as_u64().expect("undated"),
        doc[total_key].as_u64().expect("a total"),
        "{doc}"
    );
    sum
}

#[test]
fn sorting_by_date_orders_the_hits_and_puts_the_undated_last() {
    let env = dated();
    for (order, newest_first) in [("date", false), ("-date", true)] {
        let doc = query(&env, &["strike", "--sort", order, "-n", "100"]);
        let all = dates(&doc);
        assert_eq!(all.len(), doc["total"].as_u64().unwrap() as usize);
        assert_eq!(all.last().unwrap(), &None, "undated last: {all:?}");
        let known: Vec<&String> = all.iter().flatten().collect();
        let mut sorted = known.clone();
        sorted.sort();
        if newest_first {
            sorted.reverse();
        }
        assert_eq!(known, sorted, "--sort {order}");
        assert!(hits(&doc).iter().all(|h| h["score"].is_null()));
    }
    // the default stays by score
    let ranked = query(&env, &["strike", "-n", "100"]);
    assert!(hits(&ranked).iter().all(|h| h["score"].is_number()));
    assert_ne!(
        dates(&ranked),
        dates(&query(&env, &["strike", "--sort", "date", "-n", "100"]))
    );
}

#[test]
fn the_histogram_counts_every_match_once_by_month_and_year() {
    let env = dated();
    let all = query(&env, &["strike", "-n", "100"]);
    // the months of the hits, counted here
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    let mut undated = 0;
    for d in dates(&all) {
        match d {
            Some(d) => *expected.entry(format!("{}-01", &d[..7])).or_default() += 1,
            None => undated += 1,
        }
    }
    let doc = query(&env, &["strike", "--histogram", "month", "-n", "0"]);
    assert_eq!(doc["interval"], "month");
    let got: BTreeMap<String, u64> = doc["histogram"]
        .as_array()
        .expect("histogram")
        .iter()
        .map(|b| {
            (
                b["start"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(doc["undated"], undated);
    assert_eq!(
        got.values().sum::<u64>() + undated,
        doc["total"].as_u64().unwrap()
    );

    let years = query(&env, &["strike", "--histogram", "year", "-n", "0"]);
    let starts: Vec<&str> = years["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2023-01-01", "2024-01-01"]);
    // auto: seventeen months of matches are counted by month
    let auto = query(&env, &["strike", "--histogram", "auto", "-n", "0"]);
    assert_eq!(auto["interval"], "month");
    // the histogram follows the filters
    let lyon = query(
        &env,
        &[
            "strike",
            "--place",
            "Lyon",
            "--histogram",
            "year",
            "-n",
            "0",
        ],
    );
    let sum = holds_every_match(&lyon, "total");
    assert!(sum < doc["total"].as_u64().unwrap());
    // and the text form draws it
    let text = env.run(&["query", "strike", "--histogram", "month", "-n", "0"]);
    assert!(text.stdout.contains("Matches by month"), "{}", text.stdout);
    assert!(text.stdout.contains("2023-02"), "{}", text.stdout);
}

#[test]
fn grouped_hits_show_each_article_once_with_what_else_matches() {
    let env = dated();
    let all = query(&env, &["strike", "-n", "100"]);
    let mut per_article: BTreeMap<String, u64> = BTreeMap::new();
    for h in hits(&all) {
        *per_article
            .entry(h["article_id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let grouped = query(&env, &["strike", "--group", "-n", "100"]);
    assert_eq!(grouped["articles"], per_article.len());
    let mut seen = BTreeSet::new();
    let mut shown = 0;
    for h in hits(&grouped) {
        let id = h["article_id"].as_str().unwrap();
        assert!(seen.insert(id.to_string()), "{id} twice");
        assert_eq!(h["more"].as_u64().unwrap() + 1, per_article[id], "{id}");
        for other in h["also_in"].as_array().unwrap() {
            let other = other.as_str().unwrap();
            assert!(seen.insert(other.to_string()), "{other} shown and folded");
            // folded: the same text is in the other article
            let same = hits(&all)
                .iter()
                .any(|o| o["article_id"] == other && o["text"] == h["text"]);
            assert!(same, "{other} folded into {id} without the same text");
        }
        shown += 1;
    }
    // the wire copy repeats a story word for word: it is folded, not shown
    assert!(seen.contains("wire-copy"));
    assert_eq!(seen.len(), per_article.len());
    assert_eq!(shown, per_article.len() - 1);
    // pages of articles follow each other without overlap
    let first = query(&env, &["strike", "--group", "-n", "3"]);
    let second = query(&env, &["strike", "--group", "-n", "3", "--offset", "3"]);
    assert_eq!(first["more_articles"], true);
    let ids = |d: &Value| -> Vec<String> {
        hits(d)
            .iter()
            .map(|h| h["article_id"].as_str().unwrap().to_string())
            .collect()
    };
    let whole = ids(&grouped);
    assert_eq!([ids(&first), ids(&second)].concat(), whole[..6].to_vec());
    // grouping and date order together
    let by_date = query(&env, &["strike", "--group", "--sort", "date", "-n", "100"]);
    let known: Vec<String> = dates(&by_date).into_iter().flatten().collect();
    let mut sorted = known.clone();
    sorted.sort();
    assert_eq!(known, sorted);
}

#[test]
fn a_left_out_entity_removes_its_paragraphs() {
    let env = dated();
    let total = |d: &Value| d["total"].as_u64().unwrap();
    let all = query(&env, &["strike", "-n", "100"]);
    let with = query(&env, &["strike", "--place", "Lyon", "-n", "100"]);
    let without = query(&env, &["strike", "--not-place", "Lyon", "-n", "100"]);
    assert!(total(&with) > 0);
    assert_eq!(total(&without), total(&all) - total(&with));
    assert!(hits(&without).iter().all(|h| !h["place"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "Lyon")));
    assert_eq!(without["excluded"][0]["names"][0], "Lyon");
    // alone, without words or filters, it lists everything else
    let rest = query(&env, &["--not-place", "Lyon", "-n", "100"]);
    let everything = query(&env, &["-n", "100"]);
    let lyon = query(&env, &["--place", "Lyon", "-n", "100"]);
    assert_eq!(total(&rest), total(&everything) - total(&lyon));
}

#[test]
fn the_api_sorts_counts_groups_leaves_out_and_exports_as_the_cli() {
    let env = dated();
    let server = Server::start(&env.index());
    let client = agent();
    let api = |path: &str| {
        let reply = get(&client, &format!("{}{path}", server.url));
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply
    };
    let same = |path: &str, args: &[&str]| {
        assert_eq!(api(path).json(), query(&env, args), "{path}");
    };
    same(
        "/api/search?q=strike&sort=date&limit=100",
        &["strike", "--sort", "date", "-n", "100"],
    );
    same(
        "/api/search?q=strike&sort=-date",
        &["strike", "--sort", "-date"],
    );
    same(
        "/api/search?q=strike&histogram=month&limit=0",
        &["strike", "--histogram", "month", "-n", "0"],
    );
    same(
        "/api/search?q=strike&group=true&limit=4&offset=1",
        &["strike", "--group", "-n", "4", "--offset", "1"],
    );
    same(
        "/api/search?q=strike&-place=Lyon&limit=100",
        &["strike", "--not-place", "Lyon", "-n", "100"],
    );

    let csv = api("/api/search?q=strike&place=Rotterdam&format=csv");
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    assert!(csv
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("attachment")));
    let cli = env.run(&[
        "query",
        "strike",
        "--place",
        "Rotterdam",
        "--csv",
        "-n",
        "10000",
    ]);
    assert_eq!(csv.body, cli.stdout);
    assert!(csv.body.starts_with("\"article_id\",\"paragraph\""));
    assert!(csv.body.lines().count() > 2);

    let jsonl = api("/api/search?q=strike&sort=date&format=jsonl");
    let cli = env.run(&[
        "query", "strike", "--sort", "date", "--jsonl", "-n", "10000",
    ]);
    assert_eq!(jsonl.body, cli.stdout);

    for bad in ["sort=size", "histogram=week", "format=xml"] {
        let reply = get(
            &client,
            &format!("{}/api/search?q=strike&{bad}", server.url),
        );
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
    }
}

#[test]
fn an_entity_profile_holds_what_the_cli_counts() {
    let env = dated();
    let server = Server::start(&env.index());
    let client = agent();
    let profile = get(
        &client,
        &format!(
            "{}/api/entity?kind=place&name=Rotterdam&limit=100",
            server.url
        ),
    );
    assert_eq!(profile.status, 200, "{}", profile.body);
    let profile = profile.json();
    assert_eq!(profile["name"], "Rotterdam");
    let listed = query(&env, &["--place", "Rotterdam", "-n", "100"]);
    assert_eq!(profile["count"], listed["total"]);
    assert_eq!(
        profile["paragraphs"].as_array().unwrap().len(),
        hits(&listed).len()
    );
    // newest first, the undated last: the order of --sort -date
    let newest = query(
        &env,
        &["--place", "Rotterdam", "--sort", "-date", "-n", "100"],
    );
    assert_eq!(
        dates(&json!({"hits": profile["paragraphs"]})),
        dates(&newest)
    );
    // the names it appears with are the facets of its paragraphs, itself left out
    let run = env.run(&["entities", "--place", "Rotterdam", "--json"]);
    let facets = run.json();
    for kind in ["person", "place", "org"] {
        let expected: Vec<(String, u64)> = facets[kind]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| !(kind == "place" && v["name"] == "Rotterdam"))
            .map(|v| {
                (
                    v["name"].as_str().unwrap().to_string(),
                    v["count"].as_u64().unwrap(),
                )
            })
            .collect();
        let got: Vec<(String, u64)> = profile["related"][kind]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["name"].as_str().unwrap().to_string(),
                    v["count"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, expected, "{kind}");
    }
    assert!(!profile["related"]["place"].as_array().unwrap().is_empty());
    let variants = &facets["place"][0]["variants"];
    assert_eq!(&profile["variants"], variants);
    // its mentions over time hold every dated paragraph
    holds_every_match(&profile, "count");
    // a surname finds the person; an unknown name is a 404, a missing kind a 400
    let by_surname = get(
        &client,
        &format!("{}/api/entity?kind=person&name=Dijk", server.url),
    )
    .json();
    assert_eq!(by_surname["name"], "Marieke van Dijk");
    let unknown = get(
        &client,
        &format!("{}/api/entity?kind=person&name=Nobody", server.url),
    );
    assert_eq!(unknown.status, 404);
    let no_kind = get(
        &client,
        &format!("{}/api/entity?name=Rotterdam", server.url),
    );
    assert_eq!(no_kind.status, 400);
}

#[test]
fn a_search_that_finds_nothing_offers_the_spelling_the_index_holds() {
    let env = dated();
    let doc = query(&env, &["rail strikr"]);
    assert_eq!(doc["total"], 0);
    assert_eq!(doc["did_you_mean"], "rail strike");
    let fixed = query(&env, &["rail strike"]);
    assert!(fixed["total"].as_u64().expect("total") > 0);
    let capital = query(&env, &["Rotterdm"]);
    assert_eq!(capital["did_you_mean"], "Rotterdam");
    // found: nothing to offer; nothing near: nothing either
    assert!(query(&env, &["strike"]).get("did_you_mean").is_none());
    assert!(query(&env, &["qqqqqq"]).get("did_you_mean").is_none());
    let text = env.run(&["query", "strikr"]);
    assert!(
        text.stdout.contains("did you mean \"strike\"?"),
        "{}",
        text.stdout
    );
}
