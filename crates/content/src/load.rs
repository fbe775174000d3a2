//! Loading: finds the markdown files of a site and turns one file's text into a `Document`.
//!
//! Each file is parsed alone (so `serve` can reload one file), from text already in `Sources`.
//! Reading files and doing it in parallel is the caller's job (`site::load`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use math::WorkWeek;

use crate::aggregate_table;
use crate::front_matter::{self, FrontMatter};
use crate::markdown;
use crate::record::{Document, DocumentKind, Record};
use crate::table::{self, TableRead};
use crate::{ContentError, Diagnostic, FileId, Sources, Span, clip};

/// How a site reads its content: the work week for `d` and `w`, and the bare AI labels.
#[derive(Clone, Debug)]
pub struct Options {
    /// Hours per day and days per week.
    pub week: WorkWeek,
    /// Headers accepted as an AI time column on their own (`Claude`).
    pub ai_labels: Vec<String>,
    /// Whether the site's renderer highlights fenced code that names its language (site.toml's
    /// `highlight_code`): carried here to the pass that renders a body as it is parsed.
    pub highlight_code: bool,
    /// Whether the site's pages give `id` to an element of their own (the theme's `main`), which a
    /// heading's id given by hand would then repeat: said as a warning at that heading.
    pub taken_id: fn(&str) -> bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            week: WorkWeek::default(),
            ai_labels: table::DEFAULT_AI_LABELS.iter().map(|s| s.to_string()).collect(),
            highlight_code: true,
            taken_id: |_| false,
        }
    }
}

/// The result of parsing one file: the document if it could be read, and every problem found.
#[derive(Clone, Debug, Default)]
pub struct ContentFile {
    /// The document, unless the file could not be read at all.
    pub document: Option<Document>,
    /// Errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the front matter says `draft = true`, known even when the file makes no document
    /// (a draft record named without a date); false when the front matter does not read.
    pub draft: bool,
}

impl ContentFile {
    fn failed(error: ContentError) -> ContentFile {
        ContentFile { document: None, diagnostics: vec![error.into()], draft: false }
    }
}

/// A path that could not be walked, or a file that is skipped, and why. A symbolic link that
/// loops and a markdown file not named `.md` are skipped (warnings); anything else unreadable is
/// an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkProblem {
    /// The path.
    pub path: PathBuf,
    /// What went wrong, as the diagnostic's message.
    pub message: String,
    /// Error or warning.
    pub severity: crate::Severity,
}

/// Markdown files below `content_dir`, in a stable (sorted) order, plus the paths that could not
/// be walked (a symlink loop, a folder without permission) or are skipped (`notes.markdown`,
/// `2026-03-01.MD`: content files end in `.md`, and a writer who named one otherwise would
/// otherwise lose it without a word).
pub fn discover(content_dir: &Path) -> (Vec<PathBuf>, Vec<WalkProblem>) {
    let found = discover_all(content_dir);
    (found.markdown, found.problems)
}

/// What `discover_all` finds below the content folder.
#[derive(Clone, Debug, Default)]
pub struct Discovered {
    /// The markdown files, as `discover` lists them.
    pub markdown: Vec<PathBuf>,
    /// Every other file that is not hidden nor warned about (a picture, a PDF, `TODO`), in the
    /// walk's order (`site::attachment` sorts them by name): what a page's link may name (an
    /// attachment) or a bundle holds.
    pub others: Vec<PathBuf>,
    /// As `discover` lists them.
    pub problems: Vec<WalkProblem>,
}

/// `discover`, with the other files it walks past.
pub fn discover_all(content_dir: &Path) -> Discovered {
    let mut files = Vec::new();
    let mut others = Vec::new();
    let mut problems = Vec::new();
    if std::fs::symlink_metadata(content_dir).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        let message = "there is no content folder: expected the site's markdown files in `content/`, each \
                       record in `content/records/` (`leverage init` makes a new site)"
            .to_string();
        problems.push(WalkProblem {
            path: content_dir.to_path_buf(),
            message,
            severity: crate::Severity::Error,
        });
        return Discovered { markdown: files, others, problems };
    }
    // Unsorted: a folder's entries are put in order below, all at once. Sorting each folder by
    // file name as it is read (walkdir's `sort_by_file_name`) took a path's name apart twice per
    // comparison, 30 ms before the first file could be read at 10,000 records.
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden_name(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(e.into_path());
            }
            // A record saved as text (`.txt`, as posts are often kept) is one too.
            Ok(e)
                if e.file_type().is_file()
                    && (e.path().extension().is_some_and(is_markdown_extension)
                        || is_text_record(e.path().strip_prefix(content_dir).unwrap_or(e.path()))) =>
            {
                // `2026-04-02.md.txt`, a record an editor saved as text, is `2026-04-02.md`.
                let stem = e.path().with_extension("");
                let markdown_saved_as_text = stem.extension().is_some_and(is_markdown_extension);
                let name =
                    if markdown_saved_as_text { stem } else { e.path().to_path_buf() }.with_extension("md");
                let name = name.file_name().unwrap_or_default().to_string_lossy();
                let mut message =
                    format!("not read: content files end in `.md`; expected this file to be named `{name}`");
                // A post kept as its page's text (as the sample is) reads as no table renamed:
                // `import` reads it.
                if e.path().extension().is_some_and(|x| x.eq_ignore_ascii_case("txt"))
                    && !markdown_saved_as_text
                {
                    message.push_str(
                        ", or, if it is a post's page copied as text, moved out of content/ and made a record \
                         with `leverage import FILE.txt`",
                    );
                }
                problems.push(WalkProblem {
                    path: e.into_path(),
                    message,
                    severity: crate::Severity::Warning,
                });
            }
            Ok(e) if e.file_type().is_file() => others.push(e.into_path()),
            Ok(_) => {}
            // A hidden entry that cannot be followed (a dangling lock link) is skipped like any.
            Err(err) if err.path().and_then(Path::file_name).is_some_and(is_hidden_name) => {}
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| content_dir.to_path_buf());
                let (message, severity) = match err.loop_ancestor() {
                    Some(ancestor) => (
                        format!("a symbolic link loops back to {}; it is skipped", ancestor.display()),
                        crate::Severity::Warning,
                    ),
                    None => match dangling_content(&path) {
                        Some(message) => (message, crate::Severity::Error),
                        None => (
                            format!(
                                "could not read the {}: {}",
                                if err.path().is_some_and(Path::is_dir) { "folder" } else { "file" },
                                err.io_error().map_or_else(|| err.to_string(), ToString::to_string)
                            ),
                            crate::Severity::Error,
                        ),
                    },
                };
                problems.push(WalkProblem { path, message, severity });
            }
        }
    }
    // Paths compare name by name, folder before its contents: the order of a walk that reads
    // each folder's entries by name. The sort is stable, so problems at one path keep theirs.
    files.sort_by_cached_key(|path| walk_key(path));
    problems.sort_by_cached_key(|problem| walk_key(&problem.path));
    Discovered { markdown: files, others, problems }
}

/// The error for `path` when it is a symbolic link whose target (through any chain of links) is
/// gone, named with where it points and what was `expected` there (`a file`); `None` for
/// anything else, whose own error says enough.
pub fn dangling_link(path: &Path, expected: &str) -> Option<String> {
    if path.exists() {
        return None;
    }
    let target = std::fs::read_link(path).ok()?;
    if let Some(chain) = link_loop(path) {
        return Some(format!(
            "a symbolic link into a loop of links ({chain}): expected {expected} there; remove one of the links"
        ));
    }
    Some(format!(
        "a symbolic link to {}, which does not exist: expected {expected} there; remove the link or bring \
         back what it points to",
        target.display()
    ))
}

/// Where the chain of symbolic links from `path` ends: `Ok` with the first path on it that is
/// no link (`path` itself when it is none; it may not exist), or `Err` with the links that go
/// round (`a.md`, `b.md`, `a.md`), or with the first 41 when the chain is longer than the
/// kernel follows (40 links).
pub fn follow_links(path: &Path) -> Result<PathBuf, Vec<PathBuf>> {
    let mut chain = vec![path.to_path_buf()];
    for _ in 0..40 {
        let at = chain.last().expect("the chain starts with `path`");
        let Ok(next) = std::fs::read_link(at) else { return Ok(at.clone()) };
        let next = at.parent().map_or_else(|| next.clone(), |folder| folder.join(&next));
        let back = chain.iter().position(|link| same_place(link, &next));
        chain.push(next);
        if let Some(start) = back {
            return Err(chain.split_off(start));
        }
    }
    Err(chain)
}

