//! What the words next to a name say it is, applied to an article's mentions after
//! resolution:
//!
//! - **Works**: a film, album, band, book, game or show named like a person ("the film Vera
//!   Drake", "rock band Keane", "the abortion drama Vera Drake"; before a role in it,
//!   "Vera Drake star Imelda Staunton", "Franz Ferdinand frontman Alex Kapranos"; in
//!   brackets after an actor, "Phil Davis (Vera Drake)") is not a person, and a reader
//!   faceting on people does not want it: every mention of that name in the article is
//!   dropped. Weaker signs ("the third Harry Potter film", "Harry Potter and the Prisoner of
//!   Azkaban", "Keane were", a name alone in quotes) drop nothing here, since "the Scorsese
//!   film" names a person, but every cued name is returned for the archive, which hides a
//!   "person" whose mentions are often cued as a work (see `archive::group`).
//! - **Firms**: a person-like name right after a word for a company ("research firm
//!   Gartner", "state oil company Petrobras") or before "news agency" ("Tanjug news
//!   agency"), or one word for a person before a firm's people or things ("Telewest
//!   customers", "Balco boss") or after a deal ("stake in Dome"), is an organization, in
//!   every mention of the article. So is a place the gazetteer does not know as a country,
//!   a region or a big city when it acts like a firm: it speaks or trades ("Halifax said",
//!   "Wal-Mart agreed"), it has a boss or shares, it is sold ("the sale of Yugansk").
//!   Countries and big cities stay places when they act ("Japan said": its government).
//!
//! A word right before a name counts (after it, "the Tom Cruise video" and "the Scorsese
//! film" name people), but not a possessive ("the band's singer Chris Martin" is a person).

use rustc_hash::FxHashSet;

use super::gazetteer::PlaceRank;
use super::{Cue, Kind, Mention};

/// Words for works that a name may stand right after.
#[rustfmt::skip]
const WORKS: &[&str] = &[
    "film", "films", "movie", "movies", "album", "albums", "band", "bands", "song", "songs",
    "single", "novel", "novels", "book", "books", "musical", "sitcom", "soap", "series",
    "documentary", "biopic", "opera", "franchise", "drama", "comedy", "thriller", "epic",
    "blockbuster", "game", "videogame", "sequel",
];

/// Words for works that may follow a work's name ("the Harry Potter films"): a weak sign,
/// since a director's or an actor's name comes before them too.
#[rustfmt::skip]
const WORKS_AFTER: &[&str] = &[
    "film", "films", "movie", "movies", "album", "albums", "book", "books", "novel", "novels",
    "series", "game", "games", "dvd", "sequel", "sequels", "trilogy", "franchise",
    "soundtrack",
];

/// Verbs in the plural right after a name: a band ("Keane were"), not one person.
pub(super) const PLURAL_VERBS: &[&str] = &["were", "are", "have"];

/// Roles in a work or a band that a work's name stands right before, with the person in
/// the role after them ("Vera Drake star Imelda Staunton").
#[rustfmt::skip]
const WORK_ROLES: &[&str] = &[
    "star", "stars", "director", "author", "frontman", "guitarist", "drummer", "bassist",
    "creator", "co-star",
];

/// Words right after a name that make it a thing rather than an organization: a
/// competition ("the Champions League final", "the Wimbledon title"), a product or a
/// technology ("HDTV broadcasts", "the Mac mini", "Blu-ray discs"), a show ("EastEnders
/// actress"). A firm is named so too ("Microsoft software"), but in few of its paragraphs:
/// the archive weighs the share (see `archive::evidence`).
#[rustfmt::skip]
const THING_AFTER: &[&str] = &[
    "final", "semi-final", "quarter-final", "finals", "semi-finals", "quarter-finals", "title",
    "champion", "champions", "winner", "winners", "glory", "trophy", "crown", "draw",
    "qualifier", "qualifiers", "holders",
    "services", "broadcasts", "format", "formats", "disc", "discs", "technology", "players",
    "users", "mini", "version", "console", "consoles", "software", "standard", "sets", "box",
    "boxes", "devices", "device",
    "actress", "actor", "star", "stars", "cast", "character", "characters", "episode",
    "episodes", "storyline", "viewers", "fans",
];

