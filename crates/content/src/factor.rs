//! Stated factors and numbers: `120x`, `53.3x`, `4.8×`, and bare numbers such as a Weeks cell
//! (`0.7`). They are kept as `Stated`, with the precision they were written at, and never used as
//! figures.

use math::Stated;

use crate::tokens::is_unknown;

/// Reads a number with an optional trailing `x` or `×` (and an optional leading `~`), or `None` for
/// text that is not one. `Some(None)` is an unknown (empty) cell.
pub fn parse(text: &str) -> Option<Option<Stated>> {
    if is_unknown(text) {
        return Some(None);
    }
    if text.trim_start().starts_with('<') {
        let trimmed = text.trim();
        return below(trimmed.strip_suffix(['x', 'X', '×']).unwrap_or(trimmed)).map(Some);
    }
    let approx = text.trim().starts_with('~');
    let trimmed = text.trim().trim_start_matches('~').trim();
    let number = trimmed.strip_suffix(['x', 'X', '×']).unwrap_or(trimmed).trim_end();
    number_of(number).map(|n| Some(if approx { n.approximate() } else { n }))
}

/// Reads `<0.1`, as pages show a factor or a count of weeks above zero that rounds to nothing,
/// as a 0 written to that digit: it matches what rounds to it. Only one unit of the last digit
/// (`<0.1`, `<1`) says so.
pub fn below(text: &str) -> Option<Stated> {
    let number = number_of(text.trim().strip_prefix('<')?.trim())?;
    let unit = 10f64.powi(-i32::from(number.decimals));
    ((number.value - unit).abs() < unit * 1e-6).then(|| Stated::below(number.decimals))
}

/// Reads a Weeks cell: `Some(None)` for an unknown count (empty, `-`, `?`), a plain number
/// (`0.7`) or one as pages show it below a tenth (`<0.1`), either with the week's unit after it
/// (`1.0w`, `2 weeks`, as a duration cell writes a week) and a leading `~` for an approximate one
/// (`~1`); `None` for anything else.
pub fn weeks(text: &str) -> Option<Option<Stated>> {
    if is_unknown(text) {
        return Some(None);
    }
    let trimmed = text.trim();
    let (approx, rest) = match trimmed.strip_prefix('~') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let number = without_week_unit(rest);
    let stated = number_of(number).or_else(|| below(number))?;
    Some(Some(if approx { stated.approximate() } else { stated }))
}

/// `text` without a trailing week unit (any word a duration cell reads as weeks: `w`, `wk`,
/// `weeks` ..., after the number or a space), or `text` itself.
fn without_week_unit(text: &str) -> &str {
    let number = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &text[number.len()..];
    if !unit.is_empty() && crate::duration::unit_name(unit) == Some("w") { number.trim_end() } else { text }
}

/// Reads a plain decimal number (`12`, `0.7`, `1,234.5`) with its count of decimals.
pub fn number_of(text: &str) -> Option<Stated> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    // Commas group thousands (`1,234.5`); `24,0` is a decimal comma, not 240.
    let grouped_ok = crate::tokens::valid_integer(int);
    let has_int_digit = int.bytes().any(|b| b.is_ascii_digit());
    if (!has_int_digit && frac.is_empty()) || !grouped_ok || !digits_ok(frac) {
        return None;
    }
    // Digits and at most one point: the standard parser reads the text as it is (`.5` and `5.`
    // included) once the group separators are out.
    let value: f64 = if int.contains(',') {
        text.bytes().filter(|b| *b != b',').map(char::from).collect::<String>().parse().ok()?
    } else {
        text.parse().ok()?
    };
    let decimals = u8::try_from(frac.len()).ok()?;
    value.is_finite().then_some(Stated::new(value, decimals))
}

