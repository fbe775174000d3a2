//! Task tables: decides which GFM tables are task tables and turns each row into a `Task`.
//!
//! Headers are matched case-insensitively, ignoring punctuation, as the contract lists them. Cell
//! text is parsed by `duration`, `tokens` and `factor`; figures are computed in `math`, never here.

use math::{FigureError, TaskFigures, WorkWeek};

use crate::markdown::{RawCell, RawRow, RawTable};
use crate::record::{Column, ColumnKind, Task, TaskTable, TotalsRow};
use crate::{Cell, ContentError, Diagnostic, Sources, Span, clip, duration, factor, tokens};

/// The AI labels accepted as bare headers when site.toml does not set `ai_labels`.
pub const DEFAULT_AI_LABELS: [&str; 6] = ["Claude", "AI", "Agent", "Codex", "Copilot", "Gemini"];

/// Lowercase, punctuation replaced by spaces, runs of spaces folded: `Human Est.` -> `human est`.
pub fn normalize(header: &str) -> String {
    // One pass and one allocation: every header and metric name of every table comes here.
    let mut out = String::with_capacity(header.len());
    let mut gap = false;
    for c in header.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// What one header names, with the AI label for an AI time column.
pub fn classify(header: &str, ai_labels: &[String]) -> (ColumnKind, Option<String>) {
    // A unit in parentheses (`Human Estimate (h)`) names the cells' unit, not the column.
    let trimmed = split_unit(header).0;
    if trimmed == "#" {
        return (ColumnKind::Number, None);
    }
    let normal = normalize(trimmed);
    // Punctuation between the letters of an abbreviation is no gap: `L.F.` is `LF`.
    let named =
        named(&normal).or_else(|| normal.contains(' ').then(|| named(&normal.replace(' ', ""))).flatten());
    let kind = match named {
        Some(kind) => kind,
        None => {
            let normal = normal.as_str();
            // `Supervisry Time` is a slip (warned about as such), not a second agent's time; a
            // listed agent's label (`Claude Time`, the common case) is not asked.
            if normal.strip_suffix(" time").is_some_and(|label| {
                label != "human"
                    && (ai_labels.iter().any(|l| l.eq_ignore_ascii_case(label))
                        || near_header(trimmed).is_none())
            }) {
                // Keep the label as written: `Claude Time` -> `Claude`; a listed label in its
                // listed spelling (`claude time` -> `Claude`), as pages show it.
                let cut = trimmed.to_ascii_lowercase().rfind("time").unwrap_or(trimmed.len());
                // A note in brackets is no part of the name: `Claude (Opus) Time` is Claude's.
                let label = without_notes(&trimmed[..cut]);
                let label = label.trim_end_matches(|c: char| !c.is_alphanumeric()).trim();
                let listed = ai_labels.iter().find(|l| l.eq_ignore_ascii_case(label));
                return (ColumnKind::Ai, Some(listed.map_or(label, String::as_str).to_string()));
            }
            if let Some(listed) = ai_labels.iter().find(|l| normalize(l) == normal) {
                return (ColumnKind::Ai, Some(listed.clone()));
            }
            // The agent's product name: `Claude Code`, the listed label's spelling before ` Code`.
            if let Some(listed) = normal
                .strip_suffix(" code")
                .and_then(|label| ai_labels.iter().find(|l| normalize(l) == label))
            {
                return (ColumnKind::Ai, Some(format!("{listed} Code")));
            }
            ColumnKind::Other
        }
    };
    (kind, None)
}

/// `label` without its notes in brackets (`Claude (Opus) ` is `Claude`), its spaces made
/// single; the note's words when it is all note (`(Opus)` is `Opus`).
fn without_notes(label: &str) -> std::borrow::Cow<'_, str> {
    if !label.contains(['(', '[']) {
        return std::borrow::Cow::Borrowed(label);
    }
    let mut name = String::with_capacity(label.len());
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => name.push(c),
            _ => {}
        }
    }
    // All note (`(Opus) Time`): the note is the name.
    let name = if name.trim().is_empty() { label.replace(['(', ')', '[', ']'], " ") } else { name };
    std::borrow::Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The human estimate's headers, normalized.
const HUMAN_HEADERS: [&str; 10] = [
    "human est",
    "human estimate",
    "human time",
    "human",
    "est human",
    "human estimated",
    "human hours",
    "human equivalent",
    "estimate",
    "est",
];

/// The column a normalized header names among the contract's fixed names (the AI time's, which
/// depend on `ai_labels`, aside).
fn named(normal: &str) -> Option<ColumnKind> {
    let kind = match normal {
        "no" => ColumnKind::Number,
        "task" | "description" => ColumnKind::Task,
        human if HUMAN_HEADERS.contains(&human) => ColumnKind::Human,
        "sup" | "supv" | "sup time" | "supervisory" | "supervisory time" | "supervision" => {
            ColumnKind::Supervisory
        }
        "tokens" | "tokens used" | "token count" | "tokens consumed" => ColumnKind::Tokens,
        "leverage" | "factor" | "lf" | "leverage factor" => ColumnKind::Leverage,
        "sup factor" | "supervisory factor" | "sup leverage" | "slf" => ColumnKind::SupervisoryLeverage,
        "weeks" => ColumnKind::Weeks,
        "workstream" | "project" | "stream" => ColumnKind::Workstream,
        _ => return None,
    };
    Some(kind)
}

/// A header and the unit in parentheses at its end, if it names one: `Human Estimate (h)` is
/// `Human Estimate` in hours. The unit is as written, lowercased; `column_unit` says what it
/// means for the column.
fn split_unit(header: &str) -> (&str, Option<String>) {
    let trimmed = header.trim();
    let Some(inner) = trimmed.strip_suffix(')') else { return (trimmed, None) };
    let Some(open) = inner.rfind('(') else { return (trimmed, None) };
    let name = inner[..open].trim_end();
    let note = inner[open + 1..].trim().trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() || note.is_empty() {
        return (trimmed, None);
    }
    // Any note is left out of the match (`Task (short description)`, `Claude Time (wall-clock)`).
    (name, Some(note))
}

/// The unit a column's header gives its bare numbers, in the form a cell would write it:
/// `Human Estimate (h)`, `Tokens (k)`, or a header that names its unit (`Human Hours`). `Err`
/// when a time column's parenthesis names seconds (`Human Est. (secs)`), which no duration has.
fn column_unit(header: &str, kind: ColumnKind) -> Result<Option<&'static str>, &'static str> {
    let durations = matches!(kind, ColumnKind::Human | ColumnKind::Ai | ColumnKind::Supervisory);
    let (name, note) = split_unit(header);
    let named = || (kind == ColumnKind::Human && normalize(name) == "human hours").then_some("h");
    let Some(note) = note else { return Ok(named()) };
    if durations {
        if let Some(unit) = duration::unit_name(&note) {
            return Ok(Some(unit));
        }
        // Seconds and milliseconds look like a unit and are none a duration has: a bare number
        // under them would be read wrong, so it is said, naming them.
        if let Some(unit) = duration::smaller_than_minutes(&note) {
            return Err(unit);
        }
    }
    let unit = match (kind, note.as_str()) {
        (ColumnKind::Tokens, "k" | "thousand" | "thousands") => "k",
        (ColumnKind::Tokens, "m" | "million" | "millions") => "M",
        (ColumnKind::Tokens, "b" | "bn" | "billion" | "billions") => "B",
        (ColumnKind::Tokens, "t" | "tn" | "trillion" | "trillions") => "T",
        // Any other word is a note (`(approx.)`, `(Opus)`, `(est.)`).
        _ => return Ok(named()),
    };
    Ok(Some(unit))
}

/// A cell's text (trimmed when read), with its column's unit when the header names one and the
/// cell is only a number, approximate or not: `40` under `Human Estimate (h)` is `40h`, `~45`
/// under `Tokens (k)` is `~45k`.
///
/// A figure's marks of direction (U+200E, U+200F, U+061C), which an editor of Arabic, Hebrew or
/// Persian types unseen beside what is written, are left out: `‏2h` is `2h`.
#[inline]
fn in_column_unit<'a>(column: &Column, text: &'a str) -> std::borrow::Cow<'a, str> {
    if !text.is_ascii() && text.contains(DIRECTION_MARKS) {
        return unmarked(column, text);
    }
    match column.unit {
        Some(unit) if is_bare_number(text.strip_prefix('~').unwrap_or(text).trim_start()) => {
            format!("{text}{unit}").into()
        }
        _ => text.into(),
    }
}

/// The marks of direction left out of a figure (`in_column_unit`).
const DIRECTION_MARKS: [char; 3] = ['\u{200E}', '\u{200F}', '\u{061C}'];

/// `in_column_unit` of a cell holding a mark of direction: without them in a figure's column,
/// as written in a text's. Apart, so that the common cell's path stays small.
#[cold]
#[inline(never)]
fn unmarked<'a>(column: &Column, text: &'a str) -> std::borrow::Cow<'a, str> {
    let figure = !matches!(
        column.kind,
        ColumnKind::Task | ColumnKind::Workstream | ColumnKind::Number | ColumnKind::Other
    );
    let text: std::borrow::Cow<'a, str> =
        if figure { text.replace(DIRECTION_MARKS, "").into() } else { text.into() };
    match column.unit {
        Some(unit) if is_bare_number(text.strip_prefix('~').unwrap_or(&text).trim_start()) => {
            format!("{text}{unit}").into()
        }
        _ => text,
    }
}

