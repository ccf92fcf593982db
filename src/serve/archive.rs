//! The index as the server sees it: one reader, reloaded when an ingest commits, and the
//! entity catalog of the segments it sees, kept between requests.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use anyhow::{Context, Result};
use tantivy::{IndexReader, ReloadPolicy};

use crate::archive::catalog::Catalog;
use crate::index::NewsIndex;
use crate::search::Searchable;

/// An open index shared by the server's requests.
pub struct Archive {
    index: NewsIndex,
    reader: IndexReader,
    /// `meta.json`'s modification time, size and inode when the reader last loaded it.
    seen: Mutex<Option<(SystemTime, u64, u64)>>,
    /// The catalog for a searcher generation.
    catalog: Mutex<Option<(u64, Arc<Catalog>)>>,
}

impl Archive {
    /// Opens the index for reading only: no lock, no write permission needed.
    pub fn open(dir: &Path) -> Result<Archive> {
        let mut index = NewsIndex::open(dir)?;
        index.search_in_parallel()?;
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("opening index reader")?;
        let archive = Archive {
            index,
            reader,
            seen: Mutex::new(None),
            catalog: Mutex::new(None),
        };
        archive.refresh()?;
        Ok(archive)
    }

    pub fn dir(&self) -> &Path {
        &self.index.dir
    }

    /// Reloads the reader when `meta.json` changed (an ingest committed): a stat per
    /// request, so new commits show without a restart.
    fn refresh(&self) -> Result<()> {
        let meta = std::fs::metadata(self.index.dir.join("meta.json"))
            .context("reading the index's meta.json")?;
        // tantivy replaces meta.json by a rename, so a commit gives it a new inode even
        // where modification times are coarse
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        let stamp = (
            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            meta.len(),
            inode,
        );
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if *seen != Some(stamp) {
            self.reader.reload().context("reloading the index")?;
            *seen = Some(stamp);
        }
        Ok(())
    }

    /// Runs `f` on a searchable view of the last commit.
    pub fn with<T>(&self, f: impl FnOnce(&Searchable) -> Result<T>) -> Result<T> {
        self.refresh()?;
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let cached = self
            .catalog
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .filter(|(g, _)| *g == generation)
            .map(|(_, c)| Arc::clone(c));
        let had = cached.is_some();
        let searchable = Searchable::with_searcher(&self.index, searcher, cached);
        let out = f(&searchable);
        if !had {
            if let Some(catalog) = searchable.opened_catalog() {
                *self.catalog.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((generation, catalog));
            }
        }
        out
    }
}
