//! S3-compatible buckets (AWS S3, Cloudflare R2, Backblaze B2, MinIO) through the object_store
//! crate, which signs and sends every request; nothing here speaks HTTP itself.
//!
//! Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
//! AWS_SESSION_TOKEN), else from a profile of the shared credentials file (`~/.aws/credentials`).
//! A file is unchanged when the MD5 of its bytes equals the object's ETag
//! (what S3 returns for a single-part upload) or, where the ETag is not an MD5 (a file of
//! `Parts::DEFAULT.from` bytes or more, sent in parts, or a KMS-encrypted object), the MD5 kept
//! in the object's metadata. Files are read a part at a time, never whole: a 600 MB video costs
//! a few parts' memory, and one over S3's 5 GB limit for a single upload goes up too. Only
//! keys below the target's prefix are listed, so no other key is ever changed. Uploads are
//! idempotent and happen before any deletion, stylesheets and images before the pages that use
//! them, so a deploy that fails part-way can simply be run again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use indicatif::ProgressBar;
use md5::{Digest, Md5};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as Key;
use object_store::{
    Attribute, AttributeValue, Attributes, BackoffConfig, ClientOptions, GetOptions, ObjectStore,
    ObjectStoreExt, PutOptions, PutPayload, RetryConfig,
};
use tokio::task::JoinSet;
use tokio_stream::StreamExt;

use super::headers;
use super::plan::{Local, Plan, Remote, Upload};
use super::target::S3Location;

/// The user metadata key (`x-amz-meta-leverage-md5`) holding the MD5 of an uploaded file.
const MD5_KEY: &str = "leverage-md5";

/// Uploads and metadata reads in flight at once.
const CONCURRENCY: usize = 8;

/// How long a request but an upload may take, from connecting to the end of the answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The slowest rate an upload is waited for at, beyond `REQUEST_TIMEOUT`: a whole-request limit
/// alone made a file that takes longer than it to send (15 MB on a link of 100 KB/s, or eight
/// photos sharing a home uplink) fail on every run, "run again to finish" never finishing.
const SLOWEST_UPLOAD: u64 = 16 * 1024;

/// How long the upload of `size` bytes is waited for: two minutes, and a second for every
/// `SLOWEST_UPLOAD` bytes (8 MB: about ten minutes).
fn upload_timeout(size: u64) -> Duration {
    REQUEST_TIMEOUT + Duration::from_secs(size / SLOWEST_UPLOAD)
}

/// A bucket and prefix, opened with the environment's credentials.
#[derive(Debug)]
pub(crate) struct Bucket {
    /// An `AmazonS3` client; any store in the tests.
    store: Arc<dyn ObjectStore>,
    /// The same without a limit on a request's time, for uploads, each given its own by its
    /// size (`upload_timeout`).
    uploads: Arc<dyn ObjectStore>,
    prefix: String,
    runtime: tokio::runtime::Runtime,
}

/// What an apply did: every file uploaded or deleted, and every failure with its reason.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub(crate) uploaded: Vec<String>,
    pub(crate) uploaded_bytes: u64,
    pub(crate) deleted: Vec<String>,
    /// Files that were to be uploaded or deleted and were not, with why.
    pub(crate) failed: Vec<(String, String)>,
    /// Files not tried because an upload failed before them: a network that fails one upload
    /// fails the next, and each try could wait out the request's timeout.
    pub(crate) not_attempted: Vec<String>,
    /// Deletions not attempted because an upload failed first.
    pub(crate) deletions_skipped: usize,
    /// Stopped by a signal (Ctrl-C, a CI's cancel) before it was done.
    pub(crate) stopped: bool,
}

/// Set once a signal (Ctrl-C, a CI job cancelled) asks the deploy to stop (`Bucket::apply`).
type Stop = tokio::sync::watch::Receiver<bool>;

