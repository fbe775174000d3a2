//! The deploy plan: which built files to upload (new or changed), which remote files to delete,
//! and how many are unchanged, from a local and a remote listing compared by content hash.
//!
//! It reads no file and talks to no server: the targets list what they hold and hash the local
//! files their own way (an MD5 for S3, a git blob id for git), and hand both listings here.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One built file, by its path below the output folder (with `/` separators).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Local {
    pub(crate) path: String,
    pub(crate) size: u64,
    /// The content hash, as the target compares it.
    pub(crate) hash: String,
}

/// One file the target holds, by its path below the target's prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Remote {
    pub(crate) path: String,
    /// The content hash, when the target knows it; a file without one is uploaded again.
    pub(crate) hash: Option<String>,
    /// When it was last written (milliseconds since 1970), when the target says.
    pub(crate) modified: Option<i64>,
}

/// Why a file is uploaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// The target does not have it.
    New,
    /// The target has other bytes under that path.
    Changed,
    /// The target has the same bytes, sent again by `--force` (for their headers).
    Again,
}

/// One file to upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Upload {
    pub(crate) path: String,
    pub(crate) size: u64,
    pub(crate) change: Change,
    /// Its MD5, where the plan read it (a bucket's; a git branch's plan is git's).
    pub(crate) hash: Option<String>,
}

/// What a deploy does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// New and changed files, by path.
    pub(crate) upload: Vec<Upload>,
    /// Remote files no longer built, by path.
    pub(crate) delete: Vec<String>,
    /// Remote files no longer built that this deploy leaves for the next one to delete: the
    /// versions of a hashed file (`style.<hash>.css`) that a new one replaces now, which pages
    /// still cached by browsers and CDNs link for a few minutes.
    pub(crate) kept: Vec<String>,
    /// Files the target already holds with the same content.
    pub(crate) unchanged: usize,
}

/// The folder and stem, and the extension, of a hashed file's name (`("a/style", "css")` of
/// `a/style.6c50f00a663094d5.css`): the versions of one asset share them.
fn hashed_family(path: &str) -> Option<(&str, &str)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if !super::headers::is_hashed(name) {
        return None;
    }
    let (rest, extension) = path.rsplit_once('.')?;
    let (stem, _hash) = rest.rsplit_once('.')?;
    Some((stem, extension))
}

/// Whether `path`, a file no longer built, is an older version of a hashed file the build has
/// a newer one of (`style.<old>.css` beside `style.<new>.css`): leverage's own output, replaced,
/// which no writer has to agree to delete. `families`: `hashed_family` of each of the build's
/// files, gathered once for all the deletions.
fn superseded_in(path: &str, families: &std::collections::HashSet<(&str, &str)>) -> bool {
    hashed_family(path).is_some_and(|family| families.contains(&family))
}

impl Plan {
    /// Compares the local files with the remote ones by path and hash; with `again`, the files
    /// the target holds with the same bytes are sent again too (`--force`, for their headers),
    /// listed as `again` rather than unchanged.
    pub(crate) fn sending(local: &[Local], remote: &[Remote], again: bool) -> Plan {
        let held: BTreeMap<&str, Option<&str>> =
            remote.iter().map(|r| (r.path.as_str(), r.hash.as_deref())).collect();
        let mut plan = Plan::default();
        for file in local {
            let change = match held.get(file.path.as_str()) {
                None => Some(Change::New),
                Some(Some(hash)) if hash.eq_ignore_ascii_case(&file.hash) => again.then_some(Change::Again),
                Some(_) => Some(Change::Changed),
            };
            match change {
                Some(change) => plan.upload.push(Upload {
                    path: file.path.clone(),
                    size: file.size,
                    change,
                    hash: Some(file.hash.clone()),
                }),
                None => plan.unchanged += 1,
            }
        }
        let built: std::collections::BTreeSet<&str> = local.iter().map(|f| f.path.as_str()).collect();
        plan.delete = held.keys().filter(|path| !built.contains(*path)).map(|p| p.to_string()).collect();
        plan.sort();
        plan
    }

    /// Orders uploads and deletions by path, so plans print the same way every time.
    pub(crate) fn sort(&mut self) {
        self.upload.sort_by(|a, b| a.path.cmp(&b.path));
        self.delete.sort();
    }

    /// True when the target already holds exactly this build (but for the `kept`).
    pub(crate) fn is_empty(&self) -> bool {
        self.upload.is_empty() && self.delete.is_empty()
    }

