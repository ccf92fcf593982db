//! One paragraph prepared for the rules: its tokens with their folded forms, word classes,
//! gazetteer ids, given-name flags and sentence starts, each computed once.

use super::features::{WordCache, NO_WORD};
use super::fold::fold_into;
use super::gazetteer::{Gazetteer, WordFacts};
use super::lexicon::{class, lexicon};
use super::tokens::{tokenize, Token, TokenKind};

pub struct Words<'a> {
    pub tokens: Vec<Token<'a>>,
    /// Folded forms of all tokens, back to back; `infos[i].span` is token i's range.
    buf: String,
    /// What is known of each token, one record per token (one push per token, not six).
    infos: Vec<Info>,
}

/// What the rules ask of one token.
struct Info {
    /// Range of its folded form in `buf` (empty when it was not folded, or is the text).
    span: (u32, u32),
    /// The token's text is already its folded form (lower-case ASCII), so it is not copied.
    as_is: bool,
    /// Word classes (see [`class`]).
    class: u16,
    /// A common given name.
    given: bool,
    /// Starts a sentence (opening quotes and brackets skipped).
    start: bool,
    /// Can be part of a name (see [`Words::is_name_word`]).
    name_word: bool,
    /// Gazetteer vocabulary id ([`super::gazetteer::UNKNOWN`] for words no alias uses and
    /// tokens outside the window around name words).
    id: u32,
}

