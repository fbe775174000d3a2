//! The `leverage` binary: parses arguments, calls `site`, prints diagnostics and picks the exit
//! status (0 success, 1 content, template, output or deploy errors, 2 bad usage).
//!
//! This is the only crate that prints.

/// `print!` that never panics (see `out`).
macro_rules! out {
    ($($arg:tt)*) => { $crate::out::stdout(format_args!($($arg)*), false) };
}
/// `println!` that never panics (see `out`).
macro_rules! outln {
    ($($arg:tt)*) => { $crate::out::stdout(format_args!($($arg)*), true) };
}
/// `eprint!` that never panics (see `out`).
macro_rules! err {
    ($($arg:tt)*) => { $crate::out::stderr(format_args!($($arg)*), false) };
}
/// `eprintln!` that never panics (see `out`).
macro_rules! errln {
    ($($arg:tt)*) => { $crate::out::stderr(format_args!($($arg)*), true) };
}
/// `errln!` of a line that tells progress or success, left out under `--quiet` (`out::quiet`).
/// `status!(keep: COND, ...)` prints it under `--quiet` too when COND holds: a line that
/// finishes what a kept one began (the end of an error serve showed).
macro_rules! status {
    (keep: $keep:expr, $($arg:tt)*) => {
        if $keep || !$crate::out::quiet() {
            $crate::out::stderr(format_args!($($arg)*), true)
        }
    };
    ($($arg:tt)*) => { status!(keep: false, $($arg)*) };
}
/// `errln!` of a line that begins `error: `, the label in colour when standard error takes it.
macro_rules! error {
    ($($arg:tt)*) => { $crate::out::labelled($crate::out::Label::Error, format_args!($($arg)*)) };
}
/// `errln!` of a line that begins `warning: `.
macro_rules! warning {
    ($($arg:tt)*) => { $crate::out::labelled($crate::out::Label::Warning, format_args!($($arg)*)) };
}
/// `errln!` of a line that begins `note: `.
macro_rules! note {
    ($($arg:tt)*) => { $crate::out::labelled($crate::out::Label::Note, format_args!($($arg)*)) };
}
/// `errln!` of a line that begins `help: `.
macro_rules! help {
    ($($arg:tt)*) => { $crate::out::labelled($crate::out::Label::Help, format_args!($($arg)*)) };
}

mod author;
mod deploy;
mod diagnostics;
mod import;
mod links;
mod out;
mod serve;
mod stats;

use std::process::ExitCode;

use leverage_cli::args::{Cli, Command, Format};

