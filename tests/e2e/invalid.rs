//! The catalogue of bad inputs: each gives exit status 1 and a diagnostic in the contract's form
//! (`path:line:col: error: message`), never a panic.

use crate::support::{self, site, write};

/// Builds a site made of `files` and returns the first line of stderr, checking exit status 1.
fn first_error(files: &[(&str, &str)]) -> String {
    let dir = site(files);
    first_error_in(dir.path())
}

fn first_error_in(root: &std::path::Path) -> String {
    let output = support::build(root);
    let err = support::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!root.join("public").exists(), "a failed first build writes nothing");
    err.lines().find(|l| l.contains(": error: ")).expect("an error diagnostic").to_string()
}

const TABLE: &str = "| Task | Human Est. | Claude Time |\n|---|---|---|\n";

#[test]
fn bad_toml() {
    let line = first_error(&[("content/records/2026-03-01.md", "+++\ntitle = \n+++\n")]);
    assert!(line.starts_with("content/records/2026-03-01.md:2:9: error: invalid front matter:"), "{line}");
}

#[test]
fn unknown_front_matter_key() {
    let line = first_error(&[("content/records/2026-03-01.md", "+++\ntittle = \"x\"\n+++\n")]);
    assert!(line.starts_with("content/records/2026-03-01.md:2:1: error: unknown front matter key `tittle`: expected one of `title`"), "{line}");
}

/// A file the markdown parser panics on (pulldown-cmark 0.13.6, found by fuzzing: a heading's
/// attributes on a line of their own in a list item) is an error at it, not a crash, and the
/// parser's panic is not printed.
#[test]
fn a_file_the_markdown_parser_fails_on() {
    let line = first_error(&[("content/records/2026-03-01.md", "+++\n+++\n- w\n    {}\n  -\n")]);
    assert!(
        line.starts_with("content/records/2026-03-01.md:1:1: error: the markdown parser (pulldown-cmark) failed on this file"),
        "{line}"
    );
}

/// YAML front matter's mistakes are said at their place, as TOML's are: a `: ` inside an
/// unquoted value at its line, with the fix; a key of the wrong kind at its value.
#[test]
fn bad_yaml_front_matter() {
    let line = first_error(&[("content/records/2026-03-01.md", "---\ntitle: Day 3: parsers\n---\n")]);
    assert!(
        line.starts_with("content/records/2026-03-01.md:2:")
            && line
                .contains("error: invalid front matter: a `: ` inside a value makes YAML read a second key"),
        "{line}"
    );
    let line = first_error(&[("content/records/2026-03-01.md", "---\ndraft: maybe\n---\n")]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:2:8: error: invalid front matter: expected `true` or `false` for `draft`, found `maybe`"
    );
}

/// A Windows path in a double-quoted title holds a backspace (`\b`): an error at the title, with
/// what to write instead, rather than a page and a feed with a character nobody can see.
#[test]
fn a_control_character_in_a_title() {
    let text = format!("+++\ntitle = \"Moved C:\\build\"\n+++\n\n{TABLE}| A | 2h | 5min |\n");
    let line = first_error(&[("content/records/2026-03-01.md", &text)]);
    assert!(
        line.starts_with(
            "content/records/2026-03-01.md:2:9: error: invalid front matter: expected text a page can show \
             for `title`, found `\\b`"
        ),
        "{line}"
    );
}

/// A tag (or workstream, slug, alias) whose page's folder would have a name longer than file
/// systems take is an error at it, from `check` too, not an error of the system's with no place.
#[test]
fn a_tag_too_long_for_a_folder_name() {
    let text = format!("+++\ntags = [\"ok\", \"{}\"]\n+++\n\n{TABLE}| A | 2h | 5min |\n", "日本".repeat(50));
    let line = first_error(&[("content/records/2026-03-01.md", &text)]);
    assert!(
        line.starts_with(
            "content/records/2026-03-01.md:2:15: error: expected a shorter tag: its page would be the folder \
             `日本日本日本日本日本日本日本日本日本日本日本日本…`, a name of 300 bytes (100 letters: one beyond ASCII takes two \
             to four), and file systems take names of up to 255"
        ),
        "{line}"
    );
    let dir = site(&[("content/records/2026-03-01.md", &text)]);
    let check = support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(check.status.code(), Some(1), "{}", support::stderr(&check));
}

