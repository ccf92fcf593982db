//! Article-level resolution: from the names the tagger found to mentions of entities, one
//! canonical name and one kind per entity per article. The steps, in order:
//!
//! 1. **Names from the tagger**, trimmed of punctuation, possessives, a leading "the" and a
//!    person's titles ("Prime Minister Benjamin Netanyahu"); a capitalized given name right
//!    before a person's name joins it ("Chelsea Clinton"). A name the gazetteer knows takes
//!    its canonical name ("U.N." -> United Nations, "Khan Younis" -> Khān Yūnis), and the
//!    gazetteer votes for its kind.
//! 2. **Names from the gazetteer the tagger left alone**: the user's `--names`, which win
//!    over the tagger; organizations' abbreviations written in capitals as the list writes
//!    them ("WHO", "NATO": precise enough to need no tagger); and demonyms ("Israeli
//!    officials" names Israel as a place: what a reader faceting on places wants).
//! 3. **Institutions of several countries** that share an alias ("the Treasury") mean the
//!    one of the country the article's other names point to, and stay as written when none
//!    does.
//! 4. **Abbreviations** given in brackets after a name ("Union of Rationalist Atheists and
//!    Agnostics (UAAR)") stand for it throughout the article.
//! 5. **People**: a surname, a given name or a partial name takes the longest full form in
//!    the article that it belongs to ("Burns" -> "William J. Burns").
//! 6. **Organizations**: a lone unknown word that ends an organization's full name is that
//!    organization ("Scientology" after "Church of Scientology"), as is the first word of a
//!    firm named with its legal form ("Bell" after "Bell Petroleum Services Inc").
//! 7. **Recurrence**: a name found is found wherever it recurs in the article, as are the
//!    surnames of people named in full; a lone word only when the tagger found it twice or
//!    the gazetteer knows it, so that one unsure tag does not spread.
//! 8. **One kind per entity**, by the weight of its mentions (the tagger's confidence, the
//!    gazetteer's vote); a place in a match report ("Sweden 1 – 0 Korea Republic", "Chelsea
//!    beat Arsenal 2-1") is a team, an organization, throughout the article.
//!
//! Everything here is linear in the article's length: names are found through hash maps.

use rustc_hash::FxHashMap;

use super::features::Paragraph;
use super::fold::fold;
use super::gazetteer::{Entry, Gazetteer, UNKNOWN};
use super::lexicon::{class, lexicon};
use super::rules::in_match_report;
use super::tagger::Tagged;
use super::tokens::TokenKind;
use super::{Kind, Mention};

/// Where a name came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// The user's names file.
    User,
    /// The tagger.
    Tagger,
    /// Another mention of a name found elsewhere in the article.
    Recurrence,
    /// A name of the gazetteer the tagger did not tag (a demonym, an abbreviation).
    Gazetteer,
}

/// A name in one paragraph, before the article decides its entity.
#[derive(Debug, Clone)]
struct Name {
    para: usize,
    /// Token range in the paragraph.
    start: usize,
    end: usize,
    kind: Kind,
    /// The canonical name so far: the gazetteer's, or the words as written.
    name: String,
    /// The gazetteer entry the name is.
    entry: Option<u32>,
    /// The gazetteer's vote for the name's kind, and its weight.
    gazetteer_vote: Option<(Kind, f32)>,
    /// The weight of the name's own kind in the vote.
    weight: f32,
    source: Source,
}

impl Name {
    fn is_single(&self) -> bool {
        self.end - self.start == 1
    }
}

/// A sequence of words to look for, and the entity it names.
struct Surface<'a> {
    words: Vec<&'a str>,
    name: String,
    kind: Kind,
}

/// One article's names, as the steps of the module doc refine them.
struct Article<'a> {
    gaz: &'a Gazetteer,
    paragraphs: &'a [Paragraph<'a>],
    names: Vec<Name>,
    /// Tokens inside a name, per paragraph.
    covered: Vec<Vec<bool>>,
    /// Canonical names of teams (a place next to a match score).
    teams: Vec<String>,
    /// Abbreviations in brackets and the names they stand for.
    abbreviations: FxHashMap<&'a str, (String, Kind)>,
    /// Lone given names after "the": things unless the article names a person by them.
    unless_a_person: Vec<(usize, usize)>,
}

