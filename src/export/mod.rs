//! `newsindex export`: the archive's paragraphs, with their entities after the user's
//! corrections, as files another engine loads as they are, for when an archive outgrows one
//! machine (see `docs/scale-out.md`):
//!
//! - `ndjson`: `paragraphs.ndjson`, one document a line ([`document`]);
//! - `quickwit`: the same and `index-config.yaml` ([`engines::quickwit_config`]);
//! - `opensearch`: `index.json` (settings and mappings) and `bulk.ndjson` in `_bulk` form.
//!
//! Documents are read segment by segment from the doc store (or, for a query's matches, in
//! index order) and written as they come, so memory does not grow with the archive. A file
//! that would pass its bound (10 MB for Quickwit's ingest API, 50 MB for a `_bulk` request)
//! is continued in the next (`paragraphs-0002.ndjson`...); a lone file keeps the plain name.

pub mod document;
pub mod engines;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use tantivy::{DocAddress, TantivyDocument};

use crate::index::NewsIndex;
use crate::search::{SearchRequest, Searchable};
use document::Documents;

/// Where the export goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Ndjson,
    Quickwit,
    Opensearch,
}

/// What to export and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub target: Target,
    pub dir: PathBuf,
    pub index_id: String,
    pub compress: bool,
    /// Only the matches of this search (its words, filters and dates); every paragraph
    /// without.
    pub search: Option<SearchRequest>,
    /// The most bytes of one data file (before compression); `None`: the target's bound.
    pub max_file_bytes: Option<u64>,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub documents: u64,
    pub undated: u64,
    /// Bytes of documents written, before compression.
    pub bytes: u64,
    pub files: Vec<String>,
}

/// Quickwit's ingest API takes bodies of up to 10 MiB.
const QUICKWIT_FILE_BYTES: u64 = 10_000_000;
/// A `_bulk` request of at most this many bytes is accepted by OpenSearch's defaults.
const BULK_FILE_BYTES: u64 = 50_000_000;

/// Exports the index; `progress` is told how many paragraphs there are, then each one done.
pub fn export(
    index: &NewsIndex,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary> {
    std::fs::create_dir_all(&options.dir)
        .with_context(|| format!("creating {}", options.dir.display()))?;
    let searchable = Searchable::new(index)?;
    let catalog = searchable.catalog()?;
    let mut documents = Documents::new(&catalog, index.fields);
    let (stem, bound) = match options.target {
        Target::Opensearch => ("bulk", BULK_FILE_BYTES),
        Target::Ndjson | Target::Quickwit => ("paragraphs", QUICKWIT_FILE_BYTES),
    };
    let mut out = Parts::new(
        &options.dir,
        stem,
        options.compress,
        options.max_file_bytes.unwrap_or(bound),
    );
    let mut summary = Summary::default();
    let mut write = |doc: &TantivyDocument, summary: &mut Summary| -> Result<()> {
        let Some(fields) = documents.document(doc) else {
            return Ok(());
        };
        let mut lines = String::new();
        if options.target == Target::Opensearch {
            let id = fields["article_id"].as_str().unwrap_or("");
            let paragraph = fields["paragraph"].as_u64().unwrap_or(0);
            lines.push_str(&engines::bulk_action(&options.index_id, id, paragraph).to_string());
            lines.push('\n');
        }
        if !fields.contains_key("date") {
            summary.undated += 1;
        }
        lines.push_str(&Value::Object(fields).to_string());
        lines.push('\n');
        out.write(lines.as_bytes())?;
        summary.documents += 1;
        summary.bytes += lines.len() as u64;
        Ok(())
    };
    let searcher = searchable.searcher();
    match &options.search {
        None => {
            progress(Progress::Total(searcher.num_docs()));
            for segment in searcher.segment_readers() {
                let store = segment.get_store_reader(100)?;
                for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                    write(&doc.context("reading a stored paragraph")?, &mut summary)?;
                    progress(Progress::Done(1));
                }
            }
        }
        Some(request) => {
            let mut addresses: Vec<DocAddress> = searchable.matching(request)?;
            addresses.sort_unstable();
            progress(Progress::Total(addresses.len() as u64));
            for address in addresses {
                let doc: TantivyDocument = searcher
                    .doc(address)
                    .context("reading a stored paragraph")?;
                write(&doc, &mut summary)?;
                progress(Progress::Done(1));
            }
        }
    }
    summary.files = out.finish()?;
    let mut extra = |name: &str, text: &str| -> Result<()> {
        let path = options.dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        summary.files.insert(0, name.to_string());
        Ok(())
    };
    match options.target {
        Target::Ndjson => {}
        Target::Quickwit => {
            // a timestamp field only when every document has a date: Quickwit rejects one
            // without
            let timestamp = summary.documents > 0 && summary.undated == 0;
            extra(
                "index-config.yaml",
                &engines::quickwit_config(&options.index_id, timestamp),
            )?;
        }
        Target::Opensearch => {
            let index = serde_json::to_string_pretty(&engines::opensearch_index())?;
            extra("index.json", &(index + "\n"))?;
        }
    }
    Ok(summary)
}