/// Whether a name (an organization's or a place's) is cued as a thing (see
/// [`THING_AFTER`]), or as a work by the word before it ("the soap EastEnders") or a
/// sequel's number after it ("Half-Life 2").
fn named_as_a_thing(text: &str, m: &Mention) -> bool {
    let rest = text.get(m.end..).unwrap_or("");
    let rest = rest
        .strip_prefix("'s")
        .or_else(|| rest.strip_prefix('\''))
        .or_else(|| rest.strip_prefix("\u{2019}s"))
        .unwrap_or(rest);
    let next = rest.split_whitespace().next().unwrap_or("");
    let bare = next
        .trim_end_matches(|c: char| ".,;:!?\")".contains(c))
        .to_lowercase();
    let sequel = next.len() == 1 && ('2'..='9').contains(&next.chars().next().unwrap_or('0'));
    THING_AFTER.contains(&bare.as_str())
        || sequel && rest.starts_with(' ')
        || word_before(text, m.start).is_some_and(|w| WORKS.contains(&w.as_str()))
}

/// Words for companies that a name may stand right after; not the trades of people too
/// ("film maker Ken Burns", "publisher Rupert Murdoch", "broadcaster David Frost").
#[rustfmt::skip]
const FIRMS: &[&str] = &[
    "firm", "firms", "company", "retailer", "giant", "label", "chain", "brand", "carrier",
    "airline", "insurer", "manufacturer", "consultancy", "conglomerate", "supermarket", "bank",
    "agency", "analysts", "unit", "subsidiary", "lender", "operator", "group",
];

/// A firm's people and things, after its name ("Telewest customers", "Balco boss").
#[rustfmt::skip]
const FIRM_PARTS: &[&str] = &[
    "boss", "bosses", "chairman", "chief", "spokesman", "spokeswoman", "shares",
    "shareholders", "customers", "subscribers", "executives",
];

/// What someone acting does, right after a place that acts like a firm ("Halifax said").
#[rustfmt::skip]
const ACTS: &[&str] = &[
    "said", "says", "told", "agreed", "announced", "announces", "reported", "reports",
    "predicts", "predicted", "claimed", "claims", "confirmed", "confirms", "denied", "denies",
    "insisted", "insists", "warned", "warns", "plans", "launched", "launches", "sold", "sells",
    "bought", "buys", "owns", "employs", "posted", "unveiled", "admitted",
];

/// Deals a firm is the object of, as the two words before its name ("the sale of
/// Yugansk", "a stake in Dome").
#[rustfmt::skip]
const DEALS: &[[&str; 2]] = &[
    ["sale", "of"], ["auction", "of"], ["bid", "for"], ["stake", "in"], ["takeover", "of"],
    ["acquisition", "of"], ["owner", "of"], ["shares", "in"], ["shares", "of"],
    ["merger", "with"], ["offer", "for"],
];

/// Words before a place that say something is there ("in Brixton", "near Gateshead"); not
/// "to", "into" or "from", which lead to firms and people as often ("an inquiry into
/// Balco", "a call from Jamelia").
#[rustfmt::skip]
const PLACED: &[&str] = &[
    "in", "at", "near", "outside", "inside", "across", "around", "throughout", "via",
    "within",
];

/// The last word of `text`, read from its end (not by splitting all of it).
pub fn last_word(text: &str) -> Option<&str> {
    text.trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .filter(|w| !w.is_empty())
}

/// The word before `at` in `text`, lower-cased, without surrounding punctuation; `None` when
/// a sentence or clause ends in between, or the word is a possessive.
pub(super) fn word_before(text: &str, at: usize) -> Option<String> {
    let before = text.get(..at)?.trim_end();
    if before.ends_with(['.', ',', ';', ':', '!', '?', '(', '"', '\u{201c}']) {
        return None;
    }
    let word = last_word(before)?;
    if word.ends_with("'s") || word.ends_with("\u{2019}s") {
        return None;
    }
    Some(
        word.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase(),
    )
}

