//! The whole site: sub-path base URLs, drafts, pagination, theme overrides, static files,
//! template errors, feed and sitemap escaping.

use crate::golden::{build_golden, tree};
use crate::support::{self, build, leverage, read, site, stderr, write};

const BASE: &str = "https://example.org/blog/";

/// Every URL-bearing attribute (`href`, `src`) and XML element (`loc`, `id`) in a text.
fn urls(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in ["href=\"", "src=\"", "<loc>", "<id>"] {
        let end = if marker.starts_with('<') { '<' } else { '"' };
        let mut rest = text;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            found.push(rest[..rest.find(end).unwrap_or(rest.len())].to_string());
        }
    }
    found
}

#[test]
fn a_sub_path_base_url_is_honoured_in_every_link() {
    let out = build_golden(&[]);
    let mut checked = 0;
    for (name, bytes) in tree(&out.path().join("public")) {
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8 output");
        for url in urls(&text) {
            // An author's own links, the SVG namespace, and the default `youtube` shortcode's player.
            let external =
                ["https://example.com/", "http://www.w3.org/", "https://www.youtube-nocookie.com/"]
                    .iter()
                    .any(|site| url.starts_with(site));
            assert!(url.starts_with(BASE) || url.starts_with('#') || external, "{name}: {url}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let robots = read(out.path(), "public/robots.txt");
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")), "{robots}");
}

#[test]
fn a_non_ascii_slug_is_percent_encoded_in_every_url() {
    let dir = site(&[
        ("content/records/2026-03-01-naïve.md", &dated_record("2026-03-01", "")),
        (
            "content/records/2026-03-02.md",
            &dated_record("2026-03-02", "")
                .replace("+++\n\n", "+++\n\n[Yesterday](/records/2026-03-01-naïve/)\n\n"),
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(!support::stderr(&output).contains("warning"), "the link is found: {}", support::stderr(&output));
    let encoded = "https://example.org/records/2026-03-01-na%C3%AFve/";
    assert!(
        read(dir.path(), "public/records/2026-03-01-naïve/index.html")
            .contains(&format!("href=\"{encoded}\""))
    );
    assert!(read(dir.path(), "public/sitemap.xml").contains(&format!("<loc>{encoded}</loc>")));
    assert!(read(dir.path(), "public/atom.xml").contains(&format!("<id>{encoded}</id>")));
    assert_eq!(support::records_json(dir.path())["records"][0]["url"], encoded);
    assert!(!read(dir.path(), "public/sitemap.xml").contains('ï'));
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let out = build_golden(&["--base-url", "http://127.0.0.1:9/sub/dir"]);
    let home = read(out.path(), "public/index.html");
    assert!(home.contains("href=\"http://127.0.0.1:9/sub/dir/archive/\""));
    assert!(!home.contains(BASE));
}

#[test]
fn a_non_ascii_base_url_is_written_in_punycode_and_percent_encoding() {
    let out = build_golden(&["--base-url", "https://bücher.example/blög"]);
    let normal = "https://xn--bcher-kva.example/bl%C3%B6g/";
    assert!(read(out.path(), "public/index.html").contains(&format!("href=\"{normal}archive/\"")));
    assert!(read(out.path(), "public/sitemap.xml").contains(&format!("<loc>{normal}records/")));
    assert!(read(out.path(), "public/atom.xml").contains(&format!("<id>{normal}records/")));
    assert!(read(out.path(), "public/robots.txt").contains(&format!("Sitemap: {normal}sitemap.xml")));
}

#[test]
fn a_title_written_as_the_body_s_first_heading_is_shown_once() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let dir = site(&[
        ("content/about.md", "# About this log\n\nHello.\n\n## More\n"),
        ("content/records/2026-03-01.md", &format!("# Leverage Record: March 1, 2026\n\n{table}")),
        ("content/records/2026-03-02.md", &format!("# A long Monday\n\n{table}")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let h1s = |path: &str| read(dir.path(), path).matches("<h1").count();
    // The page's title is its first heading, and the record's is its default: each shows once.
    assert_eq!(h1s("public/about/index.html"), 1);
    assert!(read(dir.path(), "public/about/index.html").contains("<h2 id=\"more\">More</h2>"));
    assert_eq!(h1s("public/records/2026-03-01/index.html"), 1);
    // A heading that is not the title is the writer's own, and stays.
    assert_eq!(h1s("public/records/2026-03-02/index.html"), 2);
}

/// A table of contents (`toc = true` in `[extra]`) lists each heading of its body, nested and in
/// order, each linked to an id its page has; site.toml turns it on for all, a front matter turns
/// it off again; and a theme's own copy of the templates writes the pages written from Rust.
#[test]
fn a_table_of_contents_links_every_heading_of_its_body() {
    let record = |extra: &str| {
        format!(
            "+++\n{extra}\n+++\n\n# Leverage Record: March 1, 2026\n\n\
             | Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n\
             ## Analysis\n\n### Why *it* `worked` & \\<more>\n\n## Analysis\n\n## Next {{#plan}}\n\n##\n\n\
             ## Note: notes\n"
        )
    };
    let default = |name: &str| read(&support::workspace(), &format!("themes/default/templates/{name}"));
    let (on, off) = (record(""), record("[extra]\ntoc = false"));
    let built = |own_theme: bool| {
        let mut files = vec![
            (
                "site.toml",
                "title = \"Log\"\nbase_url = \"https://example.org/\"\nrecord_note = \"## Notes\"\n\
                 insert_anchor_links = \"left\"\n[extra]\ntoc = true\n"
                    .to_string(),
            ),
            ("content/records/2026-03-01.md", on.clone()),
            ("content/records/2026-03-02.md", off.clone()),
            ("content/notes.md", "+++\ntitle = \"Notes\"\n+++\n\n### First\n\n## One\n".to_string()),
        ];
        if own_theme {
            // Not the default's bytes: the record page goes through the templates.
            files.push(("templates/record.html", format!("{}{{# mine #}}", default("record.html"))));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let dir = site(&files);
        let output = build(dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        dir
    };
    let dir = built(false);
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    let nav = |page: &str| -> String {
        let start = page.find("<nav class=\"toc\"").expect("a table of contents");
        page[start..start + page[start..].find("</nav>").expect("closed")].to_string()
    };
    let toc = nav(&page);
    // The title's heading is the page's title, not an entry; the second `## Analysis` has its
    // own id, `{#plan}` is kept, a heading without text is no entry, and the record note's
    // `## Notes` keeps its id.
    assert_eq!(
        toc.split("<li>").skip(1).map(|li| li.split("</a>").next().unwrap_or("")).collect::<Vec<_>>(),
        [
            "<a href=\"#analysis\">Analysis",
            "<a href=\"#why-it-worked--more\">Why it worked &amp; &lt;more&gt;",
            "<a href=\"#analysis-1\">Analysis",
            "<a href=\"#plan\">Next",
            "<a href=\"#note-notes-1\">Note: notes",
        ]
    );
    assert!(toc.contains("Analysis</a><ol>\n    <li><a href=\"#why-it-worked--more\">"), "{toc}");
    for id in toc.split("href=\"#").skip(1).map(|rest| rest.split('"').next().unwrap_or("")) {
        assert_eq!(page.matches(&format!(" id=\"{id}\"")).count(), 1, "#{id} on the page");
        assert!(
            page.contains(&format!("<a class=\"heading-anchor heading-anchor-left\" href=\"#{id}\"")),
            "{id}"
        );
    }
    assert_eq!(page.matches(" id=\"note-notes\"").count(), 1, "{page}");
    // Turned off by the record's front matter; a page's first `###` is an entry of its own.
    assert!(!read(dir.path(), "public/records/2026-03-02/index.html").contains("class=\"toc\""));
    let notes = nav(&read(dir.path(), "public/notes/index.html"));
    assert!(
        notes.contains("<li><a href=\"#first\">First</a></li>\n    <li><a href=\"#one\">One</a></li>"),
        "{notes}"
    );
    // The templates write what the pages written from Rust write.
    let themed = built(true);
    for record in ["2026-03-01", "2026-03-02"] {
        let path = format!("public/records/{record}/index.html");
        assert_eq!(read(themed.path(), &path), read(dir.path(), &path), "{record}");
    }
}

#[test]
fn the_navigation_lists_the_pages_at_the_top_of_the_site_and_not_those_below() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        ("content/about.md", "# About\n"),
        ("content/notes/index.md", "# Notes\n\nSee [setup](/notes/setup/).\n"),
        ("content/notes/setup.md", "# Setup\n"),
        ("content/notes/moved.md", "+++\ntitle = \"Now\"\nslug = \"now\"\n+++\nWhat I do now.\n"),
    ]);
    let built = build(dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let nav = |page: &str| {
        let html = read(dir.path(), page);
        let start = html.find("<nav class=\"site-nav\"").expect("a navigation");
        let html = &html[start..];
        html[..html.find("</nav>").expect("closed")].to_string()
    };
    // Written by Rust (home, record) and by the templates (pages) alike.
    for page in ["public/index.html", "public/records/2026-03-01/index.html", "public/notes/setup/index.html"]
    {
        let nav = nav(page);
        let labels: Vec<&str> = nav
            .split_inclusive("</a>")
            .filter_map(|s| s.strip_suffix("</a>")?.rsplit_once('>'))
            .map(|(_, l)| l)
            .collect();
        assert_eq!(labels, ["Home", "Archive", "Tags", "About", "Notes", "Now"], "{page}: {nav}");
    }
    assert!(read(dir.path(), "public/notes/setup/index.html").contains("<h1>Setup</h1>"));
    // A page below a listed one marks it as its section, as a tag's page marks Tags.
    assert!(nav("public/notes/setup/index.html").contains("/notes/\" aria-current=\"true\">Notes</a>"));
    assert!(nav("public/notes/index.html").contains("/notes/\" aria-current=\"page\">Notes</a>"));
    assert!(!nav("public/index.html").contains("aria-current=\"true\""));
}

#[test]
fn updated_dates_the_feed_entry_and_the_sitemap() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", &format!("+++\nupdated = 2026-03-07\n+++\n{table}")),
        ("content/records/2026-03-02.md", table),
        ("content/about.md", "+++\ntitle = \"About\"\nupdated = 2026-01-15\n+++\nHi.\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let feed = read(dir.path(), "public/atom.xml");
    assert!(
        feed.contains("<updated>2026-03-07T00:00:00Z</updated>\n  <author>"),
        "the feed's own: the latest change\n{feed}"
    );
    assert!(
        feed.contains(
            "<published>2026-03-01T00:00:00Z</published>\n    <updated>2026-03-07T00:00:00Z</updated>"
        ),
        "{feed}"
    );
    assert!(
        feed.contains(
            "<published>2026-03-02T00:00:00Z</published>\n    <updated>2026-03-02T00:00:00Z</updated>"
        ),
        "{feed}"
    );
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(sitemap.contains("records/2026-03-01/</loc>\n    <lastmod>2026-03-07</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("about/</loc>\n    <lastmod>2026-01-15</lastmod>"), "{sitemap}");
    // A listing is dated by the latest change among the records it lists, as Hugo dates them.
    assert!(
        sitemap.contains("<loc>https://example.org/</loc>\n    <lastmod>2026-03-07</lastmod>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("archive/</loc>\n    <lastmod>2026-03-07</lastmod>"), "{sitemap}");
    // A change before the record's own day is a slip.
    write(dir.path(), "content/records/2026-03-02.md", format!("+++\nupdated = 2026-02-01\n+++\n{table}"));
    let output = build(dir.path());
    assert!(
        support::stderr(&output).contains(
            "content/records/2026-03-02.md:2:11: warning: `updated` (2026-02-01) is before the date (2026-03-02)"
        ),
        "{}",
        support::stderr(&output)
    );
    // And no change after it: the entry, the feed and the listings are dated by the record's day,
    // where the entry was updated before it was published.
    write(dir.path(), "content/records/2026-03-09.md", format!("+++\nupdated = 2026-03-01\n+++\n{table}"));
    assert!(build(dir.path()).status.success());
    let feed = read(dir.path(), "public/atom.xml");
    assert!(feed.contains("<updated>2026-03-09T00:00:00Z</updated>\n  <author>"), "{feed}");
    assert!(
        feed.contains(
            "<published>2026-03-09T00:00:00Z</published>\n    <updated>2026-03-09T00:00:00Z</updated>"
        ),
        "{feed}"
    );
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/</loc>\n    <lastmod>2026-03-09</lastmod>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("records/2026-03-09/</loc>\n    <lastmod>2026-03-09</lastmod>"), "{sitemap}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let out = build_golden(&[]);
    assert!(!out.path().join("public/records/2026-02-03").exists());
    assert!(!read(out.path(), "public/data/records.json").contains("Secret work"));
    let with = build_golden(&["--drafts"]);
    assert!(with.path().join("public/records/2026-02-03/index.html").exists());
    assert!(read(with.path(), "public/data/records.json").contains("Secret work"));
}

#[test]
fn a_broken_draft_warns_and_stops_nothing_unless_drafts_are_built() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let draft =
        "+++\ndraft = true\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| WIP | 1h | 0min |\n";
    // A draft named without a date makes no record, and says so only as a warning too.
    let undated = "+++\ndraft = true\n+++\nIdeas for a post.\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        ("content/records/2026-03-02.md", draft),
        ("content/records/ideas.md", undated),
    ]);
    let root = dir.path().to_str().expect("UTF-8");
    let message = "content/records/2026-03-02.md:7:14: warning: expected an AI time above zero, found `0min`: a task \
                   needs time to have a leverage (in a draft, left out of the site until it is published; `--drafts` builds it)";
    for args in [&["build", "--root", root][..], &["check", "--root", root]] {
        let output = support::leverage(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", support::stderr(&output));
        assert!(support::stderr(&output).contains(message), "{args:?}: {}", support::stderr(&output));
        assert!(support::stderr(&output).contains("content/records/ideas.md:1:1: warning:"), "{args:?}");
    }
    let stats = support::leverage(&["stats", "--root", root]);
    assert_eq!(stats.status.code(), Some(0), "stats counts published records: {}", support::stderr(&stats));
    assert!(dir.path().join("public/records/2026-03-01/index.html").is_file());
    assert!(!dir.path().join("public/records/2026-03-02").exists());
    for args in [&["build", "--drafts", "--root", root][..], &["check", "--strict", "--root", root]] {
        let output = support::leverage(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", support::stderr(&output));
        assert!(support::stderr(&output).contains("content/records/2026-03-02.md:7:14: error"), "{args:?}");
    }
}

#[test]
fn home_pages_paginate_and_list_their_own_records() {
    let out = build_golden(&[]);
    let first = read(out.path(), "public/index.html");
    let second = read(out.path(), "public/page/2/index.html");
    assert!(first.contains("records/2026-02-02/") && first.contains("records/2026-01-15/"));
    assert!(!first.contains("records/2025-12-30/\""), "page 1 holds the newest two");
    assert!(second.contains("records/2025-12-30/"));
    assert!(first.contains(&format!("{BASE}page/2/")));
    assert!(second.contains(&format!("href=\"{BASE}\"")), "page 2 links back to page 1");
    // `/page/1/` is the home page, by a redirect, as Zola and Hugo write it; not in the sitemap.
    let one = read(out.path(), "public/page/1/index.html");
    assert!(one.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={BASE}\">")), "{one}");
    assert!(one.contains(&format!("<link rel=\"canonical\" href=\"{BASE}\">")), "{one}");
    assert!(!read(out.path(), "public/sitemap.xml").contains("page/1/"));
    // `/records/`, a record's URL trimmed to its folder, is the archive's (Hugo lists a section
    // there; it was a 404), by a redirect, and not in the sitemap either.
    let records = read(out.path(), "public/records/index.html");
    let archive = format!("{BASE}archive/");
    assert!(
        records.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={archive}\">")),
        "{records}"
    );
    assert!(!read(out.path(), "public/sitemap.xml").contains(&format!("<loc>{BASE}records/</loc>")));
}

/// A writer's own page or alias at `/page/1/` (a Hugo site's old URL, say) is kept: the redirect
/// to the home page is only written where nothing else is.
#[test]
fn a_writer_s_alias_at_page_1_is_kept() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "+++\naliases = [\"/page/1/\"]\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n",
    )]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let one = read(dir.path(), "public/page/1/index.html");
    assert!(one.contains("records/2026-03-01/"), "{one}");
    // So is a writer's page at `/records/`.
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n",
        ),
        ("content/records.md", "+++\ntitle = \"All my records\"\n+++\n\nMine.\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(read(dir.path(), "public/records/index.html").contains("All my records"));
    // And a static file there, with no warning that it replaces a page; and a record whose slug
    // puts a folder where the redirect would be a file still builds.
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", table),
        ("static/records/index.html", "<p>mine</p>\n"),
        ("static/page", "a file where page/1/ would be a folder\n"),
    ]);
    let output = support::leverage(&["check", "--strict", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "public/records/index.html"), "<p>mine</p>\n");
    let dir = site(&[
        ("content/records/2026-03-01.md", table),
        ("content/records/2026-03-02.md", &format!("+++\nslug = \"index.html\"\n+++\n\n{table}")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("public/records/index.html/index.html").is_file());
}

#[test]
fn records_link_to_their_neighbours() {
    let out = build_golden(&[]);
    let middle = read(out.path(), "public/records/2026-01-15/index.html");
    assert!(middle.contains(&format!("{BASE}records/2025-12-30/")));
    assert!(middle.contains(&format!("{BASE}records/2026-02-02/")));
}

#[test]
fn archive_groups_by_year_and_month_with_totals() {
    let out = build_golden(&[]);
    let archive = read(out.path(), "public/archive/index.html");
    let (y2026, y2025) = (archive.find("2026").expect("2026"), archive.find("2025").expect("2025"));
    assert!(y2026 < y2025, "newest year first");
    for month in ["February", "January", "December"] {
        assert!(archive.contains(month), "{month}");
    }
}

#[test]
fn tag_pages_have_their_totals() {
    let out = build_golden(&[]);
    let tag = read(out.path(), "public/tags/edge-cases/index.html");
    assert!(tag.contains("Edge Cases"));
    // 2025-12-30 (4h + 1.5h in 21min) and 2026-02-02 (2h in 10min): 7.5h in 31min.
    assert!(tag.contains("7.5h"), "tag totals");
    assert!(tag.contains("14.5x"), "weighted leverage 450/31");
}

#[test]
fn the_home_pages_link_to_the_newest_and_the_oldest_page() {
    let dir = site(&[
        ("site.toml", "title = \"Test\"\nbase_url = \"https://example.org/\"\npaginate_by = 1\n"),
        ("content/records/2026-03-01.md", &dated_record("2026-03-01", "")),
        ("content/records/2026-03-02.md", &dated_record("2026-03-02", "")),
        ("content/records/2026-03-03.md", &dated_record("2026-03-03", "")),
        ("content/records/2026-03-04.md", &dated_record("2026-03-04", "")),
        ("content/records/2026-03-05.md", &dated_record("2026-03-05", "")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    // The marks are hidden from a listener, who would hear "left-pointing double angle".
    let first = "<a class=\"pagination-first\" href=\"https://example.org/\"><span aria-hidden=\"true\">«</span> Newest</a>";
    let last = "<a class=\"pagination-last\" href=\"https://example.org/page/5/\">Oldest <span \
                aria-hidden=\"true\">»</span></a>";
    // A link beside the next or the previous page's is no jump: left out there.
    for (page, has_first, has_last) in [
        ("index.html", false, true),
        ("page/2/index.html", false, true),
        ("page/3/index.html", true, true),
        ("page/4/index.html", true, false),
        ("page/5/index.html", true, false),
    ] {
        let html = read(dir.path(), &format!("public/{page}"));
        assert_eq!((html.contains(first), html.contains(last)), (has_first, has_last), "{page}");
    }
}

#[test]
fn a_tag_page_has_a_row_for_every_record_and_cards_for_the_latest() {
    let tagged = "tags = [\"rust\"]\n";
    let dir = site(&[
        ("site.toml", "title = \"Test\"\nbase_url = \"https://example.org/\"\npaginate_by = 2\n"),
        ("content/records/2026-03-01.md", &dated_record("2026-03-01", tagged)),
        ("content/records/2026-03-02.md", &dated_record("2026-03-02", tagged)),
        ("content/records/2026-03-03.md", &dated_record("2026-03-03", tagged)),
        ("content/records/2026-03-04.md", &dated_record("2026-03-04", "")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let tag = read(dir.path(), "public/tags/rust/index.html");
    let (_, daily) = tag.split_once("id=\"daily-heading\"").expect("a table of the records");
    let (table, cards) = daily.split_once("id=\"records-heading\"").expect("then their cards");
    let rows: Vec<&str> = table.split("<th scope=\"row\">").skip(1).collect();
    assert_eq!(rows.len(), 3, "a row for each of the tag's records: {table}");
    for (row, date) in rows.iter().zip(["2026-03-03", "2026-03-02", "2026-03-01"]) {
        assert!(row.contains(&format!("records/{date}/")), "newest first: {row}");
        assert!(row.contains("<td class=\"lev\" data-label=\"Leverage\">40x</td>"), "8h in 12min: {row}");
    }
    assert!(!table.contains("2026-03-04"), "a record without the tag is left out");
    assert!(cards.starts_with(">Latest records</h2>"), "{cards}");
    assert_eq!(cards.matches("class=\"card record-card\"").count(), 2, "paginate_by cards: {cards}");
    assert!(cards.contains("records/2026-03-03/") && cards.contains("records/2026-03-02/"));
    assert!(!cards.contains("records/2026-03-01/"), "the oldest is in the table only");
}

#[test]
fn front_matter_is_escaped_in_the_feed_and_pages() {
    let out = build_golden(&[]);
    let feed = read(out.path(), "public/atom.xml");
    assert!(feed.contains("Golden &lt;Log&gt; &amp; Co"));
    assert_eq!(feed.matches("<entry>").count(), 2, "feed_limit = 2");
    assert!(!feed.contains("wrap-up"), "the oldest record is past the feed limit");
    let record = read(out.path(), "public/records/2025-12-30/index.html");
    assert!(record.contains("Year&#39;s end &lt;wrap-up&gt;"));
    assert!(!record.contains("<wrap-up>"));
    let page = read(out.path(), "public/about/index.html");
    assert!(page.contains("About &lt;this&gt; log"));
    assert!(page.contains("<div class=\"callout\">Hello from raw HTML.</div>"), "raw HTML passes through");
}

/// A feed entry's summary and its figures are two sentences, whether or not the summary ends
/// with a stop.
#[test]
fn a_feed_summary_without_a_stop_is_kept_apart_from_the_figures() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 10min |\n";
    let dir = support::site(&[
        ("content/records/2026-03-01.md", &format!("+++\nsummary = \"A day of emoji 🎉\"\n+++\n\n{table}")),
        ("content/records/2026-03-02.md", &format!("+++\nsummary = \"Done?\"\n+++\n\n{table}")),
        ("content/records/2026-03-03.md", &format!("+++\nsummary = 'He said \"done.\"'\n+++\n\n{table}")),
        ("content/records/2026-03-04.md", &format!("+++\nsummary = \"今日。\"\n+++\n\n{table}")),
        ("content/records/2026-03-05.md", &format!("+++\nsummary = \"A day (mostly)\"\n+++\n\n{table}")),
    ]);
    assert!(support::build(dir.path()).status.success());
    let feed = read(dir.path(), "public/atom.xml");
    assert!(feed.contains(">A day of emoji 🎉. 1 task, 1h human-equivalent"), "{feed}");
    assert!(feed.contains(">Done? 1 task, 1h human-equivalent"), "{feed}");
    assert!(feed.contains(">He said &quot;done.&quot; 1 task"), "{feed}");
    assert!(feed.contains(">今日。 1 task"), "{feed}");
    assert!(feed.contains(">A day (mostly). 1 task"), "{feed}");
}

/// With `feed_full_content`, each entry of the site's feed and of a tag's carries the record's
/// body as its page shows it, task tables with computed figures and all, beside the summary.
#[test]
fn a_feed_of_whole_entries_carries_each_record_as_its_page_shows_it() {
    let record = |tags: &str, task: &str| {
        format!(
            "+++\ntags = [{tags}]\n+++\n\nShipped *it* & more <b>today</b>.\n\n\
             | Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n| {task} | 6h | 20min | 3x |\n\n\
             ## Analysis\n\nSee [the day before](../2026-03-01/).\n"
        )
    };
    let files = |full: bool| {
        vec![
            (
                "site.toml".to_string(),
                format!(
                    "title = \"Log\"\nbase_url = \"https://example.org/\"\nfeed_limit = 2\nfeed_full_content = {full}\n"
                ),
            ),
            ("content/records/2026-03-01.md".to_string(), record("\"r&d\"", "Old `Vec<T>` task")),
            ("content/records/2026-03-02.md".to_string(), record("\"b\"", "Port the `Vec<T>` parser")),
            ("content/records/2026-03-03.md".to_string(), record("\"b\"", "Write docs & tests")),
        ]
    };
    let build = |full: bool| {
        let files = files(full);
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let dir = support::site(&files);
        let output = support::build(dir.path());
        assert!(output.status.success(), "{}", support::stderr(&output));
        dir
    };
    let dir = build(true);
    let unescape = |xml: &str| {
        xml.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    // Each entry's content, unescaped, by the record it belongs to.
    let contents = |feed: &str| -> Vec<(String, String)> {
        feed.split("<content type=\"html\" xml:base=\"")
            .skip(1)
            .map(|part| {
                let (base, rest) = part.split_once("\">").expect("a base");
                let content = rest.split_once("</content>").expect("an end").0;
                (base.to_string(), unescape(content))
            })
            .collect()
    };
    let feed = read(dir.path(), "public/atom.xml");
    let entries = contents(&feed);
    let bases: Vec<&str> = entries.iter().map(|(base, _)| base.as_str()).collect();
    assert_eq!(
        bases,
        ["https://example.org/records/2026-03-03/", "https://example.org/records/2026-03-02/"],
        "the latest feed_limit, newest first, each based at its page: {feed}"
    );
    assert_eq!(feed.matches("<summary type=\"text\">").count(), 2, "the summary stays: {feed}");
    for (base, content) in &entries {
        let path = base.trim_start_matches("https://example.org/");
        let page = read(dir.path(), &format!("public/{path}index.html"));
        assert!(page.contains(content.as_str()), "the page shows what the feed does: {content}\n{page}");
        assert!(
            content.contains("<table") && content.contains(">18x</span>"),
            "computed, not the stated 3x: {content}"
        );
        assert!(content.contains("<h2 id=\"analysis\">Analysis</h2>"), "the whole body: {content}");
        assert!(content.contains("<b>today</b>"), "{content}");
    }
    // A tag's feed carries its own records whole, the older one too.
    let tag_feed = read(dir.path(), "public/tags/r-d/atom.xml");
    let tagged = contents(&tag_feed);
    assert_eq!(tagged.len(), 1, "{tag_feed}");
    assert_eq!(tagged[0].0, "https://example.org/records/2026-03-01/");
    assert!(tagged[0].1.contains("<code>Vec&lt;T&gt;</code>"), "{}", tagged[0].1);
    // Without the key, as before: the summary alone.
    let dir = build(false);
    for feed in ["public/atom.xml", "public/tags/b/atom.xml"] {
        let feed = read(dir.path(), feed);
        assert!(!feed.contains("<content") && feed.contains("<summary type=\"text\">"), "{feed}");
    }
    // A theme's feed may print `record.content` all the same: it is none.
    let theme_feed = "<feed>{% for record in records %}[{{ record.content }}]{{ record.content is none }}{% endfor %}</feed>\n";
    std::fs::create_dir_all(dir.path().join("templates")).expect("a folder");
    std::fs::write(dir.path().join("templates/atom.xml"), theme_feed).expect("written");
    let output = support::build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(read(dir.path(), "public/atom.xml"), "<feed>[]True[]True</feed>\n");
}

/// A search engine shows about 160 characters of a description: a record's summary, its first
/// paragraph, is cut there at a sentence for the meta tags, and kept whole everywhere else.
#[test]
fn a_long_summary_is_cut_at_a_sentence_in_the_meta_description_alone() {
    let first = "A long Monday with eleven tasks over three workstreams: search, tooling & scoring.";
    let second = "Together they come to 96h of estimated work against 3h 29min of agent time, \
                  which is a good day by any measure of it.";
    let record = format!(
        "+++\ntitle = \"Monday\"\n+++\n\n{first} {second}\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n"
    );
    let dir = support::site(&[("content/records/2026-03-02.md", &record)]);
    let output = support::build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-02/index.html");
    let escaped = first.replace('&', "&amp;");
    assert!(page.contains(&format!("<meta name=\"description\" content=\"{escaped}\">")), "{page}");
    assert!(page.contains(&format!("<meta property=\"og:description\" content=\"{escaped}\">")), "{page}");
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("which is a good day by any measure of it."), "the card keeps it whole: {home}");
    let feed = read(dir.path(), "public/atom.xml");
    assert!(feed.contains("which is a good day by any measure of it."), "so does the feed: {feed}");
}

/// A record without a summary (a day of tables alone, or `summary = ""`) is described by its
/// own figures, as its feed entry is, not by the site's description that every such day would
/// share; a record without tasks either falls back to the site's. Its `updated` day, when later
/// than its date, is shown under its title and in `article:modified_time`, with the theme's
/// templates (`partials/head.html`) as with the built-in writer.
#[test]
fn a_record_without_a_summary_is_described_by_its_figures_and_shows_its_last_change() {
    let table =
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n| b | 2h 30min | 10min |\n";
    let toml = "title = \"Log\"\nbase_url = \"https://example.org/\"\ndescription = \"Every day\"\n";
    for theme in [None, Some(("templates/partials/head.html", "<meta name=\"x\" content=\"y\">\n"))] {
        let mut files = vec![
            ("site.toml", toml.to_string()),
            ("content/records/2026-03-02.md", format!("+++\nupdated = 2026-03-05\n+++\n\n{table}")),
            (
                "content/records/2026-03-03.md",
                format!("+++\nsummary = \"\"\nupdated = 2026-03-03\n+++\n\n{table}"),
            ),
            ("content/records/2026-03-04.md", "+++\n+++\n\nProse alone, no table\n\n## Notes\n".to_string()),
            ("content/records/2026-03-06.md", "+++\n+++\n\n## Notes\n".to_string()),
        ];
        files.extend(theme.map(|(path, text)| (path, text.to_string())));
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let dir = support::site(&files);
        let output = support::build(dir.path());
        assert!(output.status.success(), "{}", support::stderr(&output));
        let figures = "2 tasks, 3h 30min human-equivalent in 15min of Claude time: 14x weighted leverage.";
        for day in ["2026-03-02", "2026-03-03"] {
            let page = read(dir.path(), &format!("public/records/{day}/index.html"));
            assert!(page.contains(&format!("<meta name=\"description\" content=\"{figures}\">")), "{page}");
            assert!(
                page.contains(&format!("<meta property=\"og:description\" content=\"{figures}\">")),
                "{page}"
            );
        }
        let page = read(dir.path(), "public/records/2026-03-06/index.html");
        assert!(page.contains("<meta name=\"description\" content=\"Every day\">"), "{page}");
        let page = read(dir.path(), "public/records/2026-03-04/index.html");
        assert!(page.contains("<meta name=\"description\" content=\"Prose alone, no table\">"), "{page}");

        let page = read(dir.path(), "public/records/2026-03-02/index.html");
        assert!(
            page.contains(
                "March 2, 2026</time> · Updated <time datetime=\"2026-03-05\">March 5, 2026</time> · "
            ),
            "{page}"
        );
        assert!(page.contains("<meta property=\"article:modified_time\" content=\"2026-03-05\">"), "{page}");
        assert!(page.contains(",\"dateModified\":\"2026-03-05\"}"), "{page}");
        // An `updated` on the record's own day is no later change.
        let page = read(dir.path(), "public/records/2026-03-03/index.html");
        assert!(
            !page.contains("Updated") && !page.contains("modified_time") && !page.contains("dateModified"),
            "{page}"
        );
    }
}

/// Front matter `image` is the picture a shared link shows: `og:image` made whole (a bundle's
/// file, a static file, a URL) and a large card; checked as a body's image is, at its line.
#[test]
fn a_record_s_image_is_its_link_preview_and_is_checked() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n";
    let dir = support::site(&[
        ("content/records/2026-03-01/index.md", &format!("+++\nimage = \"cover.png\"\n+++\n\n{table}")),
        ("content/records/2026-03-01/cover.png", "png"),
        ("content/records/2026-03-02.md", &format!("+++\nimage = \"/img/card one.png\"\n+++\n\n{table}")),
        ("static/img/card one.png", "png"),
        (
            "content/records/2026-03-03.md",
            &format!("+++\nimage = \"https://cdn.example.net/a.png?v=1&w=2\"\n+++\n\n{table}"),
        ),
        (
            "content/records/2026-03-04.md",
            &format!("+++\ntitle = \"T\"\nimage = \"missing.png\"\n+++\n\n{table}"),
        ),
        ("content/records/2026-03-05.md", &format!("+++\n+++\n\n{table}")),
        ("content/about.md", "+++\ntitle = \"About\"\nimage = \"/img/card one.png\"\n+++\n\nHi.\n"),
    ]);
    let output = support::build(dir.path());
    let err = support::stderr(&output);
    // A standalone page's too.
    let about = read(dir.path(), "public/about/index.html");
    assert!(
        about.contains("<meta property=\"og:image\" content=\"https://example.org/img/card%20one.png\">"),
        "{about}"
    );
    assert!(output.status.success(), "{err}");
    for (day, image) in [
        ("2026-03-01", "https://example.org/records/2026-03-01/cover.png"),
        ("2026-03-02", "https://example.org/img/card%20one.png"),
        ("2026-03-03", "https://cdn.example.net/a.png?v=1&amp;w=2"),
    ] {
        let page = read(dir.path(), &format!("public/records/{day}/index.html"));
        assert!(page.contains(&format!("<meta property=\"og:image\" content=\"{image}\">")), "{day}: {page}");
        assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), "{day}");
    }
    let page = read(dir.path(), "public/records/2026-03-05/index.html");
    assert!(!page.contains("og:image") && page.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    // Search engines read the same in schema.org's BlogPosting, its text escaped for a script.
    let page = read(dir.path(), "public/records/2026-03-03/index.html");
    let script =
        page.split("<script type=\"application/ld+json\">").nth(1).and_then(|s| s.split("</script>").next());
    assert!(script.expect("JSON-LD").contains("\\u0026w=2"), "{page}");
    let json: serde_json::Value = serde_json::from_str(script.expect("JSON-LD")).expect("JSON");
    assert_eq!(json["@type"], "BlogPosting");
    assert_eq!(json["headline"], "Leverage Record: March 3, 2026");
    assert_eq!(json["datePublished"], "2026-03-03");
    assert_eq!(json["url"], "https://example.org/records/2026-03-03/");
    assert_eq!(json["image"], "https://cdn.example.net/a.png?v=1&w=2");
    assert!(
        err.contains("content/records/2026-03-04.md:3:9: warning:") && err.contains("missing.png"),
        "the missing picture is said at its line: {err}"
    );
    // An address link previews cannot fetch is said at its line; an empty one is a mistake;
    // Hugo's `images` gets a did-you-mean.
    for (front, said) in [
        (
            "image = \"data:image/png;base64,AAAA\"",
            "2026-03-05.md:2:9: warning: expected a path or an http(s) URL for `image`, found a `data:` address",
        ),
        (
            "image = \" \"",
            "2026-03-05.md:2:9: error: invalid front matter: expected a path or URL of a picture in quotes",
        ),
        ("images = [\"a.png\"]", "2026-03-05.md:2:1: error: unknown front matter key `images`"),
    ] {
        support::write(dir.path(), "content/records/2026-03-05.md", format!("+++\n{front}\n+++\n\n{table}"));
        let err = support::stderr(&support::build(dir.path()));
        assert!(err.contains(said), "{front}: {err}");
        assert!(!front.starts_with("images") || err.contains("did you mean `image`?"), "{err}");
    }
}

#[test]
fn static_files_of_site_and_theme_are_copied() {
    let out = build_golden(&[]);
    assert_eq!(read(out.path(), "public/humans.txt"), "Team: Tess\n");
    let home = read(out.path(), "public/index.html");
    let css = home
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.ends_with(".css")))
        .expect("a stylesheet");
    let file = css.strip_prefix(BASE).expect("under base_url");
    assert!(file.starts_with("style.") && out.path().join("public").join(file).exists(), "{file}");
}

/// A library cloned into static/ (or a submodule) keeps its version control folder out of the
/// site, where its `.git/config` could publish a remote's token, and an editor's leftovers of
/// a file open in static/ are not published either; other hidden files are copied.
#[test]
fn version_control_folders_in_static_are_left_out() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n",
        ),
        ("static/vendor/lib/lib.js", "x\n"),
        ("static/vendor/lib/.git/config", "[remote \"origin\"]\nurl = https://token@example.org/lib.git\n"),
        ("static/vendor/sub/.git", "gitdir: ../../../.git/modules/sub\n"),
        ("static/vendor/old/.svn/entries", "12\n"),
        ("static/.DS_Store", "junk"),
        ("static/.well-known/security.txt", "Contact: mailto:me@example.org\n"),
        ("static/.nojekyll", ""),
        ("static/notes/plan.txt", "x\n"),
        ("static/notes/plan.txt~", "x\n"),
        ("static/notes/#plan.txt#", "x\n"),
        ("static/notes/.#plan.txt", "x\n"),
        ("static/notes/.plan.txt.swp", "x\n"),
        ("static/notes/Thumbs.db", "x\n"),
        ("static/notes/.~lock.plan.odt#", "x\n"),
        ("static/notes/~$plan.docx", "x\n"),
        ("static/notes/#1.txt", "a name that starts with # is kept\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let public = dir.path().join("public");
    for copied in
        ["vendor/lib/lib.js", ".well-known/security.txt", ".nojekyll", "notes/plan.txt", "notes/#1.txt"]
    {
        assert!(public.join(copied).is_file(), "{copied} is copied");
    }
    let leftovers = [
        "notes/plan.txt~",
        "notes/#plan.txt#",
        "notes/.#plan.txt",
        "notes/.plan.txt.swp",
        "notes/Thumbs.db",
        "notes/.~lock.plan.odt#",
        "notes/~$plan.docx",
    ];
    for left in
        ["vendor/lib/.git", "vendor/sub/.git", "vendor/old/.svn", ".DS_Store"].iter().chain(&leftovers)
    {
        assert!(!public.join(left).exists(), "{left} is left out");
    }
    // A page bundle's leftovers (an editor's backup of its index.md) are not published either.
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01/index.md", record),
        ("content/records/2026-03-01/index.md~", record),
        ("content/records/2026-03-01/#index.md#", record),
        ("content/records/2026-03-01/Thumbs.db", "x"),
        ("content/records/2026-03-01/photo.png", "png"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = dir.path().join("public/records/2026-03-01");
    assert!(page.join("photo.png").is_file());
    for left in ["index.md~", "#index.md#", "Thumbs.db"] {
        assert!(!page.join(left).exists(), "{left} is left out of the bundle");
    }
}

/// What a build of a site with an about page and these template files printed, the build
/// having failed as it must.
fn failed_with_templates(templates: &[(&str, &str)]) -> String {
    let files: Vec<(&str, &str)> =
        [("content/about.md", "# About\n")].into_iter().chain(templates.iter().copied()).collect();
    let dir = site(&files);
    let output = build(dir.path());
    support::assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1), "{}", support::stderr(&output));
    support::stderr(&output)
}

/// The stylesheet `public/index.html` under `root` links, as a path below the output.
fn linked_stylesheet(root: &std::path::Path) -> Option<String> {
    let home = read(root, "public/index.html");
    home.split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.ends_with(".css")))
        .map(|url| url.trim_start_matches("https://example.org/").to_string())
}

#[test]
fn the_site_s_static_style_css_is_the_stylesheet() {
    let css = "body { background: red }\n";
    let dir = site(&[("content/about.md", "# About\n"), ("static/style.css", css)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let linked = linked_stylesheet(dir.path()).expect("a stylesheet");
    assert!(linked.starts_with("style.") && linked != "style.css", "{linked}");
    assert_eq!(read(dir.path(), &format!("public/{linked}")), css);
    assert!(!dir.path().join("public/style.css").exists(), "written once, under its hash");
}

#[test]
fn a_theme_without_a_stylesheet_links_none() {
    let toml = "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"bare\"\n";
    let dir = site(&[("site.toml", toml), ("content/about.md", "# About\n")]);
    for name in ["index", "record", "archive", "tags", "tag", "workstreams", "workstream", "page", "404"] {
        let text = "[{{ site.stylesheet is none }}]";
        write(dir.path(), &format!("themes/bare/templates/{name}.html"), text);
    }
    for name in
        ["atom.xml", "sitemap.xml", "robots.txt", "partials/task_table.html", "partials/aggregates.html"]
    {
        write(dir.path(), &format!("themes/bare/templates/{name}"), "x");
    }
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(read(dir.path(), "public/about/index.html"), "[True]");
    let written: Vec<String> = tree(&dir.path().join("public")).into_iter().map(|(name, _)| name).collect();
    assert!(!written.iter().any(|name| name.ends_with(".css")), "{written:?}");
}

#[test]
fn a_themes_default_folder_with_a_logo_alone_says_it_hides_the_built_in_theme() {
    let dir = site(&[("content/about.md", "# About\n"), ("themes/default/static/logo.svg", "<svg/>")]);
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert!(err.contains("theme `default` has no templates `index.html`, `record.html`"), "{err}");
    assert!(err.contains("the folder themes/default/ replaces the built-in default theme"), "{err}");
}

#[test]
fn site_templates_override_the_theme() {
    let dir = site(&[
        ("content/records/2026-03-01.md", "| Task | Human | AI Time |\n|---|---|---|\n| A | 1h | 1min |\n"),
        (
            "templates/404.html",
            "{% extends \"base.html\" %}{% block content %}Custom not found{% endblock %}\n",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(read(dir.path(), "public/404.html").contains("Custom not found"));
    assert!(read(dir.path(), "public/index.html").contains("<main"), "other templates stay the theme's");
}

/// A record template that prints what it reads of `record.tables`.
const RECORD_TABLES: &str = "{{ record.content|safe }}\n[{{ record.tables|length }} {{ record.tables[0].columns[1].label }} \
     {% for t in record.tables %}{{ t.rows|length }} {{ t.rows[1][3].text }}{% endfor %}]\n";

#[test]
fn an_overridden_task_table_partial_is_used_and_record_tables_are_readable() {
    let record = "| Task | Human | AI Time |\n|---|---|---|\n| A & B | 1h | 1min |\n| C | 2h | 4min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        (
            "templates/partials/task_table.html",
            "<p class=\"mine\">{{ table.ai_label }}: {% for row in table.rows %}{{ row[0].text }}={{ row[3].text }};{% endfor %}</p>\n",
        ),
        ("templates/record.html", RECORD_TABLES),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<p class=\"mine\">AI: A &amp; B=60x;C=30x;</p>"), "{page}");
    assert!(page.contains("[1 Human 2 30x]"), "{page}");

    // With the default partial (written without a view of the table), the page's template
    // reads the same tables.
    let dir = site(&[("content/records/2026-03-01.md", record), ("templates/record.html", RECORD_TABLES)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<table class=\"tasks stack\">"), "{page}");
    assert!(page.contains("[1 Human 2 30x]"), "{page}");
}

#[test]
fn overridden_macros_and_aggregates_partials_are_used() {
    let record = "| Task | Human | AI Time |\n|---|---|---|\n| A | 1h | 1min |\n\n## Aggregate Stats\n\n\
                  | Metric | Value |\n|---|---|\n| Total tasks | 1 |\n";
    let default_macros = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../themes/default/templates/partials/macros.html"
    ))
    .expect("the default theme's macros");
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        // The default text with one change: none of it is written from Rust any more.
        ("templates/partials/macros.html", &default_macros.replace("record-card", "my-card")),
        ("templates/partials/aggregates.html", "<p class=\"my-stats\">{{ metrics|length }} figures</p>\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("<article class=\"card my-card\">"), "{home}");
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<p class=\"my-stats\">"), "{page}");
    assert!(!page.contains("class=\"aggregates\""), "{page}");
}

