//! Rendering paragraphs for a reader or a script: `query` hits (text, JSON, JSON Lines,
//! CSV), `show` (one article whole) and `list` (the articles).

use std::io::{self, Write};
use std::ops::Range;

use crate::cli::terminal::{visible, Paint, Style};
use crate::search::json::hit_json;
use crate::search::reading::ArticleList;
use crate::search::{Hit, SearchResult};

/// The hanging indent of everything under a hit's heading.
const INDENT: &str = "     ";

/// `query --jsonl`: one hit a line.
pub fn query_jsonl(out: &mut dyn Write, result: &SearchResult) -> io::Result<()> {
    for hit in &result.hits {
        serde_json::to_writer(&mut *out, &hit_json(hit))?;
        writeln!(out)?;
    }
    Ok(())
}

/// The columns of `query --csv`.
const CSV_COLUMNS: [&str; 11] = [
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

/// `query --csv`: a header row, then one row a hit (RFC 4180: every field quoted, quotes
/// doubled, CRLF line ends). Several names in one cell are separated by "; ". A cell that
/// a spreadsheet would run as a formula (starting with = + - @ or a tab) starts with a `'`.
pub fn query_csv(out: &mut dyn Write, result: &SearchResult) -> io::Result<()> {
    csv_row(out, CSV_COLUMNS.iter().map(|c| c.to_string()))?;
    for hit in &result.hits {
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
        )?;
    }
    Ok(())
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

/// What heads a hit: its title, else the file name of its source, else its id.
fn label(hit: &Hit) -> &str {
    if let Some(title) = hit.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return title;
    }
    if let Some(source) = hit.source.as_deref().filter(|s| !s.trim().is_empty()) {
        return std::path::Path::new(source)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(source);
    }
    &hit.article_id
}

