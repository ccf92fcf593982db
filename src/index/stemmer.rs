//! English stemming with a memo: tantivy's own stemmer (the `frostem` crate, Snowball
//! English), remembering the stem of each word it has seen.
//!
//! Stemming was a third of all ingest instructions (callgrind), although news repeats its
//! words: the title of an article is indexed again with each of its paragraphs, and a few
//! thousand words make up most of any text. A word is now stemmed once per analyzer (tantivy
//! keeps one per field and indexing thread) and looked up after that. The stems are the
//! same as tantivy's `Stemmer::new(Language::English)` gives, so indexes are unchanged.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered before the memo starts again: about 8 MB at most per analyzer.
const MAX_WORDS: usize = 100_000;

/// The token filter: English stems, remembered.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner,
            memo: Memo::default(),
        }
    }
}

#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: Memo,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

pub struct MemoStemmerStream<'a, S> {
    tail: S,
    memo: &'a mut Memo,
}

impl<S: TokenStream> TokenStream for MemoStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.memo.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Stems by word.
#[derive(Clone)]
struct Memo {
    stemmer: frostem::Stemmer,
    stems: FxHashMap<Box<str>, Box<str>>,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            stems: FxHashMap::default(),
        }
    }
}

impl Memo {
    /// Replaces a word with its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            if **stem != **word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let key: Box<str> = word.as_str().into();
        let stem: Box<str> = self.stemmer.stem(word).into();
        word.clear();
        word.push_str(&stem);
        if self.stems.len() >= MAX_WORDS {
            self.stems.clear();
        }
        self.stems.insert(key, stem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn the_same_stems_as_tantivy_from_the_memo_too() {
        let text = "Running runs ran easily fairly generously hostages hostage \
                    negotiations negotiated talks talked running hostages";
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(MemoStemmer)
            .build();
        let want = stems(&mut plain, text);
        assert_eq!(want[..2], ["Run", "run"]);
        assert_eq!(stems(&mut memo, text), want, "stemmed");
        assert_eq!(stems(&mut memo, text), want, "from the memo");
    }

    #[test]
    fn the_memo_starts_again_when_full() {
        let mut memo = Memo::default();
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        for i in 0..MAX_WORDS + 10 {
            let original = format!("talk{i}ing");
            let mut word = original.clone();
            memo.stem(&mut word);
            assert_eq!(word, stemmer.stem(&original));
        }
        assert!(memo.stems.len() <= MAX_WORDS);
    }
}
