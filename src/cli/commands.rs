//! One function per command: arguments -> library calls -> output.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use tantivy::query::AllQuery;

use crate::cli::output::{self, Stats, Style};
use crate::cli::{
    CheckArgs, Cli, Command, EntitiesArgs, ExtractArgs, FilterArgs, FormatArg, IngestArgs,
    InputArgs, KindArg, NamesAction, NamesArgs, QueryArgs, StatsArgs,
};
use crate::entities::gazetteer::parse_names;
use crate::entities::{Kind, NameEntry, Recognizer};
use crate::index::schema;
use crate::index::writer::{ArticleWriter, WriterSettings};
use crate::index::{default_dir, NewsIndex};
use crate::ingest::article::{
    parse_date, Format, Input, Inputs, Problem, MAX_DATE_SECS, MIN_DATE_SECS,
};
use crate::ingest::parallel::{default_threads, ordered_map};
use crate::ingest::pipeline::{analyze_batch, batches, ingest, Analyzed, IngestSummary, Observer};
use crate::search::facets::{Facet, FacetCounts};
use crate::search::{SearchRequest, SearchResult, Searchable};

/// How a command ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// `query` found nothing: exit 1.
    NoMatch,
    /// Done, but some input was skipped: exit 2.
    Skipped,
}

/// Runs a parsed command line, writing results to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<Outcome> {
    let index_dir = cli.index.clone().unwrap_or_else(default_dir);
    match cli.command {
        Command::Ingest(args) => run_ingest(&index_dir, args, out),
        Command::Query(args) => run_query(&index_dir, args, out),
        Command::Entities(args) => run_entities(&index_dir, args, out),
        Command::Stats(args) => run_stats(&index_dir, args, out),
        Command::Extract(args) => run_extract(args, out),
        Command::Check(args) => run_check(&index_dir, args, out),
        Command::Names(args) => run_names(&index_dir, args, out),
    }
}

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

/// Reads a UTF-8 text file of at most `max` bytes (so `/dev/zero` or a huge file cannot
/// exhaust memory), without a byte-order mark.
fn read_capped(path: &Path, max: u64) -> Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        bail!("larger than {} MB", max >> 20);
    }
    let text = String::from_utf8(bytes).context("not valid UTF-8")?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Prints problems to stderr and shows progress on a terminal.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
}

impl Reporter {
    fn new() -> Reporter {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Reporter { bar }
    }
}

impl Observer for Reporter {
    fn problem(&mut self, problem: &Problem, skipped: bool) {
        let line = if skipped {
            format!("{problem}")
        } else {
            format!("{}: warning: {}", problem.location, problem.reason)
        };
        let line = crate::cli::terminal::visible(&line).into_owned();
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn progress(&mut self, s: &IngestSummary) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "{} articles, {} paragraphs, {:.1} MB read, {:.1} MB/s",
                s.articles,
                s.paragraphs,
                s.bytes as f64 / 1e6,
                s.mb_per_second()
            ));
        }
    }
}

fn run_ingest(index_dir: &Path, args: IngestArgs, out: &mut dyn Write) -> Result<Outcome> {
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
    let mut reporter = Reporter::new();
    let mut summary = ingest(
        Inputs::new(inputs(&args.input)),
        &recognizer,
        &mut writer,
        args.commit_every,
        args.input.jobs.unwrap_or_else(default_threads),
        &mut reporter,
    )?;
    writer.finish()?;
    summary.commits += 1;
    summary.seconds = started.elapsed().as_secs_f64();
    if let Some(bar) = reporter.bar.take() {
        bar.finish_and_clear();
    }
    if args.json {
        output::print_json(out, &serde_json::to_value(&summary)?)?;
    } else {
        output::ingest_text(out, &summary, index_dir)?;
    }
    Ok(if summary.skipped > 0 {
        Outcome::Skipped
    } else {
        Outcome::Success
    })
}

/// Parses `--since`/`--until`: a date, or an RFC 3339 time. `until` is inclusive of the
/// whole day when only a date is given; the result is an exclusive bound. Bounds beyond
/// the dates an index can hold are brought within them (`--since 2300-01-01` matches
/// nothing, `--until 1600-01-01` nothing either).
fn date_bounds(filters: &FilterArgs) -> Result<(Option<i64>, Option<i64>)> {
    let (since, until) = typed_date_bounds(filters)?;
    let empty = Ok((Some(MIN_DATE_SECS), Some(MIN_DATE_SECS)));
    if since.is_some_and(|s| s > MAX_DATE_SECS) || until.is_some_and(|u| u <= MIN_DATE_SECS) {
        return empty;
    }
    if let (Some(s), Some(u)) = (since, until) {
        if s >= u {
            return empty;
        }
    }
    Ok((
        since.map(|s| s.max(MIN_DATE_SECS)),
        until.map(|u| u.min(MAX_DATE_SECS)),
    ))
}

