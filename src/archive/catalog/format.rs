//! The bytes of `entities.bin`, written and checked.
//!
//! All numbers are little-endian; every string is UTF-8 with a `u32` length before it.
//!
//! ```text
//! magic "NIXCAT02"
//! u64  articles with a live paragraph
//! str  the segments it was written for: "SEGMENT.DELETED" entries, sorted, joined by ","
//! str  the corrections in force (the text of corrections.tsv)
//! u32  entities, then u32 x 4: the first entity of each kind and the end
//! u32  lookup keys
//! u32  x (entities + 1): where each entity starts in the entity blob
//! u32  x (keys + 1): where each key starts in the key blob
//! u32  entity blob length, then per entity: u8 flags ([`HIDDEN`], [`WORK`]), str name,
//!      u64 paragraphs, u32 variants, then per variant: u8 kind, str name, u32 paragraphs
//! u32  key blob length, then per key: str key, u32 entities, u32 x entities
//! u32  segment maps (one per segment, in the order of the segment list), then per map:
//!      u32 values, u32 x values (entity number per value ordinal)
//! u32  CRC32 of everything before it
//! ```
//!
//! [`Layout::check`] checks every length and offset against the file's size before any of
//! them is used, so that a damaged or hostile file is refused, never trusted into a huge
//! allocation or a read past its end.

use anyhow::{bail, Result};

use super::super::group::{kind_index, Entity, Variant};
use crate::entities::Kind;

pub const MAGIC: &[u8; 8] = b"NIXCAT02";

/// The longest entity name stored (see [`crate::entities::MAX_NAME_BYTES`]).
pub use crate::entities::MAX_NAME_BYTES;

/// A name cut to [`MAX_NAME_BYTES`] on a character boundary.
pub use crate::entities::bounded as bounded_name;

/// What a catalog holds, ready to be written.
pub struct Contents<'a> {
    pub articles: u64,
    pub segments: &'a str,
    pub corrections: &'a str,
    pub variants: &'a [Variant],
    pub entities: &'a [Entity],
    /// Lookup keys, sorted, each with its entities in the order a lookup gives them.
    pub keys: &'a [(Vec<u8>, Vec<u32>)],
    /// One map per segment, in the order of `segments`.
    pub maps: &'a [Vec<u32>],
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n.min(u32::MAX as usize) as u32).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    let s = bounded_name(s);
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_text(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// An entity's flag: left out of facets, listings and filters.
pub const HIDDEN: u8 = 1;
/// An entity's flag: hidden because the archive takes it for a work's title.
pub const WORK: u8 = 2;

/// The catalog's bytes.
pub fn encode(c: &Contents) -> Vec<u8> {
    let (variants, entities) = (c.variants, c.entities);
    let mut kind_starts = [entities.len() as u32; 4];
    for (id, e) in entities.iter().enumerate().rev() {
        kind_starts[kind_index(e.kind)] = id as u32;
    }
    for k in (0..3).rev() {
        kind_starts[k] = kind_starts[k].min(kind_starts[k + 1]);
    }
    let mut blob = Vec::new();
    let mut offsets = Vec::with_capacity(entities.len() + 1);
    for e in entities {
        offsets.push(blob.len());
        blob.push(if e.hidden { HIDDEN } else { 0 } | if e.work { WORK } else { 0 });
        put_str(&mut blob, &e.name);
        blob.extend_from_slice(&e.count(variants).to_le_bytes());
        put_u32(&mut blob, e.variants.len());
        let mut members = e.variants.clone();
        members.sort_by_key(|&v| std::cmp::Reverse(variants[v].count));
        for v in members {
            blob.push(kind_index(variants[v].kind) as u8);
            put_str(&mut blob, &variants[v].name);
            put_u32(&mut blob, variants[v].count as usize);
        }
    }
    offsets.push(blob.len());
    let mut key_blob = Vec::new();
    let mut key_offsets = Vec::with_capacity(c.keys.len() + 1);
    for (key, ids) in c.keys {
        key_offsets.push(key_blob.len());
        put_u32(&mut key_blob, key.len());
        key_blob.extend_from_slice(key);
        put_u32(&mut key_blob, ids.len());
        for id in ids {
            key_blob.extend_from_slice(&id.to_le_bytes());
        }
    }
    key_offsets.push(key_blob.len());

    let map_bytes: usize = c.maps.iter().map(|m| 4 + 4 * m.len()).sum();
    let mut out = Vec::with_capacity(
        128 + c.segments.len()
            + c.corrections.len()
            + 4 * (offsets.len() + key_offsets.len())
            + blob.len()
            + key_blob.len()
            + map_bytes,
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&c.articles.to_le_bytes());
    put_text(&mut out, c.segments);
    put_text(&mut out, c.corrections);
    put_u32(&mut out, entities.len());
    for s in kind_starts {
        out.extend_from_slice(&s.to_le_bytes());
    }
    put_u32(&mut out, c.keys.len());
    for &o in offsets.iter().chain(&key_offsets) {
        put_u32(&mut out, o);
    }
    put_u32(&mut out, blob.len());
    out.extend_from_slice(&blob);
    put_u32(&mut out, key_blob.len());
    out.extend_from_slice(&key_blob);
    put_u32(&mut out, c.maps.len());
    for map in c.maps {
        put_u32(&mut out, map.len());
        for id in map {
            out.extend_from_slice(&id.to_le_bytes());
        }
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// The `u32` at `at`, 0 past the end.
pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at.saturating_add(4))
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The `u64` at `at`, 0 past the end.
pub fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at.saturating_add(8))
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The string with its length at `at`, and where what follows it starts; `None` when it
/// runs past the end or is not UTF-8.
pub fn str_at(bytes: &[u8], at: usize) -> Option<(&str, usize)> {
    let len = u32_at(bytes, at) as usize;
    let start = at.checked_add(4)?;
    let end = start.checked_add(len)?;
    let s = std::str::from_utf8(bytes.get(start..end)?).ok()?;
    Some((s, end))
}

/// Where each part of a catalog's bytes is (see the module doc).
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub articles: u64,
    pub segments: (usize, usize),
    pub corrections: (usize, usize),
    pub entities: u32,
    pub kind_starts: [u32; 4],
    pub keys: u32,
    pub entity_offsets: usize,
    pub key_offsets: usize,
    pub entity_blob: (usize, usize),
    pub key_blob: (usize, usize),
    /// Where the first map's length is, and how many maps there are.
    pub maps: (usize, u32),
}

