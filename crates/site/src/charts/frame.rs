//! The frame every chart shares: the plot area's margins, axes with their ticks and grid lines,
//! the legend, and series drawn as lines, areas or dots.
//!
//! Positions are in the user units of a `WIDTH`-wide viewBox. Colours are never written here:
//! shapes sit in groups with the theme's classes and paint with `currentColor`.

use super::scale::{self, Scale};
use super::svg::{Anchor, N, PathData, Svg, Valign};
use super::{ROOM, WIDTH, text};

/// Space between the drawing's edge and anything in it.
pub(super) const PAD: f64 = 8.0;
/// Space between a tick label and its axis.
const TICK_GAP: f64 = 8.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 26.0;
/// Width of a legend entry's swatch.
const SWATCH: f64 = 18.0;
/// Space after a legend entry: wide enough for the width estimate's shortfall in a wide font
/// (DejaVu Sans draws "Human-equivalent (431.5h)" about 20 units wider than estimated at 18).
const LEGEND_GAP: f64 = 32.0;
/// Smallest distance between two x labels.
pub(super) const LABEL_GAP: f64 = 10.0;
/// Where the x axis's labels must end: short of the drawing's right edge.
pub(super) const X_LABELS_END: f64 = WIDTH - PAD / 2.0;
/// The dash pattern of a trend line (the theme has no rule for it).
pub(super) const TREND_DASH: &str = "2 5";
/// Smallest distance between two y ticks.
pub(super) const Y_TICK_GAP: f64 = 36.0;

/// The rectangle data is drawn in, in user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Plot {
    /// The left edge (where the y axis is).
    pub(super) left: f64,
    /// The top edge.
    pub(super) top: f64,
    /// The right edge.
    pub(super) right: f64,
    /// The bottom edge (where the x axis is).
    pub(super) bottom: f64,
}

impl Plot {
    /// The plot's top and bottom in a chart `height` tall, leaving room for `legend_rows` rows of
    /// legend above and for x tick labels (and an axis title, with `x_title`) below.
    pub(super) fn vertical(height: f64, legend_rows: usize, x_title: bool) -> (f64, f64) {
        let top =
            if legend_rows == 0 { PAD + ROOM / 2.0 } else { PAD + legend_rows as f64 * LEGEND_ROW + 10.0 };
        let below = TICK_GAP + ROOM + PAD + if x_title { ROOM + 4.0 } else { 0.0 };
        (top, height - below)
    }

    /// The plot between `top` and `bottom`, with room on the left for y labels as wide as
    /// `y_labels` need and `right_room` free on the right.
    pub(super) fn new(top: f64, bottom: f64, y_labels: &[Tick], right_room: f64) -> Plot {
        let widest = y_labels.iter().map(|t| text::width(&t.label, ROOM)).fold(0.0, f64::max);
        Plot { left: PAD + widest + TICK_GAP, top, right: WIDTH - PAD - right_room, bottom }
    }

    /// The plot's width.
    pub(super) fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// A tick: its position along the axis (in user units) and its label.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Tick {
    /// Position: x for an x axis, y for a y axis.
    pub(super) at: f64,
    /// The label.
    pub(super) label: String,
}

/// Draws horizontal grid lines at the y ticks and their labels left of the plot. Labels closer
/// than a line of text to the previous one are dropped.
/// The y scale and ticks of a leverage axis from `min` to `max` between `bottom` and `top`: log
/// (1x, 10x, 100x) when `log`, else linear from zero.
pub(super) fn leverage_axis(log: bool, min: f64, max: f64, top: f64, bottom: f64) -> (Scale, Vec<Tick>) {
    let (ys, values) = if log {
        let (lo, hi) = scale::nice_log_domain(min, max);
        let ys = Scale::log(lo, hi, bottom, top);
        (ys, ys.ticks(Y_TICK_GAP, 0.0))
    } else {
        let (hi, values) = scale::zero_based(max, bottom - top, Y_TICK_GAP, 0.1);
        (Scale::linear(0.0, hi, bottom, top), values)
    };
    let ticks =
        values.iter().map(|v| Tick { at: ys.at(*v), label: super::format::leverage_tick(*v) }).collect();
    (ys, ticks)
}

