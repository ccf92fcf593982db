//! Reading articles rather than searching them: one article whole (`show`), the paragraphs
//! around a hit (`query -C`), and the list of articles with their paragraph counts (`list`).

use std::ops::{Bound, ControlFlow, RangeInclusive};

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, TantivyDocument};

use super::{stored_date, stored_text, ContextParagraph, Hit, Searchable};
use crate::index::articles::{self, Part};
use crate::index::schema;

/// The most paragraphs `show` returns of one article: an article longer than this is
/// almost certainly a mis-split file, and each paragraph is read from the store.
pub const MAX_ARTICLE_PARAGRAPHS: usize = 100_000;

/// An article in the list of articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    pub article_id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// How many paragraphs of it the index holds.
    pub paragraphs: u64,
}

/// A page of the list of articles, in article id order.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleList {
    /// Articles in the index.
    pub total: usize,
    pub articles: Vec<ArticleSummary>,
}

impl Searchable<'_> {
    /// The documents of an article's paragraphs, in paragraph order, within `paragraphs`.
    fn article_docs(
        &self,
        article_id: &str,
        paragraphs: Option<RangeInclusive<u64>>,
    ) -> Result<Vec<(u64, DocAddress)>> {
        let f = self.fields();
        let id: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(f.article_id, article_id),
            IndexRecordOption::Basic,
        ));
        let query: Box<dyn Query> = match paragraphs {
            None => id,
            Some(range) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, id),
                (
                    Occur::Must,
                    Box::new(RangeQuery::new(
                        Bound::Included(Term::from_field_u64(f.paragraph, *range.start())),
                        Bound::Included(Term::from_field_u64(f.paragraph, *range.end())),
                    )),
                ),
            ])),
        };
        let addresses = self.searcher.search(&*query, &DocSetCollector)?;
        let mut docs = Vec::with_capacity(addresses.len());
        for address in addresses {
            let column = self
                .searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64(schema::PARAGRAPH)?;
            docs.push((column.first(address.doc_id).unwrap_or(0), address));
        }
        docs.sort_unstable();
        Ok(docs)
    }

    /// How many paragraphs of an article the index holds (0: no such article).
    pub fn paragraph_count(&self, article_id: &str) -> Result<usize> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields().article_id, article_id),
            IndexRecordOption::Basic,
        );
        Ok(self.searcher.search(&query, &tantivy::collector::Count)?)
    }

    /// The paragraphs of an article numbered within `range`, in order.
    pub fn paragraphs(
        &self,
        article_id: &str,
        range: RangeInclusive<u64>,
    ) -> Result<Vec<ContextParagraph>> {
        let f = self.fields();
        let mut out = Vec::new();
        for (paragraph, address) in self.article_docs(article_id, Some(range))? {
            let doc: TantivyDocument = self
                .searcher
                .doc(address)
                .context("reading a stored paragraph")?;
            let text = stored_text(&doc, f.text).unwrap_or_default();
            out.push(ContextParagraph { paragraph, text });
        }
        Ok(out)
    }

    /// Every paragraph of an article, in order, as hits without a score; `None` when the
    /// index has no article with this id.
    pub fn article(&self, article_id: &str) -> Result<Option<Vec<Hit>>> {
        let docs = self.article_docs(article_id, None)?;
        if docs.is_empty() {
            return Ok(None);
        }
        let mut hits = Vec::with_capacity(docs.len().min(MAX_ARTICLE_PARAGRAPHS));
        for (_, address) in docs.into_iter().take(MAX_ARTICLE_PARAGRAPHS) {
            let doc: TantivyDocument = self
                .searcher
                .doc(address)
                .context("reading a stored paragraph")?;
            hits.push(self.hit(&doc, None, None, true));
        }
        Ok(Some(hits))
    }

    /// A page of the articles of the index in article id order, with their paragraph
    /// counts. The ids are read from the term dictionaries in order, up to the page's end
    /// (see [`crate::index::articles`]); the stored fields are read for the page only, and
    /// the total comes from the catalog.
    pub fn articles(&self, limit: usize, offset: usize) -> Result<ArticleList> {
        let field = self.fields().article_id;
        let searcher = &self.searcher;
        let mut page: Vec<(String, u64, Vec<Part>)> = Vec::new();
        let mut live = 0usize;
        articles::each_article(searcher, field, |id, parts| {
            if live >= offset.saturating_add(limit) {
                return Ok(ControlFlow::Break(()));
            }
            let mut count = 0;
            for part in parts {
                count += articles::live_count(searcher, field, part)?;
            }
            if count > 0 {
                if live >= offset {
                    page.push((
                        String::from_utf8_lossy(id).into_owned(),
                        count,
                        parts.to_vec(),
                    ));
                }
                live += 1;
            }
            Ok(ControlFlow::Continue(()))
        })?;
        let paragraph = |address: DocAddress| -> Result<u64> {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64(schema::PARAGRAPH)?;
            Ok(column.first(address.doc_id).unwrap_or(u64::MAX))
        };
        let f = self.fields();
        let mut list = Vec::with_capacity(page.len());
        for (article_id, count, parts) in page {
            // the document of its first paragraph holds the article's title, date and source
            let mut first: Option<(u64, DocAddress)> = None;
            for part in &parts {
                for address in articles::live_docs(searcher, field, part)? {
                    let p = paragraph(address)?;
                    if first.is_none_or(|(best, _)| p < best) {
                        first = Some((p, address));
                    }
                }
            }
            let Some((_, address)) = first else {
                continue;
            };
            let doc: TantivyDocument = searcher
                .doc(address)
                .context("reading a stored paragraph")?;
            list.push(ArticleSummary {
                article_id,
                title: stored_text(&doc, f.title),
                date: stored_date(&doc, f.date),
                source: stored_text(&doc, f.source),
                url: stored_text(&doc, f.url),
                paragraphs: count,
            });
        }
        let total = self.catalog()?.articles() as usize;
        Ok(ArticleList {
            total,
            articles: list,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::index::NewsIndex;
    use tantivy::doc;

    /// An index of articles given as (id, number of paragraphs), written in `commits`
    /// commits so that articles span segments.
    fn index_of(articles: &[(&str, u64)], commits: usize) -> NewsIndex {
        let index = NewsIndex::in_ram().unwrap();
        let f = index.fields;
        let mut writer: tantivy::IndexWriter = index.index.writer(15_000_000).unwrap();
        for round in 0..commits {
            for (id, n) in articles {
                for p in 1..=*n {
                    if (p as usize) % commits == round {
                        writer
                            .add_document(doc!(
                                f.article_id => *id,
                                f.paragraph => p,
                                f.title => format!("Title of {id}"),
                                f.text => format!("paragraph {p} of {id}"),
                            ))
                            .unwrap();
                    }
                }
            }
            writer.commit().unwrap();
        }
        index
    }

    #[test]
    fn articles_are_counted_across_segments() {
        let index = index_of(&[("b", 3), ("a", 5), ("c", 1)], 2);
        let s = Searchable::new(&index).unwrap();
        assert!(s.searcher().segment_readers().len() >= 2);
        let list = s.articles(10, 0).unwrap();
        assert_eq!(list.total, 3);
        let got: Vec<(&str, u64)> = list
            .articles
            .iter()
            .map(|a| (a.article_id.as_str(), a.paragraphs))
            .collect();
        assert_eq!(got, vec![("a", 5), ("b", 3), ("c", 1)]);
        assert_eq!(list.articles[0].title.as_deref(), Some("Title of a"));
        let page = s.articles(1, 1).unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.articles[0].article_id, "b");
    }

    #[test]
    fn an_article_reads_in_paragraph_order_and_context_stays_inside_it() {
        let index = index_of(&[("a", 5), ("b", 4)], 3);
        let s = Searchable::new(&index).unwrap();
        let hits = s.article("a").unwrap().unwrap();
        let order: Vec<u64> = hits.iter().map(|h| h.paragraph).collect();
        assert_eq!(order, vec![1, 2, 3, 4, 5]);
        assert_eq!(hits[2].text, "paragraph 3 of a");
        assert!(s.article("zz").unwrap().is_none());
        let around: Vec<u64> = s
            .paragraphs("b", 3..=5)
            .unwrap()
            .iter()
            .map(|p| p.paragraph)
            .collect();
        assert_eq!(around, vec![3, 4]);
    }
}
