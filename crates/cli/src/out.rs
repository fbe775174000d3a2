//! Printing that never panics. `println!` panics when standard output is gone (`leverage check
//! --format json | head -1` closes the pipe) or full (`> /dev/full`); these write through
//! `std::io` instead. The first failure to write standard output is kept, and nothing more is
//! written there: `main` exits 1 with a message for it, except for a closed pipe, where the
//! reader chose to stop reading. Failures to write standard error have nowhere to be reported and
//! are dropped.

use std::fmt;
use std::io::{self, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The first error met writing standard output.
static STDOUT_ERROR: OnceLock<io::Error> = OnceLock::new();

/// Whether `--quiet` was given (see `quiet`).
static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets `--quiet` for the rest of the run.
pub(crate) fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `--quiet` was given: the lines that tell progress and success (`status!`) are left out,
/// and so are spinners and progress bars. Errors, warnings, the notes that go with them, prompts,
/// serve's address and everything on standard output are printed all the same, as cargo's `-q`
/// leaves out its own messages and not the compiler's.
/// Whether spinners and progress bars are drawn: at a terminal, without --quiet.
pub(crate) fn draws_progress() -> bool {
    !quiet() && std::io::IsTerminal::is_terminal(&std::io::stderr())
}

pub(crate) fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes `args` to standard output, then a line break when `line` is set.
pub(crate) fn stdout(args: fmt::Arguments<'_>, line: bool) {
    if STDOUT_ERROR.get().is_some() {
        return;
    }
    let mut out = io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| if line { out.write_all(b"\n") } else { Ok(()) });
    if let Err(e) = written {
        let _ = STDOUT_ERROR.set(e);
    }
}

/// `n` and `noun`, the noun in the plural unless `n` is one: `1 record`, `4 records`.
pub(crate) fn counted(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Keeps `failure`, met writing standard output outside `stdout` (clap printing help), as
/// `stdout` keeps its own.
pub(crate) fn keep_stdout_failure(failure: io::Error) {
    let _ = STDOUT_ERROR.set(failure);
}

/// Whether standard error is written in colour: when it is a terminal that takes colour, unless
/// `NO_COLOR` is set or `CLICOLOR=0`; always when `CLICOLOR_FORCE` is set (and `NO_COLOR` is not).
/// These are the rules cargo and clap follow, read once through anstream, clap's own.
/// Never in the unit tests, whose standard error may be the tester's terminal: they compare text.
pub(crate) fn colored() -> bool {
    !cfg!(test) && choice() != anstream::ColorChoice::Never
}

/// Whether standard error takes colour, and how (`anstream::AutoStream::choice`), asked once.
fn choice() -> anstream::ColorChoice {
    static CHOICE: OnceLock<anstream::ColorChoice> = OnceLock::new();
    *CHOICE.get_or_init(|| anstream::AutoStream::choice(&io::stderr()))
}

/// The width of the terminal standard error is, asked each time (a window is resized while
/// `serve` runs); `None` when it is no terminal, and in the unit tests.
pub(crate) fn width() -> Option<usize> {
    if cfg!(test) {
        return None;
    }
    terminal_size::terminal_size_of(io::stderr()).map(|(terminal_size::Width(w), _)| usize::from(w))
}

/// The label of a line of standard error, styled as annotate-snippets styles a diagnostic's.
#[derive(Clone, Copy)]
pub(crate) enum Label {
    Error,
    Warning,
    Help,
    Note,
}

impl Label {
    /// `error:`, `warning:`, `help:` or `note:`, in colour when standard error takes it (`colored`).
    pub(crate) fn shown(self) -> String {
        self.styled(colored())
    }

    /// `error:`, `warning:`, `help:` or `note:`, the word in its colour when `styled`.
    pub(crate) fn styled(self, styled: bool) -> String {
        use annotate_snippets::renderer::{
            DEFAULT_ERROR_STYLE, DEFAULT_HELP_STYLE, DEFAULT_NOTE_STYLE, DEFAULT_WARNING_STYLE,
        };
        let (word, style) = match self {
            Label::Error => ("error", DEFAULT_ERROR_STYLE),
            Label::Warning => ("warning", DEFAULT_WARNING_STYLE),
            Label::Help => ("help", DEFAULT_HELP_STYLE),
            Label::Note => ("note", DEFAULT_NOTE_STYLE),
        };
        if styled { format!("{style}{word}{style:#}:") } else { format!("{word}:") }
    }
}

/// `text` in bold when `styled`: a diagnostic's place and message.
pub(crate) fn bold(text: &str, styled: bool) -> String {
    let bold = annotate_snippets::renderer::Style::new().bold();
    if styled { format!("{bold}{text}{bold:#}") } else { text.to_string() }
}

/// The first line of a diagnostic, as cargo prints one: `place: label: message`, the place and
/// message in bold and the label in its colour when `styled`; without a line break.
pub(crate) fn headline(place: &str, label: Label, message: &str, styled: bool) -> String {
    format!("{} {} {}", bold(&format!("{place}:"), styled), label.styled(styled), bold(message, styled))
}

/// Writes `label: args` and a line break to standard error.
pub(crate) fn labelled(label: Label, args: fmt::Arguments<'_>) {
    stderr(format_args!("{} {args}", label.shown()), true);
}

/// Writes `args` to standard error, then a line break when `line` is set. Through anstream, as
/// clap writes: on an older Windows console the colours' escape codes become the console's own
/// calls, and they are left out wherever `colored` says no colour (none are written there).
pub(crate) fn stderr(args: fmt::Arguments<'_>, line: bool) {
    let mut err = anstream::AutoStream::new(io::stderr(), choice()).lock();
    let _ = err.write_fmt(args).and_then(|()| if line { err.write_all(b"\n") } else { Ok(()) });
}

/// Flushes standard output and says how writing it went: `None` when all was written or the
/// reader closed the pipe, else the error.
pub(crate) fn stdout_failure() -> Option<&'static io::Error> {
    if STDOUT_ERROR.get().is_none()
        && let Err(e) = io::stdout().lock().flush()
    {
        let _ = STDOUT_ERROR.set(e);
    }
    STDOUT_ERROR.get().filter(|e| e.kind() != io::ErrorKind::BrokenPipe)
}
