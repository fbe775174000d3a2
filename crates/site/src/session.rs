//! Session: a built site kept in memory so that an edit re-renders only what it affects.
//!
//! `serve` opens a session on a private output folder, then hands it the paths that changed. A
//! content edit re-reads and re-parses only the changed files (against a cheap clone of the
//! sources, so a failed edit leaves everything as it was), re-indexes the model, and re-renders the
//! edited pages first, then the pages that depend on them (its neighbours, home, archive, its tags
//! and workstreams, feed, sitemap, exports). site.toml, templates and theme changes rebuild
//! everything, atomically, and so does every save while the site as a whole does not build.
//! Nothing here serves HTTP or prints.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use content::{ContentError, Diagnostic, Severity, Span};
use rayon::prelude::*;

use crate::build::{self, BuildOptions, Built, Report};
use crate::error::SiteError;
use crate::model::Model;
use crate::pages::{self, PageKind, PlannedPage, Renderer, Templates};
use crate::slug::slugify;
use crate::theme::{self, Theme};
use crate::{attachment, audit, output};

/// What an applied change did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Diagnostics of the change (errors mean nothing was written).
    pub report: Report,
    /// Output paths written, in the order written (the edited record's page first).
    pub written: Vec<String>,
    /// Pages rendered again to the bytes already there, and so not written: no tab on them
    /// needs to reload.
    pub unchanged: Vec<String>,
    /// How many of `written`, from the start, are the edit's own pages: the ones announced to
    /// `on_first_written` when others followed them.
    pub first: usize,
    /// Output paths removed.
    pub removed: Vec<String>,
    /// The new stylesheet URL when only static files changed and the stylesheet is among them:
    /// browsers can swap it without a reload.
    pub stylesheet: Option<String>,
    /// True when the change was a full rebuild.
    pub full: bool,
    /// True when static files were copied again: any page may show them, though none was
    /// rendered again for it.
    pub static_files: bool,
}

impl Outcome {
    /// Every page the change rendered again: written, or found unchanged.
    pub fn rendered(&self) -> impl Iterator<Item = &String> {
        self.written.iter().chain(&self.unchanged)
    }

    /// True when the change failed and the previous site is still served.
    pub fn failed(&self) -> bool {
        self.report.failed()
    }
}

/// A site kept in memory, rendered into a folder of its own.
#[derive(Debug)]
pub struct Session {
    options: BuildOptions,
    model: Model,
    stylesheet: String,
    planned: Vec<PlannedPage>,
    /// The theme's templates, compiled once per theme change rather than once per edit.
    templates: Templates,
    /// True when a template other than the home page's prints site-wide figures: every page
    /// then changes with them.
    site_totals_everywhere: bool,
    /// True when the home page's template prints site-wide figures: every home page, not only
    /// the first, then changes with them (the default theme shows them on each).
    site_totals_on_home: bool,
    /// Each record's template summary by source path, kept between edits: turning 10,000 of them
    /// into template values again on every save would delay the edited page.
    summaries: std::collections::HashMap<PathBuf, minijinja::Value>,
    /// Told the paths of an edit's own pages once they are written, before the pages that depend
    /// on them (see `on_first_written`).
    first_written: Option<FirstWritten>,
    /// The output paths static files are copied to (the theme's and the site's). As in a build,
    /// where they are copied last, a page planned on one of them is never written over it, nor
    /// removed when it leaves the plan.
    static_names: BTreeSet<String>,
    /// The length and hash of each page as last written by this session, by output path: a page
    /// rendered again to the same bytes is not written again, and so reloads no tab (an edit to a
    /// draft that is left out, or to a prose line no other page shows).
    pages_written: std::collections::HashMap<String, (usize, u64)>,
    /// Content files saved since the site last built, in saves that failed: each later save is
    /// applied with them, read again from the disk, so that the site serve shows is the one a
    /// build of the folder would make. A record renamed while broken then leaves no copy under
    /// its old name, a clash mended in the other file lets the refused one in, and a save of
    /// another file while one is broken is an error until that one is mended, as a build is.
    pending: BTreeSet<PathBuf>,
    /// The site as a whole failed to build since it last built (a template, site.toml, a folder
    /// that cannot be read): every save is a whole build until one succeeds, since the pages of
    /// a save of one record would be those of a site that does not build.
    broken: bool,
    /// The site's warnings as they stand, kept as saves are applied (`warnings`).
    warnings: Warnings,
    /// The last whole build's diagnostics, not yet sorted into `warnings`: sorting them checks
    /// every document's links again, which the first page served does not wait for.
    unsorted: Option<Vec<Diagnostic>>,
}

/// The site's warnings as they stand after the saves applied so far: a save's outcome holds the
/// warnings of what it read and checked again, which a tab's count of warnings would otherwise
/// take for all of them (one save showed two, the next one, though nothing was mended).
#[derive(Debug, Default)]
struct Warnings {
    /// Each file's (by its path in the sources): a document's own (its reading, its figures'
    /// checks, its links, its date), given again whole when it is saved; site.toml's, a
    /// template's or a static file's, given again by a whole rebuild.
    own: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Each document's links that lead nowhere, by its path: given again when it is saved, and
    /// when another save may have mended them (a page added, a heading written).
    links: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// The whole site's checks of names, each given again whole when a save may change it:
    /// tags and workstreams written two ways, URLs that differ only in case; and the static
    /// files that replace a page, given again with each new plan.
    tags: Vec<Diagnostic>,
    streams: Vec<Diagnostic>,
    case: Vec<Diagnostic>,
    /// Drafts whose page would be a published page's (`audit::draft_warnings`).
    drafts: Vec<Diagnostic>,
    replacing: Vec<Diagnostic>,
}

/// The warnings of a save's checks of links and names (`Session::link_warnings`); `None` for a
/// check of the whole site the save left alone.
struct SavedWarnings {
    /// The saved documents' dates (one after tomorrow) and, apart, their links.
    own: Vec<Diagnostic>,
    links: Vec<Diagnostic>,
    tags: Option<Vec<Diagnostic>>,
    streams: Option<Vec<Diagnostic>>,
    case: Vec<Diagnostic>,
    drafts: Vec<Diagnostic>,
}

impl SavedWarnings {
    fn into_all(self) -> impl Iterator<Item = Diagnostic> {
        self.own
            .into_iter()
            .chain(self.links)
            .chain(self.tags.into_iter().flatten())
            .chain(self.streams.into_iter().flatten())
            .chain(self.case)
            .chain(self.drafts)
    }
}

impl Warnings {
    /// The warnings of a whole build, `diagnostics`, of the session's site.
    fn of(diagnostics: &[Diagnostic], session: &mut Session) -> Warnings {
        let (model, planned) = (&session.model, &session.planned);
        let mut warnings = Warnings {
            own: BTreeMap::new(),
            links: BTreeMap::new(),
            tags: audit::tag_warnings(model),
            streams: audit::workstream_warnings(model),
            case: audit::case_warnings(model, planned),
            drafts: audit::draft_warnings(model, planned),
            replacing: Vec::new(),
        };
        warnings.replacing = session.replacing_warnings();
        // site.toml's among them, for its `record_note`'s links.
        let paths: Vec<PathBuf> = session
            .model
            .documents
            .iter()
            .map(|d| d.path.clone())
            .chain([PathBuf::from(crate::config::FILE)])
            .collect();
        let links = session.links_of(&paths, &session.options.output());
        let model = &session.model;
        let of_names: HashSet<&Diagnostic> = warnings
            .tags
            .iter()
            .chain(&warnings.streams)
            .chain(&warnings.case)
            .chain(&warnings.drafts)
            .chain(&warnings.replacing)
            .chain(&links)
            .collect();
        let own: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && !of_names.contains(d))
            .cloned()
            .collect();
        warnings.add(own, &model.sources);
        warnings.set_links(&paths, links, &model.sources);
        warnings
    }

    /// The link warnings of the documents at `checked`, all of them.
    fn set_links(&mut self, checked: &[PathBuf], links: Vec<Diagnostic>, sources: &content::Sources) {
        for path in checked {
            self.links.remove(path);
        }
        for warning in links {
            self.links.entry(sources.get(warning.span.file).path.clone()).or_default().push(warning);
        }
    }

    /// Adds warnings to the files they are in, each once.
    fn add(&mut self, warnings: impl IntoIterator<Item = Diagnostic>, sources: &content::Sources) {
        for warning in warnings.into_iter().filter(|d| d.severity == Severity::Warning) {
            let own = self.own.entry(sources.get(warning.span.file).path.clone()).or_default();
            if !own.contains(&warning) {
                own.push(warning);
            }
        }
    }

    /// A save of the documents at `saved` (their paths in the sources), which gave `read` (their
    /// reading and figures' checks) and `checked`.
    fn saved(
        &mut self,
        saved: &[PathBuf],
        read: &[Diagnostic],
        checked: &SavedWarnings,
        sources: &content::Sources,
    ) {
        for path in saved {
            self.own.remove(path);
        }
        self.add(read.iter().chain(&checked.own).cloned(), sources);
        self.set_links(saved, checked.links.clone(), sources);
        if let Some(tags) = &checked.tags {
            self.tags.clone_from(tags);
        }
        if let Some(streams) = &checked.streams {
            self.streams.clone_from(streams);
        }
        self.case.clone_from(&checked.case);
        self.drafts.clone_from(&checked.drafts);
    }

    /// Every warning, by file and place, as a build orders them.
    fn all(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .own
            .values()
            .flatten()
            .chain(self.links.values().flatten())
            .chain(&self.tags)
            .chain(&self.streams)
            .chain(&self.case)
            .chain(&self.drafts)
            .chain(&self.replacing)
            .cloned()
            .collect();
        all.sort_by_key(|d| (d.span.file, d.span.start));
        all.dedup();
        all
    }
}

/// The id of a file that could not be read, emptied: its error quotes none of the text it had
/// (as a build, which never read it, quotes none).
fn unread(sources: &mut content::Sources, relative: &Path) -> content::FileId {
    match sources.find(relative) {
        Some(file) => {
            sources.replace(file, String::new());
            file
        }
        None => sources.add(relative, String::new()),
    }
}

/// Whether `document` links to the markdown file at one of `paths` (`md_link`), whose page a
/// save added, moved or removed (`moved`); or has a wiki-link whose name is one of theirs, which
/// may now lead elsewhere (`moved`), or to a heading whose id the save may have changed.
fn links_to_any(document: &content::Document, paths: &[PathBuf], moved: bool) -> bool {
    document.links.iter().filter(|link| !link.image && (moved || link.wiki)).any(|link| {
        if link.wiki {
            let name = crate::md_link::WikiName::of(&link.dest);
            // `[[#Analysis]]` leads into its own page.
            if name.name.is_empty() || (!moved && name.heading.is_empty()) {
                return false;
            }
            let called = crate::model::wiki_key(name.name);
            return paths.iter().any(|path| crate::model::wiki_names(path).any(|names| names == called));
        }
        crate::md_link::file(&document.path, &link.dest).is_some_and(|(file, _)| paths.contains(&file))
    })
}

/// The documents whose links to markdown files a save leads elsewhere (`links_to_any`), with
/// what shows their cells and bodies: their workstreams' pages and their tags' feeds.
#[derive(Debug, Default)]
struct Linking {
    /// Looked up for each planned page.
    paths: BTreeSet<PathBuf>,
    tags: BTreeSet<String>,
    streams: BTreeSet<String>,
}

impl Linking {
    /// `moved`: the save added, moved or removed a page.
    fn of(model: &Model, saved: &[PathBuf], moved: bool) -> Linking {
        // Composed, as links name them (`md_link::file`).
        let saved: Vec<PathBuf> = saved.iter().map(|path| crate::model::composed_path(path)).collect();
        let mut linking = Linking::default();
        for document in model.documents.iter().filter(|d| links_to_any(d, &saved, moved)) {
            linking.paths.insert(document.path.clone());
            linking.tags.extend(document.tags.iter().map(|t| slugify(&t.value)));
            if let Some(record) = document.record() {
                let streams = record.tasks().filter_map(|t| t.workstream.as_ref());
                linking.streams.extend(streams.map(|w| slugify(&w.value)));
            }
        }
        linking
    }
}

/// The length and hash of a page's bytes, as `Session::pages_written` keeps them: xxh3, the
/// hash that names the stylesheet, made for speed where SipHash is made to resist attacks.
fn fingerprint(bytes: &[u8]) -> (usize, u64) {
    (bytes.len(), xxhash_rust::xxh3::xxh3_64(bytes))
}

/// A callback given the output paths of pages just written.
type Written = dyn Fn(&[String]) + Send;

/// What `Session::on_first_written` calls.
struct FirstWritten(Box<Written>);

impl std::fmt::Debug for FirstWritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FirstWritten")
    }
}

/// What serve does for an attachment saved (`Session::attachment_saved`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Saved {
    /// Nothing: no published page links it (a `TODO`, Vim's `4913`, a picture not yet shown).
    Nothing,
    /// Copies it again, as a static file saved (`apply_static`): a page linked it already.
    Copied,
    /// Builds the site again: a page links it now, or linked it before it was added or removed.
    Linked,
}

/// How a changed path is handled.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Content,
    Static,
    /// A file below content/ that is neither markdown nor a bundle's: an attachment
    /// (`attachment`), which a page may link.
    Attachment,
    Full,
    Ignored,
}

impl Session {
    /// Builds the whole site into `options.output()` and keeps it. Returns the report of the
    /// build either way; the session only when it succeeded.
    pub fn open(options: BuildOptions) -> (Report, Option<Session>) {
        let (mut report, built) = build::run_keeping(&options, true);
        match (report.model.take(), built) {
            (Some(model), Some(built)) => {
                report.model = None;
                let mut session = Session::from_parts(options, model, built);
                session.unsorted = Some(report.diagnostics.clone());
                (report, Some(session))
            }
            (model, _) => {
                report.model = model;
                (report, None)
            }
        }
    }

    fn from_parts(options: BuildOptions, model: Model, built: Built) -> Session {
        let reading: Vec<&str> = built.templates.reading_site_totals().collect();
        let site_totals_everywhere = reading.iter().any(|name| *name != "index.html");
        let site_totals_on_home = reading.contains(&"index.html");
        // The first build's summaries, cards and all: made again, they would cost the first
        // edit the time to make 10,000 of them, and the first that changes a figure their cards.
        let summaries = model
            .records
            .iter()
            .zip(built.summaries)
            .filter_map(|(entry, summary)| Some((model.document(entry).path.clone(), summary?)))
            .collect();
        Session {
            model,
            stylesheet: built.stylesheet,
            static_names: built.static_names,
            planned: built.planned,
            templates: built.templates,
            site_totals_everywhere,
            site_totals_on_home,
            summaries,
            first_written: None,
            pages_written: std::collections::HashMap::new(),
            pending: BTreeSet::new(),
            broken: false,
            warnings: Warnings::default(),
            unsorted: None,
            options,
        }
    }

    /// The warnings at the static files that replace a page of the plan, as a build gives them.
    fn replacing_warnings(&mut self) -> Vec<Diagnostic> {
        let theme_static = format!("themes/{}/static", self.model.config.theme);
        let replaced: Vec<&PlannedPage> =
            self.planned.iter().filter(|page| self.static_names.contains(&page.path)).collect();
        if replaced.is_empty() {
            return Vec::new();
        }
        let root = &self.options.root;
        let site_static =
            build::static_files(&self.options, &self.model).map(|(files, _)| files).unwrap_or_default();
        let replacing: Vec<(String, String)> = replaced
            .into_iter()
            .map(|page| {
                // The site's file (static/, a bundle's, an attachment), or else the theme's, as
                // the build copies them.
                let shown = match site_static.get(&page.path) {
                    Some(path) => theme::slashed(path.strip_prefix(root).unwrap_or(path)),
                    None => format!("{theme_static}/{}", page.path),
                };
                (shown, page.path.clone())
            })
            .collect();
        replacing
            .iter()
            .filter_map(|(shown, name)| build::replacing_warning(&mut self.model, shown, name))
            .collect()
    }

    /// The site's warnings as they stand (the sources to show them with included): those of the
    /// last whole build, with each save's given again for what it read and checked, as a build
    /// of the folder would give them but for the links of documents not saved since to pages a
    /// save removed or renamed, checked again by the next whole rebuild.
    pub fn warnings(&mut self) -> Report {
        self.sort_warnings();
        Report { sources: self.model.sources.clone(), diagnostics: self.warnings.all(), ..Report::default() }
    }

