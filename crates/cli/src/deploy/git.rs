//! Git targets: commits the built site to a branch of a repository and pushes it, with the git
//! command line (so ssh keys, credential helpers and git's configured identity work as they do
//! for the user).
//!
//! A temporary bare repository fetches the branch's tip (depth 1) or starts an orphan branch when
//! the remote has none. The build output is its work tree and its index is the branch's tree, so
//! `git add --all` records exactly what changed, and git's own blob hashes decide what is new,
//! changed or gone. The commit goes on top of the fetched tip and is pushed without force: if
//! someone pushed in between, the push is refused and nothing is lost. Nothing is written into the
//! output folder, and the marker file `.leverage-output` is never committed.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, bail};

use super::plan::{Change, Plan, Upload};
use super::target::GitLocation;

/// The identity of a deploy commit when git has none configured.
const FALLBACK_NAME: &str = "leverage";
const FALLBACK_EMAIL: &str = "leverage@localhost";

/// A branch being deployed to: the temporary repository and what the remote holds.
#[derive(Debug)]
pub(crate) struct Branch {
    /// Holds the temporary repository; removed on drop.
    _temporary: tempfile::TempDir,
    git_dir: PathBuf,
    work_tree: PathBuf,
    remote: String,
    /// The remote as messages print it (`target::shown_remote`).
    shown: String,
    branch: String,
    /// Whether the remote already has the branch (the commit then goes on top of its tip).
    exists: bool,
    /// The site's repository's own settings of how to sign in to remotes (`credential.*`,
    /// `http.<url>.extraheader`, which GitHub's `actions/checkout` keeps its token in), given to
    /// every git command of the temporary repository, which would not read them otherwise.
    credentials: Vec<(String, String)>,
}

impl Branch {
    /// Fetches the branch's tip from the remote (or notes that the branch is new).
    pub(crate) fn open(location: &GitLocation, work_tree: &Path) -> Result<Branch> {
        let version = Command::new("git").arg("--version").output();
        if !version.is_ok_and(|o| o.status.success()) {
            bail!("cannot run `git`: a git target needs git installed and on the PATH");
        }
        // Absolute: git runs inside the work tree, where a relative path would mean another folder.
        let work_tree = std::path::absolute(work_tree)
            .with_context(|| format!("cannot resolve {}", work_tree.display()))?;
        remove_stale_repositories();
        let temporary = tempfile::Builder::new()
            .prefix(&format!("{TEMPORARY_PREFIX}{}-", std::process::id()))
            .tempdir()
            .context("cannot create a temporary folder for the git repository")?;
        let git_dir = temporary.path().join("repository.git");
        let credentials = site_credentials(&work_tree);
        let mut branch = Branch {
            git_dir: git_dir.clone(),
            _temporary: temporary,
            work_tree: work_tree.clone(),
            remote: location.remote.clone(),
            shown: super::target::shown_remote(&location.remote),
            branch: location.branch.clone(),
            exists: false,
            credentials,
        };
        let init = git_command(&work_tree)
            .args(["init", "--bare", "--quiet"])
            .arg(&git_dir)
            .output()
            .context("cannot run `git init`")?;
        check(&init, "cannot create a temporary git repository")?;
        // The branch holds the build byte for byte: no attributes file (the user's, or a
        // `.gitattributes` in static/) may convert line ends (`text`, `eol`), run a filter or
        // rewrite `$Id$` on the way in. The repository's own file overrides every other.
        let info = git_dir.join("info");
        std::fs::create_dir_all(&info)
            .and_then(|()| std::fs::write(info.join("attributes"), BYTE_FOR_BYTE))
            .context("cannot set up the temporary git repository")?;
        // Bare, so that nothing is checked out, but with the output folder as its work tree.
        check(&branch.git(&["config", "core.bare", "false"])?, "cannot set up the temporary git repository")?;
        let reference = branch.reference();
        let listed = branch.git(&["ls-remote", "--heads", "--exit-code", &branch.remote, &reference])?;
        branch.exists = match listed.status.code() {
            Some(0) => true,
            Some(2) => false,
            _ => bail!("cannot reach {}: {}", branch.shown, git_error(&listed.stderr)),
        };
        if branch.exists {
            let spec = format!("+{reference}:{reference}");
            let fetched =
                branch.git(&["fetch", "--quiet", "--no-tags", "--depth=1", &branch.remote, &spec])?;
            check(&fetched, &format!("cannot fetch branch `{}` of {}", branch.branch, branch.shown))?;
        }
        let head = branch.git(&["symbolic-ref", "HEAD", &reference])?;
        check(&head, "cannot point the temporary repository at the branch")?;
        Ok(branch)
    }

