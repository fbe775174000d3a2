//! `cargo xtask bench`: how long a full `leverage build` takes and how much memory it needs, next
//! to the floor (read + render markdown + write, see `floor`) and optionally Hugo, on synthetic
//! sites of several sizes, all measured in the same run.
//!
//! It builds the release binaries, generates (or reuses) the sites under `target/bench-sites/`, runs
//! each program into a fresh folder `--runs` times, interleaved, and prints medians and peaks as a
//! markdown table. Timing belongs here and nowhere in tests.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::measure::{self, Measurement, median};
use crate::serve_latency::{self, ServeSample};
use crate::{hugo, synthetic, zola};

/// What to measure.
#[derive(Debug)]
pub(crate) struct Options {
    /// Site sizes, in records.
    pub(crate) records: Vec<usize>,
    /// Runs of each program per size; the median is reported.
    pub(crate) runs: usize,
    /// Also build each site with Hugo.
    pub(crate) vs_hugo: bool,
    /// Also build each site with Zola (`zola` on the PATH).
    pub(crate) vs_zola: bool,
    /// The generator's seed.
    pub(crate) seed: u64,
    /// Edits made under `serve --watch` per site size (0: serve is not measured).
    pub(crate) edits: usize,
    /// Measure leverage built with profile-guided optimisation (`cargo xtask pgo`), and the
    /// plain build beside it.
    pub(crate) pgo: bool,
}

/// The results for one site size.
#[derive(Debug)]
struct Sample {
    records: usize,
    leverage: Vec<Measurement>,
    floor: Vec<Measurement>,
    hugo: Vec<Measurement>,
    zola: Vec<Measurement>,
    /// With `--pgo`: leverage built the plain way (`cargo build --release`).
    plain: Vec<Measurement>,
    /// Files written by leverage, the floor, Hugo, Zola and plain leverage.
    files: [usize; 5],
    serve: Option<ServeSample>,
}

