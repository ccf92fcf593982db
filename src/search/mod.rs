//! Searching the index: ranked queries, entity and date filters, snippets and facet counts,
//! returned as plain structs for [`crate::cli::output`] to render. [`parse`] reads the
//! user's query, [`query_fields`] rewrites the syntax newsindex adds to tantivy's, and
//! [`facets`] counts entity values.

pub mod budget;
pub mod dates;
pub mod facets;
pub mod json;
pub mod parse;
pub mod query_fields;
pub mod reading;
pub mod stats;

pub use parse::{BadQuery, MAX_QUERY_BYTES, MAX_QUERY_DEPTH};

use std::collections::BTreeMap;
use std::ops::{Bound, Range};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::{collapse_overlapped_ranges, SnippetGenerator};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::archive::facets::{top, EntityCounts};
use crate::archive::lookup::{find, Match};
use crate::archive::Catalog;
use crate::entities::Kind;
use crate::index::schema;
use crate::index::{Fields, NewsIndex};

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// tantivy query syntax over title and text; `None` lists paragraphs in article order.
    pub query: Option<String>,
    /// Entity filters, each a name or alias; all must hold.
    pub filters: Vec<(Kind, String)>,
    /// Publication time bounds, seconds since the epoch: `since` inclusive, `until` exclusive.
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub limit: usize,
    pub offset: usize,
    /// Count the top entities of each kind over all matches, at most this many per kind.
    pub facets: Option<usize>,
    /// With the facets, each entity's variants and their paragraphs in the archive.
    pub facet_variants: bool,
    /// Whole paragraphs, with every match marked, instead of snippets.
    pub full: bool,
    /// Paragraphs of the same article to return before and after each hit (read whole,
    /// so with context the hit is whole too).
    pub context: u64,
    /// How long the search may take before it is stopped ([`budget::TIME_LIMIT`] when
    /// `None`).
    pub time_limit: Option<std::time::Duration>,
}

/// A highlighted excerpt: `highlights` are byte ranges into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// One matching paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub article_id: String,
    pub title: Option<String>,
    pub paragraph: u64,
    /// BM25 score; `None` when the query had no words to rank by.
    pub score: Option<f32>,
    pub text: String,
    #[serde(skip)]
    pub snippet: Snippet,
    pub person: Vec<String>,
    pub place: Vec<String>,
    pub org: Vec<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The input's id when it was too long to be `article_id` (which is then its key).
    pub original_id: Option<String>,
    /// The paragraphs around it (when asked for), in order, without it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<ContextParagraph>,
}

/// A paragraph shown around a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextParagraph {
    pub paragraph: u64,
    pub text: String,
}

/// An entity and the number of matching paragraphs that name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    pub name: String,
    pub count: u64,
    /// The names the articles give it, with the paragraphs of the archive that use each
    /// (when asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantCount>,
}

/// A name an entity goes by, and the paragraphs of the archive that use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantCount {
    pub name: String,
    pub count: u64,
}

