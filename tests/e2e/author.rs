//! The writer's commands: init, new, log and stats, run as a writer would.

use crate::golden::tree;
use crate::support::{build, leverage, read, records_json, site, stderr, workspace};

fn run(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--root", root.to_str().expect("UTF-8")]);
    leverage(&all)
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn init_makes_a_site_that_builds_at_once_and_refuses_a_non_empty_folder() {
    let parent = tempfile::tempdir().expect("a temporary folder");
    let dir = parent.path().join("log");
    let day = chrono::Local::now().date_naive();
    let output = leverage(&["init", dir.to_str().expect("UTF-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("before publishing, set base_url in site.toml"), "{}", stderr(&output));
    // The next step is the last line.
    let last = stderr(&output).lines().last().map(str::to_string).unwrap_or_default();
    assert!(last.starts_with("next: cd ") && last.ends_with(" && leverage serve --watch"), "{last}");
    assert!(dir.join("site.toml").exists() && dir.join("content/records").is_dir());
    assert!(!dir.join("themes").exists(), "the default theme is built in");
    // A repository of the site keeps the output out of it.
    assert_eq!(
        read(&dir, ".gitignore"),
        "# What `leverage build` writes, made again on every build.\n/public/\n"
    );
    // A site made inside another is said to be one of its own.
    let nested = leverage(&["init", dir.join("inner").to_str().expect("UTF-8")]);
    assert!(nested.status.success(), "{}", stderr(&nested));
    assert!(stderr(&nested).contains("is inside the site in "), "{}", stderr(&nested));
    std::fs::remove_dir_all(dir.join("inner")).expect("removed");
    let built = build(&dir);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(stderr(&built).matches("warning").count(), 0, "{}", stderr(&built));
    // A new site can be searched: readers of a log of years look for the day they did a thing.
    assert!(dir.join("public/search/index.html").is_file() && dir.join("public/search/index.json").is_file());
    // Its feed carries each day whole, tables and all.
    let feed = std::fs::read_to_string(dir.join("public/atom.xml")).expect("a feed");
    assert!(feed.contains("<content type=\"html\"") && feed.contains("&lt;table"), "{feed}");
    // `log --help`'s example works on the new site.
    let logged = run(
        &dir,
        &["log", "Port the renderer", "--human", "6h", "--ai", "14min", "--sup", "20min", "--tokens", "45k"],
    );
    assert!(logged.status.success(), "{}", stderr(&logged));
    // The example record is today's: `new` says where to write instead of only refusing.
    let new = run(&dir, &["new"]);
    if chrono::Local::now().date_naive() == day {
        assert_eq!(new.status.code(), Some(1));
        assert!(stderr(&new).contains("is already the record of"), "{}", stderr(&new));
        assert!(stderr(&new).contains("--ai 10min`;"), "no --date for today: {}", stderr(&new));
    } else {
        eprintln!("NOT CHECKED: midnight passed during the test, so `new` met a new day");
    }
    let again = leverage(&["init", dir.to_str().expect("UTF-8")]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("holds a site already (its site.toml)"), "{}", stderr(&again));
    std::fs::remove_file(dir.join("site.toml")).expect("removed");
    let again = leverage(&["init", dir.to_str().expect("UTF-8")]);
    assert_eq!(again.status.code(), Some(1));
    // With the way out for notes kept already.
    assert!(
        stderr(&again).contains(
            "is not empty (it holds `content`, `public`): expected a new or empty folder for the site, \
             hidden files such as `.git` aside; for notes you keep"
        ),
        "{}",
        stderr(&again)
    );
    let file = dir.join("notes.txt");
    std::fs::write(&file, "x").expect("written");
    let onto_file = leverage(&["init", file.to_str().expect("UTF-8")]);
    assert_eq!(onto_file.status.code(), Some(1));
    assert!(
        stderr(&onto_file).contains("is a file: expected a new or empty folder"),
        "{}",
        stderr(&onto_file)
    );
    // Below a file, or at a link to nothing: said as that, not as the system's refusal.
    let below = leverage(&["init", file.join("site").to_str().expect("UTF-8")]);
    assert!(stderr(&below).contains("notes.txt is a file, where"), "{}", stderr(&below));
    let dangling = dir.join("dangling");
    std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).expect("linked");
    let linked = leverage(&["init", dangling.to_str().expect("UTF-8")]);
    assert!(stderr(&linked).contains("is a link to nothing"), "{}", stderr(&linked));
}

/// `--root` given the site's site.toml rather than its folder: usage, said with the folder meant,
/// not "site.toml/site.toml: Not a directory".
#[test]
fn a_root_that_is_the_site_s_file_names_the_folder_meant() {
    let parent = tempfile::tempdir().expect("temporary folder");
    let dir = parent.path().join("log");
    assert!(leverage(&["init", dir.to_str().expect("UTF-8")]).status.success());
    let toml = dir.join("site.toml");
    let checked = leverage(&["--root", toml.to_str().expect("UTF-8"), "check"]);
    assert_eq!(checked.status.code(), Some(2), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains(&format!(
            "is a file: expected the site's folder, the one holding site.toml (`--root {}`)",
            dir.display()
        )),
        "{}",
        stderr(&checked)
    );
}

/// A folder that holds hidden files alone (`.git` of a repository made first, as `git init`
/// then `leverage init .` do) is empty for a site; the files are kept.
#[test]
fn init_takes_a_folder_of_hidden_files_alone() {
    let parent = tempfile::tempdir().expect("temporary folder");
    let dir = parent.path().join("log");
    std::fs::create_dir_all(dir.join(".git/objects")).expect("folders");
    std::fs::write(dir.join(".gitignore"), "public/\n").expect("written");
    let made = leverage(&["init", dir.to_str().expect("UTF-8")]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(dir.join("site.toml").is_file() && dir.join(".git/objects").is_dir());
    assert_eq!(std::fs::read_to_string(dir.join(".gitignore")).expect("kept"), "public/\n");
}

/// `init`'s DIR is below `--root`, as every other command's paths are.
#[test]
fn init_makes_a_relative_folder_below_root() {
    let parent = tempfile::tempdir().expect("a temporary folder");
    let output = leverage(&["--root", parent.path().to_str().expect("UTF-8"), "init", "log"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(parent.path().join("log/site.toml").exists(), "{}", stderr(&output));
    assert!(stderr(&output).contains("log && leverage serve --watch"), "{}", stderr(&output));
}

#[test]
fn new_scaffolds_a_record_in_the_latest_layout_and_never_overwrites() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| # | Task | Human Est. | Claude | Sup. |\n|---|---|---|---|---|\n| 1 | A | 1h | 5min | 2min |\n",
    )]);
    let output = run(dir.path(), &["new", "--date", "2026-03-02", "--title", "Day \"two\""]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-02.md");
    assert!(text.starts_with("+++\ntitle = \"Day \\\"two\\\"\"\ndate = 2026-03-02\n"), "{text}");
    assert!(text.contains("| # | Task | Human Est. | Claude | Sup. |\n|---|---|---|---|---|\n"), "{text}");
    let again = run(dir.path(), &["new", "--date", "2026-03-02"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains(
            "content/records/2026-03-02.md is already the record of 2026-03-02: write in it, or add a task with \
             `leverage log \"Task\" --human 2h --ai 10min --date 2026-03-02`"
        ),
        "{}",
        stderr(&again)
    );
    assert_eq!(read(dir.path(), "content/records/2026-03-02.md"), text);
    // A record of the day under another name is the day's record too: a second file would
    // leave `log` refusing the day.
    std::fs::rename(
        dir.path().join("content/records/2026-03-02.md"),
        dir.path().join("content/records/2026-03-02-parser-day.md"),
    )
    .expect("renamed");
    let again = run(dir.path(), &["new", "--date", "2026-03-02"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again)
            .contains("content/records/2026-03-02-parser-day.md is already the record of 2026-03-02"),
        "{}",
        stderr(&again)
    );
    assert!(!dir.path().join("content/records/2026-03-02.md").exists());
    // A draft of the day counts: published, it would be a second record of the day.
    let draft = read(dir.path(), "content/records/2026-03-02-parser-day.md").replacen(
        "+++\n",
        "+++\ndraft = true\n",
        1,
    );
    std::fs::write(dir.path().join("content/records/2026-03-02-parser-day.md"), draft).expect("written");
    let again = run(dir.path(), &["new", "--date", "2026-03-02"]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(!dir.path().join("content/records/2026-03-02.md").exists());
}

/// A new day copies the latest header as written: an escaped pipe in a cell (`Notes \| misc`),
/// read unescaped, gave the new table a header a cell longer than its delimiter row, which no
/// reader takes for a table (and `log` then refused the day); markup in a header stays too.
#[test]
fn new_and_log_copy_the_latest_header_as_written() {
    let header = "| **Task** | Human Est. | `Claude` Time | Notes \\| misc |";
    let dir = site(&[(
        "content/records/2026-03-01.md",
        &format!("{header}\n|---|---|---|---|\n| A | 1h | 5min | x |\n"),
    )]);
    let output = run(dir.path(), &["new", "--date", "2026-03-02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-02.md");
    assert!(text.contains(&format!("{header}\n|---|---|---|---|\n")), "{text}");
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run(dir.path(), &["log", "C", "--human", "2h", "--ai", "10min", "--date", "2026-03-03"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        read(dir.path(), "content/records/2026-03-03.md")
            .contains(&format!("{header}\n|---|---|---|---|\n| C | 2h | 10min | |\n"))
    );
    let checked = run(dir.path(), &["check"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(!stderr(&checked).contains("table"), "{}", stderr(&checked));
}

/// A workstream the site has under another spelling is written as the site writes it, and said:
/// the two spellings would share a page, which every build would then warn of.
#[test]
fn log_writes_a_workstream_as_the_site_spells_it() {
    let table = "| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| A | ML pipeline | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-01.md", table)]);
    let output = run(
        dir.path(),
        &["log", "B", "--human", "1h", "--ai", "5min", "--workstream", "ML Pipeline", "--date", "2026-03-01"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--workstream `ML Pipeline` is the workstream `ML pipeline`, written so"),
        "{}",
        stderr(&output)
    );
    assert!(read(dir.path(), "content/records/2026-03-01.md").ends_with("| B | ML pipeline | 1h | 5min |\n"));
    let built = build(dir.path());
    assert!(built.status.success() && !stderr(&built).contains("warning"), "{}", stderr(&built));
    // A name that only shares the page (another word, or one an invisible character differs
    // from) is written as given, with the warning the build gives of the two.
    let output = run(
        dir.path(),
        &["log", "D", "--human", "1h", "--ai", "5min", "--workstream", "ML-pipeline", "--date", "2026-03-01"],
    );
    assert!(output.status.success() && !stderr(&output).contains("is the workstream"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "warning: --workstream `ML-pipeline` shares the page /workstreams/ml-pipeline/ with the workstream \
             `ML pipeline`"
        ),
        "said as the log is written, not only by a later build: {}",
        stderr(&output)
    );
    assert!(read(dir.path(), "content/records/2026-03-01.md").ends_with("| D | ML-pipeline | 1h | 5min |\n"));
    // A new name is written as given.
    let output = run(
        dir.path(),
        &["log", "C", "--human", "1h", "--ai", "5min", "--workstream", "Docs", "--date", "2026-03-01"],
    );
    assert!(output.status.success() && !stderr(&output).contains("is the workstream"), "{}", stderr(&output));
    assert!(read(dir.path(), "content/records/2026-03-01.md").ends_with("| C | Docs | 1h | 5min |\n"));
}

/// A new day goes where the writer keeps the latest: a folder a year or a month (its own year
/// and month), a page bundle, or a folder of another name.
#[test]
fn new_and_log_put_a_new_day_in_the_folders_of_the_latest_record() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    for (latest, date, expected) in [
        ("content/records/2026/2026-12-05.md", "2027-01-02", "content/records/2027/2027-01-02.md"),
        ("content/records/2026/12/2026-12-05.md", "2027-01-02", "content/records/2027/01/2027-01-02.md"),
        ("content/records/2026-12/2026-12-05.md", "2026-12-06", "content/records/2026-12/2026-12-06.md"),
        ("content/records/2026-12-05/index.md", "2026-12-06", "content/records/2026-12-06/index.md"),
        ("content/records/log/2026-12-05.md", "2026-12-06", "content/records/log/2026-12-06.md"),
        ("content/records/2026-12-05.md", "2027-01-02", "content/records/2027-01-02.md"),
        // A bundle named by its slug, and Hugo's day folders: never a file inside the bundle.
        ("content/records/my-post/index.md", "2026-12-06", "content/records/2026-12-06/index.md"),
        ("content/records/2026/12/05/index.md", "2027-01-02", "content/records/2027/01/02/index.md"),
        (
            "content/records/2026-12-05-parser-day/index.md",
            "2026-12-06",
            "content/records/2026-12-06/index.md",
        ),
    ] {
        // A bundle named by its slug, or by its day alone, has its date in its front matter.
        let dated = format!("+++\ndate = 2026-12-05\n+++\n\n{table}");
        let text = if latest.contains("my-post") || latest.contains("/05/") { dated.as_str() } else { table };
        let dir = site(&[
            ("content/records/2025/2025-01-01.md", table),
            (latest, text),
            // A later draft, in a folder of drafts, decides nothing.
            ("content/records/drafts/2026-12-20.md", "+++\ndraft = true\n+++\n"),
        ]);
        let output = run(dir.path(), &["new", "--date", date]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(stderr(&output).contains(&format!("created {expected}")), "{latest}: {}", stderr(&output));
        assert!(dir.path().join(expected).is_file(), "{latest}");
        std::fs::remove_file(dir.path().join(expected)).expect("removed");
        let output = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "5min", "--date", date]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(read(dir.path(), expected).contains("| B | 1h | 5min |"), "{latest}");
    }
}

#[test]
fn new_and_log_refuse_a_day_whose_address_another_record_took_and_new_an_empty_title() {
    let sunday = "+++\ndate = 2026-03-01\nslug = \"2026-03-07\"\n+++\n\n\
                  | Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/sunday.md", sunday)]);
    for args in [
        &["new", "--date", "2026-03-07"][..],
        &["log", "B", "--human", "1h", "--ai", "5min", "--date", "2026-03-07"][..],
    ] {
        let output = run(dir.path(), args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output)
                .contains("content/records/sunday.md already has the address /records/2026-03-07/"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!dir.path().join("content/records/2026-03-07.md").exists(), "{args:?}");
    }
    let output = run(dir.path(), &["new", "--date", "2026-03-08", "--title", " "]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("expected a title after --title, found none"), "{}", stderr(&output));
    assert!(!dir.path().join("content/records/2026-03-08.md").exists());
    let output = run(dir.path(), &["new", "--date", "2026-03-08", "--title", "Bell \u{7}"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("found the control character U+0007"), "{}", stderr(&output));
    assert!(!dir.path().join("content/records/2026-03-08.md").exists());
    // A tab or a line break builds, but every build warns that it shows as a space.
    for (title, said) in [("Tab\there", "found a tab"), ("Two\nlines", "found a line break")] {
        let output = run(dir.path(), &["new", "--date", "2026-03-08", "--title", title]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("expected a title on one line after --title, {said}")),
            "{}",
            stderr(&output)
        );
        assert!(!dir.path().join("content/records/2026-03-08.md").exists());
    }
}

#[test]
fn log_appends_a_row_and_keeps_every_other_byte() {
    let original = "+++\ntitle = \"Day\"\n+++\n\nIntro   with  odd spacing.\n\n| # | Task | Human Est. | Claude | Sup. | Tokens | Factor |\n|--:|------|---:|---:|---:|---:|---:|\n| 1 | A | 1h | 5min | 2min | 5k | 12x |\n\n## Analysis\n\nAfter the table.\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let output = run(
        dir.path(),
        &[
            "log",
            "Fix a | b",
            "--human",
            "2h",
            "--ai",
            "10min",
            "--sup",
            "4min",
            "--tokens",
            "45k",
            "--date",
            "2026-03-01",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-01.md");
    assert_eq!(
        text,
        original.replace("| 12x |\n", "| 12x |\n| 2 | Fix a \\| b | 2h | 10min | 4min | 45k | |\n")
    );
    let printed = stdout(&output);
    assert!(
        printed.contains("Fix a | b: 2h human, 10min Claude: 12x, 4min supervising: 30x supervisory\n"),
        "{printed}"
    );
    assert!(printed.contains("2026-03-01 so far: 2 tasks, 3h human-equivalent in 15min of Claude time, 50k tokens: 12x weighted"), "{printed}");
    let built = build(dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(!stderr(&output).contains("Aggregate Stats"), "{}", stderr(&output));
}

/// A day of two agents' tables: its running total is of both agents' time, as its page labels
/// it (AI), not of the agent of the table the row went into.
#[test]
fn log_labels_the_day_of_two_agents_as_its_page_does() {
    let original = "+++\ntitle = \"Day\"\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---:|---:|\n| A | 1h | 5min |\n\n| Task | Human Est. | Codex Time |\n|---|---:|---:|\n| B | 3h | 10min |\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let output = run(dir.path(), &["log", "C", "--human", "1h", "--ai", "5min", "--date", "2026-03-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(printed.contains("C: 1h human, 5min Codex: 12x"), "{printed}");
    assert!(
        printed.contains("2026-03-01 so far: 3 tasks, 5h human-equivalent in 20min of AI time"),
        "{printed}"
    );
}

/// `log` saves a record as an editor does: a record that is a link to a file elsewhere gets its
/// row in that file, the link kept (a rename over the link made it a copy, and left the file it
/// led to without the row); a private record stays private (mode 600 became 644); a record the
/// writer made read-only, or another user's, is refused, as an editor's save would be.
#[cfg(unix)]
#[test]
fn log_writes_through_a_link_and_keeps_the_record_s_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let original = "+++\ntitle = \"Day\"\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-02.md", original)]);
    let elsewhere = tempfile::tempdir().expect("a folder");
    let real = elsewhere.path().join("day.md");
    std::fs::write(&real, original).expect("written");
    let link = dir.path().join("content/records/2026-03-01.md");
    std::os::unix::fs::symlink(&real, &link).expect("linked");
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&link).expect("there").file_type().is_symlink(), "the link is kept");
    assert_eq!(std::fs::read_to_string(&real).expect("read"), format!("{original}| B | 2h | 10min |\n"));

    let private = dir.path().join("content/records/2026-03-02.md");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::metadata(&private).expect("there").permissions().mode() & 0o777, 0o600);
    assert_eq!(read(dir.path(), "content/records/2026-03-02.md"), format!("{original}| B | 2h | 10min |\n"));

    // A file its writer may not write (root may write any: the command runs as nobody then).
    let (mut command, _binary) = crate::support::command_held_to_modes(dir.path());
    crate::support::set_mode(dir.path(), "content/records/2026-03-02.md", 0o444);
    let root = dir.path().to_str().expect("UTF-8");
    let output = command
        .args(["log", "C", "--human", "2h", "--ai", "10min", "--date", "2026-03-02", "--root", root])
        .output()
        .expect("leverage runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("content/records/2026-03-02.md: cannot write it: Permission denied"),
        "{}",
        stderr(&output)
    );
    assert!(!read(dir.path(), "content/records/2026-03-02.md").contains("| C |"));
}

