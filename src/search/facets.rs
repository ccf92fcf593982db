//! Counting the values of string fast fields over every matching paragraph.
//!
//! [`FacetCounts`] is a tantivy collector: for each [`Facet`] (a field's values, or those of
//! them that start with a prefix) it counts, per value, the number of matching documents that
//! hold that value. It rides along with `TopDocs` in one search, so facets cost one pass, and
//! facets of one field share one read of it: the entity kinds are prefixes of one `entity`
//! field, so each matching paragraph is looked up once, not once per kind.
//!
//! Counting works on term ordinals, never on strings: matching documents are buffered and
//! the value rows of a batch are found in one pass over the column index, then their ordinals
//! fetched in one call. A prefix's values are a range of ordinals, since the dictionary is
//! sorted. Ordinals become names only for the few values that can reach the top: each
//! segment, still on its search thread, offers its largest counts with their names (a bounded
//! heap over the counts, the names read in one sorted pass); the merge looks every offered
//! name up in the segments that did not offer it (an offered count is already exact), and
//! accepts the answer once the last name kept beats the most that any name left out could
//! have (the sum of each segment's largest count not offered). Otherwise each segment offers
//! more. The result is the exact top, as if every name had been counted.
//!
//! Ordinals are turned into names through the field's inverted-index term dictionary (an
//! FST) when the field is indexed and that dictionary holds the same values as the fast
//! field's own; otherwise through the fast field's dictionary.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::column_index::MultiValueIndex;
use tantivy::columnar::{Column, ColumnIndex, RowId, StrColumn, TermOrdHit};
use tantivy::{DocId, InvertedIndexReader, Score, SegmentReader};

/// What one facet counts: the values of a string fast field, or only those that start with
/// `prefix` (reported without it).
#[derive(Debug, Clone)]
pub struct Facet {
    field: String,
    prefix: String,
}

impl Facet {
    /// Every value of `field`.
    pub fn field(field: impl Into<String>) -> Facet {
        Facet::prefixed(field, "")
    }

    /// The values of `field` that start with `prefix`, named without it.
    pub fn prefixed(field: impl Into<String>, prefix: impl Into<String>) -> Facet {
        Facet {
            field: field.into(),
            prefix: prefix.into(),
        }
    }
}

/// Counts per value for several facets; `limit` keeps only the largest counts of each.
pub struct FacetCounts {
    /// the distinct fields read
    columns: Vec<String>,
    /// each facet: the index of its field in `columns`, and its prefix
    facets: Vec<(usize, Vec<u8>)>,
    limit: Option<usize>,
}

impl FacetCounts {
    /// Each facet's values with their counts; with a limit only the `limit` largest counts
    /// of each (ties by name).
    pub fn of(facets: impl IntoIterator<Item = Facet>, limit: Option<usize>) -> FacetCounts {
        let mut columns: Vec<String> = Vec::new();
        let facets = facets
            .into_iter()
            .map(|f| {
                let column = match columns.iter().position(|c| *c == f.field) {
                    Some(i) => i,
                    None => {
                        columns.push(f.field);
                        columns.len() - 1
                    }
                };
                (column, f.prefix.into_bytes())
            })
            .collect();
        FacetCounts {
            columns,
            facets,
            limit,
        }
    }
}

/// For each facet (in the order given), its values and counts, largest count first, ties by
/// name.
pub type Counts = Vec<Vec<(String, u64)>>;

/// Matching documents buffered before their ordinals are fetched in one call.
pub(crate) const BATCH: usize = 1024;

pub struct SegmentFacetCounts {
    columns: Vec<Option<ColumnCounter>>,
    facets: Vec<(usize, Vec<u8>)>,
    first_offer: Option<usize>,
    docs: Vec<DocId>,
    rows: Rows,
    ords: Vec<u64>,
}

/// One segment's counts for one field, per ordinal.
struct ColumnCounter {
    column: Column<u64>,
    names: Names,
    counts: Vec<u32>,
}

/// One segment's counts for one facet, with what turns its ordinals into names.
pub struct SegmentCounts {
    names: Names,
    /// the counts of the facet's field, shared by the facets of that field (moved into the
    /// `Arc`, not copied: a copy touched as many fresh pages again, in a one-query process)
    counts: Arc<Vec<u32>>,
    /// the facet's ordinals: those of the values with its prefix
    ords: Range<u32>,
    /// its offer for the merge's first round, made on the search thread
    first: Option<Offer>,
}