impl Sample {
    /// The peers, Hugo, Zola and (with `--pgo`) leverage built the plain way: each one's name,
    /// runs (none when it was not measured) and the files its last run wrote.
    fn peers(&self) -> [(&'static str, &[Measurement], usize); 3] {
        [
            ("hugo", &self.hugo, self.files[2]),
            ("zola", &self.zola, self.files[3]),
            ("plain", &self.plain, self.files[4]),
        ]
    }
}

/// How long to wait after deleting `files` files before timing anything. On ext4 without a
/// journal (this machine's root file system) creating files soon after deleting many makes the
/// kernel work through the recently freed inodes: after deleting 33,165 files (three 10k
/// outputs) the floor took 1.3-1.5 s, 2.2-2.5 s of it in the kernel, for about 30 s, and 0.37-0.51
/// s from 38 s on. A fixed minute was too short after a whole benchmark's outputs (about 116,000
/// files with Hugo at 1k and 10k records): the floor took 0.9-1.5 s in half the runs of the next
/// benchmark. So: a minute at least, and two milliseconds per deleted file (twice the rate seen).
fn quarantine(files: u64) -> Duration {
    Duration::from_secs(61).max(Duration::from_millis(files.saturating_mul(2)))
}

/// Runs the benchmark and prints the machine, the table and what is not measured yet.
pub(crate) fn run(options: &Options) -> Result<()> {
    if options.runs == 0 {
        bail!("expected --runs of at least 1, found 0");
    }
    crate::cargo(&["build", "--release", "-p", "leverage", "-p", "xtask"], &[])?;
    let target = target_dir()?;
    let plain = target.join("release").join("leverage");
    let xtask = target.join("release").join("xtask");
    // With --pgo, the profile-guided build is the one measured, the plain one taking turns too.
    let (leverage, mut deleted) = if options.pgo {
        let built = crate::pgo::build(options.seed)?;
        (built.binary, built.deleted)
    } else {
        (plain.clone(), 0)
    };
    let hugo_bin = if options.vs_hugo { on_path("hugo") } else { None };
    let zola_bin = if options.vs_zola { on_path("zola") } else { None };
    let sites = target.join("bench-sites");
    let outs = target.join("bench-out");
    let deleted_stamp = target.join("bench-out.deleted");

    // Every site first, so that whatever they delete is long gone before the first timing.
    deleted += remove(&outs)?;
    let mut prepared = Vec::new();
    for &records in &options.records {
        let site = sites.join(records.to_string());
        deleted += ensure_site(&xtask, &site, records, options.seed)?;
        // Each peer found builds its own copy of the site, written in its own layout.
        let mut copy = |found: bool, peer: &str, prepare: fn(&Path, &Path) -> Result<u64>| {
            if !found {
                return Ok::<_, anyhow::Error>(None);
            }
            let dest = sites.join(format!("{records}-{peer}"));
            deleted += prepare(&site, &dest)?;
            Ok(Some(dest))
        };
        let hugo_site = copy(hugo_bin.is_some(), "hugo", hugo::prepare)?;
        let zola_site = copy(zola_bin.is_some(), "zola", zola::prepare)?;
        prepared.push((records, site, hugo_site, zola_site));
    }
    fs::create_dir_all(&outs).with_context(|| format!("creating {}", outs.display()))?;
    settle(deleted, &deleted_stamp);

    let load_before = load_average();
    let mut samples = Vec::new();
    for (records, site, hugo_site, zola_site) in prepared {
        let mut sample = Sample {
            records,
            leverage: Vec::new(),
            floor: Vec::new(),
            hugo: Vec::new(),
            zola: Vec::new(),
            plain: Vec::new(),
            files: [0; 5],
            serve: None,
        };
        for run in 1..=options.runs {
            // The programs take turns, so drift in the machine's speed spreads over all of them.
            // Each writes into a folder of its own that nothing deleted recently.
            // Each run reads its program and its input warm, whatever ran before it.
            let time = |program: &str, mut command: Command, out_flag: &str, inputs: [&Path; 2]| {
                measure::ready(&inputs);
                let out = outs.join(format!("{program}-{records}-{run}"));
                command.arg(out_flag).arg(&out);
                let measured = measure::run(&mut command, &outs.join(format!("{program}.log")))?;
                Ok::<_, anyhow::Error>((measured, count_files(&out)))
            };
            let mut build = Command::new(&leverage);
            build.arg("build").arg("--root").arg(&site);
            let (measured, files) = time("leverage", build, "--output-dir", [&leverage, &site])?;
            sample.leverage.push(measured);
            sample.files[0] = files;

            let mut floor = Command::new(&xtask);
            floor.arg("floor").arg("--site").arg(&site);
            let (measured, files) = time("floor", floor, "--out", [&xtask, &site])?;
            sample.floor.push(measured);
            sample.files[1] = files;

            if let (Some(bin), Some(hugo_site)) = (&hugo_bin, &hugo_site) {
                let mut build = Command::new(bin);
                build.arg("--quiet").arg("--source").arg(hugo_site);
                let (measured, files) = time("hugo", build, "--destination", [bin, hugo_site])?;
                sample.hugo.push(measured);
                sample.files[2] = files;
            }
            if let (Some(bin), Some(zola_site)) = (&zola_bin, &zola_site) {
                let mut build = Command::new(bin);
                build.arg("--root").arg(zola_site).arg("build");
                let (measured, files) = time("zola", build, "--output-dir", [bin, zola_site])?;
                sample.zola.push(measured);
                sample.files[3] = files;
            }
            if options.pgo {
                let mut build = Command::new(&plain);
                build.arg("build").arg("--root").arg(&site);
                let (measured, files) = time("plain", build, "--output-dir", [&plain, &site])?;
                sample.plain.push(measured);
                sample.files[4] = files;
            }
            eprintln!(
                "{records} records, run {run}/{}: leverage {:.2} s, floor {:.2} s{}",
                options.runs,
                sample.leverage[run - 1].seconds,
                sample.floor[run - 1].seconds,
                sample
                    .peers()
                    .iter()
                    .filter_map(|(name, runs, _)| runs.last().map(|m| format!(", {name} {:.2} s", m.seconds)))
                    .collect::<String>()
            );
        }
        if options.edits > 0 {
            let scratch = outs.join(format!("serve-{records}"));
            let serve = serve_latency::measure(&leverage, &site, &scratch, options.runs, options.edits)?;
            eprintln!(
                "{records} records, serve: first page {:.2} s ({}), save to served {:.0} ms (median of {})",
                median(&serve.first_pages),
                seconds_list(&serve.first_pages),
                median(&serve.page_ms),
                serve.page_ms.len()
            );
            sample.serve = Some(serve);
        }
        samples.push(sample);
    }
    let mut report = machine();
    writeln!(report, "load average (1 min) before: {load_before}, after: {}", load_average())
        .expect("writing to a String cannot fail");
    if options.pgo {
        report.push_str(
            "leverage: built with profile-guided optimisation (`cargo xtask pgo`); plain: the same source \
             built with `cargo build --release`\n",
        );
    }
    report.push('\n');
    report.push_str(&table(&samples, options.runs));
    report.push_str(&runs(&samples));
    if options.vs_hugo && hugo_bin.is_none() {
        report.push_str(
            "\nhugo: not found on PATH, so it was not measured (install it, e.g. `apt-get install hugo`)\n",
        );
    }
    if options.vs_zola && zola_bin.is_none() {
        report.push_str(
            "\nzola: not found on PATH, so it was not measured (docs/performance.md says how to get it)\n",
        );
    }
    report.push_str(&serve_table(&samples));
    #[allow(clippy::print_stdout, reason = "the report is the task's output")]
    {
        print!("{report}");
    }
    // The outputs are gigabytes at 10k records; the next benchmark waits out their deletion, and
    // that of the private folder each serve deleted when it stopped (a build's worth of files).
    let served: usize = samples.iter().filter(|s| s.serve.is_some()).map(|s| s.files[0]).sum();
    let removed = remove(&outs)? + served as u64;
    if removed > 0 {
        fs::write(&deleted_stamp, removed.to_string()).context("noting when the outputs were deleted")?;
    }
    Ok(())
}

/// `program` on the PATH, if it is there.
pub(crate) fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

/// Whether `dest`, a peer's copy of the generated site `site` in layout `layout`, must be
/// written again: `None` when it holds the same content in the same layout, else the marker to
/// write once it is done, and the number of files of the older copy, removed here.
pub(crate) fn stale_copy(site: &Path, dest: &Path, layout: &str) -> Result<Option<(String, u64)>> {
    let source_marker =
        fs::read_to_string(site.join(synthetic::MARKER)).context("reading the site's marker")?;
    let marker = format!("{source_marker}{layout}\n");
    if fs::read_to_string(dest.join(synthetic::MARKER)).is_ok_and(|m| m == marker) {
        return Ok(None);
    }
    Ok(Some((marker, remove(dest)?)))
}

/// Removes `dir` if it exists; the number of files it held.
pub(crate) fn remove(dir: &Path) -> Result<u64> {
    if !dir.exists() {
        return Ok(0);
    }
    let files = count_files(dir) as u64;
    eprintln!("removing {} ({files} files)", dir.display());
    fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    Ok(files)
}

/// Waits until the `deleted_now` files deleted just now, and those the previous benchmark deleted
/// (counted in `stamp`, at its time), are out of the file system's quarantine, so no timing
/// pays for them.
fn settle(deleted_now: u64, stamp: &Path) {
    let earlier =
        fs::metadata(stamp).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).map(|since| {
            // A stamp from before files were counted held nothing: take it for a whole benchmark.
            let files = fs::read_to_string(stamp).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(120_000);
            quarantine(files).saturating_sub(since)
        });
    let now = if deleted_now > 0 { quarantine(deleted_now) } else { Duration::ZERO };
    let wait = now.max(earlier.unwrap_or(Duration::ZERO));
    if !wait.is_zero() {
        eprintln!("waiting {} s so that no timing pays for files deleted just before it", wait.as_secs());
        std::thread::sleep(wait);
    }
}