/// Resolves the names the tagger found in an article's paragraphs into mentions.
pub fn resolve(
    gaz: &Gazetteer,
    paragraphs: &[Paragraph],
    tagged: Vec<Vec<Tagged>>,
) -> Vec<Vec<Mention>> {
    let mut article = Article {
        gaz,
        paragraphs,
        names: Vec::new(),
        covered: paragraphs.iter().map(|p| vec![false; p.len()]).collect(),
        teams: Vec::new(),
        abbreviations: FxHashMap::default(),
        unless_a_person: Vec::new(),
    };
    article.add_tagged(tagged);
    article.add_gazetteer_names();
    article.choose_countries();
    article.expand_abbreviations();
    article.resolve_people();
    article.drop_things();
    article.resolve_org_words();
    article.add_recurrences();
    article.mentions()
}

impl<'a> Article<'a> {
    fn cover(&mut self, para: usize, start: usize, end: usize) {
        for c in &mut self.covered[para][start..end] {
            *c = true;
        }
    }

    fn is_free(&self, para: usize, start: usize, end: usize) -> bool {
        !self.covered[para][start..end].iter().any(|&c| c)
    }

    /// Step 1 (see the module doc).
    fn add_tagged(&mut self, tagged: Vec<Vec<Tagged>>) {
        let paragraphs = self.paragraphs;
        for (para, (p, found)) in paragraphs.iter().zip(tagged).enumerate() {
            let found = with_given_names(p, found);
            let mut tagged_tokens = vec![false; p.len()];
            for t in &found {
                for c in &mut tagged_tokens[t.start..t.end] {
                    *c = true;
                }
            }
            for t in found {
                self.cover(para, t.start, t.end);
                let (a, b) = trim(p, t.start, t.end, t.kind);
                if a >= b {
                    continue;
                }
                let (a, b) = match t.kind {
                    Kind::Org => widen_fragment(self.gaz, p, a, b, &tagged_tokens),
                    _ => (a, b),
                };
                if t.kind == Kind::Person {
                    match given_name_of_a_thing(self.gaz, p, a, b, &tagged_tokens) {
                        Thing::No => {}
                        Thing::Yes => continue,
                        Thing::UnlessAPerson => self.unless_a_person.push((para, a)),
                    }
                }
                // "Academy Awards": a ceremony, not the organization
                if b - a >= 2 && p.words.is(b - 1, class::EVENT) && t.end < b {
                    continue;
                }
                self.cover(para, a, b);
                // the tagger's kind, unless the gazetteer's vote outweighs the tagger's: then the
                // gazetteer's kind and name ("Bush" the person is not the village Būsh, but
                // "Commons" is the House of Commons whatever the tagger thought)
                let weight = 0.5 + (t.confidence / 20.0).clamp(0.0, 0.5);
                let entry = known(self.gaz, p, a, b)
                    .filter(|e| e.user || e.kind == t.kind || gazetteer_vote(e).1 > weight);
                let (kind, name) = match entry {
                    Some(e) => (e.kind, e.canonical.clone()),
                    None => (t.kind, p.words.name(a, b)),
                };
                let place = kind == Kind::Place || entry.is_some_and(|e| e.kind == Kind::Place);
                if place && in_match_report(&p.words.tokens, a, b) {
                    self.teams.push(name.clone());
                }
                self.names.push(Name {
                    para,
                    start: a,
                    end: b,
                    kind,
                    name,
                    entry: entry.map(|e| e.id),
                    gazetteer_vote: entry.map(gazetteer_vote),
                    // a sure tagger counts up to twice as much as an unsure one
                    weight,
                    source: Source::Tagger,
                });
            }
        }
    }

