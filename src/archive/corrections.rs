//! The user's corrections to the archive's entities (`newsindex names apply FILE`).
//!
//! A corrections file is a TSV file, one correction a line; `#` starts a comment:
//!
//! | line | effect |
//! |---|---|
//! | `merge KIND NAME INTO` | the entity of NAME joins the entity of INTO |
//! | `split KIND NAME` | NAME leaves its entity and stands alone |
//! | `rename KIND NAME NEW` | the entity of NAME is called NEW |
//! | `retype KIND NAME NEWKIND` | the entity of NAME is of kind NEWKIND |
//! | `hide KIND NAME` | the entity of NAME is left out of facets, listings and filters ("Analysts" is not a person) |
//! | `KIND CANONICAL ALIAS...` | a line of a names file (`--names`): the aliases are one entity called CANONICAL |
//!
//! NAME is any name the articles wrote, or the name an entity goes by; KIND is `person`,
//! `place` or `org`. The columns are separated by tabs. Corrections are kept in the index
//! (`corrections.tsv`) and applied again after every ingest, in the order given.

use anyhow::{bail, Result};

use crate::entities::{Kind, MAX_NAME_BYTES};

/// One correction (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    Merge {
        kind: Kind,
        from: String,
        into: String,
    },
    Split {
        kind: Kind,
        name: String,
    },
    Rename {
        kind: Kind,
        name: String,
        to: String,
    },
    Retype {
        kind: Kind,
        name: String,
        to: Kind,
    },
    Hide {
        kind: Kind,
        name: String,
    },
    Names {
        kind: Kind,
        canonical: String,
        aliases: Vec<String>,
    },
}

impl Correction {
    /// The names the correction looks for in the archive, with their kind (a `Names` line's
    /// names need not all be there).
    pub fn names(&self) -> Vec<(Kind, &str)> {
        match self {
            Correction::Merge { kind, from, into } => vec![(*kind, from), (*kind, into)],
            Correction::Split { kind, name }
            | Correction::Rename { kind, name, .. }
            | Correction::Retype { kind, name, .. }
            | Correction::Hide { kind, name } => vec![(*kind, name)],
            Correction::Names { .. } => Vec::new(),
        }
    }
}

/// Corrections in the order they apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    list: Vec<Correction>,
    /// the line of each correction in its file
    lines: Vec<usize>,
}

/// The corrections file in the index directory.
pub const FILE: &str = "corrections.tsv";

impl Corrections {
    /// Parses a corrections file; `origin` names it in errors (`origin:line: reason`).
    pub fn parse(text: &str, origin: &str) -> Result<Corrections> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // lines end in LF, CRLF or a lone CR (old Mac files)
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut list = Vec::new();
        let mut lines = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let at = format!("{origin}:{}", i + 1);
            let kind = |col: usize| -> Result<Kind> {
                let text = cols.get(col).copied().unwrap_or("");
                match Kind::parse(text) {
                    Some(k) => Ok(k),
                    None => bail!("{at}: unknown kind {text:?} (expected person, place or org)"),
                }
            };
            let name = |col: usize, what: &str| -> Result<String> {
                match cols.get(col).filter(|c| !c.is_empty()) {
                    Some(c) if c.len() > MAX_NAME_BYTES => bail!(
                        "{at}: name longer than {MAX_NAME_BYTES} bytes ({} bytes) in column {}",
                        c.len(),
                        col + 1
                    ),
                    Some(c) => Ok(c.to_string()),
                    None => bail!("{at}: {} needs {what} in column {}", cols[0], col + 1),
                }
            };
            let correction = match cols[0] {
                "merge" => Correction::Merge {
                    kind: kind(1)?,
                    from: name(2, "a name")?,
                    into: name(3, "the name to merge into")?,
                },
                "split" => Correction::Split {
                    kind: kind(1)?,
                    name: name(2, "a name")?,
                },
                "rename" => Correction::Rename {
                    kind: kind(1)?,
                    name: name(2, "a name")?,
                    to: name(3, "the new name")?,
                },
                "retype" => Correction::Retype {
                    kind: kind(1)?,
                    name: name(2, "a name")?,
                    to: kind(3)?,
                },
                "hide" => Correction::Hide {
                    kind: kind(1)?,
                    name: name(2, "a name")?,
                },
                other => match Kind::parse(other) {
                    Some(kind) => Correction::Names {
                        kind,
                        canonical: name(1, "a canonical name")?,
                        aliases: (2..cols.len())
                            .filter(|&c| !cols[c].is_empty())
                            .map(|c| name(c, "an alias"))
                            .collect::<Result<_>>()?,
                    },
                    None => bail!(
                        "{at}: unknown line {other:?} (expected merge, split, rename, retype, hide, or a kind)"
                    ),
                },
            };
            list.push(correction);
            lines.push(i + 1);
        }
        Ok(Corrections { list, lines })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Correction> {
        self.list.iter()
    }

    /// The corrections with their line numbers.
    pub fn numbered(&self) -> impl Iterator<Item = (usize, &Correction)> {
        self.lines.iter().copied().zip(&self.list)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_errors() {
        let c = Corrections::parse(
            "\u{feff}# fixes\nhide\tperson\tAnalysts\r\nmerge\torg\tTory\tConservative Party\n\norg\tNegotiators Guild\tNegotiators\n",
            "f.tsv",
        )
        .unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(
            c.iter().next(),
            Some(&Correction::Hide {
                kind: Kind::Person,
                name: "Analysts".into()
            })
        );
        let err = Corrections::parse("merge\torg\tTory\n", "f.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.tsv:1: merge needs the name to merge into in column 4"
        );
        let err = Corrections::parse("drop\tperson\tX\n", "f.tsv").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("f.tsv:1: unknown line \"drop\""));
        let long = format!("rename\tperson\tGordon Brown\t{}\n", "é".repeat(40_000));
        let err = Corrections::parse(&long, "f.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.tsv:1: name longer than 256 bytes (80000 bytes) in column 4"
        );
        // lines that end in a lone CR are lines
        let c = Corrections::parse(
            "hide\tperson\tA\rhide\tperson\tB\r\nhide\tperson\tC",
            "f.tsv",
        )
        .unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(
            c.numbered().map(|(l, _)| l).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        let err = Corrections::parse("retype\tperson\tX\tthing\n", "f.tsv").unwrap_err();
        assert!(err.to_string().contains("unknown kind \"thing\""));
    }
}
