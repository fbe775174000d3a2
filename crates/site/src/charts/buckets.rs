//! Aggregation of a day series into weeks, months or years, for series with more points than a
//! plot has pixels for.
//!
//! Buckets add `Minutes`, so a bucket's leverage is weighted (its total human time over its total
//! AI time), never a mean of daily ratios. Choosing the period is here; drawing is not.

use chrono::{Datelike, Days, Months, NaiveDate};
use content::date_text;
use math::{Leverage, Minutes};

use super::{Day, format};

/// The length of time one point or bar of a chart stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Period {
    /// One calendar day (no aggregation).
    Day,
    /// A week from Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Period {
    /// The first day of the period that holds `date`.
    pub(super) fn start(self, date: NaiveDate) -> NaiveDate {
        let start = match self {
            Period::Day => Some(date),
            Period::Week => {
                date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
            }
            Period::Month => date.with_day(1),
            Period::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1),
        };
        start.unwrap_or(date)
    }

    /// The last day of the period that holds `date`.
    pub(super) fn end(self, date: NaiveDate) -> NaiveDate {
        let start = self.start(date);
        let next = match self {
            Period::Day => start.checked_add_days(Days::new(1)),
            Period::Week => start.checked_add_days(Days::new(7)),
            Period::Month => start.checked_add_months(Months::new(1)),
            Period::Year => start.checked_add_months(Months::new(12)),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(date)
    }

    /// How many periods `first..=last` touches.
    pub(super) fn count(self, first: NaiveDate, last: NaiveDate) -> i64 {
        let (first, last) = (self.start(first), self.start(last));
        match self {
            Period::Day => (last - first).num_days() + 1,
            Period::Week => (last - first).num_days() / 7 + 1,
            Period::Month => {
                i64::from(last.year() - first.year()) * 12 + i64::from(last.month())
                    - i64::from(first.month())
                    + 1
            }
            Period::Year => i64::from(last.year() - first.year()) + 1,
        }
    }

    /// The header of a table column of periods: "Date", "Week", "Month", "Year".
    pub(super) fn header(self) -> &'static str {
        match self {
            Period::Day => "Date",
            Period::Week => "Week",
            Period::Month => "Month",
            Period::Year => "Year",
        }
    }

    /// The period as a noun: "day", "week", "month", "year".
    pub(super) fn noun(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// The period starting at `start` as it reads inside a sentence: "Mar 2, 2026", "the week of
    /// Mar 2, 2026", "Mar 2026", "2026".
    pub(super) fn phrase(self, start: NaiveDate) -> String {
        match self {
            Period::Week => format!("the week of {}", format::date(start)),
            p => p.label(start),
        }
    }

    /// The name of the period starting at `start`, for data tables: "Mar 2, 2026", "Week of
    /// Mar 2, 2026", "Mar 2026", "2026".
    pub(super) fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Day => format::date(start),
            Period::Week => format!("Week of {}", format::date(start)),
            Period::Month => {
                let mut label = format!("{} ", date_text::month_abbr(start));
                date_text::push_year(&mut label, start);
                label
            }
            Period::Year => start.year().to_string(),
        }
    }
}

/// What an aggregated chart's caption says of why: the calendar days from `first` to `last`,
/// which `period_for` counts, not the days with records among them.
pub(super) fn aggregated_by(period: Period, first: NaiveDate, last: NaiveDate) -> String {
    let days = (last - first).num_days() + 1;
    format!(
        "aggregated by {noun}: the {days} days from {} to {} are more than the chart has room for",
        super::format::date(first),
        super::format::date(last),
        noun = period.noun()
    )
}

/// The finest period that splits `first..=last` into at most `budget` parts.
pub(super) fn period_for(first: NaiveDate, last: NaiveDate, budget: usize) -> Period {
    let budget = i64::try_from(budget).unwrap_or(i64::MAX);
    [Period::Day, Period::Week, Period::Month]
        .into_iter()
        .find(|p| p.count(first, last) <= budget)
        .unwrap_or(Period::Year)
}

