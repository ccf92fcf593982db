//! What the word next to a name says it is, applied to an article's people after
//! resolution:
//!
//! - **Works**: a film, album, band, book or show named like a person ("the film Vera
//!   Drake", "rock band Keane", "the abortion drama Vera Drake"; before a role in it,
//!   "Vera Drake star Imelda Staunton", "Franz Ferdinand frontman Alex Kapranos"; in
//!   brackets after an actor, "Phil Davis (Vera Drake)") is not a person, and a reader
//!   faceting on people does not want it: every mention of that name in the article is
//!   dropped.
//! - **Firms**: a person-like name right after a word for a company ("research firm
//!   Gartner", "state oil company Petrobras") or before "news agency" ("Tanjug news
//!   agency") is an organization, in every mention of the article.
//!
//! - **Clubs**: in a sports story (one whose words are those of matches: goals, strikers,
//!   leagues, fixtures), a town that is not where something happens ("in Liverpool") is
//!   its club: "Liverpool beat Chelsea", "Leicester manager Craig Levein" are
//!   organizations. Countries stay places.
//!
//! Only the word right before the name counts (after it, "the Tom Cruise video" and "the
//! Scorsese film" name people), and not a possessive ("the band's singer Chris Martin" is
//! a person).

use rustc_hash::FxHashSet;

use super::{Kind, Mention};

/// Words for works that a name may stand right after.
#[rustfmt::skip]
const WORKS: &[&str] = &[
    "film", "films", "movie", "movies", "album", "albums", "band", "bands", "song", "songs",
    "single", "novel", "novels", "book", "books", "musical", "sitcom", "soap", "series",
    "documentary", "biopic", "opera", "franchise", "drama", "comedy", "thriller", "epic",
    "blockbuster",
];

/// Roles in a work or a band that a work's name stands right before, with the person in
/// the role after them ("Vera Drake star Imelda Staunton").
#[rustfmt::skip]
const WORK_ROLES: &[&str] = &[
    "star", "stars", "director", "author", "frontman", "guitarist", "drummer", "bassist",
    "creator", "co-star",
];

/// Words for companies that a name may stand right after; not the trades of people too
/// ("film maker Ken Burns", "publisher Rupert Murdoch", "broadcaster David Frost").
#[rustfmt::skip]
const FIRMS: &[&str] = &[
    "firm", "company", "retailer", "giant", "label", "chain", "brand", "carrier", "airline",
    "insurer", "manufacturer", "consultancy", "conglomerate", "supermarket", "bank", "agency",
    "analysts",
];

/// Words of sports stories: an article with enough of them is one.
#[rustfmt::skip]
const SPORTS: &[&str] = &[
    "match", "matches", "goal", "goals", "striker", "midfielder", "defender", "goalkeeper",
    "league", "premiership", "fixture", "fixtures", "scored", "equaliser", "penalty", "referee",
    "squad", "kick-off", "half-time", "semi-final", "quarter-final", "tournament", "playoff",
    "play-off", "relegation", "tries", "fly-half", "scrum", "wicket", "innings", "seeded",
    "stadium", "striker", "winger", "hat-trick", "championship", "trophy", "trophies",
    "captain", "player", "players", "club", "clubs", "manager", "coach", "cup", "champions",
];

/// Words before a town that make it the place where something is.
#[rustfmt::skip]
const LOCATIVES: &[&str] = &[
    "in", "near", "around", "outside", "across", "inside", "within", "throughout", "city",
    "town", "streets", "born",
];

/// Whether an article's words are those of a sports story (see the module doc): at least
/// six of them, four different; it stops reading once it knows.
fn is_sports<S: AsRef<str>>(paragraphs: &[S]) -> bool {
    static WORDS: std::sync::LazyLock<FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| SPORTS.iter().copied().collect());
    let mut hits = 0;
    let mut distinct: FxHashSet<&str> = FxHashSet::default();
    let mut lower = [0u8; 16];
    for p in paragraphs {
        // runs of ASCII letters, digits and hyphens, read byte by byte
        let bytes = p.as_ref().as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
                i += 1;
            }
            let word = &bytes[start..i];
            if word.len() < 3 || word.len() > lower.len() {
                continue;
            }
            for (l, b) in lower.iter_mut().zip(word) {
                *l = b.to_ascii_lowercase();
            }
            let Ok(folded) = std::str::from_utf8(&lower[..word.len()]) else {
                continue;
            };
            if let Some(&w) = WORDS.get(folded) {
                hits += 1;
                distinct.insert(w);
                if hits >= 6 && distinct.len() >= 4 {
                    return true;
                }
            }
        }
    }
    false
}

/// The last word of `text`, read from its end (not by splitting all of it).
pub fn last_word(text: &str) -> Option<&str> {
    text.trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .filter(|w| !w.is_empty())
}

