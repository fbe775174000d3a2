//! `leverage import`: real posts in, content files out, figures intact.

use crate::support::{build, leverage, read, records_json, site, stderr, workspace};

fn import(root: &std::path::Path, file: &std::path::Path) -> std::process::Output {
    leverage(&["import", file.to_str().expect("UTF-8"), "--root", root.to_str().expect("UTF-8")])
}

#[test]
fn the_sample_post_imports_with_exactly_its_tasks_and_figures() {
    let sample = crate::support::sample_post();
    let dir = site(&[]);
    let output = import(dir.path(), &sample);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("18 tasks into content/records/2026-02-28.md"), "{err}");
    assert!(err.contains("not placed: About These Records"), "says what it left out: {err}");
    assert!(err.contains("not placed: Let's Build Something!"), "{err}");
    assert!(!err.contains("warning"), "the sample's stated figures agree with the computed ones: {err}");
    let text = read(dir.path(), "content/records/2026-02-28.md");
    assert!(
        text.starts_with("+++\ntitle = \"Leverage Record: February 28, 2026\"\ndate = 2026-02-28\n+++\n"),
        "{text}"
    );
    assert!(text.contains("| Resume generator full implementation (6 phases: schemas, CLI, parsers, importers, renderers, LLM integration, templates, tests) | 40h | 20min | | 120x |"));
    assert!(!text.contains("Charles"), "the page's author box is not part of the record");
    let check = leverage(&["check", "--strict", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(check.status.success(), "the imported record checks clean: {}", stderr(&check));
    assert!(build(dir.path()).status.success());
    let json = records_json(dir.path());
    let totals = &json["totals"];
    assert_eq!(
        (totals["tasks"].as_u64(), totals["human_minutes"].as_f64(), totals["ai_minutes"].as_f64()),
        (Some(18), Some(12240.0), Some(268.0))
    );
    assert_eq!((totals["tokens"].as_u64(), totals["tokens_known"].as_u64()), (Some(1_230_000), Some(16)));
    let page = read(dir.path(), "public/records/2026-02-28/index.html");
    for figure in [">204h<", ">~1.23M<", ">45.7x<"] {
        assert!(page.contains(figure), "{figure}");
    }
}

#[test]
fn an_html_post_in_a_later_layout_imports() {
    let dir = site(&[]);
    let output = import(dir.path(), &workspace().join("tests/sites/import/2026-03-12.html"));
    assert!(output.status.success(), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-12.md");
    assert!(text.contains("tokens = \"~310,000\""), "the day's tokens go to front matter: {text}");
    assert!(text.contains("| # | Task | Human Est. | Claude | Sup. | Factor | Sup. Factor |"), "{text}");
    assert!(
        text.contains("| 1 | Port the renderer to the new API \\| twice | 8h | 12min | 30min | 40x | 16x |"),
        "{text}"
    );
    assert!(text.contains("| 2 | Fix flaky test | 2h | 10min | | 12x | |"), "{text}");
    assert!(text.contains("## Aggregate Statistics"));
    assert!(!text.contains("Consulting"));
    let check = leverage(&["check", "--strict", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn import_never_overwrites_and_names_what_it_cannot_read() {
    let dir = site(&[(
        "content/records/2026-03-12.md",
        "| Task | Human | AI Time |\n|---|---|---|\n| A | 1h | 1min |\n",
    )]);
    let output = import(dir.path(), &workspace().join("tests/sites/import/2026-03-12.html"));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("content/records/2026-03-12.md is already the record of 2026-03-12, titled"),
        "{}",
        stderr(&output)
    );
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Just some notes without a heading.\n").expect("written");
    let output = import(dir.path(), &notes);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("found no `Leverage Record: <Month D, YYYY>` heading"),
        "{}",
        stderr(&output)
    );
    // A folder is its posts (it was `Is a directory (os error 21)`): one with none is said.
    std::fs::create_dir(dir.path().join("empty")).expect("a folder");
    let output = import(dir.path(), dir.path().join("empty").as_path());
    assert!(stderr(&output).contains("empty: a folder with no post in it"), "{}", stderr(&output));
}

/// A folder of a Hugo site's posts (`content/posts/`) is every post below it, a bundle's
/// `index.md` with its files; a bundle's picture named among the posts (`bundle/*`) is skipped,
/// copied with its `index.md`, where it failed as text in no encoding.
#[test]
fn a_folder_of_posts_imports_each_post_and_its_bundles() {
    let dir = site(&[]);
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Port | 2h | 10min |\n";
    let old = tempfile::tempdir().expect("a folder");
    crate::support::write(old.path(), "hugo.toml", "baseURL = 'https://old.example/'\n");
    let posts = old.path().join("content/posts");
    crate::support::write(&posts, "2026-03-01-day.md", format!("+++\ntitle = 'Day'\n+++\n{table}"));
    crate::support::write(
        &posts,
        "2026/2026-03-02-nested.md",
        format!("+++\ntitle = 'Nested'\n+++\n{table}"),
    );
    crate::support::write(
        &posts,
        "2026-03-03-bundle/index.md",
        format!("+++\ntitle = 'Bundle'\n+++\n![c](chart.png)\n\n{table}"),
    );
    crate::support::write(&posts, "2026-03-03-bundle/chart.png", "\u{89}PNG");
    crate::support::write(&posts, "2026-03-03-bundle/notes.md", "a page resource");
    crate::support::write(&posts, ".hidden.md", "not a post");
    crate::support::write(&posts, "cover.jpg", "not a post either");
    crate::support::write(old.path(), "public/index.html", "a built page, no post");
    crate::support::write(old.path(), "node_modules/x/README.md", "a package's");
    // A folder of posts named as a site's built pages are is posts all the same.
    crate::support::write(
        &posts,
        "public/2026-03-04-going-public.md",
        format!("+++\ntitle = 'Public'\n+++\n{table}"),
    );
    let root = dir.path().to_str().expect("UTF-8");
    let output = leverage(&["--root", root, "import", old.path().to_str().expect("UTF-8")]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    for written in ["2026-03-01.md", "2026-03-02.md", "2026-03-03/index.md", "2026-03-04.md"] {
        assert!(dir.path().join("content/records").join(written).is_file(), "{written}: {err}");
    }
    assert!(dir.path().join("content/records/2026-03-03/chart.png").is_file(), "{err}");
    assert_eq!(std::fs::read_dir(dir.path().join("content/records")).expect("records").count(), 4, "{err}");
    // The bundle's files named one by one, as a shell's `bundle/*` names them.
    let dir = site(&[]);
    let root = dir.path().to_str().expect("UTF-8");
    let bundle = posts.join("2026-03-03-bundle");
    let (index, chart) = (bundle.join("index.md"), bundle.join("chart.png"));
    let output =
        leverage(&["--root", root, "import", index.to_str().expect("UTF-8"), chart.to_str().expect("UTF-8")]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("chart.png: skipped: a file of its bundle, copied with its index.md"), "{err}");
}

#[test]
fn a_batch_goes_on_past_a_file_it_cannot_import_and_says_how_many() {
    let dir = site(&[]);
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).expect("a folder");
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Ship it | 2h | 10min |\n";
    // A byte order mark, and a date only in the file's name.
    std::fs::write(posts.join("a.txt"), format!("\u{feff}Leverage Record: March 5, 2026\n\n{table}"))
        .expect("written");
    std::fs::write(posts.join("notes.txt"), "Just notes.\n").expect("written");
    std::fs::write(posts.join("2026-03-08-evening.txt"), format!("Evening notes.\n\n{table}"))
        .expect("written");
    let run = || {
        leverage(&[
            "--root",
            dir.path().to_str().expect("UTF-8"),
            "import",
            posts.join("a.txt").to_str().expect("UTF-8"),
            posts.join("notes.txt").to_str().expect("UTF-8"),
            posts.join("2026-03-08-evening.txt").to_str().expect("UTF-8"),
        ])
    };
    let output = run();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(dir.path().join("content/records/2026-03-05.md").exists(), "{err}");
    assert!(dir.path().join("content/records/2026-03-08.md").exists(), "the file after the failure: {err}");
    assert!(err.contains("notes.txt: error: found no `Leverage Record: <Month D, YYYY>` heading"), "{err}");
    assert!(err.contains("error: 1 of 3 files not imported (above)"), "{err}");
    assert!(err.contains("a.txt: 1 task into content/records/2026-03-05.md"), "{err}");
    // A totals row is no task, in the count import prints as on the site.
    std::fs::write(
        posts.join("totals.txt"),
        "Leverage Record: March 9, 2026\n\nTask Human Est. Claude Time\nA 2h 10min\nB 2h 10min\nTotal 4h 20min\n",
    )
    .expect("written");
    let output = leverage(&[
        "--root",
        dir.path().to_str().expect("UTF-8"),
        "import",
        posts.join("totals.txt").to_str().expect("UTF-8"),
    ]);
    assert!(stderr(&output).contains("totals.txt: 2 tasks into"), "{}", stderr(&output));
    // Run again: the two are not written over, and said so, each.
    let err = stderr(&run());
    assert_eq!(err.matches("is already the record of").count(), 2, "{err}");
    assert!(err.contains("error: 3 of 3 files not imported (above)"), "{err}");
}

/// A post already in the site, under any file name, is not imported again: the same title of
/// its own, or the same tasks. A second post of a day, told apart by its title or its file's
/// name, is a record of its own; one told apart by neither is refused with that advice.
#[test]
fn a_day_s_post_is_imported_once_and_a_second_post_of_the_day_beside_it() {
    let sample = crate::support::sample_post();
    let text = std::fs::read_to_string(&sample).expect("the sample");
    let dir = site(&[(
        "content/records/2026/feb-28.md",
        "+++\ndate = 2026-02-28\n+++\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n",
    )]);
    let root = dir.path().to_str().expect("UTF-8");
    let post = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path.to_str().expect("UTF-8").to_string()
    };
    let run = |paths: &[&str]| {
        let mut args = vec!["--root", root, "import"];
        args.extend_from_slice(paths);
        stderr(&leverage(&args))
    };
    // The sample, titled by its date alone, beside another record of the day: which is it?
    let err = run(&[sample.to_str().expect("UTF-8")]);
    assert!(
        err.contains(
            "error: content/records/2026/feb-28.md is already the record of 2026-02-28, titled \"Leverage Record: \
             February 28, 2026\": to import this post as a second record of the day, give it a title of its own or \
             its file a name that says which (`2026-02-28-evening.txt`)"
        ),
        "{err}"
    );
    assert!(!dir.path().join("content/records/2026-02-28.md").exists(), "nothing written");
    // Told apart by its title, and by its file's name.
    let evening = post("evening.txt", &text.replace("February 28, 2026", "February 28, 2026 (Evening)"));
    let jekyll = "---\ntitle: Late night\n---\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| B | 1h | 5min |\n";
    let late = post("2026-02-28-late-night.md", jekyll);
    let err = run(&[&evening, &late]);
    assert!(err.contains("evening.txt: 18 tasks into content/records/2026-02-28-evening.md"), "{err}");
    assert!(
        err.contains("2026-02-28-late-night.md: 1 task into content/records/2026-02-28-late-night.md"),
        "{err}"
    );
    // Imported again under other names: the same title, the same tasks.
    let copy = post("copy.txt", &text.replace("February 28, 2026", "February 28, 2026 (Evening)"));
    let untitled = post("2026-02-28-again.txt", &text.replace("Leverage Record: February 28, 2026", ""));
    let err = run(&[&copy, &untitled]);
    assert!(
        err.contains("copy.txt: error: content/records/2026-02-28-evening.md is already the record of 2026-02-28, with the same title"),
        "{err}"
    );
    assert!(
        err.contains("2026-02-28-again.txt: error: content/records/2026-02-28-evening.md is already the record of 2026-02-28, with the same tasks"),
        "{err}"
    );
    // A second post of the day named apart but titled by the date alone is titled as the
    // build titles such a file: two cards of one title told nothing apart.
    let night = post(
        "2026-02-28-night.txt",
        "Leverage Record: February 28, 2026\n\nTask Human Est. Claude Time\nNight shift 2h 10min\n",
    );
    let err = run(&[&night]);
    assert!(err.contains("1 task into content/records/2026-02-28-night.md"), "{err}");
    let written = read(dir.path(), "content/records/2026-02-28-night.md");
    assert!(
        written.starts_with("+++\ntitle = \"Leverage Record: February 28, 2026 (Night)\"\n"),
        "{written}"
    );
    // The sample again with one task mended (as after an import that failed on a row): the
    // same post, not a second one.
    let mended = post(
        "2026-02-28-mended.txt",
        &text.replace("Incremental checkpointing for synthesis", "Incremental checkpoints for synthesis"),
    );
    let err = run(&[&mended]);
    assert!(
        err.contains(
            "error: content/records/2026-02-28-evening.md is already the record of 2026-02-28, with 17 of its 18 \
             tasks: leverage never imports a post twice"
        ),
        "{err}"
    );
    assert!(!dir.path().join("content/records/2026-02-28-mended.md").exists());
    // Two posts without titles of their own, told apart by their files' names.
    let row =
        |task: &str| format!("| Task | Human Est. | Claude Time |\n|---|---|---|\n| {task} | 1h | 5min |\n");
    let morning = post("2026-03-05-morning.md", &row("M"));
    let night = post("2026-03-05-night.md", &row("N"));
    let err = run(&[&morning, &night]);
    assert!(err.contains("1 task into content/records/2026-03-05.md"), "{err}");
    assert!(err.contains("1 task into content/records/2026-03-05-night.md"), "{err}");
    // A title of its own without the date: the advice given is one that works.
    let notes = post("notes.md", &format!("---\ntitle: Notes\ndate: 2026-03-07\n---\n{}", row("X")));
    let err = run(&[&notes]);
    assert!(err.contains("1 task into content/records/2026-03-07.md"), "{err}");
    let err = run(&[&notes]);
    assert!(err.contains("another post of that day needs a title of its own, as `Notes (Evening)`"), "{err}");
    let evening_notes =
        post("notes2.md", &format!("---\ntitle: Notes (Evening)\ndate: 2026-03-07\n---\n{}", row("Y")));
    let err = run(&[&evening_notes]);
    assert!(err.contains("1 task into content/records/2026-03-07-notes-evening.md"), "{err}");
    assert!(build(dir.path()).status.success());
    let json = records_json(dir.path());
    assert_eq!(json["totals"]["records"].as_u64(), Some(8), "the hand-written record and seven imported");
    assert_eq!(json["totals"]["tasks"].as_u64(), Some(1 + 18 + 1 + 1 + 1 + 1 + 1 + 1));
}

/// A page's text whose first line starts with `<` (its `<- Back to all posts` link) is text, not
/// HTML: it was read as HTML, found no heading, and wrote an empty record.
#[test]
fn a_post_s_text_starting_with_a_back_link_is_text() {
    let dir = site(&[]);
    let sample = std::fs::read_to_string(crate::support::sample_post()).expect("the sample");
    let file = dir.path().join("post.txt");
    std::fs::write(&file, format!("<- Back to all posts\n{sample}")).expect("written");
    let output = import(dir.path(), &file);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("18 tasks into content/records/2026-02-28.md"), "{}", stderr(&output));
}

/// A page that spaces its table's rows (a blank line before each) has every row read: its table
/// ended at the first blank line, every row became a paragraph, and the record had no task.
#[test]
fn a_table_whose_rows_are_spaced_apart_is_read_whole() {
    let dir = site(&[]);
    let sample = std::fs::read_to_string(crate::support::sample_post()).expect("the sample");
    let mut spaced = Vec::new();
    let mut in_table = false;
    for line in sample.lines() {
        if in_table && line.trim().is_empty() {
            in_table = false;
        } else if in_table {
            spaced.push("");
        }
        in_table |= line.starts_with("Task Human Est.");
        spaced.push(line);
    }
    let file = dir.path().join("post.txt");
    std::fs::write(&file, spaced.join("\n")).expect("written");
    let output = import(dir.path(), &file);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("18 tasks into content/records/2026-02-28.md"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
}

/// Two posts of one `slug` would be two pages on one address, which the build refuses: the
/// second is not imported (it was, and every build failed after an import that said nothing).
#[test]
fn a_post_whose_slug_another_page_has_is_not_imported() {
    let dir = site(&[]);
    let post = |name: &str, date: &str| {
        let path = dir.path().join(name);
        let text = format!("---\ntitle: Notes of {date}\ndate: {date}\nslug: notes\n---\n\nText.\n");
        std::fs::write(&path, text).expect("written");
        path
    };
    let (a, b) = (post("a.md", "2026-03-01"), post("b.md", "2026-03-02"));
    let root = dir.path().to_str().expect("UTF-8");
    let output =
        leverage(&["--root", root, "import", a.to_str().expect("UTF-8"), b.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "b.md: error: its address `/records/notes/` is another page's or alias's of this site already"
        ),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("content/records/2026-03-02.md").exists());
    assert!(build(dir.path()).status.success());
}

#[test]
fn a_post_whose_figures_do_not_read_is_written_with_its_errors_and_fails() {
    let dir = site(&[]);
    let post = dir.path().join("post.html");
    let html = "<h1>Leverage Record: March 14, 2026</h1>\n<table>\n\
        <tr><th>Task</th><th>Human Est.</th><th>Claude Time</th><th>Leverage</th></tr>\n\
        <tr><td>Plan the week</td><td>1h</td><td>0min</td><td>∞</td></tr>\n\
        <tr><td>Ship it</td><td>2h</td><td>10min</td><td>99x</td></tr>\n</table>\n";
    std::fs::write(&post, html).expect("written");
    let output = import(dir.path(), &post);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    // Counted as the build counts them: the row with an error is said below, at its place.
    assert!(err.contains("1 task into content/records/2026-03-14.md"), "{err}");
    assert!(
        err.contains(
            "content/records/2026-03-14.md:8:24: error: expected an AI time above zero, found `0min`"
        ),
        "the imported file's own place: {err}"
    );
    assert!(err.contains("error: 2 error(s) in what was imported"), "{err}");
    assert!(
        err.contains("content/records/2026-03-14.md:9:26: warning: stated 99x, computed 12x"),
        "stated figures are checked as check checks them: {err}"
    );
    let text = read(dir.path(), "content/records/2026-03-14.md");
    assert!(text.contains("| Plan the week | 1h | 0min |"), "written, for its writer to fix: {text}");
    let check = leverage(&["check", "--root", dir.path().to_str().expect("UTF-8")]);
    assert!(stderr(&check).contains("content/records/2026-03-14.md:8:24: error"), "{}", stderr(&check));
}

#[test]
fn import_reads_the_post_as_the_site_configures_it() {
    let dir = site(&[(
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\nai_labels = [\"Robot\"]\n",
    )]);
    let post = dir.path().join("post.html");
    let html = "<h1>Leverage Record: March 15, 2026</h1>\n<table>\n\
        <tr><th>Task</th><th>Human Est.</th><th>Robot</th></tr>\n\
        <tr><td>Ship it</td><td>2h</td><td>10min</td></tr>\n</table>\n";
    std::fs::write(&post, html).expect("written");
    let output = import(dir.path(), &post);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!("{}: 1 task into content/records/2026-03-15.md\n", post.display()),
        "`Robot` is an AI time column of this site: no warning that the table is no task table"
    );
    // A page's text too: its header's columns are found by the site's agents' names (the row
    // became a heading, and the record had no task).
    let text = dir.path().join("post.txt");
    let post = "Leverage Record: March 16, 2026\n\nTask Human Est. Robot Time Tokens Leverage\nBuild parser 4h 10min 20k 24x\n";
    std::fs::write(&text, post).expect("written");
    let output = import(dir.path(), &text);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("1 task into content/records/2026-03-16.md"), "{}", stderr(&output));
}

/// A post whose table's delimiter row an editor aligned with tabs is imported with its tasks, as
/// a build reads them, and written with spaces there: it was imported with none ("0 tasks"),
/// written with its tabs, and then counted by the build.
#[test]
fn a_tab_in_a_delimiter_row_is_imported_as_a_build_reads_it() {
    let dir = site(&[]);
    let post = dir.path().join("post.md");
    let tabbed = "| Task | Human Est. | Claude Time |\n|\t---\t|\t---\t|\t---\t|\n| A | 2h | 10min |\n";
    std::fs::write(&post, format!("+++\ntitle = \"T\"\ndate = 2026-03-01\n+++\n\n{tabbed}"))
        .expect("written");
    let output = import(dir.path(), &post);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("1 task into content/records/2026-03-01.md"), "{}", stderr(&output));
    let text = read(dir.path(), "content/records/2026-03-01.md");
    assert!(text.contains("| --- | --- | --- |\n| A | 2h | 10min |"), "{text}");
}

