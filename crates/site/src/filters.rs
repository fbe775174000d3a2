//! The filters a theme has beyond minijinja's own, the ones Zola's and Hugo's theme authors reach
//! for: `date` and `shorten` (leverage's own), and `truncate`, `striptags`, `wordcount` and
//! `pluralize` from minijinja-contrib. Nothing here reads the clock or the machine: the same
//! input renders the same bytes.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, Value};

/// Adds the filters to `env`.
pub(crate) fn add_to(env: &mut Environment<'_>) {
    env.add_filter("date", date);
    env.add_filter("truncate", truncate);
    env.add_filter("shorten", shorten_filter);
    env.add_filter("striptags", minijinja_contrib::filters::striptags);
    env.add_filter("wordcount", minijinja_contrib::filters::wordcount);
    env.add_filter("pluralize", minijinja_contrib::filters::pluralize);
    add_markdown(env, true);
}

/// Adds `markdown`, its code blocks highlighted when `highlight` is (site.toml's
/// `highlight_code`, as in a body).
pub(crate) fn add_markdown(env: &mut Environment<'_>, highlight: bool) {
    // None (a front matter key not given) renders nothing, as `date` and `shorten` give.
    env.add_filter("markdown", move |text: Option<&str>, kwargs: Kwargs| {
        markdown(text.unwrap_or_default(), kwargs, highlight)
    });
}

/// Zola's `markdown`: the text rendered as markdown, with the site's extensions (a shortcode's
/// `body`: `{{ body | markdown }}`). With `inline=true`, a text that is one paragraph is written
/// without its `<p>`. The HTML is marked safe: markdown's own raw HTML passes, as in a body.
fn markdown(text: &str, kwargs: Kwargs, highlight: bool) -> Result<Value, Error> {
    let inline = kwargs.get::<Option<bool>>("inline")?.unwrap_or(false);
    kwargs.assert_all_used()?;
    let html = crate::body::render_markdown(text, crate::highlight::wanted(highlight, text));
    let html = match html.strip_prefix("<p>").and_then(|p| p.strip_suffix("</p>\n")) {
        Some(paragraph) if inline && !paragraph.contains("<p>") => paragraph.to_string(),
        _ => html,
    };
    Ok(Value::from_safe_string(html))
}

/// minijinja-contrib's `truncate`, taking its arguments by position as well, as Jinja's does:
/// `truncate(30)`, `truncate(30, true)`, `truncate(30, false, "…", 0)`; a keyword may follow the
/// positions it does not repeat.
fn truncate(
    state: &mut minijinja::State,
    value: &Value,
    positional: minijinja::value::Rest<Value>,
    kwargs: Kwargs,
) -> Result<Value, Error> {
    const NAMES: [&str; 4] = ["length", "killwords", "end", "leeway"];
    if positional.len() > NAMES.len() {
        return Err(Error::new(
            ErrorKind::TooManyArguments,
            "truncate takes at most four arguments: length, killwords, end, leeway",
        ));
    }
    let mut all: Vec<(&str, Value)> = NAMES.iter().copied().zip(positional.iter().cloned()).collect();
    for name in kwargs.args() {
        if all.iter().any(|(given, _)| *given == name) {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("truncate was given `{name}` twice"),
            ));
        }
        all.push((name, kwargs.peek::<Value>(name)?));
    }
    // contrib's filter checks the keywords, refusing any it does not know.
    minijinja_contrib::filters::truncate(state, value, all.into_iter().collect())
}

/// The most characters a page's meta description has: about what a search engine shows of it.
pub(crate) const DESCRIPTION_LENGTH: usize = 160;

/// `{{ value|shorten }}`, `shorten(120)` or `shorten(length=120)`.
fn shorten_filter(value: &Value, length: Option<usize>, kwargs: Kwargs) -> Result<String, Error> {
    let keyword: Option<usize> = kwargs.get("length")?;
    kwargs.assert_all_used()?;
    if length.is_some() && keyword.is_some() {
        return Err(Error::new(ErrorKind::InvalidOperation, "shorten was given `length` twice"));
    }
    Ok(shorten_value(value, length.or(keyword).unwrap_or(DESCRIPTION_LENGTH)))
}

/// `shorten` of a string, or of any other value as printed; none or undefined, as printed, is empty.
pub(crate) fn shorten_value(value: &Value, length: usize) -> String {
    match value.as_str() {
        Some(text) => shorten(text, length).into_owned(),
        None if value.is_none() || value.is_undefined() => String::new(),
        None => shorten(&value.to_string(), length).into_owned(),
    }
}

