//! The cumulative chart: human-equivalent hours and AI hours added up over time, as two areas
//! with lines, so the gap between them is the work the AI multiplied.
//!
//! Cumulative values are exact at every point; a long series is thinned to the end of each week,
//! month or year, never averaged.

use math::{Leverage, Minutes, display};

use super::buckets::{self, Period};
use super::dates::{self, day_number};
use super::frame::{self, Entry, Plot, Swatch, Tick, Y_TICK_GAP};
use super::scale::{self, Scale};
use super::svg::Svg;
use super::{Chart, DataTable, Day, FONT, MAX_POINTS, WIDTH, format};

const ID: &str = "chart-cumulative";
const HEIGHT: f64 = 340.0;

/// The running totals at the end of one period.
struct Point {
    /// The first and last day of the period with records.
    first: chrono::NaiveDate,
    date: chrono::NaiveDate,
    label: String,
    human: Minutes,
    ai: Minutes,
}

/// The cumulative chart of `days` (sorted, one per date), the AI series called `ai_label`.
pub(super) fn chart(days: &[Day], ai_label: &str) -> Option<Chart> {
    let (first, last) = (days.first()?.date, days.last()?.date);
    let period = buckets::period_for(first, last, MAX_POINTS);
    let (mut human, mut ai) = (Minutes::ZERO, Minutes::ZERO);
    let points: Vec<Point> = buckets::group(days, period)
        .into_iter()
        .map(|b| {
            human = human + b.human;
            ai = ai + b.ai;
            let label = if period == Period::Day { format::date(b.last) } else { period.label(b.start) };
            Point { first: b.first, date: b.last, label, human, ai }
        })
        .collect();

    let total_lev = Leverage::ratio(human, ai);
    let title = format!("Cumulative hours: human-equivalent and {ai_label}");
    let description = describe(first, last, human, ai, total_lev, ai_label);

    let entries = [
        Entry {
            class: "series-human",
            swatch: Swatch::Line,
            label: format!("Human-equivalent ({})", format::total_hours(human)),
        },
        Entry {
            class: "series-ai",
            swatch: Swatch::Line,
            label: format!("{ai_label} ({})", format::total_duration(ai)),
        },
    ];
    let (top, bottom) = Plot::vertical(HEIGHT, frame::legend_rows(&entries), false);
    let (hi, values) = scale::zero_based(human.hours().max(ai.hours()), bottom - top, Y_TICK_GAP, 0.1);
    let ys = Scale::linear(0.0, hi, bottom, top);
    let y_ticks: Vec<Tick> =
        values.iter().map(|v| Tick { at: ys.at(*v), label: format::hours_tick(*v) }).collect();
    let plot = Plot::new(top, bottom, &y_ticks, 12.0);
    let (lo_date, hi_date) = dates::domain(first, last);
    let xs = Scale::linear(day_number(lo_date) as f64, day_number(hi_date) as f64, plot.left, plot.right);
    let x = |d: chrono::NaiveDate| xs.at(day_number(d) as f64);

    let mut svg = Svg::new(ID, &title, &description, WIDTH, HEIGHT, FONT);
    frame::y_axis(&mut svg, &plot, &y_ticks);
    for (class, of) in [("series-human", 0), ("series-ai", 1)] {
        let value = |p: &Point| ys.at(if of == 0 { p.human.hours() } else { p.ai.hours() });
        // Nothing is added on days without records: across a gap the line holds level until the
        // day before the next records, then rises, rather than ramping through the gap.
        let mut line: Vec<(f64, f64)> = Vec::with_capacity(points.len());
        for (i, p) in points.iter().enumerate() {
            if let Some(before) = i.checked_sub(1).map(|j| &points[j]) {
                let eve = p.first - chrono::Days::new(1);
                if eve > before.date {
                    line.push((x(eve), value(before)));
                }
            }
            line.push((x(p.date), value(p)));
        }
        frame::begin(&mut svg, class);
        frame::area(&mut svg, &line, plot.bottom);
        frame::line(&mut svg, &line.into_iter().map(Some).collect::<Vec<_>>());
        frame::end(&mut svg);
    }
    frame::x_axis(&mut svg, &plot, dates::axis(lo_date, hi_date, x), None);
    frame::legend(&mut svg, &entries);

    let table = DataTable {
        caption: caption(period, first, last),
        headers: vec![
            period.header().to_string(),
            "Human-equivalent (cumulative)".to_string(),
            format!("{ai_label} (cumulative)"),
            "Leverage to date".to_string(),
        ],
        rows: points
            .iter()
            .map(|p| {
                vec![
                    p.label.clone(),
                    format::hours(p.human),
                    display::duration(p.ai),
                    Leverage::ratio(p.human, p.ai).map_or_else(|| "—".to_string(), display::leverage),
                ]
            })
            .collect(),
    };
    Some(Chart { id: ID.to_string(), title, description, svg: svg.finish(), table })
}

fn describe(
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    human: Minutes,
    ai: Minutes,
    lev: Option<Leverage>,
    ai_label: &str,
) -> String {
    let span = if first == last {
        format!("On {}", format::date(first))
    } else {
        format!("From {} to {}", format::date(first), format::date(last))
    };
    match lev {
        Some(lev) => format!(
            "{span}, {} of human-equivalent work took {} of {ai_label} time: {} overall.",
            format::hours(human),
            display::duration(ai),
            display::leverage(lev)
        ),
        None => {
            format!(
                "{span}, {} of human-equivalent work, with no {ai_label} time recorded.",
                format::hours(human)
            )
        }
    }
}

fn caption(period: Period, first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    match period {
        Period::Day => "Cumulative hours at each day with a record".to_string(),
        p => format!(
            "Cumulative hours at the end of each {noun} ({})",
            buckets::aggregated_by(p, first, last),
            noun = p.noun()
        ),
    }
}
