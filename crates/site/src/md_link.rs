//! Links written to a content file rather than to its page: `[yesterday](2026-02-27.md)`, as
//! GitHub, Obsidian and editors' previews follow them, and Zola's `[about](@/about.md)`. Each
//! is written on the page as the URL of the page built from that file (its fragment and query
//! kept), and checked as a link to that page.
//!
//! A relative one is read from the folder of the file it is written in, as GitHub reads it;
//! one starting `@/` from `content/`, as Zola reads it. A root-relative `/notes.md` and one with
//! a scheme are left as written: they name a URL, not a file.

use std::path::{Path, PathBuf};

use crate::model::Model;
use crate::view::Urls;

/// Whether `dest` is written as a link to a markdown file (its path, before any `?` or `#`,
/// ending in `.md`, or starting `@/`), whether or not such a file is there. Cheap: the build's
/// first pass asks it of every link.
pub fn written(dest: &str) -> bool {
    if dest.starts_with("@/") {
        return true;
    }
    let path = dest.split(['?', '#']).next().unwrap_or("");
    // An e-mail address (`<info@gov.md>`) is no file.
    path.ends_with(".md")
        && !path.starts_with('/')
        && !path.contains('@')
        && content::load::url_scheme(path).is_none()
}

/// The content file (relative to the site root, `content/records/2026-02-27.md`) that `dest`,
/// written in the file at `from`, names, with what follows its path (`#analysis`); `None` when
/// `dest` is no link to a markdown file (`written`), or climbs above `content/`.
pub fn file<'d>(from: &Path, dest: &'d str) -> Option<(PathBuf, &'d str)> {
    if !written(dest) {
        return None;
    }
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    let decoded = content::composed(&percent_encoding::percent_decode_str(path).decode_utf8_lossy());
    let joined = match decoded.strip_prefix("@/") {
        Some(below) => format!("content/{below}"),
        None => {
            let folder = from.parent().map(crate::theme::slashed).unwrap_or_default();
            format!("{folder}/{decoded}")
        }
    };
    // Composed whole: the folder of `from` may be named decomposed (NFD) on disk.
    let path = crate::audit::normalize(&content::composed(&joined))?;
    let below = path.strip_prefix("content/").filter(|below| !below.is_empty() && !below.ends_with('/'))?;
    Some((Path::new("content").join(below), rest))
}

/// Where a link to a markdown file leads on the site: the folder of the page built from the file
/// it names (`records/2026-02-27/`) with what followed the file's path (`#analysis`); `None`
/// when it names no published document.
pub fn page(model: &Model, from: &Path, dest: &str) -> Option<String> {
    let (file, rest) = file(from, dest)?;
    let document = model.document_named(&file)?;
    Some([Urls::document_path(document).as_str(), rest].concat())
}

/// The page a wiki-link leads to, as `wiki` finds it.
#[derive(Debug)]
pub struct WikiTarget<'m> {
    pub document: &'m content::Document,
    /// `#` and the id the page gives the heading it names (`[[about#Contact]]` → `#contact`),
    /// or nothing.
    pub fragment: String,
    /// Whether `fragment` is the id of a heading the page shows for sure (`Headings::on_page`);
    /// else it is made from the text (and may be an id of the theme's, or none), or is a
    /// heading's that the built page is to be asked for.
    pub heading_on_page: bool,
    /// How many documents the name could mean (more than one: `document` was chosen).
    pub of: usize,
}

/// A wiki-link's target as written, read: `[[records/2026-02-27.md#Analysis]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WikiName<'t> {
    /// The name as written, without `.md` (`records/2026-02-27`).
    pub path: &'t str,
    /// Its folders (`records`; empty without).
    pub folders: &'t str,
    /// The file's name without `.md` (`2026-02-27`; empty in `[[#Analysis]]`).
    pub name: &'t str,
    /// The heading's text (`Analysis`; the last of `[[x#Part#Detail]]`, whose id is its own).
    pub heading: &'t str,
}

