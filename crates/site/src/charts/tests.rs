//! Whole-chart tests: golden SVGs of small fixed inputs, the properties every chart keeps
//! (accessible, colourless, deterministic, compact coordinates), and the size bound at scale.

use chrono::{Days, NaiveDate};
use insta::assert_snapshot;
use math::{Leverage, Minutes};

use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn day(date: NaiveDate, human: u32, ai: u32) -> Day {
    Day { date, human: Minutes::from(human), ai: Minutes::from(ai) }
}

fn lev(human: u32, ai: u32) -> Leverage {
    Leverage::ratio(Minutes::from(human), Minutes::from(ai)).expect("ai time is positive")
}

/// The 18 tasks of the sample record of 2026-02-28 (204h, 4h 28min, 45.7x): name, human and AI
/// minutes.
const SAMPLE: [(&str, u32, u32); 18] = [
    (
        "Resume generator full implementation (6 phases: schemas, CLI, parsers, importers, renderers, LLM integration, templates, tests)",
        2400,
        20,
    ),
    ("Incremental checkpointing for synthesis and iteration phases", 1200, 12),
    (
        "Resume generator 6-phase enhancement (recursive import, HTML/DOC parsers, multi-signal dedup, master skills, portfolio website)",
        960,
        12,
    ),
    (
        "Import pipeline overhaul: 7-phase implementation (schemas, classifier, extractor, DOCX parser, merger, website, tests)",
        720,
        12,
    ),
    ("ML validation pipeline (architecture refactor, config, wiring, runners, test fix)", 960, 18),
    ("Model benchmarking framework + evaluation methodology with prompt tuning", 960, 19),
    ("Refactor scoring pipeline + update docs and tests across repositories", 360, 8),
    ("Enhanced scoring pipeline + reference architecture updates across 3 repositories", 480, 12),
    ("Port 6 interactive features to shared component library", 480, 12),
    (
        "Resume generator v2.0 schema restructure (source registry, 4 new entry types, 15-file cascade, reimport, docs)",
        480,
        12,
    ),
    ("Extract reference architecture into standalone document (3 files created + 7 modified)", 960, 25),
    ("Per-call API timing log for synthesis runs", 720, 19),
    ("Update docs and push 3 repositories for per-call API timing log", 120, 4),
    ("Scoring CLI tool + batch re-score 14 content packages", 360, 15),
    ("LLM-powered object normalization pipeline for resume generator", 360, 15),
    (
        "Article: agentic coding decision fatigue + leverage record update + staging/production deploys",
        480,
        20,
    ),
    ("Analyze diffs + organize 7 logical commits + push 2 repositories", 120, 8),
    (
        "Update leverage record post + AI detection scoring + staging/production deploy + pipeline docs + README",
        120,
        25,
    ),
];

fn sample_tasks() -> Vec<(String, Leverage)> {
    SAMPLE.iter().map(|(name, h, a)| (name.to_string(), lev(*h, *a))).collect()
}

/// The four example records, with their totals.
fn example_days() -> Vec<Day> {
    vec![
        day(ymd(2026, 2, 28), 12240, 268),
        day(ymd(2026, 3, 2), 3120, 95),
        day(ymd(2026, 3, 5), 4080, 110),
        day(ymd(2026, 3, 9), 2700, 150),
    ]
}

/// Two weeks of records with a weekend gap and a slow day.
fn two_weeks() -> Vec<Day> {
    let spec = [
        (0, 720, 20),
        (1, 960, 25),
        (2, 300, 30),
        (3, 1200, 18),
        (4, 480, 12),
        (7, 600, 40),
        (8, 2400, 30),
        (9, 90, 45),
        (10, 840, 21),
        (11, 660, 15),
        (13, 120, 6),
    ];
    spec.iter().map(|(o, h, a)| day(ymd(2026, 3, 2) + Days::new(*o), *h, *a)).collect()
}

/// A small deterministic pseudo-random sequence (a 64-bit LCG), for big inputs.
fn lcg(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |bound| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    }
}

fn many_days(n: u64) -> Vec<Day> {
    let mut next = lcg(7);
    (0..n)
        .map(|i| {
            let ai = if next(20) == 0 { 0 } else { 5 + next(90) as u32 };
            day(ymd(1999, 1, 1) + Days::new(i), 30 + next(1500) as u32, ai)
        })
        .collect()
}