    /// Sorts the last whole build's diagnostics into the warnings kept, if they wait (`unsorted`):
    /// before a change is applied, while the model is still the one they were given of.
    fn sort_warnings(&mut self) {
        if let Some(diagnostics) = self.unsorted.take() {
            self.warnings = Warnings::of(&diagnostics, self);
        }
    }

    /// Calls `written` with the output paths of an edit's own pages (the edited records and
    /// pages) as soon as they are written, when other pages are still to be rendered after them:
    /// serve reloads a tab showing one of them at once rather than after the home, tag and
    /// archive pages. Not called when the edit writes nothing else.
    pub fn on_first_written(&mut self, written: impl Fn(&[String]) + Send + 'static) {
        self.first_written = Some(FirstWritten(Box::new(written)));
    }

    /// The content files saved since the site last built, in saves that failed (absolute, below
    /// the root): applied with the next save that builds.
    pub fn held_back(&self) -> impl Iterator<Item = &Path> {
        self.pending.iter().map(PathBuf::as_path)
    }

    /// The model as last built.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The build options (root, output folder, base URL).
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The output path of the page of the published record or page written in `path` (absolute,
    /// below the root; `records/2026-03-01/index.html`), not its aliases' redirects: where `serve
    /// --navigate` takes its tabs. `None` for a file that is no published document.
    pub fn page_of(&self, path: &Path) -> Option<&str> {
        let relative = PathBuf::from(theme::slashed(path.strip_prefix(&self.options.root).ok()?));
        let model = &self.model;
        self.planned
            .iter()
            .find(|page| match page.kind {
                PageKind::Record(r) => model.document(&model.records[r]).path == relative,
                PageKind::Page(d) => model.documents[d].path == relative,
                _ => false,
            })
            .map(|page| page.path.as_str())
    }

    /// The published records and pages whose files are gone (absolute, below the root): serve
    /// applies them with a change whose watcher may have lost the news of one renamed away
    /// (notify-debouncer-full drops a rename's source when another file is renamed over its
    /// target within its wait, as `mv a.md b.md` then `sed -i ... b.md` does).
    ///
    /// Each folder of documents is listed once, not each file looked up: a folder of 10,000
    /// records is read in a few milliseconds, where as many look-ups take several times that.
    pub fn gone(&self) -> Vec<PathBuf> {
        let mut folders: BTreeMap<&Path, Vec<&Path>> = BTreeMap::new();
        for document in &self.model.documents {
            folders.entry(document.path.parent().unwrap_or(Path::new(""))).or_default().push(&document.path);
        }
        let root = &self.options.root;
        let mut gone = Vec::new();
        for (folder, documents) in folders {
            let names: Option<HashSet<std::ffi::OsString>> = std::fs::read_dir(root.join(folder))
                .ok()
                .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.file_name()).collect());
            gone.extend(
                documents
                    .into_iter()
                    .filter(|document| match (&names, document.file_name()) {
                        (Some(names), Some(name)) if names.contains(name) => false,
                        // Not listed, or in a folder that could not be listed: looked up.
                        _ => std::fs::symlink_metadata(root.join(document)).is_err(),
                    })
                    .map(|document| root.join(document)),
            );
        }
        gone
    }

    /// Whether a change of `path` (absolute, below the root) is one of the site's: not a file
    /// it never reads, an editor's swap file or the output.
    pub fn reads(&self, path: &Path) -> bool {
        self.kind(path) != Kind::Ignored
    }

    fn kind(&self, path: &Path) -> Kind {
        let root = &self.options.root;
        let Ok(relative) = path.strip_prefix(root) else { return Kind::Ignored };
        let output = self.options.output();
        // An editor's leftover (`style.css~`, `#base.html#`, a swap file) or `.git`, which no
        // build takes from static/, a theme or a bundle; a record is read by any name.
        let record = relative.starts_with("content") && relative.extension().is_some_and(|e| e == "md");
        let left_out = !record && relative.components().any(|c| theme::is_left_out_name(c.as_os_str()));
        if path.starts_with(&output) || relative.starts_with("public") || left_out {
            return Kind::Ignored;
        }
        if relative == Path::new(crate::config::FILE) {
            return Kind::Full;
        }
        // A path that is gone, and that the site never read nor anything below it: nothing the
        // site shows changed (Vim makes and removes `4913` beside each file it saves, to test
        // the folder). Not while the site does not build: a file gone may be what broke it (a
        // template made and removed again).
        let never_read = || {
            !self.broken
                && std::fs::symlink_metadata(path).is_err()
                && !self.model.sources.any_at_or_below(Path::new(&theme::slashed(relative)))
        };
        let theme = Path::new("themes").join(&self.model.config.theme);
        for templates in [Path::new("templates").to_path_buf(), theme.join("templates")] {
            if let Ok(below) = relative.strip_prefix(&templates) {
                // An editor's swap or backup file beside a template is never read as one.
                let read = below.as_os_str().is_empty() || theme::is_template_file(below);
                return if read && !never_read() { Kind::Full } else { Kind::Ignored };
            }
        }
        if relative.starts_with("themes") {
            return if relative.starts_with(theme.join("static")) { Kind::Static } else { Kind::Full };
        }
        if relative.starts_with("static") {
            return Kind::Static;
        }
        if relative.starts_with("content") && content::load::is_hidden(relative) {
            // An editor's lock or backup file; the build never reads one either.
            return Kind::Ignored;
        }
        if relative.starts_with("content") && relative.extension().is_some_and(|e| e == "md") {
            return Kind::Content;
        }
        if relative.starts_with("content")
            && (relative.extension().is_some_and(content::load::is_markdown_extension)
                || relative.strip_prefix("content").is_ok_and(content::load::is_text_record))
        {
            // `notes.markdown`, `records/2026-03-01.txt`: not read, but the full build warns.
            return Kind::Full;
        }
        if relative.starts_with("content") {
            // A folder of records created, renamed or removed: its files are not listed one by
            // one, so everything is read again. A file of a bundle (beside an `index.md`, at any
            // depth) is copied with its page: also everything, as a static file added would be.
            let in_bundle = path
                .ancestors()
                .skip(1)
                .take_while(|folder| {
                    folder.starts_with(root.join("content")) && *folder != root.join("content")
                })
                .any(|folder| folder.join("index.md").is_file());
            // A file outside a bundle that is not a record (`TODO`, `notes.txt`, Vim's `4913`, a
            // pasted picture) is an attachment, published when a page links it: a folder is
            // known by what it is, one that is gone by what was read below it.
            let folder = match std::fs::metadata(path) {
                Ok(meta) => meta.is_dir(),
                Err(_) => !never_read(),
            };
            return if folder || in_bundle { Kind::Full } else { Kind::Attachment };
        }
        Kind::Ignored
    }

    /// Applies changed paths (absolute, below the root). Returns `None` when none of them
    /// concerns the site.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        let kinds: Vec<(Kind, &PathBuf)> = paths.iter().map(|p| (self.kind(p), p)).collect();
        // Each attachment saved, added or removed is known from now on (a page saved next may
        // link it: Obsidian saves a pasted picture, then the note that shows it); the site is
        // built again when a page links it.
        let (mut linked, mut copied) = (false, false);
        for (_, path) in kinds.iter().filter(|(k, _)| *k == Kind::Attachment) {
            match self.attachment_saved(path) {
                Saved::Nothing => {}
                Saved::Copied => copied = true,
                Saved::Linked => linked = true,
            }
        }
        if !linked && !copied && kinds.iter().all(|(k, _)| matches!(k, Kind::Ignored | Kind::Attachment)) {
            return None;
        }
        if self.broken || linked || kinds.iter().any(|(k, _)| *k == Kind::Full) {
            return Some(self.rebuild());
        }
        let mut content: Vec<&PathBuf> =
            kinds.iter().filter(|(k, _)| *k == Kind::Content).map(|(_, p)| *p).collect();
        let pending: Vec<PathBuf> = self.pending.iter().filter(|p| !content.contains(p)).cloned().collect();
        content.extend(&pending);
        // Whether static files were written again (tabs then reload, since any page may show them).
        let mut statics = false;
        if copied || kinds.iter().any(|(k, _)| *k == Kind::Static) {
            let outcome = self.apply_static();
            // A theme that no longer loads, or a static folder that cannot be read.
            self.broken |= outcome.failed() && !outcome.full;
            if outcome.full || outcome.failed() || content.is_empty() {
                // The content saved with a static file that failed is not applied: it waits for
                // the next save, as a failed content save does (a whole rebuild reads it anyway).
                if outcome.failed() && !outcome.full {
                    self.pending.extend(content.into_iter().cloned());
                }
                return Some(outcome);
            }
            statics = outcome.static_files;
        }
        let mut outcome = self.apply_content(&content);
        if outcome.failed() {
            self.pending.extend(content.into_iter().cloned());
        } else {
            self.pending.clear();
        }
        outcome.static_files = statics;
        Some(outcome)
    }

    /// Applies the attachment at `path` (absolute) saved, added or removed (a folder of them
    /// removed or moved away too) to the model's (`Attachments::set`); what serve does then.
    fn attachment_saved(&mut self, path: &Path) -> Saved {
        let Ok(relative) = path.strip_prefix(&self.options.root) else { return Saved::Nothing };
        let relative = PathBuf::from(theme::slashed(relative));
        let Some(name) =
            relative.strip_prefix("content").ok().map(|below| content::composed(&theme::slashed(below)))
        else {
            return Saved::Nothing;
        };
        let linked = |model: &Model| {
            model.documents.iter().any(|document| {
                attachment::linked(model, document)
                    .any(|found| found.in_bundle.is_none() && attachment::at_or_below(found.name, &name))
            })
        };
        let before = linked(&self.model);
        let changed = self.model.attachments.set(&relative, path.is_file());
        match (before, changed && linked(&self.model)) {
            (false, false) => Saved::Nothing,
            // Saved again where it was: copied as a static file is.
            (true, _) if !changed => Saved::Copied,
            _ => Saved::Linked,
        }
    }

    /// Whether saving `changes` (each document at its path, `None` where it is gone) changes
    /// which attachments are published: a page now links one not yet published, or no longer
    /// links one no other page links. The site is then built again whole, which copies or
    /// removes it (and checks its path against the pages', as a build does).
    fn attachments_change(&self, changes: &[(PathBuf, Option<content::Document>)]) -> bool {
        if self.model.attachments.is_empty() {
            return false;
        }
        let model = &self.model;
        let published = |document: &&content::Document| document.published(self.options.drafts);
        let names = |document: &content::Document| -> Vec<String> {
            (attachment::linked(model, document))
                .filter(|found| found.in_bundle.is_none())
                .map(|found| found.name.to_string())
                .collect()
        };
        let now: BTreeSet<String> = changes
            .iter()
            .filter_map(|(_, document)| document.as_ref())
            .filter(published)
            .flat_map(names)
            .collect();
        if now.iter().any(|name| !self.static_names.contains(name)) {
            return true;
        }
        let saved = |path: &Path| changes.iter().any(|(changed, _)| changed == path);
        let dropped: BTreeSet<String> = (changes.iter())
            .filter_map(|(path, _)| model.document_at(path))
            .flat_map(names)
            .filter(|name| !now.contains(name))
            .collect();
        !dropped.is_empty() && {
            let kept: BTreeSet<String> =
                model.documents.iter().filter(|document| !saved(&document.path)).flat_map(names).collect();
            dropped.iter().any(|name| !kept.contains(name))
        }
    }

    /// Whether the save of a bundle's page (an `index.md` in a folder of its own, with files
    /// beside it) moves the files it publishes: the page is new or gone, or published at
    /// another path (its `slug` changed), or no longer or newly published (a draft). The page's
    /// files are copied into its folder by a whole rebuild, which walks content/ again to know
    /// which folders are bundles and leaves no copy where the page was.
    fn bundle_moves(&self, changes: &[(PathBuf, Option<content::Document>)]) -> bool {
        let root = &self.options.root;
        let published = |document: &&content::Document| document.published(self.options.drafts);
        changes.iter().any(|(path, document)| {
            let Some(folder) = path.parent().filter(|folder| *folder != Path::new("content")) else {
                return false;
            };
            if path.file_name().is_none_or(|name| name != "index.md") {
                return false;
            }
            let before = self.model.document_at(path).map(crate::view::Urls::document_path);
            let after = document.as_ref().filter(published).map(crate::view::Urls::document_path);
            let known = self.model.sources.find(path).is_some();
            let moved = before != after || known != root.join(path).is_file();
            moved && files_beside(&root.join(folder))
        })
    }

    /// Rebuilds everything (atomically) and keeps the new state only when it succeeded.
    pub fn rebuild(&mut self) -> Outcome {
        let (mut report, built) = build::run_keeping(&self.options, true);
        let mut outcome = Outcome { full: true, ..Outcome::default() };
        if let (Some(model), Some(built)) = (report.model.take(), built) {
            let options = self.options.clone();
            let first_written = self.first_written.take();
            *self = Session::from_parts(options, model, built);
            self.first_written = first_written;
            self.unsorted = Some(report.diagnostics.clone());
            outcome.written = self.planned.iter().map(|p| p.path.clone()).collect();
        } else {
            self.broken = true;
        }
        outcome.report = report;
        outcome
    }

    /// Copies static files again. A changed theme stylesheet gets a new hashed name, so every
    /// HTML page is rendered again to point at it; the outcome names the new stylesheet.
    fn apply_static(&mut self) -> Outcome {
        self.sort_warnings();
        // Only the static files are new: a template change is a full rebuild, so the compiled
        // templates and the model's sources stay as they are.
        let mut scratch = self.model.sources.clone();
        let theme = match Theme::load(&self.options.root, &self.model.config.theme, &mut scratch) {
            Ok(theme) => theme,
            Err(failure) => {
                return Outcome {
                    report: Report { failure: Some(failure), ..Report::default() },
                    ..Outcome::default()
                };
            }
        };
        let stylesheet = build::stylesheet_name(&theme);
        let (site_static, loops) = match build::static_files(&self.options, &self.model) {
            Ok(found) => found,
            Err(failure) => {
                return Outcome {
                    report: Report { failure: Some(failure), ..Report::default() },
                    ..Outcome::default()
                };
            }
        };
        // A static file added or removed may free or take a page's path (or a folder a page
        // needs, an edit refused for it being waiting on disk), and a deleted one must leave the
        // output: the whole site is built again, as a build would.
        let names = build::static_names(&theme, &stylesheet, &site_static);
        let other_than =
            |set: &BTreeSet<String>, css: &str| set.iter().filter(|n| *n != css).cloned().collect::<Vec<_>>();
        if other_than(&names, &stylesheet) != other_than(&self.static_names, &self.stylesheet)
            || stylesheet.is_empty() != self.stylesheet.is_empty()
        {
            let mut outcome = self.rebuild();
            outcome.static_files = true;
            return outcome;
        }
        let out = self.options.output();
        // Only files whose bytes changed are written, and only they make tabs reload: creating
        // an empty folder, or saving a file unchanged, reloads nothing.
        let mut copied = Vec::new();
        let written = build::write_static(&theme, &stylesheet, &site_static, |name, file| {
            let changed = match file {
                build::StaticFile::Bytes(bytes) => output::write_if_changed(&out, name, bytes)?,
                build::StaticFile::File(path) => output::copy_if_changed(&out, name, path)?,
            };
            if changed {
                copied.push(name.to_string());
            }
            Ok(())
        });
        if let Err(failure) = written {
            return Outcome {
                report: Report { failure: Some(failure), ..Report::default() },
                ..Outcome::default()
            };
        }
        self.static_names = names;
        let mut outcome = Outcome::default();
        if stylesheet != self.stylesheet {
            let old = std::mem::replace(&mut self.stylesheet, stylesheet);
            let all: Vec<usize> = (0..self.planned.len()).collect();
            outcome = self.render_with(&all, &[], true);
            if !outcome.failed() {
                let _ = std::fs::remove_file(out.join(&old));
                outcome.stylesheet = Some(format!("{}{}", self.model.config.base_url, self.stylesheet));
            }
        }
        // The files copied count with the pages written (`rebuilt: 1 written`).
        outcome.static_files = !copied.is_empty();
        outcome.written.extend(copied);
        // Warned about as a build warns, on every save under static/ while the link is there;
        // the site's warnings at static files are these, given again whole.
        let loops = build::loop_warnings(&mut self.model, loops);
        self.warnings.own.retain(|path, _| !path.starts_with("static"));
        self.warnings.add(loops.iter().cloned(), &self.model.sources);
        outcome.report.diagnostics.extend(loops);
        outcome.report.sources = self.model.sources.clone();
        outcome
    }

    /// Re-reads the changed markdown files and re-renders what depends on them.
    fn apply_content(&mut self, paths: &[&PathBuf]) -> Outcome {
        self.sort_warnings();
        let root = self.options.root.clone();
        let options = self.model.config.content_options();
        let mut sources = self.model.sources.clone();
        let mut diagnostics = Vec::new();
        let mut changes: Vec<(PathBuf, Option<content::Document>)> = Vec::new();
        for path in paths {
            let relative = PathBuf::from(crate::theme::slashed(path.strip_prefix(&root).unwrap_or(path)));
            // Gone, or no file a build reads (a named pipe would block the read until something
            // wrote into it, and no save would be seen again).
            if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
                // A record whose link now leads nowhere is the error a build would give it.
                if let Some(message) = content::load::dangling_content(path) {
                    let file = unread(&mut sources, &relative);
                    let span = Span::file_start(file);
                    diagnostics.push(Diagnostic::error(ContentError::Other { message, span }));
                    continue;
                }
                changes.push((relative, None));
                continue;
            }
            let (text, bad_byte) = match std::fs::read(path) {
                Ok(bytes) => content::decode(bytes),
                Err(e) => {
                    let file = unread(&mut sources, &relative);
                    let span = Span::file_start(file);
                    diagnostics
                        .push(Diagnostic::error(ContentError::Unreadable { reason: e.to_string(), span }));
                    continue;
                }
            };
            let file = match sources.find(&relative) {
                Some(file) => {
                    sources.replace(file, text);
                    file
                }
                None => sources.add(&relative, text),
            };
            if let Some(offset) = bad_byte {
                let span = Span::new(file, offset..offset + 1);
                let error = ContentError::not_utf8(&sources.get(file).text, offset, span);
                diagnostics.push(Diagnostic::error(error));
                continue;
            }
            let mut parsed = content::parse_document(&sources, file, &options);
            build::excuse_draft(&mut parsed, self.options.drafts);
            diagnostics.extend(parsed.diagnostics);
            changes.push((relative, parsed.document));
        }
        let failed = |diagnostics: Vec<Diagnostic>, sources| Outcome {
            report: Report { sources, diagnostics, ..Report::default() },
            ..Outcome::default()
        };
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return failed(diagnostics, sources);
        }
        if self.attachments_change(&changes) || self.bundle_moves(&changes) {
            return self.rebuild();
        }
        // What the pages showed before: to re-render old tags, workstreams and neighbours.
        let before = Footprint::of(&self.model, changes.iter().map(|(p, _)| p.as_path()));
        let previous: Vec<(PathBuf, Option<content::Document>)> =
            changes.iter().map(|(p, _)| (p.clone(), self.model.document_at(p).cloned())).collect();
        let old_sources = std::mem::replace(&mut self.model.sources, sources);
        // Every page names a tag as first written across the site: an edit can change that name
        // for records it does not touch.
        // Only tags the saved documents have, before or after, can be renamed by the save.
        let saved_tags: BTreeSet<String> = changes
            .iter()
            .filter_map(|(_, document)| document.as_ref())
            .flat_map(|document| document.tags.iter().map(|t| slugify(&t.value)))
            .chain(before.tags.iter().cloned())
            .collect();
        let names_before: BTreeMap<&String, String> = saved_tags
            .iter()
            .filter_map(|slug| Some((slug, self.model.tags.get(slug)?.name.clone())))
            .collect();
        for (path, document) in changes {
            self.summaries.remove(&path);
            self.model.replace(&path, document);
        }
        let after = Footprint::of(&self.model, before.paths.iter().map(PathBuf::as_path));
        // The records that show a tag the save renamed: its page's list of them.
        let renamed: BTreeSet<usize> = names_before
            .into_iter()
            .filter_map(|(slug, was)| self.model.tags.get(slug).filter(|is| *was != is.name))
            .flat_map(|tag| tag.records.iter().copied())
            .collect();
        if !renamed.is_empty() {
            let model = &self.model;
            let showing: BTreeSet<&Path> =
                renamed.iter().map(|&r| model.document(&model.records[r]).path.as_path()).collect();
            self.summaries.retain(|path, _| !showing.contains(path.as_path()));
        }
        // An edit that keeps every URL, tag, workstream and record position keeps the plan:
        // planning 10,000 pages again would cost a tenth of the wait for the edited page. A new
        // plan is checked against the static files as a build checks it (a new tag `x` beside a
        // file `static/tags/x`).
        let replanned = if before.same_pages(&after) {
            Ok(None)
        } else {
            pages::plan(&self.model, &self.static_names, self.templates.tags(), self.templates.search_page())
                .and_then(|planned| {
                    let clashes =
                        build::static_clashes(&mut self.model, &self.options, &planned, &self.static_names);
                    if clashes.is_empty() { Ok(Some(planned)) } else { Err(clashes) }
                })
        };
        let replanned = match replanned {
            Ok(replanned) => replanned,
            Err(errors) => {
                let sources = self.model.sources.clone();
                for (path, document) in previous {
                    self.model.replace(&path, document);
                }
                self.model.sources = old_sources;
                diagnostics.extend(errors);
                return failed(diagnostics, sources);
            }
        };
        let week = self.model.config.work_week();
        for path in &after.paths {
            let Some(record) = self.model.document_at(path).and_then(|d| d.record()) else { continue };
            let totals = self
                .model
                .records
                .iter()
                .find(|e| self.model.documents[e.doc].path == *path)
                .map(|e| (e.totals, e.spread));
            if let Some((totals, spread)) = totals {
                diagnostics.extend(audit::check(record, &totals, spread.as_ref(), &week));
            }
        }
        let mut removed: Vec<String> = Vec::new();
        let new_plan = replanned.is_some();
        if let Some(planned) = replanned {
            let now: BTreeSet<&str> = planned.iter().map(|p| p.path.as_str()).collect();
            removed = self
                .planned
                .iter()
                .filter(|p| !now.contains(p.path.as_str()))
                .map(|p| p.path.clone())
                .collect();
            self.planned = planned;
        }
        // A new plan may add, move or remove the page that a link to a saved file leads to; any
        // save may change the id of a heading a wiki-link names.
        let linking = Linking::of(&self.model, &after.paths, new_plan);
        let (first, rest) = self.affected(&before, &after, &renamed, &linking);
        // The pages the save removed go first: once the saved page shows, a reader (or a tab
        // told to reload) finds no page of the site it took the place of.
        let out = self.options.output();
        for path in removed.iter().filter(|path| !self.static_names.contains(*path)) {
            output::remove_file(&out, path);
            // Gone from the folder: when it comes back, with the same bytes or not, it is written.
            self.pages_written.remove(path);
        }
        let mut outcome = self.render(&first, &rest);
        let checked = self.link_warnings(&after.paths, &out, &before);
        self.warnings.saved(&after.paths, &diagnostics, &checked, &self.model.sources);
        // The links of the other documents that led nowhere: this save may have mended them (a
        // page added, a heading written). Said in the tabs' count, not printed again.
        let others: BTreeSet<PathBuf> = self
            .warnings
            .links
            .keys()
            .chain(&linking.paths)
            .filter(|p| !after.paths.contains(p))
            .cloned()
            .collect();
        let others: Vec<PathBuf> = others.into_iter().collect();
        if !others.is_empty() {
            let links = self.links_of(&others, &out);
            self.warnings.set_links(&others, links, &self.model.sources);
        }
        if new_plan {
            // A page planned on a static file's path (an alias), or no longer: said as a build says it.
            self.warnings.replacing = self.replacing_warnings();
            diagnostics.extend(self.warnings.replacing.iter().cloned());
        }
        diagnostics.extend(checked.into_all());
        outcome.removed = removed;
        outcome.report.diagnostics.extend(diagnostics);
        outcome.report.sources = self.model.sources.clone();
        outcome
    }

    /// The link warnings of the saved documents, as a build gives them; a link to an element is
    /// checked against the page as serve wrote it. A save that breaks links from other
    /// documents (a heading renamed) is seen at the next full rebuild.
    fn link_warnings(&self, saved: &[PathBuf], out: &Path, before: &Footprint) -> SavedWarnings {
        let links = self.links_of(saved, out);
        let own = audit::future_dates(
            saved.iter().filter_map(|path| self.model.document_at(path)),
            chrono::Local::now().date_naive(),
        );
        // A save that writes, changes or removes a tag may change which spelling is first:
        // every tag warning is given again, as a build would give them.
        let tags = (!before.tags.is_empty()
            || saved.iter().filter_map(|path| self.model.document_at(path)).any(|d| !d.tags.is_empty()))
        .then(|| audit::tag_warnings(&self.model));
        // And so with workstreams, named in tasks.
        let streams =
            |d: &content::Document| d.record().is_some_and(|r| r.tasks().any(|t| t.workstream.is_some()));
        let streams = (!before.streams.is_empty()
            || saved.iter().filter_map(|path| self.model.document_at(path)).any(streams))
        .then(|| audit::workstream_warnings(&self.model));
        // A page added or renamed by the save may differ from another only in case (the check
        // returns at once on a site whose URLs are all lower-case ASCII).
        let case = audit::case_warnings(&self.model, &self.planned);
        // A draft saved, or a page saved onto a draft's URL (the check returns at once on a
        // site without drafts).
        let drafts = audit::draft_warnings(&self.model, &self.planned);
        SavedWarnings { own, links, tags, streams, case, drafts }
    }

    /// The warnings of the links of the documents at `paths` (their paths in the sources), as a
    /// build gives them; a link to an element is checked against the page as serve wrote it.
    fn links_of(&self, paths: &[PathBuf], out: &Path) -> Vec<Diagnostic> {
        let documents = paths.iter().filter_map(|path| self.model.document_at(path));
        let mut links = audit::links(&self.model, documents, &self.planned, &self.static_names);
        if paths.iter().any(|path| path == Path::new(crate::config::FILE)) {
            let mut note = audit::note_links(&self.model, &self.planned, &self.static_names);
            links.warnings.append(&mut note.warnings);
            links.fragments.append(&mut note.fragments);
        }
        let pages: std::collections::HashMap<String, audit::PageIds> = links
            .fragments
            .iter()
            .map(|link| link.page.as_str())
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .filter_map(|page| {
                Some((page.to_string(), audit::page_ids(&std::fs::read(out.join(page)).ok()?)))
            })
            .collect();
        let mut warnings = links.warnings;
        warnings.extend(audit::fragment_warnings(&links.fragments, &pages));
        warnings
    }

    /// Indexes into the plan of the pages an edit affects: the edited documents' own pages
    /// first, then everything whose figures or links depend on them. `renamed`: the records
    /// (by index) that show a tag whose name (as first written) the edit changed; `linking`: the
    /// documents whose links to markdown files the edit leads elsewhere.
    fn affected(
        &self,
        before: &Footprint,
        after: &Footprint,
        renamed: &BTreeSet<usize>,
        linking: &Linking,
    ) -> (Vec<usize>, Vec<usize>) {
        // What every page shows as `site` (totals aside, see `site_totals_everywhere`).
        let site_changed = before.page_titles != after.page_titles
            || before.ai_label != after.ai_label
            || before.has_streams != after.has_streams;
        let totals_changed = before.site_totals != after.site_totals;
        let totals_everywhere = totals_changed && self.site_totals_everywhere;
        let mut first = Vec::new();
        let mut rest = Vec::new();
        for (i, page) in self.planned.iter().enumerate() {
            let own = match &page.kind {
                PageKind::Record(r) => after.records.contains(self.record_slug(*r)),
                PageKind::Page(d) => after.pages.contains(&self.model.documents[*d].path),
                PageKind::Alias(d) => after.paths.contains(&self.model.documents[*d].path),
                _ => false,
            };
            let depends = match &page.kind {
                PageKind::Record(r) => {
                    let slug = self.record_slug(*r);
                    before.neighbours.contains(slug)
                        || after.neighbours.contains(slug)
                        || totals_everywhere
                        || renamed.contains(r)
                        || linking.paths.contains(&self.model.document(&self.model.records[*r]).path)
                }
                PageKind::Page(d) => {
                    totals_everywhere || linking.paths.contains(&self.model.documents[*d].path)
                }
                PageKind::Search => totals_everywhere,
                // A redirect shows only its document's URL and title (the home page's: the site's).
                PageKind::Alias(_) | PageKind::FirstHomePage | PageKind::RecordsFolder => false,
                // A listing of records shows each one's tags: after a rename (rare), every
                // listing is rendered again. A tag's feed holds the same records.
                // A tag's feed may show its records' bodies whole.
                PageKind::TagFeed(slug) if linking.tags.contains(slug) => true,
                PageKind::Tag(slug, _) | PageKind::TagFeed(slug) => {
                    before.tags.contains(slug)
                        || after.tags.contains(slug)
                        || totals_everywhere
                        || !renamed.is_empty()
                }
                PageKind::Home(n) => {
                    // Page 1 shows site-wide charts; the others change with the site's figures
                    // when the theme prints them there, when pagination shifts, when they hold
                    // an edited record, or (rarely) when a tag's name changes.
                    *n == 1
                        || !renamed.is_empty()
                        || (totals_changed && (self.site_totals_on_home || self.site_totals_everywhere))
                        || before.count != after.count
                        || before.positions != after.positions
                        || {
                            let per = self.model.config.paginate_by;
                            after.positions.iter().any(|&i| (after.count - 1 - i) / per + 1 == *n)
                        }
                }
                // The data files hold no prose: an edit that changes none of a record's data
                // leaves them as they are (they are 77 MB at 10,000 records).
                // The search index holds of each record what records.json holds, its date as
                // pages write it (which follows from the date) and its AI label, which
                // `entry_fingerprint` covers too.
                PageKind::RecordsJson | PageKind::TasksCsv | PageKind::SearchIndex => {
                    before.count != after.count
                        || before.positions != after.positions
                        || before.exports != after.exports
                        || before.exports.iter().any(Option::is_none)
                        || !renamed.is_empty()
                }
                PageKind::Workstream(slug, _) => {
                    linking.streams.contains(slug)
                        || before.streams.contains(slug)
                        || after.streams.contains(slug)
                        || totals_everywhere
                        || !renamed.is_empty()
                }
                _ => true,
            };
            if own {
                first.push(i);
            } else if depends || site_changed {
                rest.push(i);
            }
        }
        (first, rest)
    }

    fn record_slug(&self, index: usize) -> &str {
        &self.model.document(&self.model.records[index]).slug
    }

    /// Renders planned pages `first` (in parallel, written before the rest), then `rest`.
    fn render(&mut self, first: &[usize], rest: &[usize]) -> Outcome {
        self.render_with(first, rest, false)
    }

    /// `render`; with `new_stylesheet` (the stylesheet's name just changed), a page that links
    /// the new name differs from the file on disk without reading it: after a `custom.css` save
    /// every page of a large site was read back once only to be written anyway.
    fn render_with(&mut self, first: &[usize], rest: &[usize], new_stylesheet: bool) -> Outcome {
        let mut outcome = Outcome::default();
        let linked = memchr::memmem::Finder::new(self.stylesheet.as_bytes()).into_owned();
        let Session { model, templates, stylesheet, summaries, .. } = self;
        let model = &*model;
        let renderer = Renderer::with_summaries(model, templates, stylesheet, |i| {
            summaries.get(&model.document(&model.records[i]).path).cloned()
        });
        for (entry, summary) in model.records.iter().zip(renderer.summaries()) {
            let path = &model.document(entry).path;
            if let Some(summary) = summary
                && !summaries.contains_key(path)
            {
                summaries.insert(path.clone(), summary.clone());
            }
        }
        let out = self.options.output();
        let inject = self.options.inject.as_deref();
        let pages_written = &self.pages_written;
        let mut failed = Vec::new();
        let mut fingerprints = Vec::new();
        for (index, group) in [first, rest].into_iter().enumerate() {
            let results: Vec<PageResult> = group
                .par_iter()
                .filter(|&&i| !self.static_names.contains(&self.planned[i].path))
                .map(|&i| {
                    let page = &self.planned[i];
                    if page.kind.is_export() {
                        output::stream_file(&out, &page.path, |w| renderer.write_export(page, w))
                            .map_err(Err)?;
                        return Ok((page.path.clone(), None));
                    }
                    let mut bytes = renderer.render(page).map_err(|e| Ok((e.0, i)))?;
                    build::finish_page(&page.path, &mut bytes, inject);
                    let print = fingerprint(&bytes);
                    // Not written by this session yet: the full build's file is compared once.
                    let same = match pages_written.get(&page.path) {
                        Some(known) => *known == print,
                        None if new_stylesheet && linked.find(&bytes).is_some() => false,
                        None => output::holds(&out, &page.path, &bytes),
                    };
                    if !same {
                        output::write_file(&out, &page.path, &bytes).map_err(Err)?;
                    }
                    Ok((page.path.clone(), Some((print, same))))
                })
                .collect();
            for result in results {
                match result {
                    Ok((path, Some((print, same)))) => {
                        if same {
                            outcome.unchanged.push(path.clone());
                        } else {
                            outcome.written.push(path.clone());
                        }
                        fingerprints.push((path, print));
                    }
                    Ok((path, None)) => outcome.written.push(path),
                    Err(Ok((diagnostics, i))) => {
                        failed.extend(diagnostics.into_iter().map(|d| (d, &self.planned[i])))
                    }
                    Err(Err(failure)) => outcome.report.failure = Some(failure),
                }
            }
            if index == 0 {
                outcome.first = outcome.written.len();
                if !rest.is_empty()
                    && !outcome.written.is_empty()
                    && let Some(FirstWritten(written)) = &self.first_written
                {
                    written(&outcome.written);
                }
            }
        }
        outcome.report.diagnostics.extend(pages::page_errors(model, failed));
        self.pages_written.extend(fingerprints);
        outcome
    }
}

