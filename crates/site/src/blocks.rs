//! Which block tag a template left open. minijinja reads `{% if %}...{% endblock %}` as an
//! "unknown statement endblock" and a template that ends inside a `{% for %}` as an "unexpected
//! end of input": both true, and neither names the tag that is open. This scan of the template's
//! tags finds it, so that the error can say which `{% end... %}` is missing and where its tag
//! opened. It reads tags only as far as it needs to; where the template is not what it expects,
//! it says nothing and minijinja's message stands. The same scan finds the macros a template
//! defines and the template a name is imported from, for the error of a macro that is not there,
//! the comment or raw block left open, the filters and tests a template applies, and the
//! templates it names (`statements`, for the theme's checks of its includes and blocks).

use std::ops::Range;

/// The tags that open a block closed by `end<name>`. `set` opens one only without `=`.
const OPENERS: [&str; 9] = ["if", "for", "block", "macro", "call", "filter", "with", "autoescape", "set"];

/// A tag of the template: its first word and where the whole `{% ... %}` is.
#[derive(Debug)]
struct Tag<'a> {
    word: &'a str,
    range: Range<usize>,
}

/// A `{{ ... }}` expression or a `{% ... %}` tag of a template, where it is (its delimiters
/// included).
#[derive(Debug)]
struct Piece {
    statement: bool,
    range: Range<usize>,
}

/// What ends a template before the scan of its pieces does: a comment, a raw block (its `{% raw
/// %}` tag) or an expression or tag left open.
#[derive(Debug)]
enum Unclosed {
    Comment(usize),
    Raw(Range<usize>),
    Piece,
}

/// The `{{ ... }}` expressions and `{% ... %}` tags of `text` in order, without comments and what
/// a `{% raw %}` holds (its own two tags left out too); with what is left open where the text
/// ends, after the pieces before it.
fn pieces(text: &str) -> (Vec<Piece>, Option<Unclosed>) {
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find('{') {
        let start = at + found;
        let rest = &text[start..];
        if let Some(after) = rest.strip_prefix("{#") {
            let Some(end) = after.find("#}") else { return (pieces, Some(Unclosed::Comment(start))) };
            at = start + 2 + end + 2;
        } else if let Some(after) = rest.strip_prefix("{{") {
            let Some(end) = tag_end(after, '}') else { return (pieces, Some(Unclosed::Piece)) };
            at = start + 2 + end;
            pieces.push(Piece { statement: false, range: start..at });
        } else if let Some(after) = rest.strip_prefix("{%") {
            let Some(end) = tag_end(after, '%') else { return (pieces, Some(Unclosed::Piece)) };
            at = start + 2 + end;
            if first_word(&text[start..at]) == "raw" {
                // Everything up to `{% endraw %}` is text.
                let Some(end) = raw_end(&text[at..]) else { return (pieces, Some(Unclosed::Raw(start..at))) };
                at += end;
                continue;
            }
            pieces.push(Piece { statement: true, range: start..at });
        } else {
            at = start + 1;
        }
    }
    (pieces, None)
}

/// Each `{% ... %}` tag of `text` before anything left open (`pieces`): where it is, and its
/// words without the `{%`, `%}` and whitespace control (`include "a.html"`).
pub(crate) fn statements(text: &str) -> Vec<(Range<usize>, &str)> {
    let (pieces, _) = pieces(text);
    pieces
        .into_iter()
        .filter(|piece| piece.statement)
        .map(|piece| {
            let inner = &text[piece.range.start + 2..piece.range.end - 2];
            (piece.range, inner.trim_matches(['-', '+']).trim())
        })
        .collect()
}

/// The first word of a tag (`if` of `{%- if x %}`).
fn first_word(tag: &str) -> &str {
    let inner = tag[2..].trim_start_matches(['-', '+']).trim_start();
    &inner[..inner.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(inner.len())]
}

