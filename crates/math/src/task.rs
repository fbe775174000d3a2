//! `TaskFigures`: the numbers of one task row, and the leverage computed from them.

use std::num::NonZeroU64;

use crate::{Leverage, Minutes, Tokens};

/// Why a set of durations cannot make a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureError {
    /// The AI time is zero: the leverage would be infinite.
    ZeroAiTime,
    /// A supervisory time was given and is zero.
    ZeroSupervisoryTime,
    /// A duration is longer than one cell can say (`Minutes::MAX`): a sum, not a task's time.
    TooLong,
}

/// The figures of one task: what a human would have needed, what the agent took, what supervising
/// it cost, and the tokens used.
///
/// The durations are held as 64-bit counts of millionths of a minute (a `Minutes` takes 128 bits,
/// for sums): 40 bytes instead of 80, for each of a large site's 150,000 tasks, and an AI time and
/// a supervisory time that are never zero by their type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TaskFigures {
    human: u64,
    ai: NonZeroU64,
    supervisory: Option<NonZeroU64>,
    tokens: Option<Tokens>,
}

impl TaskFigures {
    /// Builds a task. The AI time, and the supervisory time when known, must be above zero, so
    /// that every leverage of a task exists.
    pub fn new(
        human: Minutes,
        ai: Minutes,
        supervisory: Option<Minutes>,
        tokens: Option<Tokens>,
    ) -> Result<TaskFigures, FigureError> {
        let count = |m: Minutes| m.count_u64().filter(|&c| c <= MAX_COUNT).ok_or(FigureError::TooLong);
        let human = count(human)?;
        let ai = NonZeroU64::new(count(ai)?).ok_or(FigureError::ZeroAiTime)?;
        let supervisory = match supervisory {
            Some(s) => Some(NonZeroU64::new(count(s)?).ok_or(FigureError::ZeroSupervisoryTime)?),
            None => None,
        };
        Ok(TaskFigures { human, ai, supervisory, tokens })
    }

    /// The human estimate.
    pub fn human(&self) -> Minutes {
        Minutes::from_count(self.human)
    }

    /// The agent's time.
    pub fn ai(&self) -> Minutes {
        Minutes::from_count(self.ai.get())
    }

    /// The supervising time, when the writer gave it.
    pub fn supervisory(&self) -> Option<Minutes> {
        self.supervisory.map(|s| Minutes::from_count(s.get()))
    }

    /// The tokens used, when the writer gave them.
    pub fn tokens(&self) -> Option<Tokens> {
        self.tokens
    }

    /// Leverage: human time / AI time.
    pub fn leverage(&self) -> Leverage {
        Leverage::ratio(self.human(), self.ai()).expect("AI time is checked to be above zero")
    }

    /// Supervisory leverage: human time / supervising time, when that time is known.
    pub fn supervisory_leverage(&self) -> Option<Leverage> {
        self.supervisory().and_then(|sup| Leverage::ratio(self.human(), sup))
    }
}

/// The longest duration a task holds, in millionths: `Minutes::MAX`, which every duration read
/// from a cell is within.
const MAX_COUNT: u64 = (Minutes::MAX * 1e6) as u64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_both_leverages() {
        let task = TaskFigures::new(Minutes::from(480), Minutes::from(12), Some(Minutes::from(30)), None)
            .expect("valid task");
        assert_eq!(task.leverage().get(), 40.0);
        assert_eq!(task.supervisory_leverage().map(Leverage::get), Some(16.0));
    }

    #[test]
    fn refuses_zero_ai_time() {
        let task = TaskFigures::new(Minutes::from(60), Minutes::ZERO, None, None);
        assert_eq!(task, Err(FigureError::ZeroAiTime));
    }

    #[test]
    fn refuses_a_duration_longer_than_a_cell_can_say() {
        let longest = Minutes::new(Minutes::MAX).expect("the longest a cell can say");
        let task = TaskFigures::new(longest, longest, Some(longest), None).expect("within range");
        assert_eq!((task.human(), task.ai(), task.supervisory()), (longest, longest, Some(longest)));
        let sum = longest + Minutes::from(1);
        assert_eq!(TaskFigures::new(sum, Minutes::from(1), None, None), Err(FigureError::TooLong));
        assert_eq!(TaskFigures::new(Minutes::from(1), sum, None, None), Err(FigureError::TooLong));
        assert_eq!(
            TaskFigures::new(Minutes::from(1), Minutes::from(1), Some(sum), None),
            Err(FigureError::TooLong)
        );
        assert_eq!(std::mem::size_of::<TaskFigures>(), 40);
    }

    #[test]
    fn refuses_zero_supervisory_time() {
        let task = TaskFigures::new(Minutes::from(60), Minutes::from(1), Some(Minutes::ZERO), None);
        assert_eq!(task, Err(FigureError::ZeroSupervisoryTime));
    }
}
