//! Folding words and names: lower case, no diacritics, one kind of apostrophe.
//!
//! Two strengths. [`fold`] is the recognizer's (its features were learned with it, so it
//! changes only with a retrained model). [`fold_text_into`] and [`fold_name`], for matching
//! what people type against what the index holds (the text analyzer, names across the
//! archive, entity filters), also read compatibility forms as their plain letters
//! (full-width "Ｔｏｎｙ", the ligature "ﬁ") and Turkish dotted and dotless i as i.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::char::{decompose_canonical, decompose_compatible};

/// Appends the folded form of `s` to `out`: "Khān Yūnis" -> "khan yunis", "’" -> "'".
pub fn fold_into(s: &str, out: &mut String) {
    fold_with(s, out, false);
}

/// Appends the matching fold of `s` to `out` (see the module doc): as [`fold_into`], and
/// "İZMİR" -> "izmir", "Ｔｏｎｙ" -> "tony".
pub fn fold_text_into(s: &str, out: &mut String) {
    fold_with(s, out, true);
}

fn fold_with(s: &str, out: &mut String, wide: bool) {
    // ASCII byte by byte (most words are short, where a bulk copy costs more); on the first
    // other byte, start again character by character
    let from = out.len();
    for &b in s.as_bytes() {
        if b >= 0x80 {
            out.truncate(from);
            fold_chars_into(s, out, wide);
            return;
        }
        out.push(char::from(b.to_ascii_lowercase()));
    }
}

fn fold_chars_into(s: &str, out: &mut String, wide: bool) {
    let mut push = |d: char| {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    };
    for c in s.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => push('\''),
            '\u{2010}' | '\u{2011}' | '\u{2013}' => push('-'),
            // dotless i; dotted capital I decomposes to I and a combining dot, dropped
            'ı' if wide => push('i'),
            _ if wide => decompose_compatible(c, &mut push),
            _ => decompose_canonical(c, &mut push),
        }
    }
}

/// The folded form of `s` (the recognizer's, see the module doc).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// The matching fold of `s` (see the module doc).
pub fn fold_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_text_into(s, &mut out);
    out
}

/// Folds a whole name for matching and collapses its spacing, for comparing names typed by
/// users with the names of the archive.
pub fn fold_name(s: &str) -> String {
    let folded = fold_text(s.trim());
    let folded = folded.strip_prefix("the ").unwrap_or(&folded);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        let both = [
            ("Khān Yūnis", "khan yunis"),
            ("BURNS", "burns"),
            ("Burns’s", "burns's"),
            ("Ørsted", "ørsted"),
            ("Zürich", "zurich"),
            ("São Paulo", "sao paulo"),
        ];
        for (input, want) in both {
            assert_eq!(fold(input), want);
            assert_eq!(fold_text(input), want);
        }
        let matching = [
            ("İzmir", "izmir"),
            ("İZMİR", "izmir"),
            ("ızmır", "izmir"),
            ("Ｔｏｎｙ Ｂｌａｉｒ", "tony blair"),
            ("ﬁnance", "finance"),
        ];
        for (input, want) in matching {
            assert_eq!(fold_text(input), want);
        }
        assert_eq!(
            fold("Ｔｏｎｙ"),
            "ｔｏｎｙ",
            "the recognizer's fold is unchanged"
        );
        assert_eq!(fold_name("  The Washington   Post "), "washington post");
        assert_eq!(fold_name("Ｔｏｎｙ  Ｂｌａｉｒ"), "tony blair");
    }
}