/// jemalloc rather than the system allocator: rendering allocates many short-lived strings on
/// every thread, and glibc's allocator spent about a fifth of a build's instructions on them
/// (docs/performance.md has the comparison, mimalloc included).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Hands the pages of memory freed since the last call back to the system, and says whether the
/// allocator did. jemalloc keeps freed pages for reuse and returns them only as later allocations
/// let it; serve calls this after every rebuild, so that what it holds between saves is what it
/// uses (the first build's peak, every body rendered at once, is never reached again).
pub(crate) fn release_freed_memory() -> bool {
    #[cfg(not(target_env = "msvc"))]
    {
        // `arena.<MALLCTL_ARENAS_ALL>.purge`: jemalloc 5 names "every arena" 4096.
        const PURGE_ALL: &[u8] = b"arena.4096.purge\0";
        // SAFETY: a void mallctl (no old or new value) named by a NUL-terminated string, and
        // jemalloc is this program's allocator.
        let status = unsafe {
            tikv_jemalloc_sys::mallctl(
                PURGE_ALL.as_ptr().cast(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                0,
            )
        };
        status == 0
    }
    #[cfg(target_env = "msvc")]
    false
}

/// How a warning of a `kind` (tag, workstream) that no record has ends: the one of `names`
/// meant, when `given` is a slip of it, the names there are, or where they are listed.
fn expected_name(given: &str, names: &[&str], none: &str, kind: &str) -> String {
    match content::front_matter::nearest_name(given, names) {
        _ if names.is_empty() => none.to_string(),
        Some(near) => format!("did you mean `{near}`?"),
        None if names.len() <= 12 => format!("expected one of `{}`", names.join("`, `")),
        None => format!(
            "expected the name of one of the site's {} {kind}s (its {kind}s page lists them)",
            names.len()
        ),
    }
}

fn main() -> ExitCode {
    let code = match parse() {
        Ok(cli) => run(cli),
        // Help, version and usage errors. clap's own `exit` drops a failure to print them
        // (`leverage --help > /dev/full` exited 0): it is kept like any other output's.
        Err(e) => {
            let to_stdout = !e.use_stderr();
            if let Err(failure) = e.print()
                && to_stdout
            {
                out::keep_stdout_failure(failure);
            }
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    };
    match out::stdout_failure() {
        Some(e) => {
            error!("cannot write to standard output: {e}");
            ExitCode::from(1)
        }
        None => code,
    }
}

/// The command line, its `--root` found when not given: run in `content/records`, a command
/// finds its site as Cargo finds a package and Zola a site, in the nearest folder above that
/// holds a site.toml. `init` makes a site, so it looks for none.
fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
    let matches = Cli::command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    out::set_quiet(cli.quiet);
    // `--root` is global: given before the command or after it.
    let given = std::iter::successors(Some(&matches), |m| m.subcommand().map(|(_, sub)| sub))
        .any(|m| m.value_source("root") == Some(ValueSource::CommandLine));
    // `--root path/site.toml`: the site's file, where its folder is meant.
    if given && cli.root.is_file() {
        let folder =
            cli.root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        return Err(Cli::command().error(
            clap::error::ErrorKind::ValueValidation,
            format!(
                "--root {} is a file: expected the site's folder, the one holding site.toml (`--root {}`)",
                cli.root.display(),
                folder.display()
            ),
        ));
    }
    if !given
        && !matches!(cli.command, Command::Init { .. })
        && let Ok(here) = std::env::current_dir()
    {
        match site_above(&here, owner) {
            Above::Here | Above::None => {}
            Above::Site(root) => {
                // Paths in messages are the site's (`content/records/...`): said once where it is.
                status!("using the site in {} (its site.toml)", root.display());
                cli.root = root;
            }
            Above::Foreign(root) => note!(
                "{} holds a site.toml of another user's, not used; `--root {}` uses it",
                root.display(),
                root.display()
            ),
        }
    }
    Ok(cli)
}

/// What `site_above` found.
#[derive(Debug, PartialEq)]
enum Above {
    /// site.toml is in the folder itself.
    Here,
    /// In a folder above, of the same owner as the process: as a path relative to the folder
    /// (`..`, `../..`), so that what commands print stays short.
    Site(std::path::PathBuf),
    /// In a folder above that another user owns: not taken, as git takes no repository another
    /// user made (a `site.toml` left in /tmp would have a build follow its links and a deploy use
    /// its targets).
    Foreign(std::path::PathBuf),
    /// Nowhere.
    None,
}

/// The nearest folder at or above `here` that holds a site.toml. `owned` says whether a folder
/// is the process's user's.
fn site_above(here: &std::path::Path, owned: impl Fn(&std::path::Path) -> bool) -> Above {
    if here.join("site.toml").is_file() {
        return Above::Here;
    }
    let mut up = std::path::PathBuf::from("..");
    for dir in here.ancestors().skip(1) {
        if dir.join("site.toml").is_file() {
            return if owned(dir) { Above::Site(up) } else { Above::Foreign(up) };
        }
        up.push("..");
    }
    Above::None
}

/// Whether the folder at `dir` belongs to the user this process runs as, or, under `sudo`, to
/// the user who ran it (`SUDO_UID`), as git reads it.
#[cfg(unix)]
fn owner(dir: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let sudo = std::env::var("SUDO_UID").ok().and_then(|uid| uid.parse::<u32>().ok());
    std::fs::metadata(dir).is_ok_and(|m| is_own(m.uid(), me, sudo))
}

/// Whether a folder of the user `uid` is one of `me`'s: the same user, or, when `me` is root
/// under `sudo`, the user who ran it.
#[cfg(unix)]
fn is_own(uid: u32, me: u32, sudo: Option<u32>) -> bool {
    uid == me || (me == 0 && sudo == Some(uid))
}

/// Whether the folder at `dir` belongs to the user this process runs as: on Windows, folders
/// above are a user's own or the system's.
#[cfg(not(unix))]
fn owner(_dir: &std::path::Path) -> bool {
    true
}

/// The site.toml of the site at `root`, for a command that reads no more of the site; when it
/// cannot be read, its errors are printed with `not_done` after them, and the exit status.
fn site_config(root: &std::path::Path, not_done: &str) -> Result<site::Config, ExitCode> {
    site::load_config(root).map_err(|report| {
        diagnostics::print_text(&report);
        error!("{not_done}");
        ExitCode::from(1)
    })
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build { output_dir, base_url, drafts } => {
            let options =
                site::BuildOptions { root: cli.root.clone(), output_dir, base_url, drafts, inject: None };
            if diagnostics::build_and_report(
                &options,
                "",
                Some("to keep it, build elsewhere with `leverage build --output-dir DIR`"),
                0,
                true,
            ) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Serve { watch, interface, port, base_url, open, navigate, drafts } => {
            serve::run(serve::ServeArgs {
                root: cli.root,
                interface,
                port,
                base_url,
                watch,
                open,
                navigate,
                drafts,
            })
        }
        Command::Stats { from: Some(from), to: Some(to), .. } if from > to => {
            // An empty range is a slip of the writer's, not a question with the answer "none".
            error!(
                "--from {from} is after --to {to}: no record can be on both sides; expected --from on or before --to"
            );
            ExitCode::from(2)
        }
        Command::Stats { json, from, to, tag, workstream } => {
            let filter = stats::Filter { from, to, tag, workstream };
            match author::load_complete(&cli.root) {
                Ok((model, warnings)) => {
                    let said = stats::said_of(&model, &filter);
                    for warning in warnings.iter().filter(|w| said(w.span.file)) {
                        diagnostics::print(&model.sources, warning);
                    }
                    for warning in stats::site_warnings(&model, &filter) {
                        diagnostics::print(&model.sources, &warning);
                    }
                    if let Some(tag) = filter.tag.as_deref()
                        && !model.tags.contains_key(&site::slug::slugify(tag))
                    {
                        // A mistyped tag would read as a site with no records.
                        let names: Vec<&str> = model.tags.values().map(|t| t.name.as_str()).collect();
                        let expected = expected_name(tag, &names, "no record has a tag", "tag");
                        warning!(
                            "no published record has the tag `{tag}`; the figures below count none; {expected}"
                        );
                    }
                    if let Some(stream) = filter.workstream.as_deref()
                        && !model.workstreams.contains_key(&site::slug::slugify(stream))
                    {
                        let names: Vec<&str> = model.workstreams.values().map(|w| w.name.as_str()).collect();
                        let expected =
                            expected_name(stream, &names, "no task names a workstream", "workstream");
                        warning!(
                            "no published task is in the workstream `{stream}`; the figures below count none; {expected}"
                        );
                    }
                    out!(
                        "{}",
                        if json {
                            stats::json(&model, &filter) + "\n"
                        } else {
                            stats::table(&model, &filter)
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => failure.report(),
            }
        }
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
            // site.toml alone: how the site reads durations and AI labels, without loading every record.
            // A folder without a site.toml is no site: the files would land where no build reads them.
            let config = match site_config(&cli.root, "nothing was imported") {
                Ok(config) => config,
                Err(status) => return status,
            };
            let options = config.content_options();
            match import::run(&cli.root, &files, &options) {
                Ok(_) => ExitCode::SUCCESS,
                Err(message) => {
                    error!("{message}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Deploy { target, dry_run, confirm, max_deletes, base_url, force } => {
            deploy::run(deploy::DeployArgs {
                root: cli.root,
                target,
                dry_run,
                confirm,
                max_deletes,
                base_url,
                force,
            })
        }
        // A relative DIR is below --root, as every other command's paths are.
        // A folder without a site.toml is no site: the files would land where no build reads them.
        Command::Theme { name, template } => {
            let config = match site_config(&cli.root, "nothing was copied") {
                Ok(config) => config,
                Err(status) => return status,
            };
            match author::theme(&cli.root, &config.theme, &name, template.as_deref()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => failure.report(),
            }
        }
        Command::Init { dir } => {
            match author::init(&if cli.root == std::path::Path::new(".") { dir } else { cli.root.join(dir) })
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => failure.report(),
            }
        }
        Command::Check { strict, external, format, drafts } => {
            let options = site::BuildOptions { root: cli.root.clone(), drafts, ..Default::default() };
            let mut report = site::check(&options);
            deploy::check_targets(&mut report);
            if external {
                links::check(&mut report, &cli.root);
            }
            if strict {
                // Under --strict a warning fails the check, so it is reported as the error it is.
                for diagnostic in &mut report.diagnostics {
                    diagnostic.severity = content::Severity::Error;
                }
            }
            match format {
                Format::Text | Format::Github => {
                    if format == Format::Github {
                        diagnostics::print_github(&report, &cli.root);
                    }
                    diagnostics::print_text(&report);
                    if report.diagnostics.is_empty() && !report.failed() {
                        // Silence would not say whether anything was checked.
                        let (records, pages) =
                            report.model.as_ref().map_or((0, 0), |m| (m.records.len(), m.pages.len()));
                        status!(
                            "checked {} and {}: no errors, no warnings",
                            out::counted(records as u64, "record"),
                            out::counted(pages as u64, "page")
                        );
                    }
                }
                Format::Json => diagnostics::print_json(&report),
            }
            if report.failed() { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(not(target_env = "msvc"))]
    #[test]
    fn jemalloc_accepts_the_purge() {
        let held: Vec<Vec<u8>> = (0..64).map(|i| vec![i; 1 << 16]).collect();
        drop(held);
        assert!(super::release_freed_memory(), "jemalloc refused `arena.4096.purge`");
    }

    #[test]
    fn a_site_above_is_found_and_taken_only_from_its_user() {
        use super::{Above, site_above};
        let dir = tempfile::tempdir().expect("a folder");
        let deep = dir.path().join("content/records/2026");
        std::fs::create_dir_all(&deep).expect("folders");
        assert_eq!(site_above(&deep, |_| true), Above::None);
        std::fs::write(dir.path().join("site.toml"), "").expect("written");
        assert_eq!(site_above(&deep, |_| true), Above::Site("../../..".into()));
        assert_eq!(site_above(&dir.path().join("content"), |_| true), Above::Site("..".into()));
        assert_eq!(site_above(dir.path(), |_| false), Above::Here, "the folder itself is taken as given");
        // Another user's folder above is not taken; the nearest site.toml is the one asked.
        assert_eq!(site_above(&deep, |folder| folder != dir.path()), Above::Foreign("../../..".into()));
        std::fs::create_dir(dir.path().join("content/site.toml")).expect("a folder named site.toml");
        assert_eq!(site_above(&deep, |_| true), Above::Site("../../..".into()), "a folder is no site.toml");
        assert!(super::owner(dir.path()), "a folder this test made is its user's");
    }

    #[cfg(unix)]
    #[test]
    fn under_sudo_the_user_who_ran_it_owns_the_site() {
        use super::is_own;
        assert!(is_own(1000, 1000, None));
        assert!(!is_own(1000, 0, None), "root does not take another user's folder");
        assert!(is_own(1000, 0, Some(1000)), "sudo leverage in one's own site");
        assert!(!is_own(1001, 0, Some(1000)));
        assert!(!is_own(1000, 1001, Some(1000)), "SUDO_UID counts under root only");
    }
}