/// Resolves once `stop` is set; never when nothing can set it any more.
async fn stopped(stop: &mut Stop) {
    if stop.wait_for(|stopped| *stopped).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// What is said of a file whose upload a signal stopped.
const STOPPED: &str =
    "stopped by a signal (Ctrl-C, a job cancelled): the parts sent were removed from the bucket";

impl Bucket {
    /// Checks the environment's credentials and builds the client. Nothing is sent yet.
    pub(crate) fn open(location: &S3Location) -> Result<Bucket> {
        // Trimmed: a CI secret often ends with the line break it was pasted with.
        let variable =
            |name: &str| std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let from_environment = match (variable("AWS_ACCESS_KEY_ID"), variable("AWS_SECRET_ACCESS_KEY")) {
            (Some(key_id), Some(secret)) => {
                Some(Credentials { key_id, secret, token: variable("AWS_SESSION_TOKEN") })
            }
            // Half a key in the environment is a mistake, not a reason to look elsewhere.
            (Some(_), None) => {
                bail!("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: expected both")
            }
            (None, Some(_)) => {
                bail!("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: expected both")
            }
            (None, None) => None,
        };
        // Where the keys came from, for a message about one of them.
        let (key_from, token_from) = if from_environment.is_some() {
            ("AWS_ACCESS_KEY_ID".to_string(), "AWS_SESSION_TOKEN".to_string())
        } else {
            let file = credentials_file()
                .map_or_else(|| "~/.aws/credentials".to_string(), |p| p.display().to_string());
            let profile = profile();
            (
                format!("aws_access_key_id of the profile `{profile}` in {file}"),
                format!("aws_session_token of the profile `{profile}` in {file}"),
            )
        };
        let shared = match from_environment {
            Some(keys) => Ok(keys),
            None => shared_credentials(),
        };
        let Credentials { key_id, secret, token } = match shared {
            Ok(keys) => keys,
            Err(lacking) => bail!(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for \
                 temporary ones) in the environment, or give the profile `{}` keys in {}{}; site.toml never \
                 holds them",
                profile(),
                credentials_file()
                    .map_or_else(|| "~/.aws/credentials".to_string(), |p| p.display().to_string()),
                if lacking.is_empty() { String::new() } else { format!(" ({lacking})") }
            ),
        };
        // The url's region is checked in site.toml; one from the environment is named by its
        // variable.
        let from =
            ["AWS_REGION", "AWS_DEFAULT_REGION"].into_iter().find_map(|name| Some((name, variable(name)?)));
        let region = location.region.clone().or_else(|| from.as_ref().map(|(_, value)| value.clone()));
        let region = region.unwrap_or_else(|| "us-east-1".to_string());
        // What goes into a request's headers must be one: a line break pasted into a variable
        // stopped deploy with a panic inside the S3 client.
        if let (false, Some((name, _))) = (super::target::is_region(&region), from) {
            bail!(
                "expected {name} to be a region of letters, digits, `-` and `_` such as `eu-west-1`, found `{}`",
                region.escape_debug()
            );
        }
        let header_safe = |text: &str| text.bytes().all(|b| b.is_ascii_graphic());
        let unsafe_one = [(key_from, Some(&key_id)), (token_from, token.as_ref())]
            .into_iter()
            .find(|(_, value)| value.is_some_and(|v| !header_safe(v)));
        if let Some((what, _)) = unsafe_one {
            bail!(
                "{what} holds a space, a line break or a character beyond ASCII, which no request can carry: \
                 expected it as the provider gives it"
            );
        }
        let http = location.endpoint.as_deref().is_some_and(|e| e.starts_with("http://"));
        let client = ClientOptions::new().with_allow_http(http).with_connect_timeout(Duration::from_secs(10));
        let retry = RetryConfig {
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_secs(2),
                base: 2.0,
            },
            max_retries: 3,
            retry_timeout: Duration::from_secs(60),
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&location.bucket)
            .with_region(region)
            .with_access_key_id(key_id)
            .with_secret_access_key(secret)
            .with_retry(retry)
            .with_allow_http(http)
            // Path-style requests (endpoint/bucket/key) work with every S3-compatible server.
            .with_virtual_hosted_style_request(false);
        if let Some(token) = token {
            builder = builder.with_token(token);
        }
        if let Some(endpoint) = &location.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let uploads = builder
            .clone()
            .with_client_options(client.clone().with_timeout_disabled())
            .build()
            .context("cannot set up the S3 client")?;
        let store = builder
            .with_client_options(client.with_timeout(REQUEST_TIMEOUT))
            .build()
            .context("cannot set up the S3 client")?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("cannot start the network runtime")?;
        Ok(Bucket {
            store: Arc::new(store),
            uploads: Arc::new(uploads),
            prefix: location.prefix.clone(),
            runtime,
        })
    }

    /// The key of a built file.
    fn key(&self, path: &str) -> Result<Key> {
        let key = if self.prefix.is_empty() { path.to_string() } else { format!("{}/{path}", self.prefix) };
        if path.chars().any(char::is_control) {
            bail!(
                "cannot name `{}` as an S3 key: it holds a control character (a line break, a tab); \
                 expected file names without them: rename it in static/ or the theme",
                path.escape_debug()
            );
        }
        Key::parse(&key).map_err(|e| anyhow!("cannot name `{path}` as an S3 key: {e}"))
    }

    /// The path below the prefix of a listed key; `None` for keys outside it.
    fn relative<'k>(&self, key: &'k str) -> Option<&'k str> {
        if self.prefix.is_empty() {
            return Some(key);
        }
        key.strip_prefix(self.prefix.as_str())?.strip_prefix('/').filter(|rest| !rest.is_empty())
    }

    /// Hashes the built files and lists the prefix; compares them.
    pub(crate) fn plan(&self, dir: &Path, files: &[(String, u64)], force: bool) -> Result<Plan> {
        let mut local = Vec::with_capacity(files.len());
        for (path, size) in files {
            self.key(path)?;
            let full = dir.join(path);
            let hash = md5_file(&full).with_context(|| format!("cannot read {}", full.display()))?;
            local.push(Local { path: path.clone(), size: *size, hash });
        }
        let hashes: BTreeMap<&str, &str> = local.iter().map(|l| (l.path.as_str(), l.hash.as_str())).collect();
        let remote =
            self.runtime.block_on(self.list(&hashes)).map_err(|e| anyhow!("cannot list the bucket: {e}"))?;
        let mut plan = Plan::sending(&local, &remote, force);
        // A bucket's pages are cached for minutes (Cache-Control); a git host's are the host's
        // business, and its branch holds exactly the build. Which version they link is read
        // from the bucket's home page, when a hashed file is to go.
        let replaced =
            plan.delete.iter().any(|path| super::headers::is_hashed(path.rsplit('/').next().unwrap_or(path)));
        let live_page = replaced.then(|| self.runtime.block_on(self.home_page())).flatten();
        plan.keep_superseded(&local, &remote, live_page.as_deref());
        Ok(plan)
    }

    /// The bucket's home page (`index.html` below the prefix) as it is, when it can be read:
    /// what the pages browsers and CDNs hold link.
    async fn home_page(&self) -> Option<String> {
        let key = self.key("index.html").ok()?;
        let bytes = self.store.get(&key).await.ok()?.bytes().await.ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Every object below the prefix with its MD5, when known. An object whose ETag is not the
    /// local file's MD5 (changed, or an ETag that is no MD5: multipart, KMS-encrypted) is asked
    /// for the MD5 kept in its metadata; objects no longer built are not asked.
    async fn list(&self, local: &BTreeMap<&str, &str>) -> Result<Vec<Remote>, String> {
        let prefix = if self.prefix.is_empty() {
            None
        } else {
            Some(Key::parse(&self.prefix).map_err(|e| e.to_string())?)
        };
        let mut listing = self.store.list(prefix.as_ref());
        let mut remote = Vec::new();
        let mut ask = Vec::new();
        let mut gone = Vec::new();
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(|e| unlisted_key(&e).unwrap_or_else(|| describe(&e)))?;
            let Some(path) = self.relative(meta.location.as_ref()) else { continue };
            let hash = meta.e_tag.as_deref().and_then(md5_of_etag);
            match local.get(path) {
                Some(built) if hash.as_deref() != Some(*built) => {
                    ask.push((remote.len(), meta.location.clone()))
                }
                Some(_) => {}
                None => gone.push((remote.len(), meta.location.clone())),
            }
            remote.push(Remote {
                path: path.to_string(),
                hash,
                modified: Some(meta.last_modified.timestamp_millis()),
            });
        }
        // A "folder" made in the S3 console (or by Cyberduck, rclone, ...) is an object whose key
        // ends in `/`; object_store lists `blog/images/` as `blog/images`, a key that does not
        // exist, so deleting it would do nothing and be asked for on every deploy. Each object
        // that is no longer built is looked up by the key it was listed as: one that is not there
        // is such a key, no file of the site, and is left alone.
        let mut markers = BTreeSet::new();
        for chunk in gone.chunks(CONCURRENCY) {
            let mut heads = JoinSet::new();
            for (index, key) in chunk.iter().cloned() {
                let store = Arc::clone(&self.store);
                heads.spawn(async move { (index, store.head(&key).await) });
            }
            while let Some(Ok((index, found))) = heads.join_next().await {
                if matches!(found, Err(object_store::Error::NotFound { .. })) {
                    markers.insert(index);
                }
            }
        }
        for chunk in ask.chunks(CONCURRENCY) {
            let mut reads = JoinSet::new();
            for (index, key) in chunk.iter().cloned() {
                let store = Arc::clone(&self.store);
                reads.spawn(async move {
                    let options = GetOptions { head: true, ..GetOptions::default() };
                    let result = store.get_opts(&key, options).await;
                    let hash = result.ok().and_then(|r| {
                        r.attributes.get(&Attribute::Metadata(MD5_KEY.into())).map(|v| v.to_ascii_lowercase())
                    });
                    (index, hash)
                });
            }
            while let Some(Ok((index, hash))) = reads.join_next().await {
                if let (Some(entry), Some(hash)) = (remote.get_mut(index), hash) {
                    entry.hash = Some(hash);
                }
            }
        }
        let mut index = 0;
        remote.retain(|_| {
            index += 1;
            !markers.contains(&(index - 1))
        });
        Ok(remote)
    }

    /// Uploads the new and changed files (assets, then pages, then the feeds, sitemaps and
    /// exports that list them), then, only when every upload
    /// succeeded, deletes the files that are gone.
    ///
    /// A signal (Ctrl-C, SIGTERM as CI sends when a job is cancelled, SIGHUP) stops it: no
    /// upload starts after it, a multipart upload in flight is aborted (the bucket would keep,
    /// and bill, its parts until a lifecycle rule removes them), and nothing is deleted; a
    /// second signal ends the process at once.
    pub(crate) fn apply(&self, plan: &Plan, dir: &Path, bar: &ProgressBar) -> Applied {
        self.runtime.block_on(async {
            let (stop, stop_asked) = tokio::sync::watch::channel(false);
            let listener = tokio::spawn(async move {
                crate::serve::stop_signals().await;
                let _ = stop.send(true);
                crate::serve::stop_signals().await;
                std::process::exit(130);
            });
            let applied = self.apply_until(plan, dir, bar, stop_asked).await;
            listener.abort();
            applied
        })
    }

    /// `apply`, until `stop` is set.
    async fn apply_until(&self, plan: &Plan, dir: &Path, bar: &ProgressBar, stop: Stop) -> Applied {
        let mut applied = Applied::default();
        let (lists, rest): (Vec<&Upload>, Vec<&Upload>) =
            plan.upload.iter().partition(|u| headers::is_list(&u.path));
        let (assets, pages): (Vec<&Upload>, Vec<&Upload>) =
            rest.into_iter().partition(|u| !headers::is_page(&u.path));
        for phase in [assets, pages, lists] {
            if !applied.failed.is_empty() || *stop.borrow() {
                applied.not_attempted.extend(phase.iter().map(|u| u.path.clone()));
                continue;
            }
            self.upload(&phase, dir, bar, &mut applied, &stop).await;
        }
        bar.finish_and_clear();
        applied.stopped = *stop.borrow();
        if !applied.failed.is_empty() || applied.stopped {
            applied.deletions_skipped = plan.delete.len();
            return applied;
        }
        self.delete(&plan.delete, &mut applied).await;
        applied
    }

    /// Uploads files with a few in flight at once, and no more once one fails: those in flight
    /// finish, and the rest are not attempted.
    async fn upload(
        &self,
        uploads: &[&Upload],
        dir: &Path,
        bar: &ProgressBar,
        applied: &mut Applied,
        stop: &Stop,
    ) {
        let mut queue = uploads.iter();
        let mut running = JoinSet::new();
        let mut done = BTreeSet::new();
        // Set by a task that ended without answering (it panicked): no other starts after it.
        let mut broken = false;
        loop {
            while running.len() < CONCURRENCY && applied.failed.is_empty() && !broken && !*stop.borrow() {
                let Some(upload) = queue.next() else { break };
                let key = match self.key(&upload.path) {
                    Ok(key) => key,
                    Err(e) => {
                        applied.failed.push((upload.path.clone(), e.to_string()));
                        done.insert(upload.path.clone());
                        continue;
                    }
                };
                let store = Arc::clone(&self.uploads);
                let path = upload.path.clone();
                let file = dir.join(&upload.path);
                let hash = upload.hash.clone();
                let stop = stop.clone();
                running.spawn(async move {
                    let result = put(store.as_ref(), &key, &path, &file, hash.as_deref(), stop).await;
                    (path, result)
                });
            }
            let Some(joined) = running.join_next().await else { break };
            let Ok((path, result)) = joined else {
                broken = true;
                continue;
            };
            match result {
                Ok(size) => {
                    bar.set_message(path.clone());
                    bar.inc(size);
                    applied.uploaded_bytes += size;
                    applied.uploaded.push(path.clone());
                }
                Err(e) => applied.failed.push((path.clone(), e)),
            }
            done.insert(path);
        }
        let not_attempted: Vec<String> = queue.map(|u| u.path.clone()).collect();
        done.extend(not_attempted.iter().cloned());
        applied.not_attempted.extend(not_attempted);
        // A task that stopped without answering still counts as not uploaded.
        for upload in uploads {
            if !done.contains(&upload.path) {
                applied.failed.push((upload.path.clone(), "the upload stopped unexpectedly".to_string()));
            }
        }
    }

    /// Deletes the objects of files that are gone (all below the prefix), a few at a time.
    async fn delete(&self, paths: &[String], applied: &mut Applied) {
        for chunk in paths.chunks(CONCURRENCY) {
            let mut running = JoinSet::new();
            for path in chunk {
                match self.key(path) {
                    Ok(key) => {
                        let store = Arc::clone(&self.store);
                        let path = path.clone();
                        running.spawn(async move {
                            let result = store.delete(&key).await.map_err(|e| describe(&e));
                            (path, result)
                        });
                    }
                    Err(e) => applied.failed.push((path.clone(), e.to_string())),
                }
            }
            let mut answered = BTreeSet::new();
            while let Some(joined) = running.join_next().await {
                let Ok((path, result)) = joined else { continue };
                answered.insert(path.clone());
                match result {
                    Ok(()) => applied.deleted.push(path),
                    Err(e) => applied.failed.push((path, e)),
                }
            }
            for path in chunk {
                if !answered.contains(path) && !applied.failed.iter().any(|(p, _)| p == path) {
                    applied.failed.push((path.clone(), "the deletion stopped unexpectedly".to_string()));
                }
            }
        }
    }
}

