//! `leverage check` and the rest of the catalogue of awkward inputs: what must simply work (BOM,
//! CRLF, tabs, a 10 MB file), what builds with a warning (empty files, front matter only, a
//! header-only table, a symlink loop, a broken internal link), and absurd figures.

use crate::support::{self, build, leverage, read, records_json, site, stderr, workspace, write};

const TABLE: &str = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 8h | 12min |\n";

fn check(root: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", root.to_str().expect("UTF-8")];
    args.extend_from_slice(extra);
    leverage(&args)
}

#[test]
fn the_example_sites_raise_no_false_alarm() {
    let output = check(&workspace(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "checked 4 records and 1 page: no errors, no warnings\n",
        "a correct real post raises nothing, and check says what it read"
    );
}

#[test]
fn a_figure_stated_finer_than_the_display_rules_is_answered_as_finely() {
    // 274min against 6min is 45.666...x: `45.66x` is wrong in its last digit, and a computed
    // `45.7x` beside it would look like agreement.
    let record = "| Task | Human Est. | Claude Time | Leverage | Weeks |\n|---|---|---|---|---|\n\
                  | A | 274min | 6min | 45.66x | 0.1145 |\n\n| Metric | Value |\n|---|---|\n\
                  | Weighted leverage | 45.66x |\n| Human-equivalent weeks | 0.1145 |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("warning: stated 45.66x, computed 45.67x"), "{err}");
    assert!(err.contains("warning: stated 45.66x for `Weighted leverage`, computed 45.67x"), "{err}");
    // 274min of a 40h week is 0.11416...
    assert!(err.contains("warning: stated 0.1145 weeks, computed 0.1142 weeks"), "{err}");
    assert!(err.contains("warning: stated 0.1145 for `Human-equivalent weeks`, computed 0.1142"), "{err}");
    // One week is one.
    let one = "| Task | Human Est. | Claude Time | Weeks |\n|---|---|---|---|\n| A | 10h | 6min | 1 |\n";
    write(dir.path(), "content/records/2026-03-01.md", one);
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("warning: stated 1 week, computed 0.25 weeks"), "{err}");
    // With the week's unit, or approximate, as a writer may put it.
    let units = "| Task | Human Est. | Claude Time | Weeks |\n|---|---|---|---|\n| A | 40h | 6min | 1.0w |\n\
                 | B | 80h | 6min | 2 weeks |\n| C | 38h | 6min | ~1 |\n| D | 10h | 6min | 1w |\n";
    write(dir.path(), "content/records/2026-03-01.md", units);
    let output = check(dir.path(), &[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("warning: stated 1 week, computed 0.25 weeks")
            && err.contains("0 error(s), 1 warning(s)"),
        "{err}"
    );
    // A count above zero never reads as none, as the Weeks cell shows it: 1min of a 40h week.
    let tiny = "| Task | Human Est. | Claude Time | Weeks |\n|---|---|---|---|\n| A | 1min | 1min | 0.5 |\n";
    write(dir.path(), "content/records/2026-03-01.md", tiny);
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("warning: stated 0.5 weeks, computed <0.01 weeks"), "{err}");
    // So is a table's totals row.
    let totals = "| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n\
                  | A | 274min | 6min | 45.7x |\n| Total | 274min | 6min | 45.66x |\n";
    write(dir.path(), "content/records/2026-03-01.md", totals);
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains("warning: stated 45.66x for the total of `Leverage`, computed 45.67x from the"),
        "{err}"
    );
}

#[test]
fn a_row_left_out_for_an_error_does_not_make_every_stated_total_wrong() {
    // Row B's zero AI time is an error, so B is in no computed total; the stated ones count it.
    let record = "| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n\
                  | A | 8h | 12min | 40x |\n| B | 4h | 0min | 30x |\n| Total | 12h | 12min | 60x |\n\n\
                  | Metric | Value |\n|---|---|\n| Total tasks | 2 |\n| Weighted leverage | 60x |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let output = check(dir.path(), &[]);
    let err = stderr(&output);
    assert!(!output.status.success(), "{err}");
    assert!(err.contains("error: expected an AI time above zero, found `0min`"), "{err}");
    assert!(err.contains("1 error(s), 0 warning(s)"), "only the error, no stated total called wrong: {err}");
    // A stated task leverage is still checked: it does not depend on the other rows.
    write(dir.path(), "content/records/2026-03-01.md", record.replace("| 40x |", "| 41x |"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("warning: stated 41x, computed 40x"), "{err}");
    assert!(err.contains("1 error(s), 1 warning(s)"), "{err}");
}

#[test]
fn a_type_written_bare_is_warned_of_as_a_tag_no_browser_shows() {
    let record = "Ported Vec<String> and `Vec<String>` and <kbd>Ctrl</kbd>.\n\n\
                  | Task | Human Est. | Claude Time |\n|---|---|---|\n| Port the Vec<T> parser | 8h | 12min |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains(
            "2026-03-01.md:1:11: warning: markdown reads `<String>` as an HTML tag, and browsers show nothing"
        ),
        "{err}"
    );
    assert!(err.contains("2026-03-01.md:5:15: warning: markdown reads `<T>` as an HTML tag"), "{err}");
    assert!(
        err.contains("0 error(s), 2 warning(s)"),
        "code and a known element are no tags to warn of: {err}"
    );
}

