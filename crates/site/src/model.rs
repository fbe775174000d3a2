//! The model: the published documents of a site and every figure computed from them, once.
//!
//! Records are ordered by date then slug; each has its `Totals` and `Spread` from `math`; tags
//! and workstreams index into the record list (months are made from it when a page asks,
//! `Model::months`). Pages and views are built from this, never from the text again.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use content::{Document, Record, Sources, Span};
use math::{Leverage, Spread, TaskFigures, Totals};

use crate::config::Config;
use crate::slug::slugify;

/// A record and its computed figures.
#[derive(Debug)]
pub struct RecordEntry {
    /// Index into `Model::documents`.
    pub doc: usize,
    /// The record's totals (a day token count from front matter included).
    pub totals: Totals,
    /// The spread of its per-task leverage.
    pub spread: Option<Spread>,
    /// The AI label all its task tables share (`Claude`), or `AI` when they name different
    /// agents or there are none.
    pub ai_label: String,
}

/// A tag and the records that carry it.
#[derive(Debug)]
pub struct TagEntry {
    /// The tag as first written.
    pub name: String,
    /// Indexes into `Model::records`, ascending by date.
    pub records: Vec<usize>,
    /// The sum of those records' totals.
    pub totals: Totals,
    /// The AI label of those records' figures (`Claude`), as `Model::ai_label` is the site's:
    /// `AI` when they name different agents, the site's when none has tasks.
    pub ai_label: String,
}

/// A workstream: the tasks, across records, that name it.
#[derive(Debug)]
pub struct WorkstreamEntry {
    /// The name as first written.
    pub name: String,
    /// (record index, task index within the record) in date order.
    pub tasks: Vec<(usize, usize)>,
    /// The sum of those tasks' totals.
    pub totals: Totals,
    /// The AI label of those tasks' figures (`Claude`): the one their tables share, else `AI`.
    pub ai_label: String,
}

/// A document's headings, as `Model::headings_of` gives them.
#[derive(Clone, Debug)]
pub struct Headings {
    /// In order, with the ids its page gives them.
    pub list: std::sync::Arc<[crate::body::Heading]>,
    /// Whether they are those its page shows for sure: the headings of the body a build's
    /// first pass rendered and its page splices. Others were rendered from the text without
    /// the page's tables and title (a footnote whose only mark the page leaves out is listed
    /// there, headings and all), so a link to one is still looked for in the built page.
    pub on_page: bool,
}

/// Everything a build renders.
#[derive(Debug)]
pub struct Model {
    /// The configuration, with base_url already overridden for this build.
    pub config: Config,
    /// Every source file.
    pub sources: Sources,
    /// Published documents (drafts removed unless asked for).
    pub documents: Vec<Document>,
    /// Records ascending by date, then slug.
    pub records: Vec<RecordEntry>,
    /// Indexes into `documents` of the standalone pages, ordered by source path.
    pub pages: Vec<usize>,
    /// Tags by slug.
    pub tags: BTreeMap<String, TagEntry>,
    /// Workstreams by slug.
    pub workstreams: BTreeMap<String, WorkstreamEntry>,
    /// The totals of all published records.
    pub totals: Totals,
    /// The spread of every published task's leverage.
    pub spread: Option<Spread>,
    /// The AI label every record uses (`Claude`), for site-wide figures; `AI` when they name
    /// different agents, or there are none.
    pub ai_label: String,
    /// Whether drafts are published.
    pub drafts: bool,
    /// The paths of the drafts left out (none when `drafts`), composed (NFC) as links name them:
    /// a link to one is told apart from a link to no file.
    pub drafts_left_out: std::collections::BTreeSet<std::path::PathBuf>,
    /// The page each draft left out would be published as (`records/x/index.html`), with its
    /// slug's place, by the draft's path: a draft whose page is a published page's is warned of
    /// before it is published (`audit::draft_warnings`).
    pub draft_pages: BTreeMap<std::path::PathBuf, (String, Span)>,
    /// The files below content/ that are not markdown, which a page's link may name
    /// (`attachment`).
    pub attachments: crate::attachment::Attachments,
    /// The documents whose paths are not in Unicode's composed form (NFC), each by its path
    /// composed (`document_named`).
    decomposed: std::collections::HashMap<String, usize>,
    /// The documents by the name a wiki-link calls them (`wiki_key`), made when a link first
    /// asks (`documents_called`): most sites have no wiki-link.
    wiki_names: std::sync::OnceLock<std::collections::HashMap<String, Vec<usize>>>,
    /// The headings of each document a wiki-link names a heading of (`headings_of`), by index.
    headings: std::sync::Mutex<std::collections::HashMap<usize, Headings>>,
    /// What each record of `documents` contributes to the indexes, by document index (`None`
    /// for a page). Computed when a document is added or replaced, so re-indexing after one
    /// edit neither re-sums nor re-slugs the other records' tasks.
    derived: Vec<Option<Derived>>,
}