/// A writer who made several slips sees them all in one run, in the order of the file: the
/// front matter's, then the task table's (not one per run, last line first).
#[test]
fn every_slip_of_a_record_is_reported_in_one_run() {
    let text =
        format!("+++\ntittle = \"x\"\ndraft = \"yes\"\ntag = [\"a\"]\n+++\n\n{TABLE}| A | 2h | 5 mns |\n");
    let dir = site(&[("content/records/2026-03-01.md", &text)]);
    first_error_in(dir.path());
    let err = support::stderr(&support::build(dir.path()));
    let places: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split(": error: ").next().unwrap_or(""))
        .collect();
    let file = "content/records/2026-03-01.md";
    assert_eq!(
        places,
        [format!("{file}:2:1"), format!("{file}:3:9"), format!("{file}:4:1"), format!("{file}:9:12")],
        "{err}"
    );
    assert!(err.contains("did you mean `title`?") && err.contains("did you mean `tags`?"), "{err}");
}

#[test]
fn a_section_file_in_records() {
    let line = first_error(&[("content/records/_index.md", "+++\ntitle = \"Records\"\n+++\n")]);
    assert!(
        line.starts_with(
            "content/records/_index.md:1:1: error: `_index.md` is a section file of Zola and Hugo"
        ),
        "{line}"
    );
}

#[test]
fn bad_duration() {
    let line = first_error(&[("content/records/2026-03-01.md", &format!("{TABLE}| A | soon | 5min |\n"))]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:7: error: expected a duration like `4h 28min`, found `soon`"
    );
}

#[test]
fn a_duration_written_as_clock_time_is_told_what_to_write() {
    let line = first_error(&[("content/records/2026-03-01.md", &format!("{TABLE}| A | 2h | 1:30 |\n"))]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:12: error: expected a duration like `4h 28min`, found `1:30`: clock time is \
         not read; did you mean `1h 30min` (or `1.5min` if it is minutes and seconds)?"
    );
}

/// `<sup>1</sup>` is read as its text, `1`: the error quotes the cell as written and speaks of
/// the markup, where a hint built on `1h 1` would say `1h 1min`.
#[test]
fn html_in_a_figure_s_cell_is_quoted_as_written() {
    let line = first_error(&[(
        "content/records/2026-03-01.md",
        &format!("{TABLE}| A | 1h <sup>1</sup> | 5min |\n"),
    )]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:7: error: expected a duration like `4h 28min`, found `1h <sup>1</sup>`: HTML \
         in a figure's cell is read as its text: write the figure alone, and a note in the prose below the table"
    );
    // A footnote's mark is no HTML: the figure beside it reads, and the mark, which the page's
    // table leaves out, is warned of.
    let dir = site(&[(
        "content/records/2026-03-01.md",
        &format!("{TABLE}| A | 1h[^1] | 5min |\n\n[^1]: A guess.\n"),
    )]);
    let output = support::build(dir.path());
    assert!(output.status.success());
    assert!(
        support::stderr(&output)
            .contains("3:9: warning: a footnote mark in a task table is no footnote there"),
        "{}",
        support::stderr(&output)
    );
}

#[test]
fn zero_ai_time() {
    let line = first_error(&[("content/records/2026-03-01.md", &format!("{TABLE}| A | 2h | 0min |\n"))]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:12: error: expected an AI time above zero, found `0min`: a task needs time to have a leverage"
    );
}

#[test]
fn negative_duration() {
    let line = first_error(&[("content/records/2026-03-01.md", &format!("{TABLE}| A | -2h | 5min |\n"))]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:7: error: expected a duration of zero or more, found the negative `-2h`"
    );
    // An AI or supervisory time must be above zero: a negative one is told so.
    let line = first_error(&[("content/records/2026-03-01.md", &format!("{TABLE}| A | 2h | -5min |\n"))]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:12: error: expected an AI time above zero, found the negative `-5min`"
    );
    let table = "| Task | Human Est. | Claude Time | Sup. |\n|---|---|---|---|\n| A | 2h | 5min | -3min |\n";
    let line = first_error(&[("content/records/2026-03-01.md", table)]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:19: error: expected a supervisory time above zero or an empty cell, found \
         the negative `-3min`"
    );
}

