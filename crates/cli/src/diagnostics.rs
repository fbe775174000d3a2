//! Prints diagnostics: `path:line:col: error|warning: message`, then the offending source line
//! with a caret under the value (annotate-snippets), or one JSON object per diagnostic.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use content::{Diagnostic, Severity, Sources};
use site::Report;

/// Where a diagnostic is: path, 1-based line and column. On Windows the path is written with
/// `/`, as everywhere else; elsewhere a `\\` is a character of a file's name.
fn place(sources: &Sources, diagnostic: &Diagnostic) -> (String, usize, usize) {
    let file = sources.get(diagnostic.span.file);
    let (line, col) = file.line_col(diagnostic.span.start as usize);
    let path = file.path.display().to_string();
    (if cfg!(windows) { path.replace('\\', "/") } else { path }, line, col)
}

/// `text` with its control characters written as escapes (`\u{1b}`, `content::front_matter::visible`),
/// line by line, its line breaks kept: a file's name or a quoted cell could otherwise move the
/// cursor, clear or retitle the terminal, or hide a NUL in what looks like `1 min`.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return text.into();
    }
    text.split('\n').map(content::front_matter::visible).collect::<Vec<_>>().join("\n").into()
}

/// Renders one diagnostic as plain text, for the browser's overlay.
pub(crate) fn render(sources: &Sources, diagnostic: &Diagnostic) -> String {
    render_styled(sources, diagnostic, false, None)
}

/// Renders one diagnostic for standard error: in colour when it takes colour (`out::colored`),
/// its snippet fitted to the terminal's width when it is one.
pub(crate) fn shown(sources: &Sources, diagnostic: &Diagnostic) -> String {
    render_styled(sources, diagnostic, crate::out::colored(), crate::out::width())
}

/// Prints one diagnostic to standard error (`shown`).
pub(crate) fn print(sources: &Sources, diagnostic: &Diagnostic) {
    err!("{}", shown(sources, diagnostic));
}

/// Renders one diagnostic, with the escape codes of a terminal's colours when `styled`: the
/// place in bold, its severity as annotate-snippets colours it, the snippet as it draws it,
/// cut to `width` columns when given (annotate-snippets' own width is 140).
fn render_styled(sources: &Sources, diagnostic: &Diagnostic, styled: bool, width: Option<usize>) -> String {
    let (path, line, col) = place(sources, diagnostic);
    let (level, label) = match diagnostic.severity {
        Severity::Error => (Level::ERROR, crate::out::Label::Error),
        Severity::Warning => (Level::WARNING, crate::out::Label::Warning),
    };
    // A line break in a file's name is escaped too: the place stays on one line.
    let place = format!("{}:{line}:{col}", content::front_matter::visible(&path));
    let mut out = crate::out::headline(&place, label, &printable(&diagnostic.message), styled);
    out.push('\n');
    let file = sources.get(diagnostic.span.file);
    if file.text.is_empty() {
        return out;
    }
    let text = file.text.as_str();
    let start = text.floor_char_boundary(diagnostic.span.start as usize);
    let line_start = file.line_start(start);
    let line_text = file.line_text(start);
    // The caret runs from the span's start to its end, or to the end of the line; spans are
    // snapped to character boundaries so a span inside a replaced (non-UTF-8) byte stays valid.
    // A span at a line's end may start on the `\n` of a CRLF ending, past the line shown (which
    // leaves the `\r` out): its caret goes just past the line's last character.
    let column = (start - line_start).min(line_text.len());
    let end = text
        .ceil_char_boundary((diagnostic.span.end as usize).max(start))
        .saturating_sub(line_start)
        .clamp(column, line_text.len());
    let (line_text, column, end) = around(line_text, column, end);
    let group = Group::with_level(level).element(
        Snippet::source(line_text).line_start(line).annotation(AnnotationKind::Primary.span(column..end)),
    );
    let renderer = if styled { Renderer::styled().hyperlink(false) } else { Renderer::plain() };
    let renderer = match width {
        Some(width) => renderer.term_width(width),
        None => renderer,
    };
    out.push_str(&renderer.render(&[group]));
    out.push('\n');
    out
}

