//! `newsindex export`: the files for NDJSON loaders, Quickwit and OpenSearch hold every live
//! paragraph with its entities after corrections, split below their bounds; and, when
//! `../shared/tools/quickwit` is present, a real Quickwit node loads the export and answers
//! the same questions as newsindex with the same counts.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::agent;
use common::Env;
use serde_json::{json, Value};

const PEOPLE: &[&str] = &[
    "Anna Kovac",
    "Peter Lindqvist",
    "Maria Santos",
    "David Okafor",
    "Helen Marsh",
];
const PLACES: &[&str] = &["Lisbon", "Nairobi", "Manila", "Glasgow", "Toronto", "Lima"];
const ORGS: &[&str] = &[
    "World Bank",
    "Red Cross",
    "United Nations",
    "European Union",
];
const TOPICS: &[&str] = &[
    "prices of grain rose sharply",
    "the election campaign entered its final week",
    "flood waters forced families from their homes",
    "prime minister promised new talks on trade",
    "the central bank held interest rates",
];

/// A few hundred short news stories, dated across two years, naming people (in full, then
/// by surname), places and organizations, as JSON Lines.
fn stories(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let person = PEOPLE[i % PEOPLE.len()];
        let surname = person.rsplit(' ').next().unwrap_or(person);
        let place = PLACES[(i / 2) % PLACES.len()];
        let other = PLACES[(i / 3 + 1) % PLACES.len()];
        let org = ORGS[i % ORGS.len()];
        let topic = TOPICS[i % TOPICS.len()];
        let month = 1 + (i % 12);
        let year = 2022 + (i / 12) % 2;
        let text = format!(
            "In {place} on Monday, {topic}, officials said.\n\n\
             {person}, who leads the {org} mission in {place}, said the {org} would send help.\n\n\
             {surname} told reporters in {other} that more talks were planned.\n\n\
             Story {i}: the {org} and officials in {other} did not comment further."
        );
        let doc = json!({
            "id": format!("story-{i:04}"),
            "title": format!("Report {i} from {place}"),
            "date": format!("{year}-{month:02}-{:02}", 1 + i % 28),
            "text": text,
        });
        out.push_str(&doc.to_string());
        out.push('\n');
    }
    out
}

/// An index of the sample article and `n` stories.
fn archive(n: usize) -> Env {
    let env = Env::with_sample();
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(&stories(n)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

fn export(env: &Env, args: &[&str]) -> Value {
    let mut full = vec!["export", "--json"];
    full.extend_from_slice(args);
    let run = env.run(&full);
    assert_eq!(run.code, 0, "export {args:?}: {}", run.stderr);
    run.json()
}

/// The JSON lines of a file.
fn lines(path: &Path) -> Vec<Value> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(file)
        .lines()
        .map(|l| {
            let l = l.expect("read");
            serde_json::from_str(&l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display()))
        })
        .collect()
}

/// The paragraphs of each entity of `kind` in exported documents.
fn counts(docs: &[Value], kind: &str) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for d in docs {
        for name in d[kind].as_array().expect("names") {
            *out.entry(name.as_str().expect("as the test made it").to_string())
                .or_default() += 1;
        }
    }
    out
}

/// Every entity of `kind` with its paragraphs, as `entities` counts them.
fn entity_counts(env: &Env, kind: &str) -> BTreeMap<String, u64> {
    entities(env, kind, &[])
}

/// `entities --kind KIND --json` (with more arguments): name -> paragraphs.
fn entities(env: &Env, kind: &str, more: &[&str]) -> BTreeMap<String, u64> {
    let mut args = vec!["entities", "--kind", kind, "-n", "10000", "--json"];
    args.extend_from_slice(more);
    let run = env.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()[kind]
        .as_array()
        .expect("entities")
        .iter()
        .map(|v| {
            (
                v["name"].as_str().expect("a name").to_string(),
                v["count"].as_u64().expect("a count"),
            )
        })
        .collect()
}