/// `text` in at most `length` characters, for a meta description: whole, when it fits; else its
/// whole sentences that fit, when they are at least half of `length`; else its whole words that
/// fit, when they are, and `…`; else its characters that fit (in a text of few spaces, such as
/// Japanese), and `…`. A character and the marks or joiners that go with it are never parted,
/// nor two words a no-break space holds together.
pub(crate) fn shorten(text: &str, length: usize) -> std::borrow::Cow<'_, str> {
    let text = text.trim();
    // Where the characters past `length` start: none, and the text fits.
    let Some((cut, _)) = text.char_indices().nth(length) else { return text.into() };
    if length == 0 {
        return "".into();
    }
    let enough = |part: &str| part.chars().count() * 2 >= length;
    if let Some(end) = sentence_end(text, grapheme_floor(text, cut)).filter(|&end| enough(&text[..end])) {
        return text[..end].into();
    }
    // Room for the `…`.
    let room_end = grapheme_floor(text, text.char_indices().nth(length - 1).map_or(text.len(), |(i, _)| i));
    let room = &text[..room_end];
    let words = if text[room_end..].starts_with(breaks) {
        room
    } else {
        match room.rfind(breaks) {
            Some(space) if enough(&room[..space]) => &room[..space],
            _ => room,
        }
    };
    let words = words.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—.!?".contains(c));
    format!("{words}…").into()
}