/// A record of old Mac line endings (a lone `\r` each) keeps them: the new row ends as its
/// lines do, and the build still reads its front matter (a `\n` would make the file one whose
/// lines the build reads as one).
#[test]
fn log_keeps_old_mac_line_endings() {
    let original = "+++\rtitle = \"Day\"\rtags = [\"x\"]\r+++\r\r| Task | Human Est. | Claude Time |\r|---|---|---|\r| A | 1h | 5min |\r";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-01.md");
    assert_eq!(text, format!("{original}| B | 2h | 10min |\r"));
    let built = build(dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    assert!(page.contains("<title>Day"), "{page}");
    assert!(dir.path().join("public/tags/x/index.html").exists());
}

/// A table whose delimiter row an editor aligned with tabs is read (GitHub's tables take a tab
/// there; markdown's parser here took the table for a paragraph and its rows counted for
/// nothing), and `log` writes the row with spaces there, saying so; the same line in an HTML
/// block keeps its tabs, the writer's (`log` wrote them as spaces too).
#[test]
fn a_tab_in_a_delimiter_row_keeps_the_table() {
    let original = "+++\ntitle = \"Day\"\n+++\n\n| Task | Human Est. | Claude Time |\n|\t---\t|\t---\t|\t---\t|\n| A | 1h | 5min |\n\n<pre>\nx | y\n|\t-\t|\n</pre>\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let built = build(dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(!stderr(&built).contains("warning"), "{}", stderr(&built));
    assert_eq!(crate::support::records_json(dir.path())["totals"]["tasks"], 1);
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("had a tab in a table's delimiter row"), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-01.md");
    assert_eq!(
        text,
        original
            .replace("|\t---\t|\t---\t|\t---\t|", "| --- | --- | --- |")
            .replace("| 5min |\n", "| 5min |\n| B | 2h | 10min |\n")
    );
}

/// A control character in a task or a workstream (a paste from a terminal) is refused, as `new`
/// refuses one in a title: `log` wrote it into the record, and every page showed it.
#[test]
fn log_refuses_a_control_character() {
    let original =
        "| Task | Human Est. | Claude Time | Workstream |\n|---|---|---|---|\n| A | 1h | 5min | x |\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    for (args, said) in [
        (["Ctrl\u{1}char", "--workstream", "x"], "for the task, found U+0001, which is none"),
        (["Task", "--workstream", "x\u{fffe}"], "for --workstream, found U+FFFE, which is none"),
        (["Two\nlines", "--workstream", "x"], "expected the task on one line, found a line break"),
        (["Tab\tbed", "--workstream", "x"], "expected the task on one line, found a tab"),
        (["Task", "--workstream", "x\ry"], "expected --workstream on one line, found a line break"),
    ] {
        let mut all = vec!["log", args[0], "--human", "1h", "--ai", "5min", "--date", "2026-03-01"];
        all.extend(&args[1..]);
        let output = run(dir.path(), &all);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains(said), "{}", stderr(&output));
    }
    assert_eq!(read(dir.path(), "content/records/2026-03-01.md"), original);
}