/// A site's own `partials/macros.html`, written against an earlier default theme, has the five
/// macros the default pages have always called, and no later one: the home and tag pages still
/// build with it, with the table of days (a partial of its own) and the site's own cards.
#[test]
fn a_macros_override_with_only_the_first_five_macros_builds_the_default_pages() {
    let record = "+++\ntags = [\"x\"]\n+++\n| Task | Human | AI Time |\n|---|---|---|\n| A | 1h | 1min |\n";
    let macros = "{% macro stats(totals, ai_label=\"AI\", show_records=true) %}<p>stats</p>{% endmacro %}\
                  {% macro figures(totals, ai_label=\"AI\", class=\"figures\") %}{% endmacro %}\
                  {% macro tag_list(tags) %}{% endmacro %}\
                  {% macro record_card(record, level=3) %}<p class=\"own-card\">{{ record.title }}</p>{% endmacro %}\
                  {% macro pagination(paginator) %}{% endmacro %}";
    let dir = site(&[("content/records/2026-03-01.md", record), ("templates/partials/macros.html", macros)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    for page in ["public/index.html", "public/tags/x/index.html"] {
        let html = read(dir.path(), page);
        assert!(html.contains("<table class=\"daily-table stack\">"), "{page}: {html}");
        assert!(html.contains("<td class=\"lev\" data-label=\"Leverage\">60x</td>"), "{page}: {html}");
        assert!(html.contains("<p class=\"own-card\">"), "{page}: {html}");
    }
}

#[test]
fn the_built_in_macros_take_keyword_arguments_and_charts_read_as_maps() {
    let record =
        "+++\ntags = [\"x\"]\n+++\n| Task | Human | AI Time |\n|---|---|---|\n| A & B | 1h | 1min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        (
            "templates/index.html",
            "{% import \"partials/macros.html\" as m %}{% for r in records %}{{ m.record_card(level=2, record=r) }}\
             {{ m.figures(r.totals, class=\"mine\") }}{% endfor %}\n",
        ),
        // A record's task bars have no data table (its task table holds the figures); a tag's
        // cumulative hours have one.
        (
            "templates/record.html",
            "{% for c in record.charts %}[{{ c.id }}|{{ c.title }}|{{ c.description }}|{{ c.headers|length }}|\
             {{ c.rows|length }}|{{ c|length }}]{% endfor %}\n",
        ),
        (
            "templates/tag.html",
            "{% for c in charts %}[{{ c.id }}|{{ c.headers|join(\",\") }}|{{ c.rows[0][0] }}|{{ c|length }}]{% endfor %}\n",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("<h2 class=\"card-title\">"), "{home}");
    assert!(
        home.contains(
            "<dl class=\"mine\">\n  <div class=\"figure-key\"><dt>Weighted leverage</dt><dd>60x</dd></div>"
        ),
        "{home}"
    );
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("[chart-task-bars|Leverage by task|One task: A &amp; B at 60x.|0|0|7]"), "{page}");
    let tag = read(dir.path(), "public/tags/x/index.html");
    assert!(tag.contains("[chart-cumulative|Date,Human-equivalent (cumulative),AI (cumulative),Leverage to date|Mar 1, 2026|7]"), "{tag}");
}

