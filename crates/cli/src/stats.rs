//! `leverage stats`: the aggregate figures of the published records, as a terminal table in the
//! spirit of a post's "Aggregate Stats", or as the JSON `totals` object of data/records.json.

use chrono::NaiveDate;
use math::{Spread, Totals, WorkWeek, display};
use site::Model;
use site::slug::slugify;
use unicode_width::UnicodeWidthStr;

/// Which records to count.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    pub(crate) tag: Option<String>,
    /// Only the tasks of this workstream, by any name that shares its page.
    pub(crate) workstream: Option<String>,
}

impl Filter {
    /// A test of whether a record is in the dates and tag asked for: the tag slugified once and
    /// matched against the slugs the model made of each record's tags.
    fn records<'m>(&self, model: &'m Model) -> impl Fn(&site::model::RecordEntry) -> bool + 'm {
        let (from, to, tag) = (self.from, self.to, self.tag.as_deref().map(slugify));
        move |entry| {
            let date = model.date(entry);
            from.is_none_or(|from| date >= from)
                && to.is_none_or(|to| date <= to)
                && tag.as_deref().is_none_or(|t| model.tags_of(entry).any(|(slug, _)| slug == t))
        }
    }
}

/// Whether a content warning of the file `file` is said: a record's when `filter` counts it
/// (`stats --from 2026-03-01` said the warnings of every other record above figures that left
/// them out), and any other file's (site.toml, a page, a template).
pub(crate) fn said_of(model: &Model, filter: &Filter) -> impl Fn(content::FileId) -> bool + use<> {
    let all: std::collections::HashSet<content::FileId> =
        model.documents.iter().filter(|d| d.record().is_some()).map(|d| d.file).collect();
    let chosen = chosen_files(model, filter);
    move |file| !all.contains(&file) || chosen.contains(&file)
}

/// The files of the records `filter` selects.
fn chosen_files(model: &Model, filter: &Filter) -> std::collections::HashSet<content::FileId> {
    let selects = filter.records(model);
    model.records.iter().filter(|e| selects(e)).map(|e| model.document(e).file).collect()
}

/// The checks of the whole site that bear on the figures of the records `filter` selects, as a
/// build makes them: one of them dated in a year mistyped counts as any other, and a tag or
/// workstream spelled two ways is two. Those of other records are not said.
pub(crate) fn site_warnings(model: &Model, filter: &Filter) -> Vec<content::Diagnostic> {
    let files = chosen_files(model, filter);
    let mut warnings = site::audit::figure_warnings(model, chrono::Local::now().date_naive());
    warnings.retain(|w| files.contains(&w.span.file));
    warnings
}

/// What `select` finds: the selected records' totals, the spread of their tasks' leverage, each
/// workstream's totals (name, totals) in name order, and the AI label their time shares.
type Selected = (Totals, Option<Spread>, Vec<(String, Totals)>, String);

/// The figures of the records `filter` selects (see `Selected`).
fn select(model: &Model, filter: &Filter) -> Selected {
    if let Some(stream) = &filter.workstream {
        return select_stream(model, filter, &slugify(stream));
    }
    let selects = filter.records(model);
    let chosen: Vec<_> = model.records.iter().filter(|e| selects(e)).collect();
    let totals: Totals = chosen.iter().map(|e| e.totals).sum();
    let spread =
        Spread::of(chosen.iter().flat_map(|e| model.record(e).tasks().map(|t| t.figures.leverage())));
    let mut streams: std::collections::BTreeMap<String, (String, Totals)> = Default::default();
    for entry in &chosen {
        for task in model.record(entry).tasks() {
            if let Some(stream) = &task.workstream {
                let slug = slugify(&stream.value);
                // Named as the site's pages name it: as first written in the whole site, not in
                // the records selected.
                let name = model.workstreams.get(&slug).map_or(&*stream.value, |w| w.name.as_str());
                let slot = streams.entry(slug).or_insert_with(|| (name.to_string(), Totals::default()));
                slot.1 += Totals::of_task(&task.figures);
            }
        }
    }
    // The selected records' agent, not the site's latest: no agent is credited with another's
    // minutes. A day without tasks names none.
    let label = site::model::records_ai_label(chosen.iter().copied(), &model.ai_label);
    (totals, spread, streams.into_values().collect(), label)
}