/// A day's stated totals were written for the rows before: `log` says so as it adds a row.
/// A record that reads clean, which the new row would give an error (`--tokens` beside the
/// day's `tokens` in front matter): the row is what is refused, not the file.
#[test]
fn log_refuses_a_row_that_would_give_the_record_an_error_and_says_so() {
    let original = "+++\ntokens = \"~595,000\"\n+++\n| Task | Human Est. | Claude Time | Tokens |\n|---|---|---|---|\n| A | 1h | 5min | |\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let args = ["log", "B", "--human", "2h", "--ai", "10min", "--tokens", "5k", "--date", "2026-03-01"];
    let output = run(dir.path(), &args);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "error: content/records/2026-03-01.md would have errors with the new row, so nothing was written:\n\
             content/records/2026-03-01.md:2:10: error: `tokens` is only for records whose rows carry no tokens"
        ),
        "{err}"
    );
    assert_eq!(read(dir.path(), "content/records/2026-03-01.md"), original);
}

#[test]
fn log_says_that_a_stated_aggregate_table_is_now_behind() {
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let aggregates =
        format!("{table}\n## Aggregate Stats\n\n| Metric | Value |\n|---|---|\n| Total tasks | 1 |\n");
    // A totals row under the table, likewise.
    let totals = format!("{table}| **Total** | 1h | 5min |\n");
    for (original, stale) in [(aggregates, "Aggregate Stats table"), (totals, "totals row")] {
        let dir = site(&[("content/records/2026-03-01.md", original.as_str())]);
        let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-01"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let warning = format!(
            "warning: content/records/2026-03-01.md's {stale} was written for the tasks before this one"
        );
        assert!(stderr(&output).contains(&warning), "{}", stderr(&output));
    }
}

