//! Points of the contract (../shared/spec) that no other test holds the binary to on its own:
//! each test names the point and checks it where a user would meet it.

use crate::support::{self, build, leverage, read, records_json, site, stderr, workspace};

/// `hours_per_day` and `days_per_week` reach `d` and `w` durations, the Weeks column's check and
/// the exported working days and weeks (content-format.md: "site.toml `hours_per_day` (default 8)
/// and `days_per_week` (default 5)").
#[test]
fn the_working_day_and_week_of_site_toml_reach_every_figure() {
    // Under 6h days and 4-day weeks every stated Weeks figure is right; under 8h and 5 days two
    // are not.
    let record = "| Task | Human Est. | Claude Time | Weeks |\n|---|---|---|---|\n\
                  | A | 1.0w | 60min | 1 |\n| B | 1.5d | 30min | 0.38 |\n| C | 12h | 10min | 0.5 |\n";
    let toml = "title = \"T\"\nbase_url = \"https://example.org/\"\nhours_per_day = 6\ndays_per_week = 4\n";
    let dir = site(&[("site.toml", toml), ("content/records/2026-03-01.md", record)]);
    let root = dir.path().to_str().expect("UTF-8");
    let strict = leverage(&["check", "--strict", "--root", root]);
    assert!(strict.status.success(), "{}", stderr(&strict));
    assert!(build(dir.path()).status.success());
    let json = records_json(dir.path());
    let minutes: Vec<f64> = json["records"][0]["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["human_minutes"].as_f64().expect("a number"))
        .collect();
    assert_eq!(minutes, [24.0 * 60.0, 9.0 * 60.0, 12.0 * 60.0], "a week of 4 6h days, a day of 6h");
    // 45h of work: 7.5 days of 6h, 1.875 weeks of 4 days.
    assert_eq!(json["totals"]["human_working_days"], 7.5);
    assert_eq!(json["totals"]["human_working_weeks"], 1.875);
    // The defaults make B's day 8h and the weeks 40h: B's and C's stated weeks are then wrong.
    support::write(dir.path(), "site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n");
    let default = leverage(&["check", "--root", root]);
    let err = stderr(&default);
    assert!(err.contains("warning: stated 0.38 weeks, computed 0.3 weeks"), "{err}");
    assert!(err.contains("warning: stated 0.5 weeks, computed 0.3 weeks"), "{err}");
    assert!(!err.contains("stated 1 week"), "a week is a week whatever its length: {err}");
}

/// A stated supervisory factor is compared as a stated leverage is, and a mismatch is a warning
/// at its cell in both output formats (content-format.md, "Sup. Factor").
#[test]
fn a_wrong_stated_supervisory_factor_is_a_warning_at_its_cell() {
    let record = "| Task | Human Est. | Claude Time | Sup. | Sup. Factor |\n|---|---|---|---|---|\n\
                  | A | 10h | 10min | 20min | 300x |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let root = dir.path().to_str().expect("UTF-8");
    let text = leverage(&["check", "--root", root]);
    assert!(text.status.success(), "a warning alone passes: {}", stderr(&text));
    // 600min over 20min: 30x, at the cell `300x` (line 3, column 29).
    assert!(
        stderr(&text)
            .contains("content/records/2026-03-01.md:3:29: warning: stated supervisory 300x, computed 30x"),
        "{}",
        stderr(&text)
    );
    let json = leverage(&["check", "--format", "json", "--root", root]);
    let line = String::from_utf8_lossy(&json.stdout).lines().next().map(str::to_string).unwrap_or_default();
    let object: serde_json::Value = serde_json::from_str(&line).expect("a JSON object per line");
    assert_eq!(object["path"], "content/records/2026-03-01.md");
    assert_eq!((object["line"].as_u64(), object["col"].as_u64()), (Some(3), Some(29)));
    // Its end just past the cell's last character, as an editor's range is written.
    assert_eq!((object["end_line"].as_u64(), object["end_col"].as_u64()), (Some(3), Some(33)));
    assert_eq!(object["severity"], "warning");
    assert_eq!(object["message"], "stated supervisory 300x, computed 30x");
    let strict = leverage(&["check", "--strict", "--root", root]);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on it");
}

/// atom.xml holds the latest `feed_limit` records, 20 by default (content-format.md).
#[test]
fn the_feed_holds_the_latest_twenty_records_by_default() {
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 10min |\n";
    let names: Vec<String> = (1..=21).map(|day| format!("content/records/2026-03-{day:02}.md")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), record)).collect();
    let dir = site(&files);
    assert!(build(dir.path()).status.success());
    let feed = read(dir.path(), "public/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 20, "{feed}");
    assert!(feed.contains("/records/2026-03-21/") && feed.contains("/records/2026-03-02/"));
    assert!(!feed.contains("/records/2026-03-01/"), "the oldest is left out");
}

/// Exit status 2 for bad usage (cli-and-output.md: "0 success, 1 content, template or deploy
/// errors, 2 bad usage"), whatever the slip.
#[test]
fn every_kind_of_bad_usage_exits_2() {
    // A site of its own: `log` and `new` are among the commands, and should one of them ever be
    // taken as right, it writes here, not into the repository's example site.
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 10min |\n",
    )]);
    let root = dir.path().to_str().expect("UTF-8");
    for args in [
        &["build", "--no-such-flag"][..],
        &["publish"],
        &["stats", "--from", "2026-02-30"],
        &["stats", "--from", "yesterday"],
        &["serve", "--port", "99999"],
        &["log", "Task", "--human", "1h"],
        &["new", "--date", "2026-13-01"],
        &["check", "--format", "xml"],
    ] {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--root", root]);
        let output = leverage(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).starts_with("error: "), "{args:?}: {}", stderr(&output));
        support::assert_no_panic(&output);
    }
}

/// Records ascend by date, then slug (cli-and-output.md), in both exports, whatever their file
/// names or the order the files are listed in.
#[test]
fn records_of_one_day_are_ordered_by_slug_in_the_exports() {
    let record = |title: &str, slug: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2026-03-05\nslug = \"{slug}\"\n+++\n\n\
             | Task | Human Est. | Claude Time |\n|---|---|---|\n| {title} | 1h | 10min |\n"
        )
    };
    let dir = site(&[
        ("content/records/1-zeta.md", &record("Second", "b-second")),
        ("content/records/2-alpha.md", &record("First", "a-first")),
        ("content/records/0-earlier.md", &record("Earlier", "z-earlier").replace("2026-03-05", "2026-03-04")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let json = records_json(dir.path());
    let slugs: Vec<&str> = json["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| r["slug"].as_str().expect("a slug"))
        .collect();
    assert_eq!(slugs, ["z-earlier", "a-first", "b-second"]);
    let csv = read(dir.path(), "public/data/tasks.csv");
    let tasks: Vec<&str> = csv.lines().skip(1).map(|line| line.split(',').nth(2).expect("a task")).collect();
    assert_eq!(tasks, ["Earlier", "First", "Second"], "{csv}");
}

/// Nothing serve adds (its reload script, its event path) appears in `build` output
/// (cli-and-output.md).
#[test]
fn a_build_holds_nothing_of_serve() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("out");
    let output = leverage(&[
        "build",
        "--root",
        workspace().to_str().expect("UTF-8"),
        "--output-dir",
        out.to_str().expect("UTF-8"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = crate::golden::tree(&out);
    assert!(files.len() > 20, "the example site was built: {} files", files.len());
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("__leverage") && !text.contains("live-reload"), "{name} holds serve's script");
    }
}
