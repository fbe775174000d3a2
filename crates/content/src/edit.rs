//! Edits of a record's text that keep every other byte as it was: appending a task row to the
//! last task table (`leverage log`) and writing a new record's skeleton (`leverage new`).
//!
//! Only text is handled here; the values are checked by the caller with the cell parsers.

use crate::record::{ColumnKind, Record, TaskTable};

/// The values of a row to append, as the writer typed them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewRow {
    /// The task's description (a `|` in it is escaped).
    pub task: String,
    /// The human estimate (`2h`).
    pub human: String,
    /// The AI time (`12min`).
    pub ai: String,
    /// The supervisory time, if given.
    pub supervisory: Option<String>,
    /// The token count, if given.
    pub tokens: Option<String>,
    /// The workstream, if given.
    pub workstream: Option<String>,
}

/// Why a row cannot be appended.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The record has no task table to append to.
    #[error("the record has no task table to add a row to")]
    NoTable,
    /// A value was given for a column the table does not have.
    #[error(
        "the record's task table has no {column} column, so `{flag}` cannot be used; expected a `{header}` \
         column in its header, where its columns are: {columns}; add `{header}` to the header, and a `---` \
         cell to the row under it, to log into it"
    )]
    NoColumn { column: &'static str, flag: &'static str, header: &'static str, columns: String },
}

/// Escapes a cell's text for a GFM table: `|` becomes `\|`, line breaks become spaces.
pub fn escape_cell(text: &str) -> String {
    one_line(text).replace('|', "\\|").trim().to_string()
}

/// `text` with its line breaks as spaces, as it would read in one table cell.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// The source of a table cell holding text typed on the command line: `escape_cell`'s, with
/// each `<` that would start raw HTML (`Vec<String>`, `<script>`, `<!--`) backslash-escaped, so
/// the page shows what was typed instead of markup that swallows the rest of it. Markdown
/// (`*emphasis*`, `` `code` ``, links, `<https://autolinks>`) is kept as written: it is the
/// writer's own syntax.
///
/// Neither of the two ways to read a cell may find a tag: inside its table row, as the record is
/// parsed and as pages render a task's text (there `    <b>` is no code block and `[a]: <b>` no
/// link definition), and on its own, as anything that takes the task's markdown out of its
/// table would (there `<!-- todo` or `<div class=x` open an HTML block).
pub fn text_cell(text: &str) -> String {
    const HEAD: &str = "| x |\n|---|\n| ";
    let mut cell = escape_cell(text);
    // Escaping one `<` can change how the rest is read, so read again until no tag is left;
    // each round adds one backslash before a `<`.
    for _ in 0..=cell.matches('<').count() {
        let in_row = first_tag(&format!("{HEAD}{cell} |\n"), HEAD.len()..HEAD.len() + cell.len());
        let Some(at) = in_row.or_else(|| first_tag(&cell, 0..cell.len())) else { break };
        cell.insert(at, '\\');
    }
    cell
}

