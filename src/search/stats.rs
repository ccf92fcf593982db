//! Counts of an index: articles, paragraphs, entities of each kind, size.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::Searchable;
use crate::entities::Kind;

/// Index statistics (`stats --json`, `GET /api/stats`).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub paragraphs: u64,
    /// Paragraphs with a publication date.
    pub dated: u64,
    /// Entities of each kind that some paragraph names (and the user did not hide).
    pub entities: BTreeMap<String, u64>,
    pub index_bytes: u64,
    pub index: String,
}

impl Searchable<'_> {
    /// The index's counts.
    pub fn stats(&self) -> Result<Stats> {
        let catalog = self.catalog()?;
        let mut entities = BTreeMap::new();
        for kind in Kind::ALL {
            let shown = catalog
                .range(kind)
                .filter(|&id| !catalog.name(id).1 && catalog.count(id) > 0)
                .count();
            entities.insert(kind.as_str().to_string(), shown as u64);
        }
        Ok(Stats {
            articles: catalog.articles(),
            paragraphs: self.searcher.num_docs(),
            dated: self.dated_paragraphs()? as u64,
            entities,
            index_bytes: self.index.size_bytes(),
            index: self.index.dir.display().to_string(),
        })
    }
}
