//! One hit per article (`group`): walking the matches in order, the first paragraph of each
//! article stands for it, with how many more of its paragraphs match; a paragraph whose text
//! is the same as an earlier chosen one's (a story filed twice) is folded into it.

use std::hash::BuildHasher;

use anyhow::{Context, Result};
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::collector::Count;
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, TantivyDocument, Term};

use super::{budget, stored_text, Extras, Ranking, SearchRequest, Searchable};
use crate::index::schema;

/// The most matches walked to fill a page of articles.
const MAX_WINDOW: usize = 50_000;

/// How many matches to read first to find `wanted` articles: most articles match in a few
/// paragraphs.
pub(super) fn window(wanted: usize) -> usize {
    (wanted.saturating_mul(3) + 20).min(MAX_WINDOW)
}

/// A page of articles.
pub(super) struct Grouped {
    /// The chosen paragraph of each article of the page, in order.
    pub page: Vec<(Option<f32>, DocAddress)>,
    /// For each, how many more paragraphs of its article match.
    pub more: Vec<u64>,
    /// For each, the articles folded into it.
    pub also_in: Vec<Vec<String>>,
    /// All the articles that match, when every match was read.
    pub articles: Option<usize>,
    /// Whether another page of articles follows.
    pub more_articles: bool,
}

/// An article's chosen paragraph.
struct Chosen {
    score: Option<f32>,
    address: DocAddress,
    article_id: String,
    also_in: Vec<String>,
    /// The hash of its text, once read.
    text_key: Option<u64>,
}

/// The page of articles of `request`, from the first `candidates` in `order`, reading
/// further when they hold too few articles.
pub(super) fn group(
    s: &Searchable,
    query: &dyn Query,
    order: Ranking,
    mut candidates: Vec<(Option<f32>, DocAddress)>,
    request: &SearchRequest,
    clock: &budget::Clock,
) -> Result<Grouped> {
    let wanted = request.offset + request.limit;
    let mut read = window(wanted);
    let (chosen, exhausted, articles) = loop {
        let exhausted = candidates.len() < read;
        let (chosen, articles) = walk(s, &candidates, wanted + 1, exhausted)?;
        if chosen.len() > wanted || exhausted || read >= MAX_WINDOW || clock.stopped() {
            break (chosen, exhausted, articles);
        }
        read = read.saturating_mul(4).min(MAX_WINDOW);
        candidates = s
            .pass(query, order, read, 0, Extras::default(), clock)?
            .page;
    };
    let more_articles = chosen.len() > wanted;
    let mut page = Vec::new();
    let mut more = Vec::new();
    let mut also_in = Vec::new();
    for c in chosen.into_iter().skip(request.offset).take(request.limit) {
        let in_article = BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(s.fields().article_id, &c.article_id),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let n = s.searcher().search(&in_article, &Count)? as u64;
        page.push((c.score, c.address));
        more.push(n.saturating_sub(1));
        also_in.push(c.also_in);
    }
    Ok(Grouped {
        page,
        more,
        also_in,
        articles: exhausted.then_some(articles),
        more_articles,
    })
}