#[test]
fn the_default_chart_partial_without_a_chart_is_an_error_not_a_panic() {
    let dir = site(&[
        ("content/about.md", "# About\n"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}{% include \"partials/chart.html\" %}{% endblock %}\n",
        ),
    ]);
    let output = build(dir.path());
    support::assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    // The built-in partial cannot be edited: the error stays at the writer's include.
    assert!(err.starts_with("templates/page.html:1:"), "{err}");
    assert!(err.contains("(in (built-in theme)/templates/partials/chart.html:1)"), "{err}");
    assert!(!err.contains("could not render include"), "the frames say it: {err}");
    assert!(err.contains("expects `chart`"), "the cause is named: {err}");
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let err = failed_with_templates(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | no_such_filter }}\n{% endblock %}\n",
    )]);
    assert!(err.starts_with("templates/page.html:3:"), "{err}");
    assert!(err.contains("error: template error"), "{err}");
    assert!(err.contains("no_such_filter"), "{err}");
}

/// A block tag left open is named where it opened: minijinja alone says "unknown statement
/// endblock", or "unexpected end of input" at the template's end.
#[test]
fn a_block_tag_left_open_is_named_where_it_opened() {
    let err = failed_with_templates(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  {% if page.title %}{{ page.title }}\n{% endblock %}\n",
    )]);
    assert!(
        err.starts_with(
            "templates/page.html:4:1: error: template error: syntax error: `{% endblock %}` closes `{% block %}`, \
             but `{% if %}` at 3:3 is still open; expected `{% endif %}` first"
        ),
        "{err}"
    );
    let err = failed_with_templates(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% for t in [1] %}{{ t }}\n",
    )]);
    assert!(err.starts_with("templates/page.html:3:1: error: template error: syntax error: `{% for %}` at 3:1 is never closed; expected `{% endfor %}` before the template ends"), "{err}");
}

/// A call of a macro the imported template does not define names the template and its macros.
#[test]
fn a_macro_that_is_not_there_names_the_imported_template_and_its_macros() {
    let macros = "{% macro card(r) %}{{ r }}{% endmacro %}\n{% macro badge(t) %}{{ t }}{% endmacro %}\n";
    for (page, said) in [
        (
            "{% import \"partials/mine.html\" as m %}{{ m.cards(1) }}",
            "`partials/mine.html` has no macro `cards`; did you mean `card`?",
        ),
        (
            "{% from \"partials/mine.html\" import row %}{{ row(1) }}",
            "`partials/mine.html` has no macro `row` (it defines `card`, `badge`)",
        ),
    ] {
        let err = failed_with_templates(&[
            ("templates/partials/mine.html", macros),
            (
                "templates/page.html",
                &format!("{{% extends \"base.html\" %}}{{% block content %}}\n{page}{{% endblock %}}"),
            ),
        ]);
        assert!(err.starts_with("templates/page.html:2:"), "{err}");
        assert!(err.lines().next().is_some_and(|line| line.contains(said)), "{err}");
    }
}

/// What a build says of a page template writing `{{ expression }}`, which fails.
fn page_template_error(expression: &str) -> String {
    let dir = site(&[
        ("content/about.md", "# About\n"),
        (
            "templates/page.html",
            &format!(
                "{{% extends \"base.html\" %}}{{% block content %}}{{{{ {expression} }}}}{{% endblock %}}"
            ),
        ),
    ]);
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    support::stderr(&output)
}

/// A value Zola's or Hugo's templates name otherwise is answered with leverage's name for it.
#[test]
fn an_undefined_value_with_another_generator_s_name_gets_leverage_s() {
    for (expression, hint) in [
        (
            "config.base_url",
            "`config.base_url` is not defined: site settings are `site` here, as in `site.title`",
        ),
        ("page.permalink", "`page.permalink` is not defined: a page's address is `url` here"),
    ] {
        let err = page_template_error(expression);
        assert!(err.contains(hint), "{err}");
        assert!(err.contains("(docs/themes.md lists every value)"), "{err}");
    }
}

/// Zola's and Hugo's names are answered with what the page being rendered has: `page` on a
/// record's page is `record`, a paginator's pages are a home page's `records`, a tag page's
/// `page_records` and a workstream page's `tasks`.
#[test]
fn another_generator_s_name_is_answered_for_the_page_it_is_on() {
    let record = "+++\ntags = [\"rust\"]\n+++\n| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| A | Blog | 2h | 10min |\n";
    for (template, expression, said) in [
        (
            "record.html",
            "page.title",
            "`page.title` is not defined: on a record's page the record is `record`, as in `record.title`",
        ),
        ("record.html", "page.content | safe", "as in `record.content`"),
        ("record.html", "page.permalink", "as in `record.url`"),
        (
            "record.html",
            "page.components",
            "`page.components` is not defined: on a record's page the record is `record` (docs",
        ),
        ("tag.html", "paginator.pages", "this page's records are `page_records` here"),
        ("tag.html", "page.title", "this page is about `tag`, as in `tag.name`"),
        ("tag.html", "term.name", "a tag's page has its tag as `tag` here"),
        ("workstream.html", "paginator.pages", "this page's tasks are `tasks` here"),
        ("index.html", "paginator.pages", "this page's records are `records` here"),
        ("index.html", "section.pages", "this page's records are `records` here"),
        ("index.html", "paginator.next", "the pages' addresses are `paginator.next_url` here"),
        ("tags.html", "terms", "the one taxonomy is tags"),
        ("page.html", "page.description", "a page's description is `page.summary` here"),
        ("page.html", "lang", "the site's language is `site.language` here"),
        ("page.html", "page.Params.x", "front matter's own values are `extra` here"),
    ] {
        let body = format!(
            "{{% extends \"base.html\" %}}{{% block content %}}{{{{ {expression} }}}}{{% endblock %}}"
        );
        let path = format!("templates/{template}");
        let err = failed_with_templates(&[
            ("content/records/2026-03-01.md", record),
            (path.as_str(), body.as_str()),
        ]);
        assert!(err.contains(said), "{template} {expression}: {err}");
        assert!(err.contains("(docs/themes.md lists every value)"), "{err}");
    }
}

