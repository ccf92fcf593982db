//! Datelines: the town a story was filed from, in capitals at the start of a paragraph
//! before the date or the agency ("NEWCASTLE 1996-08-31", "LONDON (Reuters) -"). It is a
//! place whatever the story makes of the town's name (its club in a sports story), and
//! one the tagger may miss in capitals: a dateline the gazetteer knows is added.

use super::gazetteer::PlaceRank;
use super::{Kind, Mention};

/// Whether `text[start..end]` is a dateline's place (see the module doc).
pub fn dateline(text: &str, start: usize, end: usize) -> bool {
    let lead = text.len() - text.trim_start().len();
    let written = text.get(start..end).unwrap_or("");
    start == lead
        && written.chars().any(char::is_alphabetic)
        && !written.chars().any(char::is_lowercase)
        && before_a_date(text.get(end..).unwrap_or(""))
}

/// Whether the text after a dateline's town opens with a date or the agency.
fn before_a_date(after: &str) -> bool {
    after
        .trim_start_matches([' ', ','])
        .starts_with(|c: char| c.is_ascii_digit() || c == '(' || c == '-')
}

/// Makes each paragraph's dateline a place, adding it where the tagger missed it; `rank`
/// says whether the gazetteer knows a canonical name as a place.
pub fn places(
    paragraphs: &[impl AsRef<str>],
    mentions: &mut [Vec<Mention>],
    rank: impl Fn(&str) -> PlaceRank,
) {
    for (text, found) in paragraphs.iter().zip(mentions.iter_mut()) {
        let text = text.as_ref();
        if let Some(first) = found.first_mut().filter(|m| dateline(text, m.start, m.end)) {
            if rank(&first.name) != PlaceRank::Unknown {
                first.kind = Kind::Place;
            }
            continue;
        }
        let lead = text.len() - text.trim_start().len();
        // the words in capitals that open the paragraph, up to the date
        let town_end = text[lead..]
            .find(|c: char| !(c.is_uppercase() || c == ' ' || c == '.' || c == '-'))
            .map_or(text.len(), |at| lead + at);
        let town = text[lead..town_end].trim_end();
        let end = lead + town.len();
        if town.chars().filter(|c| c.is_alphabetic()).count() < 3
            || !before_a_date(&text[end..])
            || found.first().is_some_and(|m| m.start < end)
        {
            continue;
        }
        // "NEW YORK" -> "New York", as the gazetteer spells its canonical names
        let name: String = town
            .split(' ')
            .map(|w| {
                let mut cs = w.chars();
                cs.next().map_or(String::new(), |c| {
                    c.to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect()
                })
            })
            .collect::<Vec<_>>()
            .join(" ");
        if rank(&name) != PlaceRank::Unknown {
            found.insert(
                0,
                Mention {
                    kind: Kind::Place,
                    name,
                    start: lead,
                    end,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_places() {
        let paragraphs = [
            "NEWCASTLE 1996-08-31",
            "LONDON (Reuters) - Shares fell.",
            "NEWCASTLE 1996-08-31",
            "Newcastle 3 Leeds 1",
            "FOO 1996-08-31",
            "NATO said on Monday it would meet.",
        ];
        let rank = |name: &str| match name {
            "Newcastle" | "London" => PlaceRank::Town,
            _ => PlaceRank::Unknown,
        };
        let club = Mention {
            kind: Kind::Org,
            name: "Newcastle".into(),
            start: 0,
            end: 9,
        };
        let mut found = vec![
            vec![],
            vec![],
            vec![club.clone()],
            vec![club],
            vec![],
            vec![],
        ];
        places(&paragraphs, &mut found, rank);
        let got: Vec<Vec<(Kind, &str)>> = found
            .iter()
            .map(|ms| ms.iter().map(|m| (m.kind, m.name.as_str())).collect())
            .collect();
        assert_eq!(got[0], [(Kind::Place, "Newcastle")], "added");
        assert_eq!(got[1], [(Kind::Place, "London")], "before the agency");
        assert_eq!(got[2], [(Kind::Place, "Newcastle")], "retyped");
        assert_eq!(got[3], [(Kind::Org, "Newcastle")], "no dateline: the club");
        assert!(got[4].is_empty(), "a name the gazetteer does not know");
        assert!(got[5].is_empty(), "no date after the capitals");
        assert_eq!(&paragraphs[1][found[1][0].start..found[1][0].end], "LONDON");
    }
}