    /// `refs/heads/<branch>`.
    fn reference(&self) -> String {
        format!("refs/heads/{}", self.branch)
    }

    /// Runs git on the temporary repository with the output folder as its work tree.
    fn git(&self, args: &[&str]) -> Result<Output> {
        let mut command = git_command(&self.work_tree);
        with_settings(&mut command, &self.credentials);
        command.arg("--git-dir").arg(&self.git_dir).arg("--work-tree").arg(&self.work_tree).args(args);
        command.output().with_context(|| format!("cannot run `git {}`", args.first().unwrap_or(&"")))
    }

    /// Stages the build over the branch's tree and reads what changed. `sizes` are the built
    /// files' sizes by path.
    pub(crate) fn plan(&self, sizes: &BTreeMap<String, u64>) -> Result<Plan> {
        let base: &[&str] = if self.exists { &["read-tree", "HEAD"] } else { &["read-tree", "--empty"] };
        check(&self.git(base)?, "cannot read the branch's files")?;
        let exclude = format!(":(exclude,top){}", site::output::MARKER);
        let added = self.git(&["add", "--all", "--force", "--", ".", &exclude])?;
        check(&added, "cannot stage the built files")?;
        let changes = if self.exists {
            let diff = self.git(&["diff", "--cached", "--name-status", "-z", "--no-renames", "HEAD"])?;
            check(&diff, "cannot compare the build with the branch")?;
            parse_name_status(&diff.stdout)
        } else {
            let listed = self.git(&["ls-files", "-z"])?;
            check(&listed, "cannot list the staged files")?;
            split_nul(&listed.stdout).map(|path| ('A', path)).collect()
        };
        let staged = self.git(&["ls-files", "-z"])?;
        check(&staged, "cannot list the staged files")?;
        let total = split_nul(&staged.stdout).count();
        let mut plan = Plan::default();
        for (status, path) in changes {
            let size = sizes.get(&path).copied().unwrap_or(0);
            match status {
                'A' => plan.upload.push(Upload { path, size, change: Change::New, hash: None }),
                'D' => plan.delete.push(path),
                _ => plan.upload.push(Upload { path, size, change: Change::Changed, hash: None }),
            }
        }
        plan.unchanged = total.saturating_sub(plan.upload.len());
        plan.sort();
        Ok(plan)
    }

