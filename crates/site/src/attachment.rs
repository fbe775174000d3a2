//! Files below `content/` that are neither markdown nor a bundle's: Obsidian's attachments (a
//! `Pasted image 20261206101500.png` it saves in the vault's folder, beside the note or in an
//! `attachments/` folder), a PDF beside a post. One is published at its path below `content/`
//! (`content/attachments/a.png` -> `/attachments/a.png`) when a published page shows or links
//! it, and only then: a `TODO` or a private file kept beside the notes stays off the site. A
//! link to one is written as its URL, found as the writer's tools find it:
//!
//! - `![[Pasted image 1.png]]`, `[[report.pdf]]` (a wiki-link to a file of another kind) as
//!   Obsidian finds a file: by its name wherever it is, the one in the link's own folder first,
//!   else the one of the shortest path; by the end of its path when folders are written; from
//!   the link's folder when it starts `./` or `../`.
//! - `![chart](img/chart.png)`, `[report](report.pdf)` from the folder of the file it is
//!   written in, as GitHub reads it (a browser would read it from the page's folder,
//!   `/records/2026-03-01/img/chart.png`, where nothing is), else as Obsidian finds a wiki-link's
//!   file: its markdown links name a file by its name alone (`Pasted%20image%201.png`) or by its
//!   path from the vault's top (`attachments/a.png`), as its settings say.
//!
//! A bundle's files are copied with its page (`build::static_files`) and linked from it as
//! written; a link that finds one of them here is left as written too.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::LinkType;

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
    /// In a bundle's folder (beside an `index.md`, at any depth).
    bundled: bool,
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
}

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
        let mut files: Vec<File> = others
            .iter()
            .filter_map(|path| {
                let below = path.strip_prefix(&content).ok()?;
                if below.iter().any(crate::theme::is_left_out_name) {
                    return None;
                }
                let bundled =
                    path.ancestors().skip(1).take_while(|f| *f != content).any(|f| bundles.contains(f));
                let name = content::composed(&crate::theme::slashed(below));
                let disk = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                Some(File { name, disk, bundled })
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        files.dedup_by(|a, b| a.name == b.name);
        let mut attachments = Attachments { files, ..Attachments::default() };
        attachments.index_names();
        attachments
    }

    /// Adds the file at `disk` (relative to the site root, below `content/`, outside any
    /// bundle) when `present`, else removes it: serve applies a saved attachment without
    /// walking the content folder again.
    pub fn set(&mut self, disk: &Path, present: bool) {
        let Ok(below) = disk.strip_prefix("content") else { return };
        if below.iter().any(crate::theme::is_left_out_name) || below.as_os_str().is_empty() {
            return;
        }
        let name = content::composed(&crate::theme::slashed(below));
        match (self.files.binary_search_by(|file| file.name.cmp(&name)), present) {
            (Ok(i), false) => {
                self.files.remove(i);
            }
            (Err(i), true) => self.files.insert(i, File { name, disk: disk.to_path_buf(), bundled: false }),
            _ => return,
        }
        self.index_names();
    }

    /// Makes `by_name` and `loose` from `files`.
    fn index_names(&mut self) {
        self.by_name.clear();
        for (i, file) in self.files.iter().enumerate() {
            let last = file.name.rsplit('/').next().unwrap_or(&file.name);
            self.by_name.entry(crate::model::wiki_key(last)).or_default().push(i);
        }
        self.loose = self.files.iter().filter(|file| !file.bundled).count();
    }

    /// Whether there is none outside a bundle (no link can name one).
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.loose == 0
    }

    /// The attachment that `dest`, the destination of a link or a picture (`wiki`: a
    /// wiki-link's, `![[x.png]]`) written in the file at `from` (relative to the site root),
    /// names; `None` for any other destination, or a bundle's file.
    pub fn find<'d>(&self, from: &Path, dest: &'d str, wiki: bool) -> Option<Found<'_, 'd>> {
        if self.is_empty() {
            return None;
        }
        let (index, rest) = if wiki { (self.by_wiki(from, dest)?, "") } else { self.by_path(from, dest)? };
        let file = &self.files[index];
        (!file.bundled).then_some(Found { name: &file.name, disk: &file.disk, rest })
    }

    /// The URL a link of `link_type` to `dest`, written in the file at `from`, is written as
    /// when it names an attachment (`find`).
    pub fn url(&self, urls: &Urls, from: &Path, link_type: LinkType, dest: &str) -> Option<String> {
        let found = self.find(from, dest, matches!(link_type, LinkType::WikiLink { .. }))?;
        let mut url = urls.url(found.name);
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
    /// as Obsidian finds it (`by_wiki`), which writes markdown links by the file's name alone or
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
        let found = self.in_folder_of(from, &decoded).or_else(|| self.by_wiki(from, &decoded))?;
        Some((found, rest))
    }

    /// A wiki-link's target, found as Obsidian finds a file (see the module's documentation).
    fn by_wiki(&self, from: &Path, dest: &str) -> Option<usize> {
        let name = crate::md_link::WikiName::of(dest);
        if !name.is_attachment() {
            return None;
        }
        if name.path.starts_with("./") || name.path.starts_with("../") {
            return self.in_folder_of(from, name.path);
        }
        let parts: Vec<String> = (name.folders.split('/').filter(|part| !part.is_empty()))
            .chain([name.name])
            .map(crate::model::wiki_key)
            .collect();
        let ends_as = |i: &usize| {
            let names: Vec<String> = self.files[*i].name.split('/').map(crate::model::wiki_key).collect();
            names.ends_with(&parts)
        };
        let called: Vec<usize> = self.by_name.get(parts.last()?)?.iter().copied().filter(ends_as).collect();
        // The link's own folder, below content/ as the names are (`records`).
        let here = from.parent().map(|folder| content::composed(&crate::theme::slashed(folder)));
        let here = here
            .as_deref()
            .and_then(|folder| folder.strip_prefix("content"))
            .map(|f| f.trim_start_matches('/'));
        let folder_of = |i: &usize| self.files[*i].name.rsplit_once('/').map_or("", |(folder, _)| folder);
        called
            .iter()
            .find(|i| Some(folder_of(i)) == here)
            .or_else(|| called.iter().min_by_key(|i| self.files[**i].name.matches('/').count()))
            .copied()
    }
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
        // A note's name, and a bundle's own file, which its page links as written.
        assert_eq!(name(files.find(elsewhere, "chart", true)), None);
        let bundle = Path::new("content/records/2026-03-01/index.md");
        assert_eq!(name(files.find(bundle, "own.png", true)), None);
        assert_eq!(name(files.find(elsewhere, "own.png", true)), None);
        // The content folder's own index.md makes no bundle of all of content/.
        assert_eq!(name(files.find(bundle, "chart.png", true)), Some("c/chart.png"));
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
