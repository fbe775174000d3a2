//! The leaf of leverage: value types, the leverage math and the display rules.
//!
//! Everything here is pure: no I/O, no clock, no files, no markdown, no HTML. Parsing of cell text
//! lives in `content`; this crate only knows numbers and how to show them.

pub mod aggregate;
pub mod display;
pub mod leverage;
pub mod minutes;
pub mod stated;
pub mod task;
pub mod tokens;
pub mod workweek;

pub use aggregate::{Spread, Totals};
pub use leverage::Leverage;
pub use minutes::Minutes;
pub use stated::Stated;
pub use task::{FigureError, TaskFigures};
pub use tokens::Tokens;
pub use workweek::WorkWeek;

/// Helpers the crate's tests share.
#[cfg(test)]
pub(crate) mod testing {
    /// The leverage the display rules show for the exact ratio `numerator / denominator`, by
    /// integer arithmetic alone: tenths rounded half up, a trailing `.0` dropped. The oracle for
    /// figures computed in floating point.
    pub(crate) fn shown_exactly(numerator: u64, denominator: u64) -> String {
        let tenths = (20 * numerator + denominator) / (2 * denominator);
        if tenths == 0 && numerator > 0 {
            return "<0.1x".to_string();
        }
        match tenths % 10 {
            0 => format!("{}x", tenths / 10),
            d => format!("{}.{d}x", tenths / 10),
        }
    }
}