#[test]
fn missing_cell() {
    let line = first_error(&[("content/records/2026-03-01.md", &format!("{TABLE}| A | 2h |\n"))]);
    assert_eq!(
        line,
        "content/records/2026-03-01.md:3:11: error: missing cell: expected a value in the `Claude Time` column"
    );
    // A cell written empty (`||`) is said where it stands, not past the row's end, by the
    // parser's reading and the plain tables' alike (markup in a cell takes the parser).
    for (row, at) in [("|| 2h | 5min |", "3:2"), ("| A || 5min |", "3:6"), ("| *A* || 5min |", "3:8")] {
        let line = first_error(&[("content/records/2026-03-01.md", &format!("{TABLE}{row}\n"))]);
        assert!(
            line.starts_with(&format!("content/records/2026-03-01.md:{at}: error: missing cell")),
            "{row}: {line}"
        );
    }
}

#[test]
fn non_utf8_file() {
    let dir = site(&[]);
    write(dir.path(), "content/records/2026-03-01.md", b"ok\nbad \xff byte\n");
    let line = first_error_in(dir.path());
    assert_eq!(
        line,
        "content/records/2026-03-01.md:2:5: error: expected UTF-8 text, found a byte that is not UTF-8 at byte 7"
    );
}

/// A record or site.toml saved as Windows Notepad's "Unicode" (UTF-16 with its byte order mark)
/// is said to be UTF-16, not "a byte that is not UTF-8 at byte 0" over a line of `��+␀+␀`.
#[test]
fn a_utf16_file_is_said_to_be_utf16() {
    let utf16 = |text: &str, little: bool| -> Vec<u8> {
        let mark: &[u8] = if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] };
        let units = text.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() });
        mark.iter().copied().chain(units).collect()
    };
    let said = "error: expected UTF-8 text, found UTF-16 (its byte order mark first), as Windows Notepad saves \
                \"Unicode\" and PowerShell 5's `>` writes: save the file as UTF-8";
    for little in [true, false] {
        let dir = site(&[]);
        write(
            dir.path(),
            "content/records/2026-03-01.md",
            utf16("+++\ntitle = \"Day\"\n+++\n\nText.\n", little),
        );
        assert_eq!(first_error_in(dir.path()), format!("content/records/2026-03-01.md:1:1: {said}"));
    }
    // Its text in Japanese, no zero byte in its first characters.
    let dir = site(&[]);
    write(dir.path(), "content/records/2026-03-01.md", utf16("日本語の記録です。今日の作業。\n", true));
    assert_eq!(first_error_in(dir.path()), format!("content/records/2026-03-01.md:1:1: {said}"));
    let dir = site(&[]);
    write(dir.path(), "site.toml", utf16("title = \"T\"\n", true));
    assert_eq!(first_error_in(dir.path()), format!("site.toml:1:1: {said}"));
}

#[test]
fn non_utf8_site_toml_or_template() {
    let dir = site(&[]);
    write(dir.path(), "site.toml", b"title = \"T\"\nauthor = \"A\xffda\"\n");
    let line = first_error_in(dir.path());
    assert_eq!(line, "site.toml:2:12: error: expected UTF-8 text, found a byte that is not UTF-8 at byte 23");

    let dir = site(&[("content/about.md", "# About\n")]);
    write(dir.path(), "templates/robots.txt", b"User-agent: *\nDis\xfeallow:\n");
    let output = support::build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = support::stderr(&output);
    assert!(
        err.contains(
            "templates/robots.txt:2:4: error: expected UTF-8 text, found a byte that is not UTF-8 at byte 17: \
             a template is text; an image, a font or another file pages link belongs in `static/`"
        ),
        "{err}"
    );
    assert!(!dir.path().join("public").exists(), "a failed first build writes nothing");
    // A diagnostic like any other: `check --format json` gives its place in fields.
    let json =
        support::leverage(&["check", "--root", dir.path().to_str().expect("UTF-8"), "--format", "json"]);
    let object: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&json.stdout).lines().next().expect("one line"))
            .expect("JSON");
    assert_eq!(
        (&object["path"], &object["line"], &object["col"]),
        (&"templates/robots.txt".into(), &2.into(), &4.into())
    );
}

