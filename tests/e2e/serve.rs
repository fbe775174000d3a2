//! `leverage serve`: a real server started on a free loopback port, driven over HTTP while its
//! files are edited on disk.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{Child, copy_dir, site, wait_for_port, write};

const RECORD: &str = "+++\ntags = [\"alpha\"]\n+++\n\nIntro.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 2h | 10min |\n";

/// A running `serve --watch` and the lines it printed.
struct Server {
    child: Child,
    port: u16,
    base: String,
    stderr: mpsc::Receiver<String>,
    /// Lines read while starting and not yet looked at by `wait_printed`.
    unread: std::collections::VecDeque<String>,
    printed: Vec<String>,
}

/// `leverage ARGS` with its stderr piped (serve's messages) and its stdout dropped.
fn spawn_serve(args: &[&str]) -> std::process::Child {
    spawn_serve_with(crate::support::command(), args)
}

/// `command ARGS`, `command` being `leverage`, as `spawn_serve` runs it.
fn spawn_serve_with(mut command: std::process::Command, args: &[&str]) -> std::process::Child {
    command.args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("serve starts")
}

impl Server {
    /// Starts serve on a port the system picks (`--port 0`), read from the line that says where
    /// it serves: a port picked here and then given could be taken by another test meanwhile.
    fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with(crate::support::command(), root, extra)
    }

    /// `start`, running `command` as `leverage`.
    fn start_with(command: std::process::Command, root: &Path, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--watch", "--root", root.to_str().expect("UTF-8"), "--port", "0"];
        args.extend_from_slice(extra);
        let mut child = spawn_serve_with(command, &args);
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut unread = std::collections::VecDeque::new();
        let port = loop {
            let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| {
                panic!("serve {args:?} never said where it serves; it printed:\n{unread:?}")
            });
            let port = crate::support::serving_port(&line);
            unread.push_back(line);
            if let Some(port) = port {
                break port;
            }
        };
        wait_for_port(port);
        Server {
            child: Child(child),
            port,
            base: format!("http://127.0.0.1:{port}"),
            stderr: rx,
            unread,
            printed: Vec::new(),
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut response = agent.get(&format!("{}{path}", self.base)).call().expect("an HTTP answer");
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap_or_default())
    }

    /// Polls `path` until its body contains `needle` (at most 10 s).
    fn wait_for(&self, path: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (_, body) = self.get(path);
            if body.contains(needle) {
                return body;
            }
            if Instant::now() >= deadline {
                // What serve said, to tell a change it never saw from one it got wrong.
                let said: Vec<String> =
                    self.printed.iter().chain(&self.unread).cloned().chain(self.stderr.try_iter()).collect();
                panic!("{path} never showed {needle}:\n{body}\nserve printed:\n{}", said.join("\n"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for a printed line containing `needle` (at most 10 s).
    fn wait_printed(&mut self, needle: &str) -> String {
        while let Some(line) = self.unread.pop_front() {
            self.printed.push(line.clone());
            if line.contains(needle) {
                return line;
            }
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    self.printed.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("serve never printed {needle}; it printed:\n{}", self.printed.join("\n"));
    }

    /// Opens the event stream; lines arrive on the returned channel.
    fn events(&self) -> mpsc::Receiver<String> {
        self.events_at(None)
    }

    /// Opens the event stream of a tab showing `page` (a path such as `/about/`), as the
    /// live-reload script does; `None` as an older script did, naming no page.
    fn events_at(&self, page: Option<&str>) -> mpsc::Receiver<String> {
        let query = page.map(|p| format!("?page={}", p.replace('/', "%2F"))).unwrap_or_default();
        self.events_with(&query)
    }

    /// The event stream a tab opens with `query` (`?page=...&since=N`), as `events_at`.
    fn events_with(&self, query: &str) -> mpsc::Receiver<String> {
        self.events_from(&format!("/__leverage/events{query}"))
    }

    /// The event stream at `path` (with its query), as `events_at`.
    fn events_from(&self, path: &str) -> mpsc::Receiver<String> {
        let url = format!("{}{path}", self.base);
        let (tx, rx) = mpsc::channel();
        let (opened_tx, opened) = mpsc::channel();
        std::thread::spawn(move || {
            let response = ureq::get(&url).call();
            let _ = opened_tx.send(response.is_ok());
            let Ok(response) = response else { return };
            let reader = BufReader::new(response.into_body().into_reader());
            for line in reader.lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // The answer's head comes once the tab is subscribed (serve subscribes it before it
        // answers): every change after this reaches it, with no guess at how long that takes.
        assert_eq!(opened.recv_timeout(Duration::from_secs(10)), Ok(true), "the event stream opens");
        rx
    }
}

/// Waits for an event line (`event: NAME`) and returns the data lines after it.
fn next_event(events: &mpsc::Receiver<String>, name: &str) -> String {
    next_event_with_id(events, name).1
}

/// `next_event`, with the event's id (the number of the change it tells of).
fn next_event_with_id(events: &mpsc::Receiver<String>, name: &str) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let (mut data, mut id) = (String::new(), String::new());
    let mut inside = false;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = events.recv_timeout(left) else { break };
        if line == format!("event: {name}") {
            inside = true;
        } else if line.is_empty() {
            if inside {
                return (id, data);
            }
            id.clear();
        } else if let Some(i) = line.strip_prefix("id: ").or(line.strip_prefix("id:")) {
            id = i.to_string();
        } else if inside && let Some(d) = line.strip_prefix("data: ").or(line.strip_prefix("data:")) {
            data.push_str(d);
            data.push('\n');
        }
    }
    panic!("no `{name}` event arrived");
}

fn record_site() -> tempfile::TempDir {
    site(&[
        ("content/records/2026-03-01.md", RECORD),
        ("content/records/2026-03-02.md", RECORD),
        ("content/about.md", "# About\n"),
    ])
}

#[test]
fn an_edit_shows_new_figures_and_reloads_browsers() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    let page = server.wait_for("/records/2026-03-01/", "12x");
    assert!(page.contains("data-leverage-live-reload"), "served pages carry the reload script");
    let events = server.events();
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "5h"));
    next_event(&events, "reload");
    server.wait_for("/records/2026-03-01/", "30x");
    server.wait_for("/", "30x");
    // A page loaded after the rebuild must not be told to reload again (or it would loop).
    let late = server.events();
    let mut replayed = Vec::new();
    while let Ok(line) = late.recv_timeout(Duration::from_millis(700)) {
        replayed.push(line);
    }
    // It is told which change it shows (`seen`), and nothing else.
    let told: Vec<&String> = replayed.iter().filter(|line| line.starts_with("event:")).collect();
    assert_eq!(told, ["event: seen"], "a stale reload was replayed: {replayed:?}");
    // However slowly a stale replay came, the next edit would then bring two reloads: it brings
    // one. Saved by rename, as editors save, so that the watcher sees one change, not a file
    // emptied and then written.
    let swap = dir.path().join("content/records/.2026-03-01.md.swp");
    std::fs::write(&swap, RECORD.replace("2h", "6h")).expect("written");
    std::fs::rename(&swap, dir.path().join("content/records/2026-03-01.md")).expect("renamed");
    next_event(&late, "reload");
    server.wait_for("/records/2026-03-01/", "36x");
    let mut more = Vec::new();
    while let Ok(line) = late.recv_timeout(Duration::from_millis(300)) {
        more.push(line);
    }
    assert!(!more.contains(&"event: reload".to_string()), "a second reload for one edit: {more:?}");
    assert!(!dir.path().join("public").exists(), "serve never writes the user's public/");
}

/// `serve --watch --navigate` takes a tab on another page to the record just saved (a new day's
/// record as soon as it is written), and the tab on that record reloads as it would without.
#[test]
fn navigate_takes_open_tabs_to_the_record_saved() {
    let dir = record_site();
    let server = Server::start(dir.path(), &["--navigate"]);
    server.wait_for("/records/2026-03-01/", "12x");
    let about = server.events_at(Some("/about/"));
    let record = server.events_at(Some("/records/2026-03-01/"));
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "5h"));
    assert_eq!(next_event(&about, "navigate"), "/records/2026-03-01/\n");
    next_event(&record, "reload");
    let home = server.events_at(Some("/"));
    write(dir.path(), "content/records/2026-03-05.md", RECORD);
    let (first, to) = next_event_with_id(&home, "navigate");
    assert_eq!(to, "/records/2026-03-05/\n");
    server.wait_for("/records/2026-03-05/", "12x");
    // A save a few tens of milliseconds after it sent tabs elsewhere while they loaded that page:
    // a tab that names the change that brought it (`since`) is sent on when it connects.
    write(dir.path(), "content/about.md", "# About\n\nMore.\n");
    let (second, to) = next_event_with_id(&home, "navigate");
    assert_eq!(to, "/about/\n");
    let late = server.events_with(&format!("?page=%2Frecords%2F2026-03-05%2F&since={first}"));
    assert_eq!(next_event(&late, "navigate"), "/about/\n");
    // A tab that connects after a change is told its number, which it names when it connects
    // again (after a click elsewhere): it is not sent back.
    let (told, _) = next_event_with_id(&server.events_with("?page=%2Frecords%2F2026-03-05%2F"), "seen");
    assert_eq!(told, second);
    for query in [
        format!("?page=%2Frecords%2F2026-03-05%2F&since={second}"),
        "?page=%2Frecords%2F2026-03-05%2F".into(),
    ] {
        let stays = server.events_with(&query);
        while let Ok(line) = stays.recv_timeout(Duration::from_millis(300)) {
            assert_ne!(line, "event: navigate", "{query}");
        }
    }
    // A new record in a folder of its own (a bundle): the watch may see the folder alone.
    std::fs::create_dir(dir.path().join("content/records/2026-03-09")).expect("a folder");
    write(dir.path(), "content/records/2026-03-09/index.md", RECORD);
    assert_eq!(next_event(&home, "navigate"), "/records/2026-03-09/\n");
    // Without the flag, tabs stay where they are.
    let plain = Server::start(dir.path(), &[]);
    plain.wait_for("/records/2026-03-05/", "12x");
    let about = plain.events_at(Some("/about/"));
    write(dir.path(), "content/records/2026-03-05.md", RECORD.replace("2h", "3h"));
    plain.wait_for("/records/2026-03-05/", "18x");
    while let Ok(line) = about.recv_timeout(Duration::from_millis(300)) {
        assert_ne!(line, "event: navigate");
    }
}

