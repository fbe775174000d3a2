//! One pass over a markdown body: the tables (with every cell's source range), the first paragraph
//! and the first heading.
//!
//! The same `options()` are used by `site` to render, so what content sees as a table is what the
//! reader sees as one.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::{FileId, Span};

pub(crate) mod plain_table;

/// The markdown extensions leverage turns on: GFM tables, strikethrough, task lists, footnotes,
/// alerts (`> [!NOTE]`), heading attributes and Obsidian's wiki-links (`[[2026-02-27]]`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// One table cell as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawCell {
    /// The cell's markdown source, trimmed (the task text is rendered from it).
    pub source: Span,
    /// The cell's plain text (markup removed; figures are read from it) when it is not its
    /// source as written, `None` when it is: every cell of a plain table, and most others. Read
    /// it with `text` or `text_in`. Held as text of their own, the cells of a 10,000-record site
    /// were 1.35 million allocations, most of them figures read once.
    pub plain: Option<String>,
    /// True when the row had no cell here at all (GFM pads short rows).
    pub missing: bool,
}

impl RawCell {
    /// The cell's plain text; `file` is the text of the file the cell is in.
    pub fn text<'a>(&'a self, file: &'a str) -> &'a str {
        match &self.plain {
            Some(text) => text,
            None => file.get(self.source.range()).unwrap_or(""),
        }
    }

    /// `text`, the file's text found in `sources`.
    pub fn text_in<'a>(&'a self, sources: &'a crate::Sources) -> &'a str {
        self.text(&sources.get(self.source.file).text)
    }
}

/// One table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRow {
    /// The whole row.
    pub span: Span,
    /// Its cells, padded to the header's width.
    pub cells: Vec<RawCell>,
}

/// A GFM table as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawTable {
    /// The whole table, header to last row.
    pub span: Span,
    /// The header cells.
    pub header: Vec<RawCell>,
    /// The body rows.
    pub rows: Vec<RawRow>,
    /// What is written above it.
    pub above: Above,
}

/// What is written above a table: the nearest heading before it, and the short paragraphs (of
/// `LABEL_WORDS` words at most: `**Aggregate Stats**`, a label of its own) between that heading,
/// or the table before, and this one, as written: for what a table is to be read as.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Above {
    pub heading: Option<Span>,
    pub labels: Vec<Span>,
}

/// The most words a paragraph that labels the table below it has.
const LABEL_WORDS: usize = 8;

/// A link or an image in a body, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// The whole link or image.
    pub span: Span,
    /// True for an image (`![alt](src)`): its destination is a file, not a page.
    pub image: bool,
    /// True for a wiki-link (`[[2026-02-27]]`, `![[chart.png]]`): its destination names a
    /// file by its name, wherever it is below `content/`, rather than a path.
    pub wiki: bool,
}

/// What the scan found in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    /// Every table, in order.
    pub tables: Vec<RawTable>,
    /// The plain text of the first paragraph.
    pub first_paragraph: Option<String>,
    /// The plain text of every paragraph before a `<!-- more -->` line (Zola's and Hugo's
    /// summary break; also `<!--more-->`), one space between them, when the body has one.
    pub before_more: Option<String>,
    /// The plain text of the first heading.
    pub first_heading: Option<String>,
    /// Whether the body begins with a level-1 heading (the first heading, then), which a page
    /// whose title it is shows once, as its title.
    pub leading_h1: bool,
    /// Link and image destinations with their spans, for link checks.
    pub links: Vec<Link>,
    /// An empty span at the start of the body, for problems of the body as a whole.
    pub body_start: Span,
    /// The first line of each paragraph that may be a table markdown did not read as one: it
    /// holds a `|` (a pasted table without its `|---|` row, rows cut off from their table) or a
    /// tab (a spreadsheet's tab-separated rows). Whether its cells name a task table is for the reader to decide.
    pub loose_tables: Vec<Span>,
    /// The ids headings were given (`## Setup {#setup}`), each with the span of its `#id`.
    pub heading_ids: Vec<(String, Span)>,
    /// Inline HTML tags that name no HTML element (`Vec<String>` written bare): markdown passes
    /// them on as tags, and a browser shows nothing for them.
    pub unknown_tags: Vec<Span>,
    /// Footnote marks (`[^1]`, with a definition) inside table cells: a task table's cells are
    /// read for their figures and text, and the mark is not part of either.
    pub cell_footnotes: Vec<Span>,
    /// Each footnote's definition (`[^label]: ...`): its label as written, and the span of the
    /// label's brackets and colon.
    pub footnote_definitions: Vec<(String, Span)>,
    /// Every footnote mark, in cells too: a definition no mark the page shows names is left out
    /// of the page (`site::footnotes`).
    pub footnote_marks: Vec<FootnoteMark>,
    /// The body's link reference definitions (`[gh]: https://github.com/x`), by key: a table
    /// cell is rendered on its own and looks them up (`[the repo][gh]` in a task's name).
    pub references: Vec<Reference>,
}

/// A footnote's mark (`[^label]`) in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FootnoteMark {
    /// Its label, as written.
    pub label: String,
    /// Where it is.
    pub span: Span,
    /// The definition it is written in, by its place in `Scan::footnote_definitions`: a note's
    /// mark of another note is shown only when its own note is.
    pub in_definition: Option<usize>,
}

/// A link reference definition of a body (`[gh]: https://github.com/x "The repo"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Its label as uses of it are matched (`reference_key`).
    pub key: String,
    /// Its destination and title, as the parser read them.
    pub dest: String,
    pub title: String,
}