/// A record's figures and index keys, computed from its document alone: while its file is
/// parsed, on the thread that parsed it (`Model::with_derived`), or when it is added.
#[derive(Debug)]
pub(crate) struct Derived {
    totals: Totals,
    spread: Option<Spread>,
    /// Each task's leverage, in task order: tag, workstream and site-wide figures read them
    /// here, a few bytes each, rather than from the tasks (about 2% of a 10k build's CPU went
    /// into finding each task again, mostly waiting on memory).
    leverages: Vec<Leverage>,
    ai_label: String,
    /// Its tags' slugs and names as written (trimmed), without repeats.
    tags: Vec<(String, String)>,
    /// Each task's workstream slug, when it has one (the name is the task's own).
    streams: Vec<Option<String>>,
}

impl Derived {
    fn of(record: &Record, document: &Document) -> Derived {
        let figures: Vec<&TaskFigures> = record.tasks().map(|t| &t.figures).collect();
        let leverages: Vec<Leverage> = figures.iter().map(|f| f.leverage()).collect();
        let mut tags: Vec<(String, String)> = Vec::with_capacity(document.tags.len());
        for tag in &document.tags {
            let slug = slugify(&tag.value);
            // Trimmed once here: every page and export names the tag alike.
            if !tags.iter().any(|(s, _)| *s == slug) {
                tags.push((slug, tag.value.trim().to_string()));
            }
        }
        Derived {
            totals: Totals::of_record(figures.iter().copied(), record.day_tokens.as_ref().map(|c| c.value)),
            spread: Spread::of(leverages.iter().copied()),
            leverages,
            ai_label: record_ai_label(record),
            tags,
            streams: stream_slugs(record),
        }
    }

    /// The derived figures of a record's document; `None` for a page.
    pub(crate) fn of_document(document: &Document) -> Option<Derived> {
        document.record().map(|record| Derived::of(record, document))
    }

    /// The record's totals.
    pub(crate) fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The spread of the record's task leverages.
    pub(crate) fn spread(&self) -> Option<&Spread> {
        self.spread.as_ref()
    }
}

impl Model {
    /// Computes the model of these documents, each with its `Derived::of_document`, computed as a
    /// build does on the thread that parsed it, while it is in that core's cache (done here, on
    /// 10,000 records whose tasks were scattered over memory, it was 19 ms of a 0.8 s build).
    pub(crate) fn with_derived(
        config: Config,
        sources: Sources,
        mut documents: Vec<(Document, Option<Derived>)>,
        drafts: bool,
    ) -> Model {
        let drafts_left_out = documents
            .iter()
            .filter(|(d, _)| !d.published(drafts))
            .map(|(d, _)| composed_path(&d.path))
            .collect();
        let draft_pages = documents
            .iter()
            .filter(|(d, _)| !d.published(drafts))
            .map(|(d, _)| (d.path.clone(), draft_page(d)))
            .collect();
        documents.retain(|(d, _)| d.published(drafts));
        documents.sort_by(|(a, _), (b, _)| a.path.cmp(&b.path));
        let (documents, derived) = documents.into_iter().unzip();
        let mut model = Model {
            config,
            sources,
            documents,
            records: Vec::new(),
            pages: Vec::new(),
            tags: BTreeMap::new(),
            workstreams: BTreeMap::new(),
            totals: Totals::default(),
            spread: None,
            ai_label: String::new(),
            drafts,
            drafts_left_out,
            draft_pages,
            attachments: crate::attachment::Attachments::default(),
            decomposed: std::collections::HashMap::new(),
            wiki_names: std::sync::OnceLock::new(),
            headings: std::sync::Mutex::default(),
            derived,
        };
        model.reindex();
        model
    }