    /// Leaves for the next deploy (`kept`) the version of each hashed file that the target's
    /// pages link now, when this deploy replaces it: a page cached with the old stylesheet's
    /// address still finds it. `live_page` is the target's home page as it is (before this
    /// deploy): the version it names is the one its pages link, whatever the order the versions
    /// were written in (a change of style undone, two deploys in one second, a deploy stopped
    /// after the stylesheet and before the pages). Without it, or when it names none, that
    /// version is taken to be the one the target holds that was written last: when the built
    /// version is not it (new, or one gone back to), the last written is kept and older ones go;
    /// when the built version is, every older one goes.
    pub(crate) fn keep_superseded(&mut self, local: &[Local], remote: &[Remote], live_page: Option<&str>) {
        let written: BTreeMap<&str, Option<i64>> =
            remote.iter().map(|r| (r.path.as_str(), r.modified)).collect();
        let at = |path: &str| written.get(path).copied().flatten();
        let named = |path: &str| {
            let name = path.rsplit('/').next().unwrap_or(path);
            live_page.is_some_and(|page| page.contains(name))
        };
        let mut kept: Vec<String> = Vec::new();
        for built in local {
            let Some(family) = hashed_family(&built.path) else { continue };
            let versions = || self.delete.iter().filter(|p| hashed_family(p) == Some(family));
            let linked: Vec<&String> = versions().filter(|p| named(p)).collect();
            if named(&built.path) {
                // The pages link the built version already: nothing older is.
                continue;
            }
            if !linked.is_empty() {
                kept.extend(linked.into_iter().cloned());
                continue;
            }
            let last = versions().max_by_key(|p| at(p));
            if let Some(last) = last
                && (!written.contains_key(built.path.as_str()) || at(last) > at(&built.path))
            {
                kept.push(last.clone());
            }
        }
        self.delete.retain(|path| !kept.contains(path));
        kept.sort();
        kept.dedup();
        self.kept = kept;
    }

    /// The deletions a writer must agree to: all but the older versions of hashed files the
    /// build has newer ones of (`built`: the build's files).
    pub(crate) fn deletions_to_agree<'a>(
        &'a self,
        built: &'a [(String, u64)],
    ) -> impl Iterator<Item = &'a String> {
        // A deleted file is none of the build's, so no family member is the file itself.
        let families = built.iter().filter_map(|(b, _)| hashed_family(b)).collect();
        self.delete.iter().filter(move |path| !superseded_in(path, &families))
    }

    /// The bytes to upload.
    pub(crate) fn upload_bytes(&self) -> u64 {
        self.upload.iter().map(|u| u.size).sum()
    }

    /// The plan's one-line summary: `3 to upload (12.1 KiB), 1 to delete, 40 unchanged` (and
    /// `1 kept` before the unchanged when there is one).
    pub(crate) fn summary(&self) -> String {
        let kept = if self.kept.is_empty() { String::new() } else { format!("{} kept, ", self.kept.len()) };
        format!(
            "{} to upload ({}), {} to delete, {kept}{} unchanged",
            self.upload.len(),
            bytes(self.upload_bytes()),
            self.delete.len(),
            self.unchanged
        )
    }

    /// What applying the plan did, for a commit message or a final line:
    /// `3 new or changed (12.1 KiB), 1 deleted, 40 unchanged`.
    pub(crate) fn done(&self) -> String {
        format!(
            "{} new or changed ({}), {} deleted, {} unchanged",
            self.upload.len(),
            bytes(self.upload_bytes()),
            self.delete.len(),
            self.unchanged
        )
    }

    /// Every file of the plan, one per line (`new`, `changed`, `again`, `delete`), then the summary.
    pub(crate) fn listing(&self) -> String {
        let mut out = String::new();
        for upload in &self.upload {
            let word = match upload.change {
                Change::New => "new",
                Change::Changed => "changed",
                Change::Again => "again",
            };
            let _ = writeln!(out, "{word:<8} {}", upload.path);
        }
        for path in &self.delete {
            let _ = writeln!(out, "{:<8} {path}", "delete");
        }
        for path in &self.kept {
            let _ = writeln!(out, "{:<8} {path} (replaced: the next deploy deletes it)", "keep");
        }
        let _ = writeln!(out, "{}", self.summary());
        out
    }
}

/// A count of files: `1 file`, `3 files`.
pub(crate) fn files(count: usize) -> String {
    if count == 1 { "1 file".to_string() } else { format!("{count} files") }
}