/// A reference label as definitions and their uses are matched: white space collapsed, case
/// folded (`[The  Repo]` is `[the repo]`). Both are as written, escapes included.
pub fn reference_key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The definition `label` names among `references` (sorted by key), as a parser's broken-link
/// callback returns it.
pub fn look_up<'r>(references: &'r [Reference], label: &str) -> Option<&'r Reference> {
    let key = reference_key(label);
    references.binary_search_by(|r| r.key.as_str().cmp(&key)).ok().map(|at| &references[at])
}

/// `definitions`, sorted by key, so that a record is the same in every build (the parser keeps
/// them in a hash map).
fn references(definitions: &pulldown_cmark::RefDefs<'_>) -> Vec<Reference> {
    let mut out: Vec<Reference> = definitions
        .iter()
        .map(|(label, definition)| Reference {
            key: reference_key(label),
            dest: definition.dest.to_string(),
            title: definition.title.as_deref().unwrap_or("").to_string(),
        })
        .collect();
    out.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    out.dedup_by(|a, b| a.key == b.key);
    out
}

/// Scans the byte range `body` of the file's `text` (the text after its front matter).
pub fn scan(text: &str, body: std::ops::Range<usize>, file: FileId) -> Scan {
    scan_with(text, body, file, &mut |_| {})
}

/// The markdown events of a body with their byte ranges in the file, as `scan_with` hands them on.
pub type Events<'e, 't> = dyn Iterator<Item = (Event<'t>, std::ops::Range<usize>)> + 'e;

/// `scan`, handing every event of the body (with its byte range in the file) to `consume` as it
/// is read, so that a caller that also renders the body parses it once. Whatever `consume`
/// leaves of the events is read after it returns.
///
/// A table of plain cells at the top level (see `plain_table`) is read without the parser and
/// handed on as its `Start(Table)` and `End(Table)` events alone, with nothing between them: the
/// same table, without the events of its rows and cells. When such a table turns out not to be
/// a block of its own (it was inside a code block, say), the body is parsed again without that
/// shortcut and `consume` is called again, with every event from the start.
pub fn scan_with(
    text: &str,
    body: std::ops::Range<usize>,
    file: FileId,
    consume: &mut dyn for<'e, 't> FnMut(&mut Events<'e, 't>),
) -> Scan {
    let plain = plain_table::find(&text[body.clone()], body.start, file);
    if !plain.is_empty()
        && let Some(scan) = scan_masked(text, body.clone(), file, plain, consume)
    {
        return scan;
    }
    scan_parsed(text, body, file, consume)
}

/// `scan_with` with every table read by the parser.
fn scan_parsed(
    text: &str,
    body: std::ops::Range<usize>,
    file: FileId,
    consume: &mut dyn for<'e, 't> FnMut(&mut Events<'e, 't>),
) -> Scan {
    let offset = body.start;
    let mut scanner = Scanner::new(&text[body.clone()], offset, file);
    let mut parsed = Parser::new_ext(&text[body], options()).into_offset_iter();
    let mut events = parsed.by_ref().map(|(event, range)| {
        scanner.observe(&event, range.clone());
        (event, offset + range.start..offset + range.end)
    });
    consume(&mut events);
    events.for_each(drop);
    scanner.scan.references = references(parsed.reference_definitions());
    scanner.scan
}

/// `scan_with` over the body with its plain tables masked; `None` when a table's mask was not
/// read as a block of its own where the table starts, so that the parser must read the table.
fn scan_masked(
    text: &str,
    body: std::ops::Range<usize>,
    file: FileId,
    plain: Vec<plain_table::PlainTable>,
    consume: &mut dyn for<'e, 't> FnMut(&mut Events<'e, 't>),
) -> Option<Scan> {
    thread_local! {
        // The masked body's allocation, kept for the next body this thread scans.
        static MASKED: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let body_text = &text[body.clone()];
    let masked = plain_table::mask(body_text, &plain, MASKED.take());
    let mut events = Unmasked {
        inner: Parser::new_ext(&masked, options()).into_offset_iter(),
        scanner: Scanner::new(body_text, body.start, file),
        tables: plain.into_iter().peekable(),
        in_mask: None,
        failed: false,
    };
    consume(&mut events);
    events.by_ref().for_each(drop);
    let references = references(events.inner.reference_definitions());
    let scan = (!events.failed && events.tables.peek().is_none())
        .then_some(Scan { references, ..events.scanner.scan });
    MASKED.set(masked.into_bytes());
    scan
}

/// The events of a body whose plain tables were masked, each mask given back as its table's
/// start and end, scanned as they pass.
struct Unmasked<'t, I> {
    inner: I,
    scanner: Scanner<'t>,
    /// The tables whose masks are still to come.
    tables: std::iter::Peekable<std::vec::IntoIter<plain_table::PlainTable>>,
    /// The range of the table whose mask is being passed over.
    in_mask: Option<std::ops::Range<usize>>,
    /// Whether a mask was not a block of its own where its table starts.
    failed: bool,
}

impl<'a, 't, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> Iterator for Unmasked<'t, I> {
    type Item = (Event<'a>, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let offset = self.scanner.offset;
        let shifted = |range: &std::ops::Range<usize>| offset + range.start..offset + range.end;
        loop {
            if self.failed {
                return None;
            }
            let (event, range) = self.inner.next()?;
            if let Some(table) = &self.in_mask {
                if let Event::End(TagEnd::HtmlBlock) = event {
                    let range = shifted(table);
                    self.in_mask = None;
                    return Some((Event::End(TagEnd::Table), range));
                }
                continue;
            }
            if let Some(table) = self.tables.next_if(|t| range.start >= t.range.start) {
                if range.start != table.range.start || !matches!(event, Event::Start(Tag::HtmlBlock)) {
                    self.failed = true;
                    return None;
                }
                let start = shifted(&table.range);
                self.in_mask = Some(table.range);
                self.scanner.plain_table(table.table);
                return Some((Event::Start(Tag::Table(table.alignments)), start));
            }
            self.scanner.observe(&event, range.clone());
            return Some((event, shifted(&range)));
        }
    }
}

