//! Building sites: what a good build writes, and that a failed build leaves the previous output.

use crate::golden::tree;
use crate::support::{self, build, read, records_json, site, write};

const RECORD: &str = "+++\ntitle = \"Day <one>\"\ndate = 2026-03-01\ntags = [\"Edge Cases\"]\n+++\n\nFirst & only.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 8h | 12min |\n";

#[test]
fn the_paragraphs_before_a_more_line_are_the_summary() {
    let record = "Morning on the parser.\n\nAfternoon on the *charts*.\n\n<!-- more -->\n\nThe details.\n\n\
                  | Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let summary = "Morning on the parser. Afternoon on the charts.";
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains(&format!("<meta name=\"description\" content=\"{summary}\">")), "{page}");
    assert!(read(dir.path(), "public/index.html").contains(summary));
    assert!(read(dir.path(), "public/atom.xml").contains(summary));
    assert!(!read(dir.path(), "public/atom.xml").contains("The details"));
}

/// A record with YAML front matter (Obsidian's properties, a Hugo post's) builds as its TOML
/// twin does: the same title, date, tags, token count and draft, in the same pages and data.
#[test]
fn yaml_front_matter_builds_as_toml_does() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 8h | 12min |\n";
    let toml = format!(
        "+++\ntitle = \"Day 3: parsers\"\ndate = 2026-03-01\ntags = [\"Edge Cases\", \"2026\"]\ntokens = \"~1.2M\"\n+++\n\n{table}"
    );
    let yaml = format!(
        "---\ntitle: \"Day 3: parsers\"\ndate: 2026-03-01\ntags:\n  - Edge Cases\n  - 2026\ntokens: ~1.2M\n\
         summary:\n---\n\n{table}"
    );
    let held = "---\ndraft: true\n---\n\nNot yet.\n";
    let built = |record: &str| {
        let dir = site(&[("content/records/2026-03-01.md", record), ("content/records/2026-03-02.md", held)]);
        let output = build(dir.path());
        assert!(output.status.success(), "{}", support::stderr(&output));
        assert!(!dir.path().join("public/records/2026-03-02").exists(), "the YAML draft is held back");
        let page = read(dir.path(), "public/records/2026-03-01/index.html");
        (page, records_json(dir.path()), read(dir.path(), "public/tags/2026/index.html"))
    };
    let (toml_page, toml_data, toml_tag) = built(&toml);
    let (yaml_page, yaml_data, yaml_tag) = built(&yaml);
    assert!(yaml_page.contains("Day 3: parsers"), "{yaml_page}");
    assert_eq!(yaml_page, toml_page);
    assert_eq!(yaml_data, toml_data);
    assert_eq!(yaml_tag, toml_tag);
}

/// A reference link in a task's cell (`[the repo][gh]`, defined below the table) is a link on
/// the record's page and its workstream's, as in the prose: it was shown with its brackets.
#[test]
fn reference_links_in_task_cells_are_links() {
    let record = "| Task | Workstream | Human Est. | Claude Time | Notes |\n|---|---|---|---|---|\n\
                  | Update [the repo][gh] and [docs] | core | 2h | 10min | see [the repo][GH] |\n\n\
                  Prose: [docs].\n\n[gh]: https://github.com/x \"The repo\"\n[docs]: <https://docs.rs/a b>\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let repo = "<a href=\"https://github.com/x\" title=\"The repo\">the repo</a>";
    let task = format!("Update {repo} and <a href=\"https://docs.rs/a%20b\">docs</a>");
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains(&task), "{page}");
    assert!(page.contains(&format!("see {repo}")), "{page}");
    assert!(!page.contains("[the repo]"), "{page}");
    let stream = read(dir.path(), "public/workstreams/core/index.html");
    assert!(stream.contains(&task), "{stream}");
    // A label with an escape, and a destination and title with entities: the cell's link is
    // the prose's, byte for byte.
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| See [x][a\\_b] | 2h | 10min |\n\n\
                  Prose [x][a\\_b].\n\n[a\\_b]: https://t.example/&amp;lt;x \"Tom &amp;amp; Jerry\"\n";
    write(dir.path(), "content/records/2026-03-01.md", record);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    let anchor = |after: &str| {
        let at = page.find(after).unwrap_or_else(|| panic!("{after}: {page}")) + after.len();
        page[at..].split("</a>").next().expect("an anchor").to_string()
    };
    assert_eq!(anchor("See "), anchor("<p>Prose "), "{page}");
    assert!(
        anchor("See ").starts_with("<a href=\"https://t.example/&amp;lt;x\" title=\"Tom &amp;amp; Jerry\">"),
        "{page}"
    );
}

