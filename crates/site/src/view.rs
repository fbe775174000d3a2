//! Views: the values templates receive. These types are a contract with theme authors
//! (docs/themes.md documents every field); they are built from `math` results and carry figures
//! already formatted by `math::display`, plus raw numbers where a theme may want to compute.

use content::record::ColumnKind;
use content::{Task, date_text};
use math::{Spread, Totals, WorkWeek, display};
use std::borrow::Cow;

use serde::Serialize;

use crate::audit;
use crate::model::{Model, RecordEntry};

/// Where every page lives: joins paths to the base URL.
#[derive(Clone, Debug)]
pub struct Urls {
    base: String,
}

/// The folder every record's page is in (`records/<slug>/`), whatever its slug.
pub const RECORDS_FOLDER: &str = "records";

impl Urls {
    /// URLs below `base_url` (which ends with `/`).
    pub fn new(base_url: &str) -> Urls {
        Urls { base: base_url.to_string() }
    }

    /// The absolute URL of a path relative to the site root (`records/x/`). A path that is not
    /// ASCII (a record named `2026-03-01-naïve.md`) is percent-encoded, as the base URL's own path
    /// is: sitemap.xml requires escaped URLs, and an href reads the same either way.
    pub fn url(&self, path: &str) -> String {
        if path.is_ascii() {
            let mut url = String::with_capacity(self.base.len() + path.len());
            url.push_str(&self.base);
            url.push_str(path);
            return url;
        }
        let encoded = percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS);
        format!("{}{encoded}", self.base)
    }

    /// The folder of a record page. The paths are joined from their pieces (`concat`, one
    /// allocation of the exact size): every page links several, and `format!` cost several times
    /// as much.
    pub fn record_path(slug: &str) -> String {
        [RECORDS_FOLDER, "/", slug, "/"].concat()
    }

    /// The folder of a document's page: a record's, or a standalone page's (`about/`).
    pub fn document_path(document: &content::Document) -> String {
        match document.record() {
            Some(_) => Urls::record_path(&document.slug),
            None => [document.slug.as_str(), "/"].concat(),
        }
    }

    /// The folder of a tag page.
    pub fn tag_path(slug: &str) -> String {
        ["tags/", slug, "/"].concat()
    }

    /// The folder of page `n` (from 1) of a tag: the tag's own folder, then `page/<n>/` below it.
    pub fn tag_page_path(slug: &str, n: usize) -> String {
        if n <= 1 { Self::tag_path(slug) } else { format!("tags/{slug}/page/{n}/") }
    }

    /// The folder of a workstream page.
    pub fn workstream_path(slug: &str) -> String {
        ["workstreams/", slug, "/"].concat()
    }

    /// The folder of page `n` (from 1) of a workstream: its own folder, then `page/<n>/` below it.
    pub fn workstream_page_path(slug: &str, n: usize) -> String {
        if n <= 1 { Self::workstream_path(slug) } else { format!("workstreams/{slug}/page/{n}/") }
    }

    /// The folder of home page `n` (1-based): the root for the first.
    pub fn home_path(n: usize) -> String {
        if n <= 1 { String::new() } else { format!("page/{n}/") }
    }
}

/// Figures of any set of tasks, formatted for display.
#[derive(Clone, Debug, Serialize)]
pub struct TotalsView {
    /// Records counted.
    pub records: u64,
    /// Tasks counted.
    pub tasks: u64,
    /// Human-equivalent time: `204h`, `4h 28min`.
    pub human: String,
    /// Human-equivalent hours: `204h`.
    pub human_hours: String,
    /// Human-equivalent hours as a number.
    pub human_hours_value: f64,
    /// Working days: `25.5`.
    pub human_days: String,
    /// Working weeks: `5.1`.
    pub human_weeks: String,
    /// AI time as a duration: `4h 28min`.
    pub ai: String,
    /// AI time in minutes: `268min`.
    pub ai_minutes: String,
    /// AI minutes as a number.
    pub ai_minutes_value: f64,
    /// Supervisory time, when any row gave one: `1h 5min`.
    pub supervisory: Option<String>,
    /// Supervisory time in minutes, when known: `65min`.
    pub supervisory_minutes: Option<String>,
    /// Rows with a supervisory time.
    pub supervisory_known: u64,
    /// Tokens: `~1.23M`, when any row gave them.
    pub tokens: Option<String>,
    /// Rows with a token count.
    pub tokens_known: u64,
    /// Weighted leverage (total human / total AI): `45.7x`.
    pub leverage: Option<String>,
    /// Weighted leverage as a number.
    pub leverage_value: Option<f64>,
    /// Weighted supervisory leverage: `16x`.
    pub supervisory_leverage: Option<String>,
    /// Mean of the tasks' leverage (unweighted).
    pub mean: Option<String>,
    /// Median of the tasks' leverage.
    pub median: Option<String>,
    /// Smallest task leverage.
    pub min: Option<String>,
    /// Largest task leverage.
    pub max: Option<String>,
}