    /// Puts `document` in place of the one with the same path (or adds it), or removes the
    /// document at `path` when `document` is `None`; then recomputes every index and figure.
    /// This is how `serve` applies one edited file without reloading the others.
    pub fn replace(&mut self, path: &std::path::Path, document: Option<Document>) {
        match &document {
            Some(document) if !document.published(self.drafts) => {
                self.draft_pages.insert(path.to_path_buf(), draft_page(document));
                self.drafts_left_out.insert(composed_path(path))
            }
            _ => {
                self.draft_pages.remove(path);
                self.drafts_left_out.remove(&composed_path(path))
            }
        };
        let document = document.filter(|d| d.published(self.drafts));
        match (self.documents.binary_search_by(|d| d.path.as_path().cmp(path)), document) {
            (Ok(i), Some(document)) => {
                self.derived[i] = Derived::of_document(&document);
                self.documents[i] = document;
            }
            (Ok(i), None) => {
                self.documents.remove(i);
                self.derived.remove(i);
            }
            (Err(i), Some(document)) => {
                self.derived.insert(i, Derived::of_document(&document));
                self.documents.insert(i, document);
            }
            (Err(_), None) => {}
        }
        self.reindex();
    }

    /// The leverage of each task of a record, in task order.
    pub fn leverages(&self, entry: &RecordEntry) -> &[Leverage] {
        self.derived[entry.doc].as_ref().map_or(&[], |d| &d.leverages)
    }

    /// The document at a path (relative to the site root), if published.
    pub fn document_at(&self, path: &std::path::Path) -> Option<&Document> {
        self.documents.binary_search_by(|d| d.path.as_path().cmp(path)).ok().map(|i| &self.documents[i])
    }

    /// `document_at` a path in Unicode's composed form (NFC), as a link names it: the file may
    /// be named in decomposed form (NFD, as macOS names it), which it is published under
    /// composed.
    pub fn document_named(&self, path: &std::path::Path) -> Option<&Document> {
        self.document_at(path).or_else(|| self.decomposed.get(path.to_str()?).map(|&i| &self.documents[i]))
    }

    /// The index into `documents` of `document`, one of them.
    pub fn index_of(&self, document: &Document) -> Option<usize> {
        self.documents.binary_search_by(|d| d.path.cmp(&document.path)).ok()
    }

    /// The headings of `documents[index]`, with the ids its page gives them (`body::render_document`,
    /// the record note's ids avoided), made when a wiki-link first names one (`[[x#Analysis]]`).
    pub fn headings_of(&self, index: usize) -> Headings {
        let cached = |headings: &Self| {
            headings.headings.lock().unwrap_or_else(|e| e.into_inner()).get(&index).cloned()
        };
        if let Some(found) = cached(self) {
            return found;
        }
        let document = &self.documents[index];
        let text = &self.sources.get(document.file).text;
        if text.get(document.body.clone()).is_none() {
            // Let go after its first pass, whose headings `keep_headings` kept when asked for.
            return Headings { list: std::sync::Arc::from([]), on_page: false };
        }
        let reserved = crate::body::note_ids(self.config.record_note.as_deref());
        let style = crate::body::HeadingStyle { reserved: &reserved, ..crate::body::HeadingStyle::default() };
        let (_, headings) = crate::body::render_document(text, document, &[], false, style, None);
        let headings = Headings { list: headings.into(), on_page: false };
        let mut cache = self.headings.lock().unwrap_or_else(|e| e.into_inner());
        cache.entry(index).or_insert(headings).clone()
    }