/// A cell that is only a number (`40`, `1.5`, `1,200`), which a column's unit completes.
fn is_bare_number(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

/// Whether a table's header names the three columns of a task table (a task, a human estimate
/// and an AI time), whatever its rows hold.
pub fn is_task_header(table: &RawTable, sources: &Sources, ai_labels: &[String]) -> bool {
    missing_columns(table, sources, ai_labels).is_empty()
}

/// The three columns a task table needs (a task, a human estimate, an AI time), as warnings
/// name them.
const REQUIRED: [(ColumnKind, &str); 3] = [
    (ColumnKind::Task, "task column (`Task`)"),
    (ColumnKind::Human, "human estimate column (`Human Est.`)"),
    (ColumnKind::Ai, "AI time column (`Claude Time`, `AI Time`, or a label from `ai_labels`)"),
];

/// The names of the required columns that a table's header does not name, in `REQUIRED`'s order.
pub fn missing_columns(table: &RawTable, sources: &Sources, ai_labels: &[String]) -> Vec<&'static str> {
    let kinds: Vec<ColumnKind> =
        table.header.iter().map(|c| classify(c.text_in(sources), ai_labels).0).collect();
    REQUIRED.iter().filter(|(kind, _)| !kinds.contains(kind)).map(|(_, name)| *name).collect()
}

/// The warning for a paragraph whose first line (`line`, from `Scan::loose_tables`) names the
/// columns of a task table: markdown did not read it as a table, so its rows would count for
/// nothing without a word. A pasted table that lost its `|---|` row, one whose delimiter row has
/// a different number of cells from its header (GFM then reads no table), and a spreadsheet's
/// tab-separated rows are each told what to write.
pub fn loose_table_warning(line: Span, sources: &Sources, ai_labels: &[String]) -> Option<Diagnostic> {
    let text = &sources.get(line.file).text;
    let first = text.get(line.start as usize..line.end as usize)?;
    // A table's outer pipes may be left out (`Task | Human Est. | Claude Time`), as GFM reads
    // it, when a row with as many cells follows (a sentence that quotes a header has none); a
    // line with tabs and no pipe is a spreadsheet's.
    let bare = !first.trim_start().starts_with('|') && !first.contains('\t') && {
        let second = text[line.end as usize..].split('\n').nth(1).map(unquoted).unwrap_or_default();
        row_cells(first).zip(row_cells(second)).is_some_and(|(header, row)| header.abs_diff(row) <= 1)
    };
    let piped = first.trim_start().starts_with('|') || bare;
    let cells = |row: &str| -> Vec<String> {
        if piped {
            let row = row.trim();
            let row = row.strip_prefix('|').unwrap_or(row);
            let row = row.strip_suffix('|').unwrap_or(row);
            row.split('|').map(|c| c.trim().to_string()).collect()
        } else {
            row.split('\t').map(|c| c.trim().to_string()).collect()
        }
    };
    let header = cells(first);
    let raw = RawTable {
        span: line,
        header: header
            .iter()
            .map(|text| RawCell { source: line, plain: Some(text.clone()), missing: false })
            .collect(),
        rows: Vec::new(),
        above: Default::default(),
    };
    if !missing_columns(&raw, sources, ai_labels).is_empty() {
        return None;
    }
    // The next line as the table would have it: without a blockquote's `>` before it.
    let next = text[line.end as usize..].split('\n').nth(1).map(unquoted);
    let delimiter = next.filter(|l| is_delimiter_row(l));
    let message = match (piped, delimiter) {
        (true, Some(row)) if cells(row).len() == header.len() => format!(
            "this looks like a task table, but markdown does not read its delimiter row `{}`, so it shows the \
             table as a paragraph and its rows count for nothing: write each of its cells as dashes, with a `:` \
             at either end if you like (`| --- | :--: |`)",
            crate::clip(row.trim())
        ),
        (true, Some(row)) => format!(
            "this looks like a task table, but its delimiter row has {} where its header has {}, so markdown \
             shows it as a paragraph and its rows count for nothing: give the two rows the same number of cells",
            match cells(row).len() { 1 => "1 cell".to_string(), n => format!("{n} cells") },
            header.len()
        ),
        (true, None) => format!(
            "this looks like a task table, but it has no delimiter row under its header, so markdown shows it as a \
             paragraph and its rows count for nothing: add `|{}` as its second line",
            " --- |".repeat(header.len())
        ),
        (false, _) => "this looks like a task table pasted as tab-separated text, so markdown shows it as a \
             paragraph and its rows count for nothing: write it as a markdown table, `| Task | Human Est. | ... |` \
             with a `|---|---|...|` row under it"
            .to_string(),
    };
    Some(Diagnostic::warning(line, message))
}

