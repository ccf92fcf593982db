//! The documents a search returns: one set of types that the CLI renders and the HTTP API
//! serializes.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use super::histogram::{Histogram, Timeline};
use crate::archive::lookup::Match;
use crate::entities::Kind;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// tantivy query syntax over title and text; `None` lists paragraphs in article order.
    pub query: Option<String>,
    /// Entity filters, each a name or alias; all must hold.
    pub filters: Vec<(Kind, String)>,
    /// Entities no paragraph may name (`--not-person`, `-person=`).
    pub exclude: Vec<(Kind, String)>,
    /// Publication time bounds, seconds since the epoch: `since` inclusive, `until` exclusive.
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub limit: usize,
    /// Hits (or with `group`, articles) to skip.
    pub offset: usize,
    /// The order of the hits.
    pub sort: Sort,
    /// One hit per article: its best paragraph, with how many more match.
    pub group: bool,
    /// Count all matches over time.
    pub histogram: Option<Histogram>,
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

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (article order when there are no words to rank by).
    #[default]
    Score,
    /// Oldest first; paragraphs without a date last.
    Date,
    /// Newest first; paragraphs without a date last.
    DateDesc,
}

impl Sort {
    /// `score`, `date` or `-date`.
    pub fn parse(s: &str) -> Option<Sort> {
        Some(match s.trim() {
            "score" | "relevance" => Sort::Score,
            "date" => Sort::Date,
            "-date" => Sort::DateDesc,
            _ => return None,
        })
    }
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
    /// With `group`: how many more paragraphs of its article match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more: Option<u64>,
    /// With `group`: the other articles with a matching paragraph of the same text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
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

impl VariantCount {
    /// Every name an entity of the catalog goes by, most used first.
    pub fn all_of(entity: crate::archive::catalog::EntityInfo) -> Vec<VariantCount> {
        entity
            .variants
            .into_iter()
            .map(|(_, name, count)| VariantCount { name, count })
            .collect()
    }
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
    /// Matching paragraphs.
    pub total: usize,
    /// With no match: the query with a misspelt word replaced by one the index holds.
    pub suggestion: Option<String>,
    /// With `group`: the articles the page of hits was drawn from, when all were seen, else
    /// `None` and `more_articles` says whether another page follows.
    pub articles: Option<usize>,
    pub more_articles: bool,
    /// All matches over time (when asked for).
    pub histogram: Option<Timeline>,
    pub hits: Vec<Hit>,
    pub facets: Option<BTreeMap<Kind, Vec<FacetValue>>>,
    /// What each entity filter resolved to.
    pub resolutions: Vec<Resolution>,
    /// What each entity left out resolved to.
    pub exclusions: Vec<Resolution>,
    /// Why the answer may not be what was meant (a date filter on an index without dates).
    pub warnings: Vec<String>,
}