/// A byte count for people: `812 B`, `12.1 KiB`, `3.4 MiB`.
pub(crate) fn bytes(count: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if count < 1024 {
        return format!("{count} B");
    }
    // Shown with one decimal: precision past 2^53 bytes does not matter here.
    let mut value = count as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(path: &str, hash: &str) -> Local {
        Local { path: path.into(), size: 10, hash: hash.into() }
    }

    fn remote(path: &str, hash: Option<&str>) -> Remote {
        Remote { path: path.into(), hash: hash.map(str::to_string), modified: None }
    }

    const OLD: &str = "style.6c50f00a663094d5.css";
    const NEW: &str = "style.abc643ef80f6afc4.css";

    /// `superseded_in` against the families of `built`, the path itself left out.
    fn is_superseded<'a>(path: &str, built: impl Iterator<Item = &'a str>) -> bool {
        let families = built.filter(|b| *b != path).filter_map(hashed_family).collect();
        superseded_in(path, &families)
    }

    #[test]
    fn an_older_version_of_a_hashed_file_is_superseded() {
        assert!(is_superseded(OLD, [NEW, "index.html"].into_iter()));
        assert!(!is_superseded(OLD, [OLD].into_iter()), "the same file is no newer version");
        assert!(!is_superseded(OLD, ["index.html"].into_iter()), "a stylesheet no longer built");
        assert!(!is_superseded(OLD, ["print.abc643ef80f6afc4.css"].into_iter()), "another asset");
        assert!(!is_superseded(OLD, ["a/style.abc643ef80f6afc4.css"].into_iter()), "another folder");
        assert!(!is_superseded("style.css", ["style.abc643ef80f6afc4.css"].into_iter()), "no hash");
        assert!(!is_superseded("notes.md", [NEW].into_iter()));
    }

    #[test]
    fn a_new_stylesheet_keeps_the_live_one_for_a_deploy_and_asks_no_consent() {
        const OLDER: &str = "style.0efb56a0c2d14d3e.css";
        let written =
            |path: &str, hash: &str, at: i64| Remote { modified: Some(at), ..remote(path, Some(hash)) };
        let built = [local(NEW, "n"), local("index.html", "j")];
        let listing: Vec<(String, u64)> = built.iter().map(|l| (l.path.clone(), 10)).collect();
        // A new stylesheet: the live one (written last) stays a deploy, an older one goes.
        let held = [
            written(OLDER, "x", 1),
            written(OLD, "o", 2),
            written("index.html", "i", 2),
            written("gone.html", "g", 1),
        ];
        let mut plan = Plan::sending(&built, &held, false);
        plan.keep_superseded(&built, &held, None);
        assert_eq!(plan.delete, ["gone.html", OLDER]);
        assert_eq!(plan.kept, [OLD]);
        assert!(plan.listing().contains(&format!("keep     {OLD} (replaced: the next deploy deletes it)")));
        assert!(plan.summary().ends_with("2 to delete, 1 kept, 0 unchanged"), "{}", plan.summary());
        assert_eq!(
            plan.deletions_to_agree(&listing).collect::<Vec<_>>(),
            ["gone.html"],
            "no consent for a stylesheet"
        );
        // The next deploy, the new one written last: the old one goes, without asking.
        let held = [written(OLD, "o", 2), written(NEW, "n", 3), written("index.html", "j", 3)];
        let mut next = Plan::sending(&built, &held, false);
        next.keep_superseded(&built, &held, None);
        assert_eq!((next.delete.as_slice(), next.kept.len()), (&[OLD.to_string()][..], 0));
        assert_eq!(next.deletions_to_agree(&listing).count(), 0);
        // Going back to a version the target still holds: the live one, written after it, stays.
        let held = [written(NEW, "n", 3), written(OLD, "o", 4), written("index.html", "j", 4)];
        let mut back = Plan::sending(&built, &held, false);
        back.keep_superseded(&built, &held, None);
        assert_eq!((back.delete.len(), back.kept.as_slice()), (0, &[OLD.to_string()][..]));
    }

    /// The version the target's home page links is the one kept, whatever the order the
    /// versions were written in: a change of style undone (red, blue, red, blue) deleted the
    /// live one, as did two deploys in one second.
    #[test]
    fn the_version_the_live_pages_link_is_kept_whenever_it_was_written() {
        let written =
            |path: &str, hash: &str, at: i64| Remote { modified: Some(at), ..remote(path, Some(hash)) };
        let built = [local(NEW, "n"), local("index.html", "j")];
        // NEW was written first, OLD after it, and the pages went back to NEW, then on to OLD
        // again: the pages link OLD, which is built no more.
        let page = format!("<link rel=\"stylesheet\" href=\"/blog/{OLD}\">");
        const OLDER: &str = "style.0efb56a0c2d14d3e.css";
        let held = [written(OLD, "o", 1), written(OLDER, "x", 2), written("index.html", "i", 3)];
        let mut plan = Plan::sending(&built, &held, false);
        plan.keep_superseded(&built, &held, Some(&page));
        assert_eq!(
            (plan.delete.as_slice(), plan.kept.as_slice()),
            (&[OLDER.to_string()][..], &[OLD.to_string()][..])
        );
        // Written in the same second: the page still says which.
        let held = [written(OLD, "o", 5), written(OLDER, "x", 5), written("index.html", "i", 5)];
        let mut tie = Plan::sending(&built, &held, false);
        tie.keep_superseded(&built, &held, Some(&page));
        assert_eq!(tie.kept, [OLD]);
        // The pages link the built version already (a deploy stopped after the pages): no older
        // one is kept.
        let live = format!("<link href=\"/{NEW}\">");
        let held = [written(NEW, "n", 1), written(OLD, "o", 2), written("index.html", "j", 2)];
        let mut done = Plan::sending(&built, &held, false);
        done.keep_superseded(&built, &held, Some(&live));
        assert_eq!((done.delete.as_slice(), done.kept.len()), (&[OLD.to_string()][..], 0));
        // A page that names none: the last written, as without a page.
        let mut unnamed = Plan::sending(&built, &held, false);
        unnamed.keep_superseded(&built, &held, Some("<p>no stylesheet</p>"));
        let mut without = Plan::sending(&built, &held, false);
        without.keep_superseded(&built, &held, None);
        assert_eq!(unnamed.kept, without.kept);
    }

    #[test]
    fn uploads_everything_to_an_empty_target() {
        let plan = Plan::sending(&[local("b.html", "1"), local("a.css", "2")], &[], false);
        assert_eq!(plan.upload.iter().map(|u| u.path.as_str()).collect::<Vec<_>>(), ["a.css", "b.html"]);
        assert!(plan.upload.iter().all(|u| u.change == Change::New));
        assert_eq!((plan.delete.len(), plan.unchanged, plan.upload_bytes()), (0, 0, 20));
    }

    #[test]
    fn the_same_files_make_an_empty_plan() {
        let plan = Plan::sending(&[local("a", "ab")], &[remote("a", Some("AB"))], false);
        assert!(plan.is_empty());
        assert_eq!(plan.unchanged, 1);
    }

    #[test]
    fn a_changed_hash_is_uploaded_and_a_missing_file_deleted() {
        let plan = Plan::sending(
            &[local("a", "1"), local("b", "2"), local("new", "3")],
            &[remote("a", Some("1")), remote("b", Some("old")), remote("gone", Some("4"))],
            false,
        );
        assert_eq!(
            plan.upload,
            [
                Upload { path: "b".into(), size: 10, change: Change::Changed, hash: Some("2".into()) },
                Upload { path: "new".into(), size: 10, change: Change::New, hash: Some("3".into()) },
            ]
        );
        assert_eq!(plan.delete, ["gone"]);
        assert_eq!(plan.unchanged, 1);
    }

    #[test]
    fn a_remote_file_without_a_known_hash_is_uploaded_again() {
        let plan = Plan::sending(&[local("a", "1")], &[remote("a", None)], false);
        assert_eq!(plan.upload[0].change, Change::Changed);
    }

    #[test]
    fn the_listing_names_every_file_and_ends_with_the_summary() {
        let plan = Plan::sending(
            &[local("a", "1"), local("b", "2")],
            &[remote("b", Some("x")), remote("c", None)],
            false,
        );
        assert_eq!(
            plan.listing(),
            "new      a\nchanged  b\ndelete   c\n2 to upload (20 B), 1 to delete, 0 unchanged\n"
        );
    }

    #[test]
    fn what_was_done_reads_in_the_past() {
        let plan = Plan::sending(&[local("a", "1")], &[remote("c", None)], false);
        assert_eq!(plan.done(), "1 new or changed (10 B), 1 deleted, 0 unchanged");
    }

    #[test]
    fn one_file_is_singular() {
        assert_eq!((files(0), files(1), files(2)), ("0 files".into(), "1 file".into(), "2 files".into()));
    }

    #[test]
    fn byte_counts_read_as_people_write_them() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(5 * 1024 * 1024), "5.0 MiB");
    }
}
