//! `cargo xtask gen`: writes a synthetic site of N records shaped like real time-record posts, for
//! the benchmark and for trying the tool on a large site.
//!
//! Each record has 8-22 tasks in one of the contract's real table layouts (or one with a Workstream
//! column), cells in every format the contract lists, stated factors that agree with the figures at
//! the precision they are written, 4-7 paragraphs of prose and, on about half the records, an
//! "Aggregate Stats" table whose figures also agree. The output depends only on the seed and the
//! record count: no clock, no randomness from the system. This module does not read sites.

mod cells;
mod words;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, Days, NaiveDate};
use rayon::prelude::*;

use crate::rng::Rng;
use cells::{DAY_MINUTES, Duration, TokenCell, WEEK_MINUTES};
use words::{WORKSTREAMS, Workstream};

/// Changes whenever the generator writes different bytes for the same seed, so cached benchmark
/// sites are regenerated.
pub(crate) const GENERATOR_VERSION: u32 = 2;

/// The file that marks a folder as written by `gen`, holding the version, seed and count.
pub(crate) const MARKER: &str = ".xtask-gen";

/// The newest record's date. Fixed rather than taken from the clock so output is reproducible.
fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 31).expect("a valid calendar date")
}

/// The table layouts records rotate through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Layout {
    /// `Task | Human Est. | Claude Time | Tokens | Leverage` (the sample).
    Sample,
    /// `# | Task | Human Est. | Claude | Supv. | LF | SLF`.
    SupervisedLf,
    /// `# | Task | Human Est. | Claude | Weeks | Factor | Sup. Factor`.
    Weeks,
    /// `# | Task | Human Est. | Claude | Sup. | Factor | Sup. Factor`.
    Supervised,
    /// `# | Task | Workstream | Human Est. | Claude | Sup. | Tokens | Factor | Sup. Factor`.
    Workstream,
}

impl Layout {
    /// Every layout, in rotation order.
    pub(crate) const ALL: [Layout; 5] =
        [Layout::Sample, Layout::SupervisedLf, Layout::Weeks, Layout::Supervised, Layout::Workstream];

    fn header(self) -> &'static str {
        match self {
            Layout::Sample => {
                "| Task | Human Est. | Claude Time | Tokens | Leverage |\n|---|---|---|---|---|"
            }
            Layout::SupervisedLf => {
                "| # | Task | Human Est. | Claude | Supv. | LF | SLF |\n|---|---|---|---|---|---|---|"
            }
            Layout::Weeks => {
                "| # | Task | Human Est. | Claude | Weeks | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|"
            }
            Layout::Supervised => {
                "| # | Task | Human Est. | Claude | Sup. | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|"
            }
            Layout::Workstream => {
                "| # | Task | Workstream | Human Est. | Claude | Sup. | Tokens | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|---|---|"
            }
        }
    }

    /// Whether the table has a Tokens column (otherwise the record states its tokens in front matter).
    fn has_tokens(self) -> bool {
        matches!(self, Layout::Sample | Layout::Workstream)
    }
}

/// One task row, with the values its cells mean.
#[derive(Debug)]
struct Row {
    task: String,
    workstream: &'static Workstream,
    human: Duration,
    ai: Duration,
    supervisory: Option<Duration>,
    tokens: TokenCell,
}

impl Row {
    fn leverage(&self) -> f64 {
        self.human.minutes / self.ai.minutes
    }
}

/// One generated record: its file name, layout and whole text.
#[derive(Debug)]
pub(crate) struct Record {
    /// `YYYY-MM-DD.md`.
    pub(crate) file_name: String,
    /// The layout of its task table.
    pub(crate) layout: Layout,
    /// Front matter and markdown body.
    pub(crate) text: String,
}

/// The record at `index` (0 is the oldest) of a site of `count` records.
pub(crate) fn record(seed: u64, index: usize, count: usize) -> Record {
    let back = (count - 1 - index) as u64;
    let date = last_date().checked_sub_days(Days::new(back)).expect("dates stay within chrono's range");
    let mut rng = Rng::new(seed, index as u64);
    let layout = Layout::ALL[index % Layout::ALL.len()];
    let stream_count = rng.range(1, 3) as usize;
    let streams: Vec<&'static Workstream> =
        rng.distinct(WORKSTREAMS.len(), stream_count).into_iter().map(|i| &WORKSTREAMS[i]).collect();
    let row_count = rng.range(8, 22);
    let mut rows: Vec<Row> = Vec::with_capacity(row_count as usize);
    for _ in 0..row_count {
        let mut next = row(&mut rng, layout, &streams);
        // A day lists a task once. The same text twice happened in about 1 record of 10,000,
        // once with the same times too, which `leverage check` warns of as work counted twice.
        // The random numbers are drawn again only then, so every other record stays as it was.
        while rows.iter().any(|earlier| earlier.task == next.task) {
            next.task = task_text(&mut rng, next.workstream, layout != Layout::Workstream);
        }
        rows.push(next);
    }
    if rng.chance(40) {
        // Real posts often list the day's tasks best first.
        rows.sort_by(|a, b| b.leverage().total_cmp(&a.leverage()));
    }
    let text =
        Writer { rng: &mut rng, date, layout, streams: &streams, rows: &rows, deck: Vec::new() }.write();
    Record { file_name: format!("{}.md", date.format("%Y-%m-%d")), layout, text }
}