impl WikiName<'_> {
    pub fn of(target: &str) -> WikiName<'_> {
        let target = content::markdown::wiki_target(target);
        let (path, heading) = target.split_once('#').unwrap_or((target, ""));
        let heading = heading.rsplit('#').next().unwrap_or("").trim();
        let path = path.trim();
        let path = match path.len().checked_sub(3) {
            Some(end) if path.is_char_boundary(end) && path[end..].eq_ignore_ascii_case(".md") => {
                &path[..end]
            }
            _ => path,
        };
        let (folders, name) = path.rsplit_once('/').unwrap_or(("", path));
        WikiName { path, folders: folders.trim_matches('/'), name, heading }
    }

    /// Whether the name is a file's of another kind than a page's (`report.pdf`, `chart.png`),
    /// which Obsidian links as it links notes: its extension has a letter (`2026.02.27` is a
    /// page's name).
    pub fn is_attachment(&self) -> bool {
        let extension = Path::new(self.name).extension().and_then(|e| e.to_str()).unwrap_or("");
        (1..=5).contains(&extension.len())
            && extension.bytes().all(|b| b.is_ascii_alphanumeric())
            && extension.bytes().any(|b| b.is_ascii_alphabetic())
    }

    /// The name its file is looked up by (`Model::documents_called`): its own, or a bundle's
    /// folder's for `[[2026-03-01/index]]`, which a bundle's page is called by too.
    pub fn called(&self) -> &str {
        match (self.folders.rsplit('/').next(), self.name) {
            (Some(folder), "index" | "_index") if !folder.is_empty() => folder,
            _ => self.name,
        }
    }

    /// The names below content/ it must end with (`["records", "2026-02-27"]`), as wiki-links
    /// compare names (`model::wiki_key`).
    fn parts(&self) -> Vec<String> {
        self.folders
            .split('/')
            .filter(|part| !part.is_empty())
            .chain([self.name])
            .map(crate::model::wiki_key)
            .collect()
    }
}

/// The names of the file at `path` a wiki-link's path may end with, as wiki-links compare
/// names: `content/records/2026-02-27.md` is `content`, `records`, `2026-02-27`; a bundle's
/// `content/records/2026-03-01/index.md` is `content`, `records`, `2026-03-01`, or with
/// `index` after them.
fn path_names(path: &Path) -> (Vec<String>, bool) {
    let mut names: Vec<String> =
        path.iter().filter_map(|part| part.to_str()).map(crate::model::wiki_key).collect();
    if let Some(last) = names.last_mut()
        && let Some(stem) = last.strip_suffix(".md")
    {
        *last = stem.to_string();
    }
    let bundle = names.len() > 1 && crate::model::is_bundle_page(path);
    (names, bundle)
}

/// Whether the file at `path` is one a wiki-link naming `parts` (`WikiName::parts`) may mean.
fn ends_with(path: &Path, parts: &[String]) -> bool {
    let (names, bundle) = path_names(path);
    names.ends_with(parts) || (bundle && names[..names.len() - 1].ends_with(parts))
}

/// The document a wiki-link written in the file at `from` names, as Obsidian finds a note:
/// `[[2026-02-27]]` by its file's name without `.md`, in any case, wherever it is below
/// `content/` (`Model::documents_called`), a bundle's page by its folder's name;
/// `[[records/2026-02-27]]` by the end of its path; `[[./x]]` and `[[../about]]` from
/// `from`'s folder; `[[#Analysis]]` in `from` itself. Of several files of one name, the one in
/// `from`'s folder, else the one of the shortest path (then the first by path), a bundle's page
/// being where its folder is. `None` when no published document is so named.
pub fn wiki<'m>(model: &'m Model, from: &Path, target: &str) -> Option<WikiTarget<'m>> {
    let wiki = WikiName::of(target);
    let WikiName { path, folders, heading, .. } = wiki;
    let found = |index: usize, of| {
        let (fragment, known) = if heading.is_empty() {
            (String::new(), false)
        } else {
            let (id, known) = heading_id(model, index, heading);
            (format!("#{id}"), known)
        };
        Some(WikiTarget { document: &model.documents[index], fragment, heading_on_page: known, of })
    };
    if path.is_empty() {
        // `[[#Analysis]]`; `[[ ]]` names nothing.
        let own = model.document_named(&crate::model::composed_path(from)).filter(|_| !heading.is_empty())?;
        return found(model.index_of(own)?, 1);
    }
    if path.starts_with("./") || path.starts_with("../") {
        let mut files = ["", "/index", "/_index"]
            .into_iter()
            .filter_map(|end| file(from, &format!("{path}{end}.md")).map(|(file, _)| file));
        let document = files.find_map(|file| model.document_named(&file))?;
        return found(model.index_of(document)?, 1);
    }
    let parts = wiki.parts();
    let called: Vec<usize> = (model.documents_called(wiki.called()).iter())
        .copied()
        .filter(|&i| folders.is_empty() || ends_with(&model.documents[i].path, &parts))
        .collect();
    let here = from.parent();
    let place = |i: &usize| place(&model.documents[*i].path);
    let index = (called.iter().find(|i| place(i).0 == here))
        .or_else(|| called.iter().min_by_key(|i| place(i).1))
        .copied()?;
    found(index, called.len())
}

