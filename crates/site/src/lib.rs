//! Site: turns a loaded site into pages. It owns site.toml, themes, the computed model, the views
//! handed to templates, charts, feeds, data exports and the atomic output folder, and runs the
//! parallel render.
//!
//! It never prints and never picks an exit code: `cli` does that with the `Report` it returns.

pub mod attachment;
pub mod audit;
mod autolink;
mod blocks;
pub mod body;
pub mod build;
mod builtin;
pub mod charts;
pub mod config;
pub mod error;
pub mod export;
mod filters;
mod footnotes;
pub mod highlight;
pub mod md_link;
pub mod model;
pub mod output;
pub mod pages;
pub mod session;
pub mod slug;
pub mod theme;
pub mod view;

pub use build::{AUDITS_WAIT, BuildOptions, Report, build, check, load, load_config};
pub use config::Config;
pub use error::SiteError;
pub use model::Model;
pub use session::{Outcome, Session};

/// Helpers the crate's tests share.
#[cfg(test)]
pub(crate) mod testing {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    /// Every file below `dir`, by its path relative to `dir`, with its bytes.
    pub(crate) fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.expect("a readable entry"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(dir).expect("below").to_path_buf();
                (path, std::fs::read(e.path()).expect("read"))
            })
            .collect()
    }

    /// Each diagnostic of `report` as `path: message`.
    pub(crate) fn placed(report: &crate::Report) -> Vec<String> {
        report
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", report.sources.get(d.span.file).path.display(), d.message))
            .collect()
    }
}
