//! `ingest` and `extract`: reading input, with progress and problems reported on stderr.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use super::commands::{read_capped, Outcome};
use super::output;
use super::terminal::visible;
use super::{ExtractArgs, FormatArg, IngestArgs, InputArgs};
use crate::entities::gazetteer::parse_names;
use crate::entities::{NameEntry, Recognizer};
use crate::index::writer::{ArticleWriter, WriterSettings};
use crate::index::NewsIndex;
use crate::ingest::article::{total_bytes, Format, Input, Inputs, Problem};
use crate::ingest::parallel::{default_threads, ordered_map};
use crate::ingest::pipeline::{
    analyze_batch, batches, ingest, Analyzed, IngestSummary, Level, Observer,
};

fn inputs(args: &InputArgs) -> Vec<Input> {
    let format = args.format.map(|f| match f {
        FormatArg::Txt => Format::Text,
        FormatArg::Md => Format::Markdown,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Json => Format::Json,
    });
    args.paths
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Input::Stdin(format)
            } else {
                Input::Path(p.clone())
            }
        })
        .collect()
}

fn user_names(path: Option<&Path>) -> Result<Vec<NameEntry>> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let text = read_capped(path, MAX_NAMES_BYTES)
        .with_context(|| format!("reading names file {}", path.display()))?;
    parse_names(&text, &path.display().to_string())
}

/// The largest names file read (`--names`): a million names fit in far less.
const MAX_NAMES_BYTES: u64 = 64 << 20;

