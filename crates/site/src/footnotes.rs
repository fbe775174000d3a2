//! A body's footnotes gathered after its text, as GitHub, Hugo and Obsidian show them: each mark
//! is numbered in the order the text first refers to its note and links to it, and each note,
//! in a list at the end, links back to the marks that refer to it. A note no mark refers to is
//! left out, as GitHub leaves it out (`check` warns of it).
//!
//! The notes are moved among the parser's events, before anything notes where a table, a heading
//! or raw HTML is written (`body::Pass::run`, `body::render`): a body rendered from its text and
//! one rendered in a build's first pass write them alike.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use unicase::UniCase;

type Item<'a> = (Event<'a>, Range<usize>);

/// A footnote's label: `[^Note]` refers to `[^note]:`, as the parser matches them.
type Label = UniCase<String>;

/// Whether `markdown` may hold a footnote (`[^`): a body without one skips `Endnotes`. A `^`
/// is rare in prose, so looking for it alone is quicker than for the pair (`memmem` took an
/// instruction a byte, 1.5% of a build's).
pub(crate) fn wanted(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    memchr::memchr_iter(b'^', bytes).any(|at| at > 0 && bytes[at - 1] == b'[')
}

/// `events` (each with its range in the source) with each footnote's definition moved into a
/// list after the text, and each mark written as a numbered link to its note.
pub(crate) struct Endnotes<'a, 'p, I, F> {
    events: I,
    /// Off: the events pass as they are (a body without a footnote, `wanted`).
    on: bool,
    /// Whether the table that starts at an offset (as `events` gives it) is left out of the page:
    /// a record's task tables, which the page writes from their figures.
    left_out: F,
    /// Inside a table left out: its marks are none of the page's, and take no number.
    in_left_out: bool,
    /// Whether a level-1 heading the text begins with is cut as the page's title
    /// (`body::cut_title`): its marks go with it, and take no number.
    title: bool,
    /// Inside that heading.
    in_title: bool,
    /// Whether an event of the text has been handed on.
    begun_text: bool,
    /// What the ids start with (`note-` in the record note).
    prefix: &'p str,
    ids: FootnoteIds,
    /// The definitions being read, the innermost last, each with its label.
    open: Vec<(Label, Vec<Item<'a>>)>,
    /// The definitions read, by label: the first of each label, as GitHub keeps it.
    notes: HashMap<Label, Vec<Item<'a>>>,
    /// The labels referred to, in the order of their numbers, each with how many marks so far.
    numbered: Vec<(Label, usize)>,
    /// Each label's place in `numbered`.
    number: HashMap<Label, usize>,
    /// Events of the list of notes not handed on yet.
    queued: VecDeque<Item<'a>>,
    /// The place in `numbered` of the next note to list.
    next_note: usize,
    /// Where the text read so far ends: the list's events have empty ranges there.
    end: usize,
    /// The text is read: the notes are listed.
    listing: bool,
    /// The list is begun.
    begun: bool,
    /// The list is ended (or there was none).
    done: bool,
}

impl<'a, 'p, I, F> Endnotes<'a, 'p, I, F>
where
    I: Iterator<Item = Item<'a>>,
    F: Fn(usize) -> bool,
{
    /// `events` with their footnotes at the end when `on`, their ids starting with `prefix`;
    /// `left_out` says which tables the page leaves out (their marks take no number).
    pub(crate) fn when(on: bool, events: I, prefix: &'p str, left_out: F) -> Self {
        Endnotes {
            events,
            on,
            left_out,
            in_left_out: false,
            title: false,
            in_title: false,
            begun_text: false,
            prefix,
            ids: FootnoteIds::default(),
            open: Vec::new(),
            notes: HashMap::new(),
            numbered: Vec::new(),
            number: HashMap::new(),
            queued: VecDeque::new(),
            next_note: 0,
            end: 0,
            listing: false,
            begun: false,
            done: false,
        }
    }

    /// With the level-1 heading the text may begin with cut as the page's title (`title`).
    pub(crate) fn cutting_title(mut self, title: bool) -> Self {
        self.title = title;
        self
    }

    /// `event` as it is handed on: a mark written as its link, a table's start noted.
    fn handed_on(&mut self, event: Event<'a>, range: Range<usize>) -> Item<'a> {
        if !self.begun_text {
            self.begun_text = true;
            self.in_title =
                self.title && matches!(event, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }));
        }
        match &event {
            Event::Start(Tag::Table(_)) => self.in_left_out = (self.left_out)(range.start),
            Event::End(TagEnd::Table) => self.in_left_out = false,
            Event::End(TagEnd::Heading(_)) => self.in_title = false,
            Event::FootnoteReference(_) if self.in_title => {
                return (Event::Text("".into()), range.start..range.start);
            }
            Event::FootnoteReference(label) if !self.in_left_out => {
                let html = self.mark(label);
                return (Event::InlineHtml(html.into()), range.start..range.start);
            }
            _ => {}
        }
        (event, range)
    }

    /// The place in `numbered` of the note `label`, numbered now when it has no number yet.
    fn place(&mut self, label: &str) -> usize {
        let label = UniCase::new(label.to_string());
        match self.number.get(&label) {
            Some(&place) => place,
            None => {
                self.numbered.push((label.clone(), 0));
                self.number.insert(label, self.numbered.len() - 1);
                self.numbered.len() - 1
            }
        }
    }