fn row(rng: &mut Rng, layout: Layout, streams: &[&'static Workstream]) -> Row {
    let workstream = *rng.pick(streams);
    let human = cells::human_estimate(rng);
    let target = human.minutes / cells::target_leverage(rng);
    let ai = cells::ai_time(rng, target);
    let supervisory = match layout {
        Layout::SupervisedLf => Some(cells::supervisory_time(rng, ai.minutes)),
        Layout::Supervised | Layout::Workstream if rng.chance(85) => {
            Some(cells::supervisory_time(rng, ai.minutes))
        }
        _ => None,
    };
    let tokens = cells::tokens(rng, ai.minutes);
    let task = task_text(rng, workstream, layout != Layout::Workstream);
    Row { task, workstream, human, ai, supervisory, tokens }
}

/// A task description such as `Resume generator: Implement the PDF renderer pagination rules (tests, docs)`.
fn task_text(rng: &mut Rng, stream: &Workstream, prefix: bool) -> String {
    let mut text = String::new();
    if prefix && rng.chance(70) {
        text.push_str(stream.name);
        text.push_str(": ");
    }
    let verb = *rng.pick(words::VERBS);
    let object = *rng.pick(stream.objects);
    if text.is_empty() {
        write!(text, "{verb} {object}").expect("writing to a String cannot fail");
    } else {
        write!(text, "{} {object}", verb.to_lowercase()).expect("writing to a String cannot fail");
    }
    if rng.chance(60) {
        let detail_count = rng.range(2, 4) as usize;
        let picked = rng.distinct(words::DETAILS.len(), detail_count);
        let details: Vec<&str> = picked.into_iter().map(|i| words::DETAILS[i]).collect();
        write!(text, " ({})", details.join(", ")).expect("writing to a String cannot fail");
    }
    if rng.chance(20) {
        write!(text, " + {}", rng.pick(words::TAILS)).expect("writing to a String cannot fail");
    }
    text
}

/// The totals of a record, computed from the values of its cells.
#[derive(Debug, Default)]
struct Totals {
    human: f64,
    ai: f64,
    supervisory: f64,
    supervised_human: f64,
    supervisory_known: usize,
    tokens: u64,
    tokens_known: usize,
    tokens_approx: bool,
}

impl Totals {
    fn of(rows: &[Row]) -> Totals {
        let mut t = Totals::default();
        for row in rows {
            t.human += row.human.minutes;
            t.ai += row.ai.minutes;
            if let Some(s) = &row.supervisory {
                t.supervisory += s.minutes;
                t.supervised_human += row.human.minutes;
                t.supervisory_known += 1;
            }
            if let Some(count) = row.tokens.count {
                t.tokens += count;
                t.tokens_known += 1;
                t.tokens_approx |= row.tokens.approx;
            }
        }
        t
    }
}

/// Writes one record's text.
struct Writer<'a> {
    rng: &'a mut Rng,
    date: NaiveDate,
    layout: Layout,
    streams: &'a [&'static Workstream],
    rows: &'a [Row],
    /// General sentences not used yet in this record, so a record repeats none until all are used.
    deck: Vec<usize>,
}

