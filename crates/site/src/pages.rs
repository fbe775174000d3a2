//! Pages: the plan of every output file (its path and kind) and its rendering with the theme.
//!
//! The site is planned as a list of pages before anything is rendered, so duplicate URLs are found
//! up front and `serve` can re-render only the pages an edit affects. Views shared by many pages
//! (the site, each record's summary) are converted to template values once.

use std::borrow::Cow;
use std::collections::BTreeMap;

use content::{Diagnostic, FileId, Severity, Span, date_text};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior, Value, context};
use serde::Serialize;

use crate::blocks;
use crate::body::{Heading, Prerendered};
use crate::charts::{self, Day};
use crate::model::{Model, RecordEntry};
use crate::theme::{self, ListOutputs, Theme};
use crate::view::{self, Link, TotalsView, Urls};
use crate::{body, builtin, export};

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "record.html",
    "archive.html",
    "tags.html",
    "tag.html",
    "workstreams.html",
    "workstream.html",
    "page.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "partials/task_table.html",
    "partials/aggregates.html",
];

/// What a planned output file is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    /// Home page `n` (1-based).
    Home(usize),
    /// The page of record `i` (index into `Model::records`).
    Record(usize),
    /// The archive.
    Archive,
    /// The list of tags.
    Tags,
    /// Page `n` (1-based) of one tag (by slug): `tags/<slug>/`, then `tags/<slug>/page/<n>/`.
    Tag(String, usize),
    /// The list of workstreams.
    Workstreams,
    /// Page `n` (1-based) of one workstream (by slug): `workstreams/<slug>/`, then
    /// `workstreams/<slug>/page/<n>/`.
    Workstream(String, usize),
    /// A standalone page (index into `Model::documents`).
    Page(usize),
    /// 404.html.
    NotFound,
    /// A redirect from an old URL (front matter `aliases`) to the page of a document (index
    /// into `Model::documents`).
    Alias(usize),
    /// `page/1/`: a redirect to the home page, the first of its pages, as Zola and Hugo write
    /// one (a link made by counting pages, or a Hugo site's old URL, then finds it).
    FirstHomePage,
    /// `records/`: a redirect to the archive, the list of every record, for a reader who trims
    /// a record's URL to its folder (Hugo lists a section there; it was a 404).
    RecordsFolder,
    /// atom.xml.
    Feed,
    /// `tags/<slug>/atom.xml`: the feed of one tag's records (by slug), so that a reader can
    /// follow one subject, as Hugo and Zola give each term a feed.
    TagFeed(String),
    /// sitemap.xml: the sitemap, or the index of its parts when it has more URLs than one
    /// sitemap may hold (`SITEMAP_LIMIT`).
    Sitemap,
    /// `sitemap-<n>.xml` (1-based): part `n` of a sitemap too long for one file.
    SitemapPart(usize),
    /// robots.txt.
    Robots,
    /// data/records.json.
    RecordsJson,
    /// data/tasks.csv.
    TasksCsv,
    /// `search/index.json`: what the search page searches (site.toml's `build_search_index`).
    SearchIndex,
    /// `search/index.html`: the search page, when the index is built and the theme has
    /// `search.html`.
    Search,
}

/// One output file to produce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedPage {
    /// Path below the output folder (`records/x/index.html`).
    pub path: String,
    /// What it is.
    pub kind: PageKind,
}

impl PageKind {
    /// True for the data exports, which are written a piece at a time (`Renderer::write_export`).
    pub fn is_export(&self) -> bool {
        matches!(self, PageKind::RecordsJson | PageKind::TasksCsv | PageKind::SearchIndex)
    }
}

impl PlannedPage {
    /// The page's URL path below base_url (`records/x/`), for HTML pages in a folder.
    pub fn url_path(&self) -> &str {
        self.path.strip_suffix("index.html").unwrap_or(&self.path)
    }
}

/// The name of a feed: the site's at the top, each tag's in its folder.
pub const FEED: &str = "atom.xml";

/// The most URLs one sitemap file may list (sitemaps.org); a longer sitemap is split into parts
/// that `sitemap.xml` indexes.
pub const SITEMAP_LIMIT: usize = 50_000;

/// How many URLs the sitemap lists: the home pages, archive, tags (and workstreams) indexes,
/// each tag's and workstream's pages (one each unless the theme pages them), each record and
/// each standalone page.
fn sitemap_urls(model: &Model, lists: ListOutputs) -> usize {
    let home_pages = model.records.len().div_ceil(model.config.paginate_by).max(1);
    let streams_index = usize::from(!model.workstreams.is_empty());
    home_pages
        + 2
        + streams_index
        + model.tags.values().map(|tag| tag_page_count(model, tag, lists.pages)).sum::<usize>()
        + model
            .workstreams
            .values()
            .map(|stream| stream_page_count(model, stream, lists.stream_pages))
            .sum::<usize>()
        + model.records.len()
        + model.pages.len()
}

/// How many pages a tag has: one for each `paginate_tags_by` of its records when the theme pages
/// them (`paged`, `Theme::paginates_tags`), else one.
fn tag_page_count(model: &Model, tag: &crate::model::TagEntry, paged: bool) -> usize {
    if paged { tag.records.len().div_ceil(model.config.paginate_tags_by).max(1) } else { 1 }
}

/// How many pages a workstream has: one for each `paginate_workstreams_by` of its tasks when the
/// theme pages them (`paged`), else one.
fn stream_page_count(model: &Model, stream: &crate::model::WorkstreamEntry, paged: bool) -> usize {
    if paged { stream.tasks.len().div_ceil(model.config.paginate_workstreams_by).max(1) } else { 1 }
}

/// The number of `sitemap-<n>.xml` parts: none while one sitemap holds every URL.
fn sitemap_parts(model: &Model, lists: ListOutputs) -> usize {
    parts_of(sitemap_urls(model, lists), SITEMAP_LIMIT)
}

/// The files of `limit` URLs or fewer that `urls` URLs need, none when one sitemap holds them all.
fn parts_of(urls: usize, limit: usize) -> usize {
    if urls <= limit { 0 } else { urls.div_ceil(limit) }
}

/// The sitemap index (sitemaps.org) of `parts` sitemap parts, written by leverage itself as
/// alias pages are: no theme needs a template for it.
fn sitemap_index(urls: &Urls, parts: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        xml.push_str("  <sitemap>\n    <loc>");
        // Base URLs are percent-encoded and hold no `&` or `<`, but an XML text is escaped.
        let _ = write_escaped(&mut xml, &urls.url(&format!("sitemap-{n}.xml")));
        xml.push_str("</loc>\n  </sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml.into_bytes()
}

/// Minutes to read a document's body: counted while it was parsed, when it was prerendered,
/// else from its text (1 when the text was let go, which `render_text` says is a fault).
fn reading_minutes(prerendered: Option<&Prerendered>, text: &str, document: &content::Document) -> u32 {
    prerendered.map_or_else(
        || text.get(document.body.clone()).map_or(1, body::reading_minutes),
        Prerendered::reading_minutes,
    )
}

/// Why a page could not be rendered: one error, or every failing shortcode call of its body.
#[derive(Debug)]
pub struct RenderError(pub Vec<Diagnostic>);

impl From<Diagnostic> for RenderError {
    fn from(diagnostic: Diagnostic) -> RenderError {
        RenderError(vec![diagnostic])
    }
}

/// The errors of pages that failed to render (each with its page, in the plan's order), each
/// said once: with the page it was first met on, and how many other pages met it too (a mistake
/// in `record.html` fails every record page the same way).
pub(crate) fn page_errors<'p>(
    model: &Model,
    failures: impl IntoIterator<Item = (Diagnostic, &'p PlannedPage)>,
) -> Vec<Diagnostic> {
    // In the order first met; a map finds the repeats, since 10,000 pages may each fail apart.
    // One mistake at one place of a template is one error, whatever value each page gave it
    // (`"2026-02-28"|date("%H:%M")` quotes each record's date): the first page's is said.
    // Each error's first page, and how many other pages and, of them, feeds (which carry a
    // record's body, and with it the error of a shortcode or a table's partial) met it.
    let mut said: Vec<(Diagnostic, &PlannedPage, usize, usize)> = Vec::new();
    let mut index: std::collections::HashMap<(Span, String), usize> = std::collections::HashMap::new();
    // A page that ran out of fuel stopped the pages not begun yet (`Renderer::stopped`); those
    // begun with it (one a thread) may run out too, wherever their loop was: which of them did
    // depends on the threads, so the first in the plan's order is said alone.
    let mut out_of_fuel = false;
    for (diagnostic, page) in failures {
        if diagnostic.message.contains(OUT_OF_FUEL) {
            if std::mem::replace(&mut out_of_fuel, true) {
                continue;
            }
            said.push((diagnostic, page, 0, 0));
            continue;
        }
        let key = (diagnostic.span, without_quoted_values(&diagnostic.message));
        match index.get(&key) {
            Some(&i) => {
                said[i].2 += 1;
                said[i].3 += usize::from(matches!(page.kind, PageKind::Feed | PageKind::TagFeed(_)));
            }
            None => {
                index.insert(key, said.len());
                said.push((diagnostic, page, 0, 0));
            }
        }
    }
    said.into_iter()
        .map(|(mut diagnostic, page, others, feeds)| {
            let source = match page.kind {
                PageKind::Record(i) => Some(model.records[i].doc),
                PageKind::Page(i) => Some(i),
                _ => None,
            }
            .map(|doc| format!(", from {}", theme::slashed(&model.documents[doc].path)));
            let of_a_document = source.is_some();
            diagnostic.message.push_str(&format!(
                " (while rendering `/{}`{}",
                page.url_path(),
                source.unwrap_or_default()
            ));
            match others {
                _ if diagnostic.message.contains(OUT_OF_FUEL) => {
                    diagnostic.message.push_str("; no page was begun after it)");
                }
                0 => diagnostic.message.push(')'),
                // The feeds that carry the page's body are named as such (a record's or a page's).
                n if n == feeds && of_a_document => diagnostic.message.push_str(&format!(
                    ", and {} that carr{} its body)",
                    if n == 1 { "the feed".to_string() } else { format!("the {n} feeds") },
                    if n == 1 { "ies" } else { "y" }
                )),
                1 => diagnostic.message.push_str(", and 1 other page)"),
                n if feeds > 0 => {
                    diagnostic.message.push_str(&format!(", and {n} other pages, {feeds} of them feeds)"))
                }
                n => diagnostic.message.push_str(&format!(", and {n} other pages)")),
            }
            diagnostic
        })
        .collect()
}

/// A template error's message with its quoted values left out (minijinja double-quotes the value
/// an operation met, escaping quotes in it; leverage's filters put a value they refuse in
/// backquotes: found number `18`), so that errors differing only in them are one.
fn without_quoted_values(message: &str) -> String {
    let mut kept = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        kept.push(c);
        match c {
            '"' => {
                let mut escaped = false;
                for inner in chars.by_ref() {
                    match inner {
                        '"' if !escaped => break,
                        '\\' => escaped = !escaped,
                        _ => escaped = false,
                    }
                }
                kept.push('"');
            }
            '`' => {
                chars.by_ref().find(|&inner| inner == '`');
                kept.push('`');
            }
            _ => {}
        }
    }
    kept
}

/// Plans every output file. Two documents (or a document and a generated page) on one URL are
/// errors at the document's slug (or alias), as is a document whose folder would be the name of
/// one of `statics`, the output paths of the static files.
pub fn plan(
    model: &Model,
    statics: &std::collections::BTreeSet<String>,
    tags: ListOutputs,
    search_page: bool,
) -> Result<Vec<PlannedPage>, Vec<Diagnostic>> {
    let mut pages = Vec::new();
    let mut owners: BTreeMap<String, Option<Span>> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut add = |pages: &mut Vec<PlannedPage>,
                   path: String,
                   kind: PageKind,
                   owner: Option<(Span, &str)>| {
        if let Some(previous) = owners.get(&path) {
            // Said at the later document, or where a slug was written when only the earlier's
            // was (the later's URL then comes from its file's name, which has no line to show).
            let written = |span: &Span| span.start != span.end;
            let (span, other) = match (owner.map(|o| o.0), *previous) {
                (Some(later), Some(earlier)) if !written(&later) && written(&earlier) => {
                    (earlier, Some(later))
                }
                (later, earlier) => (later.or(earlier).unwrap_or(Span::file_start(FileId(0))), earlier),
            };
            let other = match other {
                Some(prev) => format!("another document ({})", model.sources.get(prev.file).path.display()),
                None if path == SEARCH_PAGE => {
                    "the search page site.toml's `build_search_index` asks for".to_string()
                }
                None => "a page leverage generates".to_string(),
            };
            let expected = match kind {
                PageKind::Alias(_) => "another alias",
                _ if path == SEARCH_PAGE => {
                    "a unique slug, or `build_search_index = false` to keep this page"
                }
                _ => "a unique slug",
            };
            errors.push(Diagnostic {
                severity: Severity::Error,
                span,
                message: format!(
                    "two pages on one URL: `/{}` is also the URL of {other}; expected {expected}",
                    path.trim_end_matches("index.html")
                ),
            });
            return;
        }
        owners.insert(path.clone(), owner.map(|o| o.0));
        pages.push(PlannedPage { path, kind });
    };
    let home_pages = model.records.len().div_ceil(model.config.paginate_by).max(1);
    for n in 1..=home_pages {
        add(&mut pages, Urls::home_path(n) + "index.html", PageKind::Home(n), None);
    }
    for fixed in [
        ("archive/index.html", PageKind::Archive),
        ("tags/index.html", PageKind::Tags),
        ("404.html", PageKind::NotFound),
        (FEED, PageKind::Feed),
        ("sitemap.xml", PageKind::Sitemap),
        ("robots.txt", PageKind::Robots),
    ]
    .into_iter()
    .chain(exports(model))
    .chain(search_page.then_some((SEARCH_PAGE, PageKind::Search)))
    {
        add(&mut pages, fixed.0.to_string(), fixed.1, None);
    }
    for n in 1..=sitemap_parts(model, tags) {
        add(&mut pages, format!("sitemap-{n}.xml"), PageKind::SitemapPart(n), None);
    }
    if !model.workstreams.is_empty() {
        add(&mut pages, "workstreams/index.html".to_string(), PageKind::Workstreams, None);
    }
    for (slug, tag) in &model.tags {
        for n in 1..=tag_page_count(model, tag, tags.pages) {
            add(
                &mut pages,
                Urls::tag_page_path(slug, n) + "index.html",
                PageKind::Tag(slug.clone(), n),
                None,
            );
        }
        if tags.feeds {
            add(&mut pages, Urls::tag_path(slug) + FEED, PageKind::TagFeed(slug.clone()), None);
        }
    }
    for (slug, stream) in &model.workstreams {
        for n in 1..=stream_page_count(model, stream, tags.stream_pages) {
            let path = Urls::workstream_page_path(slug, n) + "index.html";
            add(&mut pages, path, PageKind::Workstream(slug.clone(), n), None);
        }
    }
    for (i, entry) in model.records.iter().enumerate() {
        let document = model.document(entry);
        let path = Urls::record_path(&document.slug) + "index.html";
        add(&mut pages, path, PageKind::Record(i), Some((document.slug_span, &document.slug)));
    }
    for &i in &model.pages {
        let document = &model.documents[i];
        add(
            &mut pages,
            Urls::document_path(document) + "index.html",
            PageKind::Page(i),
            Some((document.slug_span, &document.slug)),
        );
    }
    // Redirects from old URLs, after every page they might collide with.
    let published = model.records.iter().map(|entry| entry.doc).chain(model.pages.iter().copied());
    for i in published {
        let document = &model.documents[i];
        for (path, span) in &document.aliases {
            add(&mut pages, path.clone(), PageKind::Alias(i), Some((*span, path)));
        }
    }
    // `page/1/` and `records/` after every page and alias: redirects where nothing else is, so
    // that a page, an alias or a static file of the writer's there, below or in the way is kept
    // (without a warning that it replaces one), and a record whose slug is `index.html` still
    // builds.
    for (path, kind) in
        [("page/1/index.html", PageKind::FirstHomePage), ("records/index.html", PageKind::RecordsFolder)]
    {
        let below = format!("{path}/");
        let taken = owners.contains_key(path)
            || statics.contains(path)
            || owners.range(below.clone()..).next().is_some_and(|(p, _)| p.starts_with(&below))
            || statics.range(below.clone()..).next().is_some_and(|p| p.starts_with(&below))
            // A static file where the redirect needs a folder (`static/page`, `static/page/1`).
            || path.match_indices('/').any(|(at, _)| statics.contains(&path[..at]));
        if !taken {
            owners.insert(path.to_string(), None);
            pages.push(PlannedPage { path: path.to_string(), kind });
        }
    }
    // A page's folder on a generated file's name (`content/atom.xml.md` -> `atom.xml/index.html`)
    // cannot be written either: one name cannot be a file and a folder.
    for (path, owner) in &owners {
        let Some(span) = owner else { continue };
        let mut folders = path.match_indices('/').map(|(at, _)| &path[..at]);
        let Some(file) = folders.find(|folder| owners.contains_key(*folder) || statics.contains(*folder))
        else {
            continue;
        };
        let writer = if owners.contains_key(file) { "leverage writes" } else { "static files copy" };
        // A static file in the way of the folder every record is in is in the way whatever its
        // slug: it is the file's error (`build::static_clashes`), said once at it.
        if file == view::RECORDS_FOLDER
            && !owners.contains_key(file)
            && pages.iter().any(|p| p.path == *path && matches!(p.kind, PageKind::Record(_)))
        {
            continue;
        }
        let alias = pages.iter().any(|p| p.path == *path && matches!(p.kind, PageKind::Alias(_)));
        errors.push(Diagnostic {
            severity: Severity::Error,
            span: *span,
            message: format!(
                "two pages on one URL: `/{}` would be a folder where {writer} the file `{file}`; expected {}",
                path.trim_end_matches("index.html"),
                if alias { "another alias" } else { "another slug" }
            ),
        });
    }
    errors.extend(pages.iter().filter_map(|page| name_too_long(model, page)));
    if errors.is_empty() { Ok(pages) } else { Err(errors) }
}

