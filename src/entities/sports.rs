//! Sports copy: clubs named by their towns, and teams in results tables. Applied to an
//! article's mentions after resolution and the cues of [`super::cues`]:
//!
//! - **Sports stories** are told by their words (goals, strikers, leagues, fixtures, seeds,
//!   medals), the title's included; a short story needs fewer of them.
//! - **Clubs**: in a sports story, a town that is not where something happens ("in
//!   Liverpool") is its club: "Liverpool beat Chelsea", "Leicester manager Craig Levein",
//!   "Gabbidon (Cardiff)" are organizations. A big city is a club only next to a word of
//!   matches ("against Barcelona", "Barcelona coach Frank Rijkaard", "the Barcelona game")
//!   or listed with clubs, since meetings are held in it. Countries stay places.
//! - **Positions** are a club's in any story: a town right before a player's position and
//!   the player's name ("Liverpool winger Harry Kewell") is the club.
//! - **Results tables**: in a sports story, the names that lead a row of scores or standings
//!   ("Arsenal 2 Leicester 0", "Newcastle 4 3 0 1 8 4 9") are teams, found even where the
//!   tagger missed them: organizations, or places for countries (national teams).
//! - **Datelines** ("NEWCASTLE 1996-08-31") are where the story was filed: places (see
//!   [`super::dateline`]).

use rustc_hash::FxHashSet;

use super::cues::{among_orgs, last_word, word_before, words_after};
use super::dateline::dateline;
use super::gazetteer::PlaceRank;
use super::{Kind, Mention};

/// Words of sports stories: an article with enough of them is one.
#[rustfmt::skip]
const SPORTS: &[&str] = &[
    "match", "matches", "goal", "goals", "striker", "midfielder", "defender", "goalkeeper",
    "league", "premiership", "fixture", "fixtures", "scored", "equaliser", "penalty", "referee",
    "squad", "kick-off", "half-time", "semi-final", "quarter-final", "tournament", "playoff",
    "play-off", "relegation", "tries", "fly-half", "scrum", "wicket", "innings", "seeded",
    "stadium", "winger", "hat-trick", "championship", "trophy", "trophies",
    "captain", "player", "players", "club", "clubs", "manager", "coach", "cup", "champions",
    "rugby", "football", "soccer", "cricket", "tennis", "golf", "athletics", "sprinter",
    "flanker", "scrum-half", "full-back", "hooker", "lineout", "line-out",
    "batsman", "bowler", "umpire", "semi-finals", "quarter-finals", "corner", "bookable",
    "booked", "header", "free-kick", "offside", "scorer", "substitute", "substitutes",
    "bench", "line-up", "extra-time", "finals", "victory", "defeat", "season", "cap", "caps",
    "injury", "injured", "fitness", "pitch", "champion", "medal", "medals", "olympic",
    "olympics", "marathon", "metres", "sprint", "hurdles", "seed", "seeds", "unseeded",
    "opener", "clash", "derby", "penalties", "indoor", "qualifier", "qualifying", "slam",
    "athlete", "athletes", "knockout", "semi", "unbeaten", "opponent", "opponents",
    "opposition", "doping", "standings", "sets", "final", "replay", "replays", "goalless",
    "midfield", "sidelined",
];

/// Words before a town that make it the place where something is.
#[rustfmt::skip]
const LOCATIVES: &[&str] = &[
    "in", "near", "around", "outside", "across", "inside", "within", "throughout", "city",
    "town", "streets", "born",
];

/// Words of matches right before a club's name ("against Barcelona", "leaders Barcelona").
#[rustfmt::skip]
const OPPONENTS: &[&str] = &[
    "against", "beat", "beating", "beats", "v", "vs", "play", "playing", "face", "faces",
    "facing", "leaders", "joined", "joining", "join", "host", "hosts", "hosted", "edged",
    "thrashed", "drew",
];