    /// Commits the staged build on top of the branch and pushes it without force. Returns the
    /// new commit's id.
    pub(crate) fn apply(&self, plan: &Plan) -> Result<String> {
        let mut args: Vec<String> = Vec::new();
        for (key, fallback) in [("user.name", FALLBACK_NAME), ("user.email", FALLBACK_EMAIL)] {
            let value = self.configured(key).unwrap_or_else(|| fallback.to_string());
            args.extend(["-c".into(), format!("{key}={value}")]);
        }
        let source = self.source().map(|from| format!("Built from {from}.\n\n")).unwrap_or_default();
        let message =
            format!("Deploy the site\n\n{source}{}\n\nCommitted by `leverage deploy`.\n", plan.done());
        args.extend(["commit", "--quiet", "--no-verify", "--message", &message].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check(&self.git(&args)?, "cannot commit the build")?;
        let commit = self.git(&["rev-parse", "HEAD"])?;
        check(&commit, "cannot read the new commit")?;
        let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
        let reference = self.reference();
        let spec = format!("{reference}:{reference}");
        let pushed = self.git(&["push", "--porcelain", "--no-verify", &self.remote, &spec])?;
        if !pushed.status.success() {
            let stdout = String::from_utf8_lossy(&pushed.stdout);
            let stderr = String::from_utf8_lossy(&pushed.stderr);
            if let Some(refusal) = refusal(&stdout, &stderr) {
                bail!(
                    "{} refused the push to branch `{}`: {refusal}; nothing was changed there",
                    self.shown,
                    self.branch
                );
            }
            if stdout.lines().any(|line| line.starts_with('!')) {
                bail!(
                    "the push was refused: branch `{}` of {} changed since it was fetched (another deploy?); \
                     nothing was changed there, run `leverage deploy` again",
                    self.branch,
                    self.shown
                );
            }
            bail!("cannot push to {}: {}", self.shown, git_error(&pushed.stderr));
        }
        Ok(commit)
    }

    /// The commit of the site's own repository the build was made from (`1a2b3c4`, and `with
    /// uncommitted changes` when its sources differ from it: a file changed, or one not yet
    /// added, such as a new record), when the site is in one with a commit: what a reader of
    /// the branch's history needs to find the sources of a deploy. The build is in the site's
    /// `public/`, so the site is the folder above it.
    fn source(&self) -> Option<String> {
        let site = self.work_tree.parent()?;
        let run = |args: &[&str]| git_command(site).args(args).output().ok().filter(|o| o.status.success());
        let head = run(&["rev-parse", "--short", "HEAD"])?;
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        let sources =
            ["status", "--porcelain", "--", "site.toml", "content", "static", "templates", "themes"];
        let changed = run(&sources).is_some_and(|o| !o.stdout.is_empty());
        (!head.is_empty()).then(|| if changed { format!("{head} with uncommitted changes") } else { head })
    }

    /// git's value for `key`: the site's repository's own (the output folder is inside it, when
    /// the site is a repository), or else the user's; `None` when git has none.
    fn configured(&self, key: &str) -> Option<String> {
        let value = |output: Output| {
            let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
            (output.status.success() && !text.is_empty()).then_some(text)
        };
        let site = git_command(&self.work_tree).args(["config", "--get", key]).output().ok().and_then(value);
        site.or_else(|| self.git(&["config", "--get", key]).ok().and_then(value))
    }
}

/// The settings of the site's own repository (the one the output folder is in, when there is
/// one) that say how to sign in to a remote: `credential.*` and `http.*extraheader`. git reads a
/// repository's settings only in that repository, and the deploy's runs in a temporary one. A
/// repository git refuses to read (another user's: "dubious ownership", as a container's job
/// meets one) is said, with git's way to trust it.
fn site_credentials(work_tree: &Path) -> Vec<(String, String)> {
    let Ok(found) = git_command(work_tree).args(["rev-parse", "--show-toplevel"]).output() else {
        return Vec::new();
    };
    if !found.status.success() {
        if String::from_utf8_lossy(&found.stderr).contains("dubious ownership") {
            let site = work_tree.parent().unwrap_or(work_tree);
            warning!(
                "git refuses to read the repository at {} (another user owns it: \"dubious ownership\"), so \
                 this deploy uses none of its settings: not its identity, its sign-in settings or its commit in \
                 the message; `git config --global --add safe.directory {}` trusts it",
                site.display(),
                site.display()
            );
        }
        return Vec::new();
    }
    let pattern = r"^(credential\..*|http\..*extraheader)$";
    let Ok(listed) =
        git_command(work_tree).args(["config", "--local", "--null", "--get-regexp", pattern]).output()
    else {
        return Vec::new();
    };
    listed
        .stdout
        .split(|&b| b == 0)
        .filter_map(|entry| {
            let entry = String::from_utf8_lossy(entry);
            let (key, value) = entry.split_once('\n')?;
            Some((key.to_string(), value.to_string()))
        })
        .collect()
}

/// Gives `command` the settings `settings` through git's environment (`GIT_CONFIG_COUNT`, after
/// any the environment gives already), not its command line, which other users of the machine
/// can read.
fn with_settings(command: &mut Command, settings: &[(String, String)]) {
    if settings.is_empty() {
        return;
    }
    let given: usize =
        std::env::var("GIT_CONFIG_COUNT").ok().and_then(|n| n.trim().parse().ok()).unwrap_or(0);
    for (i, (key, value)) in settings.iter().enumerate() {
        command.env(format!("GIT_CONFIG_KEY_{}", given + i), key);
        command.env(format!("GIT_CONFIG_VALUE_{}", given + i), value);
    }
    command.env("GIT_CONFIG_COUNT", (given + settings.len()).to_string());
}

/// The temporary repository's `info/attributes`: every path committed as it is.
const BYTE_FOR_BYTE: &str = "* -text -filter -ident !eol !working-tree-encoding\n";

/// The temporary repositories are `<temp>/leverage-deploy-<pid>-XXXXXX`.
const TEMPORARY_PREFIX: &str = "leverage-deploy-";

/// Removes the temporary repositories of deploys that were killed (a signal leaves no time to
/// remove one): those whose process is gone. Where processes cannot be looked up (no `/proc`),
/// none is removed.
fn remove_stale_repositories() {
    let temp = std::env::temp_dir();
    let Ok(entries) = std::fs::read_dir(&temp) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) =
            name.to_str().and_then(|n| n.strip_prefix(TEMPORARY_PREFIX)).and_then(|n| n.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.0.parse::<u32>() else { continue };
        if pid != std::process::id() && site::output::process_gone(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A git command that does not inherit a repository from the environment (leverage may be run
/// from a hook) and does not wait for a password nobody can type.
fn git_command(directory: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(directory);
    for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE"] {
        command.env_remove(name);
    }
    if !std::io::stdin().is_terminal() {
        command.env("GIT_TERMINAL_PROMPT", "0");
    }
    command.args(["-c", "core.autocrlf=false", "-c", "core.safecrlf=false"]);
    // The user's settings for their own repositories are not the throwaway one's: no signing
    // key to ask for, no hooks of theirs, no repacking started in the background.
    for setting in [
        "commit.gpgSign=false",
        "core.hooksPath=/dev/null",
        "maintenance.auto=false",
        "gc.auto=0",
        "core.fsmonitor=false",
    ] {
        command.args(["-c", setting]);
    }
    command
}

/// Fails with git's last line of stderr when the command failed.
fn check(output: &Output, what: &str) -> Result<()> {
    if output.status.success() {
        return Ok(());
    }
    bail!("{what}: {}", git_error(&output.stderr))
}

/// Why the remote itself refused a push (`[remote rejected]`: a hook, a protected branch, a
/// checked-out branch), with what it printed (`remote:` lines); `None` when the push was not
/// refused by the remote (a `[rejected]` push met a newer tip: someone pushed in between).
fn refusal(stdout: &str, stderr: &str) -> Option<String> {
    let summary = stdout.lines().filter(|l| l.starts_with('!')).find_map(|l| l.split('\t').nth(2))?;
    let reason = summary.strip_prefix("[remote rejected]")?.trim();
    let reason = reason.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(reason);
    // Two pushes at once: the other moved the branch while this one's update waited for its
    // lock ("cannot lock ref ...: is at X but expected Y"). No refusal: the branch changed.
    if reason == "failed to update ref"
        && stderr.contains("cannot lock ref")
        && stderr.contains("but expected")
    {
        return None;
    }
    let said: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("remote:"))
        .map(str::trim)
        .map(|l| l.trim_start_matches("error: "))
        .filter(|l| !l.is_empty())
        .collect();
    Some(if said.is_empty() {
        reason.to_string()
    } else {
        format!("{reason} (it said: {})", said.join(" / "))
    })
}

/// What git said went wrong: its `fatal:` and `error:` lines, each with the lines before it that
/// are not hints (ssh's `Permission denied (publickey).` or `Host key verification failed.`,
/// which name the cause), or else its last line.
fn git_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let error = |l: &str| l.starts_with("fatal: ") || l.starts_with("error: ");
    let Some(first) = lines.iter().position(|l| error(l)) else {
        return lines.last().copied().unwrap_or("git failed").to_string();
    };
    let before = lines[..first].iter().filter(|l| !l.starts_with("hint:") && !l.starts_with("remote:"));
    let before: Vec<&str> = before.copied().collect();
    let errors =
        lines[first..].iter().filter(|l| error(l)).map(|l| l.split_once(": ").map_or(*l, |(_, m)| m));
    before[before.len().saturating_sub(3)..].iter().copied().chain(errors).collect::<Vec<_>>().join("; ")
}

/// The NUL-separated fields of git's `-z` output.
fn split_nul(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes.split(|b| *b == 0).filter(|f| !f.is_empty()).map(|f| String::from_utf8_lossy(f).into_owned())
}

/// Parses `git diff --name-status -z` output: a status letter, then the path.
fn parse_name_status(bytes: &[u8]) -> Vec<(char, String)> {
    let mut fields = split_nul(bytes);
    let mut changes = Vec::new();
    while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
        changes.push((status.chars().next().unwrap_or('M'), path));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_git_name_status() {
        let output = b"M\0index.html\0A\0records/new/index.html\0D\0records/old/index.html\0";
        assert_eq!(
            parse_name_status(output),
            [
                ('M', "index.html".to_string()),
                ('A', "records/new/index.html".to_string()),
                ('D', "records/old/index.html".to_string()),
            ]
        );
        assert!(parse_name_status(b"").is_empty());
    }

    #[test]
    fn a_path_with_spaces_and_newlines_survives() {
        assert_eq!(parse_name_status(b"A\0a b\nc.txt\0"), [('A', "a b\nc.txt".to_string())]);
    }

    #[test]
    fn git_s_errors_are_its_fatal_lines() {
        let said = b"fatal: '/x' does not appear to be a git repository\nfatal: Could not read from remote \
repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n";
        assert_eq!(
            git_error(said),
            "'/x' does not appear to be a git repository; Could not read from remote repository."
        );
        assert_eq!(git_error(b"hint: x\nsomething odd\n\n"), "something odd");
        assert_eq!(git_error(b""), "git failed");
        let ssh = b"ssh: connect to host 127.0.0.1 port 5999: Connection refused\r\nfatal: Could not read from remote \
repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n";
        assert_eq!(
            git_error(ssh),
            "ssh: connect to host 127.0.0.1 port 5999: Connection refused; Could not read from remote repository."
        );
        let key = b"git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.\n";
        assert!(
            git_error(key).starts_with("git@github.com: Permission denied (publickey).; "),
            "{}",
            git_error(key)
        );
    }

    #[test]
    fn a_push_the_remote_refused_says_why() {
        let stdout = "To /srv/pages.git\n!\trefs/heads/gh-pages:refs/heads/gh-pages\t[remote rejected] (pre-receive hook declined)\nDone\n";
        let stderr = "remote: protected branch: deploys are frozen        \nremote: error: nope\nerror: failed to push some refs\n";
        assert_eq!(
            refusal(stdout, stderr).as_deref(),
            Some("pre-receive hook declined (it said: protected branch: deploys are frozen / nope)")
        );
        let raced = "!\trefs/heads/gh-pages:refs/heads/gh-pages\t[rejected] (fetch first)\n";
        assert_eq!(refusal(raced, ""), None);
        // Two deploys at once, the other's update first: the branch changed, no refusal.
        let locked = "!\trefs/heads/gh-pages:refs/heads/gh-pages\t[remote rejected] (failed to update ref)\n";
        let said = "remote: error: cannot lock ref 'refs/heads/gh-pages': is at 1a2b but expected 3c4d\n";
        assert_eq!(refusal(locked, said), None);
        assert_eq!(refusal(locked, "").as_deref(), Some("failed to update ref"));
        let checked_out =
            "!\trefs/heads/main:refs/heads/main\t[remote rejected] (branch is currently checked out)\n";
        assert_eq!(refusal(checked_out, "").as_deref(), Some("branch is currently checked out"));
        let github = "remote: error: GH006: Protected branch update failed for refs/heads/gh-pages.\n";
        assert_eq!(
            refusal(stdout, github).as_deref(),
            Some(
                "pre-receive hook declined (it said: GH006: Protected branch update failed for refs/heads/gh-pages.)"
            )
        );
    }
}