/// The `figures` macro says "No tasks recorded." for totals of 0 tasks alone: a theme's own
/// totals without a task count are figures, as before.
#[test]
fn the_figures_macro_says_no_tasks_only_for_a_count_of_zero() {
    let page = "{% extends \"base.html\" %}{% import \"partials/macros.html\" as m %}{% block content %}\
                {{ m.figures({\"human\": \"40h\", \"ai\": \"20min\", \"leverage\": \"120x\", \"tasks\": 3}) }}|\
                {{ m.figures({\"human\": \"0min\", \"ai\": \"0min\", \"tasks\": 0}) }}{% endblock %}";
    let dir = site(&[("content/about.md", "# About\n"), ("templates/page.html", page)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let html = read(dir.path(), "public/about/index.html");
    assert!(
        html.contains("<dd>120x</dd>")
            && html.contains("|<p class=\"figures figures-none\">No tasks recorded.</p>"),
        "{html}"
    );
    // Without a count, the figures are printed, and the missing count fails as any value does.
    let without = page.replace(", \"tasks\": 3", "");
    let err = failed_with_templates(&[("templates/page.html", &without)]);
    assert!(err.contains("the `figures` macro of partials/macros.html printed an undefined value"), "{err}");
}

/// A standalone page's template has its `updated` date and reading time, as a record's has.
#[test]
fn a_page_template_has_the_page_s_updated_date_and_reading_time() {
    let words = "word ".repeat(700);
    let dir = site(&[
        ("content/about.md", &format!("+++\ntitle = \"About\"\nupdated = 2026-11-21\n+++\n{words}\n")),
        ("content/now.md", "# Now\n\nShort.\n"),
        ("templates/page.html", "{{ page.updated or \"never\" }}|{{ page.reading_time }}"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "public/about/index.html"), "2026-11-21|4");
    assert_eq!(read(dir.path(), "public/now/index.html"), "never|1");
}

/// Arguments written as Zola's filters take them, by name, are told to go by position, and a
/// negative length is said to be one.
#[test]
fn a_filter_s_argument_given_by_name_or_negative_is_explained() {
    for (expression, said) in [
        (
            "page.title|split(pat=\" \")|join(\",\")",
            "`split` takes no argument named `pat`: it takes its arguments by position (`split(pat=\" \")` is \
             `split(\" \")` here",
        ),
        // The example is the call written, not `split`'s.
        (
            "page.extra.x|default(value=\"a\")",
            "`default` takes no argument named `value`: it takes its arguments by position \
             (`default(value=\"a\")` is `default(\"a\")` here",
        ),
        ("page.title|replace(from=\"a\", to=\"b\")", "`replace` takes no argument named `from`"),
        ("page.title|truncate(-5)", "`truncate` expects a whole number of 0 or more"),
        ("page.title|shorten(length=-1)", "`shorten` expects a whole number of 0 or more"),
    ] {
        let err = page_template_error(expression);
        assert!(err.contains(said), "{expression}: {err}");
    }
    // Not for a filter that takes keywords (minijinja names the one it does not), nor for a
    // macro's or a function's call, whose arguments are their writer's.
    for expression in [
        "page.title | truncate(length=3, killword=true)",
        "page.title | date(\"%Y\", format=\"%Y\")",
        "5 | markdown(inline=true)",
        "range(end=3)",
    ] {
        let err = page_template_error(expression);
        assert!(!err.contains("takes no argument named"), "{expression}: {err}");
    }
}

/// A lookup on a path with a value missing names the whole path, where minijinja's range is a
/// part of it (`.hero.image`), which read as if `extra` were missing.
#[test]
fn an_undefined_value_on_a_path_names_the_whole_path() {
    for expression in ["page.extra.hero.image", "page.toc[5].title", "page.extra[\"a\"].b"] {
        let err = page_template_error(expression);
        assert!(
            err.contains(&format!("`{expression}`, or a value it is looked up in, is not defined")),
            "{err}"
        );
    }
    let err = failed_with_templates(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{% for x in page.extra.gallery %}{{ x }}{% endfor %}{% endblock %}",
    )]);
    assert!(err.contains("`page.extra.gallery`, or a value it is looked up in, is not defined"), "{err}");
}

/// A comparison with a value that is not there (`page.extra.layout == "wide"`, the common Zola
/// idiom) names that value, with a near name, where the message named the whole statement as
/// undefined (`if page.extra.layout == "wide"` is not defined).
#[test]
fn a_comparison_with_an_undefined_value_names_it() {
    for (statement, said) in [
        (
            "{% if page.extra.layout == \"wide\" %}W{% endif %}",
            "`page.extra.layout` is not defined, in `if page.extra.layout == \"wide\"` (a value compared or \
             computed with must be there: test it first, `page.extra.layout is defined and ...`)",
        ),
        ("{% set y = site.titel > 3 %}{{ y }}", "`site.titel` is not defined, in `= site.titel > 3`"),
        ("{% set y = site.titel > 3 %}{{ y }}", "did you mean `site.title`?"),
        // A macro's parameter is none the page's context has: the statement is quoted.
        (
            "{% macro p(x) %}{% if x.total > 1 %}y{% endif %}{% endmacro %}{{ p(site) }}",
            "a value in `if x.total > 1` is not defined",
        ),
    ] {
        let template =
            format!("{{% extends \"base.html\" %}}{{% block content %}}{statement}{{% endblock %}}");
        let err = failed_with_templates(&[("templates/page.html", &template)]);
        assert!(err.contains(said), "{statement}: {err}");
    }
}

/// A misspelt name in a path is offered the one the value it is looked up in has: the page's
/// context is asked, a loop's variable through the first item it goes over.
#[test]
fn a_misspelt_attribute_is_offered_the_right_one() {
    for (expression, said) in [
        ("site.titel", "did you mean `site.title`?"),
        ("sitee", "did you mean `site`?"),
        ("page.titel | upper", "did you mean `page.title`?"),
    ] {
        let err = page_template_error(expression);
        assert!(err.contains(said), "{expression}: {err}");
    }
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let err = failed_with_templates(&[
        ("content/records/2026-03-01.md", record),
        (
            "templates/index.html",
            "{% extends \"base.html\" %}{% block content %}{% for record in records %}{{ record.titel }}{% endfor %}{% endblock %}",
        ),
    ]);
    assert!(err.contains("did you mean `record.title`?"), "{err}");
    let err = failed_with_templates(&[
        ("content/now.md", "+++\ntitle = \"Now\"\n[extra]\ncolor = \"red\"\n+++\nText.\n"),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.extra.colour.x }}{% endblock %}",
        ),
    ]);
    assert!(err.contains("did you mean `page.extra.color`?"), "{err}");
    // Nothing near: no guess.
    let err = page_template_error("site.nothing_like_it");
    assert!(!err.contains("did you mean"), "{err}");
}

/// An undefined value given to a filter is named, not the filter, which minijinja points at
/// (`page.body | safe`, where Zola's `page.content | safe` is meant).
#[test]
fn an_undefined_value_given_to_a_filter_is_named() {
    for (expression, said) in [
        ("page.body | safe", "`page.body`, given to the filter `safe`, is not defined"),
        ("kind|upper", "`kind`, given to the filter `upper`, is not defined"),
        ("page['body'] | safe", "`page['body']`, given to the filter `safe`, is not defined"),
        // An undefined argument of a filter, or a filter after another, is not blamed on the
        // value before the `|`.
        ("page.title | replace(foo, \"b\")", "undefined value"),
        ("page.title | upper | replace(q, \"x\")", "undefined value"),
        // Looked up in a value that is not there: minijinja names the lookup itself.
        ("config.title | upper", "`config.title` is not defined: site settings are `site` here"),
    ] {
        let err = page_template_error(expression);
        assert!(err.contains(said), "{expression}: {err}");
        assert!(
            !err.contains("`page.title`, given") && !err.contains("`upper`, given"),
            "{expression}: {err}"
        );
    }
}

/// A value undefined inside a partial of the built-in theme, which its writer cannot open, is
/// named: what the including template forgot to set.
#[test]
fn an_undefined_value_in_a_built_in_partial_is_named() {
    let err = failed_with_templates(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}\n{% include \"partials/daily_table.html\" %}{% endblock %}",
    )]);
    assert!(err.starts_with("templates/page.html:2:"), "{err}");
    assert!(
        err.contains("undefined value: `caption` is not defined (in (built-in theme)/templates/partials/daily_table.html:"),
        "{err}"
    );
}

/// `none` prints nothing; a site template extending its own name is told about `theme/`.
#[test]
fn none_prints_nothing_and_a_self_extending_template_is_told_the_theme_s_name() {
    let record = "+++\ndate = 2026-03-01\n+++\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        (
            "templates/record.html",
            "{% extends \"theme/record.html\" %}{% block title %}[{{ record.updated }}]{% endblock %}",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(read(dir.path(), "public/records/2026-03-01/index.html").contains("<title>[]</title>"));
    write(dir.path(), "templates/record.html", "{% extends \"record.html\" %}");
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert!(err.contains("extends the theme's own as `theme/record.html`"), "{err}");
}

/// A template named by an `include` on a path no page takes (in an `{% if %}` no record meets)
/// is looked for all the same: `check` would otherwise pass a theme that fails on the first page
/// to take it. `ignore missing` says the template may be missing.
#[test]
fn an_include_no_page_takes_still_names_a_template_that_is_there() {
    let page = "{% extends \"base.html\" %}{% block content %}{% if page.extra.never %}\
                {% include \"partials/nope.html\" %}{% endif %}\
                {% include \"partials/maybe.html\" ignore missing %}{% endblock %}";
    let err = failed_with_templates(&[("templates/page.html", page)]);
    assert!(
        err.starts_with("templates/page.html:1:70: error: template error: `include` names template `partials/nope.html`, which does not exist"),
        "{err}"
    );
    assert!(!err.contains("maybe.html"), "{err}");
}

/// A `theme/` name the theme has no version of is answered with what it means, and a missing
/// layout of the built-in theme names the one place a writer can put it, and a near name.
#[test]
fn a_missing_extends_is_answered_with_what_the_writer_can_do() {
    let special = "{% extends \"theme/page.html\" %}{% block content %}x{% endblock %}";
    let err = failed_with_templates(&[("templates/special.html", special)]);
    assert!(err.contains("`extends` names template `theme/page.html`, which does not exist; only a template the site replaces has a `theme/` name"), "{err}");
    let record = "{% extends \"theme/recrod.html\" %}{% block content %}x{% endblock %}";
    let err = failed_with_templates(&[("templates/record.html", record)]);
    assert!(
        err.contains("`theme/recrod.html`, which does not exist; did you mean `theme/record.html`?"),
        "{err}"
    );
    let page = "{% extends \"bse.html\" %}{% block content %}x{% endblock %}";
    let err = failed_with_templates(&[("templates/page.html", page)]);
    assert!(err.contains("`bse.html`, which does not exist: expected the site's templates/bse.html; did you mean `base.html`?"), "{err}");
    assert!(!err.contains("(built-in theme)/templates/bse.html"), "{err}");
}

/// A theme without the layout its templates extend is one error, naming the theme's folder, and
/// no page template as what was meant (`page.html` extends the missing `base.html` itself).
#[test]
fn a_theme_without_its_base_template_is_one_error_naming_the_theme() {
    let dir = site(&[("content/about.md", "# About\n")]);
    support::copy_dir(&support::workspace().join("themes/default"), &dir.path().join("themes/own"));
    std::fs::remove_file(dir.path().join("themes/own/templates/base.html")).expect("removed");
    write(
        dir.path(),
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\ntheme = \"own\"\n",
    );
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert_eq!(err.matches("names template `base.html`").count(), 1, "{err}");
    assert!(
        err.contains("which does not exist: expected themes/own/templates/base.html or the site's templates/base.html (and in `"),
        "{err}"
    );
    assert!(!err.contains("did you mean"), "{err}");
    // A slip of an include's name is still answered.
    write(
        dir.path(),
        "themes/own/templates/base.html",
        read(&support::workspace(), "themes/default/templates/base.html"),
    );
    write(
        dir.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{% include \"partials/chrt.html\" %}{% endblock %}",
    );
    let err = support::stderr(&build(dir.path()));
    assert!(err.contains("`include` names template `partials/chrt.html`, which does not exist: expected themes/own/templates/partials/chrt.html or the site's templates/partials/chrt.html; did you mean `partials/chart.html`?"), "{err}");
}

/// A block a template defines that nothing it extends has is never shown: a warning, with the
/// nearest block's name (`contnet` for `content`), where a page would silently come out empty.
#[test]
fn a_block_no_parent_has_is_said() {
    let dir = site(&[
        ("content/about.md", "# About\n"),
        ("templates/page.html", "{% extends \"base.html\" %}\n{% block contnet %}<p>x</p>{% endblock %}\n"),
    ]);
    let output = support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    let err = support::stderr(&output);
    assert!(output.status.success(), "a warning, not an error: {err}");
    assert!(
        err.contains(
            "templates/page.html:2:1: warning: block `contnet` is in no template that `page.html` extends (`base.html`), so nothing shows what it holds; did you mean `content`?"
        ),
        "{err}"
    );
}

/// A misspelt filter, function or test gets the nearest one's name, and Zola's and Hugo's `now`,
/// `get_url`, `absURL`, `random`, `trans` and `containing` get what leverage has in their place.
#[test]
fn an_unknown_filter_or_function_gets_a_hint() {
    for (expression, hint) in [
        ("page.title|sfe", "unknown filter `sfe`; did you mean `safe`?"),
        ("rnage(3)", "unknown function `rnage`; did you mean `range`?"),
        ("now()", "leverage has no `now` and no `random`: a build writes the same bytes whatever the day"),
        ("get_url(path=\"a.png\")", "a theme's own file is at `site.home_url ~ \"img/logo.png\"`"),
        ("trans(\"x\")", "leverage has no translations"),
        // Hugo's pipes: the same functions written as filters, and a bare `now`.
        ("\"a.png\"|absURL", "unknown filter `absURL`; leverage gives every address"),
        ("[1, 2]|random", "leverage has no `now` and no `random`"),
        ("now.year", "`now.year` is not defined: leverage has no `now` and no `random`"),
        ("current_url", "`current_url` is not defined: a page's address is `page_url` here"),
        // Tests, misspelt or Zola's.
        ("1 is defind", "unknown test `defind`; did you mean `defined`?"),
        ("page.title is starting_with(\"a\")", "did you mean `startingwith`?"),
        ("page.title is containing(\"a\")", "Zola's `is containing(\"a\")` is written `\"a\" in x` here"),
        // Zola's look-ups and Hugo's filters.
        ("get_page(path=\"about.md\")", "unknown function `get_page`; leverage looks nothing up"),
        ("get_taxonomy(kind=\"tags\")", "`tag` and `page_records` on a tag's page"),
        (
            "page.title|markdownify",
            "unknown filter `markdownify`; Hugo's `markdownify` is the filter `markdown` here",
        ),
        ("page.title|slugify", "leverage has no `slugify`"),
        (
            "page.title|json_encode",
            "unknown filter `json_encode`; Zola's `json_encode` and Hugo's `jsonify` are `tojson` here",
        ),
        ("page.title|jsonify", "are `tojson` here"),
    ] {
        let page = format!(
            "{{% extends \"base.html\" %}}{{% block content %}}{{{{ {expression} }}}}{{% endblock %}}"
        );
        let err = failed_with_templates(&[("templates/page.html", &page)]);
        assert!(err.contains(hint), "{expression}: {err}");
    }
}

/// A filter or test that is not there is an error where it is written, on a path no page takes
/// too (minijinja says so only on a page that runs it), and `check` says so as well.
#[test]
fn an_unknown_filter_in_a_branch_no_page_takes_is_an_error() {
    let page = "{% extends \"base.html\" %}{% block content %}\n{% if page.extra.hero %}{{ page.extra.hero|upcase }}\
                {% elif page.extra.x is evn %}{% endif %}{{ page.title|upper }}{% endblock %}";
    let err = failed_with_templates(&[("templates/page.html", page)]);
    assert!(
        err.contains("templates/page.html:2:44: error: template error: unknown filter `upcase`"),
        "{err}"
    );
    assert!(
        err.contains(
            "templates/page.html:2:77: error: template error: unknown test `evn`; did you mean `even`?"
        ),
        "{err}"
    );
    assert_eq!(err.matches(": error: ").count(), 2, "{err}");
    let dir = site(&[("content/about.md", "# About\n"), ("templates/page.html", page)]);
    let output = support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("unknown filter `upcase`"), "{}", stderr(&output));
}

/// A template written for another engine, or with a slip in a tag, is told what to write here.
#[test]
fn another_engine_s_template_syntax_is_told_what_to_write() {
    for (page, said) in [
        (
            "<h1>{{ .Title }}</h1>",
            "templates/page.html:1:8: error: template error: syntax error: unexpected `.`; templates are Jinja's here (minijinja), not Go's",
        ),
        ("{% for k, v in {\"tagline\": \"x\"} %}{{ k }}{% endfor %}", "`{% for key, value in map|items %}`"),
        ("{% block content %}{% endblok %}", "unknown statement endblok; did you mean `endblock`?"),
        ("<h1>{{ page.title </h1>", "unexpected `/`; expected `}}` or `%}` to end the tag first"),
        (
            "{% extends \"THEME/templates/page.html\" %}",
            "a theme's template is named without its folders here: `theme/page.html`",
        ),
        ("{{ sitee.title }}", "`sitee.title` is not defined; did you mean `site.title`?"),
        ("{{ page.title|lenght }}", "unknown filter `lenght`; did you mean `length`?"),
    ] {
        let err = failed_with_templates(&[("templates/page.html", page)]);
        assert!(err.contains(said), "{page}: {err}");
    }
}

#[test]
fn a_misspelt_template_name_gets_the_nearest_one() {
    let err = failed_with_templates(&[(
        "templates/page.html",
        "{% import \"partials/macro.html\" as m %}{{ page.title }}",
    )]);
    assert!(
        err.starts_with("templates/page.html:1:1: error: template error: `import` names template `partials/macro.html`, which does not exist")
            && err.contains("; did you mean `partials/macros.html`?"),
        "{err}"
    );
}

#[test]
fn a_template_that_fails_while_rendering_names_its_line() {
    let err = failed_with_templates(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title + 1 }}\n{% endblock %}\n",
    )]);
    assert!(err.starts_with("templates/page.html:3:"), "{err}");
}

