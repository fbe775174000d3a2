//! The same synthetic content as a Hugo site, to build it with Hugo in the benchmark.
//!
//! Hugo reads TOML `+++` front matter natively, so the records are linked in unchanged; this module
//! adds a `hugo.toml` and minimal templates (a page with its content and tags, paginated lists, a
//! paginated home page with summaries) that do about what a small theme does. It does not run Hugo.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

/// Changes whenever the files written here change, so cached Hugo sites are rewritten.
const LAYOUT_VERSION: u32 = 2;

const CONFIG: &str = r#"baseURL = "https://example.org/"
title = "Synthetic Leverage Log"
languageCode = "en"
paginate = 10
# Feeds of 20 entries, as leverage's default `feed_limit` (Hugo's default has no limit). Hugo
# 0.111, Debian's, reads `rssLimit`; later versions read `services.rss.limit`.
rssLimit = 20
enableRobotsTXT = true

[services.rss]
limit = 20

[taxonomies]
tag = "tags"
"#;

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>
"#;

const FOOT: &str = "</main></body></html>\n";

const SINGLE: &str = r#"<h1>{{ .Title }}</h1>
{{ with .Date }}<p><time datetime="{{ .Format "2006-01-02" }}">{{ .Format "January 2, 2006" }}</time></p>{{ end }}
{{ .Content }}
{{ with .Params.tags }}<p>{{ range . }}<a href="{{ printf "tags/%s/" (urlize .) | relURL }}">{{ . }}</a> {{ end }}</p>{{ end }}
"#;

