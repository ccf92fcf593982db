//! Entity recognition: the people, places and organizations each paragraph names.
//!
//! Recognition is article-level: [`Recognizer::recognize`] takes all paragraphs of one article
//! so that "Burns" in paragraph 2 resolves to the "William J. Burns" of paragraph 1.
//!
//! The stages, one module each:
//! - [`tokens`]: words and punctuation with byte spans;
//! - [`gazetteer`]: known names and aliases (embedded, plus the user's `--names` file),
//!   matched by a token trie, longest match first;
//! - [`rules`]: runs of capitalized words split into titles, known names and new names, each
//!   new name classified by its context (titles, given names, organization suffixes, verbs
//!   of saying);
//! - [`resolve`]: one canonical name and one kind per entity per article.
//!
//! ```
//! use newsindex::entities::{Kind, Recognizer};
//! let r = Recognizer::new(&[]);
//! let m = r.recognize(&["CIA Director William J. Burns flew to Cairo.", "Burns met Egyptian officials."]);
//! let names: Vec<_> = m[1].iter().map(|m| (m.kind, m.name.as_str())).collect();
//! assert_eq!(names, vec![(Kind::Person, "William J. Burns"), (Kind::Place, "Egypt")]);
//! ```

pub mod fold;
pub mod gazetteer;
pub mod lexicon;
pub mod resolve;
pub mod rules;
pub mod tokens;
pub mod words;

use serde::{Deserialize, Serialize};

pub use gazetteer::{Gazetteer, NameEntry};

/// The kinds of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Place,
    Org,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Place, Kind::Org];

    /// The field and JSON name: `person`, `place`, `org`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Org => "org",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "people" | "per" => Some(Kind::Person),
            "place" | "places" | "loc" | "gpe" => Some(Kind::Place),
            "org" | "orgs" | "organization" | "organisation" => Some(Kind::Org),
            _ => None,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mention of an entity in a paragraph: `text[start..end]` names `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub kind: Kind,
    /// The entity's canonical name.
    pub name: String,
    /// Byte offsets into the paragraph text.
    pub start: usize,
    pub end: usize,
}

/// The recognizer: the gazetteer automaton plus the rules. Build it once and reuse it.
pub struct Recognizer {
    gazetteer: Gazetteer,
}

impl Recognizer {
    /// Builds the recognizer with the user's names added to the embedded gazetteers.
    pub fn new(user_names: &[NameEntry]) -> Recognizer {
        Recognizer {
            gazetteer: Gazetteer::build(user_names),
        }
    }

    /// Recognizes the mentions in each paragraph of one article, in text order.
    pub fn recognize<S: AsRef<str>>(&self, paragraphs: &[S]) -> Vec<Vec<Mention>> {
        let candidates: Vec<Vec<rules::Candidate>> = paragraphs
            .iter()
            .map(|p| rules::candidates(&self.gazetteer, p.as_ref()))
            .collect();
        resolve::resolve(candidates)
    }
}