#[test]
fn log_keeps_a_byte_order_mark_and_counts_places_without_it() {
    // Windows editors save one; with a final line break and without.
    for end in ["\n", ""] {
        let original = format!(
            "\u{feff}+++\ndate = 2026-03-01\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |{end}"
        );
        let dir = site(&[("content/records/2026-03-01.md", &original)]);
        let output =
            run(dir.path(), &["log", "New", "--human", "1h", "--ai", "5min", "--date", "2026-03-01"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = read(dir.path(), "content/records/2026-03-01.md");
        assert_eq!(
            text,
            format!("{original}{}| New | 1h | 5min |\n", if end.is_empty() { "\n" } else { "" })
        );
    }
}

#[test]
fn log_says_why_a_task_named_as_a_total_cannot_be_a_task() {
    let original = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let output = run(dir.path(), &["log", "Total", "--human", "1h", "--ai", "5min", "--date", "2026-03-01"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a last row named `Total` is read as the table's totals row, not as a task"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(dir.path(), "content/records/2026-03-01.md"), original);
}

#[test]
fn log_keeps_the_row_in_a_table_inside_a_blockquote() {
    let original = "+++\ntitle = \"Day\"\n+++\n\n> | # | Task | Human Est. | Claude |\n> |---|---|---|---|\n> | 1 | A | 1h | 5min |\n\nAfter.\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-01.md");
    assert_eq!(text, original.replace("| 5min |\n", "| 5min |\n> | 2 | B | 2h | 10min |\n"));
    assert!(stdout(&output).contains("2026-03-01 so far: 2 tasks"), "{}", stdout(&output));
}

#[test]
fn log_appends_to_a_draft_and_names_the_errors_of_a_record_that_does_not_load() {
    let draft =
        "+++\ndraft = true\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let typo =
        "+++\ntittle = 1\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-01.md", draft), ("content/records/2026-03-02.md", typo)]);
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "content/records/2026-03-01.md"), format!("{draft}| B | 2h | 10min |\n"));
    // The writer is reminded that the day is not published yet.
    assert!(
        stderr(&output).contains(
            "note: content/records/2026-03-01.md is a draft (`draft = true`): its tasks count in no published figure"
        ),
        "{}",
        stderr(&output)
    );
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-02"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("content/records/2026-03-02.md:2:1: error: unknown front matter key `tittle`"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(dir.path(), "content/records/2026-03-02.md"), typo, "nothing written");
    // A day's file that is not UTF-8 is refused, never written over, said at the byte's place.
    let latin1: &[u8] = b"+++\ntitle = \"Caf\xe9\"\n+++\n";
    std::fs::write(dir.path().join("content/records/2026-03-03.md"), latin1).expect("written");
    let output = run(dir.path(), &["log", "B", "--human", "2h", "--ai", "10min", "--date", "2026-03-03"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "content/records/2026-03-03.md:2:13: error: expected UTF-8 text, found a byte that is not UTF-8 at byte 16"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(dir.path().join("content/records/2026-03-03.md")).expect("read"), latin1);
}

#[test]
fn log_creates_the_day_in_the_layout_of_the_latest_record() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| # | Task | Human Est. | Claude | Weeks | Factor |\n|---|---|---|---|---|---|\n| 1 | A | 40h | 20min | 1.0 | 120x |\n",
    )]);
    let output = run(
        dir.path(),
        &["log", "First of the day", "--human", "1.5d", "--ai", "30min", "--date", "2026-03-04"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-04.md");
    assert!(text.contains("date = 2026-03-04"));
    assert!(text.ends_with("| # | Task | Human Est. | Claude | Weeks | Factor |\n|---|---|---|---|---|---|\n| 1 | First of the day | 1.5d | 30min | | |\n"), "{text}");
    assert!(stdout(&output).contains("24x"));
}

/// A day written as prose alone, no task table yet: `log` adds one in the latest record's
/// layout, under a "Task Log" heading, and the row to it.
#[test]
fn log_adds_a_task_table_to_a_day_of_prose_alone() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| # | Task | Human Est. | Claude | Factor |\n|---|---|---|---|---|\n| 1 | A | 40h | 20min | 120x |\n",
        ),
        ("content/records/2026-03-04.md", "+++\ntitle = \"Reading\"\n+++\n\nA day of reading.\n\n"),
    ]);
    let output = run(dir.path(), &["log", "Notes", "--human", "2h", "--ai", "10min", "--date", "2026-03-04"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        read(dir.path(), "content/records/2026-03-04.md"),
        "+++\ntitle = \"Reading\"\n+++\n\nA day of reading.\n\n## Task Log\n\n\
         | # | Task | Human Est. | Claude | Factor |\n|---|---|---|---|---|\n| 1 | Notes | 2h | 10min | |\n"
    );
    assert!(
        stderr(&output).contains(
            "added a task table, in the latest record's layout, and a row to content/records/2026-03-04.md"
        ),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("12x"), "{}", stdout(&output));
    // A flag the layout has no column for writes nothing, the table included.
    std::fs::write(dir.path().join("content/records/2026-03-05.md"), "Prose.\n").expect("written");
    let refused = run(
        dir.path(),
        &["log", "B", "--human", "1h", "--ai", "5min", "--sup", "5min", "--date", "2026-03-05"],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(read(dir.path(), "content/records/2026-03-05.md"), "Prose.\n");
    // A table that does not read (no delimiter row) is no day of prose: no second table.
    let broken = "Prose.\n\n| Task | Human Est. | Claude |\n| B | 1h | 5min |\n";
    std::fs::write(dir.path().join("content/records/2026-03-06.md"), broken).expect("written");
    let refused = run(dir.path(), &["log", "C", "--human", "1h", "--ai", "5min", "--date", "2026-03-06"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let err = stderr(&refused);
    assert!(err.contains("has a table that does not read as a task table"), "{err}");
    assert!(
        err.contains("content/records/2026-03-06.md:3:1: warning: this looks like a task table"),
        "{err}"
    );
    assert_eq!(read(dir.path(), "content/records/2026-03-06.md"), broken);
    // A pipe in a day's code or prose is no table: the day gets its task table.
    let shell = "Ran `ls | wc -l` and read.\n\n```\ncat log | grep x\n```\n";
    std::fs::write(dir.path().join("content/records/2026-03-07.md"), shell).expect("written");
    let added = run(dir.path(), &["log", "D", "--human", "1h", "--ai", "5min", "--date", "2026-03-07"]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(read(dir.path(), "content/records/2026-03-07.md").starts_with(shell));
}

#[test]
fn log_puts_no_markup_on_the_page_that_the_writer_did_not_type_as_markdown() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude |\n|---|---|---|\n| A | 1h | 5min |\n",
    )]);
    let typed =
        ["<!-- todo", "<script src=x", "> <div class=x", "    <b>indented</b>", "Fix <i>all</i> *templates*"];
    for task in typed {
        let output = run(dir.path(), &["log", task, "--human", "1h", "--ai", "5min", "--date", "2026-03-01"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = read(dir.path(), "public/records/2026-03-01/index.html");
    for raw in ["<!-- todo", "<script src", "<div class=x", "<b>indented", "<i>all"] {
        assert!(!page.contains(raw), "{raw} reached the page");
    }
    for shown in [
        "&lt;!-- todo",
        "&lt;script src=x",
        "&lt;b&gt;indented",
        "Fix &lt;i&gt;all&lt;/i&gt; <em>templates</em>",
    ] {
        assert!(page.contains(shown), "{shown} is not on the page");
    }
}

#[test]
fn log_refuses_a_flag_whose_column_the_table_lacks_and_bad_values() {
    let original = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let dir = site(&[("content/records/2026-03-01.md", original)]);
    let sup = run(
        dir.path(),
        &["log", "B", "--human", "1h", "--ai", "5min", "--sup", "1min", "--date", "2026-03-01"],
    );
    assert_eq!(sup.status.code(), Some(2));
    assert!(
        stderr(&sup).contains(
            "content/records/2026-03-01.md:1:1: error: the record's task table has no supervisory time column, \
             so `--sup` cannot be used; expected a `Sup.` column in its header"
        ),
        "{}",
        stderr(&sup)
    );
    // A new day is not written when its first row is refused; the place is the header it copies.
    let new_day = run(
        dir.path(),
        &["log", "B", "--human", "1h", "--ai", "5min", "--workstream", "Core", "--date", "2026-03-02"],
    );
    assert_eq!(new_day.status.code(), Some(2));
    assert!(
        stderr(&new_day).starts_with(
            "content/records/2026-03-01.md:1:1: error: a new day copies the layout of the latest record, this \
             one: the record's task table has no workstream column"
        ),
        "{}",
        stderr(&new_day)
    );
    assert!(!dir.path().join("content/records/2026-03-02.md").exists(), "nothing left behind");
    let bad = run(dir.path(), &["log", "B", "--human", "soon", "--ai", "5min", "--date", "2026-03-01"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("invalid --human: expected a duration like `4h 28min`, found `soon`"),
        "{}",
        stderr(&bad)
    );
    let zero = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "0min", "--date", "2026-03-01"]);
    assert_eq!(zero.status.code(), Some(2));
    assert_eq!(
        stderr(&zero),
        "error: --ai must be above zero, found `0min`: a task needs time to have a leverage\n"
    );
    let tiny =
        run(dir.path(), &["log", "B", "--human", "1h", "--ai", "0.0000001min", "--date", "2026-03-01"]);
    assert_eq!(tiny.status.code(), Some(2));
    assert!(
        stderr(&tiny).contains("found `0.0000001min`, which is below a millionth of a minute"),
        "{}",
        stderr(&tiny)
    );
    let negative = run(dir.path(), &["log", "B", "--human", "1h", "--ai=-5min", "--date", "2026-03-01"]);
    assert_eq!(negative.status.code(), Some(2));
    assert_eq!(
        stderr(&negative),
        "error: invalid --ai: expected an AI time above zero, found the negative `-5min`\n"
    );
    // A task of invisible characters alone reads as a blank row; a blank workstream is none.
    let invisible =
        run(dir.path(), &["log", "\u{200b} ", "--human", "1h", "--ai", "5min", "--date", "2026-03-01"]);
    assert_eq!(invisible.status.code(), Some(2));
    assert_eq!(stderr(&invisible), "error: the task needs a description\n");
    let blank = ["log", "B", "--human", "1h", "--ai", "5min", "--workstream", "  ", "--date", "2026-03-01"];
    let blank = run(dir.path(), &blank);
    assert_eq!(blank.status.code(), Some(2));
    assert!(stderr(&blank).contains("--workstream needs a name"), "{}", stderr(&blank));
    assert_eq!(read(dir.path(), "content/records/2026-03-01.md"), original, "nothing written on an error");
}

#[test]
fn log_refuses_a_day_with_two_records_and_names_them() {
    let row = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n";
    let evening = format!("+++\ndate = 2026-03-01\n+++\n\n{row}");
    let dir =
        site(&[("content/records/2026-03-01.md", row), ("content/records/2026-03-01-evening.md", &evening)]);
    let output = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "5min", "--date", "2026-03-01"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("2 records are dated 2026-03-01 (content/records/2026-03-01.md, content/records/2026-03-01-evening.md)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(dir.path(), "content/records/2026-03-01-evening.md"), evening);
    let output = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "5min", "--date", "2026-03-02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "created content/records/2026-03-02.md\n");
    let output = run(dir.path(), &["log", "C", "--human", "1h", "--ai", "5min", "--date", "2026-03-02"]);
    assert_eq!(stderr(&output), "added a row to content/records/2026-03-02.md\n");
}

#[test]
fn log_says_when_a_task_is_logged_twice() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Billing | 15min | 3h |\n",
    )]);
    let args = ["log", "Billing", "--human", "15min", "--ai", "3h", "--date", "2026-03-01"];
    let again = run(dir.path(), &args);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains(
            "content/records/2026-03-01.md:4:1: warning: this row repeats the task and times of line 3, so the day counts that work twice"
        ),
        "{}",
        stderr(&again)
    );
    // check says it too, at the second row.
    let check = run(dir.path(), &["check"]);
    assert!(
        stderr(&check).contains(
            "content/records/2026-03-01.md:4:1: warning: this row repeats the task and times of line 3"
        ),
        "{}",
        stderr(&check)
    );
    // Other times are other work.
    let other =
        run(dir.path(), &["log", "Billing", "--human", "15min", "--ai", "2h", "--date", "2026-03-01"]);
    assert!(!stderr(&other).contains("twice"), "{}", stderr(&other));
    // A task under 1x is noted: most often the two times the other way round.
    assert!(
        stderr(&other).contains(
            "note: the human estimate is less than the Claude time, so the task's leverage is under 1x; if \
             --human and --ai were swapped, swap the two cells in content/records/2026-03-01.md"
        ),
        "{}",
        stderr(&other)
    );
    let over = run(dir.path(), &["log", "Quick", "--human", "2h", "--ai", "15min", "--date", "2026-03-01"]);
    assert!(!stderr(&over).contains("note:"), "{}", stderr(&over));
}

