//! Save-to-served latency under `leverage serve --watch` (issue 6), measured the way a writer
//! meets it: a real server on loopback, a record saved the way editors save (write a temporary
//! file, rename it over the record), and a reader polling the record's page over HTTP.
//!
//! For each edit it records three times from the rename: until the record's page shows the
//! edit, until a tab on that page is told to reload (serve's event stream, opened as the
//! live-reload script opens it), and until serve reports the rebuild done (every affected page
//! written: home, archive, tags, workstreams, feed, sitemap, exports). Every other edit changes a
//! figure as well as the prose, which re-renders every home page (they print the site's
//! totals). It also records how long the first page took to be served after each of a few
//! starts, each made as a build is (the program and the site read into the page cache, the disk
//! flushed), and serve's resident memory after the first and the last edit.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::measure;

/// What one serve session measured.
#[derive(Debug)]
pub(crate) struct ServeSample {
    /// Per start, seconds from starting `serve` until the home page answered 200.
    pub(crate) first_pages: Vec<f64>,
    /// Per edit, milliseconds from the save until the record's page showed it.
    pub(crate) page_ms: Vec<f64>,
    /// Per edit, milliseconds from the save until a tab on the record's page was told to reload.
    pub(crate) reload_ms: Vec<f64>,
    /// Per edit, whether it changed a figure (the others change prose only).
    pub(crate) figures: Vec<bool>,
    /// Per edit, milliseconds from the save until serve printed that the rebuild was done.
    pub(crate) all_ms: Vec<f64>,
    /// Resident memory after the first edit, in bytes.
    pub(crate) rss_first: u64,
    /// Resident memory after the last edit, in bytes.
    pub(crate) rss_last: u64,
}

/// Longest wait for any one step before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// A `leverage serve` process, stopped (Ctrl-C) when dropped.
struct Server {
    child: Child,
    lines: mpsc::Receiver<(Instant, String)>,
}

impl Server {
    /// Stops serve at once (SIGKILL), before it can delete its private build: deleting a build's
    /// worth of files would slow the next start's (see `measure`). The benchmark deletes the
    /// folder with its other outputs, and counts it.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            // Killed already (and reaped: its pid may belong to another process now).
            return;
        }
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: `pid` is our own child process; SIGINT is what Ctrl-C sends.
            unsafe { libc::kill(pid, libc::SIGINT) };
        }
        let _ = self.child.wait();
    }
}