/// The longest name of a file or folder that file systems take, in bytes (`NAME_MAX`).
const NAME_MAX: usize = 255;

/// An error at the tag, workstream, slug or alias whose page would be a folder with a name too
/// long to be made: the build would fail on it with the system's own words and no place.
fn name_too_long(model: &Model, page: &PlannedPage) -> Option<Diagnostic> {
    let long = page.path.split('/').find(|name| name.len() > NAME_MAX)?;
    let (what, span) = match &page.kind {
        PageKind::Record(i) => ("slug", model.document(&model.records[*i]).slug_span),
        PageKind::Page(i) => ("slug", model.documents[*i].slug_span),
        PageKind::Alias(i) => {
            ("alias", model.documents[*i].aliases.iter().find(|(path, _)| *path == page.path)?.1)
        }
        PageKind::Tag(slug, _) | PageKind::TagFeed(slug) => {
            let mut tags = model.records.iter().flat_map(|entry| &model.document(entry).tags);
            ("tag", tags.find(|tag| crate::slug::slugify(&tag.value) == *slug)?.span)
        }
        PageKind::Workstream(slug, _) => {
            let &(record, task) = model.workstreams.get(slug)?.tasks.first()?;
            let task = model.record(&model.records[record]).tasks().nth(task)?;
            ("workstream", task.workstream.as_ref()?.span)
        }
        _ => return None,
    };
    let start: String = long.chars().take(24).collect();
    // A name of another script is longer in bytes than in letters: say so, or `300 bytes` reads
    // as wrong for a name of 100 letters.
    let letters = long.chars().count();
    let wide = if letters < long.len() {
        format!(" ({letters} letters: one beyond ASCII takes two to four)")
    } else {
        String::new()
    };
    Some(Diagnostic {
        severity: Severity::Error,
        span,
        message: format!(
            "expected a shorter {what}: its page would be the folder `{start}…`, a name of {} bytes{wide}, and \
             file systems take names of up to {NAME_MAX}",
            long.len()
        ),
    })
}

/// The site-wide values every template receives as `site`.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) description: &'a str,
    pub(crate) author: &'a str,
    pub(crate) language: &'a str,
    /// `ltr`, or `rtl` for a language written right to left (`config::direction`).
    pub(crate) dir: &'static str,
    pub(crate) stylesheet: Option<String>,
    pub(crate) feed_url: String,
    pub(crate) records_json_url: String,
    pub(crate) tasks_csv_url: String,
    pub(crate) ai_label: String,
    pub(crate) home_url: String,
    pub(crate) archive_url: String,
    pub(crate) tags_url: String,
    pub(crate) workstreams_url: Option<String>,
    /// The search page's URL, when the site has one (`build_search_index`).
    pub(crate) search_url: Option<String>,
    pub(crate) pages: Vec<Link>,
    /// The pages the navigation lists: those of `pages` at the top of the site (`/about/`,
    /// `/notes/`), not those below them (`/notes/setup/`), which a site of hundreds of notes
    /// would otherwise print on every page.
    pub(crate) nav: Vec<Link>,
    pub(crate) record_note: Option<String>,
    pub(crate) rolling_window: u32,
    pub(crate) totals: TotalsView,
    pub(crate) extra: &'a toml::Table,
}

/// Whether a page's folder (`Urls::document_path`: `about/`) is at the top of the site, where
/// the navigation lists it: one folder deep, not the home page's.
fn is_top_level(path: &str) -> bool {
    let folder = path.strip_suffix('/').unwrap_or(path);
    !folder.is_empty() && !folder.contains('/')
}

/// Lets go of a build's summaries (`Renderer::into_summaries`) on another thread: freeing 10,000
/// of them one by one took 10 ms after the last page was written, with nothing else left to do
/// beside it. Should no thread be had, they are freed here.
pub(crate) fn let_go(summaries: Vec<Option<Value>>) {
    let _ = std::thread::Builder::new().spawn(move || drop(summaries));
}

/// The data exports, planned on every site at these paths; written from the model alone, so a
/// build starts them before the pages are planned (`write_export`).
const EXPORTS: [(&str, PageKind); 2] =
    [("data/records.json", PageKind::RecordsJson), ("data/tasks.csv", PageKind::TasksCsv)];

/// The search page's path, and its template (site.toml's `build_search_index`).
pub const SEARCH_PAGE: &str = "search/index.html";
pub(crate) const SEARCH_TEMPLATE: &str = "search.html";

/// The search index's path: written, as the data exports are, from the model alone.
pub const SEARCH_INDEX: &str = "search/index.json";

/// The files of `model` written from the model alone, as the exports are: the data exports, and
/// the search index when site.toml asks for it.
pub(crate) fn exports(model: &Model) -> impl Iterator<Item = (&'static str, PageKind)> {
    EXPORTS
        .into_iter()
        .chain(model.config.build_search_index.then_some((SEARCH_INDEX, PageKind::SearchIndex)))
}

/// Writes the data export `kind` of `model` (see `Renderer::write_export`); other kinds write
/// nothing.
pub(crate) fn write_export(
    model: &Model,
    kind: &PageKind,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match kind {
        PageKind::RecordsJson => export::write_records_json(model, &Urls::new(&model.config.base_url), out),
        PageKind::TasksCsv => export::write_tasks_csv(model, out),
        PageKind::SearchIndex => export::write_search_index(model, &Urls::new(&model.config.base_url), out),
        _ => Ok(()),
    }
}

/// Renders planned pages with a compiled theme.
#[derive(Debug)]
pub struct Renderer<'m> {
    model: &'m Model,
    templates: Templates,
    urls: Urls,
    site: Value,
    /// The values of `site`, for the pages leverage writes without their templates (`builtin`).
    site_view: SiteView<'m>,
    /// Each record's summary, made on first use (the record's page or a listing) unless given.
    summaries: Vec<std::sync::OnceLock<Value>>,
    /// Drawn on first use: only the first home page shows them.
    home_charts: std::sync::OnceLock<Vec<view::ChartView>>,
    /// Each tag's figures, made on its first page rendered: its pages share them (the spread of
    /// its tasks' leverage sorts every one).
    tag_totals: BTreeMap<&'m str, std::sync::OnceLock<TotalsView>>,
    /// Each workstream's tasks in order, its curve and its figures, made on its first page
    /// rendered: its pages share them (the walk of its records' tasks, the spread's sort).
    stream_walks: BTreeMap<&'m str, std::sync::OnceLock<StreamWalk<'m>>>,
    /// By record index, a place for the body of each record a feed shows whole (site.toml's
    /// `feed_full_content`), kept by its page; empty when the feeds carry summaries alone.
    feed_bodies: Vec<Option<std::sync::OnceLock<Value>>>,
    /// The ids of the record note's headings, which a body rendered here avoids.
    note_ids: Vec<String>,
    /// Set when a render ran out of fuel (`TEMPLATE_FUEL`): the pages not begun yet are left, so a
    /// loop that does not end in `record.html` stops a build after one page's budget, not after
    /// 10,000 of them.
    out_of_fuel: std::sync::atomic::AtomicBool,
}

/// What a record's page splices into its body (`Renderer::splices`), and what it made on the way.
struct Splices {
    /// By offset in the text, in order.
    replace: Vec<(usize, String)>,
    /// The tables' views, when a theme's partial was given them.
    views: Vec<view::TableView>,
    metrics: Vec<view::MetricView>,
    /// True when the metrics replace the writer's own "Aggregate Stats" table.
    aggregates_inline: bool,
}

