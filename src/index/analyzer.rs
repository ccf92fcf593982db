//! The English text analyzer for `title` and `text`, with hyphen folding.
//!
//! Words are runs of letters and digits, with inner hyphens kept ("cease-fire", "60-day").
//! The index side emits a hyphenated word three ways: the joined form ("ceasefire") at the
//! word's first and last positions, and each part at its own position. The query side emits
//! only the joined form. So `ceasefire`, `cease-fire` and `"cease fire"` all find
//! "cease-fire", and the phrase `"60-day pause"` finds "a 60-day pause".
//! Tokens are folded as names are ([`crate::entities::fold`]: lower case, no accents,
//! compatibility forms and Turkish i as plain letters: "Zürich" matches "Zurich", "İzmir"
//! "izmir", "Ｔｏｎｙ" "tony"), then folded to ASCII where a letter has an ASCII spelling
//! ("ß" as "ss") and stemmed (English, tantivy's stemmer with a memo: see
//! [`super::stemmer`]).

use std::collections::VecDeque;

use crate::entities::tokens::{char_at, is_word_char};

use tantivy::tokenizer::{
    AsciiFoldingFilter, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
    TokenizerManager,
};

use super::stemmer::MemoStemmer;

/// The analyzer's registered name, stored in the schema.
pub const NEWS_EN: &str = "news_en";

/// Builds the analyzer; `index_side` decides whether hyphenated parts are emitted.
pub fn news_en(index_side: bool) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(HyphenFold {
            emit_parts: index_side,
        })
        .filter(RemoveLongFilter::limit(40))
        .filter(CaseFold)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer)
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

/// Splits text into words: runs of letters and digits, joined by inner hyphens
/// ("cease-fire", "60-day"). The same tokens as the regex
/// `[\p{Alphabetic}\p{N}]+(?:-[\p{Alphabetic}\p{N}]+)*`, written by hand because
/// tantivy's RegexTokenizer spent a quarter of ingest time in the regex engine.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    offset: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            offset: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        let mut i = self.offset;
        // skip to the start of a word
        let start = loop {
            match char_at(text, i) {
                None => {
                    self.offset = i;
                    return false;
                }
                Some((c, _)) if is_word_char(c) => break i,
                Some((_, n)) => i += n,
            }
        };
        // letters and digits, and hyphens that have a letter or digit after them
        loop {
            match char_at(text, i) {
                Some((c, n)) if is_word_char(c) => i += n,
                Some(('-', 1)) if char_at(text, i + 1).is_some_and(|(c, _)| is_word_char(c)) => {
                    i += 1
                }
                _ => break,
            }
        }
        self.offset = i;
        self.token.text.clear();
        self.token.text.push_str(&text[start..i]);
        self.token.offset_from = start;
        self.token.offset_to = i;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Token filter that folds each token as names are folded (see the module doc); an
/// all-lower-case ASCII token, most of them, is left as it is.
#[derive(Clone, Copy)]
pub struct CaseFold;

impl TokenFilter for CaseFold {
    type Tokenizer<T: Tokenizer> = CaseFoldTokenizer<T>;
    fn transform<T: Tokenizer>(self, inner: T) -> CaseFoldTokenizer<T> {
        CaseFoldTokenizer { inner }
    }
}

#[derive(Clone)]
pub struct CaseFoldTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CaseFoldTokenizer<T> {
    type TokenStream<'a> = CaseFoldStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CaseFoldStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

pub struct CaseFoldStream<S> {
    tail: S,
    buffer: String,
}

impl<S: TokenStream> TokenStream for CaseFoldStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token
            .text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return true;
        }
        self.buffer.clear();
        crate::entities::fold::fold_text_into(&token.text, &mut self.buffer);
        std::mem::swap(&mut token.text, &mut self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
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
        // field by field: `Token::clone_from` would allocate a new string for every token,
        // where `String::clone_from` reuses the one `cur` has
        self.cur.offset_from = t.offset_from;
        self.cur.offset_to = t.offset_to;
        self.cur.position = pos;
        self.cur.position_length = t.position_length;
        self.cur.text.clone_from(&t.text);
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
    fn words_are_letters_digits_and_inner_hyphens() {
        let rows: &[(&str, &[&str])] = &[
            (
                "Cease-fire talks; 60-day pause.",
                &["Cease-fire", "talks", "60-day", "pause"],
            ),
            ("-lead trail- a--b x-", &["lead", "trail", "a", "b", "x"]),
            ("Khān Yūnis, café-bar", &["Khān", "Yūnis", "café-bar"]),
            ("U.S. 2024", &["U", "S", "2024"]),
            ("", &[]),
        ];
        for (text, want) in rows {
            let mut tokenizer = WordTokenizer::default();
            let mut stream = tokenizer.token_stream(text);
            let mut got = Vec::new();
            while stream.advance() {
                let t = stream.token();
                assert_eq!(&text[t.offset_from..t.offset_to], t.text);
                got.push(t.text.clone());
            }
            assert_eq!(got, *want, "text {text:?}");
        }
    }

    #[test]
    fn stems_and_lowercases() {
        let got = tokens(true, "Hostages HOSTAGE");
        assert_eq!(got[0].0, "hostag");
        assert_eq!(got[1].0, "hostag");
    }

    #[test]
    fn folds_turkish_i_and_compatibility_forms_as_names_are_folded() {
        for (text, want) in [
            ("İzmir", "izmir"),
            ("İZMİR", "izmir"),
            ("izmir", "izmir"),
            ("Ｔｏｎｙ", "toni"),
            ("Tony", "toni"),
            ("ﬁnance", "financ"),
            ("Zürich", "zurich"),
            ("straße", "strass"),
        ] {
            let got = tokens(false, text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].0, want, "{text}");
        }
    }
}