impl TotalsView {
    /// Formats totals (and their spread, when known).
    pub fn new(totals: &Totals, spread: Option<&Spread>, week: &WorkWeek) -> TotalsView {
        let lev = |l: math::Leverage| display::leverage(l);
        TotalsView {
            records: totals.records,
            tasks: totals.tasks,
            human: display::duration(totals.human),
            human_hours: display::hours(totals.human),
            human_hours_value: totals.human.hours(),
            human_days: display::work(totals.human_days(week)),
            human_weeks: display::work(totals.human_weeks(week)),
            ai: display::duration(totals.ai),
            ai_minutes: display::minutes(totals.ai),
            ai_minutes_value: totals.ai.get(),
            supervisory: totals.supervisory_minutes().map(display::duration),
            supervisory_minutes: totals.supervisory_minutes().map(display::minutes),
            supervisory_known: totals.supervisory_known,
            tokens: totals.tokens().map(display::tokens),
            tokens_known: totals.tokens_known,
            leverage: totals.weighted_leverage().map(lev),
            leverage_value: totals.weighted_leverage().map(math::Leverage::get),
            supervisory_leverage: totals.weighted_supervisory_leverage().map(lev),
            mean: spread.map(|s| lev(s.mean)),
            median: spread.map(|s| lev(s.median)),
            min: spread.map(|s| lev(s.min)),
            max: spread.map(|s| lev(s.max)),
        }
    }
}

/// A link to a tag.
#[derive(Clone, Debug, Serialize)]
pub struct TagLink {
    /// The tag as the site names it: as first written across the site, so that a record that
    /// writes `ML-pipeline` shows the same name as the tag's page, `ml-pipeline`.
    pub name: String,
    /// Its URL segment.
    pub slug: String,
    /// Its page.
    pub url: String,
}

/// A record as listed on home, archive, tag pages and the feed.
#[derive(Clone, Debug, Serialize)]
pub struct RecordSummary {
    /// URL segment.
    pub slug: String,
    /// Absolute URL of its page.
    pub url: String,
    /// Title.
    pub title: String,
    /// ISO date: `2026-02-28`.
    pub date: String,
    /// Date for readers: `February 28, 2026`.
    pub date_display: String,
    /// ISO date of the last change (front matter `updated`), if said: `2026-03-02`.
    pub updated: Option<String>,
    /// The last change for readers, when it is later than the record's date: `March 2, 2026`.
    pub updated_display: Option<String>,
    /// Tags.
    pub tags: Vec<TagLink>,
    /// Summary text (plain).
    pub summary: Option<String>,
    /// The AI label of its tables: `Claude`.
    pub ai_label: String,
    /// Its figures.
    pub totals: TotalsView,
}

/// A column of a rendered task table.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnView {
    /// The header as shown.
    pub label: String,
    /// What it holds: `number`, `task`, `human`, `ai`, `supervisory`, `tokens`, `leverage`,
    /// `supervisory_leverage`, `weeks`, `workstream` or `other`.
    pub kind: &'static str,
    /// True for figures (right-aligned).
    pub numeric: bool,
    /// True for a column the writer did not write, added by leverage with computed figures
    /// (`Leverage`, and `Sup. Leverage` when supervising times are given).
    pub added: bool,
}

/// A cell of a rendered task table.
#[derive(Clone, Debug, Serialize)]
pub struct CellView {
    /// The text (escaped by the template).
    pub text: String,
    /// Rendered inline markdown, for task and free-text cells (already HTML).
    pub html: Option<String>,
    /// What the writer stated, when it differs from the computed figure.
    pub stated: Option<String>,
    /// True when the stated figure disagrees with the computed one.
    pub mismatch: bool,
}

/// A task table with computed figures.
#[derive(Clone, Debug, Serialize)]
pub struct TableView {
    /// The AI label: `Claude`.
    pub ai_label: String,
    /// The columns, as written plus computed ones.
    pub columns: Vec<ColumnView>,
    /// The rows.
    pub rows: Vec<Vec<CellView>>,
    /// Where the `#` column is among `columns`, when there is one: a theme can show a task's
    /// number with its text (the default theme does on phones).
    pub number_column: Option<usize>,
}

/// One line of the aggregate stats block.
#[derive(Clone, Debug, Serialize)]
pub struct MetricView {
    /// Label: `Weighted average leverage`.
    pub label: String,
    /// Computed value: `45.7x`.
    pub value: String,
    /// More about it: `4h 28min`, `16 of 18 tasks`.
    pub detail: Option<String>,
    /// The writer's stated value, when it differs.
    pub stated: Option<String>,
    /// True when the stated value disagrees.
    pub mismatch: bool,
}

/// A link with a title.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    /// Title.
    pub title: String,
    /// Absolute URL.
    pub url: String,
}

/// An entry of a body's table of contents (`record.toc`, `page.toc`): a heading, with the
/// headings after it that are below it (of a higher level) until one of its level or above.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TocEntry<'a> {
    /// 1 to 6: `##` is 2.
    pub level: u8,
    /// The heading's id, for a link to `#id`.
    pub id: &'a str,
    /// The heading's text without markup.
    pub title: &'a str,
    /// Absolute URL: the page's with `#id`.
    pub url: String,
    /// The headings below it.
    pub children: Vec<TocEntry<'a>>,
}