/// Lines longer than this (in bytes) are shown cut around the span.
const LONG_LINE: usize = 512;

/// How much of a long line is shown on each side of the span, and of a long span itself (bytes).
const CONTEXT: usize = 60;

/// `line` with the caret's `column..end` (byte offsets in it), or, when the line is long, the
/// part of it around them, with `...` where it was cut and the offsets moved to match. The whole
/// line of a minified or generated file can be hundreds of kilobytes: annotate-snippets measured
/// every character of it for each diagnostic (a file with 5,000 broken links on one line took
/// 4 s to report) and would show only 140 columns of it anyway.
fn around(line: &str, column: usize, end: usize) -> (std::borrow::Cow<'_, str>, usize, usize) {
    if line.len() <= LONG_LINE {
        return (line.into(), column, end);
    }
    let from = line.floor_char_boundary(column.saturating_sub(CONTEXT));
    let end = line.ceil_char_boundary(end.min(column + CONTEXT));
    let to = line.ceil_char_boundary(end + CONTEXT);
    let lead = if from > 0 { "..." } else { "" };
    let shown = format!("{lead}{}{}", &line[from..to], if to < line.len() { "..." } else { "" });
    let shift = |offset: usize| offset - from + lead.len();
    (shown.into(), shift(column), shift(end))
}

/// Prints every diagnostic and the failure, if any, to stderr.
pub(crate) fn print_text(report: &Report) {
    print_text_after(report, 0, None);
}

/// `print_text`, after `earlier` warnings the command printed before it (`deploy`'s about its
/// base_url), which the count at the end includes; `help` follows the failure it helps with.
/// The failure (a refused output folder, a missing site.toml) is one of the errors counted.
fn print_text_after(report: &Report, earlier: usize, help: Option<&str>) {
    for diagnostic in &report.diagnostics {
        print(&report.sources, diagnostic);
    }
    if let Some(failure) = &report.failure {
        error!("{failure}");
        if let Some(help) = help {
            help!("{help}");
        }
    }
    let diagnosed = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    // The errors stopped the build before the checks of the whole site: said, or fixing them
    // would bring warnings that seem new. (A failure with no content loaded has nothing to check.)
    if (diagnosed > 0 || report.failure.is_some() && report.model.is_some()) && !report.audited {
        note!("{}", site::AUDITS_WAIT);
    }
    let errors = diagnosed + usize::from(report.failure.is_some());
    let warnings = report.diagnostics.len() - diagnosed + earlier;
    // A failure alone is said in full above: the count is for a list of diagnostics.
    if report.diagnostics.len() + earlier > 0 {
        status!("{errors} error(s), {warnings} warning(s)");
    }
}

