//! `leverage import`: turns existing posts (the text of a post's web page, or its HTML; a markdown
//! post of another generator is `markdown_post`'s) into content files: title and date from the heading, a real task table, the "Aggregate Stats" as a
//! Metric | Value table, the prose as markdown, a day's token total into front matter when the
//! rows carry none; and it says what it could not place.
//!
//! Plain text copied from a web page has lost the table's cell borders, so a row is split from
//! the right, column by column, by what each column holds (a factor, tokens, durations), and what
//! is left is the task. Empty cells are recognised by type (a row without tokens, a supervisory
//! factor left empty).

mod markdown_post;
mod origin;

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use content::record::ColumnKind;
use content::{FileId, Span};
use math::WorkWeek;

/// One block of a post, in order.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    /// A heading's level (`##` is 2) and text.
    Heading(u8, String),
    /// Text copied from a page, to be escaped.
    Paragraph(String),
    /// Markdown converted from HTML, escaped already.
    Markdown(String),
    Tasks {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        /// Whether the text cells are markdown already (an HTML table's), or text to escape.
        markdown: bool,
    },
    Metrics(Vec<(String, String)>),
}

/// A post as read.
#[derive(Debug, Default)]
pub(crate) struct Post {
    title: Option<String>,
    /// The date of the post's `Leverage Record: <date>` heading.
    date: Option<NaiveDate>,
    /// A date the page says elsewhere (its `<title>`, a `<time datetime>`): used when neither the
    /// heading nor the file's name gives one, since a sidebar's time may be another post's.
    page_date: Option<NaiveDate>,
    blocks: Vec<Block>,
    /// What could not be placed, for the writer to look at.
    pub(crate) unplaced: Vec<String>,
    /// Task rows that could not be read, with why: the record's figures leave them out, so the
    /// import fails until they are added by hand.
    pub(crate) unread: Vec<String>,
}

/// The headers a header line may begin with: its first one to four words, each that names a
/// column as a task table's header names it (the build's own names, so that a line of any
/// header a table may have is split), longest first so that `Human Est.` wins over `Human`. An
/// AI time only under a usual agent's name (`Claude Time`, `Codex`, `Claude Code`): `Est. Claude
/// Time` would otherwise be an agent's.
fn leading_headers(rest: &str) -> Vec<&str> {
    // A word of marks alone (`#`) is a header of its own, never the start of a longer one.
    let marks = rest.split_whitespace().next().is_some_and(|word| !word.chars().any(char::is_alphanumeric));
    let ends = rest
        .char_indices()
        .zip(rest.chars().skip(1).map(Some).chain([None]))
        .filter(|((_, c), next)| !c.is_whitespace() && next.is_none_or(char::is_whitespace))
        .map(|((i, c), _)| i + c.len_utf8())
        .take(if marks { 1 } else { 4 });
    let mut found: Vec<&str> = ends
        .map(|end| &rest[..end])
        .filter(|header| {
            AI_LABELS.with_borrow(|labels| match content::table::classify(header, labels) {
                (ColumnKind::Other, _) => false,
                (ColumnKind::Ai, Some(label)) => {
                    let agent = label.strip_suffix(" Code").unwrap_or(&label);
                    labels.iter().any(|l| l.eq_ignore_ascii_case(agent))
                }
                _ => true,
            })
        })
        .collect();
    found.reverse();
    found
}

/// Splits a header line into known headers, or `None` when it is not wholly made of them. Where
/// words could be split more than one way (`Sup. Factor Sup. Factor`), splits that name a column
/// kind twice are dropped and the one in the order real posts use wins (supervisory time before
/// the factors, the factor before the supervisory factor): `Sup.`, `Factor`, `Sup. Factor`.
fn header_line(line: &str) -> Option<Vec<String>> {
    fn splits(rest: &str, taken: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
        let rest = rest.trim_start();
        if rest.is_empty() {
            found.push(taken.clone());
            return;
        }
        for candidate in leading_headers(rest) {
            let k = kind(candidate);
            if k != ColumnKind::Other && taken.iter().any(|t| kind(t) == k) {
                continue;
            }
            taken.push(candidate.to_string());
            splits(&rest[candidate.len()..], taken, found);
            taken.pop();
        }
    }
    /// How far a split is from the usual order of columns.
    fn disorder(headers: &[String]) -> usize {
        let at = |k: ColumnKind| headers.iter().position(|h| kind(h) == k);
        let mut penalty = 0;
        if let (Some(sup_factor), Some(factor)) =
            (at(ColumnKind::SupervisoryLeverage), at(ColumnKind::Leverage))
        {
            penalty += usize::from(sup_factor < factor);
        }
        if let (Some(sup), Some(factor)) = (at(ColumnKind::Supervisory), at(ColumnKind::Leverage)) {
            penalty += usize::from(sup > factor);
        }
        penalty
    }
    let mut found = Vec::new();
    splits(line.trim(), &mut Vec::new(), &mut found);
    found
        .into_iter()
        .filter(|headers| {
            let kinds: Vec<ColumnKind> = headers.iter().map(|h| kind(h)).collect();
            kinds.contains(&ColumnKind::Task)
                && kinds.contains(&ColumnKind::Human)
                && kinds.contains(&ColumnKind::Ai)
        })
        .min_by_key(|headers| disorder(headers))
}

fn kind(header: &str) -> ColumnKind {
    AI_LABELS.with_borrow(|labels| content::table::classify(header, labels).0)
}

thread_local! {
    /// The agents' names a header may give the AI time column (`Cursor Time`): the site's
    /// (`ai_labels` in site.toml), set by `run`; those a build knows with no site.toml (`Claude`,
    /// `Codex`, ...) until then. A post's text says none of its own.
    static AI_LABELS: std::cell::RefCell<Vec<String>> =
        std::cell::RefCell::new(content::Options::default().ai_labels);
}

fn span() -> Span {
    Span::file_start(FileId(0))
}

fn is_duration(text: &str, week: &WorkWeek) -> bool {
    content::duration::value(text, week).is_some()
}

fn is_factor(word: &str) -> bool {
    word.ends_with(['x', 'X', '×']) && matches!(content::factor::parse(word), Some(Some(_)))
}

fn is_tokens(word: &str, week: &WorkWeek) -> bool {
    // `-`, `—`, `n/a`, `?`: an unknown count, as in a markdown table. `1.2M` in the tokens'
    // place is a count, though it reads as a duration too.
    content::tokens::is_unknown(word)
        || ((word.ends_with('M') || !is_duration(word, week))
            && !is_factor(word)
            && content::tokens::count(word).is_some())
}

/// Unit words that belong to the number before them (`2.5 hours`).
fn is_unit_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "h" | "hr"
            | "hrs"
            | "hour"
            | "hours"
            | "m"
            | "min"
            | "mins"
            | "minute"
            | "minutes"
            | "d"
            | "day"
            | "days"
            | "w"
            | "wk"
            | "week"
            | "weeks"
    )
}

/// Splits a row of plain text into one cell per header, from the right.
fn split_row(line: &str, headers: &[String], week: &WorkWeek) -> Result<Vec<String>, String> {
    // A spreadsheet's row: its tabs are the columns, whatever the cells hold.
    if line.contains('\t') {
        let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        if cells.len() == headers.len() {
            return Ok(cells);
        }
    }
    let kinds: Vec<ColumnKind> = headers.iter().map(|h| kind(h)).collect();
    let words: Vec<&str> = line.split_whitespace().collect();
    let task_at = kinds.iter().position(|k| *k == ColumnKind::Task).expect("header lines have a task column");
    let mut cells = vec![String::new(); kinds.len()];
    let mut start = 0;
    for (i, kind) in kinds.iter().enumerate().take(task_at) {
        match (kind, words.get(start)) {
            (ColumnKind::Number, Some(w)) if w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()) => {
                cells[i] = (*w).to_string();
                start += 1;
            }
            (ColumnKind::Number, _) => {}
            _ => return Err(format!("cannot read a `{}` column before the task in plain text", headers[i])),
        }
    }
    let mut end = words.len();
    let mut column = kinds.len();
    // Weeks at the row's end (`... 120x 1`), a bare number each, are read before the factors
    // left of them: the factors' run was looked for at the row's end only, and such a row was
    // refused for a `Leverage` column it could not tell apart.
    while column > task_at + 1 && kinds[column - 1] == ColumnKind::Weeks {
        column -= 1;
        if end > start && content::factor::number_of(words[end - 1]).is_some() {
            cells[column] = words[end - 1].to_string();
            end -= 1;
        }
    }
    // The trailing run of factor columns: values fill them from the left (an empty supervisory
    // factor is the usual gap).
    let run_start = kinds[..column]
        .iter()
        .rposition(|k| !matches!(k, ColumnKind::Leverage | ColumnKind::SupervisoryLeverage))
        .map_or(0, |i| i + 1);
    if run_start > task_at {
        // A factor left unknown at the row's end (`20x -`, a supervisory factor without
        // supervision) holds its column too; one before a factor (`? 20x`) is the tokens'.
        let mut factor_seen = false;
        let available = words[start..end]
            .iter()
            .rev()
            .take_while(|w| {
                factor_seen |= is_factor(w);
                is_factor(w) || (!factor_seen && content::tokens::is_unknown(w))
            })
            .count()
            .min(column - run_start);
        for (offset, word) in words[end - available..end].iter().enumerate() {
            cells[run_start + offset] = (*word).to_string();
        }
        end -= available;
        column = run_start;
    }
    while column > task_at + 1 {
        column -= 1;
        match kinds[column] {
            ColumnKind::Tokens => {
                if end > start && is_tokens(words[end - 1], week) {
                    cells[column] = words[end - 1].to_string();
                    end -= 1;
                } else if end >= start + 2
                    && matches!(words[end - 1], "k" | "K" | "M" | "B" | "T")
                    && content::tokens::count(&[words[end - 2], words[end - 1]].concat()).is_some()
                {
                    // `1.2 M`: a count and its scale apart, where `M` alone would be read as
                    // minutes of the agent's time.
                    cells[column] = [words[end - 2], words[end - 1]].join(" ");
                    end -= 2;
                }
            }
            ColumnKind::Weeks => {
                // A bare number (`0.7`): weeks are never written with a unit in this column.
                if end > start && content::factor::number_of(words[end - 1]).is_some() {
                    cells[column] = words[end - 1].to_string();
                    end -= 1;
                }
            }
            ColumnKind::Supervisory if end > start && content::tokens::is_unknown(words[end - 1]) => {
                // `-`: no supervision, as a markdown table writes it. Only here, at the run's
                // end: further left it could be a word of the task (`Refactor - part 2`).
                cells[column] = words[end - 1].to_string();
                end -= 1;
            }
            ColumnKind::Human | ColumnKind::Ai | ColumnKind::Supervisory => {
                // The run of duration columns ending here, read at once.
                let mut first = column;
                while first > task_at + 1
                    && matches!(
                        kinds[first - 1],
                        ColumnKind::Human | ColumnKind::Ai | ColumnKind::Supervisory
                    )
                {
                    first -= 1;
                }
                let mut atoms: Vec<String> = Vec::new();
                let mut at = end;
                while at > start {
                    let word = words[at - 1];
                    if is_unit_word(word)
                        && at >= start + 2
                        && is_duration(&format!("{} {word}", words[at - 2]), week)
                    {
                        atoms.insert(0, format!("{} {word}", words[at - 2]));
                        at -= 2;
                    } else if is_duration(word, week) {
                        atoms.insert(0, word.to_string());
                        at -= 1;
                    } else {
                        break;
                    }
                }
                let wanted = column - first + 1;
                let optional = (first..=column).filter(|&c| kinds[c] == ColumnKind::Supervisory).count();
                // More atoms than columns: `4h 28min` is one duration.
                let written = atoms.clone();
                while atoms.len() > wanted {
                    let Some(i) = (0..atoms.len() - 1)
                        .find(|&i| atoms[i].ends_with('h') && atoms[i + 1].ends_with("min"))
                    else {
                        break;
                    };
                    let merged = format!("{} {}", atoms[i], atoms[i + 1]);
                    atoms.splice(i..i + 2, [merged]);
                }
                // Or the last durations as written, where the task's text ends in a duration of
                // its own (`Cut CI from 40min to 10min 4h 12min` is 4h and 12min, not 10min and
                // 4h 12min): the reading nearer the row's stated factor, or without one, the
                // reading that gives the agent no more time than the human estimate.
                if written.len() > wanted && written.len() > atoms.len() {
                    let stated = kinds
                        .iter()
                        .position(|k| *k == ColumnKind::Leverage)
                        .and_then(|i| content::factor::parse(&cells[i]).flatten())
                        .filter(|stated| stated.value > 0.0);
                    let ratio = |atoms: &[String]| {
                        let last = &atoms[atoms.len().saturating_sub(wanted)..];
                        let at =
                            |kind| (first..=column).position(|c| kinds[c] == kind).and_then(|i| last.get(i));
                        let minutes = |kind| at(kind).and_then(|a| content::duration::value(a, week));
                        math::Leverage::ratio(minutes(ColumnKind::Human)?, minutes(ColumnKind::Ai)?)
                            .map(|l| l.get())
                    };
                    let better = match (ratio(&atoms), ratio(&written), stated) {
                        (Some(merged), Some(last), Some(stated)) => {
                            (last / stated.value).ln().abs() < (merged / stated.value).ln().abs()
                        }
                        // Without one, only where the task's text joins the first duration left
                        // to it (`to 10min`, `from 40min`): an agent may take longer than the
                        // human estimate (`Debug flaky test 1h 2h 30min` is 1h and 2h 30min).
                        (Some(merged), Some(last), None) => {
                            let joined = at > start
                                && matches!(
                                    words[at - 1].to_lowercase().as_str(),
                                    "to" | "from"
                                        | "by"
                                        | "under"
                                        | "over"
                                        | "than"
                                        | "within"
                                        | "in"
                                        | "of"
                                        | "about"
                                );
                            merged < 1.0 && last >= 1.0 && joined
                        }
                        _ => false,
                    };
                    if better {
                        atoms = written;
                    }
                }
                // As many durations as columns, a supervisory one among them, and a stated factor
                // that reads them as one fewer: `2h 30min 10min 15x` is 2h 30min of human time and
                // 10min of the agent's, no supervision (15x), not 2h, 30min and 10min (4x).
                if atoms.len() == wanted && optional > 0 {
                    let stated = kinds
                        .iter()
                        .position(|k| *k == ColumnKind::Leverage)
                        .and_then(|i| content::factor::parse(&cells[i]).flatten())
                        .filter(|stated| stated.value > 0.0);
                    // The human estimate over the AI time when `atoms` fill the run's columns,
                    // the first supervisory ones left empty where they are fewer.
                    let reading = |atoms: &[String]| {
                        let mut skip = wanted - atoms.len();
                        let mut values = atoms.iter();
                        let (mut human, mut ai) = (None, None);
                        for kind in &kinds[first..=column] {
                            if *kind == ColumnKind::Supervisory && skip > 0 {
                                skip -= 1;
                                continue;
                            }
                            let value = values.next().and_then(|a| content::duration::value(a, week));
                            match kind {
                                ColumnKind::Human => human = value,
                                ColumnKind::Ai => ai = value,
                                _ => {}
                            }
                        }
                        math::Leverage::ratio(human?, ai?).map(|l| l.get())
                    };
                    let pair = (0..atoms.len() - 1)
                        .find(|&i| atoms[i].ends_with('h') && atoms[i + 1].ends_with("min"));
                    if let (Some(stated), Some(i)) = (stated, pair) {
                        let mut merged = atoms.clone();
                        merged.splice(i..i + 2, [format!("{} {}", atoms[i], atoms[i + 1])]);
                        let off = |ratio: Option<f64>| {
                            ratio.map_or(f64::INFINITY, |r| (r / stated.value).ln().abs())
                        };
                        if off(reading(&merged)) < off(reading(&atoms)) {
                            atoms = merged;
                        }
                    }
                }
                let used = atoms.len().min(wanted);
                if used + optional < wanted {
                    // The word the durations stopped at, when it was meant as one (`1:30`), says
                    // what is wrong with it, as the build would.
                    let stopped = (at > start).then(|| words[at - 1]);
                    let why = stopped
                        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                        .and_then(|w| content::duration::parse(w, week, span()).err())
                        .map_or_else(String::new, |e| format!("; {e}"));
                    return Err(format!(
                        "expected {wanted} durations at the end of the row, found {}{why}",
                        atoms.len()
                    ));
                }
                // Use the atoms nearest the end; consumed words are counted back from `end`.
                let taken: Vec<String> = atoms[atoms.len() - used..].to_vec();
                let consumed: usize = taken.iter().map(|a| a.split_whitespace().count()).sum();
                let mut values = taken.into_iter();
                let skip_optional = wanted - used;
                let mut skipped = 0;
                for c in first..=column {
                    if kinds[c] == ColumnKind::Supervisory && skipped < skip_optional {
                        skipped += 1;
                        continue;
                    }
                    cells[c] = values.next().unwrap_or_default();
                }
                end -= consumed;
                column = first;
            }
            ColumnKind::Workstream
            | ColumnKind::Other
            | ColumnKind::Number
            | ColumnKind::Task
            | ColumnKind::Leverage
            | ColumnKind::SupervisoryLeverage => {
                return Err(format!(
                    "cannot tell the `{}` column apart from the task in plain text; import the page's HTML instead",
                    headers[column]
                ));
            }
        }
    }
    if end <= start {
        return Err("found no task description before the figures".to_string());
    }
    cells[task_at] = words[start..end].join(" ");
    Ok(cells)
}

/// Whether a task table's column of this header holds text (a task, a workstream, a note),
/// not figures.
fn is_text(header: &str) -> bool {
    matches!(kind(header), ColumnKind::Task | ColumnKind::Workstream | ColumnKind::Other)
}

/// What an HTML table is, by its header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TableKind {
    /// A task table: a row a task.
    Tasks,
    /// An aggregate table (Metric | Value), read by its metrics' names.
    Aggregate,
    /// Any other table, kept as a markdown table of prose.
    Prose,
}

fn table_kind(header: &[String]) -> TableKind {
    let names: Vec<String> = header.iter().map(|h| content::table::normalize(h)).collect();
    if content::table::is_aggregate_header(&names) {
        TableKind::Aggregate
    } else if header.iter().any(|h| kind(h) == ColumnKind::Task) {
        TableKind::Tasks
    } else {
        TableKind::Prose
    }
}

/// Which columns of an HTML table hold text: a task table's task, workstream and other columns;
/// every column of a table of prose; none of an aggregate table (its metrics are read by name).
fn text_columns(header: &[String], table: TableKind) -> Vec<bool> {
    header
        .iter()
        .map(|h| match table {
            TableKind::Tasks => is_text(h),
            TableKind::Aggregate => false,
            TableKind::Prose => true,
        })
        .collect()
}

