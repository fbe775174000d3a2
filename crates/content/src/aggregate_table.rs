//! "Aggregate Stats" tables (`Metric | Value`) as a writer wrote them.
//!
//! Each recognised metric's leading figure is read with its precision, so `site` can compare it
//! with the computed figure the way stated leverage is compared. Nothing is computed here.

use math::{Stated, WorkWeek};

use crate::markdown::RawTable;
use crate::table::normalize;
use crate::{Cell, Diagnostic, clip, duration, factor, tokens};

/// The figure a metric names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// Total tasks (a count).
    Tasks,
    /// Human-equivalent hours.
    HumanHours,
    /// AI minutes (wall-clock time of the agent).
    AiMinutes,
    /// Supervisory minutes.
    SupervisoryMinutes,
    /// Tokens.
    Tokens,
    /// Weighted average leverage.
    WeightedLeverage,
    /// Weighted average supervisory leverage.
    WeightedSupervisoryLeverage,
    /// Human-equivalent weeks.
    HumanWeeks,
    /// The mean of the tasks' leverages, unweighted ("Mean task leverage").
    MeanLeverage,
    /// An average that does not say which ("Average leverage"): the weighted leverage or the
    /// plain mean, whichever the stated figure is.
    AverageLeverage,
    /// The median task leverage.
    MedianLeverage,
    /// The lowest task leverage.
    MinLeverage,
    /// The highest task leverage.
    MaxLeverage,
}

impl MetricKind {
    /// Every kind, in the enum's order: a kind added above is added here too.
    pub const ALL: [MetricKind; 13] = [
        MetricKind::Tasks,
        MetricKind::HumanHours,
        MetricKind::AiMinutes,
        MetricKind::SupervisoryMinutes,
        MetricKind::Tokens,
        MetricKind::WeightedLeverage,
        MetricKind::WeightedSupervisoryLeverage,
        MetricKind::HumanWeeks,
        MetricKind::MeanLeverage,
        MetricKind::AverageLeverage,
        MetricKind::MedianLeverage,
        MetricKind::MinLeverage,
        MetricKind::MaxLeverage,
    ];

    /// Whether the figure is read from the spread of the tasks' leverages (their mean, median,
    /// lowest or highest; an average that does not say which may be the mean), and not from the
    /// totals alone. Every kind is named, so that a new one must say which it is: a check that
    /// makes the spread only when a figure reads it would otherwise compare it with none.
    pub fn reads_spread(self) -> bool {
        match self {
            MetricKind::MeanLeverage
            | MetricKind::AverageLeverage
            | MetricKind::MedianLeverage
            | MetricKind::MinLeverage
            | MetricKind::MaxLeverage => true,
            MetricKind::Tasks
            | MetricKind::HumanHours
            | MetricKind::AiMinutes
            | MetricKind::SupervisoryMinutes
            | MetricKind::Tokens
            | MetricKind::WeightedLeverage
            | MetricKind::WeightedSupervisoryLeverage
            | MetricKind::HumanWeeks => false,
        }
    }
}

/// A stated figure in the metric's own unit: `computed / scale` is compared with `stated`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StatedFigure {
    /// The number as written, with its precision.
    pub stated: Stated,
    /// How many of the metric's units one written unit is (1/60 for minutes written on an hours
    /// metric, 1e6 for tokens written in `M`).
    pub scale: f64,
}

impl StatedFigure {
    /// True when `computed` (in the metric's unit) rounds to what was written.
    pub fn matches(&self, computed: f64) -> bool {
        self.stated.matches(computed / self.scale)
    }
}

