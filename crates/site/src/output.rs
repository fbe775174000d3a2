//! Output: writes a build into a sibling temporary folder and swaps it in at the end, so a failed
//! build leaves the previous output exactly as it was and files whose source is gone disappear.
//!
//! It refuses to replace a folder it did not make (no marker file), the site root, a folder that
//! holds the site root, or a home folder.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};

use crate::error::SiteError;

/// The file that marks a folder as written by leverage. Deploy and the sitemap leave it out.
pub const MARKER: &str = ".leverage-output";

/// A folder being written: `finish` swaps it in; dropping it unfinished removes it.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    finished: bool,
    /// The folders `make_folders` made ahead of the pages written into them (relative, without
    /// a trailing `/`), once it is done: `write` makes none of them again.
    made: OnceLock<HashSet<String>>,
    /// The folders being made ahead (`make_folders`).
    ahead: Arc<Ahead>,
    /// The staging folder's marker, held locked while this build lives, so that another build's
    /// `clear_stale` can tell this folder from one a killed build left (the lock goes with the
    /// process, in any PID namespace).
    _lock: fs::File,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> SiteError + '_ {
    move |e| SiteError::Io { path: path.to_path_buf(), message: e.to_string() }
}

impl Staging {
    /// Checks that `target` may be replaced and creates an empty sibling folder to write into.
    /// A `target` that is a symbolic link (`public/` pointing at a web server's folder) is
    /// followed: the folder it points to is the one replaced, and the link is left as it is.
    pub fn new(target: &Path, site_root: &Path) -> Result<Staging, SiteError> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let target = &followed(target);
        check_target(target, site_root, home.as_deref())?;
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io(parent))?;
        let name =
            target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        clear_stale(parent, &name);
        let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(|e| beside(target, &staging, e))?;
        // Another build never finds the folder marked and unlocked. Where the file system has no
        // locks, nothing is ever cleared (see `clear_stale`).
        let lock =
            locked_file(&staging, MARKER, b"written by leverage; the folder is replaced on every build\n")
                .map_err(io(&staging.join(MARKER)))?;
        let ahead = Ahead::new(staging.clone());
        Ok(Staging {
            target: target.to_path_buf(),
            staging,
            finished: false,
            made: OnceLock::new(),
            ahead,
            _lock: lock,
        })
    }

    /// Makes `folders` (relative to the staging folder, without a trailing `/`) after those sent
    /// before, in rayon jobs while the build goes on (see `Ahead`); `folders_made` waits for them.
    /// Only folders that a successful build writes a file into may be sent: one left empty would
    /// be output nobody asked for.
    ///
    /// Every record's page has a folder of its own in `records/`, and making a folder on a disk
    /// file system is the dearest call of a build (on ext4, about 40 us: the folder's first block
    /// is allocated, and its name looked up and added to `records/`). Two threads making
    /// folders in one parent wait for each other on that parent's lock, spinning: a quarter of
    /// the time they spent making folders, at 10,000 records. One thread making them all while
    /// the content is parsed waits for nobody.
    pub fn make_folders(&self, folders: Vec<String>) {
        if self.made.get().is_none() {
            self.ahead.send(folders);
        }
    }

    /// Waits for every folder sent to `make_folders` to be made (making them on this thread if
    /// no other has started); from then on `write` makes none of them again. A folder that could
    /// not be made is left to `write`, as any other.
    pub fn folders_made(&self) {
        let _ = self.made.set(self.ahead.finish());
    }

    /// The folder to write into.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Writes one file below the staging folder, creating its parents when they are missing.
    /// Most pages are the only file of a folder of their own (`records/<slug>/index.html`): the
    /// folder is made first, in one call, which fails harmlessly where it exists (checking
    /// whether it exists first cost a fifth of a 10,000-record build; trying to write first
    /// cost a failed open for every page), unless `make_folders` made it.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let path = self.path_for(relative)?;
        fs::write(&path, bytes).map_err(io(&path))
    }

    /// Copies the file `from` to `relative` below the staging folder (`write`'s folders), never
    /// holding it whole: a static file may be a video of gigabytes. The kernel copies it where
    /// it can (`copy_file_range`).
    pub fn copy(&self, relative: &str, from: &Path) -> Result<(), SiteError> {
        let path = self.path_for(relative)?;
        let mut source = fs::File::open(from).map_err(io(from))?;
        let mut target = fs::File::create(&path).map_err(io(&path))?;
        copy_between(&mut source, from, &mut target, &path)
    }

    /// Where `relative` is written, its folder made as `write` says.
    fn path_for(&self, relative: &str) -> Result<PathBuf, SiteError> {
        let path = self.staging.join(relative);
        let made = |folder: &str| self.made.get().is_some_and(|made| made.contains(folder));
        if !relative.rsplit_once('/').is_some_and(|(folder, _)| made(folder))
            && let Some(parent) = path.parent()
            && let Err(e) = fs::create_dir(parent)
        {
            match e.kind() {
                std::io::ErrorKind::AlreadyExists => {}
                std::io::ErrorKind::NotFound => fs::create_dir_all(parent).map_err(io(parent))?,
                _ => return Err(io(parent)(e)),
            }
        }
        Ok(path)
    }

    /// Writes one file below the staging folder through `write`, buffered, so a large file (a
    /// data export) is never held whole in memory.
    pub fn stream(
        &self,
        relative: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), SiteError> {
        let path = self.staging.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        stream_to(&path, write)
    }

    /// Replaces the target with the staging folder. Once it is in place the build is done: a
    /// previous output that could not then be removed is returned, with why, for a warning (it
    /// was said to be failed build whose previous output was unchanged, neither of which held).
    pub fn finish(self) -> Result<Option<(PathBuf, String)>, SiteError> {
        self.finish_with(remove_marked, |staging, target| fs::rename(staging, target))
    }

    /// `finish`, the previous output removed by `remove`, the new one put in its place by `swap`.
    fn finish_with(
        mut self,
        remove: impl FnOnce(&Path) -> std::io::Result<()>,
        swap: impl FnOnce(&Path, &Path) -> std::io::Result<()>,
    ) -> Result<Option<(PathBuf, String)>, SiteError> {
        let others = others_in(&self.target, &self.staging);
        if !others.is_empty() {
            let shown = others.len().min(5);
            let more = if others.len() > shown {
                format!(" and {} more", others.len() - shown)
            } else {
                String::new()
            };
            return Err(SiteError::OutputRefused {
                path: self.target.clone(),
                reason: format!(
                    "it has no {MARKER} file and holds {}{more}, which this build does not write (a file of static/ or \
                     of a bundle since removed, or one of your own): a build replaces the whole folder, so they would \
                     be removed with it; remove them if they were the site's, or move them into static/ to go on \
                     publishing them",
                    others[..shown].join(", ")
                ),
            });
        }
        let old = self.staging.with_file_name(format!(
            ".{}.old-{}",
            self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        // A version control checkout in the output (a `gh-pages` clone or worktree in
        // `public/`, committed and pushed by hand, as Hugo's users keep one) goes on in the new
        // output: the build never writes one (static/ leaves them out), and its history would
        // be lost with the old output.
        let kept: Vec<&str> = VERSION_CONTROL
            .iter()
            .copied()
            .filter(|name| fs::symlink_metadata(self.target.join(name)).is_ok())
            .collect();
        // Moves the checkout's entries of `moved` back from the new output into the target;
        // any that cannot go back stay where they are, and so does the new output with them
        // (never removed), said in the error.
        let put_back = |this: &mut Staging, moved: &[&str], error: SiteError| -> SiteError {
            let stranded: Vec<&str> = moved
                .iter()
                .copied()
                .filter(|name| fs::rename(this.staging.join(name), this.target.join(name)).is_err())
                .collect();
            if stranded.is_empty() {
                return error;
            }
            this.finished = true;
            SiteError::Io {
                path: this.target.clone(),
                message: format!(
                    "{error}; the output's {} could not be put back and is in {}",
                    stranded.join(", "),
                    this.staging.display()
                ),
            }
        };
        let mut moved: Vec<&str> = Vec::new();
        for name in &kept {
            if let Err(e) = fs::rename(self.target.join(name), self.staging.join(name)) {
                let error = io(&self.target.join(name))(e);
                return Err(put_back(&mut self, &moved, error));
            }
            moved.push(name);
        }
        if self.target.exists()
            && let Err(e) = fs::rename(&self.target, &old)
        {
            let error = beside(&self.target, &self.target, e);
            return Err(put_back(&mut self, &moved, error));
        }
        if let Err(e) = swap(&self.staging, &self.target) {
            // Put the previous output back before reporting.
            let _ = fs::rename(&old, &self.target);
            let error = io(&self.target)(e);
            return Err(put_back(&mut self, &moved, error));
        }
        self.finished = true;
        if fs::symlink_metadata(&old).is_ok()
            && let Err(e) = remove(&old)
        {
            return Ok(Some((old, e.to_string())));
        }
        Ok(None)
    }
}

/// What a previous output without its marker (a build of leverage's a host recipe took it from,
/// `looks_built`) holds that is not leverage's, file by file: neither in the new output
/// `staging`, nor of a kind only leverage writes there (a page's `index.html`, a feed's
/// `atom.xml`, the search's `index.json`, an earlier `style.<hash>.css` or sitemap part), nor in
/// a version control checkout (kept). A web root's `uploads/photo.jpg`, `.htaccess` or
/// `.well-known/acme-challenge/` file is the writer's (or a static file since removed): a build
/// refuses to remove it. Sorted; none for an output with its marker.
fn others_in(target: &Path, staging: &Path) -> Vec<String> {
    if target.join(MARKER).exists() {
        return Vec::new();
    }
    let top = |name: &str| {
        let hashed = |prefix: &str, suffix: &str| {
            name.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
                .is_some_and(|middle| !middle.is_empty() && middle.bytes().all(|b| b.is_ascii_alphanumeric()))
        };
        hashed("style.", ".css") || hashed("sitemap-", ".xml")
    };
    let walk = walkdir::WalkDir::new(target).min_depth(1).max_depth(64).sort_by_file_name().into_iter();
    let mut others: Vec<String> = walk
        .filter_entry(|e| !(e.depth() == 1 && VERSION_CONTROL.iter().any(|v| e.file_name() == *v)))
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(target).ok()?;
            let name = entry.file_name().to_string_lossy();
            // A file in a page's folder (or below one), a bundle's picture since removed; an
            // alias's redirect page (`old-post.html`); the theme's icon of a theme since left.
            let in_a_page = relative.ancestors().skip(1).any(|folder| {
                !folder.as_os_str().is_empty() && target.join(folder).join("index.html").is_file()
            });
            let leverages = matches!(name.as_ref(), "index.html" | "index.json" | "atom.xml")
                || (entry.depth() == 1 && (top(&name) || name == "favicon.svg"))
                || in_a_page
                || (name.ends_with(".html") && is_redirect(entry.path()));
            let ours = leverages || fs::symlink_metadata(staging.join(relative)).is_ok();
            (!ours).then(|| format!("`{}`", crate::theme::slashed(relative)))
        })
        .collect();
    others.sort();
    others
}