/// The warning for a paragraph whose first line (`line`, from `Scan::loose_tables`) reads as a
/// row of the task table above it, with only blank lines and other such rows between: a blank
/// line ends a markdown table, so the rows after it (a row moved, or one added below a gap) are a
/// paragraph and would count for nothing without a word. A row reads as one of the table's when
/// it has the table's number of cells, or one fewer (a last empty cell left off) or one more.
pub fn cut_off_rows_warning(line: Span, tables: &[TaskTable], sources: &Sources) -> Option<Diagnostic> {
    /// The lines walked up from a row to its table at most: a writer's gap is a few lines, and a
    /// file of a thousand rows each after a blank line is not walked a thousand times over.
    const REACH: usize = 200;
    let text = &sources.get(line.file).text;
    let cells = row_cells(unquoted(text.get(line.start as usize..line.end as usize)?))?;
    // The task table that holds the line starting at `at`, if any: the tables are in the file's
    // order, so the last that starts at or before it, found by halves.
    let table_at = |at: usize| {
        let after = tables.partition_point(|t| {
            t.span.file < line.file || t.span.file == line.file && t.span.start as usize <= at
        });
        tables[..after].last().filter(|t| t.span.file == line.file && at < t.span.end as usize)
    };
    // Walk up over blank lines and rows of paragraphs cut off before this one, to a task table.
    let mut start = text[..line.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let mut above = None;
    for _ in 0..REACH {
        if start == 0 {
            break;
        }
        let head = &text[..start - 1];
        start = head.rfind('\n').map_or(0, |i| i + 1);
        if let Some(table) = table_at(start) {
            above = Some(table);
            break;
        }
        let previous = unquoted(&head[start..]);
        if !previous.is_empty() && row_cells(previous).is_none() {
            break;
        }
    }
    let above = above?;
    (cells.abs_diff(above.columns.len()) <= 1).then(|| {
        Diagnostic::warning(
            line,
            "this looks like a row of the task table above, but a blank line ends that table, so markdown \
             shows it and the rows under it as a paragraph and they count for nothing: remove the blank line \
             above it",
        )
    })
}

/// A line as markdown reads it inside a blockquote too: without the `>` and the spaces before
/// it, nor the spaces (a `\r` among them) after it.
fn unquoted(line: &str) -> &str {
    line.trim_start_matches(|c: char| c == '>' || c.is_whitespace()).trim_end()
}

/// The number of cells of `line` read as a table row, or `None` for a line that is no row: one
/// that starts with `|` and holds two cells at least, or one without the leading pipe that holds
/// three (prose may hold a pipe: `grep x | wc -l`). A `\|` is a pipe inside a cell, and pipes
/// in code spans (`` `a | b` ``) separate nothing here.
fn row_cells(line: &str) -> Option<usize> {
    let piped = line.starts_with('|');
    let row = line.strip_prefix('|').unwrap_or(line);
    let row = row.strip_suffix('|').unwrap_or(row);
    let row = row.replace("\\|", "");
    // Outside code spans: every other run between backticks.
    let pipes: usize = row.split('`').step_by(2).map(|outside| outside.matches('|').count()).sum();
    let cells = pipes + 1;
    (cells >= if piped { 2 } else { 3 }).then_some(cells)
}

/// Whether a line is a markdown table's delimiter row (`|---|:---:|`): pipes, dashes, colons and
/// spaces only, with a dash and a pipe.
pub fn is_delimiter_row(line: &str) -> bool {
    line.contains('-')
        && line.contains('|')
        && line.trim().chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Whether `written` is a slip away from `name` (both normalized): one edit, two in a name of ten
/// letters or more (`Coverage` and `Average` are two from `leverage`, and columns of their own).
/// A name under four letters takes none (`PI` is no slip of `AI`), and neither does one with a
/// digit: `GPT-4` and `GPT-4o`, `Opus 3` and `Opus 4` name different things.
fn slip(written: &str, name: &str) -> bool {
    let slips = if name.len() >= 10 { 2 } else { 1 };
    name.len() >= 4
        && !name.bytes().chain(written.bytes()).any(|b| b.is_ascii_digit())
        && written.len().abs_diff(name.len()) <= slips
        && strsim::osa_distance(written, name) <= slips
}

/// The warning for a table that looks like a task table gone wrong (`have`: whether it has a
/// task, a human estimate and an AI time column), so that its rows do not silently count
/// nowhere; `None` for a table that is content of its own.
fn near_miss(
    table: &RawTable,
    columns: &[Column],
    sources: &Sources,
    week: &WorkWeek,
    ai_labels: &[String],
    have: [bool; 3],
) -> Option<Diagnostic> {
    let [task, human, has_ai] = have;
    let has = |kind: ColumnKind| columns.iter().any(|c| c.kind == kind);
    let present = have.iter().filter(|h| **h).count();
    // A task column beside a column of figures (tokens, leverage, supervision) is a task table
    // whose time headers were not recognised, however many of them.
    let figures =
        [ColumnKind::Tokens, ColumnKind::Leverage, ColumnKind::SupervisoryLeverage, ColumnKind::Supervisory]
            .into_iter()
            .any(has);
    if !((present == 2 && (task || human))
        || (task && figures)
        || durations_beside_words(table, columns, sources, week))
    {
        return None;
    }
    // The first header a slip away from a required one (`Tsak`, `Humna Est.`), with the name it
    // is most often meant as: a task table gone wrong, whatever else the table holds. A column
    // of counts (`Tasks | 2`) names no tasks, however near its header.
    let slip = table
        .header
        .iter()
        .zip(columns)
        .enumerate()
        .filter(|(_, (_, c))| c.kind == ColumnKind::Other)
        .find_map(|(index, (cell, column))| {
            let meant = slip_from_required(&column.header, have, ai_labels)?;
            let counts = table.rows.iter().filter_map(|row| row.cells.get(index)).all(|c| {
                let v = c.text_in(sources).trim();
                !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
            });
            if meant == "Task" && counts && !table.rows.is_empty() {
                return None;
            }
            Some((cell.source, format!("; is `{}` meant as `{meant}`?", column.header.trim())))
        });
    if slip.is_none() {
        // A table of workstreams without tasks (`| Workstream | Tasks | Human Est. | ... |`) is a
        // breakdown of the day by workstream.
        if !task && has(ColumnKind::Workstream) {
            return None;
        }
        // Whether some cell of the (first) column of `kind` reads as a duration, in the unit its
        // header gives bare numbers (`Human Est. (h)` over `3`).
        let times = |kind: ColumnKind| {
            let Some(at) = columns.iter().position(|c| c.kind == kind) else { return false };
            table.rows.iter().filter_map(|row| row.cells.get(at)).any(|c| {
                let value = in_column_unit(&columns[at], c.text_in(sources).trim());
                !value.is_empty() && duration::parse(&value, week, table.span).is_ok()
            })
        };
        // Times that no cell writes as a duration (`| Aspect | Human | Claude |` over `slow`,
        // `fast`) make a comparison table.
        if !table.rows.is_empty()
            && (human || has_ai)
            && ![ColumnKind::Human, ColumnKind::Ai].into_iter().any(times)
        {
            return None;
        }
    }
    let missing: Vec<&str> =
        REQUIRED.iter().zip(have).filter(|(_, has)| !has).map(|((_, name), _)| *name).collect();
    let headers: Vec<String> =
        table.header.iter().map(|c| format!("`{}`", c.text_in(sources).trim())).collect();
    // A header a slip away from a missing column's (`Humna Est.`) is most often why.
    let (span, meant) = slip.unwrap_or((table.span, String::new()));
    Some(Diagnostic::warning(
        span,
        format!(
            "this table looks like a task table but has no {}, so it is shown as ordinary content{meant} (its \
             headers: {})",
            missing.join(" and no "),
            headers.join(", ")
        ),
    ))
}

/// Words for a task and for a human in other languages, as a writer may head a task table's
/// columns in theirs: a header starting with one (`Mensch (geschätzt)`) names it.
const OTHER_LANGUAGES: [&str; 57] = [
    "aufgabe",
    "tätigkeit",
    "tâche",
    "tache",
    "tarea",
    "tarefa",
    "compito",
    "attività",
    "taak",
    "zadanie",
    "úkol",
    "задача",
    "задание",
    "görev",
    "tehtävä",
    "uppgift",
    "oppgave",
    "opgave",
    "feladat",
    "sarcină",
    "タスク",
    "作業",
    "任务",
    "任務",
    "작업",
    "مهمة",
    "משימה",
    "कार्य",
    "nhiệm vụ",
    "tugas",
    "mensch",
    "humain",
    "humano",
    "umano",
    "mens",
    "człowiek",
    "člověk",
    "человек",
    "insan",
    "ihminen",
    "människa",
    "menneske",
    "人間",
    "人工",
    "人类",
    "人類",
    "사람",
    "인간",
    "إنسان",
    "بشري",
    "אדם",
    "मानव",
    "con người",
    "manusia",
    "persona",
    "personne",
    "humaine",
];

/// Whether a table holds, beside a column of words, two columns of durations, each cell of them
/// one with its unit, under a header naming a task or a human in another language (`| Aufgabe |
/// Mensch | KI-Zeit |` over `| Suche | 6h | 12min |`): a task table in the writer's language,
/// whose rows would count for nothing without a word in a record that has another task table.
/// A table of English headers (`| Step | Before | After |`) is a table of the writer's, as is one
/// of bare numbers (`| Suite | Failed |` over `0`).
fn durations_beside_words(table: &RawTable, columns: &[Column], sources: &Sources, week: &WorkWeek) -> bool {
    // A whole word of the header's start (`Mensch (geschätzt)`, `Mensch-Zeit`), not a part of
    // one (`Personal best`, `Mensual`).
    let other_language = table.header.iter().any(|cell| {
        let header = cell.text_in(sources).trim().to_lowercase();
        OTHER_LANGUAGES.iter().any(|word| {
            header
                .strip_prefix(word)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '(', '-', ':']))
        })
    });
    if table.rows.is_empty() || !other_language {
        return false;
    }
    let cells = |at: usize| {
        table.rows.iter().filter_map(move |row| row.cells.get(at)).map(|c| c.text_in(sources).trim())
    };
    let is_duration = |at: usize, text: &str| {
        let value = in_column_unit(&columns[at], text);
        !value.is_empty() && duration::parse(&value, week, table.span).is_ok()
    };
    let timed = (0..columns.len())
        .filter(|&at| {
            // Each a duration, one at least with its unit written (`0` alone is a count's too).
            let mut written = cells(at).filter(|text| !text.is_empty()).peekable();
            written.peek().is_some()
                && cells(at).any(|text| text.chars().any(char::is_alphabetic))
                && written.all(|text| is_duration(at, text))
        })
        .count();
    // Words: a cell that is no duration and no number (a count, a factor: `12x`).
    let number =
        |text: &str| text.trim_end_matches(['x', '×']).trim().replace(',', "").parse::<f64>().is_ok();
    let words = (0..columns.len()).any(|at| {
        cells(at).any(|text| text.chars().any(char::is_alphabetic) && !number(text) && !is_duration(at, text))
    });
    timed >= 2 && words
}

/// The header of a required column missing from a table (`have`: task, human estimate, AI
/// time) that `header` is a slip away from (`Humna Est.`, `Tsak`, `Cluade`), as it is best
/// written.
fn slip_from_required(header: &str, have: [bool; 3], ai_labels: &[String]) -> Option<String> {
    let normal = normalize(split_unit(header).0);
    let near = |name: &str| slip(&normal, name);
    let [task, human, ai] = have;
    if !human && HUMAN_HEADERS.iter().any(|h| near(h)) {
        return Some("Human Est.".to_string());
    }
    if !task && near("task") {
        return Some("Task".to_string());
    }
    if !ai {
        return ai_labels.iter().find_map(|label| {
            let normal = normalize(label);
            if near(&format!("{normal} time")) {
                Some(format!("{label} Time"))
            } else {
                near(&normal).then(|| label.clone())
            }
        });
    }
    None
}

/// What a supervisory column holds, as `near_header` says it.
const SUPERVISORY_TIMES: &str = "supervisory times";

/// The optional header that `header` (read as no known column) is a slip or two away from
/// (`Tokns`, `Workstrem`, `Levarage`), and what that column holds: such a column silently counts
/// for nothing, where a slip in a required header makes the table not a task table, which is
/// warned about.
fn near_header(header: &str) -> Option<(&'static str, &'static str)> {
    const HEADERS: [(&str, &str, &str); 11] = [
        ("tokens", "Tokens", "token counts"),
        ("leverage", "Leverage", "stated leverage"),
        ("factor", "Factor", "stated leverage"),
        ("workstream", "Workstream", "workstreams"),
        ("project", "Project", "workstreams"),
        ("weeks", "Weeks", "human-equivalent weeks"),
        ("sup factor", "Sup. Factor", "stated supervisory leverage"),
        ("supervisory", "Supervisory", SUPERVISORY_TIMES),
        ("supervision", "Supervision", SUPERVISORY_TIMES),
        ("supervisory time", "Supervisory Time", SUPERVISORY_TIMES),
        ("supervisory factor", "Supervisory Factor", "stated supervisory leverage"),
    ];
    let normal = normalize(header);
    HEADERS.iter().find_map(|&(known, shown, holds)| slip(&normal, known).then_some((shown, holds)))
}

/// Whether a two-column header is an "Aggregate Stats" table's: `Metric | Value` as the sample
/// writes it, or a writer's other words for the two (`Stat | Value`, `Metric | Today`).
pub fn is_aggregate_header(headers: &[String]) -> bool {
    // Only words that name a table of statistics: `Measure | Result` may be any two columns.
    let [name, value] = headers else { return false };
    matches!(name.as_str(), "metric" | "metrics" | "stat" | "stats" | "statistic" | "statistics")
        && matches!(value.as_str(), "value" | "today")
}

