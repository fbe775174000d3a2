//! The hours chart: a bar of human-equivalent hours for each day of the latest weeks, or for each
//! week, month or year when there are more days than the plot has room for.

use chrono::{Days, NaiveDate};
use math::{Minutes, display};

use super::buckets::{self, Bucket, Period};
use super::dates::{self, day_number};
use super::frame::{self, Plot, Tick, Y_TICK_GAP};
use super::scale::{self, Scale};
use super::svg::{Anchor, N, Svg, Valign, escape};
use super::{Chart, DataTable, Day, FONT, MAX_POINTS, ROOM, WIDTH, format, text};

const ID: &str = "chart-hours-by-day";
const HEIGHT: f64 = 300.0;
/// Most bars drawn: bars need about two pixels each to stay apart.
const MAX_BARS: usize = MAX_POINTS / 2;

/// The hours chart of `days` (sorted, one per date) over the latest `weeks` weeks.
/// The fewest days a chart of days spans, ending with the last record's.
const MIN_DAYS: u64 = 7;

pub(super) fn chart(days: &[Day], weeks: u32) -> Option<Chart> {
    let last = days.last()?.date;
    // A site of notes alone, no task in it, has no hours to chart.
    if weeks == 0 || days.iter().all(|d| d.human.is_zero()) {
        return None;
    }
    let span = u64::from(weeks) * 7 - 1;
    // The latest `weeks` weeks, but not before the first record.
    let from = last.checked_sub_days(Days::new(span)).unwrap_or(NaiveDate::MIN).max(days[0].date);
    let period = buckets::period_for(from, last, MAX_BARS);
    let first = period.start(from);
    let shown = &days[days.partition_point(|d| d.date < first)..];
    let bars = buckets::group(shown, period);
    let total: Minutes = shown.iter().map(|d| d.human).sum();
    let with_time = shown.iter().filter(|d| !d.human.is_zero()).count();

    let weeks_text = if weeks == 1 { "the last week".to_string() } else { format!("the last {weeks} weeks") };
    let title = format!("Human-equivalent hours per {}, {weeks_text}", period.noun());
    let description = describe(&bars, period, from, last, total, with_time);

    let (top, bottom) = Plot::vertical(HEIGHT, 0, false);
    let top = top + ROOM + 4.0;
    let most = bars.iter().map(|b| b.human.hours()).fold(0.0, f64::max);
    let (hi, values) = scale::zero_based(most, bottom - top, Y_TICK_GAP, 0.1);
    let ys = Scale::linear(0.0, hi, bottom, top);
    let y_ticks: Vec<Tick> =
        values.iter().map(|v| Tick { at: ys.at(*v), label: format::hours_tick(*v) }).collect();
    let plot = Plot::new(top, bottom, &y_ticks, 12.0);
    let end = period.end(last);
    // A week of days at the least: a site of one or two days drew a bar the chart's width.
    let first = if period == Period::Day {
        first.min(end.checked_sub_days(Days::new(MIN_DAYS - 1)).unwrap_or(first))
    } else {
        first
    };
    let xs = Scale::linear(day_number(first) as f64, day_number(end) as f64 + 1.0, plot.left, plot.right);
    let x = |d: NaiveDate| xs.at(day_number(d) as f64);

    let mut svg = Svg::new(ID, &title, &description, WIDTH, HEIGHT, FONT);
    frame::y_axis(&mut svg, &plot, &y_ticks);
    frame::begin(&mut svg, "series-human");
    let band = |b: &Bucket| (x(b.start), xs.at(day_number(b.end) as f64 + 1.0));
    for b in &bars {
        let (x0, x1) = band(b);
        let gap = ((x1 - x0) * 0.2).min(3.0);
        let y = ys.at(b.human.hours());
        svg.put(format_args!(
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {}</title></rect>\n",
            N(x0 + gap / 2.0),
            N(y),
            N(x1 - x0 - gap),
            N(plot.bottom - y),
            escape(&period.label(b.start)),
            escape(&amount(period, b.human)),
        ));
    }
    frame::end(&mut svg);
    let labels: Vec<(f64, f64, String)> = bars
        .iter()
        .filter(|b| !b.human.is_zero())
        .map(|b| {
            let (x0, x1) = band(b);
            ((x0 + x1) / 2.0, ys.at(b.human.hours()) - 6.0, format::hours_label(b.human))
        })
        .collect();
    // Value labels only when none touches its neighbour's: over every bar of a week of days,
    // and over the few bars of a sparse chart, however thin (a day among eight weeks' had none).
    // A label at an end of the plot is set inside it.
    let fits = labels.windows(2).all(|pair| {
        let (a, b) = (&pair[0], &pair[1]);
        b.0 - a.0 >= (text::width(&a.2, ROOM) + text::width(&b.2, ROOM)) / 2.0 + 4.0
    });
    if fits {
        svg.raw("<g class=\"labels\">\n");
        for (lx, ly, l) in &labels {
            let half = text::width(l, ROOM) / 2.0;
            let (at, anchor) = if lx + half > plot.right {
                (plot.right, Anchor::End)
            } else if lx - half < plot.left {
                (plot.left, Anchor::Start)
            } else {
                (*lx, Anchor::Middle)
            };
            svg.text(at, *ly, (anchor, Valign::Baseline), "label", l);
        }
        svg.raw("</g>\n");
    }
    let tick_at =
        |d: NaiveDate| if period == Period::Day { x(d) + (xs.at(1.0) - xs.at(0.0)) / 2.0 } else { x(d) };
    frame::x_axis(&mut svg, &plot, dates::axis(first, end, tick_at), None);

    let table = DataTable {
        caption: caption(period, &weeks_text, from, last),
        headers: vec![period.header().to_string(), "Human-equivalent".to_string()],
        rows: bars.iter().map(|b| vec![period.label(b.start), amount(period, b.human)]).collect(),
    };
    Some(Chart { id: ID.to_string(), title, description, svg: svg.finish(), table })
}

/// A bar's amount: `4h 28min` for a day, `204h` for a longer period.
fn amount(period: Period, human: Minutes) -> String {
    if period == Period::Day { display::duration(human) } else { format::hours(human) }
}

fn describe(
    bars: &[Bucket],
    period: Period,
    first: NaiveDate,
    last: NaiveDate,
    total: Minutes,
    with_time: usize,
) -> String {
    if with_time == 0 {
        return format!("From {} to {}, no day had tasks.", format::date(first), format::date(last));
    }
    let days = if with_time == 1 { "1 day".to_string() } else { format!("{with_time} days") };
    let mut out = format!(
        "From {} to {}, {} of human-equivalent work on {days} with tasks.",
        format::date(first),
        format::date(last),
        format::hours(total)
    );
    let busiest =
        bars.iter().max_by(|a, b| a.human.get().total_cmp(&b.human.get()).then(std::cmp::Ordering::Greater));
    if let Some(b) = busiest.filter(|_| bars.len() > 1) {
        out.push_str(&format!(
            " The busiest {} was {}, with {}.",
            period.noun(),
            period.phrase(b.start),
            amount(period, b.human)
        ));
    }
    out
}

fn caption(period: Period, weeks_text: &str, first: NaiveDate, last: NaiveDate) -> String {
    match period {
        Period::Day => format!("Human-equivalent hours of each day with a record, {weeks_text}"),
        p => format!(
            "Human-equivalent hours of each {noun}, {weeks_text} ({})",
            buckets::aggregated_by(p, first, last),
            noun = p.noun()
        ),
    }
}
