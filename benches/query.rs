//! In-process query latency on an index of about a million paragraphs: plain words, a
//! phrase, an entity filter, and each with facet counts. Prints p50 and p99 over repeated
//! runs next to criterion's estimates.
//!
//! The index is built once per run from `$NEWSINDEX_BENCH_DIR/reuters21578.jsonl.gz`
//! (default `../shared/data/bench`), repeated with suffixed ids until it holds about
//! `NEWSINDEX_BENCH_PARAGRAPHS` paragraphs (default 1,000,000), in a temp directory; it
//! takes a minute or so. Without the corpus, the sample article is repeated instead.
//! Run: `cargo bench --bench query`.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use newsindex::entities::Recognizer;
use newsindex::index::writer::{ArticleWriter, WriterSettings};
use newsindex::index::NewsIndex;
use newsindex::ingest::article::{Input, Inputs, Problem};
use newsindex::ingest::pipeline::{ingest, Level, Observer};
use newsindex::search::Searchable;

#[path = "support/query_set.rs"]
mod query_set;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Quiet;
impl Observer for Quiet {
    fn problem(&mut self, _: &Problem, _: Level) {}
}

/// Writes a JSON Lines corpus of about `target` paragraphs and returns its path.
fn corpus(dir: &std::path::Path, target: usize) -> PathBuf {
    let bench = std::env::var_os("NEWSINDEX_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bench"));
    let mut lines: Vec<String> = match std::fs::File::open(bench.join("reuters21578.jsonl.gz")) {
        Ok(f) => BufReader::new(flate2::read::GzDecoder::new(f))
            .lines()
            .map(|l| l.expect("read corpus"))
            .collect(),
        Err(_) => {
            let body = include_str!("../data/000_c5fd127ae03c9c49.txt");
            vec![serde_json::json!({"id": "sample", "body": body}).to_string()]
        }
    };
    lines.retain(|l| l.contains("\"text\": \"") || l.contains("\"body\""));
    let per_copy: usize = lines.len() * 5; // about five paragraphs per Reuters story
    let copies = target.div_ceil(per_copy.max(1)).max(1);
    let path = dir.join("corpus.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create corpus"));
    for k in 0..copies {
        for line in &lines {
            let mut v: serde_json::Value = serde_json::from_str(line).expect("corpus JSON");
            let id = format!("{}-c{k}", v["id"].as_str().unwrap_or("x"));
            v["id"] = serde_json::Value::String(id);
            writeln!(out, "{v}").expect("write corpus");
        }
    }
    path
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn bench(c: &mut Criterion) {
    let target: usize = std::env::var("NEWSINDEX_BENCH_PARAGRAPHS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = corpus(dir.path(), target);
    let mut index = NewsIndex::open_or_create(&dir.path().join("index")).expect("index");
    let started = Instant::now();
    {
        let mut writer = ArticleWriter::new(&index, WriterSettings::default()).expect("writer");
        let summary = ingest(
            Inputs::new(vec![Input::Path(path)]),
            &Recognizer::new(&[]),
            &mut writer,
            u64::MAX,
            newsindex::ingest::parallel::default_threads(),
            &mut Quiet,
        )
        .expect("ingest");
        writer.finish().expect("commit");
        eprintln!(
            "index: {} paragraphs in {:.1} s",
            summary.paragraphs,
            started.elapsed().as_secs_f64()
        );
    }
    // as the query command does: segments searched on up to 4 threads
    index.search_in_parallel().expect("search threads");
    let searchable = Searchable::new(&index).expect("searcher");
    let cases = query_set::cases();
    let mut group = c.benchmark_group("query");
    group.sample_size(30);
    for (name, req) in &cases {
        let total = searchable.search(req).expect("search").total;
        assert!(total > 0, "{name}: no hits");
        group.bench_function(*name, |b| {
            b.iter(|| searchable.search(req).expect("search").hits.len())
        });
    }
    group.finish();
    eprintln!(
        "\n{:<24} {:>8} {:>10} {:>10}",
        "query", "hits", "p50", "p99"
    );
    for (name, req) in &cases {
        let mut times: Vec<Duration> = (0..300)
            .map(|_| {
                let t = Instant::now();
                let r = searchable.search(req).expect("search");
                std::hint::black_box(r.hits.len());
                t.elapsed()
            })
            .collect();
        times.sort();
        let total = searchable.search(req).expect("search").total;
        eprintln!(
            "{name:<24} {total:>8} {:>10.3?} {:>10.3?}",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
