//! Scales: linear and logarithmic maps from values to pixels, with nice rounded domains and tick
//! values spaced so their labels fit.
//!
//! Scales deal in plain numbers; what the numbers are (hours, leverage, a task number) and how
//! ticks are labelled is decided by the chart that uses them.

/// When the largest value is more than this many times the smallest, a log scale shows the data
/// better than a linear one.
const LOG_RATIO: f64 = 20.0;

/// A map from a domain of values to a range of pixels (the range may run backwards, as a y axis
/// does).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Scale {
    /// Equal differences take equal space.
    Linear { lo: f64, hi: f64, from: f64, to: f64 },
    /// Equal ratios take equal space; `lo` is positive.
    Log { lo: f64, hi: f64, from: f64, to: f64 },
}

impl Scale {
    /// A linear scale of `lo..=hi` onto `from..=to`.
    pub(super) fn linear(lo: f64, hi: f64, from: f64, to: f64) -> Scale {
        let hi = if hi > lo { hi } else { lo + 1.0 };
        Scale::Linear { lo, hi, from, to }
    }

    /// A log scale of `lo..=hi` onto `from..=to`. `lo` must be positive.
    pub(super) fn log(lo: f64, hi: f64, from: f64, to: f64) -> Scale {
        let lo = if lo > 0.0 { lo } else { f64::MIN_POSITIVE };
        let hi = if hi > lo { hi } else { lo * 10.0 };
        Scale::Log { lo, hi, from, to }
    }

    /// The pixel position of `value`. Values outside the domain map outside the range; values at
    /// or below zero on a log scale map to the low end.
    pub(super) fn at(&self, value: f64) -> f64 {
        match *self {
            Scale::Linear { lo, hi, from, to } => from + (value - lo) / (hi - lo) * (to - from),
            Scale::Log { lo, hi, from, to } => {
                let value = value.max(lo * 1e-3);
                from + (value / lo).ln() / (hi / lo).ln() * (to - from)
            }
        }
    }

    /// The domain's low and high ends.
    pub(super) fn domain(&self) -> (f64, f64) {
        match *self {
            Scale::Linear { lo, hi, .. } | Scale::Log { lo, hi, .. } => (lo, hi),
        }
    }

    /// Tick values inside the domain, at least `min_gap` pixels apart: multiples of a 1-2-5 step
    /// (at least `min_step`) on a linear scale; 1-2-5 values, every decade, or every few decades
    /// on a log scale.
    pub(super) fn ticks(&self, min_gap: f64, min_step: f64) -> Vec<f64> {
        match *self {
            Scale::Linear { lo, hi, from, to } => {
                let length = (to - from).abs();
                let most = (length / min_gap).floor().max(1.0);
                let step = nice_step((hi - lo) / most).max(min_step);
                let first = (lo / step).ceil() as i64;
                let last = (hi / step + 1e-9).floor() as i64;
                (first..=last).map(|i| i as f64 * step).collect()
            }
            Scale::Log { lo, hi, .. } => {
                let gap_ok = |ticks: &[f64]| {
                    ticks.windows(2).all(|w| (self.at(w[1]) - self.at(w[0])).abs() >= min_gap)
                };
                for (mantissas, every) in LOG_STEPS {
                    let ticks = log_ticks(lo, hi, mantissas, every);
                    if ticks.len() >= 2 && gap_ok(&ticks) {
                        return ticks;
                    }
                }
                vec![lo, hi]
            }
        }
    }
}

/// The log tick patterns, finest first: mantissas in a decade and how many decades apart.
const LOG_STEPS: [(&[f64], i32); 6] =
    [(&[1.0, 2.0, 5.0], 1), (&[1.0, 3.0], 1), (&[1.0], 1), (&[1.0], 2), (&[1.0], 3), (&[1.0], 5)];