/// A table cell's text, its whitespace collapsed, with a `<br>` as a space between the words it
/// parted (`SmallVec<br>(hot paths only)` is two words, not `SmallVec(hot paths only)`). A
/// footnote's mark (`2h<sup>1</sup>`, a linked one after a figure, `850<sup><a href="#fn:1">1</a>
/// </sup>`, or Substack's `<a class="footnote-anchor">`) is left out, not read as a digit of the
/// figure (`2h1`, `8501`), and said in `marks`: a task table holds no footnote (its text shows a
/// mark as written), so the writer moves it.
fn cell_text(cell: &scraper::ElementRef<'_>, marks: &mut Vec<String>) -> String {
    let mut raw = String::new();
    let mut left_out = Vec::new();
    for node in cell.descendants() {
        if left_out.iter().any(|mark| node.ancestors().any(|a| a.id() == *mark)) {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            raw.push_str(text);
        } else if let Some(element) = node.value().as_element() {
            let label = footnote_mark(node);
            let linked = label.is_some();
            match element.name() {
                "br" => raw.push(' '),
                "sup" | "a" if linked || element.name() == "sup" => {
                    let mark: String =
                        node.descendants().filter_map(|n| n.value().as_text()).map(|t| &**t).collect();
                    let mark = mark.trim();
                    // After a digit, a `<sup>` of no link is an exponent (`10<sup>6</sup>`),
                    // written as text shows one.
                    let exponent = !linked && raw.ends_with(|c: char| c.is_ascii_digit());
                    if exponent && !mark.is_empty() {
                        raw.push('^');
                    } else if linked || is_mark_text(mark) {
                        let after = match raw.split_whitespace().next_back() {
                            Some(word) => format!("after `{word}`"),
                            None => "at the start of a cell".to_string(),
                        };
                        let label = label.clone().unwrap_or_else(|| mark.to_string());
                        marks.push(format!(
                            "footnote mark `{mark}` {after} in a table (a task table holds no footnote: \
                             move its `[^{label}]` into the prose)"
                        ));
                        left_out.push(node.id());
                    }
                }
                _ => {}
            }
        }
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a record's title begins: `Leverage Record: March 12, 2026`.
const TITLE: &str = "Leverage Record:";

/// What follows a record's title's words and their mark (`Leverage Record: March 12, 2026`,
/// also with a dash, `Leverage Record – 12 March 2026`, or a bar); `None` for another line.
fn title_rest(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("Leverage Record")?.trim_start();
    if let Some(after) = rest.strip_prefix(':') {
        return Some(after.trim_start());
    }
    // A dash or bar stands apart (`Leverage Record-keeping` is no title).
    let after = rest.strip_prefix(['\u{2013}', '\u{2014}', '-', '|'])?;
    after.starts_with(char::is_whitespace).then(|| after.trim_start())
}

/// Whether a line begins as a record's title does (`title_rest`).
fn is_title(line: &str) -> bool {
    title_rest(line).is_some()
}

/// The date of a record's title, written as posts write it: `March 12, 2026` (the month's name
/// or its abbreviation, with or without the comma), `12 March 2026`, `2026-03-12` or
/// `2026/03/12`, with an ordinal (`March 12th, 2026`), a weekday before it (`Thursday, March
/// 12, 2026`) or words after it (`March 12, 2026 (Evening)`); `None` for a line that is no
/// record's title. A date of numbers alone in another order (`03/12/2026`) is no day of one
/// meaning, and is not read.
fn title_date(line: &str) -> Option<NaiveDate> {
    content::date_text::said_date(title_rest(line)?, false)
}

/// The day a heading of a day alone names (Ghost's title, `Saturday, March 14, 2026`), read as a
/// record's title's date is.
fn day_alone(heading: &str) -> Option<NaiveDate> {
    content::date_text::said_date(heading, false)
}

/// What a title's weekday says against its date (`Friday, March 12, 2026` when the 12th is a
/// Thursday): the date is taken, and the writer told, as one of the two is a slip. `None` for a
/// title of no weekday or of the right one.
fn weekday_slip(title: &str, date: NaiveDate) -> Option<String> {
    // Only a title dated as a record's is (`Friday deploy retro` names no day).
    title_date(title).or_else(|| day_alone(title))?;
    use content::date_text::{WEEKDAYS, weekday_named};
    let said = title.split(|c: char| !c.is_alphabetic()).find_map(weekday_named)?;
    let actual = date.weekday().num_days_from_monday() as usize;
    (said != actual).then(|| {
        format!(
            "the title says {}, but {} is a {}: the record is dated {}; mend the title or the date",
            WEEKDAYS[said],
            content::date_text::long(date),
            WEEKDAYS[actual],
            date.format("%Y-%m-%d")
        )
    })
}

/// A heading's words as a page may show them: lower-cased, curly apostrophes straight, without
/// the `!` after them (WordPress writes `Let’s Build Something!`).
fn heading_words(line: &str) -> String {
    line.trim().trim_end_matches(['!', '.', ' ']).to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
}

/// The heading of the page's note that the site's `record_note` says on every page.
fn is_note_heading(line: &str) -> bool {
    heading_words(line) == "about these records"
}

/// The heading of the page's footer, after which nothing is the post's.
fn is_footer_heading(line: &str) -> bool {
    heading_words(line) == "let's build something"
}

/// Lines that belong to the page around a post, not to the post.
fn is_page_chrome(line: &str) -> bool {
    matches!(line, "Skip to main content" | "AI Time Record") || line.starts_with("About the author:")
}

/// The heading of WordPress's sharing or liking box under a post (a paragraph saying "Like
/// this:" before an example is the post's).
fn is_share_heading(line: &str) -> bool {
    matches!(heading_words(line).as_str(), "share this:" | "like this:")
}

/// A metric row of plain text: the name, then the value from the first figure whose words up to
/// a remark in brackets are all a figure's (`268min (4h 28min)`, `1,230,000 tokens`,
/// `45.7x (up from 30x)`): a name may hold a figure of its own (`Top 3 tasks 45h`). Failing
/// that, from the first figure.
fn metric_row(line: &str) -> Option<(String, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let figure = |word: &str| word.starts_with(|c: char| c.is_ascii_digit() || c == '~');
    // After the first figure: units, or a figure of a duration's parts (`4h 28min`).
    let of_figure = |word: &&str| {
        let bare = word.trim_end_matches([',', ';']);
        (figure(bare) && bare.ends_with(|c: char| c.is_alphabetic()))
            || is_unit_word(bare)
            || matches!(bare.to_ascii_lowercase().as_str(), "tokens" | "x")
    };
    let value_at = |at: &usize| {
        figure(words[*at]) && words[*at + 1..].iter().take_while(|w| !w.starts_with('(')).all(of_figure)
    };
    // The first figure, when its unit is the one the name measures (`Weighted leverage 45.7x
    // over 3 days`), else the first that reads as a whole value (`Top 3 tasks 45h`).
    let first = (1..words.len()).find(|&at| figure(words[at]))?;
    let name = words[..first].join(" ").to_lowercase();
    let unit = words[first].trim_end_matches([',', ';']);
    let fits = (unit.ends_with(['x', '×']) && (name.contains("leverage") || name.contains("factor")))
        || (unit.ends_with(['h', 'm', 'n']) && ["hours", "minutes", "time"].iter().any(|w| name.contains(w)))
        || (unit.ends_with(['k', 'M']) && name.contains("token"));
    let at = if fits { first } else { (1..words.len()).find(value_at).unwrap_or(first) };
    Some((words[..at].join(" "), words[at..].join(" ")))
}

fn is_aggregate_heading(line: &str) -> bool {
    matches!(line.trim(), "Aggregate Stats" | "Aggregate Statistics")
}

/// Reads the text of a post's web page.
pub(crate) fn from_text(text: &str, week: &WorkWeek) -> Post {
    let mut post = Post::default();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.is_empty() {
            continue;
        }
        if is_page_chrome(line) {
            post.unplaced.push(line.to_string());
            continue;
        }
        if post.title.is_none() && is_title(line) {
            post.title = Some(line.to_string());
            post.date = title_date(line);
            continue;
        }
        if is_note_heading(line) {
            // The site's record_note says this on every page; it is not part of the record.
            post.unplaced.push(format!("{line} (say it once in site.toml's record_note)"));
            while i < lines.len()
                && !lines[i].is_empty()
                && header_line(lines[i]).is_none()
                && lines[i] != "Task Log"
            {
                post.unplaced.push(lines[i].to_string());
                i += 1;
            }
            continue;
        }
        if is_footer_heading(line) {
            post.unplaced.extend(lines[i - 1..].iter().filter(|l| !l.is_empty()).map(|l| l.to_string()));
            break;
        }
        // A markdown table (a post already written in markdown, or pasted as one) is markdown
        // already: kept as written, for the build to read as it reads any record's tables.
        if line.starts_with('|') && lines.get(i).is_some_and(|next| content::table::is_delimiter_row(next)) {
            let mut raw = vec![line, lines[i]];
            i += 1;
            while i < lines.len() && lines[i].starts_with('|') {
                raw.push(lines[i]);
                i += 1;
            }
            post.blocks.push(Block::Markdown(raw.join("\n")));
            continue;
        }
        if let Some(headers) = header_line(line) {
            let mut rows = Vec::new();
            // The next line that is not blank, if it is a row: a page that spaces its rows
            // (a blank line before each, the first too) has them all read, where its table
            // ended at the first blank line and every row became a paragraph.
            let spaced_row = |at: usize| {
                let next = (at..lines.len()).find(|&j| !lines[j].is_empty())?;
                (next > at).then_some(next).filter(|&next| split_row(lines[next], &headers, week).is_ok())
            };
            let spaced = spaced_row(i).is_some();
            // A page copied as text (a browser's copy, `innerText`) puts the heading after a
            // table on the very next line: in a table of tabs a line without one ends it, as
            // another table's header does. They were read as rows that did not read.
            let tabbed = line.contains('\t');
            loop {
                if i < lines.len() && lines[i].is_empty() {
                    match spaced_row(i).filter(|_| spaced) {
                        Some(next) => i = next,
                        None => break,
                    }
                }
                if i >= lines.len() || header_line(lines[i]).is_some() {
                    break;
                }
                if tabbed && !lines[i].contains('\t') {
                    // A row follows: the line is the start of its task's text, wrapped (a cell of
                    // a page's table that broke its line), read with it when the two make a row.
                    let Some(next) = lines.get(i + 1).filter(|next| next.contains('\t')) else { break };
                    if let Ok(cells) = split_row(&format!("{} {next}", lines[i].trim_end()), &headers, week) {
                        rows.push(cells);
                        i += 2;
                        continue;
                    }
                }
                match split_row(lines[i], &headers, week) {
                    Ok(cells) => rows.push(cells),
                    Err(reason) => post.unread.push(format!("row `{}`: {reason}", lines[i])),
                }
                i += 1;
            }
            post.blocks.push(Block::Tasks { headers, rows, markdown: false });
            continue;
        }
        // `Metric Value`, or a spreadsheet's `Metric<TAB>Value`.
        if line.split_whitespace().eq(["Metric", "Value"]) {
            let mut metrics = Vec::new();
            let tabbed = line.contains('\t');
            while i < lines.len() && !lines[i].is_empty() && (!tabbed || lines[i].contains('\t')) {
                // A spreadsheet's row is its two cells, whatever the value (`Longest task<TAB>Write
                // parser`): kept as written, as the build keeps a metric it does not know.
                let cells = lines[i].split_once('\t').map(|(name, value)| (name.trim(), value.trim()));
                match cells
                    .filter(|(name, value)| !name.is_empty() && !value.is_empty() && !value.contains('\t'))
                {
                    Some((name, value)) if metric_row(lines[i]).is_none() => {
                        metrics.push((name.to_string(), value.to_string()));
                    }
                    _ => match metric_row(lines[i]) {
                        Some(row) => metrics.push(row),
                        None => post.unplaced.push(format!("metric `{}`", lines[i].replace('\t', " "))),
                    },
                }
                i += 1;
            }
            post.blocks.push(Block::Metrics(metrics));
            continue;
        }
        let standalone = lines.get(i).is_none_or(|l| {
            l.is_empty() || header_line(l).is_some() || l.split_whitespace().eq(["Metric", "Value"])
        });
        // A line with a tab is a row of a spreadsheet's table, never a heading.
        let short = line.split_whitespace().count() <= 6
            && !line.ends_with(['.', ':', ',', ';'])
            && !line.contains('\t');
        if is_aggregate_heading(line) || (standalone && short) {
            post.blocks.push(Block::Heading(2, line.to_string()));
        } else {
            post.blocks.push(Block::Paragraph(line.to_string()));
        }
    }
    post
}

/// A token count's cell with a leading `≈` (or `≈ `) written `~`, the approximate mark a
/// record's cell takes; any other cell as it is.
fn approximate_as_tilde(cell: &str) -> String {
    match cell.trim_start().strip_prefix('≈') {
        Some(rest) => format!("~{}", rest.trim_start()),
        None => cell.to_string(),
    }
}

/// The deepest nesting of block elements that `block_depth` lets through: 10,000 (a page nests a
/// few dozen) take the parser a tenth of a second, where 200,000 took it minutes.
const MAX_BLOCK_DEPTH: usize = 10_000;

/// How deep the HTML `html` nests the block elements whose every opening has HTML's parser look
/// down its stack of open elements (`<div>`, `<ul>`, `<section>` ...): a count of their start
/// and end tags, without parsing.
fn block_depth(html: &str) -> usize {
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "main",
        "menu",
        "nav",
        "ol",
        "pre",
        "search",
        "section",
        "summary",
        "table",
        "ul",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = html.as_bytes();
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        let (closing, rest) = match rest.strip_prefix(b"/") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let len = rest.iter().take(11).take_while(|b| b.is_ascii_alphanumeric()).count();
        let name = &rest[..len];
        if !BLOCKS.iter().any(|block| block.as_bytes().eq_ignore_ascii_case(name)) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Reads a post's HTML: its `<h1>`, headings, paragraphs, lists, code blocks, quotes and tables,
/// in order, with links, emphasis and inline code kept as markdown. Text outside those blocks (a
/// footer, a `<div>`'s own words) is listed as not placed rather than dropped unsaid.
pub(crate) fn from_html(html: &str) -> Post {
    use scraper::{ElementRef, Html};
    let document = Html::parse_document(html);
    let text = |e: &ElementRef| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    let named = |names: &'static [&'static str]| move |e: &ElementRef| names.contains(&e.value().name());
    // A table's own rows (directly or in its head, body and foot) and a row's own cells: a table
    // nested in a cell is part of that cell's text, not rows of the outer table.
    fn own_rows(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
        let mut rows = Vec::new();
        for child in table.child_elements() {
            match child.value().name() {
                "tr" => rows.push(child),
                "thead" | "tbody" | "tfoot" => {
                    rows.extend(child.child_elements().filter(|e| e.value().name() == "tr"));
                }
                _ => {}
            }
        }
        rows
    }
    /// What is left to do: visit a node, or give a block already read (text between blocks).
    enum Work<'a> {
        Visit(Node<'a>),
        Give(Line),
    }
    // The blocks in document order, none looked into: a walk of the tree that stops at each,
    // where selecting them and testing every one's ancestors grew with the square (and, for rows
    // and cells of nested tables, the cube) of the nesting depth.
    let mut lines = Vec::new();
    let mut stack = vec![Work::Visit(*document.root_element())];
    while let Some(work) = stack.pop() {
        let node = match work {
            Work::Give(line) => {
                lines.push(line);
                continue;
            }
            Work::Visit(node) => node,
        };
        let Some(element) = ElementRef::wrap(node) else { continue };
        let name = element.value().name();
        // What an element of footnotes, or a highlighter's table of numbered code, is read as:
        // worked out once, for the guard of its arm and the arm.
        let notes = if is_footnotes(element.value()) { footnotes(element) } else { String::new() };
        let numbered = match name {
            "pre" => numbered_code_in(element),
            "table" => numbered_code(element),
            _ => None,
        };
        match name {
            "head" | "script" | "style" | "template" | "noscript" => {}
            // The page around the post: listed, never placed.
            _ if is_page_chrome_element(element.value()) => {
                lines.push(Line::Stray(text(&element), text(&element)));
            }
            // A page's footnotes: markdown's, where the page had them (a table or a list in a
            // note is its text). An element of such a class that holds no note is read as any.
            _ if !notes.is_empty() => lines.push(Line::Markdown(notes, text(&element))),
            // Ghost's bookmark card: a link to the page it shows, with its description; its
            // pictures are the card's look, not the post's.
            _ if element.value().classes().any(|c| c == "kg-bookmark-card") => {
                let part = |class: &str| {
                    element
                        .descendants()
                        .filter_map(ElementRef::wrap)
                        .find(|e| e.value().classes().any(|c| c == class))
                        .map(|e| text(&e))
                        .filter(|t| !t.is_empty())
                };
                let href = element
                    .descendants()
                    .filter_map(ElementRef::wrap)
                    .find_map(|e| e.value().attr("href").filter(|h| !h.trim().is_empty() && !runs_script(h)));
                let title = part("kg-bookmark-title").or_else(|| href.map(str::to_string));
                if let (Some(title), Some(href)) = (title, href) {
                    let mut markdown = format!("[{}]({})", escape_inline(&title), link_destination(href));
                    if let Some(description) = part("kg-bookmark-description") {
                        markdown.push_str(&format!(": {}", escape_inline(&description)));
                    }
                    lines.push(Line::Markdown(block_start(&markdown), text(&element)));
                }
            }
            // Zola's numbered lines: a table in the `<pre>`, a row a line.
            "pre" if element.value().attr("data-linenos").is_some() => {
                lines.push(Line::Markdown(code_block(element), text(&element)));
            }
            // Hugo's `lntable`; Rouge's sits inside a `<pre><code>` of its own.
            "pre" | "table" if numbered.is_some() => {
                let pre = numbered.unwrap_or(element);
                lines.push(Line::Markdown(code_block_in(pre, element), text(&pre)));
            }
            "table" => {
                let mut marks = Vec::new();
                // The cells of text (a task's, a workstream's, any of a table of prose) keep
                // their markup, as markdown (links, code, emphasis, a footnote's mark); a
                // figure's is its text. The header row says which is which.
                // A task or aggregate table holds no footnote (the build shows a mark in one as
                // text): its marks are left out and said. A table of prose keeps its marks.
                let mut text_column: Vec<bool> = Vec::new();
                let mut holds_figures = true;
                let mut rows: Vec<Vec<String>> = Vec::new();
                for row in own_rows(element) {
                    let mut cells = Vec::new();
                    let mut said = Vec::new();
                    for (column, cell) in row.child_elements().filter(named(&["th", "td"])).enumerate() {
                        let plain = cell_text(&cell, &mut said);
                        if text_column.get(column) == Some(&true) {
                            let children: Vec<Node<'_>> = cell.children().collect();
                            let mode = if holds_figures { Inline::Cell } else { Inline::Prose };
                            cells.push(inline_markdown_as(&children, mode).replace("\\\n", " "));
                        } else {
                            cells.push(plain);
                        }
                    }
                    if rows.is_empty() {
                        let table = table_kind(&cells);
                        text_column = text_columns(&cells, table);
                        holds_figures = table != TableKind::Prose;
                    }
                    if holds_figures {
                        marks.append(&mut said);
                    }
                    rows.push(cells);
                }
                // A caption is the table's title, which markdown's tables have no place for: a
                // line of its own above the table.
                let caption =
                    element.child_elements().find(|c| c.value().name() == "caption").map(|c| text(&c));
                if let Some(caption) = caption.filter(|c| !c.is_empty()) {
                    lines.push(Line::Markdown(escape_markdown(&escape_inline(&caption)), caption));
                }
                lines.push(Line::Table(rows));
                lines.extend(marks.into_iter().map(|mark| Line::Stray(mark.clone(), mark)));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" if !holds_table(element) => {
                let children: Vec<Node<'_>> = node.children().collect();
                lines.push(match heading_level(name) {
                    None => Line::Markdown(block_start(&inline_markdown(&children)), text(&element)),
                    Some(level) => Line::Heading(level, text(&element), Some(heading_markdown(&children))),
                });
            }
            // Without a DOCTYPE (quirks mode) a table may open inside a paragraph: the text
            // around it is the paragraph, and the walk goes on into it for the table.
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" => {
                let around = text_outside_tables(element);
                lines.push(match heading_level(name) {
                    None => Line::Markdown(escape_markdown(&escape_inline(&around)), around),
                    Some(level) => Line::Heading(level, around, None),
                });
                stack.extend(node.children().rev().map(Work::Visit));
            }
            "ul" | "ol" if !holds_table(element) => {
                lines.push(Line::List(list_markdown(element), text(&element)))
            }
            "pre" if !holds_table(element) => lines.push(Line::Markdown(code_block(element), text(&element))),
            // A picture with its caption: the image as a paragraph, the caption in emphasis under it.
            // A figure of anything else (Jekyll's highlighted code, a pull quote, an embed) is a
            // container, its blocks visited in turn: it was dropped without a word.
            "figure"
                if !holds_table(element)
                    && node
                        .descendants()
                        .any(|n| ElementRef::wrap(n).is_some_and(|e| e.value().name() == "img")) =>
            {
                let images: Vec<Node<'_>> = node
                    .descendants()
                    .filter(|n| ElementRef::wrap(*n).is_some_and(|e| e.value().name() == "img"))
                    .collect();
                let image = inline_markdown(&images);
                if !image.is_empty() {
                    lines.push(Line::Markdown(image.clone(), image));
                }
                if let Some(caption) = element.child_elements().find(|e| e.value().name() == "figcaption") {
                    let children: Vec<Node<'_>> = caption.children().collect();
                    let markdown = inline_markdown(&children);
                    if !markdown.is_empty() {
                        lines.push(Line::Markdown(format!("*{}*", markdown.trim()), text(&caption)));
                    }
                }
            }
            "blockquote" if !holds_table(element) => {
                lines.push(Line::Markdown(quote_markdown(element), text(&element)));
            }
            // Ghost's callout card: a quote, its emoji first.
            _ if element.value().classes().any(|c| c == "kg-callout-card") => {
                let children: Vec<Node<'_>> = node.children().collect();
                let said = inline_markdown(&children);
                if !said.is_empty() {
                    lines.push(Line::Markdown(format!("> {said}"), text(&element)));
                }
            }
            // A caption of a figure of no picture (a table's, a video's): in emphasis, as a
            // picture's is.
            "figcaption" if !holds_table(element) => {
                let children: Vec<Node<'_>> = element.children().collect();
                let markdown = inline_markdown(&children);
                if !markdown.trim().is_empty() {
                    lines.push(Line::Markdown(format!("*{}*", markdown.trim()), text(&element)));
                }
            }
            _ => {
                // A container: its blocks are visited in turn, and each run of text and inline
                // elements between them is text the page shows outside any block.
                let mut work = Vec::new();
                let mut run: Vec<Node<'_>> = Vec::new();
                // In a post's own body (Blogger's classic editor writes its text straight into
                // `<div class="post-body">`, lines apart by `<br>`), such text is the post's:
                // paragraphs, apart where two line breaks part them.
                // (Its boxes within a few levels: a page nested thousands deep costs no square.)
                let body = is_post_body(element.value())
                    || node.ancestors().take(32).any(|a| a.value().as_element().is_some_and(is_post_body));
                let flush = |run: &mut Vec<Node<'_>>, work: &mut Vec<Work<'_>>| {
                    let stray = inline_markdown(run);
                    if !stray.is_empty() {
                        let mut plain = String::new();
                        for node in run.iter() {
                            for text in node.descendants().filter_map(|n| n.value().as_text()) {
                                push_collapsed(&mut plain, text);
                            }
                        }
                        let plain = plain.trim().to_string();
                        if body {
                            for paragraph in paragraphs_of_breaks(&stray) {
                                work.push(Work::Give(Line::Markdown(block_start(&paragraph), plain.clone())));
                            }
                        } else {
                            work.push(Work::Give(Line::Stray(stray, plain)));
                        }
                    }
                    run.clear();
                };
                for child in node.children() {
                    if is_inline(child) {
                        run.push(child);
                    } else {
                        flush(&mut run, &mut work);
                        work.push(Work::Visit(child));
                    }
                }
                flush(&mut run, &mut work);
                stack.extend(work.into_iter().rev());
            }
        }
    }
    let mut post = Post::default();
    let mut stop = false;
    // After "About These Records" comes the note the site's record_note says on every page.
    let mut in_note = false;
    // The list a list follows directly, and whether it was written with the other markers: two
    // lists in a row would be read as one, unless the second uses `*` (or `1)`) where the first
    // used `-` (or `1.`).
    let mut list_before: Option<bool> = None;
    for line in lines {
        if let Line::Heading(..) | Line::Table(_) = line {
            in_note = false;
        }
        match line {
            _ if stop => {}
            Line::Heading(_, t, _) if t.is_empty() => {}
            Line::Markdown(t, _) | Line::List(t, _) | Line::Stray(t, _) if t.is_empty() => {}
            Line::Heading(_, t, _) if is_page_chrome(&t) || is_share_heading(&t) => post.unplaced.push(t),
            // Page chrome is known by the words the page shows, not by their markup.
            Line::Markdown(_, plain) | Line::List(_, plain) | Line::Stray(_, plain)
                if is_page_chrome(&plain) =>
            {
                post.unplaced.push(plain);
            }
            Line::Markdown(t, _) | Line::List(t, _) | Line::Stray(t, _) if in_note => post.unplaced.push(t),
            Line::Stray(t, _) => post.unplaced.push(t),
            Line::Heading(_, t, _) if post.title.is_none() && is_title(&t) => {
                post.date = title_date(&t);
                post.title = Some(t);
            }
            // The title again (Medium repeats it in the post's first section): said once.
            Line::Heading(_, t, _) if post.title.as_deref().is_some_and(|title| same_title(title, &t)) => {
                post.unplaced.push(t)
            }
            // A post's first heading that is a day alone (Ghost's `Saturday, March 14, 2026`) is
            // its title, dated so.
            Line::Heading(_, t, _)
                if post.title.is_none() && post.blocks.is_empty() && day_alone(&t).is_some() =>
            {
                post.date = day_alone(&t);
                post.title = Some(t);
            }
            Line::Heading(_, t, _) if is_footer_heading(&t) => {
                post.unplaced.push(t);
                stop = true;
            }
            Line::Heading(_, t, _) if is_note_heading(&t) => {
                post.unplaced.push(format!("{t} (say it once in site.toml's record_note)"));
                in_note = true;
            }
            Line::Heading(level, t, markdown) => {
                list_before = None;
                post.blocks.push(match markdown {
                    Some(markdown) => {
                        Block::Markdown(format!("{} {markdown}", "#".repeat(usize::from(level))))
                    }
                    None => Block::Heading(level, t),
                });
            }
            Line::List(t, _) => {
                let other = list_before == Some(false);
                list_before = Some(other);
                post.blocks.push(Block::Markdown(if other { other_markers(&t) } else { t }));
            }
            Line::Markdown(t, _) => {
                list_before = None;
                post.blocks.push(Block::Markdown(t));
            }
            Line::Table(table) => {
                list_before = None;
                let Some((header, body)) = table.split_first() else { continue };
                let table = table_kind(header);
                if table == TableKind::Aggregate {
                    post.blocks.push(Block::Metrics(
                        body.iter().filter(|r| r.len() >= 2).map(|r| (r[0].clone(), r[1].clone())).collect(),
                    ));
                } else if table == TableKind::Tasks {
                    post.blocks.push(Block::Tasks {
                        headers: header.clone(),
                        rows: body.to_vec(),
                        markdown: true,
                    });
                } else if !header.is_empty() {
                    // A table that is not a task table is ordinary content: kept, as markdown's.
                    let width = header.len();
                    // The header as text, the body's cells as markdown (`text_columns`).
                    let line = |cells: &[String], escape: bool| {
                        let cells: Vec<String> = (0..width)
                            .map(|i| {
                                cells.get(i).map_or_else(String::new, |c| {
                                    if escape { escape_inline(c) } else { c.clone() }
                                })
                            })
                            .collect();
                        table_line(&cells)
                    };
                    let mut markdown = line(header, true);
                    markdown.push_str(&format!("|{}|\n", vec!["---"; width].join("|")));
                    for row in body {
                        markdown.push_str(&line(row, false));
                    }
                    post.blocks.push(Block::Markdown(markdown.trim_end().to_string()));
                }
            }
        }
    }
    // No `Leverage Record: <date>` heading: the page's `<title>` may say it (`... - by Someone`),
    // or its first `<time datetime>` (a theme's byline).
    if post.date.is_none() {
        let select = |css: &str| scraper::Selector::parse(css).ok();
        let page_title = select("title")
            .and_then(|s| document.select(&s).next().map(|t| text(&t)))
            .and_then(|t| title_date(t.trim()));
        // The post's own byline first: an article's, the main content's, then the page's; then
        // what a page says of its post's day elsewhere (Blogger's `<abbr class="published">`,
        // schema.org's `datePublished`, Open Graph's `article:published_time`).
        let bylines = [
            ("article time[datetime]", "datetime"),
            ("main time[datetime]", "datetime"),
            ("time[datetime]", "datetime"),
            ("abbr.published[title]", "title"),
            ("[itemprop=datePublished][content]", "content"),
            ("meta[property='article:published_time']", "content"),
        ];
        let time = bylines.into_iter().find_map(|(css, attribute)| {
            document
                .select(&select(css)?)
                .find_map(|t| content::load::date_prefix(t.value().attr(attribute)?.trim()))
        });
        post.page_date = page_title.or(time);
    }
    post
}

