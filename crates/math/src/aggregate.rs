//! Aggregates of any set of tasks or records: additive `Totals` and the `Spread` of per-task
//! leverage.
//!
//! `Totals` add up (a record's totals are the sum of its tasks'; a month's, the sum of its
//! records'), so cumulative series and indexes never recount tasks. The weighted leverage is total
//! human time over total AI time, never a mean of ratios; the mean is in `Spread`, labelled as such.

use std::iter::Sum;
use std::ops::{Add, AddAssign};

use crate::{Leverage, Minutes, TaskFigures, Tokens, WorkWeek};

/// Sums over a set of tasks: counts, durations and tokens, each with how many rows were known.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    /// Records counted (zero for a bare set of tasks).
    pub records: u64,
    /// Tasks counted.
    pub tasks: u64,
    /// Total human estimate.
    pub human: Minutes,
    /// Total AI time.
    pub ai: Minutes,
    /// Total supervising time over the rows where it is known.
    pub supervisory: Minutes,
    /// Rows with a known supervising time.
    pub supervisory_known: u64,
    /// Human estimate of the rows with a known supervising time: the numerator of the weighted
    /// supervisory leverage.
    pub supervised_human: Minutes,
    /// Sum of the known token counts.
    pub tokens: u64,
    /// Rows whose token count is known.
    pub tokens_known: u64,
    /// Whether any counted token figure was itself approximate.
    pub tokens_marked_approx: bool,
}

impl Totals {
    /// The totals of one task.
    pub fn of_task(task: &TaskFigures) -> Totals {
        let sup = task.supervisory();
        let tokens = task.tokens();
        Totals {
            records: 0,
            tasks: 1,
            human: task.human(),
            ai: task.ai(),
            supervisory: sup.unwrap_or(Minutes::ZERO),
            supervisory_known: u64::from(sup.is_some()),
            supervised_human: if sup.is_some() { task.human() } else { Minutes::ZERO },
            tokens: tokens.map_or(0, |t| t.count),
            tokens_known: u64::from(tokens.is_some()),
            tokens_marked_approx: tokens.is_some_and(|t| t.approx),
        }
    }

    /// The totals of one record made of these tasks. `day_tokens` is the record's own token count
    /// (from its front matter) for posts that give tokens per day rather than per row: it replaces
    /// the rows' counts and counts as known for every task.
    pub fn of_record<'a>(
        tasks: impl IntoIterator<Item = &'a TaskFigures>,
        day_tokens: Option<Tokens>,
    ) -> Totals {
        let mut totals: Totals = tasks.into_iter().map(Totals::of_task).sum();
        totals.records = 1;
        if let Some(day) = day_tokens {
            totals.tokens = day.count;
            totals.tokens_known = totals.tasks;
            totals.tokens_marked_approx = day.approx;
        }
        totals
    }

    /// Weighted leverage: total human time / total AI time. `None` with no tasks.
    pub fn weighted_leverage(&self) -> Option<Leverage> {
        Leverage::ratio(self.human, self.ai)
    }

    /// Weighted supervisory leverage over the rows with a known supervising time.
    pub fn weighted_supervisory_leverage(&self) -> Option<Leverage> {
        Leverage::ratio(self.supervised_human, self.supervisory)
    }

    /// Total supervising time, or `None` when no row gave one.
    pub fn supervisory_minutes(&self) -> Option<Minutes> {
        (self.supervisory_known > 0).then_some(self.supervisory)
    }

    /// The token total, or `None` when no row (and no record's own count) gave one. Approximate
    /// when any row is unknown or any count was written as approximate. A record's own count
    /// (`of_record`'s `day_tokens`) counts even when it has no rows to carry it.
    pub fn tokens(&self) -> Option<Tokens> {
        (self.tokens_known > 0 || self.tokens > 0).then_some(Tokens {
            count: self.tokens,
            approx: self.tokens_marked_approx || self.tokens_known < self.tasks,
        })
    }

    /// Whether the token total leaves out or approximates any row.
    pub fn tokens_approx(&self) -> bool {
        self.tokens().is_some_and(|t| t.approx)
    }

    /// Human-equivalent working days.
    pub fn human_days(&self, week: &WorkWeek) -> f64 {
        self.human.per(week.day_minutes())
    }

    /// Human-equivalent working weeks.
    pub fn human_weeks(&self, week: &WorkWeek) -> f64 {
        self.human.per(week.week_minutes())
    }
}