/// What [`export`] reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    Total(u64),
    Done(u64),
}

/// One data file being written, plain or gzipped.
enum Sink {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
}

impl Sink {
    fn create(path: &Path, compress: bool) -> Result<Sink> {
        let file = BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        Ok(if compress {
            Sink::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            ))
        } else {
            Sink::Plain(file)
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Plain(w) => w.write_all(bytes),
            Sink::Gzip(w) => w.write_all(bytes),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        let mut file = match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w.finish()?,
        };
        file.flush()?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()
    }
}

/// Data files of at most `bound` bytes each, numbered; renamed to the plain name at the end
/// when one was enough.
struct Parts {
    dir: PathBuf,
    stem: &'static str,
    compress: bool,
    bound: u64,
    current: Option<(Sink, u64)>,
    names: Vec<String>,
}

impl Parts {
    fn new(dir: &Path, stem: &'static str, compress: bool, bound: u64) -> Parts {
        Parts {
            dir: dir.to_path_buf(),
            stem,
            compress,
            bound: bound.max(1),
            current: None,
            names: Vec::new(),
        }
    }

    fn extension(&self) -> &'static str {
        if self.compress {
            "ndjson.gz"
        } else {
            "ndjson"
        }
    }

    /// Writes `bytes` (whole lines: never split across files).
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let full = self
            .current
            .as_ref()
            .is_some_and(|(_, n)| *n > 0 && n + bytes.len() as u64 > self.bound);
        if full || self.current.is_none() {
            self.close()?;
            let name = format!(
                "{}-{:04}.{}",
                self.stem,
                self.names.len() + 1,
                self.extension()
            );
            let sink = Sink::create(&self.dir.join(&name), self.compress)?;
            self.names.push(name);
            self.current = Some((sink, 0));
        }
        if let Some((sink, n)) = &mut self.current {
            sink.write_all(bytes).context("writing the export")?;
            *n += bytes.len() as u64;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        if let Some((sink, _)) = self.current.take() {
            sink.finish().context("writing the export")?;
        }
        Ok(())
    }

    /// Closes the last file; a lone file takes the plain name (`paragraphs.ndjson`).
    fn finish(mut self) -> Result<Vec<String>> {
        self.close()?;
        let plain = format!("{}.{}", self.stem, self.extension());
        if self.names.is_empty() {
            // nothing matched: an empty file still says so to a loader
            Sink::create(&self.dir.join(&plain), self.compress)?.finish()?;
            return Ok(vec![plain]);
        }
        if self.names.len() == 1 {
            std::fs::rename(self.dir.join(&self.names[0]), self.dir.join(&plain))?;
            self.names[0] = plain;
        }
        Ok(self.names)
    }
}