/// Whether an element is the page around a post: by its name (`<nav>`, `<footer>`, `<aside>`,
/// a `<form>`), its ARIA role (the site's header, footer, navigation, sidebar or search) or the
/// names WordPress and its themes give the site header, comments, sharing and related-posts
/// boxes: listed as not placed, never the post's text.
fn is_page_chrome_element(element: &scraper::node::Element) -> bool {
    if matches!(element.name(), "nav" | "footer" | "aside" | "form") {
        return true;
    }
    const NAMES: &[&str] = &[
        "masthead",
        "colophon",
        "site-header",
        "site-footer",
        "comments",
        "comments-area",
        "comment-list",
        "comment-respond",
        "respond",
        "sharedaddy",
        "jp-relatedposts",
        "post-navigation",
        "wp-block-comments",
        "wp-block-post-comments-form",
        "skip-link",
        // A theme's line of the post's date and author (minima's `post-meta`, WordPress's
        // `entry-meta`, Ghost's byline), and a newsletter's subscription box (Substack's).
        "post-meta",
        "entry-meta",
        "byline",
        "post-byline",
        "article-byline",
        "author-list",
        "subscription-widget-wrap",
        "subscription-widget",
        "subscribe-widget",
        // Blogger's blog header, its post's date header and footer, and its pager.
        "header-outer",
        "header-inner",
        "titlewrapper",
        "descriptionwrapper",
        "date-header",
        "post-footer",
        "blog-pager",
    ];
    // A theme's table of contents (PaperMod's `<div class="toc">`), which the record's page makes
    // its own; by class alone, as a heading "Table of Contents" has such an id.
    if element.classes().any(|c| matches!(c, "toc" | "table-of-contents")) {
        return true;
    }
    let role = element.attr("role").map(str::to_ascii_lowercase);
    matches!(role.as_deref(), Some("banner" | "contentinfo" | "navigation" | "complementary" | "search"))
        || element.id().is_some_and(|id| NAMES.contains(&id))
        || element.classes().any(|class| NAMES.contains(&class))
}

/// The level of heading element `name` in the record, whose own `<h1>` is its title: `##` at
/// least. `None` for any other element.
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'6'] => Some((level - b'0').max(2)),
        _ => None,
    }
}

/// A node of a parsed HTML page.
type Node<'a> = ego_tree::NodeRef<'a, scraper::Node>;

/// Whether `node` flows within a line of text (text, a link, emphasis) rather than making a
/// block of its own.
fn is_inline(node: Node<'_>) -> bool {
    match node.value() {
        scraper::Node::Text(_) => true,
        scraper::Node::Element(e) => matches!(
            e.name(),
            "a" | "abbr"
                | "b"
                | "bdi"
                | "bdo"
                | "br"
                | "cite"
                | "code"
                | "data"
                | "dfn"
                | "em"
                | "i"
                | "img"
                | "kbd"
                | "mark"
                | "q"
                | "s"
                | "samp"
                | "small"
                | "span"
                | "strong"
                | "sub"
                | "sup"
                | "time"
                | "u"
                | "var"
                | "del"
                | "ins"
        ),
        _ => false,
    }
}

/// `nodes` as one line of markdown: text escaped (`escape_inline`), whitespace runs made single
/// spaces, `<a href>` a link, `<strong>`/`<b>` and `<em>`/`<i>` emphasis, `<code>` a code span;
/// the text of any other element as it is. Walked with a stack of its own: a page nested
/// thousands deep must not exhaust the thread's.
fn inline_markdown(nodes: &[Node<'_>]) -> String {
    inline_markdown_as(nodes, Inline::Prose)
}

/// Where a run of inline HTML is written, for what `inline_markdown_as` leaves out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inline {
    Prose,
    /// A table's cell: a footnote's mark is left out (`cell_text` says it).
    Cell,
    /// A footnote's text: its way back to the mark (`↩`) and its label are left out.
    Note,
}

/// `inline_markdown` of the nodes of a cell, a note or prose (`mode`).
fn inline_markdown_as(nodes: &[Node<'_>], mode: Inline) -> String {
    enum Step<'a> {
        Enter(Node<'a>),
        /// The end of an emphasis opened at this byte of the output, with its markdown marker
        /// and its element's name.
        Close(usize, &'static str, &'static str),
        /// The end of a link's text, with its destination.
        Link(String),
        /// The end of a block inside the line: a space.
        Space,
        /// The end of an element kept as inline HTML: its closing tag.
        Raw(&'static str),
    }
    // Emphasis nested deeper than this is written as its text: each level copies what it holds,
    // and thousands of levels would cost the square of the page.
    const DEEPEST: usize = 16;
    let mut open = 0;
    let mut out = String::new();
    let mut stack: Vec<Step<'_>> = nodes.iter().rev().map(|n| Step::Enter(*n)).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Space => out.push(' '),
            Step::Raw(tag) => out.push_str(tag),
            Step::Close(start, marker, element) => {
                open -= 1;
                // `** busy**` is no emphasis in markdown: the spaces go outside the markers. And
                // `*` emphasis opens and closes only beside a letter or digit (`**"quoted"**word`
                // stays literal asterisks), so other text keeps its element as inline HTML.
                let inner = out.split_off(start);
                let trimmed = inner.trim();
                if !trimmed.is_empty() {
                    if inner.starts_with(char::is_whitespace) {
                        out.push(' ');
                    }
                    let alphanumeric = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                    if alphanumeric(trimmed.chars().next()) && alphanumeric(trimmed.chars().next_back()) {
                        out.push_str(marker);
                        out.push_str(trimmed);
                        out.push_str(marker);
                    } else {
                        out.push_str(&format!("<{element}>{trimmed}</{element}>"));
                    }
                    if inner.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                } else if !inner.is_empty() {
                    out.push(' ');
                }
            }
            Step::Link(destination) => {
                out.push_str("](");
                out.push_str(&destination);
                out.push(')');
            }
            Step::Enter(node) => match node.value() {
                scraper::Node::Text(text) => push_collapsed(&mut out, &escape_inline(&text[..])),
                scraper::Node::Element(e) => match e.name() {
                    "script" | "style" | "template" => {}
                    // A hard line break: a backslash at the end of the line.
                    "br" => out.push_str("\\\n"),
                    "img" => {
                        // An image's `data:` URL is a picture (an `<img>` runs no script in it).
                        let picture = |src: &str| {
                            !runs_script(src)
                                || src.trim_start().to_ascii_lowercase().starts_with("data:image/")
                        };
                        if let Some(src) = image_source(e).filter(|src| picture(src)) {
                            let alt = e.attr("alt").unwrap_or_default();
                            no_image_bang(&mut out);
                            out.push_str("![");
                            push_collapsed(&mut out, &escape_inline(alt));
                            out.push_str("](");
                            out.push_str(&link_destination(src));
                            out.push(')');
                        }
                    }
                    "code" | "kbd" | "samp" => {
                        let code: String =
                            node.descendants().filter_map(|n| n.value().as_text().map(|t| &**t)).collect();
                        let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !code.is_empty() {
                            out.push_str(&code_span(&code));
                        }
                    }
                    name @ ("strong" | "b" | "em" | "i") if open < DEEPEST => {
                        open += 1;
                        let (marker, element) =
                            if matches!(name, "strong" | "b") { ("**", "strong") } else { ("*", "em") };
                        stack.push(Step::Close(out.len(), marker, element));
                        stack.extend(node.children().rev().map(Step::Enter));
                    }
                    // A footnote's mark: markdown's own (`[^1]`), its note written where the
                    // page wrote it (`footnotes`).
                    "sup" | "a" if footnote_mark(node).is_some() => {
                        // A table's cell leaves it out (`cell_text` says so).
                        if mode != Inline::Cell {
                            out.push_str(&format!("[^{}]", footnote_mark(node).unwrap_or_default()));
                        }
                    }
                    // The way back from a note to its mark, and the note's label: markdown's
                    // notes have their own.
                    _ if mode == Inline::Note && (is_note_furniture(e) || is_back_arrow(node)) => {}
                    "sup" | "sub" => {
                        let mark: String =
                            node.descendants().filter_map(|n| n.value().as_text()).map(|t| &**t).collect();
                        let mark = mark.trim();
                        let after_digit = out.ends_with(|c: char| c.is_ascii_digit());
                        if mode == Inline::Cell && e.name() == "sup" && !after_digit && is_mark_text(mark) {
                            // Left out, as `cell_text` leaves it out of the figures and says it.
                        } else if !mark.is_empty() {
                            let (open, close) =
                                if e.name() == "sup" { ("<sup>", "</sup>") } else { ("<sub>", "</sub>") };
                            out.push_str(open);
                            stack.push(Step::Raw(close));
                            stack.extend(node.children().rev().map(Step::Enter));
                        }
                    }
                    // A theme's link to a heading beside it (`#`, `🔗`, `¶`: PaperMod's `anchor`,
                    // Zola's `zola-anchor`, a hidden one): the page's own chrome, which the
                    // record's page draws again.
                    "a" if is_heading_anchor(node) => {}
                    "a" if e.attr("href").is_some_and(|h| !h.trim().is_empty() && !runs_script(h)) => {
                        no_image_bang(&mut out);
                        out.push('[');
                        stack.push(Step::Link(link_destination(e.attr("href").unwrap_or_default())));
                        stack.extend(node.children().rev().map(Step::Enter));
                    }
                    // A link with nothing to follow, or one that would run script when clicked
                    // (`javascript:`), is its text: the page imported is someone else's HTML.
                    "a" => stack.extend(node.children().rev().map(Step::Enter)),
                    _ => {
                        // A block inside a line (a `<p>` in a list item) parts its words.
                        out.push(' ');
                        stack.push(Step::Space);
                        stack.extend(node.children().rev().map(Step::Enter));
                    }
                },
                _ => {}
            },
        }
    }
    let joined = out.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    // A line break at either end of a block is no break, and would show its backslash.
    let mut line = joined.as_str();
    loop {
        let trimmed = line.trim_matches(' ');
        let trimmed =
            trimmed.strip_prefix("\\\n").or_else(|| trimmed.strip_suffix("\\\n")).unwrap_or(trimmed);
        if trimmed.len() == line.len() {
            break;
        }
        line = trimmed;
    }
    // A line after a break starts a line of markdown: `- b` or `# b` there would open a list
    // item or a heading, and `===` would make the line before it a heading.
    let mut lines = line.split('\n');
    let mut text = lines.next().unwrap_or_default().to_string();
    for next in lines {
        text.push('\n');
        if next.starts_with('=') {
            text.push('\\');
        }
        text.push_str(&block_start(next));
    }
    text
}

/// The address of the picture an `<img>` shows: its `src`, or, for an image loaded lazily (a
/// placeholder in `src`, the picture in `data-src`, as WordPress's and most themes' lazy loading
/// write it), the one its script would load; else the first of its `srcset`.
fn image_source(image: &scraper::node::Element) -> Option<&str> {
    let given = |name: &str| image.attr(name).map(str::trim).filter(|value| !value.is_empty());
    let src = given("src");
    // A placeholder: none, a `data:` picture (a pixel, a blurred preview) or a theme's blank.
    let placeholder = src.is_none_or(|src| {
        let lower = src.to_ascii_lowercase();
        lower.starts_with("data:") || ["blank.gif", "placeholder", "lazy"].iter().any(|n| lower.contains(n))
    });
    let lazy = ["data-src", "data-lazy-src", "data-original", "data-orig-file"].into_iter().find_map(given);
    let first_of_set = || {
        ["srcset", "data-srcset", "data-lazy-srcset"]
            .into_iter()
            .find_map(given)
            // The first candidate's URL, up to its width (a URL may hold a comma:
            // `…/upload/w_300,h_200/a.jpg 300w`).
            .and_then(|set| set.split_whitespace().next())
            .map(|url| url.trim_end_matches(','))
    };
    match (placeholder, lazy) {
        (true, Some(lazy)) => Some(lazy),
        (true, None) => first_of_set().or(src),
        _ => src,
    }
}

/// Whether a `<sup>`'s text is a footnote's mark: one to three letters or digits (`1`, `a`, `iv`).
fn is_mark_text(mark: &str) -> bool {
    (1..=3).contains(&mark.chars().count()) && mark.chars().all(char::is_alphanumeric)
}

/// The label of the footnote a mark leads to: a `<sup>` holding a link to `#id` and a mark's
/// text (kramdown's, goldmark's, pandoc's, pulldown-cmark's `<sup><a href="#fn:1">1</a></sup>`), or
/// a link a theme names a footnote's (`class="footnote-ref"`, `role="doc-noteref"`, Substack's
/// `footnote-anchor`). The label is the one `footnote_label` makes of the note's id, so that the
/// mark and its note agree. `None` for anything else.
fn footnote_mark(node: Node<'_>) -> Option<String> {
    let element = node.value().as_element()?;
    // A mark's text: `1`, Ghost's `[1]` and `[1:1]` (its second mark), or a symbol (`†`).
    let mark = |link: scraper::ElementRef<'_>| {
        let text: String = link.text().collect();
        let text = text.trim().trim_start_matches('[').trim_end_matches(']').to_string();
        let symbol = (1..=3).contains(&text.chars().count())
            && !text.chars().any(|c| c.is_alphanumeric() || c.is_whitespace());
        symbol || is_mark_text(text.split(':').next().unwrap_or_default())
    };
    let link = match element.name() {
        "sup" => {
            let mut links =
                node.descendants().filter_map(scraper::ElementRef::wrap).filter(|e| e.value().name() == "a");
            let link = links.next()?;
            (links.next().is_none() && mark(link)).then_some(link)?
        }
        _ => {
            let link = scraper::ElementRef::wrap(node)?;
            let named = link.value().classes().any(|c| c.contains("footnote"))
                || link.value().attr("role").is_some_and(|r| r.eq_ignore_ascii_case("doc-noteref"));
            // A link of a note back to its mark is no mark, nor one of words that names notes.
            (named && mark(link) && !is_note_furniture(link.value())).then_some(link)?
        }
    };
    let id = link.value().attr("href")?.trim().strip_prefix('#')?;
    footnote_label(id)
}

/// A footnote's label for markdown, made of the id its note has on the page: `fn:1`, `fn-1`,
/// `fn1`, `footnote-1` and `1` are all `1`; an id of other words keeps its letters, digits and
/// dashes (`fn:why` is `why`). `None` for an id with none.
fn footnote_label(id: &str) -> Option<String> {
    let id = percent_decoded(id);
    let rest = ["fn:", "fn-", "fn_", "footnote-", "footnote_", "footnote", "fn"]
        .iter()
        .find_map(|prefix| id.strip_prefix(prefix).filter(|rest| !rest.is_empty()))
        .unwrap_or(&id);
    let label: String = rest.chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_')).collect();
    (!label.is_empty()).then_some(label)
}

/// `text` with its `%XX` escapes decoded, where they make UTF-8 (an id in a link is written so).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// What a page's footnote holds besides its text: the link back to its mark (`↩`, kramdown's
/// `reversefootnote`, goldmark's `footnote-backref`, pandoc's `doc-backlink`) and its label
/// (pulldown-cmark's `footnote-definition-label`, Substack's `footnote-number`).
fn is_note_furniture(element: &scraper::node::Element) -> bool {
    let href = element.attr("href").unwrap_or_default().trim();
    element.classes().any(|class| {
        matches!(
            class,
            "reversefootnote" | "footnote-backref" | "footnote-definition-label" | "footnote-number"
        )
    }) || element.attr("role").is_some_and(|role| role.eq_ignore_ascii_case("doc-backlink"))
        || href.starts_with("#fnref")
        || href.starts_with("#footnote-anchor")
}

/// Whether an element is a post's own body, as blog engines name it (Blogger's `post-body`,
/// WordPress's `entry-content`, `post-content`, microformats' `e-content`, schema.org's
/// `articleBody`): text straight in it is the post's.
fn is_post_body(element: &scraper::node::Element) -> bool {
    element.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
        || element.classes().any(|c| {
            matches!(c, "post-body" | "entry-content" | "post-content" | "e-content" | "article-content")
        })
}

