//! Article-level resolution: one canonical name and one kind per entity per article.
//!
//! - A person's canonical name is the longest full form in the article: "Burns" and
//!   "William Burns" become "William J. Burns" when that form appears anywhere.
//! - A lone capitalized word that is the surname (or given name) of a person named in full
//!   elsewhere in the article is that person, even at the start of a sentence.
//! - Lone words with no such match and no other evidence are dropped.
//! - An entity gets the kind most of its mentions vote for (gazetteer evidence weighs most).

use std::collections::HashMap;

use super::fold::fold;
use super::rules::{Candidate, Evidence};
use super::{Kind, Mention};

/// A candidate with its entity decided: byte span, canonical name, kind, evidence.
type Resolved = (usize, usize, String, Kind, Evidence);

/// A full person name: its words, folded.
struct Person {
    name: String,
    folded: Vec<String>,
}

fn folded_words(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| fold(w).trim_end_matches('.').to_string())
        .collect()
}

/// `part` occurs in `whole` in order (not necessarily next to each other).
fn is_subsequence(part: &[String], whole: &[String]) -> bool {
    let mut it = whole.iter();
    part.iter().all(|p| it.any(|w| w == p))
}

/// Resolves the candidates of one article's paragraphs into mentions.
pub fn resolve(paragraphs: Vec<Vec<Candidate>>) -> Vec<Vec<Mention>> {
    // Full person names, longest first so that lookups find the longest form. A name known
    // only by its shape ("Internet Explorer") counts when its last word also stands alone
    // in the article, as surnames do.
    let lone_words: Vec<String> = paragraphs
        .iter()
        .flatten()
        .filter(|c| {
            c.words.len() == 1 && c.standalone && !c.sentence_initial && c.kind != Some(Kind::Org)
        })
        .map(|c| folded_words(&c.words).remove(0))
        .collect();
    let mut people: Vec<Person> = Vec::new();
    for c in paragraphs.iter().flatten() {
        if c.kind != Some(Kind::Person) || c.words.len() < 2 {
            continue;
        }
        let folded = folded_words(&c.words);
        let confirmed = c.evidence >= Evidence::Context
            || folded.last().is_some_and(|w| lone_words.contains(w));
        let name = c.canonical.clone().unwrap_or_else(|| c.words.join(" "));
        if confirmed && !people.iter().any(|p| p.name == name) {
            people.push(Person { folded, name });
        }
    }
    people.sort_by_key(|p| std::cmp::Reverse(p.folded.len()));

    // The full form of a name: the longest person name that contains it. A lone word
    // matches a surname, or (when `given_too`) a given name.
    let full_form = |words: &[String], given_too: bool| -> Option<&str> {
        let f = folded_words(words);
        if f.len() >= 2 {
            return people
                .iter()
                .find(|p| is_subsequence(&f, &p.folded))
                .map(|p| p.name.as_str());
        }
        let w = &f[0];
        people
            .iter()
            .find(|p| p.folded.len() >= 2 && p.folded.last() == Some(w))
            .or_else(|| {
                people
                    .iter()
                    .find(|p| given_too && p.folded.len() >= 2 && p.folded.first() == Some(w))
            })
            .map(|p| p.name.as_str())
    };

    // Decide each candidate's entity (canonical name) and vote on kinds.
    let mut resolved: Vec<Vec<Resolved>> = Vec::new();
    let mut votes: HashMap<String, [u32; 3]> = HashMap::new();
    for para in &paragraphs {
        let mut out = Vec::new();
        for c in para {
            let person = match (c.kind, c.words.len()) {
                (Some(Kind::Person) | None, _) => full_form(&c.words, true),
                // a one-word place that is the surname of a person in this article
                (Some(Kind::Place), 1) => full_form(&c.words, false),
                _ => None,
            };
            let (name, kind, evidence) = match (person, c.kind) {
                (Some(full), _) => (
                    full.to_string(),
                    Kind::Person,
                    Evidence::Context.max(c.evidence),
                ),
                // a name known only by its shape, and not confirmed above
                (None, Some(Kind::Person)) if c.evidence < Evidence::Context => continue,
                (None, Some(kind)) if c.evidence > Evidence::Unknown => (
                    c.canonical.clone().unwrap_or_else(|| c.words.join(" ")),
                    kind,
                    c.evidence,
                ),
                _ => continue,
            };
            let weight = match evidence {
                Evidence::Gazetteer => 3,
                Evidence::Context => 2,
                Evidence::Guess | Evidence::Unknown => 1,
            };
            let (kind, weight) = if c.team {
                (Kind::Org, 9)
            } else {
                (kind, weight)
            };
            votes.entry(name.clone()).or_default()[kind_index(kind)] += weight;
            out.push((c.start, c.end, name, kind, evidence));
        }
        resolved.push(out);
    }

    resolved
        .into_iter()
        .map(|para| {
            let mut mentions: Vec<Mention> = para
                .into_iter()
                .map(|(start, end, name, kind, _)| {
                    let kind = votes.get(&name).map(|v| majority(v, kind)).unwrap_or(kind);
                    Mention {
                        kind,
                        name,
                        start,
                        end,
                    }
                })
                .collect();
            mentions.sort_by_key(|m| (m.start, m.end));
            mentions.dedup_by(|b, a| b.start < a.end);
            mentions
        })
        .collect()
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Person => 0,
        Kind::Place => 1,
        Kind::Org => 2,
    }
}

/// The kind with the most votes; `own` wins ties.
fn majority(votes: &[u32; 3], own: Kind) -> Kind {
    let mut best = own;
    for kind in Kind::ALL {
        if votes[kind_index(kind)] > votes[kind_index(best)] {
            best = kind;
        }
    }
    best
}
