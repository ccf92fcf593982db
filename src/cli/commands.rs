//! One function per command: arguments -> library calls -> output.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::ingest::{run_extract, run_ingest};
use super::output;
use super::terminal::Style;
use super::{
    articles, hits, CheckArgs, Cli, ColorChoice, Command, EntitiesArgs, FilterArgs, KindArg,
    NamesAction, NamesArgs, QueryArgs, StatsArgs,
};
use crate::entities::Kind;
use crate::index::{default_dir, NewsIndex};
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
    let color = cli.color;
    match cli.command {
        Command::Ingest(args) => run_ingest(&index_dir, args, out),
        Command::Query(args) => run_query(&index_dir, args, color, out),
        Command::Entities(args) => run_entities(&index_dir, args, out),
        Command::Stats(args) => run_stats(&index_dir, args, out),
        Command::Extract(args) => run_extract(args, out),
        Command::Check(args) => run_check(&index_dir, args, out),
        Command::Names(args) => run_names(&index_dir, args, out),
        Command::Show(args) => articles::run_show(&index_dir, args, color, out),
        Command::List(args) => articles::run_list(&index_dir, args, color, out),
        Command::Delete(args) => articles::run_delete(&index_dir, args, out),
        Command::Serve(args) => {
            let addr = crate::serve::parse_addr(&args.addr)?;
            let edit = crate::serve::Editing {
                enabled: args.edit,
                from_anywhere: args.edit_from_anywhere,
            };
            crate::serve::run(&index_dir, addr, edit, out)?;
            Ok(Outcome::Success)
        }
        Command::Export(args) => super::export::run_export(&index_dir, args, out),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "newsindex", out);
            Ok(Outcome::Success)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(out)?;
            Ok(Outcome::Success)
        }
    }
}

