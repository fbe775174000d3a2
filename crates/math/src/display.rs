//! Display rules: how figures are written on every page, feed and terminal.
//!
//! Leverage to one decimal with a trailing `.0` dropped (`120x`, `53.3x`), durations as `Xh Ymin`
//! with zero parts dropped (`204h`, `4h 28min`, `20min`), tokens to three significant digits
//! (`850`, `45k`, `1.23M`) with `~` when approximate. Rounding is half away from zero on the
//! decimal value as written by the shortest round-trip form, so 4.85 shows 4.9 even though the
//! binary number is 4.8499…

use crate::{Leverage, Minutes, Tokens};

/// A leverage factor: `45.7x`.
pub fn leverage(value: Leverage) -> String {
    let mut text = String::with_capacity(8);
    push_leverage(&mut text, value);
    text
}

/// Appends `leverage(value)` to `text`.
fn push_leverage(text: &mut String, value: Leverage) {
    let start = text.len();
    push_decimal(text, value.get(), 1);
    // Above zero but under 0.05x (a minute's task against days of agent time): `<0.1x`, as a
    // duration under a tenth of a minute is `<0.1min`, so a leverage never reads as none.
    if &text[start..] == "0" && value.get() > 0.0 {
        text.truncate(start);
        text.push_str("<0.1x");
        return;
    }
    text.push('x');
}

/// A duration: `4h 28min`, `204h`, `20min`, `8.6min`, `0min`. Minutes are shown to one decimal;
/// a duration above zero that would round to `0min` is `<0.1min`, so a real time never reads as
/// none beside the leverage computed from it (`0.04min`, 3000x).
pub fn duration(value: Minutes) -> String {
    let tenths = tenths(value.get());
    if tenths == 0 && value.get() > 0.0 {
        return BELOW_A_TENTH.to_string();
    }
    let (hours, rest) = (tenths / 600, tenths % 600);
    let mut text = String::with_capacity(16);
    if hours > 0 {
        push_units(&mut text, false, hours, 0);
        text.push('h');
        if rest == 0 {
            return text;
        }
        text.push(' ');
    }
    if rest.is_multiple_of(10) {
        push_units(&mut text, false, rest / 10, 0);
    } else {
        push_units(&mut text, false, rest, 1);
    }
    text.push_str("min");
    text
}

/// What a duration above zero shows when a tenth of a minute is too coarse for it.
const BELOW_A_TENTH: &str = "<0.1min";

/// Whole minutes with the unit, as the sample writes AI time: `268min` (`<0.1min` as `duration`).
pub fn minutes(value: Minutes) -> String {
    // Only a time below 0.05min can round to none: the common case costs one comparison.
    if value.get() < 0.05 && value.get() > 0.0 && tenths(value.get()) == 0 {
        return BELOW_A_TENTH.to_string();
    }
    let mut text = decimal(value.get(), 1);
    text.push_str("min");
    text
}

/// Hours with the unit, when a tenth of an hour says them exactly: `204h`, `7.5h`; any other
/// duration as `duration` writes it (`52h 58min`), never rounded to `53h` beside the same figure
/// written exactly elsewhere on a page.
pub fn hours(value: Minutes) -> String {
    // A tenth of an hour is six minutes: 6,000,000 millionths.
    if value.millionths() % 6_000_000.0 == 0.0 { decimal_hours(value) } else { duration(value) }
}

/// Hours with the unit, to one decimal: `204h`, `7.5h`, `53h` for 52h 58min. For chart labels,
/// where the width is fixed and the figure is read against an axis.
pub fn decimal_hours(value: Minutes) -> String {
    let mut text = decimal(value.hours(), 1);
    text.push('h');
    text
}

/// A token count to three significant digits: `850`, `45k`, `120k`, `1.23M`, `~1.23M`.
pub fn tokens(value: Tokens) -> String {
    let mut text = String::with_capacity(8);
    if value.approx {
        text.push('~');
    }
    push_count(&mut text, value.count);
    text
}

