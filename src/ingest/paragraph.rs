//! Splitting an article body into paragraphs.
//!
//! Paragraphs are blocks separated by blank lines. Inside a block, a line that starts with
//! indentation opens a new paragraph (hard-wrapped wire copy, where paragraphs are marked by
//! an indented first line), and the other line breaks are soft wraps that are joined with a
//! space. Each paragraph keeps the byte span of its lines in the body and a 1-based position.
//!
//! ```
//! use newsindex::ingest::paragraph::split_paragraphs;
//! let body = "First line\nwrapped here.\n\nSecond.";
//! let paras = split_paragraphs(body);
//! assert_eq!(paras[0].text, "First line wrapped here.");
//! assert_eq!(&body[paras[1].span.clone()], "Second.");
//! assert_eq!(paras[1].position, 2);
//! ```

use std::ops::Range;

/// One paragraph of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// 1-based position in the body.
    pub position: u64,
    /// Byte range of the paragraph's lines in the body (without surrounding whitespace).
    pub span: Range<usize>,
    /// The paragraph's text: its lines trimmed and joined by single spaces.
    pub text: String,
}

/// A line of the body with its byte range, without the line terminator.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(body: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in body.split_inclusive('\n') {
        let text = piece.trim_end_matches(['\n', '\r']);
        out.push(Line { start, text });
        start += piece.len();
    }
    out
}

fn is_indented(line: &str) -> bool {
    line.starts_with("  ") || line.starts_with('\t')
}

/// Splits `body` into paragraphs. Empty and whitespace-only bodies give no paragraphs.
pub fn split_paragraphs(body: &str) -> Vec<Paragraph> {
    let mut paras = Vec::new();
    let mut current: Vec<&Line> = Vec::new();
    let all = lines(body);
    for line in &all {
        let blank = line.text.trim().is_empty();
        if blank || (is_indented(line.text) && !current.is_empty()) {
            flush(body, &mut current, &mut paras);
        }
        if !blank {
            current.push(line);
        }
    }
    flush(body, &mut current, &mut paras);
    paras
}

fn flush(body: &str, current: &mut Vec<&Line>, paras: &mut Vec<Paragraph>) {
    let (Some(first), Some(last)) = (current.first(), current.last()) else {
        return;
    };
    let lead = first.text.len() - first.text.trim_start().len();
    let start = first.start + lead;
    let end = last.start + last.text.trim_end().len();
    let mut text = String::with_capacity(end - start);
    for line in current.iter() {
        let t = line.text.trim();
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(t);
    }
    debug_assert!(body.is_char_boundary(start) && body.is_char_boundary(end));
    paras.push(Paragraph {
        position: paras.len() as u64 + 1,
        span: start..end,
        text,
    });
    current.clear();
}

/// Paragraphs longer than this many bytes are split (see [`cap_paragraphs`]).
pub const MAX_PARAGRAPH_BYTES: usize = 100_000;

