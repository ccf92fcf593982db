//! The plain-tantivy baseline for benches/corpus.sh: the same readers, paragraphs, text
//! analyzer and writer settings as `newsindex ingest` (threads, memory budget, one merge
//! thread, a commit every 250,000 paragraphs at article boundaries), but no entities (no
//! recognizer, no person/place/org/mentions fields) and no replace-on-reingest deletes.
//!
//!     cargo run --release --example plain_tantivy -- ingest INDEX_DIR FILE...
//!     cargo run --release --example plain_tantivy -- query INDEX_DIR QUERY
//!     cargo run --release --example plain_tantivy -- latency INDEX_DIR [RUNS]
//!
//! `query` prints the total and the top 10 hits (article id, paragraph, score) as JSON.
//! `latency` times the text queries of the in-process query benchmark, p50 and p99 of the
//! top 10 with the total, and p50 of the top 10 alone (the floor of any search built on
//! tantivy, which may then skip blocks).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsindex::index::analyzer::{query_side_manager, register_index_side, NEWS_EN};
use newsindex::index::writer::WriterSettings;
use newsindex::index::PARALLEL_FROM_DOCS;
use newsindex::ingest::article::{Input, Inputs, Record};
use newsindex::ingest::paragraph::split_paragraphs;
use newsindex::ingest::pipeline::DEFAULT_COMMIT_EVERY;
use tantivy::collector::{Count, TopDocs};
use tantivy::indexer::IndexWriterOptions;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STORED, STRING,
};
use tantivy::{DocAddress, Index, IndexWriter, Searcher, TantivyDocument};

#[path = "../benches/support/query_set.rs"]
mod query_set;

fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("article_id", STRING | STORED | FAST);
    b.add_u64_field(
        "paragraph",
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    let analyzed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NEWS_EN)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    b.add_text_field("title", analyzed.clone());
    b.add_text_field("text", analyzed);
    b.build()
}

/// The baseline's fields: article_id, paragraph, title, text.
fn fields(s: &Schema) -> Result<(Field, Field, Field, Field)> {
    Ok((
        s.get_field("article_id")?,
        s.get_field("paragraph")?,
        s.get_field("title")?,
        s.get_field("text")?,
    ))
}

fn ingest(dir: PathBuf, files: Vec<PathBuf>) -> Result<()> {
    let started = Instant::now();
    std::fs::create_dir_all(&dir)?;
    let index = Index::create_in_dir(&dir, schema()).context("creating the baseline index")?;
    register_index_side(index.tokenizers());
    let s = index.schema();
    let (id_f, para_f, title_f, text_f) = fields(&s)?;
    let settings = WriterSettings::default();
    let options = IndexWriterOptions::builder()
        .num_worker_threads(settings.threads)
        .memory_budget_per_thread((settings.memory_bytes / settings.threads).max(15_000_000))
        .num_merge_threads(1)
        .build();
    let mut writer: IndexWriter = index.writer_with_options(options)?;
    let mut inputs = Inputs::new(files.into_iter().map(Input::Path).collect());
    let (mut articles, mut paragraphs, mut since_commit) = (0u64, 0u64, 0u64);
    for record in inputs.by_ref() {
        let Record::Article(article, _) = record else {
            continue;
        };
        let id = article.article_id();
        for p in split_paragraphs(&article.body) {
            let mut doc = TantivyDocument::new();
            doc.add_text(id_f, &id);
            doc.add_u64(para_f, p.position);
            if let Some(t) = &article.title {
                doc.add_text(title_f, t);
            }
            doc.add_text(text_f, &p.text);
            writer.add_document(doc)?;
            paragraphs += 1;
            since_commit += 1;
        }
        articles += 1;
        if since_commit >= DEFAULT_COMMIT_EVERY {
            writer.commit()?;
            since_commit = 0;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{{\"articles\":{articles},\"paragraphs\":{paragraphs},\"bytes\":{},\"seconds\":{secs:.3}}}",
        inputs.bytes_read()
    );
    Ok(())
}

/// The index with its analyzers, and a query parser as newsindex's: title and text, AND
/// by default, title at half weight.
fn open_for_queries(dir: &Path) -> Result<(Index, QueryParser)> {
    let index = Index::open_in_dir(dir)?;
    register_index_side(index.tokenizers());
    let s = index.schema();
    let (_, _, title_f, text_f) = fields(&s)?;
    let mut parser = QueryParser::new(s, vec![title_f, text_f], query_side_manager());
    parser.set_conjunction_by_default();
    parser.set_field_boost(title_f, 0.5);
    Ok((index, parser))
}

fn query(dir: PathBuf, q: &str) -> Result<()> {
    let (index, parser) = open_for_queries(&dir)?;
    let (id_f, para_f, _, _) = fields(&index.schema())?;
    let query = parser.parse_query(q)?;
    let searcher = index.reader()?.searcher();
    let (top, total) =
        searcher.search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))?;
    let mut hits = Vec::new();
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let id = doc
            .get_first(id_f)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let para = doc.get_first(para_f).and_then(|v| v.as_u64()).unwrap_or(0);
        hits.push(serde_json::json!({"article_id": id, "paragraph": para, "score": score}));
    }
    println!("{}", serde_json::json!({"total": total, "hits": hits}));
    Ok(())
}