/// A run of a body's text as its paragraphs: apart where two line breaks or more part it (each
/// written `\` then a line's end), a single break kept within its paragraph.
fn paragraphs_of_breaks(markdown: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in markdown.split('\n') {
        let bare = line.strip_suffix('\\').unwrap_or(line).trim();
        if bare.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
        .into_iter()
        .map(|lines| {
            let joined = lines.join("\n");
            let joined = joined.trim_end();
            joined.strip_suffix('\\').unwrap_or(joined).trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a node is a theme's link to a heading: to a `#fragment`, of no words (`#`, `¶`, `🔗`),
/// and hidden or named an anchor by its class.
fn is_heading_anchor(node: Node<'_>) -> bool {
    let Some(link) = scraper::ElementRef::wrap(node).filter(|e| e.value().name() == "a") else {
        return false;
    };
    let element = link.value();
    let to_fragment = element.attr("href").is_some_and(|h| h.trim().starts_with('#'));
    let marked = element.attr("hidden").is_some()
        || element.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || element.classes().any(|c| c.contains("anchor"));
    let text: String = link.text().collect();
    let picture = link.descendants().any(|n| n.value().as_element().is_some_and(|e| e.name() == "img"));
    to_fragment && marked && !picture && !text.chars().any(char::is_alphanumeric)
}

/// Whether a node is a link whose text is an arrow back (`↩`, `↩︎`, `↑`, `^`), as notes end with
/// (WordPress's footnotes block links `#…-link` so).
fn is_back_arrow(node: Node<'_>) -> bool {
    let Some(link) = scraper::ElementRef::wrap(node).filter(|e| e.value().name() == "a") else {
        return false;
    };
    let text: String = link.text().collect();
    matches!(
        text.trim().trim_end_matches(['\u{fe0e}', '\u{fe0f}']),
        "\u{21a9}" | "\u{2191}" | "^" | "\u{2934}"
    )
}

/// Whether an element holds a page's footnotes: kramdown's and goldmark's `<div class="footnotes">`,
/// pandoc's `<section role="doc-endnotes">`, or one note of pulldown-cmark's
/// (`<div class="footnote-definition">`) or Substack's (`<div class="footnote">`).
fn is_footnotes(element: &scraper::node::Element) -> bool {
    element
        .classes()
        .any(|class| matches!(class, "footnotes" | "footnote-definition" | "footnote" | "wp-block-footnotes"))
        || element.attr("role").is_some_and(|role| role.eq_ignore_ascii_case("doc-endnotes"))
}

/// The footnotes an element holds (`is_footnotes`) as markdown's, `[^1]: text` each, a blank line
/// between them; a note's paragraphs are one line. Each note is an element with an id (a list
/// item, pulldown-cmark's `<div>`) or, in Substack's, the label's link.
fn footnotes(element: scraper::ElementRef<'_>) -> String {
    let labelled = |e: scraper::ElementRef<'_>| e.value().id().and_then(footnote_label);
    let notes: Vec<(String, scraper::ElementRef<'_>)> = match labelled(element) {
        // A note of its own (pulldown-cmark's).
        Some(label)
            if element.value().name() != "section"
                && !element.value().classes().any(|c| c == "footnotes") =>
        {
            vec![(label, element)]
        }
        _ => element
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
            .filter_map(|item| Some((labelled(item)?, item)))
            .collect(),
    };
    // Substack's: the label's link carries the id.
    let notes = if notes.is_empty() {
        element
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().classes().any(|c| c == "footnote-number"))
            .and_then(labelled)
            .map(|label| vec![(label, element)])
            .unwrap_or_default()
    } else {
        notes
    };
    notes
        .into_iter()
        .filter_map(|(label, note)| {
            // Each paragraph of a note of several its own, indented under the first (the
            // `<div>` of Substack's text and pulldown-cmark's label are passed into).
            let mut blocks: Vec<Node<'_>> = note.children().collect();
            while let [only] = blocks
                .iter()
                .copied()
                .filter(|n| {
                    n.value().as_element().is_some_and(|e| !is_note_furniture(e))
                        || n.value().as_text().is_some_and(|t| !t.trim().is_empty())
                })
                .collect::<Vec<_>>()[..]
                && only.value().as_element().is_some_and(|e| e.name() == "div")
            {
                blocks = only.children().collect();
            }
            let paragraph = |n: &Node<'_>| n.value().as_element().is_some_and(|e| e.name() == "p");
            let parts: Vec<String> = if blocks.iter().filter(|n| paragraph(n)).count() >= 2 {
                // Each block a part (a list or table between paragraphs is its text), a run of
                // inline nodes one part; each escaped as a paragraph's start (`2. Second` is no
                // list), the first's too, though it follows `[^1]:`.
                let mut groups: Vec<Vec<Node<'_>>> = Vec::new();
                let mut inline_run = false;
                for n in &blocks {
                    if paragraph(n) {
                        groups.push(n.children().collect());
                        inline_run = false;
                    } else if is_inline(*n) {
                        if !inline_run {
                            groups.push(Vec::new());
                        }
                        if let Some(group) = groups.last_mut() {
                            group.push(*n);
                        }
                        inline_run = true;
                    } else {
                        groups.push(vec![*n]);
                        inline_run = false;
                    }
                }
                groups
                    .iter()
                    .map(|inner| {
                        inline_markdown_as(inner, Inline::Note).replace("\\\n", " ").trim().to_string()
                    })
                    .filter(|p| !p.is_empty())
                    .map(|p| block_start(&p))
                    .collect()
            } else {
                let children: Vec<Node<'_>> = note.children().collect();
                vec![inline_markdown_as(&children, Inline::Note).replace("\\\n", " ").trim().to_string()]
            };
            let text = parts.join("\n\n    ");
            (!text.is_empty()).then(|| format!("[^{label}]: {text}"))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A heading's content as markdown: its inline markup kept, on one line (a `<br>` is a space),
/// and a `#` at its end escaped, which would be read as the heading's closing sequence.
fn heading_markdown(children: &[Node<'_>]) -> String {
    let mut markdown = inline_markdown(children).replace("\\\n", " ");
    if markdown.ends_with('#') {
        markdown.pop();
        markdown.push_str("\\#");
    }
    markdown
}

/// Escapes a `!` that ends `out`, before a link or an image is written after it: `!` then `[`
/// would make the link an image (`It works![the screenshot](…)`).
fn no_image_bang(out: &mut String) {
    let Some(before) = out.strip_suffix('!') else { return };
    // An odd run of backslashes before it escapes it already.
    let backslashes = before.len() - before.trim_end_matches('\\').len();
    if backslashes % 2 == 0 {
        out.pop();
        out.push_str("\\!");
    }
}

/// Appends `text` with each whitespace run as one space.
fn push_collapsed(out: &mut String, text: &str) {
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
}

/// Whether a URL runs script instead of leading somewhere: a `javascript:` or `vbscript:` URL, or
/// a `data:` URL (which can hold a page of script), read as browsers read a scheme (letters in
/// any case, with tabs, line breaks and control characters ignored).
fn runs_script(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.trim_start_matches('\u{feff}'), "javascript" | "vbscript" | "data")
}

/// A link destination as markdown reads it whole: the bytes that would end or break it
/// (whitespace, `<`, `>`, parentheses) percent-encoded.
fn link_destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// `code` as a code span: fenced by one backtick more than its longest run of them, with a
/// space inside the fences when it begins or ends with one.
fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(code) + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A `<pre>` as a fenced code block, its text as it is, with the language of a
/// `class="language-x"` on it or its `<code>`.
fn code_block(pre: scraper::ElementRef<'_>) -> String {
    code_block_in(pre, pre)
}

/// `code_block` of `pre`, which a highlighter's table of numbered lines holds in `outer` (the
/// `<pre>` or `<table>` read as the block, whose boxes may name the language).
fn code_block_in(pre: scraper::ElementRef<'_>, outer: scraper::ElementRef<'_>) -> String {
    // Line numbers a highlighter writes into the code (Hugo's `lineNos = "inline"`) are no part of it.
    let number = |node: Node<'_>| {
        node.value()
            .as_element()
            .is_some_and(|e| e.classes().any(|c| matches!(c, "ln" | "lnt" | "lineno" | "linenos")))
    };
    // A `<br>` is a line's end (Medium writes its code's lines so); in Zola's table of numbered
    // lines (`<pre data-linenos>`), each row's last cell is a line.
    let zola_rows = pre.value().attr("data-linenos").is_some();
    let mut code = String::new();
    for node in pre.descendants().filter(|n| !n.ancestors().take_while(|a| a.id() != pre.id()).any(number)) {
        if let Some(text) = node.value().as_text() {
            let in_number_cell = zola_rows
                && node
                    .ancestors()
                    .find(|a| a.value().as_element().is_some_and(|e| e.name() == "td"))
                    .is_some_and(|cell| {
                        cell.next_siblings().any(|n| n.value().as_element().is_some_and(|e| e.name() == "td"))
                    });
            if !in_number_cell {
                code.push_str(text);
            }
        } else if node.value().as_element().is_some_and(|e| e.name() == "br") {
            code.push('\n');
        }
    }
    let code = code.strip_prefix('\n').unwrap_or(&code).trim_end();
    let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
    // The language is the code's class (`language-rust`), or its box's (Jekyll's `<div
    // class="language-ruby highlighter-rouge">` around the `<pre>`, or the `<code>` around
    // Rouge's table in a `<figure>`).
    let nested = if pre.id() == outer.id() { 0 } else { usize::MAX };
    let inside = pre.ancestors().take(nested).take_while(|a| a.id() != outer.id());
    let boxes = inside.chain(outer.ancestors().take(4)).filter_map(|n| n.value().as_element());
    let language = pre
        .descendants()
        .filter_map(|n| n.value().as_element())
        .chain(boxes)
        .flat_map(|e| e.classes())
        .find_map(|class| class.strip_prefix("language-"))
        .filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c)))
        .unwrap_or("");
    format!("{fence}{language}\n{code}\n{fence}")
}

/// `numbered_code` of the first table inside `element`.
fn numbered_code_in(element: scraper::ElementRef<'_>) -> Option<scraper::ElementRef<'_>> {
    element
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .find(|e| e.value().name() == "table")
        .and_then(numbered_code)
}

/// The code of a highlighter's table of numbered lines (Hugo's `lntable`, Jekyll's Rouge
/// `rouge-table`, Pygments' `highlighttable`): its last `<pre>`, the numbers' column left out.
fn numbered_code(table: scraper::ElementRef<'_>) -> Option<scraper::ElementRef<'_>> {
    let code_table =
        table.value().classes().any(|c| matches!(c, "lntable" | "rouge-table" | "highlighttable"));
    if !code_table {
        return None;
    }
    table.descendants().filter_map(scraper::ElementRef::wrap).filter(|e| e.value().name() == "pre").last()
}

/// The deepest a list is indented in markdown; lists below it are written at its depth.
const MOST_LIST_DEPTH: usize = 16;

/// A `<ul>` or `<ol>` as a markdown list, each list nested in an item indented below it.
fn list_markdown(list: scraper::ElementRef<'_>) -> String {
    /// A list to write at a depth, or a line written.
    enum Item<'a> {
        List(scraper::ElementRef<'a>, usize),
        Line(String),
    }
    let mut lines = Vec::new();
    // A stack of its own: lists nested thousands deep are no recursion.
    let mut stack = vec![Item::List(list, 0)];
    while let Some(item) = stack.pop() {
        let (list, depth) = match item {
            Item::Line(line) => {
                lines.push(line);
                continue;
            }
            Item::List(list, depth) => (list, depth),
        };
        let ordered = list.value().name() == "ol";
        // CommonMark reads at most nine digits as a list number.
        let first = list
            .value()
            .attr("start")
            .and_then(|n| n.trim().parse::<u32>().ok())
            .filter(|n| *n < 900_000_000)
            .unwrap_or(1);
        let is_list = |e: &scraper::ElementRef<'_>| matches!(e.value().name(), "ul" | "ol");
        let mut work = Vec::new();
        for (n, entry) in list.child_elements().filter(|e| e.value().name() == "li").enumerate() {
            let own: Vec<Node<'_>> = entry
                .children()
                .filter(|c| !scraper::ElementRef::wrap(*c).is_some_and(|e| is_list(&e)))
                .collect();
            let number = u64::from(first) + n as u64;
            let marker = if ordered { format!("{number}.") } else { "-".to_string() };
            let text = block_start(&inline_markdown(&own));
            // Nested deeper than markdown's readers follow (sixteen levels), an item is written at
            // that depth: 5,000 levels were 50 MB of indentation.
            let indent = "    ".repeat(depth.min(MOST_LIST_DEPTH));
            work.push(Item::Line(format!("{indent}{marker} {text}").trim_end().to_string()));
            work.extend(entry.child_elements().filter(is_list).map(|sub| Item::List(sub, depth + 1)));
        }
        stack.extend(work.into_iter().rev());
    }
    lines.join("\n")
}

/// A list written with the other markers: `*` for `-`, `1)` for `1.`, on its own items (nested
/// lists, indented, are apart already).
fn other_markers(list: &str) -> String {
    list.lines()
        .map(|line| {
            if let Some(rest) = line.strip_prefix('-').filter(|r| r.is_empty() || r.starts_with(' ')) {
                return format!("*{rest}");
            }
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            match line[digits..].strip_prefix('.') {
                Some(rest) if digits > 0 => format!("{})", &line[..digits]) + rest,
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `<blockquote>` as a markdown quote: its paragraphs, lists, code blocks and text, each a
/// quoted block (a quote in it is flattened into it, walked with a stack of its own).
fn quote_markdown(quote: scraper::ElementRef<'_>) -> String {
    let mut blocks = Vec::new();
    let mut run: Vec<Node<'_>> = Vec::new();
    let mut stack: Vec<Option<Node<'_>>> = quote.children().rev().map(Some).collect();
    // The number of blocks after the last list, and whether it used the other markers.
    let mut list_before: Option<(usize, bool)> = None;
    // `None` ends the run of inline nodes before a block.
    let flush = |run: &mut Vec<Node<'_>>, blocks: &mut Vec<String>| {
        let text = inline_markdown(run);
        if !text.is_empty() {
            blocks.push(block_start(&text));
        }
        run.clear();
    };
    while let Some(item) = stack.pop() {
        let Some(node) = item else {
            flush(&mut run, &mut blocks);
            continue;
        };
        if is_inline(node) {
            run.push(node);
            continue;
        }
        flush(&mut run, &mut blocks);
        let Some(element) = scraper::ElementRef::wrap(node) else { continue };
        match element.value().name() {
            "p" => {
                let text = inline_markdown(&node.children().collect::<Vec<_>>());
                if !text.is_empty() {
                    blocks.push(block_start(&text));
                }
            }
            "ul" | "ol" => {
                // Two lists in a row are kept apart by their markers, as at the top level.
                let list = list_markdown(element);
                let other = list_before == Some((blocks.len(), false));
                blocks.push(if other { other_markers(&list) } else { list });
                list_before = Some((blocks.len(), other));
            }
            "pre" => blocks.push(code_block(element)),
            "script" | "style" | "template" => {}
            _ => {
                stack.push(None);
                stack.extend(node.children().rev().map(Some));
            }
        }
    }
    flush(&mut run, &mut blocks);
    blocks
        .iter()
        .map(|block| {
            block
                .lines()
                .map(|line| format!("> {line}").trim_end().to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n>\n")
}

/// `escape_markdown` for a line already converted to markdown: a leading `*` there is always an
/// emphasis leverage wrote (a `*` of the text is escaped), so it is kept.
fn block_start(markdown: &str) -> String {
    if markdown.starts_with('*') { markdown.to_string() } else { escape_markdown(markdown) }
}

/// Whether `element` holds a table.
fn holds_table(element: scraper::ElementRef<'_>) -> bool {
    element.descendants().any(|n| n.value().as_element().is_some_and(|e| e.name() == "table"))
}

/// The text of `element` outside the tables it holds, its whitespace runs made single spaces.
fn text_outside_tables(element: scraper::ElementRef<'_>) -> String {
    let mut words = Vec::new();
    let mut stack = vec![*element];
    while let Some(node) = stack.pop() {
        match node.value() {
            scraper::Node::Text(text) => words.extend(text.split_whitespace().map(str::to_string)),
            scraper::Node::Element(e) if e.name() == "table" => {}
            _ => stack.extend(node.children().rev()),
        }
    }
    words.join(" ")
}

/// A block of an HTML page.
enum Line {
    /// A heading's level, its plain text, and its text as markdown (none when the markup could
    /// not be kept).
    Heading(u8, String, Option<String>),
    /// A paragraph, code block or quote, as markdown, and its plain text.
    Markdown(String, String),
    /// A list, as markdown, and its plain text.
    List(String, String),
    /// A table's cells.
    Table(Vec<Vec<String>>),
    /// Text outside any block leverage reads (a footer's, a `<div>`'s own words), as markdown,
    /// and its plain text.
    Stray(String, String),
}

impl Post {
    /// The number of task rows read.
    pub(crate) fn task_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| if let Block::Tasks { rows, .. } = b { rows.len() } else { 0 })
            .sum::<usize>()
    }

    /// The post as a content file, dated by its heading, or else by `file_date` (the date its
    /// file's name starts with, as Jekyll and Hugo name posts).
    pub(crate) fn to_markdown(&self, file_date: Option<NaiveDate>) -> Result<(NaiveDate, String), String> {
        let date = self.date.or(file_date).or(self.page_date).ok_or_else(|| match &self.title {
            // The heading is there; its date is not one (`February 30`, `Febuary 3`).
            Some(heading) if is_title(heading) => format!(
                "found the heading `{heading}`, but no date in it: expected `{TITLE} <Month D, YYYY>` (or \
                 `D Month YYYY`, `YYYY-MM-DD`) on a day that exists, such as `{TITLE} March 12, 2026`, or a file \
                 name that starts with the date (`2026-03-12-notes.txt`)"
            ),
            _ => "found no `Leverage Record: <Month D, YYYY>` heading to take the date from, and the file's name \
                  does not start with one (`2026-03-12-notes.txt`)"
                .to_string(),
        })?;
        let mut out = String::from("+++\n");
        if let Some(title) = &self.title {
            // Left out before TOML would write it as an escape, which the file's own pass below
            // would not see.
            let title: String = title.chars().filter(|&c| !shows_as_nothing(c)).collect();
            out.push_str(&format!("title = {}\n", toml::Value::String(title)));
        }
        out.push_str(&format!("date = {}\n", date.format("%Y-%m-%d")));
        let rows_have_tokens = self.blocks.iter().any(|b| match b {
            Block::Tasks { headers, rows, .. } => headers
                .iter()
                .position(|h| kind(h) == ColumnKind::Tokens)
                .is_some_and(|c| rows.iter().any(|r| r.get(c).is_some_and(|v| !v.is_empty()))),
            _ => false,
        });
        let day_tokens = self.blocks.iter().find_map(|b| match b {
            Block::Metrics(m) => m
                .iter()
                .find(|(name, _)| name.to_lowercase().contains("token"))
                .map(|(_, v)| v.split('(').next().unwrap_or("").trim().to_string()),
            _ => None,
        });
        if let Some(tokens) = day_tokens
            .filter(|t| !rows_have_tokens && matches!(content::tokens::parse(t, span()), Ok(Some(_))))
        {
            out.push_str(&format!("tokens = {}\n", toml::Value::String(tokens)));
        }
        out.push_str("+++\n");
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading(level, text) => {
                    out.push_str(&format!("{} {}\n", "#".repeat(usize::from(*level)), escape_heading(text)))
                }
                Block::Markdown(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Paragraph(text) => {
                    out.push_str(&format!("{}\n", escape_markdown(&escape_inline(text))))
                }
                Block::Tasks { headers, rows, markdown } => {
                    out.push_str(&table_line(headers));
                    out.push_str(&format!(
                        "|{}|\n",
                        headers.iter().map(|_| "---").collect::<Vec<_>>().join("|")
                    ));
                    // Text cells are escaped; figures stay as written (`~45k` must read as tokens).
                    let text_column: Vec<bool> = headers.iter().map(|h| is_text(h)).collect();
                    for row in rows {
                        let cells: Vec<String> = row
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                if text_column.get(i) == Some(&true) && *markdown {
                                    c.clone()
                                } else if text_column.get(i) == Some(&true) {
                                    escape_inline(c)
                                } else if headers.get(i).is_some_and(|h| kind(h) == ColumnKind::Tokens) {
                                    // `≈45k`, as a page may print it, is leverage's `~45k`.
                                    approximate_as_tilde(c)
                                } else {
                                    c.clone()
                                }
                            })
                            .collect();
                        out.push_str(&table_line(&cells));
                    }
                }
                Block::Metrics(metrics) => {
                    out.push_str("| Metric | Value |\n|---|---|\n");
                    for (name, value) in metrics {
                        out.push_str(&table_line(&[escape_inline(name), value.clone()]));
                    }
                }
            }
        }
        out.retain(|c| !shows_as_nothing(c));
        Ok((date, out))
    }
}

/// Whether `c` is a control character other than a line's end or a tab: one a page holds
/// (`&#1;` in its HTML) shows as nothing there, and would reach the record's page as it is, or
/// make its title one the build refuses. Import leaves them out.
fn shows_as_nothing(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
}

fn table_line(cells: &[String]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .map(|c| if c.is_empty() { " ".to_string() } else { format!(" {} ", content::edit::escape_cell(c)) })
        .collect();
    format!("|{}|\n", padded.join("|"))
}

/// Imported text is what a page showed, so characters markdown would read as markup are
/// escaped: `Fix <script> nesting in *all* templates` must not become an open script element
/// and an emphasis; `{` and `}` so a heading's `{name}` is not read as its attributes. `&` is
/// escaped only where it could start an entity (`&lt;`).
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let entity = c == '&' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || *n == '#');
        if entity || matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '~' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A heading's text, escaped as prose and with every `#` escaped: a trailing `#` run would be
/// read as the heading's closing sequence and dropped.
fn escape_heading(text: &str) -> String {
    escape_inline(text).replace('#', "\\#")
}

/// Keeps prose from turning into markup it never was: a leading `#`, `>`, `-`, `+`, `*`, `|`, or
/// an ordered-list number (`1.`, `2)`), whose `.` or `)` is escaped (`1\\. `), since a backslash
/// before a digit is no escape.
fn escape_markdown(text: &str) -> String {
    if text.starts_with(['#', '>', '-', '+', '*', '|']) {
        return format!("\\{text}");
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    let ordered = (1..=9).contains(&digits)
        && rest.starts_with(['.', ')'])
        && rest[1..].chars().next().is_none_or(|c| c == ' ' || c == '\t');
    if ordered { format!("{}\\{rest}", &text[..digits]) } else { text.to_string() }
}

/// `leverage import FILE...`: writes each post under content/records/, then reads each file
/// written as a build would and prints its problems. A post whose figures do not read (an AI time
/// of `0min`) is still written, for its writer to fix, but the import fails: the site would not
/// build.
pub(crate) fn run(
    root: &Path,
    files: &[PathBuf],
    options: &content::Options,
) -> Result<Vec<PathBuf>, String> {
    AI_LABELS.set(options.ai_labels.clone());
    let mut written = Vec::new();
    let mut errors = 0;
    // A file that cannot be imported is said and the others are still tried: a migration of
    // many posts is not stopped by its first slip, and a second run imports what was fixed.
    let mut failed = 0;
    let (mut days, mut taken) = site_index(root, options);
    // The feeds of the sites posts came from, to be redirected by the host.
    let mut feeds = std::collections::BTreeSet::new();
    // The Zola posts imported, by their old internal links' paths and their new ones, and the
    // posts with such links, made the records' once every post is in.
    let mut moved: Vec<(String, String)> = Vec::new();
    let mut linking: Vec<ZolaLinks> = Vec::new();
    let posts = posts_of(files);
    for file in &posts {
        let origin = origin::Origin::of(file);
        if let Some(origin) = origin.as_ref().filter(|o| o.is_section()) {
            warning!(
                "{}: skipped: a {} section's own page (`_index.md`), which lists its posts and is none",
                file.display(),
                origin.generator()
            );
            continue;
        }
        let imported = match import_one(root, file, options, (&mut days, &mut taken), origin.as_ref()) {
            Ok(imported) => imported,
            Err(NotImported { at, message }) => {
                // As every diagnostic begins: the place, then what it is.
                let at = at.map_or(String::new(), |(line, col)| format!(":{line}:{col}"));
                let place = format!("{}{at}", file.display());
                errln!(
                    "{}",
                    crate::out::headline(&place, crate::out::Label::Error, &message, crate::out::colored())
                );
                failed += 1;
                continue;
            }
        };
        let Imported { relative, markdown, unplaced, unread, rows, kept, copied, slip } = imported;
        let mut sources = content::Sources::new();
        let id = sources.add(&relative, markdown);
        let parsed = content::parse_document(&sources, id, options);
        let record = parsed.document.as_ref().and_then(|d| d.record());
        // As the build counts them (a totals row is no task, a row with an error is said below).
        let count = record.map_or(rows, |r| r.tasks().count());
        // Kept under --quiet when lines below it name what was not placed: they would not say
        // which post they are of.
        status!(
            keep: !unplaced.is_empty() || !unread.is_empty(),
            "{}: {} into {relative}",
            file.display(),
            crate::out::counted(count as u64, "task")
        );
        if let Some(feed) = origin.as_ref().and_then(|o| Some((o.generator(), o.feed()?.to_string()))) {
            feeds.insert(feed);
        }
        if !copied.is_empty() {
            status!("  copied with it: {} (its bundle's files)", copied.join(", "));
        }
        if let (Some(address), Some(origin)) = (kept, &origin) {
            status!(
                "  kept: {address}, its address on the {} site, redirects to the record",
                origin.generator()
            );
        }
        if let Some(slip) = &slip {
            warning!("{relative}: {slip}");
        }
        for note in &unplaced {
            let short: String = note.chars().take(100).collect();
            errln!("  not placed: {short}{}", if note.chars().count() > 100 { "…" } else { "" });
        }
        if !unread.is_empty() {
            // Shown whole, for the writer to add by hand: the figures would silently leave them out.
            for row in &unread {
                errln!("  not placed: {row}");
            }
            errors += unread.len();
            let them = if unread.len() == 1 { "it" } else { "them" };
            error!(
                "{relative}: {} of the post's task table not read (listed above as not placed): the \
                 record's figures leave {them} out; add {them} to its table by hand",
                crate::out::counted(unread.len() as u64, "row"),
            );
        }
        let mut diagnostics = parsed.diagnostics.clone();
        // The stated figures are checked against the computed ones, as `check` does.
        if let Some(record) = record {
            let totals = math::Totals::of_record(
                record.tasks().map(|t| &t.figures),
                record.day_tokens.as_ref().map(|c| c.value),
            );
            let spread = math::Spread::of(record.tasks().map(|t| t.figures.leverage()));
            diagnostics.extend(site::audit::check(record, &totals, spread.as_ref(), &options.week));
        }
        for diagnostic in diagnostics {
            errors += usize::from(diagnostic.severity == content::Severity::Error);
            crate::diagnostics::print(&sources, &diagnostic);
        }
        if let Some(old) = origin.as_ref().and_then(origin::Origin::zola_link) {
            moved.push((old, relative.strip_prefix("content/").unwrap_or(&relative).to_string()));
        }
        let links = parsed.document.as_ref().map_or_else(Vec::new, |document| {
            document
                .links
                .iter()
                .filter(|l| l.dest.starts_with("@/"))
                .map(|l| (l.span.range(), l.dest.clone()))
                .collect()
        });
        if !links.is_empty() {
            linking.push((root.join(&relative), sources.get(id).text.clone(), links));
        }
        written.push(root.join(relative));
    }
    relink(root, &linking, &moved);
    for (generator, feed) in feeds {
        note!(
            "the {generator} site's feed was at {feed}, and leverage's is /atom.xml: for its readers, have the \
             host redirect {feed} there (a page cannot, docs/deploy.md)"
        );
    }
    if failed > 0 {
        return Err(format!(
            "{failed} of {} not imported (above){}",
            crate::out::counted(posts.len() as u64, "file"),
            if errors > 0 { format!("; {errors} error(s) in what was imported") } else { String::new() }
        ));
    }
    if errors > 0 {
        return Err(format!(
            "{errors} error(s) in what was imported: the files are written, and the site builds once they are fixed"
        ));
    }
    Ok(written)
}

/// Why a post was not imported, and where in it when that is known (a 1-based line and column,
/// as a content error names them).
#[derive(Debug)]
pub(crate) struct NotImported {
    pub(crate) at: Option<(usize, usize)>,
    pub(crate) message: String,
}

impl From<String> for NotImported {
    fn from(message: String) -> NotImported {
        NotImported { at: None, message }
    }
}

impl From<&str> for NotImported {
    fn from(message: &str) -> NotImported {
        NotImported::from(message.to_string())
    }
}

/// The text of a post: UTF-8, or UTF-16 with its byte order mark (Windows' "Unicode"). Any other
/// encoding is refused where its first byte that is no UTF-8 is: read as UTF-8 its letters would
/// be replaced by `�` in the record, with nothing to say so. A tab in a table's delimiter row is
/// a space, as a build reads it (`content::load::delimiter_tabs`), and the record is written so.
fn text_of(bytes: Vec<u8>) -> Result<String, NotImported> {
    let mut text = decoded(bytes)?;
    content::load::delimiter_tabs_in(&mut text);
    Ok(text)
}

/// The text of a post as `text_of` reads it, its delimiter rows as written. Old Mac line
/// endings (a lone CR each, in a file without LF) are read as LF, as a build reads them: the
/// sample's heading, a post's front matter and a table's rows were one line otherwise.
fn decoded(bytes: Vec<u8>) -> Result<String, NotImported> {
    let text = utf8_or_16(bytes)?;
    Ok(if content::load::is_old_mac(text.as_bytes()) { text.replace('\r', "\n") } else { text })
}

/// A post's bytes as text: UTF-8, or UTF-16 after its byte order mark.
fn utf8_or_16(bytes: Vec<u8>) -> Result<String, NotImported> {
    let utf16 = |units: Vec<u16>| {
        String::from_utf16(&units).map_err(|_| {
            NotImported::from("expected UTF-16 text after its byte order mark, found a broken character")
        })
    };
    match bytes.as_slice() {
        [0xff, 0xfe, rest @ ..] if rest.len() % 2 == 0 => {
            return utf16(rest.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect());
        }
        [0xfe, 0xff, rest @ ..] if rest.len() % 2 == 0 => {
            return utf16(rest.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect());
        }
        _ => {}
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // Placed in the text read so far as every diagnostic is (lines ended by CR, LF or both).
        let before = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        NotImported {
            at: Some(content::SourceFile::new(PathBuf::new(), before).line_col(at)),
            message: format!(
                "expected UTF-8 text, found the byte 0x{:02X} (Latin-1 or Windows-1252?): save the file as UTF-8 and import it again",
                e.as_bytes()[at]
            ),
        }
    })
}

/// A post written as a content file by `import_one`.
struct Imported {
    /// The content file, below the site's root (`content/records/2026-03-12.md`).
    relative: String,
    markdown: String,
    /// What could not be placed, and the task rows that could not be read.
    unplaced: Vec<String>,
    unread: Vec<String>,
    /// The task rows written, for a file that does not read as a record.
    rows: usize,
    /// The post's address on the site it came from, kept as an alias.
    kept: Option<String>,
    /// The files of the post's bundle copied into the record's, below its folder.
    copied: Vec<String>,
    /// A weekday in the title that is not the date's (`weekday_slip`).
    slip: Option<String>,
}

/// A post's Zola internal links (`@/blog/2026-03-02-bundle/index.md#tasks`), as the record's
/// parse found them: where it is written, its text, and each link's place in it and destination.
type ZolaLinks = (PathBuf, String, Vec<(std::ops::Range<usize>, String)>);

/// Zola's internal links between posts imported together made the links of their records
/// (`@/records/2026-03-02/index.md`), in each file of `linking`: left as they were, they led to
/// paths the site no longer has. The links are those markdown reads (a `@/` in code is none);
/// one to a post not imported is left, for the build's warning, and so is one written by a
/// reference (`[r]: @/...`), whose destination is not inside the link.
fn relink(root: &Path, linking: &[ZolaLinks], moved: &[(String, String)]) {
    for (path, text, links) in linking {
        let mut out = String::with_capacity(text.len());
        let (mut at, mut changed) = (0, Vec::new());
        for (range, dest) in links {
            let old = dest["@/".len()..].split(['#', '?']).next().unwrap_or_default();
            let Some((_, new)) = moved.iter().find(|(moved, _)| moved == old) else { continue };
            // The destination as written, inside the link (`[the third](@/blog/...)`).
            let Some(found) = text.get(range.clone()).and_then(|link| link.rfind(dest.as_str())) else {
                continue;
            };
            let start = range.start + found + "@/".len();
            if start < at {
                continue;
            }
            out.push_str(&text[at..start]);
            out.push_str(new);
            at = start + old.len();
            changed.push(format!("@/{old} -> @/{new}"));
        }
        out.push_str(&text[at..]);
        if !changed.is_empty() && std::fs::write(path, &out).is_ok() {
            let shown = path.strip_prefix(root).unwrap_or(path);
            status!("{}: links made the imported posts' ({})", shown.display(), changed.join(", "));
        }
    }
}

/// The posts `files` name: a file as it is, unless it is a bundle's picture or other file beside
/// its `index.md` (imported with it: skipped, said); a folder (a Hugo site's `content/posts/`)
/// for every post below it, in order: each text, HTML or markdown file, a bundle's `index.md` and
/// not the files beside it, and neither hidden files nor an editor's leftovers.
fn posts_of(files: &[PathBuf]) -> Vec<PathBuf> {
    const POSTS: [&str; 6] = ["md", "markdown", "html", "htm", "txt", "text"];
    let is_post = |path: &Path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| POSTS.contains(&e.to_ascii_lowercase().as_str()))
    };
    let in_bundle = |path: &Path| {
        path.file_stem().is_none_or(|stem| stem != "index")
            && path.parent().is_some_and(|folder| folder.join("index.md").is_file())
    };
    let mut posts = Vec::new();
    for file in files {
        if !file.is_dir() {
            if in_bundle(file) && !is_post(file) {
                status!("{}: skipped: a file of its bundle, copied with its index.md", file.display());
            } else {
                posts.push(file.clone());
            }
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(file)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                // A site's built pages, dependencies and themes (beside its configuration) hold no
                // post of its own; a folder of posts so named (`posts/public/`) is walked.
                let site = |folder: &Path| {
                    [
                        "config.toml",
                        "hugo.toml",
                        "hugo.yaml",
                        "config.yaml",
                        "_config.yml",
                        "zola.toml",
                        "package.json",
                    ]
                    .iter()
                    .any(|name| folder.join(name).is_file())
                };
                let built = e.file_type().is_dir()
                    && ["_site", "public", "node_modules", "themes", "resources", "target", "vendor"]
                        .iter()
                        .any(|name| e.file_name() == *name)
                    && e.path().parent().is_some_and(site);
                e.depth() == 0
                    || !(built
                        || content::load::is_hidden_name(e.file_name())
                        || site::theme::is_left_out_name(e.file_name()))
            })
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && is_post(e.path()) && !in_bundle(e.path()))
            .map(walkdir::DirEntry::into_path)
            .collect();
        found.sort();
        if found.is_empty() {
            warning!("{}: a folder with no post in it (no .md, .html or .txt file)", file.display());
        }
        posts.extend(found);
    }
    posts
}

