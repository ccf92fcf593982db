//! Untrusted text made safe for a terminal.
//!
//! Article text, titles, entity names and file names come from whoever wrote the input.
//! Printed raw, an escape sequence in them could recolour or retitle the terminal, move the
//! cursor, or hide text; a right-to-left override could make a line read differently from
//! what it holds. [`visible`] turns every such character into something that shows: C0
//! controls into their Unicode control pictures (ESC becomes `␛`), DEL into `␡`, and C1
//! controls and bidirectional overrides into `<U+009B>`-style tags. Tabs and line breaks
//! become spaces, so one record stays on its line.
//!
//! [`Style`] says whether to colour and how wide lines may be; [`Style::wrap`] breaks text
//! into lines of that width with a hanging indent, keeping marked words marked across the
//! break.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::ColorChoice;

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

/// How output for a reader looks: coloured or not, and wrapped to a width or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Columns to wrap at; `None` leaves lines whole (a pipe or a file, unless `COLUMNS`
    /// says otherwise).
    pub width: Option<usize>,
}

/// The narrowest width wrapping goes down to: below it every word would be its own line.
const MIN_WIDTH: usize = 40;

/// A part of a line to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    /// A matched word.
    Match,
    /// A title or a name that heads a hit.
    Heading,
    /// Paragraph numbers, dates, scores, ids.
    Meta,
    /// Labels and context paragraphs.
    Dim,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Match => "\x1b[1;31m",
            Paint::Heading => "\x1b[1m",
            Paint::Meta => "\x1b[32m",
            Paint::Dim => "\x1b[2m",
        }
    }
}

const RESET: &str = "\x1b[0m";

impl Style {
    /// Plain, unwrapped: for tests and files.
    pub const PLAIN: Style = Style {
        color: false,
        width: None,
    };

    /// The style for standard output: colour per `choice` (`auto`: a terminal, `NO_COLOR`
    /// unset or empty, `TERM` not `dumb`), and the terminal's width, or `COLUMNS` when set.
    pub fn for_stdout(choice: ColorChoice) -> Style {
        let terminal = std::io::stdout().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0);
        let width = columns.or_else(|| {
            terminal
                .then(terminal_size::terminal_size)
                .flatten()
                .map(|(w, _)| usize::from(w.0))
        });
        Style {
            color,
            width: width.map(|w| w.max(MIN_WIDTH)),
        }
    }

    /// `text` (untrusted: made [`visible`]) painted when colouring.
    pub fn paint(&self, paint: Paint, text: &str) -> String {
        if self.color {
            format!("{}{}{RESET}", paint.code(), visible(text))
        } else {
            visible(text).into_owned()
        }
    }

    /// `text` with the `marks` (byte ranges, in order) shown as matches: coloured, or in
    /// `[brackets]` without colour; made [`visible`], cut into lines no wider than the
    /// width, the first starting with `first` and the others with `indent` (both counted
    /// in the width). `all` paints the whole text (context paragraphs). Ends with a newline.
    pub fn wrap(
        &self,
        text: &str,
        marks: &[Range<usize>],
        first: &str,
        indent: &str,
        all: Option<Paint>,
    ) -> String {
        // the text as words, each with the byte ranges of it that are marked
        let words = words_of(text);
        let mut out = String::with_capacity(text.len() + 16);
        out.push_str(first);
        let mut column = first.width();
        let mut line_has_word = false;
        for (start, end) in words {
            let word = &text[start..end];
            let mut w = visible(word).width();
            if !self.color {
                // the brackets round matches take columns too
                w += marks
                    .iter()
                    .map(|m| {
                        usize::from((start..end).contains(&m.start))
                            + usize::from(m.end > start && m.end <= end)
                    })
                    .sum::<usize>();
            }
            if let Some(width) = self.width {
                if line_has_word && column + 1 + w > width {
                    out.push('\n');
                    out.push_str(indent);
                    column = indent.width();
                    line_has_word = false;
                }
            }
            if line_has_word {
                out.push(' ');
                column += 1;
            }
            self.push_marked(&mut out, text, start..end, marks, all);
            column += w;
            line_has_word = true;
        }
        out.push('\n');
        out
    }

    /// The bytes `range` of `text`, with the parts inside `marks` shown as matches.
    fn push_marked(
        &self,
        out: &mut String,
        text: &str,
        range: Range<usize>,
        marks: &[Range<usize>],
        all: Option<Paint>,
    ) {
        let mut at = range.start;
        let plain = |out: &mut String, s: &str| match all {
            Some(p) if self.color && !s.is_empty() => {
                out.push_str(p.code());
                out.push_str(&visible(s));
                out.push_str(RESET);
            }
            _ => out.push_str(&visible(s)),
        };
        for m in marks {
            let (s, e) = (m.start.max(range.start), m.end.min(range.end));
            if s >= e || s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            plain(out, &text[at..s]);
            if self.color {
                out.push_str(Paint::Match.code());
                out.push_str(&visible(&text[s..e]));
                out.push_str(RESET);
            } else {
                // one bracket pair per match, even when a line break cuts it
                if s == m.start {
                    out.push('[');
                }
                out.push_str(&visible(&text[s..e]));
                if e == m.end {
                    out.push(']');
                }
            }
            at = e;
        }
        plain(out, &text[at..range.end]);
    }
}

/// The words of `text` as byte ranges: runs of non-whitespace. A match that spans a space
/// (a phrase) keeps its words apart, so lines may break inside it.
fn words_of(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_the_indent_and_the_marks() {
        let style = Style {
            color: false,
            width: Some(40),
        };
        let text = "The hostages were held in Gaza for more than a year, officials said on Monday.";
        let hostages = 4..12;
        let out = style.wrap(
            text,
            std::slice::from_ref(&hostages),
            "  1. ",
            "     ",
            None,
        );
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(lines[0].starts_with("  1. The [hostages] were"), "{out}");
        for line in &lines[1..] {
            assert!(
                line.starts_with("     ") && !line.starts_with("      "),
                "{out}"
            );
        }
        assert!(lines.iter().all(|l| l.width() <= 40), "{out}");
        // no word lost or split
        let words: Vec<&str> = out.split_whitespace().skip(1).collect();
        assert_eq!(
            words.join(" "),
            "The [hostages] were held in Gaza for more than a year, officials said on Monday."
        );
        // unwrapped: one line
        let one = Style::PLAIN.wrap(text, &[], "", "", None);
        assert_eq!(one, format!("{text}\n"));
    }

    #[test]
    fn colour_marks_matches_and_escapes_stay_visible() {
        let style = Style {
            color: true,
            width: None,
        };
        let word = 9..14;
        let out = style.wrap(
            "a \u{1b}[2J b match",
            std::slice::from_ref(&word),
            "",
            "",
            None,
        );
        assert!(out.contains("\x1b[1;31mmatch\x1b[0m"), "{out:?}");
        assert!(out.contains("␛[2J"), "{out:?}");
        assert_eq!(out.matches('\x1b').count(), 2, "{out:?}");
    }

    #[test]
    fn a_long_word_gets_its_own_line() {
        let style = Style {
            color: false,
            width: Some(40),
        };
        let long = "x".repeat(60);
        let out = style.wrap(&format!("a {long} b"), &[], "", "  ", None);
        assert_eq!(out, format!("a\n  {long}\n  b\n"));
    }

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
