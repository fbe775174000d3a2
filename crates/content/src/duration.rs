//! Durations as writers write them: `40h`, `4h 28min`, `1h30m`, `2.5 hours`, `1.5d`, `1.0w`.
//!
//! Parses to `Minutes`. A day and a week are working ones, from the site's `WorkWeek`. This module
//! only reads text; whether a zero is allowed is for the caller (AI time must be above zero).

use math::{Minutes, WorkWeek};

use crate::{ContentError, Span};

/// The units a duration may use: how many minutes each is worth (days and weeks depend on the
/// work week) and its rank, largest unit first (`1w 2d 3h 4min`).
///
/// The unit is lowercased into a buffer on the stack, not a new `String`: every duration cell of
/// every table comes through here, and the allocation was a third of reading one.
fn unit_minutes(unit: &str, week: &WorkWeek) -> Option<(f64, u8)> {
    let mut lower = [0u8; 7];
    let lower = lower.get_mut(..unit.len())?;
    lower.copy_from_slice(unit.as_bytes());
    lower.make_ascii_lowercase();
    Some(match &*lower {
        b"m" | b"min" | b"mins" | b"minute" | b"minutes" => (1.0, 0),
        b"h" | b"hr" | b"hrs" | b"hour" | b"hours" => (60.0, 1),
        b"d" | b"day" | b"days" => (week.day_minutes(), 2),
        b"w" | b"wk" | b"wks" | b"week" | b"weeks" => (week.week_minutes(), 3),
        _ => return None,
    })
}

/// Parses a duration. `span` is the cell's place, used in the error.
pub fn parse(text: &str, week: &WorkWeek, span: Span) -> Result<Minutes, ContentError> {
    let trimmed = text.trim();
    let bad = || ContentError::BadDuration { found: trimmed.to_string(), span };
    if let Some(rest) = trimmed.strip_prefix(['-', '−'])
        && parse(rest, week, span).is_ok_and(|m| !m.is_zero())
    {
        return Err(ContentError::NegativeDuration { found: trimmed.to_string(), span });
    }
    let mut rest = trimmed;
    let mut total = 0.0f64;
    let mut parts = 0;
    // The rank of the last unit: each part's unit is smaller than the one before, so `1h 1h` and
    // `30min 1h` (typos, not durations anyone writes) are refused.
    let mut last_rank = u8::MAX;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(bad());
        }
        let value: f64 = number.parse().map_err(|_| bad())?;
        rest = rest[number_len..].trim_start();
        let unit_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let (minutes, rank) = unit_minutes(&rest[..unit_len], week).ok_or_else(bad)?;
        if rank >= last_rank {
            return Err(bad());
        }
        last_rank = rank;
        rest = rest[unit_len..].trim_start_matches([' ', ',', '\t']);
        total += value * minutes;
        parts += 1;
    }
    if parts == 0 {
        return Err(bad());
    }
    Minutes::new(total).ok_or(ContentError::HugeDuration { found: trimmed.to_string(), span })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileId;
    use proptest::prelude::*;

    fn span() -> Span {
        Span::file_start(FileId(0))
    }

    fn minutes(text: &str) -> f64 {
        parse(text, &WorkWeek::default(), span()).expect("a valid duration").get()
    }

    #[test]
    fn reads_every_format_of_the_contract() {
        assert_eq!(minutes("40h"), 2400.0);
        assert_eq!(minutes("60.0h"), 3600.0);
        assert_eq!(minutes("20min"), 20.0);
        assert_eq!(minutes("35m"), 35.0);
        assert_eq!(minutes("8.6m"), 8.6);
        assert_eq!(minutes("4h 28min"), 268.0);
        assert_eq!(minutes("1h30m"), 90.0);
        assert_eq!(minutes("1.5h"), 90.0);
        assert_eq!(minutes("2.5 hours"), 150.0);
        assert_eq!(minutes("90 minutes"), 90.0);
        assert_eq!(minutes("45 min"), 45.0);
        assert_eq!(minutes("1 hr"), 60.0);
        assert_eq!(minutes("1.5d"), 720.0);
        assert_eq!(minutes("1.0w"), 2400.0);
        assert_eq!(minutes("0min"), 0.0);
    }

    #[test]
    fn units_are_read_in_any_case_and_only_whole() {
        assert_eq!(minutes("2 HOURS"), 120.0);
        assert_eq!(minutes("1H 30Min"), 90.0);
        assert_eq!(minutes("1 Week"), 2400.0);
        for text in ["1 minutesx", "1 hourss", "1 mi", "5 µs", "1 h\u{0130}"] {
            assert!(parse(text, &WorkWeek::default(), span()).is_err(), "{text}");
        }
    }

    #[test]
    fn days_and_weeks_follow_the_work_week() {
        let week = WorkWeek { hours_per_day: 6.0, days_per_week: 4.0 };
        assert_eq!(parse("1d", &week, span()).map(Minutes::get), Ok(360.0));
        assert_eq!(parse("1w", &week, span()).map(Minutes::get), Ok(1440.0));
    }

    #[test]
    fn refuses_text_that_is_no_duration() {
        for text in ["", "soon", "40", "h", "4h 28", "1..5h", "4x", "3 parsecs", ". h"] {
            let err = parse(text, &WorkWeek::default(), span()).expect_err(text);
            assert!(matches!(err, ContentError::BadDuration { .. }), "{text}: {err:?}");
        }
    }

    #[test]
    fn refuses_repeated_or_rising_units() {
        for text in ["1h 1h", "30min 1h", "1h 2d", "5min 5m"] {
            assert!(parse(text, &WorkWeek::default(), span()).is_err(), "{text}");
        }
        assert_eq!(minutes("1w 2d 3h 4min"), 2400.0 + 960.0 + 180.0 + 4.0);
    }

    #[test]
    fn refuses_negative_durations() {
        let err = parse("-5min", &WorkWeek::default(), span()).expect_err("negative");
        assert_eq!(err.to_string(), "expected a duration of zero or more, found the negative `-5min`");
    }

    #[test]
    fn refuses_absurdly_large_durations() {
        let text = format!("1{}h", "0".repeat(308));
        let err = parse(&text, &WorkWeek::default(), span()).expect_err("too large");
        assert!(matches!(err, ContentError::HugeDuration { .. }));
    }

    #[test]
    fn parsed_durations_sum_to_the_decimal_total() {
        let parse = |text: &str| parse(text, &WorkWeek::default(), span()).expect("a valid duration");
        assert_eq!(parse("2.1min") + parse("2.7min"), parse("4.8min"));
        assert_eq!(minutes("0.3h"), 18.0);
        assert_eq!(minutes("1.33h"), 79.8);
    }

    #[test]
    fn reads_tiny_durations() {
        assert_eq!(minutes("0.0001min"), 0.0001);
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let _ = parse(&text, &WorkWeek::default(), span());
        }

        #[test]
        fn display_parses_back(m in 0u32..500_000) {
            let shown = math::display::duration(Minutes::from(m));
            prop_assert_eq!(parse(&shown, &WorkWeek::default(), span()), Ok(Minutes::from(m)));
        }

        #[test]
        fn hours_and_minutes_add_up(h in 0u32..1000, m in 0u32..60) {
            prop_assert_eq!(minutes(&format!("{h}h {m}min")), f64::from(h * 60 + m));
            prop_assert_eq!(minutes(&format!("{h}h{m}m")), f64::from(h * 60 + m));
        }
    }
}