/// A page rendered under serve: its path, with its fingerprint and whether it was the same as
/// the file there (and so not written) unless it is an export, which is always written; or the
/// page's error with the page's index in the plan; or a failure to write.
type PageResult = Result<(String, Option<((usize, u64), bool)>), Result<(Vec<Diagnostic>, usize), SiteError>>;

/// Whether `folder` holds anything but its `index.md` (and hidden files, which no build reads).
fn files_beside(folder: &Path) -> bool {
    std::fs::read_dir(folder).into_iter().flatten().flatten().any(|entry| {
        let name = entry.file_name();
        name != "index.md" && !content::load::is_hidden_name(&name)
    })
}

/// What a set of documents contributes to other pages: their record slugs, their neighbours'
/// slugs, their tags and workstreams, and the titles of all standalone pages (shown in every
/// page's navigation).
#[derive(Debug, Default)]
struct Footprint {
    paths: Vec<PathBuf>,
    /// Those of `paths` that hold a published document. A plan names documents by their place
    /// in the model, which is in order of paths: a record moved to another folder (one removed,
    /// one added) moves the places of the documents between, and a kept plan's redirect of one
    /// of them then wrote another's URL.
    present: BTreeSet<PathBuf>,
    records: BTreeSet<String>,
    pages: BTreeSet<PathBuf>,
    neighbours: BTreeSet<String>,
    tags: BTreeSet<String>,
    streams: BTreeSet<String>,
    /// The documents' tasks of each workstream, by its slug.
    stream_tasks: BTreeMap<String, usize>,
    /// Where the documents' redirects (`aliases`) are written, each with its document: an
    /// alias that moves from one document to another in one save changes the plan.
    aliases: BTreeSet<(String, PathBuf)>,
    page_titles: Vec<(String, String)>,
    /// The other values of `site` that content decides and any page may show (the theme's
    /// navigation links the workstreams only when there are some): the AI label every record
    /// uses (else `AI`), and whether any task names a workstream.
    ai_label: String,
    has_streams: bool,
    /// The site's figures (`site.totals`).
    site_totals: Option<(math::Totals, Option<math::Spread>)>,
    /// Indexes of the documents' records in date order, and how many records there are.
    positions: BTreeSet<usize>,
    count: usize,
    /// What the data files hold of each of the documents' records (`export::entry_fingerprint`).
    exports: Vec<Option<u64>>,
}