/// One row of an aggregate table.
#[derive(Clone, Debug, PartialEq)]
pub struct StatedMetric {
    /// The metric's name as written.
    pub name: Cell<String>,
    /// The value as written.
    pub value: Cell<String>,
    /// What the metric is, when recognised.
    pub kind: Option<MetricKind>,
    /// The leading figure of the value, when it could be read.
    pub figure: Option<StatedFigure>,
    /// A time metric's other figures, in brackets after the first (`268min (4h 28min)`,
    /// `204h (5.1 weeks, 25.5 days)`), checked like it.
    pub bracketed: Vec<Bracketed>,
    /// True when the metric is recognised but its value has no figure leverage can read
    /// (`about nine`), an unknown marker such as `—` aside: shown as written, beside the
    /// computed figure, and not checked.
    pub unread: bool,
}

/// A figure in brackets after a time metric's leading one, as `bracketed` reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Bracketed {
    /// The figure, in the metric's terms.
    pub figure: StatedFigure,
    /// The unit as written after a single number, with the space before it (`h`, ` working
    /// days`), or `None` for a duration of several parts (`4h 28min`), compared in whole minutes.
    pub unit: Option<String>,
    /// The text in the brackets, as written.
    pub text: String,
}

/// An aggregate table of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct AggregateTable {
    /// The whole table.
    pub span: crate::Span,
    /// Its rows.
    pub metrics: Vec<StatedMetric>,
    /// Whether the page shows the table as written rather than the computed figures in its
    /// place: it has columns beyond Metric and Value (`Notes`), which the computed block has not.
    pub as_written: bool,
}

/// The words a metric of the whole day is written with, beside the agents' names: a name with
/// any other word names something else (`Resume leverage`, a workstream's; `Tasks per hour`;
/// `Longest task`), which is kept as written rather than checked against the day's figure.
const METRIC_WORDS: &[&str] = &[
    "total",
    "totals",
    "overall",
    "day",
    "daily",
    "today",
    "todays",
    "s",
    "the",
    "of",
    "all",
    "across",
    "for",
    "in",
    "combined",
    "sum",
    "aggregate",
    "count",
    "number",
    "no",
    "equivalent",
    "est",
    "estimated",
    "estimate",
    "senior",
    "engineer",
    "engineering",
    "human",
    "wall",
    "clock",
    "time",
    "spent",
    "used",
    "consumed",
    "approx",
    "approximate",
    "approximately",
    "hours",
    "hour",
    "hrs",
    "hr",
    "h",
    "minutes",
    "minute",
    "mins",
    "min",
    "m",
    "weeks",
    "week",
    "wk",
    "wks",
    "working",
    "work",
    "tokens",
    "token",
    "k",
    "tasks",
    "task",
    "completed",
    "done",
    "leverage",
    "factor",
    "lf",
    "weighted",
    "unweighted",
    "average",
    "avg",
    "mean",
    "median",
    "minimum",
    "lowest",
    "max",
    "maximum",
    "highest",
    "peak",
    "supervisory",
    "supervision",
    "supervising",
    "supervised",
    "sup",
    "agent",
    "agents",
    "ai",
    "code",
    "ratio",
    "x",
    "grand",
    "eng",
    "shipped",
    "closed",
    "logged",
    "input",
    "output",
];

/// The words of a summary of the tasks' figures (`Median tokens`, `Max human hours`): computed
/// for the tasks' leverage only, so with any other figure the metric is no figure of the day.
const SPREAD_WORDS: [&str; 10] =
    ["average", "avg", "mean", "median", "minimum", "lowest", "max", "maximum", "highest", "peak"];