fn many_tasks(n: u64) -> Vec<(NaiveDate, String, Leverage)> {
    let mut next = lcg(11);
    (0..n)
        .map(|i| {
            let human = 10 + next(3000) as u32;
            let ai = 1 + next(60) as u32;
            let name = format!("Task {i} with a long descriptive name <{}> & more", next(1000));
            (ymd(2000, 1, 1) + Days::new(i / 15), name, lev(human, ai))
        })
        .collect()
}

fn all_small_charts() -> Vec<Chart> {
    let days = two_weeks();
    let tasks = sample_tasks();
    let levs: Vec<Leverage> = tasks.iter().map(|t| t.1).collect();
    let curve: Vec<(NaiveDate, Leverage)> = [(1, 120.0), (3, 80.0), (5, 60.0), (9, 40.0)]
        .iter()
        .map(|(d, v)| (ymd(2026, 3, *d), lev(*v as u32, 1)))
        .collect();
    vec![
        cumulative(&days, "AI"),
        daily_leverage(&days, 7, "AI"),
        distribution(&levs),
        hours_by_day(&days, 2),
        task_bars(&tasks),
        leverage_curve(&curve),
    ]
    .into_iter()
    .map(|c| c.expect("non-empty input"))
    .collect()
}

// ---------- Golden SVGs ----------

#[test]
fn cumulative_of_two_weeks() {
    let chart = cumulative(&two_weeks(), "AI").expect("days");
    assert_snapshot!("cumulative_two_weeks", chart.svg);
}

#[test]
fn cumulative_of_the_example_records() {
    let chart = cumulative(&example_days(), "AI").expect("days");
    assert_snapshot!("cumulative_example", chart.svg);
}

#[test]
fn cumulative_of_one_day() {
    let chart = cumulative(&[day(ymd(2026, 2, 28), 12240, 268)], "Claude").expect("a day");
    assert_snapshot!("cumulative_one_day", chart.svg);
}

#[test]
fn daily_leverage_of_two_weeks() {
    let chart = daily_leverage(&two_weeks(), 7, "AI").expect("days");
    assert_snapshot!("daily_leverage_two_weeks", chart.svg);
}

#[test]
fn daily_leverage_of_the_example_records() {
    let chart = daily_leverage(&example_days(), 7, "AI").expect("days");
    assert_snapshot!("daily_leverage_example", chart.svg);
}

#[test]
fn distribution_of_the_sample_record() {
    let levs: Vec<Leverage> = sample_tasks().into_iter().map(|t| t.1).collect();
    let chart = distribution(&levs).expect("tasks");
    assert_snapshot!("distribution_sample", chart.svg);
}

#[test]
fn hours_of_two_weeks() {
    let chart = hours_by_day(&two_weeks(), 2).expect("days");
    assert_snapshot!("hours_by_day_two_weeks", chart.svg);
}

#[test]
fn a_record_s_task_bars_are_the_task_bars_without_their_table() {
    let tasks = sample_tasks();
    let record = record_task_bars(&tasks, &|_| None).expect("tasks");
    assert!(record.table.rows.is_empty() && record.table.headers.is_empty());
    assert_eq!(Some(record), task_bars(&tasks).map(Chart::without_table));
    let many: Vec<(String, Leverage)> = (1..=60).map(|i| (format!("task {i}"), lev(i * 3, 1))).collect();
    assert_eq!(record_task_bars(&many, &|_| None), task_bars(&many).map(Chart::without_table));
}

#[test]
fn task_labels_that_read_alike_lead_with_their_number() {
    let long = "Supercalifragilisticexpialidocious refactor of the";
    let tasks = vec![
        (format!("{long} parser"), lev(600, 10)),
        ("Fix CI".to_string(), lev(120, 12)),
        (format!("{long} lexer"), lev(300, 10)),
        ("Fix CI".to_string(), lev(60, 12)),
        ("Docs".to_string(), lev(30, 12)),
    ];
    let labels = |chart: &Chart| -> Vec<String> {
        chart
            .svg
            .split("class=\"label\"")
            .skip(1)
            .map(|s| s[s.find('>').expect("a tag") + 1..s.find("</text>").expect("an end")].to_string())
            .collect()
    };
    // Without a `#` column the number is the task's place in the record's list, from 1.
    let chart = record_task_bars(&tasks, &|_| None).expect("tasks");
    assert_eq!(
        labels(&chart),
        ["#1 Supercalifragilistic…", "#3 Supercalifragilistic…", "#2 Fix CI", "#4 Fix CI", "#5 Docs"]
    );
    // With one, the number written there.
    let written = ["1a", "1b", "2", "", ""];
    let chart = record_task_bars(&tasks, &|i| Some(written[i]).filter(|w| !w.is_empty()).map(str::to_string))
        .expect("tasks");
    assert_eq!(labels(&chart)[..2], ["#1a Supercalifragilisti…", "#2 Supercalifragilistic…"]);
    // Labels that all differ are left as they are.
    let plain = record_task_bars(&tasks[..2], &|_| None).expect("tasks");
    assert_eq!(labels(&plain), ["Supercalifragilisticexp…", "Fix CI"]);
}

