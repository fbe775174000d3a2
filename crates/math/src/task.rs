//! `TaskFigures`: the numbers of one task row, and the leverage computed from them.

use crate::{Leverage, Minutes, Tokens};

/// Why a set of durations cannot make a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureError {
    /// The AI time is zero: the leverage would be infinite.
    ZeroAiTime,
    /// A supervisory time was given and is zero.
    ZeroSupervisoryTime,
}

/// The figures of one task: what a human would have needed, what the agent took, what supervising
/// it cost, and the tokens used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskFigures {
    human: Minutes,
    ai: Minutes,
    supervisory: Option<Minutes>,
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
        if ai.is_zero() {
            return Err(FigureError::ZeroAiTime);
        }
        if supervisory.is_some_and(Minutes::is_zero) {
            return Err(FigureError::ZeroSupervisoryTime);
        }
        Ok(TaskFigures { human, ai, supervisory, tokens })
    }

    /// The human estimate.
    pub fn human(&self) -> Minutes {
        self.human
    }

    /// The agent's time.
    pub fn ai(&self) -> Minutes {
        self.ai
    }

    /// The supervising time, when the writer gave it.
    pub fn supervisory(&self) -> Option<Minutes> {
        self.supervisory
    }

    /// The tokens used, when the writer gave them.
    pub fn tokens(&self) -> Option<Tokens> {
        self.tokens
    }

    /// Leverage: human time / AI time.
    pub fn leverage(&self) -> Leverage {
        Leverage::ratio(self.human, self.ai).expect("AI time is checked to be above zero")
    }

    /// Supervisory leverage: human time / supervising time, when that time is known.
    pub fn supervisory_leverage(&self) -> Option<Leverage> {
        self.supervisory.and_then(|sup| Leverage::ratio(self.human, sup))
    }
}

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
    fn refuses_zero_supervisory_time() {
        let task = TaskFigures::new(Minutes::from(60), Minutes::from(1), Some(Minutes::ZERO), None);
        assert_eq!(task, Err(FigureError::ZeroSupervisoryTime));
    }
}
