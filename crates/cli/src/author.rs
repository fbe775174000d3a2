//! The writer's commands: `init` (a new site), `new` (a new record) and `log` (one task row
//! appended to a day's record). Files are written atomically; `log` changes no byte of the record
//! but the row it adds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use content::edit::{self, NewRow};
use content::{FileId, Span};
use math::{TaskFigures, Tokens, Totals, display};
use site::{BuildOptions, Model};

/// The header of a first record, when the site has none to copy: the sample's layout with the
/// supervisory time column of the later posts, so that `log --sup` works on a new site.
const DEFAULT_HEADER: [&str; 6] = ["Task", "Human Est.", "Claude Time", "Sup.", "Tokens", "Leverage"];

/// The `.gitignore` `init` writes: the output, which every build makes again.
const GITIGNORE: &str = "# What `leverage build` writes, made again on every build.\n/public/\n";

/// A failure of an authoring command: its message and exit status (1, or 2 for bad usage).
#[derive(Debug)]
pub(crate) struct Failure {
    message: String,
    status: u8,
    /// The message is a diagnostic rendered whole (`path:line:col: error: ...` and its line).
    rendered: bool,
}

impl Failure {
    fn content(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), status: 1, rendered: false }
    }

    fn usage(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), status: 2, rendered: false }
    }

    /// Prints the failure and returns its exit status.
    pub(crate) fn report(self) -> ExitCode {
        if self.rendered {
            err!("{}", self.message);
        } else {
            error!("{}", self.message);
        }
        ExitCode::from(self.status)
    }
}