/// Splits paragraphs longer than `max` bytes into pieces of at most `max` bytes, cut at
/// whitespace where there is some (else at a character boundary), and renumbers the
/// positions. A piece's span is exact when its paragraph was a single line of the body,
/// and the whole paragraph's span otherwise. Returns the paragraphs and how many were split.
pub fn cap_paragraphs(paras: Vec<Paragraph>, body: &str, max: usize) -> (Vec<Paragraph>, usize) {
    let max = max.max(8);
    if paras.iter().all(|p| p.text.len() <= max) {
        return (paras, 0);
    }
    let mut out = Vec::with_capacity(paras.len() + 1);
    let mut split = 0;
    for p in paras {
        if p.text.len() <= max {
            out.push(Paragraph {
                position: out.len() as u64 + 1,
                ..p
            });
            continue;
        }
        split += 1;
        let exact = body.get(p.span.clone()) == Some(p.text.as_str());
        let mut rest = p.text.as_str();
        let mut offset = 0;
        while !rest.is_empty() {
            let mut cut = rest.len().min(max);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if cut < rest.len() {
                if let Some(space) = rest[..cut]
                    .rfind(char::is_whitespace)
                    .filter(|&i| i > max / 2)
                {
                    cut = space;
                }
            }
            let piece = rest[..cut].trim();
            if !piece.is_empty() {
                let start = offset + (rest.len() - rest.trim_start().len()).min(cut);
                let span = if exact {
                    p.span.start + start..p.span.start + start + piece.len()
                } else {
                    p.span.clone()
                };
                out.push(Paragraph {
                    position: out.len() as u64 + 1,
                    span,
                    text: piece.to_string(),
                });
            }
            offset += cut;
            rest = &rest[cut..];
        }
    }
    (out, split)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        split_paragraphs(body).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn table_of_awkward_bodies() {
        let rows: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   \n\n \t \n", &[]),
            ("One.", &["One."]),
            ("One.\n\nTwo.", &["One.", "Two."]),
            ("One.\r\n\r\nTwo.\r\n", &["One.", "Two."]),
            ("\n\n\nOne.\n\n\n\nTwo.\n\n", &["One.", "Two."]),
            ("One line\nwrapped.\n\nTwo.", &["One line wrapped.", "Two."]),
            ("One.\n   \nTwo.", &["One.", "Two."]),
            // wire copy: indented first lines mark paragraphs, no blank lines
            (
                "Showers continued in\nthe zone.\n    The dry period means\nlate.\n    Arrivals rose.",
                &["Showers continued in the zone.", "The dry period means late.", "Arrivals rose."],
            ),
            ("\tTabbed start\ncontinues.\n\tNext.", &["Tabbed start continues.", "Next."]),
            ("Ünïcödé — “quotes”.\n\nZweiter Absatz.", &["Ünïcödé — “quotes”.", "Zweiter Absatz."]),
            ("  Leading indent only.", &["Leading indent only."]),
        ];
        for (body, want) in rows {
            assert_eq!(texts(body), *want, "body {body:?}");
        }
    }

    #[test]
    fn spans_point_into_the_body_and_positions_count_from_one() {
        let body = "\u{feff}Title\r\n\r\nFirst para\r\nwraps.\r\n\r\n  Indented café.\n";
        let paras = split_paragraphs(body);
        assert_eq!(paras.len(), 3);
        assert_eq!(&body[paras[0].span.clone()], "\u{feff}Title");
        assert_eq!(&body[paras[1].span.clone()], "First para\r\nwraps.");
        assert_eq!(&body[paras[2].span.clone()], "Indented café.");
        let positions: Vec<u64> = paras.iter().map(|p| p.position).collect();
        assert_eq!(positions, vec![1, 2, 3]);
    }

    #[test]
    fn oversized_paragraphs_are_split_at_spaces_with_exact_spans() {
        let long = "word ".repeat(50); // 250 bytes
        let body = format!("Short one.\n\n{}\n\nLast.", long.trim());
        let (paras, split) = cap_paragraphs(split_paragraphs(&body), &body, 100);
        assert_eq!(split, 1);
        assert!(paras.len() >= 5, "{paras:?}");
        for (i, p) in paras.iter().enumerate() {
            assert_eq!(p.position, i as u64 + 1);
            assert!(p.text.len() <= 100);
            assert_eq!(&body[p.span.clone()], p.text);
        }
        assert_eq!(paras.last().unwrap().text, "Last.");
        // no whitespace at all: cut at character boundaries
        let body = "é".repeat(100);
        let (paras, split) = cap_paragraphs(split_paragraphs(&body), &body, 15);
        assert_eq!(split, 1);
        assert_eq!(
            paras.iter().map(|p| p.text.len()).sum::<usize>(),
            body.len()
        );
        assert!(paras.iter().all(|p| p.text.len() <= 15));
    }

    #[test]
    fn single_line_paragraph_text_equals_its_span() {
        let body = "Alpha beta.\n\nGamma delta.";
        for p in split_paragraphs(body) {
            assert_eq!(p.text, &body[p.span.clone()]);
        }
    }
}