/// The values `m × 10^k` in `lo..=hi` for each mantissa `m` and each decade `k` divisible by
/// `every`.
fn log_ticks(lo: f64, hi: f64, mantissas: &[f64], every: i32) -> Vec<f64> {
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let mut ticks = Vec::new();
    for k in first..=last {
        if k.rem_euclid(every) != 0 {
            continue;
        }
        for m in mantissas {
            let v = m * 10f64.powi(k);
            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                ticks.push(v);
            }
        }
    }
    ticks
}

/// The 1-2-5 step (1, 2, 5, 10, 20, ...) at or above `raw`.
pub(super) fn nice_step(raw: f64) -> f64 {
    if raw.is_nan() || raw <= 0.0 || raw.is_infinite() {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let m = if fraction <= 1.0 + 1e-9 {
        1.0
    } else if fraction <= 2.0 + 1e-9 {
        2.0
    } else if fraction <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    m * power
}

/// A linear domain from zero up to a round value at or above `max`, and its ticks: multiples of a
/// 1-2-5 step of at least `min_step`, spaced at least `min_gap` pixels apart over `length` pixels.
pub(super) fn zero_based(max: f64, length: f64, min_gap: f64, min_step: f64) -> (f64, Vec<f64>) {
    let most = (length / min_gap).floor().max(1.0);
    let max = if max.is_finite() && max > 0.0 { max } else { min_step };
    let step = nice_step(max / most).max(min_step);
    let steps = (max / step - 1e-9).ceil().max(1.0) as i64;
    (steps as f64 * step, (0..=steps).map(|i| i as f64 * step).collect())
}

/// The largest 1-2-5 value (…, 0.5, 1, 2, 5, 10, …) at or below `v`; `v` must be positive.
pub(super) fn nice_floor(v: f64) -> f64 {
    let power = 10f64.powf(v.log10().floor());
    for m in [5.0, 2.0, 1.0] {
        if m * power <= v * (1.0 + 1e-9) {
            return m * power;
        }
    }
    power
}

/// The smallest 1-2-5 value at or above `v`; `v` must be positive.
pub(super) fn nice_ceil(v: f64) -> f64 {
    let power = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 5.0] {
        if m * power >= v * (1.0 - 1e-9) {
            return m * power;
        }
    }
    10.0 * power
}

/// A log domain of 1-2-5 values around `min..=max` (both positive), with `min` strictly inside
/// so that a bar drawn from the low end is never empty.
pub(super) fn nice_log_domain(min: f64, max: f64) -> (f64, f64) {
    let mut lo = nice_floor(min);
    if lo >= min * (1.0 - 1e-9) {
        lo = nice_floor(min * 0.99);
    }
    let mut hi = nice_ceil(max);
    if hi <= lo {
        hi = nice_ceil(lo * 1.01);
    }
    (lo, hi)
}

