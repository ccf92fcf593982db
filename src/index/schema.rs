//! The index schema: one document per paragraph. Field names are part of the JSON contract.

use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, NumericOptions, Schema, Term, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};

use super::analyzer::NEWS_EN;

pub const ARTICLE_ID: &str = "article_id";
pub const PARAGRAPH: &str = "paragraph";
pub const TITLE: &str = "title";
pub const TEXT: &str = "text";
pub const DATE: &str = "date";
pub const SOURCE: &str = "source";
pub const URL: &str = "url";
pub const MENTIONS: &str = "mentions";
pub const ENTITY: &str = "entity";
/// The input's id when it was too long to be `article_id` itself (see
/// [`crate::ingest::article::MAX_ID_BYTES`]); stored only.
pub const LONG_ID: &str = "long_id";

/// Bumped whenever the schema or the analyzers change in a way old indexes cannot follow.
pub const SCHEMA_VERSION: u32 = 5;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub article_id: Field,
    pub paragraph: Field,
    pub title: Field,
    pub text: Field,
    pub date: Field,
    pub source: Field,
    pub url: Field,
    pub mentions: Field,
    pub entity: Field,
    pub long_id: Field,
}

impl Fields {
    /// Looks the fields up in a schema; fails if the schema is not newsindex's.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            article_id: f(ARTICLE_ID)?,
            paragraph: f(PARAGRAPH)?,
            title: f(TITLE)?,
            text: f(TEXT)?,
            date: f(DATE)?,
            source: f(SOURCE)?,
            url: f(URL)?,
            mentions: f(MENTIONS)?,
            entity: f(ENTITY)?,
            long_id: f(LONG_ID)?,
        })
    }
}

/// What the `entity` fast field holds for an entity: `person:William J. Burns`.
pub fn entity_value(kind: crate::entities::Kind, name: &str) -> String {
    // built by hand, not with format!: one value per entity of every paragraph ingested
    let kind = kind.as_str();
    let mut value = String::with_capacity(kind.len() + 1 + name.len());
    value.push_str(kind);
    value.push(':');
    value.push_str(name);
    value
}

/// What every `work:` value of the `entity` field starts with: a name that a paragraph's
/// words cue as the title of a work. No kind starts so, so facets and filters never see
/// them; the archive counts them as evidence (see `crate::archive::variants::works_of`).
pub const WORK_PREFIX: &str = "work:";

/// What every `at:` value of the `entity` field starts with: a place the gazetteer does not
/// know, where a paragraph says something is (see `crate::archive::variants::cued`).
pub const LOCATED_PREFIX: &str = "at:";

/// The `entity` value of a cue: `work:Harry Potter`, `at:Brixton`.
pub fn cue_value(cue: &crate::entities::Cue) -> String {
    let (prefix, name) = match cue {
        crate::entities::Cue::Work(name) => (WORK_PREFIX, name),
        crate::entities::Cue::Located(name) => (LOCATED_PREFIX, name),
    };
    let mut value = String::with_capacity(prefix.len() + name.len());
    value.push_str(prefix);
    value.push_str(name);
    value
}

/// The term of an entity in the `entity` field.
pub fn entity_term(fields: &Fields, kind: crate::entities::Kind, name: &str) -> Term {
    Term::from_field_text(fields.entity, &entity_value(kind, name))
}

/// What every `entity` value of a kind starts with.
pub fn entity_prefix(kind: crate::entities::Kind) -> String {
    format!("{}:", kind.as_str())
}

/// The smallest string past every `entity` value of a kind: its prefix with the ':' raised
/// to the next character, ';'.
pub fn entity_prefix_end(kind: crate::entities::Kind) -> String {
    format!("{};", kind.as_str())
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field(ARTICLE_ID, STRING | STORED | FAST);
    b.add_u64_field(
        PARAGRAPH,
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    let analyzed = |positions: IndexRecordOption| {
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(NEWS_EN)
                    .set_index_option(positions),
            )
            .set_stored()
    };
    b.add_text_field(TITLE, analyzed(IndexRecordOption::WithFreqsAndPositions));
    b.add_text_field(TEXT, analyzed(IndexRecordOption::WithFreqsAndPositions));
    // Every entity of the paragraph as `kind:name` (see `entity_value`), in one field,
    // indexed for filters and `person:"..."` queries (see `crate::search::query_fields`), and fast
    // so that facet counting looks each matching paragraph up once for all three kinds.
    // Not stored: a hit's entity names are read from `mentions`, which holds them already.
    b.add_text_field(ENTITY, STRING | FAST);
    b.add_date_field(
        DATE,
        DateOptions::default().set_indexed().set_stored().set_fast(),
    );
    b.add_text_field(SOURCE, STORED);
    b.add_text_field(URL, STORED);
    b.add_text_field(MENTIONS, STORED);
    b.add_text_field(LONG_ID, STORED);
    b.build()
}