/// `n` whole, with its thousands apart (`1,000,000,000`).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A count to three significant digits with a k, M, B or T suffix.
pub fn count(n: u64) -> String {
    let mut text = String::with_capacity(8);
    push_count(&mut text, n);
    text
}

/// Appends `count(n)`.
fn push_count(text: &mut String, n: u64) {
    if n < 1000 {
        push_units(text, false, n, 0);
        return;
    }
    let digits = n.ilog10() + 1;
    let cut = 10u64.pow(digits - 3);
    // Round half up on the integer: exact, no floating point involved.
    let mut kept = n / cut + u64::from(n % cut >= cut / 2);
    let mut exponent = digits - 3;
    if kept == 1000 {
        kept = 100;
        exponent += 1;
    }
    const UNITS: [&str; 5] = ["", "k", "M", "B", "T"];
    let group = exponent.div_ceil(3).min(4);
    // `kept` holds three significant digits; place the decimal point for the unit, dropping the
    // fraction's trailing zeros.
    let shift = i64::from(group * 3) - i64::from(exponent);
    if shift <= 0 {
        push_units(text, false, kept * 10u64.pow((-shift) as u32), 0);
    } else {
        let mut places = shift as usize;
        while places > 0 && kept.is_multiple_of(10) {
            kept /= 10;
            places -= 1;
        }
        push_units(text, false, kept, places);
    }
    text.push_str(UNITS[group as usize]);
}

/// `work(value)` with its unit, singular for exactly one: `0.9 working days`, `1 week`,
/// `<0.1 weeks`. The pieces are joined into one allocation of the exact size (pages write ten
/// such a record).
pub fn work_in(value: f64, unit: &str) -> String {
    counted(&work(value), unit)
}

/// A number as shown (`1`, `0.25`, `<0.1`) and its unit, singular for exactly `1`: `1 week`,
/// `0.25 weeks`.
pub fn counted(number: &str, unit: &str) -> String {
    // About one is one too (`~1 week`).
    let one = number.strip_prefix('~').unwrap_or(number) == "1";
    [number, " ", unit, if one { "" } else { "s" }].concat()
}

/// An amount of work in working days or weeks, to a tenth: `0.7`, `12.4`; above zero but under
/// a twentieth, `<0.1`, so that half an hour's work never reads as none.
pub fn work(value: f64) -> String {
    if value > 0.0 && value < 0.05 { "<0.1".to_string() } else { decimal(value, 1) }
}

/// A number rounded half away from zero to `places` decimals, trailing zeros (and a bare point)
/// dropped: `decimal(4.85, 1)` is `4.9`, `decimal(120.0, 1)` is `120`.
pub fn decimal(value: f64, places: usize) -> String {
    let mut text = String::with_capacity(24);
    push_decimal(&mut text, value, places);
    text
}

/// Appends `decimal(value, places)` to `text`. A value rounded as a number drops its trailing
/// zeros as digits of the number: taking them off its text was most of a leverage's cost, and
/// a record's figures write tens of them. A value that is not finite is not one `round_units`
/// rounds: it goes to `round_text` with the others.
fn push_decimal(text: &mut String, value: f64, places: usize) {
    if let Some((negative, mut units)) = round_units(value, places) {
        let mut places = places;
        while places > 0 && units % 10 == 0 {
            units /= 10;
            places -= 1;
        }
        // `push_units` writes no sign on zero: `-0.04` is `0`.
        push_units(text, negative, units, places);
        return;
    }
    let mut rounded = round_text(value, places);
    if rounded.contains('.') {
        let kept = rounded.trim_end_matches('0').trim_end_matches('.').len();
        rounded.truncate(kept);
    }
    text.push_str(if rounded == "-0" { "0" } else { &rounded });
}

/// A stated figure as it was written, to its own decimals, with `suffix`: `~45x`, `4.85x`,
/// `<0.1x`, `0.70`.
pub fn stated(stated: crate::Stated, suffix: &str) -> String {
    let about = if stated.approx { "~" } else { "" };
    let decimals = usize::from(stated.decimals);
    if stated.below {
        return format!("{about}{}{suffix}", below_one_unit(decimals));
    }
    format!("{about}{}{suffix}", fixed(stated.value, decimals))
}