/// What a scan has found so far, and what it is in the middle of.
struct Scanner<'t> {
    body_text: &'t str,
    offset: usize,
    file: FileId,
    scan: Scan,
    table: Option<RawTable>,
    row: Option<RawRow>,
    cell: Option<RawCell>,
    /// The plain text of the cell being read, and the range of its trimmed source in the body.
    cell_text: String,
    cell_source: std::ops::Range<usize>,
    paragraph: Option<String>,
    heading: Option<String>,
    depth: usize,
    /// The footnote definitions being read, the innermost last, by their place in
    /// `Scan::footnote_definitions`.
    definitions: Vec<usize>,
    /// Where a wiki-link's own text stands, which the plain texts read as the page shows it.
    wiki_text: WikiText,
    /// Inside raw `<script>` or `<style>` written inline: its text is code, not words of the
    /// plain text (a summary, a task's name in the data).
    in_code_element: bool,
    /// Whether the cell being read holds inline HTML, which its plain text leaves out.
    cell_markup: bool,
    /// Whether every top-level paragraph's text is kept in `before_more`: only in the pass
    /// `before_more` makes over the text before a summary break.
    more: bool,
    /// What is above the next table (`Above`), as ranges of the body.
    last_heading: Option<std::ops::Range<usize>>,
    labels: Vec<std::ops::Range<usize>>,
    /// The paragraphs read so far, while `more`.
    before_more: Vec<String>,
}

/// The plain text of every top-level paragraph of `markdown`, one space between them, as the
/// scan reads a first paragraph's.
fn before_more(markdown: &str) -> String {
    let mut scanner = Scanner::new(markdown, 0, FileId(0));
    scanner.more = true;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        scanner.observe(&event, range);
    }
    scanner.before_more.join(" ")
}

/// A summary written in front matter as the page shows it: its markdown's plain text, as a
/// summary taken from the body is (`A *custom* [summary](x)` is `A custom summary`, where the
/// home page, the meta description and the feed showed its marks). Text without markdown's
/// marks, or whose plain text is no paragraph (`1. a list`), is kept as written; a `<` is text
/// (`Vec<u8>`, which markdown would read as a tag and drop).
pub fn summary_text(summary: String) -> String {
    if !summary.contains(['*', '_', '[', '`', '<', '&', '\\', '~', '!']) {
        return summary;
    }
    // A tag's `<...>` is text here, never markup to drop: `Vec<u8>` stays as written, its `<`
    // escaped before the markdown is read.
    let plain =
        if summary.contains('<') { before_more(&summary.replace('<', "\\<")) } else { before_more(&summary) };
    if plain.trim().is_empty() { summary } else { plain }
}

/// Whether `text` is a summary break: an HTML comment holding `more` alone.
fn is_more(text: &str) -> bool {
    let inner = text.trim().strip_prefix("<!--").and_then(|t| t.strip_suffix("-->"));
    inner.is_some_and(|t| t.trim() == "more")
}

impl<'t> Scanner<'t> {
    fn new(body_text: &'t str, offset: usize, file: FileId) -> Scanner<'t> {
        Scanner {
            body_text,
            offset,
            file,
            scan: Scan {
                tables: Vec::new(),
                first_paragraph: None,
                before_more: None,
                first_heading: None,
                leading_h1: false,
                links: Vec::new(),
                body_start: Span::new(file, offset..offset),
                loose_tables: Vec::new(),
                heading_ids: Vec::new(),
                unknown_tags: Vec::new(),
                cell_footnotes: Vec::new(),
                footnote_definitions: Vec::new(),
                footnote_marks: Vec::new(),
                references: Vec::new(),
            },
            table: None,
            row: None,
            cell: None,
            cell_text: String::new(),
            cell_source: 0..0,
            paragraph: None,
            heading: None,
            depth: 0,
            definitions: Vec::new(),
            in_code_element: false,
            wiki_text: WikiText::default(),
            cell_markup: false,
            more: false,
            before_more: Vec::new(),
            last_heading: None,
            labels: Vec::new(),
        }
    }

    /// What is above a table that starts here; the labels are this table's alone.
    fn above(&mut self) -> Above {
        let labels = std::mem::take(&mut self.labels);
        Above {
            heading: self.last_heading.clone().map(|r| self.at(r)),
            labels: labels.into_iter().map(|r| self.at(r)).collect(),
        }
    }

    /// Notes the id a heading at `range` was given, at its `#id` in the heading's attributes
    /// (after the heading's last `{`: on its line, or on the last line of text of a heading
    /// underlined with `===`), or at the heading when it is not found there.
    fn heading_id(&mut self, id: &str, range: std::ops::Range<usize>) {
        let heading = &self.body_text[range.clone()];
        let at = heading
            .rfind('{')
            .and_then(|brace| heading[brace..].find(&format!("#{id}")).map(|hash| brace + hash))
            .map_or(range.clone(), |hash| range.start + hash..range.start + hash + 1 + id.len());
        let span = self.at(at);
        self.scan.heading_ids.push((id.to_string(), span));
    }

    /// Takes a table read without the parser (`plain_table`) where the parser's would start.
    fn plain_table(&mut self, mut table: RawTable) {
        // As at any table's start, a `<script>` or `<style>` left open ends.
        self.in_code_element = false;
        table.above = self.above();
        self.scan.tables.push(table);
    }

    /// The plain texts being gathered that a piece of text goes to: the cell's, the first
    /// paragraph's, the first heading's.
    fn text_sinks(&mut self) -> impl Iterator<Item = &mut String> {
        [self.cell.is_some().then_some(&mut self.cell_text), self.paragraph.as_mut(), self.heading.as_mut()]
            .into_iter()
            .flatten()
    }

    /// The span of `range`, a byte range of the body.
    fn at(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, self.offset + range.start..self.offset + range.end)
    }