#[test]
fn a_time_metric_s_figure_in_brackets_is_checked_too() {
    // 5h + 6h + 1h = 12h human (1.5 working days), 40min AI.
    let tasks = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 5h | 10min |\n| B | 6h | 10min |\n| C | 1h | 20min |\n";
    let stats = |human: &str, ai: &str| {
        format!(
            "{tasks}\n| Metric | Value |\n|---|---|\n| Total human-equivalent hours | {human} |\n| Total Claude minutes | {ai} |\n"
        )
    };
    let dir =
        site(&[("content/records/2026-03-01.md", &stats("12h (1.5 working days)", "40min (0h 40min)"))]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Several equivalents are each the total, not parts of a sum; thousands keep their comma.
    write(
        dir.path(),
        "content/records/2026-03-01.md",
        stats("12h (0.3 weeks, 1.5 days)", "40min (0.7h; 0h 40min)"),
    );
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Notes in brackets are not figures.
    write(dir.path(), "content/records/2026-03-01.md", stats("12h (approx.)", "40min (3 sessions)"));
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    write(dir.path(), "content/records/2026-03-01.md", stats("12h (30 working days)", "40min (2h)"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains("warning: stated 30 working days in brackets for `Total human-equivalent hours`, computed 1.5 working days"),
        "{err}"
    );
    assert!(
        err.contains("warning: stated 2h in brackets for `Total Claude minutes`, computed 40min"),
        "{err}"
    );
    write(dir.path(), "content/records/2026-03-01.md", stats("12h", "40min (1h 4min)"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains("warning: stated 1h 4min in brackets for `Total Claude minutes`, computed 40min"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    // A bracket may convert the stated figure rather than the exact total: 5h 28min is stated
    // 5.5h, which is 5h 30min.
    let tasks = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 5h 28min | 10min |\n";
    write(
        dir.path(),
        "content/records/2026-03-01.md",
        format!(
            "{tasks}\n| Metric | Value |\n|---|---|\n| Total human-equivalent hours | 5.5h (5h 30min) |\n"
        ),
    );
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_mean_median_or_range_of_task_leverages_is_checked_as_such() {
    // Tasks at 30x, 36x and 3x: weighted 18x, mean 23x, median 30x, range 3x to 36x.
    let tasks = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 5h | 10min |\n| B | 6h | 10min |\n| C | 1h | 20min |\n";
    let stats = |median: &str| {
        format!(
            "{tasks}\n## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Weighted average leverage | 18x |\n\
             | Mean task leverage | 23x |\n| Median task leverage | {median} |\n| Min leverage | 3x |\n| Max leverage | 36x |\n"
        )
    };
    let dir = site(&[("content/records/2026-03-01.md", &stats("30x"))]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    write(dir.path(), "content/records/2026-03-01.md", stats("31x"));
    let output = check(dir.path(), &[]);
    assert_eq!(
        stderr(&output).lines().next(),
        Some(
            "content/records/2026-03-01.md:13:26: warning: stated 31x for `Median task leverage`, computed 30x"
        ),
        "{}",
        stderr(&output)
    );
    // An average that does not say which may be either the weighted leverage or the mean.
    for (average, passes) in [("18x", true), ("23x", true), ("30x", false)] {
        write(
            dir.path(),
            "content/records/2026-03-01.md",
            format!("{tasks}\n| Metric | Value |\n|---|---|\n| Average leverage | {average} |\n"),
        );
        let output = check(dir.path(), &["--strict"]);
        assert_eq!(output.status.success(), passes, "{average}: {}", stderr(&output));
        if !passes {
            assert!(
                stderr(&output).contains(
                    "stated 30x for `Average leverage`, computed 18x weighted, 23x as a plain mean"
                ),
                "{}",
                stderr(&output)
            );
            // The page shows it on the weighted leverage's line.
            assert!(build(dir.path()).status.success());
            let page = read(dir.path(), "public/records/2026-03-01/index.html");
            assert!(page.contains("title=\"stated in the post\">stated 30x"), "{page}");
        }
    }
    write(dir.path(), "content/records/2026-03-01.md", stats("31x"));
    // The page says it too, beside the computed median.
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("median 30x (stated 31x), range 3x to 36x"), "{page}");
}

#[test]
fn metrics_of_a_part_of_the_day_are_kept_as_written_not_checked_against_the_day() {
    // Every figure is right: Resume's 12x, Infra's 1.2x, the day's 3x. Before, `Resume leverage`
    // was read as the day's weighted leverage and `Tasks per hour` as its task count, each "wrong".
    let record = "| Task | Workstream | Human Est. | Cursor Time |\n|---|---|---|---|\n| A | Resume | 2h | 10min |\n\
                  | B | Infra | 1h | 50min |\n\n## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n\
                  | Total tasks | 2 |\n| Resume leverage | 12x |\n| Infra leverage | 1.2x |\n\
                  | Resume human hours | 2h |\n| Infra Cursor minutes | 50min |\n| Tasks per hour | 3.3 |\n\
                  | Longest task | B (50min) |\n| Total Cursor minutes | 60min |\n| Weighted average leverage | 3x |\n";
    let dir = site(&[("content/records/2026-03-01.md", record)]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(!err.contains("stated"), "no figure is called wrong: {err}");
    let unrecognised: Vec<&str> = err
        .lines()
        .filter_map(|l| l.split("unrecognised aggregate metric `").nth(1)?.split('`').next())
        .collect();
    assert_eq!(
        unrecognised,
        [
            "Resume leverage",
            "Infra leverage",
            "Resume human hours",
            "Infra Cursor minutes",
            "Tasks per hour",
            "Longest task"
        ],
        "{err}"
    );
    // The day's own figures are still checked: the agent named in the table's header counts.
    write(dir.path(), "content/records/2026-03-01.md", record.replace("| 60min |", "| 70min |"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("stated 70min for `Total Cursor minutes`, computed 60min"), "{err}");
    // The page keeps the writer's rows as written, and the day's 3x is not marked.
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("Resume leverage") && page.contains("Tasks per hour"), "{page}");
    assert!(!page.contains("stated 12x") && !page.contains("stated 3.3"), "{page}");
}

#[test]
fn a_day_in_parts_may_state_each_part_s_aggregates() {
    // A morning and an afternoon, each with its own aggregate table: 2h over 10min is 12x, 1h
    // over 20min 3x; the day is 3h over 30min, 6x.
    let day = |afternoon: &str| {
        format!(
            "## Morning\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n### Aggregate Stats\n\n\
             | Metric | Value |\n|---|---|\n| Total tasks | 1 |\n| Total human-equivalent hours | 2h |\n| Weighted average leverage | 12x |\n\n\
             ## Afternoon\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| B | 1h | 20min |\n\n### Aggregate Stats\n\n\
             | Metric | Value |\n|---|---|\n{afternoon}"
        )
    };
    // Each part's own figures, or the day's so far under the last part, agree.
    for afternoon in [
        "| Total tasks | 1 |\n| Total human-equivalent hours | 1h |\n| Weighted average leverage | 3x |\n",
        "| Total tasks | 2 |\n| Total human-equivalent hours | 3h |\n| Weighted average leverage | 6x |\n",
    ] {
        let dir = site(&[("content/records/2026-03-02.md", &day(afternoon))]);
        let output = check(dir.path(), &["--strict"]);
        assert!(output.status.success(), "{afternoon}: {}", stderr(&output));
        assert!(build(dir.path()).status.success());
        let page = read(dir.path(), "public/records/2026-03-02/index.html");
        assert!(!page.contains("stated"), "no figure is marked as differing: {page}");
    }
    // An agent's time is that agent's alone, on the page as in check: 30min is the day so far,
    // but Claude's tables hold 10min.
    let agents = "## Morning\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n\
                  ### Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total tasks | 1 |\n\n\
                  ## Afternoon\n\n| Task | Human Est. | Codex |\n|---|---|---|\n| B | 1h | 20min |\n\n\
                  ### Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total Claude minutes | 30min |\n";
    let dir = site(&[("content/records/2026-03-02.md", agents)]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains("stated 30min for `Total Claude minutes`, computed 10min from the Claude tables"),
        "{err}"
    );
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-02/index.html");
    assert!(page.contains("stated 30min"), "the page marks it too: {page}");
    // A figure that is neither the part's nor the day's is still wrong.
    let dir = site(&[("content/records/2026-03-02.md", &day("| Weighted average leverage | 4x |\n"))]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("stated 4x for `Weighted average leverage`, computed 6x"), "{err}");
}

#[test]
fn a_record_dated_after_today_is_warned_of() {
    // Tomorrow is today somewhere east of the machine: not warned of.
    let tomorrow = chrono::Local::now().date_naive().succ_opt().expect("a next day");
    let dir = site(&[
        ("content/records/2099-01-01.md", TABLE),
        ("content/records/2026-03-01.md", TABLE),
        (&format!("content/records/{tomorrow}.md"), TABLE),
        ("content/records/2099-02-01.md", &format!("+++\ndraft = true\n+++\n{TABLE}")),
        // A date written in front matter is said there, its line shown.
        ("content/records/launch.md", &format!("+++\ntitle = \"Launch\"\ndate = 2098-05-01\n+++\n{TABLE}")),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("content/records/2099-01-01.md:1:1: warning: dated 2099-01-01, after today ("),
        "{err}"
    );
    assert!(err.contains("content/records/launch.md:3:8: warning: dated 2098-05-01, after today ("), "{err}");
    assert!(err.contains("3 | date = 2098-05-01"), "{err}");
    assert_eq!(err.matches("after today").count(), 2, "not the past record, tomorrow's, nor a draft: {err}");
}

/// A year mistyped into the past (`1026` for `2026`) is warned of as one into the future is: it
/// passed silently, and opened the archive and every chart.
#[test]
fn a_record_dated_before_1970_is_warned_of() {
    let dir = site(&[("content/records/1026-03-01.md", TABLE), ("content/records/2026-03-01.md", TABLE)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("content/records/1026-03-01.md:1:1: warning: dated 1026-03-01, before 1970"),
        "{err}"
    );
    assert_eq!(err.matches("before 1970").count(), 1, "{err}");
}

#[test]
fn a_totals_row_is_no_task_and_its_figures_are_checked() {
    let table = |human: &str| {
        format!(
            "| # | Task | Human Est. | Claude | Tokens | Leverage |\n|---|---|---|---|---|---|\n\
             | 1 | A | 5h | 10min | 40k | 30x |\n| 2 | B | 1h | 20min | 20k | 3x |\n\
             | | **Total** | **{human}** | **30min** | **60k** | **12x** |\n"
        )
    };
    let dir = site(&[("content/records/2026-03-01.md", &table("6h"))]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(build(dir.path()).status.success());
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "public/data/records.json")).expect("records.json");
    let record = &json["records"][0];
    assert_eq!(record["totals"]["tasks"], 2, "{record}");
    assert_eq!(record["totals"]["human_minutes"], 360.0, "{record}");
    // A total that does not add up is said at its cell; the tasks are still the two rows.
    write(dir.path(), "content/records/2026-03-01.md", table("7h"));
    let output = check(dir.path(), &[]);
    assert_eq!(
        stderr(&output).lines().next(),
        Some(
            "content/records/2026-03-01.md:5:17: warning: stated 7h for the total of `Human Est.`, computed 6h from the 2 rows above"
        ),
        "{}",
        stderr(&output)
    );
    // A total's figure in brackets is checked as an aggregate's is.
    write(dir.path(), "content/records/2026-03-01.md", table("6h (0.75 days)"));
    assert!(check(dir.path(), &["--strict"]).status.success());
    write(dir.path(), "content/records/2026-03-01.md", table("6h (2 days)"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("warning: stated 2 days in brackets for `Human Est.`, computed 0.8 days"), "{err}");
}

#[test]
fn a_factor_as_pages_show_it_below_a_tenth_reads_back() {
    let record = |last: &str| {
        format!(
            "| Task | Human Est. | Claude Time | Leverage | Weeks |\n|---|---|---|---|---|\n\
             | tiny | 1min | 50h | <0.1x | <0.1 |\n| {last} |\n"
        )
    };
    let dir = site(&[("content/records/2026-03-01.md", &record("b | 1h | 1h | 1x | <0.1"))]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // It is checked as any stated factor is.
    write(dir.path(), "content/records/2026-03-01.md", record("b | 2h | 1h | <0.1x | 0.1"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("2026-03-01.md:4:17: warning: stated <0.1x, computed 2x"), "{err}");
    // The page says what was stated as it was written.
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("stated &lt;0.1x"), "{page}");
    assert!(!page.contains("0.0x"), "{page}");
}

#[test]
fn a_total_under_the_last_of_several_tables_may_be_the_day_s() {
    let record = |last: &str| {
        format!(
            "## Morning\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 2h | 10min |\n| b | 3h | 10min |\n\n\
             ## Afternoon\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| c | 4h | 20min |\n{last}"
        )
    };
    // The afternoon's own total, or the day's: both add up.
    for last in
        ["| Total | 4h | 20min |\n", "| Grand total | 9h | 40min |\n", "| Total | 9h (1.1 days) | 40min |\n"]
    {
        let dir = site(&[("content/records/2026-03-01.md", &record(last))]);
        let output = check(dir.path(), &["--strict"]);
        assert!(output.status.success(), "{last}: {}", stderr(&output));
        assert!(build(dir.path()).status.success());
        assert_eq!(records_json(dir.path())["records"][0]["totals"]["tasks"], 3, "{last}");
    }
    // One that is neither is answered with both.
    let dir = site(&[("content/records/2026-03-01.md", &record("| Grand total | 8h | 40min |\n"))]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains(
            "warning: stated 8h for the total of `Human Est.`, computed 4h from the 1 row above, or 9h from the 3 rows of this table and those above"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "the Claude total is the day's: {err}");
}

/// A day's total of tokens under a table whose own rows count none was not checked at all: it
/// is the day's, and is checked against the day so far. One that agrees says nothing.
#[test]
fn a_grand_total_of_tokens_under_a_table_without_them_is_checked_against_the_day() {
    let record = |tokens: &str| {
        format!(
            "| Task | Human Est. | Claude Time | Tokens | Leverage |\n|---|---|---|---|---|\n\
             | a | 2h | 15min | 10k | ~8.3x |\n| b | 4h | 10min | 20k | 24x |\n| Total | 6h | 25min | 30k | 14.4x |\n\n\
             | Task | Human Est. | Claude Time | Tokens | Leverage |\n|---|---|---|---|---|\n\
             | c | 1h | 5min | | 12x |\n| Grand total | 7h | 30min | {tokens} | 14x |\n"
        )
    };
    let dir = site(&[("content/records/2026-03-01.md", &record("~90k"))]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains(
            "warning: stated ~90k for the total of `Tokens`, computed ~30k from the 3 rows of this table and those above (this table's own rows give none)"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    let dir = site(&[("content/records/2026-03-01.md", &record("~30k"))]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // A table's own `Total` of a figure its rows leave out is what the writer knows of that
    // table, not the day's: not compared with the day (it raised false alarms).
    let session = "| Task | Human Est. | Claude Time | Sup. | Tokens |\n|---|---|---|---|---|\n\
                   | a | 2h | 10min | 5min | 10k |\n| b | 2h | 10min | 5min | 20k |\n\n\
                   | Task | Human Est. | Claude Time | Sup. | Tokens |\n|---|---|---|---|---|\n\
                   | c | 1h | 5min | | |\n| d | 1h | 5min | | |\n| Total | 2h | 10min | 30min | 50k |\n";
    let dir = site(&[("content/records/2026-03-01.md", session)]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // A row whose other figures are the day's is the day's whatever its label (`Total (day)`),
    // and a plural label is a totals row (`Grand totals` was read as a task).
    let two = "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| a | 2h | 10min | 10k |\n\
               | b | 2h | 10min | 20k |\n\n| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n\
               | c | 1h | 5min | |\n| d | 1h | 5min | |\n";
    for last in ["| Total (day) | 6h | 30min | 999k |\n", "| Grand totals | 6h | 30min | 999k |\n"] {
        let dir = site(&[("content/records/2026-03-01.md", &format!("{two}{last}"))]);
        let err = stderr(&check(dir.path(), &[]));
        assert!(
            err.contains("warning: stated 999k for the total of `Tokens`, computed ~30k"),
            "{last}: {err}"
        );
        assert!(build(dir.path()).status.success());
        assert_eq!(records_json(dir.path())["records"][0]["totals"]["tasks"], 4, "{last}: no task");
    }
}

#[test]
fn a_total_named_in_other_words_or_above_a_late_row_is_no_task() {
    let tasks =
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 2h | 10min |\n| b | 3h | 10min |\n";
    for last in ["Total (2 tasks)", "Total for the day", "*Subtotal*", "Total.", "Total —"] {
        let dir = site(&[("content/records/2026-03-01.md", &format!("{tasks}| {last} | 5h | 20min |\n"))]);
        let output = check(dir.path(), &["--strict"]);
        assert!(output.status.success(), "{last}: {}", stderr(&output));
        assert!(build(dir.path()).status.success());
        let totals = &records_json(dir.path())["records"][0]["totals"];
        assert_eq!(
            (totals["tasks"].as_u64(), totals["human_minutes"].as_f64()),
            (Some(2), Some(300.0)),
            "{last}"
        );
    }
    // A late task under the total: the total is still no task, and the writer is told.
    let record = format!("{tasks}| **Total** | 5h | 20min |\n| c | 1h | 10min |\n");
    let dir = site(&[("content/records/2026-03-01.md", &record)]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains(
            "2026-03-01.md:5:1: warning: `Total` names a total but rows follow it: left out of the tasks"
        ),
        "{err}"
    );
    assert!(build(dir.path()).status.success());
    let totals = &records_json(dir.path())["records"][0]["totals"];
    assert_eq!((totals["tasks"].as_u64(), totals["human_minutes"].as_f64()), (Some(3), Some(360.0)));
}

#[test]
fn an_aggregate_table_with_a_notes_column_is_checked_and_shown_as_written() {
    let record = |tasks: &str| {
        format!(
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n\n## Aggregate Stats\n\n\
             | Metric | Value | Notes |\n|---|---|---|\n| Total tasks | {tasks} | counted by hand |\n\
             | Weighted average leverage | 12x | a quiet day |\n"
        )
    };
    let dir = site(&[("content/records/2026-03-01.md", &record("1"))]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // A wrong figure is said at its cell, as in a two-column table.
    write(dir.path(), "content/records/2026-03-01.md", record("4"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("2026-03-01.md:9:17: warning: stated 4 for `Total tasks`, computed 1"), "{err}");
    // The page keeps the writer's notes, which the computed block has no room for.
    assert!(build(dir.path()).status.success());
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<td>a quiet day</td>"), "{page}");
}

#[test]
fn a_broken_deploy_target_fails_the_check_at_its_place() {
    let toml = "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[[deploy.targets]]\nname = \"x\"\nurl = \"https://b/blog\"\n";
    let dir = site(&[("site.toml", toml), ("content/records/2026-03-01.md", TABLE)]);
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("site.toml:6:7: error: deploy target 1 (`x`): unsupported url `https://b/blog`"),
        "{}",
        stderr(&output)
    );
    // A url that may hold a secret is not quoted: the error is at the target's table.
    let secret = toml.replace("https://b/blog", "git+https://ada:hunter2@example.org/l.git");
    write(dir.path(), "site.toml", &secret);
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("credentials never go in site.toml"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("hunter2"), "{}", stderr(&output));
    let fixed = toml.replace("https://b/blog", "s3://bucket/blog");
    write(dir.path(), "site.toml", &fixed);
    assert!(check(dir.path(), &[]).status.success());
}

#[test]
fn strict_makes_warnings_fail_and_check_writes_nothing() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        &TABLE
            .replace("12min |", "12min | 300x |")
            .replace("Claude Time |", "Claude Time | Leverage |")
            .replace("|---|---|---|", "|---|---|---|---|"),
    )]);
    assert!(check(dir.path(), &[]).status.success(), "warnings alone pass");
    let strict = check(dir.path(), &["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("error: stated 300x, computed 40x"),
        "under --strict a warning is an error: {}",
        stderr(&strict)
    );
    assert!(!dir.path().join("public").exists(), "check writes nothing");
}

#[test]
fn json_format_gives_one_object_per_diagnostic() {
    let dir = site(&[
        ("content/records/2026-03-01.md", "+++\ntittle = 1\n+++\n"),
        ("content/records/2026-03-02.md", &TABLE.replace("8h", "soon")),
    ]);
    let output = check(dir.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let objects: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect();
    // The first record's unknown key, then (its body read all the same) its missing table, then
    // the second record's bad duration.
    assert_eq!(objects.len(), 3, "{stdout}");
    assert_eq!(objects[0]["path"], "content/records/2026-03-01.md");
    assert_eq!(objects[0]["line"], 2);
    assert_eq!(objects[0]["col"], 1);
    assert_eq!(objects[0]["severity"], "error");
    assert_eq!(objects[1]["path"], "content/records/2026-03-01.md");
    assert_eq!(objects[1]["severity"], "warning");
    assert_eq!(objects[2]["message"], "expected a duration like `4h 28min`, found `soon`");
}

/// In GitHub Actions, `--format github` annotates each line of the pull request: the file's
/// absolute path (the runner makes it the repository's; a relative one it would take from the
/// repository's root, whatever the step's folder), its span, and a path with a comma kept whole
/// by GitHub's escapes.
#[test]
fn github_format_annotates_each_line_of_its_file() {
    let dir = site(&[
        ("content/records/2026-03-01.md", "+++\ntittle = 1\n+++\n"),
        ("content/records/2026-03-02, late.md", &TABLE.replace("8h", "soon")),
    ]);
    let repository = tempfile::tempdir().expect("a folder");
    std::fs::rename(dir.path(), repository.path().join("site")).expect("moved");
    let output = crate::support::command()
        .current_dir(repository.path())
        .args(["check", "--root", "site", "--format", "github"])
        .output()
        .expect("leverage runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout.clone()).expect("UTF-8");
    let here = repository.path().canonicalize().expect("the folder");
    let absolute = format!("file={}/", here.display());
    assert_eq!(stdout.matches(&absolute).count(), 4, "every path absolute: {stdout}");
    let stdout = stdout.replace(&absolute, "file=");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with(
            "::error file=site/content/records/2026-03-01.md,line=2,col=1,endLine=2,endColumn=6,title=leverage::unknown front matter key `tittle`"
        ),
        "{stdout}"
    );
    assert!(lines[1].starts_with("::warning file=site/content/records/2026-03-01.md,"), "{stdout}");
    assert!(
        lines.contains(
            &"::error file=site/content/records/2026-03-02%2C late.md,line=3,col=14,endLine=3,endColumn=17,\
              title=leverage::expected a duration like `4h 28min`, found `soon`"
        ),
        "{stdout}"
    );
    // Every annotation is one line, and the text is on stderr as ever.
    assert!(lines.iter().all(|l| l.starts_with("::")), "{stdout}");
    assert!(
        stderr(&output)
            .contains("content/records/2026-03-01.md:2:1: error: unknown front matter key `tittle`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn internal_links_that_point_at_no_page_are_reported() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            &format!(
                "See [the day before](../2026-02-28/), [about](/about/) and [feed](/atom.xml).\n\n{TABLE}"
            ),
        ),
        (
            "content/about.md",
            "# About\n\n[Home](/) [Archive](../archive/) [Gone](/records/nope/) [Out](https://example.com/x)\n",
        ),
    ]);
    let output = check(dir.path(), &[]);
    let err = stderr(&output);
    assert!(err.contains("content/records/2026-03-01.md:1:5: warning: link to `../2026-02-28/` points at no page of the site: nothing is built at /records/2026-02-28/"), "{err}");
    assert!(
        err.contains("content/about.md:3:34: warning: link to `/records/nope/` points at no page"),
        "{err}"
    );
    assert_eq!(err.matches("warning: link").count(), 2, "{err}");
}

/// A runaway link (a paragraph pasted as its target) is quoted in part, as every value is: the
/// whole of it was quoted twice, in the link and in the path nothing is built at.
#[test]
fn a_runaway_link_is_quoted_in_part() {
    let long = "x".repeat(3000);
    let about =
        format!("# About\n\n[a](/{long}/) ![b](../{long}.png) [c](/about/#{long}) [d](/old/#{long})\n");
    let record = format!("+++\naliases = [\"/old/\"]\n+++\n\n{TABLE}");
    let dir = site(&[("content/records/2026-03-01.md", &record), ("content/about.md", &about)]);
    let output = check(dir.path(), &["--format", "json"]);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let messages: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON object per line"))
        .map(|o| o["message"].as_str().expect("a message").to_string())
        .collect();
    assert_eq!(messages.len(), 4, "{stdout}");
    // The link to write instead of one through an alias is offered whole or not at all.
    assert!(
        messages[3].ends_with("link to /records/2026-03-01/ with the fragment instead"),
        "{}",
        messages[3]
    );
    let clipped = format!("{}…", "x".repeat(59));
    for message in &messages {
        assert!(message.chars().count() < 300, "{message}");
        assert!(message.contains(&clipped), "{message}");
    }
}

#[test]
fn links_are_compared_with_base_url_as_a_browser_reads_them() {
    let about = "# About\n\n[a](/blög/records/2026-03-01/) [b](https://Example.org:443/blög/records/2026-03-01/) \
                 [c](https://example.org/bl%C3%B6g/about/) [d](/blög) [e](caf%C3%A9/) \
                 [f](https://EXAMPLE.org/blög/records/nope/) [g](https://example.org/elsewhere/) \
                 [h](//example.org/blög/records/2026-03-01/) [i](//cdn.example/lib.js) \
                 [j](//example.org/blög/nope/) [k](10:30/)\n";
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/blög\"\n"),
        ("content/records/2026-03-01.md", TABLE),
        ("content/about.md", about),
        ("content/about/café.md", "# Café\n"),
    ]);
    let output = check(dir.path(), &[]);
    let err = stderr(&output);
    assert!(err.contains("link to `https://EXAMPLE.org/blög/records/nope/` points at no page"), "{err}");
    // A scheme-relative link is on the site when its host is; `10:30/` is a relative path.
    assert!(err.contains("link to `//example.org/blög/nope/` points at no page"), "{err}");
    assert!(
        err.contains(
            "link to `10:30/` points at no page of the site: nothing is built at /blög/about/10:30/"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning: link").count(), 3, "{err}");
}

#[test]
fn links_to_an_element_are_checked_against_the_rendered_page() {
    let record = format!(
        "Intro, see [the analysis](#analysis) and [nothing](#nope).\n\n{TABLE}\n## Analysis\n\nText.\n"
    );
    let about = "# About\n\n[a](/records/2026-03-01/#analysis) [b](/records/2026-03-01/#Analysis) \
                 [c](/#main) [d](/archive/#top) [e](#) [f](/atom.xml#x) [g](/records/2026-03-01/#%C3%BCber) \
                 [h](../records/2026-03-01/?q=1#uber)\n\n## Über\n";
    let dir = site(&[("content/records/2026-03-01.md", &record), ("content/about.md", about)]);
    let output = check(dir.path(), &[]);
    let err = stderr(&output);
    assert!(
        err.contains("content/records/2026-03-01.md:1:42: warning: link to `#nope` points at no element of /records/2026-03-01/: nothing there has the id `nope`"),
        "{err}"
    );
    // Ids are matched as written: the heading's id is `analysis`, and `über` is on the about page.
    assert!(err.contains("link to `/records/2026-03-01/#Analysis` points at no element"), "{err}");
    // A slip of an id there gets the id meant.
    assert!(err.contains("nothing there has the id `Analysis`; did you mean `#analysis`?"), "{err}");
    assert!(err.contains("nothing there has the id `nope`\n"), "nothing near it: {err}");
    assert!(err.contains("link to `/records/2026-03-01/#%C3%BCber` points at no element"), "{err}");
    assert!(err.contains("link to `../records/2026-03-01/?q=1#uber` points at no element"), "{err}");
    assert_eq!(err.matches("warning: link").count(), 4, "{err}");

    // The same warnings come from `build`, which checks the pages it writes, and quotes the
    // line although it let go of the record's text while rendering.
    let output = build(dir.path());
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(err.matches("points at no element").count(), 4, "{err}");
    assert!(err.contains("1 | Intro, see [the analysis](#analysis) and [nothing](#nope)."), "{err}");
}

#[test]
fn links_to_an_element_of_a_redirect_or_a_static_page_are_not_read_there() {
    let links = "# Links\n\n[a](/old/#analysis) [b](/about/#team) [c](https:../records/2026-03-01/#analysis) \
                 [d](https:records/2026-03-01/)\n";
    let record = format!("+++\naliases = [\"/old/\"]\n+++\n{TABLE}\n## Analysis\n");
    let dir = site(&[
        ("content/records/2026-03-01.md", &record),
        ("content/links.md", links),
        ("content/about.md", "# About\n"),
        ("static/about/index.html", "<h2 id=\"team\">Team</h2>"),
    ]);
    let err = stderr(&check(dir.path(), &[]));
    assert!(
        err.contains("link to `/old/#analysis` leads to a redirect to /records/2026-03-01/, which loses `#analysis` on the way: link to /records/2026-03-01/#analysis instead"),
        "{err}"
    );
    // `https:records/...` is relative to the page, as a browser reads it: /links/records/...
    assert!(err.contains("link to `https:records/2026-03-01/` points at no page of the site: nothing is built at /links/records/2026-03-01/"), "{err}");
    // static/about/index.html replaces the about page; it is not read for ids.
    assert!(!err.contains("link to `/about/#team`"), "{err}");
    assert_eq!(err.matches("warning: link").count(), 2, "{err}");
}

#[test]
fn links_to_static_files_count_the_files_as_written() {
    let about = "# About\n\n[icon](/favicon.svg) [css](/style.css) [mine](/files/a.txt)\n";
    let dir = site(&[("content/about.md", about), ("static/files/a.txt", "a")]);
    let err = stderr(&check(dir.path(), &[]));
    // The theme's stylesheet is written as style.<hash>.css.
    assert!(err.contains("link to `/style.css` points at no page"), "{err}");
    assert_eq!(err.matches("warning: link").count(), 1, "{err}");
}

#[test]
fn the_record_note_s_links_are_checked_as_every_record_page_shows_them() {
    let toml = "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n\
                record_note = \"See [about](about/), [the archive](/archive/), [ok](../../about/), \
                [notes](notes.txt), [a heading](#analysis), [mine](#note-more) and [home](https://example.org/blog/); \
                [/gone/](/gone/).\\n\\n## More\"\n";
    let record = format!("{TABLE}\n## Analysis\n");
    let dir = site(&[
        ("site.toml", toml),
        ("content/records/2026-03-01.md", &record),
        ("content/records/2026-03-02/index.md", TABLE),
        ("content/records/2026-03-02/notes.txt", "n"),
        ("content/about.md", "# About\n"),
    ]);
    let err = stderr(&check(dir.path(), &[]));
    // Each warning is at the link as site.toml writes it (`about/` at column 28 of line 3), read
    // from the newest record's page.
    assert!(
        err.contains("site.toml:3:28: warning: link to `about/` points at no page of the site: nothing is built at /blog/records/2026-03-02/about/"),
        "{err}"
    );
    assert!(
        err.contains(
            "site.toml:3:51: warning: link to `/archive/` points outside the site, which lives below `/blog/`"
        ),
        "{err}"
    );
    // A file in the newest record's folder is missing from the other's.
    assert!(err.contains("site.toml:3:91: warning: link to `notes.txt` points at no page of the site: nothing is built at /blog/records/2026-03-01/notes.txt"), "{err}");
    // `#analysis` is a heading of one record, not of the page read for the note (the newest).
    assert!(err.contains("warning: link to `#analysis`"), "{err}");
    // At the link's destination, not at its text that reads the same.
    let line = toml.lines().nth(2).expect("the note's line");
    let col = line.find("(/gone/)").expect("written") + 2;
    assert!(
        err.contains(&format!("site.toml:3:{col}: warning: link to `/gone/` points outside the site")),
        "{err}"
    );
    assert_eq!(err.matches("warning: link").count(), 5, "{err}");
}

#[test]
fn images_are_checked_like_links() {
    let record = format!(
        "![chart](/img/chart.png) ![typo](/img/chart-typo.png) ![ok](ok.png) ![typo](chrt.png)\n\n{TABLE}"
    );
    let about = "# About\n\n![out](/elsewhere/a.png) ![remote](https://cdn.example/a.png) ![inline](data:image/png;base64,AAAA)\n";
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n"),
        ("content/records/2026-03-01/index.md", &record),
        ("content/records/2026-03-01/ok.png", "png"),
        ("content/about.md", about),
        ("static/img/chart.png", "png"),
    ]);
    let err = stderr(&check(dir.path(), &[]));
    // Below the base path /blog/, `/img/chart.png` is outside the site: deployed, it would break.
    assert!(
        err.contains("content/records/2026-03-01/index.md:1:1: warning: image `/img/chart.png` points outside the site, which lives below `/blog/`"),
        "{err}"
    );
    assert!(err.contains("image `/img/chart-typo.png` points outside the site"), "{err}");
    assert!(
        err.contains("warning: image `chrt.png` points at no file of the site: nothing is built at /blog/records/2026-03-01/chrt.png"),
        "{err}"
    );
    assert!(err.contains("image `/elsewhere/a.png` points outside the site"), "{err}");
    assert_eq!(err.matches("warning: image").count(), 4, "{err}");

    // At the root, the static file is found and the typo is not.
    std::fs::write(dir.path().join("site.toml"), "title = \"T\"\nbase_url = \"https://example.org/\"\n")
        .expect("written");
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("image `/img/chart-typo.png` points at no file of the site: nothing is built at /img/chart-typo.png"), "{err}");
    assert!(err.contains("image `chrt.png` points at no file"), "{err}");
    assert!(err.contains("image `/elsewhere/a.png` points at no file"), "{err}");
    assert_eq!(err.matches("warning: image").count(), 3, "{err}");
}

#[test]
fn empty_files_and_front_matter_only_build_with_a_warning() {
    let dir = site(&[
        ("content/records/2026-03-01.md", ""),
        ("content/records/2026-03-02.md", "+++\ntitle = \"Only front matter\"\n+++\n"),
        ("content/records/2026-03-03.md", "| Task | Human Est. | Claude Time |\n|---|---|---|\n"),
        ("content/empty.md", ""),
    ]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("content/records/2026-03-01.md:1:1: warning: this record has no task table"),
        "{err}"
    );
    assert!(
        err.contains("content/records/2026-03-02.md:4:1: warning: this record has no task table"),
        "{err}"
    );
    assert!(
        err.contains("content/records/2026-03-03.md:1:1: warning: task table has a header and no rows"),
        "{err}"
    );
    assert!(read(dir.path(), "public/records/2026-03-02/index.html").contains("Only front matter"));
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_simply_work() {
    let text = format!(
        "\u{feff}+++\r\ntitle = \"Windows\"\r\ntags = [\"crlf\"]\r\n+++\r\n\r\nIntro.\r\n\r\n{}",
        TABLE.replace('\n', "\r\n")
    );
    let dir = site(&[("content/records/2026-03-01.md", &text)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output).matches("warning").count(), 0, "{}", stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("Windows") && page.contains(">40x<"));
}

#[test]
fn tabs_simply_work() {
    let text = "+++\ntitle\t=\t\"Tabs\"\n+++\n\n|\tTask\t|\tHuman Est.\t|\tClaude Time\t|\n|---|---|---|\n|\tBuild it\t|\t8h\t|\t12min\t|\n";
    let dir = site(&[("content/records/2026-03-01.md", text)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(read(dir.path(), "public/records/2026-03-01/index.html").contains(">40x<"));
}

#[test]
fn a_ten_megabyte_file_builds() {
    let prose = "A paragraph of words that goes on for a while, as long posts do.\n\n".repeat(160_000);
    assert!(prose.len() > 10_000_000);
    let dir = site(&[("content/records/2026-03-01.md", &format!("{TABLE}\n{prose}"))]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(read(dir.path(), "public/records/2026-03-01/index.html").len() > 10_000_000);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_under_content_is_skipped_with_a_warning() {
    let dir = site(&[("content/records/2026-03-01.md", TABLE)]);
    std::os::unix::fs::symlink(dir.path().join("content"), dir.path().join("content/records/loop"))
        .expect("a symlink");
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("content/records/loop:1:1: warning: a symbolic link loops back to"),
        "{}",
        stderr(&output)
    );
    assert!(read(dir.path(), "public/records/2026-03-01/index.html").contains(">40x<"));
    // The same under static/: skipped with a warning at it, not a build failure without a place.
    write(dir.path(), "static/files/a.txt", "a");
    std::os::unix::fs::symlink(dir.path().join("static"), dir.path().join("static/files/loop"))
        .expect("a symlink");
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("static/files/loop:1:1: warning: a symbolic link loops back to"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(dir.path(), "public/files/a.txt"), "a");
}

#[test]
fn absurd_values_give_errors_or_sane_figures() {
    let huge = format!(
        "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| A | 1{}h | 1min | |\n| B | 1h | 1min | 1{} |\n",
        "0".repeat(308),
        "0".repeat(30)
    );
    let dir = site(&[("content/records/2026-03-01.md", &huge)]);
    let output = build(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error: expected a duration below a million years, found `1000"), "{err}");
    assert!(
        err.contains("error: expected a token count like `45k`, `1.2M` or `120,000`, found `1000"),
        "{err}"
    );

    // A count past a quadrillion tokens is a slip; one below it adds up exactly.
    let past = "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| A | 1h | 1min | 18446744073709551615 |\n";
    let dir = site(&[("content/records/2026-03-01.md", past)]);
    let err = stderr(&build(dir.path()));
    assert!(err.contains("a count is at most 999,999,999,999,999 tokens (`999T`)"), "{err}");

    let tiny = "| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| A | 1000000h | 0.0001min | 999999999999999 |\n| B | 1h | 0.0001min | 5 |\n";
    let dir = site(&[("content/records/2026-03-01.md", tiny)]);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    for (name, bytes) in crate::golden::tree(&dir.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for bad in ["inf<", ">inf", "nan<", ">nan", "infinity", "\"nan\"", "inf\r\n"] {
            assert!(!text.contains(bad), "{name} shows {bad}");
        }
    }
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("600000000000x"), "a huge but finite leverage is shown as a number");
    let records = read(dir.path(), "public/data/records.json");
    assert!(
        records.contains("1000000000000004"),
        "999,999,999,999,999 and 5 tokens, summed exactly: {records}"
    );
    support::assert_no_panic(&output);
}

#[test]
fn a_base_url_that_is_a_path_warns_that_feeds_need_a_host() {
    for (toml, place) in [
        // Not written at all: said as such, not as a path the writer never wrote.
        (
            "title = \"T\"\n",
            "site.toml:1:1: warning: site.toml sets no base_url, so links are paths from `/`",
        ),
        ("title = \"T\"\nbase_url = \"/blog/\"\n", "site.toml:2:12: warning: base_url is a path (`/blog/`)"),
    ] {
        let dir = site(&[("site.toml", toml), ("content/records/2026-03-01.md", TABLE)]);
        let output = build(dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(stderr(&output).contains(place), "{toml}: {}", stderr(&output));
        assert_eq!(check(dir.path(), &["--strict"]).status.code(), Some(1), "{toml}");
        let root = dir.path().to_str().expect("UTF-8");
        let with_host = leverage(&["build", "--root", root, "--base-url", "https://example.org/"]);
        assert!(with_host.status.success());
        assert!(!stderr(&with_host).contains("base_url is a path"), "{}", stderr(&with_host));
        // A path given on the command line is warned about there, not at site.toml's line.
        let given = leverage(&["build", "--root", root, "--base-url", "/sub/dir"]);
        assert!(given.status.success());
        assert!(
            stderr(&given).contains("--base-url:1:1: warning: base_url is a path (`/sub/dir/`)"),
            "{}",
            stderr(&given)
        );
        assert!(!stderr(&given).contains("site.toml"), "{}", stderr(&given));
    }
}

#[test]
fn a_closed_or_full_standard_output_is_no_panic() {
    use std::io::Read as _;
    // Enough warnings that the JSON lines outgrow a pipe's buffer, so writing blocks until the
    // reader has gone.
    let rows: String = (0..3000).map(|i| format!("| Task {i} | 8h | 12min | 300x |\n")).collect();
    let record = format!("| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n{rows}");
    let dir = site(&[("content/records/2026-03-01.md", &record)]);
    let mut child = crate::support::command()
        .args(["check", "--format", "json", "--root", dir.path().to_str().expect("UTF-8")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the leverage binary runs");
    let mut first = [0u8; 16];
    child.stdout.take().expect("a pipe").read_exact(&mut first).expect("some output");
    // The read end is dropped here: the next write meets a closed pipe.
    let output = child.wait_with_output().expect("leverage exits");
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(0), "the reader stopped reading; warnings alone pass");

    // A full disk is an error of the command, said as one (Linux's /dev/full is such a disk).
    let full = match std::fs::OpenOptions::new().write(true).open("/dev/full") {
        Ok(full) => full,
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "CI runs on Linux, which has /dev/full: {e}");
            eprintln!("SKIPPED: no /dev/full here ({e}); a full standard output was not tried");
            return;
        }
    };
    {
        let output = crate::support::command()
            .args(["stats", "--json", "--root", workspace().to_str().expect("UTF-8")])
            .stdout(full)
            .output()
            .expect("the leverage binary runs");
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(
            stderr(&output).starts_with("error: cannot write to standard output: No space left on device"),
            "{}",
            stderr(&output)
        );
        // clap prints help and the version itself.
        for args in [&["--help"][..], &["--version"], &["build", "--help"]] {
            let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("opened before");
            let output =
                crate::support::command().args(args).stdout(full).output().expect("the leverage binary runs");
            assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
            assert!(stderr(&output).starts_with("error: cannot write to standard output"), "{args:?}");
        }
    }
}

#[test]
fn a_name_written_decomposed_is_the_same_slug_and_link() {
    // The record's name with `ö` as `o` and a combining mark (as macOS may store it); the link
    // with `ö` as one character, and another the other way round.
    let record =
        "+++\n+++\n\nA day.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n";
    let dir = support::site(&[
        ("content/records/2026-03-08-gro\u{308}sse.md", record),
        (
            "content/about.md",
            "# About\n\n[one](/records/2026-03-08-gr\u{f6}sse/) and [two](/records/2026-03-08-gro%CC%88sse/).\n",
        ),
    ]);
    let output = check(dir.path(), &["--strict"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let built = support::build(dir.path());
    assert!(built.status.success(), "{}", support::stderr(&built));
    assert!(dir.path().join("public/records/2026-03-08-gr\u{f6}sse/index.html").is_file());
}

/// `text` without the escape codes of a terminal's colours (`ESC [ ... m`).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let code = &rest[at + 2..];
        let end = code.find('m').expect("an escape code ends with `m`");
        assert!(code[..end].bytes().all(|b| b.is_ascii_digit() || b == b';'), "a colour code: {code:?}");
        rest = &code[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn diagnostics_are_coloured_as_cargo_colours_its_own_only_where_colour_is_wanted() {
    // An error and a warning (a .txt file is not read), and build's failure line.
    let record = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 8h | 12 parsecs |\n";
    let dir = site(&[("content/records/2026-03-01.md", record), ("content/records/2026-03-02.txt", "x")]);
    let root = dir.path().to_str().expect("UTF-8");
    let run = |command: &str, vars: &[(&str, &str)]| {
        let mut run = crate::support::command();
        run.args([command, "--root", root]);
        for var in ["CLICOLOR_FORCE", "NO_COLOR", "CLICOLOR"] {
            run.env_remove(var);
        }
        run.envs(vars.iter().copied());
        stderr(&run.output().expect("the leverage binary runs"))
    };
    for command in ["check", "build"] {
        // A pipe is not a terminal: plain text.
        let plain = run(command, &[]);
        assert!(plain.contains("error: ") && plain.contains("warning: "), "{plain}");
        assert!(!plain.contains('\x1b'), "{plain:?}");
        // CLICOLOR_FORCE asks for colour anywhere, as cargo and clap take it.
        let coloured = run(command, &[("CLICOLOR_FORCE", "1")]);
        assert!(
            coloured.contains("\x1b[1m2026-03-01.md") || coloured.contains("\x1b[1mcontent/"),
            "the place in bold: {coloured:?}"
        );
        assert!(
            coloured.contains("\x1b[1m\x1b[91merror\x1b[0m:"),
            "the severity in its colour: {coloured:?}"
        );
        assert!(coloured.contains("\x1b[1m\x1b[33mwarning\x1b[0m:"), "{coloured:?}");
        // The same text, and nothing else: the colours are all it adds.
        assert_eq!(without_colours(&coloured), plain);
        // NO_COLOR wins over CLICOLOR_FORCE.
        assert_eq!(run(command, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]), plain);
    }
    // `stats` refuses a site with errors, its diagnostics inside its own error: coloured alike.
    let plain = run("stats", &[]);
    let coloured = run("stats", &[("CLICOLOR_FORCE", "1")]);
    assert!(
        coloured.contains("\x1b[1mcontent/records/2026-03-01.md:3:12:\x1b[0m \x1b[1m\x1b[91merror"),
        "{coloured:?}"
    );
    assert_eq!(without_colours(&coloured), plain);
    assert!(!plain.ends_with("\n\n"), "no blank line at the end: {plain:?}");
    // JSON is for programs: never coloured.
    let mut json = crate::support::command();
    json.args(["check", "--root", root, "--format", "json"]).env("CLICOLOR_FORCE", "1");
    let out = json.output().expect("the leverage binary runs");
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
}

#[cfg(unix)]
#[test]
fn at_a_terminal_diagnostics_are_coloured_and_fitted_to_its_width() {
    // `script` (util-linux, in every Debian) runs the command on a terminal of its own.
    if !support::require("script", &["--version"]) {
        return;
    }
    let long = "a task whose name goes on and on, well past the eighty columns of a small terminal window";
    let record = format!(
        "| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n| {long} | 12h | 5min | 3x |\n"
    );
    let dir = site(&[("content/records/2026-03-01.md", &record)]);
    let quoted = |path: &str| format!("'{}'", path.replace('\'', r"'\''"));
    let command = format!(
        "stty rows 40 cols 80; {} check --root {}",
        quoted(env!("CARGO_BIN_EXE_leverage")),
        quoted(dir.path().to_str().expect("UTF-8"))
    );
    let at_terminal = |vars: &[(&str, &str)]| {
        // Without CI, which anstream takes for a log that shows colour even under TERM=dumb.
        let output = std::process::Command::new("script")
            .args(["-qfec", &command, "/dev/null"])
            .env_remove("CI")
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .envs(vars.iter().copied())
            .output()
            .expect("script runs");
        String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")
    };
    let text = at_terminal(&[]);
    assert!(text.contains("\x1b[1m\x1b[33mwarning\x1b[0m:"), "coloured at a terminal: {text:?}");
    // At a terminal too, NO_COLOR, CLICOLOR=0 and a terminal that takes no colour turn it off.
    for vars in [[("NO_COLOR", "1")], [("CLICOLOR", "0")], [("TERM", "dumb")]] {
        let plain = at_terminal(&vars);
        assert!(plain.contains("warning: stated 3x") && !plain.contains('\x1b'), "{vars:?}: {plain:?}");
    }
    let shown = without_colours(&text);
    assert!(shown.contains("warning: stated 3x, computed 144x"), "{shown}");
    // The source line is cut around the caret to fit, as rustc cuts it; through a pipe it is whole.
    let line = shown.lines().find(|l| l.starts_with("3 | ")).expect("the source line");
    assert!(line.starts_with("3 | ...") && line.ends_with("| 12h | 5min | 3x |"), "{line}");
    for line in shown.lines() {
        assert!(line.chars().count() <= 80, "wider than the terminal: {line}");
    }
    let piped = stderr(&check(dir.path(), &[]));
    assert!(piped.contains(&format!("3 | | {long} |")), "{piped}");
}

#[test]
fn a_content_error_says_that_the_site_wide_checks_wait_for_it() {
    let text = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 8h | RATE |\n\nSee [the notes](/nowhere/).\n";
    let dir = site(&[("content/records/2026-03-01.md", &text.replace("RATE", "soon"))]);
    let err = stderr(&check(dir.path(), &[]));
    let note = format!("note: {}", site::AUDITS_WAIT);
    assert!(note.contains("links and their #fragments") && err.contains(&note), "{err}");
    assert!(!err.contains("/nowhere/"), "{err}");
    // Fixed, the link is checked, and the note is gone.
    write(dir.path(), "content/records/2026-03-01.md", text.replace("RATE", "10min"));
    let err = stderr(&check(dir.path(), &[]));
    assert!(err.contains("/nowhere/") && !err.contains("note:"), "{err}");
    // A build refused its output folder (not leverage's) before it checked the site: said too.
    write(dir.path(), "public/mine.txt", "mine");
    let err = stderr(&build(dir.path()));
    assert!(err.contains("refusing to write into") && err.contains(&note), "{err}");
    assert!(!err.contains("/nowhere/"), "{err}");
}

#[test]
fn quiet_commands_print_errors_and_warnings_only() {
    // A clean check and build say nothing, and still do their work.
    let clean = site(&[("content/records/2026-03-01.md", TABLE)]);
    let root = clean.path().to_str().expect("UTF-8");
    for args in [&["check", "--quiet", "--root", root][..], &["-q", "build", "--root", root]] {
        let output = leverage(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?} says nothing when all is well");
    }
    assert!(read(clean.path(), "public/records/2026-03-01/index.html").contains("40x"));
    // init says nothing either; its site builds.
    let made = clean.path().join("made");
    let init = leverage(&["init", "-q", made.to_str().expect("UTF-8")]);
    assert!(init.status.success(), "{}", stderr(&init));
    assert_eq!(stderr(&init), "", "init under --quiet");
    assert!(made.join("site.toml").is_file());
    // new and log make their files without a word; stats still answers on stdout.
    let new = leverage(&["new", "-q", "--root", root, "--date", "2026-03-02"]);
    let log = leverage(&[
        "log",
        "B",
        "--human",
        "1h",
        "--ai",
        "5min",
        "--date",
        "2026-03-02",
        "-q",
        "--root",
        root,
    ]);
    for output in [&new, &log] {
        assert!(output.status.success(), "{}", stderr(output));
        assert_eq!(stderr(output), "");
    }
    assert!(read(clean.path(), "content/records/2026-03-02.md").contains("| B | 1h | 5min |"));
    let stats = leverage(&["stats", "--quiet", "--root", root]);
    assert!(String::from_utf8_lossy(&stats.stdout).contains("Total tasks"), "stats answers on stdout");
    // A warning is printed whole, without the build's summary lines around it.
    let wrong = TABLE
        .replace("| Claude Time |\n|---|---|---|", "| Claude Time | Leverage |\n|---|---|---|---|")
        .replace("12min |", "12min | 50x |");
    let warned = site(&[("content/records/2026-03-01.md", &wrong)]);
    let output = leverage(&["build", "--quiet", "--root", warned.path().to_str().expect("UTF-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("content/records/2026-03-01.md:3:27: warning: stated 50x, computed 40x"), "{err}");
    assert!(!err.contains("built ") && !err.contains("warning(s)"), "no summary under --quiet:\n{err}");
    // An error, and that the build failed, are said as always.
    let broken = site(&[("content/records/2026-03-01.md", &TABLE.replace("8h", "eight hours"))]);
    let output = leverage(&["build", "--quiet", "--root", broken.path().to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error: ") && err.contains("error: build failed"), "{err}");
}

/// A small HTTP server on loopback for `check --external`: `/ok` is a page, `/moved` redirects
/// to it, `/gone` is 404, `/loop` redirects to itself, `/no-head` refuses HEAD and serves GET.
/// Every path requested is recorded, in order.
fn link_server() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port on loopback");
    let port = listener.local_addr().expect("an address").port();
    let requested = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = requested.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = std::io::BufReader::new(stream.try_clone().expect("a stream"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // The headers, to the empty line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let mut parts = request.split_whitespace();
            let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("").to_string());
            log.lock().expect("the log").push(format!("{method} {path}"));
            let (status, location) = match (method, path.as_str()) {
                (_, "/ok") => ("200 OK", None),
                (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
                (_, "/loop") => ("302 Found", Some("/loop")),
                ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
                ("GET", "/no-head") => ("200 OK", None),
                _ => ("404 Not Found", None),
            };
            let location = location.map(|to| format!("Location: {to}\r\n")).unwrap_or_default();
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{location}Content-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
            );
        }
    });
    (port, requested)
}

#[test]
fn check_external_requests_the_links_off_the_site_and_warns_of_the_broken_ones() {
    let (port, requested) = link_server();
    // A port nothing listens on: the connection is refused.
    let closed =
        std::net::TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("an address").port();
    let at = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let record = format!(
        "Fine: [a page]({ok}) and [a redirect]({moved}#part), ![an image]({no_head}).\n\n\
         Broken: [gone]({gone}).\n\n\
         [Looping]({looping}) and [closed](http://127.0.0.1:{closed}/).\n\n\
         [Skipped]({skipped}) and [gone again]({gone}), [the site](https://example.org/records/).\n\n{TABLE}",
        ok = at("/ok"),
        moved = at("/moved"),
        no_head = at("/no-head"),
        gone = at("/gone"),
        looping = at("/loop"),
        skipped = at("/private/x"),
    );
    let toml = format!(
        "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[link_checker]\nskip_prefixes = [\"{}\"]\n",
        at("/private/")
    );
    let dir = site(&[("site.toml", &toml), ("content/records/2026-03-01.md", &record)]);
    // Without --external nothing is requested.
    let output = check(dir.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(requested.lock().expect("the log").is_empty(), "offline unless asked");

    let output = check(dir.path(), &["--external"]);
    let err = stderr(&output);
    assert!(output.status.success(), "warnings only: {err}");
    let gone = format!("external link `{}` answered 404 Not Found", at("/gone"));
    assert!(err.contains(&format!("content/records/2026-03-01.md:3:9: warning: {gone}")), "{err}");
    let again =
        record.lines().nth(6).and_then(|line| line.find("[gone again]")).expect("the second place") + 1;
    assert!(
        err.contains(&format!("content/records/2026-03-01.md:7:{again}: warning: {gone}")),
        "every place: {err}"
    );
    assert!(
        err.contains(&format!(
            "content/records/2026-03-01.md:5:1: warning: external link `{}` could not be reached: more than 10 redirects, a loop",
            at("/loop")
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "warning: external link `http://127.0.0.1:{closed}/` could not be reached: the connection was refused"
        )),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 4, "the page, the redirect and the image are fine: {err}");
    assert!(err.contains("checked 6 external links in "), "{err}");
    let requested = requested.lock().expect("the log").clone();
    assert!(requested.contains(&"GET /no-head".to_string()), "a GET, which servers answer: {requested:?}");
    assert!(requested.contains(&"GET /ok".to_string()), "the redirect followed: {requested:?}");
    assert_eq!(requested.iter().filter(|r| r.ends_with("/gone")).count(), 1, "each URL once: {requested:?}");
    assert!(!requested.iter().any(|r| r.contains("/private/")), "skip_prefixes: {requested:?}");

    // Under --strict they fail the check.
    let output = check(dir.path(), &["--external", "--strict"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains(&format!("error: {gone}")), "{}", stderr(&output));
    assert!(!stderr(&output).contains("offline"), "some answered: {}", stderr(&output));

    // When nothing answers, the machine may be offline: said once. A host found down is not
    // asked again (two of its links are asked at once: the third waits, and is not asked).
    let record = format!(
        "[a](http://127.0.0.1:{closed}/a) [b](http://127.0.0.1:{closed}/b) [c](http://127.0.0.1:{closed}/c)\n\n{TABLE}"
    );
    let dir = site(&[("content/records/2026-03-01.md", &record)]);
    let err = stderr(&check(dir.path(), &["--external"]));
    assert_eq!(err.matches("could not be reached: the connection was refused").count(), 3, "{err}");
    assert!(
        err.contains(&format!(
            "`http://127.0.0.1:{closed}/c` was not requested, as another link to its host could not be reached"
        )),
        "{err}"
    );
    assert!(err.contains("note: none of them could be reached: is this machine offline"), "{err}");
}

/// A draft whose page would be a published page's is warned of while it is a draft (`check`
/// said nothing, and the build stopped at the clash the day it was published), at its slug.
#[test]
fn a_draft_on_a_published_page_s_url_is_warned_of_before_it_is_published() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| a | 1h | 5min |\n";
    let draft = format!("+++\ndraft = true\nslug = \"2026-03-01\"\ndate = 2026-03-01\n+++\n{table}");
    let dir = site(&[("content/records/2026-03-01.md", table), ("content/records/later.md", &draft)]);
    let output = check(dir.path(), &[]);
    assert!(output.status.success(), "a warning: {}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "content/records/later.md:3:8: warning: this draft (content/records/later.md) would be published at \
             `/records/2026-03-01/`, which is the page of content/records/2026-03-01.md"
        ),
        "{}",
        stderr(&output)
    );
    let published = check(dir.path(), &["--drafts"]);
    assert_eq!(
        published.status.code(),
        Some(1),
        "with the draft, the clash is the error: {}",
        stderr(&published)
    );
}