#[test]
fn markdown_posts_of_jekyll_hugo_and_zola_are_imported_with_their_front_matter() {
    let dir = site(&[]);
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).expect("a folder");
    let table =
        "| Task | Human Est. | Claude Time |\n|---|---|---|\n| **Port** the `parser` | 2h | 10min |\n";
    std::fs::write(
        posts.join("2026-03-01-parser-day.md"),
        format!(
            "---\nlayout: post\ntitle: \"Parser day\"\ndate: 2026-03-01 21:30:00 +0100\ntags: [rust, Parsing]\n\
             redirect_from:\n  - /2026/03/01/parser-day/\ndescription: A good day.\n---\n\nIntro *kept*.\n\n{table}"
        ),
    )
    .expect("written");
    std::fs::write(
        posts.join("ops.md"),
        format!("+++\ntitle = \"Ops\"\ndate = 2026-03-02\n[taxonomies]\ntags = [\"ops\"]\n+++\n{table}"),
    )
    .expect("written");
    let root = dir.path().to_str().expect("UTF-8");
    let output = leverage(&[
        "--root",
        root,
        "import",
        posts.join("2026-03-01-parser-day.md").to_str().expect("UTF-8"),
        posts.join("ops.md").to_str().expect("UTF-8"),
    ]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("2026-03-01-parser-day.md: 1 task into content/records/2026-03-01.md"), "{err}");
    assert!(err.contains("not placed: front matter `layout`"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("content/records/2026-03-01.md")).expect("written");
    assert!(text.starts_with("+++\naliases = [\"/2026/03/01/parser-day/\"]\ndate = 2026-03-01\n"), "{text}");
    assert!(text.ends_with(&format!("+++\n\nIntro *kept*.\n\n{table}")), "the body as written: {text}");
    let check = leverage(&["check", "--strict", "--root", root]);
    assert!(check.status.success(), "{}", stderr(&check));
    let built = leverage(&["build", "--root", root]);
    assert!(built.status.success(), "{}", stderr(&built));
    let public = dir.path().join("public");
    assert!(public.join("2026/03/01/parser-day/index.html").is_file(), "the old URL redirects");
    assert!(public.join("tags/parsing/index.html").is_file() && public.join("tags/ops/index.html").is_file());
}