/// A link to a content file, as GitHub and editors follow it (`2026-02-28.md`, `../about.md`) or
/// as Zola writes it (`@/notes/setup.md`), leads to the page built from that file, on the page
/// and in the feed; one to no published file is a warning at the link, naming the file.
#[test]
fn links_to_markdown_files_lead_to_their_pages() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let record = "See [yesterday](2026-02-28.md#analysis), [about](../about.md), [setup](@/notes/setup.md) and \
         [the ref][r].\n\n[r]: ./2026-02-28.md\n\n\
         [draft](2026-02-27.md), [gone](2026-02-26.md) and [there](about.md).\n\n\
         | Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n\
         | Follow up [the plan](../notes/setup.md#install) [next](2026-02-27.md) | core | 2h | 10min |\n\n\
         Then [tomorrow](2026-02-27.md \"The <plan>\") and ![a [l](2026-02-27.md) b](p.png).\n";
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\nfeed_full_content = true\n"),
        ("content/records/2026-03-01.md", record),
        ("static/records/2026-03-01/p.png", "png"),
        ("content/records/2026-02-28.md", &format!("{table}\n## Analysis\n\nFine.\n")),
        ("content/records/2026-02-27.md", &format!("+++\ndraft = true\n+++\n{table}")),
        ("content/about.md", "# About\n\nThe [first day](records/2026-02-28.md).\n"),
        ("content/notes/setup.md", "# Setup\n\n## Install\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    let yesterday = "<a href=\"https://example.org/records/2026-02-28/#analysis\">yesterday</a>";
    for link in [
        yesterday,
        "<a href=\"https://example.org/about/\">about</a>",
        "<a href=\"https://example.org/notes/setup/\">setup</a>",
        "<a href=\"https://example.org/records/2026-02-28/\">the ref</a>",
        // A draft's shown as text, its title kept; in a picture's text, the text alone.
        "<a class=\"unresolved\">draft</a>",
        "<a class=\"unresolved\" title=\"The &lt;plan&gt;\">tomorrow</a>",
        "<img src=\"p.png\" alt=\"a l b\" />",
        // Left as written where no content file is there (a static file may answer).
        "<a href=\"2026-02-26.md\">gone</a>",
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }
    // In a task's cell, on the record's page and on its workstream's.
    let plan = "Follow up <a href=\"https://example.org/notes/setup/#install\">the plan</a> \
                <a class=\"unresolved\">next</a>";
    assert!(page.contains(plan), "{page}");
    let stream = read(dir.path(), "public/workstreams/core/index.html");
    assert!(stream.contains(plan), "{stream}");
    let about = read(dir.path(), "public/about/index.html");
    assert!(about.contains("<a href=\"https://example.org/records/2026-02-28/\">first day</a>"), "{about}");
    let feed = read(dir.path(), "public/atom.xml");
    assert!(feed.contains("href=&quot;https://example.org/records/2026-02-28/#analysis&quot;"), "{feed}");
    let stderr = support::stderr(&output);
    for warning in [
        "content/records/2026-03-01.md:5:1: warning: link to `2026-02-27.md` names no page of the site: \
         content/records/2026-02-27.md is a draft, left out of the site",
        "content/records/2026-03-01.md:5:25: warning: link to `2026-02-26.md` names no page of the site: \
         there is no content/records/2026-02-26.md",
        "content/records/2026-03-01.md:5:51: warning: link to `about.md` names no page of the site: \
         there is no content/records/about.md; did you mean `../about.md`?",
    ] {
        assert!(stderr.contains(warning), "{warning}: {stderr}");
    }
    // Each link to the draft is warned of at its place.
    assert!(stderr.contains("0 error(s), 6 warning(s)"), "{stderr}");
    // With the drafts, they lead to its page.
    let drafts = support::leverage(&["build", "--drafts", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(drafts.status.success(), "{}", support::stderr(&drafts));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<a href=\"https://example.org/records/2026-02-27/\">draft</a>"), "{page}");
    assert!(!page.contains("unresolved"), "{page}");
    // Zola's `@/` is told the path as `@/` writes it, and that it names markdown files alone.
    write(dir.path(), "content/files/cv.pdf", "pdf");
    write(
        dir.path(),
        "content/notes/more.md",
        "[day](@/records/2026-02-28/x.md) [old](@/about/about.md) [cv](@/files/cv.pdf)\n",
    );
    let output = support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    let said = support::stderr(&output);
    assert!(said.contains("there is no content/about/about.md; did you mean `@/about.md`?"), "{said}");
    assert!(
        said.contains(
            "`@/` leads to the page of a markdown file, and content/files/cv.pdf is none: a file below \
             content/ is linked by its path from this page, `../files/cv.pdf`"
        ),
        "{said}"
    );
    std::fs::remove_file(dir.path().join("content/notes/more.md")).expect("removed");
    // A fragment the page lacks is checked there.
    write(dir.path(), "content/about.md", "[first day](records/2026-02-28.md#nope)\n");
    let output = support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(
        support::stderr(&output).contains(
            "content/about.md:1:1: warning: link to `records/2026-02-28.md#nope` points at no element of \
             /records/2026-02-28/"
        ),
        "{}",
        support::stderr(&output)
    );
}

/// The edges of links to markdown files: a file named in decomposed form (as on macOS), an
/// e-mail address ending in `.md`, a shortcode's body (rendered by its template, which knows no
/// file), `@/` leaving content/, and a bundle's `index.md` suggested by its folder.
#[test]
fn links_to_markdown_files_at_their_edges() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let record = format!(
        "[nfd](../notes/caf%C3%A9.md) and [nfc](../notes/café.md), <info@gov.md>.\n\n\
         {{% details(summary=\"More\") %}}\nSee [about](../about.md).\n{{% end %}}\n\n\
         [up](@/../README.md) and [bundle](2026-02-27/index.md).\n\n{table}"
    );
    let dir = site(&[
        ("content/records/2026-03-01.md", &record),
        ("content/records/2026/2026-02-27/index.md", table),
        ("content/notes/cafe\u{301}.md", "# Café\n"),
        ("content/about.md", "# About\n"),
        (
            "templates/shortcodes/details.html",
            "<details><summary>{{ summary }}</summary>{{ body | markdown }}</details>",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    for link in [
        "<a href=\"https://example.org/notes/caf%C3%A9/\">nfd</a>",
        "<a href=\"https://example.org/notes/caf%C3%A9/\">nfc</a>",
        "<a href=\"mailto:info@gov.md\">info@gov.md</a>",
        "<a href=\"../about.md\">about</a>",
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }
    let stderr = support::stderr(&output);
    for warning in [
        // The page's link is the URL written, which leads nowhere: said so, not passed.
        "content/records/2026-03-01.md:4:5: warning: link to `../about.md` points at no page of the site",
        "content/records/2026-03-01.md:7:1: warning: link to `@/../README.md` names no file below content/",
        "content/records/2026-03-01.md:7:26: warning: link to `2026-02-27/index.md` names no page of the site: \
         there is no content/records/2026-02-27/index.md; did you mean `2026/2026-02-27/index.md`?",
    ] {
        assert!(stderr.contains(warning), "{warning}: {stderr}");
    }
    assert!(stderr.contains("0 error(s), 3 warning(s)"), "{stderr}");
}

/// Obsidian's wiki-links lead to the page of the file they name, wherever it is below
/// content/, on the page, in a task's cell, on the workstream's page and in the feed; one that
/// names no page, one whose name means two files, and an embedded page are warnings at the link.
/// Code's double brackets in a task (`df[["a"]]`) read as a wiki-link, shown as its text alone:
/// the warning says how to keep the brackets, and not of a note's or a day's name.
#[test]
fn code_read_as_a_wiki_link_is_told_how_to_keep_its_brackets() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Fix df[[\"a\"]] and m[[0]] | 2h | 5min |\n\n\
         See [[2026-01-01]] and [[Private note]].\n",
    )]);
    let output = support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    let stderr = support::stderr(&output);
    let hint = "; if the brackets are text (code such as `x[[\"a\"]]`), write it in backticks, or `\\[[` for the brackets alone";
    for (link, hinted) in
        [("[[\"a\"]]", true), ("[[0]]", true), ("[[2026-01-01]]", false), ("[[Private note]]", false)]
    {
        let line = stderr.lines().find(|l| l.contains(&format!("link to `{link}`"))).unwrap_or_default();
        assert_eq!(line.ends_with(hint), hinted, "{link}: {stderr}");
    }
}

