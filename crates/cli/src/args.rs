//! The command line's arguments (clap derive): shared by the `leverage` binary and by
//! `cargo xtask`, which generates shell completions and the man page from them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// clap's colours, its `error:` in the red of leverage's own diagnostics (annotate-snippets').
const STYLES: clap::builder::Styles =
    clap::builder::Styles::styled().error(annotate_snippets::renderer::DEFAULT_ERROR_STYLE);

/// A static site generator for time-record blogs: markdown task tables in, computed leverage out.
#[derive(Debug, Parser)]
#[command(name = "leverage", version, about, long_about = None, styles = STYLES)]
pub struct Cli {
    /// The site folder, holding site.toml (default: the current folder, or the nearest above it
    /// that holds one); for `init`, the folder DIR is made in.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Leave out the lines on progress and success, spinners and progress bars: errors, warnings
    /// and what goes with them stay (docs/cli.md).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the whole site into DIR (default `<root>/public`).
    #[command(after_help = "Example:\n  leverage build --base-url https://example.org/blog/")]
    Build {
        /// Where to write the site.
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Overrides site.toml's base_url.
        #[arg(long, short = 'u', alias = "baseURL", value_name = "URL", value_parser = base_url)]
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
        /// The address links use, as another device reaches this one (with `--interface 0.0.0.0`):
        /// a host such as `192.168.1.20` (the port is added) or a URL.
        #[arg(long, short = 'u', alias = "baseURL", value_name = "URL")]
        base_url: Option<String>,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// With --watch: take open tabs to the page of the record or page just saved (as Hugo's
        /// --navigateToChanged): start a new day's record and the browser shows it.
        #[arg(long, requires = "watch", aliases = ["navigate-to-changed", "navigateToChanged"])]
        navigate: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Load and validate everything without writing.
    #[command(after_help = "Examples:\n  leverage check --strict --format json\n  leverage check --external")]
    Check {
        /// Make warnings fail (exit 1).
        #[arg(long)]
        strict: bool,
        /// Also request every link and image that leads off the site, and warn of each that does
        /// not answer with a page (site.toml's `[link_checker] skip_prefixes` are left alone).
        #[arg(long)]
        external: bool,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Print the aggregate figures of the published records.
    #[command(
        after_help = "Examples:\n  leverage stats\n  leverage stats --json --from 2026-02-01 --to 2026-02-28 --tag writing\n  \
                      leverage stats --workstream \"Resume generator\" --from 2026-11"
    )]
    Stats {
        /// Print JSON: the `totals` object of data/records.json, and the `workstreams` counted.
        #[arg(long)]
        json: bool,
        /// Only records on or after this date; a month (2026-11) or a year (2026) starts on its first day.
        #[arg(long, value_name = "DATE", value_parser = period_start)]
        from: Option<chrono::NaiveDate>,
        /// Only records on or before this date; a month (2026-11) or a year (2026) ends on its last day.
        #[arg(long, value_name = "DATE", value_parser = period_end)]
        to: Option<chrono::NaiveDate>,
        /// Only records with this tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Only the tasks of this workstream (and the records that have one), as its page counts
        /// them; any spelling that shares its page names it.
        #[arg(long, value_name = "NAME")]
        workstream: Option<String>,
    },
    /// Scaffold a record for a date (default today) with front matter and an empty task table.
    #[command(after_help = "Example:\n  leverage new --date 2026-03-01 --title \"A long Sunday\"")]
    New {
        /// The record's date.
        #[arg(long, value_name = "DATE", value_parser = date)]
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
        #[arg(long, value_name = "DATE", value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Turn existing posts (the text or HTML of their web page, or Jekyll, Hugo or Zola markdown) into content files.
    #[command(
        after_help = "Example:\n  leverage import saved/leverage-record-2026-02-28.txt saved/2026-03-01.html"
    )]
    Import {
        /// Posts to import: plain text copied from the page, the page's HTML, or a markdown post of
        /// Jekyll, Hugo or Zola (its front matter converted).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Copy the built-in default theme into themes/NAME/ to make a theme of your own, or with
    /// --template one of its templates into templates/ to replace that one alone.
    #[command(
        after_help = "Examples:\n  leverage theme mine\n  leverage theme --template record.html\n  leverage theme --template partials/task_table.html"
    )]
    Theme {
        /// The new theme's name: its folder below themes/ (then set `theme = "NAME"` in site.toml).
        #[arg(default_value = "mine", value_name = "NAME")]
        name: String,
        /// Copy only this template of the default theme (`record.html`, `partials/aggregates.html`)
        /// into the site's templates/, where it replaces the theme's.
        #[arg(long, value_name = "FILE", conflicts_with = "name")]
        template: Option<String>,
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
        /// Refuse a plan that deletes more files than this, even with --confirm: a build that lost
        /// its content would otherwise empty the host (as Hugo's deploy, default 256).
        #[arg(long, value_name = "N", default_value_t = 256)]
        max_deletes: usize,
        /// Overrides site.toml's base_url for the build that is deployed.
        #[arg(long, short = 'u', alias = "baseURL", value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// Upload every file again, unchanged ones too: sets the headers of objects another tool
        /// uploaded (S3 targets; a git branch holds bytes only, so it changes nothing there).
        #[arg(long)]
        force: bool,
    },
}

