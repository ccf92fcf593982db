//! The tagger's features: what it knows of each token, computed one way for training and
//! for tagging, so the two cannot drift apart.
//!
//! A feature is a 64-bit hash of a template and a value ("the word two to the left folds
//! to `said`"). Features come in two parts:
//!
//! - **Word features** depend on one word's text and its offset from the token being
//!   tagged (-2..=2): the word, its folded form, shape, prefix and suffixes, word classes
//!   (title, role, verb of saying, organization or place head word...), whether it is a
//!   common given name, and which kinds of gazetteer names use it. They are computed once
//!   per distinct word ([`WordInfo`]); the tagger also sums their weights once per word and
//!   offset, so a token costs five cached rows instead of thirty lookups.
//! - **Context features** depend on the paragraph and the article: the start of a sentence,
//!   word pairs, the longest gazetteer name covering the token, the rules' candidate
//!   covering it (its kind and evidence: a rule's verdict is evidence, not a decision), and
//!   whether the word also appears in lower case, or capitalized in mid-sentence, elsewhere
//!   in the article.
//!
//! Only words with a capital letter, and the few words between two such words, are tagged
//! ([`Paragraph::window`]); everything else is outside any name. News names are written
//! with capitals, and most text is far from one.

use rustc_hash::{FxHashMap, FxHashSet};

use super::fold::fold;
use super::gazetteer::{Gazetteer, UNKNOWN};
use super::lexicon::class;
use super::rules::{self, Candidate, Evidence};
use super::tokens::TokenKind;
use super::words::Words;
use super::Kind;

/// A feature: a hash of its template and value.
pub type Feature = u64;

/// The offsets of the words whose features a token sees.
pub const OFFSETS: [i8; 5] = [-2, -1, 0, 1, 2];

/// How far apart two words with capitals may be for the words between them to be tagged.
pub const WINDOW_MARGIN: usize = 2;

/// The finalizer of SplitMix64: spreads the bits of `x`.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A stable hash of bytes (FNV-1a 64, mixed): the same on every build and platform, so a
/// model trained once works everywhere.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// The feature of a template and a value.
#[inline]
fn feature(template: u64, value: u64) -> Feature {
    mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ value)
}

/// The feature of a template and two values.
#[inline]
fn feature2(template: u64, a: u64, b: u64) -> Feature {
    feature(template, mix(a) ^ b.rotate_left(17))
}

/// Feature templates. The numbers are part of the model: changing one means retraining.
mod template {
    pub const BIAS: u64 = 1;
    pub const WORD: u64 = 2;
    pub const FOLD: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const SHORT_SHAPE: u64 = 5;
    pub const PREFIX: u64 = 6;
    pub const SUFFIX2: u64 = 7;
    pub const SUFFIX3: u64 = 8;
    pub const SUFFIX4: u64 = 9;
    pub const CLASS: u64 = 10;
    pub const GIVEN: u64 = 11;
    pub const IN_KINDS: u64 = 12;
    pub const ALONE_KINDS: u64 = 13;
    pub const CASE: u64 = 14;
    pub const LENGTH: u64 = 15;
    /// Offset templates: the template of offset o is `OFFSET_BASE * (o + 3) + template`.
    pub const OFFSET_BASE: u64 = 100;
    pub const SENTENCE_START: u64 = 1000;
    pub const PAIR_LEFT: u64 = 1001;
    pub const PAIR_RIGHT: u64 = 1002;
    pub const GAZETTEER: u64 = 1003;
    pub const RULE: u64 = 1004;
    pub const GAZETTEER_RULE: u64 = 1005;
    pub const ARTICLE_LOWER: u64 = 1006;
    pub const ARTICLE_CAPITALIZED: u64 = 1007;
    pub const SHAPE_PAIR: u64 = 1008;
    pub const DEMONYM: u64 = 16;
    pub const SURNAME: u64 = 17;
    pub const FREQUENCY: u64 = 18;
    pub const ARTICLE_CONTEXT: u64 = 1009;
    pub const GIVEN_AFTER_NAME: u64 = 1010;
}

