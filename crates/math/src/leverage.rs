//! `Leverage`: human time divided by machine (or supervising) time.
//!
//! A `Leverage` is only ever computed here, from two durations; a figure written in a post is a
//! `Stated` and is never used in its place.

use crate::Minutes;

/// A ratio of human-equivalent time to the time actually spent, such as `45.7x`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Leverage(f64);

impl Leverage {
    /// `human / spent`, or `None` when nothing was spent (a ratio with no meaning).
    ///
    /// The quotient is taken between the whole counts of millionths of a minute the durations
    /// are kept as, so it is the binary number nearest to the exact ratio: 30min over 4.8min is
    /// 6.25 (shown 6.3x), where dividing the binary fractions could give 6.249999999999999.
    pub fn ratio(human: Minutes, spent: Minutes) -> Option<Leverage> {
        if spent.is_zero() {
            return None;
        }
        let value = human.millionths() / spent.millionths();
        value.is_finite().then_some(Leverage(value))
    }

    /// The factor as a number (`45.67…` for 45.7x).
    pub fn get(self) -> f64 {
        self.0
    }

    /// Builds a leverage from an already computed factor, such as a mean or median of computed
    /// leverages. Not for figures read from text.
    pub(crate) fn from_computed(value: f64) -> Leverage {
        Leverage(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::shown_exactly;
    use proptest::strategy::Strategy;

    #[test]
    fn divides_human_by_spent() {
        let lev = Leverage::ratio(Minutes::from(2400), Minutes::from(20)).expect("ai time is positive");
        assert_eq!(lev.get(), 120.0);
    }

    #[test]
    fn zero_spent_has_no_leverage() {
        assert_eq!(Leverage::ratio(Minutes::from(60), Minutes::ZERO), None);
    }

    fn minutes(value: f64) -> Minutes {
        Minutes::new(value).expect("in range")
    }

    #[test]
    fn a_ratio_on_a_half_is_exact() {
        // 30min over 2.1min + 2.7min is exactly 6.25x: shown 6.3x (half away from zero).
        let lev = Leverage::ratio(Minutes::from(30), minutes(2.1) + minutes(2.7)).expect("positive");
        assert_eq!(lev.get(), 6.25);
        assert_eq!(crate::display::leverage(lev), "6.3x");
    }

    fn total(tenths: &[u64]) -> Minutes {
        tenths.iter().map(|t| minutes(*t as f64 / 10.0)).sum()
    }

    proptest::proptest! {
        /// Sums of durations written with one decimal give the leverage exact arithmetic gives.
        #[test]
        fn shown_leverage_of_decimal_sums_is_exact(
            human in proptest::collection::vec(1u64..100_000, 1..6),
            spent in proptest::collection::vec(1u64..10_000, 1..6),
        ) {
            let lev = Leverage::ratio(total(&human), total(&spent)).expect("positive");
            // Human tenths over spent tenths.
            let expected = shown_exactly(human.iter().sum(), spent.iter().sum());
            proptest::prop_assert_eq!(crate::display::leverage(lev), expected);
        }

        /// The same where the factor lies exactly on a half (6.25x, shown 6.3x): the human time
        /// is `odd / 20` times the summed time spent, written with three decimals.
        #[test]
        fn shown_leverage_on_a_half_rounds_up(
            spent in proptest::collection::vec(1u64..10_000, 2..6),
            odd in (0u64..500).prop_map(|n| 2 * n + 1),
        ) {
            let sum: u64 = spent.iter().sum();
            let human = minutes((odd * sum) as f64 / 200.0);
            let lev = Leverage::ratio(human, total(&spent)).expect("positive");
            // (odd * sum / 200) minutes over (sum / 10) minutes.
            proptest::prop_assert_eq!(crate::display::leverage(lev), shown_exactly(odd * sum, 20 * sum));
        }
    }
}
