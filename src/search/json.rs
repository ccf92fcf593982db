//! The JSON documents of results: what the CLI prints with `--json` and what the HTTP API
//! answers are built here, from the same result types, so the two cannot differ.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::histogram::Timeline;
use super::profile::Profile;
use super::{FacetValue, Hit, SearchResult, Snippet};
use crate::entities::Kind;

/// The snippet as HTML-escaped text with `<b>` around matched words (the JSON form).
pub fn snippet_html(snippet: &Snippet) -> String {
    let mut out = String::with_capacity(snippet.text.len() + 16);
    let push = |out: &mut String, s: &str| {
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                _ => out.push(c),
            }
        }
    };
    let mut at = 0;
    for r in &snippet.highlights {
        if r.start < at
            || r.end > snippet.text.len()
            || !snippet.text.is_char_boundary(r.start)
            || !snippet.text.is_char_boundary(r.end)
        {
            continue;
        }
        push(&mut out, &snippet.text[at..r.start]);
        out.push_str("<b>");
        push(&mut out, &snippet.text[r.clone()]);
        out.push_str("</b>");
        at = r.end;
    }
    push(&mut out, &snippet.text[at..]);
    out
}

/// A hit as JSON: the fields of the `query --json` contract.
pub fn hit_json(hit: &Hit) -> Value {
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
    if !hit.context.is_empty() {
        doc["context"] = json!(hit.context);
    }
    if let Some(more) = hit.more {
        doc["more"] = json!(more);
        doc["also_in"] = json!(hit.also_in);
    }
    doc
}

pub fn facets_json(facets: &BTreeMap<Kind, Vec<FacetValue>>) -> Value {
    let mut map = serde_json::Map::new();
    for (kind, values) in facets {
        map.insert(kind.to_string(), json!(values));
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
    if let Some(s) = &result.suggestion {
        doc["did_you_mean"] = json!(s);
    }
    if !result.exclusions.is_empty() {
        doc["excluded"] = json!(result.exclusions);
    }
    if let Some(f) = &result.facets {
        doc["facets"] = facets_json(f);
    }
    if let Some(h) = &result.histogram {
        add_timeline(&mut doc, h);
    }
    if result.hits.iter().any(|h| h.more.is_some()) || result.articles.is_some() {
        doc["articles"] = json!(result.articles);
        doc["more_articles"] = json!(result.more_articles);
    }
    if !result.warnings.is_empty() {
        doc["warnings"] = json!(result.warnings);
    }
    doc
}

/// `show --json`: the article's fields once, and its paragraphs.
pub fn article_json(paragraphs: &[Hit]) -> Value {
    let Some(first) = paragraphs.first() else {
        return json!({});
    };
    let mut doc = json!({
        "article_id": first.article_id,
        "title": first.title,
        "date": first.date,
        "source": first.source,
        "url": first.url,
        "paragraphs": paragraphs.iter().map(|p| json!({
            "paragraph": p.paragraph,
            "text": p.text,
            "person": p.person,
            "place": p.place,
            "org": p.org,
        })).collect::<Vec<_>>(),
    });
    if let Some(id) = &first.original_id {
        doc["original_id"] = json!(id);
    }
    doc
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

/// An entity's profile (`GET /api/entity`).
pub fn profile_json(p: &Profile) -> Value {
    let mut doc = json!({
        "kind": p.kind,
        "name": p.name,
        "count": p.count,
        "variants": p.variants,
        "related": facets_json(&p.related),
        "paragraphs": p.paragraphs.iter().map(hit_json).collect::<Vec<_>>(),
        "others": p.others,
    });
    if let Some(h) = &p.histogram {
        add_timeline(&mut doc, h);
    }
    doc
}

/// A timeline's fields in a document: `histogram` (the buckets), `interval`, `undated`.
fn add_timeline(doc: &mut Value, h: &Timeline) {
    doc["histogram"] = json!(h.buckets);
    doc["interval"] = json!(h.interval);
    doc["undated"] = json!(h.undated);
}
