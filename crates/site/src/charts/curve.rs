//! The leverage curve of a workstream: the leverage of each task in date order (x is the task's
//! number), with a least-squares trend line whose slope the description puts in words.
//!
//! On a log scale the trend is fitted to the logarithm of leverage, so it is a constant rate per
//! task ("falls by about 8% per task"); on a linear scale it is a constant step ("rises by about
//! 1.5x per task"). The fit uses every task, even when a long workstream is drawn in groups.

use chrono::NaiveDate;
use math::{Leverage, display};

use super::frame::{self, Entry, LABEL_GAP, Plot, Swatch, TREND_DASH, Tick};
use super::scale::{self, Scale};
use super::svg::Svg;
use super::{Chart, DataTable, FONT, ROOM, WIDTH, format, text};

const ID: &str = "chart-leverage-curve";
const HEIGHT: f64 = 340.0;
/// Above this many points the line is drawn without dots, which would only blur it.
const MOST_DOTS: usize = 40;
/// Most points the curve draws: a longer workstream is drawn as runs of consecutive tasks. One
/// task's leverage differs from the next by ten times and more, and 600 of them side by side (a
/// long stream's two years) drew a band of noise from wall to wall, its shape lost; 80 runs of
/// about 8 tasks show it, with the trend fitted to every task.
const CURVE_POINTS: usize = 80;

/// A least-squares line `y = a + b·x` over task numbers, in log space when `log`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Trend {
    a: f64,
    b: f64,
    log: bool,
}

impl Trend {
    /// Fits the line to the values at x = 1, 2, …; `None` with fewer than three values (the
    /// line through two points is the data line itself, drawn over it where no one sees it, and
    /// a slope from two tasks is no trend) or a value a log fit cannot take.
    fn fit(values: &[f64], log: bool) -> Option<Trend> {
        let n = values.len();
        if n < 3 || (log && values.iter().any(|v| *v <= 0.0)) {
            return None;
        }
        let y = |v: f64| if log { v.ln() } else { v };
        let nf = n as f64;
        let mean_x = (nf + 1.0) / 2.0;
        let mean_y = values.iter().map(|v| y(*v)).sum::<f64>() / nf;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for (i, v) in values.iter().enumerate() {
            let dx = (i + 1) as f64 - mean_x;
            sxy += dx * (y(*v) - mean_y);
            sxx += dx * dx;
        }
        let b = sxy / sxx;
        let trend = Trend { a: mean_y - b * mean_x, b, log };
        (trend.a.is_finite() && trend.b.is_finite()).then_some(trend)
    }

    /// The trend's leverage at task number `x`.
    fn at(&self, x: f64) -> f64 {
        let y = self.a + self.b * x;
        if self.log { y.exp() } else { y }
    }

    /// The slope in words: "leverage falls by about 8.3% per task".
    fn words(&self) -> String {
        if self.log {
            let percent = (self.b.exp() - 1.0) * 100.0;
            let shown = display::decimal(percent.abs(), if percent.abs() < 1.0 { 2 } else { 1 });
            if shown == "0" {
                return "leverage stays about level from task to task".to_string();
            }
            let way = if percent < 0.0 { "falls" } else { "rises" };
            format!("leverage {way} by about {shown}% per task")
        } else {
            let places = if self.b.abs() < 0.1 { 3 } else { 1 };
            let shown = display::decimal(self.b.abs(), places);
            if shown == "0" {
                return "leverage stays about level from task to task".to_string();
            }
            let way = if self.b < 0.0 { "falls" } else { "rises" };
            format!("leverage {way} by about {shown}x per task")
        }
    }
}

/// One drawn point: a task, or a run of consecutive tasks when there are too many to draw.
struct Point {
    first: usize,
    last: usize,
    from: NaiveDate,
    to: NaiveDate,
    x: f64,
    value: f64,
}

