//! "Did you mean": for a search of plain words that finds nothing, the same words with each
//! one the index does not hold replaced by the indexed word nearest to it (one or two
//! edits away, found in the paragraphs most often), when that word reads as a word.

use anyhow::Result;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::TextAnalyzer;

use super::Searchable;
use crate::entities::fold::fold;
use crate::index::analyzer::news_en;

/// The most words a query may have to be looked at.
const MAX_WORDS: usize = 6;

impl Searchable<'_> {
    /// A spelling of `query` that the index holds, if its words are plain and one of them
    /// is not in the index but a near one is.
    pub fn suggest(&self, query: &str) -> Result<Option<String>> {
        let words: Vec<&str> = query.split_whitespace().collect();
        let plain = |w: &str| w.chars().all(char::is_alphanumeric) && w.chars().count() >= 3;
        if words.is_empty() || words.len() > MAX_WORDS || !words.iter().all(|w| plain(w)) {
            return Ok(None);
        }
        let mut analyzer = news_en(false);
        let mut changed = false;
        let mut out = Vec::with_capacity(words.len());
        for word in words {
            let folded = fold(word);
            if self.doc_freq(&stem(&mut analyzer, &folded))? > 0 {
                out.push(word.to_string());
                continue;
            }
            match self.nearest(&mut analyzer, &folded)? {
                Some(better) => {
                    // written as the user wrote the word: "Blaier" -> "Blair"
                    let capital = word.chars().next().is_some_and(char::is_uppercase);
                    out.push(if capital {
                        capitalized(&better)
                    } else {
                        better
                    });
                    changed = true;
                }
                None => out.push(word.to_string()),
            }
        }
        Ok(changed.then(|| out.join(" ")))
    }

    /// Paragraphs whose text holds an indexed term.
    fn doc_freq(&self, term: &str) -> Result<u64> {
        let field = self.fields().text;
        let mut n = 0;
        for segment in self.searcher().segment_readers() {
            let inverted = segment.inverted_index(field)?;
            if let Some(info) = inverted.terms().get(term.as_bytes())? {
                n += u64::from(info.doc_freq);
            }
        }
        Ok(n)
    }

    /// The indexed term one or two edits from `word` (one first) in the most paragraphs,
    /// among those that begin with the same letter and are themselves what a word stems
    /// to (so that "strikr" gives "strike", never a stem like "economi").
    fn nearest(&self, analyzer: &mut TextAnalyzer, word: &str) -> Result<Option<String>> {
        let Some(first) = word.chars().next() else {
            return Ok(None);
        };
        let mut next = first.to_string().into_bytes();
        if let Some(last) = next.last_mut() {
            *last = last.saturating_add(1);
        }
        let field = self.fields().text;
        let mut found: FxHashMap<String, (usize, u64)> = FxHashMap::default();
        let len = word.chars().count();
        for segment in self.searcher().segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(first.to_string().as_bytes())
                .lt(&next)
                .into_stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term.chars().count().abs_diff(len) > 2 {
                    continue;
                }
                let distance = edits(word, term, 2);
                if distance == 0 || distance > 2 {
                    continue;
                }
                let entry = found.entry(term.to_string()).or_insert((distance, 0));
                entry.1 += u64::from(stream.value().doc_freq);
            }
        }
        Ok(found
            .into_iter()
            .filter(|(term, _)| stem(analyzer, term) == *term)
            .min_by(|(ta, (da, na)), (tb, (db, nb))| da.cmp(db).then(nb.cmp(na)).then(ta.cmp(tb)))
            .map(|(term, _)| term))
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A folded word as the index holds it (its stem).
fn stem(analyzer: &mut TextAnalyzer, folded: &str) -> String {
    let mut stream = analyzer.token_stream(folded);
    let mut out = String::new();
    while stream.advance() {
        out.push_str(&stream.token().text);
    }
    out
}

/// The edit distance between two words, or `limit + 1` once it passes `limit`.
fn edits(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut best = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            best = best.min(cur[j]);
        }
        if best > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edits("strikr", "strike", 2), 1);
        assert_eq!(edits("hostgaes", "hostages", 2), 2);
        assert_eq!(edits("cat", "elephant", 2), 3);
    }
}