/// How files are sent in parts: from `from` bytes on, in parts of `size` bytes (S3 takes
/// parts of 5 MiB and more, the last one excepted, and at most 10,000 of them).
#[derive(Clone, Copy, Debug)]
struct Parts {
    from: u64,
    size: usize,
    /// Parts of one file in flight at once.
    at_once: usize,
}

impl Parts {
    /// 64 MiB and more in parts of 8 MiB, two at a time: a file costs at most about three
    /// parts' memory (24 MiB; eight files in flight, under 200 MiB), and files up to 78 GiB go.
    /// `aws s3 sync` sends parts of 8 MiB too.
    const DEFAULT: Parts = Parts { from: 64 << 20, size: 8 << 20, at_once: 2 };
}

/// The most parts S3 takes in one multipart upload.
const MOST_PARTS: u64 = 10_000;

/// Uploads one file with its Content-Type, Cache-Control and MD5 (`hash`, the plan's, when it
/// gave one); returns its size.
async fn put(
    store: &dyn ObjectStore,
    key: &Key,
    path: &str,
    file: &Path,
    hash: Option<&str>,
    stop: Stop,
) -> Result<u64, String> {
    put_in(store, key, (path, file, hash), Parts::DEFAULT, stop).await
}

/// `put`, sending a file of `parts.from` bytes or more in parts.
async fn put_in(
    store: &dyn ObjectStore,
    key: &Key,
    (path, file, hash): (&str, &Path, Option<&str>),
    parts: Parts,
    stop: Stop,
) -> Result<u64, String> {
    let unread = |e: std::io::Error| format!("cannot read {}: {e}", file.display());
    let size = std::fs::metadata(file).map_err(unread)?.len();
    let mut attributes = Attributes::new();
    attributes.insert(Attribute::ContentType, AttributeValue::from(headers::content_type(path)));
    attributes.insert(Attribute::CacheControl, AttributeValue::from(headers::cache_control(path)));
    let limit = upload_timeout(size);
    let late = || {
        format!(
            "not sent within {} s, the time given to {} (two minutes, and a second for every {} KiB)",
            limit.as_secs(),
            super::plan::bytes(size),
            SLOWEST_UPLOAD / 1024
        )
    };
    if size >= parts.from {
        let most = parts.size as u64 * MOST_PARTS;
        if size > most {
            return Err(format!(
                "{} is more than S3 takes in one upload: {MOST_PARTS} parts of {}, {}",
                super::plan::bytes(size),
                super::plan::bytes(parts.size as u64),
                super::plan::bytes(most)
            ));
        }
        // The MD5 goes in the metadata the upload begins with: the plan's, which read the file.
        let hash = match hash {
            Some(hash) => hash.to_string(),
            None => md5_file(file).map_err(unread)?,
        };
        attributes.insert(Attribute::Metadata(MD5_KEY.into()), AttributeValue::from(hash));
        let options = object_store::PutMultipartOptions { attributes, ..Default::default() };
        let upload = store.put_multipart_opts(key, options).await.map_err(|e| describe(&e))?;
        send_parts(upload, (file, size), parts, limit, stop).await.map_err(|e| e.unwrap_or_else(late))?;
    } else {
        let bytes = std::fs::read(file).map_err(unread)?;
        attributes.insert(Attribute::Metadata(MD5_KEY.into()), AttributeValue::from(md5_hex(&bytes)));
        let options = PutOptions { attributes, ..PutOptions::default() };
        match tokio::time::timeout(limit, store.put_opts(key, PutPayload::from(bytes), options)).await {
            Ok(sent) => sent.map_err(|e| describe(&e))?,
            Err(_) => return Err(late()),
        };
    }
    Ok(size)
}