impl Add for Totals {
    type Output = Totals;

    fn add(mut self, other: Totals) -> Totals {
        self += other;
        self
    }
}

impl AddAssign for Totals {
    fn add_assign(&mut self, other: Totals) {
        self.records += other.records;
        self.tasks += other.tasks;
        self.human = self.human + other.human;
        self.ai = self.ai + other.ai;
        self.supervisory = self.supervisory + other.supervisory;
        self.supervisory_known += other.supervisory_known;
        self.supervised_human = self.supervised_human + other.supervised_human;
        // A sum past u64::MAX (only reachable with absurd counts) stays at the largest count and
        // is marked approximate rather than shown as an exact figure it is not.
        let (tokens, overflowed) = self.tokens.overflowing_add(other.tokens);
        self.tokens = if overflowed { u64::MAX } else { tokens };
        self.tokens_known += other.tokens_known;
        self.tokens_marked_approx |= other.tokens_marked_approx || overflowed;
    }
}

impl Sum for Totals {
    fn sum<I: Iterator<Item = Totals>>(iter: I) -> Totals {
        iter.fold(Totals::default(), Add::add)
    }
}

impl<'a> Sum<&'a Totals> for Totals {
    fn sum<I: Iterator<Item = &'a Totals>>(iter: I) -> Totals {
        iter.copied().sum()
    }
}

/// How per-task leverage is spread: the plain (unweighted) mean, the median, the least and the
/// greatest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The mean of the tasks' factors (not weighted by time).
    pub mean: Leverage,
    /// The median factor (the mean of the two middle ones for an even count).
    pub median: Leverage,
    /// The smallest factor.
    pub min: Leverage,
    /// The largest factor.
    pub max: Leverage,
}

impl Spread {
    /// The spread of these leverages, or `None` for an empty set.
    pub fn of(leverages: impl IntoIterator<Item = Leverage>) -> Option<Spread> {
        let mut values: Vec<f64> = leverages.into_iter().map(Leverage::get).collect();
        // Values that `total_cmp` finds equal are the same bits, so an unstable sort gives the
        // same order, in half the time of a stable one on a whole site's 150,000 tasks.
        values.sort_unstable_by(f64::total_cmp);
        Spread::of_sorted(&values)
    }

    /// The spread of leverages already in the order `f64::total_cmp` gives (`Leverage::get` of
    /// each), or `None` for none: for sets that grow, kept sorted as they do.
    pub fn of_sorted(values: &[f64]) -> Option<Spread> {
        debug_assert!(values.is_sorted_by(|a, b| a.total_cmp(b).is_le()));
        if values.is_empty() {
            return None;
        }
        let n = values.len();
        let (low, high) = (values[(n - 1) / 2], values[n / 2]);
        // A median that is one task's leverage (an odd count, or two middle ones alike) is that
        // task's figure to its last bit, as data/records.json gives the task and its row shows
        // it; so is the mean of tasks that are all alike. Only a figure computed between tasks is
        // taken to twelve digits.
        let median = if low == high { low } else { twelve_digits((low + high) / 2.0) };
        let mean = if values[0] == values[n - 1] {
            values[0]
        } else {
            twelve_digits(compensated_sum(values) / n as f64)
        };
        Some(Spread {
            mean: Leverage::from_computed(mean),
            median: Leverage::from_computed(median),
            min: Leverage::from_computed(values[0]),
            max: Leverage::from_computed(values[n - 1]),
        })
    }
}

/// The sum of `values` with the rounding error of each addition carried along (Neumaier), so a
/// mean over a whole site's tasks is as exact as over a day's.
fn compensated_sum(values: &[f64]) -> f64 {
    let (mut sum, mut lost) = (0.0f64, 0.0f64);
    for &value in values {
        let next = sum + value;
        lost += if sum.abs() >= value.abs() { (sum - next) + value } else { (value - next) + sum };
        sum = next;
    }
    sum + lost
}

