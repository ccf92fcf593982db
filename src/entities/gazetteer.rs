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
const DEMONYMS: &str = include_str!("../../data/gazetteer/demonyms.txt");
const SURNAMES: &str = include_str!("../../data/gazetteer/surnames.txt");
const WORD_FREQUENCY: &str = include_str!("../../data/gazetteer/word_frequency.tsv");
const CITIES: &str = include_str!("../../data/gazetteer/cities.txt");
const FORMER_COUNTRIES: &str = include_str!("../../data/gazetteer/former_countries.tsv");

/// Capitals and cities of a million people or more (`cities.txt`), canonical names.
pub fn cities() -> &'static FxHashSet<&'static str> {
    static CITY_SET: std::sync::LazyLock<FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            CITIES
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect()
        });
    &CITY_SET
}

/// Countries that no longer exist ("Zaire"), as names-file entries: evidence for the
/// archive's kind vote, kept out of the recognizer's automaton (whose words are the model's
/// features).
pub fn former_countries() -> &'static [NameEntry] {
    static FORMER: std::sync::LazyLock<Vec<NameEntry>> = std::sync::LazyLock::new(|| {
        parse_names(FORMER_COUNTRIES, "former_countries.tsv").unwrap_or_default()
    });
    &FORMER
}

/// How sure the gazetteer is that a place is one in every use (see [`Gazetteer::rank`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRank {
    /// A country, a state, a continent or a region: a place even when it acts ("Japan said").
    Region,
    /// A capital or a city of a million people or more.
    City,
    /// A town or a city of fewer than a million people.
    Town,
    /// Not in the gazetteer.
    Unknown,
}

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
    /// The country of a national institution (`org@gb`): an alias that institutions of
    /// several countries share ("Treasury") is decided by the article's other names.
    pub country: Option<String>,
}

/// What the kind column of a names file says.
struct KindColumn {
    kind: Kind,
    weak: bool,
    needs_context: bool,
    country: Option<String>,
}

/// The kind column of a names file: the kind, whether the place is weak, whether it
/// needs a preposition (`place:weak`, `place:word` in the embedded city list), and the
/// country after an `@` (`org@gb`).
fn parse_kind(col: &str) -> Option<KindColumn> {
    let (col, country) = match col.split_once('@') {
        Some((kind, cc)) if !cc.is_empty() => (kind, Some(cc.to_ascii_lowercase())),
        _ => (col, None),
    };
    let (kind, weak, needs_context) = match col {
        "place:weak" => (Kind::Place, true, false),
        "place:word" => (Kind::Place, true, true),
        other => (Kind::parse(other)?, false, false),
    };
    Some(KindColumn {
        kind,
        weak,
        needs_context,
        country,
    })
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
        let Some(KindColumn {
            kind,
            weak,
            needs_context,
            country,
        }) = parse_kind(kind_col)
        else {
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
            country,
        });
    }
    Ok(out)
}

/// The embedded gazetteers, in priority order, parsed on first use.
pub fn embedded_names() -> &'static [NameEntry] {
    static NAMES: std::sync::LazyLock<Vec<NameEntry>> = std::sync::LazyLock::new(|| {
        crate::trace::step("gazetteer parsed");
        let mut all = Vec::new();
        for (text, origin) in [
            (ORGS, "orgs.tsv"),
            (REGIONS, "regions.tsv"),
            (PLACES, "places.tsv"),
        ] {
            // The embedded files are checked by a unit test, so a parse error here is a
            // build bug.
            match parse_names(text, origin) {
                Ok(mut names) => all.append(&mut names),
                Err(e) => panic!("embedded gazetteer is malformed: {e:#}"),
            }
        }
        all
    });
    &NAMES
}

/// The embedded given names, folded, read on first use (for the archive's grouping; the
/// recognizer reads them into its own word facts).
pub fn given_names() -> &'static rustc_hash::FxHashSet<String> {
    static NAMES: std::sync::LazyLock<rustc_hash::FxHashSet<String>> =
        std::sync::LazyLock::new(|| {
            GIVEN_NAMES
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(fold)
                .collect()
        });
    &NAMES
}