/// Whether a task cell names a totals row: `Total`, `Totals`, `Subtotal`, `Sum`, `Grand total`,
/// `Daily total`, `Total for the day`, in any case, emphasis already removed, with or without a
/// colon, point or dash after it, or a note in brackets (`Total (2 tasks)`).
pub fn is_totals_label(text: &str) -> bool {
    totals_label(text).is_some()
}

/// Whether a totals row's label names the day's total (`Grand total`, `Daily total`, `Total for
/// the day`), rather than its table's (`Total`, `Subtotal`).
pub fn is_day_total_label(text: &str) -> bool {
    totals_label(text).is_some_and(|(_, day)| day)
}

/// The label of `TOTALS_LABELS` a task cell names a totals row by, and whether it names the
/// day's total (`is_totals_label`).
fn totals_label(text: &str) -> Option<(&'static str, bool)> {
    let mut label = text.trim();
    if label.ends_with(')')
        && let Some(open) = label.rfind('(')
    {
        label = &label[..open];
    }
    let label =
        label.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '—' | '='));
    // Every row's task is asked (a total may stand above a late row): a task's name, longer than
    // any of these, is told at once, and none is lowercased into a new string.
    if label.len() > 20 {
        return None;
    }
    TOTALS_LABELS.iter().copied().find(|(name, _)| same_label(label, name))
}

/// What writers name a totals row, lowercase (`is_totals_label`), and whether the name is the
/// day's total (`Grand total`) rather than its table's (`Total`).
const TOTALS_LABELS: [(&str, bool); 16] = [
    ("total", false),
    ("totals", false),
    ("subtotal", false),
    ("sub-total", false),
    ("sum", false),
    ("grand total", true),
    ("grand totals", true),
    ("daily total", true),
    ("daily totals", true),
    ("day total", true),
    ("day totals", true),
    ("day's total", true),
    ("today's total", true),
    ("total today", true),
    ("total for the day", true),
    ("total for today", true),
];

/// Whether `label` is `name` in any case of ASCII, a typographic apostrophe read as `'`.
fn same_label(label: &str, name: &str) -> bool {
    let mut name = name.bytes();
    label.chars().all(|c| {
        let c = if c == '’' { '\'' } else { c };
        c.is_ascii() && name.next() == Some(c.to_ascii_lowercase() as u8)
    }) && name.next().is_none()
}

/// The figures of a totals row, each read as the aggregate metric its column sums, and a
/// warning for each one that cannot be read (an empty cell or an unknown marker is no figure).
fn totals_row(
    row: &RawRow,
    header: &[RawCell],
    columns: &[Column],
    sources: &Sources,
    week: &WorkWeek,
) -> (TotalsRow, Vec<Diagnostic>) {
    use crate::aggregate_table::{self as agg, MetricKind};
    let mut metrics = Vec::new();
    let mut problems = Vec::new();
    for ((column, cell), head) in columns.iter().zip(&row.cells).zip(header) {
        let kind = match column.kind {
            ColumnKind::Human => MetricKind::HumanHours,
            ColumnKind::Ai => MetricKind::AiMinutes,
            ColumnKind::Supervisory => MetricKind::SupervisoryMinutes,
            ColumnKind::Tokens => MetricKind::Tokens,
            ColumnKind::Leverage => MetricKind::WeightedLeverage,
            ColumnKind::SupervisoryLeverage => MetricKind::WeightedSupervisoryLeverage,
            ColumnKind::Weeks => MetricKind::HumanWeeks,
            _ => continue,
        };
        let text = in_column_unit(column, cell.text_in(sources));
        let text = text.as_ref();
        if text.is_empty() || crate::tokens::is_unknown(text) {
            continue;
        }
        let metric = agg::stated_metric(
            Some(kind),
            Cell { value: column.header.clone(), span: head.source },
            Cell { value: sources.slice(cell.source).to_string(), span: cell.source },
            text,
            week,
        );
        if metric.figure.is_none() {
            problems.push(Diagnostic::warning(
                cell.source,
                format!(
                    "cannot read `{}` as the total of `{}`: not checked; expected a figure like `{}`",
                    clip(text),
                    clip(&column.header),
                    agg::example(kind)
                ),
            ));
        }
        metrics.push(metric);
    }
    (TotalsRow { row: row.span, metrics, day: false }, problems)
}

/// What a column of figures is called in errors; `None` for the columns of text or row numbers.
fn figure_name(kind: ColumnKind) -> Option<&'static str> {
    match kind {
        ColumnKind::Human => Some("human estimate"),
        ColumnKind::Ai => Some("AI time"),
        ColumnKind::Supervisory => Some("supervisory time"),
        ColumnKind::Tokens => Some("tokens"),
        ColumnKind::Leverage => Some("leverage"),
        ColumnKind::SupervisoryLeverage => Some("supervisory leverage"),
        ColumnKind::Weeks => Some("weeks"),
        ColumnKind::Number | ColumnKind::Task | ColumnKind::Workstream | ColumnKind::Other => None,
    }
}

/// How a table reads.
#[derive(Debug)]
pub enum TableRead {
    /// A task table, with the problems of its rows.
    Tasks(TaskTable, Vec<Diagnostic>),
    /// An "Aggregate Stats" table (`Metric | Value`), or one with more columns after those two
    /// (`Metric | Value | Notes`), which is checked and kept as written (`as_written`).
    Aggregates { as_written: bool },
    /// Not a task table (ordinary content), perhaps with a warning that it nearly was one.
    Content(Option<Diagnostic>),
    /// A table that cannot be read (two columns of one figure, such as two AI time columns).
    Broken(Diagnostic),
}