/// Today, or the date given.
fn date_or_today(date: Option<NaiveDate>) -> NaiveDate {
    date.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Warns of a record written for a day after tomorrow, as every build will (a year or month
/// mistyped, `2062` for `2026`): said as the file is made, where the slip was.
fn warn_of_a_future_day(relative: &str, date: NaiveDate) {
    if let Some(why) = site::audit::date_warning(date, date_or_today(None)) {
        warning!("{relative} is {why}");
    }
}

/// Notes a new day dated half a year or more before the site's latest record: most often a year
/// or a month mistyped (`2025-11-05` for `2026-11-05`), sometimes an old day written late, which
/// a note leaves be. The latest record is measured without those dated after tomorrow: a draft
/// there is a day planned, any other most often a date mistyped (`2027-11-12` for `2026-11-12`),
/// which the note names instead.
fn note_a_distant_day(relative: &str, date: NaiveDate, model: &Model) {
    let today = date_or_today(None);
    let ahead = |e: &&site::model::RecordEntry| site::audit::future_date(model.date(e), today).is_some();
    // A draft dated ahead is a day planned, as builds take it (they warn of no draft's date).
    let slip = |e: &&site::model::RecordEntry| !model.document(e).draft && ahead(e);
    if let Some(typo) = model.records.iter().rev().find(slip) {
        let document = model.document(typo);
        let path = site::theme::slashed(&document.path);
        // Its date is its file's name's, or its front matter's.
        let mend = if path.contains(&model.date(typo).to_string()) {
            "rename that file"
        } else {
            "correct its `date`"
        };
        if path != relative {
            note!(
                "the latest record, {path}, is dated {}, after today; if its year or month is mistyped, {mend}",
                model.date(typo)
            );
        }
    }
    let Some(latest) = model.records.iter().rev().find(|e| !ahead(e)).map(|e| model.date(e)) else { return };
    let days = (latest - date).num_days();
    if days >= 180 {
        note!(
            "{relative} is dated {date}, {days} days before the latest record ({latest}); if its year or \
             month is mistyped, rename the file"
        );
    }
}

/// Whether `date` is today, which `new` and `log` take when no `--date` is given.
fn is_today(date: NaiveDate) -> bool {
    date == date_or_today(None)
}

/// `leverage init DIR`.
pub(crate) fn init(dir: &Path) -> Result<(), Failure> {
    if dir.is_file() {
        return Err(Failure::content(format!(
            "{} is a file: expected a new or empty folder for the site",
            dir.display()
        )));
    }
    if let Some(file) = file_above(dir) {
        return Err(Failure::content(format!(
            "{} is a file, where {} would be made in it: expected a folder there",
            file.display(),
            dir.display()
        )));
    }
    if std::fs::symlink_metadata(dir).is_ok() && !dir.exists() {
        return Err(Failure::content(format!(
            "{} is a link to nothing: expected a new or empty folder for the site (remove the link, \
             or make the folder it names)",
            dir.display()
        )));
    }
    if dir.join("site.toml").is_file() {
        return Err(Failure::content(format!(
            "{} holds a site already (its site.toml): expected a new or empty folder; `leverage new` starts a \
             record in this one",
            dir.display()
        )));
    }
    // Hidden files are none of a site's (`.git` of a repository made first, `.DS_Store`): a
    // folder of them alone is empty for a site.
    let mut shown: Vec<String> = match dir.exists().then(|| std::fs::read_dir(dir)) {
        None => Vec::new(),
        Some(Ok(entries)) => entries
            .flatten()
            .map(|entry| entry.file_name())
            .filter(|name| !content::load::is_hidden_name(name))
            .map(|name| name.to_string_lossy().into_owned())
            .collect(),
        Some(Err(e)) => {
            return Err(Failure::content(format!("{}: cannot read it: {e}", dir.display())));
        }
    };
    if !shown.is_empty() {
        shown.sort();
        let more = shown.len().saturating_sub(3);
        shown.truncate(3);
        let listed = shown.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        let listed = if more > 0 { format!("{listed} and {more} more") } else { listed };
        return Err(Failure::content(format!(
            "{} is not empty (it holds {listed}): expected a new or empty folder for the site, hidden \
             files such as `.git` aside; for notes you keep already (an Obsidian vault), init a new \
             folder and move or link them into its content/, records in content/records/",
            dir.display()
        )));
    }
    let today = date_or_today(None);
    let record = edit::new_record(
        None,
        &today.format("%Y-%m-%d").to_string(),
        &edit::TableHead::of_cells(&DEFAULT_HEADER),
    );
    let record = record.replace(edit::PLACEHOLDER, "My first day of logging work done with an AI agent.");
    let record = format!("{record}| Set up a leverage site | 2h | 5min | 10min | 12k | 24x |\n");
    let files = [
        ("site.toml", SITE_TOML.to_string()),
        ("content/about.md", ABOUT.to_string()),
        (&format!("content/records/{}.md", today.format("%Y-%m-%d")) as &str, record),
    ];
    for (path, text) in files {
        site::output::write_file(dir, path, text.as_bytes()).map_err(|e| Failure::content(e.to_string()))?;
    }
    // The output is made again on every build: a repository of the site keeps it out (a
    // `.gitignore` the folder holds already, of a repository made first, is the writer's).
    let ignored = !dir.join(".gitignore").exists();
    if ignored {
        site::output::write_file(dir, ".gitignore", GITIGNORE.as_bytes())
            .map_err(|e| Failure::content(e.to_string()))?;
    }
    status!(
        "created a site in {}: site.toml, content/records/, content/about.md{}",
        dir.display(),
        if ignored { " and a .gitignore of public/" } else { "" }
    );
    // Made inside another site's folder: most often `init` run from the site meant.
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if let Some(outer) = absolute.ancestors().skip(1).find(|above| above.join("site.toml").is_file()) {
        status!(
            "{} is inside the site in {}; it is a site of its own, which that site's build does not read",
            dir.display(),
            outer.display()
        );
    }
    // The next step is the last line, where the eye lands.
    status!(
        "before publishing, set base_url in site.toml to the site's address (it is https://example.org/)"
    );
    if dir == Path::new(".") {
        status!("next: leverage serve --watch");
    } else {
        status!("next: cd {} && leverage serve --watch", shell_word(&dir.to_string_lossy()));
    }
    Ok(())
}

/// The first folder of `path`'s that is a file instead, where `path` would be made below it.
fn file_above(path: &Path) -> Option<&Path> {
    path.ancestors().skip(1).find(|above| above.is_file())
}

/// `leverage theme`: the built-in default theme copied into `themes/<name>/` of the site at
/// `root`, or with `template` that one template into its `templates/`. Nothing is overwritten.
/// `site_theme`: the theme site.toml names, as the caller read it.
pub(crate) fn theme(
    root: &Path,
    site_theme: &str,
    name: &str,
    template: Option<&str>,
) -> Result<(), Failure> {
    let write = |relative: &str, bytes: &[u8]| {
        // A file where a folder of the path is to be (`themes`, `templates/partials`): said as
        // that, not as the path the system could not make below it.
        if let Some(file) = file_above(&root.join(relative)) {
            return Err(Failure::content(format!(
                "{} is a file: expected a folder there, to hold {relative}",
                file.display()
            )));
        }
        site::output::write_file(root, relative, bytes).map_err(|e| Failure::content(e.to_string()))
    };
    if let Some(wanted) = template {
        let wanted = wanted.trim_start_matches("templates/");
        // A template's name, below templates/: never a path out of it.
        let outside = |part: &str| part.is_empty() || part == "." || part == "..";
        if wanted.split('/').any(outside) || wanted.contains(['\\', ':']) {
            return Err(Failure::usage(format!(
                "`{wanted}` is no template's name: expected one below templates/, such as `record.html` or \
                 `partials/task_table.html`"
            )));
        }
        // The site's theme's own, where it has a folder (a theme of the site's, or a copy of the
        // default): the copy then replaces that theme's template with itself, not the default's.
        let theme_folder = root.join("themes").join(site_theme);
        let own = theme_folder.join("templates").join(wanted);
        let templates = site::theme::default_templates();
        // Asked once: the copy and the note after it speak of the same file.
        let from_theme = own.is_file();
        let (bytes, whose) = if from_theme {
            let bytes = std::fs::read(&own)
                .map_err(|e| Failure::content(format!("themes/{site_theme}/templates/{wanted}: {e}")))?;
            (bytes, format!("the theme `{site_theme}`'s"))
        } else if let Some((_, bytes)) = templates.iter().find(|(name, _)| name == wanted) {
            (bytes.to_vec(), "the default theme's".to_string())
        } else {
            let names: Vec<&str> = templates.iter().map(|(name, _)| name.as_str()).collect();
            // `index` for `index.html`: the name as a page's, without its extension.
            let with_extension = format!("{wanted}.html");
            let near = names
                .iter()
                .find(|name| **name == with_extension)
                .copied()
                .or_else(|| content::front_matter::nearest_name(wanted, &names));
            let hint = near.map_or_else(
                || format!(" (it has {})", names.join(", ")),
                |near| format!("; did you mean `{near}`?"),
            );
            let neither = if theme_folder.is_dir() {
                format!("neither the theme `{site_theme}` nor the default theme has a template")
            } else {
                "the default theme has no template".to_string()
            };
            return Err(Failure::usage(format!("{neither} `{wanted}`{hint}")));
        };
        let relative = format!("templates/{wanted}");
        if root.join(&relative).exists() {
            return Err(Failure::content(format!(
                "{relative} exists already: it replaces the theme's; edit it, or move it away to copy {whose} again"
            )));
        }
        write(&relative, &bytes)?;
        status!("copied {whose} {wanted} into {relative}: edit it there, and it replaces the theme's");
        // The site's theme has a folder, without this template: the default's is no copy of its.
        if !from_theme && theme_folder.is_dir() {
            note!(
                "the theme `{site_theme}` has no {wanted} of its own; the copy is the default theme's, which the \
                 site's pages then take"
            );
        }
        return Ok(());
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-.".contains(c);
    if name.is_empty() || name.starts_with('.') || !name.chars().all(plain) {
        return Err(Failure::usage(format!(
            "`{name}` is no folder name for a theme: expected letters, digits, `-`, `_` or `.`, such as `mine`"
        )));
    }
    let folder = format!("themes/{name}");
    if root.join(&folder).exists() {
        return Err(Failure::content(format!(
            "{folder} exists already: expected a new theme's name (`leverage theme other-name`)"
        )));
    }
    let files = site::theme::default_theme_files();
    for (path, bytes) in &files {
        write(&format!("{folder}/{path}"), bytes)?;
    }
    status!("copied the default theme into {folder}/ ({} files)", files.len());
    // The site may name it already (a theme copied again after its folder was removed).
    if site_theme == name {
        status!("next: edit {folder}/templates/ and {folder}/static/style.css (site.toml names it already)");
    } else {
        status!(
            "next: set theme = \"{name}\" in site.toml, then edit {folder}/templates/ and {folder}/static/style.css"
        );
    }
    Ok(())
}

/// `text` as one word of a POSIX shell command, to be pasted as it is: as written when it holds
/// nothing a shell reads otherwise, else in single quotes (`'my log'`, `'it'\''s'`); a word
/// that starts with `-` gets `./` before it, so that `cd` does not read it as an option.
fn shell_word(text: &str) -> String {
    let text = if text.starts_with('-') { format!("./{text}") } else { text.to_string() };
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./-+@%:,=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return text;
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

const SITE_TOML: &str = r#"title = "My Leverage Log"
# The address the site will be served from (every link, the feed and the sitemap start with it):
# set it before you publish. `serve` uses its own address meanwhile.
base_url = "https://example.org/"
description = "A daily record of work done with AI coding agents: human estimate against agent time."
author = ""
# The language the records are written in, as a code (`de`, `ja`, `pt-BR`): pages say it to
# browsers and screen readers, and a right-to-left one (`ar`, `he`) turns the pages.
language = "en"
paginate_by = 10
# Feed entries carry each record whole, its task tables with computed figures, not only its summary.
feed_full_content = true
# A search page (/search/) and the index it searches: every record's title, tags and tasks.
build_search_index = true
# A `#` link after each heading of a record or page, for a reader to copy a section's address.
insert_anchor_links = "right"
record_note = "Human estimates are how long a senior engineer would need by hand; leverage is computed from the tables."
"#;

const ABOUT: &str = "+++\ntitle = \"About\"\n+++\n\nEach record lists the day's tasks, how long a senior engineer would have needed for each, and how long the agent took. Leverage is human time divided by agent time.\n";

/// The first tab or line break in a one-line text, said in words: what a page shows as a space.
fn off_the_line(text: &str) -> Option<&'static str> {
    text.chars().find_map(|c| match c {
        '\t' => Some("a tab"),
        '\n' | '\r' => Some("a line break"),
        _ => None,
    })
}

/// `leverage new`.
pub(crate) fn new(root: &Path, date: Option<NaiveDate>, title: Option<&str>) -> Result<PathBuf, Failure> {
    if title.is_some_and(|t| t.trim().is_empty()) {
        return Err(Failure::usage(
            "expected a title after --title, found none; leave --title out to title the record by its date",
        ));
    }
    // The record would not build: a control character in a title is an error there.
    if let Some(found) = title.and_then(content::front_matter::unshowable) {
        return Err(Failure::usage(format!(
            "expected a title a page can show after --title, found the control character U+{:04X}",
            u32::from(found)
        )));
    }
    // A tab or a line break builds, with a warning on every build: it shows as a space.
    if let Some(found) = title.and_then(off_the_line) {
        return Err(Failure::usage(format!("expected a title on one line after --title, found {found}")));
    }
    let date = date_or_today(date);
    let _lock = lock_site(root)?;
    // A draft of the day is the day's record once published.
    let model = load(root)?;
    let relative = site::theme::slashed(&new_record_path(&model, date));
    // `log` adds to the day's one record, so a second one for the day, under another name
    // (`2026-12-02-parser-day.md`), would leave it refusing.
    let day = model.records.iter().find(|e| model.date(e) == date).map(|e| model.document(e).path.clone());
    if day.is_none() && std::fs::symlink_metadata(root.join(&relative)).is_ok() {
        return Err(not_the_day(root, &model, Path::new(&relative), date));
    }
    if let Some(existing) = day {
        let on = if is_today(date) { String::new() } else { format!(" --date {date}") };
        return Err(Failure::content(format!(
            "{} is already the record of {date}: write in it, or add a task with \
             `leverage log \"Task\" --human 2h --ai 10min{on}`; leverage never overwrites a record",
            existing.display()
        )));
    }
    free_slug(&model, &date)?;
    let text = edit::new_record(title, &date.format("%Y-%m-%d").to_string(), &latest_head(&model));
    create_record(root, &relative, text.as_bytes())?;
    status!("created {relative}");
    warn_of_a_future_day(&relative, date);
    note_a_distant_day(&relative, date, &model);
    Ok(root.join(relative))
}

/// Refuses a new record of `date` whose URL another record has already taken with its `slug`
/// (`slug = "2026-03-07"` in another day's front matter): the next build would fail on it.
fn free_slug(model: &Model, date: &NaiveDate) -> Result<(), Failure> {
    let slug = date.format("%Y-%m-%d").to_string();
    match model.documents.iter().find(|d| d.record().is_some() && d.slug == slug) {
        Some(taken) => Err(Failure::content(format!(
            "{} already has the address /records/{slug}/ (its slug), which a new record of {date} would \
             share; expected that record under another slug first",
            taken.path.display()
        ))),
        None => Ok(()),
    }
}

/// Why the file where a record of `date` would be written is not that day's record: a record
/// its front matter dates another day, a link to a file that is not there, or a file that does
/// not read (its errors). `new` and `log` never write over it.
fn not_the_day(root: &Path, model: &Model, relative: &Path, date: NaiveDate) -> Failure {
    let path = root.join(relative);
    let shown = site::theme::slashed(relative);
    if let Ok(target) = std::fs::read_link(&path)
        && !path.exists()
    {
        return Failure::content(format!(
            "{shown} is a symbolic link to {}, which does not exist: bring back what it points to, or remove \
             the link; leverage never writes over a record",
            target.display()
        ));
    }
    if let Some(other) = model.records.iter().find(|e| model.document(e).path == relative) {
        return Failure::content(format!(
            "{shown} is the record of {} (the `date` of its front matter), not of {date}: correct its `date` or \
             the file's name; leverage never writes over a record",
            model.date(other)
        ));
    }
    let (text, bad) = match std::fs::read(&path) {
        Ok(bytes) => content::load::decode(bytes),
        Err(e) => return Failure::content(format!("{shown}: {e}")),
    };
    // Said as `check` says it, at its place (a file saved as UTF-16 is told so).
    if let Some(offset) = bad {
        let mut sources = content::Sources::new();
        let file = sources.add(relative, text);
        let at = sources.get(file).text.floor_char_boundary(offset);
        let error = content::ContentError::not_utf8(&sources.get(file).text, offset, Span::new(file, at..at));
        let said = crate::diagnostics::shown(&sources, &content::Diagnostic::error(error));
        return Failure { message: said.trim_end().to_string(), status: 1, rendered: true };
    }
    match parse_record(model, relative, &text) {
        Err(failure) => failure,
        Ok(_) => Failure::content(format!(
            "{shown} exists but is not a record of {date}; leverage never writes over it"
        )),
    }
}

/// Holds the site's lock while `new` or `log` reads the site and writes a record: two `log`s run
/// at once (a script, two terminals) would each write the file as they read it, and the row of
/// one be lost, or both create the day. The lock is a file of leverage's own in the system's
/// temporary folder, named for the site's folder: not site.toml, which Windows would then let
/// no one read (its locks are mandatory), nor a file in the site, which its writer would see.
/// Where no lock can be had, the command runs without one.
fn lock_site(root: &Path) -> Result<Option<std::fs::File>, Failure> {
    let folder = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(folder.as_os_str().as_encoded_bytes());
    let path = std::env::temp_dir().join(format!("leverage-site-{key:016x}.lock"));
    let Ok(file) = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path) else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => {
            status!("waiting for another `leverage log` or `leverage new` in this site to finish");
            Ok(file.lock().is_ok().then_some(file))
        }
        Err(std::fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// Writes a new record at `relative` below `root`, never over a file (one made since the site was
/// read, by an editor or a sync, or a link to a missing file), its folders made first. It is
/// written whole beside its place, then linked into it (a link is refused where a name is taken),
/// so that a watcher (`serve --watch`, a sync) never reads it half written; where the file system
/// makes no such links, it is created in its place.
fn create_record(root: &Path, relative: &str, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let path = root.join(relative);
    let cannot = |e: std::io::Error| Failure::content(format!("cannot create {relative}: {e}"));
    let taken = || {
        Failure::content(format!(
            "{relative} was made while this command ran; nothing was written over it: run the command again"
        ))
    };
    let folder = path.parent().unwrap_or(root);
    std::fs::create_dir_all(folder).map_err(cannot)?;
    // Hidden beside its place (a watcher passes it over), and removed whatever happens.
    let mut temporary =
        tempfile::Builder::new().prefix(".leverage-new-").tempfile_in(folder).map_err(cannot)?;
    temporary.write_all(bytes).and_then(|()| temporary.as_file().sync_all()).map_err(cannot)?;
    match temporary.persist_noclobber(&path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(taken()),
        // No hard links here (a FAT drive, some network shares): created in its place.
        Err(_) => {
            let mut file =
                std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::AlreadyExists { taken() } else { cannot(e) }
                })?;
            file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| {
                let _ = std::fs::remove_file(&path);
                cannot(e)
            })
        }
    }
}

/// The flags of `leverage log`.
#[derive(Debug)]
pub(crate) struct LogArgs {
    pub(crate) task: String,
    pub(crate) human: String,
    pub(crate) ai: String,
    pub(crate) sup: Option<String>,
    pub(crate) tokens: Option<String>,
    pub(crate) workstream: Option<String>,
    pub(crate) date: Option<NaiveDate>,
}

/// `leverage log`.
pub(crate) fn log(root: &Path, args: LogArgs) -> Result<(), Failure> {
    let _lock = lock_site(root)?;
    let model = load(root)?;
    let week = model.config.work_week();
    let span = Span::file_start(FileId(0));
    // `expected`: what a negative time is said against where zero is refused too.
    let duration = |flag: &str, text: &str, expected: Option<&'static str>| {
        content::duration::parse(text, &week, span).map_err(|e| {
            let e = match expected {
                Some(expected) => content::duration::above_zero(e, expected),
                None => e,
            };
            Failure::usage(format!("invalid {flag}: {e}"))
        })
    };
    let human = duration("--human", &args.human, None)?;
    let ai = duration("--ai", &args.ai, Some(content::duration::AI_TIME))?;
    let sup = args
        .sup
        .as_deref()
        .map(|s| duration("--sup", s, Some(content::duration::SUPERVISORY_TIME)))
        .transpose()?;
    let tokens = match args.tokens.as_deref() {
        Some(text) => content::tokens::parse(text, span)
            .map_err(|e| Failure::usage(format!("invalid --tokens: {e}")))?,
        None => None,
    };
    if ai.is_zero() {
        return Err(Failure::usage(format!(
            "--ai must be above zero, found `{}`{}: a task needs time to have a leverage",
            args.ai.trim(),
            content::diagnostic::rounds_to_zero(&args.ai)
        )));
    }
    let figures = TaskFigures::new(human, ai, sup, tokens).map_err(|_| {
        let sup = args.sup.as_deref().unwrap_or_default().trim();
        Failure::usage(format!(
            "--sup must be above zero, found `{sup}`{}: leave it out when nobody supervised",
            content::diagnostic::rounds_to_zero(sup)
        ))
    })?;
    // A task of invisible characters alone (a zero-width space) is a row no reader can read.
    if site::slug::shows_nothing(&args.task) {
        return Err(Failure::usage("the task needs a description"));
    }
    if args.workstream.as_deref().is_some_and(site::slug::shows_nothing) {
        return Err(Failure::usage("--workstream needs a name; leave it out for a task of no workstream"));
    }
    // As `new --title`: a control character would be written into the record, and from it into
    // every page that shows the task, where HTML reads it as a parse error.
    for (flag, text) in [("the task", Some(args.task.as_str())), ("--workstream", args.workstream.as_deref())]
    {
        if let Some(found) = text.and_then(content::front_matter::unshowable) {
            return Err(Failure::usage(format!(
                "expected text a page can show for {flag}, found U+{:04X}, which is none (a control character or a \
                 noncharacter)",
                u32::from(found)
            )));
        }
        // A line break would end the table's row; a tab is shown as a space.
        if let Some(found) = text.and_then(off_the_line) {
            return Err(Failure::usage(format!("expected {flag} on one line, found {found}")));
        }
    }
    // A workstream the site has in another case or spacing (`ML Pipeline` for `ML pipeline`) is
    // written as the site writes it: the two would share a page, which every build warns of.
    // Names that only share a page (`C#` and `C++`, or one holding an invisible character) are
    // written as given, and the build says which.
    let folded = |name: &str| {
        content::load::composed(&name.split_whitespace().collect::<Vec<_>>().join(" ")).to_lowercase()
    };
    let workstream = args.workstream.map(|given| {
        let name = given.trim();
        let slug = site::slug::slugify(name);
        match model.workstreams.get(&slug) {
            Some(known) if known.name != name && folded(&known.name) == folded(name) => {
                note!("--workstream `{given}` is the workstream `{}`, written so, as its page names it", known.name);
                known.name.clone()
            }
            // Another name on the same page: said now, as the build will say it.
            Some(known) if known.name != name => {
                warning!(
                    "--workstream `{name}` shares the page /workstreams/{slug}/ with the workstream `{}`: their \
                     tasks add up there under the first name; write them alike, or apart enough to be two",
                    known.name
                );
                given
            }
            _ => given,
        }
    });
    let date = date_or_today(args.date);
    let day: Vec<&PathBuf> =
        model.records.iter().filter(|e| model.date(e) == date).map(|e| &model.document(e).path).collect();
    // The day's record is a draft: its work is in no published figure until it is published.
    let draft = model.records.iter().any(|e| model.date(e) == date && model.document(e).draft);
    if let [first, second, ..] = day[..] {
        return Err(Failure::content(format!(
            "{} records are dated {date} ({}, {}{}); expected one, so that `log` knows which to add to: \
             add the row by hand",
            day.len(),
            first.display(),
            second.display(),
            if day.len() > 2 { ", ..." } else { "" }
        )));
    }
    // A new day's file is written only with its first row: a refused row leaves nothing behind.
    let mut bom = "";
    let mut old_mac = false;
    let mut tabbed = false;
    // The day's text as written, where a tab of a delimiter row was made a space to read it.
    let mut as_written = None;
    // The file as read, to know that nothing else wrote it meanwhile (an editor's save).
    let mut read = None;
    let (relative, text, created) = match day.first() {
        Some(path) => {
            let mut text = std::fs::read_to_string(root.join(path))
                .map_err(|e| Failure::content(format!("{}: {e}", path.display())))?;
            read = Some(text.clone());
            // A byte order mark is no text of the record: the record's places are counted
            // without it, and it is put back in front when the file is written.
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
                bom = "\u{feff}";
            }
            // Old Mac line endings are read as the build reads them, and put back when the
            // file is written: a row ended otherwise would make the file one the build reads
            // as a single line, its front matter lost.
            if content::load::is_old_mac(text.as_bytes()) {
                text = text.replace('\r', "\n");
                old_mac = true;
            }
            // A tab in a table's delimiter row is read as the build reads it, as a space, and
            // written so: the table is one for every markdown reader then.
            let written = text.clone();
            tabbed = content::load::delimiter_tabs_in(&mut text);
            if tabbed {
                as_written = Some(written);
            }
            ((*path).clone(), text, false)
        }
        None => {
            let relative = new_record_path(&model, date);
            // Only a day without a file gets a new one: any other file is never written over.
            if std::fs::symlink_metadata(root.join(&relative)).is_ok() {
                return Err(not_the_day(root, &model, &relative, date));
            }
            free_slug(&model, &date)?;
            let text = edit::new_record(None, &date.format("%Y-%m-%d").to_string(), &latest_head(&model));
            (relative, text, true)
        }
    };
    let mut record = parse_record(&model, &relative, &text)?;
    // Written with spaces in its task tables' delimiter rows alone: a tab in a code block, an
    // HTML block or the front matter is the writer's.
    let text = match as_written {
        Some(written) => {
            let (untabbed, changed) = edit::untabbed_tables(&written, &text, &record);
            tabbed = changed;
            untabbed
        }
        None => text,
    };
    // A day of prose alone gets a task table in the latest record's layout, as a new day does;
    // not a day whose table does not read (no delimiter row, a column missing): its rows would
    // stay uncounted beside a second table.
    let tabled = record.tables.is_empty() && !created;
    if tabled {
        let slips = table_slips(&model, &relative, &text);
        if !slips.is_empty() {
            return Err(Failure::content(format!(
                "{} has a table that does not read as a task table, so `log` adds no second one; mend it:\n{}",
                site::theme::slashed(&relative),
                slips.trim_end()
            )));
        }
    }
    let text = if tabled {
        let with_table = edit::with_task_table(&text, &latest_head(&model));
        record = parse_record(&model, &relative, &with_table)?;
        with_table
    } else {
        text
    };
    let row = NewRow {
        task: args.task.clone(),
        human: args.human.trim().to_string(),
        ai: args.ai.trim().to_string(),
        supervisory: args.sup.map(|s| s.trim().to_string()),
        tokens: args.tokens.map(|t| t.trim().to_string()),
        workstream,
    };
    let updated = edit::append_row(&text, &record, &row).map_err(|e| {
        // A missing column is said at the table's header: the day's, or for a new day the
        // latest record's, whose layout it copies.
        let message = e.to_string();
        let at_header = if created || tabled {
            latest_table(root, &model).and_then(|(path, text)| {
                let latest = parse_record(&model, &path, &text).ok()?;
                // Said, or the writer is told of a file they never touched (`init`'s example).
                let day = if created { "a new day" } else { "a day without a task table" };
                let message = format!("{day} copies the layout of the latest record, this one: {message}");
                at_header(&path, &text, &latest, &message)
            })
        } else {
            at_header(&relative, &text, &record, &message)
        };
        match at_header {
            Some(rendered) => Failure { message: rendered, status: 2, rendered: true },
            None => Failure::usage(message),
        }
    })?;
    // The file read clean before the row: an error now is the new row's (`--tokens` beside the
    // day's `tokens` in front matter), said as such.
    // Read as the build reads it.
    let mut decoded = updated.clone();
    content::load::delimiter_tabs_in(&mut decoded);
    let after = parse_record_said(
        &model,
        &relative,
        &decoded,
        "would have errors with the new row, so nothing was written",
    )
    .map_err(|failure| Failure { status: 2, ..failure })?;
    if after.tasks().count() != record.tasks().count() + 1 {
        // The row would not be read as a row of the table (a container leverage cannot continue,
        // or a name that makes it the table's totals row): refuse rather than write a line that
        // silently counts for nothing.
        let task = args.task.trim().trim_matches(|c| matches!(c, '*' | '_' | '`'));
        if content::table::is_totals_label(task) {
            return Err(Failure::usage(format!(
                "a last row named `{}` is read as the table's totals row, not as a task; expected another name for the task",
                args.task.trim()
            )));
        }
        return Err(Failure::content(format!(
            "{}: the new row would not be read as a row of its last task table; add it by hand",
            relative.display()
        )));
    }
    let updated = if old_mac { updated.replace('\n', "\r") } else { updated };
    let bytes = [bom, &updated].concat();
    if created {
        create_record(root, &site::theme::slashed(&relative), bytes.as_bytes())?;
    } else {
        if std::fs::read_to_string(root.join(&relative)).ok() != read {
            return Err(Failure::content(format!(
                "{} changed while `log` ran (saved in an editor?); nothing was written: run it again",
                site::theme::slashed(&relative)
            )));
        }
        rewrite(&root.join(&relative), bytes.as_bytes())
            .map_err(|e| Failure::content(format!("{}: cannot write it: {e}", relative.display())))?;
    }
    let done = match (created, tabled) {
        (true, _) => "created",
        (false, true) => "added a task table, in the latest record's layout, and a row to",
        (false, false) => "added a row to",
    };
    status!("{done} {}", site::theme::slashed(&relative));
    if tabbed {
        note!(
            "{} had a tab in a table's delimiter row (`|\\t---\\t|`), which markdown reads as no table; it is \
             written with spaces there",
            site::theme::slashed(&relative)
        );
    }
    if created {
        warn_of_a_future_day(&site::theme::slashed(&relative), date);
        note_a_distant_day(&site::theme::slashed(&relative), date, &model);
    }
    // A task logged twice (the command run again) counts twice: said as `check` will say it, at
    // the new row (`parse_record_said` placed the record in a file of its own, as here).
    let new_row = after.tables.last().and_then(|t| t.tasks.last()).map(|t| t.row);
    if let Some(rows) =
        content::load::repeated_rows(&after).into_iter().find(|(_, repeat)| Some(*repeat) == new_row)
    {
        let mut sources = content::Sources::new();
        sources.add(site::theme::slashed(&relative), updated.clone());
        crate::diagnostics::print(&sources, &content::load::repeated_row_warning(&sources, rows));
    }
    let label = after.tables.last().map_or("AI", |t| t.ai_label.as_str()).to_string();
    let supervised = match (figures.supervisory(), figures.supervisory_leverage()) {
        (Some(time), Some(sup)) => {
            format!(", {} supervising: {} supervisory", display::duration(time), display::leverage(sup))
        }
        _ => String::new(),
    };
    outln!(
        "{}: {} human, {} {label}: {}{supervised}",
        args.task.trim(),
        display::duration(human),
        display::duration(ai),
        display::leverage(figures.leverage())
    );
    if draft {
        note!(
            "{} is a draft (`draft = true`): its tasks count in no published figure, page or feed until the \
             line goes",
            site::theme::slashed(&relative)
        );
    }
    // Under 1x is real work sometimes, and most often the two flags the other way round.
    if human < ai {
        note!(
            "the human estimate is less than the {label} time, so the task's leverage is under 1x; if \
             --human and --ai were swapped, swap the two cells in {}",
            site::theme::slashed(&relative)
        );
    }
    let totals =
        Totals::of_record(after.tasks().map(|t| &t.figures), after.day_tokens.as_ref().map(|c| c.value));
    // The day's figures are labelled as its page labels them: `AI` beside another agent's table.
    outln!("{}", day_line(&date, &totals, &site::model::record_ai_label(&after)));
    // A day's stated totals were written for the rows before this one.
    if after.aggregates.iter().any(|t| !t.metrics.is_empty()) {
        warning!(
            "{}'s Aggregate Stats table was written for the tasks before this one: update it, or remove \
             it (the page shows the computed figures either way; `leverage check` lists each stated figure that \
             now differs)",
            site::theme::slashed(&relative)
        );
    }
    // And a totals row under the table, which the new row went above.
    if after.tables.last().is_some_and(|t| t.totals.is_some()) {
        warning!(
            "{}'s totals row was written for the tasks before this one: update it, or remove it (the \
             page shows the computed totals either way; `leverage check` lists each stated figure that now differs)",
            site::theme::slashed(&relative)
        );
    }
    Ok(())
}