#[test]
fn task_bars_of_the_sample_record() {
    let chart = task_bars(&sample_tasks()).expect("tasks");
    assert_snapshot!("task_bars_sample", chart.svg);
}

#[test]
fn task_bars_on_a_linear_scale() {
    let tasks = vec![("Write tests".to_string(), lev(600, 20)), ("Fix CI".to_string(), lev(120, 12))];
    let chart = task_bars(&tasks).expect("tasks");
    assert_snapshot!("task_bars_linear", chart.svg);
}

#[test]
fn leverage_curve_of_the_resume_generator() {
    let passes = [(1, 2400, 20), (3, 960, 12), (5, 720, 12), (9, 480, 12)];
    let tasks: Vec<(NaiveDate, Leverage)> =
        passes.iter().map(|(d, h, a)| (ymd(2026, 3, *d), lev(*h, *a))).collect();
    let chart = leverage_curve(&tasks).expect("tasks");
    assert_snapshot!("leverage_curve_resume", chart.svg);
}

#[test]
fn leverage_curve_of_one_task() {
    let chart = leverage_curve(&[(ymd(2026, 3, 1), lev(600, 5))]).expect("a task");
    assert_snapshot!("leverage_curve_one_task", chart.svg);
    // No trend line to mention; the first column numbers the tasks and says so.
    assert_eq!(chart.table.caption, "Leverage of each task in date order (numbered from the first)");
    assert_eq!(chart.table.headers, ["Task no.", "Date", "Leverage"]);
    let three =
        [(ymd(2026, 3, 1), lev(600, 5)), (ymd(2026, 3, 2), lev(300, 5)), (ymd(2026, 3, 3), lev(200, 5))];
    let chart = leverage_curve(&three).expect("tasks");
    assert!(chart.table.caption.ends_with(", with the least-squares trend"), "{}", chart.table.caption);
}

// ---------- Every chart ----------

#[test]
fn empty_input_gives_no_chart() {
    assert_eq!(cumulative(&[], "AI"), None);
    assert_eq!(daily_leverage(&[], 7, "AI"), None);
    assert_eq!(distribution(&[]), None);
    assert_eq!(hours_by_day(&[], 4), None);
    assert_eq!(task_bars(&[] as &[(&str, Leverage)]), None);
    assert_eq!(leverage_curve(&[]), None);
}

#[test]
fn days_without_ai_time_have_no_leverage_chart() {
    assert_eq!(daily_leverage(&[day(ymd(2026, 3, 2), 60, 0)], 7, "AI"), None);
}

/// A first day of notes alone has no leverage: the one day that has is the one described.
#[test]
fn one_day_of_leverage_after_days_of_notes_is_described_at_its_date() {
    let days = [day(ymd(2026, 1, 1), 0, 0), day(ymd(2026, 1, 20), 120, 10)];
    let chart = daily_leverage(&days, 7, "AI").expect("a day with AI time");
    assert!(chart.description.starts_with("Leverage on Jan 20, 2026: 12x."), "{}", chart.description);
}

/// Days of notes alone have no hours chart; weeks of them after days of work are said to have none.
#[test]
fn days_without_tasks_are_said_to_have_none() {
    assert_eq!(hours_by_day(&[day(ymd(2026, 1, 1), 0, 0), day(ymd(2026, 1, 3), 0, 0)], 8), None);
    let days = [day(ymd(2026, 1, 1), 60, 5), day(ymd(2026, 3, 1), 0, 0), day(ymd(2026, 3, 3), 0, 0)];
    let chart = hours_by_day(&days, 1).expect("hours before the week shown");
    assert_eq!(chart.description, "From Feb 25, 2026 to Mar 3, 2026, no day had tasks.");
}