/// Generates the site of `records` records into `site` unless the cached one has the same
/// generator version, seed and size. The number of files of the older site it replaced.
pub(crate) fn ensure_site(xtask: &Path, site: &Path, records: usize, seed: u64) -> Result<u64> {
    let wanted = synthetic::marker(records, seed);
    if fs::read_to_string(site.join(synthetic::MARKER)).is_ok_and(|m| m == wanted) {
        eprintln!("reusing {}", site.display());
        return Ok(0);
    }
    let replaced = if site.exists() { count_files(site) as u64 } else { 0 };
    eprintln!("generating {records} records into {}", site.display());
    let status = Command::new(xtask)
        .arg("gen")
        .arg("--records")
        .arg(records.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .arg("--out")
        .arg(site)
        .status()
        .context("running xtask gen")?;
    if !status.success() {
        bail!("xtask gen failed for {records} records");
    }
    Ok(replaced)
}

/// The number of files below `dir`.
fn count_files(dir: &Path) -> usize {
    measure::files_below(dir).count()
}

/// The cargo target folder, as cargo itself resolves it (`CARGO_TARGET_DIR`, config, default).
pub(crate) fn target_dir() -> Result<PathBuf> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(crate::root())
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("reading cargo metadata")?;
    let dir = metadata["target_directory"].as_str().context("cargo metadata without a target_directory")?;
    Ok(PathBuf::from(dir))
}