/// The folder a document is in, and how deep: a bundle's page (`records/2026-03-01/index.md`)
/// is where its folder is, as a file of that name would be.
fn place(path: &Path) -> (Option<&Path>, usize) {
    let bundle = crate::model::is_bundle_page(path);
    let folder = path.parent().filter(|_| !bundle).or_else(|| path.parent().and_then(Path::parent));
    (folder, path.components().count() - usize::from(bundle))
}

/// The id of the heading of `documents[index]` a wiki-link names by `text`, as Obsidian finds
/// one: the first whose text it is, then in any case; or whose id it is (`{#an}`); else the id
/// the text makes, which the link check then looks for. With whether the page shows that
/// heading for sure (`Headings::on_page`).
fn heading_id(model: &Model, index: usize, text: &str) -> (String, bool) {
    let headings = model.headings_of(index);
    let by = |matches: &dyn Fn(&crate::body::Heading) -> bool| {
        headings.list.iter().find(|h| matches(h)).map(|h| h.id.clone())
    };
    let lower = text.to_lowercase();
    match by(&|h| h.title == text)
        .or_else(|| by(&|h| h.title.to_lowercase() == lower))
        .or_else(|| by(&|h| h.id == text))
    {
        Some(id) => (id, headings.on_page),
        None => (crate::slug::heading_id(text), false),
    }
}

/// Whether the wiki-link `name`, written in the file at `from`, may mean the file at `path`
/// (`wiki`, a draft's file left out of the site, say).
pub fn wiki_may_name(name: WikiName<'_>, from: &Path, path: &Path) -> bool {
    if name.path.starts_with("./") || name.path.starts_with("../") {
        let path = crate::model::composed_path(path);
        return ["", "/index", "/_index"]
            .into_iter()
            .any(|end| file(from, &format!("{}{end}.md", name.path)).is_some_and(|(file, _)| file == path));
    }
    !name.name.is_empty() && ends_with(path, &name.parts())
}

/// The shortest wiki-link that names `document` alone (`guides/setup`, `content/a/setup`),
/// for a name that means several files; else its path from the file at `from` (`./n/Setup`).
pub fn wiki_name_of(model: &Model, from: &Path, document: &content::Document) -> String {
    let (names, bundle) = path_names(&document.path);
    let names = if bundle { &names[..names.len() - 1] } else { &names[..] };
    let others: Vec<&Path> = (model.documents_called(names.last().map_or("", String::as_str)).iter())
        .map(|&i| model.documents[i].path.as_path())
        .filter(|path| *path != document.path)
        .collect();
    // As written, not folded: the writer's own spelling of each name.
    let mut written: Vec<String> =
        document.path.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    if bundle {
        written.pop();
    } else if let Some(last) = written.last_mut() {
        last.truncate(last.len() - last.strip_suffix(".md").map_or(0, |_| 3));
    }
    let unique =
        (1..=names.len()).find(|&n| !others.iter().any(|other| ends_with(other, &names[names.len() - n..])));
    match unique {
        Some(n) => written[written.len() - n..].join("/"),
        // Another's path ends as its whole path does (`content/x/content/setup.md`), or differs
        // only in case: the path from the link's folder, which names one file.
        None => {
            let to: PathBuf = written.iter().collect();
            let relative = relative(from, &to);
            let relative = relative.strip_prefix('<').and_then(|r| r.strip_suffix('>')).unwrap_or(&relative);
            if relative.starts_with("../") { relative.to_string() } else { format!("./{relative}") }
        }
    }
}