/// A table of contents of `headings` (in the order of the body) on the page at `page_url`, as
/// Zola nests one: a heading holds those that follow it at deeper levels. A first heading deeper
/// than a later one (an `###` before the first `##`) is an entry of its own at the top. A heading
/// without text (`##` alone, an image without alt text) is left out: its entry would be a link
/// with no name.
pub fn toc<'a>(headings: &'a [crate::body::Heading], page_url: &str) -> Vec<TocEntry<'a>> {
    type Headings<'h, 'a> = std::iter::Peekable<std::slice::Iter<'h, &'a crate::body::Heading>>;
    // Levels are 1 to 6: at most seven calls deep.
    fn below<'a>(headings: &mut Headings<'_, 'a>, level: u8, page_url: &str) -> Vec<TocEntry<'a>> {
        let mut entries = Vec::new();
        while let Some(&heading) = headings.next_if(|heading| heading.level > level) {
            entries.push(TocEntry {
                level: heading.level,
                id: &heading.id,
                title: &heading.title,
                url: format!("{page_url}#{}", heading.id),
                children: below(headings, heading.level, page_url),
            });
        }
        entries
    }
    let named: Vec<&crate::body::Heading> =
        headings.iter().filter(|heading| !heading.title.is_empty()).collect();
    below(&mut named.iter().peekable(), 0, page_url)
}

fn column_kind(kind: &ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Number => "number",
        ColumnKind::Task => "task",
        ColumnKind::Human => "human",
        ColumnKind::Ai => "ai",
        ColumnKind::Supervisory => "supervisory",
        ColumnKind::Tokens => "tokens",
        ColumnKind::Leverage => "leverage",
        ColumnKind::SupervisoryLeverage => "supervisory_leverage",
        ColumnKind::Weeks => "weeks",
        ColumnKind::Workstream => "workstream",
        ColumnKind::Other => "other",
    }
}

fn plain<'a>(text: impl Into<Cow<'a, str>>) -> CellParts<'a> {
    CellParts { text: text.into(), html: None, stated: None, mismatch: false }
}

fn stated_text(stated: Option<&content::Cell<math::Stated>>, suffix: &str) -> Option<String> {
    stated.map(|s| display::stated(s.value, suffix))
}

/// A cell of a task table before it is a `CellView` (for templates) or written into a page
/// (`builtin::task_table`): the texts written in the task are borrowed from it, so that writing
/// the default theme's table copies none of them first.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CellParts<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) html: Option<Cow<'a, str>>,
    pub(crate) stated: Option<Cow<'a, str>>,
    pub(crate) mismatch: bool,
}

impl CellParts<'_> {
    fn into_view(self) -> CellView {
        CellView {
            text: self.text.into_owned(),
            html: self.html.map(Cow::into_owned),
            stated: self.stated.map(Cow::into_owned),
            mismatch: self.mismatch,
        }
    }

    /// The parts of a cell as a view holds them, borrowed (for the tests of the writer, which
    /// generate views).
    #[cfg(test)]
    pub(crate) fn of_view(cell: &CellView) -> CellParts<'_> {
        CellParts {
            text: Cow::Borrowed(&cell.text),
            html: cell.html.as_deref().map(Cow::Borrowed),
            stated: cell.stated.as_deref().map(Cow::Borrowed),
            mismatch: cell.mismatch,
        }
    }
}

/// The cell of `task` in a column.
fn cell_parts<'a>(
    task: &'a Task,
    column: &ColumnKind,
    index: usize,
    links: crate::body::CellLinks<'_>,
    week: &WorkWeek,
) -> CellParts<'a> {
    let dash = || "—".to_string();
    let stated = |text: Option<String>| text.map(Cow::Owned);
    match column {
        ColumnKind::Task | ColumnKind::Other => {
            let written: &str = if *column == ColumnKind::Task {
                &task.text.value
            } else {
                task.written(index).map_or("", |c| &c.value)
            };
            CellParts {
                text: Cow::Borrowed(written),
                html: Some(crate::body::inline_cow(written, links)),
                stated: None,
                mismatch: false,
            }
        }
        ColumnKind::Number => plain(task.written(index).map_or("", |c| &*c.value)),
        ColumnKind::Workstream => plain(task.workstream.as_ref().map_or("", |c| &*c.value)),
        ColumnKind::Human => plain(display::duration(task.figures.human())),
        ColumnKind::Ai => plain(display::duration(task.figures.ai())),
        ColumnKind::Supervisory => plain(task.figures.supervisory().map_or_else(dash, display::duration)),
        ColumnKind::Tokens => plain(task.figures.tokens().map_or_else(dash, display::tokens)),
        ColumnKind::Leverage => {
            let mismatch = audit::leverage_mismatch(task);
            CellParts {
                text: Cow::Owned(display::leverage(task.figures.leverage())),
                html: None,
                stated: stated(mismatch.then(|| stated_text(task.stated_leverage.as_ref(), "x")).flatten()),
                mismatch,
            }
        }
        ColumnKind::SupervisoryLeverage => {
            let mismatch = audit::supervisory_mismatch(task);
            let computed = task.figures.supervisory_leverage().map(display::leverage);
            let written = || stated_text(task.stated_supervisory_leverage.as_ref(), "x");
            match computed {
                Some(text) => CellParts {
                    text: Cow::Owned(text),
                    html: None,
                    stated: stated(mismatch.then(written).flatten()),
                    mismatch,
                },
                // Nothing to compute it from (no supervisory time): no figure, and what the post
                // stated marked as stated, never shown as if computed.
                None => CellParts {
                    text: Cow::Owned(dash()),
                    html: None,
                    mismatch: task.stated_supervisory_leverage.is_some(),
                    stated: stated(written()),
                },
            }
        }
        ColumnKind::Weeks => {
            let mismatch = audit::weeks_mismatch(task, week);
            let decimals = task.stated_weeks.as_ref().map_or(2, |s| usize::from(s.value.decimals).max(1));
            CellParts {
                text: Cow::Owned(display::fixed_above_zero(audit::task_weeks(task, week), decimals)),
                html: None,
                stated: stated(mismatch.then(|| stated_text(task.stated_weeks.as_ref(), "")).flatten()),
                mismatch,
            }
        }
    }
}

