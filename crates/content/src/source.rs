//! Source files and byte spans: where every parsed value came from.
//!
//! Spans are byte ranges; line and column are computed only when a diagnostic is reported.

use std::path::{Path, PathBuf};

/// Identifies one file in a [`Sources`] map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// Byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span of `range` in `file`. Offsets beyond `u32::MAX` are clamped (files that large are
    /// refused before parsing).
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span { file, start: clamp(range.start), end: clamp(range.end) }
    }

    /// The start of a file, for problems that concern the whole file.
    pub fn file_start(file: FileId) -> Span {
        Span { file, start: 0, end: 0 }
    }

    /// The byte range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded text file: its path relative to the site root, and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators, as shown in diagnostics.
    pub path: PathBuf,
    /// The text, with a leading UTF-8 byte order mark removed.
    pub text: String,
    /// Where each line starts, found when a position is first asked for: a file with thousands
    /// of diagnostics (a broken link on every line) was scanned from its start for each one.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The last column `line_col` counted: the byte offset and its column (from 1). Diagnostics
    /// are asked for in order, so the next one on the same line counts on from it: a line of
    /// 80,000 broken links was counted from its start for each of them.
    last_column: std::sync::Mutex<(usize, usize)>,
}

impl Clone for SourceFile {
    fn clone(&self) -> SourceFile {
        SourceFile {
            path: self.path.clone(),
            text: self.text.clone(),
            line_starts: self.line_starts.clone(),
            last_column: std::sync::Mutex::new((0, 1)),
        }
    }
}

impl SourceFile {
    /// A file of `text` at `path` (see the fields).
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
            last_column: std::sync::Mutex::new((0, 1)),
        }
    }

    /// A 1-based line and column (in characters) of a byte offset. Lines end with `\n`, `\r\n` or
    /// a lone `\r` (old Mac files), as markdown reads them. An offset on the `\n` of a CRLF
    /// ending is the column just past the line's last character, as on an LF ending.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset);
        let (line, start) = self.line_of(offset);
        let mut end = offset;
        if self.text[offset..].starts_with('\n') && self.text[start..offset].ends_with('\r') {
            end -= 1;
        }
        // Counted on from the last column asked for, when that was earlier on this line.
        let mut last = self.last_column.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (from, column) = if (start..=end).contains(&last.0) { *last } else { (start, 1) };
        let column = column + self.text[from..end].chars().count();
        *last = (end, column);
        (line, column)
    }

    /// The byte offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.line_of(self.text.floor_char_boundary(offset)).1
    }

    /// The full text of the line that holds `offset`, without its line ending.
    pub fn line_text(&self, offset: usize) -> &str {
        let offset = self.text.floor_char_boundary(offset);
        let (line, start) = self.line_of(offset);
        // The next line's start is just past this line's break (`\n`, or a lone `\r`); the
        // `\r` of a CRLF ending is trimmed. Found by the line, not by a scan along it.
        let starts = self.line_starts.get().map(Vec::as_slice).unwrap_or_default();
        let end = starts.get(line).map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The 1-based number of the line holding `offset` (a char boundary), and where it starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            // Line breaks are ASCII, so scanning bytes is safe in UTF-8.
            let breaks = bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
            std::iter::once(0).chain(breaks.map(|(i, _)| i + 1)).collect()
        });
        // The first line starts at 0, so at least one start is at or before any offset.
        let line = starts.partition_point(|&start| start <= offset).max(1);
        (line, starts[line - 1])
    }
}

/// Every file read for a build, addressed by [`FileId`]. Files are shared (`Arc`), so a clone is
/// cheap: `serve` parses an edit against a clone and keeps the old one if the edit fails.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<std::sync::Arc<SourceFile>>,
}