/// In-process latency of the text queries of benches/support/query_set.rs on one open
/// searcher, searching segments on up to 4 threads from `PARALLEL_FROM_DOCS` paragraphs as
/// newsindex does: what raw tantivy costs for the same top 10 (their stored documents read)
/// and total.
fn latency(dir: PathBuf, runs: usize) -> Result<()> {
    let (mut index, parser) = open_for_queries(&dir)?;
    let searcher = index.reader()?.searcher();
    if searcher.num_docs() >= PARALLEL_FROM_DOCS {
        index.set_multithread_executor(4)?;
    }
    let searcher = index.reader()?.searcher();
    println!(
        "{:<24} {:>8} {:>10} {:>10} {:>14}",
        "query", "hits", "p50", "p99", "p50 top only"
    );
    // the query set's plain text queries: no entity filter, no facets
    let texts = query_set::cases().into_iter().filter_map(|(_, r)| {
        (r.filters.is_empty() && r.facets.is_none())
            .then_some(r.query)
            .flatten()
    });
    for q in texts {
        let query = parser.parse_query(&q)?;
        let collector = (TopDocs::with_limit(10).order_by_score(), Count);
        let times = sorted_times(runs, || {
            let (top, total) = searcher.search(&query, &collector).unwrap_or_default();
            std::hint::black_box((stored(&searcher, &top), total));
        });
        // the same top 10 without the total: tantivy can then skip blocks that cannot
        // reach the top (block-max WAND), which counting every match forbids
        let top_only = TopDocs::with_limit(10).order_by_score();
        let top_times = sorted_times(runs, || {
            let top = searcher.search(&query, &top_only).unwrap_or_default();
            std::hint::black_box(stored(&searcher, &top));
        });
        let total = searcher.search(&query, &Count)?;
        let at = |times: &[std::time::Duration], p: f64| {
            times[((times.len() - 1) as f64 * p).round() as usize]
        };
        println!(
            "{q:<24} {total:>8} {:>10.3?} {:>10.3?} {:>14.3?}",
            at(&times, 0.5),
            at(&times, 0.99),
            at(&top_times, 0.5)
        );
    }
    Ok(())
}

/// The wall time of each of `runs` calls of `f`, sorted.
fn sorted_times(runs: usize, mut f: impl FnMut()) -> Vec<std::time::Duration> {
    let mut times: Vec<std::time::Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The stored documents of a page of hits, read as a search's caller would.
fn stored(searcher: &Searcher, top: &[(f32, DocAddress)]) -> Vec<TantivyDocument> {
    top.iter()
        .filter_map(|(_, a)| searcher.doc(*a).ok())
        .collect()
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    match (args.next().as_deref(), args.next()) {
        (Some("ingest"), Some(dir)) => ingest(dir.into(), args.map(PathBuf::from).collect()),
        (Some("query"), Some(dir)) => query(dir.into(), &args.collect::<Vec<_>>().join(" ")),
        (Some("latency"), Some(dir)) => latency(
            dir.into(),
            args.next().map(|r| r.parse()).transpose()?.unwrap_or(300),
        ),
        _ => bail!(
            "usage: plain_tantivy ingest INDEX_DIR FILE... | query INDEX_DIR QUERY \
             | latency INDEX_DIR [RUNS]"
        ),
    }
}