/// Reads one table of a record.
pub fn read(table: &RawTable, sources: &Sources, week: &WorkWeek, ai_labels: &[String]) -> TableRead {
    let mut columns = Vec::with_capacity(table.header.len());
    let mut ai: Option<(usize, String)> = None;
    // The first column of each kind, by header index, and the first repeat of a figure's column:
    // in a task table, which of two columns counts would be a guess.
    let mut firsts: Vec<(ColumnKind, usize)> = Vec::with_capacity(table.header.len());
    let mut repeated: Option<ContentError> = None;
    // Warnings for a header's parenthesis that looks like a unit and is none leverage reads:
    // given only if the table is a task table.
    let mut unknown_units: Vec<Diagnostic> = Vec::new();
    for (i, cell) in table.header.iter().enumerate() {
        let header = cell.text_in(sources);
        let (mut kind, label) = classify(header, ai_labels);
        if let Some(&(_, first)) = firsts.iter().find(|(k, _)| *k == kind) {
            match figure_name(kind) {
                Some(what) => {
                    repeated.get_or_insert_with(|| ContentError::TwoColumns {
                        what,
                        first: table.header[first].text_in(sources).to_string(),
                        second: header.to_string(),
                        span: cell.source,
                    });
                }
                // A second text column (`Task | Description`) is shown as written.
                None if matches!(kind, ColumnKind::Task | ColumnKind::Workstream) => kind = ColumnKind::Other,
                None => {}
            }
        } else {
            firsts.push((kind, i));
            if kind == ColumnKind::Ai {
                ai = Some((i, label.unwrap_or_default()));
            }
        }
        let unit = column_unit(header, kind).unwrap_or_else(|unit| {
            unknown_units.push(Diagnostic::warning(
                cell.source,
                format!(
                    "`{}`: {unit} are no unit of a duration here, so this column's bare numbers are not read in \
                     them; expected `(h)`, `(min)`, `(d)` or `(w)`, or a unit in each cell (`0.5min`)",
                    header.trim()
                ),
            ));
            None
        });
        columns.push(Column { kind, header: header.to_string(), source: cell.source, unit });
    }
    let has = |kind: ColumnKind| columns.iter().any(|c| c.kind == kind);
    let headers: Vec<String> = table.header.iter().map(|c| normalize(c.text_in(sources))).collect();
    if is_aggregate_header(&headers) {
        return TableRead::Aggregates { as_written: false };
    }
    if headers.len() > 2 && is_aggregate_header(&headers[..2]) {
        return TableRead::Aggregates { as_written: true };
    }
    let (task, human) = (has(ColumnKind::Task), has(ColumnKind::Human));
    let has_ai = ai.is_some();
    if let Some(error) = repeated.filter(|_| task && human && has_ai) {
        return TableRead::Broken(Diagnostic::error(error));
    }
    let Some((ai_index, ai_label)) = ai.filter(|_| task && human) else {
        return TableRead::Content(near_miss(
            table,
            &columns,
            sources,
            week,
            ai_labels,
            [task, human, has_ai],
        ));
    };
    let mut diagnostics: Vec<Diagnostic> = table
        .header
        .iter()
        .zip(&columns)
        .enumerate()
        .filter(|(_, (_, column))| column.kind == ColumnKind::Other)
        .filter_map(|(index, (cell, column))| {
            let (meant, holds) = near_header(&column.header)?;
            // `Supervisor` is one slip from `Supervisory`, and most often a column of names: a
            // time in one of its cells says which.
            let times = || {
                table.rows.iter().filter_map(|row| row.cells.get(index)).any(|cell| {
                    let text = cell.text_in(sources);
                    !text.trim().is_empty() && duration::value(text, week).is_some()
                })
            };
            if holds == SUPERVISORY_TIMES && !times() {
                return None;
            }
            Some(Diagnostic::warning(
                cell.source,
                format!(
                    "column `{}` counts in no figure and is shown as written; expected `{meant}` if it holds {holds}",
                    column.header
                ),
            ))
        })
        .collect();
    diagnostics.extend(unknown_units);
    // `Cluade Time` names an agent of its own, on every page that shows the label. (A label as
    // listed, the common case, is told without a normalized copy of each.)
    if !ai_labels.iter().any(|l| l.eq_ignore_ascii_case(ai_label.trim())) {
        let normal = normalize(&ai_label);
        let known: Vec<String> = ai_labels.iter().map(|l| normalize(l)).collect();
        // A plural is another agent's name as often as a slip (`Agents` beside `Agent`).
        let plural =
            |k: &str| normal.strip_suffix('s') == Some(k) || k.strip_suffix('s') == Some(normal.as_str());
        let near = known.iter().zip(ai_labels).find(|(k, _)| **k != normal && !plural(k) && slip(&normal, k));
        if let Some((_, meant)) = near.filter(|_| !known.contains(&normal)) {
            diagnostics.push(Diagnostic::warning(
                table.header[ai_index].source,
                format!(
                    "`{ai_label}` names an agent of its own, one slip from `{meant}`; expected `{meant}` if it is that one"
                ),
            ));
        }
    }
    if table.rows.is_empty() {
        diagnostics.push(Diagnostic::warning(
            table.span,
            "task table has a header and no rows: it adds no tasks to the record",
        ));
    }
    // Sized for every row up front: collecting a filtered iterator grows by doubling, and the
    // unused room was a fifth of a large site's memory.
    // A last row named like a total (`| **Total** | 204h | ... |`) sums the rows above it: it is
    // no task, and its figures are checked as aggregate stats are (`audit::totals_rows`).
    let task_column = columns.iter().position(|c| c.kind == ColumnKind::Task);
    // The label may stand in the `#` column, the task's cell left empty (`| **Total** | | 6h |`).
    let number_column = columns.iter().position(|c| c.kind == ColumnKind::Number);
    let labelled = |row: &RawRow, column: Option<usize>| {
        column.and_then(|i| row.cells.get(i)).is_some_and(|c| is_totals_label(c.text_in(sources)))
    };
    // An Aggregate Stats table written right below, with no blank line between: its header
    // (`| Metric | Value |`) and `|---|` row are said once, and its rows are none of this table's
    // (each was an error of figures that do not read, `found `Value``, `found `2``).
    let is_delimiter = |row: &RawRow| {
        row.cells.iter().any(|c| !c.missing)
            && row.cells.iter().filter(|c| !c.missing).all(|c| {
                let text = c.text_in(sources).trim();
                let dashes = text.trim_start_matches(':').trim_end_matches(':');
                !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
            })
    };
    // The `|---|` row first: it is rare, and naming a row's first cells costs a copy of each.
    let glued = table.rows.windows(2).position(|pair| {
        is_delimiter(&pair[1]) && {
            let names: Vec<String> =
                pair[0].cells.iter().take(2).map(|c| normalize(c.text_in(sources))).collect();
            is_aggregate_header(&names)
        }
    });
    let own_rows = match glued {
        Some(at) => {
            diagnostics.push(Diagnostic::error(ContentError::Other {
                message: "this row and the `|---|` row below it are the header of an Aggregate Stats table, \
                          read as rows of the task table above because no blank line comes between them; \
                          expected a blank line before it"
                    .to_string(),
                span: table.rows[at].span,
            }));
            &table.rows[..at]
        }
        None => &table.rows[..],
    };
    let (rows, totals) = match own_rows.split_last() {
        Some((last, above))
            if !above.is_empty()
                && (labelled(last, task_column)
                    || (labelled(last, number_column)
                        && task_column
                            .and_then(|i| last.cells.get(i))
                            .is_some_and(|c| c.text_in(sources).is_empty()))) =>
        {
            let (mut totals, problems) = totals_row(last, &table.header, &columns, sources, week);
            // The label is the task cell's, or the `#` cell's when the task cell is empty.
            let label = [task_column, number_column]
                .into_iter()
                .flatten()
                .filter_map(|i| last.cells.get(i).map(|c| c.text_in(sources)))
                .find(|text| !text.is_empty());
            totals.day = label.is_some_and(is_day_total_label);
            diagnostics.extend(problems);
            (above, Some(totals))
        }
        _ => (own_rows, None),
    };
    let mut tasks = Vec::with_capacity(rows.len());
    // A table written right below another, with no blank line between, is read as more rows of
    // it: its `|---|` row, and the header above that, are said once, not as figures that do not
    // read (`found `Human Est.``, `found `---``).
    let delimiter = is_delimiter;
    // A row that names a task table's three columns, as a header does.
    let header_like = |row: &crate::markdown::RawRow| {
        let kinds: Vec<ColumnKind> =
            row.cells.iter().map(|c| classify(c.text_in(sources), ai_labels).0).collect();
        [ColumnKind::Task, ColumnKind::Human, ColumnKind::Ai].iter().all(|k| kinds.contains(k))
    };
    let mut second_header = None;
    for (i, row) in rows.iter().enumerate() {
        if rows.get(i + 1).is_some_and(&delimiter) && header_like(row) {
            second_header = Some(i);
            diagnostics.push(Diagnostic::error(ContentError::Other {
                message: "this row and the `|---|` row below it are the header of a second table, read as rows of \
                          this one because no blank line comes between them; expected a blank line before the \
                          second table"
                    .to_string(),
                span: row.span,
            }));
            continue;
        }
        if delimiter(row) && second_header == Some(i.wrapping_sub(1)) {
            continue;
        }
        // A total above other rows (a late task added under it, or a subtotal of the morning):
        // no task either, though only the last row's figures can be checked.
        if labelled(row, task_column) {
            let name = task_column.and_then(|i| row.cells.get(i)).map_or("", |c| c.text_in(sources).trim());
            let name = clip(name);
            diagnostics.push(Diagnostic::warning(
                row.span,
                format!(
                    "`{name}` names a total but rows follow it: left out of the tasks, and its figures are not \
                     checked; a totals row is checked as the table's last row"
                ),
            ));
            continue;
        }
        // A row with nothing in it is left out; one with only its task and no figure at all is
        // most often a section's name (`| **Afternoon** | | |`): said once, not cell by cell.
        // One pass over the cells (cell text is trimmed when read): whether any holds text, and
        // whether any of the figures' columns does.
        let (mut any, mut figure) = (false, false);
        for (column, cell) in columns.iter().zip(&row.cells) {
            if !cell.text_in(sources).is_empty() {
                any = true;
                figure |= matches!(
                    column.kind,
                    ColumnKind::Human | ColumnKind::Ai | ColumnKind::Supervisory | ColumnKind::Tokens
                );
            }
        }
        if !any {
            diagnostics.push(Diagnostic::warning(row.span, "an empty row, left out"));
            continue;
        }
        if let Some(i) = task_column
            && !figure
            && row.cells.get(i).is_some_and(|c| !c.text_in(sources).is_empty())
        {
            let name = clip(row.cells.get(i).map_or("", |c| c.text_in(sources).trim()));
            // A line of prose right below the table, with no `|`: GFM reads it as one more row.
            let message = if !sources.slice(row.span).contains('|') {
                format!(
                    "this line (`{name}`) is read as a row of the table above, as no blank line comes between \
                     them, and it has no figures: expected a blank line before it, if it is prose"
                )
            } else {
                format!(
                    "this row has a task (`{name}`) and no figures: a task needs a human estimate and an AI \
                     time; if it names a part of the day, give that part a heading and a table of its own"
                )
            };
            diagnostics.push(Diagnostic::error(ContentError::Other { message, span: row.span }));
            continue;
        }
        let mut split = false;
        let mut row_errors: Vec<Diagnostic> = Vec::new();
        match read_row(&row.cells, row.span, &columns, sources, week, &mut diagnostics) {
            Ok(task) => tasks.push(task),
            Err(errors) => {
                // A cell left out in the middle shows as wrong values in the cells after it:
                // the cause is said first, at the row (a cell missing at the end says so itself).
                let given = row.cells.iter().filter(|c| !c.missing).count();
                // A value of the wrong kind (`24x` under Tokens) is what a shift shows; a zero AI
                // time or a missing cell is not.
                let shifted = errors.iter().any(|e| {
                    matches!(
                        e,
                        ContentError::BadDuration { .. }
                            | ContentError::BadTokens { .. }
                            | ContentError::BadFactor { .. }
                            | ContentError::BadWeeks { .. }
                    )
                });
                split = shifted;
                if given < columns.len() && shifted {
                    diagnostics.push(Diagnostic::warning(
                        row.span,
                        format!(
                            "this row has {given} of the header's {} cells: if one was left out before its end, every \
                             cell after it has moved one column to the left",
                            columns.len()
                        ),
                    ));
                }
                // The last row with no task and every figure: a totals row left unnamed
                // (`|  | 6h | 15min |`), said so.
                let unnamed_totals = i + 1 == rows.len()
                    && tasks.len() >= 2
                    && matches!(&errors[..], [ContentError::MissingCell { column, .. }]
                        if columns.iter().any(|c| c.kind == ColumnKind::Task && c.header == *column));
                row_errors = errors
                    .into_iter()
                    .map(|e| match e {
                        ContentError::MissingCell { column, span } if unnamed_totals => {
                            Diagnostic::error(ContentError::Other {
                                message: format!(
                                    "missing cell: expected a value in the `{column}` column; if this row is the \
                                     table's totals, write `Total` in it, and it is checked instead of counted"
                                ),
                                span,
                            })
                        }
                        e => Diagnostic::error(markup_read_as_text(e, sources)),
                    })
                    .collect();
            }
        }
        let shift = split.then_some((columns.as_slice(), week));
        match dropped_cells(row.span, &row.cells, columns.len(), sources, shift) {
            // A `|` that split a task's text moved every figure after it: the figures that did
            // not read are that one slip, said once, as the error that leaves the row out.
            Some((mut split_at, true)) if !row_errors.is_empty() => {
                split_at.severity = crate::Severity::Error;
                diagnostics.push(split_at);
            }
            dropped => {
                diagnostics.extend(row_errors);
                diagnostics.extend(dropped.map(|(diagnostic, _)| diagnostic));
            }
        }
    }
    if totals.is_none() {
        diagnostics.extend(unnamed_total(&tasks, rows.last().map(|row| row.span), sources));
    }
    TableRead::Tasks(TaskTable { span: table.span, ai_label, columns, tasks, totals }, diagnostics)
}