    /// Step 2 (see the module doc).
    fn add_gazetteer_names(&mut self) {
        let (gaz, paragraphs) = (self.gaz, self.paragraphs);
        for (para, p) in paragraphs.iter().enumerate() {
            let mut i = 0;
            while i < p.len() {
                // demonyms and the user's names are written with capitals
                if p.words.id(i) == UNKNOWN || !p.words.is_name_word(i) {
                    i += 1;
                    continue;
                }
                let Some(m) = gaz.longest_match(&p.words, i) else {
                    i += 1;
                    continue;
                };
                let user = m.entry.user;
                let free = self.is_free(para, i, m.end);
                let acronym = free && m.exact && m.entry.kind == Kind::Org;
                let demonym = free
                    && m.entry.kind == Kind::Place
                    && gaz.is_demonym(&fold(&p.words.name(i, m.end)));
                if !(user || acronym || demonym) {
                    i += 1;
                    continue;
                }
                if user {
                    // the user's name replaces whatever the tagger made of these tokens
                    let end = m.end;
                    self.names
                        .retain(|n| n.para != para || n.end <= i || n.start >= end);
                }
                self.names.push(Name {
                    para,
                    start: i,
                    end: m.end,
                    kind: m.entry.kind,
                    name: m.entry.canonical.clone(),
                    entry: Some(m.entry.id),
                    gazetteer_vote: None,
                    weight: if user { 1000.0 } else { 0.5 },
                    source: if user {
                        Source::User
                    } else {
                        Source::Gazetteer
                    },
                });
                self.cover(para, i, m.end);
                i = m.end;
            }
        }
    }

    /// Step 3 (see the module doc).
    fn choose_countries(&mut self) {
        let gaz = self.gaz;
        let mut evidence: FxHashMap<&str, u32> = FxHashMap::default();
        for entry in self
            .names
            .iter()
            .filter_map(|n| n.entry.map(|id| gaz.entry(id)))
        {
            if let (Some(country), true) = (&entry.country, gaz.alternatives(entry).is_empty()) {
                *evidence.entry(country).or_default() += 1;
            }
        }
        let score = |id: u32| {
            gaz.entry(id)
                .country
                .as_deref()
                .and_then(|c| evidence.get(c))
                .copied()
                .unwrap_or(0)
        };
        for n in &mut self.names {
            let Some(entry) = n.entry.map(|id| gaz.entry(id)) else {
                continue;
            };
            let alternatives = gaz.alternatives(entry);
            if alternatives.is_empty() || entry.user {
                continue;
            }
            let best = std::iter::once(entry.id)
                .chain(alternatives.iter().copied())
                .max_by_key(|&id| (score(id), std::cmp::Reverse(id)))
                .unwrap_or(entry.id);
            if score(best) == 0 {
                n.name = self.paragraphs[n.para].words.name(n.start, n.end);
                n.entry = None;
                n.gazetteer_vote = None;
            } else {
                n.name = gaz.entry(best).canonical.clone();
                n.entry = Some(best);
            }
        }
    }

    /// Step 4 (see the module doc).
    fn expand_abbreviations(&mut self) {
        for n in &self.names {
            let tokens = &self.paragraphs[n.para].words.tokens;
            let bracketed = tokens.get(n.end).is_some_and(|t| t.text == "(")
                && tokens.get(n.end + 2).is_some_and(|t| t.text == ")")
                && tokens.get(n.end + 1).is_some_and(|t| t.is_acronym());
            if bracketed && n.end - n.start >= 2 {
                self.abbreviations
                    .entry(tokens[n.end + 1].text)
                    .or_insert((n.name.clone(), n.kind));
            }
        }
        for n in &mut self.names {
            if n.source == Source::User || !n.is_single() {
                continue;
            }
            let text = self.paragraphs[n.para].words.tokens[n.start].text;
            if let Some((full, kind)) = self.abbreviations.get(text) {
                n.name = full.clone();
                n.kind = *kind;
            }
        }
    }

