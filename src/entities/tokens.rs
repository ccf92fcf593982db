//! Tokens for the recognizer: words and punctuation with byte spans.
//!
//! A word is a run of letters and digits. It keeps inner hyphens ("al-Assad", "cross-border")
//! and inner apostrophes before a letter ("O'Brien"), but not a possessive ("Burns's" is
//! `Burns` + `'s`). A word keeps a trailing dot when it is an initial ("J."), a dotted
//! abbreviation ("U.S.", "D.C.") or a known short form ("Gen.", "Mr.", "Oct."), so such dots
//! do not end a sentence.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// A possessive ending, `'s` or `’s` (or a lone `'` after a plural).
    Possessive,
    Punct,
}

/// A token: its text is `&paragraph[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// A word whose parts an ASCII hyphen joins ("al-Assad", "cross-border").
    pub hyphenated: bool,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// Starts with an upper-case letter.
    #[inline]
    pub fn is_capitalized(&self) -> bool {
        self.is_word()
            && match self.text.as_bytes().first() {
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                _ => self.text.chars().next().is_some_and(char::is_uppercase),
            }
    }

    /// Two or more letters, all upper case ("CIA", "U.N.").
    pub fn is_acronym(&self) -> bool {
        if !self.is_word() {
            return false;
        }
        // ASCII in one pass over the bytes, stopping at the first lower-case letter
        let mut letters = 0;
        for &b in self.text.as_bytes() {
            if b >= 0x80 {
                return self.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !self.text.chars().any(char::is_lowercase);
            }
            if b.is_ascii_lowercase() {
                return false;
            }
            letters += usize::from(b.is_ascii_uppercase());
        }
        letters >= 2
    }

    /// Ends a sentence: `.`, `!`, `?` (or `:` and `;`, which start a new clause).
    pub fn ends_sentence(&self) -> bool {
        // a punctuation token is one character: compare characters, not strings
        self.kind == TokenKind::Punct
            && matches!(
                self.text.chars().next(),
                Some('.' | '!' | '?' | ':' | ';' | '…')
            )
    }
}

/// Short forms that keep their dot (titles, months, company endings), sorted for binary
/// search: every word before a dot is looked up.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Apr", "Aug", "Brig", "Bros", "Capt", "Cmdr", "Co", "Col", "Corp", "Cpl", "Dec",
    "Dr", "Feb", "Fr", "Ft", "Gen", "Gov", "Inc", "Jan", "Jr", "Jul", "Jun", "Lt", "Ltd", "Maj",
    "Mar", "Messrs", "Mr", "Mrs", "Ms", "Mt", "No", "Nov", "Oct", "Pres", "Prof", "Pvt", "Rep",
    "Reps", "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt", "Sr", "St", "Supt", "vs",
];

/// ASCII letters and digits, by byte.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// A letter or digit (ASCII checked first, as most text is ASCII).
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Splits a paragraph into tokens. Whitespace is dropped; every other character that is not
/// part of a word is a punctuation token of its own.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        // most text is ASCII: skip its spaces without decoding a character
        if matches!(bytes[i], b' ' | b'\t'..=b'\r') {
            i += 1;
            continue;
        }
        // an ASCII letter or digit starts a word (most tokens): no decoding, no class checks
        if !ASCII_WORD[usize::from(bytes[i])] {
            let c = next_char(text, i);
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            if !is_word_char(c) {
                // possessive: 's or ’s after a word, not followed by a letter
                if (c == '\'' || c == '\u{2019}')
                    && tokens
                        .last()
                        .is_some_and(|t: &Token| t.is_word() && t.end == i)
                {
                    let after = i + c.len_utf8();
                    let s_follows = possessive_s_at(text, after);
                    let end = if s_follows { after + 1 } else { after };
                    let plural_apostrophe = !s_follows
                        && tokens.last().is_some_and(|t: &Token| t.text.ends_with('s'))
                        && !is_word_char(next_char(text, after));
                    if s_follows || plural_apostrophe {
                        tokens.push(one_piece(text, i, end, TokenKind::Possessive));
                        i = end;
                        continue;
                    }
                }
                let end = i + c.len_utf8();
                tokens.push(one_piece(text, i, end, TokenKind::Punct));
                i = end;
                continue;
            }
        }
        let start = i;
        let mut end = i;
        if bytes[i].is_ascii() {
            // Most words are ASCII and end at a space: then nothing more is to be checked
            // (a space neither joins words nor belongs to one), and the space is skipped
            // with the word.
            end = ascii_word_end(bytes, i);
            if matches!(bytes.get(end), Some(b' ' | b'\n')) {
                tokens.push(one_piece(text, start, end, TokenKind::Word));
                i = end + 1;
                continue;
            }
        }
        let mut hyphenated = false;
        loop {
            // consume letters and digits: ASCII bytes in a tight loop, others by character
            loop {
                end = ascii_word_end(bytes, end);
                if end < bytes.len() && bytes[end] >= 0x80 {
                    let c = next_char(text, end);
                    if is_word_char(c) {
                        end += c.len_utf8();
                        continue;
                    }
                }
                break;
            }
            // only '-', '\'' and the three-byte U+2011 and U+2019 (first byte 0xE2) can join
            if end >= text.len() || !matches!(bytes[end], b'-' | b'\'' | 0xE2) {
                break;
            }
            let c = next_char(text, end);
            let after = end + c.len_utf8();
            let next_is_word = is_word_char(next_char(text, after));
            let joiner = c == '-' || c == '\u{2011}';
            let apostrophe =
                (c == '\'' || c == '\u{2019}') && next_is_word && !possessive_s_at(text, after);
            if (joiner || apostrophe) && next_is_word {
                hyphenated |= c == '-';
                end = after;
                continue;
            }
            break;
        }
        // keep a trailing dot for initials, dotted acronyms and known short forms
        if end < text.len() && bytes[end] == b'.' {
            let word = &text[start..end];
            let mut chars = word.chars();
            let single_letter =
                chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
            if single_letter || word.len() <= 7 && ABBREVIATIONS.binary_search(&word).is_ok() {
                end += 1;
                // dotted acronym: U.S., U.N., D.C.
                while end + 1 < text.len()
                    && bytes[end].is_ascii_alphabetic()
                    && bytes[end + 1] == b'.'
                {
                    end += 2;
                }
            }
        }
        tokens.push(Token {
            text: &text[start..end],
            start,
            end,
            kind: TokenKind::Word,
            hyphenated,
        });
        i = end;
    }
    tokens
}