/// Posts imported from a Hugo or Zola site keep the address they had there, as an alias: every
/// link to them, and every search result, still leads to the record. A section's `_index.md` is
/// skipped with a word, a relative Hugo alias is read in the post's folder, and shortcodes,
/// which leverage has not, are named (Hugo's `highlight` becomes the code block it stands for).
#[test]
fn posts_of_a_hugo_or_zola_site_keep_their_old_addresses() {
    let dir = site(&[("content/about.md", "# About\n")]);
    let table = "| Task | Human Est. | Claude Time |\n|---|---|---|\n| Port | 2h | 10min |\n";
    let old = tempfile::tempdir().expect("a folder");
    let hugo = old.path().join("hugo");
    let zola = old.path().join("zola");
    crate::support::write(
        &hugo,
        "hugo.toml",
        "baseURL = 'https://old.example/'\n[permalinks]\nposts = '/:year/:month/:day/:slug/'\n",
    );
    crate::support::write(
        &hugo,
        "content/posts/2026-03-01-day.md",
        format!(
            "---\ntitle: \"Day One: parser\"\ndate: 2026-03-01\naliases: old-name\n---\n{table}\n\
             {{{{< highlight rust >}}}}\nfn main() {{}}\n{{{{< /highlight >}}}}\n\n{{{{< gist spf13 7896402 >}}}}\n\n{{{{< figure src=\"a.png\" >}}}}\n"
        ),
    );
    // A bundle: its files come with it, but not hidden ones.
    let bundle = "content/posts/2026-03-03-bundle";
    crate::support::write(
        &hugo,
        &format!("{bundle}/index.md"),
        format!("+++\ntitle = 'Bundle day'\ndate = 2026-03-03\n+++\n![Chart](chart.png)\n\n{table}"),
    );
    crate::support::write(&hugo, &format!("{bundle}/chart.png"), "png");
    crate::support::write(&hugo, &format!("{bundle}/images/small.svg"), "<svg/>");
    crate::support::write(&hugo, &format!("{bundle}/.DS_Store"), "");
    // A page at the root whose old address is this site's about page, and a bundle dated by its
    // folder's name.
    crate::support::write(
        &hugo,
        "content/about.md",
        format!("+++\ntitle = 'About'\ndate = 2026-03-04\n+++\n{table}"),
    );
    crate::support::write(
        &hugo,
        "content/posts/2026-03-05-dated/index.md",
        format!("+++\ntitle = 'Dated'\n+++\n{table}"),
    );
    crate::support::write(&hugo, "content/posts/2026-03-05-dated/a.png", "png");
    // Aliases of its own where a page of this site is, or one leverage makes: left out, said.
    crate::support::write(
        &hugo,
        "content/posts/2026-03-06-aliased.md",
        format!(
            "+++\ntitle = 'Aliased'\naliases = ['/about/', '/archive/', '/tags/ai/', '/keep-me/']\n+++\n{table}"
        ),
    );
    crate::support::write(&zola, "config.toml", "base_url = 'https://old.example'\n");
    crate::support::write(&zola, "content/blog/_index.md", "+++\ntitle = 'Blog'\n+++\n");
    crate::support::write(
        &zola,
        "content/blog/2026-03-02-second.md",
        format!(
            "+++\ntitle = 'Second'\n+++\nAfter [the third](@/blog/2026-03-07-third/index.md#tasks) and [a page](@/blog/gone.md).\n\n{table}"
        ),
    );
    crate::support::write(
        &zola,
        "content/blog/2026-03-07-third/index.md",
        format!(
            "+++\ntitle = 'Third'\n+++\nBefore [the second](@/blog/2026-03-02-second.md).\n\n\
             ````md\n```\n[code](@/blog/2026-03-02-second.md)\n````\n\n{table}"
        ),
    );
    let root = dir.path().to_str().expect("UTF-8");
    let files = [
        hugo.join("content/posts/2026-03-01-day.md"),
        hugo.join(bundle).join("index.md"),
        hugo.join("content/about.md"),
        hugo.join("content/posts/2026-03-05-dated/index.md"),
        hugo.join("content/posts/2026-03-06-aliased.md"),
        zola.join("content/blog/_index.md"),
        zola.join("content/blog/2026-03-02-second.md"),
        zola.join("content/blog/2026-03-07-third/index.md"),
    ];
    let mut args = vec!["--root", root, "import"];
    args.extend(files.iter().map(|f| f.to_str().expect("UTF-8")));
    let output = leverage(&args);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains(
            "kept: /2026/03/01/day-one-parser/, its address on the Hugo site, redirects to the record"
        ),
        "{err}"
    );
    assert!(err.contains("kept: /blog/second/, its address on the Zola site"), "{err}");
    assert!(err.contains("_index.md: skipped: a Zola section's own page"), "{err}");
    assert!(
        err.contains("note: the Hugo site's feed was at /index.xml, and leverage's is /atom.xml"),
        "{err}"
    );
    assert!(!err.contains("Zola site's feed"), "Zola's feed is at /atom.xml: {err}");
    assert!(
        err.contains("not placed: line 14: a Hugo shortcode, left as text: `{{< gist spf13 7896402 >}}`"),
        "{err}"
    );
    assert!(!err.contains("{{< figure"), "Hugo's `figure` is the default theme's: {err}");
    let text = std::fs::read_to_string(dir.path().join("content/records/2026-03-01.md")).expect("written");
    assert!(text.contains("aliases = [\"/posts/old-name\", \"/2026/03/01/day-one-parser/\"]"), "{text}");
    assert!(text.contains("\n~~~rust\nfn main() {}\n~~~\n"), "{text}");
    assert!(text.contains("\n{{ figure(src=\"a.png\") }}\n"), "{text}");
    assert!(
        err.contains("2026-03-03-bundle/index.md: 1 task into content/records/2026-03-03/index.md"),
        "{err}"
    );
    assert!(err.contains("  copied with it: chart.png, images/small.svg (its bundle's files)"), "{err}");
    assert!(!dir.path().join("content/records/2026-03-03/.DS_Store").exists());
    assert!(
        err.contains("not placed: its address on the Hugo site, `/about/`: another page or alias of this site has it already"),
        "{err}"
    );
    assert!(
        err.contains("2026-03-05-dated/index.md: 1 task into content/records/2026-03-05/index.md"),
        "{err}"
    );
    for alias in ["/about/", "/archive/", "/tags/ai/"] {
        let said =
            format!("not placed: the alias `{alias}`: another page or alias of this site has it already");
        assert!(err.contains(&said), "{said}: {err}");
    }
    // Zola's internal links between posts imported together lead to their records; one to a post
    // not imported is left, for the build's warning.
    let second = std::fs::read_to_string(dir.path().join("content/records/2026-03-02.md")).expect("written");
    assert!(
        second.contains("[the third](@/records/2026-03-07.md#tasks) and [a page](@/blog/gone.md)"),
        "{second}"
    );
    let third = std::fs::read_to_string(dir.path().join("content/records/2026-03-07.md")).expect("written");
    assert!(third.contains("[the second](@/records/2026-03-02.md)"), "{third}");
    assert!(third.contains("[code](@/blog/2026-03-02-second.md)"), "code is as written: {third}");
    let aliased = std::fs::read_to_string(dir.path().join("content/records/2026-03-06.md")).expect("written");
    assert!(aliased.contains("aliases = [\"/keep-me/\", \"/2026/03/06/aliased/\"]"), "{aliased}");
    let check = leverage(&["check", "--strict", "--root", root]);
    assert!(!stderr(&check).contains("chart.png"), "the image is found: {}", stderr(&check));
    let built = leverage(&["build", "--root", root]);
    assert!(built.status.success(), "{}", stderr(&built));
    let public = dir.path().join("public");
    assert_eq!(std::fs::read_to_string(public.join("records/2026-03-03/chart.png")).expect("copied"), "png");
    for redirect in ["2026/03/01/day-one-parser", "posts/old-name", "blog/second", "2026/03/03/bundle-day"] {
        let page =
            std::fs::read_to_string(public.join(redirect).join("index.html")).expect("a redirect page");
        assert!(page.contains("http-equiv=\"refresh\""), "{redirect}: {page}");
    }
}

