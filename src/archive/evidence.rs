//! The evidence that decides what an entity of the archive is: the vote of its paragraphs
//! weighted by what each name shows ([`vote`]), the title of a work or the name of a thing
//! its paragraphs often call it ([`is_work`]), a place nothing is ever in
//! ([`never_somewhere`]). Used by [`super::group`] once the names are grouped.

use rustc_hash::FxHashMap;

use super::group::{
    gazetteer_aliases, is_firm, is_full_name, kind_index, named_in_full, towns, Variant,
};
use super::keys::{spelling_key, words};
use crate::entities::fold::fold_name;
use crate::entities::Kind;

/// How much one paragraph's mention of a name weighs for its kind, by what the name shows:
/// a person written in full with a known given name ("Clayton Yeutter") is surer than a
/// lone word ("Texaco" typed a person); an organization's name with a legal form or a
/// telling last word ("Texaco Inc", "Salomon Brothers") or one the gazetteer knows is surer
/// than a bare word; a place the gazetteer does not know is a weak place.
pub(super) fn evidence(v: &Variant) -> f64 {
    match v.kind {
        Kind::Person if is_full_name(v) || by_initial(&v.name) => 1.5,
        Kind::Person if words(&v.name, v.kind).len() >= 2 => 1.0,
        Kind::Person => 0.5,
        Kind::Org => {
            if is_firm(v) || gazetteer_aliases().contains_key(&(Kind::Org, fold_name(&v.name))) {
                2.0
            } else {
                1.0
            }
        }
        Kind::Place if gazetteer_aliases().contains_key(&(Kind::Place, fold_name(&v.name))) => 1.5,
        // the shape of a person in a team sheet ("S Easterby"), not of a place
        Kind::Place if by_initial(&v.name) => 0.1,
        Kind::Place => 0.7,
    }
}

