//! A stored paragraph as a hit: its entities' names, its snippet with the query's words
//! marked, its date as the output shows it.

use std::ops::Range;

use tantivy::schema::{Field, Value};
use tantivy::snippet::{collapse_overlapped_ranges, SnippetGenerator};
use tantivy::TantivyDocument;

use super::{Hit, Searchable, Snippet};
use crate::entities::Kind;

impl Searchable<'_> {
    /// A stored paragraph as a hit: its snippet from `snippets` (the lead of the paragraph
    /// without one), or with `full` the whole paragraph with the same words marked.
    pub(crate) fn hit(
        &self,
        doc: &TantivyDocument,
        score: Option<f32>,
        snippets: Option<&SnippetGenerator>,
        full: bool,
    ) -> Hit {
        let f = self.fields();
        let text_of = |field| stored_text(doc, field);
        let mentions = text_of(f.mentions)
            .map(|json| crate::index::writer::decode_mentions(&json))
            .unwrap_or_default();
        // the entities' names, not the articles' (a hidden entity is left out)
        let catalog = self.catalog().ok();
        let all = |kind: Kind| -> Vec<String> {
            let mut names: Vec<String> = crate::entities::names_of(&mentions, kind)
                .into_iter()
                .filter_map(
                    |raw| match catalog.as_ref().and_then(|c| c.entity_of(kind, raw)) {
                        Some(id) => {
                            let (name, hidden) = catalog.as_ref()?.name(id);
                            (!hidden).then(|| name.to_string())
                        }
                        None => Some(raw.to_string()),
                    },
                )
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let text = text_of(f.text).unwrap_or_default();
        let snippet = match snippets {
            Some(generator) => {
                let s = generator.snippet(&text);
                if s.is_empty() {
                    lead_snippet(&text, full)
                } else if full {
                    let start = s.fragment_range().start;
                    Snippet {
                        text: text.clone(),
                        highlights: collapse_overlapped_ranges(s.highlighted())
                            .into_iter()
                            .map(|r| r.start + start..r.end + start)
                            .collect(),
                    }
                } else {
                    with_ellipses(&text, s.fragment(), s.fragment_range(), s.highlighted())
                }
            }
            None => lead_snippet(&text, full),
        };
        Hit {
            article_id: text_of(f.article_id).unwrap_or_default(),
            title: text_of(f.title),
            paragraph: doc
                .get_first(f.paragraph)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            score,
            snippet,
            person: all(Kind::Person),
            place: all(Kind::Place),
            org: all(Kind::Org),
            date: stored_date(doc, f.date),
            source: text_of(f.source),
            url: text_of(f.url),
            original_id: text_of(f.long_id),
            text,
            context: Vec::new(),
            more: None,
            also_in: Vec::new(),
        }
    }
}

/// A tantivy snippet with "…" where it cuts the paragraph.
fn with_ellipses(
    text: &str,
    fragment: &str,
    range: Range<usize>,
    highlights: &[Range<usize>],
) -> Snippet {
    let cut = |rest: &str| rest.chars().any(char::is_alphanumeric);
    let (lead, tail) = (cut(&text[..range.start]), cut(&text[range.end..]));
    let shift = if lead { "…".len() } else { 0 };
    let mut out = String::with_capacity(fragment.len() + 6);
    if lead {
        out.push('…');
    }
    out.push_str(fragment);
    if tail {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights: collapse_overlapped_ranges(highlights)
            .into_iter()
            .map(|r| r.start + shift..r.end + shift)
            .collect(),
    }
}

/// The first 200 characters of a paragraph, cut at a word boundary (all of it with
/// `full`).
fn lead_snippet(text: &str, full: bool) -> Snippet {
    const MAX: usize = 200;
    if full || text.len() <= MAX {
        return Snippet {
            text: text.to_string(),
            highlights: Vec::new(),
        };
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(' ').unwrap_or(end);
    Snippet {
        text: format!("{}…", &text[..cut]),
        highlights: Vec::new(),
    }
}

/// A stored text field of a document, if it has one.
pub(crate) fn stored_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// A stored date field of a document, formatted as the output shows it.
pub(crate) fn stored_date(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_datetime())
        .map(|d| format_date(d.into_timestamp_secs()))
}

/// RFC 3339 in UTC, or the date alone when the time is midnight.
pub fn format_date(secs: i64) -> String {
    use time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(dt) if dt.time() == time::Time::MIDNIGHT => {
            format!(
                "{:04}-{:02}-{:02}",
                dt.year(),
                u8::from(dt.month()),
                dt.day()
            )
        }
        Ok(dt) => dt.format(&Rfc3339).unwrap_or_else(|_| secs.to_string()),
        Err(_) => secs.to_string(),
    }
}
