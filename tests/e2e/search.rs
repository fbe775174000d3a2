//! The search page and its index (site.toml's `build_search_index`). What the page's script does
//! with them is `browser::a_reader_finds_records_by_their_tasks_on_the_search_page`.

use std::path::Path;

use serde_json::Value;

use crate::support::{self, build, copy_dir, site, workspace, write};

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The example site built into a temporary folder.
fn example() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = support::leverage(&[
        "build",
        "--root",
        workspace().to_str().expect("UTF-8"),
        "--output-dir",
        out.path().to_str().expect("UTF-8"),
    ]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    out
}

#[test]
fn the_index_holds_every_record_newest_first_with_the_figures_the_site_computes() {
    let out = example();
    let index = read_json(&out.path().join("search/index.json"));
    let data = read_json(&out.path().join("data/records.json"));
    assert_eq!(
        index["fields"],
        serde_json::json!(["task", "workstream", "human", "ai", "leverage", "human_minutes", "ai_minutes"])
    );
    // Each tag's and workstream's page, by the name the records use.
    assert_eq!(index["tag_urls"]["resume-generator"], "https://example.org/tags/resume-generator/");
    assert_eq!(
        index["workstream_urls"]["Resume generator"],
        "https://example.org/workstreams/resume-generator/"
    );
    let names = |key: &str| index[key].as_object().map(|o| o.len()).unwrap_or_default();
    assert_eq!((names("tag_urls"), names("workstream_urls")), (4, 3), "every tag's and stream's");
    let found = index["records"].as_array().expect("a list of records");
    let records = data["records"].as_array().expect("records.json's records");
    assert_eq!(found.len(), records.len(), "every published record");
    assert!(found.len() >= 4, "the example's records");
    // Newest first, as the page lists what it finds: records.json's order reversed.
    for (entry, record) in found.iter().zip(records.iter().rev()) {
        for key in ["url", "date", "title", "tags"] {
            assert_eq!(entry[key], record[key], "{key} of {}", record["url"]);
        }
        let tasks = entry["tasks"].as_array().expect("tasks");
        let expected = record["tasks"].as_array().expect("records.json's tasks");
        assert_eq!(tasks.len(), expected.len(), "the tasks of {}", record["url"]);
        for (row, task) in tasks.iter().zip(expected) {
            let minutes =
                |key: &str| math::Minutes::new(task[key].as_f64().expect("minutes")).expect("a duration");
            let (human, ai) = (minutes("human_minutes"), minutes("ai_minutes"));
            let leverage = math::Leverage::ratio(human, ai).expect("a leverage");
            assert_eq!(
                row,
                &serde_json::json!([
                    task["task"],
                    task["workstream"],
                    math::display::duration(human),
                    math::display::duration(ai),
                    math::display::leverage(leverage),
                    task["human_minutes"],
                    task["ai_minutes"],
                ]),
                "a task of {}",
                record["url"]
            );
        }
    }
    // The sample's day: 18 tasks, among them the 45.7x one the sample states.
    let sample = found.iter().find(|r| r["date"] == "2026-02-28").expect("the sample's record");
    assert_eq!(sample["tasks"].as_array().map(Vec::len), Some(18));
    // Its date as pages write it, and its agent, as its task table names it.
    assert_eq!(
        (sample["date_display"].as_str(), sample["ai_label"].as_str()),
        (Some("February 28, 2026"), Some("Claude"))
    );
    // The search page links the index, and every page links the search page.
    let page = std::fs::read_to_string(out.path().join("search/index.html")).expect("the search page");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"), "{page}");
    for path in ["index.html", "records/2026-02-28/index.html", "archive/index.html", "about/index.html"] {
        let html = std::fs::read_to_string(out.path().join(path)).expect("a page");
        assert!(html.contains("<li><a href=\"https://example.org/search/\">Search</a></li>"), "{path}");
    }
    // A page with nothing of its own is not one a search engine should list.
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).expect("the sitemap");
    assert!(!sitemap.contains("/search/"), "{sitemap}");
}