/// Prints problems to stderr, grouped by kind, and shows progress on a terminal.
///
/// By default the first problem of each kind is printed as it happens and the rest are
/// counted, with one line for each kind at the end ("1,799 in all ... --verbose lists
/// them"); `--verbose` prints every one; `--quiet` prints only the counts of skipped input.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    verbosity: Verbosity,
    /// Per kind of problem: how many, and the first one's line.
    kinds: BTreeMap<(Level, String), (u64, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Reporter {
    fn new(verbosity: Verbosity, total_bytes: Option<u64>) -> Reporter {
        let show = std::io::stderr().is_terminal() && verbosity != Verbosity::Quiet;
        let bar = show.then(|| {
            let bar = match total_bytes {
                Some(total) => {
                    let bar = indicatif::ProgressBar::new(total);
                    bar.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{bar:30} {percent:>3}%  {bytes}/{total_bytes}  {bytes_per_sec}  ETA {eta}  {msg}",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    bar
                }
                None => indicatif::ProgressBar::new_spinner(),
            };
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Reporter {
            bar,
            verbosity,
            kinds: BTreeMap::new(),
        }
    }

    fn print(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// The lines that sum up each kind of problem seen more than once (or, quiet, each
    /// kind of skipped input).
    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        for ((level, kind), (count, first)) in &self.kinds {
            let summed = match self.verbosity {
                Verbosity::Verbose => false,
                Verbosity::Normal => *count > 1,
                Verbosity::Quiet => *level == Level::Skipped,
            };
            if !summed {
                continue;
            }
            let what = match level {
                Level::Skipped => "skipped",
                Level::Warning => "with a warning",
                Level::Empty => "with nothing to index",
            };
            let hint = if *count > 1 {
                "; --verbose lists them"
            } else {
                ""
            };
            self.print(&visible(&format!(
                "{} input{} {what}: {kind} (first: {first}){hint}",
                thousands(*count),
                if *count == 1 { "" } else { "s" },
            )));
        }
    }
}

/// The kind of a problem: its reason up to the first detail (a quote, a number, a colon
/// or a parenthesis), so that "invalid JSON: expected value at line 1" and "... line 7" are
/// one kind.
fn problem_kind(reason: &str) -> String {
    let end = reason
        .find(|c: char| matches!(c, '"' | ':' | '(' | '[') || c.is_ascii_digit())
        .unwrap_or(reason.len());
    let kind = reason[..end].trim_end_matches([' ', ',']).trim();
    if kind.is_empty() {
        reason.to_string()
    } else {
        kind.to_string()
    }
}

/// `n` with thousands separated by commas.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Observer for Reporter {
    fn problem(&mut self, problem: &Problem, level: Level) {
        let line = match level {
            Level::Skipped => format!("{problem}"),
            Level::Warning => format!("{}: warning: {}", problem.location, problem.reason),
            Level::Empty => format!(
                "{}: note: {}, nothing to index",
                problem.location, problem.reason
            ),
        };
        let line = visible(&line).into_owned();
        let entry = self
            .kinds
            .entry((level, problem_kind(&problem.reason)))
            .or_insert((0, problem.location.clone()));
        entry.0 += 1;
        let first = entry.0 == 1;
        let shown = match self.verbosity {
            Verbosity::Verbose => true,
            Verbosity::Normal => first,
            Verbosity::Quiet => false,
        };
        if shown {
            self.print(&line);
        }
    }

    fn progress(&mut self, s: &IngestSummary) {
        if let Some(bar) = &self.bar {
            if bar.length().is_some() {
                bar.set_position(s.bytes);
            }
            bar.set_message(format!(
                "{} articles, {} paragraphs",
                thousands(s.articles),
                thousands(s.paragraphs)
            ));
        }
    }
}

pub(super) fn run_ingest(
    index_dir: &Path,
    args: IngestArgs,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let started = Instant::now();
    let names = user_names(args.input.names.as_deref())?;
    let index = NewsIndex::open_or_create(index_dir)?;
    let mut settings = WriterSettings::default();
    if let Some(t) = args.threads {
        settings.threads = t;
    }
    settings.memory_bytes = args.memory.saturating_mul(1 << 20);
    let mut writer = ArticleWriter::new(&index, settings)?;
    let recognizer = Recognizer::new(&names);
    let verbosity = if args.quiet {
        Verbosity::Quiet
    } else if args.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let inputs = inputs(&args.input);
    let total = std::io::stderr()
        .is_terminal()
        .then(|| total_bytes(&inputs))
        .flatten();
    let mut reporter = Reporter::new(verbosity, total);
    let mut summary = ingest(
        Inputs::new(inputs),
        &recognizer,
        &mut writer,
        args.commit_every,
        args.input.jobs.unwrap_or_else(default_threads),
        &mut reporter,
    )?;
    if let Some(bar) = &reporter.bar {
        bar.set_message("finishing: merging segments and grouping names");
    }
    let run = writer.finish()?;
    crate::archive::catalog::store::store(&index, Some(&run))?;
    summary.commits += 1;
    summary.seconds = started.elapsed().as_secs_f64();
    reporter.finish();
    if args.json {
        output::print_json(out, &serde_json::to_value(&summary)?)?;
    } else if !args.quiet {
        output::ingest_text(out, &summary, index_dir)?;
    }
    Ok(if summary.skipped > 0 {
        Outcome::Skipped
    } else {
        Outcome::Success
    })
}

pub(super) fn run_extract(args: ExtractArgs, out: &mut dyn Write) -> Result<Outcome> {
    let names = user_names(args.input.names.as_deref())?;
    let recognizer = Recognizer::new(&names);
    let mut reporter = Reporter::new(Verbosity::Normal, None);
    let mut skipped = false;
    let sink = |results: Vec<Analyzed>| -> Result<()> {
        for result in results {
            match result {
                Analyzed::Article(analyzed, _) if args.json => {
                    for line in output::extract_json(&analyzed) {
                        output::print_json(out, &line)?;
                    }
                }
                Analyzed::Article(analyzed, _) => output::extract_text(out, &analyzed)?,
                Analyzed::Skipped(p) => {
                    skipped = true;
                    reporter.problem(&p, Level::Skipped);
                }
                Analyzed::Warning(p) => reporter.problem(&p, Level::Warning),
                Analyzed::Empty(p) => reporter.problem(&p, Level::Empty),
            }
        }
        Ok(())
    };
    ordered_map(
        batches(Inputs::new(inputs(&args.input))),
        args.input.jobs.unwrap_or_else(default_threads),
        |batch| analyze_batch(&recognizer, batch),
        sink,
    )?;
    reporter.finish();
    Ok(if skipped {
        Outcome::Skipped
    } else {
        Outcome::Success
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_of_one_kind_group_together() {
        assert_eq!(
            problem_kind("invalid JSON: expected value at line 1 column 2"),
            "invalid JSON"
        );
        assert_eq!(problem_kind("empty body"), "empty body");
        assert_eq!(
            problem_kind("unrecognized date \"someday\", indexed without a date"),
            "unrecognized date"
        );
        assert_eq!(
            problem_kind("3 paragraph(s) longer than 64 KB"),
            "3 paragraph(s) longer than 64 KB"
        );
        assert_eq!(thousands(1799), "1,799");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