/// Whether the file at `path` is an alias's page as leverage writes it (`pages::redirect`): its
/// first kilobyte names `noindex` and a `refresh`.
fn is_redirect(path: &Path) -> bool {
    let mut start = [0u8; 1024];
    let read =
        fs::File::open(path).and_then(|mut file| std::io::Read::read(&mut file, &mut start)).unwrap_or(0);
    let start = String::from_utf8_lossy(&start[..read]);
    start.contains("<meta http-equiv=\"refresh\"")
        && start.contains("<meta name=\"robots\" content=\"noindex\">")
}

/// An error of the folders a build swaps in beside the output (`.public.building-<pid>`, made in
/// its parent, then renamed over it), said at `at` with what it needs: an output that is a mount
/// point cannot be renamed (EBUSY), and one whose parent is not writable cannot have a sibling.
fn beside(target: &Path, at: &Path, e: std::io::Error) -> SiteError {
    let needs = match e.kind() {
        std::io::ErrorKind::ResourceBusy
        | std::io::ErrorKind::PermissionDenied
        | std::io::ErrorKind::ReadOnlyFilesystem => format!(
            "; a build renders beside the output and renames its folder into place, so {} cannot be a mount \
             point and the folder holding it must be writable: expected an output in a writable folder (a \
             folder below a mounted volume, `--output-dir {}/site`)",
            target.display(),
            target.display()
        ),
        _ => String::new(),
    };
    SiteError::Io { path: at.to_path_buf(), message: format!("{e}{needs}") }
}

/// The names of version control folders (or, for a git worktree, its `.git` file) at the top of
/// an output that a build keeps: no build writes one. `deploy` never sends them.
pub const VERSION_CONTROL: [&str; 6] = [".git", ".hg", ".svn", ".bzr", "_darcs", ".jj"];