/// Saves in a burst (a script saving in a loop, a checkout) are applied together, a few at a
/// time rather than one rebuild each, and the last save is what is served.
#[test]
fn a_burst_of_saves_is_applied_together() {
    let dir = record_site();
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-02/", "12x");
    let target = dir.path().join("content/records/2026-03-02.md");
    // Apart by more than the watcher's wait for a file to settle, so that each is a change.
    for i in 0..100 {
        std::fs::write(&target, RECORD.replace("Build it", &format!("Burst {i}"))).expect("written");
        std::thread::sleep(Duration::from_millis(12));
    }
    server.wait_for("/records/2026-03-02/", "Burst 99");
    // A save of another file after it, to know when the burst's rebuilds have all been said.
    write(dir.path(), "content/about.md", "# About us\n");
    let last = server.wait_printed("content/about.md");
    let rebuilt = server.printed.iter().filter(|line| line.starts_with("rebuilt:")).count();
    assert!(rebuilt <= 20, "{rebuilt} rebuilds for 100 saves, the last: {last}");
}

#[test]
fn editors_that_save_by_rename_are_seen() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-02/", "12x");
    let target = dir.path().join("content/records/2026-03-02.md");
    let swap = dir.path().join("content/records/.2026-03-02.md.swp");
    std::fs::write(&swap, RECORD.replace("2h", "3h")).expect("written");
    std::fs::rename(&swap, &target).expect("renamed over");
    server.wait_for("/records/2026-03-02/", "18x");
}

/// `mv records/from records/to`, then at once a save of `text` by rename over `to`, as
/// `sed -i` saves: within the watcher's wait, which merges the two.
fn moved_then_saved(records: &std::path::Path, from: &str, to: &str, text: &str) {
    std::fs::rename(records.join(from), records.join(to)).expect("renamed");
    let swap = records.join("sedAbc123");
    std::fs::write(&swap, text).expect("written");
    std::fs::rename(&swap, records.join(to)).expect("renamed over");
}

