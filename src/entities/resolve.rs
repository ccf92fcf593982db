//! Article-level resolution: one canonical name and one kind per entity per article.
//!
//! - A person's canonical name is the longest full form in the article: "Burns" and
//!   "William Burns" become "William J. Burns" when that form appears anywhere.
//! - A lone capitalized word that is the surname (or given name) of a person named in full
//!   elsewhere in the article is that person, even at the start of a sentence.
//! - A name known only by its shape ("Internet Explorer") is a person only when its last
//!   word also stands alone in the article, as surnames do.
//! - Lone words with no such match and no other evidence are dropped.
//! - An entity gets the kind most of its mentions vote for (gazetteer evidence weighs most;
//!   a national team next to a match score outweighs all).

use rustc_hash::FxHashMap;

use super::rules::{Candidate, Evidence};
use super::{Kind, Mention};

/// How often a lone unknown word must recur mid-sentence to count as an organization.
const RECURRING: u32 = 3;

/// A full person name and its folded words.
struct Person<'c> {
    name: String,
    folded: Vec<&'c str>,
}

fn folded_words(c: &Candidate) -> impl Iterator<Item = &str> {
    c.folded.split(' ')
}

/// `part` occurs in `whole` in order (not necessarily next to each other).
fn is_subsequence(part: &[&str], whole: &[&str]) -> bool {
    let mut it = whole.iter();
    part.iter().all(|p| it.any(|w| w == p))
}

