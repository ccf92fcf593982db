//! Grouping the names of an archive into entities.
//!
//! The names are those the articles wrote, after each article's own resolution, with the
//! number of paragraphs that name each. Names join one entity when:
//!
//! 1. they are spelling variants of one name (see [`super::keys::spelling_key`]: dots,
//!    hyphens, spaces, accents, -ise/-ize, titles before a person's name), or the
//!    gazetteers know one as an alias of the other ("Tory" -> Conservative Party);
//! 2. a person's surname or partial name belongs to one dominant full name in the archive
//!    ("Blair" -> Tony Blair, "George Bush" -> George W Bush): the full names it fits must be
//!    led by one with at least [`DOMINANT`] of their paragraphs, else it stays apart and a
//!    filter on it says which entities it may be;
//! 3. an organization's abbreviation spells the capitals of one organization's name
//!    ("UKIP" -> UK Independence Party), or a one-word name begins one longer one-word name
//!    ("Yugansk" -> Yuganskneftegas);
//! 4. the user says so (see [`super::corrections`]).
//!
//! An entity's kind is a vote of its paragraphs weighted by what each name shows (see
//! `archive::evidence`); its name is its most common full form. A "person" whose
//! paragraphs' words often call it the title of a work ("the Harry Potter films", "Keane
//! were"), and an "organization" they often call a competition, a product or a show ("the
//! Champions League final", "the Mac mini", "EastEnders actress"), is hidden as one (see
//! `evidence::is_work`). Everything is a union of names found through hash maps, so the
//! work grows with the number of distinct names, not of paragraphs.

use rustc_hash::FxHashMap;

use super::corrections::Corrections;
use super::evidence::{is_work, never_somewhere, vote};
use super::keys::{abbreviation_letters, capitals, is_abbreviation, spelling_key, words};
use super::variants::Cues;
use crate::entities::fold::fold_name;
use crate::entities::lexicon::{class, lexicon};
use crate::entities::Kind;

/// The share of the paragraphs of the full names a partial name fits that the leading one
/// must have for the partial name to join it.
pub const DOMINANT: f64 = 0.8;

/// A name as the articles wrote it, and in how many paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub kind: Kind,
    pub name: String,
    pub count: u64,
}

/// An entity of the archive: its kind, its name, its variants (indexes into the variants
/// grouped) and whether the user hid it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: Kind,
    pub name: String,
    pub variants: Vec<usize>,
    pub hidden: bool,
    /// Hidden because its paragraphs call it the title of a work or a thing, not a person
    /// or an organization.
    pub work: bool,
}

impl Entity {
    /// Paragraphs naming the entity in any of its variants (a paragraph with two variants
    /// counts twice here; facet counts count it once).
    pub fn count(&self, variants: &[Variant]) -> u64 {
        self.variants.iter().map(|&v| variants[v].count).sum()
    }
}

/// A group of names (variant indexes) and what the archive's evidence decided for it.
pub(super) struct Decided {
    pub members: Vec<usize>,
    /// Its kind, when the evidence overrules the vote of its paragraphs.
    pub kind: Option<Kind>,
    /// The kind a work's title or a thing's name is taken for, hidden when the entity is
    /// of that kind (see [`is_work`]).
    pub work: Option<Kind>,
}

/// Union-find over variant indexes.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the group of `a` to that of `b`.
    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra] = rb;
        }
    }

    /// The groups, as lists of members in index order.
    fn members(&mut self) -> Vec<Vec<usize>> {
        let mut by_root: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for x in 0..self.parent.len() {
            let root = self.find(x);
            by_root.entry(root).or_default().push(x);
        }
        let mut groups: Vec<Vec<usize>> = by_root.into_values().collect();
        groups.sort_unstable_by_key(|g| g[0]);
        groups
    }
}

/// A group's totals: paragraphs per kind, and its leading name and words.
pub(super) struct Summary {
    pub kind: Kind,
    count: u64,
    /// The group's most common full form and its words.
    pub name: String,
    words: Vec<String>,
}

pub(super) fn summarize(members: &[usize], variants: &[Variant]) -> Summary {
    summarize_as(members, variants, None)
}