/// The leverage curve of these tasks.
pub(super) fn chart(tasks: &[(NaiveDate, Leverage)]) -> Option<Chart> {
    let mut ordered = tasks.to_vec();
    ordered.sort_by_key(|t| t.0);
    let values: Vec<f64> = ordered.iter().map(|t| t.1.get()).collect();
    let (first, last) = (ordered.first()?, ordered.last()?);
    let n = values.len();
    let log = scale::prefers_log(values.iter().copied());
    let trend = Trend::fit(&values, log);

    // Runs of consecutive tasks, as even as can be: sizes differ by one at most.
    let runs = n.min(CURVE_POINTS);
    let size = n.div_ceil(runs);
    // How many tasks a run holds: `7-8` when they differ (600 tasks in 80 runs), `2` when not.
    let sizes = if n / runs == size { size.to_string() } else { format!("{}-{size}", n / runs) };
    let points: Vec<Point> = (0..runs)
        .map(|i| {
            let (from, to) = (i * n / runs, (i + 1) * n / runs);
            let chunk = &ordered[from..to];
            let count = chunk.len() as f64;
            let value = if log {
                (chunk.iter().map(|t| t.1.get().ln()).sum::<f64>() / count).exp()
            } else {
                chunk.iter().map(|t| t.1.get()).sum::<f64>() / count
            };
            let first = from + 1;
            Point {
                first,
                last: first + chunk.len() - 1,
                from: chunk[0].0,
                to: chunk[chunk.len() - 1].0,
                x: first as f64 + (count - 1.0) / 2.0,
                value,
            }
        })
        .collect();

    let title = "Leverage task by task".to_string();
    let description = describe(first, last, n, trend);

    let mut entries = vec![Entry {
        class: "series-leverage",
        swatch: match points.len() {
            1 => Swatch::Dot,
            n if n > MOST_DOTS => Swatch::Line,
            _ => Swatch::DotLine,
        },
        label: if size == 1 {
            "Leverage of each task".to_string()
        } else if log {
            format!("Geometric mean of {sizes} tasks")
        } else {
            format!("Mean of {sizes} tasks")
        },
    }];
    // The spacing of a log axis is read otherwise than a linear one's: the legend says which.
    if log {
        entries[0].label.push_str(", log scale");
    }
    if trend.is_some() {
        entries.push(Entry { class: "series-trend", swatch: Swatch::Dotted, label: "Trend".to_string() });
    }
    let (top, bottom) = Plot::vertical(HEIGHT, frame::legend_rows(&entries), true);
    let ends = trend.map(|t| [t.at(1.0), t.at(n as f64)]).unwrap_or_default();
    let drawn = points.iter().map(|p| p.value).chain(ends.into_iter().filter(|v| *v > 0.0));
    let min = drawn.clone().fold(f64::INFINITY, f64::min);
    let max = drawn.fold(0.0, f64::max);
    let (ys, y_ticks) = frame::leverage_axis(log, min, max, top, bottom);
    let plot = Plot::new(top, bottom, &y_ticks, 12.0);
    let (x_lo, x_hi) = if n == 1 { (0.0, 2.0) } else { (1.0, n as f64) };
    let xs = Scale::linear(x_lo, x_hi, plot.left, plot.right);
    let x_gap = text::width(&format::count(n as u64), ROOM) + LABEL_GAP + 8.0;
    let x_ticks: Vec<Tick> = xs
        .ticks(x_gap, 1.0)
        .into_iter()
        .filter(|v| *v >= 1.0 && *v <= n as f64)
        .map(|v| Tick { at: xs.at(v), label: format::count(v as u64) })
        .collect();

    let mut svg = Svg::new(ID, &title, &description, WIDTH, HEIGHT, FONT);
    frame::y_axis(&mut svg, &plot, &y_ticks);
    if let Some(t) = trend {
        let (lo, hi) = ys.domain();
        if let Some(((x0, y0), (x1, y1))) = clip((1.0, t.at(1.0)), (n as f64, t.at(n as f64)), lo, hi) {
            frame::begin(&mut svg, "series-trend");
            svg.put(format_args!(
                "<path class=\"line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"{TREND_DASH}\" d=\"M{} {}L{} {}\"/>\n",
                super::svg::N(xs.at(x0)),
                super::svg::N(ys.at(y0)),
                super::svg::N(xs.at(x1)),
                super::svg::N(ys.at(y1)),
            ));
            frame::end(&mut svg);
        }
    }
    let line: Vec<(f64, f64)> = points.iter().map(|p| (xs.at(p.x), ys.at(p.value))).collect();
    frame::begin(&mut svg, "series-leverage");
    if line.len() > 1 {
        frame::line(&mut svg, &line.iter().copied().map(Some).collect::<Vec<_>>());
    }
    if line.len() <= MOST_DOTS {
        let radius = (plot.width() / line.len() as f64 * 0.35).clamp(2.0, 3.5);
        for (x, y) in &line {
            svg.dot(*x, *y, radius);
        }
    }
    frame::end(&mut svg);
    frame::x_axis(&mut svg, &plot, x_ticks, Some("Task number, in date order"));
    frame::legend(&mut svg, &entries);

    let table = table(&points, &sizes, log, trend);
    Some(Chart { id: ID.to_string(), title, description, svg: svg.finish(), table })
}

/// The part of the segment from `a` to `b` (task number, leverage) with leverage in `lo..=hi`.
fn clip(a: (f64, f64), b: (f64, f64), lo: f64, hi: f64) -> Option<((f64, f64), (f64, f64))> {
    let cut = |p: (f64, f64), q: (f64, f64), level: f64| {
        let t = (level - p.1) / (q.1 - p.1);
        (p.0 + t * (q.0 - p.0), level)
    };
    let (mut a, mut b) = (a, b);
    for level in [lo, hi] {
        let below = |p: (f64, f64)| if level == lo { p.1 < lo } else { p.1 > hi };
        match (below(a), below(b)) {
            (true, true) => return None,
            (true, false) => a = cut(a, b, level),
            (false, true) => b = cut(b, a, level),
            (false, false) => {}
        }
    }
    Some((a, b))
}