/// The figures of the tasks of workstream `slug` in the records `filter` selects by date and
/// tag, counted as the workstream's page counts them: a record is one of its records when it
/// has one of its tasks, and the figures are those tasks' alone (a day's tokens given in front
/// matter belong to no one task). No table of workstreams follows: there is one.
fn select_stream(model: &Model, filter: &Filter, slug: &str) -> Selected {
    let Some(stream) = model.workstreams.get(slug) else {
        return (Totals::default(), None, Vec::new(), model.ai_label.clone());
    };
    let selects = filter.records(model);
    let mut totals = Totals::default();
    let mut leverages = Vec::new();
    // The agents of the tasks' own tables, as the workstream's page names them: a day with a
    // Claude table and a Codex table gives each stream its table's.
    let mut labels = Vec::new();
    // The stream's tasks are in record order: each record's are taken in one walk of its tasks
    // (finding each by position would cost the square of a day of thousands of tasks).
    for group in stream.tasks.chunk_by(|a, b| a.0 == b.0) {
        let entry = &model.records[group[0].0];
        if !selects(entry) {
            continue;
        }
        totals.records += 1;
        let mut wanted = group.iter().map(|&(_, task)| task).peekable();
        for (index, (table, task)) in model.record(entry).tasks_with_tables().enumerate() {
            if wanted.next_if_eq(&index).is_some() {
                totals += Totals::of_task(&task.figures);
                leverages.push(task.figures.leverage());
                labels.push(table.ai_label.as_str());
            }
        }
    }
    (totals, Spread::of(leverages), Vec::new(), site::model::labels_ai_label(labels, &model.ai_label))
}

/// The JSON form: `{ "totals": { ... } }` with the keys of data/records.json.
///
/// Without `--workstream`, a `workstreams` list follows, as the table's rows: each stream with a
/// task among the records selected, by slug, with its totals as `--workstream` gives them (its
/// records, tasks and spread) and the agent its tasks' tables name.
pub(crate) fn json(model: &Model, filter: &Filter) -> String {
    let (totals, spread, _, _) = select(model, filter);
    /// `{ "totals": ... }`, keys in the contract's order.
    #[derive(serde::Serialize)]
    struct Stats<'m> {
        totals: site::export::TotalsJson,
        #[serde(skip_serializing_if = "Option::is_none")]
        workstreams: Option<Vec<Stream<'m>>>,
    }
    #[derive(serde::Serialize)]
    struct Stream<'m> {
        name: &'m str,
        slug: &'m str,
        agent: String,
        totals: site::export::TotalsJson,
    }
    let week = model.config.work_week();
    let workstreams = filter.workstream.is_none().then(|| {
        model
            .workstreams
            .iter()
            .filter_map(|(slug, stream)| {
                let (totals, spread, _, agent) = select_stream(model, filter, slug);
                (totals.tasks > 0).then(|| Stream {
                    name: &stream.name,
                    slug,
                    agent,
                    totals: site::export::TotalsJson::new(&totals, spread.as_ref(), &week, true),
                })
            })
            .collect()
    });
    let totals = site::export::TotalsJson::new(&totals, spread.as_ref(), &week, true);
    serde_json::to_string_pretty(&Stats { totals, workstreams }).expect("plain data serializes")
}