/// Waits until `path` is no page of the server's (404), for at most ten seconds.
fn wait_gone(server: &Server, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get(path).0 != 404 {
        assert!(Instant::now() < deadline, "{path} stayed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until the server's records.json lists the records `slugs`, and no other, for at most
/// ten seconds: a save's own pages are written first, the data files after them
/// (`on_first_written`).
fn wait_records(server: &Server, slugs: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, data) = server.get("/data/records.json");
        let listed = |slug: &&str| data.contains(&format!("\"slug\":\"{slug}\""));
        if data.matches("\"slug\":").count() == slugs.len() && slugs.iter().all(listed) {
            return;
        }
        assert!(Instant::now() < deadline, "not {slugs:?}: {data}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A record renamed and then saved by rename at once (`mv`, then `sed -i`) within the watcher's
/// wait: the watcher forgets the first rename's source, and its page must still go.
#[test]
fn a_record_renamed_then_saved_by_rename_leaves_no_page_behind() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-02/", "12x");
    let records = dir.path().join("content/records");
    moved_then_saved(&records, "2026-03-02.md", "2026-03-02-setup.md", &RECORD.replace("2h", "3h"));
    server.wait_for("/records/2026-03-02-setup/", "18x");
    wait_gone(&server, "/records/2026-03-02/");
    wait_records(&server, &["2026-03-01", "2026-03-02-setup"]);
}

/// A record renamed over another one, then saved by rename at once (`mv 2026-03-01.md
/// 2026-03-02.md && sed -i ... 2026-03-02.md`): the watcher names the second record alone, as it
/// names every editor's save by rename, and forgets the first; its page still goes.
#[test]
fn a_record_renamed_over_another_then_saved_leaves_no_page_behind() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let records = dir.path().join("content/records");
    moved_then_saved(&records, "2026-03-01.md", "2026-03-02.md", &RECORD.replace("2h", "3h"));
    server.wait_for("/records/2026-03-02/", "18x");
    wait_gone(&server, "/records/2026-03-01/");
    wait_records(&server, &["2026-03-02"]);
}

/// A new file renamed over a record and on at once (`mv new.md a.md && mv a.md b.md`), and a
/// record renamed over another and into a folder (`mv b.md a.md && mv a.md sub/a.md`): the
/// watcher names where the renames ended alone; the record renamed over leaves no page behind
/// (its page stayed, in the home page, feed and records.json too), nor a clash with the one
/// that took its place (serve was stuck on "two pages on one URL" until another save).
#[test]
fn renames_that_end_at_a_new_file_leave_no_page_behind() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let records = dir.path().join("content/records");
    let outside = tempfile::tempdir().expect("a folder");
    let new = outside.path().join("new.md");
    std::fs::write(&new, RECORD.replace("2h", "3h")).expect("written");
    std::fs::rename(&new, records.join("2026-03-01.md")).expect("renamed");
    std::fs::rename(records.join("2026-03-01.md"), records.join("2026-03-08.md")).expect("renamed");
    server.wait_for("/records/2026-03-08/", "18x");
    wait_gone(&server, "/records/2026-03-01/");
    wait_records(&server, &["2026-03-02", "2026-03-08"]);
    std::fs::create_dir(records.join("sub")).expect("a folder");
    std::fs::rename(records.join("2026-03-08.md"), records.join("2026-03-02.md")).expect("renamed");
    std::fs::rename(records.join("2026-03-02.md"), records.join("sub/2026-03-02.md")).expect("renamed");
    server.wait_for("/records/2026-03-02/", "18x");
    wait_gone(&server, "/records/2026-03-08/");
    wait_records(&server, &["2026-03-02"]);
}

/// The same when the save fails: with a mistake in the saved record, the first record's page
/// goes once it is mended (in place); and where the two records' one claim to a URL (an alias the
/// moved record kept) is the failure, the first record's removal mends it.
#[test]
fn a_record_renamed_over_another_then_saved_broken_leaves_no_page_behind() {
    let dir = record_site();
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let records = dir.path().join("content/records");
    moved_then_saved(&records, "2026-03-01.md", "2026-03-02.md", &RECORD.replace("2h", "2q"));
    server.wait_printed("not rebuilt after a change");
    std::fs::write(records.join("2026-03-02.md"), RECORD.replace("2h", "3h")).expect("mended");
    server.wait_for("/records/2026-03-02/", "18x");
    wait_gone(&server, "/records/2026-03-01/");
    // An alias: the moved record claims it while the first, gone, still does.
    let aliased = RECORD.replacen("+++\n", "+++\naliases = [\"/old/\"]\n", 1);
    assert!(aliased.contains("aliases"), "{aliased}");
    std::fs::write(records.join("2026-03-05.md"), &aliased).expect("written");
    server.wait_for("/old/", "2026-03-05");
    moved_then_saved(&records, "2026-03-05.md", "2026-03-02.md", &aliased.replace("2h", "4h"));
    server.wait_for("/records/2026-03-02/", "24x");
    wait_gone(&server, "/records/2026-03-05/");
    wait_records(&server, &["2026-03-02"]);
}

/// A folder serve may not read neither stops `serve --watch` nor goes unwatched. Outside the
/// folders a build reads (a cache in node_modules left by another user) it is never watched; a
/// folder of records is the build's error until it is made readable, and is watched from then
/// on, one made so while serve runs too.
#[test]
fn folders_that_cannot_be_read_are_watched_once_they_can_be() {
    use crate::support::set_mode;
    let dir = record_site();
    write(dir.path(), "content/records/later/2026-03-03.md", RECORD);
    write(dir.path(), "content/records/kept/2026-03-06.md", RECORD);
    write(dir.path(), "node_modules/.cache/entry", "");
    let (command, _binary) = crate::support::command_held_to_modes(dir.path());
    set_mode(dir.path(), "content/records/later", 0o000);
    set_mode(dir.path(), "node_modules/.cache", 0o000);
    let mut server = Server::start_with(command, dir.path(), &[]);
    server.wait_printed("content/records/later:1:1: error: could not read the folder");
    assert_eq!(server.get("/records/2026-03-03/").0, 404);
    set_mode(dir.path(), "content/records/later", 0o755);
    server.wait_for("/records/2026-03-03/", "12x");
    write(dir.path(), "content/records/later/2026-03-04.md", RECORD.replace("2h", "5h"));
    server.wait_for("/records/2026-03-04/", "30x");
    // Made unreadable (`mkdir -m 000`) in a folder watched whole, then readable, then a record
    // saved in it.
    use std::os::unix::fs::DirBuilderExt;
    let new = dir.path().join("content/records/kept/new");
    std::fs::DirBuilder::new().mode(0o000).create(&new).expect("made");
    server.wait_printed("content/records/kept/new:1:1: error: could not read the folder");
    set_mode(dir.path(), "content/records/kept/new", 0o755);
    server.wait_printed("the error is fixed");
    write(dir.path(), "content/records/kept/new/2026-03-05.md", RECORD.replace("2h", "6h"));
    server.wait_for("/records/2026-03-05/", "36x");
}

/// A root given through a symbolic link, or with a `..` in it, is watched as well as any: notify
/// names each change by the path it was given, which is not the one the site is read by.
#[test]
fn a_root_given_through_a_link_or_with_dot_dot_sees_saves() {
    let dir = record_site();
    let elsewhere = tempfile::tempdir().expect("a folder");
    let link = elsewhere.path().join("site");
    std::os::unix::fs::symlink(dir.path(), &link).expect("linked");
    for (root, hours) in [(link.clone(), "3h"), (dir.path().join("content/.."), "4h")] {
        let server = Server::start(&root, &[]);
        server.wait_for("/records/2026-03-01/", "12x");
        write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", hours));
        let factor = if hours == "3h" { "18x" } else { "24x" };
        server.wait_for("/records/2026-03-01/", factor);
        write(dir.path(), "content/records/2026-03-01.md", RECORD);
    }
}

/// Until the site first builds, each change tries a whole build again, but only a change to what
/// a build reads: a log of serve's output kept beside site.toml, written as each try fails, would
/// otherwise start the next.
#[test]
fn a_site_that_never_built_is_built_again_only_for_its_own_files() {
    let dir = site(&[("content/records/2026-03-01.md", &RECORD.replace("2h", "soon"))]);
    let mut server = Server::start(dir.path(), &[]);
    server.wait_printed("error: expected a duration");
    // Apart, so that each would be a change of its own.
    write(dir.path(), "serve.log", "a line\n");
    std::thread::sleep(Duration::from_millis(300));
    write(dir.path(), "notes/todo.md", "- fix the day\n");
    std::thread::sleep(Duration::from_millis(300));
    write(dir.path(), "content/records/2026-03-01.md", RECORD);
    server.wait_printed("the error is fixed");
    let tries: Vec<&String> = server.printed.iter().filter(|l| l.contains("after a change to")).collect();
    assert_eq!(tries.len(), 1, "{tries:?}");
    assert!(tries[0].contains("content/records/2026-03-01.md"), "{tries:?}");
}

/// Files reached through symbolic links to elsewhere (records kept in another folder, a shared
/// template) are watched where they are: a record, a template, and a folder linked while serve runs.
#[test]
fn files_reached_through_links_to_elsewhere_are_watched() {
    let dir = record_site();
    let elsewhere = tempfile::tempdir().expect("a folder");
    let outside = |name: &str| elsewhere.path().join(name);
    std::fs::write(outside("2026-03-05.md"), RECORD.replace("Build it", "Linked v1")).expect("written");
    std::fs::create_dir_all(dir.path().join("templates")).expect("a folder");
    let page = "{% extends \"theme/page.html\" %}{% block content %}[page v1]{% endblock %}";
    std::fs::write(outside("page.html"), page).expect("written");
    std::os::unix::fs::symlink(outside("2026-03-05.md"), dir.path().join("content/records/2026-03-05.md"))
        .expect("linked");
    std::os::unix::fs::symlink(outside("page.html"), dir.path().join("templates/page.html")).expect("linked");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-05/", "Linked v1");
    server.wait_for("/about/", "[page v1]");
    // Saved in place, then by rename (which ends the first file's watch), then a template.
    std::fs::write(outside("2026-03-05.md"), RECORD.replace("Build it", "Linked v2")).expect("written");
    server.wait_for("/records/2026-03-05/", "Linked v2");
    std::fs::write(outside("new.md"), RECORD.replace("Build it", "Linked v3")).expect("written");
    std::fs::rename(outside("new.md"), outside("2026-03-05.md")).expect("renamed over");
    server.wait_for("/records/2026-03-05/", "Linked v3");
    std::fs::write(outside("new.md"), RECORD.replace("Build it", "Linked v4")).expect("written");
    std::fs::rename(outside("new.md"), outside("2026-03-05.md")).expect("renamed over");
    server.wait_for("/records/2026-03-05/", "Linked v4");
    std::fs::write(outside("page.html"), page.replace("v1", "v2")).expect("written");
    server.wait_for("/about/", "[page v2]");
    // A folder of records linked in while serve runs: its records appear, and its saves are seen.
    let more = elsewhere.path().join("more");
    std::fs::create_dir_all(&more).expect("a folder");
    std::fs::write(more.join("2026-03-07.md"), RECORD.replace("Build it", "Folder v1")).expect("written");
    std::os::unix::fs::symlink(&more, dir.path().join("content/records/more")).expect("linked");
    server.wait_for("/records/2026-03-07/", "Folder v1");
    server.wait_printed("rebuilt:");
    std::fs::write(more.join("2026-03-07.md"), RECORD.replace("Build it", "Folder v2")).expect("written");
    server.wait_for("/records/2026-03-07/", "Folder v2");
    std::fs::write(more.join("2026-03-08.md"), RECORD.replace("Build it", "Folder new")).expect("written");
    server.wait_for("/records/2026-03-08/", "Folder new");
    // The folder link pointed elsewhere: the new folder is watched, the old one no longer.
    let other = elsewhere.path().join("other");
    std::fs::create_dir_all(&other).expect("a folder");
    std::fs::write(other.join("2026-03-09.md"), RECORD.replace("Build it", "Other v1")).expect("written");
    let link = dir.path().join("content/records/more");
    let fresh = dir.path().join("content/records/more.new");
    std::os::unix::fs::symlink(&other, &fresh).expect("linked");
    std::fs::rename(&fresh, &link).expect("replaced");
    server.wait_for("/records/2026-03-09/", "Other v1");
    assert_eq!(server.get("/records/2026-03-08/").0, 404, "the old folder's records are gone");
    std::fs::write(other.join("2026-03-09.md"), RECORD.replace("Build it", "Other v2")).expect("written");
    server.wait_for("/records/2026-03-09/", "Other v2");
    // Two pages linked to one file: a save shows on both.
    std::fs::write(outside("shared.md"), "# Shared v1\n").expect("written");
    for name in ["one", "two"] {
        std::os::unix::fs::symlink(outside("shared.md"), dir.path().join(format!("content/{name}.md")))
            .expect("linked");
    }
    server.wait_for("/two/", "Shared v1");
    server.wait_for("/one/", "Shared v1");
    std::fs::write(outside("shared.md"), "# Shared v2\n").expect("written");
    server.wait_for("/one/", "Shared v2");
    server.wait_for("/two/", "Shared v2");
}

/// A folder of records and a record linked from elsewhere, deleted and made again (as a
/// checkout, or `rm -rf` and a copy back, does): serve shows the error, then what came back,
/// and sees the saves after it.
#[test]
fn links_whose_targets_are_deleted_and_made_again_are_watched_again() {
    let dir = record_site();
    let elsewhere = tempfile::tempdir().expect("a folder");
    let more = elsewhere.path().join("shared/more");
    let one = elsewhere.path().join("one.md");
    std::fs::create_dir_all(&more).expect("a folder");
    std::fs::write(more.join("2026-03-07.md"), RECORD.replace("Build it", "Folder v1")).expect("written");
    std::fs::write(&one, RECORD.replace("Build it", "Linked v1")).expect("written");
    std::os::unix::fs::symlink(&more, dir.path().join("content/records/more")).expect("linked");
    std::os::unix::fs::symlink(&one, dir.path().join("content/records/2026-03-06.md")).expect("linked");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-07/", "Folder v1");
    server.wait_for("/records/2026-03-06/", "Linked v1");
    // The folder, and the folder above it, gone; then made again and filled at once.
    std::fs::remove_dir_all(elsewhere.path().join("shared")).expect("removed");
    server.wait_printed("which does not exist");
    std::fs::create_dir_all(&more).expect("a folder");
    for day in ["08", "09", "10"] {
        let text = RECORD.replace("Build it", &format!("Folder {day}"));
        std::fs::write(more.join(format!("2026-03-{day}.md")), text).expect("written");
    }
    for day in ["08", "09", "10"] {
        server.wait_for(&format!("/records/2026-03-{day}/"), &format!("Folder {day}"));
    }
    assert_eq!(server.get("/records/2026-03-07/").0, 404, "the record deleted with its folder is gone");
    std::fs::write(more.join("2026-03-09.md"), RECORD.replace("Build it", "Folder v2")).expect("written");
    server.wait_for("/records/2026-03-09/", "Folder v2");
    // The linked record, deleted and written again.
    std::fs::remove_file(&one).expect("removed");
    server.wait_printed(&format!("a symbolic link to {}, which does not exist", one.display()));
    std::fs::write(&one, RECORD.replace("Build it", "Linked v2")).expect("written");
    server.wait_for("/records/2026-03-06/", "Linked v2");
    std::fs::write(&one, RECORD.replace("Build it", "Linked v3")).expect("written");
    server.wait_for("/records/2026-03-06/", "Linked v3");
}

/// A folder of records linked from elsewhere and replaced by another moved in at its place (a
/// copy made, edited and swapped in), then moved away: serve shows the new folder, sees saves in
/// it and not in the old one, and says when the link leads nowhere.
#[test]
fn a_linked_folder_swapped_or_moved_away_is_followed() {
    let dir = record_site();
    let elsewhere = tempfile::tempdir().expect("a folder");
    let more = elsewhere.path().join("shared/more");
    std::fs::create_dir_all(&more).expect("a folder");
    std::fs::write(more.join("2026-03-09.md"), RECORD.replace("Build it", "Folder v1")).expect("written");
    std::os::unix::fs::symlink(&more, dir.path().join("content/records/more")).expect("linked");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-09/", "Folder v1");
    // The folder replaced by another moved in at its place (a copy made, edited, swapped in).
    let next = elsewhere.path().join("shared/more.new");
    let old = elsewhere.path().join("shared/more.old");
    std::fs::create_dir_all(&next).expect("a folder");
    std::fs::write(next.join("2026-03-09.md"), RECORD.replace("Build it", "Swapped v1")).expect("written");
    std::fs::rename(&more, &old).expect("moved away");
    std::fs::rename(&next, &more).expect("moved in");
    server.wait_for("/records/2026-03-09/", "Swapped v1");
    std::fs::write(more.join("2026-03-09.md"), RECORD.replace("Build it", "Swapped v2")).expect("written");
    server.wait_for("/records/2026-03-09/", "Swapped v2");
    // A save in the folder moved away is no longer the site's. Every line of the saves above is
    // printed before the line of a later save (serve applies them in order; under load the swap
    // and the save above may be one rebuild, named for the folder): that later line marks where
    // the lines to look at begin.
    write(dir.path(), "content/about.md", "# About, first\n");
    server.wait_printed("content/about.md");
    let before = server.printed.len();
    std::fs::write(old.join("2026-03-09.md"), RECORD.replace("Build it", "Old v2")).expect("written");
    write(dir.path(), "content/about.md", "# About us\n");
    server.wait_printed("content/about.md");
    let said = &server.printed[before..];
    assert!(!said.iter().any(|l| l.contains("content/records/more/")), "{said:?}");
    // The folder moved away and not replaced: the link leads nowhere, as a build would say.
    std::fs::rename(&more, elsewhere.path().join("shared/gone")).expect("moved away");
    server.wait_printed(&format!("a symbolic link to {}, which does not exist", more.display()));
    std::fs::rename(elsewhere.path().join("shared/gone"), &more).expect("moved back");
    server.wait_for("/records/2026-03-09/", "Swapped v2");
    std::fs::write(more.join("2026-03-09.md"), RECORD.replace("Build it", "Swapped v3")).expect("written");
    server.wait_for("/records/2026-03-09/", "Swapped v3");
}

/// A folder linked in is one rebuild, and no longer watched once its link is removed; a linked
/// record saved with an error is said once (serve reads a link again only when its target came
/// back, not while the error stands).
#[test]
fn links_are_read_once_and_unwatched_once_removed() {
    let dir = record_site();
    let elsewhere = tempfile::tempdir().expect("a folder");
    let one = elsewhere.path().join("one.md");
    let notes = elsewhere.path().join("notes");
    std::fs::write(&one, RECORD.replace("Build it", "Linked v1")).expect("written");
    std::fs::create_dir_all(&notes).expect("a folder");
    std::fs::write(notes.join("setup.md"), "# Setup v1\n").expect("written");
    std::os::unix::fs::symlink(&one, dir.path().join("content/records/2026-03-06.md")).expect("linked");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-06/", "Linked v1");
    // Each step ends with a save of content/about.md, whose line says the step is over.
    let mut step = 0;
    let mut said_after = |server: &mut Server| -> Vec<String> {
        let before = server.printed.len();
        step += 1;
        write(dir.path(), "content/about.md", format!("# About {step}\n"));
        server.wait_printed("content/about.md");
        server.printed[before..].to_vec()
    };
    let link = dir.path().join("content/notes");
    std::os::unix::fs::symlink(&notes, &link).expect("linked");
    server.wait_for("/notes/setup/", "Setup v1");
    said_after(&mut server);
    let whole = server.printed.iter().filter(|l| l.contains("the whole site")).count();
    assert_eq!(whole, 1, "one rebuild for the folder linked in: {:?}", server.printed);
    std::fs::remove_file(&link).expect("removed");
    server.wait_printed("after a change to content/notes");
    assert_eq!(server.get("/notes/setup/").0, 404);
    std::fs::write(notes.join("setup.md"), "# Setup v2\n").expect("written");
    let said = said_after(&mut server);
    assert!(!said.iter().any(|l| l.contains("content/notes")), "the folder is no longer watched: {said:?}");
    std::fs::write(&one, RECORD.replace("2h", "soon")).expect("written");
    server.wait_printed("not rebuilt after a change to content/records/2026-03-06.md");
    said_after(&mut server);
    let record = "not rebuilt after a change to content/records/2026-03-06.md";
    let times = server.printed.iter().filter(|l| l.starts_with(record)).count();
    assert_eq!(times, 1, "the record's save is read once: {:?}", server.printed);
}

/// Serve says that `static/ext` leads back into the site and is not watched, and a save of a
/// record under `root` is still seen.
fn said_not_watched_and_saves_still_seen(server: &mut Server, root: &Path) {
    let line = server.wait_printed("is not watched");
    assert!(line.starts_with("warning: static/ext is not watched: it leads back into the site"), "{line}");
    write(root, "content/records/2026-03-01.md", RECORD.replace("2h", "5h"));
    server.wait_for("/records/2026-03-01/", "30x");
}

/// A folder moved into the site that holds a link to a folder of records elsewhere: the move is
/// one event for the folder, none for the link inside it, and the linked records are still
/// watched. A moved-in link that leads back into the site is said, as one made in place.
#[test]
fn links_inside_a_folder_moved_in_are_watched_or_said() {
    let dir = record_site();
    let elsewhere = tempfile::tempdir_in(dir.path().parent().expect("a parent")).expect("a folder");
    let records = elsewhere.path().join("records");
    std::fs::create_dir_all(&records).expect("a folder");
    std::fs::write(records.join("2026-03-07.md"), RECORD.replace("Build it", "Moved v1")).expect("written");
    let ready = elsewhere.path().join("ready");
    std::fs::create_dir_all(&ready).expect("a folder");
    std::os::unix::fs::symlink(&records, ready.join("linked")).expect("linked");
    let loops = elsewhere.path().join("loops");
    std::fs::create_dir_all(loops.join("static")).expect("a folder");
    std::os::unix::fs::symlink(dir.path(), loops.join("site")).expect("linked");
    std::os::unix::fs::symlink(&loops, loops.join("static/ext")).expect("linked");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    std::fs::rename(&ready, dir.path().join("content/records/moved")).expect("moved in");
    server.wait_for("/records/2026-03-07/", "Moved v1");
    server.wait_printed("rebuilt:");
    std::fs::write(records.join("2026-03-07.md"), RECORD.replace("Build it", "Moved v2")).expect("written");
    server.wait_for("/records/2026-03-07/", "Moved v2");
    std::fs::rename(loops.join("static"), dir.path().join("static")).expect("moved in");
    said_not_watched_and_saves_still_seen(&mut server, dir.path());
}

/// A folder linked in while serve runs that leads back into the site is not watched (inotify
/// would then name the site's own files by its path, and their saves would be lost): said, and
/// the site's saves go on being seen.
#[test]
fn a_folder_linked_in_that_leads_back_into_the_site_is_not_watched() {
    let dir = record_site();
    let elsewhere = tempfile::tempdir().expect("a folder");
    std::os::unix::fs::symlink(dir.path(), elsewhere.path().join("site")).expect("linked");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    std::fs::create_dir_all(dir.path().join("static")).expect("a folder");
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("static/ext")).expect("linked");
    said_not_watched_and_saves_still_seen(&mut server, dir.path());
}

