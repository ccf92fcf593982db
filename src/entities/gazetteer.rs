//! Gazetteers: known names and their aliases, matched by a token automaton.
//!
//! Every gazetteer, embedded or given with `--names`, is a TSV file with one entity a line:
//! `kind<TAB>canonical name<TAB>alias<TAB>alias...`; `#` starts a comment line. Kinds are
//! `person`, `place` and `org` (the embedded city list also uses `place:weak` for smaller
//! cities that need more evidence at the start of a sentence). When two lines claim the same
//! alias, the first one keeps it: user names come first, then organizations, regions, places.
//!
//! Matching walks a trie over folded tokens (lower case, no diacritics) and returns the
//! longest alias starting at a token. An alias written in capitals ("CIA", "WHO", "US")
//! matches only text written the same way, so "who" and "us" are never organizations or
//! countries.

use rustc_hash::{FxHashMap, FxHashSet};

use anyhow::{bail, Result};

use super::fold::fold;
use super::lexicon::lexicon;
use super::tokens::tokenize;
use super::words::Words;
use super::Kind;

const PLACES: &str = include_str!("../../data/gazetteer/places.tsv");
const REGIONS: &str = include_str!("../../data/gazetteer/regions.tsv");
const ORGS: &str = include_str!("../../data/gazetteer/orgs.tsv");
const GIVEN_NAMES: &str = include_str!("../../data/gazetteer/given_names.txt");

/// One line of a names file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameEntry {
    pub kind: Kind,
    /// A smaller place that needs evidence at the start of a sentence.
    pub weak: bool,
    /// A place whose name is also a common word ("Reading"): it needs a preposition
    /// such as "in" before it.
    pub needs_context: bool,
    pub canonical: String,
    pub aliases: Vec<String>,
}

/// The kind column of a names file: the kind, whether the place is weak, and whether it
/// needs a preposition (`place:weak`, `place:word` in the embedded city list).
fn parse_kind(col: &str) -> Option<(Kind, bool, bool)> {
    match col {
        "place:weak" => Some((Kind::Place, true, false)),
        "place:word" => Some((Kind::Place, true, true)),
        other => Kind::parse(other).map(|k| (k, false, false)),
    }
}

/// Parses a names file. `origin` names the file in errors (`origin:line: reason`).
pub fn parse_names(text: &str, origin: &str) -> Result<Vec<NameEntry>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t').map(str::trim);
        let kind_col = cols.next().unwrap_or("");
        let Some((kind, weak, needs_context)) = parse_kind(kind_col) else {
            bail!(
                "{origin}:{}: unknown kind {kind_col:?} (expected person, place or org, then a TAB)",
                i + 1
            );
        };
        let canonical = cols.next().unwrap_or("").to_string();
        if canonical.is_empty() {
            bail!("{origin}:{}: no canonical name after the kind", i + 1);
        }
        let aliases = cols.filter(|a| !a.is_empty()).map(str::to_string).collect();
        out.push(NameEntry {
            kind,
            weak,
            needs_context,
            canonical,
            aliases,
        });
    }
    Ok(out)
}

/// The embedded gazetteers, in priority order.
pub fn embedded_names() -> Vec<NameEntry> {
    let mut all = Vec::new();
    for (text, origin) in [
        (ORGS, "orgs.tsv"),
        (REGIONS, "regions.tsv"),
        (PLACES, "places.tsv"),
    ] {
        // The embedded files are checked by a unit test, so a parse error here is a build bug.
        match parse_names(text, origin) {
            Ok(mut names) => all.append(&mut names),
            Err(e) => panic!("embedded gazetteer is malformed: {e:#}"),
        }
    }
    all
}

/// A known entity.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    pub weak: bool,
    pub needs_context: bool,
    pub canonical: String,
}

/// An alias at a trie node: which entry, and the exact tokens if it is case-sensitive.
#[derive(Debug, Clone)]
struct Alias {
    entry: u32,
    exact: Option<Vec<String>>,
}

/// A match of a gazetteer alias over tokens `start..end`.
#[derive(Debug, Clone, Copy)]
pub struct Match<'g> {
    pub end: usize,
    pub entry: &'g Entry,
}

