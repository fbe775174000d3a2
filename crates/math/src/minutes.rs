//! `Minutes`: a non-negative, finite amount of working time.
//!
//! Every duration in leverage (human estimate, AI time, supervisory time) is stored as minutes. This
//! module guards the range; it does not parse text (that is `content::duration`) or display it
//! (that is `display::duration`).

use std::iter::Sum;
use std::ops::Add;

/// A non-negative, finite number of minutes.
///
/// Built with [`Minutes::new`], which refuses NaN, infinities, negatives and absurdly large values,
/// so every figure derived from it stays finite.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Minutes(f64);

impl Minutes {
    /// The largest duration accepted: a million years of minutes. Sums of even millions of such
    /// values stay finite, so no page can ever show `inf`.
    pub const MAX: f64 = 5.26e11;

    /// Zero minutes.
    pub const ZERO: Minutes = Minutes(0.0);

    /// Accepts a finite value in `0..=MAX`, or returns `None`.
    pub fn new(value: f64) -> Option<Minutes> {
        (value.is_finite() && (0.0..=Self::MAX).contains(&value)).then_some(Minutes(value + 0.0))
    }

    /// Whole minutes, for tests and callers that count in integers.
    pub fn from_whole(value: u32) -> Minutes {
        Minutes(f64::from(value))
    }

    /// The number of minutes.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The number of hours.
    pub fn hours(self) -> f64 {
        self.0 / 60.0
    }

    /// True for exactly zero minutes.
    pub fn is_zero(self) -> bool {
        self.0 == 0.0
    }
}

impl From<u32> for Minutes {
    fn from(value: u32) -> Minutes {
        Minutes::from_whole(value)
    }
}

impl Add for Minutes {
    type Output = Minutes;

    /// Adds two durations. Both are at most `MAX`, so the sum is finite.
    fn add(self, other: Minutes) -> Minutes {
        Minutes(self.0 + other.0)
    }
}

impl Sum for Minutes {
    fn sum<I: Iterator<Item = Minutes>>(iter: I) -> Minutes {
        iter.fold(Minutes::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_negative_nan_and_infinite() {
        assert_eq!(Minutes::new(-1.0), None);
        assert_eq!(Minutes::new(f64::NAN), None);
        assert_eq!(Minutes::new(f64::INFINITY), None);
        assert_eq!(Minutes::new(1e308), None);
    }

    #[test]
    fn negative_zero_becomes_zero() {
        let zero = Minutes::new(-0.0).expect("negative zero is zero");
        assert!(zero.get().is_sign_positive());
    }

    #[test]
    fn sums_and_converts_to_hours() {
        let total: Minutes = [20, 12, 12].into_iter().map(Minutes::from).sum();
        assert_eq!(total.get(), 44.0);
        assert_eq!(Minutes::from(12240).hours(), 204.0);
    }
}
