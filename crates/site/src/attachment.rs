//! Files below `content/` that are neither markdown nor a bundle's: Obsidian's attachments (a
//! `Pasted image 20261206101500.png` it saves in the vault's folder, beside the note or in an
//! `attachments/` folder), a PDF beside a post. One is published at its path below `content/`
//! (`content/attachments/a.png` -> `/attachments/a.png`) when a published page shows or links
//! it in its text, and only then: a `TODO` or a private file kept beside the notes stays off the
//! site. A link to one is written as its URL, found as the writer's tools find it:
//!
//! - `![[Pasted image 1.png]]`, `[[report.pdf]]` (a wiki-link to a file of another kind) as
//!   Obsidian finds a file: from the link's folder first (`./` and `../` too), else by its name
//!   wherever it is, the one in the link's own folder first, else the one of the shortest path;
//!   by the end of its path when folders are written.
//! - `![chart](img/chart.png)`, `[report](report.pdf)` from the folder of the file it is
//!   written in, as GitHub reads it (a browser would read it from the page's folder,
//!   `/records/2026-03-01/img/chart.png`, where nothing is), else as Obsidian finds a wiki-link's
//!   file: its markdown links name a file by its name alone (`Pasted%20image%201.png`) or by its
//!   path from the vault's top (`attachments/a.png`), as its settings say.
//!
//! A bundle's files are copied with its page (`build::static_files`): one a link of the
//! bundle's own page finds is written as its path from the page's folder; one of another
//! bundle is not found here (the link is left as written).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS};
use pulldown_cmark::LinkType;

use crate::model::Model;
use crate::view::Urls;

/// The files below `content/` that are not markdown, found by what links name.
#[derive(Clone, Debug, Default)]
pub struct Attachments {
    /// Ordered by `name`.
    files: Vec<File>,
    /// Indexes into `files` by file name, as wiki-links compare names (`model::wiki_key`).
    by_name: HashMap<String, Vec<usize>>,
    /// How many of `files` are not a bundle's: none, and no link is looked at.
    loose: usize,
}

#[derive(Clone, Debug)]
struct File {
    /// Below `content/`, `/`-separated, in Unicode's composed form (NFC) as it is published:
    /// `records/img/chart.png`.
    name: String,
    /// Relative to the site root, as on disk (`content/records/img/chart.png`).
    disk: PathBuf,
    /// The folder of the bundle it is in (beside an `index.md`, at any depth; the nearest),
    /// named as `name` is (`records/2026-03-01`).
    bundle: Option<String>,
}

/// An attachment a link names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'a, 'd> {
    /// Where it is published, below the site's root (`attachments/a.png`).
    pub name: &'a str,
    /// Its file, relative to the site root.
    pub disk: &'a Path,
    /// What followed its path in the link (`#page=2`), kept.
    pub rest: &'d str,
    /// Its path from the linking page's own folder (`img/chart.png`), for a file of that page's
    /// bundle, which is copied with it rather than published as an attachment.
    pub in_bundle: Option<&'a str>,
}

/// What an attachment's URL escapes of its name beyond what an `href` does: a `?` or `#` would
/// end its path, a `%` start an escape, and a space is written `%20` as a browser writes it.
const ESCAPED: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'?').add(b'<').add(b'>');

