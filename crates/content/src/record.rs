//! The typed results of loading: documents (records and standalone pages), task tables and tasks.
//!
//! Every value read from the text is a `Cell` with its `Span`. A task's figures are `math` value
//! types; no leverage is stored here, and a stated one stays a `Stated`.

use std::path::PathBuf;

use chrono::NaiveDate;
use math::{Stated, TaskFigures, Tokens};

use crate::aggregate_table::AggregateTable;
use crate::{FileId, Span};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell<T> {
    /// The value.
    pub value: T,
    /// Its place in the source.
    pub span: Span,
}

/// A markdown file of the site: a record or a standalone page.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The source file.
    pub file: FileId,
    /// Path relative to the site root (`content/records/2026-02-28.md`).
    pub path: PathBuf,
    /// URL segment(s): a record's slug, or a page's path (`about`, `notes/setup`).
    pub slug: String,
    /// Where the slug came from (front matter, or the start of the file).
    pub slug_span: Span,
    /// Where the date came from: front matter's `date` value, or the start of the file (whose
    /// name says it).
    pub date_span: Span,
    /// The title, from front matter or a default.
    pub title: String,
    /// The date, when there is one (always for a record).
    pub date: Option<NaiveDate>,
    /// When it last changed (front matter `updated`), if said.
    pub updated: Option<NaiveDate>,
    /// Tags, in the order written.
    pub tags: Vec<Cell<String>>,
    /// The summary: front matter's, or the first paragraph's plain text.
    pub summary: Option<String>,
    /// Whether the body begins with its title as a level-1 heading (`# About` on a page titled
    /// About), which the page then shows once, as its title.
    pub title_heading: bool,
    /// Left out of builds unless drafts are asked for.
    pub draft: bool,
    /// `[extra]`, handed to templates as written.
    pub extra: toml::Table,
    /// Byte range of the markdown body.
    pub body: std::ops::Range<usize>,
    /// Link and image destinations in the body, for link checks.
    pub links: Vec<crate::markdown::Link>,
    /// The shortcodes of the body, in order (`shortcode::find`); a page renders them into it.
    pub shortcodes: Vec<crate::shortcode::Shortcode>,
    /// Where the redirects from `aliases` are written, below the output folder
    /// (`2026/02/28/post/index.html`, `old.html`), each with its place in the front matter.
    pub aliases: Vec<(String, Span)>,
    /// Front matter `image`, as written (composed, NFC): the picture link previews show. It is
    /// among `links` too, as an image, for the link checks.
    pub image: Option<(String, Span)>,
    /// Record or page.
    pub kind: DocumentKind,
}

impl Document {
    /// Whether the site publishes it: always, unless it is a draft and drafts are left out.
    pub fn published(&self, drafts: bool) -> bool {
        drafts || !self.draft
    }

    /// The record data, for a record.
    pub fn record(&self) -> Option<&Record> {
        match &self.kind {
            DocumentKind::Record(record) => Some(record),
            DocumentKind::Page => None,
        }
    }

    /// The day of the document's last change: the later of `updated` and its date (none for a
    /// page without either). The feed's entries and the sitemap's `lastmod` give it. An `updated`
    /// before the date (warned of) is no change after it: the feed's `updated` and a listing's
    /// `lastmod` were then behind the newest record they list.
    pub fn last_changed(&self) -> Option<chrono::NaiveDate> {
        self.updated.max(self.date)
    }
}

/// What kind of document a file is: decided by its folder (`content/records/` holds records).
#[derive(Clone, Debug, PartialEq)]
pub enum DocumentKind {
    /// A dated time record with task tables.
    Record(Record),
    /// A standalone page.
    Page,
}

/// The parts of a record beyond what every document has.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The record's date.
    pub date: NaiveDate,
    /// The day's token count from front matter, for posts that give tokens per day.
    pub day_tokens: Option<Cell<Tokens>>,
    /// Every task table, in order.
    pub tables: Vec<TaskTable>,
    /// "Aggregate Stats" tables as written.
    pub aggregates: Vec<AggregateTable>,
    /// A task row or a task table could not be read (an error says why): the record's totals
    /// leave it out, so they are not compared with the totals the record states.
    pub incomplete: bool,
    /// The body's link reference definitions (`markdown::Scan::references`), which a task's
    /// cell, rendered on its own, looks up (`[the repo][gh]`).
    pub references: Vec<crate::markdown::Reference>,
}

impl Record {
    /// Every task of every table, in order.
    pub fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.tables.iter().flat_map(|t| t.tasks.iter())
    }

    /// Every task of every table, in order, with its table.
    pub fn tasks_with_tables(&self) -> impl Iterator<Item = (&TaskTable, &Task)> {
        self.tables.iter().flat_map(|t| t.tasks.iter().map(move |task| (t, task)))
    }
}

