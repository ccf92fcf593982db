//! An entity's profile: its name and variants, when the archive mentions it, the people,
//! places and organizations it appears with most, and its top paragraphs. One search with
//! the entity as its filter gives all of it.

use std::collections::BTreeMap;

use anyhow::Result;

use super::histogram::{Histogram, Timeline};
use super::{FacetValue, Hit, SearchRequest, Searchable, VariantCount};
use crate::archive::lookup::{find, Match};
use crate::entities::Kind;

/// What the archive says of one entity.
#[derive(Debug, Clone)]
pub struct Profile {
    pub kind: Kind,
    pub name: String,
    /// Paragraphs naming it.
    pub count: usize,
    /// The names the articles give it, with the paragraphs of the archive that use each.
    pub variants: Vec<VariantCount>,
    /// Its mentions over time.
    pub histogram: Option<Timeline>,
    /// The entities named most often in its paragraphs, by kind, itself left out.
    pub related: BTreeMap<Kind, Vec<FacetValue>>,
    /// Its paragraphs, newest first (in article order without dates).
    pub paragraphs: Vec<Hit>,
    /// Other entities the name asked for fits, for a reader who meant one of them.
    pub others: Vec<Match>,
}

impl Searchable<'_> {
    /// The profile of the entity of `kind` that `asked` fits best, if any: at most
    /// `related` co-mentioned entities of each kind and `paragraphs` paragraphs.
    pub fn profile(
        &self,
        kind: Kind,
        asked: &str,
        related: usize,
        paragraphs: usize,
    ) -> Result<Option<Profile>> {
        let catalog = self.catalog()?;
        let mut matches = find(&catalog, kind, asked);
        if matches.is_empty() {
            return Ok(None);
        }
        let chosen = matches.remove(0);
        let info = catalog.entity(chosen.id);
        let name = info.name.clone();
        let resolution = super::Resolution {
            kind,
            asked: name.clone(),
            names: vec![name.clone()],
            matches: Vec::new(),
            values: catalog.values_of(chosen.id),
        };
        let result = self.search_entity(resolution, related, paragraphs)?;
        let mut facets = result.facets.unwrap_or_default();
        if let Some(same) = facets.get_mut(&kind) {
            same.retain(|v| v.name != name);
            same.truncate(related);
        }
        Ok(Some(Profile {
            kind,
            name,
            count: result.total,
            variants: VariantCount::all_of(info),
            histogram: result.histogram,
            related: facets,
            paragraphs: result.hits,
            others: matches,
        }))
    }

    /// The paragraphs naming the entity `resolution` holds (any of its values, not a name
    /// that might fit others too), with facets and the histogram.
    fn search_entity(
        &self,
        resolution: super::Resolution,
        related: usize,
        paragraphs: usize,
    ) -> Result<super::SearchResult> {
        let request = SearchRequest {
            limit: paragraphs,
            // the latest first, as a reader catching up on someone wants them (article
            // order where there are no dates)
            sort: super::Sort::DateDesc,
            // one more of its own kind: itself, left out after
            facets: Some(related + 1),
            histogram: Some(Histogram::Auto),
            ..SearchRequest::default()
        };
        self.search_resolved(&request, vec![resolution])
    }
}
