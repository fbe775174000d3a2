//! Content errors and warnings, each with the `Span` it concerns.
//!
//! Loading never stops at the first problem: it returns every `Diagnostic` it found alongside what
//! it could load, so `leverage check` lists them all. Rendering them (`path:line:col`, the source
//! line, a caret) is the job of the `cli` crate.

use crate::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something to look at; the build still succeeds.
    Warning,
    /// The build fails.
    Error,
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl ContentError {
    /// The error of a file that is not UTF-8, whose lossy text is `text` and whose first bad byte
    /// is at `offset`: one in UTF-16 with its byte order mark (`FF FE` or `FE FF`, two bytes no
    /// UTF-8 text holds, read as two `�`) is said so, whatever its text (CJK too).
    pub fn not_utf8(text: &str, offset: usize, span: Span) -> ContentError {
        if offset == 0 && text.starts_with("\u{FFFD}\u{FFFD}") {
            ContentError::Utf16 { span }
        } else {
            ContentError::NotUtf8 { offset, span }
        }
    }
}

/// A problem in the content, with where it is. Messages are lowercase, with no trailing period,
/// and say what was expected and what was found.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ContentError {
    #[error("expected UTF-8 text, found a byte that is not UTF-8 at byte {offset}")]
    NotUtf8 { offset: usize, span: Span },
    #[error(
        "expected UTF-8 text, found UTF-16 (its byte order mark first), as Windows Notepad saves \"Unicode\" and \
         PowerShell 5's `>` writes: save the file as UTF-8"
    )]
    Utf16 { span: Span },
    #[error("could not read the file: {reason}")]
    Unreadable { reason: String, span: Span },
    #[error("front matter opened with `{fence}` is never closed: expected a line `{fence}`")]
    UnclosedFrontMatter { fence: &'static str, span: Span },
    #[error("invalid front matter: {message}")]
    BadFrontMatter { message: String, span: Span },
    #[error("unknown front matter key `{key}`: expected one of {expected}; {help}")]
    UnknownKey { key: String, expected: &'static str, help: String, span: Span },
    #[error("expected a date like `2026-02-28`, found `{}`{}", clip(.found), hinted(.hint))]
    BadDate { found: String, hint: Option<String>, span: Span },
    #[error(
        "a record needs a date: expected `date = 2026-02-28` in front matter or a file name starting with YYYY-MM-DD"
    )]
    MissingDate { span: Span },
    #[error("`tokens` is only for records whose rows carry no tokens, and this record's rows do")]
    TokensTwice { span: Span },
    #[error("`tokens` in front matter belongs to records, not pages")]
    TokensOnPage { span: Span },
    #[error("expected a duration like `4h 28min`, found `{}`{}", clip(.found), hinted(.hint))]
    BadDuration { found: String, hint: Option<String>, span: Span },
    #[error("expected a duration of zero or more, found the negative `{}`", clip(.found))]
    NegativeDuration { found: String, span: Span },
    /// A negative time where zero is refused too (an AI or supervisory time): said against what
    /// the column takes (`expected`), not against a duration's "zero or more".
    #[error("expected {expected}, found the negative `{}`", clip(.found))]
    NegativeTime { found: String, expected: &'static str, span: Span },
    #[error("expected a duration below a million years, found `{}`", clip(.found))]
    HugeDuration { found: String, span: Span },
    #[error(
        "expected an AI time above zero, found `{}`{}: a task needs time to have a leverage",
        clip(.found),
        rounds_to_zero(.found)
    )]
    ZeroAiTime { found: String, span: Span },
    #[error("expected a supervisory time above zero or an empty cell, found `{}`{}", clip(.found), rounds_to_zero(.found))]
    ZeroSupervisoryTime { found: String, span: Span },
    #[error("expected a token count like `45k`, `1.2M` or `120,000`, found `{}`{}", clip(.found), hinted(.hint))]
    BadTokens { found: String, hint: Option<String>, span: Span },
    #[error("expected a factor like `45.7x`, found `{}`{}", clip(.found), hinted(.hint))]
    BadFactor { found: String, hint: Option<String>, span: Span },
    #[error("expected a number of weeks like `0.7` or `1.5w`, found `{}`", clip(.found))]
    BadWeeks { found: String, span: Span },
    #[error("missing cell: expected a value in the `{column}` column")]
    MissingCell { column: String, span: Span },
    #[error("a task table has one {what} column, found two: `{first}` and `{second}`")]
    TwoColumns { what: &'static str, first: String, second: String, span: Span },
    #[error("{message}")]
    Other { message: String, span: Span },
}

