//! Building the catalog from an index and storing it in the index directory.
//!
//! The whole catalog (entities, lookup keys, every segment's map and the corrections it
//! applies) is one file, written beside the index and moved into place by one rename:
//! a reader sees the old catalog or the new one, never a mix, and corrections take effect
//! in the same switch. `corrections.tsv` is written after it, as a copy for people to read
//! and edit; a copy edited after the catalog was written wins at the next write.
//!
//! Writers are `ingest`, `delete`, `names apply` and `check`, each holding the index's
//! writer lock, so no two write at once and no commit slips in between.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use rustc_hash::FxHashMap;
use tantivy::{Searcher, SegmentReader};

use super::format::{self, Contents};
use super::{segment_key, segments_of, FILE, NONE, SHARED};
use crate::archive::corrections::{self, Corrections};
use crate::archive::group::{aliases_by_name, group, group_with_cues, Entity, Variant};
use crate::archive::keys::{capitals, spelling_key, words};
use crate::archive::variants::{cues_of, split_value, variants_of};
use crate::entities::fold::fold_name;
use crate::entities::Kind;
use crate::index::schema::ENTITY;
use crate::index::writer;
use crate::index::{Fields, NewsIndex};

/// The first line of a new `corrections.tsv`.
const HEADER: &str =
    "# corrections applied by `newsindex names apply`, in order; applied again after every ingest\n";

/// The catalog's bytes for what `searcher` sees, with `corrections` applied.
pub fn build(searcher: &Searcher, fields: &Fields, corrections: &str) -> Result<Vec<u8>> {
    let parsed = Corrections::parse(corrections, corrections::FILE)?;
    let variants = variants_of(searcher, fields)?;
    let cues = cues_of(searcher, fields)?;
    let entities = group_with_cues(&variants, &cues, &parsed);
    let id_of = entity_ids(&variants, &entities);
    let lookup = |kind: Kind, name: &str| id_of.get(&(kind, name)).copied().unwrap_or(NONE);
    let mut segments: Vec<(String, &SegmentReader)> = searcher
        .segment_readers()
        .iter()
        .map(|s| (segment_key(s), s))
        .collect();
    segments.sort_by(|a, b| a.0.cmp(&b.0));
    let maps = segments
        .iter()
        .map(|(_, s)| segment_map(s, &lookup))
        .collect::<Result<Vec<_>>>()?;
    let articles = crate::index::articles::count_articles(searcher, fields.article_id)?;
    Ok(format::encode(&Contents {
        articles,
        segments: &segments_of(searcher),
        corrections,
        variants: &variants,
        entities: &entities,
        keys: &lookup_keys(&variants, &entities),
        maps: &maps,
    }))
}

/// The catalog's bytes for names alone: no index, no segments (for tests and tools).
pub fn of_variants(variants: &[Variant], corrections: &Corrections) -> Vec<u8> {
    let entities = group(variants, corrections);
    format::encode(&Contents {
        articles: 0,
        segments: "",
        corrections: "",
        variants,
        entities: &entities,
        keys: &lookup_keys(variants, &entities),
        maps: &[],
    })
}

/// Builds the catalog for the index's last commit and stores it, with the corrections in
/// force and `added` after them. The caller holds the writer lock.
pub fn write(index: &NewsIndex, added: Option<&str>) -> Result<()> {
    let dir = &index.dir;
    let mut text = corrections_in_force(dir)?;
    if let Some(added) = added {
        if text.is_empty() {
            text.push_str(HEADER);
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(added);
    }
    let searcher = index.reader()?.searcher();
    let bytes = build(&searcher, &index.fields, &text)?;
    write_atomic(dir, FILE, &bytes)?;
    let copy = read_optional(&dir.join(corrections::FILE))?;
    if copy.as_deref() != Some(text.as_str()) && !(copy.is_none() && text.is_empty()) {
        write_atomic(dir, corrections::FILE, text.as_bytes())?;
    }
    remove_old_maps(dir);
    crate::index::integrity::write_manifest(dir, &index.index, &[FILE])
}

/// Applies corrections (`text`, a corrections file read from `origin`) to the index at
/// once and keeps them for later ingests, after a comment line `# NOTE` saying where they
/// came from (a file; a client of `serve --edit` and when). Takes the writer lock: fails
/// while an ingest writes. The same code for `names apply` and the search page's edits.
pub fn apply(index: &NewsIndex, text: &str, origin: &str, note: &str) -> Result<Corrections> {
    let new = Corrections::parse(text, origin)?;
    // no ingest may rewrite the catalog meanwhile
    let _lock = writer::lock(index)?;
    let mut added = format!("# {}\n", note.replace(['\n', '\r'], " "));
    added.push_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    if !added.ends_with('\n') {
        added.push('\n');
    }
    write(index, Some(&added))?;
    Ok(new)
}

/// Takes the writer lock after a run of the writer (an ingest, a delete; none for
/// `check`), settles its segments ([`writer::settle`]) and stores the catalog of the
/// last commit; true when it did. When another process holds the lock, it is writing, and
/// it stores the catalog when it finishes: nothing is done here.
pub fn store(index: &NewsIndex, run: Option<&writer::Run>) -> Result<bool> {
    if index.dir.as_os_str().is_empty() {
        return Ok(false); // in memory
    }
    let Some(_lock) = writer::settle(index, run)? else {
        return Ok(false);
    };
    write(index, None)?;
    Ok(true)
}

/// The corrections in force (see the module doc): those of the stored catalog, unless
/// `corrections.tsv` changed after it was written; `corrections.tsv` for a catalog of an
/// older version or none.
pub fn corrections_in_force(dir: &Path) -> Result<String> {
    let copy_path = dir.join(corrections::FILE);
    let copy = read_optional(&copy_path)?;
    let stored = std::fs::read(dir.join(FILE)).ok().and_then(|bytes| {
        let layout = format::Layout::check(&bytes).ok()?;
        let (from, to) = layout.corrections;
        Some(String::from_utf8_lossy(&bytes[from..to]).into_owned())
    });
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let copy_is_newer = match (modified(&copy_path), modified(&dir.join(FILE))) {
        (Some(copy), Some(catalog)) => copy > catalog,
        _ => true,
    };
    let text = match (stored, copy) {
        (Some(stored), Some(copy)) if copy != stored && copy_is_newer => copy,
        (Some(stored), _) => stored,
        (None, Some(copy)) => copy,
        (None, None) => String::new(),
    };
    // refuse a corrections file that cannot be read, before anything is written
    Corrections::parse(&text, &copy_path.display().to_string())?;
    Ok(text)
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context(format!("reading {}", path.display()))),
    }
}