impl Attachments {
    /// The attachments among `others` (files below `root/content` that are not markdown, as
    /// `content::load::discover_all` lists them), told from a bundle's files by `markdown`'s
    /// `index.md` files. Editors' leftovers (`theme::is_left_out_name`) are none.
    pub fn new(root: &Path, others: &[PathBuf], markdown: &[PathBuf]) -> Attachments {
        let content = root.join("content");
        let bundles: std::collections::HashSet<&Path> = markdown
            .iter()
            .filter(|path| path.file_name().is_some_and(|name| name == "index.md"))
            .filter_map(|path| path.parent())
            .filter(|folder| *folder != content)
            .collect();
        let below_content = |path: &Path| {
            path.strip_prefix(&content).ok().map(|below| content::composed(&crate::theme::slashed(below)))
        };
        let mut files: Vec<File> = others
            .iter()
            .filter_map(|path| {
                let below = path.strip_prefix(&content).ok()?;
                if below.iter().any(crate::theme::is_left_out_name) {
                    return None;
                }
                let bundle = (path.ancestors().skip(1))
                    .take_while(|f| *f != content)
                    .find(|f| bundles.contains(f))
                    .and_then(below_content);
                let name = below_content(path)?;
                let disk = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                Some(File { name, disk, bundle })
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        files.dedup_by(|a, b| a.name == b.name);
        let mut attachments = Attachments { files, ..Attachments::default() };
        attachments.index_names();
        attachments
    }

    /// Adds the file at `disk` (relative to the site root, below `content/`, outside any
    /// bundle) when `present`, else removes it and every file below it (a folder removed or
    /// moved away is one change): serve applies a saved attachment without walking the content
    /// folder again. Whether anything changed.
    pub fn set(&mut self, disk: &Path, present: bool) -> bool {
        let Ok(below) = disk.strip_prefix("content") else { return false };
        if below.iter().any(crate::theme::is_left_out_name) || below.as_os_str().is_empty() {
            return false;
        }
        let name = content::composed(&crate::theme::slashed(below));
        if present {
            match self.files.binary_search_by(|file| file.name.cmp(&name)) {
                Ok(_) => return false,
                Err(i) => self.files.insert(i, File { name, disk: disk.to_path_buf(), bundle: None }),
            }
        } else {
            let before = self.files.len();
            self.files.retain(|file| !at_or_below(&file.name, &name));
            if self.files.len() == before {
                return false;
            }
        }
        self.index_names();
        true
    }

    /// Makes `by_name` and `loose` from `files`.
    fn index_names(&mut self) {
        self.by_name.clear();
        for (i, file) in self.files.iter().enumerate() {
            let last = file.name.rsplit('/').next().unwrap_or(&file.name);
            self.by_name.entry(crate::model::wiki_key(last)).or_default().push(i);
        }
        self.loose = self.files.iter().filter(|file| file.bundle.is_none()).count();
    }

    /// The files of the bundle whose page is at `page` (its `index.md`, relative to the site
    /// root), each by its path from the bundle's folder (`img/chart.png`, composed) and its
    /// file: at any depth, but not in a folder that is a bundle of its own. None for
    /// `content/index.md`, which makes no bundle of content/.
    pub fn bundle_files<'a>(&'a self, page: &Path) -> impl Iterator<Item = (&'a str, &'a Path)> + 'a {
        let folder = folder_below_content(page).filter(|folder| !folder.is_empty()).unwrap_or_default();
        // The names below it, which sort together.
        let prefix = format!("{folder}/");
        let start = self.files.partition_point(|file| file.name < prefix);
        let files = if folder.is_empty() { &[][..] } else { &self.files[start..] };
        let skip = folder.len() + 1;
        (files.iter().take_while(move |file| file.name.starts_with(&prefix)))
            .filter(move |file| file.bundle.as_deref() == Some(folder.as_str()))
            .map(move |file| (&file.name[skip..], file.disk.as_path()))
    }

