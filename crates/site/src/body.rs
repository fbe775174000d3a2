//! Markdown bodies to HTML, with each task table and aggregate table replaced by the theme's
//! rendering of the computed figures.
//!
//! Raw HTML in markdown passes through: it is the author's own text (see SECURITY.md).

use content::markdown::Reference;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

use content::shortcode::Shortcode;

use crate::config::AnchorLinks;
use crate::highlight::Highlighted;

/// Renders `text[body]`; a table starting at one of `replace`'s absolute byte offsets is
/// replaced by its HTML.
pub fn render(text: &str, body: std::ops::Range<usize>, replace: &[(usize, String)]) -> String {
    render_with_ids(text, body, replace, &[], Parts::plain(HeadingIds::default(), true)).0
}

/// `render` of a whole text with no tables replaced, its code highlighted when `highlight` is
/// (the `markdown` filter).
pub fn render_markdown(text: &str, highlight: bool) -> String {
    render_with_ids(text, 0..text.len(), &[], &[], Parts::plain(HeadingIds::default(), highlight)).0
}

/// How a document's headings are written.
#[derive(Clone, Copy, Debug, Default)]
pub struct HeadingStyle<'a> {
    /// Where each gets a link to itself (site.toml's `insert_anchor_links`).
    pub anchors: AnchorLinks,
    /// Ids the ids made from their texts do not take: the record note's (`note_ids`), which
    /// shares a record's page (`## Note: notes` would otherwise be the note's `## Notes`).
    pub reserved: &'a [String],
}

/// `render` of a document's body: without the level-1 heading it begins with when that is its
/// title (`Document::title_heading`), which the page shows as its title; with its headings, for
/// its table of contents. `highlight`: site.toml's `highlight_code` (see `highlight::wanted`).
/// `replace` holds its shortcodes' HTML too, by offset (a shortcode left out of it writes
/// nothing). `links`: where its links to markdown files lead (`md_link`); left as written
/// without.
pub fn render_document(
    text: &str,
    document: &content::Document,
    replace: &[(usize, String)],
    highlight: bool,
    style: HeadingStyle<'_>,
    links: Option<crate::md_link::Pages<'_>>,
) -> (String, Vec<Heading>) {
    let parts =
        Parts { ids: HeadingIds::styled(style), title_heading: document.title_heading, highlight, links };
    render_with_ids(text, document.body.clone(), replace, &document.shortcodes, parts)
}

/// site.toml's `record_note`, shown on every record page beside the record's own text: its
/// headings' ids start with `note-`, so that a record's `## Notes` and the note's are two ids
/// (and a record's ids avoid the note's: `HeadingStyle::reserved`). No heading of it links to
/// itself: it is no section of the record.
pub fn render_note(note: &str, highlight: bool) -> String {
    let ids = HeadingIds { prefix: "note-", ..HeadingIds::default() };
    render_with_ids(note, 0..note.len(), &[], &[], Parts::plain(ids, highlight)).0
}

/// The ids of the headings of site.toml's `record_note` (`render_note`), which a record's
/// headings do not take; none without a note.
pub fn note_ids(note: Option<&str>) -> Vec<String> {
    let Some(note) = note else { return Vec::new() };
    let ids = HeadingIds { prefix: "note-", ..HeadingIds::default() };
    let (_, headings) = render_with_ids(note, 0..note.len(), &[], &[], Parts::plain(ids, false));
    headings.into_iter().map(|heading| heading.id).collect()
}

/// How `render_with_ids` writes a body beyond its text: its headings' ids, whether its first
/// heading is its title (cut), its code highlighted, and where its links to markdown files lead.
struct Parts<'a> {
    ids: HeadingIds<'a>,
    title_heading: bool,
    highlight: bool,
    links: Option<crate::md_link::Pages<'a>>,
}

impl<'a> Parts<'a> {
    /// No title cut and no links to markdown files followed: a text that is no document's.
    fn plain(ids: HeadingIds<'a>, highlight: bool) -> Parts<'a> {
        Parts { ids, title_heading: false, highlight, links: None }
    }
}

fn render_with_ids(
    text: &str,
    body: std::ops::Range<usize>,
    replace: &[(usize, String)],
    shortcodes: &[Shortcode],
    parts: Parts<'_>,
) -> (String, Vec<Heading>) {
    let Parts { mut ids, title_heading, highlight, links } = parts;
    let offset = body.start;
    let Wanted { highlight, autolink, footnotes, pictures } = Wanted::of(&text[body.clone()], highlight);
    let prefix = ids.prefix;
    let mut skipping = false;
    let sorted = replace.is_sorted_by_key(|(start, _)| *start);
    let written = std::cell::Cell::new(0);
    // The parser reads the shortcodes' masks, where their HTML goes (`content::shortcode::mask`).
    let masked = content::shortcode::mask(text, shortcodes);
    let parsed = Parser::new_ext(&masked[body.clone()], content::markdown::options()).into_offset_iter();
    let parsed = crate::autolink::Linked::when(autolink, parsed);
    // The footnotes go after the text before the tables are left out, as in `Pass::run`.
    let parsed = crate::footnotes::Endnotes::when(footnotes, parsed, prefix, |start| {
        replacement(replace, sorted, offset + start).is_some()
    })
    .cutting_title(title_heading);
    let mut wiki_text = WikiText::default();
    let mut following = Following::default();
    let events = parsed.filter_map(|(mut event, range)| {
        if skipping {
            skipping = !matches!(event, Event::End(TagEnd::Table));
            return None;
        }
        if let Event::Start(Tag::Table(_)) = &event
            && let Some(html) = replacement(replace, sorted, offset + range.start)
        {
            skipping = true;
            return Some(Event::Html(CowStr::Borrowed(html.as_str())));
        }
        wiki_text.show(&mut event);
        // The headings see a shortcode's mask, as a build's first pass does (`Pass::run`),
        // not its HTML: a `<br>` it writes is no line break of a heading's title.
        ids.observe(&event, written.get());
        let event = following.follow(event, links);
        if let Event::Html(html) | Event::InlineHtml(html) = &event
            && !shortcodes.is_empty()
        {
            let file_range = offset + range.start..offset + range.end;
            if let Some(spliced) = with_shortcodes(html, file_range, shortcodes, replace, sorted) {
                return Some(match event {
                    Event::InlineHtml(_) => Event::InlineHtml(spliced.into()),
                    _ => Event::Html(spliced.into()),
                });
            }
        }
        Some(event)
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    write(Tracked { out: &mut out, written: &written }, events, highlight, pictures);
    let (mut out, _, mut headings) = ids.apply(out);
    // The title's heading is cut as `Pass::cut` cuts it: written first (its id counts for the
    // ids after it), then left out, in place.
    if title_heading {
        cut_title(&mut out, &mut headings);
    }
    (out, headings)
}

/// The start of a GitHub alert (`> [!NOTE]`, a blockquote of a kind): the blockquote with the
/// class pulldown-cmark gives it (`markdown-alert-note`), GitHub's `markdown-alert` beside it,
/// and the kind's name as its first line, as GitHub shows it (a screen reader reads "Note").
fn alert(kind: pulldown_cmark::BlockQuoteKind) -> String {
    use pulldown_cmark::BlockQuoteKind::*;
    let (class, name) = match kind {
        Note => ("note", "Note"),
        Tip => ("tip", "Tip"),
        Important => ("important", "Important"),
        Warning => ("warning", "Warning"),
        Caution => ("caution", "Caution"),
    };
    format!(
        "<blockquote class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{name}</p>\n"
    )
}

/// `event`, a link to a markdown file leading to its page when `files` knows it (`md_link`),
/// and a wiki-link (`[[2026-02-27]]`) to the page of the file it names (`md_link::wiki`).
/// In a picture's text, where the writer writes a link's text alone, a link that leads nowhere
/// stays a link's start, which its end closes (raw HTML there would be written as text).
fn follow<'e>(event: Event<'e>, files: Option<crate::md_link::Pages<'_>>, in_picture: bool) -> Event<'e> {
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            match followed(link_type, dest_url, files) {
                Leads::To(dest_url) => Event::Start(Tag::Link { link_type, dest_url, title, id }),
                Leads::Nowhere if in_picture => {
                    Event::Start(Tag::Link { link_type, dest_url: CowStr::Borrowed(""), title, id })
                }
                // Its end is the link's, `</a>`.
                Leads::Nowhere => Event::InlineHtml(unresolved(&title)),
            }
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let url = files.and_then(|files| files.attachment_url(link_type, &dest_url));
            Event::Start(Tag::Image { link_type, dest_url: url.map_or(dest_url, CowStr::from), title, id })
        }
        event => event,
    }
}

/// What a build's first pass knows of where a body's links to files lead before the site's
/// pages are known: the attachments (`attachment`), found from the file `from` (relative to
/// the site root), published below `urls`.
#[derive(Clone, Copy, Debug)]
pub struct Files<'a> {
    pub attachments: &'a crate::attachment::Attachments,
    pub urls: &'a crate::view::Urls,
    pub from: &'a std::path::Path,
}

impl Files<'_> {
    /// `event` with the URL of the attachment it names as its destination, when it is a
    /// picture's or a link's start that names one (`Attachments::url`); a link the page
    /// follows was made a hole before (its destination empty). Inlined, one test per event for
    /// a site without attachments.
    #[inline(always)]
    fn write_into(&self, event: &mut Event<'_>) {
        if !self.attachments.is_empty() {
            self.rewrite(event);
        }
    }

    fn rewrite(&self, event: &mut Event<'_>) {
        if let Event::Start(Tag::Image { link_type, dest_url, .. } | Tag::Link { link_type, dest_url, .. }) =
            event
            && let Some(url) = self.attachments.url(self.urls, self.from, *link_type, dest_url)
        {
            *dest_url = CowStr::from(url);
        }
    }
}

/// `follow` for a body's events in order: it knows when they are inside a picture's text.
#[derive(Default)]
struct Following {
    pictures: usize,
}

impl Following {
    fn follow<'e>(&mut self, event: Event<'e>, files: Option<crate::md_link::Pages<'_>>) -> Event<'e> {
        match event {
            Event::Start(Tag::Image { .. }) => self.pictures += 1,
            Event::End(TagEnd::Image) => self.pictures = self.pictures.saturating_sub(1),
            _ => {}
        }
        follow(event, files, self.pictures > 0)
    }
}

/// The start of a link that leads nowhere with `title`, as the writer writes a link's start
/// (`UNRESOLVED` with the title the writer would write after its address).
fn unresolved(title: &str) -> CowStr<'static> {
    if title.is_empty() {
        return CowStr::Borrowed(UNRESOLVED);
    }
    let mut start = String::from(&UNRESOLVED[..UNRESOLVED.len() - 2]);
    start.push_str("\" title=\"");
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut start, title);
    start.push_str("\">");
    CowStr::from(start)
}

/// Where a link leads on its page (`followed`).
enum Leads<'e> {
    /// To this address.
    To(CowStr<'e>),
    /// Nowhere: a wiki-link to a note no page is built from (`[[Some idea]]`, or a draft's), or
    /// a link to a draft's markdown file (`[tomorrow](2026-03-02.md)`), which the page shows as
    /// its text, not as a link to a page that is not there, as Obsidian shows an unresolved
    /// link. Written as `UNRESOLVED`.
    Nowhere,
}

/// The start of a link that leads nowhere (`Leads::Nowhere`): a placeholder link, which no
/// reader can follow, of a class a theme may style. The first pass writes it from the start of
/// a link whose address is a hole, `<a href="` and `">` (`Followed::write_href`).
const UNRESOLVED: &str = "<a class=\"unresolved\">";

/// Where a link of `link_type` to `dest` leads (`follow`): the page of the markdown file or
/// the wiki-link's name when `files` knows it; nowhere for a wiki-link to a note that names no
/// page (`md_link::names_a_missing_note`) or a link to a draft's file; else to `dest` as
/// written.
fn followed<'e>(
    link_type: LinkType,
    dest: CowStr<'e>,
    files: Option<crate::md_link::Pages<'_>>,
) -> Leads<'e> {
    let Some(files) = files else {
        return Leads::To(dest);
    };
    let url = match link_type {
        LinkType::WikiLink { .. } => match files.wiki_url(&dest) {
            None if files.names_a_missing_note(&dest) => return Leads::Nowhere,
            url => url,
        },
        // An e-mail address (`<me@x.pdf>`) names no file.
        LinkType::Email => None,
        _ => match files.url(&dest) {
            None if files.names_a_draft_file(&dest) => return Leads::Nowhere,
            url => url,
        },
    };
    Leads::To(url.map_or(dest, CowStr::from))
}

/// Where a body's wiki-links' own texts stand (`content::markdown::WikiText`), fed its events
/// in order before its headings see them, so that a heading's title in the table of contents
/// reads as the heading does.
#[derive(Default)]
struct WikiText(content::markdown::WikiText);

impl WikiText {
    /// `event`, the next of the body, as Obsidian shows it: `[[2026-02-27#Analysis]]` reads
    /// "2026-02-27 > Analysis". A call per event, not inlined, was 0.3% of a build's
    /// instructions.
    #[inline(always)]
    fn show(&mut self, event: &mut Event<'_>) {
        if self.0.in_text(event)
            && let Event::Text(text) = event
            && let Some(shown) = self.0.shown(text)
        {
            *text = CowStr::from(shown);
        }
    }
}

