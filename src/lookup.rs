//! Query-time entity names: what `--person Burns` or `--org U.N.` means in this index.
//!
//! A name the user types is matched against the canonical names stored in the index, in
//! tiers, and the first tier that finds something wins:
//! 1. the exact canonical name;
//! 2. the same name ignoring case, diacritics and a leading "the";
//! 3. an alias from the embedded gazetteers ("U.N." -> "United Nations", "Israeli" -> "Israel");
//! 4. the name as a run of words inside a canonical name ("Burns" -> "William J. Burns");
//! 5. an abbreviation of a canonical name's capitalized words ("UN" -> "United Nations").
//!
//! An ambiguous name ("Burns" with two Burnses in the index) matches all its candidates.
//! The gazetteers are scanned as text here: query commands never build the recognizer.

use crate::entities::fold::fold_name;
use crate::entities::gazetteer::aliases_of;
use crate::entities::Kind;

/// What one entity filter resolved to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Resolution {
    pub kind: Kind,
    /// The name as typed.
    pub asked: String,
    /// The canonical names in the index it stands for (empty: nothing matches).
    pub names: Vec<String>,
}

/// The words of a folded name, without final dots, commas and possessives.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(' ')
        .map(|w| w.trim_end_matches(['.', ',']).trim_end_matches("'s"))
        .filter(|w| !w.is_empty())
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Resolves a typed name against the values of its field, given as (name, folded name)
/// pairs sorted by name (see [`crate::index::names`]).
pub fn resolve_name(kind: Kind, asked: &str, values: &[(&str, &str)]) -> Resolution {
    let done = |names: Vec<String>| Resolution {
        kind,
        asked: asked.to_string(),
        names,
    };
    if values.iter().any(|(v, _)| *v == asked) {
        return done(vec![asked.to_string()]);
    }
    let matching = |keep: &dyn Fn(&str) -> bool| -> Vec<String> {
        values
            .iter()
            .filter(|(_, f)| keep(f))
            .map(|(v, _)| v.to_string())
            .collect()
    };
    let wanted = fold_name(asked);
    let same = matching(&|f| f == wanted);
    if !same.is_empty() {
        return done(same);
    }
    let aliases: Vec<String> = aliases_of(asked, kind)
        .iter()
        .map(|a| fold_name(a))
        .collect();
    let by_alias = matching(&|f| aliases.iter().any(|a| a == f));
    if !by_alias.is_empty() {
        return done(by_alias);
    }
    let want: Vec<&str> = words(&wanted).collect();
    if !want.is_empty() {
        let inside = matching(&|f| {
            // cheap test first: every wanted word must occur somewhere
            if !want.iter().all(|w| f.contains(w)) {
                return false;
            }
            let have: Vec<&str> = words(f).collect();
            have.windows(want.len()).any(|w| w == want.as_slice())
        });
        if !inside.is_empty() {
            return done(inside);
        }
    }
    let letters: String = asked.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.len() >= 2 && letters.chars().all(|c| c.is_uppercase()) {
        let abbreviated = values
            .iter()
            .filter(|(v, _)| initials(v) == letters)
            .map(|(v, _)| v.to_string())
            .collect();
        return done(abbreviated);
    }
    done(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Values = Vec<(String, String)>;

    fn values(names: &[&str]) -> Values {
        let mut v: Vec<(String, String)> = names
            .iter()
            .map(|s| (s.to_string(), fold_name(s)))
            .collect();
        v.sort();
        v
    }

    fn resolve_name(kind: Kind, asked: &str, values: &[(String, String)]) -> Resolution {
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        super::resolve_name(kind, asked, &pairs)
    }

    #[test]
    fn tiers() {
        let people = values(&[
            "William J. Burns",
            "Nicholas Burns",
            "Benjamin Netanyahu",
            "Burnsides",
        ]);
        let rows: &[(Kind, &str, &Values, &[&str])] = &[
            (
                Kind::Person,
                "William J. Burns",
                &people,
                &["William J. Burns"],
            ),
            (
                Kind::Person,
                "william j. burns",
                &people,
                &["William J. Burns"],
            ),
            (Kind::Person, "Netanyahu", &people, &["Benjamin Netanyahu"]),
            (
                Kind::Person,
                "Burns",
                &people,
                &["Nicholas Burns", "William J. Burns"],
            ),
            (
                Kind::Person,
                "Burns's",
                &people,
                &["Nicholas Burns", "William J. Burns"],
            ),
            (Kind::Person, "Smith", &people, &[]),
        ];
        for (kind, asked, vals, want) in rows {
            assert_eq!(resolve_name(*kind, asked, vals).names, *want, "{asked}");
        }
        let orgs = values(&[
            "United Nations",
            "The Washington Post",
            "Central Intelligence Agency",
        ]);
        assert_eq!(
            resolve_name(Kind::Org, "U.N.", &orgs).names,
            ["United Nations"]
        );
        assert_eq!(
            resolve_name(Kind::Org, "Washington Post", &orgs).names,
            ["The Washington Post"]
        );
        assert_eq!(
            resolve_name(Kind::Org, "CIA", &orgs).names,
            ["Central Intelligence Agency"]
        );
        let places = values(&["Khān Yūnis", "Israel"]);
        assert_eq!(
            resolve_name(Kind::Place, "Khan Younis", &places).names,
            ["Khān Yūnis"]
        );
        assert_eq!(
            resolve_name(Kind::Place, "khan yunis", &places).names,
            ["Khān Yūnis"]
        );
        assert_eq!(
            resolve_name(Kind::Place, "Israeli", &places).names,
            ["Israel"]
        );
    }
}