/// What changed is named: a folder made, and a static file copied counts as written.
#[test]
fn a_new_folder_is_named_and_a_copied_file_counted() {
    let dir = record_site();
    // Made before serve starts: a folder and its first file made together may be seen apart.
    std::fs::create_dir_all(dir.path().join("static")).expect("a folder");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    std::fs::create_dir_all(dir.path().join("content/records/2026")).expect("a folder");
    let line = server.wait_printed("rebuilt:");
    assert!(line.ends_with("after a change to content/records/2026"), "{line}");
    // A folder moved is named where it is now, not where it was.
    std::fs::rename(dir.path().join("content/records/2026"), dir.path().join("content/notes"))
        .expect("moved");
    let line = server.wait_printed("rebuilt:");
    assert!(line.ends_with("after a change to content/notes"), "{line}");
    write(dir.path(), "static/notes.txt", "hello");
    let line = server.wait_printed("rebuilt:");
    assert!(line.contains("after a change to static/notes.txt"), "{line}");
    write(dir.path(), "static/notes.txt", "hello again");
    let line = server.wait_printed("rebuilt:");
    assert!(line.starts_with("rebuilt: 1 written, 0 removed"), "{line}");
    server.wait_for("/notes.txt", "hello again");
}

/// A save of a good file while another has an error is held back, and serve says so.
#[test]
fn a_save_held_back_by_another_file_s_error_is_said() {
    let dir = record_site();
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    write(dir.path(), "content/records/2026-03-02.md", RECORD.replace("10min", "soon"));
    server.wait_printed("content/records/2026-03-02.md:9:19: error");
    // A save that broke the site says so, as one that built says `rebuilt:`.
    let line = server.wait_printed("not rebuilt");
    assert_eq!(
        line,
        "not rebuilt after a change to content/records/2026-03-02.md: the pages are served as they were, \
         and open tabs show the error until it is fixed"
    );
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "5h"));
    let line = server.wait_printed("held back");
    assert_eq!(
        line,
        "held back until the error is fixed: content/records/2026-03-01.md (its pages are served as they were before)"
    );
    write(dir.path(), "content/records/2026-03-02.md", RECORD);
    server.wait_for("/records/2026-03-01/", "30x");
}

