//! The HTTP headers an uploaded object is served with: Content-Type by extension and
//! Cache-Control by path pattern (docs/deploy.md has the table).
//!
//! Only bucket targets set headers; a git host (GitHub Pages) picks its own. Nothing here looks at
//! a file's bytes.

/// Hashed assets (`style.<16 hex>.css`): their name changes whenever their content does.
pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Pages, feeds and data: they change with every new record, so caches keep them five minutes.
pub(crate) const SHORT: &str = "public, max-age=300";

/// Other files (images, fonts and files of static/ without a hash in the name): an hour.
pub(crate) const MEDIUM: &str = "public, max-age=3600";

/// The Content-Type of a file, by its extension (`application/octet-stream` when unknown).
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "xhtml" => "application/xhtml+xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "yaml" | "yml" => "application/yaml; charset=utf-8",
        "toml" => "application/toml; charset=utf-8",
        "xsl" | "xslt" => "application/xslt+xml; charset=utf-8",
        "jsonld" => "application/ld+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "zip" => "application/zip",
        "gz" | "tgz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// The Cache-Control of a file, by the first rule that matches its path:
/// a hashed name is immutable; HTML, XML feeds and sitemaps, robots.txt and everything under
/// `data/` are short; anything else is medium.
pub(crate) fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if is_hashed(name) {
        return IMMUTABLE;
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let short =
        matches!(extension.as_str(), "html" | "htm" | "xhtml" | "xml" | "rss" | "atom" | "txt" | "json")
            || path.starts_with("data/")
            || !name.contains('.');
    if short { SHORT } else { MEDIUM }
}

/// True for `NAME.HASH.EXT` where HASH is 16 to 64 lowercase hex digits, a letter among them
/// (leverage writes the stylesheet as `style.<16 hex>.css`): a run of decimal digits is more
/// likely a date and time (`scan.2026030212000000.png`), which a file replaced under the same
/// name keeps, and a year's caching would keep the old file.
pub(crate) fn is_hashed(name: &str) -> bool {
    let mut parts = name.rsplitn(3, '.');
    let (Some(extension), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !extension.is_empty()
        && !stem.is_empty()
        && (16..=64).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && hash.bytes().any(|b| (b'a'..=b'f').contains(&b))
}

/// Whether a file is a page, uploaded after the assets so that a visitor never gets a page
/// whose stylesheet or images are not there yet.
pub(crate) fn is_page(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// Whether a file is one of the lists of pages leverage writes (the feeds, the sitemaps, the
/// search index, the data exports), uploaded after the pages so that a reader or a crawler
/// never follows it to a page not there yet. By their names: a file of `static/` that merely
/// looks like one (`manifest.json`, `data/chart.png`) is an asset, which pages link.
pub(crate) fn is_list(path: &str) -> bool {
    let tag_feed = path
        .strip_prefix("tags/")
        .and_then(|p| p.strip_suffix("/atom.xml"))
        .is_some_and(|tag| !tag.is_empty() && !tag.contains('/'));
    let sitemap = path.strip_prefix("sitemap").and_then(|p| p.strip_suffix(".xml")).is_some_and(|part| {
        part.is_empty()
            || part.strip_prefix('-').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    tag_feed
        || sitemap
        || matches!(path, "atom.xml" | "search/index.json" | "data/records.json" | "data/tasks.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("records/2026-03-01/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.a627027bca14d353.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("data/records.json"), "application/json");
        assert_eq!(content_type("data/tasks.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("static/Logo.PNG"), "image/png");
        assert_eq!(content_type("static/chart.svg"), "image/svg+xml");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
        assert_eq!(content_type("archive.tar.unknown"), "application/octet-stream");
        assert_eq!(content_type("talks.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("files/data.tar.gz"), "application/gzip");
        assert_eq!(content_type("config.YML"), "application/yaml; charset=utf-8");
        assert_eq!(content_type("page.xhtml"), "application/xhtml+xml; charset=utf-8");
        assert_eq!(cache_control("page.xhtml"), SHORT);
        // Text a server would send without its charset (`text/x-toml`, `text/xml`).
        assert_eq!(content_type("netlify.toml"), "application/toml; charset=utf-8");
        assert_eq!(content_type("feed.xsl"), "application/xslt+xml; charset=utf-8");
    }

    #[test]
    fn the_feed_is_served_as_atom() {
        assert_eq!(content_type("atom.xml"), "application/atom+xml; charset=utf-8");
    }

    #[test]
    fn hashed_assets_are_cached_for_ever() {
        assert_eq!(cache_control("style.a627027bca14d353.css"), IMMUTABLE);
        assert_eq!(cache_control("static/app.0123456789abcdef0123.js"), IMMUTABLE);
        assert_eq!(cache_control("static/photo.20260301.jpg"), MEDIUM, "a date is not a hash");
        assert_eq!(cache_control("scan.2026030212000000.png"), MEDIUM, "nor a date and time as long as one");
        assert_eq!(cache_control("style.css"), MEDIUM);
        assert_eq!(cache_control("style.A627027BCA14D353.css"), MEDIUM, "leverage writes lowercase hex");
    }

    #[test]
    fn pages_feeds_and_data_are_short() {
        for path in [
            "index.html",
            "records/2026-03-01/index.html",
            "404.html",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
            "data/records.json",
            "data/tasks.csv",
            "search/index.json",
            "CNAME",
        ] {
            assert_eq!(cache_control(path), SHORT, "{path}");
        }
    }

    #[test]
    fn other_files_are_medium() {
        assert_eq!(cache_control("static/photo.jpg"), MEDIUM);
        assert_eq!(cache_control("favicon.ico"), MEDIUM);
    }

    #[test]
    fn a_hash_needs_a_stem_and_an_extension() {
        assert!(!is_hashed(".a627027bca14d353.css"));
        assert!(!is_hashed("style.a627027bca14d353."));
        assert!(!is_hashed("a627027bca14d353.css"));
        assert!(is_hashed("style.a627027bca14d353.css"));
    }

    #[test]
    fn pages_are_html_files() {
        assert!(is_page("index.html"));
        assert!(is_page("about/INDEX.HTM"));
        assert!(!is_page("atom.xml"));
    }

    #[test]
    fn lists_are_feeds_sitemaps_indexes_and_exports() {
        for path in [
            "atom.xml",
            "tags/rust/atom.xml",
            "sitemap.xml",
            "sitemap-2.xml",
            "search/index.json",
            "data/records.json",
            "data/tasks.csv",
        ] {
            assert!(is_list(path), "{path}");
        }
        // Files of static/ that look like lists are assets pages link.
        for path in [
            "index.html",
            "style.a627027bca14d353.css",
            "photo.jpg",
            "robots.txt",
            "manifest.json",
            "data/chart.png",
            "feeds/rss.xml",
            "sitemap-notes.xml",
            "tags/a/b/atom.xml",
        ] {
            assert!(!is_list(path), "{path}");
        }
    }
}
