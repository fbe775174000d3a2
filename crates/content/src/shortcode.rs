//! Shortcodes: a template of the theme called from a body, written as Zola writes them.
//!
//! `{{ figure(src="chart.png", caption="The week") }}` calls `templates/shortcodes/figure.html`
//! with its arguments; `{% details(summary="Logs") %}` ... `{% end %}` calls
//! `templates/shortcodes/details.html` with the text between the tags as `body`. This module
//! finds the calls and reads their arguments; `site` renders them.
//!
//! A call is read in the body's prose: in paragraphs, lists, quotes and headings, and on a line
//! of its own inside raw HTML (`<div>` around two figures). In code (spans and blocks), in a
//! raw HTML tag or comment, and in a table (which leverage reads for its figures) it is text as
//! written; a call in a table is warned of. `\{{` or `{{/* name() */}}` writes a call as text.
//!
//! The parser reads a body whose calls were masked (`mask`): each is replaced by raw HTML of the
//! same length (a comment for a call alone on its line, which is a block of its own; a `<span
//! xxx>` tag for one in a paragraph, which stays in it), so that every offset and position in the
//! file stays as it is.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::{ContentError, Diagnostic, FileId, Span};

/// A shortcode in a body.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortcode {
    /// The whole of it: from `{{` or `{%` to the closing `}}`, `%}` or `{% end %}`.
    pub span: Span,
    /// Whether it is masked as a comment, which the parser reads as a block of raw HTML: a call
    /// alone on its lines, or alone after a quote's `>` or a list item's marker. A block ends a
    /// paragraph before it and begins one after it, as a figure should.
    pub block: bool,
    /// The text between `{% name() %}` and `{% end %}` in the file, as written.
    pub body: Option<Span>,
    /// What it writes.
    pub kind: Kind,
}

/// What a shortcode writes.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// The template `shortcodes/<name>.html`, given the arguments and, for `{% %}`, the body.
    Call {
        /// `figure` in `{{ figure(src="a.png") }}`.
        name: String,
        /// In the order written: strings, integers, floats, booleans and lists of them.
        args: Vec<(String, toml::Value)>,
        /// The text between `{% name() %}` and `{% end %}`, as written, without the line break
        /// that ends the opening tag's line and the one before `{% end %}`.
        body: Option<String>,
    },
    /// A call written as text: `{{/* figure() */}}` shows `{{ figure() }}`.
    Shown(String),
}

/// The shortcodes of `text[body]`, in order, and the problems of the calls that do not read.
pub fn find(text: &str, body: Range<usize>, file: FileId) -> (Vec<Shortcode>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let body_text = &text[body.clone()];
    if memchr::memmem::find(body_text.as_bytes(), b"{{").is_none()
        && memchr::memmem::find(body_text.as_bytes(), b"{%").is_none()
    {
        return (found, problems);
    }
    let warn = |problems: &mut Vec<Diagnostic>, range: Range<usize>, message: String| {
        problems.push(Diagnostic::warning(Span::new(file, range), message));
    };
    let places = Places::of(text, body.clone(), file);
    // The text up to the body's end: a call does not run past it.
    let slice = &text[..body.end];
    let mut closes = Closes::default();
    let mut from = body.start;
    while let Some(at) = memchr::memchr(b'{', &text.as_bytes()[from..body.end]).map(|i| from + i) {
        from = at + 1;
        let opens = matches!(slice.as_bytes().get(at + 1), Some(b'{' | b'%'));
        // `\{{`: markdown's escape, so the call is text (`\\{{` escapes the backslash instead).
        let backslashes = text.as_bytes()[body.start..at].iter().rev().take_while(|b| **b == b'\\').count();
        let place = places.at(at);
        if !opens || backslashes % 2 == 1 || place == Place::Text {
            continue;
        }
        if place == Place::Prose {
            if let Some(end) = hugo_call_at(slice, at, &mut closes) {
                warn(
                    &mut problems,
                    at..end,
                    "a Hugo shortcode is shown as written: leverage reads Zola's syntax, \
                     `{{ name(key=\"value\") }}` (`leverage import` writes Hugo's figure, youtube and details so)"
                        .to_string(),
                );
                from = end;
                continue;
            }
            if let Some(end) = end_tag_at(slice, at) {
                warn(
                    &mut problems,
                    at..end,
                    "`{% end %}` closes no shortcode: the `{% name() %}` before it is closed already (shortcodes \
                     do not nest), or there is none"
                        .to_string(),
                );
                from = end;
                continue;
            }
        }
        match read(slice, at, &mut closes) {
            Read::NotACall => {}
            // In raw HTML a call is read only alone on its lines (one that begins its line is
            // taken to be), and in a table not at all: elsewhere, what does not read is text.
            Read::Problem(message, range) => {
                if place == Place::Prose || (place == Place::Html && begins_its_line(text, at)) {
                    problems.push(Diagnostic::error(ContentError::Other {
                        message,
                        span: Span::new(file, range),
                    }));
                }
            }
            Read::Call(kind, end, body_range) => {
                let block = alone_on_its_lines(text, at..end);
                if place == Place::Html && !block {
                    warn(
                        &mut problems,
                        at..end,
                        "a shortcode inside raw HTML is shown as written unless it is alone on its line: put it on a \
                         line of its own"
                            .to_string(),
                    );
                    continue;
                }
                if place == Place::Table {
                    let hint = if block {
                        "; a line right after a table's rows is one of them: leave a blank line before the call"
                    } else {
                        "; call it outside the table"
                    };
                    warn(
                        &mut problems,
                        at..end,
                        format!(
                            "a shortcode in a table is shown as written: a table's cells are read for their \
                             figures and text{hint}"
                        ),
                    );
                } else if block || place == Place::Prose {
                    if let Kind::Call { name, .. } = &kind
                        && text[at..end].starts_with("{%")
                    {
                        for inner in calls_within(slice, &places, at + 2..end) {
                            warn(
                                &mut problems,
                                inner,
                                format!(
                                    "a shortcode inside the body of `{{% {name}() %}}` is shown as written: a body \
                                     is its template's to render (`{{{{ body|markdown }}}}`), and shortcodes do not nest"
                                ),
                            );
                        }
                    }
                    let body = body_range.map(|range| Span::new(file, range));
                    found.push(Shortcode { span: Span::new(file, at..end), block, body, kind });
                    from = end;
                }
            }
        }
    }
    verify(text, body, &mut found, &mut problems);
    problems.sort_by_key(|problem| problem.span.start);
    (found, problems)
}