impl Writer<'_> {
    fn write(mut self) -> String {
        let mut out = String::with_capacity(8 * 1024);
        let totals = Totals::of(self.rows);
        // A day's token count for tables without a Tokens column, in front matter as real posts do;
        // the flag says whether it is written as an approximate string (`"~595,000"`).
        let day_tokens = (!self.layout.has_tokens()).then(|| {
            let count =
                ((totals.ai * (3_000.0 + 6_000.0 * self.rng.unit())) / 1_000.0).round() as u64 * 1_000;
            let count = count.max(1_000);
            (count, self.rng.chance(70))
        });
        self.front_matter(&mut out, day_tokens);
        self.opening(&mut out, &totals);
        out.push_str("\n## Task Log\n\n");
        self.table(&mut out);
        if self.rng.chance(50) {
            self.aggregates(&mut out, &totals, day_tokens);
        }
        out.push_str("\n## Analysis\n\n");
        self.analysis(&mut out, &totals);
        out
    }

    fn front_matter(&mut self, out: &mut String, day_tokens: Option<(u64, bool)>) {
        let tags = self.tags();
        let quoted: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        out.push_str("+++\n");
        writeln!(out, "title = \"Leverage Record: {}\"", self.date.format("%B %-d, %Y")).expect("infallible");
        writeln!(out, "date = {}", self.date.format("%Y-%m-%d")).expect("infallible");
        writeln!(out, "tags = [{}]", quoted.join(", ")).expect("infallible");
        match day_tokens {
            Some((count, true)) => writeln!(out, "tokens = \"~{}\"", cells::thousands(count)),
            Some((count, false)) => writeln!(out, "tokens = {count}"),
            None => Ok(()),
        }
        .expect("infallible");
        out.push_str("+++\n\n");
    }

    /// One to three tags: the first workstream's own, then others from the pool of 30.
    fn tags(&mut self) -> Vec<&'static str> {
        let wanted = self.rng.range(1, 3) as usize;
        let mut tags = vec![self.streams[0].tag];
        while tags.len() < wanted {
            let pool = WORKSTREAMS.len() + words::TOPIC_TAGS.len();
            let i = self.rng.below(pool as u64) as usize;
            let tag = if i < WORKSTREAMS.len() {
                WORKSTREAMS[i].tag
            } else {
                words::TOPIC_TAGS[i - WORKSTREAMS.len()]
            };
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags
    }

    fn opening(&mut self, out: &mut String, totals: &Totals) {
        let names: Vec<String> = self.streams.iter().map(|s| in_prose(s.name)).collect();
        let adjective = *self.rng.pick(words::DAY_ADJECTIVES);
        let (day, tasks) = (self.date.weekday_name(), self.rows.len());
        let mut text = match names.len() {
            1 => format!("A {adjective} {day} with {tasks} tasks, all of them on the {}.", names[0]),
            n => format!(
                "A {adjective} {day} with {tasks} tasks spread over {n} workstreams: {}.",
                list(&names)
            ),
        };
        write!(
            text,
            " Together they come to {} of estimated work against {} of agent time.",
            cells::hours_minutes(totals.human),
            cells::hours_minutes(totals.ai)
        )
        .expect("infallible");
        self.sentences(&mut text, 3, 5);
        paragraph(out, &text);
    }

    fn table(&mut self, out: &mut String) {
        out.push_str(self.layout.header());
        out.push('\n');
        for (i, row) in self.rows.iter().enumerate() {
            let n = i + 1;
            let lev = cells::factor(self.rng, row.leverage());
            let sup = row.supervisory.as_ref().map_or("", |s| s.text.as_str());
            let slf = row
                .supervisory
                .as_ref()
                .map(|s| cells::factor(self.rng, row.human.minutes / s.minutes))
                .unwrap_or_default();
            let (task, human, ai, tokens) = (&row.task, &row.human.text, &row.ai.text, &row.tokens.text);
            let line = match self.layout {
                Layout::Sample => format!("| {task} | {human} | {ai} | {tokens} | {lev} |"),
                Layout::SupervisedLf => format!("| {n} | {task} | {human} | {ai} | {sup} | {lev} | {slf} |"),
                Layout::Weeks => {
                    let weeks = cells::weeks(row.human.minutes);
                    format!("| {n} | {task} | {human} | {ai} | {weeks} | {lev} | |")
                }
                Layout::Supervised => format!("| {n} | {task} | {human} | {ai} | {sup} | {lev} | {slf} |"),
                Layout::Workstream => {
                    let stream = row.workstream.name;
                    format!("| {n} | {task} | {stream} | {human} | {ai} | {sup} | {tokens} | {lev} | {slf} |")
                }
            };
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }

    /// An "Aggregate Stats" table whose every figure agrees with the rows.
    fn aggregates(&mut self, out: &mut String, t: &Totals, day_tokens: Option<(u64, bool)>) {
        let long = self.rng.chance(50);
        out.push_str(if long { "\n## Aggregate Statistics\n\n" } else { "\n## Aggregate Stats\n\n" });
        out.push_str("| Metric | Value |\n|---|---|\n");
        let mut metric = |name: &str, value: String| {
            writeln!(out, "| {name} | {value} |").expect("infallible");
        };
        metric("Total tasks", self.rows.len().to_string());
        let hours = cells::decimal(t.human / 60.0, 1);
        if long {
            let days = cells::decimal(t.human / DAY_MINUTES, 1);
            metric("Human-equivalent hours", format!("{hours}h ({days} working days)"));
        } else {
            metric("Total human-equivalent hours", format!("{hours}h"));
        }
        if self.layout == Layout::Weeks || self.rng.chance(30) {
            metric("Human-equivalent weeks", cells::decimal(t.human / WEEK_MINUTES, 1));
        }
        let minutes = cells::decimal(t.ai, 1);
        if long {
            metric("Claude wall-clock time", format!("{minutes}m ({}h)", cells::decimal(t.ai / 60.0, 1)));
        } else {
            metric("Total Claude minutes", format!("{minutes}min ({})", cells::hours_minutes(t.ai)));
        }
        if t.supervisory_known > 0 {
            let minutes = cells::decimal(t.supervisory, 1);
            if long {
                metric("Supervisory time", format!("{minutes}m"));
            } else {
                metric(
                    "Total supervisory minutes",
                    format!("{minutes}min ({})", cells::hours_minutes(t.supervisory)),
                );
            }
        }
        let tokens = match day_tokens {
            Some((count, approx)) => {
                Some(format!("{}{}", if approx { "~" } else { "" }, cells::thousands(count)))
            }
            None if t.tokens_known == 0 => None,
            None if t.tokens_approx || t.tokens_known < self.rows.len() => {
                Some(format!("~{}", cells::tokens_short(t.tokens)))
            }
            None => Some(cells::thousands(t.tokens)),
        };
        if let Some(tokens) = tokens {
            metric(if long { "Tokens consumed" } else { "Total tokens" }, tokens);
        }
        let weighted = format!("{}x", cells::decimal(t.human / t.ai, 1));
        metric(if long { "Weighted avg leverage factor" } else { "Weighted average leverage" }, weighted);
        if t.supervisory_known > 0 {
            let weighted = format!("{}x", cells::decimal(t.supervised_human / t.supervisory, 1));
            let name = if long {
                "Weighted avg supervisory factor"
            } else {
                "Weighted average supervisory leverage factor"
            };
            metric(name, weighted);
        }
    }

    fn analysis(&mut self, out: &mut String, totals: &Totals) {
        let best =
            self.rows.iter().max_by(|a, b| a.leverage().total_cmp(&b.leverage())).expect("8 or more rows");
        let worst =
            self.rows.iter().min_by(|a, b| a.leverage().total_cmp(&b.leverage())).expect("8 or more rows");
        let mut text = format!(
            "The best row of the day was \"{}\" at {}x. Its estimate was {} and the agent needed {}.",
            short(&best.task),
            cells::decimal(best.leverage(), 1),
            best.human.text,
            best.ai.text
        );
        self.sentences(&mut text, 3, 5);
        paragraph(out, &text);

        let mut text = format!(
            "The lowest factor was {}x, on \"{}\". Weighted over the day, {} estimated hours took {}, or {}x, \
             about {} working weeks of output.",
            cells::decimal(worst.leverage(), 1),
            short(&worst.task),
            cells::decimal(totals.human / 60.0, 1),
            cells::hours_minutes(totals.ai),
            cells::decimal(totals.human / totals.ai, 1),
            cells::decimal(totals.human / WEEK_MINUTES, 1),
        );
        self.sentences(&mut text, 3, 5);
        paragraph(out, &text);

        // Two to five more paragraphs, so a record has four to seven in all.
        let more = self.rng.range(2, 5);
        for i in 0..more {
            if i == 1 && self.rng.chance(30) {
                out.push_str("### Lessons\n\n");
                for j in self.rng.distinct(words::LESSONS.len(), 3) {
                    writeln!(out, "- {}", words::LESSONS[j]).expect("infallible");
                }
                out.push('\n');
            }
            let mut text = String::new();
            self.sentences(&mut text, 5, 8);
            if i + 1 == more && self.rng.chance(20) {
                text.push_str(" How the figures are computed is explained on the [about page](/about/).");
            }
            paragraph(out, text.trim_start());
        }
    }

    /// Appends `lo..=hi` sentences from the general pool and a closer.
    fn sentences(&mut self, text: &mut String, lo: u64, hi: u64) {
        let count = self.rng.range(lo, hi) as usize;
        for _ in 0..count {
            if self.deck.is_empty() {
                self.deck = self.rng.distinct(words::GENERAL.len(), words::GENERAL.len());
            }
            let i = self.deck.pop().expect("the deck was just refilled");
            let stream = in_prose(self.rng.pick(self.streams).name);
            let sentence = words::GENERAL[i].replace("{ws}", &stream);
            text.push(' ');
            // Now and then a bit of inline markup, as real posts have.
            if self.rng.chance(8) {
                text.push_str(&sentence.replacen("the agent", "**the agent**", 1));
            } else if self.rng.chance(6) {
                text.push_str(&sentence.replacen("tests", "`cargo test` runs", 1));
            } else {
                text.push_str(&sentence);
            }
        }
        if self.rng.chance(50) {
            text.push(' ');
            let closer: &&str = self.rng.pick(words::CLOSERS);
            text.push_str(closer);
        }
    }
}