/// The case of a word, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Capitalized,
    AllCaps,
    Mixed,
    Initial,
    Digits,
    Punct,
    Boundary,
}

/// Everything the features need to know of one word, computed once per distinct word.
#[derive(Debug, Clone)]
pub struct WordInfo {
    word: u64,
    folded: u64,
    shape: u64,
    short_shape: u64,
    prefix: u64,
    suffixes: [u64; 3],
    class: u16,
    given: bool,
    in_kinds: u8,
    alone_kinds: u8,
    demonym: bool,
    surname: u8,
    /// How common the word is in English, in five bands (0 for rare).
    frequency: u8,
    case: Case,
    length: u8,
    /// The word has an upper-case letter: tokens near it are tagged.
    pub upper: bool,
    /// The word starts with a lower-case letter.
    pub lower_initial: bool,
    /// Hash of the folded form, for the article's word sets.
    pub folded_key: u64,
    /// The folded form (lower case, no accents).
    pub folded_text: Box<str>,
    /// What the gazetteer knows of the folded form.
    pub facts: super::gazetteer::WordFacts,
}

/// The pseudo-words before the first and after the last token of a paragraph.
pub const BEFORE: &str = "<s>";
pub const AFTER: &str = "</s>";

fn shape_of(word: &str) -> (String, String) {
    let mut shape = String::with_capacity(word.len().min(8));
    let mut short = String::with_capacity(6);
    for (n, c) in word.chars().enumerate() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if n < 8 {
            shape.push(s);
        }
        if !short.ends_with(s) {
            short.push(s);
        }
    }
    (shape, short)
}

impl WordInfo {
    pub fn new(text: &str, gaz: &Gazetteer) -> WordInfo {
        if text == BEFORE || text == AFTER {
            let h = hash_bytes(text.as_bytes());
            return WordInfo {
                word: h,
                folded: h,
                shape: h,
                short_shape: h,
                prefix: h,
                suffixes: [h; 3],
                class: 0,
                given: false,
                in_kinds: 0,
                alone_kinds: 0,
                demonym: false,
                surname: 0,
                frequency: 0,
                case: Case::Boundary,
                length: 0,
                upper: false,
                lower_initial: false,
                folded_key: h,
                folded_text: text.into(),
                facts: super::gazetteer::WordFacts::NONE,
            };
        }
        let folded = fold(text);
        let facts = gaz.all_facts(&folded);
        let (shape, short) = shape_of(text);
        let chars: Vec<char> = folded.chars().collect();
        let part = |from: usize, to: usize| -> u64 {
            let s: String = chars[from.min(chars.len())..to.min(chars.len())]
                .iter()
                .collect();
            hash_bytes(s.as_bytes())
        };
        let n = chars.len();
        let first = text.chars().next().unwrap_or(' ');
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let uppers = text.chars().filter(|c| c.is_uppercase()).count();
        let case = if letters == 0 {
            if text.chars().any(|c| c.is_ascii_digit()) {
                Case::Digits
            } else {
                Case::Punct
            }
        } else if letters == 1 && text.ends_with('.') && first.is_uppercase() {
            Case::Initial
        } else if uppers == 0 {
            Case::Lower
        } else if uppers == letters && letters >= 2 {
            Case::AllCaps
        } else if first.is_uppercase() && uppers == 1 {
            Case::Capitalized
        } else {
            Case::Mixed
        };
        let folded_key = hash_bytes(folded.as_bytes());
        WordInfo {
            word: hash_bytes(text.as_bytes()),
            folded: folded_key,
            shape: hash_bytes(shape.as_bytes()),
            short_shape: hash_bytes(short.as_bytes()),
            prefix: part(0, 3),
            suffixes: [
                part(n.saturating_sub(2), n),
                part(n.saturating_sub(3), n),
                part(n.saturating_sub(4), n),
            ],
            class: facts.class,
            given: facts.given,
            in_kinds: facts.in_kinds,
            alone_kinds: facts.alone_kinds,
            demonym: facts.demonym,
            surname: facts.surname,
            frequency: match facts.zipf {
                0 => 0,
                1..=29 => 1,
                30..=39 => 2,
                40..=49 => 3,
                _ => 4,
            },
            case,
            length: n.min(12) as u8,
            upper: uppers > 0,
            lower_initial: first.is_lowercase(),
            folded_key,
            folded_text: folded.into_boxed_str(),
            facts,
        }
    }