/// Recognises a metric of the whole day by its name, as real posts have written them; `agents`
/// are the AI labels the record's tables may use (`Total Codex minutes`).
pub fn metric_kind(name: &str, agents: &[String]) -> Option<MetricKind> {
    let n = normalize(name);
    let agent = |w: &str| agents.iter().any(|a| normalize(a).split(' ').any(|part| part == w));
    let mut words = n.split(' ').peekable();
    // `per task` (`Average leverage per task`), which only a leverage may say.
    let mut per_task = false;
    while let Some(w) = words.next() {
        // `Average leverage per task` is the day's; `Tasks per hour` is not.
        if w == "per" && words.next_if(|next| *next == "task").is_some() {
            per_task = true;
            continue;
        }
        if !(METRIC_WORDS.contains(&w) || w.bytes().all(|b| b.is_ascii_digit()) || agent(w)) {
            return None;
        }
    }
    let has = |w: &str| n.contains(w);
    let word = |w: &str| n.split(' ').any(|x| x == w);
    // A task's leverage summarised without weights: "Mean task leverage", "Median leverage",
    // "Min factor". "Weighted average" is the weighted one; an unqualified average is the mean.
    let spread = || {
        if word("weighted") {
            None
        } else if has("median") {
            Some(MetricKind::MedianLeverage)
        } else if has("mean") {
            Some(MetricKind::MeanLeverage)
        } else if has("average") || word("avg") {
            Some(MetricKind::AverageLeverage)
        } else if word("min") || has("minimum") || has("lowest") {
            Some(MetricKind::MinLeverage)
        } else if word("max") || has("maximum") || has("highest") || has("peak") {
            Some(MetricKind::MaxLeverage)
        } else {
            None
        }
    };
    let leverage = has("leverage") || has("factor");
    // A figure per task or a summary of one that is not a leverage (`Tokens per task`, `Median
    // tokens`, `Max human hours`) is computed nowhere: kept as written, not compared with the
    // day's total.
    if !leverage && (per_task || n.split(' ').any(|w| SPREAD_WORDS.contains(&w))) {
        return None;
    }
    Some(if has("supervis") {
        if leverage {
            // No unweighted summary of supervisory leverage is computed.
            if spread().is_some() {
                return None;
            }
            MetricKind::WeightedSupervisoryLeverage
        } else {
            MetricKind::SupervisoryMinutes
        }
    } else if leverage {
        spread().unwrap_or(MetricKind::WeightedLeverage)
    } else if has("token") {
        MetricKind::Tokens
    } else if has("week") {
        MetricKind::HumanWeeks
    } else if has("human") {
        // `Human time`, `Total human estimate`: hours. Days are a unit no metric is read in.
        if word("days") {
            return None;
        }
        MetricKind::HumanHours
    } else if has("task") {
        MetricKind::Tasks
    } else if has("minutes") || has("wall clock") || has("time") {
        MetricKind::AiMinutes
    } else {
        return None;
    })
}

/// The metric `name` means when a word of it is a slip of one of the metrics' words
/// (`Weigthed average leverage`): the name with those words mended, as written otherwise (an
/// initial capital kept), when it then names a metric.
fn metric_slip(name: &str, agents: &[String]) -> Option<String> {
    let mut mended = false;
    let words: Option<Vec<String>> = name
        .split_whitespace()
        .map(|word| {
            let bare = normalize(word);
            if bare.is_empty() || METRIC_WORDS.contains(&bare.as_str()) || bare.contains(' ') {
                return Some(word.to_string());
            }
            let agent = agents.iter().any(|a| normalize(a).split(' ').any(|part| part == bare));
            if agent || bare.bytes().all(|b| b.is_ascii_digit()) {
                return Some(word.to_string());
            }
            let near = crate::front_matter::nearest_name(&bare, METRIC_WORDS)?;
            mended = true;
            let capital = word.starts_with(char::is_uppercase);
            Some(if capital { near[..1].to_uppercase() + &near[1..] } else { near.to_string() })
        })
        .collect();
    let meant = words?.join(" ");
    (mended && metric_kind(&meant, agents).is_some()).then_some(meant)
}

