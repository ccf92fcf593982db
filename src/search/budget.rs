//! What one query may cost, bounded before it runs and while it runs.
//!
//! Before: [`check`] counts what the parsed query asks for and refuses, with the limit
//! named, a query past any of the limits below. They are far above what people type and
//! below what costs seconds or memory on a large archive. tantivy's sloppy phrase scorer,
//! for one, keeps position lists that grow with slop times repeated words: `"the the ...
//! the"~100` (20 words) took over 10 GB on 105,470 paragraphs, while ten words at slop 10
//! take 0.12 s and no more memory than any query.
//!
//! While: [`Deadline`] wraps the query so that its matching stops at a time limit, in every
//! way tantivy runs it (scored, pruned top-k, unscored counts), and the search reports that
//! it was stopped instead of answering late.
//!
//! [`Cost`] tells a server which queries are heavy (expanding words, sloppy phrases, many
//! words), so that they cannot take every worker.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, COLLECT_BLOCK_BUFFER_LEN, TERMINATED};

use super::query_fields::{fuzzy_word, prefix_word};

/// Words, phrases and values in one query.
pub const MAX_WORDS: usize = 64;
/// Words that stand for many (`host*`, `Blair~1`) in one query.
pub const MAX_EXPANDING: usize = 16;
/// Words in one phrase.
pub const MAX_PHRASE_WORDS: usize = 32;
/// The largest slop of a phrase (`"a b"~10`).
pub const MAX_SLOP: u32 = 10;
/// Words in one phrase with a slop.
pub const MAX_SLOPPY_WORDS: usize = 10;
/// Phrases with a slop in one query.
pub const MAX_SLOPPY_PHRASES: usize = 4;
/// How long one search may take before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// What a query asks the index for, counted from its parsed form.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub words: usize,
    pub expanding: usize,
    pub sloppy_phrases: usize,
}

impl Cost {
    /// A query that may take much longer than a word or two: the server runs few at once.
    pub fn is_heavy(&self) -> bool {
        self.expanding > 0 || self.sloppy_phrases > 0 || self.words > 16
    }
}

/// The words of a phrase as the analyzer would split them (letters and digits).
fn phrase_words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Adds up what a parsed query asks for, refusing it past a limit (the error names it).
pub fn check(ast: &UserInputAst) -> Result<Cost, String> {
    let mut cost = Cost::default();
    add(ast, &mut cost)?;
    if cost.words > MAX_WORDS {
        return Err(format!(
            "{} words and phrases, more than the {MAX_WORDS} one query may have",
            cost.words
        ));
    }
    if cost.expanding > MAX_EXPANDING {
        return Err(format!(
            "{} words with * or ~, more than the {MAX_EXPANDING} one query may have",
            cost.expanding
        ));
    }
    if cost.sloppy_phrases > MAX_SLOPPY_PHRASES {
        return Err(format!(
            "{} phrases with ~, more than the {MAX_SLOPPY_PHRASES} one query may have",
            cost.sloppy_phrases
        ));
    }
    Ok(cost)
}

fn add(ast: &UserInputAst, cost: &mut Cost) -> Result<(), String> {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().try_for_each(|(_, c)| add(c, cost)),
        UserInputAst::Boost(inner, _) => add(inner, cost),
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(l) => {
                cost.words += 1;
                if fuzzy_word(l).is_some() || prefix_word(l).is_some() || l.prefix {
                    cost.expanding += 1;
                }
                if l.delimiter == Delimiter::None {
                    return Ok(());
                }
                let words = phrase_words(&l.phrase);
                if words.len() > MAX_PHRASE_WORDS {
                    return Err(format!(
                        "a phrase of {} words, more than the {MAX_PHRASE_WORDS} allowed",
                        words.len()
                    ));
                }
                if l.slop > 0 && words.len() > 1 {
                    if l.slop > MAX_SLOP {
                        return Err(format!(
                            "a phrase with ~{}, more than the ~{MAX_SLOP} allowed",
                            l.slop
                        ));
                    }
                    if words.len() > MAX_SLOPPY_WORDS {
                        return Err(format!(
                            "a phrase with ~ of {} words, more than the {MAX_SLOPPY_WORDS} allowed",
                            words.len()
                        ));
                    }
                    cost.sloppy_phrases += 1;
                }
                Ok(())
            }
            UserInputLeaf::Set { elements, .. } => {
                cost.words += elements.len();
                Ok(())
            }
            _ => {
                cost.words += 1;
                Ok(())
            }
        },
    }
}