#[test]
fn a_deleted_record_is_gone_and_a_new_one_appears() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-02/", "12x");
    std::fs::remove_file(dir.path().join("content/records/2026-03-02.md")).expect("removed");
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/records/2026-03-02/").0 != 404 {
        assert!(Instant::now() < deadline, "the deleted record is still served");
        std::thread::sleep(Duration::from_millis(50));
    }
    write(dir.path(), "content/records/2026-03-05.md", RECORD.replace("2h", "1h"));
    server.wait_for("/records/2026-03-05/", "6x");
    server.wait_for("/archive/", "2026-03-05");
}

#[test]
fn a_broken_save_shows_an_overlay_and_the_fix_clears_it() {
    let dir = record_site();
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let events = server.events();
    // A tab on a page the fix does not touch shows the overlay all the same: the fix reloads it.
    let about = server.events_at(Some("/about/"));
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "soon"));
    let text = next_event(&events, "broken");
    assert!(
        text.contains(
            "content/records/2026-03-01.md:9:14: error: expected a duration like `4h 28min`, found `soon`"
        ),
        "{text}"
    );
    let (status, page) = server.get("/records/2026-03-01/");
    assert_eq!(status, 200);
    assert!(page.contains("12x"), "the last good site is still served");
    let late = server.events();
    assert!(next_event(&late, "broken").contains("found `soon`"), "a tab opened later sees the overlay too");
    next_event(&about, "broken");
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "4h"));
    next_event(&events, "reload");
    next_event(&about, "reload");
    server.wait_for("/records/2026-03-01/", "24x");
    // The terminal says what the save did, and that it ended the error it showed.
    let line = server.wait_printed("rebuilt:");
    assert!(line.contains("after a change to content/records/2026-03-01.md; the error is fixed"), "{line}");
}

/// The lines of an event stream up to the end of its first `reload` event.
fn lines_until_reload(events: &mpsc::Receiver<String>) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let (mut lines, mut inside) = (Vec::new(), false);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = events.recv_timeout(left) else { break };
        inside |= line == "event: reload";
        let end = inside && line.is_empty();
        lines.push(line);
        if end {
            return lines;
        }
    }
    panic!("no `reload` event arrived; the stream said:\n{}", lines.join("\n"));
}

/// A save that reaches the disk in two writes (an editor that truncates and writes, a
/// formatter's second pass, a synced folder), the first leaving a row half written: the half
/// is an error, but the tab sees none, only the whole save's page.
///
/// The writes must come within serve's wait for the rest of a save (150 ms): a test thread
/// held up between them (a loaded machine) tries again with another save, at most four times.
#[test]
fn a_save_written_in_two_parts_shows_no_error_between() {
    use std::io::Write;
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let path = dir.path().join("content/records/2026-03-01.md");
    for (hours, leverage) in [("4h", "24x"), ("8h", "48x"), ("16h", "96x"), ("32h", "192x")] {
        let events = server.events_at(Some("/records/2026-03-01/"));
        let text = RECORD.replace("2h", hours);
        let (first, rest) = text.split_at(text.find(hours).expect("the row") + 1);
        let mut file = std::fs::File::create(&path).expect("opened");
        file.write_all(first.as_bytes()).expect("written");
        file.sync_all().expect("synced");
        let written = Instant::now();
        // The writer is slower than serve: the half is read, and fails (`| 4` is no duration).
        std::thread::sleep(Duration::from_millis(60));
        let between = written.elapsed();
        file.write_all(rest.as_bytes()).expect("written");
        drop(file);
        if between > Duration::from_millis(100) {
            // Held up: serve may rightly have shown the half's error. The whole save is served.
            server.wait_for("/records/2026-03-01/", leverage);
            continue;
        }
        let lines = lines_until_reload(&events);
        assert!(!lines.iter().any(|l| l == "event: broken"), "{lines:?}");
        server.wait_for("/records/2026-03-01/", leverage);
        return;
    }
    panic!("the test's thread was held up between the two writes four times");
}

/// A save that fails while another file keeps changing (a CSS watcher writing into static/
/// every 100 ms) is shown all the same, soon, and named: waiting for the rest of a write has
/// its limit.
#[test]
fn a_failed_save_is_shown_while_other_files_keep_changing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = record_site();
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let events = server.events_at(Some("/about/"));
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let writing = {
        let (stop, root) = (std::sync::Arc::clone(&stop), dir.path().to_path_buf());
        std::thread::spawn(move || {
            std::fs::create_dir_all(root.join("static")).expect("folder");
            for i in 0..100 {
                if stop.load(Ordering::Relaxed) {
                    return true;
                }
                std::fs::write(root.join("static/gen.txt"), format!("{i}\n")).expect("written");
                std::thread::sleep(Duration::from_millis(100));
            }
            false
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "soon"));
    let text = next_event(&events, "broken");
    stop.store(true, Ordering::Relaxed);
    assert!(writing.join().expect("the writer"), "shown while the other file still changed");
    assert!(text.contains("found `soon`"), "{text}");
    let line = server.wait_printed("not rebuilt after a change to");
    assert!(line.contains("content/records/2026-03-01.md"), "{line}");
}

/// A record emptied and written again a moment later, as an editor that truncates first saves:
/// the empty record (a day of no tasks, and a warning) is never served.
#[test]
fn a_file_emptied_and_written_again_is_served_only_written() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    // A tab the change does not reload is told each change's warnings: the empty record's
    // ("no task table") would come first.
    let about = server.events_at(Some("/about/"));
    let path = dir.path().join("content/records/2026-03-01.md");
    std::fs::File::create(&path).expect("truncated");
    std::thread::sleep(Duration::from_millis(60));
    std::fs::write(&path, RECORD.replace("2h", "4h")).expect("written");
    assert_eq!(next_event(&about, "warnings").trim(), "0");
    server.wait_for("/records/2026-03-01/", "24x");
}

#[test]
fn a_save_s_warnings_reach_every_tab_and_a_clean_save_clears_them() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let about = server.events_at(Some("/about/"));
    // A slip in a header empties the day's figures: the build goes on, with a warning.
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("Claude Time", "Claude Tme"));
    let text = next_event(&about, "warnings");
    let (count, messages) = text.split_once('\n').expect("a count, then the warnings");
    assert_eq!(count, "1", "{text}");
    assert!(
        messages.contains("content/records/2026-03-01.md:7:23: warning: this table looks like a task table"),
        "{text}"
    );
    // A tab opened now (the edited page, reloaded) is told at once.
    let late = server.events_at(Some("/records/2026-03-01/"));
    assert!(next_event(&late, "warnings").contains("looks like a task table"));
    write(dir.path(), "content/records/2026-03-01.md", RECORD);
    // `0`: an event without data would never reach the page's script.
    assert_eq!(next_event(&about, "warnings").trim(), "0", "a clean save clears them");
    let page = server.wait_for("/records/2026-03-01/", "12x");
    assert!(page.contains("leverage-warnings"), "the script shows them");
}

/// A tab counts the site's warnings as they stand, not the last save's alone: a broken link in
/// the about page stays counted while a record is saved, and a record's slip mended goes.
#[test]
fn a_tab_counts_the_site_s_warnings_as_they_stand() {
    let dir = site(&[
        ("content/records/2026-03-01.md", RECORD),
        ("content/records/2026-03-02.md", RECORD),
        ("content/about.md", "# About\n\n[gone](/records/nowhere/)\n"),
    ]);
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let about = server.events_at(Some("/about/"));
    let count = |text: &str| text.lines().next().unwrap_or_default().to_string();
    assert_eq!(count(&next_event(&about, "warnings")), "1", "told when it connects");
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("Claude Time", "Claude Tme"));
    let text = next_event(&about, "warnings");
    assert_eq!(count(&text), "2", "{text}");
    assert!(text.contains("content/about.md") && text.contains("looks like a task table"), "{text}");
    write(dir.path(), "content/records/2026-03-01.md", RECORD);
    let text = next_event(&about, "warnings");
    assert_eq!(count(&text), "1", "{text}");
    assert!(text.contains("content/about.md"), "{text}");
}