/// Reads sections front to back, refusing any that runs past the end.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<(usize, usize)> {
        let start = self.at;
        let end = start
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| anyhow::anyhow!("entity catalog is truncated"))?;
        self.at = end;
        Ok((start, end))
    }

    fn u32(&mut self) -> Result<u32> {
        let (s, _) = self.take(4)?;
        Ok(u32_at(self.bytes, s))
    }

    fn sized(&mut self) -> Result<(usize, usize)> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

impl Layout {
    /// Finds the parts of `bytes` and checks that each lies inside them, that offsets
    /// grow and stay inside their blobs, and that entity numbers and kinds are in range.
    /// The CRC is not checked here (that reads every byte): see [`crc_ok`].
    pub fn check(bytes: &[u8]) -> Result<Layout> {
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            bail!("not an entity catalog of this version");
        }
        let body = &bytes[..bytes.len() - 4];
        let mut c = Cursor {
            bytes: body,
            at: MAGIC.len(),
        };
        let (a, _) = c.take(8)?;
        let articles = u64_at(body, a);
        let segments = c.sized()?;
        let corrections = c.sized()?;
        std::str::from_utf8(&body[segments.0..segments.1])?;
        std::str::from_utf8(&body[corrections.0..corrections.1])?;
        let entities = c.u32()?;
        let mut kind_starts = [0u32; 4];
        for s in &mut kind_starts {
            *s = c.u32()?;
        }
        if kind_starts.windows(2).any(|w| w[0] > w[1]) || kind_starts[3] != entities {
            bail!("entity catalog: kinds out of order");
        }
        let keys = c.u32()?;
        let (entity_offsets, _) = c.take(4 * (entities as usize + 1))?;
        let (key_offsets, _) = c.take(4 * (keys as usize + 1))?;
        let entity_blob = c.sized()?;
        let key_blob = c.sized()?;
        let maps_count = c.u32()?;
        let maps_at = c.at;
        for _ in 0..maps_count {
            let n = c.u32()? as usize;
            c.take(4 * n)?;
        }
        if c.at != body.len() {
            bail!("entity catalog has bytes past its end");
        }
        let growing = |first: usize, n: u32, limit: usize| {
            let mut last = 0;
            for i in 0..=n as usize {
                let o = u32_at(body, first + 4 * i) as usize;
                if o < last || o > limit {
                    return false;
                }
                last = o;
            }
            true
        };
        if !growing(entity_offsets, entities, entity_blob.1 - entity_blob.0)
            || !growing(key_offsets, keys, key_blob.1 - key_blob.0)
        {
            bail!("entity catalog: offsets out of order");
        }
        Ok(Layout {
            articles,
            segments,
            corrections,
            entities,
            kind_starts,
            keys,
            entity_offsets,
            key_offsets,
            entity_blob,
            key_blob,
            maps: (maps_at, maps_count),
        })
    }
}

/// Whether the CRC at the end of `bytes` matches what comes before it.
pub fn crc_ok(bytes: &[u8]) -> bool {
    let Some(body_len) = bytes.len().checked_sub(4) else {
        return false;
    };
    crc32fast::hash(&bytes[..body_len]) == u32_at(bytes, body_len)
}

/// The kind stored as a byte (see [`kind_index`]); `None` for any other byte.
pub fn kind_of_byte(b: u8) -> Option<Kind> {
    Kind::ALL.get(usize::from(b)).copied()
}
