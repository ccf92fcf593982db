//! The catalog of an archive's entities, as stored in the index directory, and how queries
//! read it without loading it whole.
//!
//! `entities.bin` holds every entity (kind, name, whether hidden, variants with their
//! paragraph counts), a sorted table of lookup keys (a variant as written, folded, its
//! spelling key, a person's surname, an organization's capitals), each with the entities it
//! leads to, most mentioned first, and for each segment a map from the ordinal of each value
//! of its `entity` field to the number of its entity: facets count entities with one array
//! lookup per value. Entities are numbered by kind, then name, so each kind is a range of
//! numbers. [`format`] gives the bytes.
//!
//! Writers store it at the end of each ingest, delete and `names apply` ([`store`]). Every
//! reader (a query, `entities`, `names`, `list`, `stats`, a server) maps the file into
//! memory and reads only what it touches: it never groups names or reads the gazetteers.
//! Only when the file was written for other segments (an ingest is running, or one was
//! killed) or by an older newsindex does a reader build the catalog in memory, after saying
//! so once; the next write stores it again.

pub mod format;
pub mod store;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Result;
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::{Searcher, SegmentReader};

use super::corrections::Corrections;
use super::group::{kind_index, Variant};
use crate::entities::Kind;
use crate::index::schema::entity_prefix;
use crate::index::NewsIndex;
use format::{kind_of_byte, str_at, u32_at, u64_at, Layout};

/// The catalog's file in the index directory.
pub const FILE: &str = "entities.bin";
/// No entity: a value the catalog does not know.
pub const NONE: u32 = u32::MAX;
/// In a segment map, the bit set on an entity number when the entity has more than one
/// value in the segment: only then can a paragraph name it twice.
pub const SHARED: u32 = 1 << 31;

/// A segment as the catalog names it: its id and how many of its paragraphs are deleted.
fn segment_key(segment: &SegmentReader) -> String {
    format!(
        "{}.{}",
        segment.segment_id().uuid_string(),
        segment.num_deleted_docs()
    )
}

/// The segments a searcher sees, as the catalog records them.
fn segments_of(searcher: &Searcher) -> String {
    let mut keys: Vec<String> = searcher.segment_readers().iter().map(segment_key).collect();
    keys.sort();
    keys.join(",")
}

/// A lookup key: its tag, the kind's digit, the text (at most [`format::MAX_NAME_BYTES`]).
fn key_bytes(tag: u8, kind: Kind, text: &str) -> Vec<u8> {
    let text = format::bounded_name(text);
    let mut key = Vec::with_capacity(2 + text.len());
    key.push(tag);
    key.push(b'0' + kind_index(kind) as u8);
    key.extend_from_slice(text.as_bytes());
    key
}

/// An entity as the catalog holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityInfo {
    pub id: u32,
    pub kind: Kind,
    pub name: String,
    pub hidden: bool,
    /// Hidden because the archive's words call it the title of a work, not a person.
    pub work: bool,
    /// Paragraphs naming it in any variant (see [`super::group::Entity::count`]).
    pub count: u64,
    /// Its variants, most mentioned first: kind, name, paragraphs.
    pub variants: Vec<(Kind, String, u64)>,
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

/// How a reader came by its catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Read from the index directory.
    Stored,
    /// Built in memory: the stored one did not fit (see the module doc), or the index is
    /// in memory.
    Built,
}

/// A catalog open for reading (see the module doc), with the maps of the segments a
/// searcher sees.
pub struct Catalog {
    bytes: OwnedBytes,
    layout: Layout,
    /// each segment's map, in the searcher's segment order
    maps: Vec<Arc<SegmentMap>>,
    source: Source,
}

/// Why a stored catalog could not be used.
enum Unusable {
    Missing,
    Unreadable(String),
    OtherSegments,
}

/// Whether the note about a catalog built in memory was printed.
static NOTED: AtomicBool = AtomicBool::new(false);