impl<'m> Renderer<'m> {
    /// A renderer of `model` with compiled `templates` that computes a record's summary when a
    /// page needs it: for rendering the pages of documents, which need only their own.
    pub fn new(model: &'m Model, templates: &Templates, stylesheet: &str) -> Renderer<'m> {
        let urls = Urls::new(&model.config.base_url);
        let week = model.config.work_week();
        let config = &model.config;
        // Each page's link, and whether the navigation lists it (`is_top_level`).
        let links: Vec<(bool, Link)> = model
            .pages
            .iter()
            .map(|&i| {
                let document = &model.documents[i];
                let path = Urls::document_path(document);
                (is_top_level(&path), Link { title: document.title.clone(), url: urls.url(&path) })
            })
            .collect();
        let site = SiteView {
            title: &config.title,
            base_url: &config.base_url,
            description: &config.description,
            author: &config.author,
            language: &config.language,
            dir: crate::config::direction(&config.language),
            // A theme without a stylesheet has none to link.
            stylesheet: (!stylesheet.is_empty()).then(|| urls.url(stylesheet)),
            feed_url: urls.url(FEED),
            records_json_url: urls.url("data/records.json"),
            tasks_csv_url: urls.url("data/tasks.csv"),
            ai_label: model.ai_label.clone(),
            home_url: urls.url(""),
            archive_url: urls.url("archive/"),
            tags_url: urls.url("tags/"),
            workstreams_url: (!model.workstreams.is_empty()).then(|| urls.url("workstreams/")),
            search_url: templates.search_page.then(|| urls.url(SEARCH_PAGE.trim_end_matches("index.html"))),
            nav: links.iter().filter(|(top, _)| *top).map(|(_, link)| link.clone()).collect(),
            pages: links.into_iter().map(|(_, link)| link).collect(),
            record_note: config
                .record_note
                .as_deref()
                .map(|note| body::render_note(note, config.highlight_code)),
            rolling_window: config.rolling_window,
            totals: TotalsView::new(&model.totals, model.spread.as_ref(), &week),
            extra: &config.extra,
        };
        let site_view = site;
        let site = Value::from(Serde(&site_view));
        let home_charts = std::sync::OnceLock::new();
        let summaries = model.records.iter().map(|_| std::sync::OnceLock::new()).collect();
        let feed_bodies = feed_members(model, templates.tags.feeds)
            .map(|shown| shown.into_iter().map(|whole| whole.then(std::sync::OnceLock::new)).collect())
            .unwrap_or_default();
        Renderer {
            model,
            templates: templates.clone(),
            urls,
            site,
            site_view,
            summaries,
            home_charts,
            tag_totals: model.tags.keys().map(|slug| (slug.as_str(), std::sync::OnceLock::new())).collect(),
            stream_walks: model
                .workstreams
                .keys()
                .map(|slug| (slug.as_str(), std::sync::OnceLock::new()))
                .collect(),
            feed_bodies,
            note_ids: body::note_ids(model.config.record_note.as_deref()),
            out_of_fuel: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// True once a render ran out of fuel: the pages not rendered yet are left.
    fn stopped(&self) -> bool {
        self.out_of_fuel.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Remembers a render that ran out of fuel (`stopped`).
    fn spent(&self, err: &minijinja::Error) {
        if ran_out_of_fuel(err) {
            self.out_of_fuel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Where the links to markdown files written in the file at `from` lead (`md_link`).
    fn files<'a>(&'a self, from: &'a std::path::Path) -> crate::md_link::Pages<'a> {
        crate::md_link::Pages { model: self.model, urls: &self.urls, from }
    }

    /// What the cells of record `index`'s tables read (`body::CellLinks`).
    fn cell_links(&self, index: usize) -> body::CellLinks<'_> {
        let entry = &self.model.records[index];
        let files = Some(self.files(&self.model.document(entry).path));
        body::CellLinks { references: &self.model.record(entry).references, files }
    }

    /// A body rendered from its text from `document` in `text`, with `replace`'s tables, its code
    /// and its headings as a build's first pass writes them (`build::parse_and_render`): site.toml's
    /// `highlight_code` and `insert_anchor_links`, and the record note's ids avoided; its links to
    /// markdown files lead to their pages.
    fn render_text(
        &self,
        text: &str,
        document: &content::Document,
        replace: &[(usize, String)],
    ) -> Result<(String, Vec<Heading>), Diagnostic> {
        let config = &self.model.config;
        let style = body::HeadingStyle { anchors: config.insert_anchor_links, reserved: &self.note_ids };
        render_text(text, document, replace, config.highlight_code, style, Some(self.files(&document.path)))
    }

    /// A renderer of `model` with compiled `templates`. Each record's summary value is
    /// `kept(record index)` when that gives one, so a caller may keep summaries between renders
    /// (`serve` reuses all but the edited records'; see `summaries`), and is computed otherwise,
    /// on all threads.
    pub fn with_summaries(
        model: &'m Model,
        templates: &Templates,
        stylesheet: &str,
        kept: impl Fn(usize) -> Option<Value> + Sync,
    ) -> Renderer<'m> {
        use rayon::prelude::*;
        let renderer = Renderer::new(model, templates, stylesheet);
        renderer.summaries.par_iter().enumerate().for_each(|(i, cell)| {
            if let Some(value) = kept(i) {
                let _ = cell.set(value);
            }
            renderer.summary(i);
        });
        renderer
    }

    /// The summary value of record `index`, made now if it has not been yet.
    fn summary(&self, index: usize) -> &Value {
        self.summaries[index].get_or_init(|| {
            let week = self.model.config.work_week();
            let summary = view::summary(self.model, &self.model.records[index], &self.urls, &week);
            Value::from_object(SummaryObject::new(view::SummaryFields::value(summary)))
        })
    }

    /// Each record's summary value, by record index, where it has been made.
    pub fn summaries(&self) -> impl Iterator<Item = Option<&Value>> {
        self.summaries.iter().map(std::sync::OnceLock::get)
    }

    /// The summaries as made, by record index (`None` where none was): what serve keeps of its
    /// first build, cards and all, so that its first edits do not make them all again.
    pub fn into_summaries(self) -> Vec<Option<Value>> {
        self.summaries.into_iter().map(std::sync::OnceLock::into_inner).collect()
    }

    /// Renders one page to bytes.
    pub fn render(&self, page: &PlannedPage) -> Result<Vec<u8>, RenderError> {
        self.render_with(page, None)
    }

    /// Renders one page to bytes; the page of a document with `body`, its body as rendered while
    /// the file was parsed, when there is one (otherwise the body is rendered here).
    pub fn render_with(
        &self,
        page: &PlannedPage,
        body: Option<&Prerendered>,
    ) -> Result<Vec<u8>, RenderError> {
        // A page left after another ran out of fuel fails with no error of its own.
        if self.stopped() {
            return Err(RenderError(Vec::new()));
        }
        let model = self.model;
        let page_url = self.urls.url(page.url_path());
        let newest = |indexes: &[usize]| -> Vec<Value> {
            indexes.iter().rev().map(|&i| self.summary(i).clone()).collect()
        };
        let text = match &page.kind {
            PageKind::Home(n) => {
                let per = model.config.paginate_by;
                let total = model.records.len();
                let pages = total.div_ceil(per).max(1);
                let end = total.saturating_sub((n - 1) * per);
                let start = end.saturating_sub(per);
                let records: Vec<usize> = (start..end).collect();
                let link = |k: usize| self.urls.url(&Urls::home_path(k));
                // The charts cover the whole site: they are on the first page only.
                let charts: &[view::ChartView] = if *n == 1 {
                    self.home_charts.get_or_init(|| chart_views(home_charts(model)))
                } else {
                    &[]
                };
                let page = builtin::HomePage {
                    page_url: &page_url,
                    pages: builtin::Pages::of(*n, pages, "records", link),
                    records: newest(&records),
                    charts,
                };
                return self.built_in_or(builtin::Page::Home, page, builtin::home_page, home_context);
            }
            PageKind::Record(i) => self.record(*i, page_url, body)?,
            PageKind::Archive => {
                let week = model.config.work_week();
                let months = model.months();
                let mut by_year: BTreeMap<i32, Vec<(u32, &Vec<usize>)>> = BTreeMap::new();
                for ((year, month), indexes) in &months {
                    by_year.entry(*year).or_default().push((*month, indexes));
                }
                let years = by_year
                    .iter()
                    .rev()
                    .map(|(year, months)| {
                        let year_totals: math::Totals = months
                            .iter()
                            .flat_map(|(_, ix)| ix.iter())
                            .map(|&i| model.records[i].totals)
                            .sum();
                        let year_label = crate::model::records_ai_label(
                            months.iter().flat_map(|(_, ix)| ix.iter()).map(|&i| &model.records[i]),
                            &model.ai_label,
                        );
                        let months = months
                            .iter()
                            .rev()
                            .map(|(month, indexes)| {
                                let totals: math::Totals =
                                    indexes.iter().map(|&i| model.records[i].totals).sum();
                                builtin::ArchiveMonth {
                                    ai_label: crate::model::records_ai_label(
                                        indexes.iter().map(|&i| &model.records[i]),
                                        &model.ai_label,
                                    ),
                                    month: *month,
                                    name: chrono::NaiveDate::from_ymd_opt(*year, *month, 1)
                                        .map(|d| date_text::month_name(d).to_string())
                                        .unwrap_or_default(),
                                    totals: TotalsView::new(&totals, None, &week),
                                    records: newest(indexes),
                                }
                            })
                            .collect();
                        builtin::ArchiveYear {
                            ai_label: year_label,
                            year: *year,
                            totals: TotalsView::new(&year_totals, None, &week),
                            months,
                        }
                    })
                    .collect();
                let page = builtin::ArchivePage { page_url: &page_url, years };
                return self.built_in_or(
                    builtin::Page::Archive,
                    page,
                    builtin::archive_page,
                    archive_context,
                );
            }
            PageKind::Tags => {
                let week = model.config.work_week();
                let tags: Vec<Value> = crate::slug::in_natural_order(&model.tags)
                    .into_iter()
                    .map(|(slug, tag)| {
                        context! { name => &tag.name, slug, url => self.urls.url(&Urls::tag_path(slug)), count => tag.records.len(), totals => Serde(TotalsView::new(&tag.totals, None, &week)) }
                    })
                    .collect();
                self.page("tags.html", context! { site => &self.site, page_url, tags })?
            }
            PageKind::Tag(slug, n) => {
                let tag = &model.tags[slug];
                let totals = || {
                    let spread = math::Spread::of(
                        tag.records.iter().flat_map(|&i| model.leverages(&model.records[i]).iter().copied()),
                    );
                    TotalsView::new(&tag.totals, spread.as_ref(), &model.config.work_week())
                };
                let totals = match self.tag_totals.get(slug.as_str()) {
                    Some(cell) => cell.get_or_init(totals).clone(),
                    None => totals(),
                };
                // The chart covers the whole tag: on the first page only.
                let charts = if *n == 1 {
                    let days: Vec<Day> = tag.records.iter().map(|&i| day(model, &model.records[i])).collect();
                    chart_views(charts::cumulative(&days, &tag.ai_label))
                } else {
                    Vec::new()
                };
                let feed_url =
                    self.templates.tags.feeds.then(|| self.urls.url(&(Urls::tag_path(slug) + FEED)));
                // Its records newest first; a theme that pages them shows `paginate_tags_by` a page.
                let count = tag.records.len();
                let total = tag_page_count(model, tag, self.templates.tags.pages);
                let per =
                    if self.templates.tags.pages { model.config.paginate_tags_by } else { count.max(1) };
                let link = |k: usize| self.urls.url(&Urls::tag_page_path(slug, k));
                let page = builtin::TagPage {
                    page_url: &page_url,
                    feed_url: feed_url.as_deref(),
                    name: &tag.name,
                    slug,
                    totals,
                    ai_label: &tag.ai_label,
                    charts,
                    records: newest(&tag.records),
                    latest: model.config.paginate_by,
                    pages: builtin::Pages::of(*n, total, "records", link),
                    shown: ((n - 1) * per).min(count)..(n * per).min(count),
                };
                return self.built_in_or(builtin::Page::Tag, page, builtin::tag_page, tag_context);
            }
            PageKind::Workstreams => {
                let week = model.config.work_week();
                let streams: Vec<Value> = crate::slug::in_natural_order(&model.workstreams)
                    .into_iter()
                    .map(|(slug, s)| context! { name => &s.name, slug, url => self.urls.url(&Urls::workstream_path(slug)), count => s.tasks.len(), totals => Serde(TotalsView::new(&s.totals, None, &week)), ai_label => &s.ai_label })
                    .collect();
                // The tasks no workstream counts, so that a reader does not take the streams'
                // totals for the site's.
                let tasks = model.totals.tasks;
                let assigned: usize = model.workstreams.values().map(|s| s.tasks.len()).sum();
                let unassigned = tasks.saturating_sub(assigned as u64);
                self.page(
                    "workstreams.html",
                    context! { site => &self.site, page_url, workstreams => streams, tasks, unassigned },
                )?
            }
            PageKind::Workstream(slug, n) => {
                let stream = &model.workstreams[slug];
                let walk = || StreamWalk::of(model, stream);
                let walked;
                let walk = match self.stream_walks.get(slug.as_str()) {
                    Some(cell) => cell.get_or_init(walk),
                    None => {
                        walked = walk();
                        &walked
                    }
                };
                // A theme that pages them shows `paginate_workstreams_by` tasks a page.
                let count = walk.order.len();
                let total = stream_page_count(model, stream, self.templates.tags.stream_pages);
                let per = if total > 1 { model.config.paginate_workstreams_by } else { count.max(1) };
                let shown = ((n - 1) * per).min(count)..(n * per).min(count);
                let tasks: Vec<builtin::StreamTask<'_>> = walk.order[shown]
                    .iter()
                    .map(|&(number, r, task)| {
                        let leverage = task.figures.leverage();
                        builtin::StreamTask {
                            number,
                            record: self.summary(r),
                            task: body::inline(&task.text.value, self.cell_links(r)),
                            human: math::display::duration(task.figures.human()),
                            ai: math::display::duration(task.figures.ai()),
                            leverage: math::display::leverage(leverage),
                        }
                    })
                    .collect();
                let link = |k: usize| self.urls.url(&Urls::workstream_page_path(slug, k));
                let page = builtin::WorkstreamPage {
                    page_url: &page_url,
                    name: &stream.name,
                    slug,
                    totals: walk.totals.clone(),
                    ai_label: &stream.ai_label,
                    // The curve covers the whole stream: on the first page only.
                    charts: if *n == 1 {
                        chart_views(charts::leverage_curve(&walk.curve))
                    } else {
                        Vec::new()
                    },
                    tasks,
                    pages: builtin::Pages::of(*n, total, "tasks", link),
                };
                return self.built_in_or(
                    builtin::Page::Workstream,
                    page,
                    builtin::workstream_page,
                    workstream_context,
                );
            }
            PageKind::Page(i) => {
                let document = &model.documents[*i];
                let text = &model.sources.get(document.file).text;
                let shortcodes = self.shortcodes(document, &page_url)?;
                let (content, headings) = match body.and_then(|body| {
                    Some((body.splice(&shortcodes, Some(self.files(&document.path)))?, body))
                }) {
                    Some((html, body)) => (html, Cow::Borrowed(body.headings())),
                    None => {
                        let (html, headings) = self.render_text(text, document, &shortcodes)?;
                        (html, Cow::Owned(headings))
                    }
                };
                let reading_time = reading_minutes(body, text, document);
                let page_view = context! {
                    title => &document.title,
                    url => &page_url,
                    summary => &document.summary,
                    date => document.date.map(date_text::iso),
                    updated => document.updated.map(date_text::iso),
                    image => document.image.as_ref().map(|(dest, _)| image_url(&page_url, dest)),
                    reading_time,
                    content,
                    toc => Serde(view::toc(&headings, &page_url)),
                    extra => Serde(&document.extra),
                };
                self.page("page.html", context! { site => &self.site, page_url, page => page_view })?
            }
            PageKind::NotFound => self.page("404.html", context! { site => &self.site, page_url })?,
            PageKind::FirstHomePage => {
                redirect(&self.urls.url(""), &model.config.title, &model.config.language)
            }
            PageKind::RecordsFolder => {
                redirect(&self.urls.url("archive/"), "Archive", &model.config.language)
            }
            PageKind::Alias(i) => {
                let document = &model.documents[*i];
                redirect(
                    &self.urls.url(&Urls::document_path(document)),
                    &document.title,
                    &model.config.language,
                )
            }
            PageKind::Feed => {
                let latest: Vec<usize> = feed_range(model.records.len(), &model.config).collect();
                let feed = context! {
                    title => &model.config.title,
                    url => &page_url,
                    page_url => self.urls.url(""),
                    // None, as docs/themes.md says: `feed.tag is not none` tells the two apart.
                    tag => (),
                };
                self.feed(page_url, feed, &latest)?
            }
            PageKind::TagFeed(slug) => {
                let tag = &model.tags[slug];
                let feed = context! {
                    title => format!("Tag: {} · {}", tag.name, model.config.title),
                    url => &page_url,
                    page_url => self.urls.url(&Urls::tag_path(slug)),
                    tag => context! { name => &tag.name, slug },
                };
                let records = &tag.records;
                self.feed(page_url, feed, &records[feed_range(records.len(), &model.config)])?
            }
            PageKind::Sitemap if sitemap_parts(model, self.templates.tags) > 0 => {
                sitemap_index(&self.urls, sitemap_parts(model, self.templates.tags))
            }
            PageKind::Sitemap | PageKind::SitemapPart(_) => {
                // A listing changed when the latest change among the records it lists did, as
                // Hugo dates its list pages: crawlers come back to it then.
                let changed = |records: &mut dyn Iterator<Item = usize>| {
                    records
                        .filter_map(|i| model.document(&model.records[i]).last_changed())
                        .max()
                        .map(date_text::iso)
                };
                let all = changed(&mut (0..model.records.len()));
                let mut entries: Vec<Value> = vec![context! { url => self.urls.url(""), lastmod => &all }];
                // A later page changes with the list: a new record moves one down onto each.
                let home_pages = model.records.len().div_ceil(model.config.paginate_by).max(1);
                for n in 2..=home_pages {
                    entries.push(context! { url => self.urls.url(&Urls::home_path(n)), lastmod => &all });
                }
                entries.push(context! { url => self.urls.url("archive/"), lastmod => &all });
                entries.push(context! { url => self.urls.url("tags/"), lastmod => &all });
                if !model.workstreams.is_empty() {
                    entries.push(context! { url => self.urls.url("workstreams/"), lastmod => &all });
                }
                for (slug, tag) in &model.tags {
                    let lastmod = changed(&mut tag.records.iter().copied());
                    entries
                        .push(context! { url => self.urls.url(&Urls::tag_path(slug)), lastmod => &lastmod });
                    for n in 2..=tag_page_count(model, tag, self.templates.tags.pages) {
                        let url = self.urls.url(&Urls::tag_page_path(slug, n));
                        entries.push(context! { url, lastmod => &lastmod });
                    }
                }
                for (slug, stream) in &model.workstreams {
                    let lastmod = changed(&mut stream.tasks.iter().map(|&(record, _)| record));
                    for n in 1..=stream_page_count(model, stream, self.templates.tags.stream_pages) {
                        let url = self.urls.url(&Urls::workstream_page_path(slug, n));
                        entries.push(context! { url, lastmod => &lastmod });
                    }
                }
                let records = model.records.iter().map(|entry| model.document(entry));
                for document in records.chain(model.pages.iter().map(|&i| &model.documents[i])) {
                    let lastmod = document.last_changed().map(date_text::iso);
                    entries.push(context! { url => self.urls.url(&Urls::document_path(document)), lastmod });
                }
                // Part `n` of a long sitemap holds the entries from `(n - 1) * SITEMAP_LIMIT` on.
                if let PageKind::SitemapPart(n) = page.kind {
                    let from = (n - 1) * SITEMAP_LIMIT;
                    entries = entries.into_iter().skip(from).take(SITEMAP_LIMIT).collect();
                }
                without_non_xml_chars(
                    self.page("sitemap.xml", context! { site => &self.site, page_url, entries })?,
                )
            }
            PageKind::Robots => self.page(
                "robots.txt",
                context! { site => &self.site, page_url, sitemap_url => self.urls.url("sitemap.xml") },
            )?,
            PageKind::Search => self.page(
                SEARCH_TEMPLATE,
                context! { site => &self.site, page_url, index_url => self.urls.url(SEARCH_INDEX) },
            )?,
            PageKind::RecordsJson | PageKind::TasksCsv | PageKind::SearchIndex => {
                let mut out = Vec::new();
                self.write_export(page, &mut out).expect("writing to a Vec cannot fail");
                return Ok(out);
            }
        };
        Ok(text)
    }

    /// A feed (`atom.xml`) of `latest` (indexes into `Model::records`, oldest first: the caller's
    /// latest `feed_limit`), described by `feed`: its title, its own URL and the page it follows.
    fn feed(&self, page_url: String, feed: Value, latest: &[usize]) -> Result<Vec<u8>, RenderError> {
        let model = self.model;
        // The latest change among the entries: a record's `updated`, or its date.
        let updated = latest
            .iter()
            .filter_map(|&i| model.document(&model.records[i]).last_changed())
            .max()
            .map(|day| day.format("%Y-%m-%dT00:00:00Z").to_string());
        // Newest first, as feed readers list them; with its body when the feed shows it whole.
        let records = latest
            .iter()
            .rev()
            .map(|&i| {
                // `content` is none when the feed carries summaries alone.
                let content = self.feed_body(i)?;
                Ok(context! { content, ..self.summary(i).clone() })
            })
            .collect::<Result<Vec<Value>, RenderError>>()?;
        let xml = self.page(FEED, context! { site => &self.site, page_url, feed, records, updated })?;
        Ok(without_non_xml_chars(xml))
    }

    /// Writes a data export (records.json, tasks.csv) to `out` as it is produced, so the file is
    /// never held whole in memory. Other pages write nothing: render them with `render`.
    pub fn write_export(&self, page: &PlannedPage, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        write_export(self.model, &page.kind, out)
    }

    fn record(
        &self,
        index: usize,
        page_url: String,
        body: Option<&Prerendered>,
    ) -> Result<Vec<u8>, RenderError> {
        let model = self.model;
        let entry = &model.records[index];
        let document = model.document(entry);
        let record = model.record(entry);
        let week = model.config.work_week();
        let text = &model.sources.get(document.file).text;
        let Splices { replace, views, metrics, aggregates_inline } = self.splices(index, &page_url)?;
        let (content, headings) = match body.filter(|body| body.splices(&replace)) {
            Some(body) => {
                let files = self.files(&document.path);
                (builtin::Content::Spliced(body, replace, files), Cow::Borrowed(body.headings()))
            }
            None => {
                let (html, headings) = self.render_text(text, document, &replace)?;
                (builtin::Content::Text(html), Cow::Owned(headings))
            }
        };
        // A record a feed shows whole keeps its body for the feed, which is rendered after the
        // records' pages, once their bodies (and, in a build, their texts) are gone: the page's
        // own, or a copy without the headings' links to themselves.
        let content = match self.feed_cell(index) {
            Some(cell) => {
                let html = content.into_string();
                match self.without_anchor_links(&html) {
                    None => builtin::Content::Kept(
                        cell.get_or_init(|| Value::from(html)).as_str().unwrap_or_default(),
                    ),
                    Some(fed) => {
                        cell.get_or_init(|| Value::from(fed));
                        builtin::Content::Text(html)
                    }
                }
            }
            None => content,
        };
        let link = |i: usize| {
            let e = &model.records[i];
            Link {
                title: model.document(e).title.clone(),
                url: self.urls.url(&Urls::record_path(&model.document(e).slug)),
            }
        };
        // The task table above the bars holds each task's leverage: no second table under them.
        // A task's number, for labels that read alike: its `#` cell, when its table has one.
        let number = |i: usize| {
            let (table, task) = record.tasks_with_tables().nth(i)?;
            let column = table.columns.iter().position(|c| c.kind == content::record::ColumnKind::Number)?;
            let written = task.written(column)?.value.trim();
            (!written.is_empty()).then(|| written.to_string())
        };
        let charts = charts::record_task_bars(
            &record
                .tasks()
                .map(content::Task::plain_text)
                .zip(model.leverages(entry).iter().copied())
                .collect::<Vec<_>>(),
            &number,
        );
        let page = builtin::RecordPage {
            page_url: &page_url,
            record: self.summary(index),
            content,
            reading_time: reading_minutes(body, text, document),
            headings,
            extra: &document.extra,
            charts: chart_views(charts),
            metrics,
            aggregates_inline,
            previous: index.checked_sub(1).map(link),
            next: (index + 1 < model.records.len()).then(|| link(index + 1)),
            image: document.image.as_ref().map(|(dest, _)| image_url(&page_url, dest)),
        };
        self.built_in_or(builtin::Page::Record, page, builtin::record_page, |site, page| {
            // `record.tables`, made only for a page the templates write (unless made already).
            let tables = if views.len() == record.tables.len() {
                views
            } else {
                record.tables.iter().map(|table| view::table(table, self.cell_links(index), &week)).collect()
            };
            record_context(site, page, tables)
        })
    }

    /// What record `index`'s page splices into its body, by offset: each task table as the
    /// theme writes it, and the computed aggregates in place of the writer's "Aggregate Stats"
    /// table. `page_url` is the record page's, which a theme's partials receive.
    fn splices(&self, index: usize, page_url: &str) -> Result<Splices, RenderError> {
        let model = self.model;
        let entry = &model.records[index];
        let record = model.record(entry);
        let week = model.config.work_week();
        let metrics = view::metrics(record, &entry.totals, entry.spread.as_ref(), &entry.ai_label, &week);
        // The block that replaces the writer's "Aggregate Stats" table, when there is one (a table
        // with a Notes column is shown as written, its figures checked all the same).
        let replaced_aggregates = || record.aggregates.iter().filter(|t| !t.as_written);
        let aggregates_inline = replaced_aggregates().next().is_some();
        let aggregates_html = if !aggregates_inline {
            String::new()
        } else if self.templates.builtin_aggregates {
            builtin::aggregates(&metrics, true)
        } else {
            self.template(
                builtin::AGGREGATES,
                context! { site => &self.site, page_url => page_url, record => self.summary(index), metrics => Serde(&metrics), inline => true },
            )?
        };
        let mut replace: Vec<(usize, String)> = Vec::new();
        // The tables' views, made for a theme's task table partial and kept for `record.tables`.
        let mut views = Vec::new();
        for (number, table) in record.tables.iter().enumerate() {
            // The default partial is written from the table's parts, which borrow the texts
            // written in its tasks; a theme's gets the view.
            let html = if self.templates.builtin_task_table {
                builtin::task_table(&view::TableParts::of(table, self.cell_links(index), &week))
            } else {
                let table_view = view::table(table, self.cell_links(index), &week);
                // The record and the table's number, so that a theme can give each table an id.
                let html = self.template(
                    builtin::TASK_TABLE,
                    context! { site => &self.site, page_url => page_url, record => self.summary(index), index => number, table => Serde(&table_view) },
                )?;
                views.push(table_view);
                html
            };
            replace.push((table.span.start as usize, html));
        }
        for (i, table) in replaced_aggregates().enumerate() {
            replace.push((
                table.span.start as usize,
                if i == 0 { aggregates_html.clone() } else { String::new() },
            ));
        }
        replace.extend(self.shortcodes(model.document(entry), page_url)?);
        // In order of offsets, for `Prerendered` to look each up by halves.
        replace.sort_by_key(|(offset, _)| *offset);
        Ok(Splices { replace, views, metrics, aggregates_inline })
    }

    /// The HTML of each of `document`'s shortcodes, by offset, for a `replace` of its body:
    /// the template `shortcodes/<name>.html` rendered with the call's arguments, `body` (the
    /// text between `{% name() %}` and `{% end %}`; undefined for a `{{ name() }}`), `nth` (1
    /// for the page's first call of that shortcode, 2 for its second), `site` and `page_url`
    /// (the page's). A call written as text (`{{/* name() */}}`) is that text, escaped.
    fn shortcodes(
        &self,
        document: &content::Document,
        page_url: &str,
    ) -> Result<Vec<(usize, String)>, RenderError> {
        use content::shortcode::Kind;
        let mut calls: BTreeMap<&str, usize> = BTreeMap::new();
        let mut html = Vec::with_capacity(document.shortcodes.len());
        // Every failing call of the page is said at once, as every failing page of a build is.
        let mut failed = Vec::new();
        for shortcode in &document.shortcodes {
            let error =
                |message: String| Diagnostic { severity: Severity::Error, span: shortcode.span, message };
            let written = match &shortcode.kind {
                // Alone on its lines, as a paragraph of its own.
                Kind::Shown(text) if shortcode.block => format!("<p>{}</p>", escape_html(text)),
                Kind::Shown(text) => escape_html(text),
                Kind::Call { name, args, body } => {
                    let nth = calls.entry(name).or_default();
                    *nth += 1;
                    let template_name = format!("{}{name}.html", theme::SHORTCODES);
                    let Ok(template) = self.templates.env.get_template(&template_name) else {
                        failed.push(error(unknown_shortcode(
                            name,
                            &self.templates.files,
                            &self.model.sources,
                        )));
                        continue;
                    };
                    let mut ctx: BTreeMap<&str, Value> = BTreeMap::new();
                    let reserved = args.iter().find(|(key, _)| SHORTCODE_CONTEXT.contains(&key.as_str()));
                    if let Some((key, _)) = reserved {
                        failed.push(error(format!(
                            "the shortcode `{name}` is given `{key}`, a name its template gives it itself: \
                                 expected another name for the argument (a shortcode's template is given {})",
                            SHORTCODE_CONTEXT.map(|k| format!("`{k}`")).join(", ")
                        )));
                        continue;
                    }
                    for (key, value) in args {
                        ctx.insert(key, Value::from(Serde(value)));
                    }
                    if let Some(body) = body {
                        ctx.insert("body", Value::from(body.as_str()));
                    }
                    ctx.insert("nth", Value::from(*nth));
                    ctx.insert("site", self.site.clone());
                    ctx.insert("page_url", Value::from(page_url));
                    let ctx = Value::from(ctx);
                    // Held to a page's most bytes: a call's loop that does not end, printing, is one.
                    let rendered = match render_capped(&template, &ctx, 256) {
                        Ok(bytes) => Ok(String::from_utf8(bytes)
                            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
                        Err(Unrendered::TooLarge) => {
                            let inner = self.too_large(&template_name);
                            Err(error(format!(
                                "the shortcode `{name}` could not be rendered: {}",
                                inner.message
                            )))
                        }
                        Err(Unrendered::Error(e)) => {
                            self.spent(&e);
                            let inner = template_error(self.model, &self.templates.files, &e, Some(&ctx));
                            let source = self.model.sources.get(inner.span.file);
                            let (line, _) = source.line_col(inner.span.start as usize);
                            let message =
                                inner.message.strip_prefix("template error: ").unwrap_or(&inner.message);
                            Err(error(format!(
                                "the shortcode `{name}` could not be rendered: {message} (at {}:{line})",
                                source.path.display()
                            )))
                        }
                    };
                    match rendered {
                        Ok(written) => written,
                        Err(diagnostic) => {
                            failed.push(diagnostic);
                            if self.stopped() {
                                break;
                            }
                            continue;
                        }
                    }
                }
            };
            // A template's file ends its last line, which a call inside a paragraph does not.
            let written = match written.trim_end_matches(['\n', '\r']) {
                trimmed if trimmed.len() == written.len() => written,
                trimmed => trimmed.to_string(),
            };
            html.push((shortcode.span.start as usize, written));
        }
        if !failed.is_empty() {
            return Err(RenderError(failed));
        }
        Ok(html)
    }

    /// `html` without the links leverage put into its headings (`body::without_anchor_links`),
    /// for a feed; `None` when it put none in (site.toml's `insert_anchor_links` is `"none"`).
    fn without_anchor_links(&self, html: &str) -> Option<String> {
        (self.model.config.insert_anchor_links != crate::config::AnchorLinks::None)
            .then(|| body::without_anchor_links(html))
            .flatten()
    }

    /// Where record `index`'s body is kept for the feeds, when a feed shows it whole (site.toml's
    /// `feed_full_content`).
    fn feed_cell(&self, index: usize) -> Option<&std::sync::OnceLock<Value>> {
        self.feed_bodies.get(index)?.as_ref()
    }

    /// Record `index`'s body as its page shows it, task tables and all, when a feed shows the
    /// record whole: the one its page kept, or rendered now from the record's text.
    fn feed_body(&self, index: usize) -> Result<Option<Value>, RenderError> {
        let Some(cell) = self.feed_cell(index) else { return Ok(None) };
        if let Some(html) = cell.get() {
            return Ok(Some(html.clone()));
        }
        let model = self.model;
        let document = model.document(&model.records[index]);
        let page_url = self.urls.url(&Urls::record_path(&document.slug));
        let Splices { replace, .. } = self.splices(index, &page_url)?;
        let text = &model.sources.get(document.file).text;
        let (html, _) = self.render_text(text, document, &replace)?;
        let html = self.without_anchor_links(&html).unwrap_or(html);
        Ok(Some(cell.get_or_init(|| Value::from(html)).clone()))
    }

    /// The page written by `builtin` (`write`), when pages of its `kind` are and the writer has
    /// every value it prints; otherwise the kind's template rendered with `context(site, page)`,
    /// which also says what is missing.
    fn built_in_or<P>(
        &self,
        kind: builtin::Page,
        page: P,
        write: impl FnOnce(&SiteView<'_>, &P) -> Result<String, std::fmt::Error>,
        context: impl FnOnce(&Value, P) -> Value,
    ) -> Result<Vec<u8>, RenderError> {
        if self.templates.builtin(kind) {
            match write(&self.site_view, &page) {
                Ok(html) => return Ok(html.into_bytes()),
                Err(_) => fallen_back(),
            }
        }
        Ok(self.page(kind.template(), context(&self.site, page))?)
    }

    /// Renders a whole page into a buffer sized for a record page, so that writing one does not
    /// copy it over and over as it grows.
    fn page(&self, name: &str, ctx: Value) -> Result<Vec<u8>, Diagnostic> {
        self.render_into(name, ctx, PAGE_CAPACITY)
    }

    /// Renders template `name` into bytes, `capacity` of them made room for first: a page's, or a
    /// partial's and a shortcode's few.
    fn render_into(&self, name: &str, ctx: Value, capacity: usize) -> Result<Vec<u8>, Diagnostic> {
        let files = &self.templates.files;
        let template =
            self.templates.env.get_template(name).map_err(|e| template_error(self.model, files, &e, None))?;
        match render_capped(&template, &ctx, capacity) {
            Ok(out) => Ok(out),
            Err(Unrendered::TooLarge) => Err(self.too_large(name)),
            Err(Unrendered::Error(e)) => {
                self.spent(&e);
                Err(template_error(self.model, files, &e, Some(&ctx)))
            }
        }
    }

    fn template(&self, name: &str, ctx: Value) -> Result<String, Diagnostic> {
        let bytes = self.render_into(name, ctx, 1024)?;
        // A template writes text: minijinja's output is UTF-8.
        Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// The error of a render of template `name` that wrote more than `MOST_PAGE_BYTES`, said as
    /// one that ran out of fuel is (no page is begun after it), at the template's start: minijinja
    /// drops the place a write failed at.
    fn too_large(&self, name: &str) -> Diagnostic {
        self.out_of_fuel.store(true, std::sync::atomic::Ordering::Relaxed);
        // Every template compiled is one of the theme's files.
        let span = Span::file_start(self.templates.files.get(name).copied().unwrap_or(FileId(0)));
        Diagnostic::error(content::ContentError::Other {
            message: format!(
                "{OUT_OF_FUEL}: its output grew past {} MB; expected every loop to end (one that does not, \
                 printing, grows a page without end)",
                MOST_PAGE_BYTES >> 20
            ),
            span,
        })
    }
}

/// What a shortcode's template is given besides the call's arguments, which no argument may be
/// named (`Renderer::shortcodes`).
const SHORTCODE_CONTEXT: [&str; 4] = ["body", "nth", "page_url", "site"];

/// The error for a call of a shortcode no template of the site's or its theme's writes: the
/// template it needs, and the shortcodes there are.
fn unknown_shortcode(name: &str, templates: &BTreeMap<String, FileId>, sources: &content::Sources) -> String {
    // A template of that name with another extension a template could have (`note.htm`,
    // `note.html.j2`, `note.md`): shortcodes are `.html` templates.
    const OTHER: [&str; 9] =
        ["htm", "html.j2", "htm.j2", "html.jinja", "html.jinja2", "j2", "jinja", "md", "txt"];
    let stem = format!("{}{name}.", theme::SHORTCODES);
    let other = templates.iter().find(|(t, _)| t.strip_prefix(&stem).is_some_and(|ext| OTHER.contains(&ext)));
    if let Some((_, file)) = other {
        let path = theme::slashed(&sources.get(*file).path);
        let wanted = path.rsplit_once('/').map_or(String::new(), |(folder, _)| format!("{folder}/"));
        return format!(
            "no shortcode `{name}`: {path} is there, but a shortcode is a `.html` template; expected it \
             renamed {wanted}{name}.html"
        );
    }
    let names: Vec<&str> = templates
        .keys()
        .filter_map(|t| t.strip_prefix(theme::SHORTCODES)?.strip_suffix(".html"))
        .filter(|known| content::shortcode::is_name(known))
        .collect();
    // A slip of the name (`figur`) gets the one meant.
    if let Some(near) = content::front_matter::nearest_name(name, &names) {
        return format!(
            "no shortcode `{name}`; did you mean `{near}`? (a shortcode of that name would be `templates/{}{name}.html`)",
            theme::SHORTCODES
        );
    }
    let known: Vec<String> = names.iter().map(|known| format!("`{known}`")).collect();
    let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
    format!(
        "no shortcode `{name}`: expected a template `templates/{}{name}.html` (the site's and its theme's \
         shortcodes: {known}); `{{{{/* ... */}}}}` writes a call as text",
        theme::SHORTCODES
    )
}

/// `xml` without the characters XML 1.0 does not allow (C0 controls other than tab, line feed and
/// carriage return; U+FFFE and U+FFFF): a control character pasted into a title or a paragraph
/// would make the whole feed unreadable to feed readers. HTML pages keep them (browsers show them
/// as they can), so only the XML outputs are filtered.
fn without_non_xml_chars(xml: Vec<u8>) -> Vec<u8> {
    let banned = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    let has_control = xml.iter().any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    let has_nonchar = xml.windows(3).any(|w| w[0] == 0xEF && w[1] == 0xBF && matches!(w[2], 0xBE | 0xBF));
    if !has_control && !has_nonchar {
        return xml;
    }
    match String::from_utf8(xml) {
        Ok(text) => text.chars().filter(|&c| !banned(c)).collect::<String>().into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// The buffer a page is rendered into starts this large: a record page of the default theme is
/// 30-40 KB.
pub(crate) const PAGE_CAPACITY: usize = 64 * 1024;

/// The most bytes one render of a template writes (a page, a shortcode's call). The fuel alone
/// let a loop that does not end, printing, hold 12.8 GB before it ran out (a byte written is
/// 1/64 of a step), and a theme's slip took a machine's memory. The default theme's largest
/// page, the archive, is 0.3 MB at 1,000 records and so about 15 MB at 50,000.
pub(crate) const MOST_PAGE_BYTES: usize = 256 << 20;

/// Why a render of a template wrote no page.
enum Unrendered {
    /// It wrote more than `MOST_PAGE_BYTES`.
    TooLarge,
    Error(minijinja::Error),
}

/// Renders `template` into bytes, `capacity` of them made room for first, held to
/// `MOST_PAGE_BYTES`: every render of a theme's template (a page, a partial, a shortcode's call)
/// goes through it.
fn render_capped(
    template: &minijinja::Template<'_, '_>,
    ctx: &Value,
    capacity: usize,
) -> Result<Vec<u8>, Unrendered> {
    let mut out = Vec::with_capacity(capacity);
    let mut capped = Capped { out: &mut out, over: false };
    let rendered = template.render_captured_to(ctx.clone(), &mut capped);
    if capped.over {
        return Err(Unrendered::TooLarge);
    }
    rendered.map_err(Unrendered::Error)?;
    Ok(out)
}

/// A render's output, refused past `MOST_PAGE_BYTES` (`over` then says so).
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + bytes.len() > MOST_PAGE_BYTES {
            self.over = true;
            return Err(std::io::Error::other("the page's output is too large"));
        }
        self.out.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write(bytes).map(drop)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A theme's templates, compiled: cheap to clone, so `serve` compiles them once per theme
/// change rather than once per edit.
#[derive(Clone, Debug)]
pub struct Templates {
    env: std::sync::Arc<Environment<'static>>,
    files: BTreeMap<String, FileId>,
    /// True when the theme's task table partial is the default one, written by `builtin`.
    builtin_task_table: bool,
    /// True when the theme's aggregate stats partial is the default one, written by `builtin`.
    builtin_aggregates: bool,
    /// The kinds of page whose templates and partials are the default theme's, which `builtin`
    /// writes (`home_page`, `archive_page`, `record_page`, `tag_page`, `workstream_page`).
    pub(crate) builtin_pages: Vec<builtin::Page>,
    /// What the theme writes of each tag (`Theme::list_outputs`): with feeds, its tag pages link
    /// them.
    tags: ListOutputs,
    /// True when the site builds its search index and the theme has a search page to search it
    /// with (`search.html`): the page is planned, and `site.search_url` links it.
    search_page: bool,
}

impl Templates {
    /// What the theme writes of each tag (`Theme::list_outputs`).
    pub(crate) fn tags(&self) -> ListOutputs {
        self.tags
    }

    /// Whether the site has a search page (`search_page`).
    pub(crate) fn search_page(&self) -> bool {
        self.search_page
    }

    /// The names of the templates (partials and the theme's overridden ones too, by the name
    /// they override: `index.html` for `theme/index.html`) that may print the site's figures:
    /// those reading `site.totals`, and those using `site` whole, which hands it on or reads it
    /// by another way (`site["totals"]`, `{% set s = site %}`, a macro's argument). Serve renders
    /// their pages again when the figures change.
    pub(crate) fn reading_site_totals(&self) -> impl Iterator<Item = &str> {
        self.files
            .keys()
            .filter(|name| {
                self.env.get_template(name).is_ok_and(|template| {
                    template.undeclared_variables(true).iter().any(|used| {
                        used == "site"
                            || used
                                .strip_prefix("site.totals")
                                .is_some_and(|v| v.is_empty() || v.starts_with('.'))
                    })
                })
            })
            .map(|name| name.strip_prefix("theme/").unwrap_or(name))
    }

    /// Whether pages of this kind are written by `builtin`.
    pub(crate) fn builtin(&self, page: builtin::Page) -> bool {
        self.builtin_pages.contains(&page)
    }

    /// Compiles every template of `theme` (whose sources are in `model.sources`). A template
    /// that does not parse is an error at its line.
    pub fn compile(model: &Model, theme: &Theme, tags: ListOutputs) -> Result<Templates, Vec<Diagnostic>> {
        let mut env = environment();
        env.set_fuel(Some(template_fuel()));
        crate::filters::add_markdown(&mut env, model.config.highlight_code);
        let mut errors = Vec::new();
        // The theme's versions of the templates the site overrides, as `theme/<name>`.
        let files = theme.named_templates();
        for (name, file) in &files {
            let mut source = model.sources.get(*file).text.clone();
            if name == builtin::CHART && builtin::is_default(name, &source) {
                // The same bytes, written from Rust (see `builtin`).
                source = builtin::CHART_STAND_IN.to_string();
            } else if name == builtin::MACROS
                && builtin::is_default(name, &source)
                && let Some(stand_in) = builtin::macros_stand_in(&source)
            {
                source = stand_in;
            }
            if let Err(err) = env.add_template_owned(name.clone(), source) {
                errors.push(template_error(model, &files, &err, None));
            }
        }
        // Compiled, every template a tag names must be there, on a path a page takes or not,
        // and so must every filter and test a template applies.
        if errors.is_empty() {
            errors = theme.unknown_templates(&model.sources);
            errors.extend(unknown_applied(model, &files, &env));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        env.add_function(builtin::CHART_FUNCTION, |chart: Value| builtin::chart(&chart));
        builtin::add_macro_functions(&mut env);
        let kept = |name: &str| theme.keeps_default(&model.sources, name);
        let builtin_pages = if files.contains_key(builtin::HEAD) {
            Vec::new()
        } else {
            builtin::Page::ALL
                .into_iter()
                .filter(|page| page.templates().iter().all(|name| kept(name)))
                .collect()
        };
        Ok(Templates {
            env: std::sync::Arc::new(env),
            files,
            builtin_task_table: kept(builtin::TASK_TABLE),
            builtin_aggregates: kept(builtin::AGGREGATES),
            builtin_pages,
            tags,
            search_page: theme.has_search_page(&model.config),
        })
    }
}

/// The work one render of a page (or of one shortcode call) may take, in minijinja's fuel: an
/// instruction is one, and every 64 bytes a template writes or makes one more. A theme's loop
/// that does not end would otherwise hang a build, and `serve` with it, until stopped; Hugo
/// stops a page after its `timeout` (30 s), which a slower machine could reach where a faster
/// one does not, while fuel stops a page at the same place on every machine. The default
/// theme's largest page at 1,000 records (the archive) takes about 50,000, 49 a record; a
/// page that prints every task of 10,000 records (200,000 tasks), a few hundred each, stays
/// inside; a loop that does nothing else runs out in about 4 s (docs/themes.md). A larger
/// budget would let a string doubled in a loop take tens of gigabytes before it ran out (a
/// byte made is 1/64 of a step).
pub(crate) const TEMPLATE_FUEL: u64 = 200_000_000;

/// `TEMPLATE_FUEL`; less in unit tests, which run a template that does not end in a debug build.
fn template_fuel() -> u64 {
    if cfg!(test) { 10_000_000 } else { TEMPLATE_FUEL }
}

/// Whether `err`, or an error it went through (an include, a macro), ran out of fuel.
fn ran_out_of_fuel(err: &minijinja::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(inner) = cause {
        if inner
            .downcast_ref::<minijinja::Error>()
            .is_some_and(|e| e.kind() == minijinja::ErrorKind::OutOfFuel)
        {
            return true;
        }
        cause = inner.source();
    }
    false
}

/// What a template that ran out of fuel is told (`TEMPLATE_FUEL`); `page_errors` finds it by this.
const OUT_OF_FUEL: &str = "the page ran past the work a page may take";

/// An empty template environment set up as every theme is rendered: semi-strict undefined
/// values, trailing newlines kept, leverage's HTML escaping.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // minijinja's debug mode (on by default in debug builds) words errors otherwise: the tests,
    // built in debug, see the messages writers see.
    env.set_debug(false);
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_syntax(SyntaxConfig::builder().keep_trailing_newline(true).build().expect("default delimiters"));
    env.set_formatter(escape_formatter);
    env.set_auto_escape_callback(auto_escape);
    env.add_filter("escape", escape_filter);
    env.add_filter("e", escape_filter);
    crate::filters::add_to(&mut env);
    env
}

/// `escape` (and `e`): a value escaped as `escape_formatter` prints it, where minijinja's own
/// filter writes `/` as `&#x2f;` in HTML and leaves `<` as it is in JSON. A template that escapes
/// nothing (or `{% autoescape false %}`) gets the escaping of its kind, or HTML.
fn escape_filter(state: &mut State, value: &Value) -> Result<Value, Error> {
    if value.is_safe() {
        return Ok(value.clone());
    }
    let mode = match state.auto_escape() {
        AutoEscape::None => match auto_escape(state.name()) {
            AutoEscape::None => AutoEscape::Html,
            of_kind => of_kind,
        },
        escape => escape.clone(),
    };
    let mut out = String::new();
    match write_escaped_as(&mut out, &mode, value) {
        Some(written) => written?,
        None => return minijinja::filters::escape(state, value),
    }
    Ok(Value::from_safe_string(out))
}

/// How a template's output is escaped, by its name: minijinja's defaults (HTML for `.html`,
/// `.htm` and `.xml`; JSON for `.json`, `.json5`, `.js`, `.yaml` and `.yml`; a `.j2`/`.jinja`
/// suffix ignored), and HTML for `.svg` and `.xhtml` too: an SVG partial inlined in a page is
/// markup, and a title printed into it unescaped would be markup too.
fn auto_escape(name: &str) -> AutoEscape {
    let plain = [".j2", ".jinja2", ".jinja"].iter().find_map(|ext| name.strip_suffix(ext)).unwrap_or(name);
    match plain.rsplit('.').next() {
        Some("svg" | "xhtml") => AutoEscape::Html,
        _ => minijinja::default_auto_escape_callback(name),
    }
}

/// By record index, whether a feed shows the record (the site's latest `feed_limit`, and each
/// tag's with `tag_feeds`); `None` unless site.toml's `feed_full_content` asks for whole entries.
fn feed_members(model: &Model, tag_feeds: bool) -> Option<Vec<bool>> {
    if !model.config.feed_full_content {
        return None;
    }
    let mut shown = vec![false; model.records.len()];
    shown[feed_range(model.records.len(), &model.config)].fill(true);
    if tag_feeds {
        for tag in model.tags.values() {
            for &i in &tag.records[feed_range(tag.records.len(), &model.config)] {
                shown[i] = true;
            }
        }
    }
    Some(shown)
}

/// Which of `count` records, oldest first, a feed shows: the latest `feed_limit`.
fn feed_range(count: usize, config: &crate::config::Config) -> std::ops::Range<usize> {
    count.saturating_sub(config.feed_limit)..count
}

/// A document's body rendered from its text, with its headings (`body::render_document`), where
/// its prerendered body cannot be spliced. A build lets go of a text only when the body will
/// splice (`build::release_texts`); should the two ever disagree, the page fails with an error
/// naming the file instead of rendering from an empty text.
fn render_text(
    text: &str,
    document: &content::Document,
    replace: &[(usize, String)],
    highlight: bool,
    style: body::HeadingStyle<'_>,
    links: Option<crate::md_link::Pages<'_>>,
) -> Result<(String, Vec<Heading>), Diagnostic> {
    if text.get(document.body.clone()).is_none() {
        return Err(Diagnostic {
            severity: Severity::Error,
            span: Span::file_start(document.file),
            message: "internal error: the text of this file was let go before its page needed it \
                      (please report it)"
                .to_string(),
        });
    }
    Ok(body::render_document(text, document, replace, highlight, style, links))
}

/// What one error of a chain says: its kind and minijinja's detail, without the detail's
/// repeating the kind (`unknown filter: filter upcase is unknown` is `unknown filter `upcase``).
fn error_said(error: &minijinja::Error) -> String {
    use minijinja::ErrorKind::{UnknownFilter, UnknownFunction, UnknownMethod, UnknownTest};
    if error.kind() == minijinja::ErrorKind::OutOfFuel {
        return format!(
            "{OUT_OF_FUEL}, {} steps of minijinja's fuel; expected every loop to end (one that does \
             not, or a loop over every record inside another, runs out)",
            math::display::grouped(template_fuel())
        );
    }
    let Some(detail) = error.detail() else { return error.kind().to_string() };
    match error.kind() {
        UnknownFilter | UnknownTest | UnknownFunction => {
            // `filter upcase is unknown`, `test evn is unknown`, `now is unknown`.
            let name = detail.strip_suffix(" is unknown").map(|d| d.rsplit(' ').next().unwrap_or(d));
            match name {
                Some(name) if !name.is_empty() => format!("{} `{name}`", error.kind()),
                _ => format!("{}: {detail}", error.kind()),
            }
        }
        // `map has no method named total`.
        UnknownMethod if detail.contains(" has no method named ") => {
            let (owner, name) = detail.split_once(" has no method named ").unwrap_or((detail, ""));
            format!("unknown method: {owner} has no method `{name}`")
        }
        kind => format!("{kind}: {detail}"),
    }
}

/// A template error as a diagnostic at the template's line. An error inside an included
/// template is placed in the innermost template the writer can edit (the included one, unless it
/// is the built-in theme's), and the message names the other templates it went through.
fn template_error(
    model: &Model,
    templates: &BTreeMap<String, FileId>,
    err: &minijinja::Error,
    ctx: Option<&Value>,
) -> Diagnostic {
    // The templates the error went through, outermost first, each where it was at.
    let mut frames: Vec<(&minijinja::Error, FileId)> = Vec::new();
    let frame = |e: &'_ minijinja::Error| e.name().and_then(|n| templates.get(n)).copied();
    // What went wrong, from each error of the chain (an error inside a function says what went
    // wrong in its source); "could not render include" is said by the frames instead.
    let mut said: Vec<String> = Vec::new();
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(inner) = cause {
        match inner.downcast_ref::<minijinja::Error>() {
            Some(inner) => {
                if let Some(file) = frame(inner) {
                    frames.push((inner, file));
                }
                if inner.kind() != minijinja::ErrorKind::BadInclude
                    || std::error::Error::source(inner).is_none()
                {
                    said.push(error_said(inner));
                }
            }
            None => said.push(inner.to_string()),
        }
        cause = inner.source();
    }
    if let Some(cycle) = include_cycle(model, &frames) {
        return cycle;
    }
    let mut message = format!("template error: {}", said.join(": "));
    let built_in = |file: FileId| model.sources.get(file).path.starts_with(theme::BUILT_IN);
    let chosen = frames.iter().rposition(|(_, file)| !built_in(*file)).or(frames.len().checked_sub(1));
    let Some(chosen) = chosen else {
        message.push_str(&format!(" (in template `{}`)", err.name().unwrap_or("?")));
        let file = templates.values().next().map_or(FileId(0), |f| *f);
        return Diagnostic { severity: Severity::Error, span: Span::file_start(file), message };
    };
    let (at, file) = frames[chosen];
    let place = |(other, file): &(&minijinja::Error, FileId)| {
        let line = other.line().map_or(String::new(), |l| format!(":{l}"));
        format!("{}{line}", theme::slashed(&model.sources.get(*file).path))
    };
    // An undefined value: named (minijinja names most; where it does not, the expression is at
    // the span), with leverage's name for what Zola's and Hugo's templates call otherwise.
    // Said of the innermost template, where it is undefined: a built-in partial the message
    // points past (its writer cannot open it) names it too.
    let (deepest, deepest_file) = frames[frames.len() - 1];
    if deepest.kind() == minijinja::ErrorKind::UndefinedError {
        let named = deepest.detail().and_then(|detail| detail.split('`').nth(1));
        // The span is the expression only when minijinja gave its range (else the whole line).
        let written =
            deepest.range().and_then(|range| model.sources.get(deepest_file).text.get(range)).map(str::trim);
        let text = &model.sources.get(deepest_file).text;
        let at = deepest.range().map_or(text.len(), |range| range.start);
        let near = |path: &str| ctx.map_or_else(String::new, |ctx| nearest_attribute(ctx, path, text, at));
        match (named, written) {
            (Some(expression), _) => {
                message.push_str(&other_generators_name(expression, ctx));
                message.push_str(&near(expression));
            }
            // minijinja's range is the filter's name when the value given to it is undefined
            // (`record.body | safe`): the value is named, not the filter, which is there.
            (None, Some(filter))
                // A filter written without arguments: an undefined argument is not the value's.
                if filter.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && let Some(value) = deepest.range().and_then(|r| piped_into(text, r.start)) =>
            {
                message.push_str(&format!(
                    ": `{value}`, given to the filter `{filter}`, is not defined{}{}",
                    other_generators_name(value, ctx),
                    near(value)
                ));
            }
            // A lookup on a path (`page.extra.hero.image`), of which minijinja's range is a part
            // (`.hero.image`, or `.extra.gallery` of a `for`), not always from the value that is
            // undefined: the whole path is named.
            (None, Some(lookup))
                if lookup.starts_with(['.', '['])
                    && !lookup.contains('\n')
                    && let Some(owner) = deepest.range().and_then(|r| path_before(text, r.start)) =>
            {
                let full = format!("{owner}{lookup}");
                message.push_str(&format!(
                    ": `{full}`, or a value it is looked up in, is not defined (`is defined` tests a value \
                     first){}{}",
                    other_generators_name(&full, ctx),
                    near(&full)
                ));
            }
            // An operation with an undefined operand (`if page.extra.layout == "wide"`, `x + 1`):
            // minijinja's range is the whole expression. The operand that is not there is named
            // where the page's context tells which; else (a macro's parameter, a loop's) the
            // expression is quoted.
            (None, Some(expression)) if expression.contains([' ', '=', '<', '>', '+', '-', '*', '/', '~']) => {
                let operand =
                    ctx.and_then(|ctx| undefined_operand(ctx, expression)).filter(|o| o != expression);
                message.push_str(&match operand {
                    Some(operand) => format!(
                        ": `{operand}` is not defined, in `{expression}` (a value compared or computed with must \
                         be there: test it first, `{operand} is defined and ...`){}{}",
                        other_generators_name(&operand, ctx),
                        near(&operand)
                    ),
                    None => format!(
                        ": a value in `{expression}` is not defined (a value compared or computed with must be \
                         there: test it first with `is defined`)"
                    ),
                });
            }
            (None, Some(expression)) if !expression.is_empty() && !expression.contains('\n') => {
                message.push_str(&format!(
                    ": `{expression}` is not defined{}{}",
                    other_generators_name(expression, ctx),
                    near(expression)
                ));
            }
            _ => {}
        }
    }
    message.push_str(&argument_hint(model, deepest, deepest_file));
    message.push_str(&missing_macro(model, templates, deepest, deepest_file));
    // Inner ones first, then what included the chosen one, nearest first, as compilers list them.
    let inner: Vec<String> = frames[chosen + 1..].iter().map(place).collect();
    if !inner.is_empty() {
        message.push_str(&format!(" (in {})", inner.join(", in ")));
    }
    let outer: Vec<String> = frames[..chosen].iter().rev().map(place).collect();
    if !outer.is_empty() {
        message.push_str(&format!(" (included from {})", outer.join(", from ")));
    }
    // minijinja puts an error at the end of the text one byte past it ("unexpected end of
    // string"): the span ends with the text.
    let len = model.sources.get(file).text.len();
    let range = at.range().map(|range| range.start.min(len)..range.end.min(len));
    let mut span = match at.line() {
        Some(line) => {
            Span::new(file, range.clone().unwrap_or_else(|| line_range(&model.sources.get(file).text, line)))
        }
        None => Span::file_start(file),
    };
    // A block tag left open: which one, and where it opened.
    if at.kind() == minijinja::ErrorKind::SyntaxError
        && let (Some(detail), Some(range)) = (at.detail(), range)
    {
        let source = model.sources.get(file);
        let line_col = |at| source.line_col(at);
        if let Some((shown, said)) = blocks::left_open(&source.text, detail, range.start, line_col)
            .or_else(|| blocks::never_closed(&source.text, detail, line_col))
        {
            message = format!("template error: syntax error: {said}");
            span = Span::new(file, shown);
        }
    }
    message.push_str(&syntax_hint(at, &model.sources.get(file).text));
    // A site template that extends the template of its own name: the theme's is `theme/<name>`.
    if let Some(name) = at.name().filter(|name| {
        at.detail().is_some_and(|detail| {
            detail.starts_with("cycle in template inheritance") && detail.contains(&format!("\"{name}\""))
        }) && !built_in(file)
            && !name.starts_with("theme/")
            && templates.contains_key(&format!("theme/{name}"))
    }) {
        message.push_str(&format!(
            "; a template that replaces the theme's extends the theme's own as `theme/{name}`"
        ));
    }
    // A template that is not there: the nearest one that is, as a misspelt path most often is.
    if at.kind() == minijinja::ErrorKind::TemplateNotFound
        && let Some(missing) = at.detail().and_then(|detail| detail.split(['\'', '"']).nth(1))
    {
        message.push_str(&theme::missing_template_hint(missing, templates));
    }
    // A filter or function that is not there: the nearest that is, or what leverage has in place
    // of Zola's and Hugo's.
    // minijinja says `filter sfe is unknown` and `now is unknown`.
    let word = |n: usize| at.detail().and_then(|detail| detail.split_whitespace().nth(n));
    let unknown = match at.kind() {
        minijinja::ErrorKind::UnknownFilter | minijinja::ErrorKind::UnknownTest => word(1),
        _ => word(0),
    };
    let known = match at.kind() {
        minijinja::ErrorKind::UnknownFilter => FILTER_NAMES,
        minijinja::ErrorKind::UnknownFunction => FUNCTION_NAMES,
        minijinja::ErrorKind::UnknownTest => TEST_NAMES,
        _ => &[],
    };
    if let Some(name) = unknown.filter(|_| !known.is_empty()) {
        message.push_str(&unknown_name_hint(name, known));
    }
    Diagnostic { severity: Severity::Error, span, message }
}

/// What a filter, function or test that is not there is told: what leverage has in place of
/// Zola's and Hugo's (as a function or, Hugo's pipes, a filter), or the nearest of `known`.
fn unknown_name_hint(name: &str, known: &[&str]) -> String {
    match other_generators_function(name) {
        Some(instead) => format!("; {instead}"),
        None => content::front_matter::nearest_name(name, known)
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default(),
    }
}

/// An error at each filter and test that `files` apply and the environment does not have, on a
/// path a page takes or not (`blocks::applied_names`); minijinja would say so only on a page that
/// runs it. Each name is asked of the environment once.
fn unknown_applied(
    model: &Model,
    files: &BTreeMap<String, FileId>,
    env: &Environment<'_>,
) -> Vec<Diagnostic> {
    let mut asked: std::collections::HashMap<(blocks::Applied, &str), bool> =
        std::collections::HashMap::new();
    let mut errors = Vec::new();
    for file in files.values() {
        let text = &model.sources.get(*file).text;
        for (range, applied) in blocks::applied_names(text) {
            let name = &text[range.clone()];
            let (kind, known, what, operator) = match applied {
                blocks::Applied::Filter => (minijinja::ErrorKind::UnknownFilter, FILTER_NAMES, "filter", "|"),
                blocks::Applied::Test => (minijinja::ErrorKind::UnknownTest, TEST_NAMES, "test", " is "),
            };
            // The names the guide lists are there (a test asks each); any other is asked.
            let missing = !known.contains(&name)
                && *asked.entry((applied, name)).or_insert_with(|| {
                    let source = format!("{{{{ none{operator}{name} }}}}");
                    env.render_str(&source, ()).is_err_and(|e| e.kind() == kind)
                });
            if missing {
                errors.push(Diagnostic {
                    severity: Severity::Error,
                    span: Span::new(*file, range),
                    message: format!(
                        "template error: unknown {what} `{name}`{}",
                        unknown_name_hint(name, known)
                    ),
                });
            }
        }
    }
    errors
}

/// What a template written for Zola's or Hugo's engine, or with a slip in a tag, is told beside
/// minijinja's words: Hugo's `{{ .Title }}` is not this engine's, Tera's `for k, v in map` takes
/// the map's `|items` here, and a misspelt statement (`endblok`) is offered the one it is near.
fn syntax_hint(error: &minijinja::Error, text: &str) -> String {
    let detail = error.detail().unwrap_or_default();
    let written = error.range().and_then(|range| text.get(range)).unwrap_or_default();
    let before = error.range().and_then(|range| text.get(..range.start)).unwrap_or_default().trim_end();
    if error.kind() == minijinja::ErrorKind::SyntaxError
        && written.starts_with('.')
        && (before.ends_with("{{") || before.ends_with("{{-"))
    {
        return "; templates are Jinja's here (minijinja), not Go's: Hugo's `{{ .Title }}` is \
                `{{ record.title }}` on a record's page, `{{ page.title }}` on a page's"
            .to_string();
    }
    if error.kind() == minijinja::ErrorKind::CannotUnpack {
        return "; a map's keys and values are `{% for key, value in map|items %}` here".to_string();
    }
    // (minijinja says a statement where it cannot stand, a stray `endif`, is unknown too.)
    if let Some(statement) = detail.strip_prefix("unknown statement ").map(str::trim)
        && !STATEMENT_NAMES.contains(&statement)
    {
        let near = content::front_matter::nearest_name(statement, STATEMENT_NAMES);
        return near.map(|near| format!("; did you mean `{near}`?")).unwrap_or_default();
    }
    // `{% else if x %}` (Hugo's `else if`, Tera's `elif` spelt out): `elif` here.
    if error.kind() == minijinja::ErrorKind::SyntaxError
        && written.trim() == "if"
        && (before.ends_with("else") && before.trim_end_matches("else").trim_end().ends_with(['%', '-']))
    {
        return "; `else if` is written `elif` here: `{% elif x %}`".to_string();
    }
    // `{{ record.title </h1>`: the expression's end was not found where the markup starts.
    if error.kind() == minijinja::ErrorKind::SyntaxError
        && detail.starts_with("unexpected")
        && (written.starts_with('<') || written.starts_with('/') && before.ends_with('<'))
    {
        return "; expected `}}` or `%}` to end the tag first".to_string();
    }
    String::new()
}

/// minijinja's statements, for the nearest to a misspelt one.
const STATEMENT_NAMES: &[&str] = &[
    "for",
    "endfor",
    "if",
    "elif",
    "else",
    "endif",
    "block",
    "endblock",
    "extends",
    "include",
    "import",
    "from",
    "macro",
    "endmacro",
    "call",
    "endcall",
    "set",
    "endset",
    "with",
    "endwith",
    "filter",
    "endfilter",
    "autoescape",
    "endautoescape",
    "raw",
    "endraw",
    "do",
    "continue",
    "break",
];

/// The filters a template has (minijinja's that docs/themes.md lists, and leverage's), for the
/// nearest name to one that is not there.
const FILTER_NAMES: &[&str] = &[
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "replace",
    "split",
    "join",
    "length",
    "first",
    "last",
    "reverse",
    "sort",
    "unique",
    "map",
    "select",
    "reject",
    "selectattr",
    "rejectattr",
    "groupby",
    "batch",
    "slice",
    "default",
    "round",
    "int",
    "float",
    "abs",
    "list",
    "items",
    "dictsort",
    "indent",
    "tojson",
    "urlencode",
    "escape",
    "safe",
    "pprint",
    "format",
    "min",
    "max",
    "sum",
    "attr",
    "date",
    "shorten",
    "truncate",
    "striptags",
    "wordcount",
    "pluralize",
    "markdown",
];

/// The functions a template has (minijinja's that docs/themes.md lists).
const FUNCTION_NAMES: &[&str] = &["range", "dict", "namespace"];

/// The tests a template has: minijinja's (`is defined`, `is starting_with("x")`).
const TEST_NAMES: &[&str] = &[
    "defined",
    "undefined",
    "none",
    "safe",
    "escaped",
    "odd",
    "even",
    "divisibleby",
    "number",
    "integer",
    "int",
    "float",
    "string",
    "sequence",
    "iterable",
    "mapping",
    "startingwith",
    "endingwith",
    "boolean",
    "true",
    "false",
    "filter",
    "test",
    "lower",
    "upper",
    "sameas",
    "in",
    "eq",
    "equalto",
    "ne",
    "lt",
    "lessthan",
    "le",
    "gt",
    "greaterthan",
    "ge",
];

/// What leverage has in place of a function (or filter) of Zola's or Hugo's templates.
fn other_generators_function(name: &str) -> Option<&'static str> {
    Some(match name {
        "now" | "random" | "shuffle" => {
            "leverage has no `now` and no `random`: a build writes the same bytes whatever the day \
             (docs/themes.md, *Determinism*), and dates come from the records"
        }
        "get_url" | "absURL" | "relURL" | "absurl" | "relurl" | "url_for" => {
            "leverage gives every address (`site.home_url`, `record.url`, ...): a theme's own file is at \
             `site.home_url ~ \"img/logo.png\"`"
        }
        "trans" | "i18n" | "T" => "leverage has no translations: write the words in the template",
        "get_page" | "get_section" | "get_taxonomy" | "get_taxonomy_url" | "get_taxonomy_term"
        | "load_data" | "getJSON" | "getCSV" | "site.GetPage" => {
            "leverage looks nothing up: each page's values are in its context (`site.pages` the standalone \
             pages, `tags` on tags.html, `tag` and `page_records` on a tag's page; docs/themes.md lists them)"
        }
        "markdownify" | "RenderString" => "Hugo's `markdownify` is the filter `markdown` here",
        "json_encode" | "jsonify" | "tojson_pretty" => {
            "Zola's `json_encode` and Hugo's `jsonify` are `tojson` here"
        }
        "slugify" | "urlize" | "anchorize" => {
            "leverage has no `slugify`: tags and workstreams have their `slug` and `url`, headings their \
             `id` (`record.toc`)"
        }
        // Zola's test: `x is containing("a")`.
        "containing" => "Zola's `is containing(\"a\")` is written `\"a\" in x` here",
        _ => return None,
    })
}

/// What a call of a macro that is not there (`m.row()` of `{% import "x.html" as m %}`, or
/// `row()` of `{% from "x.html" import row %}`, where x.html has no `row`) adds to minijinja's
/// "map has no method" or "undefined is not callable": the imported template, and its macro of
/// the nearest name or its macros. Empty for any other error.
fn missing_macro(
    model: &Model,
    templates: &BTreeMap<String, FileId>,
    error: &minijinja::Error,
    file: FileId,
) -> String {
    let text = &model.sources.get(file).text;
    let written = error.range().and_then(|range| text.get(range)).map(str::trim).unwrap_or_default();
    let callee = written.split('(').next().unwrap_or_default().trim();
    let (bound, name) = match (error.kind(), error.detail()) {
        (minijinja::ErrorKind::UnknownMethod, Some(detail))
            if detail.starts_with("map has no method named") =>
        {
            // minijinja's range starts at the dot: the name before it is read from the text.
            let before = error.range().and_then(|range| text.get(..range.start)).unwrap_or_default();
            let alias_start = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_').len();
            match callee.rsplit_once('.') {
                Some(("", name)) => (&before[alias_start..], name),
                Some((alias, name)) => (alias, name),
                None => return String::new(),
            }
        }
        (minijinja::ErrorKind::InvalidOperation, Some("value of type undefined is not callable"))
            if !callee.is_empty() && !callee.contains(['.', '[', '|', ' ']) =>
        {
            (callee, callee)
        }
        _ => return String::new(),
    };
    let Some(imported) = blocks::imported_from(text, bound) else {
        return if bound == name { format!(": `{name}` is not defined") } else { String::new() };
    };
    let Some(defined) = templates.get(imported).map(|file| blocks::macros(&model.sources.get(*file).text))
    else {
        return String::new();
    };
    let mut said = format!(": `{imported}` has no macro `{name}`");
    if let Some(near) = content::front_matter::nearest_name(name, &defined) {
        said.push_str(&format!("; did you mean `{near}`?"));
    } else if defined.is_empty() {
        said.push_str(" (it defines none)");
    } else {
        let listed: Vec<String> = defined.iter().map(|name| format!("`{name}`")).collect();
        said.push_str(&format!(" (it defines {})", listed.join(", ")));
    }
    said
}

/// The byte range of line `line` (from 1) of `text`, without its line break.
fn line_range(text: &str, line: usize) -> std::ops::Range<usize> {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    start..start + text[start..].find('\n').unwrap_or(text.len() - start)
}

/// Templates that include each other in a loop: minijinja stops at its recursion limit, and its
/// error goes through some fifty includes. Said once, at the first include of the loop, as the
/// loop (`partials/a.html` -> `partials/b.html` -> `partials/a.html`) and what included it.
/// `None` unless the chain, outermost first, comes back to a template from an include line.
fn include_cycle(model: &Model, frames: &[(&minijinja::Error, FileId)]) -> Option<Diagnostic> {
    let (innermost, _) = frames.last()?;
    if innermost.kind() != minijinja::ErrorKind::InvalidOperation
        || !innermost.detail().is_some_and(|d| d.contains("recursion limit"))
    {
        return None;
    }
    let include_line = |(error, file): &(&minijinja::Error, FileId)| {
        let text = &model.sources.get(*file).text;
        let line = line_range(text, error.line()?);
        text[line.clone()].contains("include").then_some(line)
    };
    // The first template met again, and where it was met first.
    let (first, again) = frames.iter().enumerate().find_map(|(i, (error, _))| {
        let again = frames[i + 1..].iter().position(|(other, _)| other.name() == error.name())? + i + 1;
        Some((i, again))
    })?;
    let line = include_line(&frames[first])?;
    let path = |(_, file): &(&minijinja::Error, FileId)| theme::slashed(&model.sources.get(*file).path);
    let shown: Vec<String> = frames[first..=again].iter().map(|f| format!("`{}`", path(f))).collect();
    let mut message = format!(
        "template error: templates include each other in a loop, {}; expected includes that end",
        shown.join(" includes ")
    );
    let outer: Vec<String> = frames[..first]
        .iter()
        .rev()
        .map(|f| format!("{}{}", path(f), f.0.line().map_or(String::new(), |l| format!(":{l}"))))
        .collect();
    if !outer.is_empty() {
        message.push_str(&format!(" (included from {})", outer.join(", from ")));
    }
    Some(Diagnostic { severity: Severity::Error, span: Span::new(frames[first].1, line), message })
}

/// What leverage calls a value that Zola's or Hugo's templates name otherwise, as a hint.
/// The value a filter written at byte `at` of a template is given: the path before its `|`
/// (`record.body` in `{{ record.body | safe }}`), or `None` when no `|` is before it or no plain
/// path (names, dots, indexes) before that.
fn piped_into(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?.trim_end().strip_suffix('|')?.trim_end();
    let value = path_before(before, before.len())?;
    // A value that is itself a filter's output (`a | upper | safe`) is not what is undefined.
    let piped_again = before[..before.len() - value.len()].trim_end().ends_with('|');
    Some(value).filter(|_| !piped_again)
}

/// The value's path written right before `at` (`page.extra`, `record.tags[0]`), when there is
/// one: names, dots and indexes, beginning with a name.
fn path_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '"' | '\''))
        .last()
        .map(|(i, _)| i)?;
    Some(&before[start..]).filter(|path| path.starts_with(|c: char| c.is_alphabetic() || c == '_'))
}

/// What a filter's error means when its call is at the error's range: an argument given by a
/// name the filter does not take, as Zola's filters take theirs (`split(pat=" ")`, which
/// minijinja's `split` reads as a map given first: "value is not a string"), or a negative
/// length.
fn argument_hint(model: &Model, error: &minijinja::Error, file: FileId) -> String {
    use minijinja::ErrorKind::{InvalidOperation, MissingArgument, TooManyArguments};
    let text = &model.sources.get(file).text;
    let Some(range) = error.range() else { return String::new() };
    let Some(call) = text.get(range.clone()) else { return String::new() };
    let Some((name, args)) = call.split_once('(') else { return String::new() };
    let name = name.trim();
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') || name.is_empty() {
        return String::new();
    }
    // A filter's call (`x | split(...)`), not a macro's or a function's, whose arguments are
    // their writer's.
    if !text.get(..range.start).is_some_and(|before| before.trim_end().ends_with('|')) {
        return String::new();
    }
    let detail = error.detail().unwrap_or_default();
    if detail.contains("cannot convert number to usize") {
        return format!(": `{name}` expects a whole number of 0 or more");
    }
    // minijinja names the keyword a filter does not take; a filter that takes none reads a
    // keyword as a map given first ("value is not a string").
    let named = detail.strip_prefix("unknown keyword argument '").and_then(|rest| rest.split('\'').next());
    let takes_keywords = KEYWORD_FILTERS.contains(&name);
    let misread = !takes_keywords
        && matches!(error.kind(), InvalidOperation | MissingArgument | TooManyArguments)
        && (error.kind() != InvalidOperation || detail.contains("is not a string"));
    // A filter that takes keywords is told by minijinja which one it does not take.
    match named.or_else(|| keyword_argument(args).filter(|_| misread)) {
        Some(_) if takes_keywords => String::new(),
        Some(key) => {
            // The call as written, and with its argument by position (`default(value="a")` is
            // `default("a")`).
            let given = args.trim_end();
            let given = given.strip_suffix(')').unwrap_or(given).trim();
            let by_position =
                given.strip_prefix(key).map(|rest| rest.trim_start().trim_start_matches('=').trim_start());
            let example = match by_position {
                Some(value) if !value.is_empty() && !value.contains('=') => {
                    format!("`{name}({given})` is `{name}({value})` here")
                }
                _ => "Zola's `split(pat=\" \")` is `split(\" \")` here".to_string(),
            };
            format!(
                ": `{name}` takes no argument named `{key}`: it takes its arguments by position ({example}; \
                 docs/themes.md lists the filters)"
            )
        }
        None => String::new(),
    }
}

/// The filters that take arguments by name: leverage's (`date(format=...)`, `shorten(length=...)`,
/// `truncate(length=...)`, `markdown(inline=...)`) and those of minijinja's that do.
const KEYWORD_FILTERS: &[&str] = &[
    "date",
    "shorten",
    "truncate",
    "markdown",
    "pluralize",
    "sort",
    "dictsort",
    "groupby",
    "unique",
    "map",
    "tojson",
    "indent",
    "round",
    "selectattr",
    "rejectattr",
    "select",
    "reject",
];

/// The first argument given by name in a call's argument text (`pat` of `pat=" ")`), outside
/// strings and brackets.
fn keyword_argument(args: &str) -> Option<&str> {
    let bytes = args.as_bytes();
    let (mut depth, mut quote, mut start) = (0usize, None, None);
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'(' | b'[' | b'{') => depth += 1,
            (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'=')
                if depth == 0
                    && bytes.get(i + 1) != Some(&b'=')
                    && i > 0
                    && !b"!<>=".contains(&bytes[i - 1]) =>
            {
                return start.map(|s| args[s..i].trim()).filter(|key: &&str| !key.is_empty());
            }
            (None, b) if b.is_ascii_alphanumeric() || b == b'_' => {
                start = start.or(Some(i));
                continue;
            }
            (None, b' ') => continue,
            _ => {}
        }
        start = None;
    }
    None
}

/// What Zola's and Hugo's templates call a value leverage names otherwise, said for the page
/// whose context is `ctx` (when known): `page` on a record's page is `record`, a section's or a
/// paginator's pages are `records` on a home page, `page_records` on a tag's and `tasks` on a
/// workstream's.
fn other_generators_name(expression: &str, ctx: Option<&Value>) -> String {
    // The value's path, without filters or indexes after it.
    let path = expression.split(['|', ' ', '[']).next().unwrap_or_default();
    let root = path.split('.').next().unwrap_or_default();
    let last = path.rsplit('.').next().unwrap_or_default();
    // A bare name of one of their functions (`random`), or `now` with a field (`now.year`).
    if (root == path || root == "now")
        && let Some(instead) = other_generators_function(root)
    {
        return format!(": {instead}");
    }
    let has = |name: &str| ctx.and_then(|ctx| ctx.get_attr(name).ok()).filter(|v| !v.is_undefined());
    // What this page is about, and what it lists (a workstream's page lists its tasks; the list
    // of workstreams has their count under the same name).
    let subject = ["record", "tag", "workstream"].into_iter().find(|name| has(name).is_some());
    let items = ["page_records", "records", "tasks", "tags", "workstreams"]
        .into_iter()
        .find(|name| has(name).is_some_and(|v| v.kind() == minijinja::value::ValueKind::Seq));
    let listed = || match items {
        Some(items) => {
            let what = if items.ends_with("records") { "records" } else { items };
            format!("this page's {what} are `{items}` here")
        }
        None => "this page lists nothing; a home page's records are `records`, a tag's page's `page_records`"
            .to_string(),
    };
    let hint = match (root, last) {
        ("config", _) => "site settings are `site` here, as in `site.title` and `site.base_url`".to_string(),
        ("current_url", _) => "a page's address is `page_url` here".to_string(),
        ("lang", _) => "the site's language is `site.language` here".to_string(),
        _ if path.split('.').skip(1).any(|name| name == "Params") => {
            "front matter's own values are `extra` here: `site.extra`, `record.extra`, `page.extra`"
                .to_string()
        }
        // Zola's `page` on a record's, a tag's or a workstream's page.
        ("page", _) if has("page").is_none() => match subject {
            Some("record") => {
                let field = match last {
                    "permalink" => "url",
                    "description" => "summary",
                    "page" => "",
                    field => field,
                };
                // The record's field of that name, when it has one.
                let record_has = |field: &str| {
                    has("record").is_some_and(|r| r.get_attr(field).is_ok_and(|v| !v.is_undefined()))
                };
                match field {
                    field if !field.is_empty() && record_has(field) => {
                        format!("on a record's page the record is `record`, as in `record.{field}`")
                    }
                    _ => "on a record's page the record is `record`".to_string(),
                }
            }
            Some(subject) => format!("this page is about `{subject}`, as in `{subject}.name`"),
            None => format!("this page has no `page`; {}", listed()),
        },
        (_, "permalink") => "a page's address is `url` here".to_string(),
        ("page", "description") => "a page's description is `page.summary` here".to_string(),
        ("paginator" | "section" | "term", "pages") => listed(),
        ("paginator", "next" | "previous" | "first" | "last") => {
            format!("the pages' addresses are `paginator.{last}_url` here")
        }
        ("section", _) => format!("leverage has no sections; {}", listed()),
        ("terms" | "taxonomy", _) => {
            "the one taxonomy is tags: `tags` on tags.html, `tag` and `page_records` on tag.html".to_string()
        }
        ("term", _) => "a tag's page has its tag as `tag` here, as in `tag.name`".to_string(),
        _ => return String::new(),
    };
    format!(": {hint} (docs/themes.md lists every value)")
}

/// A did-you-mean for an undefined path (`site.titel`, `page.extra.heor.image`, `record.titel` in
/// a `for` over `records`): the value looked up in, found in the page's context, is asked its
/// keys, and the one the missing name is a slip away from is offered. Empty where the path is
/// no plain dotted name, or nothing is near.
fn nearest_attribute(ctx: &Value, path: &str, text: &str, at: usize) -> String {
    let path = path.split(['|', ' ']).next().unwrap_or_default();
    let names: Vec<&str> = path.split('.').collect();
    if names.iter().any(|name| name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_')) {
        return String::new();
    }
    // Inside a macro its parameters are names the page's context does not have, or has for
    // another value: nothing there is asked.
    if in_macro(text, at) {
        return String::new();
    }
    // The first name: the context's, else a loop's variable (the first item it goes over).
    let mut value = match attribute(ctx, names[0]).or_else(|| loop_item(ctx, names[0], text, at)) {
        Some(value) => value,
        // A bare name may be a slip of one the page has (`sitee`).
        None if names.len() == 1 => return offered(ctx, names[0], "").unwrap_or_default(),
        // So may the first of a path (`sitee.title`), unless the template writes that name
        // elsewhere (a `set`'s, a loop's, an import's, which the page's context does not have).
        None if written_elsewhere(text, names[0]) => return String::new(),
        // It is offered where the rest of the path is there in it.
        None => {
            let near = nearest_key(ctx, names[0]);
            let found = near
                .as_deref()
                .and_then(|near| lookup(ctx, std::iter::once(near).chain(names[1..].iter().copied())));
            return match (near, found) {
                (Some(near), Some(_)) => format!("; did you mean `{near}.{}`?", names[1..].join(".")),
                _ => String::new(),
            };
        }
    };
    for (depth, name) in names.iter().enumerate().skip(1) {
        match attribute(&value, name) {
            Some(inner) => value = inner,
            None => return offered(&value, name, &names[..depth].join(".")).unwrap_or_default(),
        }
    }
    String::new()
}

/// The first dotted path of `expression` (`if page.extra.layout == "wide"`, `= site.titel > 3`)
/// that the page's context `ctx` has the start of but not the rest: the value an operation met
/// undefined. Names the context lacks (a loop's, a `set`'s) are not asked; `None` when none is
/// found so.
fn undefined_operand(ctx: &Value, expression: &str) -> Option<String> {
    const WORDS: [&str; 16] = [
        "if",
        "elif",
        "set",
        "and",
        "or",
        "not",
        "in",
        "is",
        "true",
        "false",
        "none",
        "True",
        "False",
        "None",
        "defined",
        "undefined",
    ];
    // String literals are no paths.
    let mut plain = String::with_capacity(expression.len());
    let mut quote: Option<char> = None;
    for c in expression.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => plain.push(c),
        }
    }
    plain
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .filter(|token| token.starts_with(|c: char| c.is_alphabetic() || c == '_') && !WORDS.contains(token))
        .find(|token| {
            let mut names = token.split('.');
            let Some(first) = names.next().and_then(|first| attribute(ctx, first)) else { return false };
            lookup(&first, names).is_none()
        })
        .map(str::to_string)
}

