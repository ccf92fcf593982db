//! The tantivy index: schema and analyzers, opening and creating, writing and reading.

pub mod analyzer;
pub mod articles;
pub mod directory;
pub mod integrity;
pub mod schema;
pub mod stemmer;
pub mod writer;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tantivy::{Index, IndexReader, ReloadPolicy};

use directory::ReadableDir;

pub use schema::{build_schema, Fields};

/// Marker file that says a directory holds a newsindex index, and of which schema version.
pub(crate) const MARKER: &str = "newsindex.json";

/// The index size (paragraphs) from which a query searches segments on several threads.
/// One `query --facets --json` process on 2 cores, alternating 1 and 2 threads, median of
/// 25 runs of four queries: at 105,470 paragraphs (BBC x10) one thread was 0.3-1.0 ms
/// faster; at 538,610 (Reuters x5) two threads were faster for three of the four queries
/// (by up to 1.8 ms); at 2.15 million (Reuters x20) 23 ms against 32.
pub const PARALLEL_FROM_DOCS: u64 = 300_000;

/// An open newsindex index.
pub struct NewsIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
}

/// The default index directory: `$XDG_DATA_HOME/newsindex/index`, else
/// `$HOME/.local/share/newsindex/index`, else `.newsindex` in the current directory.
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("newsindex").join("index");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h)
            .join(".local")
            .join("share")
            .join("newsindex")
            .join("index");
    }
    PathBuf::from(".newsindex")
}

impl NewsIndex {
    /// Opens an existing index for reading or writing. A reader needs no write permission.
    pub fn open(dir: &Path) -> Result<NewsIndex> {
        if !dir.exists() {
            bail!(
                "no index at {} (run `newsindex ingest FILE` first, or pass --index DIR)",
                dir.display()
            );
        }
        if !dir.join("meta.json").exists() {
            bail!(
                "{} is not a newsindex index (no meta.json); pass the directory `newsindex ingest` wrote",
                dir.display()
            );
        }
        let index = Self::open_unchecked(dir)?;
        integrity::quick_check(dir, &index.index)?;
        Ok(index)
    }

    /// Opens an existing index without comparing its files with the record of the last
    /// ingest (for `check`, which checks them all).
    pub fn open_unchecked(dir: &Path) -> Result<NewsIndex> {
        if !dir.join("meta.json").exists() {
            return Self::open(dir);
        }
        check_marker(dir)?;
        let index = ReadableDir::open(dir)
            .and_then(Index::open)
            .map_err(|e| integrity::damaged(dir, "opening", e.into()))?;
        Self::wrap(index, dir)
    }

    /// Opens the index at `dir`, creating the directory and an empty index if needed.
    ///
    /// A new index is built in a sibling directory and renamed into place, so that two
    /// processes creating the same index at once cannot see each other's half-made files:
    /// the second rename fails (the directory is no longer empty) and that process opens
    /// the index the first one made.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex> {
        if dir.join("meta.json").exists() {
            return Self::open(dir);
        }
        if dir.exists()
            && dir
                .read_dir()
                .map(|mut d| d.next().is_some())
                .unwrap_or(false)
        {
            bail!(
                "{} exists and is not empty but holds no index; choose another --index directory",
                dir.display()
            );
        }
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("creating directory {}", parent.display()))?;
        let name = dir
            .file_name()
            .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        let made = create_in(&staging);
        let renamed = made.and_then(|()| {
            std::fs::rename(&staging, dir)
                .with_context(|| format!("moving the new index into {}", dir.display()))
        });
        if let Err(e) = renamed {
            let _ = std::fs::remove_dir_all(&staging);
            // another process made the index first: use it
            if dir.join("meta.json").exists() {
                return Self::open(dir);
            }
            return Err(e);
        }
        Self::open(dir)
    }

    /// An index in memory, for tests.
    pub fn in_ram() -> Result<NewsIndex> {
        let index = Index::create_in_ram(build_schema());
        Self::wrap(index, Path::new(""))
    }

    fn wrap(index: Index, dir: &Path) -> Result<NewsIndex> {
        analyzer::register_index_side(index.tokenizers());
        let fields = Fields::from_schema(&index.schema()).with_context(|| {
            format!(
                "{} was not written by newsindex (schema differs)",
                dir.display()
            )
        })?;
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// Searches segments on as many threads as the machine has cores, at most 4, once the
    /// index is large enough for that to pay: a search then takes about as long as its
    /// largest segment. Below [`PARALLEL_FROM_DOCS`] paragraphs, starting the threads costs
    /// more than it saves.
    pub fn search_in_parallel(&mut self) -> Result<()> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let segments = self.index.searchable_segment_metas()?;
        let docs: u64 = segments.iter().map(|m| u64::from(m.num_docs())).sum();
        if threads > 1 && segments.len() > 1 && docs >= PARALLEL_FROM_DOCS {
            self.index
                .set_multithread_executor(threads)
                .context("starting search threads")?;
        }
        Ok(())
    }

    /// A reader that sees the last commit.
    pub fn reader(&self) -> Result<IndexReader> {
        reader_of(&self.index).map_err(|e| {
            if self.dir.as_os_str().is_empty() {
                e
            } else {
                integrity::damaged(&self.dir, "reading", e)
            }
        })
    }

    /// Bytes on disk of every file in the index directory.
    pub fn size_bytes(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// Creates an empty index, with its marker, in a new directory `dir`.
fn create_in(dir: &Path) -> Result<()> {
    std::fs::create_dir(dir)
        .with_context(|| format!("creating index directory {}", dir.display()))?;
    // the marker first: tantivy's own files take its permissions (see `ReadableDir`)
    let marker = serde_json::json!({ "schema_version": schema::SCHEMA_VERSION });
    std::fs::write(dir.join(MARKER), format!("{marker}\n"))
        .with_context(|| format!("writing {}", dir.join(MARKER).display()))?;
    let index = ReadableDir::open(dir)
        .and_then(|d| Index::create(d, build_schema(), Default::default()))
        .with_context(|| format!("creating index at {}", dir.display()))?;
    drop(index);
    Ok(())
}

/// A reader of `index` that sees its last commit (and no later one: reloads are manual).
fn reader_of(index: &Index) -> Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context("opening index reader")
}

fn check_marker(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "{} holds a tantivy index that newsindex did not write (no {MARKER})",
            dir.display()
        )
    })?;
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("schema_version")?.as_u64());
    match version {
        Some(v) if v == u64::from(schema::SCHEMA_VERSION) => Ok(()),
        Some(v) => bail!(
            "index at {} has schema version {v}, this newsindex reads version {}: delete the directory and ingest again",
            dir.display(),
            schema::SCHEMA_VERSION
        ),
        None => bail!("{} is damaged: no schema_version", path.display()),
    }
}