impl ContentError {
    /// Where the problem is.
    pub fn span(&self) -> Span {
        use ContentError::*;
        match self {
            NotUtf8 { span, .. }
            | Utf16 { span }
            | Unreadable { span, .. }
            | UnclosedFrontMatter { span, .. }
            | BadFrontMatter { span, .. }
            | UnknownKey { span, .. }
            | BadDate { span, .. }
            | MissingDate { span }
            | TokensTwice { span }
            | TokensOnPage { span }
            | BadDuration { span, .. }
            | NegativeDuration { span, .. }
            | NegativeTime { span, .. }
            | HugeDuration { span, .. }
            | ZeroAiTime { span, .. }
            | ZeroSupervisoryTime { span, .. }
            | BadTokens { span, .. }
            | BadFactor { span, .. }
            | BadWeeks { span, .. }
            | MissingCell { span, .. }
            | TwoColumns { span, .. }
            | Other { span, .. } => *span,
        }
    }
}

/// A reported problem: an error or a warning, its place and its message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub span: Span,
    /// What was expected and what was found.
    pub message: String,
}

impl Diagnostic {
    /// An error diagnostic from a content error.
    pub fn error(error: ContentError) -> Diagnostic {
        Diagnostic { severity: Severity::Error, span: error.span(), message: error.to_string() }
    }

    /// A warning at a span.
    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, span, message: message.into() }
    }
}

impl From<ContentError> for Diagnostic {
    fn from(error: ContentError) -> Diagnostic {
        Diagnostic::error(error)
    }
}

/// A cell or value as a message quotes it: up to 60 characters of its first line, and `…` for
/// the rest, so that a runaway cell (a whole paragraph pasted into a duration) or a multi-line
/// front matter value does not bury the message.
pub fn clip(found: &str) -> std::borrow::Cow<'_, str> {
    let first = found.lines().next().unwrap_or("");
    match first.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &first[..end]).into(),
        None if first.len() < found.trim_end().len() => format!("{first}…").into(),
        None => found.into(),
    }
}

/// A hint as an error message ends with it (`: did you mean ...`), or nothing.
fn hinted(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!(": {h}")).unwrap_or_default()
}

/// Why a duration that reads as more than zero is zero: `0.0000001min` is below the millionth of
/// a minute durations are counted in. Nothing for a zero as written (`0min`).
pub fn rounds_to_zero(found: &str) -> &'static str {
    if found.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        ", which is below a millionth of a minute, the smallest time leverage counts"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runaway_cell_is_quoted_in_part() {
        let span = Span::new(crate::source::FileId(0), 0..0);
        let message =
            |found: &str| ContentError::BadDuration { found: found.into(), hint: None, span }.to_string();
        assert_eq!(message("2 hrs"), "expected a duration like `4h 28min`, found `2 hrs`");
        let long = "é".repeat(1_000_000);
        assert_eq!(
            message(&long),
            format!("expected a duration like `4h 28min`, found `{}…`", "é".repeat(60))
        );
        assert_eq!(
            message(&"x".repeat(60)),
            format!("expected a duration like `4h 28min`, found `{}`", "x".repeat(60))
        );
        assert_eq!(message("2h\nmore"), "expected a duration like `4h 28min`, found `2h…`");
    }
}