/// Removes the folder at `path` and everything in it, the entries of each folder on rayon's
/// threads at once: an output is mostly thousands of folders of one page each
/// (`records/<slug>/index.html`), and `rm -rf` removed a 10,000-record output in 0.39 s
/// (tmpfs), two of them each given half in 0.18 s.
///
/// Through the remove_dir_all crate, which works from open folders (`openat`), never by path:
/// a folder swapped for a link while it works is not followed, as `fs::remove_dir_all` does not
/// follow one (CVE-2022-21658), and a link is removed as a file. A folder already gone counts as
/// removed.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    match remove_dir_all::remove_dir_all(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        result => result,
    }
}

/// The folders sent to `Staging::make_folders`, made by jobs on rayon's threads one at a time:
/// a job runs when a thread has no other work (between the batches of files parsed, say) and
/// makes every folder waiting, so that no thread waits for another to make a folder.
#[derive(Debug)]
struct Ahead {
    root: PathBuf,
    state: Mutex<AheadState>,
    /// Told when a thread stops making folders.
    idle: Condvar,
    /// Set when the build failed: the folders waiting are not made.
    stop: AtomicBool,
}

#[derive(Debug, Default)]
struct AheadState {
    waiting: VecDeque<Vec<String>>,
    /// A job was spawned and has not started yet.
    spawned: bool,
    /// A thread is making folders.
    making: bool,
    made: HashSet<String>,
}

impl Ahead {
    fn new(root: PathBuf) -> Arc<Ahead> {
        Arc::new(Ahead { root, state: Mutex::default(), idle: Condvar::new(), stop: AtomicBool::new(false) })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, AheadState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn send(self: &Arc<Self>, folders: Vec<String>) {
        let mut state = self.lock();
        state.waiting.push_back(folders);
        if !state.spawned {
            state.spawned = true;
            let ahead = Arc::clone(self);
            rayon::spawn(move || {
                let mut state = ahead.lock();
                state.spawned = false;
                if !state.making {
                    ahead.make_waiting(state);
                }
            });
        }
    }

    /// Makes every folder waiting, and those sent meanwhile, on this thread.
    fn make_waiting<'a>(&'a self, mut state: std::sync::MutexGuard<'a, AheadState>) {
        state.making = true;
        while let Some(batch) = state.waiting.pop_front() {
            drop(state);
            let mut made = Vec::with_capacity(batch.len());
            for folder in batch {
                if self.stop.load(Ordering::Relaxed) {
                    break;
                }
                let path = self.root.join(&folder);
                let made_now = match fs::create_dir(&path) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => fs::create_dir_all(&path).is_ok(),
                    result => result.is_ok(),
                };
                if made_now {
                    made.push(folder);
                }
            }
            state = self.lock();
            state.made.extend(made);
        }
        state.making = false;
        self.idle.notify_all();
    }

    /// Waits until every folder sent is made, making them on this thread if no other is; the
    /// folders made.
    fn finish(&self) -> HashSet<String> {
        let mut state = self.lock();
        loop {
            if state.making {
                state = self.idle.wait(state).unwrap_or_else(PoisonError::into_inner);
            } else if !state.waiting.is_empty() {
                self.make_waiting(state);
                state = self.lock();
            } else {
                return std::mem::take(&mut state.made);
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Nothing may make a folder in it once it is removed.
        self.ahead.stop.store(true, Ordering::Relaxed);
        self.ahead.finish();
        if !self.finished {
            let _ = remove_marked(&self.staging);
        }
    }
}

/// Removes a folder of leverage's (an output, or one beside it), its marker last: a removal cut
/// short (the process killed, the machine stopped) leaves a folder still marked, which
/// `clear_stale` knows for leverage's and removes, where an unmarked one is left alone.
fn remove_marked(path: &Path) -> std::io::Result<()> {
    remove_marked_with(path, remove_tree)
}

/// `remove_marked`, each folder in it removed by `remove_folder`.
fn remove_marked_with(
    path: &Path,
    remove_folder: impl Fn(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let entries = match fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut first_error = None;
    for entry in entries {
        let result = entry.and_then(|entry| {
            if entry.file_name() == MARKER {
                return Ok(());
            }
            // A link is removed as a file, never followed.
            if entry.file_type()?.is_dir() {
                remove_folder(&entry.path())
            } else {
                fs::remove_file(entry.path())
            }
        });
        if let Err(e) = result {
            first_error.get_or_insert(e);
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    match fs::remove_file(path.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    remove_tree(path)
}

/// Removes the staging folders (`.<name>.building-<pid>`, beside `target`) that builds which
/// were killed left behind: a whole site each, never cleared otherwise. A folder is removed only
/// when it holds the marker and its marker's lock can be taken, that is, when no build holds it
/// (a live build keeps it locked, whatever machine or container it runs in; the lock goes when
/// its process does). Where locks are not supported, nothing is removed.
///
/// A previous output moved aside as `.<name>.old-<pid>` by a build that was killed before it
/// removed it is removed when that build's process is gone (looked up in `/proc`; where there
/// is none, nothing is removed) and a whole output (marked) is in place at `<name>`, looked at
/// again right before: a live build may be between its two renames, or putting its previous
/// output back after a failed swap, and a killed one between them left the only copy.
fn clear_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let prefix = format!(".{name}.building-");
    let old_prefix = format!(".{name}.old-");
    let digits = |pid: &str| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let path = entry.path();
        if let Some(pid) = file_name.strip_prefix(&old_prefix) {
            if digits(pid)
                && pid.parse().is_ok_and(process_gone)
                && path.join(MARKER).is_file()
                && parent.join(name).join(MARKER).is_file()
            {
                let _ = remove_marked(&path);
            }
            continue;
        }
        let Some(pid) = file_name.strip_prefix(&prefix) else { continue };
        if !digits(pid) {
            continue;
        }
        if lock_is_free(&path.join(MARKER)) {
            let _ = remove_marked(&path);
        }
    }
}

/// Creates the file `name` in `folder`, holding `text` and locked for as long as the returned
/// file is open: it is locked before it takes its name (written as `<name>.new`, then renamed),
/// so that no other process finds it named and unlocked and takes its holder for gone
/// (`lock_is_free`). Where the file system has no locks, it is made all the same.
pub fn locked_file(folder: &Path, name: &str, text: &[u8]) -> std::io::Result<fs::File> {
    let unnamed = folder.join(format!("{name}.new"));
    let mut file = fs::File::create(&unnamed)?;
    let _ = file.lock();
    file.write_all(text)?;
    fs::rename(&unnamed, folder.join(name))?;
    Ok(file)
}

/// Whether the file at `path` (one `locked_file` made) is there with its lock free: the process
/// that held it is gone. `false` where it is not there or its file system has no locks.
pub fn lock_is_free(path: &Path) -> bool {
    fs::File::open(path).is_ok_and(|file| file.try_lock().is_ok())
}

/// Whether the process `pid` is gone, as `/proc` says: `false` where there is no `/proc` to
/// ask, so that nothing a live process may still use is taken for left behind.
pub fn process_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Where `path` leads when it is a symbolic link (through a chain of them, a dangling one
/// included: its folder is made where it points); `path` itself otherwise, or when the links
/// loop.
fn followed(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // The kernel's own limit on the links followed in one path.
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let Some(to) = is_link.then(|| fs::read_link(&path).ok()).flatten() else {
            return path;
        };
        // A relative link points from the folder that holds it.
        path = match path.parent() {
            Some(parent) if to.is_relative() => parent.join(to),
            _ => to,
        };
    }
    path
}

/// The folders of a site that a build reads, by their names below its root: an output inside
/// one of them would be read back as input by the next build.
pub const INPUT_FOLDERS: [&str; 4] = ["content", "static", "templates", "themes"];

/// The folder a build reads that `relative` (a path below the site's root) is in, if any.
pub fn input_folder(relative: &Path) -> Option<&'static str> {
    INPUT_FOLDERS.into_iter().find(|folder| relative.starts_with(folder))
}

/// Where `path` is or will be once the build makes it: the nearest of its parents that exists,
/// with its links resolved, and the rest of the path below it. A `..` in the rest steps out of a
/// folder that the build is about to make, so it is taken away with that folder: the build's
/// `x/../content` is `content`, and must be refused as `content` is.
fn placed(path: &Path) -> PathBuf {
    let resolve = |full: &Path| {
        full.ancestors()
            .find_map(|existing| {
                let rest = full.strip_prefix(existing).ok()?;
                fs::canonicalize(existing).ok().map(|real| (real, rest.to_path_buf()))
            })
            .unwrap_or_else(|| (PathBuf::new(), full.to_path_buf()))
    };
    let (mut at, rest) = resolve(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let mut stepped_out = false;
    for part in rest.components() {
        match part {
            Component::ParentDir => {
                at.pop();
                stepped_out = true;
            }
            Component::CurDir => {}
            other => at.push(other),
        }
    }
    if stepped_out {
        // What is left may name folders that exist, links among them: place it again.
        let (real, rest) = resolve(&at);
        return real.join(rest);
    }
    at
}

/// Refuses targets that must never be replaced.
fn check_target(target: &Path, site_root: &Path, home: Option<&Path>) -> Result<(), SiteError> {
    let refuse = |reason: &str| {
        Err(SiteError::OutputRefused { path: target.to_path_buf(), reason: reason.to_string() })
    };
    let target_abs = placed(target);
    let root_abs = placed(site_root);
    if target_abs.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    if root_abs.starts_with(&target_abs) {
        return refuse("it is the site root or holds it; expected a folder of its own such as public/");
    }
    if home.is_some_and(|home| placed(home) == target_abs) {
        return refuse("it is the home folder");
    }
    if let Some(folder) = target_abs.strip_prefix(&root_abs).ok().and_then(input_folder) {
        return refuse(&format!(
            "it is inside the site's {folder}/ folder, which every build reads, so the next build would read this \
             output back in; expected a folder of its own such as public/"
        ));
    }
    if target_abs.is_file() {
        return refuse("it is a file, not a folder");
    }
    // A device, pipe or socket (`--output-dir /dev/null`) would be moved aside and replaced by
    // the build, and its old name then removed: only a folder, or nothing, is written into.
    if target_abs.exists() && !target_abs.is_dir() {
        return refuse("it is not a folder but a device, pipe or socket");
    }
    if target_abs.is_dir() {
        let empty = fs::read_dir(&target_abs).map_err(io(target))?.next().is_none();
        if !empty && !is_ours(&target_abs) {
            return Err(SiteError::OutputNotOurs { path: target.to_path_buf() });
        }
    }
    Ok(())
}

/// Whether `dir` is a folder leverage built: it has the marker, or it `looks_built`.
pub fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).exists() || looks_built(dir)
}

/// Whether `dir` holds a build of leverage's whose marker was removed, as the recipes for hosts
/// that publish a folder do (docs/deploy.md): it has `sitemap.xml`, `robots.txt`, `404.html`
/// and a `data/records.json` that starts as only leverage writes it, `{"site":{"title":`.
fn looks_built(dir: &Path) -> bool {
    const START: &[u8] = b"{\"site\":{\"title\":";
    let mut start = [0u8; START.len()];
    let exports = fs::File::open(dir.join("data").join("records.json"))
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut start))
        .is_ok_and(|()| start == START);
    exports && ["sitemap.xml", "robots.txt", "404.html"].iter().all(|name| dir.join(name).is_file())
}

