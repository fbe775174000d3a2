//! `Stated`: a figure as a writer wrote it (`58x`, `4.85x`, `0.7`), kept with its precision.
//!
//! A stated figure is compared with the computed one at the precision it was written, and never
//! replaces it.

/// A number read from the text, with the count of decimals it was written with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stated {
    /// The value as written.
    pub value: f64,
    /// How many digits followed the decimal point (`53.3x` has 1).
    pub decimals: u8,
    /// Written as approximate (`~45x`).
    pub approx: bool,
    /// Written as pages show a figure above zero that rounds to nothing (`<0.1x`): `value` is 0,
    /// to `decimals` places.
    pub below: bool,
}

/// How far from an approximate figure (`~45x`) the computed one may lie, as a share of it.
pub const APPROX_SHARE: f64 = 0.05;

impl Stated {
    /// A stated value with the given number of written decimals.
    pub fn new(value: f64, decimals: u8) -> Stated {
        Stated { value, decimals, approx: false, below: false }
    }

    /// `<0.1` (with `decimals` 1): a figure above zero that rounds to nothing at that many places,
    /// as pages show one. It matches what rounds to 0 there.
    pub fn below(decimals: u8) -> Stated {
        Stated { value: 0.0, decimals, approx: false, below: true }
    }

    /// The same figure, written as approximate (`~45x`).
    pub fn approximate(self) -> Stated {
        Stated { approx: true, ..self }
    }

    /// True when `computed` rounds to what was written: it lies within half a unit of the last
    /// written digit (`58x` matches 57.6, `4.9x` matches 4.85), or for an approximate figure
    /// within `APPROX_SHARE` of it when that is wider (`~45x` matches 45.7 and 47). A tiny
    /// relative tolerance absorbs binary floating point (4.85 is stored as 4.8499…).
    pub fn matches(self, computed: f64) -> bool {
        let half_unit = 0.5 * 10f64.powi(-i32::from(self.decimals.min(15)));
        let about = if self.approx { APPROX_SHARE * self.value.abs() } else { 0.0 };
        let slack = 1e-9 * computed.abs().max(1.0);
        (computed - self.value).abs() <= half_unit.max(about) + slack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_at_written_precision() {
        assert!(Stated::new(58.0, 0).matches(57.6));
        assert!(Stated::new(4.9, 1).matches(4.85));
        assert!(Stated::new(53.3, 1).matches(960.0 / 18.0));
        assert!(Stated::new(45.7, 1).matches(12240.0 / 268.0));
    }

    #[test]
    fn an_approximate_figure_matches_within_a_twentieth() {
        let about = Stated::new(45.0, 0).approximate();
        assert!(about.matches(45.7) && about.matches(47.2) && about.matches(42.8));
        assert!(!about.matches(47.3) && !about.matches(42.7));
        // Never tighter than its written precision.
        assert!(Stated::new(0.5, 1).approximate().matches(0.54));
    }

    #[test]
    fn rejects_a_different_figure() {
        assert!(!Stated::new(300.0, 0).matches(30.0));
        assert!(!Stated::new(4.8, 1).matches(4.86));
        assert!(!Stated::new(58.0, 0).matches(58.6));
    }
}