    /// Whether there is none outside a bundle (no link can name one).
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.loose == 0
    }

    /// The attachment that `dest`, the destination of a link or a picture (`wiki`: a
    /// wiki-link's, `![[x.png]]`) written in the file at `from` (relative to the site root),
    /// names; `None` for any other destination, or another bundle's file.
    pub fn find<'d>(&self, from: &Path, dest: &'d str, wiki: bool) -> Option<Found<'_, 'd>> {
        if self.is_empty() {
            return None;
        }
        let (index, rest) = if wiki { self.by_wiki(from, dest)? } else { self.by_path(from, dest)? };
        let file = &self.files[index];
        let own = |bundle: &str| {
            from.file_name().is_some_and(|name| name == "index.md")
                && folder_below_content(from).is_some_and(|folder| folder == bundle)
        };
        let in_bundle = match &file.bundle {
            None => None,
            // The page's own: `from` is its bundle's `index.md`.
            Some(bundle) if own(bundle) => Some(file.name[bundle.len()..].trim_start_matches('/')),
            // Another page's, copied into that page's folder, which a first pass does not know.
            Some(_) => return None,
        };
        Some(Found { name: &file.name, disk: &file.disk, rest, in_bundle })
    }

    /// The URL a link of `link_type` to `dest`, written in the file at `from`, is written as
    /// when it names an attachment (`find`): the attachment's, or its path from the page's
    /// folder for a file of the page's bundle.
    pub fn url(&self, urls: &Urls, from: &Path, link_type: LinkType, dest: &str) -> Option<String> {
        if matches!(link_type, LinkType::Email) {
            return None;
        }
        let found = self.find(from, dest, matches!(link_type, LinkType::WikiLink { .. }))?;
        let mut url = match found.in_bundle {
            Some(path) => percent_encoding::utf8_percent_encode(path, ESCAPED).to_string(),
            None => urls.url(&percent_encoding::utf8_percent_encode(found.name, ESCAPED).to_string()),
        };
        url.push_str(found.rest);
        Some(url)
    }

    /// The index of the file named `name` below `content/` (composed).
    fn index(&self, name: &str) -> Option<usize> {
        self.files.binary_search_by(|file| file.name.as_str().cmp(name)).ok()
    }

    /// The file `path`, written in the file at `from`, names from `from`'s folder; `None`
    /// above `content/`.
    fn in_folder_of(&self, from: &Path, path: &str) -> Option<usize> {
        let folder = from.parent().map(crate::theme::slashed).unwrap_or_default();
        let joined = crate::audit::normalize(&content::composed(&format!("{folder}/{path}")))?;
        self.index(joined.strip_prefix("content/")?)
    }

    /// A markdown link's or picture's destination: a relative path, percent-decoded, with what
    /// follows it (`#page=2`), read from the folder of its file as GitHub reads it, else found
    /// as Obsidian finds it (`by_name`), which writes markdown links by the file's name alone or
    /// by its path from the vault's top, as its settings say.
    fn by_path<'d>(&self, from: &Path, dest: &'d str) -> Option<(usize, &'d str)> {
        if dest.is_empty()
            || dest.starts_with(['/', '#', '?'])
            || content::load::url_scheme(dest).is_some()
            || crate::md_link::written(dest)
        {
            return None;
        }
        let end = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, rest) = dest.split_at(end);
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let found = self.in_folder_of(from, &decoded).or_else(|| self.by_name(from, &decoded))?;
        Some((found, rest))
    }

    /// A wiki-link's target (`report.pdf#page=2`, what follows its `#` kept), found as Obsidian
    /// finds a file: from the link's folder, else `by_name`.
    fn by_wiki<'d>(&self, from: &Path, dest: &'d str) -> Option<(usize, &'d str)> {
        let target = content::markdown::wiki_target(dest);
        let end = target.find('#').unwrap_or(target.len());
        let (path, rest) = (target[..end].trim(), &target[end..]);
        // A note's name (`[[TODO]]`) names no file of another kind, even one so named.
        if !crate::md_link::WikiName::of(path).is_attachment() {
            return None;
        }
        let found = self.in_folder_of(from, path).or_else(|| self.by_name(from, path))?;
        Some((found, rest))
    }

    /// The file an Obsidian link names by `path` (`Pasted image 1.png`, `attachments/a.png`):
    /// by its name, in any case, wherever it is, its folders the end of the file's; of several,
    /// the one in `from`'s folder, else the one of the shortest path, then the first by path.
    /// `None` for a name that is not a file's of another kind than a note's
    /// (`WikiName::is_attachment`).
    fn by_name(&self, from: &Path, path: &str) -> Option<usize> {
        let name = crate::md_link::WikiName::of(path);
        if !name.is_attachment() || name.path.starts_with("./") || name.path.starts_with("../") {
            return None;
        }
        let parts: Vec<String> = (name.folders.split('/').filter(|part| !part.is_empty()))
            .chain([name.name])
            .map(crate::model::wiki_key)
            .collect();
        // Each file is listed by its name: without folders, every one so named is meant.
        let ends_as = |i: &usize| {
            parts.len() == 1 || {
                let names: Vec<String> = self.files[*i].name.split('/').map(crate::model::wiki_key).collect();
                names.ends_with(&parts)
            }
        };
        let called: Vec<usize> = self.by_name.get(parts.last()?)?.iter().copied().filter(ends_as).collect();
        if let [one] = called[..] {
            return Some(one);
        }
        let here = folder_below_content(from);
        let folder_of = |i: &usize| self.files[*i].name.rsplit_once('/').map_or("", |(folder, _)| folder);
        let place = |i: &&usize| {
            let name = &self.files[**i].name;
            (name.matches('/').count(), Path::new(name))
        };
        called
            .iter()
            .find(|i| Some(folder_of(i)) == here.as_deref())
            .or_else(|| called.iter().min_by_key(place))
            .copied()
    }
}