/// [`summarize`] for a group whose kind is already decided (a firm by its first word, a
/// correction's retype): its name is the most common of that kind, when it has one ("Moody"
/// the firm, not "A. Moody" the person).
pub(super) fn summarize_as(members: &[usize], variants: &[Variant], kind: Option<Kind>) -> Summary {
    let mut per_kind = [0u64; 3];
    for &m in members {
        per_kind[kind_index(variants[m].kind)] += variants[m].count;
    }
    let kind = kind
        .filter(|k| members.iter().any(|&m| variants[m].kind == *k))
        .unwrap_or_else(|| vote(members, variants));
    // the most common name of the group's kind, for a person a full name over a surname
    // and a name without a title before it ("John Peel" over "DJ John Peel", "Raj Reddy"
    // over "Prof Reddy"); ties to the alphabetically first
    let rank = |v: &Variant| {
        let written = v.name.split_whitespace().count();
        if kind != Kind::Person || written < 2 {
            return (kind != Kind::Person, true, v.count);
        }
        let bare = words(&v.name, kind).len();
        (bare > 1, bare == written, v.count)
    };
    let best = members
        .iter()
        .filter(|&&m| variants[m].kind == kind)
        .map(|&m| (rank(&variants[m]), m))
        .max_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then_with(|| variants[*b].name.cmp(&variants[*a].name))
        })
        .map_or(members[0], |(_, m)| m);
    let name = variants[best].name.clone();
    Summary {
        kind,
        count: per_kind.iter().sum(),
        words: words(&name, kind),
        name,
    }
}

/// Groups the names of an archive into entities (see the module doc), sorted by kind and
/// name.
pub fn group(variants: &[Variant], corrections: &Corrections) -> Vec<Entity> {
    group_with_cues(variants, &Cues::default(), corrections)
}

/// [`group`], with what the archive's paragraphs say of names (see
/// [`crate::entities::Cue`]).
pub fn group_with_cues(
    variants: &[Variant],
    cues: &Cues,
    corrections: &Corrections,
) -> Vec<Entity> {
    crate::trace::step("names grouped");
    let mut groups = Groups::new(variants.len());
    // 1. spelling variants, across kinds; but a town and an organization named like it (its
    // club, its council) stay apart
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    for (i, v) in variants.iter().enumerate() {
        let mut key = spelling_key(&v.name, v.kind);
        if key.is_empty() {
            continue;
        }
        if v.kind == Kind::Org && towns().contains(&fold_name(&v.name)) {
            key.push_str("\u{0}org");
        }
        match by_key.get(&key) {
            Some(&first) => groups.join(i, first),
            None => {
                by_key.insert(key, i);
            }
        }
    }
    join_gazetteer_aliases(&mut groups, variants);
    join_partial_names(&mut groups, variants);
    join_short_forms(&mut groups, variants);
    let firms = firms_by_first_word(&mut groups, variants, &cues.located);
    let firm_roots: rustc_hash::FxHashSet<usize> = firms.iter().map(|&m| groups.find(m)).collect();
    let found: Vec<Decided> = groups
        .members()
        .into_iter()
        .map(|members| Decided {
            kind: firm_roots
                .contains(&groups.find(members[0]))
                .then_some(Kind::Org)
                .or_else(|| never_somewhere(&members, variants, &cues.located)),
            work: is_work(&members, variants, &cues.works),
            members,
        })
        .collect();
    super::edits::apply(found, variants, corrections)
}

/// The folded aliases the embedded gazetteers give each canonical name of an organization
/// or a place, built once.
pub fn aliases_by_name() -> &'static FxHashMap<(Kind, String), Vec<String>> {
    static ALIASES: std::sync::LazyLock<FxHashMap<(Kind, String), Vec<String>>> =
        std::sync::LazyLock::new(|| {
            let mut map: FxHashMap<(Kind, String), Vec<String>> = FxHashMap::default();
            for entry in crate::entities::gazetteer::embedded_names() {
                if entry.kind == Kind::Person || entry.aliases.is_empty() {
                    continue;
                }
                map.entry((entry.kind, entry.canonical.clone()))
                    .or_default()
                    .extend(entry.aliases.iter().map(|a| fold_name(a)));
            }
            map
        });
    &ALIASES
}

/// The embedded gazetteers' canonical name for each folded alias of an organization or a
/// place, built once.
pub(super) fn gazetteer_aliases() -> &'static FxHashMap<(Kind, String), String> {
    static ALIASES: std::sync::LazyLock<FxHashMap<(Kind, String), String>> =
        std::sync::LazyLock::new(|| {
            let mut map = FxHashMap::default();
            let names = crate::entities::gazetteer::embedded_names().iter();
            // and countries that no longer exist ("Zaire"), known to the archive only
            for entry in names.chain(crate::entities::gazetteer::former_countries()) {
                if entry.kind == Kind::Person {
                    continue;
                }
                for alias in std::iter::once(&entry.canonical).chain(&entry.aliases) {
                    map.entry((entry.kind, fold_name(alias)))
                        .or_insert_with(|| entry.canonical.clone());
                }
            }
            map
        });
    &ALIASES
}