    /// The word's features as seen from a token `offset` words away.
    pub fn features(&self, offset: i8, out: &mut Vec<Feature>) {
        use template::*;
        let case = self.case as u64 + 1;
        if offset == 0 {
            out.push(feature(BIAS, 0));
            out.push(feature(WORD, self.word));
            out.push(feature(FOLD, self.folded));
            out.push(feature(SHAPE, self.shape));
            out.push(feature(SHORT_SHAPE, self.short_shape));
            out.push(feature(PREFIX, self.prefix));
            out.push(feature(SUFFIX2, self.suffixes[0]));
            out.push(feature(SUFFIX3, self.suffixes[1]));
            out.push(feature(SUFFIX4, self.suffixes[2]));
            out.push(feature(CASE, case));
            out.push(feature2(LENGTH, case, u64::from(self.length)));
            for bit in 0..16 {
                if self.class & (1 << bit) != 0 {
                    out.push(feature(CLASS, bit));
                }
            }
            if self.given {
                out.push(feature(GIVEN, case));
            }
            if self.in_kinds != 0 {
                out.push(feature2(IN_KINDS, u64::from(self.in_kinds), case));
            }
            if self.alone_kinds != 0 {
                out.push(feature2(ALONE_KINDS, u64::from(self.alone_kinds), case));
            }
            if self.demonym {
                out.push(feature(DEMONYM, case));
            }
            if self.surname != 0 {
                out.push(feature2(SURNAME, u64::from(self.surname), case));
            }
            out.push(feature2(FREQUENCY, u64::from(self.frequency), case));
            return;
        }
        let at = |t: u64| OFFSET_BASE * (offset + 3) as u64 + t;
        out.push(feature(at(FOLD), self.folded));
        out.push(feature(at(SHORT_SHAPE), self.short_shape));
        out.push(feature(at(CASE), case));
        const SEEN: u16 = class::ROLE
            | class::SAY
            | class::TITLE_START
            | class::LOCATIVE
            | class::ORG_SUFFIX
            | class::PLACE_HEAD
            | class::MONTH
            | class::FUNCTION
            | class::APPOSITION;
        for bit in 0..16 {
            if self.class & SEEN & (1 << bit) != 0 {
                out.push(feature(at(CLASS), bit));
            }
        }
        if self.given {
            out.push(feature(at(GIVEN), case));
        }
        if offset.abs() == 1 && self.in_kinds != 0 {
            out.push(feature2(at(IN_KINDS), u64::from(self.in_kinds), case));
        }
        if offset.abs() == 1 && self.demonym {
            out.push(feature(at(DEMONYM), case));
        }
        if offset.abs() == 1 {
            out.push(feature2(at(FREQUENCY), u64::from(self.frequency), case));
            if self.surname != 0 {
                out.push(feature2(at(SURNAME), u64::from(self.surname), case));
            }
        }
    }
}

/// Distinct words and what is known of them; the tagger keeps one per thread, so that a
/// word's features (and their summed weights) are computed once.
#[derive(Default)]
pub struct WordCache {
    ids: FxHashMap<Box<str>, u32>,
    pub infos: Vec<WordInfo>,
}

