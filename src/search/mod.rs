//! Searching the index: ranked queries, entity and date filters, snippets and facet counts,
//! returned as plain structs for [`crate::cli::output`] to render. [`parse`] reads the
//! user's query, [`query_fields`] rewrites the syntax newsindex adds to tantivy's, and
//! [`facets`] counts entity values.

pub mod budget;
pub mod dates;
pub mod export;
pub mod facets;
mod grouping;
pub mod histogram;
mod hit;
pub mod json;
pub mod parse;
mod passes;
pub mod profile;
pub mod query_fields;
pub mod reading;
mod results;
pub mod stats;
mod suggest;

pub use hit::format_date;
pub(crate) use hit::{stored_date, stored_text};
pub use parse::{BadQuery, MAX_QUERY_BYTES, MAX_QUERY_DEPTH};
pub(crate) use passes::{Extras, Ranking};
pub use results::{
    ContextParagraph, FacetValue, Hit, Resolution, SearchRequest, SearchResult, Snippet, Sort,
    VariantCount,
};

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use anyhow::{Context, Result};
use tantivy::collector::Count;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::archive::facets::top;
use crate::archive::lookup::find;
use crate::archive::Catalog;
use crate::entities::Kind;
use crate::index::schema;
use crate::index::{Fields, NewsIndex};

/// Runs searches against one index.
pub struct Searchable<'a> {
    index: &'a NewsIndex,
    searcher: Searcher,
    /// The archive's entities, opened on first use.
    catalog: std::cell::OnceCell<Arc<Catalog>>,
}

impl<'a> Searchable<'a> {
    pub fn new(index: &'a NewsIndex) -> Result<Searchable<'a>> {
        let searcher = index.reader()?.searcher();
        Ok(Searchable {
            index,
            searcher,
            catalog: std::cell::OnceCell::new(),
        })
    }

    /// Searches with a searcher the caller keeps (a server reloads one reader), and the
    /// catalog it already opened for that searcher's segments, if any.
    pub fn with_searcher(
        index: &'a NewsIndex,
        searcher: Searcher,
        catalog: Option<Arc<Catalog>>,
    ) -> Searchable<'a> {
        let cell = std::cell::OnceCell::new();
        if let Some(c) = catalog {
            let _ = cell.set(c);
        }
        Searchable {
            index,
            searcher,
            catalog: cell,
        }
    }

    /// The archive's entities for the segments this searcher sees.
    pub fn catalog(&self) -> Result<Arc<Catalog>> {
        if let Some(c) = self.catalog.get() {
            return Ok(Arc::clone(c));
        }
        let catalog = Arc::new(Catalog::open(self.index, &self.searcher)?);
        Ok(Arc::clone(self.catalog.get_or_init(|| catalog)))
    }