/// A page saved from the web as `index.html` is one post, not a bundle: the folder it was saved
/// in (a downloads folder) is not copied into the site.
#[test]
fn a_saved_page_named_index_brings_no_folder_with_it() {
    let dir = site(&[]);
    let downloads = tempfile::tempdir().expect("a folder");
    let sample = std::fs::read_to_string(crate::support::sample_post()).expect("the sample");
    crate::support::write(downloads.path(), "index.txt", &sample);
    crate::support::write(downloads.path(), "movie.mkv", "video");
    let root = dir.path().to_str().expect("UTF-8");
    let post = downloads.path().join("index.txt");
    let output = leverage(&["--root", root, "import", post.to_str().expect("UTF-8")]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("18 tasks into content/records/2026-02-28.md") && !err.contains("copied"), "{err}");
    assert!(!dir.path().join("content/records/2026-02-28").exists());
}

/// A post whose front matter does not read is named at its line and column, as every
/// diagnostic begins.
#[test]
fn a_post_s_front_matter_error_names_its_line_and_column() {
    let dir = site(&[]);
    let post = dir.path().join("2026-03-01-broken.md");
    std::fs::write(&post, "---\ntitle: A day\ntags: [unclosed\n---\nBody.\n").expect("written");
    let output = import(dir.path(), &post);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    let line = err.lines().find(|l| l.contains("2026-03-01-broken.md:")).unwrap_or_default();
    let place = line.split(": error: ").next().unwrap_or_default();
    let numbers: Vec<&str> = place.rsplit(':').take(2).collect();
    assert!(
        line.contains(": error: ") && numbers.iter().all(|n| n.parse::<u32>().is_ok_and(|n| n >= 1)),
        "{err}"
    );
}

