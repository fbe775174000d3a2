//! Content: reads a site's markdown files and returns typed records and pages, every value with the
//! `Span` it came from.
//!
//! This crate knows front matter, markdown and task tables. It knows nothing of HTML, templates or
//! output paths, and it computes no figure: it builds `math` value types (`Minutes`, `Tokens`,
//! `TaskFigures`, `Stated`) and leaves every ratio and sum to `math`.

pub mod aggregate_table;
pub mod date_text;
pub mod diagnostic;
pub mod duration;
pub mod edit;
pub mod factor;
pub mod front_matter;
mod guard;
pub mod language;
pub mod load;
pub mod markdown;
pub mod record;
pub mod shortcode;
pub mod source;
pub mod table;
pub mod tokens;

pub use diagnostic::{ContentError, Diagnostic, Severity, clip};
pub use load::{
    ContentFile, Options, composed, decode, discover, discover_all, parse_document, parse_document_with,
};
pub use record::{Cell, Document, DocumentKind, Record, Task, TaskTable, TotalsRow};
pub use source::{FileId, SourceFile, Sources, Span};