/// The raw HTML `html` of the parser's event at `range` of the file with the mask of each
/// shortcode in it (`content::shortcode::masks_in`) replaced by the shortcode's HTML in
/// `replace`, or by nothing when `replace` has none; `None` when no mask is in it.
fn with_shortcodes(
    html: &str,
    range: std::ops::Range<usize>,
    shortcodes: &[Shortcode],
    replace: &[(usize, String)],
    sorted: bool,
) -> Option<String> {
    let mut out = String::new();
    let mut from = 0;
    for (at, index) in content::shortcode::masks_in(html, range, shortcodes) {
        let shortcode = &shortcodes[index];
        out.push_str(&html[from..at]);
        if let Some(output) = replacement(replace, sorted, shortcode.span.start as usize) {
            out.push_str(output);
        }
        from = at + shortcode.span.range().len();
    }
    (from > 0).then(|| {
        out.push_str(&html[from..]);
        out
    })
}

/// Cuts the level-1 heading `html` begins with (`title_end`), and its entry in `headings`.
fn cut_title(html: &mut String, headings: &mut Vec<Heading>) {
    let end = title_end(html);
    if end > 0 {
        html.replace_range(..end, "");
        // The heading the HTML begins with is the first one read.
        if !headings.is_empty() {
            headings.remove(0);
        }
    }
}

/// A heading of a body, as its table of contents lists it (`record.toc`, `page.toc`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6: `##` is 2.
    pub level: u8,
    /// Its id, as its start tag has it (made from its text, or given with `{#id}`).
    pub id: String,
    /// Its text without markup (`` ## The `serve` loop `` is `The serve loop`), line breaks
    /// as spaces.
    pub title: String,
}

/// Where the level-1 heading an HTML body begins with ends, with the line break after it; 0
/// when it begins otherwise. The heading of a document whose `title_heading` is set.
fn title_end(html: &str) -> usize {
    if !html.starts_with("<h1") {
        return 0;
    }
    html.find("</h1>").map_or(0, |at| {
        let end = at + "</h1>".len();
        end + usize::from(html[end..].starts_with('\n'))
    })
}

/// A place in a prerendered body where a replacement goes.
#[derive(Clone, Copy, Debug)]
struct Hole {
    /// Where in the body's HTML.
    at: usize,
    /// The byte offset in its file of what it stands for: a table, a shortcode or a link.
    start: usize,
    /// What goes in it.
    fill: Fill,
    /// A shortcode's mask that ended the raw HTML it was in, right before the start of a block,
    /// to which the writer gave a line break of its own because the mask did not end a line:
    /// the line break that follows the hole is `render`'s only when what it wrote before the
    /// block does not end a line either (see `Prerendered::splice_into`).
    line_break: bool,
}

/// What a page puts in a `Hole`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fill {
    /// A table's HTML, which must end its line (see `Prerendered::splices`).
    Table,
    /// A shortcode's HTML: its mask was cut from inside the HTML the parser handed on, where
    /// `render` splices the shortcode's HTML alike, whatever it ends with.
    Shortcode,
    /// The address of `Prerendered::links[n]`, between the quotes of its `href`: where it leads
    /// is known once the site's pages are.
    Link(usize),
}

/// A link a page follows (`follow`): to a markdown file, or a wiki-link.
#[derive(Clone, Debug)]
struct Followed {
    link_type: LinkType,
    /// Its destination as written.
    dest: String,
}

impl Followed {
    /// Appends the address the link's `href` holds on a page whose links lead as `files` says,
    /// as `render` writes it: followed (`followed`), then as the writer writes any destination
    /// (`destination`), escaped.
    fn write_href(&self, out: &mut String, files: Option<crate::md_link::Pages<'_>>) {
        match followed(self.link_type, CowStr::Borrowed(&self.dest), files) {
            // Writing to a String cannot fail.
            Leads::To(dest) => {
                let _ = pulldown_cmark_escape::escape_href(out, &destination(self.link_type, dest));
            }
            // `<a href="` is written and `">` follows: `UNRESOLVED` is made of them.
            Leads::Nowhere => {
                let attribute = " href=\"";
                if out.ends_with(attribute) {
                    out.truncate(out.len() - attribute.len());
                }
                out.push_str(&UNRESOLVED[2..UNRESOLVED.len() - 2]);
            }
        }
    }
}

/// What the writer writes before a link's address (`Event::Start(Tag::Link)` of any kind but
/// an e-mail address's).
const HREF: &str = "<a href=\"";

/// A body's HTML rendered in the pass that read the markdown (`Pass::run` as the consumer of
/// `content::parse_document_with`), without its tables, all of which the page replaces, without
/// its shortcodes' masks, and without the addresses of its links to other pages (`Fill::Link`):
/// a page splices the theme's tables, the shortcodes' HTML and where the links lead in without
/// parsing the body a second time.
#[derive(Clone, Debug)]
pub struct Prerendered {
    html: String,
    /// Where each cut table and each shortcode's mask was in `html`, and each followed link's
    /// address, in order.
    holes: Vec<Hole>,
    /// The links followed (`Fill::Link`).
    links: Vec<Followed>,
    /// `reading_minutes` of the markdown.
    reading_minutes: u32,
    /// Its headings, in order, for its table of contents.
    headings: Vec<Heading>,
}

impl Prerendered {
    /// Minutes a reader needs for the body (`reading_minutes` of its markdown).
    pub fn reading_minutes(&self) -> u32 {
        self.reading_minutes
    }

    /// The body's headings in order, without the title's (as `render_document` gives them).
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// What `render` writes for `replace` (the same tables and shortcodes as the holes, by
    /// offset) with its links leading as `files` says, or `None` when they are not the holes or
    /// a table's replacement does not end with a line break: after one that does not,
    /// `render`'s next block begins with one of its own.
    pub fn splice(
        &self,
        replace: &[(usize, String)],
        files: Option<crate::md_link::Pages<'_>>,
    ) -> Option<String> {
        self.splices(replace).then(|| self.spliced(replace, files))
    }

    /// What `splice_into` appends, as a string of its own.
    pub fn spliced(&self, replace: &[(usize, String)], files: Option<crate::md_link::Pages<'_>>) -> String {
        let tables: usize = replace.iter().map(|(_, html)| html.len()).sum();
        let mut out = String::with_capacity(self.html.len() + tables);
        self.splice_into(&mut out, replace, files);
        out
    }

    /// Whether `splice` gives the HTML for `replace`: the tables and shortcodes are the holes
    /// other than links', and each table's replacement ends its line.
    pub fn splices(&self, replace: &[(usize, String)]) -> bool {
        let mut filled = 0;
        let all = self.holes.iter().zip(self.replacements(replace)).all(|(hole, html)| match hole.fill {
            Fill::Link(_) => true,
            fill => {
                filled += 1;
                html.is_some_and(|html| fill != Fill::Table || html.ends_with('\n'))
            }
        });
        all && filled == replace.len()
    }

    /// Appends what `splice` gives to `out` (a page being written, so the body is copied once),
    /// when `splices(replace)`, its links leading as `files` says; a hole with no replacement is
    /// left empty.
    pub fn splice_into(
        &self,
        out: &mut String,
        replace: &[(usize, String)],
        files: Option<crate::md_link::Pages<'_>>,
    ) {
        let mut from = 0;
        // Whether what is written of the body so far ends a line, as the writer keeps it (it
        // begins with none written, as at the start of a line).
        let mut line_ended = true;
        for (hole, table) in self.holes.iter().zip(self.replacements(replace)) {
            let before = self.html.get(from..hole.at).unwrap_or_default();
            out.push_str(before);
            line_ended = if before.is_empty() { line_ended } else { before.ends_with('\n') };
            from = hole.at;
            if let Fill::Link(n) = hole.fill {
                // Inside a start tag: no line ends there.
                self.links[n].write_href(out, files);
                line_ended = false;
                continue;
            }
            if let Some(table) = table.filter(|t| !t.is_empty()) {
                out.push_str(table);
                line_ended = table.ends_with('\n');
            }
            // A hole that records a line break is never followed by another at its place: a
            // table's needs a line ended before it, which this line break's mask did not end.
            if hole.line_break && line_ended && self.html[from..].starts_with('\n') {
                from += 1;
            }
        }
        out.push_str(&self.html[from..]);
    }

    /// The replacement of each hole, in the holes' order (`replacement`); `None` for a link's.
    fn replacements<'r>(&self, replace: &'r [(usize, String)]) -> impl Iterator<Item = Option<&'r String>> {
        let sorted = replace.is_sorted_by_key(|(offset, _)| *offset);
        self.holes.iter().map(move |hole| match hole.fill {
            Fill::Link(_) => None,
            _ => replacement(replace, sorted, hole.start),
        })
    }
}

/// The replacement in `replace` of the table or shortcode at byte offset `start`: found by halves when
/// `replace` is `sorted` by offset (a record page sorts it), one by one otherwise. A record of
/// 40,000 tables looked through all of them for each.
fn replacement(replace: &[(usize, String)], sorted: bool, start: usize) -> Option<&String> {
    let found = if sorted {
        replace.binary_search_by_key(&start, |(offset, _)| *offset).ok().map(|at| &replace[at])
    } else {
        replace.iter().find(|(offset, _)| *offset == start)
    };
    found.map(|(_, table)| table)
}

/// The steps of rendering that a body's text asks for, each found by a quick look at it: a
/// build's first pass (`Pass::run`) skips the others. A step taken where the text needs none
/// writes the same HTML.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Wanted {
    /// Its code blocks highlighted (`highlight::wanted`).
    pub highlight: bool,
    /// Its bare addresses linked (`autolink::wanted`).
    pub autolink: bool,
    /// Its footnotes listed after it (`footnotes::wanted`).
    pub footnotes: bool,
    /// Its pictures embedded with wiki-links sized (`sized_pictures`).
    pub pictures: bool,
}

impl Wanted {
    /// What `markdown` asks for; its code highlighted only when `highlight_code` (site.toml).
    pub fn of(markdown: &str, highlight_code: bool) -> Wanted {
        Wanted {
            highlight: crate::highlight::wanted(highlight_code, markdown),
            autolink: crate::autolink::wanted(markdown),
            footnotes: crate::footnotes::wanted(markdown),
            pictures: pictures_wanted(markdown),
        }
    }

    /// Every step, whatever the text (code highlighted when `highlight`).
    pub fn all(highlight: bool) -> Wanted {
        Wanted { highlight, autolink: true, footnotes: true, pictures: true }
    }
}

/// A body rendered from its events without its tables and the addresses of its links to other
/// pages, with where each table and link was, and where the raw HTML that may hold a
/// shortcode's mask was written.
#[derive(Debug)]
pub struct Pass {
    html: String,
    tables: Vec<PassTable>,
    headings: Vec<Heading>,
    /// The raw HTML the parser handed on that may hold a shortcode's mask.
    raw: Vec<PassHtml>,
    /// The links that name a markdown file (`md_link::written`) or are wiki-links, which lead
    /// where the site's documents are: written without their addresses, which the page puts in
    /// once the documents are known.
    links: Vec<PassLink>,
}

/// A link a `Pass` wrote without its address.
#[derive(Debug)]
struct PassLink {
    /// Where its start tag was written in the pass's HTML.
    at: usize,
    /// Its byte offset in its file.
    start: usize,
    link: Followed,
}

/// Raw HTML written in a `Pass`, which may hold a shortcode's mask (`content::shortcode::mask`).
#[derive(Debug)]
struct PassHtml {
    /// Where it was written in the pass's HTML.
    at: usize,
    /// Its length, as written.
    len: usize,
    /// Where the parser read it, in the file.
    range: std::ops::Range<usize>,
    /// Whether the next event starts a block, before which the writer put a line break as this
    /// did not end a line.
    line_break: bool,
}

/// A table left out of a `Pass`.
#[derive(Debug)]
struct PassTable {
    /// Its byte offset in its file.
    start: usize,
    /// Where it was left out of the pass's HTML.
    at: usize,
}

impl Pass {
    /// Renders `events` (a whole body, `capacity` a guess of its HTML's length) as `render`
    /// renders the body when it replaces every table with nothing, noting where each table was.
    ///
    /// A record's tables are its task tables and its aggregate stats, which the page replaces
    /// with the computed ones: writing their HTML only to cut it out was a tenth of the pass. A
    /// table that is not replaced sends the page to `render` (see `cut`). `wanted`: the steps
    /// its text asks for (`Wanted::of`); `style`: how its headings are written.
    pub fn run(
        events: &mut content::markdown::Events<'_, '_>,
        capacity: usize,
        wanted: Wanted,
        style: HeadingStyle<'_>,
        files: Option<Files<'_>>,
    ) -> Pass {
        // Bare addresses made links and footnotes moved after the text before the positions
        // below are taken; every table is left out (`cut` says whether the page replaces each).
        let events = crate::autolink::Linked::when(wanted.autolink, events);
        // A body without footnotes does without the step that moves them: passing each event
        // through it was 0.5% of a build's instructions.
        if wanted.footnotes {
            let events = crate::footnotes::Endnotes::when(true, events, "", |_| true);
            Pass::run_events(events, capacity, wanted, style, files)
        } else {
            Pass::run_events(events, capacity, wanted, style, files)
        }
    }