/// A record with one task, dated `date`, with `extra` as its `[extra]` table.
fn dated_record(date: &str, extra: &str) -> String {
    format!(
        "+++\ntitle = \"Day\"\ndate = {date}\n{extra}+++\n\nSome prose.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 8h | 12min |\n"
    )
}

#[test]
fn an_editor_s_leftovers_beside_templates_are_not_templates() {
    let page = "{% extends \"base.html\" %}{% block content %}MINE{% endblock %}\n";
    let dir = site(&[
        ("content/about.md", "# About\n"),
        ("templates/page.html", page),
        ("templates/base.html.bak", "{% block x %}old"),
        ("templates/page.html~", "{% if %}"),
        ("templates/#page.html#", "{% if %}"),
        ("templates/partials/.DS_Store", "\0\0"),
        ("templates/page.html.BAK", "{% if %}"),
        ("templates/README.md", "Partials: write {% if %} blocks"),
        ("templates/partials/LICENSE", "{% if %}"),
    ]);
    write(dir.path(), "templates/.page.html.swp", b"b0VIM 8.2\x00\x00\xff\xfe\x80");
    write(dir.path(), "templates/Thumbs.db", b"\xd0\xcf\x11\xe0");
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(read(dir.path(), "public/about/index.html").contains("MINE"));
}

#[test]
fn dates_in_extra_print_as_written() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\n[extra]\nlaunched = 2026-01-01\n"),
        (
            "content/about.md",
            "+++\ntitle = \"About\"\n[extra]\nupdated = 2026-03-02T10:00:00Z\n+++\n# About\n",
        ),
        ("content/records/2026-03-01.md", &dated_record("2026-03-01", "[extra]\nwhen = [2026-03-10]\n")),
        (
            "templates/page.html",
            "[{{ page.extra.updated }}|{{ site.extra.launched }}|{{ site.extra.launched is string }}]\n",
        ),
        ("templates/record.html", "[{{ record.extra.when[0] }}|{{ record.extra.when|tojson }}]\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(read(dir.path(), "public/about/index.html"), "[2026-03-02T10:00:00Z|2026-01-01|True]\n");
    assert_eq!(read(dir.path(), "public/records/2026-03-01/index.html"), "[2026-03-10|[\"2026-03-10\"]]\n");
}

#[test]
fn an_error_in_an_included_template_is_placed_in_it() {
    let err = failed_with_templates(&[
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% include \"partials/mine.html\" %}\n{% endblock %}\n",
        ),
        ("templates/partials/mine.html", "<div>\n{% include \"partials/inner.html\" %}\n</div>\n"),
        ("templates/partials/inner.html", "<p>\n{{ nothere.x }}\n</p>\n"),
    ]);
    assert!(err.starts_with("templates/partials/inner.html:2:"), "{err}");
    assert!(
        err.contains("(included from templates/partials/mine.html:2, from templates/page.html:3)"),
        "the nearest first: {err}"
    );
}

#[test]
fn a_theme_name_for_a_template_the_site_does_not_replace_says_so() {
    let err = failed_with_templates(&[("templates/page.html", "{% extends \"theme/base.html\" %}\n")]);
    assert!(
        err.contains("the site has no `base.html` of its own: the theme's is `base.html`")
            && !err.contains("did you mean"),
        "{err}"
    );
}

#[test]
fn templates_that_include_each_other_are_one_error_naming_the_loop() {
    let err = failed_with_templates(&[
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% include \"partials/a.html\" %}\n{% endblock %}\n",
        ),
        ("templates/partials/a.html", "<div>\n{% include \"partials/b.html\" %}\n</div>\n"),
        ("templates/partials/b.html", "<p>\n{% include \"partials/a.html\" %}\n</p>\n"),
    ]);
    assert!(
        err.starts_with(
            "templates/partials/a.html:2:1: error: template error: templates include each other in a loop, \
             `templates/partials/a.html` includes `templates/partials/b.html` includes `templates/partials/a.html`; \
             expected includes that end (included from templates/page.html:3"
        ),
        "{err}"
    );
    assert_eq!(err.matches("templates/partials/").count(), 4, "the loop once, not fifty includes: {err}");
}

#[test]
fn a_template_error_names_the_page_it_was_met_on() {
    let dir = site(&[
        ("content/records/2026-03-01.md", &dated_record("2026-03-01", "[extra]\nwhen = \"now\"\n")),
        ("content/records/2026-03-02.md", &dated_record("2026-03-02", "")),
        ("content/records/2026-03-03.md", &dated_record("2026-03-03", "")),
        (
            "templates/record.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ record.extra.when }}\n{% endblock %}\n",
        ),
    ]);
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert!(err.starts_with("templates/record.html:3:"), "{err}");
    assert!(
        err.contains(
            "(while rendering `/records/2026-03-02/`, from content/records/2026-03-02.md, and 1 other page)"
        ),
        "{err}"
    );
    assert_eq!(err.matches("template error").count(), 1, "said once: {err}");
}

/// An error of the task table's partial in one record is met again in the feeds that carry the
/// record's body: they are named as such, where "and 2 other pages" left a writer looking for
/// pages that show the table.
#[test]
fn a_partial_s_error_names_the_feeds_that_carry_its_page() {
    let record = dated_record("2026-03-01", "tags = [\"rust\"]\n");
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\nfeed_full_content = true\n"),
        ("content/records/2026-03-01.md", &record),
        ("templates/partials/task_table.html", "{{ nothing.here }}"),
    ]);
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert!(
        err.contains("from content/records/2026-03-01.md, and the 2 feeds that carry its body)"),
        "{err}"
    );
}

