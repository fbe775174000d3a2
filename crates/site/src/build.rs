//! Build: loads a site, plans its pages, renders them in parallel and writes them atomically.
//!
//! Loading reads and parses files in parallel (rayon), each file alone, and collects every
//! diagnostic instead of stopping at the first. Nothing is written unless the content, the
//! templates and every page are free of errors.

use std::path::{Path, PathBuf};

use content::{ContentError, Diagnostic, Document, FileId, Severity, Sources, Span};
use rayon::prelude::*;

use crate::attachment::Attachments;
use crate::audit;
use crate::body::{self, Prerendered};
use crate::config::{self, Config};
use crate::error::SiteError;
use crate::model::{Derived, Model};
use crate::output::Staging;
use crate::pages::{self, PageKind, PlannedPage, Renderer};
use crate::theme::{self, ListOutputs, Theme};
use crate::view::Urls;

/// What to build and how.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The site folder (holding site.toml).
    pub root: PathBuf,
    /// Where to write; `<root>/public` when not set.
    pub output_dir: Option<PathBuf>,
    /// Overrides site.toml's base_url.
    pub base_url: Option<String>,
    /// Includes drafts.
    pub drafts: bool,
    /// HTML inserted before `</body>` of every page: `serve`'s live-reload script. Never set by
    /// `build`, so nothing written for serve appears in a build.
    pub inject: Option<String>,
}

impl BuildOptions {
    /// The output folder.
    pub fn output(&self) -> PathBuf {
        self.output_dir.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// The outcome of a build or a check: every diagnostic, with the sources to print them.
#[derive(Debug, Default)]
pub struct Report {
    /// Every file read (content, site.toml, templates).
    pub sources: Sources,
    /// Errors and warnings, ordered by file and place.
    pub diagnostics: Vec<Diagnostic>,
    /// A failure outside the content (I/O, a refused output folder).
    pub failure: Option<SiteError>,
    /// Files written.
    pub written: usize,
    /// The model, when the content loaded.
    pub model: Option<Model>,
    /// Whether the checks of the whole site made while planning the pages ran (`AUDITS_WAIT`
    /// lists them): not when the content or the theme had errors, or the output folder was
    /// refused, which stop a build before it plans.
    pub audited: bool,
}

/// What a build or check that stopped at errors says of the checks of the whole site: they need
/// every page planned, so they wait for the errors to be fixed.
pub const AUDITS_WAIT: &str = "the checks of the whole site (links and their #fragments, tags and workstreams \
     written two ways, future dates, pages whose URLs differ only in case, unused templates) run once the errors \
     above are fixed";

impl Report {
    /// True when the build failed: an error diagnostic or a failure.
    pub fn failed(&self) -> bool {
        self.failure.is_some() || self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// Adds diagnostics found after the build (`leverage check --external`), each file they point
    /// into read again when the build let its text go, so that they are quoted.
    pub fn extend(&mut self, root: &Path, diagnostics: Vec<Diagnostic>) {
        if let Some(model) = self.model.as_mut() {
            restore_texts(model, root, &diagnostics);
            for file in diagnostics.iter().map(|d| d.span.file) {
                if self.sources.get(file).text.is_empty() {
                    self.sources.replace(file, model.sources.get(file).text.clone());
                }
            }
        }
        self.diagnostics.extend(diagnostics);
        self.sort();
    }

    fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let path = |d: &Diagnostic| self.sources.get(d.span.file).path.clone();
            (path(a), a.span.start, b.severity).cmp(&(path(b), b.span.start, a.severity))
        });
        self.diagnostics.dedup();
    }
}

/// Loads site.toml and every content file; computes the model. Returns `None` for the model when
/// site.toml cannot be read.
pub fn load(options: &BuildOptions) -> Report {
    load_rendering(options, Rendering::None, false).report
}

/// The site's configuration alone (site.toml), for a command that needs no content; when it
/// cannot be read, the report that says why, as `load` would.
pub fn load_config(root: &Path) -> Result<Config, Box<Report>> {
    let mut report = Report::default();
    read_config(root, &mut report).map(|(config, _)| config).ok_or_else(|| Box::new(report))
}

/// Reads and parses `root`'s site.toml into `report`'s sources; on failure, says why in
/// `report` and gives `None`.
fn read_config(root: &Path, report: &mut Report) -> Option<(Config, FileId)> {
    let config_path = root.join(crate::config::FILE);
    let (text, bad_byte) = match std::fs::read(&config_path) {
        Ok(bytes) => content::decode(bytes),
        Err(e) => {
            // `site.toml`, as every other message names it, rather than `./site.toml`.
            let shown = config_path.strip_prefix(".").unwrap_or(&config_path);
            let message = if e.kind() == std::io::ErrorKind::NotFound {
                "no such file: expected a site folder, holding a site.toml (`leverage init DIR` makes one; \
                 `--root DIR` names another)"
                    .to_string()
            } else {
                format!("cannot read it: {e}")
            };
            report.failure = Some(SiteError::Io { path: shown.to_path_buf(), message });
            return None;
        }
    };
    let config_file = report.sources.add(crate::config::FILE, text);
    if let Some(offset) = bad_byte {
        let span = Span::new(config_file, offset..offset + 1);
        let error = ContentError::not_utf8(&report.sources.get(config_file).text, offset, span);
        report.diagnostics.push(Diagnostic::error(error));
        return None;
    }
    match Config::parse_all(&report.sources, config_file) {
        Ok(config) => {
            report.diagnostics.extend(config.warnings(&report.sources, config_file));
            Some((config, config_file))
        }
        Err(diagnostics) => {
            report.diagnostics.extend(diagnostics);
            None
        }
    }
}

/// What `load_rendering` read.
struct Loaded {
    report: Report,
    /// Each body rendered while its file was parsed, by file id (none with `Rendering::None`).
    bodies: Bodies,
    /// The theme, loaded before the content when rendering (its sources are the model's).
    theme: Option<Result<Theme, SiteError>>,
    /// The folder being written (when writing and site.toml was read): made before the content
    /// is read, so that the published documents' page folders are made while it is parsed.
    staging: Option<Result<Staging, SiteError>>,
}

/// `load`; unless `render` is `Rendering::None`, also the theme, and each body rendered while
/// its file was parsed, by file id (for `render_all`), so a build reads each body's markdown
/// once. The theme comes first: whether the texts may be let go while loading depends on its
/// tables (`Theme::tables_end_lines`).
fn load_rendering(options: &BuildOptions, render: Rendering, write: bool) -> Loaded {
    let mut report = Report::default();
    let Some((mut config, config_file)) = read_config(&options.root, &mut report) else {
        return Loaded { report, bodies: Bodies::new(), theme: None, staging: None };
    };
    if let Some(url) = &options.base_url {
        config.base_url = config::normalize_base_url(url);
    }
    if let Some(diagnostic) = missing_theme(&options.root, &config, &report.sources, config_file) {
        report.diagnostics.push(diagnostic);
        return Loaded { report, bodies: Bodies::new(), theme: None, staging: None };
    }
    if config.base_url.starts_with('/') {
        // Pages link fine under a path, but Atom ids, sitemap locations and robots.txt's
        // Sitemap line must be absolute URLs. The warning is at the value where it was given:
        // site.toml's key, or the command line's `--base-url`, shown as a source of its own.
        let span = match &options.base_url {
            Some(url) => {
                let given = report.sources.add("--base-url", url.clone());
                Span::new(given, 0..url.len())
            }
            None => config::span_at(&report.sources, config_file, &[config::Step::key("base_url")]),
        };
        // A site.toml without the key gets the default, `/`, which the writer never wrote.
        let unset = options.base_url.is_none()
            && toml::from_str::<toml::Table>(&report.sources.get(config_file).text)
                .is_ok_and(|table| !table.contains_key("base_url"));
        let message = if unset {
            "site.toml sets no base_url, so links are paths from `/`, and atom.xml, sitemap.xml and robots.txt, \
             which need absolute URLs, will not be valid; expected the address the site is served from, such as \
             `base_url = \"https://example.org/\"`"
                .to_string()
        } else {
            format!(
                "base_url is a path (`{}`): atom.xml, sitemap.xml and robots.txt need absolute URLs and will \
                 not be valid; expected the address the site is served from, such as `https://example.org/`",
                config.base_url
            )
        };
        report.diagnostics.push(Diagnostic::warning(span, message));
    }
    let theme =
        (render != Rendering::None).then(|| Theme::load(&options.root, &config.theme, &mut report.sources));
    // A theme whose tables do not end their lines renders every record page from its text.
    let render = match &theme {
        Some(Ok(theme)) if theme.tables_end_lines(&report.sources) => render,
        _ if render == Rendering::Releasing => Rendering::Keeping,
        _ => render,
    };
    let staging = write.then(|| Staging::new(&options.output(), &options.root));
    let folders = staging.as_ref().and_then(|staging| staging.as_ref().ok());
    let (documents, bodies, linking, attachments, diagnostics) =
        load_content(&options.root, &config, &mut report.sources, render, options.drafts, folders);
    report.diagnostics.extend(diagnostics);
    let mut model =
        Model::with_derived(config, std::mem::take(&mut report.sources), documents, options.drafts);
    model.attachments = attachments;
    model.keep_headings(&bodies, linking);
    report.sources = model.sources.clone();
    report.model = Some(model);
    Loaded { report, bodies, theme, staging }
}

/// A file's text and the offset of its first byte that is not UTF-8, if any.
type Decoded = (String, Option<usize>);

/// The bodies rendered while their files were parsed, by file id (`None` where not rendered).
type Bodies = Vec<Option<Prerendered>>;

/// A theme site.toml names that is neither in themes/ nor built in, as an error at its name (so
/// that `check` finds it too).
fn missing_theme(root: &Path, config: &Config, sources: &Sources, file: FileId) -> Option<Diagnostic> {
    if config.theme == "default" || root.join("themes").join(&config.theme).is_dir() {
        return None;
    }
    // The folders that are there, for the nearest to a misspelt name.
    let mut folders: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .chain(["default".to_string()])
        .collect();
    folders.sort();
    let names: Vec<&str> = folders.iter().map(String::as_str).collect();
    let held: Vec<String> = names.iter().filter(|n| **n != "default").map(|n| format!("`{n}`")).collect();
    let hint = match content::front_matter::nearest_name(&config.theme, &names) {
        Some(near) => format!("; did you mean `{near}`?"),
        None if !held.is_empty() => format!("; themes/ holds {}", held.join(", ")),
        None => String::new(),
    };
    let message = format!(
        "theme `{}` not found: expected a folder themes/{} next to site.toml, or `default`{hint}",
        config.theme, config.theme
    );
    let span = config::span_at(sources, file, &[config::Step::key("theme")]);
    Some(Diagnostic::error(ContentError::Other { message, span }))
}