    /// Whether the page of `documents[index]` shows an element of id `id` for sure: a heading of
    /// the body its page splices, as `keep_headings` kept them (`Headings::on_page`). Nothing is
    /// rendered for it: `false` where nothing was kept.
    pub fn shows_heading_id(&self, index: usize, id: &str) -> bool {
        let cache = self.headings.lock().unwrap_or_else(|e| e.into_inner());
        cache.get(&index).is_some_and(|headings| headings.on_page && headings.list.iter().any(|h| h.id == id))
    }

    /// Keeps the headings a build's first pass found, for `headings_of` when a wiki-link names a
    /// heading (`[[x#Analysis]]`): of the bodies it rendered (by file id), whose texts it lets
    /// go, and of those whose pages render them from their texts after all (`linking`: a body
    /// with a link to another page whose first pass did not splice), which would otherwise be
    /// rendered a third time for them.
    pub(crate) fn keep_headings(
        &mut self,
        bodies: &[Option<crate::body::Prerendered>],
        linking: Vec<(content::FileId, Vec<crate::body::Heading>)>,
    ) {
        // A link to a heading of another page: a wiki-link's names it, a markdown file's gives
        // its id (`[x](2026-02-27.md#analysis)`, `md_link::written`).
        let wanted = |link: &content::markdown::Link| {
            link.dest.contains('#') && (link.wiki || crate::md_link::written(&link.dest))
        };
        if !self.documents.iter().any(|document| document.links.iter().any(wanted)) {
            return;
        }
        let mut linking: std::collections::HashMap<content::FileId, Vec<crate::body::Heading>> =
            linking.into_iter().collect();
        let cache = self.headings.get_mut().unwrap_or_else(|e| e.into_inner());
        for (index, document) in self.documents.iter().enumerate() {
            if let Some(Some(body)) = bodies.get(document.file.0 as usize) {
                cache.insert(index, Headings { list: body.headings().into(), on_page: true });
            } else if let Some(headings) = linking.remove(&document.file) {
                cache.insert(index, Headings { list: headings.into(), on_page: false });
            }
        }
    }

    /// The indexes into `documents`, in path order, of the documents a wiki-link's name may
    /// mean: those whose file is so named without `.md`, in any case (`[[2026-02-27]]`,
    /// `[[About]]`), as Obsidian finds a note, and a bundle's `index.md` by its folder's name.
    pub fn documents_called(&self, name: &str) -> &[usize] {
        let names = self.wiki_names.get_or_init(|| {
            let mut names: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
            for (i, document) in self.documents.iter().enumerate() {
                for name in wiki_names(&document.path) {
                    names.entry(name).or_default().push(i);
                }
            }
            names
        });
        names.get(&wiki_key(name)).map_or(&[], Vec::as_slice)
    }

