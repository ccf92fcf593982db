//! The catalog of an archive's entities, as stored in the index directory, and how queries
//! read it without loading it whole.
//!
//! `entities.bin` holds every entity (kind, name, whether hidden, variants with their
//! paragraph counts) and a sorted table of lookup keys (a variant as written, folded, its
//! spelling key, a person's surname, an organization's capitals), each with the entities it
//! leads to, most mentioned first. Entities are numbered by kind, then name, so each kind is
//! a range of numbers. `entities-SEGMENT.map` gives, for each value of a segment's `entity`
//! field (by its ordinal in the field's dictionary), the number of its entity: facets count
//! entities with one array lookup per value.
//!
//! Both are written at the end of each ingest (and by `names apply`) for the segments the
//! index then has. A query opens the files as memory maps and reads only what it touches.
//! When segments have changed since (a commit of a running ingest, a killed one), the query
//! builds the catalog in memory from the term dictionaries instead, which is slower but
//! never wrong.

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use rustc_hash::FxHashMap;
use tantivy::directory::{Directory, OwnedBytes};
use tantivy::{Searcher, SegmentReader};

use super::corrections::{self, Corrections};
use super::group::{aliases_by_name, group, kind_index, Entity, Variant};
use super::keys::{capitals, spelling_key, words};
use crate::entities::fold::fold_name;
use crate::entities::Kind;
use crate::index::schema::{entity_prefix, ENTITY};
use crate::index::{Fields, NewsIndex};

pub const FILE: &str = "entities.bin";
const MAGIC: &[u8; 8] = b"NIXCAT01";
/// No entity: a value the catalog does not know.
pub const NONE: u32 = u32::MAX;
/// In a segment map, the bit set on an entity number when the entity has more than one
/// value in the segment: only then can a paragraph name it twice.
pub const SHARED: u32 = 1 << 31;

/// The segments a searcher sees, as written in the catalog's header.
fn segments_of(searcher: &Searcher) -> String {
    let mut ids: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|s| format!("{}.{}", s.segment_id().uuid_string(), s.num_deleted_docs()))
        .collect();
    ids.sort();
    ids.join(",")
}

fn map_file(segment: &SegmentReader) -> String {
    format!("entities-{}.map", segment.segment_id().uuid_string())
}

/// Every name of every kind in the searcher's segments, with the number of paragraphs that
/// name it: the term dictionaries' document frequencies, or, in a segment with deleted
/// paragraphs (which those still count), a count over its live paragraphs' fast field.
pub fn variants_of(searcher: &Searcher, fields: &Fields) -> Result<Vec<Variant>> {
    let mut counts: FxHashMap<(Kind, String), u64> = FxHashMap::default();
    for segment in searcher.segment_readers() {
        if segment.num_deleted_docs() > 0 {
            count_live(segment, &mut counts)?;
            continue;
        }
        let inverted = segment.inverted_index(fields.entity)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Some((kind, name)) = split_value(stream.key()) else {
                continue;
            };
            *counts.entry((kind, name.to_string())).or_default() +=
                u64::from(stream.value().doc_freq);
        }
    }
    let mut variants: Vec<Variant> = counts
        .into_iter()
        .map(|((kind, name), count)| Variant { kind, name, count })
        .collect();
    variants.sort_by(|a, b| (kind_index(a.kind), &a.name).cmp(&(kind_index(b.kind), &b.name)));
    Ok(variants)
}

/// Adds the names of a segment's live paragraphs to `counts`, from the `entity` fast field.
fn count_live(segment: &SegmentReader, counts: &mut FxHashMap<(Kind, String), u64>) -> Result<()> {
    let Some(column) = segment.fast_fields().str(crate::index::schema::ENTITY)? else {
        return Ok(());
    };
    let mut per_ord = vec![0u64; column.num_terms()];
    for doc in segment.doc_ids_alive() {
        for ord in column.term_ords(doc) {
            if let Some(n) = per_ord.get_mut(ord as usize) {
                *n += 1;
            }
        }
    }
    let mut value = String::new();
    for (ord, n) in per_ord.into_iter().enumerate() {
        if n == 0 || !column.ord_to_str(ord as u64, &mut value)? {
            continue;
        }
        if let Some((kind, name)) = split_value(value.as_bytes()) {
            *counts.entry((kind, name.to_string())).or_default() += n;
        }
    }
    Ok(())
}