    fn observe(&mut self, event: &Event<'_>, range: std::ops::Range<usize>) {
        // The end of any block (a paragraph, a tight list's item, a cell, a heading) or a table's
        // start ends a `<script>` or `<style>` left open in it: raw inline HTML never spans blocks.
        if self.in_code_element
            && matches!(
                event,
                Event::Start(Tag::Table(_))
                    | Event::End(
                        TagEnd::Paragraph
                            | TagEnd::Heading(_)
                            | TagEnd::BlockQuote(_)
                            | TagEnd::CodeBlock
                            | TagEnd::HtmlBlock
                            | TagEnd::List(_)
                            | TagEnd::Item
                            | TagEnd::FootnoteDefinition
                            | TagEnd::Table
                            | TagEnd::TableHead
                            | TagEnd::TableRow
                            | TagEnd::TableCell
                    )
            )
        {
            self.in_code_element = false;
        }
        if let Event::Start(Tag::Paragraph) = event {
            // A label is short: a paragraph of many bytes is not looked at word by word.
            if self.depth == 0
                && range.len() < 16 * LABEL_WORDS
                && self.body_text[range.clone()].split_whitespace().count() <= LABEL_WORDS
            {
                self.labels.push(range.clone());
            }
            let text = &self.body_text[range.clone()];
            let line = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
            if line.contains('|') || line.contains('\t') {
                let span = self.at(range.start..range.start + line.len());
                self.scan.loose_tables.push(span);
            }
        }
        match event {
            Event::Start(Tag::Table(_)) => {
                let above = self.above();
                self.table =
                    Some(RawTable { span: self.at(range), header: Vec::new(), rows: Vec::new(), above });
            }
            Event::End(TagEnd::Table) => self.scan.tables.extend(self.table.take()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                // A body row has as many cells as the header (GFM pads and cuts rows to it).
                let width = self.table.as_ref().map_or(0, |t| t.header.len());
                self.row = Some(RawRow { span: self.at(range), cells: Vec::with_capacity(width) });
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(t), Some(r)) = (self.table.as_mut(), self.row.take()) {
                    t.header = r.cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (self.table.as_mut(), self.row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                let raw = &self.body_text[range.clone()];
                let lead = raw.len() - raw.trim_start().len();
                let trimmed = raw.trim();
                let start = range.start + lead;
                // A cell GFM pads a short row with is empty and at the row's end (past its line
                // break); one written empty (`||`) is empty where it stands, inside the row.
                let row_end = self.row.as_ref().map_or(u32::MAX, |row| row.span.end);
                self.cell = Some(RawCell {
                    source: self.at(start..start + trimmed.len()),
                    plain: None,
                    missing: range.is_empty() && self.at(range.clone()).start >= row_end,
                });
                // Its text is about as long as its source: one allocation, not a first and a
                // second one as it grows.
                self.cell_text = String::with_capacity(trimmed.len());
                self.cell_markup = false;
                self.cell_source = start..start + trimmed.len();
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(mut c)) = (self.row.as_mut(), self.cell.take()) {
                    let mut text = std::mem::take(&mut self.cell_text);
                    // Runs of spaces around markup left out (`Fix <script>..</script> it`) are
                    // one, as on the page; spaces typed in a row stay as written, as the reader
                    // of plain tables (which reads no markup) keeps them.
                    if self.cell_markup && text.contains("  ") {
                        text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    }
                    trim_in_place(&mut text);
                    // Held only where it is not the source (as the plain-table reader's cells).
                    c.plain = (text != self.body_text[self.cell_source.clone()]).then_some(text);
                    r.cells.push(c);
                }
            }
            Event::Start(Tag::Paragraph)
                if self.depth == 0 && (self.scan.first_paragraph.is_none() || self.more) =>
            {
                // Its text is at most about as long as its source: room for it at once, not
                // grown by doubling (the trimmed copy below is the one kept, at its length).
                self.paragraph = Some(String::with_capacity(range.len()));
                self.depth += 1;
            }
            Event::End(TagEnd::Paragraph) if self.paragraph.is_some() && self.depth == 1 => {
                // Runs of spaces (around a `<br>` or a `<script>` left out) are one, as on the page.
                let text = self.paragraph.take().map(|p| {
                    // Most paragraphs have no run to collapse: looking costs one vectorised search.
                    let p = crate::front_matter::showable(p);
                    if p.contains("  ") {
                        p.split_whitespace().collect::<Vec<_>>().join(" ")
                    } else {
                        p.trim().to_string()
                    }
                });
                if self.more {
                    self.before_more.extend(text.iter().filter(|t| !t.is_empty()).cloned());
                }
                if self.scan.first_paragraph.is_none() {
                    self.scan.first_paragraph = text;
                }
                self.depth -= 1;
            }
            // The first summary break: the text before it is read again for its paragraphs,
            // which a body without one (most of them) is spared keeping.
            Event::Html(html) if self.depth == 0 && self.scan.before_more.is_none() && is_more(html) => {
                self.scan.before_more = Some(before_more(&self.body_text[..range.start]));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.last_heading = Some(range.clone());
                self.labels.clear();
                if let Some(id) = id {
                    self.heading_id(id, range.clone());
                }
                if self.scan.first_heading.is_none() {
                    // Nothing but blank lines before it: looked at once, not event by event.
                    self.scan.leading_h1 =
                        *level == HeadingLevel::H1 && self.body_text[..range.start].trim().is_empty();
                    self.heading = Some(String::new());
                }
            }
            Event::End(TagEnd::Heading(_)) if self.heading.is_some() => {
                self.scan.first_heading =
                    self.heading.take().map(|h| crate::front_matter::showable(h.trim().to_string()));
            }
            Event::End(TagEnd::Link) => {
                self.wiki_text.in_text(event);
            }
            Event::Start(Tag::Link { dest_url, link_type, .. }) => {
                self.wiki_text.in_text(event);
                let span = self.at(range);
                // `<info@gov.md>` leads where the page writes it: to `mailto:info@gov.md`.
                let wiki = matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. });
                let dest = match link_type {
                    pulldown_cmark::LinkType::Email => format!("mailto:{dest_url}"),
                    _ if wiki => wiki_target(dest_url).to_string(),
                    _ => dest_url.to_string(),
                };
                self.scan.links.push(Link { dest, span, image: false, wiki });
            }
            Event::Start(Tag::Image { dest_url, link_type, .. }) => {
                let span = self.at(range);
                let wiki = matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. });
                let dest = if wiki { wiki_target(dest_url) } else { dest_url };
                self.scan.links.push(Link { dest: dest.to_string(), span, image: true, wiki });
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.depth += 1;
                // `[^` and `]:` around the label, as written.
                let end = range.end.min(range.start + label.len() + 4);
                self.definitions.push(self.scan.footnote_definitions.len());
                self.scan.footnote_definitions.push((label.to_string(), self.at(range.start..end)));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                self.definitions.pop();
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => self.depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                self.depth = self.depth.saturating_sub(1);
            }
            Event::FootnoteReference(label) => {
                let span = self.at(range);
                let in_definition = self.definitions.last().copied();
                self.scan.footnote_marks.push(FootnoteMark { label: label.to_string(), span, in_definition });
                if self.cell.is_some() {
                    self.scan.cell_footnotes.push(span);
                }
            }
            Event::Text(_) | Event::Code(_) if self.in_code_element => {}
            Event::Text(t) | Event::Code(t) => {
                let shown = if self.wiki_text.in_text(event) { self.wiki_text.shown(t) } else { None };
                // (`in_text` follows a wiki-link's start and end in their own arms.)
                let t = shown.as_deref().unwrap_or(t);
                for sink in self.text_sinks() {
                    sink.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                for sink in [self.paragraph.as_mut(), self.heading.as_mut()].into_iter().flatten() {
                    sink.push(' ');
                }
            }
            // A `<br>` breaks the line on the page; in the plain text (a task's name in the data,
            // a summary) it is a space, so the words on either side do not run together.
            Event::InlineHtml(html) if is_line_break(html) => {
                for sink in self.text_sinks() {
                    sink.push(' ');
                }
            }
            // In a cell, a tag of no line of text is its text (`shown_as_text_in_a_cell`).
            Event::InlineHtml(html) if self.cell.is_some() && shown_as_text_in_a_cell(html) => {
                self.cell_markup = true;
                for sink in self.text_sinks() {
                    sink.push_str(html);
                }
            }
            Event::InlineHtml(html) => {
                self.cell_markup |= self.cell.is_some();
                match code_element(html) {
                    Some(true) => self.in_code_element = true,
                    Some(false) => self.in_code_element = false,
                    None if !self.in_code_element && tag(html).is_some_and(|(_, name)| !is_element(name)) => {
                        let span = self.at(range);
                        self.scan.unknown_tags.push(span);
                    }
                    None => {}
                }
            }

            _ => {}
        }
    }
}

