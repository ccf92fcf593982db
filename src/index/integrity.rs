//! Telling a damaged index from a good one.
//!
//! tantivy writes each segment file once and never changes it; every file ends with a CRC32
//! of its contents, and so does newsindex's own entity catalog. After each write,
//! `newsindex.files` records the size and modification time of every file of the committed
//! segments and of the catalog. Opening the index compares them, one `stat` a file:
//!
//! - a file whose size changed is checked against its CRC, and a mismatch stops the command
//!   with an error that names the file, instead of answering from damaged data;
//! - files with new modification times but their sizes (an index copied or restored) are
//!   checked once, by the first command that can write the record, which then records them
//!   anew; a command that cannot write it (a read-only copy) trusts their sizes.
//!
//! `newsindex check` checks every file's CRC and opens every segment.

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

/// Records the committed segment files and `own`, files of newsindex's own that end with a
/// CRC32 of their contents (see the module doc). Written atomically.
pub fn write_manifest(dir: &Path, index: &Index, own: &[&str]) -> Result<()> {
    let mut text = String::from("# newsindex: file, size, modification time (ns), checksum kind\n");
    for name in segment_files(dir, index)? {
        let (len, mtime) = stamp(&dir.join(&name))?;
        let _ = writeln!(text, "{name}\t{len}\t{mtime}\ttantivy");
    }
    for name in own {
        if let Ok((len, mtime)) = stamp(&dir.join(name)) {
            let _ = writeln!(text, "{name}\t{len}\t{mtime}\tcrc32");
        }
    }
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    if let Err(e) = std::fs::write(&tmp, text) {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow::Error::new(e).context(format!("writing {}", tmp.display())));
    }
    std::fs::rename(&tmp, dir.join(MANIFEST))
        .with_context(|| format!("writing {}", dir.join(MANIFEST).display()))?;
    Ok(())
}

/// Whether a file's checksum matches its contents: tantivy's footer for a segment file, a
/// final CRC32 of the rest for newsindex's own files.
fn checksum_ok(dir: &Path, index: &Index, name: &str, kind: &str) -> bool {
    if kind == "crc32" {
        return std::fs::read(dir.join(name)).is_ok_and(|b| {
            b.len() >= 4 && crc32fast::hash(&b[..b.len() - 4]).to_le_bytes() == b[b.len() - 4..]
        });
    }
    index
        .directory()
        .validate_checksum(Path::new(name))
        .unwrap_or(false)
}

/// Fails when a file recorded at the last write has changed since and its checksum no
/// longer matches (see the module doc). Files the record does not name (a later commit's)
/// pass.
pub fn quick_check(dir: &Path, index: &Index) -> Result<()> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return Ok(());
    };
    // files whose size changed, and files that only have new modification times
    let (mut resized, mut touched) = (Vec::new(), Vec::new());
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(name), Some(len), Some(mtime)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let kind = cols.next().unwrap_or("tantivy");
        let Ok(now) = stamp(&dir.join(name)) else {
            continue; // merged away since, or missing: opening the segments tells
        };
        if len.parse() != Ok(now.0) {
            resized.push((name, kind));
        } else if mtime.parse() != Ok(now.1) {
            touched.push((name, kind));
        }
    }
    // the copy's new times are checked once, where they can be recorded afterwards
    let recordable = !touched.is_empty() && can_write(dir);
    let to_check = resized.iter().chain(touched.iter().filter(|_| recordable));
    for &(name, kind) in to_check {
        if !checksum_ok(dir, index, name, kind) {
            return Err(damaged(
                dir,
                "reading",
                anyhow!("{name} has changed since it was written (its checksum does not match)"),
            ));
        }
    }
    if recordable {
        let own: Vec<&str> = text
            .lines()
            .filter(|l| l.ends_with("\tcrc32"))
            .filter_map(|l| l.split('\t').next())
            .collect();
        let _ = write_manifest(dir, index, &own);
    }
    Ok(())
}

/// Whether a file can be created in `dir` (a read-only copy cannot record anything).
fn can_write(dir: &Path) -> bool {
    let probe = dir.join(format!("{MANIFEST}.tmp"));
    let ok = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
        .is_ok();
    ok
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
    /// Files rebuilt from the segments (a damaged or outdated entity catalog).
    pub rebuilt: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.damaged.is_empty() && self.errors.is_empty()
    }
}

/// Checks every file of every committed segment, and `own` (see [`write_manifest`]),
/// against its checksum and opens every segment; on success, records the files anew (when
/// the directory can be written).
pub fn full_check(dir: &Path, index: &Index, own: &[&str]) -> Result<CheckReport> {
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
        if !checksum_ok(dir, index, name, "tantivy") {
            report.damaged.push(name.clone());
        }
    }
    for name in own {
        if dir.join(name).exists() && !checksum_ok(dir, index, name, "crc32") {
            report.damaged.push(name.to_string());
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
        let _ = write_manifest(dir, index, own);
    }
    Ok(report)
}