/// Reads and parses every markdown file below `content/`, in parallel; with `render`, renders
/// each body in the same pass. Returns the documents, their bodies and every problem found.
/// Each published document's page folder is made in `folders` once its file is parsed.
fn load_content(
    root: &Path,
    config: &Config,
    sources: &mut Sources,
    render: Rendering,
    drafts: bool,
    folders: Option<&Staging>,
) -> (DerivedDocuments, Bodies, LinkingHeadings, Attachments, Vec<Diagnostic>) {
    let content::load::Discovered { markdown: paths, others, problems: walk_problems } =
        content::discover_all(&root.join("content"));
    // Known before any body is rendered, which writes where its links to them lead.
    let attachments = Attachments::new(root, &others, &paths);
    let urls = Urls::new(&config.base_url);
    let mut diagnostics = Vec::new();
    for problem in walk_problems {
        let file = sources.add(relative(root, &problem.path), String::new());
        let error = ContentError::Other { message: problem.message, span: Span::file_start(file) };
        diagnostics.push(Diagnostic { severity: problem.severity, ..Diagnostic::error(error) });
    }
    let options = config.content_options();
    // A record's headings avoid the ids of the note its page shows.
    let note_ids = body::note_ids(config.record_note.as_deref());
    let style = body::HeadingStyle { anchors: config.insert_anchor_links, reserved: &note_ids };
    let week = config.work_week();
    let mut documents = Vec::with_capacity(paths.len());
    let mut bodies = Bodies::new();
    let mut linking = LinkingHeadings::new();
    // A batch of files is read and parsed before the next is read, so that the texts of the
    // pages that render from their bodies alone can be let go batch by batch: held all at once
    // they were a quarter of a 10,000-record build's peak memory, and each 4 KB of that peak is
    // a page the kernel zeroes (`Rendering::Releasing`).
    for batch in paths.chunks(LOAD_BATCH) {
        let read: Vec<(PathBuf, Result<Decoded, String>)> = batch
            .par_iter()
            .map(|path| {
                (relative(root, path), std::fs::read(path).map(content::decode).map_err(|e| e.to_string()))
            })
            .collect();
        let mut ids = Vec::with_capacity(read.len());
        for (path, result) in read {
            match result {
                Ok((text, None)) => ids.push(sources.add(path, text)),
                Ok((text, Some(offset))) => {
                    let file = sources.add(path, text);
                    let span = Span::new(file, offset..offset + 1);
                    let error = ContentError::not_utf8(&sources.get(file).text, offset, span);
                    diagnostics.push(Diagnostic::error(error));
                }
                Err(reason) => {
                    let file = sources.add(path, String::new());
                    diagnostics.push(Diagnostic::error(ContentError::Unreadable {
                        reason,
                        span: Span::file_start(file),
                    }));
                }
            }
        }
        let sources_ref: &Sources = sources;
        let parsed: Vec<Parsed> = ids
            .par_iter()
            .map(|id| {
                let (mut file, body) = parse_and_render(
                    sources_ref,
                    *id,
                    &options,
                    render != Rendering::None,
                    style,
                    body::Files { attachments: &attachments, urls: &urls, from: &sources_ref.get(*id).path },
                );
                let derived = file.document.as_ref().and_then(Derived::of_document);
                // A figure the post states wrongly is a warning that quotes it: its text is kept.
                if let (Some(document), Some(derived)) = (&file.document, &derived)
                    && let Some(record) = document.record()
                    && document.published(drafts)
                {
                    file.diagnostics.extend(audit::check(record, derived.totals(), derived.spread(), &week));
                }
                (*id, file, body, derived)
            })
            .collect();
        bodies.resize_with(sources.len(), || None);
        let batch_start = documents.len();
        for (id, mut file, (body, headings), derived) in parsed {
            if let Some(headings) = headings {
                linking.push((id, headings));
            }
            let release = render == Rendering::Releasing
                && file.diagnostics.is_empty()
                && body.is_some()
                && file.document.as_ref().is_some_and(|d| {
                    d.record().is_none_or(|r| r.aggregates.iter().filter(|t| !t.as_written).count() <= 1)
                });
            if release {
                sources.replace(id, String::new());
            }
            excuse_draft(&mut file, drafts);
            diagnostics.extend(file.diagnostics);
            documents.extend(file.document.map(|document| (document, derived)));
            bodies[id.0 as usize] = body;
        }
        if let Some(folders) = folders {
            // Every published document's page is `index.html` in its folder in a build that
            // succeeds (two on one URL are an error), so no folder made here is left empty.
            folders.make_folders(
                documents[batch_start..]
                    .iter()
                    .filter(|(document, _)| document.published(drafts))
                    .map(|(document, _)| {
                        let mut folder = Urls::document_path(document);
                        folder.pop(); // its `/`
                        folder
                    })
                    .collect(),
            );
        }
    }
    bodies.resize_with(sources.len(), || None);
    (documents, bodies, linking, attachments, diagnostics)
}

/// Files read and parsed together (see `load_content`): enough for both threads to stay busy,
/// few enough that their texts are a small part of a large site's memory.
const LOAD_BATCH: usize = 512;

/// The documents loaded, each with its record's derived figures (`None` for a page).
type DerivedDocuments = Vec<(Document, Option<Derived>)>;

/// A file parsed in a batch of `load_content`: its document and diagnostics, its body rendered,
/// and its record's derived figures.
type Parsed = (content::FileId, content::ContentFile, Body, Option<Derived>);

/// What a build's first pass gives of a body: its HTML, or for a page rendered from its text
/// because of its links, its headings alone (`body::Pass::linking_headings`).
type Body = (Option<Prerendered>, Option<Vec<body::Heading>>);

/// The headings of the bodies rendered from their texts because of their links, by file.
type LinkingHeadings = Vec<(content::FileId, Vec<body::Heading>)>;

/// What loading does with each body besides parsing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rendering {
    /// Nothing: `load`'s model (for the commands that read figures only) needs no bodies.
    None,
    /// Renders it as the file is parsed, and keeps every text (serve re-renders from them).
    Keeping,
    /// Renders it, and lets go of the text of a file whose page renders from its body alone
    /// (chosen only when the theme's tables end their lines, `Theme::tables_end_lines`) and
    /// that nothing quotes: a record with at most one aggregate stats table and no diagnostic
    /// (a diagnostic found while rendering reads its file again, `restore_texts`).
    Releasing,
}

/// Makes the errors of a draft warnings when drafts are left out: a half-written draft does not
/// stop the site it is not part of (as in Zola and Hugo), but its writer still hears of it. With
/// `drafts` (`--drafts`) they stay errors. A file whose front matter does not read cannot be
/// known to be a draft, and keeps its errors.
pub(crate) fn excuse_draft(file: &mut content::ContentFile, drafts: bool) {
    if drafts || !file.draft {
        return;
    }
    for diagnostic in &mut file.diagnostics {
        if diagnostic.severity == Severity::Error {
            diagnostic.severity = Severity::Warning;
            diagnostic
                .message
                .push_str(" (in a draft, left out of the site until it is published; `--drafts` builds it)");
        }
    }
}

/// Parses one file and, with `render`, renders its body in the same pass, without its tables:
/// kept when record pages replace every one of them (task tables and aggregate stats), `None`
/// otherwise (the page is then rendered from its text). `style`: how its headings are written.
fn parse_and_render(
    sources: &Sources,
    id: content::FileId,
    options: &content::Options,
    render: bool,
    style: body::HeadingStyle<'_>,
    files: body::Files<'_>,
) -> (content::ContentFile, Body) {
    if !render {
        return (content::parse_document(sources, id, options), (None, None));
    }
    let capacity = sources.get(id).text.len() * 3 / 2;
    let wanted = body::Wanted::of(&sources.get(id).text, options.highlight_code);
    let mut pass = None;
    let file = content::parse_document_with(sources, id, options, &mut |events| {
        pass = Some(body::Pass::run(events, capacity, wanted, style, Some(files)));
    });
    let body = match (&file.document, pass) {
        (Some(document), Some(pass)) => {
            // Where the tables the page replaces start, in order: each table the pass cut is
            // looked up by halves (a record of 40,000 tables looked through all of them for each).
            let mut replaced: Vec<usize> = document
                .record()
                .map(|record| {
                    let tables = record.tables.iter().map(|t| t.span);
                    let aggregates = record.aggregates.iter().filter(|t| !t.as_written).map(|t| t.span);
                    tables.chain(aggregates).map(|span| span.start as usize).collect()
                })
                .unwrap_or_default();
            replaced.sort_unstable();
            let headings = pass.linking_headings(document.title_heading);
            // A shortcode's HTML is rendered with the page (`Renderer::shortcodes`), into its hole.
            let body = pass.cut(
                &sources.get(id).text[document.body.clone()],
                |start| replaced.binary_search(&start).is_ok(),
                document.title_heading,
                &document.shortcodes,
            );
            // A body that splices keeps its headings itself.
            let headings = headings.filter(|_| body.is_none());
            (body, headings)
        }
        _ => (None, None),
    };
    (file, body)
}

/// A path relative to the site root with `/` separators, as diagnostics show it.
fn relative(root: &Path, path: &Path) -> PathBuf {
    PathBuf::from(theme::slashed(path.strip_prefix(root).unwrap_or(path)))
}

/// Loads and renders everything without writing: what `leverage check` runs.
pub fn check(options: &BuildOptions) -> Report {
    run(options, false)
}

/// Builds the site into the output folder. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Report {
    run(options, true)
}

fn run(options: &BuildOptions, write: bool) -> Report {
    run_site(options, write, false).0
}

/// What a successful build keeps for incremental rebuilds: the theme, the stylesheet's name and
/// the plan (the model stays in the report).
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) stylesheet: String,
    pub(crate) planned: Vec<pages::PlannedPage>,
    pub(crate) templates: pages::Templates,
    /// Each record's summary as the pages used it, by record index (`run_keeping` only).
    pub(crate) summaries: Vec<Option<minijinja::Value>>,
    /// The output paths of the static files the build wrote, from the same look at static/ that
    /// wrote them: a file removed during the build, looked for again after it, was not among
    /// them, and so never removed from the output of `serve`.
    pub(crate) static_names: std::collections::BTreeSet<String>,
}

/// Runs a build and keeps its theme and plan when it succeeds.
pub(crate) fn run_keeping(options: &BuildOptions, write: bool) -> (Report, Option<Built>) {
    run_site(options, write, true)
}