/// A club's people and games right after its name ("Barcelona coach Frank Rijkaard", "Bath
/// prop Matt Stevens", "the Barcelona game").
#[rustfmt::skip]
const CLUB_PARTS: &[&str] = &[
    "coach", "boss", "manager", "star", "striker", "midfielder", "defender", "goalkeeper",
    "captain", "fans", "supporters", "side", "team", "squad", "president", "chairman",
    "assistant", "winger", "forward", "keeper", "player", "players", "prop", "lock",
    "flanker", "hooker", "fly-half", "scrum-half", "full-back", "centre", "wing", "skipper",
    "batsman", "bowler", "number", "game", "match", "clash", "tie",
];

/// Players' positions and the people who lead a team: a town right before one of them and
/// a person's name is a club in any story ("Liverpool winger Harry Kewell").
#[rustfmt::skip]
const POSITIONS: &[&str] = &[
    "striker", "midfielder", "defender", "goalkeeper", "winger", "forward", "keeper",
    "prop", "flanker", "hooker", "fly-half", "scrum-half", "full-back", "skipper",
    "batsman", "bowler", "manager", "coach", "captain", "boss",
];

/// Words of events held in a town, right after its name ("the Athens Olympics", "the
/// Birmingham Grand Prix", "the Cardiff showpiece"): the town is where, not a club.
#[rustfmt::skip]
const HELD: &[&str] = &[
    "olympics", "olympic", "games", "grand", "marathon", "half-marathon", "meeting", "open",
    "indoor", "indoors", "international", "classic", "masters", "championships", "showpiece",
    "sevens", "venue", "race", "paralympics",
];

/// Verbs of going to a town before "to" ("travel to Edinburgh"), where the town is where
/// the match is; "a move to Birmingham" is to the club.
#[rustfmt::skip]
const TRAVEL: &[&str] = &[
    "travel", "travels", "travelled", "traveled", "travelling", "trip", "come", "comes",
    "came", "go", "goes", "went", "head", "heads", "headed", "return", "returns", "returned",
    "flew", "fly", "arrived",
];

/// What a team does, right after its name ("Liverpool beat Chelsea", "Everton lost").
#[rustfmt::skip]
const TEAM_VERBS: &[&str] = &[
    "beat", "beats", "drew", "draw", "draws", "lost", "lose", "loses", "won", "win", "wins",
    "face", "faces", "visit", "visits", "play", "played", "lead", "leads",
    "led", "trail", "trailed", "thrashed", "edged", "crashed", "climbed", "slipped", "moved",
    "went", "were", "are", "have", "had", "need", "needed", "signed", "knocked", "reached",
    "held", "survived", "remain", "remained", "stay", "stayed",
];

/// Words that lead rows of results tables without naming a team.
#[rustfmt::skip]
const TABLE_WORDS: &[&str] = &[
    "total", "totals", "extras", "points", "played", "won", "drawn", "lost", "pts", "goals",
    "attendance", "att", "half-time", "halftime", "result", "results", "standings", "round",
    "group", "division", "league", "table", "week", "day", "race", "heat", "stage", "leg",
    "game", "match", "final", "semi-final", "quarter-final", "top", "bottom", "no", "number",
];

/// Whether an article's words (its title's included) are those of a sports story: at least
/// five of them, four different, and one in a hundred words (a long story that mentions a
/// medal and a coach is not one), or in a story of under 200 words four, three different.
pub fn is_sports<S: AsRef<str>>(title: Option<&str>, paragraphs: &[S]) -> bool {
    static WORDS: std::sync::LazyLock<FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| SPORTS.iter().copied().collect());
    const SHORT: usize = 200;
    let mut hits = 0;
    let mut words = 0;
    let mut distinct: FxHashSet<&str> = FxHashSet::default();
    let mut lower = [0u8; 16];
    let texts = title
        .into_iter()
        .chain(paragraphs.iter().map(AsRef::as_ref));
    for text in texts {
        // runs of ASCII letters, digits and hyphens, read byte by byte
        let bytes = text.as_bytes();
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
            words += 1;
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
            }
        }
    }
    let many = hits >= 5 && distinct.len() >= 4 && hits * 100 >= words;
    many || words < SHORT && hits >= 4 && distinct.len() >= 3
}