/// How `check` prints diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity: message` with the source line and a caret.
    Text,
    /// One JSON object per diagnostic.
    Json,
    /// GitHub Actions annotations (`::error file=...,line=...::message`) on stdout, each at its
    /// line of the pull request, the text on stderr as ever.
    Github,
}

/// A date as records write it, `YYYY-MM-DD` with a four-digit year: chrono alone also takes
/// `-0001-01-01` and `+10000-01-01`, which no TOML front matter can hold.
fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    date_as(text, "a date like 2026-03-01")
}

/// `date`, saying `expected` in its error.
fn date_as(text: &str, expected: &str) -> Result<chrono::NaiveDate, String> {
    let parsed = content::load::is_date_shaped(text)
        .then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten();
    parsed.ok_or_else(|| {
        let no_such_day = content::load::is_date_shaped(text) && text.len() == 10;
        let why = if no_such_day { ", which is not a day of the calendar" } else { "" };
        format!("expected {expected}, found `{text}`{why}")
    })
}

/// A `--from` date, or the first day of a month (`2026-11`) or a year (`2026`).
fn period_start(text: &str) -> Result<chrono::NaiveDate, String> {
    period(text).map_or_else(|| date_as(text, PERIOD), |(first, _)| Ok(first))
}

/// A `--to` date, or the last day of a month (`2026-11`) or a year (`2026`).
fn period_end(text: &str) -> Result<chrono::NaiveDate, String> {
    period(text).map_or_else(|| date_as(text, PERIOD), |(_, last)| Ok(last))
}

/// What `--from` and `--to` take.
const PERIOD: &str = "a date like 2026-03-01, a month (2026-03) or a year (2026)";

/// The first and last days of the month `YYYY-MM` or the year `YYYY` that `text` is, if it is one.
fn period(text: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let (year, month) = match text.split_once('-') {
        Some((y, m)) if digits(y, 4) && digits(m, 2) => (y.parse().ok()?, Some(m.parse().ok()?)),
        None if digits(text, 4) => (text.parse().ok()?, None),
        _ => return None,
    };
    let first = chrono::NaiveDate::from_ymd_opt(year, month.unwrap_or(1), 1)?;
    let next = first.checked_add_months(chrono::Months::new(if month.is_some() { 1 } else { 12 }))?;
    Some((first, next.pred_opt()?))
}

