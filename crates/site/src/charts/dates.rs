//! Date ticks: which dates to mark on a time axis and how to label them, chosen from the span and
//! the pixels available: days ("Mar 2"), weeks (Mondays), months ("Mar", with January as the
//! year) or years ("2026").
//!
//! It returns positions and labels; drawing them, and dropping any that would still collide, is
//! left to `frame` and `text`.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use content::date_text;

use super::frame::{LABEL_GAP, Tick};
use super::{ROOM, text};

/// How far apart the ticks of a time axis are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Every {
    /// Every n-th day.
    Days(u32),
    /// Every n-th Monday.
    Weeks(u32),
    /// The first of every n-th month (January, and every n-th month from it).
    Months(u32),
    /// January 1 of every year divisible by n.
    Years(u32),
}

impl Every {
    /// About how many days one step covers.
    fn days(self) -> f64 {
        match self {
            Every::Days(n) => f64::from(n),
            Every::Weeks(n) => 7.0 * f64::from(n),
            Every::Months(n) => 30.44 * f64::from(n),
            Every::Years(n) => 365.25 * f64::from(n),
        }
    }
}

/// The steps tried, finest first.
const STEPS: [Every; 18] = [
    Every::Days(1),
    Every::Days(2),
    Every::Weeks(1),
    Every::Weeks(2),
    Every::Months(1),
    Every::Months(2),
    Every::Months(3),
    Every::Months(6),
    Every::Years(1),
    Every::Years(2),
    Every::Years(5),
    Every::Years(10),
    Every::Years(20),
    Every::Years(50),
    Every::Years(100),
    Every::Years(200),
    Every::Years(500),
    Every::Years(1000),
];

/// The ticks of a time axis from `first` to `last` (inclusive): the finest step whose labels, at
/// the pixel positions given by `x`, are at least `gap` apart. Returns the step and each tick's
/// date, position and label.
pub(super) fn ticks(
    first: NaiveDate,
    last: NaiveDate,
    x: impl Fn(NaiveDate) -> f64,
    gap: f64,
    font: f64,
) -> (Every, Vec<(NaiveDate, f64, String)>) {
    let span_px = (x(last) - x(first)).abs();
    let span_days = (last - first).num_days().max(1) as f64;
    let px_per_day = span_px / span_days;
    for every in STEPS {
        // Skip steps that cannot fit before generating their dates: even the narrowest label
        // ("2026", "Mar") needs about two ems.
        if every.days() * px_per_day < 2.0 * font + gap {
            continue;
        }
        let mut marks: Vec<(NaiveDate, f64, String)> =
            dates(first, last, every).into_iter().map(|d| (d, x(d), label(d, every))).collect();
        let fits = |marks: &[(NaiveDate, f64, String)]| {
            marks.windows(2).all(|pair| {
                let (a, b) = (&pair[0], &pair[1]);
                let need = (text::width(&a.2, font) + text::width(&b.2, font)) / 2.0 + gap;
                (b.1 - a.1).abs() >= need
            })
        };
        if fits(&marks) && !marks.is_empty() {
            // Months from one other than January: the first says its year (`Mar 2025`), which
            // no tick would otherwise say before the next January, where there is room.
            if let (Every::Months(_), Some(start)) = (every, marks.first().map(|m| m.0))
                && start.month() != 1
            {
                let plain = std::mem::replace(
                    &mut marks[0].2,
                    format!("{} {}", date_text::month_abbr(start), start.year()),
                );
                if !fits(&marks) {
                    marks[0].2 = plain;
                }
            }
            return (every, marks);
        }
    }
    // Nothing fits (a span of a single day on a narrow axis): mark the first date alone.
    (Every::Days(1), vec![(first, x(first), label(first, Every::Days(1)))])
}

/// The ticks of a time axis from `first` to `last`, placed by `x`, ready for `frame::x_axis`.
pub(super) fn axis(first: NaiveDate, last: NaiveDate, x: impl Fn(NaiveDate) -> f64) -> Vec<Tick> {
    ticks(first, last, x, LABEL_GAP, ROOM).1.into_iter().map(|(_, at, label)| Tick { at, label }).collect()
}

/// The date range a time axis shows for data from `first` to `last`: the same, or a day either
/// side when they are one day, so a single point sits in the middle.
pub(super) fn domain(first: NaiveDate, last: NaiveDate) -> (NaiveDate, NaiveDate) {
    if first < last {
        return (first, last);
    }
    (first.pred_opt().unwrap_or(first), last.succ_opt().unwrap_or(last))
}

/// The label of a tick at `date` for a step: "Mar 2" for days and weeks, "Mar" for months with
/// January written as its year, "2026" for years.
pub(super) fn label(date: NaiveDate, every: Every) -> String {
    match every {
        Every::Days(_) | Every::Weeks(_) => format!("{} {}", date_text::month_abbr(date), date.day()),
        Every::Months(_) if date.month() == 1 => date.year().to_string(),
        Every::Months(_) => date_text::month_abbr(date).to_string(),
        Every::Years(_) => date.year().to_string(),
    }
}