    /// Step 5 (see the module doc).
    fn resolve_people(&mut self) {
        // people named in full, longest first
        let mut people: Vec<(String, Vec<String>)> = Vec::new();
        for n in self.names.iter().filter(|n| n.kind == Kind::Person) {
            let words = folded_words(&n.name);
            if words.len() >= 2 && !people.iter().any(|(name, _)| *name == n.name) {
                people.push((n.name.clone(), words));
            }
        }
        people.sort_by_key(|(_, w)| std::cmp::Reverse(w.len()));
        let mut by_last: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_first: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, (_, words)) in people.iter().enumerate() {
            if let (Some(first), Some(last)) = (words.first(), words.last()) {
                by_last.entry(last.as_str()).or_insert(i);
                by_first.entry(first.as_str()).or_insert(i);
            }
        }
        let gaz = self.gaz;
        for n in &mut self.names {
            if n.source == Source::User {
                continue;
            }
            let words = folded_words(&n.name);
            let known = n.entry.is_some_and(|id| gaz.entry(id).kind != Kind::Place);
            let full = match words.len() {
                0 => None,
                1 if n.kind == Kind::Person => by_last
                    .get(words[0].as_str())
                    .or_else(|| by_first.get(words[0].as_str()))
                    .copied(),
                // a lone word tagged otherwise: a surname, unless the gazetteer knows it as
                // something other than a place
                1 if !known => by_last.get(words[0].as_str()).copied(),
                _ if n.kind == Kind::Person => people
                    .iter()
                    .position(|(_, full)| full.len() > words.len() && is_subsequence(&words, full)),
                _ => None,
            };
            if let Some(i) = full {
                n.name = people[i].0.clone();
                n.kind = Kind::Person;
            }
        }
    }

    /// Step 5, continued: a lone given name after "the" that names no person of the
    /// article is a thing ("the Bill"), and goes.
    fn drop_things(&mut self) {
        if self.unless_a_person.is_empty() {
            return;
        }
        let things = std::mem::take(&mut self.unless_a_person);
        self.names.retain(|n| {
            !(n.kind == Kind::Person
                && !n.name.contains(' ')
                && things.contains(&(n.para, n.start)))
        });
    }

    /// Step 6 (see the module doc).
    fn resolve_org_words(&mut self) {
        let mut by_last: FxHashMap<String, String> = FxHashMap::default();
        for n in self.names.iter().filter(|n| n.kind == Kind::Org) {
            let tokens = &self.paragraphs[n.para].words.tokens;
            if n.end - n.start >= 3 && has_connector(&self.paragraphs[n.para], n) {
                by_last
                    .entry(fold(tokens[n.end - 1].text))
                    .or_insert_with(|| n.name.clone());
            }
            // a firm with its legal form ("Bell Petroleum Services Inc") is named by its
            // first word alone later ("Bell said")
            let firm = n.end - n.start >= 2 && super::junk::is_legal_form(tokens[n.end - 1].text);
            if firm && tokens[n.start].is_capitalized() {
                by_last
                    .entry(fold(tokens[n.start].text))
                    .or_insert_with(|| n.name.clone());
            }
        }
        for n in &mut self.names {
            let resolved_person = n.kind == Kind::Person && n.name.contains(' ');
            if !n.is_single() || n.entry.is_some() || n.source == Source::User || resolved_person {
                continue;
            }
            let word = fold(self.paragraphs[n.para].words.tokens[n.start].text);
            if let Some(full) = by_last.get(&word) {
                n.name = full.clone();
                n.kind = Kind::Org;
            }
        }
    }

    /// What step 7 looks for, by first word, longest first.
    fn surfaces(&self) -> FxHashMap<&'a str, Vec<Surface<'a>>> {
        let paragraphs = self.paragraphs;
        let mut tagged_words: FxHashMap<&str, u32> = FxHashMap::default();
        for n in self
            .names
            .iter()
            .filter(|n| n.source == Source::Tagger && n.is_single())
        {
            *tagged_words
                .entry(paragraphs[n.para].words.tokens[n.start].text)
                .or_default() += 1;
        }
        let mut found: Vec<Surface> = self
            .abbreviations
            .iter()
            .map(|(&short, (name, kind))| Surface {
                words: vec![short],
                name: name.clone(),
                kind: *kind,
            })
            .collect();
        for n in &self.names {
            let p = &paragraphs[n.para];
            let tokens = &p.words.tokens;
            let trusted = !n.is_single()
                || n.entry.is_some()
                || tagged_words
                    .get(tokens[n.start].text)
                    .is_some_and(|&c| c >= 2);
            if trusted && recurs(p, n.start, n.end) {
                found.push(Surface {
                    words: tokens[n.start..n.end].iter().map(|t| t.text).collect(),
                    name: n.name.clone(),
                    kind: n.kind,
                });
            }
            // the last word of an organization named in full, as after "Church of Scientology"
            let org_word = n.kind == Kind::Org && n.end - n.start >= 3 && has_connector(p, n);
            if org_word && recurs(p, n.end - 1, n.end) && p.words.id(n.end - 1) == UNKNOWN {
                found.push(Surface {
                    words: vec![tokens[n.end - 1].text],
                    name: n.name.clone(),
                    kind: n.kind,
                });
            }
            // the surname of a person named in full
            if n.kind == Kind::Person && !n.is_single() && recurs(p, n.end - 1, n.end) {
                found.push(Surface {
                    words: vec![tokens[n.end - 1].text],
                    name: n.name.clone(),
                    kind: n.kind,
                });
            }
        }
        // the first name given to a sequence of words keeps it
        let mut surfaces: FxHashMap<&str, Vec<Surface>> = FxHashMap::default();
        for s in found {
            let list = surfaces.entry(s.words[0]).or_default();
            if !list.iter().any(|o| o.words == s.words) {
                list.push(s);
            }
        }
        for list in surfaces.values_mut() {
            list.sort_by_key(|s| std::cmp::Reverse(s.words.len()));
        }
        surfaces
    }

    /// Step 7 (see the module doc).
    fn add_recurrences(&mut self) {
        let surfaces = self.surfaces();
        let mut found = Vec::new();
        for (para, p) in self.paragraphs.iter().enumerate() {
            let tokens = &p.words.tokens;
            let mut i = 0;
            while i < tokens.len() {
                let candidates = if self.covered[para][i] || !tokens[i].is_capitalized() {
                    None
                } else {
                    surfaces.get(tokens[i].text)
                };
                // an organization's lone word inside a longer capitalized name ("Bill" in
                // "Mental Capacity Bill") is part of that name, not the organization
                let glued = |len: usize| {
                    let before =
                        i > 0 && tokens[i - 1].is_capitalized() && !p.words.starts_sentence(i - 1);
                    let after = tokens.get(i + len).is_some_and(|t| t.is_capitalized());
                    before || after
                };
                let hit = candidates.and_then(|list| {
                    list.iter().find(|s| {
                        let end = i + s.words.len();
                        end <= tokens.len()
                            && s.words.iter().zip(&tokens[i..]).all(|(w, t)| *w == t.text)
                            && self.is_free(para, i, end)
                            && !(s.kind == Kind::Org && s.words.len() == 1 && glued(1))
                    })
                });
                let Some(s) = hit else {
                    i += 1;
                    continue;
                };
                found.push(Name {
                    para,
                    start: i,
                    end: i + s.words.len(),
                    kind: s.kind,
                    name: s.name.clone(),
                    entry: None,
                    gazetteer_vote: None,
                    weight: 0.25,
                    source: Source::Recurrence,
                });
                i += s.words.len();
            }
        }
        self.names.extend(found);
    }

    /// Step 8 (see the module doc), and the mentions, in text order, one per token.
    fn mentions(self) -> Vec<Vec<Mention>> {
        let mut votes: FxHashMap<&str, [f32; 3]> = FxHashMap::default();
        for n in &self.names {
            let v = votes.entry(n.name.as_str()).or_default();
            v[kind_index(n.kind)] += n.weight;
            if let Some((kind, weight)) = n.gazetteer_vote {
                v[kind_index(kind)] += weight;
            }
        }
        for team in &self.teams {
            if let Some(v) = votes.get_mut(team.as_str()) {
                v[kind_index(Kind::Org)] += 1000.0;
            }
        }
        let kind_of = |n: &Name| {
            let v = votes.get(n.name.as_str());
            match (n.source, v) {
                (Source::User, _) | (_, None) => n.kind,
                (_, Some(v)) => Kind::ALL
                    .into_iter()
                    .max_by(|a, b| v[kind_index(*a)].total_cmp(&v[kind_index(*b)]))
                    .unwrap_or(n.kind),
            }
        };
        let mut out: Vec<Vec<Mention>> = vec![Vec::new(); self.paragraphs.len()];
        let mut order: Vec<&Name> = self.names.iter().collect();
        order.sort_by_key(|n| (n.para, n.start, std::cmp::Reverse(n.end), n.source));
        for n in order {
            let tokens = &self.paragraphs[n.para].words.tokens;
            let list = &mut out[n.para];
            if list
                .last()
                .is_some_and(|m: &Mention| m.end > tokens[n.start].start)
            {
                continue;
            }
            list.push(Mention {
                kind: kind_of(n),
                name: n.name.clone(),
                start: tokens[n.start].start,
                end: tokens[n.end - 1].end,
            });
        }
        out
    }
}

