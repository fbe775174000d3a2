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
}

impl Stated {
    /// A stated value with the given number of written decimals.
    pub fn new(value: f64, decimals: u8) -> Stated {
        Stated { value, decimals }
    }

    /// True when `computed` rounds to what was written: it lies within half a unit of the last
    /// written digit (`58x` matches 57.6, `4.9x` matches 4.85). A tiny relative tolerance absorbs
    /// binary floating point (4.85 is stored as 4.8499…).
    pub fn matches(self, computed: f64) -> bool {
        let half_unit = 0.5 * 10f64.powi(-i32::from(self.decimals.min(15)));
        let slack = 1e-9 * computed.abs().max(1.0);
        (computed - self.value).abs() <= half_unit + slack
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
    fn rejects_a_different_figure() {
        assert!(!Stated::new(300.0, 0).matches(30.0));
        assert!(!Stated::new(4.8, 1).matches(4.86));
        assert!(!Stated::new(58.0, 0).matches(58.6));
    }
}