/// How a link written in the file at `from` names the file at `to` (both relative to the site
/// root): `2026-02-27.md`, `../about.md`.
pub fn relative(from: &Path, to: &Path) -> String {
    let folder: Vec<_> = from.parent().map(|p| p.components().collect()).unwrap_or_default();
    let target: Vec<_> = to.components().collect();
    let shared = folder.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..".to_string(), folder.len() - shared);
    let down = target[shared..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let written = up.chain(down).collect::<Vec<_>>().join("/");
    // As a link's destination: one with a space or a parenthesis is written in `<>`.
    if written.contains([' ', '(', ')']) { format!("<{written}>") } else { written }
}

/// Whether a wiki-link's `target`, which names no published page, names a note no page is
/// built from: a draft of that name (`[[Next.js]]` for a draft `Next.js.md`), or a name that
/// is no file's of another kind (`[[report.pdf]]`, `[[Next.js]]`, which a static file may
/// answer), no path from the site's root (`[[/archive/]]`) and no URL (`[[https://x.org/]]`,
/// `[[mailto:a@b.c]]`; `[[Agenda: Q1]]` is a note's name).
pub fn names_a_missing_note(model: &Model, from: &Path, target: &str) -> bool {
    let name = WikiName::of(target);
    let path = name.path;
    let a_note = !is_url(target) && !name.is_attachment() && !path.starts_with('/') && !path.ends_with('/');
    a_note || draft_named(name, from, model.drafts_left_out.iter().map(PathBuf::as_path)).is_some()
}

/// The first of `drafts` (left out of the site) that the wiki-link `name`, written in the file
/// at `from`, may mean: a draft of its name, or a bundle called by its folder's name
/// (`[[x/index]]`), where `wiki_may_name` finds it.
pub fn draft_named<'d>(
    name: WikiName<'_>,
    from: &Path,
    drafts: impl IntoIterator<Item = &'d Path>,
) -> Option<&'d Path> {
    if name.path.is_empty() {
        return None;
    }
    let called = [name.name, name.called()].map(crate::model::wiki_key);
    drafts.into_iter().find(|draft| {
        crate::model::wiki_names(draft).any(|n| called.contains(&n)) && wiki_may_name(name, from, draft)
    })
}

/// Whether a wiki-link's `target` is a URL: written with `//` after its scheme, or an e-mail
/// address's (`mailto:`).
pub fn is_url(target: &str) -> bool {
    content::load::url_scheme(target).is_some_and(|scheme| {
        target[scheme.len() + 1..].starts_with("//") || scheme.eq_ignore_ascii_case("mailto")
    })
}

/// The links to markdown files of one document, as its page writes them (`href`).
#[derive(Clone, Copy, Debug)]
pub struct Pages<'a> {
    pub model: &'a Model,
    pub urls: &'a Urls,
    /// The file the links are written in, relative to the site root.
    pub from: &'a Path,
}