/// A record saved under a URL that differs from another only in case is warned about under
/// serve as a build warns about it.
#[test]
fn a_saved_page_whose_url_differs_only_in_case_is_warned_about() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    write(dir.path(), "content/records/2026-03-01-Day.md", RECORD);
    server.wait_for("/records/2026-03-01-Day/", "12x");
    let events = server.events_at(Some("/about/"));
    write(dir.path(), "content/records/2026-03-01-day.md", RECORD);
    // The first save's "none" may still be on its way: the next events are read until it is said.
    let said = "`/records/2026-03-01-day/` differs from `/records/2026-03-01-Day/` only in case";
    let before: Vec<String> =
        (0..3).map(|_| next_event(&events, "warnings")).take_while(|t| !t.contains(said)).collect();
    assert!(before.len() < 3, "{before:?}");
}

#[test]
fn serve_stops_with_an_error_when_there_is_nothing_it_could_fix() {
    // Without --watch a broken site would be served broken for ever; outside a site there is
    // nothing to watch. Each ends as `build` does, exit 1, and serves nothing.
    let broken = site(&[("content/records/2026-03-01.md", &RECORD.replace("2h", "soon"))]);
    let empty = tempfile::tempdir().expect("a temporary folder");
    for (root, watch, said) in [
        (
            broken.path(),
            false,
            "serve stopped: the site did not build; `leverage serve --watch` serves it once",
        ),
        // Outside a site, `--watch` is not offered as the way out: it would stop the same way.
        (empty.path(), false, "holds no site.toml (see leverage init)"),
        (empty.path(), true, "holds no site.toml (see leverage init)"),
    ] {
        let mut args = vec!["serve", "--root", root.to_str().expect("UTF-8"), "--port", "0"];
        if watch {
            args.push("--watch");
        }
        let mut child = spawn_serve(&args);
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = child.try_wait().expect("waited") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("serve {args:?} kept running");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        child.stderr.take().expect("piped").read_to_string(&mut err).expect("read");
        assert_eq!(status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(said) && !err.contains("serving http"), "{args:?}: {err}");
        assert_eq!(err.contains("--watch"), root == broken.path() && !watch, "{args:?}: {err}");
    }
}

#[test]
fn a_site_that_fails_its_first_build_is_served_once_fixed() {
    let dir = site(&[("content/records/2026-03-01.md", &RECORD.replace("2h", "soon"))]);
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/", "The site did not build");
    write(dir.path(), "content/records/2026-03-01.md", RECORD);
    let line = server.wait_printed("rebuilt:");
    assert!(line.contains("rebuilt: the whole site, ") && line.ends_with("; the error is fixed"), "{line}");
    assert!(!line.contains("the whole site, 0 files"), "{line}");
    server.wait_for("/records/2026-03-01/", "12x");
}

#[test]
fn missing_pages_and_traversal_get_the_404_page() {
    let dir = record_site();
    write(dir.path(), "secret.txt", "do not serve");
    let server = Server::start(dir.path(), &[]);
    let (status, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("<main"), "the site's own 404 page");
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/records/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
    ] {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connects");
        use std::io::Write;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("sent");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("an answer");
        assert!(!answer.contains("do not serve"), "{path} escaped the site: {answer}");
        assert!(!answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
    }
    // A folder without a page of its own (`records/` has the archive's redirect).
    let (status, _) = server.get("/data/");
    assert_eq!(status, 404, "no directory listings");
    // The output folder's marker is in the served folder, and no page of the site.
    for marker in ["/.leverage-output", "/%2Eleverage-output", "/%2eleverage-output"] {
        let (status, body) = server.get(marker);
        assert_eq!(status, 404, "{marker}: {body}");
        assert!(body.contains("<main"), "{marker}: the site's own 404 page");
    }
}

/// HEAD answers, and a request is answered with the file as it is now: a validator of a second
/// (`If-Modified-Since` the page's own Last-Modified) got a 304 for a page saved twice in that
/// second; an `If-Range` that was never checked got a part of a file that had changed, and two
/// ranges a 416. One range is sent as asked.
#[test]
fn head_and_conditional_requests_work() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let head = agent.head(&format!("{}/", server.base)).call().expect("HEAD answers");
    assert_eq!(head.status().as_u16(), 200);
    assert_eq!(
        head.headers().get("content-type").map(|v| v.to_str().unwrap_or("")),
        Some("text/html; charset=utf-8")
    );
    let cache = head.headers().get("cache-control").map(|v| v.to_str().unwrap_or("").to_string());
    assert_eq!(cache.as_deref(), Some("no-store"), "a page saved twice in one second must not show stale");
    let modified = head
        .headers()
        .get("last-modified")
        .expect("a Last-Modified header")
        .to_str()
        .expect("text")
        .to_string();
    let again = agent
        .get(&format!("{}/", server.base))
        .header("If-Modified-Since", &modified)
        .call()
        .expect("answers");
    assert_eq!(again.status().as_u16(), 200, "the page as it is now, never a 304 for an older one");
    let css = server.get("/").1;
    let sheet = css
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.ends_with(".css")))
        .expect("a stylesheet")
        .to_string();
    let response = agent.get(&sheet).call().expect("the stylesheet");
    assert_eq!(
        response.headers().get("content-type").map(|v| v.to_str().unwrap_or("")),
        Some("text/css; charset=utf-8")
    );
    for (headers, status) in [
        (&[("Range", "bytes=0-9")][..], 206),
        (&[("Range", "bytes=0-9"), ("If-Range", "Mon, 01 Jan 2001 00:00:00 GMT")][..], 200),
        (&[("Range", "bytes=0-1,5-6")][..], 200),
        (&[("If-None-Match", "*")][..], 200),
    ] {
        let mut request = agent.get(&sheet);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.call().expect("answers");
        assert_eq!(response.status().as_u16(), status, "{headers:?}");
    }
    // A file's type is its name's, its extension written escaped or not.
    let escaped = sheet.replace(".css", "%2Ecss");
    let response = agent.get(&escaped).call().expect("the stylesheet");
    assert_eq!(
        response.headers().get("content-type").map(|v| v.to_str().unwrap_or("")),
        Some("text/css; charset=utf-8"),
        "{escaped}"
    );
}

#[test]
fn a_sub_path_base_url_is_kept() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n"),
        ("content/records/2026-03-01.md", RECORD),
    ]);
    let server = Server::start(dir.path(), &[]);
    let page = server.wait_for("/blog/records/2026-03-01/", "12x");
    assert!(page.contains(&format!("href=\"http://127.0.0.1:{}/blog/archive/\"", server.port)));
    // The tabs listen below the base path, which a proxy of the site's path alone forwards too.
    assert!(page.contains("new EventSource(\"/blog/__leverage/events\" + "), "{page}");
    let (status, body) = server.get("/");
    assert_eq!(status, 200, "the root redirects to the base path");
    assert!(body.contains("12x"));
    // Outside the base path nothing is the site's, as once deployed: a root-relative link that
    // forgot the path looks broken in the preview too.
    for outside in ["/records/2026-03-01/", "/archive/", "/atom.xml"] {
        let (status, body) = server.get(outside);
        assert_eq!(status, 404, "{outside}");
        assert!(!body.contains("12x") && body.contains("</html>"), "the site's 404 page: {body}");
    }
    assert_eq!(server.get("/blog/archive/").0, 200);
    assert_eq!(server.get("/blog/.leverage-output").0, 404, "the output folder's marker");
    // A file named as a folder is none, as on a host (which looks for `favicon.svg/index.html`).
    assert_eq!(server.get("/blog/favicon.svg").0, 200);
    for asked in ["/blog/favicon.svg/", "/blog/favicon.svg//", "/blogfavicon.svg/"] {
        let (status, body) = server.get(asked);
        assert_eq!(status, 404, "{asked}");
        assert!(body.contains("</html>") && !body.contains("<svg"), "the site's 404 page: {body}");
    }
    // A folder named without its slash is redirected inside the base path.
    let agent: ureq::Agent =
        ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    for (asked, moved) in [
        ("/blog/archive", "/blog/archive/"),
        ("/blog/records/2026-03-01", "/blog/records/2026-03-01/"),
        // The site's own folder too, rather than its home page at a URL its relative links leave.
        ("/blog", "/blog/"),
        ("/blog?from=feed", "/blog/?from=feed"),
        // The root, outside the base path, with its query as every other redirect keeps it.
        ("/", "/blog/"),
        ("/?q=1", "/blog/?q=1"),
    ] {
        let response = agent.get(&format!("{}{asked}", server.base)).call().expect("an HTTP answer");
        assert!(response.status().is_redirection(), "{asked}: {}", response.status());
        assert_eq!(response.headers().get("location").and_then(|l| l.to_str().ok()), Some(moved), "{asked}");
    }
    let (status, body) = server.get("/blog/archive");
    assert_eq!(status, 200, "followed: {body}");
    // Slashes doubled at the start stay on this host: `//archive/` would name another one.
    for (asked, moved) in [("/blog///archive", "/blog/archive/"), ("//blog//archive", "/blog/archive/")] {
        let (head, _) = raw(server.port, asked, "127.0.0.1");
        assert!(head.starts_with("HTTP/1.1 30"), "{asked}: {head}");
        assert!(head.to_ascii_lowercase().contains(&format!("\r\nlocation: {moved}\r\n")), "{asked}: {head}");
    }
    let events = server.events_from("/blog/__leverage/events?page=%2Fblog%2Frecords%2F2026-03-01%2F");
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "5h"));
    next_event(&events, "reload");
}