/// Checks the masks of `found` against a parse of the masked body, until every one comes back
/// as HTML where it was written.
///
/// A mask the parser does not hand on as HTML was read as text by the markdown around it
/// (backquotes that pair across a call's blank line once it is one line, a link's address),
/// and one in a table or an image's text is in a table that was not there before, or in text
/// that writes no HTML: such a call is text as written, said in `problems`, and the others are
/// masked again without it. A `<span xxx>` mask that comes back as a block of raw HTML (alone
/// after a quote's `>` or a list item's marker, where the tag would hold the lines after it
/// as HTML) is masked as a block instead, a comment, which ends with its line.
fn verify(text: &str, body: Range<usize>, found: &mut Vec<Shortcode>, problems: &mut Vec<Diagnostic>) {
    // A call of one line alone on it (a figure, as calls mostly are) is masked as a comment
    // that takes its whole line, which markdown reads as a block of HTML wherever the call was
    // read: the parse is needed only for the others.
    if found.iter().all(|s| s.block && !text[s.span.range()].contains('\n')) {
        return;
    }
    let mut flipped = vec![false; found.len()];
    loop {
        let masked = mask(text, found);
        // For each call, whether its mask came back, and whether as a block of its own.
        let mut seen: Vec<Option<bool>> = vec![None; found.len()];
        let mut inside = 0usize;
        let parsed = Parser::new_ext(&masked[body.clone()], crate::markdown::options()).into_offset_iter();
        for (event, range) in parsed {
            let (html, block) = match event {
                Event::Start(Tag::Table(_) | Tag::Image { .. }) => {
                    inside += 1;
                    continue;
                }
                Event::End(TagEnd::Table | TagEnd::Image) => {
                    inside = inside.saturating_sub(1);
                    continue;
                }
                Event::Html(html) => (html, true),
                Event::InlineHtml(html) => (html, false),
                _ => continue,
            };
            if inside == 0 {
                let range = body.start + range.start..body.start + range.end;
                for (_, index) in masks_in(&html, range, found) {
                    seen[index] = Some(block);
                }
            }
        }
        // A mask comes back as the other kind at most once (a `<span>` alone after a quote's `>`
        // as a block, a comment in a list item's paragraph inside it): its call is masked as
        // that kind, and the body checked again.
        let mut changed = false;
        for ((shortcode, seen), flipped) in found.iter_mut().zip(&seen).zip(flipped.iter_mut()) {
            if let Some(block) = *seen
                && block != shortcode.block
                && !*flipped
            {
                shortcode.block = block;
                *flipped = true;
                changed = true;
            }
        }
        if seen.iter().all(Option::is_some) && !changed {
            return;
        }
        let mut index = 0;
        flipped.retain(|_| {
            index += 1;
            seen[index - 1].is_some()
        });
        let mut index = 0;
        found.retain(|shortcode| {
            index += 1;
            if seen[index - 1].is_none() {
                problems.push(Diagnostic::warning(
                    shortcode.span,
                    "this shortcode is shown as written: the markdown around it reads it as text (a code span \
                     that pairs across it, a link's address, an image's text, a table); expected it in prose",
                ));
            }
            seen[index - 1].is_some()
        });
    }
}

/// The starts of what reads as calls (`{{ name(`, `{% name(`) in prose within `range`: calls
/// inside a body, which are not read.
fn calls_within<'a>(
    text: &'a str,
    places: &'a Places,
    range: Range<usize>,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', &bytes[range.clone()]).map(move |i| range.start + i).filter_map(move |at| {
        if !matches!(bytes.get(at + 1), Some(b'{' | b'%')) || places.at(at) != Place::Prose {
            return None;
        }
        let name = skip_space(bytes, at + 2);
        let name_end = skip_name(bytes, name);
        (name_end > name && bytes.get(skip_space(bytes, name_end)) == Some(&b'(')).then_some(at..name_end)
    })
}

/// Where a Hugo shortcode (`{{< figure src="a.png" >}}`, `{{% /note %}}`) at `at` ends.
fn hugo_call_at(text: &str, at: usize, closes: &mut Closes) -> Option<usize> {
    let bytes = text.as_bytes();
    let close = match bytes.get(at + 2)? {
        b'<' => ">}}",
        b'%' if bytes[at + 1] == b'{' => "%}}",
        _ => return None,
    };
    let mut name = skip_space(bytes, at + 3);
    if bytes.get(name) == Some(&b'/') {
        name = skip_space(bytes, name + 1);
    }
    if skip_name(bytes, name) == name {
        return None;
    }
    closes.find(text, name, close).map(|end| end + close.len())
}

/// Where the `{% end %}` at `at` ends, when one is there.
fn end_tag_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(at + 1) != Some(&b'%') {
        return None;
    }
    let i = skip_space(bytes, at + 2);
    let after = skip_space(bytes, i + 3);
    (text[i..].starts_with("end") && skip_name(bytes, i) == i + 3 && text[after..].starts_with("%}"))
        .then_some(after + 2)
}

/// Where the masks (`mask`) of `shortcodes` (in order) are in `html`, raw HTML the parser read
/// at `range` of the file, as written: each one's byte offset in `html` and its index in
/// `shortcodes`, in order. A mask is looked for by its text: an HTML block inside a list or a
/// quote is handed on without its containers' marks, so offsets in `html` are not the file's.
pub fn masks_in(
    html: &str,
    range: Range<usize>,
    shortcodes: &[Shortcode],
) -> impl Iterator<Item = (usize, usize)> {
    let first = shortcodes.partition_point(|s| (s.span.start as usize) < range.start);
    let inside = shortcodes[first..].iter().take_while(move |s| (s.span.start as usize) < range.end);
    let mut from = 0;
    inside.enumerate().filter_map(move |(i, shortcode)| {
        let mask = mask_of(shortcode);
        let mask = mask.as_str();
        let at = from + html.get(from..)?.find(mask)?;
        from = at + mask.len();
        Some((at, first + i))
    })
}