    /// Recomputes records, pages, tags, workstreams and totals from `documents` and each
    /// record's `Derived`.
    fn reindex(&mut self) {
        self.wiki_names = std::sync::OnceLock::new();
        self.headings = std::sync::Mutex::default();
        self.decomposed = (self.documents.iter().enumerate())
            .filter_map(|(i, d)| {
                let path = d.path.to_str().filter(|p| !p.is_ascii())?;
                let composed = content::composed(path);
                (composed != path).then_some((composed, i))
            })
            .collect();
        let documents = &self.documents;
        let derived = &self.derived;
        let mut records: Vec<RecordEntry> = derived
            .iter()
            .enumerate()
            .filter_map(|(doc, d)| d.as_ref().map(|d| (doc, d)))
            .map(|(doc, d)| RecordEntry {
                doc,
                totals: d.totals,
                spread: d.spread,
                ai_label: d.ai_label.clone(),
            })
            .collect();
        records.sort_by(|a, b| {
            let (da, db) = (&documents[a.doc], &documents[b.doc]);
            (da.date, &da.slug).cmp(&(db.date, &db.slug))
        });
        self.pages = (0..documents.len()).filter(|i| derived[*i].is_none()).collect();
        self.totals = records.iter().map(|r| r.totals).sum();
        // The spread sorts every task's leverage (150,000 at 10,000 records): on the other
        // thread, while this one gathers the tags and workstreams.
        let (spread, (tags, workstreams)) = rayon::join(
            || {
                Spread::of(
                    records
                        .iter()
                        .flat_map(|r| derived[r.doc].iter().flat_map(|d| d.leverages.iter().copied())),
                )
            },
            || index_tags_and_streams(documents, derived, &records),
        );
        self.spread = spread;
        self.ai_label = common_ai_label(&records);
        let mut tags = tags;
        for tag in tags.values_mut() {
            tag.ai_label = records_ai_label(tag.records.iter().map(|&i| &records[i]), &self.ai_label);
        }
        self.records = records;
        self.tags = tags;
        self.workstreams = workstreams;
    }

    /// The document of a record entry.
    pub fn document(&self, entry: &RecordEntry) -> &Document {
        &self.documents[entry.doc]
    }

    /// The record data of a record entry.
    pub fn record(&self, entry: &RecordEntry) -> &Record {
        record_of(&self.documents, entry)
    }

    /// The date of a record entry.
    pub fn date(&self, entry: &RecordEntry) -> NaiveDate {
        self.record(entry).date
    }

    /// A record's tags as the site names them: one per slug, each as first written across the
    /// site (`alpha` and `Alpha` are the one tag of `/tags/alpha/`), in the record's order.
    pub fn tag_names(&self, entry: &RecordEntry) -> Vec<&str> {
        self.tags_of(entry).map(|(_, name)| name).collect()
    }

    /// `tag_names` with each tag's slug: `(slug, name)`.
    pub fn tags_of(&self, entry: &RecordEntry) -> impl Iterator<Item = (&str, &str)> {
        self.derived(entry).tags.iter().map(|(slug, name)| {
            (slug.as_str(), self.tags.get(slug).map_or(name.as_str(), |t| t.name.as_str()))
        })
    }

    /// The workstream of each of a record's tasks as the site names it: as first written across
    /// the site (`mobile-app` and `Mobile App` are the one stream of `/workstreams/mobile-app/`).
    pub fn stream_names(&self, entry: &RecordEntry) -> impl Iterator<Item = Option<&str>> {
        self.derived(entry)
            .streams
            .iter()
            .map(|slug| slug.as_ref().and_then(|s| self.workstreams.get(s)).map(|w| w.name.as_str()))
    }

    /// What a record contributes to the indexes: every record has it (only pages do not).
    fn derived(&self, entry: &RecordEntry) -> &Derived {
        self.derived[entry.doc].as_ref().expect("a record's document has its derived figures")
    }

    /// Records grouped by (year, month), ascending.
    pub fn months(&self) -> BTreeMap<(i32, u32), Vec<usize>> {
        let mut months: BTreeMap<(i32, u32), Vec<usize>> = BTreeMap::new();
        for (i, entry) in self.records.iter().enumerate() {
            let date = self.date(entry);
            months.entry((date.year(), date.month())).or_default().push(i);
        }
        months
    }
}

/// The AI label of figures that add up the time of agents labelled `labels`: the one label they
/// all share, else `AI` (Claude's time and Codex's together are neither's, and no agent is
/// credited with another's minutes); `AI` when there are none.
fn shared_ai_label<'a>(mut labels: impl Iterator<Item = &'a str>) -> String {
    match labels.next() {
        Some(first) if labels.all(|label| same_agent(label, first)) => first.to_string(),
        _ => "AI".to_string(),
    }
}