/// The totals of one period that has data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Bucket {
    /// The period's first day.
    pub(super) start: NaiveDate,
    /// The period's last day.
    pub(super) end: NaiveDate,
    /// The first and the last day in the period that has data.
    pub(super) first: NaiveDate,
    pub(super) last: NaiveDate,
    /// Total human-equivalent time.
    pub(super) human: Minutes,
    /// Total AI time.
    pub(super) ai: Minutes,
}

impl Bucket {
    /// The weighted leverage of the period, or `None` with no AI time.
    pub(super) fn leverage(&self) -> Option<Leverage> {
        Leverage::ratio(self.human, self.ai)
    }
}

/// The days (sorted by date) added up per period; periods without days are left out.
pub(super) fn group(days: &[Day], period: Period) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = Vec::new();
    for day in days {
        let start = period.start(day.date);
        match out.last_mut() {
            Some(bucket) if bucket.start == start => {
                bucket.human = bucket.human + day.human;
                bucket.ai = bucket.ai + day.ai;
                bucket.last = day.date;
            }
            _ => out.push(Bucket {
                start,
                end: period.end(day.date),
                first: day.date,
                last: day.date,
                human: day.human,
                ai: day.ai,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn day(date: NaiveDate, human: u32, ai: u32) -> Day {
        Day { date, human: Minutes::from(human), ai: Minutes::from(ai) }
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        // 2026-03-04 is a Wednesday.
        assert_eq!(Period::Week.start(ymd(2026, 3, 4)), ymd(2026, 3, 2));
        assert_eq!(Period::Week.end(ymd(2026, 3, 4)), ymd(2026, 3, 8));
    }

    #[test]
    fn months_end_on_their_last_day() {
        assert_eq!(Period::Month.end(ymd(2024, 2, 10)), ymd(2024, 2, 29));
        assert_eq!(Period::Year.end(ymd(2024, 2, 10)), ymd(2024, 12, 31));
    }

    #[test]
    fn counts_the_periods_a_span_touches() {
        assert_eq!(Period::Day.count(ymd(2026, 3, 1), ymd(2026, 3, 5)), 5);
        assert_eq!(Period::Week.count(ymd(2026, 3, 1), ymd(2026, 3, 2)), 2);
        assert_eq!(Period::Month.count(ymd(2025, 11, 30), ymd(2026, 2, 1)), 4);
        assert_eq!(Period::Year.count(ymd(2025, 12, 31), ymd(2026, 1, 1)), 2);
    }

    #[test]
    fn ten_thousand_days_fit_the_budget() {
        let first = ymd(2000, 1, 1);
        let last = first + Days::new(9_999);
        let period = period_for(first, last, 520);
        assert_eq!(period, Period::Month);
        let days: Vec<Day> = (0..10_000).map(|i| day(first + Days::new(i), 60, 2)).collect();
        let buckets = group(&days, period);
        assert!(buckets.len() <= 520, "{} buckets", buckets.len());
        assert_eq!(buckets.len() as i64, Period::Month.count(first, last));
    }

    #[test]
    fn short_series_stay_daily() {
        assert_eq!(period_for(ymd(2026, 1, 1), ymd(2026, 3, 1), 520), Period::Day);
    }

    #[test]
    fn buckets_add_minutes_and_weigh_leverage() {
        let days = [day(ymd(2026, 3, 2), 600, 10), day(ymd(2026, 3, 3), 60, 60), day(ymd(2026, 3, 9), 60, 1)];
        let weeks = group(&days, Period::Week);
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].human, Minutes::from(660));
        assert_eq!(weeks[0].leverage().map(Leverage::get), Some(660.0 / 70.0));
        assert_eq!(weeks[0].last, ymd(2026, 3, 3));
        assert_eq!(weeks[1].start, ymd(2026, 3, 9));
    }

    #[test]
    fn labels_name_the_period() {
        assert_eq!(Period::Week.label(ymd(2026, 3, 2)), "Week of Mar 2, 2026");
        assert_eq!(Period::Month.label(ymd(2026, 3, 1)), "Mar 2026");
        assert_eq!(Period::Year.label(ymd(2026, 1, 1)), "2026");
    }
}
