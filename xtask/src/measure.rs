//! Timing a child process: wall time from spawn to exit and its own peak resident memory, and
//! making each timed run start from the same page cache and a clean disk.
//!
//! The child is reaped with `wait4`, which reports the resource use of that one process, unlike
//! `getrusage(RUSAGE_CHILDREN)`, whose peak is the largest of every child ever waited for. This
//! module neither builds nor chooses what to run.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// What one run of a program cost.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Measurement {
    /// Wall time from spawn to exit, in seconds.
    pub(crate) seconds: f64,
    /// CPU time (user and system) of the process, in seconds: when it is far below the wall time
    /// on a parallel program, the process waited (for the disk, or for other work on the machine).
    pub(crate) cpu_seconds: f64,
    /// Peak resident set size of the process, in bytes.
    pub(crate) peak_rss: u64,
}

/// Runs `command` to completion, with stdout discarded and stderr kept in `log` (shown when it
/// fails), and measures it. A non-zero exit is an error.
pub(crate) fn run(command: &mut Command, log: &Path) -> Result<Measurement> {
    let stderr = File::create(log).with_context(|| format!("creating {}", log.display()))?;
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(stderr);
    let start = Instant::now();
    let child = command.spawn().with_context(|| format!("starting {command:?}"))?;
    let pid = libc::pid_t::try_from(child.id()).context("a process id that fits pid_t")?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, so all-zero bytes are a valid value of it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, which nothing else waits for (the `Child` handle is
        // dropped without `wait`); `status` and `usage` are valid for writes for the whole call.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error).context("waiting for the benchmarked process");
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    drop(child);
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("{command:?} failed (wait status {status}); last lines of stderr:\n{}", tail.join("\n"));
    }
    // On Linux `ru_maxrss` is in kibibytes.
    let peak_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    let time = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu_seconds = time(usage.ru_utime) + time(usage.ru_stime);
    Ok(Measurement { seconds, cpu_seconds, peak_rss })
}

/// Makes the run about to start find what it needs where every other run found it: `inputs`
/// (its executable, its site) read into the page cache with [`warm`], and every dirty page on the
/// disk, so that no run pays for the write-back of what ran before it (a build's output, a copy
/// of the site). Nothing here is timed.
pub(crate) fn ready(inputs: &[&Path]) {
    warm(inputs);
    // SAFETY: `sync` takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// Reads every file of `paths` (a file, or every file below a folder) and returns how many bytes
/// that was, so that the run after it finds its program and its input in the page cache. This
/// machine's host takes back page cache that has not been read for a while (`fincore`: 84 MB of
/// a 10k site's content cached, 69 MB a hundred seconds later; `bench::settle` waits minutes), and a
/// 10k build that read its content from the disk took 1.38-1.44 s instead of 0.80-0.83 s. Without
/// this, the first program of the first turn at each size (leverage) read the site cold, and the
/// floor and Hugo (whose copy is hard-linked) read it warm after it. Nothing here is timed.
///
/// The files are read through one small buffer: a child's peak memory (`ru_maxrss`) counts the
/// benchmark's own resident pages between its fork and its exec, and reading a 70 MB executable
/// whole made every program's peak at least 91 MB.
fn warm(paths: &[&Path]) -> u64 {
    use std::io::Read as _;
    let mut buffer = vec![0; 1 << 16];
    let mut read = 0;
    for entry in paths.iter().flat_map(|path| files_below(path)) {
        let Ok(mut file) = std::fs::File::open(entry.path()) else { continue };
        while let Ok(n @ 1..) = file.read(&mut buffer) {
            read += n as u64;
        }
    }
    read
}

/// The files below `path` (or `path` itself, a file), links to files included; what cannot be
/// read is left out.
pub(crate) fn files_below(path: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() || e.path_is_symlink() && e.path().is_file())
}

/// The median of some numbers (the mean of the middle two for an even count).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn warming_reads_every_file_of_a_folder_and_a_file_given_alone() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content/records")).expect("folders");
        fs::write(site.join("site.toml"), "title = \"t\"\n").expect("a file");
        fs::write(site.join("content/records/a.md"), "x".repeat(5000)).expect("a file");
        let program = dir.path().join("program");
        fs::write(&program, vec![0u8; 200_000]).expect("a file larger than the buffer");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&program, site.join("link")).expect("a link");
        let linked = if cfg!(unix) { 200_000 } else { 0 };
        assert_eq!(warm(&[&program, &site]), 200_000 + 12 + 5000 + linked);
        assert_eq!(warm(&[&dir.path().join("missing")]), 0, "nothing to read is no error");
    }

    #[test]
    fn median_of_an_odd_count_is_the_middle_value() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn a_failing_child_is_an_error() {
        let log = std::env::temp_dir().join(format!("xtask-measure-{}.log", std::process::id()));
        let result = run(Command::new("false").arg("x"), &log);
        let _ = std::fs::remove_file(&log);
        assert!(result.is_err());
    }

    #[test]
    fn a_child_reports_its_memory() {
        let log = std::env::temp_dir().join(format!("xtask-measure-ok-{}.log", std::process::id()));
        let result = run(&mut Command::new("true"), &log);
        let _ = std::fs::remove_file(&log);
        assert!(result.expect("`true` succeeds").peak_rss > 0);
    }
}
