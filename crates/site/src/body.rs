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

/// The words of `text` as `split_whitespace` finds them that hold a letter or a digit.
///
/// Runs of up to 64 ASCII bytes are classified eight bytes at a time into two bit masks
/// (whitespace, letters and digits) and counted with a few word operations (see `Words::run`);
/// any other character is decoded and classified on its own.
fn words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = Words { words: 0, counted: false };
    let mut at = 0;
    while at < bytes.len() {
        let block = &bytes[at..bytes.len().min(at + 64)];
        let ascii = if block.is_ascii() {
            block.len()
        } else {
            block.iter().position(|b| !b.is_ascii()).unwrap_or(0)
        };
        if ascii > 0 {
            let (space, alnum) = ascii_masks(&block[..ascii]);
            count.run(space, alnum);
            at += ascii;
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            at += c.len_utf8();
            count.char(c);
        }
    }
    count.words
}

/// A word count in progress.
struct Words {
    words: usize,
    /// True inside a word that already holds a letter or digit (and so is counted).
    counted: bool,
}

impl Words {
    /// Counts one character.
    fn char(&mut self, c: char) {
        let class = if c.is_ascii() {
            ASCII_CLASS[usize::from(c as u8)]
        } else {
            u8::from(c.is_alphanumeric()) | if c.is_whitespace() { 0 } else { KEEP }
        };
        if class & KEEP == 0 {
            self.counted = false;
        } else if class & ALNUM != 0 && !self.counted {
            self.words += 1;
            self.counted = true;
        }
    }

    /// Counts a run of up to 64 characters given as bit masks, bit `i` for character `i`:
    /// `space` for whitespace, `alnum` for letters and digits; other bits are other characters.
    ///
    /// A letter or digit starts a counted word when the last whitespace or letter or digit
    /// before it is whitespace (or there is none and no counted word is open). With `other`
    /// the remaining characters, adding a carry at the bottom of each run of `other` that
    /// follows whitespace sets every bit of that run and the bit just above it.
    fn run(&mut self, space: u64, alnum: u64) {
        let other = !(space | alnum);
        let after_space = (space << 1) | u64::from(!self.counted);
        let carried = other.wrapping_add(after_space & other) ^ other;
        self.words += (alnum & (after_space | carried)).count_ones() as usize;
        let events = space | alnum;
        if events != 0 {
            self.counted = (alnum >> (63 - events.leading_zeros())) & 1 == 1;
        }
    }
}

/// The whitespace and letter-or-digit masks of up to 64 ASCII bytes, bit `i` for byte `i`.
fn ascii_masks(bytes: &[u8]) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte that is at least `lo` (bytes below 0x80, `lo` at most 0x80:
    // no byte's sum carries into the next).
    let at_least = |x: u64, lo: u8| x.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH;
    let within = |x: u64, lo: u8, hi: u8| at_least(x, lo) & !at_least(x, hi + 1);
    // The high bits of the eight bytes gathered into the low byte, byte `k` to bit `k`.
    let gather = |high: u64| (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    let (mut space, mut alnum) = (0u64, 0u64);
    for (i, chunk) in bytes.chunks(8).enumerate() {
        // Missing bytes of the last chunk are NUL: neither whitespace nor a letter or digit.
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let s = within(x, 0x09, 0x0D) | within(x, b' ', b' ');
        let a = within(x, b'0', b'9') | within(x | (ONES * 0x20), b'a', b'z');
        space |= gather(s) << (8 * i);
        alnum |= gather(a) << (8 * i);
    }
    (space, alnum)
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
        fn words_count_like_split_whitespace_on_long_text(
            text in "([a-zA-Z0-9 .,;*#\n\t\x0b\x0c\r-]{0,90}[\u{85}\u{a0}é—日]?){0,8}"
        ) {
            let expected = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            proptest::prop_assert_eq!(words(&text), expected);
        }

        #[test]
        fn masks_classify_every_ascii_byte(bytes in proptest::collection::vec(0u8..0x80, 0..=64)) {
            let (space, alnum) = ascii_masks(&bytes);
            for (i, b) in bytes.iter().enumerate() {
                let class = ASCII_CLASS[usize::from(*b)];
                proptest::prop_assert_eq!((space >> i) & 1 == 1, class & KEEP == 0);
                proptest::prop_assert_eq!((alnum >> i) & 1 == 1, class & ALNUM != 0);
            }
            if bytes.len() < 64 {
                proptest::prop_assert_eq!((space >> bytes.len(), alnum >> bytes.len()), (0, 0));
            }
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