/// A task table before it is a `TableView` or written into a page: its cells' `CellParts`.
#[derive(Clone, Debug)]
pub(crate) struct TableParts<'a> {
    pub(crate) ai_label: &'a str,
    pub(crate) columns: Vec<ColumnView>,
    pub(crate) rows: Vec<Vec<CellParts<'a>>>,
    pub(crate) number_column: Option<usize>,
}

impl<'a> TableParts<'a> {
    /// A task table with computed figures: the written columns, plus a computed leverage
    /// column (and a supervisory one when supervisory times are given) if the writer had none.
    /// `links`: what its cells' links read (`body::CellLinks`).
    pub(crate) fn of(
        table: &'a content::TaskTable,
        links: crate::body::CellLinks<'_>,
        week: &WorkWeek,
    ) -> TableParts<'a> {
        let mut columns: Vec<(ColumnKind, &str, bool, usize)> =
            table.columns.iter().enumerate().map(|(i, c)| (c.kind, c.header.as_str(), false, i)).collect();
        let has = |k: ColumnKind| table.columns.iter().any(|c| c.kind == k);
        if !has(ColumnKind::Leverage) {
            columns.push((ColumnKind::Leverage, "Leverage", true, usize::MAX));
        }
        if has(ColumnKind::Supervisory) && !has(ColumnKind::SupervisoryLeverage) {
            columns.push((ColumnKind::SupervisoryLeverage, "Sup. Leverage", true, usize::MAX));
        }
        let numeric =
            |k: &ColumnKind| !matches!(k, ColumnKind::Task | ColumnKind::Other | ColumnKind::Workstream);
        TableParts {
            ai_label: &table.ai_label,
            columns: columns
                .iter()
                .map(|(kind, header, added, _)| ColumnView {
                    label: header.to_string(),
                    kind: column_kind(kind),
                    numeric: numeric(kind),
                    added: *added,
                })
                .collect(),
            rows: table
                .tasks
                .iter()
                .map(|task| {
                    columns
                        .iter()
                        .map(|(kind, _, _, index)| cell_parts(task, kind, *index, links, week))
                        .collect()
                })
                .collect(),
            number_column: columns.iter().position(|(kind, ..)| *kind == ColumnKind::Number),
        }
    }

    /// The parts of a table as a view holds them, borrowed.
    #[cfg(test)]
    pub(crate) fn of_view(view: &'a TableView) -> TableParts<'a> {
        TableParts {
            ai_label: &view.ai_label,
            columns: view.columns.clone(),
            rows: view.rows.iter().map(|row| row.iter().map(CellParts::of_view).collect()).collect(),
            number_column: view.number_column,
        }
    }

    fn into_view(self) -> TableView {
        TableView {
            ai_label: self.ai_label.to_string(),
            columns: self.columns,
            rows: self
                .rows
                .into_iter()
                .map(|row| row.into_iter().map(CellParts::into_view).collect())
                .collect(),
            number_column: self.number_column,
        }
    }
}

/// A task table with computed figures: the written columns, plus a computed leverage column
/// (and a supervisory one when supervisory times are given) if the writer had none.
/// `links`: what its cells' links read (`body::CellLinks`).
pub fn table(table: &content::TaskTable, links: crate::body::CellLinks<'_>, week: &WorkWeek) -> TableView {
    TableParts::of(table, links, week).into_view()
}