/// Whether two AI labels name one agent: headers are matched without regard to case, so
/// `Cursor Time` and `cursor time` are one agent's (`audit::agent_warnings` asks for one spelling).
pub fn same_agent(a: &str, b: &str) -> bool {
    a == b
        || a.eq_ignore_ascii_case(b)
        || (!a.is_ascii() || !b.is_ascii()) && a.to_lowercase() == b.to_lowercase()
}

/// The AI label of a record's figures (see `shared_ai_label`): a day with a Claude table and a
/// Codex table has AI time from both.
pub fn record_ai_label(record: &content::Record) -> String {
    // A table without rows adds no agent's time (a Codex table begun and left empty).
    match record.tables.iter().any(|t| !t.tasks.is_empty()) {
        true => {
            shared_ai_label(record.tables.iter().filter(|t| !t.tasks.is_empty()).map(|t| t.ai_label.as_str()))
        }
        false => shared_ai_label(record.tables.iter().map(|t| t.ai_label.as_str())),
    }
}

/// The AI label of these records' figures taken together (see `Model::ai_label`): a record
/// without tasks (a day of prose alone, no task table) adds no agent's time, and names none.
fn common_ai_label(records: &[RecordEntry]) -> String {
    records_ai_label(records, "AI")
}

/// The AI label the figures of `records` share (see `shared_ai_label`), a record without tasks
/// naming no agent; `otherwise` when none has tasks (a tag's or `stats`'s records: the site's,
/// so that a zero reads as the site does, where `AI` would look like another agent's).
pub fn records_ai_label<'e>(records: impl IntoIterator<Item = &'e RecordEntry>, otherwise: &str) -> String {
    labels_ai_label(
        records.into_iter().filter(|e| e.totals.tasks > 0).map(|e| e.ai_label.as_str()),
        otherwise,
    )
}

/// The AI label that figures adding up the time of agents labelled `labels` share (see
/// `shared_ai_label`); `otherwise` when there are none.
pub fn labels_ai_label<'a>(labels: impl IntoIterator<Item = &'a str>, otherwise: &str) -> String {
    let mut labels = labels.into_iter().peekable();
    if labels.peek().is_none() { otherwise.to_string() } else { shared_ai_label(labels) }
}

/// Each task's workstream slug: a record's tasks name a few streams many times over, so each
/// name is slugified once.
fn stream_slugs(record: &Record) -> Vec<Option<String>> {
    // By name: a record of 40,000 streams looked each one up in a list of those before it.
    let mut known: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    record
        .tasks()
        .map(|task| {
            let name = &*task.workstream.as_ref()?.value;
            Some(known.entry(name).or_insert_with(|| slugify(name)).clone())
        })
        .collect()
}

/// The tags and workstreams of `records` (in their order), each with its records or tasks and
/// its totals.
fn index_tags_and_streams(
    documents: &[Document],
    derived: &[Option<Derived>],
    records: &[RecordEntry],
) -> (BTreeMap<String, TagEntry>, BTreeMap<String, WorkstreamEntry>) {
    let mut tags: BTreeMap<String, TagEntry> = BTreeMap::new();
    let mut workstreams: BTreeMap<String, WorkstreamEntry> = BTreeMap::new();
    for (index, entry) in records.iter().enumerate() {
        let Some(d) = &derived[entry.doc] else { continue };
        for (slug, name) in &d.tags {
            let tag_entry = match tags.get_mut(slug) {
                Some(tag_entry) => tag_entry,
                None => tags.entry(slug.clone()).or_insert_with(|| TagEntry {
                    name: name.clone(),
                    records: Vec::new(),
                    totals: Totals::default(),
                    ai_label: String::new(),
                }),
            };
            tag_entry.records.push(index);
            tag_entry.totals += entry.totals;
        }
        let tasks = record_of(documents, entry).tasks_with_tables();
        for (task_index, ((table, task), stream)) in tasks.zip(&d.streams).enumerate() {
            let (Some(slug), Some(name)) = (stream, &task.workstream) else { continue };
            let stream_entry = match workstreams.get_mut(slug) {
                Some(stream_entry) => stream_entry,
                None => workstreams.entry(slug.clone()).or_insert_with(|| WorkstreamEntry {
                    name: String::from(&*name.value),
                    tasks: Vec::new(),
                    totals: Totals::default(),
                    ai_label: table.ai_label.clone(),
                }),
            };
            // Claude's minutes and Codex's together are neither's (`shared_ai_label`).
            if !same_agent(&stream_entry.ai_label, &table.ai_label) && stream_entry.ai_label != "AI" {
                stream_entry.ai_label = "AI".to_string();
            }
            if stream_entry.tasks.last().is_none_or(|(r, _)| *r != index) {
                stream_entry.totals.records += 1;
            }
            stream_entry.tasks.push((index, task_index));
            stream_entry.totals += Totals::of_task(&task.figures);
        }
    }
    (tags, workstreams)
}