#[test]
fn wiki_links_lead_to_the_pages_of_the_files_they_name() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let record = "See [[2026-02-28]], [[2026-02-28#Analysis|the analysis]], [[About]], [[notes/setup#Install]] \
         and [[#Today]].\n\n\
         [[2026-02-27]], [[2026-02-26]], [[setup]] and ![[2026-02-28]], [[Next.js]], [[Vue.js]], [[/archive/]].\n\n\
         ## Today\n\n\
         | Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n\
         | Follow up [[notes/setup\\|the plan]] [[report.pdf\\|pdf]] [[nowhere]] | core | 2h | 10min |\n\n\
         | File | Picture |\n|---|---|\n| [[report.pdf\\|the report]] | ![[chart.png\\|A chart]] |\n\n\
         The [[2026/2026-02-25]] bundle, [[about#Main|main]], [[2026-02-28#Main]].\n";
    let toml = "title = \"T\"\nbase_url = \"https://example.org/\"\nfeed_full_content = true\n\
                record_note = \"Kept daily; see [[about]].\"\n";
    let dir = site(&[
        ("site.toml", toml),
        ("static/records/2026-03-01/report.pdf", "%PDF"),
        ("static/records/2026-03-01/chart.png", "png"),
        ("content/records/2026/2026-02-25/index.md", table),
        ("content/records/2026-03-01.md", record),
        ("content/records/2026-02-28.md", &format!("{table}\n## Analysis\n\nFine.\n")),
        ("content/records/2026-02-27.md", &format!("+++\ndraft = true\n+++\n{table}")),
        ("content/Vue.js.md", "+++\ndraft = true\n+++\nSoon.\n"),
        // The heading's id is `main-1`, `main` being the theme's: read from the first pass of a
        // page rendered again from its text for its own wiki-link.
        ("content/about.md", "# About\n\nThe [[2026-02-28|first day]].\n\n## Main\n"),
        ("content/notes/setup.md", "# Setup\n\n## Install\n"),
        ("content/guides/setup.md", "# Setup, again\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    for link in [
        "<a href=\"https://example.org/records/2026-02-28/\">2026-02-28</a>",
        "<a href=\"https://example.org/records/2026-02-28/#analysis\">the analysis</a>",
        "<a href=\"https://example.org/about/\">About</a>",
        "<a href=\"https://example.org/notes/setup/#install\">notes/setup &gt; Install</a>",
        "<a href=\"https://example.org/records/2026-03-01/#today\">Today</a>",
        "<a href=\"https://example.org/guides/setup/\">setup</a>",
        "<a href=\"https://example.org/records/2026-02-25/\">2026/2026-02-25</a>",
        "<a href=\"https://example.org/about/#main-1\">main</a>",
        // No heading of the text, but an id of the theme's on the page: looked for there.
        "<a href=\"https://example.org/records/2026-02-28/#main\">2026-02-28 &gt; Main</a>",
        // A file of another kind, and an image, from the page (the `\\` of `\\|` left out).
        "<a href=\"report.pdf\">the report</a>",
        "<img src=\"chart.png\" alt=\"A chart\" />",
        // Shown as text where no page is built from the file (a draft's, or none).
        "<a class=\"unresolved\">2026-02-27</a>",
        "<a class=\"unresolved\">2026-02-26</a>",
        "<a href=\"Next.js\">Next.js</a>",
        "<a class=\"unresolved\">Vue.js</a>",
        // A path from the site's root is a link, checked as one.
        "<a href=\"/archive/\">/archive/</a>",
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }
    // In a task's cell (its `|` written `\|`), on the record's page and on its workstream's.
    let plan = "Follow up <a href=\"https://example.org/notes/setup/\">the plan</a> <a href=\"report.pdf\">pdf</a> \
                <a class=\"unresolved\">nowhere</a>";
    assert!(page.contains(plan), "{page}");
    let stream = read(dir.path(), "public/workstreams/core/index.html");
    assert!(stream.contains(plan), "{stream}");
    let about = read(dir.path(), "public/about/index.html");
    assert!(about.contains("<a href=\"https://example.org/records/2026-02-28/\">first day</a>"), "{about}");
    let feed = read(dir.path(), "public/atom.xml");
    assert!(feed.contains("href=&quot;https://example.org/records/2026-02-28/#analysis&quot;"), "{feed}");
    let stderr = support::stderr(&output);
    for warning in [
        "content/records/2026-03-01.md:3:1: warning: link to `[[2026-02-27]]` names no page of the site: \
         content/records/2026-02-27.md is a draft, left out of the site",
        "content/records/2026-03-01.md:3:17: warning: link to `[[2026-02-26]]` names no page of the site: \
         no file below content/ is named `2026-02-26.md`",
        "content/records/2026-03-01.md:3:33: warning: `[[setup]]` could name any of 2 files; it leads to \
         content/guides/setup.md: write `[[guides/setup]]` to say so",
        "content/records/2026-03-01.md:3:47: warning: `![[2026-02-28]]` embeds a page, which leverage does not \
         do: link to it with `[[2026-02-28]]`",
        "content/records/2026-03-01.md:9:59: warning: link to `[[nowhere]]` names no page of the site: \
         no file below content/ is named `nowhere.md`",
        // A draft's name that may be a file's too: the draft is named.
        "content/records/2026-03-01.md:3:77: warning: link to `[[Vue.js]]` names no page of the site: \
         content/Vue.js.md is a draft, left out of the site",
        // A name that may be a file's too (`Next.js`): both were looked for.
        "content/records/2026-03-01.md:3:64: warning: link to `[[Next.js]]` names no page or file of the site: \
         no file below content/ is named `Next.js.md` or `Next.js`",
        "site.toml:4:34: warning: wiki-link `[[about]]` is left as written here, in a shortcode's body or \
         site.toml's record_note, which knows no file: write its page's address, `/about/`",
    ] {
        assert!(stderr.contains(warning), "{warning}: {stderr}");
    }
    assert!(stderr.contains("0 error(s), 8 warning(s)"), "{stderr}");
    // A heading the page lacks is checked there.
    write(dir.path(), "content/about.md", "[[2026-02-28#Nope]]\n");
    let output = support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(
        support::stderr(&output).contains(
            "content/about.md:1:1: warning: link to `[[2026-02-28#Nope]]` points at no element of /records/2026-02-28/"
        ),
        "{}",
        support::stderr(&output)
    );
}

/// A wiki-link to a file's name that is checked as a URL keeps what that check says, unless
/// it is that nothing is built there: then both the page and the file looked for are named.
#[test]
fn a_wiki_link_to_a_file_s_name_is_warned_of_as_its_url_is() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n"),
        ("content/records/2026-03-01.md", &format!("[[/files/nope.pdf]] [[nope.pdf]]\n\n{table}")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let stderr = support::stderr(&output);
    for warning in [
        "content/records/2026-03-01.md:1:1: warning: link to `/files/nope.pdf` points outside the site, which \
         lives below `/blog/`",
        "content/records/2026-03-01.md:1:21: warning: link to `[[nope.pdf]]` names no page or file of the site: \
         no file below content/ is named `nope.pdf.md` or `nope.pdf`",
    ] {
        assert!(stderr.contains(warning), "{warning}: {stderr}");
    }
    assert!(stderr.contains("0 error(s), 2 warning(s)"), "{stderr}");
}

/// A bare address in the prose or a task's cell is a link, as GitHub and Hugo make it; one in
/// code is not.
#[test]
fn bare_addresses_are_links() {
    let record = "Merged https://github.com/x/y/pull/12 today (see www.rust-lang.org).\n\n`https://in.code/`\n\n\
                  | Task | Human Est. | Claude Time |\n|---|---|---|\n| Review https://github.com/x/y/pull/13. | 2h | 10min |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    let link = |url: &str, href: &str| format!("<a href=\"{href}\">{url}</a>");
    let pr = "https://github.com/x/y/pull/12";
    assert!(
        page.contains(&format!(
            "Merged {} today (see {}).",
            link(pr, pr),
            link("www.rust-lang.org", "https://www.rust-lang.org")
        )),
        "{page}"
    );
    let task = "https://github.com/x/y/pull/13";
    assert!(page.contains(&format!("Review {}.", link(task, task))), "{page}");
    assert!(page.contains("<code>https://in.code/</code>"), "{page}");
    // The data keep the text as written.
    assert!(read(dir.path(), "public/data/tasks.csv").contains("Review https://github.com/x/y/pull/13."));
}

