//! In-process query latency on an existing index, for profiling and for checking an index
//! you built yourself (benches/query.rs builds its own):
//!
//!     cargo run --release --example query_latency -- INDEX [RUNS [CASE]]
//!
//! Runs the same query set as benches/query.rs RUNS times each (default 300) on one open
//! searcher and prints hits, p50 and p99 per query; with CASE, only the query of that name
//! ("word + facets", say), for a profiler.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use newsindex::index::NewsIndex;
use newsindex::search::Searchable;

#[path = "../benches/support/query_set.rs"]
mod query_set;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .context("usage: query_latency INDEX [RUNS [CASE]]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(300);
    let mut index = NewsIndex::open(dir.as_ref())?;
    // as the query command does: segments searched on up to 4 threads
    index.search_in_parallel()?;
    let searchable = Searchable::new(&index)?;
    let only = args.next();
    let cases: Vec<_> = query_set::cases()
        .into_iter()
        .filter(|(name, _)| only.as_deref().is_none_or(|o| *name == o))
        .collect();
    println!("{:<24} {:>8} {:>10} {:>10}", "query", "hits", "p50", "p99");
    for (name, req) in &cases {
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                let r = searchable.search(req).map(|r| r.hits.len());
                std::hint::black_box(r.ok());
                t.elapsed()
            })
            .collect();
        times.sort();
        let total = searchable.search(req)?.total;
        let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!(
            "{name:<24} {total:>8} {:>10.3?} {:>10.3?}",
            at(0.5),
            at(0.99)
        );
    }
    Ok(())
}
