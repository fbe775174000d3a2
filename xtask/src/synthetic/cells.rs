//! Cell text of the synthetic task tables: durations, token counts, factors and totals, each written
//! in one of the contract's formats together with the value a reader of that text gets back.
//!
//! Every value is built from the same numbers as its text (`86` tenths is `8.6m` and 8.6 minutes),
//! so stated factors computed from these values match what `leverage` computes from the text.

use crate::rng::Rng;

/// Minutes in a working day and a working week, as the generated site.toml declares them.
pub(crate) const DAY_MINUTES: f64 = 8.0 * 60.0;
/// See `DAY_MINUTES`.
pub(crate) const WEEK_MINUTES: f64 = 5.0 * DAY_MINUTES;

/// A duration cell: its text and the minutes it means.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Duration {
    /// As written in the table.
    pub(crate) text: String,
    /// What the text means.
    pub(crate) minutes: f64,
}

fn duration(text: String, minutes: f64) -> Duration {
    Duration { text, minutes }
}

/// A human estimate: mostly whole hours, with every other format of the contract mixed in.
pub(crate) fn human_estimate(rng: &mut Rng) -> Duration {
    const HOURS: &[u64] = &[1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40];
    match rng.below(100) {
        0..=39 => {
            let h = *rng.pick(HOURS);
            duration(format!("{h}h"), (h * 60) as f64)
        }
        40..=46 => {
            let h = *rng.pick(&[2u64, 4, 6, 8, 12, 16, 20, 40, 60]);
            duration(format!("{h}.0h"), (h * 60) as f64)
        }
        47..=56 => {
            let h = rng.range(0, 11);
            duration(format!("{h}.5h"), (h * 60 + 30) as f64)
        }
        57..=62 => {
            let h = rng.range(2, 7);
            if rng.chance(50) {
                duration(format!("{h}.5 hours"), (h * 60 + 30) as f64)
            } else {
                duration(format!("{h} hours"), (h * 60) as f64)
            }
        }
        63..=66 => {
            if rng.chance(70) {
                duration("1 hr".into(), 60.0)
            } else {
                duration("2 hrs".into(), 120.0)
            }
        }
        67..=74 => {
            let (text, days) = *rng.pick(&[
                ("0.5d", 0.5),
                ("1d", 1.0),
                ("1.5d", 1.5),
                ("2d", 2.0),
                ("2.5d", 2.5),
                ("3d", 3.0),
            ]);
            duration(text.into(), days * DAY_MINUTES)
        }
        75..=78 => {
            let (text, weeks) =
                *rng.pick(&[("0.5w", 0.5), ("1w", 1.0), ("1.0w", 1.0), ("1.5w", 1.5), ("2w", 2.0)]);
            duration(text.into(), weeks * WEEK_MINUTES)
        }
        79..=88 => {
            let h = rng.range(1, 9);
            let m = *rng.pick(&[10u64, 15, 20, 30, 40, 45, 50]);
            duration(format!("{h}h {m}min"), (h * 60 + m) as f64)
        }
        89..=94 => {
            let h = rng.range(1, 6);
            let m = *rng.pick(&[15u64, 30, 45]);
            duration(format!("{h}h{m}m"), (h * 60 + m) as f64)
        }
        _ => {
            let n = *rng.pick(&[30u64, 45, 60, 90, 120, 150, 180]);
            duration(format!("{n} minutes"), n as f64)
        }
    }
}

/// A leverage to aim the AI time at: mostly 10x to 80x, with slow rows and a few outliers.
pub(crate) fn target_leverage(rng: &mut Rng) -> f64 {
    match rng.below(100) {
        0..=9 => 2.0 + 8.0 * rng.unit(),
        10..=79 => 10.0 + 70.0 * rng.unit(),
        80..=96 => 80.0 + 120.0 * rng.unit(),
        _ => 200.0 + 600.0 * rng.unit(),
    }
}

/// An AI time close to `target` minutes (at most five hours, as in real posts), written in a format
/// that fits its size.
pub(crate) fn ai_time(rng: &mut Rng, target: f64) -> Duration {
    let target = target.min(300.0);
    if target < 60.0 {
        let m = (target.round() as u64).max(1);
        match rng.below(100) {
            0..=24 => duration(format!("{m}min"), m as f64),
            25..=49 => duration(format!("{m}m"), m as f64),
            50..=64 => duration(format!("{m} min"), m as f64),
            65..=72 => duration(minutes_in_words(m), m as f64),
            _ => {
                let tenths = ((target * 10.0).round() as u64).max(3);
                duration(format!("{}m", tenths_text(tenths)), tenths as f64 / 10.0)
            }
        }
    } else {
        let m = target.round() as u64;
        let (h, r) = (m / 60, m % 60);
        match rng.below(100) {
            0..=39 if r == 0 => duration(format!("{h}h"), m as f64),
            0..=39 => duration(format!("{h}h {r}min"), m as f64),
            40..=59 if r == 0 => duration(format!("{h}h"), m as f64),
            40..=59 => duration(format!("{h}h{r}m"), m as f64),
            60..=79 => duration(format!("{m}min"), m as f64),
            80..=89 => duration(minutes_in_words(m), m as f64),
            _ => {
                let halves = ((target / 30.0).round() as u64).max(2);
                let text = match halves {
                    2 => "1 hr".to_string(),
                    h if h % 2 == 0 => format!("{}h", h / 2),
                    h => format!("{}.5h", h / 2),
                };
                duration(text, (halves * 30) as f64)
            }
        }
    }
}