/// `2026-03-01 so far: 3 tasks, 6h human-equivalent in 35min of Claude time, 10.3x weighted`.
fn day_line(date: &NaiveDate, totals: &Totals, label: &str) -> String {
    let leverage = totals
        .weighted_leverage()
        .map_or_else(|| "no leverage yet".to_string(), |l| format!("{} weighted", display::leverage(l)));
    let tokens =
        totals.tokens().map(|t: Tokens| format!(", {} tokens", display::tokens(t))).unwrap_or_default();
    format!(
        "{date} so far: {}, {} human-equivalent in {} of {label} time{tokens}: {leverage}",
        crate::out::counted(totals.tasks, "task"),
        display::duration(totals.human),
        display::duration(totals.ai),
    )
}

/// Parses one record's text as the site would; its content errors stop the command.
fn parse_record(model: &Model, relative: &Path, text: &str) -> Result<content::Record, Failure> {
    parse_record_said(model, relative, text, "has errors; fix them first")
}

/// The warnings of a record's text that say a table of it looks like a task table but does
/// not read as one (no delimiter row, a column missing, a header markdown read as code or as
/// HTML), as `check` shows them; empty when there are none.
fn table_slips(model: &Model, relative: &Path, text: &str) -> String {
    let mut sources = content::Sources::new();
    let file = sources.add(relative, text.to_string());
    let parsed = content::parse_document(&sources, file, &model.config.content_options());
    parsed
        .diagnostics
        .iter()
        .filter(|d| {
            d.message.contains("looks like a task table") || d.message.contains("this task table's header")
        })
        .map(|d| crate::diagnostics::shown(&sources, d))
        .collect()
}

