//! Counting the values of string fast fields over every matching paragraph.
//!
//! [`FacetCounts`] is a tantivy collector: for each field it counts, per value, the number of
//! matching documents that hold that value. It rides along with `TopDocs` in one search, so
//! facets cost one pass.
//!
//! Counting works on term ordinals, never on strings: matching documents are buffered and
//! the value rows of a batch are found in one pass over the column index, then their ordinals
//! fetched in one call. Ordinals become names only for the few values that can reach the
//! top: each segment, still on its search thread, offers its largest counts with their names
//! (a bounded heap over the counts); the merge looks every offered name up in the segments
//! that did not offer it (an offered count is already exact), and accepts the answer once the
//! last name kept beats the most that any name left out could have (the sum of each
//! segment's largest count not offered). Otherwise each segment offers more. The result is
//! the exact top, as if every name had been counted.
//!
//! Ordinals are turned into names through the field's inverted-index term dictionary (an
//! FST, cheap to look up), which for a raw string field that is both indexed and fast holds
//! the same sorted values as the fast field's own dictionary; when their sizes differ the
//! fast field's dictionary is used instead.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::column_index::MultiValueIndex;
use tantivy::columnar::{Column, ColumnIndex, RowId, StrColumn};
use tantivy::{DocId, InvertedIndexReader, Score, SegmentReader};

/// Counts per value for several fields; `limit` keeps only the largest counts of each.
pub struct FacetCounts {
    fields: Vec<String>,
    limit: Option<usize>,
}

impl FacetCounts {
    /// Every value with its count.
    pub fn new<S: Into<String>>(fields: impl IntoIterator<Item = S>) -> FacetCounts {
        FacetCounts {
            fields: fields.into_iter().map(Into::into).collect(),
            limit: None,
        }
    }

    /// Only the `limit` values with the largest counts of each field (ties by name).
    pub fn top<S: Into<String>>(fields: impl IntoIterator<Item = S>, limit: usize) -> FacetCounts {
        FacetCounts {
            limit: Some(limit),
            ..FacetCounts::new(fields)
        }
    }
}

/// For each field (in the order given), its values and counts, largest count first, ties by
/// name.
pub type Counts = Vec<Vec<(String, u64)>>;

/// Matching documents buffered before their ordinals are fetched in one call.
const BATCH: usize = 1024;

pub struct SegmentFacetCounts {
    fields: Vec<Option<FieldCounter>>,
    first_offer: Option<usize>,
    docs: Vec<DocId>,
    docs_out: Vec<DocId>,
    bounds: Vec<u32>,
    rows: Vec<RowId>,
    ords: Vec<u64>,
}

struct FieldCounter {
    column: Column<u64>,
    names: Names,
    counts: Vec<u32>,
}

/// One segment's counts for one field, with what turns its ordinals into names.
pub struct SegmentCounts {
    names: Names,
    counts: Vec<u32>,
    /// Its offer for the merge's first round, made on the search thread.
    first: Option<Offer>,
}

/// A segment's largest counts for a field, with their names.
#[derive(Clone)]
struct Offer {
    /// how many values were asked for
    asked: usize,
    values: Vec<(u64, Vec<u8>)>,
    /// the largest count the segment did not offer (0 when it offered every value)
    left_out: u64,
}

/// Ordinal <-> name for one segment's field.
#[derive(Clone)]
enum Names {
    Terms(Arc<InvertedIndexReader>),
    Column(StrColumn),
}

impl Names {
    fn name(&self, ord: u64, buf: &mut Vec<u8>) -> bool {
        buf.clear();
        let found = match self {
            Names::Terms(inverted) => inverted.terms().ord_to_term(ord, buf),
            Names::Column(column) => column.dictionary().ord_to_term(ord, buf),
        };
        found.unwrap_or(false)
    }

    fn ord(&self, name: &[u8]) -> Option<u64> {
        let found = match self {
            Names::Terms(inverted) => inverted.terms().term_ord(name),
            Names::Column(column) => column.dictionary().term_ord(name),
        };
        found.ok().flatten()
    }
}