/// The chain of links from `path` that comes back to one of them (`a.md → b.md → a.md`), as
/// their names show it; `None` when the chain ends, at something or nothing.
fn link_loop(path: &Path) -> Option<String> {
    let chain = follow_links(path).err()?;
    let names: Vec<String> = chain
        .iter()
        .map(|link| {
            link.file_name().map_or_else(|| link.display().to_string(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    Some(names.join(" → "))
}

/// Whether two paths name the same place, their folders compared once the links in them are
/// followed (`records/./a.md` and `records/a.md`).
fn same_place(a: &Path, b: &Path) -> bool {
    let folder = |p: &Path| p.parent().and_then(|f| std::fs::canonicalize(f).ok());
    a.file_name() == b.file_name() && folder(a).is_some() && folder(a) == folder(b)
}

/// `dangling_link` for a link below content/.
pub fn dangling_content(path: &Path) -> Option<String> {
    dangling_link(path, "a record or a folder of them")
}

/// A path's place in a walk that reads each folder's entries by name: its bytes, each `/` made
/// the least byte, so that names compare as they are and a folder comes before its contents.
fn walk_key(path: &Path) -> Vec<u8> {
    let separator = |b: u8| b.is_ascii() && std::path::is_separator(char::from(b));
    path.as_os_str().as_encoded_bytes().iter().map(|&b| if separator(b) { 0 } else { b }).collect()
}

/// The warning for an inline tag that names no HTML element (`Vec<String>` written bare).
fn unknown_tag(span: Span, sources: &Sources) -> Diagnostic {
    let tag = sources.slice(span);
    Diagnostic::warning(
        span,
        format!(
            "markdown reads `{tag}` as an HTML tag, and browsers show nothing for a tag they do not know: to \
             show it as text, write it in backticks (`` `{tag}` ``) or escape its `<` (`\\{tag}`)"
        ),
    )
}

/// A warning at each footnote definition the page leaves out: the page lists only the notes its
/// text shows a mark of, as GitHub does. A mark in a table the page writes from its figures
/// (`replaced`: a record's task tables and stats) is none the page shows, and a note's mark is
/// shown only when its note is. A second definition of a label is a warning too: the first is
/// the note. Labels match whatever their case (`[^a]` refers to `[^A]:`), as the parser matches.
fn unreferenced_footnotes(
    definitions: &[(String, Span)],
    marks: &[markdown::FootnoteMark],
    replaced: &[Span],
    sources: &Sources,
) -> Vec<Diagnostic> {
    use unicase::UniCase;
    if definitions.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    // Each label's first definition.
    let mut first: std::collections::HashMap<UniCase<&str>, usize> = std::collections::HashMap::new();
    for (i, (label, span)) in definitions.iter().enumerate() {
        if let Some(&earlier) = first.get(&UniCase::new(label.as_str())) {
            let (line, _) =
                sources.get(definitions[earlier].1.file).line_col(definitions[earlier].1.start as usize);
            warnings.push(Diagnostic::warning(
                *span,
                format!("footnote `[^{label}]` is defined on line {line} already, and the page shows that note: expected a label of its own"),
            ));
        } else {
            first.insert(UniCase::new(label.as_str()), i);
        }
    }
    // The notes shown: those a shown mark refers to, from the text out.
    let shown_mark = |mark: &markdown::FootnoteMark| {
        !replaced.iter().any(|t| t.start <= mark.span.start && mark.span.end <= t.end)
    };
    let mut shown = vec![false; definitions.len()];
    let mut reached: Vec<usize> = Vec::new();
    let reach = |label: &str, shown: &mut Vec<bool>, reached: &mut Vec<usize>| {
        if let Some(&i) = first.get(&UniCase::new(label))
            && !shown[i]
        {
            shown[i] = true;
            reached.push(i);
        }
    };
    for mark in marks.iter().filter(|m| m.in_definition.is_none() && shown_mark(m)) {
        reach(&mark.label, &mut shown, &mut reached);
    }
    let mut inside: Vec<Vec<&markdown::FootnoteMark>> = vec![Vec::new(); definitions.len()];
    for mark in marks {
        if let Some(i) = mark.in_definition.filter(|&i| i < definitions.len()) {
            inside[i].push(mark);
        }
    }
    while let Some(i) = reached.pop() {
        for mark in &inside[i] {
            if shown_mark(mark) {
                reach(&mark.label, &mut shown, &mut reached);
            }
        }
    }
    for (i, (label, span)) in definitions.iter().enumerate() {
        if !shown[i] && first.get(&UniCase::new(label.as_str())) == Some(&i) {
            warnings.push(Diagnostic::warning(
                *span,
                format!(
                    "no mark in the text refers to footnote `[^{label}]`, so the page leaves it out (a mark in a task \
                     or stats table, or in a note left out, is none): expected `[^{label}]` where the note belongs, \
                     or no definition"
                ),
            ));
        }
    }
    warnings.sort_by_key(|w| w.span.start);
    warnings
}

/// A warning at each heading id given again (`## Notes {#setup}` after `## Setup {#setup}`):
/// the page would hold two elements with one id, and a link to `#setup` would always lead to
/// the first. Ids made from headings' text avoid every id given by hand and each other (a
/// second `## Notes` is `notes-1`), so only ids given by hand can repeat; they may also repeat
/// an id of the page's own (`taken`: the theme's `main`) or a footnote's (`fn:1`, `fnref:1`).
fn repeated_heading_ids(
    ids: &[(String, Span)],
    sources: &Sources,
    taken: fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (i, (id, span)) in ids.iter().enumerate() {
        let footnote = ["fn:", "fnref:", "note-fn:", "note-fnref:"].iter().any(|p| id.starts_with(p));
        if footnote || taken(id) {
            let whose = if footnote {
                "has the form of a footnote's id (`fn:1`) or its mark's (`fnref:1`)"
            } else {
                "is the id of an element of the theme's page itself"
            };
            warnings.push(Diagnostic::warning(
                *span,
                format!(
                    "heading id `{id}` {whose}, so the page may hold it twice, a link to `#{id}` leading to the \
                     first: expected another id"
                ),
            ));
            continue;
        }
        let Some((_, first)) = ids[..i].iter().find(|(earlier, _)| earlier == id) else { continue };
        let (line, _) = sources.get(first.file).line_col(first.start as usize);
        // The first of `id-2`, `id-3` ... that no heading was given.
        let free = (2u64..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| ids.iter().all(|(given, _)| given != candidate))
            .unwrap_or_default();
        warnings.push(Diagnostic::warning(
            *span,
            format!(
                "heading id `{id}` is already the id of the heading on line {line}, where a link to `#{id}` \
                 leads: expected an id of its own, such as `{{#{free}}}`"
            ),
        ));
    }
    warnings
}

/// Whether a path below `content/` is a record saved as text (`records/2026-03-01.txt`, as posts
/// are often kept): a dated `.txt` file in `records/`, which is warned about as not read. Other
/// text files there (a README) are not records.
pub fn is_text_record(below_content: &Path) -> bool {
    below_content.starts_with("records")
        && below_content.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt"))
        && below_content.file_stem().and_then(|s| s.to_str()).is_some_and(|s| date_prefix(s).is_some())
}

/// Whether a file extension is markdown's in any spelling (`md`, `MD`, `markdown`, `mdown`,
/// `mkd`): its callers take `md`, which leverage reads, first, and warn of the others.
pub fn is_markdown_extension(extension: &std::ffi::OsStr) -> bool {
    // With a space after it (`2026-03-01.md `, a name typed in a file manager) too: not read
    // as it is, and said so, where it was passed over without a word.
    let lower = extension.to_string_lossy().trim_end().to_ascii_lowercase();
    matches!(lower.as_str(), "md" | "markdown" | "mdown" | "mkd" | "mkdn" | "mdwn" | "mdtext" | "mdtxt")
}

/// Whether a file or folder name is hidden (`.draft.md`, `.git`, Emacs's `.#2026-03-01.md` lock
/// links): content never comes from one, as in Hugo and Zola.
pub fn is_hidden_name(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Whether a path below the site root goes through a hidden file or folder.
pub fn is_hidden(relative: &Path) -> bool {
    relative.components().any(|c| is_hidden_name(c.as_os_str()))
}

/// Decodes a file's bytes. Invalid UTF-8 gives the lossy text and the offset of the first bad
/// byte, so the error can point at it.
///
/// A file of old Mac line endings (a lone `\r` ends each line, and no `\n` is anywhere) is read
/// with `\n` in their place, byte for byte, so that every place in it stays where it was and
/// every reader of lines (a shortcode alone on its line, the front matter's fences, a table's
/// rows) sees its lines as markdown does. A file with a `\n` costs the search for its first one.
///
/// A tab in a table's delimiter row (`|\t---\t|`, as an editor aligning with tabs writes it) is
/// read as a space, byte for byte: GitHub's tables take one there, and pulldown-cmark's do not,
/// which lost the table and every figure of its rows (`delimiter_tabs`).
pub fn decode(mut bytes: Vec<u8>) -> (String, Option<usize>) {
    if is_old_mac(&bytes) {
        for byte in &mut bytes {
            if *byte == b'\r' {
                *byte = b'\n';
            }
        }
    }
    delimiter_tabs(&mut bytes);
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            (String::from_utf8_lossy(err.as_bytes()).into_owned(), Some(offset))
        }
    }
}

/// Turns each tab in a table's delimiter row into a space, in place, and says whether there was
/// one: a line of `|`, `-`, `:` and blanks with a `|` and a `-`, under a line with a `|`, outside
/// a fenced code block. A tab before the row's first mark is left alone (it indents the line, and
/// an indented line is code). A file without a tab costs the search for one.
pub fn delimiter_tabs(bytes: &mut [u8]) -> bool {
    if memchr::memchr(b'\t', bytes).is_none() {
        return false;
    }
    let mut changed = false;
    // The fence a code block was opened with (its byte and length), while inside one.
    let mut fence: Option<(u8, usize)> = None;
    let mut above_has_pipe = false;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        // What the line holds inside its blockquotes and list items (`> `, `- `, `1. `), as a
        // fence or a table there is one all the same.
        let inner = start + inside_containers(&bytes[start..end]);
        // Spaces, then a tab, or four of them: indented code, or a line that continues another.
        let lead = bytes[inner..end].iter().take_while(|&&b| b == b' ').count();
        let indented = lead >= 4 || bytes.get(inner + lead) == Some(&b'\t');
        let inner = inner + lead.min(3);
        let marks = &bytes[inner..end];
        let run = |mark: u8| marks.iter().take_while(|&&b| b == mark).count();
        let opens = [b'`', b'~'].into_iter().map(|mark| (mark, run(mark))).find(|&(_, n)| n >= 3);
        match (fence, opens) {
            (Some((mark, n)), Some((closing, m)))
                if !indented
                    && closing == mark
                    && m >= n
                    && marks[m..].iter().all(|b| b.is_ascii_whitespace()) =>
            {
                fence = None
            }
            (Some(_), _) => {}
            (None, Some(open)) if !indented => fence = Some(open),
            (None, _) => {
                let row = !marks.is_empty()
                    && marks.iter().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t' | b'\r'))
                    && marks.contains(&b'|')
                    && marks.contains(&b'-');
                if above_has_pipe && !indented && row && marks.contains(&b'\t') {
                    for byte in &mut bytes[inner..end] {
                        if *byte == b'\t' {
                            *byte = b' ';
                            changed = true;
                        }
                    }
                }
            }
        }
        above_has_pipe = fence.is_none() && bytes[start..end].contains(&b'|');
        start = end + 1;
    }
    changed
}

/// `delimiter_tabs` of a text read otherwise than by `decode` (`log`'s, `import`'s), in place;
/// whether a tab was made a space.
pub fn delimiter_tabs_in(text: &mut String) -> bool {
    if !text.contains('\t') {
        return false;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    let changed = delimiter_tabs(&mut bytes);
    // Tabs made spaces: still UTF-8.
    *text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    changed
}

/// Where a line's own text starts inside the blockquotes and list items it is in, its spaces
/// before it: past each `>` (and a space after it) and each list marker (`-`, `*`, `+`, or
/// digits and `.` or `)`, with a space after it), each with up to three spaces before it.
fn inside_containers(line: &[u8]) -> usize {
    let mut at = 0;
    loop {
        let spaces = line[at..].iter().take(3).take_while(|&&b| b == b' ').count();
        let rest = &line[at + spaces..];
        let marker = match rest.first() {
            Some(b'>') => 1 + usize::from(rest.get(1) == Some(&b' ')),
            Some(b'-' | b'*' | b'+') if rest.get(1) == Some(&b' ') => 2,
            Some(b'0'..=b'9') => {
                let digits = rest.iter().take(9).take_while(|b| b.is_ascii_digit()).count();
                match (rest.get(digits), rest.get(digits + 1)) {
                    (Some(b'.' | b')'), Some(b' ')) => digits + 2,
                    _ => 0,
                }
            }
            _ => 0,
        };
        if marker == 0 {
            return at;
        }
        at += spaces + marker;
    }
}

/// Whether a file's lines end in old Mac line endings: a lone `\r` each, no `\n` anywhere
/// (`decode` reads them as `\n`; `log` writes such a file back with them).
pub fn is_old_mac(bytes: &[u8]) -> bool {
    !bytes.contains(&b'\n') && bytes.contains(&b'\r')
}

/// The title of a record whose front matter gives none: `Leverage Record: February 28, 2026`.
pub fn default_record_title(date: NaiveDate) -> String {
    format!("Leverage Record: {}", crate::date_text::long(date))
}

/// The title of a record named `name` (its file's stem, `document_name`) whose front matter gives
/// none: `default_record_title`, with what a name after the date adds, as a second record of a
/// day is told apart (`2026-02-28-evening.md`: `Leverage Record: February 28, 2026 (Evening)`),
/// so that two cards of one day do not read the same.
pub fn record_title(date: NaiveDate, name: &str) -> String {
    let title = default_record_title(date);
    let added = date_prefix(name)
        .filter(|named| *named == date)
        .and_then(|_| name.get(10..))
        // Most records are named by their date alone: nothing to make.
        .filter(|rest| !rest.is_empty())
        .map(|rest| rest.replace(['-', '_'], " "))
        .map(|rest| rest.split_whitespace().collect::<Vec<_>>().join(" "))
        // What joins the date to the rest (`.v2`) is no word of it.
        .map(|rest| rest.trim_start_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|rest| !rest.is_empty());
    match added {
        Some(rest) => {
            let mut chars = rest.chars();
            // Capitalised where a letter has one capital (`ß` is left as it is, not `SS`).
            let first = chars.next().map(|c| {
                let mut upper = c.to_uppercase();
                match (upper.next(), upper.next()) {
                    (Some(one), None) => one,
                    _ => c,
                }
            });
            format!("{title} ({}{})", first.map(String::from).unwrap_or_default(), chars.as_str())
        }
        None => title,
    }
}

/// Whether a shortcode's argument named `key` is an address a build checks: `Some(true)` for an
/// image's (`src`), `Some(false)` for a link's (`link`, and the `attrlink` of a figure's credit).
fn address_argument(key: &str) -> Option<bool> {
    match key {
        "src" => Some(true),
        "link" | "attrlink" => Some(false),
        _ => None,
    }
}

/// True for a path (relative to the site root) that holds a record rather than a page.
pub fn is_record_path(relative: &Path) -> bool {
    relative.starts_with("content/records")
}

/// Parses the file `file` of `sources`. Its path decides whether it is a record
/// (`content/records/...`) or a page.
pub fn parse_document(sources: &Sources, file: FileId, options: &Options) -> ContentFile {
    parse_document_with(sources, file, options, &mut |_| {})
}

/// `parse_document`, handing the body's markdown events to `consume` as they are read (see
/// `markdown::scan_with`): how a caller renders a body without parsing it twice. `consume` is
/// not called for a file whose front matter cannot be read, and is called a second time, from
/// the first event, when a table read without the parser turns out not to be one (so it must
/// start afresh on each call, not add to what it made before).
/// A warning at the first control character of the body (`text[body]`): a C0 control but a
/// tab or a line break, DEL, or a C1 control (U+0080 to U+009F, most often Windows-1252's
/// quotes read as Latin-1). A page shows it as nothing or as a box, a screen reader may say it,
/// and data/tasks.csv writes it as it is; a title or a tag with one is refused. One warning for
/// the file, which counts the others.
fn control_warning(text: &str, body: std::ops::Range<usize>, file: FileId) -> Option<Diagnostic> {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    // A vectorised look, 128 bytes at a time, for a byte that may begin one (0xC2 begins the C1
    // controls, and also `©`, `°`, a no-break space ...): the characters of such a stretch alone
    // are read (0.9% of a build's instructions).
    let suspect =
        |b: u8| ((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t')) | (b == 0x7f) | (b == 0xc2);
    let (mut first, mut count, mut read_to) = (None, 0usize, body.start);
    for (i, chunk) in text.as_bytes()[body.clone()].chunks(128).enumerate() {
        if !chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            continue;
        }
        // The stretch's characters, whole: it may begin and end inside one.
        let from = text.floor_char_boundary(body.start + i * 128).max(read_to);
        let to = text.ceil_char_boundary(body.start + i * 128 + chunk.len());
        for (at, c) in text[from..to].char_indices().filter(|&(_, c)| is_control(c)) {
            count += 1;
            first.get_or_insert((from + at, c));
        }
        read_to = to;
    }
    let (at, found) = first?;
    let more = match count - 1 {
        0 => String::new(),
        1 => " (and 1 more in this file)".to_string(),
        n => format!(" (and {n} more in this file)"),
    };
    Some(Diagnostic::warning(
        Span::new(file, at..at + found.len_utf8()),
        format!(
            "a control character, {}, is in the text{more}: a page shows it as nothing or as a box, and the data \
             files keep it; remove it",
            crate::front_matter::visible(&found.to_string())
        ),
    ))
}

pub fn parse_document_with(
    sources: &Sources,
    file: FileId,
    options: &Options,
    consume: &mut dyn for<'e, 't> FnMut(&mut markdown::Events<'e, 't>),
) -> ContentFile {
    // The markdown parser panics on a few inputs (pulldown-cmark 0.13.6 on `- w\n    {}\n  -`, a
    // heading's attributes on a line of their own in a list item): the file is then an error at
    // its start, not a crash of the whole build.
    match crate::guard::quietly(|| read_document(sources, file, options, consume)) {
        Ok(parsed) => parsed,
        Err(reason) => ContentFile::failed(ContentError::Other {
            message: format!(
                "the markdown parser (pulldown-cmark) failed on this file ({reason}); expected markdown it reads: \
                 look for an unusual construct, such as `{{...}}` on a line of its own under a heading's text in \
                 a list item or a quote, and write it another way"
            ),
            span: Span::new(file, 0..0),
        }),
    }
}

/// `parse_document_with`, unguarded.
fn read_document(
    sources: &Sources,
    file: FileId,
    options: &Options,
    consume: &mut dyn for<'e, 't> FnMut(&mut markdown::Events<'e, 't>),
) -> ContentFile {
    let source = sources.get(file);
    let text = source.text.as_str();
    let split = match front_matter::split(text, file) {
        Ok(split) => split,
        Err(e) => return ContentFile::failed(e),
    };
    let parsed = match front_matter::parse_front(text, &split, file) {
        Ok(parsed) => parsed,
        Err(e) => return ContentFile::failed(e),
    };
    let fm = parsed.front_matter;
    // A date whose value is wrong is said once, at its value, not again as a missing date.
    let bad_date = parsed.errors.iter().any(|e| matches!(e, ContentError::BadDate { .. }));
    // The front matter's mistakes first, then the body's: all of them in one run.
    let mut diagnostics: Vec<Diagnostic> = parsed.errors.into_iter().map(Diagnostic::from).collect();
    diagnostics.extend(parsed.warnings);
    let relative = source.path.as_path();
    let is_record = is_record_path(relative);
    let stem = document_name(relative);
    let body = split.body_start..text.len();
    diagnostics.extend(control_warning(text, body.clone(), file));
    // The parser reads the body with its shortcodes masked: the same length, so every offset
    // and position stays the file's.
    let (shortcodes, problems) = crate::shortcode::find(text, body.clone(), file);
    diagnostics.extend(problems);
    let mut scan =
        markdown::scan_with(&crate::shortcode::mask(text, &shortcodes), body.clone(), file, consume);
    // A body's links are checked as the page's, and a task table in one is said not to count.
    for inner in shortcodes.iter().filter_map(|shortcode| shortcode.body) {
        let inner = markdown::scan(text, inner.range(), file);
        scan.links.extend(inner.links);
        if is_record {
            let tasks = inner.tables.iter().filter(|t| table::is_task_header(t, sources, &options.ai_labels));
            diagnostics.extend(tasks.map(|t| {
                Diagnostic::warning(
                    t.span,
                    "a task table inside a shortcode's body is not read for figures: its tasks are in no total; \
                     expected it outside the shortcode",
                )
            }));
        }
    }
    if !shortcodes.is_empty() {
        // A call's `src` is an image's address and its `link` a link's (the default `figure`'s, and
        // Hugo's), checked as the body's are.
        for shortcode in &shortcodes {
            if let crate::shortcode::Kind::Call { args, .. } = &shortcode.kind {
                for (key, value) in args {
                    if let (Some(image), toml::Value::String(dest)) = (address_argument(key), value) {
                        scan.links.push(markdown::Link {
                            dest: dest.clone(),
                            span: shortcode.span,
                            image,
                            wiki: false,
                        });
                    }
                }
            }
        }
        scan.links.sort_by_key(|link| link.span.start);
        // A first heading that holds a shortcode is not the page's title, which would cut the
        // shortcode with it.
        let heading_line = {
            let start = body.start + (text[body.clone()].len() - text[body.clone()].trim_start().len());
            let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |n| from + n);
            let mut end = line_end(start);
            // A heading underlined with `===` runs to its underline.
            if !text[start..].starts_with('#') {
                while end < text.len() {
                    let next = line_end(end + 1);
                    end = next;
                    let line = text[..next].rsplit('\n').next().unwrap_or("").trim();
                    if line.is_empty() || line.bytes().all(|b| b == b'=') {
                        break;
                    }
                }
            }
            start..end
        };
        if scan.leading_h1 && shortcodes.iter().any(|s| heading_line.contains(&(s.span.start as usize))) {
            scan.leading_h1 = false;
        }
    }
    // Nor is a first heading without text (`# <img ...>`): the title is the file's name then.
    if scan.first_heading.as_deref().is_some_and(|h| h.trim().is_empty()) {
        scan.first_heading = None;
    }
    let (mut slug, slug_span) = match &fm.slug {
        Some(cell) => (composed(cell.value.trim_matches('/')), cell.span),
        None if is_record => (composed(&stem), Span::file_start(file)),
        None => (composed(&page_path(relative)), Span::file_start(file)),
    };
    if slug.is_empty() && !is_record && fm.slug.is_none() {
        // content/index.md: the home page is generated from the records.
        diagnostics.push(Diagnostic::error(ContentError::Other {
            message: "this page would be the home page, which leverage generates from the records: \
                      expected another file name (templates/index.html changes the home page)"
                .to_string(),
            span: slug_span,
        }));
    } else if let Some(problem) = slug_problem(&slug) {
        // From the file's name (`2026-12-08 evening.md`, a sync tool's `(conflicted copy)`): the
        // page is at the name made safe, as Zola makes it, and that is said, with the name that
        // would say so (a copy is most often to be removed).
        let unsafe_part = |part: &&str| !part.chars().all(slug_char);
        let parts: Vec<String> = relative.iter().filter_map(|p| p.to_str()).map(composed).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let safe: String = slug.split('/').map(safe_file_name).collect::<Vec<_>>().join("/");
        // Where the slug came from, and what to do about it.
        let source = match (&fm.slug, parts.split_last()) {
            (None, Some((name, _))) if unsafe_part(name) => Some((
                "the file's name".to_string(),
                format!(
                    "rename the file (`{}`) to say so, remove it if it is a copy, or set `slug` in its front matter",
                    safe_file_name(name)
                ),
            )),
            (None, Some((_, folders))) => folders.iter().find(|folder| unsafe_part(folder)).map(|folder| {
                (
                    format!("the folder `{folder}`"),
                    format!(
                        "rename it (`{}`) to say so, or set `slug` in the front matter",
                        safe_file_name(folder)
                    ),
                )
            }),
            _ => None,
        };
        let visible = crate::front_matter::visible(&slug);
        let shown = clip(&visible);
        match source {
            Some((source, advice)) if slug_problem(&safe).is_none() => {
                diagnostics.push(Diagnostic::warning(
                    slug_span,
                    format!("the slug `{shown}` from {source} is made `{safe}`, as {problem}: {advice}"),
                ));
                slug = safe;
            }
            source => diagnostics.push(Diagnostic::error(ContentError::Other {
                message: format!(
                    "expected a slug of letters, digits, `-`, `_`, `.` and `/`, found `{shown}`: {problem}{}",
                    source
                        .map(|(source, advice)| format!("; the slug comes from {source}: {advice}"))
                        .unwrap_or_default()
                ),
                span: slug_span,
            })),
        }
    }
    let mut aliases = Vec::with_capacity(fm.aliases.len());
    for alias in &fm.aliases {
        // In Unicode's composed form, as slugs are: an alias typed on macOS (`a` and a combining
        // mark) is the page its precomposed spelling names.
        match alias_path(&composed(&alias.value)) {
            Ok(path) => {
                // `aliases: [RAG]`: Obsidian's aliases are other names of a note, not old URLs.
                if !alias.value.contains('/') && !alias.value.contains('.') {
                    diagnostics.push(Diagnostic::warning(
                        alias.span,
                        format!(
                            "an alias is an old URL of the page, and this one is taken as `/{}/`: expected a path \
                             such as `/2026/02/28/old-post/` (another name of a note, as Obsidian's aliases are, is \
                             none of the site's)",
                            alias.value.trim()
                        ),
                    ));
                }
                aliases.push((path, alias.span));
            }
            Err(problem) => diagnostics.push(Diagnostic::error(ContentError::Other {
                message: format!(
                    "expected an alias such as `/2026/02/28/old-post/` or `/old-post.html`, a path of letters, digits, `-`, `_`, `.` and `/`; found `{}`: {problem}",
                    clip(&crate::front_matter::visible(&alias.value))
                ),
                span: alias.span,
            })),
        }
    }
    // `2026-02-30.md`: a file named for a day the calendar does not have, whatever the front
    // matter says.
    let looks_dated = stem.get(..10).is_some_and(is_date_shaped);
    if is_record && looks_dated && date_prefix(&stem).is_none() {
        let digits = stem[10..].find(|c: char| !c.is_ascii_digit()).unwrap_or(stem.len() - 10);
        diagnostics.push(Diagnostic::error(ContentError::Other {
            message: if digits > 0 {
                format!(
                    "expected a date like `2026-02-28` at the start of the file name, found `{}`, which has \
                     {digits} digit(s) too many",
                    &stem[..10 + digits]
                )
            } else {
                format!(
                    "expected a date like `2026-02-28` at the start of the file name, found `{}`, which is not a day",
                    &stem[..10]
                )
            },
            span: Span::file_start(file),
        }));
        return ContentFile { document: None, diagnostics, draft: fm.draft };
    }
    let date = fm.date.as_ref().map(|c| c.value).or_else(|| date_prefix(&stem));
    if let (Some(stated), Some(named)) = (&fm.date, date_prefix(&stem))
        && stated.value != named
        && is_record
    {
        diagnostics.push(Diagnostic::warning(
            stated.span,
            format!(
                "date {} differs from the date the file is named for ({named}): the front matter's date is used",
                stated.value
            ),
        ));
    }
    // A file named as Zola and Hugo name a translation. A bundle's or a section's (`index.de.md`,
    // `_index.de.md`) is no page of its own: left out, and said so (it was "a record needs a
    // date"). Another is a record or a page of its own, said so unless it is a draft.
    if let Some(language) = crate::language::translation_suffix(&stem) {
        let named = "this file is named as Zola and Hugo name a translation";
        if stem.starts_with("index.") || stem.starts_with("_index.") {
            diagnostics.push(Diagnostic::warning(
                Span::file_start(file),
                format!(
                    "{named} of a bundle or a section (`.{language}` before its extension), but leverage builds a \
                     site in one language: it is left out"
                ),
            ));
            return ContentFile { document: None, diagnostics, draft: fm.draft };
        }
        if !fm.draft {
            let what = if is_record {
                "a record of its own, its tasks counted beside the day's other records' in every figure"
                    .to_string()
            } else {
                format!("the page /{slug}/ of its own")
            };
            diagnostics.push(Diagnostic::warning(
                Span::file_start(file),
                format!(
                    "{named} (`.{language}` before its extension), but leverage builds a site in one language: it \
                     is {what}; expected a translation kept out of content/, or `draft = true` in it"
                ),
            ));
        }
    }
    let kind = if is_record {
        if stem == "_index" && fm.date.is_none() {
            diagnostics.push(Diagnostic::error(ContentError::Other {
                message: "`_index.md` is a section file of Zola and Hugo, but every file in content/records/ is a \
                          record, and leverage lists the records itself (the archive, the home page): expected \
                          this file moved out of content/records/ or removed"
                    .to_string(),
                span: Span::file_start(file),
            }));
            return ContentFile { document: None, diagnostics, draft: fm.draft };
        }
        let Some(date) = date else {
            if !bad_date {
                diagnostics.push(ContentError::MissingDate { span: Span::file_start(file) }.into());
            }
            return ContentFile { document: None, diagnostics, draft: fm.draft };
        };
        let record = read_record(sources, &scan, &fm, date, options, &mut diagnostics);
        DocumentKind::Record(record)
    } else {
        if let Some(tokens) = &fm.tokens {
            diagnostics.push(ContentError::TokensOnPage { span: tokens.span }.into());
        }
        // Tags are a record's: a page is on no tag's page, and shows none.
        if let Some(first) = fm.tags.first() {
            let last = fm.tags.last().map_or(first.span, |t| t.span);
            diagnostics.push(Diagnostic::warning(
                Span::new(file, first.span.start as usize..last.end as usize),
                "a page has no tags: tags gather records on their pages, and this page is on none of them nor \
                 shows them; expected them on a record (in content/records/), or none here",
            ));
        }
        // A day's record written elsewhere (a Hugo user's `content/posts/`): named for a day or
        // dated in its front matter, with a task table.
        let dated = if date_prefix(&stem).is_some() {
            Some("named for a day")
        } else {
            fm.date.as_ref().map(|_| "dated")
        };
        if let Some(dated) = dated
            && let Some(table) =
                scan.tables.iter().find(|t| table::is_task_header(t, sources, &options.ai_labels))
        {
            diagnostics.push(Diagnostic::warning(
                first_line(sources, table.span),
                format!(
                    "this file is {dated} and holds a task table, but it is not under content/records/, so it is \
                     a page and its tasks count in no figure: expected it in content/records/"
                ),
            ));
        }
        if stem == "_index" {
            diagnostics.push(Diagnostic::warning(
                Span::file_start(file),
                format!(
                    "`_index.md` is a section file of Zola and Hugo; leverage makes the home, archive, tag and \
                     workstream lists itself, so this file is the ordinary page /{slug}/: rename it if that is \
                     not what it is meant to be"
                ),
            ));
        }
        DocumentKind::Page
    };
    let title = match (&fm.title, &kind) {
        (Some(t), _) => t.value.clone(),
        // A file's name may hold a character no page can show (`a\u{1}b.md`): left out, as of
        // a title taken from a body.
        (None, DocumentKind::Record(r)) => crate::front_matter::showable(record_title(r.date, &stem)),
        (None, DocumentKind::Page) => {
            scan.first_heading.clone().unwrap_or_else(|| crate::front_matter::showable(stem.clone()))
        }
    };
    if scan.first_paragraph.as_deref() == Some(crate::edit::PLACEHOLDER)
        && let Some(at) = text[body.clone()].find(crate::edit::PLACEHOLDER)
    {
        let start = body.start + at;
        diagnostics.push(Diagnostic::warning(
            Span::new(file, start..start + crate::edit::PLACEHOLDER.len()),
            "this is the placeholder that `leverage new` and `leverage log` write for a new day, and it would be the summary on the home page and in \
             the feed: write what happened, or delete the line",
        ));
    }
    diagnostics.extend(repeated_heading_ids(&scan.heading_ids, sources, options.taken_id));
    diagnostics.extend(scan.unknown_tags.iter().map(|span| unknown_tag(*span, sources)));
    // The tables a record's page writes from their figures: their marks are none of the page's.
    let replaced: Vec<Span> = match &kind {
        _ if scan.footnote_definitions.is_empty() => Vec::new(),
        DocumentKind::Record(record) => record
            .tables
            .iter()
            .map(|t| t.span)
            .chain(record.aggregates.iter().filter(|t| !t.as_written).map(|t| t.span))
            .collect(),
        DocumentKind::Page => Vec::new(),
    };
    diagnostics.extend(unreferenced_footnotes(
        &scan.footnote_definitions,
        &scan.footnote_marks,
        &replaced,
        sources,
    ));
    // Front matter's, else what comes before a `<!-- more -->` line, else the first paragraph.
    let summary = fm
        .summary
        .map(|c| markdown::summary_text(c.value))
        .or(scan.before_more.filter(|s| !s.is_empty()))
        .or(scan.first_paragraph)
        // `summary = ""` (or blank) in front matter asks for none.
        .filter(|s| !s.trim().is_empty());
    if let (Some(updated), Some(date)) = (&fm.updated, date)
        && updated.value < date
    {
        diagnostics.push(Diagnostic::warning(
            updated.span,
            format!(
                "`updated` ({}) is before the date ({date}): expected the day of the last change",
                updated.value
            ),
        ));
    }
    let title_heading = scan.leading_h1 && scan.first_heading.as_deref() == Some(title.trim());
    // The page's picture is checked as an image of its body is (a bundle's file, static/, or
    // a URL), its place the front matter's value.
    let image = fm.image.map(|image| (composed(&image.value), image.span));
    let mut links = scan.links;
    if let Some((dest, span)) = &image {
        links.push(crate::markdown::Link { dest: dest.clone(), span: *span, image: true, wiki: false });
        // Link previews fetch the picture by its address: a `data:` or `javascript:` one, or a
        // Windows path (`C:`), gives them none.
        if let Some(scheme) =
            url_scheme(dest).filter(|s| !s.eq_ignore_ascii_case("http") && !s.eq_ignore_ascii_case("https"))
        {
            diagnostics.push(Diagnostic::warning(
                *span,
                format!(
                    "expected a path or an http(s) URL for `image`, found a `{scheme}:` address, which link previews \
                     cannot fetch"
                ),
            ));
        }
    }
    let document = Document {
        file,
        path: relative.to_path_buf(),
        slug,
        slug_span,
        // Where the date was written: front matter's value, or the file (its name says it).
        date_span: fm.date.as_ref().map_or(Span::file_start(file), |date| date.span),
        title,
        date,
        updated: fm.updated.map(|c| c.value),
        tags: fm.tags,
        summary,
        title_heading,
        draft: fm.draft,
        extra: fm.extra,
        body,
        links,
        shortcodes,
        aliases,
        image,
        kind,
    };
    ContentFile { document: Some(document), diagnostics, draft: fm.draft }
}

/// The first line of `body` outside the tables markdown read (`read`, ranges of `body`) that is
/// a task table's header written with `|`s (its cells name a task, a human estimate and an AI
/// time), with why markdown did not read it: indented as code, or right after a line of HTML,
/// which the table then continues. `None` when no such line is there, or none of those is why.
fn unread_table_header(
    body: &str,
    read: &[std::ops::Range<usize>],
    ai_labels: &[String],
) -> Option<(std::ops::Range<usize>, String)> {
    // The cheap look first: most records have no `|` outside the tables markdown read, and
    // then no line to look at (a look at each line cost 3% of a build's instructions).
    let mut from = 0;
    let mut outside = false;
    for range in read.iter().chain(std::iter::once(&(body.len()..body.len()))) {
        let gap = body.as_bytes().get(from..range.start.max(from)).unwrap_or_default();
        if memchr::memchr(b'|', gap).is_some() {
            outside = true;
            break;
        }
        from = from.max(range.end);
    }
    if !outside {
        return None;
    }
    let mut at = 0;
    let mut before: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let text = line.trim_end();
        let shown = text.trim_start();
        // Most lines of a record start with no `|`, and most that do are the rows of a table
        // markdown read.
        // A table's span starts at its first `|`, after a list item's indent: any overlap is it.
        let header = shown.starts_with('|')
            && !read.iter().any(|r| r.start < start + line.len() && start < r.end)
            && {
                // Split as markdown splits a row (`\|` is text), as every row's cells are.
                let kinds: Vec<crate::record::ColumnKind> = table::row_cells_of(shown)
                    .cells
                    .into_iter()
                    .map(|cell| table::classify(shown[cell].trim(), ai_labels).0)
                    .collect();
                [
                    crate::record::ColumnKind::Task,
                    crate::record::ColumnKind::Human,
                    crate::record::ColumnKind::Ai,
                ]
                .iter()
                .all(|kind| kinds.contains(kind))
            };
        if header {
            let indent = text.len() - shown.len();
            let columns = text[..indent].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum::<usize>();
            let why = if columns >= 4 {
                Some(
                    "is indented four spaces or more, which markdown reads as code: expected it at the start of \
                     its line (or at its list item's indent)"
                        .to_string(),
                )
            } else {
                before.filter(|b| b.trim_start().starts_with('<')).map(|html| {
                    let tag: String = html.trim().chars().take(30).collect();
                    format!(
                        "follows `{tag}` with no blank line between, so markdown reads it as part of that HTML: \
                         expected a blank line before the table"
                    )
                })
            };
            // Neither is why (a header in a fenced block, shown as an example): the next is asked.
            if let Some(why) = why {
                return Some((start..start + text.len(), why));
            }
        }
        before = if text.trim().is_empty() { None } else { Some(text) };
    }
    None
}

/// The first line of `body` that reads as a task table's header written as a page shows it,
/// its cells apart by spaces (a post's page copied as text: `Task Human Est. Claude Time Tokens
/// Leverage`): words of the contract's headers only, starting with `Task` (or `#`), naming a
/// human estimate and one of `ai_labels`, with no `|` nor tab (which `loose_table_warning`
/// reads). Its byte range in `body`.
fn page_text_header(body: &str, ai_labels: &[String]) -> Option<std::ops::Range<usize>> {
    const WORDS: &[&str] = &[
        "task",
        "human",
        "est",
        "estimate",
        "time",
        "tokens",
        "leverage",
        "factor",
        "sup",
        "supervisory",
        "supervision",
        "weeks",
        "workstream",
        "min",
        "minutes",
        "hours",
    ];
    // The longest first: `Claude Code` before `Claude`.
    let mut labels: Vec<String> = ai_labels.iter().map(|label| table::normalize(label)).collect();
    labels.sort_by_key(|label| std::cmp::Reverse(label.len()));
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let text = line.trim_end();
        if !text.trim_start().starts_with(['T', 't', '#']) || text.contains(['|', '\t']) || text.len() > 200 {
            continue;
        }
        // The header's words, each AI label (`Claude Code` too) taken out where it stands.
        let mut words = format!(" {} ", table::normalize(text));
        let mut ai = false;
        for label in &labels {
            let label = format!(" {label} ");
            while let Some(at) = words.find(&label) {
                words.replace_range(at..at + label.len(), " ");
                ai = true;
            }
        }
        let mut words = words.split_whitespace();
        let task = words.clone().next() == Some("task");
        if ai && task && words.clone().any(|word| word == "human") && words.all(|word| WORDS.contains(&word))
        {
            return Some(start..start + text.len());
        }
    }
    None
}

/// The warning for a record whose tables are none of them a task table, at the first of them: the
/// columns a task table needs that its headers do not name, and the headers as written, so that
/// `Human Est. (h)` is seen to be what was not recognised.
fn no_task_table_at(table: &markdown::RawTable, sources: &Sources, ai_labels: &[String]) -> Diagnostic {
    let missing = table::missing_columns(table, sources, ai_labels);
    let headers: Vec<String> =
        table.header.iter().map(|c| format!("`{}`", c.text_in(sources).trim())).collect();
    Diagnostic::warning(
        first_line(sources, table.span),
        format!(
            "this record has no task table: this table is shown as ordinary content, since it has no {}; its headers are {}",
            missing.join(" and no "),
            headers.join(", ")
        ),
    )
}

/// From where `span` starts to the end of its file.
fn to_end(sources: &Sources, span: Span) -> Span {
    Span::new(span.file, span.start as usize..sources.get(span.file).text.len())
}

/// `span` narrowed to its first line that is not blank (its start when every line is),
/// so a warning about a body or a table points at text rather than at the blank line before it.
fn first_line(sources: &Sources, span: Span) -> Span {
    let text = &sources.get(span.file).text;
    let (start, end) = (span.start as usize, (span.end as usize).min(text.len()));
    let Some(region) = text.get(start..end) else { return span };
    let mut offset = start;
    for line in region.split_inclusive('\n') {
        if !line.trim().is_empty() {
            let content = line.trim_end_matches(['\n', '\r']);
            return Span::new(span.file, offset..offset + content.len());
        }
        offset += line.len();
    }
    Span::new(span.file, start..start)
}

fn read_record(
    sources: &Sources,
    scan: &markdown::Scan,
    fm: &FrontMatter,
    date: NaiveDate,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Record {
    let mut tables = Vec::new();
    let mut aggregates = Vec::new();
    let mut broken = false;
    // A task row that did not read (an error says why) is in no computed figure.
    let mut rows_left_out = false;
    // The first table that is not a task table, for the warning when no table is one.
    let mut first_other: Option<&markdown::RawTable> = None;
    // Read once every task table is: their agents (`Cursor Time`), above or below, name the
    // day's metrics too.
    let mut aggregate_tables = Vec::new();
    // The headings the task tables are under: a `Metric | Value` table under one of them is
    // the day's aggregates, whatever the heading says.
    let mut task_headings = Vec::new();
    for raw in &scan.tables {
        match table::read(raw, sources, &options.week, &options.ai_labels) {
            TableRead::Tasks(t, problems) => {
                task_headings.push(raw.above.heading);
                let inside = |s: &&Span| t.span.start <= s.start && s.end <= t.span.end;
                diagnostics.extend(scan.cell_footnotes.iter().filter(inside).map(|&span| {
                    Diagnostic::warning(
                        span,
                        "a footnote mark in a task table is no footnote there: the page writes the table from each \
                         task's text and figures, so a figure loses the mark and a task shows it as written; expected \
                         the note in the prose below the table",
                    )
                }));
                tables.push(t);
                rows_left_out |= problems.iter().any(|d| d.severity == crate::Severity::Error);
                diagnostics.extend(problems);
            }
            TableRead::Aggregates { as_written } => aggregate_tables.push((raw, as_written)),
            TableRead::Content(None) => {
                first_other.get_or_insert(raw);
            }
            TableRead::Content(warning) => diagnostics.extend(warning),
            TableRead::Broken(error) => {
                broken = true;
                diagnostics.push(error);
            }
        }
    }
    if !aggregate_tables.is_empty() {
        let agents: Vec<String> =
            options.ai_labels.iter().cloned().chain(tables.iter().map(|t| t.ai_label.clone())).collect();
        for (raw, as_written) in aggregate_tables {
            let (t, problems) = aggregate_table::read(raw, sources, &options.week, as_written, &agents);
            if aggregate_table::is_the_days(raw, &t, &task_headings, sources) {
                aggregates.push(t);
                diagnostics.extend(problems);
            } else {
                first_other.get_or_insert(raw);
            }
        }
    }
    diagnostics.extend(scan.loose_tables.iter().filter_map(|line| {
        table::loose_table_warning(*line, sources, &options.ai_labels)
            .or_else(|| table::cut_off_rows_warning(*line, &tables, sources))
    }));
    // A task table's header that markdown did not read (indented as code, or continuing a line of
    // HTML), looked for outside the tables it did read.
    let body = to_end(sources, scan.body_start);
    let unread = {
        let offset = |at: u32| at.saturating_sub(body.start) as usize;
        let read: Vec<std::ops::Range<usize>> =
            scan.tables.iter().map(|t| offset(t.span.start)..offset(t.span.end)).collect();
        unread_table_header(sources.slice(body), &read, &options.ai_labels).map(|(line, why)| {
            (Span::new(body.file, body.start as usize + line.start..body.start as usize + line.end), why)
        })
    };
    if !tables.is_empty()
        && let Some((line, why)) = &unread
    {
        diagnostics.push(Diagnostic::warning(
            *line,
            format!("this task table is not read, so its rows count in no figure: its header {why}"),
        ));
    }
    // A near miss or a broken task table already says what is wrong with the record's table.
    if tables.is_empty()
        && !broken
        && !diagnostics.iter().any(|d| d.message.contains("looks like a task table"))
    {
        diagnostics.push(match first_other {
            Some(other) => no_task_table_at(other, sources, &options.ai_labels),
            None => {
                // A Japanese or Chinese input method types a full-width bar, `｜`, which markdown
                // does not take for a table's `|`: said at the first one.
                match sources.slice(body).find('\u{FF5C}') {
                    Some(at) => {
                        let start = body.start as usize + at;
                        Diagnostic::warning(
                            Span::new(body.file, start..start + '\u{FF5C}'.len_utf8()),
                            "this record has no task table: `｜` is a full-width bar, as an input method for \
                             Japanese or Chinese types it, and a markdown table is written with `|`",
                        )
                    }
                    None => match unread {
                        // A task table markdown did not read as one: said at its header, with why.
                        Some((line, why)) => Diagnostic::warning(
                            line,
                            format!("this record has no task table: this task table's header {why}"),
                        ),
                        None => match page_text_header(sources.slice(body), &options.ai_labels) {
                        // A post's page copied as text (`leverage import` reads it).
                        Some(line) => Diagnostic::warning(
                            Span::new(body.file, body.start as usize + line.start..body.start as usize + line.end),
                            "this record has no task table: this line reads as a task table's header copied from \
                             a page as text, its cells apart by spaces; `leverage import FILE.txt` makes a record of \
                             a post's page text saved as a .txt file outside content/, or write the table in \
                             markdown, `| Task | Human Est. | ... |` with a `|---|---|...|` row under it",
                        ),
                        None => Diagnostic::warning(
                            first_line(sources, body),
                            "this record has no task table: expected a table with a task, a human estimate and an AI \
                             time column",
                        ),
                        },
                    },
                }
            }
        });
    }
    let incomplete = broken || rows_left_out;
    let references = scan.references.clone();
    let record = Record { date, day_tokens: fm.tokens.clone(), tables, aggregates, incomplete, references };
    // Each repeat said, up to ten; past them one warning counts the rest (10,000 rows pasted
    // twice were 9,999 warnings, the rest of the check buried under them).
    let repeats = repeated_rows(&record);
    diagnostics
        .extend(repeats.iter().take(MOST_REPEATS_SAID).map(|rows| repeated_row_warning(sources, *rows)));
    if let Some(&(_, repeat)) = repeats.get(MOST_REPEATS_SAID) {
        let more = repeats.len() - MOST_REPEATS_SAID;
        diagnostics.push(Diagnostic::warning(
            first_line(sources, repeat),
            format!(
                "this row and {} more repeat the task and times of earlier rows, so the day counts that work \
                 twice; expected each task once (the first {MOST_REPEATS_SAID} are said above)",
                more - 1
            ),
        ));
    }
    if let Some(tokens) = &fm.tokens
        && record.tasks().any(|t| t.figures.tokens().is_some())
    {
        diagnostics.push(ContentError::TokensTwice { span: tokens.span }.into());
    }
    // A day's tokens without its tasks count in every total, and no page of the day shows them
    // (it says "No tasks recorded."). Not a draft's, which no published total counts.
    if let Some(tokens) = &fm.tokens
        && !broken
        && !fm.draft
        && record.tasks().next().is_none()
    {
        diagnostics.push(Diagnostic::warning(
            tokens.span,
            "`tokens` on a record without tasks: the count goes into the site's token totals, and no task of \
             this day accounts for it; expected the day's task table beside it, or the count on a record with tasks",
        ));
    }
    record
}

/// The rows of a record that repeat an earlier one, each with that earlier row: the same task,
/// figures, agent, workstream and columns of the writer's own (`Repo`), whatever their `#` and
/// stated factors say. A task logged twice (a command run again, a row pasted twice) counts twice
/// in every figure; the same task for another agent, workstream or repository is other work.
pub fn repeated_rows(record: &Record) -> Vec<(Span, Span)> {
    use crate::record::ColumnKind;
    // What a repeat shares, figures first: unequal figures end almost every comparison at once.
    // The writer's own columns by header; a `#` numbers rows and tells no task apart.
    let rows: Vec<_> = record
        .tasks_with_tables()
        .map(|(table, task)| {
            let own: Vec<(&str, &str)> = (table.columns.iter().enumerate())
                .filter(|(_, c)| c.kind == ColumnKind::Other)
                .map(|(i, c)| (c.header.as_str(), task.written(i).map_or("", |cell| &*cell.value)))
                .collect();
            let key = (
                task.figures,
                task.plain_text(),
                task.workstream.as_ref().map(|w| &*w.value),
                &*table.ai_label,
                own,
            );
            (key, task.row)
        })
        .collect();
    // Each row against the nearest earlier one alike: a day's few rows in pairs, a day of
    // thousands by one hash each, which keeps it linear.
    let mut repeats = Vec::new();
    if rows.len() <= 64 {
        for (j, (key, row)) in rows.iter().enumerate() {
            if let Some((_, first)) = rows[..j].iter().rev().find(|(earlier, _)| earlier == key) {
                repeats.push((*first, *row));
            }
        }
    } else {
        let mut last = std::collections::HashMap::with_capacity(rows.len());
        for (key, row) in rows {
            if let Some(first) = last.insert(key, row) {
                repeats.push((first, row));
            }
        }
    }
    repeats
}

/// How many repeated rows of one record are each said (`repeated_row_warning`).
const MOST_REPEATS_SAID: usize = 10;

/// The warning at `repeat`, a row that repeats the row `first` (`repeated_rows`).
pub fn repeated_row_warning(sources: &Sources, (first, repeat): (Span, Span)) -> Diagnostic {
    let (line, _) = sources.get(first.file).line_col(first.start as usize);
    Diagnostic::warning(
        first_line(sources, repeat),
        format!(
            "this row repeats the task and times of line {line}, so the day counts that work twice; expected \
             one of the two rows, or a word that tells the tasks apart"
        ),
    )
}

/// The name a document's slug (a record's), date and default title come from: its file's stem,
/// or for an `index.md` in a folder of its own (a bundle, as in Zola and Hugo, with its images
/// beside it) the folder's name: `content/records/2026-03-01/index.md` is the record of March 1.
///
/// A day named by its number alone in folders of its year and month (Hugo's
/// `2026/11/03/index.md`, or `2026/11/03.md`) is named by its whole date, `2026-11-03`: the day
/// alone would give the third of every month one URL.
fn document_name(relative: &Path) -> String {
    let stem = relative.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let folder = relative
        .parent()
        .filter(|folder| *folder != Path::new("content/records") && *folder != Path::new("content"));
    let (name, above) = match folder.and_then(|f| Some((f.file_name()?, f.parent()))) {
        Some((name, above)) if stem == "index" => (name.to_string_lossy().into_owned(), above),
        _ => (stem, folder),
    };
    let number = |text: &str, digits: std::ops::RangeInclusive<usize>| {
        digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
    };
    let month = above.and_then(Path::file_name).map(|m| m.to_string_lossy());
    let year = above.and_then(Path::parent).and_then(Path::file_name).map(|y| y.to_string_lossy());
    match (year, month) {
        // A day's number alone, of a day there is (`30-days-of-rust.md` and `30.md` in
        // `2026/02/` keep their names).
        (Some(year), Some(month))
            if number(&year, 4..=4) && number(&month, 1..=2) && number(&name, 1..=2) =>
        {
            let day = format!("{year}-{month:0>2}-{name:0>2}");
            if date_prefix(&day).is_some() { day } else { name }
        }
        _ => name,
    }
}

/// The scheme of a link's or an image's destination (`https` of `https://x`, `data` of
/// `data:...`), as RFC 3986 spells one: a letter, then letters, digits, `+`, `-` and `.`, before
/// a `:` (`10:30/` and `./a:b` have none). The link checks read it too.
pub fn url_scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then_some(scheme)
}

/// `text` in Unicode's composed form (NFC): `ö` as one character, not as `o` and a combining mark.
/// A file named on macOS may carry its name decomposed (NFD), which reads the same, but whose
/// mark is no letter of a slug, and whose URL differs from the one a writer types.
pub fn composed(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text).into_owned()
}