/// The folder of the file at `from` (relative to the site root) below `content/`, composed
/// (`records`; empty for content/ itself); `None` outside it.
fn folder_below_content(from: &Path) -> Option<String> {
    let folder = content::composed(&crate::theme::slashed(from.parent()?));
    let below = folder.strip_prefix("content")?;
    (below.is_empty() || below.starts_with('/')).then(|| below.trim_start_matches('/').to_string())
}

/// Whether the file `name` is `folder` or below it (both below content/).
pub(crate) fn at_or_below(name: &str, folder: &str) -> bool {
    name.strip_prefix(folder).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Where in a document a link is written through `body`, which writes an attachment's URL:
/// in its text, not in its front matter (`image`) nor in a shortcode's call or body, which a
/// template writes.
pub(crate) struct InText {
    body: std::ops::Range<u32>,
    calls: Vec<std::ops::Range<u32>>,
}

impl InText {
    pub(crate) fn of(document: &content::Document) -> InText {
        InText {
            body: document.body.start as u32..document.body.end as u32,
            calls: document.shortcodes.iter().map(|s| s.span.start..s.span.end).collect(),
        }
    }

    /// The attachment `link`, one of the document's, written in the file at `from`, names as
    /// its page writes it: in its text, and not a wiki-link that finds a page (`[[report.pdf]]`
    /// for `report.pdf.md`).
    pub(crate) fn attachment<'m>(
        &self,
        model: &'m Model,
        link: &'m content::markdown::Link,
        from: &'m Path,
    ) -> Option<Found<'m, 'm>> {
        let at = link.span.start;
        if !self.body.contains(&at) || self.calls.iter().any(|call| call.contains(&at)) {
            return None;
        }
        if link.wiki && !link.image && crate::md_link::wiki(model, from, &link.dest).is_some() {
            return None;
        }
        model.attachments.find(from, &link.dest, link.wiki)
    }
}