/// The files of the bundle in `folder` that a build copies with its page (`content-format.md`,
/// "Bundles"), below the folder, in order: not markdown, nor hidden, nor an editor's leftover,
/// nor inside a bundle of its own.
fn bundle_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(content::load::is_hidden_name(e.file_name())
                    || site::theme::is_left_out_name(e.file_name())
                    || (e.file_type().is_dir() && e.path().join("index.md").exists()))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !Path::new(e.file_name()).extension().is_some_and(content::load::is_markdown_extension))
        .filter_map(|e| e.path().strip_prefix(folder).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

/// The site's records by day: each one's title, path below the root and tasks (`tasks_of`). Read
/// as a build reads them, but a record with errors still counts with the date and title it has.
type Days = std::collections::BTreeMap<NaiveDate, Vec<DayRecord>>;

/// The files the site's pages and their aliases are written to (`about/index.html`, `old.html`):
/// an old address kept as an alias must be none of them.
type Taken = std::collections::BTreeSet<String>;

/// A record of `Days`.
struct DayRecord {
    title: String,
    path: String,
    tasks: String,
}

/// A record's tasks, one line each (its words and figures), to tell a post imported again from
/// another post of the same day: empty for a record without tasks.
fn tasks_of(record: &content::Record) -> String {
    record
        .tasks()
        .map(|t| format!("{}|{:?}|{:?}\n", t.plain_text(), t.figures.human(), t.figures.ai()))
        .collect()
}

fn site_index(root: &Path, options: &content::Options) -> (Days, Taken) {
    let mut days = Days::new();
    let mut taken = Taken::new();
    let (files, _) = content::load::discover(&root.join("content"));
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let mut sources = content::Sources::new();
        let id = sources.add(site::theme::slashed(relative), content::load::decode(bytes).0);
        let parsed = content::parse_document(&sources, id, options);
        let Some(document) = parsed.document else { continue };
        taken.insert(page_file(&document));
        taken.extend(document.aliases.iter().map(|(file, _)| file.clone()));
        if let (Some(record), Some(date)) = (document.record(), document.date) {
            let path = site::theme::slashed(relative);
            days.entry(date).or_default().push(DayRecord {
                tasks: tasks_of(record),
                title: document.title,
                path,
            });
        }
    }
    (days, taken)
}

/// Whether leverage writes a page of its own at `file` (as an alias's is named): the home and
/// 404 pages, the archive, the records' folder (a redirect to the archive), the tag and
/// workstream pages, the home's later pages and the data exports (`site::pages::plan`).
fn generated(file: &str) -> bool {
    matches!(
        file,
        "index.html"
            | "404.html"
            | "archive/index.html"
            | "records/index.html"
            | "tags/index.html"
            | "workstreams/index.html"
    ) || ["tags/", "workstreams/", "page/", "data/"].iter().any(|folder| file.starts_with(folder))
}

/// The file a document's page is written to, as an alias's is named (`records/x/index.html`).
fn page_file(document: &content::Document) -> String {
    format!("{}index.html", site::view::Urls::document_path(document))
}

/// Whether a post's text is HTML: it starts with a tag (`<html>`, `<!DOCTYPE html>`, `<h1>`,
/// `<?xml`), not with `<` alone (a page's text copied with its `<- Back to all posts` link).
fn looks_like_html(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    chars.next() == Some('<') && chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '!' || c == '?')
}

