//! The `leverage` binary: parses arguments, calls `site`, prints diagnostics and picks the exit
//! status (0 success, 1 content, template or output errors, 2 bad usage).
//!
//! This is the only crate that prints.
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "the command line prints by design")]

mod author;
mod deploy;
mod diagnostics;
mod import;
mod serve;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

/// A static site generator for time-record blogs: markdown task tables in, computed leverage out.
#[derive(Debug, Parser)]
#[command(name = "leverage", version, about, long_about = None)]
struct Cli {
    /// The site folder (holding site.toml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render the whole site into DIR (default `<root>/public`).
    #[command(after_help = "Example:\n  leverage build --base-url https://example.org/blog/")]
    Build {
        /// Where to write the site.
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Overrides site.toml's base_url.
        #[arg(long, short = 'u', value_name = "URL")]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Build into a private folder and serve it on loopback; with --watch, rebuild on every save.
    #[command(after_help = "Example:\n  leverage serve --watch --open")]
    Serve {
        /// Rebuild what changed on every save and reload open browsers.
        #[arg(long, short = 'w')]
        watch: bool,
        /// The address to listen on.
        #[arg(long, short = 'i', default_value = "127.0.0.1", value_name = "ADDR")]
        interface: std::net::IpAddr,
        /// The port; without it, 1111 or the next free one.
        #[arg(long, short = 'p', value_name = "N")]
        port: Option<u16>,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Print the aggregate figures of the published records.
    #[command(
        after_help = "Examples:\n  leverage stats\n  leverage stats --json --from 2026-02-01 --to 2026-02-28 --tag writing"
    )]
    Stats {
        /// Print the JSON `totals` object of data/records.json.
        #[arg(long)]
        json: bool,
        /// Only records on or after this date.
        #[arg(long, value_name = "DATE")]
        from: Option<chrono::NaiveDate>,
        /// Only records on or before this date.
        #[arg(long, value_name = "DATE")]
        to: Option<chrono::NaiveDate>,
        /// Only records with this tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
    },
    /// Scaffold a record for a date (default today) with front matter and an empty task table.
    #[command(after_help = "Example:\n  leverage new --date 2026-03-01 --title \"A long Sunday\"")]
    New {
        /// The record's date.
        #[arg(long, value_name = "DATE")]
        date: Option<chrono::NaiveDate>,
        /// The record's title (default: from the date).
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
    },
    /// Append one task row to the last task table of a day's record, creating it if needed.
    #[command(
        after_help = "Example:\n  leverage log \"Port the renderer\" --human 6h --ai 14min --sup 20min --tokens 45k"
    )]
    Log {
        /// What was done.
        task: String,
        /// How long a senior engineer would have needed (`6h`, `1.5d`).
        #[arg(long, value_name = "DUR")]
        human: String,
        /// How long the agent took (`14min`).
        #[arg(long, value_name = "DUR")]
        ai: String,
        /// How long supervising it took.
        #[arg(long, value_name = "DUR")]
        sup: Option<String>,
        /// Tokens used (`45k`, `120,000`).
        #[arg(long, value_name = "N")]
        tokens: Option<String>,
        /// The workstream (project) of the task.
        #[arg(long, value_name = "W")]
        workstream: Option<String>,
        /// The day (default today).
        #[arg(long, value_name = "DATE")]
        date: Option<chrono::NaiveDate>,
    },
    /// Turn existing posts (the text of their web page, or their HTML) into content files.
    #[command(
        after_help = "Example:\n  leverage import saved/leverage-record-2026-02-28.txt saved/2026-03-01.html"
    )]
    Import {
        /// Posts to import: plain text copied from the page, or the page's HTML.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Scaffold a new site in DIR: site.toml, content/records/ and an example record.
    #[command(after_help = "Example:\n  leverage init my-log && cd my-log && leverage serve --watch")]
    Init {
        /// The folder for the new site (created; must be empty).
        dir: PathBuf,
    },
    /// Build, then upload only what changed to a target named in site.toml and delete what is gone.
    #[command(
        after_help = "Examples:\n  leverage deploy --dry-run\n  leverage deploy --target prod --confirm"
    )]
    Deploy {
        /// The target's name in site.toml (default: the first target).
        #[arg(long, short = 't', value_name = "NAME")]
        target: Option<String>,
        /// Print the plan (files to upload and delete) and change nothing.
        #[arg(long, short = 'n')]
        dry_run: bool,
        /// Delete files that are no longer built without asking.
        #[arg(long)]
        confirm: bool,
    },
    /// Load and validate everything without writing.
    #[command(after_help = "Example:\n  leverage check --strict --format json")]
    Check {
        /// Make warnings fail (exit 1).
        #[arg(long)]
        strict: bool,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { output_dir, base_url, drafts } => {
            let started = Instant::now();
            let options =
                site::BuildOptions { root: cli.root.clone(), output_dir, base_url, drafts, inject: None };
            let report = site::build(&options);
            diagnostics::print_text(&report);
            if report.failed() {
                eprintln!(
                    "error: build failed; the previous output in {} is unchanged",
                    options.output().display()
                );
                return ExitCode::from(1);
            }
            let records = report.model.as_ref().map_or(0, |m| m.records.len());
            eprintln!(
                "built {} records into {} files in {} in {} ms",
                records,
                report.written,
                options.output().display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Command::Serve { watch, interface, port, open, drafts } => {
            serve::run(serve::ServeArgs { root: cli.root, interface, port, watch, open, drafts })
        }
        Command::Stats { json, from, to, tag } => match author::load(&cli.root) {
            Ok(model) => {
                let filter = stats::Filter { from, to, tag };
                print!(
                    "{}",
                    if json { stats::json(&model, &filter) + "\n" } else { stats::table(&model, &filter) }
                );
                ExitCode::SUCCESS
            }
            Err(failure) => failure.report(),
        },
        Command::New { date, title } => match author::new(&cli.root, date, title.as_deref()) {
            Ok(_) => ExitCode::SUCCESS,
            Err(failure) => failure.report(),
        },
        Command::Log { task, human, ai, sup, tokens, workstream, date } => {
            let args = author::LogArgs { task, human, ai, sup, tokens, workstream, date };
            match author::log(&cli.root, args) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => failure.report(),
            }
        }
        Command::Import { files } => {
            let week = author::load(&cli.root).map(|m| m.config.work_week()).unwrap_or_default();
            match import::run(&cli.root, &files, &week) {
                Ok(_) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Deploy { target, dry_run, confirm } => {
            deploy::run(deploy::DeployArgs { root: cli.root, target, dry_run, confirm })
        }
        Command::Init { dir } => match author::init(&dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => failure.report(),
        },
        Command::Check { strict, format, drafts } => {
            let options = site::BuildOptions { root: cli.root.clone(), drafts, ..Default::default() };
            let report = site::check(&options);
            match format {
                Format::Text => diagnostics::print_text(&report),
                Format::Json => diagnostics::print_json(&report),
            }
            let warned = report.diagnostics.iter().any(|d| d.severity == content::Severity::Warning);
            if report.failed() || (strict && warned) { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
    }
}