/// `init`'s placeholder base_url left in site.toml builds (a look at the site is what most
/// builds are for), with a note: published, its canonical links, feed and sitemap point there.
/// A `--base-url` is the writer's choice, a quiet build says nothing, a real address no note.
#[test]
fn a_build_notes_a_base_url_no_reader_can_reach() {
    let dir = site(&[("content/records/2026-03-01.md", RECORD)]);
    let root = dir.path().to_str().expect("UTF-8");
    let note = "note: base_url is https://example.org/, which no reader can reach: the canonical links, the feed \
                and the sitemap point there; before publishing, set base_url in site.toml";
    let output = build(dir.path());
    assert!(
        output.status.success() && support::stderr(&output).contains(note),
        "{}",
        support::stderr(&output)
    );
    for args in [
        &["build", "--root", root, "--base-url", "http://127.0.0.1:8000/"][..],
        &["build", "--root", root, "-q"][..],
    ] {
        let output = support::leverage(args);
        assert!(
            output.status.success() && !support::stderr(&output).contains("note:"),
            "{}",
            support::stderr(&output)
        );
    }
    write(dir.path(), "site.toml", "title = \"T\"\nbase_url = \"https://ada.github.io/log/\"\n");
    let output = build(dir.path());
    assert!(
        output.status.success() && !support::stderr(&output).contains("note:"),
        "{}",
        support::stderr(&output)
    );
}

#[test]
fn code_blocks_that_name_their_language_are_highlighted() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n";
    let record =
        format!("{table}```python\ndef f(x):\n    return \"<x>\"  # note\n```\n\n```\nplain <b>\n```\n");
    let dir = site(&[("content/records/2026-03-01.md", record.as_str())]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<pre tabindex=\"0\"><code class=\"language-python\"><span class=\"hl-"), "{page}");
    assert!(page.contains("hl-comment") && page.contains("&lt;x&gt;"), "{page}");
    assert!(page.contains("<pre tabindex=\"0\"><code>plain &lt;b&gt;\n</code></pre>"), "{page}");
    // Turned off in site.toml (a site heavy with code builds faster without it).
    write(
        dir.path(),
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nhighlight_code = false\n",
    );
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<code class=\"language-python\">def f(x):") && !page.contains("hl-"), "{page}");
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let dir = site(&[("content/records/2026-03-01.md", &RECORD.replace("12min", "soon"))]);
    // No previous output: the build says nothing was written rather than that it is unchanged.
    let never = build(dir.path());
    assert_eq!(never.status.code(), Some(1));
    let err = support::stderr(&never);
    assert!(
        err.ends_with(&format!("nothing was written to {}\n", dir.path().join("public").display())),
        "{err}"
    );
    write(dir.path(), "content/records/2026-03-01.md", RECORD);
    let first = build(dir.path());
    assert!(first.status.success(), "{}", support::stderr(&first));
    let before = read(dir.path(), "public/records/2026-03-01/index.html");
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("12min", "soon"));
    let second = build(dir.path());
    assert_eq!(second.status.code(), Some(1));
    assert!(support::stderr(&second).contains("the previous output in"), "{}", support::stderr(&second));
    assert_eq!(read(dir.path(), "public/records/2026-03-01/index.html"), before);
}

