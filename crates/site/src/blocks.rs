//! Which block tag a template left open. minijinja reads `{% if %}...{% endblock %}` as an
//! "unknown statement endblock" and a template that ends inside a `{% for %}` as an "unexpected
//! end of input": both true, and neither names the tag that is open. This scan of the template's
//! tags finds it, so that the error can say which `{% end... %}` is missing and where its tag
//! opened. It reads tags only as far as it needs to; where the template is not what it expects,
//! it says nothing and minijinja's message stands.

use std::ops::Range;

/// The tags that open a block closed by `end<name>`. `set` opens one only without `=`.
const OPENERS: [&str; 9] = ["if", "for", "block", "macro", "call", "filter", "with", "autoescape", "set"];

/// A tag of the template: its first word and where the whole `{% ... %}` is.
#[derive(Debug)]
struct Tag<'a> {
    word: &'a str,
    range: Range<usize>,
}

/// The `{% ... %}` tags of `text` in order, without those inside `{% raw %}`, comments and
/// `{{ ... }}`. `None` where a tag does not end.
fn tags(text: &str) -> Option<Vec<Tag<'_>>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find('{') {
        let start = at + found;
        let rest = &text[start..];
        if rest.starts_with("{#") {
            at = start + rest.find("#}")? + 2;
        } else if rest.starts_with("{{") {
            at = start + rest.find("}}")? + 2;
        } else if rest.starts_with("{%") {
            let end = start + 2 + tag_end(&rest[2..])?;
            let inner = text[start + 2..end - 2].trim_start_matches(['-', '+']).trim_start();
            let word = &inner[..inner.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(inner.len())];
            at = end;
            if word == "raw" {
                // Everything up to `{% endraw %}` is text.
                let close = raw_end(&text[at..])?;
                at += close;
                continue;
            }
            tags.push(Tag { word, range: start..end });
        } else {
            at = start + 1;
        }
    }
    Some(tags)
}

/// The length of a tag's text after its `{%`, through its `%}`, skipping quoted strings.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '%' && chars.peek().is_some_and(|(_, next)| *next == '}') => return Some(i + 2),
            None => {}
        }
    }
    None
}

/// The length of raw text through its closing `{% endraw %}` tag.
fn raw_end(rest: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        let start = at + rest[at..].find("{%")?;
        let end = start + 2 + tag_end(&rest[start + 2..])?;
        let inner = rest[start + 2..end - 2].trim_matches(['-', '+', ' ', '\t', '\n', '\r']);
        if inner == "endraw" {
            return Some(end);
        }
        at = end;
    }
}

/// Whether a tag opens a block: `{% set x = 1 %}` does not, `{% set x %}...{% endset %}` does.
fn opens(text: &str, tag: &Tag<'_>) -> bool {
    OPENERS.contains(&tag.word) && (tag.word != "set" || !text[tag.range.clone()].contains('='))
}