/// The first paragraph of each article among `candidates`, up to `enough` of them, with
/// repeated texts folded; and when `count_all`, the number of articles among all of them.
///
/// Texts are read from the store only to compare a paragraph with the chosen ones that look
/// the same, at the same place in their article and of the same length (its fieldnorm):
/// reading every candidate's text cost several milliseconds a page.
fn walk(
    s: &Searchable,
    candidates: &[(Option<f32>, DocAddress)],
    enough: usize,
    count_all: bool,
) -> Result<(Vec<Chosen>, usize)> {
    let searcher = s.searcher();
    let mut segments: FxHashMap<u32, Segment> = FxHashMap::default();
    // (segment, ordinal of the article id) seen; an article written in two segments is
    // caught by its id below
    let mut seen_ords: FxHashSet<(u32, u64)> = FxHashSet::default();
    let mut seen_ids: FxHashSet<String> = FxHashSet::default();
    let mut by_look: FxHashMap<(u64, u8), Vec<usize>> = FxHashMap::default();
    let mut chosen: Vec<Chosen> = Vec::new();
    let text_key_of = |address: DocAddress| -> Result<u64> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .context("reading a stored paragraph")?;
        let text = stored_text(&doc, s.fields().text).unwrap_or_default();
        Ok(rustc_hash::FxBuildHasher.hash_one(&text))
    };
    for &(score, address) in candidates {
        let segment = match segments.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Segment::open(s, address.segment_ord)?)
            }
        };
        let Some(column) = segment.ids.as_ref() else {
            continue;
        };
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            continue;
        };
        if !seen_ords.insert((address.segment_ord, ord)) {
            continue;
        }
        if chosen.len() >= enough {
            if count_all {
                continue;
            }
            break;
        }
        let mut id = String::new();
        column.ord_to_str(ord, &mut id)?;
        if !seen_ids.insert(id.clone()) {
            continue;
        }
        let look = segment.look(address.doc_id);
        let alike = by_look.entry(look).or_default();
        // a paragraph that looks like a chosen one: the same text is folded into it
        let mut text_key = None;
        if !alike.is_empty() {
            let key = text_key_of(address)?;
            text_key = Some(key);
            let mut folded = false;
            for &c in alike.iter() {
                let theirs = match chosen[c].text_key {
                    Some(k) => k,
                    None => {
                        let k = text_key_of(chosen[c].address)?;
                        *chosen[c].text_key.insert(k)
                    }
                };
                if theirs == key {
                    chosen[c].also_in.push(id.clone());
                    folded = true;
                    break;
                }
            }
            if folded {
                continue;
            }
        }
        alike.push(chosen.len());
        chosen.push(Chosen {
            score,
            address,
            article_id: id,
            also_in: Vec::new(),
            text_key,
        });
    }
    let ids: FxHashMap<u32, Option<StrColumn>> = segments
        .into_iter()
        .map(|(ord, segment)| (ord, segment.ids))
        .collect();
    let articles = if count_all {
        distinct_ids(&ids, &seen_ords)?
    } else {
        0
    };
    Ok((chosen, articles))
}

/// What the walk reads of one segment: article ids, paragraph numbers, text lengths.
struct Segment {
    ids: Option<StrColumn>,
    paragraphs: Option<tantivy::columnar::Column<u64>>,
    lengths: tantivy::fieldnorm::FieldNormReader,
}

impl Segment {
    fn open(s: &Searchable, ord: u32) -> Result<Segment> {
        let reader = s.searcher().segment_reader(ord);
        let fast = reader.fast_fields();
        Ok(Segment {
            ids: fast.str(schema::ARTICLE_ID)?,
            paragraphs: fast.u64(schema::PARAGRAPH).ok(),
            lengths: reader.get_fieldnorms_reader(s.fields().text)?,
        })
    }

    /// A paragraph's place in its article and its length's fieldnorm: two paragraphs of
    /// the same text look the same.
    fn look(&self, doc: tantivy::DocId) -> (u64, u8) {
        let paragraph = self
            .paragraphs
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(u64::MAX);
        (paragraph, self.lengths.fieldnorm_id(doc))
    }
}

/// How many different article ids the (segment, ordinal) pairs name: an article written in
/// two segments has an ordinal in each. Each segment's ordinals are read in one sorted pass.
fn distinct_ids(
    columns: &FxHashMap<u32, Option<StrColumn>>,
    ords: &FxHashSet<(u32, u64)>,
) -> Result<usize> {
    if columns.len() <= 1 {
        return Ok(ords.len());
    }
    let mut by_segment: FxHashMap<u32, Vec<u64>> = FxHashMap::default();
    for &(segment, ord) in ords {
        by_segment.entry(segment).or_default().push(ord);
    }
    let mut ids: FxHashSet<Vec<u8>> = FxHashSet::default();
    for (segment, mut list) in by_segment {
        let Some(Some(column)) = columns.get(&segment) else {
            continue;
        };
        list.sort_unstable();
        column.dictionary().sorted_ords_to_term_cb(&list, |term| {
            ids.insert(term.to_vec());
        })?;
    }
    Ok(ids.len())
}
