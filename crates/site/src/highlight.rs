//! Syntax highlighting of the fenced code blocks that name their language (```` ```rust ````),
//! as Zola and Hugo highlight them: each token in a `<span>` whose classes are the parts of its
//! scope with `hl-` before them (`hl-keyword hl-control`), coloured by the theme's stylesheet,
//! light or dark. The languages are syntect's default set (Sublime Text's syntaxes), read the
//! first time a build meets such a block, and for a language it lacks (TypeScript, TOML,
//! Dockerfile, Kotlin, Swift ...) bat's larger set, from two-face, read the first time one is
//! named; a block of a language neither knows, or of none, is written as it was.

use std::collections::VecDeque;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
/// bat's 220 syntaxes (3 ms to read): asked only for the languages the default set lacks, so that
/// a language both know is highlighted as it always was.
static MORE_SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// `hl-keyword hl-control hl-rust`: the theme styles the first parts it knows.
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The highlighted HTML of `code` (escaped, in spans) in the language the info string `info`
/// names by its first word (`rust`, `py`, `sh`, `json {.wide}`), or `None` when syntect knows no
/// such language or cannot read the code.
pub fn highlight(info: &str, code: &str) -> Option<String> {
    let token = info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next()?;
    if token.is_empty() {
        return None;
    }
    let (set, syntax) = match SYNTAXES.find_syntax_by_token(token) {
        Some(syntax) => (&*SYNTAXES, syntax),
        None => (&*MORE_SYNTAXES, MORE_SYNTAXES.find_syntax_by_token(token)?),
    };
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASSES);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

/// Whether a body should go through `Highlighted`: highlighting is on (site.toml's
/// `highlight_code`) and `markdown` holds a code fence (```` ``` ```` or `~~~`). Looked for in
/// one vectorised pass, so that the bodies without code, most of them, skip a layer that every
/// event would pass through (2% of a 1,000-record build's instructions, callgrind).
pub fn wanted(on: bool, markdown: &str) -> bool {
    on && (memchr::memmem::find(markdown.as_bytes(), b"```").is_some()
        || memchr::memmem::find(markdown.as_bytes(), b"~~~").is_some())
}

/// `events` with the text of each fenced code block of a known language highlighted: the block's
/// start and end pass as they are (the writer writes `<pre><code class="language-rust">` and its
/// end), and its text becomes the highlighted HTML between them.
#[derive(Debug)]
pub struct Highlighted<'a, I> {
    events: I,
    queued: VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Highlighted<'a, I> {
    pub fn new(events: I) -> Self {
        Highlighted { events, queued: VecDeque::new() }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Highlighted<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queued.pop_front() {
            return Some(event);
        }
        let event = self.events.next()?;
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event else { return Some(event) };
        if info.trim().is_empty() {
            return Some(event);
        }
        // The block's text, in one or more events, then its end.
        let mut code = String::new();
        let mut end = None;
        for inner in self.events.by_ref() {
            match inner {
                Event::Text(text) => code.push_str(&text),
                other => {
                    end = Some(other);
                    break;
                }
            }
        }
        let body = match highlight(info, &code) {
            Some(html) => Event::Html(CowStr::from(html)),
            None => Event::Text(CowStr::from(code)),
        };
        self.queued.push_back(body);
        self.queued.extend(end);
        Some(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, TagEnd, html};

    fn ends_code(event: &Event<'_>) -> bool {
        matches!(event, Event::End(TagEnd::CodeBlock))
    }

    fn render(markdown: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, Highlighted::new(Parser::new(markdown)));
        out
    }

    #[test]
    fn a_block_of_a_known_language_is_highlighted_and_escaped() {
        let out = render("```rust\nfn main() { let s = \"<b>\"; } // done\n```\n");
        assert!(out.starts_with("<pre><code class=\"language-rust\">"), "{out}");
        assert!(out.ends_with("</code></pre>\n"), "{out}");
        assert!(out.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"), "{out}");
        assert!(out.contains("hl-comment"), "{out}");
        assert!(out.contains("&lt;b&gt;") && !out.contains("<b>"), "the code's text is escaped: {out}");
    }

    #[test]
    fn languages_the_default_set_lacks_are_highlighted_too() {
        let ts = render("```ts\nconst n: number = 1; // one\n```\n");
        assert!(ts.contains("<span class=\"hl-storage hl-type hl-ts\">const</span>"), "{ts}");
        assert!(ts.contains("hl-comment"), "{ts}");
        let toml = render("```toml\n[site]\ntitle = \"Log\"\n```\n");
        assert!(toml.contains("hl-string"), "{toml}");
        for token in
            ["typescript", "tsx", "dockerfile", "kotlin", "swift", "zig", "terraform", "nix", "powershell"]
        {
            assert!(highlight(token, "x\n").is_some(), "{token}");
        }
        // A diff's lines carry the classes the stylesheet colours.
        let diff = render("```diff\n- old\n+ new\n```\n");
        assert!(diff.contains("hl-deleted") && diff.contains("hl-inserted"), "{diff}");
        let style = include_str!("../../../themes/default/static/style.css");
        assert!(style.contains(".hl-inserted {") && style.contains(".hl-deleted {"));
        // One both sets know is read from the default set, as before.
        let sh = render("```sh\necho hi # greet\n```\n");
        assert!(sh.contains("hl-shell"), "{sh}");
    }

    #[test]
    fn only_a_body_with_a_fence_goes_through_the_highlighter() {
        assert!(wanted(true, "a\n```rust\nx\n```\n") && wanted(true, "~~~\nx\n~~~\n"));
        assert!(!wanted(true, "prose, `code` and    indented code\n"));
        assert!(!wanted(false, "```rust\nx\n```\n"), "highlight_code = false");
    }

    #[test]
    fn other_blocks_are_written_as_they_were() {
        for markdown in
            ["```\nplain <b>\n```\n", "```no-such-language\nplain <b>\n```\n", "    indented <b>\n"]
        {
            let mut plain = String::new();
            html::push_html(&mut plain, Parser::new(markdown));
            assert_eq!(render(markdown), plain, "{markdown}");
        }
    }

    #[test]
    fn the_events_around_a_block_pass_in_order() {
        let events: Vec<Event<'_>> = Highlighted::new(Parser::new("a\n\n```py\nx = 1\n```\n\nb\n")).collect();
        let end = events.iter().position(ends_code).expect("the block's end");
        assert!(matches!(events[end - 1], Event::Html(_)), "{events:?}");
        assert!(matches!(events[end - 2], Event::Start(Tag::CodeBlock(_))), "{events:?}");
        assert!(matches!(events.last(), Some(Event::End(TagEnd::Paragraph))), "{events:?}");
    }
}