/// The embedded gazetteers' towns and cities, folded: the places that clubs and councils
/// are named after.
pub(super) fn towns() -> &'static rustc_hash::FxHashSet<String> {
    static TOWNS: std::sync::LazyLock<rustc_hash::FxHashSet<String>> =
        std::sync::LazyLock::new(|| {
            let mut towns: rustc_hash::FxHashSet<String> =
                crate::entities::gazetteer::embedded_names()
                    .iter()
                    .filter(|e| e.kind == Kind::Place && e.weak)
                    .map(|e| fold_name(&e.canonical))
                    .collect();
            // and the big cities, whose clubs are named after them as well ("Barcelona")
            towns.extend(
                crate::entities::gazetteer::cities()
                    .iter()
                    .map(|c| fold_name(c)),
            );
            towns
        });
    &TOWNS
}

/// Step 1, gazetteer half: a name the gazetteers know as an alias ("Tory") joins the name
/// they give it ("Conservative Party"), when the archive has that name.
fn join_gazetteer_aliases(groups: &mut Groups, variants: &[Variant]) {
    let index: FxHashMap<(Kind, &str), usize> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| ((v.kind, v.name.as_str()), i))
        .collect();
    for (i, v) in variants.iter().enumerate() {
        if v.kind == Kind::Person {
            continue;
        }
        if let Some(canonical) = gazetteer_aliases().get(&(v.kind, fold_name(&v.name))) {
            if let Some(&target) = index.get(&(v.kind, canonical.as_str())) {
                if target != i {
                    groups.join(i, target);
                }
            }
        }
    }
}

/// Step 2 of the module doc. Hyphens separate words here ("Kilroy Silk" is part of
/// "Robert Kilroy-Silk"), and longer partial names join first, so that "George Bush" has
/// joined George W Bush before "Bush" weighs the Bushes.
fn join_partial_names(groups: &mut Groups, variants: &[Variant]) {
    let members = groups.members();
    let summaries: Vec<Summary> = members.iter().map(|m| summarize(m, variants)).collect();
    let parts: Vec<Vec<&str>> = summaries
        .iter()
        .map(|s| {
            s.words
                .iter()
                .flat_map(|w| w.split('-'))
                .filter(|p| !p.is_empty())
                .collect()
        })
        .collect();
    // full names of people (two words or more, a hyphenated one-word name is not), by
    // last part
    let mut by_last: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (g, s) in summaries.iter().enumerate() {
        if s.kind == Kind::Person && s.words.len() >= 2 {
            if let Some(last) = parts[g].last() {
                by_last.entry(last).or_default().push(g);
            }
        }
    }
    // a lone word that the archive's full names use more as a first name than as a
    // surname ("David" of David Blunkett and David Davis, "Bill", "Ray") joins nobody's full
    // name across the archive, though one full name ends with it ("Craig David"): within
    // an article, resolution already joined it where the full name stands beside it
    let mut as_first: FxHashMap<&str, u64> = FxHashMap::default();
    let mut as_last: FxHashMap<&str, u64> = FxHashMap::default();
    for (g, s) in summaries.iter().enumerate() {
        if s.kind == Kind::Person && parts[g].len() >= 2 {
            *as_first.entry(parts[g][0]).or_default() += s.count;
            *as_last.entry(parts[g][parts[g].len() - 1]).or_default() += s.count;
        }
    }
    let first_name = |word: &str| {
        as_first.get(word).copied().unwrap_or(0) >= as_last.get(word).copied().unwrap_or(0).max(1)
    };
    let mut order: Vec<usize> = (0..summaries.len())
        .filter(|&g| summaries[g].kind == Kind::Person && !parts[g].is_empty())
        .filter(|&g| !(parts[g].len() == 1 && first_name(parts[g][0])))
        .collect();
    order.sort_by_key(|&g| std::cmp::Reverse(parts[g].len()));
    for g in order {
        let Some(candidates) = parts[g].last().and_then(|last| by_last.get(last)) else {
            continue;
        };
        // the full names this one fits: "blair" fits every Blair, "george bush" the
        // Bushes whose words hold george and bush in that order; counted per entity they
        // already belong to
        let mut fits: Vec<(usize, u64)> = Vec::new();
        for &c in candidates {
            if c == g || parts[c].len() <= parts[g].len() || !is_subsequence(&parts[g], &parts[c]) {
                continue;
            }
            let root = groups.find(members[c][0]);
            match fits.iter_mut().find(|(r, _)| *r == root) {
                Some((_, count)) => *count += summaries[c].count,
                None => fits.push((root, summaries[c].count)),
            }
        }
        let total: u64 = fits.iter().map(|&(_, n)| n).sum();
        let Some(&(lead, lead_count)) = fits.iter().max_by_key(|&&(_, n)| n) else {
            continue;
        };
        if total > 0 && lead_count as f64 >= DOMINANT * total as f64 {
            groups.join(members[g][0], lead);
        }
    }
}