/// A space a line may break at: not a no-break space (`10\u{a0}hours`).
fn breaks(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The last place at or before byte `at` of `text` where one character (with its marks,
/// joiners and modifiers) ends and the next begins.
fn grapheme_floor(text: &str, at: usize) -> usize {
    let mut cursor = unicode_segmentation::GraphemeCursor::new(at, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => at,
        _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
    }
}

/// Where the last sentence of `text` that ends by byte `limit` ends: after a full-width stop, or
/// after `.`, `!` or `?` that a space and a word not in lower case follow, and that ends no word
/// with a dot in it (an abbreviation, a version, a file name: `e.g.`, `v1.2.`, `main.rs.`); with
/// the closing quotes and brackets after it.
fn sentence_end(text: &str, limit: usize) -> Option<usize> {
    const CLOSERS: &str = ")]\"'”’»」』）】";
    text[..limit].char_indices().rev().find_map(|(i, c)| {
        let full_width = matches!(c, '。' | '！' | '？');
        if !full_width && !matches!(c, '.' | '!' | '?') {
            return None;
        }
        let stop = i + c.len_utf8();
        let end = stop
            + text[stop..].chars().take_while(|c| CLOSERS.contains(*c)).map(char::len_utf8).sum::<usize>();
        if end > limit {
            return None;
        }
        // Chinese and Japanese put no space after a stop.
        if full_width {
            return Some(end);
        }
        let word = text[..i].rsplit(char::is_whitespace).next().unwrap_or_default();
        let rest = &text[end..];
        let next_word = rest.trim_start();
        let ends = !word.is_empty()
            && !word.contains('.')
            && rest.starts_with(char::is_whitespace)
            && !next_word.starts_with(char::is_lowercase);
        ends.then_some(end)
    })
}

/// What `date` formats when no format is given: the ISO form, as Zola's `date` filter.
const DEFAULT_FORMAT: &str = "%Y-%m-%d";

/// A date, or a date and time, as the values handed to templates write them.
#[derive(Clone, Copy, Debug)]
enum When {
    Date(NaiveDate),
    Local(NaiveDateTime),
    Offset(DateTime<chrono::FixedOffset>),
}

impl When {
    /// `2026-02-28`, `2026-02-28T09:30:00` (or with a space), or RFC 3339 with an offset
    /// (`2026-02-28T09:30:00Z`, `…+01:00`): the forms of `record.date`, the feed's dates and the
    /// TOML dates of `[extra]`.
    fn parse(text: &str) -> Option<When> {
        let text = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(When::Date(d));
        }
        if let Ok(d) = DateTime::parse_from_rfc3339(text) {
            return Some(When::Offset(d));
        }
        // TOML 1.1 lets a time leave out its seconds (`1979-05-27T07:32Z`), which RFC 3339 does not.
        let offset = text.strip_suffix(['Z', 'z']).map_or_else(|| text.to_string(), |t| format!("{t}+00:00"));
        for f in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"] {
            if let Ok(d) = DateTime::parse_from_str(&offset, f) {
                return Some(When::Offset(d));
            }
        }
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
            .map(When::Local)
    }

    /// Writes the value with `items`; an item the value has nothing for (an hour of a date, an
    /// offset of a local time) is an error rather than a panic.
    fn format(&self, items: &[Item<'_>]) -> Option<String> {
        use std::fmt::Write as _;
        let mut out = String::new();
        let written = match self {
            When::Date(d) => write!(out, "{}", d.format_with_items(items.iter())),
            When::Local(d) => write!(out, "{}", d.format_with_items(items.iter())),
            When::Offset(d) => write!(out, "{}", d.format_with_items(items.iter())),
        };
        written.ok().map(|()| out)
    }
}

/// `{{ record.date|date("%B %-d, %Y") }}` (or `date(format="…")`): a date or date-time string
/// written with a strftime format (chrono's specifiers, English names). Undefined and none give
/// an empty string, as `truncate` does, so an optional date needs no test.
fn date(value: &Value, format: Option<&str>, kwargs: Kwargs) -> Result<String, Error> {
    let keyword: Option<&str> = kwargs.get("format")?;
    kwargs.assert_all_used()?;
    let format = match (format, keyword) {
        (Some(_), Some(_)) => {
            return Err(Error::new(ErrorKind::TooManyArguments, "date: give the format once, not both ways"));
        }
        (f, k) => f.or(k).unwrap_or(DEFAULT_FORMAT),
    };
    if value.is_undefined() || value.is_none() {
        return Ok(String::new());
    }
    let Some(text) = value.as_str() else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("date: expected a date such as \"2026-02-28\", found {} `{value}`", value.kind()),
        ));
    };
    let when = When::parse(text).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "date: expected a date such as \"2026-02-28\" or \"2026-02-28T09:30:00Z\", found {text:?}"
            ),
        )
    })?;
    let items = StrftimeItems::new(format).parse().map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("date: {format:?} is not a valid strftime format (such as \"%B %-d, %Y\")"),
        )
    })?;
    when.format(&items).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("date: the format {format:?} asks for a part that {text:?} does not have (a time or an offset)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    use crate::pages::environment;

    /// Renders `template` as an HTML template (so escaped as pages are) with `d` set to `value`.
    fn render(template: &str, value: &str) -> Result<String, String> {
        let mut env = environment();
        env.add_template_owned("t.html", template.to_string()).map_err(|e| format!("{e:#}"))?;
        let rendered = env.get_template("t.html").and_then(|t| t.render(context! { d => value }));
        rendered.map_err(|e| format!("{e:#}"))
    }

    #[test]
    fn escape_escapes_as_printed_values_are() {
        let d = "https://example.org/a/?x=1&y='2' <b>";
        let printed = render("{{ d }}", d).expect("renders");
        assert_eq!(printed, "https://example.org/a/?x=1&amp;y=&#39;2&#39; &lt;b&gt;");
        assert_eq!(render("{{ d|escape }}", d).as_deref(), Ok(printed.as_str()));
        assert_eq!(
            render("{% autoescape false %}{{ d|e }}{% endautoescape %}", d).as_deref(),
            Ok(printed.as_str())
        );
        assert_eq!(render("{{ d|e|e }}", d).as_deref(), Ok(printed.as_str()), "escaped once");
        assert_eq!(render("{{ none|e }}", d).as_deref(), Ok(""));
        // In JSON, minijinja's own escaping for it.
        let mut env = environment();
        env.add_template_owned("t.json", "{{ d|e }}".to_string()).expect("adds");
        let json =
            env.get_template("t.json").and_then(|t| t.render(context! { d => "<a>" })).expect("renders");
        assert_eq!(json, "\"\\u003ca\\u003e\"");
    }

    #[test]
    fn markdown_renders_a_text_as_a_body_is() {
        assert_eq!(
            render("{{ d|markdown }}", "A *b* <i>c</i>").as_deref(),
            Ok("<p>A <em>b</em> <i>c</i></p>\n")
        );
        assert_eq!(
            render("{{ d|markdown(inline=true) }}", "A *b* & c").as_deref(),
            Ok("A <em>b</em> &amp; c")
        );
        // Two paragraphs keep theirs.
        assert_eq!(render("{{ d|markdown(inline=true) }}", "a\n\nb").as_deref(), Ok("<p>a</p>\n<p>b</p>\n"));
        assert!(render("{{ d|markdown(inlined=true) }}", "a").is_err(), "an unknown keyword is an error");
        assert_eq!(render("{{ none|markdown }}|{{ none|markdown(inline=true) }}", "a").as_deref(), Ok("|"));
        // Code is highlighted as site.toml's `highlight_code` asks.
        let code = "```rust\nfn f() {}\n```\n";
        assert!(render("{{ d|markdown }}", code).expect("renders").contains("hl-"));
        let mut env = environment();
        super::add_markdown(&mut env, false);
        let plain = env.render_str("{{ d|markdown }}", context! { d => code }).expect("renders");
        assert_eq!(plain, "<pre tabindex=\"0\"><code class=\"language-rust\">fn f() {}\n</code></pre>\n");
    }

    #[test]
    fn date_formats_dates_and_times_with_strftime() {
        assert_eq!(render("{{ d|date }}", "2026-02-28").as_deref(), Ok("2026-02-28"));
        assert_eq!(render("{{ d|date('%B %-d, %Y') }}", "2026-02-28").as_deref(), Ok("February 28, 2026"));
        assert_eq!(render("{{ d|date(format='%a %d %b') }}", "2026-02-28").as_deref(), Ok("Sat 28 Feb"));
        assert_eq!(
            render("{{ d|date('%H:%M %z') }}", "2026-02-28T09:30:00+01:00").as_deref(),
            Ok("09:30 +0100")
        );
        assert_eq!(render("{{ d|date('%Y %H:%M') }}", "1979-05-27 07:32:00").as_deref(), Ok("1979 07:32"));
        assert_eq!(render("{{ d|date('%H:%M %z') }}", "1979-05-27T07:32Z").as_deref(), Ok("07:32 +0000"));
        assert_eq!(
            render("{{ d|date('%H:%M %z') }}", "1979-05-27T07:32-07:00").as_deref(),
            Ok("07:32 -0700")
        );
        assert_eq!(render("{{ none|date }}|{{ nothing|date('%Y') }}", "").as_deref(), Ok("|"));
    }

    #[test]
    fn date_errors_say_what_was_expected() {
        let error = |template: &str, value: &str| render(template, value).expect_err("an error");
        assert!(error("{{ d|date }}", "28/02/2026").contains("expected a date such as"));
        assert!(error("{{ d|date('%Q') }}", "2026-02-28").contains("not a valid strftime format"));
        assert!(error("{{ d|date('%H') }}", "2026-02-28").contains("does not have"));
        assert!(error("{{ d|date('%Y', format='%m') }}", "2026-02-28").contains("once"));
        assert!(error("{{ 3|date }}", "").contains("found number"));
    }

    /// As Jinja's: by position, by keyword, or both.
    #[test]
    fn truncate_takes_its_arguments_by_position_too() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(render("{{ d|truncate(10) }}", text).as_deref(), Ok("abcdefg..."));
        assert_eq!(render("{{ d|truncate(10, true, '!', 0) }}", text).as_deref(), Ok("abcdefghi!"));
        assert_eq!(render("{{ d|truncate(10, end='!') }}", text).as_deref(), Ok("abcdefghi!"));
        assert_eq!(render("{{ d|truncate(length=10) }}", text).as_deref(), Ok("abcdefg..."));
        assert!(render("{{ d|truncate(10, length=5) }}", text).expect_err("twice").contains("twice"));
        assert!(
            render("{{ d|truncate(1, true, '', 0, 9) }}", text).expect_err("five").contains("at most four")
        );
        let unknown = render("{{ d|truncate(10, size=3) }}", text).expect_err("an unknown keyword");
        assert!(unknown.contains("size"), "{unknown}");
    }

    #[test]
    fn shorten_keeps_whole_sentences_else_whole_words() {
        let short = "A day of small fixes.";
        assert_eq!(super::shorten(short, 160), short);
        let day = "A long Monday with 11 tasks spread over 3 workstreams: search service, synthesis tooling \
                   and scoring pipeline. Together they come to 96h 15min of estimated work against 3h 29min.";
        assert_eq!(
            super::shorten(day, 160),
            "A long Monday with 11 tasks spread over 3 workstreams: search service, synthesis tooling \
             and scoring pipeline."
        );
        // A first sentence under half the length is too little: words, and `…`.
        let words = "Short one. Then a much longer second sentence that runs on and on past the limit.";
        assert_eq!(super::shorten(words, 40), "Short one. Then a much longer second…");
        assert_eq!(super::shorten("one two, three", 9), "one two…", "no stop left before the mark");
        // A stop that ends the part that fits, before a space, ends a sentence.
        assert_eq!(super::shorten("Twenty one chars end. More", 21), "Twenty one chars end.");
        assert_eq!(super::shorten("v1.2 is out, again", 10), "v1.2 is…", "no sentence ends inside a word");
        assert_eq!(super::shorten("日本語の文章です。とても長い文章が続きます", 12), "日本語の文章です。");
        assert_eq!(super::shorten("とても長い文章が続きます", 5), "とても長…");
        assert_eq!(super::shorten("  padded  ", 160), "padded");
        // An abbreviation, a version or a stop before a word in lower case ends no sentence; a
        // closing quote goes with its sentence.
        let abbreviated = "Work across every repository we have, e.g. caching and batching, which ran long.";
        assert_eq!(
            super::shorten(abbreviated, 60),
            "Work across every repository we have, e.g. caching and…"
        );
        assert_eq!(
            super::shorten("We shipped v1.2. Then more work on it", 30),
            "We shipped v1.2. Then more…"
        );
        assert_eq!(super::shorten("He said \"done.\" Then more words here", 20), "He said \"done.\"");
        assert_eq!(
            super::shorten("Some words here, cut. more words", 22),
            "Some words here, cut…",
            "no `.…`"
        );
        // A no-break space holds its words together; a letter keeps its accent.
        assert_eq!(super::shorten("It took 10\u{a0}hours to finish", 12), "It took…");
        assert_eq!(super::shorten("cafe\u{301} au lait", 4), "caf…");
        assert_eq!(super::shorten("ok 👍🏽👍🏽 fine", 5), "ok…");
        // Few spaces, all early: characters.
        let mixed = "今日は Claude Code でテストを書いて、ドキュメントを直して、リリースの準備をしました";
        assert_eq!(
            super::shorten(mixed, 40),
            "今日は Claude Code でテストを書いて、ドキュメントを直して、リリー…"
        );
        assert_eq!(super::shorten(mixed, 24), "今日は Claude Code…", "words, when they make half");
        assert_eq!(super::shorten("anything", 0), "");
        assert_eq!(render("{{ d|shorten(9) }}", "one two <b>three</b>").as_deref(), Ok("one two…"));
        assert_eq!(render("{{ d|shorten }}", short).as_deref(), Ok(short));
        assert_eq!(render("{{ 12345|shorten(3) }}", "").as_deref(), Ok("12…"));
        assert_eq!(render("{{ d|shorten(length=9) }}", "one two three").as_deref(), Ok("one two…"));
        assert_eq!(render("[{{ none|shorten }}{{ nothing|shorten }}]", "").as_deref(), Ok("[]"));
        assert!(render("{{ d|shorten(9, length=9) }}", "a").expect_err("twice").contains("twice"));
        assert!(render("{{ d|shorten(size=9) }}", "a").expect_err("unknown").contains("size"));
    }

    #[test]
    fn contrib_filters_escape_what_they_cut() {
        assert_eq!(
            render("{{ d|truncate(length=16, leeway=0) }}", "<b>Ship</b> it now and later").as_deref(),
            Ok("&lt;b&gt;Ship&lt;/b&gt;...")
        );
        assert_eq!(
            render("{{ d|striptags }}", "<p>Hello &amp; <em>world</em></p>").as_deref(),
            Ok("Hello &amp; world")
        );
        assert_eq!(
            render("{{ d|wordcount }} task{{ 1|pluralize }}", "one two three").as_deref(),
            Ok("3 task")
        );
    }

    proptest::proptest! {
        /// `shorten` never panics, never gives more than `length` characters, and gives a text
        /// that fits as it is.
        #[test]
        fn shorten_fits(text in "(\\PC|[ .!?。\u{a0}\u{301}\u{200d}🏽])*", length in 0usize..40) {
            let short = super::shorten(&text, length);
            proptest::prop_assert!(short.chars().count() <= length, "{:?}", short);
            if text.trim().chars().count() <= length {
                proptest::prop_assert_eq!(short.as_ref(), text.trim());
            }
            // What it keeps is the text's start, and ends between two characters as written.
            let kept = short.strip_suffix('…').unwrap_or(&short);
            proptest::prop_assert!(text.trim().starts_with(kept), "{:?}", short);
            proptest::prop_assert_eq!(super::grapheme_floor(text.trim(), kept.len()), kept.len());
        }

        /// No string and no format makes `date` panic: each renders or is an error.
        #[test]
        fn date_never_panics(value in "\\PC{0,24}", format in "(%[a-zA-Z%:.0-9#-]|[ a-z,])*") {
            let env = environment();
            let _ = env.render_str("{{ d|date(f) }}", context! { d => value, f => format });
        }
    }
}
