//! The daily leverage chart: each day's weighted leverage as a dot and the rolling weighted
//! average over the last few calendar days as a dashed line.
//!
//! The rolling average is total human time over total AI time within the window, computed from
//! the days themselves. When the days are aggregated into weeks or months, the dots are each
//! period's weighted leverage and the line is the mean of the period's daily rolling values.

use chrono::{Days, NaiveDate};
use math::{Leverage, Minutes, display};

use super::buckets::{self, Period};
use super::dates::{self, day_number};
use super::frame::{self, Entry, Plot, Swatch};
use super::scale::{self, Scale};
use super::svg::Svg;
use super::{Chart, DataTable, Day, FONT, MAX_POINTS, WIDTH, format};

const ID: &str = "chart-daily-leverage";
const HEIGHT: f64 = 340.0;

/// One drawn point: a day or a period.
struct Point {
    /// Where the point goes, in days.
    at: f64,
    /// The first day of the point's period.
    start: NaiveDate,
    label: String,
    human: Minutes,
    ai: Minutes,
    leverage: Option<Leverage>,
    /// The rolling average: on the day itself, or the mean of the period's daily values.
    rolling: Option<f64>,
}

/// The daily leverage chart of `days` (sorted, one per date).
pub(super) fn chart(days: &[Day], window: u32, ai_label: &str) -> Option<Chart> {
    let (first, last) = (days.first()?.date, days.last()?.date);
    if days.iter().all(|d| d.ai.is_zero()) {
        return None;
    }
    let period = buckets::period_for(first, last, MAX_POINTS);
    let window = window_for(period, window);
    let rolling = rolling(days, window);
    let latest = days.iter().zip(&rolling).rev().find_map(|(d, r)| r.map(|r| (d.date, r)));
    let points: Vec<Point> = if period == Period::Day {
        days.iter()
            .zip(&rolling)
            .map(|(d, r)| Point {
                at: day_number(d.date) as f64,
                start: d.date,
                label: format::date(d.date),
                human: d.human,
                ai: d.ai,
                leverage: Leverage::ratio(d.human, d.ai),
                rolling: r.map(Leverage::get),
            })
            .collect()
    } else {
        let mut i = 0;
        buckets::group(days, period)
            .into_iter()
            .map(|b| {
                let (mut sum, mut count) = (0.0, 0u32);
                while i < days.len() && days[i].date <= b.end {
                    if let Some(r) = rolling[i] {
                        sum += r.get();
                        count += 1;
                    }
                    i += 1;
                }
                let span = (b.end - b.start).num_days() as f64;
                Point {
                    at: day_number(b.start) as f64 + span / 2.0,
                    start: b.start,
                    label: period.label(b.start),
                    human: b.human,
                    ai: b.ai,
                    leverage: b.leverage(),
                    rolling: (count > 0).then(|| sum / f64::from(count)),
                }
            })
            .collect()
    };

    let levs: Vec<f64> = points.iter().filter_map(|p| p.leverage).map(Leverage::get).collect();
    let rolls: Vec<f64> = points.iter().filter_map(|p| p.rolling).collect();
    let show_rolling = window > 0 && !rolls.is_empty();
    let all = || levs.iter().chain(if show_rolling { &rolls[..] } else { &[] }).copied();
    let min = all().fold(f64::INFINITY, f64::min);
    let max = all().fold(0.0, f64::max);

    let title = if show_rolling {
        format!("Leverage per {} with {window}-day rolling average", period.noun())
    } else {
        format!("Leverage per {}", period.noun())
    };
    let description = describe(&points, period, window, latest.filter(|_| show_rolling));

    let mut entries = vec![Entry {
        class: "series-leverage",
        swatch: Swatch::Dot,
        label: format!("Leverage per {}", period.noun()),
    }];
    if show_rolling {
        let label = if period == Period::Day {
            format!("{window}-day rolling average")
        } else {
            format!("{window}-day rolling average, {} mean", period.noun())
        };
        entries.push(Entry { class: "series-rolling", swatch: Swatch::Line, label });
    }
    // The spacing of a log axis is read otherwise than a linear one's: the legend says which.
    let log = scale::prefers_log(all());
    if log {
        entries[0].label.push_str(", log scale");
    }
    let (top, bottom) = Plot::vertical(HEIGHT, frame::legend_rows(&entries), false);
    let (ys, y_ticks) = frame::leverage_axis(log, min, max, top, bottom);
    let plot = Plot::new(top, bottom, &y_ticks, 12.0);
    let (lo_date, hi_date) = dates::domain(first, last);
    let radius = (plot.width() / points.len() as f64 * 0.35).clamp(2.0, 4.0);
    // The days are drawn a dot and a gap in from each end, so that the first dot does not sit on
    // the y axis and the last is not cut by the frame's edge.
    let inset = radius + 4.0;
    let xs = Scale::linear(
        day_number(lo_date) as f64,
        day_number(hi_date) as f64,
        plot.left + inset,
        plot.right - inset,
    );

    let mut svg = Svg::new(ID, &title, &description, WIDTH, HEIGHT, FONT);
    frame::y_axis(&mut svg, &plot, &y_ticks);
    if show_rolling {
        // The line breaks across a gap with no records: no average is known in it. For days, a
        // gap longer than the window; for weeks, months or years, an empty one between two.
        let apart = |a: &Point, b: &Point| match period {
            Period::Day => (b.start - a.start).num_days() > i64::from(window),
            _ => b.start > period.end(a.start) + chrono::Days::new(1),
        };
        let mut line: Vec<Option<(f64, f64)>> = Vec::with_capacity(points.len());
        for (i, p) in points.iter().enumerate() {
            if i > 0 && apart(&points[i - 1], p) {
                line.push(None);
            }
            line.push(p.rolling.map(|r| (xs.at(p.at), ys.at(r))));
        }
        frame::begin(&mut svg, "series-rolling");
        frame::line(&mut svg, &line);
        frame::end(&mut svg);
    }
    frame::begin(&mut svg, "series-leverage");
    svg.raw("<g fill-opacity=\"0.8\">\n");
    for p in &points {
        if let Some(lev) = p.leverage {
            svg.dot(xs.at(p.at), ys.at(lev.get()), radius);
        }
    }
    svg.raw("</g>\n");
    frame::end(&mut svg);
    frame::x_axis(&mut svg, &plot, dates::axis(lo_date, hi_date, |d| xs.at(day_number(d) as f64)), None);
    frame::legend(&mut svg, &entries);

    let mut headers =
        vec![period.header().to_string(), "Human-equivalent".into(), ai_label.into(), "Leverage".into()];
    if show_rolling {
        headers.push(if period == Period::Day {
            format!("{window}-day rolling average")
        } else {
            format!("{window}-day rolling average ({} mean)", period.noun())
        });
    }
    let time = |m: Minutes| if period == Period::Day { display::duration(m) } else { format::hours(m) };
    let rows = points
        .iter()
        .map(|p| {
            let mut row = vec![
                p.label.clone(),
                time(p.human),
                display::duration(p.ai),
                p.leverage.map_or_else(|| "—".to_string(), display::leverage),
            ];
            if show_rolling {
                row.push(p.rolling.map_or_else(|| "—".to_string(), format::leverage));
            }
            row
        })
        .collect();
    let span = (days[0].date, days[days.len() - 1].date);
    let table = DataTable { caption: caption(period, span, window, show_rolling, ai_label), headers, rows };
    Some(Chart { id: ID.to_string(), title, description, svg: svg.finish(), table })
}