/// Whether values are better shown on a log scale: all positive and the largest more than
/// twenty times the smallest.
pub(super) fn prefers_log(values: impl IntoIterator<Item = f64>) -> bool {
    let mut min = f64::INFINITY;
    let mut max = 0.0f64;
    for v in values {
        if v.is_nan() || v <= 0.0 {
            return false;
        }
        min = min.min(v);
        max = max.max(v);
    }
    min.is_finite() && max / min > LOG_RATIO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_maps_ends_to_ends() {
        let s = Scale::linear(0.0, 100.0, 300.0, 20.0);
        assert_eq!(s.at(0.0), 300.0);
        assert_eq!(s.at(100.0), 20.0);
        assert_eq!(s.at(50.0), 160.0);
    }

    #[test]
    fn log_maps_equal_ratios_to_equal_distances() {
        let s = Scale::log(1.0, 1000.0, 0.0, 300.0);
        assert!((s.at(10.0) - 100.0).abs() < 1e-9);
        assert!((s.at(100.0) - 200.0).abs() < 1e-9);
        assert!((s.at(1000.0) - 300.0).abs() < 1e-9);
    }

    #[test]
    fn log_sends_zero_below_the_domain_instead_of_infinity() {
        let s = Scale::log(1.0, 100.0, 0.0, 200.0);
        assert!(s.at(0.0).is_finite());
        assert!(s.at(0.0) < 0.0);
    }

    #[test]
    fn empty_domains_are_widened() {
        assert_eq!(Scale::linear(5.0, 5.0, 0.0, 10.0).domain(), (5.0, 6.0));
        assert_eq!(Scale::log(5.0, 5.0, 0.0, 10.0).domain(), (5.0, 50.0));
    }

    #[test]
    fn nice_steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(230.0), 500.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn zero_based_domain_ends_on_a_tick() {
        assert_eq!(zero_based(87.0, 200.0, 40.0, 0.1), (100.0, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]));
        assert_eq!(zero_based(1234.0, 200.0, 40.0, 0.1).0, 1500.0);
        assert_eq!(zero_based(100.0, 200.0, 40.0, 0.1).0, 100.0);
    }

    #[test]
    fn zero_based_ticks_are_at_least_the_gap_apart() {
        for max in [0.3, 7.0, 87.0, 1234.0, 99_999.0] {
            let (hi, ticks) = zero_based(max, 260.0, 40.0, 0.1);
            assert!(hi >= max);
            assert!(260.0 / (ticks.len() - 1) as f64 >= 40.0, "{max}: {ticks:?}");
        }
    }

    #[test]
    fn zero_based_respects_the_smallest_step() {
        assert_eq!(zero_based(3.0, 260.0, 30.0, 1.0), (3.0, vec![0.0, 1.0, 2.0, 3.0]));
        assert_eq!(zero_based(0.0, 260.0, 30.0, 1.0), (1.0, vec![0.0, 1.0]));
    }

    #[test]
    fn linear_ticks_are_round_and_fit_the_pixels() {
        let s = Scale::linear(0.0, 1500.0, 300.0, 20.0);
        let ticks = s.ticks(40.0, 0.0);
        assert_eq!(ticks, vec![0.0, 500.0, 1000.0, 1500.0]);
        let s = Scale::linear(0.0, 100.0, 300.0, 20.0);
        assert_eq!(s.ticks(40.0, 0.0), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    }

    #[test]
    fn log_domain_rounds_to_one_two_five() {
        assert_eq!(nice_log_domain(3.0, 180.0), (2.0, 200.0));
        assert_eq!(nice_log_domain(12.0, 900.0), (10.0, 1000.0));
        assert_eq!(nice_log_domain(0.3, 4.0), (0.2, 5.0));
    }

    #[test]
    fn log_domain_keeps_the_smallest_value_inside() {
        let (lo, hi) = nice_log_domain(10.0, 10.0);
        assert!(lo < 10.0 && hi >= 10.0);
        assert_eq!(lo, 5.0);
    }

    #[test]
    fn log_ticks_are_decades_when_space_is_short() {
        let s = Scale::log(1.0, 10_000.0, 300.0, 20.0);
        assert_eq!(s.ticks(40.0, 0.0), vec![1.0, 10.0, 100.0, 1000.0, 10_000.0]);
    }

    #[test]
    fn log_ticks_add_two_and_five_when_space_allows() {
        let s = Scale::log(2.0, 50.0, 300.0, 20.0);
        assert_eq!(s.ticks(28.0, 0.0), vec![2.0, 5.0, 10.0, 20.0, 50.0]);
    }

    #[test]
    fn log_ticks_skip_decades_on_a_short_axis() {
        let s = Scale::log(0.01, 1e6, 100.0, 0.0);
        let ticks = s.ticks(28.0, 0.0);
        assert!(ticks.len() >= 2);
        assert!(ticks.windows(2).all(|w| s.at(w[0]) - s.at(w[1]) >= 28.0));
    }

    #[test]
    fn log_is_preferred_for_a_wide_positive_spread() {
        assert!(prefers_log([2.0, 50.0, 120.0]));
        assert!(!prefers_log([2.0, 30.0]));
        assert!(!prefers_log([0.0, 50.0, 120.0]));
        assert!(!prefers_log([]));
    }
}
