//! Property tests over arbitrary input: the readers, the paragraph splitter, the tokenizers
//! and the recognizer never panic, and every span is on character boundaries inside its text.
#![allow(clippy::unwrap_used)] // test helpers may panic

use newsindex::article::{Input, Inputs, Record};
use newsindex::entities::tokens::tokenize;
use newsindex::entities::Recognizer;
use newsindex::paragraph::{cap_paragraphs, split_paragraphs};
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
    fn readers_never_panic_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), ext in prop::sample::select(vec!["txt", "md", "jsonl", "json"])) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("input.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        for record in Inputs::new(vec![Input::Path(path)]) {
            match record {
                Record::Article(a, loc) => prop_assert!(loc.starts_with(&*dir.path().to_string_lossy()) && !a.body.is_empty()),
                Record::Skipped(p) | Record::Warning(p) => prop_assert!(!p.reason.is_empty()),
            }
        }
    }
}