#[test]
fn the_ndjson_export_holds_every_paragraph_with_the_archives_entities() {
    let env = archive(120);
    let dir = env.path("out");
    let summary = export(
        &env,
        &["--to", "ndjson", dir.to_str().expect("as the test made it")],
    );
    assert_eq!(summary["files"], json!(["paragraphs.ndjson"]));
    let docs = lines(&dir.join("paragraphs.ndjson"));
    let paragraphs = env.stats()["paragraphs"]
        .as_u64()
        .expect("as the test made it");
    assert_eq!(docs.len() as u64, paragraphs);
    assert_eq!(summary["documents"], paragraphs);
    for kind in ["person", "place", "org"] {
        assert_eq!(counts(&docs, kind), entity_counts(&env, kind), "{kind}");
    }
    // each document: its fields, the folded names of its entities, newsindex's stems
    let kovac = docs
        .iter()
        .find(|d| {
            d["text"]
                .as_str()
                .expect("as the test made it")
                .starts_with("Kovac told")
        })
        .expect("a Kovac paragraph");
    assert_eq!(kovac["person"], json!(["Anna Kovac"]));
    let names: Vec<&str> = kovac["names"]
        .as_array()
        .expect("as the test made it")
        .iter()
        .map(|n| n.as_str().expect("as the test made it"))
        .collect();
    assert!(
        names.contains(&"anna kovac") && names.contains(&"kovac"),
        "{names:?}"
    );
    assert!(kovac["stems"]
        .as_str()
        .expect("as the test made it")
        .starts_with("kovac told report"));
    assert!(kovac["date"]
        .as_str()
        .expect("as the test made it")
        .ends_with("T00:00:00Z"));
    // a query's matches only
    let only = env.path("only");
    let summary = export(
        &env,
        &[
            "--to",
            "ndjson",
            only.to_str().expect("as the test made it"),
            "--place",
            "Lisbon",
        ],
    );
    let docs = lines(&only.join("paragraphs.ndjson"));
    let run = env.run(&["query", "--place", "Lisbon", "--json", "-n", "0"]);
    assert_eq!(summary["documents"], run.json()["total"]);
    assert!(docs.iter().all(|d| d["place"]
        .as_array()
        .expect("as the test made it")
        .contains(&json!("Lisbon"))));
}

#[test]
fn corrections_travel_with_the_export() {
    let env = archive(30);
    let fixes = env.path("fixes.tsv");
    std::fs::write(
        &fixes,
        "rename\tperson\tAnna Kovac\tAnna Kovač\nhide\tplace\tNairobi\n",
    )
    .expect("as the test made it");
    let run = env.run(&[
        "names",
        "apply",
        fixes.to_str().expect("as the test made it"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = env.path("out");
    export(
        &env,
        &[
            "--to",
            "quickwit",
            dir.to_str().expect("as the test made it"),
        ],
    );
    let docs = lines(&dir.join("paragraphs.ndjson"));
    let people = counts(&docs, "person");
    assert!(people.contains_key("Anna Kovač") && !people.contains_key("Anna Kovac"));
    assert!(!counts(&docs, "place").contains_key("Nairobi"));
    assert_eq!(people, entity_counts(&env, "person"));
}

#[test]
fn the_opensearch_export_is_bulk_pairs_in_files_below_the_bound() {
    let env = archive(400);
    let dir = env.path("os");
    let summary = export(
        &env,
        &[
            "--to",
            "opensearch",
            dir.to_str().expect("as the test made it"),
            "--max-file-mb",
            "0.2",
            "--index-id",
            "news-2024",
        ],
    );
    let files: Vec<String> = summary["files"]
        .as_array()
        .expect("as the test made it")
        .iter()
        .map(|f| f.as_str().expect("as the test made it").to_string())
        .collect();
    assert_eq!(files[0], "index.json");
    assert!(files.len() >= 3, "split into several bulk files: {files:?}");
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("index.json")).expect("as the test made it"),
    )
    .expect("as the test made it");
    let properties = index["mappings"]["properties"]
        .as_object()
        .expect("as the test made it");
    assert_eq!(index["mappings"]["dynamic"], "strict");
    let analyzers = index["settings"]["analysis"]["analyzer"]
        .as_object()
        .expect("as the test made it");
    let mut documents = 0;
    let mut ids = std::collections::BTreeSet::new();
    for name in &files[1..] {
        let path = dir.join(name);
        assert!(
            std::fs::metadata(&path).expect("as the test made it").len() <= 200_000,
            "{name} over the bound"
        );
        let lines = lines(&path);
        assert_eq!(lines.len() % 2, 0, "{name}: action and document pairs");
        for pair in lines.chunks(2) {
            let action = &pair[0]["index"];
            assert_eq!(action["_index"], "news-2024");
            let doc = pair[1].as_object().expect("a document");
            assert_eq!(
                action["_id"],
                format!(
                    "{}#{}",
                    doc["article_id"].as_str().expect("as the test made it"),
                    doc["paragraph"]
                )
            );
            assert!(ids.insert(action["_id"].to_string()), "an id twice");
            // strict mapping: every field is mapped, entity fields as keywords
            for (field, value) in doc {
                let mapping = properties
                    .get(field)
                    .unwrap_or_else(|| panic!("{field} is not mapped"));
                match mapping["type"].as_str().expect("as the test made it") {
                    "keyword" => assert!(value.is_string() || value.is_array(), "{field}"),
                    "text" => {
                        assert!(value.is_string(), "{field}");
                        let analyzer = mapping["analyzer"].as_str().expect("as the test made it");
                        assert!(
                            analyzer == "whitespace" || analyzers.contains_key(analyzer),
                            "{analyzer}"
                        );
                    }
                    "long" => assert!(value.is_u64(), "{field}"),
                    "date" => assert!(
                        value.as_str().expect("as the test made it").ends_with('Z'),
                        "{field}"
                    ),
                    other => panic!("{field}: unexpected type {other}"),
                }
            }
            documents += 1;
        }
    }
    assert_eq!(
        documents,
        env.stats()["paragraphs"]
            .as_u64()
            .expect("as the test made it")
    );
    for kind in ["person", "place", "org"] {
        assert_eq!(properties[kind]["type"], "keyword");
    }
    // gzip: the same documents, smaller
    let gz = env.path("gz");
    let summary = export(
        &env,
        &[
            "--to",
            "opensearch",
            gz.to_str().expect("as the test made it"),
            "--compress",
        ],
    );
    assert_eq!(summary["files"], json!(["index.json", "bulk.ndjson.gz"]));
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(gz.join("bulk.ndjson.gz")).expect("as the test made it"),
        ),
        &mut text,
    )
    .expect("as the test made it");
    assert_eq!(text.lines().count() as u64, 2 * documents);
}

