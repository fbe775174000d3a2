//! Errors of a build that are not about one place in the content: output folders, I/O, themes.
//! Content, site.toml and template problems are `content::Diagnostic`s with a span.

use std::path::PathBuf;

/// A problem that stops a build, outside the content.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{0}")]
    Config(String),
    #[error("refusing to write into {path}: {reason}")]
    OutputRefused { path: PathBuf, reason: String },
    /// A folder with files in it that leverage did not make: the writer's, to keep.
    #[error(
        "refusing to write into {path}: it is not empty and was not made by leverage (no {} file); remove it or move it away",
        crate::output::MARKER
    )]
    OutputNotOurs { path: PathBuf },
}