/// `parse_record`, its errors introduced as the file that `said` (`has errors; fix them first`).
fn parse_record_said(
    model: &Model,
    relative: &Path,
    text: &str,
    said: &str,
) -> Result<content::Record, Failure> {
    let mut sources = content::Sources::new();
    let file = sources.add(relative, text.to_string());
    let parsed = content::parse_document(&sources, file, &model.config.content_options());
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == content::Severity::Error)
        .map(|d| crate::diagnostics::shown(&sources, d))
        .collect();
    if !errors.is_empty() {
        return Err(Failure::content(format!(
            "{} {said}:\n{}",
            relative.display(),
            errors.concat().trim_end()
        )));
    }
    parsed
        .document
        .and_then(|d| d.record().cloned())
        .ok_or_else(|| Failure::content(format!("{} is not a record", relative.display())))
}

/// `message` as an error at the header of `record`'s last task table in `text`, rendered as every
/// diagnostic is.
fn at_header(path: &Path, text: &str, record: &content::Record, message: &str) -> Option<String> {
    let start = record.tables.last()?.span.start as usize;
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let mut sources = content::Sources::new();
    let file = sources.add(site::theme::slashed(path), text.to_string());
    let error =
        content::ContentError::Other { message: message.to_string(), span: Span::new(file, start..end) };
    Some(crate::diagnostics::shown(&sources, &content::Diagnostic::error(error)))
}