/// `text` with each of `shortcodes` replaced by raw HTML of the same length, which the markdown
/// parser passes on where the call was: the text the parser reads. A block's mask is a
/// comment (`<!--xxx-->`), which begins an HTML block; any other's a `<span xxx>` tag, which
/// stays inside its paragraph even at the start of a line, where a comment would begin a
/// block. `text` itself when there are none.
pub fn mask<'t>(text: &'t str, shortcodes: &[Shortcode]) -> Cow<'t, str> {
    if shortcodes.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut masked = String::with_capacity(text.len());
    let mut from = 0;
    for shortcode in shortcodes {
        let range = shortcode.span.range();
        masked.push_str(&text[from..range.start]);
        push_mask(&mut masked, shortcode);
        from = range.end;
    }
    masked.push_str(&text[from..]);
    Cow::Owned(masked)
}

/// The mask of `shortcode` (`mask`).
pub fn mask_of(shortcode: &Shortcode) -> String {
    let mut mask = String::with_capacity(shortcode.span.range().len());
    push_mask(&mut mask, shortcode);
    mask
}

/// Appends the mask of `shortcode` to `out`.
fn push_mask(out: &mut String, shortcode: &Shortcode) {
    // Every call is at least seven bytes long (`{{a()}}`), as long as either mask can be.
    let (start, end) = if shortcode.block { ("<!--", "-->") } else { ("<span ", ">") };
    out.push_str(start);
    out.extend(std::iter::repeat_n(
        'x',
        shortcode.span.range().len().saturating_sub(start.len() + end.len()),
    ));
    out.push_str(end);
}

/// Where in the body a `{` is, as far as calls go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Prose: a call there is read.
    Prose,
    /// Code, a raw HTML tag or comment, or raw HTML that is code (`<pre>`, `<script>`): text.
    Text,
    /// A table: a call there is warned of and left as text.
    Table,
    /// A raw HTML block: a call there is read when it is alone on its lines.
    Html,
}

/// The parts of a body where a call is not read as in prose, by their byte ranges in the file.
struct Places {
    /// Sorted by start; they do not overlap (a code span inside a table is the table's).
    ranges: Vec<(Range<usize>, Place)>,
}

impl Places {
    fn of(text: &str, body: Range<usize>, file: FileId) -> Places {
        let offset = body.start;
        let mut ranges: Vec<(Range<usize>, Place)> = Vec::new();
        // The end of the table being read: what is inside it is the table's.
        let mut table_end = 0;
        // A record's tables, read line by line and masked, as the scan reads them
        // (`markdown::plain_table`): they were most of the parser's work.
        let body_text = &text[body.clone()];
        let plain = crate::markdown::plain_table::find(body_text, offset, file);
        let masked;
        let parsed = if plain.is_empty() {
            body_text
        } else {
            masked = crate::markdown::plain_table::mask(body_text, &plain, Vec::new());
            masked.as_str()
        };
        // A start event's range is the whole element's.
        for (event, range) in Parser::new_ext(parsed, crate::markdown::options()).into_offset_iter() {
            let masked_table = |start: usize| plain.binary_search_by_key(&start, |t| t.range.start).is_ok();
            let relative_start = range.start;
            let range = offset + range.start..offset + range.end;
            if range.start < table_end {
                continue;
            }
            let place = match event {
                // A plain table's mask, where it is a block of its own.
                Event::Start(Tag::HtmlBlock) if masked_table(relative_start) => {
                    table_end = range.end;
                    Place::Table
                }
                Event::Start(Tag::Table(_)) => {
                    table_end = range.end;
                    Place::Table
                }
                Event::Start(Tag::CodeBlock(_)) | Event::Code(_) | Event::InlineHtml(_) => Place::Text,
                // `<https://x.org/{{a()}}>`: an address.
                Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                    Place::Text
                }
                Event::Start(Tag::HtmlBlock) if html_is_code(&text[range.clone()]) => Place::Text,
                Event::Start(Tag::HtmlBlock) => Place::Html,
                _ => continue,
            };
            ranges.push((range, place));
        }
        Places { ranges }
    }

    /// What is at byte `at` of the file.
    fn at(&self, at: usize) -> Place {
        let after = self.ranges.partition_point(|(range, _)| range.start <= at);
        match after.checked_sub(1).map(|i| &self.ranges[i]) {
            Some((range, place)) if range.contains(&at) => *place,
            _ => Place::Prose,
        }
    }
}

/// Whether a raw HTML block, by how it begins, is one whose text is not markup to read calls
/// in: a comment, a `<pre>`, `<script>`, `<style>` or `<textarea>`, a processing instruction, a
/// declaration or CDATA.
fn html_is_code(block: &str) -> bool {
    let start = block.trim_start().as_bytes();
    start.starts_with(b"<!")
        || start.starts_with(b"<?")
        || [&b"<pre"[..], b"<script", b"<style", b"<textarea"].iter().any(|tag| {
            start.get(..tag.len()).is_some_and(|s| s.eq_ignore_ascii_case(tag))
                && start.get(tag.len()).is_none_or(|c| *c == b'>' || c.is_ascii_whitespace())
        })
}

/// Whether only spaces and tabs, less than four columns of them, are before byte `at` on its line.
fn begins_its_line(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    before.bytes().all(|b| b == b' ' || b == b'\t')
        && before.bytes().map(|b| if b == b'\t' { 4 } else { 1 }).sum::<usize>() < 4
}