/// A warning at a last row of a short name (three words at most) whose figures are each the sum
/// of the rows above it, two or more (the human estimate and the AI time, and the supervising
/// time and tokens where it gives them): a totals row under a name no totals row has (`Totl`,
/// `Overall`, `Σ`), which is counted as one more task and doubles the day's figures. A task's
/// name is most often longer, and all its figures the sums of others' only by chance. `last`:
/// the table's last row, which must be the last task's (a row that did not read is no task).
fn unnamed_total(tasks: &[Task], last_row: Option<Span>, sources: &Sources) -> Option<Diagnostic> {
    let (last, above) = tasks.split_last()?;
    if above.len() < 2
        || Some(last.row) != last_row
        || sources.slice(last.text.span).split_whitespace().count() > 3
    {
        return None;
    }
    let sum =
        |figure: fn(&Task) -> math::Minutes| above.iter().map(figure).fold(math::Minutes::ZERO, |a, b| a + b);
    let (human, ai) = (sum(|t| t.figures.human()), sum(|t| t.figures.ai()));
    let supervised = last.figures.supervisory().is_none_or(|sup| {
        above.iter().try_fold(math::Minutes::ZERO, |total, t| t.figures.supervisory().map(|s| total + s))
            == Some(sup)
    });
    let tokens = last.figures.tokens().is_none_or(|tokens| {
        above.iter().try_fold(0u64, |total, t| total.checked_add(t.figures.tokens()?.count))
            == Some(tokens.count)
    });
    (last.figures.human() == human && last.figures.ai() == ai && supervised && tokens).then(|| {
        let name = clip(sources.slice(last.text.span).trim());
        Diagnostic::warning(
            last.text.span,
            format!(
                "`{name}` has the sum of the rows above ({} human, {} AI), as a totals row has: counted as a \
                 task, it doubles the day's figures; if it is the day's totals, name it `Total`, and it is \
                 checked instead of counted",
                math::display::duration(human),
                math::display::duration(ai)
            ),
        )
    })
}

