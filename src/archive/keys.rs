//! The forms under which names are compared across an archive: one spelling key for the
//! variants of one name, its words without titles, and an organization's capitals.

use crate::entities::fold::fold_text as fold;
use crate::entities::lexicon::{class, lexicon};
use crate::entities::Kind;

/// Words that may stand before a name without being part of it, beyond the lexicon's
/// titles: membership of a parliament, and the parties that go with it ("Tory MP"), and a
/// day a recognized name ran into ("On Wednesday Tony Blair said").
const BEFORE_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "dj",
    "mp",
    "mps",
    "mep",
    "msp",
    "am",
    "mla",
    "tory",
    "labour",
    "conservative",
    "liberal",
    "democrat",
    "republican",
    "former",
    "late",
    "the",
];

/// The words of a name, folded (lower case, no accents), without final dots, possessive
/// endings or a leading "the", and for a person without the titles, roles and parties
/// written before it ("Mr Blair", "Lord Falconer", "Tory MP Boris Johnson" -> "blair",
/// "falconer", "boris johnson").
pub fn words(name: &str, kind: Kind) -> Vec<String> {
    let mut words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            let w = fold(w);
            let w = w.trim_end_matches("'s").trim_end_matches('\'');
            w.trim_matches(|c: char| c == '.' || c == ',').to_string()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let lex = lexicon();
    let is_title = |w: &str| {
        let bare = w.trim_end_matches('.');
        lex.class(w) & (class::TITLE_START | class::ROLE) != 0
            || lex.class(&format!("{bare}.")) & class::TITLE_START != 0
            || BEFORE_NAMES.contains(&bare)
    };
    // titles come off the front, but never the last word (a name of one word stays)
    while words.len() > 1 && (words[0] == "the" || kind == Kind::Person && is_title(&words[0])) {
        words.remove(0);
    }
    words
}

/// The key under which spelling variants of one name meet: its words (see [`words`])
/// with dots, hyphens, apostrophes and spaces gone and British -ise spellings made -ize
/// ("George W. Bush" and "George W Bush", "Kilroy-Silk" and "Kilroy Silk", "Time Warner"
/// and "TimeWarner", "Organisation" and "Organization" meet). In an organization's name of
/// three words or more, a plural word meets its singular ("Disasters Emergency Committee"
/// and "Disaster Emergency Committee"); shorter names keep them apart ("Time", "Times").
pub fn spelling_key(name: &str, kind: Kind) -> String {
    let mut words = words(name, kind);
    if kind == Kind::Org {
        words = org_core(words);
    }
    let singular = kind == Kind::Org && words.len() >= 3;
    let mut key = String::with_capacity(name.len());
    for word in words {
        let mut word = american(&word);
        if singular && word.len() >= 4 && word.ends_with('s') && !word.ends_with("ss") {
            word.pop();
        }
        key.extend(
            word.chars()
                .filter(|c| !matches!(c, '.' | '-' | '\'' | '\u{2019}' | '‐')),
        );
    }
    key
}

/// Heads of government departments whose names are written both ways round ("Department
/// of Agriculture", "Agriculture Department").
const DEPARTMENT_HEADS: &[&str] = &["department", "ministry"];

/// Country prefixes that a department's name is written with or without ("U.S.
/// Agriculture Department").
const DEPARTMENT_COUNTRIES: &[&str] = &["u.s.", "u.s", "us", "american", "u.k.", "uk", "british"];

/// An organization's name as its variants share it: without legal forms at the end
/// ("Exxon Corp", "Texaco Inc." and "Merck and Co Inc" are Exxon, Texaco and Merck), and a
/// department's name in one order without a country prefix ("U.S. Agriculture Department",
/// "Department of Agriculture", "Agriculture Department").
fn org_core(mut words: Vec<String>) -> Vec<String> {
    let legal = |w: &str| crate::entities::junk::is_legal_form(w);
    while words.len() > 1 && words.last().is_some_and(|w| legal(w)) {
        words.pop();
        // "Merck and Co": the "and" before the legal form goes with it
        if words.len() > 1 && words.last().is_some_and(|w| w == "and" || w == "&") {
            words.pop();
        }
    }
    if words.len() >= 3 && DEPARTMENT_HEADS.contains(&words[0].as_str()) && words[1] == "of" {
        let head = words.remove(0);
        words.remove(0);
        words.push(head);
    }
    if words.len() >= 3
        && DEPARTMENT_COUNTRIES.contains(&words[0].as_str())
        && words
            .last()
            .is_some_and(|w| DEPARTMENT_HEADS.contains(&w.as_str()))
    {
        words.remove(0);
    }
    words
}