/// Whether only spaces and tabs are before `range` on its first line, less than four columns of
/// them (more would hold it in the paragraph before, where HTML begins no block), and after it on
/// its last.
fn alone_on_its_lines(text: &str, range: Range<usize>) -> bool {
    let line_end = text[range.end..].find('\n').map_or(text.len(), |i| range.end + i);
    let after = text[range.end..line_end].trim_end_matches('\r');
    begins_its_line(text, range.start) && after.bytes().all(|b| b == b' ' || b == b'\t')
}

/// What reading a `{{` or `{%` found.
#[derive(Debug, PartialEq)]
enum Read {
    /// Not a call (`{{ value }}`, `{% if x %}`): text.
    NotACall,
    /// A call, where it ends, and where its body is (a `{% %}` call's).
    Call(Kind, usize, Option<Range<usize>>),
    /// Something that opens as a call (`{{ name(`) and does not read as one: what was expected,
    /// and where.
    Problem(String, Range<usize>),
}

/// Reads the call at `at` of `text` (which ends where the body does).
fn read(text: &str, at: usize, closes: &mut Closes) -> Read {
    let bytes = text.as_bytes();
    let braces = bytes[at + 1] == b'{';
    let (open, close) = if braces { ("{{", "}}") } else { ("{%", "%}") };
    let mut i = at + 2;
    // `{{/* figure() */}}`: the call as text.
    if text[i..].starts_with("/*") {
        let end_mark = if braces { "*/}}" } else { "*/%}" };
        return match closes.find(text, i + 2, end_mark).map(|end| end - (i + 2)) {
            Some(inner_len) => {
                let inner = &text[i + 2..i + 2 + inner_len];
                Read::Call(
                    Kind::Shown(format!("{open}{inner}{close}")),
                    i + 2 + inner_len + end_mark.len(),
                    None,
                )
            }
            None => Read::Problem(
                format!("`{open}/*` begins a shortcode written as text: expected `{end_mark}` to end it"),
                at..i + 2,
            ),
        };
    }
    i = skip_space(bytes, i);
    let name_start = i;
    i = skip_name(bytes, i);
    if i == name_start {
        return Read::NotACall;
    }
    let name = &text[name_start..i];
    let after_name = skip_space(bytes, i);
    if !text[after_name..].starts_with('(') {
        // `{{ figure src="a.png" }}`: a call without its parentheses.
        let key_end = skip_name(bytes, after_name);
        if after_name > i && key_end > after_name && bytes.get(skip_space(bytes, key_end)) == Some(&b'=') {
            let what = format!("`(` after the shortcode's name `{name}`, as in `{name}(src=\"a.png\")`");
            return expected_at(text, after_name, &what).into();
        }
        return Read::NotACall;
    }
    let mut args: Vec<(String, toml::Value)> = Vec::new();
    let mut keys: std::collections::HashSet<&str> = std::collections::HashSet::new();
    i = skip_space(bytes, skip_space(bytes, i) + 1);
    let shown = |name: &str| format!("`{open} {name}(...) {close}`");
    let hint = "; `{{/* ... */}}` writes a call as text";
    loop {
        if bytes.get(i) == Some(&b')') {
            i += 1;
            break;
        }
        let key_start = i;
        i = skip_name(bytes, i);
        if i == key_start {
            let what =
                format!("an argument such as `src=\"chart.png\"` or `)` in the shortcode {}", shown(name));
            let (message, range) = expected_at(text, i, &what);
            return Read::Problem(message + hint, range);
        }
        let key = &text[key_start..i];
        if !keys.insert(key) {
            return Read::Problem(
                format!("the argument `{key}` is given twice in the shortcode `{name}`: expected it once"),
                key_start..i,
            );
        }
        i = skip_space(bytes, i);
        if bytes.get(i) != Some(&b'=') {
            return expected_at(
                text,
                i,
                &format!("`=` and a value after the argument `{key}` of the shortcode `{name}`"),
            )
            .into();
        }
        i = skip_space(bytes, i + 1);
        let value;
        (value, i) = match value_at(text, i, 0) {
            Ok(read) => read,
            Err((message, range)) => {
                return Read::Problem(
                    format!("{message} for the argument `{key}` of the shortcode `{name}`"),
                    range,
                );
            }
        };
        args.push((key.to_string(), value));
        i = skip_space(bytes, i);
        match bytes.get(i) {
            Some(b',') => i = skip_space(bytes, i + 1),
            Some(b')') => {}
            _ => {
                let what = format!("`,` or `)` after the argument `{key}` of the shortcode `{name}`");
                let (mut message, range) = expected_at(text, i, &what);
                if bytes.get(i.wrapping_sub(2)) == Some(&b'\\') {
                    message
                        .push_str("; a string has no escapes: write one that holds `\"` in `'` or `` ` ``");
                }
                return Read::Problem(message, range);
            }
        }
    }
    i = skip_space(bytes, i);
    if !text[i..].starts_with(close) {
        return expected_at(text, i, &format!("`{close}` to close the shortcode {}", shown(name))).into();
    }
    i += close.len();
    let (body, body_range) = if braces {
        (None, None)
    } else {
        let Some((body_end, end)) = closes.end_tag(text, i) else {
            return Read::Problem(
                format!(
                    "the shortcode `{{% {name}(...) %}}` is never closed: expected `{{% end %}}` after its body"
                ),
                at..i,
            );
        };
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let body = body_text(&text[i..body_end], &text[line_start..at]);
        let range = i..body_end;
        i = end;
        (Some(body), Some(range))
    };
    Read::Call(Kind::Call { name: name.to_string(), args, body }, i, body_range)
}