#[test]
fn svg_partials_are_escaped_as_html_and_json_ones_as_json() {
    let dir = site(&[
        ("site.toml", "title = \"A <b>bold</b> log\"\nbase_url = \"https://example.org/\"\n"),
        ("content/about.md", "# About\n"),
        (
            "templates/page.html",
            "{% include \"partials/icon.svg\" %}|{% include \"partials/ld.json\" %}|{% include \"partials/note.txt\" %}\n",
        ),
        ("templates/partials/icon.svg", "<svg><title>{{ site.title }}</title></svg>"),
        ("templates/partials/ld.json", "{\"name\": {{ site.title }}}"),
        ("templates/partials/note.txt", "{{ site.title }}"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/about/index.html");
    let parts: Vec<&str> = page.trim_end().split('|').collect();
    assert_eq!(parts[0], "<svg><title>A &lt;b&gt;bold&lt;/b&gt; log</title></svg>");
    let json: serde_json::Value = serde_json::from_str(parts[1]).expect("JSON");
    assert_eq!(json["name"], "A <b>bold</b> log");
    // As `tojson` writes it: JSON-LD in a `<script>` cannot be ended by a value printed into it.
    assert_eq!(parts[1], "{\"name\": \"A \\u003cb\\u003ebold\\u003c/b\\u003e log\"}");
    assert_eq!(parts[2], "A <b>bold</b> log", "plain text is not escaped");
}

/// A template no page uses is warned about, with the name it most likely meant; templates
/// named by others (a partial the optional head partial includes) are used.
#[test]
fn a_misspelt_template_override_is_warned_about() {
    let dir = site(&[
        ("content/about.md", "# About\n"),
        ("templates/recrod.html", "{% extends \"base.html\" %}"),
        ("templates/partial/task_table.html", "<table></table>\n"),
        ("templates/partials/head.html", "{% include \"partials/mine.html\" %}"),
        ("templates/partials/mine.html", "<meta name=\"x\">"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(
        err.contains(
            "templates/recrod.html:1:1: warning: template `recrod.html` is not used: leverage renders no page \
             with it, and no template extends, includes or imports it; did you mean `record.html`?"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `partials/task_table.html`?"), "{err}");
    assert!(
        err.contains("0 error(s), 2 warning(s)"),
        "the head partial and what it includes are used: {err}"
    );
    assert!(read(dir.path(), "public/about/index.html").contains("<meta name=\"x\">"));
    // A slip of the head hook, which the theme names but does not have, is offered it.
    let dir =
        site(&[("content/about.md", "# About\n"), ("templates/partials/haed.html", "<meta name=\"x\">")]);
    let err = support::stderr(&build(dir.path()));
    assert!(
        err.contains("template `partials/haed.html` is not used")
            && err.contains("did you mean `partials/head.html`?"),
        "{err}"
    );
}

/// A partial that only the theme's own version of a replaced template includes is used when the
/// site's version extends that one (`theme/base.html`); a template named like notes but with a
/// template's extension is a template.
#[test]
fn a_partial_of_an_extended_theme_template_is_used() {
    let dir = site(&[
        ("content/about.md", "# About\n"),
        ("templates/base.html", "{% extends \"theme/base.html\" %}"),
        ("templates/partials/head.html", "{% include \"partials/license.html\" %}"),
        ("templates/partials/license.html", "<meta name=\"license\" content=\"CC-BY\">"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(!err.contains("is not used"), "{err}");
    assert!(read(dir.path(), "public/about/index.html").contains("content=\"CC-BY\""));
}

#[test]
fn a_head_partial_adds_to_every_page_s_head() {
    let extra = "\n<link rel=\"stylesheet\" href=\"{{ site.home_url }}extra.css\">";
    let dir = site(&[
        ("content/about.md", "# About\n"),
        ("content/records/2026-03-01.md", &dated_record("2026-03-01", "")),
        ("templates/partials/head.html", extra),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    for page in [
        "public/index.html",
        "public/about/index.html",
        "public/records/2026-03-01/index.html",
        "public/404.html",
    ] {
        let text = read(dir.path(), page);
        assert!(
            text.contains("<link rel=\"stylesheet\" href=\"https://example.org/extra.css\">\n</head>"),
            "{page}: {text}"
        );
    }
}

#[test]
fn a_task_table_partial_knows_its_record_and_number() {
    let two = format!(
        "{}\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| More | 1h | 2min |\n",
        dated_record("2026-03-01", "")
    );
    let dir = site(&[
        ("content/records/2026-03-01.md", two.as_str()),
        ("templates/partials/task_table.html", "<p>[{{ record.slug }}-{{ index }}|{{ page_url }}]</p>\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    for n in 0..2 {
        assert!(
            page.contains(&format!("[2026-03-01-{n}|https://example.org/records/2026-03-01/]")),
            "{page}"
        );
    }
}

#[test]
fn a_site_template_extends_the_theme_s_own_version() {
    let dir = site(&[
        ("content/records/2026-03-01.md", &dated_record("2026-03-01", "")),
        (
            "templates/record.html",
            "{% extends \"theme/record.html\" %}{% block title %}Mine: {{ record.title }}{% endblock %}",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<title>Mine: Day</title>"), "{page}");
    assert!(page.contains("<table class=\"tasks"), "the rest is the theme's: {page}");
    // Only an overridden template is there under theme/: the others are their own names.
    write(dir.path(), "templates/page.html", "{% extends \"theme/tags.html\" %}");
    write(dir.path(), "content/about.md", "# About\n");
    let missing = build(dir.path());
    assert_eq!(missing.status.code(), Some(1));
    assert!(support::stderr(&missing).contains("theme/tags.html"), "{}", support::stderr(&missing));
}

#[test]
fn a_theme_on_disk_is_used() {
    let dir = site(&[("site.toml", "title = \"T\"\ntheme = \"mine\"\n"), ("content/about.md", "# About\n")]);
    let missing = build(dir.path());
    assert_eq!(missing.status.code(), Some(1));
    assert!(support::stderr(&missing).contains("theme `mine` not found"), "{}", support::stderr(&missing));
    write(dir.path(), "themes/mine/templates/page.html", "MINE {{ page.title }}");
    let partial = build(dir.path());
    assert!(
        support::stderr(&partial).contains(
            "theme `mine` has no templates `index.html`, `record.html`, `archive.html`, `tags.html`, "
        ),
        "{}",
        support::stderr(&partial)
    );
}

#[test]
fn data_exports_follow_the_contract() {
    let out = build_golden(&[]);
    let csv = read(out.path(), "public/data/tasks.csv");
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "date,slug,task,workstream,human_minutes,ai_minutes,supervisory_minutes,tokens,leverage,agent,tokens_approx"
        )
    );
    assert_eq!(
        lines.next(),
        Some("2025-12-30,2025-12-30,Fix the parser for a|b-free input,,240.0,12.0,,45000,20.0,Claude,false")
    );
    assert!(csv.contains(
        "2026-01-15,2026-01-15,Port the renderer,Site engine,2400.0,90.0,20.0,,26.666666666666668,Claude,false\r\n"
    ));
    let json = support::records_json(out.path());
    assert_eq!(json["site"]["base_url"], BASE);
    assert_eq!(json["totals"]["records"], 3);
    let dates: Vec<&str> = json["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| r["date"].as_str().expect("date"))
        .collect();
    assert_eq!(dates, ["2025-12-30", "2026-01-15", "2026-02-02"], "ascending by date");
    assert_eq!(json["records"][2]["tasks"][0]["stated_leverage"], 30.0);
    assert_eq!(json["records"][2]["tasks"][0]["leverage"], 12.0);
    let text = read(out.path(), "public/data/records.json");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "a head line, one line per record, a closing line: {text}");
    assert!(lines[1].starts_with("{\"slug\":\"2025-12-30\""), "{}", lines[1]);
}

#[test]
fn a_static_file_on_a_generated_page_wins_with_a_warning() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n",
        ),
        ("static/index.html", "<p>my own home page</p>\n"),
        ("static/records/2026-03-01/index.html", "<p>mine</p>\n"),
        // The site's replaces the theme's file of the same name.
        ("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
        // A robots.txt of the site's own, as Zola's and Hugo's users keep one: meant, not warned of.
        ("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(!err.contains("robots.txt"), "{err}");
    assert_eq!(read(dir.path(), "public/robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
    // Each file of the output is counted once, a replaced page and a replaced theme file too
    // (leverage's own marker file aside).
    let files = crate::golden::tree(&dir.path().join("public")).len() - 1;
    assert!(err.contains(&format!("built 1 record into {files} files")), "{files} files: {err}");
    assert!(
        err.contains(
            "static/index.html:1:1: warning: static/index.html replaces the page leverage generates at `/`"
        ),
        "{err}"
    );
    assert!(err.contains("static/records/2026-03-01/index.html replaces the page leverage generates at `/records/2026-03-01/`"), "{err}");
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).expect("home");
    assert_eq!(home, "<p>my own home page</p>\n");
    // A theme's static file does too, where the site has none of that name.
    std::fs::remove_file(dir.path().join("static/index.html")).expect("removed");
    support::copy_dir(&support::workspace().join("themes/default"), &dir.path().join("themes/own"));
    write(dir.path(), "themes/own/static/index.html", "<p>the theme's home page</p>\n");
    write(
        dir.path(),
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\ntheme = \"own\"\n",
    );
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(
        err.contains("themes/own/static/index.html:1:1: warning: themes/own/static/index.html replaces the page leverage generates at `/`"),
        "{err}"
    );
    assert_eq!(read(dir.path(), "public/index.html"), "<p>the theme's home page</p>\n");
}

#[test]
fn markdown_files_not_named_md_are_skipped_with_a_warning() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        ("content/records/2026-03-02.markdown", record),
        ("content/records/2026-03-03.MD", record),
        ("content/records/2026-03-04.txt", record),
        ("content/records/2026-03-05.md.txt", record),
        ("content/records/2026-03-06.md ", record),
        ("content/records/README.txt", "notes about the records, not a record"),
        ("content/records/photo.png", "not markdown"),
        ("content/notes.txt", "a page's attachment, not a record"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    for (file, name) in [
        ("2026-03-02.markdown", "2026-03-02.md"),
        ("2026-03-03.MD", "2026-03-03.md"),
        ("2026-03-04.txt", "2026-03-04.md"),
        ("2026-03-05.md.txt", "2026-03-05.md"),
        ("2026-03-06.md ", "2026-03-06.md"),
    ] {
        let line = format!(
            "content/records/{file}:1:1: warning: not read: content files end in `.md`; expected this file to be named `{name}`"
        );
        assert!(err.contains(&line), "{err}");
    }
    // A dated text file may be a post's page copied as text, which `import` reads.
    assert!(
        err.contains(
            "`2026-03-04.md`, or, if it is a post's page copied as text, moved out of content/ and made a \
             record with `leverage import FILE.txt`\n"
        ),
        "{err}"
    );
    assert!(err.contains("named `2026-03-05.md`\n"), "{err}");
    assert!(!err.contains("photo.png") && !err.contains("notes.txt") && !err.contains("README"), "{err}");
    assert!(dir.path().join("public/records/2026-03-01/index.html").exists());
    assert!(!dir.path().join("public/records/2026-03-02").exists());
}

/// A translation named as Zola and Hugo name one (`2026-03-01.de.md` beside `2026-03-01.md`) is
/// a record of its own here: its tasks counted twice without a word. Now it is warned about,
/// and so is a page's; a draft is in no figure, and `2026-03-01.pm.md` names no language.
#[test]
fn a_translation_named_as_zola_and_hugo_name_one_is_warned_about() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        ("content/records/2026-03-01.de.md", record),
        ("content/records/2026-03-02.pm.md", record),
        ("content/records/2026-03-03.fr.md", &format!("+++\ndraft = true\n+++\n{record}")),
        ("content/about.pt-br.md", "Sobre.\n"),
        // A bundle's translation: left out, said so (it was "a record needs a date").
        ("content/records/2026-03-04/index.md", record),
        ("content/records/2026-03-04/index.de.md", record),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(
        err.contains(
            "content/records/2026-03-01.de.md:1:1: warning: this file is named as Zola and Hugo name a translation \
             (`.de` before its extension), but leverage builds a site in one language: it is a record of its own, \
             its tasks counted beside the day's other records' in every figure"
        ),
        "{err}"
    );
    assert!(err.contains("content/about.pt-br.md:1:1: warning: this file is named as Zola and Hugo name a translation (`.pt-br`"), "{err}");
    assert!(err.contains("it is the page /about.pt-br/ of its own"), "{err}");
    assert!(!err.contains("2026-03-02.pm.md") && !err.contains("2026-03-03.fr.md"), "{err}");
    assert!(
        err.contains(
            "content/records/2026-03-04/index.de.md:1:1: warning: this file is named as Zola and Hugo name a \
             translation of a bundle or a section (`.de` before its extension), but leverage builds a site in one \
             language: it is left out"
        ),
        "{err}"
    );
    assert!(!err.contains("needs a date"), "{err}");
}

/// Habits of Zola and Hugo, or a slip of the folder, that would otherwise lose a record's figures
/// or publish a page no one meant without a word.
#[test]
fn a_record_outside_records_and_a_section_file_are_warned_about() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        ("content/2026-03-02.md", &format!("Prose first.\n\n{record}")),
        ("content/posts/2026-03-03-launch.md", "No table here.\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        ("content/records/2026-03-04.md", &format!("+++\n[extra]\ntags = [\"x\"]\n+++\n{record}")),
        ("content/2026-03-05/index.md", record),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(
        err.contains(
            "content/2026-03-02.md:3:1: warning: this file is named for a day and holds a task table"
        ),
        "{err}"
    );
    assert!(!err.contains("2026-03-03-launch.md"), "a dated page without a task table is a page: {err}");
    assert!(
        err.contains("content/2026-03-05/index.md:1:1: warning: this file is named for a day"),
        "a bundle is named by its folder: {err}"
    );
    assert!(
        err.contains("content/_index.md:1:1: warning: `_index.md` is a section file of Zola and Hugo"),
        "{err}"
    );
    assert!(
        err.contains(
            "content/records/2026-03-04.md:3:1: warning: `tags` inside `extra` is handed to the theme"
        ),
        "{err}"
    );
}

#[test]
fn hidden_files_and_folders_are_not_content() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        ("content/records/.2026-03-02.md", record),
        ("content/.drafts/2026-03-03.md", record),
    ]);
    // Emacs's lock file: a dangling symbolic link named like the record being edited.
    #[cfg(unix)]
    std::os::unix::fs::symlink("ada@host.1234", dir.path().join("content/records/.#2026-03-01.md"))
        .expect("a link");
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(dir.path().join("public/records/2026-03-01/index.html").exists());
    let records: Vec<String> = std::fs::read_dir(dir.path().join("public/records"))
        .expect("records")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .collect();
    assert_eq!(records, ["2026-03-01"]);
}

#[test]
fn aliases_redirect_old_urls_to_the_page() {
    let record = "+++\ntitle = \"Day <one> & more\"\naliases = [\"/2026/03/01/day-one/\", \"old-day.html\"]\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        (
            "content/about.md",
            "+++\naliases = [\"/about-me\"]\n+++\n# About\n\nSee [the old day](/2026/03/01/day-one/).\n",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let target = "https://example.org/records/2026-03-01/";
    for path in ["public/2026/03/01/day-one/index.html", "public/old-day.html"] {
        let page = read(dir.path(), path);
        assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")), "{page}");
        assert!(
            page.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">")),
            "{page}"
        );
        assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"), "{page}");
        assert!(page.contains("<title>Day &lt;one&gt; &amp; more</title>"), "{page}");
    }
    let about = read(dir.path(), "public/about-me/index.html");
    assert!(about.contains("url=https://example.org/about/\""), "{about}");
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(!sitemap.contains("day-one") && !sitemap.contains("about-me"), "{sitemap}");
    // The link to the old URL finds the redirect.
    let check = support::leverage(&["check", "--strict", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(check.status.success(), "{}", support::stderr(&check));
}

#[test]
fn a_page_or_alias_whose_folder_is_a_static_file_is_an_error_at_it() {
    let dir = site(&[
        ("content/about.md", "+++\naliases = [\"/favicon.svg/\"]\n+++\n# About\n"),
        ("content/notes.md", "+++\nslug = \"files/data.txt/notes\"\n+++\n# Notes\n"),
        ("static/files/data.txt", "data"),
        // The theme's style.css is written as style.<hash>.css: no file takes this folder.
        ("content/css.md", "+++\nslug = \"style.css/notes\"\n+++\n# CSS notes\n"),
    ]);
    let output = build(dir.path());
    assert!(!output.status.success());
    let err = support::stderr(&output);
    assert!(!err.contains("content/css.md"), "{err}");
    assert!(err.contains("content/about.md:2:12: error: two pages on one URL: `/favicon.svg/` would be a folder where static files copy the file `favicon.svg`; expected another alias"), "{err}");
    assert!(err.contains("content/notes.md:2:8: error: two pages on one URL: `/files/data.txt/notes/` would be a folder where static files copy the file `files/data.txt`; expected another slug"), "{err}");
}

#[test]
fn a_static_file_where_leverage_writes_a_folder_or_a_file_is_an_error_at_it() {
    let record =
        "+++\ntags = [\"x\"]\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    assert!(build(dir.path()).status.success(), "the site builds before the static files come");
    let previous = read(dir.path(), "public/index.html");
    for (path, text) in [
        ("static/tags/x", "a file where the tag page's folder goes"),
        ("static/archive", "a file where the archive's folder goes"),
        ("static/index.html/notes.txt", "a file in a folder named like the home page"),
        ("static/data/records.json", "replaces the export, with a warning"),
    ] {
        write(dir.path(), path, text);
    }
    for command in ["check", "build"] {
        let output = support::leverage(&[command, "--root", dir.path().to_str().expect("UTF-8")]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        let err = support::stderr(&output);
        for expected in [
            "static/tags/x:1:1: error: static/tags/x cannot be copied: leverage writes pages below `/tags/x/`",
            "static/archive:1:1: error: static/archive cannot be copied: leverage writes pages below `/archive/`",
            "static/index.html/notes.txt:1:1: error: static/index.html/notes.txt cannot be copied: leverage writes the file `index.html` where this needs a folder",
        ] {
            assert!(err.contains(expected), "{command}: {expected}\n{err}");
        }
        assert!(!err.contains("static/data/records.json:1:1: error"), "{err}");
        assert!(!err.contains(".building"), "no staging path: {err}");
    }
    assert_eq!(read(dir.path(), "public/index.html"), previous, "a failed build leaves the output alone");
    assert!(!dir.path().join("public/archive").is_file());
}

#[test]
fn an_alias_on_a_page_s_url_is_an_error_at_the_alias() {
    let record = "+++\naliases = [\"/archive/\"]\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let output = build(dir.path());
    assert!(!output.status.success());
    let err = support::stderr(&output);
    assert!(
        err.contains("content/records/2026-03-01.md:2:12: error: two pages on one URL: `/archive/` is also the URL of a page leverage generates; expected another alias"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists(), "a failed build writes nothing");
}

#[test]
fn themes_have_zola_s_date_truncate_and_striptags_filters() {
    // The content is the paragraph (the heading is the page's title, shown by the theme): three
    // words once the tags are gone.
    let page = "{{ page.title|truncate(length=12, leeway=0) }}|{{ \"2026-02-28\"|date(\"%B %-d, %Y\") }}|\
                {{ page.content|striptags|wordcount }} word{{ 3|pluralize }}\n";
    let dir = site(&[
        ("content/about.md", "# About this little site\n\nOne *two* <b>three</b>.\n"),
        ("templates/page.html", page),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(read(dir.path(), "public/about/index.html"), "About...|February 28, 2026|3 words\n");

    write(dir.path(), "templates/page.html", "line one\n{{ \"2026-02-28\"|date(\"%H:%M\") }}\n");
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert!(err.contains("templates/page.html:2"), "{err}");
    assert!(err.contains("asks for a part that \"2026-02-28\" does not have"), "{err}");

    // The same mistake on every page, with each page's own value in it, is one error.
    for day in ["2026-03-01", "2026-03-02", "2026-03-03"] {
        write(dir.path(), &format!("content/{day}.md"), format!("+++\ndate = {day}\n+++\n# Day\n"));
    }
    write(dir.path(), "templates/page.html", "line one\n{{ page.date|date(\"%H:%M\") }}\n");
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    assert!(err.contains(", and 2 other pages)"), "{err}");
    // So is one whose values are in backquotes (`found number `3``), or hold a quote.
    write(dir.path(), "content/2026-03-03.md", "+++\ndate = 2026-03-03\ntitle = 'Say \"hi\"'\n+++\n");
    for template in ["{{ page.reading_time|date }}", "{{ page.title|date(\"%Y\") }}"] {
        write(dir.path(), "templates/page.html", format!("line one\n{template}\n"));
        write(
            dir.path(),
            "content/2026-03-02.md",
            format!("+++\ndate = 2026-03-02\n+++\n# Day\n\n{}\n", "word ".repeat(900)),
        );
        let output = build(dir.path());
        assert_eq!(output.status.code(), Some(1));
        let err = support::stderr(&output);
        assert_eq!(err.matches(": error: ").count(), 1, "{template}: {err}");
        assert!(err.contains(" other pages)"), "{err}");
    }
}

#[test]
fn tags_that_share_a_page_under_two_spellings_are_warned_about() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", &format!("+++\ntags = [\"C++\", \"Rust\"]\n+++\n{table}")),
        ("content/records/2026-03-02.md", &format!("+++\ntags = [\"rust\", \"c\"]\n+++\n{table}")),
        ("content/records/2026-03-03.md", &format!("+++\ntags = [\"Rust\"]\n+++\n{table}")),
        ("content/records/2026-03-04.md", &format!("+++\ntags = [\"rust\"]\n+++\n{table}")),
        // The same word, its accent typed as one letter and then as `e` and a combining mark (as
        // macOS names files): a reader cannot tell them apart, so nothing is said.
        ("content/records/2026-03-05.md", &format!("+++\ntags = [\"Caf\u{e9}\"]\n+++\n{table}")),
        ("content/records/2026-03-06.md", &format!("+++\ntags = [\"Cafe\\u0301\"]\n+++\n{table}")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(!err.contains("Caf"), "NFC and NFD spellings are one spelling: {err}");
    assert!(
        read(dir.path(), "public/records/2026-03-06/index.html").contains("Caf\u{e9}</a>"),
        "named as first written"
    );
    assert!(
        err.contains("content/records/2026-03-02.md:2:9: warning: tag `rust` is the tag `Rust` (first written in content/records/2026-03-01.md)"),
        "{err}"
    );
    assert!(err.contains("content/records/2026-03-02.md:2:17: warning: tag `c` is the tag `C++`"), "{err}");
    assert!(err.contains("(2 records write it so)"), "{err}");
    assert!(
        !err.contains("2026-03-03.md") && !err.contains("2026-03-04.md"),
        "one warning a spelling: {err}"
    );
    // Every page names a tag as the site does, whatever a record wrote: the record's chips, the
    // home page's cards and the exports agree with the tag's page.
    let chips = |html: &str| -> Vec<String> {
        html.split("rel=\"tag\">")
            .skip(1)
            .map(|s| s.split('<').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(chips(&read(dir.path(), "public/records/2026-03-02/index.html")), ["Rust", "C++"]);
    let home = read(dir.path(), "public/index.html");
    assert_eq!(
        chips(&home).iter().filter(|c| c.eq_ignore_ascii_case("rust")).collect::<Vec<_>>(),
        ["Rust"; 4]
    );
    assert!(read(dir.path(), "public/tags/rust/index.html").contains("<h1>Rust"));
    let data = support::records_json(dir.path());
    let second = data["records"].as_array().and_then(|r| r.iter().find(|r| r["date"] == "2026-03-02"));
    assert_eq!(second.map(|r| &r["tags"]), Some(&serde_json::json!(["Rust", "C++"])));
}

/// Words of other scripts keep their letters in their slugs: written in ASCII, 时间 (time), 实践
/// (practice) and 事件 (event) were all `shi-jian`, one page named 时间 holding the three, and
/// the exports named each record's tags and tasks' streams so. A name with an invisible character
/// is the name it looks like, and the warning says what cannot be seen.
#[test]
fn words_of_other_scripts_keep_pages_of_their_own() {
    let table = |stream: &str| {
        format!(
            "| Task | Human Est. | Claude Time | Workstream |\n|---|---|---|---|\n| A | 1h | 5min | {stream} |\n"
        )
    };
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            &format!("+++\ntags = [\"时间\", \"x y\"]\n+++\n{}", table("时间")),
        ),
        (
            "content/records/2026-03-02.md",
            &format!("+++\ntags = [\"实践\", \"x\\u00a0y\"]\n+++\n{}", table("事件")),
        ),
        (
            "content/records/2026-03-03.md",
            &format!("+++\ntags = [\"Daten\\u200bbank\"]\n+++\n{}", table("-")),
        ),
        ("content/records/2026-03-04.md", &format!("+++\ntags = [\"Datenbank\"]\n+++\n{}", table("-"))),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    for (path, name) in [
        ("tags/时间", "时间"),
        ("tags/实践", "实践"),
        ("workstreams/时间", "时间"),
        ("workstreams/事件", "事件"),
    ] {
        assert!(
            read(dir.path(), &format!("public/{path}/index.html")).contains(&format!("<h1>{name}")),
            "{path}"
        );
    }
    assert!(
        !err.contains("warning: tag `实践`") && !err.contains("warning: workstream `"),
        "three words: {err}"
    );
    let record = read(dir.path(), "public/records/2026-03-02/index.html");
    assert!(record.contains("href=\"https://example.org/tags/%E5%AE%9E%E8%B7%B5/\""), "{record}");
    let data = support::records_json(dir.path());
    let second = data["records"].as_array().and_then(|r| r.iter().find(|r| r["date"] == "2026-03-02"));
    assert_eq!(second.map(|r| &r["tags"][0]), Some(&serde_json::json!("实践")));
    assert_eq!(second.map(|r| &r["tasks"][0]["workstream"]), Some(&serde_json::json!("事件")));
    assert!(
        read(dir.path(), "public/sitemap.xml")
            .contains("<loc>https://example.org/tags/%E5%AE%9E%E8%B7%B5/</loc>")
    );
    // What cannot be seen is said.
    assert!(
        err.contains(
            "content/records/2026-03-02.md:2:15: warning: tag `x\u{a0}y` (written with U+00A0, a no-break space) is \
             the tag `x y` (first written in content/records/2026-03-01.md)"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "content/records/2026-03-04.md:2:9: warning: tag `Datenbank` is the tag `Daten\u{200b}bank` (written \
             with U+200B, a zero-width space) (first written in content/records/2026-03-03.md)"
        ),
        "{err}"
    );
    assert!(read(dir.path(), "public/tags/datenbank/index.html").contains("<h1>Daten\u{200b}bank"));
}

/// A tag written with spaces around it is named without them on its page, in chips and in the
/// exports alike.
#[test]
fn a_tag_is_named_without_its_surrounding_spaces_everywhere() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir =
        site(&[("content/records/2026-03-01.md", &format!("+++\ntags = [\" Spaced \"]\n+++\n{table}"))]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(read(dir.path(), "public/tags/spaced/index.html").contains("<h1>Spaced</h1>"));
    assert!(read(dir.path(), "public/records/2026-03-01/index.html").contains("rel=\"tag\">Spaced</a>"));
    assert!(read(dir.path(), "public/data/records.json").contains("[\"Spaced\"]"));
}

/// A record or a page written as `index.md` in a folder of its own (a bundle, as in Zola and
/// Hugo): its slug and date come from the folder, and the files beside it (at any depth, but
/// not those of a bundle inside it) are copied into its page's folder, so relative links work.
#[test]
fn bundles_take_their_folder_s_name_and_bring_their_files() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        (
            "content/records/2026-03-01/index.md",
            &format!("![Chart](chart.svg) and [data](data/raw.csv)\n\n{table}"),
        ),
        ("content/records/2026-03-01/chart.svg", "<svg/>"),
        ("content/records/2026-03-01/data/raw.csv", "a,b\n"),
        ("content/records/2026-03-01/.notes.txt", "hidden"),
        ("content/records/2026-03-02/index.md", table),
        ("content/notes/setup/index.md", "# Setup\n\n![](shot.png)\n"),
        ("content/notes/setup/shot.png", "png"),
        ("content/notes/setup/more/index.md", "# More\n"),
        ("content/notes/setup/more/inner.png", "inner"),
        ("content/images/loose.png", "not in a bundle"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(!err.contains("warning"), "relative links to a bundle's files resolve: {err}");
    for (path, text) in [
        ("public/records/2026-03-01/chart.svg", "<svg/>"),
        ("public/records/2026-03-01/data/raw.csv", "a,b\n"),
        ("public/notes/setup/shot.png", "png"),
        ("public/notes/setup/more/inner.png", "inner"),
    ] {
        assert_eq!(read(dir.path(), path), text, "{path}");
    }
    assert!(read(dir.path(), "public/records/2026-03-02/index.html").contains("March 2, 2026"));
    assert!(!dir.path().join("public/records/index").exists(), "no record is named `index`");
    assert!(!dir.path().join("public/records/2026-03-01/.notes.txt").exists());
    assert!(!dir.path().join("public/notes/setup/more/shot.png").exists());
    assert!(!dir.path().join("public/images/loose.png").exists(), "only a bundle's files are copied");
}

/// Files kept among the notes that are neither markdown nor a bundle's (Obsidian saves a pasted
/// picture in the vault and embeds it by its name; GitHub reads `img/chart.svg` from the note's
/// folder): each one a published page links is published at its path below content/, and the
/// link written as its URL; no other is (a `TODO`, a draft's picture).
#[test]
fn attachments_a_page_links_are_published_where_its_links_find_them() {
    let table =
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Shot ![[Pasted image 1.png]] | 1h | 5min |\n";
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n"),
        (
            "content/records/2026-03-01.md",
            &format!(
                "![[Pasted image 1.png]] ![[pasted IMAGE 1.png|300]] ![[Gr\u{f6}\u{df}e.png|100]]\n\n![Chart](img/chart.svg \"C\") and \
                 [the report](../report.pdf#page=2), [[report.pdf|the same]], [by name](report.pdf), [[a?b 50%.pdf#page=3|odd]]\n\n{table}"
            ),
        ),
        ("content/attachments/Pasted image 1.png", "png"),
        ("content/records/img/chart.svg", "<svg/>"),
        ("content/attachments/Gro\u{308}\u{df}e.png", "decomposed"),
        ("content/attachments/a?b 50%.pdf", "escaped"),
        ("content/report.pdf", "pdf"),
        ("content/TODO", "private"),
        ("content/draft.md", "+++\ndraft = true\n+++\n![[secret.png]]\n"),
        ("content/secret.png", "draft's"),
        ("content/about.md", "{{ figure(src=\"https://example.org/a.png\") }}\n"),
    ]);
    let output = build(dir.path());
    let err = support::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(!err.contains("warning"), "each link finds its file: {err}");
    for (path, text) in [
        ("public/attachments/Pasted image 1.png", "png"),
        ("public/records/img/chart.svg", "<svg/>"),
        ("public/report.pdf", "pdf"),
        ("public/attachments/Gr\u{f6}\u{df}e.png", "decomposed"),
        ("public/attachments/a?b 50%.pdf", "escaped"),
    ] {
        assert_eq!(read(dir.path(), path), text, "{path}");
    }
    for private in ["public/TODO", "public/secret.png", "public/draft/index.html"] {
        assert!(!dir.path().join(private).exists(), "{private} is published");
    }
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    let picture = "https://example.org/blog/attachments/Pasted%20image%201.png";
    for written in [
        format!("<img src=\"{picture}\" alt=\"Pasted image 1.png\""),
        format!("<img src=\"{picture}\" alt=\"Pasted image 1.png\" width=\"300\""),
        "<img src=\"https://example.org/blog/records/img/chart.svg\" alt=\"Chart\" title=\"C\"".to_string(),
        "<img src=\"https://example.org/blog/attachments/Gr%C3%B6%C3%9Fe.png\" alt=\"Gr\u{f6}\u{df}e.png\" width=\"100\"".to_string(),
        "<a href=\"https://example.org/blog/report.pdf#page=2\">the report</a>".to_string(),
        "<a href=\"https://example.org/blog/report.pdf\">the same</a>".to_string(),
        "<a href=\"https://example.org/blog/report.pdf\">by name</a>".to_string(),
        "<a href=\"https://example.org/blog/attachments/a%3Fb%2050%25.pdf#page=3\">odd</a>".to_string(),
    ] {
        assert!(page.contains(&written), "{written} in {page}");
    }
    // In the task's cell too, rendered with the page.
    assert!(page.matches(picture).count() >= 3, "{page}");
}

/// A link to a file of content/ that is not there is told, as a link to a missing page is; one
/// that names a file beside the note as a browser reads it (from the page's folder) is left as
/// written.
#[test]
fn a_link_to_an_attachment_that_is_not_there_is_warned_of() {
    // A shortcode's argument and the front matter's `image` are written by templates, as
    // written: read from the page's folder, where nothing is.
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "+++\nimage = \"img/here.png\"\n+++\n![[Pasted image 2.png]] ![x](img/gone.png)\n\n\
             {{ figure(src=\"img/here.png\") }}\n",
        ),
        ("content/records/img/here.png", "png"),
    ]);
    let output = build(dir.path());
    let err = support::stderr(&output);
    assert!(output.status.success(), "{err}");
    for missing in ["`Pasted image 2.png`", "`img/gone.png`", "2026-03-01.md:2:", "2026-03-01.md:6:"] {
        assert!(err.contains(missing), "{missing}: {err}");
    }
    assert_eq!(err.matches("points at no file").count(), 4, "{err}");
    assert!(
        !dir.path().join("public/records/img/here.png").exists(),
        "a file no page links is not published"
    );
}

/// An attachment on a page's path replaces the page, as a static file does, and is named
/// where it is.
#[test]
fn an_attachment_on_a_page_s_path_is_named_where_it_is() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n",
        ),
        ("content/about.md", "# About\n\n[the day](records/2026-03-01/index.html)\n"),
        ("content/records/2026-03-01/index.html", "<p>by hand</p>"),
    ]);
    let output = build(dir.path());
    let err = support::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("content/records/2026-03-01/index.html replaces the page leverage generates at `/records/2026-03-01/`"),
        "{err}"
    );
    assert_eq!(read(dir.path(), "public/records/2026-03-01/index.html"), "<p>by hand</p>");
}

/// Under a base_url that is a path, a sized picture's text is still its file's name, not the
/// escapes of its URL.
#[test]
fn a_sized_attachment_is_named_by_its_file_under_a_base_path() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"/\"\n"),
        ("content/about.md", "# About\n\n![[Gr\u{f6}\u{df}e 1.png|100]]\n"),
        ("content/attachments/Gro\u{308}\u{df}e 1.png", "png"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/about/index.html");
    let picture =
        "<img src=\"/attachments/Gr%C3%B6%C3%9Fe%201.png\" alt=\"Gr\u{f6}\u{df}e 1.png\" width=\"100\"";
    assert!(page.contains(picture), "{page}");
}

/// A bundle's page finds its own file before a loose one of a shorter path (as it did before
/// attachments), and links it from its folder.
#[test]
fn a_bundle_s_own_file_comes_before_an_attachment_of_the_same_name() {
    let dir = site(&[
        (
            "content/records/2026-03-01/index.md",
            "![[img/chart.png]] ![c](img/chart.png)\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n",
        ),
        ("content/records/2026-03-01/img/chart.png", "own"),
        ("content/img/chart.png", "loose"),
    ]);
    let output = build(dir.path());
    let err = support::stderr(&output);
    assert!(output.status.success() && !err.contains("warning"), "{err}");
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert_eq!(page.matches("<img src=\"img/chart.png\"").count(), 2, "{page}");
    assert_eq!(read(dir.path(), "public/records/2026-03-01/img/chart.png"), "own");
    assert!(!dir.path().join("public/img/chart.png").exists(), "the loose one is linked by no page");
}

/// A file named on macOS, its `Ö` an `O` and a combining mark (NFD), is published under the
/// composed name (NFC) that a page's link, typed as `Ö`, asks a host for: it was published as
/// named, its image missing on a Linux host, and the link warned of though the file was there.
#[test]
fn files_named_in_decomposed_form_are_published_under_the_composed_name() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026-03-01/index.md", &format!("![Größe](Gr\u{f6}\u{df}e.png)\n\n{table}")),
        ("content/records/2026-03-01/Gro\u{308}\u{df}e.png", "png"),
        ("content/about.md", "![Übersicht](/\u{dc}bersicht.png)\n"),
        ("static/U\u{308}bersicht.png", "static"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(!support::stderr(&output).contains("warning"), "{}", support::stderr(&output));
    assert_eq!(read(dir.path(), "public/records/2026-03-01/Gr\u{f6}\u{df}e.png"), "png");
    assert_eq!(read(dir.path(), "public/\u{dc}bersicht.png"), "static");
}

#[test]
fn a_day_of_two_agents_labels_its_time_for_neither() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 2h | 10min |\n\n\
                  | Task | Human Est. | Codex |\n|---|---|---|\n| b | 1h | 20min |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<dt>AI</dt><dd>30min</dd>"), "{page}");
    assert!(!page.contains("<dt>Claude</dt>"), "Claude's label is not put on Codex's minutes");
    // Each table keeps its own header.
    assert!(page.contains("Claude Time</th>") && page.contains("Codex</th>"));
}

/// One agent written in two cases (`Cursor Time`, `cursor time`) is one agent: the site's figures
/// are labelled for it, where they said "AI" as for two, and the second spelling is warned of at
/// its header. A note in brackets before `Time` is no part of the name (it was cut to `Claude (Opus`).
#[test]
fn an_agent_written_in_two_cases_is_one_and_a_note_is_no_part_of_its_name() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human Est. | Cursor Time |\n|---|---|---|\n| a | 2h | 10min |\n",
        ),
        (
            "content/records/2026-03-02.md",
            "| Task | Human Est. | cursor time |\n|---|---|---|\n| b | 1h | 20min |\n",
        ),
        (
            "content/records/2026-03-03.md",
            "| Task | Human Est. | CURSOR TIME |\n|---|---|---|\n| c | 1h | 20min |\n",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let said = support::stderr(&output);
    assert!(
        said.contains(
            "content/records/2026-03-02.md:1:23: warning: the agent `cursor` is the agent `Cursor` (first written in \
             content/records/2026-03-01.md)"
        ) && said.contains("2026-03-03.md:1:23: warning: the agent `CURSOR` is the agent `Cursor`"),
        "{said}"
    );
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("<dt>Cursor time</dt>") && !home.contains("<dt>AI time</dt>"), "{home}");

    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude (Opus) Time |\n|---|---|---|\n| a | 2h | 10min |\n",
    )]);
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<dt>Claude</dt><dd>10min</dd>") && !page.contains("Claude (Opus<"), "{page}");
    assert_eq!(support::records_json(dir.path())["records"][0]["tasks"][0]["agent"], "Claude");
}

