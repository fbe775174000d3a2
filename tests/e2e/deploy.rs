//! `leverage deploy` against real servers started by the tests: moto's S3 server on a free
//! loopback port (with bucket versioning on, so every upload of a key is counted) and a bare git
//! repository on disk. Both skip loudly where moto or git is missing and are required in CI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{
    Child, assert_no_panic, free_port, require, said_port, site, stderr, wait_for_port, write,
};

const RECORD: &str = "+++\ntags = [\"alpha\"]\n+++\n\nIntro.\n\n| Task | Human Est. | Claude Time |\n|---|---|---|\n| Build it | 2h | 10min |\n";

/// The S3 side of the tests, through boto3 (which comes with moto): create a bucket with
/// versioning, put a key, and list every current object with its headers and its number of
/// versions (one per upload).
const BOTO: &str = r#"
import json, sys, boto3
endpoint, command, bucket = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
if command == "create":
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
elif command == "put":
    s3.put_object(Bucket=bucket, Key=sys.argv[4], Body=sys.argv[5].encode())
elif command == "uploads":
    print(len(s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])))
elif command == "md5":
    import hashlib
    print(hashlib.md5(s3.get_object(Bucket=bucket, Key=sys.argv[4])["Body"].read()).hexdigest())
elif command == "list":
    versions = {}
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for v in page.get("Versions", []):
            versions[v["Key"]] = versions.get(v["Key"], 0) + 1
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            head = s3.head_object(Bucket=bucket, Key=o["Key"])
            objects[o["Key"]] = {"type": head.get("ContentType"), "cache": head.get("CacheControl"),
                                 "etag": o["ETag"].strip('"'), "versions": versions.get(o["Key"], 0)}
    print(json.dumps(objects))
"#;

/// One object as the S3 server holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Object {
    content_type: String,
    cache_control: String,
    etag: String,
    versions: u64,
}

/// moto's S3 server, stopped when dropped.
struct Moto {
    _child: Child,
    endpoint: String,
}

impl Moto {
    /// Starts the server, or returns `None` (loudly) where moto is not installed.
    fn start() -> Option<Moto> {
        if !require("python3", &["-c", "import moto.server, boto3"]) {
            return None;
        }
        // On a port the system picks, which it says on stderr (see `support::serving_port`).
        let mut child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("moto's server starts");
        let stderr = child.stderr.take().expect("piped");
        let child = Child(child);
        // ` * Running on http://127.0.0.1:41235`
        let port =
            said_port(stderr, |line| line.strip_prefix(" * Running on http://127.0.0.1:")?.parse().ok())
                .unwrap_or_else(|said| panic!("moto's server did not say its port; it said {said:?}"));
        wait_for_port(port);
        Some(Moto { _child: child, endpoint: format!("http://127.0.0.1:{port}") })
    }

    fn boto(&self, args: &[&str]) -> String {
        let output = Command::new("python3")
            .args(["-c", BOTO, &self.endpoint])
            .args(args)
            .output()
            .expect("python3 runs");
        assert!(output.status.success(), "boto3 {args:?}: {}", stderr(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Every current object of the bucket.
    fn list(&self, bucket: &str) -> BTreeMap<String, Object> {
        let json: serde_json::Value = serde_json::from_str(&self.boto(&["list", bucket])).expect("JSON");
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        json.as_object()
            .expect("an object of keys")
            .iter()
            .map(|(key, o)| {
                let object = Object {
                    content_type: text(&o["type"]),
                    cache_control: text(&o["cache"]),
                    etag: text(&o["etag"]),
                    versions: o["versions"].as_u64().unwrap_or_default(),
                };
                (key.clone(), object)
            })
            .collect()
    }
}

/// Runs `leverage deploy` on a site with the test's credentials and no terminal.
fn deploy(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let output = deploy_command(root, args, env).output().expect("leverage runs");
    assert_no_panic(&output);
    output
}

/// The command `deploy` runs.
fn deploy_command(root: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Command {
    let mut command = crate::support::command();
    command.arg("deploy").arg("--root").arg(root).args(args).stdin(Stdio::null());
    for name in ["AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"] {
        command.env_remove(name);
    }
    command
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        // Never the keys of the machine's own ~/.aws/credentials.
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/leverage-tests/credentials")
        .env("NO_PROXY", "127.0.0.1");
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every built file (without the marker) and its bytes.
fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, base, files);
            } else {
                let relative =
                    path.strip_prefix(base).expect("below the base").to_string_lossy().replace('\\', "/");
                files.insert(relative, std::fs::read(&path).expect("a readable file"));
            }
        }
    }
    let mut files = BTreeMap::new();
    let public = root.join("public");
    walk(&public, &public, &mut files);
    assert!(files.remove(".leverage-output").is_some(), "the build has its marker");
    files
}

/// Paths whose bytes differ between two builds, or that only the second has.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    after.iter().filter(|(path, bytes)| before.get(*path) != Some(bytes)).map(|(p, _)| p.clone()).collect()
}

/// The paths a deploy printed as `new` or `changed`.
fn printed_uploads(output: &Output) -> BTreeSet<String> {
    stdout(output)
        .lines()
        .filter_map(|line| line.strip_prefix("new ").or_else(|| line.strip_prefix("changed ")))
        .map(|path| path.trim().to_string())
        .collect()
}

/// The Content-Type and Cache-Control the docs promise for a path.
fn expected_headers(path: &str) -> (&'static str, &'static str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let hashed = name.starts_with("style.") && name.len() == "style.0123456789abcdef.css".len();
    let short = "public, max-age=300";
    match name.rsplit_once('.').map_or("", |(_, e)| e) {
        "html" => ("text/html; charset=utf-8", short),
        "css" if hashed => ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        "xml" if name == "atom.xml" => ("application/atom+xml; charset=utf-8", short),
        "xml" => ("application/xml; charset=utf-8", short),
        "txt" => ("text/plain; charset=utf-8", short),
        "json" => ("application/json", short),
        "csv" => ("text/csv; charset=utf-8", short),
        "svg" => ("image/svg+xml", "public, max-age=3600"),
        other => panic!("the test site has no .{other} file ({path})"),
    }
}