fn record_of<'a>(documents: &'a [Document], entry: &RecordEntry) -> &'a Record {
    documents[entry.doc].record().expect("record entries point at records")
}

/// A file's name as wiki-links are compared with it: composed (NFC) and in lower case.
pub(crate) fn wiki_key(name: &str) -> String {
    content::composed(name).to_lowercase()
}

/// The names a wiki-link calls the file at `path` by (`wiki_key`): its name without `.md`, and
/// a bundle's page's (`2026-02-27/index.md`) its folder's name too.
pub(crate) fn wiki_names(path: &std::path::Path) -> impl Iterator<Item = String> + '_ {
    let mut parts = path.iter().rev().filter_map(|part| part.to_str());
    let stem = parts.next().map(|file| file.strip_suffix(".md").unwrap_or(file));
    let folder = parts.next().filter(|_| is_bundle_page(path));
    stem.into_iter().chain(folder).map(wiki_key)
}

/// The page a draft would be published as, and its slug's place (`Model::draft_pages`).
fn draft_page(document: &Document) -> (String, Span) {
    ([crate::view::Urls::document_path(document).as_str(), "index.html"].concat(), document.slug_span)
}

/// Whether the file at `path` is a bundle's page (`index.md`, or Zola's section `_index.md`),
/// which a wiki-link names by its folder's name, exactly so written (`Index.md` is a page).
pub(crate) fn is_bundle_page(path: &std::path::Path) -> bool {
    matches!(path.file_name().and_then(|name| name.to_str()), Some("index.md" | "_index.md"))
}

/// `path` in Unicode's composed form (NFC).
pub(crate) fn composed_path(path: &std::path::Path) -> std::path::PathBuf {
    match path.to_str() {
        Some(text) if !text.is_ascii() => content::composed(text).into(),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of one task for each label; `""` is a record without tasks (its label `AI`).
    fn entries(labels: &[&str]) -> Vec<RecordEntry> {
        labels
            .iter()
            .map(|l| {
                let (tasks, label) = if l.is_empty() { (0, "AI") } else { (1, *l) };
                let totals = Totals { tasks, ..Totals::default() };
                RecordEntry { doc: 0, totals, spread: None, ai_label: label.to_string() }
            })
            .collect()
    }

    #[test]
    fn the_site_ai_label_is_the_one_every_record_uses_else_ai() {
        assert_eq!(common_ai_label(&entries(&["Codex", "Codex"])), "Codex");
        assert_eq!(
            common_ai_label(&entries(&["Codex", "Claude", "Codex"])),
            "AI",
            "no agent credited with another's time"
        );
        assert_eq!(common_ai_label(&[]), "AI");
        assert_eq!(common_ai_label(&entries(&["Claude", "", "Claude"])), "Claude", "a day of prose alone");
        assert_eq!(common_ai_label(&entries(&["", ""])), "AI");
    }
}
