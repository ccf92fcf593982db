//! Rendering results as terminal text or JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::cli::terminal::visible;
use crate::entities::{Kind, Mention};
use crate::ingest::pipeline::{AnalyzedArticle, IngestSummary};
use crate::search::stats::Stats;
use crate::search::FacetValue;

/// Prints a JSON value on one line.
pub fn print_json(out: &mut dyn Write, value: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

pub(crate) fn facets_text(
    out: &mut dyn Write,
    facets: &BTreeMap<Kind, Vec<FacetValue>>,
) -> io::Result<()> {
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
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let rate = if s.seconds > 0.0 {
        (s.bytes as f64 / s.seconds).round() as u64
    } else {
        0
    };
    // size and rate in one unit: the one that shows the larger of them
    let unit = Unit::of(s.bytes.max(rate));
    let mut problems = format!("skipped {}", s.skipped);
    if s.warnings > 0 {
        problems.push_str(&format!(", warnings {}", s.warnings));
    }
    if s.empty > 0 {
        problems.push_str(&format!(", empty {}", s.empty));
    }
    let articles = if s.replaced > 0 {
        format!(
            "{} ({} repeated an id of this run: the last copy is kept)",
            plural(s.articles, "article", "articles"),
            plural(s.replaced, "record", "records")
        )
    } else {
        plural(s.articles, "article", "articles")
    };
    writeln!(
        out,
        "ingested {articles}, {}, {} from {} in {:.2} s ({}/s); {problems} -> {}",
        plural(s.paragraphs, "paragraph", "paragraphs"),
        plural(s.entities, "entity mention", "entity mentions"),
        unit.show(s.bytes),
        s.seconds,
        unit.show(rate),
        index.display()
    )
}

/// A unit for byte counts, chosen so that the number shows: "26.3 KB/s" for one article,
/// where megabytes would read "0.0 MB/s"; "9.3 MB/s" for a corpus.
#[derive(Debug, Clone, Copy)]
enum Unit {
    B,
    Kb,
    Mb,
}

impl Unit {
    fn of(n: u64) -> Unit {
        match n {
            0..=9_999 => Unit::B,
            10_000..=9_999_999 => Unit::Kb,
            _ => Unit::Mb,
        }
    }

    fn show(self, n: u64) -> String {
        match self {
            Unit::B => format!("{n} B"),
            Unit::Kb => format!("{:.1} KB", n as f64 / 1e3),
            Unit::Mb => format!("{:.1} MB", n as f64 / 1e6),
        }
    }
}

pub fn stats_text(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    writeln!(out, "index       {}", s.index)?;
    writeln!(out, "articles    {}", s.articles)?;
    writeln!(out, "paragraphs  {}", s.paragraphs)?;
    for (kind, n) in &s.entities {
        writeln!(out, "{:<11} {n} distinct", kind)?;
    }
    writeln!(
        out,
        "size        {}",
        Unit::of(s.index_bytes).show(s.index_bytes)
    )
}

/// What `check` found, for a terminal.
pub fn check_text(out: &mut dyn Write, r: &crate::index::integrity::CheckReport) -> io::Result<()> {
    for name in &r.damaged {
        writeln!(out, "{}: damaged (checksum does not match)", visible(name))?;
    }
    for e in &r.errors {
        writeln!(out, "{}", visible(e))?;
    }
    for name in &r.rebuilt {
        writeln!(out, "{}: rebuilt from the segments", visible(name))?;
    }
    writeln!(
        out,
        "{}: {} segments, {} files, {}, {} paragraphs: {}",
        visible(&r.index),
        r.segments,
        r.files,
        Unit::of(r.bytes).show(r.bytes),
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
            let hidden = match (e.hidden, e.work) {
                (_, true) if *kind == Kind::Person => "  [hidden: a title, not a person]",
                (_, true) => "  [hidden: a title or a thing, not an organization]",
                (true, false) => "  [hidden]",
                (false, false) => "",
            };
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

/// The `names --json` document: `{"person": [{"name", "count", "hidden", "work" (hidden as
/// the title of a work), "variants":
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
                    "work": e.work,
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