/// Whether a name is an initial and a capitalized surname, the way team sheets and
/// results name people ("S Easterby", "J. O'Connor"), and nothing else.
pub(super) fn by_initial(name: &str) -> bool {
    let mut words = name.split_whitespace();
    let (Some(first), Some(last), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let initial = first.trim_end_matches('.');
    initial.len() == 1
        && initial.chars().all(|c| c.is_ascii_uppercase())
        && last.chars().count() >= 3
        && last.chars().next().is_some_and(char::is_uppercase)
        && last.chars().skip(1).any(char::is_lowercase)
}

/// The kind of a group of names: the paragraphs of each kind, weighted by [`evidence`]. A
/// person named only by lone words, when the archive also gives the name another kind, is
/// most likely not a person at all (people are named in full somewhere): its person votes
/// count half again. "In full" is with a known given name: "Thus Citicorp" is no full name.
pub(super) fn vote(members: &[usize], variants: &[Variant]) -> Kind {
    let mut weight = [0f64; 3];
    let in_full = named_in_full(members, variants);
    let typed_place = members.iter().any(|&m| variants[m].kind == Kind::Place);
    for &m in members {
        let v = &variants[m];
        // a lone word typed a person that the gazetteer knows as a place, and the archive
        // types a place elsewhere ("Zaire"), votes for the place, unless the archive names
        // a person in full with it
        let place_word = v.kind == Kind::Person
            && !in_full
            && typed_place
            && !v.name.contains(' ')
            && gazetteer_aliases().contains_key(&(Kind::Place, fold_name(&v.name)));
        let kind = if place_word { Kind::Place } else { v.kind };
        weight[kind_index(kind)] += v.count as f64 * evidence(v);
    }
    // a person's name in full (a known given name first) that the archive also writes with
    // a legal form, in two paragraphs or more ("Merrill Lynch" and "Merrill Lynch and Co
    // Inc"), is a firm named after people: people are not incorporated
    let incorporated = members.iter().any(|&m| {
        let v = &variants[m];
        v.kind == Kind::Org
            && v.count >= 2
            && v.name
                .split_whitespace()
                .any(crate::entities::junk::is_legal_form)
            && members.iter().any(|&p| {
                is_full_name(&variants[p])
                    && spelling_key(&variants[p].name, Kind::Person)
                        == spelling_key(&v.name, Kind::Org)
            })
    });
    if incorporated {
        return Kind::Org;
    }
    if !in_full && weight[1] + weight[2] > 0.0 {
        weight[0] *= 0.5;
    }
    // a tie goes to a person named in full, and from one never named so ("Toshiba", a
    // person in 12 paragraphs and a firm in 3)
    let tie = |k: Kind| {
        let i = kind_index(k);
        if in_full {
            2 - i
        } else {
            i
        }
    };
    Kind::ALL
        .into_iter()
        .max_by(|a, b| {
            weight[kind_index(*a)]
                .total_cmp(&weight[kind_index(*b)])
                .then(tie(*a).cmp(&tie(*b)))
        })
        .unwrap_or(Kind::Person)
}

/// A person's paragraphs that must call it a work, at least, for it to be taken for one.
const WORK_SHARE: f64 = 0.2;

/// An organization's paragraphs that must call it a thing (a competition, a product, a
/// show: see `entities::cues`), at least, for it to be taken for one. Firms are named
/// before their products in a few paragraphs ("Microsoft software", "Sky viewers": 0.08
/// at most among BBC's and Reuters' 150 most named); "the Mac mini", "Half-Life 2" in most.
const THING_SHARE: f64 = 0.15;

/// Paragraphs that must call an organization a thing, at least.
const THING_PARAGRAPHS: u64 = 2;

/// Whether a group of names is the title of a work or a thing, and the kind it is taken
/// for: a person when at least two and [`WORK_SHARE`] of the paragraphs that name it a
/// person cue it as a work; an organization when [`THING_PARAGRAPHS`] and [`THING_SHARE`]
/// of those that name it one do (`works`: such paragraphs by name). Paragraphs that a
/// strong cue took from the people count on both sides, so a film the archive always
/// writes with "film" before it is one.
pub(super) fn is_work(
    members: &[usize],
    variants: &[Variant],
    works: &FxHashMap<String, u64>,
) -> Option<Kind> {
    if works.is_empty() {
        return None;
    }
    let (mut cued, mut person) = (0u64, 0u64);
    let (mut thing, mut org) = (0u64, 0u64);
    for &m in members {
        let v = &variants[m];
        let w = works.get(&v.name).copied().unwrap_or(0);
        match v.kind {
            Kind::Person => {
                cued += w;
                person += v.count.max(w);
            }
            Kind::Org => {
                thing += w;
                org += v.count.max(w);
            }
            Kind::Place => {}
        }
    }
    // a name's cues count for each kind it is written as; the kind it is named as more
    // often decides which it is taken for
    let work = cued >= 2 && cued as f64 >= WORK_SHARE * person as f64;
    let thing = thing >= THING_PARAGRAPHS && thing as f64 >= THING_SHARE * org as f64;
    match (work, thing) {
        (true, true) if org >= person => Some(Kind::Org),
        (true, _) => Some(Kind::Person),
        (false, true) => Some(Kind::Org),
        (false, false) => None,
    }
}

/// Place paragraphs a name the gazetteer does not know needs, at least, before it counts
/// as a place that is never somewhere (see [`never_somewhere`]).
const UNPLACED_PARAGRAPHS: u64 = 3;

/// The kind of a group whose place names the gazetteer does not know, in
/// [`UNPLACED_PARAGRAPHS`] paragraphs or more, none of which says something is in it
/// ("Jamelia", "Balco"), when the archive also names it as something else: that other kind.
/// A place is where things are; a name that never is one is likely a person's or a firm's.
pub(super) fn never_somewhere(
    members: &[usize],
    variants: &[Variant],
    located: &FxHashMap<String, u64>,
) -> Option<Kind> {
    let mut places = 0;
    let mut other = [0u64; 3];
    for &m in members {
        let v = &variants[m];
        // people are not written in capitals alone ("NY" of "NY COMEX GOLD" is no one)
        let capitals = !v.name.chars().any(char::is_lowercase);
        if v.kind == Kind::Person && capitals {
            continue;
        }
        if v.kind != Kind::Place {
            other[kind_index(v.kind)] += v.count;
            continue;
        }
        let folded = fold_name(&v.name);
        let known = gazetteer_aliases().contains_key(&(Kind::Place, folded.clone()))
            || towns().contains(&folded);
        if known || located.get(&v.name).copied().unwrap_or(0) > 0 {
            return None;
        }
        places += v.count;
    }
    if places < UNPLACED_PARAGRAPHS {
        return None;
    }
    [Kind::Person, Kind::Org]
        .into_iter()
        .filter(|k| other[kind_index(*k)] > 0)
        .max_by_key(|k| other[kind_index(*k)])
}