/// A small site of three records with deploy targets.
/// The records' site with one target, `prod`: the prefix `blog` of moto's bucket `site`.
fn bucket_site(moto: &Moto) -> tempfile::TempDir {
    record_site(&format!(
        "[[deploy.targets]]\nname = \"prod\"\nurl = \"s3://site/blog?region=us-east-1&endpoint={}\"\n",
        moto.endpoint
    ))
}

fn record_site(targets: &str) -> tempfile::TempDir {
    let config = format!("title = \"Test\"\nbase_url = \"https://log.ada.dev/\"\n\n{targets}");
    site(&[
        ("site.toml", config.as_str()),
        ("content/records/2026-03-01.md", RECORD),
        ("content/records/2026-03-02.md", &RECORD.replace("2h", "3h")),
        ("content/records/2026-03-03.md", &RECORD.replace("2h", "4h")),
        ("content/about.md", "# About\n"),
    ])
}

#[test]
fn s3_deploy_uploads_what_changed_and_deletes_only_with_confirm() {
    let Some(moto) = Moto::start() else { return };
    moto.boto(&["create", "site"]);
    moto.boto(&["put", "site", "blog-old/index.html", "an older site, not ours"]);
    moto.boto(&["put", "site", "outside.txt", "not ours either"]);
    let outside = |listing: &BTreeMap<String, Object>| {
        listing.iter().filter(|(k, _)| !k.starts_with("blog/")).map(|(k, o)| (k.clone(), o.clone())).collect()
    };
    let untouched: BTreeMap<String, Object> = outside(&moto.list("site"));
    let dir = bucket_site(&moto);
    let root = dir.path();

    // A dry run prints the plan and uploads nothing.
    let dry = deploy(root, &["--dry-run"], &[]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let files = built(root);
    assert!(stdout(&dry).contains(&format!("{} to upload (", files.len())), "{}", stdout(&dry));
    assert!(stdout(&dry).contains("0 to delete, 0 unchanged"), "{}", stdout(&dry));
    assert_eq!(moto.list("site").len(), 2, "a dry run changes nothing");

    // The first deploy uploads every file, with its headers.
    let first = deploy(root, &[], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let listing = moto.list("site");
    let keys: BTreeSet<String> =
        listing.keys().filter_map(|k| k.strip_prefix("blog/")).map(String::from).collect();
    assert_eq!(
        keys,
        files.keys().cloned().collect(),
        "every built file and nothing else is below the prefix"
    );
    for path in files.keys() {
        let object = &listing[&format!("blog/{path}")];
        let (content_type, cache_control) = expected_headers(path);
        assert_eq!(
            (object.content_type.as_str(), object.cache_control.as_str()),
            (content_type, cache_control),
            "{path}"
        );
        assert_eq!(object.versions, 1, "{path}");
    }
    assert!(!listing.contains_key("blog/.leverage-output"), "the marker file is never uploaded");

    // Nothing changed: nothing is uploaded.
    let second = deploy(root, &[], &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stderr(&second).contains("is up to date"), "{}", stderr(&second));
    assert_eq!(moto.list("site"), listing, "a second deploy uploads nothing");

    // One record changes: exactly the files whose bytes changed are uploaded, once.
    write(root, "content/records/2026-03-02.md", RECORD.replace("2h", "5h"));
    let third = deploy(root, &[], &[]);
    assert!(third.status.success(), "{}", stderr(&third));
    let after = built(root);
    let expected = changed(&files, &after);
    assert!(
        expected.contains("records/2026-03-02/index.html") && expected.contains("index.html"),
        "{expected:?}"
    );
    assert!(expected.len() < files.len(), "a change to one record leaves other pages alone: {expected:?}");
    assert_eq!(printed_uploads(&third), expected);
    let relisted = moto.list("site");
    let uploaded: BTreeSet<String> = relisted
        .iter()
        .filter(|(key, object)| listing.get(*key).is_some_and(|before| before.versions != object.versions))
        .filter_map(|(key, _)| key.strip_prefix("blog/").map(String::from))
        .collect();
    assert_eq!(uploaded, expected, "exactly the changed files were uploaded");
    assert!(relisted.values().all(|o| o.versions <= 2));

    // A deleted record: without --confirm (and no terminal) nothing changes and the exit is 1.
    std::fs::remove_file(root.join("content/records/2026-03-03.md")).expect("removed");
    let refused = deploy(root, &[], &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--confirm"), "{}", stderr(&refused));
    assert!(stdout(&refused).contains("delete   records/2026-03-03/index.html"), "{}", stdout(&refused));
    assert_eq!(moto.list("site"), relisted, "nothing uploaded or deleted without confirmation");

    // With --confirm the page is removed, the rest is brought up to date, and keys outside the
    // prefix are untouched.
    let confirmed = deploy(root, &["--confirm"], &[]);
    assert!(confirmed.status.success(), "{}", stderr(&confirmed));
    let last = moto.list("site");
    assert!(!last.contains_key("blog/records/2026-03-03/index.html"), "the deleted record's page is gone");
    let keys: BTreeSet<String> =
        last.keys().filter_map(|k| k.strip_prefix("blog/")).map(String::from).collect();
    assert_eq!(keys, built(root).keys().cloned().collect());
    assert_eq!(outside(&last), untouched, "keys outside the prefix are never touched");

    // A new stylesheet: the old one stays for pages still cached with its address, then the
    // next deploy deletes it; neither asks for --confirm, as neither deletes a writer's file.
    let styles = |listing: &BTreeMap<String, Object>| -> Vec<String> {
        listing.keys().filter(|k| k.starts_with("blog/style.") && k.ends_with(".css")).cloned().collect()
    };
    let old = styles(&last);
    assert_eq!(old.len(), 1, "{old:?}");
    write(root, "static/custom.css", ":root { --accent: #b3261e; }\n");
    let restyled = deploy(root, &[], &[]);
    assert!(restyled.status.success(), "{}", stderr(&restyled));
    assert!(
        stdout(&restyled).contains(&format!("keep     {} (replaced", &old[0]["blog/".len()..])),
        "{}",
        stdout(&restyled)
    );
    let both = styles(&moto.list("site"));
    assert_eq!(both.len(), 2, "{both:?}");
    let next = deploy(root, &[], &[]);
    assert!(next.status.success(), "{}", stderr(&next));
    let left = styles(&moto.list("site"));
    assert_eq!(left.len(), 1, "{left:?}");
    assert_ne!(left, old);
    // Two changes in a row: only the version pages link now is kept, not every older one.
    let stylesheet = |root: &Path| {
        built(root)
            .into_keys()
            .find(|k| k.starts_with("style.") && k.ends_with(".css"))
            .expect("a stylesheet")
    };
    write(root, "static/custom.css", ":root { --accent: #1b5e20; }\n");
    assert!(deploy(root, &[], &[]).status.success());
    let green = stylesheet(root);
    write(root, "static/custom.css", ":root { --accent: #4a148c; }\n");
    let twice = deploy(root, &[], &[]);
    assert!(twice.status.success(), "{}", stderr(&twice));
    assert_eq!(stdout(&twice).matches("keep     style.").count(), 1, "{}", stdout(&twice));
    assert_eq!(styles(&moto.list("site")).len(), 2);
    let purple = stylesheet(root);
    // A change undone, then made again: the version the pages link is kept each time, though
    // the bucket wrote it before the built one (the older was deleted, the live one with it).
    write(root, "static/custom.css", ":root { --accent: #1b5e20; }\n");
    let back = deploy(root, &[], &[]);
    assert!(stdout(&back).contains(&format!("keep     {purple} (replaced")), "{}", stdout(&back));
    write(root, "static/custom.css", ":root { --accent: #4a148c; }\n");
    let again = deploy(root, &[], &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains(&format!("keep     {green} (replaced")), "{}", stdout(&again));
    assert_eq!(
        styles(&moto.list("site")),
        [format!("blog/{green}"), format!("blog/{purple}")]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
}

/// A file of 64 MiB or more goes up in parts of 8 MiB (S3 takes at most 5 GB in one upload, and
/// a file read whole costs its size in memory): the object has its bytes and headers, and the
/// next deploy finds it unchanged through the MD5 in its metadata, as its ETag is no MD5.
#[test]
fn s3_a_large_file_goes_up_in_parts_and_is_then_unchanged() {
    let Some(moto) = Moto::start() else { return };
    moto.boto(&["create", "site"]);
    let dir = bucket_site(&moto);
    let root = dir.path();
    let video: Vec<u8> = (0..(65u32 << 20) + 1).map(|i| (i % 251) as u8).collect();
    std::fs::create_dir_all(root.join("static")).expect("folder");
    std::fs::write(root.join("static/talk.mp4"), &video).expect("written");
    let first = deploy(root, &[], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let listing = moto.list("site");
    let object = &listing["blog/talk.mp4"];
    assert!(object.etag.ends_with("-9"), "sent in nine parts: {object:?}");
    assert_eq!(object.content_type, "video/mp4");
    use md5::Digest;
    let expected: String = md5::Md5::digest(&video).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(moto.boto(&["md5", "site", "blog/talk.mp4"]).trim(), expected);
    assert_eq!(moto.boto(&["uploads", "site"]).trim(), "0", "no upload is left open");
    let second = deploy(root, &[], &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stderr(&second).contains("is up to date"), "{}", stderr(&second));
    assert_eq!(moto.list("site")["blog/talk.mp4"].versions, 1);
}

/// Stopped by Ctrl-C (or a CI job cancelled) while a large file goes up in parts: the upload is
/// aborted, so that the bucket keeps (and bills) none of its parts, nothing is deleted, and the
/// exit is 130; the next deploy finishes. Each stop left its parts in the bucket.
#[test]
fn s3_a_deploy_stopped_by_a_signal_leaves_no_parts_in_the_bucket() {
    let Some(moto) = Moto::start() else { return };
    moto.boto(&["create", "site"]);
    let dir = bucket_site(&moto);
    let root = dir.path();
    std::fs::create_dir_all(root.join("static")).expect("folder");
    let big: Vec<u8> = (0..256u32 << 20).map(|i| (i % 253) as u8).collect();
    std::fs::write(root.join("static/big.bin"), &big).expect("written");
    let said = root.join("said.txt");
    let mut command = deploy_command(root, &[], &[]);
    command.stdout(Stdio::null()).stderr(std::fs::File::create(&said).expect("a file"));
    let mut child = crate::support::Child(command.spawn().expect("leverage runs"));
    // Stopped once its parts are going up.
    let begun = (0..600).any(|_| {
        let open = moto.boto(&["uploads", "site"]).trim() != "0";
        if !open {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        open
    });
    assert!(begun, "the upload in parts began");
    assert!(child.signal("-INT"), "kill -INT was not delivered");
    let status = child.exited().expect("it stops");
    let said = std::fs::read_to_string(&said).expect("read");
    assert_eq!(status.code(), Some(130), "{said}");
    assert!(said.contains("stopped by a signal") && said.contains("were removed from the bucket"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert_eq!(moto.boto(&["uploads", "site"]).trim(), "0", "no part is left in the bucket");
    let again = deploy(root, &[], &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(moto.list("site").contains_key("blog/big.bin"));
}

#[test]
fn s3_folder_markers_are_left_alone_and_a_key_leverage_cannot_name_is_named() {
    let Some(moto) = Moto::start() else { return };
    moto.boto(&["create", "site"]);
    // What the S3 console's "Create folder" makes: an empty object whose key ends in `/`.
    moto.boto(&["put", "site", "blog/images/", ""]);
    moto.boto(&["put", "site", "blog/records/", ""]);
    moto.boto(&["put", "site", "blog/notes/", "a key ending in / with bytes in it"]);
    let dir = bucket_site(&moto);
    let root = dir.path();
    let first = deploy(root, &[], &[]);
    assert!(first.status.success(), "no deletion to confirm: {}", stderr(&first));
    assert!(!stdout(&first).contains("delete "), "{}", stdout(&first));
    // The keys of a profile of the shared credentials file, when the environment has none.
    let keys = tempfile::tempdir().expect("a folder");
    let file = keys.path().join("credentials");
    std::fs::write(
        &file,
        "[default]\naws_access_key_id = nope\n[ci]\naws_access_key_id = test\naws_secret_access_key = test\n",
    )
    .expect("written");
    let file = file.to_str().expect("UTF-8");
    let unset =
        [("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", ""), ("AWS_SHARED_CREDENTIALS_FILE", file)];
    let again = deploy(root, &[], &[unset.as_slice(), &[("AWS_PROFILE", "ci")]].concat());
    assert!(stderr(&again).contains("is up to date"), "{}", stderr(&again));
    let none = deploy(root, &[], &unset);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains(&format!(
            "give the profile `default` keys in {file} (its profile `[default]` has no `aws_secret_access_key`)"
        )),
        "{}",
        stderr(&none)
    );
    let listing = moto.list("site");
    assert!(listing.contains_key("blog/images/") && listing.contains_key("blog/records/"), "{listing:?}");
    assert!(listing.contains_key("blog/notes/"), "{listing:?}");

    // A built file whose name no S3 key can hold is named, escaped, with what was expected.
    write(root, "static/line\nbreak.txt", "x");
    let unnamed = deploy(root, &[], &[]);
    assert_eq!(unnamed.status.code(), Some(1));
    let err = stderr(&unnamed);
    assert!(
        err.contains("cannot name `line\\nbreak.txt` as an S3 key: it holds a control character"),
        "{err}"
    );
    std::fs::remove_file(root.join("static/line\nbreak.txt")).expect("removed");

    moto.boto(&["put", "site", "blog/old//double.html", "x"]);
    let refused = deploy(root, &[], &[]);
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(err.contains("blog/old//double.html"), "{err}");
    assert!(!err.contains("\\\""), "the key is quoted as it is, not escaped for Rust: {err}");
    assert!(err.contains("remove or rename that object"), "{err}");

    // A bucket that is not there is said, with what to do about it.
    let elsewhere = format!(
        "[[deploy.targets]]\nname = \"prod\"\nurl = \"s3://no-such-bucket?region=us-east-1&endpoint={}\"\n",
        moto.endpoint
    );
    let missing = deploy(record_site(&elsewhere).path(), &[], &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("NoSuchBucket"), "{}", stderr(&missing));
    assert!(
        stderr(&missing).contains("expected the url's bucket to exist there; create it"),
        "{}",
        stderr(&missing)
    );
}

/// An empty bare repository `site.git` in `home`, as a git target's remote.
fn bare_repository(home: &Path) -> PathBuf {
    let bare = home.join("site.git");
    let init = Command::new("git").args(["init", "--quiet", "--bare"]).arg(&bare).output().expect("git runs");
    assert!(init.status.success(), "{}", stderr(&init));
    bare
}

/// A stub git host: answers every request 401 and writes each request's Authorization header
/// (or `-`) to its log, a line each.
const RECORDING_HOST: &str = r#"
import http.server, sys
log = open(sys.argv[1], "a")
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        log.write((self.headers.get("Authorization") or "-") + "\n"); log.flush()
        self.send_response(401); self.send_header("WWW-Authenticate", 'Basic realm="x"')
        self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// The site's repository's own way to sign in to a remote (`http.<url>.extraheader`, where
/// GitHub's `actions/checkout` keeps its token) reaches the deploy's git, which works in a
/// temporary repository that would not read it: the host is sent the header.
#[test]
fn git_deploy_signs_in_as_the_site_s_repository_does() {
    if !require("git", &["--version"]) || !require("python3", &["--version"]) {
        return;
    }
    let home = tempfile::tempdir().expect("a temporary home");
    let log = home.path().join("requests.log");
    let mut host = Command::new("python3")
        .args(["-c", RECORDING_HOST])
        .arg(&log)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut port = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(host.stdout.take().expect("its output")),
        &mut port,
    )
    .expect("the port");
    let url = format!("http://127.0.0.1:{}/a/b.git", port.trim());
    let dir = record_site(&format!("[[deploy.targets]]\nname = \"pages\"\nurl = \"git+{url}\"\n"));
    let root = dir.path();
    let home_text = home.path().to_str().expect("a UTF-8 path");
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .env("HOME", home_text)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "{}", stderr(&output));
    };
    git(&["init", "--quiet"]);
    git(&["config", &format!("http.{url}.extraheader"), "AUTHORIZATION: basic dGVzdDpzZWNyZXQ="]);
    // With no user settings of git's: the site's repository's are the only ones.
    let deploy = |args: &[&str]| {
        crate::support::command()
            .arg("deploy")
            .args(args)
            .arg("--root")
            .arg(root)
            .env("HOME", home_text)
            .env("XDG_CONFIG_HOME", home_text)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(Stdio::null())
            .output()
            .expect("leverage runs")
    };
    let output = deploy(&[]);
    let _ = host.kill();
    let _ = host.wait();
    assert_eq!(output.status.code(), Some(1), "the stub host lets no one in: {}", stderr(&output));
    let requests = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(requests.lines().any(|l| l == "basic dGVzdDpzZWNyZXQ="), "{requests}");
    assert!(!stderr(&output).contains("dGVzdDpzZWNyZXQ="), "the token is never printed: {}", stderr(&output));

    // A repository another user owns, which git refuses to read ("dubious ownership", as a
    // container's job meets one): said, with git's way to trust it. (Root can give the site
    // away; CI runs as root.)
    use std::os::unix::fs::MetadataExt;
    if std::fs::metadata(home.path()).expect("its metadata").uid() != 0 {
        eprintln!("not root: the site cannot be given to another user here; that part is left out");
        return;
    }
    crate::support::give_to_nobody(root);
    let err = stderr(&deploy(&["--dry-run"]));
    assert!(err.contains("git refuses to read the repository at"), "{err}");
    assert!(err.contains("git config --global --add safe.directory"), "{err}");
}

#[test]
fn git_deploy_commits_on_top_and_never_rewrites_the_branch() {
    if !require("git", &["--version"]) {
        return;
    }
    let home = tempfile::tempdir().expect("a temporary home");
    let bare = bare_repository(home.path());
    let targets = format!(
        "[[deploy.targets]]\nname = \"pages\"\nurl = \"git+file://{}\"\nbranch = \"gh-pages\"\n",
        bare.display()
    );
    let dir = record_site(&targets);
    let root = dir.path();
    let home_text = home.path().to_str().expect("a UTF-8 path");
    // A bare machine: no identity configured anywhere, so commits are `leverage <leverage@localhost>`.
    let temporary = tempfile::tempdir().expect("a temporary folder for the deploys' own");
    let temp_text = temporary.path().to_str().expect("a UTF-8 path");
    let env = [
        ("HOME", home_text),
        ("XDG_CONFIG_HOME", home_text),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("TMPDIR", temp_text),
    ];
    let git = |args: &[&str]| -> String {
        let output = Command::new("git").arg("--git-dir").arg(&bare).args(args).output().expect("git runs");
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    let deploy = |args: &[&str]| {
        let mut command = crate::support::command();
        command.arg("deploy").arg("--root").arg(root).args(args).stdin(Stdio::null());
        for name in
            ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"]
        {
            command.env_remove(name);
        }
        command.envs(env);
        let output = command.output().expect("leverage runs");
        assert_no_panic(&output);
        output
    };

    // What a deploy killed by a signal left (its process is gone) is removed by the next one.
    let stale = temporary.path().join("leverage-deploy-4194305-abcdef");
    std::fs::create_dir_all(stale.join("repository.git")).expect("a stale folder");
    let dry = deploy(&["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(git(&["branch", "--list", "gh-pages"]), "", "a dry run creates no branch");
    if Path::new("/proc/self").exists() {
        assert!(!stale.exists(), "the killed deploy's repository is removed");
    }
    let left: Vec<_> = std::fs::read_dir(temporary.path()).expect("listed").collect();
    assert!(left.is_empty(), "a deploy removes its own repository: {left:?}");

    // The first deploy makes the branch: one root commit holding exactly the built files.
    let first = deploy(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let files = built(root);
    let tree: BTreeSet<String> =
        git(&["ls-tree", "-r", "--name-only", "gh-pages"]).lines().map(String::from).collect();
    assert_eq!(tree, files.keys().cloned().collect(), "the branch holds the build, without the marker");
    assert_eq!(git(&["rev-list", "--count", "gh-pages"]), "1");
    assert_eq!(git(&["log", "-1", "--format=%an <%ae>", "gh-pages"]), "leverage <leverage@localhost>");
    let tip = git(&["rev-parse", "gh-pages"]);
    assert_eq!(git(&["show", "gh-pages:index.html"]).as_bytes(), files["index.html"].trim_ascii_end());

    // Nothing changed: no commit.
    let second = deploy(&[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stderr(&second).contains("is up to date"), "{}", stderr(&second));
    assert_eq!(git(&["rev-parse", "gh-pages"]), tip, "no commit when nothing changed");
    // --quiet: the build's, the plan's and the answer's lines are left out; nothing else is said.
    let quiet = deploy(&["--quiet"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!(stderr(&quiet), "", "a quiet deploy with nothing to do says nothing");

    // A change: exactly one new commit whose parent is the old tip (no force push), touching
    // exactly the files whose bytes changed, as the configured identity.
    write(home.path(), ".gitconfig", "[user]\n\tname = Ada Example\n\temail = ada@example.org\n");
    write(root, "content/records/2026-03-02.md", RECORD.replace("2h", "5h"));
    let third = deploy(&[]);
    assert!(third.status.success(), "{}", stderr(&third));
    assert_eq!(git(&["rev-list", "--count", "gh-pages"]), "2");
    assert_eq!(git(&["rev-parse", "gh-pages^"]), tip, "the old commit is the new one's parent");
    assert_eq!(git(&["log", "-1", "--format=%an <%ae>", "gh-pages"]), "Ada Example <ada@example.org>");
    let touched: BTreeSet<String> =
        git(&["diff", "--name-only", &tip, "gh-pages"]).lines().map(String::from).collect();
    assert_eq!(touched, changed(&files, &built(root)));
    assert_eq!(printed_uploads(&third), touched);
    let tip = git(&["rev-parse", "gh-pages"]);

    // A deleted record: refused without --confirm, one more commit with it.
    std::fs::remove_file(root.join("content/records/2026-03-03.md")).expect("removed");
    let refused = deploy(&[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert_eq!(git(&["rev-parse", "gh-pages"]), tip, "nothing pushed without confirmation");
    // A dry run says what the same deploy without it would need, or why it would be refused.
    let dry = deploy(&["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stderr(&dry).contains("; deleting 1 file needs --confirm"), "{}", stderr(&dry));
    // A record page that goes may be a record that moved: its old address can be kept.
    assert!(
        stderr(&dry).contains(
            "help: if the record of /records/2026-03-03/ moved rather than went (its file renamed, its slug \
             changed), keep its old address: `aliases = [\"/records/2026-03-03/\"]` in its front matter"
        ),
        "{}",
        stderr(&dry)
    );
    // Under --quiet that line stays: it is what the dry run found, not its progress.
    let quiet = deploy(&["--dry-run", "--quiet"]);
    assert_eq!(
        stderr(&quiet),
        "dry run: nothing was changed on `pages`; deleting 1 file needs --confirm\n",
        "{}",
        stderr(&quiet)
    );
    let dry = deploy(&["--dry-run", "--confirm", "--max-deletes", "0"]);
    assert!(
        stderr(&dry).contains(
            "without --dry-run it would be refused: it would delete 1 file, more than --max-deletes (0)"
        ),
        "{}",
        stderr(&dry)
    );
    // More deletions than --max-deletes are refused even when confirmed (a build that lost its
    // content would empty the branch).
    let capped = deploy(&["--confirm", "--max-deletes", "0"]);
    assert_eq!(capped.status.code(), Some(1), "{}", stderr(&capped));
    assert!(stderr(&capped).contains("more than --max-deletes (0)"), "{}", stderr(&capped));
    assert_eq!(git(&["rev-parse", "gh-pages"]), tip, "nothing pushed past --max-deletes");
    let confirmed = deploy(&["--confirm"]);
    assert!(confirmed.status.success(), "{}", stderr(&confirmed));
    assert_eq!(git(&["rev-parse", "gh-pages^"]), tip);
    let tree = git(&["ls-tree", "-r", "--name-only", "gh-pages"]);
    assert!(!tree.contains("records/2026-03-03/"), "{tree}");
    assert!(tree.contains("records/2026-03-01/index.html"), "{tree}");

    // The site's own repository's identity comes before the user's.
    let in_site = |args: &[&str]| {
        let output = Command::new("git").arg("-C").arg(root).args(args).envs(env).output().expect("git runs");
        assert!(output.status.success(), "{}", stderr(&output));
    };
    in_site(&["init", "--quiet"]);
    in_site(&["config", "user.name", "Ada Local"]);
    in_site(&["config", "user.email", "ada@local.example"]);
    write(root, "content/records/2026-03-02.md", RECORD.replace("2h", "6h"));
    let local = deploy(&[]);
    assert!(local.status.success(), "{}", stderr(&local));
    assert_eq!(git(&["log", "-1", "--format=%an <%ae>", "gh-pages"]), "Ada Local <ada@local.example>");
    // A site repository without a commit has nothing to name; with one, the commit says it.
    assert!(!git(&["log", "-1", "--format=%B", "gh-pages"]).contains("Built from"));
    in_site(&["add", "content", "site.toml"]);
    in_site(&["commit", "--quiet", "-m", "records"]);
    let short_head = || {
        let head = Command::new("git").arg("-C").arg(root).args(["rev-parse", "--short", "HEAD"]).output();
        String::from_utf8_lossy(&head.expect("git runs").stdout).trim().to_string()
    };
    let message = || git(&["log", "-1", "--format=%B", "gh-pages"]);
    // A changed record, then a new one not yet added: the build is not the commit's.
    write(root, "content/records/2026-03-02.md", RECORD.replace("2h", "7h"));
    assert!(deploy(&[]).status.success());
    assert!(
        message().contains(&format!("Built from {} with uncommitted changes.", short_head())),
        "{}",
        message()
    );
    in_site(&["commit", "--quiet", "-am", "seven hours"]);
    write(root, "content/records/2026-03-04.md", RECORD);
    assert!(deploy(&["--confirm"]).status.success());
    assert!(
        message().contains(&format!("Built from {} with uncommitted changes.", short_head())),
        "{}",
        message()
    );
    in_site(&["add", "content"]);
    in_site(&["commit", "--quiet", "-m", "a new day"]);
    write(root, "content/records/2026-03-02.md", RECORD.replace("2h", "8h"));
    in_site(&["commit", "--quiet", "-am", "eight hours"]);
    assert!(deploy(&[]).status.success());
    assert!(message().contains(&format!("Built from {}.\n", short_head())), "{}", message());

    // --base-url builds the deployed site for that address; a local one is warned about.
    let local = deploy(&["--dry-run", "--base-url", "http://localhost:1111"]);
    assert!(local.status.success(), "{}", stderr(&local));
    assert!(
        stderr(&local).contains(
            "--base-url:1:1: warning: base_url is http://localhost:1111/: links, the feed and the sitemap \
             will point there; give --base-url the address the site is served from"
        ),
        "{}",
        stderr(&local)
    );
    let feed = std::fs::read_to_string(root.join("public/atom.xml")).expect("built");
    assert!(feed.contains("<id>http://localhost:1111/records/") && !feed.contains("log.ada.dev"), "{feed}");

    // A push the remote refuses (a hook, a protected branch) says why, and changes nothing.
    let tip = git(&["rev-parse", "gh-pages"]);
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'protected branch: deploys are frozen' >&2\nexit 1\n")
        .expect("hook");
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("executable");
    write(root, "content/records/2026-03-02.md", RECORD.replace("2h", "7h"));
    let frozen = deploy(&[]);
    assert_eq!(frozen.status.code(), Some(1), "{}", stderr(&frozen));
    assert!(
        stderr(&frozen).contains(
            "refused the push to branch `gh-pages`: pre-receive hook declined (it said: protected branch: \
             deploys are frozen); nothing was changed there"
        ),
        "{}",
        stderr(&frozen)
    );
    assert!(!stderr(&frozen).contains("another deploy"), "{}", stderr(&frozen));
    assert_eq!(git(&["rev-parse", "gh-pages"]), tip);

    // A `.git` below static/ (a cloned library, a submodule) is left out of the build, so the
    // deploy goes through without it. (git could not store it: deploy refuses any such path.)
    std::fs::remove_file(&hook).expect("the hook removed");
    write(root, "static/sub/.git", "gitdir: ../.git/modules/sub");
    write(root, "static/sub/lib.js", "x");
    let dotgit = deploy(&[]);
    assert!(dotgit.status.success(), "{}", stderr(&dotgit));
    let files = git(&["ls-tree", "-r", "--name-only", "gh-pages"]);
    assert!(files.lines().any(|f| f == "sub/lib.js") && !files.contains(".git"), "{files}");

    // GitHub Pages' Jekyll would leave out `_drafts/`: said, until static/.nojekyll turns it off.
    write(root, "static/_drafts/a.txt", "x");
    let jekyll = deploy(&[]);
    assert!(jekyll.status.success(), "{}", stderr(&jekyll));
    assert!(stderr(&jekyll).contains("such as `_drafts/a.txt`; for GitHub Pages"), "{}", stderr(&jekyll));
    write(root, "static/.nojekyll", "");
    let off = deploy(&[]);
    assert!(off.status.success() && !stderr(&off).contains("Jekyll"), "{}", stderr(&off));
    assert!(git(&["ls-tree", "--name-only", "gh-pages"]).lines().any(|f| f == ".nojekyll"));
}

#[test]
fn a_git_branch_holds_the_build_byte_for_byte_whatever_the_user_s_git_settings() {
    if !require("git", &["--version"]) {
        return;
    }
    let home = tempfile::tempdir().expect("a temporary home");
    let bare = bare_repository(home.path());
    // Settings for the user's own repositories: line ends converted, every commit signed (with
    // no key to sign with), a hook of theirs after each commit.
    let hooks = home.path().join("hooks");
    std::fs::create_dir_all(&hooks).expect("made");
    let ran = home.path().join("hook-ran");
    let hook = hooks.join("post-commit");
    std::fs::write(&hook, format!("#!/bin/sh\ntouch '{}'\n", ran.display())).expect("written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("executable");
    }
    std::fs::write(home.path().join("attributes"), "* text=auto\n").expect("written");
    let config = format!(
        "[core]\n\tattributesFile = {}\n\thooksPath = {}\n[commit]\n\tgpgSign = true\n[user]\n\tsigningKey = NOKEY\n",
        home.path().join("attributes").display(),
        hooks.display()
    );
    std::fs::write(home.path().join(".gitconfig"), config).expect("written");
    let targets = format!("[[deploy.targets]]\nname = \"pages\"\nurl = \"git+file://{}\"\n", bare.display());
    let dir = record_site(&targets);
    // A `.gitattributes` among the site's own files asks for CRLF in HTML.
    write(dir.path(), "static/.gitattributes", "*.html eol=crlf\n");
    let home_text = home.path().to_str().expect("a UTF-8 path");
    let output = deploy(
        dir.path(),
        &[],
        &[("HOME", home_text), ("XDG_CONFIG_HOME", home_text), ("GIT_CONFIG_NOSYSTEM", "1")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!ran.exists(), "the user's hook is not run in the throwaway repository");
    let files = built(dir.path());
    assert!(files["data/tasks.csv"].windows(2).any(|w| w == b"\r\n"), "tasks.csv ends its lines in CRLF");
    for (path, bytes) in &files {
        let shown = Command::new("git")
            .arg("--git-dir")
            .arg(&bare)
            .args(["show", &format!("gh-pages:{path}")])
            .output()
            .expect("git runs");
        assert!(shown.stdout == *bytes, "{path} is committed as built");
    }
}

/// A site served from two hosts builds each deploy for its target's own address: GitHub Pages'
/// branch links GitHub Pages, the mirror links its domain, `--base-url` still wins, and a target
/// without one takes site.toml's.
#[test]
fn each_target_gets_the_site_built_for_its_own_base_url() {
    if !require("git", &["--version"]) {
        return;
    }
    let home = tempfile::tempdir().expect("a temporary home");
    let pages = bare_repository(home.path());
    let mirror = home.path().join("mirror.git");
    let init =
        Command::new("git").args(["init", "--quiet", "--bare"]).arg(&mirror).output().expect("git runs");
    assert!(init.status.success(), "{}", stderr(&init));
    let targets = format!(
        "[[deploy.targets]]\nname = \"pages\"\nurl = \"git+file://{}\"\nbase_url = \"https://ada.github.io/log\"\n\
         [[deploy.targets]]\nname = \"mirror\"\nurl = \"git+file://{}\"\n",
        pages.display(),
        mirror.display()
    );
    let dir = record_site(&targets);
    let root = dir.path();
    let shown = |bare: &Path, path: &str| {
        let output = Command::new("git")
            .arg("--git-dir")
            .arg(bare)
            .args(["show", &format!("gh-pages:{path}")])
            .output()
            .expect("git runs");
        assert!(output.status.success(), "{path}: {}", stderr(&output));
        String::from_utf8(output.stdout).expect("UTF-8")
    };

    let output = deploy(root, &["--target", "pages"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("deploying")
            && stderr(&output).contains("built for https://ada.github.io/log/ to `pages`"),
        "{}",
        stderr(&output)
    );
    let feed = shown(&pages, "atom.xml");
    assert!(feed.contains("https://ada.github.io/log/records/2026-03-01/"), "{feed}");
    assert!(!feed.contains("log.ada.dev"), "{feed}");
    assert!(shown(&pages, "sitemap.xml").contains("<loc>https://ada.github.io/log/</loc>"));

    // The mirror has no base_url of its own: site.toml's.
    let output = deploy(root, &["--target", "mirror"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feed = shown(&mirror, "atom.xml");
    assert!(feed.contains("https://log.ada.dev/records/2026-03-01/"), "{feed}");
    assert!(!feed.contains("github.io"), "{feed}");

    // `--base-url` overrides the target's own.
    let output = deploy(root, &["--target", "pages", "--base-url", "https://preview.ada.dev/"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(shown(&pages, "atom.xml").contains("https://preview.ada.dev/records/2026-03-01/"));

    // A target's own base_url on this machine is warned of at its place, as site.toml's is.
    let local = targets.replace("https://ada.github.io/log", "http://localhost:1111/");
    write(root, "site.toml", format!("title = \"Test\"\nbase_url = \"https://log.ada.dev/\"\n{local}"));
    let output = deploy(root, &["--target", "pages", "--dry-run"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "site.toml:6:12: warning: base_url is http://localhost:1111/: links, the feed and the sitemap \
             will point there; set the target's base_url to the address the site is served from there"
        ),
        "{}",
        stderr(&output)
    );

    // One that is no address is refused by deploy and by check, at its place, nothing sent.
    let bad = targets.replace("https://ada.github.io/log", "/log/");
    write(root, "site.toml", format!("title = \"Test\"\nbase_url = \"https://log.ada.dev/\"\n{bad}"));
    let before = shown(&pages, "atom.xml");
    for command in ["deploy", "check"] {
        let output = crate::support::command()
            .arg("--root")
            .arg(root)
            .arg(command)
            .stdin(Stdio::null())
            .output()
            .expect("leverage runs");
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(1), "{command}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(
                "site.toml:6:12: error: deploy target 1 (`pages`): `base_url` is `/log/`: expected the address \
                 the site is served from at this target"
            ),
            "{command}: {}",
            stderr(&output)
        );
    }
    assert_eq!(shown(&pages, "atom.xml"), before);
}

#[test]
fn bad_targets_fail_clearly_and_change_nothing() {
    let closed = free_port();
    let targets = format!(
        "[[deploy.targets]]\nname = \"prod\"\nurl = \"s3://site/blog?endpoint=http://127.0.0.1:{closed}\"\n\
         [[deploy.targets]]\nname = \"pages\"\nurl = \"git+file:///nonexistent/leverage/site.git\"\n"
    );
    let dir = record_site(&targets);
    let root = dir.path();

    // An unknown --target is bad usage, told before anything is built.
    let unknown = deploy(root, &["--target", "staging"], &[]);
    assert_eq!(unknown.status.code(), Some(2), "{}", stderr(&unknown));
    assert!(
        stderr(&unknown)
            .contains("no deploy target named `staging` in site.toml: expected one of `prod`, `pages`"),
        "{}",
        stderr(&unknown)
    );
    assert!(!root.join("public").exists(), "nothing was built");

    // An endpoint nobody listens on: a clear error naming the target, soon.
    let started = Instant::now();
    let unreachable = deploy(root, &[], &[]);
    assert_eq!(unreachable.status.code(), Some(1), "{}", stderr(&unreachable));
    let said = stderr(&unreachable);
    assert!(
        said.contains("error: deploy target `prod`") && said.contains("cannot list the bucket"),
        "{said}"
    );
    assert!(started.elapsed() < Duration::from_secs(60), "gave up after {:?}", started.elapsed());

    // No credentials in the environment.
    let keyless = deploy(root, &[], &[("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")]);
    assert_eq!(keyless.status.code(), Some(1));
    assert!(
        stderr(&keyless).contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        "{}",
        stderr(&keyless)
    );
    // A line break pasted into a variable that goes into a request header: said, where the S3
    // client panicked.
    for (name, value, message) in [
        (
            "AWS_REGION",
            "us-east-1\r\nX: 1",
            "expected AWS_REGION to be a region of letters, digits, `-` and `_`",
        ),
        ("AWS_DEFAULT_REGION", "eu west", "expected AWS_DEFAULT_REGION to be a region"),
        (
            "AWS_ACCESS_KEY_ID",
            "te\nst",
            "AWS_ACCESS_KEY_ID holds a space, a line break or a character beyond ASCII",
        ),
        (
            "AWS_SESSION_TOKEN",
            "tök",
            "AWS_SESSION_TOKEN holds a space, a line break or a character beyond ASCII",
        ),
    ] {
        let pasted = deploy(root, &[], &[(name, value)]);
        let said = stderr(&pasted);
        assert_eq!(pasted.status.code(), Some(1), "{name}: {said}");
        assert!(!said.contains("panicked") && said.contains(message), "{name}: {said}");
    }
    // A CI secret with the line break it was pasted with is taken without it.
    let trailing = deploy(root, &[], &[("AWS_REGION", " eu-west-1\n"), ("AWS_ACCESS_KEY_ID", "test\n")]);
    let said = stderr(&trailing);
    assert!(said.contains("cannot list the bucket") && !said.contains("expected AWS_REGION"), "{said}");
    // Half a key: said so, rather than looked for elsewhere.
    let half = deploy(root, &[], &[("AWS_ACCESS_KEY_ID", "")]);
    assert_eq!(half.status.code(), Some(1));
    assert!(
        stderr(&half).contains("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: expected both"),
        "{}",
        stderr(&half)
    );

    if require("git", &["--version"]) {
        let missing = deploy(root, &["--target", "pages"], &[]);
        assert_eq!(missing.status.code(), Some(1));
        assert!(stderr(&missing).contains("error: deploy target `pages`"), "{}", stderr(&missing));
        assert!(stderr(&missing).contains("cannot reach"), "{}", stderr(&missing));
    }

    // A broken deploy table, or none, is an error of site.toml (exit 1).
    for (table, needle) in [
        (
            "[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\n[[deploy.targets]]\nname = \"b\"\n",
            "site.toml:5:1: error: deploy target 2 has no url",
        ),
        (
            "[[deploy.targets]]\nname = \"a\"\nurl = \"ftp://host/site\"\n",
            "unsupported url `ftp://host/site`",
        ),
        (
            "[[deploy.targets]]\nname = \"a\"\nurl = \"s3://key:secret@b/x\"\n",
            // At the target's table, as `check` says it: the url's line is never quoted.
            "site.toml:2:1: error: deploy target 1 (`a`): credentials never go in site.toml",
        ),
        ("", "site.toml names no deploy target"),
    ] {
        write(root, "site.toml", format!("title = \"Test\"\n{table}"));
        let output = deploy(root, &[], &[]);
        assert_eq!(output.status.code(), Some(1), "{table}");
        assert!(stderr(&output).contains(needle), "{table}: {}", stderr(&output));
        assert!(!stderr(&output).contains("key:secret"), "a secret is never echoed: {}", stderr(&output));
    }

    // `init`'s example host deploys nothing, said at its place in site.toml; a test host is
    // warned of (a local server may be what the deploy is for).
    write(root, "site.toml", format!("title = \"Test\"\nbase_url = \"https://example.org/\"\n{targets}"));
    let example = deploy(root, &["--target", "pages", "--dry-run"], &[]);
    assert_eq!(example.status.code(), Some(1), "{}", stderr(&example));
    assert!(
        stderr(&example).contains(
            "site.toml:2:12: error: base_url is https://example.org/, an example host that no site is served \
             from, and a deployed site needs the address it is served from"
        ),
        "{}",
        stderr(&example)
    );
    // Refused before the build: no plan.
    assert!(stdout(&example).is_empty(), "{}", stdout(&example));
    write(root, "site.toml", format!("title = \"Test\"\nbase_url = \"http://my-log.test/\"\n{targets}"));
    // (The target's repository is not there: the deploy fails after the build, at the remote.)
    let test_host = deploy(root, &["--target", "pages", "--dry-run"], &[]);
    assert!(
        stderr(&test_host)
            .contains("site.toml:2:12: warning: base_url is http://my-log.test/: links, the feed"),
        "{}",
        stderr(&test_host)
    );
    // The count after the build's own says it too.
    assert!(stderr(&test_host).contains("0 error(s), 1 warning(s)"), "{}", stderr(&test_host));

    // A base_url that is a path (`--base-url "$UNSET/"`, or none in site.toml) deploys nothing.
    let path = deploy(root, &["--base-url", "/"], &[]);
    assert_eq!(path.status.code(), Some(1));
    assert!(
        stderr(&path).contains(
            "--base-url:1:1: error: base_url is a path (`/`), and a deployed site needs the address"
        ),
        "{}",
        stderr(&path)
    );
    write(root, "site.toml", format!("title = \"Test\"\n{targets}"));
    let unset = deploy(root, &[], &[]);
    assert_eq!(unset.status.code(), Some(1));
    assert!(stderr(&unset).contains("error: base_url is a path (`/`)"), "{}", stderr(&unset));

    // A build that fails deploys nothing.
    write(root, "site.toml", format!("title = \"Test\"\nbase_url = \"https://log.ada.dev/\"\n{targets}"));
    write(root, "content/records/2026-03-01.md", RECORD.replace("2h", "soon"));
    let broken = deploy(root, &[], &[]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stderr(&broken).contains("found `soon`"), "{}", stderr(&broken));
    assert!(stderr(&broken).contains("nothing was deployed"), "{}", stderr(&broken));
}

#[test]
fn a_public_folder_leverage_did_not_make_is_left_and_the_way_out_is_one_deploy_has() {
    let dir = record_site("[[deploy.targets]]\nname = \"pages\"\nurl = \"git+file:///nowhere/site.git\"\n");
    write(dir.path(), "public/thesis.tex", "precious");
    let output = deploy(dir.path(), &[], &[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("was not made by leverage") && err.contains("remove it or move it away"), "{err}");
    assert!(!err.contains("--output-dir"), "deploy has no --output-dir: {err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("public/thesis.tex")).expect("kept"), "precious");
}