/// The value `name` names in `value`, when it is defined.
fn attribute(value: &Value, name: &str) -> Option<Value> {
    value.get_attr(name).ok().filter(|v| !v.is_undefined())
}

/// The value of the dotted path `names` below `value` (`site`, `extra`, `x`), when every step of
/// it is defined.
fn lookup<'n>(value: &Value, names: impl IntoIterator<Item = &'n str>) -> Option<Value> {
    names.into_iter().try_fold(value.clone(), |value, name| attribute(&value, name))
}

/// Whether byte `at` of a template is inside a `{% macro %}`: the last `macro` tag before it is
/// not an `endmacro`.
fn in_macro(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else { return false };
    before
        .rmatch_indices("macro")
        .find(|(i, _)| {
            let tag = before[..*i].trim_end_matches(|c: char| c == '-' || c.is_whitespace());
            tag.ends_with("{%") || before[..*i].ends_with("end")
        })
        .is_some_and(|(i, _)| !before[..i].ends_with("end"))
}

/// "; did you mean `site.title`?" when `value` is a map with a key `name` is a slip away from.
fn offered(value: &Value, name: &str, owner: &str) -> Option<String> {
    let near = nearest_key(value, name)?;
    let dot = if owner.is_empty() { "" } else { "." };
    Some(format!("; did you mean `{owner}{dot}{near}`?"))
}