/// Two titles that name the same post: equal but for case and runs of spaces.
fn same_title(a: &str, b: &str) -> bool {
    let words = |t: &str| t.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

/// What tells a second post of a day from the first, for its file's name: the words its file's
/// name has after the date (`2026-03-12-evening.txt`), or else its title's after the year
/// (`Leverage Record: March 12, 2026 (Evening)`), or else a title of its own, whole (`Notes`);
/// as a slug (`evening`). `None` for a post named and titled by its date alone.
fn day_suffix(name: &str, title: &str, date: NaiveDate) -> Option<String> {
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let from_name = content::load::date_prefix(stem).and_then(|_| stem.get(10..));
    let year = date.format("%Y").to_string();
    let from_title = match title.split_once(&year) {
        Some((_, after)) => Some(after),
        None => Some(title),
    };
    [from_name, from_title]
        .into_iter()
        .flatten()
        .find(|words| words.chars().any(char::is_alphanumeric))
        .map(site::slug::slugify)
}

/// Reads one post (page text, HTML, or another generator's markdown post) and writes it under
/// content/records/, never over a record and never as a second record of a post already there
/// (the same day and title). An error says why, without the file's name.
fn import_one(
    root: &Path,
    file: &Path,
    options: &content::Options,
    (days, taken): (&mut Days, &mut Taken),
    origin: Option<&origin::Origin>,
) -> Result<Imported, NotImported> {
    let week = &options.week;
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let text = text_of(bytes)?;
    // A byte order mark (Windows editors write one) is no text of the post.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // A bundle's `index.md` is named by its folder (`2026-04-02-notes/index.md`).
    let bundle = Path::new(name).file_stem().is_some_and(|s| s == "index");
    let named = match file.parent().and_then(Path::file_name).and_then(|n| n.to_str()) {
        Some(folder) if bundle => folder,
        _ => name,
    };
    let file_date = content::load::date_prefix(named);
    let (date, markdown, post, converted) = if markdown_post::is_markdown_post(name, text) {
        // Jekyll's, Hugo's or Zola's: the front matter converted, the body kept. Without a date
        // in front matter or the file's name, the title's, as for text.
        let heading = || text.lines().find_map(|l| title_date(l.trim_start_matches(['#', ' '])));
        let converted = markdown_post::convert(text, file_date.or_else(heading), origin).map_err(|mut e| {
            if bundle && e.message.starts_with("found no date") {
                e.message = "found no date: expected `date` in the front matter, or a bundle's folder named with \
                             one (`2026-03-12-notes/index.md`)"
                    .to_string();
            }
            e
        })?;
        let post = Post { unplaced: converted.left_out.clone(), ..Post::default() };
        (converted.date, converted.text(None)?, post, Some(converted))
    } else {
        let post = if looks_like_html(text) {
            let depth = block_depth(text);
            if depth > MAX_BLOCK_DEPTH {
                return Err(format!(
                    "its HTML nests blocks {} deep; expected a post's page, which nests a few dozen \
                     (HTML's parser takes time with the square of that depth)",
                    math::display::grouped(depth as u64)
                )
                .into());
            }
            from_html(text)
        } else {
            from_text(text, week)
        };
        let (date, markdown) = post.to_markdown(file_date)?;
        (date, markdown, post, None)
    };
    // The title the record will have (front matter's, or the default), as the site's records have theirs.
    let (title, tasks) = {
        let mut sources = content::Sources::new();
        let id = sources.add("content/records/import.md", markdown.clone());
        let document = content::parse_document(&sources, id, options).document;
        let tasks = document.as_ref().and_then(|d| d.record()).map(tasks_of).unwrap_or_default();
        (document.map(|d| d.title).unwrap_or_default(), tasks)
    };
    let day = days.get(&date).map(Vec::as_slice).unwrap_or_default();
    // A title of its own names the post: a record of the day with the same one is this post,
    // imported before (or written by hand) under another file name. The date's own title names
    // no post, so two posts without titles are told apart by their files' names.
    // The same tasks (words and figures) are the same post too, whatever its title.
    let own_title = title != content::load::default_record_title(date);
    let same = |other: &DayRecord| {
        if own_title && same_title(&other.title, &title) {
            Some(format!("the same title (\"{title}\")"))
        } else {
            (!tasks.is_empty() && other.tasks == tasks).then(|| "the same tasks".to_string())
        }
    };
    if let Some((other, what)) = day.iter().find_map(|other| Some((other, same(other)?))) {
        return Err(format!(
            "{} is already the record of {date}, with {what}: leverage never overwrites a record nor imports a \
             post twice (another post of that day needs a title of its own, as `{title} (Evening)`)",
            other.path
        )
        .into());
    }
    // Half the tasks or more the same (words and figures) are this post too, mended since an
    // import that failed on a row wrote the record with its error: not a second post of the day.
    let shared = |other: &DayRecord| {
        let theirs: std::collections::HashSet<&str> = other.tasks.lines().collect();
        let shared = tasks.lines().filter(|line| theirs.contains(line)).count();
        let most = tasks.lines().count().max(theirs.len());
        (shared > 0 && 2 * shared >= most).then_some((shared, most))
    };
    if let Some((other, (shared, most))) = day.iter().find_map(|other| Some((other, shared(other)?))) {
        return Err(format!(
            "{} is already the record of {date}, with {shared} of its {most} tasks: leverage never imports a post \
             twice; mend that record, or remove it and import the post again",
            other.path
        )
        .into());
    }
    let extension = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("txt");
    let relative = match (day.first(), day_suffix(name, &title, date)) {
        (None, _) => format!("content/records/{}.md", date.format("%Y-%m-%d")),
        (Some(_), Some(suffix)) => format!("content/records/{}-{suffix}.md", date.format("%Y-%m-%d")),
        (Some(other), None) => {
            let more = if day.len() > 1 { format!(" (and {} more)", day.len() - 1) } else { String::new() };
            return Err(format!(
                "{}{more} is already the record of {date}, titled \"{}\": to import this post as a second record \
                 of the day, give it a title of its own or its file a name that says which \
                 (`{date}-evening.{extension}`)",
                other.path, other.title
            )
            .into());
        }
    };
    // A second post of the day titled by the date alone is titled as the build titles such a
    // file without a title (`Leverage Record: February 28, 2026 (Evening)`): the archive listed
    // two cards of one title.
    let mut post = post;
    let markdown = match relative.strip_prefix("content/records/").and_then(|r| r.strip_suffix(".md")) {
        Some(stem) if converted.is_none() && !own_title && !day.is_empty() => {
            post.title = Some(content::load::record_title(date, stem));
            post.to_markdown(file_date)?.1
        }
        _ => markdown,
    };
    // A bundle's `index.md` in a Hugo or Zola site, with files beside it, is imported as a
    // bundle, its files with it, so that `![Chart](chart.png)` still shows the chart. (Any other
    // file named `index` is a post alone: the folder of a page saved from the web is no bundle.)
    let bundled = match (&converted, origin) {
        (Some(_), Some(origin)) if bundle && origin.has_bundles() => {
            file.parent().map(bundle_files).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let relative = match relative.strip_suffix(".md") {
        Some(folder) if !bundled.is_empty() => {
            if root.join(folder).exists() {
                return Err(format!("{folder} already exists; leverage never overwrites a record").into());
            }
            format!("{folder}/index.md")
        }
        _ => relative,
    };
    if root.join(&relative).exists() {
        return Err(format!("{relative} already exists; leverage never overwrites a record").into());
    }
    // The post's old address redirects to the record, unless it is the record's own, or another
    // page's or alias's here: that one would be the build's error.
    let own = {
        let mut sources = content::Sources::new();
        let id = sources.add(&relative, markdown.clone());
        content::parse_document(&sources, id, options).document.map(|d| page_file(&d))
    };
    // A slug another page or alias of the site has (two posts of one `slug`): the build would
    // refuse the two pages on one address.
    if let Some(file) = own.as_ref().filter(|file| taken.contains(*file)) {
        let address = format!("/{}", file.trim_end_matches("index.html"));
        return Err(format!(
            "its address `{address}` is another page's or alias's of this site already; expected a `slug` of its own"
        )
        .into());
    }
    // Where an alias would stand: not the record's own page, nor another page or alias of the
    // site, nor a page leverage makes, any of which the build would refuse.
    let mut free = |alias: &str, what: &str| {
        let Ok(file) = content::load::alias_path(alias) else { return false };
        if own.as_ref() == Some(&file) {
            return false;
        }
        let free = !taken.contains(&file) && !generated(&file);
        if free {
            taken.insert(file);
        } else {
            post.unplaced
                .push(format!("{what} `{alias}`: another page or alias of this site has it already"));
        }
        free
    };
    let mut converted = converted;
    let kept = match converted.as_mut() {
        Some(converted) => {
            // The post's own aliases first, then its old address.
            converted.retain_aliases(|alias| {
                // One the build refuses for what it is is left for the build to say.
                content::load::alias_path(alias).is_err() || free(alias, "the alias")
            });
            let site = origin.map_or("old", origin::Origin::generator);
            converted
                .address
                .clone()
                .filter(|address| free(address, &format!("its address on the {site} site,")))
        }
        None => None,
    };
    taken.extend(own);
    let markdown = match &converted {
        Some(converted) => converted.text(kept.as_deref())?,
        None => markdown,
    };
    site::output::write_file(root, &relative, markdown.as_bytes()).map_err(|e| e.to_string())?;
    let folder = Path::new(&relative).parent().unwrap_or(Path::new(""));
    for below in &bundled {
        let to = root.join(folder).join(below);
        let copied = to.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
            std::fs::copy(file.parent().unwrap_or(Path::new("")).join(below), &to).map(|_| ())
        });
        copied.map_err(|e| format!("cannot copy the bundle's file {}: {e}", below.display()))?;
    }
    let copied = bundled.iter().map(|p| site::theme::slashed(p)).collect();
    let slip = weekday_slip(&title, date);
    days.entry(date).or_default().push(DayRecord { title, path: relative.clone(), tasks });
    Ok(Imported {
        relative,
        markdown,
        rows: post.task_count(),
        unplaced: post.unplaced,
        unread: post.unread,
        kept,
        copied,
        slip,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> WorkWeek {
        WorkWeek::default()
    }

    /// Lines of the kinds a post's page text holds, for `imported_text_builds`.
    fn page_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let cell = prop_oneof![
            Just("2h".to_string()),
            Just("~3 days".to_string()),
            Just("45min".to_string()),
            Just("1.5h".to_string()),
            Just("n/a".to_string()),
            Just("-".to_string()),
            Just("~120K".to_string()),
            Just("1.2M".to_string()),
            Just("24x".to_string()),
            Just("2-3 weeks".to_string()),
            "[0-9]{1,4}",
            "[a-zA-Z0-9 <>&*_`~#|\\\\{}+\"'=.:!-]{0,12}",
        ];
        let header = prop_oneof![
            Just("Task Human Est. Claude Time Sup. Tokens Factor"),
            Just("# Task Human Est. Claude Sup. Tokens Leverage Sup. Factor"),
            Just("Task\tHuman Est.\tClaude Time\tTokens"),
            Just("Task Human Est. Claude Time"),
            Just("| Task | Human Est. | Claude Time |"),
            Just("|---|---|---|"),
            Just("Metric Value"),
            Just("Aggregate Stats"),
            Just("About these records"),
            Just("Let's Build Something!"),
            Just("Leverage Record: February 28, 2026"),
        ];
        prop_oneof![
            header.prop_map(str::to_string),
            "[a-zA-Z0-9 <>&*_`~#|\\\\{}+\"'=.:!()-]{0,16}"
                .prop_map(|t| format!("Leverage Record: March 12th, 2026 {t}")),
            proptest::collection::vec(cell, 1..8).prop_map(|cells| cells.join(" ")),
            proptest::collection::vec("[a-zA-Z0-9 .~]{0,8}", 1..8).prop_map(|cells| cells.join("\t")),
            "[a-zA-Z0-9 <>&*_`~#|\\\\{}+\"'=.:!\\[\\]()-]{0,40}",
            Just(String::new()),
        ]
    }

    /// Elements of the kinds a post's HTML holds, for `imported_html_builds`.
    fn page_element() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let text = "[a-zA-Z0-9 <>&*_`~#|\\\\{}+\"'=.:!\\[\\]()-]{0,24}";
        let inline = prop_oneof![
            text.prop_map(|t| t.replace('<', "&lt;")),
            text.prop_map(|t| format!("<b>{}</b>", t.replace('<', "&lt;"))),
            text.prop_map(|t| format!("<code>{}</code>", t.replace('<', "&lt;"))),
            text.prop_map(|t| format!("<a href=\"{}\">x</a>", t.replace(['<', '"'], ""))),
            text.prop_map(|t| format!("<em>{t}")),
            Just("<br>".to_string()),
            text.prop_map(|t| format!("<sup><a href=\"#fn:{}\">1</a></sup>", t.replace(['<', '"'], ""))),
            text.prop_map(|t| format!("<sup>{}</sup>", t.replace('<', "&lt;"))),
        ];
        let cell = prop_oneof![
            Just("2h".to_string()),
            Just("~3 days".to_string()),
            Just("45min".to_string()),
            Just("n/a".to_string()),
            Just("~120K".to_string()),
            Just("24x".to_string()),
            Just(String::new()),
            inline.clone(),
        ];
        let headers = prop_oneof![
            Just("<tr><th>Task</th><th>Human Est.</th><th>Claude Time</th><th>Tokens</th></tr>"),
            Just(
                "<tr><th>#</th><th>Task</th><th>Human Est.</th><th>Claude</th><th>Sup.</th><th>Factor</th></tr>"
            ),
            Just("<tr><th>Metric</th><th>Value</th></tr>"),
            Just(""),
        ];
        let row = proptest::collection::vec(cell, 0..7).prop_map(|cells| {
            format!("<tr>{}</tr>", cells.iter().map(|c| format!("<td>{c}</td>")).collect::<String>())
        });
        prop_oneof![
            text.prop_map(|t| format!(
                "<h1>Leverage Record: February 28, 2026 {}</h1>",
                t.replace('<', "&lt;")
            )),
            (1..7u8, inline.clone()).prop_map(|(n, t)| format!("<h{n}>{t}</h{n}>")),
            proptest::collection::vec(inline.clone(), 0..4).prop_map(|t| format!("<p>{}</p>", t.concat())),
            (headers, proptest::collection::vec(row, 0..5)).prop_map(|(h, rows)| format!(
                "<table><thead>{h}</thead><tbody>{}</tbody></table>",
                rows.concat()
            )),
            proptest::collection::vec(inline.clone(), 0..3).prop_map(|t| format!(
                "<ul>{}</ul>",
                t.iter().map(|i| format!("<li>{i}</li>")).collect::<String>()
            )),
            text.prop_map(|t| format!("<pre><code>{}</code></pre>", t.replace('<', "&lt;"))),
            inline.clone().prop_map(|t| format!("<blockquote><p>{t}</p></blockquote>")),
            inline.clone().prop_map(|t| format!("<div>{t}</div>")),
            (text, inline).prop_map(|(id, t)| format!(
                "<div class=\"footnotes\"><ol><li id=\"fn:{}\"><p>{t} <a href=\"#fnref:1\">↩</a></p></li></ol></div>",
                id.replace(['<', '"'], "")
            )),
        ]
    }

    /// The errors a build finds in an imported content file, leaving out those in a task row's
    /// cells (a table's line after its header and delimiter rows): a cell is the post's own figure,
    /// said at its place for the writer to mend, not something import made of the page. `None`
    /// when the file makes no document at all.
    fn build_errors(markdown: &str) -> Option<Vec<String>> {
        let mut sources = content::Sources::new();
        let id = sources.add("content/records/2026-03-01.md", markdown.to_string());
        let parsed = content::parse_document(&sources, id, &content::Options::default());
        let lines: Vec<&str> = markdown.lines().collect();
        let in_task_row = |at: u32| {
            let n = markdown[..at as usize].matches('\n').count();
            n >= 2 && [n, n - 1, n - 2].iter().all(|&i| lines.get(i).is_some_and(|l| l.starts_with('|')))
        };
        parsed.document.as_ref()?;
        Some(
            parsed
                .diagnostics
                .iter()
                .filter(|d| d.severity == content::Severity::Error && !in_task_row(d.span.start))
                .map(|d| d.message.clone())
                .collect(),
        )
    }

    proptest::proptest! {
        /// Whatever a page's text holds, what import writes of it is a content file the build
        /// reads: its front matter, headings and tables are whole, and no error is in what import
        /// made of the page (`build_errors`).
        #[test]
        fn imported_text_builds(lines in proptest::collection::vec(page_line(), 0..24)) {
            let text = lines.join("\n");
            let post = from_text(&text, &week());
            if let Ok((_, markdown)) = post.to_markdown(NaiveDate::from_ymd_opt(2026, 3, 1)) {
                let errors = build_errors(&markdown);
                proptest::prop_assert_eq!(errors, Some(vec![]), "\n--- text\n{}\n--- markdown\n{}", text, markdown);
            }
        }

        /// As `imported_text_builds`, for a post's HTML.
        #[test]
        fn imported_html_builds(elements in proptest::collection::vec(page_element(), 0..12)) {
            let html = format!("<html><body><article>{}</article></body></html>", elements.concat());
            let post = from_html(&html);
            if let Ok((_, markdown)) = post.to_markdown(NaiveDate::from_ymd_opt(2026, 3, 1)) {
                let errors = build_errors(&markdown);
                proptest::prop_assert_eq!(errors, Some(vec![]), "\n--- html\n{}\n--- markdown\n{}", html, markdown);
            }
        }
    }

    proptest::proptest! {
        /// Imported text renders as the text the page showed: escaped, the markdown of a table
        /// cell gives back the text, HTML-escaped, whatever markup-like characters it holds.
        #[test]
        fn escaped_text_renders_as_itself(text in "[a-zA-Z0-9<>&*_`~#;{}\\[\\]()!/\\\\.:-]([a-zA-Z0-9 <>&*_`~#;{}\\[\\]()!/\\\\.:-]{0,30}[a-zA-Z0-9<>&*_`~#;{}\\[\\]()!/\\\\.:-])?") {
            let escaped = escape_markdown(&escape_inline(&text));
            proptest::prop_assert_eq!(site::body::inline(&escaped, site::body::CellLinks::default()), site::pages::escape_html(&text), "{}", escaped);
            let heading = format!("## {}\n", escape_heading(&text));
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&heading, content::markdown::options()));
            proptest::prop_assert_eq!(html, format!("<h2>{}</h2>\n", site::pages::escape_html(&text)), "{}", heading);
        }
    }

    /// The markdown blocks of an imported post, tables left out.
    fn prose(post: &Post) -> Vec<&str> {
        post.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Markdown(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_heading_whose_date_is_no_day_is_named_as_such() {
        for heading in ["Leverage Record: February 30, 2026", "Leverage Record: Febuary 3, 2026"] {
            let post = from_text(&format!("{heading}\n\nTask Human Est. Claude Time\nA 2h 10min\n"), &week());
            let error = post.to_markdown(None).expect_err("no date");
            assert!(
                error.starts_with(&format!("found the heading `{heading}`, but no date in it")),
                "{error}"
            );
            // The file's name can still date it.
            assert!(post.to_markdown(NaiveDate::from_ymd_opt(2026, 2, 28)).is_ok());
        }
        let error = from_text("Notes\n", &week()).to_markdown(None).expect_err("no date");
        assert!(error.starts_with("found no `Leverage Record: <Month D, YYYY>` heading"), "{error}");
    }

    /// The page's note and footer are told by their words, however the page wrote them.
    #[test]
    fn the_note_and_footer_are_left_out_with_curly_apostrophes_and_other_case() {
        let sample = include_str!("../../../tests/sites/sample/leverage-record-2026-02-28.txt");
        let as_is = from_text(sample, &week());
        let curly = sample
            .replace("Let's Build Something!", "Let\u{2019}s build something")
            .replace("About These Records", "About these records");
        let read = from_text(&curly, &week());
        assert_eq!(read.to_markdown(None), as_is.to_markdown(None), "the same record");
        assert_eq!(read.unplaced.len(), as_is.unplaced.len(), "{:?}", read.unplaced);
        assert!(!read.to_markdown(None).expect("dated").1.contains("consulting"));
        let html = "<h1>Leverage Record: March 1, 2026</h1><p>Prose.</p><h2>About these records</h2><p>Note.</p>\
                    <h2>Let&rsquo;s Build Something!</h2><p>Hire me.</p>";
        let (_, markdown) = from_html(html).to_markdown(None).expect("dated");
        assert!(
            markdown.contains("Prose.") && !markdown.contains("Note.") && !markdown.contains("Hire"),
            "{markdown}"
        );
    }

    #[test]
    fn links_and_images_that_would_run_script_are_left_as_text() {
        let post = from_html(
            "<main><p>Click <a href=\"javascript:alert('link')\">a link</a>, \
             <a href=\" JaVa\tScRiPt:alert(1)\">another</a>, <a href=\"data:text/html,<script>x</script>\">data</a> \
             and <a href=\"https://example.org/\">a real one</a>.</p>\
             <p><img src=\"javascript:alert(2)\" alt=\"bad\"> <img src=\"/ok.png\" alt=\"ok\"></p></main>",
        );
        let text = prose(&post).join("\n");
        assert!(!text.to_lowercase().contains("script:") && !text.contains("data:"), "{text}");
        assert!(
            text.contains("Click a link, another, data and [a real one](https://example.org/)."),
            "{text}"
        );
        assert!(text.contains("![ok](/ok.png)"), "{text}");
        let post =
            from_html("<main><p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\"></p></main>");
        let text = prose(&post);
        assert_eq!(text, ["![dot](data:image/png;base64,iVBORw0KGgo=)"], "a data: picture is kept");
        assert!(
            runs_script("javascript:x") && runs_script("\tjava\nscript:x") && runs_script("DATA:text/html,x")
        );
        assert!(
            !runs_script("https://example.org/javascript:")
                && !runs_script("/javascript")
                && !runs_script("#data")
        );
    }

    /// A table that is not a task table is kept as a markdown table, its cells escaped, its
    /// caption a line above it.
    #[test]
    fn an_html_table_of_other_things_is_kept_as_a_markdown_table() {
        let post = from_html(
            "<h1>Leverage Record: March 14, 2026</h1><h2>Tools</h2><table><caption>Versions</caption>\
             <tr><th>Tool</th><th>Version</th></tr><tr><td>rust*c*</td><td>1.95 | beta</td></tr><tr><td>cargo</td></tr></table>",
        );
        let (_, markdown) = post.to_markdown(None).expect("dated");
        assert!(
            markdown.contains("## Tools\n\nVersions\n\n| Tool | Version |\n|---|---|\n| rust\\*c\\* | 1.95 \\| beta |\n| cargo | |\n"),
            "{markdown}"
        );
        assert!(post.unplaced.is_empty(), "{:?}", post.unplaced);
    }

    /// Without a `Leverage Record:` heading the date is the page title's, or its first
    /// `<time datetime>`'s; WordPress's sharing box is page chrome.
    #[test]
    fn an_html_post_is_dated_by_its_page_title_or_time_and_its_share_box_left_out() {
        let table = "<table><tr><th>Task</th><th>Human Est.</th><th>Claude Time</th></tr>\
                     <tr><td>A</td><td>2h</td><td>10min</td></tr></table>";
        let titled = from_html(&format!(
            "<html><head><title>Leverage Record: March 14, 2026 - by Someone</title></head><body>\
             <h1>A long day</h1>{table}<div class=\"sharedaddy\"><h3>Share this:</h3></div></body></html>"
        ));
        assert_eq!(titled.page_date, NaiveDate::from_ymd_opt(2026, 3, 14));
        assert!(titled.unplaced.iter().any(|u| u == "Share this:"), "{:?}", titled.unplaced);
        let (_, markdown) = titled.to_markdown(None).expect("dated");
        assert!(!markdown.contains("Share this"), "{markdown}");
        let timed = from_html(&format!(
            "<body><h1>Notes</h1><p>Like this:</p><p>By me, <time datetime=\"2026-03-12T21:30:00+01:00\">Thursday</time></p>{table}</body>"
        ));
        assert_eq!(
            timed.to_markdown(None).expect("dated").0,
            NaiveDate::from_ymd_opt(2026, 3, 12).expect("a date")
        );
        assert!(
            timed.to_markdown(None).expect("dated").1.contains("Like this:"),
            "a paragraph is the post's"
        );
        // A sidebar's time is another post's: the article's wins, and a file's name wins over both.
        let sidebar = from_html(&format!(
            "<body><aside><time datetime=\"2026-01-01\">Jan 1</time></aside><article><h1>Notes</h1>\
             <time datetime=\"2026-03-12\">Mar 12</time>{table}</article></body>"
        ));
        assert_eq!(sidebar.page_date, NaiveDate::from_ymd_opt(2026, 3, 12));
        let named = NaiveDate::from_ymd_opt(2026, 3, 13);
        assert_eq!(sidebar.to_markdown(named).expect("dated").0, named.expect("a date"));
    }

    /// A WordPress page's site header, comments and reply form are the page around the post:
    /// listed as not placed, not imported as its text.
    #[test]
    fn a_wordpress_page_s_header_comments_and_reply_form_are_not_the_post() {
        let post = from_html(
            "<body><a class=\"skip-link screen-reader-text\" href=\"#content\">Skip to content</a>\
             <header id=\"masthead\" class=\"site-header\"><p class=\"site-title\">My Blog</p>\
             <p class=\"site-description\">Notes on agents</p></header>\
             <main><article><header class=\"entry-header\"><h1>Leverage Record: March 14, 2026</h1></header>\
             <div class=\"entry-content\"><p>A good day.</p><table><tr><th>Task</th><th>Human Est.</th>\
             <th>Claude Time</th></tr><tr><td>A</td><td>2h</td><td>10min</td></tr></table></div></article>\
             <div id=\"comments\" class=\"comments-area\"><h2>One thought on this</h2>\
             <ol class=\"comment-list\"><li><p>Great post!</p></li></ol>\
             <div id=\"respond\" class=\"comment-respond\"><h3>Leave a Reply</h3>\
             <form><p>Your email address will not be published.</p></form></div></div></main>\
             <div role=\"contentinfo\"><p>Proudly powered by WordPress</p></div></body>",
        );
        let (_, markdown) = post.to_markdown(None).expect("dated");
        for chrome in [
            "My Blog",
            "Notes on agents",
            "Great post",
            "Leave a Reply",
            "email address",
            "WordPress",
            "Skip",
        ] {
            assert!(!markdown.contains(chrome), "{chrome}: {markdown}");
            assert!(post.unplaced.iter().any(|u| u.contains(chrome)), "{chrome}: {:?}", post.unplaced);
        }
        assert!(markdown.contains("A good day.") && markdown.contains("| A | 2h | 10min |"), "{markdown}");
    }

    /// `2h<sup>1</sup>` is the figure `2h` and a footnote's mark, said as not placed, not `2h1`.
    #[test]
    fn a_footnote_mark_in_a_cell_is_left_out_of_its_figure_and_said() {
        let post = from_html(
            "<h1>Leverage Record: March 14, 2026</h1><table><tr><th>Task</th><th>Human Est.</th>\
             <th>Claude Time</th><th>Tokens</th></tr><tr><td>Alpha<sup>a</sup></td><td>2h<sup> 1 </sup></td>\
             <td>10<sup>not a mark</sup>min</td><td><sup>*</sup>1.2×10<sup>6</sup></td></tr></table>",
        );
        let Some(Block::Tasks { rows, .. }) = post.blocks.first() else { panic!("{:?}", post.blocks) };
        assert_eq!(rows[0], ["Alpha", "2h", "10^not a markmin", "*1.2×10^6"]);
        assert_eq!(
            post.unplaced,
            [
                "footnote mark `a` after `Alpha` in a table (a task table holds no footnote: move its `[^a]` into \
                 the prose)",
                "footnote mark `1` after `2h` in a table (a task table holds no footnote: move its `[^1]` into the \
                 prose)"
            ]
        );
    }

    #[test]
    fn a_table_nested_in_a_cell_is_that_cell_s_text_and_blocks_come_in_order() {
        let html = "<h1>Leverage Record: February 28, 2026</h1><div><p>Intro.</p></div>\
            <table><thead><tr><th>Task</th><th>Human Est.</th><th>Claude Time</th></tr></thead>\
            <tbody><tr><td>Outer <table><tr><td>inner</td></tr><tr><td>more</td></tr></table></td><td>1h</td><td>5min</td></tr></tbody></table>\
            <h2>Analysis</h2><p>After.</p>";
        let post = from_html(html);
        assert_eq!(post.title.as_deref(), Some("Leverage Record: February 28, 2026"));
        let order: Vec<String> = post
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(t) | Block::Markdown(t) | Block::Heading(_, t) => t.clone(),
                Block::Tasks { rows, .. } => format!("{rows:?}"),
                Block::Metrics(_) => "metrics".into(),
            })
            .collect();
        assert_eq!(
            order,
            ["Intro.", r#"[["Outer inner more", "1h", "5min"]]"#, "## Analysis", "After."],
            "one row, the nested table's words in its cell"
        );
    }

    #[test]
    fn a_table_opened_inside_a_paragraph_is_read_as_a_table() {
        // No DOCTYPE: quirks mode, where <table> does not close an open <p>.
        let html = "<h1>Leverage Record: February 28, 2026</h1><p>Today: <b>busy</b>\
            <table><tr><th>Task</th><th>Human Est.</th><th>Claude Time</th></tr>\
            <tr><td>Fix it</td><td>2h</td><td>5min</td></tr></table>";
        let post = from_html(html);
        assert_eq!(post.task_count(), 1);
        assert!(
            matches!(&post.blocks[0], Block::Markdown(t) if t == "Today: busy"),
            "{:?}",
            post.blocks.len()
        );
    }

    #[test]
    fn html_lists_code_quotes_and_links_become_markdown_and_stray_text_is_listed() {
        let html = "<h1>Leverage Record: March 2, 2026</h1>\
            <h2>About These Records</h2><p>Personal work only.</p>\
            <h2>Notes</h2>\
            <p>See <a href=\"https://example.com/a b(c)\">the <em>design</em> doc</a>, <strong> twice </strong>and <code>a`b</code>.</p>\
            <ul><li>First <b>point</b></li><li>Second<ol><li>nested one</li><li>2. looks numbered</li></ol></li><li>Third</li></ul>\
            <pre><code class=\"language-rust\">fn main() {\n    println!(\"```\");\n}\n</code></pre>\
            <blockquote><p>Quoted *star*</p><p>Second</p></blockquote>\
            <h3>Deeper</h3><h5>Deepest</h5>\
            <div>Loose words <span>in a div</span><p>A paragraph</p></div>\
            <figure><img src=\"/a.png\" alt=\"chart\"><figcaption>The chart</figcaption></figure>\
            <footer><p>I help teams ship.</p></footer>";
        let post = from_html(html);
        let markdown = post.to_markdown(None).expect("a date").1;
        let body = &markdown[markdown.find("+++\n\n").expect("front matter") + 5..];
        assert_eq!(
            body,
            "## Notes\n\n\
             See [the *design* doc](https://example.com/a%20b%28c%29), **twice** and ``a`b``.\n\n\
             - First **point**\n- Second\n    1. nested one\n    2. 2\\. looks numbered\n- Third\n\n\
             ````rust\nfn main() {\n    println!(\"```\");\n}\n````\n\n\
             > Quoted \\*star\\*\n>\n> Second\n\n\
             ### Deeper\n\n##### Deepest\n\n\
             A paragraph\n\n![chart](/a.png)\n\n*The chart*\n"
        );
        assert_eq!(
            post.unplaced,
            [
                "About These Records (say it once in site.toml's record_note)",
                "Personal work only.",
                "Loose words in a div",
                "I help teams ship."
            ]
        );
        // What the markdown shows is what the page showed.
        let html = site::body::render(&markdown, 0..markdown.len(), &[]);
        for shown in [
            "<em>design</em>",
            "<strong>twice</strong>",
            "<code>a`b</code>",
            "<ol>",
            "2. looks numbered",
            "*star*",
        ] {
            assert!(html.contains(shown), "{shown}: {html}");
        }
    }

    #[test]
    fn imported_markdown_renders_as_the_page_showed() {
        let html = "<h1>Leverage Record: March 2, 2026</h1>\
            <p><strong>About the author:</strong> Jane builds things.</p>\
            <p><a href=\"#main\">Skip to main content</a></p>\
            <p><strong>\"quoted\"</strong>word and a<em>(x)</em>b, x<em>*</em>y, <em><em>nested</em></em>.</p>\
            <p>It works!<a href=\"https://x.org/\">the screenshot</a> and \\!<a href=\"https://x.org/\">this</a></p>\
            <p>Line one<br>Line two<br></p>\
            <p>Sums<br>- not an item<br># not a heading<br>===<br>2. not numbered</p>\
            <p>See <img alt=\"a chart\" src=\"/c.png\">.</p>\
            <blockquote><p>Intro</p><ul><li>kept item</li></ul>Tail words</blockquote>\
            <blockquote><ol><li>one</li></ol><ol><li>two</li></ol></blockquote>\
            <ol start=\"5\"><li>five</li><li>six</li></ol>\
            <ul><li>a</li></ul><ul><li>b</li></ul><ul><li>c</li></ul>\
            <h2>Using <code>x</code> in <em>C#</em></h2><h3>Two<br>lines #</h3>";
        let post = from_html(html);
        assert_eq!(post.unplaced, ["About the author: Jane builds things.", "Skip to main content"]);
        let markdown = post.to_markdown(None).expect("a date").1;
        let page = site::body::render(&markdown, 0..markdown.len(), &[]);
        for shown in [
            "<strong>\"quoted\"</strong>word and a<em>(x)</em>b, x<em>*</em>y, <em><em>nested</em></em>.",
            "It works!<a href=\"https://x.org/\">the screenshot</a> and \\!<a href=\"https://x.org/\">this</a>",
            "Line one<br />\nLine two</p>",
            "<p>Sums<br />\n- not an item<br />\n# not a heading<br />\n===<br />\n2. not numbered</p>",
            "See <img src=\"/c.png\" alt=\"a chart\" />.",
            "<blockquote>\n<p>Intro</p>\n<ul>\n<li>kept item</li>\n</ul>\n<p>Tail words</p>\n</blockquote>",
            "<ol start=\"5\">\n<li>five</li>\n<li>six</li>\n</ol>",
            "<blockquote>\n<ol>\n<li>one</li>\n</ol>\n<ol>\n<li>two</li>\n</ol>\n</blockquote>",
            "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n<ul>\n<li>c</li>\n</ul>",
            "<h2 id=\"using-x-in-c\">Using <code>x</code> in <em>C#</em></h2>",
            "<h3 id=\"two-lines-\">Two lines #</h3>",
        ] {
            assert!(page.contains(shown), "{shown}\n{page}\n{markdown}");
        }
    }

    #[test]
    fn deeply_nested_html_is_no_recursion() {
        let depth = 50_000;
        let html = format!(
            "<h1>Leverage Record: March 2, 2026</h1><p>{}deep{}</p><ul>{}x{}</ul>",
            "<b>".repeat(depth),
            "</b>".repeat(depth),
            "<li><ul>".repeat(depth / 10),
            "</ul></li>".repeat(depth / 10)
        );
        let post = from_html(&html);
        let markdown = post.to_markdown(None).expect("a date").1;
        assert!(markdown.contains("deep"));
        // Lists past sixteen levels are written at that depth: the file grows with the items,
        // not with the square of their depth.
        assert!(markdown.len() < 400_000, "{} bytes", markdown.len());
        let deepest = format!("\n{}-", "    ".repeat(MOST_LIST_DEPTH));
        let deeper = format!("\n{}-", "    ".repeat(MOST_LIST_DEPTH + 1));
        assert!(markdown.contains(&deepest) && !markdown.contains(&deeper), "the deepest items");
        assert_eq!(block_depth(&html), depth / 10 + 1, "the lists alone: `<b>` costs the parser nothing");
    }

    /// Blocks nested deeper than any page's are counted without parsing (HTML's parser took
    /// minutes for 200,000 `<div>`s), their end tags, any case and self-closing tags too.
    #[test]
    fn the_depth_of_blocks_is_counted_from_their_tags() {
        assert_eq!(block_depth("<DIV><div><p>a</p></Div><section></section><divx></div>"), 2);
        assert_eq!(block_depth("</div></div><ul><li>a</ul>"), 1, "closing more than opened is no depth");
        assert_eq!(block_depth("<b><i><span>a"), 0);
        let deep = format!("{}{}", "<div>".repeat(MAX_BLOCK_DEPTH + 1), "</div>".repeat(MAX_BLOCK_DEPTH + 1));
        assert_eq!(block_depth(&deep), MAX_BLOCK_DEPTH + 1);
    }

    #[test]
    fn literal_markup_in_imported_text_stays_text() {
        let shown = "Fix <script> tag nesting in *all* templates &lt; [docs]";
        assert_eq!(
            site::body::inline(&escape_inline(shown), site::body::CellLinks::default()),
            "Fix &lt;script&gt; tag nesting in *all* templates &amp;lt; [docs]"
        );
    }

    fn headers(line: &str) -> Vec<String> {
        header_line(line).expect("a header line")
    }

    #[test]
    fn reads_header_lines_of_every_layout() {
        assert_eq!(
            headers("Task Human Est. Claude Time Tokens Leverage"),
            ["Task", "Human Est.", "Claude Time", "Tokens", "Leverage"]
        );
        assert_eq!(
            headers("# Task Human Est. Claude Supv. LF SLF"),
            ["#", "Task", "Human Est.", "Claude", "Supv.", "LF", "SLF"]
        );
        assert_eq!(
            headers("# Task Human Est. Claude Weeks Factor Sup. Factor"),
            ["#", "Task", "Human Est.", "Claude", "Weeks", "Factor", "Sup. Factor"]
        );
        assert_eq!(
            headers("# Task Human Est. Claude Sup. Factor Sup. Factor"),
            ["#", "Task", "Human Est.", "Claude", "Sup.", "Factor", "Sup. Factor"]
        );
        assert_eq!(header_line("Task Log"), None);
        assert_eq!(header_line("Metric Value"), None);
        // Every name the build gives a column splits a line too.
        assert_eq!(
            headers("No. Description Human Hours Claude Code Tokens Used Leverage Factor Stream"),
            ["No.", "Description", "Human Hours", "Claude Code", "Tokens Used", "Leverage Factor", "Stream"]
        );
        assert_eq!(
            headers("Task Estimate Codex Time Token Count Factor Project"),
            ["Task", "Estimate", "Codex Time", "Token Count", "Factor", "Project"]
        );
        // An agent by a usual name only: these words name none.
        assert_eq!(header_line("Task Human Est. Lunch Time"), None);
    }

    #[test]
    fn splits_rows_from_the_right_by_type() {
        let h = headers("Task Human Est. Claude Time Tokens Leverage");
        assert_eq!(
            split_row("Port 6 features to a library 8h 12min 85k 40x", &h, &week()),
            Ok(vec![
                "Port 6 features to a library".into(),
                "8h".into(),
                "12min".into(),
                "85k".into(),
                "40x".into()
            ])
        );
        assert_eq!(
            split_row("Build it 40h 20min 120x", &h, &week()),
            Ok(vec!["Build it".into(), "40h".into(), "20min".into(), String::new(), "120x".into()])
        );
    }

    #[test]
    fn leaves_an_empty_supervisory_time_and_factor_empty() {
        let h = headers("# Task Human Est. Claude Sup. Factor Sup. Factor");
        assert_eq!(
            split_row("2 Fix 2h 10min 12x", &h, &week()),
            Ok(vec![
                "2".into(),
                "Fix".into(),
                "2h".into(),
                "10min".into(),
                String::new(),
                "12x".into(),
                String::new()
            ])
        );
        assert_eq!(
            split_row("1 Build 8h 12min 30min 40x 16x", &h, &week()),
            Ok(vec![
                "1".into(),
                "Build".into(),
                "8h".into(),
                "12min".into(),
                "30min".into(),
                "40x".into(),
                "16x".into()
            ])
        );
    }

    /// Durations at the end of a task's text are the task's when reading them as figures would
    /// give the agent more time than the human estimate; `1.2 M` tokens are tokens, not
    /// minutes.
    #[test]
    fn a_task_s_own_durations_and_a_spaced_token_count_stay_where_they_belong() {
        let h = headers("Task Human Est. Claude Time");
        assert_eq!(
            split_row("Cut CI from 40min to 10min 4h 12min", &h, &week()),
            Ok(["Cut CI from 40min to 10min", "4h", "12min"].map(String::from).to_vec())
        );
        // A compound human estimate still reads as one.
        assert_eq!(
            split_row("Write docs 1h 30min 20min", &h, &week()),
            Ok(["Write docs", "1h 30min", "20min"].map(String::from).to_vec())
        );
        // An agent that took longer than the estimate, with nothing joining a duration to the text.
        assert_eq!(
            split_row("Debug flaky test 1h 2h 30min", &h, &week()),
            Ok(["Debug flaky test", "1h", "2h 30min"].map(String::from).to_vec())
        );
        let h = headers("Task Human Est. Claude Time Tokens Leverage");
        assert_eq!(
            split_row("Refactor 4h 10min 1.2 M 24x", &h, &week()),
            Ok(["Refactor", "4h", "10min", "1.2 M", "24x"].map(String::from).to_vec())
        );
        assert_eq!(
            split_row("Refactor 4h 10min 850 k 24x", &h, &week()).map(|c| c[3].clone()),
            Ok("850 k".to_string())
        );
    }

    /// A metric's name may hold a figure; its value is the figures at the row's end, with a
    /// remark in brackets.
    #[test]
    fn a_metric_s_name_keeps_its_own_figures() {
        for (line, name, value) in [
            ("Total Claude minutes 268min (4h 28min)", "Total Claude minutes", "268min (4h 28min)"),
            ("Top 3 tasks 45h", "Top 3 tasks", "45h"),
            ("Tasks over 50x 7", "Tasks over 50x", "7"),
            (
                "Weighted average leverage 45.7x (up from 30x)",
                "Weighted average leverage",
                "45.7x (up from 30x)",
            ),
            ("Total tokens ~1.23M", "Total tokens", "~1.23M"),
            ("Weighted leverage 45.7x over 3 days", "Weighted leverage", "45.7x over 3 days"),
            ("Sessions 3 of 5 planned", "Sessions", "3 of 5 planned"),
        ] {
            assert_eq!(metric_row(line), Some((name.to_string(), value.to_string())), "{line}");
        }
        assert_eq!(metric_row("12 tasks"), None, "no name");
    }

    #[test]
    fn reads_weeks_and_compound_durations() {
        let h = headers("# Task Human Est. Claude Weeks Factor Sup. Factor");
        assert_eq!(
            split_row("3 Write 2.5 hours 4h 28min 0.06 0.6x", &h, &week()).map(|c| c[2..5].to_vec()),
            Ok(vec!["2.5 hours".into(), "4h 28min".into(), "0.06".into()])
        );
        // Weeks after the factors, at the row's end: refused as a factor it could not place.
        let h = headers("Task Human Est. Claude Time Tokens Leverage Weeks");
        assert_eq!(
            split_row("Build parser 40h 20min 20k 120x 1", &h, &week()),
            Ok(["Build parser", "40h", "20min", "20k", "120x", "1"].map(String::from).to_vec())
        );
        let h = headers("Task Human Est. Claude Time Factor Sup. Factor Weeks");
        assert_eq!(
            split_row("Build parser 40h 20min 120x 2", &h, &week()),
            Ok(["Build parser", "40h", "20min", "120x", "", "2"].map(String::from).to_vec())
        );
    }

    #[test]
    fn reads_unknown_supervision_and_factors() {
        let h = headers("Task Human Est. Claude Time Supv. Tokens Leverage SLF");
        assert_eq!(
            split_row("Fix the flaky test 2h 6min - 10k 20x -", &h, &week()),
            Ok(["Fix the flaky test", "2h", "6min", "-", "10k", "20x", "-"].map(String::from).to_vec())
        );
        assert_eq!(
            split_row("Fix it 2h 6min n/a ? 20x", &h, &week()),
            Ok(["Fix it", "2h", "6min", "n/a", "?", "20x", ""].map(String::from).to_vec())
        );
        // A dash inside the task stays the task's: the durations end the row.
        let h = headers("Task Human Est. Claude Time Supv.");
        assert_eq!(
            split_row("Refactor - part 2 2h 6min 3min", &h, &week()),
            Ok(["Refactor - part 2", "2h", "6min", "3min"].map(String::from).to_vec())
        );
        assert_eq!(
            split_row("Refactor - 2h 6min -", &h, &week()),
            Ok(["Refactor -", "2h", "6min", "-"].map(String::from).to_vec())
        );
    }

    #[test]
    fn reports_rows_it_cannot_read() {
        let h = headers("Task Human Est. Claude Time Tokens Leverage");
        assert!(split_row("Just words here", &h, &week()).is_err());
        // Counted on the post: its import fails until they are added by hand.
        let post = from_text(
            "Leverage Record: March 15, 2026\n\nTask Human Est. Claude Time Tokens Leverage\n\
             Build it 2h 10min 20k 12x\nTune it 2-3h 16min 20k 15x\n",
            &week(),
        );
        assert_eq!(post.task_count(), 1);
        assert_eq!(
            post.unread,
            [
                "row `Tune it 2-3h 16min 20k 15x`: expected 2 durations at the end of the row, found 1; expected a \
                 duration like `4h 28min`, found `2-3h`: a task has one time, not a range; write one figure"
            ]
        );
        // A clock time is named with the build's hint; a word that is no figure is not.
        let h = headers("Task Human Est. Claude Time");
        let err = split_row("Tune it 2h 1:30", &h, &week()).expect_err("a clock time");
        assert!(err.ends_with("found `1:30`: clock time is not read; did you mean `1h 30min` (or `1.5min` if it is minutes and seconds)?"), "{err}");
        let err = split_row("Tune it 2h soon", &h, &week()).expect_err("no time");
        assert_eq!(err, "expected 2 durations at the end of the row, found 0");
    }

    #[test]
    fn a_title_s_date_may_have_an_ordinal_or_words_after_it() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(title_date("Leverage Record: March 12, 2026"), d(2026, 3, 12));
        assert_eq!(title_date("Leverage Record: March 12, 2026 (Evening)"), d(2026, 3, 12));
        assert_eq!(title_date("Leverage Record: March 1st, 2026"), d(2026, 3, 1));
        assert_eq!(title_date("Leverage Record: August 22nd, 2026: a long day"), d(2026, 8, 22));
        assert_eq!(title_date("Leverage Record: Notes"), None);
        assert!(!is_title("Leverage Record-keeping, 2026-03-12") && !is_title("Leverage Records 2026"));
        let day = NaiveDate::from_ymd_opt(2026, 3, 12).expect("a day");
        assert_eq!(
            weekday_slip("Leverage Record: Friday, March 12, 2026", day).as_deref(),
            Some(
                "the title says Friday, but March 12, 2026 is a Thursday: the record is dated 2026-03-12; mend the title or the date"
            )
        );
        assert_eq!(weekday_slip("Leverage Record: Thu 12 March 2026", day), None);
        assert_eq!(weekday_slip("Leverage Record: March 12, 2026 (Sunday notes)", day).map(|_| ()), Some(()));
        assert_eq!(weekday_slip("Leverage Record: March 12, 2026", day), None);
        assert_eq!(weekday_slip("Friday deploy retro", day), None);
        assert!(weekday_slip("Saturday, March 12, 2026", day).is_some());
        // The other ways posts write a day.
        for title in [
            "Leverage Record: 2026-03-12",
            "Leverage Record: 2026/03/12 (evening)",
            "Leverage Record: 12 March 2026",
            "Leverage Record: 12th March, 2026",
            "Leverage Record: Mar 12, 2026",
            "Leverage Record: March 12 2026",
            "Leverage Record: Thursday, March 12, 2026",
            "Leverage Record: Thu 12 March 2026",
            "Leverage Record: THURSDAY, MARCH 12TH, 2026",
            "Leverage Record: Mar. 12, 2026",
            "Leverage Record: 12-Mar-2026",
            "Leverage Record \u{2013} 12 March 2026",
            "Leverage Record - 2026-03-12",
            "Leverage Record | Mar 12, 2026",
        ] {
            assert_eq!(title_date(title), d(2026, 3, 12), "{title}");
        }
        for title in [
            "Leverage Record: 03/12/2026",
            "Leverage Record: 2026-03-123",
            "Leverage Record: March 2026",
            "Leverage Record: Thursday",
            "Leverage Record: 2026-02-30",
        ] {
            assert_eq!(title_date(title), None, "{title}");
        }
        assert_eq!(title_date("March 12, 2026"), None, "no record's title");
    }

    #[test]
    fn a_line_break_in_a_task_cell_parts_its_words() {
        let post = from_html(
            "<h1>Leverage Record: March 16, 2026</h1><table><tr><th>Task</th><th>Human Est.</th><th>Claude Time</th></tr>\
             <tr><td>Port to SmallVec<br>(hot paths only)</td><td>2h</td><td>10min</td></tr></table>",
        );
        let rows: Vec<&Vec<Vec<String>>> = post
            .blocks
            .iter()
            .filter_map(|b| if let Block::Tasks { rows, .. } = b { Some(rows) } else { None })
            .collect();
        assert_eq!(rows[0][0][0], "Port to SmallVec (hot paths only)");
    }

    #[test]
    fn control_characters_a_page_holds_are_left_out() {
        let post = from_html(
            "<h1>Leverage Record: March 16, 2026 &#1;Evening&#x7f;</h1><p>Intro &#1; text.</p>\
             <table><tr><th>Task</th><th>Human Est.</th><th>Claude Time</th></tr>\
             <tr><td>Fix&#1;thing&#x7f;</td><td>2h</td><td>5min</td></tr></table>",
        );
        let markdown = post.to_markdown(None).expect("a date").1;
        assert!(markdown.contains("title = \"Leverage Record: March 16, 2026 Evening\"\n"), "{markdown}");
        assert!(!markdown.chars().any(|c| c.is_control() && c != '\n'), "{markdown:?}");
        assert!(
            markdown.contains("| Fixthing | 2h | 5min |") && markdown.contains("Intro  text."),
            "{markdown}"
        );
        assert_eq!(build_errors(&markdown), Some(vec![]));
    }

    /// A row of spaces without its supervisory time reads its durations as the stated factor
    /// says: `2h 30min 10min 15x` is 2h 30min and 10min (15x), where it was 2h, 30min and a
    /// supervisory 10min (4x), and the build then said the post's factor was wrong.
    #[test]
    fn a_row_without_its_supervisory_time_reads_as_its_factor_says() {
        let post = from_text(
            "Leverage Record: June 6, 2026\n\nTask Log\n\n# Task Human Est. Claude Sup. Factor Sup. Factor\n\
             1 Sync schemas 2h 30min 10min 15x\n2 Deploy 1h 30min 6min 3min 15x 30x\n3 Plan 2h 30min 10min 4x\n",
            &week(),
        );
        let markdown = post.to_markdown(None).expect("a date").1;
        assert!(markdown.contains("| 1 | Sync schemas | 2h 30min | 10min | | 15x | |"), "{markdown}");
        assert!(markdown.contains("| 2 | Deploy | 1h 30min | 6min | 3min | 15x | 30x |"), "{markdown}");
        assert!(
            markdown.contains("| 3 | Plan | 2h | 30min | 10min | 4x | |"),
            "the factor says 4x: {markdown}"
        );
        assert_eq!(build_errors(&markdown), Some(vec![]));
    }

    /// A browser's copy of a page puts the heading after a table on the very next line: in a table
    /// of tabs, a line without one ends the table, where the headings were read as rows that did
    /// not read (an error, and the headings lost).
    #[test]
    fn a_line_without_a_tab_ends_a_table_of_tabs() {
        let post = from_text(
            "Leverage Record: June 20, 2026\n\nTask Log\n\nTask\tHuman Est.\tClaude Time\nWrite parser\t4h\t10min\n\
             Aggregate Stats\n\nMetric\tValue\nTotal tasks\t1\nLongest task\tWrite parser\nAnalysis\n\nA good day.\n",
            &week(),
        );
        assert!(post.unread.is_empty() && post.unplaced.is_empty(), "{:?} {:?}", post.unread, post.unplaced);
        let markdown = post.to_markdown(None).expect("a date").1;
        assert!(markdown.contains("| Write parser | 4h | 10min |\n\n## Aggregate Stats"), "{markdown}");
        // A metric leverage does not know is kept as written, as the contract keeps it.
        assert!(
            markdown.contains(
                "| Total tasks | 1 |\n| Longest task | Write parser |\n\n## Analysis\n\nA good day."
            ),
            "{markdown}"
        );
        assert_eq!(build_errors(&markdown), Some(vec![]));
        // A line without a tab that a row follows is the start of that row's task, wrapped: read
        // with it, never a table's end that left the rows after it as paragraphs.
        let post = from_text(
            "Leverage Record: May 22, 2026\n\nTask\tHuman Est.\tClaude Time\nResume generator\n(6 phases)\t40h\t20min\n\
             Fix CI\t2h\t6min\n",
            &week(),
        );
        let markdown = post.to_markdown(None).expect("a date").1;
        assert!(
            markdown.contains("| Resume generator (6 phases) | 40h | 20min |\n| Fix CI | 2h | 6min |"),
            "{markdown}"
        );
        assert!(post.unread.is_empty(), "{:?}", post.unread);
    }

    /// `≈45k`, as a page may print an approximate count, is written `~45k`: it was written as it
    /// was, and the build then refused the record.
    #[test]
    fn an_approximate_count_is_written_with_a_tilde() {
        let post = from_text(
            "Leverage Record: March 6, 2026\n\nTask\tHuman Est.\tClaude Time\tTokens\nParser\t2h\t10min\t≈45k\n",
            &week(),
        );
        let markdown = post.to_markdown(None).expect("a date").1;
        assert!(markdown.contains("| Parser | 2h | 10min | ~45k |"), "{markdown}");
        assert_eq!(build_errors(&markdown), Some(vec![]));
        assert_eq!(approximate_as_tilde("≈ 1.2M"), "~1.2M");
        assert_eq!(approximate_as_tilde("45k"), "45k");
    }

    #[test]
    fn a_figure_keeps_its_image_and_caption() {
        let post = from_html(
            "<h1>Leverage Record: March 16, 2026</h1><figure><img src=\"/img/flame.png\" alt=\"Flame graph\">\
             <figcaption>Where the time <b>went</b></figcaption></figure><p>After.</p>",
        );
        assert_eq!(prose(&post), ["![Flame graph](/img/flame.png)", "*Where the time **went***", "After."]);
        assert!(post.unplaced.is_empty(), "{:?}", post.unplaced);
    }

    /// A figure of no picture (Jekyll's highlighted code, a pull quote, a captioned table) keeps
    /// what it holds: it was dropped, and nothing said so.
    #[test]
    fn a_figure_of_code_or_a_quote_keeps_what_it_holds() {
        let post = from_html(
            "<h1>Leverage Record: March 31, 2026</h1><p>The fix:</p>\
             <figure class=\"highlight\"><pre><code class=\"language-ruby\">puts 1</code></pre></figure>\
             <figure><blockquote><p>A pull quote.</p></blockquote><figcaption>Me</figcaption></figure>",
        );
        assert_eq!(prose(&post), ["The fix:", "```ruby\nputs 1\n```", "> A pull quote.", "*Me*"]);
        assert!(post.unplaced.is_empty(), "{:?}", post.unplaced);
    }

    #[test]
    fn a_lazily_loaded_image_is_the_picture_its_script_would_load() {
        let post = from_html(
            "<h1>Leverage Record: March 31, 2026</h1>\
             <p><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"/img/a.png\" alt=\"A\"></p>\
             <p><img data-lazy-src=\"/img/b.png\" alt=\"B\"></p>\
             <p><img src=\"/wp-content/plugins/lazy/blank.gif\" data-srcset=\"/img/c-300.png 300w, /img/c.png 900w\" alt=\"C\"></p>\
             <p><img srcset=\"/img/d.png 1x, /img/d@2x.png 2x\" alt=\"D\"></p>\
             <p><img src=\"/img/lazy-cat.png\" alt=\"E\"> <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"F\"></p>",
        );
        assert_eq!(
            prose(&post),
            [
                "![A](/img/a.png)",
                "![B](/img/b.png)",
                "![C](/img/c-300.png)",
                "![D](/img/d.png)",
                "![E](/img/lazy-cat.png) ![F](data:image/png;base64,iVBORw0KGgo=)"
            ]
        );
    }

    #[test]
    fn a_task_cell_keeps_its_links_and_code() {
        let post = from_html(
            "<h1>Leverage Record: March 31, 2026</h1><table><tr><th>Task</th><th>Human Est.</th>\
             <th>Claude Time</th><th>Notes</th></tr>\
             <tr><td>Fix <a href=\"https://github.com/a/b/pull/3\">PR #3</a> and <code>a|b</code>, <em>fast</em>\
             <sup><a href=\"#fn:1\">1</a></sup></td><td>4h<sup>2</sup></td><td>10min</td><td><b>ok</b> *</td></tr>\
             <tr><td>Parse</td><td>2h</td><td>5min</td><td>Substack's<a class=\"footnote-anchor\" href=\"#footnote-3\">3</a></td></tr>\
             </table><table><tr><th>Tool</th><th>Use</th></tr><tr><td><a href=\"/x\">x</a></td><td>10<sup>6</sup> rows</td></tr></table>",
        );
        let markdown = post.to_markdown(None).expect("a date").1;
        assert!(
            markdown.contains(
                "| Fix [PR #3](https://github.com/a/b/pull/3) and `a\\|b`, *fast* | 4h | 10min | **ok** \\* |\n\
                 | Parse | 2h | 5min | Substack's |"
            ),
            "{markdown}"
        );
        // A table of prose keeps its markup too; its header is text.
        assert!(
            markdown.contains("| Tool | Use |\n|---|---|\n| [x](/x) | 10<sup>6</sup> rows |"),
            "{markdown}"
        );
        // A table holds no footnote: every mark is left out, and said.
        let said: Vec<&str> =
            post.unplaced.iter().map(|m| m.split(" in a table").next().unwrap_or_default()).collect();
        assert_eq!(
            said,
            [
                "footnote mark `1` after `fast`",
                "footnote mark `2` after `4h`",
                "footnote mark `3` after `Substack's`"
            ]
        );
        let mut sources = content::Sources::new();
        let id = sources.add("content/records/2026-03-31.md", markdown.clone());
        let parsed = content::parse_document(&sources, id, &content::Options::default());
        let record = parsed.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().count(), 2);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    }

    #[test]
    fn footnotes_of_every_engine_are_markdown_s() {
        let page = |body: &str| from_html(&format!("<h1>Leverage Record: March 31, 2026</h1>{body}"));
        // kramdown (Jekyll)
        let kramdown = page(
            "<p>Done<sup id=\"fnref:1\" role=\"doc-noteref\"><a href=\"#fn:1\" class=\"footnote\" rel=\"footnote\">1</a></sup>.</p>\
             <div class=\"footnotes\" role=\"doc-endnotes\"><ol><li id=\"fn:1\" role=\"doc-endnote\">\
             <p>It <em>was</em>. <a href=\"#fnref:1\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a></p></li></ol></div>",
        );
        assert_eq!(prose(&kramdown), ["Done[^1].", "[^1]: It *was*."]);
        // goldmark (Hugo), two notes, a rule inside the list's box
        let goldmark = page(
            "<p>A<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> and \
             B<sup id=\"fnref:why\"><a href=\"#fn:why\" class=\"footnote-ref\" role=\"doc-noteref\">2</a></sup></p>\
             <div class=\"footnotes\" role=\"doc-endnotes\"><hr><ol>\
             <li id=\"fn:1\"><p>One&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p></li>\
             <li id=\"fn:why\"><p>Two <a href=\"https://x.dev/\">link</a>&#160;<a href=\"#fnref:why\" class=\"footnote-backref\">&#x21a9;&#xfe0e;</a></p></li>\
             </ol></div>",
        );
        assert_eq!(
            prose(&goldmark),
            ["A[^1] and B[^why]", "[^1]: One\n\n[^why]: Two [link](https://x.dev/)"]
        );
        // pandoc
        let pandoc = page(
            "<p>C<a href=\"#fn1\" class=\"footnote-ref\" id=\"fnref1\" role=\"doc-noteref\"><sup>1</sup></a></p>\
             <section id=\"footnotes\" class=\"footnotes footnotes-end-of-document\" role=\"doc-endnotes\"><hr />\
             <ol><li id=\"fn1\"><p>Three<a href=\"#fnref1\" class=\"footnote-back\" role=\"doc-backlink\">↩︎</a></p></li></ol></section>",
        );
        assert_eq!(prose(&pandoc), ["C[^1]", "[^1]: Three"]);
        // pulldown-cmark (Zola)
        let zola = page(
            "<p>D<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\
             <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\
             <p>Four</p></div>",
        );
        assert_eq!(prose(&zola), ["D[^1]", "[^1]: Four"]);
        // Substack
        let substack = page(
            "<p>E<a class=\"footnote-anchor\" id=\"footnote-anchor-1\" href=\"#footnote-1\" target=\"_self\">1</a></p>\
             <div class=\"footnote\"><a id=\"footnote-1\" href=\"#footnote-anchor-1\" class=\"footnote-number\">1</a>\
             <div class=\"footnote-content\"><p>Five</p></div></div>",
        );
        assert_eq!(prose(&substack), ["E[^1]", "[^1]: Five"]);
        for post in [&kramdown, &goldmark, &pandoc, &zola, &substack] {
            assert!(post.unplaced.is_empty(), "{:?}", post.unplaced);
        }
        // A table of prose keeps its marks; a symbol is a mark too.
        let prose_table = page(
            "<table><tr><th>Tool</th><th>Use</th></tr><tr><td>ripgrep<sup><a href=\"#fn:1\">1</a></sup></td>\
             <td>search<a class=\"footnote-ref\" href=\"#fn:2\">†</a></td></tr></table>\
             <div class=\"footnotes\"><ol><li id=\"fn:1\"><p>Fast.</p></li><li id=\"fn:2\"><p>Grep.</p></li></ol></div>",
        );
        assert_eq!(
            prose(&prose_table),
            ["| Tool | Use |\n|---|---|\n| ripgrep[^1] | search[^2] |", "[^1]: Fast.\n\n[^2]: Grep."]
        );
        assert!(prose_table.unplaced.is_empty(), "{:?}", prose_table.unplaced);
        // A note's words around a link are one paragraph; a paragraph that would open a list is
        // escaped.
        let mixed = page(
            "<p>I<sup><a href=\"#fn:1\">1</a></sup></p><div class=\"footnotes\"><ol><li id=\"fn:1\">\
             See <a href=\"/x\">this</a> first.<p>2. Second</p><p>Three</p></li></ol></div>",
        );
        assert_eq!(prose(&mixed), ["I[^1]", "[^1]: See [this](/x) first.\n\n    2\\. Second\n\n    Three"]);
        // A note of two paragraphs and a list: each its own, indented under the first.
        let long = page(
            "<p>H<sup><a href=\"#fn:1\">1</a></sup></p><div class=\"footnotes\"><ol><li id=\"fn:1\">\
             <p>One.</p><ul><li>a</li></ul><p>Two <a href=\"#fnref:1\" class=\"reversefootnote\">↩</a></p></li></ol></div>",
        );
        assert_eq!(prose(&long), ["H[^1]", "[^1]: One.\n\n    a\n\n    Two"]);
        // WordPress's footnotes block, and a note holding a table.
        let wordpress = page(
            "<p>F<sup data-fn=\"8e2b\" class=\"fn\"><a href=\"#8e2b\" id=\"8e2b-link\">1</a></sup></p>\
             <ol class=\"wp-block-footnotes\"><li id=\"8e2b\">Six <a href=\"#8e2b-link\" aria-label=\"Jump\">↩︎</a></li></ol>\
             <div class=\"footnotes\"><ol><li id=\"fn:2\"><table><tr><td>a</td><td>b</td></tr></table></li></ol></div>",
        );
        assert_eq!(prose(&wordpress), ["F[^8e2b]", "[^8e2b]: Six", "[^2]: a b"]);
        // Ghost's marks in brackets; a same-page link of a footnote class and words is no mark,
        // and an element of a footnote class that holds no note is read as any.
        let ghost = page(
            "<p>G<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1\">[1]</a></sup> and \
             <a class=\"footnotes-link\" href=\"#footnotes\">Read the notes</a></p>\
             <p class=\"footnote\">Source: <a href=\"/s\">the survey</a>, 2025.</p>",
        );
        assert_eq!(
            prose(&ghost),
            ["G[^1] and [Read the notes](#footnotes)", "Source: [the survey](/s), 2025."]
        );
        // A `<sup>` of no link is kept as it shows.
        assert_eq!(
            prose(&page("<p>E = mc<sup>2</sup> and H<sub>2</sub>O</p>")),
            ["E = mc<sup>2</sup> and H<sub>2</sub>O"]
        );
    }

    #[test]
    fn code_with_numbered_lines_is_its_code() {
        let page = |body: &str| from_html(&format!("<h1>Leverage Record: March 31, 2026</h1>{body}"));
        // Hugo, `lineNos = "table"` and `"inline"`
        let hugo = page(
            "<div class=\"highlight\"><div class=\"chroma\"><table class=\"lntable\"><tr><td class=\"lntd\">\
             <pre tabindex=\"0\" class=\"chroma\"><code><span class=\"lnt\">1\n</span><span class=\"lnt\">2\n</span></code></pre></td>\
             <td class=\"lntd\"><pre tabindex=\"0\" class=\"chroma\"><code class=\"language-rust\" data-lang=\"rust\">\
             <span class=\"line\"><span class=\"cl\">fn main() {\n</span></span><span class=\"line\"><span class=\"cl\">}\n</span></span></code></pre></td></tr></table></div></div>\
             <div class=\"highlight\"><pre tabindex=\"0\" class=\"chroma\"><code class=\"language-go\" data-lang=\"go\">\
             <span class=\"line\"><span class=\"ln\">1</span><span class=\"cl\">package main\n</span></span></code></pre></div>",
        );
        assert_eq!(prose(&hugo), ["```rust\nfn main() {\n}\n```", "```go\npackage main\n```"]);
        // Jekyll's Rouge, its language on the box around the table
        let jekyll = page(
            "<div class=\"language-ruby highlighter-rouge\"><div class=\"highlight\"><pre class=\"highlight\"><code>\
             <table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n</pre></td>\
             <td class=\"code\"><pre>puts 1\n</pre></td></tr></tbody></table></code></pre></div></div>",
        );
        assert_eq!(prose(&jekyll), ["```ruby\nputs 1\n```"]);
        for post in [&hugo, &jekyll] {
            assert!(post.unplaced.is_empty(), "{:?}", post.unplaced);
        }
    }

    #[test]
    fn zola_s_numbered_lines_jekyll_s_highlight_figure_and_medium_s_breaks_are_code() {
        let page = |body: &str| from_html(&format!("<h1>Leverage Record: March 31, 2026</h1>{body}"));
        let zola = page(
            "<pre data-linenos class=\"language-rust\"><code class=\"language-rust\" data-lang=\"rust\"><table><tbody>\
             <tr><td>1</td><td><span>fn lev() {\n</span></td></tr><tr><td>2</td><td><span>}\n</span></td></tr>\
             </tbody></table></code></pre>",
        );
        assert_eq!(prose(&zola), ["```rust\nfn lev() {\n}\n```"]);
        let jekyll = page(
            "<figure class=\"highlight\"><pre><code class=\"language-ruby\" data-lang=\"ruby\"><table class=\"rouge-table\">\
             <tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n</pre></td><td class=\"code\"><pre>puts 1\n</pre></td>\
             </tr></tbody></table></code></pre></figure>",
        );
        assert_eq!(prose(&jekyll), ["```ruby\nputs 1\n```"]);
        let medium =
            page("<pre class=\"graf graf--pre\">def lev(h, a):<br>    <span>return</span> h / a</pre>");
        assert_eq!(prose(&medium), ["```\ndef lev(h, a):\n    return h / a\n```"]);
        // A theme's heading anchors and table of contents are its chrome.
        let papermod = page(
            "<div class=\"toc\"><details><summary>Table of Contents</summary><div class=\"inner\"><ul>\
             <li><a href=\"#task-log\">Task Log</a></li></ul></div></details></div>\
             <h2 id=\"task-log\">Task Log<a hidden class=\"anchor\" aria-hidden=\"true\" href=\"#task-log\">#</a></h2>\
             <h2 id=\"why\">Why<a class=\"zola-anchor\" href=\"#why\" aria-label=\"Anchor link for: why\">🔗</a></h2>\
             <p>See <a href=\"#why\">why</a>.</p>",
        );
        assert_eq!(prose(&papermod), ["## Task Log", "## Why", "See [why](#why)."]);
        // A heading of that name is the writer's, and a picture linked to the top is no anchor.
        let own = page(
            "<h2 id=\"table-of-contents\">Table of Contents</h2>\
             <p><a href=\"#top\" aria-hidden=\"true\"><img alt=\"Logo\" src=\"l.png\"></a></p>",
        );
        assert_eq!(prose(&own), ["## Table of Contents", "[![Logo](l.png)](#top)"]);
        // A URL of a picture's set may hold a comma.
        let set = page(
            "<p><img srcset=\"https://res.cloudinary.com/x/upload/w_300,h_200/a.jpg 300w, b.jpg 600w\" alt=\"A\"></p>",
        );
        assert_eq!(prose(&set), ["![A](https://res.cloudinary.com/x/upload/w_300,h_200/a.jpg)"]);
    }

    /// Blogger's classic editor writes a post's text straight into its body, lines apart by
    /// `<br>`: paragraphs (a picture in a box of its own too), where it was all listed as not
    /// placed; the blog's header and the
    /// post's date header are chrome, and its day is the `<abbr class="published">`'s.
    #[test]
    fn blogger_s_text_in_its_post_body_is_the_post_s() {
        let post = from_html(
            "<div class=\"header-outer\"><div id=\"header-inner\"><div class=\"titlewrapper\"><h1 class=\"title\">\
             <a href=\"https://csieg.blogspot.com/\">Charles Sieg</a></h1></div></div></div>\
             <h2 class=\"date-header\"><span>Thursday, March 19, 2026</span></h2>\
             <div class=\"post hentry\"><abbr class=\"published\" title=\"2026-03-19T08:00:00-07:00\">8:00 AM</abbr>\
             <div class=\"post-body entry-content\">Eighteen tasks today.<br /><br />The <b>parser</b> first,<br />then tests.\
             <br /><br /><br /><div class=\"separator\"><img src=\"/c.png\" alt=\"C\"></div>More after.\
             <br /><br />1. Parse logs<br />C:\\<br /><br />x</div></div>",
        );
        assert_eq!(
            post.to_markdown(None).map(|(date, _)| date),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 19).expect("a day"))
        );
        assert_eq!(
            prose(&post),
            [
                "Eighteen tasks today.",
                "The **parser** first,\\\nthen tests.",
                "![C](/c.png)",
                "More after.",
                "1\\. Parse logs\\\nC:\\\\",
                "x"
            ]
        );
        assert!(post.unplaced.iter().any(|u| u.contains("Charles Sieg")), "{:?}", post.unplaced);
    }

    /// Ghost's bookmark card is a link with its description, and its callout a quote.
    #[test]
    fn ghost_s_bookmark_and_callout_cards_are_a_link_and_a_quote() {
        let post = from_html(
            "<h1>Leverage Record: March 14, 2026</h1><figure class=\"kg-card kg-bookmark-card\">\
             <a class=\"kg-bookmark-container\" href=\"https://x.dev/curve\"><div class=\"kg-bookmark-content\">\
             <div class=\"kg-bookmark-title\">The Leverage Curve</div><div class=\"kg-bookmark-description\">How it bends.</div>\
             <div class=\"kg-bookmark-metadata\"><img class=\"kg-bookmark-icon\" src=\"favicon.png\"></div></div>\
             <div class=\"kg-bookmark-thumbnail\"><img src=\"curve.png\"></div></a></figure>\
             <div class=\"kg-card kg-callout-card\"><div class=\"kg-callout-emoji\">💡</div><div class=\"kg-callout-text\">Measure *twice*.</div></div>",
        );
        assert_eq!(
            prose(&post),
            ["[The Leverage Curve](https://x.dev/curve): How it bends.", "> 💡 Measure \\*twice\\*."]
        );
        assert!(post.unplaced.is_empty(), "{:?}", post.unplaced);
    }

    /// A theme's line of date and author, a newsletter's box and the title said again are chrome.
    #[test]
    fn bylines_subscription_boxes_and_a_repeated_title_are_chrome() {
        let post = from_html(
            "<article><h1>Leverage Record: March 16, 2026</h1><p class=\"post-meta\"><time>Mar 16, 2026</time></p>\
             <section><h3 class=\"graf--title\">Leverage Record: March 16, 2026</h3><p>Intro.</p></section>\
             <div class=\"subscription-widget-wrap\"><p>Thanks for reading! Subscribe for free.</p></div></article>",
        );
        assert_eq!(prose(&post), ["Intro."]);
        assert_eq!(post.unplaced.len(), 3, "{:?}", post.unplaced);
    }

    /// A post whose first heading is its day alone (Ghost's titles) is titled and dated by it;
    /// a day's heading later in a post is a heading.
    #[test]
    fn a_first_heading_of_a_day_alone_is_the_title() {
        let post = from_html(
            "<article><h1 class=\"article-title\">Saturday, March 14, 2026</h1><p>Intro.</p>\
             <h2>March 15, 2026</h2><p>Next.</p></article>",
        );
        assert_eq!(post.title.as_deref(), Some("Saturday, March 14, 2026"));
        assert_eq!(
            post.to_markdown(None).map(|(date, _)| date),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 14).expect("a day"))
        );
        assert_eq!(prose(&post), ["Intro.", "## March 15, 2026", "Next."]);
    }

    #[test]
    fn a_markdown_table_in_plain_text_is_kept_as_written() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| **Bold** `x` \\| y | 2h | 10min |\n| Total | 2h | 10min |";
        let post = from_text(
            &format!("Leverage Record: March 6, 2026\n\n{table}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            &week(),
        );
        assert_eq!(prose(&post), [table, "| a | b |\n|---|---|\n| 1 | 2 |"]);
        let markdown = post.to_markdown(None).expect("a date").1;
        let mut sources = content::Sources::new();
        let id = sources.add("content/records/2026-03-06.md", markdown.clone());
        let parsed = content::parse_document(&sources, id, &content::Options::default());
        let record = parsed.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().count(), 1, "read as any record's table: the totals row is no task");
        assert!(markdown.contains("| **Bold** `x` \\| y | 2h | 10min |"), "not escaped twice: {markdown}");
    }

    #[test]
    fn a_tab_separated_aggregate_table_is_read_as_one() {
        let post = from_text(
            "Leverage Record: March 6, 2026\n\nTask\tHuman Est.\tClaude Time\nBuild it\t2h\t10min\n\n\
             Aggregate Stats\n\nMetric\tValue\nTotal tasks\t1\nWeighted average leverage\t12x\n",
            &week(),
        );
        let metrics: Vec<&Vec<(String, String)>> = post
            .blocks
            .iter()
            .filter_map(|b| if let Block::Metrics(m) = b { Some(m) } else { None })
            .collect();
        assert_eq!(
            metrics,
            [&vec![
                ("Total tasks".to_string(), "1".to_string()),
                ("Weighted average leverage".to_string(), "12x".to_string())
            ]]
        );
        assert!(post.blocks.iter().all(|b| !matches!(b, Block::Heading(_, t) if t.contains('\t'))));
    }

    #[test]
    fn an_unknown_token_count_and_a_spreadsheet_s_tabs_are_read() {
        let h = headers("Task Human Est. Claude Time Tokens Leverage");
        for unknown in ["-", "—", "n/a", "?"] {
            assert_eq!(
                split_row(&format!("Lambda cold start tuning 4h 16min {unknown} 15x"), &h, &week()),
                Ok(vec![
                    "Lambda cold start tuning".to_string(),
                    "4h".into(),
                    "16min".into(),
                    unknown.into(),
                    "15x".into()
                ])
            );
        }
        // Tabs are the columns, even where words alone would not tell them apart.
        assert_eq!(
            split_row("Port the 2h parser\t1:30\t10min\t\t9x", &h, &week()),
            Ok(vec![
                "Port the 2h parser".to_string(),
                "1:30".into(),
                "10min".into(),
                String::new(),
                "9x".into()
            ])
        );
    }
}
