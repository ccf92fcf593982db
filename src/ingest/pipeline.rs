//! The ingest pipeline: read articles, split them into paragraphs, recognize entities, and
//! (for `ingest`) write them to the index in batches.

use std::time::Instant;

use anyhow::Result;

use crate::entities::{Mention, Recognizer};
use crate::index::writer::{ArticleWriter, ParagraphDoc};
use crate::ingest::article::{Article, Inputs, Problem, Record};
use crate::ingest::paragraph::{cap_paragraphs, split_paragraphs, Paragraph, MAX_PARAGRAPH_BYTES};

/// Paragraphs between commits unless `--commit-every` says otherwise.
pub const DEFAULT_COMMIT_EVERY: u64 = 250_000;

/// An article split and recognized.
pub struct AnalyzedArticle {
    pub article_id: String,
    pub article: Article,
    pub paragraphs: Vec<Paragraph>,
    /// Mentions of each paragraph, byte offsets into that paragraph's text.
    pub mentions: Vec<Vec<Mention>>,
    /// What each paragraph's words say of its names (see [`crate::entities::Cue`]).
    pub cues: Vec<Vec<crate::entities::Cue>>,
    /// Paragraphs longer than [`MAX_PARAGRAPH_BYTES`] that were split into pieces.
    pub oversized: usize,
}

impl AnalyzedArticle {
    /// The warning to give when oversized paragraphs were split.
    pub fn oversized_warning(&self, location: &str) -> Option<Problem> {
        (self.oversized > 0).then(|| Problem {
            location: location.to_string(),
            reason: format!(
                "{} paragraph(s) longer than {} KB split into pieces",
                self.oversized,
                MAX_PARAGRAPH_BYTES / 1000
            ),
        })
    }
}

/// Splits and recognizes one article.
pub fn analyze(recognizer: &Recognizer, article: Article) -> AnalyzedArticle {
    let (paragraphs, oversized) = cap_paragraphs(
        split_paragraphs(&article.body),
        &article.body,
        MAX_PARAGRAPH_BYTES,
    );
    let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
    let found = recognizer.recognize_article(article.title.as_deref(), &texts);
    AnalyzedArticle {
        article_id: article.article_id(),
        article,
        paragraphs,
        mentions: found.mentions,
        cues: found.cues,
        oversized,
    }
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestSummary {
    /// Distinct articles written (an id given twice in one run is one article: the later
    /// copy replaces the earlier).
    pub articles: u64,
    /// Records whose id an earlier record of this run had; paragraphs and entities count
    /// the copy kept only.
    pub replaced: u64,
    pub paragraphs: u64,
    /// Entity values written (distinct entities per paragraph, summed).
    pub entities: u64,
    pub skipped: u64,
    pub warnings: u64,
    /// Inputs with nothing to index (an empty file or body).
    pub empty: u64,
    pub bytes: u64,
    pub seconds: f64,
    pub commits: u64,
}

impl IngestSummary {
    pub fn mb_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

/// A 64-bit hash of an article id (two ids of one run colliding would only merge their
/// counts in the summary).
fn id_hash(id: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(id.as_bytes());
    h.write_u8(0xff);
    h.finish()
}

/// How bad a problem with the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The input was skipped: an error (exit 2).
    Skipped,
    /// The article is indexed, with something dropped or repaired.
    Warning,
    /// The input had nothing to index: worth knowing, not an error.
    Empty,
}

/// Receives what happens during a run (problems, progress), so the caller decides how to
/// show it.
pub trait Observer {
    fn problem(&mut self, problem: &Problem, level: Level);
    fn progress(&mut self, _summary: &IngestSummary) {}
}

/// What recognition makes of a record.
pub enum Analyzed {
    /// An article split and recognized, with where it came from.
    Article(Box<AnalyzedArticle>, String),
    /// Input that was skipped.
    Skipped(Problem),
    /// A problem with an article that is indexed anyway.
    Warning(Problem),
    /// Input with nothing to index.
    Empty(Problem),
}

/// Splits and recognizes a batch of records (the work of one thread).
pub fn analyze_batch(recognizer: &Recognizer, records: Vec<Record>) -> Vec<Analyzed> {
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        match record {
            Record::Article(article, location) => {
                let analyzed = analyze(recognizer, article);
                if let Some(w) = analyzed.oversized_warning(&location) {
                    out.push(Analyzed::Warning(w));
                }
                out.push(Analyzed::Article(Box::new(analyzed), location));
            }
            Record::Skipped(p) => out.push(Analyzed::Skipped(p)),
            Record::Warning(p) => out.push(Analyzed::Warning(p)),
            Record::Empty(p) => out.push(Analyzed::Empty(p)),
        }
    }
    out
}