    /// The HTML of a mark referring to the note `label`, numbered as its first mark was.
    fn mark(&mut self, label: &str) -> String {
        let place = self.place(label);
        self.numbered[place].1 += 1;
        let nth = self.numbered[place].1;
        let label = self.numbered[place].0.clone();
        let key = self.ids.key(&label);
        let mut html = String::with_capacity(96 + 2 * key.len());
        html.push_str("<sup class=\"footnote-reference\" id=\"");
        push_id(&mut html, self.prefix, "fnref", &key, nth);
        html.push_str("\"><a href=\"#");
        push_id(&mut html, self.prefix, "fn", &key, 1);
        // Writing to a String cannot fail.
        let _ = write!(html, "\" role=\"doc-noteref\">{}</a></sup>", place + 1);
        html
    }

    /// The next event of the list of notes, once the text is read.
    fn next_listed(&mut self) -> Option<Item<'a>> {
        loop {
            if let Some((event, range)) = self.queued.pop_front() {
                // A note's marks are numbered as they are handed on: a note may refer to another.
                return Some(self.handed_on(event, range));
            }
            if self.done {
                return None;
            }
            while self.numbered.get(self.next_note).is_some_and(|(label, _)| !self.notes.contains_key(label))
            {
                self.next_note += 1;
            }
            let end = self.end..self.end;
            match self.numbered.get(self.next_note) {
                Some(_) => {
                    if !self.begun {
                        self.begun = true;
                        let list = "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n";
                        self.queued.push_back((Event::Html(list.into()), end.clone()));
                    }
                    self.queue_note(self.next_note);
                    self.next_note += 1;
                }
                None => {
                    self.done = true;
                    if self.begun {
                        self.queued.push_back((Event::Html("</ol>\n</section>\n".into()), end));
                    }
                }
            }
        }
    }

    /// Queues the list item of the note `numbered[place]`: its text, and a link back to each
    /// mark referring to it so far, at the end of its last paragraph as GitHub places them.
    fn queue_note(&mut self, place: usize) {
        let (label, marks) = self.numbered[place].clone();
        let mut events = self.notes.remove(&label).unwrap_or_default();
        let key = self.ids.key(&label);
        let end = self.end..self.end;
        let mut item = String::with_capacity(16 + key.len());
        item.push_str("<li id=\"");
        push_id(&mut item, self.prefix, "fn", &key, 1);
        item.push_str("\">\n");
        self.queued.push_back((Event::Html(item.into()), end.clone()));
        let mut back = String::new();
        for nth in 1..=marks {
            back.push_str(" <a href=\"#");
            push_id(&mut back, self.prefix, "fnref", &key, nth);
            let _ = write!(
                back,
                "\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference {}",
                place + 1
            );
            if nth > 1 {
                let _ = write!(back, "-{nth}");
            }
            back.push_str("\">\u{21a9}\u{fe0e}");
            if nth > 1 {
                let _ = write!(back, "<sup>{nth}</sup>");
            }
            back.push_str("</a>");
        }
        let last_paragraph = matches!(events.last(), Some((Event::End(TagEnd::Paragraph), _)));
        let closing = if last_paragraph { events.pop() } else { None };
        self.queued.extend(events);
        match closing {
            Some(closing) => {
                self.queued.push_back((Event::InlineHtml(back.into()), end.clone()));
                self.queued.push_back(closing);
            }
            None => {
                let back = format!("<p>{}</p>\n", back.trim_start());
                self.queued.push_back((Event::Html(back.into()), end.clone()));
            }
        }
        self.queued.push_back((Event::Html("</li>\n".into()), end));
    }
}

impl<'a, I, F> Iterator for Endnotes<'a, '_, I, F>
where
    I: Iterator<Item = Item<'a>>,
    F: Fn(usize) -> bool,
{
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if !self.on {
            return self.events.next();
        }
        if self.listing {
            return self.next_listed();
        }
        loop {
            let Some((event, range)) = self.events.next() else {
                // (The parser ends every definition it begins.)
                while let Some((label, events)) = self.open.pop() {
                    self.notes.entry(label).or_insert(events);
                }
                self.listing = true;
                return self.next_listed();
            };
            self.end = self.end.max(range.end);
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.open.push((UniCase::new(label.to_string()), Vec::new()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, events)) = self.open.pop() {
                        self.notes.entry(label).or_insert(events);
                    }
                }
                event => match self.open.last_mut() {
                    Some((_, events)) => events.push((event, range)),
                    None => return Some(self.handed_on(event, range)),
                },
            }
        }
    }
}

/// Writes the id `{prefix}{kind}:{key}` into `out`, `:{nth}` after it past the first (a note's
/// second mark is `fnref:a:2`; no key holds a `:`, so no other note's id is that).
fn push_id(out: &mut String, prefix: &str, kind: &str, key: &str, nth: usize) {
    // Writing to a String cannot fail.
    let _ = crate::pages::write_escaped(out, prefix);
    out.push_str(kind);
    out.push(':');
    let _ = crate::pages::write_escaped(out, key);
    if nth > 1 {
        let _ = write!(out, ":{nth}");
    }
}

/// The keys of a body's footnotes, from which their ids are made (`fn:my-note`, and its marks'
/// `fnref:my-note`): the label made an id as a heading's text is, so that no id holds a space
/// and `[^main]` is not the theme's `<main>`; `-1`, `-2` ... when another label made it first
/// (`[^a]` and `[^a!]`). No heading's id holds a `:`, so none is a footnote's.
#[derive(Default)]
struct FootnoteIds {
    /// Each label's key, as given.
    given: HashMap<Label, String>,
    /// The keys given.
    keys: crate::body::UniqueIds,
}

impl FootnoteIds {
    /// The key of the footnote `label`.
    fn key(&mut self, label: &Label) -> String {
        if let Some(key) = self.given.get(label) {
            return key.clone();
        }
        let key = self.keys.take(crate::slug::heading_id(label), |_| false);
        self.given.insert(label.clone(), key.clone());
        key
    }
}
