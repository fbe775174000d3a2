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
    pub fn ratio(human: Minutes, spent: Minutes) -> Option<Leverage> {
        if spent.is_zero() {
            return None;
        }
        let value = human.get() / spent.get();
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

    #[test]
    fn divides_human_by_spent() {
        let lev = Leverage::ratio(Minutes::from(2400), Minutes::from(20)).expect("ai time is positive");
        assert_eq!(lev.get(), 120.0);
    }

    #[test]
    fn zero_spent_has_no_leverage() {
        assert_eq!(Leverage::ratio(Minutes::from(60), Minutes::ZERO), None);
    }
}