/// `value` to twelve significant digits. A mean or median of factors that are short decimals
/// (6.1x and 6.4x) is then the short decimal itself (6.25), not the binary number beside it
/// (6.249999999999999) that the display rules would round the other way; twelve digits are far
/// more than any figure shows.
fn twelve_digits(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let places = 11 - value.abs().log10().floor() as i32;
    if !(0..=22).contains(&places) {
        return value;
    }
    // 10^places is exact up to 10^22, and the scaled value is below 10^12.
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn factor(tenths: u32) -> Leverage {
        Leverage::ratio(Minutes::from(tenths), Minutes::from(10)).expect("positive")
    }

    /// The mean of `count` factors whose tenths add up to `sum`, shown by integer arithmetic.
    fn shown(sum: u32, count: u32) -> String {
        crate::testing::shown_exactly(u64::from(sum), 10 * u64::from(count))
    }

    #[test]
    fn a_median_or_mean_of_one_task_is_its_figure_to_the_last_bit() {
        // 50/3: data/records.json gives the task 16.666666666666668, and its median is that.
        let one = Leverage::ratio(Minutes::from(50), Minutes::from(3)).expect("positive");
        let spread = Spread::of([one]).expect("a value");
        assert_eq!((spread.median.get(), spread.mean.get()), (50.0 / 3.0, 50.0 / 3.0));
        let three = Spread::of([factor(10), one, factor(200)]).expect("values");
        assert_eq!(three.median.get(), 50.0 / 3.0);
    }

    #[test]
    fn a_median_on_a_half_rounds_up() {
        // 1.2 + 1.9 in binary is 3.0999999999999996: halved, 1.5499999999999998, shown 1.5x.
        let spread = Spread::of([factor(12), factor(19)]).expect("values");
        assert_eq!(spread.median.get(), 1.55);
        assert_eq!(crate::display::leverage(spread.median), "1.6x");
        assert_eq!(crate::display::leverage(spread.mean), "1.6x");
    }

    proptest! {
        /// Mean and median of factors with one decimal are shown as exact arithmetic shows them.
        #[test]
        fn mean_and_median_of_decimal_factors_are_shown_exactly(
            tenths in proptest::collection::vec(1u32..5_000, 1..9),
        ) {
            let spread = Spread::of(tenths.iter().map(|t| factor(*t))).expect("values");
            let count = tenths.len() as u32;
            prop_assert_eq!(crate::display::leverage(spread.mean), shown(tenths.iter().sum(), count));
            let mut sorted = tenths.clone();
            sorted.sort_unstable();
            let n = sorted.len();
            let median = if n % 2 == 1 { shown(sorted[n / 2], 1) } else { shown(sorted[n / 2 - 1] + sorted[n / 2], 2) };
            prop_assert_eq!(crate::display::leverage(spread.median), median);
        }

        #[test]
        fn twelve_digits_moves_a_value_by_less_than_a_part_in_a_hundred_billion(v in 1e-9f64..1e12) {
            prop_assert!((twelve_digits(v) - v).abs() <= v * 1e-11);
        }

        /// The median of an odd count is one task's leverage, exactly as the task has it, and
        /// the mean of tasks all alike is their figure.
        #[test]
        fn a_median_of_one_task_is_that_task_s_own_figure(
            pairs in proptest::collection::vec((1u32..100_000, 1u32..10_000), 1..6),
        ) {
            let leverages: Vec<Leverage> = pairs
                .iter()
                .map(|(h, a)| Leverage::ratio(Minutes::from(*h), Minutes::from(*a)).expect("positive"))
                .collect();
            let spread = Spread::of(leverages.iter().copied()).expect("values");
            let mut sorted: Vec<f64> = leverages.iter().map(|l| l.get()).collect();
            sorted.sort_by(f64::total_cmp);
            if sorted.len() % 2 == 1 {
                prop_assert_eq!(spread.median.get(), sorted[sorted.len() / 2]);
            }
            let alike = Spread::of(vec![leverages[0]; pairs.len()]).expect("values");
            let first = leverages[0].get();
            prop_assert_eq!((alike.mean.get(), alike.median.get()), (first, first));
        }
    }

    fn task(human: u32, ai: u32, sup: Option<u32>, tokens: Option<u64>) -> TaskFigures {
        TaskFigures::new(human.into(), ai.into(), sup.map(Minutes::from), tokens.map(Tokens::exact))
            .expect("valid test task")
    }

    #[test]
    fn weighted_leverage_is_not_the_mean_of_ratios() {
        let tasks = [task(600, 10, None, None), task(60, 60, None, None)];
        let totals = Totals::of_record(&tasks, None);
        assert_eq!(totals.weighted_leverage().map(Leverage::get), Some(660.0 / 70.0));
        let spread = Spread::of(tasks.iter().map(TaskFigures::leverage)).expect("two tasks");
        assert_eq!(spread.mean.get(), 30.5);
    }

    #[test]
    fn unknown_tokens_make_the_sum_approximate() {
        let tasks = [task(60, 1, None, Some(1000)), task(60, 1, None, None)];
        let totals = Totals::of_record(&tasks, None);
        assert_eq!(totals.tokens(), Some(Tokens::approx(1000)));
        assert_eq!(totals.tokens_known, 1);
    }

    #[test]
    fn no_known_tokens_is_none() {
        let totals = Totals::of_record(&[task(60, 1, None, None)], None);
        assert_eq!(totals.tokens(), None);
    }

    #[test]
    fn day_tokens_count_on_a_record_without_rows_and_in_the_sum() {
        let empty = Totals::of_record(&[], Some(Tokens::exact(5000)));
        assert_eq!(empty.tokens(), Some(Tokens::exact(5000)));
        let other = Totals::of_record(&[task(60, 1, None, Some(1000))], None);
        assert_eq!((empty + other).tokens(), Some(Tokens::exact(6000)));
        assert_eq!(Totals::of_record(&[], None).tokens(), None);
    }

    #[test]
    fn day_tokens_replace_the_rows() {
        let tasks = [task(60, 1, None, None), task(60, 1, None, None)];
        let totals = Totals::of_record(&tasks, Some(Tokens::approx(595_000)));
        assert_eq!(totals.tokens(), Some(Tokens::approx(595_000)));
        assert_eq!(totals.tokens_known, 2);
    }

    #[test]
    fn a_token_sum_past_the_largest_count_is_approximate() {
        let huge = TaskFigures::new(Minutes::from(60), Minutes::from(1), None, Some(Tokens::exact(u64::MAX)))
            .expect("valid task");
        let totals = Totals::of_record(&[huge, huge], None);
        assert_eq!(totals.tokens(), Some(Tokens { count: u64::MAX, approx: true }));
        let one = Totals::of_record(
            &[TaskFigures::new(Minutes::from(60), Minutes::from(1), None, Some(Tokens::exact(5)))
                .expect("valid")],
            None,
        );
        assert_eq!((one + one).tokens(), Some(Tokens::exact(10)));
    }

    #[test]
    fn supervisory_leverage_counts_only_supervised_rows() {
        let tasks = [task(600, 10, Some(60), None), task(600, 10, None, None)];
        let totals = Totals::of_record(&tasks, None);
        assert_eq!(totals.weighted_supervisory_leverage().map(Leverage::get), Some(10.0));
        assert_eq!(totals.supervisory_minutes(), Some(Minutes::from(60)));
        assert_eq!(totals.supervisory_known, 1);
    }

    #[test]
    fn records_add_up() {
        let a = Totals::of_record(&[task(60, 1, None, Some(5))], None);
        let b = Totals::of_record(&[task(120, 2, Some(4), None)], None);
        let sum = a + b;
        assert_eq!((sum.records, sum.tasks, sum.human, sum.ai), (2, 2, 180.into(), 3.into()));
        assert_eq!(sum.tokens(), Some(Tokens::approx(5)));
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle() {
        let spread = Spread::of([1.0, 4.0, 2.0, 3.0].map(Leverage::from_computed)).expect("values");
        assert_eq!(spread.median.get(), 2.5);
        assert_eq!((spread.min.get(), spread.max.get()), (1.0, 4.0));
    }

    #[test]
    fn empty_spread_is_none() {
        assert_eq!(Spread::of([]), None);
    }
}
