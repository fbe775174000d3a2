//! Data exports: data/records.json and data/tasks.csv, exactly as the contract writes them.
//!
//! These types are a contract with readers of the data. Numbers are written in shortest
//! round-trip form (serde_json's), unknown values as null (JSON) or an empty cell (CSV).

use serde::Serialize;

use content::{Task, date_text};
use math::Totals;

use crate::model::Model;
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
}

impl TotalsJson {
    /// The JSON form of totals; `with_records` adds the `records` count.
    pub fn new(totals: &Totals, with_records: bool) -> TotalsJson {
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
        }
    }
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct TaskJson<'a> {
    task: &'a str,
    workstream: Option<&'a str>,
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

impl<'a> TaskJson<'a> {
    fn new(task: &'a Task) -> TaskJson<'a> {
        let f = &task.figures;
        TaskJson {
            task: task.plain_text(),
            workstream: task.workstream.as_ref().map(|c| c.value.as_str()),
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
}

#[derive(Serialize)]
struct RecordJson<'a> {
    slug: &'a str,
    date: String,
    title: &'a str,
    url: String,
    tags: Vec<&'a str>,
    totals: TotalsJson,
    tasks: Vec<TaskJson<'a>>,
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
    serde_json::to_writer(&mut *out, &TotalsJson::new(&model.totals, true))?;
    out.write_all(b",\"records\":[")?;
    // Each record is serialized into one reused buffer and handed on in a single write: serde_json
    // writes a key, a quote or a comma at a time, and each of those through `out` was a call
    // through a trait object.
    let mut line: Vec<u8> = Vec::with_capacity(16 * 1024);
    for (i, entry) in model.records.iter().enumerate() {
        let document = model.document(entry);
        let record = RecordJson {
            slug: &document.slug,
            date: date_text::iso(model.date(entry)),
            title: &document.title,
            url: urls.url(&Urls::record_path(&document.slug)),
            tags: document.tags.iter().map(|t| t.value.as_str()).collect(),
            totals: TotalsJson::new(&entry.totals, false),
            tasks: model.record(entry).tasks().map(TaskJson::new).collect(),
        };
        line.clear();
        line.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut line, &record)?;
        out.write_all(&line)?;
    }
    out.write_all(b"\n]}\n")
}

/// Writes data/tasks.csv to `out`, a row at a time: one row per task, RFC 4180 (CRLF line ends,
/// quotes doubled).
pub fn write_tasks_csv(model: &Model, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
    out.write_all(
        b"date,slug,task,workstream,human_minutes,ai_minutes,supervisory_minutes,tokens,leverage\r\n",
    )?;
    use std::io::Write as _;
    // One reused buffer per row, numbers written into it directly (shortest round-trip form, as
    // records.json writes them).
    let mut row: Vec<u8> = Vec::with_capacity(512);
    let number = |row: &mut Vec<u8>, v: f64| serde_json::to_writer(row, &v).map_err(std::io::Error::from);
    for entry in &model.records {
        let document = model.document(entry);
        let date = date_text::iso(model.date(entry));
        for task in model.record(entry).tasks() {
            let f = &task.figures;
            row.clear();
            for field in [
                date.as_str(),
                &document.slug,
                task.plain_text(),
                task.workstream.as_ref().map_or("", |c| c.value.as_str()),
            ] {
                push_csv_field(&mut row, field);
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
                write!(row, "{}", t.count)?;
            }
            row.push(b',');
            number(&mut row, f.leverage().get())?;
            row.extend_from_slice(b"\r\n");
            out.write_all(&row)?;
        }
    }
    Ok(())
}

/// Appends a field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push(b'"');
        out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_field(field: &str) -> String {
        let mut out = Vec::new();
        push_csv_field(&mut out, field);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn quotes_fields_per_rfc_4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
