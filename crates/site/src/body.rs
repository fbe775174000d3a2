//! Markdown bodies to HTML, with each task table and aggregate table replaced by the theme's
//! rendering of the computed figures.
//!
//! Raw HTML in markdown passes through: it is the author's own text (see SECURITY.md).

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

/// Renders `text[body]`; a table starting at one of `replace`'s absolute byte offsets is
/// replaced by its HTML.
pub fn render(text: &str, body: std::ops::Range<usize>, replace: &[(usize, String)]) -> String {
    let offset = body.start;
    let mut skipping = false;
    let events = Parser::new_ext(&text[body], content::markdown::options()).into_offset_iter().filter_map(
        |(event, range)| {
            if skipping {
                skipping = !matches!(event, Event::End(TagEnd::Table));
                return None;
            }
            if let Event::Start(Tag::Table(_)) = &event
                && let Some((_, html)) = replace.iter().find(|(start, _)| *start == offset + range.start)
            {
                skipping = true;
                return Some(Event::Html(CowStr::Borrowed(html.as_str())));
            }
            Some(event)
        },
    );
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Renders one line of markdown (a table cell) without the surrounding paragraph.
pub fn inline(markdown: &str) -> String {
    if is_plain(markdown) { markdown.to_string() } else { parse_inline(markdown) }
}

/// `inline` through the markdown parser, for any text.
fn parse_inline(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 8);
    html::push_html(&mut out, Parser::new_ext(markdown, content::markdown::options()));
    let trimmed = out.trim_end();
    trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")).unwrap_or(trimmed).to_string()
}

/// True when markdown renders inline as itself: it starts with a letter (no list, heading or
/// other block marker), ends with no space, and holds only letters, digits, spaces and
/// punctuation that neither starts inline markup nor needs escaping. Most task descriptions are
/// like that, and skipping the parser for them matters at 150,000 tasks.
fn is_plain(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last().is_some_and(|b| *b != b' ')
        && bytes.iter().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b'.'
                        | b','
                        | b';'
                        | b':'
                        | b'/'
                        | b'?'
                        | b'%'
                        | b'\''
                        | b'('
                        | b')'
                        | b'-'
                        | b'+'
                        | b'='
                        | b'#'
                        | b'@'
                )
        })
}

/// Minutes a reader needs for the body's words, at 220 words a minute; at least 1.
pub fn reading_minutes(text: &str) -> u32 {
    u32::try_from(words(text).div_ceil(220)).unwrap_or(u32::MAX).max(1)
}

/// How each ASCII byte bears on counting words, as two bits: `ALNUM` (it makes the word it is
/// in count) and `KEEP` (it does not end a word, that is, it is not whitespace).
const ALNUM: u8 = 1;
const KEEP: u8 = 2;
const ASCII_CLASS: [u8; 128] = {
    let mut class = [KEEP; 128];
    let mut byte = 0;
    while byte < 128 {
        // char::is_whitespace on ASCII: u8::is_ascii_whitespace leaves out vertical tab.
        if matches!(byte as u8, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r') {
            class[byte] = 0;
        } else if (byte as u8).is_ascii_alphanumeric() {
            class[byte] = ALNUM | KEEP;
        }
        byte += 1;
    }
    class
};

/// The words of `text` as `split_whitespace` finds them that hold a letter or a digit, in one
/// pass over the bytes without branching on ASCII (a table gives each byte's class), decoding
/// only other characters.
fn words(text: &str) -> usize {
    let bytes = text.as_bytes();
    // `counted` is 1 while inside a word that already holds a letter or digit.
    let (mut words, mut counted, mut at) = (0usize, 0usize, 0usize);
    let mut step = |class: u8| {
        let next = usize::from(class & ALNUM) | (counted & usize::from(class >> 1));
        words += next & !counted;
        counted = next;
    };
    while at < bytes.len() {
        // Eight ASCII bytes at a time, without bounds checks; anything else one character at a time.
        if let Some(chunk) = bytes.get(at..at + 8)
            && u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8])) & 0x8080_8080_8080_8080 == 0
        {
            for &byte in chunk {
                step(ASCII_CLASS[usize::from(byte & 0x7f)]);
            }
            at += 8;
        } else if bytes[at] < 0x80 {
            step(ASCII_CLASS[usize::from(bytes[at])]);
            at += 1;
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            at += c.len_utf8();
            step(u8::from(c.is_alphanumeric()) | if c.is_whitespace() { 0 } else { KEEP });
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_table_at_its_offset() {
        let text = "Intro\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nAfter\n";
        let start = text.find('|').expect("a table");
        let html = render(text, 0..text.len(), &[(start, "<div>computed</div>".to_string())]);
        assert_eq!(html, "<p>Intro</p>\n<div>computed</div>\n<p>After</p>\n");
    }

    #[test]
    fn keeps_other_tables() {
        let text = "| A |\n|---|\n| 1 |\n";
        assert!(render(text, 0..text.len(), &[]).contains("<table>"));
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(inline("**do** x \\| y"), "<strong>do</strong> x | y");
        assert_eq!(inline("a <b>c</b>"), "a <b>c</b>");
    }

    proptest::proptest! {
        #[test]
        fn plain_text_renders_as_itself(text in "[a-zA-Z0-9 .,;:/?%'()+=#@*_`<>&!~|\\[\\]-]{0,16}") {
            proptest::prop_assert_eq!(inline(&text), parse_inline(&text));
        }

        #[test]
        fn text_that_looks_plain_renders_as_itself(text in "[a-zA-Z][a-zA-Z0-9 .,;:/?%'()+=#@-]{0,24}") {
            proptest::prop_assert_eq!(inline(&text), parse_inline(&text));
        }

        #[test]
        fn words_count_like_split_whitespace(text in "[a-zA-Z09 .,\n\t\x0b\x0c\r\u{85}\u{a0}\u{2003}é—日-]{0,200}") {
            let expected = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            proptest::prop_assert_eq!(words(&text), expected);
        }

        #[test]
        fn words_count_like_split_whitespace_on_any_text(text in "\\PC{0,120}") {
            let expected = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            proptest::prop_assert_eq!(words(&text), expected);
        }
    }

    #[test]
    fn plain_text_skips_the_parser_only_when_safe() {
        assert!(is_plain("Port the renderer (v1.2) to 100% coverage"));
        for markup in ["1) list", "- item", "# heading", "a *b*", "a & b", "a\\b", "trailing ", ""] {
            assert!(!is_plain(markup), "{markup}");
        }
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_minutes("short"), 1);
        assert_eq!(reading_minutes(&"word ".repeat(441)), 3);
    }
}