/// The `{% ... %}` tags of `text` in order, without those inside `{% raw %}`, comments and
/// `{{ ... }}`. `None` where something is left open.
fn tags(text: &str) -> Option<Vec<Tag<'_>>> {
    let (pieces, None) = pieces(text) else { return None };
    let statements = pieces.into_iter().filter(|piece| piece.statement);
    Some(
        statements
            .map(|piece| Tag { word: first_word(&text[piece.range.clone()]), range: piece.range })
            .collect(),
    )
}

/// What a template applies by name: a filter (`x|upper`, `{% filter upper %}`) or a test
/// (`x is defined`, `x is not none`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Applied {
    Filter,
    Test,
}

/// Every filter and test a template applies by name, where it is written: in its expressions
/// and tags, outside comments, raw blocks and strings. minijinja finds an unknown one only when
/// a page runs it (a filter inside an `{% if %}` no page takes), as it does a missing include.
/// Nothing for a template with something left open, which does not compile.
pub(crate) fn applied_names(text: &str) -> Vec<(Range<usize>, Applied)> {
    let mut found = Vec::new();
    let mut words = Vec::new();
    let (pieces, None) = pieces(text) else { return found };
    for piece in pieces {
        words_into(&mut words, text, piece.range.start + 2..piece.range.end - 2);
        for (n, (_, word)) in words.iter().enumerate() {
            let next = |k: usize| words.get(n + k).filter(|(_, w)| *w != "|" && *w != ".");
            let applied = match *word {
                "|" => next(1).map(|(range, _)| (range.clone(), Applied::Filter)),
                "filter" if piece.statement && n == 0 => {
                    next(1).map(|(range, _)| (range.clone(), Applied::Filter))
                }
                "is" => match next(1) {
                    Some((_, "not")) => next(2).map(|(range, _)| (range.clone(), Applied::Test)),
                    Some((range, _)) => Some((range.clone(), Applied::Test)),
                    None => None,
                },
                _ => None,
            };
            found.extend(applied);
        }
    }
    found
}

/// The names and pipes of `text[within]` (a piece's inside) into `words`, in place of what it
/// held, strings left out: a name after a dot is an attribute, `.`, not a word of the language.
/// A character of more than a byte is part of a name (`défini`).
fn words_into<'t>(words: &mut Vec<(Range<usize>, &'t str)>, text: &'t str, within: Range<usize>) {
    let bytes = text.as_bytes();
    words.clear();
    let mut i = within.start;
    while i < within.end {
        match bytes[i] {
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < within.end {
                    i += 1;
                    match bytes[i - 1] {
                        b'\\' => i += 1,
                        c if c == quote => break,
                        _ => {}
                    }
                }
            }
            b'|' => {
                words.push((i..i + 1, "|"));
                i += 1;
            }
            b if b.is_ascii_alphabetic() || b == b'_' || !b.is_ascii() => {
                let start = i;
                while i < within.end
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || !bytes[i].is_ascii())
                {
                    i += 1;
                }
                let attribute = text[..start].trim_end().ends_with('.');
                words.push((start..i, if attribute { "." } else { &text[start..i] }));
            }
            _ => i += 1,
        }
    }
}