impl Catalog {
    /// The catalog for what `searcher` sees: the one in the index directory when it was
    /// written for these segments, else one built now (see the module doc).
    pub fn open(index: &NewsIndex, searcher: &Searcher) -> Result<Catalog> {
        if index.dir.as_os_str().is_empty() {
            return Self::build(index, searcher);
        }
        let why = match Self::load(&index.dir, searcher) {
            Ok(catalog) => {
                crate::trace::step("catalog loaded");
                return Ok(catalog);
            }
            Err(why) => why,
        };
        if !searcher.segment_readers().is_empty() && !NOTED.swap(true, Ordering::Relaxed) {
            let reason = match why {
                Unusable::Missing => "has no stored entity catalog".to_string(),
                Unusable::Unreadable(e) => format!("has an entity catalog it cannot use ({e})"),
                Unusable::OtherSegments => {
                    "has an entity catalog written for other segments (an ingest is running or was interrupted)".to_string()
                }
            };
            eprintln!(
                "{}",
                crate::cli::terminal::visible(&format!(
                    "note: the index at {} {reason}; entities are grouped anew for each command \
                     until the next ingest, delete, `names apply` or `check` stores them",
                    index.dir.display()
                ))
            );
        }
        Self::build(index, searcher)
    }

    /// Whether the stored catalog can be read and fits the index's last commit.
    pub fn stored_fits(index: &NewsIndex) -> Result<bool> {
        let searcher = index.reader()?.searcher();
        let stored = Self::load(&index.dir, &searcher);
        Ok(stored.is_ok_and(|c| format::crc_ok(c.bytes.as_slice())))
    }

    fn load(dir: &Path, searcher: &Searcher) -> Result<Catalog, Unusable> {
        if !dir.join(FILE).exists() {
            return Err(Unusable::Missing);
        }
        // a directory of its own, so that its cache of maps never hands out the mapping of
        // a catalog file since replaced
        let bytes = MmapDirectory::open(dir)
            .map_err(|e| Unusable::Unreadable(e.to_string()))?
            .open_read(Path::new(FILE))
            .map_err(|e| Unusable::Unreadable(e.to_string()))?
            .read_bytes()
            .map_err(|e| Unusable::Unreadable(e.to_string()))?;
        let catalog = Self::from_bytes(bytes, Source::Stored, searcher)
            .map_err(|e| Unusable::Unreadable(format!("{e:#}")))?;
        catalog.ok_or(Unusable::OtherSegments)
    }

    /// A catalog built in memory for what `searcher` sees.
    pub fn build(index: &NewsIndex, searcher: &Searcher) -> Result<Catalog> {
        crate::trace::step("catalog built");
        let corrections = if index.dir.as_os_str().is_empty() {
            String::new()
        } else {
            store::corrections_in_force(&index.dir)?
        };
        let bytes = store::build(searcher, &index.fields, &corrections)?;
        Self::from_bytes(OwnedBytes::new(bytes), Source::Built, searcher)?
            .ok_or_else(|| anyhow::anyhow!("the entity catalog just built does not fit"))
    }

    /// A catalog of grouped names, with no segment maps (for tests and tools).
    pub fn of_variants(variants: &[Variant], corrections: &Corrections) -> Catalog {
        let bytes = OwnedBytes::new(store::of_variants(variants, corrections));
        // encoded bytes always check
        let layout = Layout::check(bytes.as_slice()).unwrap_or_else(|e| unreachable!("{e}"));
        Catalog {
            bytes,
            layout,
            maps: Vec::new(),
            source: Source::Built,
        }
    }

    /// The catalog in `bytes`, with the maps of `searcher`'s segments; `None` when it was
    /// written for other segments.
    fn from_bytes(
        bytes: OwnedBytes,
        source: Source,
        searcher: &Searcher,
    ) -> Result<Option<Catalog>> {
        let layout = Layout::check(bytes.as_slice())?;
        let b = bytes.as_slice();
        let recorded = std::str::from_utf8(&b[layout.segments.0..layout.segments.1])?;
        if recorded != segments_of(searcher) {
            return Ok(None);
        }
        // the maps, in the recorded (sorted) order of the segments
        let mut at = layout.maps.0;
        let mut sorted = Vec::with_capacity(layout.maps.1 as usize);
        for _ in 0..layout.maps.1 {
            let n = u32_at(b, at) as usize;
            sorted.push(Arc::new(SegmentMap {
                bytes: bytes.slice(at + 4..at + 4 + 4 * n),
            }));
            at += 4 + 4 * n;
        }
        let keys: Vec<&str> = if recorded.is_empty() {
            Vec::new()
        } else {
            recorded.split(',').collect()
        };
        let mut maps = Vec::with_capacity(keys.len());
        for segment in searcher.segment_readers() {
            let key = segment_key(segment);
            let map = keys
                .iter()
                .position(|k| *k == key)
                .and_then(|n| sorted.get(n))
                .ok_or_else(|| anyhow::anyhow!("entity catalog lacks a segment's map"))?;
            maps.push(Arc::clone(map));
        }
        Ok(Some(Catalog {
            bytes,
            layout,
            maps,
            source,
        }))
    }

