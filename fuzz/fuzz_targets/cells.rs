//! Fuzzes the cell parsers (durations, token counts, factors, weeks) and the display of what they
//! read.
#![no_main]

use content::{FileId, Span, duration, factor, tokens};
use libfuzzer_sys::fuzz_target;
use math::{WorkWeek, display};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let span = Span::file_start(FileId(0));
    if let Ok(minutes) = duration::parse(text, &WorkWeek::default(), span) {
        assert!(minutes.get().is_finite() && minutes.get() >= 0.0);
        let _ = display::duration(minutes);
    }
    if let Ok(Some(count)) = tokens::parse(text, span) {
        let _ = display::tokens(count);
    }
    if let Some(Some(stated)) = factor::parse(text) {
        assert!(stated.value.is_finite());
        let _ = display::decimal(stated.value, 1);
    }
    if let Some(Some(weeks)) = factor::weeks(text) {
        assert!(weeks.value.is_finite() && weeks.value >= 0.0);
        let _ = display::stated(weeks, "");
    }
});