/// What is said of a file that grew or shrank while it was sent.
fn changed(file: &Path) -> String {
    format!("{} changed while it was sent (was a build running?); deploy again", file.display())
}

/// Sends a file through a multipart upload within `limit`, a part read while others are in
/// flight. An upload that fails, is not done in time, or is stopped (`stop`), is aborted, so
/// that the bucket keeps (and bills) none of its parts. A file whose size changed while it was
/// sent is an error: its MD5 would not be its object's. `Err(None)`: the time ran out.
async fn send_parts(
    mut upload: Box<dyn object_store::MultipartUpload>,
    (file, size): (&Path, u64),
    parts: Parts,
    limit: Duration,
    mut stop: Stop,
) -> Result<(), Option<String>> {
    let mut in_flight = JoinSet::new();
    let sent = tokio::select! {
        sent = tokio::time::timeout(limit, write_parts(&mut upload, &mut in_flight, (file, size), parts)) => Some(sent),
        () = stopped(&mut stop) => None,
    };
    let why = match sent {
        Some(Ok(Ok(()))) => return Ok(()),
        Some(Ok(Err(why))) => Some(why),
        Some(Err(_)) => None,
        None => Some(STOPPED.to_string()),
    };
    in_flight.shutdown().await;
    let _ = upload.abort().await;
    Err(why)
}

/// The parts of `send_parts`, then the upload completed.
async fn write_parts(
    upload: &mut Box<dyn object_store::MultipartUpload>,
    in_flight: &mut JoinSet<object_store::Result<()>>,
    (file, size): (&Path, u64),
    parts: Parts,
) -> Result<(), String> {
    use tokio::io::AsyncReadExt;
    let unread = |e: std::io::Error| format!("cannot read {}: {e}", file.display());
    let mut reader = tokio::fs::File::open(file).await.map_err(unread)?;
    let mut read = 0u64;
    loop {
        let mut part = vec![0; parts.size];
        let mut filled = 0;
        while filled < part.len() {
            match reader.read(&mut part[filled..]).await {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(unread(e)),
            }
        }
        read += filled as u64;
        if read > size || (filled < part.len() && read < size) {
            return Err(changed(file));
        }
        if filled == 0 {
            break;
        }
        part.truncate(filled);
        while in_flight.len() >= parts.at_once {
            if let Some(done) = in_flight.join_next().await {
                done.map_err(|e| e.to_string())?.map_err(|e| describe(&e))?;
            }
        }
        in_flight.spawn(upload.put_part(PutPayload::from(part)));
        if filled < parts.size {
            break;
        }
    }
    while let Some(done) = in_flight.join_next().await {
        done.map_err(|e| e.to_string())?.map_err(|e| describe(&e))?;
    }
    upload.complete().await.map(drop).map_err(|e| describe(&e))
}