/// The machine, as far as it matters for the figures.
fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim()))
        .unwrap_or("unknown CPU");
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or("unknown memory".to_string(), |kb| format!("{:.1} GiB memory", kb as f64 / 1024.0 / 1024.0));
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("machine: {cores} cores ({model}), {memory}, Linux {}\n", kernel.trim())
}

/// The one-minute load average: other work on the machine shows up here and in the timings.
fn load_average() -> String {
    let text = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().next().unwrap_or("unknown").to_string()
}

/// Every run's wall time, so the spread behind each median is visible.
fn runs(samples: &[Sample]) -> String {
    let mut out = String::from("\nevery run, wall seconds (CPU seconds):\n");
    for s in samples {
        let list = |m: &[Measurement]| {
            m.iter().map(|m| format!("{:.2} ({:.2})", m.seconds, m.cpu_seconds)).collect::<Vec<_>>().join(" ")
        };
        write!(out, "  {} records: leverage {}; floor {}", s.records, list(&s.leverage), list(&s.floor))
            .expect("writing to a String cannot fail");
        for (name, peer, _) in s.peers().into_iter().filter(|(_, runs, _)| !runs.is_empty()) {
            write!(out, "; {name} {}", list(peer)).expect("writing to a String cannot fail");
        }
        out.push('\n');
    }
    // The median of the ratios hides how far they spread: one turn's Hugo can take twice
    // another's on this machine (docs/performance.md), and a goal met by the median alone
    // is not met steadily.
    for s in samples {
        for (name, peer, _) in s.peers().into_iter().filter(|(_, runs, _)| !runs.is_empty()) {
            let ratios: Vec<String> =
                peer.iter().zip(&s.leverage).map(|(p, l)| format!("{:.1}", p.seconds / l.seconds)).collect();
            writeln!(out, "  {} records: {name}/leverage turn by turn {}", s.records, ratios.join(" "))
                .expect("writing to a String cannot fail");
        }
    }
    out.push_str(&unsteady_disk(samples));
    out
}

