//! Times every chart on 10,000 days and 150,000 tasks and prints each SVG's size:
//! `cargo run --release -p leverage-site --example chart_timing`. A measurement for
//! docs/performance.md, not a test: tests never time anything.
#![allow(clippy::print_stdout, reason = "an example that reports its measurements")]

use std::time::Instant;

use chrono::NaiveDate;
use math::{Leverage, Minutes};
use site::charts::{self, Day};

fn main() {
    let start = NaiveDate::from_ymd_opt(1998, 8, 15).expect("a date");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |range: u32| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % u64::from(range)) as u32
    };
    let days: Vec<Day> = (0..10_000u32)
        .map(|i| Day {
            date: start + chrono::Days::new(u64::from(i)),
            human: Minutes::from(600 + next(6000)),
            ai: Minutes::from(30 + next(300)),
        })
        .collect();
    let tasks: Vec<(NaiveDate, Leverage)> = (0..150_000u32)
        .map(|i| {
            let human = Minutes::from(30 + next(2400));
            let ai = Minutes::from(1 + next(60));
            (start + chrono::Days::new(u64::from(i / 15)), Leverage::ratio(human, ai).expect("ai above zero"))
        })
        .collect();
    let leverages: Vec<Leverage> = tasks.iter().map(|(_, l)| *l).collect();
    let named: Vec<(String, Leverage)> =
        tasks.iter().take(22).map(|(d, l)| (format!("Task of {d}"), *l)).collect();
    let all = Instant::now();
    let mut report = Vec::new();
    let mut time = |name: &str, chart: &dyn Fn() -> Option<charts::Chart>| {
        let t = Instant::now();
        let svg = chart().map_or(0, |c| c.svg.len());
        report.push((name.to_string(), t.elapsed(), svg));
    };
    time("cumulative (10k days)", &|| charts::cumulative(&days, "AI"));
    time("daily_leverage (10k days, 7-day window)", &|| charts::daily_leverage(&days, 7, "AI"));
    time("distribution (150k tasks)", &|| charts::distribution(&leverages));
    time("hours_by_day (last 8 weeks)", &|| charts::hours_by_day(&days, 8));
    time("task_bars (one record, 22 tasks)", &|| charts::task_bars(&named));
    time("leverage_curve (150k tasks)", &|| charts::leverage_curve(&tasks));
    let total = all.elapsed();
    for (name, elapsed, bytes) in &report {
        println!("{name:<42} {:>8.2} ms {:>7} bytes of SVG", elapsed.as_secs_f64() * 1000.0, bytes);
    }
    println!("{:<42} {:>8.2} ms", "all charts", total.as_secs_f64() * 1000.0);
}