/// Whether inline HTML opens (`Some(true)`) or closes (`Some(false)`) a `<script>` or `<style>`
/// element, in any case; `None` for any other HTML.
fn code_element(html: &str) -> Option<bool> {
    let (closing, name) = tag(html)?;
    (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style")).then_some(!closing)
}

/// A wiki-link's target as the parser hands it, without the `\` that a `\|` leaves in it
/// (`[[2026-02-27\|yesterday]]`, as a table's cell is written, the `|` ending no cell).
pub fn wiki_target(dest: &str) -> &str {
    dest.strip_suffix('\\').unwrap_or(dest)
}

/// Where a wiki-link's own text stands: Obsidian shows a link written without `|` by its name
/// and heading, `[[2026-02-27#Analysis]]` as "2026-02-27 > Analysis", `[[x#Part#Detail]]` as
/// "x > Part > Detail" and `[[#Analysis]]` as "Analysis" (`shown`). Fed a text's events in
/// order, it says how each piece of text inside such a link reads; the page (`site::body`) and
/// the plain texts (a task's name in the data, a title, a summary) read them alike.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WikiText {
    /// Not in a wiki-link's own text.
    #[default]
    Outside,
    /// In one written without `|`, before its first text.
    Starting,
    /// After its first text.
    Inside,
}

