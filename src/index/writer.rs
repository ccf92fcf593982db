//! Writing articles into the index: one document per paragraph, replacing older copies.

use anyhow::{Context, Result};
use std::collections::HashSet;
use tantivy::directory::error::LockError;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::Term;

use tantivy::index::SegmentId;
use tantivy::{DateTime, IndexWriter, TantivyDocument, TantivyError};

use super::{schema, Fields, NewsIndex};
use crate::entities::{Kind, Mention};
use crate::ingest::article::Article;
use crate::ingest::paragraph::Paragraph;

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

/// Opens tantivy's writer, which takes the index's writer lock, with errors in the user's
/// terms.
fn open_writer(index: &NewsIndex, options: IndexWriterOptions) -> Result<IndexWriter> {
    index
        .index
        .writer_with_options(options)
        .map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => {
                anyhow::Error::new(Busy(index.dir.clone()))
            }
            TantivyError::LockFailure(LockError::IoError(io), _) => {
                anyhow::anyhow!("index at {} cannot be written: {io}", index.dir.display())
            }
            other => anyhow::Error::new(other).context("opening index writer"),
        })
}

/// Another process holds the index's writer lock.
#[derive(Debug)]
pub struct Busy(std::path::PathBuf);

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "index at {} is being written by another process; wait for it to finish",
            self.0.display()
        )
    }
}

impl std::error::Error for Busy {}

/// Whether an error from [`lock`] says that another process holds the lock.
pub fn is_busy(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Busy>().is_some()
}

/// Holds the index's writer lock (and writes nothing), so that files beside the segments
/// can be changed with no ingest running; released when dropped.
pub fn lock(index: &NewsIndex) -> Result<IndexWriter> {
    let options = IndexWriterOptions::builder()
        .num_worker_threads(1)
        .memory_budget_per_thread(MIN_BYTES_PER_THREAD)
        .num_merge_threads(1)
        .build();
    open_writer(index, options)
}

/// tantivy's smallest memory budget per indexing thread.
const MIN_BYTES_PER_THREAD: usize = 15_000_000;
/// tantivy's largest memory budget per indexing thread (just under 4 GiB).
const MAX_BYTES_PER_THREAD: usize = 4_000_000_000;

/// An open index writer. Each article is replaced whole: its old paragraphs are deleted and
/// its new ones added in the same commit, so readers never see half an article.
pub struct ArticleWriter {
    writer: IndexWriter,
    fields: Fields,
    /// Ids that may already be in the index: `None` when the index held documents before this
    /// run (every id may), else the ids added so far in this run.
    maybe_present: Option<SeenIds>,
    dir: std::path::PathBuf,
    run: Run,
}

/// What a run of the writer started from: the segments the index had, and how many
/// indexing threads it wrote with.
#[derive(Debug, Clone)]
pub struct Run {
    before: HashSet<SegmentId>,
    threads: usize,
}