/// Where, relative to `within`'s start, the `<` of the first raw HTML in `source` is, when it
/// lies within `within`.
fn first_tag(source: &str, within: std::ops::Range<usize>) -> Option<usize> {
    use pulldown_cmark::{Event, Parser};
    Parser::new_ext(source, crate::markdown::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .find_map(|(_, range)| source[range.clone()].find('<').map(|i| range.start + i))
        .filter(|at| within.contains(at))
        .map(|at| at - within.start)
}

/// Returns `text` with `row` appended to the record's last task table. Numbering continues a
/// `#` column; stated columns (leverage, factors, weeks) and other columns are left empty.
pub fn append_row(text: &str, record: &Record, row: &NewRow) -> Result<String, EditError> {
    let table = record.tables.last().ok_or(EditError::NoTable)?;
    let has = |kind: ColumnKind| table.columns.iter().any(|c| c.kind == kind);
    let columns = || table.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>().join(", ");
    for (given, kind, column, flag, header) in [
        (row.supervisory.is_some(), ColumnKind::Supervisory, "supervisory time", "--sup", "Sup."),
        (row.tokens.is_some(), ColumnKind::Tokens, "tokens", "--tokens", "Tokens"),
        (row.workstream.is_some(), ColumnKind::Workstream, "workstream", "--workstream", "Workstream"),
    ] {
        if given && !has(kind) {
            return Err(EditError::NoColumn { column, flag, header, columns: columns() });
        }
    }
    let cells: Vec<String> = table
        .columns
        .iter()
        .map(|column| match column.kind {
            ColumnKind::Number => next_number(table),
            ColumnKind::Task => text_cell(&row.task),
            ColumnKind::Human => escape_cell(&row.human),
            ColumnKind::Ai => escape_cell(&row.ai),
            ColumnKind::Supervisory => row.supervisory.as_deref().map(escape_cell).unwrap_or_default(),
            ColumnKind::Tokens => row
                .tokens
                .as_deref()
                .map(|t| escape_cell(&in_column_unit(t, column.unit)))
                .unwrap_or_default(),
            ColumnKind::Workstream => row.workstream.as_deref().map(text_cell).unwrap_or_default(),
            _ => String::new(),
        })
        .collect();
    let newline = line_break_at(text, table.span.start as usize);
    let line = format!(
        "{}{}{newline}",
        continuation(text, table.span.start as usize),
        Layout::of(text, table).row(&cells)
    );
    // The table's span ends after its last row's line break, if it has one. A totals row stays
    // last: the new row goes on the line before it (and the totals then warn until updated).
    let end = match &table.totals {
        Some(totals) => {
            let start = text.floor_char_boundary((totals.row.start as usize).min(text.len()));
            text[..start].rfind('\n').map_or(0, |at| at + 1)
        }
        None => (table.span.end as usize).min(text.len()),
    };
    let mut out = String::with_capacity(text.len() + line.len() + 2);
    out.push_str(&text[..end]);
    if !text[..end].ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(&line);
    out.push_str(&text[end..]);
    Ok(out)
}

/// How a table's rows are written, for a new row to be written alike: with outer pipes or
/// without, its cells spaced from their pipes or not, and in a table whose header, delimiter row
/// and last row are padded to the same widths (by an editor's table formatter, or by hand), each
/// column's width and the side its text keeps to.
#[derive(Debug, PartialEq)]
struct Layout {
    leading: bool,
    trailing: bool,
    spaced: bool,
    aligned: Option<Vec<(usize, Side)>>,
}

/// The side of its column a cell's text keeps to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    Left,
    Right,
    Center,
}

impl Layout {
    /// The layout of `table` in `text`: its header's line, the delimiter row under it, and its
    /// last task's row (the header again when it has none).
    fn of(text: &str, table: &TaskTable) -> Layout {
        let (header, delimiter) = head_lines(text, table);
        let (header, delimiter) = (cells_of(header), cells_of(delimiter));
        let last = table.tasks.last().map(|t| cells_of(line_at(text, t.row.start as usize)));
        let last = last.as_ref().unwrap_or(&header);
        // Spaced: a space between a pipe and a cell's text (a row's ends without pipes aside).
        let count = last.cells.len();
        let spaced = last.cells.iter().enumerate().any(|(i, c)| {
            !c.trim().is_empty()
                && ((c.starts_with(' ') && (i > 0 || last.leading))
                    || (c.ends_with(' ') && (i + 1 < count || last.trailing)))
        });
        let widths = |row: &Cells| row.cells.iter().map(|c| width(c)).collect::<Vec<_>>();
        let aligned =
            (widths(&header) == widths(&delimiter) && widths(&delimiter) == widths(last)).then(|| {
                let sides = delimiter.cells.iter().zip(&last.cells).map(|(rule, cell)| {
                    let rule = rule.trim();
                    let (lead, trail) =
                        (cell.len() - cell.trim_start().len(), cell.len() - cell.trim_end().len());
                    match (rule.starts_with(':'), rule.ends_with(':')) {
                        (true, true) => Side::Center,
                        (false, true) => Side::Right,
                        (true, false) => Side::Left,
                        // No mark: the side the last row's text keeps to (numbers are often right).
                        _ if !cell.trim().is_empty() && lead > trail => Side::Right,
                        _ => Side::Left,
                    }
                });
                widths(&delimiter).into_iter().zip(sides).collect()
            });
        Layout { leading: last.leading, trailing: last.trailing, spaced, aligned }
    }

    /// A row of `cells` (one a column, as written into the file) in this layout, without its
    /// container's marks and line break. A cell too wide for its column is written spaced, and
    /// leaves the columns after it out of line.
    fn row(&self, cells: &[String]) -> String {
        // A row starts with its pipe where it would start with nothing (an empty cell) or with
        // what may start another block (`*`, `-`, `#`, `>`, `1.`): only a letter is sure not to.
        let leading =
            self.leading || !cells.first().and_then(|c| c.chars().next()).is_some_and(char::is_alphabetic);
        let written: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                // The spaces between a pipe and the text: none at a row's end without its pipe.
                let before = usize::from(self.spaced && (i > 0 || leading));
                let piped = i + 1 < cells.len() || self.trailing;
                // A cell that ends with a backslash (`C:\`, `\\` too) would escape the pipe after it.
                let escapes = cell.ends_with('\\');
                let after = usize::from(piped && (self.spaced || escapes));
                let room = self.aligned.as_ref().and_then(|columns| columns.get(i)).copied();
                let (spaces, text) = match room {
                    Some((column, side)) if width(cell) + before + after <= column => {
                        let free = column - width(cell);
                        let lead = match side {
                            _ if cell.is_empty() => free,
                            Side::Left => before,
                            Side::Right => free - after,
                            Side::Center => (free / 2).clamp(before, free - after),
                        };
                        ((lead, free - lead), cell.as_str())
                    }
                    _ if cell.is_empty() => ((before.max(after), 0), ""),
                    _ => ((before, after), cell.as_str()),
                };
                format!("{}{text}{}", " ".repeat(spaces.0), " ".repeat(spaces.1))
            })
            .collect();
        let (open, close) = (if leading { "|" } else { "" }, if self.trailing { "|" } else { "" });
        format!("{open}{}{close}", written.join("|"))
    }
}