impl WikiText {
    /// Follows the link's start or end in `event`: true when `event` is a piece of a wiki-link's
    /// own text, which `shown` then gives as Obsidian shows it. Every event of every body comes
    /// here: outside a wiki-link it only looks for the start of one.
    #[inline(always)]
    pub fn in_text(&mut self, event: &Event<'_>) -> bool {
        match (*self, event) {
            (
                WikiText::Outside,
                Event::Start(Tag::Link { link_type: LinkType::WikiLink { has_pothole: false }, .. }),
            ) => {
                *self = WikiText::Starting;
                false
            }
            (WikiText::Outside, _) => false,
            (_, Event::End(TagEnd::Link)) => {
                *self = WikiText::Outside;
                false
            }
            (_, event) => matches!(event, Event::Text(_)),
        }
    }

    /// `text`, a piece of the link's own text (`in_text`), as Obsidian shows it: `None` when it
    /// reads as written.
    pub fn shown(&mut self, text: &str) -> Option<String> {
        // `[[#Analysis]]` names no page before its heading.
        let shown = if *self == WikiText::Starting { text.trim_start_matches('#') } else { text };
        *self = WikiText::Inside;
        (!shown.is_empty() && (shown.len() < text.len() || shown.contains('#')))
            .then(|| shown.replace('#', " > "))
    }
}

/// Whether inline HTML is a `<br>` tag (`<br>`, `<BR/>`, `<br />`).
pub fn is_line_break(html: &str) -> bool {
    matches!(tag(html), Some((false, name)) if name.eq_ignore_ascii_case("br"))
}

/// Whether inline HTML is a tag that closes (`</b>`), and the element it names (`<String>`,
/// `<a href=x>`): the name runs from the `<` or `</` to white space, a `/` or the `>`. `None`
/// for a comment, a declaration, a processing instruction or text that is no tag (`<bré>`).
fn tag(html: &str) -> Option<(bool, &str)> {
    let rest = html.trim().strip_prefix('<')?;
    let (closing, rest) = rest.strip_prefix('/').map_or((false, rest), |rest| (true, rest));
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
    let (name, after) = rest.split_at(end);
    let ended = after.starts_with(|c: char| matches!(c, '>' | '/') || c.is_ascii_whitespace());
    (ended && name.starts_with(|c: char| c.is_ascii_alphabetic())).then_some((closing, name))
}

/// The names of HTML's elements (obsolete ones included) and of SVG's and MathML's that are written
/// inline, lowercase and sorted (`is_element` searches them).
#[rustfmt::skip]
const ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "address", "animate", "annotation", "area", "article", "aside", "audio",
    "b", "base", "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas",
    "caption", "center", "circle", "cite", "clippath", "code", "col", "colgroup", "data", "datalist",
    "dd", "defs", "del", "desc", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "ellipse",
    "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "foreignobject", "form",
    "frame", "frameset", "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr",
    "html", "i", "iframe", "image", "img", "input", "ins", "kbd", "label", "legend", "li", "line",
    "lineargradient", "link", "main", "map", "mark", "marker", "marquee", "mask", "math", "menu",
    "meta", "meter", "mfrac", "mi", "mn", "mo", "mroot", "mrow", "ms", "mspace", "msqrt", "msub",
    "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "nav", "nobr", "noscript", "object", "ol",
    "optgroup", "option", "output", "p", "param", "path", "pattern", "picture", "polygon", "polyline",
    "pre", "progress", "q", "radialgradient", "rect", "rp", "rt", "ruby", "s", "samp", "script",
    "search", "section", "select", "semantics", "slot", "small", "source", "span", "stop", "strike",
    "strong", "style", "sub", "summary", "sup", "svg", "symbol", "table", "tbody", "td", "template",
    "text", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tspan", "tt", "u",
    "ul", "use", "var", "video", "wbr", "xmp",
];

/// Whether a tag's name is an element a browser knows: HTML's (obsolete ones included), SVG's
/// and MathML's that are written inline, or a custom element (its name holds a `-`).
fn is_element(name: &str) -> bool {
    name.contains('-') || ELEMENTS.binary_search(&name.to_ascii_lowercase().as_str()).is_ok()
}

/// The elements a task's cell may hold as HTML, lowercase and sorted: HTML's phrasing content
/// (a checkbox, `<input type="checkbox" checked>`, among it) but for what runs or embeds another
/// document (`script`, `iframe`, `embed`, `object`), what holds raw text (`textarea`) or other
/// elements (`select`, with the `option` of a Rust type's `Vec<Option>`), and `template`.
#[rustfmt::skip]
const PHRASING: &[&str] = &[
    "a", "abbr", "audio", "b", "bdi", "bdo", "big", "br", "button", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "img", "input", "ins", "kbd", "label", "mark", "math", "meter", "nobr", "output",
    "picture", "progress", "q", "rp", "rt", "ruby", "s", "samp", "small", "source", "span", "strike",
    "strong", "sub", "sup", "svg", "time", "tt", "u", "var", "video", "wbr",
];

/// Whether inline HTML in a table's cell is shown as the text it is: a tag of an element that
/// is no part of a line of text (`<details>`, `<div>`, `</table>`, `<script>`, `<Option>` of a
/// Rust type), which would otherwise break the page's table or run, and leave its words out of
/// the task's name in the data. Phrasing elements (`<b>`, `<a href>`, `<br>`), custom elements
/// (`<my-widget>`), comments and tags of no element (`Vec<String>`, warned of) stay HTML.
pub fn shown_as_text_in_a_cell(html: &str) -> bool {
    tag(html).is_some_and(|(_, name)| {
        let name = name.to_ascii_lowercase();
        !name.contains('-')
            && ELEMENTS.binary_search(&name.as_str()).is_ok()
            && PHRASING.binary_search(&name.as_str()).is_err()
    })
}

