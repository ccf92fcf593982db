//! Result sets as files: CSV and JSON Lines, one row a hit, written the same way by
//! `query --csv`/`--jsonl` and by the HTTP API's `format=csv|jsonl`.

use std::io::{self, Write};

use super::json::hit_json;
use super::Hit;

/// The columns of a CSV export.
pub const CSV_COLUMNS: [&str; 11] = [
    "article_id",
    "paragraph",
    "score",
    "date",
    "title",
    "source",
    "url",
    "person",
    "place",
    "org",
    "text",
];

/// The header row of a CSV export.
pub fn csv_header(out: &mut dyn Write) -> io::Result<()> {
    csv_row(out, CSV_COLUMNS.iter().map(|c| c.to_string()))
}

/// One hit as a CSV row (RFC 4180: every field quoted, quotes doubled, CRLF line ends).
/// Several names in one cell are separated by "; ". A cell that a spreadsheet would run as
/// a formula (starting with = + - @ or a tab) starts with a `'`.
pub fn csv_hit(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let score = hit.score.map(|s| format!("{s:.4}")).unwrap_or_default();
    csv_row(
        out,
        [
            hit.article_id.clone(),
            hit.paragraph.to_string(),
            score,
            hit.date.clone().unwrap_or_default(),
            hit.title.clone().unwrap_or_default(),
            hit.source.clone().unwrap_or_default(),
            hit.url.clone().unwrap_or_default(),
            hit.person.join("; "),
            hit.place.join("; "),
            hit.org.join("; "),
            hit.text.clone(),
        ]
        .into_iter(),
    )
}

/// One hit as a line of JSON.
pub fn jsonl_hit(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &hit_json(hit))?;
    writeln!(out)
}

fn csv_row(out: &mut dyn Write, cells: impl Iterator<Item = String>) -> io::Result<()> {
    let mut line = String::new();
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push('"');
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            line.push('\'');
        }
        line.push_str(&cell.replace('"', "\"\""));
        line.push('"');
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}
