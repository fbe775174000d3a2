//! `cargo xtask floor`: the least a static site generator can do with a site, to measure against.
//!
//! It reads every record, skips its front matter, renders the markdown with pulldown-cmark (GFM
//! tables on) and writes one `records/<stem>/index.html` per record, in parallel on two threads.
//! No figures, templates, indexes, feeds or charts: everything `leverage` does beyond this is the
//! cost of its features.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

/// Renders every record of the site at `site` into `out`, which must not exist yet.
pub(crate) fn run(site: &Path, out: &Path) -> Result<usize> {
    if out.exists() {
        bail!("{} exists; the floor writes into a fresh folder", out.display());
    }
    let records = site.join("content").join("records");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&records)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().context("starting two threads")?;
    pool.install(|| files.par_iter().try_for_each(|file| render(file, out)))?;
    Ok(files.len())
}

fn render(file: &Path, out: &Path) -> Result<()> {
    let text = fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let body = body(&text);
    let stem = file.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let mut page = String::with_capacity(body.len() * 2);
    page.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
    page.push_str(&stem);
    page.push_str("</title></head><body>\n");
    html::push_html(&mut page, Parser::new_ext(body, Options::ENABLE_TABLES));
    page.push_str("</body></html>\n");
    let dir = out.join("records").join(&*stem);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    fs::write(dir.join("index.html"), page).with_context(|| format!("writing into {}", dir.display()))
}

/// The markdown after a `+++` front matter block, or all of it when there is none.
pub(crate) fn body(text: &str) -> &str {
    front_matter(text).map_or(text, |(_, body)| body)
}

/// A `+++` front matter block's lines (without the fences) and the markdown after it.
pub(crate) fn front_matter(text: &str) -> Option<(&str, &str)> {
    text.strip_prefix("+++\n")?.split_once("\n+++\n")
}

#[cfg(test)]
mod tests {
    use super::body;

    #[test]
    fn body_skips_the_front_matter() {
        assert_eq!(body("+++\ntitle = \"x\"\n+++\n# Hi\n"), "# Hi\n");
    }

    #[test]
    fn body_without_front_matter_is_the_whole_text() {
        assert_eq!(body("# Hi\n"), "# Hi\n");
    }
}