/// Where the run of ASCII letters and digits that starts at `from` ends.
#[inline]
fn ascii_word_end(bytes: &[u8], from: usize) -> usize {
    from + bytes[from..]
        .iter()
        .position(|&b| !ASCII_WORD[usize::from(b)])
        .unwrap_or(bytes.len() - from)
}

/// A token of one piece at `text[start..end]`: punctuation, a possessive ending, or a word
/// that no hyphen joins.
fn one_piece(text: &str, start: usize, end: usize, kind: TokenKind) -> Token<'_> {
    Token {
        text: &text[start..end],
        start,
        end,
        kind,
        hyphenated: false,
    }
}

/// An `s` that ends a word starts at `i` (after an apostrophe: a possessive).
fn possessive_s_at(text: &str, i: usize) -> bool {
    text[i..].starts_with('s') && !is_word_char(next_char(text, i + 1))
}

/// The character at byte `i` and its length in bytes, if any (ASCII checked first).
#[inline]
pub fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some((b as char, 1)),
        Some(_) => text[i..].chars().next().map(|c| (c, c.len_utf8())),
        None => None,
    }
}

/// The character at byte `i`, or a space past the end.
#[inline]
fn next_char(text: &str, i: usize) -> char {
    char_at(text, i).map_or(' ', |(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text).collect()
    }

    #[test]
    fn table_of_tokens() {
        let rows: &[(&str, &[&str])] = &[
            (
                "CIA Director William J. Burns.",
                &["CIA", "Director", "William", "J.", "Burns", "."],
            ),
            ("Burns's talks", &["Burns", "'s", "talks"]),
            ("Burns’s talks", &["Burns", "’s", "talks"]),
            ("the Israelis' plan", &["the", "Israelis", "'", "plan"]),
            ("O'Brien said", &["O'Brien", "said"]),
            (
                "a U.S. official and the U.N.",
                &["a", "U.S.", "official", "and", "the", "U.N."],
            ),
            ("Bashar al-Assad", &["Bashar", "al-Assad"]),
            ("Gen. Mark Milley", &["Gen.", "Mark", "Milley"]),
            ("Oct. 7 set off", &["Oct.", "7", "set", "off"]),
            ("the war.", &["the", "war", "."]),
            ("“quoted” — ok", &["“", "quoted", "”", "—", "ok"]),
            ("Khān Yūnis", &["Khān", "Yūnis"]),
            ("cross-border attack", &["cross-border", "attack"]),
            (
                "Burns said\nU.S. officials",
                &["Burns", "said", "U.S.", "officials"],
            ),
            ("end of text", &["end", "of", "text"]),
            ("", &[]),
        ];
        for (text, want) in rows {
            assert_eq!(words(text), *want, "text {text:?}");
        }
    }

    #[test]
    fn abbreviations_are_sorted() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn spans_are_exact() {
        let text = "Él dijo: “Sí”, U.S.-based Burns’s.";
        for t in tokenize(text) {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }

    #[test]
    fn kinds() {
        let toks = tokenize("The CIA's U.N. j.");
        assert!(toks[0].is_capitalized() && !toks[0].is_acronym());
        assert!(toks[1].is_acronym());
        assert_eq!(toks[2].kind, TokenKind::Possessive);
        assert!(toks[3].is_acronym());
        assert!(!toks[4].is_capitalized());
    }
}
