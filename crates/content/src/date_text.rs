//! Dates as pages write them: `2026-02-28`, "February 28, 2026", "Feb 28, 2026".
//!
//! The same text as chrono's `format("%Y-%m-%d")`, `format("%B %-d, %Y")` and so on (a property
//! test holds them equal over chrono's whole range), without parsing a format string for every
//! date: a 10k-record build writes each date several times on several pages, and chrono's
//! `DelayedFormat` cost about 1% of it.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month's full English name: "February".
pub fn month_name(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// The month's three-letter English name: "Feb".
pub fn month_abbr(date: NaiveDate) -> &'static str {
    &month_name(date)[..3]
}

/// The year as `%Y` writes it: at least four digits, zero-padded, with a sign outside 0-9999.
pub fn push_year(out: &mut String, date: NaiveDate) {
    let year = date.year();
    match u32::try_from(year) {
        Ok(year @ 0..=9999) => push_padded(out, year, 4),
        _ => write!(out, "{year:+05}").expect("writing to a String cannot fail"),
    }
}

/// Appends `value` zero-padded to `width` digits, as `{:0width$}` writes it, with math's digit
/// writer rather than the formatting machinery (every page writes dates, several per record).
fn push_padded(out: &mut String, value: u32, width: u32) {
    let digits = value.checked_ilog10().map_or(1, |log| log + 1);
    for _ in digits..width {
        out.push('0');
    }
    math::display::push_units(out, false, u64::from(value), 0);
}

/// `2026-02-28`, as `%Y-%m-%d`.
pub fn iso(date: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_year(&mut out, date);
    out.push('-');
    push_padded(&mut out, date.month(), 2);
    out.push('-');
    push_padded(&mut out, date.day(), 2);
    out
}

/// "February 28, 2026", as `%B %-d, %Y`.
pub fn long(date: NaiveDate) -> String {
    month_day_year(month_name(date), date)
}

/// "Feb 28, 2026", as `%b %-d, %Y`.
pub fn short(date: NaiveDate) -> String {
    month_day_year(month_abbr(date), date)
}

fn month_day_year(month: &str, date: NaiveDate) -> String {
    let mut out = String::with_capacity(month.len() + 10);
    out.push_str(month);
    out.push(' ');
    math::display::push_units(&mut out, false, u64::from(date.day()), 0);
    out.push_str(", ");
    push_year(&mut out, date);
    out
}

/// The days of the week, from Monday.
pub const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The day of the week `word` names, in full or as its abbreviation (`Thu`, `Thu.`), in any
/// case: its place in `WEEKDAYS`.
pub fn weekday_named(word: &str) -> Option<usize> {
    let word = word.trim_end_matches('.');
    WEEKDAYS.iter().position(|day| {
        word.len() >= 3 && day.len() >= word.len() && day[..word.len()].eq_ignore_ascii_case(word)
    })
}

/// The date prose says (`March 12, 2026`, `Mar. 12 2026`, `Sept 12, 2026`, `12 March 2026`,
/// `12-Mar-2026`, `2026-03-12`, `2026/03/12`), also with an ordinal (`March 12th`) or a weekday
/// before it (`Thursday, March 12, 2026`). With `whole`, nothing may follow; else words may
/// (`March 12, 2026 (Evening)`), but no digit (`2026-03-123` is no date). A year before 1000 is
/// none (`March 2026` is no 20 March of the year 26: a space of a format matches none).
pub fn said_date(text: &str, whole: bool) -> Option<NaiveDate> {
    let text = text.trim();
    let text = match text.split_once(|c: char| c == ',' || c.is_whitespace()) {
        Some((word, after)) if weekday_named(word).is_some() => after.trim_start_matches([',', ' ']),
        _ => text,
    };
    // A month's abbreviation with its stop (`Mar.`), or September's of four letters (`Sept`).
    let words: Vec<String> = without_ordinals(text)
        .split(' ')
        .map(|word| {
            let bare = word.strip_suffix('.').filter(|w| w.len() >= 3 && w.chars().all(char::is_alphabetic));
            match bare.unwrap_or(word) {
                sept if sept.eq_ignore_ascii_case("sept") => "Sep".to_string(),
                other => other.to_string(),
            }
        })
        .collect();
    let text = words.join(" ");
    const FORMATS: [&str; 7] =
        ["%B %d, %Y", "%B %d %Y", "%d %B %Y", "%d %B, %Y", "%Y-%m-%d", "%Y/%m/%d", "%d-%b-%Y"];
    FORMATS.iter().find_map(|format| {
        let (date, rest) = NaiveDate::parse_and_remainder(&text, format).ok()?;
        let ends =
            if whole { rest.trim().is_empty() } else { !rest.starts_with(|c: char| c.is_ascii_digit()) };
        (ends && date.year() >= 1000).then_some(date)
    })
}

/// `text` with the ordinal's letters after a day's number taken away (`12th,` is `12,`).
fn without_ordinals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let digits = rest[start..].find(|c: char| !c.is_ascii_digit()).map_or(rest.len(), |i| start + i);
        out.push_str(&rest[..digits]);
        rest = &rest[digits..];
        let suffix = ["st", "nd", "rd", "th"].into_iter().find(|s| {
            rest.get(..2).is_some_and(|head| head.eq_ignore_ascii_case(s))
                && !rest[2..].starts_with(|c: char| c.is_alphanumeric())
        });
        if let Some(suffix) = suffix {
            rest = &rest[suffix.len()..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce()),
            // Years near the edges where the padding and the sign change: -1 to 1 and 9999 to
            // 10000 (days from the common era's start).
            (-800i32..800),
            (3_651_500i32..3_653_500),
        ]
        .prop_filter_map("a date chrono holds", NaiveDate::from_num_days_from_ce_opt)
    }

    proptest! {
        #[test]
        fn writes_what_chrono_writes(date in any_date()) {
            prop_assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
            prop_assert_eq!(long(date), date.format("%B %-d, %Y").to_string());
            prop_assert_eq!(short(date), date.format("%b %-d, %Y").to_string());
            prop_assert_eq!(month_name(date), date.format("%B").to_string());
            prop_assert_eq!(month_abbr(date), date.format("%b").to_string());
            let mut year = String::new();
            push_year(&mut year, date);
            prop_assert_eq!(year, date.format("%Y").to_string());
        }
    }

    #[test]
    fn edges() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("a real date");
        assert_eq!(iso(d(2026, 2, 8)), "2026-02-08");
        assert_eq!(long(d(2026, 2, 8)), "February 8, 2026");
        assert_eq!(short(d(999, 12, 31)), "Dec 31, 0999");
        assert_eq!(iso(d(10_000, 1, 1)), "+10000-01-01");
        assert_eq!(iso(d(-1, 1, 1)), "-0001-01-01");
    }
}