/// One unit of the last of `places` decimals with `<`: `<0.1`, `<0.01`, `<1`; what a figure
/// above zero that rounds to none is shown as.
fn below_one_unit(places: usize) -> String {
    format!("<{}", fixed(10f64.powi(-(places as i32)), places))
}

/// `value` rounded as `decimal` shows it (half away from zero on the decimal value), as a number:
/// what a figure is where a page's reader sees it (9.95 is 10 at one place), for a chart that
/// sorts figures into ranges by what is shown.
pub fn rounded(value: f64, places: usize) -> f64 {
    match round_units(value, places) {
        Some((negative, units)) => {
            let magnitude = units as f64 / [1.0, 10.0, 100.0, 1000.0][places];
            if negative { -magnitude } else { magnitude }
        }
        // Near a rounding boundary the digits decide, as they do for the text.
        None => decimal(value, places).parse().unwrap_or(value),
    }
}

/// A number rounded half away from zero to exactly `places` decimals: `fixed(0.7, 2)` is `0.70`.
pub fn fixed(value: f64, places: usize) -> String {
    round_text(value, places)
}

/// `fixed`, but a figure above zero that rounds to none at `places` is one unit of its last
/// digit with `<` (`<0.1`, `<0.01`), as leverage and times show it: a positive figure never reads
/// as zero.
pub fn fixed_above_zero(value: f64, places: usize) -> String {
    let text = round_text(value, places);
    if value > 0.0 && text.bytes().all(|b| b == b'0' || b == b'.') {
        return below_one_unit(places);
    }
    text
}

/// Rounds the shortest round-trip decimal form of `value` to `places` decimals (this runs for
/// every figure of every page).
///
/// Rounding the binary value gives the same digits as rounding its shortest decimal form unless
/// the value lies within a few units in the last place of a rounding boundary (4.85 is really
/// 4.8499…); such values, and ones too large to scale exactly, go digit by digit through
/// `round_digits`, the others are rounded as numbers.
fn round_text(value: f64, places: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let Some((negative, units)) = round_units(value, places) else { return round_digits(value, places) };
    let mut text = String::with_capacity(24);
    push_units(&mut text, negative, units, places);
    text
}

/// 2^52: every integer below it is an exact f64, and converting a float below it to an integer
/// gives its whole part exactly.
const EXACT: f64 = 4_503_599_627_370_496.0;

/// `value` rounded half away from zero to `places` decimals as a whole number of units
/// (`4.86`, 1 → 49) with its sign, when rounding the binary value is exact: `None` near a
/// rounding boundary, for large values and for more than three places.
fn round_units(value: f64, places: usize) -> Option<(bool, u64)> {
    let scale = [1.0, 10.0, 100.0, 1000.0].get(places)?;
    let scaled = value.abs() * scale;
    if !scaled.is_finite() || scaled >= EXACT {
        return None;
    }
    // The whole part by a conversion, exact below 2^52, and so the fraction: `trunc` and `fract`
    // are calls into libm where the target has no SSE4.1 (x86_64's baseline has not).
    let whole = scaled as u64;
    let fraction = scaled - whole as f64;
    if (fraction - 0.5).abs() <= 1e-9 * scaled.max(1.0) {
        return None;
    }
    Some((value.is_sign_negative(), whole + u64::from(fraction > 0.5)))
}

/// `value.round() as i64` (half away from zero; saturating, NaN as 0) without `round`'s call
/// into libm below 2^52, where converting gives the whole part exactly: chart coordinates are
/// rounded tens of thousands of times a build.
pub fn round_to_i64(value: f64) -> i64 {
    if value.is_nan() || value.abs() >= EXACT {
        return value.round() as i64;
    }
    let whole = value as i64;
    let fraction = value - whole as f64;
    whole + i64::from(fraction >= 0.5) - i64::from(fraction <= -0.5)
}

