//! YAML front matter (between `---` lines, as Hugo, Jekyll, Zola and Obsidian write it), read
//! into the same keys and values as TOML's, each with where it is written: the checks of
//! `front_matter::parse` then hold for both.
//!
//! YAML is read with yaml-rust2's event parser, which gives where each value starts; a value
//! ends where the text before the next one ends. Its values become TOML's: a plain `2026-02-28`
//! is a date, as TOML's is; a null (`title:` with nothing after it) is a key left out, as an
//! empty property is in Obsidian.

use std::ops::Range;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{KEY_NAMES, Place};

/// How deep a value may nest: deeper is refused, not read by recursion without end.
const MAX_DEPTH: usize = 64;

/// Keys whose values are text however they are written: `title: 2026` is the title `2026`, and
/// `tags: [rust, 2026]` two tags, not a number among them.
const TEXT_KEYS: [&str; 6] = ["title", "summary", "slug", "image", "tags", "aliases"];

/// What `read` found: each top-level key's place, the values, and leverage's keys written inside
/// `extra` (for the warning that they are the theme's).
pub(super) struct Read {
    pub(super) places: Vec<Place>,
    pub(super) values: toml::Table,
    pub(super) shadowed: Vec<(String, Range<usize>)>,
}

/// A mistake that stops the reading: what is wrong, and where in the YAML.
pub(super) type Mistake = (String, Range<usize>);

/// Reads `yaml`, the text between the fences.
pub(super) fn read(yaml: &str) -> Result<Read, Mistake> {
    // The parser takes a NUL for the end of the text, and would read nothing after it.
    if let Some(at) = yaml.find('\0') {
        return Err((
            "a NUL character (U+0000) in the front matter, where YAML stops reading: remove it".to_string(),
            at..at + 1,
        ));
    }
    let mut reader = Reader {
        parser: Parser::new_from_str(yaml),
        text: yaml,
        line_starts: line_starts(yaml),
        cursor: std::cell::Cell::new((1, 0, 0)),
        peeked: None,
    };
    let at = |reader: &Reader<'_>, mark: Marker| reader.at(mark);
    let mut read = Read { places: Vec::new(), values: toml::Table::new(), shadowed: Vec::new() };
    // The stream, then (unless it is empty) one document holding one mapping.
    let (event, mark) = reader.next()?;
    if event != Event::StreamStart {
        return Err(reader.unexpected(&event, mark));
    }
    match reader.next()? {
        (Event::StreamEnd, _) => return Ok(read),
        (Event::DocumentStart, _) => {}
        (event, mark) => return Err(reader.unexpected(&event, mark)),
    }
    match reader.next()? {
        (Event::MappingStart(..), _) => {}
        // `---` then `---`, or only comments between them: no key.
        (Event::Scalar(text, TScalarStyle::Plain, ..), _) if is_null(&text) => return reader.end(read),
        (_, mark) => {
            return Err((
                "expected `key: value` lines (`title: My day`), found a value with no key".to_string(),
                at(&reader, mark)..reader.line_end(at(&reader, mark)),
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    while let Some((key, key_span)) = reader.next_key()? {
        if !seen.insert(key.clone()) {
            return Err((format!("duplicate key: `{key}` is given twice"), key_span));
        }
        let (event, value_mark) = reader.next()?;
        let value_start = at(&reader, value_mark);
        let text = TEXT_KEYS.contains(&key.as_str());
        let mut items = None;
        let mut extra_keys = (key == "extra").then(Vec::new);
        let value = reader.value(event, value_mark, 0, text, &mut items, extra_keys.as_mut())?;
        let end = reader.peek_start()?;
        let value_span = value_start..value_end(yaml, value_start, end);
        if let Some(keys) = extra_keys {
            read.shadowed.extend(
                keys.into_iter().filter(|(key, _)| KEY_NAMES.contains(&key.as_str()) && key != "extra"),
            );
        }
        // A null is a key left out.
        let Some(value) = value else { continue };
        read.places.push(Place { key: key.clone(), key_span, value_span, items });
        read.values.insert(key, value);
    }
    reader.end(read)
}

/// Where each line of `yaml` starts, its lines broken as YAML breaks them: at `\n`, `\r\n` and a
/// lone `\r`.
fn line_starts(yaml: &str) -> Vec<usize> {
    let bytes = yaml.as_bytes();
    let breaks = memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&at| !(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n')))
        .map(|at| at + 1);
    std::iter::once(0).chain(breaks).collect()
}

/// Whether a plain scalar is YAML's null: nothing, `~` or `null`.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// How many bytes `key` takes as written at `start` of `yaml`: to its closing quote when it is
/// quoted there (its escapes make it longer than it reads), else its own length.
fn written_len(yaml: &str, start: usize, key: &str) -> usize {
    let written = &yaml[start..];
    let len = match written.chars().next() {
        Some(quote @ ('"' | '\'')) => quoted_len(written, quote).unwrap_or(written.len()),
        _ => key.len(),
    };
    written.floor_char_boundary(len.min(written.len()))
}

/// The length of the quoted scalar `written` begins with, its quotes included: a double-quoted
/// one's `\"` and a single-quoted one's `''` do not end it. `None` when nothing ends it.
fn quoted_len(written: &str, quote: char) -> Option<usize> {
    let mut chars = written.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, next)| next == '\'') {
                chars.next();
            } else {
                return Some(at + 1);
            }
        }
    }
    None
}

/// Where a value that starts at `start` ends, the next one starting at `next`: the end of the
/// last line before `next` with text on it, without a comment, a flow list's comma or the `-`
/// of the next item.
fn value_end(yaml: &str, start: usize, next: usize) -> usize {
    let next = next.clamp(start, yaml.len());
    let written = &yaml[start..next];
    // A block scalar's lines (`|`, `>`) are its text, a `#` in them too.
    let block = written.starts_with(['|', '>']);
    let mut quote = None;
    let mut end = 0;
    let mut offset = 0;
    for line in written.split_inclusive('\n') {
        let cut = if block { line.len() } else { comment_start(line, &mut quote) };
        let kept = line[..cut].trim_end().trim_end_matches(',').trim_end();
        let content = kept.trim_start();
        if !content.is_empty() && content != "-" {
            end = offset + kept.len();
        }
        offset += line.len();
    }
    start + end
}

/// Where a comment starts in `line` (a `#` at its start or after a space or tab, outside
/// quotes), else its length. `quote` is the quote open at its start, and at its end after.
fn comment_start(line: &str, quote: &mut Option<char>) -> usize {
    // A quote opens a scalar only where one may begin: first, or after `:`, `[`, `{`, `,`, `-`
    // (the `'` of `it's` in a plain scalar is none).
    let mut last = None;
    let mut space = true;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match *quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some('\'') if c == '\'' && chars.peek().is_some_and(|&(_, next)| next == '\'') => {
                chars.next();
            }
            Some(open) if c == open => *quote = None,
            Some(_) => {}
            None if c == '#' && space => return at,
            None if matches!(c, '"' | '\'') && matches!(last, None | Some(':' | '[' | '{' | ',' | '-')) => {
                *quote = Some(c);
            }
            None => {}
        }
        space = c == ' ' || c == '\t';
        if !c.is_whitespace() {
            last = Some(c);
        }
    }
    line.len()
}