#[test]
fn a_post_in_another_encoding_is_decoded_or_refused_where_it_stops_reading() {
    let dir = site(&[]);
    let post = "Leverage Record: March 5, 2026\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Résumé générateur | 2h | 10min |\n";
    // Windows' "Unicode": UTF-16 with its byte order mark, little- or big-endian.
    for (name, bom, unit) in [
        ("le.txt", [0xff, 0xfe], u16::to_le_bytes as fn(u16) -> [u8; 2]),
        ("be.txt", [0xfe, 0xff], u16::to_be_bytes),
    ] {
        let mut bytes = bom.to_vec();
        bytes.extend(
            post.replace("March 5", if name == "le.txt" { "March 5" } else { "March 6" })
                .encode_utf16()
                .flat_map(unit),
        );
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("written");
        let output = leverage(&[
            "--root",
            dir.path().to_str().expect("UTF-8"),
            "import",
            file.to_str().expect("UTF-8"),
        ]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
    }
    assert!(read(dir.path(), "content/records/2026-03-05.md").contains("| Résumé générateur |"));
    assert!(read(dir.path(), "content/records/2026-03-06.md").contains("| Résumé générateur |"));
    // Latin-1 read as UTF-8 would put `�` in the record with nothing to say so.
    let latin1: Vec<u8> = post
        .replace("March 5", "March 7")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect();
    let file = dir.path().join("latin1.txt");
    std::fs::write(&file, latin1).expect("written");
    let output =
        leverage(&["--root", dir.path().to_str().expect("UTF-8"), "import", file.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("latin1.txt:5:4: error: expected UTF-8 text, found the byte 0xE9"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("content/records/2026-03-07.md").exists());
    // Old Mac line endings (a lone CR each) are lines, as a build reads them: the post's heading
    // was not found, and a Jekyll post's front matter became its text.
    let file = dir.path().join("cr.txt");
    std::fs::write(&file, post.replace("March 5", "March 8").replace('\n', "\r")).expect("written");
    let jekyll = dir.path().join("2026-03-09-cr.md");
    std::fs::write(&jekyll, "---\ntitle: CR day\ntags: [mac]\n---\n\nText.\n".replace('\n', "\r"))
        .expect("written");
    let output = leverage(&[
        "--root",
        dir.path().to_str().expect("UTF-8"),
        "import",
        file.to_str().expect("UTF-8"),
        jekyll.to_str().expect("UTF-8"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        read(dir.path(), "content/records/2026-03-08.md").contains("\n| Résumé générateur | 2h | 10min |\n")
    );
    let day = read(dir.path(), "content/records/2026-03-09.md");
    assert!(
        day.starts_with("+++\n") && day.contains("title = \"CR day\"") && day.contains("tags = [\"mac\"]"),
        "{day}"
    );
}

#[test]
fn import_outside_a_site_writes_nothing() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("post.txt");
    std::fs::write(&file, "Leverage Record: March 5, 2026\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n").expect("written");
    let output =
        leverage(&["--root", dir.path().to_str().expect("UTF-8"), "import", file.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("site.toml: no such file: expected a site folder, holding a site.toml"), "{err}");
    assert!(err.ends_with("error: nothing was imported\n"), "{err}");
    assert!(!dir.path().join("content").exists());
    // A site.toml that does not parse is said at its place, as every command says it.
    std::fs::write(dir.path().join("site.toml"), "title = \"T\nbase_url = 1\n").expect("written");
    let output =
        leverage(&["--root", dir.path().to_str().expect("UTF-8"), "import", file.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("site.toml:1:"), "{}", stderr(&output));
    assert!(!dir.path().join("content").exists());
}

#[test]
fn quiet_import_names_a_post_only_when_something_of_it_was_left_out() {
    let dir = site(&[]);
    let root = dir.path().to_str().expect("UTF-8");
    let post = "+++\ntitle = \"A day\"\ndate = 2026-03-20\n+++\n\nProse.\n\n\
                | Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |\n";
    crate::support::write(dir.path(), "posts/clean.md", post);
    let clean = leverage(&[
        "import",
        "-q",
        "--root",
        root,
        dir.path().join("posts/clean.md").to_str().expect("UTF-8"),
    ]);
    assert!(clean.status.success(), "{}", stderr(&clean));
    assert_eq!(stderr(&clean), "", "a post imported whole is not said under --quiet");
    // The sample leaves its page's boxes out: each `not placed` line stays under its post's name.
    let sample = crate::support::sample_post();
    let output = leverage(&["import", "--quiet", "--root", root, sample.to_str().expect("UTF-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    let first = err.lines().next().unwrap_or_default();
    assert!(first.ends_with(": 18 tasks into content/records/2026-02-28.md"), "{err}");
    assert!(err.contains("\n  not placed: About These Records"), "{err}");
}