/// The path and text of the latest record with a task table: the one whose layout a new day
/// copies (`latest_head`).
fn latest_table(root: &Path, model: &Model) -> Option<(PathBuf, String)> {
    let entry = model.records.iter().rev().find(|e| !model.record(e).tables.is_empty())?;
    let path = model.document(entry).path.clone();
    let (text, _) = content::load::decode(std::fs::read(root.join(&path)).ok()?);
    Some((path, text))
}

/// Where a new record of `date` is written: in the folders the latest published record is in,
/// as a writer who keeps a folder a year (`content/records/2026/`), a month (`2026/12/`,
/// `2026-12/`) or a day (`2026/12/05/`) would put it, the year, month and day its own; a page
/// bundle where the latest is one (`2026-12-05/index.md`, `my-post/index.md`: a folder of the
/// new date's name); else `content/records/<date>.md`. A draft does not decide: it may sit in a
/// folder of drafts.
fn new_record_path(model: &Model, date: NaiveDate) -> PathBuf {
    let name = date.format("%Y-%m-%d").to_string();
    let flat = PathBuf::from(format!("content/records/{name}.md"));
    let newest = || model.records.iter().rev();
    let Some(latest) = newest().find(|e| !model.document(e).draft).or_else(|| newest().next()) else {
        return flat;
    };
    let latest_date = model.date(latest);
    let Ok(rest) = model.document(latest).path.strip_prefix("content/records") else { return flat };
    let mut parts: Vec<&str> = rest.iter().filter_map(|part| part.to_str()).collect();
    let Some(file) = parts.pop() else { return flat };
    // A page bundle: the folder is the record's own.
    let bundle = if file == "index.md" { parts.pop() } else { None };
    let [year, month, day] = ["%Y", "%m", "%d"].map(|part| latest_date.format(part).to_string());
    let [new_year, new_month, new_day] = ["%Y", "%m", "%d"].map(|part| date.format(part).to_string());
    let year_month = format!("{year}-{month}");
    let mut path = PathBuf::from("content/records");
    let (mut before, mut previous) = ("", "");
    for part in parts {
        path.push(match part {
            part if part == year => new_year.clone(),
            part if part == year_month => date.format("%Y-%m").to_string(),
            part if part == month && previous == year => new_month.clone(),
            part if part == day && previous == month && before == year => new_day.clone(),
            part => part.to_string(),
        });
        (before, previous) = (previous, part);
    }
    match bundle {
        // A Hugo day folder (`2026/12/05/index.md`) is the new day's; any other, the new date.
        Some(folder) if folder == day && previous == month && before == year => path.push(new_day),
        Some(_) => path.push(&name),
        None => {
            path.push(format!("{name}.md"));
            return path;
        }
    }
    path.push("index.md");
    path
}