/// A workstream's name inside a sentence: `ML pipeline` stays, `Resume generator` becomes
/// `resume generator`.
fn in_prose(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => name.to_string(),
        _ => name.to_lowercase(),
    }
}

/// The first words of a task, for quoting it in prose.
fn short(task: &str) -> &str {
    let end = task.find(" (").or_else(|| task.find(" + ")).unwrap_or(task.len());
    &task[..end]
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Appends `text` as a paragraph wrapped at about 100 columns, as people write markdown.
fn paragraph(out: &mut String, text: &str) {
    let mut width = 0;
    for word in text.split_whitespace() {
        if width > 0 && width + 1 + word.len() > 100 {
            out.push('\n');
            width = 0;
        } else if width > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.len();
    }
    out.push_str("\n\n");
}

/// The day's weekday as a word, for the opening sentence.
trait WeekdayName {
    fn weekday_name(&self) -> &'static str;
}

impl WeekdayName for NaiveDate {
    fn weekday_name(&self) -> &'static str {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            [self.weekday().num_days_from_monday() as usize]
    }
}

const SITE_TOML: &str = r#"title = "Synthetic Leverage Log"
base_url = "https://example.org/"
description = "A generated time-record blog for benchmarks: tasks, human estimates and agent time."
author = "xtask gen"
paginate_by = 10
hours_per_day = 8
days_per_week = 5
"#;

