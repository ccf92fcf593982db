//! The articles of an index in id order, read from the `article_id` term dictionaries.
//!
//! An article's paragraphs may lie in several segments (tantivy hands documents to its
//! indexing threads one by one), and a segment's dictionary keeps the ids of deleted
//! paragraphs until a merge. [`each_article`] walks the segments' dictionaries side by side,
//! in sorted order, and gives each id once with its postings in every segment that has it;
//! [`live_docs`] says which of those paragraphs are live. A caller that stops early reads
//! only the dictionary blocks it passed: the first page of a listing costs a page's worth.

use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::Result;
use tantivy::postings::TermInfo;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, InvertedIndexReader, Searcher, TERMINATED};

/// An article id's postings in one segment.
#[derive(Debug, Clone)]
pub struct Part {
    /// The segment's place in the searcher.
    pub segment: u32,
    pub info: TermInfo,
}

/// Calls `visit` with each article id of the searcher's segments, in byte order, and its
/// parts, until `visit` breaks. Ids whose paragraphs are all deleted are given too (with
/// no live paragraph: see [`live_docs`]).
pub fn each_article(
    searcher: &Searcher,
    field: Field,
    mut visit: impl FnMut(&[u8], &[Part]) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let readers: Vec<Arc<InvertedIndexReader>> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.inverted_index(field))
        .collect::<tantivy::Result<_>>()?;
    let mut streams = readers
        .iter()
        .map(|r| r.terms().stream())
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut open: Vec<bool> = streams.iter_mut().map(|s| s.advance()).collect();
    let mut key: Vec<u8> = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    loop {
        // the smallest id among the streams (a handful of segments: a scan beats a heap)
        let mut smallest: Option<&[u8]> = None;
        for (s, _) in streams.iter().zip(&open).filter(|(_, o)| **o) {
            if smallest.is_none_or(|k| s.key() < k) {
                smallest = Some(s.key());
            }
        }
        let Some(smallest) = smallest else {
            return Ok(());
        };
        key.clear();
        key.extend_from_slice(smallest);
        parts.clear();
        for (n, s) in streams.iter_mut().enumerate() {
            if open[n] && s.key() == key.as_slice() {
                parts.push(Part {
                    segment: n as u32,
                    info: s.value().clone(),
                });
                open[n] = s.advance();
            }
        }
        if visit(&key, &parts)?.is_break() {
            return Ok(());
        }
    }
}

/// The live paragraphs of an article's part. In a segment without deletes that is every
/// posting, counted without reading them when only the count is asked for.
pub fn live_docs(searcher: &Searcher, field: Field, part: &Part) -> Result<Vec<DocAddress>> {
    let segment = searcher.segment_reader(part.segment);
    let postings = segment
        .inverted_index(field)?
        .read_postings_from_terminfo(&part.info, IndexRecordOption::Basic)?;
    let alive = segment.alive_bitset();
    let mut docs = Vec::with_capacity(part.info.doc_freq as usize);
    let mut postings = postings;
    let mut doc = postings.doc();
    while doc != TERMINATED {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            docs.push(DocAddress::new(part.segment, doc));
        }
        doc = postings.advance();
    }
    Ok(docs)
}

/// How many live paragraphs an article's part has.
pub fn live_count(searcher: &Searcher, field: Field, part: &Part) -> Result<u64> {
    if searcher.segment_reader(part.segment).num_deleted_docs() == 0 {
        return Ok(u64::from(part.info.doc_freq));
    }
    Ok(live_docs(searcher, field, part)?.len() as u64)
}

/// How many articles have a live paragraph.
pub fn count_articles(searcher: &Searcher, field: Field) -> Result<u64> {
    let mut articles = 0;
    each_article(searcher, field, |_, parts| {
        for part in parts {
            if live_count(searcher, field, part)? > 0 {
                articles += 1;
                break;
            }
        }
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(articles)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::index::NewsIndex;
    use tantivy::schema::Term;
    use tantivy::{doc, IndexWriter};

    #[test]
    fn ids_come_once_in_order_across_segments_and_deletes_count() {
        let index = NewsIndex::in_ram().unwrap();
        let f = index.fields;
        let mut w: IndexWriter = index.index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (id, p) in [("b", 1u64), ("a", 1), ("b", 2)] {
            w.add_document(doc!(f.article_id => id, f.paragraph => p))
                .unwrap();
        }
        w.commit().unwrap();
        for (id, p) in [("c", 1u64), ("b", 3), ("d", 1)] {
            w.add_document(doc!(f.article_id => id, f.paragraph => p))
                .unwrap();
        }
        w.commit().unwrap();
        w.delete_term(Term::from_field_text(f.article_id, "d"));
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let mut seen = Vec::new();
        each_article(&searcher, f.article_id, |id, parts| {
            let live: u64 = parts
                .iter()
                .map(|p| live_count(&searcher, f.article_id, p).unwrap())
                .sum();
            seen.push((String::from_utf8(id.to_vec()).unwrap(), parts.len(), live));
            Ok(ControlFlow::Continue(()))
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                ("a".to_string(), 1, 1),
                ("b".to_string(), 2, 3),
                ("c".to_string(), 1, 1),
                ("d".to_string(), 1, 0),
            ]
        );
        assert_eq!(count_articles(&searcher, f.article_id).unwrap(), 3);
        let mut first = Vec::new();
        each_article(&searcher, f.article_id, |id, _| {
            first.push(id.to_vec());
            Ok(ControlFlow::Break(()))
        })
        .unwrap();
        assert_eq!(first, vec![b"a".to_vec()], "stops when told");
    }
}