/// A supervisory time for a task that took `ai` minutes: a fifth of it to a bit more than all of it.
pub(crate) fn supervisory_time(rng: &mut Rng, ai: f64) -> Duration {
    let s = ((ai * (0.2 + 1.2 * rng.unit())).round() as u64).max(1);
    match rng.below(100) {
        0..=39 => duration(format!("{s}m"), s as f64),
        40..=64 => duration(format!("{s} min"), s as f64),
        65..=84 => duration(format!("{s}min"), s as f64),
        _ if s >= 60 && !s.is_multiple_of(60) => duration(format!("{}h{}m", s / 60, s % 60), s as f64),
        _ => duration(minutes_in_words(s), s as f64),
    }
}

/// `90 minutes`, but `1 minute`.
fn minutes_in_words(m: u64) -> String {
    if m == 1 { "1 minute".into() } else { format!("{m} minutes") }
}

/// `86` tenths as `8.6`, `120` as `12`.
fn tenths_text(tenths: u64) -> String {
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// A token cell: its text and the count it means (`None` when unknown).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TokenCell {
    /// As written.
    pub(crate) text: String,
    /// The count, when known.
    pub(crate) count: Option<u64>,
    /// Written with a `~`.
    pub(crate) approx: bool,
}

fn token_cell(text: String, count: u64, approx: bool) -> TokenCell {
    TokenCell { text, count: Some(count), approx }
}

/// The tokens of a task that took `ai` minutes, in one of the contract's formats, or unknown.
pub(crate) fn tokens(rng: &mut Rng, ai: f64) -> TokenCell {
    let target = (ai * (2_000.0 + 10_000.0 * rng.unit())).max(1_000.0);
    let k = ((target / 1_000.0).round() as u64).max(1);
    match rng.below(100) {
        0..=7 => TokenCell { text: String::new(), count: None, approx: false },
        8..=9 => TokenCell { text: "—".into(), count: None, approx: false },
        10..=54 if target >= 1_000_000.0 => {
            let tenths = (target / 100_000.0).round() as u64;
            token_cell(format!("{}M", tenths_text(tenths)), tenths * 100_000, false)
        }
        10..=54 => token_cell(format!("{k}k"), k * 1_000, false),
        55..=64 if target >= 1_000_000.0 => {
            let hundredths = (target / 10_000.0).round() as u64;
            token_cell(format!("~{}.{:02}M", hundredths / 100, hundredths % 100), hundredths * 10_000, true)
        }
        55..=64 => token_cell(format!("~{k}k"), k * 1_000, true),
        65..=84 => token_cell(thousands(k * 1_000), k * 1_000, false),
        85..=94 => token_cell(format!("~{}", thousands(k * 1_000)), k * 1_000, true),
        _ => {
            let n = rng.range(200, 999);
            token_cell(n.to_string(), n, false)
        }
    }
}

/// `120000` as `120,000`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A token count to three significant digits: `850`, `45k`, `595k`, `1.23M`.
pub(crate) fn tokens_short(count: u64) -> String {
    let (value, unit) = if count >= 1_000_000 {
        (count as f64 / 1e6, "M")
    } else if count >= 1_000 {
        (count as f64 / 1e3, "k")
    } else {
        (count as f64, "")
    };
    let int_digits = (value.trunc() as u64).to_string().len();
    format!("{}{unit}", decimal(value, 3usize.saturating_sub(int_digits)))
}

/// `value` rounded to `decimals` places, trailing zeros (and a bare point) dropped: `42.40` is
/// `42.4`, `40.0` is `40`.
pub(crate) fn decimal(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
}

/// A stated factor for `value` (`53.3x`), the way writers round it: one decimal with `.0` dropped,
/// sometimes kept (`800.0x`), sometimes with a `×`.
pub(crate) fn factor(rng: &mut Rng, value: f64) -> String {
    let number = if rng.chance(4) { format!("{value:.1}") } else { decimal(value, 1) };
    let sign = if rng.chance(5) { "×" } else { "x" };
    format!("{number}{sign}")
}

/// Human-equivalent working weeks of a task, as in a Weeks column (`0.15`, `0.4`).
pub(crate) fn weeks(human_minutes: f64) -> String {
    decimal(human_minutes / WEEK_MINUTES, 2)
}

/// Minutes as `4h 28min`, `20min` or `204h` (whole minutes, zero parts dropped).
pub(crate) fn hours_minutes(minutes: f64) -> String {
    let m = minutes.round() as u64;
    match (m / 60, m % 60) {
        (0, r) => format!("{r}min"),
        (h, 0) => format!("{h}h"),
        (h, r) => format!("{h}h {r}min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_drops_trailing_zeros() {
        assert_eq!(decimal(40.0, 1), "40");
        assert_eq!(decimal(42.44, 1), "42.4");
        assert_eq!(decimal(0.15, 2), "0.15");
        assert_eq!(decimal(0.3, 2), "0.3");
    }

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(850), "850");
        assert_eq!(thousands(120_000), "120,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn tokens_short_keeps_three_digits() {
        assert_eq!(tokens_short(850), "850");
        assert_eq!(tokens_short(45_000), "45k");
        assert_eq!(tokens_short(1_230_000), "1.23M");
        assert_eq!(tokens_short(595_400), "595k");
    }

    #[test]
    fn hours_minutes_drops_zero_parts() {
        assert_eq!(hours_minutes(268.0), "4h 28min");
        assert_eq!(hours_minutes(12_240.0), "204h");
        assert_eq!(hours_minutes(20.0), "20min");
    }
}