#[test]
fn stats_prints_the_figures_as_a_table_and_as_json() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "+++\ntags = [\"a\"]\n+++\n| Task | Workstream | Human Est. | Claude Time | Tokens |\n|---|---|---|---|---|\n| A | Site | 4h | 10min | 5k |\n| B | Docs | 2h | 20min | |\n",
        ),
        (
            "content/records/2026-03-05.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| C | 1h | 30min |\n",
        ),
    ]);
    // Work that rounds to nothing is said as the record pages say it.
    let small = run(dir.path(), &["stats", "--from", "2026-03-05"]);
    assert!(stdout(&small).contains("1h (0.1 working days, <0.1 weeks)"), "{}", stdout(&small));
    // A day's own token count with no task is no share of tasks ("0 of 0 tasks known").
    crate::support::write(
        dir.path(),
        "content/records/2026-03-07.md",
        "+++\ntokens = 5000\n+++\n\nNotes alone.\n",
    );
    let notes = run(dir.path(), &["stats", "--from", "2026-03-07"]);
    assert!(stdout(&notes).contains("Total tokens                  5k\n"), "{}", stdout(&notes));
    std::fs::remove_file(dir.path().join("content/records/2026-03-07.md")).expect("removed");
    let table = run(dir.path(), &["stats"]);
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    for line in [
        "Total tasks                   3",
        "Total human-equivalent hours  7h (0.9 working days, 0.2 weeks)",
        "Weighted average leverage     7x",
        "Mean task leverage            10.7x",
        "Median task leverage          6x",
        "Range                         2x to 24x",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert!(text.contains("Site") && text.contains("Docs"), "a line per workstream:\n{text}");
    let json = run(dir.path(), &["stats", "--json", "--tag", "a", "--to", "2026-03-04"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    let totals = &value["totals"];
    assert_eq!(totals["records"], 1);
    assert_eq!(totals["human_minutes"], 360.0);
    assert_eq!(totals["tokens"], 5000);
    assert_eq!(totals["tokens_approx"], true);
    // The contract's keys, then the working days and weeks and the spread of the tasks'
    // leverage, as the table gives them.
    let keys: Vec<&str> = totals.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 17, "{keys:?}");
    // "The same keys as above": those of data/records.json's totals, each one.
    assert!(build(dir.path()).status.success());
    let exported = records_json(dir.path());
    let exported: Vec<&str> =
        exported["totals"].as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(keys, exported, "stats --json and data/records.json name the totals alike");
    assert_eq!(totals["human_working_days"], 0.75);
    assert_eq!(totals["human_working_weeks"], 0.15);
    // 4h over 10min and 2h over 20min: 24x and 6x.
    assert_eq!(totals["mean_leverage"], 15.0);
    assert_eq!(totals["median_leverage"], 15.0);
    assert_eq!(totals["min_leverage"], 6.0);
    assert_eq!(totals["max_leverage"], 24.0);
    assert_eq!(stderr(&json), "", "tag `a` exists");
    // The table's rows of workstreams, each as `--workstream` totals it.
    let streams = value["workstreams"].as_array().expect("the workstreams");
    let named: Vec<(&str, &str)> = streams
        .iter()
        .map(|s| (s["name"].as_str().expect("name"), s["agent"].as_str().expect("agent")))
        .collect();
    assert_eq!(named, [("Docs", "Claude"), ("Site", "Claude")]);
    for stream in streams {
        let name = stream["name"].as_str().expect("name");
        let alone =
            run(dir.path(), &["stats", "--json", "--tag", "a", "--to", "2026-03-04", "--workstream", name]);
        let alone: serde_json::Value = serde_json::from_str(&stdout(&alone)).expect("JSON");
        assert_eq!(stream["totals"], alone["totals"], "{name}");
        assert!(alone.get("workstreams").is_none(), "one stream lists none");
    }
    let typo = run(dir.path(), &["stats", "--tag", "aa"]);
    assert_eq!(typo.status.code(), Some(0));
    assert_eq!(
        stderr(&typo),
        "warning: no published record has the tag `aa`; the figures below count none; did you mean `a`?\n"
    );
}

#[test]
fn stats_names_the_agent_of_the_records_it_counts() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 10min |\n",
        ),
        (
            "content/records/2026-03-05.md",
            "| Task | Human Est. | Codex |\n|---|---|---|\n| C | 1h | 30min |\n",
        ),
        // A day of prose alone names no agent: it is not one of another agent's.
        ("content/records/2026-03-03.md", "A day of reading, without a task.\n"),
    ]);
    // Before, the latest record's agent was credited with every record's minutes.
    for (args, line) in [
        (&["stats"][..], "Total AI minutes              40min"),
        (&["stats", "--to", "2026-03-01"][..], "Total Claude minutes          10min"),
        (&["stats", "--to", "2026-03-03"][..], "Total Claude minutes          10min"),
        (&["stats", "--from", "2026-03-05"][..], "Total Codex minutes           30min"),
    ] {
        let output = run(dir.path(), args);
        assert!(stdout(&output).contains(line), "{args:?}: {line} in:\n{}", stdout(&output));
    }
    // Selecting no record, the site's own agent names the zero, not a generic `AI`.
    std::fs::remove_file(dir.path().join("content/records/2026-03-05.md")).expect("removed");
    let output = run(dir.path(), &["stats", "--tag", "nope"]);
    assert!(stdout(&output).contains("Total Claude minutes          0min"), "{}", stdout(&output));
    // The site's agent too, on every page that adds up its records.
    let output = run(dir.path(), &["stats"]);
    assert!(stdout(&output).contains("Total Claude minutes          10min"), "{}", stdout(&output));
    assert!(run(dir.path(), &["build", "-q"]).status.success());
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).expect("the home page");
    assert!(home.contains("Claude time"), "{home}");
}

