//! Charts: inline SVG drawings of the figures, each with a data table of the numbers behind it.
//!
//! Every chart is hand-written SVG with a `viewBox` and no fixed size, so it scales to its
//! container. It holds no colour, script or external resource: shapes carry the theme's classes
//! (`series-human`, `axis`, `grid`, ...) and paint with `currentColor`, so light and dark mode come
//! from the page's CSS. Long series are aggregated by week, month or year before drawing, so a
//! chart stays small however many records a site has. Figures are computed by `math` and written
//! with `math::display`; this module only places them. It does no I/O and does not decide which
//! page shows which chart.

mod buckets;
mod cumulative;
mod curve;
mod daily;
mod dates;
mod format;
mod frame;
mod histogram;
mod hours;
mod scale;
mod svg;
mod tasks;
mod text;

use chrono::NaiveDate;
use math::{Leverage, Minutes};

/// The id of a record page's chart (its SVG's title and description take `-title` and
/// `-desc` after it): headings in the record's body must not take these.
pub(crate) const RECORD_CHART_ID: &str = tasks::ID;

/// Width of every chart's viewBox, in user units. Heights vary by chart.
const WIDTH: f64 = 640.0;
/// Font size of chart text, in user units, when the theme does not set one.
const FONT: f64 = 14.0;
/// The largest font size, in user units, that the layout leaves room for: margins, tick spacing,
/// legends and shortened labels are all measured at this size, so a theme may enlarge chart text
/// up to it (on a phone, where a 640-wide chart is drawn at about half size, 20 units are about
/// 11 px) without labels colliding.
const ROOM: f64 = 20.0;
/// Most points or bars a series draws; a longer series is aggregated by week, month or year.
/// About one per pixel of the plot's width.
const MAX_POINTS: usize = 520;

/// One point per day: the totals of that day's record (or records).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Day {
    /// The day.
    pub date: NaiveDate,
    /// Total human-equivalent estimate of the day's tasks.
    pub human: Minutes,
    /// Total AI time of the day's tasks.
    pub ai: Minutes,
}

/// A finished chart: inline SVG plus an accessible data table of the numbers behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// A stable id such as `chart-cumulative`; the SVG's title and description ids start with it.
    pub id: String,
    /// The chart's title, also the SVG's `<title>`.
    pub title: String,
    /// One or two sentences with the key figures, also the SVG's `<desc>`.
    pub description: String,
    /// A complete `<svg>` element: `role="img"`, labelled by its title and description.
    pub svg: String,
    /// The numbers behind the chart, for a table under it.
    pub table: DataTable,
}

impl Chart {
    /// The same chart without its data table: what `record_task_bars` makes without the table
    /// first, which its test holds it to.
    #[cfg(test)]
    pub fn without_table(mut self) -> Chart {
        self.table = DataTable::default();
        self
    }
}

/// A table of the numbers a chart draws, for readers who cannot see it or want the figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataTable {
    /// What the table holds, including whether rows were aggregated.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells, already formatted by the display rules.
    pub rows: Vec<Vec<String>>,
}

/// Cumulative human-equivalent hours and cumulative AI hours over time: two areas with lines,
/// and a legend with the totals; the AI series is called `ai_label` (the site's, e.g. `Claude`).
/// `None` without days.
pub fn cumulative(days: &[Day], ai_label: &str) -> Option<Chart> {
    cumulative::chart(&by_date(days), ai_label)
}

/// Each day's weighted leverage as points, with the rolling weighted average over the last
/// `window_days` calendar days (total human / total AI in the window) as a line. The y scale is
/// logarithmic when the values span more than twentyfold. The AI column of its data table is
/// called `ai_label`. `None` when no day has AI time.
pub fn daily_leverage(days: &[Day], window_days: u32, ai_label: &str) -> Option<Chart> {
    daily::chart(&by_date(days), window_days, ai_label)
}

/// A histogram of per-task leverage in log-scale bins (1–2x, 2–5x, ... 200x and over, plus
/// under 1x when any task is), each bar labelled with its count. `None` without tasks.
pub fn distribution(leverages: &[Leverage]) -> Option<Chart> {
    histogram::chart(leverages)
}

/// Bars of human-equivalent hours per day over the latest `weeks` weeks of the days. `None`
/// without days or with zero weeks.
pub fn hours_by_day(days: &[Day], weeks: u32) -> Option<Chart> {
    hours::chart(&by_date(days), weeks)
}

/// A record's tasks as horizontal bars sorted by leverage, each labelled with its task (shortened
/// with an ellipsis; the full text is the bar's tooltip) and its leverage. Logarithmic when the
/// largest is more than twenty times the smallest, and then drawn as dots on a titled log axis.
/// `None` without tasks.
pub fn task_bars(tasks: &[(impl AsRef<str>, Leverage)]) -> Option<Chart> {
    tasks::chart(tasks, &|_| None, true)
}

/// `task_bars(tasks).without_table()`, without making the table first: a record page shows its
/// tasks' figures in its task table, right above the bars. When labels read alike, each leads
/// with its task's number: `number` of its place in `tasks` (the task table's `#` column), else that
/// place, from 1.
pub fn record_task_bars(
    tasks: &[(impl AsRef<str>, Leverage)],
    number: &dyn Fn(usize) -> Option<String>,
) -> Option<Chart> {
    tasks::chart(tasks, number, false)
}

/// A workstream's leverage task by task (x is the task's number in date order), with a
/// least-squares trend line (fitted in log space on a log scale) whose slope the description
/// states. `None` without tasks.
pub fn leverage_curve(tasks: &[(NaiveDate, Leverage)]) -> Option<Chart> {
    curve::chart(tasks)
}

/// The days sorted by date, with days of the same date added together.
fn by_date(days: &[Day]) -> Vec<Day> {
    let mut sorted = days.to_vec();
    sorted.sort_by_key(|d| d.date);
    let mut out: Vec<Day> = Vec::with_capacity(sorted.len());
    for day in sorted {
        match out.last_mut() {
            Some(last) if last.date == day.date => {
                last.human = last.human + day.human;
                last.ai = last.ai + day.ai;
            }
            _ => out.push(day),
        }
    }
    out
}

#[cfg(test)]
mod tests;
