//! `leverage deploy`: builds the site, then brings a target named in site.toml up to date,
//! uploading only new and changed files and deleting the ones no longer built.
//!
//! The order is fixed so that nothing changes by surprise: targets are read first (an unknown
//! `--target` is bad usage, exit 2, before anything is built), then the site is built atomically,
//! then the target is listed and compared by content hash into a `Plan`, which is printed. A dry
//! run stops there; a plan that deletes files stops there too unless `--confirm` was given or a
//! person said yes at a terminal. Targets live in submodules: `s3` (object_store) and `git` (the
//! git command line); the plan, the headers and site.toml's targets are their own modules. This
//! module does no network or git work itself.

mod git;
mod headers;

pub(crate) use headers::content_type;
mod plan;
mod s3;
mod target;

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diagnostics;
use plan::Plan;
use target::{Location, Selection, Target};

/// Uploads of at least this many files show a progress bar (at a terminal).
const PROGRESS_FROM: usize = 10;

/// The settings of one `deploy` run.
#[derive(Debug)]
pub(crate) struct DeployArgs {
    pub(crate) root: PathBuf,
    pub(crate) target: Option<String>,
    pub(crate) dry_run: bool,
    pub(crate) confirm: bool,
    /// The most files a plan may delete (`--max-deletes`).
    pub(crate) max_deletes: usize,
    /// Overrides site.toml's base_url for the build.
    pub(crate) base_url: Option<String>,
    /// Upload unchanged files too (S3).
    pub(crate) force: bool,
}