/// The aggregate stats block of a record: the computed figures, each with the writer's stated
/// value when it differs, then any metric leverage does not recognise, as written.
pub fn metrics(
    record: &content::Record,
    totals: &Totals,
    spread: Option<&Spread>,
    ai_label: &str,
    week: &WorkWeek,
) -> Vec<MetricView> {
    use content::aggregate_table::MetricKind as K;
    // A time that names one of the agents of a day of several is that agent's, on a line of
    // its own below the day's (`audit::Agents`).
    let named = audit::Agents::of(record);
    let agents: Vec<_> = record
        .aggregates
        .iter()
        .flat_map(|t| t.metrics.iter())
        .filter_map(|m| Some((m, named.named_in(m)?)))
        .collect();
    let agent_metrics: std::collections::HashSet<*const content::aggregate_table::StatedMetric> =
        agents.iter().map(|(m, _)| std::ptr::from_ref(*m)).collect();
    // Whether a stated figure of the whole day differs from the computed one, as `check` says
    // (one that agrees with a part of the day, a table's own, is let off there too).
    let parts = audit::DayParts::new(record);
    let differs = |m: &content::aggregate_table::StatedMetric| {
        m.unread || (audit::metric_mismatch(m, totals, spread, week) && !parts.agrees(m, week))
    };
    // The writer's figure of a kind: of two (`Human-equivalent hours` and `Total human-equivalent
    // hours`, or a second table), the first that differs from the computed one, which `check`
    // warns of and the page must show too, else the first.
    let find = |kinds: &[K]| {
        let mut of_kind = record.aggregates.iter().flat_map(|t| t.metrics.iter()).filter(|m| {
            !agent_metrics.contains(&std::ptr::from_ref(*m)) && m.kind.is_some_and(|k| kinds.contains(&k))
        });
        let first = of_kind.next()?;
        Some(if differs(first) { first } else { of_kind.find(|m| differs(m)).unwrap_or(first) })
    };
    // An average that does not say which is shown, when it differs, on the weighted leverage's
    // line (its check accepts the plain mean too), and so when the weighted one is stated too.
    let stated = |kind: K| match kind {
        K::WeightedLeverage => find(&[kind, K::AverageLeverage]),
        _ => find(&[kind]),
    };
    let day = totals;
    // A line computed from `totals` (the day's, or one agent's), with what the writer stated.
    let line_of = |kind: K,
                   label: String,
                   detail: Option<String>,
                   totals: &Totals,
                   written: Option<&content::aggregate_table::StatedMetric>| {
        let value = audit::metric_display(kind, totals, spread, week)?;
        // A stated value leverage cannot read is shown as written, as one that disagrees. Not
        // the day's, it may be its part's (an agent's line is that agent's alone, as `check` says).
        let mismatch = written.is_some_and(|m| {
            m.unread
                || (audit::metric_mismatch(m, totals, spread, week)
                    && !(std::ptr::eq(totals, day) && parts.agrees(m, week)))
        });
        Some(MetricView {
            label,
            value,
            detail,
            stated: written.filter(|_| mismatch).map(|m| m.value.value.clone()),
            mismatch,
        })
    };
    let line =
        |kind: K, label: String, detail: Option<String>| line_of(kind, label, detail, totals, stated(kind));
    // AI minutes, with the duration they make when it reads otherwise (`268min`, `4h 28min`).
    let ai_line = |label: &str, totals: &Totals, written: Option<&content::aggregate_table::StatedMetric>| {
        let detail = Some(display::duration(totals.ai)).filter(|d| *d != display::minutes(totals.ai));
        line_of(K::AiMinutes, ["Total ", label, " minutes"].concat(), detail, totals, written)
    };
    let unknown_rows = totals.tasks.saturating_sub(totals.tokens_known);
    let mut out: Vec<MetricView> = [
        line(K::Tasks, "Total tasks".into(), None),
        line(
            K::HumanHours,
            "Total human-equivalent hours".into(),
            // The weeks, unless the writer stated them: their line shows them then, to the
            // hundredth, and the same figure twice at two precisions (`0.8 weeks`, `0.75`)
            // would read as two figures.
            Some({
                let mut detail = display::work_in(totals.human_days(week), "working day");
                if stated(K::HumanWeeks).is_none() {
                    detail.push_str(", ");
                    detail.push_str(&display::work_in(totals.human_weeks(week), "week"));
                }
                detail
            }),
        ),
        ai_line(ai_label, totals, stated(K::AiMinutes)),
    ]
    .into_iter()
    // Each agent named in a stated time, on a line of its own below the day's.
    .chain(agents.iter().map(|(metric, (label, totals))| ai_line(label, totals, Some(metric))))
    .chain([
        line(
            K::SupervisoryMinutes,
            "Total supervisory minutes".into(),
            totals.supervisory_minutes().map(|m| {
                let known = of_tasks(totals.supervisory_known, totals.tasks, " tasks");
                let duration = display::duration(m);
                if duration == display::minutes(m) {
                    known
                } else {
                    [duration.as_str(), ", ", &known].concat()
                }
            }),
        ),
        line(
            K::Tokens,
            "Total tokens".into(),
            (unknown_rows > 0 && record.day_tokens.is_none())
                .then(|| of_tasks(unknown_rows, totals.tasks, " tasks unknown")),
        ),
        line(
            K::WeightedLeverage,
            "Weighted average leverage".into(),
            Some(["total human time / total ", ai_label, " time"].concat()),
        ),
        line(
            K::WeightedSupervisoryLeverage,
            "Weighted supervisory leverage".into(),
            Some("human time / supervisory time, supervised tasks".into()),
        ),
        line(K::HumanWeeks, "Human-equivalent weeks".into(), None)
            .filter(|_| stated(K::HumanWeeks).is_some()),
    ])
    .flatten()
    .collect();
    if let Some(spread) = spread {
        // The writer's median, lowest or highest, when one of them differs, is said in the
        // detail, as the mean's is on its line.
        let part = |kind: K, name: &str, value: math::Leverage| {
            let shown = display::leverage(value);
            match stated(kind)
                .filter(|m| audit::metric_mismatch(m, totals, Some(spread), week) && !parts.agrees(m, week))
            {
                Some(m) => [name, " ", &shown, " (stated ", m.value.value.trim(), ")"].concat(),
                None => [name, " ", &shown].concat(),
            }
        };
        let detail = [
            part(K::MedianLeverage, "median", spread.median).as_str(),
            ", ",
            &part(K::MinLeverage, "range", spread.min),
            " ",
            &part(K::MaxLeverage, "to", spread.max),
        ]
        .concat();
        out.extend(line(K::MeanLeverage, "Mean task leverage".into(), Some(detail)));
    }
    for metric in record.aggregates.iter().flat_map(|t| t.metrics.iter()) {
        let computable = metric.kind.is_some_and(|k| audit::metric_value(k, totals, spread, week).is_some());
        if !computable {
            out.push(MetricView {
                label: metric.name.value.clone(),
                value: metric.value.value.clone(),
                detail: Some("as written".into()),
                stated: None,
                mismatch: false,
            });
        }
    }
    out
}