    /// `run` of `events`, their addresses linked and footnotes moved as the text asks.
    fn run_events<'a>(
        events: impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
        capacity: usize,
        wanted: Wanted,
        style: HeadingStyle<'_>,
        files: Option<Files<'_>>,
    ) -> Pass {
        let mut html = String::with_capacity(capacity);
        let written = std::cell::Cell::new(0);
        let mut tables: Vec<PassTable> = Vec::new();
        let mut raw: Vec<PassHtml> = Vec::new();
        // Whether the last raw HTML that may hold a mask ended its line.
        let mut last_ended_line = true;
        let mut in_table = false;
        let mut ids = HeadingIds::styled(style);
        let mut links: Vec<PassLink> = Vec::new();
        let mut wiki_text = WikiText::default();
        let events = events.filter_map(|(mut event, range)| {
            if in_table {
                in_table = !matches!(event, Event::End(TagEnd::Table));
                return None;
            }
            wiki_text.show(&mut event);
            // A link the page follows is written without its address (a task's cell is rendered
            // with the page, where its links are followed). Changed in place: moving every event
            // through a `match` cost 0.3% of a build's instructions.
            if let Event::Start(Tag::Link { link_type, dest_url, .. }) = &mut event
                && (matches!(link_type, LinkType::WikiLink { .. }) || crate::md_link::written(dest_url))
            {
                let dest = std::mem::replace(dest_url, CowStr::Borrowed("")).into_string();
                let link = Followed { link_type: *link_type, dest };
                links.push(PassLink { at: written.get(), start: range.start, link });
            }
            if let Some(files) = &files {
                files.write_into(&mut event);
            }
            if let Event::Start(Tag::Table(_)) = event {
                // The writer asks for an event once it has written every earlier one.
                tables.push(PassTable { start: range.start, at: written.get() });
                in_table = true;
                return None;
            }
            if let Some(last) = raw.last_mut().filter(|last| last.at + last.len == written.get()) {
                last.line_break = !last_ended_line && starts_block(&event);
            }
            // The writer writes raw HTML as it is, where it has written all before it.
            if let Event::Html(html) | Event::InlineHtml(html) = &event
                && (html.contains("<!--") || html.contains("<span "))
            {
                raw.push(PassHtml {
                    at: written.get(),
                    len: html.len(),
                    range: range.clone(),
                    line_break: false,
                });
                last_ended_line = html.ends_with('\n');
            }
            ids.observe(&event, written.get());
            Some(event)
        });
        write(Tracked { out: &mut html, written: &written }, events, wanted.highlight, wanted.pictures);
        let (html, shift, headings) = ids.apply(html);
        for table in &mut tables {
            table.at = shift(table.at);
        }
        for html in &mut raw {
            html.at = shift(html.at);
        }
        for link in &mut links {
            link.at = shift(link.at);
        }
        Pass { html, tables, headings, raw, links }
    }

    /// For a body with a link that names a markdown file or is a wiki-link, whose page may
    /// render it from its text (when `cut` gives none): its headings, with the ids that render
    /// gives them, the title's left out when `title_heading`. A wiki-link to one of them reads
    /// them (`Model::keep_headings`); `None` for any other body.
    pub fn linking_headings(&self, title_heading: bool) -> Option<Vec<Heading>> {
        if self.links.is_empty() {
            return None;
        }
        let mut headings = self.headings.clone();
        if title_heading && title_end(&self.html) > 0 && !headings.is_empty() {
            headings.remove(0);
        }
        Some(headings)
    }

    /// The HTML, with a hole for each table, each of `shortcodes` (its mask cut) and each
    /// followed link's address, when `replaced` accepts every table's file offset; `None` when
    /// it does not, or a mask or a link's address is not where the page would put its own (the
    /// page is rendered from its text). `markdown` is the body the pass rendered, for its
    /// reading time.
    pub fn cut(
        self,
        markdown: &str,
        replaced: impl Fn(usize) -> bool,
        title_heading: bool,
        shortcodes: &[Shortcode],
    ) -> Option<Prerendered> {
        // Where the HTML before a table does not end a line (a table that opens a list item or
        // a footnote), the writer put a line break before the next block, which after a
        // replacement ending its line (`render`) it does not: such a body is rendered from its
        // text. Nothing was written for the table, so what comes before its hole was before it.
        let line_ended = |at: usize| at == 0 || self.html.as_bytes()[at - 1] == b'\n';
        if !self.tables.iter().all(|t| line_ended(t.at) && replaced(t.start)) {
            return None;
        }
        // The title's heading comes before everything else, tables included.
        let Pass { mut html, tables, mut headings, raw, links } = self;
        let before = html.len();
        if title_heading {
            // A footnote's mark in the title took a number here, which `render` does not give it.
            if html[..title_end(&html)].contains("class=\"footnote-reference\"") {
                return None;
            }
            cut_title(&mut html, &mut headings);
        }
        let cut = before - html.len();
        let mut holes: Vec<Hole> = tables
            .into_iter()
            .map(|t| Hole { at: t.at - cut, start: t.start, fill: Fill::Table, line_break: false })
            .collect();
        let mut followed = Vec::with_capacity(links.len());
        if !links.is_empty() {
            // A link of the title is cut with it.
            for link in links.into_iter().filter(|link| link.at >= cut) {
                // Its address goes between the quotes the writer wrote for an empty one: a link
                // the writer wrote otherwise (as an e-mail address, or only its text inside a
                // picture's) is followed by `render` alone.
                let at = link.at - cut + HREF.len();
                let written = |range: std::ops::Range<usize>| html.get(range).unwrap_or_default();
                if !(written(at.saturating_sub(HREF.len())..at) == HREF && written(at..at + 1) == "\"") {
                    return None;
                }
                holes.push(Hole {
                    at,
                    start: link.start,
                    fill: Fill::Link(followed.len()),
                    line_break: false,
                });
                followed.push(link.link);
            }
            holes.sort_by_key(|hole| hole.at);
        }
        if !shortcodes.is_empty() {
            html = cut_masks(&html, &raw, cut, shortcodes, &mut holes)?;
        }
        let reading_minutes = reading_minutes(markdown);
        Some(Prerendered { html, holes, links: followed, reading_minutes, headings })
    }
}

/// `html` (a pass's, the first `cut` bytes of it cut) without the mask of each of `shortcodes`,
/// each a hole in `holes` where it was, the holes there were moved to stay where they were in
/// the text around them; `None` when a mask is not in the raw HTML the parser handed on where
/// its shortcode was (the body is rendered from its text). A mask is cut from inside the raw
/// HTML as `render` splices a shortcode's HTML into it (`with_shortcodes`).
fn cut_masks(
    html: &str,
    raw: &[PassHtml],
    cut: usize,
    shortcodes: &[Shortcode],
    holes: &mut Vec<Hole>,
) -> Option<String> {
    // Each mask's hole, where it is in `html` and its length, in order, found in the raw HTML
    // it was written in as `render` finds it there (`masks_in`). Raw HTML of a heading cut as
    // the title is gone, and with it any mask it held: then not every shortcode is found.
    let mut masks: Vec<(Hole, usize)> = Vec::with_capacity(shortcodes.len());
    for written in raw {
        let Some(segment_start) = written.at.checked_sub(cut) else { continue };
        let segment = html.get(segment_start..segment_start + written.len)?;
        for (at, index) in content::shortcode::masks_in(segment, written.range.clone(), shortcodes) {
            let (start, len) = (shortcodes[index].span.start as usize, shortcodes[index].span.range().len());
            let line_break = written.line_break && at + len == segment.len();
            masks.push((Hole { at: segment_start + at, start, fill: Fill::Shortcode, line_break }, len));
        }
    }
    if masks.len() != shortcodes.len() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    // Every hole moves back by the masks cut before it.
    let mut removed = 0;
    let mut next_mask = masks.iter().peekable();
    for hole in holes.iter_mut() {
        while let Some((_, len)) = next_mask.next_if(|(mask, _)| mask.at < hole.at) {
            removed += len;
        }
        hole.at -= removed;
    }
    removed = 0;
    for (mask, len) in &masks {
        out.push_str(&html[from..mask.at]);
        holes.push(Hole { at: mask.at - removed, ..*mask });
        removed += len;
        from = mask.at + len;
    }
    out.push_str(&html[from..]);
    holes.sort_by_key(|hole| (hole.at, hole.start));
    Some(out)
}

/// Whether the writer begins a block for `event`, with a line break of its own when what it
/// wrote before does not end a line.
fn starts_block(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Rule
            | Event::Start(
                Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::FootnoteDefinition(_)
                    | Tag::Table(_)
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition
            )
    )
}

/// The fixed ids of the default theme's pages, which a heading's id must not repeat (`## Main`
/// would otherwise take the skip link's target).
const THEME_IDS: [&str; 14] = [
    "main",
    "aggregates-heading",
    "charts-heading",
    "daily-caption",
    "daily-heading",
    "latest-heading",
    "record-note-heading",
    "records-heading",
    "tags-caption",
    "tasks-caption",
    "tasks-heading",
    "toc-heading",
    "totals-heading",
    "workstreams-caption",
];

/// Whether the default theme uses `id` on a page with a body: one of its fixed ids, or a record
/// chart's.
pub(crate) fn taken_by_theme(id: &str) -> bool {
    THEME_IDS.contains(&id)
        || id
            .strip_prefix(crate::charts::RECORD_CHART_ID)
            .is_some_and(|rest| matches!(rest, "" | "-title" | "-desc"))
}

/// Gives every heading written without an `{#id}` an id from its text (`## Task Log` gets
/// `id="task-log"`, a second one `task-log-1`; see `slug::heading_id`), so a reader can link to
/// a section as on Zola and Hugo sites; with `anchors`, puts a link to itself into each heading
/// (`anchor_link`); lists the headings for the table of contents; and makes each code block able
/// to take the focus (see `apply`).
///
/// The writer writes a heading's start tag before its text is known, so the ids are written in
/// afterwards: `observe` sees each event as the writer is about to write it, and `apply` puts
/// each id into its start tag. That costs one copy of a body with headings, where holding each
/// heading's events back for the writer cost every event of every body a pass through one more
/// iterator (1.2% of a build's instructions).
#[derive(Default)]
struct HeadingIds<'a> {
    /// The ids given so far on this page, written or made.
    ids: UniqueIds,
    /// In order of place in the HTML: where each heading without an id starts (its `<h`), with
    /// the id its text makes (`apply` makes it unique); where each heading's link to itself goes;
    /// and where each code block starts (its `<pre`).
    given: Vec<(usize, Mark)>,
    /// The heading being read.
    open: Option<OpenHeading>,
    /// The headings read, in order; one whose id is made has its id from `apply`.
    headings: Vec<Heading>,
    /// Where each heading gets a link to itself (site.toml's `insert_anchor_links`).
    anchors: AnchorLinks,
    /// Ids a made id does not take (`HeadingStyle::reserved`).
    reserved: &'a [String],
    /// What every id made here starts with (`note-` in the record note).
    prefix: &'static str,
}

