//! One stored paragraph as the document an engine loads: its fields, its entities by their
//! canonical names after the user's corrections (hidden ones left out), every name those
//! entities go by (folded, so that a surname finds the person as in newsindex), and the
//! paragraph's words as newsindex analyzes them (lowercased, accents folded, stemmed).

use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};
use tantivy::schema::Value as _;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::TantivyDocument;

use crate::archive::group::aliases_by_name;
use crate::archive::Catalog;
use crate::entities::fold::fold_name;
use crate::entities::Kind;
use crate::index::Fields;
use crate::search::{stored_date, stored_text};

/// What an entity contributes to a document: its name (`None` when hidden) and the
/// folded names it goes by.
struct Shown {
    name: Option<String>,
    names: Vec<String>,
}

/// Makes documents, remembering what each entity contributes.
pub struct Documents<'a> {
    catalog: &'a Catalog,
    fields: Fields,
    analyzer: TextAnalyzer,
    entities: FxHashMap<u32, Shown>,
}

impl<'a> Documents<'a> {
    pub fn new(catalog: &'a Catalog, fields: Fields) -> Documents<'a> {
        Documents {
            catalog,
            fields,
            // the index side: a hyphenated word also as its parts, so that `stems:minist`
            // finds "ex-minister" as `text:minister` does
            analyzer: crate::index::analyzer::news_en(true),
            entities: FxHashMap::default(),
        }
    }

    /// The document of a stored paragraph; `None` for a document that is no paragraph.
    pub fn document(&mut self, doc: &TantivyDocument) -> Option<Map<String, Value>> {
        let f = self.fields;
        let article_id = stored_text(doc, f.article_id)?;
        let text = stored_text(doc, f.text).unwrap_or_default();
        let mut out = Map::new();
        out.insert("article_id".into(), json!(article_id));
        out.insert(
            "paragraph".into(),
            json!(doc
                .get_first(f.paragraph)
                .and_then(|v| v.as_u64())
                .unwrap_or(0)),
        );
        let optional = [
            ("title", stored_text(doc, f.title)),
            ("date", stored_date_rfc3339(doc, f)),
            ("source", stored_text(doc, f.source)),
            ("url", stored_text(doc, f.url)),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                out.insert(key.into(), json!(v));
            }
        }
        let mentions = stored_text(doc, f.mentions)
            .map(|json| crate::index::writer::decode_mentions(&json))
            .unwrap_or_default();
        let mut all_names: Vec<String> = Vec::new();
        for kind in Kind::ALL {
            let mut names: Vec<String> = Vec::new();
            for raw in crate::entities::names_of(&mentions, kind) {
                let shown = match self.catalog.entity_of(kind, raw) {
                    Some(id) => self.shown(id),
                    None => Shown {
                        name: Some(raw.to_string()),
                        names: vec![fold_name(raw)],
                    },
                };
                if let Some(name) = shown.name {
                    names.push(name);
                    all_names.extend(shown.names);
                }
            }
            names.sort();
            names.dedup();
            out.insert(kind.as_str().into(), json!(names));
        }
        all_names.sort();
        all_names.dedup();
        out.insert("names".into(), json!(all_names));
        out.insert("stems".into(), json!(self.stems(&text)));
        out.insert("text".into(), json!(text));
        Some(out)
    }

    /// What entity `id` contributes, computed once.
    fn shown(&mut self, id: u32) -> Shown {
        let catalog = self.catalog;
        let entry = self.entities.entry(id).or_insert_with(|| {
            let info = catalog.entity(id);
            let mut names: Vec<String> = std::iter::once(fold_name(&info.name))
                .chain(info.variants.iter().map(|(_, n, _)| fold_name(n)))
                .filter(|n| !n.is_empty())
                .collect();
            // a person is also found by surname, a place or an organization by the
            // gazetteer's aliases ("u.n."), as newsindex's filters find them
            if info.kind == Kind::Person {
                let surnames: Vec<String> = names
                    .iter()
                    .filter(|n| n.contains(' '))
                    .filter_map(|n| n.rsplit(' ').next().map(str::to_string))
                    .collect();
                names.extend(surnames);
            } else if let Some(aliases) = aliases_by_name().get(&(info.kind, info.name.clone())) {
                names.extend(aliases.iter().cloned());
            }
            names.sort();
            names.dedup();
            Shown {
                name: (!info.hidden).then_some(info.name),
                names,
            }
        });
        Shown {
            name: entry.name.clone(),
            names: entry.names.clone(),
        }
    }

    /// The paragraph's words as newsindex's analyzer indexes them, one space apart: a
    /// hyphenated word as its joined form, its parts and its joined form again (newsindex
    /// puts them at shared positions; here they follow each other, so a phrase through a
    /// hyphenated word may match differently).
    pub fn stems(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&stream.token().text);
        }
        out
    }
}

/// The stored date in RFC 3339, seconds, UTC (what both engines read).
fn stored_date_rfc3339(doc: &TantivyDocument, f: Fields) -> Option<String> {
    let shown = stored_date(doc, f.date)?;
    // `stored_date` prints a midnight as the date alone: the engines want a time
    Some(if shown.len() == 10 {
        format!("{shown}T00:00:00Z")
    } else {
        shown
    })
}