/// The rolling window, in days, for points of `period`: the writer's window for days; for weeks,
/// months or years at least four of them, since a window no longer than a point averages each
/// point with itself and draws its line over the dots.
fn window_for(period: Period, window: u32) -> u32 {
    let days = match period {
        Period::Day => return window,
        Period::Week => 7,
        Period::Month => 30,
        Period::Year => 365,
    };
    if window == 0 { 0 } else { window.max(4 * days) }
}

/// The rolling weighted leverage at each day: total human over total AI time of the days within
/// the `window` calendar days ending on it. `None` where the window has no AI time.
fn rolling(days: &[Day], window: u32) -> Vec<Option<Leverage>> {
    if window == 0 {
        return vec![None; days.len()];
    }
    let mut human = vec![0.0];
    let mut ai = vec![0.0];
    let mut with_ai = vec![0u32];
    for d in days {
        human.push(human[human.len() - 1] + d.human.get());
        ai.push(ai[ai.len() - 1] + d.ai.get());
        with_ai.push(with_ai[with_ai.len() - 1] + u32::from(!d.ai.is_zero()));
    }
    let mut start = 0;
    days.iter()
        .enumerate()
        .map(|(j, d)| {
            let from = d.date.checked_sub_days(Days::new(u64::from(window) - 1)).unwrap_or(NaiveDate::MIN);
            while days[start].date < from {
                start += 1;
            }
            if with_ai[j + 1] == with_ai[start] {
                return None;
            }
            let h = Minutes::new((human[j + 1] - human[start]).max(0.0))?;
            let a = Minutes::new((ai[j + 1] - ai[start]).max(0.0))?;
            Leverage::ratio(h, a)
        })
        .collect()
}

