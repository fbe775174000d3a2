//! The sample post (tests/sites/sample/leverage-record-2026-02-28.txt) is a test: its 18 tasks and
//! aggregates must come out exactly, computed, and be shown by the display rules.

use crate::support::{self, workspace};

/// Human and AI minutes of the sample's 18 rows, and the leverage each must show.
const ROWS: [(f64, f64, &str); 18] = [
    (2400.0, 20.0, "120x"),
    (1200.0, 12.0, "100x"),
    (960.0, 12.0, "80x"),
    (720.0, 12.0, "60x"),
    (960.0, 18.0, "53.3x"),
    (960.0, 19.0, "50.5x"),
    (360.0, 8.0, "45x"),
    (480.0, 12.0, "40x"),
    (480.0, 12.0, "40x"),
    (480.0, 12.0, "40x"),
    (960.0, 25.0, "38.4x"),
    (720.0, 19.0, "37.9x"),
    (120.0, 4.0, "30x"),
    (360.0, 15.0, "24x"),
    (360.0, 15.0, "24x"),
    (480.0, 20.0, "24x"),
    (120.0, 8.0, "15x"),
    (120.0, 25.0, "4.8x"),
];

fn built_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary folder");
    let root = workspace();
    let output = support::leverage(&[
        "build",
        "--root",
        root.to_str().expect("UTF-8"),
        "--output-dir",
        out.path().join("public").to_str().expect("UTF-8"),
    ]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    out
}

#[test]
fn records_json_reproduces_the_sample() {
    let out = built_example();
    let json = support::records_json(out.path());
    let record = json["records"]
        .as_array()
        .expect("records")
        .iter()
        .find(|r| r["slug"] == "2026-02-28")
        .expect("the sample record");
    let tasks = record["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 18);
    for (task, (human, ai, _)) in tasks.iter().zip(ROWS) {
        assert_eq!(task["human_minutes"], human);
        assert_eq!(task["ai_minutes"], ai);
        assert_eq!(task["leverage"].as_f64(), Some(human / ai), "{}", task["task"]);
    }
    let totals = &record["totals"];
    assert_eq!(totals["tasks"], 18);
    assert_eq!(totals["human_minutes"], 12240.0);
    assert_eq!(totals["ai_minutes"], 268.0);
    assert_eq!(totals["tokens"], 1_230_000);
    assert_eq!(totals["tokens_known"], 16);
    assert_eq!(totals["tokens_approx"], true);
    assert_eq!(totals["weighted_leverage"], 45.67164179104478);
    assert_eq!(totals["supervisory_minutes"], serde_json::Value::Null);
    assert_eq!(totals["weighted_supervisory_leverage"], serde_json::Value::Null);
    assert!(totals.get("records").is_none(), "a record's totals have no record count");
}

#[test]
fn the_record_page_shows_the_sample_by_the_display_rules() {
    let out = built_example();
    let html = support::read(out.path(), "public/records/2026-02-28/index.html");
    let table = &html[html.find("<table").expect("a task table")..];
    let table = &table[..table.find("</table>").expect("a closed table")];
    let mut rest = table;
    for (_, _, shown) in ROWS {
        let at =
            rest.find(&format!(">{shown}<")).unwrap_or_else(|| panic!("{shown} in order in the task table"));
        rest = &rest[at + shown.len()..];
    }
    for figure in [">18<", ">204h<", ">268min<", "4h 28min", ">~1.23M<", ">45.7x<"] {
        assert!(html.contains(figure), "record page shows {figure}");
    }
    assert!(!html.contains("mismatch\""), "the sample's stated figures all agree");
}

/// The example record carries the sample's table cell for cell.
#[test]
fn the_example_record_is_the_sample_table() {
    let text = std::fs::read_to_string(support::sample_post()).expect("the sample post");
    let record = support::read(&workspace(), "content/records/2026-02-28.md");
    let start = text.find("Task Human Est. Claude Time Tokens Leverage\n").expect("the sample's table") + 44;
    let rows: Vec<&str> = text[start..].lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 18);
    for row in rows {
        let cells: Vec<&str> = row.rsplitn(4, ' ').collect();
        let lev = cells[0];
        assert!(record.contains(lev), "{row}");
        let markdown_row = record
            .lines()
            .find(|l| l.ends_with(&format!("| {lev} |")) && l.contains(&row[..30]))
            .unwrap_or_else(|| panic!("row {row}"));
        let plain: String =
            markdown_row.split('|').map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
        assert_eq!(plain, row);
    }
}