/// An access key, as the environment or the shared credentials file gives it.
#[derive(Debug, PartialEq, Eq)]
struct Credentials {
    key_id: String,
    secret: String,
    token: Option<String>,
}

/// The profile of the shared credentials file to read: `AWS_PROFILE`, else `default`.
fn profile() -> String {
    std::env::var("AWS_PROFILE")
        .ok()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

/// The shared credentials file, as the AWS tools find it: `AWS_SHARED_CREDENTIALS_FILE`, else
/// `~/.aws/credentials`.
fn credentials_file() -> Option<std::path::PathBuf> {
    match std::env::var_os("AWS_SHARED_CREDENTIALS_FILE").filter(|p| !p.is_empty()) {
        Some(path) => Some(path.into()),
        None => std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|home| Path::new(&home).join(".aws/credentials")),
    }
}

/// The keys of the profile `profile()` in the shared credentials file, when it has both; else
/// what the file lacks (empty when there is no such file).
fn shared_credentials() -> Result<Credentials, String> {
    let text =
        credentials_file().and_then(|file| std::fs::read_to_string(file).ok()).ok_or_else(String::new)?;
    profile_keys(&text, &profile())
}

/// The keys of `profile` in the text of a credentials file (INI: `[name]` sections of
/// `key = value` lines, `#` and `;` comments); else what the text lacks, as said of the file.
fn profile_keys(text: &str, profile: &str) -> Result<Credentials, String> {
    let mut section = String::new();
    let mut found = false;
    let (mut key_id, mut secret, mut token) = (None, None, None);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_string();
            found |= section == profile;
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        if section != profile {
            continue;
        }
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        match key.trim().to_ascii_lowercase().as_str() {
            "aws_access_key_id" => key_id = value,
            "aws_secret_access_key" => secret = value,
            "aws_session_token" => token = value,
            _ => {}
        }
    }
    match (found, key_id, secret) {
        (false, ..) => Err(format!("it has no profile `[{profile}]`")),
        (true, Some(key_id), Some(secret)) => Ok(Credentials { key_id, secret, token }),
        (true, key_id, _) => {
            let missing = if key_id.is_none() { "aws_access_key_id" } else { "aws_secret_access_key" };
            Err(format!("its profile `[{profile}]` has no `{missing}`"))
        }
    }
}

/// The listing's error when a key below the prefix is one leverage cannot name (an empty
/// segment, `a//b.html`, or a `.`/`..` segment): S3 allows such keys, object_store does not, and
/// the listing stops at the first. Says which key and how to get past it.
fn unlisted_key(error: &object_store::Error) -> Option<String> {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(error) = source {
        if let Some(path_error) = error.downcast_ref::<object_store::path::Error>() {
            return Some(format!(
                "a key below the prefix cannot be handled by leverage ({}); \
                 expected keys without empty, `.` or `..` segments or control characters (the \
                 listing may show a carriage return as a line break): remove or rename that object \
                 (e.g. with `aws s3 rm`) and deploy again",
                content::front_matter::visible(&path_error.to_string())
            ));
        }
        source = error.source();
    }
    None
}

/// An object_store error in one line: the S3 error code and message when the server sent one
/// (`NoSuchBucket: The specified bucket does not exist`), else the innermost cause (`tcp connect
/// error: Connection refused`). object_store repeats its causes inside each message, so the
/// chain is not printed whole.
fn describe(error: &object_store::Error) -> String {
    let mut root: &dyn std::error::Error = error;
    while let Some(source) = root.source() {
        root = source;
    }
    let text = root.to_string();
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let start = text.find(&open)? + open.len();
        let end = text[start..].find(&format!("</{name}>"))? + start;
        Some(text[start..end].trim().to_string())
    };
    if let Some(code) = tag("Code") {
        let said = tag("Message").map_or_else(|| code.clone(), |message| format!("{code}: {message}"));
        return match code.as_str() {
            "NoSuchBucket" => format!(
                "{said}: expected the url's bucket to exist there; create it (`aws s3 mb`, or the \
                 provider's console), or check the bucket's name and the url's `endpoint`"
            ),
            _ => said,
        };
    }
    let line = text.lines().next().unwrap_or("unknown error").trim().trim_end_matches(':').trim_end();
    if line.contains("timed out") {
        return format!(
            "{line}: the endpoint did not answer in time; is it reachable from here, and is `endpoint` \
             the S3 API's address (not the site's public one)?"
        );
    }
    if line.contains("non-2xx status code") {
        return format!(
            "{line}: the endpoint answered, but not as an S3 API does; is `endpoint` the S3 API's \
             address (not the site's public one)?"
        );
    }
    // S3 answers a request to another region's endpoint with a redirect that names no place.
    if line.contains("incorrectly configured region") {
        return format!(
            "{line}: the bucket is in another region than the url's; expected `?region=` with the \
             bucket's region (`aws s3api get-bucket-location --bucket NAME` tells it)"
        );
    }
    line.to_string()
}