/// The key of `value` (a map) that `name` is a slip away from.
fn nearest_key(value: &Value, name: &str) -> Option<String> {
    if value.kind() != minijinja::value::ValueKind::Map {
        return None;
    }
    let keys: Vec<String> =
        value.try_iter().ok()?.filter_map(|key| key.as_str().map(str::to_string)).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    content::front_matter::nearest_name(name, &keys).map(str::to_string)
}

/// Whether `name` is written more than once in a template's text, as a whole word: a name the
/// template gives a value itself, or uses again.
fn written_elsewhere(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name)
        .filter(|(i, _)| !text[..*i].ends_with(word) && !text[i + name.len()..].starts_with(word))
        .nth(1)
        .is_some()
}

/// The first item of the `for` loop before `at` that names `variable` (`{% for record in
/// records %}`), where it goes over a plain path of the context.
fn loop_item(ctx: &Value, variable: &str, text: &str, at: usize) -> Option<Value> {
    let before = text.get(..at)?;
    before.rmatch_indices("for ").find_map(|(start, _)| {
        let rest = before[start + 4..].trim_start();
        let rest = rest.strip_prefix(variable)?;
        let over = rest.trim_start().strip_prefix("in ")?.trim_start();
        let end = over.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(over.len());
        lookup(ctx, over[..end].split('.'))?.try_iter().ok()?.next()
    })
}