impl<'a> HeadingIds<'a> {
    fn styled(style: HeadingStyle<'a>) -> HeadingIds<'a> {
        HeadingIds { anchors: style.anchors, reserved: style.reserved, ..HeadingIds::default() }
    }

    /// Notes `event`, which the writer writes next, at byte `written` of the HTML. Inlined: it
    /// sees every event of every body, and most concern no heading.
    #[inline]
    fn observe(&mut self, event: &Event<'_>, written: usize) {
        if self.open.is_some() || matches!(event, Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_))) {
            self.heading(event, written);
        }
    }

    /// `observe` for a heading's start and the events inside it, and a code block's start.
    fn heading(&mut self, event: &Event<'_>, written: usize) {
        // The first event inside a heading is written after its start tag.
        if let Some(open) = &mut self.open
            && open.inside.is_none()
        {
            open.inside = Some(written);
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.given.push((written, Mark::Focusable)),
            Event::Start(Tag::Heading { level, id, .. }) => {
                if let Some(id) = id {
                    self.ids.used.insert(id.to_string());
                }
                self.open = Some(OpenHeading {
                    at: written,
                    level: *level as u8,
                    id: id.as_ref().map(|id| id.to_string()),
                    text: String::new(),
                    title: String::new(),
                    inside: None,
                });
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(open) = &mut self.open {
                    open.text.push_str(text);
                    open.title.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(open) = &mut self.open {
                    open.text.push(' ');
                    open.title.push(' ');
                }
            }
            // A `<br>` breaks the line of the title (its id runs the words together, as GitHub's).
            Event::InlineHtml(html) if content::markdown::is_line_break(html) => {
                if let Some(open) = &mut self.open {
                    open.title.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(open) = self.open.take() {
                    let id = match open.id {
                        Some(id) => id,
                        None => {
                            // Made unique in `apply`, once every id given by hand is known.
                            let made = crate::slug::heading_id(&open.text);
                            let mark = Mark::Id(self.headings.len(), [self.prefix, &made].concat());
                            self.given.push((open.at, mark));
                            String::new()
                        }
                    };
                    let title = collapse_spaces(open.title);
                    // The writer writes the end tag next: the link goes before it, or after the
                    // start tag.
                    let anchor_at = match self.anchors {
                        AnchorLinks::None => None,
                        AnchorLinks::Right => Some(written),
                        AnchorLinks::Left => Some(open.inside.unwrap_or(written)),
                    };
                    if let Some(at) = anchor_at {
                        self.given.push((open.at, Mark::Label(self.headings.len())));
                        self.given.push((at, Mark::Anchor(self.headings.len())));
                    }
                    self.headings.push(Heading { level: open.level, id, title });
                }
            }
            _ => {}
        }
    }

    /// `id`, or `id-1`, `id-2` ... when a heading has that id (given by hand, or made before it)
    /// or the default theme uses it on the page.
    fn unique(&mut self, id: String) -> String {
        let reserved = self.reserved;
        self.ids.take(id, |id| taken_by_theme(id) || reserved.iter().any(|taken| taken == id))
    }

    /// `html` with the ids in their headings' start tags (`<h2` becomes `<h2 id="task-log"`, as
    /// the writer writes an id it is given) and each code block's `<pre` made `<pre
    /// tabindex="0"`, a map from offsets in `html` to offsets in the result, and the headings
    /// with their ids.
    ///
    /// A code block's long lines scroll inside it, which a reader without a mouse can do only
    /// once it can take the focus (WCAG 2.1.1; GitHub's code blocks do the same).
    fn apply(mut self, html: String) -> (String, impl Fn(usize) -> usize, Vec<Heading>) {
        // Each `<hN` or `<pre` starts at or after the offset noted for it (the writer may first
        // end a line). Made ids avoid every id given by hand, before or after them (`## Setup`
        // then `## Install {#setup}`: the first is `setup-1`), and those made before them.
        let given = std::mem::take(&mut self.given);
        let mut headings = std::mem::take(&mut self.headings);
        let tags: Vec<(usize, String)> = given
            .into_iter()
            .filter_map(|(at, mark)| match mark {
                Mark::Id(heading, id) => {
                    let id = self.unique(id);
                    let attribute = format!(" id=\"{id}\"");
                    if let Some(heading) = headings.get_mut(heading) {
                        heading.id = id;
                    }
                    html[at..].find("<h").map(|i| (at + i + 3, attribute))
                }
                Mark::Focusable => {
                    html[at..].find("<pre").map(|i| (at + i + 4, " tabindex=\"0\"".to_string()))
                }
                // After its heading's id is known: the heading's start comes before it.
                Mark::Anchor(i) => headings.get(i).map(|heading| (at, anchor_link(heading, self.anchors))),
                Mark::Label(i) => {
                    let heading = headings.get(i).filter(|h| !h.title.is_empty())?;
                    let mut label = String::with_capacity(16 + heading.title.len());
                    label.push_str(" aria-label=\"");
                    // Writing to a String cannot fail.
                    let _ = crate::pages::write_escaped(&mut label, &heading.title);
                    label.push('"');
                    // Last in its start tag, where a feed's copy finds it (`without_anchor_links`).
                    let tag = at + html[at..].find("<h")?;
                    html[tag..].find('>').map(|i| (tag + i, label))
                }
            })
            .collect();
        let shifts: Vec<(usize, usize)> = tags
            .iter()
            .scan(0, |added, (at, attribute)| {
                *added += attribute.len();
                Some((*at, *added))
            })
            .collect();
        let out = if tags.is_empty() {
            html
        } else {
            let mut out = String::with_capacity(html.len() + shifts.last().map_or(0, |s| s.1));
            let mut from = 0;
            for (at, attribute) in &tags {
                out.push_str(&html[from..*at]);
                out.push_str(attribute);
                from = *at;
            }
            out.push_str(&html[from..]);
            out
        };
        let shift = move |offset: usize| {
            let before = shifts.partition_point(|(at, _)| *at <= offset);
            offset + before.checked_sub(1).map_or(0, |i| shifts[i].1)
        };
        (out, shift, headings)
    }
}

/// `text` with its runs of spaces, tabs and line breaks made one space and none at its ends (a
/// no-break space is the author's, and stays): most headings have none to collapse, and keep
/// their text.
fn collapse_spaces(text: String) -> String {
    let bytes = text.as_bytes();
    let single =
        |i: usize| bytes[i] == b' ' && i > 0 && bytes.get(i + 1).is_some_and(|b| !b.is_ascii_whitespace());
    if (0..bytes.len()).all(|i| !bytes[i].is_ascii_whitespace() || single(i)) {
        text
    } else {
        text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// `html` without the links `anchor_link` put into its headings (and the space beside each), for a
/// feed: a feed reader shows each as a bare `#` after its heading. `None` when it has none.
pub fn without_anchor_links(html: &str) -> Option<String> {
    let finder = memchr::memmem::Finder::new(ANCHOR_START);
    let mut out: Option<String> = None;
    let mut from = 0;
    let mut search = 0;
    while let Some(start) = finder.find(&html.as_bytes()[search..]).map(|i| search + i) {
        search = start + ANCHOR_START.len();
        // Only a link `anchor_link` wrote: an author's own `<a class="heading-anchor-x">` stays.
        let Some(length) = anchor_link_at(&html[start..]) else { continue };
        let end = start + length;
        // The no-break space before a link after the text, or the space after one before it.
        let before = if html[from..start].ends_with(NO_BREAK) { start - NO_BREAK.len() } else { start };
        let after = if html[end..].starts_with(' ') { end + 1 } else { end };
        let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
        // The heading's `aria-label`, which names it without its link, goes with the link.
        let written = &html[from..before];
        match heading_label(written) {
            Some(label) => {
                out.push_str(&written[..label.start]);
                out.push_str(&written[label.end..]);
            }
            None => out.push_str(written),
        }
        from = after;
        search = after;
    }
    let mut out = out?;
    out.push_str(&html[from..]);
    Some(out)
}

/// Where in `html` (the HTML before a heading's link to itself) the `aria-label` that `apply`
/// gave the heading is: last in the heading's start tag, the last start tag of `html`.
fn heading_label(html: &str) -> Option<std::ops::Range<usize>> {
    const LABEL: &str = " aria-label=\"";
    // The last `<h1` to `<h6`: a heading may hold raw HTML (`<hr>`, `<html>` in its text).
    let mut tag = html.len();
    loop {
        tag = html[..tag].rfind("<h")?;
        if html.as_bytes().get(tag + 2).is_some_and(|b| (b'1'..=b'6').contains(b)) {
            break;
        }
    }
    let close = tag + html[tag..].find('>')?;
    let start = tag + html[tag..close].rfind(LABEL)?;
    // Its value (escaped: no `"` in it) ends the tag.
    let value = start + LABEL.len();
    (html[value..close].find('"')? + 1 == close - value).then_some(start..close)
}

/// The length of the link `anchor_link` writes, when `html` begins with one: its class, its
/// `href` and `aria-label` (escaped, so neither holds a `"`), and its `#`.
fn anchor_link_at(html: &str) -> Option<usize> {
    let rest = html.strip_prefix(ANCHOR_START)?;
    let rest = rest.strip_prefix('"').or_else(|| rest.strip_prefix(" heading-anchor-left\""))?;
    let rest = rest.strip_prefix(" href=\"#")?;
    let rest = rest.get(rest.find('"')?..)?.strip_prefix("\" aria-label=\"")?;
    let rest = rest.get(rest.find('"')?..)?.strip_prefix('"')?.strip_prefix(ANCHOR_END)?;
    Some(html.len() - rest.len())
}

/// A heading `HeadingIds` is reading.
struct OpenHeading {
    /// Where its HTML starts.
    at: usize,
    level: u8,
    /// The id given with `{#id}`.
    id: Option<String>,
    /// Its text so far (a line break in it a space), as its id is made from it.
    text: String,
    /// Its text so far as its title (`Heading::title`): with a space for a `<br>` too.
    title: String,
    /// Where the first event inside it was written: after its start tag.
    inside: Option<usize>,
}

/// What `HeadingIds::apply` writes into a start tag, or into a heading.
enum Mark {
    /// The id of heading `n` (of `HeadingIds::headings`), made from its text, before it is made
    /// unique.
    Id(usize, String),
    /// A code block's `tabindex="0"`.
    Focusable,
    /// The link of heading `n` (of `HeadingIds::headings`) to itself.
    Anchor(usize),
    /// The `aria-label` of heading `n`, which has a link to itself: a heading's name is made of
    /// all it holds, the link's name with it, and a screen reader's list of headings read "Task
    /// Log Link to this section: Task Log". Named by its text alone, it reads "Task Log".
    Label(usize),
}

/// How a heading's link to itself begins (its class attribute, open) and ends, and the no-break
/// space before one after the text: written by `anchor_link`, found by `without_anchor_links`.
const ANCHOR_START: &str = "<a class=\"heading-anchor";
const ANCHOR_END: &str = ">#</a>";
const NO_BREAK: &str = "&nbsp;";

/// A heading's link to itself, as site.toml's `insert_anchor_links` places it: `#`, named for
/// assistive technology by the heading's text (a list of links all named `#` tells a listener
/// nothing). After the text, a no-break space keeps it from a line of its own; before it, a
/// space that the default theme's stylesheet lets go when it hangs the link in the margin.
fn anchor_link(heading: &Heading, side: AnchorLinks) -> String {
    let mut link = String::with_capacity(128 + heading.id.len() + heading.title.len());
    if side == AnchorLinks::Right {
        link.push_str(NO_BREAK);
        link.push_str(ANCHOR_START);
        link.push_str("\" href=\"#");
    } else {
        link.push_str(ANCHOR_START);
        link.push_str(" heading-anchor-left\" href=\"#");
    }
    // Writing to a String cannot fail.
    let _ = crate::pages::write_escaped(&mut link, &heading.id);
    link.push_str("\" aria-label=\"Link to this section");
    if !heading.title.is_empty() {
        link.push_str(": ");
        let _ = crate::pages::write_escaped(&mut link, &heading.title);
    }
    link.push('"');
    link.push_str(ANCHOR_END);
    if side == AnchorLinks::Left {
        link.push(' ');
    }
    link
}

/// `event`, a link's or an image's start with its destination as the page writes it
/// (`destination`).
fn with_destination(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: destination(link_type, dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: destination(link_type, dest_url), title, id })
        }
        event => event,
    }
}

/// `events` with each picture embedded with a wiki-link and given a size after its `|`, as
/// Obsidian sizes one (`![[chart.png|300]]`, `![[chart.png|300x200]]`), written with that width
/// (and height) and its file's name as its text; any other picture as it is.
fn sized_pictures<'a>(mut events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut pending = std::collections::VecDeque::new();
    std::iter::from_fn(move || {
        if let Some(event) = pending.pop_front() {
            return Some(event);
        }
        let event = events.next()?;
        let Event::Start(Tag::Image {
            link_type: LinkType::WikiLink { has_pothole: true }, dest_url, ..
        }) = &event
        else {
            return Some(event);
        };
        let dest = dest_url.clone();
        pending.push_back(event);
        // The text is what the parser reads between `|` and `]]`: a size is one text event.
        for inner in events.by_ref() {
            let end = matches!(inner, Event::End(TagEnd::Image));
            pending.push_back(inner);
            if end {
                break;
            }
        }
        if let [_, Event::Text(text), Event::End(TagEnd::Image)] = pending.make_contiguous()
            && let Some((width, height)) = picture_size(text)
        {
            pending.clear();
            let name = dest.rsplit('/').next().unwrap_or(&dest);
            // An attachment's URL (`Files`) names its file percent-encoded (`a%20b.png`).
            let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
            let mut html = String::from("<img src=\"");
            let _ = pulldown_cmark_escape::escape_href(&mut html, &dest);
            html.push_str("\" alt=\"");
            let _ = pulldown_cmark_escape::escape_html(&mut html, &name);
            html.push_str(&format!("\" width=\"{width}\""));
            if let Some(height) = height {
                html.push_str(&format!(" height=\"{height}\""));
            }
            html.push_str(" />");
            return Some(Event::InlineHtml(html.into()));
        }
        pending.pop_front()
    })
}

/// Whether `markdown` may embed a picture with a wiki-link (`![[`), which `sized_pictures`
/// looks at: found by its rarer `!`.
fn pictures_wanted(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    memchr::memchr_iter(b'!', bytes).any(|at| bytes[at + 1..].starts_with(b"[["))
}

/// The size Obsidian reads after a picture's `|`: `300` (its width) or `300x200` (width and
/// height), in pixels, neither 0 nor past 5 digits.
fn picture_size(text: &str) -> Option<(u32, Option<u32>)> {
    let pixels = |digits: &str| (1..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    let number = |digits: &str| digits.parse::<u32>().ok().filter(|n| *n > 0 && pixels(digits));
    match text.split_once('x') {
        Some((width, height)) => Some((number(width)?, Some(number(height)?))),
        None => Some((number(text)?, None)),
    }
}

/// A link's or an image's destination as the page writes it: a wiki-link's without the `\` a
/// table's `\|` leaves in it (`content::markdown::wiki_target`), and one to a file named in
/// decomposed form (NFD, as typed on macOS) in the composed form (NFC) its file is published
/// under.
fn destination(link_type: LinkType, dest: CowStr<'_>) -> CowStr<'_> {
    let dest = match link_type {
        LinkType::WikiLink { .. } if dest.ends_with('\\') => {
            CowStr::from(content::markdown::wiki_target(&dest).to_string())
        }
        _ => dest,
    };
    if dest.is_ascii() { dest } else { content::composed(&dest).into() }
}

/// Writes `events` as HTML into `out`, through `Highlighted` when `highlight` (see
/// `highlight::wanted`) and `sized_pictures` when `pictures` (`pictures_wanted`). Its footnotes
/// come from `footnotes::Endnotes`, already written.
fn write<'a>(out: Tracked<'_>, events: impl Iterator<Item = Event<'a>>, highlight: bool, pictures: bool) {
    let events = events.map(move |event| match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(alert(kind).into()),
        event => with_destination(event),
    });
    // Writing to a String cannot fail. Each step only where the text asks for it: a step every
    // event passes through costs every body.
    let _ = match (highlight, pictures) {
        (true, true) => html::write_html_fmt(out, Highlighted::new(sized_pictures(events))),
        (true, false) => html::write_html_fmt(out, Highlighted::new(events)),
        (false, true) => html::write_html_fmt(out, sized_pictures(events)),
        (false, false) => html::write_html_fmt(out, events),
    };
}

/// Ids of one page made unique: `id`, else `id-1`, `id-2` ... (headings' and footnotes').
#[derive(Default)]
pub(crate) struct UniqueIds {
    /// The ids given so far.
    used: std::collections::HashSet<String>,
    /// For each id that was taken, the number `take` tries next: every one below it is taken,
    /// so a page of many alike does not try them all again.
    next: std::collections::HashMap<String, u64>,
}