/// What a column of a task table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// `#`, `No.`: a row number, shown but not used.
    Number,
    /// The task's description.
    Task,
    /// The human estimate.
    Human,
    /// The agent's time; the label (`Claude`, `Agent`) is kept for display.
    Ai,
    /// The supervising time.
    Supervisory,
    /// Tokens.
    Tokens,
    /// A stated leverage.
    Leverage,
    /// A stated supervisory leverage.
    SupervisoryLeverage,
    /// Stated human-equivalent weeks.
    Weeks,
    /// The workstream (project) of the task.
    Workstream,
    /// Any other column: kept and shown as written.
    Other,
}

/// A column: what it holds and its header as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// What it holds.
    pub kind: ColumnKind,
    /// The header's text.
    pub header: String,
    /// The header's cell in the source, its markup and escapes as written (`Notes \| misc`).
    pub source: Span,
    /// The unit the header gives its bare numbers (`h` for `Human Estimate (h)`, `k` for
    /// `Tokens (k)`), appended to a cell that is only a number.
    pub unit: Option<&'static str>,
}

/// A task table of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskTable {
    /// The whole table in the source.
    pub span: Span,
    /// The AI label of the AI time column (`Claude` for `Claude Time`).
    pub ai_label: String,
    /// The columns in the order written.
    pub columns: Vec<Column>,
    /// The rows that parsed; rows with errors are reported and left out.
    pub tasks: Vec<Task>,
    /// The writer's totals row (`| **Total** | 204h | 268min | ... |`), the table's last row:
    /// no task, but figures checked against the table's tasks.
    pub totals: Option<TotalsRow>,
}

/// A task table's totals row: its stated figures, each as an aggregate metric of the column it
/// is in (a Human Est. cell is the table's human-equivalent hours, and so on).
#[derive(Clone, Debug, PartialEq)]
pub struct TotalsRow {
    /// The whole row.
    pub row: crate::Span,
    /// Its figures, named by their columns' headers.
    pub metrics: Vec<crate::aggregate_table::StatedMetric>,
    /// Whether its label names the day's total (`Grand total`), not its table's (`Total`).
    pub day: bool,
}

/// One task row.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// The whole row.
    pub row: Span,
    /// The task's description, as markdown source.
    pub text: Cell<Box<str>>,
    /// The task's description as plain text, markup removed, when that differs from `text`
    /// (most descriptions have no markup; read it with `Task::plain_text`).
    pub plain_text: Option<Box<str>>,
    /// The workstream, when the table has that column and the cell is not empty.
    pub workstream: Option<Cell<Box<str>>>,
    /// The leverage the writer stated, if any. Never used as the figure.
    pub stated_leverage: Option<Cell<Stated>>,
    /// The supervisory leverage the writer stated, if any.
    pub stated_supervisory_leverage: Option<Cell<Stated>>,
    /// The human-equivalent weeks the writer stated, if any.
    pub stated_weeks: Option<Cell<Stated>>,
    /// The cells shown as written, by column index (in ascending order, which `written` searches
    /// by halves): `#` and columns leverage does not know.
    /// Every other cell is held typed above (the task's text, its workstream, its figures); a
    /// 10,000-record site held every cell twice, which was a sixth of its memory.
    pub written: Box<[(usize, Cell<Box<str>>)]>,
    /// The human estimate, the agent's time, the supervising time and the tokens, as read from
    /// their cells, and the figures built from them. Held once: keeping each cell's value (and
    /// its place, which nothing read) beside them was 144 of a task's 464 bytes, and a
    /// 10,000-record build's peak was 15 MB higher (every page of it one the kernel zeroes).
    pub figures: TaskFigures,
}

impl Task {
    /// The cell of column `index` as written, for `#` and unknown columns.
    /// Found by halves: a table of 64,000 columns asked each of them of every row, and a search
    /// from the start made its page cost the square of its width.
    pub fn written(&self, index: usize) -> Option<&Cell<Box<str>>> {
        let at = self.written.binary_search_by_key(&index, |(i, _)| *i).ok()?;
        Some(&self.written[at].1)
    }

    /// The task's description as plain text, markup removed (for data exports and charts).
    pub fn plain_text(&self) -> &str {
        self.plain_text.as_deref().unwrap_or(&self.text.value)
    }
}

#[cfg(test)]
mod tests {
    /// A 10,000-record site holds 150,000 tasks to its end, each of its bytes a page the kernel
    /// zeroes somewhere: texts are boxed (no spare capacity), and the figures' durations take 64
    /// bits each (`TaskFigures`), which took a task from 320 bytes to 248.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_task_stays_small() {
        assert!(std::mem::size_of::<super::Task>() <= 248, "{} bytes", std::mem::size_of::<super::Task>());
    }
}