impl<'a> Words<'a> {
    pub fn new(gaz: &Gazetteer, text: &'a str) -> Words<'a> {
        Self::build(gaz, text, None).0
    }

    /// A paragraph's words, each word's folded form and facts taken from (or added to) a
    /// cache of distinct words, with the cache ids of the tokens looked up
    /// ([`super::features::NO_WORD`] for the others): a word seen before costs one lookup,
    /// not a fold and a lookup.
    pub fn with_cache(
        gaz: &Gazetteer,
        text: &'a str,
        cache: &mut WordCache,
    ) -> (Words<'a>, Vec<u32>) {
        Self::build(gaz, text, Some(cache))
    }

    fn build(
        gaz: &Gazetteer,
        text: &'a str,
        mut cache: Option<&mut WordCache>,
    ) -> (Words<'a>, Vec<u32>) {
        let tokens = tokenize(text);
        let mut ids = vec![NO_WORD; if cache.is_some() { tokens.len() } else { 0 }];
        let mut words = Words {
            buf: String::with_capacity(text.len() / 2 + 8),
            infos: Vec::with_capacity(tokens.len()),
            tokens: Vec::new(),
        };
        let mut at_start = true;
        // the last name word at or before the current token
        let mut last_name_word: Option<usize> = None;
        let mut name_word = tokens.first().is_some_and(is_name_word);
        for (i, t) in tokens.iter().enumerate() {
            if name_word {
                last_name_word = Some(i);
            }
            let next_is_name_word = tokens.get(i + 1).is_some_and(is_name_word);
            // The rules only look at name words, the token before one and a few after, so
            // only those are folded and classified; the rest (most lower-case text) costs
            // nothing more.
            let relevant = last_name_word.is_some_and(|j| i - j <= AFTER) || next_is_name_word;
            let from = words.buf.len();
            let as_is = relevant
                && !t
                    .text
                    .bytes()
                    .any(|b| b.is_ascii_uppercase() || !b.is_ascii());
            let facts = match (&mut cache, relevant) {
                (_, false) => WordFacts::NONE,
                (Some(cache), true) => {
                    let id = cache.id(t.text, gaz);
                    ids[i] = id;
                    let info = &cache.infos[id as usize];
                    if !as_is {
                        words.buf.push_str(&info.folded_text);
                    }
                    info.facts
                }
                (None, true) => {
                    if !as_is {
                        fold_into(t.text, &mut words.buf);
                    }
                    gaz.facts(if as_is { t.text } else { &words.buf[from..] })
                }
            };
            words.infos.push(Info {
                span: (from as u32, words.buf.len() as u32),
                as_is,
                class: if t.is_word() { facts.class } else { 0 },
                given: facts.given && t.is_capitalized(),
                start: at_start,
                name_word,
                id: facts.id,
            });
            name_word = next_is_name_word;
            match t.kind {
                TokenKind::Punct if t.ends_sentence() => at_start = true,
                TokenKind::Punct if is_quote_or_bracket(t.text) => {}
                _ => at_start = false,
            }
        }
        words.tokens = tokens;
        (words, ids)
    }

    /// The gazetteer vocabulary id of token `i`.
    pub fn id(&self, i: usize) -> u32 {
        self.infos[i].id
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The folded form of token `i` ("" past the end).
    pub fn folded(&self, i: usize) -> &str {
        match self.infos.get(i) {
            Some(&Info { as_is: true, .. }) => self.tokens[i].text,
            Some(&Info { span: (a, b), .. }) => &self.buf[a as usize..b as usize],
            None => "",
        }
    }

    /// Tokens `a..b` as written, joined by single spaces.
    pub fn name(&self, a: usize, b: usize) -> String {
        join(self.tokens[a..b].iter().map(|t| t.text))
    }

    /// Tokens `a..b` folded, without final dots, joined by single spaces.
    pub fn folded_name(&self, a: usize, b: usize) -> String {
        join((a..b).map(|i| self.folded(i).trim_end_matches('.')))
    }

    /// The classes of token `i`, looked up even outside the window around name words.
    pub fn class_of(&self, i: usize) -> u16 {
        match self.tokens.get(i) {
            Some(t) if t.is_word() => lexicon().class(&super::fold::fold(t.text)),
            _ => 0,
        }
    }

    /// Whether token `i` exists and has one of the classes in `bits`.
    pub fn is(&self, i: usize, bits: u16) -> bool {
        self.infos.get(i).is_some_and(|t| t.class & bits != 0)
    }

    /// Whether token `i` can be part of a name: capitalized, or an "al-Assad"-style
    /// particle prefix before a capital.
    pub fn is_name_word(&self, i: usize) -> bool {
        self.infos.get(i).is_some_and(|t| t.name_word)
    }

    /// Whether token `i` is a common given name.
    pub fn is_given(&self, i: usize) -> bool {
        self.infos.get(i).is_some_and(|t| t.given)
    }

    /// Whether token `i` starts a sentence (opening quotes and brackets skipped).
    pub fn starts_sentence(&self, i: usize) -> bool {
        self.infos.get(i).is_some_and(|t| t.start)
    }
}

/// How far after a name word the rules look (see `rules`: "said" or ", a former ..." after
/// a name, a comma and a place after a city); before one they look one token back (a role
/// word). Words further away are classified on demand with [`Words::class_of`].
const AFTER: usize = 4;

#[inline]
fn is_name_word(t: &Token) -> bool {
    // kept small enough to inline: it runs on every token, and the particle test on few
    t.is_capitalized() || t.hyphenated && has_particle_prefix(t)
}

/// An "al-Assad"-style word: a particle, a hyphen, a capital. Only "al-", "bin-"-style
/// prefixes qualify: a hyphen within the first five bytes.
#[inline(never)]
fn has_particle_prefix(t: &Token) -> bool {
    if !t.text.bytes().take(5).any(|b| b == b'-') {
        return false;
    }
    match t.text.split_once('-') {
        Some((head, rest)) => {
            lexicon().class(head) & class::PARTICLE != 0
                && rest.chars().next().is_some_and(char::is_uppercase)
        }
        None => false,
    }
}

fn join<'s>(parts: impl Iterator<Item = &'s str> + Clone) -> String {
    // sized first: names are built for every candidate, and growing the string cost more
    // than this second pass over a few words
    let len = parts.clone().map(|p| p.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len);
    for p in parts {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

fn is_quote_or_bracket(s: &str) -> bool {
    // a punctuation token is one character
    matches!(
        s.chars().next(),
        Some(
            '"' | '\''
                | '\u{201c}'
                | '\u{201d}'
                | '\u{2018}'
                | '\u{2019}'
                | '('
                | '['
                | '-'
                | '\u{2014}'
                | '\u{2013}'
        )
    )
}
