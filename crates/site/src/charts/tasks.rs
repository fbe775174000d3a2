//! The task bars of a record page: one horizontal bar per task, highest leverage first, each
//! labelled with the task (shortened to fit, in full in the bar's tooltip) and its leverage. When
//! the leverages span more than twentyfold the scale is logarithmic and each task is a dot on its
//! row instead of a bar, since a bar's length on a log scale compares nothing.
//!
//! A record with very many tasks shows the highest and the lowest and one row that says how many
//! are left out, so the drawing stays a readable height.

use math::{Leverage, Spread, display};

use super::frame::{self, PAD, Plot, Tick};
use super::scale::{self, Scale};
use super::svg::{Anchor, PathData, Svg, Valign};
use super::{Chart, DataTable, FONT, ROOM, WIDTH, format, text};

pub(crate) const ID: &str = "chart-task-bars";
/// Height of one task's row.
const ROW: f64 = 28.0;
/// Thickness of a bar.
const BAR: f64 = 16.0;
/// Widest task label before it is shortened.
const LABEL_MAX: f64 = 230.0;
/// Rows shown from each end of a long list.
const END_ROWS: usize = 20;

/// A row: a task (with its place in the record's list), or the note of how many tasks are left
/// out between the two ends.
enum Row<'a> {
    Task(&'a str, Leverage, usize),
    Skipped { count: usize, from: Leverage, to: Leverage },
}

