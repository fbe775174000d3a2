//! `Minutes`: a non-negative, finite amount of working time.
//!
//! Every duration in leverage (human estimate, AI time, supervisory time) is stored as minutes. This
//! module guards the range and keeps sums exact; it does not parse text (that is
//! `content::duration`) or display it (that is `display::duration`).
//!
//! A duration is kept as a whole number of millionths of a minute (60 microseconds), so sums are
//! exact and a ratio is the binary number nearest to the exact quotient. Adding binary fractions
//! drifts (2.1 + 2.7 is 4.800000000000001), and the drift decides the rounding of figures that lie
//! on a half: 30min over 2.1min + 2.7min is exactly 6.25x, which the display rules show as 6.3x,
//! but the drifted quotient 6.249999999999999 showed 6.2x.

use std::iter::Sum;
use std::ops::Add;

/// A non-negative, finite number of minutes, counted in millionths of a minute.
///
/// Built with [`Minutes::new`], which refuses NaN, infinities, negatives and absurdly large values,
/// so every figure derived from it stays finite.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minutes(u128);

impl Minutes {
    /// The largest duration accepted: a million years of minutes. Counted in 128 bits, a sum of
    /// 10^20 such durations is still exact, so no total is ever cut short (a 64-bit count
    /// saturated at 35 of them, silently), and no page shows `inf` or a wrapped-around total.
    pub const MAX: f64 = 5.26e11;

    /// Zero minutes.
    pub const ZERO: Minutes = Minutes(0);

    /// Accepts a finite value in `0..=MAX`, or returns `None`. The value is taken to the nearest
    /// millionth of a minute (`0.0000004` is zero minutes).
    pub fn new(value: f64) -> Option<Minutes> {
        // In range, `value * PER_MINUTE + 0.5` is below 2^59, so the conversion cannot saturate.
        (value.is_finite() && (0.0..=Self::MAX).contains(&value))
            .then_some(Minutes(u128::from((value * PER_MINUTE + 0.5) as u64)))
    }

    /// Whole minutes, for tests and callers that count in integers.
    pub fn from_whole(value: u32) -> Minutes {
        Minutes(u128::from(value) * PER_MINUTE as u128)
    }

    /// The number of minutes: the binary number nearest to the exact count.
    pub fn get(self) -> f64 {
        self.count() / PER_MINUTE
    }

    /// The number of hours: `per(60.0)`, without testing that 60 minutes are whole millionths.
    pub fn hours(self) -> f64 {
        self.count() / (60.0 * PER_MINUTE)
    }

    /// This duration divided by `unit` minutes (60 for hours, a working day's minutes for days),
    /// taken between whole counts of millionths so that an exact quotient (7.5h, 2.5 days) comes
    /// out as the binary number nearest to it.
    pub fn per(self, unit: f64) -> f64 {
        let unit_counted = unit * PER_MINUTE;
        if unit_counted.fract() == 0.0 { self.count() / unit_counted } else { self.get() / unit }
    }

    /// The duration as a count of millionths of a minute, as a binary number (exact below 2^53
    /// millionths, about 17,000 years).
    pub(crate) fn millionths(self) -> f64 {
        self.count()
    }

    /// The count of millionths as a binary number. Every real total fits 64 bits, whose
    /// conversion is one instruction (128 bits take a library routine, 1% of a build's
    /// instructions); past 2^64 millionths (35 million years) the two halves are added, within
    /// an ulp of the exact conversion.
    fn count(self) -> f64 {
        let (high, low) = ((self.0 >> 64) as u64, self.0 as u64);
        if high == 0 { low as f64 } else { high as f64 * 18_446_744_073_709_551_616.0 + low as f64 }
    }

    /// The count of millionths, when it fits 64 bits: every duration `new` accepts does (below
    /// 2^59), sums of very many of them may not. A task keeps its durations so (`TaskFigures`).
    pub(crate) fn count_u64(self) -> Option<u64> {
        u64::try_from(self.0).ok()
    }

    /// The duration of `count` millionths of a minute (`count_u64`'s inverse).
    pub(crate) fn from_count(count: u64) -> Minutes {
        Minutes(u128::from(count))
    }

