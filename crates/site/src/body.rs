//! Markdown bodies to HTML, with each task table and aggregate table replaced by the theme's
//! rendering of the computed figures.
//!
//! Raw HTML in markdown passes through: it is the author's own text (see SECURITY.md).

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

/// Renders `text[body]`; a table starting at one of `replace`'s absolute byte offsets is
/// replaced by its HTML.
pub fn render(text: &str, body: std::ops::Range<usize>, replace: &[(usize, String)]) -> String {
    let offset = body.start;
    let mut events = Vec::new();
    let mut skipping = false;
    for (event, range) in Parser::new_ext(&text[body], content::markdown::options()).into_offset_iter() {
        if skipping {
            skipping = !matches!(event, Event::End(TagEnd::Table));
            continue;
        }
        if let Event::Start(Tag::Table(_)) = &event
            && let Some((_, html)) = replace.iter().find(|(start, _)| *start == offset + range.start)
        {
            events.push(Event::Html(CowStr::Borrowed(html.as_str())));
            skipping = true;
            continue;
        }
        events.push(event);
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Renders one line of markdown (a table cell) without the surrounding paragraph.
pub fn inline(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 8);
    html::push_html(&mut out, Parser::new_ext(markdown, content::markdown::options()));
    let trimmed = out.trim_end();
    trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")).unwrap_or(trimmed).to_string()
}

/// Minutes a reader needs for the body's words, at 220 words a minute; at least 1.
pub fn reading_minutes(text: &str) -> u32 {
    let words = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    u32::try_from(words.div_ceil(220)).unwrap_or(u32::MAX).max(1)
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

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(reading_minutes("short"), 1);
        assert_eq!(reading_minutes(&"word ".repeat(441)), 3);
    }
}