impl Sources {
    /// An empty map.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl AsRef<Path>, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 4 billion files"));
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        self.files.push(std::sync::Arc::new(SourceFile::new(path.as_ref().to_path_buf(), text)));
        id
    }

    /// Replaces the text of a file that was edited, keeping its id.
    pub fn replace(&mut self, id: FileId, text: String) {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let path = self.files[id.0 as usize].path.clone();
        self.files[id.0 as usize] = std::sync::Arc::new(SourceFile::new(path, text));
    }

    /// How many files the map holds: every id handed out is below this.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the map holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file of an id handed out by this map.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The id of a path already in the map.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(|i| FileId(i as u32))
    }

    /// Whether a file of the map is at `path` or below it.
    pub fn any_at_or_below(&self, path: &Path) -> bool {
        self.files.iter().any(|f| f.path.starts_with(path))
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file).text.get(span.range()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_in_characters() {
        let mut sources = Sources::new();
        let id = sources.add("a.md", "first\nsé x\n".to_string());
        let file = sources.get(id);
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        assert_eq!(file.line_col(10), (2, 4));
        assert_eq!(file.line_text(10), "sé x");
    }

    #[test]
    fn the_end_of_a_crlf_line_is_just_past_its_last_character() {
        let mut sources = Sources::new();
        let id = sources.add("a.md", "ab\r\ncd\n".to_string());
        let file = sources.get(id);
        assert_eq!(file.line_col(2), (1, 3), "on the \\r");
        assert_eq!(file.line_col(3), (1, 3), "on the \\n");
        assert_eq!(file.line_col(6), (2, 3));
        assert_eq!(file.line_text(3), "ab");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let mut sources = Sources::new();
        let id = sources.add("a.md", "ab\rcd\r\ref\r\ngh".to_string());
        let file = sources.get(id);
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_text(4), "cd");
        assert_eq!(file.line_col(7), (4, 1));
        assert_eq!(file.line_text(7), "ef");
        assert_eq!(file.line_col(9), (4, 3), "on the \\r of a CRLF");
        assert_eq!(file.line_col(11), (5, 1));
        assert_eq!(file.line_start(12), 11);
    }

    proptest::proptest! {
        #[test]
        fn lines_are_found_as_a_scan_from_the_start_finds_them(text in "[a\r\né\t]{0,40}", at in 0usize..100) {
            let file = SourceFile::new("a.md".into(), text.clone());
            let offset = text.floor_char_boundary(at.min(text.len()));
            // The definition: every line break before the offset, counted from the start.
            let bytes = text.as_bytes();
            let (mut line, mut start) = (1, 0);
            for (i, &b) in bytes[..offset].iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    line += 1;
                    start = i + 1;
                }
            }
            proptest::prop_assert_eq!(file.line_of(offset), (line, start));
        }

        #[test]
        fn columns_and_line_texts_are_what_a_scan_of_the_line_finds_in_any_order(
            text in "[a\r\né\t]{0,40}",
            asked in proptest::collection::vec(0usize..50, 1..12),
        ) {
            let file = SourceFile::new("a.md".into(), text.clone());
            for at in asked {
                let offset = text.floor_char_boundary(at.min(text.len()));
                let start = file.line_of(offset).1;
                // The definitions: characters from the line's start (a CRLF's `\r` not one of
                // them, on its `\n`), and the text up to the next break.
                let mut shown = &text[start..offset];
                if text[offset..].starts_with('\n') {
                    shown = shown.strip_suffix('\r').unwrap_or(shown);
                }
                let end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
                proptest::prop_assert_eq!(file.line_col(offset).1, shown.chars().count() + 1, "at {}", offset);
                proptest::prop_assert_eq!(file.line_text(offset), text[start..end].trim_end_matches('\r'), "at {}", offset);
            }
        }
    }

    #[test]
    fn strips_a_byte_order_mark() {
        let mut sources = Sources::new();
        let id = sources.add("a.md", "\u{feff}+++".to_string());
        assert_eq!(sources.get(id).text, "+++");
    }
}