/// The summary of a record.
pub fn summary(model: &Model, entry: &RecordEntry, urls: &Urls, week: &WorkWeek) -> RecordSummary {
    let document = model.document(entry);
    let date = model.date(entry);
    RecordSummary {
        slug: document.slug.clone(),
        url: urls.url(&Urls::record_path(&document.slug)),
        title: document.title.clone(),
        date: date_text::iso(date),
        date_display: date_text::long(date),
        updated: document.updated.map(date_text::iso),
        updated_display: document.updated.filter(|&updated| updated > date).map(date_text::long),
        tags: model
            .tags_of(entry)
            .map(|(slug, name)| TagLink {
                name: name.to_string(),
                url: urls.url(&Urls::tag_path(slug)),
                slug: slug.to_string(),
            })
            .collect(),
        summary: document.summary.clone(),
        ai_label: entry.ai_label.clone(),
        totals: TotalsView::new(&entry.totals, entry.spread.as_ref(), week),
    }
}

/// `{part} of {whole}{rest}` (`3 of 18 tasks`).
fn of_tasks(part: u64, whole: u64, rest: &str) -> String {
    let (mut a, mut b) = ([0; display::UNITS_BUF], [0; display::UNITS_BUF]);
    [display::units_text(&mut a, false, part, 0), " of ", display::units_text(&mut b, false, whole, 0), rest]
        .concat()
}

/// A chart as templates receive it: inline SVG and the numbers behind it.
#[derive(Clone, Debug, Serialize)]
pub struct ChartView {
    /// Stable id (`chart-cumulative`), unique on its page.
    pub id: String,
    /// Title (also the SVG's `<title>`).
    pub title: String,
    /// One or two sentences with the key figures (also the SVG's `<desc>`).
    pub description: String,
    /// The `<svg>` element (already markup: print with `|safe`).
    pub svg: String,
    /// Caption of the data table.
    pub caption: String,
    /// Column headers of the data table.
    pub headers: Vec<String>,
    /// Rows of the data table (plain text).
    pub rows: Vec<Vec<String>>,
}

/// Implements `Object` for `$object` as a map of the fields of the struct that the function
/// `$fields(self)` gives, named in the order serde writes them, each converted (as
/// `Value::from(Serde(..))` converts it) when a template reads it; `$extra` is a last field made
/// by `$make(self)`. One list of names makes both the lookup and the order.
macro_rules! field_map {
    ($object:ty, $fields:expr, [$($field:ident),+ $(,)?] $(, $extra:literal => $make:expr)?) => {
        impl minijinja::value::Object for $object {
            fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
                minijinja::value::ObjectRepr::Map
            }

            fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
                self.get_value_by_str(key.as_str()?)
            }

            fn get_value_by_str(self: &std::sync::Arc<Self>, key: &str) -> Option<minijinja::Value> {
                let fields = ($fields)(&**self);
                Some(match key {
                    $(stringify!($field) => minijinja::Value::from(minijinja::value::Serde(&fields.$field)),)+
                    $($extra => ($make)(self),)?
                    _ => return None,
                })
            }

            fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
                minijinja::value::Enumerator::Str(&[$(stringify!($field),)+ $($extra)?])
            }
        }
    };
}

/// A record's summary as a template value: a map with `RecordSummary`'s fields, each converted
/// when a template reads it. Converted up front, every record's summary was a map of 11 values
/// and its totals one of 22, most of them strings never read again: 24 MB of a 10,000-record
/// build's peak, and 2% of its instructions spent making and freeing them. The record cards
/// read a dozen of the fields, once each.
#[derive(Debug)]
pub(crate) struct SummaryFields(RecordSummary);

impl SummaryFields {
    pub(crate) fn value(summary: RecordSummary) -> minijinja::Value {
        minijinja::Value::from_object(SummaryFields(summary))
    }

    /// The typed summary, for the writers in `builtin`, which print its fields as they are.
    pub(crate) fn summary(&self) -> &RecordSummary {
        &self.0
    }
}

// The totals stay in the summary: the map of them reads them there.
field_map!(
    SummaryFields,
    SummaryFields::summary,
    [slug, url, title, date, date_display, updated, updated_display, tags, summary, ai_label],
    "totals" => |this: &std::sync::Arc<SummaryFields>| {
        minijinja::Value::from_object(SummaryTotals(std::sync::Arc::clone(this)))
    }
);