impl WordCache {
    /// The id of a word's entry, made on first sight.
    pub fn id(&mut self, text: &str, gaz: &Gazetteer) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.infos.len() as u32;
        self.infos.push(WordInfo::new(text, gaz));
        self.ids.insert(text.into(), id);
        id
    }

    pub fn len(&self) -> usize {
        self.infos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.infos.is_empty()
    }

    pub fn clear(&mut self) {
        self.ids.clear();
        self.infos.clear();
    }
}

/// Which words of an article appear in lower case, and which capitalized in mid-sentence
/// (by folded form): evidence that a capitalized word is a common word or a name.
#[derive(Default)]
pub struct ArticleWords {
    /// Capitalized words (folded) that also appear in lower case.
    lower: FxHashSet<u64>,
    /// Every capitalized word (folded).
    capitalized_words: FxHashSet<u64>,
    /// A bit for each first letter and length of the capitalized words (see `shape_bit`).
    shapes: u128,
    capitalized: FxHashMap<u64, u32>,
    /// What the contexts of a capitalized word say anywhere in the article (see `CONTEXT_*`).
    contexts: FxHashMap<u64, u8>,
}

/// A bit standing for a word's first byte (lower-cased) and length; folding keeps ASCII
/// words' first byte and length, and other words fall on a bit of their own.
#[inline]
fn shape_bit(first: u8, len: usize) -> u128 {
    let key = (u64::from(first) * 31 + len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    1u128 << (key >> 57)
}

/// The word follows a capitalized given name somewhere ("Daniel Montalvo").
const CONTEXT_AFTER_GIVEN: u8 = 1;
/// The word follows a title or role somewhere ("Director Burns").
const CONTEXT_AFTER_TITLE: u8 = 2;
/// The word is in a run of capitalized words with an organization's head word somewhere
/// ("Church of Scientology").
const CONTEXT_ORG_RUN: u8 = 4;
/// A verb of saying follows the word somewhere ("Farag said").
const CONTEXT_BEFORE_SAY: u8 = 8;
/// The word is in a run of capitalized words with a place's head word somewhere.
const CONTEXT_PLACE_RUN: u8 = 16;
/// The rules found the word in a person's name somewhere, with context or the gazetteer
/// behind them; the next two bits say the same of a place and an organization.
const CONTEXT_RULE_PERSON: u8 = 32;

/// One paragraph ready for the tagger: its words, which of them are tagged, and the
/// gazetteer's and the rules' opinions of each token.
pub struct Paragraph<'a> {
    pub words: Words<'a>,
    /// Each token's entry in the word cache.
    pub word_ids: Vec<u32>,
    /// Tokens to tag: those near a word with a capital letter.
    pub window: Vec<bool>,
    /// The gazetteer name covering each token, as a feature value (0: none).
    gazetteer: Vec<u64>,
    /// The rules' candidate covering each token, as a feature value (0: none).
    rule: Vec<u64>,
    /// The rules' candidates (for resolution).
    pub candidates: Vec<Candidate>,
    /// The word ids of the pseudo-words before and after the paragraph.
    edges: (u32, u32),
}

/// The word id of a token far from every tagged window (its features are never asked for).
pub const NO_WORD: u32 = u32::MAX;

/// Whether a word has an upper-case letter (one pass over its bytes while they are ASCII).
#[inline]
fn has_upper(text: &str) -> bool {
    for &b in text.as_bytes() {
        if b.is_ascii_uppercase() {
            return true;
        }
        if b >= 0x80 {
            return text.chars().any(char::is_uppercase);
        }
    }
    false
}

/// Position of a token in a span of `n` tokens: B, I, L, or U (a span of one).
fn position(k: usize, n: usize) -> u64 {
    match (k, n) {
        (_, 1) => 4,
        (0, _) => 1,
        (k, n) if k + 1 == n => 3,
        _ => 2,
    }
}

fn kind_code(kind: Option<Kind>) -> u64 {
    match kind {
        None => 0,
        Some(Kind::Person) => 1,
        Some(Kind::Place) => 2,
        Some(Kind::Org) => 3,
    }
}