/// Resolves the candidates of one article's paragraphs into mentions.
pub fn resolve(paragraphs: Vec<Vec<Candidate>>) -> Vec<Vec<Mention>> {
    let all = || paragraphs.iter().flatten();
    let lone_words: Vec<&str> = all()
        .filter(|c| {
            c.n_words == 1 && c.standalone && !c.sentence_initial && c.kind != Some(Kind::Org)
        })
        .map(|c| c.folded.as_str())
        .collect();
    // Full person names, longest first so that lookups find the longest form.
    let mut people: Vec<Person> = Vec::new();
    for c in all() {
        if c.kind != Some(Kind::Person) || c.n_words < 2 {
            continue;
        }
        let folded: Vec<&str> = folded_words(c).collect();
        let confirmed = c.evidence >= Evidence::Context
            || folded.last().is_some_and(|w| lone_words.contains(w));
        let name = c.canonical.as_deref().unwrap_or(&c.name);
        if confirmed && !people.iter().any(|p| p.name == name) {
            people.push(Person {
                name: name.to_string(),
                folded,
            });
        }
    }
    people.sort_by_key(|p| std::cmp::Reverse(p.folded.len()));

    // The full form of a name: the longest person name that contains it. A lone word
    // matches a surname, or (when `given_too`) a given name.
    let full_form = |c: &Candidate, given_too: bool| -> Option<&str> {
        if c.n_words >= 2 {
            let f: Vec<&str> = folded_words(c).collect();
            return people
                .iter()
                .find(|p| is_subsequence(&f, &p.folded))
                .map(|p| p.name.as_str());
        }
        let w = c.folded.as_str();
        let long = || people.iter().filter(|p| p.folded.len() >= 2);
        long()
            .find(|p| p.folded.last() == Some(&w))
            .or_else(|| long().find(|p| given_too && p.folded.first() == Some(&w)))
            .map(|p| p.name.as_str())
    };

    // Organizations named in full, for lone words inside them ("Scientology" after
    // "Church of Scientology"), and lone unknown words that recur in the middle of
    // sentences (a name the article keeps using: "Ubisoft", "FIRST"), which are
    // organizations far more often than not once people and places are accounted for.
    let orgs: Vec<(&str, Vec<&str>)> = all()
        .filter(|c| c.kind == Some(Kind::Org) && c.n_words >= 2 && c.evidence >= Evidence::Context)
        .map(|c| {
            (
                c.canonical.as_deref().unwrap_or(&c.name),
                folded_words(c).collect(),
            )
        })
        .collect();
    let mut recurring: FxHashMap<&str, u32> = FxHashMap::default();
    let lone_unknown = |c: &Candidate| {
        c.kind.is_none()
            && c.n_words == 1
            && c.standalone
            && !c.name.contains(|ch: char| ch.is_ascii_digit())
    };
    for c in all().filter(|c| lone_unknown(c) && !c.sentence_initial) {
        *recurring.entry(c.folded.as_str()).or_default() += 1;
    }
    // the organization a lone word is the last word of ("Scientology"), if any
    let org_named = |c: &Candidate| -> Option<(&str, Evidence)> {
        if c.n_words != 1 || c.evidence == Evidence::Gazetteer {
            return None;
        }
        let w = c.folded.as_str();
        orgs.iter()
            .find(|(_, words)| words.len() >= 2 && words.last() == Some(&w))
            .map(|(name, _)| (*name, Evidence::Context))
    };

    // Abbreviations given in brackets after a name stand for it everywhere in the article:
    // "the Union of Rationalist Atheists and Agnostics (UAAR) ... UAAR said".
    let mut abbreviations: FxHashMap<&str, &Candidate> = FxHashMap::default();
    for para in &paragraphs {
        for pair in para.windows(2) {
            let (named, short) = (&pair[0], &pair[1]);
            let acronym =
                short.n_words == 1 && short.name.chars().all(|c| c.is_uppercase() || c == '.');
            if acronym
                && short.bracketed_after == Some(named.end)
                && named.kind.is_some()
                && named.n_words >= 2
            {
                abbreviations.entry(short.folded.as_str()).or_insert(named);
            }
        }
    }

    // Decide each candidate's entity (canonical name) and vote on kinds.
    // names borrow from the candidates and `people` until the mentions are made
    let mut decided: Vec<Vec<(&Candidate, &str, Kind)>> = Vec::with_capacity(paragraphs.len());
    let mut votes: FxHashMap<&str, [u32; 3]> = FxHashMap::default();
    for para in &paragraphs {
        let mut out = Vec::with_capacity(para.len());
        for c in para {
            let person = match (c.kind, c.n_words) {
                (Some(Kind::Person) | None, _) => full_form(c, true),
                // a one-word place that is the surname of a person in this article
                (Some(Kind::Place), 1) => full_form(c, false),
                _ => None,
            };
            // "Scientology denied it": a lone word that a verb of saying made a person is the
            // organization it ends, when the article names one
            let lone_org = if person.is_none() && c.kind == Some(Kind::Person) {
                org_named(c)
            } else {
                None
            };
            let abbreviated = if c.evidence < Evidence::Gazetteer {
                abbreviations.get(c.folded.as_str())
            } else {
                None
            };
            let decided = match (abbreviated, person, c.kind, lone_org) {
                (Some(full), ..) => {
                    let name = full.canonical.as_deref().unwrap_or(&full.name);
                    Some((name, full.kind.unwrap_or(Kind::Org), Evidence::Context))
                }
                (None, Some(full), _, _) => Some((full, Kind::Person, Evidence::Context)),
                // an unknown lone word: an organization named in full elsewhere, or one
                // that recurs
                (None, None, None, _) if lone_unknown(c) => org_named(c)
                    .or_else(|| {
                        let recurs = recurring.get(c.folded.as_str()).copied().unwrap_or(0);
                        (recurs >= RECURRING).then_some((c.name.as_str(), Evidence::Guess))
                    })
                    .map(|(name, evidence)| (name, Kind::Org, evidence)),
                (None, None, _, Some((name, evidence))) => Some((name, Kind::Org, evidence)),
                // a name known only by its shape, and not confirmed above
                (None, None, Some(Kind::Person), None) if c.evidence < Evidence::Context => None,
                (None, None, Some(kind), None) if c.evidence > Evidence::Unknown => {
                    let name = c.canonical.as_deref().unwrap_or(&c.name);
                    Some((name, kind, c.evidence))
                }
                _ => None,
            };
            let Some((name, kind, evidence)) = decided else {
                continue;
            };
            let (vote_kind, weight) = match evidence {
                // a national team anywhere in the article makes the name a team throughout
                _ if c.team => (Kind::Org, 1000),
                Evidence::Gazetteer => (kind, 3),
                Evidence::Context => (kind, 2),
                Evidence::Guess | Evidence::Unknown => (kind, 1),
            };
            votes.entry(name).or_default()[kind_index(vote_kind)] += weight;
            out.push((c, name, kind));
        }
        decided.push(out);
    }

    decided
        .into_iter()
        .map(|para| {
            let mut mentions: Vec<Mention> = para
                .into_iter()
                .map(|(c, name, kind)| {
                    let kind = votes.get(name).map_or(kind, |v| majority(v, kind));
                    Mention {
                        kind,
                        name: name.to_string(),
                        start: c.start,
                        end: c.end,
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