impl UniqueIds {
    /// `id`, or the first of `id-1`, `id-2` ... neither given yet nor `taken` otherwise.
    pub(crate) fn take(&mut self, id: String, taken: impl Fn(&str) -> bool) -> String {
        let free = |used: &std::collections::HashSet<String>, id: &str| !used.contains(id) && !taken(id);
        // Most are the first of their name: no number to keep for them.
        if free(&self.used, &id) {
            self.used.insert(id.clone());
            return id;
        }
        let n = self.next.entry(id.clone()).or_insert(1);
        loop {
            let candidate = format!("{id}-{n}");
            *n += 1;
            if free(&self.used, &candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// A String that tells how much has been written to it, read while the HTML writer holds it.
struct Tracked<'a> {
    out: &'a mut String,
    written: &'a std::cell::Cell<usize>,
}

impl std::fmt::Write for Tracked<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// Renders a table cell's markdown source as its table renders it: inline markup only (`# of
/// users` is text, not a heading; `- x` no list), `\|` a pipe. `references` are the link
/// reference definitions of the cell's document (`content::Record::references`), which a
/// `[the repo][gh]` in the cell reads.
pub fn inline(markdown: &str, links: CellLinks<'_>) -> String {
    inline_cow(markdown, links).into_owned()
}

/// What a task's cell reads beyond its text: its document's link reference definitions
/// (`content::Record::references`), which a `[the repo][gh]` in it reads, and where its links
/// to markdown files lead (`md_link`; left as written without).
#[derive(Clone, Copy, Debug, Default)]
pub struct CellLinks<'a> {
    pub references: &'a [Reference],
    pub files: Option<crate::md_link::Pages<'a>>,
}

/// `inline`, borrowing `markdown` when it renders as itself (most task descriptions).
pub fn inline_cow<'a>(markdown: &'a str, links: CellLinks<'_>) -> std::borrow::Cow<'a, str> {
    // A bare address is made a link (`autolink`).
    if is_plain(markdown) && !crate::autolink::wanted(markdown) {
        std::borrow::Cow::Borrowed(markdown)
    } else {
        std::borrow::Cow::Owned(parse_inline(markdown, links))
    }
}

/// `inline` through the markdown parser, for any text: the cell is read as the one cell of a
/// table's row, a reference it makes is looked up in the document's definitions, and the
/// events inside the cell are written.
fn parse_inline(markdown: &str, links: CellLinks<'_>) -> String {
    let CellLinks { references, files } = links;
    let source = format!("| |\n|-|\n| {} |\n", markdown.replace(['\r', '\n'], " "));
    let mut head = false;
    let mut depth = 0usize;
    let found = |link: pulldown_cmark::BrokenLink<'_>| {
        let found = content::markdown::look_up(references, &link.reference)?;
        Some((CowStr::from(found.dest.clone()), CowStr::from(found.title.clone())))
    };
    let parsed = Parser::new_with_broken_link_callback(&source, content::markdown::options(), Some(found))
        .into_offset_iter();
    let parsed = crate::autolink::Linked::when(crate::autolink::wanted(markdown), parsed);
    let mut wiki_text = WikiText::default();
    let mut following = Following::default();
    let events = parsed
        .map(|(mut event, _)| {
            wiki_text.show(&mut event);
            // A tag of no line of text is shown as written (`shown_as_text_in_a_cell`): a task's
            // `</table>` closed the page's table, and its `<script>` ran.
            if let Event::InlineHtml(html) = &event
                && content::markdown::shown_as_text_in_a_cell(html)
            {
                event = Event::Text(html.clone());
            }
            with_destination(following.follow(event, files))
        })
        .filter(|event| {
            match event {
                Event::Start(Tag::TableHead) => head = true,
                Event::End(TagEnd::TableHead) => head = false,
                Event::Start(Tag::TableCell) if !head => {
                    depth += 1;
                    return false;
                }
                Event::End(TagEnd::TableCell) if !head => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth > 0 && !head
        });
    let mut out = String::with_capacity(markdown.len() + 8);
    html::push_html(&mut out, sized_pictures(events));
    out
}

/// True when markdown renders inline as itself: it starts with a letter (no list, heading or
/// other block marker), ends with no space, and holds only letters, digits, spaces and
/// punctuation that neither starts inline markup nor needs escaping. Most task descriptions are
/// like that, and skipping the parser for them matters at 150,000 tasks.
fn is_plain(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last().is_some_and(|b| *b != b' ')
        && bytes.iter().all(|b| PLAIN[usize::from(*b)])
}

/// The bytes `is_plain` allows, looked up rather than compared one by one: every task cell of
/// every record goes through it.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        plain[byte] = b.is_ascii_alphanumeric()
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
            );
        byte += 1;
    }
    plain
};

/// Minutes a reader needs for the body's words, at 220 words a minute, and for its Chinese and
/// Japanese characters, written without spaces between words, at 500 a minute; at least 1.
pub fn reading_minutes(text: &str) -> u32 {
    let Words { words, ideographs, .. } = count(text);
    // words / 220 + ideographs / 500, in whole units of 1/5500 of a minute.
    let units = words.saturating_mul(25).saturating_add(ideographs.saturating_mul(11));
    u32::try_from(units.div_ceil(5500)).unwrap_or(u32::MAX).max(1)
}

/// Whether `c` is a Chinese character (Han), or Japanese kana: scripts written without spaces
/// between words, read by the character.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}' // 々, 〆, 〇
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // halfwidth katakana
        | '\u{20000}'..='\u{323AF}') // CJK extensions B to H
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

/// The words of `text` as `split_whitespace` finds them that hold a letter or a digit other than
/// the characters `is_ideograph` counts.
///
/// Runs of up to 64 ASCII bytes are classified into two bit masks (whitespace, letters and
/// digits; see `ascii_masks`) and counted with a few word operations (see `Words::run`); any
/// other character is decoded and classified on its own.
#[cfg(test)]
fn words(text: &str) -> usize {
    count(text).words
}

/// `words`, and the characters `is_ideograph` counts.
fn count(text: &str) -> Words {
    let bytes = text.as_bytes();
    let mut count = Words { words: 0, ideographs: 0, counted: false };
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
    count
}

/// A word count in progress.
struct Words {
    words: usize,
    /// Characters of scripts read by the character (`is_ideograph`).
    ideographs: usize,
    /// True inside a word that already holds a letter or digit (and so is counted).
    counted: bool,
}

impl Words {
    /// Counts one character.
    fn char(&mut self, c: char) {
        let class = if c.is_ascii() {
            ASCII_CLASS[usize::from(c as u8)]
        } else if is_ideograph(c) {
            // Counted by the character, not as (part of) a word.
            self.ideographs += 1;
            KEEP
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
///
/// A whole block of 64 is classified sixteen bytes at a time with SSE2 on x86_64 (the 1k bench
/// site's words took 28.9 M instructions with the portable version, 19.7 M with SSE2).
/// Elsewhere, a loop of plain comparisons classifies it into one byte a character (1 or 0),
/// which the compiler turns into vector instructions, and each eight of those bytes are gathered
/// into eight bits with a multiplication (32 M instructions where bit tricks eight bytes at a
/// time took 44 M). A shorter run, at the end of a text or before a non-ASCII character, goes
/// byte by byte.
fn ascii_masks(bytes: &[u8]) -> (u64, u64) {
    debug_assert!(bytes.len() <= 64, "a run is at most 64 bytes");
    match <&[u8; 64]>::try_from(bytes) {
        Ok(block) => block_masks(block),
        Err(_) => bytes.iter().enumerate().fold((0, 0), |(space, alnum), (i, &b)| {
            let (s, a) = classify(b);
            (space | (u64::from(s) << i), alnum | (u64::from(a) << i))
        }),
    }
}

/// `ascii_masks` of a whole block.
#[cfg(target_arch = "x86_64")]
fn block_masks(block: &[u8; 64]) -> (u64, u64) {
    // SAFETY: SSE2 is part of every x86_64 processor (the target's baseline).
    unsafe { sse2_block_masks(block) }
}

/// `block_masks` sixteen bytes at a time, with SSE2's byte comparisons and `movemask`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn sse2_block_masks(block: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set_epi64x, _mm_set1_epi8,
    };
    let (mut space, mut alnum) = (0u64, 0u64);
    for (k, sixteen) in block.chunks_exact(16).enumerate() {
        let half = |at: usize| i64::from_le_bytes(sixteen[at..at + 8].try_into().unwrap_or([0; 8]));
        let v = _mm_set_epi64x(half(8), half(0));
        // Every byte is ASCII, below 0x80, so the signed comparisons compare them as they are.
        let within = |v, lo: u8, hi: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
            )
        };
        let is_space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8)), within(v, 0x09, 0x0d));
        let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        let is_alnum = _mm_or_si128(within(v, b'0', b'9'), within(lower, b'a', b'z'));
        // `movemask` gives one bit a byte, in the low 16 bits.
        space |= u64::from(_mm_movemask_epi8(is_space) as u16) << (16 * k);
        alnum |= u64::from(_mm_movemask_epi8(is_alnum) as u16) << (16 * k);
    }
    (space, alnum)
}

/// `block_masks` without vector instructions of its own: where there is no SSE2, and in the
/// tests, against the one that uses it.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn portable_block_masks(block: &[u8; 64]) -> (u64, u64) {
    let (mut space, mut alnum) = ([0u8; 64], [0u8; 64]);
    for ((b, s), a) in block.iter().zip(&mut space).zip(&mut alnum) {
        let (is_space, is_alnum) = classify(*b);
        *s = u8::from(is_space);
        *a = u8::from(is_alnum);
    }
    (gather(&space), gather(&alnum))
}

/// `ascii_masks` of a whole block.
#[cfg(not(target_arch = "x86_64"))]
fn block_masks(block: &[u8; 64]) -> (u64, u64) {
    portable_block_masks(block)
}