/// A base path is asked for with its escapes in either case (RFC 3986 makes them alike), as
/// site.toml writes it and as a browser does.
#[test]
fn a_sub_path_s_escapes_match_in_either_case() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/bl%c3%b6g/\"\n"),
        ("content/records/2026-03-01.md", RECORD),
    ]);
    let server = Server::start(dir.path(), &[]);
    let page = server.wait_for("/bl%C3%B6g/records/2026-03-01/", "12x");
    assert!(
        page.contains(&format!("href=\"http://127.0.0.1:{}/bl%C3%B6g/archive/\"", server.port)),
        "{page}"
    );
    for asked in ["/bl%c3%b6g/archive/", "/bl%C3%b6g/records/2026-03-01/", "/bl%C3%B6g/"] {
        let (status, body) = server.get(asked);
        assert_eq!(status, 200, "{asked}: {body}");
    }
}

/// One GET of `path` with the Host header `host`, as written: the response's head and body.
fn raw(port: u16, path: &str, host: &str) -> (String, String) {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connected");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (head.to_string(), body.to_string())
}

#[test]
fn serve_answers_as_the_host_would_and_only_for_this_machine() {
    let dir = record_site();
    write(dir.path(), "static/notes.txt", "café\n");
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "12x");
    let port = server.port;
    // The private build is this user's alone (drafts, with --drafts, are in it).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let line = server.wait_printed("from a private build in ");
        let built = line.split("from a private build in ").nth(1).and_then(|r| r.split(" (press").next());
        let private = Path::new(built.expect("the folder")).parent().expect("its private folder");
        let mode = std::fs::metadata(private).expect("the private folder").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{}: {mode:o}", private.display());
    }
    // A page elsewhere whose name was rebound to this machine reads nothing.
    let (head, body) = raw(port, "/", "evil.example:1111");
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    assert!(body.contains("only for this machine") && body.contains("--base-url NAME"), "{body}");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "app.localhost".into(),
    ] {
        let (head, _) = raw(port, "/", &host);
        assert!(head.starts_with("HTTP/1.1 200"), "{host}: {head}");
    }
    // An HTTP/1.1 request without its Host is a bad one (RFC 9112), not one for this machine.
    {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connected");
        write!(stream, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n").expect("sent");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    // A target naming another host is that host's request, whatever its Host header (RFC 9112
    // §3.2.2); one of a host alone, and two Hosts, are bad requests (a 500 and an answer before).
    let (head, _) = raw(port, "http://evil.example/", &format!("127.0.0.1:{port}"));
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    let (head, _) = raw(port, &format!("http://127.0.0.1:{port}/"), &format!("127.0.0.1:{port}"));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let (head, body) = raw(port, "index.html", "127.0.0.1");
    assert!(head.starts_with("HTTP/1.1 400") && body.contains("a path"), "{head}");
    let (head, _) = raw(port, "/", "127.0.0.1\r\nHost: evil.example");
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    // `//about` is `/about`: its redirect stays on this host.
    let (head, _) = raw(port, "//about", "127.0.0.1");
    assert!(head.to_ascii_lowercase().contains("\r\nlocation: /about/\r\n"), "{head}");
    // A name longer than any file's is no page, not a failure.
    let (head, body) = raw(port, &format!("/{}", "a".repeat(256)), "127.0.0.1");
    assert!(head.starts_with("HTTP/1.1 404") && body.contains("</html>"), "{head}");
    // Nor is a path longer than any, in parts of a name's length each (a 500 with no body).
    let (head, body) = raw(port, &format!("/{}", format!("{}/", "a".repeat(200)).repeat(25)), "127.0.0.1");
    assert!(head.starts_with("HTTP/1.1 404") && body.contains("</html>"), "{head}");
    // The types a host is sent by deploy, text with its charset.
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/data/tasks.csv", "text/csv; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/no/such/page/", "text/html; charset=utf-8"),
    ] {
        let (head, _) = raw(port, path, "127.0.0.1");
        assert!(
            head.to_ascii_lowercase().contains(&format!("\r\ncontent-type: {kind}\r\n")),
            "{path}: {head}"
        );
    }
}

#[test]
fn a_new_base_url_path_in_site_toml_asks_for_a_restart() {
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n"),
        ("content/records/2026-03-01.md", RECORD),
    ]);
    let mut server = Server::start(dir.path(), &[]);
    server.wait_for("/blog/records/2026-03-01/", "12x");
    // Saved by rename, as editors save: a file emptied and then written could be read empty,
    // its base_url the default `/`, and told of again.
    let write = |root: &std::path::Path, path: &str, text: &str| {
        let swap = root.join(".site.toml.swp");
        std::fs::write(&swap, text).expect("written");
        std::fs::rename(&swap, root.join(path)).expect("renamed");
    };
    write(dir.path(), "site.toml", "title = \"Retitled\"\nbase_url = \"https://example.org/\"\n");
    let warning = server.wait_printed("until it is restarted");
    assert!(warning.contains("is now /;") && warning.contains("at /blog/"), "{warning}");
    // Meanwhile the site is rebuilt and served where it was, its links still working.
    let page = server.wait_for("/blog/records/2026-03-01/", "Retitled");
    assert!(page.contains(&format!("href=\"http://127.0.0.1:{}/blog/archive/\"", server.port)));
    // A change of the title alone says nothing more.
    write(dir.path(), "site.toml", "title = \"Again\"\nbase_url = \"https://example.org/\"\n");
    server.wait_for("/blog/", "Again");
    write(dir.path(), "site.toml", "title = \"Back\"\nbase_url = \"https://example.org/blog/\"\n");
    server.wait_for("/blog/", "Back");
    // A site.toml that does not parse names no new path: its error is what is shown.
    write(dir.path(), "site.toml", "title = \"Broken\nbase_url = \"https://example.org/blog/\"\n");
    server.wait_printed("error");
    write(dir.path(), "site.toml", "title = \"Mended\"\nbase_url = \"https://example.org/blog/\"\n");
    server.wait_for("/blog/", "Mended");
    // Once a later save is rebuilt, whatever the saves before printed has been read.
    write(dir.path(), "content/records/2026-03-01.md", &RECORD.replace("Intro.", "Later."));
    server.wait_for("/blog/records/2026-03-01/", "Later.");
    while !server.wait_printed("rebuilt:").contains("2026-03-01.md") {}
    assert_eq!(
        server.printed.iter().filter(|l| l.contains("until it is restarted")).count(),
        1,
        "told once: {:?}",
        server.printed
    );
}

#[test]
fn base_url_gives_the_address_links_use() {
    // As a phone on the network would be told with `--interface 0.0.0.0 --base-url 192.168.1.20`;
    // the test stays on loopback and names it as `localhost`.
    let dir = site(&[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.org/blog/\"\n"),
        ("content/records/2026-03-01.md", RECORD),
    ]);
    let mut server = Server::start(dir.path(), &["--base-url", "localhost"]);
    let page = server.wait_for("/blog/records/2026-03-01/", "12x");
    assert!(page.contains(&format!("href=\"http://localhost:{}/blog/archive/\"", server.port)), "{page}");
    server.wait_printed(&format!("serving http://localhost:{}/blog/ from", server.port));
    assert!(!server.printed.iter().any(|line| line.contains("warning")), "{:?}", server.printed);
}

/// Sends `signal` to a running serve and checks that it stops with success and removes its
/// private build.
fn stops_cleanly_on(signal: &str) {
    let dir = record_site();
    let mut server = Server::start(dir.path(), &[]);
    let line = server.wait_printed("private build in ");
    let private = PathBuf::from(
        line.split("private build in ").nth(1).and_then(|s| s.split(" (press").next()).expect("a folder"),
    );
    assert!(private.exists());
    let _events = server.events();
    assert!(server.child.signal(signal), "kill {signal} was not delivered");
    let status = server.child.exited().unwrap_or_else(|| panic!("serve did not stop on {signal}"));
    assert!(status.success(), "{status:?}");
    assert!(!private.exists(), "the private build is removed");
}