/// Reads the leading figure of a value (`60h (7.5 working days)` reads `60h`).
pub(crate) fn figure(kind: MetricKind, value: &str, week: &WorkWeek) -> Option<StatedFigure> {
    let lead = value.split('(').next().unwrap_or("").trim();
    // `~6h`, `~18`: approximate, so matched within a twentieth (see `Stated::matches`).
    if let Some(rest) = lead.strip_prefix('~') {
        let StatedFigure { stated, scale } = exact_figure(kind, rest.trim_start(), week)?;
        // On a token count `~` says some rows' counts are unknown, as leverage itself writes
        // it, not that the figure is rough: it keeps its written precision.
        let stated = if kind == MetricKind::Tokens { stated } else { stated.approximate() };
        return Some(StatedFigure { stated, scale });
    }
    exact_figure(kind, lead, week)
}

/// The figures in brackets after a time metric's leading one: durations with their units (`4h
/// 28min`, `12.4 working days`, `1.5 weeks`), several of them apart by `, `, `;` or `/` (`5.1
/// weeks, 25.5 days`: each the same total, not parts of a sum). Anything else in brackets is a
/// note (`(approx.)`, `(18 tasks)`, a bare `(5)`), read as nothing.
pub(crate) fn bracketed(kind: MetricKind, value: &str, week: &WorkWeek) -> Vec<Bracketed> {
    if !matches!(kind, MetricKind::HumanHours | MetricKind::AiMinutes | MetricKind::SupervisoryMinutes) {
        return Vec::new();
    }
    let Some((inner, _)) = value.split_once('(').and_then(|(_, rest)| rest.split_once(')')) else {
        return Vec::new();
    };
    // `, ` and not `,`, which groups thousands (`1,200 working days`).
    inner
        .split(';')
        .flat_map(|part| part.split('/'))
        .flat_map(|part| part.split(", "))
        .filter_map(|part| one_bracketed(kind, part.trim(), week))
        .collect()
}

/// One figure of `bracketed`.
fn one_bracketed(kind: MetricKind, text: &str, week: &WorkWeek) -> Option<Bracketed> {
    // `working days` and `work weeks` are the working day and week `d` and `w` already are.
    let plain = text.replace("working ", "").replace("work ", "");
    if factor::number_of(plain.trim_start_matches('~')).is_some() {
        return None;
    }
    let figure = figure(kind, &plain, week)?;
    // The unit with the space before it as written (`h`, ` working days`); none for `4h 28min`.
    // After a `~` and any space, as `figure` reads it (`~ 5h` is 5 hours).
    let unit = text
        .trim_start_matches('~')
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    let single = unit.chars().all(|c| c.is_ascii_alphabetic() || c == ' ');
    Some(Bracketed { figure, unit: single.then(|| unit.to_string()), text: text.to_string() })
}

