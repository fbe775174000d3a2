//! Tests of the generator: reproducible for a seed, every layout and cell format present, and every
//! stated figure in agreement with the cells, checked by reading the text back independently.

use std::collections::{BTreeSet, HashSet};

use super::{Layout, record};

const WEEK_MINUTES: f64 = 2400.0;

/// Reads a duration the way the contract defines it, independently of the generator's own values.
fn minutes(text: &str) -> f64 {
    let mut total = 0.0;
    let mut rest = text.trim();
    assert!(!rest.is_empty(), "an empty duration");
    while !rest.is_empty() {
        let n = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let value: f64 = rest[..n].parse().unwrap_or_else(|_| panic!("a number in `{text}`"));
        rest = rest[n..].trim_start();
        let u = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let unit = match &rest[..u] {
            "m" | "min" | "minute" | "minutes" => 1.0,
            "h" | "hr" | "hrs" | "hours" => 60.0,
            "d" => 480.0,
            "w" => WEEK_MINUTES,
            other => panic!("unit `{other}` in `{text}`"),
        };
        total += value * unit;
        rest = rest[u..].trim_start();
    }
    total
}

/// A stated number and its count of decimals (`53.3x` is (53.3, 1)).
fn stated(text: &str) -> (f64, i32) {
    let number = text.trim().trim_start_matches('~').trim_end_matches(['x', '×']);
    let decimals = number.split_once('.').map_or(0, |(_, f)| f.len() as i32);
    (number.replace(',', "").parse().unwrap_or_else(|_| panic!("a number in `{text}`")), decimals)
}

/// Whether `computed` rounds to what was written.
fn agrees(text: &str, computed: f64) -> bool {
    let (value, decimals) = stated(text);
    (computed - value).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9 * computed.abs().max(1.0)
}

/// A token cell's count, `None` when unknown.
fn tokens(text: &str) -> Option<f64> {
    let t = text.trim().trim_start_matches('~');
    if t.is_empty() || t == "—" {
        return None;
    }
    let (number, scale) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1e3),
        Some('M') => (&t[..t.len() - 1], 1e6),
        _ => (t, 1.0),
    };
    Some(number.replace(',', "").parse::<f64>().expect("a token count") * scale)
}

/// The rows of the record's task table, as maps from header to cell.
fn task_rows(text: &str) -> Vec<Vec<(String, String)>> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.contains("| Human Est. |")).expect("a task table");
    let header: Vec<String> = cells(lines[start]);
    lines[start + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .map(|l| header.iter().cloned().zip(cells(l)).collect())
        .collect()
}

/// The metric rows of the record's aggregate table, if it has one.
fn metric_rows(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with("| Metric | Value |")) else {
        return Vec::new();
    };
    lines[start + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let c = cells(l);
            (c[0].clone(), c[1].clone())
        })
        .collect()
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

fn cell<'a>(row: &'a [(String, String)], names: &[&str]) -> Option<&'a str> {
    row.iter().find(|(h, _)| names.contains(&h.as_str())).map(|(_, v)| v.as_str())
}