#[test]
fn record_without_a_date() {
    let line = first_error(&[("content/records/notes.md", "Hello.\n")]);
    assert_eq!(
        line,
        "content/records/notes.md:1:1: error: a record needs a date: expected `date = 2026-02-28` in front matter or a file name starting with YYYY-MM-DD"
    );
}

#[test]
fn two_pages_on_one_url() {
    let line = first_error(&[
        ("content/records/2026-03-01.md", "+++\nslug = \"day\"\n+++\n"),
        ("content/records/2026-03-02.md", "+++\nslug = \"day\"\n+++\n"),
    ]);
    assert_eq!(
        line,
        "content/records/2026-03-02.md:2:8: error: two pages on one URL: `/records/day/` is also the URL of another document (content/records/2026-03-01.md); expected a unique slug"
    );
}

/// A clash is said where a slug was written, when the other document's URL comes from its
/// file's name, whichever was read first.
#[test]
fn two_pages_on_one_url_are_said_at_the_slug_written() {
    let line = first_error(&[
        ("content/records/2026/nov-09.md", "+++\ndate = 2026-11-09\nslug = \"2026-11-09\"\n+++\n"),
        ("content/records/2026-11-09.md", "+++\n+++\n"),
    ]);
    assert_eq!(
        line,
        "content/records/2026/nov-09.md:3:8: error: two pages on one URL: `/records/2026-11-09/` is also the URL of another document (content/records/2026-11-09.md); expected a unique slug"
    );
}

/// A clash in a file that reads clean (whose text the build lets go once it is parsed) is still
/// quoted at its slug when another file has an error.
#[test]
fn a_clash_in_a_clean_page_is_placed_beside_another_file_s_error() {
    let dir = site(&[
        ("content/records/2026-03-02.md", &format!("{TABLE}| A | 2h | 5min |\n")),
        ("content/index.md", "+++\ntitle = \"Home\"\n+++\nhi\n"),
        ("content/x.md", "+++\ntitle = \"x\"\nslug = \"records/2026-03-02\"\n+++\nhi\n"),
    ]);
    let err = support::stderr(&support::build(dir.path()));
    assert!(err.contains("content/index.md:1:1: error: this page would be the home page"), "{err}");
    assert!(err.contains("content/x.md:3:8: error: two pages on one URL: `/records/2026-03-02/`"), "{err}");
    assert!(err.contains("slug = \"records/2026-03-02\""), "the slug is quoted: {err}");
}

#[test]
fn two_pages_on_one_url_are_told_with_the_content_s_other_errors() {
    let dir = site(&[
        ("content/records/2026-03-01.md", "+++\nslug = \"day\"\n+++\n"),
        ("content/records/2026-03-02.md", "+++\nslug = \"day\"\n+++\n"),
        ("content/records/2026-03-03.md", &format!("{TABLE}| A | soon | 5min |\n")),
    ]);
    let err = support::stderr(&support::build(dir.path()));
    assert!(err.contains("content/records/2026-03-02.md:2:8: error: two pages on one URL"), "{err}");
    assert!(err.contains("content/records/2026-03-03.md:"), "{err}");
    assert!(err.contains("2 error(s)"), "{err}");
    // A slug refused already is not said to clash as well.
    write(dir.path(), "content/records/2026-03-01.md", "+++\nslug = \"a day!\"\n+++\n");
    write(dir.path(), "content/records/2026-03-02.md", "+++\nslug = \"a day!\"\n+++\n");
    let err = support::stderr(&support::build(dir.path()));
    assert!(!err.contains("two pages on one URL"), "{err}");
    assert!(err.contains("3 error(s)"), "{err}");
}

