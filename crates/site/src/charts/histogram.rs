//! The distribution chart: how many tasks fall in each leverage bin, with bins equally wide on a
//! log scale (1x, 2x, 5x, 10x, ... 200x and over), each bar labelled with its count.
//!
//! Counting is here; the median quoted in the description comes from `math::Spread`.

use math::{Leverage, Spread, display};

use super::frame::{self, Plot, Tick, Y_TICK_GAP};
use super::scale::{self, Scale};
use super::svg::{Anchor, N, Svg, Valign, escape};
use super::{Chart, DataTable, FONT, ROOM, WIDTH, format};

const ID: &str = "chart-distribution";
const HEIGHT: f64 = 300.0;
/// The bins' lower edges from 1x up; below the first is "under 1x", from the last on "and over".
const EDGES: [f64; 8] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0];

/// One bin: its bounds (`None` where open) and how many tasks fall in it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bin {
    from: Option<f64>,
    to: Option<f64>,
    count: u64,
}

impl Bin {
    /// The bin in words: "under 1x", "10x to 20x", "200x and over".
    fn name(&self) -> String {
        match (self.from, self.to) {
            (None, Some(to)) => format!("under {}", format::leverage(to)),
            (Some(from), Some(to)) => format!("{} to {}", format::leverage(from), format::leverage(to)),
            (Some(from), None) => format!("{} and over", format::leverage(from)),
            (None, None) => "all".to_string(),
        }
    }
}

/// The bins for these leverages: "under 1x" only when a task is below 1x, then 1x to 2x, ...,
/// 200x and over. A task counts by its leverage as pages show it, and one on an edge in the bin
/// above: 9.95x is shown `10x`, and counted in "10x to 20x", not in a bin that ends before 10x.
fn bins(leverages: &[Leverage]) -> Vec<Bin> {
    let mut counts = [0u64; EDGES.len() + 1];
    for lev in leverages {
        // Rounded as `display::leverage` rounds; only a value within a twentieth below an edge
        // can round onto it.
        let exact = lev.get();
        let near_edge = EDGES.iter().any(|edge| exact < *edge && exact >= edge - 0.05);
        let v = if near_edge { display::rounded(exact, 1) } else { exact };
        let i = EDGES.iter().take_while(|edge| v >= **edge).count();
        counts[i] += 1;
    }
    let mut out = Vec::new();
    if counts[0] > 0 {
        out.push(Bin { from: None, to: Some(EDGES[0]), count: counts[0] });
    }
    for (i, edge) in EDGES.iter().enumerate() {
        out.push(Bin { from: Some(*edge), to: EDGES.get(i + 1).copied(), count: counts[i + 1] });
    }
    out
}

/// The distribution chart of these per-task leverages.
pub(super) fn chart(leverages: &[Leverage]) -> Option<Chart> {
    let spread = Spread::of(leverages.iter().copied())?;
    let bins = bins(leverages);
    let total = leverages.len() as u64;
    let title = "Tasks by leverage".to_string();
    let description = describe(&bins, total, spread);

    let (top, bottom) = Plot::vertical(HEIGHT, 0, true);
    let top = top + ROOM + 4.0;
    let most = bins.iter().map(|b| b.count).max().unwrap_or(0);
    let (hi, values) = scale::zero_based(most as f64, bottom - top, Y_TICK_GAP, 1.0);
    let ys = Scale::linear(0.0, hi, bottom, top);
    let y_ticks: Vec<Tick> =
        values.iter().map(|v| Tick { at: ys.at(*v), label: format::count(*v as u64) }).collect();
    let plot = Plot::new(top, bottom, &y_ticks, 12.0);
    let band = plot.width() / bins.len() as f64;
    let gap = (band * 0.12).clamp(2.0, 10.0);

    let mut svg = Svg::new(ID, &title, &description, WIDTH, HEIGHT, FONT);
    frame::y_axis(&mut svg, &plot, &y_ticks);
    frame::begin(&mut svg, "series-leverage");
    for (i, bin) in bins.iter().enumerate().filter(|(_, b)| b.count > 0) {
        let x = plot.left + i as f64 * band + gap / 2.0;
        // A bin of a task or two among thousands is a bar a pixel high at least, not none.
        let y = ys.at(bin.count as f64).min(plot.bottom - 1.0);
        let name = bin.name();
        let tasks = if bin.count == 1 { "task" } else { "tasks" };
        svg.put(format_args!(
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {} {tasks} ({})</title></rect>\n",
            N(x),
            N(y),
            N(band - gap),
            N(plot.bottom - y),
            escape(&name),
            bin.count,
            format::percent(bin.count, total),
        ));
    }
    frame::end(&mut svg);
    svg.raw("<g class=\"labels\">\n");
    for (i, bin) in bins.iter().enumerate().filter(|(_, b)| b.count > 0) {
        let x = plot.left + (i as f64 + 0.5) * band;
        svg.text(
            x,
            ys.at(bin.count as f64) - 6.0,
            (Anchor::Middle, Valign::Baseline),
            "label",
            &format::count(bin.count),
        );
    }
    svg.raw("</g>\n");
    let edges: Vec<Tick> = bins
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            b.from.map(|from| Tick { at: plot.left + i as f64 * band, label: format::leverage(from) })
        })
        .collect();
    frame::x_axis(&mut svg, &plot, edges, Some("Leverage per task"));

    let table = DataTable {
        caption: "Tasks by leverage as shown, to one decimal; each bin includes its lower bound".to_string(),
        headers: vec!["Leverage".into(), "Tasks".into(), "Share".into()],
        rows: bins
            .iter()
            .map(|b| vec![b.name(), b.count.to_string(), format::percent(b.count, total)])
            .collect(),
    };
    Some(Chart { id: ID.to_string(), title, description, svg: svg.finish(), table })
}