#[test]
fn a_stated_time_that_names_one_of_a_day_s_agents_is_that_agent_s() {
    let record = |claude: &str| {
        format!(
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 2h | 10min |\n\n\
             | Task | Human Est. | Codex |\n|---|---|---|\n| b | 1h | 20min |\n\n\
             ## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total Claude minutes | {claude} |\n\
             | Total AI minutes | 30min |\n"
        )
    };
    let dir = site(&[("content/records/2026-03-01.md", &record("10min"))]);
    let output = leverage(&["check", "--strict", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    let stats = page.split("class=\"aggregates\"").nth(1).expect("the aggregate stats block");
    let (ai, claude) =
        (stats.find("Total AI minutes").expect("the day's"), stats.find("Total Claude minutes"));
    assert!(claude.is_some_and(|c| c > ai), "Claude's own line, below the day's: {stats}");
    assert!(!stats.contains("stated"), "{stats}");
    // A wrong one is answered with Claude's minutes, not the day's.
    write(dir.path(), "content/records/2026-03-01.md", record("30min"));
    let output = leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    let err = stderr(&output);
    assert!(
        err.contains(
            "warning: stated 30min for `Total Claude minutes`, computed 10min from the Claude tables"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
}

/// The tags and workstreams indexes list `sprint-2` before `sprint-10`.
#[test]
fn indexes_put_numbered_names_in_their_number_s_order() {
    let record = |date: &str, tag: &str| {
        format!(
            "+++\ndate = {date}\ntags = [\"{tag}\"]\n+++\n| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| A | {tag} | 2h | 10min |\n"
        )
    };
    let (a, b, c) = (
        record("2026-03-01", "Sprint 10"),
        record("2026-03-02", "Sprint 2"),
        record("2026-03-03", "Sprint 1"),
    );
    let dir = site(&[
        ("content/records/2026-03-01.md", &a),
        ("content/records/2026-03-02.md", &b),
        ("content/records/2026-03-03.md", &c),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    for page in ["public/tags/index.html", "public/workstreams/index.html"] {
        let html = read(dir.path(), page);
        let at = |name: &str| html.find(&format!(">{name}<")).unwrap_or_else(|| panic!("{name} in {page}"));
        assert!(at("Sprint 1") < at("Sprint 2") && at("Sprint 2") < at("Sprint 10"), "{page}");
    }
}

/// A tag's records are paged, `paginate_tags_by` a page, as Hugo pages a term's: a tag of two
/// years' daily records was one page of hundreds of rows. The totals, chart and cards are on
/// the first page; every page has its rows and the links between pages; the sitemap lists them.
/// A theme's `tag.html` that does not read `paginator` keeps one page of every record.
#[test]
fn a_tag_s_records_are_paged() {
    let record = |day: u32| {
        (
            format!("content/records/2026-03-0{day}.md"),
            format!(
                "+++\ntags = [\"a\"]\n+++\n\nDay {day}.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| t{day} | 1h | 5min |\n"
            ),
        )
    };
    let mut files: Vec<(String, String)> = (1..=5).map(record).collect();
    files.push((
        "site.toml".into(),
        "title = \"Log\"\nbase_url = \"https://example.org/\"\npaginate_tags_by = 2\n".into(),
    ));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = support::site(&files);
    let output = support::build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let first = read(dir.path(), "public/tags/a/index.html");
    assert!(
        first.contains("<title>Tag: a · Log</title>") && first.contains("id=\"totals-heading\""),
        "{first}"
    );
    assert!(first.contains("(page 1 of 3)") && first.contains("Page 1 of 3"), "{first}");
    assert!(first.contains("href=\"https://example.org/tags/a/page/2/\" rel=\"next\""), "{first}");
    assert!(
        first.contains(">2026-03-05<") && first.contains(">2026-03-04<") && !first.contains(">2026-03-03<")
    );
    let second = read(dir.path(), "public/tags/a/page/2/index.html");
    assert!(second.contains("<title>Tag: a · page 2 of 3 · Log</title>"), "{second}");
    assert!(!second.contains("id=\"totals-heading\"") && !second.contains("records-heading"), "{second}");
    assert!(
        second.contains(">2026-03-03<")
            && second.contains(">2026-03-02<")
            && !second.contains(">2026-03-04<")
    );
    assert!(second.contains("href=\"https://example.org/tags/a/\" rel=\"prev\""), "{second}");
    let third = read(dir.path(), "public/tags/a/page/3/index.html");
    assert!(third.contains(">2026-03-01<") && third.contains("Page 3 of 3"), "{third}");
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(sitemap.contains("tags/a/page/2/</loc>\n    <lastmod>2026-03-05</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("tags/a/page/3/</loc>"), "{sitemap}");
    assert!(!dir.path().join("public/tags/a/page/4").exists());

    // A theme's tag page from before pagination lists every record on its one page.
    support::write(
        dir.path(),
        "templates/tag.html",
        "{% for record in records %}<p>{{ record.date }}</p>{% endfor %}\n",
    );
    let output = support::build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(read(dir.path(), "public/tags/a/index.html").matches("<p>").count(), 5);
    assert!(!dir.path().join("public/tags/a/page").exists());
    assert!(!read(dir.path(), "public/sitemap.xml").contains("tags/a/page/"));
}

/// A workstream's tasks are paged, `paginate_workstreams_by` a page: a stream of two years'
/// work was one page of thousands of rows. The totals and the curve are on the first page; each
/// task keeps its number (the curve's), newest first across the pages; the sitemap lists them.
/// A theme's `workstream.html` that does not read `paginator` keeps one page of every task.
#[test]
fn a_workstream_s_tasks_are_paged() {
    let record = |day: u32| {
        (
            format!("content/records/2026-03-0{day}.md"),
            format!(
                "+++\n+++\n\nDay {day}.\n\n| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n\
                 | t{day}a | Core | 1h | 5min |\n| t{day}b | Core | 2h | 5min |\n"
            ),
        )
    };
    let mut files: Vec<(String, String)> = (1..=3).map(record).collect();
    files.push((
        "site.toml".into(),
        "title = \"Log\"\nbase_url = \"https://example.org/\"\npaginate_workstreams_by = 4\n".into(),
    ));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = support::site(&files);
    let output = support::build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let first = read(dir.path(), "public/workstreams/core/index.html");
    assert!(
        first.contains("<title>Workstream: Core · Log</title>") && first.contains("id=\"totals-heading\"")
    );
    assert!(first.contains("newest first (page 1 of 2)") && first.contains("Page 1 of 2"), "{first}");
    assert!(
        first.contains("href=\"https://example.org/workstreams/core/page/2/\" rel=\"next\">Older tasks"),
        "{first}"
    );
    assert!(first.contains("chart-leverage-curve") || first.contains("<svg"), "the curve on the first page");
    // Newest first, each record's tasks in table order, numbered oldest first (the curve's x).
    for (number, task) in [(5, "t3a"), (6, "t3b"), (3, "t2a"), (4, "t2b")] {
        assert!(first.contains(&format!("data-number=\"{number}\">{task}</th>")), "{task}: {first}");
    }
    assert!(!first.contains(">t1a<"), "{first}");
    let second = read(dir.path(), "public/workstreams/core/page/2/index.html");
    assert!(second.contains("<title>Workstream: Core · page 2 of 2 · Log</title>"), "{second}");
    assert!(!second.contains("id=\"totals-heading\"") && !second.contains("<svg"), "{second}");
    assert!(second.contains("data-number=\"1\">t1a</th>") && second.contains("data-number=\"2\">t1b</th>"));
    assert!(second.contains("href=\"https://example.org/workstreams/core/\" rel=\"prev\"><span aria-hidden=\"true\">←</span> Newer tasks"), "{second}");
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(
        sitemap.contains("workstreams/core/page/2/</loc>\n    <lastmod>2026-03-03</lastmod>"),
        "{sitemap}"
    );
    assert!(!dir.path().join("public/workstreams/core/page/3").exists());

    // A theme's workstream page from before pagination lists every task on its one page.
    support::write(
        dir.path(),
        "templates/workstream.html",
        "{% for item in tasks %}<p>{{ item.number }}</p>{% endfor %}\n",
    );
    let output = support::build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(read(dir.path(), "public/workstreams/core/index.html").matches("<p>").count(), 6);
    assert!(!dir.path().join("public/workstreams/core/page").exists());
    assert!(!read(dir.path(), "public/sitemap.xml").contains("workstreams/core/page/"));
}

#[test]
fn each_tag_has_a_feed_of_its_own_records() {
    let record = |tags: &str| {
        format!(
            "+++\ntags = [{tags}]\n+++\n\nA day.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n"
        )
    };
    let site = |feed: Option<&str>| {
        let mut files = vec![
            (
                "site.toml",
                "title = \"Log\"\nbase_url = \"https://example.org/\"\nfeed_limit = 1\n".to_string(),
            ),
            ("content/records/2026-03-01.md", record("\"R&D <x>\", \"b\"")),
            ("content/records/2026-03-02.md", record("\"R&D <x>\"")),
            ("content/records/2026-03-03.md", record("\"b\"")),
        ];
        if let Some(feed) = feed {
            files.push(("templates/atom.xml", feed.to_string()));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let dir = support::site(&files);
        let output = support::build(dir.path());
        assert!(output.status.success(), "{}", support::stderr(&output));
        dir
    };
    let dir = site(None);
    let read = |p: &str| std::fs::read_to_string(dir.path().join("public").join(p)).expect(p);
    let feed = read("tags/r-d-x/atom.xml");
    // The newest of the tag's records (feed_limit 1), not the site's newest.
    assert!(feed.contains("https://example.org/records/2026-03-02/"), "{feed}");
    assert!(!feed.contains("/records/2026-03-03/") && !feed.contains("/records/2026-03-01/"), "{feed}");
    assert!(feed.contains("<title>Tag: R&amp;D &lt;x&gt; · Log</title>"), "{feed}");
    assert!(feed.contains("href=\"https://example.org/tags/r-d-x/atom.xml\""), "{feed}");
    assert!(feed.contains("<id>https://example.org/tags/r-d-x/</id>"), "{feed}");
    assert!(feed.contains("<name>Log</name>"), "the author is the site's: {feed}");
    // The site's feed is as before.
    let site_feed = read("atom.xml");
    assert!(site_feed.contains("<title>Log</title>") && site_feed.contains("/records/2026-03-03/"));
    assert!(site_feed.contains("href=\"https://example.org/atom.xml\""), "{site_feed}");
    let page = read("tags/r-d-x/index.html");
    assert!(page.contains("href=\"https://example.org/tags/r-d-x/atom.xml\""), "the tag page links its feed");

    // A theme's atom.xml from before tag feeds reads only `site`: it would write each tag's feed
    // as the site's (its self link, its id), so it writes none, and tag pages link none.
    let old_feed = "<feed><title>{{ site.title }}</title><link rel=\"self\" href=\"{{ site.feed_url }}\"/>\
                    <id>{{ site.home_url }}</id>{% for r in records %}<entry>{{ r.url }}</entry>{% endfor %}</feed>\n";
    let dir = site(Some(old_feed));
    let public = dir.path().join("public");
    assert!(public.join("atom.xml").is_file() && !public.join("tags/r-d-x/atom.xml").exists());
    let page = std::fs::read_to_string(public.join("tags/r-d-x/index.html")).expect("a tag page");
    assert!(page.contains("https://example.org/atom.xml") && !page.contains("tags/r-d-x/atom.xml"), "{page}");

    // `feed.tag` is none in the site's feed, as docs/themes.md says, not undefined: a theme may
    // test it with `is not none` (an undefined value's `.name` is an error).
    let tagged = "<feed><title>{{ feed.title }}</title>{% if feed.tag is not none %}<tag>{{ feed.tag.name }}</tag>\
                  {% endif %}{% for r in records %}<entry>{{ r.url }}</entry>{% endfor %}</feed>\n";
    let dir = site(Some(tagged));
    let public = dir.path().join("public");
    let site_feed = std::fs::read_to_string(public.join("atom.xml")).expect("the site's feed");
    assert!(!site_feed.contains("<tag>"), "{site_feed}");
    let tag_feed = std::fs::read_to_string(public.join("tags/r-d-x/atom.xml")).expect("a tag's feed");
    assert!(tag_feed.contains("<tag>R&amp;D &lt;x&gt;</tag>"), "{tag_feed}");
}

#[test]
fn a_language_written_right_to_left_lays_out_every_page_so() {
    let record = "+++\ntitle = \"יום עבודה\"\ntags = [\"a\"]\naliases = [\"/old/\"]\n+++\n\nשלום.\n\n\
                  | Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n";
    for (language, html) in [("he", "<html lang=\"he\" dir=\"rtl\">"), ("de", "<html lang=\"de\">")] {
        let toml =
            format!("title = \"Log\"\nbase_url = \"https://example.org/\"\nlanguage = \"{language}\"\n");
        let dir = support::site(&[("site.toml", toml.as_str()), ("content/records/2026-03-01.md", record)]);
        let output = support::build(dir.path());
        assert!(output.status.success(), "{}", support::stderr(&output));
        let public = dir.path().join("public");
        let pages: Vec<_> = walkdir::WalkDir::new(&public)
            .into_iter()
            .map(|e| e.expect("an entry").into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
        assert!(pages.len() >= 6, "{pages:?}");
        for page in pages {
            let text = std::fs::read_to_string(&page).expect("a page");
            assert!(
                text.to_ascii_lowercase().contains(&html.to_ascii_lowercase()),
                "{}: {text}",
                page.display()
            );
        }
    }
}

/// Shortcodes: the default theme's and a site's own, called from a record and a page, with
/// arguments, a body, `nth` and `page_url`; written as text where asked; each mistake named at
/// the call's line and column, the build failing and the previous output left as it was.
#[test]
fn shortcodes_call_the_theme_s_and_the_site_s_templates() {
    let record = "+++\ntags = [\"a\"]\n+++\n\nIntro {{ hello(who=\"<Ada>\") }} and {{ hello(who=\"Bo\") }}.\n\n\
                  | Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n\
                  {{ figure(src=\"week.png\", alt=\"Hours\", caption=\"The *week*\", width=640) }}\n\
                  {% details(summary=\"Logs\") %}\nOne **bold** line.\n\n- a list\n{% end %}\n\n\
                  Shown: {{/* figure(src=\"x\") */}} and `{{ figure() }}`.\n";
    let files = [
        ("site.toml", "title = \"Log\"\nbase_url = \"https://example.org/\"\nfeed_full_content = true\n"),
        ("content/records/2026-03-01.md", record),
        (
            "content/video.md",
            "+++\ntitle = \"Video\"\n+++\n\n{{ youtube(id=\"dQw4w9WgXcQ\", title=\"A talk\") }}\n",
        ),
        ("templates/shortcodes/hello.html", "<b>{{ who }}</b>#{{ nth }}@{{ page_url }}\n"),
        // Not a shortcode any call reaches: shortcodes are `.html` templates.
        ("templates/shortcodes/note.htm", "<aside>{{ body }}</aside>\n"),
    ];
    let dir = site(&files);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    let url = "https://example.org/records/2026-03-01/";
    for expected in [
        format!("<p>Intro <b>&lt;Ada&gt;</b>#1@{url} and <b>Bo</b>#2@{url}.</p>"),
        "<figure class=\"figure\"><img src=\"week.png\" alt=\"Hours\" width=\"640\" loading=\"lazy\"><figcaption>The <em>week</em></figcaption></figure>\n<details class=\"details\">\n<summary>Logs</summary>\n<p>One <strong>bold</strong> line.</p>\n<ul>\n<li>a list</li>\n</ul>\n".to_string(),
        "<p>Shown: {{ figure(src=&quot;x&quot;) }} and <code>{{ figure() }}</code>.</p>".to_string(),
        // The task table is still computed.
        "data-label=\"Leverage\">12x</td>".to_string(),
    ] {
        assert!(page.contains(&expected), "{expected}\nin\n{page}");
    }
    assert!(!page.contains("<span x") && !page.contains("<!--x"), "no mask is left");
    // The feed's whole entry has them too.
    assert!(read(dir.path(), "public/atom.xml").contains("&lt;figcaption&gt;The &lt;em&gt;week"));
    let video = read(dir.path(), "public/video/index.html");
    assert!(
        video.contains("<div class=\"embed-video\"><iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"A talk\""),
        "{video}"
    );
    // A site's own template of the theme's name is the one called.
    write(dir.path(), "templates/shortcodes/figure.html", "<img src=\"{{ src }}\" class=\"mine\">");
    assert!(build(dir.path()).status.success());
    assert!(
        read(dir.path(), "public/records/2026-03-01/index.html")
            .contains("<img src=\"week.png\" class=\"mine\">\n<details")
    );

    // Each mistake, at its call, with the previous output left as it was.
    let before = read(dir.path(), "public/records/2026-03-01/index.html");
    let line = "Intro {{ hello(who=\"<Ada>\") }} and {{ hello(who=\"Bo\") }}.";
    for (call, said) in [
        (
            "{{ nope(a=1) }}",
            "5:7: error: no shortcode `nope`: expected a template `templates/shortcodes/nope.html` (the site's and its theme's shortcodes: `details`, `figure`, `hello`, `youtube`)",
        ),
        ("{{ figur(src=\"a.png\") }}", "5:7: error: no shortcode `figur`; did you mean `figure`?"),
        (
            "{{ note() }}",
            "5:7: error: no shortcode `note`: templates/shortcodes/note.htm is there, but a shortcode is a `.html` template; expected it renamed templates/shortcodes/note.html",
        ),
        (
            "{{ hello(who=\"a\" x=1) }}",
            "5:24: error: expected `,` or `)` after the argument `who` of the shortcode `hello`, found `x`",
        ),
        (
            "{{ hello(site=1) }}",
            "5:7: error: the shortcode `hello` is given `site`, a name its template gives it itself",
        ),
        ("{{ hello() }}", "5:7: error: the shortcode `hello` could not be rendered: undefined value"),
    ] {
        write(dir.path(), "content/records/2026-03-01.md", record.replace(line, &format!("Intro {call}.")));
        let output = build(dir.path());
        let err = stderr(&output);
        assert!(!output.status.success(), "{call}");
        assert!(err.contains(&format!("content/records/2026-03-01.md:{said}")), "{call}: {err}");
        assert_eq!(read(dir.path(), "public/records/2026-03-01/index.html"), before);
    }
    // A template's own error names the template's line too.
    let err = stderr(&build(dir.path()));
    assert!(err.contains("(at templates/shortcodes/hello.html:1)"), "{err}");
    // Every failing call of a page is said in one build, each at its own column.
    let calls = "Intro {{ nope(a=1) }} and {{ hello(site=1) }} then {{ hello() }}.";
    write(dir.path(), "content/records/2026-03-01.md", record.replace(line, calls));
    let err = stderr(&build(dir.path()));
    for said in [
        "5:7: error: no shortcode `nope`",
        "5:27: error: the shortcode `hello` is given `site`",
        "5:52: error: the shortcode `hello` could not be rendered",
    ] {
        assert!(err.contains(&format!("content/records/2026-03-01.md:{said}")), "{said}: {err}");
    }
}

/// What a writer puts around and inside a shortcode is said where it would be lost: a task table
/// in a body, a link in a body and a call's image to nowhere, a template no call can name; and a
/// first heading that holds a call is not cut as the page's title.
#[test]
fn what_shortcodes_would_hide_is_said() {
    let record = "+++\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n\
                  {% details(summary=\"More\") %}\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Hidden | 3h | 5min |\n\n\
                  [gone](/records/nope/)\n{% end %}\n";
    let dir = site(&[
        ("content/records/2026-03-01.md", record),
        (
            "content/about.md",
            "# About {{ figure(src=\"a.png\", alt=\"A\") }}\n\nText.\n\n{{/* figure() */}}\n",
        ),
        (
            "content/alone.md",
            "# {{ figure(src=\"https://example.com/w.png\", link=\"/nowhere/\") }}\n\nText.\n",
        ),
        ("templates/shortcodes/my-figure.html", "x"),
        // A heading underlined with `===` that holds a call on its second line.
        ("content/week.md", "Week\nx {{ figure(src=\"https://example.com/w.png\") }}\n===\n\nText.\n"),
    ]);
    let output = build(dir.path());
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    for said in [
        "content/records/2026-03-01.md:9:1: warning: a task table inside a shortcode's body is not read for figures",
        "content/records/2026-03-01.md:13:1: warning: link to `/records/nope/` points at no page of the site",
        // A call's `src` is checked as an image's address, and its `link` as a link's.
        "content/about.md:1:9: warning: image `a.png` points at no file of the site",
        "content/alone.md:1:3: warning: link to `/nowhere/` points at no page of the site",
        "templates/shortcodes/my-figure.html:1:1: warning: template `shortcodes/my-figure.html` is no shortcode a call can name: expected a name of letters, digits and `_` that begins with a letter or `_`, such as `shortcodes/my_figure.html`",
    ] {
        assert!(err.contains(said), "{said}\nin\n{err}");
    }
    // The hidden task is in no figure; the heading keeps its figure, and gives the title its text.
    assert_eq!(
        crate::support::records_json(dir.path())["records"][0]["tasks"].as_array().map(Vec::len),
        Some(1)
    );
    // A call written as text, alone on its line, is a paragraph; a heading that is a call alone
    // gives the page no title: the file's name is its title.
    assert!(read(dir.path(), "public/about/index.html").contains("<p>{{ figure() }}</p>"));
    assert!(read(dir.path(), "public/alone/index.html").contains("<title>alone · Test</title>"));
    let week = read(dir.path(), "public/week/index.html");
    assert!(week.contains("<img src=\"https://example.com/w.png\""), "{week}");
    let about = read(dir.path(), "public/about/index.html");
    assert!(about.contains("<title>About · Test</title>"), "{about}");
    assert!(
        about.contains(
            "About <figure class=\"figure\"><img src=\"a.png\" alt=\"A\" loading=\"lazy\"></figure></h1>"
        ),
        "{about}"
    );
}

/// A tag's page names the agent of its own records: on a site of two agents, where the site's
/// figures are `AI`'s, a tag whose records are all Claude's says Claude.
#[test]
fn a_tag_page_names_the_agent_of_its_records() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "+++\ntags = [\"web\"]\n+++\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 10min |\n",
        ),
        (
            "content/records/2026-03-02.md",
            "+++\ntags = [\"cli\", \"both\"]\n+++\n| Task | Human Est. | Codex |\n|---|---|---|\n| B | 1h | 30min |\n",
        ),
        (
            "content/records/2026-03-03.md",
            "+++\ntags = [\"both\", \"notes\"]\n+++\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| C | 2h | 20min |\n",
        ),
        // A day of prose alone names no agent, nor does a table left without rows.
        ("content/records/2026-03-04.md", "+++\ntags = [\"web\", \"notes\"]\n+++\nReading.\n"),
        (
            "content/records/2026-03-05.md",
            "+++\ntags = [\"web\"]\n+++\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| D | 1h | 5min |\n\n\
             | Task | Human Est. | Codex |\n|---|---|---|\n",
        ),
        // A year of Claude's records alone, on the archive.
        (
            "content/records/2025-12-30.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| E | 1h | 6min |\n",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = |path: &str| read(dir.path(), &format!("public/{path}index.html"));
    for (path, agent) in [
        ("", "AI"),
        ("tags/web/", "Claude"),
        ("tags/cli/", "Codex"),
        ("tags/both/", "AI"),
        ("tags/notes/", "Claude"),
    ] {
        let html = page(path);
        assert!(html.contains(&format!("<dt>{agent} time</dt>")), "{path}: {agent}\n{html}");
        assert!(html.contains(&format!("of {agent} time")), "{path}: the description\n{html}");
    }
    // A day of prose alone says it has no tasks, where zeros and a dash would read as figures,
    // and adds up nothing below.
    let prose = page("records/2026-03-04/");
    assert!(
        prose.contains("<p class=\"figures key-figures figures-none\">No tasks recorded.</p>"),
        "{prose}"
    );
    assert!(!prose.contains("aggregates-heading") && !prose.contains("<dt>Human</dt>"), "{prose}");
    assert!(page("").contains("<p class=\"figures figures-none\">No tasks recorded.</p>"));
    assert!(page("records/2026-03-03/").contains("aggregates-heading"));
    // The archive's year and month totals name their own records' agent.
    let archive = page("archive/");
    let totals = |id: &str| {
        let at =
            archive.find(&format!("<h2 id=\"{id}\">")).or_else(|| archive.find(&format!("<h3 id=\"{id}\">")));
        let rest = &archive[at.unwrap_or_else(|| panic!("{id}\n{archive}"))..];
        rest[..rest.find("</p>").expect("a totals line")].to_string()
    };
    for (id, agent) in
        [("year-2026", "AI"), ("month-2026-3", "AI"), ("year-2025", "Claude"), ("month-2025-12", "Claude")]
    {
        assert!(totals(id).contains(&format!(" {agent}</span>")), "{id}: {agent}\n{}", totals(id));
    }
}

/// A workstream names the agent of its own tasks' tables, not of their records: a day with a
/// Claude table and a Codex table gives each stream the label of the table it is in.
#[test]
fn a_workstream_page_names_the_agent_of_its_tasks() {
    let claude = "| Task | Human Est. | Claude Time | Workstream |\n|---|---|---|---|\n";
    let codex = "| Task | Human Est. | Codex | Workstream |\n|---|---|---|---|\n";
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            &format!("{claude}| A | 4h | 10min | Web |\n| B | 1h | 10min | Both |\n"),
        ),
        (
            "content/records/2026-03-02.md",
            &format!("{codex}| C | 1h | 30min | CLI |\n| D | 2h | 30min | Both |\n"),
        ),
        (
            "content/records/2026-03-03.md",
            &format!("{claude}| E | 2h | 20min | Docs |\n\n{codex}| F | 3h | 20min | API |\n"),
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = |path: &str| read(dir.path(), &format!("public/{path}index.html"));
    for (path, agent) in [
        ("workstreams/web/", "Claude"),
        ("workstreams/docs/", "Claude"),
        ("workstreams/cli/", "Codex"),
        ("workstreams/api/", "Codex"),
        ("workstreams/both/", "AI"),
    ] {
        let html = page(path);
        assert!(html.contains(&format!("<dt>{agent} time</dt>")), "{path}: {agent}\n{html}");
        assert!(html.contains(&format!("of {agent} time")), "{path}: the description\n{html}");
        assert!(html.contains(&format!("<td data-label=\"{agent}\">")), "{path}: the task rows\n{html}");
        // `stats --workstream` names the stream's agent as its page does.
        let stream = path.trim_start_matches("workstreams/").trim_end_matches('/');
        let root = dir.path().to_str().expect("UTF-8");
        let stats = support::leverage(&["stats", "--root", root, "--workstream", stream]);
        let printed = String::from_utf8_lossy(&stats.stdout);
        assert!(printed.contains(&format!("Total {agent} minutes")), "{stream}: {agent}\n{printed}");
    }
    // The index's column is the site's; each row's label on a phone is its stream's.
    let index = page("workstreams/");
    assert!(index.contains("<th scope=\"col\" class=\"num\">AI</th>"), "{index}");
    for agent in ["Claude", "Codex", "AI"] {
        assert!(index.contains(&format!("<td data-label=\"{agent}\">")), "{agent}\n{index}");
    }
}
