//! Load on a running `newsindex serve`: clients sending the heaviest query the limits allow
//! beside clients sending one-word queries, for issue-style fairness figures.
//!
//!     cargo run --release --example serve_load -- URL [SECONDS [HEAVY_CLIENTS LIGHT_CLIENTS]]
//!
//! Prints, for each class, the requests answered, their statuses, p50, p99 and the most.

use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:8421".into());
    let seconds: u64 = args.next().map_or(Ok(20), |s| s.parse())?;
    let heavy_clients: usize = args.next().map_or(Ok(8), |s| s.parse())?;
    let light_clients: usize = args.next().map_or(Ok(8), |s| s.parse())?;
    let the = |n: usize| "the+".repeat(n).trim_end_matches('+').to_string();
    // four sloppy phrases of common words at the largest slop, and expanding words
    let heavy = format!(
        "{url}/api/search?facets=true&q=%22{}%22~10+OR+%22{}%22~10+OR+%22{}%22~10+OR+%22{}%22~10+OR+gov*+OR+mini*+OR+econom~2+OR+elect~2",
        the(10),
        the(9),
        the(8),
        the(7)
    );
    let light = format!("{url}/api/search?q=oil");
    let until = Instant::now() + Duration::from_secs(seconds);
    let results: Vec<(bool, u16, Duration)> = std::thread::scope(|s| {
        let mut workers = Vec::new();
        for i in 0..heavy_clients + light_clients {
            let (is_heavy, target) = if i < heavy_clients {
                (true, heavy.clone())
            } else {
                (false, light.clone())
            };
            workers.push(s.spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(60)))
                    .build()
                    .into();
                let mut out = Vec::new();
                while Instant::now() < until {
                    let started = Instant::now();
                    let status = match agent.get(&target).call() {
                        Ok(mut r) => {
                            let _ = r.body_mut().read_to_string();
                            r.status().as_u16()
                        }
                        Err(_) => 0,
                    };
                    out.push((is_heavy, status, started.elapsed()));
                }
                out
            }));
        }
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    for (name, class) in [("heavy", true), ("one word", false)] {
        let mut times: Vec<Duration> = results
            .iter()
            .filter(|r| r.0 == class)
            .map(|r| r.2)
            .collect();
        times.sort();
        let mut statuses: Vec<u16> = results
            .iter()
            .filter(|r| r.0 == class)
            .map(|r| r.1)
            .collect();
        statuses.sort();
        statuses.dedup();
        println!(
            "{name:>8}: {} requests, statuses {statuses:?}, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            times.len(),
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            percentile(&times, 0.99).as_secs_f64() * 1000.0,
            times.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
