//! `WorkWeek`: how many hours make a working day and how many days a working week.
//!
//! A site sets these in site.toml (`hours_per_day`, `days_per_week`); they turn `1.5d` and `1.0w` into
//! minutes and human hours into "working days" and "weeks".

/// The length of a working day and week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorkWeek {
    /// Hours in one working day (default 8).
    pub hours_per_day: f64,
    /// Working days in one week (default 5).
    pub days_per_week: f64,
}

impl Default for WorkWeek {
    fn default() -> WorkWeek {
        WorkWeek { hours_per_day: 8.0, days_per_week: 5.0 }
    }
}

impl WorkWeek {
    /// Minutes in one working day.
    pub fn day_minutes(&self) -> f64 {
        self.hours_per_day * 60.0
    }

    /// Minutes in one working week.
    pub fn week_minutes(&self) -> f64 {
        self.day_minutes() * self.days_per_week
    }
}