/// The URL path of a page: its path below `content/` without the extension (`about`,
/// `notes/setup`); an `index.md` stands for its folder.
fn page_path(relative: &Path) -> String {
    let below = relative.strip_prefix("content").unwrap_or(relative).with_extension("");
    let mut parts: Vec<String> =
        below.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "index") {
        parts.pop();
    }
    parts.join("/")
}

/// The output file of an alias: `/2026/02/28/post/` (or without the last `/`) redirects from
/// `2026/02/28/post/index.html`, `/old.html` from `old.html`, as in Zola and Hugo. A full URL is
/// refused: a static host serves only its own paths.
pub fn alias_path(alias: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    if alias.contains("://") || alias.starts_with("//") {
        return Err("a full URL; give the path on this site");
    }
    let path = alias.trim_start_matches('/');
    let trimmed = path.trim_end_matches('/');
    if let Some(problem) = slug_problem(trimmed) {
        return Err(problem);
    }
    let extension = (!path.ends_with('/'))
        .then(|| std::path::Path::new(trimmed).extension().and_then(|e| e.to_str()))
        .flatten()
        .unwrap_or("");
    let is_file = extension.eq_ignore_ascii_case("html") || extension.eq_ignore_ascii_case("htm");
    // `/index.xml`, `/old.php`: a host serves such a path as that file, and a feed reader or a
    // browser would meet no redirect in a folder of that name (`v1.2` names no file type).
    let file_type = (1..=5).contains(&extension.len())
        && extension.bytes().all(|b| b.is_ascii_alphanumeric())
        && extension.bytes().any(|b| b.is_ascii_alphabetic());
    if !is_file && file_type {
        return Err(
            "a redirect page can stand only at a page's path, ending in `/` or `.html`; a host serves \
                    this path as a file of its own, which no redirect page can be (a feed's old address, such as \
                    Hugo's `/index.xml`, is the host's to redirect)",
        );
    }
    Ok(if is_file { trimmed.to_string() } else { format!("{trimmed}/index.html") })
}

