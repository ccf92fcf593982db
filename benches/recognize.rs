//! Paragraph splitting and entity recognition throughput (MB/s of article body).
//!
//! Input: the JSON Lines corpora in `$NEWSINDEX_BENCH_DIR` (default `../shared/data/bench`,
//! `*.jsonl.gz`), or the sample article repeated when they are absent. The corpora are
//! research-only and never committed. Run: `cargo bench --bench recognize`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsindex::entities::Recognizer;
use newsindex::ingest::paragraph::split_paragraphs;

/// About this many bytes of bodies per corpus.
const BUDGET: usize = 4 << 20;

fn corpora() -> Vec<(String, Vec<String>)> {
    let dir = std::env::var_os("NEWSINDEX_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bench"));
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for path in files
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
    {
        let file = std::fs::File::open(&path).expect("open corpus");
        let reader = BufReader::new(flate2::read::GzDecoder::new(file));
        let mut bodies = Vec::new();
        let mut size = 0;
        for line in reader.lines() {
            let line = line.expect("read corpus");
            let v: serde_json::Value = serde_json::from_str(&line).expect("corpus JSON");
            if let Some(body) = v
                .get("text")
                .or_else(|| v.get("body"))
                .and_then(|b| b.as_str())
            {
                size += body.len();
                bodies.push(body.to_string());
            }
            if size > BUDGET {
                break;
            }
        }
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .replace(".jsonl.gz", "");
        out.push((name, bodies));
    }
    if out.is_empty() {
        let sample = include_str!("../data/000_c5fd127ae03c9c49.txt");
        out.push(("sample".to_string(), vec![sample.to_string(); 200]));
    }
    out
}

fn bench(c: &mut Criterion) {
    let recognizer = Recognizer::new(&[]);
    for (name, bodies) in corpora() {
        let bytes: usize = bodies.iter().map(String::len).sum();
        let articles: Vec<Vec<String>> = bodies
            .iter()
            .map(|b| split_paragraphs(b).into_iter().map(|p| p.text).collect())
            .collect();
        let mut group = c.benchmark_group(format!("{name} ({:.1} MB)", bytes as f64 / 1e6));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        group.bench_function("split_paragraphs", |b| {
            b.iter(|| {
                let n: usize = bodies.iter().map(|body| split_paragraphs(body).len()).sum();
                assert!(n >= bodies.len());
                n
            })
        });
        group.bench_function("recognize", |b| {
            b.iter(|| {
                let n: usize = articles
                    .iter()
                    .map(|paras| {
                        recognizer
                            .recognize(paras)
                            .iter()
                            .map(Vec::len)
                            .sum::<usize>()
                    })
                    .sum();
                assert!(n > articles.len() / 2, "too few mentions: {n}");
                n
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
