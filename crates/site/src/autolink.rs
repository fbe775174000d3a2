//! Bare web addresses in a body's text made links, as GitHub, Obsidian, VS Code's preview and
//! Hugo make them (GFM's "extended autolinks"): `https://github.com/x/y/pull/12` and
//! `www.rust-lang.org` in prose or in a task's cell. Pasted pull-request links are daily fare in
//! a log of work done with agents.
//!
//! The rules are GFM's: an address starts the text or follows a space or one of `*_~(`; it
//! begins with `http://`, `https://` or `www.`, then a domain of letters, digits, `_` and `-`
//! in parts joined by `.` (at least one `.`, no `_` in the last two parts), then anything up to a
//! space or a `<`. Trailing `?!.,:*_~` (and quotes) are left out of it, and so is a `)` it does not open. A
//! `www.` address leads to `https://`. Text in a link, an image's description, a code block or
//! between `<a ...>` and `</a>` is left as it is. E-mail addresses are not made links.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::VecDeque;
use std::ops::Range;

/// Whether `markdown` may hold an address to link (a `://` or a `www.`): the other bodies and
/// cells skip the layer. The searchers are made once: one made for each task's cell cost 2% of
/// a build's instructions, and looking for `:` and `.` (a sentence's end) 1%.
pub(crate) fn wanted(markdown: &str) -> bool {
    static SCHEME: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("://"));
    static WWW: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("www."));
    SCHEME.find(markdown.as_bytes()).is_some() || WWW.find(markdown.as_bytes()).is_some()
}