#[test]
fn the_quickwit_config_follows_the_doc_mapping_rules() {
    let env = archive(10);
    let dir = env.path("qw");
    export(
        &env,
        &[
            "--to",
            "quickwit",
            dir.to_str().expect("as the test made it"),
        ],
    );
    let config =
        std::fs::read_to_string(dir.join("index-config.yaml")).expect("as the test made it");
    let fields = field_blocks(&config);
    assert!(config.contains("\n  mode: strict\n"));
    // the sample article has no date: no timestamp field (Quickwit would reject it)
    assert!(!config.contains("timestamp_field"));
    let docs = lines(&dir.join("paragraphs.ndjson"));
    for doc in &docs {
        for field in doc.as_object().expect("as the test made it").keys() {
            assert!(
                fields.contains_key(field),
                "{field} is not mapped (strict mode)"
            );
        }
    }
    for kind in ["person", "place", "org"] {
        let f = &fields[kind];
        assert_eq!(f["type"], "array<text>");
        assert_eq!(f["tokenizer"], "raw");
        assert_eq!(f["fast"], "true", "terms aggregations need {kind} fast");
    }
    for text in ["title", "text", "stems"] {
        let f = &fields[text];
        assert_eq!(f["record"], "position", "phrases need positions in {text}");
        assert_eq!(f["fieldnorms"], "true", "BM25 needs fieldnorms in {text}");
    }
    assert!(config.contains(&format!("name: {}", fields["text"]["tokenizer"])));
    assert_eq!(fields["date"]["type"], "datetime");
    assert_eq!(fields["date"]["input_formats"], "[rfc3339]");
    assert_eq!(fields["paragraph"]["type"], "u64");

    // an archive with dates everywhere gets the timestamp field
    let dated = Env::new();
    let run = dated.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(&stories(5)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = dated.path("qw");
    export(
        &dated,
        &[
            "--to",
            "quickwit",
            dir.to_str().expect("as the test made it"),
        ],
    );
    let config =
        std::fs::read_to_string(dir.join("index-config.yaml")).expect("as the test made it");
    assert!(config.contains("\n  timestamp_field: date\n"));
}

/// The `- name:` blocks of a doc mapping's field_mappings: name -> key -> value.
fn field_blocks(yaml: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_fields = false;
    for line in yaml.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        if line == "  field_mappings:" {
            in_fields = true;
            continue;
        }
        if in_fields && !line.starts_with("    ") {
            in_fields = false;
        }
        if !in_fields {
            continue;
        }
        if let Some(name) = line.strip_prefix("    - name: ") {
            current = Some(name.to_string());
            out.entry(name.to_string()).or_default();
        } else if let (Some(name), Some((k, v))) = (&current, line.trim().split_once(": ")) {
            out.get_mut(name)
                .expect("block")
                .insert(k.to_string(), v.to_string());
        }
    }
    out
}