#[test]
fn a_page_on_a_generated_url() {
    let line = first_error(&[("content/archive.md", "# Mine\n")]);
    assert!(line.starts_with("content/archive.md:1:1: error: two pages on one URL: `/archive/`"), "{line}");
}

#[test]
fn a_page_whose_folder_is_a_generated_file() {
    for (file, generated) in [
        ("content/atom.xml.md", "atom.xml"),
        ("content/robots.txt.md", "robots.txt"),
        ("content/404.html.md", "404.html"),
        ("content/data/records.json.md", "data/records.json"),
    ] {
        let line = first_error(&[(file, "+++\ntitle = \"x\"\n+++\nhi\n")]);
        let expected = format!(
            "{file}:1:1: error: two pages on one URL: `/{generated}/` would be a folder where leverage writes the file `{generated}`"
        );
        assert!(line.starts_with(&expected), "{line}");
    }
}

#[test]
fn bad_site_toml() {
    let line = first_error(&[("site.toml", "title = \"T\"\npaginate = 5\n")]);
    assert!(line.starts_with("site.toml:2:1: error: unknown site.toml key `paginate`"), "{line}");
}

#[test]
fn site_toml_values_are_refused_where_they_are_written() {
    for (setting, place, message) in [
        ("hours_per_day = 30", "2:17", "expected `hours_per_day` from 1 to 24, found 30"),
        ("paginate_by = 0", "2:15", "expected `paginate_by` of 1 or more, found 0"),
        ("feed_limit = 0", "2:14", "expected `feed_limit` of 1 or more, found 0"),
        ("paginate_tags_by = 0", "2:20", "expected `paginate_tags_by` of 1 or more, found 0"),
        ("paginate_workstreams_by = 0", "2:27", "expected `paginate_workstreams_by` of 1 or more, found 0"),
        ("base_url = \"example.org\"", "2:12", "expected `base_url` to be an http(s) URL"),
        ("theme = \"../x\"", "2:9", "expected `theme` to be the name of a folder in themes/"),
        ("theme = \"paper\"", "2:9", "theme `paper` not found: expected a folder themes/paper"),
    ] {
        let line = first_error(&[("site.toml", &format!("title = \"T\"\n{setting}\n"))]);
        assert!(line.starts_with(&format!("site.toml:{place}: error: {message}")), "{setting}: {line}");
    }
}

#[test]
fn a_missing_theme_is_told_the_themes_that_are_there() {
    let files = |theme: &str| {
        [("site.toml", format!("title = \"T\"\ntheme = \"{theme}\"\n")), ("themes/my/.keep", String::new())]
    };
    let hint = |theme: &str| {
        let owned = files(theme);
        let files: Vec<(&str, &str)> = owned.iter().map(|(p, t)| (*p, t.as_str())).collect();
        first_error(&files)
    };
    assert!(hint("defualt").ends_with("or `default`; did you mean `default`?"), "{}", hint("defualt"));
    assert!(hint("mine").ends_with("or `default`; themes/ holds `my`"), "{}", hint("mine"));
}

#[test]
fn the_snippet_points_at_the_value() {
    let dir = site(&[("content/records/2026-03-01.md", &format!("{TABLE}| A | soon | 5min |\n"))]);
    let err = support::stderr(&support::build(dir.path()));
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[2].ends_with("| A | soon | 5min |"), "{err}");
    let caret_line = lines[3];
    let source_line = lines[2];
    let value_at = source_line.find("soon").expect("value");
    assert_eq!(caret_line.find('^'), Some(value_at), "{err}");
    assert!(caret_line.ends_with("^^^^"), "{err}");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let dir = site(&[
        ("content/records/2026-03-01.md", &format!("{TABLE}| A | soon | 5min |\n| B | 1h | later |\n")),
        ("content/records/2026-03-02.md", "+++\ntittle = 1\n+++\n"),
    ]);
    let err = support::stderr(&support::build(dir.path()));
    assert_eq!(err.matches(": error: ").count(), 3, "{err}");
}