/// The entity lines of a paragraph (`person: A, B · place: C`), wrapped under `indent`;
/// empty when it names none.
fn entity_lines(hit: &Hit, style: &Style, indent: &str) -> String {
    let mut parts = Vec::new();
    for (label, names) in [
        ("person", &hit.person),
        ("place", &hit.place),
        ("org", &hit.org),
    ] {
        if !names.is_empty() {
            parts.push(format!("{label}: {}", names.join(", ")));
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    style.wrap(&parts.join(" · "), &[], indent, indent, None)
}

/// What the entity filters resolved to, when that is not what was typed.
fn resolutions_text(out: &mut dyn Write, result: &SearchResult) -> io::Result<()> {
    for r in &result.resolutions {
        if r.names.len() > 1 {
            let list: Vec<String> = r
                .matches
                .iter()
                .map(|m| format!("{} ({})", m.name, m.count))
                .collect();
            writeln!(
                out,
                "--{} {:?} matches {}: {}",
                r.kind,
                r.asked,
                r.names.len(),
                visible(&list.join(", "))
            )?;
        } else if r.names.is_empty() {
            writeln!(
                out,
                "--{} {:?} matches no {} in the index",
                r.kind, r.asked, r.kind
            )?;
        } else if r.names[0] != r.asked {
            writeln!(out, "--{} {:?} means {:?}", r.kind, r.asked, r.names[0])?;
        }
    }
    Ok(())
}

/// Human-readable query results: a count, then each hit with its heading (rank, title or
/// file name, paragraph, date, score), its id, its snippet or whole paragraph (with the
/// paragraphs around it when asked), and its entities, wrapped to the style's width.
pub fn query_text(
    out: &mut dyn Write,
    query: Option<&str>,
    result: &SearchResult,
    offset: usize,
    style: &Style,
) -> io::Result<()> {
    resolutions_text(out, result)?;
    let what = match query {
        Some(q) if !q.trim().is_empty() => format!("matching {:?}", visible(q)),
        _ => "selected".to_string(),
    };
    let plural = if result.total == 1 {
        "paragraph"
    } else {
        "paragraphs"
    };
    if result.hits.is_empty() {
        writeln!(out, "{} {plural} {what}", result.total)?;
    } else {
        writeln!(
            out,
            "{} {plural} {what}, showing {}-{}",
            result.total,
            offset + 1,
            offset + result.hits.len()
        )?;
    }
    for (i, hit) in result.hits.iter().enumerate() {
        writeln!(out)?;
        let rank = format!("{:>3}. ", offset + i + 1);
        let mut heading = format!("{} · ¶{}", label(hit), hit.paragraph);
        if let Some(d) = &hit.date {
            heading.push_str(&format!(" · {d}"));
        }
        if let Some(s) = hit.score {
            heading.push_str(&format!(" · {s:.3}"));
        }
        out.write_all(
            style
                .wrap(&heading, &[], &rank, INDENT, Some(Paint::Heading))
                .as_bytes(),
        )?;
        if label(hit) != hit.article_id {
            let id = format!("id {}", hit.article_id);
            out.write_all(
                style
                    .wrap(&id, &[], INDENT, INDENT, Some(Paint::Dim))
                    .as_bytes(),
            )?;
        }
        let (before, after): (Vec<_>, Vec<_>) = hit
            .context
            .iter()
            .partition(|c| c.paragraph < hit.paragraph);
        for c in &before {
            context_text(out, c.paragraph, &c.text, style)?;
        }
        let marks: &[Range<usize>] = &hit.snippet.highlights;
        let lead = if hit.context.is_empty() {
            INDENT.to_string()
        } else {
            format!("   » {:<4}", format!("¶{}", hit.paragraph))
        };
        let indent = if hit.context.is_empty() {
            INDENT.to_string()
        } else {
            " ".repeat(lead.chars().count())
        };
        out.write_all(
            style
                .wrap(&hit.snippet.text, marks, &lead, &indent, None)
                .as_bytes(),
        )?;
        for c in &after {
            context_text(out, c.paragraph, &c.text, style)?;
        }
        out.write_all(entity_lines(hit, style, INDENT).as_bytes())?;
    }
    if let Some(facets) = &result.facets {
        writeln!(out)?;
        writeln!(out, "Facets over all {} matching paragraphs:", result.total)?;
        crate::cli::output::facets_text(out, facets)?;
    }
    Ok(())
}

/// A paragraph around a hit, dimmed.
fn context_text(out: &mut dyn Write, paragraph: u64, text: &str, style: &Style) -> io::Result<()> {
    let lead = format!("     {:<4}", format!("¶{paragraph}"));
    let indent = " ".repeat(lead.chars().count());
    out.write_all(
        style
            .wrap(text, &[], &lead, &indent, Some(Paint::Dim))
            .as_bytes(),
    )
}

/// `show`: the article's title and details, then every paragraph, numbered, with its
/// entities; `mark` is the paragraph to point out.
pub fn article_text(
    out: &mut dyn Write,
    paragraphs: &[Hit],
    mark: Option<u64>,
    style: &Style,
) -> io::Result<()> {
    let Some(first) = paragraphs.first() else {
        return Ok(());
    };
    writeln!(out, "{}", style.paint(Paint::Heading, label(first)))?;
    let mut details = vec![format!("id {}", first.article_id)];
    for value in [&first.date, &first.source, &first.url]
        .into_iter()
        .flatten()
    {
        details.push(value.clone());
    }
    if let Some(id) = &first.original_id {
        details.push(format!("original id {id}"));
    }
    out.write_all(
        style
            .wrap(&details.join(" · "), &[], "", "", Some(Paint::Dim))
            .as_bytes(),
    )?;
    for p in paragraphs {
        writeln!(out)?;
        let marked = mark == Some(p.paragraph);
        let number = format!("¶{}", p.paragraph);
        let lead = format!(
            "{} {} ",
            if marked { "»" } else { " " },
            style.paint(Paint::Meta, &format!("{number:<4}"))
        );
        let indent = " ".repeat(7);
        let whole = 0..p.text.len();
        let marks: &[Range<usize>] = if marked {
            std::slice::from_ref(&whole)
        } else {
            &[]
        };
        let body = if marked && !style.color {
            // without colour, the » says it; brackets round a paragraph would only clutter
            style.wrap(&p.text, &[], &lead, &indent, None)
        } else {
            style.wrap(&p.text, marks, &lead, &indent, None)
        };
        out.write_all(body.as_bytes())?;
        out.write_all(entity_lines(p, style, &indent).as_bytes())?;
    }
    Ok(())
}

/// `list`: one article a line: id, date, paragraphs, title (or source).
pub fn list_text(out: &mut dyn Write, list: &ArticleList, style: &Style) -> io::Result<()> {
    for a in &list.articles {
        let name = a
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .or(a.source.as_deref())
            .unwrap_or("-");
        let date = a
            .date
            .as_deref()
            .map(|d| d.get(..10).unwrap_or(d))
            .unwrap_or("-");
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            style.paint(Paint::Meta, &a.article_id),
            date,
            a.paragraphs,
            style.paint(Paint::Heading, name)
        )?;
    }
    Ok(())
}
