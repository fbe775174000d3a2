//! Fuzzes a whole record: front matter, markdown scan and task-table extraction. Never a panic;
//! every diagnostic's span lies inside the file; every parsed task has finite figures.
#![no_main]

use content::{Options, Sources, parse_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = content::decode(data.to_vec());
    let mut sources = Sources::new();
    let file = sources.add("content/records/2026-03-01.md", text);
    let parsed = parse_document(&sources, file, &Options::default());
    let len = sources.get(file).text.len();
    for diagnostic in &parsed.diagnostics {
        assert!(diagnostic.span.end as usize <= len);
    }
    if let Some(record) = parsed.document.as_ref().and_then(|d| d.record()) {
        for task in record.tasks() {
            assert!(task.figures.leverage().get().is_finite());
        }
    }
});