/// The word before `at` in `text`, lower-cased, without surrounding punctuation; `None` when
/// a sentence or clause ends in between, or the word is a possessive.
fn word_before(text: &str, at: usize) -> Option<String> {
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
fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
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

/// Makes the clubs of a sports story organizations (see the module doc); `is_town` says
/// whether a place's canonical name is a town's.
pub fn clubs<S: AsRef<str>>(
    paragraphs: &[S],
    mentions: &mut [Vec<Mention>],
    is_town: impl Fn(&str) -> bool,
) {
    // the story's words are read only when a town is named (most stories name none)
    let names_a_town = mentions
        .iter()
        .flatten()
        .any(|m| m.kind == Kind::Place && is_town(&m.name));
    if !names_a_town || !is_sports(paragraphs) {
        return;
    }
    for (text, found) in paragraphs.iter().zip(mentions.iter_mut()) {
        let text = text.as_ref();
        for m in found.iter_mut().filter(|m| m.kind == Kind::Place) {
            let located = text
                .get(..m.start)
                .and_then(last_word)
                .is_some_and(|w| LOCATIVES.contains(&w.to_lowercase().as_str()));
            if !located && is_town(&m.name) {
                m.kind = Kind::Org;
            }
        }
    }
}

/// Drops works and retypes firms among an article's people (see the module doc).
pub fn apply<S: AsRef<str>>(paragraphs: &[S], mentions: &mut [Vec<Mention>]) {
    let mut works: FxHashSet<String> = FxHashSet::default();
    let mut firms: FxHashSet<String> = FxHashSet::default();
    for (text, found) in paragraphs.iter().zip(mentions.iter()) {
        let text = text.as_ref();
        let people: Vec<&Mention> = found.iter().filter(|m| m.kind == Kind::Person).collect();
        for (n, m) in people.iter().enumerate() {
            let before = word_before(text, m.start);
            let after = words_after(text, m.end, 2);
            let is =
                |list: &[&str], w: &Option<String>| w.as_deref().is_some_and(|w| list.contains(&w));
            // a role, then the person in it: "Vera Drake star Imelda Staunton"
            let role_then_person = after
                .first()
                .is_some_and(|w| WORK_ROLES.contains(&w.as_str()))
                && people.get(n + 1).is_some_and(|next| {
                    let gap = text.get(m.end..next.start).unwrap_or("");
                    gap.split_whitespace().count() == 1
                });
            // "Phil Davis (Vera Drake)": a name in brackets right after a person's
            let role_of_actor = n > 0
                && text
                    .get(people[n - 1].end..m.start)
                    .is_some_and(|gap| gap.trim() == "(");
            if is(WORKS, &before) || role_then_person || role_of_actor {
                works.insert(m.name.clone());
            } else if is(FIRMS, &before) || after == ["news", "agency"] {
                firms.insert(m.name.clone());
            }
        }
    }
    if works.is_empty() && firms.is_empty() {
        return;
    }
    for found in mentions.iter_mut() {
        found.retain(|m| !(m.kind == Kind::Person && works.contains(&m.name)));
        for m in found.iter_mut() {
            if m.kind == Kind::Person && firms.contains(&m.name) {
                m.kind = Kind::Org;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(text: &str, name: &str) -> Mention {
        let start = text.find(name).unwrap_or(0);
        Mention {
            kind: Kind::Person,
            name: name.to_string(),
            start,
            end: start + name.len(),
        }
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
            apply(&[text], &mut found);
            assert_eq!(found[0].first().map(|m| m.kind), want, "{text}");
        }
        // a role between two names; a name in brackets after an actor's
        let text = "Vera Drake star Imelda Staunton won, as did Phil Davis (Vera Drake) and Tony Blair (Labour).";
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
        apply(&[text], &mut found);
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
        apply(&p, &mut found);
        assert!(found.iter().all(Vec::is_empty));
    }

    #[test]
    fn towns_in_sports_stories_are_their_clubs() {
        let sports = [
            "Liverpool beat Chelsea 2-1 in the league, with a late goal from their striker.",
            "The manager said the penalty decided the match; the referee agreed after the fixture.",
            "Fans in Liverpool celebrated the goals all night.",
        ];
        let town = |name: &str| name == "Liverpool";
        let place = |at: usize| Mention {
            kind: Kind::Place,
            name: "Liverpool".into(),
            start: at,
            end: at + "Liverpool".len(),
        };
        let mut found = vec![
            vec![place(0)],
            vec![],
            vec![place(sports[2].find("Liverpool").unwrap_or(0))],
        ];
        clubs(&sports, &mut found, town);
        assert_eq!(found[0][0].kind, Kind::Org, "the club");
        assert_eq!(found[2][0].kind, Kind::Place, "in Liverpool: the city");
        let news = [
            "Liverpool council raised the rates.",
            "The city of Liverpool grew.",
        ];
        let mut found = vec![vec![place(0)], vec![]];
        clubs(&news, &mut found, town);
        assert_eq!(found[0][0].kind, Kind::Place, "not a sports story");
    }
}