/// What the gazetteer says of names, for [`clubs`].
pub struct Lookup<R, C> {
    /// How sure the gazetteer is that a canonical name is a place.
    pub rank: R,
    /// Whether a word, as written, is a common English word ("Total") rather than a name.
    pub common: C,
}

/// Makes the clubs and teams of an article organizations (see the module doc).
pub fn clubs<S, R, C>(
    title: Option<&str>,
    paragraphs: &[S],
    mentions: &mut [Vec<Mention>],
    lookup: &Lookup<R, C>,
) where
    S: AsRef<str>,
    R: Fn(&str) -> PlaceRank,
    C: Fn(&str) -> bool,
{
    let rank = &lookup.rank;
    let named = |m: &Mention| {
        m.kind == Kind::Place && matches!(rank(&m.name), PlaceRank::Town | PlaceRank::City)
    };
    // one word taken for a person: "Charlton midfielder Graham Stuart", "against Charlton"
    let lone = |m: &Mention| m.kind == Kind::Person && !m.name.contains(' ');
    for (text, found) in paragraphs.iter().zip(mentions.iter_mut()) {
        let text = text.as_ref();
        positions(text, found, named);
    }
    // the story's words are read only when it names a town or someone by one word, or has
    // a table (each look is made only when the cheaper ones before it found nothing)
    let tables = || {
        paragraphs
            .iter()
            .any(|p| p.as_ref().lines().any(super::junk::is_table_row))
    };
    // a one-word "person" can be a club when it is a town or stands before a club's people
    let lone_club = |text: &str, m: &Mention| {
        lone(m)
            && (rank(&m.name) == PlaceRank::Town
                || words_after(text, m.end, 1)
                    .first()
                    .is_some_and(|w| CLUB_PARTS.contains(&w.as_str())))
    };
    let candidates = paragraphs.iter().zip(mentions.iter()).any(|(text, found)| {
        found
            .iter()
            .any(|m| named(m) || lone_club(text.as_ref(), m))
    });
    let openers = || {
        paragraphs
            .iter()
            .zip(mentions.iter())
            .any(|(text, found)| !uncaught_teams(text.as_ref(), found, rank, false).is_empty())
    };
    if !(candidates || tables() || openers()) || !is_sports(title, paragraphs) {
        return;
    }
    for (text, found) in paragraphs.iter().zip(mentions.iter_mut()) {
        let teams = uncaught_teams(text.as_ref(), found, rank, true);
        if !teams.is_empty() {
            found.extend(teams);
            found.sort_by_key(|m| m.start);
        }
        results_rows(text.as_ref(), found, lookup);
    }
    let located = |text: &str, m: &Mention| {
        let before = text.get(..m.start).and_then(last_word);
        let held = words_after(text, m.end, 1)
            .first()
            .is_some_and(|w| HELD.contains(&w.as_str()));
        let travel = super::cues::two_words_before(text, m.start)
            .is_some_and(|[verb, to]| to == "to" && TRAVEL.contains(&verb.as_str()));
        before.is_some_and(|w| LOCATIVES.contains(&w.to_lowercase().as_str()))
            || held
            || travel
            || dateline(text, m.start, m.end)
            || after_a_venue(text, m)
    };
    // big cities found to be clubs: their other mentions in the story are too, but where
    // something happens in them
    let mut city_clubs: FxHashSet<String> = FxHashSet::default();
    for (text, found) in paragraphs.iter().zip(mentions.iter_mut()) {
        let text = text.as_ref();
        let mut clubs = Vec::new();
        for (i, m) in found.iter().enumerate() {
            if !(named(m) || lone(m)) {
                continue;
            }
            let located = located(text, m);
            let after = words_after(text, m.end, 1);
            let part = after.first().map(String::as_str);
            let club = match rank(&m.name) {
                // a town taken for someone known by one name ("Bath have signed")
                PlaceRank::Town if m.kind == Kind::Person => !located,
                // a person's name is one for a club only before the club's people: "beat
                // Roddick", "Henry's goal" are the player's
                _ if m.kind == Kind::Person => {
                    part.is_some_and(|w| w != "star" && CLUB_PARTS.contains(&w))
                }
                PlaceRank::Town => !located,
                _ => {
                    let opponent =
                        word_before(text, m.start).is_some_and(|w| OPPONENTS.contains(&w.as_str()));
                    let part = part.is_some_and(|w| CLUB_PARTS.contains(&w));
                    let possessive = text
                        .get(m.end..)
                        .is_some_and(|t| t.starts_with("'s") || t.starts_with("\u{2019}s"));
                    // "Barcelona are interested": a team, in British copy
                    let plural = after
                        .first()
                        .is_some_and(|w| super::cues::PLURAL_VERBS.contains(&w.as_str()));
                    let club = !located
                        && (opponent || part || possessive || plural || among_orgs(text, found, m));
                    if club {
                        city_clubs.insert(m.name.clone());
                    }
                    club
                }
            };
            if club {
                clubs.push(i);
            }
        }
        for i in clubs {
            found[i].kind = Kind::Org;
        }
    }
    if city_clubs.is_empty() {
        return;
    }
    for (text, found) in paragraphs.iter().zip(mentions.iter_mut()) {
        let text = text.as_ref();
        for m in found.iter_mut() {
            if m.kind == Kind::Place && city_clubs.contains(&m.name) && !located(text, m) {
                m.kind = Kind::Org;
            }
        }
    }
}