/// A better message for a syntax error of minijinja's (`detail`, at byte `at` of `text`) where a
/// block tag was left open, with the span to show it at: the stray tag, or the open one when the
/// template ends. `line_col` gives a byte offset's line and column for the message. `None` when
/// the error is of another kind or the scan does not explain it.
pub(crate) fn left_open(
    text: &str,
    detail: &str,
    at: usize,
    line_col: impl Fn(usize) -> (usize, usize),
) -> Option<(Range<usize>, String)> {
    let tags = tags(text)?;
    let mut open: Vec<&Tag<'_>> = Vec::new();
    let place = |tag: &Tag<'_>| {
        let (line, col) = line_col(tag.range.start);
        format!("`{{% {} %}}` at {line}:{col}", tag.word)
    };
    let stray = detail.strip_prefix("unknown statement ");
    for tag in &tags {
        if stray.is_some() && tag.range.contains(&at) {
            let word = stray?;
            if word != tag.word {
                return None;
            }
            let innermost = open.last().copied();
            let message = match (word.strip_prefix("end"), innermost) {
                (Some(closed), Some(inner)) if open.iter().any(|tag| tag.word == closed) => format!(
                    "`{{% {word} %}}` closes `{{% {closed} %}}`, but {} is still open; expected `{{% end{} %}}` first",
                    place(inner),
                    inner.word
                ),
                (Some(closed), Some(inner)) => format!(
                    "`{{% {word} %}}` has no `{{% {closed} %}}` to close; the innermost open tag is {}, closed by \
                     `{{% end{} %}}`",
                    place(inner),
                    inner.word
                ),
                (Some(closed), None) => format!("`{{% {word} %}}` has no `{{% {closed} %}}` to close"),
                (None, Some(inner)) if matches!(word, "elif" | "else") => format!(
                    "`{{% {word} %}}` belongs to an `{{% if %}}`{}, but the innermost open tag is {}; expected \
                     `{{% end{} %}}` first",
                    if word == "else" { " or a `{% for %}`" } else { "" },
                    place(inner),
                    inner.word
                ),
                (None, None) if matches!(word, "elif" | "else") => format!(
                    "`{{% {word} %}}` stands outside any `{{% if %}}`{}",
                    if word == "else" { " or `{% for %}`" } else { "" }
                ),
                _ => return None,
            };
            return Some((tag.range.clone(), message));
        }
        if opens(text, tag) {
            open.push(tag);
        } else if let Some(closed) = tag.word.strip_prefix("end") {
            // A tag that closes what is not innermost is the error itself, not met before it.
            if open.pop()?.word != closed {
                return None;
            }
        }
    }
    if !detail.starts_with("unexpected end of input") {
        return None;
    }
    let inner = open.last()?;
    let message =
        format!("{} is never closed; expected `{{% end{} %}}` before the template ends", place(inner), inner.word);
    Some((inner.range.clone(), message))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What minijinja says of `text`, and what `left_open` makes of it.
    fn explained(text: &str) -> Option<(String, String)> {
        let mut env = minijinja::Environment::new();
        env.set_debug(false);
        let err = env.add_template("t.html", text).expect_err("a syntax error");
        assert_eq!(err.kind(), minijinja::ErrorKind::SyntaxError);
        let at = err.range().expect("a range").start;
        let line_col = |offset: usize| {
            let before = &text[..offset];
            (before.matches('\n').count() + 1, before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1)
        };
        let (range, message) = left_open(text, err.detail()?, at, line_col)?;
        Some((text[range].to_string(), message))
    }

    #[test]
    fn an_end_tag_met_inside_an_open_if_names_the_if_and_where_it_opened() {
        let (shown, message) =
            explained("{% block title %}\n  {% if record.title %}X\n{% endblock %}\n").expect("explained");
        assert_eq!(shown, "{% endblock %}");
        assert_eq!(
            message,
            "`{% endblock %}` closes `{% block %}`, but `{% if %}` at 2:3 is still open; expected `{% endif %}` first"
        );
    }

    #[test]
    fn a_template_that_ends_inside_a_for_points_at_the_for() {
        let (shown, message) =
            explained("{% for t in tasks %}\n{% if t %}{% endif %}\n{{ t.task }}\n").expect("explained");
        assert_eq!(shown, "{% for t in tasks %}");
        assert_eq!(message, "`{% for %}` at 1:1 is never closed; expected `{% endfor %}` before the template ends");
    }

    #[test]
    fn a_stray_end_tag_or_else_says_there_is_nothing_to_close() {
        let (_, message) = explained("{% block b %}{% endif %}{% endblock %}").expect("explained");
        assert_eq!(
            message,
            "`{% endif %}` has no `{% if %}` to close; the innermost open tag is `{% block %}` at 1:1, closed by \
             `{% endblock %}`"
        );
        let (_, message) = explained("text {% endfor %}").expect("explained");
        assert_eq!(message, "`{% endfor %}` has no `{% for %}` to close");
        let (_, message) = explained("a\n{% else %}").expect("explained");
        assert_eq!(message, "`{% else %}` stands outside any `{% if %}` or `{% for %}`");
        let (_, message) = explained("{% if a %}{% block b %}{% elif c %}").expect("explained");
        assert_eq!(
            message,
            "`{% elif %}` belongs to an `{% if %}`, but the innermost open tag is `{% block %}` at 1:11; expected \
             `{% endblock %}` first"
        );
    }

    #[test]
    fn raw_text_comments_strings_and_block_sets_are_read_as_minijinja_reads_them() {
        // `{% if %}` inside raw text, a comment or a string is not a tag; `set` with `=` opens nothing.
        let text = "{% raw %}{% if a %}{% endraw %}{# {% for x in y %} #}{% set a = \"%}{% if\" %}\
                    {% set b %}x{% endset %}{%- with c = 1 -%}\n{% endblock %}";
        let (shown, message) = explained(text).expect("explained");
        assert_eq!(shown, "{% endblock %}");
        assert_eq!(message, "`{% endblock %}` has no `{% block %}` to close; the innermost open tag is `{% with %}` at 1:101, closed by `{% endwith %}`");
    }

    #[test]
    fn other_syntax_errors_keep_minijinja_words() {
        assert_eq!(explained("{{ record.title }"), None);
        assert_eq!(explained("{% if %}{% endif %}"), None);
        assert_eq!(explained("{% frobnicate %}"), None);
    }
}