/// The words after `at` in `text`, lower-cased, up to a punctuation mark.
pub(super) fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
    let after = text.get(at..).unwrap_or("");
    let mut out = Vec::new();
    for word in after.split_whitespace().take(n) {
        let bare = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let ends = word.ends_with(|c: char| ".,;:!?)".contains(c));
        out.push(bare);
        if ends {
            break;
        }
    }
    out
}

/// The two words before `at` in `text`, lower-cased, with no punctuation between them and
/// the name ("sale of" in "the sale of Yugansk").
pub(super) fn two_words_before(text: &str, at: usize) -> Option<[String; 2]> {
    let before = text.get(..at)?.trim_end();
    if before.ends_with(|c: char| !c.is_alphanumeric()) {
        return None;
    }
    let mut words = before.rsplit(char::is_whitespace).filter(|w| !w.is_empty());
    let last = words.next()?;
    let first = words.next()?;
    if first.ends_with(|c: char| !c.is_alphanumeric()) {
        return None;
    }
    Some([first.to_lowercase(), last.to_lowercase()])
}

/// Whether a name ends its phrase: punctuation, the end of the text or a joining word
/// follows it ("in the Gulf.", "in the Gulf and"), not a noun it qualifies ("in the Balco
/// case").
fn ends_a_phrase(text: &str, end: usize) -> bool {
    let after = text.get(end..).unwrap_or("").trim_start();
    let Some(next) = after.split_whitespace().next() else {
        return true;
    };
    !next.starts_with(char::is_alphanumeric)
        || matches!(
            next.trim_end_matches(|c: char| !c.is_alphanumeric()),
            "and" | "or" | "on" | "in" | "at" | "with" | "to" | "from" | "by" | "for" | "since"
        )
}

/// Whether a name is the object of a deal ("the sale of Yugansk", see [`DEALS`]).
fn after_a_deal(text: &str, at: usize) -> bool {
    two_words_before(text, at).is_some_and(|[a, b]| DEALS.iter().any(|d| d[0] == a && d[1] == b))
}

/// Whether a name stands alone in quotes ("'Vera Drake'"), as titles are written.
fn quoted(text: &str, m: &Mention) -> bool {
    let open = text.get(..m.start).and_then(|t| t.chars().next_back());
    let close = text.get(m.end..).and_then(|t| t.chars().next());
    matches!(open, Some('"' | '\u{201c}' | '\'' | '\u{2018}'))
        && matches!(close, Some('"' | '\u{201d}' | '\'' | '\u{2019}'))
        && text.get(m.end..).is_some_and(|t| !t.starts_with("'s"))
}

/// Whether a title goes on after a name: "and the", a capitalized word and "of" ("Harry
/// Potter and the Prisoner of Azkaban"; not "Frank Sinatra and the Rat Pack").
fn title_goes_on(text: &str, end: usize) -> bool {
    let after = text.get(end..).unwrap_or("");
    let Some(rest) = after
        .strip_prefix(" and the ")
        .or_else(|| after.strip_prefix(" and The "))
    else {
        return false;
    };
    let mut words = rest.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.next() == Some("of")
}

/// Whether a name ends a list in its sentence ("Smith and Jones have"), where a verb after
/// it is plural for the list, not for the name.
fn ends_a_list(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let clause = before
        .rfind(['.', '!', '?', ';', ':'])
        .map_or(before, |at| &before[at + 1..]);
    if clause.contains(" and ") || clause.contains(" & ") {
        return true;
    }
    // "Travis, Keane were": a name before a comma; not "With their debut, Keane were"
    clause.rfind(',').is_some_and(|at| {
        last_word(&clause[..at]).is_some_and(|w| w.starts_with(char::is_uppercase))
    })
}