/// Builds the site and prints what `build` prints: the diagnostics, then either a line saying the
/// previous output is unchanged (`failed_note` says what else did not happen) or what was built.
/// Returns whether the build succeeded.
///
/// `elsewhere` is one more way out this command offers when the output folder holds files
/// leverage did not make (`build` can build elsewhere; `deploy` cannot). `earlier` counts the
/// warnings the command printed before building. `publish_note` asks for a note when site.toml's
/// base_url is an example address (`deploy` warns of it itself, a `--base-url` is the writer's
/// choice).
pub(crate) fn build_and_report(
    options: &site::BuildOptions,
    failed_note: &str,
    elsewhere: Option<&str>,
    earlier: usize,
    publish_note: bool,
) -> bool {
    let started = std::time::Instant::now();
    let report = site::build(options);
    let help = elsewhere.filter(|_| matches!(report.failure, Some(site::SiteError::OutputNotOurs { .. })));
    print_text_after(&report, earlier, help);
    if report.failed() {
        let output = options.output();
        // Only a folder leverage built before holds a previous output to speak of.
        let kept =
            if site::output::is_ours(&output) { "the previous output in" } else { "nothing was written to" };
        let unchanged = if kept.starts_with("the") { " is unchanged" } else { "" };
        error!("build failed; {failed_note}{kept} {}{unchanged}", output.display());
        return false;
    }
    let records = report.model.as_ref().map_or(0, |m| m.records.len());
    // `init`'s placeholder (or an address of this machine) left in site.toml: the build is fine
    // for a look, and published it points search engines, feed readers and link previews
    // elsewhere. Not a warning: a look at the site is what most builds are for.
    let placeholder = report
        .model
        .as_ref()
        .map(|m| m.config.base_url.as_str())
        .filter(|url| publish_note && options.base_url.is_none() && site::config::points_nowhere(url));
    status!(
        "built {} into {} files in {} in {} ms",
        crate::out::counted(records as u64, "record"),
        report.written,
        options.output().display(),
        started.elapsed().as_millis()
    );
    // With the lines on success: a quiet build (a script's, a CI job's) has chosen its address.
    if let Some(url) = placeholder.filter(|_| !crate::out::quiet()) {
        note!(
            "base_url is {url}, which no reader can reach: the canonical links, the feed and the sitemap point \
             there; before publishing, set base_url in site.toml to the site's address (or build with --base-url)"
        );
    }
    // Freeing a large site's model piece by piece is serial work after the build is done (40 ms
    // of a 10,000-record build's 1.7 s): a thread does it, and the process does not wait for it
    // when it exits (`deploy` goes on while it runs).
    // Should no thread be had, it is freed here.
    let _ = std::thread::Builder::new().spawn(move || drop(report));
    true
}

/// Prints one JSON object per diagnostic to stdout: path, line, col, severity, message.
pub(crate) fn print_json(report: &Report) {
    for diagnostic in &report.diagnostics {
        let (path, line, col) = place(&report.sources, diagnostic);
        // Where the span ends, just past its last character, as an editor's range is written
        // (a span of none ends where it starts).
        let file = report.sources.get(diagnostic.span.file);
        let (end_line, end_col) = file.line_col(diagnostic.span.end.max(diagnostic.span.start) as usize);
        let object = serde_json::json!({
            "path": path,
            "line": line,
            "col": col,
            "end_line": end_line,
            "end_col": end_col,
            "severity": diagnostic.severity.as_str(),
            "message": diagnostic.message,
        });
        outln!("{object}");
    }
    if let Some(failure) = &report.failure {
        // A failure about one file (site.toml missing) names it, as the text does.
        let (path, message) = match failure {
            site::SiteError::Io { path, message } => (Some(path.display().to_string()), message.clone()),
            other => (None, other.to_string()),
        };
        let object = serde_json::json!({ "path": path, "line": null, "col": null, "end_line": null, "end_col": null, "severity": "error", "message": message });
        outln!("{object}");
    }
}