pub(super) fn y_axis(svg: &mut Svg, plot: &Plot, ticks: &[Tick]) {
    let mut grid = PathData::new();
    for t in ticks {
        grid.move_to(plot.left, t.at);
        grid.line_to(plot.right, t.at);
    }
    svg.raw("<g class=\"grid\">\n");
    svg.path("grid-line", " fill=\"none\"", &grid);
    svg.raw("</g>\n<g class=\"axis axis-y\">\n");
    let mut last: Option<f64> = None;
    for t in ticks {
        if last.is_some_and(|y: f64| (y - t.at).abs() < ROOM + 2.0) {
            continue;
        }
        svg.text(plot.left - TICK_GAP, t.at, (Anchor::End, Valign::Middle), "tick", &t.label);
        last = Some(t.at);
    }
    svg.raw("</g>\n");
}

/// Draws the x axis along the plot's bottom: the axis line, a mark at each tick and the labels
/// below, with labels that would overlap, reach left of the plot or leave the drawing dropped
/// (their marks too).
pub(super) fn x_axis(svg: &mut Svg, plot: &Plot, ticks: Vec<Tick>, title: Option<&str>) {
    // No label reaches left of the plot: the y axis's lowest label ("0h") sits there, just
    // above the first date.
    let row = text::place_row(
        ticks.into_iter().map(|t| (t.at, t.label)).collect(),
        plot.left,
        X_LABELS_END,
        LABEL_GAP,
        ROOM,
    );
    let mut d = PathData::new();
    d.move_to(plot.left, plot.bottom);
    d.line_to(plot.right, plot.bottom);
    for placed in &row {
        d.move_to(placed.at, plot.bottom);
        d.line_to(placed.at, plot.bottom + 5.0);
    }
    svg.raw("<g class=\"axis axis-x\">\n");
    svg.path("axis-line", " fill=\"none\" stroke=\"currentColor\"", &d);
    let y = plot.bottom + TICK_GAP;
    for placed in &row {
        svg.text(placed.x, y, (placed.anchor, Valign::Top), "tick", &placed.text);
    }
    if let Some(title) = title {
        svg.text(plot.right, y + ROOM + 4.0, (Anchor::End, Valign::Top), "label axis-title", title);
    }
    svg.raw("</g>\n");
}

/// What a legend entry shows next to its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Swatch {
    /// A short stroke, as the series' line (dashed where the theme dashes it).
    Line,
    /// A dot.
    Dot,
    /// A dot with a line through it.
    DotLine,
    /// A dotted stroke, as a trend line.
    Dotted,
}

/// One legend entry: the series class that colours it, its swatch and its words.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Entry {
    /// The series class (`series-human`, ...).
    pub(super) class: &'static str,
    /// The swatch drawn.
    pub(super) swatch: Swatch,
    /// The words.
    pub(super) label: String,
}

/// Where each legend entry goes when the legend starts at `PAD`: its x and its row. Entries wrap
/// to a new row when they would cross the right edge.
fn legend_layout(entries: &[Entry]) -> Vec<(f64, usize)> {
    let mut x = PAD;
    let mut row = 0;
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let w = SWATCH + 6.0 + text::width(&entry.label, ROOM);
        if x > PAD && x + w > WIDTH - PAD {
            x = PAD;
            row += 1;
        }
        out.push((x, row));
        x += w + LEGEND_GAP;
    }
    out
}

/// How many rows the legend takes.
pub(super) fn legend_rows(entries: &[Entry]) -> usize {
    legend_layout(entries).last().map_or(0, |(_, row)| row + 1)
}

/// Draws the legend across the top of the chart.
pub(super) fn legend(svg: &mut Svg, entries: &[Entry]) {
    svg.raw("<g class=\"legend\">\n");
    for (entry, (x, row)) in entries.iter().zip(legend_layout(entries)) {
        let mid = PAD + ROOM / 2.0 + row as f64 * LEGEND_ROW;
        svg.put(format_args!("<g class=\"{}\">", entry.class));
        let (x0, x1, cx) = (N(x), N(x + SWATCH), N(x + SWATCH / 2.0));
        match entry.swatch {
            Swatch::Line => svg.put(format_args!(
                "<path class=\"line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" d=\"M{x0} {m}H{x1}\"/>",
                m = N(mid)
            )),
            Swatch::Dot => svg.put(format_args!("<circle class=\"dot\" cx=\"{cx}\" cy=\"{}\" r=\"4\"/>", N(mid))),
            Swatch::Dotted => svg.put(format_args!(
                "<path class=\"line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"{TREND_DASH}\" d=\"M{x0} {m}H{x1}\"/>",
                m = N(mid)
            )),
            Swatch::DotLine => svg.put(format_args!(
                "<path class=\"line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" d=\"M{x0} {m}H{x1}\"/>\
                 <circle class=\"dot\" cx=\"{cx}\" cy=\"{m}\" r=\"3.5\"/>",
                m = N(mid)
            )),
        }
        svg.text(x + SWATCH + 6.0, mid, (Anchor::Start, Valign::Middle), "label", &entry.label);
        svg.raw("</g>\n");
    }
    svg.raw("</g>\n");
}