// ---- the real engine ----

/// A Quickwit node on loopback with its own data directory; stopped when dropped.
struct Quickwit {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Quickwit {
    fn tools() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/quickwit")
    }

    fn start() -> Quickwit {
        let dir = tempfile::tempdir().expect("temp dir");
        let binary = dir.path().join("quickwit");
        let xz = Command::new("xz")
            .arg("-dc")
            .arg(Quickwit::tools().join("quickwit.xz"))
            .output()
            .expect("run xz");
        assert!(xz.status.success(), "xz failed");
        std::fs::write(&binary, xz.stdout).expect("write quickwit");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755))
                .expect("as the test made it");
        }
        let port = free_port_pair();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).expect("as the test made it");
        let node = std::fs::read_to_string(Quickwit::tools().join("node.yaml"))
            .expect("node.yaml")
            .replace("DATA_DIR", data.to_str().expect("as the test made it"))
            .replace("listen_port: 7280", &format!("listen_port: {port}"));
        let config = dir.path().join("node.yaml");
        std::fs::File::create(&config)
            .and_then(|mut f| f.write_all(node.as_bytes()))
            .expect("write node.yaml");
        let log = std::fs::File::create(dir.path().join("node.log")).expect("log");
        let child = Command::new(&binary)
            .args(["run", "--config"])
            .arg(&config)
            .env("QW_ENABLE_OPENTELEMETRY_OTLP_EXPORTER", "false")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("QW_DISABLE_TELEMETRY", "1")
            .stdout(log.try_clone().expect("as the test made it"))
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("start quickwit");
        let url = format!("http://127.0.0.1:{port}");
        let node = Quickwit {
            child,
            url,
            _dir: dir,
        };
        let started = Instant::now();
        while agent()
            .get(format!("{}/health/readyz", node.url))
            .call()
            .map_or(true, |r| r.status() != 200)
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "quickwit did not start: {}",
                std::fs::read_to_string(node._dir.path().join("node.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        node
    }

    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Value {
        let mut reply = agent()
            .post(format!("{}{path}", self.url))
            .header("Content-Type", content_type)
            .send(body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = reply.status().as_u16();
        let text = reply.body_mut().read_to_string().unwrap_or_default();
        assert_eq!(status, 200, "POST {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("POST {path}: {e}: {text}"))
    }

    /// Matches of a query in Quickwit's query language.
    fn hits(&self, index: &str, query: &str) -> u64 {
        let body = json!({"query": query, "max_hits": 0});
        self.post(
            &format!("/api/v1/{index}/search"),
            "application/json",
            body.to_string().as_bytes(),
        )["num_hits"]
            .as_u64()
            .expect("num_hits")
    }

    /// A terms aggregation of `field` over a query's matches.
    fn terms(&self, index: &str, query: &str, field: &str) -> BTreeMap<String, u64> {
        let body = json!({"query": query, "max_hits": 0,
            "aggs": {"t": {"terms": {"field": field, "size": 1000}}}});
        let answer = self.post(
            &format!("/api/v1/{index}/search"),
            "application/json",
            body.to_string().as_bytes(),
        );
        answer["aggregations"]["t"]["buckets"]
            .as_array()
            .expect("buckets")
            .iter()
            .map(|b| {
                (
                    b["key"].as_str().expect("as the test made it").to_string(),
                    b["doc_count"].as_u64().expect("as the test made it"),
                )
            })
            .collect()
    }
}

impl Drop for Quickwit {
    fn drop(&mut self) {
        // its data is a temporary folder: no need for the 20 s of a graceful shutdown
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port whose next port is free too (Quickwit's gRPC takes it).
fn free_port_pair() -> u16 {
    for _ in 0..100 {
        let first = TcpListener::bind("127.0.0.1:0").expect("a port");
        let port = first.local_addr().expect("as the test made it").port();
        if port < 65535 && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            drop(first);
            return port;
        }
    }
    panic!("no two free ports in a row");
}

fn total(env: &Env, args: &[&str]) -> u64 {
    let mut full = vec!["query", "--json", "-n", "0"];
    full.extend_from_slice(args);
    let run = env.run(&full);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    run.json()["total"].as_u64().expect("as the test made it")
}

/// The facets of a query, as `entities --query` counts them.
fn facets(env: &Env, query: &str, kind: &str) -> BTreeMap<String, u64> {
    entities(env, kind, &["--query", query])
}

#[test]
fn quickwit_loads_the_export_and_answers_as_newsindex() {
    if !Quickwit::tools().join("quickwit.xz").exists() {
        eprintln!(
            "\n*** SKIPPED the Quickwit test: {} is missing ***\n",
            Quickwit::tools().display()
        );
        return;
    }
    let env = archive(300);
    let dir = env.path("qw");
    let summary = export(
        &env,
        &[
            "--to",
            "quickwit",
            dir.to_str().expect("as the test made it"),
            "--max-file-mb",
            "0.2",
        ],
    );
    let node = Quickwit::start();
    let config = std::fs::read(dir.join("index-config.yaml")).expect("as the test made it");
    node.post("/api/v1/indexes", "application/yaml", &config);
    let files: Vec<&str> = summary["files"]
        .as_array()
        .expect("as the test made it")
        .iter()
        .map(|f| f.as_str().expect("as the test made it"))
        .filter(|f| f.ends_with(".ndjson"))
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    let mut ingested = 0;
    for file in files {
        let body = std::fs::read(dir.join(file)).expect("as the test made it");
        let answer = node.post(
            "/api/v1/newsindex/ingest?commit=force",
            "application/x-ndjson",
            &body,
        );
        assert_eq!(answer["num_rejected_docs"], 0, "{file}: {answer}");
        ingested += answer["num_ingested_docs"]
            .as_u64()
            .expect("as the test made it");
    }
    assert_eq!(
        ingested,
        env.stats()["paragraphs"]
            .as_u64()
            .expect("as the test made it")
    );

    let mut table = vec!["| question | newsindex | Quickwit |".to_string()];
    let mut same = |question: &str, ours: u64, theirs: u64| {
        table.push(format!("| {question} | {ours} | {theirs} |"));
        assert_eq!(ours, theirs, "{question}");
    };
    same(
        "all paragraphs",
        env.stats()["paragraphs"]
            .as_u64()
            .expect("as the test made it"),
        node.hits("newsindex", "*"),
    );
    // words and phrases: `stems` holds newsindex's analysis of the text
    for (word, stem) in [
        ("grain", "grain"),
        ("officials", "offici"),
        ("talks", "talk"),
    ] {
        same(
            &format!("text:{word} / stems:{stem}"),
            total(&env, &[&format!("text:{word}")]),
            node.hits("newsindex", &format!("stems:{stem}")),
        );
    }
    same(
        "text:\"interest rates\" / stems:\"interest rate\"",
        total(&env, &["text:\"interest rates\""]),
        node.hits("newsindex", "stems:\"interest rate\""),
    );
    // entity filters, by canonical name and by a surname through `names`
    for person in PEOPLE {
        let surname = person.rsplit(' ').next().expect("as the test made it");
        same(
            &format!("--person \"{person}\""),
            entity_counts(&env, "person")[*person],
            node.hits("newsindex", &format!("person:\"{person}\"")),
        );
        same(
            &format!("--person {surname} / names:{}", surname.to_lowercase()),
            total(&env, &["--person", surname]),
            node.hits(
                "newsindex",
                &format!("names:\"{}\"", surname.to_lowercase()),
            ),
        );
    }
    for place in ["Lisbon", "Manila"] {
        same(
            &format!("--place {place}"),
            total(&env, &["--place", place]),
            node.hits("newsindex", &format!("place:\"{place}\"")),
        );
    }
    // a date range
    same(
        "--since 2022-03-01 --until 2022-12-31",
        total(&env, &["--since", "2022-03-01", "--until", "2022-12-31"]),
        node.hits(
            "newsindex",
            "date:[2022-03-01T00:00:00Z TO 2023-01-01T00:00:00Z}",
        ),
    );
    // the facets of a query: terms aggregations over the same matches
    for kind in ["person", "place", "org"] {
        let ours = facets(&env, "text:talks", kind);
        let theirs = node.terms("newsindex", "stems:talk", kind);
        assert_eq!(ours, theirs, "{kind} facets of talks");
        table.push(format!(
            "| {kind} facets of talks | {} values | {} values, counts equal |",
            ours.len(),
            theirs.len()
        ));
    }
    eprintln!("{}", table.join("\n"));
}
