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

/// A file's modification time, size and inode: a change to any says it was replaced
/// (files are replaced by a rename, which gives a new inode even where times are coarse).
type Stamp = (SystemTime, u64, u64);

fn stamp_of(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((
        meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        meta.len(),
        inode,
    ))
}

/// An open index shared by the server's requests.
pub struct Archive {
    index: NewsIndex,
    reader: IndexReader,
    /// `meta.json`'s stamp when the reader last loaded it.
    seen: Mutex<Option<Stamp>>,
    /// The catalog, with the searcher generation and the catalog file's stamp it was opened
    /// for. The lock is held while a catalog opens: requests that need a new one wait for
    /// the first to open it, and share it.
    catalog: Mutex<Option<KeptCatalog>>,
    /// Heavy searches at once (see [`crate::search::budget::Cost::is_heavy`]): the others
    /// wait here, so that cheap ones always find a free worker.
    pub heavy: Arc<tokio::sync::Semaphore>,
    /// Whether clients may correct entities (`serve --edit`).
    pub editable: bool,
}

/// Heavy searches that run at once: one per two cores, at least one.
fn heavy_slots() -> usize {
    (std::thread::available_parallelism().map_or(2, |n| n.get()) / 2).max(1)
}

/// A catalog kept between requests: the searcher generation and the catalog file's stamp it
/// was opened for, and the catalog.
type KeptCatalog = (u64, Option<Stamp>, Arc<Catalog>);

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
            heavy: Arc::new(tokio::sync::Semaphore::new(heavy_slots())),
            editable: false,
        };
        archive.refresh()?;
        Ok(archive)
    }

    /// Applies a correction for a client (see
    /// [`crate::archive::catalog::store::apply`]); later requests see it.
    pub fn apply(&self, line: &str, note: &str) -> Result<()> {
        crate::archive::catalog::store::apply(&self.index, line, "edit", note)?;
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.index.dir
    }

    /// Reloads the reader when `meta.json` changed (an ingest committed): a stat per
    /// request, so new commits show without a restart.
    fn refresh(&self) -> Result<()> {
        let stamp =
            stamp_of(&self.index.dir.join("meta.json")).context("reading the index's meta.json")?;
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if *seen != Some(stamp) {
            self.reader.reload().context("reloading the index")?;
            *seen = Some(stamp);
        }
        Ok(())
    }

    /// Runs `f` on a searchable view of the last commit, with the catalog for it: the one
    /// kept from an earlier request unless the segments or the catalog file changed since
    /// (an ingest, a delete, `names apply`).
    pub fn with<T>(&self, f: impl FnOnce(&Searchable) -> Result<T>) -> Result<T> {
        self.refresh()?;
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let file = stamp_of(&self.index.dir.join(crate::archive::catalog::FILE));
        let catalog = {
            let mut slot = self.catalog.lock().unwrap_or_else(|p| p.into_inner());
            match slot.as_ref() {
                Some((g, s, c)) if *g == generation && *s == file => Arc::clone(c),
                _ => {
                    let catalog = Arc::new(Catalog::open(&self.index, &searcher)?);
                    *slot = Some((generation, file, Arc::clone(&catalog)));
                    catalog
                }
            }
        };
        let searchable = Searchable::with_searcher(&self.index, searcher, Some(catalog));
        f(&searchable)
    }
}
