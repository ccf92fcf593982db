//! What each engine needs besides the documents: Quickwit's index config (a doc mapping in
//! YAML) and OpenSearch's index settings and mappings (JSON), for the fields of
//! [`super::document`].

use serde_json::{json, Value};

/// The Quickwit tokenizer for `title` and `text`: words, lowercased, accents folded (as
/// newsindex, without stemming: Quickwit's configurable filters have no stemmer; `stems`
/// holds newsindex's own stemmed words).
pub const QUICKWIT_TOKENIZER: &str = "newsindex_words";

/// Quickwit's `index-config.yaml`. With `timestamp`, `date` is the timestamp field (every
/// exported document must then have a date: Quickwit rejects one without).
pub fn quickwit_config(index_id: &str, timestamp: bool) -> String {
    let text = |name: &str, tokenizer: &str| {
        format!(
            "    - name: {name}\n      type: text\n      tokenizer: {tokenizer}\n      record: position\n      fieldnorms: true\n"
        )
    };
    let raw = |name: &str, array: bool, fast: bool| {
        let kind = if array { "array<text>" } else { "text" };
        let fast = if fast { "      fast: true\n" } else { "" };
        format!("    - name: {name}\n      type: {kind}\n      tokenizer: raw\n{fast}")
    };
    let mut out = format!(
        "# Quickwit index config written by `newsindex export --to quickwit`: one document a\n\
         # paragraph. Create the index with\n\
         #   curl -XPOST 127.0.0.1:7280/api/v1/indexes -H 'Content-Type: application/yaml' --data-binary @index-config.yaml\n\
         version: 0.8\n\
         index_id: {index_id}\n\
         doc_mapping:\n\
         \x20 mode: strict\n\
         \x20 field_mappings:\n"
    );
    out.push_str(&raw("article_id", false, true));
    out.push_str("    - name: paragraph\n      type: u64\n      fast: true\n");
    out.push_str(&text("title", QUICKWIT_TOKENIZER));
    out.push_str(&text("text", QUICKWIT_TOKENIZER));
    out.push_str(&text("stems", "whitespace"));
    out.push_str(
        "    - name: date\n      type: datetime\n      input_formats: [rfc3339]\n      \
         output_format: rfc3339\n      fast: true\n      fast_precision: seconds\n",
    );
    for kind in ["person", "place", "org"] {
        out.push_str(&raw(kind, true, true));
    }
    out.push_str(&raw("names", true, false));
    out.push_str(&raw("source", false, false));
    out.push_str(&raw("url", false, false));
    if timestamp {
        out.push_str("  timestamp_field: date\n");
    }
    out.push_str(&format!(
        "  tokenizers:\n    - name: {QUICKWIT_TOKENIZER}\n      type: simple\n      \
         filters: [remove_long, lower_caser, ascii_folding]\n\
         search_settings:\n  default_search_fields: [title, text]\n"
    ));
    out
}

/// OpenSearch's (and Elasticsearch's) `index.json`: settings with an English analyzer close
/// to newsindex's (standard words, lowercased, accents folded, Snowball English stems), and
/// the mappings.
pub fn opensearch_index() -> Value {
    let keyword = json!({"type": "keyword"});
    json!({
        "settings": {
            "analysis": {
                "filter": {
                    "newsindex_stem": {"type": "snowball", "language": "English"}
                },
                "analyzer": {
                    "newsindex_en": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "newsindex_stem"]
                    }
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "article_id": keyword,
                "paragraph": {"type": "long"},
                "title": {"type": "text", "analyzer": "newsindex_en"},
                "text": {"type": "text", "analyzer": "newsindex_en"},
                "stems": {"type": "text", "analyzer": "whitespace"},
                "date": {"type": "date", "format": "strict_date_optional_time"},
                "person": keyword,
                "place": keyword,
                "org": keyword,
                "names": keyword,
                "source": keyword,
                "url": {"type": "keyword", "index": false}
            }
        }
    })
}

/// The `_bulk` action line of a document.
pub fn bulk_action(index_id: &str, article_id: &str, paragraph: u64) -> Value {
    json!({"index": {"_index": index_id, "_id": format!("{article_id}#{paragraph}")}})
}