#[test]
fn stats_names_a_workstream_as_the_site_does_and_gives_supervision_in_hours() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Workstream | Human Est. | Claude Time | Sup. |\n|---|---|---|---|---|\n| A | Shared WS | 4h | 10min | 2min |\n",
        ),
        (
            "content/records/2026-03-05.md",
            "| Task | Workstream | Human Est. | Claude Time | Sup. |\n|---|---|---|---|---|\n| C | shared ws | 9h | 30min | 3h 19min |\n",
        ),
    ]);
    // The workstream's page is `Shared WS`, as first written in the site; so is its line in the
    // stats of a range that starts after that first record.
    let later = stdout(&run(dir.path(), &["stats", "--from", "2026-03-05"]));
    assert!(later.contains("\nShared WS ") && !later.contains("shared ws"), "{later}");
    // Minutes past the hour are said in hours too, as the AI minutes are.
    assert!(later.contains("Total supervisory minutes      199min (3h 19min; 1 of 1 task)\n"), "{later}");
    let first = stdout(&run(dir.path(), &["stats", "--to", "2026-03-01"]));
    assert!(first.contains("Total supervisory minutes      2min (1 of 1 task)\n"), "{first}");
}

/// `stats --workstream` counts a stream's tasks as its page does: the records that have one of
/// them, and those tasks' figures alone; with `--from`, `--to` and `--tag` as for records.
#[test]
fn stats_counts_one_workstream_as_its_page_does() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "+++\ntags = [\"a\"]\n+++\n| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| A | Site | 4h | 10min |\n| B | Docs | 2h | 20min |\n",
        ),
        (
            "content/records/2026-03-05.md",
            "| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| C | site | 1h | 30min |\n| D | | 5h | 5min |\n",
        ),
    ]);
    let json = run(dir.path(), &["stats", "--json", "--workstream", "SITE"]);
    // (The build's warning that `site` is written two ways is said too.)
    assert!(
        !stderr(&json).contains("no published task"),
        "`SITE` shares the page of `Site`: {}",
        stderr(&json)
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    let totals = &value["totals"];
    assert_eq!((totals["records"].as_u64(), totals["tasks"].as_u64()), (Some(2), Some(2)));
    assert_eq!((totals["human_minutes"].as_f64(), totals["ai_minutes"].as_f64()), (Some(300.0), Some(40.0)));
    assert_eq!(totals["weighted_leverage"], 7.5);
    assert_eq!((totals["min_leverage"].as_f64(), totals["max_leverage"].as_f64()), (Some(2.0), Some(24.0)));
    // The stream's page says the same.
    assert!(build(dir.path()).status.success());
    let page =
        std::fs::read_to_string(dir.path().join("public/workstreams/site/index.html")).expect("its page");
    for figure in [">7.5x<", ">5h<", ">40min<"] {
        assert!(page.contains(figure), "{figure} on the stream's page");
    }
    // The table's lines, each with its runs of spaces made one.
    let lines = |args: &[&str]| -> Vec<String> {
        let text = stdout(&run(dir.path(), args));
        text.lines().map(|line| line.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
    };
    let later = lines(&["stats", "--workstream", "Site", "--from", "2026-03-02"]);
    for line in ["Records 1", "Total tasks 1", "Weighted average leverage 2x"] {
        assert!(later.iter().any(|l| l == line), "{line} in {later:?}");
    }
    assert!(!later.iter().any(|l| l.contains("Docs")), "no table of workstreams for one: {later:?}");
    let tagged = lines(&["stats", "--workstream", "Site", "--tag", "a"]);
    assert!(tagged.iter().any(|l| l == "Weighted average leverage 24x"), "{tagged:?}");
    let typo = run(dir.path(), &["stats", "--workstream", "Sitte"]);
    assert_eq!(typo.status.code(), Some(0));
    assert!(
        stderr(&typo).ends_with(
            "\nwarning: no published task is in the workstream `Sitte`; the figures below count none; did you mean `Site`?\n"
        ),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn stats_says_the_warnings_of_rows_that_count_for_nothing() {
    let dir = site(&[(
        "content/records/2026-11-25.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 5h | 30min |\n\n| B | 2.5h | 20min |\n",
    )]);
    let output = run(dir.path(), &["stats", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON on stdout alone");
    assert_eq!(value["totals"]["tasks"], 1);
    assert!(
        stderr(&output).contains(
            "content/records/2026-11-25.md:5:1: warning: this looks like a row of the task table above, but a blank line ends that table"
        ),
        "{}",
        stderr(&output)
    );
}

/// The checks of the whole site that bear on figures are said by stats as by build: a record
/// dated in a year mistyped, which counts as any other, and a tag or workstream spelled two ways.
#[test]
fn stats_says_the_site_wide_warnings_that_bear_on_its_figures() {
    let table = |stream: &str| {
        format!(
            "| Task | Human Est. | Claude Time | Workstream |\n|---|---|---|---|\n| A | 2h | 10min | {stream} |\n"
        )
    };
    let dir = site(&[
        ("content/records/2026-03-01.md", &format!("+++\ntags = [\"rust\"]\n+++\n\n{}", table("mobile-app"))),
        (
            "content/records/2062-03-02.md",
            &format!("+++\ntags = [\"Rust \"]\n+++\n\n{}", table("Mobile App")),
        ),
    ]);
    let output = run(dir.path(), &["stats", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    for said in [
        "content/records/2062-03-02.md:1:1: warning: dated 2062-03-02, after today",
        "content/records/2062-03-02.md:2:9: warning: tag `Rust ` is the tag `rust`",
        "content/records/2062-03-02.md:7:20: warning: workstream `Mobile App` is the workstream `mobile-app`",
    ] {
        assert!(err.contains(said), "{said} in:\n{err}");
    }
    // Only those of the records counted: the record of 2062 is not one of these.
    let before = run(dir.path(), &["stats", "--to", "2026-06-01"]);
    assert!(before.status.success(), "{}", stderr(&before));
    assert_eq!(stderr(&before), "", "nothing said of records not counted");
}

#[test]
fn stats_refuses_a_date_range_that_ends_before_it_starts() {
    let output = run(&workspace(), &["stats", "--from", "2026-03-01", "--to", "2026-02-01"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: --from 2026-03-01 is after --to 2026-02-01"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());
    let same_day = run(&workspace(), &["stats", "--from", "2026-02-28", "--to", "2026-02-28"]);
    assert!(same_day.status.success(), "{}", stderr(&same_day));
}

#[test]
fn stats_refuses_to_total_a_site_with_content_errors() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human | AI |\n|---|---|---|\n| good | 1h | 10min |\n| bad | 1h | 0min |\n",
        ),
        (
            "content/records/2026-03-02.md",
            "+++\ntittle = \"x\"\n+++\n| Task | Human | AI |\n|---|---|---|\n| a | 5h | 1h |\n",
        ),
    ]);
    let output = run(dir.path(), &["stats"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "", "no totals that leave tasks out");
    let err = stderr(&output);
    assert!(err.contains("2 error(s) in the site would leave tasks out of the figures"), "{err}");
    assert!(
        err.contains("content/records/2026-03-01.md:4:14: error: expected an AI time above zero"),
        "{err}"
    );
    assert!(err.contains("content/records/2026-03-02.md:2:1: error:"), "{err}");
    assert_eq!(run(dir.path(), &["stats", "--json"]).status.code(), Some(1));
}

#[test]
fn stats_lines_up_workstreams_with_wide_names() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Workstream | Human Est. | Claude Time |\n|---|---|---|---|\n| A | Site | 4h | 10min |\n| B | 日本語の文書 | 2h | 20min |\n| C | Cafe\u{301} | 1h | 30min |\n| D | Site | 40h | 1h 8.6min |\n",
    )]);
    let table = stdout(&run(dir.path(), &["stats"]));
    assert!(table.contains("1h 18.6min"), "a cell wider than any fixed column: {table}");
    let section = table.split("\n\n").nth(1).expect("a workstream table");
    let widths: Vec<usize> = section.lines().map(unicode_width::UnicodeWidthStr::width).collect();
    assert_eq!(widths.len(), 4, "{section}");
    assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}\n{section}");
}

#[test]
fn new_and_log_note_a_new_day_long_before_the_latest() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 10min |\n",
    )]);
    let log = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "5min", "--date", "2025-03-05"]);
    assert!(log.status.success(), "{}", stderr(&log));
    assert!(
        stderr(&log).contains(
            "note: content/records/2025-03-05.md is dated 2025-03-05, 361 days before the latest record \
             (2026-03-01); if its year or month is mistyped, rename the file"
        ),
        "{}",
        stderr(&log)
    );
    let new = run(dir.path(), &["new", "--date", "2025-08-01"]);
    assert!(
        stderr(&new).contains("note: content/records/2025-08-01.md is dated 2025-08-01, 212 days"),
        "{}",
        stderr(&new)
    );
    // A month back is a day written late, no slip.
    let recent = run(dir.path(), &["new", "--date", "2026-02-01"]);
    assert!(!stderr(&recent).contains("note:"), "{}", stderr(&recent));
    // A record dated after today is the slip, not the day written after it: it is named, and
    // the new day is measured against the latest record before it.
    std::fs::write(
        dir.path().join("content/records/2126-03-01.md"),
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 10min |\n",
    )
    .expect("written");
    let log = run(dir.path(), &["log", "C", "--human", "1h", "--ai", "5min", "--date", "2026-03-02"]);
    assert!(log.status.success(), "{}", stderr(&log));
    let err = stderr(&log);
    assert!(
        err.contains(
            "note: the latest record, content/records/2126-03-01.md, is dated 2126-03-01, after today; if its \
             year or month is mistyped, rename that file"
        ),
        "{err}"
    );
    assert!(!err.contains("days before the latest record"), "{err}");
    // A draft dated ahead is a day planned; a date of front matter is mended there.
    std::fs::write(
        dir.path().join("content/records/2126-03-01.md"),
        "+++\ndraft = true\n+++\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 10min |\n",
    )
    .expect("written");
    std::fs::write(
        dir.path().join("content/records/later.md"),
        "+++\ndate = 2127-01-01\n+++\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 10min |\n",
    )
    .expect("written");
    let log = run(dir.path(), &["log", "D", "--human", "1h", "--ai", "5min", "--date", "2026-03-03"]);
    let err = stderr(&log);
    assert!(err.contains("the latest record, content/records/later.md, is dated 2127-01-01"), "{err}");
    assert!(err.contains("correct its `date`"), "{err}");
    assert!(!err.contains("2126-03-01"), "the draft is no slip: {err}");
}