/// Token id for a token that no alias contains.
pub const UNKNOWN: u32 = u32::MAX;

/// What the recognizer knows of a folded word, found with one lookup: its gazetteer
/// vocabulary id, its word classes (see [`super::lexicon::class`]) and whether it is a
/// common given name. A token used to cost three lookups, one for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordFacts {
    /// [`UNKNOWN`] when no alias uses the word.
    pub id: u32,
    pub class: u16,
    pub given: bool,
}

impl WordFacts {
    /// A word nothing is known of.
    pub const NONE: WordFacts = WordFacts {
        id: UNKNOWN,
        class: 0,
        given: false,
    };
}

/// Folded words and their facts.
#[derive(Default)]
struct WordMap(FxHashMap<Box<str>, WordFacts>);

impl WordMap {
    fn get(&self, word: &str) -> WordFacts {
        self.0.get(word).copied().unwrap_or(WordFacts::NONE)
    }

    fn entry(&mut self, word: String) -> &mut WordFacts {
        self.0.entry(word.into()).or_insert(WordFacts::NONE)
    }
}

/// The gazetteer automaton.
pub struct Gazetteer {
    /// Every word an alias uses, every lexicon word and every given name, folded.
    words: WordMap,
    /// How many words aliases use (the next vocabulary id).
    vocab_len: u32,
    edges: FxHashMap<(u32, u32), u32>,
    /// Aliases ending at each node (node 0 is the root).
    ends: Vec<Vec<Alias>>,
    entries: Vec<Entry>,
}

impl Gazetteer {
    /// Builds the automaton from the user's names (first, so they win) and the embedded lists.
    pub fn build(user: &[NameEntry]) -> Gazetteer {
        let mut g = Gazetteer {
            words: WordMap::default(),
            vocab_len: 0,
            edges: FxHashMap::default(),
            ends: vec![Vec::new()],
            entries: Vec::new(),
        };
        let mut claimed: FxHashSet<(String, bool)> = FxHashSet::default();
        for name in user.iter().cloned().chain(embedded_names()) {
            let id = g.entries.len() as u32;
            let mut used = false;
            for alias in std::iter::once(&name.canonical).chain(&name.aliases) {
                used |= g.insert(alias, id, &mut claimed);
            }
            if used {
                g.entries.push(Entry {
                    kind: name.kind,
                    weak: name.weak,
                    needs_context: name.needs_context,
                    canonical: name.canonical,
                });
            }
        }
        for (word, class) in lexicon().classes() {
            g.words.entry(word.to_string()).class = class;
        }
        for line in GIVEN_NAMES.lines() {
            if !line.starts_with('#') && !line.is_empty() {
                g.words.entry(fold(line)).given = true;
            }
        }
        g
    }

    fn insert(&mut self, alias: &str, entry: u32, claimed: &mut FxHashSet<(String, bool)>) -> bool {
        let tokens = tokenize(alias);
        if tokens.is_empty() {
            return false;
        }
        let exact = tokens.iter().any(|t| t.is_acronym()) && tokens.len() <= 3;
        let key = fold(alias);
        if !claimed.insert((key, exact)) {
            return false;
        }
        let mut node = 0u32;
        for t in &tokens {
            let facts = self.words.entry(fold(t.text));
            if facts.id == UNKNOWN {
                facts.id = self.vocab_len;
                self.vocab_len += 1;
            }
            let id = facts.id;
            let next_node = self.ends.len() as u32;
            node = *self.edges.entry((node, id)).or_insert_with(|| next_node);
            if node == next_node {
                self.ends.push(Vec::new());
            }
        }
        self.ends[node as usize].push(Alias {
            entry,
            exact: exact.then(|| tokens.iter().map(|t| t.text.to_string()).collect()),
        });
        true
    }

    /// What is known of a folded word.
    pub fn facts(&self, folded: &str) -> WordFacts {
        self.words.get(folded)
    }

