//! Counting entities over every matching paragraph: each paragraph once per entity, however
//! many of the entity's names it holds.
//!
//! [`EntityCounts`] is a tantivy collector that rides along with `TopDocs`. For each batch
//! of matching documents it reads their `entity` values' ordinals (a batch at a time, as
//! [`crate::search::facets`] does) and counts per ordinal, skipping a value whose entity (one
//! lookup in the segment's map) the same document already named. At the end each segment
//! turns its counted ordinals into entity numbers; the segments' counts are added, and the
//! largest of each kind are named from the catalog.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

use super::catalog::{Catalog, SegmentMap, NONE, SHARED};
use crate::entities::Kind;
use crate::index::schema::ENTITY;
use crate::search::facets::{Rows, BATCH};

/// Counts the entities of every matching paragraph.
pub struct EntityCounts {
    catalog: Arc<Catalog>,
}

impl EntityCounts {
    pub fn new(catalog: Arc<Catalog>) -> EntityCounts {
        EntityCounts { catalog }
    }
}

/// Matching paragraphs per entity number.
pub type Counts = Vec<u32>;

/// One segment's counts: (entity number, matching paragraphs).
pub type SegmentCounts = Vec<(u32, u32)>;

pub struct SegmentEntityCounts {
    column: Option<Column<u64>>,
    map: Option<Arc<SegmentMap>>,
    /// matching paragraphs per value ordinal
    counts: Vec<u32>,
    entities: usize,
    docs: Vec<DocId>,
    rows: Rows,
    ords: Vec<u64>,
    /// one document's entities, to drop repeats
    seen: Vec<u32>,
}

impl Collector for EntityCounts {
    type Fruit = Counts;
    type Child = SegmentEntityCounts;

    fn for_segment(&self, ord: u32, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        let column = segment.fast_fields().str(ENTITY)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentEntityCounts {
            column: column.map(|c| c.ords().clone()),
            map: self.catalog.map(ord as usize),
            counts: vec![0; terms],
            entities: self.catalog.len(),
            docs: Vec::with_capacity(BATCH),
            rows: Rows::default(),
            ords: Vec::new(),
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<Counts> {
        let mut total = vec![0u32; self.catalog.len()];
        for (id, c) in fruits.into_iter().flatten() {
            if let Some(t) = total.get_mut(id as usize) {
                *t += c;
            }
        }
        Ok(total)
    }
}

impl SegmentEntityCounts {
    /// Adds the buffered documents' entities to the counts.
    fn flush(&mut self) {
        let (Some(column), Some(map)) = (&self.column, &self.map) else {
            self.docs.clear();
            return;
        };
        let (rows, lengths) = self.rows.per_document(column, &self.docs);
        self.ords.resize(rows.len(), 0);
        column.values.get_vals(rows, &mut self.ords);
        let mut at = 0;
        for &n in lengths {
            let values = &self.ords[at..at + n as usize];
            at += n as usize;
            self.seen.clear();
            for &ord in values {
                // two names of one entity in one paragraph count once; only an entity with
                // several values in the segment can be named twice
                if values.len() > 1 {
                    let raw = map.raw(ord);
                    if raw & SHARED != 0 {
                        if raw == NONE || self.seen.contains(&raw) {
                            continue;
                        }
                        self.seen.push(raw);
                    }
                }
                if let Some(c) = self.counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
        self.docs.clear();
    }
}

impl SegmentCollector for SegmentEntityCounts {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
        if self.docs.len() == BATCH {
            self.flush();
        }
    }

    fn harvest(mut self) -> SegmentCounts {
        self.flush();
        let Some(map) = &self.map else {
            return Vec::new();
        };
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(ord, &c)| (map.get(ord as u64), c))
            .filter(|&(id, _)| id != NONE && (id as usize) < self.entities)
            .collect()
    }
}

/// The `limit` entities of a kind with the largest counts (hidden ones left out), largest
/// first, ties by name: (entity number, name, count).
pub fn top(catalog: &Catalog, counts: &[u32], kind: Kind, limit: usize) -> Vec<(u32, String, u64)> {
    let range = catalog.range(kind);
    let mut nonzero: Vec<(u32, u32)> = (range.start..range.end)
        .filter_map(|id| {
            let c = counts.get(id as usize).copied().unwrap_or(0);
            (c > 0).then_some((c, id))
        })
        .collect();
    // largest counts first; among equal counts the catalog's order is the names' order
    let order = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    // the first `limit` plus room for hidden ones, then only those sorted
    let keep = limit.saturating_add(64);
    if nonzero.len() > keep {
        nonzero.select_nth_unstable_by(keep, order);
        nonzero.truncate(keep);
    }
    nonzero.sort_unstable_by(order);
    let mut out = Vec::with_capacity(limit.min(nonzero.len()));
    for (c, id) in nonzero {
        if out.len() >= limit {
            break;
        }
        let (name, hidden) = catalog.name(id);
        if !hidden {
            out.push((id, name.to_string(), u64::from(c)));
        }
    }
    out
}
