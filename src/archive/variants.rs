//! The names an index holds, as the articles wrote them, with the paragraphs naming each:
//! what [`super::group`] groups into entities.

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::{Searcher, SegmentReader};

use super::group::{kind_index, Variant};
use crate::entities::Kind;
use crate::index::schema::{ENTITY, LOCATED_PREFIX, WORK_PREFIX};
use crate::index::Fields;

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

/// What the archive's paragraphs say of names (the `work:` and `at:` values of the
/// `entity` field, see [`crate::entities::Cue`]): per name, the paragraphs that cue it as
/// a work, and those that say something is in it.
#[derive(Debug, Default)]
pub struct Cues {
    pub works: FxHashMap<String, u64>,
    pub located: FxHashMap<String, u64>,
}

/// The archive's cues. Paragraphs deleted but not yet merged away still count: this is
/// evidence for a name's kind, not a count anyone sees.
pub fn cues_of(searcher: &Searcher, fields: &Fields) -> Result<Cues> {
    Ok(Cues {
        works: cued(searcher, fields, WORK_PREFIX)?,
        located: cued(searcher, fields, LOCATED_PREFIX)?,
    })
}

/// Paragraphs per name among the `entity` values that start with `prefix`.
fn cued(searcher: &Searcher, fields: &Fields, prefix: &str) -> Result<FxHashMap<String, u64>> {
    let mut out: FxHashMap<String, u64> = FxHashMap::default();
    // the values with the prefix are those from it up to the prefix with its ':' bumped
    let end = format!("{};", prefix.trim_end_matches(':'));
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.entity)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(end.as_bytes())
            .into_stream()?;
        while stream.advance() {
            let Some(name) = std::str::from_utf8(stream.key())
                .ok()
                .and_then(|v| v.strip_prefix(prefix))
            else {
                continue;
            };
            *out.entry(name.to_string()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    Ok(out)
}

/// Adds the names of a segment's live paragraphs to `counts`, from the `entity` fast field:
/// the paragraphs are counted per value ordinal, then the counted ordinals are named in one
/// pass over the dictionary (naming them one by one decompresses a block each time).
fn count_live(segment: &SegmentReader, counts: &mut FxHashMap<(Kind, String), u64>) -> Result<()> {
    let Some(column) = segment.fast_fields().str(ENTITY)? else {
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
    let ords: Vec<u64> = (0..per_ord.len() as u64)
        .filter(|&o| per_ord[o as usize] > 0)
        .collect();
    let mut next = ords.iter();
    column.dictionary().sorted_ords_to_term_cb(&ords, |value| {
        let Some(&ord) = next.next() else {
            return;
        };
        if let Some((kind, name)) = split_value(value) {
            *counts.entry((kind, name.to_string())).or_default() += per_ord[ord as usize];
        }
    })?;
    Ok(())
}

/// A value of the `entity` field as its kind and name.
pub fn split_value(value: &[u8]) -> Option<(Kind, &str)> {
    let text = std::str::from_utf8(value).ok()?;
    let (kind, name) = text.split_once(':')?;
    Some((Kind::parse(kind)?, name))
}