/// A cell's shape: every run of digits becomes `N` (`4h 28min` is `Nh Nmin`).
fn shape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('N') {
                out.push('N');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn same_seed_gives_the_same_record() {
    for index in [0, 7, 199] {
        assert_eq!(record(42, index, 200).text, record(42, index, 200).text);
    }
}

#[test]
fn another_seed_gives_another_record() {
    assert_ne!(record(1, 3, 200).text, record(2, 3, 200).text);
}

#[test]
fn every_layout_appears_in_twenty_records() {
    let layouts: HashSet<Layout> = (0..20).map(|i| record(1, i, 20).layout).collect();
    assert_eq!(layouts.len(), Layout::ALL.len());
}

#[test]
fn records_are_consecutive_days_ending_on_the_last_day() {
    let names: Vec<String> = (0..3).map(|i| record(1, i, 3).file_name).collect();
    assert_eq!(names, ["2025-12-29.md", "2025-12-30.md", "2025-12-31.md"]);
}

#[test]
fn fifty_thousand_records_keep_valid_dates() {
    assert_eq!(record(1, 0, 50_000).file_name, "1889-02-08.md");
}

/// A day lists each task once: the same task twice is a repeat `leverage check` warns of.
#[test]
fn no_record_lists_a_task_twice() {
    for index in 0..10_000 {
        let text = record(1, index, 10_000).text;
        let mut seen = HashSet::new();
        for row in task_rows(&text) {
            let task = cell(&row, &["Task"]).expect("a task").to_string();
            assert!(seen.insert(task.clone()), "record {index} lists `{task}` twice");
        }
    }
}

#[test]
fn every_stated_factor_agrees_with_its_row() {
    for seed in [1, 2, 3] {
        for index in 0..200 {
            let text = record(seed, index, 200).text;
            for row in task_rows(&text) {
                let human = minutes(cell(&row, &["Human Est."]).expect("a human estimate"));
                let ai = minutes(cell(&row, &["Claude", "Claude Time"]).expect("an AI time"));
                let lev = cell(&row, &["Leverage", "LF", "Factor"]).expect("a stated leverage");
                assert!(agrees(lev, human / ai), "seed {seed} record {index}: {lev} vs {}", human / ai);
                let sup = cell(&row, &["Supv.", "Sup."]).filter(|s| !s.is_empty());
                let slf = cell(&row, &["SLF", "Sup. Factor"]).filter(|s| !s.is_empty());
                match (sup, slf) {
                    (Some(sup), Some(slf)) => assert!(agrees(slf, human / minutes(sup)), "{slf}"),
                    (None, None) => {}
                    other => panic!("a supervisory factor without its time, or the reverse: {other:?}"),
                }
                if let Some(weeks) = cell(&row, &["Weeks"]) {
                    assert!(agrees(weeks, human / WEEK_MINUTES), "{weeks} weeks for {human} minutes");
                }
            }
        }
    }
}

#[test]
fn every_stated_aggregate_agrees_with_the_rows() {
    let mut checked = 0;
    for index in 0..200 {
        let text = record(5, index, 200).text;
        let rows = task_rows(&text);
        let sum = |names: &[&str]| -> f64 { rows.iter().filter_map(|r| cell(r, names)).map(minutes).sum() };
        let (human, ai) = (sum(&["Human Est."]), sum(&["Claude", "Claude Time"]));
        let supervised: Vec<(f64, f64)> = rows
            .iter()
            .filter_map(|r| {
                let sup = cell(r, &["Supv.", "Sup."]).filter(|s| !s.is_empty())?;
                Some((minutes(cell(r, &["Human Est."])?), minutes(sup)))
            })
            .collect();
        for (name, value) in metric_rows(&text) {
            let lead = value.split(" (").next().expect("a value");
            let computed = match name.as_str() {
                "Total tasks" => rows.len() as f64,
                "Total human-equivalent hours" | "Human-equivalent hours" => human / 60.0,
                "Human-equivalent weeks" => human / WEEK_MINUTES,
                "Total Claude minutes" | "Claude wall-clock time" => ai,
                "Supervisory time" | "Total supervisory minutes" => supervised.iter().map(|s| s.1).sum(),
                "Weighted average leverage" | "Weighted avg leverage factor" => human / ai,
                "Weighted avg supervisory factor" | "Weighted average supervisory leverage factor" => {
                    supervised.iter().map(|s| s.0).sum::<f64>() / supervised.iter().map(|s| s.1).sum::<f64>()
                }
                "Total tokens" | "Tokens consumed" => {
                    let from_rows: f64 =
                        rows.iter().filter_map(|r| cell(r, &["Tokens"]).and_then(tokens)).sum();
                    let lead = lead.trim_start_matches('~');
                    let (number, unit) = match lead.chars().last() {
                        Some('k') => (&lead[..lead.len() - 1], 1e3),
                        Some('M') => (&lead[..lead.len() - 1], 1e6),
                        _ => (lead, 1.0),
                    };
                    if rows.iter().any(|r| cell(r, &["Tokens"]).is_some()) {
                        assert!(agrees(number, from_rows / unit), "{value} tokens, rows say {from_rows}");
                    }
                    continue;
                }
                other => panic!("unexpected metric `{other}`"),
            };
            let number = lead.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            assert!(agrees(number, computed), "record {index}: {name} {value}, computed {computed}");
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} metrics checked");
}

#[test]
fn tokens_sit_in_the_table_or_in_front_matter_never_both() {
    for index in 0..50 {
        let r = record(1, index, 50);
        let front_matter = r.text.split("+++").nth(1).expect("front matter");
        let in_front = front_matter.contains("\ntokens = ");
        let in_table = r.text.contains("| Tokens |");
        assert!(
            in_front != in_table,
            "record {index}: tokens in front matter {in_front}, in table {in_table}"
        );
    }
}

#[test]
fn every_cell_format_of_the_contract_appears() {
    let mut durations = BTreeSet::new();
    let mut token_shapes = BTreeSet::new();
    for index in 0..200 {
        for row in task_rows(&record(1, index, 200).text) {
            for (header, value) in &row {
                match header.as_str() {
                    "Human Est." | "Claude" | "Claude Time" | "Supv." | "Sup." => {
                        durations.insert(shape(value));
                    }
                    "Tokens" => {
                        token_shapes.insert(shape(value));
                    }
                    _ => {}
                }
            }
        }
    }
    let contract_durations = [
        "40h",
        "60.0h",
        "20min",
        "35m",
        "8.6m",
        "4h 28min",
        "1h30m",
        "2.5 hours",
        "90 minutes",
        "45 min",
        "1 hr",
        "1.5d",
        "1.0w",
    ];
    for example in contract_durations {
        assert!(durations.contains(&shape(example)), "no duration shaped like `{example}`: {durations:?}");
    }
    for example in ["45k", "1.2M", "~1.23M", "120,000", "~595,000", "850", ""] {
        assert!(
            token_shapes.contains(&shape(example)),
            "no tokens shaped like `{example}`: {token_shapes:?}"
        );
    }
}

#[test]
fn records_are_about_seven_kilobytes() {
    let total: usize = (0..200).map(|i| record(1, i, 200).text.len()).sum();
    let mean = total / 200;
    assert!((5_500..=8_500).contains(&mean), "mean record size {mean} bytes");
}