    /// The names of the `entity` field (without the kind's prefix) of every entity a typed
    /// name fits.
    fn names_for(&self, kind: Kind, asked: &str) -> Vec<String> {
        let Ok(catalog) = self.catalog() else {
            return Vec::new();
        };
        find(&catalog, kind, asked)
            .into_iter()
            .flat_map(|m| catalog.entity(m.id).variants)
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, name, _)| name)
            .collect()
    }

    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    fn fields(&self) -> Fields {
        self.index.fields
    }

    /// Resolves entity filters to the entities of the archive they fit (see
    /// [`crate::archive::lookup`]).
    pub fn resolve_filters(&self, filters: &[(Kind, String)]) -> Result<Vec<Resolution>> {
        if filters.is_empty() {
            return Ok(Vec::new());
        }
        let catalog = self.catalog()?;
        Ok(filters
            .iter()
            .map(|(kind, asked)| {
                let matches = find(&catalog, *kind, asked);
                let values = matches
                    .iter()
                    .flat_map(|m| catalog.values_of(m.id))
                    .collect();
                Resolution {
                    kind: *kind,
                    asked: asked.clone(),
                    names: matches.iter().map(|m| m.name.clone()).collect(),
                    matches,
                    values,
                }
            })
            .collect())
    }

    /// The query for a request: the parsed words (scored) and every filter (not scored).
    fn build_query(
        &self,
        request: &SearchRequest,
        resolutions: &[Resolution],
        exclusions: &[Resolution],
    ) -> Result<(Box<dyn Query>, bool)> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let words = request.query.as_deref().filter(|q| !q.trim().is_empty());
        let scored = words.is_some();
        if let Some(q) = words {
            clauses.push((Occur::Must, self.parse(q)?));
        }
        let any_of = |r: &Resolution| -> Box<dyn Query> {
            let alternatives: Vec<(Occur, Box<dyn Query>)> = r
                .values
                .iter()
                .map(|value| {
                    let term = Term::from_field_text(f.entity, value);
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(alternatives)),
                0.0,
            ))
        };
        for r in resolutions {
            clauses.push((Occur::Must, any_of(r)));
        }
        for r in exclusions.iter().filter(|r| !r.values.is_empty()) {
            clauses.push((Occur::MustNot, any_of(r)));
        }
        if request.since.is_some() || request.until.is_some() {
            let bound = |secs: Option<i64>, inclusive: bool| match secs {
                None => Bound::Unbounded,
                Some(s) => {
                    let t =
                        Term::from_field_date_for_search(f.date, DateTime::from_timestamp_secs(s));
                    if inclusive {
                        Bound::Included(t)
                    } else {
                        Bound::Excluded(t)
                    }
                }
            };
            let range = RangeQuery::new(bound(request.since, true), bound(request.until, false));
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        // a lone clause is the query itself: wrapped, tantivy scores a union of terms
        // through the outer boolean's generic path, about half again as slow
        if !clauses.is_empty() && clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query: Box<dyn Query> = match clauses.len() {
            0 => Box::new(AllQuery),
            1 if clauses[0].0 == Occur::Must => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        Ok((query, scored))
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResult> {
        let resolutions = self.resolve_filters(&request.filters)?;
        self.search_resolved(request, resolutions)
    }

    /// Runs a search whose entity filters are already resolved (`request.filters` is not
    /// read).
    pub(crate) fn search_resolved(
        &self,
        request: &SearchRequest,
        resolutions: Vec<Resolution>,
    ) -> Result<SearchResult> {
        let exclusions = self.resolve_filters(&request.exclude)?;
        let (query, scored) = self.build_query(request, &resolutions, &exclusions)?;
        let time_limit = request.time_limit.unwrap_or(budget::TIME_LIMIT);
        let clock = budget::Clock::new(time_limit);
        let order = match (request.sort, scored) {
            (Sort::Date, _) => Ranking::Date(Order::Asc),
            (Sort::DateDesc, _) => Ranking::Date(Order::Desc),
            (Sort::Score, true) => Ranking::Score {
                // one word alone, no filter or date clause besides
                count_apart: resolutions.is_empty()
                    && request.exclude.is_empty()
                    && request.since.is_none()
                    && request.until.is_none()
                    && is_one_word(&*query),
            },
            (Sort::Score, false) => Ranking::ArticleOrder,
        };
        let extras = Extras {
            facets: request.facets.is_some(),
            histogram: request.histogram.is_some(),
        };
        let (window, offset) = if request.group {
            (grouping::window(request.offset + request.limit), 0)
        } else {
            (request.limit, request.offset)
        };
        let first = self.pass(&*query, order, window, offset, extras, &clock)?;
        if clock.stopped() {
            return Err(anyhow::Error::new(budget::TimedOut(time_limit)));
        }
        let (total, counts, days) = (first.total, first.counts, first.days);
        let mut grouped = None;
        let page = if request.group {
            let mut g = grouping::group(self, &*query, order, first.page, request, &clock)?;
            let page = std::mem::take(&mut g.page);
            grouped = Some(g);
            page
        } else {
            first.page
        };
        if clock.stopped() {
            return Err(anyhow::Error::new(budget::TimedOut(time_limit)));
        }
        // context paragraphs are read whole, so the hit is too
        let full = request.full || request.context > 0;
        let snippets = if request
            .query
            .as_deref()
            .is_some_and(|q| !q.trim().is_empty())
        {
            let mut generator =
                SnippetGenerator::create(&self.searcher, &*query, self.fields().text)
                    .context("preparing snippets")?;
            generator.set_max_num_chars(if full { usize::MAX / 2 } else { 200 });
            Some(generator)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(page.len());
        for (i, (score, address)) in page.into_iter().enumerate() {
            let doc: TantivyDocument = self
                .searcher
                .doc(address)
                .context("reading a stored paragraph")?;
            let mut hit = self.hit(&doc, score, snippets.as_ref(), full);
            if request.context > 0 {
                let p = hit.paragraph;
                let around = p.saturating_sub(request.context)..=p.saturating_add(request.context);
                hit.context = self
                    .paragraphs(&hit.article_id, around)?
                    .into_iter()
                    .filter(|c| c.paragraph != p)
                    .collect();
            }
            if let Some(g) = &grouped {
                hit.more = Some(g.more[i]);
                hit.also_in.clone_from(&g.also_in[i]);
            }
            hits.push(hit);
        }
        let facets = match (request.facets, counts) {
            (Some(n), Some(counts)) => {
                Some(self.facet_values(&counts, n, request.facet_variants)?)
            }
            _ => None,
        };
        let histogram = match (request.histogram, days) {
            (Some(asked), Some(days)) => Some(days.timeline(asked)),
            _ => None,
        };
        let mut warnings = Vec::new();
        // (counting the dated paragraphs reads a column of the whole index: only when the
        // answer looks like a missing date's)
        let dates_asked = total == 0 && (request.since.is_some() || request.until.is_some());
        let none_dated = total > 0 && histogram.as_ref().is_some_and(|h| h.buckets.is_empty());
        if (dates_asked || none_dated) && self.dated_paragraphs()? == 0 {
            warnings.push(
                "no article in the index has a date, so --since, --until and the histogram \
                 find none (dates come from the \"date\" field of JSON and JSON Lines articles)"
                    .to_string(),
            );
        }
        // nothing found: the words as the index spells them, if one was off by a letter
        let suggestion = match request.query.as_deref() {
            Some(q) if total == 0 => self.suggest(q)?,
            _ => None,
        };
        Ok(SearchResult {
            total,
            suggestion,
            articles: grouped.as_ref().and_then(|g| g.articles),
            more_articles: grouped.as_ref().is_some_and(|g| g.more_articles),
            histogram,
            hits,
            facets,
            resolutions,
            exclusions,
            warnings,
        })
    }

    /// Every paragraph the search's words, filters and dates match, in no order (for an
    /// export; the page, sort and extras are not read).
    pub fn matching(&self, request: &SearchRequest) -> Result<Vec<DocAddress>> {
        let resolutions = self.resolve_filters(&request.filters)?;
        let exclusions = self.resolve_filters(&request.exclude)?;
        let (query, _) = self.build_query(request, &resolutions, &exclusions)?;
        let found = self
            .searcher
            .search(&*query, &tantivy::collector::DocSetCollector)?;
        Ok(found.into_iter().collect())
    }

    /// How many paragraphs have a publication date.
    pub fn dated_paragraphs(&self) -> Result<usize> {
        let exists = tantivy::query::ExistsQuery::new(schema::DATE.to_string(), false);
        Ok(self.searcher.search(&exists, &Count)?)
    }

    /// The `limit` most counted entities of each kind, named.
    fn facet_values(
        &self,
        counts: &[u32],
        limit: usize,
        variants: bool,
    ) -> Result<BTreeMap<Kind, Vec<FacetValue>>> {
        let catalog = self.catalog()?;
        Ok(Kind::ALL
            .into_iter()
            .map(|kind| {
                let values = top(&catalog, counts, kind, limit)
                    .into_iter()
                    .map(|(id, name, count)| FacetValue {
                        name,
                        count,
                        variants: if variants {
                            VariantCount::all_of(catalog.entity(id))
                        } else {
                            Vec::new()
                        },
                    })
                    .collect();
                (kind, values)
            })
            .collect())
    }
}

/// Whether a query is one word, however many fields it is searched in: every term it
/// names has the same text and none is part of a phrase. (Range queries name no terms, so
/// they are not.)
fn is_one_word(query: &dyn Query) -> bool {
    let mut word: Option<&[u8]> = None;
    let mut one = true;
    query.query_terms(&mut |term, in_phrase| {
        let text = term.serialized_value_bytes();
        one &= !in_phrase && word.is_none_or(|w| w == text);
        word = Some(text);
    });
    one && word.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::writer::{ArticleWriter, ParagraphDoc, WriterSettings};
    use crate::index::NewsIndex;
    use crate::ingest::article::Article;
    use crate::ingest::paragraph::split_paragraphs;

    /// An index of articles (id, title, body), each written `times` times so that the earlier
    /// copies are deleted documents.
    fn index_of(articles: &[(&str, &str, &str)], times: usize) -> NewsIndex {
        let index = NewsIndex::in_ram().unwrap();
        let settings = WriterSettings {
            threads: 1,
            memory_bytes: 15_000_000,
        };
        let mut writer = ArticleWriter::new(&index, settings).unwrap();
        for _ in 0..times {
            for (id, title, body) in articles {
                let article = Article {
                    id: Some(id.to_string()),
                    title: Some(title.to_string()),
                    date: None,
                    url: None,
                    source: None,
                    body: body.to_string(),
                };
                let paragraphs = split_paragraphs(&article.body);
                let docs: Vec<ParagraphDoc> = paragraphs
                    .iter()
                    .map(|paragraph| ParagraphDoc {
                        paragraph,
                        mentions: &[],
                        cues: &[],
                    })
                    .collect();
                writer.add_article(id, &article, &docs).unwrap();
            }
            writer.commit().unwrap();
        }
        index
    }

    fn words(query: &str) -> SearchRequest {
        SearchRequest {
            query: Some(query.to_string()),
            limit: 3,
            ..SearchRequest::default()
        }
    }

    #[test]
    fn one_word_queries_are_told_apart() {
        let index = index_of(&[("a", "Oil", "oil prices")], 1);
        let s = Searchable::new(&index).unwrap();
        for (query, one) in [
            ("oil", true),
            ("Oil", true),
            ("title:oil", true),
            ("oil prices", false),
            ("oil OR gas", false),
            ("\"interest rates\"", false),
            ("paragraph:[1 TO 3]", false),
            ("person:Burns", true),
        ] {
            let parsed = s.parse(query).unwrap();
            assert_eq!(is_one_word(&*parsed), one, "query {query:?}");
        }
    }

    #[test]
    fn a_word_counted_apart_gives_the_same_total_and_hits() {
        // "oil" in the text of some paragraphs, in the title of others, in both, and in a
        // deleted copy of each (every article is written twice)
        let mut articles = Vec::new();
        let bodies: Vec<String> = (0..40)
            .map(|i| match i % 4 {
                0 => format!("Oil rose {i} cents.\n\nNothing else."),
                1 => format!("Gas fell {i} cents.\n\nOil and oil again."),
                2 => format!("Wheat, {i} tonnes."),
                _ => format!("Prices of oil {i}."),
            })
            .collect();
        let ids: Vec<String> = (0..40).map(|i| format!("a{i}")).collect();
        for i in 0..40 {
            let title = if i % 3 == 0 { "Oil report" } else { "Markets" };
            articles.push((ids[i].as_str(), title, bodies[i].as_str()));
        }
        let index = index_of(&articles, 2);
        let s = Searchable::new(&index).unwrap();
        let expected = articles
            .iter()
            .flat_map(|(_, title, body)| {
                split_paragraphs(body)
                    .into_iter()
                    .map(move |p| title.contains("Oil") || p.text.to_lowercase().contains("oil"))
            })
            .filter(|&hit| hit)
            .count();
        let request = words("oil");
        let apart = s.search(&request).unwrap();
        assert!(expected > 30, "the corpus has {expected} matches");
        assert_eq!(apart.total, expected);
        // the same matches in one pass: a request that is not one word (a word no paragraph
        // has, or "oil")
        let together = s.search(&words("oil OR naphtha")).unwrap();
        assert_eq!(together.total, expected);
        let key = |r: &SearchResult| -> Vec<(String, u64)> {
            r.hits
                .iter()
                .map(|h| (h.article_id.clone(), h.paragraph))
                .collect()
        };
        assert_eq!(apart.hits.len(), 3);
        assert_eq!(key(&apart), key(&together));
    }
}
