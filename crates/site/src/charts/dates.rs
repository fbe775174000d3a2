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
    // No label reaches left of the axis's start: one that would, centred on its mark, starts at
    // its mark (as `text::place_row` places it), and is measured so here. (At the right end,
    // `place_row` makes room for the last label by dropping those before it, so that the axis
    // says which day it ends on.)
    let min = x(first).min(x(last));
    for every in STEPS {
        // Skip steps that cannot fit before generating their dates: even the narrowest label
        // ("2026", "Mar") needs about two ems.
        if every.days() * px_per_day < 2.0 * font + gap {
            continue;
        }
        let mut marks: Vec<(NaiveDate, f64, String)> =
            dates(first, last, every).into_iter().map(|d| (d, x(d), label(d, every))).collect();
        let fits = |marks: &[(NaiveDate, f64, String)]| {
            let mut right = f64::NEG_INFINITY;
            marks.iter().all(|(_, at, label)| {
                let w = text::width(label, font);
                let left = if at - w / 2.0 < min { *at } else { at - w / 2.0 };
                let clear = left >= right + gap;
                right = left + w;
                clear
            })
        };
        if fits(&marks) && !marks.is_empty() {
            // Months from one other than January: the first says its year (`Mar 2025`), which
            // no tick would otherwise say before the next January. Where there is no room for
            // it, the second tick gives way, unless it is that January.
            if let (Every::Months(_), Some(start)) = (every, marks.first().map(|m| m.0))
                && start.month() != 1
            {
                let plain = std::mem::replace(
                    &mut marks[0].2,
                    format!("{} {}", date_text::month_abbr(start), start.year()),
                );
                if !fits(&marks) {
                    let second = (marks.len() > 2 && marks[1].0.month() != 1).then(|| marks.remove(1));
                    if !fits(&marks) {
                        marks[0].2 = plain;
                        if let Some(second) = second {
                            marks.insert(1, second);
                        }
                    }
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
        // Where the year leaves no room, the second tick gives way (monthly: Feb 2025, Apr).
        let (_, marks) = axis(ymd(2025, 1, 10), ymd(2026, 1, 20));
        let labels: Vec<&str> = marks.iter().map(|m| m.2.as_str()).collect();
        assert_eq!(labels[..2], ["Feb 2025", "Apr"], "{labels:?}");
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
        assert_eq!(labels[0], "Apr 2023", "{labels:?}");
        assert!(labels[1..].iter().all(|l| l.len() == 3 || l.len() == 4), "{labels:?}");
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

    /// As the chart places them (labels measured at `ROOM`, none left of the plot, where the
    /// first is moved right of its mark when centred it would not fit), no chosen tick is
    /// dropped but those before the last, which it makes room for. A January dropped beside a
    /// first label moved right took the year of the months before it (`Jul, Jul, 2024`).
    #[test]
    fn no_chosen_tick_is_dropped_where_the_chart_places_it() {
        use crate::charts::frame::X_LABELS_END;
        let (left, right) = (60.0, 620.0);
        let mut start = ymd(2021, 1, 1);
        while start < ymd(2023, 1, 1) {
            for days in [6, 20, 45, 100, 200, 400, 700, 1000, 1500, 1885, 2500, 4000] {
                let last = start + chrono::Duration::days(days);
                let span = days as f64;
                let (_, marks) = ticks(
                    start,
                    last,
                    |d| left + (d - start).num_days() as f64 / span * (right - left),
                    10.0,
                    20.0,
                );
                let labels: Vec<String> = marks.iter().map(|m| m.2.clone()).collect();
                let row = place_row(
                    marks.into_iter().map(|m| (m.1, m.2)).collect(),
                    left,
                    X_LABELS_END,
                    10.0,
                    20.0,
                );
                let kept: Vec<&str> = row.iter().map(|p| p.text.as_str()).collect();
                let said = format!("{start} + {days} days: {labels:?} placed as {kept:?}");
                // The kept labels are the chosen ones but a run just before the last.
                let before_last = kept.len().saturating_sub(1);
                assert_eq!(kept[..before_last], labels[..before_last], "{said}");
                assert_eq!(kept.last(), labels.last().map(String::as_str).as_ref(), "{said}");
            }
            start += chrono::Duration::days(17);
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