/// The terminal table.
pub(crate) fn table(model: &Model, filter: &Filter) -> String {
    let (totals, spread, streams, label) = select(model, filter);
    let week = model.config.work_week();
    let mut rows: Vec<(String, String)> = vec![
        ("Records".into(), totals.records.to_string()),
        ("Total tasks".into(), totals.tasks.to_string()),
        ("Total human-equivalent hours".into(), human(&totals, &week)),
        (format!("Total {label} minutes"), with_duration(totals.ai)),
    ];
    if let Some(sup) = totals.supervisory_minutes() {
        rows.push((
            "Total supervisory minutes".into(),
            // `199min (3h 19min; 1 of 2 tasks)`: in hours too, as the AI minutes are.
            format!(
                "{} ({}{} of {})",
                display::minutes(sup),
                in_hours(sup).map_or(String::new(), |hours| format!("{hours}; ")),
                totals.supervisory_known,
                tasks(totals.tasks)
            ),
        ));
    }
    if let Some(tokens) = totals.tokens() {
        rows.push((
            "Total tokens".into(),
            // Of a day's own count alone (`tokens` in front matter, no task), no share of tasks.
            if totals.tasks == 0 {
                display::tokens(tokens)
            } else {
                format!(
                    "{} ({} of {} known)",
                    display::tokens(tokens),
                    totals.tokens_known,
                    tasks(totals.tasks)
                )
            },
        ));
    }
    let lev = |l: Option<math::Leverage>| l.map_or_else(|| "—".to_string(), display::leverage);
    rows.push(("Weighted average leverage".into(), lev(totals.weighted_leverage())));
    if totals.supervisory_known > 0 {
        rows.push(("Weighted supervisory leverage".into(), lev(totals.weighted_supervisory_leverage())));
    }
    if let Some(spread) = spread {
        rows.push(("Mean task leverage".into(), display::leverage(spread.mean)));
        rows.push(("Median task leverage".into(), display::leverage(spread.median)));
        rows.push((
            "Range".into(),
            format!("{} to {}", display::leverage(spread.min), display::leverage(spread.max)),
        ));
    }
    let width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let mut out: String = rows.iter().map(|(k, v)| format!("{}  {v}\n", pad(k, width))).collect();
    if !streams.is_empty() {
        // Each column as wide as its widest cell: `1h 18.6min` is wider than any fixed guess.
        let header =
            ["Workstream".to_string(), "Tasks".into(), "Human".into(), label.to_string(), "Leverage".into()];
        let cells: Vec<[String; 5]> = std::iter::once(header)
            .chain(streams.iter().map(|(name, t)| {
                [
                    name.to_string(),
                    t.tasks.to_string(),
                    display::hours(t.human),
                    display::duration(t.ai),
                    lev(t.weighted_leverage()),
                ]
            }))
            .collect();
        let widths: Vec<usize> =
            (0..5).map(|c| cells.iter().map(|row| row[c].width()).max().unwrap_or(0)).collect();
        out.push('\n');
        for row in &cells {
            out.push_str(&pad(&row[0], widths[0]));
            for (cell, width) in row.iter().zip(&widths).skip(1) {
                out.push_str("  ");
                out.push_str(&" ".repeat(width.saturating_sub(cell.width())));
                out.push_str(cell);
            }
            out.push('\n');
        }
    }
    out
}

/// `text` followed by spaces up to `width` terminal columns: a workstream named in CJK characters
/// or with combining accents lines up with the others (`format!`'s padding counts chars).
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// `7h (0.9 working days, 0.2 weeks)`, as record pages write it: work above zero that rounds to
/// nothing is `<0.1`, and one is singular.
fn human(totals: &Totals, week: &WorkWeek) -> String {
    format!(
        "{} ({}, {})",
        display::hours(totals.human),
        display::work_in(totals.human_days(week), "working day"),
        display::work_in(totals.human_weeks(week), "week")
    )
}

/// `268min (4h 28min)`, or just `57min` when the two read the same.
fn with_duration(minutes: math::Minutes) -> String {
    let short = display::minutes(minutes);
    match in_hours(minutes) {
        Some(long) => format!("{short} ({long})"),
        None => short,
    }
}

/// `minutes` in hours and minutes (`3h 19min`), when that says more than the minutes do.
fn in_hours(minutes: math::Minutes) -> Option<String> {
    let long = display::duration(minutes);
    (long != display::minutes(minutes)).then_some(long)
}

/// `1 task`, `2 tasks`.
fn tasks(count: u64) -> String {
    format!("{count} task{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_terminal_columns_not_chars() {
        assert_eq!(pad("Site", 6), "Site  ");
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("e\u{301}", 3), "e\u{301}  ");
        assert_eq!(pad("longer", 3), "longer");
    }
}