/// A note when the floor, which does the same work in every turn, took half as long again (and a
/// tenth of a second more) in one turn as in another: the disk was not steady (on this machine,
/// creating files stays slow for minutes after a large deletion, docs/performance.md), and the
/// run's ratios say more about the disk than about the programs.
fn unsteady_disk(samples: &[Sample]) -> String {
    let mut out = String::new();
    for s in samples {
        let seconds = s.floor.iter().map(|m| m.seconds);
        let (least, most) = seconds.fold((f64::INFINITY, 0.0f64), |(l, m), x| (l.min(x), m.max(x)));
        // A tenth of a second apart at least: a 1k floor's turns are a few hundredths long.
        if most > 1.5 * least && most - least > 0.1 {
            writeln!(
                out,
                "  note: at {} records the floor, the same work in every turn, took {least:.2}-{most:.2} s: the disk \
                 was not steady (a large deletion shortly before?), and this run's ratios measure the disk",
                s.records
            )
            .expect("writing to a String cannot fail");
        }
    }
    out
}

/// Seconds to two places, in the order measured: `1.31, 1.45, 1.28`.
fn seconds_list(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.2}")).collect::<Vec<_>>().join(", ")
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}

/// The results as a markdown table: medians of wall time, peaks of memory, ratios of medians.
fn table(samples: &[Sample], runs: usize) -> String {
    // The peers measured (by their place in `Sample::peers`): Hugo, Zola, either or neither.
    let shown: Vec<usize> = (0..3).filter(|&k| samples.iter().any(|s| !s.peers()[k].1.is_empty())).collect();
    let names: Vec<&str> = shown.iter().map(|&k| samples[0].peers()[k].0).collect();
    let mut out = format!(
        "wall time: median of {runs} runs, each into a fresh folder; memory: peak RSS over the runs\n\n"
    );
    out.push_str("| records | leverage s | floor s | leverage/floor | leverage MB | floor MB |");
    for name in &names {
        write!(out, " {name} s | {name}/leverage | {name} MB |").expect("infallible");
    }
    write!(
        out,
        " files ({}) |\n|---:|---:|---:|---:|---:|---:|",
        ["leverage", "floor"].iter().chain(&names).copied().collect::<Vec<_>>().join(" / ")
    )
    .expect("infallible");
    out.push_str(&"---:|---:|---:|".repeat(shown.len()));
    out.push_str("---:|\n");
    for s in samples {
        let secs = |m: &[Measurement]| median(&m.iter().map(|m| m.seconds).collect::<Vec<_>>());
        let peak = |m: &[Measurement]| mb(m.iter().map(|m| m.peak_rss).max().unwrap_or(0));
        let (lev, floor) = (secs(&s.leverage), secs(&s.floor));
        write!(
            out,
            "| {} | {lev:.2} | {floor:.2} | {:.2} | {:.0} | {:.0} |",
            s.records,
            lev / floor,
            peak(&s.leverage),
            peak(&s.floor)
        )
        .expect("writing to a String cannot fail");
        let peers = s.peers();
        let mut files = vec![s.files[0].to_string(), s.files[1].to_string()];
        for &k in &shown {
            let (_, runs, written) = peers[k];
            let them = secs(runs);
            write!(out, " {them:.2} | {:.1} | {:.0} |", them / lev, peak(runs)).expect("infallible");
            files.push(written.to_string());
        }
        writeln!(out, " {} |", files.join(" / ")).expect("infallible");
    }
    out
}