/// The number of weeks of daily bars on the home page.
const HOURS_BY_DAY_WEEKS: u32 = 8;

/// A record as one day of the charts.
fn day(model: &Model, entry: &RecordEntry) -> Day {
    Day { date: model.date(entry), human: entry.totals.human, ai: entry.totals.ai }
}

/// The home page's charts: cumulative hours, daily leverage with its rolling average, the
/// distribution of task leverage, and hours by day over the latest weeks.
fn home_charts(model: &Model) -> Vec<charts::Chart> {
    let days: Vec<Day> = model.records.iter().map(|e| day(model, e)).collect();
    let leverages: Vec<math::Leverage> =
        model.records.iter().flat_map(|e| model.leverages(e).iter().copied()).collect();
    [
        charts::cumulative(&days, &model.ai_label),
        charts::daily_leverage(&days, model.config.rolling_window, &model.ai_label),
        charts::distribution(&leverages),
        charts::hours_by_day(&days, HOURS_BY_DAY_WEEKS),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A record's summary as a template value: the summary's map, and the record card the default
/// macros write for it, kept once written. A record's card is on its home page and on each of its
/// tags' pages, the same bytes each time.
#[derive(Debug)]
pub(crate) struct SummaryObject {
    fields: Value,
    card: std::sync::OnceLock<Value>,
}

impl SummaryObject {
    pub(crate) fn new(fields: Value) -> SummaryObject {
        SummaryObject { fields, card: std::sync::OnceLock::new() }
    }

    /// The typed summary behind the fields, when leverage made them (`view::SummaryFields`).
    pub(crate) fn typed(&self) -> Option<&view::RecordSummary> {
        self.fields.downcast_object_ref::<view::SummaryFields>().map(view::SummaryFields::summary)
    }

    /// Whether the card has been written.
    #[cfg(test)]
    pub(crate) fn has_card(&self) -> bool {
        self.card.get().is_some()
    }

    /// The card `write` writes for this record, written on first use; an error is not kept.
    pub(crate) fn card(&self, write: impl FnOnce() -> Result<Value, Error>) -> Result<Value, Error> {
        if let Some(card) = self.card.get() {
            return Ok(card.clone());
        }
        let card = write()?;
        Ok(self.card.get_or_init(|| card).clone())
    }
}

impl minijinja::value::Object for SummaryObject {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Map
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        self.fields.get_item(key).ok().filter(|value| !value.is_undefined())
    }

    /// `record.title` and the like, the way the built-in writers read every field: looked up by
    /// the name itself, without the key value `get_value` would be called with.
    fn get_value_by_str(self: &std::sync::Arc<Self>, key: &str) -> Option<Value> {
        self.fields.get_attr(key).ok().filter(|value| !value.is_undefined())
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        match self.fields.try_iter() {
            Ok(keys) => minijinja::value::Enumerator::Values(keys.collect()),
            Err(_) => minijinja::value::Enumerator::Empty,
        }
    }
}

/// A record's task tables as templates receive them: a list whose tables are converted to
/// template values on first use. The default theme never reads `record.tables`; converting every
/// table of every record up front cost about 6% of a build.
#[derive(Debug)]
struct LazyTables {
    views: Vec<view::TableView>,
    values: Vec<std::sync::OnceLock<Value>>,
}

impl LazyTables {
    fn new(views: Vec<view::TableView>) -> LazyTables {
        let values = views.iter().map(|_| std::sync::OnceLock::new()).collect();
        LazyTables { views, values }
    }
}

impl minijinja::value::Object for LazyTables {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize()?;
        let view = self.views.get(index)?;
        Some(self.values[index].get_or_init(|| Value::from(Serde(view))).clone())
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.views.len())
    }
}