/// A body as its template gets it: `written` (the text between the tags) without the line
/// break that ends the opening tag's line and the one before `{% end %}`, and without the marks
/// of the containers the opening tag is in (`prefix`, the text before it on its line: a quote's
/// `> `, a list item's indent) at the start of each of its lines, as Hugo's `.InnerDeindent`.
fn body_text(written: &str, prefix: &str) -> String {
    let containers =
        prefix.chars().all(|c| matches!(c, ' ' | '\t' | '>' | '-' | '*' | '+' | '.' | ')' | '0'..='9'));
    // A list item's marker is its continuation lines' indent.
    let indent: String = if containers {
        prefix.chars().map(|c| if matches!(c, ' ' | '\t' | '>') { c } else { ' ' }).collect()
    } else {
        String::new()
    };
    let mut lines: Vec<&str> = written.split('\n').collect();
    if lines.len() > 1 {
        // The opening tag ends its line, and `{% end %}` begins its own after the containers' marks.
        if lines[0].trim().is_empty() {
            lines.remove(0);
        }
        if lines
            .last()
            .is_some_and(|last| last.trim_matches(|c: char| c.is_whitespace() || c == '>').is_empty())
        {
            lines.pop();
        }
    }
    let mut body = String::with_capacity(written.len());
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            body.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let kept = line
            .strip_prefix(indent.as_str())
            .or_else(|| line.strip_prefix(indent.trim_end()).filter(|rest| rest.trim().is_empty()))
            .unwrap_or(line);
        body.push_str(kept);
    }
    body
}

/// What closes calls, looked for in one body: where each was not found after, so that a body of
/// many calls never closed is not read to its end for each of them.
#[derive(Debug, Default)]
struct Closes {
    /// For each closing text looked for (`>}}`, `*/}}`, and `{% end %}` as `end`), the place
    /// from which it is in the body no more.
    none_after: Vec<(&'static str, usize)>,
}

impl Closes {
    /// Where the first `close` at or after `from` begins.
    fn find(&mut self, text: &str, from: usize, close: &'static str) -> Option<usize> {
        if self.none_from(close).is_some_and(|none| from >= none) {
            return None;
        }
        let found = text.get(from..)?.find(close).map(|at| from + at);
        if found.is_none() {
            self.none_after.push((close, from));
        }
        found
    }

    /// The first `{% end %}` at or after `from`: where it begins and where it ends.
    fn end_tag(&mut self, text: &str, mut from: usize) -> Option<(usize, usize)> {
        if self.none_from("end").is_some_and(|none| from >= none) {
            return None;
        }
        let start = from;
        while let Some(at) = memchr::memmem::find(&text.as_bytes()[from..], b"{%").map(|i| from + i) {
            if let Some(end) = end_tag_at(text, at) {
                return Some((at, end));
            }
            from = at + 2;
        }
        self.none_after.push(("end", start));
        None
    }

    /// The earliest place from which `close` was not found.
    fn none_from(&self, close: &str) -> Option<usize> {
        self.none_after.iter().filter(|(c, _)| *c == close).map(|&(_, at)| at).min()
    }
}

/// How deep lists may be nested in a shortcode's argument.
const MAX_DEPTH: usize = 16;

/// A value at `i`: a string in `"`, `'` or `` ` `` (as Tera writes them, without escapes), an
/// integer, a float, `true`, `false`, or a list of them in `[]` (in `depth` lists already);
/// and where it ends.
fn value_at(text: &str, i: usize, depth: usize) -> Result<(toml::Value, usize), (String, Range<usize>)> {
    let bytes = text.as_bytes();
    let expected = |i: usize| {
        expected_at(text, i, "a value (a string in quotes, a number, `true`, `false` or a list in `[]`)")
    };
    match bytes.get(i) {
        Some(&quote @ (b'"' | b'\'' | b'`')) => match memchr::memchr(quote, &bytes[i + 1..]) {
            Some(len) => Ok((toml::Value::String(text[i + 1..i + 1 + len].to_string()), i + 2 + len)),
            None => Err((
                format!("the string opened with {} is never closed: expected another", quote as char),
                i..i + 1,
            )),
        },
        Some(b'[') if depth == MAX_DEPTH => {
            Err((format!("expected lists nested at most {MAX_DEPTH} deep, found a deeper one"), i..i + 1))
        }
        Some(b'[') => {
            let mut items = Vec::new();
            let mut j = skip_space(bytes, i + 1);
            loop {
                if bytes.get(j) == Some(&b']') {
                    return Ok((toml::Value::Array(items), j + 1));
                }
                let (item, end) = value_at(text, j, depth + 1)?;
                items.push(item);
                j = skip_space(bytes, end);
                match bytes.get(j) {
                    Some(b',') => j = skip_space(bytes, j + 1),
                    Some(b']') => {}
                    _ => return Err(expected_at(text, j, "`,` or `]` in a list")),
                }
            }
        }
        Some(b't' | b'f') => {
            let end = skip_name(bytes, i);
            match &text[i..end] {
                "true" => Ok((toml::Value::Boolean(true), end)),
                "false" => Ok((toml::Value::Boolean(false), end)),
                _ => Err(expected(i)),
            }
        }
        Some(b'-' | b'0'..=b'9') => {
            let end = i + 1 + bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit() || **b == b'.').count();
            let number = &text[i..end];
            if let Ok(n) = number.parse::<i64>() {
                Ok((toml::Value::Integer(n), end))
            } else if let Some(n) = number.contains('.').then(|| number.parse::<f64>().ok()).flatten() {
                Ok((toml::Value::Float(n), end))
            } else {
                Err((format!("expected a number, found `{number}`"), i..end))
            }
        }
        _ => Err(expected(i)),
    }
}

/// The index after the spaces, tabs and line breaks at `i`.
fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// Whether `name` is a shortcode's name a call can give: a letter or `_`, then letters,
/// digits and `_` (`figure`, `note_2`; not `my-figure` or `2col`).
pub fn is_name(name: &str) -> bool {
    !name.is_empty() && skip_name(name.as_bytes(), 0) == name.len()
}

/// `name` made a name a call can give (`is_name`): `-` and other characters as `_`, and `_`
/// before a leading digit.
pub fn name_like(name: &str) -> String {
    let mut made: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !made.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        made.insert(0, '_');
    }
    made
}

/// The index after the name at `i` (a letter or `_`, then letters, digits and `_`); `i` when
/// none begins there.
fn skip_name(bytes: &[u8], mut i: usize) -> usize {
    if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
        return i;
    }
    while bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
        i += 1;
    }
    i
}

