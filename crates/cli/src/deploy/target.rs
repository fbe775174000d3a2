//! Deploy targets: the typed form of site.toml's `[[deploy.targets]]` and of their URLs.
//!
//! site::Config keeps the `deploy` table as raw TOML; this module checks it and turns each target
//! into a `Target` with a `Location` (an S3 bucket and prefix, or a git remote and branch). It
//! never reads credentials: S3 keys come from the environment when a bucket is opened, git's from
//! git's own configuration.

use std::fmt;

use site::config::Step;
use url::Url;

/// The branch a git target pushes to when site.toml names none.
pub(crate) const DEFAULT_BRANCH: &str = "gh-pages";

/// The keys a `[[deploy.targets]]` table accepts, as listed in errors.
const TARGET_KEYS: &str = "`name`, `url`, `branch`, `base_url`";

/// One target named in site.toml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// The name `--target` selects it by.
    pub(crate) name: String,
    /// The URL as written, for messages.
    pub(crate) url: String,
    /// Where the site goes.
    pub(crate) location: Location,
    /// The address the site is served from there, when it is not site.toml's `base_url` (a site
    /// deployed to a bucket at one address and to GitHub Pages at another).
    pub(crate) base_url: Option<String>,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({})", self.name, self.url)
    }
}

/// Where a target puts the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    /// An S3-compatible bucket: AWS S3, Cloudflare R2, Backblaze B2, MinIO.
    S3(S3Location),
    /// A branch of a git repository (GitHub Pages style).
    Git(GitLocation),
}

/// A bucket and the prefix the site lives under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct S3Location {
    /// The bucket's name.
    pub(crate) bucket: String,
    /// The key prefix without leading or trailing `/`; empty for the whole bucket.
    pub(crate) prefix: String,
    /// The region from `?region=`, if given.
    pub(crate) region: Option<String>,
    /// The endpoint from `?endpoint=` (R2, B2, MinIO), if given.
    pub(crate) endpoint: Option<String>,
}

/// A git remote and the branch the site is committed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GitLocation {
    /// The remote as git takes it (the URL without `git+`).
    pub(crate) remote: String,
    /// The branch.
    pub(crate) branch: String,
}

/// A mistake in site.toml's `deploy` table: what was expected, and the path to the value (or the
/// table) it is about, for `site::config::locate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TableError {
    pub(crate) message: String,
    pub(crate) at: Vec<Step>,
    /// Whether the line may be quoted under the message: not a url that may hold credentials.
    pub(crate) quote: bool,
}

impl TableError {
    /// Where the error is said: at the value, or, when the value may hold a secret, at its
    /// target's table (`[[deploy.targets]]`), so that `check` and `deploy` point alike.
    pub(crate) fn place(&self) -> &[Step] {
        if self.quote { &self.at } else { &self.at[..self.at.len().min(3)] }
    }
}

/// The path to deploy target `index` (from 0), then to `key` in it when given.
fn target_path(index: usize, key: Option<&str>) -> Vec<Step> {
    let mut path = vec![Step::key("deploy"), Step::key("targets"), Step::Index(index)];
    path.extend(key.map(Step::key));
    path
}

/// Reads every target of site.toml's `deploy` table, in the order written; the first mistake
/// if there is one (`errors` gives them all).
pub(crate) fn targets(deploy: &toml::Table) -> Result<Vec<Target>, TableError> {
    let (targets, errors) = read_all(deploy);
    match errors.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(targets),
    }
}

/// Every mistake of the `deploy` table, each target's, as `check` tells them at once.
pub(crate) fn errors(deploy: &toml::Table) -> Vec<TableError> {
    read_all(deploy).1
}

