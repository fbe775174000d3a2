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

/// The links to markdown files of one document, as its page writes them (`href`).
#[derive(Clone, Copy, Debug)]
pub struct Pages<'a> {
    pub model: &'a Model,
    pub urls: &'a Urls,
    /// The file the links are written in, relative to the site root.
    pub from: &'a Path,
}

impl Pages<'_> {
    /// The URL `dest` is written as: the page's when it names a published document's file.
    pub fn url(&self, dest: &str) -> Option<String> {
        let path = page(self.model, self.from, dest)?;
        Some(self.urls.url(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