/// The gazetteer's vote for an entry's kind: its hand-made organizations much, places that
/// share their names with so much else less, a small city's name a little.
fn gazetteer_vote(e: &Entry) -> (Kind, f32) {
    let weight = match (e.kind, e.weak) {
        (_, true) => 0.3,
        (Kind::Place, false) => 0.8,
        _ => 1.5,
    };
    (e.kind, weight)
}

/// Whether a name of three words or more joins them with "of", "for", "de" or "and"
/// ("Church of Scientology"): its last word may stand for it.
fn has_connector(p: &Paragraph, n: &Name) -> bool {
    n.end - n.start >= 3
        && p.words.tokens[n.start + 1..n.end - 1]
            .iter()
            .any(|t| matches!(t.text, "of" | "for" | "de" | "and"))
}

/// The folded words of a name, for comparing people's names.
fn folded_words(name: &str) -> Vec<String> {
    name.split(' ')
        .map(|w| fold(w.trim_end_matches('.')))
        .filter(|w| !w.is_empty())
        .collect()
}

/// `part` occurs in `whole` in order (not necessarily next to each other).
fn is_subsequence(part: &[String], whole: &[String]) -> bool {
    let mut it = whole.iter();
    part.iter().all(|p| it.any(|w| w == p))
}

/// The end of the longest title starting at token `a`, within `..b`.
fn title_end(p: &Paragraph, a: usize, b: usize) -> Option<usize> {
    if !p.words.is(a, class::TITLE_START) {
        return None;
    }
    let mut best = None;
    for title in lexicon().titles(p.words.folded(a)) {
        let n = title.len();
        let fits = a + n <= b
            && title
                .iter()
                .enumerate()
                .all(|(k, t)| p.words.folded(a + k) == *t);
        if fits {
            best = best.max(Some(a + n));
        }
    }
    best
}

