//! Counting the distinct values of string fast fields over every matching paragraph.
//!
//! [`FacetCounts`] is a tantivy collector: for each field it counts, per value, the number of
//! matching documents that hold that value (a document with the same person twice counts
//! once). It rides along with `TopDocs` in one search, so facets cost one pass.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentReader};

/// Counts per value for each of several fields.
pub struct FacetCounts {
    fields: Vec<String>,
}

impl FacetCounts {
    pub fn new<S: Into<String>>(fields: impl IntoIterator<Item = S>) -> FacetCounts {
        FacetCounts {
            fields: fields.into_iter().map(Into::into).collect(),
        }
    }
}

/// For each field (in the order given), value -> number of matching documents.
pub type Counts = Vec<HashMap<String, u64>>;

pub struct SegmentFacetCounts {
    columns: Vec<FieldCounter>,
}

struct FieldCounter {
    column: Option<StrColumn>,
    counts: Vec<u32>,
    /// The last document counted for each ordinal, to count a document once per value.
    last_doc: Vec<DocId>,
}

impl Collector for FacetCounts {
    type Fruit = Counts;
    type Child = SegmentFacetCounts;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        let mut columns = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let column = segment.fast_fields().str(field)?;
            let n = column.as_ref().map_or(0, |c| c.num_terms());
            columns.push(FieldCounter {
                column,
                counts: vec![0; n],
                last_doc: vec![DocId::MAX; n],
            });
        }
        Ok(SegmentFacetCounts { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut out: Counts = vec![HashMap::new(); self.fields.len()];
        for fruit in fruits {
            for (merged, counts) in out.iter_mut().zip(fruit) {
                for (name, n) in counts {
                    *merged.entry(name).or_insert(0) += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacetCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for c in &mut self.columns {
            let Some(column) = &c.column else { continue };
            for ord in column.term_ords(doc) {
                let o = ord as usize;
                if c.last_doc[o] != doc {
                    c.last_doc[o] = doc;
                    c.counts[o] += 1;
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        self.columns
            .into_iter()
            .map(|c| {
                let mut out = HashMap::new();
                let Some(column) = &c.column else { return out };
                let ords: Vec<u64> = (0..c.counts.len() as u64)
                    .filter(|&o| c.counts[o as usize] > 0)
                    .collect();
                let mut i = 0;
                // One sorted pass over the dictionary; per-ordinal lookups re-decode blocks.
                let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    let name = String::from_utf8_lossy(bytes).into_owned();
                    out.insert(name, u64::from(c.counts[ords[i] as usize]));
                    i += 1;
                });
                out
            })
            .collect()
    }
}

/// The `limit` largest counts, by count then name.
pub fn top(counts: HashMap<String, u64>, limit: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}