const ABOUT: &str = r#"+++
title = "About"
+++

This site was written by `cargo xtask gen`. Each record covers one day and lists tasks done with an
AI coding agent, with an estimate of how long a senior engineer would need by hand and the time the
agent took. Some records also note supervisory time, the minutes a person spent prompting and
reviewing.

**Leverage** is human time divided by agent time. Across a day it is weighted: total human time
divided by total agent time. The records, their prose and their figures are synthetic; they exist to
measure how fast a site of this shape builds.
"#;

/// Writes a site of `count` records into `out`, which must be new, empty or an earlier `gen` output,
/// and returns how many records use each layout (in the order of `Layout::ALL`).
pub(crate) fn write_site(out: &Path, count: usize, seed: u64) -> Result<[usize; 5]> {
    if count == 0 {
        bail!("expected at least one record, found --records 0");
    }
    if out.exists() {
        let empty = fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?.next().is_none();
        if !empty && !out.join(MARKER).exists() {
            bail!("{} exists and was not written by `cargo xtask gen`; choose a new folder", out.display());
        }
        if !empty {
            fs::remove_dir_all(out).with_context(|| format!("removing the old {}", out.display()))?;
        }
    }
    let records = out.join("content").join("records");
    fs::create_dir_all(&records).with_context(|| format!("creating {}", records.display()))?;
    fs::write(out.join("site.toml"), SITE_TOML).context("writing site.toml")?;
    fs::write(out.join("content").join("about.md"), ABOUT).context("writing about.md")?;
    let layouts: Vec<Layout> = (0..count)
        .into_par_iter()
        .map(|index| {
            let record = record(seed, index, count);
            let path = records.join(&record.file_name);
            fs::write(&path, record.text).with_context(|| format!("writing {}", path.display()))?;
            Ok(record.layout)
        })
        .collect::<Result<_>>()?;
    fs::write(out.join(MARKER), marker(count, seed)).context("writing the marker")?;
    let mut per_layout = [0; 5];
    for layout in layouts {
        per_layout[Layout::ALL.iter().position(|l| *l == layout).expect("every layout is in ALL")] += 1;
    }
    Ok(per_layout)
}

/// What the marker of a site of `count` records from `seed` holds.
pub(crate) fn marker(count: usize, seed: u64) -> String {
    format!("generator {GENERATOR_VERSION} seed {seed} records {count}\n")
}

#[cfg(test)]
mod tests;