/// `figure` of a lead without a `~`.
fn exact_figure(kind: MetricKind, lead: &str, week: &WorkWeek) -> Option<StatedFigure> {
    let plain = |scale: f64| factor::number_of(lead).map(|stated| StatedFigure { stated, scale });
    match kind {
        MetricKind::Tasks => plain(1.0),
        MetricKind::HumanWeeks => {
            let number = lead.trim_end_matches(|c: char| c.is_ascii_alphabetic()).trim();
            let unit = lead[number.len()..].trim();
            // A unit of time other than the week (`2h`, `3d`, `90min`) is that time in weeks;
            // a week's (`0.7w`, `0.7 weeks`), or one leverage does not know, is the metric's own.
            let scale =
                duration::unit_minutes(unit, week).map_or(1.0, |(minutes, _)| minutes / week.week_minutes());
            match factor::number_of(number) {
                Some(stated) => Some(StatedFigure { stated, scale }),
                // A compound duration (`2h 30min`): compared in whole minutes.
                None => {
                    let minutes = duration::value(lead, week)?;
                    Some(StatedFigure {
                        stated: Stated::new(minutes.get(), 0),
                        scale: 1.0 / week.week_minutes(),
                    })
                }
            }
        }
        MetricKind::WeightedLeverage
        | MetricKind::WeightedSupervisoryLeverage
        | MetricKind::MeanLeverage
        | MetricKind::AverageLeverage
        | MetricKind::MedianLeverage
        | MetricKind::MinLeverage
        | MetricKind::MaxLeverage => {
            factor::parse(lead).flatten().map(|stated| StatedFigure { stated, scale: 1.0 })
        }
        MetricKind::Tokens => {
            let number = lead.trim();
            let unit_at = number.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(number.len());
            let scale = tokens::scale(number[unit_at..].trim())? as f64;
            tokens::count(lead)?;
            factor::number_of(number[..unit_at].trim()).map(|stated| StatedFigure { stated, scale })
        }
        MetricKind::HumanHours | MetricKind::AiMinutes | MetricKind::SupervisoryMinutes => {
            let per_minute = if kind == MetricKind::HumanHours { 1.0 / 60.0 } else { 1.0 };
            if let Some(stated) = factor::number_of(lead) {
                // A bare number is in the metric's own unit.
                return Some(StatedFigure { stated, scale: 1.0 });
            }
            let number_end =
                lead.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(lead.len());
            let unit = lead[number_end..].trim();
            let stated = factor::number_of(&lead[..number_end])?;
            let single_unit = unit
                .chars()
                .all(|c| c.is_ascii_alphabetic())
                .then(|| duration::unit_minutes(unit, week))
                .flatten();
            match single_unit {
                Some((unit_minutes, _)) => Some(StatedFigure { stated, scale: unit_minutes * per_minute }),
                None => {
                    // A compound duration (`4h 28min`): compare in whole minutes.
                    let minutes = duration::value(lead, week)?;
                    Some(StatedFigure { stated: Stated::new(minutes.get(), 0), scale: per_minute })
                }
            }
        }
    }
}

/// A value of the metric as the sample writes it, for messages.
pub(crate) fn example(kind: MetricKind) -> &'static str {
    match kind {
        MetricKind::Tasks => "18",
        MetricKind::HumanHours => "204h",
        MetricKind::AiMinutes => "268min",
        MetricKind::SupervisoryMinutes => "45min",
        MetricKind::Tokens => "~1.23M",
        MetricKind::WeightedLeverage | MetricKind::WeightedSupervisoryLeverage => "45.7x",
        MetricKind::MeanLeverage => "45.9x",
        MetricKind::AverageLeverage => "45.7x",
        MetricKind::MedianLeverage => "40x",
        MetricKind::MinLeverage => "4.8x",
        MetricKind::MaxLeverage => "120x",
        MetricKind::HumanWeeks => "5.1",
    }
}

/// A stated metric from its name and value cells, its figures read from `text` (the value's plain
/// text, with its column's unit when it is a totals row's cell): the leading one and those in
/// brackets. For aggregate tables and totals rows alike.
pub(crate) fn stated_metric(
    kind: Option<MetricKind>,
    name: Cell<String>,
    value: Cell<String>,
    text: &str,
    week: &WorkWeek,
) -> StatedMetric {
    let figure = kind.and_then(|k| figure(k, text, week));
    let bracketed = kind.map(|k| bracketed(k, text, week)).unwrap_or_default();
    // The figure is read before any `(`, and so is an unknown marker (`— (not tracked)`).
    let unread =
        kind.is_some() && figure.is_none() && !tokens::is_unknown(text.split('(').next().unwrap_or(""));
    StatedMetric { name, value, kind, figure, bracketed, unread }
}