fn describe(points: &[Point], period: Period, window: u32, latest: Option<(NaiveDate, Leverage)>) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return String::new() };
    let levs: Vec<f64> = points.iter().filter_map(|p| p.leverage).map(Leverage::get).collect();
    let (lo, hi) =
        (levs.iter().copied().fold(f64::INFINITY, f64::min), levs.iter().copied().fold(0.0, f64::max));
    let mut out = if levs.len() == 1 {
        // The one point with a leverage, which a first day of notes alone is not.
        let point = points.iter().find(|p| p.leverage.is_some()).unwrap_or(first);
        let on = if period == Period::Day { "on" } else { "in" };
        format!("Leverage {on} {}: {}.", period.phrase(point.start), format::leverage(hi))
    } else {
        format!(
            "Weighted leverage per {} from {} to {} ranged from {} to {}.",
            period.noun(),
            period.phrase(first.start),
            period.phrase(last.start),
            format::leverage(lo),
            format::leverage(hi)
        )
    };
    if let Some((date, r)) = latest {
        out.push_str(&format!(
            " The {window}-day rolling average was {} on {}",
            display::leverage(r),
            format::date(date)
        ));
        // Aggregated, the line shows each period's mean of it: its last point is said too, so
        // that a reader of the description hears the figure the chart and its table show.
        match points.iter().rev().find_map(|p| p.rolling.map(|mean| (p.start, mean))) {
            Some((start, mean)) if period != Period::Day => out.push_str(&format!(
                "; its mean over the {}'s days with a record, as the line shows it, was {} ({}).",
                period.noun(),
                format::leverage(mean),
                period.phrase(start)
            )),
            _ => out.push('.'),
        }
    }
    out
}

fn caption(
    period: Period,
    (first, last): (NaiveDate, NaiveDate),
    window: u32,
    rolling: bool,
    ai_label: &str,
) -> String {
    let days = if window == 1 { "1 calendar day".to_string() } else { format!("{window} calendar days") };
    let average = format!(
        "the {window}-day rolling average (total human time over total {ai_label} time in the last {days})"
    );
    match (period, rolling) {
        (Period::Day, true) => format!("Weighted leverage of each day with a record, and {average}"),
        (Period::Day, false) => "Weighted leverage of each day with a record".to_string(),
        (p, true) => format!(
            "Weighted leverage of each {noun} ({}), and the mean over each {noun}'s days with a record of {average}",
            buckets::aggregated_by(p, first, last),
            noun = p.noun()
        ),
        (p, false) => format!(
            "Weighted leverage of each {noun} ({})",
            buckets::aggregated_by(p, first, last),
            noun = p.noun()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32, human: u32, ai: u32) -> Day {
        Day {
            date: NaiveDate::from_ymd_opt(2026, 3, d).expect("valid test date"),
            human: Minutes::from(human),
            ai: Minutes::from(ai),
        }
    }

    #[test]
    fn rolling_average_weighs_by_time_within_calendar_days() {
        // Days 1, 2 and 9: a 7-day window at day 9 holds day 9 alone.
        let days = [day(1, 600, 10), day(2, 60, 60), day(9, 100, 10)];
        let r: Vec<Option<f64>> = rolling(&days, 7).into_iter().map(|l| l.map(Leverage::get)).collect();
        assert_eq!(r, [Some(60.0), Some(660.0 / 70.0), Some(10.0)]);
    }

    #[test]
    fn rolling_window_without_ai_time_has_no_value() {
        let days = [day(1, 60, 0), day(2, 60, 0)];
        assert_eq!(rolling(&days, 7), [None, None]);
    }

    #[test]
    fn zero_window_has_no_rolling_line() {
        let days = [day(1, 60, 1), day(2, 60, 2)];
        let chart = chart(&days, 0, "AI").expect("two days");
        assert!(!chart.svg.contains("series-rolling"));
    }
}