/// Whether a mention is listed with two organizations or more, with only a comma, "and" or
/// "or" between each ("Sony, IBM and Toshiba"; not "Brown and Labour").
pub(super) fn among_orgs(text: &str, found: &[Mention], m: &Mention) -> bool {
    let joins = |a: &Mention, b: &Mention| {
        a.end <= b.start
            && text
                .get(a.end..b.start)
                .map(str::trim)
                .is_some_and(|g| matches!(g, "," | "and" | "or" | ", and" | "&"))
    };
    let Some(at) = found.iter().position(|x| std::ptr::eq(x, m)) else {
        return false;
    };
    let org = |i: usize| found.get(i).filter(|x| x.kind == Kind::Org);
    // the list's organizations next to the mention, each joined to the one before
    let mut orgs = 0;
    let mut here = at;
    while let Some(prev) = here.checked_sub(1).and_then(org) {
        if !joins(prev, &found[here]) {
            break;
        }
        orgs += 1;
        here -= 1;
    }
    let mut here = at;
    while let Some(next) = org(here + 1) {
        if !joins(&found[here], next) {
            break;
        }
        orgs += 1;
        here += 1;
    }
    orgs >= 2
}

/// What a cue about a mention is about: its canonical name, or what it says when that is a
/// part of its name ("Ray" of "the biopic Ray", which the article joined to Ray Charles).
fn cued_name<'a>(text: &'a str, m: &'a Mention) -> &'a str {
    match text.get(m.start..m.end) {
        Some(said) if said != m.name && m.name.contains(said) => said,
        _ => &m.name,
    }
}
/// Drops works and retypes firms among an article's names (see the module doc); returns,
/// for each paragraph, the names in it that were cued as works, dropped or not.
pub fn apply<S: AsRef<str>>(
    paragraphs: &[S],
    mentions: &mut [Vec<Mention>],
    rank: impl Fn(&str) -> PlaceRank,
) -> Vec<Vec<Cue>> {
    let mut works: FxHashSet<String> = FxHashSet::default();
    let mut firms: FxHashSet<String> = FxHashSet::default();
    let mut cued: Vec<Vec<Cue>> = vec![Vec::new(); mentions.len()];
    let is = |list: &[&str], w: Option<&str>| w.is_some_and(|w| list.contains(&w));
    for ((text, found), cued) in paragraphs.iter().zip(mentions.iter()).zip(&mut cued) {
        let text = text.as_ref();
        // the rows of a table ("2 Andy Roddick (US)") are no sentences to read cues in
        if super::junk::is_table_row(text) {
            continue;
        }
        let people: Vec<&Mention> = found.iter().filter(|m| m.kind == Kind::Person).collect();
        let casting = ["actor", "actress", "starring", "starred", "role"]
            .iter()
            .any(|w| text.contains(w));
        for (n, m) in people.iter().enumerate() {
            let before = word_before(text, m.start);
            let after = words_after(text, m.end, 2);
            let first_after = after.first().map(String::as_str);
            // a role, then the person in it: "Vera Drake star Imelda Staunton"
            let role_then_person = is(WORK_ROLES, first_after)
                && people.get(n + 1).is_some_and(|next| {
                    let gap = text.get(m.end..next.start).unwrap_or("");
                    gap.split_whitespace().count() == 1
                });
            // "best supporting actor Phil Davis (Vera Drake)": a name alone in brackets right
            // after a person's, where actors are named (not "Bonnaire (Bourgoin)" in a team
            // sheet)
            let role_of_actor = n > 0
                && casting
                && text.get(m.end..).is_some_and(|t| t.starts_with(')'))
                && text
                    .get(people[n - 1].end..m.start)
                    .is_some_and(|gap| gap.trim() == "(");
            let one_word = !m.name.contains(' ');
            let name = cued_name(text, m);
            if is(WORKS, before.as_deref()) || role_then_person || role_of_actor {
                works.insert(name.to_string());
                cued.push(Cue::Work(name.to_string()));
                continue;
            }
            let weak_work = is(WORKS_AFTER, first_after)
                || title_goes_on(text, m.end)
                || quoted(text, m)
                || is(PLURAL_VERBS, first_after) && !ends_a_list(text, m.start);
            if weak_work {
                cued.push(Cue::Work(name.to_string()));
            }
            if is(FIRMS, before.as_deref())
                || after == ["news", "agency"]
                || one_word
                    && (is(FIRM_PARTS, first_after)
                        || after_a_deal(text, m.start)
                        || among_orgs(text, found, m))
            {
                firms.insert(m.name.clone());
            }
        }
        // places too ("the Wimbledon final"): the archive weighs the cues of the kind it
        // decides the name is; not people ("Beckham fans" is about the man)
        for m in found.iter().filter(|m| m.kind != Kind::Person) {
            if named_as_a_thing(text, m) {
                cued.push(Cue::Work(cued_name(text, m).to_string()));
            }
        }
        for m in found.iter().filter(|m| m.kind == Kind::Place) {
            let place_rank = rank(&m.name);
            // a place the gazetteer does not know, where something is ("in Brixton", "at
            // the Bernabeu", "in the Gulf."; not "in the Balco case")
            let placed = match two_words_before(text, m.start) {
                Some([at, the]) if the == "the" => {
                    at == "at" || is(PLACED, Some(at.as_str())) && ends_a_phrase(text, m.end)
                }
                _ => is(PLACED, word_before(text, m.start).as_deref()),
            };
            if place_rank == PlaceRank::Unknown && placed {
                cued.push(Cue::Located(m.name.clone()));
            }
            if matches!(place_rank, PlaceRank::Region | PlaceRank::City) {
                continue;
            }
            // "the comedy Little Britain"
            if is(WORKS, word_before(text, m.start).as_deref()) {
                works.insert(cued_name(text, m).to_string());
                continue;
            }
            let after = words_after(text, m.end, 1);
            let first_after = after.first().map(String::as_str);
            if is(ACTS, first_after)
                || is(FIRM_PARTS, first_after)
                || is(FIRMS, word_before(text, m.start).as_deref())
                || after_a_deal(text, m.start)
            {
                firms.insert(m.name.clone());
            }
        }
    }
    if works.is_empty() && firms.is_empty() {
        return cued;
    }
    for (text, found) in paragraphs.iter().zip(mentions.iter_mut()) {
        let text = text.as_ref();
        found.retain(|m| m.kind == Kind::Org || !works.contains(cued_name(text, m)));
        for m in found.iter_mut() {
            if m.kind != Kind::Org && firms.contains(&m.name) {
                m.kind = Kind::Org;
            }
        }
    }
    cued
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(text: &str, name: &str) -> Mention {
        mention(Kind::Person, text, name)
    }

    /// What the gazetteer says of the places in these tests.
    fn rank(name: &str) -> PlaceRank {
        match name {
            "Halifax" | "Liverpool" => PlaceRank::Town,
            "Barcelona" | "London" => PlaceRank::City,
            "Japan" => PlaceRank::Region,
            _ => PlaceRank::Unknown,
        }
    }

    fn mention(kind: Kind, text: &str, name: &str) -> Mention {
        Mention::first_in(kind, text, name)
    }

    #[test]
    fn places_and_lone_names_that_act_like_firms_are_organizations() {
        // (sentence, the name, its kind before, its kind after)
        let rows: &[(&str, &str, Kind, Kind)] = &[
            (
                "Halifax said house prices rose.",
                "Halifax",
                Kind::Place,
                Kind::Org,
            ),
            (
                "Wal-Mart agreed to stop the sales.",
                "Wal-Mart",
                Kind::Place,
                Kind::Org,
            ),
            (
                "Balco boss Victor Conte denied it.",
                "Balco",
                Kind::Place,
                Kind::Org,
            ),
            (
                "It forced the sale of Yugansk in December.",
                "Yugansk",
                Kind::Place,
                Kind::Org,
            ),
            (
                "Japan said it would cut rates.",
                "Japan",
                Kind::Place,
                Kind::Place,
            ),
            (
                "London said nothing of the plan.",
                "London",
                Kind::Place,
                Kind::Place,
            ),
            (
                "Police in Halifax said nothing.",
                "Police",
                Kind::Org,
                Kind::Org,
            ),
            (
                "Sony, IBM and Toshiba have worked on the chip.",
                "Toshiba",
                Kind::Person,
                Kind::Org,
            ),
            (
                "Telewest customers get the service first.",
                "Telewest",
                Kind::Person,
                Kind::Org,
            ),
            (
                "Blair said the plan would work.",
                "Blair",
                Kind::Person,
                Kind::Person,
            ),
            (
                "Blair customers? No: Blair and Brown met.",
                "Brown",
                Kind::Person,
                Kind::Person,
            ),
        ];
        for &(text, name, before, after) in rows {
            let mut found = vec![vec![mention(before, text, name)]];
            if text.starts_with("Sony") {
                found[0].insert(0, mention(Kind::Org, text, "IBM"));
                found[0].insert(0, mention(Kind::Org, text, "Sony"));
            }
            if text.starts_with("Labour") {
                found[0].insert(0, mention(Kind::Org, text, "Labour"));
            }
            apply(&[text], &mut found, rank);
            let m = found[0].iter().find(|m| m.name == name);
            assert_eq!(m.map(|m| m.kind), Some(after), "{text}");
        }
    }

    #[test]
    fn unknown_places_where_something_is_are_cued() {
        let texts = [
            "Riots broke out in Brixton on Saturday.",
            "They played at the Bernabeu.",
            "The inquiry into Balco widened.",
            "It came up in the Balco case.",
            "Shares rose in Paris.",
            "Tankers were hit in the Gulf, and oil rose.",
        ];
        let rank = |name: &str| match name {
            "Paris" => PlaceRank::City,
            _ => PlaceRank::Unknown,
        };
        let names = ["Brixton", "Bernabeu", "Balco", "Balco", "Paris", "Gulf"];
        let mut found: Vec<Vec<Mention>> = texts
            .iter()
            .zip(names)
            .map(|(t, n)| vec![mention(Kind::Place, t, n)])
            .collect();
        let cued = apply(&texts, &mut found, rank);
        let located = |i: usize| cued[i].iter().any(|c| matches!(c, Cue::Located(_)));
        assert!(located(0) && located(1), "in Brixton, at the Bernabeu");
        assert!(!located(2) && !located(3), "into Balco, in the Balco case");
        assert!(!located(4), "the gazetteer knows Paris: no cue needed");
        assert!(located(5), "in the Gulf, where the phrase ends");
    }

    #[test]
    fn weak_signs_of_works_are_returned_and_drop_nothing() {
        // (sentence, the name, whether it is cued as a work)
        let rows: &[(&str, &str, bool)] = &[
            (
                "It was the third Harry Potter film to open.",
                "Harry Potter",
                true,
            ),
            (
                "Harry Potter and the Prisoner of Azkaban won.",
                "Harry Potter",
                true,
            ),
            (
                "He starred with Frank Sinatra and the Rat Pack.",
                "Frank Sinatra",
                false,
            ),
            (
                "Nevertheless Keane were the only band to win.",
                "Keane",
                true,
            ),
            (
                "Burt Reynolds and Alan Alda have paid tribute.",
                "Alan Alda",
                false,
            ),
            ("With their debut, Keane have done well.", "Keane", true),
            ("Tony Blair said he would stay.", "Tony Blair", false),
            ("2 Andy Roddick (US)", "Andy Roddick", false),
        ];
        for &(text, name, cued) in rows {
            let mut found = vec![vec![mention(Kind::Person, text, name)]];
            let works = apply(&[text], &mut found, rank);
            assert_eq!(
                works[0].contains(&Cue::Work(name.to_string())),
                cued,
                "{text}"
            );
            assert_eq!(found[0].len(), 1, "a weak sign drops nothing: {text}");
        }
        // a strong cue about a short form is about what was written: the biopic "Ray",
        // which the article joined to Ray Charles, leaves Ray Charles a person
        let p = ["Ray Charles died in June.", "The biopic Ray opened."];
        let ray = p[1].find("Ray").unwrap_or(0);
        let mut found = vec![
            vec![mention(Kind::Person, p[0], "Ray Charles")],
            vec![Mention {
                kind: Kind::Person,
                name: "Ray Charles".into(),
                start: ray,
                end: ray + 3,
            }],
        ];
        let works = apply(&p, &mut found, rank);
        assert_eq!(works[1], vec![Cue::Work("Ray".to_string())]);
        assert_eq!(found[0].len(), 1, "Ray Charles stays");
        assert!(found[1].is_empty(), "the film goes");
    }

    #[test]
    fn works_leave_the_people_and_firms_become_organizations() {
        let rows: &[(&str, &str, Option<Kind>)] = &[
            ("Leigh's film Vera Drake won the prize.", "Vera Drake", None),
            (
                "Fans queued for the Tom Cruise video.",
                "Tom Cruise",
                Some(Kind::Person),
            ),
            ("The rock band Keane played on Friday.", "Keane", None),
            ("He saw the abortion drama Vera Drake.", "Vera Drake", None),
            (
                "So said technology analysts Gartner.",
                "Gartner",
                Some(Kind::Org),
            ),
            (
                "So said analyst Kobita Desai.",
                "Kobita Desai",
                Some(Kind::Person),
            ),
            (
                "Analysts at research firm Gartner said sales rose.",
                "Gartner",
                Some(Kind::Org),
            ),
            (
                "Tanjug news agency said the talks ended.",
                "Tanjug",
                Some(Kind::Org),
            ),
            (
                "The band's singer Chris Martin said so.",
                "Chris Martin",
                Some(Kind::Person),
            ),
            (
                "Imelda Staunton starred as a backstreet abortionist.",
                "Imelda Staunton",
                Some(Kind::Person),
            ),
            (
                "The firm said Bill Gates would retire.",
                "Bill Gates",
                Some(Kind::Person),
            ),
        ];
        for &(text, name, want) in rows {
            let mut found = vec![vec![person(text, name)]];
            apply(&[text], &mut found, rank);
            assert_eq!(found[0].first().map(|m| m.kind), want, "{text}");
        }
        // a role between two names; a name in brackets after an actor's
        let text = "Vera Drake star Imelda Staunton won, as did best supporting actor Phil Davis (Vera Drake) and Tony Blair (Labour).";
        let mut found = vec![vec![
            person(text, "Vera Drake"),
            person(text, "Imelda Staunton"),
            person(text, "Phil Davis"),
        ]];
        let second = text.rfind("Vera Drake").unwrap_or(0);
        found[0].push(Mention {
            kind: Kind::Person,
            name: "Vera Drake".into(),
            start: second,
            end: second + "Vera Drake".len(),
        });
        found[0].push(person(text, "Tony Blair"));
        apply(&[text], &mut found, rank);
        let names: Vec<&str> = found[0].iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["Imelda Staunton", "Phil Davis", "Tony Blair"]);
        // one cue decides the name in the whole article
        let p = [
            "Vera Drake won in Venice.",
            "The film Vera Drake opens today.",
        ];
        let mut found = vec![
            vec![person(p[0], "Vera Drake")],
            vec![person(p[1], "Vera Drake")],
        ];
        apply(&p, &mut found, rank);
        assert!(found.iter().all(Vec::is_empty));
    }
}

#[cfg(test)]
mod thing_tests {
    use super::*;

    #[test]
    fn organizations_named_as_things_are_cued() {
        // (sentence, name, cued)
        let rows: &[(&str, &str, bool)] = &[
            ("The Mac mini is small.", "Mac", true),
            ("He lost the Wimbledon final.", "Wimbledon", true),
            ("Firms plan HDTV broadcasts in 2006.", "HDTV", true),
            ("Half-Life 2 fell to ninth.", "Half-Life", true),
            ("Long-running soap EastEnders won.", "EastEnders", true),
            ("EastEnders' actress Jo Joyner left.", "EastEnders", true),
            ("Microsoft said it would cut prices.", "Microsoft", false),
            ("Shares in Apple rose 2 points.", "Apple", false),
            ("Yukos 2004 results were poor.", "Yukos", false),
        ];
        for (text, name, want) in rows {
            let p = [*text];
            let mut found = vec![vec![Mention::first_in(Kind::Org, text, name)]];
            let cued = apply(&p, &mut found, |_: &str| PlaceRank::Unknown);
            let got = cued[0]
                .iter()
                .any(|c| matches!(c, Cue::Work(n) if n == name));
            assert_eq!(got, *want, "{text}");
        }
    }
}