#[test]
fn new_and_log_warn_of_a_day_after_tomorrow_as_the_build_will() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 4h | 10min |\n",
    )]);
    // Far enough from today that a test run across midnight reads the same.
    let today = chrono::Local::now().date_naive();
    let tomorrow = today.succ_opt().expect("a next day").to_string();
    let later = (today + chrono::Days::new(30)).to_string();
    // A year mistyped is said as the file is made; the file is made all the same.
    let new = run(dir.path(), &["new", "--date", "2062-03-01"]);
    assert!(new.status.success(), "{}", stderr(&new));
    assert!(
        stderr(&new).contains("warning: content/records/2062-03-01.md is dated 2062-03-01, after today (20"),
        "{}",
        stderr(&new)
    );
    assert!(dir.path().join("content/records/2062-03-01.md").exists());
    let log = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "5min", "--date", &later]);
    assert!(log.status.success(), "{}", stderr(&log));
    assert!(
        stderr(&log).contains(&format!("warning: content/records/{later}.md is dated {later}")),
        "{}",
        stderr(&log)
    );
    // Adding to that day again is no new slip: the build says it from now on.
    let again = run(dir.path(), &["log", "C", "--human", "1h", "--ai", "5min", "--date", &later]);
    assert!(!stderr(&again).contains("warning"), "{}", stderr(&again));
    // Tomorrow is already today east of here, and a past day is what a log is for.
    for date in [tomorrow.as_str(), "2026-03-02"] {
        let output = run(dir.path(), &["new", "--date", date]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(!stderr(&output).contains("warning"), "{date}: {}", stderr(&output));
    }
    // The build warns of the same records in the same words.
    let built = build(dir.path());
    assert!(stderr(&built).contains("warning: dated 2062-03-01, after today (20"), "{}", stderr(&built));
}

/// `theme` copies the built-in theme out, whole or a template at a time, as its files are in the
/// repository: a site built with the copy is the same site, byte for byte. Nothing is overwritten.
#[test]
fn theme_copies_the_built_in_theme_to_make_it_the_site_s_own() {
    let parent = tempfile::tempdir().expect("a temporary folder");
    let dir = parent.path().join("log");
    assert!(leverage(&["init", dir.to_str().expect("UTF-8")]).status.success());
    let built = build(&dir);
    assert!(built.status.success(), "{}", stderr(&built));
    let before = tree(&dir.join("public"));

    let copied = run(&dir, &["theme"]);
    assert!(copied.status.success(), "{}", stderr(&copied));
    assert!(stderr(&copied).contains("next: set theme = \"mine\" in site.toml"), "{}", stderr(&copied));
    assert_eq!(tree(&dir.join("themes/mine")), tree(&workspace().join("themes/default")));
    let toml = read(&dir, "site.toml");
    std::fs::write(dir.join("site.toml"), format!("theme = \"mine\"\n{toml}")).expect("written");
    let built = build(&dir);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(tree(&dir.join("public")), before, "the copy builds the same site");

    // One template, into the site's templates/.
    let copied = run(&dir, &["theme", "--template", "partials/task_table.html"]);
    assert!(copied.status.success(), "{}", stderr(&copied));
    assert_eq!(
        read(&dir, "templates/partials/task_table.html"),
        read(&workspace(), "themes/default/templates/partials/task_table.html")
    );
    let built = build(&dir);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(tree(&dir.join("public")), before);
    // The site's theme's own template, where it has one: the default's replaced its design.
    let own = format!("{}{{# mine #}}\n", read(&dir, "themes/mine/templates/record.html"));
    std::fs::write(dir.join("themes/mine/templates/record.html"), &own).expect("written");
    std::fs::write(dir.join("themes/mine/templates/partials/cards.html"), "<p>cards</p>\n").expect("written");
    for (file, text) in [("record.html", own.as_str()), ("partials/cards.html", "<p>cards</p>\n")] {
        let copied = run(&dir, &["theme", "--template", file]);
        assert!(copied.status.success(), "{}", stderr(&copied));
        assert!(
            stderr(&copied).contains(&format!("copied the theme `mine`'s {file}")),
            "{}",
            stderr(&copied)
        );
        assert_eq!(read(&dir, &format!("templates/{file}")), text);
        std::fs::remove_file(dir.join("templates").join(file)).expect("removed");
    }

    // Nothing is overwritten; a slip is told the nearest name.
    for (args, code, said) in [
        (&["theme"][..], 1, "themes/mine exists already"),
        (
            &["theme", "--template", "partials/task_table.html"],
            1,
            "templates/partials/task_table.html exists already",
        ),
        (
            &["theme", "--template", "recrod.html"],
            2,
            "neither the theme `mine` nor the default theme has a template `recrod.html`; did you mean `record.html`?",
        ),
        (&["theme", "../elsewhere"], 2, "`../elsewhere` is no folder name for a theme"),
        (&["theme", "--template", "../static/style.css"], 2, "`../static/style.css` is no template's name"),
        (&["theme", "--template", "/etc/hosts"], 2, "`/etc/hosts` is no template's name"),
        (&["theme", "--template", "index"], 2, "template `index`; did you mean `index.html`?"),
    ] {
        let output = run(&dir, args);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(said), "{args:?}: {}", stderr(&output));
    }
    assert!(!parent.path().join("elsewhere").exists());
    let nowhere = leverage(&["theme", "--root", parent.path().to_str().expect("UTF-8")]);
    assert_eq!(nowhere.status.code(), Some(1));
    assert!(stderr(&nowhere).contains("site.toml: no such file"), "{}", stderr(&nowhere));
    // Copied again after its folder was removed: site.toml names it already, and says so.
    std::fs::remove_dir_all(dir.join("themes/mine")).expect("removed");
    let again = run(&dir, &["theme"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains("(site.toml names it already)"), "{}", stderr(&again));
    // A file where a folder of the copy is to be: said at that file.
    let _ = std::fs::remove_dir_all(dir.join("templates/partials"));
    std::fs::create_dir_all(dir.join("templates")).expect("a folder");
    std::fs::write(dir.join("templates/partials"), "").expect("written");
    let blocked = run(&dir, &["theme", "--template", "partials/macros.html"]);
    assert_eq!(blocked.status.code(), Some(1));
    assert!(
        stderr(&blocked).contains(
            "templates/partials is a file: expected a folder there, to hold templates/partials/macros.html"
        ),
        "{}",
        stderr(&blocked)
    );
    std::fs::remove_dir_all(dir.join("themes")).expect("removed");
    std::fs::write(dir.join("themes"), "").expect("written");
    let blocked = run(&dir, &["theme", "other"]);
    assert_eq!(blocked.status.code(), Some(1));
    assert!(stderr(&blocked).contains("themes is a file: expected a folder there"), "{}", stderr(&blocked));
}