/// The task bars of these tasks, with the numbers behind them when `with_table`. `number` gives
/// a task's number as the page shows it (a `#` column's) by its place in `tasks`; where it gives
/// none, the number is that place, from 1. Asked only for labels that read alike.
pub(super) fn chart(
    tasks: &[(impl AsRef<str>, Leverage)],
    number: &dyn Fn(usize) -> Option<String>,
    with_table: bool,
) -> Option<Chart> {
    let spread = Spread::of(tasks.iter().map(|t| t.1))?;
    // Each task with its place in the list, for its number.
    let mut placed: Vec<(&str, Leverage, usize)> =
        tasks.iter().enumerate().map(|(i, (name, lev))| (name.as_ref(), *lev, i)).collect();
    placed.sort_by(|a, b| b.1.get().total_cmp(&a.1.get()));
    let n = placed.len();
    let rows: Vec<Row<'_>> = if n > 2 * END_ROWS + 1 {
        let mut rows: Vec<Row<'_>> = placed[..END_ROWS].iter().map(|&(t, l, i)| Row::Task(t, l, i)).collect();
        rows.push(Row::Skipped {
            count: n - 2 * END_ROWS,
            from: placed[END_ROWS].1,
            to: placed[n - END_ROWS - 1].1,
        });
        rows.extend(placed[n - END_ROWS..].iter().map(|&(t, l, i)| Row::Task(t, l, i)));
        rows
    } else {
        placed.iter().map(|&(t, l, i)| Row::Task(t, l, i)).collect()
    };

    let title = "Leverage by task".to_string();
    let description = describe(&placed, spread);
    let (min, max) = (spread.min.get(), spread.max.get());
    let log = scale::prefers_log(placed.iter().map(|t| t.1.get()));

    let mut names: Vec<String> = rows
        .iter()
        .map(|r| match r {
            Row::Task(name, ..) => text::truncate(name_or_blank(name), LABEL_MAX, ROOM),
            Row::Skipped { .. } => String::new(),
        })
        .collect();
    // When labels read alike (names shortened to the same words, or the same task twice), every
    // label leads with its task's number, so that each dot or bar can be found in the task
    // table: one label without a number among numbered ones reads as a slip. A record's labels
    // mostly differ in length, which compares without reading them.
    let alike = names
        .iter()
        .enumerate()
        .any(|(i, a)| !a.is_empty() && names[i + 1..].iter().any(|b| a.len() == b.len() && a == b));
    for (name, row) in names.iter_mut().zip(&rows).filter(|_| alike) {
        if let Row::Task(full, _, i) = row {
            let number = number(*i).unwrap_or_else(|| (i + 1).to_string());
            let full = name_or_blank(full);
            let mut label = String::with_capacity(number.len() + full.len() + 2);
            label.push('#');
            label.push_str(&number);
            label.push(' ');
            label.push_str(full);
            *name = text::truncate(&label, LABEL_MAX, ROOM);
        }
    }
    // Each task's leverage as shown, written once for the bar and the data table.
    let mut levs: Vec<String> = rows
        .iter()
        .map(|r| match r {
            Row::Task(_, lev, _) => display::leverage(*lev),
            Row::Skipped { .. } => String::new(),
        })
        .collect();
    let label_col = names.iter().map(|l| text::width(l, ROOM)).fold(0.0, f64::max);
    let value_room = text::width(&display::leverage(spread.max), ROOM) + if log { 12.0 } else { 8.0 };
    let top = PAD;
    let bottom = top + rows.len() as f64 * ROW;
    // A log scale has no zero for a bar to start from, so it draws a dot on each row's guide line
    // (bars there would compare lengths that mean nothing) and says that it is a log scale.
    let axis_title = log.then_some("Leverage, log scale");
    let height = bottom + 8.0 + ROOM + PAD + if log { ROOM + 4.0 } else { 0.0 };
    let plot = Plot { left: PAD + label_col + 10.0, top, right: WIDTH - PAD - value_room, bottom };
    // Tick labels at a phone's text size (`ROOM`) with a whole em between them: wide numbers
    // (`1200x 1400x`) read as one word with less.
    let (xs, values) = if log {
        let (lo, hi) = scale::nice_log_domain(min, max);
        let xs = Scale::log(lo, hi, plot.left, plot.right);
        let gap = text::width(&format::leverage_tick(hi), ROOM) + ROOM;
        (xs, xs.ticks(gap, 0.0))
    } else {
        let gap = text::width(&format::leverage_tick(max * 2.0), ROOM) + ROOM;
        let (hi, values) = scale::zero_based(max, plot.width(), gap, 0.1);
        (Scale::linear(0.0, hi, plot.left, plot.right), values)
    };

    let mut svg = Svg::new(ID, &title, &description, WIDTH, height, FONT);
    let mut grid = PathData::new();
    for v in &values {
        grid.move_to(xs.at(*v), plot.top);
        grid.line_to(xs.at(*v), plot.bottom);
    }
    if log {
        for (i, row) in rows.iter().enumerate() {
            if let Row::Task(..) = row {
                let mid = plot.top + (i as f64 + 0.5) * ROW;
                grid.move_to(plot.left, mid);
                grid.line_to(plot.right, mid);
            }
        }
    }
    svg.raw("<g class=\"grid\">\n");
    svg.path("grid-line", " fill=\"none\"", &grid);
    svg.raw("</g>\n");
    frame::begin(&mut svg, "series-leverage");
    for (i, ((row, name), value)) in rows.iter().zip(&names).zip(&levs).enumerate() {
        let mid = plot.top + (i as f64 + 0.5) * ROW;
        match row {
            Row::Task(full, lev, _) => {
                let end = xs.at(lev.get()).max(plot.left);
                svg.raw("<g><title>");
                svg.escaped(name_or_blank(full));
                svg.raw(": ");
                // `<0.1x` for a leverage that rounds to nothing.
                svg.escaped(value);
                svg.raw("</title>");
                svg.text(plot.left - 10.0, mid, (Anchor::End, Valign::Middle), "label", name);
                if log {
                    svg.raw("<circle class=\"dot\" cx=\"");
                    svg.number(end);
                    svg.raw("\" cy=\"");
                    svg.number(mid);
                    svg.raw("\" r=\"5\"/>");
                } else {
                    svg.raw("<rect class=\"bar\" x=\"");
                    svg.number(plot.left);
                    svg.raw("\" y=\"");
                    svg.number(mid - BAR / 2.0);
                    svg.raw("\" width=\"");
                    svg.number(end - plot.left);
                    svg.raw("\" height=\"");
                    svg.number(BAR);
                    svg.raw("\" rx=\"2\"/>");
                }
                let after = if log { end + 10.0 } else { end + 6.0 };
                svg.text(after, mid, (Anchor::Start, Valign::Middle), "label value", value);
                svg.raw("</g>\n");
            }
            Row::Skipped { count, from, to } => {
                let note = format!(
                    "… {count} more tasks, from {} down to {}",
                    display::leverage(*from),
                    display::leverage(*to)
                );
                svg.text(PAD, mid, (Anchor::Start, Valign::Middle), "label note", &note);
            }
        }
    }
    frame::end(&mut svg);
    let ticks: Vec<Tick> = values
        .iter()
        .map(|v| Tick { at: xs.at(*v), label: format::leverage_tick(*v) })
        .filter(|t| t.at >= plot.left - 0.5)
        .collect();
    frame::x_axis(&mut svg, &plot, ticks, axis_title);

    let svg = svg.finish();
    if !with_table {
        return Some(Chart { id: ID.to_string(), title, description, svg, table: DataTable::default() });
    }
    let shown = if n > 2 * END_ROWS + 1 {
        format!(
            "The {END_ROWS} tasks with the highest leverage and the {END_ROWS} with the lowest, of {n}; the {} in between are left out",
            n - 2 * END_ROWS
        )
    } else {
        "Tasks by leverage, highest first".to_string()
    };
    let table = DataTable {
        caption: shown,
        headers: vec!["Task".to_string(), "Leverage".to_string()],
        rows: rows
            .iter()
            .zip(levs.iter_mut())
            .map(|(r, lev_shown)| match r {
                Row::Task(name, ..) => vec![name.to_string(), std::mem::take(lev_shown)],
                Row::Skipped { count, from, to } => vec![
                    format!("… {count} more tasks"),
                    format!("{} to {}", display::leverage(*to), display::leverage(*from)),
                ],
            })
            .collect(),
    };
    Some(Chart { id: ID.to_string(), title, description, svg, table })
}

/// A task's name, or a stand-in when it is blank, so its row is never unlabelled.
fn name_or_blank(name: &str) -> &str {
    if name.trim().is_empty() { "(unnamed task)" } else { name }
}

fn describe(sorted: &[(&str, Leverage, usize)], spread: Spread) -> String {
    match sorted {
        [(name, lev, _)] => format!("One task: {} at {}.", name_or_blank(name), display::leverage(*lev)),
        // Each shown alike: `from 2x down to 2x` said nothing of a range.
        _ if display::leverage(spread.max) == display::leverage(spread.min) => {
            format!("{} tasks, each {}.", sorted.len(), display::leverage(spread.max))
        }
        _ => format!(
            "{} tasks, from {} down to {}; the median is {}.",
            sorted.len(),
            display::leverage(spread.max),
            display::leverage(spread.min),
            display::leverage(spread.median)
        ),
    }
}