fn describe(
    first: &(NaiveDate, Leverage),
    last: &(NaiveDate, Leverage),
    n: usize,
    trend: Option<Trend>,
) -> String {
    if n == 1 {
        return format!("One task, on {}, at {}.", format::date(first.0), display::leverage(first.1));
    }
    let days = if first.0 == last.0 {
        format!("on {}", format::date(first.0))
    } else {
        format!("from {} to {}", format::date(first.0), format::date(last.0))
    };
    let mut out = format!(
        "{n} tasks {days}: the first at {}, the last at {}.",
        display::leverage(first.1),
        display::leverage(last.1)
    );
    if let Some(t) = trend {
        out.push_str(&format!(" The least-squares trend says {}.", t.words()));
    }
    out
}

fn table(points: &[Point], sizes: &str, log: bool, trend: Option<Trend>) -> DataTable {
    let single = sizes == "1";
    let mut headers = if single {
        vec!["Task no.".to_string(), "Date".to_string(), "Leverage".to_string()]
    } else {
        let mean = if log { "Leverage (geometric mean)" } else { "Leverage (mean)" };
        vec!["Task nos.".to_string(), "Dates".to_string(), mean.to_string()]
    };
    if trend.is_some() {
        headers.push("Trend".to_string());
    }
    let rows = points
        .iter()
        .map(|p| {
            // A run of one task is named by its number alone (`7`, not `7–7`).
            let tasks_of = |p: &Point| {
                if p.first == p.last { p.first.to_string() } else { format!("{}–{}", p.first, p.last) }
            };
            let (tasks, dates) = if single {
                (p.first.to_string(), format::date(p.from))
            } else if p.from == p.to {
                (tasks_of(p), format::date(p.from))
            } else {
                (tasks_of(p), format!("{} to {}", format::date(p.from), format::date(p.to)))
            };
            let mut row = vec![tasks, dates, format::leverage(p.value)];
            if let Some(t) = trend {
                row.push(format::leverage(t.at(p.x)));
            }
            row
        })
        .collect();
    let mut caption = if single {
        "Leverage of each task in date order (numbered from the first)".to_string()
    } else {
        format!(
            "Leverage of runs of {sizes} consecutive tasks in date order (aggregated: {} tasks are more than the chart has room for)",
            points.last().map_or(0, |p| p.last)
        )
    };
    // Only a chart with a trend line says so (one or two tasks have none).
    if trend.is_some() {
        caption.push_str(", with the least-squares trend");
    }
    DataTable { caption, headers, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use math::Minutes;

    #[test]
    fn log_fit_of_a_geometric_series_finds_its_rate() {
        let values: Vec<f64> = (0..10).map(|i| 100.0 * 0.9f64.powi(i)).collect();
        let t = Trend::fit(&values, true).expect("ten values");
        assert!((t.b.exp() - 0.9).abs() < 1e-9);
        assert_eq!(t.words(), "leverage falls by about 10% per task");
    }

    #[test]
    fn linear_fit_of_a_straight_line_finds_its_step() {
        let t = Trend::fit(&[2.0, 4.0, 6.0, 8.0], false).expect("four values");
        assert!((t.b - 2.0).abs() < 1e-9 && (t.at(1.0) - 2.0).abs() < 1e-9);
        assert_eq!(t.words(), "leverage rises by about 2x per task");
    }

    #[test]
    fn one_or_two_values_have_no_trend() {
        assert_eq!(Trend::fit(&[5.0], false), None);
        assert_eq!(Trend::fit(&[9.0, 15.0], false), None);
        assert_eq!(Trend::fit(&[9.0, 150.0], true), None);
    }

    #[test]
    fn tasks_of_one_day_are_said_to_be_on_it() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 15).expect("a date");
        let lev = |v: f64| {
            Leverage::ratio(Minutes::from(60), Minutes::new(60.0 / v).expect("minutes")).expect("a ratio")
        };
        let (first, last) = ((day, lev(26.7)), (day, lev(18.0)));
        assert_eq!(
            describe(&first, &last, 2, None),
            "2 tasks on Jan 15, 2026: the first at 26.7x, the last at 18x."
        );
        let later = (day.succ_opt().expect("a date"), lev(18.0));
        assert_eq!(
            describe(&first, &later, 2, None),
            "2 tasks from Jan 15, 2026 to Jan 16, 2026: the first at 26.7x, the last at 18x."
        );
    }

    #[test]
    fn flat_values_stay_level() {
        let t = Trend::fit(&[5.0, 5.0, 5.0], false).expect("three values");
        assert_eq!(t.words(), "leverage stays about level from task to task");
    }

    #[test]
    fn a_trend_below_zero_is_cut_at_zero() {
        let clipped = clip((1.0, 10.0), (11.0, -10.0), 0.0, 20.0).expect("partly inside");
        assert_eq!(clipped, ((1.0, 10.0), (6.0, 0.0)));
        assert_eq!(clip((1.0, -1.0), (2.0, -2.0), 0.0, 20.0), None);
    }
}