/// The head of the latest record's last task table as written (its header's markup and escapes,
/// `Notes \| misc` one cell, its widths and its delimiter row's alignment marks), from the loaded
/// sources; or the sample's.
fn latest_head(model: &Model) -> edit::TableHead {
    let Some(table) = model.records.iter().rev().find_map(|e| model.record(e).tables.last()) else {
        return edit::TableHead::of_cells(&DEFAULT_HEADER);
    };
    let text = &model.sources.get(table.span.file).text;
    if text.get(table.span.range()).is_some() {
        return edit::TableHead::of_table(text, table);
    }
    // A text let go after loading: the header as the site read it.
    let cells: Vec<String> = table.columns.iter().map(|c| edit::escape_cell(&c.header)).collect();
    edit::TableHead::of_cells(&cells)
}

/// Writes `bytes` over the writer's file at `path` as an editor saves it: into the file a link
/// leads to (the link kept), with its permissions and owner, refused where the file may not be
/// written (`chmod 444`, another user's). A whole new copy is renamed over the file, so that a
/// failure halfway leaves the record as it was; where its folder takes no new file, or the file
/// has other names (hard links, which a rename would part), it is written in place.
fn rewrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let path = std::fs::canonicalize(path)?;
    let metadata = std::fs::metadata(&path)?;
    // Opened to write without truncating: refused as an editor's save would be.
    let mut in_place = std::fs::OpenOptions::new().write(true).open(&path)?;
    #[cfg(unix)]
    let linked = std::os::unix::fs::MetadataExt::nlink(&metadata) > 1;
    #[cfg(not(unix))]
    let linked = false;
    let temporary = site::output::temporary_name(&path);
    let copy = if linked {
        None
    } else {
        std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary).ok()
    };
    let Some(mut copy) = copy else {
        in_place.set_len(0)?;
        in_place.write_all(bytes)?;
        return in_place.sync_all();
    };
    drop(in_place);
    let written = (|| {
        copy.write_all(bytes)?;
        copy.set_permissions(metadata.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Only root may give a file away; anyone may keep their own group.
            let _ = std::os::unix::fs::fchown(&copy, Some(metadata.uid()), Some(metadata.gid()));
        }
        copy.sync_all()?;
        std::fs::rename(&temporary, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Loads the site (site.toml and every record, drafts too: the day being written is often one)
/// to find the day's record and the latest layout.
pub(crate) fn load(root: &Path) -> Result<Model, Failure> {
    model_of(site::load(&BuildOptions { root: root.to_path_buf(), drafts: true, ..BuildOptions::default() }))
}

/// Loads the site for figures that must cover all of it (`stats`): a content error leaves a row or
/// a record out of the model, so any error is a failure that lists them instead of totals that are
/// silently short.
/// With the model, its content warnings, for the caller to say those that bear on its figures
/// as `build` says them: some mean rows that count for nothing (a table whose delimiter row is
/// missing, rows a blank line cut off), and so figures that leave them out.
pub(crate) fn load_complete(root: &Path) -> Result<(Model, Vec<content::Diagnostic>), Failure> {
    let mut report = site::load(&BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() });
    let is_error = |d: &&content::Diagnostic| d.severity == content::Severity::Error;
    if report.failure.is_some() || !report.diagnostics.iter().any(|d| is_error(&d)) {
        let warnings = std::mem::take(&mut report.diagnostics);
        return Ok((model_of(report)?, warnings));
    }
    let errors: Vec<&content::Diagnostic> = report.diagnostics.iter().filter(is_error).collect();
    let text: String = errors.iter().map(|d| crate::diagnostics::shown(&report.sources, d)).collect();
    Err(Failure::content(format!(
        "{} error(s) in the site would leave tasks out of the figures; nothing was computed (`leverage check` lists them):\n{}",
        errors.len(),
        text.trim_end()
    )))
}

/// The model of a loaded site, or why there is none (a failure, or a site.toml that did not parse).
fn model_of(report: site::Report) -> Result<Model, Failure> {
    if let Some(failure) = &report.failure {
        return Err(Failure::content(failure.to_string()));
    }
    report.model.ok_or_else(|| {
        let text: String =
            report.diagnostics.iter().map(|d| crate::diagnostics::shown(&report.sources, d)).collect();
        Failure::content(format!("site.toml could not be read:\n{}", text.trim_end()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use math::Minutes;

    #[test]
    fn the_next_step_is_one_word_for_a_shell() {
        for (folder, word) in [
            ("my-log", "my-log"),
            ("logs/2026", "logs/2026"),
            ("my log with spaces", "'my log with spaces'"),
            ("-dash", "./-dash"),
            ("a\"b", "'a\"b'"),
            ("it's", r"'it'\''s'"),
            ("ünï", "'ünï'"),
        ] {
            assert_eq!(shell_word(folder), word, "{folder}");
        }
    }

    #[test]
    fn the_day_line_reads_as_a_sentence() {
        let tasks =
            [TaskFigures::new(Minutes::from(120), Minutes::from(10), None, Some(Tokens::exact(5000)))
                .expect("task")];
        let totals = Totals::of_record(&tasks, None);
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
        assert_eq!(
            day_line(&date, &totals, "Claude"),
            "2026-03-01 so far: 1 task, 2h human-equivalent in 10min of Claude time, 5k tokens: 12x weighted"
        );
    }
}