/// Step 3 of the module doc.
fn join_short_forms(groups: &mut Groups, variants: &[Variant]) {
    let members = groups.members();
    let summaries: Vec<Summary> = members.iter().map(|m| summarize(m, variants)).collect();
    let orgs: Vec<usize> = (0..summaries.len())
        .filter(|&g| summaries[g].kind == Kind::Org)
        .collect();
    let mut by_capitals: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for &g in &orgs {
        if let Some(caps) = capitals(&summaries[g].name) {
            by_capitals.entry(caps).or_default().push(g);
        }
    }
    // one-word names of organizations, for short forms that begin them
    let mut one_word: Vec<(String, usize)> = orgs
        .iter()
        .filter(|&&g| summaries[g].words.len() == 1)
        .map(|&g| (summaries[g].words[0].clone(), g))
        .collect();
    one_word.sort();
    for &g in &orgs {
        let s = &summaries[g];
        let target = if is_abbreviation(&s.name) {
            by_capitals
                .get(&abbreviation_letters(&s.name))
                .and_then(|fits| dominant(fits, &summaries))
        } else if s.words.len() == 1 && s.words[0].chars().count() >= 6 {
            // "Yugansk" -> "Yuganskneftegas": the one longer one-word name it begins
            let word = &s.words[0];
            let from = one_word.partition_point(|(w, _)| w.as_str() < word.as_str());
            let longer: Vec<usize> = one_word[from..]
                .iter()
                .take_while(|(w, _)| w.starts_with(word.as_str()))
                .filter(|(w, _)| w.len() > word.len() + 2)
                .map(|&(_, c)| c)
                .collect();
            (longer.len() == 1).then(|| longer[0])
        } else {
            None
        };
        if let Some(t) = target {
            if t != g {
                groups.join(members[g][0], members[t][0]);
            }
        }
    }
}

/// Step 3, firms: a word the archive only ever writes alone and types a person ("Moody",
/// "Kidder", "Bell") is the name of a firm when organizations with a legal form or a
/// telling last word begin with it ("Moody's Investors Service Inc", "Kidder Peabody and
/// Co Inc", "Bell Atlantic Corp"): it becomes an organization of its own (it may stand for
/// any of them, or their parent, so it is not merged). A word that some
/// person's full name in the archive ends with ("Baker" of James Baker) is a surname, and
/// stays; so does a place where something is. Returns a member of each group to make an
/// organization.
fn firms_by_first_word(
    groups: &mut Groups,
    variants: &[Variant],
    located: &FxHashMap<String, u64>,
) -> Vec<usize> {
    let members = groups.members();
    let summaries: Vec<Summary> = members.iter().map(|m| summarize(m, variants)).collect();
    let mut firms: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut surnames: rustc_hash::FxHashSet<&str> = Default::default();
    for (g, s) in summaries.iter().enumerate() {
        if s.kind == Kind::Person && s.words.len() >= 2 && named_in_full(&members[g], variants) {
            if let Some(last) = s.words.last() {
                surnames.insert(last);
            }
        }
        if s.kind == Kind::Org
            && s.words.len() >= 2
            && members[g].iter().any(|&m| is_firm(&variants[m]))
        {
            firms.entry(s.words[0].as_str()).or_default().push(g);
        }
    }
    let mut out = Vec::new();
    for (g, s) in summaries.iter().enumerate() {
        // a person never named in full, or a place the gazetteers do not know that nothing
        // is ever in ("Balco", beside "Balco Laboratories"; not "in the Gulf", beside
        // "Gulf Canada Ltd")
        let unknown_place = s.kind == Kind::Place
            && !gazetteer_aliases().contains_key(&(Kind::Place, fold_name(&s.name)))
            && !members[g].iter().any(|&m| {
                variants[m].kind == Kind::Place && located.contains_key(&variants[m].name)
            });
        let lone_person = s.kind == Kind::Person && !named_in_full(&members[g], variants);
        if !unknown_place && !lone_person {
            continue;
        }
        // the word the group is most often written as
        let Some(&most) = members[g]
            .iter()
            .filter(|&&m| variants[m].kind == s.kind)
            .max_by_key(|&&m| variants[m].count)
        else {
            continue;
        };
        let w = words(&variants[most].name, s.kind);
        let [word] = w.as_slice() else {
            continue;
        };
        if surnames.contains(word.as_str()) {
            continue;
        }
        if firms.contains_key(word.as_str()) {
            out.push(members[g][0]);
        }
    }
    out
}

/// Whether a group writes a person in full with a known given name ("Clayton Yeutter";
/// "A. Moody" and "Thus Citicorp" are not).
pub(super) fn named_in_full(members: &[usize], variants: &[Variant]) -> bool {
    members.iter().any(|&m| is_full_name(&variants[m]))
}