/// A known entity.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    pub weak: bool,
    pub needs_context: bool,
    pub canonical: String,
    /// From the user's `--names` file: it wins over the tagger.
    pub user: bool,
    /// The country of a national institution (see [`NameEntry::country`]).
    pub country: Option<Box<str>>,
    /// The entry's index (see [`Gazetteer::entry`]).
    pub id: u32,
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
    /// The alias matched is written in capitals and matched only as written ("WHO").
    pub exact: bool,
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
    /// Kinds of the aliases that use the word, as bits (`1 << kind index`).
    pub in_kinds: u8,
    /// Kinds of the aliases that are this word alone.
    pub alone_kinds: u8,
    /// The word names a people ("Israeli", "Gazans").
    pub demonym: bool,
    /// How common a surname the word is: 0 not one, 1 among the 1,000 most common US
    /// surnames, 2 the next 4,000, 3 the rest of the list.
    pub surname: u8,
    /// How common the word is in English: its Zipf frequency times 10 (0 for rare words,
    /// 20 for once in 10 million words, 70 for the most common).
    pub zipf: u8,
}

/// The bit of a kind in [`WordFacts::in_kinds`] and [`WordFacts::alone_kinds`].
pub fn kind_bit(kind: Kind) -> u8 {
    match kind {
        Kind::Person => 1,
        Kind::Place => 2,
        Kind::Org => 4,
    }
}