    /// Whether the catalog was read from the index directory or built.
    pub fn source(&self) -> Source {
        self.source
    }

    /// How many articles have a live paragraph (0 for a catalog of names alone).
    pub fn articles(&self) -> u64 {
        self.layout.articles
    }

    /// How many entities there are.
    pub fn len(&self) -> usize {
        self.layout.entities as usize
    }

    pub fn is_empty(&self) -> bool {
        self.layout.entities == 0
    }

    /// The entity numbers of a kind.
    pub fn range(&self, kind: Kind) -> std::ops::Range<u32> {
        let k = kind_index(kind);
        self.layout.kind_starts[k]..self.layout.kind_starts[k + 1]
    }

    /// The map of the searcher's `n`th segment.
    pub fn map(&self, n: usize) -> Option<Arc<SegmentMap>> {
        self.maps.get(n).cloned()
    }

    /// Where an entity starts in the file (past the end for a number out of range).
    fn entity_start(&self, id: u32) -> usize {
        if id >= self.layout.entities {
            return usize::MAX;
        }
        let b = self.bytes.as_slice();
        self.layout.entity_blob.0 + u32_at(b, self.layout.entity_offsets + 4 * id as usize) as usize
    }

    /// The entity blob: an entity's fields are read from it only.
    fn entity_bytes(&self) -> &[u8] {
        &self.bytes.as_slice()[..self.layout.entity_blob.1]
    }

    /// An entity's flags ([`format::HIDDEN`], [`format::WORK`]).
    fn flags(&self, id: u32) -> u8 {
        self.entity_bytes()
            .get(self.entity_start(id))
            .copied()
            .unwrap_or(0)
    }

    /// An entity's name and whether it is hidden (without its variants).
    pub fn name(&self, id: u32) -> (&str, bool) {
        let b = self.entity_bytes();
        let at = self.entity_start(id);
        let hidden = self.flags(id) & format::HIDDEN != 0;
        let name = str_at(b, at.saturating_add(1)).map_or("", |(s, _)| s);
        (name, hidden)
    }

    /// Paragraphs naming an entity in any variant.
    pub fn count(&self, id: u32) -> u64 {
        let b = self.entity_bytes();
        let at = self.entity_start(id).saturating_add(1);
        str_at(b, at).map_or(0, |(_, end)| u64_at(b, end))
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
        let b = self.entity_bytes();
        let (name, hidden) = self.name(id);
        let work = self.flags(id) & format::WORK != 0;
        let mut variants = Vec::new();
        let mut count = 0;
        if let Some((_, end)) = str_at(b, self.entity_start(id).saturating_add(1)) {
            count = u64_at(b, end);
            let n = u32_at(b, end + 8) as usize;
            let mut at = end + 12;
            // at least 9 bytes a variant: never more of them than the bytes left allow
            variants.reserve(n.min(b.len().saturating_sub(at) / 9));
            for _ in 0..n {
                let Some(kind) = b.get(at).and_then(|&k| kind_of_byte(k)) else {
                    break;
                };
                let Some((name, end)) = str_at(b, at + 1) else {
                    break;
                };
                variants.push((kind, name.to_string(), u64::from(u32_at(b, end))));
                at = end + 4;
            }
        }
        EntityInfo {
            id,
            kind: self.kind(id),
            name: name.to_string(),
            hidden,
            work,
            count,
            variants,
        }
    }

