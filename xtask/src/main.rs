//! `cargo xtask`: the project's own tasks. `ci` runs what CI runs (fmt --check, clippy with
//! warnings denied, rustdoc with warnings denied, the whole test suite).
#![allow(clippy::print_stderr, reason = "a task runner reports progress on stderr")]

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("ci") => ci(),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\ntasks:\n  ci    fmt --check, clippy -D warnings, doc -D warnings, test"
            );
            bail!("no task given")
        }
    }
}

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(())
}

fn ci() -> Result<()> {
    cargo(&["fmt", "--all", "--check"], &[])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    cargo(&["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    cargo(&["test", "--workspace"], &[])
}

#[cfg(test)]
mod tests {
    use super::root;

    /// Every Rust file opens with a `//!` comment saying what it owns.
    #[test]
    fn every_rust_file_opens_with_a_module_comment() {
        let mut missing = Vec::new();
        for dir in ["crates", "xtask", "tests"] {
            for entry in walk(&root().join(dir)) {
                let text = std::fs::read_to_string(&entry).expect("readable source");
                if !text.trim_start().starts_with("//!") {
                    missing.push(entry.display().to_string());
                }
            }
        }
        assert!(missing.is_empty(), "files without a //! comment: {missing:?}");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else { return files };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("target") {
                files.extend(walk(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }
}