/// `--since` and `--until` as typed, in seconds (`until` exclusive).
fn typed_date_bounds(filters: &FilterArgs) -> Result<(Option<i64>, Option<i64>)> {
    let parse = |s: &str, flag: &str| {
        parse_date(s)
            .with_context(|| format!("{flag} {s:?}: expected YYYY-MM-DD or an RFC 3339 time"))
    };
    let since = filters
        .since
        .as_deref()
        .map(|s| parse(s, "--since"))
        .transpose()?;
    let until = match filters.until.as_deref() {
        None => None,
        Some(s) => {
            let t = parse(s, "--until")?;
            let date_only = s.trim().len() == 10;
            Some(if date_only { t + 86_400 } else { t + 1 })
        }
    };
    Ok((since, until))
}

fn entity_filters(filters: &FilterArgs) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for (kind, names) in [
        (Kind::Person, &filters.person),
        (Kind::Place, &filters.place),
        (Kind::Org, &filters.org),
    ] {
        out.extend(names.iter().map(|n| (kind, n.clone())));
    }
    out
}

/// Opens the index and runs one search with the command line's words and filters.
fn search(
    index_dir: &Path,
    query: Option<String>,
    filters: &FilterArgs,
    page: (usize, usize),
    facets: Option<usize>,
    facet_variants: bool,
) -> Result<SearchResult> {
    let mut index = NewsIndex::open(index_dir)?;
    index.search_in_parallel()?;
    let searchable = Searchable::new(&index)?;
    let (since, until) = date_bounds(filters)?;
    let (limit, offset) = page;
    searchable.search(&SearchRequest {
        query,
        filters: entity_filters(filters),
        since,
        until,
        limit,
        offset,
        facets,
        facet_variants,
    })
}