/// `run_keeping`; each body is rendered as its file is parsed. Without `keep_texts`, the texts of
/// the documents whose pages will not need them are let go as they are parsed
/// (`Rendering::Releasing`): a build ends with the model, but nothing renders from it again.
fn run_site(options: &BuildOptions, write: bool, keep_texts: bool) -> (Report, Option<Built>) {
    // Serve keeps the texts as well, and re-renders pages from them; its first build renders
    // the bodies as they are parsed all the same (a tenth of the build's time), and hands the
    // memory they took back to the system once they are written (see `leverage serve`).
    let rendering = if keep_texts { Rendering::Keeping } else { Rendering::Releasing };
    let Loaded { mut report, bodies, theme, staging } = load_rendering(options, rendering, write);
    let Some(mut model) = report.model.take() else {
        report.sort();
        return (report, None);
    };
    if report.failed() {
        // Two documents on one URL are told with the content's other errors, not only once
        // those are fixed. (Clashes with static files need the theme, and wait for a clean load.)
        // A slug or alias refused already is not said to clash as well.
        // The search page's URL is taken when the theme that loaded has one.
        let search_page = matches!(&theme, Some(Ok(theme)) if theme.has_search_page(&model.config));
        if let Err(clashes) =
            pages::plan(&model, &std::collections::BTreeSet::new(), ListOutputs::default(), search_page)
        {
            let refused: std::collections::HashSet<Span> =
                report.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.span).collect();
            report.diagnostics.extend(clashes.into_iter().filter(|clash| !refused.contains(&clash.span)));
            // A clash may be in a file whose text was let go while loading: read it to be quoted.
            restore_texts(&mut model, &options.root, &report.diagnostics);
            report.sources = model.sources.clone();
        }
        report.model = Some(model);
        report.sort();
        return (report, None);
    }
    let theme = theme.unwrap_or_else(|| Theme::load(&options.root, &model.config.theme, &mut model.sources));
    let theme = match theme {
        Ok(theme) => theme,
        Err(e) => {
            report.failure = Some(e);
            report.model = Some(model);
            return (report, None);
        }
    };
    if !theme.errors.is_empty() {
        report.diagnostics.extend(theme.errors);
        report.sources = model.sources.clone();
        report.model = Some(model);
        report.sort();
        return (report, None);
    }
    // The model's sources alone while rendering, so that texts it lets go are freed.
    report.sources = Sources::new();
    let stylesheet = stylesheet_name(&theme);
    let mut built = None;
    let rendered = render_all(&mut model, bodies, &theme, &stylesheet, options, staging, keep_texts);
    match &rendered {
        Ok(rendered) => restore_texts(&mut model, &options.root, &rendered.warnings),
        Err(Failure::Diagnostics(d)) => restore_texts(&mut model, &options.root, d),
        Err(Failure::Site(_)) => {}
    }
    report.sources = model.sources.clone();
    match rendered {
        Ok(Rendered { written, planned, warnings, templates, summaries, static_names }) => {
            report.written = written;
            report.audited = true;
            report.diagnostics.extend(warnings);
            built = Some(Built { stylesheet, planned, templates, summaries, static_names });
        }
        Err(Failure::Diagnostics(d)) => report.diagnostics.extend(d),
        Err(Failure::Site(e)) => report.failure = Some(e),
    }
    report.model = Some(model);
    report.sort();
    (report, built)
}

/// `style.<hash>.css`: the theme's stylesheet named by its content, so hosts may cache it for ever;
/// empty when the theme has none.
pub(crate) fn stylesheet_name(theme: &Theme) -> String {
    match theme.static_files.get(theme::STYLESHEET) {
        Some(css) => format!("style.{:016x}.css", xxhash_rust::xxh3::xxh3_64(css)),
        None => String::new(),
    }
}

