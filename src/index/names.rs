//! The index's table of entity names, so that a query can resolve `--person Burns` without
//! walking every segment's term dictionary.
//!
//! `entity_names.tsv` in the index directory is written at the end of each ingest, once merges
//! are done. Its first line names the segments (id and deleted count) it was built from; a searcher
//! that sees other segments (a commit since, or a run killed before writing the table) does
//! not use it and walks the term dictionaries instead, so the table can be stale but never
//! wrong. Each further line is `kind TAB name TAB folded name`, sorted by kind and name.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};
use tantivy::Searcher;

use super::schema::entity_prefix;
use super::Fields;
use crate::entities::fold::fold_name;
use crate::entities::Kind;

pub const FILE: &str = "entity_names.tsv";
const HEADER: &str = "# newsindex names; segments:";

/// The segments a searcher sees, as written in the table's header.
fn segments_of(searcher: &Searcher) -> String {
    let mut ids: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|s| format!("{}.{}", s.segment_id().uuid_string(), s.num_deleted_docs()))
        .collect();
    ids.sort();
    ids.join(",")
}

/// Every distinct name of a kind in the searcher's segments, sorted, each with its
/// folded form: what the table holds, read from the term dictionaries.
pub fn scan_names(
    searcher: &Searcher,
    fields: &Fields,
    kind: Kind,
) -> Result<Vec<(String, String)>> {
    let mut names = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(fields.entity)?;
        let prefix = entity_prefix(kind);
        let mut stream = inverted.terms().range().ge(&prefix).into_stream()?;
        while stream.advance() {
            let Some(name) = stream.key().strip_prefix(prefix.as_bytes()) else {
                break; // past the kind's values
            };
            names.insert(String::from_utf8_lossy(name).into_owned());
        }
    }
    Ok(names
        .into_iter()
        .map(|name| {
            let folded = fold_name(&name);
            (name, folded)
        })
        .collect())
}

/// Writes the table for what `searcher` sees, replacing the old one atomically. A name
/// that cannot be written as a line (it holds a tab or a line break) means no table at all,
/// so that queries walk the term dictionaries and still find it.
pub fn write(dir: &Path, searcher: &Searcher, fields: &Fields) -> Result<()> {
    let path = dir.join(FILE);
    let mut text = format!("{HEADER}{}\n", segments_of(searcher));
    for kind in Kind::ALL {
        for (name, folded) in scan_names(searcher, fields, kind)? {
            if name.contains(['\t', '\n', '\r']) {
                return match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        Err(anyhow::Error::new(e).context(format!("removing {}", path.display())))
                    }
                    _ => Ok(()),
                };
            }
            text.push_str(kind.as_str());
            text.push('\t');
            text.push_str(&name);
            text.push('\t');
            text.push_str(&folded);
            text.push('\n');
        }
    }
    let tmp = dir.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The table, when it matches what `searcher` sees.
pub struct NameTable {
    text: String,
}

impl NameTable {
    pub fn load(dir: &Path, searcher: &Searcher) -> Option<NameTable> {
        let text = std::fs::read_to_string(dir.join(FILE)).ok()?;
        let first = text.lines().next()?;
        (first.strip_prefix(HEADER)? == segments_of(searcher)).then_some(NameTable { text })
    }

    /// The (name, folded name) pairs of a kind.
    pub fn values(&self, kind: Kind) -> Vec<(&str, &str)> {
        // The lines are grouped by kind (see `write`), so one search finds where the kind's
        // lines start and a byte loop reads them: splitting each of tens of thousands of short
        // lines with `str` searches took 2-3 ms a query at Reuters x5.
        let prefix = format!("{}\t", kind.as_str());
        let body = self.text.split_once('\n').map_or("", |(_, body)| body);
        let start = if body.starts_with(&prefix) {
            0
        } else {
            match body.find(&format!("\n{prefix}")) {
                Some(at) => at + 1,
                None => return Vec::new(),
            }
        };
        let text = &body[start..];
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while bytes[at..].starts_with(prefix.as_bytes()) {
            let name_at = at + prefix.len();
            let line = &bytes[name_at..];
            let end = line.iter().position(|&b| b == b'\n').unwrap_or(line.len());
            if let Some(tab) = line[..end].iter().position(|&b| b == b'\t') {
                let folded = &text[name_at + tab + 1..name_at + end];
                out.push((&text[name_at..name_at + tab], folded.trim_end_matches('\r')));
            }
            at = (name_at + end + 1).min(bytes.len());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::entity_value;
    use crate::index::NewsIndex;
    use tantivy::{doc, IndexWriter};

    #[test]
    fn table_is_used_only_for_the_segments_it_was_built_from() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let f = index.fields;
        let mut writer: IndexWriter = index.index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer
            .add_document(doc!(
                f.entity => entity_value(Kind::Person, "William J. Burns"),
                f.entity => entity_value(Kind::Place, "Khān Yūnis"),
            ))
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(
            NameTable::load(dir.path(), &searcher).is_none(),
            "no table yet"
        );
        write(dir.path(), &searcher, &f).unwrap();
        let table = NameTable::load(dir.path(), &searcher).expect("table matches");
        assert_eq!(
            table.values(Kind::Person),
            [("William J. Burns", "william j. burns")]
        );
        assert_eq!(table.values(Kind::Place), [("Khān Yūnis", "khan yunis")]);
        assert!(table.values(Kind::Org).is_empty());
        writer
            .add_document(doc!(f.entity => entity_value(Kind::Person, "Benjamin Netanyahu")))
            .unwrap();
        writer.commit().unwrap();
        let newer = index.reader().unwrap().searcher();
        assert!(NameTable::load(dir.path(), &newer).is_none(), "stale table");
        // a name that cannot be a line: no table, so queries walk the dictionaries
        write(dir.path(), &newer, &f).unwrap();
        assert!(NameTable::load(dir.path(), &newer).is_some());
        writer
            .add_document(doc!(f.entity => entity_value(Kind::Org, "Tab\tCorp")))
            .unwrap();
        writer.commit().unwrap();
        let newest = index.reader().unwrap().searcher();
        write(dir.path(), &newest, &f).unwrap();
        assert!(!dir.path().join(FILE).exists(), "no table");
    }

    #[test]
    fn values_reads_each_kind_of_a_table_line_by_line() {
        let text = "# newsindex names; segments:x.0\nperson\tAnn Lee\tann lee\nperson\tBo\tbo\n\
                    org\tUnited Nations\tunited nations\norg\tX Corp\tx corp\n";
        let table = NameTable {
            text: text.to_string(),
        };
        for kind in Kind::ALL {
            // the plain reading: every line of the kind, split at its tabs
            let expected: Vec<(&str, &str)> = text
                .lines()
                .skip(1)
                .filter_map(|l| {
                    l.strip_prefix(kind.as_str())?
                        .strip_prefix('\t')?
                        .split_once('\t')
                })
                .collect();
            assert_eq!(table.values(kind), expected, "{kind}");
        }
        assert_eq!(table.values(Kind::Person).len(), 2);
        assert!(table.values(Kind::Place).is_empty());
        assert_eq!(table.values(Kind::Org)[1], ("X Corp", "x corp"));
    }
}