impl Footprint {
    /// True when the site has the same pages at the same URLs with this footprint as with
    /// `other` (the same documents' before and after an edit): the plan is unchanged.
    fn same_pages(&self, other: &Footprint) -> bool {
        self.records == other.records
            && self.present == other.present
            && self.pages == other.pages
            && self.tags == other.tags
            && self.streams == other.streams
            && self.stream_tasks == other.stream_tasks
            && self.aliases == other.aliases
            && self.positions == other.positions
            && self.count == other.count
            && self.page_titles == other.page_titles
    }

    fn of<'a>(model: &Model, paths: impl Iterator<Item = &'a Path>) -> Footprint {
        let mut footprint =
            Footprint { paths: paths.map(Path::to_path_buf).collect(), ..Footprint::default() };
        for path in &footprint.paths {
            let Some(document) = model.document_at(path) else { continue };
            footprint.present.insert(path.clone());
            footprint.aliases.extend(document.aliases.iter().map(|(alias, _)| (alias.clone(), path.clone())));
            let Some(record) = document.record() else {
                footprint.pages.insert(path.clone());
                continue;
            };
            footprint.records.insert(document.slug.clone());
            footprint.tags.extend(document.tags.iter().map(|t| slugify(&t.value)));
            for stream in record.tasks().filter_map(|t| t.workstream.as_ref()).map(|w| slugify(&w.value)) {
                // How many of a stream's tasks the documents hold: its pages are counted by them.
                *footprint.stream_tasks.entry(stream.clone()).or_default() += 1;
                footprint.streams.insert(stream);
            }
            if let Some(index) = model.records.iter().position(|e| model.documents[e.doc].path == *path) {
                footprint.positions.insert(index);
                footprint.exports.push(crate::export::entry_fingerprint(model, &model.records[index]));
                for neighbour in [index.checked_sub(1), Some(index + 1)].into_iter().flatten() {
                    if let Some(entry) = model.records.get(neighbour) {
                        footprint.neighbours.insert(model.document(entry).slug.clone());
                    }
                }
            }
        }
        footprint.count = model.records.len();
        footprint.site_totals = Some((model.totals, model.spread));
        footprint.ai_label = model.ai_label.clone();
        footprint.has_streams = !model.workstreams.is_empty();
        footprint.page_titles = model
            .pages
            .iter()
            .map(|&i| (model.documents[i].slug.clone(), model.documents[i].title.clone()))
            .collect();
        footprint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str =
        "+++\ntags = [\"alpha\"]\n+++\n\n| Task | Human | AI Time |\n|---|---|---|\n| A | 2h | 10min |\n";

    fn site() -> (tempfile::TempDir, Session) {
        site_with(false)
    }

    /// The test site, served with or without drafts.
    fn site_with(drafts: bool) -> (tempfile::TempDir, Session) {
        site_of(drafts, "title = \"T\"\nbase_url = \"http://127.0.0.1:1111/\"\n")
    }

    /// The test site with `toml` as its site.toml.
    fn site_of(drafts: bool, toml: &str) -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let write = |p: &str, t: &str| {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            std::fs::write(path, t).expect("written");
        };
        write("site.toml", toml);
        for day in ["01", "02", "03", "04"] {
            write(&format!("content/records/2026-03-{day}.md"), RECORD);
        }
        write("content/about.md", "# About\n");
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            output_dir: Some(dir.path().join("served")),
            inject: Some("<script>reload</script>".into()),
            drafts,
            ..BuildOptions::default()
        };
        let (report, session) = Session::open(options);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        (dir, session.expect("a session"))
    }

    /// The session's warnings, each as `path: message`.
    fn warning_messages(session: &mut Session) -> Vec<String> {
        let report = session.warnings();
        report
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", report.sources.get(d.span.file).path.display(), d.message))
            .collect()
    }

    /// Saves (or with `None` removes) `file` below the site, its folder made as needed, and
    /// applies the change.
    fn edit(dir: &Path, session: &mut Session, file: &str, text: Option<&str>) -> Outcome {
        let path = dir.join(file);
        match text {
            Some(text) => {
                std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
                std::fs::write(&path, text).expect("written");
            }
            None => std::fs::remove_file(&path).expect("removed"),
        }
        session.apply(&[path]).expect("a change of the site")
    }

    /// A record moved to another folder (its URL kept) moves the places of the documents between
    /// its old path and its new one: the plan, which names documents by place, is made again.
    /// Kept, the redirect of another record (`aliases`) was written with the moved record's URL.
    #[test]
    fn a_record_moved_to_another_folder_leaves_other_records_redirects_as_they_were() {
        let (dir, mut session) = site();
        let aliased = RECORD.replacen("+++\n", "+++\naliases = [\"/old/\"]\n", 1);
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(&aliased));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        let outcome = edit(dir.path(), &mut session, "content/records/sub/2026-02-28.md", Some(RECORD));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        let redirect =
            || std::fs::read_to_string(dir.path().join("served/old/index.html")).expect("the redirect");
        assert!(redirect().contains("/records/2026-03-01/"), "{}", redirect());
        // Moved to the top folder, the record takes the place the aliased one had.
        let (from, to) = (
            dir.path().join("content/records/sub/2026-02-28.md"),
            dir.path().join("content/records/2026-02-28.md"),
        );
        std::fs::rename(&from, &to).expect("moved");
        let outcome = session.apply(&[from, to]).expect("a change");
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(redirect().contains("/records/2026-03-01/"), "{}", redirect());
    }

    /// A save whose page runs out of fuel (the theme's loop does not end for that record) is an
    /// error at the loop, and the pages the save would render after it are left as they were:
    /// the writer waits for one page's budget, not for one a page.
    #[test]
    fn a_save_whose_page_runs_out_of_fuel_leaves_the_pages_after_it() {
        let (dir, mut session) = site();
        let spin = "{% extends \"theme/record.html\" %}{% block content %}{% if record.title == \"spin\" %}\n\
                    {% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n\
                    {% endif %}{{ super() }}{% endblock %}\n";
        let outcome = edit(dir.path(), &mut session, "templates/record.html", Some(spin));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        let home = std::fs::read_to_string(dir.path().join("served/index.html")).expect("the home page");
        let spinning = RECORD.replace("tags", "title = \"spin\"\ntags").replace("2h", "3h");
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&spinning));
        let errors: Vec<&Diagnostic> =
            outcome.report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let source = outcome.report.sources.get(errors[0].span.file);
        assert_eq!(source.path, Path::new("templates/record.html"));
        assert_eq!(source.line_col(errors[0].span.start as usize).0, 2);
        assert!(errors[0].message.ends_with("; no page was begun after it)"), "{}", errors[0].message);
        // The home page, whose figures the save changed, was not begun (the data exports, which
        // no template writes, are).
        assert!(outcome.written.iter().all(|path| path.starts_with("data/")), "{:?}", outcome.written);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("served/index.html")).expect("the home page"),
            home
        );
    }

    /// The warnings a tab counts are the site's as they stand: a save of one record keeps the
    /// warnings of the others, a tag's second spelling removed from the record that had it takes
    /// the tag's warning away, and a link mended in the page that had it takes that one away.
    #[test]
    fn the_warnings_are_the_site_s_as_they_stand_after_each_save() {
        let (dir, mut session) = site();
        let save = |session: &mut Session, path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::write(&path, text).expect("written");
            let outcome = session.apply(&[path]).expect("a change");
            assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        };
        assert!(warning_messages(&mut session).is_empty(), "{:?}", warning_messages(&mut session));
        save(&mut session, "content/about.md", "# About\n\n[gone](/records/nowhere/)\n");
        save(&mut session, "content/records/2026-03-02.md", &RECORD.replace("\"alpha\"", "\"Alpha\""));
        let both = warning_messages(&mut session);
        assert_eq!(both.len(), 2, "{both:?}");
        assert!(both[0].starts_with("content/about.md: ") && both[1].contains("Alpha"), "{both:?}");
        // Another record saved: both stay, where its save alone gave none.
        save(&mut session, "content/records/2026-03-03.md", &RECORD.replace("2h", "3h"));
        assert_eq!(warning_messages(&mut session), both);
        save(
            &mut session,
            "content/records/2026-03-02.md",
            &RECORD.replace("tags = [\"alpha\"]", "tags = []"),
        );
        assert_eq!(warning_messages(&mut session), both[..1]);
        save(&mut session, "content/about.md", "# About\n");
        assert!(warning_messages(&mut session).is_empty(), "{:?}", warning_messages(&mut session));
        // A link mended by another file's save: the page it leads to made.
        save(&mut session, "content/about.md", "# About\n\n[later](/records/2026-03-05/)\n");
        assert_eq!(warning_messages(&mut session).len(), 1, "{:?}", warning_messages(&mut session));
        save(&mut session, "content/records/2026-03-05.md", RECORD);
        assert!(warning_messages(&mut session).is_empty(), "{:?}", warning_messages(&mut session));
        // A link under static/ that loops back is warned of while it is there.
        #[cfg(unix)]
        {
            let folder = dir.path().join("static/sub");
            std::fs::create_dir_all(&folder).expect("folder");
            std::os::unix::fs::symlink("..", folder.join("loop")).expect("linked");
            let outcome = session.apply(&[folder.join("loop")]).expect("a change");
            assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
            let said = warning_messages(&mut session);
            assert!(said.len() == 1 && said[0].contains("loops back"), "{said:?}");
            std::fs::remove_file(folder.join("loop")).expect("removed");
            session.apply(&[folder.join("loop")]).expect("a change");
            assert!(warning_messages(&mut session).is_empty(), "{:?}", warning_messages(&mut session));
        }
    }

    /// The warnings of site.toml's `record_note`'s links stand through saves of other files, and
    /// go when a save makes the page they lead to.
    #[test]
    fn the_record_note_s_link_warnings_stand_until_mended() {
        let toml = "title = \"T\"\nbase_url = \"http://127.0.0.1:1111/\"\nrecord_note = \"[later](/notes/later/)\"\n";
        let (dir, mut session) = site_of(false, toml);
        let said = warning_messages(&mut session);
        assert!(
            said.len() == 1 && said[0].starts_with("site.toml: link to `/notes/later/` points at no page"),
            "{said:?}"
        );
        edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&RECORD.replace("2h", "3h")));
        assert_eq!(warning_messages(&mut session), said);
        edit(dir.path(), &mut session, "content/notes/later.md", Some("# Later\n"));
        assert!(warning_messages(&mut session).is_empty(), "{:?}", warning_messages(&mut session));
    }

    /// Serve keeps the summaries its first build made, with the cards the home page made of
    /// them: its first save does not make every record's again, and one that changes a figure
    /// (which renders every home page again) finds the other records' cards made. The saved
    /// record's summary is made anew.
    #[test]
    fn the_first_build_s_summaries_are_kept_with_their_cards() {
        let (dir, mut session) = site();
        let summary = |session: &Session, day: &str| {
            let path = PathBuf::from(format!("content/records/2026-03-{day}.md"));
            let value = session.summaries.get(&path).expect("a summary kept").clone();
            value.downcast_object::<crate::pages::SummaryObject>().expect("a summary")
        };
        assert_eq!(session.summaries.len(), 4);
        let kept: Vec<_> = ["01", "02", "03", "04"].iter().map(|day| summary(&session, day)).collect();
        assert!(kept.iter().all(|s| s.has_card()), "the home page made every card");
        let figures = RECORD.replace("| 2h |", "| 3h |");
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&figures));
        assert!(outcome.written.iter().any(|p| p == "index.html"), "{:?}", outcome.written);
        for (day, before) in ["01", "02", "03", "04"].iter().zip(&kept) {
            let now = summary(&session, day);
            assert_eq!(std::sync::Arc::ptr_eq(&now, before), *day != "02", "2026-03-{day}");
        }
    }

    /// A save that changes which spelling of a tag comes first gives the warnings as a build
    /// would, wherever they now are; a save that touches no tags gives none.
    #[test]
    fn tag_warnings_follow_the_first_spelling_as_it_changes() {
        let (dir, mut session) = site();
        let with = |tag: &str| RECORD.replace("alpha", tag);
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-03.md", Some(&with("Alpha")));
        let said: Vec<&str> = outcome.report.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(said.iter().any(|m| m.starts_with("tag `Alpha` is the tag `alpha`")), "{said:?}");
        // The first record now writes `Alpha`: the warnings move to the records that write `alpha`.
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(&with("Alpha")));
        let moved: Vec<String> = outcome
            .report
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("tag `alpha` is the tag `Alpha`"))
            .map(|d| session.model().sources.get(d.span.file).path.display().to_string())
            .collect();
        assert_eq!(moved, ["content/records/2026-03-02.md"], "one warning, at the spelling's first use");
        let outcome = edit(dir.path(), &mut session, "content/about.md", Some("# About us\n"));
        assert!(!outcome.report.diagnostics.iter().any(|d| d.message.starts_with("tag ")));
    }

    /// A tag is named on every page as first written across the site: a save that changes the
    /// first spelling renames the tag on the pages of records it did not touch.
    #[test]
    fn a_save_that_changes_a_tag_s_first_spelling_renames_it_everywhere() {
        let (dir, mut session) = site();
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-01.md",
            Some(&RECORD.replace("alpha", "Alpha")),
        );
        for page in ["records/2026-03-04/index.html", "index.html", "tags/alpha/index.html"] {
            assert!(
                outcome.written.iter().any(|w| w == page),
                "{page} is written again: {:?}",
                outcome.written
            );
            let html = std::fs::read_to_string(dir.path().join("served").join(page)).expect("served");
            assert!(html.contains("rel=\"tag\">Alpha</a>") && !html.contains(">alpha</a>"), "{page}");
        }
    }

    #[test]
    fn a_record_saved_as_text_is_warned_about_as_a_build_does() {
        let (dir, mut session) = site();
        let path = dir.path().join("content/records/2026-03-09.txt");
        std::fs::write(&path, RECORD).expect("written");
        let outcome = session.apply(&[path]).expect("a change of the site");
        assert!(
            outcome
                .report
                .diagnostics
                .iter()
                .any(|d| d.message.contains("expected this file to be named `2026-03-09.md`")),
            "{:?}",
            outcome.report.diagnostics
        );
        let readme = dir.path().join("content/records/README.txt");
        std::fs::write(&readme, "notes").expect("written");
        assert!(session.apply(&[readme]).is_none(), "a text file that is no record is not the site");
    }

    #[test]
    fn hidden_content_files_are_not_the_site() {
        let (dir, mut session) = site();
        for hidden in ["content/records/.#2026-03-02.md", "content/.drafts/2026-03-09.md"] {
            let path = dir.path().join(hidden);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(&path, "| Task | Human | AI |\n|---|---|---|\n| a | 1h | 1min |\n")
                .expect("written");
            assert!(session.apply(&[path]).is_none(), "{hidden}");
        }
    }

    #[test]
    fn an_editor_s_swap_file_beside_a_template_is_not_the_site() {
        let (dir, mut session) = site();
        let swap = dir.path().join("templates/.page.html.swp");
        std::fs::create_dir_all(swap.parent().expect("a folder")).expect("folder");
        std::fs::write(&swap, b"b0VIM 8.2\x00\xff\xfe").expect("written");
        assert!(session.apply(std::slice::from_ref(&swap)).is_none());
        // With the swap file still there, a template's save is rebuilt from the template.
        let page = dir.path().join("templates/page.html");
        std::fs::write(&page, "EDITED {{ page.title }}\n").expect("written");
        let outcome = session.apply(&[page, swap]).expect("a change of the site");
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        let about = std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("read");
        assert!(about.starts_with("EDITED About"), "{about}");
    }

    /// A bundle's files follow its page: made after them, given another `slug`, made a draft
    /// and published again, removed. Each time they are where a build would put them, and
    /// nowhere else; a save that does not move the page is applied as any edit is.
    #[test]
    fn a_bundle_s_files_follow_its_page() {
        let (dir, mut session) = site();
        let chart = dir.path().join("content/notes/img/chart.png");
        std::fs::create_dir_all(chart.parent().expect("a folder")).expect("folder");
        std::fs::write(&chart, "png").expect("written");
        assert!(session.apply(std::slice::from_ref(&chart)).is_none(), "no page yet, nothing links it");
        let served = |name: &str| dir.path().join("served").join(name).join("img/chart.png").exists();
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/notes/index.md",
            Some(
                "# Notes

![](img/chart.png)
",
            ),
        );
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(served("notes"), "copied with its new page");
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/notes/index.md",
            Some(
                "# Notes, again
",
            ),
        );
        assert!(!outcome.full && !outcome.failed(), "{outcome:?}");
        assert!(served("notes"));
        let moved = "+++\nslug = \"moved\"\n+++\n# Notes\n";
        let outcome = edit(dir.path(), &mut session, "content/notes/index.md", Some(moved));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(served("moved") && !served("notes"), "moved with its page");
        let draft = "+++\nslug = \"moved\"\ndraft = true\n+++\n# Notes\n";
        let outcome = edit(dir.path(), &mut session, "content/notes/index.md", Some(draft));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(!served("moved") && !served("notes"), "left out with its page");
        let outcome = edit(dir.path(), &mut session, "content/notes/index.md", Some(moved));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(served("moved"), "published with its page");
        let outcome = edit(dir.path(), &mut session, "content/notes/index.md", None);
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(!served("moved") && !served("notes") && !dir.path().join("served/notes/img").exists());
    }

    /// A file below content/ that no page links (a `TODO`, a picture not yet shown) is learnt
    /// of without building anything; a note that links it then publishes it (the site built
    /// again), a save of a linked one copies it again, and one whose last link goes, or whose
    /// folder is removed, leaves the site.
    #[test]
    fn an_attachment_is_published_once_a_page_links_it() {
        let (dir, mut session) = site();
        let todo = dir.path().join("content/TODO");
        std::fs::write(&todo, "private").expect("written");
        assert!(session.apply(std::slice::from_ref(&todo)).is_none(), "a TODO builds nothing");
        let picture = dir.path().join("content/attachments/Pasted image 1.png");
        std::fs::create_dir_all(picture.parent().expect("a folder")).expect("folder");
        std::fs::write(&picture, "png").expect("written");
        assert!(session.apply(std::slice::from_ref(&picture)).is_none(), "not linked yet");
        let outcome =
            edit(dir.path(), &mut session, "content/about.md", Some("# About\n\n![[Pasted image 1.png]]\n"));
        assert!(outcome.full && !outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("served/attachments/Pasted image 1.png")).ok().as_deref(),
            Some("png")
        );
        let page = std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("the page");
        assert!(page.contains("src=\"http://127.0.0.1:1111/attachments/Pasted%20image%201.png\""), "{page}");
        // Saved again: linked, so copied again, as a static file is.
        let outcome = edit(dir.path(), &mut session, "content/attachments/Pasted image 1.png", Some("png 2"));
        assert!(!outcome.full && outcome.static_files && !outcome.failed(), "{outcome:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("served/attachments/Pasted image 1.png")).ok().as_deref(),
            Some("png 2")
        );
        // A page edited while it links one already published is applied as any edit is.
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/about.md",
            Some("# About us\n\n![[Pasted image 1.png]]\n"),
        );
        assert!(!outcome.full && !outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(!dir.path().join("served/TODO").exists());
        // Its last link gone, it leaves the site, as a build leaves it out.
        let outcome = edit(dir.path(), &mut session, "content/about.md", Some("# About\n"));
        assert!(outcome.full && !outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(!dir.path().join("served/attachments/Pasted image 1.png").exists());
        // Linked again, then its folder removed (one change, as a watcher reports it).
        edit(dir.path(), &mut session, "content/about.md", Some("# About\n\n![[Pasted image 1.png]]\n"));
        assert!(dir.path().join("served/attachments/Pasted image 1.png").exists());
        let folder = dir.path().join("content/attachments");
        std::fs::remove_dir_all(&folder).expect("removed");
        let outcome = session.apply(&[folder]).expect("a change of the site");
        assert!(outcome.full && !outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(!dir.path().join("served/attachments/Pasted image 1.png").exists());
    }

    /// Vim makes and removes `4913` beside each file it saves, to test the folder: gone by the
    /// time serve looks, and never read, it changes nothing, where a folder of records removed
    /// changes the site.
    #[test]
    fn a_file_made_and_removed_unread_changes_nothing() {
        let (dir, mut session) = site();
        for folder in ["templates", "content/records", "content"] {
            let probe = dir.path().join(folder).join("4913");
            std::fs::create_dir_all(dir.path().join(folder)).expect("folder");
            std::fs::write(&probe, "").expect("written");
            std::fs::remove_file(&probe).expect("removed");
            assert!(session.apply(&[probe]).is_none(), "{folder}/4913");
        }
        let records = dir.path().join("content/records");
        std::fs::remove_dir_all(&records).expect("removed");
        let outcome = session.apply(&[records]).expect("a change of the site");
        assert!(outcome.full && !outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(!dir.path().join("served/records/2026-03-01/index.html").exists());
    }

    /// A file in content/ that is neither a record nor in a bundle (`TODO`, `notes.txt`) is not
    /// read, whatever its name: saving one rebuilds nothing and reloads no tab. A folder is
    /// the site's by what it holds, a dot in its name or not.
    #[test]
    fn a_file_beside_the_records_changes_nothing_and_a_folder_of_records_does() {
        let (dir, mut session) = site();
        for file in ["content/TODO", "content/records/notes", "content/notes.txt"] {
            let path = dir.path().join(file);
            std::fs::write(&path, "a note to self\n").expect("written");
            assert!(session.apply(&[path]).is_none(), "{file}");
        }
        let folder = dir.path().join("content/records/2026.q2");
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("2026-04-01.md"), RECORD).expect("written");
        let outcome = session.apply(&[folder]).expect("a change of the site");
        assert!(outcome.full && !outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(dir.path().join("served/records/2026-04-01/index.html").exists());
    }

    /// An editor's backup, lock and swap files are not the site wherever they are, as a build
    /// takes none of them from static/, a theme or a bundle; a record is read by any name.
    #[test]
    fn an_editor_s_leftovers_are_not_the_site_anywhere() {
        let (dir, session) = site();
        for leftover in [
            "static/style.css~",
            "static/.style.css.swp",
            "themes/default/static/#main.css#",
            "content/blog/post/photo.png~",
            "templates/.#page.html",
            "content/records/2026-03-01.md~",
            ".git/index",
        ] {
            assert!(!session.reads(&dir.path().join(leftover)), "{leftover}");
        }
        for read in [
            "static/style.css",
            "static/.nojekyll",
            "content/records/2026-03-01.md",
            "content/records/~$x.md",
        ] {
            assert!(session.reads(&dir.path().join(read)), "{read}");
        }
    }

    /// A template that broke the site, removed again, mends it; a link made to nowhere is the
    /// build's error, not a path gone.
    #[test]
    fn a_broken_template_removed_mends_the_site_and_a_dangling_link_is_an_error() {
        let (dir, mut session) = site();
        let template = dir.path().join("templates/partials/new.html");
        std::fs::create_dir_all(template.parent().expect("a folder")).expect("folder");
        std::fs::write(&template, "{% if %}").expect("written");
        assert!(session.apply(std::slice::from_ref(&template)).expect("a change").failed());
        std::fs::remove_file(&template).expect("removed");
        let mended = session.apply(std::slice::from_ref(&template)).expect("a change of the site");
        assert!(!mended.failed() && mended.full, "{:?}", mended.report.diagnostics);
        #[cfg(unix)]
        {
            let link = dir.path().join("content/notes");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).expect("linked");
            let outcome = session.apply(&[link]).expect("a change of the site");
            assert!(outcome.failed(), "a build fails on it too");
        }
    }

    /// A site's own home page template that prints no site figures leaves the other pages
    /// alone when the figures change, though the theme's home page (which it replaces) prints
    /// them.
    #[test]
    fn a_home_page_of_the_site_s_own_is_the_home_page() {
        let (dir, mut session) = site();
        let outcome = edit(dir.path(), &mut session, "templates/index.html", Some("{{ site.title }}"));
        assert!(!outcome.failed());
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-02.md",
            Some(&RECORD.replace("2h", "4h")),
        );
        assert!(!outcome.failed());
        assert!(!outcome.rendered().any(|w| w == "about/index.html"), "{:?}", outcome.written);
        assert!(!outcome.rendered().any(|w| w == "records/2026-03-04/index.html"), "{:?}", outcome.written);
    }

    #[test]
    fn aliases_that_change_documents_in_one_save_redirect_to_their_new_one() {
        let (dir, mut session) = site();
        let page = |alias: &str| format!("+++\naliases = [\"{alias}\"]\n+++\nText.\n");
        let (a, b) = (dir.path().join("content/a.md"), dir.path().join("content/b.md"));
        std::fs::write(&a, page("/one/")).expect("written");
        std::fs::write(&b, page("/two/")).expect("written");
        assert!(!session.apply(&[a.clone(), b.clone()]).expect("a change").failed());
        std::fs::write(&a, page("/two/")).expect("written");
        std::fs::write(&b, page("/one/")).expect("written");
        let outcome = session.apply(&[a, b]).expect("a change");
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        let redirect = std::fs::read_to_string(dir.path().join("served/one/index.html")).expect("written");
        assert!(redirect.contains("url=http://127.0.0.1:1111/b/\""), "{redirect}");
    }

    #[test]
    fn a_page_on_a_static_files_path_leaves_the_static_file_alone() {
        let (dir, mut session) = site();
        std::fs::create_dir_all(dir.path().join("static")).expect("folder");
        std::fs::write(dir.path().join("static/legacy.html"), "<p>kept</p>\n").expect("written");
        assert!(!session.apply(&[dir.path().join("static/legacy.html")]).expect("a change").failed());
        let served = dir.path().join("served/legacy.html");
        for aliases in ["[\"/legacy.html\"]", "[]"] {
            let text = format!("+++\naliases = {aliases}\n+++\nText.\n");
            edit(dir.path(), &mut session, "content/a.md", Some(&text));
            assert_eq!(std::fs::read_to_string(&served).expect("still there"), "<p>kept</p>\n", "{aliases}");
        }
    }

    /// A static file removed while the rebuild its creation began was running stayed served:
    /// the session looked at static/ again after the build, without the file the build had
    /// copied, so its removal changed nothing it knew of. The session knows what the build wrote.
    #[test]
    fn a_static_file_removed_during_the_rebuild_that_copied_it_leaves_the_output() {
        let (dir, session) = site();
        let file = dir.path().join("static/note.txt");
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("folder");
        std::fs::write(&file, "x").expect("written");
        // The rebuild the new file begins, and the file removed before the session is made of it.
        let options = session.options().clone();
        let (mut report, built) = build::run_keeping(&options, true);
        let (model, built) = (report.model.take().expect("a model"), built.expect("built"));
        let served = dir.path().join("served/note.txt");
        assert!(served.exists(), "the build copied it");
        std::fs::remove_file(&file).expect("removed");
        let mut session = Session::from_parts(options, model, built);
        assert!(!session.apply(&[file]).expect("a change").failed());
        assert!(!served.exists(), "the removal leaves the output");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_loop_under_static_is_warned_about_on_a_save() {
        let (dir, mut session) = site();
        let folder = dir.path().join("static/images");
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("a.svg"), "<svg/>").expect("written");
        assert!(!session.apply(&[folder.join("a.svg")]).expect("a change").failed());
        std::os::unix::fs::symlink("..", folder.join("up")).expect("a link");
        let outcome = session.apply(&[folder.join("up")]).expect("a change");
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        let warnings = crate::testing::placed(&outcome.report);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("static/images/up: a symbolic link loops back to "), "{warnings:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_record_whose_link_leads_nowhere_is_the_build_s_error_not_a_removal() {
        let (dir, mut session) = site();
        let kept = dir.path().join("kept");
        std::fs::create_dir_all(&kept).expect("folder");
        std::fs::write(kept.join("day.md"), RECORD).expect("written");
        let link = dir.path().join("content/records/2026-03-09.md");
        std::os::unix::fs::symlink(kept.join("day.md"), &link).expect("a link");
        assert!(!session.apply(std::slice::from_ref(&link)).expect("a change").failed());
        assert!(dir.path().join("served/records/2026-03-09/index.html").is_file());
        std::fs::remove_file(kept.join("day.md")).expect("removed");
        let outcome = session.apply(std::slice::from_ref(&link)).expect("a change");
        assert!(outcome.failed(), "{:?}", outcome.report.diagnostics);
        let errors = crate::testing::placed(&outcome.report);
        assert_eq!(
            errors,
            [format!(
                "content/records/2026-03-09.md: a symbolic link to {}, which does not exist: expected a \
                 record or a folder of them there; remove the link or bring back what it points to",
                kept.join("day.md").display()
            )]
        );
        assert!(dir.path().join("served/records/2026-03-09/index.html").is_file(), "the page is kept");
        // The error quotes none of the text last read, as a build (which read none) quotes none.
        let report = &outcome.report;
        let file = report.diagnostics[0].span.file;
        assert_eq!(report.sources.get(file).text, "", "the text it had is not shown");
        // The link removed too: the record is gone, as a build would have it.
        std::fs::remove_file(&link).expect("removed");
        assert!(!session.apply(std::slice::from_ref(&link)).expect("a change").failed());
        assert!(!dir.path().join("served/records/2026-03-09/index.html").exists());
    }

    #[test]
    fn removing_a_static_file_lets_a_refused_edit_through() {
        let (dir, mut session) = site();
        let data = "static/files/data.txt";
        assert!(!edit(dir.path(), &mut session, data, Some("data")).failed());
        let notes = "+++\nslug = \"files/data.txt/notes\"\n+++\nText.\n";
        assert!(
            edit(dir.path(), &mut session, "content/a.md", Some(notes)).failed(),
            "its folder is a static file"
        );
        let outcome = edit(dir.path(), &mut session, data, None);
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(dir.path().join("served/files/data.txt/notes/index.html").is_file());
    }

    #[test]
    fn a_new_tag_on_a_static_files_path_is_refused_at_the_static_file() {
        let (dir, mut session) = site();
        assert!(!edit(dir.path(), &mut session, "static/tags/beta", Some("beta")).failed());
        let tagged = RECORD.replace("alpha", "beta");
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&tagged));
        assert!(outcome.failed(), "the tag page's folder is a static file");
        let errors = crate::testing::placed(&outcome.report);
        assert_eq!(
            errors,
            [
                "static/tags/beta: static/tags/beta cannot be copied: leverage writes pages below `/tags/beta/`, \
              and one name cannot be a file and a folder; expected another name for it"
            ]
        );
        assert_eq!(std::fs::read_to_string(dir.path().join("served/tags/beta")).expect("kept"), "beta");
        assert!(session.model().tags.contains_key("alpha"), "the edit is rolled back");
        assert!(!session.model().tags.contains_key("beta"));
        let outcome = edit(dir.path(), &mut session, "static/tags/beta", None);
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(dir.path().join("served/tags/beta/index.html").is_file(), "the refused edit goes through");
    }

    #[test]
    fn a_broken_draft_is_a_warning_when_drafts_are_left_out() {
        let draft =
            "+++\ndraft = true\n+++\n\n| Task | Human | AI Time |\n|---|---|---|\n| A | 2h | 0min |\n";
        for drafts in [false, true] {
            let (dir, mut session) = site_with(drafts);
            let outcome = edit(dir.path(), &mut session, "content/records/2026-03-09.md", Some(draft));
            assert_eq!(outcome.failed(), drafts, "{:?}", outcome.report.diagnostics);
            let severities: Vec<Severity> = outcome.report.diagnostics.iter().map(|d| d.severity).collect();
            assert_eq!(severities, [if drafts { Severity::Error } else { Severity::Warning }]);
        }
    }

    #[test]
    fn pages_rendered_again_to_the_same_bytes_are_not_written_and_reload_no_tab() {
        let (dir, mut session) = site();
        // A draft left out of the site: the indexes are rendered again, to the same bytes.
        let draft =
            "+++\ndraft = true\n+++\n\n| Task | Human | AI Time |\n|---|---|---|\n| A | 2h | 10min |\n";
        let home = dir.path().join("served/index.html");
        let before = std::fs::metadata(&home).and_then(|m| m.modified()).expect("home");
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-09.md", Some(draft));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert!(outcome.rendered().any(|p| p == "index.html"), "the home page was rendered again");
        assert!(
            outcome.written.iter().all(|p| p.starts_with("data/")),
            "only the exports are written: {:?}",
            outcome.written
        );
        assert_eq!(std::fs::metadata(&home).and_then(|m| m.modified()).expect("home"), before, "not touched");
        // Once written by the session, a page is known by its fingerprint: a change that
        // comes back to the first bytes writes the page again, and the return writes it again.
        let record = "content/records/2026-03-02.md";
        let changed = edit(dir.path(), &mut session, record, Some(&RECORD.replace("2h", "4h")));
        assert!(changed.written.iter().any(|p| p == "records/2026-03-02/index.html"));
        let back = edit(dir.path(), &mut session, record, Some(RECORD));
        assert!(back.written.iter().any(|p| p == "records/2026-03-02/index.html"));
        let again = edit(dir.path(), &mut session, record, Some(RECORD));
        assert!(!again.written.iter().any(|p| p == "records/2026-03-02/index.html"), "{:?}", again.written);
        assert!(again.unchanged.iter().any(|p| p == "records/2026-03-02/index.html"));
        // A page removed and brought back as it was is written again: its fingerprint went with it.
        let about = "content/about.md";
        let edited = edit(dir.path(), &mut session, about, Some("# About\n\nMore.\n"));
        assert!(edited.written.iter().any(|p| p == "about/index.html"));
        let removed = edit(dir.path(), &mut session, about, None);
        assert!(removed.removed.iter().any(|p| p == "about/index.html"));
        assert!(!dir.path().join("served/about/index.html").exists());
        let back = edit(dir.path(), &mut session, about, Some("# About\n\nMore.\n"));
        assert!(back.written.iter().any(|p| p == "about/index.html"), "{:?}", back.written);
        assert!(dir.path().join("served/about/index.html").exists());
    }

    /// A save that renames the stylesheet writes every page that links it, linking the new name.
    #[test]
    fn a_custom_css_save_writes_every_page_with_the_new_stylesheet() {
        let (dir, mut session) = site();
        let outcome = edit(dir.path(), &mut session, "static/custom.css", Some(":root { --accent: red; }\n"));
        let name =
            outcome.stylesheet.expect("a new stylesheet").rsplit('/').next().unwrap_or_default().to_string();
        for page in
            ["index.html", "records/2026-03-01/index.html", "about/index.html", "tags/alpha/index.html"]
        {
            assert!(outcome.written.iter().any(|w| w == page), "{page}: {:?}", outcome.written);
            let html = std::fs::read_to_string(dir.path().join("served").join(page)).expect("served");
            assert!(html.contains(&name), "{page} links {name}");
        }
        assert!(!outcome.written.iter().any(|w| w == "robots.txt"), "a file without the link is unchanged");
    }

    #[test]
    fn a_static_save_that_changes_no_file_reloads_nothing() {
        let (dir, mut session) = site();
        let logo = dir.path().join("static/logo.svg");
        assert!(edit(dir.path(), &mut session, "static/logo.svg", Some("<svg/>")).static_files);
        // The same bytes saved again, and an empty folder made: nothing for a tab to show.
        assert!(!edit(dir.path(), &mut session, "static/logo.svg", Some("<svg/>")).static_files);
        let folder = dir.path().join("static/files");
        std::fs::create_dir(&folder).expect("a folder");
        let outcome = session.apply(&[folder]).expect("a change");
        assert!(!outcome.static_files && outcome.written.is_empty(), "{outcome:?}");
        std::fs::write(&logo, "<svg></svg>").expect("written");
        let outcome = session.apply(&[logo]).expect("a change");
        assert!(outcome.static_files);
        assert_eq!(outcome.written, ["logo.svg"], "the file copied counts as written");
    }

    #[test]
    fn a_markdown_file_not_named_md_rebuilds_to_warn_about_it() {
        let (dir, mut session) = site();
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-09.markdown", Some("Hello.\n"));
        assert!(outcome.full);
        let warned = outcome
            .report
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("not read: content files end in `.md`"));
        assert!(warned, "{:?}", outcome.report.diagnostics);
    }

    #[test]
    fn a_save_reports_the_saved_files_broken_links_as_a_build_would() {
        let (dir, mut session) = site();
        let about = "# About\n\n## Team\n\n[a](/records/2026-03-02/) [b](/records/nope/) [c](#team) [d](#nope) \
                     [e](/about/#team)\n";
        let outcome = edit(dir.path(), &mut session, "content/about.md", Some(about));
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        let messages: Vec<&str> = outcome.report.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "link to `/records/nope/` points at no page of the site: nothing is built at /records/nope/",
                "link to `#nope` points at no element of /about/: nothing there has the id `nope`",
            ]
        );
        // Fixed, the warnings go with the next save.
        // (The page's first heading is its title, shown by the theme without an id: link to a
        // section.)
        let outcome =
            edit(dir.path(), &mut session, "content/about.md", Some("# About\n\n## Team\n\n[a](#team)\n"));
        assert!(outcome.report.diagnostics.is_empty(), "{:?}", outcome.report.diagnostics);
    }

    /// A page whose link names a markdown file is rendered again when a save adds, moves or
    /// removes the page built from that file, and its warning follows.
    #[test]
    fn a_link_to_a_markdown_file_follows_its_page() {
        let (dir, mut session) = site();
        let about = "# About\n\n[later](records/2026-03-09.md)\n";
        let outcome = edit(dir.path(), &mut session, "content/about.md", Some(about));
        let page = || std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("the page");
        assert!(page().contains("<a href=\"records/2026-03-09.md\">later</a>"), "{}", page());
        assert_eq!(warning_messages(&mut session).len(), 1, "{:?}", outcome.report.diagnostics);
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-09.md", Some(RECORD));
        assert!(
            outcome.rendered().any(|p| p == "about/index.html"),
            "{:?}",
            outcome.rendered().collect::<Vec<_>>()
        );
        assert!(
            page().contains("<a href=\"http://127.0.0.1:1111/records/2026-03-09/\">later</a>"),
            "{}",
            page()
        );
        assert_eq!(warning_messages(&mut session), Vec::<String>::new());
        // Its slug moves it: the link follows.
        let moved = RECORD.replace("tags", "slug = \"moved\"\ntags");
        edit(dir.path(), &mut session, "content/records/2026-03-09.md", Some(&moved));
        assert!(page().contains("<a href=\"http://127.0.0.1:1111/records/moved/\">later</a>"), "{}", page());
        edit(dir.path(), &mut session, "content/records/2026-03-09.md", None);
        assert!(page().contains("<a href=\"records/2026-03-09.md\">later</a>"), "{}", page());
        let warnings = warning_messages(&mut session);
        assert_eq!(
            warnings,
            ["content/about.md: link to `records/2026-03-09.md` names no page of the site: there is no \
              content/records/2026-03-09.md"]
        );
    }

    /// A page whose wiki-link names a file by its name is rendered again when a save adds or
    /// removes a file of that name anywhere below content/, which may be the one it now means.
    #[test]
    fn a_wiki_link_follows_the_page_of_the_file_it_names() {
        let (dir, mut session) = site();
        edit(dir.path(), &mut session, "content/about.md", Some("# About\n\n[[2026-03-09|later]]\n"));
        let page = || std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("the page");
        assert!(page().contains("<a class=\"unresolved\">later</a>"), "{}", page());
        assert_eq!(
            warning_messages(&mut session),
            ["content/about.md: link to `[[2026-03-09]]` names no page of the site: no file below content/ \
              is named `2026-03-09.md`"]
        );
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-09.md", Some(RECORD));
        assert!(
            outcome.rendered().any(|p| p == "about/index.html"),
            "{:?}",
            outcome.rendered().collect::<Vec<_>>()
        );
        let record = "<a href=\"http://127.0.0.1:1111/records/2026-03-09/\">later</a>";
        assert!(page().contains(record), "{}", page());
        assert_eq!(warning_messages(&mut session), Vec::<String>::new());
        // A second file of the name, first by path: the link leads there, with a warning.
        edit(dir.path(), &mut session, "content/notes/2026-03-09.md", Some("# Notes\n"));
        let notes = "<a href=\"http://127.0.0.1:1111/notes/2026-03-09/\">later</a>";
        assert!(page().contains(notes), "{}", page());
        assert_eq!(
            warning_messages(&mut session),
            ["content/about.md: `[[2026-03-09]]` could name any of 2 files; it leads to \
              content/notes/2026-03-09.md: write `[[notes/2026-03-09]]` to say so"]
        );
        edit(dir.path(), &mut session, "content/notes/2026-03-09.md", None);
        assert!(page().contains(record), "{}", page());
        assert_eq!(warning_messages(&mut session), Vec::<String>::new());
    }

    /// A wiki-link to a heading follows the id a save of its page gives the heading.
    #[test]
    fn a_wiki_link_to_a_heading_follows_its_id() {
        let (dir, mut session) = site();
        edit(dir.path(), &mut session, "content/about.md", Some("# About\n\n[[2026-03-01#Analysis|why]]\n"));
        let page = || std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("the page");
        let record = RECORD.to_string() + "\n## Analysis\n";
        edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(&record));
        assert!(page().contains("records/2026-03-01/#analysis\">why</a>"), "{}", page());
        let record = RECORD.to_string() + "\n## Analysis {#an}\n";
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(&record));
        assert!(
            outcome.rendered().any(|p| p == "about/index.html"),
            "{:?}",
            outcome.rendered().collect::<Vec<_>>()
        );
        assert!(page().contains("records/2026-03-01/#an\">why</a>"), "{}", page());
        assert_eq!(warning_messages(&mut session), Vec::<String>::new());
    }

    /// A task's cell that links to a markdown file is shown on its workstream's page, and a
    /// body on its tags' feeds: those follow the page too.
    #[test]
    fn a_cell_s_link_to_a_markdown_file_follows_its_page_on_the_workstream_and_tag_feed() {
        let toml = "title = \"T\"\nbase_url = \"http://127.0.0.1:1111/\"\nfeed_full_content = true\n";
        let (dir, mut session) = site_of(false, toml);
        let record = "+++\ntags = [\"alpha\"]\n+++\n\nSee [next](2026-03-09.md).\n\n\
                      | Task | Workstream | Human | AI Time |\n|---|---|---|---|\n| Do [n](2026-03-09.md) | core | 2h | 10min |\n";
        edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(record));
        let read =
            |page: &str| std::fs::read_to_string(dir.path().join("served").join(page)).expect("the page");
        let pages = ["records/2026-03-01/index.html", "workstreams/core/index.html", "tags/alpha/atom.xml"];
        for page in pages {
            assert!(read(page).contains("2026-03-09.md"), "{page}: {}", read(page));
        }
        // A record of another tag and no workstream.
        edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-09.md",
            Some(&RECORD.replace("alpha", "beta")),
        );
        for page in pages {
            assert!(!read(page).contains("2026-03-09.md"), "{page}: {}", read(page));
            assert!(
                read(page).contains("http://127.0.0.1:1111/records/2026-03-09/"),
                "{page}: {}",
                read(page)
            );
        }
    }

    #[test]
    fn an_edit_re_renders_its_record_its_neighbours_and_the_indexes_only() {
        let (dir, mut session) = site();
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-02.md",
            Some(&RECORD.replace("2h", "4h")),
        );
        assert!(!outcome.failed());
        assert_eq!(outcome.written[0], "records/2026-03-02/index.html", "the edited page comes first");
        for page in [
            "index.html",
            "archive/index.html",
            "tags/alpha/index.html",
            "tags/alpha/atom.xml",
            "atom.xml",
            "data/records.json",
            "records/2026-03-01/index.html",
            "records/2026-03-03/index.html",
        ] {
            assert!(outcome.rendered().any(|w| w == page), "{page} re-rendered");
        }
        assert!(
            !outcome.rendered().any(|w| w == "records/2026-03-04/index.html"),
            "a record two days away is untouched"
        );
        assert!(!outcome.rendered().any(|w| w == "about/index.html"));
        let page =
            std::fs::read_to_string(dir.path().join("served/records/2026-03-02/index.html")).expect("page");
        assert!(page.contains("4h") && page.contains("24x"));
        assert!(page.contains("<script>reload</script>"), "serve's script is injected");
    }

    /// A saved document's page is its record's or page's own, not its aliases' redirects, under
    /// the slug it has now; a draft left out, a deleted record, a static file have none.
    #[test]
    fn a_document_s_page_is_found_by_its_file() {
        let (dir, mut session) = site();
        let with_alias = format!("+++\naliases = [\"/old/\"]\nslug = \"moved\"\n+++\n{RECORD}");
        edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&with_alias));
        let page =
            |session: &Session, path: &str| session.page_of(&dir.path().join(path)).map(str::to_string);
        assert_eq!(
            page(&session, "content/records/2026-03-02.md").as_deref(),
            Some("records/moved/index.html")
        );
        assert_eq!(page(&session, "content/about.md").as_deref(), Some("about/index.html"));
        assert_eq!(page(&session, "static/x.txt"), None);
        assert_eq!(page(&session, "site.toml"), None);
        let draft = format!("+++\ndraft = true\n+++\n{RECORD}");
        edit(dir.path(), &mut session, "content/records/2026-03-09.md", Some(&draft));
        assert_eq!(page(&session, "content/records/2026-03-09.md"), None, "a draft left out");
        edit(dir.path(), &mut session, "content/records/2026-03-02.md", None);
        assert_eq!(page(&session, "content/records/2026-03-02.md"), None, "deleted");
    }

    #[test]
    fn the_edited_page_is_announced_before_the_pages_that_depend_on_it() {
        let (dir, mut session) = site();
        let served = dir.path().join("served");
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let told = std::sync::Arc::clone(&seen);
        let home = served.join("index.html");
        session.on_first_written(move |written| {
            let read = |p: &Path| std::fs::read_to_string(p).expect("page");
            let page = read(&home.with_file_name("records/2026-03-02/index.html"));
            // The edited page is written; the home page is not yet.
            told.lock().expect("lock").push((
                written.to_vec(),
                page.contains("7h 7min"),
                read(&home).contains("7h 7min"),
            ));
        });
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-02.md",
            Some(&RECORD.replace("2h", "7h 7min")),
        );
        assert!(!outcome.failed());
        let page = vec!["records/2026-03-02/index.html".to_string()];
        assert_eq!(*seen.lock().expect("lock"), [(page.clone(), true, false)]);
        assert_eq!(outcome.written[..outcome.first], page, "the outcome says which were announced");
        assert!(outcome.written.len() > outcome.first);
        assert!(std::fs::read_to_string(served.join("index.html")).expect("home").contains("7h 7min"));
        // A full rebuild keeps the callback.
        assert!(!session.rebuild().failed());
        edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-02.md",
            Some(&RECORD.replace("2h", "4h 30min")),
        );
        assert_eq!(seen.lock().expect("lock").len(), 2);
    }

    #[test]
    fn an_edited_body_is_rendered_from_the_new_text() {
        // The build renders each body while parsing it; an edit must not show that old body.
        let (dir, mut session) = site();
        let text = RECORD.replace("+++\n\n|", "+++\n\nNew prose here.\n\n|");
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&text));
        assert!(!outcome.failed());
        let page =
            std::fs::read_to_string(dir.path().join("served/records/2026-03-02/index.html")).expect("page");
        assert!(page.contains("<p>New prose here.</p>"), "{page}");
        let outcome = edit(dir.path(), &mut session, "content/about.md", Some("# About\n\nChanged.\n"));
        assert!(!outcome.failed());
        let page = std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("page");
        assert!(page.contains("<p>Changed.</p>"), "{page}");
    }

    /// The search index holds a record's data and no prose, as the data exports do: a save of
    /// prose leaves it (and the search page) as they are, a save of a task writes it again.
    #[test]
    fn the_search_index_is_written_again_when_a_task_changes_and_not_for_prose() {
        let (dir, mut session) = site();
        let toml = "title = \"T\"\nbase_url = \"http://127.0.0.1:1111/\"\nbuild_search_index = true\n";
        let outcome = edit(dir.path(), &mut session, "site.toml", Some(toml));
        assert!(outcome.full && !outcome.failed(), "{:?}", outcome.report.diagnostics);
        let index = dir.path().join("served/search/index.json");
        assert!(std::fs::read_to_string(&index).expect("the index").contains("\"A\""));
        assert!(dir.path().join("served/search/index.html").is_file());
        let record = "content/records/2026-03-02.md";
        let prose = RECORD.replace("+++\n\n|", "+++\n\nNew prose here.\n\n|");
        let outcome = edit(dir.path(), &mut session, record, Some(&prose));
        assert!(!outcome.failed());
        assert!(
            !outcome.rendered().any(|p| p.starts_with("search/")),
            "prose changes no search file: {:?}",
            outcome.written
        );
        let task = prose.replace("| A |", "| Deploy the gateway |");
        let outcome = edit(dir.path(), &mut session, record, Some(&task));
        assert!(outcome.written.iter().any(|p| p == "search/index.json"), "{:?}", outcome.written);
        assert!(std::fs::read_to_string(&index).expect("the index").contains("\"Deploy the gateway\""));
        // Another agent's table: records.json holds the same, the index names the agent.
        let agent = task.replace("| AI Time |", "| Codex |");
        let outcome = edit(dir.path(), &mut session, record, Some(&agent));
        assert!(outcome.written.iter().any(|p| p == "search/index.json"), "{:?}", outcome.written);
        assert!(std::fs::read_to_string(&index).expect("the index").contains("\"ai_label\":\"Codex\""));
        // A day of two agents is `AI` in all: the index names each table's, which changes alone.
        let two = agent.clone() + "\n| Task | Human | Claude Time |\n|---|---|---|\n| Z | 1h | 5min |\n";
        assert!(!edit(dir.path(), &mut session, record, Some(&two)).failed());
        let renamed = two.replace("| Codex |", "| Copilot |");
        let outcome = edit(dir.path(), &mut session, record, Some(&renamed));
        assert!(outcome.written.iter().any(|p| p == "search/index.json"), "{:?}", outcome.written);
        let text = std::fs::read_to_string(&index).expect("the index");
        assert!(text.contains("\"ai_labels\":[\"Copilot\",\"Claude\"]"), "{text}");
    }

    #[test]
    fn pages_rendered_again_from_their_texts_match_the_first_build() {
        // The first build renders each body while parsing it; every later render reads the text.
        let (dir, mut session) = site();
        let rich = RECORD.replace("+++\n\n|", "+++\n\nIntro *words* [^n].\n\n|")
            + "\n## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total tasks | 1 |\n\n[^n]: A note.\n";
        std::fs::write(dir.path().join("content/records/2026-03-02.md"), &rich).expect("written");
        assert!(!session.rebuild().failed());
        let served = dir.path().join("served");
        let first = crate::testing::tree(&served);
        let page = String::from_utf8_lossy(&first[Path::new("records/2026-03-02/index.html")]).into_owned();
        assert!(page.contains("<em>words</em>") && page.contains("A note."), "{page}");
        let all: Vec<usize> = (0..session.planned.len()).collect();
        let outcome = session.render(&all, &[]);
        assert!(!outcome.failed() && outcome.rendered().count() == all.len());
        assert!(
            outcome.written.iter().all(|w| w.starts_with("data/")),
            "only the exports are written again: {:?}",
            outcome.written
        );
        assert_eq!(first, crate::testing::tree(&served));
    }

    #[test]
    fn an_edit_re_renders_only_the_home_pages_that_show_it() {
        let (dir, mut session) = site();
        std::fs::write(dir.path().join("site.toml"), "title = \"T\"\npaginate_by = 1\n").expect("written");
        assert!(!session.rebuild().failed());
        let homes = |outcome: &Outcome| -> Vec<String> {
            let mut homes: Vec<String> = outcome
                .rendered()
                .filter(|w| w.ends_with("index.html") && (*w == "index.html" || w.starts_with("page/")))
                .cloned()
                .collect();
            homes.sort();
            homes
        };
        // Prose alone: the site's figures stay, so only the first page (its charts) and the
        // page listing the record change. Newest first: 03-04 is page 1, 03-03 page 2, 03-02 page 3.
        let prose = RECORD.replace("+++\n\n|", "+++\n\nA new summary.\n\n|");
        let edited = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&prose));
        assert_eq!(homes(&edited), ["index.html", "page/3/index.html"]);
        // New figures: the default theme prints the site's totals on every home page.
        let edited =
            edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&prose.replace("2h", "4h")));
        assert_eq!(
            homes(&edited),
            ["index.html", "page/2/index.html", "page/3/index.html", "page/4/index.html"]
        );
        let added = edit(dir.path(), &mut session, "content/records/2026-03-05.md", Some(RECORD));
        assert!(added.written.iter().any(|w| w == "page/5/index.html"), "a new record shifts every page");
        assert!(added.written.iter().any(|w| w == "page/2/index.html"));
    }

    #[test]
    fn an_edit_that_moves_urls_is_planned_again() {
        let (dir, mut session) = site();
        // A new slug: the old page goes, the new one comes, and the records keep their order.
        let renamed = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-02.md",
            Some(&RECORD.replace("+++\n\n", "slug = \"second\"\n+++\n\n")),
        );
        assert_eq!(renamed.removed, ["records/2026-03-02/index.html"]);
        assert!(dir.path().join("served/records/second/index.html").exists());
        // A new date moves the record to the end: every record page is planned at its new index.
        let moved = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-01.md",
            Some(&RECORD.replace("+++\n\n", "date = 2026-03-09\n+++\n\n")),
        );
        assert!(!moved.failed(), "{:?}", moved.report.diagnostics);
        let slugs: Vec<&str> =
            session.model().records.iter().map(|e| session.model().document(e).slug.as_str()).collect();
        assert_eq!(slugs, ["second", "2026-03-03", "2026-03-04", "2026-03-01"]);
        let last =
            std::fs::read_to_string(dir.path().join("served/records/2026-03-01/index.html")).expect("page");
        assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""), "now the latest record");
        // A workstream renamed in place: its old page goes.
        let table = "| Task | Workstream | Human | AI Time |\n|---|---|---|---|\n| A | Old | 2h | 10min |\n";
        edit(dir.path(), &mut session, "content/records/2026-03-03.md", Some(table));
        assert!(dir.path().join("served/workstreams/old/index.html").exists());
        let renamed = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-03.md",
            Some(&table.replace("Old", "New")),
        );
        assert!(renamed.removed.iter().any(|r| r == "workstreams/old/index.html"), "{:?}", renamed.removed);
        assert!(dir.path().join("served/workstreams/new/index.html").exists());
    }

    /// A stream's tasks are paged: a task added to a stream the record had already gives it a
    /// page more, and one taken away takes it back.
    #[test]
    fn a_task_added_to_a_stream_pages_it_anew() {
        let (dir, mut session) = site_of(
            false,
            "title = \"T\"\nbase_url = \"http://127.0.0.1:1111/\"\npaginate_workstreams_by = 1\n",
        );
        let table = "| Task | Workstream | Human | AI Time |\n|---|---|---|---|\n| A | Core | 2h | 10min |\n";
        edit(dir.path(), &mut session, "content/records/2026-03-03.md", Some(table));
        let second = dir.path().join("served/workstreams/core/page/2/index.html");
        assert!(dir.path().join("served/workstreams/core/index.html").exists() && !second.exists());
        let two = format!("{table}| B | Core | 1h | 10min |\n");
        edit(dir.path(), &mut session, "content/records/2026-03-03.md", Some(&two));
        let page = std::fs::read_to_string(&second).expect("a second page");
        assert!(page.contains("· page 2 of 2"), "{page}");
        let first =
            std::fs::read_to_string(dir.path().join("served/workstreams/core/index.html")).expect("read");
        assert!(first.contains("/workstreams/core/page/2/"), "the first links the second");
        let back = edit(dir.path(), &mut session, "content/records/2026-03-03.md", Some(table));
        assert!(back.removed.iter().any(|r| r == "workstreams/core/page/2/index.html"), "{:?}", back.removed);
        assert!(!second.exists());
    }

    #[test]
    fn a_deleted_record_disappears() {
        let (dir, mut session) = site();
        let outcome = edit(dir.path(), &mut session, "content/records/2026-03-04.md", None);
        assert_eq!(outcome.removed, ["records/2026-03-04/index.html"]);
        assert!(!dir.path().join("served/records/2026-03-04").exists());
        assert_eq!(session.model().records.len(), 3);
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_site() {
        let (dir, mut session) = site();
        let before =
            std::fs::read_to_string(dir.path().join("served/records/2026-03-02/index.html")).expect("page");
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-02.md",
            Some(&RECORD.replace("2h", "soon")),
        );
        assert!(outcome.failed());
        assert!(outcome.written.is_empty());
        assert!(outcome.report.diagnostics[0].message.contains("found `soon`"));
        let after =
            std::fs::read_to_string(dir.path().join("served/records/2026-03-02/index.html")).expect("page");
        assert_eq!(before, after);
        let fixed = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(RECORD));
        assert!(!fixed.failed());
    }

    /// `gone` names the documents whose files are gone, in any folder, and no other: a record
    /// renamed over another (which is then no longer the first's), a page removed, and a record
    /// in a folder that is gone whole.
    #[test]
    fn gone_names_the_documents_whose_files_are_gone() {
        let (dir, session) = site();
        assert_eq!(session.gone(), Vec::<PathBuf>::new());
        let records = dir.path().join("content/records");
        std::fs::rename(records.join("2026-03-01.md"), records.join("2026-03-02.md")).expect("renamed over");
        std::fs::remove_file(dir.path().join("content/about.md")).expect("removed");
        // A link left leading nowhere is a file still there, as the build reads it.
        std::fs::remove_file(records.join("2026-03-03.md")).expect("removed");
        std::os::unix::fs::symlink(records.join("nowhere.md"), records.join("2026-03-03.md"))
            .expect("linked");
        assert_eq!(session.gone(), [dir.path().join("content/about.md"), records.join("2026-03-01.md")]);
        std::fs::remove_dir_all(&records).expect("removed");
        assert_eq!(session.gone().len(), 5, "{:?}", session.gone());
    }

    #[test]
    fn a_record_renamed_while_broken_leaves_no_copy_under_its_old_name() {
        let (dir, mut session) = site();
        let broken = RECORD.replace("2h", "soon");
        let old = "content/records/2026-03-02.md";
        assert!(edit(dir.path(), &mut session, old, Some(&broken)).failed());
        // The rename: the old name gone and the new one written, in one save.
        std::fs::rename(dir.path().join(old), dir.path().join("content/records/2026-03-02-am.md"))
            .expect("moved");
        let moved =
            session.apply(&[dir.path().join(old), dir.path().join("content/records/2026-03-02-am.md")]);
        assert!(moved.expect("a change").failed());
        let fixed = edit(dir.path(), &mut session, "content/records/2026-03-02-am.md", Some(RECORD));
        assert!(!fixed.failed(), "{:?}", fixed.report.diagnostics);
        assert!(fixed.removed.iter().any(|r| r == "records/2026-03-02/index.html"), "{:?}", fixed.removed);
        let slugs: Vec<&str> = session.model().documents.iter().map(|d| d.slug.as_str()).collect();
        assert!(slugs.contains(&"2026-03-02-am") && !slugs.contains(&"2026-03-02"), "{slugs:?}");
        assert!(!dir.path().join("served/records/2026-03-02").exists());
    }

    #[test]
    fn a_clash_mended_in_the_other_file_lets_the_refused_one_in() {
        let (dir, mut session) = site();
        let body = &RECORD[RECORD.find("\n\n").expect("body")..];
        let claim = format!("+++\nslug = \"launch\"\n+++\n{body}");
        assert!(!edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(&claim)).failed());
        assert!(edit(dir.path(), &mut session, "content/records/2026-03-03.md", Some(&claim)).failed());
        let other = format!("+++\nslug = \"launch-day\"\n+++\n{body}");
        let mended = edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(&other));
        assert!(!mended.failed(), "{:?}", mended.report.diagnostics);
        assert!(dir.path().join("served/records/launch/index.html").exists());
        assert!(dir.path().join("served/records/launch-day/index.html").exists());
        assert!(!dir.path().join("served/records/2026-03-03").exists());
    }

    #[test]
    fn a_save_of_another_file_while_one_is_broken_is_still_an_error() {
        let (dir, mut session) = site();
        let broken = RECORD.replace("2h", "soon");
        assert!(edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&broken)).failed());
        let other = edit(dir.path(), &mut session, "content/about.md", Some("# About us\n"));
        assert!(other.failed(), "a build of the folder fails, and so does the save");
        assert!(other.report.diagnostics.iter().any(|d| d.message.contains("found `soon`")));
        let fixed = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(RECORD));
        assert!(!fixed.failed());
        let about = std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("page");
        assert!(about.contains("About us"), "the other save is applied with the mend");
    }

    /// A broken template fails the whole site (as a folder of records that cannot be read, or a
    /// theme's static folder, do): a save of a record meanwhile is no mend, as a build of the
    /// folder would fail too.
    #[test]
    fn a_save_while_the_whole_site_is_broken_is_still_an_error() {
        let (dir, mut session) = site();
        let template = "templates/page.html";
        assert!(edit(dir.path(), &mut session, template, Some("{% if %}")).failed());
        let other = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-02.md",
            Some(&RECORD.replace("2h", "3h")),
        );
        assert!(other.failed(), "a build of the folder fails, and so does the save");
        let report = &other.report;
        let erring = |d: &Diagnostic| report.sources.get(d.span.file).path == Path::new(template);
        assert!(report.diagnostics.iter().any(erring), "the template's error is the one shown");
        let fixed = edit(dir.path(), &mut session, template, Some("{{ page.title }}"));
        assert!(!fixed.failed() && fixed.full);
        let page =
            std::fs::read_to_string(dir.path().join("served/records/2026-03-02/index.html")).expect("page");
        assert!(page.contains("3h"), "the other save is applied with the mend");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_among_the_records_is_passed_over_as_a_build_passes_it() {
        let (dir, mut session) = site();
        let pipe = dir.path().join("content/records/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
        assert!(made.success());
        // Read, the pipe would block until something wrote into it.
        let outcome = session.apply(std::slice::from_ref(&pipe)).expect("a content path");
        assert!(!outcome.failed(), "{:?}", outcome.report.diagnostics);
        assert_eq!(session.model().records.len(), 4);
        assert!(!edit(dir.path(), &mut session, "content/records/2026-03-01.md", Some(RECORD)).failed());
    }

    #[test]
    fn the_data_files_are_written_again_only_when_a_record_s_data_changes() {
        let (dir, mut session) = site();
        let data = ["data/records.json", "data/tasks.csv"];
        let wrote =
            |outcome: &Outcome| data.iter().filter(|d| outcome.written.iter().any(|w| w == *d)).count();
        let file = "content/records/2026-03-02.md";
        let prose = edit(dir.path(), &mut session, file, Some(&format!("{RECORD}\nA new paragraph.\n")));
        assert_eq!(wrote(&prose), 0, "prose is in neither file: {:?}", prose.written);
        let figures = edit(dir.path(), &mut session, file, Some(&RECORD.replace("2h", "3h")));
        assert_eq!(wrote(&figures), 2, "{:?}", figures.written);
        let csv = std::fs::read_to_string(dir.path().join("served/data/tasks.csv")).expect("written");
        assert!(csv.contains("2026-03-02,2026-03-02,A,,180.0,10.0,,,18.0"), "{csv}");
        let title = edit(
            dir.path(),
            &mut session,
            file,
            Some(&format!("+++\ntitle = \"Day two\"\n{}", &RECORD[4..])),
        );
        assert_eq!(wrote(&title), 2, "the title is in records.json: {:?}", title.written);
    }

    #[test]
    fn a_new_tag_gets_its_page_and_the_old_one_is_updated() {
        let (dir, mut session) = site();
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-03.md",
            Some(&RECORD.replace("alpha", "beta")),
        );
        for page in
            ["tags/beta/index.html", "tags/beta/atom.xml", "tags/alpha/index.html", "tags/alpha/atom.xml"]
        {
            assert!(outcome.written.iter().any(|w| w == page), "{page}: {:?}", outcome.written);
        }
        let read = |p: &str| std::fs::read_to_string(dir.path().join("served").join(p)).expect("a feed");
        assert!(read("tags/beta/atom.xml").contains("/records/2026-03-03/</id>"));
        assert!(!read("tags/alpha/atom.xml").contains("/records/2026-03-03/</id>"), "it left alpha's feed");
    }

    #[test]
    fn a_duplicate_url_is_refused_and_rolled_back() {
        let (dir, mut session) = site();
        let outcome = edit(
            dir.path(),
            &mut session,
            "content/records/2026-03-03.md",
            Some(&format!(
                "+++\nslug = \"2026-03-01\"\n+++\n{}",
                &RECORD[RECORD.find("\n\n").expect("body")..]
            )),
        );
        assert!(outcome.failed());
        assert_eq!(session.model().records.len(), 4);
        assert!(session.model().documents.iter().any(|d| d.slug == "2026-03-03"));
    }

    /// A page that prints the site's figures changes with them, however its template reads
    /// them: by name, by subscript, under another name, or through a macro handed `site`.
    #[test]
    fn a_page_that_prints_the_site_s_figures_is_rendered_again_with_them() {
        for template in [
            "TASKS={{ site.totals.tasks }}",
            "TASKS={{ site[\"totals\"].tasks }}",
            "{% set s = site %}TASKS={{ s.totals.tasks }}",
            "{% macro t(of) %}TASKS={{ of.totals.tasks }}{% endmacro %}{{ t(site) }}",
        ] {
            let (dir, mut session) = site();
            let path = dir.path().join("templates/page.html");
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(&path, template).expect("written");
            assert!(!session.apply(&[path]).expect("a change").failed());
            let about = || std::fs::read_to_string(dir.path().join("served/about/index.html")).expect("page");
            assert!(about().starts_with("TASKS=4"), "{template}: {}", about());
            let two = RECORD.replace("| A | 2h | 10min |", "| A | 2h | 10min |\n| B | 1h | 5min |");
            let outcome = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(&two));
            assert!(!outcome.failed());
            assert!(about().starts_with("TASKS=5"), "{template}: {}", about());
            // A page that does not print them is left alone.
            let outcome = edit(dir.path(), &mut session, "templates/page.html", Some("{{ site.title }}"));
            assert!(!outcome.failed());
            let outcome = edit(dir.path(), &mut session, "content/records/2026-03-02.md", Some(RECORD));
            assert!(!outcome.rendered().any(|w| w == "about/index.html"), "{template}");
        }
    }

    #[test]
    fn a_template_change_rebuilds_everything() {
        let (dir, mut session) = site();
        std::fs::create_dir_all(dir.path().join("templates")).expect("folder");
        let path = dir.path().join("templates/404.html");
        std::fs::write(&path, "gone").expect("written");
        let outcome = session.apply(&[path]).expect("a change");
        assert!(outcome.full && !outcome.failed());
        assert!(
            std::fs::read_to_string(dir.path().join("served/404.html")).expect("page").starts_with("gone")
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;
        use std::collections::{BTreeMap, BTreeSet};

        /// One record as a writer might leave it after a save.
        #[derive(Clone, Debug)]
        struct Draft {
            tags: Vec<&'static str>,
            slug: Option<&'static str>,
            date: Option<&'static str>,
            title: Option<&'static str>,
            prose: bool,
            rows: Vec<(u32, u32, Option<&'static str>)>,
            aggregates: bool,
            /// The AI time column's header, which names the agent (`site.ai_label`).
            ai: &'static str,
            draft: bool,
            summary: Option<&'static str>,
            /// The record's token count in front matter (its rows carry none).
            tokens: Option<u32>,
            /// Old URLs that redirect to the record (one is the about page's: refused).
            aliases: Vec<&'static str>,
            /// Shortcodes in the body: holes of its prerendered body, as tables are.
            shortcodes: bool,
        }

        impl Draft {
            fn text(&self) -> String {
                let mut front = String::new();
                if !self.tags.is_empty() {
                    let tags: Vec<String> = self.tags.iter().map(|t| format!("{t:?}")).collect();
                    front.push_str(&format!("tags = [{}]\n", tags.join(", ")));
                }
                for (key, value) in [("slug", self.slug), ("title", self.title)] {
                    if let Some(value) = value {
                        front.push_str(&format!("{key} = {value:?}\n"));
                    }
                }
                if let Some(date) = self.date {
                    front.push_str(&format!("date = {date}\n"));
                }
                if self.draft {
                    front.push_str("draft = true\n");
                }
                if let Some(summary) = self.summary {
                    front.push_str(&format!("summary = {summary:?}\n"));
                }
                if let Some(tokens) = self.tokens {
                    front.push_str(&format!("tokens = {tokens}\n"));
                }
                if !self.aliases.is_empty() {
                    front.push_str(&format!("aliases = {:?}\n", self.aliases));
                }
                let mut text = format!("+++\n{front}+++\n\n");
                if self.prose {
                    text.push_str("What was done, in *a few* words.\n\n");
                }
                if self.shortcodes {
                    text.push_str(
                        "A figure {{ figure(src=\"a.png\", caption=\"A *week*\") }}.\n\n\
                         {% details(summary=\"More\") %}\nIt *worked*.\n{% end %}\n\n",
                    );
                }
                let streams = self.rows.iter().any(|r| r.2.is_some());
                let ai = self.ai;
                if streams {
                    text.push_str(&format!("| Task | Workstream | Human | {ai} |\n|---|---|---|---|\n"));
                } else {
                    text.push_str(&format!("| Task | Human | {ai} |\n|---|---|---|\n"));
                }
                for (i, (hours, minutes, stream)) in self.rows.iter().enumerate() {
                    let stream = if streams { format!(" {} |", stream.unwrap_or("")) } else { String::new() };
                    text.push_str(&format!("| Task {i} |{stream} {hours}h | {minutes}min |\n"));
                }
                if self.aggregates {
                    text.push_str(&format!(
                        "\n## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total tasks | {} |\n",
                        self.rows.len()
                    ));
                }
                text
            }
        }

        fn draft() -> impl Strategy<Value = Draft> {
            let tag = prop::sample::select(vec!["alpha", "Alpha", "beta", "Gamma Ray"]);
            let stream = prop::option::of(prop::sample::select(vec!["Old", "New"]));
            (
                prop::collection::vec(tag, 0..3),
                prop::option::of(prop::sample::select(vec!["first", "second"])),
                prop::option::of(prop::sample::select(vec!["2026-02-20", "2026-03-09"])),
                prop::option::of(prop::sample::select(vec!["A day", "Another day"])),
                any::<bool>(),
                prop::collection::vec((1u32..9, 1u32..90, stream), 1..4),
                any::<bool>(),
                (
                    prop::sample::select(vec!["AI Time", "Claude Time", "Codex"]),
                    prop::bool::weighted(0.15),
                    prop::option::of(prop::sample::select(vec!["Short <day>", "A & B"])),
                    prop::option::of(1000u32..90_000),
                    prop::collection::vec(
                        prop::sample::select(vec![
                            "/old/",
                            "/2026/03/01/day.html",
                            "/about/",
                            "/legacy.html",
                        ]),
                        0..2,
                    ),
                    prop::bool::weighted(0.3),
                ),
            )
                .prop_map(
                    |(
                        tags,
                        slug,
                        date,
                        title,
                        prose,
                        rows,
                        aggregates,
                        (ai, draft, summary, tokens, aliases, shortcodes),
                    )| {
                        Draft {
                            tags,
                            slug,
                            date,
                            title,
                            prose,
                            rows,
                            aggregates,
                            ai,
                            draft,
                            summary,
                            tokens,
                            aliases,
                            shortcodes,
                        }
                    },
                )
        }

        /// A save: a record written (`Some`) or deleted (`None`), the about page, a second page
        /// (a title, or deleted), a broken record (refused, then put back as it was), site.toml,
        /// or a file of the site's static/ folder.
        #[derive(Clone, Debug)]
        enum Save {
            Record(usize, Option<Draft>),
            About(bool),
            Notes(Option<&'static str>),
            Broken(usize),
            PerPage(usize),
            Static(bool),
        }

        fn save() -> impl Strategy<Value = Save> {
            prop_oneof![
                6 => (0usize..6, prop::option::weighted(0.85, draft())).prop_map(|(i, d)| Save::Record(i, d)),
                1 => any::<bool>().prop_map(Save::About),
                1 => prop::option::of(prop::sample::select(vec!["Notes", "Colophon"])).prop_map(Save::Notes),
                1 => (0usize..6).prop_map(Save::Broken),
                1 => (1usize..4).prop_map(Save::PerPage),
                1 => any::<bool>().prop_map(Save::Static),
            ]
        }

        /// The files that differ between two output trees, each with its first differing line.
        fn differences(
            served: &BTreeMap<PathBuf, Vec<u8>>,
            built: &BTreeMap<PathBuf, Vec<u8>>,
        ) -> Vec<String> {
            let mut found = Vec::new();
            for path in served.keys().chain(built.keys()).collect::<BTreeSet<_>>() {
                match (served.get(path), built.get(path)) {
                    (Some(a), Some(b)) if a == b => {}
                    (Some(a), Some(b)) => {
                        let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
                        let line = a.lines().zip(b.lines()).find(|(x, y)| x != y);
                        found.push(format!("{}: served {:?}", path.display(), line));
                    }
                    (Some(_), None) => found.push(format!("{}: only served", path.display())),
                    _ => found.push(format!("{}: only built", path.display())),
                }
            }
            found
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(32))]
            /// Whatever a writer saves, in whatever order, what serve has written after each save
            /// is byte for byte what a full build of the same files writes: no page is left stale
            /// and none is left behind.
            #[test]
            fn after_any_saves_the_served_site_is_a_full_build(
                saves in prop::collection::vec(save(), 1..7),
                drafts in any::<bool>(),
            ) {
                // Feeds of two whole entries: which records they show moves with the saves. Each
                // heading links to itself, and pages list their headings.
                let toml = |per_page: usize| format!(
                    "title = \"T\"\nbase_url = \"http://127.0.0.1:1111/\"\npaginate_by = {per_page}\npaginate_tags_by = {per_page}\npaginate_workstreams_by = {per_page}\nfeed_limit = 2\nfeed_full_content = true\n\
                     insert_anchor_links = \"right\"\n[extra]\ntoc = true\n"
                );
                let (dir, mut session) = site_of(drafts, &toml(10));
                let root = dir.path();
                let record = |i: usize| root.join(format!("content/records/2026-03-{:02}.md", i + 1));
                for (step, save) in saves.iter().enumerate() {
                    let path = match save {
                        Save::Record(i, Some(draft)) => {
                            std::fs::write(record(*i), draft.text()).expect("written");
                            record(*i)
                        }
                        Save::Record(i, None) => {
                            if !record(*i).exists() {
                                continue;
                            }
                            std::fs::remove_file(record(*i)).expect("removed");
                            record(*i)
                        }
                        Save::About(prose) => {
                            let path = root.join("content/about.md");
                            let text = if *prose { "# About\n\nMore words.\n" } else { "# About\n" };
                            std::fs::write(&path, text).expect("written");
                            path
                        }
                        Save::Notes(title) => {
                            let path = root.join("content/notes.md");
                            match title {
                                Some(title) => std::fs::write(&path, format!("+++\ntitle = {title:?}\n+++\nSome notes.\n")).expect("written"),
                                None if path.exists() => std::fs::remove_file(&path).expect("removed"),
                                None => continue,
                            }
                            path
                        }
                        Save::Static(which) => {
                            let path = root.join("static/files/notes.txt");
                            std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
                            std::fs::write(&path, if *which { "one" } else { "two" }).expect("written");
                            // A static page that an alias may also claim: the static file wins.
                            std::fs::write(root.join("static/legacy.html"), "<p>kept</p>\n").expect("written");
                            path
                        }
                        Save::Broken(i) => {
                            let before = std::fs::read_to_string(record(*i)).ok();
                            let served = crate::testing::tree(&root.join("served"));
                            std::fs::write(record(*i), RECORD.replace("2h", "soon")).expect("written");
                            let refused = session.apply(&[record(*i)]).expect("a change");
                            prop_assert!(refused.failed());
                            prop_assert_eq!(&served, &crate::testing::tree(&root.join("served")), "refused: unchanged");
                            match before {
                                Some(text) => std::fs::write(record(*i), text).expect("written"),
                                None => std::fs::remove_file(record(*i)).expect("removed"),
                            }
                            record(*i)
                        }
                        Save::PerPage(n) => {
                            let path = root.join("site.toml");
                            std::fs::write(&path, toml(*n)).expect("written");
                            path
                        }
                    };
                    let outcome = session.apply(&[path]).expect("a change");
                    if outcome.failed() {
                        // Two records may claim one slug or date: refused, and put back.
                        let Save::Record(i, _) = save else {
                            return Err(TestCaseError::fail(format!("step {step} failed: {:?}", outcome.report.diagnostics)));
                        };
                        std::fs::remove_file(record(*i)).expect("removed");
                        let restored = session.apply(&[record(*i)]).expect("a change");
                        prop_assert!(!restored.failed(), "{:?}", restored.report.diagnostics);
                    }
                    let full = root.join(format!("full-{step}"));
                    let report = crate::build(&BuildOptions { output_dir: Some(full.clone()), ..session.options.clone() });
                    prop_assert!(!report.failed(), "{:?}", report.diagnostics);
                    let differences = differences(&crate::testing::tree(&root.join("served")), &crate::testing::tree(&full));
                    prop_assert!(differences.is_empty(), "after step {}: {:#?}", step, differences);
                    // And the warnings a tab counts are the build's, every one.
                    let warnings = |report: &Report| {
                        let mut all: Vec<(PathBuf, u32, String)> = report
                            .diagnostics
                            .iter()
                            .filter(|d| d.severity == Severity::Warning)
                            .map(|d| (report.sources.get(d.span.file).path.clone(), d.span.start, d.message.clone()))
                            .collect();
                        all.sort();
                        all
                    };
                    prop_assert_eq!(warnings(&session.warnings()), warnings(&report), "after step {}: {:?} {:?}", step, session.warnings, outcome.report.diagnostics);
                    std::fs::remove_dir_all(&full).expect("removed");
                }
            }
        }
    }

    #[test]
    fn paths_outside_the_site_are_ignored() {
        let (dir, mut session) = site();
        assert!(
            session.apply(&[dir.path().join("served/index.html"), dir.path().join("notes.txt")]).is_none()
        );
    }
}