fn describe(bins: &[Bin], total: u64, spread: Spread) -> String {
    let median = display::leverage(spread.median);
    if total == 1 {
        return format!("One task, at {median}.");
    }
    let Some(top) = bins.iter().max_by(|a, b| a.count.cmp(&b.count).then(std::cmp::Ordering::Greater)) else {
        return String::new();
    };
    let tasks = |n: u64| display::counted(&n.to_string(), "task");
    let tied = bins.iter().filter(|b| b.count == top.count).count();
    if tied > 1 {
        // No one range is the most common: the ranges that share the top count.
        let each = format!("{} each", tasks(top.count));
        if tied == bins.iter().filter(|b| b.count > 0).count() {
            return format!("{total} tasks by leverage, {each} in {tied} ranges; the median is {median}.");
        }
        let names: Vec<String> = bins.iter().filter(|b| b.count == top.count).map(Bin::name).collect();
        let which = match &names[..] {
            [a, b] => format!("{a} and {b}"),
            [a, b, c] => format!("{a}, {b} and {c}"),
            _ => format!("{tied} ranges"),
        };
        return format!(
            "{total} tasks by leverage: the most common ranges are {which} ({each}); the median is {median}."
        );
    }
    format!(
        "{total} tasks by leverage: the most common range is {} ({}, {}); the median is {median}.",
        top.name(),
        tasks(top.count),
        format::percent(top.count, total)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use math::Minutes;

    fn lev(v: f64) -> Leverage {
        Leverage::ratio(Minutes::new(v).expect("finite"), Minutes::from(1)).expect("non-zero")
    }

    #[test]
    fn values_on_an_edge_count_in_the_bin_above() {
        let b = bins(&[lev(2.0), lev(1.94), lev(200.0), lev(5000.0)]);
        assert_eq!(b.len(), EDGES.len());
        assert_eq!((b[0].count, b[1].count, b[7].count), (1, 1, 2));
    }

    /// A task counts in the bin of its leverage as shown: 9.95x is `10x` on its page, and was
    /// counted in "5x to 10x".
    #[test]
    fn a_value_shown_on_an_edge_counts_in_the_bin_above() {
        let b = bins(&[lev(9.95), lev(1.95), lev(199.95), lev(9.94), lev(0.95)]);
        let count = |name: &str| b.iter().find(|bin| bin.name() == name).map(|bin| bin.count);
        assert_eq!(count("10x to 20x"), Some(1));
        assert_eq!(count("5x to 10x"), Some(1));
        assert_eq!(count("2x to 5x"), Some(1));
        assert_eq!(count("200x and over"), Some(1));
        assert_eq!(count("1x to 2x"), Some(1));
        assert_eq!(count("under 1x"), None);
    }

    #[test]
    fn an_under_one_bin_appears_only_when_needed() {
        let b = bins(&[lev(0.5), lev(3.0)]);
        assert_eq!(b[0].name(), "under 1x");
        assert_eq!(b[0].count, 1);
        assert_eq!(bins(&[lev(3.0)])[0].name(), "1x to 2x");
    }

    #[test]
    fn a_tie_names_no_one_range_as_the_most_common() {
        let describe_of = |values: &[f64]| {
            let tasks: Vec<Leverage> = values.iter().map(|v| lev(*v)).collect();
            describe(&bins(&tasks), tasks.len() as u64, Spread::of(tasks.iter().copied()).expect("tasks"))
        };
        assert_eq!(
            describe_of(&[1.5, 3.0]),
            "2 tasks by leverage, 1 task each in 2 ranges; the median is 2.3x."
        );
        assert_eq!(
            describe_of(&[1.5, 1.6, 3.0, 3.1, 12.0]),
            "5 tasks by leverage: the most common ranges are 1x to 2x and 2x to 5x (2 tasks each); the median is 3x."
        );
        assert_eq!(
            describe_of(&[1.5, 3.0, 3.1]),
            "3 tasks by leverage: the most common range is 2x to 5x (2 tasks, 66.7%); the median is 3x."
        );
    }
}