/// The lowercase hex MD5 of some bytes.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    hex(&Md5::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The lowercase hex MD5 of a file, read a mebibyte at a time.
fn md5_file(file: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut reader = std::fs::File::open(file)?;
    let mut hasher = Md5::new();
    let mut buffer = vec![0; 1 << 20];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(hex(&hasher.finalize())),
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The MD5 an ETag stands for: a quoted 32-digit hex value is one; a multipart ETag (`"…-3"`)
/// or any other form is not.
pub(crate) fn md5_of_etag(etag: &str) -> Option<String> {
    let bare = etag.trim().trim_start_matches("W/").trim_matches('"');
    (bare.len() == 32 && bare.bytes().all(|b| b.is_ascii_hexdigit())).then(|| bare.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    /// A `Stop` nothing sets.
    fn never_stopped() -> Stop {
        tokio::sync::watch::channel(false).1
    }

    use object_store::memory::InMemory;

    use super::*;

    #[test]
    fn a_bucket_in_another_region_is_told_how_to_name_its_region() {
        let redirect = object_store::Error::Generic {
            store: "S3",
            source: Box::new(std::io::Error::other(
                "Received redirect without LOCATION, this normally indicates an incorrectly configured region",
            )),
        };
        let said = describe(&redirect);
        assert!(said.starts_with("Received redirect without LOCATION"), "{said}");
        assert!(said.contains("expected `?region=` with the bucket's region"), "{said}");
        let refused = object_store::Error::Generic {
            store: "S3",
            source: Box::new(std::io::Error::other("tcp connect error: Connection refused")),
        };
        assert_eq!(describe(&refused), "tcp connect error: Connection refused");
    }

    #[test]
    fn network_errors_say_what_to_check() {
        let error =
            |text: &str| object_store::Error::Generic { store: "S3", source: text.to_string().into() };
        let missing = describe(&error(
            "Error: <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
        ));
        assert!(
            missing
                .starts_with("NoSuchBucket: The specified bucket does not exist: expected the url's bucket"),
            "{missing}"
        );
        let slow = describe(&error("operation timed out"));
        assert!(slow.starts_with("operation timed out: the endpoint did not answer in time"), "{slow}");
        let web = describe(&error("Server returned non-2xx status code: 404 Not Found:"));
        assert!(web.starts_with("Server returned non-2xx status code: 404 Not Found: the endpoint answered, but not as an S3 API does"), "{web}");
        assert_eq!(describe(&error("<Code>AccessDenied</Code>")), "AccessDenied");
    }

    #[test]
    fn md5_matches_the_known_digest() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(b"hello\n"), "b1946ac92492d2347c6235b4d2611184");
    }

    #[test]
    fn a_single_part_etag_is_an_md5() {
        assert_eq!(
            md5_of_etag("\"B1946AC92492D2347C6235B4D2611184\""),
            Some("b1946ac92492d2347c6235b4d2611184".to_string())
        );
        assert_eq!(
            md5_of_etag("b1946ac92492d2347c6235b4d2611184"),
            Some("b1946ac92492d2347c6235b4d2611184".to_string())
        );
    }

    #[test]
    fn a_multipart_etag_is_not_an_md5() {
        assert_eq!(md5_of_etag("\"b1946ac92492d2347c6235b4d2611184-3\""), None);
        assert_eq!(md5_of_etag("\"\""), None);
        assert_eq!(md5_of_etag("\"zz946ac92492d2347c6235b4d2611184\""), None);
    }

    /// A bucket on object_store's in-memory store: its ETags are counters, not MD5s, so every
    /// comparison goes through the MD5 kept in the metadata.
    fn bucket(prefix: &str) -> Bucket {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
        Bucket { uploads: Arc::clone(&store), store, prefix: prefix.into(), runtime }
    }

    /// A folder of built files and its listing.
    fn built(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<(String, u64)>) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut listing = Vec::new();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("a parent")).expect("folders");
            std::fs::write(&full, text).expect("written");
            listing.push((path.to_string(), text.len() as u64));
        }
        (dir, listing)
    }

    fn keys(bucket: &Bucket) -> Vec<String> {
        let mut keys: Vec<String> = bucket.runtime.block_on(async {
            let mut listing = bucket.store.list(None);
            let mut keys = Vec::new();
            while let Some(Ok(meta)) = listing.next().await {
                keys.push(meta.location.to_string());
            }
            keys
        });
        keys.sort();
        keys
    }

    #[test]
    fn reads_a_profile_of_the_shared_credentials_file() {
        let text = "# keys\n[default]\naws_access_key_id = AKIA1\naws_secret_access_key=s1\n\n[ci]\n\
                    AWS_ACCESS_KEY_ID = AKIA2\naws_secret_access_key = s2\naws_session_token = t2\n[half]\naws_access_key_id = x\n";
        let keys = |key_id: &str, secret: &str, token: Option<&str>| Credentials {
            key_id: key_id.into(),
            secret: secret.into(),
            token: token.map(String::from),
        };
        assert_eq!(profile_keys(text, "default"), Ok(keys("AKIA1", "s1", None)));
        assert_eq!(profile_keys(text, "ci"), Ok(keys("AKIA2", "s2", Some("t2"))));
        assert_eq!(
            profile_keys(text, "half"),
            Err("its profile `[half]` has no `aws_secret_access_key`".to_string()),
            "a key without its secret is no credential"
        );
        assert_eq!(profile_keys(text, "missing"), Err("it has no profile `[missing]`".to_string()));
    }

    #[test]
    fn uploads_then_finds_nothing_to_do_and_leaves_other_keys_alone() {
        let bucket = bucket("blog");
        bucket
            .runtime
            .block_on(bucket.store.put(&Key::from("blog-old/index.html"), PutPayload::from_static(b"old")))
            .expect("put");
        let (dir, files) = built(&[("index.html", "<p>home</p>"), ("style.0123456789abcdef.css", "p{}")]);
        let plan = bucket.plan(dir.path(), &files, false).expect("planned");
        assert_eq!((plan.upload.len(), plan.delete.len()), (2, 0));
        let applied = bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        assert!(applied.failed.is_empty(), "{:?}", applied.failed);
        assert_eq!(
            keys(&bucket),
            ["blog-old/index.html", "blog/index.html", "blog/style.0123456789abcdef.css"]
        );
        let again = bucket.plan(dir.path(), &files, false).expect("planned");
        assert!(again.is_empty(), "{again:?}");
        assert_eq!(again.unchanged, 2);
        // --force uploads the unchanged files again (to set their headers), and deletes nothing.
        let forced = bucket.plan(dir.path(), &files, true).expect("planned");
        assert_eq!((forced.upload.len(), forced.delete.len(), forced.unchanged), (2, 0, 0));
        assert!(forced.upload.iter().all(|u| u.change == super::super::plan::Change::Again), "{forced:?}");
        assert!(forced.listing().starts_with("again    index.html\n"), "{}", forced.listing());
    }

    /// A multipart upload that records what is asked of it, and sends its parts to an inner
    /// one (or, `stalled`, never finishes a part).
    #[derive(Debug)]
    struct Recorded {
        inner: Box<dyn object_store::MultipartUpload>,
        asked: Arc<std::sync::Mutex<Vec<&'static str>>>,
        stalled: bool,
    }

    impl Recorded {
        fn note(&self, what: &'static str) {
            self.asked.lock().expect("not poisoned").push(what);
        }
    }

    type Answer<'a, T> =
        std::pin::Pin<Box<dyn std::future::Future<Output = object_store::Result<T>> + Send + 'a>>;

    impl object_store::MultipartUpload for Recorded {
        fn put_part(&mut self, data: PutPayload) -> object_store::UploadPart {
            self.note("part");
            if self.stalled { Box::pin(std::future::pending()) } else { self.inner.put_part(data) }
        }

        fn complete<'a, 'b>(&'a mut self) -> Answer<'b, object_store::PutResult>
        where
            'a: 'b,
            Self: 'b,
        {
            self.note("complete");
            self.inner.complete()
        }

        fn abort<'a, 'b>(&'a mut self) -> Answer<'b, ()>
        where
            'a: 'b,
            Self: 'b,
        {
            self.note("abort");
            self.inner.abort()
        }
    }

    /// A file of `Parts::from` bytes or more goes up in parts, read a part at a time: its bytes,
    /// headers and MD5 arrive as a single upload's would, the MD5 the plan's when it gave one.
    /// An upload that fails (the file changed size while it was sent) or runs out of time is
    /// aborted, and one of more parts than S3 takes is not begun.
    #[test]
    fn large_files_go_up_in_parts() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let store = InMemory::new();
        let dir = tempfile::tempdir().expect("folder");
        let file = dir.path().join("talk.mp4");
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&file, &bytes).expect("written");
        let parts = Parts { from: 4096, size: 4096, at_once: 2 };
        let key = Key::from("blog/talk.mp4");
        let sent = runtime.block_on(put_in(&store, &key, ("talk.mp4", &file, None), parts, never_stopped()));
        assert_eq!(sent, Ok(10_000));
        let got = runtime.block_on(store.get(&key)).expect("uploaded");
        let attribute =
            |got: &object_store::GetResult, a: Attribute| got.attributes.get(&a).map(|v| v.to_string());
        assert_eq!(attribute(&got, Attribute::ContentType), Some("video/mp4".into()));
        assert_eq!(attribute(&got, Attribute::Metadata(MD5_KEY.into())), Some(md5_hex(&bytes)));
        assert_eq!(runtime.block_on(got.bytes()).expect("read").as_ref(), bytes.as_slice());
        assert_eq!(md5_file(&file).expect("hashed"), md5_hex(&bytes));
        // The plan's hash is the one kept: the file is not read a second time for it.
        runtime
            .block_on(put_in(&store, &key, ("talk.mp4", &file, Some("0123")), parts, never_stopped()))
            .expect("sent");
        let got = runtime.block_on(store.get(&key)).expect("uploaded");
        assert_eq!(attribute(&got, Attribute::Metadata(MD5_KEY.into())), Some("0123".into()));

        let send_until = |size: u64, stalled: bool, limit: Duration, stop: Stop| {
            let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
            let inner = runtime.block_on(store.put_multipart(&Key::from("blog/other.mp4"))).expect("begun");
            let upload = Box::new(Recorded { inner, asked: Arc::clone(&asked), stalled });
            let result = runtime.block_on(send_parts(upload, (&file, size), parts, limit, stop));
            let asked = asked.lock().expect("not poisoned").clone();
            (result, asked)
        };
        let send =
            |size: u64, stalled: bool, limit: Duration| send_until(size, stalled, limit, never_stopped());
        // Stopped by a signal while its parts go up: aborted, and said so.
        let (stop, stop_asked) = tokio::sync::watch::channel(false);
        stop.send(true).expect("a receiver");
        let (result, asked) = send_until(10_000, true, Duration::from_secs(60), stop_asked);
        assert_eq!(result, Err(Some(STOPPED.to_string())));
        assert_eq!(asked.last(), Some(&"abort"), "{asked:?}");
        let (result, asked) = send(10_000, false, Duration::from_secs(60));
        assert_eq!((result, asked), (Ok(()), vec!["part", "part", "part", "complete"]));
        // The size said is not the file's: as if it changed since it was measured.
        for size in [9_000, 11_000, 8_192] {
            let (result, asked) = send(size, false, Duration::from_secs(60));
            assert!(
                result.as_ref().is_err_and(|e| e.as_deref().is_some_and(|e| e.contains("changed while"))),
                "{size}: {result:?}"
            );
            assert_eq!(asked.last(), Some(&"abort"), "{size}: {asked:?}");
            assert!(!asked.contains(&"complete"), "{size}: {asked:?}");
        }
        // Out of time: aborted, and said as the time running out.
        let (result, asked) = send(10_000, true, Duration::from_millis(50));
        assert_eq!(result, Err(None));
        assert_eq!(asked.last(), Some(&"abort"), "{asked:?}");
        // Beyond 10,000 parts: refused before anything is sent.
        let small = Parts { from: 1, size: 1, at_once: 2 };
        let big = dir.path().join("big.mp4");
        std::fs::write(&big, [0u8; 10_001]).expect("written");
        let refused = runtime.block_on(put_in(
            &store,
            &Key::from("blog/big.mp4"),
            ("big.mp4", &big, None),
            small,
            never_stopped(),
        ));
        assert!(
            refused.as_ref().is_err_and(|e| e.contains("more than S3 takes in one upload")),
            "{refused:?}"
        );
        assert!(runtime.block_on(store.head(&Key::from("blog/big.mp4"))).is_err());
    }

    #[test]
    fn uploads_carry_their_headers_and_md5() {
        let bucket = bucket("");
        let (dir, files) = built(&[("style.0123456789abcdef.css", "p{}")]);
        let plan = bucket.plan(dir.path(), &files, false).expect("planned");
        bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        let got = bucket
            .runtime
            .block_on(bucket.store.get(&Key::from("style.0123456789abcdef.css")))
            .expect("stored");
        let attribute = |a: Attribute| got.attributes.get(&a).map(|v| v.to_string());
        assert_eq!(attribute(Attribute::ContentType).as_deref(), Some("text/css; charset=utf-8"));
        assert_eq!(attribute(Attribute::CacheControl).as_deref(), Some(headers::IMMUTABLE));
        assert_eq!(attribute(Attribute::Metadata(MD5_KEY.into())), Some(md5_hex(b"p{}")));
    }

    #[test]
    fn the_feeds_and_exports_wait_for_the_pages_they_list() {
        let bucket = bucket("");
        let files = [
            ("atom.xml", "f"),
            ("data/records.json", "d"),
            ("index.html", "i"),
            ("records/a/index.html", "r"),
            ("search/index.json", "s"),
            ("sitemap.xml", "m"),
            ("style.a627027bca14d353.css", "c"),
        ];
        let (dir, listing) = built(&files);
        let plan = bucket.plan(dir.path(), &listing, false).expect("planned");
        // A page that fails: nothing that lists it goes up.
        std::fs::remove_file(dir.path().join("records/a/index.html")).expect("removed");
        let applied = bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        assert_eq!(applied.uploaded, ["style.a627027bca14d353.css", "index.html"]);
        assert_eq!(applied.failed.len(), 1, "{:?}", applied.failed);
        assert_eq!(
            applied.not_attempted,
            ["atom.xml", "data/records.json", "search/index.json", "sitemap.xml"]
        );
        // With every page there, the lists go up last.
        let (dir, _) = built(&files);
        let applied = bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        assert_eq!(
            applied.uploaded[applied.uploaded.len() - 4..],
            ["atom.xml", "data/records.json", "search/index.json", "sitemap.xml"]
        );
    }

    #[test]
    fn an_upload_is_given_time_by_its_size() {
        // 15 MB on a link of 100 KB/s takes 150 s: more than the two minutes a request gets.
        assert!(upload_timeout(15_000_000) > Duration::from_secs(15_000_000 / 100_000));
        // Eight photos of 1.6 MB sharing 100 KB/s take 128 s each.
        assert!(upload_timeout(1_600_000) > Duration::from_secs(8 * 1_600_000 / 100_000));
        assert_eq!(upload_timeout(0), REQUEST_TIMEOUT);
    }

    #[test]
    fn a_changed_file_is_uploaded_and_a_gone_one_deleted_after() {
        let bucket = bucket("blog");
        let (dir, files) = built(&[("a.html", "a"), ("b.html", "b")]);
        let plan = bucket.plan(dir.path(), &files, false).expect("planned");
        bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        std::fs::write(dir.path().join("a.html"), "A").expect("written");
        let files = vec![("a.html".to_string(), 1)];
        let plan = bucket.plan(dir.path(), &files, false).expect("planned");
        assert_eq!(
            plan.upload.iter().map(|u| (u.path.as_str(), u.change)).collect::<Vec<_>>(),
            [("a.html", super::super::plan::Change::Changed)]
        );
        assert_eq!(plan.delete, ["b.html"]);
        let applied = bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        assert_eq!(
            (applied.uploaded.as_slice(), applied.deleted.as_slice()),
            (&["a.html".to_string()][..], &["b.html".to_string()][..])
        );
        assert_eq!(keys(&bucket), ["blog/a.html"]);
    }

    #[test]
    fn a_failed_upload_stops_the_pages_and_every_deletion() {
        let bucket = bucket("");
        let (dir, files) = built(&[("gone.html", "g")]);
        let plan = bucket.plan(dir.path(), &files, false).expect("planned");
        bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        let (dir, files) = built(&[("a.css", "a"), ("b.css", "b"), ("index.html", "i")]);
        let plan = bucket.plan(dir.path(), &files, false).expect("planned");
        std::fs::remove_file(dir.path().join("b.css")).expect("removed");
        let applied = bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        assert_eq!(applied.uploaded, ["a.css"]);
        let failed: Vec<&str> = applied.failed.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(failed, ["b.css"]);
        assert!(applied.failed[0].1.starts_with("cannot read"), "{:?}", applied.failed);
        assert_eq!(applied.not_attempted, ["index.html"], "the pages wait for the assets");
        assert_eq!(applied.deletions_skipped, 1);
        assert_eq!(keys(&bucket), ["a.css", "gone.html"], "nothing was deleted");
        // Run again once the file is back: only what is missing goes up, then the deletion.
        std::fs::write(dir.path().join("b.css"), "b").expect("written");
        let plan = bucket.plan(dir.path(), &files, false).expect("planned");
        assert_eq!(plan.upload.iter().map(|u| u.path.as_str()).collect::<Vec<_>>(), ["b.css", "index.html"]);
        let applied = bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        assert!(applied.failed.is_empty());
        assert_eq!(keys(&bucket), ["a.css", "b.css", "index.html"]);
    }

    /// Once an upload fails, the uploads in flight finish and no other starts: a network that
    /// stopped answering would have each of thousands wait out the request's timeout.
    #[test]
    fn no_upload_starts_after_one_failed() {
        let bucket = bucket("");
        let names: Vec<String> = (0..40).map(|i| format!("f{i:02}.css")).collect();
        let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "x")).collect();
        let (dir, listing) = built(&files);
        let plan = bucket.plan(dir.path(), &listing, false).expect("planned");
        std::fs::remove_file(dir.path().join("f00.css")).expect("removed");
        let applied = bucket.apply(&plan, dir.path(), &ProgressBar::hidden());
        assert_eq!(applied.failed.len(), 1, "{:?}", applied.failed);
        assert!(applied.uploaded.len() < CONCURRENCY, "only those in flight: {:?}", applied.uploaded);
        assert_eq!(applied.uploaded.len() + applied.not_attempted.len(), 39);
        // Each file is said once: uploaded, failed or not attempted.
        let mut said: Vec<&String> = applied
            .uploaded
            .iter()
            .chain(&applied.not_attempted)
            .chain(applied.failed.iter().map(|(p, _)| p))
            .collect();
        said.sort();
        said.dedup();
        assert_eq!(said.len(), 40);
    }

    #[test]
    fn keys_live_below_the_prefix() {
        let blog = bucket("blog");
        assert_eq!(blog.key("index.html").expect("valid").as_ref(), "blog/index.html");
        assert_eq!(blog.relative("blog/records/a/index.html"), Some("records/a/index.html"));
        assert_eq!(blog.relative("blog-old/index.html"), None, "a sibling prefix is not ours");
        assert_eq!(blog.relative("blog"), None);
        assert_eq!(blog.relative("other/index.html"), None);
        let whole = bucket("");
        assert_eq!(whole.key("index.html").expect("valid").as_ref(), "index.html");
        assert_eq!(whole.relative("x/y"), Some("x/y"));
    }

    #[test]
    fn a_name_s3_cannot_hold_is_an_error_not_a_panic() {
        assert!(bucket("blog").key("a/../b").is_err());
    }
}