/// A stop that comes while a change is being rebuilt waits for the rebuild to end, and then
/// removes the private build whole: the rebuild's folder was left behind.
#[test]
fn a_stop_during_a_rebuild_removes_the_private_build() {
    let records: Vec<(String, String)> = (1..=28)
        .flat_map(|day| (1..=12).map(move |month| (month, day)))
        .map(|(month, day)| (format!("content/records/2025-{month:02}-{day:02}.md"), RECORD.to_string()))
        .collect();
    let files: Vec<(&str, &str)> =
        records.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let dir = site(&files);
    let mut server = Server::start(dir.path(), &[]);
    let line = server.wait_printed("private build in ");
    let private = PathBuf::from(
        line.split("private build in ").nth(1).and_then(|s| s.split(" (press").next()).expect("a folder"),
    );
    let folder = private.parent().expect("the private folder").to_path_buf();
    // A new title rebuilds the whole site, into a folder beside the served one.
    write(dir.path(), "site.toml", "title = \"Another\"\nbase_url = \"http://127.0.0.1:1111/\"\n");
    let deadline = Instant::now() + Duration::from_secs(30);
    let rebuilding = || {
        std::fs::read_dir(&folder)
            .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().contains(".building-")))
            .unwrap_or(false)
    };
    while !rebuilding() {
        assert!(Instant::now() < deadline, "serve never began the rebuild");
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(server.child.signal("-TERM"), "kill -TERM was not delivered");
    let status = server.child.exited().expect("serve stops");
    assert!(status.success(), "{status:?}");
    assert!(
        !folder.exists(),
        "the private folder is removed: {:?}",
        std::fs::read_dir(&folder).map(|d| d.count())
    );
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_the_private_build() {
    stops_cleanly_on("-INT");
}

#[test]
fn a_terminate_signal_stops_cleanly() {
    stops_cleanly_on("-TERM");
}

#[test]
fn a_closed_terminal_stops_cleanly() {
    // SIGHUP: the terminal serve ran in was closed.
    stops_cleanly_on("-HUP");
}

#[test]
fn a_busy_port_is_an_error_when_asked_for() {
    let dir = record_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("address").port().to_string();
    let output = crate::support::command()
        .args(["serve", "--root", dir.path().to_str().expect("UTF-8"), "--port", &port])
        .output()
        .expect("serve runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(&format!("cannot serve on 127.0.0.1 port {port}"))
    );
}

#[test]
fn a_busy_default_port_moves_to_the_next() {
    let dir = record_site();
    let _taken = std::net::TcpListener::bind("127.0.0.1:1111");
    let mut child = crate::support::command()
        .args(["serve", "--root", dir.path().to_str().expect("UTF-8")])
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stderr = child.stderr.take().expect("piped");
    let _child = Child(child);
    let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
    let first = lines.by_ref().find(|l| l.contains("serving") || l.contains("busy")).expect("a line");
    assert!(
        first.contains("port 1111 is busy; serving on port") || first.contains("127.0.0.1:1111/"),
        "{first}"
    );
    // Without --watch, serve says it does not watch: Zola's and Hugo's servers do by default.
    let said = lines.find(|l| l.contains("watching")).expect("a line on watching");
    assert!(
        said.starts_with("not watching for changes") && said.contains("`leverage serve --watch`"),
        "{said}"
    );
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_a_reload() {
    let dir = record_site();
    copy_dir(&crate::support::workspace().join("themes/default"), &dir.path().join("themes/default"));
    let server = Server::start(dir.path(), &[]);
    let old = server.wait_for("/", "style.");
    let events = server.events();
    let css = dir.path().join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).expect("stylesheet");
    text.push_str("\n.added-by-test { color: red; }\n");
    std::fs::write(&css, text).expect("written");
    let url = next_event(&events, "css");
    let url = url.trim();
    assert!(url.starts_with(&format!("{}/style.", server.base)) && url.ends_with(".css"), "{url}");
    assert!(!old.contains(url), "a new hashed name");
    let (status, body) = server.get(url.strip_prefix(&server.base).expect("same server"));
    assert_eq!(status, 200);
    assert!(body.contains(".added-by-test"));
    server.wait_for("/records/2026-03-01/", url);
}

#[test]
fn the_site_s_own_stylesheet_replaces_the_theme_s_as_it_is_saved_and_removed() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    let theme_css = server.wait_for("/", "style.");
    let events = server.events();
    write(dir.path(), "static/style.css", ".site-css { color: red; }\n");
    let url = next_event(&events, "css");
    let url = url.trim();
    let (status, body) = server.get(url.strip_prefix(&server.base).expect("same server"));
    assert_eq!((status, body.as_str()), (200, ".site-css { color: red; }\n"));
    server.wait_for("/records/2026-03-01/", url);
    std::fs::remove_file(dir.path().join("static/style.css")).expect("removed");
    let back = next_event(&events, "css");
    assert!(theme_css.contains(back.trim()), "the theme's stylesheet again: {back}");
}

#[test]
fn the_site_s_custom_css_is_added_to_the_theme_s_stylesheet_as_it_is_saved() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/", "style.");
    let events = server.events();
    write(dir.path(), "static/custom.css", ":root { --accent: #b3261e; }\n");
    let url = next_event(&events, "css");
    let (status, body) = server.get(url.trim().strip_prefix(&server.base).expect("same server"));
    assert_eq!(status, 200);
    assert!(body.contains(".site-header"), "the theme's rules are kept");
    assert!(body.ends_with("/* static/custom.css */\n:root { --accent: #b3261e; }\n"), "{body}");
    assert_eq!(server.get("/custom.css").0, 404, "not a file of its own");
}

#[test]
fn a_changed_static_file_reloads_every_tab() {
    // Any page may show an image or a file of static/: none of them is written again, and every
    // tab reloads to show it.
    let dir = record_site();
    write(dir.path(), "static/images/figure.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/images/figure.svg", "<svg");
    let about = server.events_at(Some("/about/"));
    write(dir.path(), "static/images/figure.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>");
    next_event(&about, "reload");
    server.wait_for("/images/figure.svg", "width");
}

#[test]
fn a_bulk_change_of_many_files_is_all_applied() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/", "12x");
    for day in 1..=28 {
        for month in ["04", "05", "06", "07", "08"] {
            write(
                dir.path(),
                &format!("content/records/2026-{month}-{day:02}.md"),
                RECORD.replace("2h", "3h"),
            );
        }
    }
    // 2 records of 2h in 10min and 140 of 3h in 10min.
    let json = server.wait_for("/data/records.json", "\"records\":142");
    assert!(json.contains("\"human_minutes\":25440.0"), "every file counted once");
}

#[test]
fn an_image_saved_beside_a_bundle_s_index_md_is_served_with_its_page() {
    // A record written as a folder (`records/<date>/index.md`, as in Zola and Hugo) with its
    // images beside it: an image added or changed while serving is served at the page's folder.
    let dir = record_site();
    write(dir.path(), "content/records/2026-03-03/index.md", format!("![The chart](chart.svg)\n\n{RECORD}"));
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-03/", "The chart");
    write(dir.path(), "content/records/2026-03-03/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    server.wait_for("/records/2026-03-03/chart.svg", "<svg");
    write(
        dir.path(),
        "content/records/2026-03-03/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>",
    );
    server.wait_for("/records/2026-03-03/chart.svg", "width");
}

/// Obsidian saves a pasted picture in the vault, then the note that embeds it by its name: the
/// page shows it once the note is saved, the picture is served, saved again the new one is,
/// and removed it is gone.
#[test]
fn a_picture_pasted_as_obsidian_pastes_it_is_served_with_its_note() {
    let dir = record_site();
    let server = Server::start(dir.path(), &[]);
    server.wait_for("/records/2026-03-01/", "Intro.");
    write(dir.path(), "content/attachments/Pasted image 1.png", "first");
    write(
        dir.path(),
        "content/records/2026-03-01.md",
        RECORD.replace("Intro.", "Intro. ![[Pasted image 1.png]]"),
    );
    server.wait_for("/records/2026-03-01/", "/attachments/Pasted%20image%201.png\"");
    server.wait_for("/attachments/Pasted%20image%201.png", "first");
    write(dir.path(), "content/attachments/Pasted image 1.png", "second");
    server.wait_for("/attachments/Pasted%20image%201.png", "second");
    // A file no page links is not published; linked by a note saved after it, it is.
    write(dir.path(), "content/records/notes.pdf", "pdf");
    write(dir.path(), "content/about.md", "# About\n\nMy [notes](records/notes.pdf).\n");
    server.wait_for("/records/notes.pdf", "pdf");
    std::fs::remove_file(dir.path().join("content/attachments/Pasted image 1.png")).expect("removed");
    wait_gone(&server, "/attachments/Pasted%20image%201.png");
}

#[test]
fn quiet_serve_says_its_address_and_its_errors_only() {
    let dir = record_site();
    let mut server = Server::start(dir.path(), &["--quiet"]);
    server.wait_printed("serving http://127.0.0.1:");
    let events = server.events();
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "5h"));
    next_event(&events, "reload");
    server.wait_for("/records/2026-03-01/", "30x");
    // A save that breaks the site is said, as it is without --quiet.
    write(dir.path(), "content/records/2026-03-01.md", RECORD.replace("2h", "two hours"));
    server.wait_printed("not rebuilt after a change to content/records/2026-03-01.md");
    // And so is its end: the terminal showed the error.
    write(dir.path(), "content/records/2026-03-01.md", RECORD);
    let fixed = server.wait_printed("rebuilt: ");
    assert!(fixed.ends_with("; the error is fixed"), "{fixed}");
    assert!(server.child.signal("-INT"));
    assert!(server.child.exited().is_some_and(|s| s.success()));
    // Every line up to the end of its stderr, which the reading thread closes the channel at.
    while let Ok(line) = server.stderr.recv_timeout(Duration::from_secs(5)) {
        server.printed.push(line);
    }
    let printed = server.printed.join("\n");
    assert!(printed.contains("error: ") && printed.contains("two hours"), "{printed}");
    for quiet in ["watching ", "stopped"] {
        assert!(!printed.contains(quiet), "`{quiet}` printed under --quiet:\n{printed}");
    }
    let rebuilt: Vec<&String> = server.printed.iter().filter(|l| l.starts_with("rebuilt: ")).collect();
    assert_eq!(rebuilt, [&fixed], "only the rebuild that ended an error is said under --quiet");
}