/// Runs serve on a copy of `site` (hard links under `scratch/site`, so the site itself is never
/// touched: edits replace files by rename), starts it `starts` times to time its first page (the
/// median is what compares with a build's median), and makes `edits` edits, spread over the
/// records, under the last start.
pub(crate) fn measure(
    leverage: &Path,
    site: &Path,
    scratch: &Path,
    starts: usize,
    edits: usize,
) -> Result<ServeSample> {
    let copy = scratch.join("site");
    link_tree(site, &copy)?;
    let records = record_files(&copy)?;
    if records.is_empty() {
        bail!("{} has no records to edit", site.display());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        // A fresh connection per request: a kept-alive one met delayed ACKs (tens of
        // milliseconds that are the client's, not serve's).
        .max_idle_connections(0)
        .build()
        .into();
    let mut first_pages = Vec::new();
    let mut start = |n: usize| -> Result<(Server, String)> {
        // serve builds into a private folder below the temporary folder; here that is a new
        // folder beside the builds it is compared to, rather than /tmp, where every serve that
        // stops deletes a build's worth of files. Creating files where many were deleted moments
        // before is slow on this machine's file system (see `bench::quarantine`): three 10k
        // serves started one after the other in /tmp served their first page after 2.26, 3.28
        // and 4.80 s, while builds into a new folder beside them took 1.13-1.26 s.
        let private = scratch.join(format!("tmp-{n}"));
        std::fs::create_dir_all(&private).with_context(|| format!("creating {}", private.display()))?;
        // As before each build: the program and the site in the page cache, nothing left to
        // write back (the copy's links, the last build's output, the last start's build).
        measure::ready(&[leverage, &copy]);
        let (server, base, first_page) = start_serve(leverage, &copy, &private, &agent)?;
        first_pages.push(first_page);
        Ok((server, base))
    };
    // Every start but the last is only timed; the edits are made under the last.
    for n in 1..starts {
        start(n)?.0.kill();
    }
    let (server, base) = start(starts.max(1))?;
    let get = |path: &str| fetch(&agent, &format!("{base}{path}"));
    // Let the watcher settle and forget the start-up output.
    std::thread::sleep(Duration::from_millis(500));
    while server.lines.try_recv().is_ok() {}

    let mut sample = ServeSample {
        first_pages,
        page_ms: Vec::new(),
        reload_ms: Vec::new(),
        figures: Vec::new(),
        all_ms: Vec::new(),
        rss_first: 0,
        rss_last: 0,
    };
    for edit in 0..edits {
        // Spread the edits over the site: old records, recent ones and the ones between.
        let path = &records[(edit * 7919 + records.len() / 2) % records.len()];
        let slug = path.file_stem().and_then(|s| s.to_str()).context("a record file name")?;
        let marker = format!("Benchmark edit {edit} of this record.");
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let bumped = if edit % 2 == 1 { bump_hours(&text) } else { None };
        sample.figures.push(bumped.is_some());
        let text = bumped.unwrap_or(text);
        let page = format!("/records/{slug}/");
        let reloads = tab_on(&base, &page)?;
        let temporary = path.with_file_name(".leverage-bench-edit.tmp");
        std::fs::write(&temporary, format!("{text}\n{marker}\n"))
            .with_context(|| format!("writing {}", temporary.display()))?;
        std::fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))?;
        let saved = Instant::now();
        loop {
            if get(&page).is_some_and(|body| body.contains(&marker)) {
                break;
            }
            if saved.elapsed() > PATIENCE {
                bail!("{page} never showed edit {edit}");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        sample.page_ms.push(saved.elapsed().as_secs_f64() * 1000.0);
        let reloaded = reloads.recv_timeout(PATIENCE).with_context(|| format!("no reload of {page}"))?;
        sample.reload_ms.push(reloaded.duration_since(saved).as_secs_f64() * 1000.0);
        let done = loop {
            let (at, line) = server
                .lines
                .recv_timeout(PATIENCE)
                .with_context(|| format!("serve printed no rebuild for edit {edit}"))?;
            if line.starts_with("rebuilt:") {
                break at;
            }
            // Warnings are expected: a changed figure no longer matches the record's stated ones.
            if line.starts_with("error") || line.contains(": error:") {
                bail!("serve reported an error for edit {edit}: {line}");
            }
        };
        sample.all_ms.push(done.duration_since(saved).as_secs_f64() * 1000.0);
        let rss = resident(server.child.id())?;
        if edit == 0 {
            sample.rss_first = rss;
        }
        sample.rss_last = rss;
        // A writer does not save twice within the same instant; let the watcher go idle.
        std::thread::sleep(Duration::from_millis(30));
    }
    drop(server);
    Ok(sample)
}

/// Starts `leverage serve --watch` over `site` on a free loopback port, building into a
/// private folder below `private`, and waits until it serves its home page: the server, its
/// address, and the seconds from the start until that first page.
fn start_serve(
    leverage: &Path,
    site: &Path,
    private: &Path,
    agent: &ureq::Agent,
) -> Result<(Server, String, f64)> {
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let mut child = Command::new(leverage)
        .args(["serve", "--watch", "--port", &port.to_string(), "--root"])
        .arg(site)
        .env("TMPDIR", private)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {} serve", leverage.display()))?;
    let stderr = child.stderr.take().context("serve's stderr")?;
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let server = Server { child, lines };
    while fetch(agent, &format!("{base}/")).is_none() {
        if started.elapsed() > PATIENCE {
            bail!("serve did not answer on {base} within {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok((server, base, started.elapsed().as_secs_f64()))
}

/// The body of `url` when it answers 200.
fn fetch(agent: &ureq::Agent, url: &str) -> Option<String> {
    let mut response = agent.get(url).call().ok()?;
    if response.status() != 200 {
        return None;
    }
    response.body_mut().with_config().limit(u64::MAX).read_to_string().ok()
}

/// Opens serve's event stream as the live-reload script of a tab showing `page` does, and
/// returns when it is open; the time of the first `reload` event arrives on the channel, and the
/// stream is closed after it (as the reloading tab closes it).
fn tab_on(base: &str, page: &str) -> Result<mpsc::Receiver<Instant>> {
    let url = format!("{base}/__leverage/events?page={}", page.replace('/', "%2F"));
    let (opened_tx, opened) = mpsc::channel();
    let (tx, reloads) = mpsc::channel();
    std::thread::spawn(move || {
        let response = ureq::get(&url).call();
        let ok = response.is_ok();
        let _ = opened_tx.send(ok);
        let Ok(response) = response else { return };
        let reader = BufReader::new(response.into_body().into_reader());
        for line in reader.lines().map_while(Result::ok) {
            if line == "event: reload" {
                let _ = tx.send(Instant::now());
                break;
            }
        }
    });
    match opened.recv_timeout(PATIENCE) {
        Ok(true) => Ok(reloads),
        _ => bail!("could not open {base}'s event stream"),
    }
}

/// The record with its first whole-hours duration one hour longer (`| 6h |` becomes `| 7h |`):
/// a change of its figures, and of the site's totals. `None` when it has no such cell.
fn bump_hours(text: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = text[from..].find("| ") {
        let start = from + found + 2;
        let digits = text[start..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && text[start + digits..].starts_with("h |") {
            let hours: u64 = text[start..start + digits].parse().ok()?;
            return Some(format!("{}{}{}", &text[..start], hours + 1, &text[start + digits..]));
        }
        from = start;
    }
    None
}

/// Mirrors `from` into `to` with hard links (folders created, files linked).
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.with_context(|| format!("walking {}", from.display()))?;
        let target = to.join(entry.path().strip_prefix(from).context("below the site")?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).with_context(|| format!("creating {}", target.display()))?;
        } else if entry.file_type().is_file() {
            std::fs::hard_link(entry.path(), &target)
                .with_context(|| format!("linking {}", target.display()))?;
        }
    }
    Ok(())
}

/// The site's record files, sorted.
fn record_files(site: &Path) -> Result<Vec<PathBuf>> {
    let dir = site.join("content").join("records");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    Ok(files)
}

/// A port nothing listens on right now.
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr().context("a bound address")?.port())
}

