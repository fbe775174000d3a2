//! `cargo xtask pgo`: `leverage` built with profile-guided optimisation, as compilers, browsers
//! and language runtimes are shipped. An instrumented build runs what writers run (full builds of
//! a synthetic site and of the example site, `check`, and a `serve --watch` session with edits),
//! LLVM's `llvm-profdata` merges what it counted, and a second build lays out and inlines the
//! code by those counts. Plain `cargo build --release` is unchanged: this is a release
//! engineering step, measured by `cargo xtask bench --pgo` (docs/performance.md).
//!
//! Both builds name the host as their target, so the flags reach `leverage` and its
//! dependencies and not build scripts or proc macros, and each keeps a target folder of its
//! own below `target/pgo/`, so neither rebuilds the other's or the plain build's artefacts.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{bench, root, serve_latency};

/// The records of the site the instrumented build is trained on: enough for every page kind
/// and the parallel paths, small enough to run in seconds instrumented.
const TRAINING_RECORDS: usize = 1_000;

/// Edits made under `serve --watch` while training, half of them changing figures.
const TRAINING_EDITS: usize = 20;

/// The profile-guided `leverage` (`target/pgo/leverage`), and how many files were deleted on
/// the way (the training's outputs), which the benchmark waits out as it does its own.
pub(crate) struct Built {
    pub(crate) binary: PathBuf,
    pub(crate) deleted: u64,
}

/// Builds the profile-guided `leverage`.
pub(crate) fn build(seed: u64) -> Result<Built> {
    let (host, llvm_major) = rustc_host_and_llvm()?;
    let profdata = find_profdata(llvm_major)?;
    let target = bench::target_dir()?;
    let pgo = target.join("pgo");
    let raw = pgo.join("raw");
    let train = pgo.join("train");
    let mut deleted = bench::remove(&raw)? + bench::remove(&train)?;
    fs::create_dir_all(&raw).with_context(|| format!("creating {}", raw.display()))?;
    let binary = |dir: &str| pgo.join(dir).join(&host).join("release").join("leverage");

    release_build(&host, &pgo.join("gen"), &format!("-Cprofile-generate={}", raw.display()))?;
    let instrumented = binary("gen");

    // Training: what the benchmark and a writing day run.
    let xtask = std::env::current_exe().context("locating xtask")?;
    let site = target.join("bench-sites").join(TRAINING_RECORDS.to_string());
    deleted += bench::ensure_site(&xtask, &site, TRAINING_RECORDS, seed)?;
    let out = train.join("out");
    let example = train.join("example");
    eprintln!("training {} on {} and the example site", instrumented.display(), site.display());
    for root_and_args in [
        (&site, vec!["build", "--output-dir", path_text(&out)?]),
        // A second build over the first: the output folder swapped for a new one.
        (&site, vec!["build", "--output-dir", path_text(&out)?]),
        (&site, vec!["check"]),
        (&root(), vec!["build", "--output-dir", path_text(&example)?]),
    ] {
        run_leverage(&instrumented, root_and_args.0, &root_and_args.1)?;
    }
    serve_latency::measure(&instrumented, &site, &train.join("serve"), 1, TRAINING_EDITS)
        .context("training under serve --watch")?;

    let merged = pgo.join("leverage.profdata");
    let status = Command::new(&profdata)
        .arg("merge")
        .arg("-o")
        .arg(&merged)
        .arg(&raw)
        .status()
        .with_context(|| format!("running {}", profdata.display()))?;
    if !status.success() {
        bail!("{} merge failed", profdata.display());
    }

    release_build(&host, &pgo.join("use"), &format!("-Cprofile-use={}", merged.display()))?;
    let built = pgo.join("leverage");
    fs::copy(binary("use"), &built).with_context(|| format!("copying to {}", built.display()))?;
    deleted += bench::remove(&train)?;
    eprintln!("built {} with profile-guided optimisation", built.display());
    Ok(Built { binary: built, deleted })
}

/// `cargo build --release -p leverage` for `host` into `target_dir`, with `flag` as its one
/// compiler flag (given encoded, so that a path with spaces in it stays one flag).
fn release_build(host: &str, target_dir: &Path, flag: &str) -> Result<()> {
    let target_dir = path_text(target_dir)?;
    crate::cargo(
        &["build", "--release", "-p", "leverage", "--target", host, "--target-dir", target_dir],
        &[("CARGO_ENCODED_RUSTFLAGS", flag)],
    )
}

/// Runs `leverage <args> --root <site>` and fails when it does.
fn run_leverage(leverage: &Path, site: &Path, args: &[&str]) -> Result<()> {
    let output = Command::new(leverage)
        .args(args)
        .arg("--root")
        .arg(site)
        .output()
        .with_context(|| format!("running {}", leverage.display()))?;
    if !output.status.success() {
        bail!(
            "leverage {} on {} failed:\n{}",
            args.join(" "),
            site.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn path_text(path: &Path) -> Result<&str> {
    path.to_str().with_context(|| format!("{} is not UTF-8", path.display()))
}

/// The host triple and the major version of the LLVM inside `rustc` (`rustc -vV`).
fn rustc_host_and_llvm() -> Result<(String, u32)> {
    let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    parse_rustc_version(&String::from_utf8_lossy(&output.stdout))
}

fn parse_rustc_version(text: &str) -> Result<(String, u32)> {
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    let host = field("host:").context("rustc -vV names no host")?;
    let llvm = field("LLVM version:").context("rustc -vV names no LLVM version")?;
    let major = llvm.split('.').next().and_then(|m| m.parse().ok());
    let major = major.with_context(|| format!("expected an LLVM version such as 22.1.2, found `{llvm}`"))?;
    Ok((host.to_string(), major))
}

/// An `llvm-profdata` of the LLVM that rustc is built on (the raw profiles' format changes
/// between LLVM versions): `$LLVM_PROFDATA`, rustup's `llvm-tools` component, or a distribution's
/// `llvm-profdata-<major>` (Debian: `apt-get install llvm-<major>`).
fn find_profdata(major: u32) -> Result<PathBuf> {
    if let Ok(given) = std::env::var("LLVM_PROFDATA") {
        return Ok(PathBuf::from(given));
    }
    let sysroot = Command::new("rustc").args(["--print", "sysroot"]).output().ok();
    let sysroot = sysroot.map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(sysroot) = &sysroot
        && let Ok(entries) = fs::read_dir(sysroot.join("lib/rustlib"))
    {
        candidates.extend(entries.flatten().map(|e| e.path().join("bin/llvm-profdata")));
    }
    candidates.push(PathBuf::from(format!("/usr/lib/llvm-{major}/bin/llvm-profdata")));
    if let Some(found) = candidates.into_iter().find(|c| c.is_file()) {
        return Ok(found);
    }
    let named = format!("llvm-profdata-{major}");
    if Command::new(&named).arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Ok(PathBuf::from(named));
    }
    bail!(
        "no llvm-profdata of LLVM {major} (rustc's) found: `rustup component add llvm-tools`, \
         `apt-get install llvm-{major}`, or set LLVM_PROFDATA"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_host_and_llvm_major_from_rustc() {
        let text = "rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\n\
                    release: 1.95.0\nLLVM version: 22.1.2\n";
        assert_eq!(parse_rustc_version(text).expect("read"), ("x86_64-unknown-linux-gnu".to_string(), 22));
        assert!(parse_rustc_version("host: x\n").is_err());
        assert!(parse_rustc_version("host: x\nLLVM version: twenty\n").is_err());
    }
}
