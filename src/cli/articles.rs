//! `show`, `list` and `delete`: reading and removing whole articles.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{bail, Result};

use super::commands::Outcome;
use super::hits;
use super::output;
use super::terminal::{visible, Style};
use super::{ColorChoice, DeleteArgs, ListArgs, ShowArgs};
use crate::index::writer::{ArticleWriter, WriterSettings};
use crate::index::NewsIndex;
use crate::search::Searchable;

/// The most ids `delete -` reads from standard input in one run.
const MAX_DELETE_IDS: usize = 1_000_000;

pub(super) fn run_show(
    index_dir: &Path,
    args: ShowArgs,
    color: ColorChoice,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searchable = Searchable::new(&index)?;
    let Some(paragraphs) = searchable.article(&args.article_id)? else {
        bail!(
            "no article {:?} in the index at {} (`newsindex list` lists the ids)",
            visible(&args.article_id),
            index_dir.display()
        );
    };
    if let Some(p) = args.paragraph {
        if !paragraphs.iter().any(|h| h.paragraph == p) {
            bail!(
                "article {:?} has no paragraph {p} (it has {})",
                visible(&args.article_id),
                paragraphs.len()
            );
        }
    }
    if args.json {
        output::print_json(out, &crate::search::json::article_json(&paragraphs))?;
    } else {
        hits::article_text(out, &paragraphs, args.paragraph, &Style::for_stdout(color))?;
    }
    Ok(Outcome::Success)
}

pub(super) fn run_list(
    index_dir: &Path,
    args: ListArgs,
    color: ColorChoice,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searchable = Searchable::new(&index)?;
    let list = searchable.articles(args.limit.unwrap_or(usize::MAX), args.offset)?;
    if args.json {
        output::print_json(out, &serde_json::to_value(&list)?)?;
    } else {
        let style = Style {
            width: None, // one article a line, for cut and sort
            ..Style::for_stdout(color)
        };
        hits::list_text(out, &list, &style)?;
    }
    Ok(Outcome::Success)
}

/// The ids to delete: those given, with `-` replaced by the lines of standard input.
fn ids_of(args: &DeleteArgs) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for id in &args.article_ids {
        if id == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line?;
                let line = line.trim();
                if !line.is_empty() {
                    ids.push(line.to_string());
                }
                if ids.len() > MAX_DELETE_IDS {
                    bail!("more than {MAX_DELETE_IDS} ids on standard input; delete in parts");
                }
            }
        } else {
            ids.push(id.clone());
        }
    }
    Ok(ids)
}

/// Removes articles under the writer lock, in one commit (all or none), and regroups the
/// archive's names for what is left. Ids not in the index are reported and make the exit
/// status 2; the others are still deleted.
pub(super) fn run_delete(
    index_dir: &Path,
    args: DeleteArgs,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let ids = ids_of(&args)?;
    let index = NewsIndex::open(index_dir)?;
    let settings = WriterSettings {
        threads: 1,
        ..WriterSettings::default()
    };
    // the writer holds the lock: no ingest changes the index between counting and deleting
    let mut writer = ArticleWriter::new(&index, settings)?;
    let searchable = Searchable::new(&index)?;
    let (mut articles, mut paragraphs, mut missing) = (0u64, 0u64, 0u64);
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        if !seen.insert(id.as_str()) {
            continue;
        }
        let count = searchable.paragraph_count(id)?;
        if count == 0 {
            missing += 1;
            eprintln!("{}: no such article in the index", visible(id));
            continue;
        }
        writer.delete_article(id);
        articles += 1;
        paragraphs += count as u64;
    }
    if articles > 0 {
        let run = writer.finish()?;
        crate::archive::catalog::store::store(&index, Some(&run))?;
    }
    writeln!(
        out,
        "deleted {articles} article{} ({paragraphs} paragraph{}) from {}",
        if articles == 1 { "" } else { "s" },
        if paragraphs == 1 { "" } else { "s" },
        index_dir.display()
    )?;
    Ok(if missing > 0 {
        Outcome::Skipped
    } else {
        Outcome::Success
    })
}