/// The line of `text` from `at` to its end, without its line break.
fn line_at(text: &str, at: usize) -> &str {
    let at = text.floor_char_boundary(at.min(text.len()));
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    text[at..end].trim_end_matches('\r')
}

/// The header's line of `table` in `text` and its delimiter row's, each from where the table
/// starts on its line (a container's marks, `> ` or a list item's indent, left out).
fn head_lines<'a>(text: &'a str, table: &TaskTable) -> (&'a str, &'a str) {
    let start = table.span.start as usize;
    let header = line_at(text, start);
    let below = start + header.len() + text[start + header.len()..].find('\n').map_or(0, |n| n + 1);
    let delimiter = line_at(text, below);
    (header, delimiter.get(continuation(text, start).len()..).unwrap_or(delimiter))
}

/// The first two lines of a task table: its header and the delimiter row under it, for a new
/// record (`new`), or a day of prose alone that `log` adds a table to, to start its table with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableHead {
    header: String,
    delimiter: String,
}

impl TableHead {
    /// A header of these cells (as written, escapes kept), each column `---`.
    pub fn of_cells(cells: &[impl AsRef<str>]) -> TableHead {
        let cells: Vec<&str> = cells.iter().map(AsRef::as_ref).collect();
        TableHead {
            header: format!("| {} |", cells.join(" | ")),
            delimiter: format!("|{}|", vec!["---"; cells.len()].join("|")),
        }
    }

    /// The head of `table` in `text` as written: its cells' markup, widths and alignment marks
    /// (`---:`) kept, so that the next day's table looks as the last one does and `log` pads its
    /// rows alike. A tab in the delimiter row, which markdown reads as no table, is a space.
    pub fn of_table(text: &str, table: &TaskTable) -> TableHead {
        let (header, delimiter) = head_lines(text, table);
        TableHead {
            header: header.trim_end().to_string(),
            delimiter: delimiter.trim_end().replace('\t', " "),
        }
    }
}

/// The cells of a table row's line, spaces and all, and whether it has outer pipes.
struct Cells<'a> {
    cells: Vec<&'a str>,
    leading: bool,
    trailing: bool,
}

/// Splits a row's line at its pipes, as GFM does (`table::row_cells_of`).
fn cells_of(line: &str) -> Cells<'_> {
    let row = crate::table::row_cells_of(line);
    Cells {
        cells: row.cells.into_iter().map(|r| &line[r]).collect(),
        leading: row.leading,
        trailing: row.trailing,
    }
}

/// The columns `text` takes in a monospace editor: a wide character (`漢`) two.
fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// A token count as `log` was given it, written for a column whose header names a unit
/// (`Tokens (k)`): a plain count (`850`, `120,000`) in that unit (`0.85`, `120`), since the table
/// reads a bare number in it; a count with its own unit (`45k`) as given.
fn in_column_unit(tokens: &str, unit: Option<&str>) -> String {
    let Some(scale) = unit.and_then(crate::tokens::scale).filter(|s| *s > 1) else {
        return tokens.to_string();
    };
    // A count with its own unit (`45k`) is written as given; a plain one is read as the table
    // reads counts.
    let plain = !tokens.bytes().any(|b| b.is_ascii_alphabetic());
    let Some(count) = crate::tokens::count(tokens).filter(|_| plain) else { return tokens.to_string() };
    let approx = if count.approx { "~" } else { "" };
    let (whole, part) = (count.count / scale, count.count % scale);
    let width = scale.ilog10() as usize;
    let fraction = format!("{part:0width$}");
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() { format!("{approx}{whole}") } else { format!("{approx}{whole}.{fraction}") }
}

