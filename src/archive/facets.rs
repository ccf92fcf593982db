//! Counting entities over every matching paragraph: each paragraph once per entity, however
//! many of the entity's names it holds.
//!
//! [`EntityCounts`] is a tantivy collector that rides along with `TopDocs`. For each batch
//! of matching documents it reads their `entity` values' ordinals (a batch at a time, as
//! [`crate::facets`] does), turns each ordinal into an entity number through the segment's
//! map (one array lookup), drops the repeats within a document, and counts. Segments add
//! their counts; the largest counts of each kind are named from the catalog.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

use super::catalog::{Catalog, SegmentMap, NONE};
use crate::entities::Kind;
use crate::facets::{Rows, BATCH};
use crate::index::schema::ENTITY;

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

pub struct SegmentEntityCounts {
    column: Option<Column<u64>>,
    map: Option<Arc<SegmentMap>>,
    counts: Vec<u32>,
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
        let column = segment.fast_fields().str(ENTITY)?.map(|c| c.ords().clone());
        Ok(SegmentEntityCounts {
            column,
            map: self.catalog.map(ord as usize),
            counts: vec![0; self.catalog.len()],
            docs: Vec::with_capacity(BATCH),
            rows: Rows::default(),
            ords: Vec::new(),
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut fruits = fruits.into_iter();
        let mut total = fruits.next().unwrap_or_else(|| vec![0; self.catalog.len()]);
        for counts in fruits {
            for (t, c) in total.iter_mut().zip(counts) {
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
        let (rows, owners) = self.rows.owned(column, &self.docs);
        self.ords.resize(rows.len(), 0);
        column.values.get_vals(rows, &mut self.ords);
        let mut owner = u32::MAX;
        for (&ord, &o) in self.ords.iter().zip(owners) {
            if o != owner {
                owner = o;
                self.seen.clear();
            }
            let id = map.get(ord);
            if id == NONE || self.seen.contains(&id) {
                continue;
            }
            self.seen.push(id);
            if let Some(c) = self.counts.get_mut(id as usize) {
                *c += 1;
            }
        }
        self.docs.clear();
    }
}

impl SegmentCollector for SegmentEntityCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
        if self.docs.len() == BATCH {
            self.flush();
        }
    }

    fn harvest(mut self) -> Counts {
        self.flush();
        self.counts
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
    nonzero.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
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
