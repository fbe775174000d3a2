//! `cargo xtask`: the project's own tasks. `ci` runs what CI runs (fmt --check, clippy with
//! warnings denied, rustdoc with warnings denied, the whole test suite); `gen` writes a synthetic
//! site; `bench` times `leverage build` against the floor and Hugo; `floor` is the floor program.
#![allow(clippy::print_stderr, reason = "a task runner reports progress on stderr")]
#![allow(clippy::print_stdout, reason = "--help prints the usage on stdout")]

mod bench;
mod docs;
mod floor;
mod hugo;
mod measure;
mod pgo;
mod rng;
mod serve_latency;
mod synthetic;
mod zola;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  ci                                    fmt --check, clippy -D warnings, fuzz targets, doc -D warnings, test
  gen --records N --out DIR [--seed S]  write a synthetic site of N records
  bench [--records 1000,10000] [--runs 3] [--seed S] [--vs-hugo] [--vs-zola] [--edits 100] [--pgo]
                                        time `leverage build` against the floor (and Hugo, Zola),
                                        then `leverage serve --watch`: its first page after each
                                        of --runs starts, and N edits (0: no serve)
  pgo [--seed S]                        build target/pgo/leverage with profile-guided optimisation
                                        (needs rustc's llvm-profdata: llvm-tools or llvm-<major>)
  floor --site DIR --out DIR            the floor: render each record with pulldown-cmark, nothing more
  completions [--out DIR]               shell completions for bash, zsh, fish, elvish and PowerShell
                                        (default target/completions)
  man [--out DIR]                       man pages: leverage.1 and leverage-<command>.1 (default target/man)
  fuzz [--seconds N]                    run every cargo-fuzz target for N seconds (default 60); needs
                                        `cargo install cargo-fuzz`; not part of CI";

/// The seed of `gen` and `bench` when none is given.
const DEFAULT_SEED: u64 = 1;

fn main() -> Result<()> {
    let mut args = Args(std::env::args().skip(1).collect());
    if args.0.iter().any(|a| a == "-h" || a == "--help") || args.0.first().is_some_and(|a| a == "help") {
        println!("{USAGE}");
        return Ok(());
    }
    let task = if args.0.is_empty() { None } else { Some(args.0.remove(0)) };
    match task.as_deref() {
        Some("ci") => {
            args.finish()?;
            ci()
        }
        Some("gen") => {
            let records: usize = args.required("--records")?;
            let out: PathBuf = args.required("--out")?;
            let seed = args.value("--seed")?.unwrap_or(DEFAULT_SEED);
            args.finish()?;
            let layouts = synthetic::write_site(&out, records, seed)?;
            eprintln!(
                "wrote {records} records into {} (records per table layout: {layouts:?})",
                out.display()
            );
            Ok(())
        }
        Some("bench") => {
            let records = match args.value::<String>("--records")? {
                Some(list) => list
                    .split(',')
                    .map(|n| {
                        n.trim().parse().with_context(|| format!("expected a number of records, found `{n}`"))
                    })
                    .collect::<Result<Vec<usize>>>()?,
                None => vec![1_000, 10_000],
            };
            let options = bench::Options {
                records,
                runs: args.value("--runs")?.unwrap_or(3),
                vs_hugo: args.flag("--vs-hugo"),
                vs_zola: args.flag("--vs-zola"),
                seed: args.value("--seed")?.unwrap_or(DEFAULT_SEED),
                edits: args.value("--edits")?.unwrap_or(100),
                pgo: args.flag("--pgo"),
            };
            args.finish()?;
            bench::run(&options)
        }
        Some("pgo") => {
            let seed = args.value("--seed")?.unwrap_or(DEFAULT_SEED);
            args.finish()?;
            pgo::build(seed).map(|_| ())
        }
        Some("floor") => {
            let site: PathBuf = args.required("--site")?;
            let out: PathBuf = args.required("--out")?;
            args.finish()?;
            let pages = floor::run(&site, &out)?;
            eprintln!("floor: rendered {pages} records");
            Ok(())
        }
        Some("completions") => {
            let out = args.value("--out")?.unwrap_or_else(|| root().join("target/completions"));
            args.finish()?;
            docs::completions(&out)
        }
        Some("man") => {
            let out = args.value("--out")?.unwrap_or_else(|| root().join("target/man"));
            args.finish()?;
            docs::man(&out)
        }
        Some("fuzz") => {
            let seconds: u64 = args.value("--seconds")?.unwrap_or(60);
            args.finish()?;
            fuzz(seconds)
        }
        _ => {
            eprintln!("{USAGE}");
            bail!("no task given")
        }
    }
}

/// The arguments after the task's name, consumed as they are read; what is left is an error.
#[derive(Debug)]
struct Args(Vec<String>);

impl Args {
    /// Whether `--name` was given.
    fn flag(&mut self, name: &str) -> bool {
        let found = self.0.iter().position(|a| a == name);
        found.map(|i| self.0.remove(i)).is_some()
    }

    /// The value of `--name value` or `--name=value`, parsed.
    fn value<T: std::str::FromStr>(&mut self, name: &str) -> Result<Option<T>> {
        let prefix = format!("{name}=");
        let text = if let Some(i) = self.0.iter().position(|a| a == name) {
            if i + 1 >= self.0.len() {
                bail!("expected a value after {name}, found the end of the arguments");
            }
            self.0.remove(i);
            self.0.remove(i)
        } else if let Some(i) = self.0.iter().position(|a| a.starts_with(&prefix)) {
            self.0.remove(i)[prefix.len()..].to_string()
        } else {
            return Ok(None);
        };
        match text.parse() {
            Ok(value) => Ok(Some(value)),
            Err(_) => bail!("expected a valid value for {name}, found `{text}`"),
        }
    }

    /// The value of an argument that must be given.
    fn required<T: std::str::FromStr>(&mut self, name: &str) -> Result<T> {
        self.value(name)?.with_context(|| format!("expected {name}\n\n{USAGE}"))
    }

    /// Fails on any argument that no task read.
    fn finish(self) -> Result<()> {
        match self.0.first() {
            Some(extra) => bail!("unexpected argument `{extra}`\n\n{USAGE}"),
            None => Ok(()),
        }
    }
}

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

/// Runs cargo in the workspace root, failing when it fails.
pub(crate) fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<()> {
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

/// Runs every fuzz target for `seconds` each: cargo-fuzz on the stable toolchain needs
/// RUSTC_BOOTSTRAP=1 and no sanitizer. Each starts from a seed corpus (`seed_corpus`).
fn fuzz(seconds: u64) -> Result<()> {
    seed_corpus()?;
    for target in ["front_matter", "task_table", "cells", "body", "site", "theme"] {
        eprintln!("$ cargo fuzz run {target} for {seconds} s");
        let status = Command::new("cargo")
            .args(["fuzz", "run", "--sanitizer", "none", "-O", target, "--"])
            .arg(format!("-max_total_time={seconds}"))
            // Room for the largest template `theme` replaces (search.html, 16 KB).
            .arg(if target == "theme" { "-max_len=16384" } else { "-max_len=4096" })
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(root().join("fuzz"))
            .status()
            .context("running cargo fuzz (install it with `cargo install cargo-fuzz`)")?;
        if !status.success() {
            bail!("fuzz target {target} failed: see fuzz/artifacts/{target}/");
        }
    }
    Ok(())
}

/// The cells of the contract's formats, one a file: durations, token counts and factors.
const SEED_CELLS: &[&str] = &[
    "40h",
    "20min",
    "35m",
    "4h 28min",
    "1h30m",
    "2.5 hours",
    "1.5d",
    "1.0w",
    "~3h",
    "45k",
    "1.2M",
    "~1.23M",
    "120,000",
    "850",
    "120x",
    "53.3x",
    "4.8×",
    "800.0x",
    "<0.1x",
    "~45 x",
    "0.7",
    "-",
    "?",
    "",
];

/// Slips a theme author makes, for the `theme` target's seeds: the first text of a template
/// replaced by the second (another engine's syntax, a misspelt filter, statement or name, a
/// comment or block left open).
const SEED_TEMPLATES: &[(&str, &str)] = &[
    ("{{", "{{ .Title }}{{"),
    ("{{", "{{ page.title }}{{ paginator.pages }}{{ sitee.title }}{{"),
    ("{%", "{% for k, v in site %}{% endfor %}{%"),
    ("{{", "{{ x|upcase }}{% if y is defnied %}{% endif %}{{"),
    ("{% end", "{% endblok %}{% end"),
    ("{%", "{# never closed {%"),
    ("{%", "{% raw %}{%"),
    ("{{", "{{ record.title </h1>{{"),
    ("{% endif %}", ""),
    ("{%", "{% include \"missing.html\" %}{% extends \"nothing.html\" %}{%"),
];

/// Bodies for the `body` target beside the sites' files: shortcodes where a body's two ways to
/// its page differ most (a paragraph, a heading, a quote, a list item, raw HTML, a table, a body,
/// escapes), tables inside containers, wiki-links, and links to attachments (the `site`
/// target's site holds those it names, `fuzz/fuzz_targets/site.rs`).
const SEED_BODIES: &[&str] = &[
    "{{ figure(src=\"a.png\", caption=\"The *week*\") }}\n\nA {{ s(n=1) }} and {{ s() }}.\n",
    "# A {{ s() }} title\n\n## With {{ s() }} {#with}\n\nTwo `lines`\nof a heading\n---\n",
    "> {{ s() }}\n> more *text*\n\n- {{ s() }}\n  more\n\n- [ ] {{ s() }}\n  - x\n",
    "<div>\n{{ s() }}\n</div>\n\nA <span>{{ s() }}</span> b\n\n<!-- {{ s() }} -->\n",
    "{% details(summary=\"Logs\") %}\nbody *here*\n\n| A | B |\n|---|---|\n| 1 | 2 |\n{% end %}\n",
    "Shown {{/* s() */}} and `{{ s() }}`.\n\n```\n{{ s() }}\n```\n\npara\n    {{/* s() */}}\n",
    "| Task | Human | Claude |\n|---|---|---|\n| a {{ s() }} | 2h | 5min |\n{{ s() }}\n\n[^n]: a note {{ s() }}\n",
    "- item\n\n  | Task | Human | Claude |\n  |---|---|---|\n  | a | 2h | 5min |\n\n> | Task | Human | Claude |\n> |---|---|---|\n> | b | 1h | 2min |\n",
    "See [[2026-02-27#Analysis|x]], ![[a.png]], ![[b.png|300x20]] and [[#b]] \\[[c]].\n\n| Task | Human | Claude |\n|---|---|---|\n| [[d\\|e]] ![[f.png\\|g]] | 2h | 5min |\n\n# [[h]] {{ s() }}\n\n[^1]: [[i]]\n",
    "![[Pasted image 1.png]] ![[pasted image 1.png|300]] ![c](img/chart.png \"t\") [r](../report.pdf#p=2)\n\n[[report.pdf|r]] [![[Pasted image 1.png]]](report.pdf) <report.pdf>\n\n| Task | Human | Claude |\n|---|---|---|\n| ![[Pasted image 1.png\\|20]] [r](report.pdf) | 2h | 5min |\n",
];

/// Seeds `fuzz/corpus/<target>/` (ignored by git) with what the parsers must read: every markdown
/// file of the example and test sites for the record targets, the contract's cell formats for
/// `cells`, and for `body` each file's body after its front matter, behind a byte of the target's
/// settings. Started from random bytes, the record target would seldom reach a task table.
fn seed_corpus() -> Result<()> {
    let corpus = root().join("fuzz/corpus");
    let mut records = Vec::new();
    for dir in [root().join("content"), root().join("tests/sites")] {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && (name.ends_with(".md") || name.ends_with(".txt")) {
                records.push(std::fs::read(entry.path())?);
            }
        }
    }
    let cells: Vec<Vec<u8>> = SEED_CELLS.iter().map(|cell| cell.as_bytes().to_vec()).collect();
    let bodies: Vec<Vec<u8>> = records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            // The settings byte varies from seed to seed: heading links, highlighting, and what
            // the tables and shortcodes write (fuzz/fuzz_targets/body.rs).
            let mut seed = vec![(i * 37 % 256) as u8];
            seed.extend_from_slice(floor::body(&String::from_utf8_lossy(record)).as_bytes());
            seed
        })
        .chain(
            SEED_BODIES
                .iter()
                .enumerate()
                .map(|(i, body)| [&[(i * 53 % 256) as u8][..], body.as_bytes()].concat()),
        )
        .collect();
    // For `site`, each file as a record and as a page, behind the target's settings byte.
    let files: Vec<Vec<u8>> = (records.iter().map(Vec::as_slice))
        .chain(SEED_BODIES.iter().map(|body| body.as_bytes()))
        .enumerate()
        .map(|(i, file)| [&[(i % 4) as u8][..], file].concat())
        .collect();
    // For `theme`, each template the target may replace as it is, and with the slips
    // `SEED_TEMPLATES` makes, behind the byte that picks it (fuzz/fuzz_targets/theme.rs).
    let mut templates: Vec<Vec<u8>> = Vec::new();
    for (knob, (_, bytes)) in site::theme::default_templates().into_iter().enumerate() {
        let text = String::from_utf8_lossy(bytes);
        templates.push([&[knob as u8][..], bytes].concat());
        for (from, to) in SEED_TEMPLATES {
            if let Some(at) = text.find(from) {
                let slipped = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
                templates.push([&[knob as u8][..], slipped.as_bytes()].concat());
            }
        }
    }
    let targets = [
        ("front_matter", &records),
        ("task_table", &records),
        ("cells", &cells),
        ("body", &bodies),
        ("site", &files),
        ("theme", &templates),
    ];
    for (target, seeds) in targets {
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir)?;
        // The last seeding's files go first (a site removed since is no seed); what the fuzzer
        // found and kept, named by its hash, stays.
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("seed-")) {
                std::fs::remove_file(path)?;
            }
        }
        for (i, bytes) in seeds.iter().enumerate() {
            std::fs::write(dir.join(format!("seed-{i:03}")), bytes)?;
        }
    }
    eprintln!("seeded fuzz/corpus with {} records and {} cells", records.len(), SEED_CELLS.len());
    Ok(())
}

fn ci() -> Result<()> {
    cargo(&["fmt", "--all", "--check"], &[])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    cargo(&["check", "--manifest-path", "fuzz/Cargo.toml", "--bins"], &[])?;
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