/// A file name, or a slug's segment, with every run of characters a slug may not hold made one
/// `-`: `2026-12-08 (conflicted copy).md` is `2026-12-08-conflicted-copy.md`.
pub fn safe_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if slug_char(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.replace("-.", ".").trim_matches('-').to_string()
}

/// A character a slug's segment may hold: a letter, a digit, `-`, `_` or `.`.
fn slug_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// What is wrong with a slug, if anything: it must be a safe URL path.
fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        return Some("it is empty");
    }
    if slug.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") {
        return Some("it has an empty, `.` or `..` segment");
    }
    // A hidden folder: many hosts and deploy tools leave it out (`.well-known` is served).
    if slug.split('/').any(|seg| seg.starts_with('.') && seg != ".well-known") {
        return Some("it has a segment starting with `.`, a hidden folder that many hosts do not serve");
    }
    if !slug.chars().all(|c| c == '/' || slug_char(c)) {
        return Some("it has characters that are not safe in a URL");
    }
    None
}

/// Whether `text` has the shape records write dates in, `YYYY-MM-DD` (four digits, two, two),
/// whether or not it is a day of the calendar.
pub fn is_date_shaped(text: &str) -> bool {
    text.len() == 10
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

/// The date a file name starts with (`2026-02-28-notes.md`), or any text (`2026-03-02T23:30`).
/// A digit after it means the name holds no date: `2026-03-011` is no day, not March 1.
pub fn date_prefix(stem: &str) -> Option<NaiveDate> {
    if stem.as_bytes().get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn parse(path: &str, text: &str) -> ContentFile {
        parse_with(path, text, &Options::default())
    }

    fn parse_with(path: &str, text: &str, options: &Options) -> ContentFile {
        let mut sources = Sources::new();
        let id = sources.add(path, text.to_string());
        parse_document(&sources, id, options)
    }

    /// What in `text` (the file's) the diagnostics whose message holds `about` underline.
    fn flagged<'t>(file: &ContentFile, text: &'t str, about: &str) -> Vec<&'t str> {
        file.diagnostics.iter().filter(|d| d.message.contains(about)).map(|d| &text[d.span.range()]).collect()
    }

    /// A control character in a body is a warning at the first, counting the others: a C0
    /// control (a task named with a NUL, a vertical tab from a word processor) and a C1 control
    /// (Windows-1252's `’` read as Latin-1), wherever the first stretch of 64 bytes holding one
    /// begins. Tabs, line breaks and `©` are text.
    #[test]
    fn a_control_character_in_the_body_is_a_warning() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A\u{0}b | 2h | 10min |\n";
        let text =
            format!("+++\ntitle = \"Day\"\n+++\n\n{}So\u{b}me, it\u{92}s ©\t\n\n{table}", "x".repeat(70));
        let file = parse("content/records/2026-03-01.md", &text);
        let said: Vec<&Diagnostic> =
            file.diagnostics.iter().filter(|d| d.message.contains("control")).collect();
        assert_eq!(said.len(), 1, "{:?}", file.diagnostics);
        assert_eq!(&text[said[0].span.range()], "\u{b}");
        assert_eq!(
            said[0].message,
            "a control character, \\u{b}, is in the text (and 2 more in this file): a page shows it as nothing or as a \
             box, and the data files keep it; remove it"
        );
        assert_eq!(said[0].severity, Severity::Warning);
        // The stretch that holds it begins inside a character (`é` is two bytes).
        for skew in ["", "x"] {
            let text = format!("{skew}{}\u{1}\n", "é".repeat(40));
            let file = parse("content/about.md", &text);
            assert_eq!(flagged(&file, &text, "control character"), ["\u{1}"], "{skew:?}");
        }
        let clean = parse(
            "content/records/2026-03-01.md",
            &format!("Tabs\tand ©, ±, °\r\n\n{table}").replace('\u{0}', ""),
        );
        assert!(!clean.diagnostics.iter().any(|d| d.message.contains("control")), "{:?}", clean.diagnostics);
    }

    /// A file of old Mac line endings is read with `\n` in their place, byte for byte; a file
    /// with a `\n` anywhere (CRLF, or lines mixed) is read as it is. The record of lone `\r`s
    /// with a shortcode alone on its line keeps its task table (the call was read as one inside
    /// a paragraph, and the table with it).
    #[test]
    fn old_mac_line_endings_are_read_as_lines() {
        let text = "+++\rtitle = \"Day\"\r+++\r\r{{ note(text=\"hi\") }}\r\r| Task | Human Est. | Claude Time |\r|---|---|---|\r| A | 2h | 10min |\r";
        let (decoded, bad) = decode(text.as_bytes().to_vec());
        assert_eq!((decoded.as_str(), bad), (text.replace('\r', "\n").as_str(), None));
        for kept in ["a\r\nb\r\n", "a\rb\n", "no line end"] {
            assert_eq!(decode(kept.as_bytes().to_vec()).0, kept);
        }
        let file = parse("content/records/2026-03-01.md", &decoded);
        let document = file.document.as_ref().expect("a document");
        assert_eq!(document.title, "Day");
        let record = document.record().expect("a record");
        assert_eq!(record.tasks().count(), 1, "{:?}", file.diagnostics);
    }

    /// A tab in a delimiter row (an editor aligning a table with tabs) is read as a space, byte
    /// for byte, and the table with it: pulldown-cmark took the table for a paragraph, and its
    /// rows counted for nothing. Tabs elsewhere, in code blocks, and before a row's first mark
    /// are left as they are.
    #[test]
    fn a_tab_in_a_delimiter_row_is_read_as_a_space() {
        let text =
            "| Task | Human Est. | Claude Time |\r\n|\t---\t|\t:--\t|\t---\t|\r\n| A\t| 2h | 10min |\r\n";
        let (decoded, _) = decode(text.as_bytes().to_vec());
        assert_eq!(decoded, text.replacen("|\t---\t|\t:--\t|\t---\t|", "| --- | :-- | --- |", 1));
        let file = parse("content/records/2026-03-01.md", &decoded);
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().count(), 1, "{:?}", file.diagnostics);
        for kept in [
            // In a fenced code block, its fence of four after one of three closing nothing.
            "````\n| a |\n|\t---\t|\n```\n| a |\n|\t---\t|\n````\n",
            "~~~\n| a |\n|\t-\t|\n~~~\n",
            // No `|` above, no `-` in the row, a letter in it, or a tab or four spaces first
            // (indented code, a table's rows in it).
            "a\n|\t---\t|\n",
            "| a |\n|\t:\t|\n",
            "| a |\n|\t--- x\t|\n",
            "\t| a | b |\n\t|\t-\t|\t-\t|\n",
            "    | a | b |\n    |\t-\t|\t-\t|\n",
            "\tcode\t|\n",
            // A fence opened in a list item or a blockquote.
            "1. ```text\n   | a | b |\n   |\t-\t|\t-\t|\n   ```\n",
            "> ~~~\n> | a |\n> |\t-\t|\n> ~~~\n",
        ] {
            assert_eq!(decode(kept.as_bytes().to_vec()).0, kept, "{kept:?}");
        }
        assert_eq!(
            decode(b"```\n```\n| a |\n|\t---|\n".to_vec()).0,
            "```\n```\n| a |\n| ---|\n",
            "after the block"
        );
        // A table in a list item or a blockquote is a table all the same.
        assert_eq!(decode(b"- | a |\n  |\t---|\n".to_vec()).0, "- | a |\n  | ---|\n");
        assert_eq!(decode(b"> | a |\n> |\t---|\n".to_vec()).0, "> | a |\n> | ---|\n");
    }

    /// A message quotes a runaway value (a paragraph pasted into a cell, a title that ran on)
    /// in part: its first 60 characters and `…`, whatever slot it is in. A task named by a
    /// whole paragraph was quoted whole, burying the message under 40 KB of text.
    #[test]
    fn a_runaway_value_is_quoted_in_part_in_every_message() {
        let long = "x".repeat(3000);
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n";
        let aggregate = "\n## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n";
        // One runaway value per record, each in a slot a message quotes.
        let records = [
            format!("+++\ntitle = \" \"\n+++\n\n{table}| a | 1h | 1min |\n"),
            format!("+++\ntitle = \"{long}\\n\"\n+++\n\n{table}| a | 1h | 1min |\n"),
            format!("+++\nslug = \"{long} \"\n+++\n\n{table}| a | 1h | 1min |\n"),
            format!("+++\naliases = [\"/{long} y/\"]\n+++\n\n{table}| a | 1h | 1min |\n"),
            format!("+++\ntags = [\" {long}\\n\"]\n+++\n\n{table}| a | 1h | 1min |\n"),
            format!("{table}| {long} | | |\n| a | 1h | 1min |\n"),
            format!("{table}| a | {long} | 1min |\n"),
            format!("{table}| a | 1h | 1min | {long} |\n"),
            format!("{table}| a | 1h | 1min | {long}|b |\n"),
            format!("{table}| a | ~~{long}~~ | 1min |\n"),
            format!("{table}| Total ({long}) | 1h | 1min |\n| a | 1h | 1min |\n"),
            format!("{table}| a | 1h | 1min |\n{aggregate}| {long} | 3 |\n"),
            format!("{table}| a | 1h | 1min |\n{aggregate}| Total tasks | {long} |\n"),
        ];
        for record in &records {
            let file = parse("content/records/2025-01-02.md", record);
            assert!(!file.diagnostics.is_empty(), "nothing said of {record}");
            for diagnostic in &file.diagnostics {
                let message = &diagnostic.message;
                assert!(message.chars().count() < 400, "{} characters: {message}", message.len());
                assert!(!message.contains(&"x".repeat(61)), "{message}");
            }
        }
    }

    #[test]
    fn files_are_found_in_the_order_of_a_walk_by_name() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        // `-` and `.` sort before `/`, `b` after it: a folder's files come before a sibling
        // whose name extends the folder's.
        let names = ["a/x.md", "a-b/x.md", "a-b/y/z.md", "a.md", "ab.md", "b/.hidden.md", "b/c.md", "B.md"];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
            std::fs::write(&path, "# x\n").expect("written");
        }
        std::fs::write(dir.path().join("a-b/notes.txt"), "x").expect("written");
        let (files, problems) = discover(dir.path());
        let found: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(dir.path()).expect("inside").to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(found, ["B.md", "a/x.md", "a-b/x.md", "a-b/y/z.md", "a.md", "ab.md", "b/c.md"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_missing_content_folder_is_said_as_such() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (files, problems) = discover(&dir.path().join("content"));
        assert!(files.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.starts_with("there is no content folder"), "{}", problems[0].message);
        assert_eq!(problems[0].severity, crate::Severity::Error);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_nothing_is_named_with_where_it_points() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("2026-03-01.md"), "# x\n").expect("written");
        std::os::unix::fs::symlink("/nowhere/2026-03-02.md", dir.path().join("2026-03-02.md"))
            .expect("linked");
        // A link that leads to a link to nothing is as dangling.
        std::os::unix::fs::symlink("2026-03-02.md", dir.path().join("2026-03-03.md")).expect("linked");
        let (files, problems) = discover(dir.path());
        assert_eq!(files, [dir.path().join("2026-03-01.md")]);
        let said: Vec<(String, &str)> = problems
            .iter()
            .map(|p| {
                (p.path.strip_prefix(dir.path()).expect("inside").display().to_string(), p.message.as_str())
            })
            .collect();
        let expected = |to: &str| {
            format!(
                "a symbolic link to {to}, which does not exist: expected a record or a folder of them there; \
                 remove the link or bring back what it points to"
            )
        };
        assert_eq!(
            said,
            [
                ("2026-03-02.md".to_string(), expected("/nowhere/2026-03-02.md").as_str()),
                ("2026-03-03.md".to_string(), expected("2026-03-02.md").as_str()),
            ]
        );
        assert!(problems.iter().all(|p| p.severity == crate::Severity::Error));
    }

    #[cfg(unix)]
    #[test]
    fn links_that_lead_to_each_other_are_named_as_a_loop() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let link =
            |from: &str, to: &str| std::os::unix::fs::symlink(to, dir.path().join(from)).expect("linked");
        link("a.md", "b.md");
        link("b.md", "./a.md");
        link("c.md", "a.md");
        let (_, problems) = discover(dir.path());
        let said: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        let looped = |chain: &str| {
            format!(
                "a symbolic link into a loop of links ({chain}): expected a record or a folder of them there; \
                 remove one of the links"
            )
        };
        assert_eq!(
            said,
            [looped("a.md → b.md → a.md"), looped("b.md → a.md → b.md"), looped("a.md → b.md → a.md")]
        );
        assert!(problems.iter().all(|p| p.severity == crate::Severity::Error));
    }

    fn record(file: &ContentFile) -> &Record {
        file.document.as_ref().and_then(Document::record).expect("a record")
    }

    #[test]
    fn a_header_s_unit_completes_its_bare_numbers() {
        let text = "| Task | Human Estimate (h) | Claude Time (min) | Sup. (min) | Tokens (k) | Leverage Factor |\n\
                    |---|---|---|---|---|---|\n| A | 2 | 5 | 3 | 45 | 24x |\n| B | 1.5h | 30 | | 1.2M | 3x |\n";
        let file = parse("content/records/2026-11-24.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        let tasks: Vec<_> = record.tasks().collect();
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[0].figures.human().get(), 120.0);
        assert_eq!(tasks[0].figures.ai().get(), 5.0);
        assert_eq!(tasks[0].figures.supervisory().map(|m| m.get()), Some(3.0));
        assert_eq!(tasks[0].figures.tokens().map(|t| t.count), Some(45_000));
        assert_eq!(tasks[1].figures.human().get(), 90.0, "a cell with its own unit keeps it");
        assert_eq!(tasks[1].figures.tokens().map(|t| t.count), Some(1_200_000));
        assert_eq!(record.tables[0].ai_label, "Claude");
        assert!(tasks[0].stated_leverage.is_some(), "`Leverage Factor` is the stated leverage");
    }

    #[test]
    fn a_header_s_note_is_left_out_of_the_match_and_an_unknown_unit_is_said() {
        let text = "| Task (short description) | Human Hours | Claude Time (wall-clock) | Tokens (k) |\n\
                    |---|---|---|---|\n| A | 40 | 5min | ~45 |\n";
        let file = parse("content/records/2026-11-24.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        let task = record.tasks().next().expect("a task");
        assert_eq!(task.figures.human().get(), 2400.0, "`Human Hours` names its unit");
        assert_eq!(task.figures.tokens(), Some(math::Tokens::approx(45_000)), "`~45` in thousands");
        let text = "| Task | Human Est. (secs) | Claude Time | Tokens (bn) |\n|---|---|---|---|\n| A | 2h | 5min | 1.5 |\n";
        let file = parse("content/records/2026-11-24.md", text);
        let messages: Vec<&str> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("`Human Est. (secs)`: seconds are no unit of a duration here"),
            "{messages:?}"
        );
        let ms = "| Task | Human Est. | Claude Time (ms) |\n|---|---|---|\n| A | 2h | 5min |\n";
        let messages: Vec<String> =
            parse("content/records/2026-11-24.md", ms).diagnostics.into_iter().map(|d| d.message).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("`Claude Time (ms)`: milliseconds are no unit of a duration here")),
            "{messages:?}"
        );
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(
            record.tasks().next().and_then(|t| t.figures.tokens()),
            Some(math::Tokens::exact(1_500_000_000))
        );
        // Any other word in parentheses is a note: no warning, and a named unit still holds.
        let text = "| Task | Human Hours (est.) | Claude (Opus) | Sup. (optional) | Tokens (approx.) |\n\
                    |---|---|---|---|---|\n| A | 40 | 5min | | 45k |\n";
        let file = parse("content/records/2026-11-24.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().next().map(|t| t.figures.human().get()), Some(2400.0));
    }

    #[test]
    fn a_task_table_whose_two_time_headers_are_not_read_is_warned() {
        let text = "| Task | Est. Hours | Agent Minutes | Tokens | Leverage |\n|---|---|---|---|---|\n| A | 2 | 5 | 45k | 24x |\n";
        let file = parse("content/records/2026-11-24.md", text);
        assert!(
            file.diagnostics.iter().any(|d| d.message.starts_with(
                "this table looks like a task table but has no human estimate column (`Human Est.`) and no AI time column"
            ) && d.message.ends_with("(its headers: `Task`, `Est. Hours`, `Agent Minutes`, `Tokens`, `Leverage`)")),
            "{:?}",
            file.diagnostics
        );
        // `Claude Code` names the agent's time.
        let file = parse(
            "content/records/2026-11-24.md",
            &text.replace("Agent Minutes", "Claude Code").replace("Est. Hours", "Est. Human"),
        );
        assert!(file.diagnostics.iter().all(|d| !d.message.contains("looks like")), "{:?}", file.diagnostics);
    }

    #[test]
    fn an_agent_named_in_a_table_below_names_the_day_s_metrics_above() {
        let text = "## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total Cursor minutes | 10min |\n\n\
                    | Task | Human Est. | Cursor Time |\n|---|---|---|\n| A | 2h | 10min |\n";
        let file = parse("content/records/2026-03-02.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let record = record(&file);
        assert_eq!(record.aggregates[0].metrics[0].kind, Some(aggregate_table::MetricKind::AiMinutes));
    }

    /// A `Metric | Value` table of something else the writer measured, under a heading of its
    /// own, is content: no false alarm for its `Total tokens`, no warning for `p99 latency`.
    /// One beside the task table, under a heading or a label naming the day's figures, or whose
    /// metrics are all the day's, is the day's aggregates, checked.
    #[test]
    fn a_metric_table_is_the_day_s_aggregates_unless_it_is_under_a_heading_of_its_own() {
        let tasks =
            "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| a | 1h | 10min | 40k |\n\n";
        let metrics = "| Metric | Value |\n|---|---|\n| Total tokens | 5M |\n| p99 latency | 120ms |\n";
        let checked = |above: &str| {
            let file = parse("content/records/2026-03-01.md", &format!("{tasks}{above}{metrics}"));
            let stated = !record(&file).aggregates.is_empty();
            let unknown =
                file.diagnostics.iter().any(|d| d.message.contains("unrecognised aggregate metric"));
            assert_eq!(stated, unknown, "{above:?}: {:?}", file.diagnostics);
            stated
        };
        assert!(!checked("## Load test of the service we built\n\n"));
        assert!(!checked("## Load test\n\nWhat we measured:\n\n"));
        assert!(!checked("Load test\n---------\n\n"), "a heading underlined");
        assert!(checked(""), "beside the task table, under no heading");
        assert!(checked("## Aggregate Stats\n\n"));
        assert!(checked("### The day's totals\n\n"));
        assert!(checked("## Day two\n\n**Aggregate Statistics**\n\n"), "a label paragraph");
        assert!(
            checked("## Day two\n\n**Aggregate Stats**\n\nMeasured with the usual script.\n\n"),
            "a note after it"
        );
        assert!(
            !checked(
                "## Load test\n\nHere are the total request numbers for the service we built today.\n\n"
            ),
            "a sentence is no label"
        );
        assert!(!checked("## Load test {#load-stats}\n\n"), "a heading's id");
        // A label is the table's below it, not the next one's too.
        let file = parse(
            "content/records/2026-03-01.md",
            &format!(
                "{tasks}## Day two\n\n**Aggregate Stats**\n\n| Metric | Value |\n|---|---|\n| Total tasks | 7 |\n\n{metrics}"
            ),
        );
        assert_eq!(record(&file).aggregates.len(), 1, "{:?}", file.diagnostics);
        // Under the heading the task table is under.
        let file = parse(
            "content/records/2026-03-01.md",
            &format!("## Tasks\n\n{tasks}{metrics}## Notes\n\n{metrics}"),
        );
        assert_eq!(record(&file).aggregates.len(), 1, "{:?}", file.diagnostics);
        // Every metric the day's: checked wherever it is.
        let file = parse(
            "content/records/2026-03-01.md",
            &format!("{tasks}## Load test\n\n| Metric | Value |\n|---|---|\n| Total tokens | 5M |\n"),
        );
        assert_eq!(record(&file).aggregates.len(), 1, "{:?}", file.diagnostics);
    }

    #[test]
    fn a_table_right_below_another_is_one_error_at_its_header() {
        let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\
                    | Task | Human Est. | Claude Time |\n|:--|---:|---|\n| B | 1h | 20min |\n";
        let file = parse("content/records/2026-03-02.md", text);
        let said: Vec<(&str, usize)> =
            file.diagnostics.iter().map(|d| (d.message.as_str(), d.span.start as usize)).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].0.contains("expected a blank line before the second table"), "{said:?}");
        assert_eq!(said[0].1, text.rfind("| Task").expect("the second header"), "at the second header");
        // A row of dashes under a row of figures is no second table's `|---|` row.
        let dashes =
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n| - | - | - |\n";
        let file = parse("content/records/2026-03-02.md", dashes);
        assert!(
            file.diagnostics.iter().all(|d| !d.message.contains("second table")),
            "{:?}",
            file.diagnostics
        );
    }

    /// A task table that markdown read as code (indented) or as part of an HTML block (right
    /// after `<div>`) is said at its header, with why, where the warning was at the body's first
    /// line and gave no reason.
    #[test]
    fn a_task_table_markdown_did_not_read_is_said_at_its_header_with_why() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 5min |\n";
        let indented: String = table.lines().map(|l| format!("    {l}\n")).collect();
        for (text, why) in [
            (format!("Intro.\n\n{indented}"), "is indented four spaces or more"),
            (
                format!("Intro.\n\n<div class=\"x\">\n{table}</div>\n"),
                "follows `<div class=\"x\">` with no blank line",
            ),
        ] {
            let file = parse("content/records/2026-03-02.md", &text);
            let said: Vec<(&str, usize)> =
                file.diagnostics.iter().map(|d| (d.message.as_str(), d.span.start as usize)).collect();
            assert_eq!(said.len(), 1, "{said:?}");
            assert!(said[0].0.contains(why), "{said:?}");
            assert_eq!(
                said[0].1,
                text.find("| Task").expect("a header") - if why.starts_with("is indented") { 4 } else { 0 }
            );
            // Below a table markdown read, the unread one is said too: its rows count nowhere.
            let below = format!("{table}\n{text}");
            let file = parse("content/records/2026-03-02.md", &below);
            let said: Vec<(&str, usize)> =
                file.diagnostics.iter().map(|d| (d.message.as_str(), d.span.start as usize)).collect();
            assert_eq!(said.len(), 1, "{said:?}");
            assert!(
                said[0].0.starts_with("this task table is not read") && said[0].0.contains(why),
                "{said:?}"
            );
            assert_eq!(record(&file).tasks().count(), 1);
        }
        // A table markdown read is never one it did not, though its rows start with `|`, nor one in
        // a list item indented four columns, whose span starts after the indent.
        let file = parse("content/records/2026-03-02.md", &format!("Intro.\n\n{table}\n{table}"));
        assert!(file.diagnostics.iter().all(|d| !d.message.contains("not read")), "{:?}", file.diagnostics);
        let listed: String = table.lines().map(|l| format!("    {l}\n")).collect();
        let text = format!("Prose with a | pipe.\n\n{table}\n1.  Part two:\n\n{listed}");
        let file = parse("content/records/2026-03-02.md", &text);
        assert_eq!(record(&file).tables.len(), 2, "both tables are read");
        assert!(file.diagnostics.iter().all(|d| !d.message.contains("not read")), "{:?}", file.diagnostics);
    }

    /// A line of prose right below a task table, with no blank line between, is read by GFM as
    /// one more row: the error says to add the blank line, where it told the writer to give a part
    /// of the day a heading. A row with its pipes and no figures is still told that.
    #[test]
    fn prose_right_below_a_task_table_is_told_to_have_a_blank_line_before_it() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 5min |\n";
        for (after, said) in [
            (
                "Prose right after.\n",
                "is read as a row of the table above, as no blank line comes between them",
            ),
            ("| **Afternoon** | | |\n", "give that part a heading and a table of its own"),
        ] {
            let file = parse("content/records/2026-03-02.md", &format!("{table}{after}"));
            let errors: Vec<&str> = file
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.message.as_str())
                .collect();
            assert!(errors.len() == 1 && errors[0].contains(said), "{errors:?}");
        }
    }

    /// An Aggregate Stats table right below a task table, with no blank line between: one error
    /// at its header, where each of its cells was an error of a figure that did not read. The
    /// task table's own rows still count.
    #[test]
    fn an_aggregate_table_right_below_a_task_table_is_one_error_at_its_header() {
        let text = "| Task | Human Est. | Claude Time | Tokens | Leverage |\n|---|---|---|---|---|\n\
                    | Build parser | 4h | 10min | 45k | 24x |\n| Metric | Value |\n|---|---|\n| Total tasks | 2 |\n";
        let file = parse("content/records/2026-03-02.md", text);
        let said: Vec<(&str, usize)> =
            file.diagnostics.iter().map(|d| (d.message.as_str(), d.span.start as usize)).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].0.contains("header of an Aggregate Stats table"), "{said:?}");
        assert_eq!(said[0].1, text.find("| Metric").expect("the glued header"));
        assert_eq!(record(&file).tasks().count(), 1);
    }

    #[test]
    fn a_footnote_mark_in_a_task_table_is_warned_of_at_the_mark() {
        let text = "Intro[^a].\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Note[^b] [^none] | 2h [^c] | 10min |\n\n\
                    | Tool | Note |\n|---|---|\n| X | see[^d] |\n\n[^a]: a\n[^b]: b\n[^c]: c\n[^d]: d\n";
        let file = parse("content/records/2026-03-02.md", text);
        let marks = flagged(&file, text, "a footnote mark in a task table is no footnote there");
        // Not the prose's, the plain table's, or a mark with no note (which is text as written).
        assert_eq!(marks, ["[^b]", "[^c]"], "{:?}", file.diagnostics);
        assert_eq!(record(&file).tasks().next().map(|t| t.figures.human().get()), Some(120.0));
    }

    /// A definition no mark names is left out of the page, as GitHub leaves it out: a warning
    /// at its label. A mark matches its definition whatever the case, as the parser matches.
    #[test]
    fn a_footnote_no_mark_names_is_warned_of() {
        let text = "Intro [^Used] and [^cell].\n\n[^used]: kept\n[^never]: left out\n> [^quoted too]: left out\n\n\
                    [^cell]: named in the prose\n";
        let file = parse("content/about.md", text);
        let left = flagged(&file, text, "no mark in the text refers to footnote");
        assert_eq!(left, ["[^never]:", "[^quoted too]:"], "{:?}", file.diagnostics);
        assert!(
            file.diagnostics.iter().any(|d| d.message.contains("expected `[^never]` where the note belongs"))
        );
    }

    /// A note whose only marks are its own, or in a note left out, or in a stats table the page
    /// writes from its figures, is left out and warned of; a second definition of a label too.
    #[test]
    fn footnotes_the_page_leaves_out_are_warned_of() {
        let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n## Aggregate Stats\n\n\
                    | Metric | Value |\n|---|---|\n| Total tasks | 1 [^stats] |\n\nShown [^shown].\n\n\
                    [^shown]: see [^chained]\n[^chained]: reached\n[^self]: see [^self]\n[^dropped]: see [^lost]\n\
                    [^lost]: lost\n[^stats]: s\n[^SHOWN]: again\n";
        let file = parse("content/records/2026-03-02.md", text);
        let left = flagged(&file, text, "no mark in the text refers to footnote");
        assert_eq!(left, ["[^self]:", "[^dropped]:", "[^lost]:", "[^stats]:"], "{:?}", file.diagnostics);
        let again = flagged(&file, text, "is defined on line");
        assert_eq!(again, ["[^SHOWN]:"], "{:?}", file.diagnostics);
    }

    #[test]
    fn a_breakdown_or_a_comparison_table_is_no_near_miss() {
        let tasks = "| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| A | Resume | 2h | 10min |\n\n";
        // A breakdown of the day by workstream, and a comparison in words.
        for other in [
            "| Workstream | Tasks | Human Est. | Claude Time | Leverage |\n|---|---|---|---|---|\n| Resume | 1 | 2h | 10min | 12x |\n",
            "| Aspect | Human | Claude |\n|---|---|---|\n| Speed | slow | fast |\n",
        ] {
            let file = parse("content/records/2026-03-01.md", &format!("{tasks}{other}"));
            assert!(file.diagnostics.is_empty(), "{other}: {:?}", file.diagnostics);
            assert_eq!(record(&file).tasks().count(), 1);
        }
        // Times written as durations without a task column are a near miss, but a column of
        // counts is not offered as the task column: named so, it would add tasks `2` and `1`.
        let counts =
            "| Day | Tasks | Human Est. | Claude Time |\n|---|---|---|---|\n| Mon | 2 | 6h | 30min |\n";
        let file = parse("content/records/2026-03-01.md", &format!("{tasks}{counts}"));
        let said: Vec<&str> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            said.len() == 1
                && said[0].starts_with("this table looks like a task table but has no task column")
                && !said[0].contains("meant as"),
            "{said:?}"
        );
        let file = parse(
            "content/records/2026-03-01.md",
            &format!("{tasks}{}", counts.replace("| 2 |", "| Fix it |")),
        );
        assert!(
            file.diagnostics.iter().any(|d| d.message.contains("is `Tasks` meant as `Task`?")),
            "{:?}",
            file.diagnostics
        );
        // Task tables gone wrong stay near misses: bare numbers in a header's unit are times, and
        // a slip of a required header counts beside a Workstream column too.
        for (table, slip) in [
            (
                "| Task | Humna Est. (h) | Claude Time (min) |\n|---|---|---|\n| B | 3 | 15 |\n",
                "Humna Est. (h)",
            ),
            (
                "| Task | Human Est. (h) | Cluade Tiem (min) |\n|---|---|---|\n| B | 3 | 15 |\n",
                "Cluade Tiem (min)",
            ),
            (
                "| Project | Tsak | Human Est. | Claude Time |\n|---|---|---|---|\n| Resume | Fix the parser | 3h | 15min |\n",
                "Tsak",
            ),
        ] {
            let file = parse("content/records/2026-03-01.md", &format!("{tasks}{table}"));
            assert!(
                file.diagnostics.iter().any(|d| d.message.contains("looks like a task table")
                    && d.message.contains(&format!("`{slip}`"))),
                "{table}: {:?}",
                file.diagnostics
            );
        }
    }

    /// Two headings given one id: the second is warned about at its `#id`, naming the first's
    /// line; ids given once, or made from the text, say nothing.
    #[test]
    fn a_heading_id_given_twice_is_warned_about_at_the_second() {
        let text = "+++\ntitle = \"About\"\n+++\n# Intro {#top}\n\n## Setup\n\n## Setup\n\n## Again { #top .wide }\n\n## Other {#other}\n\nLast {#top-2}\n---\n";
        let file = parse("content/about.md", text);
        let found: Vec<(&str, &str)> =
            file.diagnostics.iter().map(|d| (&text[d.span.range()], d.message.as_str())).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "#top", "at the id in the second heading's attributes");
        // `top-2` is taken (by the underlined heading): the suggestion is the next free one.
        assert_eq!(
            found[0].1,
            "heading id `top` is already the id of the heading on line 4, where a link to `#top` leads: \
             expected an id of its own, such as `{#top-3}`"
        );
        let underlined = format!("{text}\nEnd {{#other}}\n===\n");
        let file = parse("content/about.md", &underlined);
        let spans: Vec<&str> = file.diagnostics.iter().map(|d| &underlined[d.span.range()]).collect();
        assert_eq!(spans, ["#top", "#other"], "an underlined heading's id is found on its line of text");
        assert_eq!(file.diagnostics[0].span.start as usize, text.find("#top .wide").expect("there"));
    }

    /// An id given by hand that the page holds already, the theme's (`main`, the skip link's
    /// target) or a footnote's (`fn:1`), is warned of: the page held two elements with one id.
    #[test]
    fn a_heading_id_the_page_holds_already_is_warned_about() {
        let text = "# Intro {#main}\n\n## Sums {#fn:1}\n\n## Back {#fnref:2}\n\n## Mine {#mine}\n";
        let options = Options { taken_id: |id| id == "main", ..Options::default() };
        let file = parse_with("content/about.md", text, &options);
        let found: Vec<&str> = file.diagnostics.iter().map(|d| &text[d.span.range()]).collect();
        assert_eq!(found, ["#main", "#fn:1", "#fnref:2"], "{:?}", file.diagnostics);
        assert!(file.diagnostics[0].message.contains("is the id of an element of the theme's page itself"));
        assert!(file.diagnostics[1].message.contains("has the form of a footnote's id"));
    }

    #[test]
    fn a_task_logged_twice_is_warned_about_at_its_second_row() {
        let text = "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| A | 2h | 5min | 1k |\n\
                    | B | 2h | 5min | 1k |\n| A | 2h | 5min | 1k |\n| A | 2h | 6min | 1k |\n| A | 2h | 5min | |\n";
        let file = parse("content/records/2026-11-05.md", text);
        let repeats: Vec<(&str, &str)> = file
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("repeats"))
            .map(|d| (&text[d.span.range()], d.message.as_str()))
            .collect();
        assert_eq!(repeats.len(), 1, "other times or another task are other work: {repeats:?}");
        assert_eq!(repeats[0].0, "| A | 2h | 5min | 1k |");
        assert!(
            repeats[0].1.starts_with("this row repeats the task and times of line 3,"),
            "{}",
            repeats[0].1
        );
        assert_eq!(
            file.diagnostics[0].span.start as usize,
            text.find("| A | 2h | 5min | 1k |\n| A | 2h | 6min").expect("there")
        );
        // The same task in another workstream or repository is other work; its number is no matter.
        let other = "| # | Task | Workstream | Repo | Human Est. | Claude Time |\n|---|---|---|---|---|---|\n\
                     | 1 | Bump deps | alpha | api | 30min | 2min |\n| 2 | Bump deps | beta | api | 30min | 2min |\n\
                     | 3 | Bump deps | alpha | web | 30min | 2min |\n| 4 | Bump deps | alpha | api | 30min | 2min |\n";
        let file = parse("content/records/2026-11-05.md", other);
        let repeats = flagged(&file, other, "repeats");
        assert_eq!(repeats, ["| 4 | Bump deps | alpha | api | 30min | 2min |"]);
        // Or for another agent.
        let agents = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Port it | 4h | 20min |\n\n\
                      | Task | Human Est. | Codex Time |\n|---|---|---|\n| Port it | 4h | 20min |\n";
        let file = parse("content/records/2026-11-05.md", agents);
        assert!(!file.diagnostics.iter().any(|d| d.message.contains("repeats")), "{:?}", file.diagnostics);
        // A day of many tasks is read the same way.
        let mut many = String::from("| Task | Repo | Human Est. | Claude Time |\n|---|---|---|---|\n");
        for i in 0..100 {
            many.push_str(&format!("| Task {i} | api | 1h | 5min |\n"));
        }
        many.push_str("| Task 3 | web | 1h | 5min |\n| Task 3 | api | 1h | 5min |\n");
        let file = parse("content/records/2026-11-05.md", &many);
        let repeats = flagged(&file, &many, "repeats");
        assert_eq!(repeats, ["| Task 3 | api | 1h | 5min |"]);
    }

    #[test]
    fn rows_a_blank_line_cuts_off_from_their_task_table_are_warned_about() {
        let cut = |text: &str| -> Vec<String> {
            let file = parse("content/records/2026-11-25.md", text);
            file.diagnostics
                .iter()
                .filter(|d| d.message.contains("a blank line ends that table"))
                .map(|d| text[d.span.range()].to_string())
                .collect()
        };
        let table = "| # | Task | Human Est. | Claude Time |\n|---|---|---|---|\n| 1 | A | 5h | 30min |\n";
        let rows = "| 2 | B | 2.5h | 20m |\n| 3 | C \\| D | 1h | 5min |\n";
        assert_eq!(cut(&format!("{table}\n{rows}")), ["| 2 | B | 2.5h | 20m |"]);
        assert_eq!(cut(&format!("{table}\n\n  \n{rows}")), ["| 2 | B | 2.5h | 20m |"], "any blank lines");
        let file = parse("content/records/2026-11-25.md", &format!("{table}\n{rows}"));
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().count(), 1, "markdown reads one row, and the warning says why");
        // A row with its last empty cell left off, or one cell more, without the leading pipe,
        // and rows after a second gap, or in a blockquote.
        assert_eq!(cut(&format!("{table}\n| 2 | B | 2.5h |\n")), ["| 2 | B | 2.5h |"]);
        assert_eq!(cut(&format!("{table}\n| 2 | B | 2.5h | 20m | x |\n")), ["| 2 | B | 2.5h | 20m | x |"]);
        assert_eq!(cut(&format!("{table}\n2 | B | 2.5h | 20m\n")), ["2 | B | 2.5h | 20m"]);
        assert_eq!(
            cut(&format!("{table}\n{rows}\n| 4 | D | 1h | 6min |\n")),
            ["| 2 | B | 2.5h | 20m |", "| 4 | D | 1h | 6min |"]
        );
        let quoted = "> | Task | Human Est. | Claude Time |\n> |---|---|---|\n> | A | 5h | 30min |\n>\n> | B | 1h | 5min |\n";
        assert_eq!(cut(quoted), ["| B | 1h | 5min |"]);
        // Prose between them, or rows of another shape, are the writer's own.
        assert!(cut(&format!("{table}\nThe rest:\n\n{rows}")).is_empty());
        assert!(cut(&format!("{table}\n| a | b |\n")).is_empty());
        assert!(cut(&format!("{table}\nSee a | b for more.\n")).is_empty());
        let three = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 5h | 30min |\n";
        assert!(cut(&format!("{three}\nRan `grep x | wc -l` after it.\n")).is_empty(), "one pipe in prose");
        assert!(
            cut(&format!(
                "{table}\nRan `grep x | sort | uniq -c` after it.\n\nThen `a | b` and `c | d` pipelines.\n"
            ))
            .is_empty(),
            "pipes in code"
        );
        // A walk up to the table passes over blank lines and rows, not prose.
        assert!(cut(&format!("{table}\nsee a | b\n\n{rows}")).is_empty(), "prose between");
        assert!(cut(&format!("{table}{rows}")).is_empty(), "one table");
    }

    #[test]
    fn a_pasted_table_that_markdown_reads_as_a_paragraph_is_warned_about() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 5min |\n";
        let messages = |text: &str| -> Vec<(String, String)> {
            let file = parse("content/records/2026-11-24.md", text);
            file.diagnostics
                .iter()
                .filter(|d| d.message.contains("looks like a task table"))
                .map(|d| (text[d.span.range()].to_string(), d.message.clone()))
                .collect()
        };
        // No delimiter row, after a task table that reads: its rows would silently not count.
        let pasted = "| Task | Human Est. | Claude Time | Tokens |\n| Write notes | 1h | 4min | 8k |\n";
        let found = messages(&format!("{table}\nLater:\n\n{pasted}"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "| Task | Human Est. | Claude Time | Tokens |", "the header line");
        assert!(found[0].1.contains("has no delimiter row under its header"), "{}", found[0].1);
        assert!(found[0].1.ends_with("add `| --- | --- | --- | --- |` as its second line"), "{}", found[0].1);
        // A delimiter row with a cell too few: GFM reads no table either.
        let short = "| Task | Human Est. | Claude Time |\n|---|---|\n| A | 1h | 4min |\n";
        let found = messages(short);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("its delimiter row has 2 cells where its header has 3"),
            "{}",
            found[0].1
        );
        // As many cells, one of them no delimiter cell (a colon without a dash): said so, not
        // "3 cells where its header has 3".
        let split = "| Task | Human Est. | Claude Time |\n|---|:|---|\n| A | 1h | 4min |\n";
        let found = messages(split);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("markdown does not read its delimiter row `|---|:|---|`"),
            "{}",
            found[0].1
        );
        // Inside a blockquote the next line carries its `>`; a thematic break is no delimiter row.
        let quoted = "> | Task | Human Est. | Claude Time |\n> |---|---|\n> | A | 1h | 4min |\n";
        let found = messages(quoted);
        assert!(found[0].1.contains("its delimiter row has 2 cells"), "{found:?}");
        let ruled = "| Task | Human Est. | Claude Time |\n- - -\n";
        assert!(messages(ruled)[0].1.contains("has no delimiter row"), "{:?}", messages(ruled));
        // Without its outer pipes, as GFM also reads a table.
        let bare = "Task | Human Est. | Claude Time\nA | 1h | 4min\n";
        let found = messages(bare);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Task | Human Est. | Claude Time");
        assert!(found[0].1.ends_with("add `| --- | --- | --- |` as its second line"), "{}", found[0].1);
        // Prose with a pipe in it is no table, nor is a sentence quoting a header.
        assert!(messages("Either this | or that, in an hour.\n").is_empty());
        assert!(messages("`| Task | Human Est. | Claude Time |` is the header I use.\n").is_empty());
        assert!(messages("*Task | Human Est. | Claude Time*\n\nMore.\n").is_empty());
        // A spreadsheet's tab-separated rows, with CRLF line ends.
        let tabs = "Task\tHuman Est.\tClaude Time\r\nWrite notes\t1h\t4min\r\n";
        let found = messages(&format!("{table}\n{tabs}"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Task\tHuman Est.\tClaude Time");
        assert!(found[0].1.contains("pasted as tab-separated text"), "{}", found[0].1);
        // The same warning stands alone when the record has no other table: no second one.
        let file = parse("content/records/2026-11-24.md", pasted);
        assert!(
            file.diagnostics.iter().all(|d| !d.message.contains("no task table")),
            "{:?}",
            file.diagnostics
        );
        // Pipes and tabs in prose, and a pasted table of something else, say nothing.
        for text in ["| not | a | task table |\n| x | y | z |\n", "Time\tSpent\nA\tB\n", "a | b | c\n"] {
            assert!(messages(&format!("{table}\n{text}")).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_post_s_page_text_pasted_in_says_import_reads_it() {
        // As the sample post is kept: its page's text, the table's cells apart by spaces.
        let text = "+++\ndate = 2026-02-28\n+++\nTask Log\n\nTask Human Est. Claude Time Tokens Leverage\n\
                    Resume generator 40h 20min 125k 120x\n";
        let file = parse("content/records/2026-02-28.md", text);
        let import = "no task table: this line reads as a task table's header copied from a page as text";
        assert_eq!(flagged(&file, text, import), ["Task Human Est. Claude Time Tokens Leverage"]);
        assert_eq!(flagged(&file, text, "`leverage import FILE.txt` makes a record of").len(), 1);
        // An AI label of two words, as site.toml may name one.
        let options =
            Options { ai_labels: vec!["Claude".into(), "Claude Code".into()], ..Options::default() };
        let text = "+++\ndate = 2026-02-28\n+++\nTask Human Est. Claude Code Time Leverage\nA 2h 5min 24x\n";
        let file = parse_with("content/records/2026-02-28.md", text, &options);
        assert_eq!(flagged(&file, text, "no task table"), ["Task Human Est. Claude Code Time Leverage"]);
        // Prose that starts with the word, or a header with no AI column, is no such line.
        for body in ["Task list for the human reviewers of Claude's work.\n", "Task Human Est. Notes\n"] {
            let text = format!("+++\ndate = 2026-02-28\n+++\n{body}");
            let file = parse("content/records/2026-02-28.md", &text);
            let said = file.diagnostics.iter().find(|d| d.message.contains("no task table")).expect("said");
            assert!(
                said.message
                    .ends_with("expected a table with a task, a human estimate and an AI time column")
            );
        }
    }

    #[test]
    fn the_scaffold_s_placeholder_left_in_a_record_is_warned_about() {
        let text = crate::edit::new_record(
            None,
            "2026-11-24",
            &crate::edit::TableHead::of_cells(&["Task", "Human Est.", "Claude"]),
        ) + "| A | 1h | 5min |\n";
        let file = parse("content/records/2026-11-24.md", &text);
        let warning = file.diagnostics.iter().find(|d| d.message.contains("placeholder")).expect("a warning");
        assert_eq!(&text[warning.span.range()], crate::edit::PLACEHOLDER);
        assert!(warning.message.contains("it would be the summary on the home page and in the feed"));
        let written = text.replace(crate::edit::PLACEHOLDER, "Shipped the parser.");
        let file = parse("content/records/2026-11-24.md", &written);
        assert!(
            file.diagnostics.iter().all(|d| !d.message.contains("placeholder")),
            "{:?}",
            file.diagnostics
        );
    }

    #[test]
    fn a_slug_is_composed_whether_its_name_was_or_not() {
        // `ö` decomposed (as macOS may write a file's name) and composed: one slug, no error.
        for path in
            ["content/records/2026-03-08-gro\u{308}sse.md", "content/records/2026-03-08-gr\u{f6}sse.md"]
        {
            let file = parse(path, "Hello.\n");
            assert!(file.diagnostics.iter().all(|d| d.severity != Severity::Error), "{:?}", file.diagnostics);
            assert_eq!(file.document.expect("a document").slug, "2026-03-08-gr\u{f6}sse");
        }
        let file = parse("content/notes/cafe\u{301}.md", "+++\nslug = \"men\u{303}u\"\n+++\nHello.\n");
        assert_eq!(file.document.expect("a document").slug, "me\u{f1}u");
        let file = parse("content/notes/cafe\u{301}.md", "Hello.\n");
        assert_eq!(file.document.expect("a document").slug, "notes/caf\u{e9}");
        // A name that is no slug for another reason is made one, and offered a rename, in
        // composed form.
        let file = parse("content/records/2026-03-08 gro\u{308}sse.md", "Hello.\n");
        let warning = file.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning");
        assert!(
            warning.message.contains("rename the file (`2026-03-08-gr\u{f6}sse.md`)"),
            "{}",
            warning.message
        );
        assert_eq!(file.document.expect("a document").slug, "2026-03-08-gr\u{f6}sse");
    }

    /// A file's name with characters no URL takes (a space, `+`, a sync tool's `(conflicted copy)`)
    /// gives the slug made safe, as Zola makes it, with a warning that says so and how to rename the
    /// file: the build stopped on it, though the file follows the content format.
    #[test]
    fn a_file_name_that_is_no_slug_is_made_one_and_told_how_to_rename_it() {
        let file = parse("content/records/2026-12-08 (conflicted copy).md", "Hello.\n");
        assert!(file.diagnostics.iter().all(|d| d.severity == Severity::Warning), "{:?}", file.diagnostics);
        assert_eq!(
            file.diagnostics[0].message,
            "the slug `2026-12-08 (conflicted copy)` from the file's name is made `2026-12-08-conflicted-copy`, as it \
             has characters that are not safe in a URL: rename the file (`2026-12-08-conflicted-copy.md`) to say so, \
             remove it if it is a copy, or set `slug` in its front matter"
        );
        let document = file.document.expect("a document");
        assert_eq!(
            (document.slug.as_str(), document.date),
            ("2026-12-08-conflicted-copy", NaiveDate::from_ymd_opt(2026, 12, 8))
        );
        assert_eq!(
            parse("content/records/2026-03-04-a+b.md", "Hi.\n").document.expect("a document").slug,
            "2026-03-04-a-b"
        );
        // A folder's name is the slip: it is named.
        let file = parse("content/my notes/setup.md", "Hello.\n");
        assert!(
            file.diagnostics[0].message.ends_with("from the folder `my notes` is made `my-notes/setup`, as it has characters that are not safe in a URL: rename it (`my-notes`) to say so, or set `slug` in the front matter"),
            "{}",
            file.diagnostics[0].message
        );
        // A slug written in the front matter is the writer's: no word of the file name.
        let file = parse("content/about.md", "+++\nslug = \"a b\"\n+++\n");
        let error = file.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("an error");
        assert!(error.message.ends_with("not safe in a URL"), "{}", error.message);
    }

    #[test]
    fn a_record_takes_its_date_from_the_file_name() {
        let file = parse("content/records/2026-02-28.md", "Hello.\n");
        let doc = file.document.as_ref().expect("document");
        assert_eq!(doc.title, "Leverage Record: February 28, 2026");
        assert_eq!(doc.slug, "2026-02-28");
        assert_eq!(doc.summary.as_deref(), Some("Hello."));
    }

    /// A second record of a day is told apart in its title by what its name adds to the date.
    #[test]
    fn a_record_named_beyond_its_date_says_so_in_its_title() {
        for (path, text, title) in [
            ("content/records/2026-02-28-evening.md", "", "Leverage Record: February 28, 2026 (Evening)"),
            ("content/records/2026-02-28_part-2.md", "", "Leverage Record: February 28, 2026 (Part 2)"),
            ("content/records/2026-02-28-über/index.md", "", "Leverage Record: February 28, 2026 (Über)"),
            ("content/records/2026-02-28-.md", "", "Leverage Record: February 28, 2026"),
            ("content/records/2026-02-28.v2.md", "", "Leverage Record: February 28, 2026 (V2)"),
            ("content/records/2026-02-28-ßtraße.md", "", "Leverage Record: February 28, 2026 (ßtraße)"),
            // A date of its own in front matter: the name says nothing of that day.
            (
                "content/records/2026-02-28-notes.md",
                "+++\ndate = 2026-03-01\n+++\n",
                "Leverage Record: March 1, 2026",
            ),
            (
                "content/records/nov-09.md",
                "+++\ndate = 2026-11-09\n+++\n",
                "Leverage Record: November 9, 2026",
            ),
            // A title of the writer's is kept as written.
            ("content/records/2026-02-28-evening.md", "+++\ntitle = \"Late\"\n+++\n", "Late"),
        ] {
            let file = parse(path, &format!("{text}Hello.\n"));
            assert_eq!(file.document.as_ref().expect("document").title, title, "{path}");
        }
    }

    #[test]
    fn a_summary_in_front_matter_is_shown_as_its_plain_text() {
        for (summary, shown) in [
            (
                "A *custom* summary with [link](https://x.org) and `code`",
                "A custom summary with link and code",
            ),
            ("Fish &amp; chips, C# and F#", "Fish & chips, C# and F#"),
            ("1. a list", "1. a list"),
            ("Switched to Vec<u8> input", "Switched to Vec<u8> input"),
            ("A *fast* Vec<u8> parser", "A fast Vec<u8> parser"),
            ("Plain words", "Plain words"),
        ] {
            let text = format!("+++\nsummary = \"{summary}\"\n+++\n\nHello.\n");
            let file = parse("content/records/2026-02-28.md", &text);
            let doc = file.document.expect("a document");
            assert_eq!(doc.summary.as_deref(), Some(shown), "{summary}");
        }
    }

    #[test]
    fn a_blank_summary_in_front_matter_is_none() {
        for summary in ["\"\"", "\"   \""] {
            let file =
                parse("content/records/2026-02-28.md", &format!("+++\nsummary = {summary}\n+++\n\nHello.\n"));
            let doc = file.document.as_ref().expect("document");
            assert_eq!(doc.summary, None, "{summary}");
        }
    }

    #[test]
    fn a_record_whose_table_is_not_a_task_table_is_warned_at_the_table() {
        let text = "+++\n+++\n\n| Task | Hours (human) | Agent minutes |\n|---|---|---|\n| A | 2 | 5 |\n";
        let file = parse("content/records/2026-11-24.md", text);
        let warning =
            file.diagnostics.iter().find(|d| d.message.contains("no task table")).expect("a warning");
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(
            &text[warning.span.range()],
            "| Task | Hours (human) | Agent minutes |",
            "the header line"
        );
        assert!(
            warning
                .message
                .contains("since it has no human estimate column (`Human Est.`) and no AI time column"),
            "{}",
            warning.message
        );
        assert!(
            warning.message.ends_with("; its headers are `Task`, `Hours (human)`, `Agent minutes`"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn a_near_miss_names_the_one_column_it_lacks() {
        for (header, lacks) in [
            ("| Tsk | Human Est. | Claude Time |", "no task column (`Task`)"),
            ("| Task | Humn Est. | Claude Time |", "no human estimate column (`Human Est.`)"),
            ("| Task | Human Est. | Claud Tme |", "no AI time column (`Claude Time`"),
        ] {
            let text = format!("{header}\n|---|---|---|\n| A | 2h | 5min |\n");
            let file = parse("content/records/2026-11-24.md", &text);
            let said: Vec<&str> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
            assert!(
                said.iter().any(|m| m.starts_with("this table looks like a task table but has") && m.contains(lacks)),
                "{header}: {said:?}"
            );
        }
    }

    /// A second table of tasks under headers of another language (or of its own) is said beside
    /// the record's task table, whose figures it is not in; a table of durations with no words
    /// (a plan against the day) or of one duration column is not.
    #[test]
    fn a_task_table_under_headers_of_its_own_beside_one_read_is_said() {
        let read = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Suche | 6h | 12min |\n\n";
        for (table, said) in [
            ("| Aufgabe | Mensch | KI-Zeit |\n|---|---|---|\n| Migration | 20h | 10min |\n", true),
            ("| タスク | 人間 | Claude | トークン |\n|---|---|---|---|\n| 移行 | 2h | 10min | 5k |\n", true),
            // A count of tasks, a factor and an empty cell are no words.
            (
                "| # | Planned | Actual | Factor |\n|---|---|---|---|\n| 1 | 2h | 1h 30min | 1.3x |\n| 2 | 1h | | |\n",
                false,
            ),
            ("| Phase | Took |\n|---|---|\n| Review | 2h |\n", false),
            ("| Phase | Start | End |\n|---|---|---|\n| Review | 9:00 | 11:00 |\n", false),
            // English headers of the writer's own, and counts of zero, are the writer's tables.
            ("| Step | Before | After |\n|---|---|---|\n| Build | 12min | 4min |\n", false),
            ("| Aufgabe | Fehlgeschlagen | Übersprungen |\n|---|---|---|\n| unit | 0 | 0 |\n", false),
            ("| Tâche | Humain (estimé) | Temps IA |\n|---|---|---|\n| Migration | 2h | 10min |\n", true),
            // A word of another language inside an English one is none (`Personal`).
            ("| Distance | Personal best | Today |\n|---|---|---|\n| 5k | 22min | 24min |\n", false),
        ] {
            let file = parse("content/records/2026-11-24.md", &format!("{read}{table}"));
            let messages: Vec<&str> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
            assert_eq!(record(&file).tasks().count(), 1, "{table}");
            assert_eq!(
                messages.iter().any(|m| m.starts_with("this table looks like a task table")),
                said,
                "{table}: {messages:?}"
            );
        }
    }

    /// A German writer's `1.500` under `Tokens (k)` is read as 1.5 thousand, and said at its cell.
    #[test]
    fn a_dot_that_may_separate_thousands_is_said_at_its_cell() {
        let text = "| Task | Human Est. | Claude Time | Tokens (k) |\n|---|---|---|---|\n| Suche | 6h | 12min | 1.500 |\n";
        let file = parse("content/records/2026-11-24.md", text);
        let warning =
            file.diagnostics.iter().find(|d| d.message.contains("decimal point")).expect("a warning");
        assert_eq!(&text[warning.span.range()], "1.500");
        assert_eq!(
            record(&file).tasks().next().and_then(|t| t.figures.tokens()),
            Some(math::Tokens::exact(1500))
        );
    }

    /// Marks of direction an editor of Arabic types unseen beside a figure are left out of it;
    /// an override, which shows the figure in another order than it is read, is named.
    #[test]
    fn marks_of_direction_beside_figures_are_left_out() {
        let text = "| Task | Human Est. | Claude Time | Tokens | Factor |\n|---|---|---|---|---|\n\
                    | ترجمة | \u{200F}2h | 10min\u{200F} | \u{061C}5k | 12x\u{200E} |\n";
        let file = parse("content/records/2026-11-24.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let task = record(&file).tasks().next().map(|t| t.figures.tokens());
        assert_eq!(task, Some(Some(math::Tokens::exact(5000))));
        let file = parse("content/records/2026-11-24.md", &text.replace("\u{200F}2h", "\u{202E}2h"));
        assert!(
            file.diagnostics.iter().any(|d| d.message.contains("U+202E RIGHT-TO-LEFT OVERRIDE")),
            "{:?}",
            file.diagnostics
        );
    }

    /// A Hugo user's post in `content/posts/`, dated in its front matter, is a page: its task
    /// table and its tags are said to count nowhere.
    #[test]
    fn a_dated_post_with_tasks_outside_the_records_is_said_to_be_a_page() {
        let text = "+++\ntitle = \"Feb 28\"\ndate = 2026-02-28\ntags = [\"rust\", \"cli\"]\n+++\n\n\
                    | Task | Human Est. | Claude Time |\n|---|---|---|\n| X | 40h | 20min |\n";
        let file = parse("content/posts/feb-28-record.md", text);
        let said: Vec<(&str, &str)> =
            file.diagnostics.iter().map(|d| (&text[d.span.range()], d.message.as_str())).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].0 == "\"rust\", \"cli\"" && said[0].1.starts_with("a page has no tags"), "{said:?}");
        assert!(said[1].1.starts_with("this file is dated and holds a task table"), "{said:?}");
        // An undated page of a table of tasks, an about page's, is a page, said nothing.
        let file =
            parse("content/about.md", &text.replace("date = 2026-02-28\ntags = [\"rust\", \"cli\"]\n", ""));
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    }

    /// A title made of a file's name leaves out the characters no page can show.
    #[test]
    fn a_title_of_a_file_s_name_is_one_a_page_can_show() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
        let file = parse("content/records/2026-03-03-a\u{1}\u{1b}b.md", table);
        let title = file.document.as_ref().map(|d| d.title.as_str());
        assert_eq!(title, Some("Leverage Record: March 3, 2026 (Ab)"));
        let file = parse("content/notes\u{7}.md", "No heading.\n");
        assert_eq!(file.document.as_ref().map(|d| d.title.as_str()), Some("notes"));
    }

    #[test]
    fn a_record_without_tables_is_warned_at_its_first_line_of_text() {
        let text = "+++\ntitle = \"T\"\n+++\n\n\nJust prose.\n";
        let file = parse("content/records/2026-11-24.md", text);
        let warning =
            file.diagnostics.iter().find(|d| d.message.contains("no task table")).expect("a warning");
        assert_eq!(&text[warning.span.range()], "Just prose.");
    }

    #[test]
    fn a_record_without_a_date_is_an_error() {
        let file = parse("content/records/notes.md", "Hello.\n");
        assert!(file.document.is_none());
        assert_eq!(
            file.diagnostics[0].message,
            ContentError::MissingDate { span: Span::file_start(FileId(0)) }.to_string()
        );
    }

    #[test]
    fn pages_take_their_path_and_first_heading() {
        let file = parse("content/notes/setup.md", "# Setting up\n\nText.\n");
        let doc = file.document.expect("document");
        assert_eq!((doc.slug.as_str(), doc.title.as_str()), ("notes/setup", "Setting up"));
        assert_eq!(doc.kind, DocumentKind::Page);
    }

    #[test]
    fn reads_the_later_layout_with_supervisory_time() {
        let text = "+++\ndate = 2026-03-10\n+++\n\n| # | Task | Human Est. | Claude | Sup. | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|\n| 1 | Build | 8h | 12min | 30min | 40x | 16x |\n| 2 | Fix | 2h | 10min | | 12x | |\n";
        let file = parse("content/records/x.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let record = record(&file);
        assert_eq!(record.tables[0].ai_label, "Claude");
        let tasks: Vec<_> = record.tasks().collect();
        assert_eq!(tasks[0].figures.supervisory().map(math::Minutes::get), Some(30.0));
        assert_eq!(tasks[0].stated_supervisory_leverage.as_ref().map(|c| c.value.value), Some(16.0));
        assert_eq!(tasks[1].figures.supervisory(), None);
        assert_eq!(tasks[0].figures.supervisory_leverage().map(|l| l.get()), Some(16.0));
    }

    #[test]
    fn reads_the_weeks_layout() {
        let text = "| # | Task | Human Est. | Claude | Weeks | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|\n| 1 | Build | 40h | 20min | 1.0 | 120x | |\n";
        let file = parse("content/records/2026-03-01.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let task = record(&file).tasks().next().expect("one task").clone();
        assert_eq!(task.stated_weeks.map(|c| c.value.value), Some(1.0));
    }

    #[test]
    fn reads_the_lf_slf_layout() {
        let text = "| # | Task | Human Est. | Claude | Supv. | LF | SLF |\n|---|---|---|---|---|---|---|\n| 1 | Build | 4h | 6min | 12min | 40x | 20x |\n";
        let file = parse("content/records/2026-03-02.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        assert_eq!(record(&file).tasks().count(), 1);
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported() {
        let text = "| Task | Human | AI Time | Tokens |\n|---|---|---|---|\n| A | soon | 0min | lots |\n";
        let file = parse("content/records/2026-03-03.md", text);
        let messages: Vec<_> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("found `soon`"));
        assert!(messages[1].contains("AI time above zero"));
        assert!(messages[2].contains("found `lots`"));
    }

    #[test]
    fn a_time_below_a_millionth_of_a_minute_is_said_to_round_to_zero() {
        let text = "| Task | Human | AI Time | Sup. |\n|---|---|---|---|\n| A | 1h | 0.0000001min | 0.0000004min |\n| B | 1h | 0min | 0h |\n";
        let file = parse("content/records/2026-03-03.md", text);
        let messages: Vec<_> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
        let below = ", which is below a millionth of a minute, the smallest time leverage counts";
        assert_eq!(
            messages,
            [
                format!(
                    "expected an AI time above zero, found `0.0000001min`{below}: a task needs time to have a leverage"
                ),
                format!(
                    "expected a supervisory time above zero or an empty cell, found `0.0000004min`{below}"
                ),
                "expected an AI time above zero, found `0min`: a task needs time to have a leverage"
                    .to_string(),
                "expected a supervisory time above zero or an empty cell, found `0h`".to_string(),
            ]
        );
    }

    #[test]
    fn a_short_row_with_errors_says_a_cell_is_missing_and_cells_past_the_header_are_named() {
        let text = "| Task | Human | AI Time | Tokens | Leverage |\n|---|---|---|---|---|\n| A | 2h | 5min | 24x |\n| B | 1h | 5min | 1k | 12x | note \\| more |\n| C | 1h | 5min |\n| D | 1h | 5min | 1k | 12x | |\n| E | 1h | 5min | 1k | 12x |||\n";
        let file = parse("content/records/2026-03-03.md", text);
        let found: Vec<(Severity, &str, &str)> = file
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.message.as_str(), &text[d.span.start as usize..d.span.end as usize]))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Severity::Warning,
                    "this row has 4 of the header's 5 cells: if one was left out before its end, every cell after it \
                     has moved one column to the left",
                    "| A | 2h | 5min | 24x |\n"
                ),
                (
                    Severity::Error,
                    "expected a token count like `45k`, `1.2M` or `120,000`, found `24x`",
                    "24x"
                ),
                (
                    Severity::Warning,
                    "this row has 6 cells and the header 5: `note \\| more`, past the last column, is dropped; expected a \
                     column for it in the header, or no cell",
                    "note \\| more"
                ),
            ],
            "a short row that reads (C) and empty cells past the end (D, E) are no problem"
        );
    }

    #[test]
    fn a_pipe_in_a_code_span_is_said_to_split_the_cell() {
        // The cells after it hold what the next column should: that is the one error of the row,
        // at the split cell, rather than a warning and an error for each figure it moved.
        let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Fix `a | b` | 2h | 5min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        let first = file.diagnostics.iter().min_by_key(|d| d.span.start).expect("diagnostics");
        assert_eq!(
            (
                first.severity,
                first.message.as_str(),
                &text[first.span.start as usize..first.span.end as usize]
            ),
            (
                Severity::Error,
                "this row has 4 cells and the header 3: the `|` in `Fix `a | b`` splits that cell, and every cell \
                 after it moves one column to the right; write `\\|` for a `|` that is text (one inside a code span \
                 splits it too)",
                "Fix `a | b`"
            ),
            "{:?}",
            file.diagnostics
        );
        assert_eq!(
            file.diagnostics.len(),
            1,
            "the figures it moved are that one slip: {:?}",
            file.diagnostics
        );
        assert!(!file.diagnostics.iter().any(|d| d.message.contains("past the last column")));
        // The row reads whole in its columns' units (`(h)` over a bare `2`).
        let text = "| Task | Human Est. (h) | Claude Time |\n|---|---|---|\n| Fix a|b | 2 | 5min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(file.diagnostics.iter().any(|d| d.message.contains("the `|` in `Fix a|b` splits that cell")));
        // A figure that is wrong on its own (`soon`) is no sign of a split: the cell past the
        // end is what is said.
        let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | soon | 5min | see PR |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(file.diagnostics.iter().any(|d| d.message.contains("`see PR`, past the last column")));
        assert!(!file.diagnostics.iter().any(|d| d.message.contains("splits that cell")));
        // Where the cells do not move, the cell past the end is what is said.
        let text =
            "| Task | Human Est. | Claude Time | Notes |\n|---|---|---|---|\n| Fix | 2h | 5min | `a | b` |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(
            file.diagnostics.iter().any(|d| d.message.contains("past the last column")
                && d.message.ends_with("(a `|` inside a code span splits the cell too: write `\\|`)")),
            "{:?}",
            file.diagnostics
        );
    }

    #[test]
    fn a_slip_in_an_optional_header_is_warned_about_at_the_header() {
        let text = "| Task | Workstrem | Human | AI Time | Tokns | Notes | Status | Supervisor | Coverage | Average | Leverag |\n|---|---|---|---|---|---|---|---|---|---|---|\n| A | W | 2h | 5min | 1k | n | ok | Bob | 85% | 3 | 24x |\n";
        let file = parse("content/records/2026-03-03.md", text);
        let found: Vec<(&str, &str)> = file
            .diagnostics
            .iter()
            .map(|d| (&text[d.span.start as usize..d.span.end as usize], d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Workstrem",
                    "column `Workstrem` counts in no figure and is shown as written; expected `Workstream` if it holds workstreams"
                ),
                (
                    "Tokns",
                    "column `Tokns` counts in no figure and is shown as written; expected `Tokens` if it holds token counts"
                ),
                (
                    "Leverag",
                    "column `Leverag` counts in no figure and is shown as written; expected `Leverage` if it holds stated leverage"
                ),
            ],
            "Notes, Status, Supervisor, Coverage and Average are columns of their own"
        );
        assert!(file.diagnostics.iter().all(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn a_slip_in_a_supervision_header_is_warned_about_when_its_cells_are_times() {
        for header in ["Supervison", "Supervisor", "Supervisry Time"] {
            let text = format!(
                "| Task | Human | Claude Time | {header} |\n|---|---|---|---|\n| A | 2h | 5min | 2min |\n"
            );
            let file = parse("content/records/2026-03-03.md", &text);
            let messages: Vec<&str> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
            assert_eq!(messages.len(), 1, "{header}: {messages:?}");
            assert!(
                messages[0].starts_with(&format!("column `{header}` counts in no figure")),
                "{messages:?}"
            );
            assert!(messages[0].contains("if it holds supervisory times"), "{messages:?}");
            assert!(file.diagnostics.iter().all(|d| d.severity == Severity::Warning));
        }
    }

    #[test]
    fn a_slip_in_a_required_header_is_named_at_it() {
        let cases = [
            ("| Tsak | Human Est. | Claude Time |", "Tsak", "is `Tsak` meant as `Task`?"),
            (
                "| Task | Humna Est. | Claude Time | Tokens |",
                "Humna Est.",
                "is `Humna Est.` meant as `Human Est.`?",
            ),
            ("| Task | Human Est. | Cluade |", "Cluade", "is `Cluade` meant as `Claude`?"),
        ];
        for (header, at, meant) in cases {
            let columns = header.matches('|').count() - 1;
            let text =
                format!("{header}\n{}|\n| a |{}\n", "|---".repeat(columns), " 1h |".repeat(columns - 1));
            let file = parse("content/records/2026-03-03.md", &text);
            let found: Vec<(&str, &str)> =
                file.diagnostics.iter().map(|d| (&text[d.span.range()], d.message.as_str())).collect();
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, at, "{found:?}");
            assert!(found[0].1.contains(meant), "{found:?}");
        }
        // A slip in an agent's name gives it a label of its own: warned about, unless it is listed.
        let warned = |agent: &str| {
            let text = format!("| Task | Human Est. | {agent} |\n|---|---|---|\n| a | 1h | 5min |\n");
            let file = parse("content/records/2026-03-03.md", &text);
            file.diagnostics
                .iter()
                .map(|d| (text[d.span.range()].to_string(), d.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            warned("Cluade Time"),
            [(
                "Cluade Time".to_string(),
                "`Cluade` names an agent of its own, one slip from `Claude`; expected `Claude` if it is that one"
                    .to_string()
            )]
        );
        assert_eq!(warned("PI Time"), [], "a two-letter label is one slip from most");
        assert_eq!(warned("Gemini Time"), []);
        assert_eq!(warned("Agents Time"), [], "a plural is as often another agent's name");
    }

    #[test]
    fn a_short_row_whose_only_error_is_no_shift_gets_no_shift_warning() {
        let text = "| Task | Human | AI Time | Notes |\n|---|---|---|---|\n| A | 1h | 0min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        let messages: Vec<&str> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("expected an AI time above zero"), "{messages:?}");
    }

    /// A last row that sums the rows above under a name no totals row has is counted as a task
    /// (the day doubled): warned of at its name. One whose name is a task's, or that is no sum,
    /// is not; nor is `Total`, which is checked as the totals.
    #[test]
    fn a_total_under_another_name_is_warned_of() {
        let table = |last: &str| {
            format!(
                "| Task | Human Est. | AI Time |\n|---|---|---|\n| Build parser | 4h | 10min |\n\
                 | Fix tests | 2h | 5min |\n| {last} |\n"
            )
        };
        let warned = |last: &str| {
            let file = parse("content/records/2026-03-03.md", &table(last));
            file.diagnostics.iter().any(|d| d.message.contains("has the sum of the rows above"))
        };
        for last in ["Totl | 6h | 15min", "Overall | 6h | 15min", "Σ | 6h | 15min", "All tasks | 6h | 15min"]
        {
            assert!(warned(last), "{last}");
        }
        for last in
            ["Total | 6h | 15min", "Totl | 6h | 14min", "Port the renderer to the new API | 6h | 15min"]
        {
            assert!(!warned(last), "{last}");
        }
        // A last row with no task at all is told it may be the totals, to name so.
        let file = parse("content/records/2026-03-03.md", &table(" | 6h | 15min"));
        assert!(
            file.diagnostics.iter().any(|d| d.message.ends_with(
                "if this row is the table's totals, write `Total` in it, and it is checked instead of counted"
            )),
            "{:?}",
            file.diagnostics
        );
        // Tokens given that are not the rows' sum: a task whose times only happen to add up.
        let table = "| Task | Human Est. | AI Time | Tokens |\n|---|---|---|---|\n| A | 30min | 2min | 5k |\n\
                     | B | 30min | 2min | 5k |\n| Deploy it | 1h | 4min | 3k |\n";
        let file = parse("content/records/2026-03-03.md", table);
        assert!(
            !file.diagnostics.iter().any(|d| d.message.contains("has the sum")),
            "{:?}",
            file.diagnostics
        );
    }

    /// Ten repeated rows are each said; the rest are one warning that counts them.
    #[test]
    fn repeated_rows_past_ten_are_one_warning() {
        let mut text = "| Task | Human Est. | AI Time |\n|---|---|---|\n".to_string();
        for _ in 0..25 {
            text.push_str("| Same | 1h | 5min |\n");
        }
        let file = parse("content/records/2026-03-03.md", &text);
        let repeats: Vec<&str> =
            file.diagnostics.iter().map(|d| d.message.as_str()).filter(|m| m.contains("repeat")).collect();
        assert_eq!(repeats.len(), 11, "{repeats:?}");
        assert!(
            repeats[10].starts_with("this row and 13 more repeat the task and times of earlier rows"),
            "{repeats:?}"
        );
    }

    #[test]
    fn a_missing_cell_is_an_error() {
        let text = "| Task | Human | AI Time |\n|---|---|---|\n| A | 1h |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert_eq!(file.diagnostics[0].message, "missing cell: expected a value in the `AI Time` column");
    }

    /// A missing cell is reported just past the row's last character, whatever ends the line
    /// (a CRLF ending put it on the `\n`, a column past the end of the line).
    #[test]
    fn a_missing_cell_is_reported_at_the_end_of_its_row() {
        for (ending, last) in [("\n", "\n"), ("\r\n", "\r\n"), ("\n", ""), ("\r\n", "")] {
            let text = format!("| Task | Human | AI Time |{ending}|---|---|---|{ending}| A | 1h |{last}");
            let file = parse("content/records/2026-03-03.md", &text);
            let span = file.diagnostics[0].span;
            let row_start = text.rfind("| A").expect("row") as u32;
            assert_eq!((span.start, span.end), (row_start + 10, row_start + 10), "{ending:?} {last:?}");
        }
    }

    #[test]
    fn a_header_only_table_warns() {
        let text = "| Task | Human | AI Time |\n|---|---|---|\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert_eq!(record(&file).tables.len(), 1);
        assert_eq!(file.diagnostics[0].severity, crate::Severity::Warning);
    }

    #[test]
    fn two_ai_columns_are_an_error() {
        let text = "| Task | Human | Claude | AI Time |\n|---|---|---|---|\n| A | 1h | 1min | 1min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(file.diagnostics[0].message.contains("found two: `Claude` and `AI Time`"));
    }

    #[test]
    fn two_columns_of_one_figure_are_an_error_at_the_second() {
        for (header, message) in [
            (
                "| Task | Human | Human Est. | AI |",
                "a task table has one human estimate column, found two: `Human` and `Human Est.`",
            ),
            (
                "| Task | Human | AI | Tokens | Tokens |",
                "a task table has one tokens column, found two: `Tokens` and `Tokens`",
            ),
            (
                "| Task | Human | AI | LF | Factor |",
                "a task table has one leverage column, found two: `LF` and `Factor`",
            ),
        ] {
            let columns = header.matches('|').count() - 1;
            let text = format!("{header}\n{}|\n|{}\n", "|---".repeat(columns), " 1h |".repeat(columns));
            let file = parse("content/records/2026-03-03.md", &text);
            let error = &file.diagnostics[0];
            assert_eq!(error.message, message, "{header}");
            let second =
                header.rfind(message.rsplit('`').nth(1).expect("second header")).expect("in the header");
            assert_eq!(error.span.start as usize, second, "{header}");
        }
    }

    #[test]
    fn repeated_figure_columns_outside_a_task_table_are_ordinary_content() {
        for header in
            ["| Model | Claude | Gemini |", "| Run | Tokens | Tokens |", "| Task | Human | Human Est. |"]
        {
            let columns = header.matches('|').count() - 1;
            let table = format!("{header}\n{}|\n|{}\n", "|---".repeat(columns), " 1h |".repeat(columns));
            let text = format!("| Task | Human | AI |\n|---|---|---|\n| a | 1h | 5min |\n\n{table}");
            let file = parse("content/records/2026-03-03.md", &text);
            assert!(
                file.diagnostics.iter().all(|d| d.severity == crate::Severity::Warning),
                "{header}: {:?}",
                file.diagnostics
            );
            assert_eq!(record(&file).tables.len(), 1, "{header}");
        }
    }

    #[test]
    fn a_second_text_column_is_shown_as_written() {
        let text = "| Task | Description | Project | Stream | Human | AI |\n|---|---|---|---|---|---|\n| a | b | p | s | 1h | 5min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let table = &record(&file).tables[0];
        let kinds: Vec<crate::record::ColumnKind> = table.columns.iter().map(|c| c.kind).collect();
        use crate::record::ColumnKind::{Ai, Human, Other, Task, Workstream};
        assert_eq!(kinds, [Task, Other, Workstream, Other, Human, Ai]);
        assert_eq!(&*table.tasks[0].text.value, "a");
        assert_eq!(table.tasks[0].workstream.as_ref().map(|w| &*w.value), Some("p"));
    }

    #[test]
    fn a_stated_aggregate_that_cannot_be_read_warns_at_the_value() {
        let text = "| Task | Human | AI |\n|---|---|---|\n| a | 1h | 5min |\n\n## Aggregate Stats\n\n\
                    | Metric | Value |\n|---|---|\n| Total tasks | many |\n| Weighted average leverage | abc |\n\
                    | Total tokens | — |\n| Supervisory time | n/a (not tracked) |\n| Total Claude minutes | 5min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        let messages: Vec<(&str, usize)> =
            file.diagnostics.iter().map(|d| (d.message.as_str(), d.span.start as usize)).collect();
        assert_eq!(
            messages,
            [
                (
                    "cannot read `many` as `Total tasks`: shown as written beside the computed figure and not checked; expected a figure like `18`",
                    text.find("many").expect("value")
                ),
                (
                    "cannot read `abc` as `Weighted average leverage`: shown as written beside the computed figure and not checked; expected a figure like `45.7x`",
                    text.find("abc").expect("value")
                ),
            ],
            "an unknown marker (`—`, `n/a (not tracked)`) and a readable value warn nothing"
        );
    }

    #[test]
    fn a_file_named_for_a_day_the_calendar_lacks_says_so() {
        for text in ["Hello.\n", "+++\ndate = 2026-03-01\n+++\nHello.\n"] {
            let file = parse("content/records/2026-02-30.md", text);
            assert_eq!(
                file.diagnostics[0].message,
                "expected a date like `2026-02-28` at the start of the file name, found `2026-02-30`, which is not a day",
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_digit_too_many_in_a_file_s_date_is_no_date() {
        assert_eq!(date_prefix("2026-03-011"), None);
        assert_eq!(date_prefix("2026-03-01-2"), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(date_prefix("2026-03-02T23:30"), NaiveDate::from_ymd_opt(2026, 3, 2));
        let file = parse("content/records/2026-03-011.md", "Hello.\n");
        assert_eq!(
            file.diagnostics[0].message,
            "expected a date like `2026-02-28` at the start of the file name, found `2026-03-011`, which has 1 \
             digit(s) too many"
        );
        assert!(file.document.is_none());
    }

    #[test]
    fn a_front_matter_date_that_differs_from_the_file_name_warns() {
        let text = "+++\ndate = 2026-03-02\n+++\nHello.\n";
        let file = parse("content/records/2026-03-01.md", text);
        let warning = &file.diagnostics[0];
        assert_eq!(warning.severity, crate::Severity::Warning);
        assert_eq!(
            warning.message,
            "date 2026-03-02 differs from the date the file is named for (2026-03-01): the front matter's date is used"
        );
        assert_eq!(warning.span.start as usize, text.find("2026-03-02").expect("date"));
        assert_eq!(record(&file).date, NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date"));
        let same = parse("content/records/2026-03-02.md", text);
        assert!(!same.diagnostics.iter().any(|d| d.message.contains("differs")), "{:?}", same.diagnostics);
    }

    #[test]
    fn a_page_at_the_home_page_says_so() {
        let file = parse("content/index.md", "# Home\n");
        assert!(
            file.diagnostics[0].message.starts_with("this page would be the home page"),
            "{:?}",
            file.diagnostics
        );
    }

    #[test]
    fn a_broken_task_table_is_the_only_complaint() {
        let text = "| Task | Human | Claude | AI Time |\n|---|---|---|---|\n| A | 1h | 1min | 1min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert_eq!(file.diagnostics.len(), 1, "{:?}", file.diagnostics);
    }

    #[test]
    fn day_tokens_without_tasks_are_a_warning_at_them() {
        let text = "+++\ntokens = 500000\n+++\n\nA day of reviewing.\n";
        let file = parse("content/records/2026-03-01.md", text);
        assert_eq!(flagged(&file, text, "`tokens` on a record without tasks"), ["500000"]);
        let draft = "+++\ndraft = true\ntokens = 500000\n+++\n\nA day of reviewing.\n";
        let file = parse("content/records/2026-03-01.md", draft);
        assert!(flagged(&file, draft, "without tasks").is_empty(), "{:?}", file.diagnostics);
        let with_tasks = "+++\ntokens = 500000\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
        let file = parse("content/records/2026-03-01.md", with_tasks);
        assert!(flagged(&file, with_tasks, "without tasks").is_empty(), "{:?}", file.diagnostics);
    }

    #[test]
    fn day_tokens_and_row_tokens_together_are_an_error() {
        let text = "+++\ntokens = 5000\n+++\n| Task | Human | AI Time | Tokens |\n|---|---|---|---|\n| A | 1h | 1min | 5k |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(matches!(file.diagnostics[0].message.as_str(), m if m.starts_with("`tokens` is only")));
    }

    #[test]
    fn a_near_miss_table_warns() {
        let text = "| Task | Human Est. | Notes |\n|---|---|---|\n| A | 1h | x |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(file.diagnostics[0].message.contains("has no AI time column"), "{:?}", file.diagnostics);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn header() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("Task".to_string()),
                Just("Human Est.".to_string()),
                Just("Claude Time".to_string()),
                Just("Claude".to_string()),
                Just("Sup.".to_string()),
                Just("Tokens".to_string()),
                Just("Leverage".to_string()),
                Just("SLF".to_string()),
                Just("Weeks".to_string()),
                Just("#".to_string()),
                Just("Workstream".to_string()),
                "[A-Za-z .#]{0,12}",
            ]
        }

        fn cell() -> impl Strategy<Value = String> {
            prop_oneof![
                "[0-9]{1,4}(\\.[0-9]{1,2})?(h|min|m|d|w| hours)",
                "~?[0-9]{1,3}(,[0-9]{3})?(k|M)?",
                "[0-9]{1,3}(\\.[0-9])?x",
                "[^|\n\\\\]{0,12}",
                Just(String::new()),
                Just("-".to_string()),
            ]
        }

        proptest! {
            /// The control warning finds the first control character of any text and counts
            /// them all, as reading every character would, wherever the stretches of 128 bytes
            /// fall (in a character of two, three or four bytes, `©` among them).
            #[test]
            fn the_control_warning_is_what_reading_every_character_finds(
                text in "([a\n\t\r©é€𝄞\u{0}\u{1b}\u{7f}\u{85}\u{9f}\u{a0}]|x{1,40}){0,120}"
            ) {
                let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
                let all: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| is_control(c)).collect();
                let said = control_warning(&text, 0..text.len(), FileId(0));
                match all.first() {
                    None => prop_assert!(said.is_none()),
                    Some(&(at, c)) => {
                        let said = said.expect("a warning");
                        prop_assert_eq!(said.span.range(), at..at + c.len_utf8());
                        let more = match all.len() - 1 {
                            0 => "the text:".to_string(),
                            1 => "(and 1 more in this file)".to_string(),
                            n => format!("(and {n} more in this file)"),
                        };
                        prop_assert!(said.message.contains(&more), "{}", said.message);
                    }
                }
            }

            /// Whatever the lines, tabs in delimiter rows become spaces and nothing else changes:
            /// every place in the file stays where it was.
            #[test]
            fn delimiter_tabs_change_only_tabs_to_spaces(text in "([|>:` ~\t*1.-]|a|\n){0,80}") {
                let mut bytes = text.clone().into_bytes();
                let changed = delimiter_tabs(&mut bytes);
                prop_assert_eq!(bytes.len(), text.len());
                let mut differ = false;
                for (after, before) in bytes.iter().zip(text.bytes()) {
                    prop_assert!(*after == before || (before == b'\t' && *after == b' '));
                    differ |= *after != before;
                }
                prop_assert_eq!(changed, differ);
            }

            #[test]
            fn any_text_parses_without_panicking(text in "\\PC{0,400}") {
                let _ = parse("content/records/2026-03-01.md", &text);
                let _ = parse("content/page.md", &text);
            }

            #[test]
            fn any_table_parses_without_panicking(
                headers in prop::collection::vec(header(), 1..9),
                rows in prop::collection::vec(prop::collection::vec(cell(), 0..10), 0..6),
                front in prop::option::of("[a-z]{1,8} = \"[^\"\n]{0,8}\""),
                crlf in any::<bool>(),
            ) {
                let mut text = String::new();
                let nl = if crlf { "\r\n" } else { "\n" };
                if let Some(front) = front {
                    text.push_str(&format!("+++{nl}{front}{nl}+++{nl}"));
                }
                text.push_str(&format!("| {} |{nl}|{}{nl}", headers.join(" | "), "---|".repeat(headers.len())));
                for row in rows {
                    text.push_str(&format!("| {} |{nl}", row.join(" | ")));
                }
                let file = parse("content/records/2026-03-01.md", &text);
                let source = crate::SourceFile::new("a.md".into(), text.clone());
                for d in &file.diagnostics {
                    prop_assert!(d.span.end as usize <= text.len());
                    // At most just past the end of the line shown, whatever ends the line.
                    let (_, col) = source.line_col(d.span.start as usize);
                    let shown = source.line_text(d.span.start as usize).chars().count();
                    prop_assert!(col <= shown + 1, "{:?} at column {} of a {}-character line", d, col, shown);
                }
            }

            #[test]
            fn written_rows_read_back_exactly(rows in prop::collection::vec((0u32..200_000, 1u32..50_000, prop::option::of(0u64..10_000_000)), 1..25)) {
                let mut text = "| # | Task | Human Est. | Claude | Tokens |\n|---|---|---|---|---|\n".to_string();
                for (i, (human, ai, tokens)) in rows.iter().enumerate() {
                    let tokens = tokens.map(|t| t.to_string()).unwrap_or_default();
                    text.push_str(&format!(
                        "| {i} | Task {i} | {} | {} | {tokens} |\n",
                        math::display::duration(math::Minutes::from(*human)),
                        math::display::duration(math::Minutes::from(*ai)),
                    ));
                }
                let file = parse("content/records/2026-03-01.md", &text);
                prop_assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
                let tasks: Vec<_> = record(&file).tasks().map(|t| t.figures).collect();
                prop_assert_eq!(tasks.len(), rows.len());
                for (task, (human, ai, tokens)) in tasks.iter().zip(&rows) {
                    prop_assert_eq!(task.human(), math::Minutes::from(*human));
                    prop_assert_eq!(task.ai(), math::Minutes::from(*ai));
                    prop_assert_eq!(task.tokens().map(|t| t.count), *tokens);
                }
            }
        }
    }

    #[test]
    fn an_alias_that_is_a_name_is_warned_of() {
        let file = parse("content/about.md", "---\naliases: [RAG, /old/, /old.html]\n---\n");
        let said: Vec<&str> = file
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("an alias is an old URL"))
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(said.len(), 1, "{:?}", file.diagnostics);
        assert!(said[0].contains("taken as `/RAG/`"), "{said:?}");
    }

    #[test]
    fn an_alias_with_another_file_type_is_refused() {
        for alias in ["/index.xml", "/old.php", "/feed.rss"] {
            let file = parse("content/about.md", &format!("+++\naliases = [\"{alias}\"]\n+++\n"));
            assert!(
                file.diagnostics
                    .iter()
                    .any(|d| d.message.contains("a redirect page can stand only at a page's path")),
                "{alias}: {:?}",
                file.diagnostics
            );
        }
        // A version in a page's name is no file type.
        let file =
            parse("content/about.md", "+++\naliases = [\"/posts/v1.2\", \"/old.html\", \"/x.y/\"]\n+++\n");
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    }

    /// A table typed with a Japanese input method's full-width bars is no table to markdown: the
    /// warning points at the first `｜` and says so, where it said only "expected a table".
    #[test]
    fn a_full_width_bar_is_said_to_be_no_table_bar() {
        let text = "Intro.\n\n｜Task｜Human Est.｜Claude Time｜\n｜---｜---｜---｜\n｜A｜2h｜5min｜\n";
        let file = parse("content/records/2026-03-01.md", text);
        let said: Vec<_> = file.diagnostics.iter().filter(|d| d.message.contains("no task table")).collect();
        assert_eq!(said.len(), 1, "{:?}", file.diagnostics);
        assert!(said[0].message.contains("`｜` is a full-width bar"), "{}", said[0].message);
        assert_eq!(&text[said[0].span.range()], "｜");
        assert_eq!(said[0].span.start as usize, text.find('｜').unwrap_or_default());
    }

    #[test]
    fn an_alias_is_read_in_composed_form() {
        let file = parse("content/about.md", "+++\naliases = [\"/a\u{308}lias/\"]\n+++\n");
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let document = file.document.expect("a document");
        assert_eq!(
            document.aliases.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            ["\u{e4}lias/index.html"]
        );
    }

    #[test]
    fn aliases_name_the_files_that_redirect() {
        for (alias, path) in [
            ("/2026/02/28/leverage-record/", "2026/02/28/leverage-record/index.html"),
            ("/2026/02/28/leverage-record", "2026/02/28/leverage-record/index.html"),
            ("old-post.html", "old-post.html"),
            ("/posts/Old.HTM", "posts/Old.HTM"),
            ("/v1.2/", "v1.2/index.html"),
        ] {
            assert_eq!(alias_path(alias).as_deref(), Ok(path), "{alias}");
        }
        for bad in ["/", "", "https://old.example/post/", "//old.example/", "/a/../b/", "/a b/", "/a?x=1"] {
            assert!(alias_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bad_alias_is_an_error_at_the_alias() {
        let text = "+++\naliases = [\"/old/\", \"../up/\"]\n+++\n";
        let file = parse("content/about.md", text);
        assert_eq!(file.diagnostics.len(), 1, "{:?}", file.diagnostics);
        assert_eq!(&text[file.diagnostics[0].span.range()], "\"../up/\"");
        assert!(file.diagnostics[0].message.starts_with("expected an alias such as"));
        let document = file.document.expect("a page");
        assert_eq!(document.aliases.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["old/index.html"]);
    }

    #[test]
    fn unsafe_slugs_are_errors() {
        let file = parse("content/records/2026-03-03.md", "+++\nslug = \"../etc\"\n+++\n");
        assert!(file.diagnostics[0].message.starts_with("expected a slug"));
    }

    #[test]
    fn a_totals_row_may_be_labelled_in_the_number_column() {
        let text = "| # | Task | Human Est. | Claude |\n|---|---|---|---|\n| 1 | A | 4h | 20min |\n| 2 | B | 2h | 10min |\n\
                    | **Total** | | 6h | 30min |\n";
        let file = parse("content/records/2026-03-03.md", text);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().count(), 2);
        assert_eq!(record.tables[0].totals.as_ref().map(|t| t.metrics.len()), Some(2));
    }

    #[test]
    fn a_struck_out_figure_is_an_error_at_its_cell() {
        let text = "| Task | Human | AI Time | Tokens |\n|---|---|---|---|\n| a | ~~2h~~ | 1min | ~45k |\n\
                    | b | 1h | <del>3min</del> | ~~45k~~ |\n| c | 1h | 2min | ~45k |\n";
        let file = parse("content/records/2026-03-01.md", text);
        let struck = flagged(&file, text, "expected a figure, found the struck-out");
        assert_eq!(struck, ["~~2h~~", "<del>3min</del>", "~~45k~~"], "{:?}", file.diagnostics);
        // `~` alone says a figure is approximate.
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().count(), 1);
    }

    #[test]
    fn a_section_row_is_one_error_and_an_empty_row_is_left_out() {
        let text = "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| **Afternoon** | | | |\n\
                    | A | 1h | 5min | 10k |\n| | | | |\n| B | 2h | 10min | |\n";
        let file = parse("content/records/2026-03-03.md", text);
        let found: Vec<(usize, String)> = file
            .diagnostics
            .iter()
            .map(|d| (text[..d.span.start as usize].matches('\n').count() + 1, d.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    3,
                    "this row has a task (`Afternoon`) and no figures: a task needs a human estimate and an AI time; \
                     if it names a part of the day, give that part a heading and a table of its own"
                        .to_string()
                ),
                (5, "an empty row, left out".to_string()),
            ]
        );
        let record = file.document.as_ref().and_then(|d| d.record()).expect("a record");
        assert_eq!(record.tasks().count(), 2);
    }

    #[test]
    fn a_slug_or_alias_in_a_hidden_folder_is_an_error() {
        for front in ["slug = \".hidden\"", "slug = \"posts/.drafts/x\"", "aliases = [\"/.old/x/\"]"] {
            let file = parse("content/records/2026-03-03.md", &format!("+++\n{front}\n+++\n"));
            assert!(
                file.diagnostics
                    .iter()
                    .any(|d| d.message.contains("a hidden folder that many hosts do not serve")),
                "{front}: {:?}",
                file.diagnostics
            );
        }
        let file = parse("content/about.md", "+++\naliases = [\"/.well-known/about/\"]\n+++\n");
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    }
}