/// Whether a `Metric | Value` table is the record's stated aggregates rather than a table of
/// something else the writer measured (`## Load test` over `| p99 latency | 120ms |`): it is,
/// unless it sits under a heading of its own (`above`) that no task table of the record is under
/// (`task_headings`), where neither that heading nor a label below it (a short paragraph) names figures
/// of the day (`Aggregate Stats`, `Totals`, `Summary`, `Metrics`...), and some of its metrics
/// are none leverage knows. Such a table is ordinary content, shown as written and not checked:
/// `check` must raise no false alarm on a correct post.
pub fn is_the_days(
    table: &RawTable,
    read: &AggregateTable,
    task_headings: &[Option<crate::Span>],
    sources: &crate::Sources,
) -> bool {
    let Some(heading) = table.above.heading else { return true };
    let names_them = |span: &crate::Span| {
        let text = sources.slice(*span);
        // Not a heading's attributes (`## Load test {#load-stats}`).
        let text = match text.trim_end().strip_suffix('}').and_then(|t| t.rfind('{').map(|at| &t[..at])) {
            Some(before) => before,
            None => text,
        };
        let text = text.to_lowercase();
        text.split(|c: char| !c.is_alphanumeric()).any(|word| {
            matches!(
                word,
                "aggregate"
                    | "aggregates"
                    | "stat"
                    | "stats"
                    | "statistic"
                    | "statistics"
                    | "total"
                    | "totals"
                    | "summary"
                    | "metric"
                    | "metrics"
                    | "figures"
                    | "numbers"
            )
        })
    };
    task_headings.contains(&Some(heading))
        || names_them(&heading)
        || table.above.labels.iter().any(names_them)
        || read.metrics.iter().all(|m| m.kind.is_some())
}