/// The targets that read, and the mistakes of the others (a table's keys, each target, names
/// given twice), in the order written.
fn read_all(deploy: &toml::Table) -> (Vec<Target>, Vec<TableError>) {
    if let Some(key) = deploy.keys().find(|k| *k != "targets") {
        let error = TableError {
            message: format!("unknown key `deploy.{key}`: expected `[[deploy.targets]]` tables"),
            at: vec![Step::key("deploy"), Step::KeyName(key.clone())],
            quote: true,
        };
        return (Vec::new(), vec![error]);
    }
    let Some(value) = deploy.get("targets") else { return (Vec::new(), Vec::new()) };
    let Some(array) = value.as_array() else {
        let error = TableError {
            message: format!(
                "expected `deploy.targets` to be a list of tables (`[[deploy.targets]]`), found {}",
                kind(value)
            ),
            at: vec![Step::key("deploy"), Step::key("targets")],
            quote: true,
        };
        return (Vec::new(), vec![error]);
    };
    let mut targets: Vec<Target> = Vec::with_capacity(array.len());
    let mut errors = Vec::new();
    for (index, value) in array.iter().enumerate() {
        let number = index + 1;
        let Some(table) = value.as_table() else {
            errors.push(TableError {
                message: format!("expected deploy target {number} to be a table, found {}", kind(value)),
                at: target_path(index, None),
                quote: true,
            });
            continue;
        };
        let target = match target(index, table) {
            Ok(target) => target,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        if let Some(first) = targets.iter().position(|t| t.name == target.name) {
            errors.push(TableError {
                message: format!(
                    "deploy targets {} and {number} are both named `{}`: expected different names",
                    first + 1,
                    target.name
                ),
                at: target_path(index, Some("name")),
                quote: true,
            });
            continue;
        }
        targets.push(target);
    }
    (targets, errors)
}

/// Reads one `[[deploy.targets]]` table; `index` counts from 0, the messages from 1.
fn target(index: usize, table: &toml::Table) -> Result<Target, TableError> {
    let number = index + 1;
    let error =
        |message: String, key: Option<&str>| TableError { message, at: target_path(index, key), quote: true };
    let string = |key: &str| -> Result<Option<String>, TableError> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(other) => Err(error(
                format!("expected `{key}` of deploy target {number} to be a string, found {}", kind(other)),
                Some(key),
            )),
        }
    };
    let name = string("name")?.filter(|n| !n.is_empty());
    let Some(name) = name else {
        return Err(error(
            format!("deploy target {number} has no name"),
            table.get("name").and(Some("name")),
        ));
    };
    let label = format!("deploy target {number} (`{name}`)");
    if let Some(key) = table.keys().find(|k| !["name", "url", "branch", "base_url"].contains(&k.as_str())) {
        let mut at = target_path(index, None);
        at.push(Step::KeyName(key.clone()));
        return Err(TableError {
            at,
            ..error(format!("{label} has an unknown key `{key}`: expected {TARGET_KEYS}"), None)
        });
    }
    let Some(url) = string("url")?.filter(|u| !u.is_empty()) else {
        return Err(error(format!("deploy target {number} has no url"), table.get("url").and(Some("url"))));
    };
    let branch = string("branch")?;
    let location = location(&url, branch.as_deref()).map_err(|e| {
        // When the url reads on its own, what failed is the branch.
        let culprit = if location(&url, None).is_ok() { "branch" } else { "url" };
        // A url with user information, or a parameter that names a secret, may hold one
        // (refused here): it is never echoed.
        let quote = culprit == "branch" || (!url.contains('@') && masked(&url) == url);
        TableError { quote, ..error(format!("{label}: {}", masked(&e)), Some(culprit)) }
    })?;
    // The url as messages print it: a user name in an https remote may be a token.
    let url = match url.strip_prefix("git+") {
        Some(remote) => format!("git+{}", shown_remote(remote)),
        None => masked(&url),
    };
    let base_url = string("base_url")?;
    if let Some(given) = &base_url {
        target_base_url(given)
            .map_err(|why| error(format!("{label}: `base_url` {why}"), Some("base_url")))?;
    }
    Ok(Target { name, url, location, base_url })
}

/// Checks a target's own `base_url`: written for this target alone, it must be the address the
/// site is served from there (site.toml's may be a path or `init`'s example for a local build,
/// which deploy refuses when it comes to it). `Err` says what it is instead.
fn target_base_url(given: &str) -> Result<(), String> {
    let shown = site::config::normalize_base_url(given);
    let absolute =
        url::Url::parse(&shown).is_ok_and(|url| url.has_host() && matches!(url.scheme(), "http" | "https"));
    if !absolute {
        Err(format!(
            "is `{given}`: expected the address the site is served from at this target, such as \
             `https://ada.github.io/log/`"
        ))
    } else if site::config::names_an_example_host(&shown) {
        Err(format!(
            "is {shown}, an example host that no site is served from: expected the address the site is served from at this target"
        ))
    } else {
        Ok(())
    }
}

/// A git remote as messages print it: its user information hidden as `masked` hides it in any
/// message (hosts take a token as an `https://` user name, and CI logs keep what is printed);
/// an ssh user name without a password (`git@`) is no secret and stays.
pub(crate) fn shown_remote(remote: &str) -> String {
    masked(remote)
}

/// `text` with the user information of every URL in it hidden (`https://***@host`), so that an
/// error about a url never prints a token or a password: all of it, except an ssh user name
/// without a password (`ssh://git@host`), which is no secret and which the hints name.
fn masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        // Past the character before the scheme, which may be of several bytes (`é://`).
        let scheme_start = rest[..at]
            .char_indices()
            .rfind(|(_, c)| !(c.is_ascii_alphanumeric() || "+.-".contains(*c)))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let ssh = rest[scheme_start..at].ends_with("ssh");
        let after = &rest[at + 3..];
        let end = after.find(|c: char| "/?#`".contains(c) || c.is_whitespace()).unwrap_or(after.len());
        let authority = &after[..end];
        out.push_str(&rest[..at + 3]);
        match authority.rfind('@') {
            Some(i) if !ssh || authority[..i].contains(':') => {
                out.push_str("***");
                out.push_str(&authority[i..]);
            }
            _ => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    // A parameter that names a secret (`?token=`, `&aws_secret_access_key=`, a presigned URL's
    // `X-Amz-Signature=`): its value hidden.
    let mut from = 0;
    while let Some(at) = out[from..].find(['?', '&']).map(|i| from + i) {
        let key_end = out[at + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .map_or(out.len(), |i| at + 1 + i);
        from = key_end;
        if !out[key_end..].starts_with('=') || !secret_name(&out[at + 1..key_end]) {
            continue;
        }
        let value_end = out[key_end + 1..]
            .find(|c: char| "&#`'\"".contains(c) || c.is_whitespace())
            .map_or(out.len(), |i| key_end + 1 + i);
        if value_end > key_end + 1 {
            out.replace_range(key_end + 1..value_end, "***");
            from = key_end + 4;
        } else {
            from = key_end + 1;
        }
    }
    // A token written as the user of an address without `://` (`ghp_…@github.com:ada/log.git`),
    // or as an ssh user name: hidden wherever it stands.
    for prefix in TOKEN_PREFIXES {
        while let Some(start) = out.find(prefix) {
            let end = out[start..]
                .find(|c: char| "@:/`'\"".contains(c) || c.is_whitespace())
                .map_or(out.len(), |i| start + i);
            out.replace_range(start..end, "***");
        }
    }
    out
}

/// Whether a URL's parameter of this name may hold a secret: a token, key, password, signature
/// or credential, in any case and spelling (`aws_secret_access_key`, `X-Amz-Credential`).
fn secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["secret", "token", "key", "pass", "signature", "credential", "auth", "sig"]
        .iter()
        .any(|word| name.contains(word))
}