/// Whether a name is a person's in full: two words or more, a known given name first.
pub(super) fn is_full_name(v: &Variant) -> bool {
    let w = words(&v.name, Kind::Person);
    v.kind == Kind::Person
        && w.len() >= 2
        && crate::entities::gazetteer::given_names().contains(&w[0])
}

/// Whether a name is an organization's with a legal form or a telling last word ("Inc",
/// "Brothers", "Bank").
pub(super) fn is_firm(v: &Variant) -> bool {
    v.kind == Kind::Org
        && v.name.split_whitespace().skip(1).any(|word| {
            crate::entities::junk::is_legal_form(word)
                || lexicon().class(&crate::entities::fold::fold(word)) & class::ORG_SUFFIX != 0
        })
}

/// The group among `fits` with at least [`DOMINANT`] of their paragraphs, if one has.
fn dominant(fits: &[usize], summaries: &[Summary]) -> Option<usize> {
    let total: u64 = fits.iter().map(|&c| summaries[c].count).sum();
    let lead = *fits.iter().max_by_key(|&&c| summaries[c].count)?;
    (total > 0 && summaries[lead].count as f64 >= DOMINANT * total as f64).then_some(lead)
}

/// `part` occurs in `whole` in order (not necessarily next to each other).
fn is_subsequence<T: PartialEq>(part: &[T], whole: &[T]) -> bool {
    let mut it = whole.iter();
    part.iter().all(|p| it.any(|w| w == p))
}