/// Writes one file below `dir` atomically (a temporary sibling renamed over it), so a server
/// reading the folder never sees half a file. Used by `serve`'s incremental rebuilds.
pub fn write_file(dir: &Path, relative: &str, bytes: &[u8]) -> Result<(), SiteError> {
    stream_file(dir, relative, |out| out.write_all(bytes))
}

/// Whether the file at `relative` below `dir` holds `bytes` already: its length is asked first,
/// so a file of another length is not read.
pub fn holds(dir: &Path, relative: &str, bytes: &[u8]) -> bool {
    let path = dir.join(relative);
    fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(&path).is_ok_and(|old| old == bytes)
}

/// Copies the file `source` (opened from `from`) into `target` (created at `to`). std's copy
/// does not say whether a read or a write failed: an error a write alone gives (a full disk, a
/// quota, a read-only file system) is said at `to`, naming `from`; any other at `from`, which a
/// writer can look at (`to` may be in a folder a failed build removes).
fn copy_between(
    source: &mut fs::File,
    from: &Path,
    target: &mut fs::File,
    to: &Path,
) -> Result<(), SiteError> {
    use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, ReadOnlyFilesystem, StorageFull};
    std::io::copy(source, target).map(drop).map_err(|e| match e.kind() {
        StorageFull | QuotaExceeded | ReadOnlyFilesystem | FileTooLarge => {
            SiteError::Io { path: to.to_path_buf(), message: format!("copying {}: {e}", from.display()) }
        }
        _ => SiteError::Io { path: from.to_path_buf(), message: format!("cannot copy it: {e}") },
    })
}