/// A problem at the character at `i`: `expected {what}, found ...`.
fn expected_at(text: &str, i: usize, what: &str) -> (String, Range<usize>) {
    (format!("expected {what}, found {}", found_at(text, i)), i..next_char(text, i))
}

impl From<(String, Range<usize>)> for Read {
    fn from((message, range): (String, Range<usize>)) -> Read {
        Read::Problem(message, range)
    }
}

/// What is at `i`, as a message says it: `` `x` ``, or "the end of the body".
fn found_at(text: &str, i: usize) -> String {
    match text[i..].chars().next() {
        Some('\n' | '\r') => "the end of the line".to_string(),
        Some(c) => format!("`{c}`"),
        None => "the end of the body".to_string(),
    }
}

/// The index after the character at `i` (or `i` at the end).
fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(i, |c| i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn found(text: &str) -> (Vec<Shortcode>, Vec<Diagnostic>) {
        find(text, 0..text.len(), FileId(0))
    }

    /// Each shortcode as its text in `text`, whether it is a block, and what it writes.
    fn calls(text: &str) -> Vec<(&str, bool, Kind)> {
        let (shortcodes, problems) = found(text);
        assert!(problems.is_empty(), "{problems:?}");
        shortcodes.into_iter().map(|s| (&text[s.span.range()], s.block, s.kind)).collect()
    }

    fn call(name: &str, args: &[(&str, toml::Value)], body: Option<&str>) -> Kind {
        Kind::Call {
            name: name.into(),
            args: args.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            body: body.map(String::from),
        }
    }

    #[test]
    fn reads_a_call_s_arguments_of_every_kind() {
        let text = "{{ figure(src=\"a.png\", alt='A \"b\"', n=-3, x=1.5, on=true, off=false, list=[1, 'two', [false]],) }}";
        let [(whole, block, kind)] = calls(text).try_into().expect("one call");
        assert_eq!((whole, block), (text, true));
        use toml::Value::*;
        let list = Array(vec![Integer(1), String("two".into()), Array(vec![Boolean(false)])]);
        let expected = call(
            "figure",
            &[
                ("src", String("a.png".into())),
                ("alt", String("A \"b\"".into())),
                ("n", Integer(-3)),
                ("x", Float(1.5)),
                ("on", Boolean(true)),
                ("off", Boolean(false)),
                ("list", list),
            ],
            None,
        );
        assert_eq!(kind, expected);
        // No spaces, arguments over lines, a backquoted string.
        assert_eq!(calls("{{a()}}"), [("{{a()}}", true, call("a", &[], None))]);
        assert_eq!(
            calls("x {{ b(\n  s=`q'\"`\n) }} y"),
            [("{{ b(\n  s=`q'\"`\n) }}", false, call("b", &[("s", String("q'\"".into()))], None))]
        );
    }

    #[test]
    fn a_call_with_a_body_is_given_it_without_the_line_breaks_at_its_ends() {
        let text = "{% details(summary=\"Logs\") %}\nOne **line**.\n\n- two\n{% end %}\nafter\n";
        let [(whole, block, kind)] = calls(text).try_into().expect("one call");
        assert_eq!(whole, &text[..text.find("\nafter").expect("after")]);
        assert!(block);
        assert_eq!(
            kind,
            call(
                "details",
                &[("summary", toml::Value::String("Logs".into()))],
                Some("One **line**.\n\n- two")
            )
        );
        // On one line, in a paragraph; `{%  end  %}` with spaces closes it too.
        let text = "a {% q() %}said{%  end  %} b";
        assert_eq!(calls(text), [("{% q() %}said{%  end  %}", false, call("q", &[], Some("said")))]);
    }

    #[test]
    fn what_only_looks_like_a_call_is_text() {
        for text in [
            "{{ value }}",
            "{% if x %}y{% endif %}",
            "{{ 1(2) }}",
            "{ {a()} }",
            "`{{ a() }}`",
            "```\n{{ a() }}\n```\n",
            "    {{ a() }}\n",
            "\\{{ a() }}",
            "<!--\n{{ a() }}\n-->\n",
            "<pre>\n{{ a() }}\n</pre>\n",
            "<script>\n{{ a() }}\n</script>\n",
            "<a title=\"{{ a() }}\">x</a>",
            "{",
            "{{",
            "{%",
        ] {
            assert_eq!(found(text), (Vec::new(), Vec::new()), "{text:?}");
        }
    }

    #[test]
    fn a_call_alone_on_its_line_in_raw_html_is_read() {
        let text = "<div class=\"grid\">\n{{ a() }}\n  {{ b() }}\n</div>\n";
        let names: Vec<&str> = calls(text).into_iter().map(|(whole, _, _)| whole).collect();
        assert_eq!(names, ["{{ a() }}", "{{ b() }}"]);
    }

    #[test]
    fn a_call_written_as_text_shows_the_call() {
        assert_eq!(
            calls("see {{/* figure(src=\"a\") */}} and {%/* end */%}"),
            [
                ("{{/* figure(src=\"a\") */}}", false, Kind::Shown("{{ figure(src=\"a\") }}".into())),
                ("{%/* end */%}", false, Kind::Shown("{% end %}".into())),
            ]
        );
    }

    #[test]
    fn a_call_in_a_table_is_warned_of_and_left_as_text() {
        let text = "| a | b |\n|---|---|\n| {{ x() }} | `{{ y(` |\n";
        let (shortcodes, problems) = found(text);
        assert!(shortcodes.is_empty());
        let [problem] = problems.try_into().expect("one warning");
        assert_eq!(problem.severity, Severity::Warning);
        assert_eq!(&text[problem.span.range()], "{{ x() }}");
        assert!(
            problem.message.starts_with("a shortcode in a table is shown as written"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_call_that_does_not_read_says_what_was_expected_where() {
        let cases = [
            (
                "{{ f(src=\"a\" alt=\"b\") }}",
                "a",
                "expected `,` or `)` after the argument `src` of the shortcode `f`, found `a`",
            ),
            (
                "{{ f(src) }}",
                ")",
                "expected `=` and a value after the argument `src` of the shortcode `f`, found `)`",
            ),
            (
                "{{ f(src=a) }}",
                "a",
                "expected a value (a string in quotes, a number, `true`, `false` or a list in `[]`), found `a` for the argument `src` of the shortcode `f`",
            ),
            (
                "{{ f(s=\"a) }}",
                "\"",
                "the string opened with \" is never closed: expected another for the argument `s` of the shortcode `f`",
            ),
            (
                "{{ f(n=1.2.3) }}",
                "1.2.3",
                "expected a number, found `1.2.3` for the argument `n` of the shortcode `f`",
            ),
            (
                "{{ f(n=99999999999999999999) }}",
                "99999999999999999999",
                "expected a number, found `99999999999999999999` for the argument `n` of the shortcode `f`",
            ),
            (
                "{{ f(a=1, a=2) }}",
                "a",
                "the argument `a` is given twice in the shortcode `f`: expected it once",
            ),
            (
                "{{ f(a=[1 2]) }}",
                "2",
                "expected `,` or `]` in a list, found `2` for the argument `a` of the shortcode `f`",
            ),
            (
                "{{ f(1) }}",
                "1",
                "expected an argument such as `src=\"chart.png\"` or `)` in the shortcode `{{ f(...) }}`, found `1`; `{{/* ... */}}` writes a call as text",
            ),
            ("{{ f() }", "}", "expected `}}` to close the shortcode `{{ f(...) }}`, found `}`"),
            ("{{ f()\n}}x", "}", ""),
            (
                "{% f() %}\nnever closed\n",
                "{% f() %}",
                "the shortcode `{% f(...) %}` is never closed: expected `{% end %}` after its body",
            ),
            ("{{/* f() }}", "{{/*", "`{{/*` begins a shortcode written as text: expected `*/}}` to end it"),
            (
                "{{ f(é) }}",
                "é",
                "expected an argument such as `src=\"chart.png\"` or `)` in the shortcode `{{ f(...) }}`, found `é`; `{{/* ... */}}` writes a call as text",
            ),
            (
                "{{ f(",
                "",
                "expected an argument such as `src=\"chart.png\"` or `)` in the shortcode `{{ f(...) }}`, found the end of the body; `{{/* ... */}}` writes a call as text",
            ),
        ];
        for (text, at, message) in cases {
            let (shortcodes, problems) = found(text);
            if message.is_empty() {
                assert_eq!(problems, [], "{text:?}");
                assert_eq!(shortcodes.len(), 1, "{text:?}");
                continue;
            }
            assert!(shortcodes.is_empty(), "{text:?}");
            let [problem] = problems.try_into().expect("one error");
            assert_eq!(problem.severity, Severity::Error);
            assert_eq!(&text[problem.span.range()], at, "{text:?}");
            assert_eq!(problem.message, message, "{text:?}");
        }
    }

    #[test]
    fn a_call_the_markdown_around_it_reads_as_text_is_left_as_written() {
        for (text, call) in [
            // Once one line, the call would be inside a code span.
            ("`{% b() %}\nx\n\ny\n{% end %}`", "{% b() %}\nx\n\ny\n{% end %}"),
            // A link's address, an image's text.
            ("[a]({{s()}})", "{{s()}}"),
            ("![{{ s() }}](a.png)", "{{ s() }}"),
            // Once one line, the call would be in a table's header.
            ("{% b() %}\nx\n\ny\n{% end %}|\n|-|\n", "{% b() %}\nx\n\ny\n{% end %}"),
        ] {
            let (shortcodes, problems) = found(text);
            assert!(shortcodes.is_empty(), "{text:?}");
            let [problem] = problems.try_into().expect("one warning");
            assert_eq!(
                (problem.severity, &text[problem.span.range()]),
                (Severity::Warning, call),
                "{text:?}"
            );
            assert!(problem.message.starts_with("this shortcode is shown as written"), "{}", problem.message);
        }
        // The others stay.
        let text = "`{% b() %}\nx\n\ny\n{% end %}` {{ s() }}\n";
        let (shortcodes, problems) = found(text);
        assert_eq!((shortcodes.len(), problems.len()), (1, 1));
        assert_eq!(&text[shortcodes[0].span.range()], "{{ s() }}");
    }

    /// Each problem's severity, its text and the start of its message.
    fn problems(text: &str) -> Vec<(Severity, &str, String)> {
        let (_, problems) = found(text);
        problems.into_iter().map(|p| (p.severity, &text[p.span.range()], p.message)).collect()
    }

    #[test]
    fn what_a_writer_meant_as_a_call_is_said() {
        use Severity::*;
        let said = |text: &str| -> Vec<(Severity, String, String)> {
            problems(text)
                .into_iter()
                .map(|(s, at, m)| (s, at.to_string(), m.chars().take(40).collect()))
                .collect()
        };
        let warning = |at: &str, start: &str| vec![(Warning, at.to_string(), start.to_string())];
        // Hugo's syntax, a stray `{% end %}`, a call inside a body.
        assert_eq!(
            said("{{< figure src=\"a.png\" >}} and {{% /note %}}"),
            [
                (
                    Warning,
                    "{{< figure src=\"a.png\" >}}".into(),
                    "a Hugo shortcode is shown as written: le".into()
                ),
                (Warning, "{{% /note %}}".into(), "a Hugo shortcode is shown as written: le".into()),
            ]
        );
        assert_eq!(said("a {% end %} b"), warning("{% end %}", "`{% end %}` closes no shortcode: the `{%"));
        let nested = "{% d() %}\n{% d() %}\ninner\n{% end %}\nouter\n{% end %}\n";
        let mut got = said(nested);
        got.sort();
        assert_eq!(
            got,
            [
                (Warning, "{% d".into(), "a shortcode inside the body of `{% d() %".into()),
                (Warning, "{% end %}".into(), "`{% end %}` closes no shortcode: the `{%".into()),
            ]
        );
        // In code inside a body, a call is text.
        assert_eq!(said("{% d() %}\n`{{ x() }}`\n{% end %}"), []);
        // A call without its parentheses; a string with an escape.
        assert_eq!(
            problems("{{ figure src=\"a.png\" }}"),
            [(
                Error,
                "s",
                "expected `(` after the shortcode's name `figure`, as in `figure(src=\"a.png\")`, found `s`"
                    .into()
            )]
        );
        let [(_, at, message)] = problems("{{ f(a=\"x\\\"y\") }}").try_into().expect("one");
        assert_eq!(at, "y");
        assert!(
            message.ends_with("a string has no escapes: write one that holds `\"` in `'` or `` ` ``"),
            "{message}"
        );
        // A body of calls never closed is read once, not to its end for each.
        let many = "{% d() %} {{< x {{/* y ".repeat(20_000);
        let (calls, told) = found(&many);
        assert!(calls.is_empty());
        assert_eq!(told.len(), 40_000, "each `{{% d() %}}` and `{{/*` is said");
        // Lists nested too deep are an error, not a stack overflow.
        let deep = format!("{{{{ f(a={}) }}}}", "[".repeat(200_000));
        let [(severity, _, message)]: [(Severity, &str, String); 1] =
            problems(&deep).try_into().expect("one");
        assert_eq!(severity, Error);
        assert_eq!(
            message,
            "expected lists nested at most 16 deep, found a deeper one for the argument `a` of the shortcode `f`"
        );
        assert_eq!(found(&format!("{{{{ f(a={}1{}) }}}}", "[".repeat(16), "]".repeat(16))).0.len(), 1);
        // A call alone on its line in raw HTML that does not read is an error, as in prose.
        assert_eq!(
            problems("<div>\n{{ f(src=\"a\" alt=\"b\") }}\n</div>\n"),
            [(
                Error,
                "a",
                "expected `,` or `)` after the argument `src` of the shortcode `f`, found `a`".into()
            )]
        );
        // In raw HTML, what is not alone on its line is text, read or not, and a call there is said.
        assert_eq!(found("<div>\nx {{ f(src= }}\n</div>\n"), (Vec::new(), Vec::new()));
        assert_eq!(
            said("<div>{{ f() }}</div>\n"),
            warning("{{ f() }}", "a shortcode inside raw HTML is shown as ")
        );
    }

    #[test]
    fn an_escaped_backslash_escapes_no_call() {
        assert_eq!(calls("\\\\{{ a() }}").len(), 1);
        assert_eq!(calls("\\\\\\{{ a() }}").len(), 0);
        assert_eq!(calls("<https://x.org/{{a()}}>").len(), 0, "an address");
    }

    #[test]
    fn a_call_after_a_quote_s_or_a_list_item_s_mark_is_a_block_and_its_body_loses_the_marks() {
        for text in ["> {{ f() }}\n> Caption *text*\n", "- {{ f() }}\n  Caption *text*\n"] {
            let (shortcodes, problems) = found(text);
            assert_eq!(problems, [], "{text:?}");
            assert!(shortcodes[0].block, "{text:?}: a comment, which ends with its line");
            let masked = mask(text, &shortcodes);
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&masked, crate::markdown::options()));
            assert!(html.contains("<em>"), "the lines after it are markdown: {html}");
        }
        // Four columns in, after a paragraph's line, a call is inside the paragraph.
        let (shortcodes, _) = found("para\n    {{ f() }}\n");
        assert!(!shortcodes[0].block);
        let body = |text: &str| match found(text).0.remove(0).kind {
            Kind::Call { body, .. } => body.expect("a body"),
            Kind::Shown(_) => panic!("a call"),
        };
        assert_eq!(
            body("1. Step\n\n   {% d() %}\n   Some *text*\n\n   more\n   {% end %}\n"),
            "Some *text*\n\nmore"
        );
        assert_eq!(body("> {% d() %}\n> Some *text*\n>\n> more\n> {% end %}\n"), "Some *text*\n\nmore");
        assert_eq!(body("- {% d() %}\n  a\n  {% end %}\n"), "a");
        assert_eq!(body("{% d() %}\r\n  kept\r\n{% end %}\r\n"), "  kept");
    }

    #[test]
    fn masks_keep_every_offset_and_the_paragraphs() {
        let text = "Intro {{ a(s=\"é\") }} end.\n{{ b() }}\nNext.\n\n{% c() %}\nbody\n\nmore\n{% end %}\n";
        let (shortcodes, _) = found(text);
        assert_eq!(shortcodes.iter().map(|s| s.block).collect::<Vec<_>>(), [false, true, true]);
        let masked = mask(text, &shortcodes);
        assert_eq!(masked.len(), text.len());
        assert_eq!(
            masked,
            "Intro <span xxxxxxxx> end.\n<!--xx-->\nNext.\n\n<!--xxxxxxxxxxxxxxxxxxxxxxx-->\n"
        );
        let html = {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&masked, crate::markdown::options()));
            html
        };
        assert_eq!(
            html,
            "<p>Intro <span xxxxxxxx> end.</p>\n<!--xx-->\n<p>Next.</p>\n<!--xxxxxxxxxxxxxxxxxxxxxxx-->\n"
        );
        assert_eq!(mask(text, &[]), text);
    }

    proptest::proptest! {
        /// Any text: no panic, and the calls found are in order, apart, on character
        /// boundaries, and masked to the same length.
        #[test]
        fn any_text_is_read_and_masked_in_place(text in "(\\{\\{|\\{%|%\\}|\\}\\}|[a-c]\\(|\\)|=|\"|'|,|\\[|\\]|1|\\.|-|end| |\n|é|`|<div>|<!--|\\||/\\*|\\*/|\\\\|#)*") {
            let (shortcodes, problems) = found(&text);
            let mut end = 0;
            for shortcode in &shortcodes {
                let range = shortcode.span.range();
                proptest::prop_assert!(range.start >= end && range.len() >= 7);
                proptest::prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                end = range.end;
            }
            for problem in &problems {
                proptest::prop_assert!(text.get(problem.span.range()).is_some());
            }
            let masked = mask(&text, &shortcodes);
            proptest::prop_assert_eq!(masked.len(), text.len());
        }
    }
}