#[test]
fn zero_weeks_gives_no_hours_chart() {
    assert_eq!(hours_by_day(&two_weeks(), 0), None);
}

#[test]
fn one_point_is_drawn_as_a_dot() {
    let one = [day(ymd(2026, 3, 2), 600, 10)];
    for chart in [cumulative(&one, "AI"), daily_leverage(&one, 7, "AI"), hours_by_day(&one, 1)] {
        let chart = chart.expect("one day");
        assert!(chart.svg.contains("<circle") || chart.svg.contains("<rect"), "{}", chart.id);
    }
}

#[test]
fn every_chart_is_labelled_by_its_title_and_description() {
    for chart in all_small_charts() {
        let id = &chart.id;
        assert!(chart.svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{id}");
        assert!(
            chart.svg.contains(&format!("role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"")),
            "{id}"
        );
        assert!(chart.svg.contains(&format!("<title id=\"{id}-title\">")), "{id}");
        assert!(chart.svg.contains(&format!("<desc id=\"{id}-desc\">")), "{id}");
        assert!(chart.svg.contains("viewBox=\"0 0 640 "), "{id}");
        assert!(!chart.svg.contains(" width=\"640\""), "{id} has no fixed width");
        assert!(!chart.description.is_empty() && !chart.table.rows.is_empty(), "{id}");
    }
}

#[test]
fn chart_ids_are_distinct() {
    let mut ids: Vec<String> = all_small_charts().into_iter().map(|c| c.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}

#[test]
fn charts_hold_no_colour_script_or_link() {
    for chart in all_small_charts() {
        let svg = chart.svg.to_lowercase();
        for banned in ["#", "rgb(", "hsl(", "<script", "href", "url(", "<style", "style=", "<image"] {
            assert!(!svg.contains(banned), "{} contains {banned}", chart.id);
        }
    }
}

#[test]
fn charts_are_deterministic() {
    assert_eq!(all_small_charts(), all_small_charts());
}

/// Every number in a geometry attribute (x, y, width, d, ...) has at most one decimal.
fn has_compact_coordinates(svg: &str) -> bool {
    let geometry = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "d"];
    let mut rest = svg;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit([' ', '<']).next().unwrap_or("");
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else { break };
        let value = &rest[value_start..value_start + len];
        if geometry.contains(&name) {
            let numbers = value.split(|c: char| !(c.is_ascii_digit() || c == '.'));
            if numbers.filter_map(|n| n.split_once('.')).any(|(_, frac)| frac.len() > 1) {
                return false;
            }
        }
        rest = &rest[value_start + len..];
    }
    true
}

#[test]
fn coordinates_have_at_most_one_decimal() {
    for chart in all_small_charts() {
        assert!(has_compact_coordinates(&chart.svg), "{}", chart.id);
    }
    assert!(!has_compact_coordinates("<path d=\"M1.25 2\"/>"));
}

#[test]
fn task_names_are_escaped() {
    let tasks = vec![
        ("<script>alert('x')</script> & \"quotes\"".to_string(), lev(600, 10)),
        ("Plain".to_string(), lev(60, 10)),
    ];
    let chart = task_bars(&tasks).expect("tasks");
    assert!(!chart.svg.contains("<script>"));
    assert!(chart.svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert_eq!(chart.table.rows[0][0], tasks[0].0, "the table holds the raw text; the template escapes it");
}

/// Every `<` of `svg` opens or closes an element: text holds `&lt;`.
fn every_angle_bracket_is_markup(svg: &str) -> bool {
    svg.match_indices('<')
        .all(|(at, _)| svg[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/'))
}

#[test]
fn a_leverage_below_a_tenth_is_escaped_in_its_tooltip_too() {
    let tasks = vec![("Tiny".to_string(), lev(1, 1000)), ("Plain".to_string(), lev(60, 10))];
    let chart = task_bars(&tasks).expect("tasks");
    assert!(chart.svg.contains("<title>Tiny: &lt;0.1x</title>"), "{}", chart.svg);
    assert!(every_angle_bracket_is_markup(&chart.svg), "{}", chart.svg);
    for chart in all_small_charts() {
        assert!(every_angle_bracket_is_markup(&chart.svg), "{}", chart.id);
    }
}

#[test]
fn long_task_names_are_shortened_with_the_full_name_in_the_tooltip() {
    let chart = task_bars(&sample_tasks()).expect("tasks");
    assert!(chart.svg.contains("…</text>"));
    assert!(chart.svg.contains("<title>Resume generator full implementation (6 phases: schemas, CLI, parsers, importers, renderers, LLM integration, templates, tests): 120x</title>"));
}

#[test]
fn task_bars_are_sorted_by_leverage() {
    let chart = task_bars(&sample_tasks()).expect("tasks");
    let values: Vec<&str> = chart.table.rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(values[..3], ["120x", "100x", "80x"]);
    assert_eq!(values.last(), Some(&"4.8x"));
}

#[test]
fn the_curve_describes_its_slope() {
    let tasks: Vec<(NaiveDate, Leverage)> =
        [120, 80, 60, 40].iter().enumerate().map(|(i, v)| (ymd(2026, 3, 1 + i as u32), lev(*v, 1))).collect();
    let chart = leverage_curve(&tasks).expect("tasks");
    assert!(chart.description.contains("leverage falls by about 26x per task"), "{}", chart.description);
}

#[test]
fn days_of_the_same_date_are_added() {
    let days = [day(ymd(2026, 3, 3), 60, 1), day(ymd(2026, 3, 2), 60, 1), day(ymd(2026, 3, 3), 120, 2)];
    let merged = by_date(&days);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[1], day(ymd(2026, 3, 3), 180, 3));
}

// ---------- Scale ----------

#[test]
fn charts_of_ten_thousand_days_and_150k_tasks_stay_under_50_kb() {
    let days = many_days(10_000);
    let tasks = many_tasks(150_000);
    let levs: Vec<Leverage> = tasks.iter().map(|t| t.2).collect();
    let named: Vec<(String, Leverage)> = tasks.iter().map(|t| (t.1.clone(), t.2)).collect();
    let dated: Vec<(NaiveDate, Leverage)> = tasks.iter().map(|t| (t.0, t.2)).collect();
    let charts = [
        cumulative(&days, "AI"),
        daily_leverage(&days, 7, "AI"),
        hours_by_day(&days, 10_000 / 7 + 1),
        hours_by_day(&days, 52),
        distribution(&levs),
        task_bars(&named),
        leverage_curve(&dated),
    ];
    for chart in charts {
        let chart = chart.expect("non-empty input");
        assert!(chart.svg.len() < 50_000, "{} is {} bytes", chart.id, chart.svg.len());
        assert!(chart.table.rows.len() <= MAX_POINTS, "{} has {} rows", chart.id, chart.table.rows.len());
        assert!(has_compact_coordinates(&chart.svg), "{}", chart.id);
    }
}

#[test]
fn aggregated_charts_say_so_in_their_caption() {
    let days = many_days(10_000);
    for chart in [cumulative(&days, "AI"), daily_leverage(&days, 7, "AI"), hours_by_day(&days, 2000)] {
        let chart = chart.expect("days");
        assert!(chart.table.caption.contains("(aggregated by "), "{}: {}", chart.id, chart.table.caption);
    }
}

/// Five records over a year and a half: aggregated by week for the calendar days they span, not
/// for the five days with records (the caption said "5 days are more than the chart has room
/// for"); and the description says the rolling average's mean the line ends at (18.3x, of 10x,
/// 25x and 20x), beside its value on the last day (20x), which neither the line nor the table shows.
#[test]
fn an_aggregated_chart_says_its_span_and_the_figure_its_line_ends_at() {
    let days = [
        day(ymd(2024, 1, 1), 600, 60),
        day(ymd(2024, 1, 5), 2400, 60),
        day(ymd(2025, 6, 2), 600, 60),
        day(ymd(2025, 6, 3), 2400, 60),
        day(ymd(2025, 6, 4), 600, 60),
    ];
    let chart = daily_leverage(&days, 7, "AI").expect("days");
    assert!(
        chart
            .table
            .caption
            .contains("aggregated by week: the 521 days from Jan 1, 2024 to Jun 4, 2025 are more"),
        "{}",
        chart.table.caption
    );
    assert!(
        chart.description.contains(
            "The 28-day rolling average was 20x on Jun 4, 2025; its mean over the week's days with a record, as the line \
             shows it, was 18.3x (the week of Jun 2, 2025)."
        ),
        "{}",
        chart.description
    );
    let last_row = chart.table.rows.last().expect("rows");
    assert_eq!(last_row.last().map(String::as_str), Some("18.3x"), "{last_row:?}");
    let cumulative = cumulative(&days, "AI").expect("days");
    assert!(cumulative.table.caption.contains("the 521 days from"), "{}", cumulative.table.caption);
}

/// Tasks of one leverage are "each 2x", not "from 2x down to 2x"; a run of one task in an
/// aggregated stream is named by its number, not "7–7".
#[test]
fn alike_figures_are_said_once() {
    let chart = task_bars(&[("A", lev(60, 30)), ("B", lev(60, 30)), ("C", lev(120, 60))]).expect("tasks");
    assert!(chart.description.starts_with("3 tasks, each 2x."), "{}", chart.description);
    let tasks: Vec<(NaiveDate, Leverage)> =
        (0..81u64).map(|i| (ymd(2026, 1, 1) + Days::new(i), lev(60 + i as u32, 10))).collect();
    let curve = leverage_curve(&tasks).expect("tasks");
    let firsts: Vec<&str> = curve.table.rows.iter().map(|row| row[0].as_str()).collect();
    assert!(
        firsts
            .iter()
            .all(|t| !t.contains('–') || t.split('–').collect::<Vec<_>>().windows(2).all(|w| w[0] != w[1])),
        "{firsts:?}"
    );
    assert!(firsts.iter().any(|t| !t.contains('–')), "a run of one: {firsts:?}");
}

/// One task among thousands is a bar a pixel high at least, and a share of `<0.1%`, not a bar
/// of no height and `0%` under a label of 1.
#[test]
fn a_bin_of_one_task_among_thousands_is_seen() {
    let mut leverages = vec![lev(90, 60)];
    leverages.extend(std::iter::repeat_n(lev(300, 10), 2000));
    let chart = distribution(&leverages).expect("tasks");
    let row = chart.table.rows.iter().find(|row| row[1] == "1").expect("the bin of one task");
    assert_eq!(row[2], "<0.1%", "{row:?}");
    let bar = chart.svg.lines().find(|line| line.contains(": 1 task (")).expect("its bar");
    let height: f64 = bar
        .split("height=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .expect("a height");
    assert!(height >= 1.0, "{bar}");
}

#[test]
fn ten_thousand_days_draw_at_most_one_point_per_pixel() {
    let chart = daily_leverage(&many_days(10_000), 7, "AI").expect("days");
    let dots = chart.svg.matches("<circle class=\"dot\"").count();
    assert!(dots <= MAX_POINTS && dots > 100, "{dots} dots");
}

#[test]
fn hours_start_at_the_first_record_when_it_is_recent() {
    let chart = hours_by_day(&two_weeks(), 52).expect("days");
    assert!(chart.description.starts_with("From Mar 2, 2026 to Mar 15, 2026"), "{}", chart.description);
    assert_eq!(chart.table.rows.len(), two_weeks().len());
}

/// A site of one day draws its bar a seventh of the chart wide, over the week it ends, where it
/// drew one bar across the whole chart; its data table is still the one day.
#[test]
fn hours_of_one_day_span_a_week() {
    let chart = hours_by_day(&[day(ymd(2026, 3, 7), 120, 5)], 8).expect("a day");
    let widths: Vec<f64> = chart
        .svg
        .split("<rect class=\"bar\"")
        .skip(1)
        .filter_map(|bar| bar.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
        .collect();
    assert!(widths.len() == 1 && widths[0] < WIDTH / 7.0, "{widths:?}");
    assert!(
        chart.svg.contains(">Mar 1<") || chart.svg.contains(">Mar 2<"),
        "the axis shows the week: {}",
        chart.svg
    );
    assert_eq!(chart.table.rows, [vec!["Mar 7, 2026".to_string(), "2h".to_string()]]);
}

/// A sparse chart's few bars are labelled however thin: two days in eight weeks, at the chart's
/// edges, with their labels set inside the plot; a week of days every one, too.
#[test]
fn the_thin_bars_of_a_sparse_chart_are_labelled() {
    let chart = hours_by_day(&[day(ymd(2026, 1, 20), 90, 5), day(ymd(2026, 3, 7), 120, 5)], 8).expect("days");
    let labels: Vec<&str> = chart
        .svg
        .split("class=\"label\"")
        .skip(1)
        .filter_map(|l| l.split('>').nth(1)?.split('<').next())
        .collect();
    assert_eq!(labels, ["1.5h", "2h"], "the two days, labelled: {}", chart.svg);
    let label = chart.svg.split("<g class=\"labels\">").nth(1).expect("labels");
    assert!(label.contains("text-anchor=\"end\""), "inside the plot at its right edge: {label}");
    let week =
        hours_by_day(&(1..=7).map(|d| day(ymd(2026, 3, d), 60 * d, 5)).collect::<Vec<_>>(), 8).expect("days");
    assert_eq!(week.svg.matches("class=\"label\"").count(), 7, "{}", week.svg);
}

#[test]
fn hours_of_a_long_span_are_weekly_bars() {
    let chart = hours_by_day(&many_days(400), 52).expect("days");
    assert!(chart.title.contains("per week"), "{}", chart.title);
    assert!(chart.table.rows.len() <= 53);
}

/// A long workstream's curve is drawn as runs of consecutive tasks, about 80 of them, which a
/// reader can follow: 600 tasks side by side were a band of noise. Shorter ones keep every task.
#[test]
fn a_long_workstream_s_curve_is_drawn_in_runs_a_reader_can_follow() {
    let dated: Vec<(NaiveDate, Leverage)> = many_tasks(600).iter().map(|t| (t.0, t.2)).collect();
    let chart = leverage_curve(&dated).expect("tasks");
    assert_eq!(chart.table.rows.len(), 80);
    assert!(chart.svg.contains("Geometric mean of 7-8 tasks"), "{}", chart.svg);
    assert_eq!(chart.table.rows[0][0], "1–7");
    assert!(!chart.svg.contains("<circle"), "a line without dots");
    let chart = leverage_curve(&dated[..80]).expect("tasks");
    assert_eq!(chart.table.rows.len(), 80);
    assert!(chart.svg.contains("Leverage of each task"), "{}", chart.svg);
}

#[test]
fn a_curve_of_one_task_marks_only_task_one() {
    let chart = leverage_curve(&[(ymd(2026, 3, 1), lev(600, 5))]).expect("a task");
    assert!(chart.svg.contains(">1</text>"));
    assert!(!chart.svg.contains(">2</text>"));
}

/// Agent time is a duration wherever a chart's description or table writes it (`30min`, never
/// `0.5h`, which the display rule keeps for figures labelled in hours).
#[test]
fn agent_time_is_written_as_a_duration_in_descriptions_and_tables() {
    let days = [day(ymd(2026, 3, 1), 120, 10), day(ymd(2026, 3, 2), 180, 20)];
    let chart = cumulative(&days, "Claude").expect("a chart");
    assert!(
        chart.description.contains("5h of human-equivalent work took 30min of Claude time"),
        "{}",
        chart.description
    );
    assert_eq!(chart.table.rows[1][2], "30min");
    // Months of records: each month's agent time in one form.
    let months: Vec<Day> =
        (0..400).map(|i| day(ymd(2025, 1, 1) + Days::new(i), 60, 10 + (i % 3) as u32 * 10)).collect();
    let chart = daily_leverage(&months, 7, "Claude").expect("a chart");
    assert!(chart.table.headers[0] != "Day", "grouped: {:?}", chart.table.headers);
    assert!(
        chart.table.rows.iter().all(|row| !row[2].ends_with(".5h") && !row[2].contains('.')),
        "{:?}",
        chart.table.rows
    );
}

/// The `d` of the first path of `class`'s group in `svg`.
fn path_of<'a>(svg: &'a str, group: &str, class: &str) -> &'a str {
    let group = svg.split(&format!("<g class=\"{group}\">")).nth(1).expect("the group");
    let path = group.split(&format!("<path class=\"{class}\"")).nth(1).expect("the path");
    path.split(" d=\"").nth(1).and_then(|d| d.split('"').next()).expect("its d")
}

/// Across months without records the cumulative line holds level, then rises on the day before
/// the next records; the rolling average, unknown in the gap, breaks there.
#[test]
fn lines_do_not_run_through_a_gap_without_records() {
    let days = [day(ymd(2025, 3, 1), 600, 30), day(ymd(2025, 3, 2), 600, 30), day(ymd(2026, 3, 1), 120, 30)];
    let chart = cumulative(&days, "Claude").expect("a chart");
    let line = path_of(&chart.svg, "series-human", "line");
    // Three records and one more vertex: level until Feb 28, 2026.
    let vertices: Vec<&str> = line.split(['M', 'L', 'H', 'V']).filter(|v| !v.is_empty()).collect();
    assert_eq!(vertices.len(), 4, "{line}");
    let y = |v: &str| v.split(' ').nth(1).map(str::to_string);
    assert_eq!(y(vertices[1]), y(vertices[2]), "held level through the gap: {line}");
    assert_ne!(y(vertices[2]), y(vertices[3]), "{line}");
    let chart = daily_leverage(&days, 7, "Claude").expect("a chart");
    let rolling = path_of(&chart.svg, "series-rolling", "line");
    assert_eq!(rolling.matches('M').count(), 2, "two runs, no line across the year: {rolling}");
    assert!(!rolling.split('M').nth(2).is_some_and(|run| run.contains('L')), "{rolling}");
    assert!(chart.svg.contains("<circle"), "the lone day after the gap is a dot: {}", chart.svg);
    // Adjacent days stay one line.
    let chart = daily_leverage(&two_weeks(), 7, "Claude").expect("a chart");
    assert_eq!(path_of(&chart.svg, "series-rolling", "line").matches('M').count(), 1);
    // Its data table's caption names the agent, as its headers do.
    assert!(chart.table.caption.contains("over total Claude time in the last 7"), "{}", chart.table.caption);
}

/// A record's value axis leaves an em of a phone's text between its tick labels, however wide
/// the figures (`1000x 1200x 1400x` ran together).
#[test]
fn task_bar_ticks_leave_an_em_between_labels() {
    for (top, low) in
        [(lev(84000, 60), lev(28000, 60)), (lev(720, 60), lev(600, 60)), (lev(90, 60), lev(30, 60))]
    {
        let chart = task_bars(&[("Top", top), ("Low", low)]).expect("a chart");
        let axis = chart.svg.split("<g class=\"axis axis-x\">").nth(1).expect("an x axis");
        let ticks: Vec<(f64, String)> = axis
            .split("<text class=\"tick\" x=\"")
            .skip(1)
            .map(|t| {
                let x: f64 = t.split('"').next().and_then(|x| x.parse().ok()).expect("x");
                let label = t.split('>').nth(1).and_then(|l| l.split('<').next()).expect("label");
                (x, label.to_string())
            })
            .collect();
        assert!(ticks.len() >= 3, "{ticks:?}");
        for pair in ticks.windows(2) {
            let ((x1, a), (x2, b)) = (&pair[0], &pair[1]);
            let half = |l: &str| text::width(l, ROOM) / 2.0;
            // The first label starts at its tick; the others are centred on theirs.
            let left = if *x1 == ticks[0].0 { text::width(a, ROOM) } else { half(a) };
            assert!(x2 - x1 >= left + half(b) + ROOM, "{a} at {x1}, {b} at {x2}: {ticks:?}");
        }
    }
}

#[test]
fn a_day_without_leverage_is_an_em_dash_in_the_tables_as_on_the_pages() {
    // A record whose task table has no rows yet: its day has neither time.
    let days = [day(ymd(2026, 3, 1), 0, 0), day(ymd(2026, 3, 2), 180, 20)];
    let table = daily_leverage(&days, 7, "Claude").expect("a chart").table;
    assert_eq!(table.rows[0][3..], ["—", "—"], "{:?}", table.rows);
    let table = cumulative(&days, "Claude").expect("a chart").table;
    assert_eq!(table.rows[0].last().map(String::as_str), Some("—"), "{:?}", table.rows);
}

#[test]
fn weekly_points_average_over_four_weeks_not_over_one() {
    // 1,000 days, so weekly points; weeks alternate between 10x and 40x.
    let days: Vec<Day> = (0..1000)
        .map(|i| {
            let date = ymd(2023, 1, 2) + Days::new(i);
            day(date, if (i / 7) % 2 == 0 { 100 } else { 400 }, 10)
        })
        .collect();
    let chart = daily_leverage(&days, 7, "Claude").expect("a chart");
    assert_eq!(chart.title, "Leverage per week with 28-day rolling average");
    // Past the first four weeks each week's line is a mean over four of them, between the two
    // levels; a 7-day window gave back each week's own 10x or 40x.
    for row in chart.table.rows.iter().skip(5) {
        let rolling: f64 = row[4].trim_end_matches('x').parse().expect("a figure");
        assert!((15.0..=35.0).contains(&rolling), "{row:?}");
    }
    // Days keep the writer's window.
    let chart = daily_leverage(&days[..30], 7, "Claude").expect("a chart");
    assert_eq!(chart.title, "Leverage per day with 7-day rolling average");
}