/// Whether the file at `relative` below `dir` holds the bytes of the file `from`: their lengths
/// are compared first, then their bytes a block at a time.
pub fn holds_file(dir: &Path, relative: &str, from: &Path) -> bool {
    let path = dir.join(relative);
    let (Ok(old), Ok(new)) = (fs::metadata(&path), fs::metadata(from)) else { return false };
    if old.len() != new.len() {
        return false;
    }
    let (Ok(old), Ok(new)) = (fs::File::open(&path), fs::File::open(from)) else { return false };
    let (mut old, mut new) = (std::io::BufReader::new(old), std::io::BufReader::new(new));
    loop {
        let (Ok(a), Ok(b)) = (old.fill_buf(), new.fill_buf()) else { return false };
        let n = a.len().min(b.len());
        if a[..n] != b[..n] {
            return false;
        }
        if n == 0 {
            return a.is_empty() && b.is_empty();
        }
        old.consume(n);
        new.consume(n);
    }
}

/// Copies the file `from` to `relative` below `dir` atomically (`write_file`), unless it holds
/// its bytes already (`holds_file`); whether it was written. For serve, as `write_if_changed`.
pub fn copy_if_changed(dir: &Path, relative: &str, from: &Path) -> Result<bool, SiteError> {
    if holds_file(dir, relative, from) {
        return Ok(false);
    }
    let mut source = fs::File::open(from).map_err(io(from))?;
    let to = dir.join(relative);
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let temporary = temporary_name(&to);
    let mut target = fs::File::create(&temporary).map_err(io(&temporary))?;
    if let Err(e) = copy_between(&mut source, from, &mut target, &to) {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    fs::rename(&temporary, &to).map_err(io(&to))?;
    Ok(true)
}

/// `write_file` unless the file holds `bytes` already; whether it was written.
pub fn write_if_changed(dir: &Path, relative: &str, bytes: &[u8]) -> Result<bool, SiteError> {
    if holds(dir, relative, bytes) {
        return Ok(false);
    }
    write_file(dir, relative, bytes)?;
    Ok(true)
}

/// Like `write_file`, with the contents written by `write` (buffered) instead of held in memory.
pub fn stream_file(
    dir: &Path,
    relative: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), SiteError> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let temporary = temporary_name(&path);
    stream_to(&temporary, write)?;
    fs::rename(&temporary, &path).map_err(io(&path))
}

/// Creates `path` and writes it through a buffer.
fn stream_to(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), SiteError> {
    let file = fs::File::create(path).map_err(io(path))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    write(&mut out).and_then(|()| out.flush()).map_err(io(path))
}

/// The temporary sibling a file is written to before it is renamed into place.
pub fn temporary_name(path: &Path) -> PathBuf {
    path.with_file_name(format!(
        ".{}.tmp-{}",
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ))
}