/// Article text per batch handed to a recognition thread: enough that handing it over costs
/// nothing beside the work, little enough that a few batches per thread bound memory.
const BATCH_BYTES: usize = 256 << 10;

/// The records of the inputs in batches of about `BATCH_BYTES` of article text.
pub fn batches(inputs: Inputs) -> impl Iterator<Item = Vec<Record>> {
    let mut inputs = inputs.peekable();
    std::iter::from_fn(move || {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while bytes < BATCH_BYTES {
            let Some(record) = inputs.next() else { break };
            if let Record::Article(a, _) = &record {
                bytes += a.body.len();
            }
            batch.push(record);
        }
        (!batch.is_empty()).then_some(batch)
    })
}

/// Reads every input, recognizes articles on `threads` threads, and writes each good
/// article in input order, committing every `commit_every` paragraphs (at article
/// boundaries); problems go to the observer.
pub fn ingest(
    inputs: Inputs,
    recognizer: &Recognizer,
    writer: &mut ArticleWriter,
    commit_every: u64,
    threads: usize,
    observer: &mut dyn Observer,
) -> Result<IngestSummary> {
    let started = Instant::now();
    let mut summary = IngestSummary::default();
    let mut since_commit = 0u64;
    // per article id of this run (hashed: 16 bytes an article), the paragraphs and entity
    // values of the copy written
    let mut written: rustc_hash::FxHashMap<u64, (u64, u64)> = Default::default();
    let bytes = inputs.byte_counter();
    let sink = |results: Vec<Analyzed>| -> Result<()> {
        for result in results {
            match result {
                Analyzed::Skipped(p) => {
                    summary.skipped += 1;
                    observer.problem(&p, Level::Skipped);
                }
                Analyzed::Warning(p) => {
                    summary.warnings += 1;
                    observer.problem(&p, Level::Warning);
                }
                Analyzed::Empty(p) => {
                    summary.empty += 1;
                    observer.problem(&p, Level::Empty);
                }
                Analyzed::Article(analyzed, location) => {
                    if analyzed.paragraphs.is_empty() {
                        summary.empty += 1;
                        let reason = "no paragraphs".into();
                        observer.problem(&Problem { location, reason }, Level::Empty);
                        continue;
                    }
                    let docs: Vec<ParagraphDoc> = analyzed
                        .paragraphs
                        .iter()
                        .zip(&analyzed.mentions)
                        .zip(&analyzed.cues)
                        .map(|((paragraph, mentions), cues)| ParagraphDoc {
                            paragraph,
                            mentions,
                            cues,
                        })
                        .collect();
                    let entities =
                        writer.add_article(&analyzed.article_id, &analyzed.article, &docs)?;
                    let kept = (docs.len() as u64, entities);
                    match written.insert(id_hash(&analyzed.article_id), kept) {
                        Some((paragraphs, entities)) => {
                            summary.replaced += 1;
                            summary.paragraphs -= paragraphs;
                            summary.entities -= entities;
                        }
                        None => summary.articles += 1,
                    }
                    summary.entities += kept.1;
                    summary.paragraphs += kept.0;
                    since_commit += docs.len() as u64;
                    if since_commit >= commit_every.max(1) {
                        writer.commit()?;
                        summary.commits += 1;
                        since_commit = 0;
                    }
                    if (summary.articles + summary.replaced) % 256 == 0 {
                        summary.bytes = bytes.get();
                        summary.seconds = started.elapsed().as_secs_f64();
                        observer.progress(&summary);
                    }
                }
            }
        }
        Ok(())
    };
    crate::ingest::parallel::ordered_map(
        batches(inputs),
        threads,
        |batch| analyze_batch(recognizer, batch),
        sink,
    )?;
    summary.bytes = bytes.get();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
