//! A tiny deterministic random number generator (SplitMix64) for the synthetic sites.
//!
//! It exists so that `gen` writes the same bytes for the same seed on every platform and with every
//! version of every crate; it is not for anything that needs unpredictability.

/// SplitMix64: one `u64` of state, good statistical quality, no dependency.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for one stream: the site's seed mixed with a stream number (a record's index), so
    /// each record can be generated alone and in any order.
    pub(crate) fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0) has no answer");
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A float in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `count` distinct indices into a slice of `len`, in random order.
    pub(crate) fn distinct(&mut self, len: usize, count: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..len).collect();
        for i in 0..count.min(len) {
            let j = i + self.below((len - i) as u64) as usize;
            all.swap(i, j);
        }
        all.truncate(count.min(len));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_and_stream_give_the_same_numbers() {
        let a: Vec<u64> = std::iter::repeat_with({
            let mut r = Rng::new(7, 3);
            move || r.next_u64()
        })
        .take(5)
        .collect();
        let mut r = Rng::new(7, 3);
        assert_eq!(a, (0..5).map(|_| r.next_u64()).collect::<Vec<_>>());
    }

    #[test]
    fn streams_differ() {
        assert_ne!(Rng::new(7, 3).next_u64(), Rng::new(7, 4).next_u64());
    }

    #[test]
    fn range_stays_inside_its_bounds() {
        let mut r = Rng::new(1, 1);
        assert!((0..10_000).map(|_| r.range(8, 22)).all(|n| (8..=22).contains(&n)));
    }

    #[test]
    fn distinct_indices_do_not_repeat() {
        let mut r = Rng::new(1, 2);
        let mut picked = r.distinct(30, 3);
        picked.sort_unstable();
        picked.dedup();
        assert_eq!(picked.len(), 3);
    }
}