/// What one entity filter resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub kind: Kind,
    /// The name as typed.
    pub asked: String,
    /// The entities it fits, most likely first (empty: nothing matches).
    pub names: Vec<String>,
    /// The same, with how the name fits each and how many paragraphs name each.
    pub matches: Vec<Match>,
    /// The values of the `entity` field that the filter matches.
    #[serde(skip)]
    pub values: Vec<String>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Option<BTreeMap<Kind, Vec<FacetValue>>>,
    /// What each entity filter resolved to.
    pub resolutions: Vec<Resolution>,
    /// Why the answer may not be what was meant (a date filter on an index without dates).
    pub warnings: Vec<String>,
}

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
    ) -> Result<(Box<dyn Query>, bool)> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let words = request.query.as_deref().filter(|q| !q.trim().is_empty());
        let scored = words.is_some();
        if let Some(q) = words {
            clauses.push((Occur::Must, self.parse(q)?));
        }
        for r in resolutions {
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
            let any = BooleanQuery::new(alternatives);
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(any), 0.0)),
            ));
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
        let (query, scored) = self.build_query(request, &resolutions)?;
        let time_limit = request.time_limit.unwrap_or(budget::TIME_LIMIT);
        let clock = budget::Clock::new(time_limit);
        let limit = request.limit;
        let (page, total, counts): (Vec<(Option<f32>, DocAddress)>, usize, _) = if scored {
            let top = TopDocs::with_limit(limit.max(1))
                .and_offset(request.offset)
                .order_by_score();
            // one word alone, no filter or date clause besides
            let count_apart = request.filters.is_empty()
                && request.since.is_none()
                && request.until.is_none()
                && is_one_word(&*query);
            let (page, total, counts) =
                self.run(&*query, top, request.facets, count_apart, &clock)?;
            (
                page.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                total,
                counts,
            )
        } else {
            let top = TopDocs::with_limit(limit.max(1))
                .and_offset(request.offset)
                .order_by((
                    (SortByString::for_field(schema::ARTICLE_ID), Order::Asc),
                    (
                        SortByStaticFastValue::<u64>::for_field(schema::PARAGRAPH),
                        Order::Asc,
                    ),
                ));
            let (page, total, counts) = self.run(&*query, top, request.facets, false, &clock)?;
            (
                page.into_iter().map(|(_, a)| (None, a)).collect(),
                total,
                counts,
            )
        };
        if clock.stopped() {
            return Err(anyhow::Error::new(budget::TimedOut(time_limit)));
        }
        let page = if limit == 0 { Vec::new() } else { page };
        // context paragraphs are read whole, so the hit is too
        let full = request.full || request.context > 0;
        let snippets = if scored {
            let mut generator =
                SnippetGenerator::create(&self.searcher, &*query, self.fields().text)
                    .context("preparing snippets")?;
            generator.set_max_num_chars(if full { usize::MAX / 2 } else { 200 });
            Some(generator)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(page.len());
        for (score, address) in page {
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
            hits.push(hit);
        }
        let facets = match (request.facets, counts) {
            (Some(n), Some(counts)) => {
                Some(self.facet_values(&counts, n, request.facet_variants)?)
            }
            _ => None,
        };
        let mut warnings = Vec::new();
        if total == 0
            && (request.since.is_some() || request.until.is_some())
            && self.dated_paragraphs()? == 0
        {
            warnings.push(
                "no article in the index has a date, so --since and --until match nothing \
                 (dates come from the \"date\" field of JSON and JSON Lines articles)"
                    .to_string(),
            );
        }
        Ok(SearchResult {
            total,
            hits,
            facets,
            resolutions,
            warnings,
        })
    }

    /// How many paragraphs have a publication date.
    pub fn dated_paragraphs(&self) -> Result<usize> {
        let exists = tantivy::query::ExistsQuery::new(schema::DATE.to_string(), false);
        Ok(self.searcher.search(&exists, &Count)?)
    }

    /// One pass over the matches: the page, the count and (when asked) the facet counts;
    /// with `count_apart` and no facets, the page and the count in two passes instead.
    fn run<C>(
        &self,
        query: &dyn Query,
        top: C,
        facets: Option<usize>,
        count_apart: bool,
        clock: &budget::Clock,
    ) -> Result<(C::Fruit, usize, Option<Vec<u32>>)>
    where
        C: tantivy::collector::Collector,
    {
        let limited = budget::Deadline::new(query.box_clone(), clock.clone());
        let query: &dyn Query = &limited;
        if facets.is_some() {
            let facets = EntityCounts::new(self.catalog()?);
            let (page, total, counts) = self.searcher.search(query, &(top, Count, facets))?;
            Ok((page, total, Some(counts)))
        } else if count_apart {
            // Counting every match in the same pass stops tantivy from skipping the blocks
            // that cannot reach the top (block-max WAND); for one word, whose count is a
            // cheap unscored union over title and text, two passes cost less than one.
            // For several words the count is an intersection as dear as the search itself.
            let page = self.searcher.search(query, &top)?;
            let total = self.searcher.search(query, &Count)?;
            Ok((page, total, None))
        } else {
            let (page, total) = self.searcher.search(query, &(top, Count))?;
            Ok((page, total, None))
        }
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
                            catalog
                                .entity(id)
                                .variants
                                .into_iter()
                                .map(|(_, name, count)| VariantCount { name, count })
                                .collect()
                        } else {
                            Vec::new()
                        },
                    })
                    .collect();
                (kind, values)
            })
            .collect())
    }

    /// A stored paragraph as a hit: its snippet from `snippets` (the lead of the paragraph
    /// without one), or with `full` the whole paragraph with the same words marked.
    pub(crate) fn hit(
        &self,
        doc: &TantivyDocument,
        score: Option<f32>,
        snippets: Option<&SnippetGenerator>,
        full: bool,
    ) -> Hit {
        let f = self.fields();
        let text_of = |field| stored_text(doc, field);
        let mentions = text_of(f.mentions)
            .map(|json| crate::index::writer::decode_mentions(&json))
            .unwrap_or_default();
        // the entities' names, not the articles' (a hidden entity is left out)
        let catalog = self.catalog().ok();
        let all = |kind: Kind| -> Vec<String> {
            let mut names: Vec<String> = crate::entities::names_of(&mentions, kind)
                .into_iter()
                .filter_map(
                    |raw| match catalog.as_ref().and_then(|c| c.entity_of(kind, raw)) {
                        Some(id) => {
                            let (name, hidden) = catalog.as_ref()?.name(id);
                            (!hidden).then(|| name.to_string())
                        }
                        None => Some(raw.to_string()),
                    },
                )
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let text = text_of(f.text).unwrap_or_default();
        let snippet = match snippets {
            Some(generator) => {
                let s = generator.snippet(&text);
                if s.is_empty() {
                    lead_snippet(&text, full)
                } else if full {
                    let start = s.fragment_range().start;
                    Snippet {
                        text: text.clone(),
                        highlights: collapse_overlapped_ranges(s.highlighted())
                            .into_iter()
                            .map(|r| r.start + start..r.end + start)
                            .collect(),
                    }
                } else {
                    with_ellipses(&text, s.fragment(), s.fragment_range(), s.highlighted())
                }
            }
            None => lead_snippet(&text, full),
        };
        Hit {
            article_id: text_of(f.article_id).unwrap_or_default(),
            title: text_of(f.title),
            paragraph: doc
                .get_first(f.paragraph)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            score,
            snippet,
            person: all(Kind::Person),
            place: all(Kind::Place),
            org: all(Kind::Org),
            date: stored_date(doc, f.date),
            source: text_of(f.source),
            url: text_of(f.url),
            original_id: text_of(f.long_id),
            text,
            context: Vec::new(),
        }
    }
}