/// The resident set size of process `pid`, in bytes (`VmRSS` of `/proc/<pid>/status`).
fn resident(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).context("reading serve's status")?;
    parse_vm_rss(&status).context("VmRSS in /proc/<pid>/status")
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_edit_adds_an_hour_to_the_first_whole_hours_cell() {
        let record = "Took 3h | not a cell.\n| Task | Human | AI |\n|---|---|---|\n| A | 2.5h | 9min |\n| B | 12h | 1h |\n";
        let bumped = bump_hours(record).expect("a cell");
        assert!(bumped.contains("| B | 13h | 1h |") && bumped.contains("| A | 2.5h | 9min |"), "{bumped}");
        assert_eq!(bump_hours("| A | 2.5h | 9min |\n"), None);
    }

    #[test]
    fn reads_resident_memory_from_proc_status() {
        let status = "Name:\tleverage\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nThreads:\t4\n";
        assert_eq!(parse_vm_rss(status), Some(123_456 * 1024));
        assert_eq!(parse_vm_rss("Name:\tx\n"), None);
    }

    #[test]
    fn mirrors_a_tree_with_links() {
        let from = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(from.path().join("content/records")).expect("folders");
        std::fs::write(from.path().join("content/records/a.md"), "a").expect("file");
        let to = tempfile::tempdir().expect("temp dir");
        link_tree(from.path(), &to.path().join("copy")).expect("linked");
        let files = record_files(&to.path().join("copy")).expect("listed");
        assert_eq!(files.len(), 1);
        assert_eq!(std::fs::read_to_string(&files[0]).expect("read"), "a");
    }
}