/// Takes the writer lock after a run and, when the run left more segments than a one-shot
/// bulk load with its threads would (one per thread; more when it committed several times
/// or its segments outgrew the memory budget), merges the run's segments into one, so that
/// queries do not pay for its commits. Older segments are left to tantivy's merge policy.
/// Returns the lock (to store the catalog under it), or `None` when another process holds
/// it: that one is writing and settles its own run.
pub fn settle(index: &NewsIndex, run: Option<&Run>) -> Result<Option<IndexWriter>> {
    let mut lock = match lock(index) {
        Ok(lock) => lock,
        Err(e) if is_busy(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(run) = run else {
        return Ok(Some(lock));
    };
    let made: Vec<SegmentId> = index
        .index
        .searchable_segment_ids()?
        .into_iter()
        .filter(|id| !run.before.contains(id))
        .collect();
    if made.len() > run.threads.max(2) {
        crate::trace::step("run merged");
        lock.merge(&made)
            .wait()
            .context("merging the segments of this run")?;
        let _ = lock.garbage_collect_files().wait();
    }
    Ok(Some(lock))
}

/// A paragraph ready to be written.
pub struct ParagraphDoc<'a> {
    pub paragraph: &'a Paragraph,
    pub mentions: &'a [Mention],
    /// What the paragraph's words say of its names: kept as `work:` and `at:` values of the
    /// `entity` field, which no facet or filter reads, for the archive's evidence.
    pub cues: &'a [crate::entities::Cue],
}

impl ArticleWriter {
    pub fn new(index: &NewsIndex, settings: WriterSettings) -> Result<ArticleWriter> {
        let threads = settings.threads.max(1);
        let per_thread =
            (settings.memory_bytes / threads).clamp(MIN_BYTES_PER_THREAD, MAX_BYTES_PER_THREAD);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(per_thread)
            .num_merge_threads(1)
            .build();
        let writer = open_writer(index, options)?;
        let was_empty = index.reader()?.searcher().num_docs() == 0;
        let run = Run {
            before: index.index.searchable_segment_ids()?.into_iter().collect(),
            threads,
        };
        Ok(ArticleWriter {
            writer,
            fields: index.fields,
            maybe_present: was_empty.then(SeenIds::new),
            dir: index.dir.clone(),
            run,
        })
    }

    /// Queues an article: deletes any earlier copy with the same id, then adds its paragraphs.
    /// Returns the number of entity values written (distinct entities per paragraph, summed).
    pub fn add_article(
        &mut self,
        article_id: &str,
        article: &Article,
        paragraphs: &[ParagraphDoc],
    ) -> Result<u64> {
        let f = self.fields;
        // A delete costs a term lookup in every segment at each commit, so it is only queued
        // when an older copy may exist.
        let may_exist = match &mut self.maybe_present {
            None => true,
            Some(seen) => seen.insert(article_id),
        };
        if may_exist {
            self.writer
                .delete_term(Term::from_field_text(f.article_id, article_id));
        }
        let mut entities = 0;
        for p in paragraphs {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.article_id, article_id);
            doc.add_u64(f.paragraph, p.paragraph.position);
            if let Some(title) = &article.title {
                doc.add_text(f.title, title);
            }
            doc.add_text(f.text, &p.paragraph.text);
            for (kind, name) in crate::entities::distinct(p.mentions) {
                doc.add_text(f.entity, schema::entity_value(kind, name));
                entities += 1;
            }
            for (i, cue) in p.cues.iter().enumerate() {
                if !p.cues[..i].contains(cue) {
                    doc.add_text(f.entity, schema::cue_value(cue));
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
            if let Some(long_id) = article.long_id() {
                doc.add_text(f.long_id, long_id);
            }
            if !p.mentions.is_empty() {
                doc.add_text(f.mentions, encode_mentions(p.mentions));
            }
            if let Err(e) = self.writer.add_document(doc) {
                return Err(self.fail(e.into(), "adding a paragraph to the index"));
            }
        }
        Ok(entities)
    }

    /// Queues the removal of an article (all its paragraphs); done at the next commit.
    pub fn delete_article(&mut self, article_id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.article_id, article_id));
    }

    /// Makes everything added so far durable and visible.
    pub fn commit(&mut self) -> Result<()> {
        if let Err(e) = self.writer.commit() {
            return Err(self.fail(e.into(), "committing the index"));
        }
        Ok(())
    }

    /// After a failed write: finds the indexing threads' own error (a failed `add_document`
    /// only says a thread died), drops what was not committed, removes the files it left,
    /// and says what happened in the user's terms (a full disk, not "a writer was killed").
    fn fail(&mut self, err: anyhow::Error, doing: &str) -> anyhow::Error {
        // joining the threads hands back the error that stopped them; nothing is committed
        let cause = match self.writer.prepare_commit() {
            Err(thread_error) => anyhow::Error::new(thread_error),
            Ok(uncommitted) => {
                let _ = uncommitted.abort();
                err
            }
        };
        let _ = self.writer.rollback();
        let _ = self.writer.garbage_collect_files().wait();
        // tantivy removes only the files it registered; one begun as the disk filled may
        // not be
        if !self.dir.as_os_str().is_empty() {
            remove_unlisted_segment_files(&self.dir);
        }
        if is_disk_full(&cause) {
            anyhow::anyhow!(
                "{doing}: no space left on device at {}; the index keeps its last commit \
                 (free some space and ingest again)",
                self.dir.display()
            )
        } else {
            cause.context(format!("{doing} (the index keeps its last commit)"))
        }
    }

    /// Commits, waits for background merges to finish, and releases the writer lock. The
    /// caller then settles the run ([`settle`]) and stores the archive's entities for the
    /// final segments.
    pub fn finish(mut self) -> Result<Run> {
        self.commit()?;
        self.writer
            .wait_merging_threads()
            .context("waiting for index merges")?;
        Ok(self.run)
    }
}