/// Checks that a theme has every template leverage renders; names all that are missing at once.
pub(crate) fn check_templates(model: &Model, theme: &Theme, root: &Path) -> Result<(), SiteError> {
    let missing: Vec<&str> = pages::REQUIRED_TEMPLATES
        .iter()
        .copied()
        .filter(|name| !theme.templates.contains_key(*name))
        .collect();
    let name = &model.config.theme;
    let message = match &missing[..] {
        [] => return Ok(()),
        [one] => format!(
            "theme `{name}` has no template `{one}`: expected themes/{name}/templates/{one} or templates/{one}"
        ),
        more => format!(
            "theme `{name}` has no templates {}: expected each in themes/{name}/templates/ or templates/",
            more.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    // A folder themes/default/ made for a logo or a font hides the built-in theme.
    let shadowed = if name == "default" && root.join("themes").join("default").is_dir() {
        "; the folder themes/default/ replaces the built-in default theme: copy the whole theme into \
         it, or put single overrides in templates/ and static/"
    } else {
        ""
    };
    Err(SiteError::Config(format!("{message}{shadowed}")))
}

/// Adds `inject` before the last `</body>` of an HTML page (serve's live-reload script), or at
/// its end when it has none; other files and builds without it are left as rendered. In place:
/// only the bytes after the script move. Copying each page whole into a new string, checked as
/// UTF-8 on the way, was 15-20% of serve's first build at 10,000 records (1.18-1.29 s against
/// 1.01-1.04 s without the script).
pub(crate) fn finish_page(path: &str, bytes: &mut Vec<u8>, inject: Option<&str>) {
    let Some(inject) = inject.filter(|_| path.ends_with(".html")) else { return };
    let at = memchr::memmem::rfind(bytes, b"</body>").unwrap_or(bytes.len());
    bytes.splice(at..at, inject.bytes());
}

enum Failure {
    Diagnostics(Vec<Diagnostic>),
    Site(SiteError),
}

/// Why `render_pages` stopped: a failure, or static files that clash with the pages (see
/// `static_clashes`), made diagnostics by `render_all` once the model may take their sources.
enum Stopped {
    Failed(Failure),
    Clashes(Vec<(String, String)>),
}

impl From<Failure> for Stopped {
    fn from(failure: Failure) -> Stopped {
        Stopped::Failed(failure)
    }
}

/// The output paths of the theme's and the site's static files (the theme's stylesheet under
/// its hashed name `stylesheet`, as `write_static` writes it).
pub(crate) fn static_names(
    theme: &Theme,
    stylesheet: &str,
    site_static: &std::collections::BTreeMap<String, std::path::PathBuf>,
) -> std::collections::BTreeSet<String> {
    let theme_names =
        theme.static_files.keys().map(|name| if name == theme::STYLESHEET { stylesheet } else { name });
    theme_names.chain(site_static.keys().map(String::as_str)).map(str::to_string).collect()
}

/// The source standing for a static file (`static/<name>`) in diagnostics about it: its text is
/// not read, so a diagnostic names the file without quoting it.
fn static_source(model: &mut Model, shown: &str) -> FileId {
    model.sources.find(Path::new(shown)).unwrap_or_else(|| model.sources.add(shown, String::new()))
}

/// The warning at a static file (where it is `shown`, `static/legacy.html`) that replaces the
/// page leverage generates at its output path `name`. None for a `robots.txt`: a site's own,
/// kept in static/ as Zola's and Hugo's users keep it, is meant to replace the generated one
/// (a warning at it would fail every `check --strict`).
pub(crate) fn replacing_warning(model: &mut Model, shown: &str, name: &str) -> Option<Diagnostic> {
    if name == "robots.txt" {
        return None;
    }
    let file = static_source(model, shown);
    Some(Diagnostic::warning(
        Span::file_start(file),
        format!(
            "{shown} replaces the page leverage generates at `/{}`",
            name.strip_suffix("index.html").unwrap_or(name)
        ),
    ))
}

/// A warning at each symbolic link below static/ that loops back to a folder above it, which
/// is skipped (as such links under content/ are).
pub(crate) fn loop_warnings(model: &mut Model, loops: Vec<theme::StaticLoop>) -> Vec<Diagnostic> {
    loops
        .into_iter()
        .map(|(name, ancestor, output)| {
            let file = static_source(model, &format!("static/{name}"));
            // Or leads to the site's output, which would be copied into the next.
            let message = if output {
                format!(
                    "a symbolic link leads to {}, the site's output, which would be copied into each next build; \
                     it is skipped",
                    ancestor.display()
                )
            } else {
                format!("a symbolic link loops back to {}; it is skipped", ancestor.display())
            };
            Diagnostic::warning(Span::file_start(file), message)
        })
        .collect()
}

/// Where the static file copied to `name` comes from, as diagnostics name it: the site's
/// `static/<name>`, which wins over the theme's, or the theme's own.
fn static_shown(root: &Path, theme: &str, name: &str) -> String {
    let site = format!("static/{name}");
    if root.join(&site).exists() {
        return site;
    }
    let folder = format!("themes/{theme}/static/{name}");
    if root.join(&folder).exists() { folder } else { format!("{}/static/{name}", theme::BUILT_IN) }
}

/// The static files (`statics`, the site's and the theme's, by output path) that cannot be copied
/// beside the planned pages, as errors at each file: one where leverage writes a folder
/// (`static/tags` beside the tag pages) or one in a folder where leverage writes a file
/// (`static/index.html/notes.txt`). A name cannot be both a file and a folder; the build used to
/// fail on writing, with the staging folder's path and no place. (A static file on a page's own
/// path replaces the page, with a warning: see `render_all`.) Serve runs it on every new plan.
pub(crate) fn static_clashes(
    model: &mut Model,
    options: &BuildOptions,
    planned: &[PlannedPage],
    statics: &std::collections::BTreeSet<String>,
) -> Vec<Diagnostic> {
    let clashes = clashing_statics(planned, statics);
    if clashes.is_empty() {
        return Vec::new();
    }
    let site_static = static_files(options, model).map(|(files, _)| files).unwrap_or_default();
    clash_errors(model, &options.root, &site_static, clashes)
}

/// The static files of `static_clashes`, each with why it clashes.
fn clashing_statics(
    planned: &[PlannedPage],
    statics: &std::collections::BTreeSet<String>,
) -> Vec<(String, String)> {
    fn folders(path: &str) -> impl Iterator<Item = &str> {
        path.match_indices('/').map(|(at, _)| &path[..at])
    }
    let files: std::collections::HashSet<&str> = planned.iter().map(|p| p.path.as_str()).collect();
    let folders_written: std::collections::HashSet<&str> =
        planned.iter().flat_map(|p| folders(&p.path)).collect();
    let mut clashes = Vec::new();
    for name in statics {
        let why = if folders_written.contains(name.as_str()) {
            format!("leverage writes pages below `/{name}/`")
        } else if let Some(file) = folders(name).find(|folder| files.contains(folder)) {
            format!("leverage writes the file `{file}` where this needs a folder")
        } else {
            continue;
        };
        clashes.push((name.clone(), why));
    }
    clashes
}

/// The errors of `static_clashes`, each at its file.
fn clash_errors(
    model: &mut Model,
    root: &Path,
    site_static: &std::collections::BTreeMap<String, PathBuf>,
    clashes: Vec<(String, String)>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (name, why) in clashes {
        // Where it is: static/, a bundle's folder or content/ (an attachment), else the theme's.
        let shown = match site_static.get(&name) {
            Some(path) => theme::slashed(&relative(root, path)),
            None => static_shown(root, &model.config.theme, &name),
        };
        let file = static_source(model, &shown);
        errors.push(Diagnostic {
            severity: Severity::Error,
            span: Span::file_start(file),
            message: format!(
                "{shown} cannot be copied: {why}, and one name cannot be a file and a folder; \
                 expected another name for it"
            ),
        });
    }
    errors
}

/// The site's own files to copy: `static/` (see `theme::site_static`), the files beside each
/// document written as `index.md` in a folder of its own (a bundle, as in Zola and Hugo), copied
/// into its page's folder so that `![](chart.png)` in its text finds `chart.png` (a bundle's
/// subfolders are its files too, but not a subfolder that is a bundle of its own), and the
/// attachments published pages link (`attachment`).
pub(crate) fn static_files(
    options: &BuildOptions,
    model: &Model,
) -> Result<(std::collections::BTreeMap<String, PathBuf>, Vec<theme::StaticLoop>), SiteError> {
    let root = options.root.as_path();
    // The site's output, and the one this build writes (`--output-dir`, or serve's own).
    let outputs = [root.join("public"), options.output()];
    let (mut files, loops) = theme::site_static(root, &outputs)?;
    // A bundle's files as the content walk found them (`Attachments`): not walked again.
    for document in &model.documents {
        if document.path.file_name().is_none_or(|name| name != "index.md") {
            continue;
        }
        let base = Urls::document_path(document);
        for (name, disk) in model.attachments.bundle_files(&document.path) {
            files.entry(format!("{base}{name}")).or_insert_with(|| root.join(disk));
        }
    }
    // The attachments a published page links or shows, at their paths below content/; no
    // other file there is published.
    // A file of static/ with the same output path wins, as over a bundle's file.
    for document in &model.documents {
        for found in crate::attachment::linked(model, document).filter(|found| found.in_bundle.is_none()) {
            files.entry(found.name.to_string()).or_insert_with(|| root.join(found.disk));
        }
    }
    Ok((files, loops))
}

fn render_all(
    model: &mut Model,
    bodies: Bodies,
    theme: &Theme,
    stylesheet: &str,
    options: &BuildOptions,
    staging: Option<Result<Staging, SiteError>>,
    keep_summaries: bool,
) -> Result<Rendered, Failure> {
    let (site_static, loops) = static_files(options, model).map_err(Failure::Site)?;
    let staging = staging.transpose().map_err(Failure::Site)?;
    // The data exports need the model alone and are the longest single jobs: they are written
    // on one thread while the other plans and checks the pages (serial work, 30 ms at 10,000
    // records), then renders them.
    let planned_exports: Vec<_> = pages::exports(model).collect();
    let exports: Vec<std::sync::OnceLock<Result<(), SiteError>>> =
        planned_exports.iter().map(|_| std::sync::OnceLock::new()).collect();
    let rendered = rayon::scope(|scope| {
        if let Some(staging) = &staging {
            for ((path, kind), written) in planned_exports.iter().zip(&exports) {
                let model = &*model;
                scope.spawn(move |_| {
                    let _ = written.set(staging.stream(path, |out| pages::write_export(model, kind, out)));
                });
            }
        }
        render_pages(model, bodies, theme, stylesheet, options, &site_static, staging.as_ref())
    });
    let (planned, templates, mut warnings, replacing, summaries, statics) = match rendered {
        Ok(rendered) => rendered,
        Err(Stopped::Clashes(clashes)) => {
            return Err(Failure::Diagnostics(clash_errors(model, &options.root, &site_static, clashes)));
        }
        Err(Stopped::Failed(failure)) => return Err(failure),
    };
    let summaries = if keep_summaries {
        summaries
    } else {
        pages::let_go(summaries);
        Vec::new()
    };
    for written in exports {
        written.into_inner().unwrap_or(Ok(())).map_err(Failure::Site)?;
    }
    // A static file that replaces a page is one file of the output, not two.
    let mut written = planned.len().saturating_sub(replacing.len());
    if let Some(staging) = staging {
        written += write_static(theme, stylesheet, &site_static, |name, file| match file {
            StaticFile::Bytes(bytes) => staging.write(name, bytes),
            StaticFile::File(path) => staging.copy(name, path),
        })
        .map_err(Failure::Site)?;
        if let Some((old, why)) = staging.finish().map_err(Failure::Site)? {
            // `.public.old-<pid>` beside the output, as every message names a path (not `./`).
            let file = static_source(model, &old.strip_prefix(".").unwrap_or(&old).display().to_string());
            warnings.push(Diagnostic::warning(
                Span::file_start(file),
                format!(
                    "the previous output, moved here, could not be removed ({why}); the new build is in place"
                ),
            ));
        }
    }
    // Warnings at files that are not content (static files) are made last, as they add sources.
    warnings.extend(loop_warnings(model, loops));
    for (shown, name) in replacing {
        warnings.extend(replacing_warning(model, &shown, &name));
    }
    // Kept for `serve` alone, as the summaries are.
    let static_names = if keep_summaries { statics } else { Default::default() };
    Ok(Rendered { written, planned, warnings, templates, summaries, static_names })
}

/// What `render_pages` leaves: the pages planned, the templates, the warnings, the static files
/// that replace a page (where each is shown, and its output path), the records' summaries, and
/// the output paths of the static files.
type Pages = (
    Vec<PlannedPage>,
    pages::Templates,
    Vec<Diagnostic>,
    Vec<(String, String)>,
    Vec<Option<minijinja::Value>>,
    std::collections::BTreeSet<String>,
);

/// Plans, checks and renders every page but the data exports (which `render_all` writes), into
/// `staging` when there is one.
fn render_pages(
    model: &Model,
    bodies: Bodies,
    theme: &Theme,
    stylesheet: &str,
    options: &BuildOptions,
    site_static: &std::collections::BTreeMap<String, PathBuf>,
    staging: Option<&Staging>,
) -> Result<Pages, Stopped> {
    let statics = static_names(theme, stylesheet, site_static);
    // Asked once: the plan lists the tag feeds, the templates link them from the tag pages.
    let tags = theme.list_outputs(&model.sources);
    let planned = pages::plan(model, &statics, tags, theme.has_search_page(&model.config))
        .map_err(Failure::Diagnostics)?;
    check_templates(model, theme, &options.root).map_err(Failure::Site)?;
    let clashes = clashing_statics(&planned, &statics);
    if !clashes.is_empty() {
        return Err(Stopped::Clashes(clashes));
    }
    // static/ is copied last, so a file there (the site's, or else the theme's) replaces the
    // page leverage made for its path: allowed (a hand-made page), but never silently. Each is
    // named where it is, with the page's path.
    let pages: std::collections::HashSet<&str> = planned.iter().map(|p| p.path.as_str()).collect();
    let theme_static = format!("themes/{}/static", model.config.theme);
    // Each named where it is: static/, a bundle's folder or content/ (an attachment).
    let replacing: Vec<(String, String)> = site_static
        .iter()
        .filter(|(name, _)| pages.contains(name.as_str()))
        .map(|(name, path)| (theme::slashed(&relative(&options.root, path)), name.clone()))
        .chain(
            theme
                .static_files
                .keys()
                .filter(|name| pages.contains(name.as_str()) && !site_static.contains_key(*name))
                .map(|name| (format!("{theme_static}/{name}"), name.clone())),
        )
        .collect();
    // The static files as written: the stylesheet under its hashed name, so a link to
    // `/style.css` is a link to nothing.
    let audit::LinkAudit { warnings: mut link_warnings, mut fragments } =
        audit::links(model, &model.documents, &planned, &statics);
    let mut note = audit::note_links(model, &planned, &statics);
    link_warnings.append(&mut note.warnings);
    fragments.append(&mut note.fragments);
    link_warnings.extend(theme.unused_templates(&model.sources));
    link_warnings.extend(theme.unknown_blocks(&model.sources));
    link_warnings.extend(audit::figure_warnings(model, chrono::Local::now().date_naive()));
    link_warnings.extend(audit::case_warnings(model, &planned));
    link_warnings.extend(audit::draft_warnings(model, &planned));
    let templates = pages::Templates::compile(model, theme, tags).map_err(Failure::Diagnostics)?;
    let inject = options.inject.as_deref();
    // The ids of the pages that fragment links lead to, read from the pages as rendered.
    let targets: std::collections::HashSet<&str> = fragments.iter().map(|link| link.page.as_str()).collect();
    let target_ids = std::sync::Mutex::new(std::collections::HashMap::new());
    let output = |page: &PlannedPage, mut bytes: Vec<u8>| -> Result<(), Failure> {
        if targets.contains(page.path.as_str()) {
            let ids = audit::page_ids(&bytes);
            target_ids
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(page.path.clone(), ids);
        }
        if let Some(staging) = staging {
            finish_page(&page.path, &mut bytes, inject);
            staging.write(&page.path, &bytes).map_err(Failure::Site)?;
        }
        Ok(())
    };
    // First the pages of documents, each with the body rendered while its file was parsed,
    // which goes once the page is made (a record's page makes its summary); then the other pages,
    // which list the summaries. The bodies and the summaries are never all held at once.
    let document = |page: &PlannedPage| match page.kind {
        PageKind::Record(i) => Some(model.records[i].doc),
        PageKind::Page(i) => Some(i),
        _ => None,
    };
    let (documents, others): (Vec<&PlannedPage>, Vec<&PlannedPage>) =
        planned.iter().filter(|page| !page.kind.is_export()).partition(|page| document(page).is_some());
    let mut bodies = bodies;
    let first: Vec<(&PlannedPage, Option<Prerendered>)> = documents
        .into_iter()
        .map(|page| {
            let body =
                document(page).and_then(|i| bodies.get_mut(model.documents[i].file.0 as usize)?.take());
            (page, body)
        })
        .collect();
    drop(bodies);
    let renderer = Renderer::new(model, &templates, stylesheet);
    let render = |page: &PlannedPage, body: Option<&Prerendered>| -> Result<(), Failure> {
        let bytes = renderer.render_with(page, body).map_err(|e| Failure::Diagnostics(e.0))?;
        output(page, bytes)
    };
    // The documents' page folders, made while the content was parsed (`Staging::make_folders`).
    if let Some(staging) = staging {
        staging.folders_made();
    }
    // Pieces of at most a few pages: left to split the lists as it likes, rayon gave one thread
    // all 30 tag pages and the archive (8-20 ms each) and let the other sit idle after its
    // cheap home pages, and the listing pages took 315 ms instead of 205 at 10k records.
    let mut results: Vec<(&PlannedPage, Result<(), Failure>)> = first
        .into_par_iter()
        .with_max_len(16)
        .map(|(page, body)| (page, render(page, body.as_ref())))
        .collect();
    results.par_extend(others.into_par_iter().with_max_len(4).map(|page| (page, render(page, None))));
    let mut failed = Vec::new();
    for (page, result) in results {
        match result {
            Ok(()) => {}
            Err(Failure::Diagnostics(d)) => failed.extend(d.into_iter().map(|d| (d, page))),
            Err(Failure::Site(e)) => return Err(Failure::Site(e).into()),
        }
    }
    if !failed.is_empty() {
        return Err(Failure::Diagnostics(pages::page_errors(model, failed)).into());
    }
    let summaries = renderer.into_summaries();
    let target_ids = target_ids.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    link_warnings.extend(audit::fragment_warnings(&fragments, &target_ids));
    drop(pages);
    Ok((planned, templates, link_warnings, replacing, summaries, statics))
}

/// Reads again the files that were let go of while loading and that a diagnostic found while
/// rendering (a link to a missing element) points into, so that it is quoted.
fn restore_texts(model: &mut Model, root: &Path, diagnostics: &[Diagnostic]) {
    let quoted = diagnostics.iter().filter(|d| d.span.range().end > 0).map(|d| d.span.file);
    read_again(model, root, quoted);
}

/// Reads again each of these files whose text was let go (now empty).
fn read_again(model: &mut Model, root: &Path, files: impl IntoIterator<Item = content::FileId>) {
    for file in files {
        let source = model.sources.get(file);
        if !source.text.is_empty() {
            continue;
        }
        if let Ok(bytes) = std::fs::read(root.join(&source.path)) {
            model.sources.replace(file, content::decode(bytes).0);
        }
    }
}

/// What rendering every page produced.
struct Rendered {
    written: usize,
    planned: Vec<pages::PlannedPage>,
    warnings: Vec<Diagnostic>,
    templates: pages::Templates,
    summaries: Vec<Option<minijinja::Value>>,
    static_names: std::collections::BTreeSet<String>,
}

/// A static file to write: the theme's, held in memory, or the site's, copied from its file
/// (never read whole: it may be a video of gigabytes).
#[derive(Clone, Copy, Debug)]
pub(crate) enum StaticFile<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// Writes the theme's static files (the stylesheet under its hashed name) and the site's
/// `static/` files (`site_static`, from `theme::site_static`) through `write`; returns how many.
/// A site's file replaces the theme's of the same name, which is then not written at all.
pub(crate) fn write_static(
    theme: &Theme,
    stylesheet: &str,
    site_static: &std::collections::BTreeMap<String, PathBuf>,
    mut write: impl FnMut(&str, StaticFile<'_>) -> Result<(), SiteError>,
) -> Result<usize, SiteError> {
    let mut written = 0;
    for (name, bytes) in &theme.static_files {
        let name = if name == theme::STYLESHEET { stylesheet } else { name.as_str() };
        if site_static.contains_key(name) {
            continue;
        }
        write(name, StaticFile::Bytes(bytes))?;
        written += 1;
    }
    for (name, path) in site_static {
        write(name, StaticFile::File(path))?;
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "| Task | Human Est. | Claude Time |\n|---|---|---|\n";
    const STATS: &str = "| Metric | Value |\n|---|---|\n| Total tasks | 1 |\n";

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, text).expect("written");
    }

    #[test]
    fn serves_script_goes_before_the_last_body_end_of_html_pages_only() {
        let finished = |path: &str, page: &str, inject: Option<&str>| {
            let mut bytes = page.as_bytes().to_vec();
            finish_page(path, &mut bytes, inject);
            String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out")
        };
        let page = "<p>é </body> in text</p>\n</body>\n</html>\n";
        assert_eq!(
            finished("a/index.html", page, Some("<script>r</script>")),
            "<p>é </body> in text</p>\n<script>r</script></body>\n</html>\n"
        );
        assert_eq!(finished("a/index.html", "<p>no end", Some("<s/>")), "<p>no end<s/>");
        assert_eq!(finished("atom.xml", page, Some("<s/>")), page, "only HTML pages");
        assert_eq!(finished("a/index.html", page, None), page, "nothing to add");
    }

    /// A site titled `T` with these records, each a date and its text under content/records/.
    fn site_with(records: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        write(dir.path(), "site.toml", "title = \"T\"\n");
        for (date, text) in records {
            write(dir.path(), &format!("content/records/{date}.md"), text);
        }
        dir
    }

    /// Builds `root` into `out`, keeping or letting go of the texts; the report and the files.
    fn built(
        root: &Path,
        out: &str,
        keep_texts: bool,
    ) -> (Report, std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        let options = BuildOptions {
            root: root.to_path_buf(),
            output_dir: Some(root.join(out)),
            ..BuildOptions::default()
        };
        let (report, _) = run_site(&options, true, keep_texts);
        assert!(!report.failed(), "{:?} {:?}", report.diagnostics, report.failure);
        (report, crate::testing::tree(&root.join(out)))
    }

    #[test]
    fn a_theme_s_static_file_where_leverage_writes_a_folder_is_an_error_at_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(root, "site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"mine\"\n");
        let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
        for entry in walkdir::WalkDir::new(&templates) {
            let entry = entry.expect("the default theme");
            if entry.file_type().is_file() {
                let name = theme::slashed(entry.path().strip_prefix(&templates).expect("below"));
                let text = std::fs::read_to_string(entry.path()).expect("a template");
                write(root, &format!("themes/mine/templates/{name}"), &text);
            }
        }
        write(root, "content/records/2026-03-01.md", &format!("+++\n+++\n\n{TABLE}| Build | 8h | 12min |\n"));
        write(root, "themes/mine/static/archive", "a file where the archive's folder goes");
        write(root, "themes/mine/static/tags/index.html/x.txt", "the site's own copy wins");
        write(root, "static/tags/index.html/x.txt", "the site's own copy");
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let (report, _) = run_site(&options, true, true);
        let errors = crate::testing::placed(&report);
        assert_eq!(
            errors,
            [
                "static/tags/index.html/x.txt: static/tags/index.html/x.txt cannot be copied: leverage writes \
                 the file `tags/index.html` where this needs a folder, and one name cannot be a file and a \
                 folder; expected another name for it",
                "themes/mine/static/archive: themes/mine/static/archive cannot be copied: leverage writes \
                 pages below `/archive/`, and one name cannot be a file and a folder; expected another name for it",
            ]
        );
        assert!(!root.join("public").exists(), "a failed build writes nothing");
    }

    /// minijinja puts "unexpected end of string" one byte past a template's end: the error's
    /// span ends where the text does (found by the `theme` fuzz target).
    #[test]
    fn a_template_ending_in_a_string_is_an_error_inside_it() {
        let record = format!("+++\n+++\n\n{TABLE}| Build | 8h | 12min |\n");
        let dir = site_with(&[("2026-03-01", &record)]);
        let root = dir.path();
        let template = "{% extends \"base.html\" %}{% block content %}{{ \"abc";
        write(root, "templates/record.html", template);
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let (report, _) = run_site(&options, true, true);
        let error =
            report.diagnostics.iter().find(|d| d.message.contains("end of string")).expect("the error");
        assert_eq!(report.sources.get(error.span.file).text, template);
        assert_eq!(error.span.range(), template.len()..template.len());
    }

    /// A loop that does not end, in a shortcode called three times, is one error at the loop
    /// once the call's fuel is spent (`pages::TEMPLATE_FUEL`): the other calls, and the pages
    /// not begun yet, are left, where the build used to run until stopped. The message says
    /// what ran out and what to look for.
    #[test]
    fn a_template_loop_that_does_not_end_stops_the_build_at_the_loop() {
        let record = format!(
            "+++\n+++\n\n{TABLE}| Build | 8h | 12min |\n\n{{{{ spin() }}}}\n\n{{{{ spin() }}}}\n\n{{{{ spin() }}}}\n"
        );
        let dir = site_with(&[("2026-03-01", &record), ("2026-03-02", &record)]);
        let root = dir.path();
        let spin =
            "<p>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}</p>\n";
        write(root, "templates/shortcodes/spin.html", spin);
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let (report, _) = run_site(&options, true, true);
        let errors: Vec<&Diagnostic> =
            report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let message = &errors[0].message;
        assert!(
            message.contains(
                "the page ran past the work a page may take, 10,000,000 steps of minijinja's fuel; expected"
            ) && message.contains("(at templates/shortcodes/spin.html:2)")
                && message.ends_with("; no page was begun after it)"),
            "{message}"
        );
        assert!(!root.join("public").exists(), "a failed build writes nothing");
    }

    /// The one error of a build of a record (`body` before its table) whose `template` prints a
    /// gigabyte, with the file it is said at; the build wrote nothing.
    fn flooded(body: &str, template: &str) -> (String, std::path::PathBuf) {
        let dir = site_with(&[("2026-03-01", &format!("+++\n+++\n\n{body}{TABLE}| Build | 8h | 12min |\n"))]);
        let root = dir.path();
        let line = "x".repeat(1000);
        write(
            root,
            template,
            &format!(
                "{{% for i in range(1000) %}}{{% for j in range(1000) %}}{line}{{% endfor %}}{{% endfor %}}"
            ),
        );
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let (report, _) = run_site(&options, true, true);
        let errors: Vec<&Diagnostic> =
            report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(!root.join("public").exists(), "a failed build writes nothing");
        (errors[0].message.clone(), report.sources.get(errors[0].span.file).path.clone())
    }

    /// A loop that prints without end is stopped at `pages::MOST_PAGE_BYTES` of output, where the
    /// fuel let it hold gigabytes first (a byte written is 1/64 of a step): one error at the
    /// template, said as one that ran out of fuel.
    #[test]
    fn a_template_that_prints_without_end_stops_at_the_most_a_page_writes() {
        let (message, at) = flooded("", "templates/404.html");
        assert!(
            message.starts_with(
                "the page ran past the work a page may take: its output grew past 256 MB; expected every loop to end"
            ),
            "{message}"
        );
        assert_eq!(at, std::path::Path::new("templates/404.html"));
    }

    /// A shortcode's template that prints without end is held to a page's most bytes too, said
    /// at its call.
    #[test]
    fn a_shortcode_that_prints_without_end_stops_at_the_most_a_page_writes() {
        let (message, at) = flooded("{{ flood() }}\n\n", "templates/shortcodes/flood.html");
        assert!(
            message.starts_with(
                "the shortcode `flood` could not be rendered: the page ran past the work a page may take: its output \
                 grew past 256 MB"
            ),
            "{message}"
        );
        assert_eq!(at, std::path::Path::new("content/records/2026-03-01.md"));
    }

    /// A static file `records`, in the way of every record's page, is one error at the file,
    /// not one at each record telling it to take another slug.
    #[test]
    fn a_static_file_in_the_way_of_the_records_is_one_error_at_it() {
        let record = format!("+++\n+++\n\n{TABLE}| Build | 8h | 12min |\n");
        let dir = site_with(&[("2026-03-01", &record), ("2026-03-02", &record)]);
        let root = dir.path();
        write(root, "static/records", "a file where the records' folder goes");
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let (report, _) = run_site(&options, true, true);
        let placed = crate::testing::placed(&report);
        assert_eq!(
            placed.iter().filter(|said| !said.starts_with("site.toml: ")).collect::<Vec<_>>(),
            ["static/records: static/records cannot be copied: leverage writes pages below `/records/`, \
              and one name cannot be a file and a folder; expected another name for it"]
        );
        assert!(!root.join("public").exists(), "a failed build writes nothing");
    }

    /// The pages' folders are made while the content is parsed (`Staging::make_folders`): a
    /// draft's is not, unless drafts are built, and a build that fails leaves none.
    #[test]
    fn the_folders_made_ahead_are_the_published_documents() {
        let record = format!("+++\n+++\n\n{TABLE}| Build | 8h | 12min |\n");
        let draft = format!("+++\ndraft = true\n+++\n\n{TABLE}| Build | 8h | 12min |\n");
        let dir = site_with(&[("2026-03-01", &record), ("2026-03-02", &draft)]);
        let root = dir.path();
        write(root, "content/about.md", "+++\ntitle = \"About\"\n+++\n\nA page.\n");
        write(root, "content/later.md", "+++\ntitle = \"Later\"\ndraft = true\n+++\n\nNot yet.\n");
        let (_, files) = built(root, "public", false);
        let folders: Vec<_> = std::fs::read_dir(root.join("public/records"))
            .expect("records/")
            .map(|entry| entry.expect("an entry"))
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name())
            .collect();
        assert_eq!(folders, ["2026-03-01"]);
        assert!(files.contains_key(Path::new("records/2026-03-01/index.html")));
        assert!(files.contains_key(Path::new("about/index.html")));
        assert!(!root.join("public/later").exists(), "a draft page's folder is not made");
        let options = BuildOptions {
            root: root.to_path_buf(),
            output_dir: Some(root.join("with-drafts")),
            drafts: true,
            ..BuildOptions::default()
        };
        assert!(!run_site(&options, true, false).0.failed());
        assert!(root.join("with-drafts/records/2026-03-02/index.html").is_file());
        // A record that fails: nothing is written, and no folder is left beside the output.
        write(root, "content/records/2026-03-03.md", &format!("+++\n+++\n\n{TABLE}| Build | 8h | 0min |\n"));
        let options = BuildOptions { output_dir: Some(root.join("failed")), ..options };
        assert!(run_site(&options, true, false).0.failed());
        let mut beside: Vec<_> =
            std::fs::read_dir(root).expect("the root").map(|e| e.expect("an entry").file_name()).collect();
        beside.sort();
        assert_eq!(beside, ["content", "public", "site.toml", "with-drafts"]);
    }

    /// The home, archive, record, tag and workstream pages leverage writes without the templates
    /// (`builtin::home_page`, `archive_page`, `record_page`, `tag_page`, `workstream_page`) are
    /// byte for byte what the default
    /// theme's templates write, on the example site and on the golden site of the end-to-end
    /// tests (drafts, pages in the menu, a record note, stated figures that differ, every table
    /// layout, workstreams).
    #[test]
    fn built_in_pages_are_the_templates_pages() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut paginated = false;
        for root in [repo.clone(), repo.join("tests/sites/golden")] {
            let options = BuildOptions { root: root.clone(), drafts: true, ..BuildOptions::default() };
            let (report, built) = run_keeping(&options, false);
            let (model, built) = (report.model.as_ref().expect("a model"), built.expect("the site builds"));
            assert_eq!(built.templates.builtin_pages, crate::builtin::Page::ALL, "{}", root.display());
            let mut templates = built.templates.clone();
            templates.builtin_pages.clear();
            let fast = Renderer::new(model, &built.templates, &built.stylesheet);
            let slow = Renderer::new(model, &templates, &built.stylesheet);
            let records: Vec<&PlannedPage> =
                built.planned.iter().filter(|p| matches!(p.kind, PageKind::Record(_))).collect();
            let others: Vec<&PlannedPage> = built
                .planned
                .iter()
                .filter(|p| {
                    matches!(
                        p.kind,
                        PageKind::Workstream(_, _)
                            | PageKind::Home(_)
                            | PageKind::Tag(_, _)
                            | PageKind::Archive
                    )
                })
                .collect();
            assert!(records.len() >= 4, "{}: {} records", root.display(), records.len());
            assert!(
                others.iter().any(|p| matches!(p.kind, PageKind::Workstream(_, _))),
                "{}",
                root.display()
            );
            assert!(others.iter().any(|p| matches!(p.kind, PageKind::Tag(_, _))), "{}", root.display());
            paginated |= others.iter().any(|p| p.kind == PageKind::Home(2));
            for page in records.into_iter().chain(others) {
                let before = pages::FALLBACKS.with(std::cell::Cell::get);
                let fast = fast.render(page).expect("renders");
                assert_eq!(
                    pages::FALLBACKS.with(std::cell::Cell::get),
                    before,
                    "{} was left to the templates",
                    page.path
                );
                let slow = slow.render(page).expect("renders");
                assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&slow), "{}", page.path);
            }
        }
        assert!(paginated, "a second home page");
    }

    /// Each record's task leverages, kept by the model for tag, workstream and site figures,
    /// are its tasks', also after a record is replaced (as serve does on a save).
    #[test]
    fn task_bars_that_read_alike_lead_with_the_number_in_the_tables_hash_column() {
        let text = "+++\n+++\n\n| # | Task | Human Est. | Claude Time |\n|---|---|---|---|\n\
                    | 7 | Fix CI | 2h | 10min |\n| 8 | Fix CI | 1h | 10min |\n| 9 | Ship | 1h | 30min |\n";
        let dir = site_with(&[("2026-03-01", text)]);
        let (_, files) = built(dir.path(), "public", true);
        let page =
            String::from_utf8(files[Path::new("records/2026-03-01/index.html")].clone()).expect("text");
        for label in [">#7 Fix CI</text>", ">#8 Fix CI</text>", ">#9 Ship</text>"] {
            assert!(page.contains(label), "{label}");
        }
    }

    #[test]
    fn the_model_keeps_each_records_task_leverages() {
        let dir = site_with(&[
            ("2026-03-01", &format!("+++\n+++\n\n{TABLE}| A | 8h | 12min |\n| B | 1h | 30min |\n")),
            ("2026-03-02", &format!("+++\n+++\n\n{TABLE}| C | 3h | 9min |\n")),
        ]);
        let report = load(&BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() });
        let mut model = report.model.expect("a model");
        let shown = |model: &Model| -> Vec<Vec<String>> {
            model
                .records
                .iter()
                .map(|entry| {
                    let kept: Vec<String> =
                        model.leverages(entry).iter().map(|l| math::display::leverage(*l)).collect();
                    let tasks: Vec<String> = model
                        .record(entry)
                        .tasks()
                        .map(|t| math::display::leverage(t.figures.leverage()))
                        .collect();
                    assert_eq!(kept, tasks);
                    kept
                })
                .collect()
        };
        assert_eq!(shown(&model), [vec!["40x", "2x"], vec!["20x"]]);
        let mut second =
            model.documents.iter().find(|d| d.path.ends_with("2026-03-02.md")).expect("found").clone();
        let first =
            model.documents.iter().find(|d| d.path.ends_with("2026-03-01.md")).expect("found").path.clone();
        second.path = first.clone();
        model.replace(&first, Some(second));
        assert_eq!(shown(&model), [vec!["20x"], vec!["20x"]]);
        assert_eq!(model.spread.map(|s| math::display::leverage(s.max)).as_deref(), Some("20x"));
    }

    /// A theme that adds `partials/head.html` (which `base.html` includes when it exists) or
    /// changes `base.html` gets every page from its templates; one that changes only its tag
    /// page keeps the other pages written by `builtin`.
    #[test]
    fn a_changed_template_renders_its_pages_through_the_templates() {
        use crate::builtin::Page;
        let dir = site_with(&[(
            "2026-03-01",
            &format!("+++\ntags = [\"a\"]\n+++\n\n{TABLE}| Build | 8h | 12min |\n"),
        )]);
        let root = dir.path();
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let built = || {
            let (report, built) = run_keeping(&options, false);
            (report, built.expect("builds"))
        };
        let page = |built: &Built, report: &Report, kind: fn(&PageKind) -> bool| {
            let model = report.model.as_ref().expect("a model");
            let renderer = Renderer::new(model, &built.templates, &built.stylesheet);
            let page = built.planned.iter().find(|p| kind(&p.kind)).expect("the page");
            String::from_utf8(renderer.render(page).expect("renders")).expect("UTF-8")
        };
        let record = |kind: &PageKind| matches!(kind, PageKind::Record(_));
        let tag = |kind: &PageKind| matches!(kind, PageKind::Tag(_, _));
        let (report, all) = built();
        assert_eq!(all.templates.builtin_pages, Page::ALL);
        assert!(!page(&all, &report, record).contains("<meta name=\"mine\">"));

        write(root, "templates/partials/head.html", "<meta name=\"mine\">");
        let (report, none) = built();
        assert_eq!(none.templates.builtin_pages, []);
        assert!(page(&none, &report, record).contains("<meta name=\"mine\">\n</head>"));
        assert!(page(&none, &report, tag).contains("<meta name=\"mine\">\n</head>"));

        std::fs::remove_file(root.join("templates/partials/head.html")).expect("removed");
        let base = theme::default_template("base.html").expect("the default base");
        write(root, "templates/base.html", &base.replace("<body>", "<body class=\"mine\">"));
        let (report, none) = built();
        assert_eq!(none.templates.builtin_pages, []);
        assert!(page(&none, &report, record).contains("<body class=\"mine\">"));

        std::fs::remove_file(root.join("templates/base.html")).expect("removed");
        let tag_html = theme::default_template("tag.html").expect("the default tag page");
        write(root, "templates/tag.html", &tag_html.replace("<h1>", "<h1 class=\"mine\">"));
        let (report, some) = built();
        assert_eq!(some.templates.builtin_pages, [Page::Home, Page::Archive, Page::Record, Page::Workstream]);
        assert!(page(&some, &report, tag).contains("<h1 class=\"mine\">"));
        assert_eq!(page(&some, &report, record), page(&all, &report, record));
    }

    /// A build lets go of a record's text as soon as the record is parsed, unless something
    /// will quote it: a diagnostic while parsing (a stated figure that differs) keeps it, and
    /// one found while rendering (a link to an element no page has) reads it again.
    #[test]
    fn texts_are_let_go_while_loading_and_read_again_to_be_quoted() {
        let table = "| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n";
        let dir = site_with(&[
            ("2026-03-01", &format!("+++\n+++\n\n{table}| Build | 8h | 12min | 40x |\n")),
            // Stated 30x where 8h / 12min is 40x: a warning found while the file is parsed.
            ("2026-03-02", &format!("+++\n+++\n\n{table}| Build | 8h | 12min | 30x |\n")),
            // A link to an id the first record's page does not have: found once it is rendered.
            (
                "2026-03-03",
                &format!(
                    "+++\n+++\n\nSee [it](/records/2026-03-01/#nowhere).\n\n{table}| Build | 8h | 12min | 40x |\n"
                ),
            ),
        ]);
        let root = dir.path();
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let text = |report: &Report, name: &str| {
            let model = report.model.as_ref().expect("a model");
            let document = model.documents.iter().find(|d| d.path.ends_with(name)).expect("the document");
            report.sources.get(document.file).text.clone()
        };
        let loaded = load_rendering(&options, Rendering::Releasing, false).report;
        assert_eq!(text(&loaded, "2026-03-01.md"), "", "let go while loading");
        assert!(text(&loaded, "2026-03-02.md").contains("30x"), "kept for its warning");
        assert_eq!(text(&loaded, "2026-03-03.md"), "", "nothing to quote yet");
        assert!(
            loaded.diagnostics.iter().any(|d| d.message.contains("stated 30x")),
            "{:?}",
            loaded.diagnostics
        );
        let kept = load_rendering(&options, Rendering::Keeping, false).report;
        assert!(text(&kept, "2026-03-01.md").contains("40x"));
        let (built, _) = built(root, "out", false);
        assert!(text(&built, "2026-03-02.md").contains("30x"));
        assert!(built.diagnostics.iter().any(|d| d.message.contains("`nowhere`")), "{:?}", built.diagnostics);
        assert!(text(&built, "2026-03-03.md").contains("#nowhere"), "read again for its warning");
    }

    /// A body's links to markdown files and wiki-links are holes of its first pass, filled with
    /// where they lead once the pages are known: its text is let go, and each page is byte for
    /// byte the one rendered from the text. A link the writer does not write as one (inside a
    /// picture's text) sends its page to the text.
    #[test]
    fn followed_links_are_spliced_as_render_writes_them() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(
            root,
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/blog/\"\ninsert_anchor_links = \"left\"\n",
        );
        let record = |before: &str, after: &str| {
            format!("+++\n+++\n\n{before}\n\n{TABLE}| Build | 8h | 12min |\n\n{after}\n")
        };
        let first = record(
            "Intro with [the next day](2026-03-02.md \"Next\") and [[2026-03-02#Wrap up|its end]], [[About]], \
             [[about|Über & us]] and [a note](../notes.md#intro).",
            "## See [[notes]]\n\nText [^n] and [[#See notes]].\n\n[^n]: Back to [[2026-03-02]].",
        );
        write(root, "content/records/2026-03-01.md", &first);
        let second = record(
            "{{ figure(src=\"https://example.com/a.png\") }} then [[2026-03-01]].",
            "## Wrap up\n\nA {{ figure(src=\"https://example.com/b.png\") }} [[about]] {{ figure(src=\"https://example.com/c.png\") }}.",
        );
        write(root, "content/records/2026-03-02.md", &second);
        write(
            root,
            "content/records/2026-03-03.md",
            &record("![see [the notes](../notes.md)](https://example.com/p.png)", ""),
        );
        write(root, "content/about.md", "# About\n\nBack to [[2026-03-01]] and [the notes](notes.md).\n");
        write(root, "content/notes.md", "# Notes on [[about]]\n\n## Intro\n\nSee [[#Intro]].\n");

        let (released, files) = built(root, "out", false);
        assert!(released.diagnostics.is_empty(), "{:?}", released.diagnostics);
        let text = |name: &str| {
            let model = released.model.as_ref().expect("a model");
            let document = model.documents.iter().find(|d| d.path.ends_with(name)).expect("the document");
            released.sources.get(document.file).text.len()
        };
        for name in ["2026-03-01.md", "2026-03-02.md", "about.md", "notes.md"] {
            assert_eq!(text(name), 0, "{name}: spliced, its text let go");
        }
        assert!(text("2026-03-03.md") > 0, "a link inside a picture's text: rendered from the text");
        let page = |path: &str| String::from_utf8_lossy(&files[&PathBuf::from(path)]).into_owned();
        let day = page("records/2026-03-01/index.html");
        for href in [
            "<a href=\"https://example.org/blog/records/2026-03-02/\" title=\"Next\">the next day</a>",
            "<a href=\"https://example.org/blog/records/2026-03-02/#wrap-up\">its end</a>",
            "<a href=\"https://example.org/blog/about/\">About</a>",
            "<a href=\"https://example.org/blog/about/\">Über &amp; us</a>",
            "<a href=\"https://example.org/blog/notes/#intro\">a note</a>",
            "<a href=\"https://example.org/blog/notes/\">notes</a></h2>",
            "<a href=\"https://example.org/blog/records/2026-03-01/#see-notes\">See notes</a>",
            "Back to <a href=\"https://example.org/blog/records/2026-03-02/\">2026-03-02</a>",
        ] {
            assert!(day.contains(href), "{href}\n{day}");
        }
        assert!(
            page("about/index.html").contains("<a href=\"https://example.org/blog/notes/\">the notes</a>")
        );

        // The same pages rendered from the texts.
        let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
        let (report, kept) = run_keeping(&options, false);
        let (model, kept) = (report.model.as_ref().expect("a model"), kept.expect("the site builds"));
        let renderer = Renderer::new(model, &kept.templates, &kept.stylesheet);
        let documents: Vec<&PlannedPage> = kept
            .planned
            .iter()
            .filter(|p| matches!(p.kind, PageKind::Record(_) | PageKind::Page(_)))
            .collect();
        assert_eq!(documents.len(), 5);
        for planned in documents {
            let from_text = renderer.render(planned).expect("rendered");
            assert_eq!(
                String::from_utf8_lossy(&from_text),
                String::from_utf8_lossy(&files[&PathBuf::from(&planned.path)]),
                "{}",
                planned.path
            );
        }
    }

    /// Pieces of markdown around links to other pages: in headings (the title among them),
    /// footnotes, lists, quotes, tables, raw HTML and pictures, beside shortcodes, with titles,
    /// references, and names that take escaping or are in decomposed form.
    const LINKING: &[&str] = &[
        "[next](2026-03-02.md)",
        "[next](2026-03-02.md#wrap-up \"T\\\"&\")",
        "[[2026-03-02#Wrap up|its end]]",
        "[[2026-03-02#Nope]]",
        "[[About]] and [[about|Über & us]]",
        "[a](../about.md#x) [b](@/about.md)",
        "[s](../a%20b.md) [s](<../a b.md>) [[a b]] [[a&b]]",
        "[c](../caf\u{e9}.md) [[cafe\u{301}]] [[caf\u{e9}#Ünïcode Head]]",
        "[[notes/setup]] [[setup#Install]] [[../about]] [[records/2026-03-02]]",
        "[[#Local]] [[#local]] [[missing]] [m](missing.md)",
        "## Local",
        "## Local [[about]]",
        "# Title [[about]]",
        "## [[about]]",
        "{{ figure(src=\"https://example.com/a.png\") }}",
        "A {{ figure(src=\"https://example.com/b.png\") }}[[about]]",
        "[^n] text",
        "[^n]: note [[about]] and [x](../about.md)",
        "![[p.png|300]] ![p [l](../about.md)](p.png) [![i](p.png)](../about.md)",
        "[x][r] and [r]\n\n[r]: ../about.md \"R\"",
        "<div>[[about]]</div>",
        "- [[about]]\n  - [n](2026-03-02.md)",
        "> [!TIP]\n> [[about#Contact|c]]",
        "Term [[about]]\n---",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build [[about]] [^n] | 8h | 12min |",
        "[a {{ figure(src=\"https://example.com/a.png\") }}](../about.md)",
        "<a.md> <info@gov.md> https://example.org/x.md",
        "<me@x.pdf> [m](me@x.pdf) [[me@x.pdf]]",
        "![[Pasted image 1.png]] ![[pasted image 1.PNG|200]] ![c](img/c%20d.png \"T\") [r](../report.pdf#p=2)",
        "[[report.pdf]] [[report.pdf|the report]] ![[local.png]] ![l](local.png) ![n](nowhere.png)",
        "[![[local.png]]](../report.pdf) ![a [[report.pdf]] b](img/c d.png)",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Shot ![[Pasted image 1.png]] [r](../report.pdf) | 8h | 12min |",
        "[[missing|not yet]] [[notes/nowhere#Part]] [[Agenda: Q1]] ![a [[missing]] b](p.png) [[missing]]s",
        "## Plan [[missing]]",
        "[[/about/]] [[notes/]] [[St.Louis]] [[2026-03-02.md]]",
        "[soon](2026-03-05.md \"Soon & \\\"then\\\"\") [s](../records/2026-03-05.md#x) [[2026-03-05|later]] [[Vue.js]]",
        "![a [l](2026-03-05.md \"T\") b](p.png) ![c [[Vue.js]] d](p.png) [![i](p.png)](2026-03-05.md)",
        "[x][d] [d]\n\n[d]: ../records/2026-03-05.md \"D\"",
        "## Soon [later](2026-03-05.md)",
        "# Title [[missing|later]]",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Plan [[missing\\|later]] | 8h | 12min |",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 64, ..Default::default() })]

        /// With a real site's pages, each body's first pass spliced with where its links lead
        /// is byte for byte the body rendered from its text (`body::render_document`).
        #[test]
        fn a_first_pass_with_links_splices_like_render_in_a_real_site(
            bodies in proptest::collection::vec(
                proptest::collection::vec((0..LINKING.len(), 0usize..4), 1..6),
                4,
            ),
        ) {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let root = dir.path();
            write(root, "site.toml", "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n\
                insert_anchor_links = \"left\"\nrecord_note = \"## Contact\\n\\nSee [[about]].\"\n");
            write(root, "content/records/2026-03-02.md", "+++\n+++\n\n## Wrap up\n\n## Main\n\ntext\n");
            write(root, "content/about.md", "# About\n\n## Contact\n\n## Contact\n\nx\n");
            write(root, "content/a b.md", "# AB\n\nx\n");
            write(root, "content/a&b.md", "# AandB\n\nx\n");
            write(root, "content/caf\u{e9}.md", "# Cafe\n\n## Ünïcode Head\n\nx\n");
            write(root, "content/notes/setup.md", "# Setup\n\n## Install\n\nx\n");
            // Drafts, which links show as text.
            write(root, "content/records/2026-03-05.md", "+++\ndraft = true\n+++\n## x\n");
            write(root, "content/Vue.js.md", "+++\ndraft = true\n+++\nx\n");
            // Attachments: by name anywhere, and beside the records (`img/`) or the pages.
            write(root, "content/attachments/Pasted image 1.png", "png");
            write(root, "content/records/img/c d.png", "png");
            write(root, "content/report.pdf", "pdf");
            write(root, "content/cases/local.png", "png");
            write(root, "content/cases/me@x.pdf", "pdf");
            for (n, pieces) in bodies.iter().enumerate() {
                let mut body = String::new();
                for &(piece, gap) in pieces {
                    body.push_str(LINKING[piece]);
                    body.push_str(["\n\n", "\n", " ", "\r\n\r\n"][gap]);
                }
                // Two records (their tables replaced) and two pages.
                let path = if n < 2 { format!("content/records/2026-04-0{}.md", n + 1) } else { format!("content/cases/c{n}.md") };
                write(root, &path, &format!("+++\ntitle = \"C{n}\"\n+++\n{body}"));
            }
            let report = crate::load(&BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() });
            let model = report.model.as_ref().expect("a model");
            let options = model.config.content_options();
            let note_ids = body::note_ids(model.config.record_note.as_deref());
            let style = body::HeadingStyle { anchors: model.config.insert_anchor_links, reserved: &note_ids };
            let urls = crate::view::Urls::new(&model.config.base_url);
            for document in model.documents.iter().filter(|d| {
                let path = d.path.to_string_lossy();
                path.contains("/cases/") || path.contains("2026-04-")
            }) {
                let files = body::Files { attachments: &model.attachments, urls: &urls, from: &document.path };
                let (_, (prerendered, _)) =
                    parse_and_render(&model.sources, document.file, &options, true, style, files);
                let mut replace: Vec<(usize, String)> = (document.shortcodes.iter().enumerate())
                    .map(|(n, shortcode)| (shortcode.span.start as usize, format!("<i>{n}</i>")))
                    .collect();
                if let Some(record) = document.record() {
                    let aggregates = record.aggregates.iter().filter(|t| !t.as_written);
                    for span in record.tables.iter().map(|t| t.span).chain(aggregates.map(|t| t.span)) {
                        replace.push((span.start as usize, "<div>t</div>\n".to_string()));
                    }
                }
                replace.sort_by_key(|(start, _)| *start);
                let pages = crate::md_link::Pages { model, urls: &urls, from: &document.path };
                let text = &model.sources.get(document.file).text;
                let (expected, headings) = body::render_document(text, document, &replace, model.config.highlight_code, style, Some(pages));
                let spliced = prerendered.and_then(|p| Some((p.splice(&replace, Some(pages))?, p)));
                if let Some((spliced, prerendered)) = spliced {
                    proptest::prop_assert_eq!(&spliced, &expected, "{}", document.path.display());
                    proptest::prop_assert_eq!(prerendered.headings(), headings.as_slice());
                }
            }
        }
    }

    /// A wiki-link or a markdown file's link to a heading of a body its page splices is not
    /// looked for again in the built page; one to a heading found only in the text rendered
    /// without the page's title is: a footnote whose only mark is in the cut title is not on the
    /// page, nor its headings.
    #[test]
    fn a_link_s_heading_is_trusted_only_from_a_spliced_body() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(root, "site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n");
        write(
            root,
            "content/records/2026-03-01.md",
            &format!("+++\n+++\n\n{TABLE}| Build | 8h | 12min |\n\n## Analysis\n\nFine.\n"),
        );
        write(
            root,
            "content/a.md",
            "# Title [^n]\n\nText [[b]].\n\n[^n]: note\n\n    ## Hidden\n\n    more\n",
        );
        write(
            root,
            "content/b.md",
            "# B\n\nSee [[a#Hidden]], [[2026-03-01#Analysis]] and [[a#Nowhere]].\n\n\
             [1](records/2026-03-01.md#analysis) [2](a.md#hidden) [3](records/2026-03-01.md#nope)\n",
        );
        let options = BuildOptions {
            root: root.to_path_buf(),
            output_dir: Some(root.join("out")),
            ..BuildOptions::default()
        };
        let (report, _) = run_site(&options, true, false);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let model = report.model.as_ref().expect("a model");
        let on_page = |target: &str| {
            crate::md_link::wiki(model, Path::new("content/b.md"), target).map(|found| found.heading_on_page)
        };
        assert_eq!(on_page("2026-03-01#Analysis"), Some(true), "the record's body splices");
        assert_eq!(on_page("a#Hidden"), Some(false), "a.md renders from its text");
        let shows = |path: &str, id: &str| {
            let index = model.documents.iter().position(|d| d.path == Path::new(path)).expect("the document");
            model.shows_heading_id(index, id)
        };
        assert!(shows("content/records/2026-03-01.md", "analysis"));
        assert!(!shows("content/records/2026-03-01.md", "nope"));
        assert!(!shows("content/a.md", "hidden"));
        let warned: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("points at no element"))
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(warned.len(), 4, "{warned:?}");
        for link in ["[[a#Hidden]]", "[[a#Nowhere]]", "`a.md#hidden`", "`records/2026-03-01.md#nope`"] {
            assert!(warned.iter().any(|m| m.contains(link)), "{link}: {warned:?}");
        }
    }

    #[test]
    fn letting_texts_go_changes_no_page() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(root, "site.toml", "title = \"T\"\n");
        let record = |rows: &str, after: &str| {
            format!("+++\n+++\n\nIntro.\n\n{TABLE}{rows}\n{after}\nClosing words.\n")
        };
        // Renders from its prerendered body alone.
        write(root, "content/records/2026-03-01.md", &record("| Build | 8h | 12min |\n", ""));
        // A second aggregate stats table is replaced by nothing, so the page renders from the text.
        let stats = format!("## Aggregate Stats\n\n{STATS}\nBetween.\n\n{STATS}");
        write(root, "content/records/2026-03-02.md", &record("| Build | 8h | 12min |\n", &stats));
        // A footnote inside a replaced table takes no number either way: from the body alone.
        let notes = "Middle [^b].\n\n[^a]: a\n[^b]: b\n";
        write(root, "content/records/2026-03-03.md", &record("| Build [^a] | 8h | 12min |\n", notes));
        // A table that is not a task table stays: rendered from the text.
        let other = "| City | Team |\n|---|---|\n| Oslo | 4 |\n";
        write(root, "content/records/2026-03-04.md", &record("| Build | 8h | 12min |\n", other));
        write(root, "content/about.md", "# About\n\nHi.\n");
        // Shortcodes are holes of the prerendered body, as tables are.
        let calls = "{{ figure(src=\"https://example.com/a.png\") }}\nA {{ figure(src=\"https://example.com/b.png\") }}.\n\n\
                     {% details() %}\nInside.\n{% end %}\n";
        write(root, "content/records/2026-03-05.md", &record("| Build | 8h | 12min |\n", calls));
        write(root, "content/notes.md", &format!("# Notes\n\n{calls}"));

        let (kept, before) = built(root, "kept", true);
        let (released, after) = built(root, "released", false);
        assert_eq!(before, after);
        for day in ["01", "02", "03", "04", "05"] {
            let page = &after[&PathBuf::from(format!("records/2026-03-{day}/index.html"))];
            assert!(String::from_utf8_lossy(page).contains("Closing words."), "{day}");
        }
        let text = |report: &Report, name: &str| {
            let model = report.model.as_ref().expect("a model");
            let document = model.documents.iter().find(|d| d.path.ends_with(name)).expect("the document");
            report.sources.get(document.file).text.len()
        };
        assert!(text(&kept, "2026-03-01.md") > 0);
        assert_eq!(text(&released, "2026-03-01.md"), 0, "a page that needs no text lets it go");
        assert_eq!(text(&released, "about.md"), 0);
        assert_eq!(text(&released, "2026-03-05.md"), 0, "a record with shortcodes lets it go");
        assert_eq!(text(&released, "notes.md"), 0, "and a page with shortcodes");
        let calls =
            String::from_utf8_lossy(&after[&PathBuf::from("records/2026-03-05/index.html")]).into_owned();
        assert!(
            calls.contains("<p>A <figure class=\"figure\"><img src=\"https://example.com/b.png\""),
            "{calls}"
        );
        assert!(text(&released, "2026-03-02.md") > 0 && text(&released, "2026-03-04.md") > 0);
        // The footnote's mark in the task table is warned of, and the warning quotes the text.
        assert!(text(&released, "2026-03-03.md") > 0);
        let city = &after[&PathBuf::from("records/2026-03-04/index.html")];
        assert!(String::from_utf8_lossy(city).contains("<td>Oslo</td>"), "the other table is on the page");

        // A theme whose task table does not end a line: every page renders from its text.
        write(
            root,
            "templates/partials/task_table.html",
            "<table><caption>{{ table.ai_label }}</caption></table>",
        );
        let (_, before) = built(root, "kept-theme", true);
        let (released, after) = built(root, "released-theme", false);
        assert_eq!(before, after);
        assert!(text(&released, "2026-03-01.md") > 0);
    }
}
