//! The English text analyzer for `title` and `text`, with hyphen folding.
//!
//! Words are runs of letters and digits, with inner hyphens kept ("cease-fire", "60-day").
//! The index side emits a hyphenated word three ways: the joined form ("ceasefire") at the
//! word's first and last positions, and each part at its own position. The query side emits
//! only the joined form. So `ceasefire`, `cease-fire` and `"cease fire"` all find
//! "cease-fire", and the phrase `"60-day pause"` finds "a 60-day pause".
//! Tokens are lower-cased and stemmed (English).

use std::collections::VecDeque;

use tantivy::tokenizer::{
    Language, LowerCaser, RegexTokenizer, RemoveLongFilter, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// The analyzer's registered name, stored in the schema.
pub const NEWS_EN: &str = "news_en";

const WORD_RE: &str = r"[\p{Alphabetic}\p{N}]+(?:-[\p{Alphabetic}\p{N}]+)*";

/// Builds the analyzer; `index_side` decides whether hyphenated parts are emitted.
pub fn news_en(index_side: bool) -> TextAnalyzer {
    // The pattern is a constant that the tests compile, so this cannot fail at run time.
    #[allow(clippy::expect_used)]
    let words = RegexTokenizer::new(WORD_RE).expect("WORD_RE is a valid regex");
    TextAnalyzer::builder(words)
        .filter(HyphenFold {
            emit_parts: index_side,
        })
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers the index-side analyzer on an index's tokenizer manager. Must run on every
/// open: tantivy does not persist analyzers.
pub fn register_index_side(manager: &TokenizerManager) {
    manager.register(NEWS_EN, news_en(true));
}

/// A tokenizer manager for the query parser, with the query-side analyzer.
pub fn query_side_manager() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(NEWS_EN, news_en(false));
    manager
}

/// Token filter that removes inner hyphens and, on the index side, also emits the parts.
#[derive(Clone)]
pub struct HyphenFold {
    pub emit_parts: bool,
}

impl TokenFilter for HyphenFold {
    type Tokenizer<T: Tokenizer> = HyphenFoldTokenizer<T>;
    fn transform<T: Tokenizer>(self, inner: T) -> HyphenFoldTokenizer<T> {
        HyphenFoldTokenizer {
            inner,
            emit_parts: self.emit_parts,
        }
    }
}

#[derive(Clone)]
pub struct HyphenFoldTokenizer<T> {
    inner: T,
    emit_parts: bool,
}

impl<T: Tokenizer> Tokenizer for HyphenFoldTokenizer<T> {
    type TokenStream<'a> = HyphenFoldStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        HyphenFoldStream {
            tail: self.inner.token_stream(text),
            emit_parts: self.emit_parts,
            pending: VecDeque::new(),
            cur: Token::default(),
            shift: 0,
        }
    }
}

pub struct HyphenFoldStream<S> {
    tail: S,
    emit_parts: bool,
    pending: VecDeque<Token>,
    cur: Token,
    /// How far later tokens move right because of the extra parts emitted so far.
    shift: usize,
}

impl<S: TokenStream> TokenStream for HyphenFoldStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(t) = self.pending.pop_front() {
            self.cur = t;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let t = self.tail.token();
        let pos = t.position + self.shift;
        self.cur.clone_from(t);
        self.cur.position = pos;
        if !t.text.contains('-') {
            return true;
        }
        self.cur.text.retain(|c| c != '-');
        if self.emit_parts {
            let mut offset = t.offset_from;
            let mut n = 0;
            for part in t.text.split('-') {
                self.pending.push_back(Token {
                    offset_from: offset,
                    offset_to: offset + part.len(),
                    position: pos + n,
                    text: part.to_string(),
                    position_length: 1,
                });
                n += 1;
                offset += part.len() + 1;
            }
            // The joined form again at the last part's position, so phrases that continue
            // after the word ("60-day pause") match it too.
            let mut last = self.cur.clone();
            last.position = pos + n - 1;
            self.pending.push_back(last);
            self.shift += n - 1;
        }
        true
    }

    fn token(&self) -> &Token {
        &self.cur
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.cur
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(index_side: bool, text: &str) -> Vec<(String, usize)> {
        let mut analyzer = news_en(index_side);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn hyphenated_words_are_joined_and_split_on_the_index_side() {
        let got = tokens(true, "a 60-day pause");
        let want = [
            ("a", 0),
            ("60day", 1),
            ("60", 1),
            ("day", 2),
            ("60day", 2),
            ("paus", 3),
        ];
        let want: Vec<(String, usize)> = want.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn query_side_joins_only() {
        let got = tokens(false, "Cease-fire talks");
        assert_eq!(
            got,
            vec![("ceasefir".to_string(), 0), ("talk".to_string(), 1)]
        );
    }

    #[test]
    fn stems_and_lowercases() {
        let got = tokens(true, "Hostages HOSTAGE");
        assert_eq!(got[0].0, "hostag");
        assert_eq!(got[1].0, "hostag");
    }
}
