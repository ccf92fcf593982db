//! Matches over time: a collector that counts matching paragraphs per day of publication
//! from the `date` fast field (in an unscored pass of its own, see
//! `search::passes`), and the buckets (day, month or year) it is summed into.

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentReader};

use crate::index::schema;

const SECS_PER_DAY: i64 = 86_400;

/// The width of a histogram's buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Month,
    Year,
}

impl Interval {
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }
}

/// The interval asked for: one of them, or `Auto` to choose by the matches' span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Histogram {
    Auto,
    Every(Interval),
}

impl Histogram {
    /// `day`, `month`, `year` or `auto`.
    pub fn parse(s: &str) -> Option<Histogram> {
        Some(match s.trim() {
            "auto" => Histogram::Auto,
            "day" => Histogram::Every(Interval::Day),
            "month" => Histogram::Every(Interval::Month),
            "year" => Histogram::Every(Interval::Year),
            _ => return None,
        })
    }
}

/// One bar: the first day of its interval and the matches published in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub start: String,
    pub count: u64,
}

/// The matches over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub interval: Interval,
    /// The buckets with matches, oldest first.
    pub buckets: Vec<Bucket>,
    /// Matches with no publication date, in no bucket.
    pub undated: u64,
}

/// Matching paragraphs per day since the epoch, and those without a date.
#[derive(Debug, Default)]
pub struct DayCounts {
    days: FxHashMap<i64, u64>,
    undated: u64,
}

impl DayCounts {
    /// The buckets of `interval`, or with `Auto` of days for a span of three months at
    /// most, of months for six years at most, else of years.
    pub fn timeline(&self, asked: Histogram) -> Timeline {
        let interval = match asked {
            Histogram::Every(i) => i,
            Histogram::Auto => {
                let first = self.days.keys().min().copied().unwrap_or(0);
                let last = self.days.keys().max().copied().unwrap_or(0);
                match last - first {
                    span if span <= 92 => Interval::Day,
                    span if span <= 6 * 366 => Interval::Month,
                    _ => Interval::Year,
                }
            }
        };
        let mut sums: FxHashMap<(i32, u8, u8), u64> = FxHashMap::default();
        for (&day, &count) in &self.days {
            *sums.entry(bucket_of(day, interval)).or_default() += count;
        }
        let mut keys: Vec<(i32, u8, u8)> = sums.keys().copied().collect();
        keys.sort_unstable();
        Timeline {
            interval,
            buckets: keys
                .into_iter()
                .map(|k| Bucket {
                    start: format!("{:04}-{:02}-{:02}", k.0, k.1, k.2),
                    count: sums[&k],
                })
                .collect(),
            undated: self.undated,
        }
    }
}

/// The first day (year, month, day) of the bucket of `interval` a day falls in.
fn bucket_of(day: i64, interval: Interval) -> (i32, u8, u8) {
    // the fast field holds dates an index accepts (years 1..9999), so this always holds
    let date = time::Date::from_julian_day((day + 2_440_588) as i32).unwrap_or(time::Date::MIN);
    match interval {
        Interval::Day => (date.year(), u8::from(date.month()), date.day()),
        Interval::Month => (date.year(), u8::from(date.month()), 1),
        Interval::Year => (date.year(), 1, 1),
    }
}

/// Counts matches per day of the `date` fast field.
pub struct DayCollector;

pub struct DaySegment {
    column: Option<Column<DateTime>>,
    counts: DayCounts,
    /// The last day seen and its count, summed into the map when the day changes: matches
    /// of one article come together and share their date.
    run: Option<(i64, u64)>,
    buffer: Vec<Option<DateTime>>,
}

impl DaySegment {
    /// Counts one match by its date, or as undated.
    fn count(&mut self, date: Option<DateTime>) {
        let Some(date) = date else {
            self.counts.undated += 1;
            return;
        };
        let day = date.into_timestamp_secs().div_euclid(SECS_PER_DAY);
        match &mut self.run {
            Some((last, n)) if *last == day => *n += 1,
            _ => {
                self.flush();
                self.run = Some((day, 1));
            }
        }
    }

    fn flush(&mut self) {
        if let Some((day, n)) = self.run.take() {
            *self.counts.days.entry(day).or_default() += n;
        }
    }
}

impl Collector for DayCollector {
    type Fruit = DayCounts;
    type Child = DaySegment;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<DaySegment> {
        let column = segment.fast_fields().date(schema::DATE).ok();
        Ok(DaySegment {
            column,
            counts: DayCounts::default(),
            run: None,
            buffer: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DayCounts>) -> tantivy::Result<DayCounts> {
        let mut out = DayCounts::default();
        for f in fruits {
            out.undated += f.undated;
            for (day, n) in f.days {
                *out.days.entry(day).or_default() += n;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for DaySegment {
    type Fruit = DayCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let date = self.column.as_ref().and_then(|c| c.first(doc));
        self.count(date);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let Some(column) = &self.column else {
            self.counts.undated += docs.len() as u64;
            return;
        };
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        buffer.resize(docs.len(), None);
        column.first_vals(docs, &mut buffer);
        for &date in &buffer {
            self.count(date);
        }
        self.buffer = buffer;
    }

    fn harvest(mut self) -> DayCounts {
        self.flush();
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(days: &[(i64, u64)], undated: u64) -> DayCounts {
        DayCounts {
            days: days.iter().copied().collect(),
            undated,
        }
    }

    #[test]
    fn days_sum_into_months_and_years_and_auto_follows_the_span() {
        // 1987-03-01 is day 6268 since the epoch
        let c = counts(
            &[(6268, 2), (6268 + 30, 3), (6268 + 31, 1), (6268 + 400, 4)],
            5,
        );
        let months = c.timeline(Histogram::Every(Interval::Month));
        assert_eq!(
            months.buckets,
            vec![
                Bucket {
                    start: "1987-03-01".into(),
                    count: 5
                },
                Bucket {
                    start: "1987-04-01".into(),
                    count: 1
                },
                Bucket {
                    start: "1988-04-01".into(),
                    count: 4
                },
            ]
        );
        assert_eq!(months.undated, 5);
        let years = c.timeline(Histogram::Every(Interval::Year));
        assert_eq!(years.buckets.iter().map(|b| b.count).sum::<u64>(), 10);
        assert_eq!(years.buckets[0].start, "1987-01-01");
        assert_eq!(c.timeline(Histogram::Auto).interval, Interval::Month);
        let short = counts(&[(6268, 1), (6270, 1)], 0);
        let days = short.timeline(Histogram::Auto);
        assert_eq!(days.interval, Interval::Day);
        assert_eq!(days.buckets[1].start, "1987-03-03");
        let long = counts(&[(0, 1), (6268, 1)], 0);
        assert_eq!(long.timeline(Histogram::Auto).interval, Interval::Year);
        assert_eq!(
            long.timeline(Histogram::Auto).buckets[0].start,
            "1970-01-01"
        );
    }

    #[test]
    fn dates_before_the_epoch_fall_on_their_own_day() {
        // -1 second is 1969-12-31
        let day = (-1i64).div_euclid(SECS_PER_DAY);
        assert_eq!(bucket_of(day, Interval::Day), (1969, 12, 31));
    }
}
