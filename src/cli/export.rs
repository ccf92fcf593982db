//! `newsindex export`: the paragraphs as files for Quickwit, OpenSearch or any NDJSON
//! loader (see [`crate::export`]), with a progress bar on a terminal and a summary.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use super::commands::{with_filters, Outcome};
use super::{ExportArgs, TargetArg};
use crate::export::{export, Options, Progress, Target};
use crate::index::NewsIndex;
use crate::search::SearchRequest;

pub fn run_export(index_dir: &Path, args: ExportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let request = with_filters(args.query.clone(), &args.filters, SearchRequest::default())?;
    let filtered = request.query.is_some()
        || !request.filters.is_empty()
        || !request.exclude.is_empty()
        || request.since.is_some()
        || request.until.is_some();
    let search = filtered.then_some(request);
    let options = Options {
        target: match args.to {
            TargetArg::Ndjson => Target::Ndjson,
            TargetArg::Quickwit => Target::Quickwit,
            TargetArg::Opensearch => Target::Opensearch,
        },
        dir: args.dir.clone(),
        index_id: args.index_id.clone(),
        compress: args.compress,
        search,
        max_file_bytes: args.max_file_mb.map(|mb| (mb * 1e6) as u64),
    };
    let bar = (std::io::stderr().is_terminal() && !args.json).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {percent:>3}%  {pos}/{len} paragraphs  ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let started = std::time::Instant::now();
    let summary = export(&index, &options, &mut |p| {
        if let Some(bar) = &bar {
            match p {
                Progress::Total(n) => bar.set_length(n),
                Progress::Done(n) => bar.inc(n),
            }
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.json {
        super::output::print_json(out, &serde_json::to_value(&summary)?)?;
    } else {
        let seconds = started.elapsed().as_secs_f64();
        let (config, data): (Vec<&String>, Vec<&String>) =
            summary.files.iter().partition(|f| !f.contains(".ndjson"));
        let files = match data.as_slice() {
            [first, .., last] if data.len() > 3 => {
                let mut named: Vec<String> = config.iter().map(|c| c.to_string()).collect();
                named.push(format!("{} data files ({first} ... {last})", data.len()));
                named.join(", ")
            }
            _ => summary.files.join(", "),
        };
        writeln!(
            out,
            "exported {} paragraph{} ({:.1} MB) in {seconds:.1} s to {}: {files}",
            summary.documents,
            if summary.documents == 1 { "" } else { "s" },
            summary.bytes as f64 / 1e6,
            crate::cli::terminal::visible(&args.dir.display().to_string()),
        )?;
        if summary.undated > 0 && options.target == Target::Quickwit {
            writeln!(
                out,
                "{} without a date: the index config has no timestamp field",
                summary.undated
            )?;
        }
    }
    Ok(Outcome::Success)
}