/// A cell's tag of no line of text is part of its plain text (a task's name in the data), where
/// the words around it were left out with it; a paragraph's is HTML, as markdown has it.
#[cfg(test)]
#[test]
fn a_cell_s_block_tags_are_its_text() {
    let text = "Text <details> here.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n\
                | Add <details> and </table> with <b>bold</b> | 1h | 5min |\n| Run <script>x()</script> now | 1h | 5min |\n";
    let scanned = scan(text, 0..text.len(), FileId(0));
    let cells: Vec<&str> = scanned.tables[0].rows.iter().map(|row| row.cells[0].text(text)).collect();
    assert_eq!(cells, ["Add <details> and </table> with bold", "Run <script>x()</script> now"]);
    assert_eq!(scanned.first_paragraph.as_deref(), Some("Text here."));
    assert!(shown_as_text_in_a_cell("<details open>") && shown_as_text_in_a_cell("</TABLE>"));
    assert!(
        !shown_as_text_in_a_cell("<b>")
            && !shown_as_text_in_a_cell("<x-y>")
            && !shown_as_text_in_a_cell("<!-- c -->")
    );
    assert!(!shown_as_text_in_a_cell("<input type=\"checkbox\" checked>"), "a checkbox stays one");
    assert!(shown_as_text_in_a_cell("<iframe src=x>") && shown_as_text_in_a_cell("<select>"));
    assert!(!shown_as_text_in_a_cell("<String>"), "no element: warned of as such");
}

#[cfg(test)]
#[test]
fn tags_that_name_no_element_are_found() {
    let text = "Port `Vec<String>` and Vec<String> to <b>bold</b> <my-widget> <!-- note --> <T>.\n\n\
                | Task | Human Est. | Claude Time |\n|---|---|---|\n| Parse Option<Box> | 1h | 5min |\n";
    let scanned = scan(text, 0..text.len(), FileId(0));
    let found: Vec<&str> =
        scanned.unknown_tags.iter().map(|s| &text[s.start as usize..s.end as usize]).collect();
    // `<Option>` is an element (of a select): it cannot be told from a type's name.
    assert_eq!(found, ["<String>", "<T>", "<Box>"]);
    assert!(["b", "my-widget", "STRONG", "svg"].into_iter().all(is_element));
    assert!(ELEMENTS.windows(2).all(|pair| pair[0] < pair[1]), "sorted, for the binary search");
    assert_eq!(tag("</Vec >"), Some((true, "Vec")));
    assert_eq!(tag("<a href=x>"), Some((false, "a")));
    assert_eq!(tag("<!-- x -->"), None);
    assert_eq!(tag("<?php ?>"), None);
}

#[cfg(test)]
#[test]
fn the_paragraphs_before_a_summary_break_are_the_summary() {
    for marker in ["<!-- more -->", "<!--more-->", "<!--  more -->"] {
        let text = format!("Intro.\n\n## Day\n\nSecond *part*.\n\n- a list\n\n{marker}\n\nThe rest.\n");
        let scanned = scan(&text, 0..text.len(), FileId(0));
        assert_eq!(scanned.before_more.as_deref(), Some("Intro. Second part."), "{marker}");
        assert_eq!(scanned.first_paragraph.as_deref(), Some("Intro."));
    }
    // Only a comment of its own at the top level is the break: not words about it, not code.
    for text in [
        "Intro.\n\nWrite `<!-- more -->` to end a summary.\n",
        "Intro.\n\n```html\n<!-- more -->\n```\n\nRest.\n",
        "Intro.\n\n> <!-- more -->\n\nRest.\n",
        "Intro.\n\n<!-- more to come -->\n\nRest.\n",
    ] {
        let scanned = scan(text, 0..text.len(), FileId(0));
        assert_eq!(scanned.before_more, None, "{text}");
        assert_eq!(scanned.first_paragraph.as_deref(), Some("Intro."), "{text}");
    }
}

#[cfg(test)]
#[test]
fn a_title_or_summary_from_the_body_leaves_out_what_no_page_can_show() {
    let text = "# About &#1; us\u{85}\n\nHi &#1; &#xFFFE; there &#xFDD0;.\n";
    let scanned = scan(text, 0..text.len(), FileId(0));
    assert_eq!(scanned.first_heading.as_deref(), Some("About  us"));
    assert_eq!(scanned.first_paragraph.as_deref(), Some("Hi there ."));
}

/// A wiki-link's heading reads in the plain texts (a title, a summary, a task's name in the
/// data) as the page shows it, as Obsidian does: `[[x#A]]` is "x > A".
#[cfg(test)]
#[test]
fn a_wiki_link_s_heading_reads_as_obsidian_shows_it() {
    let text = "# See [[x#A]]\n\n[[#Today]], [[x#A#B]], [[x#A|own]] and [[x]].\n\n\
                | Task | Human Est. | Claude Time |\n|---|---|---|\n| Follow [[notes/setup#Install]] up | 1h | 5min |\n";
    let scanned = scan(text, 0..text.len(), FileId(0));
    assert_eq!(scanned.first_heading.as_deref(), Some("See x > A"));
    assert_eq!(scanned.first_paragraph.as_deref(), Some("Today, x > A > B, own and x."));
    assert_eq!(scanned.tables[0].rows[0].cells[0].text(text), "Follow notes/setup > Install up");
    let mut shown = WikiText::Starting;
    assert_eq!(shown.shown("#"), None, "`[[#]]` reads as written");
}