impl SegmentCounts {
    /// The `asked` largest counts (in no particular order) and the largest one left out.
    fn offer(&self, asked: usize) -> Offer {
        let mut largest: Vec<(u32, u32)>;
        let mut left_out = 0;
        if asked >= self.counts.len() {
            largest = self.nonzero().collect();
        } else {
            // the asked + 1 largest (count, ordinal) pairs, smallest on top
            let mut heap = BinaryHeap::with_capacity(asked + 1);
            for (c, ord) in self.nonzero() {
                if heap.len() <= asked {
                    heap.push(Reverse((c, ord)));
                } else if heap.peek().is_some_and(|Reverse((least, _))| c > *least) {
                    heap.pop();
                    heap.push(Reverse((c, ord)));
                }
            }
            if heap.len() > asked {
                left_out = heap.pop().map_or(0, |Reverse((c, _))| u64::from(c));
            }
            largest = heap.into_iter().map(|Reverse(v)| v).collect();
        }
        // names in ordinal order, which is term-dictionary order
        largest.sort_unstable_by_key(|&(_, ord)| ord);
        let mut buf = Vec::new();
        let mut values = Vec::with_capacity(largest.len());
        for (c, ord) in largest {
            if self.names.name(u64::from(ord), &mut buf) {
                values.push((u64::from(c), buf.clone()));
            }
        }
        Offer {
            asked,
            values,
            left_out,
        }
    }

    fn nonzero(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(ord, &c)| (c, ord as u32))
    }

    fn count_of(&self, name: &[u8]) -> u64 {
        self.names
            .ord(name)
            .and_then(|o| self.counts.get(o as usize))
            .map_or(0, |&c| u64::from(c))
    }
}