/// Writes a file beside its final place, flushes it to disk, and renames it into place.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let tmp = dir.join(format!("{name}.tmp"));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        let e = anyhow::Error::new(e);
        if writer::is_disk_full(&e) {
            anyhow::bail!(
                "writing {name}: no space left on device at {}; the index keeps what it had \
                 (free some space and run the command again)",
                dir.display()
            );
        }
        return Err(e.context(format!("writing {}", tmp.display())));
    }
    std::fs::rename(&tmp, dir.join(name))
        .with_context(|| format!("writing {}", dir.join(name).display()))
}

/// Removes the per-segment map files that catalogs of older versions kept beside
/// `entities.bin`.
fn remove_old_maps(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("entities-") && name.ends_with(".map") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The entity number of each value of a segment's `entity` field, by ordinal, with
/// [`SHARED`] set on entities that have several values in the segment.
fn segment_map(segment: &SegmentReader, ids: &dyn Fn(Kind, &str) -> u32) -> Result<Vec<u32>> {
    let Some(column) = segment.fast_fields().str(ENTITY)? else {
        return Ok(Vec::new());
    };
    let mut map = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        map.push(split_value(stream.key()).map_or(NONE, |(kind, name)| ids(kind, name)));
    }
    let mut seen: FxHashMap<u32, u32> = FxHashMap::default();
    for &id in map.iter().filter(|&&id| id != NONE) {
        *seen.entry(id).or_default() += 1;
    }
    for id in map.iter_mut().filter(|id| **id != NONE) {
        if seen[id] > 1 {
            *id |= SHARED;
        }
    }
    Ok(map)
}

/// The entity id of each name (kind and name as the articles wrote it).
fn entity_ids<'a>(variants: &'a [Variant], entities: &[Entity]) -> FxHashMap<(Kind, &'a str), u32> {
    let mut id_of = FxHashMap::default();
    for (id, e) in entities.iter().enumerate() {
        for &v in &e.variants {
            id_of.insert((variants[v].kind, variants[v].name.as_str()), id as u32);
        }
    }
    id_of
}

/// The lookup keys of grouped entities, sorted, each with its entities most mentioned
/// first: a tag byte, the kind's digit, then the text (see [`super::Catalog`]'s lookups).
fn lookup_keys(variants: &[Variant], entities: &[Entity]) -> Vec<(Vec<u8>, Vec<u32>)> {
    let mut keys: FxHashMap<Vec<u8>, Vec<u32>> = FxHashMap::default();
    for (id, e) in entities.iter().enumerate() {
        let id = id as u32;
        let mut add = |tag: u8, kind: Kind, text: &str| {
            if text.is_empty() {
                return;
            }
            let key = super::key_bytes(tag, kind, text);
            let ids = keys.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        };
        let names = std::iter::once((e.kind, e.name.as_str())).chain(
            e.variants
                .iter()
                .map(|&v| (variants[v].kind, variants[v].name.as_str())),
        );
        for (kind, name) in names {
            add(b'v', kind, name);
            // the folded and spelling forms under the entity's kind, so that a filter of that
            // kind finds names the archive merged across kinds
            add(b'n', e.kind, &fold_name(name));
            // the gazetteers' aliases of a name they know ("U.N.", "Israeli")
            if let Some(aliases) = aliases_by_name().get(&(kind, name.to_string())) {
                for alias in aliases {
                    add(b'a', e.kind, alias);
                }
            }
            add(b's', e.kind, &spelling_key(name, e.kind));
            let w = words(name, e.kind);
            if e.kind == Kind::Person && w.len() >= 2 {
                add(b'w', e.kind, &w[w.len() - 1]);
            }
            if e.kind == Kind::Org {
                if let Some(caps) = capitals(name) {
                    add(b'c', e.kind, &caps);
                }
            }
        }
    }
    let totals: Vec<u64> = entities.iter().map(|e| e.count(variants)).collect();
    let mut keys: Vec<(Vec<u8>, Vec<u32>)> = keys.into_iter().collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, ids) in &mut keys {
        ids.sort_by_key(|&id| (std::cmp::Reverse(totals[id as usize]), id));
    }
    keys
}