/// "Liverpool winger Harry Kewell": a town right before a position and a person is the club.
fn positions(text: &str, found: &mut [Mention], named: impl Fn(&Mention) -> bool) {
    for i in 0..found.len() {
        let (m, next) = (&found[i], found.get(i + 1));
        if !named(m) || next.is_none_or(|n| n.kind != Kind::Person) {
            continue;
        }
        let gap = next.and_then(|n| text.get(m.end..n.start)).unwrap_or("");
        let mut words = gap.split_whitespace();
        let position = words
            .next()
            .is_some_and(|w| POSITIONS.contains(&w.to_lowercase().as_str()));
        if position && words.next().is_none() {
            found[i].kind = Kind::Org;
        }
    }
}

/// Whether a town follows a capitalized name and a comma, as an address ("Murrayfield,
/// Edinburgh").
fn after_a_venue(text: &str, m: &Mention) -> bool {
    let Some(before) = text.get(..m.start).and_then(|t| t.strip_suffix(", ")) else {
        return false;
    };
    last_word(before).is_some_and(|w| w.starts_with(char::is_uppercase))
        && !before.ends_with(|c: char| c.is_ascii_digit())
}

/// Finds the towns of a sports story named as a team, before what teams do ("Liverpool
/// beat Chelsea", "while Everton lost at Derby"), that the tagger missed (it is wary of a
/// capitalized word that opens a sentence); with `anywhere` false, only those that open a
/// sentence (a cheap look before the story's words are read).
fn uncaught_teams(
    text: &str,
    found: &[Mention],
    rank: impl Fn(&str) -> PlaceRank,
    anywhere: bool,
) -> Vec<Mention> {
    let mut added = Vec::new();
    let mut at = 0;
    let mut opens = true;
    while at < text.len() {
        let rest = &text[at..];
        let Some(skip) = rest.find(char::is_alphabetic) else {
            break;
        };
        // a sentence opens after its end and the spaces and quotes that follow
        if rest[..skip].contains(['.', '!', '?']) {
            opens = true;
        }
        let start = at + skip;
        let end = text[start..]
            .find(|c: char| !c.is_alphabetic())
            .map_or(text.len(), |n| start + n);
        at = end;
        let word = &text[start..end];
        let first = std::mem::replace(&mut opens, false);
        if !(first || anywhere) || word.len() < 3 || !word.starts_with(char::is_uppercase) {
            continue;
        }
        let verb = words_after(text, end, 1)
            .first()
            .is_some_and(|w| TEAM_VERBS.contains(&w.as_str()) || CLUB_PARTS.contains(&w.as_str()));
        let placed = word_before(text, start).is_some_and(|w| LOCATIVES.contains(&w.as_str()));
        if verb
            && !placed
            && !found.iter().any(|m| m.start < end && start < m.end)
            && matches!(rank(word), PlaceRank::Town | PlaceRank::City)
        {
            added.push(Mention {
                kind: Kind::Org,
                name: word.to_string(),
                start,
                end,
            });
        }
    }
    added
}