/// `events` (each with its range in the source) with the text's bare addresses made links. Runs
/// of text events (the parser splits text at escapes and at `_` and `*` that open nothing) are
/// read as one text.
pub(crate) struct Linked<'a, I> {
    events: I,
    /// Off: the events pass as they are (a body or cell without an address, `wanted`).
    on: bool,
    queued: VecDeque<(Event<'a>, Range<usize>)>,
    /// How deep inside links, images and code blocks the events are: their text is left alone.
    inside: usize,
    /// Inside raw HTML's `<a ...>`.
    in_anchor: bool,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Linked<'a, I> {
    /// `events`, linked only when `on` (see `wanted`): one type for both, so that the
    /// renderers need no boxed iterator.
    pub(crate) fn when(on: bool, events: I) -> Self {
        Linked { events, on, queued: VecDeque::new(), inside: 0, in_anchor: false }
    }

    /// Notes what `event` opens or closes.
    fn observe(&mut self, event: &Event<'a>) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => self.inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.inside = self.inside.saturating_sub(1);
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                // The last `<a ...>` or `</a>` of the HTML says whether text after it is inside
                // an anchor: a line of an HTML block may hold both (`<a href="/">home</a> ...`).
                let bytes = html.as_bytes();
                let last = |name: &[u8]| {
                    memchr::memchr_iter(b'<', bytes).rev().find(|&at| {
                        let tag = &bytes[at..];
                        tag.len() > name.len()
                            && tag[..name.len()].eq_ignore_ascii_case(name)
                            && matches!(tag[name.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/')
                    })
                };
                match (last(b"<a"), last(b"</a")) {
                    (Some(open), close) if close.is_none_or(|close| open > close) => self.in_anchor = true,
                    (_, Some(_)) => self.in_anchor = false,
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Linked<'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if !self.on {
            return self.events.next();
        }
        if let Some(item) = self.queued.pop_front() {
            return Some(item);
        }
        let (event, range) = self.events.next()?;
        let Event::Text(first) = event else {
            self.observe(&event);
            return Some((event, range));
        };
        if self.inside > 0 || self.in_anchor {
            return Some((Event::Text(first), range));
        }
        // The run of text events from here, read as one.
        let (mut text, mut whole) = (first, range);
        let mut after = None;
        for (event, range) in self.events.by_ref() {
            match event {
                Event::Text(more) => {
                    let mut joined = text.into_string();
                    joined.push_str(&more);
                    text = CowStr::from(joined);
                    whole.end = range.end;
                }
                other => {
                    after = Some((other, range));
                    break;
                }
            }
        }
        let exact = text.len() == whole.len();
        let found = addresses(&text);
        if found.is_empty() {
            self.queued.push_back((Event::Text(text), whole.clone()));
        } else {
            // The source range of a part of the text: its own when the text is the source as
            // written (no escape or entity in it), else the run's.
            let at = |part: Range<usize>| {
                if exact { whole.start + part.start..whole.start + part.end } else { whole.clone() }
            };
            let mut from = 0;
            for address in found {
                if address.start > from {
                    self.queued.push_back((
                        Event::Text(text[from..address.start].to_string().into()),
                        at(from..address.start),
                    ));
                }
                let shown = &text[address.clone()];
                let dest =
                    if shown.starts_with("www.") { format!("https://{shown}") } else { shown.to_string() };
                let link = Tag::Link {
                    link_type: LinkType::Autolink,
                    dest_url: dest.into(),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                };
                self.queued.push_back((Event::Start(link), at(address.clone())));
                self.queued.push_back((Event::Text(shown.to_string().into()), at(address.clone())));
                self.queued.push_back((Event::End(TagEnd::Link), at(address.clone())));
                from = address.end;
            }
            if from < text.len() {
                self.queued.push_back((Event::Text(text[from..].to_string().into()), at(from..text.len())));
            }
        }
        if let Some((event, range)) = after {
            self.observe(&event);
            self.queued.push_back((event, range));
        }
        self.queued.pop_front()
    }
}

/// The byte ranges of the bare addresses in `text`, in order.
pub(crate) fn addresses(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(start) = next_start(&text[at..]).map(|s| at + s) {
        let boundary = start == 0 || {
            let before = text[..start].chars().next_back().unwrap_or(' ');
            before.is_whitespace() || matches!(before, '*' | '_' | '~' | '(')
        };
        let prefix = if bytes[start..].starts_with(b"www.") {
            Some(4)
        } else {
            ["https://", "http://"]
                .into_iter()
                .find(|s| {
                    bytes.get(start..start + s.len()).is_some_and(|b| b.eq_ignore_ascii_case(s.as_bytes()))
                })
                .map(str::len)
        };
        match prefix.filter(|_| boundary).and_then(|prefix| address_end(text, start, prefix)) {
            Some(end) => {
                found.push(start..end);
                at = end;
            }
            None => at = start + 1,
        }
        if at >= text.len() {
            break;
        }
    }
    found
}

/// Where the next `http://` or `https://` (in any case) or `www.` may start in `text`.
fn next_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let scheme = memchr::memchr_iter(b':', bytes).find_map(|colon| {
        if !bytes[colon + 1..].starts_with(b"//") {
            return None;
        }
        let head = &bytes[..colon];
        [b"https".as_slice(), b"http"].into_iter().find_map(|s| {
            (head.len() >= s.len() && head[head.len() - s.len()..].eq_ignore_ascii_case(s))
                .then(|| colon - s.len())
        })
    });
    // A `www.` before the scheme found, if any.
    let before = scheme.map_or(bytes.len(), |at| at + 4);
    let www = memchr::memchr_iter(b'.', &bytes[..before])
        .find_map(|dot| (dot >= 3 && &bytes[dot - 3..dot] == b"www").then(|| dot - 3));
    match (scheme, www) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The longest address made a link, in bytes, and the longest domain (DNS's): each address
/// looked at costs at most so much, so that a long run of text without a space (`_www.a_b` a
/// thousand times over) costs time in proportion to it.
const LONGEST_ADDRESS: usize = 4096;
const LONGEST_DOMAIN: usize = 255;

/// The end of the address that starts at `start` with a scheme (or `www.`) `prefix` bytes long;
/// `None` when no valid domain follows.
fn address_end(text: &str, start: usize, prefix: usize) -> Option<usize> {
    let rest = &text[start + prefix..];
    // The domain: parts of letters, digits, `_` and `-`, joined by `.`.
    let mut domain_len = rest.len();
    for (i, c) in rest.char_indices() {
        if !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) {
            domain_len = i;
            break;
        }
        if i > LONGEST_DOMAIN {
            return None;
        }
    }
    let domain = rest[..domain_len].trim_end_matches('.');
    let parts: Vec<&str> = domain.split('.').collect();
    if parts.len() < 2
        || parts.iter().any(|p| p.is_empty())
        || parts[parts.len() - 2..].iter().any(|p| p.contains('_'))
    {
        return None;
    }
    // Then anything up to a space or a `<`.
    let tail = rest.find(|c: char| c.is_whitespace() || c == '<').unwrap_or(rest.len());
    if tail > LONGEST_ADDRESS {
        return None;
    }
    let mut end = start + prefix + tail;
    // Trailing punctuation is the sentence's, and a `)` the address does not open.
    let link = &text[start..end];
    let (opened, mut closed) = (link.matches('(').count(), link.matches(')').count());
    while let Some(last) = text[start..end].chars().next_back() {
        if matches!(last, '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"') {
            end -= last.len_utf8();
        } else if last == ')' && closed > opened {
            end -= 1;
            closed -= 1;
        } else {
            break;
        }
    }
    // Still a domain after the trimming (`www.` alone, `https://x.`).
    (end > start + prefix + domain.find('.')? + 1).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn render(markdown: &str) -> String {
        let mut out = String::new();
        let events =
            Linked::when(true, Parser::new_ext(markdown, content::markdown::options()).into_offset_iter());
        html::push_html(&mut out, events.map(|(event, _)| event));
        out
    }

    fn shown(text: &str) -> Vec<&str> {
        addresses(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_end_where_the_sentence_goes_on() {
        assert_eq!(shown("see https://github.com/x/y/pull/12."), ["https://github.com/x/y/pull/12"]);
        assert_eq!(
            shown("(https://en.wikipedia.org/wiki/Rust_(language))."),
            ["https://en.wikipedia.org/wiki/Rust_(language)"]
        );
        assert_eq!(shown("(see www.rust-lang.org)"), ["www.rust-lang.org"]);
        assert_eq!(shown("HTTPS://Example.com/?q=1&x=2, then"), ["HTTPS://Example.com/?q=1&x=2"]);
        assert_eq!(shown("a https://x.org/a<b"), ["https://x.org/a"]);
        assert_eq!(shown("**https://x.org/**"), ["https://x.org/"]);
        assert_eq!(shown("https://日本.example/パス ok"), ["https://日本.example/パス"]);
        // No domain, no address: a word, a host alone, a scheme inside a word.
        for none in [
            "http://localhost:8080/",
            "www.",
            "https://x.",
            "ahttps://x.org",
            "xwww.x.org",
            "ftp://x.org",
            "https://a_b.c_d",
            "://x.org",
        ] {
            assert_eq!(shown(none), Vec::<&str>::new(), "{none}");
        }
        assert_eq!(shown("ftp://x.org and https://y.org"), ["https://y.org"]);
        // `www.` addresses read their domain from after `www.`, in any script.
        assert_eq!(
            shown("Visit www.日本.jp today, www.café.fr and www.ab.io."),
            ["www.日本.jp", "www.café.fr", "www.ab.io"]
        );
        assert_eq!(shown("www.foo_bar.com www.a.b_c"), Vec::<&str>::new());
        // Too long to be an address anyone typed: left as text, at no cost of its square.
        let long = format!("https://x.org/{}", "a".repeat(LONGEST_ADDRESS));
        assert_eq!(shown(&long), Vec::<&str>::new());
        assert_eq!(shown(&"_www.a_b.c_d".repeat(2000)), Vec::<&str>::new());
    }

    #[test]
    fn bare_addresses_become_links_and_others_are_left_alone() {
        assert_eq!(
            render("PR https://github.com/x/y/pull/12 and www.rust-lang.org.\n"),
            "<p>PR <a href=\"https://github.com/x/y/pull/12\">https://github.com/x/y/pull/12</a> and \
             <a href=\"https://www.rust-lang.org\">www.rust-lang.org</a>.</p>\n"
        );
        // The parser's split text (`_` opening nothing, an escape) is read as one.
        assert_eq!(
            render("(https://x.org/a_(b)_c).\n"),
            "<p>(<a href=\"https://x.org/a_(b)_c\">https://x.org/a_(b)_c</a>).</p>\n"
        );
        for kept in [
            "[https://x.org](https://y.org)\n",
            "![https://x.org](a.png)\n",
            "`https://x.org`\n",
            "```\nhttps://x.org\n```\n",
            "<a href=\"https://y.org\">https://x.org</a>\n",
            "x <A HREF=\"https://y.org\">https://x.org</A> y\n",
            "<https://x.org>\n",
        ] {
            let plain = {
                let mut out = String::new();
                html::push_html(&mut out, Parser::new_ext(kept, content::markdown::options()));
                out
            };
            assert_eq!(render(kept), plain, "{kept}");
        }
        // An address after a raw anchor's end is a link again, in a paragraph and after an
        // HTML block whose line opens and closes one.
        assert!(render("<a href=\"/\">home</a> https://x.org\n").contains("<a href=\"https://x.org\">"));
        let block =
            render("<div>\n<a href=\"/about/\">about</a> in a block\n</div>\n\nAfter https://x.org/y\n");
        assert!(block.contains("<a href=\"https://x.org/y\">"), "{block}");
        let open = render("<div>\n<a href=\"/about/\">about\n</div>\n\nAfter https://x.org/y\n");
        assert!(!open.contains("<a href=\"https://x.org/y\">"), "still inside the anchor: {open}");
    }

    #[test]
    fn each_part_keeps_its_place_in_the_source() {
        let text = "See https://x.org now";
        let events: Vec<(Event<'_>, Range<usize>)> =
            Linked::when(true, Parser::new_ext(text, content::markdown::options()).into_offset_iter())
                .collect();
        let link = events.iter().find(|(e, _)| matches!(e, Event::Start(Tag::Link { .. }))).expect("a link");
        assert_eq!(&text[link.1.clone()], "https://x.org");
    }

    proptest::proptest! {
        /// Whatever the text, linking loses and adds no character of it.
        #[test]
        fn the_text_is_kept_whole(text in "([a-z _.()*~:/<>?!,wé日]|https://|www\\.|x\\.org){0,40}") {
            let mut joined = String::new();
            let events = Linked::when(true, Parser::new_ext(&text, content::markdown::options()).into_offset_iter());
            let mut plain = String::new();
            for (event, _) in Parser::new_ext(&text, content::markdown::options()).into_offset_iter() {
                if let Event::Text(t) = event { plain.push_str(&t); }
            }
            for (event, _) in events {
                if let Event::Text(t) = event { joined.push_str(&t); }
            }
            proptest::prop_assert_eq!(joined, plain);
        }
    }
}