/// What a new row of the table starting at `start` begins with so that it stays in the table's
/// container: the text before the table on its first line, with each `>` of a blockquote kept
/// and anything else (a list item's `-` or `1.`) made a space, as a continuation line of that
/// list item is indented. A top-level table has none.
fn continuation(text: &str, start: usize) -> String {
    let start = text.floor_char_boundary(start.min(text.len()));
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |at| at + 1);
    text[line_start..start].chars().map(|c| if c == '>' || c == '\t' { c } else { ' ' }).collect()
}

/// The number of the next row: one more than the last row's number, or the row count plus one.
fn next_number(table: &TaskTable) -> String {
    let index = table.columns.iter().position(|c| c.kind == ColumnKind::Number);
    let written = table.tasks.last().and_then(|t| index.and_then(|i| t.written(i))).map(|c| c.value.trim());
    // `1.` or `1)`, as a list numbers: the next is written so.
    let mark = written.and_then(|w| w.strip_suffix(['.', ')']).map(|_| &w[w.len() - 1..])).unwrap_or("");
    let written = written.map(|w| &w[..w.len() - mark.len()]);
    let last = written.and_then(|w| w.parse::<u64>().ok());
    // The largest number there is has no next: the row count's is taken.
    let next = last.and_then(|n| n.checked_add(1));
    let next = next.unwrap_or(table.tasks.len() as u64 + 1).to_string();
    // Numbers written to a width (`01`, `02`) go on at it (`03`).
    let width = written.filter(|w| w.len() > 1 && w.starts_with('0')).map_or(0, str::len);
    format!("{next:0>width$}{mark}")
}

/// The line break of the line at `at` in `text` (`\r\n` or `\n`; `\n` on a last line without
/// one): a row is ended as the rows of its table are, not as some other line of the file is.
fn line_break_at(text: &str, at: usize) -> &'static str {
    let at = text.floor_char_boundary(at.min(text.len()));
    match text[at..].find('\n') {
        Some(end) if text[..at + end].ends_with('\r') => "\r\n",
        Some(_) => "\n",
        // The last line: as the line before it ends.
        None => match text[..at].rfind('\n') {
            Some(end) if text[..end].ends_with('\r') => "\r\n",
            _ => "\n",
        },
    }
}

/// `text` with its bytes from `decoded` (the same text as the build reads it, its delimiter rows'
/// tabs made spaces by `load::delimiter_tabs`, byte for byte) inside the record's task tables,
/// and as written everywhere else: `log` writes a table's delimiter row with spaces, and leaves
/// a tab in a code block, an HTML block or the front matter alone. Whether a byte changed.
pub fn untabbed_tables(text: &str, decoded: &str, record: &Record) -> (String, bool) {
    let mut bytes = text.as_bytes().to_vec();
    let mut changed = false;
    if decoded.len() != bytes.len() {
        return (text.to_string(), false);
    }
    for table in &record.tables {
        let range = (table.span.start as usize).min(bytes.len())..(table.span.end as usize).min(bytes.len());
        for (byte, new) in bytes[range.clone()].iter_mut().zip(&decoded.as_bytes()[range]) {
            if *byte == b'\t' && *new == b' ' {
                *byte = b' ';
                changed = true;
            }
        }
    }
    // Tabs made spaces: still UTF-8.
    (String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()), changed)
}

/// The intro of a new record, for its writer to replace: left as it is, it would be the record's
/// summary on the home page and in the feed, so it is warned about.
pub const PLACEHOLDER: &str = "What happened today, in a sentence or two.";

/// The text of a new record: front matter, a one-line placeholder intro and an empty task table
/// with the given header.
pub fn new_record(title: Option<&str>, date: &str, head: &TableHead) -> String {
    let title_line = title.map(|t| format!("title = {}\n", toml_string(t))).unwrap_or_default();
    format!("+++\n{title_line}date = {date}\ntags = []\n+++\n\n{PLACEHOLDER}\n\n{}", task_log(head, "\n"))
}

/// `text` (a record without a task table, a day of prose alone) with an empty task table of the
/// given header added at its end, under a "Task Log" heading, for `log` to add a row to.
pub fn with_task_table(text: &str, head: &TableHead) -> String {
    let newline = line_break_at(text, text.trim_end_matches(['\n', '\r']).len());
    let mut out = text.trim_end_matches(['\n', '\r']).to_string();
    if !out.is_empty() {
        out.push_str(newline);
        out.push_str(newline);
    }
    out.push_str(&task_log(head, newline));
    out
}