/// Finds the teams that lead rows of scores or standings in a paragraph's lines (see the
/// module doc): each a run of capitalized words at the row's start or after a number or
/// "v", followed by a number or "v".
fn results_rows<R, C>(text: &str, found: &mut Vec<Mention>, lookup: &Lookup<R, C>)
where
    R: Fn(&str) -> PlaceRank,
    C: Fn(&str) -> bool,
{
    let mut added = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        if !super::junk::is_table_row(line) {
            continue;
        }
        for (start, end) in row_teams(line) {
            let (start, end) = (here + start, here + end);
            let name = &text[start..end];
            let overlapping: Vec<usize> = (0..found.len())
                .filter(|&i| found[i].start < end && start < found[i].end)
                .collect();
            // players ("Tiger Woods 67") and what the tagger found spanning more stay
            if overlapping.iter().any(|&i| {
                found[i].kind == Kind::Person || found[i].start < start || found[i].end > end
            }) || is_persons_shape(name)
                || dateline(text, start, end)
            {
                continue;
            }
            // the tagger's canonical name when it found just this name
            let known = overlapping
                .iter()
                .find(|&&i| found[i].start == start && found[i].end == end)
                .map(|&i| found[i].name.clone());
            let canonical = known.unwrap_or_else(|| name.to_string());
            let single_common = !name.contains(' ') && (lookup.common)(name);
            if overlapping.is_empty() && single_common {
                continue;
            }
            let kind = match (lookup.rank)(&canonical) {
                PlaceRank::Region => Kind::Place,
                _ => Kind::Org,
            };
            for &i in overlapping.iter().rev() {
                found.remove(i);
            }
            added.push(Mention {
                kind,
                name: canonical,
                start,
                end,
            });
        }
    }
    if !added.is_empty() {
        found.extend(added);
        found.sort_by_key(|m| m.start);
    }
}

/// The spans of the team names leading a row's scores (see [`results_rows`]).
fn row_teams(line: &str) -> Vec<(usize, usize)> {
    // words with their byte spans
    let mut words: Vec<(usize, usize, &str)> = Vec::new();
    let mut at = 0;
    for w in line.split_inclusive(char::is_whitespace) {
        let bare = w.trim_end();
        if !bare.is_empty() {
            words.push((at, at + bare.len(), bare));
        }
        at += w.len();
    }
    let number = |w: &str| {
        w.chars().next().is_some_and(|c| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || ".,-:/()".contains(c))
    };
    let versus = |w: &str| matches!(w, "v" | "vs" | "v." | "vs.");
    let name_word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || "'.-&".contains(c))
            && !TABLE_WORDS.contains(&w.to_lowercase().trim_end_matches('.'))
    };
    let mut teams = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let opens = i == 0 || number(words[i - 1].2) || versus(words[i - 1].2);
        if !opens || !name_word(words[i].2) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len() && name_word(words[j + 1].2) {
            j += 1;
        }
        let closes = words.get(j + 1).is_some_and(|w| number(w.2) || versus(w.2));
        if closes && j - i < 4 {
            teams.push((words[i].0, words[j].1));
        }
        i = j + 1;
    }
    teams
}