/// The tagger's name trimmed to what names it: no punctuation or possessive ending at the
/// edges, no leading "the", no title before a person.
fn trim(p: &Paragraph, mut a: usize, mut b: usize, kind: Kind) -> (usize, usize) {
    let tokens = &p.words.tokens;
    while b > a && tokens[b - 1].kind != TokenKind::Word {
        b -= 1;
    }
    while a < b && tokens[a].kind != TokenKind::Word {
        a += 1;
    }
    if b - a > 1 && tokens[a].text.eq_ignore_ascii_case("the") {
        a += 1;
    }
    if kind == Kind::Person {
        while a < b {
            match title_end(p, a, b) {
                Some(end) if end < b => a = end,
                _ => break,
            }
        }
    }
    (a, b)
}

/// An organization the tagger named by one common word ("Channel" of "Channel 4", "Bill"
/// of "Anti-Terrorism Bill", "Academy" of "Academy Awards") is the fragment of a longer name:
/// it takes the capitalized words and the number right around it that no other name took.
/// A word the gazetteer knows alone ("Apple") stays as it is.
fn widen_fragment(
    gaz: &Gazetteer,
    p: &Paragraph,
    mut a: usize,
    mut b: usize,
    tagged: &[bool],
) -> (usize, usize) {
    const COMMON: u8 = 40; // Zipf 4: "bill", "channel", "academy"
    let tokens = &p.words.tokens;
    let lone_word = b - a == 1 && tokens[a].is_capitalized() && !tokens[a].is_acronym();
    if !lone_word || known(gaz, p, a, b).is_some() || gaz.all_facts(p.words.folded(a)).zipf < COMMON
    {
        return (a, b);
    }
    let joins = |i: usize| {
        !tagged[i]
            && tokens[i].kind == TokenKind::Word
            && (tokens[i].is_capitalized() || tokens[i].text.bytes().all(|c| c.is_ascii_digit()))
    };
    let (first, last) = (a, b);
    while b < tokens.len() && b - last < 3 && joins(b) {
        b += 1;
    }
    while a > 0 && first - a < 3 && joins(a - 1) && !p.words.starts_sentence(a - 1) {
        a -= 1;
    }
    (a, b)
}