/// A tantivy snippet with "…" where it cuts the paragraph.
fn with_ellipses(
    text: &str,
    fragment: &str,
    range: Range<usize>,
    highlights: &[Range<usize>],
) -> Snippet {
    let cut = |rest: &str| rest.chars().any(char::is_alphanumeric);
    let (lead, tail) = (cut(&text[..range.start]), cut(&text[range.end..]));
    let shift = if lead { "…".len() } else { 0 };
    let mut out = String::with_capacity(fragment.len() + 6);
    if lead {
        out.push('…');
    }
    out.push_str(fragment);
    if tail {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights: collapse_overlapped_ranges(highlights)
            .into_iter()
            .map(|r| r.start + shift..r.end + shift)
            .collect(),
    }
}

/// The first 200 characters of a paragraph, cut at a word boundary (all of it with
/// `full`).
fn lead_snippet(text: &str, full: bool) -> Snippet {
    const MAX: usize = 200;
    if full || text.len() <= MAX {
        return Snippet {
            text: text.to_string(),
            highlights: Vec::new(),
        };
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(' ').unwrap_or(end);
    Snippet {
        text: format!("{}…", &text[..cut]),
        highlights: Vec::new(),
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

/// RFC 3339 in UTC, or the date alone when the time is midnight.
/// A stored text field of a document, if it has one.
pub(crate) fn stored_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// A stored date field of a document, formatted as the output shows it.
pub(crate) fn stored_date(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_datetime())
        .map(|d| format_date(d.into_timestamp_secs()))
}

pub fn format_date(secs: i64) -> String {
    use time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(dt) if dt.time() == time::Time::MIDNIGHT => {
            format!(
                "{:04}-{:02}-{:02}",
                dt.year(),
                u8::from(dt.month()),
                dt.day()
            )
        }
        Ok(dt) => dt.format(&Rfc3339).unwrap_or_else(|_| secs.to_string()),
        Err(_) => secs.to_string(),
    }
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
                        works: &[],
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