impl<'a> Paragraph<'a> {
    pub fn new(text: &'a str, gaz: &Gazetteer, cache: &mut WordCache) -> Paragraph<'a> {
        let (words, mut word_ids) = Words::with_cache(gaz, text, cache);
        let n = words.len();
        // tagged: the words with a capital letter, and the words between two of them at most
        // two apart ("Bank of the Republic", "Procter & Gamble"); their neighbours' features
        // are needed too, so words two further on each side get cache entries as well
        let upper: Vec<bool> = words.tokens.iter().map(|t| has_upper(t.text)).collect();
        let mut window = upper.clone();
        for i in 0..n {
            if upper[i] {
                continue;
            }
            let before = (i.saturating_sub(WINDOW_MARGIN)..i).any(|j| upper[j]);
            let after = (i + 1..(i + 1 + WINDOW_MARGIN).min(n)).any(|j| upper[j]);
            window[i] = before && after;
        }
        // a token within two of a tagged one: the distance to the last tagged token behind,
        // and a look two ahead
        let mut since_window = usize::MAX;
        for i in 0..n {
            if window[i] {
                since_window = 0;
            } else {
                since_window = since_window.saturating_add(1);
            }
            let ahead = window.get(i + 1).copied().unwrap_or(false)
                || window.get(i + 2).copied().unwrap_or(false);
            if (since_window <= 2 || ahead) && word_ids[i] == NO_WORD {
                word_ids[i] = cache.id(words.tokens[i].text, gaz);
            }
        }
        let mut gazetteer = vec![0u64; n];
        let mut i = 0;
        while i < n {
            if !window[i] || words.id(i) == UNKNOWN {
                i += 1;
                continue;
            }
            match gaz.longest_match(&words, i) {
                Some(m) => {
                    let len = m.end - i;
                    let first_cap = words.tokens[i].is_capitalized() as u64;
                    let flags = u64::from(m.entry.weak)
                        | u64::from(m.entry.needs_context) << 1
                        | first_cap << 2;
                    for k in 0..len {
                        gazetteer[i + k] = kind_code(Some(m.entry.kind)) * 1000
                            + position(k, len) * 100
                            + flags * 10
                            + (len.min(4) as u64);
                    }
                    i = m.end;
                }
                None => i += 1,
            }
        }
        let candidates = rules::candidates_in(gaz, &words);
        let mut rule = vec![0u64; n];
        let mut t = 0;
        for c in &candidates {
            while t < n && words.tokens[t].start < c.start {
                t += 1;
            }
            let first = t;
            let mut last = t;
            while last < n && words.tokens[last].end <= c.end {
                last += 1;
            }
            let len = last - first;
            let evidence = match c.evidence {
                Evidence::Unknown => 1,
                Evidence::Guess => 2,
                Evidence::Context => 3,
                Evidence::Gazetteer => 4,
            };
            for k in 0..len {
                rule[first + k] = kind_code(c.kind) * 1000
                    + position(k, len) * 100
                    + evidence * 10
                    + u64::from(c.team);
            }
        }
        let edges = (cache.id(BEFORE, gaz), cache.id(AFTER, gaz));
        Paragraph {
            words,
            word_ids,
            window,
            gazetteer,
            rule,
            candidates,
            edges,
        }
    }

    /// The word id at `i + offset`, or a pseudo-word past either end.
    #[inline]
    pub fn word_at(&self, i: usize, offset: i8) -> u32 {
        let j = i as isize + isize::from(offset);
        if j < 0 {
            self.edges.0
        } else if j as usize >= self.word_ids.len() {
            self.edges.1
        } else {
            self.word_ids[j as usize]
        }
    }

    /// Every feature of token `i`: the word features of its neighbours at each offset and
    /// its context features. (Training uses these; tagging sums the first part from
    /// weights cached per word, which comes to the same.)
    pub fn features(
        &self,
        i: usize,
        cache: &WordCache,
        article: &ArticleWords,
        out: &mut Vec<Feature>,
    ) {
        for offset in OFFSETS {
            cache.infos[self.word_at(i, offset) as usize].features(offset, out);
        }
        self.context_features(i, cache, article, out);
    }

    /// The runs of consecutive tokens to tag, as ranges.
    pub fn segments(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.window.len() {
            if !self.window[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < self.window.len() && self.window[i] {
                i += 1;
            }
            out.push(start..i);
        }
        out
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The context features of token `i` (see the module doc).
    pub fn context_features(
        &self,
        i: usize,
        cache: &WordCache,
        article: &ArticleWords,
        out: &mut Vec<Feature>,
    ) {
        use template::*;
        let info = |j: usize| &cache.infos[self.word_ids[j] as usize];
        let me = info(i);
        let start = self.words.starts_sentence(i);
        if start {
            out.push(feature(SENTENCE_START, me.short_shape));
        }
        let left = cache.infos[self.word_at(i, -1) as usize].folded;
        let right = cache.infos[self.word_at(i, 1) as usize].folded;
        out.push(feature2(PAIR_LEFT, left, me.folded));
        out.push(feature2(PAIR_RIGHT, me.folded, right));
        let left_shape = cache.infos[self.word_at(i, -1) as usize].short_shape;
        out.push(feature2(SHAPE_PAIR, left_shape, me.short_shape));
        let (g, r) = (self.gazetteer[i], self.rule[i]);
        if g != 0 {
            out.push(feature(GAZETTEER, g));
        }
        if r != 0 {
            out.push(feature(RULE, r));
        }
        if g != 0 || r != 0 {
            out.push(feature2(GAZETTEER_RULE, g / 100, r / 100));
        }
        if me.upper && !me.lower_initial {
            let lower = article.lower.contains(&me.folded_key);
            // how often the word is capitalized in mid-sentence elsewhere: 0, 1, 2, 3 or more
            let mid = article
                .capitalized
                .get(&me.folded_key)
                .copied()
                .unwrap_or(0);
            let elsewhere = mid.saturating_sub(u32::from(!start)).min(3);
            out.push(feature2(ARTICLE_LOWER, u64::from(lower), u64::from(start)));
            out.push(feature2(
                ARTICLE_CAPITALIZED,
                u64::from(elsewhere),
                u64::from(start),
            ));
            let contexts = article.contexts.get(&me.folded_key).copied().unwrap_or(0);
            for bit in 0..8 {
                if contexts & (1 << bit) != 0 {
                    out.push(feature(ARTICLE_CONTEXT, bit));
                }
            }
        }
        // "Refugee Council Enver Solomon": a given name right after another name starts one
        if me.given && i > 0 && !start {
            let before = info(i - 1);
            if before.upper {
                let head = before.class & (class::ORG_SUFFIX | class::PLACE_HEAD) != 0;
                out.push(feature2(
                    GIVEN_AFTER_NAME,
                    u64::from(head),
                    before.case as u64,
                ));
            }
        }
    }

    /// Whether token `i` is a word (not punctuation or a possessive ending).
    pub fn is_word(&self, i: usize) -> bool {
        self.words.tokens[i].kind == TokenKind::Word
    }
}

impl ArticleWords {
    /// What an article's paragraphs say of its capitalized words.
    pub fn of(paragraphs: &[Paragraph], cache: &WordCache) -> ArticleWords {
        let mut article = ArticleWords {
            lower: FxHashSet::with_capacity_and_hasher(32, Default::default()),
            capitalized_words: FxHashSet::with_capacity_and_hasher(128, Default::default()),
            capitalized: FxHashMap::with_capacity_and_hasher(128, Default::default()),
            contexts: FxHashMap::with_capacity_and_hasher(64, Default::default()),
            shapes: 0,
        };
        for p in paragraphs {
            article.add_capitalized(p, cache);
        }
        // which of those words also appear in lower case: only they are looked for, so a
        // lower-case word costs a hash and one probe of a small set
        let mut folded = String::new();
        for p in paragraphs {
            for (i, t) in p.words.tokens.iter().enumerate() {
                // most tokens are lower-case ASCII words that no capitalized word resembles
                let first = t.text.as_bytes()[0];
                let starts_lower = if first < 0x80 {
                    first.is_ascii_lowercase()
                } else {
                    t.text.chars().next().is_some_and(char::is_lowercase)
                };
                if !starts_lower || !article.maybe_capitalized(t.text) || !p.is_word(i) {
                    continue;
                }
                let key = if t.text.bytes().all(|b| b.is_ascii_lowercase()) {
                    hash_bytes(t.text.as_bytes())
                } else {
                    folded.clear();
                    super::fold::fold_into(t.text, &mut folded);
                    hash_bytes(folded.as_bytes())
                };
                if article.capitalized_words.contains(&key) {
                    article.lower.insert(key);
                }
            }
        }
        article
    }

    /// A quick test that a word's length and first letter are those of some capitalized
    /// word of the article (see `shapes`): most lower-case words fail it and are never hashed.
    #[inline]
    fn maybe_capitalized(&self, text: &str) -> bool {
        let first = text.as_bytes()[0].to_ascii_lowercase();
        self.shapes & shape_bit(first, text.len()) != 0
    }

    /// Adds the capitalized words of a paragraph: where they stand and what is around them.
    fn add_capitalized(&mut self, p: &Paragraph, cache: &WordCache) {
        let n = p.word_ids.len();
        let info = |i: usize| &cache.infos[p.word_ids[i] as usize];
        let known = |i: usize| p.word_ids[i] != NO_WORD;
        for i in 0..n {
            if !known(i) || !p.is_word(i) {
                continue;
            }
            let me = info(i);
            if !me.upper || me.lower_initial {
                continue;
            }
            self.capitalized_words.insert(me.folded_key);
            let text = p.words.tokens[i].text;
            self.shapes |= shape_bit(text.as_bytes()[0].to_ascii_lowercase(), text.len());
            if !p.words.starts_sentence(i) {
                *self.capitalized.entry(me.folded_key).or_default() += 1;
            }
            let mut bits = 0;
            if i > 0 && known(i - 1) {
                let before = info(i - 1);
                if before.given && before.upper {
                    bits |= CONTEXT_AFTER_GIVEN;
                }
                if before.class & (class::TITLE_START | class::ROLE) != 0 {
                    bits |= CONTEXT_AFTER_TITLE;
                }
            }
            if i + 1 < n && known(i + 1) && info(i + 1).class & class::SAY != 0 {
                bits |= CONTEXT_BEFORE_SAY;
            }
            // the rules' verdict on the name the word is in, when context backs it
            let rule = p.rule[i];
            let (kind, evidence) = (rule / 1000, rule / 10 % 10);
            if (1..=3).contains(&kind) && evidence >= 3 {
                bits |= CONTEXT_RULE_PERSON << (kind - 1);
            }
            if bits != 0 {
                *self.contexts.entry(me.folded_key).or_default() |= bits;
            }
        }
        // runs of capitalized words, joined by "of", "the", "and", "for"
        let upper = |i: usize| known(i) && info(i).upper;
        let mut i = 0;
        while i < n {
            if !upper(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut heads = 0;
            while i < n && known(i) {
                let w = info(i);
                let joins =
                    w.class & class::CONNECTOR != 0 && i + 1 < n && upper(i + 1) && i > start;
                if !(w.upper || joins) {
                    break;
                }
                if w.class & class::ORG_SUFFIX != 0 {
                    heads |= CONTEXT_ORG_RUN;
                }
                if w.class & class::PLACE_HEAD != 0 {
                    heads |= CONTEXT_PLACE_RUN;
                }
                i += 1;
            }
            if heads != 0 && i - start > 1 {
                for k in start..i {
                    if upper(k) {
                        *self.contexts.entry(info(k).folded_key).or_default() |= heads;
                    }
                }
            }
        }
    }
}