/// A segment's largest counts for a facet, with their names.
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
    /// The names of sorted ordinals, in their order; false if one was not found.
    fn names(&self, ords: &[u64], mut each: impl FnMut(&[u8])) -> bool {
        match self {
            Names::Terms(inverted) => {
                let mut buf = Vec::new();
                for &ord in ords {
                    if !inverted.terms().ord_to_term(ord, &mut buf).unwrap_or(false) {
                        return false;
                    }
                    each(&buf);
                }
                true
            }
            Names::Column(column) => column
                .dictionary()
                .sorted_ords_to_term_cb(ords, each)
                .unwrap_or(false),
        }
    }

    fn ord(&self, name: &[u8]) -> Option<u64> {
        let found = match self {
            Names::Terms(inverted) => inverted.terms().term_ord(name),
            Names::Column(column) => column.dictionary().term_ord(name),
        };
        found.ok().flatten()
    }

    /// The ordinal of the first name at or after `key` (`num_terms` if none is).
    fn ord_at_or_after(&self, key: &[u8], num_terms: u32) -> u32 {
        let ord = match self {
            Names::Terms(inverted) => inverted
                .terms()
                .range()
                .ge(key)
                .into_stream()
                .ok()
                .and_then(|mut s| s.advance().then(|| s.term_ord())),
            Names::Column(column) => match column.dictionary().term_ord_or_next(key) {
                Ok(TermOrdHit::Exact(o) | TermOrdHit::Next(o)) => Some(o),
                Err(_) => None,
            },
        };
        ord.map_or(num_terms, |o| o.min(u64::from(num_terms)) as u32)
    }

    /// The ordinals of the names that start with `prefix`.
    fn prefix_range(&self, prefix: &[u8], num_terms: u32) -> Range<u32> {
        if prefix.is_empty() {
            return 0..num_terms;
        }
        let start = self.ord_at_or_after(prefix, num_terms);
        let end = match successor(prefix) {
            Some(after) => self.ord_at_or_after(&after, num_terms),
            None => num_terms,
        };
        start..end.max(start)
    }
}

/// The smallest byte string greater than every string that starts with `prefix` (none if
/// the prefix is all 0xFF bytes).
fn successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut after = prefix.to_vec();
    while let Some(last) = after.pop() {
        if last < u8::MAX {
            after.push(last + 1);
            return Some(after);
        }
    }
    None
}