/// Bit `i` set for each byte `i` of `flags` that is 1 (all are 0 or 1): eight bytes at a time,
/// the multiplication moves byte `k`'s low bit to bit `56 + k`.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn gather(flags: &[u8; 64]) -> u64 {
    let mut mask = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
        mask |= (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// Whether an ASCII byte is whitespace (tab to carriage return, or space) and whether it is a
/// letter or digit, as comparisons that vectorise.
fn classify(b: u8) -> (bool, bool) {
    let space = b == b' ' || b.wrapping_sub(0x09) < 5;
    let alnum = b.wrapping_sub(b'0') < 10 || (b | 0x20).wrapping_sub(b'a') < 26;
    (space, alnum)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn replaces_a_table_at_its_offset() {
        let text = "Intro\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nAfter\n";
        let start = text.find('|').expect("a table");
        let html = render(text, 0..text.len(), &[(start, "<div>computed</div>".to_string())]);
        assert_eq!(html, "<p>Intro</p>\n<div>computed</div>\n<p>After</p>\n");
    }

    /// A GitHub alert is a blockquote of its kind, named in its first line; a marker with more on
    /// its line (Obsidian's title) or of another kind is text.
    #[test]
    fn alerts_are_blockquotes_of_their_kind_with_its_name() {
        let text = "> [!NOTE]\n> Mine.\n\n> [!caution]\n> Yours.\n\n> [!TIP] Title\n> x\n\n> [!info]\n> y\n";
        assert_eq!(
            render_markdown(text, false),
            "<blockquote class=\"markdown-alert markdown-alert-note\">\n<p class=\"markdown-alert-title\">Note</p>\n\
             <p>Mine.</p>\n</blockquote>\n\
             <blockquote class=\"markdown-alert markdown-alert-caution\">\n\
             <p class=\"markdown-alert-title\">Caution</p>\n<p>Yours.</p>\n</blockquote>\n\
             <blockquote>\n<p>[!TIP] Title\nx</p>\n</blockquote>\n<blockquote>\n<p>[!info]\ny</p>\n</blockquote>\n"
        );
    }

    #[test]
    fn headings_get_ids_from_their_text() {
        let text = "## Task Log\n\n## Task Log\n\n### Über *uns*\n\n## Mine {#task-log-2}\n\n## Task Log\n\n# Main\n\n## Chart task bars\n";
        let html = render(text, 0..text.len(), &[]);
        assert_eq!(
            html,
            "<h2 id=\"task-log\">Task Log</h2>\n<h2 id=\"task-log-1\">Task Log</h2>\n\
             <h3 id=\"über-uns\">Über <em>uns</em></h3>\n<h2 id=\"task-log-2\">Mine</h2>\n\
             <h2 id=\"task-log-3\">Task Log</h2>\n<h1 id=\"main-1\">Main</h1>\n\
             <h2 id=\"chart-task-bars-1\">Chart task bars</h2>\n"
        );
    }

    #[test]
    fn a_highlighted_code_block_takes_the_focus_too() {
        let text = "## Run\n\n```rust\nfn main() {}\n```\n";
        let out = render(text, 0..text.len(), &[]);
        assert!(
            out.starts_with(
                "<h2 id=\"run\">Run</h2>\n<pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-"
            ),
            "{out}"
        );
        assert!(out.ends_with("</span></code></pre>\n"), "{out}");
        // The pass that renders a record's body writes the same.
        let cut = first_pass(text, true).cut(text, |_| true, false, &[]).expect("no table");
        assert_eq!(cut.html, out);
    }

    #[test]
    fn code_blocks_can_take_the_focus_and_headings_keep_their_ids() {
        // A language no highlighter knows: the block is written as it is (see `highlight`).
        let text = "## Run\n\n```shell-log\ncargo run -- a_very_long_line\n```\n\n- item\n\n      indented <pre>\n\n\
                    ## Run\n\n<pre><code>raw</code></pre>\n";
        assert_eq!(
            render(text, 0..text.len(), &[]),
            "<h2 id=\"run\">Run</h2>\n<pre tabindex=\"0\"><code class=\"language-shell-log\">cargo run -- a_very_long_line\n\
             </code></pre>\n<ul>\n<li>\n<p>item</p>\n<pre tabindex=\"0\"><code>indented &lt;pre&gt;\n</code></pre>\n\
             </li>\n</ul>\n<h2 id=\"run-1\">Run</h2>\n<pre><code>raw</code></pre>\n"
        );
    }

    #[test]
    fn a_body_lists_its_headings_with_their_ids_for_its_table_of_contents() {
        let text = "# Title\n\nIntro.\n\n## Task Log\n\n### The `serve` *loop* $x$\n\n## Setup {#install}\n\n\
                    ## Task Log\n\nTwo\nlines  \nbroken\n---\n\n| A |\n|---|\n| 1 |\n\n#### Deep<br>er\n";
        let heading =
            |level, id: &str, title: &str| Heading { level, id: id.to_string(), title: title.to_string() };
        let all = [
            heading(1, "title", "Title"),
            heading(2, "task-log", "Task Log"),
            heading(3, "the-serve-loop-x", "The serve loop $x$"),
            heading(2, "install", "Setup"),
            heading(2, "task-log-1", "Task Log"),
            heading(2, "two-lines-broken", "Two lines broken"),
            heading(4, "deeper", "Deep er"),
        ];
        let (html, headings) =
            render_with_ids(text, 0..text.len(), &[], &[], Parts::plain(HeadingIds::default(), true));
        assert_eq!(headings, all);
        for heading in &all {
            assert!(html.contains(&format!(" id=\"{}\">", heading.id)), "{html}");
        }
        // The title's heading is the page's title, not a section of it.
        let (html, headings) = render_with_ids(
            text,
            0..text.len(),
            &[],
            &[],
            Parts { title_heading: true, ..Parts::plain(HeadingIds::default(), true) },
        );
        assert!(html.starts_with("<p>Intro.</p>"), "{html}");
        assert_eq!(headings, all[1..]);
        // The pass that renders a record's body lists the same, its table cut or not.
        for cut_table in [false, true] {
            let mut pass = None;
            let _ = content::markdown::scan_with(text, 0..text.len(), content::FileId(0), &mut |events| {
                pass = Some(Pass::run(events, 64, Wanted::all(true), HeadingStyle::default(), None));
            });
            let prerendered = pass.expect("a pass").cut(text, |_| cut_table, true, &[]);
            assert_eq!(prerendered.map(|p| p.headings), cut_table.then(|| all[1..].to_vec()));
        }
        // The record note's headings are no section of the record.
        assert_eq!(render_note("## Notes\n", false), "<h2 id=\"note-notes\">Notes</h2>\n");
    }

    /// `text` rendered whole with headings' links to themselves on the side `anchors` gives,
    /// its first heading cut as the title when `title`.
    fn anchored(text: &str, anchors: AnchorLinks, title: bool) -> String {
        let ids = HeadingIds { anchors, ..HeadingIds::default() };
        render_with_ids(
            text,
            0..text.len(),
            &[],
            &[],
            Parts { title_heading: title, ..Parts::plain(ids, true) },
        )
        .0
    }

    #[test]
    fn each_heading_links_to_itself_on_the_side_asked_for() {
        let text = "# Title\n\n## Task `Log` & \\<more> {#log}\n\nText.\n\n### Setup\n\n```rust\nfn main() {}\n```\n\n## \n";
        let render = |anchors, title| anchored(text, anchors, title);
        let link = |id: &str, label: &str| {
            format!("href=\"#{id}\" aria-label=\"Link to this section{label}\">#</a>")
        };
        let (right, left) =
            ("&nbsp;<a class=\"heading-anchor\" ", "<a class=\"heading-anchor heading-anchor-left\" ");
        let log = link("log", ": Task Log &amp; &lt;more&gt;");
        let (setup, empty) = (link("setup", ": Setup"), link("section", ""));
        // A heading is named by its text, not with its link's name as well.
        let named = " aria-label=\"Task Log &amp; &lt;more&gt;\"";
        let after = render(AnchorLinks::Right, false);
        for heading in [
            format!("<h1 id=\"title\" aria-label=\"Title\">Title{right}{}</h1>", link("title", ": Title")),
            format!("<h2 id=\"log\"{named}>Task <code>Log</code> &amp; &lt;more&gt;{right}{log}</h2>"),
            format!("<h3 id=\"setup\" aria-label=\"Setup\">Setup{right}{setup}</h3>"),
            format!("<h2 id=\"section\">{right}{empty}</h2>"),
        ] {
            assert!(after.contains(&heading), "{heading} in {after}");
        }
        let before = render(AnchorLinks::Left, true);
        assert!(
            before.starts_with(&format!("<h2 id=\"log\"{named}>{left}{log} Task <code>Log</code>")),
            "{before}"
        );
        assert!(
            before.contains(&format!(
                "<h3 id=\"setup\" aria-label=\"Setup\">{left}{setup} Setup</h3>\n<pre tabindex=\"0\">"
            )),
            "{before}"
        );
        assert!(before.contains(&format!("<h2 id=\"section\">{left}{empty} </h2>")), "{before}");
        assert!(!render(AnchorLinks::None, false).contains("heading-anchor"));
        // A feed's copy goes without them.
        for anchors in [AnchorLinks::Left, AnchorLinks::Right] {
            assert_eq!(without_anchor_links(&render(anchors, false)), Some(render(AnchorLinks::None, false)));
        }
        assert_eq!(without_anchor_links(&render(AnchorLinks::None, false)), None);
        // An author's own link of a like class stays, and what follows it up to a heading's.
        let own = "<p><a class=\"heading-anchor-x\" href=\"/\">mine</a> text</p>\n";
        assert_eq!(without_anchor_links(own), None);
        let both = format!("{own}{}", render(AnchorLinks::Right, false));
        assert_eq!(without_anchor_links(&both), Some(format!("{own}{}", render(AnchorLinks::None, false))));
        // The pass that renders a record's body writes the same.
        for anchors in [AnchorLinks::None, AnchorLinks::Left, AnchorLinks::Right] {
            let mut pass = None;
            let _ = content::markdown::scan_with(text, 0..text.len(), content::FileId(0), &mut |events| {
                pass = Some(Pass::run(
                    events,
                    64,
                    Wanted::all(true),
                    HeadingStyle { anchors, ..HeadingStyle::default() },
                    None,
                ));
            });
            let cut = pass.expect("a pass").cut(text, |_| true, true, &[]).expect("no table");
            assert_eq!(cut.html, render(anchors, true), "{anchors:?}");
        }
    }

    #[test]
    fn a_body_s_made_ids_avoid_the_record_note_s() {
        let note = note_ids(Some("## Notes\n\n## Note heading\n"));
        assert_eq!(note, ["note-notes", "note-note-heading"]);
        let text = "## Note: notes\n\n## Note: note heading\n\n## Other {#note-notes}\n";
        let ids = HeadingIds { reserved: &note, ..HeadingIds::default() };
        let (html, _) = render_with_ids(text, 0..text.len(), &[], &[], Parts::plain(ids, false));
        assert_eq!(
            html,
            "<h2 id=\"note-notes-1\">Note: notes</h2>\n<h2 id=\"note-note-heading-1\">Note: note heading</h2>\n\
             <h2 id=\"note-notes\">Other</h2>\n",
            "an id given by hand is the writer's"
        );
    }

    #[test]
    fn a_heading_s_title_has_single_spaces() {
        for (text, title) in [
            ("Task Log", "Task Log"),
            (" a  b\tc ", "a b c"),
            ("a ", "a"),
            ("", ""),
            ("über\u{a0}uns ", "über\u{a0}uns"),
        ] {
            assert_eq!(collapse_spaces(text.to_string()), title, "{text:?}");
        }
    }

    #[test]
    fn made_ids_avoid_ids_given_by_hand_after_them() {
        let text = "## Setup\n\n## Install {#setup}\n\n## Setup\n";
        assert_eq!(
            render(text, 0..text.len(), &[]),
            "<h2 id=\"setup-1\">Setup</h2>\n<h2 id=\"setup\">Install</h2>\n<h2 id=\"setup-2\">Setup</h2>\n"
        );
    }

    #[test]
    fn the_record_note_s_heading_ids_are_its_own() {
        assert_eq!(
            render_note("## Notes\n\nText.\n", true),
            "<h2 id=\"note-notes\">Notes</h2>\n<p>Text.</p>\n"
        );
        assert_eq!(render("## Notes\n", 0..9, &[]), "<h2 id=\"notes\">Notes</h2>\n");
    }

    #[test]
    fn the_theme_ids_headings_avoid_are_the_default_themes() {
        let templates =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
        let mut found = std::collections::BTreeSet::new();
        for entry in walkdir::WalkDir::new(templates) {
            let entry = entry.expect("a template");
            // The search page shows no writer's body: its ids meet no heading's.
            if entry.file_type().is_file() && entry.file_name() != crate::pages::SEARCH_TEMPLATE {
                let text = std::fs::read_to_string(entry.path()).expect("readable");
                for part in text.split(" id=\"").skip(1) {
                    let id = part.split('"').next().unwrap_or("");
                    if !id.contains("{{") {
                        found.insert(id.to_string());
                    }
                }
            }
        }
        let listed: std::collections::BTreeSet<String> = THEME_IDS.iter().map(|s| s.to_string()).collect();
        assert_eq!(found, listed);
    }

    #[test]
    fn keeps_other_tables() {
        let text = "| A |\n|---|\n| 1 |\n";
        assert!(render(text, 0..text.len(), &[]).contains("<table>"));
    }

    /// A wiki-link without `|` shows its heading as Obsidian does, `x > Heading`, in the prose,
    /// a heading (and its title in the table of contents) and a cell, both ways to a page.
    #[test]
    fn a_wiki_link_shows_its_heading_as_obsidian_does() {
        let text = "## See [[x#Plan]]\n\n[[x#A]], [[#B]], [[x#A#B]], [[x#A|own]], [[x]] and [[#]].\n";
        let body = rendered_both_ways(text);
        for shown in [
            "<a href=\"x#A\">x &gt; A</a>",
            "<a href=\"#B\">B</a>",
            "<a href=\"x#A#B\">x &gt; A &gt; B</a>",
            "<a href=\"x#A\">own</a>",
            "<a href=\"x\">x</a>",
            "<a href=\"#\">#</a>",
            // Its id made from the text shown, as GitHub makes one (`>` left out).
            "<h2 id=\"see-x--plan\">See <a href=\"x#Plan\">x &gt; Plan</a></h2>",
        ] {
            assert!(body.contains(shown), "{shown}\n{body}");
        }
        let (_, headings) =
            render_with_ids(text, 0..text.len(), &[], &[], Parts::plain(HeadingIds::default(), false));
        assert_eq!(headings[0].title, "See x > Plan");
        assert_eq!(
            inline("Plan [[x#A]] and [[x#B\\|b]]", CellLinks::default()),
            "Plan <a href=\"x#A\">x &gt; A</a> and <a href=\"x#B\">b</a>"
        );
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(inline("**do** x \\| y", CellLinks::default()), "<strong>do</strong> x | y");
        assert_eq!(inline("a <b>c</b>", CellLinks::default()), "a <b>c</b>");
        // The document's reference definitions are read, in any case of label; the
        // cell's own text is all that is written.
        let reference = |key: &str, dest: &str, title: &str| Reference {
            key: key.to_string(),
            dest: dest.to_string(),
            title: title.to_string(),
        };
        let references =
            [reference("docs", "https://docs.rs/", ""), reference("gh", "https://github.com/x", "The repo")];
        assert_eq!(
            inline(
                "Update [the repo][GH], [docs] and [docs][]",
                CellLinks { references: &references, files: None }
            ),
            "Update <a href=\"https://github.com/x\" title=\"The repo\">the repo</a>, <a href=\"https://docs.rs/\">docs</a> and <a href=\"https://docs.rs/\">docs</a>"
        );
        assert_eq!(inline("Update [the repo][gh]", CellLinks::default()), "Update [the repo][gh]");
    }

    #[test]
    fn a_cell_renders_as_its_table_renders_it() {
        for (cell, html) in [
            ("# of users fixed", "# of users fixed"),
            ("- dash task", "- dash task"),
            ("> quoted *x*", "&gt; quoted <em>x</em>"),
            ("1. first", "1. first"),
            ("    indented `a \\| b`", "indented <code>a | b</code>"),
            ("[a]: <b>", "[a]: <b>"),
            // A tag of no line of text is shown as written: it broke the page's table, or ran.
            ("Add <details> support", "Add &lt;details&gt; support"),
            ("Escape the </table> case", "Escape the &lt;/table&gt; case"),
            ("Run <script>alert(1)</script>", "Run &lt;script&gt;alert(1)&lt;/script&gt;"),
            ("<DIV class=\"x\">boxed</DIV>", "&lt;DIV class=\"x\"&gt;boxed&lt;/DIV&gt;"),
            (
                "Keep <b>bold</b>, <a href=\"/x\">a</a><br>and <my-chip>c</my-chip>",
                "Keep <b>bold</b>, <a href=\"/x\">a</a><br>and <my-chip>c</my-chip>",
            ),
        ] {
            assert_eq!(inline(cell, CellLinks::default()), html, "{cell}");
        }
    }

    /// Every ASCII byte at every place of a whole block (the rest NUL, which is neither), and
    /// of a short run.
    #[test]
    fn masks_classify_each_byte_at_each_place() {
        for b in 0u8..0x80 {
            let class = ASCII_CLASS[usize::from(b)];
            let expected = (u64::from(class & KEEP == 0), u64::from(class & ALNUM != 0));
            for len in [64, 63] {
                for at in 0..len {
                    let mut run = vec![0u8; len];
                    run[at] = b;
                    let (space, alnum) = ascii_masks(&run);
                    assert_eq!(
                        (space, alnum),
                        (expected.0 << at, expected.1 << at),
                        "byte {b:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_text_renders_as_itself(text in "[a-zA-Z0-9 .,;:/?%'()+=#@*_`<>&!~|\\[\\]-]{0,16}") {
            proptest::prop_assert_eq!(inline(&text, CellLinks::default()), parse_inline(&text, CellLinks::default()));
        }

        #[test]
        fn text_that_looks_plain_renders_as_itself(text in "[a-zA-Z][a-zA-Z0-9 .,;:/?%'()+=#@-]{0,24}") {
            proptest::prop_assert_eq!(inline(&text, CellLinks::default()), parse_inline(&text, CellLinks::default()));
        }

        #[test]
        fn words_count_like_split_whitespace(text in "[a-zA-Z09 .,\n\t\x0b\x0c\r\u{85}\u{a0}\u{2003}é—日-]{0,200}") {
            let expected = text.split_whitespace().filter(|w| w.chars().any(is_word_char)).count();
            proptest::prop_assert_eq!(words(&text), expected);
        }

        #[test]
        fn words_count_like_split_whitespace_on_long_text(
            text in "([a-zA-Z0-9 .,;*#\n\t\x0b\x0c\r-]{0,90}[\u{85}\u{a0}é—日]?){0,8}"
        ) {
            let expected = text.split_whitespace().filter(|w| w.chars().any(is_word_char)).count();
            proptest::prop_assert_eq!(words(&text), expected);
        }

        #[test]
        fn masks_classify_every_ascii_byte(
            bytes in prop_oneof![
                proptest::collection::vec(0u8..0x80, 0..=64),
                // A whole block, which is classified otherwise.
                proptest::collection::vec(0u8..0x80, 64),
            ],
        ) {
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
        fn a_block_is_classified_the_same_with_or_without_sse2(
            bytes in proptest::collection::vec(0u8..0x80, 64),
        ) {
            let block: &[u8; 64] = bytes.as_slice().try_into().expect("64 bytes");
            proptest::prop_assert_eq!(block_masks(block), portable_block_masks(block));
        }

        #[test]
        fn words_count_like_split_whitespace_on_any_text(text in "\\PC{0,120}") {
            let expected = text.split_whitespace().filter(|w| w.chars().any(is_word_char)).count();
            proptest::prop_assert_eq!(words(&text), expected);
        }
    }

    /// A character that makes a word count: a letter or digit, not one read by the character.
    fn is_word_char(c: char) -> bool {
        c.is_alphanumeric() && !is_ideograph(c)
    }

    #[test]
    fn chinese_and_japanese_are_read_by_the_character() {
        // 2,000 English words at 220 a minute; 9,600 Japanese characters (and 600 stops), with
        // no spaces to count words by, at 500 a minute.
        assert_eq!(reading_minutes(&"word ".repeat(2000)), 10);
        let japanese = "今日はたくさんの作業を行いました。".repeat(600);
        assert_eq!(japanese.chars().filter(|&c| is_ideograph(c)).count(), 9600);
        assert_eq!(reading_minutes(&japanese), 20);
        assert_eq!(reading_minutes(&"漢字".repeat(250)), 1, "500 characters, a minute");
        assert_eq!(
            reading_minutes(&"中文 text ".repeat(1000)),
            9,
            "1,000 words and 2,000 characters: 4.5 + 4"
        );
        assert_eq!(words("今日はAPIを API今日API 今日"), 2);
        // Korean is written with spaces between words: counted as words.
        assert_eq!(reading_minutes(&"한국어 ".repeat(440)), 2);
    }

    #[test]
    fn a_footnote_in_a_replaced_table_takes_no_number() {
        // Rendered whole, the table's reference would take number 1 and the prose's number 2.
        let text = "| Task | Human |\n|---|---|\n| a [^m] | 2h |\n\nProse [^n].\n\n[^m]: m\n[^n]: n\n";
        let mut pass = None;
        let scan = content::markdown::scan_with(text, 0..text.len(), content::FileId(0), &mut |events| {
            pass = Some(Pass::run(events, 64, Wanted::all(true), HeadingStyle::default(), None));
        });
        let start = scan.tables[0].span.start as usize;
        let replace = [(start, "<div>t</div>\n".to_string())];
        let spliced = pass
            .expect("a pass")
            .cut(text, |s| s == start, false, &[])
            .and_then(|p| p.splice(&replace, None));
        let rendered = render(text, 0..text.len(), &replace);
        assert!(
            rendered.contains(
                "<p>Prose <sup class=\"footnote-reference\" id=\"fnref:n\"><a href=\"#fn:n\" role=\"doc-noteref\">1</a></sup>.</p>"
            ),
            "{rendered}"
        );
        // The note whose only mark is in the task table is no footnote of the page.
        assert!(rendered.contains("<li id=\"fn:n\">") && !rendered.contains("fn:m"), "{rendered}");
        assert_eq!(spliced.as_deref(), Some(rendered.as_str()));
    }

    /// A link or an image to a file named in decomposed form (as typed on macOS) asks for the
    /// composed name its file is published under (`static_files`).
    #[test]
    fn links_ask_for_the_composed_name() {
        let text = "![A](Gro\u{308}sse.png) [b](/U\u{308}bersicht/)\n";
        let body = render(text, 0..text.len(), &[]);
        assert!(
            body.contains("src=\"Gr%C3%B6sse.png\"") && body.contains("href=\"/%C3%9Cbersicht/\""),
            "{body}"
        );
    }

    /// A feed's copy of a heading that holds raw HTML (`<hr>`) goes without the heading's label
    /// as without its link.
    #[test]
    fn a_feed_copy_finds_the_heading_s_label_past_raw_html_in_it() {
        let text = "## Break <hr> tag\n";
        let render = |anchors| anchored(text, anchors, false);
        assert_eq!(without_anchor_links(&render(AnchorLinks::Right)), Some(render(AnchorLinks::None)));
    }

    /// A footnote's id is `fn:` and its label as a heading's id is made, and the record note's
    /// start with `note-`: the writer took the label as written, so `[^my note]` was `id="my
    /// note"`, `[^main]` was the theme's `main`, and the note's `[^1]` and the record's were both
    /// `id="1"`, the note's mark leading to the record's footnote.
    #[test]
    fn footnotes_take_ids_of_their_own() {
        let text = "One [^1], two [^my note], three [^main], [^a] and [^a!].\n\n## Fn 1\n\n[^1]: a\n[^my note]: b\n[^main]: c\n[^a]: d\n[^a!]: e\n";
        let body = render(text, 0..text.len(), &[]);
        // Two labels that make one id take two, and so two numbers; a heading takes none of them.
        assert!(body.contains("<h2 id=\"fn-1\">"), "{body}");
        assert!(
            body.contains("href=\"#fn:a\" role=\"doc-noteref\">4</a>")
                && body.contains("href=\"#fn:a-1\" role=\"doc-noteref\">5</a>"),
            "{body}"
        );
        for id in ["fn:1", "fn:my-note", "fn:main", "fn:a", "fn:a-1"] {
            assert!(
                body.contains(&format!("href=\"#{id}\"")) && body.contains(&format!("id=\"{id}\"")),
                "{id}: {body}"
            );
        }
        let note = render_note("See [^1].\n\n[^1]: the note's\n", false);
        for id in ["note-fn:1", "note-fnref:1"] {
            assert!(
                note.contains(&format!("href=\"#{id}\"")) && note.contains(&format!("id=\"{id}\"")),
                "{note}"
            );
        }
        // The build's first pass writes the same.
        let cut = first_pass(text, true).cut(text, |_| true, true, &[]).expect("no table");
        assert_eq!(cut.html, body);
    }

    /// A build's first pass over the whole of `text`, every step taken.
    fn first_pass(text: &str, highlight: bool) -> Pass {
        let mut pass = None;
        let _ = content::markdown::scan_with(text, 0..text.len(), content::FileId(0), &mut |events| {
            pass = Some(Pass::run(events, 64, Wanted::all(highlight), HeadingStyle::default(), None));
        });
        pass.expect("a pass")
    }

    /// `render` of a whole text, and the same from a build's first pass (`Pass::run`, `cut`),
    /// which must agree.
    fn rendered_both_ways(text: &str) -> String {
        let body = render(text, 0..text.len(), &[]);
        let cut = first_pass(text, true).cut(text, |_| true, false, &[]).expect("no table");
        assert_eq!(cut.spliced(&[], None), body, "the first pass writes what render writes");
        body
    }

    /// A picture embedded with a wiki-link takes Obsidian's size after its `|`, the same in the
    /// first pass, from the text and in a task's cell; any other text after `|` is its alt text.
    #[test]
    fn a_wiki_picture_takes_the_size_after_its_bar() {
        let text = "![[img/chart.png|300]] ![[a b.png|300x200]] ![[c.png|A chart]] ![[d.png]] ![[e.png|0]] \
                    ![[f.png|300x]] ![[g.png|123456]] ![[h&.png|12]] ![x](i.png)\n";
        let body = rendered_both_ways(text);
        assert_eq!(
            body,
            "<p><img src=\"img/chart.png\" alt=\"chart.png\" width=\"300\" /> \
             <img src=\"a%20b.png\" alt=\"a b.png\" width=\"300\" height=\"200\" /> \
             <img src=\"c.png\" alt=\"A chart\" /> <img src=\"d.png\" alt=\"d.png\" /> \
             <img src=\"e.png\" alt=\"0\" /> <img src=\"f.png\" alt=\"300x\" /> \
             <img src=\"g.png\" alt=\"123456\" /> <img src=\"h&amp;.png\" alt=\"h&amp;.png\" width=\"12\" /> \
             <img src=\"i.png\" alt=\"x\" /></p>\n"
        );
        let cell = inline("Chart ![[chart.png\\|300]]", CellLinks::default());
        assert_eq!(cell, "Chart <img src=\"chart.png\" alt=\"chart.png\" width=\"300\" />");
        assert_eq!(picture_size("300x200"), Some((300, Some(200))));
        assert_eq!(picture_size("x200"), None);
        assert_eq!(picture_size("+3"), None);
        // Only a body that may hold one goes through the step.
        assert!(pictures_wanted("a ![[x.png]]") && pictures_wanted("!![[x]]"));
        assert!(!pictures_wanted("Wow! [[x]]") && !pictures_wanted("end!") && !pictures_wanted("![x](y)"));
    }

    /// Footnotes are listed after the text, as GitHub and Hugo list them: numbered in the order
    /// the text first refers to them, whatever the order of their definitions, each with a link
    /// back to its marks; a definition no mark refers to is left out.
    #[test]
    fn footnotes_are_listed_after_the_text_in_the_order_of_their_marks() {
        let text = "[^b]: Bee.\n\nFirst [^a], then [^b].\n\n[^a]: Ay.\n\n[^unused]: Never.\n\nLast words.\n";
        let body = rendered_both_ways(text);
        let expected = "<p>First <sup class=\"footnote-reference\" id=\"fnref:a\"><a href=\"#fn:a\" role=\"doc-noteref\">1</a></sup>, \
                        then <sup class=\"footnote-reference\" id=\"fnref:b\"><a href=\"#fn:b\" role=\"doc-noteref\">2</a></sup>.</p>\n\
                        <p>Last words.</p>\n\
                        <section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n\
                        <li id=\"fn:a\">\n<p>Ay. <a href=\"#fnref:a\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">\u{21a9}\u{fe0e}</a></p>\n</li>\n\
                        <li id=\"fn:b\">\n<p>Bee. <a href=\"#fnref:b\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference 2\">\u{21a9}\u{fe0e}</a></p>\n</li>\n\
                        </ol>\n</section>\n";
        assert_eq!(body, expected);
        // No mark, no list.
        let text = "Text.\n\n[^a]: Ay.\n";
        assert_eq!(rendered_both_ways(text), "<p>Text.</p>\n");
    }

    /// A note referred to twice has a link back to each mark, the second numbered; a note of
    /// several blocks has its links in its last paragraph, or in a paragraph of their own after
    /// a last block that is none; a note's own marks are numbered after the text's.
    #[test]
    fn each_mark_has_its_link_back() {
        let text = "One [^a] and again [^a].\n\n[^a]: First.\n\n    Second, see [^c].\n\nTwo [^b].\n\n[^b]:\n    ```\n    code\n    ```\n[^c]: Sea.\n";
        let body = rendered_both_ways(text);
        assert!(body.contains("id=\"fnref:a\"><a href=\"#fn:a\" role=\"doc-noteref\">1</a>"), "{body}");
        assert!(body.contains("id=\"fnref:a:2\"><a href=\"#fn:a\" role=\"doc-noteref\">1</a>"), "{body}");
        assert!(
            body.contains(
                "<p>Second, see <sup class=\"footnote-reference\" id=\"fnref:c\"><a href=\"#fn:c\" role=\"doc-noteref\">3</a></sup>. \
                 <a href=\"#fnref:a\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">\u{21a9}\u{fe0e}</a> \
                 <a href=\"#fnref:a:2\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference 1-2\">\u{21a9}\u{fe0e}<sup>2</sup></a></p>\n</li>"
            ),
            "{body}"
        );
        assert!(
            body.contains("</code></pre>\n<p><a href=\"#fnref:b\" class=\"footnote-backref\""),
            "a code block ends the note: {body}"
        );
        let order: Vec<usize> = ["<li id=\"fn:a\">", "<li id=\"fn:b\">", "<li id=\"fn:c\">"]
            .iter()
            .map(|item| body.find(item).expect(item))
            .collect();
        assert!(order.is_sorted(), "{body}");
        assert!(body.find("Two").expect("the text") < order[0], "the notes come after the text: {body}");
    }

    /// A mark in the level-1 heading cut as the page's title goes with the title, and takes no
    /// number. (In an image's text a mark cannot be: the parser reads `![a[^1]](c.png)` as no
    /// image.)
    #[test]
    fn a_mark_in_the_title_goes_with_it() {
        let body = rendered_both_ways("![Hours chart[^1]](c.png)\n\n[^1]: Source.\n");
        assert!(body.starts_with("<p>![Hours chart<sup class=\"footnote-reference\""), "{body}");

        let text = "# My day[^1]\n\nText [^2].\n\n[^1]: One.\n[^2]: Two.\n";
        let parts = Parts { title_heading: true, ..Parts::plain(HeadingIds::default(), false) };
        let (body, _) = render_with_ids(text, 0..text.len(), &[], &[], parts);
        assert!(body.starts_with("<p>Text <sup class=\"footnote-reference\" id=\"fnref:2\"><a href=\"#fn:2\" role=\"doc-noteref\">1</a>"), "{body}");
        assert!(!body.contains("fn:1"), "{body}");
        // The build's pass numbered the title's mark: the page is rendered from its text.
        assert!(first_pass(text, false).cut(text, |_| true, true, &[]).is_none());
    }

    /// A definition inside a quote or a list is listed with the others; the quote stays.
    #[test]
    fn a_definition_inside_a_quote_is_listed_too() {
        let text = "> Quoted [^q].\n>\n> [^q]: The note.\n\nAfter.\n";
        let body = rendered_both_ways(text);
        assert!(body.starts_with("<blockquote>\n<p>Quoted <sup"), "{body}");
        assert!(body.contains("</blockquote>\n<p>After.</p>\n<section class=\"footnotes\""), "{body}");
        assert!(body.contains("<li id=\"fn:q\">\n<p>The note. <a href=\"#fnref:q\""), "{body}");
    }

    /// A shortcode in a footnote is written where the note is listed; in a note no mark refers
    /// to, it is left out with the note, and its mask is not left behind.
    #[test]
    fn a_shortcode_in_a_footnote_goes_with_it() {
        let (html, calls) = with_shortcodes("Text [^n].\n\n[^n]: {{ s() }} here\n[^x]: {{ s() }} never\n");
        assert_eq!(calls, 2);
        assert!(html.contains("<li id=\"fn:n\">\n<p><i>0</i> here <a href=\"#fnref:n\""), "{html}");
        assert!(!html.contains("<i>1</i>") && !html.contains("never") && !html.contains("<span"), "{html}");
    }

    #[test]
    fn a_table_that_is_not_replaced_sends_the_page_to_render() {
        let text = "| City | Team |\n|---|---|\n| Oslo | 4 |\n\n| Task | Human |\n|---|---|\n| a | 2h |\n";
        let mut pass = None;
        let scan = content::markdown::scan_with(text, 0..text.len(), content::FileId(0), &mut |events| {
            pass = Some(Pass::run(events, 64, Wanted::all(true), HeadingStyle::default(), None));
        });
        let task_table = scan.tables[1].span.start as usize;
        assert!(pass.expect("a pass").cut(text, |s| s == task_table, false, &[]).is_none());
    }

    /// Blocks of markdown that bear on rendering around tables: tables alone, in quotes and
    /// lists, with footnote references; footnote definitions, raw HTML, headings, rules; text
    /// and cells beyond ASCII.
    fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,8}( [a-z]{1,8}){0,3}( \\[\\^[mn]\\])?",
            "[a-zé漢]{1,8}( [a-zé漢—]{1,8}){0,3}",
            "\\| Task \\| Human \\|\n\\|---\\|---:\\|\n(\\| [a-zé漢]{1,6}( \\[\\^[mn]\\])? \\| [0-9]h \\|\n){0,3}",
            "> \\| A \\| B \\|\n> \\|---\\|---\\|\n> \\| 1 \\| 2 \\|",
            "- item\n\n  \\| A \\|\n  \\|---\\|\n  \\| 1 \\|",
            "- \\| A \\|\n  \\|---\\|\n  \\| 1 \\|\n\n  after",
            "\\[\\^m\\]: \\| A \\|\n    \\|---\\|\n    \\| 1 \\|\n\n    after",
            "\\[\\^[mn]\\]: a note",
            Just("<div>raw</div>".to_string()),
            Just("## Heading".to_string()),
            Just("# Heading".to_string()),
            Just("# A *title* {#heading}".to_string()),
            Just("### Über *uns* {#heading}".to_string()),
            Just("Two `lines`\nof a heading\n---".to_string()),
            Just("---".to_string()),
            // Shortcodes: alone on a line, in a paragraph, a heading, a quote and a list item,
            // in raw HTML, with a body, and written as text.
            Just("{{ figure(src=\"a.png\") }}".to_string()),
            Just("A {{ s(n=1) }} and {{ s() }}.".to_string()),
            Just("## With {{ s() }} {#with}".to_string()),
            Just("> {{ s() }}\n> more *text*".to_string()),
            Just("- {{ s() }}\n  more".to_string()),
            Just("<div>\n{{ s() }}\n</div>".to_string()),
            Just("{% b() %}\nbody\n\nmore\n{% end %}".to_string()),
            Just("Shown {{/* s() */}}.".to_string()),
            Just("- [ ] {{ s() }}\n  - x".to_string()),
            Just("- a\n  {{ s() }}{{ s() }}\n  - x".to_string()),
            Just("## A{{ s() }}B".to_string()),
            Just("para\n    {{/* s() */}}".to_string()),
            // Links the page follows, whose addresses are holes: in a paragraph, a heading, the
            // title, a footnote, beside a shortcode; one inside a picture's text, which the
            // writer writes as text (rendered from the text), and an e-mail address.
            "\\[[a-zé]{1,4}\\]\\((\\.\\./)?[a-z]{1,4}\\.md(#[a-z]{1,3})?( \"T&\")?\\) [a-z]{1,4}",
            "\\[\\[[a-z]{1,5}(#[A-Za-z ]{1,5})?(\\|[a-zé&<]{1,4})?\\]\\]( [a-z]{1,4})?",
            Just("## See [[x]] {#see}".to_string()),
            Just("# Title [a](b.md)".to_string()),
            Just("[^m]: see [[x#Y]]".to_string()),
            Just("A {{ s() }}[[x]]{{ s() }} [y](z.md).".to_string()),
            Just("![alt [x](y.md)](p.png)".to_string()),
            Just("<info@gov.md> [[a\\|b]]".to_string()),
        ]
    }

    /// What replaces a table: the default theme's kind (a block ending its line), nothing, or
    /// markup without a line break.
    fn replacement() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<div class=\"t\">table</div>\n".to_string()),
            Just("<section>stats</section>\n".to_string()),
            Just(String::new()),
            Just("<b>inline</b>".to_string()),
        ]
    }

    proptest::proptest! {
        #[test]
        fn a_body_rendered_while_parsed_splices_like_render(
            blocks in proptest::collection::vec(block(), 0..7),
            breaks in proptest::collection::vec(proptest::bool::ANY, 7),
            choices in proptest::collection::vec((proptest::bool::ANY, replacement()), 8),
            crlf in proptest::bool::ANY,
            last_line_ends in proptest::bool::ANY,
            shortcode_kinds in 0usize..4,
            anchors in proptest::prop_oneof![
                proptest::strategy::Just(AnchorLinks::None),
                proptest::strategy::Just(AnchorLinks::Left),
                proptest::strategy::Just(AnchorLinks::Right),
            ],
        ) {
            let mut text = String::from("+++\n+++\n");
            for (block, blank) in blocks.iter().zip(&breaks) {
                text.push_str(block);
                text.push_str(if *blank { "\n\n" } else { "\n" });
            }
            if !last_line_ends {
                text.truncate(text.trim_end_matches('\n').len().max(8));
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let body = if crlf { 10 } else { 8 }..text.len();
            let (shortcodes, _) = content::shortcode::find(&text, body.clone(), content::FileId(0));
            let masked = content::shortcode::mask(&text, &shortcodes);
            let mut pass = None;
            let scan = content::markdown::scan_with(&masked, body.clone(), content::FileId(0), &mut |events| {
                pass = Some(Pass::run(events, 64, Wanted::all(true), HeadingStyle { anchors, ..HeadingStyle::default() }, None));
            });
            let pass = pass.expect("the scan hands its events on");
            let mut replace = Vec::new();
            let mut plain = true;
            for (table, (chosen, html)) in scan.tables.iter().zip(&choices) {
                if *chosen {
                    let start = table.span.start as usize;
                    // A table that opens a list item or a footnote takes the slow path.
                    plain &= html.ends_with('\n') && !text[..start].ends_with("- ") && !text[..start].ends_with("]: ");
                    replace.push((start, html.clone()));
                } else {
                    plain = false;
                }
            }
            // A shortcode in a footnote no mark refers to is left out with it, its mask not found
            // where the pass wrote it.
            plain &= shortcodes.is_empty() || !text.contains("]: ");
            plain &= !text.contains("![alt [x](y.md)");
            let tables: Vec<usize> = replace.iter().map(|(start, _)| *start).collect();
            // Each shortcode's HTML: nothing, a line break of a heading, and markup that ends its
            // line or not.
            for (n, shortcode) in shortcodes.iter().enumerate() {
                let html = match (n + shortcode_kinds) % 4 {
                    0 => String::new(),
                    1 => "<br>".to_string(),
                    2 => format!("<i>{n}</i>\n"),
                    _ => format!("<i>{n}</i>"),
                };
                replace.push((shortcode.span.start as usize, html));
            }
            replace.sort_by_key(|(start, _)| *start);
            // A body that begins with a level-1 heading may have it as its title, cut alike.
            let title = scan.leading_h1;
            let expected = render_with_ids(&text, body.clone(), &replace, &shortcodes, Parts { title_heading: title, ..Parts::plain(HeadingIds { anchors, ..HeadingIds::default() }, true) });
            let spliced = pass
                .cut(&text[body.clone()], |start| tables.contains(&start), title, &shortcodes)
                .and_then(|p| Some((p.splice(&replace, None)?, p.headings)));
            if plain {
                proptest::prop_assert!(spliced.is_some(), "the common case takes the fast path");
            }
            if let Some(spliced) = spliced {
                proptest::prop_assert_eq!(spliced, expected);
            }
        }
    }

    /// A body's shortcodes (`content::shortcode`), each given the HTML `<i>N</i>`, rendered.
    fn with_shortcodes(markdown: &str) -> (String, usize) {
        let mut sources = content::Sources::new();
        let file = sources.add("content/page.md", format!("+++\ntitle = \"Zz\"\n+++\n{markdown}"));
        let parsed = content::parse_document(&sources, file, &content::Options::default());
        let document = parsed.document.expect("a document");
        let replace: Vec<(usize, String)> = document
            .shortcodes
            .iter()
            .enumerate()
            .map(|(n, s)| (s.span.start as usize, format!("<i>{n}</i>")))
            .collect();
        let text = &sources.get(file).text;
        let (html, _) = render_document(text, &document, &replace, false, HeadingStyle::default(), None);
        (html, replace.len())
    }

    #[test]
    fn a_shortcode_s_html_is_written_in_its_place() {
        let (html, _) = with_shortcodes(
            "Intro {{ a() }} end.\n{{ b() }}\nNext **{{ c() }}**.\n\n- item\n  {{ d() }}\n\n> {{ e() }}\n\n\
             <div>\n  {{ f() }}\n</div>\n\n## {{ g() }} Heading\n\n{% h() %}\nbody\n\nmore\n{% end %}\n`{{ code() }}`\n",
        );
        assert_eq!(
            html,
            "<p>Intro <i>0</i> end.</p>\n<i>1</i>\n<p>Next <strong><i>2</i></strong>.</p>\n<ul>\n<li>item<i>3</i>\n</li>\n</ul>\n\
             <blockquote>\n<i>4</i>\n</blockquote>\n<div>\n  <i>5</i>\n</div>\n<h2 id=\"heading\"><i>6</i> Heading</h2>\n\
             <i>7</i>\n<p><code>{{ code() }}</code></p>\n"
        );
        // A shortcode left out of the replacements writes nothing, not its mask.
        let mut sources = content::Sources::new();
        let file = sources.add("content/page.md", "A {{ a() }} b\n\n{{ b() }}\n".to_string());
        let document =
            content::parse_document(&sources, file, &content::Options::default()).document.expect("parsed");
        let text = &sources.get(file).text;
        let (html, _) = render_document(text, &document, &[], false, HeadingStyle::default(), None);
        assert_eq!(html, "<p>A  b</p>\n\n");
    }

    proptest::proptest! {
        /// Shortcodes anywhere prose holds them: each one's HTML is written once, in order, and
        /// no mask is left.
        #[test]
        fn every_shortcode_is_written_once_in_order(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "word ", "\n", "\n\n", "- ", "  ", "> ", "## ", "*", "[", "](u)", "1. ", "<div>\n", "\n</div>\n",
                "`", "```\n", "[^n]", "\n[^n]: ", "|", "\n|-|\n", "{{ s() }}", "{{ t(a=\"x\") }}", "{% b() %}x{% end %}",
                "{% b() %}\nx\n\ny\n{% end %}",
            ]), 0..14)
        ) {
            let markdown = pieces.concat();
            let (html, calls) = with_shortcodes(&markdown);
            // A footnote's are written where its note is listed, after the text, or not at all
            // when no mark refers to it.
            let notes = markdown.contains("[^n]: ");
            let mut from = 0;
            for n in 0..calls {
                let written = format!("<i>{n}</i>");
                let count = html.matches(&written).count();
                if notes {
                    proptest::prop_assert!(count <= 1, "{}", html);
                    continue;
                }
                proptest::prop_assert_eq!(count, 1, "{}", html);
                let at = html.find(&written).expect("written");
                proptest::prop_assert!(at >= from, "in order: {}", html);
                from = at;
            }
            proptest::prop_assert!(!html.contains("<!--") && !html.contains("<span"), "{}", html);
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
