//! The words and numbers written on charts and in their tables: tick labels, dates, hours and
//! leverage. Figures go through `math::display`, so a chart says `45.7x` and `4h 28min` exactly as
//! the rest of the site does; only axis ticks get their own compact forms (`1.2k h`, `0.05x`).

use chrono::NaiveDate;
use math::{Leverage, Minutes, display};

/// A date as written in titles and tables: "Mar 2, 2026".
pub(super) fn date(date: NaiveDate) -> String {
    content::date_text::short(date)
}

/// A leverage figure from a plain factor, by the display rule: `45.7x`.
pub(super) fn leverage(value: f64) -> String {
    match Minutes::new(value).and_then(|human| Leverage::ratio(human, Minutes::from(1))) {
        Some(lev) => display::leverage(lev),
        None => format!("{}x", display::decimal(value, 1)),
    }
}

/// A leverage tick: `1x`, `20x`, `0.5x`, `0.02x`. Ticks below 1x keep the digits that tell them
/// apart (the display rule's single decimal would write 0.02x as `0x`).
pub(super) fn leverage_tick(value: f64) -> String {
    if value > 0.0 && value < 1.0 {
        let places = (-value.log10()).ceil().max(1.0) as usize;
        format!("{}x", display::decimal(value, places))
    } else {
        leverage(value)
    }
}

/// An hours tick: `0h`, `7.5h`, `200h`, and from a thousand on `1.2k h`, `15k h`, `2M h`.
pub(super) fn hours_tick(hours: f64) -> String {
    if hours >= 1000.0 {
        format!("{} h", display::count(hours.round() as u64))
    } else {
        Minutes::new(hours * 60.0)
            .map_or_else(|| format!("{}h", display::decimal(hours, 1)), display::decimal_hours)
    }
}

/// Hours as a figure in a description or a data table, by the display rule for figures in
/// hours: `204h`, `12.5h`, and `4h 28min` where a tenth of an hour would round it (a data table
/// is the chart's figures for those who cannot see it, not a label read against an axis).
pub(super) fn hours(minutes: Minutes) -> String {
    display::hours(minutes)
}

/// A total in a chart's legend, as the stat cards beside the chart write it (`14h 13min`,
/// `204h`), so that a reader matches the two; from a thousand hours on, as the axis does
/// (`1.2k h`), where minutes would be noise and the legend has room for a short figure only.
pub(super) fn total_hours(minutes: Minutes) -> String {
    legend_total(minutes, hours)
}

/// An agent's total time in a chart's legend, as its stat card writes it (`30min`, `4h 28min`,
/// where the human-equivalent card writes hours: `7h`, `12.5h`); from a thousand hours on, as
/// the axis does (`1.2k h`).
pub(super) fn total_duration(minutes: Minutes) -> String {
    legend_total(minutes, display::duration)
}

/// `minutes` as `card` writes it, or as the axis does from a thousand hours on.
fn legend_total(minutes: Minutes, card: fn(Minutes) -> String) -> String {
    match minutes.hours() {
        h if h >= 1000.0 => hours_tick(h),
        _ => card(minutes),
    }
}

/// Hours as a label drawn on a chart, where the width is fixed: to one decimal (`4.5h`).
pub(super) fn hours_label(minutes: Minutes) -> String {
    display::decimal_hours(minutes)
}

/// A count tick or bar label: `40`, `950`, `1.2k`, `150k`.
pub(super) fn count(n: u64) -> String {
    display::count(n)
}

/// A share as a percentage with one decimal: `12.5%`, `100%`.
pub(super) fn percent(part: u64, whole: u64) -> String {
    let share = if whole == 0 { 0.0 } else { part as f64 / whole as f64 * 100.0 };
    let shown = display::decimal(share, 1);
    // A share above zero never reads as none (1 task of 15,190 is `<0.1%`), as a figure that
    // rounds to nothing is shown (`<0.1x`); nor a share short of all as all.
    match shown.as_str() {
        "0" if part > 0 => "<0.1%".to_string(),
        "100" if part < whole => ">99.9%".to_string(),
        _ => format!("{shown}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_month_day_year() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");
        assert_eq!(date(d), "Mar 2, 2026");
    }

    #[test]
    fn leverage_follows_the_display_rule() {
        assert_eq!(leverage(120.0), "120x");
        assert_eq!(leverage(12240.0 / 268.0), "45.7x");
    }

    #[test]
    fn small_leverage_ticks_keep_their_digits() {
        assert_eq!(leverage_tick(0.5), "0.5x");
        assert_eq!(leverage_tick(0.02), "0.02x");
        assert_eq!(leverage_tick(10.0), "10x");
        assert_eq!(leverage_tick(1000.0), "1000x");
    }

    #[test]
    fn hour_ticks_use_k_from_a_thousand() {
        assert_eq!(hours_tick(0.0), "0h");
        assert_eq!(hours_tick(7.5), "7.5h");
        assert_eq!(hours_tick(800.0), "800h");
        assert_eq!(hours_tick(1200.0), "1.2k h");
        assert_eq!(hours_tick(15_000.0), "15k h");
    }

    #[test]
    fn legend_totals_read_as_their_cards() {
        let minutes = |m: f64| Minutes::new(m).expect("minutes");
        assert_eq!(total_hours(minutes(420.0)), "7h");
        assert_eq!(total_duration(minutes(30.0)), "30min");
        assert_eq!(total_duration(minutes(268.0)), "4h 28min");
        assert_eq!(total_duration(minutes(72_000.0)), "1.2k h");
    }

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(0, 0), "0%");
        assert_eq!(percent(1, 15_190), "<0.1%");
        assert_eq!(percent(15_189, 15_190), ">99.9%");
        assert_eq!(percent(5, 5), "100%");
    }
}