impl WordFacts {
    /// A word nothing is known of.
    pub const NONE: WordFacts = WordFacts {
        id: UNKNOWN,
        class: 0,
        given: false,
        in_kinds: 0,
        alone_kinds: 0,
        demonym: false,
        surname: 0,
        zipf: 0,
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
    /// Folded demonyms, one word or several.
    demonyms: FxHashSet<String>,
    /// For an entry that kept an alias, the entries of other countries that share it.
    alternatives: FxHashMap<u32, Vec<u32>>,
    /// How common a surname and how common a word each word is (kept apart from `words`,
    /// which every token looks up, so that map stays small).
    frequencies: FxHashMap<Box<str>, (u8, u8)>,
    /// Canonical names of towns and cities of fewer than a million people.
    towns: FxHashSet<Box<str>>,
    /// Canonical names of capitals and cities of a million people or more.
    cities: FxHashSet<Box<str>>,
    /// Canonical names of the other places: countries, states, continents, regions.
    regions: FxHashSet<Box<str>>,
    /// A number no other gazetteer of this process has: caches of what words' features
    /// are (which depend on the gazetteer) are kept per gazetteer.
    serial: usize,
}

static SERIALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

impl Gazetteer {
    /// Builds the automaton from the user's names (first, so they win) and the embedded lists.
    pub fn build(user: &[NameEntry]) -> Gazetteer {
        let mut g = Gazetteer {
            words: WordMap::default(),
            vocab_len: 0,
            edges: FxHashMap::default(),
            ends: vec![Vec::new()],
            entries: Vec::new(),
            demonyms: FxHashSet::default(),
            alternatives: FxHashMap::default(),
            frequencies: FxHashMap::default(),
            towns: FxHashSet::default(),
            cities: FxHashSet::default(),
            regions: FxHashSet::default(),
            serial: SERIALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        let mut claimed: FxHashMap<(String, bool), u32> = FxHashMap::default();
        for (n, name) in user.iter().chain(embedded_names()).cloned().enumerate() {
            let id = g.entries.len() as u32;
            let mut used = false;
            for alias in std::iter::once(&name.canonical).chain(&name.aliases) {
                match g.insert(alias, id, name.kind, &mut claimed) {
                    Ok(()) => used = true,
                    // an institution of another country with the same alias: an alternative
                    Err(owner) => {
                        let other = &g.entries[owner as usize];
                        let national = name.country.is_some() && other.country.is_some();
                        if national && other.country.as_deref() != name.country.as_deref() {
                            let list = g.alternatives.entry(owner).or_default();
                            if !list.contains(&id) {
                                list.push(id);
                            }
                            used = true;
                        }
                    }
                }
            }
            if used {
                if name.kind == Kind::Place {
                    let set = if name.weak {
                        &mut g.towns
                    } else if cities().contains(name.canonical.as_str()) {
                        &mut g.cities
                    } else {
                        &mut g.regions
                    };
                    set.insert(name.canonical.clone().into_boxed_str());
                }
                g.entries.push(Entry {
                    kind: name.kind,
                    weak: name.weak,
                    needs_context: name.needs_context,
                    canonical: name.canonical,
                    user: n < user.len(),
                    country: name.country.map(String::into_boxed_str),
                    id,
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
        for line in DEMONYMS.lines() {
            if !line.starts_with('#') && !line.is_empty() {
                let folded = fold(line);
                if !folded.contains(' ') {
                    g.words.entry(folded.clone()).demonym = true;
                }
                g.demonyms.insert(folded);
            }
        }
        let surnames = SURNAMES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty());
        for (rank, line) in surnames.enumerate() {
            g.frequencies.entry(fold(line).into()).or_default().0 = match rank {
                0..1000 => 1,
                1000..5000 => 2,
                _ => 3,
            };
        }
        for line in WORD_FREQUENCY.lines().filter(|l| !l.starts_with('#')) {
            if let Some((word, zipf)) = line.split_once('\t') {
                g.frequencies.entry(word.into()).or_default().1 = zipf.parse().unwrap_or(0);
            }
        }
        g
    }

    /// This gazetteer's number in this process (see the field).
    pub fn id(&self) -> usize {
        self.serial
    }

    /// Everything known of a folded word, how common it is included (looked up once per
    /// distinct word: [`Gazetteer::facts`] is the lookup for every token).
    pub fn all_facts(&self, folded: &str) -> WordFacts {
        let mut facts = self.words.get(folded);
        if let Some(&(surname, zipf)) = self.frequencies.get(folded) {
            facts.surname = surname;
            facts.zipf = zipf;
        }
        facts
    }

    /// Whether a folded name (words joined by single spaces) names a people.
    pub fn is_demonym(&self, folded: &str) -> bool {
        self.demonyms.contains(folded)
    }

    /// Adds an alias of an entry to the trie; when another entry has it already, that
    /// entry's id is the error (the first to claim an alias keeps it).
    fn insert(
        &mut self,
        alias: &str,
        entry: u32,
        kind: Kind,
        claimed: &mut FxHashMap<(String, bool), u32>,
    ) -> Result<(), u32> {
        let tokens = tokenize(alias);
        if tokens.is_empty() {
            return Err(entry);
        }
        let exact = tokens.iter().any(|t| t.is_acronym()) && tokens.len() <= 3;
        let key = fold(alias);
        match claimed.get(&(key.clone(), exact)) {
            Some(&owner) if owner == entry => return Ok(()),
            Some(&owner) => return Err(owner),
            None => {
                claimed.insert((key, exact), entry);
            }
        }
        let alone = tokens.len() == 1;
        let mut node = 0u32;
        for t in &tokens {
            let facts = self.words.entry(fold(t.text));
            facts.in_kinds |= kind_bit(kind);
            if alone {
                facts.alone_kinds |= kind_bit(kind);
            }
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
        Ok(())
    }

    /// The institutions of other countries that share an alias with `entry` (see
    /// [`NameEntry::country`]), as indexes for [`Gazetteer::entry`].
    pub fn alternatives(&self, entry: &Entry) -> &[u32] {
        self.alternatives.get(&entry.id).map_or(&[], Vec::as_slice)
    }

    /// An entry by its index.
    /// Whether a name is the canonical name of a town or city of fewer than a million
    /// people (a "weak" place of the list), as clubs are often named.
    pub fn is_town(&self, canonical: &str) -> bool {
        self.towns.contains(canonical)
    }

    /// How sure the gazetteer is that a place's canonical name is a place in every use: a
    /// country, a state or a region, a big city, a town, or a name it does not know. A
    /// country or a big city named like a town elsewhere ("Armenia", "Athens") is the
    /// country or the city.
    pub fn rank(&self, canonical: &str) -> PlaceRank {
        if self.regions.contains(canonical) {
            PlaceRank::Region
        } else if self.cities.contains(canonical) {
            PlaceRank::City
        } else if self.towns.contains(canonical) {
            PlaceRank::Town
        } else {
            PlaceRank::Unknown
        }
    }

    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// What is known of a folded word, but how common it is.
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
                        exact: alias.exact.is_some(),
                    });
                    break;
                }
            }
        }
        best
    }
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
}