fn run_query(index_dir: &Path, args: QueryArgs, out: &mut dyn Write) -> Result<Outcome> {
    let facets = args.facets.then_some(args.facet_limit);
    let page = (args.limit, args.offset);
    let result = search(
        index_dir,
        args.query.clone(),
        &args.filters,
        page,
        facets,
        false,
    )?;
    if args.json {
        output::print_json(out, &output::query_json(args.query.as_deref(), &result))?;
    } else {
        output::query_text(
            out,
            args.query.as_deref(),
            &result,
            args.offset,
            Style::detect(),
        )?;
    }
    Ok(if result.total == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

fn run_entities(index_dir: &Path, args: EntitiesArgs, out: &mut dyn Write) -> Result<Outcome> {
    let result = search(
        index_dir,
        args.query.clone(),
        &args.filters,
        (0, 0),
        Some(args.limit),
        args.json,
    )?;
    let mut facets = result.facets.unwrap_or_default();
    if let Some(kind) = args.kind {
        let kind = kind_of(kind);
        facets.retain(|k, _| *k == kind);
    }
    if args.json {
        output::print_json(
            out,
            &output::entities_json(args.query.as_deref(), &facets, result.total),
        )?;
    } else {
        output::entities_text(out, &facets, result.total)?;
    }
    Ok(Outcome::Success)
}

fn run_stats(index_dir: &Path, args: StatsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searchable = Searchable::new(&index)?;
    let searcher = searchable.searcher();
    let collector = FacetCounts::of([Facet::field(schema::ARTICLE_ID)], None);
    let counts = searcher.search(&AllQuery, &collector)?;
    // entities of each kind that some paragraph names (and the user did not hide)
    let catalog = searchable.catalog()?;
    let mut entities = BTreeMap::new();
    for kind in Kind::ALL {
        let shown = catalog
            .range(kind)
            .filter(|&id| !catalog.name(id).1 && catalog.entity(id).count > 0)
            .count();
        entities.insert(kind.as_str().to_string(), shown as u64);
    }
    let stats = Stats {
        articles: counts.first().map_or(0, |c| c.len() as u64),
        paragraphs: searcher.num_docs(),
        entities,
        index_bytes: index.size_bytes(),
        index: index_dir.display().to_string(),
    };
    if args.json {
        output::print_json(out, &serde_json::to_value(&stats)?)?;
    } else {
        output::stats_text(out, &stats)?;
    }
    Ok(Outcome::Success)
}

fn run_extract(args: ExtractArgs, out: &mut dyn Write) -> Result<Outcome> {
    let names = user_names(args.input.names.as_deref())?;
    let recognizer = Recognizer::new(&names);
    let mut reporter = Reporter { bar: None };
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
                    reporter.problem(&p, true);
                }
                Analyzed::Warning(p) => reporter.problem(&p, false),
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
    Ok(if skipped {
        Outcome::Skipped
    } else {
        Outcome::Success
    })
}

fn run_check(index_dir: &Path, args: CheckArgs, out: &mut dyn Write) -> Result<Outcome> {
    let index = NewsIndex::open_unchecked(index_dir)?;
    let report = crate::index::integrity::full_check(index_dir, &index.index)?;
    if args.json {
        output::print_json(out, &serde_json::to_value(&report)?)?;
    } else {
        output::check_text(out, &report)?;
    }
    if report.ok() {
        Ok(Outcome::Success)
    } else {
        bail!(
            "index at {} is damaged; delete the directory and ingest the articles again to rebuild it",
            index_dir.display()
        )
    }
}

fn kind_of(kind: KindArg) -> Kind {
    match kind {
        KindArg::Person => Kind::Person,
        KindArg::Place => Kind::Place,
        KindArg::Org => Kind::Org,
    }
}

/// The largest corrections file read.
const MAX_CORRECTIONS_BYTES: u64 = 16 << 20;

fn run_names(index_dir: &Path, args: NamesArgs, out: &mut dyn Write) -> Result<Outcome> {
    if let Some(NamesAction::Apply { file }) = &args.action {
        return apply_names(index_dir, file, out);
    }
    let index = NewsIndex::open(index_dir)?;
    let searchable = Searchable::new(&index)?;
    let catalog = searchable.catalog()?;
    let kinds: Vec<Kind> = match args.kind {
        Some(k) => vec![kind_of(k)],
        None => Kind::ALL.to_vec(),
    };
    let mut listing = BTreeMap::new();
    for kind in kinds {
        let mut entities: Vec<crate::archive::catalog::EntityInfo> = catalog
            .range(kind)
            .map(|id| catalog.entity(id))
            .filter(|e| e.count > 0)
            .collect();
        entities.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        entities.truncate(args.limit);
        listing.insert(kind, entities);
    }
    if args.json {
        output::print_json(out, &output::names_json(&listing))?;
    } else {
        output::names_text(out, &listing)?;
    }
    Ok(Outcome::Success)
}

fn apply_names(index_dir: &Path, file: &Path, out: &mut dyn Write) -> Result<Outcome> {
    let text = read_capped(file, MAX_CORRECTIONS_BYTES)
        .with_context(|| format!("reading {}", file.display()))?;
    let new = crate::archive::Corrections::parse(&text, &file.display().to_string())?;
    let index = NewsIndex::open(index_dir)?;
    // no ingest may rewrite the catalog meanwhile
    let _lock = crate::index::writer::lock(&index)?;
    let kept = index_dir.join(crate::archive::corrections::FILE);
    let mut all = match std::fs::read_to_string(&kept) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::from(
            "# corrections applied by `newsindex names apply`, in order; applied again after every ingest\n",
        ),
        Err(e) => return Err(anyhow::Error::new(e).context(format!("reading {}", kept.display()))),
    };
    if !all.ends_with('\n') {
        all.push('\n');
    }
    all.push_str(&format!("# from {}\n", file.display()));
    all.push_str(text.strip_prefix('\u{feff}').unwrap_or(&text));
    if !all.ends_with('\n') {
        all.push('\n');
    }
    let tmp = index_dir.join(format!("{}.tmp", crate::archive::corrections::FILE));
    std::fs::write(&tmp, &all).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &kept).with_context(|| format!("writing {}", kept.display()))?;
    let searcher = index.reader()?.searcher();
    crate::archive::catalog::write(index_dir, &searcher, &index.fields)?;
    // a name no article wrote does nothing: say so
    let searchable = Searchable::new(&index)?;
    let catalog = searchable.catalog()?;
    for (line, correction) in new.numbered() {
        for (kind, name) in correction.names() {
            let known = Kind::ALL
                .into_iter()
                .any(|k| catalog.entity_of(k, name).is_some())
                || !crate::archive::lookup::find(&catalog, kind, name).is_empty();
            if !known {
                eprintln!(
                    "{}",
                    crate::cli::terminal::visible(&format!(
                        "{}:{line}: warning: no {kind} named {name:?} in the index; this line changes nothing yet",
                        file.display()
                    ))
                );
            }
        }
    }
    writeln!(
        out,
        "applied {} correction{} to {}; they apply again after every ingest",
        new.len(),
        if new.len() == 1 { "" } else { "s" },
        index_dir.display()
    )?;
    Ok(Outcome::Success)
}