/// Prints each diagnostic as a GitHub Actions workflow command (`::error file=/home/runner/work/
/// log/log/site/content/records/2026-03-01.md,line=9,col=14,endLine=9,endColumn=17,title=leverage::
/// message`), which the job's summary and its pull request show at that line. The path is
/// absolute: the runner takes a relative one from the repository's root, not from the step's
/// `working-directory`, and makes an absolute one below the checkout relative to it. GitHub's
/// escapes (`%0A`, `%2C` ...) keep a message of several lines and a path with a comma whole.
pub(crate) fn print_github(report: &Report, root: &std::path::Path) {
    // The data of a command: its line breaks and `%` escaped; a property's `:` and `,` too.
    fn data(text: &str) -> String {
        printable(text).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn property(text: &str) -> String {
        data(text).replace(':', "%3A").replace(',', "%2C")
    }
    let from_here = |path: &str| {
        let joined = root.join(path);
        let absolute = std::path::absolute(&joined).unwrap_or(joined);
        let normal: std::path::PathBuf =
            absolute.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
        normal.display().to_string()
    };
    for diagnostic in &report.diagnostics {
        let (path, line, col) = place(&report.sources, diagnostic);
        let file = report.sources.get(diagnostic.span.file);
        // GitHub's end is the last character's place (of a span of none, the start's).
        let (start, end) = (diagnostic.span.start as usize, diagnostic.span.end as usize);
        let last = if end > start { file.text.floor_char_boundary(end - 1) } else { start };
        let (end_line, end_col) = file.line_col(last);
        outln!(
            "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title=leverage::{}",
            diagnostic.severity.as_str(),
            property(&from_here(&path)),
            data(&diagnostic.message)
        );
    }
    if let Some(failure) = &report.failure {
        match failure {
            site::SiteError::Io { path, message } => outln!(
                "::error file={},title=leverage::{}",
                property(&from_here(&path.display().to_string())),
                data(message)
            ),
            other => outln!("::error title=leverage::{}", data(&other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::{FileId, Span};

    fn rendered(text: &str, start: u32, end: u32) -> String {
        let mut sources = Sources::new();
        let file = sources.add("a.md", text.to_string());
        let diagnostic =
            Diagnostic { severity: Severity::Error, span: Span { file, start, end }, message: "m".into() };
        render(&sources, &diagnostic)
    }

    #[test]
    fn styled_it_is_the_plain_text_in_colour_and_fitted_to_a_width() {
        let text = format!("| {} | 2h | soon |\n", "a long task name ".repeat(6));
        let start = text.find("soon").expect("there") as u32;
        let mut sources = Sources::new();
        let file = sources.add("a.md", text.clone());
        let span = Span { file, start, end: start + 4 };
        let diagnostic = Diagnostic { severity: Severity::Warning, span, message: "m".into() };
        let plain = render_styled(&sources, &diagnostic, false, None);
        assert_eq!(plain, render(&sources, &diagnostic));
        let styled = render_styled(&sources, &diagnostic, true, None);
        assert!(styled.starts_with("\x1b[1ma.md:1:"), "{styled:?}");
        assert!(styled.contains("\x1b[1m\x1b[33mwarning\x1b[0m: \x1b[1mm\x1b[0m\n"), "{styled:?}");
        // Without its escape codes, the same text.
        assert_eq!(anstream::adapter::strip_str(&styled).to_string(), plain);
        // Fitted to 60 columns, the line is cut before the caret and every line fits.
        let narrow = render_styled(&sources, &diagnostic, false, Some(60));
        assert!(narrow.contains("...") && narrow.contains("| 2h | soon |"), "{narrow}");
        assert!(narrow.lines().skip(1).all(|l| l.chars().count() <= 60), "{narrow}");
        assert!(plain.lines().any(|l| l.chars().count() > 100), "{plain}");
    }

    #[test]
    fn a_long_line_is_shown_cut_around_the_span() {
        let before = "é".repeat(40_000);
        let text = format!("first\n{before} [l](/nope/) {}\n", "x".repeat(40_000));
        let start = 6 + before.len() + 1;
        let out = rendered(&text, start as u32, (start + 12) as u32);
        assert!(out.starts_with("a.md:2:40002: error: m\n"), "{out}");
        assert!(out.len() < 600, "a few lines, not the whole line: {} bytes", out.len());
        let (source, caret) = {
            let lines: Vec<&str> = out.lines().collect();
            let at = lines.iter().position(|l| l.contains("[l](/nope/)")).expect("the span's text is shown");
            (lines[at], lines[at + 1])
        };
        assert!(source.contains("...é") && source.ends_with("x..."), "{source}");
        let span_at = source.find("[l]").expect("shown");
        let caret_at = caret.find('^').expect("a caret");
        assert_eq!(
            source[..span_at].chars().count(),
            caret[..caret_at].chars().count(),
            "the caret is under the span:\n{source}\n{caret}"
        );
        assert_eq!(caret.matches('^').count(), 12, "{caret}");
        // A short line is shown whole.
        assert_eq!(around("short", 1, 3), ("short".into(), 1, 3));
        // A long one is cut to the span and 60 bytes either side (on character boundaries), and
        // the caret's offsets point at the same text in the part shown.
        let line = format!("{before} [l](/nope/) {}", "x".repeat(40_000));
        let column = before.len() + 1;
        let (shown, from, to) = around(&line, column, column + 12);
        assert_eq!(&shown[from..to], "[l](/nope/) ");
        assert!(shown.len() <= 3 + 61 + 60 + 12 + 3, "{} bytes", shown.len());
        assert!(shown.starts_with("...é") && shown.ends_with("x..."), "{shown}");
        // A span longer than the context is cut to it, and a span at the very start is not
        // preceded by dots.
        let (shown, from, to) = around(&line, 0, line.len());
        assert_eq!((from, to), (0, 60));
        assert!(!shown.starts_with("...") && shown.ends_with("..."), "{shown}");
    }

    #[test]
    fn control_characters_reach_the_terminal_as_escapes_and_a_backslash_stays() {
        let mut sources = Sources::new();
        let file = sources.add("content/records/a\\b\u{1b}[31m\nc.md", "x\n".to_string());
        let message = "expected a duration, found `\u{1b}[2J\u{7}1\u{0}min`".to_string();
        let diagnostic =
            Diagnostic { severity: Severity::Error, span: Span { file, start: 0, end: 1 }, message };
        let out = render(&sources, &diagnostic);
        let first = out.lines().next().expect("a line");
        let path = if cfg!(windows) { "content/records/a/b" } else { "content/records/a\\b" };
        assert_eq!(
            first,
            format!(
                "{path}\\u{{1b}}[31m\\nc.md:1:1: error: expected a duration, found `\\u{{1b}}[2J\\u{{7}}1\\u{{0}}min`"
            )
        );
        assert!(!out.contains(['\u{1b}', '\u{7}', '\u{0}']), "{out:?}");
    }

    #[test]
    fn header_names_path_line_and_column() {
        let out = rendered("one\ntwo soon\n", 8, 12);
        assert!(out.starts_with("a.md:2:5: error: m\n"), "{out}");
        assert!(out.contains("^^^^"), "{out}");
    }

    #[test]
    fn spans_inside_a_character_do_not_panic() {
        let out = rendered("ok\nbad \u{fffd} byte\n", 8, 9);
        assert!(out.starts_with("a.md:2:5: error: m"), "{out}");
        let out = rendered("é", 1, 1);
        assert!(out.starts_with("a.md:1:1"), "{out}");
        let _ = rendered("x", 40, 90);
        let _ = FileId(0);
    }

    /// A missing cell was reported at the end of its row, on the `\n`: for a row ending in CRLF
    /// that is past the line shown, and printing the caret panicked (found by mutating records).
    #[test]
    fn a_span_at_the_end_of_a_crlf_line_is_shown_just_past_it() {
        for start in [9, 10] {
            let out = rendered("| a | b |\r\n", start, start);
            assert!(out.starts_with("a.md:1:10: error: m\n"), "{out}");
            assert!(out.contains("| a | b |"), "{out}");
        }
        let out = rendered("x\n| a | b |\r\nnext\n", 12, 13);
        assert!(out.starts_with("a.md:2:10: error: m\n"), "{out}");
    }

    /// Pieces a mutation inserts: the table's and front matter's syntax, line endings, units,
    /// digits, numbers too large for any type, and text that needs escaping.
    const PIECES: &[&str] = &[
        "|",
        "\n",
        "\r\n",
        "\r",
        "+++",
        "---",
        "|---|",
        "h",
        "min",
        "s",
        "k",
        "M",
        "x",
        ".",
        "0",
        "9",
        "99999999999999999999",
        "1e400",
        "-",
        "~",
        "<",
        "&",
        "\"",
        "'",
        "**",
        "`",
        "#",
        " ",
        "\t",
        "Human",
        "Claude",
        "Factor",
        "Sup.",
        "Weeks",
        "Tokens",
        "é",
        "😀",
        "\u{200b}",
        "date = ",
        "tags = [",
        "{{",
        "{%",
        "0.0000001min",
        "0min",
    ];

    /// One edit at a fraction of the text: insert a piece, cut up to 20 bytes, or copy up to 40
    /// bytes from elsewhere in the text.
    fn mutate(text: &str, edits: &[(f64, u8, usize, f64)]) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for &(at, kind, piece, from) in edits {
            let at = (at * bytes.len() as f64) as usize;
            match kind % 3 {
                0 => {
                    let piece = PIECES[piece % PIECES.len()].as_bytes();
                    bytes.splice(at..at, piece.iter().copied());
                }
                1 => {
                    let end = (at + 1 + piece % 20).min(bytes.len());
                    bytes.drain(at.min(end)..end);
                }
                _ => {
                    let from = (from * bytes.len() as f64) as usize;
                    let copied: Vec<u8> = bytes[from..(from + 1 + piece % 40).min(bytes.len())].to_vec();
                    bytes.splice(at..at, copied);
                }
            }
        }
        // As the loader reads a file: bytes that are not UTF-8 become U+FFFD.
        String::from_utf8_lossy(&bytes).into_owned()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The example site's records, mutated at random, check (every page rendered, nothing
        /// written) without panicking, and every diagnostic prints. This is how the CRLF caret
        /// panic above was found.
        #[test]
        fn mutated_records_check_and_every_diagnostic_prints(
            which in 0usize..3,
            edits in proptest::collection::vec((0.0..1.0f64, 0u8..3, 0usize..64, 0.0..1.0f64), 1..6),
        ) {
            const RECORDS: [(&str, &str); 3] = [
                ("2026-02-28.md", include_str!("../../../content/records/2026-02-28.md")),
                ("2026-03-02.md", include_str!("../../../content/records/2026-03-02.md")),
                ("2026-03-05.md", include_str!("../../../content/records/2026-03-05.md")),
            ];
            let root = tempfile::tempdir().expect("temporary folder");
            let records = root.path().join("content/records");
            std::fs::create_dir_all(&records).expect("records folder");
            std::fs::write(root.path().join("site.toml"), include_str!("../../../site.toml")).expect("site.toml");
            let (name, text) = RECORDS[which];
            std::fs::write(records.join(name), mutate(text, &edits)).expect("record");
            let options = site::BuildOptions {
                root: root.path().to_path_buf(),
                output_dir: None,
                base_url: None,
                drafts: false,
                inject: None,
            };
            let report = site::check(&options);
            for diagnostic in &report.diagnostics {
                let shown = render(&report.sources, diagnostic);
                proptest::prop_assert!(shown.starts_with("content/records/") || shown.starts_with("site.toml"), "{}", shown);
            }
        }

        /// Any span over any text, with any mix of line endings, renders without panicking and
        /// names the line the span starts on.
        #[test]
        fn any_span_renders(text in "(\\PC{0,6}(\r\n|\n|\r)?){0,6}", start in 0u32..60, len in 0u32..60) {
            let out = rendered(&text, start, start.saturating_add(len));
            proptest::prop_assert!(out.starts_with("a.md:"), "{}", out);
            // The line is one more than the line endings before the span (`\r\n` is one ending;
            // a `\r` just before the span whose `\n` follows is not yet one).
            let at = text.floor_char_boundary((start as usize).min(text.len()));
            let before = &text[..at];
            let before = if text[at..].starts_with('\n') { before.strip_suffix('\r').unwrap_or(before) } else { before };
            let line = before.replace("\r\n", "\n").replace('\r', "\n").matches('\n').count() + 1;
            proptest::prop_assert!(out.starts_with(&format!("a.md:{line}:")), "{:?}: {}", text, out);
        }
    }
}