/// Runs `deploy`: 0 when the target holds the build (or a dry run printed its plan), 1 for a
/// failed build, a bad deploy table, a target that failed or refused deletions, 2 for an unknown
/// `--target`.
pub(crate) fn run(args: DeployArgs) -> ExitCode {
    let (target, warned, address) =
        match choose_target(&args.root, args.target.as_deref(), args.base_url.as_deref()) {
            Ok(Some(chosen)) => chosen,
            // site.toml cannot be read or parsed: the build says why.
            Ok(None) => {
                if let Err(code) = build(&args.root, args.base_url.clone(), 0) {
                    return code;
                }
                error!("cannot read the deploy targets of site.toml; nothing was deployed");
                return ExitCode::from(1);
            }
            Err(code) => return code,
        };
    // `--base-url`, else the target's own, else site.toml's.
    let base_url = args.base_url.clone().or_else(|| target.base_url.clone());
    let output = match build(&args.root, base_url, warned) {
        Ok(output) => output,
        Err(code) => return code,
    };
    let files = match built_files(&output) {
        Ok(files) => files,
        Err(e) => {
            error!("cannot read the built files in {}: {e}", output.display());
            return ExitCode::from(1);
        }
    };
    status!("deploying {} built for {address} to {target}", plan::files(files.len()));
    match deploy(&target, &output, &files, &args) {
        Ok(code) => code,
        Err(e) => {
            error!("deploy target {target}: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Checks site.toml's deploy targets for `check`, as `deploy` reads them: a mistake there is an
/// error of the check, at its place, rather than a surprise at the first deploy. When the url
/// may hold a secret (`quote` is false), the error points at the target's table, not the url.
pub(crate) fn check_targets(report: &mut site::Report) {
    let Some(model) = &report.model else { return };
    let Some(file) = report.sources.find(Path::new("site.toml")) else { return };
    // Every target's mistakes at once, as the content's are told.
    for error in target::errors(&model.config.deploy) {
        let span = site::config::span_at(&report.sources, file, error.place());
        report
            .diagnostics
            .push(content::Diagnostic::error(content::ContentError::Other { message: error.message, span }));
    }
}

/// Reads site.toml's targets and picks one, with the number of warnings it printed (about a
/// base_url no reader can follow) and the base_url the site is built for. `Ok(None)` when site.toml itself is unreadable or
/// invalid (the build reports it); `Err` is the exit status of a reported failure.
fn choose_target(
    root: &Path,
    name: Option<&str>,
    base_url: Option<&str>,
) -> Result<Option<(Target, usize, String)>, ExitCode> {
    let Ok(bytes) = std::fs::read(root.join("site.toml")) else { return Ok(None) };
    let mut sources = content::Sources::new();
    let file = sources.add("site.toml", content::decode(bytes).0);
    let Ok(config) = site::Config::parse(&sources, file) else { return Ok(None) };
    let targets = target::targets(&config.deploy).map_err(|error| {
        let span = site::config::span_at(&sources, file, error.place());
        let quote = error.quote;
        let error = content::ContentError::Other { message: error.message, span };
        let shown = diagnostics::shown(&sources, &content::Diagnostic::error(error));
        // Without the quoted line when it may hold a secret: the first line names the place.
        let shown = if quote { shown.as_str() } else { shown.split_inclusive('\n').next().unwrap_or("") };
        err!("{shown}");
        ExitCode::from(1)
    })?;
    match target::select(&targets, name) {
        Ok(target) => {
            // Said at the value, as the build says a base_url that is a path.
            let (shown, span, fix) = match (base_url, &target.base_url) {
                (Some(given), _) => {
                    let id = sources.add("--base-url", given.to_string());
                    let span = content::Span::new(id, 0..given.len());
                    (
                        site::config::normalize_base_url(given),
                        span,
                        "give --base-url the address the site is served from",
                    )
                }
                // Read as an address already (`target::targets`): only a test host is left to
                // warn of below.
                (None, Some(own)) => {
                    let index = targets.iter().position(|t| t.name == target.name).unwrap_or(0);
                    let path = [
                        site::config::Step::key("deploy"),
                        site::config::Step::key("targets"),
                        site::config::Step::Index(index),
                        site::config::Step::key("base_url"),
                    ];
                    (
                        site::config::normalize_base_url(own),
                        site::config::span_at(&sources, file, &path),
                        "set the target's base_url to the address the site is served from there",
                    )
                }
                (None, None) => (
                    config.base_url.clone(),
                    site::config::span_at(&sources, file, &[site::config::Step::key("base_url")]),
                    "set it to the address the site is served from, or give it with `deploy --base-url`",
                ),
            };
            // A path (`/`, `/blog/`: an unset variable in `--base-url "$URL/"`, or no base_url in
            // site.toml) publishes a feed and a sitemap no reader or crawler can use, and an
            // example host (`init`'s `https://example.org/`) is no site's address: refused, where
            // a build for a preview only warns. A test host (`localhost`, `.test`) may be a local
            // server's: warned of below.
            let refused = if !shown.contains("://") {
                Some(format!(
                    "base_url is a path (`{shown}`), and a deployed site needs the address it is served from: \
                     atom.xml, sitemap.xml and robots.txt hold absolute URLs; {fix}, such as \
                     `https://ada.github.io/log/`"
                ))
            } else if site::config::names_an_example_host(&shown) {
                Some(format!(
                    "base_url is {shown}, an example host that no site is served from, and a deployed site \
                     needs the address it is served from: links, atom.xml and sitemap.xml are absolute URLs; {fix}"
                ))
            } else {
                None
            };
            if let Some(message) = refused {
                diagnostics::print(
                    &sources,
                    &content::Diagnostic::error(content::ContentError::Other { message, span }),
                );
                return Err(ExitCode::from(1));
            }
            let warned = site::config::points_nowhere(&shown);
            if warned {
                let message = format!(
                    "base_url is {shown}: links, the feed and the sitemap will point there; {fix} (see docs/deploy.md)"
                );
                diagnostics::print(&sources, &content::Diagnostic::warning(span, message));
            }
            Ok(Some((target.clone(), usize::from(warned), shown)))
        }
        Err(selection) => {
            error!("{selection}");
            let status = if matches!(selection, Selection::Unknown { .. }) { 2 } else { 1 };
            Err(ExitCode::from(status))
        }
    }
}

/// The first built file that GitHub Pages' Jekyll would leave out of a branch (a part of its
/// path starts with `_` or `.`), when the build has no `.nojekyll` at its top to turn Jekyll off.
fn hidden_from_jekyll(files: &[(String, u64)]) -> Option<&str> {
    if files.iter().any(|(path, _)| path == ".nojekyll") {
        return None;
    }
    // Jekyll keeps `.htaccess`; `_headers` and `_redirects` are other hosts' files, of no use on
    // GitHub Pages, whose deploy would otherwise be warned of every time.
    let kept = |path: &str| matches!(path, ".htaccess" | "_headers" | "_redirects");
    let hidden = |path: &str| !kept(path) && path.split('/').any(|part| part.starts_with(['_', '.']));
    files.iter().map(|(path, _)| path.as_str()).find(|path| hidden(path))
}

/// Whether a part of a path is one git refuses to store: `.git`, or a name Windows reads as it
/// (its short name `git~1`, or `.git` with dots or spaces after it), in any case.
fn is_git_name(part: &str) -> bool {
    let part = part.to_ascii_lowercase();
    let trimmed = part.trim_end_matches(['.', ' ']);
    trimmed == ".git" || trimmed == "git~1" || part.starts_with(".git:")
}

/// Builds the site atomically into `<root>/public`, printing diagnostics as `build` does.
fn build(root: &Path, base_url: Option<String>, warned: usize) -> Result<PathBuf, ExitCode> {
    let options = site::BuildOptions { root: root.to_path_buf(), base_url, ..Default::default() };
    if diagnostics::build_and_report(&options, "nothing was deployed and ", None, warned, false) {
        Ok(options.output())
    } else {
        Err(ExitCode::from(1))
    }
}

/// Every built file below `output` (paths with `/`, sorted) with its size; the marker file is
/// left out, and so is a version control checkout the build kept at the top of the output (a
/// `gh-pages` clone in `public/`), whose `.git/config` may hold a token.
fn built_files(output: &Path) -> Result<Vec<(String, u64)>, String> {
    let mut files = Vec::new();
    let kept = |entry: &walkdir::DirEntry| {
        entry.depth() == 1
            && entry.file_name().to_str().is_some_and(|n| site::output::VERSION_CONTROL.contains(&n))
    };
    for entry in
        walkdir::WalkDir::new(output).min_depth(1).sort_by_file_name().into_iter().filter_entry(|e| !kept(e))
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let metadata =
            std::fs::metadata(entry.path()).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        if !metadata.is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(output).map_err(|e| e.to_string())?;
        let mut parts = Vec::new();
        for part in relative.components() {
            let part = part.as_os_str().to_str().ok_or_else(|| {
                format!("{}: expected a UTF-8 file name, found another encoding", entry.path().display())
            })?;
            parts.push(part);
        }
        let path = parts.join("/");
        if path == site::output::MARKER {
            continue;
        }
        files.push((path, metadata.len()));
    }
    Ok(files)
}

/// Plans, asks, and applies.
fn deploy(
    target: &Target,
    output: &Path,
    files: &[(String, u64)],
    args: &DeployArgs,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    match &target.location {
        Location::S3(location) => {
            let bucket = s3::Bucket::open(location)?;
            let spinner = spinner(format!("comparing the build with `{}`", target.name));
            let plan = bucket.plan(output, files, args.force);
            spinner.finish_and_clear();
            let plan = plan?;
            if let Some(code) = present(target, &plan, files, args) {
                return Ok(code);
            }
            let bar = progress_bar(&plan);
            let applied = bucket.apply(&plan, output, &bar);
            Ok(report_bucket(target, &plan, &applied, started))
        }
        Location::Git(location) => {
            // git stores no path with a `.git` part: `git add` would pass the file over in
            // silence, and the branch would not hold the build. Nor one that Windows would read
            // as `.git` (`git~1`, `.git.`), which git refuses outright (`core.protectNTFS`).
            if let Some((path, _)) = files.iter().find(|(path, _)| path.split('/').any(is_git_name)) {
                anyhow::bail!(
                    "cannot deploy `{path}` to a git branch: git stores no file or folder named `.git`, or one \
                     Windows would read as `.git` (`git~1`, `.git.`); expected another name for it in static/ or \
                     the theme; nothing was deployed"
                );
            }
            if let Some(path) = hidden_from_jekyll(files) {
                warning!(
                    "GitHub Pages runs a branch through Jekyll unless it holds a file `.nojekyll`, and \
                     Jekyll leaves out names that start with `_` or `.`, such as `{path}`; for GitHub Pages, add an \
                     empty static/.nojekyll (other hosts ignore it)"
                );
            }
            let spinner = spinner(format!("fetching branch `{}` of `{}`", location.branch, target.name));
            let branch = git::Branch::open(location, output);
            spinner.finish_and_clear();
            let branch = branch?;
            let sizes: BTreeMap<String, u64> = files.iter().cloned().collect();
            let plan = branch.plan(&sizes)?;
            if let Some(code) = present(target, &plan, files, args) {
                return Ok(code);
            }
            let commit = branch.apply(&plan)?;
            status!(
                "deployed to `{}`: committed {} on branch `{}` and pushed it: {} in {:.1} s",
                target.name,
                commit.get(..12).unwrap_or(&commit),
                location.branch,
                plan.done(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints the plan and decides whether to go on: `Some(status)` to stop (a dry run, nothing to
/// do, deletions refused or not confirmed), `None` to apply.
fn present(target: &Target, plan: &Plan, built: &[(String, u64)], args: &DeployArgs) -> Option<ExitCode> {
    out!("{}", plan.listing());
    let _ = std::io::stdout().flush();
    // The older versions of a hashed stylesheet are leverage's to delete, without asking.
    let deletions = plan.deletions_to_agree(built).count();
    // A record page that goes is most often a record whose address moved (its file renamed, its
    // slug changed): links, feeds and search results lead to the old address.
    if let Some(page) = plan.delete.iter().find(|key| is_record_page(key)).filter(|_| !crate::out::quiet()) {
        let folder = page.trim_end_matches("index.html");
        help!(
            "if the record of /{folder} moved rather than went (its file renamed, its slug changed), keep \
             its old address: `aliases = [\"/{folder}\"]` in its front matter makes /{folder} redirect to it"
        );
    }
    let refusal = refusal(plan, built, args.max_deletes);
    if args.dry_run {
        // What the same deploy without --dry-run would do, so that a script's dry run tells.
        let then = match (&refusal, deletions) {
            (Some(reason), _) => format!("; without --dry-run it would be refused: {reason}"),
            (None, 0) => String::new(),
            (None, _) if args.confirm => String::new(),
            (None, _) => format!("; deleting {} needs --confirm", plan::files(deletions)),
        };
        // What it would refuse or ask is said under --quiet too.
        status!(keep: !then.is_empty(), "dry run: nothing was changed on `{}`{then}", target.name);
        return Some(ExitCode::SUCCESS);
    }
    if plan.is_empty() {
        status!(
            "`{}` is up to date: nothing to upload or delete ({} unchanged)",
            target.name,
            plan.unchanged
        );
        return Some(ExitCode::SUCCESS);
    }
    if let Some(reason) = refusal {
        error!("this deploy to `{}` is refused: {reason}; nothing was changed", target.name);
        return Some(ExitCode::from(1));
    }
    if deletions == 0 || args.confirm {
        return None;
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if interactive && ask(&format!("delete {} from `{}`?", plan::files(deletions), target.name)) {
        return None;
    }
    if interactive {
        errln!("nothing was changed on `{}`", target.name);
    } else {
        error!(
            "this deploy would delete {} from `{}`: run it again with --confirm to delete {}; \
             nothing was changed",
            plan::files(deletions),
            target.name,
            if deletions == 1 { "it" } else { "them" }
        );
    }
    Some(ExitCode::from(1))
}

/// Whether `key`, a file of the site, is a record's page (`records/2026-03-01/index.html`), not
/// the records folder's own redirect.
fn is_record_page(key: &str) -> bool {
    key.strip_prefix("records/")
        .and_then(|rest| rest.strip_suffix("/index.html"))
        .is_some_and(|slug| !slug.is_empty())
}

/// Why a plan is refused even with `--confirm`, if it is: it deletes the site's own sources (a
/// target on the branch the site is kept on), it deletes record pages while the build has none
/// (a build that lost its content: an emptied folder, a wrong `--root`), or it deletes more
/// than `max_deletes` files. `built`: the build's files.
fn refusal(plan: &Plan, built: &[(String, u64)], max_deletes: usize) -> Option<String> {
    let deletions = plan.deletions_to_agree(built).count();
    // A site.toml at any depth: a site kept in a folder of a larger repository (`blog/`) is as
    // much the sources as one at the root, which a build never writes either.
    let is_site_toml = |path: &&String| path.rsplit('/').next() == Some("site.toml");
    if let Some(sources) = plan.delete.iter().find(is_site_toml) {
        return Some(format!(
            "it would delete {sources}, {} in all: the target holds the site's sources, not a \
             build; expected a branch of its own for the built site, such as `gh-pages`",
            plan::files(deletions)
        ));
    }
    // `records/<slug>/index.html`, where every record's page is (a bundle's files beside it, or
    // a static file below `records/`, are no record).
    let is_record_page = |path: &str| {
        path.strip_prefix("records/")
            .and_then(|p| p.strip_suffix("/index.html"))
            .is_some_and(|slug| !slug.contains('/'))
    };
    if !built.iter().any(|(path, _)| is_record_page(path))
        && plan.delete.iter().any(|path| is_record_page(path))
    {
        return Some(format!(
            "the build has no record, and it would delete the target's record pages ({} in all): a \
             build that lost its content would empty the site; build the site it should be, or \
             delete them by hand",
            plan::files(deletions)
        ));
    }
    if deletions > max_deletes {
        return Some(format!(
            "it would delete {}, more than --max-deletes ({max_deletes}): a build that lost its \
             content would empty the site; look at the plan above, and give --max-deletes \
             {deletions} if it is right",
            plan::files(deletions)
        ));
    }
    None
}

/// Asks a yes-or-no question at the terminal; anything but `y` or `yes` is no.
fn ask(question: &str) -> bool {
    err!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// A spinner saying what a step that waits on the network is doing (at a terminal only): an
/// endpoint that never answers is otherwise minutes of silence before its timeout.
fn spinner(message: String) -> ProgressBar {
    if !crate::out::draws_progress() {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::new_spinner().with_message(message);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

/// A bar counting uploaded bytes, for long uploads: drawn at a terminal, and elsewhere (a CI
/// job's log) a line every `LOG_EVERY` at most, so that a long deploy is not minutes of silence.
fn progress_bar(plan: &Plan) -> ProgressBar {
    if plan.upload.len() < PROGRESS_FROM || crate::out::quiet() {
        return ProgressBar::hidden();
    }
    let (target, template) = if crate::out::draws_progress() {
        (ProgressDrawTarget::stderr(), "{bar:30} {bytes}/{total_bytes} {wide_msg}")
    } else {
        let lines = LogLines::new(Box::new(|line: &str| errln!("{line}")), LOG_EVERY);
        (ProgressDrawTarget::term_like(Box::new(lines)), "uploaded {bytes} of {total_bytes} ({percent}%)")
    };
    let bar = ProgressBar::with_draw_target(Some(plan.upload_bytes()), target);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    // Drawn on a clock too, not only when a file is done: a large file on a slow link is
    // minutes in flight, and a log without a line for them reads as a deploy that hung.
    bar.enable_steady_tick(std::time::Duration::from_secs(1));
    bar
}

/// How often a log is told a deploy's progress.
const LOG_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// The progress bar's line as a log takes it: on a line of its own, once `every` has passed
/// since the start or the last line (a short deploy says nothing more), the cursor's moves and
/// clearing left out.
struct LogLines {
    print: Box<dyn Fn(&str) + Send + Sync>,
    every: std::time::Duration,
    last: std::sync::Mutex<Instant>,
}

impl LogLines {
    fn new(print: Box<dyn Fn(&str) + Send + Sync>, every: std::time::Duration) -> LogLines {
        LogLines { print, every, last: std::sync::Mutex::new(Instant::now()) }
    }
}

impl std::fmt::Debug for LogLines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogLines").finish_non_exhaustive()
    }
}

impl indicatif::TermLike for LogLines {
    fn width(&self) -> u16 {
        u16::MAX
    }
    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn write_line(&self, line: &str) -> std::io::Result<()> {
        self.write_str(line)
    }
    fn write_str(&self, text: &str) -> std::io::Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.elapsed() >= self.every {
            *last = Instant::now();
            (self.print)(text);
        }
        Ok(())
    }
    fn clear_line(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `3 more files`, `1 more file`.
fn more_files(count: usize) -> String {
    format!("{count} more file{}", if count == 1 { "" } else { "s" })
}

/// Prints what a bucket deploy did and picks the exit status.
fn report_bucket(target: &Target, plan: &Plan, applied: &s3::Applied, started: Instant) -> ExitCode {
    if applied.failed.is_empty() && applied.not_attempted.is_empty() && !applied.stopped {
        status!(
            "deployed to `{}`: uploaded {} ({}), deleted {}, {} unchanged in {:.1} s",
            target.name,
            plan::files(applied.uploaded.len()),
            plan::bytes(applied.uploaded_bytes),
            applied.deleted.len(),
            plan.unchanged,
            started.elapsed().as_secs_f64()
        );
        return ExitCode::SUCCESS;
    }
    let not_attempted = applied.not_attempted.len();
    if applied.stopped {
        error!(
            "deploy target {target}: stopped by a signal, with {} not attempted{}",
            plan::files(not_attempted),
            if applied.failed.is_empty() {
                String::new()
            } else {
                format!(" and {} stopped", applied.failed.len())
            }
        );
    } else {
        error!(
            "deploy target {target}: {} of {} changes failed{}",
            applied.failed.len(),
            plan.upload.len() + plan.delete.len(),
            if not_attempted > 0 {
                format!(", and {} not attempted after that", more_files(not_attempted))
            } else {
                String::new()
            }
        );
    }
    for (path, reason) in &applied.failed {
        errln!("  not done: {path}: {reason}");
    }
    // The files not attempted share their reason: a long list of them would bury the rest.
    const LISTED: usize = 10;
    let shown = if not_attempted > LISTED { LISTED / 2 } else { not_attempted };
    for path in &applied.not_attempted[..shown] {
        errln!("  not attempted: {path}");
    }
    if shown < not_attempted {
        errln!("  not attempted: {}", more_files(not_attempted - shown));
    }
    let mut uploaded = applied.uploaded.clone();
    uploaded.sort();
    for path in &uploaded {
        errln!("  uploaded: {path}");
    }
    for path in &applied.deleted {
        errln!("  deleted: {path}");
    }
    errln!(
        "uploaded {} of {}, deleted {} of {}{}; run `leverage deploy` again to finish: files already \
         uploaded are compared and skipped",
        applied.uploaded.len(),
        plan::files(plan.upload.len()),
        applied.deleted.len(),
        plan.delete.len(),
        match (applied.deletions_skipped > 0, applied.stopped) {
            (true, true) => " (nothing is deleted once stopped)",
            (true, false) => " (no deletion is tried while an upload fails)",
            (false, _) => "",
        },
    );
    // 128 + SIGINT, as a shell reports a command it stopped.
    ExitCode::from(if applied.stopped { 130 } else { 1 })
}

#[cfg(test)]
mod tests {
    /// In a log, the bar's line comes as a line of its own once `every` has passed, not a line
    /// per file, nor a terminal's escape codes; a deploy shorter than `every` says nothing.
    #[test]
    fn a_log_is_told_the_progress_now_and_then() {
        let run = |every: std::time::Duration| {
            let printed = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
            let into = std::sync::Arc::clone(&printed);
            let print = move |line: &str| into.lock().expect("not poisoned").push(line.to_string());
            let lines = LogLines::new(Box::new(print), every);
            let bar =
                ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::term_like(Box::new(lines)));
            let template = "uploaded {bytes} of {total_bytes} ({percent}%)";
            bar.set_style(ProgressStyle::with_template(template).expect("a template"));
            for i in 1..=3 {
                bar.set_message(format!("records/{i}/index.html"));
                bar.inc(10);
                std::thread::sleep(std::time::Duration::from_millis(30));
            }
            bar.finish_and_clear();
            printed.lock().expect("not poisoned").clone()
        };
        assert_eq!(run(LOG_EVERY), Vec::<String>::new());
        let printed = run(std::time::Duration::from_millis(20));
        assert_eq!(printed.first().map(String::as_str), Some("uploaded 10 B of 1000 B (1%)"));
        assert!(printed.len() >= 2 && printed.iter().all(|l| !l.contains('\x1b')), "{printed:?}");
    }

    #[test]
    fn a_name_jekyll_leaves_out_is_found_unless_jekyll_is_off() {
        let files = |paths: &[&str]| paths.iter().map(|p| (p.to_string(), 1)).collect::<Vec<_>>();
        assert_eq!(hidden_from_jekyll(&files(&["index.html", "records/a/index.html"])), None);
        assert_eq!(
            hidden_from_jekyll(&files(&["index.html", "_notes/x/index.html", ".well-known/a"])),
            Some("_notes/x/index.html")
        );
        assert_eq!(hidden_from_jekyll(&files(&["a/.well-known/b"])), Some("a/.well-known/b"));
        assert_eq!(hidden_from_jekyll(&files(&[".nojekyll", "_notes/x/index.html"])), None);
        assert_eq!(hidden_from_jekyll(&files(&["notes_/index.html"])), None);
        assert_eq!(hidden_from_jekyll(&files(&[".htaccess", "_headers", "_redirects"])), None);
    }

    use super::*;

    /// The plans refused even with --confirm: the site's sources on the target, a build without
    /// records that deletes record pages, more deletions than allowed; other plans go on.
    #[test]
    fn plans_that_would_destroy_a_site_are_refused() {
        let owned = |paths: &[&str]| paths.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let plan = |delete: &[&str]| Plan { delete: owned(delete), ..Plan::default() };
        let built = |paths: &[&str]| paths.iter().map(|p| (p.to_string(), 1)).collect::<Vec<_>>();
        let site = built(&["index.html", "records/2026-03-01/index.html"]);

        let sources = refusal(&plan(&["content/records/2026-03-01.md", "site.toml"]), &site, 256);
        assert!(sources.is_some_and(|r| r.starts_with("it would delete site.toml, 2 files in all")));
        // A site kept in a folder of a larger repository, on the branch the deploy names.
        let folder = refusal(&plan(&["README.md", "blog/site.toml", "src/main.rs"]), &site, 256);
        assert!(folder.is_some_and(|r| r.starts_with("it would delete blog/site.toml, 3 files in all")));
        assert_eq!(refusal(&plan(&["notes-site.toml"]), &site, 256), None, "a name that ends alike");

        let emptied = built(&["index.html", "atom.xml"]);
        let lost = refusal(&plan(&["records/2026-03-01/index.html"]), &emptied, 256);
        assert!(lost.is_some_and(|r| r.starts_with("the build has no record")), "a small site is kept too");
        assert_eq!(refusal(&plan(&["old.html"]), &emptied, 256), None, "a site without records may shrink");
        let static_only = built(&["index.html", "records/notes.txt", "records/2026-03-01/chart.svg"]);
        let lost = refusal(&plan(&["records/2026-03-01/index.html"]), &static_only, 256);
        assert!(
            lost.is_some_and(|r| r.starts_with("the build has no record")),
            "files below records/ are no record"
        );

        assert_eq!(refusal(&plan(&["records/2026-02-28/index.html"]), &site, 256), None);
        let many = refusal(&plan(&["a", "b", "c"]), &site, 2);
        assert!(many.is_some_and(|r| r.contains("more than --max-deletes (2)")));
        assert_eq!(refusal(&plan(&["a", "b"]), &site, 2), None);
    }

    #[test]
    fn built_files_leave_out_the_marker_and_use_slashes() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(dir.path().join("records/a")).expect("folders");
        std::fs::write(dir.path().join(site::output::MARKER), "m").expect("written");
        std::fs::write(dir.path().join("records/a/index.html"), "page").expect("written");
        std::fs::write(dir.path().join("index.html"), "home!").expect("written");
        // A checkout the build kept in the output is no file of the site.
        std::fs::create_dir_all(dir.path().join(".git/refs")).expect("folders");
        std::fs::write(dir.path().join(".git/config"), "[remote] url = https://token@host/x")
            .expect("written");
        std::fs::write(dir.path().join(".hg"), "a file").expect("written");
        let files = built_files(dir.path()).expect("listed");
        assert_eq!(files, [("index.html".to_string(), 5), ("records/a/index.html".to_string(), 4)]);
    }

    #[test]
    fn names_git_refuses_are_told_before_deploying() {
        for part in [".git", ".GIT", "git~1", "GIT~1", ".git.", ".git ", ".git::$INDEX_ALLOCATION"] {
            assert!(super::is_git_name(part), "{part}");
        }
        for part in [".github", "git", "git~2", ".gitignore", "a.git", "digit~1"] {
            assert!(!super::is_git_name(part), "{part}");
        }
    }

    #[test]
    fn an_unknown_target_is_bad_usage_and_a_missing_table_is_not() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T\"\nbase_url = \"https://log.ada.dev/\"\n[[deploy.targets]]\nname = \"prod\"\nurl = \"s3://b/blog\"\n",
        )
        .expect("written");
        assert_eq!(choose_target(dir.path(), Some("nope"), None), Err(ExitCode::from(2)));
        assert_eq!(
            choose_target(dir.path(), None, None).map(|t| t.map(|(t, warned, at)| (t.name, warned, at))),
            Ok(Some(("prod".to_string(), 0, "https://log.ada.dev/".to_string())))
        );
        // A base_url that is a path (`--base-url "$UNSET/"`) is no address to deploy to.
        assert_eq!(choose_target(dir.path(), None, Some("/")).map(|t| t.is_some()), Err(ExitCode::from(1)));
        assert_eq!(
            choose_target(dir.path(), None, Some("/blog/")).map(|t| t.is_some()),
            Err(ExitCode::from(1))
        );
        std::fs::write(dir.path().join("site.toml"), "title = \"T\"\n").expect("written");
        assert_eq!(choose_target(dir.path(), None, None), Err(ExitCode::from(1)));
    }
}