/// Reads an aggregate table; warns once for each metric it does not recognise, and for each
/// recognised one whose value has no figure it can read (an unknown marker such as `—` aside).
pub fn read(
    table: &RawTable,
    sources: &crate::Sources,
    week: &WorkWeek,
    as_written: bool,
    agents: &[String],
) -> (AggregateTable, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let metrics = table
        .rows
        .iter()
        .filter_map(|row| {
            let [name, value] = [row.cells.first()?, row.cells.get(1)?];
            let (name_text, value_text) = (name.text_in(sources), value.text_in(sources));
            let kind = metric_kind(name_text, agents);
            let metric = stated_metric(
                kind,
                Cell { value: sources.slice(name.source).to_string(), span: name.source },
                Cell { value: sources.slice(value.source).to_string(), span: value.source },
                value_text,
                week,
            );
            if let Some(kind) = kind.filter(|_| metric.unread) {
                diagnostics.push(Diagnostic::warning(
                    value.source,
                    format!(
                        "cannot read `{}` as `{}`: shown as written beside the computed figure and not checked; expected a figure like `{}`",
                        clip(value_text.trim()),
                        clip(name_text.trim()),
                        example(kind)
                    ),
                ));
            }
            if kind.is_none() {
                let meant = metric_slip(name_text, agents)
                    .map_or_else(String::new, |meant| format!("; did you mean `{meant}`?"));
                diagnostics.push(Diagnostic::warning(
                    name.source,
                    format!(
                        "unrecognised aggregate metric `{}`: shown as written and not checked{meant}",
                        clip(name_text)
                    ),
                ));
            }
            Some(metric)
        })
        .collect();
    (AggregateTable { span: table.span, metrics, as_written }, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_figure(name: &str, value: &str) -> Option<StatedFigure> {
        figure(metric_kind(name, &claude()).expect("known metric"), value, &WorkWeek::default())
    }

    fn claude() -> Vec<String> {
        vec!["Claude".to_string()]
    }

    /// A slip of a metric's word is told the metric meant, where "unrecognised" alone left the
    /// writer to find the typo.
    #[test]
    fn a_metric_name_s_slip_is_told_the_name_meant() {
        for (name, meant) in [
            ("Weigthed average leverage", Some("Weighted average leverage")),
            ("Totl Claude minutes", Some("Total Claude minutes")),
            ("total tokns", Some("total tokens")),
            ("Coffee consumed", None),
            ("Weighted average leverage", None),
        ] {
            assert_eq!(metric_slip(name, &claude()).as_deref(), meant, "{name}");
        }
    }

    #[test]
    fn recognises_the_metrics_of_real_posts() {
        use MetricKind::*;
        let cases = [
            ("Total tasks", Tasks),
            ("Total human-equivalent hours", HumanHours),
            ("Human-equivalent hours", HumanHours),
            ("Total Claude minutes", AiMinutes),
            ("Claude wall-clock time", AiMinutes),
            ("Supervisory time", SupervisoryMinutes),
            ("Total supervisory minutes", SupervisoryMinutes),
            ("Total tokens", Tokens),
            ("Tokens consumed", Tokens),
            ("Weighted average leverage", WeightedLeverage),
            ("Weighted avg leverage factor", WeightedLeverage),
            ("Weighted avg supervisory factor", WeightedSupervisoryLeverage),
            ("Weighted average supervisory leverage factor", WeightedSupervisoryLeverage),
            ("Human-equivalent weeks", HumanWeeks),
            ("Mean task leverage", MeanLeverage),
            ("Average leverage", AverageLeverage),
            ("Avg. task leverage", AverageLeverage),
            ("Mean leverage", MeanLeverage),
            ("Median task leverage", MedianLeverage),
            ("Min leverage", MinLeverage),
            ("Lowest task leverage", MinLeverage),
            ("Maximum leverage factor", MaxLeverage),
            ("Highest leverage", MaxLeverage),
            ("Weighted average leverage", WeightedLeverage),
            ("Weighted avg leverage", WeightedLeverage),
            ("Unweighted average leverage", AverageLeverage),
        ];
        for (name, kind) in cases {
            assert_eq!(metric_kind(name, &claude()), Some(kind), "{name}");
        }
        assert_eq!(metric_kind("Mood", &claude()), None);
        // Only the weighted supervisory leverage is computed.
        assert_eq!(metric_kind("Median supervisory leverage", &claude()), None);
        // "min" as a word, not inside "minutes".
        assert_eq!(metric_kind("Total Claude minutes", &claude()), Some(AiMinutes));
        // The day's, in words real posts use.
        for (name, kind) in [
            ("Average leverage per task", AverageLeverage),
            ("Human time", HumanHours),
            ("Total human estimate", HumanHours),
            ("Total Claude Code minutes", AiMinutes),
            ("Tasks completed", Tasks),
        ] {
            assert_eq!(metric_kind(name, &claude()), Some(kind), "{name}");
        }
        // A part of the day (a workstream's, the longest task's), a rate, or a unit no metric is
        // read in: kept as written, not checked against the day's figure.
        for name in [
            "Resume leverage",
            "Resume human hours",
            "Infra Claude minutes",
            "Tasks per hour",
            "Longest task",
            "Human-equivalent hours of the longest task",
            "Human-equivalent days",
        ] {
            assert_eq!(metric_kind(name, &claude()), None, "{name}");
        }
        // Per task, or a summary of the tasks' figures other than leverage: no figure of the day.
        for name in [
            "Tokens per task",
            "Median tokens",
            "Average human hours per task",
            "Max human hours",
            "Average Claude minutes per task",
            "Claude minutes per task",
        ] {
            assert_eq!(metric_kind(name, &claude()), None, "{name}");
        }
        for (name, kind) in [
            ("Leverage ratio", WeightedLeverage),
            ("Avg leverage (x)", AverageLeverage),
            ("Grand total human hours", HumanHours),
            ("Tokens (input + output)", Tokens),
            ("Tasks shipped", Tasks),
        ] {
            assert_eq!(metric_kind(name, &claude()), Some(kind), "{name}");
        }
        // An agent's name counts when it is one of the record's.
        assert_eq!(metric_kind("Total Cursor minutes", &claude()), None);
        assert_eq!(metric_kind("Total Cursor minutes", &["Cursor".to_string()]), Some(AiMinutes));
    }

    #[test]
    fn an_approximate_figure_reads_and_matches_within_a_twentieth() {
        let hours = read_figure("Total human-equivalent hours", "~6h").expect("a figure");
        assert!(hours.stated.approx && hours.matches(6.2) && !hours.matches(6.6));
        let tasks = read_figure("Total tasks", "~18").expect("a figure");
        assert!(tasks.matches(18.0) && tasks.matches(17.2), "within a twentieth, wider than half a task");
        // A token count's `~` says some counts are unknown: its written precision holds.
        let tokens = read_figure("Total tokens", "~1.29M").expect("a figure");
        assert!(tokens.matches(1_290_000.0) && !tokens.matches(1_230_000.0));
    }

    #[test]
    fn figures_in_brackets_are_each_a_total_and_notes_are_none() {
        let week = WorkWeek::default();
        let texts = |value: &str| -> Vec<String> {
            bracketed(MetricKind::HumanHours, value, &week).into_iter().map(|b| b.text).collect()
        };
        assert_eq!(texts("204h (5.1 weeks, 25.5 days)"), ["5.1 weeks", "25.5 days"]);
        assert_eq!(texts("9600h (1,200 working days)"), ["1,200 working days"]);
        assert_eq!(texts("85m (1.4h; 1h 25min / 0.2 days)"), ["1.4h", "1h 25min", "0.2 days"]);
        assert!(texts("12h (approx.)").is_empty() && texts("12h (5)").is_empty() && texts("12h").is_empty());
        let days = &bracketed(MetricKind::HumanHours, "9600h (1,200 working days)", &week)[0];
        assert!(days.figure.matches(9600.0));
        assert!(bracketed(MetricKind::Tokens, "1.2M (1,200k)", &week).is_empty(), "time metrics only");
        // A `~` with a space after it: the figure and its unit are read alike.
        let about = &bracketed(MetricKind::HumanHours, "204h (~ 5h)", &week)[0];
        assert_eq!(about.unit.as_deref(), Some("h"), "a single unit, as `figure` reads it");
    }

    #[test]
    fn reads_the_sample_figures() {
        assert!(read_figure("Total tasks", "18").expect("count").matches(18.0));
        assert!(read_figure("Total human-equivalent hours", "204h").expect("hours").matches(204.0));
        assert!(read_figure("Total Claude minutes", "268min (4h 28min)").expect("minutes").matches(268.0));
        assert!(read_figure("Total tokens", "~1.23M").expect("tokens").matches(1_230_000.0));
        // Every suffix a token cell reads, as leverage shows large counts.
        assert!(read_figure("Total tokens", "1.2T").expect("trillions").matches(1.2e12));
        assert!(read_figure("Weighted average leverage", "45.7x").expect("factor").matches(12240.0 / 268.0));
    }

    #[test]
    fn reads_later_layouts() {
        assert!(
            read_figure("Human-equivalent hours", "60h (7.5 working days)").expect("hours").matches(60.0)
        );
        assert!(read_figure("Claude wall-clock time", "85m (1.4h)").expect("minutes").matches(85.0));
        assert!(read_figure("Human-equivalent weeks", "0.7").expect("weeks").matches(0.66));
        let written_with_unit = read_figure("Human-equivalent weeks", "0.50w").expect("weeks with a unit");
        assert!(written_with_unit.matches(20.0 / 40.0));
        assert!(!written_with_unit.matches(0.49));
        assert!(read_figure("Human-equivalent weeks", "1.2 weeks").expect("weeks").matches(1.21));
        // A time in another unit is that time in weeks (of 40 hours here), not as many weeks.
        let hours = read_figure("Human-equivalent weeks", "2h").expect("hours");
        assert!(hours.matches(2.0 / 40.0) && !hours.matches(2.0));
        assert!(read_figure("Human-equivalent weeks", "5d").expect("days").matches(1.0));
        assert!(read_figure("Human-equivalent weeks", "2h 30min").expect("compound").matches(2.5 / 40.0));
        assert!(read_figure("Total Claude minutes", "4h 28min").expect("compound").matches(268.0));
        assert!(read_figure("Total human-equivalent hours", "12240min").expect("minutes").matches(204.0));
        assert!(!read_figure("Total tasks", "18").expect("count").matches(17.0));
    }
}