impl SegmentCounts {
    /// The `asked` largest counts (in no particular order) and the largest one left out.
    fn offer(&self, asked: usize) -> Offer {
        let mut largest: Vec<(u32, u32)>;
        let mut left_out = 0;
        if asked >= self.ords.len() {
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
        // names in ordinal order: one pass over the dictionary
        largest.sort_unstable_by_key(|&(_, ord)| ord);
        let ords: Vec<u64> = largest.iter().map(|&(_, ord)| u64::from(ord)).collect();
        let mut values = Vec::with_capacity(largest.len());
        let mut counts = largest.iter();
        self.names.names(&ords, |name| {
            if let Some(&(c, _)) = counts.next() {
                values.push((u64::from(c), name.to_vec()));
            }
        });
        Offer {
            asked,
            values,
            left_out,
        }
    }

    /// (count, ordinal) of the facet's values that some matching document holds.
    fn nonzero(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let start = self.ords.start;
        self.counts[self.ords.start as usize..self.ords.end as usize]
            .iter()
            .zip(start..)
            .filter(|(&c, _)| c > 0)
            .map(|(&c, ord)| (c, ord))
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
        let mut columns = Vec::with_capacity(self.columns.len());
        for name in &self.columns {
            let Some(column) = segment.fast_fields().str(name)? else {
                columns.push(None);
                continue;
            };
            let field = segment.schema().get_field(name)?;
            let num_terms = column.num_terms();
            let ords = column.ords().clone();
            let names = if segment.schema().get_field_entry(field).is_indexed() {
                let inverted = segment.inverted_index(field)?;
                if inverted.terms().num_terms() == num_terms {
                    Names::Terms(inverted)
                } else {
                    Names::Column(column)
                }
            } else {
                Names::Column(column)
            };
            columns.push(Some(ColumnCounter {
                column: ords,
                names,
                counts: vec![0; num_terms],
            }));
        }
        Ok(SegmentFacetCounts {
            columns,
            facets: self.facets.clone(),
            first_offer: self.limit.map(first_offer),
            docs: Vec::with_capacity(BATCH),
            rows: Rows::default(),
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Option<SegmentCounts>>>) -> tantivy::Result<Counts> {
        let mut per_facet: Vec<Vec<SegmentCounts>> =
            (0..self.facets.len()).map(|_| Vec::new()).collect();
        for fruit in fruits {
            for (segments, counts) in per_facet.iter_mut().zip(fruit) {
                segments.extend(counts);
            }
        }
        Ok(per_facet
            .iter()
            .zip(&self.facets)
            .map(|(segments, (_, prefix))| top_values(segments, self.limit, prefix.len()))
            .collect())
    }
}

impl SegmentFacetCounts {
    /// Adds the buffered documents' values to the counts.
    fn flush(&mut self) {
        for column in self.columns.iter_mut().flatten() {
            // Each document holds a value at most once (the writer dedups), so counting
            // values counts documents.
            let rows = self.rows.of(&column.column, &self.docs);
            self.ords.resize(rows.len(), 0);
            column.column.values.get_vals(rows, &mut self.ords);
            for &ord in &self.ords {
                if let Some(c) = column.counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
        self.docs.clear();
    }
}

/// Buffers for finding the value rows of a batch of documents, kept from batch to batch.
#[derive(Default)]
pub(crate) struct Rows {
    /// the batch's documents that hold values (tantivy fills it; only the ranks are used)
    holders: Vec<DocId>,
    /// their ranks among all the documents that hold values
    ranks: Vec<u32>,
    /// for each rank r, the positions r and r + 1 of the start column
    at: Vec<u32>,
    /// the start column's values there: each holder's first value row and the next one's
    bounds: Vec<u32>,
    /// the value rows found
    rows: Vec<RowId>,
    /// for each document holding values, how many rows it has, when asked for
    owners: Vec<u32>,
}

impl Rows {
    /// The value rows of the (sorted) `docs`, as `Column::row_ids_for_docs` finds them, but a
    /// batch at a time for a multi-valued column: one pass over the optional index for the
    /// ranks of the documents that hold values, then one call for the starts and ends of
    /// their value ranges. Tantivy's own loop looks each document up on its own, with two
    /// dynamic calls into the start column per document.
    pub(crate) fn of(&mut self, column: &Column<u64>, docs: &[DocId]) -> &[RowId] {
        self.rows.clear();
        self.holders.clear();
        let ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) = &column.index
        else {
            column.row_ids_for_docs(docs, &mut self.holders, &mut self.rows);
            return &self.rows;
        };
        self.ranks.clear();
        index
            .optional_index
            .rank_if_exists_batch(docs, &mut self.holders, &mut self.ranks);
        self.at.clear();
        self.at.extend(self.ranks.iter().flat_map(|&r| [r, r + 1]));
        self.bounds.resize(self.at.len(), 0);
        index
            .start_index_column
            .get_vals(&self.at, &mut self.bounds);
        for pair in self.bounds.chunks_exact(2) {
            self.rows.extend(pair[0]..pair[1]);
        }
        &self.rows
    }

    /// [`Rows::of`], with the number of rows of each document that holds values, in order
    /// (the rows of one document are next to each other).
    pub(crate) fn per_document(
        &mut self,
        column: &Column<u64>,
        docs: &[DocId],
    ) -> (&[RowId], &[u32]) {
        self.owners.clear();
        let ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(_)) = &column.index else {
            // tantivy's own path gives the document of each row
            self.rows.clear();
            self.holders.clear();
            column.row_ids_for_docs(docs, &mut self.holders, &mut self.rows);
            let mut last = None;
            for &doc in &self.holders {
                match self.owners.last_mut() {
                    Some(n) if last == Some(doc) => *n += 1,
                    _ => self.owners.push(1),
                }
                last = Some(doc);
            }
            return (&self.rows, &self.owners);
        };
        self.of(column, docs);
        self.owners
            .extend(self.bounds.chunks_exact(2).map(|pair| pair[1] - pair[0]));
        (&self.rows, &self.owners)
    }
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
        let columns: Vec<Option<(Names, Arc<Vec<u32>>)>> = self
            .columns
            .into_iter()
            .map(|c| c.map(|c| (c.names, Arc::new(c.counts))))
            .collect();
        self.facets
            .iter()
            .map(|(column, prefix)| {
                let (names, counts) = columns.get(*column)?.as_ref()?;
                let ords = names.prefix_range(prefix, counts.len() as u32);
                let mut facet = SegmentCounts {
                    names: names.clone(),
                    counts: Arc::clone(counts),
                    ords,
                    first: None,
                };
                facet.first = self.first_offer.map(|n| facet.offer(n));
                Some(facet)
            })
            .collect()
    }
}

/// The values with the largest total counts over all segments (all of them without a limit),
/// largest first, ties by name; names lose their first `prefix_len` bytes.
fn top_values(
    segments: &[SegmentCounts],
    limit: Option<usize>,
    prefix_len: usize,
) -> Vec<(String, u64)> {
    let limit = limit.unwrap_or(usize::MAX);
    if limit == 0 {
        return Vec::new();
    }
    // how many values each segment offers; grows until the answer is sure
    let mut offer = first_offer(limit);
    loop {
        // offered names: the sum of the counts offered for them, and which segments offered
        // them (each offered count is that segment's exact count)
        let mut candidates: HashMap<&[u8], (u64, Vec<bool>)> = HashMap::new();
        // the largest total a value that no segment offered can have
        let mut left_out = 0u64;
        let offers: Vec<Cow<Offer>> = segments
            .iter()
            .map(|segment| match &segment.first {
                Some(first) if first.asked == offer => Cow::Borrowed(first),
                _ => Cow::Owned(segment.offer(offer)),
            })
            .collect();
        for (i, offered) in offers.iter().enumerate() {
            left_out += offered.left_out;
            for (count, name) in &offered.values {
                let (sum, offered_by) = candidates
                    .entry(name.as_slice())
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
                        .map(|(s, _)| s.count_of(name))
                        .sum()
                };
                let shown = name.get(prefix_len..).unwrap_or_default();
                (String::from_utf8_lossy(shown).into_owned(), offered + rest)
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
    use crate::entities::Kind;
    use crate::index::schema::{entity_prefix, entity_value, ENTITY};
    use crate::index::NewsIndex;
    use tantivy::query::AllQuery;
    use tantivy::{doc, IndexWriter};

    /// Writes documents (one per list of places) to `segments` segments. Each place is in
    /// the `entity` field as a place, beside a person named after it (`P-` and the place)
    /// and an organization every document names (`Zz`), which a place facet must not count.
    fn index_with(docs: &[Vec<String>], segments: usize) -> NewsIndex {
        let index = NewsIndex::in_ram().unwrap();
        let mut writer: IndexWriter = index.index.writer_with_num_threads(1, 15_000_000).unwrap();
        let per = docs.len().div_ceil(segments);
        for chunk in docs.chunks(per) {
            for places in chunk {
                let mut d = doc!();
                for p in places {
                    d.add_text(index.fields.entity, entity_value(Kind::Place, p));
                    let person = format!("P-{p}");
                    d.add_text(index.fields.entity, entity_value(Kind::Person, &person));
                }
                d.add_text(index.fields.entity, entity_value(Kind::Org, "Zz"));
                writer.add_document(d).unwrap();
            }
            writer.commit().unwrap();
        }
        index
    }

    fn facet(kind: Kind) -> Facet {
        Facet::prefixed(ENTITY, entity_prefix(kind))
    }

    /// Counts by brute force, for comparison.
    fn brute(docs: &[Vec<String>]) -> Vec<(String, u64)> {
        let mut m = HashMap::<String, u64>::new();
        for d in docs {
            for p in d {
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
        let want = brute(&docs);
        let index = index_with(&docs, 1);
        let searcher = index.reader().unwrap().searcher();
        let collector = FacetCounts::of([facet(Kind::Place)], None);
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
                // offered names are whole values, prefix and all
                let name = String::from_utf8(name.clone()).unwrap();
                let place = name.strip_prefix("place:").unwrap().to_string();
                assert!(want.contains(&(place, *c)), "asked {asked}");
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
        let want = brute(&docs);
        for segments in [1, 3, 7] {
            let index = index_with(&docs, segments);
            let searcher = index.reader().unwrap().searcher();
            for limit in [1, 2, 5, 40, 1000] {
                let got = searcher
                    .search(
                        &AllQuery,
                        &FacetCounts::of([facet(Kind::Place)], Some(limit)),
                    )
                    .unwrap();
                let expected: Vec<_> = want.iter().take(limit).cloned().collect();
                assert_eq!(got[0], expected, "segments {segments} limit {limit}");
            }
            let all = searcher
                .search(&AllQuery, &FacetCounts::of(Kind::ALL.map(facet), None))
                .unwrap();
            let persons: Vec<_> = want.iter().map(|(p, c)| (format!("P-{p}"), *c)).collect();
            assert_eq!(all[0], persons, "segments {segments}");
            assert_eq!(all[1], want, "segments {segments}");
            assert_eq!(all[2], [("Zz".to_string(), docs.len() as u64)]);
        }
    }
}
