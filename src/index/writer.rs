//! Writing articles into the index: one document per paragraph, replacing older copies.

use anyhow::{Context, Result};
use tantivy::directory::error::LockError;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::Term;
use tantivy::{DateTime, IndexWriter, TantivyDocument, TantivyError};

use super::{Fields, NewsIndex};
use crate::article::Article;
use crate::entities::{Kind, Mention};
use crate::paragraph::Paragraph;

/// Writer settings.
#[derive(Debug, Clone, Copy)]
pub struct WriterSettings {
    /// Indexing threads (at least 1).
    pub threads: usize,
    /// Memory budget for all indexing threads together, in bytes.
    pub memory_bytes: usize,
}

impl Default for WriterSettings {
    fn default() -> Self {
        WriterSettings {
            threads: std::thread::available_parallelism()
                .map(|n| n.get().min(4))
                .unwrap_or(1),
            memory_bytes: 256 << 20,
        }
    }
}

/// tantivy's smallest memory budget per indexing thread.
const MIN_BYTES_PER_THREAD: usize = 15_000_000;

/// An open index writer. Each article is replaced whole: its old paragraphs are deleted and
/// its new ones added in the same commit, so readers never see half an article.
pub struct ArticleWriter {
    writer: IndexWriter,
    fields: Fields,
    index: tantivy::Index,
    dir: std::path::PathBuf,
}

/// A paragraph ready to be written.
pub struct ParagraphDoc<'a> {
    pub paragraph: &'a Paragraph,
    pub mentions: &'a [Mention],
}

impl ArticleWriter {
    pub fn new(index: &NewsIndex, settings: WriterSettings) -> Result<ArticleWriter> {
        let threads = settings.threads.max(1);
        let per_thread = (settings.memory_bytes / threads).max(MIN_BYTES_PER_THREAD);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(per_thread)
            .num_merge_threads(1)
            .build();
        let writer = index
            .index
            .writer_with_options(options)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => anyhow::anyhow!(
                    "index at {} is being written by another process; wait for it to finish",
                    index.dir.display()
                ),
                other => anyhow::Error::new(other).context("opening index writer"),
            })?;
        Ok(ArticleWriter {
            writer,
            fields: index.fields,
            index: index.index.clone(),
            dir: index.dir.clone(),
        })
    }

    /// Queues an article: deletes any earlier copy with the same id, then adds its paragraphs.
    pub fn add_article(
        &mut self,
        article_id: &str,
        article: &Article,
        paragraphs: &[ParagraphDoc],
    ) -> Result<()> {
        let f = self.fields;
        self.writer
            .delete_term(Term::from_field_text(f.article_id, article_id));
        for p in paragraphs {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.article_id, article_id);
            doc.add_u64(f.paragraph, p.paragraph.position);
            if let Some(title) = &article.title {
                doc.add_text(f.title, title);
            }
            doc.add_text(f.text, &p.paragraph.text);
            for kind in Kind::ALL {
                let mut names: Vec<&str> = p
                    .mentions
                    .iter()
                    .filter(|m| m.kind == kind)
                    .map(|m| m.name.as_str())
                    .collect();
                names.sort_unstable();
                names.dedup();
                for name in names {
                    doc.add_text(f.entity(kind), name);
                }
            }
            if let Some(secs) = article.date {
                doc.add_date(f.date, DateTime::from_timestamp_secs(secs));
            }
            if let Some(source) = &article.source {
                doc.add_text(f.source, source);
            }
            if let Some(url) = &article.url {
                doc.add_text(f.url, url);
            }
            if !p.mentions.is_empty() {
                let json = serde_json::to_string(p.mentions).context("encoding mentions")?;
                doc.add_text(f.mentions, json);
            }
            self.writer
                .add_document(doc)
                .context("adding a paragraph to the index")?;
        }
        Ok(())
    }

    /// Makes everything added so far durable and visible.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit().context("committing the index")?;
        Ok(())
    }

    /// Commits, waits for background merges to finish, and writes the name table for the
    /// final segments.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer
            .wait_merging_threads()
            .context("waiting for index merges")?;
        if self.dir.as_os_str().is_empty() {
            return Ok(()); // in memory
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .context("opening index reader")?;
        let reader: tantivy::IndexReader = reader;
        super::names::write(&self.dir, &reader.searcher(), &self.fields)
    }
}