/// The tick dates of a step within `first..=last`.
fn dates(first: NaiveDate, last: NaiveDate, every: Every) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    match every {
        Every::Days(n) => {
            let mut d = first;
            while d <= last {
                if day_number(d).rem_euclid(i64::from(n)) == 0 {
                    out.push(d);
                }
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => break,
                }
            }
        }
        Every::Weeks(n) => {
            let mut d = first;
            while d.weekday() != Weekday::Mon && d < last {
                d = d.succ_opt().unwrap_or(last);
            }
            while d <= last {
                if d.weekday() == Weekday::Mon && (day_number(d) / 7).rem_euclid(i64::from(n)) == 0 {
                    out.push(d);
                }
                match d.checked_add_days(chrono::Days::new(7)) {
                    Some(next) => d = next,
                    None => break,
                }
            }
        }
        Every::Months(n) => {
            let Some(mut d) = NaiveDate::from_ymd_opt(first.year(), first.month(), 1) else { return out };
            while d <= last {
                if d >= first && d.month0() % n == 0 {
                    out.push(d);
                }
                match d.checked_add_months(Months::new(1)) {
                    Some(next) => d = next,
                    None => break,
                }
            }
        }
        Every::Years(n) => {
            for year in first.year()..=last.year() {
                let Some(d) = NaiveDate::from_ymd_opt(year, 1, 1) else { continue };
                if d >= first && year.rem_euclid(n as i32) == 0 {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// Days since 0001-01-01 (CE day 1), the count used to align every n-th day.
pub(super) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::text::place_row;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// Months from March: the first tick says its year, January says the next.
    #[test]
    fn the_first_month_tick_says_its_year() {
        // At a phone's text size, as the chart lays out its axis.
        let (first, last) = (ymd(2025, 1, 10), ymd(2026, 1, 20));
        let span = (last - first).num_days() as f64;
        let (every, marks) =
            ticks(first, last, |d| 60.0 + (d - first).num_days() as f64 / span * 560.0, 10.0, 20.0);
        assert!(matches!(every, Every::Months(2)), "{every:?}");
        let labels: Vec<&str> = marks.iter().map(|m| m.2.as_str()).collect();
        assert_eq!(labels[..2], ["Mar 2025", "May"], "{labels:?}");
        assert!(labels.contains(&"2026"), "{labels:?}");
        // Where the year leaves no room, the month stays as it was.
        let (_, marks) = axis(ymd(2025, 1, 10), ymd(2026, 1, 20));
        assert_eq!(marks[0].2, "Feb");
        // From January, the year is said already.
        let (_, marks) = axis(ymd(2025, 1, 1), ymd(2026, 1, 20));
        assert_eq!(marks[0].2, "2025");
    }

    /// Ticks across a 560-pixel axis starting at x = 60.
    fn axis(first: NaiveDate, last: NaiveDate) -> (Every, Vec<(NaiveDate, f64, String)>) {
        let span = (last - first).num_days().max(1) as f64;
        ticks(first, last, |d| 60.0 + (d - first).num_days() as f64 / span * 560.0, 10.0, 14.0)
    }

    #[test]
    fn five_days_are_marked_day_by_day() {
        let (every, marks) = axis(ymd(2026, 3, 2), ymd(2026, 3, 6));
        assert_eq!(every, Every::Days(1));
        let labels: Vec<&str> = marks.iter().map(|m| m.2.as_str()).collect();
        assert_eq!(labels, ["Mar 2", "Mar 3", "Mar 4", "Mar 5", "Mar 6"]);
    }

    #[test]
    fn three_months_are_marked_by_weeks_on_mondays() {
        let (every, marks) = axis(ymd(2026, 1, 1), ymd(2026, 3, 31));
        assert!(matches!(every, Every::Weeks(_)), "{every:?}");
        assert!(marks.iter().all(|m| m.0.weekday() == Weekday::Mon));
        assert!(marks.len() >= 4);
    }

    #[test]
    fn three_years_are_marked_by_months_with_years_at_january() {
        let (every, marks) = axis(ymd(2023, 3, 15), ymd(2026, 3, 14));
        assert!(matches!(every, Every::Months(n) if n >= 2), "{every:?}");
        let labels: Vec<&str> = marks.iter().map(|m| m.2.as_str()).collect();
        assert!(labels.contains(&"2024") && labels.contains(&"2025") && labels.contains(&"2026"));
        assert!(labels.iter().all(|l| l.len() == 3 || l.len() == 4));
    }

    #[test]
    fn thirty_years_are_marked_by_years() {
        let (every, marks) = axis(ymd(1998, 6, 1), ymd(2026, 3, 1));
        assert!(matches!(every, Every::Years(n) if n >= 2), "{every:?}");
        assert!(marks.iter().all(|m| m.2.len() == 4));
    }

    #[test]
    fn chosen_ticks_do_not_overlap() {
        let spans = [(2026, 3, 2, 2026, 3, 6), (2026, 1, 1, 2026, 3, 31), (2023, 3, 15, 2026, 3, 14)];
        for (y0, m0, d0, y1, m1, d1) in spans {
            let (_, marks) = axis(ymd(y0, m0, d0), ymd(y1, m1, d1));
            let count = marks.len();
            let row = place_row(marks.into_iter().map(|m| (m.1, m.2)).collect(), 0.0, 640.0, 6.0, 14.0);
            assert_eq!(row.len(), count, "no label needed dropping");
            assert!(crate::charts::text::disjoint(&row));
        }
    }

    #[test]
    fn a_single_day_gets_one_tick() {
        let day = ymd(2026, 2, 28);
        let (_, marks) = ticks(day, day, |_| 300.0, 10.0, 14.0);
        assert_eq!(marks.len(), 1);
        assert_eq!(marks[0].2, "Feb 28");
    }

    #[test]
    fn every_second_day_is_aligned_to_the_calendar() {
        let a = dates(ymd(2026, 3, 1), ymd(2026, 3, 9), Every::Days(2));
        let b = dates(ymd(2026, 3, 2), ymd(2026, 3, 9), Every::Days(2));
        let a_from_2: Vec<NaiveDate> = a.into_iter().filter(|d| *d >= ymd(2026, 3, 2)).collect();
        assert_eq!(a_from_2, b);
    }
}
