//! Fuzzes the front-matter splitter and its TOML and YAML parsers: any bytes, never a panic, and spans inside the text.
#![no_main]

use content::{FileId, front_matter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(split) = front_matter::split(text, FileId(0)) {
        assert!(split.body_start <= text.len());
        if split.front.is_some() {
            let (errors, warnings) = match front_matter::parse_front(text, &split, FileId(0)) {
                Err(error) => (vec![error], Vec::new()),
                Ok(parsed) => (parsed.errors, parsed.warnings),
            };
            for error in errors {
                assert!(error.span().end as usize <= text.len());
            }
            for warning in warnings {
                assert!(warning.span.end as usize <= text.len());
            }
        }
    }
});