/// Whether a name has a person's shape in a table: an initial and a surname ("M.
/// Atherton"), or a known given name and more ("Tiger Woods").
fn is_persons_shape(name: &str) -> bool {
    let mut words = name.split_whitespace();
    let (Some(first), Some(_)) = (words.next(), words.next()) else {
        return false;
    };
    let initial = first.trim_end_matches('.');
    initial.chars().count() == 1
        || super::gazetteer::given_names().contains(&super::fold::fold_name(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(kind: Kind, text: &str, name: &str) -> Mention {
        Mention::first_in(kind, text, name)
    }

    fn lookup(
        rank: impl Fn(&str) -> PlaceRank,
    ) -> Lookup<impl Fn(&str) -> PlaceRank, impl Fn(&str) -> bool> {
        Lookup {
            rank,
            common: |w: &str| matches!(w, "Total" | "Extras" | "Then"),
        }
    }

    #[test]
    fn sports_stories_are_told_by_their_words() {
        let report = [
            "Chelsea won the match with a late goal from their striker after the \
                       referee gave a penalty in the league fixture.",
        ];
        assert!(is_sports(None, &report));
        let business = [
            "The bank said its shares rose after the merger, and the chairman \
                         praised the team that won the contract.",
        ];
        assert!(!is_sports(None, &business));
        // a short story needs fewer words, and the title counts
        let short = ["Hewitt lost in the final to the second seed."];
        assert!(!is_sports(None, &short));
        assert!(is_sports(Some("Tennis: seeds fall"), &short));
    }

    #[test]
    fn towns_in_sports_stories_are_their_clubs() {
        let sports = [
            "Liverpool beat Chelsea 2-1 in the league, with a late goal from their striker.",
            "The manager said the penalty decided the match; the referee agreed after the fixture.",
            "Fans in Liverpool celebrated the goals all night.",
        ];
        let town = |name: &str| match name {
            "Liverpool" => PlaceRank::Town,
            "Barcelona" => PlaceRank::City,
            _ => PlaceRank::Region,
        };
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
        clubs(None, &sports, &mut found, &lookup(town));
        assert_eq!(found[0][0].kind, Kind::Org, "the club");
        assert_eq!(found[2][0].kind, Kind::Place, "in Liverpool: the city");
        // a big city is a club only next to a word of matches; a lone "person" before a
        // club's people is one too, a player before a verb is not
        let sports = [
            "Chelsea lost against Barcelona, and the striker said the goal was offside.",
            "The league match was played in Barcelona; the referee and the penalty were fine.",
            "Charlton midfielder Graham Stuart left after Henry scored.",
            "Barcelona were top; Barcelona stayed top.",
            "He said the Barcelona game would come too soon.",
        ];
        let mut found = vec![
            vec![mention(Kind::Place, sports[0], "Barcelona")],
            vec![mention(Kind::Place, sports[1], "Barcelona")],
            vec![
                mention(Kind::Person, sports[2], "Charlton"),
                mention(Kind::Person, sports[2], "Henry"),
            ],
            vec![mention(Kind::Place, sports[3], "Barcelona"), {
                let at = sports[3].rfind("Barcelona").unwrap_or(0);
                Mention {
                    kind: Kind::Place,
                    name: "Barcelona".into(),
                    start: at,
                    end: at + "Barcelona".len(),
                }
            }],
            vec![mention(Kind::Place, sports[4], "Barcelona")],
        ];
        clubs(None, &sports, &mut found, &lookup(town));
        assert_eq!(found[0][0].kind, Kind::Org, "against Barcelona: the club");
        assert_eq!(found[1][0].kind, Kind::Place, "in Barcelona: the city");
        assert_eq!(found[2][0].kind, Kind::Org, "Charlton midfielder: the club");
        assert_eq!(found[2][1].kind, Kind::Person, "Henry scored: the player");
        assert_eq!(found[3][0].kind, Kind::Org, "Barcelona were: the team");
        assert_eq!(found[3][1].kind, Kind::Org, "and so in the whole story");
        assert_eq!(found[4][0].kind, Kind::Org, "the Barcelona game");
        assert_eq!(found[1][0].kind, Kind::Place, "in Barcelona stays the city");
        // rugby team news, with none of football's words, is a sports story too
        let rugby = [
            "Despite joining the squad, the Leicester flanker has a slim chance of playing.",
            "Bath prop Matt Stevens comes in for the injured hooker; the fly-half starts.",
            "The coach named him for the rugby international.",
        ];
        let mut found = vec![
            vec![mention(Kind::Place, rugby[0], "Leicester")],
            vec![mention(Kind::Place, rugby[1], "Bath")],
            vec![],
        ];
        let any_town = |_: &str| PlaceRank::Town;
        clubs(None, &rugby, &mut found, &lookup(any_town));
        assert_eq!(
            found[0][0].kind,
            Kind::Org,
            "the Leicester flanker: the club"
        );
        assert_eq!(found[1][0].kind, Kind::Org, "Bath prop: the club");
        // where an event is held, where a team travels, an address: places
        let story = [
            "He won gold at the Liverpool Olympics and travelled to Liverpool for the match.",
            "Anfield, Liverpool",
            "The striker scored in the league final; the referee gave a penalty.",
        ];
        let mut found = vec![
            vec![mention(Kind::Place, story[0], "Liverpool"), {
                let at = story[0].rfind("Liverpool").unwrap_or(0);
                Mention {
                    kind: Kind::Place,
                    name: "Liverpool".into(),
                    start: at,
                    end: at + "Liverpool".len(),
                }
            }],
            vec![mention(Kind::Place, story[1], "Liverpool")],
            vec![],
        ];
        clubs(None, &story, &mut found, &lookup(any_town));
        assert_eq!(found[0][0].kind, Kind::Place, "the Liverpool Olympics");
        assert_eq!(found[0][1].kind, Kind::Place, "travelled to Liverpool");
        assert_eq!(found[1][0].kind, Kind::Place, "an address");
        // a town taken for a person is the club too
        let story = [
            "Bath have signed their former scrum-half on a short-term deal.",
            "The fly-half and the hooker are injured, the coach told the rugby squad.",
        ];
        let mut found = vec![vec![mention(Kind::Person, story[0], "Bath")], vec![]];
        clubs(None, &story, &mut found, &lookup(any_town));
        assert_eq!(found[0][0].kind, Kind::Org, "Bath have signed: the club");
        let news = [
            "Liverpool council raised the rates.",
            "The city of Liverpool grew.",
        ];
        let mut found = vec![vec![place(0)], vec![]];
        clubs(None, &news, &mut found, &lookup(any_town));
        assert_eq!(found[0][0].kind, Kind::Place, "not a sports story");
    }

    #[test]
    fn towns_named_as_teams_are_found_where_the_tagger_missed_them() {
        let story = [
            "Liverpool beat Chelsea 2-1 in the league, with a late goal from their striker.",
            "The referee gave a penalty. Everton lost at home. Leeds is a city in England, \
             while Derby were held in Leeds.",
        ];
        let rank = |name: &str| match name {
            "Liverpool" | "Everton" | "Leeds" | "Derby" => PlaceRank::Town,
            _ => PlaceRank::Unknown,
        };
        let mut found = vec![vec![], vec![]];
        clubs(None, &story, &mut found, &lookup(rank));
        let names = |p: usize| -> Vec<(Kind, &str, &str)> {
            found[p]
                .iter()
                .map(|m| (m.kind, m.name.as_str(), &story[p][m.start..m.end]))
                .collect()
        };
        assert_eq!(names(0), [(Kind::Org, "Liverpool", "Liverpool")]);
        assert_eq!(
            names(1),
            [
                (Kind::Org, "Everton", "Everton"),
                (Kind::Org, "Derby", "Derby")
            ],
            "not 'Leeds is', not 'in Leeds'"
        );
    }

    #[test]
    fn a_town_before_a_position_and_a_player_is_the_club_in_any_story() {
        let text = ["Liverpool winger Harry Kewell is struggling to recover."];
        let mut found = vec![vec![
            mention(Kind::Place, text[0], "Liverpool"),
            mention(Kind::Person, text[0], "Harry Kewell"),
        ]];
        clubs(None, &text, &mut found, &lookup(|_: &str| PlaceRank::Town));
        assert_eq!(found[0][0].kind, Kind::Org);
        // a town before a word and a person that is no position stays a place
        let text = ["Liverpool MP Harry Smith spoke."];
        let mut found = vec![vec![
            mention(Kind::Place, text[0], "Liverpool"),
            mention(Kind::Person, text[0], "Harry Smith"),
        ]];
        clubs(None, &text, &mut found, &lookup(|_: &str| PlaceRank::Town));
        assert_eq!(found[0][0].kind, Kind::Place);
    }

    #[test]
    fn results_tables_name_teams_and_datelines_places() {
        let story = [
            "NEWCASTLE 1996-08-31",
            "Results of English league matches on Saturday, with the goals and points:",
            "Arsenal 2 Leicester 0\nNewcastle 3 Sheffield Wednesday 1",
            "Newcastle 4 3 0 1 8 4 9",
            "Brazil 2 Japan 1",
            "Total 232",
            "M. Atherton 31",
        ];
        let rank = |name: &str| match name {
            "Leicester" | "Newcastle" | "Sheffield" => PlaceRank::Town,
            "Brazil" | "Japan" => PlaceRank::Region,
            _ => PlaceRank::Unknown,
        };
        let mut found = vec![
            vec![mention(Kind::Place, story[0], "NEWCASTLE")],
            vec![],
            vec![mention(Kind::Place, story[2], "Leicester")],
            vec![],
            vec![mention(Kind::Place, story[4], "Japan")],
            vec![],
            vec![],
        ];
        found[0][0].name = "Newcastle".into();
        clubs(Some("Soccer"), &story, &mut found, &lookup(rank));
        let names = |p: usize| -> Vec<(Kind, &str)> {
            found[p].iter().map(|m| (m.kind, m.name.as_str())).collect()
        };
        assert_eq!(names(0), [(Kind::Place, "Newcastle")], "the dateline");
        assert_eq!(
            names(2),
            [
                (Kind::Org, "Arsenal"),
                (Kind::Org, "Leicester"),
                (Kind::Org, "Newcastle"),
                (Kind::Org, "Sheffield Wednesday"),
            ]
        );
        assert_eq!(
            &story[2][found[2][3].start..found[2][3].end],
            "Sheffield Wednesday"
        );
        assert_eq!(names(3), [(Kind::Org, "Newcastle")], "a standings row");
        assert_eq!(
            names(4),
            [(Kind::Place, "Brazil"), (Kind::Place, "Japan")],
            "national teams"
        );
        assert!(names(5).is_empty(), "a total is no team");
        assert!(names(6).is_empty(), "a player is no team");
        // outside sports stories rows name no teams ("Oper shr 16 cts vs 29 cts")
        let wire = ["Oper shr 16 cts vs 29 cts", "Revs 12.3 mln vs 10.1 mln"];
        let mut found = vec![vec![], vec![]];
        clubs(None, &wire, &mut found, &lookup(rank));
        assert!(found.iter().all(Vec::is_empty));
    }
}
