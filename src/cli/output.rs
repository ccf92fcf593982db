//! Rendering results as terminal text or JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::cli::terminal::visible;
use crate::entities::{Kind, Mention};
use crate::ingest::pipeline::{AnalyzedArticle, IngestSummary};
use crate::search::{FacetValue, Hit, SearchResult, Snippet};

/// How to mark highlighted words in terminal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI bold (for a terminal).
    Color,
    /// `[word]` (for pipes and files).
    Plain,
}

impl Style {
    /// Color when stdout is a terminal and NO_COLOR is not set.
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Style::Color
        } else {
            Style::Plain
        }
    }

    fn wrap(self) -> (&'static str, &'static str) {
        match self {
            Style::Color => ("\x1b[1;33m", "\x1b[0m"),
            Style::Plain => ("[", "]"),
        }
    }
}

fn marked(snippet: &Snippet, open: &str, close: &str, escape: bool) -> String {
    let push = |out: &mut String, s: &str| {
        if escape {
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    _ => out.push(c),
                }
            }
        } else {
            out.push_str(&visible(s));
        }
    };
    let mut out = String::with_capacity(snippet.text.len() + 16);
    let mut at = 0;
    for r in &snippet.highlights {
        if r.start < at || r.end > snippet.text.len() {
            continue;
        }
        push(&mut out, &snippet.text[at..r.start]);
        out.push_str(open);
        push(&mut out, &snippet.text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    push(&mut out, &snippet.text[at..]);
    out
}

/// The snippet as HTML-escaped text with `<b>` around matched words (the JSON form).
pub fn snippet_html(snippet: &Snippet) -> String {
    marked(snippet, "<b>", "</b>", true)
}

fn hit_json(hit: &Hit) -> Value {
    let mut doc = json!({
        "article_id": hit.article_id,
        "title": hit.title,
        "paragraph": hit.paragraph,
        // f32 scores printed as f64 carry noise digits; four decimals say all there is
        "score": hit.score.map(|s| (f64::from(s) * 1e4).round() / 1e4),
        "text": hit.text,
        "snippet": snippet_html(&hit.snippet),
        "person": hit.person,
        "place": hit.place,
        "org": hit.org,
        "date": hit.date,
        "source": hit.source,
        "url": hit.url,
    });
    if let Some(id) = &hit.original_id {
        doc["original_id"] = json!(id);
    }
    doc
}

fn facets_json(facets: &BTreeMap<Kind, Vec<FacetValue>>) -> Value {
    let mut map = serde_json::Map::new();
    for (kind, values) in facets {
        map.insert(kind.as_str().to_string(), json!(values));
    }
    Value::Object(map)
}

/// The `query --json` document.
pub fn query_json(query: Option<&str>, result: &SearchResult) -> Value {
    let mut doc = json!({
        "query": query.unwrap_or(""),
        "total": result.total,
        "hits": result.hits.iter().map(hit_json).collect::<Vec<_>>(),
        "filters": result.resolutions,
    });
    if let Some(f) = &result.facets {
        doc["facets"] = facets_json(f);
    }
    doc
}

/// Prints a JSON value on one line.
pub fn print_json(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Human-readable query results.
pub fn query_text(
    out: &mut dyn Write,
    query: Option<&str>,
    result: &SearchResult,
    offset: usize,
    style: Style,
) -> io::Result<()> {
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
    let what = match query {
        Some(q) if !q.trim().is_empty() => format!("matching {q:?}"),
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
    let (open, close) = style.wrap();
    for (i, hit) in result.hits.iter().enumerate() {
        writeln!(out)?;
        let score = hit.score.map(|s| format!("{s:.3}  ")).unwrap_or_default();
        let name = visible(hit.title.as_deref().unwrap_or(&hit.article_id));
        let date = hit
            .date
            .as_deref()
            .map(|d| format!("  {d}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:>3}. {score}{name} ¶{}{date}",
            offset + i + 1,
            hit.paragraph
        )?;
        if hit.title.is_some() {
            writeln!(out, "     id {}", visible(&hit.article_id))?;
        }
        writeln!(out, "     {}", marked(&hit.snippet, open, close, false))?;
        let mut parts = Vec::new();
        for (label, names) in [
            ("person", &hit.person),
            ("place", &hit.place),
            ("org", &hit.org),
        ] {
            if !names.is_empty() {
                parts.push(format!("{label}: {}", visible(&names.join(", "))));
            }
        }
        if !parts.is_empty() {
            writeln!(out, "     {}", parts.join(" · "))?;
        }
    }
    if let Some(facets) = &result.facets {
        writeln!(out)?;
        writeln!(out, "Facets over all {} matching paragraphs:", result.total)?;
        facets_text(out, facets)?;
    }
    Ok(())
}

fn facets_text(out: &mut dyn Write, facets: &BTreeMap<Kind, Vec<FacetValue>>) -> io::Result<()> {
    for (kind, values) in facets {
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("{} ({})", visible(&v.name), v.count))
            .collect();
        let list = if list.is_empty() {
            "-".to_string()
        } else {
            list.join(", ")
        };
        writeln!(out, "  {:<7} {list}", format!("{kind}:"))?;
    }
    Ok(())
}

/// The `entities` listing.
pub fn entities_text(
    out: &mut dyn Write,
    facets: &BTreeMap<Kind, Vec<FacetValue>>,
    total: usize,
) -> io::Result<()> {
    writeln!(out, "over {total} paragraphs")?;
    for (kind, values) in facets {
        writeln!(out)?;
        writeln!(out, "{kind}")?;
        if values.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for v in values {
            writeln!(out, "  {:>6}  {}", v.count, visible(&v.name))?;
        }
    }
    Ok(())
}

/// The `entities --json` document.
pub fn entities_json(
    query: Option<&str>,
    facets: &BTreeMap<Kind, Vec<FacetValue>>,
    total: usize,
) -> Value {
    let mut doc = facets_json(facets);
    doc["query"] = json!(query);
    doc["paragraphs"] = json!(total);
    doc
}

/// One `extract --json` line per paragraph.
pub fn extract_json(article: &AnalyzedArticle) -> Vec<Value> {
    article
        .paragraphs
        .iter()
        .zip(&article.mentions)
        .map(|(p, mentions)| {
            json!({
                "article_id": article.article_id,
                "paragraph": p.position,
                "text": p.text,
                "entities": mentions.iter().map(|m| mention_json(&p.text, m)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn mention_json(text: &str, m: &Mention) -> Value {
    json!({
        "kind": m.kind,
        "name": m.name,
        "mention": text.get(m.start..m.end).unwrap_or(""),
        "start": m.start,
        "end": m.end,
    })
}

/// Human-readable `extract` output.
pub fn extract_text(out: &mut dyn Write, article: &AnalyzedArticle) -> io::Result<()> {
    let name = visible(
        article
            .article
            .title
            .as_deref()
            .unwrap_or(&article.article_id),
    );
    writeln!(out, "{name} ({} paragraphs)", article.paragraphs.len())?;
    for (p, mentions) in article.paragraphs.iter().zip(&article.mentions) {
        let mut seen: Vec<String> = Vec::new();
        for m in mentions {
            let mention = p.text.get(m.start..m.end).unwrap_or("");
            let line = if mention == m.name {
                format!("{} {}", m.kind, m.name)
            } else {
                format!("{} {} (\"{mention}\")", m.kind, m.name)
            };
            if !seen.contains(&line) {
                seen.push(line);
            }
        }
        let list = if seen.is_empty() {
            "-".to_string()
        } else {
            seen.join("; ")
        };
        writeln!(out, "  ¶{:<3} {}", p.position, visible(&list))?;
    }
    Ok(())
}

/// The end-of-ingest summary line.
pub fn ingest_text(
    out: &mut dyn Write,
    s: &IngestSummary,
    index: &std::path::Path,
) -> io::Result<()> {
    writeln!(
        out,
        "ingested {} {}, {} paragraphs, {} entity mentions from {} in {:.2} s ({}); skipped {}{} -> {}",
        s.articles,
        if s.articles == 1 { "article" } else { "articles" },
        s.paragraphs,
        s.entities,
        human_bytes(s.bytes),
        s.seconds,
        human_rate(s.bytes, s.seconds),
        s.skipped,
        if s.warnings > 0 { format!(", warnings {}", s.warnings) } else { String::new() },
        index.display()
    )
}

/// Bytes per second in the unit that shows them: "26.3 KB/s" for one article, where
/// megabytes would read "0.0 MB/s"; "9.3 MB/s" for a corpus.
fn human_rate(bytes: u64, seconds: f64) -> String {
    let per_second = if seconds > 0.0 {
        (bytes as f64 / seconds).round() as u64
    } else {
        0
    };
    format!("{}/s", human_bytes(per_second))
}

fn human_bytes(n: u64) -> String {
    match n {
        0..=9_999 => format!("{n} B"),
        10_000..=9_999_999 => format!("{:.1} KB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

/// Index statistics.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    pub articles: u64,
    pub paragraphs: u64,
    pub entities: BTreeMap<String, u64>,
    pub index_bytes: u64,
    pub index: String,
}

pub fn stats_text(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    writeln!(out, "index       {}", s.index)?;
    writeln!(out, "articles    {}", s.articles)?;
    writeln!(out, "paragraphs  {}", s.paragraphs)?;
    for (kind, n) in &s.entities {
        writeln!(out, "{:<11} {n} distinct", kind)?;
    }
    writeln!(out, "size        {}", human_bytes(s.index_bytes))
}

/// What `check` found, for a terminal.
pub fn check_text(out: &mut dyn Write, r: &crate::index::integrity::CheckReport) -> io::Result<()> {
    for name in &r.damaged {
        writeln!(out, "{}: damaged (checksum does not match)", visible(name))?;
    }
    for e in &r.errors {
        writeln!(out, "{}", visible(e))?;
    }
    writeln!(
        out,
        "{}: {} segments, {} files, {}, {} paragraphs: {}",
        visible(&r.index),
        r.segments,
        r.files,
        human_bytes(r.bytes),
        r.paragraphs,
        if r.ok() { "ok" } else { "DAMAGED" }
    )
}

/// The `names` listing: each kind's entities, most mentioned first, with their variants.
pub fn names_text(
    out: &mut dyn Write,
    listing: &BTreeMap<Kind, Vec<crate::archive::catalog::EntityInfo>>,
) -> io::Result<()> {
    let mut first = true;
    for (kind, entities) in listing {
        if !first {
            writeln!(out)?;
        }
        first = false;
        writeln!(out, "{kind}")?;
        if entities.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for e in entities {
            let hidden = if e.hidden { "  [hidden]" } else { "" };
            let variants: Vec<String> = e
                .variants
                .iter()
                .map(|(k, name, count)| {
                    if k == kind {
                        format!("{name} {count}")
                    } else {
                        format!("{name} ({k}) {count}")
                    }
                })
                .collect();
            let also = if e.variants.len() > 1 || e.variants.first().is_some_and(|v| v.1 != e.name)
            {
                format!("  = {}", variants.join(", "))
            } else {
                String::new()
            };
            writeln!(
                out,
                "  {:>6}  {}{hidden}{}",
                e.count,
                visible(&e.name),
                visible(&also)
            )?;
        }
    }
    Ok(())
}

/// The `names --json` document: `{"person": [{"name", "count", "hidden", "variants":
/// [{"name", "kind", "count"}]}], ...}`.
pub fn names_json(listing: &BTreeMap<Kind, Vec<crate::archive::catalog::EntityInfo>>) -> Value {
    let mut doc = serde_json::Map::new();
    for (kind, entities) in listing {
        let list: Vec<Value> = entities
            .iter()
            .map(|e| {
                json!({
                    "name": e.name,
                    "count": e.count,
                    "hidden": e.hidden,
                    "variants": e.variants.iter().map(|(k, name, count)| json!({
                        "name": name, "kind": k, "count": count,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        doc.insert(kind.as_str().to_string(), Value::Array(list));
    }
    Value::Object(doc)
}