/// A "Task Log" heading and an empty task table of the given header.
fn task_log(head: &TableHead, newline: &str) -> String {
    format!("## Task Log{newline}{newline}{}{newline}{}{newline}", head.header, head.delimiter)
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Sources, parse_document};
    use proptest::strategy::Strategy;

    fn record_of(text: &str) -> Record {
        let mut sources = Sources::new();
        let id = sources.add("content/records/2026-03-01.md", text.to_string());
        let parsed = parse_document(&sources, id, &Options::default());
        parsed.document.and_then(|d| d.record().cloned()).expect("a record")
    }

    fn row(task: &str) -> NewRow {
        NewRow { task: task.into(), human: "2h".into(), ai: "10min".into(), ..NewRow::default() }
    }

    #[test]
    fn appends_after_the_last_row_and_keeps_every_other_byte() {
        let text = "Intro.\n\n| # | Task | Human Est. | Claude | Factor |\n|---|---|---|---|---|\n| 1 | A | 1h | 5min | 12x |\n\nAfter.\n";
        let out = append_row(text, &record_of(text), &row("B | C")).expect("appended");
        assert_eq!(out, text.replace("| 12x |\n", "| 12x |\n| 2 | B \\| C | 2h | 10min | |\n"));
        let reread = record_of(&out);
        assert_eq!(reread.tasks().count(), 2);
        assert_eq!(reread.tasks().last().map(|t| t.plain_text()), Some("B | C"));
    }

    #[test]
    fn appends_to_a_table_at_the_end_of_a_file_without_a_newline() {
        let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |";
        let out = append_row(text, &record_of(text), &row("B")).expect("appended");
        assert_eq!(out, format!("{text}\n| B | 2h | 10min |\n"));
    }

    #[test]
    fn a_row_stays_in_the_blockquote_or_list_item_its_table_is_in() {
        for (table, prefix) in [
            ("> | Task | Human Est. | Claude |\n> |---|---|---|\n> | A | 1h | 5min |\n", "> "),
            ("- | Task | Human Est. | Claude |\n  |---|---|---|\n  | A | 1h | 5min |\n", "  "),
            ("1. Day:\n\n   | Task | Human Est. | Claude |\n   |---|---|---|\n   | A | 1h | 5min |\n", "   "),
            ("> - | Task | Human Est. | Claude |\n>   |---|---|---|\n>   | A | 1h | 5min |\n", ">   "),
            ("  | Task | Human Est. | Claude |\n  |---|---|---|\n  | A | 1h | 5min |\n", "  "),
        ] {
            let text = format!("Intro.\n\n{table}\nAfter.\n");
            let out = append_row(&text, &record_of(&text), &row("B")).expect("appended");
            assert_eq!(out, text.replace(table, &format!("{table}{prefix}| B | 2h | 10min |\n")), "{table}");
            let reread = record_of(&out);
            assert_eq!(reread.tasks().count(), 2, "the row is in the table:\n{out}");
            assert_eq!(reread.tasks().last().map(|t| t.plain_text()), Some("B"));
        }
    }

    #[test]
    fn a_totals_row_stays_last() {
        let text = "| # | Task | Human Est. | Claude |\n|---|---|---|---|\n| 1 | A | 2h | 10min |\n| | **Total** | 2h | 10min |\n\nAfter.\n";
        let record = record_of(text);
        assert_eq!(record.tasks().count(), 1, "the totals row is no task");
        let out = append_row(text, &record, &row("B")).expect("appended");
        assert_eq!(
            out,
            "| # | Task | Human Est. | Claude |\n|---|---|---|---|\n| 1 | A | 2h | 10min |\n| 2 | B | 2h | 10min |\n| | **Total** | 2h | 10min |\n\nAfter.\n"
        );
    }

    /// A row ends as its table's rows do: one CRLF line elsewhere (front matter, a pasted
    /// paragraph) made the new row CRLF inside an LF table, and a day of prose's new table too.
    #[test]
    fn a_row_ends_as_its_table_s_rows_do() {
        let text = "+++\r\ntitle = \"Day\"\r\n+++\n\n| Task | Human | AI Time |\n|---|---|---|\n| A | 2h | 10min |\n\nAfter.\r\n";
        let out = append_row(text, &record_of(text), &row("B")).expect("appended");
        assert_eq!(out, text.replace("| 10min |\n", "| 10min |\n| B | 2h | 10min |\n"));
        let crlf = "Intro.\n\n| Task | Human | AI Time |\r\n|---|---|---|\r\n| A | 2h | 10min |";
        let out = append_row(crlf, &record_of(crlf), &row("B")).expect("appended");
        assert_eq!(out, format!("{crlf}\r\n| B | 2h | 10min |\r\n"));
        let prose = "+++\r\ntitle = \"Day\"\r\n+++\n\nProse.\n";
        let header = TableHead::of_cells(&["Task", "Human", "AI Time"]);
        assert!(!with_task_table(prose, &header).ends_with("\r\n"));
        assert!(with_task_table("Prose.\r\n", &header).ends_with("|---|---|---|\r\n"));
    }

    /// The largest number there is has no next: the row count's follows it, where the number
    /// wrapped to 0 (and a debug build panicked). Numbers written to a width go on at it.
    #[test]
    fn the_next_number_follows_the_last_s_width_and_never_wraps() {
        let text =
            "| # | Task | Human | AI Time |\n|---|---|---|---|\n| 18446744073709551615 | A | 2h | 10min |\n";
        let out = append_row(text, &record_of(text), &row("B")).expect("appended");
        assert!(out.ends_with("| 2 | B | 2h | 10min |\n"), "{out}");
        let padded = "| # | Task | Human | AI Time |\n|---|---|---|---|\n| 09 | A | 2h | 10min |\n";
        let out = append_row(padded, &record_of(padded), &row("B")).expect("appended");
        assert!(out.ends_with("| 10 | B | 2h | 10min |\n"), "{out}");
        let padded = padded.replace("09", "001");
        let out = append_row(&padded, &record_of(&padded), &row("B")).expect("appended");
        assert!(out.ends_with("| 002 | B | 2h | 10min |\n"), "{out}");
    }

    /// Only a task table's delimiter row is written with spaces: the same line in an HTML block
    /// or a comment is the writer's, and keeps its tabs.
    #[test]
    fn only_task_tables_lose_their_tabs() {
        let written = "| Task | Human | AI Time |\n|\t---\t|---|---|\n| A | 2h | 10min |\n\n<pre>\nx | y\n|\t-\t|\n</pre>\n";
        let mut decoded = written.to_string();
        assert!(crate::load::delimiter_tabs_in(&mut decoded));
        assert!(decoded.contains("| - |"), "the build reads both lines so");
        let (untabbed, changed) = untabbed_tables(written, &decoded, &record_of(&decoded));
        assert!(changed);
        assert_eq!(untabbed, written.replace("|\t---\t|", "| --- |"));
        let (same, changed) = untabbed_tables(written, written, &record_of(&decoded));
        assert!(!changed);
        assert_eq!(same, written);
    }

    #[test]
    fn a_token_count_is_written_in_its_column_s_unit() {
        assert_eq!(in_column_unit("850", Some("k")), "0.85");
        assert_eq!(in_column_unit("120,000", Some("k")), "120");
        assert_eq!(in_column_unit("~1,230,000", Some("M")), "~1.23");
        assert_eq!(in_column_unit("45k", Some("k")), "45k");
        assert_eq!(in_column_unit("850", None), "850");
        assert_eq!(in_column_unit("2,500,000,000", Some("T")), "0.0025");
        let text =
            "| Task | Human Est. | Claude | Tokens (k) |\n|---|---|---|---|\n| A | 2h | 10min | 45 |\n";
        let record = record_of(text);
        let out = append_row(text, &record, &NewRow { tokens: Some("850".to_string()), ..row("B") })
            .expect("appended");
        let reread = record_of(&out);
        assert_eq!(reread.tasks().last().and_then(|t| t.figures.tokens()).map(|t| t.count), Some(850));
    }

    /// A row is written as the table writes its rows: padded to its columns' widths where the
    /// table is aligned (its numbers kept to the side the delimiter row or the last row keeps
    /// them to), without spaces or outer pipes where it has none. A hand-aligned table got a
    /// ragged row, and a `|a|b|` table a spaced one.
    #[test]
    fn a_row_is_written_as_the_table_writes_its_rows() {
        let aligned = "| #  | Task              | Human Est. | Claude | Sup.  | Factor |\n\
                       |----|-------------------|-----------:|-------:|------:|-------:|\n\
                       | 2  | Build the parser  |         8h |  30min | 15min |    16x |\n";
        let with_sup = NewRow { supervisory: Some("5min".into()), ..row("Add recovery") };
        for (text, new, added) in [
            (aligned, &with_sup, "| 3  | Add recovery      |         2h |  10min |  5min |        |"),
            // A cell too wide for its column is written spaced; the others keep their widths.
            (
                aligned,
                &row("Add error recovery to the parser"),
                "| 3  | Add error recovery to the parser |         2h |  10min |       |        |",
            ),
            // No alignment marks: the side the last row keeps its text to.
            (
                "| Task   | Human Est. | Claude |\n|--------|------------|--------|\n| Parser |         8h |  30min |\n",
                &row("B"),
                "| B      |         2h |  10min |",
            ),
            ("|Task|Human Est.|Claude|\n|---|---|---|\n|A|1h|5min|\n", &row("B"), "|B|2h|10min|"),
            ("Task | Human Est. | Claude\n--- | --- | ---\nA | 1h | 5min\n", &row("B"), "B | 2h | 10min"),
            (
                "| Task | Human Est. | Claude |\n|------|------------|--------|\n| 解析 | 1h         | 5min   |\n",
                &row("测试"),
                "| 测试 | 2h         | 10min  |",
            ),
            (
                "| Task | Human Est. | Claude |\n|:----:|:-----------|-------:|\n| A    | 1h         |   5min |\n",
                &row("B"),
                "|  B   | 2h         |  10min |",
            ),
            (
                "| # | Task | Human | AI Time |\n|---|---|---|---|\n| 1. | A | 2h | 10min |\n",
                &row("B"),
                "| 2. | B | 2h | 10min |",
            ),
            // A task ending in a backslash keeps its pipe: `C:\|` would escape it.
            ("|Task|Human Est.|Claude|\n|---|---|---|\n|A|1h|5min|\n", &row("C:\\"), "|C:\\ |2h|10min|"),
        ] {
            let record = record_of(text);
            let out = append_row(text, &record, new).expect("appended");
            assert_eq!(out, format!("{text}{added}\n"), "{text}");
            assert_eq!(record_of(&out).tasks().count(), record.tasks().count() + 1, "{out}");
        }
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let text = "| Task | Human Est. | Claude Time |\r\n|---|---|---|\r\n| A | 1h | 5min |\r\n";
        let out = append_row(text, &record_of(text), &row("B")).expect("appended");
        assert_eq!(out, format!("{text}| B | 2h | 10min |\r\n"));
    }

    #[test]
    fn appends_to_an_empty_table() {
        let text = new_record(
            Some("Day \"one\""),
            "2026-03-01",
            &TableHead::of_cells(&["#", "Task", "Human Est.", "Claude"]),
        );
        let out = append_row(&text, &record_of(&text), &row("First")).expect("appended");
        assert!(out.ends_with("|---|---|---|---|\n| 1 | First | 2h | 10min |\n"), "{out}");
        assert!(out.contains("title = \"Day \\\"one\\\"\""));
        assert_eq!(record_of(&out).tasks().count(), 1);
    }

    #[test]
    fn refuses_a_value_for_a_missing_column() {
        let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
        let with_sup = NewRow { supervisory: Some("5min".into()), ..row("B") };
        let err = append_row(text, &record_of(text), &with_sup).expect_err("no Sup. column");
        assert_eq!(
            err.to_string(),
            "the record's task table has no supervisory time column, so `--sup` cannot be used; expected a `Sup.` \
             column in its header, where its columns are: Task, Human Est., Claude Time; add `Sup.` to the \
             header, and a `---` cell to the row under it, to log into it"
        );
    }

    #[test]
    fn raw_html_is_escaped_and_markdown_kept() {
        for (typed, written) in [
            ("Fix <script> nesting", "Fix \\<script> nesting"),
            ("Vec<String> parser", "Vec\\<String> parser"),
            ("<div>block</div> end", "\\<div>block\\</div> end"),
            ("a <!-- note --> b", "a \\<!-- note --> b"),
            ("    <script>indented</script>", "\\<script>indented\\</script>"),
            ("\t<i>tab</i>", "\\<i>tab\\</i>"),
            ("[a]: <b>x</b>", "[a]: \\<b>x\\</b>"),
            ("<!-- todo", "\\<!-- todo"),
            ("<script src=x", "\\<script src=x"),
            ("> <div class=x", "> \\<div class=x"),
            ("<?php echo", "\\<?php echo"),
            ("a | <b>", "a \\| \\<b>"),
            ("`Vec<String>` in *code*", "`Vec<String>` in *code*"),
            ("see <https://example.org>", "see <https://example.org>"),
            ("a < b and c > d", "a < b and c > d"),
        ] {
            assert_eq!(text_cell(typed), written, "{typed}");
        }
    }

    #[test]
    fn log_writes_markup_like_text_as_typed() {
        let text = "| Task | Workstream | Human | Claude |\n|---|---|---|---|\n| A | X | 1h | 5min |\n";
        let typed = NewRow { workstream: Some("W<x>".into()), ..row("Fix <script>\nin *all*") };
        let out = append_row(text, &record_of(text), &typed).expect("appended");
        assert!(out.ends_with("| Fix \\<script> in *all* | W\\<x> | 2h | 10min |\n"), "{out}");
    }

    /// Whether `after` is `before` with some `\` inserted, each right before a `<`.
    fn only_backslashes_before_lt_added(before: &str, after: &str) -> bool {
        let after: Vec<char> = after.chars().collect();
        let mut rest = before.chars().peekable();
        for (i, c) in after.iter().enumerate() {
            if rest.peek() == Some(c) {
                rest.next();
            } else if !(*c == '\\' && after.get(i + 1) == Some(&'<')) {
                return false;
            }
        }
        rest.next().is_none()
    }

    #[test]
    fn an_escaped_backslash_before_a_tag_keeps_both() {
        assert_eq!(text_cell("\\\\<b>"), "\\\\\\<b>");
        assert!(only_backslashes_before_lt_added("\\\\<b>", "\\\\\\<b>"));
        assert!(!only_backslashes_before_lt_added("a<b>", "a\\<c>"));
        assert!(!only_backslashes_before_lt_added("a<b>", "a\\x<b>"));
    }

    proptest::proptest! {
        #[test]
        fn a_text_cell_holds_no_raw_html(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-c \t<>/!`*:|\\\\\\[\\]#-]{0,4}",
                    proptest::sample::select(vec![
                        "[a]: ", "<b>", "</b>", "<!-- c -->", "<?p ?>", "<https://x.y>", "`", "    ",
                        "# ", "> ", "- ", "1. ", "\\", "\n", "&lt;", "<!--", "<div", "<script",
                        "<?", "<pre", "[^a]: ", "<x-y",
                    ]).prop_map(|s: &str| s.to_string()),
                ],
                0..8,
            )
        ) {
            let text = parts.concat();
            use pulldown_cmark::{Event, Parser};
            let cell = text_cell(&text);
            // Neither inside its row, as the record is parsed, nor alone, as pages render it.
            for source in [format!("| x |\n|---|\n| {cell} |\n"), cell.clone()] {
                let html = Parser::new_ext(&source, crate::markdown::options())
                    .any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)));
                proptest::prop_assert!(!html, "{source:?}");
            }
            // Only backslashes before `<` were added to the escaped cell. (Undoing `\<` with a
            // string replace is not exact: `\\\<b>` is an escaped backslash and an escaped `<`.)
            let escaped = escape_cell(&text);
            proptest::prop_assert!(only_backslashes_before_lt_added(&escaped, &cell), "{escaped:?} -> {cell:?}");
        }

        /// Whatever its padding, pipes and alignment marks, a table takes the new row as its next
        /// task, every byte before it kept.
        #[test]
        fn a_row_in_any_table_layout_reads_back(
            pads in proptest::collection::vec((0usize..4, 0usize..4), 9),
            marks in proptest::collection::vec(0usize..4, 3),
            pipes in (proptest::bool::ANY, proptest::bool::ANY),
            task in "[a-z漢|`*<\\\\]{1,14}",
        ) {
            let (leading, trailing) = pipes;
            let line = |cells: [&str; 3], pads: &[(usize, usize)]| {
                let cells: Vec<String> = cells
                    .iter()
                    .zip(pads)
                    .map(|(c, (l, r))| format!("{}{c}{}", " ".repeat(*l), " ".repeat(*r)))
                    .collect();
                format!("{}{}{}\n", if leading { "|" } else { "" }, cells.join("|"), if trailing { "|" } else { "" })
            };
            let rule = |mark: &usize| ["---", ":--", "--:", ":-:"][*mark];
            let rules: Vec<&str> = marks.iter().map(rule).collect();
            let text = format!(
                "Intro.\n\n{}{}{}\nAfter.\n",
                line(["Task", "Human Est.", "Claude"], &pads[0..3]),
                line([rules[0], rules[1], rules[2]], &pads[3..6]),
                line(["A", "1h", "5min"], &pads[6..9]),
            );
            let record = record_of(&text);
            proptest::prop_assume!(record.tasks().count() == 1);
            let out = append_row(&text, &record, &row(&task)).expect("appended");
            let end = text.find("\nAfter").expect("the table's end");
            proptest::prop_assert_eq!(&out[..end], &text[..end]);
            let reread = record_of(&out);
            proptest::prop_assert_eq!(reread.tasks().count(), 2, "{}", out);
            // The task is written as markdown: a backslash escapes what follows it, as markdown says.
            if !task.contains('\\') {
                proptest::prop_assert_eq!(
                    reread.tasks().last().map(|t| t.plain_text().replace(['*', '`'], "")),
                    Some(task.replace(['*', '`'], "")),
                    "{}",
                    out
                );
            }
        }
    }

    #[test]
    fn fills_every_column_it_has() {
        let text = "| # | Task | Workstream | Human Est. | Claude | Sup. | Tokens | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|---|---|\n| 7 | A | X | 1h | 5min | 2min | 5k | 12x | 30x |\n";
        let full = NewRow {
            supervisory: Some("3min".into()),
            tokens: Some("45k".into()),
            workstream: Some("Site".into()),
            ..row("B")
        };
        let out = append_row(text, &record_of(text), &full).expect("appended");
        assert!(out.ends_with("| 8 | B | Site | 2h | 10min | 3min | 45k | | |\n"), "{out}");
    }
}