    /// True for exactly zero minutes.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl From<u32> for Minutes {
    fn from(value: u32) -> Minutes {
        Minutes::from_whole(value)
    }
}

impl Add for Minutes {
    type Output = Minutes;

    /// Adds two durations exactly (saturating only past 10^20 durations of the largest size).
    fn add(self, other: Minutes) -> Minutes {
        Minutes(self.0.saturating_add(other.0))
    }
}

impl Sum for Minutes {
    fn sum<I: Iterator<Item = Minutes>>(iter: I) -> Minutes {
        iter.fold(Minutes::ZERO, Add::add)
    }
}

/// Millionths of a minute in a minute.
const PER_MINUTE: f64 = 1e6;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_negative_nan_and_infinite() {
        assert_eq!(Minutes::new(-1.0), None);
        assert_eq!(Minutes::new(f64::NAN), None);
        assert_eq!(Minutes::new(f64::INFINITY), None);
        assert_eq!(Minutes::new(1e308), None);
    }

    #[test]
    fn a_sum_of_the_largest_durations_is_exact() {
        // 100 cells of 200,000,000 working weeks each (4.8e11 minutes, under MAX): a 64-bit
        // count of millionths saturated at 1.8e13 minutes, silently.
        let cell = Minutes::new(4.8e11).expect("in range");
        let total: Minutes = std::iter::repeat_n(cell, 100).sum();
        assert_eq!(total.get(), 4.8e13);
        assert_eq!(total.hours(), 8e11);
    }

    #[test]
    fn negative_zero_becomes_zero() {
        let zero = Minutes::new(-0.0).expect("negative zero is zero");
        assert!(zero.get().is_sign_positive());
    }

    #[test]
    fn sums_of_decimal_minutes_do_not_drift() {
        let sum =
            |values: &[f64]| values.iter().map(|v| Minutes::new(*v).expect("in range")).sum::<Minutes>();
        assert_eq!(sum(&[2.1, 2.7]).get(), 4.8);
        assert_eq!(sum(&[0.1, 0.2]).get(), 0.3);
        assert_eq!(sum(&[0.1; 10]).get(), 1.0);
    }

    #[test]
    fn values_below_the_grid_are_zero() {
        assert!(Minutes::new(0.000_000_4).expect("in range").is_zero());
        assert_eq!(Minutes::new(0.000_000_6).expect("in range").get(), 0.000_001);
    }

    #[test]
    fn hours_and_days_of_exact_quotients_are_exact() {
        assert_eq!(Minutes::new(450.0).expect("in range").hours(), 7.5);
        let day = Minutes::new(7.5 * 60.0).expect("in range");
        assert_eq!((day + day + Minutes::from(225)).per(450.0), 2.5);
        assert_eq!(Minutes::new(79.8).expect("in range").hours(), 1.33);
    }

    proptest! {
        /// Durations written with up to two decimals add up to exactly the decimal sum.
        #[test]
        fn sums_equal_the_decimal_sum(hundredths in proptest::collection::vec(0u64..10_000_000, 0..40)) {
            let sum: Minutes = hundredths.iter().map(|h| Minutes::new(*h as f64 / 100.0).expect("in range")).sum();
            let exact = hundredths.iter().sum::<u64>() as f64 / 100.0;
            prop_assert_eq!(sum.get(), exact);
        }
    }

    #[test]
    fn sums_of_the_largest_durations_stay_exact_and_finite() {
        let most = Minutes::new(Minutes::MAX).expect("in range");
        let total: Minutes = std::iter::repeat_n(most, 1000).sum();
        assert!(total.get().is_finite());
        assert_eq!(total.get(), Minutes::MAX * 1000.0);
    }

    proptest! {
        #[test]
        fn hours_are_per_sixty_minutes(m in 0.0f64..1e9) {
            let minutes = Minutes::new(m).expect("in range");
            prop_assert_eq!(minutes.hours(), minutes.per(60.0));
        }
    }

    #[test]
    fn sums_and_converts_to_hours() {
        let total: Minutes = [20, 12, 12].into_iter().map(Minutes::from).sum();
        assert_eq!(total.get(), 44.0);
        assert_eq!(Minutes::from(12240).hours(), 204.0);
    }
}