/// A figure that did not read from a cell holding HTML (`1h <sup>1</sup>`, read as `1h 1`) is
/// said as written, with a word on the markup rather than a hint built on the text it left
/// (`1h 1min`).
fn markup_read_as_text(error: ContentError, sources: &Sources) -> ContentError {
    let written = |span: Span| {
        let text = sources.slice(span);
        let tag = text
            .match_indices('<')
            .any(|(at, _)| text[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/'));
        tag.then(|| {
            let hint = "HTML in a figure's cell is read as its text: write the figure alone, and a note \
                        in the prose below the table";
            (text.to_string(), Some(hint.to_string()))
        })
    };
    // (No `if let` guards: they need Rust 1.95, and the workspace says 1.91.)
    let span = match &error {
        ContentError::BadDuration { span, .. }
        | ContentError::BadTokens { span, .. }
        | ContentError::BadFactor { span, .. } => *span,
        _ => return error,
    };
    let Some((found, hint)) = written(span) else { return error };
    match error {
        ContentError::BadDuration { .. } => ContentError::BadDuration { found, hint, span },
        ContentError::BadTokens { .. } => ContentError::BadTokens { found, hint, span },
        ContentError::BadFactor { .. } => ContentError::BadFactor { found, hint, span },
        other => other,
    }
}

/// The cells of a table row's line (without its line break), as pulldown-cmark splits them: at
/// each `|` not right after a backslash (one in a code span too), the row's opening and closing
/// pipes making no cells; each cell's range holds its spaces.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RowCells {
    pub(crate) cells: Vec<std::ops::Range<usize>>,
    /// The row opens with a `|` (after its indent).
    pub(crate) leading: bool,
    /// The row closes with a `|` (before trailing spaces).
    pub(crate) trailing: bool,
    /// A `|` inside a code span (between two backticks) split a cell.
    pub(crate) split_code: bool,
}

/// `RowCells` of `line`.
pub(crate) fn row_cells_of(line: &str) -> RowCells {
    let bytes = line.as_bytes();
    let mut cells = Vec::new();
    let mut start = 0;
    let (mut in_code, mut split_code) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            // A `|` right after a backslash is the cell's, however many come before it (`\\|`
            // too): pulldown-cmark looks at the one byte before, as GFM's own parser does.
            b'|' if i > 0 && bytes[i - 1] == b'\\' => {}
            b'|' => {
                split_code |= in_code;
                cells.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    cells.push(start..bytes.len());
    let blank = |r: &std::ops::Range<usize>| line[r.clone()].trim().is_empty();
    let leading = line.trim_start().starts_with('|') && cells.first().is_some_and(blank);
    if leading {
        cells.remove(0);
    }
    let trailing = !cells.is_empty() && line.trim_end().ends_with('|') && cells.last().is_some_and(blank);
    if trailing && cells.len() > 1 {
        cells.pop();
    }
    RowCells { cells, leading, trailing, split_code }
}

/// A warning at the cells of a row beyond the header's width, which GFM drops: what is written
/// there is never shown. Cells are split at each `|` not escaped by a backslash, as GFM splits
/// them (a `|` in a code span splits too).
/// `shifted`: the row's cells hold values of the wrong kind (with its columns, and the week
/// durations are read in): when a `|` in a text cell's text split it (`Fix a|b`), moving every
/// cell after it one column to the right, so that the row reads with that cell whole, that is
/// said instead, at that cell.
fn dropped_cells(
    row: Span,
    cells: &[RawCell],
    width: usize,
    sources: &Sources,
    shifted: Option<(&[Column], &WorkWeek)>,
) -> Option<(Diagnostic, bool)> {
    // Every row but a rare one ends with its last cell and at most a closing pipe: only the
    // text after that cell is looked at.
    let last = cells.last().filter(|cell| !cell.missing)?;
    let (from, to) = (last.source.end as usize, row.end as usize);
    let after = sources.slice(Span::new(row.file, from..to.max(from))).trim();
    if after.is_empty() || after == "|" {
        return None;
    }
    let line = sources.slice(row).trim_end_matches(['\n', '\r']);
    if line.contains('\n') {
        return None;
    }
    let RowCells { cells: bounds, split_code, .. } = row_cells_of(line);
    let blank = |r: &std::ops::Range<usize>| line[r.clone()].trim().is_empty();
    // Empty cells past the end (`| A | 1h | 5min | |`) lose nothing.
    let extra = bounds.get(width..).filter(|extra| !extra.iter().all(blank))?;
    let (first, last) = (extra.first()?.start, extra.last()?.end);
    let text = line[first..last].trim();
    if let Some(whole) = shifted.and_then(|(columns, week)| split_cell(line, &bounds, columns, week)) {
        let cell = &line[whole.clone()];
        let text = cell.trim();
        let start = row.start as usize + whole.start + (cell.len() - cell.trim_start().len());
        return Some((
            Diagnostic::warning(
                Span::new(row.file, start..start + text.len()),
                format!(
                    "this row has {} cells and the header {width}: the `|` in `{}` splits that cell, and every \
                     cell after it moves one column to the right; write `\\|` for a `|` that is text{}",
                    bounds.len(),
                    clip(text),
                    if split_code { " (one inside a code span splits it too)" } else { "" }
                ),
            ),
            true,
        ));
    }
    let lead = line[first..last].len() - line[first..last].trim_start().len();
    let start = row.start as usize + first + lead;
    Some((
        Diagnostic::warning(
            Span::new(row.file, start..start + text.len()),
            format!(
                "this row has {} cells and the header {width}: `{}`, past the last column, is dropped; \
                 expected a column for it in the header, or no cell{}",
                bounds.len(),
                clip(text),
                if split_code { " (a `|` inside a code span splits the cell too: write `\\|`)" } else { "" }
            ),
        ),
        false,
    ))
}

/// The text cell of a row one cell too long that a `|` split (as `bounds` of `line`, the two
/// halves together), when the row reads with it whole: every figure cell then holds its
/// column's kind of figure.
fn split_cell(
    line: &str,
    bounds: &[std::ops::Range<usize>],
    columns: &[Column],
    week: &WorkWeek,
) -> Option<std::ops::Range<usize>> {
    if bounds.len() != columns.len() + 1 {
        return None;
    }
    // As `read_row` reads a cell, in the column's unit (`Human Est. (h)` over a bare `2`).
    let fits = |column: &Column, text: &str| {
        let text = in_column_unit(column, text.trim());
        let text = text.as_ref();
        match column.kind {
            ColumnKind::Human | ColumnKind::Ai => duration::value(text, week).is_some(),
            ColumnKind::Supervisory => tokens::is_unknown(text) || duration::value(text, week).is_some(),
            ColumnKind::Tokens => tokens::is_unknown(text) || tokens::count(text).is_some(),
            ColumnKind::Leverage | ColumnKind::SupervisoryLeverage => factor::parse(text).is_some(),
            ColumnKind::Weeks => factor::weeks(text).is_some(),
            ColumnKind::Number | ColumnKind::Task | ColumnKind::Workstream | ColumnKind::Other => true,
        }
    };
    let text_column =
        |kind: ColumnKind| matches!(kind, ColumnKind::Task | ColumnKind::Workstream | ColumnKind::Other);
    (0..columns.len()).filter(|&k| text_column(columns[k].kind)).find_map(|k| {
        let whole = bounds[k].start..bounds[k + 1].end;
        let mut cells =
            bounds[..k].iter().cloned().chain([whole.clone()]).chain(bounds[k + 2..].iter().cloned());
        columns.iter().all(|c| cells.next().is_some_and(|r| fits(c, &line[r]))).then_some(whole)
    })
}

/// Reads one row; returns every problem of the row, not just the first.
/// An empty span just past a row's last character, before its line ending (LF or CRLF) if it
/// has one: where a missing cell is reported.
fn end_of_row(row: Span, sources: &Sources) -> Span {
    let shown = sources.slice(row).trim_end_matches(['\n', '\r']).len();
    let end = row.start.saturating_add(u32::try_from(shown).unwrap_or(u32::MAX)).min(row.end);
    Span { start: end, end, ..row }
}

/// Whether a cell as written strikes its text out (`~~2h~~`, `<del>2h</del>`): markdown shows
/// the figure crossed out, and its plain text would read as if it were not.
fn struck(cell: &str) -> bool {
    // Asked of every figure, most of a few bytes and holding neither `~` nor `<`: one pass over
    // the bytes settles those.
    if !cell.bytes().any(|b| matches!(b, b'~' | b'<')) {
        return false;
    }
    cell.contains("~~")
        || (cell.contains('<') && {
            let lower = cell.to_ascii_lowercase();
            ["<del>", "<s>", "<strike>"].iter().any(|tag| lower.contains(tag))
        })
}

/// The warning for a figure written with a dot before three digits, the last a zero (`1.500`,
/// `2.400min`, `1.200k`), which reads as a decimal point where German, Dutch, Italian and others
/// write it between thousands: `1.500` is 1.5, or 1,500 to its writer. None for any other figure:
/// one that starts `0.` (no thousands), and `1.333h` or `12.345k`, which a decimal writes as
/// they are (the warning could not be answered).
fn thousands_dot(text: &str) -> Option<String> {
    let (about, text) = text.strip_prefix('~').map_or(("", text), |rest| ("~", rest));
    let (whole, rest) = text.split_once('.')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (fraction, unit) = rest.split_at(digits);
    let unit_ok = unit.trim_start().bytes().all(|b| b.is_ascii_alphabetic());
    if !(1..=3).contains(&whole.len())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || whole.starts_with('0')
        || digits != 3
        || !fraction.ends_with('0')
        || !unit_ok
    {
        return None;
    }
    let decimal = fraction.trim_end_matches('0');
    let as_read = if decimal.is_empty() { whole.to_string() } else { format!("{whole}.{decimal}") };
    Some(format!(
        "`{about}{text}` is read with a decimal point, as {as_read}{unit}: if its dot separates thousands, write \
         `{about}{whole}{fraction}{unit}`; if not, `{about}{as_read}{unit}`"
    ))
}

/// A figure whose dot may separate thousands (`1.500` under `Tokens (k)`), read as a decimal
/// point, is said in `warnings`, with both ways to write it (`thousands_dot`).
fn read_row(
    cells: &[RawCell],
    row: Span,
    columns: &[Column],
    sources: &Sources,
    week: &WorkWeek,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Task, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut text = None;
    let mut plain_text = None;
    let mut workstream = None;
    let (mut human, mut ai, mut supervisory, mut tokens_cell) = (None, None, None, None);
    let (mut stated, mut stated_sup, mut stated_weeks) = (None, None, None);
    // Exactly as many as there are such columns: a vector grown by a push keeps room for four,
    // which for the `#` column of 150,000 tasks was 20 MB of nothing.
    let kept = columns.iter().filter(|c| matches!(c.kind, ColumnKind::Number | ColumnKind::Other)).count();
    let mut written = Vec::with_capacity(kept);
    for (index, (column, cell)) in columns.iter().zip(cells).enumerate() {
        let span = cell.source;
        let value = in_column_unit(column, cell.text_in(sources));
        let value = value.as_ref();
        let figure = matches!(
            column.kind,
            ColumnKind::Human | ColumnKind::Ai | ColumnKind::Supervisory | ColumnKind::Tokens
        );
        if figure
            && value.contains('.')
            && let Some(message) = thousands_dot(cell.text_in(sources).trim())
        {
            warnings.push(Diagnostic::warning(span, message));
        }
        if matches!(column.kind, ColumnKind::Number | ColumnKind::Other) {
            written.push((index, Cell { value: Box::from(sources.slice(span)), span }));
        }
        let missing = || ContentError::MissingCell {
            column: column.header.clone(),
            span: if cell.missing { end_of_row(row, sources) } else { span },
        };
        if matches!(
            column.kind,
            ColumnKind::Human | ColumnKind::Ai | ColumnKind::Supervisory | ColumnKind::Tokens
        ) && struck(sources.slice(span))
        {
            errors.push(ContentError::Other {
                message: format!(
                    "expected a figure, found the struck-out `{}`: say whether it counts by writing it plainly, or \
                     leave the row out",
                    clip(sources.slice(span).trim())
                ),
                span,
            });
            continue;
        }
        match column.kind {
            ColumnKind::Task => {
                if value.is_empty() {
                    errors.push(missing());
                }
                let source = sources.slice(span);
                plain_text = (value != source).then(|| Box::from(value));
                text = Some(Cell { value: Box::from(source), span });
            }
            ColumnKind::Human | ColumnKind::Ai => {
                if value.is_empty() {
                    errors.push(missing());
                    continue;
                }
                match duration::parse(value, week, span) {
                    Ok(m) if column.kind == ColumnKind::Ai && m.is_zero() => {
                        errors.push(ContentError::ZeroAiTime { found: value.to_string(), span });
                    }
                    Ok(m) if column.kind == ColumnKind::Ai => ai = Some(Cell { value: m, span }),
                    Ok(m) => human = Some(Cell { value: m, span }),
                    Err(e) if column.kind == ColumnKind::Ai => {
                        errors.push(duration::above_zero(e, duration::AI_TIME))
                    }
                    Err(e) => errors.push(e),
                }
            }
            ColumnKind::Supervisory => {
                if tokens::is_unknown(value) {
                    continue;
                }
                match duration::parse(value, week, span) {
                    Ok(m) if m.is_zero() => {
                        errors.push(ContentError::ZeroSupervisoryTime { found: value.to_string(), span });
                    }
                    Ok(m) => supervisory = Some(Cell { value: m, span }),
                    Err(e) => errors.push(duration::above_zero(e, duration::SUPERVISORY_TIME)),
                }
            }
            ColumnKind::Tokens => match tokens::parse(value, span) {
                Ok(t) => tokens_cell = t.map(|value| Cell { value, span }),
                Err(e) => errors.push(e),
            },
            ColumnKind::Leverage | ColumnKind::SupervisoryLeverage | ColumnKind::Weeks => {
                let target = match column.kind {
                    ColumnKind::Leverage => &mut stated,
                    ColumnKind::SupervisoryLeverage => &mut stated_sup,
                    _ => &mut stated_weeks,
                };
                let parsed = if column.kind == ColumnKind::Weeks {
                    factor::weeks(value)
                } else {
                    factor::parse(value)
                };
                match parsed {
                    Some(v) => *target = v.map(|value| Cell { value, span }),
                    None if column.kind == ColumnKind::Weeks => {
                        errors.push(ContentError::BadWeeks { found: value.to_string(), span });
                    }
                    None => errors.push(ContentError::BadFactor {
                        found: value.to_string(),
                        hint: factor::hint(value),
                        span,
                    }),
                }
            }
            ColumnKind::Workstream => {
                // `-`, `—`, `?` and `n/a` say "none" here as in every other column.
                if !tokens::is_unknown(value) {
                    workstream = Some(Cell { value: Box::from(value), span });
                }
            }
            ColumnKind::Number | ColumnKind::Other => {}
        }
    }
    let (Some(text), Some(human), Some(ai)) = (text, human, ai) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let figures = TaskFigures::new(
        human.value,
        ai.value,
        supervisory.as_ref().map(|c: &Cell<math::Minutes>| c.value),
        tokens_cell.as_ref().map(|c: &Cell<math::Tokens>| c.value),
    )
    .map_err(|e| {
        vec![match e {
            FigureError::ZeroAiTime => {
                ContentError::ZeroAiTime { found: sources.slice(ai.span).to_string(), span: ai.span }
            }
            FigureError::ZeroSupervisoryTime => {
                ContentError::ZeroSupervisoryTime { found: String::new(), span: row }
            }
            // Each cell was read within `Minutes::MAX` (`duration::parse`): never reached.
            FigureError::TooLong => {
                ContentError::HugeDuration { found: sources.slice(row).trim().to_string(), span: row }
            }
        }]
    })?;
    Ok(Task {
        row,
        text,
        plain_text,
        workstream,
        stated_leverage: stated,
        stated_supervisory_leverage: stated_sup,
        stated_weeks,
        written: written.into_boxed_slice(),
        figures,
    })
}

#[cfg(test)]
mod tests {

    /// A dot before three digits may separate thousands (German's `1.500`): said with both
    /// readings; a decimal of other digits, or starting `0.`, is not.
    #[test]
    fn a_dot_that_may_separate_thousands_is_said() {
        for (text, said) in [
            (
                "1.500",
                Some(
                    "`1.500` is read with a decimal point, as 1.5: if its dot separates thousands, write `1500`; if not, `1.5`",
                ),
            ),
            (
                "2.400min",
                Some(
                    "`2.400min` is read with a decimal point, as 2.4min: if its dot separates thousands, write `2400min`; if not, `2.4min`",
                ),
            ),
            (
                "12.000",
                Some(
                    "`12.000` is read with a decimal point, as 12: if its dot separates thousands, write `12000`; if not, `12`",
                ),
            ),
            ("1.5", None),
            ("1.25h", None),
            ("0.500", None),
            ("1234.500", None),
            ("1.2345", None),
            ("1.333h", None),
            ("12.345k", None),
            ("1.500.000", None),
            (
                "~1.500k",
                Some(
                    "`~1.500k` is read with a decimal point, as 1.5k: if its dot separates thousands, write `~1500k`; if not, `~1.5k`",
                ),
            ),
        ] {
            assert_eq!(thousands_dot(text).as_deref(), said, "{text}");
        }
    }
    use super::*;

    proptest::proptest! {
        #[test]
        fn normalize_is_words_of_letters_and_digits_joined_by_one_space(header in "\\PC{0,24}") {
            let by_definition = header
                .chars()
                .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(normalize(&header), by_definition);
        }
    }

    #[test]
    fn a_slip_is_an_edit_or_two_in_a_name_of_words() {
        assert!(
            slip("cluade", "claude")
                && slip("tokns", "tokens")
                && slip("supervisry time", "supervisory time")
        );
        assert!(!slip("coverage", "leverage") && !slip("average", "leverage"), "two edits in a short name");
        assert!(!slip("pi", "ai") && !slip("id", "ai"), "no slips in a name under four letters");
        assert!(!slip("gpt-4", "gpt-4o") && !slip("opus 3", "opus 4"), "versions differ in their digits");
    }

    #[test]
    fn an_aggregate_table_is_known_by_its_two_headers() {
        let headers = |a: &str, b: &str| [normalize(a), normalize(b)];
        for (a, b) in [("Metric", "Value"), ("Stat", "Value"), ("Metric", "Today"), ("Statistics", "Value")] {
            assert!(is_aggregate_header(&headers(a, b)), "{a} | {b}");
        }
        assert!(!is_aggregate_header(&headers("Task", "Value")));
        assert!(!is_aggregate_header(&headers("Measure", "Result")), "any two columns");
        assert!(!is_aggregate_header(&headers("Metric", "Total")));
        assert!(!is_aggregate_header(&[normalize("Metric"), normalize("Value"), normalize("Note")]));
    }

    #[test]
    fn a_totals_row_is_named_as_writers_name_it() {
        for label in [
            "Total",
            "TOTAL",
            "Totals:",
            "Sum",
            "Grand total",
            "Daily total",
            " total ",
            "Total (2 tasks)",
            "Total for the day",
            "Subtotal",
            "Total.",
            "Total —",
            "Day’s total",
        ] {
            assert!(is_totals_label(label), "{label}");
        }
        for label in
            ["Total rewrite of the parser", "Sum types for the AST", "Totally new parser", "(Total)", ""]
        {
            assert!(!is_totals_label(label), "{label}");
        }
    }

    /// A totals row names the day's total (checked against the day so far where its table's
    /// rows give nothing) or its table's; plurals are totals rows too (`Grand totals` was read
    /// as a task, doubling the day's hours).
    #[test]
    fn a_totals_label_names_the_day_or_its_table() {
        for label in [
            "Grand total",
            "Grand totals:",
            "daily totals",
            "Total for the day",
            "Day’s total",
            "Grand Total (all tables)",
        ] {
            assert!(is_totals_label(label) && is_day_total_label(label), "{label}");
        }
        for label in ["Total", "Totals", "Subtotal", "Sum", "Total (2 tasks)"] {
            assert!(is_totals_label(label) && !is_day_total_label(label), "{label}");
        }
        assert!(!is_day_total_label("Grand total rewrite of the parser"));
    }

    fn labels() -> Vec<String> {
        DEFAULT_AI_LABELS.iter().map(|s| s.to_string()).collect()
    }

    fn kind(header: &str) -> ColumnKind {
        classify(header, &labels()).0
    }

    #[test]
    fn classifies_every_header_of_the_contract() {
        for h in ["Task", "Description", "task"] {
            assert_eq!(kind(h), ColumnKind::Task, "{h}");
        }
        for h in ["Human Est.", "Human Estimate", "Human Time", "Human", "HUMAN EST"] {
            assert_eq!(kind(h), ColumnKind::Human, "{h}");
        }
        for h in
            ["Claude Time", "AI Time", "Agent Time", "Claude", "AI", "Agent", "Codex", "Copilot", "Gemini"]
        {
            assert_eq!(kind(h), ColumnKind::Ai, "{h}");
        }
        for h in ["Sup.", "Supv.", "Sup. Time", "Supervisory", "Supervisory Time", "Supervision"] {
            assert_eq!(kind(h), ColumnKind::Supervisory, "{h}");
        }
        assert_eq!(kind("Tokens"), ColumnKind::Tokens);
        for h in ["Leverage", "Factor", "LF", "L.F.", "L F", "l.f"] {
            assert_eq!(kind(h), ColumnKind::Leverage, "{h}");
        }
        for h in ["Sup. Factor", "Supervisory Factor", "Sup. Leverage", "SLF", "S.L.F.", "Sup.Factor"] {
            assert_eq!(kind(h), ColumnKind::SupervisoryLeverage, "{h}");
        }
        assert_eq!(kind("Weeks"), ColumnKind::Weeks);
        for h in ["Workstream", "Project", "Stream"] {
            assert_eq!(kind(h), ColumnKind::Workstream, "{h}");
        }
        for h in ["#", "No."] {
            assert_eq!(kind(h), ColumnKind::Number, "{h}");
        }
        assert_eq!(kind("Notes"), ColumnKind::Other);
    }

    #[test]
    fn a_row_splits_at_its_pipes_as_gfm_splits_it() {
        let cells = |line: &str| {
            let row = row_cells_of(line);
            let texts: Vec<&str> = row.cells.iter().map(|r| &line[r.clone()]).collect();
            (texts.join("¦"), row.leading, row.trailing, row.split_code)
        };
        assert_eq!(cells("| a | b\\|c | `x|y` |"), (" a ¦ b\\|c ¦ `x¦y` ".into(), true, true, true));
        assert_eq!(cells("a|b"), ("a¦b".into(), false, false, false));
        assert_eq!(cells("  | a |  "), (" a ".into(), true, true, false));
        assert_eq!(cells("|"), ("".into(), true, true, false));
        assert_eq!(cells(""), ("".into(), false, false, false));
        // Two backslashes before a pipe still escape it, as pulldown-cmark reads it.
        assert_eq!(cells("a \\\\| b"), ("a \\\\| b".into(), false, false, false));
    }

    #[test]
    fn keeps_the_ai_label_as_written() {
        assert_eq!(classify("Claude Time", &labels()).1.as_deref(), Some("Claude"));
        assert_eq!(classify("Codex", &labels()).1.as_deref(), Some("Codex"));
        assert_eq!(classify("Robot time", &labels()).1.as_deref(), Some("Robot"));
        // A listed label in its listed spelling: pages say "Total Claude minutes".
        assert_eq!(classify("claude time", &labels()).1.as_deref(), Some("Claude"));
        assert_eq!(classify("CODEX", &labels()).1.as_deref(), Some("Codex"));
        assert_eq!(classify("robot time", &labels()).1.as_deref(), Some("robot"));
        assert_eq!(classify("claude code", &labels()).1.as_deref(), Some("Claude Code"));
        // A note in brackets before `Time` is no part of the name, as one after it is not: the
        // name was cut after its last letter, `Claude (Opus`.
        for (header, label) in [
            ("Claude (Opus) Time", "Claude"),
            ("Claude [Opus] Time", "Claude"),
            ("GPT(4o) Time", "GPT"),
            ("o3 (high) Time", "o3"),
            ("Robot (v2) time", "Robot"),
            ("(Opus) Time", "Opus"),
        ] {
            assert_eq!(classify(header, &labels()), (ColumnKind::Ai, Some(label.to_string())), "{header}");
        }
    }

    #[test]
    fn human_time_is_never_an_ai_column() {
        assert_eq!(kind("Human Time"), ColumnKind::Human);
        assert_eq!(kind("Sup. Time"), ColumnKind::Supervisory);
    }

    #[test]
    fn bare_labels_come_from_the_site() {
        let custom = vec!["Devin".to_string()];
        assert_eq!(classify("Devin", &custom).0, ColumnKind::Ai);
        assert_eq!(classify("Claude", &custom).0, ColumnKind::Other);
    }
}