impl Collector for FacetCounts {
    type Fruit = Counts;
    type Child = SegmentFacetCounts;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for name in &self.fields {
            let Some(column) = segment.fast_fields().str(name)? else {
                fields.push(None);
                continue;
            };
            let field = segment.schema().get_field(name)?;
            let inverted = segment.inverted_index(field)?;
            let num_terms = column.num_terms();
            let ords = column.ords().clone();
            let names = if inverted.terms().num_terms() == num_terms {
                Names::Terms(inverted)
            } else {
                Names::Column(column)
            };
            fields.push(Some(FieldCounter {
                column: ords,
                names,
                counts: vec![0; num_terms],
            }));
        }
        Ok(SegmentFacetCounts {
            fields,
            first_offer: self.limit.map(first_offer),
            docs: Vec::with_capacity(BATCH),
            docs_out: Vec::new(),
            bounds: Vec::new(),
            rows: Vec::new(),
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Option<SegmentCounts>>>) -> tantivy::Result<Counts> {
        let mut per_field: Vec<Vec<SegmentCounts>> =
            (0..self.fields.len()).map(|_| Vec::new()).collect();
        for fruit in fruits {
            for (segments, counts) in per_field.iter_mut().zip(fruit) {
                segments.extend(counts);
            }
        }
        Ok(per_field
            .iter()
            .map(|segments| top_values(segments, self.limit))
            .collect())
    }
}

impl SegmentFacetCounts {
    /// Adds the buffered documents' values to the counts.
    fn flush(&mut self) {
        for field in self.fields.iter_mut().flatten() {
            // Each document holds a value at most once (the writer dedups), so counting
            // values counts documents.
            self.rows.clear();
            value_rows(
                &field.column,
                &self.docs,
                &mut self.docs_out,
                &mut self.bounds,
                &mut self.rows,
            );
            self.ords.resize(self.rows.len(), 0);
            field.column.values.get_vals(&self.rows, &mut self.ords);
            for &ord in &self.ords {
                if let Some(c) = field.counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
        self.docs.clear();
    }
}

/// Appends to `rows` the value rows of the (sorted) `docs`, as `Column::row_ids_for_docs`
/// does, but a batch at a time for a multi-valued column: one pass over the optional index
/// for the ranks of the documents that hold values, then one call for the starts and ends of
/// their value ranges. Tantivy's own loop looks each document up on its own, with two dynamic
/// calls into the start column per document.
fn value_rows(
    column: &Column<u64>,
    docs: &[DocId],
    ranks: &mut Vec<u32>,
    bounds: &mut Vec<u32>,
    rows: &mut Vec<RowId>,
) {
    let ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) = &column.index else {
        let mut docs_out = Vec::new();
        column.row_ids_for_docs(docs, &mut docs_out, rows);
        return;
    };
    let mut holders = std::mem::take(ranks);
    holders.clear();
    ranks.clear();
    index
        .optional_index
        .rank_if_exists_batch(docs, &mut holders, ranks);
    // the value range of rank r is start[r]..start[r + 1]
    holders.clear();
    holders.extend(ranks.iter().flat_map(|&r| [r, r + 1]));
    bounds.resize(holders.len(), 0);
    index.start_index_column.get_vals(&holders, bounds);
    for pair in bounds.chunks_exact(2) {
        rows.extend(pair[0]..pair[1]);
    }
    *ranks = holders;
}

impl SegmentCollector for SegmentFacetCounts {
    type Fruit = Vec<Option<SegmentCounts>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
        if self.docs.len() == BATCH {
            self.flush();
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.flush();
        self.fields
            .into_iter()
            .map(|f| {
                f.map(|f| {
                    let mut counts = SegmentCounts {
                        names: f.names,
                        counts: f.counts,
                        first: None,
                    };
                    counts.first = self.first_offer.map(|n| counts.offer(n));
                    counts
                })
            })
            .collect()
    }
}

/// The values with the largest total counts over all segments (all of them without a limit),
/// largest first, ties by name.
fn top_values(segments: &[SegmentCounts], limit: Option<usize>) -> Vec<(String, u64)> {
    let limit = limit.unwrap_or(usize::MAX);
    if limit == 0 {
        return Vec::new();
    }
    // how many values each segment offers; grows until the answer is sure
    let mut offer = first_offer(limit);
    loop {
        // offered names: the sum of the counts offered for them, and which segments offered
        // them (each offered count is that segment's exact count)
        let mut candidates: HashMap<Vec<u8>, (u64, Vec<bool>)> = HashMap::new();
        // the largest total a value that no segment offered can have
        let mut left_out = 0u64;
        for (i, segment) in segments.iter().enumerate() {
            let made;
            let offered = match &segment.first {
                Some(first) if first.asked == offer => first,
                _ => {
                    made = segment.offer(offer);
                    &made
                }
            };
            left_out += offered.left_out;
            for (count, name) in &offered.values {
                let (sum, offered_by) = candidates
                    .entry(name.clone())
                    .or_insert_with(|| (0, vec![false; segments.len()]));
                *sum += count;
                offered_by[i] = true;
            }
        }
        // When no segment left a value out, the offered counts are the totals; otherwise
        // each candidate is looked up in the segments that did not offer it.
        let mut totals: Vec<(String, u64)> = candidates
            .into_iter()
            .map(|(name, (offered, offered_by))| {
                let rest: u64 = if left_out == 0 {
                    0
                } else {
                    segments
                        .iter()
                        .zip(&offered_by)
                        .filter(|(_, &offered)| !offered)
                        .map(|(s, _)| s.count_of(&name))
                        .sum()
                };
                (String::from_utf8_lossy(&name).into_owned(), offered + rest)
            })
            .collect();
        totals.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let sure = left_out == 0 || (totals.len() >= limit && totals[limit - 1].1 > left_out);
        if sure {
            totals.truncate(limit);
            return totals;
        }
        offer = offer.saturating_mul(4);
    }
}

/// How many values each segment offers in the merge's first round.
fn first_offer(limit: usize) -> usize {
    limit.saturating_mul(2).max(16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::NewsIndex;
    use tantivy::query::AllQuery;
    use tantivy::{doc, IndexWriter};

    /// Writes documents (one per list of places) to `segments` segments.
    fn index_with(docs: &[&[&str]], segments: usize) -> NewsIndex {
        let index = NewsIndex::in_ram().unwrap();
        let mut writer: IndexWriter = index.index.writer_with_num_threads(1, 15_000_000).unwrap();
        let per = docs.len().div_ceil(segments);
        for chunk in docs.chunks(per) {
            for places in chunk {
                let mut d = doc!();
                for p in *places {
                    d.add_text(index.fields.place, p);
                }
                writer.add_document(d).unwrap();
            }
            writer.commit().unwrap();
        }
        index
    }

    /// Counts by brute force, for comparison.
    fn brute(docs: &[&[&str]]) -> Vec<(String, u64)> {
        let mut m = HashMap::<String, u64>::new();
        for d in docs {
            for p in *d {
                *m.entry(p.to_string()).or_default() += 1;
            }
        }
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    #[test]
    fn an_offer_is_the_largest_counts_and_the_largest_left_out() {
        let docs: Vec<Vec<String>> = (0..200)
            .map(|i| (0..(i % 23)).map(|v| format!("V{v:02}")).collect())
            .collect();
        let refs: Vec<Vec<&str>> = docs
            .iter()
            .map(|d| d.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let want = brute(&refs);
        let index = index_with(&refs, 1);
        let searcher = index.reader().unwrap().searcher();
        let collector = FacetCounts::new(["place"]);
        let segment = searcher.segment_reader(0);
        let mut child = collector.for_segment(0, segment).unwrap();
        for doc in 0..segment.max_doc() {
            child.collect(doc, 0.0);
        }
        let counts = child.harvest().pop().flatten().unwrap();
        for asked in [0, 1, 5, 21, 22, 100] {
            let offer = counts.offer(asked);
            let mut got: Vec<u64> = offer.values.iter().map(|(c, _)| *c).collect();
            got.sort_unstable_by(|a, b| b.cmp(a));
            let all: Vec<u64> = want.iter().map(|(_, c)| *c).collect();
            let n = asked.min(all.len());
            assert_eq!(got, all[..n], "asked {asked}");
            assert_eq!(
                offer.left_out,
                all.get(n).copied().unwrap_or(0),
                "asked {asked}"
            );
            for (c, name) in &offer.values {
                let name = String::from_utf8(name.clone()).unwrap();
                assert!(want.contains(&(name, *c)), "asked {asked}");
            }
        }
    }

    #[test]
    fn top_is_exact_across_segments() {
        // "Zeta" is never among the first segments' largest counts but wins overall.
        let mut docs: Vec<Vec<String>> = Vec::new();
        for i in 0..60 {
            docs.push(vec![format!("A{}", i % 30), "Zeta".into()]);
        }
        // more documents than one batch, so counting flushes several times
        for i in 0..4000 {
            docs.push(vec![format!("B{}", i % 40)]);
        }
        for _ in 0..9 {
            docs.push(vec!["Zeta".into(), "A1".into()]);
        }
        let refs: Vec<Vec<&str>> = docs
            .iter()
            .map(|d| d.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let want = brute(&refs);
        for segments in [1, 3, 7] {
            let index = index_with(&refs, segments);
            let searcher = index.reader().unwrap().searcher();
            for limit in [1, 2, 5, 40, 1000] {
                let got = searcher
                    .search(&AllQuery, &FacetCounts::top(["place"], limit))
                    .unwrap();
                let expected: Vec<_> = want.iter().take(limit).cloned().collect();
                assert_eq!(got[0], expected, "segments {segments} limit {limit}");
            }
            let all = searcher
                .search(&AllQuery, &FacetCounts::new(["place"]))
                .unwrap();
            assert_eq!(all[0], want);
        }
    }
}