/// A value of the `entity` field as its kind and name.
fn split_value(value: &[u8]) -> Option<(Kind, &str)> {
    let text = std::str::from_utf8(value).ok()?;
    let (kind, name) = text.split_once(':')?;
    Some((Kind::parse(kind)?, name))
}

/// The corrections kept in an index directory.
pub fn corrections_of(dir: &Path) -> Result<Corrections> {
    let path = dir.join(corrections::FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Corrections::parse(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Corrections::default()),
        Err(e) => Err(anyhow::Error::new(e).context(format!("reading {}", path.display()))),
    }
}

/// The catalog's bytes for grouped entities (see the module doc for what they hold).
fn encode(variants: &[Variant], entities: &[Entity], segments: &str) -> Vec<u8> {
    let mut kind_starts = [entities.len() as u32; 4];
    for (id, e) in entities.iter().enumerate().rev() {
        kind_starts[kind_index(e.kind)] = id as u32;
    }
    kind_starts[3] = entities.len() as u32;
    for k in (0..3).rev() {
        kind_starts[k] = kind_starts[k].min(kind_starts[k + 1]);
    }
    let mut blob = Vec::new();
    let mut offsets = Vec::with_capacity(entities.len() + 1);
    for e in entities {
        offsets.push(blob.len() as u32);
        blob.push(u8::from(e.hidden));
        put_str(&mut blob, &e.name);
        blob.extend_from_slice(&e.count(variants).to_le_bytes());
        blob.extend_from_slice(&(e.variants.len() as u32).to_le_bytes());
        let mut members = e.variants.clone();
        members.sort_by_key(|&v| std::cmp::Reverse(variants[v].count));
        for v in members {
            blob.push(kind_index(variants[v].kind) as u8);
            put_str(&mut blob, &variants[v].name);
            blob.extend_from_slice(
                &(variants[v].count.min(u64::from(u32::MAX)) as u32).to_le_bytes(),
            );
        }
    }
    offsets.push(blob.len() as u32);

    // lookup keys, each with its entities, most mentioned first
    let mut keys: FxHashMap<Vec<u8>, Vec<u32>> = FxHashMap::default();
    for (id, e) in entities.iter().enumerate() {
        let id = id as u32;
        let mut add = |tag: u8, kind: Kind, text: &str| {
            if text.is_empty() {
                return;
            }
            let mut key = vec![tag, b'0' + kind_index(kind) as u8];
            key.extend_from_slice(text.as_bytes());
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
    let mut key_blob = Vec::new();
    let mut key_offsets = Vec::with_capacity(keys.len() + 1);
    for (key, mut ids) in keys {
        ids.sort_by_key(|&id| (std::cmp::Reverse(totals[id as usize]), id));
        key_offsets.push(key_blob.len() as u32);
        key_blob.extend_from_slice(&(key.len() as u16).to_le_bytes());
        key_blob.extend_from_slice(&key);
        key_blob.extend_from_slice(&(ids.len() as u32).to_le_bytes());
        for id in ids {
            key_blob.extend_from_slice(&id.to_le_bytes());
        }
    }
    key_offsets.push(key_blob.len() as u32);

    let mut out = Vec::with_capacity(
        64 + blob.len() + key_blob.len() + 4 * (offsets.len() + key_offsets.len()),
    );
    out.extend_from_slice(MAGIC);
    put_str32(&mut out, segments);
    out.extend_from_slice(&(entities.len() as u32).to_le_bytes());
    for s in kind_starts {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&((key_offsets.len() - 1) as u32).to_le_bytes());
    for o in offsets.iter().chain(&key_offsets) {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
    out.extend_from_slice(&blob);
    out.extend_from_slice(&key_blob);
    out
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    let bytes = &s.as_bytes()[..s.len().min(u16::MAX as usize)];
    out.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn put_str32(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// The entity number of each value of a segment's `entity` field, by ordinal.
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

fn encode_map(map: &[u32]) -> Vec<u8> {
    map.iter().flat_map(|id| id.to_le_bytes()).collect()
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

/// Groups the index's names into entities and writes the catalog and every segment's map,
/// replacing the old ones atomically (see the module doc). Maps of segments merged away
/// are removed.
pub fn write(dir: &Path, searcher: &Searcher, fields: &Fields) -> Result<()> {
    let corrections = corrections_of(dir)?;
    let variants = variants_of(searcher, fields)?;
    let entities = group(&variants, &corrections);
    let id_of = entity_ids(&variants, &entities);
    let lookup = |kind: Kind, name: &str| id_of.get(&(kind, name)).copied().unwrap_or(NONE);
    let mut live = Vec::new();
    for segment in searcher.segment_readers() {
        let file = map_file(segment);
        write_atomic(dir, &file, &encode_map(&segment_map(segment, &lookup)?))?;
        live.push(file);
    }
    write_atomic(
        dir,
        FILE,
        &encode(&variants, &entities, &segments_of(searcher)),
    )?;
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("entities-") && name.ends_with(".map") && !live.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let tmp = dir.join(format!("{name}.tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, dir.join(name))
        .with_context(|| format!("writing {}", dir.join(name).display()))
}

/// An entity as the catalog holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityInfo {
    pub id: u32,
    pub kind: Kind,
    pub name: String,
    pub hidden: bool,
    /// Paragraphs naming it in any variant (see [`Entity::count`]).
    pub count: u64,
    /// Its variants, most mentioned first: kind, name, paragraphs.
    pub variants: Vec<(Kind, String, u64)>,
}

/// A catalog open for reading (see the module doc), with the maps of the segments a searcher
/// sees.
pub struct Catalog {
    bytes: OwnedBytes,
    entities: u32,
    kind_starts: [u32; 4],
    keys: u32,
    /// where the entity offsets, the key offsets, the entity blob and the key blob start
    entity_offsets: usize,
    key_offsets: usize,
    entity_blob: usize,
    key_blob: usize,
    /// each segment's map, in the searcher's segment order
    maps: Vec<Arc<SegmentMap>>,
}

/// A segment's map from value ordinals to entity numbers.
pub struct SegmentMap {
    bytes: OwnedBytes,
}

impl SegmentMap {
    /// The entity of the value with ordinal `ord` ([`NONE`] if unknown).
    #[inline]
    pub fn get(&self, ord: u64) -> u32 {
        let raw = self.raw(ord);
        if raw == NONE {
            NONE
        } else {
            raw & !SHARED
        }
    }

    /// The entity of the value with ordinal `ord`, with [`SHARED`] set when the entity has
    /// other values in the segment ([`NONE`] if unknown).
    #[inline]
    pub fn raw(&self, ord: u64) -> u32 {
        let at = ord as usize * 4;
        match self.bytes.as_slice().get(at..at + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => NONE,
        }
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    bytes
        .get(at..at + 2)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

impl Catalog {
    /// The catalog for what `searcher` sees: the one in the index directory when it was
    /// written for these segments, else one built now from the term dictionaries.
    pub fn open(index: &NewsIndex, searcher: &Searcher) -> Result<Catalog> {
        if !index.dir.as_os_str().is_empty() {
            if let Some(catalog) = Self::load(index, searcher)? {
                return Ok(catalog);
            }
        }
        Self::build(index, searcher)
    }

    fn load(index: &NewsIndex, searcher: &Searcher) -> Result<Option<Catalog>> {
        let directory = index.index.directory();
        let Ok(file) = directory.open_read(Path::new(FILE)) else {
            return Ok(None);
        };
        let bytes = file.read_bytes().context("reading the entity catalog")?;
        let catalog = match Self::parse(bytes, Vec::new()) {
            Ok(c) => c,
            Err(_) => return Ok(None),
        };
        if catalog.segments() != segments_of(searcher) {
            return Ok(None);
        }
        let mut maps = Vec::new();
        for segment in searcher.segment_readers() {
            let Ok(file) = directory.open_read(Path::new(&map_file(segment))) else {
                return Ok(None);
            };
            maps.push(Arc::new(SegmentMap {
                bytes: file.read_bytes().context("reading an entity map")?,
            }));
        }
        Ok(Some(Catalog { maps, ..catalog }))
    }

    /// A catalog built in memory for what `searcher` sees.
    pub fn build(index: &NewsIndex, searcher: &Searcher) -> Result<Catalog> {
        let corrections = if index.dir.as_os_str().is_empty() {
            Corrections::default()
        } else {
            corrections_of(&index.dir)?
        };
        let variants = variants_of(searcher, &index.fields)?;
        let entities = group(&variants, &corrections);
        let id_of = entity_ids(&variants, &entities);
        let lookup = |kind: Kind, name: &str| id_of.get(&(kind, name)).copied().unwrap_or(NONE);
        let mut maps = Vec::new();
        for segment in searcher.segment_readers() {
            maps.push(Arc::new(SegmentMap {
                bytes: OwnedBytes::new(encode_map(&segment_map(segment, &lookup)?)),
            }));
        }
        let bytes = encode(&variants, &entities, &segments_of(searcher));
        Self::parse(OwnedBytes::new(bytes), maps)
    }

    /// A catalog of grouped names, with no segment maps (for tests and tools).
    pub fn of_variants(variants: &[Variant], corrections: &Corrections) -> Catalog {
        let entities = group(variants, corrections);
        // encoded bytes always parse
        Self::parse(OwnedBytes::new(encode(variants, &entities, "")), Vec::new())
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn parse(bytes: OwnedBytes, maps: Vec<Arc<SegmentMap>>) -> Result<Catalog> {
        let b = bytes.as_slice();
        if b.len() < 12 || &b[..8] != MAGIC {
            bail!("not an entity catalog");
        }
        let segments_len = u32_at(b, 8) as usize;
        let mut at = 12 + segments_len;
        let entities = u32_at(b, at);
        at += 4;
        let mut kind_starts = [0u32; 4];
        for s in &mut kind_starts {
            *s = u32_at(b, at);
            at += 4;
        }
        let keys = u32_at(b, at);
        at += 4;
        let entity_offsets = at;
        let key_offsets = entity_offsets + 4 * (entities as usize + 1);
        let blob_len_at = key_offsets + 4 * (keys as usize + 1);
        let entity_blob = blob_len_at + 4;
        let key_blob = entity_blob + u32_at(b, blob_len_at) as usize;
        if key_blob > b.len() {
            bail!("entity catalog is truncated");
        }
        Ok(Catalog {
            bytes,
            entities,
            kind_starts,
            keys,
            entity_offsets,
            key_offsets,
            entity_blob,
            key_blob,
            maps,
        })
    }

    fn segments(&self) -> &str {
        let b = self.bytes.as_slice();
        let len = u32_at(b, 8) as usize;
        std::str::from_utf8(&b[12..12 + len]).unwrap_or("")
    }

    /// How many entities there are.
    pub fn len(&self) -> usize {
        self.entities as usize
    }

    pub fn is_empty(&self) -> bool {
        self.entities == 0
    }

    /// The entity numbers of a kind.
    pub fn range(&self, kind: Kind) -> std::ops::Range<u32> {
        let k = kind_index(kind);
        self.kind_starts[k]..self.kind_starts[k + 1]
    }

    /// The map of the searcher's `n`th segment.
    pub fn map(&self, n: usize) -> Option<Arc<SegmentMap>> {
        self.maps.get(n).cloned()
    }

    fn entity_start(&self, id: u32) -> usize {
        self.entity_blob
            + u32_at(self.bytes.as_slice(), self.entity_offsets + 4 * id as usize) as usize
    }

    /// An entity's name and whether it is hidden (without its variants).
    pub fn name(&self, id: u32) -> (&str, bool) {
        let b = self.bytes.as_slice();
        let at = self.entity_start(id);
        let hidden = b.get(at).is_some_and(|&h| h != 0);
        let len = u16_at(b, at + 1) as usize;
        let name = b
            .get(at + 3..at + 3 + len)
            .and_then(|s| std::str::from_utf8(s).ok())
            .unwrap_or("");
        (name, hidden)
    }

    /// The kind of an entity.
    pub fn kind(&self, id: u32) -> Kind {
        Kind::ALL
            .into_iter()
            .find(|&k| self.range(k).contains(&id))
            .unwrap_or(Kind::Person)
    }

    /// Everything the catalog holds of an entity.
    pub fn entity(&self, id: u32) -> EntityInfo {
        let b = self.bytes.as_slice();
        let (name, hidden) = self.name(id);
        let mut at = self.entity_start(id) + 3 + name.len();
        let count = b
            .get(at..at + 8)
            .map_or(0, |s| u64::from_le_bytes(s.try_into().unwrap_or([0; 8])));
        at += 8;
        let n = u32_at(b, at);
        at += 4;
        let mut variants = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let kind = Kind::ALL[usize::from(b.get(at).copied().unwrap_or(0)).min(2)];
            let len = u16_at(b, at + 1) as usize;
            let name = b
                .get(at + 3..at + 3 + len)
                .and_then(|s| std::str::from_utf8(s).ok())
                .unwrap_or("")
                .to_string();
            at += 3 + len;
            variants.push((kind, name, u64::from(u32_at(b, at))));
            at += 4;
        }
        EntityInfo {
            id,
            kind: self.kind(id),
            name: name.to_string(),
            hidden,
            count,
            variants,
        }
    }

    fn key(&self, n: u32) -> (&[u8], usize) {
        let b = self.bytes.as_slice();
        let at = self.key_blob + u32_at(b, self.key_offsets + 4 * n as usize) as usize;
        let len = u16_at(b, at) as usize;
        (
            b.get(at + 2..at + 2 + len).unwrap_or_default(),
            at + 2 + len,
        )
    }

    /// The entities a lookup key leads to, most mentioned first (binary search over the
    /// sorted keys).
    fn ids(&self, tag: u8, kind: Kind, text: &str) -> Vec<u32> {
        let mut wanted = vec![tag, b'0' + kind_index(kind) as u8];
        wanted.extend_from_slice(text.as_bytes());
        let (mut lo, mut hi) = (0u32, self.keys);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.key(mid).0.cmp(&wanted) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let (_, at) = self.key(mid);
                    let b = self.bytes.as_slice();
                    let n = u32_at(b, at);
                    return (0..n).map(|i| u32_at(b, at + 4 + 4 * i as usize)).collect();
                }
            }
        }
        Vec::new()
    }

    /// The entity of a name as an article wrote it (a value of the `entity` field).
    pub fn entity_of(&self, kind: Kind, name: &str) -> Option<u32> {
        self.ids(b'v', kind, name).first().copied()
    }

    /// Entities whose names, folded, are `folded` (see [`fold_name`]).
    pub fn by_folded(&self, kind: Kind, folded: &str) -> Vec<u32> {
        self.ids(b'n', kind, folded)
    }

    /// Entities with a name of this spelling key (see [`spelling_key`]).
    pub fn by_spelling(&self, kind: Kind, key: &str) -> Vec<u32> {
        self.ids(b's', kind, key)
    }

    /// Entities whose names the gazetteers give this alias (folded).
    pub fn by_alias(&self, kind: Kind, folded: &str) -> Vec<u32> {
        self.ids(b'a', kind, folded)
    }

    /// People with this surname (folded).
    pub fn by_surname(&self, surname: &str) -> Vec<u32> {
        self.ids(b'w', Kind::Person, surname)
    }

    /// Organizations whose names' capitals spell `letters`.
    pub fn by_capitals(&self, letters: &str) -> Vec<u32> {
        self.ids(b'c', Kind::Org, letters)
    }

    /// The raw values of the `entity` field that name an entity.
    pub fn values_of(&self, id: u32) -> Vec<String> {
        self.entity(id)
            .variants
            .into_iter()
            .map(|(kind, name, _)| format!("{}{name}", entity_prefix(kind)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::group::Variant;

    fn v(kind: Kind, name: &str, count: u64) -> Variant {
        Variant {
            kind,
            name: name.to_string(),
            count,
        }
    }

    #[test]
    fn encoded_catalogs_read_back() {
        let variants = vec![
            v(Kind::Person, "Tony Blair", 385),
            v(Kind::Person, "Blair", 16),
            v(Kind::Person, "Cherie Blair", 4),
            v(Kind::Place, "Iraq", 149),
            v(Kind::Org, "UK Independence Party", 24),
            v(Kind::Org, "UKIP", 53),
        ];
        let entities = group(&variants, &Corrections::default());
        let catalog = Catalog::parse(
            OwnedBytes::new(encode(&variants, &entities, "s1.0")),
            Vec::new(),
        )
        .unwrap();
        assert_eq!(catalog.segments(), "s1.0");
        assert_eq!(catalog.len(), 4);
        assert_eq!(catalog.range(Kind::Person), 0..2);
        assert_eq!(catalog.range(Kind::Place), 2..3);
        assert_eq!(catalog.range(Kind::Org), 3..4);
        let blair = catalog.entity_of(Kind::Person, "Blair").unwrap();
        let info = catalog.entity(blair);
        assert_eq!(info.name, "Tony Blair");
        assert_eq!(info.count, 401);
        assert_eq!(info.variants[0], (Kind::Person, "Tony Blair".into(), 385));
        assert_eq!(catalog.by_surname("blair").len(), 2);
        assert_eq!(
            catalog.by_surname("blair")[0],
            blair,
            "most mentioned first"
        );
        assert_eq!(catalog.by_folded(Kind::Person, "tony blair"), vec![blair]);
        assert_eq!(catalog.by_capitals("UKIP").len(), 1);
        assert_eq!(
            catalog.values_of(catalog.by_capitals("UKIP")[0]),
            vec![
                "org:UKIP".to_string(),
                "org:UK Independence Party".to_string()
            ]
        );
        assert_eq!(catalog.entity_of(Kind::Person, "Nobody"), None);
    }
}