// Counts, in tests, the pages a `builtin` writer left to the templates.
#[cfg(test)]
thread_local! {
    pub(crate) static FALLBACKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn fallen_back() {
    FALLBACKS.with(|count| count.set(count.get() + 1));
}

#[cfg(not(test))]
fn fallen_back() {}

/// What `index.html` receives: the site, the page's URL, the paginator, the page's records and
/// the charts (on the first page only).
pub(crate) fn home_context(site: &Value, page: builtin::HomePage<'_>) -> Value {
    let paginator = page.pages.paginator();
    context! { site => site, page_url => page.page_url, paginator, records => page.records, charts => chart_objects(page.charts.to_vec()) }
}

/// What `archive.html` receives: the site, the page's URL and the years, newest first, each with
/// its months and their records.
pub(crate) fn archive_context(site: &Value, page: builtin::ArchivePage<'_>) -> Value {
    let years: Vec<Value> = page
        .years
        .into_iter()
        .map(|year| {
            let months: Vec<Value> = year
                .months
                .into_iter()
                .map(|m| context! { name => m.name, month => m.month, totals => Serde(m.totals), ai_label => m.ai_label, records => m.records })
                .collect();
            context! { year => year.year, totals => Serde(year.totals), ai_label => year.ai_label, months }
        })
        .collect();
    context! { site => site, page_url => page.page_url, years }
}

/// What `tag.html` receives: the site, the page's URL, the tag, its records (newest first), the
/// latest of them to show as cards, and its charts.
pub(crate) fn tag_context(site: &Value, page: builtin::TagPage<'_>) -> Value {
    let latest = page.latest().to_vec();
    let page_records = page.page_records().to_vec();
    let paginator = page.pages.paginator();
    let charts = chart_objects(page.charts);
    let tag = context! {
        name => page.name,
        slug => page.slug,
        url => &page.pages.first_url,
        feed_url => page.feed_url,
        count => page.records.len(),
        totals => Serde(page.totals),
        ai_label => page.ai_label,
    };
    context! { site => site, page_url => page.page_url, tag, records => page.records, latest, page_records, paginator, charts }
}

/// A workstream's tasks as its pages show them (`Renderer::stream_walks`).
#[derive(Debug)]
struct StreamWalk<'m> {
    /// Newest record first, each record's tasks in its table's order, each with its number in
    /// date order (the curve's x) and its record's index.
    order: Vec<(usize, usize, &'m content::Task)>,
    /// Task by task in date order: the leverage curve.
    curve: Vec<(chrono::NaiveDate, math::Leverage)>,
    totals: TotalsView,
}

impl<'m> StreamWalk<'m> {
    fn of(model: &'m Model, stream: &'m crate::model::WorkstreamEntry) -> StreamWalk<'m> {
        // Each record's tasks walked once (`nth` for each task walked a record of thousands of
        // tables thousands of times), in date order.
        let mut in_order: Vec<(usize, &content::Task)> = Vec::with_capacity(stream.tasks.len());
        for run in stream.tasks.chunk_by(|a, b| a.0 == b.0) {
            let mut wanted = run.iter().map(|&(_, t)| t).peekable();
            for (t, task) in model.record(&model.records[run[0].0]).tasks().enumerate() {
                if wanted.next_if_eq(&t).is_some() {
                    in_order.push((run[0].0, task));
                }
            }
        }
        let curve: Vec<(chrono::NaiveDate, math::Leverage)> = in_order
            .iter()
            .map(|&(r, task)| (model.date(&model.records[r]), task.figures.leverage()))
            .collect();
        // Newest record first, as every list of the site (years of a stream put this week's
        // work at the top), and each record's tasks in its table's order. Each task keeps its
        // number in date order: the curve's x, which the table names.
        let numbered: Vec<(usize, usize, &content::Task)> =
            in_order.iter().enumerate().map(|(i, &(r, task))| (i + 1, r, task)).collect();
        let mut order = Vec::with_capacity(numbered.len());
        for run in numbered.chunk_by(|a, b| a.1 == b.1).rev() {
            order.extend_from_slice(run);
        }
        let spread = math::Spread::of(curve.iter().map(|(_, l)| *l));
        let totals = TotalsView::new(&stream.totals, spread.as_ref(), &model.config.work_week());
        StreamWalk { order, curve, totals }
    }
}

/// What `workstream.html` receives: the site, the page's URL, the workstream, its tasks and its
/// charts.
pub(crate) fn workstream_context(site: &Value, page: builtin::WorkstreamPage<'_>) -> Value {
    let tasks: Vec<Value> = page
        .tasks
        .into_iter()
        .map(|task| {
            context! {
                number => task.number,
                record => task.record,
                task => task.task,
                human => task.human,
                ai => task.ai,
                leverage => task.leverage,
            }
        })
        .collect();
    let charts = chart_objects(page.charts);
    let paginator = page.pages.paginator();
    let workstream = context! {
        name => page.name,
        slug => page.slug,
        url => &page.pages.first_url,
        totals => Serde(page.totals),
        ai_label => page.ai_label,
    };
    context! { site => site, page_url => page.page_url, workstream, tasks, paginator, charts }
}