/// The attachments the text of `document` (a published page) links or shows (`InText`); none
/// without attachments.
pub(crate) fn linked<'m>(
    model: &'m Model,
    document: &'m content::Document,
) -> impl Iterator<Item = Found<'m, 'm>> {
    let text = (!model.attachments.is_empty()).then(|| InText::of(document));
    text.into_iter().flat_map(move |text| {
        crate::audit::document_links(document)
            .filter_map(move |(link, from)| text.attachment(model, link, from?))
            .collect::<Vec<_>>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachments(files: &[&str], markdown: &[&str]) -> Attachments {
        let root = Path::new("/site");
        let paths = |list: &[&str]| list.iter().map(|p| root.join(p)).collect::<Vec<_>>();
        Attachments::new(root, &paths(files), &paths(markdown))
    }

    fn name<'a>(found: Option<Found<'a, '_>>) -> Option<&'a str> {
        found.map(|found| found.name)
    }

    #[test]
    fn a_wiki_link_finds_a_file_by_name_its_own_folder_first_then_the_shortest_path() {
        let files = attachments(
            &[
                "content/attachments/Pasted image 1.png",
                "content/records/Pasted image 1.png",
                "content/a/b/chart.png",
                "content/c/chart.png",
                "content/records/2026-03-01/own.png",
            ],
            &["content/records/2026-03-01/index.md", "content/index.md"],
        );
        let from = Path::new("content/records/2026-03-02.md");
        assert_eq!(name(files.find(from, "Pasted image 1.png", true)), Some("records/Pasted image 1.png"));
        let elsewhere = Path::new("content/notes/x.md");
        assert_eq!(
            name(files.find(elsewhere, "Pasted image 1.png", true)),
            Some("attachments/Pasted image 1.png")
        );
        assert_eq!(name(files.find(elsewhere, "chart.png", true)), Some("c/chart.png"));
        assert_eq!(name(files.find(elsewhere, "b/chart.png", true)), Some("a/b/chart.png"));
        // In any case, as Obsidian compares names; `./` and `../` from the link's folder.
        assert_eq!(name(files.find(elsewhere, "CHART.PNG", true)), Some("c/chart.png"));
        assert_eq!(name(files.find(elsewhere, "../a/b/chart.png", true)), Some("a/b/chart.png"));
        assert_eq!(name(files.find(elsewhere, "missing.png", true)), None);
        // A note's name; a bundle's own file, which its page links by its path from the page's
        // folder; another bundle's, not found.
        assert_eq!(name(files.find(elsewhere, "chart", true)), None);
        let bundle = Path::new("content/records/2026-03-01/index.md");
        let own = files.find(bundle, "own.png", true).expect("its own");
        assert_eq!((own.name, own.in_bundle), ("records/2026-03-01/own.png", Some("own.png")));
        assert_eq!(name(files.find(elsewhere, "own.png", true)), None);
        // The content folder's own index.md makes no bundle of all of content/.
        assert_eq!(name(files.find(bundle, "chart.png", true)), Some("c/chart.png"));
    }

    /// A bundle's page finds its own file before a loose one of a shorter path, and writes
    /// it from its folder; the link keeps what follows the path, and the URL escapes what
    /// would end or change the path.
    #[test]
    fn a_bundle_s_own_file_comes_first_and_urls_escape_the_name() {
        let files = attachments(
            &[
                "content/img/chart.png",
                "content/records/2026-03-01/img/chart.png",
                "content/records/2026-03-01/sub/index.md.png",
                "content/a?b 50%.pdf",
                "content/c#1.pdf",
                "content/TODO",
                "content/me@x.pdf",
                "content/d/x.png",
                "content/d e/x.png",
            ],
            &["content/records/2026-03-01/index.md"],
        );
        let urls = Urls::new("https://example.org/blog/");
        let bundle = Path::new("content/records/2026-03-01/index.md");
        let wiki = LinkType::WikiLink { has_pothole: false };
        let url = |from: &str, dest: &str, link_type| files.url(&urls, Path::new(from), link_type, dest);
        assert_eq!(
            url(bundle.to_str().unwrap_or(""), "img/chart.png", wiki).as_deref(),
            Some("img/chart.png")
        );
        assert_eq!(
            url("content/x.md", "img/chart.png", wiki).as_deref(),
            Some("https://example.org/blog/img/chart.png")
        );
        let escaped = "https://example.org/blog/a%3Fb%2050%25.pdf";
        assert_eq!(url("content/x.md", "a?b 50%.pdf#page=2", wiki), Some(format!("{escaped}#page=2")));
        assert_eq!(url("content/x.md", "a%3Fb%2050%25.pdf", LinkType::Inline).as_deref(), Some(escaped));
        let hash = "https://example.org/blog/c%231.pdf#x";
        assert_eq!(url("content/x.md", "c%231.pdf#x", LinkType::Inline).as_deref(), Some(hash));
        // A note's name finds no file of another kind; an e-mail address is no file.
        assert_eq!(url("content/x.md", "TODO", wiki), None);
        assert_eq!(url("content/x.md", "me@x.pdf", LinkType::Email), None);
        // Of two of one depth, the first by path: `d/x.png` before `d e/x.png`.
        assert_eq!(name(files.find(Path::new("content/n/y.md"), "x.png", true)), Some("d/x.png"));
    }

    /// A bundle's files are those below its folder but not in a bundle of its own; a name that
    /// sorts between them (`b c.png` beside `b/`) is none of them.
    #[test]
    fn a_bundle_s_files_are_its_folder_s_but_an_inner_bundle_s() {
        let files = attachments(
            &[
                "content/b/x.png",
                "content/b/d/y.png",
                "content/b/in/z.png",
                "content/b c.png",
                "content/top.png",
            ],
            &["content/b/index.md", "content/b/in/index.md", "content/index.md"],
        );
        let of = |page: &str| files.bundle_files(Path::new(page)).map(|(name, _)| name).collect::<Vec<_>>();
        assert_eq!(of("content/b/index.md"), ["d/y.png", "x.png"]);
        assert_eq!(of("content/b/in/index.md"), ["z.png"]);
        assert!(of("content/index.md").is_empty(), "content/ is no bundle");
        let disk: Vec<&Path> =
            files.bundle_files(Path::new("content/b/in/index.md")).map(|(_, disk)| disk).collect();
        assert_eq!(disk, [Path::new("content/b/in/z.png")]);
    }

    /// serve adds a saved file, and removes a file or a folder of them.
    #[test]
    fn a_file_is_added_and_a_folder_removed() {
        let mut files = attachments(&["content/a/x.png", "content/a/b/y.png", "content/ab.png"], &[]);
        assert!(files.set(Path::new("content/c.png"), true));
        assert!(!files.set(Path::new("content/c.png"), true), "known");
        assert_eq!(name(files.find(Path::new("content/n.md"), "c.png", true)), Some("c.png"));
        assert!(files.set(Path::new("content/a"), false));
        assert_eq!(name(files.find(Path::new("content/n.md"), "y.png", true)), None);
        assert_eq!(name(files.find(Path::new("content/n.md"), "ab.png", true)), Some("ab.png"));
        assert!(!files.set(Path::new("content/a"), false), "gone");
        assert!(!files.set(Path::new("content/index.md~"), true), "an editor's leftover");
    }

    #[test]
    fn a_markdown_link_is_read_from_its_file_s_folder() {
        let files = attachments(
            &["content/records/img/chart one.png", "content/report.pdf", "content/records/b/own.png"],
            &["content/records/b/index.md"],
        );
        let from = Path::new("content/records/2026-03-01.md");
        assert_eq!(name(files.find(from, "img/chart%20one.png", false)), Some("records/img/chart one.png"));
        assert_eq!(name(files.find(from, "./img/chart one.png", false)), Some("records/img/chart one.png"));
        let found = files.find(from, "../report.pdf#page=2", false).expect("the report");
        assert_eq!(
            (found.name, found.rest, found.disk),
            ("report.pdf", "#page=2", Path::new("content/report.pdf"))
        );
        // Obsidian's other ways to write one: by its name alone, or its path from the top.
        assert_eq!(name(files.find(from, "chart%20one.png", false)), Some("records/img/chart one.png"));
        assert_eq!(
            name(files.find(from, "records/img/chart%20one.png", false)),
            Some("records/img/chart one.png")
        );
        assert_eq!(name(files.find(from, "report.pdf", false)), Some("report.pdf"));
        for other in [
            "/report.pdf",
            "https://x.org/report.pdf",
            "../../report.pdf",
            "#top",
            "b/own.png",
            "../about/",
            "gone.png",
        ] {
            assert_eq!(name(files.find(from, other, false)), None, "{other}");
        }
    }

    #[test]
    fn an_editor_s_leftover_is_no_attachment_and_none_makes_every_link_as_written() {
        let files = attachments(&["content/index.md~", "content/Thumbs.db"], &[]);
        assert!(files.is_empty());
        assert_eq!(name(files.find(Path::new("content/a.md"), "index.md~", false)), None);
    }

    #[test]
    fn a_file_named_decomposed_is_found_by_its_composed_name() {
        let files = attachments(&["content/cafe\u{301}.png"], &[]);
        let found = files.find(Path::new("content/a.md"), "caf\u{e9}.png", true).expect("the picture");
        assert_eq!((found.name, found.disk), ("caf\u{e9}.png", Path::new("content/cafe\u{301}.png")));
        assert_eq!(
            name(files.find(Path::new("content/a.md"), "cafe\u{301}.png", false)),
            Some("caf\u{e9}.png")
        );
    }
}
