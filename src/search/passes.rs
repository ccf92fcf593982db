//! One pass over a query's matches: the page in the order asked (score, article order or
//! date), the count, and the extras counted alongside (entity facets, the days of the
//! timeline), with tantivy's collectors.

use anyhow::Result;
use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, Order};

use super::histogram::{self, DayCounts};
use super::{budget, Searchable};
use crate::archive::facets::EntityCounts;
use crate::index::schema;

/// The order of one pass over the matches.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ranking {
    /// By BM25; with `count_apart`, the count in a pass of its own (see [`Searchable::run`]).
    Score { count_apart: bool },
    /// Article and paragraph order (no words to rank by).
    ArticleOrder,
    /// By publication date, then in article order.
    Date(Order),
}

/// What a pass counts besides the page and the total.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Extras {
    pub facets: bool,
    pub histogram: bool,
}

/// What [`Searchable::run`] found: the page as the collector returns it, the count, the
/// entity counts and the days.
type Found<Page> = (Page, usize, Option<Vec<u32>>, Option<DayCounts>);

/// What a pass found.
pub(crate) struct Pass {
    /// The page: each hit's score (when ranked by it) and address.
    pub page: Vec<(Option<f32>, DocAddress)>,
    pub total: usize,
    pub counts: Option<Vec<u32>>,
    pub days: Option<DayCounts>,
}

impl Searchable<'_> {
    /// One pass over the matches in `order`: the page `offset..offset + limit`, the count
    /// and the `extras` asked for.
    pub(crate) fn pass(
        &self,
        query: &dyn Query,
        order: Ranking,
        limit: usize,
        offset: usize,
        extras: Extras,
        clock: &budget::Clock,
    ) -> Result<Pass> {
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let article_order = || {
            (
                (SortByString::for_field(schema::ARTICLE_ID), Order::Asc),
                (
                    SortByStaticFastValue::<u64>::for_field(schema::PARAGRAPH),
                    Order::Asc,
                ),
            )
        };
        let pass = match order {
            Ranking::Score { count_apart } => {
                let top = top.order_by_score();
                let (page, total, counts, days) =
                    self.run(query, top, extras, count_apart, clock)?;
                let page = page.into_iter().map(|(s, a)| (Some(s), a)).collect();
                Pass {
                    page,
                    total,
                    counts,
                    days,
                }
            }
            Ranking::ArticleOrder => {
                let top = top.order_by(article_order());
                self.unranked(query, top, extras, clock)?
            }
            Ranking::Date(by) => {
                let (article, paragraph) = article_order();
                let top = top.order_by((
                    (
                        SortByStaticFastValue::<DateTime>::for_field(schema::DATE),
                        by,
                    ),
                    article,
                    paragraph,
                ));
                self.unranked(query, top, extras, clock)?
            }
        };
        Ok(if limit == 0 {
            Pass {
                page: Vec::new(),
                ..pass
            }
        } else {
            pass
        })
    }

    /// A pass whose page is ordered by fast fields, not scores.
    fn unranked<C, K>(
        &self,
        query: &dyn Query,
        top: C,
        extras: Extras,
        clock: &budget::Clock,
    ) -> Result<Pass>
    where
        C: tantivy::collector::Collector<Fruit = Vec<(K, DocAddress)>>,
    {
        let (page, total, counts, days) = self.run(query, top, extras, false, clock)?;
        Ok(Pass {
            page: page.into_iter().map(|(_, a)| (None, a)).collect(),
            total,
            counts,
            days,
        })
    }

    /// One pass over the matches: the page, the count and (when asked) the facet counts and
    /// the days; with `count_apart` and no extras, the page and the count in two passes
    /// instead.
    fn run<C>(
        &self,
        query: &dyn Query,
        top: C,
        extras: Extras,
        count_apart: bool,
        clock: &budget::Clock,
    ) -> Result<Found<C::Fruit>>
    where
        C: tantivy::collector::Collector,
    {
        let limited = budget::Deadline::new(query.box_clone(), clock.clone());
        let query: &dyn Query = &limited;
        // the days in a pass of their own: unscored, tantivy hands the collector blocks of
        // documents whose dates it reads together, several times faster than one by one
        // beside a scored page
        let days = if extras.histogram {
            Some(self.searcher.search(query, &histogram::DayCollector)?)
        } else {
            None
        };
        if extras.facets {
            let facets = EntityCounts::new(self.catalog()?);
            let (page, total, counts) = self.searcher.search(query, &(top, Count, facets))?;
            Ok((page, total, Some(counts), days))
        } else if count_apart {
            // Counting every match in the same pass stops tantivy from skipping the blocks
            // that cannot reach the top (block-max WAND); for one word, whose count is a
            // cheap unscored union over title and text, two passes cost less than one.
            // For several words the count is an intersection as dear as the search itself.
            let page = self.searcher.search(query, &top)?;
            let total = self.searcher.search(query, &Count)?;
            Ok((page, total, None, days))
        } else {
            let (page, total) = self.searcher.search(query, &(top, Count))?;
            Ok((page, total, None, days))
        }
    }
}