    /// The longest alias that starts at token `start` of a paragraph's words.
    pub fn longest_match(&self, w: &Words, start: usize) -> Option<Match<'_>> {
        let mut node = 0u32;
        let mut best = None;
        for i in start..w.len() {
            let id = w.id(i);
            if id == UNKNOWN {
                break;
            }
            match self.edges.get(&(node, id)) {
                Some(&next) => node = next,
                None => break,
            }
            for alias in &self.ends[node as usize] {
                let ok = match &alias.exact {
                    None => true,
                    Some(exact) => exact
                        .iter()
                        .zip(&w.tokens[start..=i])
                        .all(|(a, t)| a == t.text),
                };
                if ok {
                    best = Some(Match {
                        end: i + 1,
                        entry: &self.entries[alias.entry as usize],
                    });
                    break;
                }
            }
        }
        best
    }
}

/// Canonical names that a user-typed name is an alias of, found by scanning the embedded
/// lists line by line (no automaton is built; for query-time resolution).
pub fn aliases_of(name: &str, kind: Kind) -> Vec<String> {
    let wanted = super::fold::fold_name(name);
    let mut out = Vec::new();
    for text in [ORGS, REGIONS, PLACES] {
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            if cols.next().and_then(parse_kind).map(|(k, ..)| k) != Some(kind) {
                continue;
            }
            let Some(canonical) = cols.next() else {
                continue;
            };
            // folding keeps a name's length within a few bytes (accents), so most aliases are
            // ruled out by length before the fold
            let hit = std::iter::once(canonical)
                .chain(cols)
                .filter(|a| a.len().abs_diff(name.len()) <= 8)
                .any(|a| super::fold::fold_name(a) == wanted);
            if hit && !out.iter().any(|c| c == canonical) {
                out.push(canonical.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(g: &Gazetteer, text: &str) -> Vec<(String, Kind)> {
        let w = Words::new(g, text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < w.len() {
            match g.longest_match(&w, i) {
                Some(m) => {
                    out.push((m.entry.canonical.clone(), m.entry.kind));
                    i = m.end;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn embedded_files_parse() {
        assert!(embedded_names().len() > 30_000);
    }

    #[test]
    fn names_file_errors_name_the_line() {
        let err = parse_names("person\tA B\n\nthing\tX\n", "n.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "n.tsv:3: unknown kind \"thing\" (expected person, place or org, then a TAB)"
        );
        let err = parse_names("org\n", "n.tsv").unwrap_err();
        assert!(err.to_string().starts_with("n.tsv:1: no canonical name"));
    }

    #[test]
    fn longest_match_and_case_rules() {
        let g = Gazetteer::build(&[]);
        let rows: &[(&str, &[(&str, Kind)])] = &[
            (
                "the U.N. and the United Nations",
                &[("United Nations", Kind::Org), ("United Nations", Kind::Org)],
            ),
            (
                "The Washington Post reported",
                &[("The Washington Post", Kind::Org)],
            ),
            (
                "Khan Younis and Khān Yūnis",
                &[("Khān Yūnis", Kind::Place), ("Khān Yūnis", Kind::Place)],
            ),
            (
                "Israeli and Qatari officials",
                &[("Israel", Kind::Place), ("Qatar", Kind::Place)],
            ),
            ("who told us about it", &[]),
            ("the WHO said", &[("World Health Organization", Kind::Org)]),
        ];
        for (text, want) in rows {
            let got = find(&g, text);
            let want: Vec<(String, Kind)> = want.iter().map(|(n, k)| (n.to_string(), *k)).collect();
            assert_eq!(got, want, "text {text:?}");
        }
    }

    #[test]
    fn user_names_come_first() {
        let user = parse_names(
            "org\tAcme Widgets Ltd\tAcme\nplace\tSpringfield Heights\n",
            "u",
        )
        .unwrap();
        let g = Gazetteer::build(&user);
        assert_eq!(
            find(&g, "Acme bought land in Springfield Heights"),
            vec![
                ("Acme Widgets Ltd".to_string(), Kind::Org),
                ("Springfield Heights".to_string(), Kind::Place),
            ]
        );
    }

    #[test]
    fn aliases_by_scan() {
        assert_eq!(aliases_of("U.N.", Kind::Org), vec!["United Nations"]);
        assert_eq!(aliases_of("khan younis", Kind::Place), vec!["Khān Yūnis"]);
        assert!(aliases_of("U.N.", Kind::Place).is_empty());
    }
}
