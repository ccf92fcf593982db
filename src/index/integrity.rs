//! Telling a damaged index from a good one.
//!
//! tantivy writes each segment file once and never changes it; every file ends with a CRC32
//! of its contents. At the end of each ingest, `newsindex.files` records the size and
//! modification time of every file of the committed segments. Opening the index compares
//! them (one `stat` a file): a file that changed since is checked against its CRC, and a
//! mismatch stops the command with an error that names the file, instead of answering
//! from damaged data. `newsindex check` checks every file's CRC and opens every segment.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::{anyhow, Context, Result};
use serde::Serialize;
use tantivy::Index;

/// The record of the committed segment files, in the index directory.
pub const MANIFEST: &str = "newsindex.files";

/// An error about a damaged (or unreadable) index, with what to do about it.
pub fn damaged(dir: &Path, doing: &str, err: anyhow::Error) -> anyhow::Error {
    anyhow!(
        "{doing} index at {}: {err:#}; the index may be damaged: `newsindex --index {} check` \
         names the damaged files, and deleting the directory and ingesting again rebuilds it",
        dir.display(),
        dir.display()
    )
}

/// The files of the index's committed segments, by name, sorted.
fn segment_files(dir: &Path, index: &Index) -> Result<Vec<String>> {
    let metas = index.searchable_segment_metas()?;
    let mut prefixes = HashSet::new();
    for meta in &metas {
        let id = meta.id().uuid_string();
        if let Some(opstamp) = meta.delete_opstamp() {
            prefixes.insert(format!("{id}.{opstamp}.del"));
        }
        prefixes.insert(id);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let Some((stem, ext)) = name.split_once('.') else {
            continue;
        };
        let live = if ext.ends_with(".del") {
            prefixes.contains(&name)
        } else {
            prefixes.contains(stem) && !ext.contains('.')
        };
        if live {
            files.push(name);
        }
    }
    files.sort();
    Ok(files)
}

/// Size and modification time (nanoseconds) of a file.
fn stamp(path: &Path) -> std::io::Result<(u64, u128)> {
    let meta = std::fs::metadata(path)?;
    let mtime = meta
        .modified()?
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Ok((meta.len(), mtime))
}

/// Records the committed segment files (see the module doc). Written atomically.
pub fn write_manifest(dir: &Path, index: &Index) -> Result<()> {
    let mut text = String::from("# newsindex: segment files, size, modification time (ns)\n");
    for name in segment_files(dir, index)? {
        let (len, mtime) = stamp(&dir.join(&name))?;
        let _ = writeln!(text, "{name}\t{len}\t{mtime}");
    }
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, dir.join(MANIFEST))
        .with_context(|| format!("writing {}", dir.join(MANIFEST).display()))?;
    Ok(())
}

/// Whether a file's CRC matches its contents.
fn checksum_ok(index: &Index, name: &str) -> bool {
    index
        .directory()
        .validate_checksum(Path::new(name))
        .unwrap_or(false)
}

/// Fails when a segment file recorded at the last ingest has changed since and its
/// checksum no longer matches. Files the record does not name (a later commit's) pass.
pub fn quick_check(dir: &Path, index: &Index) -> Result<()> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return Ok(());
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(name), Some(len), Some(mtime)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let path = dir.join(name);
        let Ok(now) = stamp(&path) else {
            continue; // merged away since, or missing: opening the segments tells
        };
        if (len.parse().ok(), mtime.parse().ok()) == (Some(now.0), Some(now.1)) {
            continue;
        }
        if !checksum_ok(index, name) {
            return Err(damaged(
                dir,
                "reading",
                anyhow!("{name} has changed since it was written (its checksum does not match)"),
            ));
        }
    }
    Ok(())
}

/// What `newsindex check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    pub index: String,
    pub segments: usize,
    pub files: usize,
    pub bytes: u64,
    pub paragraphs: u64,
    /// Files whose checksum does not match, or that cannot be read.
    pub damaged: Vec<String>,
    /// Errors opening the segments (a missing file, for example).
    pub errors: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.damaged.is_empty() && self.errors.is_empty()
    }
}

/// Checks every file of every committed segment against its checksum and opens every
/// segment; on success, records the files anew (when the directory can be written).
pub fn full_check(dir: &Path, index: &Index) -> Result<CheckReport> {
    let mut report = CheckReport {
        index: dir.display().to_string(),
        ..CheckReport::default()
    };
    let metas = index.searchable_segment_metas()?;
    report.segments = metas.len();
    report.paragraphs = metas.iter().map(|m| u64::from(m.num_docs())).sum();
    let files = segment_files(dir, index)?;
    report.files = files.len();
    for name in &files {
        report.bytes += std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
        if !checksum_ok(index, name) {
            report.damaged.push(name.clone());
        }
    }
    for meta in &metas {
        let segment = index.segment(meta.clone());
        if let Err(e) = tantivy::SegmentReader::open(&segment) {
            report
                .errors
                .push(format!("segment {}: {e}", meta.id().uuid_string()));
        }
    }
    if report.ok() {
        // a copied index gets new modification times: record them, so that queries stop
        // checking checksums (not possible on a read-only index, and not needed to answer)
        let _ = write_manifest(dir, index);
    }
    Ok(report)
}