/// What to write instead of a stated factor that does not read, when the slip is a common one:
/// a decimal comma (`24,0x`), the `x` written first (`x24`), a percentage (`2400%`), the word
/// (`24 times`), or a letter of another script that looks like a Latin one.
pub fn hint(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let pointed = crate::duration::decimal_point(trimmed);
    if pointed != trimmed && parse(&pointed).is_some() {
        return Some(format!("a decimal is written with a point; did you mean `{pointed}`?"));
    }
    let reads = |written: &str| matches!(parse(written), Some(Some(_)));
    // A number as the factor it means (`24` as `24x`).
    let as_factor = |number: &str| {
        let number = number.trim();
        let written = format!("{number}x");
        (number_of(number).is_some() && reads(&written)).then_some(written)
    };
    // `x24`, `×24`: the mark after the number.
    if let Some(written) = trimmed.strip_prefix(['x', 'X', '×']).and_then(as_factor) {
        return Some(format!("a factor's `x` follows its number; did you mean `{written}`?"));
    }
    // `2400%`: a percentage of the agent's time, a hundred times the factor.
    if let Some(rest) = trimmed.strip_suffix('%')
        && let Some(percent) = number_of(rest.trim())
    {
        let written = format!("{}x", math::display::decimal(percent.value / 100.0, 1));
        if reads(&written) {
            return Some(format!(
                "a factor is written with an `x`, not as a percentage; did you mean `{written}`?"
            ));
        }
    }
    // `24 times`, `24 fold`, `24-fold`.
    let lower = trimmed.to_ascii_lowercase();
    for word in [" times", "times", " fold", "-fold", "fold"] {
        if let Some(written) = lower.strip_suffix(word).and_then(as_factor) {
            return Some(format!("a factor is written with an `x`; did you mean `{written}`?"));
        }
    }
    crate::duration::lookalike_hint(trimmed, reads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_weeks_cell_may_say_its_unit_and_be_approximate() {
        let weeks = |text: &str| weeks(text).flatten().map(|s| (s.value, s.decimals, s.approx, s.below));
        assert_eq!(weeks("0.7"), Some((0.7, 1, false, false)));
        assert_eq!(weeks("1.0w"), Some((1.0, 1, false, false)));
        assert_eq!(weeks(" 2 weeks "), Some((2.0, 0, false, false)));
        assert_eq!(weeks("1 Week"), Some((1.0, 0, false, false)));
        assert_eq!(weeks("0.5 wks"), Some((0.5, 1, false, false)));
        assert_eq!(weeks("~1"), Some((1.0, 0, true, false)));
        assert_eq!(weeks("~ 0.7wk"), Some((0.7, 1, true, false)));
        assert_eq!(weeks("<0.1w").map(|w| w.3), Some(true));
        for not_weeks in ["w", "weeks", "1.0x", "40h", "1d", "~", "1 w w", "é"] {
            assert_eq!(weeks(not_weeks), None, "{not_weeks}");
        }
        assert_eq!(super::weeks("-"), Some(None));
    }

    #[test]
    fn a_common_slip_of_a_factor_is_told_what_to_write() {
        for (text, said) in [
            ("24,0x", "did you mean `24.0x`?"),
            ("x24", "a factor's `x` follows its number; did you mean `24x`?"),
            ("×4.5", "did you mean `4.5x`?"),
            ("2400%", "not as a percentage; did you mean `24x`?"),
            ("245%", "did you mean `2.5x`?"),
            ("24 times", "a factor is written with an `x`; did you mean `24x`?"),
            ("24-fold", "did you mean `24x`?"),
            ("24х", "a Cyrillic letter that looks like the Latin `x`; did you mean `24x`?"),
        ] {
            let hint = hint(text).unwrap_or_default();
            assert!(hint.ends_with(said), "{text}: {hint}");
        }
        for text in ["soon", "x", "%", "times", "xx24"] {
            assert_eq!(hint(text), None, "{text}");
        }
    }

    #[test]
    fn reads_factors_with_their_precision() {
        assert_eq!(parse("120x"), Some(Some(Stated::new(120.0, 0))));
        assert_eq!(parse("53.3x"), Some(Some(Stated::new(53.3, 1))));
        assert_eq!(parse("4.8×"), Some(Some(Stated::new(4.8, 1))));
        assert_eq!(parse("800.0x"), Some(Some(Stated::new(800.0, 1))));
        assert_eq!(parse("0.7"), Some(Some(Stated::new(0.7, 1))));
        assert_eq!(parse("~45 x"), Some(Some(Stated::new(45.0, 0).approximate())));
    }

    #[test]
    fn a_factor_below_the_last_digit_reads_back_as_pages_show_it() {
        assert_eq!(parse("<0.1x"), Some(Some(Stated::below(1))));
        assert_eq!(parse("< 0.1 ×"), Some(Some(Stated::below(1))));
        assert_eq!(parse("<0.1"), Some(Some(Stated::below(1))), "a Weeks cell as pages show it");
        assert_eq!(parse("<1x"), Some(Some(Stated::below(0))));
        assert_ne!(parse("0.0x"), parse("<0.1x"), "shown as written");
        let below = parse("<0.1x").flatten().expect("read");
        assert!(below.matches(0.04) && below.matches(0.0) && !below.matches(0.06));
        // Only one unit of the last digit says "rounds to nothing".
        assert_eq!(parse("<0.5x"), None);
        assert_eq!(parse("<2x"), None);
        assert_eq!(parse("<x"), None);
        assert_eq!(parse("~<0.1x"), None);
    }

    #[test]
    fn empty_is_unknown_and_words_are_not_factors() {
        assert_eq!(parse(""), Some(None));
        assert_eq!(parse("—"), Some(None));
        assert_eq!(parse("fast"), None);
        assert_eq!(parse("x"), None);
        assert_eq!(parse("-3x"), None);
    }

    #[test]
    fn a_decimal_comma_is_no_thousands_separator() {
        assert_eq!(parse("24,0x"), None);
        assert_eq!(
            hint("24,0x").as_deref(),
            Some("a decimal is written with a point; did you mean `24.0x`?")
        );
        assert_eq!(parse("1,234.5x"), Some(Some(Stated::new(1234.5, 1))));
        assert_eq!(parse("12,34x"), None);
        assert_eq!(hint("fast"), None);
    }

    /// `number_of` as first written: the digits rebuilt as `int.frac` and parsed; commas only
    /// between groups of three digits after a first group of one to three.
    fn number_by_text(text: &str) -> Option<Stated> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let groups: Vec<&str> = int.split(',').collect();
        let grouped = groups.len() == 1
            || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3));
        let int_digits: String = int.chars().filter(|c| *c != ',').collect();
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int_digits.is_empty() && frac.is_empty())
            || !grouped
            || !digits_ok(&int_digits)
            || !digits_ok(frac)
        {
            return None;
        }
        let value: f64 =
            format!("{}.{}", if int_digits.is_empty() { "0" } else { &int_digits }, frac).parse().ok()?;
        let decimals = u8::try_from(frac.len()).ok()?;
        value.is_finite().then_some(Stated::new(value, decimals))
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,24}") {
            let _ = parse(&text);
        }

        #[test]
        fn numbers_read_as_by_their_text_definition(text in "[0-9,.]{0,12}|[0-9,.a-z -]{0,8}|\\PC{0,8}") {
            prop_assert_eq!(number_of(&text), number_by_text(&text));
        }
    }
}