/// Appends `units` with a decimal point before its last `places` digits (see `units_text`),
/// in one copy (pushed a character at a time they cost 1.1% of a build's instructions).
pub fn push_units(text: &mut String, negative: bool, units: u64, places: usize) {
    text.push_str(units_text(&mut [0; UNITS_BUF], negative, units, places));
}

/// Room for the longest `units_text`: twenty digits, up to eight places with their padding and
/// point, and a sign.
pub const UNITS_BUF: usize = 32;

/// `units` with a decimal point before its last `places` digits (zero-padded: 5 with 2 places is
/// `0.05`) and a minus sign when `negative` and not zero, written right to left into `buf`
/// without the formatting machinery: figures and chart coordinates are written tens of thousands
/// of times per build. `places` above eight is taken as eight.
///
/// The bytes are not checked to be UTF-8: they are ASCII by construction, and the check
/// (`str::from_utf8`, made for long texts) cost as much as writing them, 2.2% of a build's
/// instructions (callgrind, 1k bench site).
pub fn units_text(buf: &mut [u8; UNITS_BUF], negative: bool, units: u64, places: usize) -> &str {
    let bytes = units_bytes(buf, negative, units, places);
    debug_assert!(bytes.is_ascii());
    // SAFETY: `units_bytes` writes only ASCII digits, `.` and `-`, and ASCII is UTF-8.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

/// `00` to `99`, each two digits.
const DIGIT_PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// `units_text` as its ASCII bytes, for a writer of bytes (no check that they are UTF-8).
#[inline]
pub fn units_bytes(buf: &mut [u8; UNITS_BUF], negative: bool, units: u64, places: usize) -> &[u8] {
    let places = places.min(8);
    let mut at = buf.len();
    let mut rest = units;
    for _ in 0..places {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    if places > 0 {
        at -= 1;
        buf[at] = b'.';
    }
    // At least one digit before the point; two at a time, from a table (half the divisions).
    while rest >= 100 {
        let pair = usize::try_from(rest % 100).unwrap_or(0) * 2;
        rest /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if rest >= 10 {
        let pair = usize::try_from(rest).unwrap_or(0) * 2;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + rest as u8;
    }
    if negative && units != 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

/// `round_text` digit by digit on the shortest round-trip decimal form, in one string.
fn round_digits(value: f64, places: usize) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(24);
    write!(text, "{}", value.abs()).expect("writing to a String cannot fail");
    let mut digits = text.into_bytes();
    let int_len = match digits.iter().position(|b| *b == b'.') {
        Some(point) => {
            digits.remove(point);
            point
        }
        None => digits.len(),
    };
    let end = int_len + places;
    let round_up = digits.get(end).is_some_and(|d| *d >= b'5');
    digits.resize(end, b'0');
    let mut int_len = int_len;
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                int_len += 1;
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    if value.is_sign_negative() && digits.iter().any(|d| *d != b'0') {
        digits.insert(0, b'-');
        int_len += 1;
    }
    if places > 0 {
        digits.insert(int_len, b'.');
    }
    String::from_utf8(digits).expect("ASCII digits")
}

/// Tenths of a minute, rounded on the decimal value.
fn tenths(minutes: f64) -> u64 {
    if let Some((_, units)) = round_units(minutes, 1) {
        return units;
    }
    round_digits(minutes, 1)
        .bytes()
        .filter(u8::is_ascii_digit)
        .try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_figure_is_shown_as_it_was_written() {
        use crate::Stated;
        assert_eq!(stated(Stated::new(4.85, 2), "x"), "4.85x");
        assert_eq!(stated(Stated::new(0.7, 2), ""), "0.70");
        assert_eq!(stated(Stated::new(45.0, 0).approximate(), "x"), "~45x");
        assert_eq!(stated(Stated::below(1), "x"), "<0.1x");
        assert_eq!(stated(Stated::below(2), ""), "<0.01");
        assert_eq!(stated(Stated::below(0), "x"), "<1x");
        // A 0 written as such is not a figure below the last digit.
        assert_eq!(stated(Stated::new(0.0, 1), "x"), "0.0x");
    }

    #[test]
    fn work_in_a_unit_is_singular_for_exactly_one() {
        assert_eq!(work_in(1.0, "working day"), "1 working day");
        assert_eq!(work_in(0.5, "week"), "0.5 weeks");
        assert_eq!(work_in(11.0, "week"), "11 weeks");
        assert_eq!(work_in(0.025, "week"), "<0.1 weeks");
        assert_eq!(work_in(1.04, "week"), "1 week", "as it reads");
        assert_eq!(counted("1", "week"), "1 week");
        assert_eq!(
            (counted("~1", "week"), counted("~1.5", "week")),
            ("~1 week".to_string(), "~1.5 weeks".to_string())
        );
        assert_eq!(counted("1.00", "week"), "1.00 weeks", "as written: a stated figure keeps its decimals");
    }

    #[test]
    fn work_under_a_twentieth_of_a_day_or_week_is_not_none() {
        assert_eq!(work(0.0125), "<0.1");
        assert_eq!(work(0.0), "0");
        assert_eq!(work(0.05), "0.1");
        assert_eq!(work(12.44), "12.4");
    }

    use proptest::prelude::*;

    /// `count` as first written, through formatted text: the definition the digit writer keeps.
    fn count_by_text(n: u64) -> String {
        if n < 1000 {
            return n.to_string();
        }
        let digits = n.ilog10() + 1;
        let cut = 10u64.pow(digits - 3);
        let mut kept = n / cut + u64::from(n % cut >= cut / 2);
        let mut exponent = digits - 3;
        if kept == 1000 {
            kept = 100;
            exponent += 1;
        }
        const UNITS: [&str; 5] = ["", "k", "M", "B", "T"];
        let group = exponent.div_ceil(3).min(4);
        let shift = i64::from(group * 3) - i64::from(exponent);
        let scaled = if shift <= 0 {
            (kept * 10u64.pow((-shift) as u32)).to_string()
        } else {
            let text = format!("{kept:0width$}", width = shift as usize + 1);
            let (int, frac) = text.split_at(text.len() - shift as usize);
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") }
        };
        format!("{scaled}{}", UNITS[group as usize])
    }

    fn lev(value: f64) -> Leverage {
        Leverage::ratio(Minutes::new(value).expect("finite"), Minutes::from(1)).expect("non-zero")
    }

    #[test]
    fn a_leverage_above_zero_never_reads_as_none() {
        // A minute's task against 1,000 hours of agent time.
        let tiny = Leverage::ratio(Minutes::from(1), Minutes::from(60_000)).expect("a leverage");
        assert_eq!(leverage(tiny), "<0.1x");
        let lev = |v: f64| leverage(Leverage::from_computed(v));
        assert_eq!(lev(0.0499), "<0.1x");
        assert_eq!(lev(0.05), "0.1x");
        assert_eq!(lev(0.0), "0x");
    }

    #[test]
    fn leverage_drops_a_trailing_zero() {
        assert_eq!(leverage(lev(120.0)), "120x");
        assert_eq!(leverage(lev(960.0 / 18.0)), "53.3x");
        assert_eq!(leverage(lev(4.8)), "4.8x");
        assert_eq!(leverage(lev(12240.0 / 268.0)), "45.7x");
    }

    #[test]
    fn rounds_half_away_from_zero_on_the_decimal_value() {
        assert_eq!(decimal(4.85, 1), "4.9");
        assert_eq!(decimal(0.05, 1), "0.1");
        assert_eq!(decimal(9.95, 1), "10");
        assert_eq!(decimal(99.96, 1), "100");
        assert_eq!(decimal(-2.25, 1), "-2.3");
        assert_eq!(decimal(-0.04, 1), "0");
        assert_eq!(fixed(0.7, 2), "0.70");
        assert_eq!(decimal(2.5, 0), "3");
    }

    #[test]
    fn durations_drop_zero_parts() {
        assert_eq!(duration(Minutes::from(12240)), "204h");
        assert_eq!(duration(Minutes::from(268)), "4h 28min");
        assert_eq!(duration(Minutes::from(20)), "20min");
        assert_eq!(duration(Minutes::ZERO), "0min");
        assert_eq!(duration(Minutes::new(8.6).expect("finite")), "8.6min");
        assert_eq!(duration(Minutes::new(59.96).expect("finite")), "1h");
        assert_eq!(minutes(Minutes::from(268)), "268min");
        assert_eq!(hours(Minutes::from(90)), "1.5h");
        assert_eq!(hours(Minutes::from(12_240)), "204h");
        assert_eq!(hours(Minutes::from(3178)), "52h 58min", "tenths of an hour would round it to 53h");
        assert_eq!(hours(Minutes::new(6.5).expect("minutes")), "6.5min");
        assert_eq!(decimal_hours(Minutes::from(3178)), "53h");
    }

    #[test]
    fn tokens_have_three_significant_digits() {
        assert_eq!(tokens(Tokens::exact(850)), "850");
        assert_eq!(tokens(Tokens::exact(45_000)), "45k");
        assert_eq!(tokens(Tokens::exact(120_000)), "120k");
        assert_eq!(tokens(Tokens::approx(1_230_000)), "~1.23M");
        assert_eq!(tokens(Tokens::exact(1_234_567)), "1.23M");
        assert_eq!(tokens(Tokens::exact(1_235_000)), "1.24M");
        assert_eq!(tokens(Tokens::exact(999_500)), "1M");
        assert_eq!(tokens(Tokens::exact(1500)), "1.5k");
        assert_eq!(tokens(Tokens::exact(12_345)), "12.3k");
        assert_eq!(tokens(Tokens::exact(2_500_000_000)), "2.5B");
        assert_eq!(tokens(Tokens::exact(u64::MAX)), "18400000T");
    }

    #[test]
    fn units_are_written_with_their_point_padding_and_sign() {
        let text =
            |negative, units, places| units_text(&mut [0; UNITS_BUF], negative, units, places).to_string();
        assert_eq!(text(false, 5, 2), "0.05");
        assert_eq!(text(true, 1234, 1), "-123.4");
        assert_eq!(text(true, 0, 1), "0.0");
        assert_eq!(text(false, u64::MAX, 0), u64::MAX.to_string());
        // More places than the buffer holds are taken as eight.
        assert_eq!(text(true, u64::MAX, 30), "-184467440737.09551615");
    }

    /// `duration`'s text by its definition, from a whole number of tenths of a minute: hours
    /// and minutes, zero parts dropped, a tenth shown only when there is one.
    fn duration_of_tenths(tenths: u64) -> String {
        let (hours, rest) = (tenths / 600, tenths % 600);
        let minutes = if rest % 10 == 0 {
            format!("{}min", rest / 10)
        } else {
            format!("{}.{}min", rest / 10, rest % 10)
        };
        match (hours, rest) {
            (0, _) => minutes,
            (_, 0) => format!("{hours}h"),
            _ => format!("{hours}h {minutes}"),
        }
    }

    proptest! {
        /// `rounded` is the number `decimal` writes, near a rounding boundary too (9.95, 4.85).
        #[test]
        fn rounded_is_the_number_shown(
            whole in 0u32..2000,
            thousandths in 0u32..1000,
            places in 0usize..4,
            negative: bool,
        ) {
            let magnitude = f64::from(whole) + f64::from(thousandths) / 1000.0;
            let value = if negative { -magnitude } else { magnitude };
            let shown: f64 = decimal(value, places).parse().expect("a number");
            prop_assert_eq!(rounded(value, places), shown);
        }
    }

    /// A figure above zero that rounds to none at its precision is one unit of its last digit
    /// with `<`; other figures keep the precision, trailing zeros included.
    #[test]
    fn a_fixed_figure_above_zero_never_reads_as_none() {
        assert_eq!(fixed_above_zero(0.0007, 1), "<0.1");
        assert_eq!(fixed_above_zero(0.0007, 2), "<0.01");
        assert_eq!(fixed_above_zero(0.4, 0), "<1");
        assert_eq!(fixed_above_zero(1.0, 1), "1.0");
        assert_eq!(fixed_above_zero(0.05, 1), "0.1");
        assert_eq!(fixed_above_zero(0.0, 1), "0.0");
    }

    #[test]
    fn rounded_meets_the_edges_as_pages_do() {
        assert_eq!(rounded(9.95, 1), 10.0);
        assert_eq!(rounded(4.85, 1), 4.9);
        assert_eq!(rounded(-4.85, 1), -4.9);
        assert_eq!(rounded(199.94, 1), 199.9);
    }

    proptest! {
        #[test]
        fn units_text_is_the_integer_divided_by_ten_to_the_places(
            negative: bool,
            units in prop_oneof![0u64..100_000, proptest::num::u64::ANY],
            places in 0usize..12,
        ) {
            let shown = places.min(8);
            let scale = 10u64.pow(shown as u32);
            let sign = if negative && units != 0 { "-" } else { "" };
            let expected = if shown == 0 {
                format!("{sign}{units}")
            } else {
                format!("{sign}{}.{:0shown$}", units / scale, units % scale)
            };
            let mut buf = [0; UNITS_BUF];
            prop_assert_eq!(units_text(&mut buf, negative, units, places), &expected);
            let mut pushed = String::from("é ");
            push_units(&mut pushed, negative, units, places);
            prop_assert_eq!(pushed, format!("é {expected}"));
        }

        #[test]
        fn decimal_matches_float_rounding_away_from_far_halves(v in -1e9f64..1e9) {
            let shown: f64 = decimal(v, 1).parse().expect("a number");
            prop_assert!((shown - v).abs() <= 0.05 + 1e-6);
        }

        #[test]
        fn decimal_is_the_rounded_text_without_trailing_zeros(
            v in prop_oneof![
                -1e7f64..1e7,
                0.0f64..100.0,
                (0u32..100_000).prop_map(|n| f64::from(n) / 100.0 + 0.005),
                (-1000i32..1000).prop_map(|n| f64::from(n) / 10.0),
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(-0.0),
                Just(1e300),
            ],
            places in 0usize..5,
        ) {
            let mut text = round_text(v, places);
            if text.contains('.') {
                text.truncate(text.trim_end_matches('0').trim_end_matches('.').len());
            }
            let expected = if text == "-0" { "0".to_string() } else { text };
            prop_assert_eq!(decimal(v, places), expected.clone());
            let mut pushed = String::from("é ");
            push_decimal(&mut pushed, v, places);
            prop_assert_eq!(pushed, format!("é {expected}"));
        }

        #[test]
        fn round_to_i64_is_round_converted(
            v in prop_oneof![
                -1e6f64..1e6,
                (-100_000i32..100_000).prop_map(|n| f64::from(n) / 2.0),
                (-100_000i32..100_000).prop_map(|n| f64::from(n) / 2.0 + 1e-12),
                any::<f64>(),
                Just(f64::NAN),
                Just(-0.5),
                Just(0.499_999_999_999_999_94),
                Just(4_503_599_627_370_495.5),
                Just(1e300),
            ],
        ) {
            prop_assert_eq!(round_to_i64(v), v.round() as i64);
        }

        #[test]
        fn rounding_as_numbers_agrees_with_rounding_the_digits(
            v in prop_oneof![-1e7f64..1e7, 0.0f64..100.0, (0u32..100_000).prop_map(|n| f64::from(n) / 100.0 + 0.005)],
            places in 0usize..4,
        ) {
            prop_assert_eq!(round_text(v, places), round_digits(v, places));
        }

        #[test]
        fn grouped_reads_back_with_a_comma_every_three_digits(n in any::<u64>()) {
            let shown = grouped(n);
            prop_assert_eq!(shown.replace(',', "").parse::<u64>().ok(), Some(n));
            let groups: Vec<&str> = shown.split(',').collect();
            prop_assert!((1..=3).contains(&groups[0].len()));
            prop_assert!(groups[1..].iter().all(|group| group.len() == 3));
        }

        #[test]
        fn count_is_written_as_by_its_text_definition(n in prop_oneof![0u64..2_000_000, any::<u64>()]) {
            prop_assert_eq!(count(n), count_by_text(n));
        }

        #[test]
        fn count_is_within_half_a_percent(n in 0u64..u64::MAX / 2) {
            let shown = count(n);
            let (num, unit) = shown.split_at(shown.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(shown.len()));
            let scale = match unit { "" => 1.0, "k" => 1e3, "M" => 1e6, "B" => 1e9, _ => 1e12 };
            let value: f64 = num.parse::<f64>().expect("a number") * scale;
            prop_assert!((value - n as f64).abs() <= n as f64 * 0.005 + 0.5);
        }

        #[test]
        fn duration_matches_its_definition_by_format(m in prop_oneof![0.0f64..100_000.0, (0u32..10_000).prop_map(|n| f64::from(n) / 20.0)]) {
            prop_assert_eq!(duration(Minutes::new(m).expect("a duration")), duration_of_tenths(tenths(m)));
        }

        /// Twentieths of a minute (`0.05min`, `4.85min`) from integers alone, with no rounding
        /// code of the crate's in the expected value: `n / 20` minutes is `n / 2` tenths, and
        /// its half rounds up, as the decimal value says, wherever the float lies.
        #[test]
        fn a_duration_in_twentieths_rounds_as_its_decimal(n in prop_oneof![0u64..20_000, 0u64..2_000_000_000]) {
            let m = Minutes::new(n as f64 / 20.0).expect("a duration");
            prop_assert_eq!(duration(m), duration_of_tenths(n.div_ceil(2)));
        }

        /// The display rule on a decimal as written (`n / 10^k`), from integers alone: rounded
        /// half away from zero to `places` on its digits (4.85 shows 4.9, though the float
        /// 4.85 is 4.8499...). Eight digits or fewer: the float's shortest form is the decimal.
        #[test]
        fn a_written_decimal_rounds_as_its_digits(n in prop_oneof![0u64..2_000, 0u64..100_000_000], k in 0u32..4, places in 0usize..4) {
            let value = n as f64 / 10f64.powi(k as i32);
            let places_u32 = places as u32;
            let units = if places_u32 >= k {
                n * 10u64.pow(places_u32 - k)
            } else {
                let cut = 10u64.pow(k - places_u32);
                n / cut + u64::from(n % cut * 2 >= cut)
            };
            let scale = 10u64.pow(places_u32);
            let expected = if places == 0 {
                units.to_string()
            } else {
                format!("{}.{:0places$}", units / scale, units % scale)
            };
            prop_assert_eq!(round_text(value, places), expected.clone());
            prop_assert_eq!(round_text(-value, places), if units == 0 { expected } else { format!("-{expected}") });
        }

        #[test]
        fn tenths_are_the_digits_of_the_rounded_text(m in prop_oneof![0.0f64..1e7, (0u32..100_000).prop_map(|n| f64::from(n) / 100.0 + 0.05)]) {
            let digits: u64 = round_digits(m, 1).replace('.', "").parse().expect("digits");
            prop_assert_eq!(tenths(m), digits);
        }

        #[test]
        fn a_duration_above_zero_never_shows_as_none(millionths in 1u64..200_000) {
            let m = Minutes::new(millionths as f64 / 1e6).expect("in range");
            for shown in [duration(m), minutes(m)] {
                prop_assert!(shown != "0min" && !shown.starts_with("0.0"), "{shown}");
            }
        }

        #[test]
        fn duration_shows_whole_minutes_exactly(m in 0u32..500_000) {
            let shown = duration(Minutes::from(m));
            let mut total = 0u32;
            for part in shown.split(' ') {
                if let Some(h) = part.strip_suffix('h') { total += h.parse::<u32>().expect("hours") * 60; }
                if let Some(min) = part.strip_suffix("min") { total += min.parse::<u32>().expect("minutes"); }
            }
            prop_assert_eq!(total, m);
        }
    }
}
