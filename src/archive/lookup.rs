//! What a typed name means in an archive: `--person Blair`, `--org U.N.`, `person:"..."`.
//!
//! A name finds every entity it fits, in four ways, and says which:
//! 1. `name`: an entity has the name as a variant, ignoring case, accents, dots, hyphens
//!    and titles ("william j. burns", "Mr Blair");
//! 2. `alias`: the gazetteers know it as an alias of an entity's name ("U.N." -> United
//!    Nations, "Israeli" -> Israel, "Khan Younis" -> Khān Yūnis);
//! 3. `surname`: one word that is the surname of people ("Brown" -> Gordon Brown, James
//!    Brown);
//! 4. `abbreviation`: capitals that spell an organization's name ("CIA").
//!
//! Matches come most likely first: the entity most paragraphs name first (ties by the way
//! it fits, in the order above). Hidden entities are never found.

use serde::Serialize;

use super::catalog::Catalog;
use super::keys::{abbreviation_letters, is_abbreviation, spelling_key, words};
use crate::entities::fold::fold_name;
use crate::entities::Kind;

/// An entity a typed name fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    #[serde(skip)]
    pub id: u32,
    pub name: String,
    /// Paragraphs of the archive that name it.
    pub count: u64,
    /// How the name fits: `name`, `alias`, `surname` or `abbreviation`.
    pub how: &'static str,
}

/// The entities of `kind` that `asked` fits (see the module doc).
pub fn find(catalog: &Catalog, kind: Kind, asked: &str) -> Vec<Match> {
    let mut found: Vec<(u32, &'static str)> = Vec::new();
    let mut add = |ids: Vec<u32>, how: &'static str| {
        for id in ids {
            if !found.iter().any(|(f, _)| *f == id) {
                found.push((id, how));
            }
        }
    };
    add(catalog.by_folded(kind, &fold_name(asked)), "name");
    add(
        catalog.by_spelling(kind, &spelling_key(asked, kind)),
        "name",
    );
    add(catalog.by_alias(kind, &fold_name(asked)), "alias");
    let w = words(asked, kind);
    if kind == Kind::Person && w.len() == 1 {
        add(catalog.by_surname(&w[0]), "surname");
    }
    if kind == Kind::Org && is_abbreviation(asked) {
        add(
            catalog.by_capitals(&abbreviation_letters(asked)),
            "abbreviation",
        );
    }
    let mut matches: Vec<Match> = found
        .into_iter()
        .filter(|&(id, _)| catalog.kind(id) == kind && !catalog.name(id).1)
        .map(|(id, how)| {
            let info = catalog.entity(id);
            Match {
                id,
                name: info.name,
                count: info.count,
                how,
            }
        })
        .collect();
    let rank = |how: &str| {
        ["name", "alias", "surname", "abbreviation"]
            .iter()
            .position(|h| *h == how)
    };
    matches.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(rank(a.how).cmp(&rank(b.how)))
            .then_with(|| a.name.cmp(&b.name))
    });
    matches
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::group::Variant;
    use crate::archive::Corrections;

    fn catalog(names: &[(Kind, &str, u64)]) -> Catalog {
        let variants: Vec<Variant> = names
            .iter()
            .map(|&(kind, name, count)| Variant {
                kind,
                name: name.to_string(),
                count,
            })
            .collect();
        Catalog::of_variants(&variants, &Corrections::default())
    }

    fn found(c: &Catalog, kind: Kind, asked: &str) -> Vec<(String, &'static str)> {
        find(c, kind, asked)
            .into_iter()
            .map(|m| (m.name, m.how))
            .collect()
    }

    #[test]
    fn a_name_finds_every_entity_it_fits() {
        let c = catalog(&[
            (Kind::Person, "William J. Burns", 30),
            (Kind::Person, "Nicholas Burns", 10),
            (Kind::Person, "Benjamin Netanyahu", 20),
            (Kind::Person, "Burnsides", 3),
            (Kind::Org, "United Nations", 40),
            (Kind::Org, "The Washington Post", 5),
            (Kind::Org, "Central Intelligence Agency", 8),
            (Kind::Place, "Khān Yūnis", 4),
            (Kind::Place, "Israel", 50),
        ]);
        let p = |n: &str| (n.to_string(), "name");
        assert_eq!(
            found(&c, Kind::Person, "William J. Burns"),
            vec![p("William J. Burns")]
        );
        assert_eq!(
            found(&c, Kind::Person, "william j burns"),
            vec![p("William J. Burns")]
        );
        assert_eq!(
            found(&c, Kind::Person, "Burns"),
            vec![
                ("William J. Burns".to_string(), "surname"),
                ("Nicholas Burns".to_string(), "surname")
            ],
            "both Burnses, the more mentioned first"
        );
        assert_eq!(found(&c, Kind::Person, "Burns's").len(), 2);
        assert_eq!(
            found(&c, Kind::Person, "Netanyahu"),
            vec![("Benjamin Netanyahu".to_string(), "surname")]
        );
        assert!(found(&c, Kind::Person, "Smith").is_empty());
        assert_eq!(
            found(&c, Kind::Org, "U.N."),
            vec![("United Nations".to_string(), "alias")]
        );
        assert_eq!(
            found(&c, Kind::Org, "Washington Post"),
            vec![p("The Washington Post")]
        );
        assert_eq!(
            found(&c, Kind::Org, "CIA"),
            vec![("Central Intelligence Agency".to_string(), "alias")]
        );
        assert_eq!(
            found(&c, Kind::Place, "Khan Younis"),
            vec![("Khān Yūnis".to_string(), "alias")]
        );
        assert_eq!(found(&c, Kind::Place, "khan yunis"), vec![p("Khān Yūnis")]);
        assert_eq!(
            found(&c, Kind::Place, "Israeli"),
            vec![("Israel".to_string(), "alias")]
        );
        assert!(
            found(&c, Kind::Place, "Burns").is_empty(),
            "kinds stay apart"
        );
    }
}
