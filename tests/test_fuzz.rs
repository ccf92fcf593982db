//! Property tests over arbitrary input: the readers, the paragraph splitter, the tokenizers,
//! the recognizer, the query parser and the date parser never panic, and every span is on
//! character boundaries inside its text.
#![allow(clippy::unwrap_used)] // test helpers may panic

use newsindex::entities::tokens::tokenize;
use newsindex::entities::Recognizer;
use newsindex::index::NewsIndex;
use newsindex::ingest::article::{parse_date, storable_date, Input, Inputs, Record};
use newsindex::ingest::paragraph::{cap_paragraphs, split_paragraphs};
use newsindex::search::{SearchRequest, Searchable};
use proptest::prelude::*;
use std::sync::OnceLock;

fn recognizer() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(|| Recognizer::new(&[]))
}

/// Text made of words that exercise the rules: names, titles, particles, places, punctuation.
fn newsy() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "President",
        "Burns",
        "William",
        "J.",
        "al-Assad",
        "bin",
        "Al",
        "Thani",
        "U.N.",
        "U.S.",
        "Israeli",
        "Qatar",
        "Khān",
        "Yūnis",
        "said",
        ",",
        ".",
        "\"",
        "’s",
        "'s",
        "the",
        "of",
        "University",
        "Reading",
        "in",
        "Mr.",
        "1",
        "–",
        "0",
        "\n",
        "\n\n",
        "  ",
        "é",
        "Ω",
        "-",
        "CIA",
        "Director",
        "Gen.",
        "The",
        "Washington",
        "Post",
        "who",
        "a",
        "former",
    ]);
    prop::collection::vec(words, 0..60).prop_map(|w| w.join(" "))
}

/// An index in memory with nothing in it: enough to parse and run queries against.
fn empty_index() -> &'static NewsIndex {
    static I: OnceLock<NewsIndex> = OnceLock::new();
    I.get_or_init(|| NewsIndex::in_ram().unwrap())
}

/// Query text made of the syntax's own pieces, so that most cases parse deep.
fn query_syntax() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "(",
        ")",
        "\"",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        "*",
        "~1",
        "^2",
        ":",
        "title:",
        "text:",
        "person:",
        "place:",
        "org:",
        "date:",
        "paragraph:",
        "article_id:",
        "nosuch:",
        "[",
        "]",
        "{",
        "}",
        "TO",
        "IN",
        "oil",
        "Burns",
        "2024-01-01T00:00:00Z",
        "3",
        " ",
        "/re.*/",
        "é",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

fn check_query(query: &str) {
    let searchable = Searchable::new(empty_index()).unwrap();
    let request = SearchRequest {
        query: Some(query.to_string()),
        limit: 10,
        facets: Some(5),
        ..SearchRequest::default()
    };
    // an error is fine (a bad query); a panic is not
    if let Ok(result) = searchable.search(&request) {
        assert_eq!(result.total, 0);
    }
}

fn check_mentions(paras: &[&str]) {
    let mentions = recognizer().recognize(paras);
    assert_eq!(mentions.len(), paras.len());
    for (text, ms) in paras.iter().zip(&mentions) {
        for m in ms {
            assert!(m.start < m.end && m.end <= text.len(), "{m:?} in {text:?}");
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            assert!(!m.name.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn splitter_spans_are_valid(body in any::<String>()) {
        let paras = split_paragraphs(&body);
        for (i, p) in paras.iter().enumerate() {
            prop_assert_eq!(p.position, i as u64 + 1);
            prop_assert!(body.is_char_boundary(p.span.start) && body.is_char_boundary(p.span.end));
            prop_assert!(p.span.start < p.span.end && p.span.end <= body.len());
            prop_assert!(!p.text.is_empty());
        }
        let (capped, _) = cap_paragraphs(paras, &body, 16);
        for p in &capped {
            prop_assert!(p.text.len() <= 16 && !p.text.is_empty());
            prop_assert!(body.get(p.span.clone()).is_some());
        }
    }

    #[test]
    fn tokens_are_slices_of_the_text(text in any::<String>()) {
        for t in tokenize(&text) {
            prop_assert_eq!(&text[t.start..t.end], t.text);
        }
    }

    #[test]
    fn recognizer_never_panics_on_any_string(text in any::<String>()) {
        check_mentions(&[text.as_str()]);
    }

    #[test]
    fn recognizer_spans_are_valid_on_newsy_text(a in newsy(), b in newsy()) {
        check_mentions(&[a.as_str(), b.as_str()]);
    }

    #[test]
    fn query_parser_never_panics(query in any::<String>()) {
        check_query(&query);
    }

    #[test]
    fn query_parser_never_panics_on_query_syntax(query in query_syntax()) {
        check_query(&query);
    }

    #[test]
    fn date_parser_never_panics(text in any::<String>(), y in -20000i32..20000, m in 0u8..14, d in 0u8..33) {
        let _ = parse_date(&text);
        for s in [format!("{y:04}-{m:02}-{d:02}"), format!("{y}-{m:02}-{d:02}T12:00:00Z")] {
            if let Some(secs) = parse_date(&s) {
                // what parses is a real day, stored only when the index can hold it
                prop_assert!((1..=12).contains(&m) && (1..=31).contains(&d), "{}", s);
                if (1678..=2261).contains(&y) {
                    prop_assert!(storable_date(secs), "{}", s);
                } else if !(1677..=2262).contains(&y) {
                    prop_assert!(!storable_date(secs), "{}", s);
                }
            }
        }
    }

    #[test]
    fn readers_never_panic_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), ext in prop::sample::select(vec!["txt", "md", "jsonl", "json"])) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("input.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        for record in Inputs::new(vec![Input::Path(path)]) {
            match record {
                Record::Article(a, loc) => prop_assert!(loc.starts_with(&*dir.path().to_string_lossy()) && !a.body.is_empty()),
                Record::Skipped(p) | Record::Warning(p) | Record::Empty(p) => prop_assert!(!p.reason.is_empty()),
            }
        }
    }
}