pub fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Person => 0,
        Kind::Place => 1,
        Kind::Org => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(kind: Kind, name: &str, count: u64) -> Variant {
        Variant {
            kind,
            name: name.to_string(),
            count,
        }
    }

    /// The entities as (kind, name, sorted variant names).
    fn grouped(
        variants: &[Variant],
        corrections: &Corrections,
    ) -> Vec<(Kind, String, Vec<String>)> {
        group(variants, corrections)
            .into_iter()
            .map(|e| {
                let mut names: Vec<String> = e
                    .variants
                    .iter()
                    .map(|&i| variants[i].name.clone())
                    .collect();
                names.sort();
                (e.kind, e.name, names)
            })
            .collect()
    }

    fn find<'a>(
        entities: &'a [(Kind, String, Vec<String>)],
        name: &str,
    ) -> &'a (Kind, String, Vec<String>) {
        entities
            .iter()
            .find(|e| e.1 == name)
            .unwrap_or_else(|| panic!("no entity {name:?} in {entities:?}"))
    }

    use Kind::{Org, Person, Place};

    #[test]
    fn variants_surnames_and_abbreviations_join() {
        let variants = [
            v(Person, "Tony Blair", 385),
            v(Person, "Blair", 16),
            v(Person, "Mr Blair", 3),
            v(Person, "Cherie Blair", 4),
            v(Person, "George W Bush", 48),
            v(Person, "George W. Bush", 1),
            v(Person, "George Bush", 8),
            v(Person, "Bush", 23),
            v(Person, "Robert Kilroy-Silk", 59),
            v(Person, "Robert Kilroy Silk", 7),
            v(Person, "Kilroy-Silk", 1),
            v(Org, "UK Independence Party", 24),
            v(Org, "UKIP", 53),
            v(Org, "World Trade Organization", 15),
            v(Org, "World Trade Organisation", 12),
            v(Org, "Yuganskneftegas", 18),
            v(Org, "Yugansk", 27),
            v(Org, "Rosneft", 14),
            v(Person, "Rosneft", 9),
            v(Org, "Conservative Party", 281),
            v(Org, "Tory", 44),
        ];
        let e = grouped(&variants, &Corrections::default());
        assert_eq!(
            find(&e, "Tony Blair").2,
            vec!["Blair", "Mr Blair", "Tony Blair"],
            "Cherie Blair has 4 of 389 Blair paragraphs: Blair is Tony"
        );
        assert_eq!(find(&e, "Cherie Blair").2, vec!["Cherie Blair"]);
        assert_eq!(
            find(&e, "George W Bush").2,
            vec!["Bush", "George Bush", "George W Bush", "George W. Bush"]
        );
        assert_eq!(find(&e, "Robert Kilroy-Silk").2.len(), 3);
        assert_eq!(find(&e, "UKIP").2, vec!["UK Independence Party", "UKIP"]);
        assert_eq!(find(&e, "World Trade Organization").2.len(), 2);
        assert_eq!(find(&e, "Yugansk").2, vec!["Yugansk", "Yuganskneftegas"]);
        let rosneft = find(&e, "Rosneft");
        assert_eq!(
            (rosneft.0, rosneft.2.len()),
            (Org, 2),
            "one kind, by weight"
        );
        assert_eq!(
            find(&e, "Conservative Party").2,
            vec!["Conservative Party", "Tory"]
        );
    }

    #[test]
    fn variants_that_only_the_archive_shows_join() {
        let variants = [
            v(Person, "George W Bush", 48),
            v(Person, "George Bush", 8),
            v(Person, "Bush", 29),
            v(Person, "Kate Bush", 5),
            v(Person, "Robert Kilroy-Silk", 55),
            v(Person, "Robert Kilroy Silk", 7),
            v(Person, "Kilroy Silk", 7),
            v(Person, "Kilroy-Silk", 1),
            v(Person, "Wednesday Kate Bush", 1),
            v(Person, "DJ John Peel", 7),
            v(Person, "John Peel", 6),
            v(Org, "Disasters Emergency Committee", 7),
            v(Org, "Disaster Emergency Committee", 2),
            v(Org, "DEC", 2),
            v(Org, "Times", 9),
            v(Org, "Time", 4),
        ];
        let e = grouped(&variants, &Corrections::default());
        assert_eq!(
            find(&e, "George W Bush").2,
            vec!["Bush", "George Bush", "George W Bush"]
        );
        assert_eq!(
            find(&e, "Disasters Emergency Committee").2,
            vec![
                "DEC",
                "Disaster Emergency Committee",
                "Disasters Emergency Committee"
            ],
            "a plural in a long name, and the abbreviation of both spellings"
        );
        assert_eq!(find(&e, "Time").2, vec!["Time"]);
        assert_eq!(
            find(&e, "John Peel").2,
            vec!["DJ John Peel", "John Peel"],
            "named without the title it was written with once more"
        );
        assert_eq!(
            find(&e, "Kate Bush").2,
            vec!["Kate Bush", "Wednesday Kate Bush"]
        );
        assert_eq!(
            find(&e, "Robert Kilroy-Silk").2,
            vec![
                "Kilroy Silk",
                "Kilroy-Silk",
                "Robert Kilroy Silk",
                "Robert Kilroy-Silk"
            ]
        );
    }

    #[test]
    fn real_ambiguity_stays_apart() {
        let variants = [
            v(Person, "Gordon Brown", 265),
            v(Person, "James Brown", 120),
            v(Person, "Brown", 30),
            v(Place, "Paris", 500),
            v(Person, "Paris Hilton", 12),
            v(Person, "Michael Owen", 21),
            v(Person, "Owen", 15),
            v(Person, "Clive Owen", 22),
        ];
        let e = grouped(&variants, &Corrections::default());
        assert_eq!(
            find(&e, "Brown").2,
            vec!["Brown"],
            "two common Browns: Brown alone stays"
        );
        assert_eq!(find(&e, "Gordon Brown").2, vec!["Gordon Brown"]);
        assert_eq!(find(&e, "Paris").0, Place);
        assert_eq!(find(&e, "Paris Hilton").0, Person);
        assert_eq!(
            find(&e, "Owen").2,
            vec!["Owen"],
            "a footballer and an actor"
        );
    }

    #[test]
    fn corrections_merge_split_rename_retype_and_hide() {
        let variants = [
            v(Person, "Tony Blair", 385),
            v(Person, "Blair", 16),
            v(Person, "Analysts", 40),
            v(Person, "Nintendo DS", 12),
            v(Org, "Tory", 44),
            v(Org, "Conservative Party", 281),
            v(Person, "Gordon Brown", 265),
            v(Person, "James Brown", 120),
            v(Person, "Brown", 30),
        ];
        let corrections = Corrections::parse(
            "hide\tperson\tAnalysts\n\
             retype\tperson\tNintendo DS\torg\n\
             merge\torg\tTory\tConservative Party\n\
             split\tperson\tBlair\n\
             rename\tperson\tTony Blair\tAnthony Blair\n\
             person\tGordon Brown\tBrown\n",
            "fixes.tsv",
        )
        .unwrap();
        let entities = group(&variants, &corrections);
        let by_name = |n: &str| {
            entities
                .iter()
                .find(|e| e.name == n)
                .unwrap_or_else(|| panic!("{n}"))
        };
        assert!(by_name("Analysts").hidden);
        assert_eq!(by_name("Nintendo DS").kind, Org);
        assert_eq!(by_name("Conservative Party").variants.len(), 2);
        assert_eq!(by_name("Blair").variants, vec![1]);
        assert_eq!(by_name("Anthony Blair").variants, vec![0]);
        assert_eq!(
            by_name("Gordon Brown").variants.len(),
            2,
            "the names line merges Brown"
        );
    }

    #[test]
    fn the_archive_decides_a_kind_by_its_evidence() {
        let variants = [
            v(Person, "Texaco", 155),
            v(Org, "Texaco", 80),
            v(Org, "Texaco Inc", 12),
            v(Person, "Merrill Lynch", 202),
            v(Org, "Merrill Lynch and Co Inc", 36),
            v(Person, "Moody", 300),
            v(Person, "A. Moody", 1),
            v(Org, "Moody", 9),
            v(Org, "Moody's Investors Service Inc", 100),
            v(Person, "James Baker", 500),
            v(Person, "Baker", 48),
            v(Org, "Baker Hughes Inc", 20),
            v(Person, "Brown", 69),
            v(Org, "Brown Inc", 2),
            v(Person, "Yugoslavia", 49),
            v(Place, "Yugoslavia", 25),
            v(Person, "Jordan", 37),
            v(Place, "Jordan", 4),
            v(Person, "Clayton Yeutter", 213),
            v(Org, "Clayton Yeutter", 3),
            v(Place, "S Easterby", 6),
            v(Person, "S Easterby", 4),
            v(Place, "N Ireland", 5),
            v(Person, "Vantoshi", 12),
            v(Org, "Vantoshi", 3),
        ];
        let e = grouped(&variants, &Corrections::default());
        assert_eq!(
            find(&e, "Vantoshi").0,
            Org,
            "a tie goes from a person never named in full"
        );
        let kind_of = |name: &str| find(&e, name).0;
        assert_eq!(kind_of("Texaco"), Org, "{e:?}");
        assert_eq!(find(&e, "Texaco").2.len(), 3, "Texaco Inc is Texaco");
        assert_eq!(
            kind_of("Merrill Lynch and Co Inc"),
            Org,
            "people are not incorporated"
        );
        assert_eq!(kind_of("Moody's Investors Service Inc"), Org);
        assert_eq!(
            kind_of("Moody"),
            Org,
            "a firm's first word, never a full name"
        );
        assert_eq!(kind_of("James Baker"), Person);
        assert!(
            find(&e, "James Baker").2.contains(&"Baker".to_string()),
            "a surname stays"
        );
        assert_eq!(
            kind_of("Brown"),
            Person,
            "two paragraphs of Brown Inc do not outweigh"
        );
        assert_eq!(kind_of("Yugoslavia"), Place);
        assert_eq!(
            kind_of("Jordan"),
            Place,
            "a country typed a person, never named in full"
        );
        assert_eq!(kind_of("Clayton Yeutter"), Person);
        assert_eq!(
            kind_of("S Easterby"),
            Person,
            "an initial and a surname is a person's shape"
        );
        assert_eq!(kind_of("N Ireland"), Place, "unless nothing else says so");
    }

    #[test]
    fn titles_of_works_are_hidden_from_the_people_and_retype_shows_them() {
        let variants = [
            v(Person, "Harry Potter", 10),
            v(Person, "Martin Scorsese", 40),
            v(Person, "Keane", 2),
        ];
        let cues = Cues {
            works: [
                ("Harry Potter".to_string(), 6),
                ("Martin Scorsese".to_string(), 2),
                ("Keane".to_string(), 1),
            ]
            .into_iter()
            .collect(),
            located: FxHashMap::default(),
        };
        let shown = |corrections: &Corrections| -> Vec<(String, bool, bool)> {
            group_with_cues(&variants, &cues, corrections)
                .into_iter()
                .map(|e| (e.name, e.hidden, e.work))
                .collect()
        };
        assert_eq!(
            shown(&Corrections::default()),
            vec![
                ("Harry Potter".to_string(), true, true),
                ("Keane".to_string(), false, false), // one cue is not enough
                ("Martin Scorsese".to_string(), false, false), // "the Scorsese film"
            ]
        );
        let keep = Corrections::parse("retype\tperson\tHarry Potter\tperson\n", "c.tsv")
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(shown(&keep)[0], ("Harry Potter".to_string(), false, false));
    }

    #[test]
    fn organizations_often_named_as_things_are_hidden_and_firms_are_not() {
        // (a name taken for an org, its paragraphs, those that name it as a thing, hidden)
        let rows: &[(&str, u64, u64, bool)] = &[
            ("Mac Format", 9, 6, true),   // "the Mac mini", "Mac users"
            ("Galaxy Cup", 40, 9, true),  // "the Galaxy Cup final"
            ("Microsoft", 160, 5, false), // "Microsoft software" now and then
            ("Sky", 43, 5, false),        // "Sky viewers": 0.12
            ("Widgetnet", 10, 1, false),  // one paragraph is not enough
        ];
        for &(name, count, cued, hidden) in rows {
            let variants = [v(Org, name, count)];
            let cues = Cues {
                works: [(name.to_string(), cued)].into_iter().collect(),
                located: FxHashMap::default(),
            };
            let found = group_with_cues(&variants, &cues, &Corrections::default());
            assert_eq!((found[0].hidden, found[0].work), (hidden, hidden), "{name}");
        }
        // a name written as a person and as an org is the thing of the kind named more
        let variants = [v(Org, "Mac", 9), v(Person, "Mac", 8)];
        let cues = Cues {
            works: [("Mac".to_string(), 6)].into_iter().collect(),
            located: FxHashMap::default(),
        };
        let found = group_with_cues(&variants, &cues, &Corrections::default());
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].kind, found[0].hidden), (Org, true));
    }

    #[test]
    fn a_place_nothing_is_ever_in_is_the_other_thing_the_archive_calls_it() {
        let variants = [
            v(Place, "Jamelia", 8),
            v(Person, "Jamelia", 2),
            v(Place, "Brixton", 6),
            v(Person, "Brixton", 2),
            v(Place, "Vantrix", 5),
            v(Org, "Vantrix", 1),
            v(Place, "Lonelyvale", 9),
            v(Place, "NQ", 31),
            v(Person, "NQ", 6),
            // firms begin with these words: a place nothing is in is the firm, one where
            // things happen stays a place
            v(Place, "Balcorp", 14),
            v(Org, "Balcorp Laboratories Inc", 3),
            v(Place, "Gulfwater", 288),
            v(Org, "Gulfwater", 21),
            v(Org, "Gulfwater Canada Ltd", 30),
        ];
        let cues = Cues {
            works: FxHashMap::default(),
            located: [("Brixton".to_string(), 3), ("Gulfwater".to_string(), 40)]
                .into_iter()
                .collect(),
        };
        let kinds: Vec<(Kind, String)> = group_with_cues(&variants, &cues, &Corrections::default())
            .into_iter()
            .map(|e| (e.kind, e.name))
            .collect();
        let kind_of = |name: &str| {
            kinds
                .iter()
                .find(|(_, n)| n == name)
                .map(|(k, _)| *k)
                .unwrap_or_else(|| panic!("{name} in {kinds:?}"))
        };
        assert_eq!(kind_of("Jamelia"), Person, "never somewhere, also a person");
        assert_eq!(kind_of("Brixton"), Place, "things happen in Brixton");
        assert_eq!(
            kind_of("Vantrix"),
            Org,
            "never somewhere, also an organization"
        );
        assert_eq!(kind_of("Lonelyvale"), Place, "nothing else says what it is");
        assert_eq!(
            kind_of("NQ"),
            Place,
            "no person is written in capitals alone"
        );
        assert_eq!(
            kind_of("Balcorp"),
            Org,
            "a firm's first word, never somewhere"
        );
        assert_eq!(kind_of("Gulfwater"), Place, "in the Gulfwater: a place");
    }

    #[test]
    fn a_country_that_no_longer_exists_is_a_place() {
        let variants = [v(Person, "Zaire", 37), v(Place, "Zaire", 4)];
        let e = grouped(&variants, &Corrections::default());
        assert_eq!(find(&e, "Zaire").0, Place);
    }

    #[test]
    fn a_first_name_alone_joins_no_full_name_that_ends_with_it() {
        let variants = [
            v(Person, "David", 12),
            v(Person, "Craig David", 10),
            v(Person, "David Blunkett", 63),
            v(Person, "David Davis", 24),
            v(Person, "Blair", 19),
            v(Person, "Tony Blair", 384),
        ];
        let e = grouped(&variants, &Corrections::default());
        assert_eq!(find(&e, "David").2, vec!["David"], "{e:?}");
        assert_eq!(find(&e, "Craig David").2, vec!["Craig David"]);
        assert_eq!(find(&e, "Tony Blair").2, vec!["Blair", "Tony Blair"]);
    }

    #[test]
    fn a_town_and_its_club_are_two_entities() {
        let variants = [
            v(Place, "Liverpool", 56),
            v(Org, "Liverpool", 43),
            v(Person, "Liverpool", 1),
        ];
        let e = grouped(&variants, &Corrections::default());
        let kinds: Vec<Kind> = e.iter().map(|x| x.0).collect();
        assert_eq!(kinds, vec![Place, Org], "{e:?}");
    }

    #[test]
    fn a_country_written_with_a_legal_form_somewhere_stays_a_place() {
        let variants = [
            v(Place, "United States", 8062),
            v(Place, "U. S", 46),
            v(Person, "U. S", 3),
            v(Org, "United States", 19),
            v(Org, "U.S. Inc", 2),
        ];
        let e = grouped(&variants, &Corrections::default());
        assert_eq!(find(&e, "United States").0, Place, "{e:?}");
    }
}