/// The `totals` of a `SummaryFields`, as a map of `TotalsView`'s fields.
#[derive(Debug)]
struct SummaryTotals(std::sync::Arc<SummaryFields>);

impl SummaryTotals {
    fn view(&self) -> &TotalsView {
        &self.0.0.totals
    }
}

field_map!(
    SummaryTotals,
    SummaryTotals::view,
    [
        records,
        tasks,
        human,
        human_hours,
        human_hours_value,
        human_days,
        human_weeks,
        ai,
        ai_minutes,
        ai_minutes_value,
        supervisory,
        supervisory_minutes,
        supervisory_known,
        tokens,
        tokens_known,
        leverage,
        leverage_value,
        supervisory_leverage,
        mean,
        median,
        min,
        max,
    ]
);

/// A `ChartView` as a template value: a map with the same fields, read from the view when a
/// template asks, so the default chart partial (written by `builtin`) prints it without
/// converting every cell of the data table to a template value first.
#[derive(Debug)]
pub(crate) struct ChartObject(ChartView);

impl ChartObject {
    pub(crate) fn new(view: ChartView) -> ChartObject {
        ChartObject(view)
    }

    pub(crate) fn view(&self) -> &ChartView {
        &self.0
    }
}

impl minijinja::value::Object for ChartObject {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Map
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        let view = &self.0;
        Some(match key.as_str()? {
            "id" => minijinja::Value::from(view.id.as_str()),
            "title" => minijinja::Value::from(view.title.as_str()),
            "description" => minijinja::Value::from(view.description.as_str()),
            "svg" => minijinja::Value::from(view.svg.as_str()),
            "caption" => minijinja::Value::from(view.caption.as_str()),
            "headers" => minijinja::Value::from(minijinja::value::Serde(&view.headers)),
            "rows" => minijinja::Value::from(minijinja::value::Serde(&view.rows)),
            _ => return None,
        })
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(&[
            "id",
            "title",
            "description",
            "svg",
            "caption",
            "headers",
            "rows",
        ])
    }
}

impl From<crate::charts::Chart> for ChartView {
    fn from(chart: crate::charts::Chart) -> ChartView {
        ChartView {
            id: chart.id,
            title: chart.title,
            description: chart.description,
            svg: chart.svg,
            caption: chart.table.caption,
            headers: chart.table.headers,
            rows: chart.table.rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a record's cells read, without a site to lead links to markdown files to.
    fn refs(record: &content::Record) -> crate::body::CellLinks<'_> {
        crate::body::CellLinks { references: &record.references, files: None }
    }

    /// Tables with every kind of column, stated figures that disagree, markup, HTML, quotes and
    /// empty cells.
    const RECORD: &str = "+++\ntitle = \"T\"\ndate = 2026-02-28\n+++\n\n\
        | # | Task | Workstream | Human Est. | Claude Time | Sup. | Tokens | Factor | Sup. Factor | Weeks | Notes |\n\
        |---|---|---|---|---|---|---|---|---|---|---|\n\
        | 1 | Fix the *parser* | Core | 2h | 5min | 10min | ~40k | 25x | 12x | 0.05 | it's fine |\n\
        | 2 | Plain task, it's done | | 1h 30min | 3min | | 12k | 31x | | 0.04 | |\n\
        | 3a | R&D <b>spike</b> \"x\" | Web & co | 30min | 1min | 2min | | 30x | 14x | 0.2 | `code` |\n\n\
        | Task | Human Est. | Claude Time |\n|---|---|---|\n| Second table | 8h | 20min |\n";

    #[test]
    fn a_table_written_from_its_parts_is_the_table_written_from_its_view() {
        let mut sources = content::Sources::new();
        let file = sources.add("content/records/2026-02-28.md", RECORD.to_string());
        let parsed = content::parse_document(&sources, file, &content::Options::default());
        let record = parsed.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tables.len(), 2);
        let week = WorkWeek::default();
        for written in &record.tables {
            let view = table(written, refs(record), &week);
            let direct = crate::builtin::task_table(&TableParts::of(written, refs(record), &week));
            assert_eq!(direct, crate::builtin::task_table(&TableParts::of_view(&view)));
        }
        // What the table holds is what the test means it to hold.
        let view = table(&record.tables[0], refs(record), &week);
        assert!(
            view.rows.iter().flatten().any(|c| c.mismatch && c.stated.is_some()),
            "a stated figure that disagrees"
        );
        assert!(view.rows[0][1].html.as_deref().is_some_and(|h| h.contains("<em>")), "markup in a task");
        assert_eq!(view.number_column, Some(0));
        assert!(view.columns.iter().any(|c| c.kind == "other"));
    }

    /// The aggregate block of a record of `text` (the file 2026-03-01.md, Claude's time, the
    /// default work week).
    fn metric_lines(text: &str) -> Vec<MetricView> {
        let mut sources = content::Sources::new();
        let file = sources.add("content/records/2026-03-01.md", text.to_string());
        let parsed = content::parse_document(&sources, file, &content::Options::default());
        let document = parsed.document.as_ref().expect("a document");
        let record = document.record().expect("a record");
        let derived = crate::model::Derived::of_document(document).expect("derived");
        metrics(record, derived.totals(), derived.spread(), "Claude", &WorkWeek::default())
    }