impl Pages<'_> {
    /// The URL `dest` is written as: the page's when it names a published document's file,
    /// the attachment's when it names one (`attachment`).
    pub fn url(&self, dest: &str) -> Option<String> {
        match page(self.model, self.from, dest) {
            Some(path) => Some(self.urls.url(&path)),
            None => self.attachment_url(pulldown_cmark::LinkType::Inline, dest),
        }
    }

    /// Whether a wiki-link to `target` that `wiki_url` finds nothing for names a note no page is
    /// built from (`names_a_missing_note`).
    pub fn names_a_missing_note(&self, target: &str) -> bool {
        names_a_missing_note(self.model, self.from, target)
    }

    /// Whether a link to `dest` names the markdown file of a draft left out of the site.
    pub fn names_a_draft_file(&self, dest: &str) -> bool {
        !self.model.drafts_left_out.is_empty()
            && file(self.from, dest).is_some_and(|(file, _)| self.model.drafts_left_out.contains(&file))
    }

    /// The URL a wiki-link to `target` is written as (`wiki`), or the attachment's it names.
    pub fn wiki_url(&self, target: &str) -> Option<String> {
        match wiki(self.model, self.from, target) {
            Some(found) => {
                Some(self.urls.url(&[Urls::document_path(found.document).as_str(), &found.fragment].concat()))
            }
            None => self.attachment_url(pulldown_cmark::LinkType::WikiLink { has_pothole: false }, target),
        }
    }

    /// The URL of the attachment a link or picture of `link_type` to `dest` names, if any.
    pub fn attachment_url(&self, link_type: pulldown_cmark::LinkType, dest: &str) -> Option<String> {
        self.model.attachments.url(self.urls, self.from, link_type, dest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of `files` (path and text) and its model.
    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Model) {
        let dir = tempfile::tempdir().expect("a folder");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
            std::fs::write(path, text).expect("written");
        }
        let report =
            crate::load(&crate::BuildOptions { root: dir.path().to_path_buf(), ..Default::default() });
        (dir, report.model.expect("a model"))
    }

    #[test]
    fn only_paths_ending_in_md_or_zola_s_form_are_links_to_files() {
        for dest in ["2026-02-27.md", "../about.md", "./x.md#analysis", "x.md?a=1", "@/about.md", "@/notes/"]
        {
            assert!(written(dest), "{dest}");
        }
        for dest in [
            "/about.md",
            "https://github.com/x/y/README.md",
            "x.mdx",
            "about/",
            "#x.md",
            "x.MD",
            "",
            "i@gov.md",
        ] {
            assert!(!written(dest), "{dest}");
        }
    }

    #[test]
    fn a_relative_link_is_read_from_its_file_s_folder_and_zola_s_from_content() {
        let from = Path::new("content/records/2026-02-28.md");
        let file = |dest| file(from, dest).map(|(path, rest)| (path.to_string_lossy().into_owned(), rest));
        assert_eq!(file("2026-02-27.md"), Some(("content/records/2026-02-27.md".into(), "")));
        assert_eq!(
            file("./2026-02-27.md#analysis"),
            Some(("content/records/2026-02-27.md".into(), "#analysis"))
        );
        assert_eq!(file("../about.md?x=1#a"), Some(("content/about.md".into(), "?x=1#a")));
        assert_eq!(file("@/notes/setup.md"), Some(("content/notes/setup.md".into(), "")));
        assert_eq!(file("@/records/../about.md"), Some(("content/about.md".into(), "")));
        assert_eq!(file("my%20notes.md"), Some(("content/records/my notes.md".into(), "")));
        // Composed (NFC), whichever form the link and the folder were written in.
        let nfd = Path::new("content/cafe\u{301}/a.md");
        let composed = super::file(nfd, "b.md").map(|(path, _)| path);
        assert_eq!(composed, Some(PathBuf::from("content/caf\u{e9}/b.md")));
        // Out of content/: no content file.
        assert_eq!(file("../../README.md"), None);
        assert_eq!(file("../../../../x.md"), None);
        assert_eq!(file("@/../site.md"), None);
        assert_eq!(file("@/"), None);
    }

    #[test]
    fn a_wiki_link_s_target_is_read_as_obsidian_writes_it() {
        let of = WikiName::of;
        let name = |path, folders, name, heading| WikiName { path, folders, name, heading };
        assert_eq!(of("2026-02-27"), name("2026-02-27", "", "2026-02-27", ""));
        assert_eq!(
            of(" records/2026-02-27.MD#Analysis "),
            name("records/2026-02-27", "records", "2026-02-27", "Analysis")
        );
        assert_eq!(of("/notes/setup/#Part#Detail "), name("/notes/setup/", "notes/setup", "", "Detail"));
        assert_eq!(of("#Today"), name("", "", "", "Today"));
        assert_eq!(of("notes/setup#Install\\"), name("notes/setup", "notes", "setup", "Install"));
        assert_eq!(of("../about"), name("../about", "..", "about", ""));
        assert_eq!(of("été.md"), name("été", "", "été", ""));
        assert_eq!(of(".md"), name("", "", "", ""));
        assert!(of("report.pdf").is_attachment());
        assert!(of("notes/chart.PNG#x").is_attachment());
        for page in ["2026-02-27", "v1.2 notes", "a.", "notes.md", "x.toolong", "2026.02.27"] {
            assert!(!of(page).is_attachment(), "{page}");
        }
    }

    #[test]
    fn a_wiki_link_finds_its_page_by_name_anywhere_below_content() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
        let (_dir, model) = site(&[
            ("site.toml", "title = \"T\"\n"),
            ("content/records/2026-02-28.md", table),
            ("content/records/2026/2026-02-27/index.md", table),
            ("content/about.md", "# About\n"),
            ("content/notes/setup.md", "# Setup\n"),
            ("content/guides/setup.md", "# Setup\n"),
            ("content/guides/deep/Café.md", "# Café\n"),
        ]);
        let found = |from: &str, target: &str| {
            wiki(&model, Path::new(from), target)
                .map(|found| (crate::theme::slashed(&found.document.path), found.fragment, found.of))
        };
        let at = |path: &str, fragment: &str, of| Some((path.to_string(), fragment.to_string(), of));
        let from = "content/about.md";
        assert_eq!(found(from, "2026-02-28"), at("content/records/2026-02-28.md", "", 1));
        assert_eq!(
            found(from, "2026-02-28.md#The Analysis"),
            at("content/records/2026-02-28.md", "#the-analysis", 1)
        );
        // In any case, and a bundle by its folder's name.
        assert_eq!(found(from, "ABOUT"), at("content/about.md", "", 1));
        assert_eq!(found(from, "2026-02-27"), at("content/records/2026/2026-02-27/index.md", "", 1));
        assert_eq!(found(from, "café"), at("content/guides/deep/Café.md", "", 1));
        assert_eq!(found(from, "cafe\u{301}"), at("content/guides/deep/Café.md", "", 1));
        // Of two of one name: the one of the shortest path, then the first by path...
        assert_eq!(found(from, "setup"), at("content/guides/setup.md", "", 2));
        assert_eq!(found("content/records/2026-02-28.md", "setup"), at("content/guides/setup.md", "", 2));
        // ...the one in the link's folder...
        assert_eq!(found("content/notes/x.md", "setup"), at("content/notes/setup.md", "", 2));
        // ...or the one whose path ends as written.
        assert_eq!(found(from, "notes/setup"), at("content/notes/setup.md", "", 1));
        assert_eq!(found(from, "/content/notes/setup"), at("content/notes/setup.md", "", 1));
        assert_eq!(found(from, "es/setup"), None);
        assert_eq!(found(from, "./notes/setup#Install"), at("content/notes/setup.md", "#install", 1));
        assert_eq!(found("content/records/2026-02-28.md", "../about"), at("content/about.md", "", 1));
        // Its own page.
        assert_eq!(found(from, "#Contact"), at("content/about.md", "#contact", 1));
        // A bundle by its folder's path, as a file by its own.
        assert_eq!(
            found(from, "records/2026/2026-02-27"),
            at("content/records/2026/2026-02-27/index.md", "", 1)
        );
        assert_eq!(
            found(from, "2026/2026-02-27/index"),
            at("content/records/2026/2026-02-27/index.md", "", 1)
        );
        assert_eq!(
            found("content/records/2026-02-28.md", "./2026/2026-02-27#A"),
            at("content/records/2026/2026-02-27/index.md", "#a", 1)
        );
        for nowhere in ["2026-02-26", "report.pdf", "../../site", "records", "deep", "", " ", ".md"] {
            assert_eq!(found(from, nowhere), None, "{nowhere}");
        }
        // The shortest name that means one file alone.
        let named = |path: &str| {
            wiki_name_of(&model, Path::new(from), model.document_at(Path::new(path)).expect("a document"))
        };
        assert_eq!(named("content/guides/setup.md"), "guides/setup");
        assert_eq!(named("content/notes/setup.md"), "notes/setup");
        assert_eq!(named("content/about.md"), "about");
        assert_eq!(named("content/records/2026/2026-02-27/index.md"), "2026-02-27");
        // What a draft's file may be named by.
        let may = |from: &str, target: &str, path: &str| {
            wiki_may_name(WikiName::of(target), Path::new(from), Path::new(path))
        };
        assert!(may(from, "Setup", "content/x/setup.md"));
        assert!(may(from, "x/setup", "content/x/setup.md"));
        assert!(may(from, "x/setup", "content/x/setup/index.md"));
        assert!(!may(from, "y/setup", "content/x/setup.md"));
        assert!(may(from, "./x/setup", "content/x/setup.md"));
        assert!(!may("content/records/a.md", "./x/setup", "content/x/setup.md"));
    }

    /// A heading is found by its text as its page gives it its id (`## Main` is `main-1` where the
    /// theme's `<main>` is `main`), or by its own id; a bundle is where its folder is.
    #[test]
    fn a_wiki_link_finds_a_heading_by_its_text_and_a_bundle_in_its_folder() {
        let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
        let (_dir, model) = site(&[
            ("site.toml", "title = \"T\"\n"),
            (
                "content/about.md",
                "# About\n\n## Main\n\n## Setup\n\n## Install {#setup}\n\n## Plan {#Q1-Plan}\n",
            ),
            ("content/records/2026-03-01/index.md", table),
            ("content/notes/2026-03-01.md", "# Notes\n"),
            ("content/a/b/setup/index.md", "# Setup\n"),
            ("content/c/setup.md", "# Setup\n"),
        ]);
        let found = |from: &str, target: &str| {
            wiki(&model, Path::new(from), target)
                .map(|found| (crate::theme::slashed(&found.document.path), found.fragment))
        };
        let at = |path: &str, fragment: &str| Some((path.to_string(), fragment.to_string()));
        let from = "content/x.md";
        assert_eq!(found(from, "about#Main"), at("content/about.md", "#main-1"));
        assert_eq!(found(from, "about#Setup"), at("content/about.md", "#setup-1"));
        assert_eq!(found(from, "about#install"), at("content/about.md", "#setup"));
        assert_eq!(found(from, "about#Q1-Plan"), at("content/about.md", "#Q1-Plan"));
        assert_eq!(found(from, "about#PLAN"), at("content/about.md", "#Q1-Plan"));
        // None has it: the id its text makes, which the link check looks for.
        assert_eq!(found(from, "about#No Such"), at("content/about.md", "#no-such"));
        assert_eq!(found("content/about.md", "#Setup"), at("content/about.md", "#setup-1"));
        // The bundle beside the link, not the page elsewhere...
        assert_eq!(
            found("content/records/2026-02-27.md", "2026-03-01"),
            at("content/records/2026-03-01/index.md", "")
        );
        assert_eq!(found("content/notes/x.md", "2026-03-01"), at("content/notes/2026-03-01.md", ""));
        // ...and as deep as its folder: `a/b/setup/` is deeper than `c/setup.md`, which is taken
        // (by its `index.md`, a level deeper still, before).
        assert_eq!(found(from, "setup"), at("content/c/setup.md", ""));
        assert_eq!(found(from, "a/b/setup/index"), at("content/a/b/setup/index.md", ""));
        assert_eq!(found(from, "a/b/setup/Index"), at("content/a/b/setup/index.md", ""));
    }

    /// A name that ends another's path is named by a longer one, down to content/.
    #[test]
    fn a_name_another_file_s_path_ends_with_is_named_from_content() {
        let from = "content/x.md";
        let setup = "# Setup\n";
        let (_dir, model) = site(&[
            ("site.toml", "title = \"T\"\n"),
            ("content/a/setup.md", setup),
            ("content/b/a/setup.md", setup),
            ("content/setup.md", setup),
            ("content/c/setup/index.md", setup),
            ("content/x/content/setup.md", setup),
        ]);
        let named = |path: &str| {
            wiki_name_of(&model, Path::new(from), model.document_at(Path::new(path)).expect("a document"))
        };
        assert_eq!(named("content/a/setup.md"), "content/a/setup");
        assert_eq!(named("content/b/a/setup.md"), "b/a/setup");
        // Another's path ends as its whole path does: its path from the link's folder.
        assert_eq!(named("content/setup.md"), "./setup");
        assert_eq!(named("content/c/setup/index.md"), "c/setup");
        assert_eq!(named("content/x/content/setup.md"), "x/content/setup");
        let found =
            |target: &str| wiki(&model, Path::new(from), target).map(|found| found.document.path.clone());
        for name in ["content/a/setup", "b/a/setup", "./setup", "c/setup", "x/content/setup"] {
            let path = found(name).expect(name);
            assert_eq!(
                named(path.to_str().expect("UTF-8")),
                name,
                "{name} leads to the file it was made for"
            );
            assert_eq!(wiki(&model, Path::new(from), name).expect(name).of, 1, "{name} names one file");
        }
    }

    #[test]
    fn a_file_is_named_from_another_s_folder() {
        let relative = |from: &str, to: &str| relative(Path::new(from), Path::new(to));
        assert_eq!(
            relative("content/records/2026-02-28.md", "content/records/2026-02-27.md"),
            "2026-02-27.md"
        );
        assert_eq!(relative("content/records/2026-02-28.md", "content/about.md"), "../about.md");
        assert_eq!(relative("content/about.md", "content/records/2026-02-27.md"), "records/2026-02-27.md");
        assert_eq!(relative("content/records/2026-03-01/index.md", "content/notes/a.md"), "../../notes/a.md");
        assert_eq!(relative("content/about.md", "content/my notes.md"), "<my notes.md>");
    }
}