/// Draws a series as a line through `points` (gaps where a point is `None`). A series with a
/// single point in a run is drawn as a dot, since a line needs two.
pub(super) fn line(svg: &mut Svg, points: &[Option<(f64, f64)>]) {
    let mut d = PathData::new();
    let mut lone = Vec::new();
    for (i, point) in points.iter().enumerate() {
        match point {
            Some((x, y)) => {
                d.line_to(*x, *y);
                let before = i > 0 && points[i - 1].is_some();
                let after = points.get(i + 1).is_some_and(Option::is_some);
                if !before && !after {
                    lone.push((*x, *y));
                }
            }
            None => d.lift(),
        }
    }
    if lone.len() < points.iter().flatten().count() {
        svg.path("line", " fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"", &d);
    }
    for (x, y) in lone {
        svg.dot(x, y, 3.5);
    }
}

/// Draws the area between a series and the `baseline` y. Needs two points or more.
pub(super) fn area(svg: &mut Svg, points: &[(f64, f64)], baseline: f64) {
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return };
    if points.len() < 2 {
        return;
    }
    let mut d = PathData::new();
    d.move_to(first.0, baseline);
    for (x, y) in points {
        d.line_to(*x, *y);
    }
    d.line_to(last.0, baseline);
    d.close();
    svg.path("area", " fill-opacity=\"0.12\" stroke=\"none\"", &d);
}

/// Opens a group with a series class; close it with [`end`].
pub(super) fn begin(svg: &mut Svg, class: &str) {
    svg.put(format_args!("<g class=\"{class}\">\n"));
}

/// Closes a group.
pub(super) fn end(svg: &mut Svg) {
    svg.raw("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg() -> Svg {
        Svg::new("t", "t", "d", WIDTH, 300.0, 14.0)
    }

    #[test]
    fn a_lone_point_is_drawn_as_a_dot() {
        let mut s = svg();
        line(&mut s, &[Some((10.0, 20.0))]);
        let out = s.finish();
        assert!(out.contains("<circle class=\"dot\" cx=\"10\" cy=\"20\""));
        assert!(!out.contains("class=\"line\""));
    }

    #[test]
    fn a_gap_splits_the_line() {
        let mut s = svg();
        line(&mut s, &[Some((0.0, 0.0)), Some((1.0, 1.0)), None, Some((3.0, 3.0)), Some((4.0, 4.0))]);
        assert!(s.finish().contains("d=\"M0 0L1 1M3 3L4 4\""));
    }

    #[test]
    fn the_area_closes_on_the_baseline() {
        let mut s = svg();
        area(&mut s, &[(0.0, 5.0), (10.0, 2.0)], 50.0);
        assert!(s.finish().contains("d=\"M0 50L0 5L10 2L10 50Z\""));
    }

    #[test]
    fn a_long_legend_wraps() {
        let entry =
            |label: &str| Entry { class: "series-human", swatch: Swatch::Line, label: label.to_string() };
        assert_eq!(legend_rows(&[entry("Human"), entry("AI")]), 1);
        let long = "A very long legend entry that takes most of the width";
        assert_eq!(legend_rows(&[entry(long), entry(long)]), 2);
    }

    #[test]
    fn y_labels_make_room_on_the_left() {
        let narrow = Plot::new(20.0, 200.0, &[Tick { at: 0.0, label: "0h".into() }], 0.0);
        let wide = Plot::new(20.0, 200.0, &[Tick { at: 0.0, label: "1.2k h".into() }], 0.0);
        assert!(wide.left > narrow.left);
    }
}