/// The length of a tag's text after its `{%` (or an expression's after its `{{`), through its
/// `%}` (`}}`, with `close` the `}` of it), skipping quoted strings.
fn tag_end(rest: &str, close: char) -> Option<usize> {
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
            None if c == close && chars.peek().is_some_and(|(_, next)| *next == '}') => return Some(i + 2),
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
        let end = start + 2 + tag_end(&rest[start + 2..], '%')?;
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
            // An `end` of no block tag minijinja knows (`endwhile`) is left to its message.
            if word.strip_prefix("end").is_some_and(|closed| !OPENERS.contains(&closed)) {
                return None;
            }
            // What an `else` or `elif` may belong to, and the nearest such tag open.
            let takers: &[&str] = if word == "else" { &["if", "for"] } else { &["if"] };
            let owner = open.iter().rev().find(|tag| takers.contains(&tag.word));
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
                // Its own tag is innermost: a second `else`, or an `elif` after one, which
                // minijinja's words say well enough.
                (None, Some(inner)) if takers.contains(&inner.word) => return None,
                (None, Some(inner)) if matches!(word, "elif" | "else") && owner.is_some() => format!(
                    "`{{% {word} %}}` belongs to {}, but {} is still open inside it; expected `{{% end{} %}}` first",
                    place(owner?),
                    place(inner),
                    inner.word
                ),
                (None, _) if matches!(word, "elif" | "else") => format!(
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
    let message = format!(
        "{} is never closed; expected `{{% end{} %}}` before the template ends",
        place(inner),
        inner.word
    );
    Some((inner.range.clone(), message))
}

/// The comment or raw block left open, for minijinja's "unexpected end of comment" and
/// "unexpected end of raw block", which it says at the template's end: where it opened, and
/// what closes it.
pub(crate) fn never_closed(
    text: &str,
    detail: &str,
    line_col: impl Fn(usize) -> (usize, usize),
) -> Option<(Range<usize>, String)> {
    let said = |start: usize, what: &str, closer: &str| {
        let (line, col) = line_col(start);
        format!("`{what}` at {line}:{col} is never closed; expected `{closer}` before the template ends")
    };
    match pieces(text).1 {
        Some(Unclosed::Comment(start)) if detail.starts_with("unexpected end of comment") => {
            Some((start..start + 2, said(start, "{#", "#}")))
        }
        Some(Unclosed::Raw(tag)) if detail.starts_with("unexpected end of raw block") => {
            Some((tag.clone(), said(tag.start, "{% raw %}", "{% endraw %}")))
        }
        _ => None,
    }
}

/// The names of the macros `text` defines, in order.
pub(crate) fn macros(text: &str) -> Vec<&str> {
    let Some(tags) = tags(text) else { return Vec::new() };
    tags.iter()
        .filter(|tag| tag.word == "macro")
        .filter_map(|tag| {
            let after = text[tag.range.clone()].split_once("macro")?.1.trim_start();
            let name = &after[..after.find(|c: char| !(c.is_alphanumeric() || c == '_'))?];
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// The template `text` imports a name from: `alias` of `{% import "t.html" as alias %}`, or a
/// name of `{% from "t.html" import a, b as c %}` (as it is called: `c`).
pub(crate) fn imported_from<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    tags(text)?.iter().filter(|tag| matches!(tag.word, "import" | "from")).find_map(|tag| {
        let inner = text[tag.range.clone()].trim_start_matches("{%").trim_end_matches("%}");
        let inner = inner.trim_matches(['-', '+', ' ', '\t', '\n', '\r']);
        let mut quoted = inner.split(['"', '\'']);
        let (_, template, rest) = (quoted.next()?, quoted.next()?, quoted.next()?);
        // `with context` or `without context` may end either form.
        let rest = rest.trim();
        let rest =
            ["without context", "with context"].iter().find_map(|s| rest.strip_suffix(s)).unwrap_or(rest);
        let bound: Vec<&str> = if tag.word == "import" {
            vec![rest.trim().strip_prefix("as")?.trim()]
        } else {
            let names = rest.trim().strip_prefix("import")?;
            names.split(',').filter_map(|one| one.split_whitespace().last()).collect()
        };
        bound.contains(&name).then_some(template)
    })
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
        let (range, message) = left_open(text, err.detail()?, at, line_col)
            .or_else(|| never_closed(text, err.detail().unwrap_or_default(), line_col))?;
        Some((text[range].to_string(), message))
    }

    #[test]
    fn the_filters_and_tests_a_template_applies_are_found_where_they_are_written() {
        let text = "{{ a|upper }}{# {{ b|nocomment }} #}{% raw %}{{ c|noraw }}{% endraw %}\
                    {% if x is not none and y is defined %}{{ \"|nostring\" ~ z | lower }}{% endif %}\
                    {% filter title %}t{% endfilter %}{{ x.is }}{% set v = w|default('a|b')|trim %}";
        let found: Vec<(&str, Applied)> =
            applied_names(text).into_iter().map(|(range, applied)| (&text[range], applied)).collect();
        use Applied::{Filter, Test};
        assert_eq!(
            found,
            [
                ("upper", Filter),
                ("none", Test),
                ("defined", Test),
                ("lower", Filter),
                ("title", Filter),
                ("default", Filter),
                ("trim", Filter)
            ]
        );
        // A character of more than a byte inside a tag is no name and no place to panic at.
        let text = "{{ é|upper }}{% if — is défini %}";
        let found: Vec<&str> = applied_names(text).into_iter().map(|(range, _)| &text[range]).collect();
        assert_eq!(found, ["upper", "défini"]);
        // Unclosed tags and strings end the text without a panic.
        for cut in 0..text.len() {
            if text.is_char_boundary(cut) {
                let _ = applied_names(&text[..cut]);
            }
        }
    }

    proptest::proptest! {
        /// Any text is scanned for the filters and tests it applies without a panic, and each
        /// one found is a name written in the text.
        #[test]
        fn applied_names_are_names_of_the_text(text in "([{}%#|\"' a-z.é—]|is |not |raw|endraw){0,60}") {
            for (range, _) in applied_names(&text) {
                let name = &text[range];
                proptest::prop_assert!(!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || !c.is_ascii()), "{}", name);
            }
        }

    }

    #[test]
    fn a_comment_or_raw_block_never_closed_is_shown_where_it_opened() {
        assert_eq!(
            explained("a\n{# a note {{ x }}\nb\n").expect("explained"),
            (
                "{#".to_string(),
                "`{#` at 2:1 is never closed; expected `#}` before the template ends".to_string()
            )
        );
        assert_eq!(
            explained("{# done #}\n  {%- raw %}\n{{ x }}{% endraw\n").expect("explained"),
            (
                "{%- raw %}".to_string(),
                "`{% raw %}` at 2:3 is never closed; expected `{% endraw %}` before the template ends"
                    .to_string()
            )
        );
        // A `{#` inside a raw block is text, and a closed one is no error of this kind.
        assert_eq!(explained("{% raw %}{#{% endraw %}{{ x"), None);
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
        assert_eq!(
            message,
            "`{% for %}` at 1:1 is never closed; expected `{% endfor %}` before the template ends"
        );
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
            "`{% elif %}` belongs to `{% if %}` at 1:1, but `{% block %}` at 1:11 is still open inside it; expected \
             `{% endblock %}` first"
        );
        // No `if` open at all, whatever else is; a second `else` and an unknown `end` are minijinja's.
        let (_, message) = explained("{% block b %}{% else %}{% endblock %}").expect("explained");
        assert_eq!(message, "`{% else %}` stands outside any `{% if %}` or `{% for %}`");
        assert_eq!(explained("{% if a %}{% else %}{% else %}{% endif %}"), None);
        assert_eq!(explained("{% endwhile %}"), None);
    }

    /// A `}}` or `%}` inside a string ends nothing, and a comment's `#}` is looked for after its `{#`.
    #[test]
    fn strings_in_expressions_and_a_comment_s_first_brace_end_nothing() {
        let (_, message) = explained("{% for x in y %}{{ \"}}{% if a %}\" }}").expect("explained");
        assert_eq!(
            message,
            "`{% for %}` at 1:1 is never closed; expected `{% endfor %}` before the template ends"
        );
        let (_, message) = explained("{% for x in y %}{#} {% if a %} #}").expect("explained");
        assert_eq!(
            message,
            "`{% for %}` at 1:1 is never closed; expected `{% endfor %}` before the template ends"
        );
    }

    #[test]
    fn raw_text_comments_strings_and_block_sets_are_read_as_minijinja_reads_them() {
        // `{% if %}` inside raw text, a comment or a string is not a tag; `set` with `=` opens nothing.
        let text = "{% raw %}{% if a %}{% endraw %}{# {% for x in y %} #}{% set a = \"%}{% if\" %}\
                    {% set b %}x{% endset %}{%- with c = 1 -%}\n{% endblock %}";
        let (shown, message) = explained(text).expect("explained");
        assert_eq!(shown, "{% endblock %}");
        assert_eq!(
            message,
            "`{% endblock %}` has no `{% block %}` to close; the innermost open tag is `{% with %}` at 1:101, closed by `{% endwith %}`"
        );
    }

    #[test]
    fn macros_and_the_templates_names_are_imported_from_are_found() {
        let text = "{% macro stats(t) %}{% endmacro %}\n{%- macro   row_2 () -%}{% endmacro %}{# {% macro no() %} #}";
        assert_eq!(macros(text), ["stats", "row_2"]);
        let text =
            "{% import \"partials/macros.html\" as m %}{% from 'a.html' import x, y as z with context %}";
        assert_eq!(imported_from(text, "m"), Some("partials/macros.html"));
        assert_eq!(imported_from("{% import 'p.html' as q with context %}", "q"), Some("p.html"));
        assert_eq!(imported_from(text, "x"), Some("a.html"));
        assert_eq!(imported_from(text, "z"), Some("a.html"));
        assert_eq!(imported_from(text, "y"), None);
        assert_eq!(imported_from(text, "n"), None);
    }

    /// A template of tags and text, some of them left open or closed twice.
    fn template() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "{% if a %}",
            "{% elif b %}",
            "{% else %}",
            "{% endif %}",
            "{% for x in y %}",
            "{% endfor %}",
            "{%- block b -%}",
            "{% endblock %}",
            "{% set s %}",
            "{% endset %}",
            "{% set t = 1 %}",
            "{% raw %}",
            "{% endraw %}",
            "{# c #}",
            "{#",
            "#}",
            "{{ x }}",
            "{{",
            "\"",
            "%}",
            "{%",
            "text",
            "\n",
            "é",
        ]);
        proptest::collection::vec(piece, 0..14).prop_map(|pieces| pieces.concat())
    }

    fn parsed(text: &str) -> Result<(), minijinja::Error> {
        let mut env = minijinja::Environment::new();
        env.add_template("t.html", text).map(|_| ())
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// No template makes the scan panic, and the end tag it asks for is the one missing:
        /// written where it says, minijinja's error moves past it or goes.
        #[test]
        fn the_end_tag_asked_for_is_the_one_missing(text in template()) {
            let Err(err) = parsed(&text) else { return Ok(()) };
            let Some(at) = err.range().map(|range| range.start) else { return Ok(()) };
            let line_col = |offset: usize| (offset, 0);
            let Some((range, message)) = left_open(&text, err.detail().unwrap_or_default(), at, line_col) else {
                return Ok(());
            };
            let Some(wanted) = message.split("expected `").nth(1).and_then(|rest| rest.split('`').next()) else {
                return Ok(());
            };
            let ends = message.ends_with("before the template ends");
            let insert_at = if ends { text.len() } else { range.start };
            let fixed = format!("{}{wanted}{}", &text[..insert_at], &text[insert_at..]);
            match parsed(&fixed) {
                Ok(()) => {}
                Err(again) if ends => {
                    let still = left_open(&fixed, again.detail().unwrap_or_default(), again.range().map_or(0, |r| r.start), line_col);
                    proptest::prop_assert!(still.is_none_or(|(other, _)| other != range), "{:?} -> {:?}", text, fixed);
                }
                Err(again) => {
                    let moved = again.range().is_none_or(|r| r.start >= insert_at + wanted.len());
                    proptest::prop_assert!(moved, "{:?} -> {:?}: {}", text, fixed, again);
                }
            }
        }
    }

    #[test]
    fn other_syntax_errors_keep_minijinja_words() {
        assert_eq!(explained("{{ record.title }"), None);
        assert_eq!(explained("{% if %}{% endif %}"), None);
        assert_eq!(explained("{% frobnicate %}"), None);
    }
}