#[cfg(test)]
#[test]
fn script_and_style_are_no_words_of_the_plain_text() {
    let text = "Intro <script>var secret = \"token-123\"; alert(1)</script> <STYLE type=\"x\">p{color:red}</style> text.\n\n\
                | Task | Human Est. | Claude Time |\n|---|---|---|\n| Fix <script>x()</script>it | 1h | 5min |\n";
    let scanned = scan(text, 0..text.len(), FileId(0));
    assert_eq!(scanned.first_paragraph.as_deref(), Some("Intro text."));
    // In a cell a script is text, as its page shows it (`shown_as_text_in_a_cell`).
    assert_eq!(scanned.tables[0].rows[0].cells[0].text(text), "Fix <script>x()</script>it");
    assert_eq!(code_element("<script src=x>"), Some(true));
    assert_eq!(code_element("</Style>"), Some(false));
    assert_eq!(code_element("<scripts>"), None);
    assert_eq!(code_element("<b>"), None);
    // One left open in a cell is text, and the next cell is read.
    let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A <style>x | 1h | 5min |\n| B | 1h | 5min |\n\nAfter.\n";
    let scanned = scan(text, 0..text.len(), FileId(0));
    assert_eq!(scanned.tables[0].rows[0].cells[0].text(text), "A <style>x");
    assert_eq!(scanned.tables[0].rows[1].cells[0].text(text), "B");
    assert_eq!(scanned.first_paragraph.as_deref(), Some("After."));
    // And with its list item, which a tight list holds without a paragraph.
    let text =
        "- fixed <style> order\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| B | 1h | 5min |\n";
    let scanned = scan(text, 0..text.len(), FileId(0));
    assert_eq!(scanned.tables[0].header[0].text(text), "Task");
}

#[cfg(test)]
#[test]
fn a_line_break_is_told_by_bytes_whatever_the_text() {
    assert!(is_line_break("<br>") && is_line_break("<BR/>") && is_line_break(" <br />"));
    assert!(!is_line_break("<?Ѩ?>") && !is_line_break("<bré>") && !is_line_break("<b>"));
}

/// `text.trim()`, without a new string: most cells have nothing to trim.
fn trim_in_place(text: &mut String) {
    text.truncate(text.trim_end().len());
    let lead = text.len() - text.trim_start().len();
    if lead > 0 {
        text.drain(..lead);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wiki_link_is_found_as_one_with_its_target_and_place() {
        let text =
            "See [[2026-02-27#Analysis|yesterday]], ![[chart.png]], [x](a.md) and \\[[not]] or `[[code]]`.\n";
        let scan = scan(text, 0..text.len(), FileId(0));
        let found: Vec<(&str, &str, bool, bool)> = (scan.links.iter())
            .map(|link| (&text[link.span.range()], link.dest.as_str(), link.image, link.wiki))
            .collect();
        assert_eq!(
            found,
            [
                ("[[2026-02-27#Analysis|yesterday]]", "2026-02-27#Analysis", false, true),
                ("![[chart.png]]", "chart.png", true, true),
                ("[x](a.md)", "a.md", false, false),
            ]
        );
        assert_eq!(
            scan.first_paragraph.as_deref(),
            Some("See yesterday, chart.png, x and [[not]] or [[code]].")
        );
    }

    #[test]
    fn a_line_break_in_a_cell_or_a_paragraph_is_a_space_in_its_text() {
        let text = "First line<br>second line.\n\n| Task | Human |\n|---|---|\n| Line one<BR/>line two<br />three | 40h |\n";
        let scan = scan(text, 0..text.len(), FileId(0));
        assert_eq!(scan.first_paragraph.as_deref(), Some("First line second line."));
        assert_eq!(scan.tables[0].rows[0].cells[0].text(text), "Line one line two three");
        assert!(!is_line_break("<bra>") && !is_line_break("<b>") && is_line_break("<br\n/>"));
    }

    #[test]
    fn finds_cells_with_their_source() {
        let text = "Intro *here*.\n\n| Task | Human |\n|---|---|\n| **do** x | 40h |\n| short |\n";
        let scan = scan(text, 0..text.len(), FileId(0));
        assert_eq!(scan.first_paragraph.as_deref(), Some("Intro here."));
        let table = &scan.tables[0];
        assert_eq!(table.header.iter().map(|c| c.text(text)).collect::<Vec<_>>(), ["Task", "Human"]);
        let first = &table.rows[0].cells[0];
        assert_eq!(&text[first.source.range()], "**do** x");
        assert_eq!(first.text(text), "do x");
        assert!(table.rows[1].cells[1].missing);
    }

    proptest::proptest! {
        #[test]
        fn trims_in_place_like_trim(text in "[ a\t\u{a0}\u{3000}é\n]{0,12}") {
            let mut trimmed = text.clone();
            trim_in_place(&mut trimmed);
            proptest::prop_assert_eq!(trimmed, text.trim());
        }
    }

    #[test]
    fn honours_the_body_offset() {
        let text = "+++\n+++\n| A | B |\n|-|-|\n| 1 | 2 |\n";
        let scan = scan(text, 8..text.len(), FileId(0));
        let cell = &scan.tables[0].rows[0].cells[1];
        assert_eq!(&text[cell.source.range()], "2");
    }
}