/// Whether a lone given name the tagger took for a person names a thing.
enum Thing {
    No,
    Yes,
    /// Unless the article names a person by it ("the Blair government"; not "the Bill").
    UnlessAPerson,
}

/// Whether a lone given name the tagger took for a person names a thing: closing a longer
/// capitalized name of common words that no other name took ("Mental Capacity Bill"; not
/// "Joss Stone", not "M Owen" in a team sheet), or after "the" ("the Bill"), unless the
/// article names someone by it.
fn given_name_of_a_thing(
    gaz: &Gazetteer,
    p: &Paragraph,
    a: usize,
    b: usize,
    tagged: &[bool],
) -> Thing {
    const COMMON: u8 = 35;
    let tokens = &p.words.tokens;
    let surname_follows = tokens.get(b).is_some_and(|t| t.is_capitalized());
    if b - a != 1 || a == 0 || !p.words.is_given(a) || surname_follows {
        return Thing::No;
    }
    let before = &tokens[a - 1];
    let closes_a_name = !tagged[a - 1]
        && before.kind == TokenKind::Word
        && before.text.chars().count() > 1
        && !before.is_acronym()
        && before.is_capitalized()
        && !p.words.starts_sentence(a - 1)
        && !p.words.is(a - 1, class::ROLE | class::TITLE_START)
        && !p.words.is_given(a - 1)
        && p.words
            .folded(a - 1)
            .split('-')
            .all(|part| gaz.all_facts(part).zipf >= COMMON);
    if closes_a_name {
        Thing::Yes
    } else if before.text == "the" {
        Thing::UnlessAPerson
    } else {
        Thing::No
    }
}

/// The gazetteer entry whose alias is exactly tokens `a..b`.
fn known<'g>(gaz: &'g Gazetteer, p: &Paragraph, a: usize, b: usize) -> Option<&'g Entry> {
    if p.words.id(a) == UNKNOWN {
        return None;
    }
    gaz.longest_match(&p.words, a)
        .filter(|m| m.end == b)
        .map(|m| m.entry)
}

/// "Chelsea Clinton": a capitalized given name right before a person's name is part of it,
/// whatever the tagger made of it alone.
fn with_given_names(p: &Paragraph, found: Vec<Tagged>) -> Vec<Tagged> {
    let tokens = &p.words.tokens;
    let joins = |t: &Tagged| {
        let before = t.start.wrapping_sub(1);
        t.kind == Kind::Person
            && t.start > 0
            && p.words.is_given(before)
            && tokens[before].is_capitalized()
            && !p.words.starts_sentence(t.start)
            // not inside a longer name of its own
            && !found
                .iter()
                .any(|o| o.start <= before && before < o.end && o.end - o.start > 1)
    };
    let joined: Vec<usize> = found
        .iter()
        .filter(|t| joins(t))
        .map(|t| t.start - 1)
        .collect();
    found
        .iter()
        .filter(|t| !(t.end - t.start == 1 && joined.contains(&t.start)))
        .map(|t| {
            let mut t = *t;
            if joins(&t) {
                t.start -= 1;
            }
            t
        })
        .collect()
}

/// Whether a name of tokens `a..b` may be looked for elsewhere in the article: it starts
/// with a capital and is not a common word, a month or a lone short word.
fn recurs(p: &Paragraph, a: usize, b: usize) -> bool {
    let first = &p.words.tokens[a];
    if !first.is_capitalized() {
        return false;
    }
    if b - a == 1 {
        let folded = fold(first.text);
        let c = lexicon().class(&folded);
        if folded.chars().count() < 3
            || c & (class::FUNCTION | class::MONTH | class::TITLE_START) != 0
        {
            return false;
        }
    }
    true
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Person => 0,
        Kind::Place => 1,
        Kind::Org => 2,
    }
}