/// Reads a UTF-8 text file of at most `max` bytes (so `/dev/zero` or a huge file cannot
/// exhaust memory), without a byte-order mark.
pub(super) fn read_capped(path: &Path, max: u64) -> Result<String> {
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

fn entity_filters(filters: &FilterArgs) -> Vec<(Kind, String)> {
    tagged([
        (Kind::Person, &filters.person),
        (Kind::Place, &filters.place),
        (Kind::Org, &filters.org),
    ])
}

/// The entities the command line leaves out.
fn entity_exclusions(filters: &FilterArgs) -> Vec<(Kind, String)> {
    tagged([
        (Kind::Person, &filters.not_person),
        (Kind::Place, &filters.not_place),
        (Kind::Org, &filters.not_org),
    ])
}

fn tagged(lists: [(Kind, &Vec<String>); 3]) -> Vec<(Kind, String)> {
    lists
        .into_iter()
        .flat_map(|(kind, names)| names.iter().map(move |n| (kind, n.clone())))
        .collect()
}

/// `request` with the command line's words, entity filters, exclusions and dates.
pub(super) fn with_filters(
    query: Option<String>,
    filters: &FilterArgs,
    request: SearchRequest,
) -> Result<SearchRequest> {
    let (since, until) =
        crate::search::dates::bounds(filters.since.as_deref(), filters.until.as_deref(), "--")?;
    Ok(SearchRequest {
        query,
        filters: entity_filters(filters),
        exclude: entity_exclusions(filters),
        since,
        until,
        ..request
    })
}

/// Opens the index and runs one search with the command line's words and filters; the
/// rest of the request (page, facets, form of the hits) comes in `request`.
fn search(
    index_dir: &Path,
    query: Option<String>,
    filters: &FilterArgs,
    request: SearchRequest,
) -> Result<SearchResult> {
    let mut index = NewsIndex::open(index_dir)?;
    index.search_in_parallel()?;
    let searchable = Searchable::new(&index)?;
    searchable.search(&with_filters(query, filters, request)?)
}

fn run_query(
    index_dir: &Path,
    args: QueryArgs,
    color: ColorChoice,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let request = SearchRequest {
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        group: args.group,
        histogram: args.histogram,
        facets: args.facets.then_some(args.facet_limit),
        full: args.full,
        context: args.context as u64,
        ..SearchRequest::default()
    };
    let result = search(index_dir, args.query.clone(), &args.filters, request)?;
    for warning in &result.warnings {
        eprintln!("warning: {warning}");
    }
    if args.json {
        output::print_json(
            out,
            &crate::search::json::query_json(args.query.as_deref(), &result),
        )?;
    } else if args.jsonl {
        hits::query_jsonl(out, &result)?;
    } else if args.csv {
        hits::query_csv(out, &result)?;
    } else {
        let style = Style::for_stdout(color);
        hits::query_text(out, args.query.as_deref(), &result, args.offset, &style)?;
    }
    Ok(if result.total == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

fn run_entities(index_dir: &Path, args: EntitiesArgs, out: &mut dyn Write) -> Result<Outcome> {
    let request = SearchRequest {
        facets: Some(args.limit),
        facet_variants: args.json,
        ..SearchRequest::default()
    };
    let result = search(index_dir, args.query.clone(), &args.filters, request)?;
    for warning in &result.warnings {
        eprintln!("warning: {warning}");
    }
    let mut facets = result.facets.unwrap_or_default();
    if let Some(kind) = args.kind {
        let kind = kind_of(kind);
        facets.retain(|k, _| *k == kind);
    }
    if args.json {
        output::print_json(
            out,
            &crate::search::json::entities_json(args.query.as_deref(), &facets, result.total),
        )?;
    } else {
        output::entities_text(out, &facets, result.total)?;
    }
    Ok(Outcome::Success)
}

fn run_stats(index_dir: &Path, args: StatsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let stats = Searchable::new(&index)?.stats()?;
    if args.json {
        output::print_json(out, &serde_json::to_value(&stats)?)?;
    } else {
        output::stats_text(out, &stats)?;
    }
    Ok(Outcome::Success)
}

fn run_check(index_dir: &Path, args: CheckArgs, out: &mut dyn Write) -> Result<Outcome> {
    let index = NewsIndex::open_unchecked(index_dir)?;
    let catalog = crate::archive::catalog::FILE;
    let mut report = crate::index::integrity::full_check(index_dir, &index.index, &[catalog])?;
    // the catalog is made from the segments: when they are sound, a damaged or outdated
    // catalog is built again (where the index can be written)
    let segments_sound = report.errors.is_empty() && report.damaged.iter().all(|d| d == catalog);
    if segments_sound
        && !crate::archive::Catalog::stored_fits(&index)?
        && crate::archive::catalog::store::store(&index, None).unwrap_or(false)
    {
        report.damaged.retain(|d| d != catalog);
        report.rebuilt.push(catalog.to_string());
    }
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

pub(super) fn kind_of(kind: KindArg) -> Kind {
    match kind {
        KindArg::Person => Kind::Person,
        KindArg::Place => Kind::Place,
        KindArg::Org => Kind::Org,
    }
}

/// The largest corrections file read.
const MAX_CORRECTIONS_BYTES: u64 = 16 << 20;

fn run_names(index_dir: &Path, args: NamesArgs, out: &mut dyn Write) -> Result<Outcome> {
    match &args.action {
        Some(NamesAction::Apply { file }) => return apply_names(index_dir, file, out),
        Some(NamesAction::Log) => {
            let index = NewsIndex::open(index_dir)?;
            let text = crate::archive::catalog::store::corrections_in_force(&index.dir)?;
            if text.trim().is_empty() {
                writeln!(out, "no corrections in {}", index_dir.display())?;
            }
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let cols: Vec<_> = line
                    .split('\t')
                    .map(crate::cli::terminal::visible)
                    .collect();
                writeln!(out, "{}", cols.join("\t"))?;
            }
            return Ok(Outcome::Success);
        }
        None => {}
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
    let index = NewsIndex::open(index_dir)?;
    let origin = file.display().to_string();
    let new =
        crate::archive::catalog::store::apply(&index, &text, &origin, &format!("from {origin}"))?;
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
