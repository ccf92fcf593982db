//! Tagging an article's paragraphs with the model: each tagged window of tokens gets the
//! best BILOU sequence, and the names it makes are returned as token ranges.
//!
//! Scoring a token costs five cached rows (its own word's and its neighbours' weights,
//! summed once per distinct word and offset and kept per thread) and a handful of context
//! features; tokens outside every window cost nothing.

use std::cell::RefCell;

use super::features::{ArticleWords, Paragraph, WordCache, OFFSETS};
use super::gazetteer::Gazetteer;
use super::model::{spans_of, viterbi_into, Model, Row, TAGS};
use super::Kind;

/// A name the tagger found: tokens `start..end` of its paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tagged {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// How far the name's score is above the best sequence without it, per token: how
    /// sure the tagger is (used to weigh votes).
    pub confidence: f32,
}

/// What each thread keeps between articles: the words it has seen and, for the model in
/// use, their summed weights at each offset.
#[derive(Default)]
struct ThreadCache {
    words: WordCache,
    /// Per word id: the weights of its features at each offset, summed.
    tables: Vec<[Row; 5]>,
    /// The model and the gazetteer the entries were computed with.
    made_with: (usize, usize),
    /// Buffers reused from paragraph to paragraph.
    emissions: Vec<Row>,
    back: Vec<[u8; TAGS]>,
    tags: Vec<usize>,
    features: Vec<super::features::Feature>,
}

/// Words kept before a thread's cache is emptied (about 0.3 KB each).
const CACHE_WORDS: usize = 200_000;

thread_local! {
    static CACHE: RefCell<ThreadCache> = RefCell::new(ThreadCache::default());
}

/// The tagger: a model and the gazetteer its features consult.
pub struct Tagger<'a> {
    pub model: &'a Model,
    pub gazetteer: &'a Gazetteer,
}

impl Tagger<'_> {
    /// Tags one article: each paragraph with the names found in it. `with` receives the
    /// prepared paragraphs, the word cache and the names, before the cache is released.
    pub fn tag_article<S: AsRef<str>, T>(
        &self,
        paragraphs: &[S],
        with: impl FnOnce(&[Paragraph], &WordCache, Vec<Vec<Tagged>>) -> T,
    ) -> T {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let cache = &mut *cache;
            let made_with = (self.model.id(), self.gazetteer.id());
            if cache.made_with != made_with || cache.words.len() > CACHE_WORDS {
                cache.words.clear();
                cache.tables.clear();
                cache.made_with = made_with;
            }
            let prepared: Vec<Paragraph> = paragraphs
                .iter()
                .map(|p| Paragraph::new(p.as_ref(), self.gazetteer, &mut cache.words))
                .collect();
            // the summed weights of the words seen for the first time
            for id in cache.tables.len()..cache.words.len() {
                let mut table = [[0f32; TAGS]; 5];
                for (k, offset) in OFFSETS.into_iter().enumerate() {
                    cache.features.clear();
                    cache.words.infos[id].features(offset, &mut cache.features);
                    self.model.add(&cache.features, &mut table[k]);
                }
                cache.tables.push(table);
            }
            let article = ArticleWords::of(&prepared, &cache.words);
            let tagged = prepared
                .iter()
                .map(|p| self.tag_paragraph(p, cache, &article))
                .collect();
            with(&prepared, &cache.words, tagged)
        })
    }

    fn tag_paragraph(
        &self,
        p: &Paragraph,
        cache: &mut ThreadCache,
        article: &ArticleWords,
    ) -> Vec<Tagged> {
        let mut out = Vec::new();
        let ThreadCache {
            words,
            tables,
            emissions,
            back,
            tags,
            features,
            ..
        } = cache;
        let mut i = 0;
        while i < p.len() {
            if !p.window[i] {
                i += 1;
                continue;
            }
            let start = i;
            emissions.clear();
            while i < p.len() && p.window[i] {
                let mut row = [0f32; TAGS];
                for (k, offset) in OFFSETS.into_iter().enumerate() {
                    let table = &tables[p.word_at(i, offset) as usize][k];
                    for (s, w) in row.iter_mut().zip(table) {
                        *s += w;
                    }
                }
                features.clear();
                p.context_features(i, words, article, features);
                self.model.add(features, &mut row);
                emissions.push(row);
                i += 1;
            }
            viterbi_into(emissions, &self.model.constrained, back, tags);
            for (a, b, kind) in spans_of(tags) {
                out.push(Tagged {
                    start: start + a,
                    end: start + b,
                    kind,
                    confidence: margin(&emissions[a..b], &tags[a..b]),
                });
            }
        }
        out
    }
}

/// How much the chosen tags' emissions beat the outside tag, per token: a cheap measure of
/// the tagger's certainty about a name.
fn margin(emissions: &[Row], tags: &[usize]) -> f32 {
    let total: f32 = emissions
        .iter()
        .zip(tags)
        .map(|(row, &t)| row[t] - row[super::model::O])
        .sum();
    total / emissions.len().max(1) as f32
}