    #[test]
    fn a_stated_aggregate_that_cannot_be_read_is_shown_beside_the_computed_one() {
        let text = "+++\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 10min |\n\n\
                    ## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total tasks | about nine |\n\
                    | Total human-equivalent hours | 1h |\n| Total Claude minutes | — |\n";
        let lines = metric_lines(text);
        let shown = |label: &str| {
            let line = lines.iter().find(|m| m.label == label).expect(label);
            (line.value.as_str(), line.stated.as_deref(), line.mismatch)
        };
        assert_eq!(shown("Total tasks"), ("1", Some("about nine"), true));
        // A figure that agrees, and an unknown marker, are no stated note.
        assert_eq!(shown("Total human-equivalent hours"), ("1h", None, false));
        assert_eq!(shown("Total Claude minutes"), ("10min", None, false));
    }

    /// A figure stated twice, once right and once wrong (two names for it in one table, or a
    /// second table), shows the wrong one: `check` warns of it, and the page must say it too.
    #[test]
    fn of_two_stated_figures_the_one_that_differs_is_shown() {
        let text = "+++\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 10min |\n\n\
                    ## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Human-equivalent hours | 1 |\n\
                    | Total human-equivalent hours | 70h |\n| Weighted average leverage | 6x |\n\n\
                    ## More stats\n\n| Metric | Value |\n|---|---|\n| Total tasks | 1 |\n| Total tasks | 500 |\n\
                    | Weighted avg leverage factor | 999x |\n";
        let lines = metric_lines(text);
        let stated = |label: &str| lines.iter().find(|m| m.label == label).expect(label).stated.as_deref();
        assert_eq!(stated("Total human-equivalent hours"), Some("70h"));
        assert_eq!(stated("Total tasks"), Some("500"));
        assert_eq!(stated("Weighted average leverage"), Some("999x"));
        // A day in parts: the first figure agrees with its own part (let off, as `check` lets
        // it off), the second differs from the day; and an average that does not say which,
        // beside a weighted one that is right.
        let text = "+++\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 10min |\n\n\
                    | Metric | Value |\n|---|---|\n| Total tasks | 1 |\n\n\
                    | Task | Human Est. | Claude Time |\n|---|---|---|\n| b | 2h | 10min |\n\n\
                    | Metric | Value |\n|---|---|\n| Total tasks | 99 |\n| Weighted average leverage | 9x |\n\
                    | Average leverage | 99x |\n";
        let lines = metric_lines(text);
        let stated = |label: &str| lines.iter().find(|m| m.label == label).expect(label).stated.as_deref();
        assert_eq!(stated("Total tasks"), Some("99"));
        assert_eq!(stated("Weighted average leverage"), Some("99x"));
    }

    /// The aggregate stats show a record's weeks once: beside its hours, or on their own line
    /// when the writer stated them, not both at two precisions (`0.8 weeks` and `0.75`).
    #[test]
    fn a_record_s_weeks_are_shown_once() {
        for (stats, detail, weeks) in [
            ("", "3.8 working days, 0.8 weeks", None),
            ("| Human-equivalent weeks | 0.7 |\n", "3.8 working days", Some("0.75")),
        ] {
            let text = format!(
                "+++\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 20h | 1h |\n| b | 10h | 30min |\n\n\
                 ## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total tasks | 2 |\n{stats}"
            );
            let lines = metric_lines(&text);
            let find = |label: &str| lines.iter().find(|m| m.label == label);
            let hours = find("Total human-equivalent hours").expect("the hours");
            assert_eq!(hours.detail.as_deref(), Some(detail));
            assert_eq!(find("Human-equivalent weeks").map(|m| m.value.as_str()), weeks);
        }
    }

    /// A task's weeks are shown at the precision the writer wrote them, and one above zero that
    /// rounds to none there as `<0.1`: `1min` of a 40-hour week showed `0.0`.
    #[test]
    fn a_task_s_weeks_above_zero_never_read_as_zero() {
        let text = "+++\n+++\n\n| Task | Human Est. | Claude Time | Weeks |\n|---|---|---|---|\n\
                    | a | 1min | 1min | <0.1 |\n| b | 10min | 1min | 0.00 |\n| c | 1w | 1min | 0.3 |\n| d | 20h | 1min | 0.5 |\n";
        let mut sources = content::Sources::new();
        let file = sources.add("content/records/2026-03-01.md", text.to_string());
        let parsed = content::parse_document(&sources, file, &content::Options::default());
        let record = parsed.document.as_ref().and_then(|d| d.record()).expect("a record");
        let view = table(&record.tables[0], refs(record), &WorkWeek::default());
        let weeks: Vec<(&str, Option<&str>)> =
            view.rows.iter().map(|row| (row[3].text.as_ref(), row[3].stated.as_deref())).collect();
        assert_eq!(weeks, [("<0.1", None), ("<0.01", None), ("1.0", Some("0.3")), ("0.5", None)]);
    }

    #[test]
    fn metric_texts_read_as_written_out() {
        assert_eq!(of_tasks(3, 18, " tasks"), "3 of 18 tasks");
        assert_eq!(of_tasks(0, 1_000_000, " tasks unknown"), "0 of 1000000 tasks unknown");
    }
}