/// yaml-rust2's parser, with one event looked at ahead.
struct Reader<'y> {
    parser: Parser<std::str::Chars<'y>>,
    text: &'y str,
    /// Where each line of `text` starts (`line_starts`).
    line_starts: Vec<usize>,
    /// The line, column and byte offset `at` found last: the next mark is most often after it
    /// on its line, and is found from there (a list of 50,000 items on one line was read from
    /// the line's start for each).
    cursor: std::cell::Cell<(usize, usize, usize)>,
    peeked: Option<(Event, Marker)>,
}

impl Reader<'_> {
    /// The byte offset in the text of `mark`, from its line and column: its index counts
    /// characters mostly and bytes in places (a block scalar's lines), so the column is counted
    /// on its line, never past the line's end.
    fn at(&self, mark: Marker) -> usize {
        let (line, col) = (mark.line(), mark.col());
        let Some(&line_start) = line.checked_sub(1).and_then(|l| self.line_starts.get(l)) else {
            return self.text.len();
        };
        let line_end = self.line_end(line_start);
        let (cursor_line, cursor_col, cursor_at) = self.cursor.get();
        let (from, skip) = if cursor_line == line && cursor_col <= col {
            (cursor_at, col - cursor_col)
        } else {
            (line_start, col)
        };
        let text = &self.text[from..line_end.max(from)];
        let at = from + text.char_indices().nth(skip).map_or(text.len(), |(at, _)| at);
        self.cursor.set((line, col, at));
        at
    }

    fn next(&mut self) -> Result<(Event, Marker), Mistake> {
        if let Some(peeked) = self.peeked.take() {
            return Ok(peeked);
        }
        self.parser.next_token().map_err(|error| {
            let start = self.at(*error.marker()).min(self.text.len());
            let info = error.info();
            // The commonest slip: a `: ` inside a value (`title: Day 3: parsers`).
            let message = if info.contains("mapping values are not allowed") {
                "a `: ` inside a value makes YAML read a second key: put the value in quotes \
                 (`title: \"Day 3: parsers\"`)"
                    .to_string()
            } else if info.contains("tab") {
                format!("{info}: YAML indents with spaces, never tabs")
            } else {
                info.to_string()
            };
            (message, start..self.line_end(start))
        })
    }

    /// The next key of a mapping and where it is written, or `None` at the mapping's end.
    fn next_key(&mut self) -> Result<Option<(String, Range<usize>)>, Mistake> {
        let (event, mark) = self.next()?;
        match event {
            Event::MappingEnd => Ok(None),
            Event::Scalar(key, ..) => {
                let start = self.at(mark);
                let span = start..start + written_len(self.text, start, &key);
                Ok(Some((key, span)))
            }
            event => Err(self.unexpected(&event, mark)),
        }
    }

    /// Where the next event starts: the end of the value before it.
    fn peek_start(&mut self) -> Result<usize, Mistake> {
        let next = self.next()?;
        let start = self.at(next.1);
        self.peeked = Some(next);
        Ok(start)
    }

    /// The end of the line `start` is on, for a mistake's span.
    fn line_end(&self, start: usize) -> usize {
        // The next line's start, without the line break before it (`line_starts`).
        let start = start.min(self.text.len());
        let next = self.line_starts.partition_point(|&line| line <= start);
        self.line_starts
            .get(next)
            .map_or(self.text.len(), |&next| next - if self.text[..next].ends_with("\r\n") { 2 } else { 1 })
    }

    /// The mistake of finding `event` where it cannot be.
    fn unexpected(&self, event: &Event, mark: Marker) -> Mistake {
        let start = self.at(mark).min(self.text.len());
        let what = match event {
            Event::DocumentStart | Event::DocumentEnd => {
                "expected one block of `key: value` lines, found a second YAML document"
            }
            Event::Alias(_) => "an alias (`*name`) is not read here: write the value itself",
            _ => "expected `key: value` lines (`title: My day`)",
        };
        (what.to_string(), start..self.line_end(start))
    }

    /// The end of the stream after the front matter's mapping: nothing but its end.
    fn end(mut self, read: Read) -> Result<Read, Mistake> {
        loop {
            match self.next()? {
                (Event::DocumentEnd, _) => {}
                (Event::StreamEnd, _) => return Ok(read),
                (event, mark) => return Err(self.unexpected(&event, mark)),
            }
        }
    }

    /// The value that begins with `event`, as TOML's; `None` for a null. Plain scalars are
    /// text when `text`. `items` gets the place of each item of a list (the top level's);
    /// `keys` each key of a mapping with its place (`extra`'s).
    fn value(
        &mut self,
        event: Event,
        mark: Marker,
        depth: usize,
        text: bool,
        items: &mut Option<Vec<Range<usize>>>,
        keys: Option<&mut Vec<(String, Range<usize>)>>,
    ) -> Result<Option<toml::Value>, Mistake> {
        if depth > MAX_DEPTH {
            let start = self.at(mark);
            return Err((format!("a value nested more than {MAX_DEPTH} deep"), start..self.line_end(start)));
        }
        match event {
            Event::Scalar(value, style, _, tag) => {
                let as_string = tag.is_some_and(|tag| tag.suffix == "str");
                Ok(scalar(value, style, text || as_string))
            }
            Event::SequenceStart(..) => {
                let mut list = Vec::new();
                let mut places = Vec::new();
                loop {
                    let (event, mark) = self.next()?;
                    if event == Event::SequenceEnd {
                        break;
                    }
                    // Found before the next event is: the cursor moves on with each (`at`).
                    let start = self.at(mark);
                    let item = self.value(event, mark, depth + 1, text, &mut None, None)?;
                    let end = self.peek_start()?;
                    if let Some(item) = item {
                        places.push(start..value_end(self.text, start, end));
                        list.push(item);
                    }
                }
                *items = Some(places);
                Ok(Some(toml::Value::Array(list)))
            }
            Event::MappingStart(..) => {
                let mut table = toml::Table::new();
                let mut keys = keys;
                let mut seen = std::collections::HashSet::new();
                while let Some((key, key_span)) = self.next_key()? {
                    if !seen.insert(key.clone()) {
                        return Err((format!("duplicate key: `{key}` is given twice"), key_span));
                    }
                    if let Some(keys) = keys.as_deref_mut() {
                        keys.push((key.clone(), key_span));
                    }
                    let (event, value_mark) = self.next()?;
                    if let Some(value) = self.value(event, value_mark, depth + 1, false, &mut None, None)? {
                        table.insert(key, value);
                    }
                }
                Ok(Some(toml::Value::Table(table)))
            }
            event => Err(self.unexpected(&event, mark)),
        }
    }
}

/// A scalar as TOML's value: quoted, or read as `text`, a string; plain, YAML's null, a
/// boolean, a whole number, a number, a date (as TOML writes one) or else a string.
fn scalar(value: String, style: TScalarStyle, text: bool) -> Option<toml::Value> {
    if style != TScalarStyle::Plain {
        return Some(toml::Value::String(value));
    }
    if is_null(&value) {
        return None;
    }
    if text {
        return Some(toml::Value::String(value));
    }
    // YAML 1.1's `yes` and `no` too, as Hugo reads them.
    Some(match value.as_str() {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => toml::Value::Boolean(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
            toml::Value::Boolean(false)
        }
        _ => {
            if let Ok(n) = value.parse::<i64>() {
                toml::Value::Integer(n)
            } else if value.bytes().any(|b| b.is_ascii_digit())
                && value.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
                && let Ok(x) = value.parse::<f64>()
            {
                toml::Value::Float(x)
            } else if let Ok(when) = value.parse::<toml::value::Datetime>() {
                toml::Value::Datetime(when)
            } else {
                toml::Value::String(value)
            }
        }
    })
}
