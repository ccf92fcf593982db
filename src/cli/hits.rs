//! Rendering paragraphs for a reader or a script: `query` hits (text, JSON, JSON Lines,
//! CSV), `show` (one article whole) and `list` (the articles).

use std::io::{self, Write};
use std::ops::Range;

use crate::cli::terminal::{visible, Paint, Style};
use crate::search::export;
use crate::search::histogram::{Interval, Timeline};
use crate::search::reading::ArticleList;
use crate::search::{Hit, SearchResult};

/// The hanging indent of everything under a hit's heading.
const INDENT: &str = "     ";

/// `query --jsonl`: one hit a line.
pub fn query_jsonl(out: &mut dyn Write, result: &SearchResult) -> io::Result<()> {
    for hit in &result.hits {
        export::jsonl_hit(out, hit)?;
    }
    Ok(())
}

/// `query --csv`: a header row, then one row a hit (see [`export::csv_hit`]).
pub fn query_csv(out: &mut dyn Write, result: &SearchResult) -> io::Result<()> {
    export::csv_header(out)?;
    for hit in &result.hits {
        export::csv_hit(out, hit)?;
    }
    Ok(())
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
    for r in &result.exclusions {
        if r.names.is_empty() {
            writeln!(
                out,
                "--not-{} {:?} matches no {} in the index",
                r.kind, r.asked, r.kind
            )?;
        } else {
            writeln!(
                out,
                "--not-{} {:?} leaves out {}",
                r.kind,
                r.asked,
                visible(&r.names.join(", "))
            )?;
        }
    }
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
    let grouped = result.articles.is_some() || result.hits.iter().any(|h| h.more.is_some());
    if grouped {
        let articles = match result.articles {
            Some(n) => format!(" in {n} article{}", if n == 1 { "" } else { "s" }),
            None => String::new(),
        };
        let shown = if result.hits.is_empty() {
            String::new()
        } else {
            format!(
                ", showing articles {}-{}{}",
                offset + 1,
                offset + result.hits.len(),
                if result.more_articles {
                    " (more follow)"
                } else {
                    ""
                }
            )
        };
        writeln!(out, "{} {plural} {what}{articles}{shown}", result.total)?;
    } else if result.hits.is_empty() {
        writeln!(out, "{} {plural} {what}", result.total)?;
        if let Some(s) = &result.suggestion {
            writeln!(out, "did you mean {:?}?", visible(s))?;
        }
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
        if let Some(more) = hit.more.filter(|&m| m > 0) {
            let line = format!("+{more} more matching paragraph{}", plural_s(more));
            out.write_all(
                style
                    .wrap(&line, &[], INDENT, INDENT, Some(Paint::Dim))
                    .as_bytes(),
            )?;
        }
        if !hit.also_in.is_empty() {
            let ids: Vec<String> = hit
                .also_in
                .iter()
                .map(|id| visible(id).into_owned())
                .collect();
            let line = format!(
                "also word for word in {} other article{}: {}",
                ids.len(),
                plural_s(ids.len() as u64),
                ids.join(", ")
            );
            out.write_all(
                style
                    .wrap(&line, &[], INDENT, INDENT, Some(Paint::Dim))
                    .as_bytes(),
            )?;
        }
    }
    if let Some(h) = &result.histogram {
        writeln!(out)?;
        histogram_text(out, h)?;
    }
    if let Some(facets) = &result.facets {
        writeln!(out)?;
        writeln!(out, "Facets over all {} matching paragraphs:", result.total)?;
        crate::cli::output::facets_text(out, facets)?;
    }
    Ok(())
}

fn plural_s(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The matches over time, a bar a line scaled to the largest bucket:
/// `1987-03  ████████████  409`.
fn histogram_text(out: &mut dyn Write, h: &Timeline) -> io::Result<()> {
    const WIDTH: u64 = 40;
    let sum: u64 = h.buckets.iter().map(|b| b.count).sum();
    writeln!(out, "Matches by {} ({sum} dated):", h.interval.as_str())?;
    let max = h.buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    for b in &h.buckets {
        let label = match h.interval {
            Interval::Day => &b.start[..],
            Interval::Month => &b.start[..7],
            Interval::Year => &b.start[..4],
        };
        let bar = "█".repeat(b.count.saturating_mul(WIDTH).div_ceil(max) as usize);
        writeln!(out, "  {label:<10} {bar} {}", b.count)?;
    }
    if h.undated > 0 {
        writeln!(out, "  {:<10} {}", "undated", h.undated)?;
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
