//! Site: turns a loaded site into pages. It owns site.toml, themes, the computed model, the views
//! handed to templates, charts, feeds, data exports and the atomic output folder, and runs the
//! parallel render.
//!
//! It never prints and never picks an exit code: `cli` does that with the `Report` it returns.

pub mod audit;
pub mod body;
pub mod build;
mod builtin;
pub mod charts;
pub mod config;
pub mod error;
pub mod export;
pub mod model;
pub mod output;
pub mod pages;
pub mod session;
pub mod slug;
pub mod theme;
pub mod view;

pub use build::{BuildOptions, Report, build, check, load};
pub use config::Config;
pub use error::SiteError;
pub use model::Model;
pub use session::{Outcome, Session};