/// `log`s run at once (a script, two terminals) each add their row: each read the file and wrote
/// it back with its own row, so the last to write won and the others' rows were lost, every one
/// of them saying it had added its row. A new day made by several at once is made once.
#[test]
fn logs_run_at_once_each_add_their_row() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n",
    )]);
    for date in ["2026-03-01", "2026-03-02"] {
        let root = dir.path().to_str().expect("UTF-8");
        let children: Vec<std::process::Child> = (0..8)
            .map(|n| {
                let task = format!("Task {n}");
                crate::support::command()
                    .args([
                        "-q", "log", &task, "--human", "1h", "--ai", "5min", "--date", date, "--root", root,
                    ])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("leverage runs")
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().expect("it ends");
            assert!(output.status.success(), "{}", stderr(&output));
        }
        let text = read(dir.path(), &format!("content/records/{date}.md"));
        for n in 0..8 {
            assert_eq!(text.matches(&format!("| Task {n} |")).count(), 1, "{date}, task {n}:\n{text}");
        }
    }
}

/// Where a new day's file would go stands a file that is not the day's record: a record its front
/// matter dates another day, or a link to a file that is not there. `new` and `log` say which and
/// write nothing; `new` offered the `log` command that `log` then refused, and `log` wrote a file
/// over the link.
#[test]
fn new_and_log_say_why_the_file_of_the_day_is_not_its_record() {
    let dir = site(&[(
        "content/records/2026-03-02.md",
        "+++\ndate = 2026-03-01\n+++\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n",
    )]);
    let link = dir.path().join("content/records/2026-03-03.md");
    std::os::unix::fs::symlink(dir.path().join("gone.md"), &link).expect("linked");
    for (date, said) in [
        (
            "2026-03-02",
            "content/records/2026-03-02.md is the record of 2026-03-01 (the `date` of its front matter), not of \
             2026-03-02: correct its `date` or the file's name",
        ),
        ("2026-03-03", "content/records/2026-03-03.md is a symbolic link to "),
    ] {
        for command in
            [&["new", "--date", date][..], &["log", "B", "--human", "1h", "--ai", "5min", "--date", date][..]]
        {
            let output = run(dir.path(), command);
            assert_eq!(output.status.code(), Some(1), "{command:?}: {}", stderr(&output));
            assert!(stderr(&output).contains(said), "{command:?}: {}", stderr(&output));
        }
    }
    assert!(std::fs::symlink_metadata(&link).expect("there").file_type().is_symlink(), "the link is kept");
    assert!(!read(dir.path(), "content/records/2026-03-02.md").contains("| B |"));
    // A day's file saved as UTF-16 is said to be so, as `check` says it.
    std::fs::write(dir.path().join("content/records/2026-03-04.md"), b"\xff\xfe+\x00+\x00").expect("written");
    let output = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "5min", "--date", "2026-03-04"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("found UTF-16 (its byte order mark first)"), "{}", stderr(&output));
}

/// A day whose one task table markdown reads as part of an HTML block (right after `<div>`) is
/// refused, with `check`'s warning: `log` added a second table, and the first one's rows stayed
/// in no figure, with no word of them since.
#[test]
fn log_refuses_a_day_whose_task_table_markdown_did_not_read() {
    let text = "+++\ndate = 2026-03-01\n+++\n\n<div class=\"x\">\n| Task | Human Est. | Claude Time |\n|---|---|---|\n\
                | A | 1h | 5min |\n</div>\n";
    let dir = site(&[("content/records/2026-03-01.md", text)]);
    let output = run(dir.path(), &["log", "B", "--human", "1h", "--ai", "5min", "--date", "2026-03-01"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("6:1: warning: this record has no task table: this task table's header follows"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(dir.path(), "content/records/2026-03-01.md"), text);
}

/// A folder the writer may not write: the error names the record it could not create (it named
/// a temporary file of leverage's, which the writer never asked for).
#[test]
fn new_in_a_folder_that_may_not_be_written_names_the_record() {
    let dir = site(&[(
        "content/records/2026-03-01.md",
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 1h | 5min |\n",
    )]);
    let (mut command, _binary) = crate::support::command_held_to_modes(dir.path());
    crate::support::set_mode(dir.path(), "content/records", 0o555);
    let root = dir.path().to_str().expect("UTF-8");
    let output =
        command.args(["new", "--date", "2026-03-02", "--root", root]).output().expect("leverage runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot create content/records/2026-03-02.md: Permission denied"),
        "{}",
        stderr(&output)
    );
}

/// A hand-aligned table stays aligned: `log` pads its row to the columns' widths, numbers kept
/// right as the delimiter row's `--:` says, and `new` starts the next day with the same header
/// and delimiter row, their widths and marks kept, where it wrote `|---|---|` under a header of
/// single spaces.
#[test]
fn log_and_new_keep_a_hand_aligned_table_aligned() {
    let table = "| #  | Task             | Human Est. | Claude |\n\
                 |----|------------------|-----------:|-------:|\n\
                 | 1  | Build the parser |         8h |  30min |\n";
    let dir = site(&[("content/records/2026-03-01.md", table)]);
    let output =
        run(dir.path(), &["log", "Add recovery", "--human", "3h", "--ai", "9min", "--date", "2026-03-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        read(dir.path(), "content/records/2026-03-01.md"),
        format!("{table}| 2  | Add recovery     |         3h |   9min |\n")
    );
    let output = run(dir.path(), &["new", "--date", "2026-03-02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run(dir.path(), &["log", "Tests", "--human", "1h", "--ai", "5min", "--date", "2026-03-02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-02.md");
    assert!(
        text.ends_with(
            "| #  | Task             | Human Est. | Claude |\n\
             |----|------------------|-----------:|-------:|\n\
             | 1  | Tests            |         1h |   5min |\n"
        ),
        "{text}"
    );
}

/// `stats` of some records says the warnings of those alone (and of files that are no record):
/// `--from` a day said another day's stated factor that disagrees, above figures that leave
/// that day out.
#[test]
fn stats_of_some_records_says_their_warnings_alone() {
    let dir = site(&[
        (
            "content/records/2026-03-01.md",
            "| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n| A | 4h | 10min | 30x |\n",
        ),
        (
            "content/records/2026-03-02.md",
            "| Task | Human Est. | Claude Time |\n|---|---|---|\n| B | 1h | 5min |\n",
        ),
    ]);
    let all = run(dir.path(), &["stats"]);
    assert!(stderr(&all).contains("stated 30x, computed 24x"), "{}", stderr(&all));
    let one = run(dir.path(), &["stats", "--from", "2026-03-02"]);
    assert!(one.status.success(), "{}", stderr(&one));
    assert!(!stderr(&one).contains("stated 30x"), "{}", stderr(&one));
    assert!(stdout(&one).contains("Total tasks                   1"), "{}", stdout(&one));
}
