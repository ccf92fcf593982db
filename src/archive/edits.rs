//! The user's corrections applied to grouped names, one after another, each to the
//! entities as the corrections before it left them.
//!
//! | verb | effect |
//! |---|---|
//! | `merge KIND NAME INTO` | NAME's entity joins INTO's, which keeps its name, kind and visibility |
//! | `split KIND NAME` | undoes the merge that brought NAME's entity in, which leaves with what it had (its names, its name, kind and visibility); a name the grouping joined leaves alone |
//! | `rename KIND NAME NEW` | NAME's entity is called NEW; when NEW names another entity, the two are merged under NEW |
//! | `retype KIND NAME NEWKIND` | NAME's entity is of NEWKIND (and shown, if it was hidden as a work's title) |
//! | `hide KIND NAME` | NAME's entity, and only it, is left out of facets, listings and filters |
//! | `KIND CANONICAL ALIAS...` | the aliases' entities join CANONICAL's, called CANONICAL |
//!
//! A NAME is a name the articles wrote (of that kind, else of any), one spelled alike, a
//! gazetteer alias of one, or a name an earlier `rename` gave.

use rustc_hash::FxHashMap;

use super::corrections::{Correction, Corrections};
use super::group::{
    gazetteer_aliases, kind_index, summarize, summarize_as, Decided, Entity, Variant,
};
use super::keys::spelling_key;
use crate::entities::fold::fold_name;
use crate::entities::Kind;

/// How the user made an entity look: its name, kind and visibility when set.
#[derive(Debug, Clone, Default)]
struct Looks {
    name: Option<String>,
    kind: Option<Kind>,
    hidden: bool,
    /// The archive takes it for a work's title or a thing's name (see `group::is_work`):
    /// hidden as an entity of this kind.
    work: Option<Kind>,
}

/// Names that came into an entity together: the entity as it was when merged into another,
/// and how it looked then (restored when a split takes it out again).
#[derive(Debug)]
struct Unit {
    members: Vec<usize>,
    looked: Option<Looks>,
}

#[derive(Debug, Default)]
struct Ent {
    units: Vec<Unit>,
    looks: Looks,
}

struct State<'a> {
    variants: &'a [Variant],
    ents: Vec<Ent>,
    /// The entity of each variant.
    of: Vec<usize>,
}

impl State<'_> {
    fn members(&self, e: usize) -> Vec<usize> {
        self.ents[e]
            .units
            .iter()
            .flat_map(|u| u.members.iter().copied())
            .collect()
    }

    /// A new entity of `units`, looking like `looks`.
    fn add(&mut self, units: Vec<Unit>, looks: Looks) -> usize {
        let e = self.ents.len();
        for u in &units {
            for &m in &u.members {
                self.of[m] = e;
            }
        }
        self.ents.push(Ent { units, looks });
        e
    }

    /// `from`'s entity joins `into`'s, which keeps how it looks.
    fn merge(&mut self, from: usize, into: usize) {
        let (a, b) = (self.of[from], self.of[into]);
        if a == b {
            return;
        }
        // INTO's name and kind as they are now, before the other's names can outweigh them
        let now = summarize(&self.members(b), self.variants);
        let looks = &mut self.ents[b].looks;
        looks.name.get_or_insert(now.name);
        looks.kind.get_or_insert(now.kind);
        let gone = std::mem::take(&mut self.ents[a]);
        for mut unit in gone.units {
            unit.looked = Some(gone.looks.clone());
            for &m in &unit.members {
                self.of[m] = b;
            }
            self.ents[b].units.push(unit);
        }
    }

    /// Takes `name`'s part out of its entity (see the module doc).
    fn split(&mut self, name: usize) {
        let e = self.of[name];
        let ent = &mut self.ents[e];
        if ent.units.len() > 1 {
            let Some(u) = ent.units.iter().position(|u| u.members.contains(&name)) else {
                return;
            };
            let mut unit = ent.units.remove(u);
            let looks = unit.looked.take().unwrap_or_default();
            self.add(vec![unit], looks);
        } else if ent.units.first().is_some_and(|u| u.members.len() > 1) {
            ent.units[0].members.retain(|&m| m != name);
            self.add(
                vec![Unit {
                    members: vec![name],
                    looked: None,
                }],
                Looks::default(),
            );
        }
    }
}