/// A `--base-url` of the shape site.toml's `base_url` must have.
fn base_url(url: &str) -> Result<String, String> {
    // An empty one is most often a variable of the shell or of CI that was not set
    // (`--base-url "$DEPLOY_URL"`): building for `/` then would publish a site linked wrong.
    if url.trim().is_empty() {
        return Err(
            "expected an http(s) URL such as `https://example.org/blog/`, or a path from the root such as \
                    `/`; found an empty --base-url (is the variable that gives it set?)"
                .to_string(),
        );
    }
    match site::config::base_url_problem(url) {
        Some(expected) => Err(format!("expected {expected}")),
        None => Ok(url.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn stats_takes_a_month_or_a_year_as_its_first_and_last_day() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        assert_eq!(period_start("2026-11"), Ok(day(2026, 11, 1)));
        assert_eq!(period_end("2026-11"), Ok(day(2026, 11, 30)));
        assert_eq!(period_end("2028-02"), Ok(day(2028, 2, 29)));
        assert_eq!((period_start("2026"), period_end("2026")), (Ok(day(2026, 1, 1)), Ok(day(2026, 12, 31))));
        assert_eq!(period_end("2026-03-04"), Ok(day(2026, 3, 4)));
        for bad in ["2026-13", "2026-1", "26", "2026-11-31", "November"] {
            let error = period_start(bad).expect_err(bad);
            assert!(
                error.starts_with("expected a date like 2026-03-01, a month (2026-03) or a year (2026)"),
                "{error}"
            );
        }
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_an_example_in_its_help() {
        for command in Cli::command().get_subcommands() {
            let after = command.get_after_help().map(ToString::to_string).unwrap_or_default();
            assert!(
                after.starts_with("Example"),
                "`leverage {} --help` shows no example",
                command.get_name()
            );
            assert!(
                after.contains(&format!("leverage {}", command.get_name())),
                "{}: {after}",
                command.get_name()
            );
        }
    }

    #[test]
    fn a_base_url_override_has_the_shape_of_site_tomls() {
        let parse = |url: &str| Cli::try_parse_from(["leverage", "build", "--base-url", url]);
        assert!(parse("https://example.org/blog/").is_ok());
        assert!(parse("/").is_ok());
        let error = parse("example.org").expect_err("no scheme");
        assert_eq!(error.kind(), clap::error::ErrorKind::ValueValidation);
        assert!(error.to_string().contains("expected an http(s) URL"), "{error}");
        for empty in ["", " "] {
            let error = parse(empty).expect_err("empty");
            assert!(
                error.to_string().contains(
                    "a path from the root such as `/`; found an empty --base-url (is the variable that gives it set?)"
                ),
                "{error}"
            );
        }
        assert!(parse("https://example.org//x/").is_err(), "an empty part");
        // Hugo's spelling, in each command that takes one.
        for command in ["build", "serve", "deploy"] {
            let cli = Cli::try_parse_from(["leverage", command, "--baseURL", "https://example.org/x/"]);
            assert!(
                cli.is_ok_and(|cli| format!("{cli:?}").contains("\"https://example.org/x/\"")),
                "{command}"
            );
        }
    }

    #[test]
    fn dates_are_written_as_records_write_them() {
        let new = |date: &str| {
            Cli::try_parse_from(["leverage".to_string(), "new".into(), format!("--date={date}")])
        };
        assert!(new("2026-03-01").is_ok());
        assert!(new("0001-01-01").is_ok());
        for bad in ["-0001-01-01", "+10000-01-01", "2026-3-1", "2026-02-30", "20260301", "2026-03-01 "] {
            let error = new(bad).expect_err(bad);
            assert_eq!(error.kind(), clap::error::ErrorKind::ValueValidation, "{bad}");
            assert!(error.to_string().contains("expected a date like 2026-03-01"), "{error}");
            let impossible = error.to_string().contains("which is not a day of the calendar");
            assert_eq!(impossible, bad == "2026-02-30", "{error}");
        }
        let log = Cli::try_parse_from([
            "leverage",
            "log",
            "x",
            "--human",
            "1h",
            "--ai",
            "5min",
            "--date",
            "+10000-01-01",
        ]);
        assert_eq!(log.expect_err("a five-digit year").kind(), clap::error::ErrorKind::ValueValidation);
    }
}