/// A word's -ise spellings as -ize ("organisation" -> "organization").
fn american(word: &str) -> String {
    for (british, american) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
    ] {
        if let Some(stem) = word.strip_suffix(british) {
            if stem.len() >= 3 {
                return format!("{stem}{american}");
            }
        }
    }
    word.to_string()
}

/// The capital letters of a name's words ("UK Independence Party" -> "UKIP", "Disasters
/// Emergency Committee" -> "DEC"), or `None` when it has fewer than two words.
pub fn capitals(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let caps: String = words
        .iter()
        .flat_map(|w| w.chars().filter(|c| c.is_uppercase()))
        .collect();
    (caps.chars().count() >= 2).then_some(caps)
}

/// Whether a name is written as an abbreviation: one word of two or more capitals, dots
/// allowed ("UKIP", "U.N.").
pub fn is_abbreviation(name: &str) -> bool {
    !name.contains(' ') && {
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphanumeric()).collect();
        letters.len() >= 2
            && letters
                .iter()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
    }
}

/// The abbreviation's letters ("U.N." -> "UN").
pub fn abbreviation_letters(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_meet() {
        let same = [
            ("George W. Bush", "George W Bush"),
            ("Robert Kilroy-Silk", "Robert Kilroy Silk"),
            ("Time Warner", "TimeWarner"),
            ("World Trade Organisation", "World Trade Organization"),
            ("Mr Blair", "Blair"),
            ("Lord Falconer", "Falconer"),
            ("Tory MP Boris Johnson", "Boris Johnson"),
            ("José Mourinho", "Jose Mourinho"),
            ("Blair's", "Blair"),
        ];
        for (a, b) in same {
            assert_eq!(
                spelling_key(a, Kind::Person),
                spelling_key(b, Kind::Person),
                "{a} / {b}"
            );
        }
        let orgs = [
            ("Exxon Corp", "Exxon"),
            ("Texaco Inc.", "Texaco"),
            ("Merck and Co Inc", "Merck"),
            ("Department of Agriculture", "Agriculture Department"),
            ("U.S. Agriculture Department", "Agriculture Department"),
        ];
        for (a, b) in orgs {
            assert_eq!(
                spelling_key(a, Kind::Org),
                spelling_key(b, Kind::Org),
                "{a} / {b}"
            );
        }
        assert_eq!(
            spelling_key("Co Inc", Kind::Org),
            spelling_key("Co", Kind::Org)
        );
        assert_ne!(
            spelling_key("Department of Energy", Kind::Org),
            spelling_key("Agriculture Department", Kind::Org)
        );
        let different = [("Gordon Brown", "James Brown"), ("Paris", "Parish")];
        for (a, b) in different {
            assert_ne!(
                spelling_key(a, Kind::Person),
                spelling_key(b, Kind::Person),
                "{a} / {b}"
            );
        }
        // a title alone is a name of one word, not nothing; organizations keep their words
        assert_eq!(words("President", Kind::Person), vec!["president"]);
        assert_eq!(words("Labour Party", Kind::Org), vec!["labour", "party"]);
        assert_eq!(
            spelling_key("The Washington Post", Kind::Org),
            spelling_key("Washington Post", Kind::Org)
        );
    }

    #[test]
    fn capitals_and_abbreviations() {
        assert_eq!(capitals("UK Independence Party").as_deref(), Some("UKIP"));
        assert_eq!(
            capitals("Disasters Emergency Committee").as_deref(),
            Some("DEC")
        );
        assert_eq!(capitals("Yukos"), None);
        assert!(is_abbreviation("UKIP") && is_abbreviation("U.N.") && is_abbreviation("G20"));
        assert!(!is_abbreviation("Yukos") && !is_abbreviation("UK Independence Party"));
        assert_eq!(abbreviation_letters("U.N."), "UN");
    }
}