    /// The `n`th lookup key and where its entities start.
    fn key(&self, n: u32) -> (&[u8], usize) {
        let b = &self.bytes.as_slice()[..self.layout.key_blob.1];
        let at =
            self.layout.key_blob.0 + u32_at(b, self.layout.key_offsets + 4 * n as usize) as usize;
        let len = u32_at(b, at) as usize;
        let end = at.saturating_add(4).saturating_add(len);
        (b.get(at + 4..end).unwrap_or_default(), end)
    }

    /// The entities a lookup key leads to, most mentioned first (binary search over the
    /// sorted keys).
    fn ids(&self, tag: u8, kind: Kind, text: &str) -> Vec<u32> {
        let wanted = key_bytes(tag, kind, text);
        let (mut lo, mut hi) = (0u32, self.layout.keys);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.key(mid).0.cmp(&wanted) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let (_, at) = self.key(mid);
                    let b = &self.bytes.as_slice()[..self.layout.key_blob.1];
                    let n = (u32_at(b, at) as usize).min(b.len().saturating_sub(at + 4) / 4);
                    return (0..n)
                        .map(|i| u32_at(b, at + 4 + 4 * i))
                        .filter(|&id| id < self.layout.entities)
                        .collect();
                }
            }
        }
        Vec::new()
    }

    /// The entity of a name as an article wrote it (a value of the `entity` field).
    pub fn entity_of(&self, kind: Kind, name: &str) -> Option<u32> {
        self.ids(b'v', kind, name).first().copied()
    }

    /// Entities whose names, folded, are `folded` (see [`crate::entities::fold::fold_name`]).
    pub fn by_folded(&self, kind: Kind, folded: &str) -> Vec<u32> {
        self.ids(b'n', kind, folded)
    }

    /// Entities with a name of this spelling key (see [`super::keys::spelling_key`]).
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
    #![allow(clippy::unwrap_used)]
    use super::*;

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
        let catalog = Catalog::of_variants(&variants, &Corrections::default());
        assert_eq!(catalog.len(), 4);
        assert_eq!(catalog.range(Kind::Person), 0..2);
        assert_eq!(catalog.range(Kind::Place), 2..3);
        assert_eq!(catalog.range(Kind::Org), 3..4);
        let blair = catalog.entity_of(Kind::Person, "Blair").unwrap();
        let info = catalog.entity(blair);
        assert_eq!(info.name, "Tony Blair");
        assert_eq!(info.count, 401);
        assert_eq!(catalog.count(blair), 401);
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
        assert_eq!(catalog.name(99), ("", false), "a number out of range");
        assert!(catalog.entity(99).variants.is_empty());
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_and_still_found() {
        let long = "é".repeat(40_000);
        let variants = vec![
            v(Kind::Person, &long, 3),
            v(Kind::Person, "Gordon Brown", 5),
        ];
        let catalog = Catalog::of_variants(&variants, &Corrections::default());
        let id = catalog.entity_of(Kind::Person, &long).unwrap();
        let name = catalog.name(id).0;
        assert!(name.len() <= format::MAX_NAME_BYTES && long.starts_with(name));
        assert!(catalog.entity_of(Kind::Person, "Gordon Brown").is_some());
    }

    #[test]
    fn damaged_catalogs_are_refused_not_trusted() {
        let variants = vec![
            v(Kind::Person, "Tony Blair", 385),
            v(Kind::Place, "Iraq", 9),
        ];
        let good = store::of_variants(&variants, &Corrections::default());
        assert!(Layout::check(&good).is_ok() && format::crc_ok(&good));
        // every truncation is refused
        for len in 0..good.len() {
            assert!(Layout::check(&good[..len]).is_err(), "cut at {len}");
        }
        // a length field made huge is refused, wherever it is
        for at in 8..good.len() - 4 {
            let mut bad = good.clone();
            bad[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            if let Ok(layout) = Layout::check(&bad) {
                // what still checks reads within the file
                let catalog = Catalog {
                    bytes: OwnedBytes::new(bad.clone()),
                    layout,
                    maps: Vec::new(),
                    source: Source::Built,
                };
                for id in 0..catalog.len() as u32 + 2 {
                    let info = catalog.entity(id);
                    assert!(info.variants.len() < 10);
                }
                let _ = catalog.by_folded(Kind::Person, "tony blair");
            }
            assert!(!format::crc_ok(&bad) || bad == good);
        }
    }
}