/// The serve measurements as a markdown table (issue 6): the first page served after start
/// against the median full build, save-to-served latencies, and memory over the edits.
fn serve_table(samples: &[Sample]) -> String {
    let measured: Vec<(&Sample, &ServeSample)> =
        samples.iter().filter_map(|s| s.serve.as_ref().map(|v| (s, v))).collect();
    let Some((_, first)) = measured.first() else {
        return "\nserve: not measured (--edits 0)\n".to_string();
    };
    let mut out = format!(
        "\nserve --watch: {} edits per size, each a record saved by rename; times from the save\n\n",
        first.page_ms.len()
    );
    out.push_str(
        "| records | first page s (median; each start) | build s | first/build | save to page ms (median, min-max) \
         | save to all pages ms (median, max) | RSS after edit 1 MB | after last MB | growth |\n",
    );
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for &(sample, serve) in &measured {
        let build = median(&sample.leverage.iter().map(|m| m.seconds).collect::<Vec<_>>());
        let first = median(&serve.first_pages);
        let low = serve.page_ms.iter().copied().fold(f64::INFINITY, f64::min);
        let high = serve.page_ms.iter().copied().fold(0.0, f64::max);
        let all_high = serve.all_ms.iter().copied().fold(0.0, f64::max);
        writeln!(
            out,
            "| {} | {first:.2} ({}) | {build:.2} | {:.2} | {:.0} ({low:.0}-{high:.0}) | {:.0} ({all_high:.0}) | {:.0} | {:.0} | {:+.1}% |",
            sample.records,
            seconds_list(&serve.first_pages),
            first / build,
            median(&serve.page_ms),
            median(&serve.all_ms),
            mb(serve.rss_first),
            mb(serve.rss_last),
            (serve.rss_last as f64 / serve.rss_first as f64 - 1.0) * 100.0
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str(
        "\nby kind of edit (every other edit also changes a figure, and with it every home page): \
         from the save until a tab on the record's page is told to reload, and until all is written\n\n",
    );
    out.push_str(
        "| records | edits | save to reload ms (median, max) | save to all pages ms (median, max) |\n",
    );
    out.push_str("|---:|---|---:|---:|\n");
    for (sample, serve) in measured {
        for (kind, figures) in [("prose", false), ("figures", true)] {
            let of_kind = |times: &[f64]| -> Vec<f64> {
                times.iter().zip(&serve.figures).filter(|(_, f)| **f == figures).map(|(t, _)| *t).collect()
            };
            let (reload, all) = (of_kind(&serve.reload_ms), of_kind(&serve.all_ms));
            if reload.is_empty() {
                continue;
            }
            let max = |times: &[f64]| times.iter().copied().fold(0.0, f64::max);
            writeln!(
                out,
                "| {} | {kind} ({}) | {:.0} ({:.0}) | {:.0} ({:.0}) |",
                sample.records,
                reload.len(),
                median(&reload),
                max(&reload),
                median(&all),
                max(&all)
            )
            .expect("writing to a String cannot fail");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(seconds: &[f64]) -> Vec<Measurement> {
        seconds.iter().map(|&seconds| Measurement { seconds, cpu_seconds: seconds, peak_rss: 0 }).collect()
    }

    #[test]
    fn with_pgo_the_plain_build_is_a_peer_of_the_measured_one() {
        let pgo = [Sample {
            records: 10_000,
            leverage: measured(&[1.0, 1.2]),
            floor: measured(&[0.5, 0.5]),
            hugo: measured(&[11.0, 12.0]),
            zola: Vec::new(),
            plain: measured(&[1.1, 1.5]),
            files: [11_055, 10_000, 14_080, 0, 11_055],
            serve: None,
        }];
        let report = runs(&pgo);
        assert!(report.contains("10000 records: plain/leverage turn by turn 1.1 1.2\n"), "{report}");
        let lines: Vec<String> = table(&pgo, 2).lines().map(str::to_string).collect();
        assert_eq!(
            lines[2],
            "| records | leverage s | floor s | leverage/floor | leverage MB | floor MB | hugo s | hugo/leverage \
             | hugo MB | plain s | plain/leverage | plain MB | files (leverage / floor / hugo / plain) |"
        );
        assert_eq!(
            lines[4],
            "| 10000 | 1.10 | 0.50 | 2.20 | 0 | 0 | 11.50 | 10.5 | 0 | 1.30 | 1.2 | 0 | 11055 / 10000 / 14080 / 11055 |"
        );
    }

    #[test]
    fn the_peers_ratios_are_reported_as_medians_and_turn_by_turn() {
        let both = [Sample {
            records: 10_000,
            leverage: measured(&[1.0, 2.0]),
            floor: measured(&[0.5, 0.5]),
            hugo: measured(&[12.0, 14.0]),
            zola: measured(&[4.0, 5.0]),
            plain: Vec::new(),
            files: [11_055, 10_000, 14_080, 12_037, 0],
            serve: None,
        }];
        let report = runs(&both);
        assert!(report.contains("10000 records: hugo/leverage turn by turn 12.0 7.0\n"), "{report}");
        assert!(report.contains("10000 records: zola/leverage turn by turn 4.0 2.5\n"), "{report}");
        let lines: Vec<String> = table(&both, 2).lines().map(str::to_string).collect();
        assert_eq!(
            lines[2],
            "| records | leverage s | floor s | leverage/floor | leverage MB | floor MB | hugo s | hugo/leverage \
             | hugo MB | zola s | zola/leverage | zola MB | files (leverage / floor / hugo / zola) |"
        );
        assert_eq!(
            lines[4],
            "| 10000 | 1.50 | 0.50 | 3.00 | 0 | 0 | 13.00 | 8.7 | 0 | 4.50 | 3.0 | 0 | 11055 / 10000 / 14080 / 12037 |"
        );

        let neither = [Sample {
            records: 1000,
            leverage: measured(&[0.1]),
            floor: measured(&[0.05]),
            hugo: Vec::new(),
            zola: Vec::new(),
            plain: Vec::new(),
            files: [1155, 1000, 0, 0, 0],
            serve: None,
        }];
        assert!(!runs(&neither).contains("turn by turn"), "no peer, no ratios");
        assert!(!report.contains("note:"), "a steady floor: {report}");
        let unsteady = [Sample {
            records: 10_000,
            leverage: measured(&[1.2, 1.9, 2.4]),
            floor: measured(&[0.47, 1.38, 1.96]),
            hugo: measured(&[10.5, 10.4, 11.8]),
            zola: Vec::new(),
            plain: Vec::new(),
            files: [11_055, 10_000, 14_080, 0, 0],
            serve: None,
        }];
        assert!(
            runs(&unsteady).contains(
                "  note: at 10000 records the floor, the same work in every turn, took 0.47-1.96 s"
            ),
            "{}",
            runs(&unsteady)
        );
        assert_eq!(
            table(&neither, 1).lines().nth(4),
            Some("| 1000 | 0.10 | 0.05 | 2.00 | 0 | 0 | 1155 / 1000 |"),
            "without peers, the table has leverage and the floor only"
        );
    }

    #[test]
    fn serves_first_page_is_the_median_of_its_starts_against_the_median_build() {
        let served = [Sample {
            records: 10_000,
            leverage: measured(&[1.0, 1.2, 1.1]),
            floor: measured(&[0.5, 0.5, 0.5]),
            hugo: Vec::new(),
            zola: Vec::new(),
            plain: Vec::new(),
            files: [11_055, 10_000, 0, 0, 0],
            serve: Some(ServeSample {
                first_pages: vec![2.0, 1.32, 1.5],
                page_ms: vec![40.0, 50.0, 45.0],
                reload_ms: vec![41.0, 51.0, 46.0],
                figures: vec![false, true, false],
                all_ms: vec![60.0, 90.0, 70.0],
                rss_first: 200 << 20,
                rss_last: 202 << 20,
            }),
        }];
        let report = serve_table(&served);
        assert!(
            report.contains(
                "| 10000 | 1.50 (2.00, 1.32, 1.50) | 1.10 | 1.36 | 45 (40-50) | 70 (90) | 200 | 202 | +1.0% |"
            ),
            "{report}"
        );
        assert!(report.contains("| 10000 | prose (2) | 44 (46) | 65 (70) |"), "{report}");
        assert!(report.contains("| 10000 | figures (1) | 51 (51) | 90 (90) |"), "{report}");
    }

    #[test]
    fn the_quarantine_is_a_minute_at_least_and_grows_with_the_files_deleted() {
        assert_eq!(quarantine(0), Duration::from_secs(61));
        assert_eq!(quarantine(10_000), Duration::from_secs(61));
        assert_eq!(quarantine(116_000), Duration::from_secs(232));
        assert_eq!(quarantine(u64::MAX), Duration::from_millis(u64::MAX));
    }
}