/// Removes one output file and the folders it leaves empty, up to `dir`.
pub fn remove_file(dir: &Path, relative: &str) {
    let path = dir.join(relative);
    let _ = fs::remove_file(&path);
    let mut parent = path.parent();
    while let Some(folder) = parent.filter(|p| p.starts_with(dir) && *p != dir) {
        if fs::remove_dir(folder).is_err() {
            break;
        }
        parent = folder.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A static file is copied, not read whole: into a build's staging folder, and under serve
    /// only when its bytes differ (the same length and other bytes, a block past the first,
    /// too), atomically, leaving no temporary file.
    #[test]
    fn static_files_are_copied_and_copied_again_only_when_changed() {
        let root = tempfile::tempdir().expect("temp dir");
        let from = root.path().join("talk.mp4");
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&from, &bytes).expect("written");
        let out = root.path().join("public");
        let staging = Staging::new(&out, root.path()).expect("allowed");
        staging.copy("media/talk.mp4", &from).expect("copied");
        staging.finish().expect("swapped");
        assert_eq!(fs::read(out.join("media/talk.mp4")).expect("copied"), bytes);
        assert!(holds_file(&out, "media/talk.mp4", &from));
        assert!(!copy_if_changed(&out, "media/talk.mp4", &from).expect("compared"));
        let mut changed = bytes.clone();
        changed[90_000] ^= 1;
        fs::write(&from, &changed).expect("written");
        assert!(!holds_file(&out, "media/talk.mp4", &from), "same length, another byte");
        assert!(copy_if_changed(&out, "media/talk.mp4", &from).expect("copied"));
        assert_eq!(fs::read(out.join("media/talk.mp4")).expect("copied"), changed);
        fs::write(&from, &changed[..10]).expect("written");
        assert!(!holds_file(&out, "media/talk.mp4", &from), "shorter");
        assert!(copy_if_changed(&out, "media/new/talk.mp4", &from).expect("copied"));
        let left: Vec<_> =
            fs::read_dir(out.join("media")).expect("listed").flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 2, "no temporary file is left: {left:?}");
        let missing = copy_if_changed(&out, "media/gone.mp4", &root.path().join("gone.mp4"));
        assert!(missing.is_err_and(|e| e.to_string().contains("gone.mp4")));
    }

    /// An output that is a mount point (EBUSY when renamed) or in a folder that is not writable
    /// is told what a build needs; another error is said as it is.
    #[test]
    fn an_output_that_cannot_be_swapped_is_told_why() {
        let target = Path::new("/srv/site/public");
        for kind in [std::io::ErrorKind::ResourceBusy, std::io::ErrorKind::PermissionDenied] {
            let said = beside(target, target, std::io::Error::from(kind)).to_string();
            assert!(said.starts_with("/srv/site/public: "), "{said}");
            assert!(
                said.contains(
                    "/srv/site/public cannot be a mount point and the folder holding it must be writable"
                ),
                "{said}"
            );
            assert!(said.contains("`--output-dir /srv/site/public/site`"), "{said}");
        }
        let said = beside(target, target, std::io::Error::from(std::io::ErrorKind::NotFound)).to_string();
        assert!(!said.contains("mount point"), "{said}");
    }

    /// No build writes a version control folder (static/ leaves each out), which keeping one
    /// of the previous output's relies on.
    #[test]
    fn every_kept_checkout_name_is_one_static_leaves_out() {
        for name in VERSION_CONTROL {
            assert!(crate::theme::is_left_out_name(std::ffi::OsStr::new(name)), "{name}");
        }
    }

    /// A version control checkout in the output (a `gh-pages` clone in `public/`, or a git
    /// worktree's `.git` file) goes on in the new output, with every byte of it; the rest of the
    /// old output goes.
    #[test]
    fn a_checkout_in_the_output_is_kept() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        fs::create_dir_all(out.join(".git/objects/ab")).expect("folders");
        fs::write(out.join(MARKER), b"").expect("written");
        fs::write(out.join(".git/objects/ab/cdef"), b"history").expect("written");
        fs::write(out.join(".hg"), b"a worktree's file").expect("written");
        fs::write(out.join("old.html"), b"old").expect("written");
        fs::write(out.join("index.html"), b"old home").expect("written");
        let staging = Staging::new(&out, root.path()).expect("a build's output");
        staging.write("index.html", b"new home").expect("written");
        staging.finish().expect("swapped");
        assert_eq!(fs::read(out.join(".git/objects/ab/cdef")).expect("kept"), b"history");
        assert_eq!(fs::read(out.join(".hg")).expect("kept"), b"a worktree's file");
        assert_eq!(fs::read(out.join("index.html")).expect("written"), b"new home");
        assert!(!out.join("old.html").exists());
        // A swap that fails puts the checkout back with the previous output.
        let staging = Staging::new(&out, root.path()).expect("a build's output");
        staging.write("index.html", b"newer").expect("written");
        let failed = staging.finish_with(remove_tree, |_, _| Err(std::io::Error::other("refused")));
        assert!(failed.is_err());
        assert_eq!(fs::read(out.join(".git/objects/ab/cdef")).expect("put back"), b"history");
        assert_eq!(fs::read(out.join("index.html")).expect("as it was"), b"new home");
    }

    #[test]
    fn swaps_in_a_finished_build() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        let staging = Staging::new(&out, root.path()).expect("allowed");
        staging.write("a/index.html", b"new").expect("written");
        staging.finish().expect("swapped");
        assert_eq!(fs::read(out.join("a/index.html")).expect("file"), b"new");
        assert!(out.join(MARKER).exists());
    }

    /// A previous output that cannot be removed once the new one is in place leaves the build
    /// done, and is handed back to be warned of: it was reported as a failed build whose
    /// previous output was unchanged.
    #[test]
    fn a_previous_output_that_cannot_be_removed_leaves_the_build_in_place() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        let first = Staging::new(&out, root.path()).expect("allowed");
        first.write("a/index.html", b"old").expect("written");
        assert_eq!(first.finish().expect("swapped"), None);
        let second = Staging::new(&out, root.path()).expect("allowed");
        second.write("a/index.html", b"new").expect("written");
        let left = second
            .finish_with(
                |_| Err(std::io::Error::other("device busy")),
                |staging, target| fs::rename(staging, target),
            )
            .expect("the build is in place")
            .expect("the previous output is handed back");
        assert_eq!(fs::read(out.join("a/index.html")).expect("file"), b"new");
        assert_eq!(fs::read(left.0.join("a/index.html")).expect("the previous output"), b"old");
        assert_eq!(left.1, "device busy");
    }

    #[cfg(unix)]
    #[test]
    fn the_previous_output_is_removed_whole_and_links_in_it_are_not_followed() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        let kept = root.path().join("kept");
        fs::create_dir_all(kept.join("inner")).expect("made");
        fs::write(kept.join("inner/file"), "keep me").expect("written");
        let first = Staging::new(&out, root.path()).expect("allowed");
        for n in 0..50 {
            first.write(&format!("records/{n}/index.html"), b"old").expect("written");
        }
        first.write("records/deep/a/b/c/index.html", b"old").expect("written");
        first.finish().expect("swapped");
        // Links to a folder outside, at every depth: removed as links, never followed.
        for link in ["top", "records/linked", "records/deep/linked", "records/deep/a/b/linked"] {
            std::os::unix::fs::symlink(&kept, out.join(link)).expect("linked");
        }
        let second = Staging::new(&out, root.path()).expect("allowed");
        second.write("index.html", b"new").expect("written");
        second.finish().expect("swapped");
        let left: Vec<_> =
            fs::read_dir(root.path()).expect("listed").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(left.len(), 2, "the previous output is gone: {left:?}");
        assert!(!out.join("records").exists());
        assert_eq!(fs::read_to_string(out.join("index.html")).expect("file"), "new");
        assert_eq!(fs::read_to_string(kept.join("inner/file")).expect("kept"), "keep me");
    }

    #[test]
    fn a_killed_build_s_folder_is_cleared_and_a_live_one_s_kept() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        let make = |name: &str| {
            let dir = root.path().join(name);
            fs::create_dir_all(&dir).expect("made");
            fs::write(dir.join(MARKER), "").expect("marked");
            dir
        };
        // A build that runs (its marker locked), one that was killed (nothing holds its marker),
        // an unmarked folder, another output's, and a previous output moved aside.
        let live = Staging::new(&out, root.path()).expect("allowed");
        let killed = make(".public.building-4999999");
        let unmarked = root.path().join(".public.building-4999998");
        fs::create_dir_all(&unmarked).expect("made");
        let other = make(".site.building-4999999");
        let moved = make(".public.old-4999999");
        clear_stale(root.path(), "public");
        assert!(!killed.exists(), "a killed build's folder is removed");
        assert!(live.dir().join(MARKER).is_file(), "a live build's folder stays");
        assert!(
            unmarked.exists() && other.exists() && moved.exists(),
            "the rest is not touched; with no output in place, the moved one may be the only copy"
        );
        live.write("index.html", b"live").expect("written");
        live.finish().expect("swapped");
        assert_eq!(fs::read(out.join("index.html")).expect("file"), b"live");
        // With a whole output in place, the previous one moved aside by a build that is gone is
        // no longer needed; an unmarked folder of that name is not leverage's, and one of a live
        // build (this process) may be about to be put back.
        let unmarked_old = root.path().join(".public.old-4999998");
        fs::create_dir_all(&unmarked_old).expect("made");
        let live_old = make(&format!(".public.old-{}", std::process::id()));
        clear_stale(root.path(), "public");
        if Path::new("/proc/self").exists() {
            assert!(!moved.exists(), "the moved-aside output is removed");
        }
        assert!(unmarked_old.exists() && live_old.exists() && out.join("index.html").exists());
    }

    /// A removal cut short (here, a folder in it that cannot be removed; a build killed while it
    /// removes its previous output is the same) leaves the folder marked, so that the next build
    /// knows it for leverage's and removes it: the marker goes last.
    #[test]
    fn a_removal_cut_short_leaves_the_folder_marked_for_the_next_build() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        fs::create_dir_all(&out).expect("made");
        fs::write(out.join(MARKER), "").expect("marked");
        let old = root.path().join(".public.old-4999997");
        for folder in ["a", "b", "records/x"] {
            fs::create_dir_all(old.join(folder)).expect("made");
            fs::write(old.join(folder).join("index.html"), "page").expect("written");
        }
        fs::write(old.join(MARKER), "").expect("marked");
        fs::write(old.join("sitemap.xml"), "map").expect("written");
        let refused = remove_marked_with(&old, |folder| {
            if folder.ends_with("b") { Err(std::io::Error::other("cut short")) } else { remove_tree(folder) }
        });
        assert!(refused.is_err());
        assert!(old.join(MARKER).is_file(), "the marker stays until the rest is gone");
        assert!(!old.join("a").exists() && !old.join("sitemap.xml").exists(), "the rest was removed");
        clear_stale(root.path(), "public");
        if Path::new("/proc/self").exists() {
            assert!(!old.exists(), "the next build removes what is left");
        }
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn an_unfinished_build_leaves_the_previous_output() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        let first = Staging::new(&out, root.path()).expect("allowed");
        first.write("index.html", b"old").expect("written");
        first.finish().expect("swapped");
        let second = Staging::new(&out, root.path()).expect("allowed");
        second.write("index.html", b"half").expect("written");
        drop(second);
        assert_eq!(fs::read(out.join("index.html")).expect("file"), b"old");
        assert_eq!(fs::read_dir(root.path()).expect("dir").count(), 1, "no staging folder left behind");
    }

    #[test]
    fn folders_made_ahead_hold_the_files_written_into_them() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        let staging = Staging::new(&out, root.path()).expect("allowed");
        staging.make_folders(vec!["records/a".into(), "records/b".into()]);
        staging.make_folders(vec!["deep/er/c".into()]);
        staging.folders_made();
        // Sent after they were waited for: left to `write`.
        staging.make_folders(vec!["records/late".into()]);
        let made = staging.made.get().expect("waited for");
        assert_eq!(made.len(), 3, "{made:?}");
        let files = [
            "records/a/index.html",
            "records/b/index.html",
            "deep/er/c/index.html",
            "records/late/index.html",
        ];
        for file in files {
            staging.write(file, file.as_bytes()).expect("written");
        }
        staging.finish().expect("swapped");
        for file in files {
            assert_eq!(fs::read(out.join(file)).expect("file"), file.as_bytes());
        }
    }

    #[test]
    fn a_failed_build_leaves_no_folder_behind_while_folders_are_made() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        let staging = Staging::new(&out, root.path()).expect("allowed");
        for batch in 0..20 {
            staging.make_folders((0..200).map(|n| format!("records/{batch}-{n}")).collect());
        }
        drop(staging);
        assert_eq!(fs::read_dir(root.path()).expect("dir").count(), 0, "nothing left behind");
    }

    #[test]
    fn takes_back_a_build_whose_marker_was_removed() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        fs::create_dir_all(out.join("data")).expect("dir");
        for name in ["sitemap.xml", "robots.txt", "404.html"] {
            fs::write(out.join(name), "x").expect("file");
        }
        fs::write(out.join("data/records.json"), "{\"records\":[]}").expect("file");
        assert!(matches!(Staging::new(&out, root.path()), Err(SiteError::OutputNotOurs { .. })), "not ours");
        fs::write(out.join("data/records.json"), "{\"site\":{\"title\":\"T\"}}").expect("file");
        fs::remove_file(out.join("404.html")).expect("removed");
        assert!(
            matches!(Staging::new(&out, root.path()), Err(SiteError::OutputNotOurs { .. })),
            "no 404 page"
        );
        fs::write(out.join("404.html"), "x").expect("file");
        Staging::new(&out, root.path()).expect("a build of leverage's, its marker removed");
    }

    /// A build of leverage's whose marker was removed (a web root it was published to) is taken
    /// back, but what it holds that leverage did not write is refused, never removed with it:
    /// a page since deleted and an earlier stylesheet are leverage's, an upload is not.
    #[test]
    fn a_build_without_its_marker_keeps_what_leverage_did_not_write() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        fs::create_dir_all(out.join("data")).expect("dir");
        for name in [
            "sitemap.xml",
            "robots.txt",
            "404.html",
            "style.0a1b2c.css",
            "about/index.html",
            "search/index.json",
            "records/2026-03-01/index.html",
            "records/2026-03-01/photo.jpg",
            ".htaccess",
            ".well-known/acme-challenge/token",
        ] {
            fs::create_dir_all(out.join(name).parent().expect("parent")).expect("dir");
            fs::write(out.join(name), "x").expect("file");
        }
        fs::create_dir_all(out.join("uploads")).expect("dir");
        fs::write(out.join("uploads/photo.jpg"), "precious").expect("file");
        // An alias since removed, as leverage wrote its page.
        fs::write(
            out.join("old-post.html"),
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n\
             <link rel=\"canonical\" href=\"/x/\">\n<meta name=\"robots\" content=\"noindex\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url=/x/\">\n</head>\n</html>\n",
        )
        .expect("file");
        fs::write(out.join("data/records.json"), "{\"site\":{\"title\":\"T\"}}").expect("file");
        let build = || {
            let staging = Staging::new(&out, root.path()).expect("a build of leverage's, its marker removed");
            for name in [
                "index.html",
                "sitemap.xml",
                "robots.txt",
                "404.html",
                "data/records.json",
                ".well-known/security.txt",
            ] {
                staging.write(name, b"new").expect("written");
            }
            staging.finish()
        };
        let refused = build().expect_err("refused");
        let message = refused.to_string();
        assert!(
            message.contains(
                "holds `.htaccess`, `.well-known/acme-challenge/token`, `uploads/photo.jpg`, which this build does not write"
            ),
            "{message}"
        );
        assert_eq!(fs::read(out.join("uploads/photo.jpg")).expect("kept"), b"precious");
        assert_eq!(
            fs::read(out.join("sitemap.xml")).expect("kept"),
            b"x",
            "the previous output is untouched"
        );
        assert_eq!(fs::read_dir(root.path()).expect("dir").count(), 1, "no staging folder left behind");
        fs::remove_file(out.join(".htaccess")).expect("removed");
        fs::remove_dir_all(out.join("uploads")).expect("removed");
        fs::remove_dir_all(out.join(".well-known/acme-challenge")).expect("removed");
        build().expect("built over");
        assert_eq!(fs::read(out.join("index.html")).expect("file"), b"new");
        assert!(!out.join("about").exists() && !out.join("style.0a1b2c.css").exists());
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("mine");
        fs::create_dir(&out).expect("dir");
        fs::write(out.join("thesis.tex"), "precious").expect("file");
        assert!(matches!(Staging::new(&out, root.path()), Err(SiteError::OutputNotOurs { .. })));
    }

    #[test]
    fn refuses_a_home_folder() {
        let home = tempfile::tempdir().expect("temp dir");
        let site = tempfile::tempdir().expect("temp dir");
        std::fs::write(home.path().join(".profile"), "mine").expect("written");
        let refused = check_target(home.path(), site.path(), Some(home.path()));
        assert!(matches!(refused, Err(SiteError::OutputRefused { reason, .. }) if reason.contains("home")));
    }

    /// A device, pipe or socket was moved aside and replaced by the build (`/dev/null`, as root),
    /// or hung the build opening a pipe; the build then said the previous output was unchanged.
    #[cfg(unix)]
    #[test]
    fn refuses_a_device_or_a_socket() {
        let site = tempfile::tempdir().expect("temp dir");
        let refused = check_target(Path::new("/dev/null"), site.path(), None);
        assert!(
            matches!(refused, Err(SiteError::OutputRefused { reason, .. }) if reason.contains("not a folder"))
        );
        let socket = site.path().join("out.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("a socket");
        let refused = Staging::new(&socket, site.path());
        assert!(
            matches!(refused, Err(SiteError::OutputRefused { reason, .. }) if reason.contains("not a folder"))
        );
        assert!(fs::symlink_metadata(&socket).is_ok_and(|m| !m.is_dir()), "the socket is left as it was");
        // A named pipe hung the build, opened for its previous output.
        let pipe = site.path().join("out.pipe");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status().expect("mkfifo runs");
        assert!(made.success());
        // Tried on a thread of its own: if opening the pipe came back, the open would wait for a
        // writer, and the test would hang instead of failing. The writer opened here lets it go.
        let (sent, received) = std::sync::mpsc::channel();
        let (target, parent) = (pipe.clone(), site.path().to_path_buf());
        std::thread::spawn(move || sent.send(Staging::new(&target, &parent).map(drop)));
        let refused = received.recv_timeout(std::time::Duration::from_secs(60)).unwrap_or_else(|_| {
            let _writer = fs::OpenOptions::new().write(true).open(&pipe);
            panic!("Staging::new waited on a named pipe");
        });
        assert!(
            matches!(refused, Err(SiteError::OutputRefused { reason, .. }) if reason.contains("not a folder"))
        );
    }

    #[test]
    fn refuses_the_root_of_the_file_system() {
        assert!(check_target(Path::new("/"), Path::new("/srv/site"), None).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_is_built_where_the_link_points_and_the_link_stays() {
        let root = tempfile::tempdir().expect("temp dir");
        let www = root.path().join("www");
        fs::create_dir(&www).expect("made");
        let out = root.path().join("site").join("public");
        fs::create_dir(out.parent().expect("parent")).expect("made");
        std::os::unix::fs::symlink("../www", &out).expect("linked");
        let build = |files: &[&str]| {
            let staging = Staging::new(&out, root.path()).expect("allowed");
            for file in files {
                staging.write(file, file.as_bytes()).expect("written");
            }
            staging.finish().expect("swapped");
        };
        build(&["index.html", "gone/index.html"]);
        build(&["index.html"]);
        assert!(fs::symlink_metadata(&out).expect("there").file_type().is_symlink(), "the link stays a link");
        assert_eq!(fs::read(www.join("index.html")).expect("file"), b"index.html");
        assert!(www.join(MARKER).is_file());
        assert!(!www.join("gone").exists(), "a page the last build did not write is gone");
        let names: Vec<_> =
            fs::read_dir(root.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names.len(), 2, "nothing left beside the site and www: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_s_folder_is_made_where_it_points() {
        let root = tempfile::tempdir().expect("temp dir");
        let out = root.path().join("public");
        std::os::unix::fs::symlink(root.path().join("www"), &out).expect("linked");
        let staging = Staging::new(&out, root.path().join("site").as_path()).expect("allowed");
        staging.write("index.html", b"home").expect("written");
        staging.finish().expect("swapped");
        assert_eq!(fs::read(root.path().join("www/index.html")).expect("file"), b"home");
        assert!(fs::symlink_metadata(&out).expect("there").file_type().is_symlink());
    }

    #[test]
    fn refuses_a_folder_inside_one_the_build_reads() {
        let root = tempfile::tempdir().expect("temp dir");
        fs::create_dir(root.path().join("static")).expect("made");
        for inside in ["static", "static/out", "content/out", "templates/x", "themes/default/out"] {
            let refused = Staging::new(&root.path().join(inside), root.path());
            assert!(
                matches!(&refused, Err(SiteError::OutputRefused { reason, .. }) if reason.contains("every build reads")),
                "{inside}: {refused:?}"
            );
        }
        // A name that only starts like one of them is a folder of its own.
        assert!(Staging::new(&root.path().join("static-site"), root.path()).is_ok());
    }

    #[test]
    fn a_path_that_steps_out_of_a_folder_not_made_yet_is_refused_where_it_lands() {
        let root = tempfile::tempdir().expect("temp dir");
        let site = root.path().join("site");
        fs::create_dir_all(site.join("content/records")).expect("made");
        fs::write(site.join("content/records/2026-03-01.md"), "mine").expect("written");
        fs::write(site.join("site.toml"), "mine").expect("written");
        for (output, reason) in [
            ("x/../content", "every build reads"),
            ("x/y/../../static", "every build reads"),
            ("x/./../../site", "site root"),
            ("x/../..", "site root"),
        ] {
            let refused = Staging::new(&site.join(output), &site);
            assert!(
                matches!(&refused, Err(SiteError::OutputRefused { reason: why, .. }) if why.contains(reason)),
                "{output}: {refused:?}"
            );
        }
        // A folder outside the site that is not leverage's is refused for that, wherever the
        // path went on its way there.
        let other = root.path().join("other");
        fs::create_dir(&other).expect("made");
        fs::write(other.join("notes.txt"), "mine").expect("written");
        let refused = Staging::new(&site.join("x/../../other"), &site);
        assert!(matches!(&refused, Err(SiteError::OutputNotOurs { .. })));
        assert!(!site.join("x").exists(), "nothing made on the way");
        // Stepping out of a made-up folder into a new one of its own is fine.
        assert!(Staging::new(&site.join("x/../public"), &site).is_ok());
    }

    #[test]
    fn refuses_the_site_root_and_its_parents() {
        let root = tempfile::tempdir().expect("temp dir");
        assert!(Staging::new(root.path(), root.path()).is_err());
        assert!(Staging::new(root.path().parent().expect("parent"), root.path()).is_err());
    }
}
