#![allow(clippy::unwrap_used)] // test helpers may panic
//! The query syntax beyond plain words: accents, prefixes, fuzzy words, and the errors for
//! what it does not support.
mod common;

use common::Env;

/// An index of one article whose paragraphs spell the same words with and without accents.
fn accents() -> Env {
    let env = Env::new();
    let article = env.path("accents.txt");
    std::fs::write(
        &article,
        "Bankers meet again\n\n\
         The bankers met at a café in Zürich on Monday.\n\n\
         A cafe near Zurich station hosted the second round.\n\n\
         Nobody spoke to the press about the hostages.\n",
    )
    .unwrap();
    let run = env.run(&["ingest", article.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

#[test]
fn accented_and_plain_spellings_find_the_same_paragraphs() {
    let env = accents();
    let zurich = env.paragraphs(&["Zurich"]);
    assert_eq!(zurich, vec![1, 2]);
    assert_eq!(env.paragraphs(&["Zürich"]), zurich);
    assert_eq!(env.paragraphs(&["ZURICH"]), zurich);
    assert_eq!(env.paragraphs(&["cafe"]), vec![1, 2]);
    assert_eq!(env.paragraphs(&["café"]), vec![1, 2]);
}

#[test]
fn a_star_after_a_word_finds_every_word_it_begins() {
    let env = Env::with_sample();
    // "hostage*" finds "hostage" and "hostages"; "host*" finds those and more
    let hostage = env.paragraphs(&["hostage*"]);
    assert_eq!(hostage, env.paragraphs(&["hostages"]));
    let host = env.paragraphs(&["host*"]);
    assert!(hostage.iter().all(|p| host.contains(p)), "{host:?}");
    // with a field, and combined with other words
    assert_eq!(env.paragraphs(&["text:hostage*"]), hostage);
    let with_israel = env.paragraphs(&["hostage* Israel"]);
    assert!(!with_israel.is_empty());
    assert!(with_israel.iter().all(|p| hostage.contains(p)));
    assert!(with_israel.len() < hostage.len());
    // a prefix of no word of the article finds nothing
    assert!(env.paragraphs(&["zeppel*"]).is_empty());
}

#[test]
fn a_tilde_finds_words_within_one_or_two_edits() {
    let env = Env::with_sample();
    let exact = env.paragraphs(&["Netanyahu"]);
    assert!(!exact.is_empty());
    assert!(env.paragraphs(&["Netanyhu"]).is_empty());
    assert_eq!(env.paragraphs(&["Netanyhu~1"]), exact);
    assert_eq!(env.paragraphs(&["Netanyhu~"]), exact);
    assert!(env.paragraphs(&["Ntanyhu~1"]).is_empty());
    assert_eq!(env.paragraphs(&["Ntanyhu~2"]), exact);
    // a fuzzy word combines with others like a plain word
    let both = env.paragraphs(&["Netanyhu~1 hostages"]);
    assert!(both.iter().all(|p| exact.contains(p)));
}

#[test]
fn unsupported_syntax_is_an_error_saying_what_works() {
    let env = Env::with_sample();
    for (query, says) in [
        ("ho*st", "end of a word"),
        ("h*", "two letters"),
        ("/host.*/", "regular expressions are not supported"),
        ("hostages~x", "word~1 or word~2"),
    ] {
        let run = env.run(&["query", query]);
        assert_eq!(run.code, 2, "{query}: {}", run.stdout);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(says), "{query}: {}", run.stderr);
    }
}