#[test]
fn front_matter_in_the_index_is_json_escaped_and_drafts_are_left_out() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\nbuild_search_index = true\n"),
        (
            "content/records/2026-03-01.md",
            "+++\ntitle = \"Say \\\"hi\\\" </script> \\\\ é\"\ntags = [\"a\\\"b\"]\n+++\n\n\
             | Task | Workstream | Human | AI Time |\n|---|---|---|---|\n| Fix **bold** \"quotes\" | Ops | 2h | 10min |\n",
        ),
        (
            "content/records/2026-03-02.md",
            "+++\ndraft = true\n+++\n\n| Task | Human | AI Time |\n|---|---|---|\n| Secret | 1h | 1min |\n",
        ),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let index = read_json(&dir.path().join("public/search/index.json"));
    assert_eq!(
        index["records"],
        serde_json::json!([{
            "url": "https://example.org/records/2026-03-01/",
            "date": "2026-03-01",
            "date_display": "March 1, 2026",
            "title": "Say \"hi\" </script> \\ é",
            "tags": ["a\"b"],
            "ai_label": "AI",
            "tasks": [["Fix bold \"quotes\"", "Ops", "2h", "10min", "12x", 120.0, 10.0]],
        }])
    );
}

/// A day of two agents' tables names each task's agent, as its tables' headers do; a day of
/// one names it once.
#[test]
fn a_day_of_two_agents_names_each_task_s() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\nbuild_search_index = true\n"),
        (
            "content/records/2026-03-01.md",
            "| Task | Human | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n\
             | Task | Human | Codex |\n|---|---|---|\n| B | 1h | 5min |\n| C | 1h | 5min |\n",
        ),
        ("content/records/2026-03-02.md", "| Task | Human | Codex |\n|---|---|---|\n| D | 1h | 5min |\n"),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    let index = read_json(&dir.path().join("public/search/index.json"));
    let (one, two) = (&index["records"][0], &index["records"][1]);
    assert_eq!((one["date"].as_str(), one["ai_label"].as_str()), (Some("2026-03-02"), Some("Codex")));
    assert!(one.get("ai_labels").is_none(), "one agent is named once: {one}");
    assert_eq!(two["ai_label"], "AI");
    assert_eq!(two["ai_labels"], serde_json::json!(["Claude", "Codex", "Codex"]));
}

#[test]
fn without_the_key_there_is_no_search_and_a_theme_without_a_search_page_gets_the_index_alone() {
    let record = "| Task | Human | AI Time |\n|---|---|---|\n| Fix it | 1h | 6min |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(!dir.path().join("public/search").exists(), "no search without build_search_index");
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).expect("home");
    assert!(!home.contains(">Search</a>"), "no link to a page that is not there");

    // A theme of its own, without search.html: the index is written for it (as Zola writes one
    // for a theme to use), but no page and no link to one.
    copy_dir(&workspace().join("themes/default"), &dir.path().join("themes/mine"));
    std::fs::remove_file(dir.path().join("themes/mine/templates/search.html")).expect("removed");
    write(
        dir.path(),
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"mine\"\nbuild_search_index = true\n",
    );
    let output = build(dir.path());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(dir.path().join("public/search/index.json").is_file(), "the index");
    assert!(!dir.path().join("public/search/index.html").exists(), "no page");
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).expect("home");
    assert!(!home.contains(">Search</a>"), "no link to a page that is not there");
}

#[test]
fn a_page_of_the_writers_on_the_search_pages_url_is_named() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbuild_search_index = true\n"),
        ("content/search.md", "+++\ntitle = \"Search\"\n+++\n\nMy own search.\n"),
    ]);
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", support::stderr(&output));
    let stderr = support::stderr(&output);
    assert!(stderr.contains("content/search.md:"), "{stderr}");
    assert!(
        stderr.contains(
            "`/search/` is also the URL of the search page site.toml's `build_search_index` asks for; \
             expected a unique slug, or `build_search_index = false` to keep this page"
        ),
        "{stderr}"
    );
}