/// Whether an error comes from a full disk: an I/O error of that kind anywhere in its chain,
/// or one that tantivy wrapped into its own error text (which then names only the kind and
/// the code, `StorageFull`, `code: 28`).
pub fn is_disk_full(e: &anyhow::Error) -> bool {
    let kind = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
    });
    let text = format!("{e:#}");
    kind || ["os error 28", "StorageFull", "No space left on device"]
        .iter()
        .any(|t| text.contains(t))
}

/// Removes the files of segments that `meta.json` does not list (`<segment id>.<ext>`), as
/// a failed run may leave; called with the writer lock held, after a rollback, when no
/// merge runs. Best effort: what cannot be read or removed is left.
fn remove_unlisted_segment_files(dir: &std::path::Path) {
    // meta.json writes segment ids as UUIDs, with dashes; the file names have none
    let Ok(meta) = std::fs::read_to_string(dir.join("meta.json")).map(|m| m.replace('-', ""))
    else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some((id, _ext)) = name.split_once('.') else {
            continue;
        };
        let segment_file = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
        if segment_file && !meta.contains(id) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The article ids added in a run, as a Bloom filter of fixed size (8 MiB): `insert` says
/// whether the id may have been added before. A false "maybe" only costs a needless delete;
/// a false "no" cannot happen.
struct SeenIds {
    bits: Vec<u64>,
}

impl SeenIds {
    const WORDS: usize = 1 << 20; // 64 Mi bits
    const HASHES: u64 = 4;

    fn new() -> SeenIds {
        SeenIds {
            bits: vec![0; Self::WORDS],
        }
    }

    /// Adds an id; true when it may have been added before.
    fn insert(&mut self, id: &str) -> bool {
        use std::hash::{BuildHasher, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(id.as_bytes());
        let hash = h.finish();
        let (a, b) = (hash, hash.rotate_left(32) | 1);
        let mut present = true;
        for k in 0..Self::HASHES {
            let bit = a.wrapping_add(k.wrapping_mul(b)) % (Self::WORDS as u64 * 64);
            let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
            present &= self.bits[word] & mask != 0;
            self.bits[word] |= mask;
        }
        present
    }
}

/// Mentions as stored: a JSON array of `[kind, name, start, end]` arrays, the most compact
/// JSON that keeps every field (objects would repeat four keys per mention).
pub fn encode_mentions(mentions: &[Mention]) -> String {
    let rows: Vec<(&str, &str, usize, usize)> = mentions
        .iter()
        .map(|m| (m.kind.as_str(), m.name.as_str(), m.start, m.end))
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

/// The stored mentions back; unreadable or missing input gives none.
pub fn decode_mentions(json: &str) -> Vec<Mention> {
    let rows: Vec<(String, String, usize, usize)> = serde_json::from_str(json).unwrap_or_default();
    rows.into_iter()
        .filter_map(|(kind, name, start, end)| {
            Some(Mention {
                kind: Kind::parse(&kind)?,
                name,
                start,
                end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_ids_never_forget() {
        let mut seen = SeenIds::new();
        let ids: Vec<String> = (0..50_000).map(|i| format!("reuters-{i}")).collect();
        let fresh = ids.iter().filter(|id| !seen.insert(id)).count();
        assert!(fresh > 49_990, "almost every new id is new: {fresh}");
        assert!(
            ids.iter().all(|id| seen.insert(id)),
            "every added id is seen again"
        );
    }

    #[test]
    fn mentions_round_trip_as_compact_json() {
        let mentions = vec![
            Mention {
                kind: Kind::Person,
                name: "William J. \"Bill\" Burns".into(),
                start: 0,
                end: 5,
            },
            Mention {
                kind: Kind::Place,
                name: "Khān Yūnis".into(),
                start: 10,
                end: 22,
            },
        ];
        let json = encode_mentions(&mentions);
        assert!(json.starts_with("[[\"person\",\"William J."), "{json}");
        assert_eq!(decode_mentions(&json), mentions);
        assert!(decode_mentions("not json").is_empty());
    }
}
