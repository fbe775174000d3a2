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

    /// The token total, or `None` when no row gave one. Approximate when any row is unknown or
    /// any count was written as approximate.
    pub fn tokens(&self) -> Option<Tokens> {
        (self.tokens_known > 0).then_some(Tokens {
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
        self.tokens = self.tokens.saturating_add(other.tokens);
        self.tokens_known += other.tokens_known;
        self.tokens_marked_approx |= other.tokens_marked_approx;
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
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let median = if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 };
        Some(Spread {
            mean: Leverage::from_computed(mean),
            median: Leverage::from_computed(median),
            min: Leverage::from_computed(values[0]),
            max: Leverage::from_computed(values[n - 1]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn day_tokens_replace_the_rows() {
        let tasks = [task(60, 1, None, None), task(60, 1, None, None)];
        let totals = Totals::of_record(&tasks, Some(Tokens::approx(595_000)));
        assert_eq!(totals.tokens(), Some(Tokens::approx(595_000)));
        assert_eq!(totals.tokens_known, 2);
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