/// The entities of `groups` (lists of variant indexes, each with what the archive's
/// evidence decided for it) after `corrections`, sorted by kind and name.
pub(super) fn apply(
    groups: Vec<Decided>,
    variants: &[Variant],
    corrections: &Corrections,
) -> Vec<Entity> {
    let mut state = State {
        variants,
        ents: Vec::with_capacity(groups.len()),
        of: vec![0; variants.len()],
    };
    for Decided {
        members,
        kind,
        work,
    } in groups
    {
        state.add(
            vec![Unit {
                members,
                looked: None,
            }],
            Looks {
                kind,
                work,
                ..Looks::default()
            },
        );
    }
    let index: FxHashMap<(Kind, &str), usize> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| ((v.kind, v.name.as_str()), i))
        .collect();
    let mut spelled: FxHashMap<(Kind, String), usize> = FxHashMap::default();
    for (i, v) in variants.iter().enumerate() {
        spelled
            .entry((v.kind, spelling_key(&v.name, v.kind)))
            .or_insert(i);
    }
    // names given by `rename` (folded), each with a variant of its entity
    let mut given: FxHashMap<String, usize> = FxHashMap::default();
    for c in corrections.iter() {
        let find = |kind: Kind, name: &str, given: &FxHashMap<String, usize>| -> Option<usize> {
            index
                .get(&(kind, name))
                .copied()
                .or_else(|| given.get(&fold_name(name)).copied())
                .or_else(|| {
                    Kind::ALL
                        .into_iter()
                        .find_map(|k| index.get(&(k, name)).copied())
                })
                .or_else(|| spelled.get(&(kind, spelling_key(name, kind))).copied())
                // a gazetteer alias ("UKIP") of a name the articles wrote in full
                .or_else(|| {
                    let canonical = gazetteer_aliases().get(&(kind, fold_name(name)))?;
                    index.get(&(kind, canonical.as_str())).copied()
                })
        };
        match c {
            Correction::Merge { kind, from, into } => {
                if let (Some(a), Some(b)) = (find(*kind, from, &given), find(*kind, into, &given)) {
                    state.merge(a, b);
                }
            }
            Correction::Split { kind, name } => {
                if let Some(a) = find(*kind, name, &given) {
                    state.split(a);
                }
            }
            Correction::Rename { kind, name, to } => {
                let Some(a) = find(*kind, name, &given) else {
                    continue;
                };
                // a name another entity goes by: the two are one entity, called `to`
                if let Some(b) = find(*kind, to, &given).filter(|&b| state.of[b] != state.of[a]) {
                    state.merge(a, b);
                }
                let e = state.of[a];
                state.ents[e].looks.name = Some(to.clone());
                given.insert(fold_name(to), a);
            }
            Correction::Retype { kind, name, to } => {
                if let Some(a) = find(*kind, name, &given) {
                    let e = state.of[a];
                    state.ents[e].looks.kind = Some(*to);
                    state.ents[e].looks.work = None;
                }
            }
            Correction::Hide { kind, name } => {
                if let Some(a) = find(*kind, name, &given) {
                    let e = state.of[a];
                    state.ents[e].looks.hidden = true;
                }
            }
            Correction::Names {
                kind,
                canonical,
                aliases,
            } => {
                let target = find(*kind, canonical, &given);
                let members: Vec<usize> = aliases
                    .iter()
                    .filter_map(|a| find(*kind, a, &given))
                    .collect();
                if let Some(&first) = target.as_ref().or(members.first()) {
                    for m in members {
                        state.merge(m, first);
                    }
                    let e = state.of[first];
                    state.ents[e].looks.name = Some(canonical.clone());
                    given.insert(fold_name(canonical), first);
                }
            }
        }
    }
    let mut entities: Vec<Entity> = (0..state.ents.len())
        .filter(|&e| !state.ents[e].units.is_empty())
        .map(|e| {
            let mut members = state.members(e);
            members.sort_unstable();
            let looks = &state.ents[e].looks;
            let s = summarize_as(&members, variants, looks.kind);
            let kind = looks.kind.unwrap_or(s.kind);
            let work = looks.work == Some(kind);
            Entity {
                kind,
                name: looks.name.clone().unwrap_or(s.name),
                hidden: looks.hidden || work,
                work,
                variants: members,
            }
        })
        .collect();
    entities.sort_by(|a, b| {
        (kind_index(a.kind), &a.name, a.variants[0]).cmp(&(
            kind_index(b.kind),
            &b.name,
            b.variants[0],
        ))
    });
    entities
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::group::group;
    use super::*;
    use Kind::{Org, Person};

    fn v(kind: Kind, name: &str, count: u64) -> Variant {
        Variant {
            kind,
            name: name.to_string(),
            count,
        }
    }

    /// The archive the table runs on: Charles Kennedy (with "Kennedy", which the grouping
    /// joins to him) is mentioned more than Andy Roddick.
    fn archive() -> Vec<Variant> {
        vec![
            v(Person, "Charles Kennedy", 90),
            v(Person, "Kennedy", 30),
            v(Person, "Andy Roddick", 40),
            v(Person, "Roddick", 10),
            v(Person, "Michael Howard", 200),
            v(Person, "Tony Blair", 385),
            v(Org, "Nintendo", 12),
        ]
    }

    /// An entity as the table shows it: kind, name, the names it goes by (sorted).
    type Shown = (Kind, String, Vec<String>);

    /// The visible entities after `lines`: (kind, name, names it goes by), sorted.
    fn after(lines: &str) -> Vec<Shown> {
        let variants = archive();
        let corrections = Corrections::parse(lines, "fixes.tsv").unwrap();
        let mut out: Vec<Shown> = group(&variants, &corrections)
            .into_iter()
            .filter(|e| !e.hidden)
            .map(|e| {
                let mut names: Vec<String> = e
                    .variants
                    .iter()
                    .map(|&i| variants[i].name.clone())
                    .collect();
                names.sort();
                (e.kind, e.name, names)
            })
            .collect();
        out.sort();
        out
    }

    fn entity(kind: Kind, name: &str, names: &[&str]) -> Shown {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort();
        (kind, name.to_string(), names)
    }

    #[test]
    fn each_verb_and_each_pair_in_sequence() {
        let kennedy = || entity(Person, "Charles Kennedy", &["Charles Kennedy", "Kennedy"]);
        let roddick = || entity(Person, "Andy Roddick", &["Andy Roddick", "Roddick"]);
        let howard = || entity(Person, "Michael Howard", &["Michael Howard"]);
        let blair = || entity(Person, "Tony Blair", &["Tony Blair"]);
        let nintendo = || entity(Org, "Nintendo", &["Nintendo"]);
        let untouched = vec![kennedy(), roddick(), howard(), blair(), nintendo()];
        let mut sorted = untouched.clone();
        sorted.sort();
        let with = |changed: Vec<Shown>, gone: &[&str]| {
            let mut all: Vec<_> = untouched
                .iter()
                .filter(|e| !gone.contains(&e.1.as_str()))
                .cloned()
                .chain(changed)
                .collect();
            all.sort();
            all
        };
        let merged = entity(
            Person,
            "Andy Roddick",
            &["Andy Roddick", "Roddick", "Charles Kennedy", "Kennedy"],
        );
        let rows: Vec<(&str, &str, Vec<Shown>)> = vec![
            ("nothing", "", sorted.clone()),
            (
                "merge keeps INTO's name, though the other is mentioned more",
                "merge\tperson\tCharles Kennedy\tAndy Roddick\n",
                with(vec![merged.clone()], &["Charles Kennedy", "Andy Roddick"]),
            ),
            (
                "hide hides the named entity only",
                "hide\tperson\tKennedy\n",
                with(vec![], &["Charles Kennedy"]),
            ),
            (
                "hide then merge: the merged entity is INTO's, and visible",
                "hide\tperson\tCharles Kennedy\nmerge\tperson\tCharles Kennedy\tAndy Roddick\n",
                with(vec![merged.clone()], &["Charles Kennedy", "Andy Roddick"]),
            ),
            (
                "merge then hide hides the merged entity",
                "merge\tperson\tCharles Kennedy\tAndy Roddick\nhide\tperson\tKennedy\n",
                with(vec![], &["Charles Kennedy", "Andy Roddick"]),
            ),
            (
                "split takes a name the grouping joined out alone",
                "split\tperson\tKennedy\n",
                with(
                    vec![
                        entity(Person, "Charles Kennedy", &["Charles Kennedy"]),
                        entity(Person, "Kennedy", &["Kennedy"]),
                    ],
                    &["Charles Kennedy"],
                ),
            ),
            (
                "merge then split undoes the merge, Kennedy leaving with Charles Kennedy",
                "merge\tperson\tCharles Kennedy\tAndy Roddick\nsplit\tperson\tCharles Kennedy\n",
                sorted.clone(),
            ),
            (
                "rename",
                "rename\tperson\tMichael Howard\tMichael Howard MP\n",
                with(
                    vec![entity(Person, "Michael Howard MP", &["Michael Howard"])],
                    &["Michael Howard"],
                ),
            ),
            (
                "rename onto another entity's name merges the two under it",
                "rename\tperson\tMichael Howard\tTony Blair\n",
                with(
                    vec![entity(Person, "Tony Blair", &["Michael Howard", "Tony Blair"])],
                    &["Michael Howard", "Tony Blair"],
                ),
            ),
            (
                "rename then merge: the new name finds the entity, INTO keeps its name",
                "rename\tperson\tMichael Howard\tMr Howard\nmerge\tperson\tMr Howard\tTony Blair\n",
                with(
                    vec![entity(Person, "Tony Blair", &["Michael Howard", "Tony Blair"])],
                    &["Michael Howard", "Tony Blair"],
                ),
            ),
            (
                "retype",
                "retype\tperson\tAndy Roddick\torg\n",
                with(
                    vec![entity(Org, "Andy Roddick", &["Andy Roddick", "Roddick"])],
                    &["Andy Roddick"],
                ),
            ),
            (
                "retype then merge: INTO keeps its kind",
                "retype\tperson\tCharles Kennedy\torg\nmerge\tperson\tCharles Kennedy\tAndy Roddick\n",
                with(vec![merged.clone()], &["Charles Kennedy", "Andy Roddick"]),
            ),
            (
                "merge then retype retypes the merged entity",
                "merge\tperson\tCharles Kennedy\tAndy Roddick\nretype\tperson\tRoddick\torg\n",
                with(
                    vec![entity(
                        Org,
                        "Andy Roddick",
                        &["Andy Roddick", "Roddick", "Charles Kennedy", "Kennedy"],
                    )],
                    &["Charles Kennedy", "Andy Roddick"],
                ),
            ),
            (
                "a names line joins the aliases under its name",
                "person\tTony Blair\tMichael Howard\n",
                with(
                    vec![entity(Person, "Tony Blair", &["Michael Howard", "Tony Blair"])],
                    &["Michael Howard", "Tony Blair"],
                ),
            ),
        ];
        for (what, lines, want) in rows {
            assert_eq!(after(lines), want, "{what}");
        }
    }

    #[test]
    fn a_split_restores_how_the_entity_looked_before_its_merge() {
        let variants = archive();
        let corrections = Corrections::parse(
            "hide\tperson\tCharles Kennedy\nmerge\tperson\tCharles Kennedy\tAndy Roddick\nsplit\tperson\tKennedy\n",
            "fixes.tsv",
        )
        .unwrap();
        let entities = group(&variants, &corrections);
        let kennedy = entities
            .iter()
            .find(|e| e.name == "Charles Kennedy")
            .unwrap();
        assert!(kennedy.hidden, "hidden again once out");
        assert_eq!(kennedy.variants.len(), 2);
        let roddick = entities.iter().find(|e| e.name == "Andy Roddick").unwrap();
        assert!(!roddick.hidden);
    }
}
