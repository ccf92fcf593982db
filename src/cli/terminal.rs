//! Untrusted text made safe for a terminal.
//!
//! Article text, titles, entity names and file names come from whoever wrote the input.
//! Printed raw, an escape sequence in them could recolour or retitle the terminal, move the
//! cursor, or hide text; a right-to-left override could make a line read differently from
//! what it holds. [`visible`] turns every such character into something that shows: C0
//! controls into their Unicode control pictures (ESC becomes `␛`), DEL into `␡`, and C1
//! controls and bidirectional overrides into `<U+009B>`-style tags. Tabs and line breaks
//! become spaces, so one record stays on its line.

use std::borrow::Cow;

/// Whether a character must not reach a terminal as itself.
fn unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// `text` with every control character made visible (see the module doc); borrowed when
/// there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
            }
            '\u{7f}' => out.push('\u{2421}'),
            c if unsafe_char(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_show() {
        let rows: &[(&str, &str)] = &[
            ("plain text, é and 中文", "plain text, é and 中文"),
            ("\u{1b}]0;pwned\u{7}title", "␛]0;pwned␇title"),
            ("red \u{1b}[31mtext\u{1b}[0m", "red ␛[31mtext␛[0m"),
            ("a\tb\nc\rd", "a b c d"),
            ("csi \u{9b}2J", "csi <U+009B>2J"),
            ("abc\u{202e}fed", "abc<U+202E>fed"),
            ("del\u{7f}", "del␡"),
        ];
        for (text, want) in rows {
            assert_eq!(visible(text), *want, "{text:?}");
        }
        assert!(matches!(visible("fine"), Cow::Borrowed(_)));
    }
}