/// What `record.html` receives: the site, the page's URL and the record (its summary and what
/// only its page shows).
pub(crate) fn record_context(
    site: &Value,
    page: builtin::RecordPage<'_>,
    tables: Vec<view::TableView>,
) -> Value {
    let charts = chart_objects(page.charts);
    let toc = Serde(view::toc(&page.headings, page.page_url));
    let record = context! {
        ..page.record.clone(),
        ..context! {
            content => page.content.into_string(),
            aggregates_inline => page.aggregates_inline,
            aggregates => Serde(&page.metrics),
            tables => Value::from_object(LazyTables::new(tables)),
            reading_time => page.reading_time,
            charts,
            previous => page.previous.map(Serde),
            next => page.next.map(Serde),
            toc,
            extra => Serde(page.extra),
            image => page.image,
        }
    };
    context! { site => site, page_url => page.page_url, record }
}

/// The address of a page's picture (front matter `image`), read as a browser reads an image's
/// source on the page: a URL as it is, a path from the site's host or from the page's folder
/// made whole, so that link previews, which are read off the site, find it.
pub(crate) fn image_url(page_url: &str, dest: &str) -> String {
    match url::Url::parse(page_url).and_then(|page| page.join(dest)) {
        Ok(url) => url.to_string(),
        // A base_url that is a path: the best a page can say.
        Err(_) if dest.starts_with('/') || content::load::url_scheme(dest).is_some() => dest.to_string(),
        Err(_) => format!("{page_url}{dest}"),
    }
}

/// Charts as their views, for the pages `builtin` writes.
fn chart_views(charts: impl IntoIterator<Item = charts::Chart>) -> Vec<view::ChartView> {
    charts.into_iter().map(view::ChartView::from).collect()
}

/// Charts as a template value: a list of `ChartObject`s, which templates read as `ChartView` maps.
fn chart_objects(charts: Vec<view::ChartView>) -> Value {
    Value::from(
        charts.into_iter().map(|chart| Value::from_object(view::ChartObject::new(chart))).collect::<Vec<_>>(),
    )
}

/// Prints values like minijinja's default formatter, except that HTML escaping leaves `/` alone
/// (`&`, `<`, `>`, `"` and `'` are all that HTML and XML need, and URLs stay readable), and that
/// JSON (templates ending `.json`, `.json5`, `.js`, `.yaml` or `.yml`) is written as `tojson`
/// writes it, with `<`, `>`, `&` and `'` as `\u` escapes: a value printed into JSON-LD inside a
/// `<script>` cannot end it.
fn escape_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    // A value that is not there prints nothing, as in Hugo, rather than `none` in the page
    // (an absent `record.updated`); JSON still writes `null`.
    if value.is_none() && *state.auto_escape() != AutoEscape::Json {
        return Ok(());
    }
    match write_escaped_as(out, state.auto_escape(), value) {
        Some(written) => written,
        None => minijinja::escape_formatter(out, state, value),
    }
}

/// Writes `value` escaped for `mode` as leverage escapes it (`escape_formatter`); `None` for a
/// mode left to minijinja.
fn write_escaped_as(
    out: &mut impl std::fmt::Write,
    mode: &AutoEscape,
    value: &Value,
) -> Option<Result<(), Error>> {
    Some(match mode {
        AutoEscape::Html => write_escaped_value(out, value).map_err(Error::from),
        AutoEscape::Json => {
            minijinja::filters::tojson(value, None, std::iter::empty::<(&str, Value)>().collect())
                .and_then(|json| out.write_str(json.as_str().unwrap_or_default()).map_err(Error::from))
        }
        _ => return None,
    })
}

/// Writes a value's text with the five special characters escaped; `none` writes nothing.
pub(crate) fn write_escaped_value(out: &mut impl std::fmt::Write, value: &Value) -> std::fmt::Result {
    if value.is_none() {
        return Ok(());
    }
    match value.as_str() {
        Some(text) => write_escaped(out, text),
        None => write_escaped(out, &value.to_string()),
    }
}

/// Writes `text` with the five special characters escaped (`&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&#39;`), copying the runs between them whole. pulldown-cmark's escaper writes exactly these
/// entities and finds the special bytes sixteen at a time; every figure, label and front matter
/// value of every page passes through here.
pub(crate) fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::FmtWriter(out), text)
}

/// The page an alias writes: it sends browsers (at once, by `<meta http-equiv="refresh">`) and
/// search engines (by its canonical link, and kept out of their index) to `url`, as Zola's and
/// Hugo's alias pages do. Written here rather than by a template, so every theme has it.
fn redirect(url: &str, title: &str, language: &str) -> Vec<u8> {
    let dir = if crate::config::direction(language) == "rtl" { " dir=\"rtl\"" } else { "" };
    let (url, title, language) = (escape_html(url), escape_html(title), escape_html(language));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{url}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
    .into_bytes()
}

/// Escapes the five characters that are special in HTML and XML text and attributes.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    write_escaped(&mut escaped, text).expect("writing to a String cannot fail");
    escaped
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_outputs_lose_the_characters_xml_forbids() {
        let xml = "<t>a\u{1}b\u{8}\tc\u{1b}\u{fffe}d\u{ffff}\r\n</t>é".as_bytes().to_vec();
        assert_eq!(String::from_utf8(without_non_xml_chars(xml)).expect("UTF-8"), "<t>ab\tcd\r\n</t>é");
        let clean = "<t>tab\tand é \u{fffd}</t>".as_bytes().to_vec();
        assert_eq!(without_non_xml_chars(clean.clone()), clean);
    }

    use super::*;

    #[test]
    fn a_keyword_argument_is_found_outside_strings_and_comparisons() {
        assert_eq!(keyword_argument("pat=\" \")"), Some("pat"));
        assert_eq!(keyword_argument("\"a\", to = \"b\")"), Some("to"));
        assert_eq!(keyword_argument("\"a=b\", x == 1, y != 2, z <= 3)"), None);
        assert_eq!(keyword_argument("f(a=1))"), None, "inside a call of its own");
        assert_eq!(keyword_argument("=1)"), None);
    }

    #[test]
    fn a_sitemap_past_the_limit_is_split_into_parts_that_an_index_lists() {
        assert_eq!(parts_of(SITEMAP_LIMIT, SITEMAP_LIMIT), 0, "one file holds the limit");
        assert_eq!(parts_of(SITEMAP_LIMIT + 1, SITEMAP_LIMIT), 2);
        assert_eq!(parts_of(2 * SITEMAP_LIMIT, SITEMAP_LIMIT), 2);
        assert_eq!(parts_of(2 * SITEMAP_LIMIT + 1, SITEMAP_LIMIT), 3);
        let index =
            String::from_utf8(sitemap_index(&Urls::new("https://example.org/blog/"), 2)).expect("UTF-8");
        assert_eq!(
            index,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  \
             <sitemap>\n    <loc>https://example.org/blog/sitemap-1.xml</loc>\n  </sitemap>\n  \
             <sitemap>\n    <loc>https://example.org/blog/sitemap-2.xml</loc>\n  </sitemap>\n</sitemapindex>\n"
        );
    }

    #[test]
    fn the_sitemap_lists_as_many_urls_as_it_is_counted_to() {
        let out = tempfile::tempdir().expect("a folder");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let options = crate::BuildOptions {
            root,
            output_dir: Some(out.path().join("public")),
            ..crate::BuildOptions::default()
        };
        let report = crate::build(&options);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let model = report.model.as_ref().expect("a model");
        let sitemap = std::fs::read_to_string(out.path().join("public/sitemap.xml")).expect("written");
        let lists = ListOutputs { feeds: true, pages: true, stream_pages: true };
        assert_eq!(sitemap.matches("<url>").count(), sitemap_urls(model, lists));
        assert!(sitemap_urls(model, lists) > model.records.len() + 5, "the count includes the other pages");
    }

    #[test]
    fn the_filters_tests_and_functions_the_theme_guide_names_exist() {
        let guide = include_str!("../../../docs/themes.md");
        let start = guide.find("**Filters, tests and functions**").expect("the paragraph");
        let paragraph = &guide[start..start + guide[start..].find("\n- **").expect("the next rule")];
        let (filters, rest) = paragraph.split_once("; the tests").expect("tests listed");
        let (tests, rest) = rest.split_once("; the functions").expect("functions listed");
        let (functions, rest) = rest.split_once("), and seven filters").expect("leverage's filters");
        let (ours, missing) = rest.split_once("There is no").expect("what is missing");
        let names = |text: &str| -> Vec<String> {
            text.split('`').skip(1).step_by(2).map(str::to_string).filter(|n| !n.contains(' ')).collect()
        };
        let env = environment();
        let kind = |source: String| env.render_str(&source, context! { x => "a" }).err().map(|e| e.kind());
        let (mut filters, tests, functions) = (names(filters), names(tests), names(functions));
        assert!(filters.len() > 30 && tests.len() > 8 && functions.len() == 3, "{filters:?} {tests:?}");
        // The seven are the code spans that are bare names (the rest are examples).
        let ours: Vec<String> =
            names(ours).into_iter().filter(|n| n.bytes().all(|b| b.is_ascii_lowercase())).collect();
        assert_eq!(ours, ["date", "shorten", "truncate", "striptags", "wordcount", "pluralize", "markdown"]);
        filters.extend(ours);
        // The names a misspelt one is matched against are the guide's, each a filter.
        let mut listed: Vec<&str> = filters
            .iter()
            .map(String::as_str)
            .filter(|n| *n != "e" && n.bytes().all(|b| b.is_ascii_lowercase()))
            .collect();
        listed.sort_unstable();
        listed.dedup();
        let mut known = FILTER_NAMES.to_vec();
        known.sort_unstable();
        assert_eq!(known, listed, "FILTER_NAMES against the guide's list");
        assert_eq!(FUNCTION_NAMES, functions.iter().map(String::as_str).collect::<Vec<_>>());
        // The filters said to take keywords are filters there are.
        for name in KEYWORD_FILTERS {
            assert!(FILTER_NAMES.contains(name), "{name}");
        }
        for name in &filters {
            assert_ne!(
                kind(format!("{{{{ x|{name} }}}}")),
                Some(minijinja::ErrorKind::UnknownFilter),
                "{name}"
            );
        }
        // The names a misspelt test is matched against: minijinja's, the guide's among them.
        for name in tests.iter().map(String::as_str).chain(TEST_NAMES.iter().copied()) {
            assert_ne!(
                kind(format!("{{{{ x is {name} }}}}")),
                Some(minijinja::ErrorKind::UnknownTest),
                "{name}"
            );
            assert!(TEST_NAMES.contains(&name), "{name}");
        }
        for name in &functions {
            assert_ne!(
                kind(format!("{{{{ {name}() }}}}")),
                Some(minijinja::ErrorKind::UnknownFunction),
                "{name}"
            );
        }
        for name in names(missing).iter().filter(|n| !n.contains('_')) {
            assert_eq!(
                kind(format!("{{{{ x|{name} }}}}")),
                Some(minijinja::ErrorKind::UnknownFilter),
                "{name}"
            );
        }
    }

    #[test]
    fn a_body_whose_text_was_let_go_is_an_error_not_a_panic() {
        let mut sources = content::Sources::new();
        let file = sources.add("content/about.md", "# About\n\nHello.\n".to_string());
        let parsed = content::parse_document(&sources, file, &content::Options::default());
        let document = parsed.document.expect("a document");
        let style = body::HeadingStyle::default();
        let (rendered, _) =
            render_text(&sources.get(file).text, &document, &[], true, style, None).expect("rendered");
        assert!(rendered.contains("<p>Hello.</p>"), "{rendered}");
        let error = render_text("", &document, &[], true, style, None).expect_err("no text to render");
        assert!(error.message.starts_with("internal error") && error.span.file == file, "{error:?}");
    }

    /// `write_escaped` as first written, a byte at a time: the definition the escaper keeps.
    fn escaped_by_bytes(text: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for (i, byte) in text.bytes().enumerate() {
            let entity = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            out.push_str(&text[last..i]);
            out.push_str(entity);
            last = i + 1;
        }
        out.push_str(&text[last..]);
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_matches_the_byte_at_a_time_definition(text in "[a-z &<>\"'/é\u{2014}]{0,80}") {
            proptest::prop_assert_eq!(escape_html(&text), escaped_by_bytes(&text));
        }

        /// A did-you-mean is looked for in any template text, at any place (one inside a
        /// character too), for any path, without a panic; one it offers names a key there is.
        #[test]
        fn a_did_you_mean_never_panics_and_names_a_key(
            text in "(\\{% for [a-z]{1,3} in [a-z.]{1,8} %\\}|[a-z. é{}%]){0,40}",
            at in 0usize..200,
            path in "[a-zé_.|\\[\\] ]{0,16}",
        ) {
            let ctx = minijinja::context! {
                site => minijinja::context! { title => "T", tags => vec!["a"] },
                records => vec![minijinja::context! { title => "R", date => "2026-03-01" }],
            };
            let offered = nearest_attribute(&ctx, &path, &text, at);
            if let Some(near) = offered.strip_prefix("; did you mean `").and_then(|s| s.strip_suffix("`?")) {
                let known = ["site", "records", "site.title", "site.tags", "title", "date"];
                proptest::prop_assert!(known.iter().any(|k| near == *k || near.ends_with(&format!(".{k}"))), "{}", near);
            } else {
                proptest::prop_assert_eq!(offered, "");
            }
        }
    }

    #[test]
    fn a_did_you_mean_is_offered_from_the_context_and_a_loop_s_first_item() {
        let ctx = minijinja::context! {
            site => minijinja::context! { title => "T" },
            records => vec![minijinja::context! { title => "R" }],
        };
        assert_eq!(nearest_attribute(&ctx, "site.titel", "", 0), "; did you mean `site.title`?");
        assert_eq!(nearest_attribute(&ctx, "sitee", "", 0), "; did you mean `site`?");
        assert_eq!(nearest_attribute(&ctx, "sitee.title", "", 0), "; did you mean `site.title`?");
        let text = "{{ sitee.title }}";
        assert_eq!(nearest_attribute(&ctx, "sitee.title", text, 3), "; did you mean `site.title`?");
        // A name the template gives a value itself is not the page's.
        let text = "{% set sitee = x %}{{ sitee.title }}";
        assert_eq!(nearest_attribute(&ctx, "sitee.title", text, 22), "", "a name the page cannot say");
        let text = "{% for sitee in records %}{{ sitee.titl }}";
        assert_eq!(nearest_attribute(&ctx, "sitee.titl", text, 29), "; did you mean `sitee.title`?");
        let text = "{% for record in records %}{{ record.titel }}";
        assert_eq!(nearest_attribute(&ctx, "record.titel", text, 29), "; did you mean `record.title`?");
        // Before the loop, `record` is nothing the page has.
        assert_eq!(nearest_attribute(&ctx, "record.titel", text, 3), "");
        assert_eq!(nearest_attribute(&ctx, "site.nothing_like_it", text, 0), "");
        assert_eq!(nearest_attribute(&ctx, "site[0].titel", text, 0), "", "no plain path");
        // In a macro, whose parameters may shadow the page's values, nothing is offered; after
        // it, again.
        let text = "{% macro card(site) %}{{ site.titel }}{% endmacro %}{{ site.titel }}";
        assert_eq!(nearest_attribute(&ctx, "site.titel", text, 25), "");
        assert_eq!(nearest_attribute(&ctx, "site.titel", text, 55), "; did you mean `site.title`?");
        let text = "{%- macro card(x) -%}{{ site.titel }}";
        assert_eq!(nearest_attribute(&ctx, "site.titel", text, 24), "");
    }

    #[test]
    fn another_engine_s_syntax_and_a_misspelt_statement_are_told() {
        let hint = |source: &str| {
            let env = minijinja::Environment::new();
            let error = env.render_str(source, minijinja::context! { m => minijinja::context! { a => 1 } });
            syntax_hint(&error.expect_err(source), source)
        };
        assert!(hint("<h1>{{ .Title }}</h1>").contains("Hugo's `{{ .Title }}` is `{{ record.title }}`"));
        assert!(
            hint("{% for k, v in m %}{{ k }}{% endfor %}").contains("`{% for key, value in map|items %}`")
        );
        assert_eq!(hint("{% block a %}{% endblok %}"), "; did you mean `endblock`?");
        assert_eq!(
            hint("{% if m %}a{% else if m.a %}b{% endif %}"),
            "; `else if` is written `elif` here: `{% elif x %}`"
        );
        assert_eq!(
            hint("{% if m %}a{%- else  if m.a %}b{% endif %}"),
            "; `else if` is written `elif` here: `{% elif x %}`"
        );
        assert_eq!(hint("{% if a %}{% endif %}{% endif %}"), "", "a stray statement is no misspelt one");
        assert_eq!(hint("{% endblock %}"), "");
        assert_eq!(hint("<h1>{{ m.a </h1>"), "; expected `}}` or `%}` to end the tag first");
        assert_eq!(hint("{{ m.a / }}"), "");
        assert_eq!(hint("{{ m..a }}"), "");
    }

    #[test]
    fn errors_differing_in_their_quoted_values_alone_are_one() {
        let key = without_quoted_values;
        assert_eq!(key("date: found number `18`"), key("date: found number `7`"));
        assert_eq!(key(r#"found "Say \"hi\"" here"#), key(r#"found "Day" here"#));
        assert_eq!(
            key(r#"found "a\\" here"#),
            key(r#"found "b" here"#),
            "an escaped backslash ends no quote"
        );
        assert_ne!(key("date: found number `18`"), key("truncate: found number `18`"));
        assert_ne!(key(r#"found "a" here"#), key(r#"found "a" there"#));
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            escape_html("<a href=\"x/y\">Tom's & co</a>"),
            "&lt;a href=&quot;x/y&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;"
        );
    }
}
