//! The `newsindex` command line: its arguments (clap types, here; nothing outside `cli`
//! sees them), [`commands`] that run them, [`output`] that prints their results, and
//! [`terminal`] that keeps untrusted text from acting on the terminal.

pub mod articles;
pub mod commands;
pub mod export;
pub mod hits;
pub mod ingest;
pub mod output;
pub mod terminal;

use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::search::histogram::Histogram;
use crate::search::Sort;

/// The most hits one `query` prints, and the most entities per kind a listing shows: enough
/// for any screen or script page, and a bound on memory (each hit carries its paragraph).
pub const MAX_LIMIT: u64 = 10_000;
/// The deepest a page may start (`--offset`): the search keeps offset + limit hits ranked.
pub const MAX_OFFSET: u64 = 1_000_000;
/// The most indexing threads: each needs at least 15 MB of the memory budget, and tantivy
/// itself uses at most 8 by default.
pub const MAX_THREADS: u64 = 16;
/// The largest indexing memory budget, in MB.
pub const MAX_MEMORY_MB: u64 = 16 * 1024;

fn ranged(min: u64, max: u64) -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::<usize>::new().range(min..=max)
}

/// Paragraph-level news search with people, places and organizations as facets.
///
/// Ingest articles (text, Markdown, JSON, JSON Lines), then search their paragraphs with
/// ranked keyword queries and filter or facet them by the entities they name.
#[derive(Debug, Parser)]
#[command(name = "newsindex", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  newsindex ingest data/000_c5fd127ae03c9c49.txt\n  newsindex query hostages --facets\n  newsindex query --person Burns --json\n  newsindex entities --kind place --query hostages"
)]
pub struct Cli {
    /// Index directory [default: $XDG_DATA_HOME/newsindex/index or ~/.local/share/newsindex/index]
    #[arg(long, global = true, env = "NEWSINDEX_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to colour the output: auto (a terminal, and NO_COLOR unset), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles into the index (re-ingesting an article replaces it)
    Ingest(IngestArgs),
    /// Search paragraphs: ranked by BM25, filtered by entities and dates
    Query(QueryArgs),
    /// The most mentioned people, places and organizations
    Entities(EntitiesArgs),
    /// Counts of articles, paragraphs and distinct entities in the index
    Stats(StatsArgs),
    /// Split and recognize articles without indexing them; print what was found
    Extract(ExtractArgs),
    /// Verify every index file against its checksum and open every segment
    Check(CheckArgs),
    /// The archive's entities with the names they go by; `names apply FILE` corrects them
    Names(NamesArgs),
    /// Print one article whole, paragraph by paragraph
    Show(ShowArgs),
    /// List the articles in the index: id, date, paragraphs, title or source
    List(ListArgs),
    /// Remove articles from the index by id
    Delete(DeleteArgs),
    /// Serve a search page and a JSON API over HTTP (read-only; sees new commits live)
    Serve(ServeArgs),
    /// Write the paragraphs, with their entities after corrections, as files Quickwit,
    /// OpenSearch or any NDJSON loader takes as they are
    Export(ExportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff); e.g. `newsindex man > newsindex.1`
    Man,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Input format, for standard input (files are known by their extension).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Txt,
    Md,
    Jsonl,
    Json,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to read (.txt, .md, .jsonl, .ndjson, .json); `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Format of standard input [default: guessed from its first character]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// A TSV file of extra names: kind<TAB>canonical name<TAB>alias... (kind: person, place, org)
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,

    /// Threads that split articles and recognize their entities, 1-64 [default: one per core]
    #[arg(long, short = 'j', value_name = "N", value_parser = ranged(1, 64))]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Indexing threads, 1-16 [default: the number of cores, at most 4]
    #[arg(long, value_name = "N", value_parser = ranged(1, MAX_THREADS))]
    pub threads: Option<usize>,

    /// Indexing memory budget in MB, shared by the threads (at least 15 MB a thread)
    #[arg(long, value_name = "MB", default_value_t = 256, value_parser = ranged(1, MAX_MEMORY_MB))]
    pub memory: usize,

    /// Commit every N paragraphs: a run that is killed keeps everything up to its last commit
    #[arg(long, value_name = "N", default_value_t = crate::ingest::pipeline::DEFAULT_COMMIT_EVERY,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every: u64,

    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,

    /// Print nothing but errors and the count of problems
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print every problem, not only the first of each kind
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only paragraphs naming this person (canonical name or alias, e.g. "Burns"); repeatable
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,

    /// Only paragraphs naming this place (e.g. "Qatar", "Israeli"); repeatable
    #[arg(long, value_name = "NAME")]
    pub place: Vec<String>,

    /// Only paragraphs naming this organization (e.g. "U.N."); repeatable
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,

    /// Leave out paragraphs naming this person; repeatable
    #[arg(long, value_name = "NAME")]
    pub not_person: Vec<String>,

    /// Leave out paragraphs naming this place; repeatable
    #[arg(long, value_name = "NAME")]
    pub not_place: Vec<String>,

    /// Leave out paragraphs naming this organization; repeatable
    #[arg(long, value_name = "NAME")]
    pub not_org: Vec<String>,

    /// Only articles published on or after this date (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles published on or before this date (a whole day when no time is given)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Words, "phrases", OR, -exclusions, field:value (tantivy syntax); AND by default.
    /// Without a query, filters list paragraphs in article and paragraph order.
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Number of hits to show (at most 10,000)
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N", value_parser = ranged(0, MAX_LIMIT))]
    pub limit: usize,

    /// Hits to skip before the first one shown (at most 1,000,000)
    #[arg(long, default_value_t = 0, value_name = "N", value_parser = ranged(0, MAX_OFFSET))]
    pub offset: usize,

    /// Order of the hits: score (best first; article order without words), date (oldest
    /// first) or -date (newest first)
    #[arg(long, default_value = "score", value_name = "ORDER", value_parser = parse_sort, allow_hyphen_values = true)]
    pub sort: Sort,

    /// One hit per article, its best paragraph, with how many more match; a paragraph
    /// repeated word for word in other articles is shown once
    #[arg(long)]
    pub group: bool,

    /// Also count all matches over time, by day, month, year or auto
    #[arg(long, value_name = "INTERVAL", value_parser = parse_histogram)]
    pub histogram: Option<Histogram>,

    /// Also count the top entities of each kind over all matching paragraphs
    #[arg(long)]
    pub facets: bool,

    /// Entities per kind in --facets (at most 10,000)
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = ranged(1, MAX_LIMIT))]
    pub facet_limit: usize,

    /// Show N paragraphs of the article before and after each hit (at most 100)
    #[arg(long, short = 'C', default_value_t = 0, value_name = "N", value_parser = ranged(0, 100))]
    pub context: usize,

    /// Show whole paragraphs instead of snippets
    #[arg(long)]
    pub full: bool,

    /// Print one JSON document
    #[arg(long, conflicts_with_all = ["jsonl", "csv"])]
    pub json: bool,

    /// Print one JSON object per hit per line (no facets)
    #[arg(long, conflicts_with_all = ["csv", "facets"])]
    pub jsonl: bool,

    /// Print CSV with a header row, one hit per row (no facets)
    #[arg(long, conflicts_with = "facets")]
    pub csv: bool,
}

fn parse_sort(s: &str) -> Result<Sort, String> {
    Sort::parse(s).ok_or_else(|| "expected score, date or -date".to_string())
}

fn parse_histogram(s: &str) -> Result<Histogram, String> {
    Histogram::parse(s).ok_or_else(|| "expected day, month, year or auto".to_string())
}

/// An entity kind.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Person,
    Place,
    Org,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Only this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// Count over the paragraphs matching this query instead of the whole index
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Entities per kind (at most 10,000)
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N", value_parser = ranged(1, MAX_LIMIT))]
    pub limit: usize,

    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NamesArgs {
    #[command(subcommand)]
    pub action: Option<NamesAction>,

    /// Only this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// Entities per kind, most mentioned first (at most 10,000)
    #[arg(long, short = 'n', default_value_t = 50, value_name = "N", value_parser = ranged(1, MAX_LIMIT))]
    pub limit: usize,

    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum NamesAction {
    /// Apply corrections to the index's entities at once, and keep them for later ingests:
    /// lines `merge KIND NAME INTO`, `split KIND NAME`, `rename KIND NAME NEW`,
    /// `retype KIND NAME NEWKIND`, `hide KIND NAME`, or `KIND CANONICAL ALIAS...` (tabs
    /// between columns)
    Apply {
        /// The corrections file (TSV)
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the corrections in force, in order, each group under a line saying where it
    /// came from (a file, or a search page's client and when)
    Log,
}

/// The engine an export is for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TargetArg {
    /// paragraphs.ndjson: one JSON document a line
    Ndjson,
    /// paragraphs.ndjson and index-config.yaml (a Quickwit doc mapping)
    Quickwit,
    /// bulk.ndjson (the _bulk format) and index.json (settings and mappings)
    Opensearch,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The engine to export for
    #[arg(long, value_enum)]
    pub to: TargetArg,

    /// The directory to write to (created if needed)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Only the paragraphs matching these words (the syntax of `query`)
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// The index's name in the engine
    #[arg(long, default_value = "newsindex", value_name = "NAME", value_parser = parse_index_id)]
    pub index_id: String,

    /// Gzip the data files (.ndjson.gz)
    #[arg(long)]
    pub compress: bool,

    /// Start a new data file past this many megabytes (default: 10 for Quickwit's ingest
    /// API and NDJSON, 50 for a _bulk request)
    #[arg(long, value_name = "MB", value_parser = parse_megabytes)]
    pub max_file_mb: Option<f64>,

    /// Print the summary as one JSON document
    #[arg(long)]
    pub json: bool,
}

fn parse_megabytes(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(mb) if (0.01..=10_000.0).contains(&mb) => Ok(mb),
        _ => Err("a number of megabytes from 0.01 to 10000".to_string()),
    }
}

/// An index id both engines accept: lowercase letters, digits, `-` and `_`, starting with
/// a letter, at most 255 bytes.
fn parse_index_id(s: &str) -> Result<String, String> {
    let ok = s.len() <= 255
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(s.to_string())
    } else {
        Err("lowercase letters, digits, - and _, starting with a letter".to_string())
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on: HOST:PORT, or a port on 127.0.0.1 (port 0 picks a free one)
    #[arg(long, default_value = crate::serve::DEFAULT_ADDR, value_name = "HOST:PORT")]
    pub addr: String,

    /// Let the search page correct entities (hide, rename, merge, retype, split), as
    /// `names apply` does; kept in the index with the client's address and the time
    #[arg(long)]
    pub edit: bool,

    /// With --edit on an address other than loopback: let anyone who can reach it edit
    #[arg(long, requires = "edit")]
    pub edit_from_anywhere: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as `query` and `list` print it
    #[arg(value_name = "ARTICLE_ID")]
    pub article_id: String,

    /// Mark this paragraph (the one a hit named)
    #[arg(long, short = 'p', value_name = "N")]
    pub paragraph: Option<u64>,

    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Number of articles to list [default: all]
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,

    /// Articles to skip before the first one listed
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Ids of the articles to remove; `-` reads ids from standard input, one a line
    #[arg(required = true, value_name = "ARTICLE_ID")]
    pub article_ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Print one JSON object per paragraph per line
    #[arg(long)]
    pub json: bool,
}