/// A search stopped at its time limit.
#[derive(Debug)]
pub struct TimedOut(pub Duration);

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the search was stopped after {} s, the most one search may take; narrow the query \
             (fewer words with * or ~, fewer or shorter phrases with ~)",
            self.0.as_secs_f64()
        )
    }
}

impl std::error::Error for TimedOut {}

/// A time limit shared by the parts of one search: once passed, every part stops.
#[derive(Debug, Clone)]
pub struct Clock {
    until: Instant,
    passed: Arc<AtomicBool>,
}

impl Clock {
    pub fn new(limit: Duration) -> Clock {
        Clock {
            until: Instant::now() + limit,
            passed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether the limit has passed (and, from then on, says so without reading the time).
    fn check(&self) -> bool {
        if self.passed.load(Ordering::Relaxed) {
            return true;
        }
        let passed = Instant::now() >= self.until;
        if passed {
            self.passed.store(true, Ordering::Relaxed);
        }
        passed
    }

    /// Whether any part of the search stopped at the limit.
    pub fn stopped(&self) -> bool {
        self.passed.load(Ordering::Relaxed)
    }
}

/// Documents matched between two looks at the clock.
const EVERY: u32 = 256;

/// A query that stops matching when its clock's limit passes (see the module doc).
#[derive(Debug)]
pub struct Deadline {
    inner: Box<dyn Query>,
    clock: Clock,
}

impl Clone for Deadline {
    fn clone(&self) -> Deadline {
        Deadline {
            inner: self.inner.box_clone(),
            clock: self.clock.clone(),
        }
    }
}

impl Deadline {
    pub fn new(inner: Box<dyn Query>, clock: Clock) -> Deadline {
        Deadline { inner, clock }
    }
}

impl Query for Deadline {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(DeadlineWeight {
            inner: self.inner.weight(enable_scoring)?,
            clock: self.clock.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct DeadlineWeight {
    inner: Box<dyn Weight>,
    clock: Clock,
}

impl Weight for DeadlineWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.clock.check() {
            return Ok(Box::new(tantivy::query::EmptyScorer));
        }
        Ok(Box::new(DeadlineScorer {
            inner: self.inner.scorer(reader, boost)?,
            clock: self.clock.clone(),
            since_look: 0,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }

    /// The inner weight's own count: for one term that is its document frequency, read
    /// without matching anything (a count alone is only asked for one-word queries).
    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        if self.clock.check() {
            return Ok(0);
        }
        self.inner.count(reader)
    }

    /// The inner weight's own top-k search (block-max pruning included); once the limit
    /// passes, no further document can beat the threshold, so the rest is skipped.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        if self.clock.check() {
            return Ok(());
        }
        let mut since_look = 0u32;
        self.inner
            .for_each_pruning(threshold, reader, &mut |doc, score| {
                since_look += 1;
                if since_look >= EVERY {
                    since_look = 0;
                    if self.clock.check() {
                        return Score::MAX;
                    }
                }
                if self.clock.stopped() {
                    return Score::MAX;
                }
                callback(doc, score)
            })
    }
}

struct DeadlineScorer {
    inner: Box<dyn Scorer>,
    clock: Clock,
    since_look: u32,
}

impl DeadlineScorer {
    /// Whether to stop: the clock is read every [`EVERY`] documents.
    fn late(&mut self, docs: u32) -> bool {
        self.since_look += docs;
        if self.since_look < EVERY {
            return false;
        }
        self.since_look = 0;
        self.clock.check()
    }
}

impl DocSet for DeadlineScorer {
    fn advance(&mut self) -> DocId {
        if self.late(1) {
            return TERMINATED;
        }
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.late(1) {
            return TERMINATED;
        }
        self.inner.seek(target)
    }

    fn fill_buffer(&mut self, buffer: &mut [DocId; COLLECT_BLOCK_BUFFER_LEN]) -> usize {
        if self.late(EVERY) {
            return 0;
        }
        self.inner.fill_buffer(buffer)
    }

    fn doc(&self) -> DocId {
        if self.clock.stopped() {
            return TERMINATED;
        }
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for DeadlineScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cost(query: &str) -> Result<Cost, String> {
        check(&tantivy::query_grammar::parse_query(query).unwrap())
    }

    #[test]
    fn queries_past_a_limit_are_refused_with_the_limit_named() {
        let rows: &[(&str, Option<&str>)] = &[
            ("oil prices", None),
            ("\"gordon brown\"~3 OR \"tony blair\"~2", None),
            ("host* blair~1", None),
            ("\"the the the the the the the the the the\"~10", None),
            ("\"the the\"~11", Some("more than the ~10 allowed")),
            (
                "\"a b c d e f g h i j k\"~2",
                Some("a phrase with ~ of 11 words"),
            ),
            (
                "\"a b\"~1 OR \"c d\"~1 OR \"e f\"~1 OR \"g h\"~1 OR \"i j\"~1",
                Some("5 phrases with ~"),
            ),
            (
                "ab* ac* ad* ae* af* ag* ah* ai* aj* ak* al* am* an* ao* ap* aq* ar*",
                Some("17 words with * or ~"),
            ),
        ];
        for (query, refused) in rows {
            match (cost(query), refused) {
                (Ok(_), None) => {}
                (Err(e), Some(why)) => assert!(e.contains(why), "{query}: {e}"),
                (got, want) => panic!("{query}: got {got:?}, wanted {want:?}"),
            }
        }
        let long = format!("\"{}\"", "word ".repeat(33));
        assert!(cost(&long)
            .unwrap_err()
            .contains("33 words, more than the 32"));
        let many: String = (0..65).map(|i| format!("w{i} ")).collect();
        assert!(cost(&many).unwrap_err().contains("65 words and phrases"));
        assert!(!cost("oil prices").unwrap().is_heavy());
        assert!(cost("oil*").unwrap().is_heavy());
        assert!(cost("\"oil prices\"~2").unwrap().is_heavy());
    }

    #[test]
    fn a_passed_deadline_stops_every_way_of_searching() {
        use crate::index::NewsIndex;
        use tantivy::collector::{Count, TopDocs};
        use tantivy::query::{AllQuery, TermQuery};
        use tantivy::schema::IndexRecordOption;
        let index = NewsIndex::in_ram().unwrap();
        let f = index.fields;
        let mut w: tantivy::IndexWriter =
            index.index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..3000u64 {
            w.add_document(tantivy::doc!(f.article_id => format!("a{i}"), f.paragraph => 1u64, f.text => "oil prices rose"))
                .unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let oil: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(f.text, "oil"),
            IndexRecordOption::WithFreqs,
        ));
        for inner in [oil, Box::new(AllQuery) as Box<dyn Query>] {
            let open = Deadline::new(inner.box_clone(), Clock::new(Duration::from_secs(60)));
            assert_eq!(searcher.search(&open, &Count).unwrap(), 3000);
            let clock = Clock::new(Duration::ZERO);
            let passed = Deadline::new(inner, clock.clone());
            assert!(searcher.search(&passed, &Count).unwrap() < 3000);
            let (_, counted) = searcher
                .search(&passed, &(TopDocs::with_limit(1).order_by_score(), Count))
                .unwrap();
            assert!(counted < 3000);
            let top = searcher
                .search(&passed, &TopDocs::with_limit(10).order_by_score())
                .unwrap();
            assert!(top.len() <= 10);
            assert!(clock.stopped());
        }
    }
}
