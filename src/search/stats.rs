//! Counts of an index: articles, paragraphs, entities of each kind, size.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;
use tantivy::query::AllQuery;

use super::facets::{Facet, FacetCounts};
use super::Searchable;
use crate::entities::Kind;
use crate::index::schema;

/// Index statistics (`stats --json`, `GET /api/stats`).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub paragraphs: u64,
    /// Entities of each kind that some paragraph names (and the user did not hide).
    pub entities: BTreeMap<String, u64>,
    pub index_bytes: u64,
    pub index: String,
}

impl Searchable<'_> {
    /// The index's counts.
    pub fn stats(&self) -> Result<Stats> {
        let collector = FacetCounts::of([Facet::field(schema::ARTICLE_ID)], None);
        let counts = self.searcher.search(&AllQuery, &collector)?;
        let catalog = self.catalog()?;
        let mut entities = BTreeMap::new();
        for kind in Kind::ALL {
            let shown = catalog
                .range(kind)
                .filter(|&id| !catalog.name(id).1 && catalog.entity(id).count > 0)
                .count();
            entities.insert(kind.as_str().to_string(), shown as u64);
        }
        Ok(Stats {
            articles: counts.first().map_or(0, |c| c.len() as u64),
            paragraphs: self.searcher.num_docs(),
            entities,
            index_bytes: self.index.size_bytes(),
            index: self.index.dir.display().to_string(),
        })
    }
}