#[test]
fn a_deleted_record_disappears_from_the_output() {
    let dir = site(&[
        ("content/records/2026-03-01.md", RECORD),
        ("content/records/2026-03-02.md", &RECORD.replace("2026-03-01", "2026-03-02")),
    ]);
    assert!(build(dir.path()).status.success());
    std::fs::remove_file(dir.path().join("content/records/2026-03-02.md")).expect("removed");
    assert!(build(dir.path()).status.success());
    assert!(!dir.path().join("public/records/2026-03-02").exists());
    assert!(dir.path().join("public/records/2026-03-01/index.html").exists());
}

#[test]
fn front_matter_is_escaped_in_html() {
    let dir = site(&[("content/records/2026-03-01.md", RECORD)]);
    assert!(build(dir.path()).status.success());
    let html = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(html.contains("Day &lt;one&gt;"));
    assert!(!html.contains("Day <one>"));
}

#[test]
fn refuses_an_output_folder_it_did_not_make() {
    let dir = site(&[
        ("content/records/2026-03-01.md", &format!("{RECORD}| | | |\n")),
        ("public/thesis.tex", "precious"),
    ]);
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert!(err.contains("was not made by leverage"), "{err}");
    // The way out it offers is one that exists (serve has no --output-dir: it builds privately),
    // said under the refusal; the refusal is counted among the errors.
    let lines: Vec<&str> = err.lines().collect();
    let refusal = lines.iter().position(|l| l.contains("was not made by leverage")).expect("the refusal");
    assert!(
        lines[refusal + 1]
            .starts_with("help: to keep it, build elsewhere with `leverage build --output-dir DIR`"),
        "{err}"
    );
    // The site-wide checks did not run, and the note says so.
    assert_eq!(lines[refusal + 2], format!("note: {}", site::AUDITS_WAIT), "{err}");
    assert_eq!(lines[refusal + 3], "1 error(s), 1 warning(s)", "{err}");
    assert!(!err.contains("serve"), "{err}");
    assert_eq!(read(dir.path(), "public/thesis.tex"), "precious");
}

#[test]
fn a_build_whose_marker_a_host_recipe_removed_is_built_over() {
    // `leverage build && rm -f public/.leverage-output`, as docs/deploy.md's recipes publish it,
    // then another build on the same machine.
    let dir = site(&[("content/records/2026-03-01.md", RECORD)]);
    assert!(build(dir.path()).status.success());
    std::fs::remove_file(dir.path().join("public/.leverage-output")).expect("the marker removed");
    std::fs::write(dir.path().join("content/records/2026-03-02.md"), RECORD).expect("a new record");
    let again = build(dir.path());
    assert!(again.status.success(), "{}", support::stderr(&again));
    assert!(dir.path().join("public/records/2026-03-02/index.html").is_file());
    assert!(dir.path().join("public/.leverage-output").is_file(), "marked again");
}

#[test]
fn two_builds_write_the_same_bytes() {
    // Another folder with its files written in the other order (so listed in another order),
    // another time zone and locale, a later second, and a rebuild over the first output: none
    // of it may reach the output.
    let second_day = RECORD.replace("2026-03-01", "2026-03-02");
    let files = [
        ("content/records/2026-03-01.md", RECORD),
        ("content/records/2026-03-02.md", second_day.as_str()),
        ("content/about.md", "# About\n\nHi.\n"),
    ];
    let one = site(&files);
    let mut reversed = files;
    reversed.reverse();
    let other = site(&reversed);
    let built = |dir: &std::path::Path, zone: &str, locale: &str| {
        let output = support::command()
            .args(["build", "--root", dir.to_str().expect("UTF-8")])
            .env("TZ", zone)
            .env("LC_ALL", locale)
            .output()
            .expect("the leverage binary runs");
        assert!(output.status.success(), "{}", support::stderr(&output));
        tree(&dir.join("public"))
    };
    // The files that differ, by name (the bytes of a whole site are no message).
    let differing = |a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]| -> Vec<String> {
        let b: std::collections::BTreeMap<&String, &Vec<u8>> =
            b.iter().map(|(n, bytes)| (n, bytes)).collect();
        let mut names: Vec<String> =
            a.iter().filter(|(n, bytes)| b.get(n) != Some(&bytes)).map(|(n, _)| n.clone()).collect();
        names.extend(b.keys().filter(|n| !a.iter().any(|(m, _)| m == **n)).map(|n| (*n).clone()));
        names
    };
    // Zones written as POSIX rules (UTC+14, UTC-12), which need no time zone database.
    let first = built(one.path(), "<+14>-14", "C");
    // A clock read into the output at second precision shows in a build a second later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let elsewhere = built(other.path(), "<-12>+12", "C.UTF-8");
    assert_eq!(differing(&first, &elsewhere), Vec::<String>::new(), "another folder, zone and time");
    let again = built(one.path(), "UTC", "C");
    assert_eq!(differing(&first, &again), Vec::<String>::new(), "a rebuild over the first output");
    assert!(first.len() > 10, "the site was built: {} files", first.len());
}

/// A site of one record, dated 2026-03-10, built successfully.
/// A total of one working day (8h of `hours_per_day = 8`) is said in the singular on the home
/// and tag pages' cards, as the record's own aggregate says it.
#[test]
fn one_working_day_is_a_day() {
    let dir = built_day(RECORD);
    for page in ["public/index.html", "public/tags/edge-cases/index.html"] {
        let html = read(dir.path(), page);
        assert!(html.contains(">1 working day</dd>"), "{page}: {html}");
        assert!(!html.contains("1 working days"), "{page}");
    }
}