/// Prefixes of the access tokens of GitHub and GitLab, which take them as a remote's user name.
const TOKEN_PREFIXES: [&str; 7] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-"];

/// How a TOML value is described in errors.
fn kind(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// Parses a target's URL (and its `branch`, which only git targets take).
pub(crate) fn location(url: &str, branch: Option<&str>) -> Result<Location, String> {
    let expected =
        "expected `s3://BUCKET/PREFIX` or a git remote (`git+file://`, `git+ssh://`, `git+https://`)";
    if let Some(rest) = url.strip_prefix("git+") {
        return git(url, rest, branch).map(Location::Git);
    }
    if !url.starts_with("s3://") {
        return Err(match clone_address(url) {
            Some(remote) => format!("unsupported url `{url}`: for a git repository, expected `{remote}`"),
            None => format!("unsupported url `{url}`: {expected}"),
        });
    }
    if branch.is_some() {
        return Err("`branch` applies only to git targets; an s3:// target takes a prefix in its url".into());
    }
    s3(url).map(Location::S3)
}

/// The git target's url for a clone address as hosts show it: `https://github.com/ada/log.git`
/// is `git+https://github.com/ada/log.git`, and `git@github.com:ada/log.git` (scp-style) is
/// `git+ssh://git@github.com/ada/log.git`. `None` for anything else.
fn clone_address(url: &str) -> Option<String> {
    let remote = match url.split_once("://") {
        // A web address is a repository only when it says so: the site's own address, or a
        // bucket's, is not one.
        Some(("https" | "http", _)) if url.trim_end_matches('/').ends_with(".git") => url.to_string(),
        Some(("ssh" | "file", _)) => url.to_string(),
        Some(_) => return None,
        None => {
            let (user_host, path) = scp_style(url)?;
            if user_host.starts_with('@') || !user_host.contains('@') || !url.ends_with(".git") {
                return None;
            }
            format!("ssh://{user_host}/{}", path.trim_start_matches('/'))
        }
    };
    let candidate = format!("git+{remote}");
    git(&candidate, &remote, None).is_ok().then_some(candidate)
}

/// An scp-style address's `user@host` (the user may be left out) and path, as hosts show a
/// clone address (`git@github.com:ada/log.git`). The host's `:` comes after the user name, which
/// may hold a `:` of its own; `None` when a part is empty or a port follows the `:` (a URL's
/// `host:8080`).
fn scp_style(text: &str) -> Option<(&str, &str)> {
    let host_start = text.find('@').map_or(0, |at| at + 1);
    let (host, path) = text[host_start..].split_once(':')?;
    let found = !host.is_empty() && !path.is_empty() && !path.starts_with(|c: char| c.is_ascii_digit());
    found.then_some((&text[..host_start + host.len()], path))
}

/// Parses `s3://bucket/prefix?region=R&endpoint=URL`.
fn s3(text: &str) -> Result<S3Location, String> {
    let url = Url::parse(text).map_err(|e| format!("invalid url `{text}`: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "credentials never go in site.toml: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"
                .into(),
        );
    }
    let bucket = url.host_str().unwrap_or_default().to_string();
    if bucket.is_empty() {
        return Err(format!("expected a bucket name after `s3://`, found `{text}`"));
    }
    if url.port().is_some() {
        return Err(format!(
            "expected `s3://BUCKET/PREFIX`, found a port in `{text}`: give the server as `?endpoint=http://HOST:PORT`"
        ));
    }
    if url.fragment().is_some() {
        return Err(format!("expected no `#` in `{text}`"));
    }
    // The prefix as written: the url crate would resolve `..` segments away.
    let after_scheme = text.get("s3://".len()..).unwrap_or_default();
    let written = after_scheme.split(['?', '#']).next().unwrap_or_default();
    let path = written.find('/').map_or("", |i| &written[i..]);
    // One `/` after the bucket and one at the end may be written; `s3://b//` is no whole bucket.
    let inner = path.strip_prefix('/').unwrap_or(path);
    let prefix = inner.strip_suffix('/').unwrap_or(inner).to_string();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.~/".contains(c);
    let bad_segment = |segment: &str| segment.is_empty() || segment == "." || segment == "..";
    let whole_bucket = path.len() <= 1;
    if !prefix.chars().all(allowed) || (!whole_bucket && prefix.split('/').any(bad_segment)) {
        return Err(format!(
            "expected a prefix of letters, digits, `-`, `_`, `.`, `~` and single `/`s, found `{path}`"
        ));
    }
    let mut region = None;
    let mut endpoint = None;
    let mut seen = Vec::new();
    for (key, value) in url.query_pairs() {
        let value = value.trim().to_string();
        // A parameter given twice: one would be taken silently, perhaps the wrong one.
        if seen.contains(&key) {
            return Err(format!("`{key}` is given twice in the url: expected it once"));
        }
        seen.push(key.clone());
        match key.as_ref() {
            "region" if !value.is_empty() => {
                // A region goes into every request's signature and host: a line break in it
                // stopped deploy with a panic inside the S3 client.
                if !is_region(&value) {
                    return Err(format!(
                        "expected a region of letters, digits, `-` and `_` such as `eu-west-1`, found `{}`",
                        value.escape_debug()
                    ));
                }
                region = Some(value);
            }
            "endpoint" => {
                let parsed = Url::parse(&value).map_err(|e| format!("invalid endpoint `{value}`: {e}"))?;
                if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
                    return Err(format!("expected an http:// or https:// endpoint, found `{value}`"));
                }
                if !parsed.username().is_empty() || parsed.password().is_some() {
                    return Err("credentials never go in site.toml: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment".into());
                }
                endpoint = Some(value.trim_end_matches('/').to_string());
            }
            "region" => return Err("expected a region after `region=`, found nothing".into()),
            other => return Err(format!("unknown url parameter `{other}`: expected `region` or `endpoint`")),
        }
    }
    Ok(S3Location { bucket, prefix, region, endpoint })
}

