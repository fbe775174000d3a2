//! `Tokens`: a count of model tokens, exact or approximate (`~595,000`).

/// A token count. `approx` is set when the writer marked it with `~`, or when a sum left out rows
/// whose count was unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tokens {
    /// The number of tokens.
    pub count: u64,
    /// Whether the count is an approximation.
    pub approx: bool,
}

impl Tokens {
    /// An exact count.
    pub fn exact(count: u64) -> Tokens {
        Tokens { count, approx: false }
    }

    /// An approximate count, as written with a leading `~`.
    pub fn approx(count: u64) -> Tokens {
        Tokens { count, approx: true }
    }
}