/// Hugo's day folders (`2026/11/04/index.md`, as `new` writes them after one) and days named by
/// their number alone in month folders are the records of their whole dates, at their addresses:
/// the day's number alone gave the 4th of November and of December one URL, an error a month on.
#[test]
fn days_in_folders_of_their_year_and_month_are_named_by_their_dates() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[
        ("content/records/2026/11/04/index.md", table),
        ("content/records/2026/12/04/index.md", table),
        ("content/records/2026/11/5.md", table),
        // A name that starts with a number is no day's: it keeps its name, as does no day at all.
        ("content/records/2026/11/10-things-i-learned.md", &format!("+++\ndate = 2026-11-20\n+++\n{table}")),
        ("content/records/2026/02/30/index.md", &format!("+++\ndate = 2026-02-14\n+++\n{table}")),
    ]);
    let output =
        support::leverage(&["new", "--root", dir.path().to_str().expect("UTF-8"), "--date", "2026-12-07"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(dir.path().join("content/records/2026/12/07/index.md").is_file(), "{}", support::stderr(&output));
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    for (page, title) in [
        ("records/2026-11-04", "November 4, 2026"),
        ("records/2026-12-04", "December 4, 2026"),
        ("records/2026-11-05", "November 5, 2026"),
        ("records/10-things-i-learned", "November 20, 2026"),
        ("records/30", "February 14, 2026"),
        ("records/2026-12-07", "December 7, 2026"),
    ] {
        let html = read(dir.path(), &format!("public/{page}/index.html"));
        assert!(html.contains(title), "{page}");
    }
}

/// A link under static/ to the output (`static/pub -> ../public`) is skipped with a warning: it
/// copied the last build into the next, which grew with every build (66, 99, 132 files ...).
#[test]
fn a_static_link_to_the_output_is_not_copied_into_it() {
    let dir = site(&[("content/records/2026-03-01.md", RECORD), ("static/a.txt", "a\n")]);
    assert!(build(dir.path()).status.success());
    std::os::unix::fs::symlink("../public", dir.path().join("static/pub")).expect("linked");
    for _ in 0..2 {
        let output = build(dir.path());
        assert!(output.status.success(), "{}", support::stderr(&output));
        assert!(
            support::stderr(&output).contains("static/pub:1:1: warning: a symbolic link leads to"),
            "{}",
            support::stderr(&output)
        );
        assert!(!dir.path().join("public/pub").exists());
    }
    // Another site's output is a folder like any other: published (a demo of it).
    let other = site(&[("content/records/2026-03-01.md", RECORD)]);
    assert!(build(other.path()).status.success());
    std::os::unix::fs::symlink(other.path().join("public"), dir.path().join("static/demo")).expect("linked");
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(!support::stderr(&output).contains("static/demo"), "{}", support::stderr(&output));
    assert!(dir.path().join("public/demo/index.html").is_file());
    // Nor is one to the folder `--output-dir` names copied into it.
    std::fs::remove_file(dir.path().join("static/demo")).expect("removed");
    std::fs::remove_file(dir.path().join("static/pub")).expect("removed");
    let root = dir.path().to_str().expect("UTF-8");
    let dist = dir.path().join("dist");
    for _ in 0..2 {
        let output =
            support::leverage(&["build", "--root", root, "--output-dir", dist.to_str().expect("UTF-8")]);
        assert!(output.status.success(), "{}", support::stderr(&output));
        if !dir.path().join("static/site").exists() {
            std::os::unix::fs::symlink("../dist", dir.path().join("static/site")).expect("linked");
        }
    }
    assert!(!dist.join("site").exists(), "the output is not copied into itself");
}

fn built_day(record: &str) -> tempfile::TempDir {
    let dir = site(&[("content/records/2026-03-10.md", record)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    dir
}

#[test]
fn the_later_layout_builds_with_supervisory_figures() {
    let record = "+++\ndate = 2026-03-10\n+++\n\n| # | Task | Human Est. | Claude | Sup. | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|\n| 1 | Build | 8h | 12min | 30min | 40x | 16x |\n| 2 | Fix | 2h | 10min | | 12x | |\n";
    let dir = built_day(record);
    let json = support::records_json(dir.path());
    let totals = &json["records"][0]["totals"];
    assert_eq!(totals["supervisory_minutes"], 30.0);
    assert_eq!(totals["supervisory_known"], 1);
    assert_eq!(totals["weighted_supervisory_leverage"], 16.0);
    let html = read(dir.path(), "public/records/2026-03-10/index.html");
    assert!(html.contains(">16x<"));
}

/// A stated supervisory factor with no supervisory time to compute it from is no figure: the
/// cell shows `—` and the post's figure marked as stated, where it showed as if computed.
#[test]
fn a_stated_supervisory_factor_with_nothing_to_compute_it_from_is_marked_stated() {
    let record = "+++\ndate = 2026-03-10\n+++\n\n| # | Task | Human Est. | Claude | Weeks | Factor | Sup. Factor |\n|---|---|---|---|---|---|---|\n| 1 | a | 40h | 20min | 1.0 | 120x | 999x |\n";
    let dir = built_day(record);
    let html = read(dir.path(), "public/records/2026-03-10/index.html");
    assert!(
        html.contains("data-label=\"Sup. Factor\"><span class=\"fig\">—</span> <span class=\"stated\" title=\"stated in the post\">stated 999x</span>"),
        "{html}"
    );
    assert!(!html.contains(">999x<"), "never shown as computed");
}

#[test]
fn a_figure_exactly_on_a_half_rounds_up_everywhere() {
    // 15min + 15min over 2.1min + 2.7min is exactly 6.25x: the display rules show 6.3x. Added as
    // binary fractions the AI time was 4.800000000000001 and the page showed 6.2x.
    let record = "+++\ndate = 2026-03-10\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 15min | 2.1min |\n| B | 15min | 2.7min |\n";
    let dir = built_day(record);
    let html = read(dir.path(), "public/records/2026-03-10/index.html");
    assert!(html.contains("<dt>Weighted leverage</dt><dd>6.3x</dd>"), "{html}");
    let json = support::records_json(dir.path());
    assert_eq!(json["records"][0]["totals"]["ai_minutes"], 4.8);
    assert_eq!(json["records"][0]["totals"]["weighted_leverage"], 6.25);
    let stats = support::leverage(&["stats", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(String::from_utf8_lossy(&stats.stdout).contains("Weighted average leverage     6.3x"));
}

#[test]
fn a_disagreeing_stated_leverage_is_shown_marked_and_warned() {
    let record = RECORD.replace(
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 8h | 12min |",
        "| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n| Build it | 8h | 12min | 300x |",
    );
    let dir = site(&[("content/records/2026-03-01.md", &record)]);
    let output = build(dir.path());
    assert!(output.status.success(), "a mismatch is a warning");
    let err = support::stderr(&output);
    assert!(err.contains("content/records/2026-03-01.md:11:27: warning: stated 300x, computed 40x"), "{err}");
    let html = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(html.contains("mismatch"));
    assert!(html.contains("300x"));
}

/// A time too short for a tenth of a minute is shown as `<0.1min`, never `0min` beside the
/// leverage it gives, and its `<` is escaped wherever it is written.
#[test]
fn a_time_below_a_tenth_of_a_minute_is_shown_as_such_and_escaped() {
    let dir = site(&[("content/records/2026-03-01.md", &RECORD.replace("12min", "0.04min"))]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let html = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(html.contains("&lt;0.1min"), "shown on the record page");
    assert!(!html.contains("<0.1min") && !html.contains(">0min<"), "escaped, and never 0min");
    assert!(html.contains("12000x"), "the leverage computed from the real time");
    for (path, text) in tree(&dir.path().join("public")) {
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg") {
            let text = String::from_utf8_lossy(&text);
            assert!(!text.contains("<0.1min"), "{path} writes `<` unescaped");
        }
    }
}

/// A draft's mistakes never stop the build of the site it is not part of, those of its front
/// matter included, once `draft = true` reads; with --drafts they are errors again.
#[test]
fn a_drafts_front_matter_mistakes_are_warnings_until_it_is_built() {
    let draft = "+++\ndraft = true\ntittle = \"x\"\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-01.md", RECORD), ("content/records/2026-03-02.md", draft)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(err.contains("2026-03-02.md:3:1: warning: unknown front matter key `tittle`"), "{err}");
    let with_drafts =
        support::leverage(&["build", "--drafts", "--root", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(with_drafts.status.code(), Some(1), "{}", support::stderr(&with_drafts));
}

/// `-`, `—`, `?` and `n/a` say "none" in a Workstream cell as in every other column: such a
/// task has no workstream, rather than one named `-` with a page of its own.
#[test]
fn a_workstream_cell_marked_unknown_names_no_workstream() {
    let table = "| Task | Human Est. | Claude Time | Workstream |\n|---|---|---|---|\n\
                 | a | 1h | 10min | - |\n| b | 1h | 10min | — |\n| c | 1h | 10min | n/a |\n| d | 1h | 10min | ? |\n\
                 | e | 1h | 10min | Core |\n| f | 1h | 10min |  |\n";
    let dir = site(&[("content/records/2026-01-01.md", table)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let json = records_json(dir.path());
    let streams: Vec<&serde_json::Value> =
        json["records"][0]["tasks"].as_array().expect("tasks").iter().map(|t| &t["workstream"]).collect();
    let none = serde_json::Value::Null;
    assert_eq!(streams, [&none, &none, &none, &none, &serde_json::json!("Core"), &none]);
    let folders: Vec<String> = std::fs::read_dir(dir.path().join("public/workstreams"))
        .expect("the workstreams folder")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .collect();
    assert_eq!(folders, ["core"]);
}

/// Two records whose URLs differ only in case are two folders here and one on macOS or
/// Windows: a warning at the later one.
#[test]
fn pages_whose_urls_differ_only_in_case_are_warned_about() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 10min |\n";
    let dir =
        site(&[("content/records/2026-01-02-Foo.md", table), ("content/records/2026-01-02-foo.md", table)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(
        err.contains(
            "content/records/2026-01-02-foo.md:1:1: warning: `/records/2026-01-02-foo/` differs from \
             `/records/2026-01-02-Foo/` only in case"
        ),
        "{err}"
    );
    assert_eq!(err.matches("only in case").count(), 1, "{err}");
}

#[test]
fn a_workstream_lists_its_newest_record_first_and_each_record_s_tasks_in_order() {
    let table = |a: &str, b: &str| {
        format!(
            "| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| {a} | Site | 1h | 7min |\n| {b} | Site | 2h | 7min |\n"
        )
    };
    let dir = site(&[
        ("content/records/2026-01-01.md", &table("first-a", "first-b")),
        ("content/records/2026-01-02.md", &table("second-a", "second-b")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let page = read(dir.path(), "public/workstreams/site/index.html");
    let at = |name: &str| page.find(&format!(">{name}</th>")).unwrap_or_else(|| panic!("{name} in {page}"));
    assert!(
        at("second-a") < at("second-b") && at("second-b") < at("first-a") && at("first-a") < at("first-b")
    );
    // Each is numbered as the leverage curve numbers it: in date order, oldest first.
    for (number, name) in [(1, "first-a"), (2, "first-b"), (3, "second-a"), (4, "second-b")] {
        assert!(page.contains(&format!("data-number=\"{number}\">{name}</th>")), "{name}: {page}");
    }
}

#[test]
fn names_apart_only_by_a_hyphen_are_warned_about_as_two_pages() {
    let table = |stream: &str| {
        format!(
            "| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| a | {stream} | 1h | 7min |\n"
        )
    };
    let dir = site(&[
        (
            "content/records/2026-01-01.md",
            &format!("+++\ntags = [\"ai-agents\"]\n+++\n{}", table("frontend")),
        ),
        (
            "content/records/2026-01-02.md",
            &format!("+++\ntags = [\"AI agents\", \"aiagents\"]\n+++\n{}", table("Front-End")),
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let err = support::stderr(&output);
    assert!(
        err.contains(
            "content/records/2026-01-02.md:6:7: warning: workstream `Front-End` differs from `frontend` (first written \
             in content/records/2026-01-01.md) only by hyphens, underscores, spaces or case, yet the two are workstreams of their own, \
             each with a page (/workstreams/front-end/ and /workstreams/frontend/)"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/records/2026-01-02.md:2:22: warning: tag `aiagents` differs from `ai-agents`"),
        "{err}"
    );
    // `AI agents` is `ai-agents`'s page already: said as another spelling, not as a second page.
    assert_eq!(err.matches("only by hyphens").count(), 2, "{err}");
    // Versions whose slugs meet once their marks are dashes are other names.
    let dir = site(&[
        ("content/records/2026-01-01.md", &format!("+++\ntags = [\"v1.2\"]\n+++\n{}", table("Release 1.10"))),
        ("content/records/2026-01-02.md", &format!("+++\ntags = [\"v12\"]\n+++\n{}", table("Release 11.0"))),
    ]);
    let output = build(dir.path());
    assert!(!support::stderr(&output).contains("only by"), "{}", support::stderr(&output));
}

#[test]
fn the_exports_name_tags_and_workstreams_as_the_site_does() {
    let table = "| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n\
                 | a | Mobile App | 1h | 7min |\n| b | mobile-app | 1h | 7min |\n| 'quoted | **Mobile** App | 1h | 7min |\n";
    let dir = site(&[
        (
            "content/records/2026-01-01.md",
            &format!("+++\ntags = [\"alpha\", \"Alpha\", \" spaced \", \"C#\", \"C++\"]\n+++\n\n{table}"),
        ),
        (
            "content/records/2026-01-02.md",
            &format!("+++\nslug = \"-1-2\"\ntags = [\"ALPHA\"]\n+++\n\n{table}"),
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // A workstream written otherwise than first is warned about, once, as a tag is; the same
    // name with markup (`**Mobile** App`) is the same name.
    let err = support::stderr(&output);
    let warned: Vec<&str> = err.lines().filter(|l| l.contains("warning: workstream")).collect();
    assert_eq!(
        warned,
        [
            "content/records/2026-01-01.md:8:7: warning: workstream `mobile-app` is the workstream `Mobile App` (first \
          written in content/records/2026-01-01.md) (2 tasks write it so): both are on the page \
          /workstreams/mobile-app/, named as first written; write them alike, or apart enough to be two workstreams"
        ],
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "public/data/records.json")).expect("JSON");
    let records = json["records"].as_array().expect("records");
    // One tag per page, named as first written; the first spelling of `alpha` everywhere.
    assert_eq!(records[0]["tags"], serde_json::json!(["alpha", "spaced", "C#"]));
    assert_eq!(records[1]["tags"], serde_json::json!(["alpha"]));
    let streams: Vec<&serde_json::Value> = records
        .iter()
        .flat_map(|r| r["tasks"].as_array().expect("tasks"))
        .map(|t| &t["workstream"])
        .collect();
    assert!(streams.iter().all(|s| *s == "Mobile App"), "{streams:?}");
    let csv = read(dir.path(), "public/data/tasks.csv");
    // The slug and a text starting with `'` are guarded too: dropping one `'` gives each back.
    assert!(csv.contains("2026-01-02,\"'-1-2\",a,Mobile App,"), "{csv}");
    assert!(csv.contains(",\"''quoted\",Mobile App,"), "{csv}");
}

/// Each task of the exports names the agent of its table, so that a day of a Claude table and a
/// Codex table splits in the data as on the page; tasks.csv says which token counts are
/// approximate; a build with `--drafts` marks its drafts.
#[test]
fn the_exports_name_each_task_s_agent_and_mark_drafts() {
    let record = "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| a | 1h | 7min | ~45k |\n\n\
                  | Task | Human Est. | Codex Time | Tokens |\n|---|---|---|---|\n| b | 2h | 8min | 45k |\n";
    let dir = site(&[
        ("content/records/2026-01-01.md", record),
        ("content/records/2026-01-02.md", &format!("+++\ndraft = true\n+++\n\n{record}")),
    ]);
    let output =
        support::leverage(&["build", "--drafts", "--root", dir.path().to_str().expect("UTF-8 path")]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "public/data/records.json")).expect("JSON");
    let records = json["records"].as_array().expect("records");
    let agents: Vec<&serde_json::Value> =
        records[0]["tasks"].as_array().expect("tasks").iter().map(|t| &t["agent"]).collect();
    assert_eq!(agents, ["Claude", "Codex"]);
    assert_eq!(
        (&records[0]["draft"], &records[1]["draft"]),
        (&serde_json::json!(false), &serde_json::json!(true))
    );
    let csv = read(dir.path(), "public/data/tasks.csv");
    assert!(
        csv.contains("2026-01-01,2026-01-01,a,,60.0,7.0,,45000,8.571428571428571,Claude,true\r\n"),
        "{csv}"
    );
    assert!(csv.contains("2026-01-01,2026-01-01,b,,120.0,8.0,,45000,15.0,Codex,false\r\n"), "{csv}");
}

/// Two records of one day beside each other in "Day by day" are told apart by what else the
/// second one's slug says; a day of one record shows its date alone.
#[test]
fn two_records_of_one_day_are_told_apart_in_the_daily_table() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    let dir = site(&[
        ("content/records/2026-05-01.md", table),
        ("content/records/2026-05-01-pm.md", table),
        ("content/records/2026-05-02.md", table),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("2026-05-01</time> <span class=\"row-slug\">pm</span></a>"), "{home}");
    assert!(home.contains("2026-05-01</time></a>"), "{home}");
    assert!(home.contains("2026-05-02</time></a>"), "{home}");
    assert_eq!(home.matches("row-slug\"").count(), 1, "{home}");
}

/// Run in a folder that is no site, the message names `site.toml` as every other one does.
#[test]
fn a_folder_without_site_toml_is_named_without_a_dot() {
    let dir = tempfile::tempdir().expect("a folder");
    let output =
        crate::support::command().arg("build").current_dir(dir.path()).output().expect("leverage runs");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with("error: site.toml: no such file: expected a site folder, holding a site.toml"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists(), "nothing written");
    // `--format json` names the file as the text does, for an editor to place it.
    let output = crate::support::command()
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("leverage runs");
    let object: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(object["path"], "site.toml", "{object}");
    assert!(object["message"].as_str().is_some_and(|m| m.starts_with("no such file")), "{object}");
}

/// Run in a folder of a site (`content/records`, where a writer edits), a command without
/// `--root` finds the site above it, as Cargo and Zola do; `init` looks for none, and a given
/// `--root` is taken as it is.
#[test]
fn a_command_run_below_a_site_finds_it() {
    let dir = site(&[("content/records/2026-03-01.md", RECORD)]);
    let records = dir.path().join("content/records");
    let run = |args: &[&str]| {
        crate::support::command().args(args).current_dir(&records).output().expect("leverage runs")
    };
    let output = run(&["build"]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with("using the site in ../.. (its site.toml)\n"),
        "said once where the site is: {err}"
    );
    assert!(err.contains("built 1 record into") && err.contains(" in ../../public in "), "{err}");
    assert!(dir.path().join("public/records/2026-03-01/index.html").is_file());
    assert!(!records.join("public").exists());
    let output = run(&["--root", ".", "check"]);
    assert_eq!(output.status.code(), Some(1), "the records folder is no site");
    let output = run(&["init", "new-site"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(records.join("new-site/site.toml").is_file(), "init makes its site where it is asked");
}