/// Whether `text` can name an S3 region: ASCII letters, digits, `-` and `_` (`eu-west-1`,
/// R2's `auto`, `fr-par`).
pub(crate) fn is_region(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Parses `git+file://`, `git+ssh://`, `git+https://` (and `git+http://`) remotes.
fn git(text: &str, rest: &str, branch: Option<&str>) -> Result<GitLocation, String> {
    // `file://tmp/x.git` names the host `tmp`, and git would drop it: the path must be absolute.
    if let Some(path) = rest.strip_prefix("file://").filter(|p| !p.is_empty() && !p.starts_with('/')) {
        return Err(format!(
            "expected an absolute path after `git+file://` (`git+file:///srv/pages.git`), found `{path}`"
        ));
    }
    let url = Url::parse(rest).map_err(|e| {
        // `git@github.com:ada/log.git`, as hosts show it, is scp-style: a URL takes `/` there.
        let scp = rest.strip_prefix("ssh://").or((!rest.contains("://")).then_some(rest)).and_then(scp_style);
        match scp {
            Some((host, path)) => format!(
                "invalid url `{text}`: {e}; a URL takes `/` after the host where scp-style addresses take `:`: \
                 expected `git+ssh://{host}/{path}`"
            ),
            None => format!("invalid url `{text}`: {e}"),
        }
    })?;
    if !matches!(url.scheme(), "file" | "ssh" | "https" | "http") {
        return Err(format!(
            "unsupported git remote `{text}`: expected `git+file://`, `git+ssh://` or `git+https://` (or \
             `git+http://`, unencrypted)"
        ));
    }
    if url.password().is_some() || TOKEN_PREFIXES.iter().any(|p| url.username().starts_with(p)) {
        return Err("credentials never go in site.toml (it is committed with the site, and the url is \
                    printed): use git's credential helper, GIT_ASKPASS in CI, or an ssh key"
            .into());
    }
    if url.scheme() == "file" && url.path().trim_matches('/').is_empty() {
        return Err(format!("expected a repository path after `git+file://`, found `{text}`"));
    }
    if url.scheme() != "file" && url.host_str().is_none_or(str::is_empty) {
        return Err(format!("expected a host in `{text}`"));
    }
    let branch = branch.unwrap_or(DEFAULT_BRANCH);
    check_branch(branch)?;
    Ok(GitLocation { remote: rest.to_string(), branch: branch.to_string() })
}

/// Refuses branch names git would refuse, or that would read as an option.
fn check_branch(branch: &str) -> Result<(), String> {
    let bad = branch.is_empty()
        || branch.starts_with(['-', '/', '.'])
        || branch.ends_with(['/', '.'])
        || branch.ends_with(".lock")
        || branch.contains("..")
        || branch.contains("//")
        || branch.contains("@{")
        // Each part of the name, as git reads it: `a/.b` and `x.lock/y` are refused too.
        || branch.split('/').any(|part| part.starts_with('.') || part.ends_with(".lock"))
        || branch == "@"
        // `git check-ref-format --branch HEAD` refuses it: pushed, it reads as the remote's HEAD.
        || branch == "HEAD"
        || branch.chars().any(|c| c.is_control() || " ~^:?*[\\".contains(c));
    if bad {
        return Err(format!("expected a git branch name such as `gh-pages`, found `{branch}`"));
    }
    // `refs/heads/gh-pages` would be pushed as the branch `refs/heads/refs/heads/gh-pages`.
    if let Some(name) = branch.strip_prefix("refs/heads/") {
        return Err(format!("expected the branch's name, without `refs/heads/`: `{name}`"));
    }
    if branch.starts_with("refs/") {
        return Err(format!("expected a branch's name such as `gh-pages`, found the reference `{branch}`"));
    }
    Ok(())
}

/// Picks the target `--target` names, or the first one.
pub(crate) fn select<'a>(targets: &'a [Target], name: Option<&str>) -> Result<&'a Target, Selection> {
    // With no target at all, `--target x` gets the same answer as a deploy without it.
    match name {
        None => targets.first().ok_or(Selection::NoTargets),
        Some(_) if targets.is_empty() => Err(Selection::NoTargets),
        Some(name) => targets.iter().find(|t| t.name == name).ok_or_else(|| Selection::Unknown {
            name: name.to_string(),
            known: targets.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// Why no target was picked.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Selection {
    /// site.toml names no target.
    NoTargets,
    /// `--target` names none of them (bad usage).
    Unknown { name: String, known: String },
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selection::NoTargets => write!(
                f,
                "site.toml names no deploy target: expected a `[[deploy.targets]]` table with a `name` and a `url` (see docs/deploy.md)"
            ),
            Selection::Unknown { name, known } => {
                write!(f, "no deploy target named `{name}` in site.toml: expected one of {known}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        let mut config: toml::Table = toml::from_str(text).expect("valid TOML");
        match config.remove("deploy") {
            Some(toml::Value::Table(deploy)) => deploy,
            _ => toml::Table::new(),
        }
    }

    fn s3_of(url: &str) -> S3Location {
        match location(url, None) {
            Ok(Location::S3(s3)) => s3,
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn reads_targets_in_order() {
        let deploy = table(
            "[[deploy.targets]]\nname = \"prod\"\nurl = \"s3://b/blog\"\n\
             [[deploy.targets]]\nname = \"pages\"\nurl = \"git+file:///srv/site.git\"\nbranch = \"main\"\n",
        );
        let targets = targets(&deploy).expect("valid");
        assert_eq!(targets.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["prod", "pages"]);
        assert_eq!(
            targets[1].location,
            Location::Git(GitLocation { remote: "file:///srv/site.git".into(), branch: "main".into() })
        );
    }

    #[test]
    fn no_deploy_table_means_no_targets() {
        assert_eq!(targets(&toml::Table::new()), Ok(Vec::new()));
        // `check` tells every target's mistake at once, not the first alone.
        let deploy = table(
            "[[deploy.targets]]\nname = \"a\"\nurl = \"git+file:///x.git\"\nbranh = \"x\"\n\
             [[deploy.targets]]\nname = \"b\"\nurl = \"git+file:///x.git\"\nbranch = \"x.lock/y\"\n\
             [[deploy.targets]]\nname = \"a\"\nurl = \"s3://ok\"\n",
        );
        let all = errors(&deploy);
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(
            all[0].message.contains("unknown key `branh`") && all[1].message.contains("branch"),
            "{all:?}"
        );
        assert_eq!(targets(&deploy).expect_err("the first"), all[0]);
    }

    /// The message of the error site.toml `text` gets, and the text it points at.
    fn refusal(text: &str) -> (String, String) {
        let error = targets(&table(text)).expect_err("refused");
        let range = site::config::locate(text, &error.at).expect("TOML");
        (error.message, text[range].to_string())
    }

    #[test]
    fn a_target_without_url_is_named_by_number_at_its_header() {
        let text = "[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\n[[deploy.targets]]\nname = \"b\"\n";
        let (message, at) = refusal(text);
        assert_eq!((message.as_str(), at.as_str()), ("deploy target 2 has no url", "[[deploy.targets]]"));
        let error = targets(&table(text)).expect_err("no url");
        let header = site::config::locate(text, &error.at).expect("TOML");
        assert_eq!(header.start, text.rfind("[[").expect("second header"));
        let (message, at) = refusal("[[deploy.targets]]\nname = \"a\"\nurl = \" \"\n");
        assert_eq!((message.as_str(), at.as_str()), ("deploy target 1 has no url", "\" \""));
    }

    #[test]
    fn a_target_s_own_base_url_is_read_and_must_be_an_address() {
        let text = "[[deploy.targets]]\nname = \"prod\"\nurl = \"s3://b/blog\"\nbase_url = \" https://alice.dev/blog/ \"\n\
                    [[deploy.targets]]\nname = \"pages\"\nurl = \"git+file:///srv/site.git\"\n";
        let targets = targets(&table(text)).expect("valid");
        assert_eq!(targets[0].base_url.as_deref(), Some("https://alice.dev/blog/"));
        assert_eq!(targets[1].base_url, None);
        // A path, an empty value, another scheme or an example host is no address to serve from.
        for (value, said) in [
            ("/blog/", "expected the address the site is served from at this target"),
            ("", "expected the address"),
            ("ftp://alice.dev/", "expected the address"),
            ("https://blog.example.com/", "an example host"),
        ] {
            let text =
                format!("[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\nbase_url = \"{value}\"\n");
            let (message, at) = refusal(&text);
            assert!(message.starts_with("deploy target 1 (`a`): `base_url` "), "{message}");
            assert!(message.contains(said), "{value}: {message}");
            assert_eq!(at, format!("\"{value}\""));
        }
        let (message, at) = refusal("[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\nbase_url = 1\n");
        assert!(message.contains("`base_url` of deploy target 1 to be a string"), "{message}");
        assert_eq!(at, "1");
    }

    #[test]
    fn a_target_without_name_is_refused() {
        let (message, at) = refusal("[[deploy.targets]]\nurl = \"s3://b\"\n");
        assert_eq!((message.as_str(), at.as_str()), ("deploy target 1 has no name", "[[deploy.targets]]"));
    }

    #[test]
    fn a_url_with_credentials_is_never_quoted() {
        for url in ["s3://KEY:sEcReT9@b/x", "git+https://u:tOkEn9@host/x.git"] {
            let text = format!("[[deploy.targets]]\nname = \"a\"\nurl = \"{url}\"\n");
            let error = targets(&table(&text)).expect_err("credentials");
            assert!(error.message.contains("credentials never go in site.toml"), "{}", error.message);
            assert!(
                !error.message.contains("sEcReT9") && !error.message.contains("tOkEn9"),
                "{}",
                error.message
            );
            assert!(!error.quote, "{url}");
        }
        assert!(
            targets(&table("[[deploy.targets]]\nname = \"a\"\nurl = \"ftp://h\"\n")).expect_err("bad").quote
        );
    }

    #[test]
    fn unknown_keys_are_refused_at_the_key() {
        let (message, at) = refusal("[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\nbucket = \"c\"\n");
        assert!(message.contains("unknown key `bucket`"), "{message}");
        assert_eq!(at, "bucket");
        let (message, at) = refusal("[deploy]\ntarget = 1\n");
        assert!(message.contains("`deploy.target`"), "{message}");
        assert_eq!(at, "target");
    }

    #[test]
    fn a_url_of_the_wrong_type_says_what_it_found() {
        let (message, at) = refusal("[[deploy.targets]]\nname = \"a\"\nurl = 3\n");
        assert!(message.ends_with("to be a string, found an integer"), "{message}");
        assert_eq!(at, "3");
        let (message, at) = refusal("[deploy]\ntargets = \"s3://b\"\n");
        assert!(message.contains("found a string"), "{message}");
        assert_eq!(at, "\"s3://b\"");
    }

    #[test]
    fn duplicate_names_are_refused_at_the_second() {
        let (message, at) = refusal(
            "[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\n[[deploy.targets]]\nname = \"a\" # again\nurl = \"s3://c\"\n",
        );
        assert!(message.contains("targets 1 and 2 are both named `a`"), "{message}");
        assert_eq!(at, "\"a\"");
    }

    #[test]
    fn a_bad_url_or_branch_is_pointed_at() {
        let (message, at) = refusal("[[deploy.targets]]\nname = \"a\"\nurl = \"ftp://h/s\"\n");
        assert!(message.starts_with("deploy target 1 (`a`): unsupported url"), "{message}");
        assert_eq!(at, "\"ftp://h/s\"");
        let (message, at) =
            refusal("[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\nbranch = \"main\"\n");
        assert!(message.contains("`branch` applies only to git targets"), "{message}");
        assert_eq!(at, "\"main\"");
        let (message, at) =
            refusal("[[deploy.targets]]\nname = \"a\"\nurl = \"git+file:///srv/x.git\"\nbranch = \"a..b\"\n");
        assert!(message.contains("expected a git branch name"), "{message}");
        assert_eq!(at, "\"a..b\"");
        // A bad url with a bad branch: the url is what fails first.
        let (_, at) =
            refusal("[[deploy.targets]]\nname = \"a\"\nurl = \"git+ftp://h/x\"\nbranch = \"a..b\"\n");
        assert_eq!(at, "\"git+ftp://h/x\"");
    }

    #[test]
    fn parses_an_s3_url_with_region_and_endpoint() {
        let s3 = s3_of("s3://my-bucket/blog/?region=eu-west-1&endpoint=http://127.0.0.1:9000/");
        assert_eq!(
            s3,
            S3Location {
                bucket: "my-bucket".into(),
                prefix: "blog".into(),
                region: Some("eu-west-1".into()),
                endpoint: Some("http://127.0.0.1:9000".into()),
            }
        );
    }

    /// A line break in `?region=` passed `check` and stopped `deploy` with a panic in the S3
    /// client, which put it into a request header.
    #[test]
    fn a_region_is_letters_digits_and_dashes() {
        for region in ["us-east-1%0d%0aX:1", "a%20b", "%C3%A9", "a/b", "..%2Fx"] {
            let error = location(&format!("s3://b/?region={region}"), None).expect_err(region);
            assert!(
                error.starts_with("expected a region of letters, digits, `-` and `_`"),
                "{region}: {error}"
            );
        }
        for region in ["eu-west-1", "auto", "fr-par", "us-west-004"] {
            assert_eq!(s3_of(&format!("s3://b/?region={region}")).region.as_deref(), Some(region));
        }
    }

    #[test]
    fn an_s3_url_without_prefix_is_the_whole_bucket() {
        let s3 = s3_of("s3://site");
        assert_eq!(
            (s3.bucket.as_str(), s3.prefix.as_str(), s3.region, s3.endpoint),
            ("site", "", None, None)
        );
        assert_eq!(s3_of("s3://site/a/b").prefix, "a/b");
        assert_eq!(s3_of("s3://site/").prefix, "");
    }

    #[test]
    fn the_bad_prefix_message_names_every_character_allowed() {
        let error = location("s3://b/a%20b", None).expect_err("a space is refused");
        // Every character the message lists is one the rule accepts, `~` included.
        for named in ["-", "_", ".", "~"] {
            assert!(error.contains(&format!("`{named}`")), "{named}: {error}");
            assert_eq!(s3_of(&format!("s3://b/a{named}b")).prefix, format!("a{named}b"));
        }
    }

    #[test]
    fn refuses_bad_s3_urls() {
        for (url, needle) in [
            ("s3://", "bucket name"),
            ("s3:///blog", "bucket name"),
            ("s3://b/blog?regoin=x", "unknown url parameter `regoin`"),
            ("s3://b?endpoint=http://a:1&endpoint=http://b:2", "`endpoint` is given twice in the url"),
            ("s3://b/blog?endpoint=ftp://x", "http:// or https:// endpoint"),
            ("s3://b/blog?endpoint=not a url", "invalid endpoint"),
            ("s3://key:secret@b/blog", "credentials never go in site.toml"),
            ("s3://b/a//c", "prefix"),
            // A slip of the slash is no whole bucket, nor another prefix.
            ("s3://b//", "prefix"),
            ("s3://b///", "prefix"),
            ("s3://b//blog", "prefix"),
            ("s3://b/blog//", "prefix"),
            ("s3://b/a/../c", "prefix"),
            ("s3://b/a%20b", "prefix"),
            ("s3://b:9000/x", "port"),
            ("s3://b/x?region=", "region"),
        ] {
            let error = location(url, None).expect_err(url);
            assert!(error.contains(needle), "{url}: {error}");
        }
    }

    #[test]
    fn parses_git_remotes_and_defaults_the_branch() {
        for (url, remote) in [
            ("git+file:///srv/site.git", "file:///srv/site.git"),
            ("git+ssh://git@github.com/ada/log.git", "ssh://git@github.com/ada/log.git"),
            ("git+https://github.com/ada/log.git", "https://github.com/ada/log.git"),
        ] {
            assert_eq!(
                location(url, None),
                Ok(Location::Git(GitLocation { remote: remote.into(), branch: DEFAULT_BRANCH.into() }))
            );
        }
    }

    #[test]
    fn refuses_bad_git_remotes_and_branches() {
        for (url, branch, needle) in [
            ("git+ftp://host/x", None, "unsupported git remote"),
            ("git+https://user:pw@host/x", None, "credentials"),
            ("git+https://ghp_abcdef123456@github.com/ada/log.git", None, "credentials"),
            ("git+https://glpat-xyz@gitlab.com/ada/log.git", None, "credentials"),
            ("git+file://", None, "repository path"),
            ("git+nonsense", None, "invalid url"),
            ("git+ssh://git@github.com:ada/log.git", None, "expected `git+ssh://git@github.com/ada/log.git`"),
            ("git+file://../pages.git", None, "expected an absolute path"),
            ("git+file://tmp/pages.git", None, "expected an absolute path"),
            ("git+git@github.com:ada/log.git", None, "expected `git+ssh://git@github.com/ada/log.git`"),
            ("git+file:///srv/x.git", Some("-f"), "branch name"),
            ("git+file:///srv/x.git", Some("a..b"), "branch name"),
            ("git+file:///srv/x.git", Some("with space"), "branch name"),
            ("git+file:///srv/x.git", Some(""), "branch name"),
            ("git+file:///srv/x.git", Some("HEAD"), "branch name"),
            ("git+file:///srv/x.git", Some("a/.b"), "branch name"),
            ("git+file:///srv/x.git", Some("x.lock/y"), "branch name"),
        ] {
            let error = location(url, branch).expect_err(url);
            assert!(error.contains(needle), "{url} {branch:?}: {error}");
        }
    }

    #[test]
    fn errors_about_a_url_never_print_its_secrets() {
        for url in [
            "git+https://ghp_abcdef123456@github.com:ada/log.git",
            "https://tok3n@github.com/a/b.git",
            "s3://b/p?endpoint=ftp://key:s3cr3t@host",
            "git+ssh://git:s3cr3t@host:x/y",
        ] {
            let deploy = table(&format!("[[deploy.targets]]\nname = \"p\"\nurl = \"{url}\"\n"));
            let error = targets(&deploy).expect_err(url);
            for secret in ["ghp_abcdef123456", "tok3n", "s3cr3t"] {
                assert!(!error.message.contains(secret), "{url}: {}", error.message);
            }
            assert!(error.message.contains("***@"), "{url}: {}", error.message);
        }
        assert_eq!(
            masked("see ssh://git@github.com/a and https://u@h/x"),
            "see ssh://git@github.com/a and https://***@h/x"
        );
        // A parameter that names a secret, in the url or in its endpoint's, is never quoted.
        for url in [
            "s3://b/blog?endpoint=http://127.0.0.1:5055&aws_secret_access_key=s3cr3t",
            "s3://b?X-Amz-Signature=s3cr3t&X-Amz-Credential=s3cr3t",
            "s3://b?region=x&endpoint=http://h/?token=s3cr3t&regoin=y",
        ] {
            let deploy = table(&format!("[[deploy.targets]]\nname = \"p\"\nurl = \"{url}\"\n"));
            let error = targets(&deploy).expect_err(url);
            assert!(!error.message.contains("s3cr3t") && !error.quote, "{url}: {error:?}");
        }
        assert_eq!(
            masked("s3://b?endpoint=http://h/?token=s3cr3t&region=eu"),
            "s3://b?endpoint=http://h/?token=***&region=eu"
        );
        // Any text is masked without a panic (a name with no value once ran past the end).
        proptest::proptest!(|(text in "(\\?|&|=|token|key|sig|€|é|a|/|:|@|#| |ghp_)*")| {
            let _ = masked(&text);
        });
        // A secret's name with no value, at the end or before a character of several bytes.
        for url in ["s3://b?token=", "s3://b?key=&€x", "s3://b?token=&", "?sig="] {
            assert_eq!(masked(url), url, "nothing to hide");
        }
        let deploy =
            table("[[deploy.targets]]\nname = \"p\"\nurl = \"s3://b?endpoint=http://h/?token=s3cr3t\"\n");
        let shown = &targets(&deploy).expect("a target")[0].url;
        assert_eq!(shown, "s3://b?endpoint=http://h/?token=***", "as every message prints it");
        // A token before the `@` of a scp-style address, or as an ssh user name.
        for pasted in
            ["ghp_abcdef123456@github.com:ada/log.git", "ssh://github_pat_x1@github.com/ada/log.git"]
        {
            let deploy = table(&format!("[[deploy.targets]]\nname = \"p\"\nurl = \"{pasted}\"\n"));
            let error = targets(&deploy).expect_err(pasted);
            assert!(
                !error.message.contains("abcdef123456") && !error.message.contains("pat_x1"),
                "{}",
                error.message
            );
            assert!(error.message.contains("***@github.com"), "{}", error.message);
        }
    }

    #[test]
    fn an_https_user_name_is_never_printed() {
        assert_eq!(shown_remote("https://ada@example.org/log.git"), "https://***@example.org/log.git");
        assert_eq!(shown_remote("ssh://git@github.com/ada/log.git"), "ssh://git@github.com/ada/log.git");
        assert_eq!(shown_remote("file:///srv/x.git"), "file:///srv/x.git");
        let deploy =
            table("[[deploy.targets]]\nname = \"p\"\nurl = \"git+https://s3cr3t@example.org/l.git\"\n");
        let targets = targets(&deploy).expect("valid");
        assert_eq!(targets[0].url, "git+https://***@example.org/l.git");
        assert!(!targets[0].to_string().contains("s3cr3t"));
    }

    #[test]
    fn refuses_other_schemes_and_a_branch_on_s3() {
        assert!(location("ftp://host/x", None).expect_err("ftp").starts_with("unsupported url"));
        assert!(location("public/", None).expect_err("a path").starts_with("unsupported url"));
        assert!(location("s3://b/x", Some("main")).expect_err("branch").contains("only to git targets"));
    }

    /// A clone address pasted as hosts show it is answered with the url it is as a target.
    #[test]
    fn a_clone_address_is_answered_with_its_git_url() {
        for (pasted, expected) in [
            ("git@github.com:ada/log.git", "git+ssh://git@github.com/ada/log.git"),
            ("https://github.com/ada/log.git", "git+https://github.com/ada/log.git"),
            ("ssh://git@host.example/srv/log.git", "git+ssh://git@host.example/srv/log.git"),
        ] {
            assert_eq!(
                location(pasted, None).expect_err("not a target url"),
                format!("unsupported url `{pasted}`: for a git repository, expected `{expected}`")
            );
            assert!(location(expected, None).is_ok(), "{expected} is a git target");
        }
        assert!(location("www.example.org:8080", None).expect_err("no").contains("expected `s3://"));
        for not_a_repository in ["https://example.org/", "https://bucket.s3.eu-west-1.amazonaws.com/blog"] {
            let error = location(not_a_repository, None).expect_err("not a target url");
            assert!(error.contains("expected `s3://BUCKET/PREFIX`"), "{error}");
        }
    }

    #[test]
    fn scp_style_addresses_are_split_after_the_user() {
        assert_eq!(scp_style("git@github.com:ada/log.git"), Some(("git@github.com", "ada/log.git")));
        assert_eq!(scp_style("ada:pw@host:srv/log.git"), Some(("ada:pw@host", "srv/log.git")));
        assert_eq!(scp_style("host:pages.git"), Some(("host", "pages.git")));
        for not_one in ["www.example.org:8080/x", "git@github.com:", "@:x", "github.com/ada/log.git"] {
            assert_eq!(scp_style(not_one), None, "{not_one}");
        }
    }

    /// A branch written as its reference would be pushed under `refs/heads/refs/heads/`.
    #[test]
    fn a_branch_written_as_a_reference_is_refused_with_its_name() {
        let error = location("git+file:///srv/pages.git", Some("refs/heads/gh-pages")).expect_err("a ref");
        assert_eq!(error, "expected the branch's name, without `refs/heads/`: `gh-pages`");
        let error = location("git+file:///srv/pages.git", Some("refs/tags/v1")).expect_err("a ref");
        assert_eq!(error, "expected a branch's name such as `gh-pages`, found the reference `refs/tags/v1`");
        assert!(location("git+file:///srv/pages.git", Some("site/refs")).is_ok());
    }

    #[test]
    fn selects_the_first_target_or_the_named_one() {
        let deploy = table(
            "[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\n[[deploy.targets]]\nname = \"c\"\nurl = \"s3://d\"\n",
        );
        let targets = targets(&deploy).expect("valid");
        assert_eq!(select(&targets, None).map(|t| t.name.as_str()), Ok("a"));
        assert_eq!(select(&targets, Some("c")).map(|t| t.name.as_str()), Ok("c"));
        let unknown = select(&targets, Some("x")).expect_err("unknown");
        assert_eq!(unknown.to_string(), "no deploy target named `x` in site.toml: expected one of `a`, `c`");
        assert_eq!(select(&[], None), Err(Selection::NoTargets));
        assert_eq!(select(&[], Some("pages")), Err(Selection::NoTargets));
    }
}