const LIST: &str = r#"<h1>{{ .Title }}</h1>
<ul>{{ range (.Paginate .Pages).Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
"#;

// The records section's pages, not `where .Site.RegularPages "Section" "records"`: Hugo evaluates
// `.Paginate`'s argument on every page of the pager, and that filter of every page of the site
// on each of a 10k site's 1,000 home pages was two thirds of Hugo's build (`--templateMetrics`),
// which no sensible theme pays.
const HOME: &str = r#"<h1>{{ .Site.Title }}</h1>
{{ $pager := .Paginate (.Site.GetPage "/records").Pages }}
{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>
{{ end }}
{{ template "_internal/pagination.html" . }}
"#;

/// Makes `dest` a Hugo site with the content of the generated site `site`, unless it already is
/// one for the same generated content. The number of files of the older one it replaced.
pub(crate) fn prepare(site: &Path, dest: &Path) -> Result<u64> {
    let Some((marker, replaced)) =
        crate::bench::stale_copy(site, dest, &format!("hugo layout {LAYOUT_VERSION}"))?
    else {
        return Ok(0);
    };
    let records = dest.join("content").join("records");
    fs::create_dir_all(&records).with_context(|| format!("creating {}", records.display()))?;
    for entry in fs::read_dir(site.join("content").join("records")).context("listing the records")? {
        let from = entry.context("listing the records")?.path();
        let to = records.join(from.file_name().expect("a listed file has a name"));
        // A hard link costs nothing and Hugo never writes into content; copy across file systems.
        if fs::hard_link(&from, &to).is_err() {
            fs::copy(&from, &to).with_context(|| format!("copying {}", from.display()))?;
        }
    }
    fs::copy(site.join("content").join("about.md"), dest.join("content").join("about.md"))
        .context("copying about.md")?;
    fs::write(dest.join("hugo.toml"), CONFIG).context("writing hugo.toml")?;
    let layouts = dest.join("layouts");
    fs::create_dir_all(layouts.join("_default")).context("creating layouts/")?;
    for (path, body) in [("_default/single.html", SINGLE), ("_default/list.html", LIST), ("index.html", HOME)]
    {
        fs::write(layouts.join(path), format!("{HEAD}{body}{FOOT}"))
            .with_context(|| format!("writing {path}"))?;
    }
    fs::write(dest.join(crate::synthetic::MARKER), marker).context("writing the marker")?;
    Ok(replaced)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::process::Command;

    use super::*;

    /// Whether Hugo can run here. In CI (the `CI` variable set) it must: `.ci/run` installs
    /// Debian's `hugo`. Elsewhere the test is skipped with a loud message.
    fn hugo() -> Option<PathBuf> {
        let found = crate::bench::on_path("hugo")
            .filter(|bin| Command::new(bin).arg("version").output().is_ok_and(|o| o.status.success()));
        if found.is_none() {
            assert!(std::env::var_os("CI").is_none(), "`hugo` is required in CI (.ci/run installs it)");
            eprintln!("SKIPPED: `hugo` is not installed here; this check did not run (CI runs it)");
        }
        found
    }

    /// `bench --vs-hugo` is only a fair comparison if Hugo builds every record of the same content
    /// into a page with the same tables and prose, with tags and a paginated home page.
    #[test]
    fn hugo_builds_every_generated_record_into_a_page_with_its_tables() {
        let Some(bin) = hugo() else { return };
        let dir = tempfile::tempdir().expect("a temporary folder");
        let site = dir.path().join("site");
        let count = 25;
        crate::synthetic::write_site(&site, count, 7).expect("the site is generated");
        let hugo_site = dir.path().join("hugo");
        assert_eq!(prepare(&site, &hugo_site).expect("prepared"), 0);
        // A second preparation of the same content keeps what is there.
        assert_eq!(prepare(&site, &hugo_site).expect("prepared again"), 0);

        let public = dir.path().join("public");
        let output = Command::new(&bin)
            .arg("--quiet")
            .arg("--source")
            .arg(&hugo_site)
            .arg("--destination")
            .arg(&public)
            .output()
            .expect("hugo runs");
        assert!(output.status.success(), "hugo failed: {}", String::from_utf8_lossy(&output.stderr));

        let mut pages = 0;
        for entry in fs::read_dir(site.join("content").join("records")).expect("the records") {
            let path = entry.expect("a record").path();
            let stem = path.file_stem().expect("a name").to_string_lossy().into_owned();
            let source = fs::read_to_string(&path).expect("the record reads");
            let page = fs::read_to_string(public.join("records").join(&stem).join("index.html"))
                .unwrap_or_else(|e| panic!("Hugo wrote no page for {stem}: {e}"));
            // The tables markdown reads in the record, as leverage and Hugo read them (GFM).
            let mut options = pulldown_cmark::Options::empty();
            options.insert(pulldown_cmark::Options::ENABLE_TABLES);
            let tables = pulldown_cmark::Parser::new_ext(&source, options)
                .filter(|e| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Table(_))))
                .count();
            assert!(tables > 0, "{stem} has no table");
            assert_eq!(
                page.matches("<table>").count(),
                tables,
                "{stem}: every table of the markdown is a table on Hugo's page"
            );
            assert!(page.contains("/tags/"), "{stem}: the page links its tags");
            pages += 1;
        }
        assert_eq!(pages, count);
        // The home page lists the records, newest first, ten to a page.
        let mut stems: Vec<String> = fs::read_dir(site.join("content").join("records"))
            .expect("the records")
            .map(|e| e.expect("a record").path().file_stem().expect("a name").to_string_lossy().into_owned())
            .collect();
        stems.sort_unstable_by(|a, b| b.cmp(a));
        let second = fs::read_to_string(public.join("page").join("2").join("index.html"))
            .expect("the home page is paginated");
        let listed: Vec<&str> =
            second.split("<h2><a href=\"/records/").skip(1).filter_map(|s| s.split('/').next()).collect();
        assert_eq!(listed, stems[10..20], "the home page's second page lists records 11 to 20");
        assert!(public.join("index.xml").is_file(), "the home page has a feed");
        let feed = fs::read_to_string(public.join("index.xml")).expect("the feed");
        assert_eq!(feed.matches("<item>").count(), 20, "the feed holds 20 entries, as leverage's");
        assert!(public.join("tags").join("index.html").is_file(), "the tags are listed");
    }
}
