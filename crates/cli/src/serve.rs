//! `leverage serve`: builds into a private folder, serves it on loopback, and with `--watch`
//! rebuilds what changed on every save and reloads open browsers.
//!
//! HTTP is axum with tower-http's `ServeDir` (content types, index.html for folders, the site's
//! 404 page with status 404, no listings, no traversal, HEAD and conditional requests). Changes
//! come from notify through notify-debouncer-full (editors that save by rename, bulk checkouts).
//! Rebuilds are `site::Session`'s. Browsers hear of them over server-sent events: `reload` (the
//! page reloads, keeping its scroll position), `css` (the stylesheet is swapped in place) and
//! `broken` (an overlay shows the error; the last good site is still served). Each tab names its
//! page when it connects and reloads only when that page was written: a tab on the edited record
//! as soon as it is, before the home, tag and archive pages that depend on it. With
//! `--navigate`, `navigate` takes every other tab to the page of the record or page saved.

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use notify_debouncer_full::DebouncedEvent;
use notify_debouncer_full::notify::EventKind;
use notify_debouncer_full::notify::event::{CreateKind, ModifyKind, RemoveKind};
use site::{BuildOptions, Outcome, Session};
use tokio::sync::{broadcast, watch};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::diagnostics;

/// How long the watcher waits for a file's events to settle (an editor's save by rename is a
/// few events within a millisecond or two).
const DEBOUNCE: Duration = Duration::from_millis(10);

/// A change that comes this soon after the last one was applied starts a burst (see
/// `next_changes`). A writer does not save twice within it; a checkout or a script does.
const BURST: Duration = Duration::from_millis(25);

/// A batch of changes to this many of the site's files starts a burst too: a writer saves one
/// file at a time, where a checkout writes many, and the first ones of those come in a batch
/// of their own.
const FILES_AT_ONCE: usize = 2;

/// In a burst, how long the files must be quiet before the changes are applied...
const SETTLE: Duration = Duration::from_millis(50);

/// ...and at most how long the burst's changes wait (as Hugo's watcher batches its events).
const BURST_LIMIT: Duration = Duration::from_millis(500);

/// How long a change that looks half made waits for the rest before it is shown: one whose
/// build failed (its error is shown only if no other change of the site's files comes within
/// it), and one that leaves a file of the site empty (applied only then). An editor that saves
/// by truncating the file and writing it again, a formatter's second write, or a synced folder
/// can leave a file half written for more than `DEBOUNCE`, and the writer would see an error
/// or an empty record flash by. A save that builds is served without it.
const HALF_MADE: Duration = Duration::from_millis(150);

/// The mark of a change serve makes itself: a link whose target came back, read again once
/// its new watch is in place.
const READ_AGAIN: &str = "leverage: read again";
/// The info notify-debouncer-full gives the removal it reports of a file another file was renamed
/// over, while the first's own events were still waiting.
const RENAMED_OVER: &str = "override";

/// The first port tried when none is given.
const DEFAULT_PORT: u16 = 1111;

/// Where the live-reload events are served, outside any site's paths.
const EVENTS_PATH: &str = "/__leverage/events";

/// What browsers are told after each change.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    /// Nothing happened yet since this server started.
    Started,
    /// Change number `edit` wrote pages. While `done` is false the edited pages themselves
    /// (`first`) are written and the pages that depend on them are still being rendered; once
    /// done, `rest` names those, and the pages removed, and `warnings` what the change warned of
    /// (`warnings_text`), for tabs that do not reload: those that do hear it as they reconnect.
    /// `goto`: where `--navigate` takes the tabs on other pages, once done.
    Reload { edit: u64, first: Pages, rest: Pages, done: bool, warnings: Arc<str>, goto: Option<Arc<Goto>> },
    /// Only the stylesheet changed: swap it for this URL.
    Css(u64, String),
    /// The last change failed: show this text over the page.
    Broken(u64, String),
}

/// The page of the one record or page a change saved (`saved_document`), where `--navigate`
/// takes the tabs on other pages.
#[derive(Debug, PartialEq, Eq)]
struct Goto {
    /// By output path (`records/2026-03-01/index.html`), as a tab names its page.
    page: String,
    /// Its URL's path (`/records/2026-03-01/`).
    url: String,
}

impl Status {
    /// The number of the change it tells of.
    fn edit(&self) -> Option<u64> {
        match self {
            Status::Started => None,
            Status::Reload { edit, .. } | Status::Css(edit, _) | Status::Broken(edit, _) => Some(*edit),
        }
    }
}

/// Pages by output path (`records/2026-02-28/index.html`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pages {
    /// Every page: a whole rebuild, new static files (any page may show them), or the first good
    /// change after a failure (every tab shows the failure's overlay).
    All,
    Some(Arc<BTreeSet<String>>),
}

/// The pages that files a change wrote show without being written again themselves: a tab on the
/// search page reads the search index when it opens, so writing the index reloads it (and its
/// `?q=` searches the new one).
fn readers_of<'a>(written: impl IntoIterator<Item = &'a String>) -> impl Iterator<Item = String> {
    written
        .into_iter()
        .filter(|p| *p == site::pages::SEARCH_INDEX)
        .map(|_| site::pages::SEARCH_PAGE.to_string())
}

impl Pages {
    fn of<'a>(paths: impl IntoIterator<Item = &'a String>) -> Pages {
        Pages::Some(Arc::new(paths.into_iter().cloned().collect()))
    }

    fn contains(&self, page: &str) -> bool {
        match self {
            Pages::All => true,
            Pages::Some(pages) => pages.contains(page),
        }
    }
}

/// What every tab's event stream reads: each status in turn, and the last one sent (a new tab
/// replays a failure, and must know of a change whose first pages it already loaded).
struct Live {
    changes: broadcast::Sender<Status>,
    last: Mutex<Status>,
    /// The warnings of the last change that built (`warnings_text`), which a tab shows from
    /// when it connects: a header slip that empties the day's figures is otherwise only said in
    /// the terminal.
    warnings: Mutex<Arc<str>>,
    /// The site's base path (`/`, `/blog/`), to find a tab's page from its URL.
    base_path: String,
    /// `--navigate`: a save takes the tabs to the page saved.
    navigate: bool,
}

impl Live {
    fn new(base_path: &str, navigate: bool) -> Live {
        let (changes, _) = broadcast::channel(64);
        Live {
            changes,
            last: Mutex::new(Status::Started),
            warnings: Mutex::new(Arc::from("")),
            base_path: base_path.to_string(),
            navigate,
        }
    }

    /// Where `--navigate` takes the tabs after a change that wrote `page` (an output path), the
    /// page of the one record or page it saved (`saved_document`); nowhere without the flag.
    fn goto(&self, page: &str) -> Option<Arc<Goto>> {
        self.navigate.then(|| {
            let url = format!("{}{}", self.base_path, page.strip_suffix("index.html").unwrap_or(page));
            Arc::new(Goto { page: page.to_string(), url })
        })
    }

    /// Sets the warnings a tab shows from when it connects.
    fn set_warnings(&self, text: Arc<str>) {
        *self.warnings.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = text;
    }

    fn warnings(&self) -> Arc<str> {
        self.warnings.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Sends a status to every tab. Under the lock that `subscribe` takes, so that a new tab
    /// hears of every status after the one it starts from.
    fn send(&self, status: Status) {
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = status.clone();
        let _ = self.changes.send(status);
    }

    /// The last status sent, and every status from here on.
    fn subscribe(&self) -> (Status, broadcast::Receiver<Status>) {
        let last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (last.clone(), self.changes.subscribe())
    }

    fn last(&self) -> Status {
        self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

/// The settings of one `serve` run.
#[derive(Debug)]
pub(crate) struct ServeArgs {
    pub(crate) root: PathBuf,
    pub(crate) interface: IpAddr,
    pub(crate) port: Option<u16>,
    /// The address links use instead of the one listened on (`--base-url`).
    pub(crate) base_url: Option<String>,
    pub(crate) watch: bool,
    pub(crate) open: bool,
    /// `--navigate`: a save takes open tabs to the page saved.
    pub(crate) navigate: bool,
    pub(crate) drafts: bool,
}

/// Runs `serve` until Ctrl-C.
pub(crate) fn run(args: ServeArgs) -> ExitCode {
    let listener = match bind(args.interface, args.port) {
        Ok(listener) => listener,
        Err(message) => {
            error!("{message}");
            return ExitCode::from(1);
        }
    };
    let address = listener.local_addr().expect("a bound listener has an address");
    if args.port.is_none() && address.port() != DEFAULT_PORT {
        status!("port {DEFAULT_PORT} is busy; serving on port {} instead", address.port());
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            error!("cannot start the server: {e}");
            return ExitCode::from(1);
        }
    };
    // From here on a stop signal ends serve cleanly, on Unix even during the first build (which
    // runs to its end first): the private build folder is removed either way.
    let mut stop = {
        let _entered = runtime.enter();
        Box::pin(stop_signals())
    };
    // The address and path served, from site.toml as it is now: read again when it changes,
    // to tell the writer of a new path (the router keeps the one it started with).
    let served = {
        let given = args.base_url.clone();
        move |base_path: &str| {
            let url = served_url(address, given.as_deref(), base_path);
            let path = site::config::normalize_base_url(site::config::url_path(&url));
            (url, path)
        }
    };
    let (url, base_path) = served(&site::config::base_path(&args.root));
    if let Some(warning) = exposure_warning(address, args.base_url.is_some(), args.drafts) {
        warning!("{warning}");
    }
    // Private: readable by this user only (drafts, with `--drafts`, are in it).
    let mut builder = tempfile::Builder::new();
    builder.prefix(PRIVATE_PREFIX);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let private = match builder.tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            error!("cannot create a private folder to build into: {e}");
            return ExitCode::from(1);
        }
    };
    // Held until the serve ends, so that another finds this build in use.
    let _held = hold(private.path());
    // The private builds of serves that were killed (`kill -9`, a closed terminal's SIGKILL),
    // which no drop removed: each serve holds a lock on a file in its own while it runs.
    remove_left_builds(&std::env::temp_dir(), private.path());
    let output = private.path().join("site");
    let options = BuildOptions {
        root: args.root.clone(),
        output_dir: Some(output.clone()),
        base_url: Some(url.clone()),
        drafts: args.drafts,
        inject: Some(live_reload_script(&base_path)),
    };
    let live = Arc::new(Live::new(&base_path, args.navigate));
    let (report, session) = Session::open(options.clone());
    diagnostics::print_text(&report);
    // Stopped during the first build: leave now, without serving or opening a browser (the
    // private build is removed as `private` is dropped).
    if runtime.block_on(async {
        tokio::select! {
            biased;
            () = &mut stop => true,
            () = std::future::ready(()) => false,
        }
    }) {
        say_stopped();
        return ExitCode::SUCCESS;
    }
    // A failed first build is worth serving only while a fix is watched for: without `--watch`
    // nothing would ever be rebuilt, and outside a site (no site.toml) there is nothing to fix.
    // Either way serve stops as `build` does, with the errors printed above.
    if session.is_none() && (!args.watch || !args.root.join("site.toml").is_file()) {
        // Outside a site, `--watch` would not help: the way out is `init`, whichever was asked.
        if !args.root.join("site.toml").is_file() {
            errln!("serve stopped: {} holds no site.toml (see leverage init)", args.root.display());
        } else {
            errln!(
                "serve stopped: the site did not build; `leverage serve --watch` serves it once the errors are fixed"
            );
        }
        return ExitCode::from(1);
    }
    if session.is_none() {
        let text = failure_text(&report);
        write_error_page(&output, &text, &base_path);
        live.send(Status::Broken(0, text));
    } else {
        live.set_warnings(warnings_text(&report));
    }
    // The report holds its own copy of the sources: kept for the whole of serve, it would keep
    // the first text of every file an edit replaces (7 KB a record, on top of the new one).
    drop(report);
    crate::release_freed_memory();
    // Held by the watcher while it applies a change: a stop waits for the rebuild under way to
    // end before the private folder is removed, or the rebuild's half-written folder would stay.
    let building = Arc::new(Mutex::new(()));
    let _watcher = if args.watch {
        let watcher = Arc::clone(&building);
        let root = args.root.clone();
        // None while site.toml does not parse: the file may have moved on since the rebuild
        // read it, and a save half done names no new path.
        let served_path = move || site::config::parsed_base_path(&root).map(|path| served(&path).1);
        match watch_files(&args.root, options, session, Arc::clone(&live), watcher, served_path) {
            Ok(watcher) => Some(watcher),
            Err(e) => {
                error!("{}", watch_error(&args.root, &e));
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    errln!("serving {url} from a private build in {} (press Ctrl-C to stop)", output.display());
    if args.watch {
        status!("watching {} for changes", args.root.display());
    } else {
        // Zola's and Hugo's servers watch unless told not to: said, so that a save that does
        // not show is not a mystery.
        status!("not watching for changes: a save shows after a restart, or run `leverage serve --watch`");
    }
    if args.open && webbrowser::open(&url).is_err() {
        warning!("could not open a browser; visit {url}");
    }
    // Serve answers only for names of this machine, an address, and the `--base-url` host (a
    // proxy's, or the name a phone uses): a page elsewhere whose host name was rebound to
    // 127.0.0.1 cannot read the site (drafts, with `--drafts`) or its build errors. Listening
    // beyond loopback (`--interface 0.0.0.0`) listens on loopback too, so the check stays.
    let hosts = allowed_hosts(&url);
    let app = router(&output, &base_path, live, hosts);
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let (stop_tx, mut stop_rx) = watch::channel(false);
        tokio::spawn(async move {
            stop.await;
            let _ = stop_tx.send(true);
        });
        let mut graceful_rx = stop_rx.clone();
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = graceful_rx.wait_for(|stop| *stop).await;
        });
        // Open event streams never end by themselves: after a short grace, stop anyway.
        tokio::select! {
            served = server => served,
            _ = async {
                let _ = stop_rx.wait_for(|stop| *stop).await;
                tokio::time::sleep(Duration::from_millis(300)).await;
            } => Ok(()),
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(200));
    // Held to the end, past the watcher's own end: no change is applied after this one.
    std::mem::forget(building.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    drop(private);
    match served {
        Ok(()) => {
            say_stopped();
            ExitCode::SUCCESS
        }
        Err(e) => {
            error!("the server stopped: {e}");
            ExitCode::from(1)
        }
    }
}

/// The address the served site's links use. `--base-url` when given: a host (`192.168.1.20`)
/// or a URL, `http://` and the port listened on added when it has none, and the site's path
/// when it has none. Otherwise the address listened on with the site's path, where an
/// unspecified address (`0.0.0.0`, `::`), which no browser should be sent to, becomes this
/// machine's loopback address.
fn served_url(address: SocketAddr, base_url: Option<&str>, base_path: &str) -> String {
    let Some(given) = base_url.map(str::trim) else {
        let host = match address.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.to_string(),
            IpAddr::V6(ip) if ip.is_unspecified() => format!("[{}]", std::net::Ipv6Addr::LOCALHOST),
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        return format!("http://{host}:{}{base_path}", address.port());
    };
    let (scheme, rest) = match given.split_once("://") {
        Some((scheme, rest)) => (scheme, rest),
        None => ("http", given),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, base_path),
    };
    // A port is what follows the last `:` outside an IPv6 address's brackets.
    let has_port = authority.rsplit_once(']').map_or(authority, |(_, after)| after).contains(':');
    let port = if has_port { String::new() } else { format!(":{}", address.port()) };
    site::config::normalize_base_url(&format!("{scheme}://{authority}{port}{path}"))
}

/// What to say when serve listens beyond this machine: other machines can read the site (its
/// drafts too, with `--drafts`), and without `--base-url` its links lead to an address only this
/// machine reaches. `None` on a loopback address.
fn exposure_warning(address: SocketAddr, base_url: bool, drafts: bool) -> Option<String> {
    let ip = address.ip();
    if ip.is_loopback() {
        return None;
    }
    let whom =
        if ip.is_unspecified() { "every network interface" } else { "an address other machines can reach" };
    let drafts = if drafts { ", drafts included" } else { "" };
    let mut warning =
        format!("serving on {ip}, {whom}: other machines on the network can read the site{drafts}");
    if ip.is_unspecified() && !base_url {
        warning.push_str(&format!(
            "; its links lead to this machine's loopback address, so to follow them from another device give \
             this machine's address or name: --base-url ADDRESS (the port, {}, is added; a name is answered \
             only when given so)",
            address.port()
        ));
    }
    Some(warning)
}

/// Says that serve stopped. After SIGHUP the terminal may be gone: `errln!` drops a failed write
/// rather than turn a clean stop into a panic.
fn say_stopped() {
    status!("stopped");
}

/// Binds the listener: the given port or fail, or the first free port from 1111.
fn bind(interface: IpAddr, port: Option<u16>) -> Result<std::net::TcpListener, String> {
    let try_bind = |port| {
        let listener = std::net::TcpListener::bind(SocketAddr::new(interface, port))?;
        listener.set_nonblocking(true)?;
        Ok::<_, std::io::Error>(listener)
    };
    match port {
        Some(port) => try_bind(port).map_err(|e| format!("cannot serve on {interface} port {port}: {e}")),
        None => {
            (DEFAULT_PORT..DEFAULT_PORT.saturating_add(100)).find_map(|p| try_bind(p).ok()).ok_or_else(|| {
                format!("no free port on {interface} from {DEFAULT_PORT} to {}", DEFAULT_PORT + 99)
            })
        }
    }
}

/// Listens for Ctrl-C, SIGTERM and SIGHUP (a closed terminal) from the moment it is called, and
/// resolves on the first of them. Must be called within the runtime.
#[cfg(unix)]
pub(crate) fn stop_signals() -> impl std::future::Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{Signal, SignalKind, signal};
    async fn received(signal: Option<Signal>) {
        match signal {
            Some(mut signal) => {
                signal.recv().await;
            }
            None => std::future::pending().await,
        }
    }
    let interrupt = signal(SignalKind::interrupt()).ok();
    let terminate = signal(SignalKind::terminate()).ok();
    let hangup = signal(SignalKind::hangup()).ok();
    async move {
        tokio::select! {
            () = received(interrupt) => {},
            () = received(terminate) => {},
            () = received(hangup) => {},
        }
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
pub(crate) fn stop_signals() -> impl std::future::Future<Output = ()> + Send + 'static {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The routes: the site under its base path, the event stream, and a redirect from `/` to the
/// base path when the site lives below one. Outside the base path is the site's 404 page, as on
/// the host the site is deployed to: a body's `/img/a.png` under base_url `/blog/` must look
/// broken in the preview too (Hugo's server does the same).
fn router(output: &Path, base_path: &str, live: Arc<Live>, hosts: Vec<String>) -> Router {
    let page = output.join("404.html");
    let files = ServeDir::new(output).not_found_service(ServeFile::new(&page));
    let guard = Arc::new(Guard {
        output: output.to_path_buf(),
        base_path: base_path.to_string(),
        hosts,
        missing: page.clone(),
    });
    // `no-store`, not `no-cache`: a browser revalidating with If-Modified-Since would be told
    // "not modified" for a second save within the same second (Last-Modified has one-second
    // resolution) and show the old page. Clients that send conditional requests still get 304s.
    let no_cache =
        SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The events are heard at the host's root too: a tab opened before an update of leverage.
    let under_base = format!("{}{EVENTS_PATH}", base_path.trim_end_matches('/'));
    let mut app = Router::new().route(EVENTS_PATH, get(events));
    if under_base != EVENTS_PATH {
        app = app.route(&under_base, get(events));
    }
    let mut app = app.with_state(live);
    if base_path == "/" {
        app = app.fallback_service(files);
    } else {
        let base = base_path.to_string();
        // ServeDir sees the path with the base path taken off, so the redirect it sends for a
        // folder named without its slash (`/blog/tags` to `/tags/`) would leave the site.
        let prefix = base_path.trim_end_matches('/').to_string();
        let files = Router::new().fallback_service(files).layer(axum::middleware::map_response(
            move |mut response: axum::response::Response| {
                let prefix = prefix.clone();
                async move {
                    let moved = response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok());
                    if let Some(location) = moved.filter(|l| l.starts_with('/') && !l.starts_with("//"))
                        && let Ok(value) = HeaderValue::from_str(&format!("{prefix}{location}"))
                    {
                        response.headers_mut().insert(header::LOCATION, value);
                    }
                    response
                }
            },
        ));
        app = app
            .route(
                "/",
                get(move |uri: Uri| async move {
                    // With its query, as every other redirect keeps it.
                    let query = query_of(&uri);
                    Redirect::temporary(&format!("{base}{query}"))
                }),
            )
            .nest_service(base_path.trim_end_matches('/'), files)
            .fallback(move || not_found(page.clone()));
    }
    // The guard wraps the routes whole (the routes are the fallback of a router of none): a
    // layer of `app` itself would run after the routing, on the path as sent (`//blog`).
    Router::new()
        .fallback_service(app.layer(no_cache))
        .layer(axum::middleware::from_fn(move |request, next| guarded(Arc::clone(&guard), request, next)))
}

/// What every request is checked against before and after the routes (see `guarded`).
struct Guard {
    output: PathBuf,
    base_path: String,
    /// The host names served, beside IP addresses (`host_allowed`).
    hosts: Vec<String>,
    /// The site's 404 page.
    missing: PathBuf,
}

/// The names serve answers for, beside IP addresses: this machine's (`localhost` and its
/// subdomains, `127.0.0.1`, `[::1]`) and the served URL's host (`--base-url`).
fn allowed_hosts(served: &str) -> Vec<String> {
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"].map(String::from).to_vec();
    if let Some(host) = url::Url::parse(served).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase)) {
        hosts.push(host);
    }
    hosts
}

/// The host name of a Host header's value, without its port or a final `.` (`localhost.`),
/// lower-cased.
fn host_name(value: &str) -> String {
    let name = match value.rsplit_once(':') {
        // `[::1]:1111`, `localhost:1111`; `[::1]` alone has its `:` inside the brackets.
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(':') => name,
        _ => value,
    };
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// Whether `host` (a Host header's name, see `host_name`) is one `hosts` allows, or an address
/// (`192.168.1.20`, `[fe80::1]`): a browser sends a name it looked up, which a rebinding page
/// controls, but an address only when it was asked for that address.
fn host_allowed(hosts: &[String], host: &str) -> bool {
    let address = host.parse::<std::net::Ipv4Addr>().is_ok()
        || host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .is_some_and(|h| h.parse::<std::net::Ipv6Addr>().is_ok());
    address || hosts.iter().any(|h| h == host) || host.ends_with(".localhost")
}

/// Checks a request before the routes see it, and the response after:
///
/// - a Host that is no IP address and names neither this machine nor the `--base-url` host
///   (DNS rebinding) is refused, under any `--interface`;
/// - runs of `/` are one (`//about` is `/about`): a folder's redirect built from `//about`
///   (`//about/`) would send the browser to another host;
/// - a path whose part is longer than any file name (255 bytes), or that is longer than any
///   path with the output folder's before it (4096 bytes), or names the output folder's
///   marker (leverage's own, no page of the site, under any spelling), is the site's 404 page
///   (the file system's refusal of the long name was a 500);
/// - a file is sent with the Content-Type `deploy` gives it on the host (`charset=utf-8` on
///   text), and a 404 as HTML;
/// - a folder made between the file server's look at a path and its opening of it (a tag's
///   page written by a rebuild just then) was sent as a file of 4096 bytes that failed half
///   way: such a request is answered again.
async fn guarded(
    guard: Arc<Guard>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    // HTTP/1.1 asks every request for its Host (RFC 9112 §3.2); HTTP/2 names it in the URI.
    if request.version() == axum::http::Version::HTTP_11 && request.headers().get(header::HOST).is_none() {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "a request names its Host\n",
        )
            .into_response();
    }
    let bad_request = |message: &'static str| {
        (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message)
            .into_response()
    };
    // Two Hosts name no one server (RFC 9112 §3.2), and a target of a host alone (`index.html`,
    // read as one) is CONNECT's, which serve does not take: both were answered as something else.
    if request.headers().get_all(header::HOST).iter().nth(1).is_some() {
        return bad_request("a request names one Host\n");
    }
    if request.uri().authority().is_some() && request.uri().scheme().is_none() {
        return bad_request("a request's target is a path, such as /about/\n");
    }
    // A target of its own host (`GET http://evil.example/`) is the request's host, whatever its
    // Host header says (RFC 9112 §3.2.2).
    let host = match (request.uri().authority(), request.headers().get(header::HOST)) {
        (Some(authority), _) => Some(authority.as_str().to_string()),
        (None, Some(host)) => Some(host.to_str().map(str::to_string).unwrap_or_default()),
        (None, None) => None,
    };
    if let Some(host) = host {
        let name = host_name(&host);
        if !host_allowed(&guard.hosts, &name) {
            return (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "leverage serve answers only for this machine (localhost, 127.0.0.1, [::1]), an IP address and \
                 the --base-url host: to reach it by another name (a phone using this-machine.local), give \
                 that name as --base-url NAME\n",
            )
                .into_response();
        }
    }
    // `/bl%c3%b6g/` is `/bl%C3%B6g/` (RFC 3986), the base path's spelling.
    if let std::borrow::Cow::Owned(path) = site::config::upper_escapes(request.uri().path()) {
        let query = query_of(request.uri());
        if let Ok(uri) = format!("{path}{query}").parse::<Uri>() {
            *request.uri_mut() = uri;
        }
    }
    if request.uri().path().contains("//") {
        let path = collapse_slashes(request.uri().path());
        let query = query_of(request.uri());
        if let Ok(uri) = format!("{path}{query}").parse::<Uri>() {
            *request.uri_mut() = uri;
        }
    }
    let path = request.uri().path().to_string();
    let decoded = percent_encoding::percent_decode(path.as_bytes()).collect::<Vec<u8>>();
    // A whole path longer than any (PATH_MAX, 4096 bytes with the output folder's) is no page
    // either: 25 parts of 200 bytes each were a 500 with nothing in it.
    let too_long = guard.output.as_os_str().len() + decoded.len() >= 4096;
    if names_marker(&decoded) || too_long || decoded.split(|&b| b == b'/').any(|part| part.len() > 255) {
        return not_found(guard.missing.clone()).await.into_response();
    }
    // A file named as a folder (`/favicon.svg/`) is none on a host, which looks for
    // `favicon.svg/index.html`; the file server would send the file.
    if decoded.ends_with(b"/") && guard.on_disk(&decoded).is_some_and(|path| path.is_file()) {
        return not_found(guard.missing.clone()).await.into_response();
    }
    // The base path without its slash (`/blog`) is the site's folder named so: redirected as
    // any other folder is, where the nested files would answer with the home page, whose
    // relative links would then leave the site.
    if guard.base_path != "/" && path == guard.base_path.trim_end_matches('/') {
        let query = query_of(request.uri());
        return Redirect::temporary(&format!("{}{query}", guard.base_path)).into_response();
    }
    // Every answer is the file as it is now (`no-store`): a validator is not asked, since one of a
    // second (Last-Modified) answered 304 to a page saved twice in that second; a range is sent
    // only where it is sure to be of the file asked for (not under an If-Range, which is not
    // checked) and is one range (several got a 416, as if none were there).
    let headers = request.headers_mut();
    for conditional in
        [header::IF_MODIFIED_SINCE, header::IF_NONE_MATCH, header::IF_UNMODIFIED_SINCE, header::IF_MATCH]
    {
        headers.remove(conditional);
    }
    let several = headers.get(header::RANGE).is_some_and(|range| range.as_bytes().contains(&b','));
    if headers.remove(header::IF_RANGE).is_some() || several {
        headers.remove(header::RANGE);
    }
    let again = (request.method() == axum::http::Method::GET || request.method() == axum::http::Method::HEAD)
        .then(|| (request.method().clone(), request.uri().clone(), request.headers().clone()));
    let mut response = next.clone().run(request).await;
    if let Some((method, uri, headers)) = again
        && response.status() == StatusCode::OK
        && response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t == "application/octet-stream")
        && guard.folder(&decoded)
    {
        let mut retry = axum::extract::Request::new(axum::body::Body::empty());
        *retry.method_mut() = method;
        *retry.uri_mut() = uri;
        *retry.headers_mut() = headers;
        response = next.run(retry).await;
    }
    let served = matches!(response.status(), StatusCode::OK | StatusCode::PARTIAL_CONTENT);
    let text = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t != "text/event-stream");
    if served && text && path.starts_with(&guard.base_path) {
        // The decoded path: `/readme%2Etxt` is `readme.txt`, sent as text.
        let path = String::from_utf8_lossy(&decoded);
        let name = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        let known = crate::deploy::content_type(&name);
        if known != "application/octet-stream" {
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(known));
        }
    } else if response.status() == StatusCode::NOT_FOUND {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    }
    response
}

impl Guard {
    /// Whether the decoded request path names a folder of the output now.
    fn folder(&self, decoded: &[u8]) -> bool {
        self.on_disk(decoded).is_some_and(|path| path.is_dir())
    }

    /// The path in the output that the decoded request path names below the base path, if it
    /// names one there.
    fn on_disk(&self, decoded: &[u8]) -> Option<PathBuf> {
        let text = String::from_utf8_lossy(decoded);
        let rest = (text.strip_prefix(self.base_path.trim_end_matches('/')))
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))?;
        let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| *p == ".." || p.contains('\\')) {
            return None;
        }
        Some(parts.iter().fold(self.output.clone(), |path, part| path.join(part)))
    }
}

/// `path` with each run of `/` written as one.
fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// The site's 404 page, with its status.
async fn not_found(page: PathBuf) -> impl IntoResponse {
    let body = tokio::fs::read(page).await.unwrap_or_default();
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
}

/// A request's query with its `?` (`?q=1`), for the URL it is sent on to; empty without one.
fn query_of(uri: &Uri) -> String {
    uri.query().map(|q| format!("?{q}")).unwrap_or_default()
}

/// The start of a private build folder's name in the system's temporary folder.
const PRIVATE_PREFIX: &str = "leverage-serve-";

/// The file in a private build folder that its serve holds a lock on while it runs.
const HELD: &str = ".serving";

/// Locks `HELD` in the private build folder `private` (`output::locked_file`): `None` where it
/// cannot be made.
fn hold(private: &Path) -> Option<std::fs::File> {
    site::output::locked_file(private, HELD, b"held by a running leverage serve\n").ok()
}

/// Removes the private build folders in `temp` whose serve is gone (its lock is free), but
/// `own`, and only this user's. A folder without the file (a serve of an older leverage, or one
/// whose file system takes no lock) is left.
fn remove_left_builds(temp: &Path, own: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else { return };
    #[cfg(unix)]
    let user = std::fs::metadata(own).map(|m| std::os::unix::fs::MetadataExt::uid(&m)).ok();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PRIVATE_PREFIX) || entry.path() == own {
            continue;
        }
        #[cfg(unix)]
        if entry.metadata().map(|m| std::os::unix::fs::MetadataExt::uid(&m)).ok() != user {
            continue;
        }
        if site::output::lock_is_free(&entry.path().join(HELD)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a request's path, percent-decoded (`/%2Eleverage-output` is what `ServeDir` serves
/// as `/.leverage-output`), names the output folder's marker as any segment of it.
fn names_marker(decoded: &[u8]) -> bool {
    decoded.split(|&b| b == b'/' || b == b'\\').any(|segment| segment == site::output::MARKER.as_bytes())
}

/// The server-sent events of one browser tab (`?page=` its path, as `location.pathname`): the
/// current failure if there is one (a new tab must not reload for a rebuild that happened before
/// it connected), then every change that concerns its page.
async fn events(State(live): State<Arc<Live>>, uri: Uri) -> impl IntoResponse {
    let page = uri.query().and_then(page_param).and_then(|path| page_file(&live.base_path, &path));
    let since = uri.query().and_then(since_param);
    let (current, receiver) = live.subscribe();
    let mut tab = Tab { page, fresh: None };
    let missed = missed_navigation(&current, since, tab.page.as_deref())
        .map(|(edit, url)| Event::default().event("navigate").data(url).id(edit.to_string()));
    // A new tab shows the current failure. It does not reload for what it loaded after, but it
    // notes a change whose edited pages, its own among them, were written before it connected.
    let failed = matches!(current, Status::Broken(..));
    let warnings = live.warnings();
    // The change the tab's page shows: the one it names when it connects again.
    let seen =
        current.edit().map(|edit| Event::default().event("seen").data(edit.to_string()).id(edit.to_string()));
    let replay = match tab.event(current).filter(|_| failed) {
        Some(broken) => Some(broken),
        None if missed.is_some() => missed,
        None if !warnings.is_empty() => Some(warnings_event(&warnings)),
        None => None,
    };
    let stream = tokio_stream::iter(seen.into_iter().chain(replay)).chain(
        BroadcastStream::new(receiver).filter_map(move |status| {
            match status {
                Ok(status) => tab.event(status),
                // Too slow to hear every change: reload to be sure.
                Err(BroadcastStreamRecvError::Lagged(_)) => Some(reload()),
            }
        }),
    );
    Sse::new(stream.map(Ok::<_, std::convert::Infallible>)).keep_alive(KeepAlive::default())
}

/// What one tab knows: its page (`None` when it did not say: it reloads once per change), and
/// the change whose edited pages included it and were written before it reloaded or connected
/// (it shows them already).
#[derive(Debug)]
struct Tab {
    page: Option<String>,
    fresh: Option<u64>,
}

/// What a tab is told.
#[derive(Debug, PartialEq, Eq)]
enum Told {
    Reload,
    /// Go to this URL's path: the page just saved (`--navigate`).
    Navigate(String),
    Css(String),
    Broken(String),
    /// The warnings of a change that does not reload the tab (`warnings_text`; empty clears them).
    Warnings(Arc<str>),
}

impl Tab {
    /// The event a status sends this tab, if any, with the change's number as its id: a tab
    /// that reloads or goes to another page names it when it connects again (`since`).
    fn event(&mut self, status: Status) -> Option<Event> {
        let edit = status.edit();
        let event = match self.told(status)? {
            Told::Reload => reload(),
            Told::Navigate(url) => Event::default().event("navigate").data(url),
            Told::Css(url) => Event::default().event("css").data(url),
            Told::Broken(text) => Event::default().event("broken").data(text),
            Told::Warnings(text) => warnings_event(&text),
        };
        Some(match edit {
            Some(edit) => event.id(edit.to_string()),
            None => event,
        })
    }

    /// What a status tells this tab, if anything.
    fn told(&mut self, status: Status) -> Option<Told> {
        match status {
            Status::Started => None,
            Status::Reload { edit, first, rest, done, warnings, goto } => {
                // A tab on another page goes to the one saved; the one on it reloads.
                if let Some(goto) =
                    goto.filter(|goto| done && self.page.as_deref() != Some(goto.page.as_str()))
                {
                    return Some(Told::Navigate(goto.url.clone()));
                }
                if self.reloads(edit, &first, &rest, done) {
                    Some(Told::Reload)
                } else {
                    done.then_some(Told::Warnings(warnings))
                }
            }
            Status::Css(_, url) => Some(Told::Css(url)),
            Status::Broken(_, text) => Some(Told::Broken(text)),
        }
    }

    /// Whether change `edit` reloads this tab: its edited pages (`first`) while it is under way,
    /// once done the pages written after them (`rest`), or the edited pages if the tab did not
    /// hear of them in time.
    fn reloads(&mut self, edit: u64, first: &Pages, rest: &Pages, done: bool) -> bool {
        let Some(page) = self.page.as_deref() else { return done };
        if !done {
            let now = first.contains(page);
            if now {
                self.fresh = Some(edit);
            }
            return now;
        }
        rest.contains(page) || (first.contains(page) && self.fresh != Some(edit))
    }
}

/// The `warnings` event: their count on the first line, then the warnings as the terminal
/// printed them; `0` when there are none (an event without data is never dispatched to the
/// page, so an empty one would leave a tab showing warnings that are gone).
fn warnings_event(text: &str) -> Event {
    Event::default().event("warnings").data(if text.is_empty() { "0" } else { text })
}

fn reload() -> Event {
    Event::default().event("reload").data("reload")
}

/// The one record or page a change saved (absolute, below `root`), when it saved one and nothing
/// else the site reads: no static file, template or site.toml beside it, no second document (a
/// checkout, a draft saved with it, a file saved again unchanged), though an editor's swap and
/// backup files may be (`reads` leaves them out). A document in a folder `made` by the change (a
/// new bundle, a new month's folder) counts, as the watch may see the folder and not the file;
/// the images beside it there do not, nor any other file of content/ that is not markdown (a
/// picture pasted into the note, saved with it).
fn saved_document(
    paths: &[PathBuf],
    made: &[PathBuf],
    reads: impl Fn(&Path) -> bool,
    root: &Path,
) -> Option<PathBuf> {
    let hidden = |p: &Path| p.strip_prefix(root).map_or(true, content::load::is_hidden);
    let in_made = made.iter().filter(|folder| folder.is_dir()).flat_map(|folder| {
        let entries = walkdir::WalkDir::new(folder).into_iter().filter_map(Result::ok);
        entries.map(walkdir::DirEntry::into_path).filter(|p| p.extension().is_some_and(|e| e == "md"))
    });
    // An image in a folder the change made is the new document's, seen there or not; a picture
    // pasted into a note (Obsidian saves it, then the note) goes with the note too.
    let beside = |p: &Path| {
        (made.iter().any(|folder| p.starts_with(folder)) || p.starts_with(root.join("content")))
            && p.extension().is_none_or(|e| e != "md")
    };
    let mut saved: Vec<PathBuf> = paths
        .iter()
        .cloned()
        .chain(in_made)
        .filter(|p| p.is_file() && reads(p) && !hidden(p) && !beside(p))
        .collect();
    saved.sort();
    saved.dedup();
    match &saved[..] {
        [one]
            if one.strip_prefix(root).is_ok_and(|p| p.starts_with("content"))
                && one.extension().is_some_and(|e| e == "md") =>
        {
            Some(one.clone())
        }
        _ => None,
    }
}

/// The navigation a tab connecting on `page` missed: the last change's, when it is later than the
/// change that last reloaded the tab or sent it here (`since`) and leads elsewhere. Two saves a
/// few tens of milliseconds apart send the second `navigate` while the tab loads the first one's
/// page, before it listens again. A tab that names no change (a new one) is sent nowhere.
fn missed_navigation(current: &Status, since: Option<u64>, page: Option<&str>) -> Option<(u64, String)> {
    match (current, since) {
        (Status::Reload { edit, done: true, goto: Some(goto), .. }, Some(since))
            if *edit > since && page != Some(goto.page.as_str()) =>
        {
            Some((*edit, goto.url.clone()))
        }
        _ => None,
    }
}

/// The `since` parameter of an event stream's query: the last change the tab heard of.
fn since_param(query: &str) -> Option<u64> {
    query_param(query, "since")?.parse().ok()
}

/// The `page` parameter of an event stream's query: the tab's path.
fn page_param(query: &str) -> Option<String> {
    query_param(query, "page")
}

/// The parameter `name` of a query, decoded.
fn query_param(query: &str, name: &str) -> Option<String> {
    let value = query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?;
    let value = value.replace('+', " ");
    Some(percent_encoding::percent_decode_str(&value).decode_utf8().ok()?.into_owned())
}

/// The output file a browser path shows: `/blog/records/x/` below base path `/blog/` is
/// `records/x/index.html`. `None` outside the base path.
fn page_file(base_path: &str, path: &str) -> Option<String> {
    let path = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    // The base path is percent-encoded (`/bl%C3%B6g/`, see `site::config::normalize_base_url`);
    // both are compared decoded.
    let base_path = percent_encoding::percent_decode_str(base_path).decode_utf8().ok()?;
    let rest = match path.strip_prefix(&*base_path) {
        Some(rest) => rest,
        None if path == base_path.trim_end_matches('/') => "",
        None => return None,
    };
    Some(if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() })
}

/// Starts the watcher: every settled burst of changes is applied to the session, and browsers
/// are told. Returns the debouncer, which stops watching when dropped.
fn watch_files(
    root: &Path,
    options: BuildOptions,
    mut session: Option<Session>,
    live: Arc<Live>,
    building: Arc<Mutex<()>>,
    served_path: impl Fn() -> Option<String> + Send + 'static,
) -> Result<impl Drop, notify_debouncer_full::notify::Error> {
    let (tx, rx) = std::sync::mpsc::channel();
    let again = tx.clone();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)?;
    // Watched by its real path, which notify names every change by: a root given as `../site`
    // or through a link would have them named by another path than the one they are read by.
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut watched = Watched::start(&root, &mut debouncer)?;
    // Files the site reads through a symbolic link to somewhere outside it: watched where the
    // link points (a folder linked there when serve started is watched with the site already).
    let mut links = Links::default();
    let _ = links.refresh(&root, &mut debouncer, None);
    let debouncer = Arc::new(Mutex::new(debouncer));
    let watching = Arc::downgrade(&debouncer);
    let mut generation = 0u64;
    let serving = live.base_path.clone();
    let mut told = serving.clone();
    std::thread::spawn(move || {
        // A folder newly watched through its link where it had gone is read again, as a change
        // of the link; so is a link of `back` (one that led nowhere as the change was read) that
        // leads somewhere now: its target came back before its new watch began.
        let refresh_links = |links: &mut Links, back: Vec<PathBuf>, since: std::time::SystemTime| {
            let Some(debouncer) = watching.upgrade() else { return };
            let mut debouncer = debouncer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut read = links.refresh(&root, &mut debouncer, Some(since));
            let back: Vec<PathBuf> =
                back.into_iter().filter(|link| link.exists() && !read.contains(link)).collect();
            read.extend(back);
            for link in read {
                let event = notify_debouncer_full::notify::Event::new(EventKind::Create(CreateKind::Any))
                    .add_path(link)
                    .set_info(READ_AGAIN);
                let _ = again.send(Ok(vec![DebouncedEvent::new(event, std::time::Instant::now())]));
            }
        };
        // A record renamed over a known one then saved (`mv a.md b.md`, `sed -i` on b.md):
        // a.md's removal is read as a change of its own, whether this change built or not
        // (a.md's removal may be what mends it: its alias or slug claimed by b.md now).
        let read_gone = |session: &Option<Session>| {
            let Some(session) = session.as_ref() else { return };
            let gone = session.gone();
            if !gone.is_empty() {
                let event = gone
                    .into_iter()
                    .fold(
                        notify_debouncer_full::notify::Event::new(EventKind::Remove(RemoveKind::Any)),
                        |event, path| event.add_path(path),
                    )
                    .set_info(READ_AGAIN);
                let _ = again.send(Ok(vec![DebouncedEvent::new(event, std::time::Instant::now())]));
            }
        };
        // When the last change applied was made, for `next_changes` to tell a burst.
        let mut last_made = None;
        let alive = || watching.strong_count() > 0;
        // Whether a path (as the watcher names it) is one of the site's files.
        let reads = |session: &Option<Session>, path: &Path| {
            let path = relative_to_root(&root, &options.root, path.to_path_buf());
            match session {
                Some(session) => session.reads(&path),
                // Before a first good build: what a build reads at all.
                None => path
                    .strip_prefix(&options.root)
                    .is_ok_and(|p| p == Path::new("site.toml") || site::output::input_folder(p).is_some()),
            }
        };
        // Changes that came while a failed change waited to be shown (`HALF_MADE`).
        let mut carried = Vec::new();
        // Since when failed changes have waited for the rest of their writes, and the files they
        // changed: a failure is shown at the latest `BURST_LIMIT` after the first (a watcher
        // writing into static/ every 100 ms would put it off for good), named with them.
        let mut waiting: Option<(std::time::Instant, Vec<String>)> = None;
        while let Some(events) = next_changes(&rx, &mut carried, last_made, &alive, &|p| reads(&session, p)) {
            let _building = building.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // Reading files during a rebuild makes access events; only real changes count.
            let changes: Vec<_> = events.iter().filter(|e| is_change(&e.event.kind)).collect();
            // A folder to watch is watched before the change is applied: what is saved in it from
            // now on is seen, and what was saved before is read by this change's rebuild.
            let arrived: Vec<PathBuf> = changes.iter().flat_map(|e| watched.wanted(&e.event)).collect();
            if !arrived.is_empty()
                && let Some(debouncer) = watching.upgrade()
            {
                let mut debouncer = debouncer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                for folder in arrived {
                    let _ = watched.watch(&mut debouncer, &folder);
                }
            }
            // A link made, removed or replaced, the file a linked file names saved by rename (its
            // watch then ends), or a folder made or moved in (the links in it before it was
            // watched send no event of their own): the links are looked for again once this
            // change is served.
            let relink = changes.iter().any(|e| {
                let arrived =
                    matches!(e.event.kind, EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)));
                e.event.paths.iter().any(|p| {
                    let kind = std::fs::symlink_metadata(p).map(|m| m.file_type());
                    links.known(p) || kind.is_ok_and(|k| k.is_symlink() || (k.is_dir() && arrived))
                })
            });
            let mut paths: Vec<PathBuf> =
                changes.iter().flat_map(|e| e.event.paths.iter().cloned()).collect();
            if paths.is_empty() {
                continue;
            }
            // A link's target come back, or saved where the watch of its folder saw it; or a
            // link's target gone (the removal of a linked folder itself is not always an event).
            let returned: Vec<PathBuf> = paths.iter().flat_map(|p| links.awaiting(p)).collect();
            let gone: Vec<PathBuf> = links.watched.keys().filter(|link| !link.exists()).cloned().collect();
            // A watch ends with what it watched: a folder deleted or moved away, even when another
            // is at its place before this change is seen, is watched anew.
            let removed = changes
                .iter()
                .filter(|e| {
                    e.event.kind.is_remove() || matches!(e.event.kind, EventKind::Modify(ModifyKind::Name(_)))
                })
                .flat_map(|e| &e.event.paths);
            let ended: Vec<PathBuf> =
                gone.iter().chain(removed).filter(|p| links.known(p)).cloned().collect();
            links.ended.extend(ended);
            let relink = relink || !returned.is_empty() || !gone.is_empty();
            paths.extend(returned);
            paths.extend(gone);
            // A file reached by more than one link is named by one: each of them changed.
            let aliases: Vec<PathBuf> = paths.iter().flat_map(|p| links.aliases(p)).collect();
            paths.extend(aliases);
            paths.sort();
            paths.dedup();
            let mut paths: Vec<PathBuf> =
                paths.into_iter().map(|p| relative_to_root(&root, &options.root, p)).collect();
            // A file renamed over one whose events were still waiting (`mv a.md b.md`, then
            // `sed -i` on b.md, as it saves by rename): the watcher reports the first as removed
            // ("override") and forgets the rename's source, whose page would stay. When the
            // file renamed over is no document the site had, every published document whose
            // file is gone is applied with the change. When it is one (an editor's save by
            // rename over a record is reported so too, and is the common case), they are looked
            // for once this change is served, not to delay the save's page.
            let (mut renamed_over_new, mut renamed_over_known) = (false, false);
            if let Some(session) = session.as_ref() {
                for path in changes
                    .iter()
                    .filter(|e| e.event.info() == Some(RENAMED_OVER))
                    .flat_map(|e| &e.event.paths)
                {
                    match session.page_of(&relative_to_root(&root, &options.root, path.clone())) {
                        Some(_) => renamed_over_known = true,
                        None => renamed_over_new = true,
                    }
                }
                // A markdown file the site has no page of (a record made, or moved in) may be
                // where renames that began at a known record ended within the watcher's wait
                // (`mv new.md a.md && mv a.md b.md`, `mv b.md a.md && mv a.md sub/a.md`): the
                // watcher names the end alone, and the known record's page stayed, or clashed
                // with the new one. Such a file is seldom (a day's first save), and the look is a
                // listing of each folder of documents. A saved file is looked for by halves among
                // the documents (not by a walk of every planned page), and only then on disk.
                let new_document = || {
                    paths.iter().any(|p| {
                        p.extension().is_some_and(|e| e == "md")
                            && p.strip_prefix(&options.root)
                                .is_ok_and(|r| session.model().document_at(r).is_none())
                            && p.is_file()
                    })
                };
                if renamed_over_new || new_document() {
                    paths.extend(session.gone());
                    paths.sort();
                    paths.dedup();
                }
            }
            // The links that lead nowhere as this change is read: one whose target is back by
            // the time its watch begins is read again (it came before the watch could see it).
            let dangling: Vec<PathBuf> = paths
                .iter()
                .filter(|p| {
                    !p.exists() && std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
                })
                .cloned()
                .collect();
            let edit = generation + 1;
            let started = std::time::Instant::now();
            // When this change began to be read, with a margin for file times, which the kernel
            // takes from a clock a tick behind: a file saved after it is read again where no
            // watch saw it (`Links::refresh`).
            let read_from = std::time::SystemTime::now() - Duration::from_millis(50);
            // The files a writer changed: not the folders around them, nor what the site does
            // not read (an editor's swap, backup and probe files), nor a link's target outside
            // the site (named by the link, changed with it). Folders are named when only folders
            // changed (one made, or put back), and paths gone when only they did (a folder moved
            // is named where it is now).
            let named = |tier: fn(&Path) -> bool| -> Vec<String> {
                paths
                    .iter()
                    .filter(|p| tier(p) && reads(&session, p))
                    .filter_map(|p| p.strip_prefix(&options.root).ok())
                    .filter(|p| !p.as_os_str().is_empty() && !content::load::is_hidden(p))
                    .map(site::theme::slashed)
                    .collect()
            };
            let tiers: [fn(&Path) -> bool; 3] = [Path::is_file, Path::is_dir, |p| !p.exists()];
            let mut shown = tiers.into_iter().map(named).find(|shown| !shown.is_empty()).unwrap_or_default();
            if let Some((_, before)) = &waiting {
                let new: Vec<String> = shown.into_iter().filter(|name| !before.contains(name)).collect();
                shown = before.iter().cloned().chain(new).collect();
            }
            let changed = match &shown[..] {
                [] => "the site's files".to_string(),
                [one] => one.clone(),
                [one, more @ ..] => format!("{one} and {} more", more.len()),
            };
            // Every tab shows the overlay of a failed change: the next good one reloads them all.
            // (Read now: the early news of this change replaces the last status.)
            let broken = matches!(live.last(), Status::Broken(..));
            let outcome = match session.as_mut() {
                Some(session) => {
                    // The edited pages, announced as soon as they are written (see `Tab`).
                    let live = Arc::clone(&live);
                    session.on_first_written(move |written| {
                        let first = Pages::of(written);
                        live.send(Status::Reload {
                            edit,
                            first,
                            rest: Pages::of(&[]),
                            done: false,
                            warnings: Arc::from(""),
                            goto: None,
                        });
                    });
                    match session.apply(&paths) {
                        Some(outcome) => outcome,
                        None => {
                            if relink {
                                refresh_links(&mut links, Vec::new(), read_from);
                            }
                            continue;
                        }
                    }
                }
                None => {
                    // No good build yet: try a whole build again, if the change is to what a build
                    // reads (a log file beside site.toml, written as each try fails, is not).
                    if !paths.iter().any(|p| reads(&session, p)) {
                        if relink {
                            refresh_links(&mut links, Vec::new(), read_from);
                        }
                        continue;
                    }
                    let (report, opened) = Session::open(options.clone());
                    session = opened;
                    Outcome { report, full: true, ..Outcome::default() }
                }
            };
            last_made = made_at(&events, &|p| reads(&session, p)).max().or(last_made);
            crate::release_freed_memory();
            // A link read again that changed nothing is no news.
            let read_again = changes.iter().all(|e| e.event.info() == Some(READ_AGAIN));
            if read_again
                && !outcome.failed()
                && !outcome.full
                && !broken
                && outcome.written.is_empty()
                && outcome.removed.is_empty()
            {
                if relink {
                    refresh_links(&mut links, Vec::new(), read_from);
                }
                continue;
            }
            // A change that failed is shown only if the files are quiet after it: one whose
            // file is still being written is mended by the rest of the write, most often, and
            // is applied again with it (what failed waits in the session: a content change as
            // pending, any other as a whole rebuild to come), nothing written meanwhile.
            let patient = waiting.as_ref().is_none_or(|(since, _)| since.elapsed() < BURST_LIMIT);
            if outcome.failed() && patient {
                let (more, superseded) = changes_within(&rx, HALF_MADE, &|p| reads(&session, p));
                carried.extend(more);
                if superseded {
                    let since = waiting.as_ref().map_or_else(std::time::Instant::now, |(since, _)| *since);
                    waiting = Some((since, shown));
                    if relink {
                        refresh_links(&mut links, dangling, read_from);
                    }
                    if renamed_over_known && !renamed_over_new {
                        read_gone(&session);
                    }
                    continue;
                }
            }
            waiting = None;
            generation = edit;
            diagnostics::print_text(&outcome.report);
            // Saves of files without an error wait for the one with it to be mended (as a build
            // of the folder would fail): said, since their pages stay as they were.
            if outcome.failed()
                && let Some(session) = session.as_ref()
            {
                let report = &outcome.report;
                let erring: BTreeSet<&Path> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == content::Severity::Error)
                    .map(|d| report.sources.get(d.span.file).path.as_path())
                    .collect();
                let held: Vec<String> = session
                    .held_back()
                    .map(|p| p.strip_prefix(&options.root).unwrap_or(p))
                    .filter(|p| !erring.contains(p))
                    .map(site::theme::slashed)
                    .collect();
                if !held.is_empty() {
                    errln!(
                        "held back until the error is fixed: {} ({} pages are served as they were before)",
                        held.join(", "),
                        if held.len() == 1 { "its" } else { "their" }
                    );
                }
            }
            let next = if outcome.failed() {
                // A save that broke the site says so, as one that built says `rebuilt:`.
                errln!(
                    "not rebuilt after a change to {changed}: {}",
                    if session.is_some() {
                        "the pages are served as they were, and open tabs show the error until it is fixed"
                    } else {
                        "open tabs show the error until it is fixed"
                    }
                );
                Status::Broken(edit, failure_text(&outcome.report))
            } else if let Some(url) = outcome.stylesheet.clone().filter(|_| !outcome.full) {
                status!("stylesheet changed: {url}");
                Status::Css(edit, url)
            } else {
                // What changed, what it cost, and whether it ended an error the terminal showed.
                // `rebuilt:` begins the line: `cargo xtask bench` and the browser tests wait for it.
                let what = if outcome.full {
                    format!("the whole site, {} files", outcome.report.written)
                } else {
                    format!("{} written, {} removed", outcome.written.len(), outcome.removed.len())
                };
                // The end of an error the terminal showed is said under --quiet too.
                status!(
                    keep: broken,
                    "rebuilt: {what}, in {} ms, after a change to {changed}{}",
                    started.elapsed().as_millis(),
                    if broken { "; the error is fixed" } else { "" }
                );
                let (own, others) = outcome.written.split_at(outcome.first.min(outcome.written.len()));
                let first =
                    if outcome.full || outcome.static_files || broken { Pages::All } else { Pages::of(own) };
                let readers: Vec<String> = readers_of(others).collect();
                let rest =
                    others.iter().chain(&outcome.removed).chain(&readers).filter(|p| !first.contains(p));
                // The site's warnings as they stand, not this change's alone: a tab counts them.
                let warnings = match session.as_mut() {
                    Some(session) => warnings_text(&session.warnings()),
                    None => warnings_text(&outcome.report),
                };
                live.set_warnings(Arc::clone(&warnings));
                // The page of the one document saved, when it was written (the same bytes
                // again move no tab): where `--navigate` takes the others.
                // The folders this change made (a new bundle's, a new month's), for `saved_document`.
                let made = || -> Vec<PathBuf> {
                    changes
                        .iter()
                        .filter(|e| matches!(e.event.kind, EventKind::Create(_)))
                        .flat_map(|e| e.event.paths.iter().filter(|p| p.is_dir()).cloned())
                        .map(|p| relative_to_root(&root, &options.root, p))
                        .collect()
                };
                let goto = live
                    .navigate
                    .then(|| saved_document(&paths, &made(), |p| reads(&session, p), &options.root))
                    .flatten()
                    .and_then(|saved| session.as_ref()?.page_of(&saved))
                    .filter(|page| outcome.full || outcome.written.iter().any(|w| w == page))
                    .and_then(|page| live.goto(page));
                Status::Reload { edit, rest: Pages::of(rest), first, done: true, warnings, goto }
            };
            live.send(next);
            if relink {
                refresh_links(&mut links, dangling, read_from);
            }
            if renamed_over_known && !renamed_over_new {
                read_gone(&session);
            }
            // The router serves the path it started with, and every rebuild links to it: a new
            // path in site.toml is taken up by a restart, which the writer is told once.
            // (A site.toml that does not parse names no path: the error is what it shows.)
            if !outcome.failed()
                && paths.iter().any(|p| p == &options.root.join("site.toml"))
                && let Some(path) = served_path()
                && path != told
            {
                if path != serving {
                    warning!(
                        "base_url's path in site.toml is now {path}; serve keeps the site at \
                         {serving} until it is restarted"
                    );
                }
                told = path;
            }
        }
    });
    Ok(debouncer)
}

/// What serve says when it cannot watch the site: the folder it could not watch, below the
/// root (`content/records/old`, a folder it may not read), and why.
fn watch_error(root: &Path, error: &notify_debouncer_full::notify::Error) -> String {
    use notify_debouncer_full::notify::ErrorKind;
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // (Paths compare by their parts, so `/site/./content/x` is below `/site`.)
    let what = match error.paths.first() {
        Some(path) => match path.strip_prefix(&canonical) {
            Ok(below) if !below.as_os_str().is_empty() => site::theme::slashed(below),
            _ => path.display().to_string(),
        },
        None => root.display().to_string(),
    };
    match &error.kind {
        ErrorKind::MaxFilesWatch => format!(
            "cannot watch {what}: the system's limit of watched folders is reached (raise \
             fs.inotify.max_user_watches, or serve without --watch)"
        ),
        ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            format!("cannot watch {what}: {io} (make it readable, or serve without --watch)")
        }
        ErrorKind::Io(io) => format!("cannot watch {what}: {io}"),
        ErrorKind::PathNotFound => format!("cannot watch {what}: it is gone"),
        other => format!("cannot watch {what}: {other:?}"),
    }
}

/// The next changes to apply: a settled batch of file events, with the batches queued behind it
/// (saved while the last change was applied). In a burst (a batch whose first change was made
/// within `BURST` of the last change applied: a checkout, a script saving in a loop), also those
/// that follow until the files are quiet for `SETTLE`, or for at most `BURST_LIMIT`: one rebuild
/// and one reload, not one for each save. A save made while a long rebuild ran is no burst, nor
/// is serve's own `READ_AGAIN`. `None` once the watcher is gone (`alive` says so).
fn next_changes(
    rx: &std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    carried: &mut Vec<DebouncedEvent>,
    last: Option<std::time::Instant>,
    alive: &dyn Fn() -> bool,
    reads: &dyn Fn(&Path) -> bool,
) -> Option<Vec<DebouncedEvent>> {
    use std::sync::mpsc::RecvTimeoutError;
    // The changes that came while a failed change waited (`HALF_MADE`) are the next ones.
    let mut events = if carried.is_empty() {
        loop {
            match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(Ok(events)) => break events,
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) if alive() => {}
                Err(_) => return None,
            }
        }
    } else {
        std::mem::take(carried)
    };
    let burst = is_burst(&events, last, reads);
    let until = std::time::Instant::now() + BURST_LIMIT;
    loop {
        let wait = if burst {
            SETTLE.min(until.saturating_duration_since(std::time::Instant::now()))
        } else {
            Duration::ZERO
        };
        match rx.recv_timeout(wait) {
            Ok(Ok(more)) => events.extend(more),
            Ok(Err(_)) => {}
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    // A file left empty is most often one an editor truncated and is writing again.
    let emptied = site_changes(&events, reads)
        .flat_map(|e| &e.event.paths)
        .any(|p| site_file(p, reads) && std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0));
    if emptied {
        events.extend(changes_within(rx, HALF_MADE, reads).0);
    }
    Some(events)
}

/// The events of the next `window`, and whether one of them changes a file of the site: then
/// they are returned at once, without waiting out the window.
fn changes_within(
    rx: &std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    window: Duration,
    reads: &dyn Fn(&Path) -> bool,
) -> (Vec<DebouncedEvent>, bool) {
    let until = std::time::Instant::now() + window;
    let mut events = Vec::new();
    loop {
        match rx.recv_timeout(until.saturating_duration_since(std::time::Instant::now())) {
            Ok(Ok(more)) => {
                let site =
                    more.iter().any(|e| is_change(&e.event.kind) && e.event.paths.iter().any(|p| reads(p)));
                events.extend(more);
                if site {
                    return (events, true);
                }
            }
            Ok(Err(_)) => {}
            Err(_) => return (events, false),
        }
    }
}

/// Whether `events` begin a burst: their first change to the site's files made within `BURST`
/// of the last change applied (`last`), or changes to `FILES_AT_ONCE` of them (a checkout's
/// first batch, the rest of it on its way: applied together, no half-made site is served
/// between).
fn is_burst(
    events: &[DebouncedEvent],
    last: Option<std::time::Instant>,
    reads: &dyn Fn(&Path) -> bool,
) -> bool {
    let soon = made_at(events, reads)
        .min()
        .zip(last)
        .is_some_and(|(first, last)| first.saturating_duration_since(last) < BURST);
    let files: BTreeSet<&PathBuf> =
        site_changes(events, reads).flat_map(|e| &e.event.paths).filter(|p| site_file(p, reads)).collect();
    soon || files.len() >= FILES_AT_ONCE
}

/// The events among `events` that change the site's files: files made, changed or removed (not
/// the reads of a rebuild, which come as events too, during and after it), named by a path the
/// site `reads`, not serve's own `READ_AGAIN`.
fn site_changes<'a>(
    events: &'a [DebouncedEvent],
    reads: &'a dyn Fn(&Path) -> bool,
) -> impl Iterator<Item = &'a DebouncedEvent> {
    events.iter().filter(move |e| {
        is_change(&e.event.kind)
            && e.event.info() != Some(READ_AGAIN)
            && e.event.paths.iter().any(|p| site_file(p, reads))
    })
}

/// When the writer's changes to the site's files among `events` were made (`site_changes`).
fn made_at<'a>(
    events: &'a [DebouncedEvent],
    reads: &'a dyn Fn(&Path) -> bool,
) -> impl Iterator<Item = std::time::Instant> + 'a {
    site_changes(events, reads).map(|e| e.time)
}

/// Whether `path` is one of the site's files as a save leaves it: read by the site (not an
/// editor's backup or swap file, `Session::reads`), and there: an editor's file made and
/// removed as it saves (Vim's `4913`, JetBrains' `post.md___jb_tmp___`) is gone by then.
fn site_file(path: &Path, reads: &dyn Fn(&Path) -> bool) -> bool {
    std::fs::symlink_metadata(path).is_ok() && reads(path)
}

/// Whether an event is a change of the files (not an access).
fn is_change(kind: &EventKind) -> bool {
    kind.is_create() || kind.is_modify() || kind.is_remove()
}

/// What serve watches: the root's own entries (site.toml, and the folders a build reads made,
/// removed or moved) and each folder a build reads with everything below it, not the rest of the
/// site's folder (.git, node_modules, an output), as Zola and Hugo watch theirs. A folder that
/// cannot be watched for want of permission is left out, with the folders on the way to it
/// watched one by one; it is watched once it can be read (the change of its mode is an event of
/// its parent's watch). A folder the build reads that way is the build's error meanwhile.
#[derive(Debug)]
struct Watched {
    /// The site's folder, as notify names it and the paths of its events.
    root: PathBuf,
    /// Folders watched without what is below them, on the way to one that could not be watched.
    shallow: BTreeSet<PathBuf>,
}

impl Watched {
    /// Watches the site at `root`, its real path (`fs::canonicalize`).
    fn start<W: notify_debouncer_full::notify::Watcher, C: notify_debouncer_full::FileIdCache>(
        root: &Path,
        debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
    ) -> notify_debouncer_full::notify::Result<Watched> {
        use notify_debouncer_full::notify::RecursiveMode;
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watched = Watched { root: root.to_path_buf(), shallow: BTreeSet::new() };
        for folder in site::output::INPUT_FOLDERS {
            let folder = watched.root.join(folder);
            if folder.is_dir() {
                watched.watch(debouncer, &folder)?;
            }
        }
        Ok(watched)
    }

    /// Watches the folder `dir` and everything below it, around the folders that cannot be
    /// watched. An error other than a want of permission (the system's limit of watches) ends it.
    fn watch<W: notify_debouncer_full::notify::Watcher, C: notify_debouncer_full::FileIdCache>(
        &mut self,
        debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
        dir: &Path,
    ) -> notify_debouncer_full::notify::Result<()> {
        use notify_debouncer_full::notify::{ErrorKind, RecursiveMode};
        let error = match debouncer.watch(dir, RecursiveMode::Recursive) {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        if !matches!(&error.kind, ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied) {
            return Err(error);
        }
        // notify watched the folders it walked before the one it could not, and they stay
        // watched. `dir` itself is watched once its mode changes.
        if error.paths.iter().all(|p| p == dir) {
            return Ok(());
        }
        debouncer.watch(dir, RecursiveMode::NonRecursive)?;
        self.shallow.insert(dir.to_path_buf());
        let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
        for entry in entries.flatten() {
            // A link to a folder is followed, as notify's recursive watch follows it.
            if entry.path().is_dir() {
                self.watch(debouncer, &entry.path())?;
            }
        }
        Ok(())
    }

    /// The folders among the paths of `event` to watch before the change is applied: a folder
    /// the build reads made or moved in at the root, a folder made or moved into one watched on
    /// its own, and one whose mode changed below the root (it may be readable now, having been
    /// left out, or made unreadable, as `mkdir -m 000` does, where notify could not watch it).
    /// Below a folder watched whole, notify watches what is made itself.
    fn wanted(&self, event: &notify_debouncer_full::notify::Event) -> Vec<PathBuf> {
        use notify_debouncer_full::notify::event::RenameMode;
        let root = &self.root;
        let arrived = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
        );
        let mode = matches!(event.kind, EventKind::Modify(ModifyKind::Metadata(_)));
        // A save (most events) is neither: nothing to look at on the disk.
        if !arrived && !mode {
            return Vec::new();
        }
        let read = |p: &Path| p.strip_prefix(root).ok().and_then(site::output::input_folder).is_some();
        event
            .paths
            .iter()
            .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()))
            .filter(|p| {
                let parent = p.parent().unwrap_or(p);
                (mode && read(p))
                    || (arrived && (self.shallow.contains(parent) || (parent == root && read(p))))
            })
            .cloned()
            .collect()
    }
}

/// The symbolic links in the folders a build reads (content/, templates/, themes/, static/) that
/// point outside the site, by where they are: inotify watches a folder's own entries, so a file
/// reached through a link elsewhere is watched on its own.
#[derive(Default)]
struct Links {
    /// Each link (below the canonical root): where it leads (canonical), and whether that is a
    /// folder.
    watched: Linked,
    /// Each link that leads nowhere (its target deleted, as a checkout or `rm -rf` and a copy
    /// back do): where it leads, below the nearest folder that is there, which is watched for
    /// the target's return.
    awaited: Dangling,
    /// The folders watched for those targets.
    waiting_in: BTreeSet<PathBuf>,
    /// Links whose watch ended with what it watched (their target deleted, perhaps made again
    /// since): watched anew by the next `refresh`.
    ended: BTreeSet<PathBuf>,
}

impl Links {
    /// Whether `path` is a link found the last time (not a file inside a linked folder).
    fn known(&self, path: &Path) -> bool {
        self.watched.contains_key(path)
    }

    /// The links to bring back when `path` changed outside the site: those whose target it is
    /// (made again where a link led nowhere, or saved beside a watch of the folder the target
    /// came back in), or a folder on the way to it.
    fn awaiting(&self, path: &Path) -> Vec<PathBuf> {
        // A path seen through a linked folder is where that folder is.
        let through = self
            .watched
            .iter()
            .find_map(|(link, (target, _))| Some(target.join(path.strip_prefix(link).ok()?)));
        let path = through.as_deref().unwrap_or(path);
        let awaited = self.awaited.iter().filter(|(_, (target, _))| target.starts_with(path));
        let watched = self.watched.iter().filter(|(_, (target, _))| target == path);
        awaited.map(|(link, _)| link).chain(watched.map(|(link, _)| link)).cloned().collect()
    }

    /// The other paths of the site that `path` is, through links that lead to the same place:
    /// inotify watches a file once, and names it by one of its paths only.
    fn aliases(&self, path: &Path) -> Vec<PathBuf> {
        let mut others = Vec::new();
        for (link, (target, _)) in &self.watched {
            let Ok(rest) = path.strip_prefix(link) else { continue };
            for (other, (same, _)) in &self.watched {
                if other != link && same == target {
                    others.push(if rest.as_os_str().is_empty() { other.clone() } else { other.join(rest) });
                }
            }
        }
        others
    }

    /// Looks for the links again and watches each where it points: a new one, one pointed
    /// elsewhere, and a linked file again (a save by rename ends the watch of the file it
    /// replaced); the watch of a link gone or pointed elsewhere ends. With `later` unset (as
    /// serve starts), a linked folder the site's own watch went into is watched as itself too,
    /// so that its moving away is an event; else it is when the change that called this began to
    /// be read.
    /// A link that leads nowhere has the folder its target would be in watched instead. Returns
    /// what to read again, its watch begun: a folder back through its link (a checkout filling a
    /// folder it made again), and in a folder newly linked, each file saved since `later` (the
    /// change that brought the link read the folder before its watch began).
    fn refresh<W: notify_debouncer_full::notify::Watcher, C: notify_debouncer_full::FileIdCache>(
        &mut self,
        root: &Path,
        debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
        later: Option<std::time::SystemTime>,
    ) -> Vec<PathBuf> {
        use notify_debouncer_full::notify::RecursiveMode;
        let (found, dangling) = outside_links(root);
        // The folders to watch for targets to come back, each once, watched before any watch
        // ends: a save in the gap would be seen by neither. One inside a linked folder is seen
        // through that folder's watch already (and inotify would name its changes by one path).
        let linked: Vec<&PathBuf> =
            found.values().filter(|(_, is_dir)| *is_dir).map(|(target, _)| target).collect();
        let now: BTreeSet<PathBuf> = dangling
            .values()
            .map(|(_, folder)| folder)
            .filter(|folder| !linked.iter().any(|target| folder.starts_with(target)))
            .cloned()
            .collect();
        let before = std::mem::take(&mut self.waiting_in);
        for folder in now.difference(&before) {
            let _ = debouncer.watch(folder, RecursiveMode::NonRecursive);
        }
        let mut again = Vec::new();
        for (link, (target, _)) in &self.watched {
            if found.get(link).map(|(now, _)| now) != Some(target) {
                let _ = debouncer.unwatch(link);
            }
        }
        for (link, (target, is_dir)) in &found {
            if !is_dir {
                let _ = debouncer.unwatch(link);
                let _ = debouncer.watch(link, RecursiveMode::NonRecursive);
                // A file back where its link led nowhere may have come after it was read.
                if later.is_some() && self.awaited.contains_key(link) {
                    again.push(link.clone());
                }
            } else if later.is_none() {
                // Watched with the site already, but not as itself: watched on its own too, so
                // that the folder moved or deleted away from under its link is an event.
                if leads_back(root, target).is_none() {
                    let _ = debouncer.watch(link, RecursiveMode::Recursive);
                }
            } else if self.watched.get(link).map(|(was, _)| was) != Some(target) || self.ended.contains(link)
            {
                // A folder that leads back into the site would have the site watched again
                // under its path, which inotify then names every change by.
                match leads_back(root, target) {
                    Some(through) => warning!(
                        "{} is not watched: it leads back into the site (through {}); saves under it \
                         are seen once serve is restarted",
                        link.strip_prefix(root).unwrap_or(link).display(),
                        through.display()
                    ),
                    None => {
                        // Back where it had gone: what came meanwhile is read again. (A link
                        // made to a folder that is there was read whole as it came.)
                        let back = self.awaited.contains_key(link) || self.ended.contains(link);
                        // The watch of a folder moved away names its changes by the link still:
                        // ended before the folder now there is watched.
                        if self.ended.contains(link) {
                            let _ = debouncer.unwatch(link);
                        }
                        if debouncer.watch(link, RecursiveMode::Recursive).is_ok() {
                            if back {
                                again.push(link.clone());
                            } else if let Some(since) = later {
                                again.extend(saved_since(link, since));
                            }
                        }
                    }
                }
            }
        }
        for folder in before.difference(&now) {
            let _ = debouncer.unwatch(folder);
        }
        // A target on its way back (a folder above it made, or the target itself) may have
        // come further before its new watch began, and a link found leading somewhere may lead
        // nowhere already: looked at again, link by link, once the watches are in place.
        let moved = dangling
            .iter()
            .filter(|(link, (_, folder))| awaited_target(link).is_none_or(|(_, now)| now != *folder))
            .map(|(link, _)| link)
            .chain(found.keys().filter(|link| !link.exists()));
        for link in moved {
            if !again.contains(link) {
                again.push(link.clone());
            }
        }
        self.watched = found;
        self.awaited = dangling;
        self.waiting_in = now;
        self.ended.clear();
        again
    }
}

/// Links that lead outside the site: by link, where each leads (canonical), and whether that
/// is a folder.
type Linked = std::collections::BTreeMap<PathBuf, (PathBuf, bool)>;

/// Links that lead nowhere outside the site: by link, where each leads (canonical as far as the
/// nearest folder that is there), and that folder.
type Dangling = std::collections::BTreeMap<PathBuf, (PathBuf, PathBuf)>;

/// The links below `root`'s content/, templates/, themes/ and static/ (and through linked
/// folders) that lead outside `root` (canonical), where each leads and whether it is a folder;
/// and those that lead nowhere outside it, with where they lead (below the nearest folder that is
/// there, canonical) and that folder.
fn outside_links(root: &Path) -> (Linked, Dangling) {
    let (mut found, mut dangling) = (Linked::new(), Dangling::new());
    for folder in site::output::INPUT_FOLDERS {
        let walker = walkdir::WalkDir::new(root.join(folder))
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !content::load::is_hidden_name(e.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(entry) if entry.path_is_symlink() => entry,
                Ok(_) => continue,
                Err(err) => {
                    if let Some(link) = err.path()
                        && let Some(awaited) = awaited_target(link)
                        && !awaited.0.starts_with(root)
                    {
                        dangling.insert(link.to_path_buf(), awaited);
                    }
                    continue;
                }
            };
            let Ok(target) = std::fs::canonicalize(entry.path()) else { continue };
            if !target.starts_with(root) {
                let is_dir = entry.file_type().is_dir();
                found.insert(entry.path().to_path_buf(), (target, is_dir));
            }
        }
    }
    (found, dangling)
}

/// The files below `folder` (through its link) saved at `since` or after.
fn saved_since(folder: &Path, since: std::time::SystemTime) -> Vec<PathBuf> {
    walkdir::WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.metadata().ok().and_then(|m| m.modified().ok()).is_some_and(|t| t >= since))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// For a link that leads nowhere (through any chain of links), where it leads, made canonical
/// as far as the nearest folder that is there, and that folder.
fn awaited_target(link: &Path) -> Option<(PathBuf, PathBuf)> {
    // A loop of links is never there to come back.
    let end = content::load::follow_links(link).ok()?;
    if std::fs::symlink_metadata(&end).is_ok() {
        return None;
    }
    // The nearest folder on the way that is there, and the rest of the way below it.
    let folder = end.ancestors().skip(1).find(|a| a.is_dir())?;
    let rest = end.strip_prefix(folder).ok()?;
    let canonical = std::fs::canonicalize(folder).ok()?;
    Some((canonical.join(rest), canonical))
}

/// The first link under `folder` (or `folder` itself) that leads to the site's `root` or into
/// it, or to a folder holding it.
fn leads_back(root: &Path, folder: &Path) -> Option<PathBuf> {
    let inside = |target: &Path| target.starts_with(root) || root.starts_with(target);
    if inside(folder) {
        return Some(folder.to_path_buf());
    }
    walkdir::WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(walkdir::DirEntry::path_is_symlink)
        .find(|e| std::fs::canonicalize(e.path()).is_ok_and(|target| inside(&target)))
        .map(walkdir::DirEntry::into_path)
}

/// Watch events name canonical paths; the session knows the root as given.
fn relative_to_root(canonical_root: &Path, root: &Path, path: PathBuf) -> PathBuf {
    match path.strip_prefix(canonical_root) {
        Ok(rest) => root.join(rest),
        Err(_) => path,
    }
}

/// The warnings a change printed, as a tab shows them: their count on the first line, then each
/// as the terminal shows it; empty when there are none.
fn warnings_text(report: &site::Report) -> Arc<str> {
    let (count, text) = rendered(report, content::Severity::Warning);
    if count == 0 {
        return Arc::from("");
    }
    Arc::from(format!("{count}\n{text}"))
}

/// The diagnostics of one severity as the terminal shows them, and how many there are.
fn rendered(report: &site::Report, severity: content::Severity) -> (usize, String) {
    let of = || report.diagnostics.iter().filter(move |d| d.severity == severity);
    (of().count(), of().map(|d| diagnostics::render(&report.sources, d)).collect())
}

/// The text shown in the overlay: the diagnostics as the terminal shows them.
fn failure_text(report: &site::Report) -> String {
    let (_, mut text) = rendered(report, content::Severity::Error);
    if let Some(failure) = &report.failure {
        text.push_str(&format!("error: {failure}\n"));
    }
    text
}

/// A page served while no build has succeeded yet, so the browser still gets the overlay and
/// reloads when the site is fixed.
fn write_error_page(output: &Path, text: &str, base_path: &str) {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Build failed</title></head><body data-leverage-unbuilt><h1>The site did not build</h1><pre style=\"overflow-x:auto\">{}</pre>{}</body></html>\n",
        site::pages::escape_html(text),
        live_reload_script(base_path)
    );
    let _ = std::fs::create_dir_all(output);
    // The folder is leverage's own: the build after the fix may replace it.
    let _ = std::fs::write(output.join(site::output::MARKER), "");
    let _ = std::fs::write(output.join("index.html"), &page);
    let _ = std::fs::write(output.join("404.html"), &page);
}

/// The script `serve` adds to every page it serves (and `build` never does). It listens below
/// the site's base path (`/blog/__leverage/events`), so that a proxy that forwards only the
/// site's path (`--base-url https://dev.example/blog/`) forwards it too.
fn live_reload_script(base_path: &str) -> String {
    let events_url = serde_json::to_string(&format!("{}{EVENTS_PATH}", base_path.trim_end_matches('/')))
        .unwrap_or_else(|_| format!("\"{EVENTS_PATH}\""));
    format!(
        r#"<script data-leverage-live-reload>
(() => {{
  const key = "leverage-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {{
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }}
  // The element that had the focus before a reload (its place among its parents' children),
  // which gets it back: a keyboard's place in the page is kept as the scroll is.
  const focusKey = "leverage-focus:" + location.pathname;
  const place = (element) => {{
    const steps = [];
    for (let at = element; at && at !== document.body; at = at.parentElement) {{
      if (!at.parentElement) return null;
      steps.unshift(Array.prototype.indexOf.call(at.parentElement.children, at));
    }}
    return steps.join("/");
  }};
  const focused = sessionStorage.getItem(focusKey);
  if (focused !== null) {{
    sessionStorage.removeItem(focusKey);
    addEventListener("load", () => {{
      let at = document.body;
      for (const step of focused.split("/")) at = at && at.children[Number(step)];
      if (at && at !== document.body) at.focus({{ preventScroll: true }});
    }});
  }}
  // Said to a screen reader: one live region, there from the start (one added already filled
  // is often not read), whose text changes.
  const said = document.createElement("div");
  said.setAttribute("role", "status");
  said.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
  document.body.appendChild(said);
  // Diagnostics as the terminal prints them: a message wraps, but a quoted source line and the
  // caret under it keep their lines (scrolling sideways on a narrow screen together), so that
  // the caret stays under the value it points at.
  const show = (box, text) => {{
    box.textContent = "";
    let code = null;
    for (const line of text.split("\n")) {{
      if (/^ *[0-9]* \|/.test(line)) {{
        if (code) code.append("\n" + line);
        else {{
          code = document.createElement("pre");
          // Not the theme's `pre` (a light background under light text).
          code.style.cssText = "white-space:pre;overflow-x:auto;margin:0;padding:0;border:0;font:inherit;color:inherit;background:none";
          code.textContent = line;
          box.appendChild(code);
        }}
      }} else {{
        code = null;
        const words = document.createElement("div");
        words.style.cssText = "white-space:pre-wrap;min-height:1.5em";
        words.textContent = line;
        box.appendChild(words);
      }}
    }}
  }};
  // The page under the overlay takes no focus and is read by no screen reader while it is
  // covered. What had the focus before the overlay took it gets it back when the overlay goes,
  // or after the reload the fix brings.
  let before = null;
  const cover = (box, on) => {{
    for (const element of document.body.children) {{
      if (element !== box && element !== said && element.id !== "leverage-warnings") element.inert = on;
    }}
  }};
  const overlay = (text) => {{
    let box = document.getElementById("leverage-overlay");
    if (!text) {{
      if (box) {{
        cover(box, false);
        box.remove();
        if (before && before.isConnected) before.focus({{ preventScroll: true }});
        before = null;
      }}
      return;
    }}
    if (!box) {{
      before = document.activeElement !== document.body ? document.activeElement : null;
      box = document.createElement("div");
      box.id = "leverage-overlay";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#ffd7d7;font:14px/1.5 ui-monospace,monospace;padding:2rem;outline:none";
      document.body.appendChild(box);
    }}
    // On the page served while the site has never built there is no good site to show.
    const state = document.body.hasAttribute("data-leverage-unbuilt")
      ? "the site has not built yet; it is served once the errors are fixed"
      : "the last save did not build; the page shows the last good site";
    show(box, "leverage: " + state + ".\n\n" + text);
    cover(box, true);
    box.focus({{ preventScroll: true }});
  }};
  // The last change's warnings, folded in a corner: the count, and the messages when opened.
  const warnings = (text) => {{
    let box = document.getElementById("leverage-warnings");
    if (!text || text === "0") {{ if (box) box.remove(); said.textContent = ""; return; }}
    const open = box ? box.open : false;
    if (box) box.remove();
    const [count, ...lines] = text.split("\n");
    box = document.createElement("details");
    box.id = "leverage-warnings";
    box.open = open;
    box.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(48rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;background:#3a3000;color:#ffe9a8;font:13px/1.45 ui-monospace,monospace;padding:.5rem .8rem;border-radius:6px;box-shadow:0 2px 10px rgba(0,0,0,.4)";
    const summary = document.createElement("summary");
    summary.style.cursor = "pointer";
    summary.textContent = "leverage: " + count + (count === "1" ? " warning" : " warnings");
    // Said again when the count is the same but the warnings are others: emptied first.
    said.textContent = "";
    setTimeout(() => {{ said.textContent = summary.textContent; }}, 50);
    const body = document.createElement("div");
    body.className = "leverage-warnings-text";
    body.style.marginTop = ".5rem";
    show(body, lines.join("\n"));
    box.append(summary, body);
    document.body.appendChild(box);
  }};
  // The last change this tab heard of (each event's id): a `navigate` it missed while it loaded
  // a page is sent again when it connects, and one it heard of is not.
  const seen = "leverage-seen";
  const heard = (event) => {{ if (event.lastEventId) sessionStorage.setItem(seen, event.lastEventId); }};
  // One stream a tab, while the tab is seen. A browser opens six connections at most to a host
  // over HTTP/1.1, and a stream holds one: six tabs held them all, and a seventh, or any tab's
  // reload, waited for good. A hidden tab closes its stream (and one loaded hidden opens none),
  // and when it is seen again reloads if the site changed meanwhile (the change it names is not
  // the last); a tab closes its stream before it reloads or leaves.
  let events = null;
  // The change a tab had heard of when it stopped listening, while it does not listen.
  let away = null;
  const leave = () => {{ if (events) {{ events.close(); events = null; }} }};
  const reload = () => {{
    sessionStorage.setItem(key, String(scrollY));
    const focused = document.getElementById("leverage-overlay") ? before : document.activeElement;
    const at = focused && focused !== document.body && focused.isConnected ? place(focused) : null;
    if (at) sessionStorage.setItem(focusKey, at);
    leave();
    location.reload();
  }};
  const connect = () => {{
    // Compared with the first `seen` alone: a stream that opens again later (the server
    // restarted) names the change it hears of then.
    let resumed = away;
    away = null;
    const since = sessionStorage.getItem(seen);
    events = new EventSource({events_url} + "?page=" + encodeURIComponent(location.pathname) + (since ? "&since=" + since : ""));
    events.addEventListener("seen", (event) => {{
      const missed = resumed !== null && event.lastEventId !== resumed;
      resumed = null;
      heard(event);
      if (missed) reload();
    }});
    // Any other event first: the change was heard of while listening.
    const first = () => {{ resumed = null; }};
    events.addEventListener("warnings", (event) => {{ first(); heard(event); warnings(event.data); }});
    events.addEventListener("reload", (event) => {{ first(); heard(event); reload(); }});
    // `serve --navigate`: the page of the record or page just saved.
    events.addEventListener("navigate", (event) => {{
      first();
      heard(event);
      leave();
      location.assign(event.data);
    }});
    events.addEventListener("css", (event) => {{
      first();
      heard(event);
      overlay("");
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {{
        if (/\/style\.[0-9a-f]+\.css$/.test(link.href)) link.href = event.data;
      }}
    }});
    events.addEventListener("broken", (event) => {{ first(); heard(event); overlay(event.data); }});
  }};
  const stop = () => {{
    if (events) {{ away = sessionStorage.getItem(seen) || ""; leave(); }}
  }};
  // Kept in the back/forward cache, a page that comes back is a tab seen again.
  addEventListener("pagehide", stop);
  addEventListener("pageshow", (event) => {{ if (event.persisted && !events && !document.hidden) connect(); }});
  document.addEventListener("visibilitychange", () => {{
    if (document.hidden) stop();
    else if (!events) connect();
  }});
  if (document.hidden) away = sessionStorage.getItem(seen) || "";
  else connect();
}})();
</script>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{AccessKind, Event};

    fn event(kind: EventKind, path: &str, at: std::time::Instant) -> DebouncedEvent {
        DebouncedEvent::new(Event::new(kind).add_path(PathBuf::from(path)), at)
    }

    /// A serve killed outright (`kill -9`) left its private build in the temporary folder: the
    /// next serve removes each whose lock is free, and leaves one in use, or one it cannot tell.
    #[test]
    fn the_private_builds_of_serves_that_are_gone_are_removed() {
        let temp = tempfile::tempdir().expect("a folder");
        let folder = |name: &str| {
            let path = temp.path().join(name);
            std::fs::create_dir_all(path.join("site")).expect("made");
            path
        };
        let running = folder("leverage-serve-running");
        let _held = hold(&running).expect("a lock");
        let gone = folder("leverage-serve-gone");
        std::fs::write(gone.join(HELD), "").expect("written");
        let older = folder("leverage-serve-older");
        let other = folder("other");
        std::fs::write(other.join(HELD), "").expect("written");
        let own = folder("leverage-serve-own");
        remove_left_builds(temp.path(), &own);
        assert!(running.exists() && older.exists() && other.exists() && own.exists());
        assert!(!gone.exists());
        // The lock's file is named once locked: no `.new` is left.
        assert!(running.join(HELD).exists() && !running.join(format!("{HELD}.new")).exists());
    }

    /// A burst is told by when the writer's changes to the site's files were made: the reads of
    /// a rebuild, which come as events during and after it, serve's own reading again, and the
    /// leftovers an editor makes beside the file it saves, are none of them (taken as saves,
    /// they made single saves wait for a burst to settle).
    #[test]
    fn a_burst_is_timed_by_the_writer_s_changes_alone() {
        let dir = tempfile::tempdir().expect("a folder");
        let at = |name: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, "x").expect("written");
            path.display().to_string()
        };
        let start = std::time::Instant::now();
        let later = |ms| start + Duration::from_millis(ms);
        let mut again = event(EventKind::Create(CreateKind::Any), &at("more"), later(3));
        again.event = again.event.set_info(READ_AGAIN);
        let events = [
            event(EventKind::Access(AccessKind::Any), &at("a.md"), later(1)),
            event(EventKind::Modify(ModifyKind::Any), &at("b.md"), later(5)),
            again,
            event(EventKind::Create(CreateKind::File), &at("c.md"), later(7)),
        ];
        let all = |_: &Path| true;
        assert_eq!(made_at(&events, &all).collect::<Vec<_>>(), [later(5), later(7)]);
        // Within 25 ms of the last change applied, or two of the site's files at once (a
        // checkout's first batch), is a burst; a save 30 ms later, alone, is not.
        assert!(is_burst(&events, Some(later(0)), &all));
        let alone = [event(EventKind::Modify(ModifyKind::Any), &at("b.md"), later(35))];
        assert!(!is_burst(&alone, Some(later(5)), &all));
        assert!(!is_burst(&events[1..2], None, &all));
        let checkout: Vec<DebouncedEvent> = (0..FILES_AT_ONCE)
            .map(|i| event(EventKind::Create(CreateKind::File), &at(&format!("{i}.md")), later(9)))
            .collect();
        assert!(is_burst(&checkout, None, &all));
        assert!(!is_burst(&checkout[1..], None, &all));
        // Only the site's files count.
        assert!(!is_burst(&checkout, None, &|p| !p.ends_with("1.md")));
        // A file already gone (an editor's, made and removed as it saved) is none either.
        let gone = event(
            EventKind::Create(CreateKind::File),
            &dir.path().join("gone.md").display().to_string(),
            later(9),
        );
        assert!(!is_burst(&[checkout[0].clone(), gone], None, &all));
        // Batches queued behind one are applied with it; no burst, no waiting.
        let (tx, rx) = std::sync::mpsc::channel();
        for batch in [&events[..2], &events[2..]] {
            tx.send(Ok(batch.to_vec())).expect("sent");
        }
        let got = next_changes(&rx, &mut Vec::new(), None, &|| true, &all).expect("changes");
        assert_eq!(got.len(), 4);
        // The changes carried from a failed change's wait come first, without waiting.
        let mut carried = events[1..2].to_vec();
        tx.send(Ok(events[3..].to_vec())).expect("sent");
        let got = next_changes(&rx, &mut carried, None, &|| true, &all).expect("changes");
        assert_eq!(got.len(), 2);
        assert!(carried.is_empty());
        // A file of the site left empty waits for the rest of its write, which comes with it.
        let emptied = dir.path().join("emptied.md");
        std::fs::write(&emptied, "").expect("emptied");
        let write = event(EventKind::Modify(ModifyKind::Any), &emptied.display().to_string(), later(40));
        let mut carried = vec![write.clone()];
        tx.send(Ok(vec![write])).expect("sent");
        let got = next_changes(&rx, &mut carried, None, &|| true, &all).expect("changes");
        assert_eq!(got.len(), 2, "the empty file and its write, applied together");
        // The wait ends at the first change of the site's files, not at its limit; an access,
        // or a file the site does not read, is no such change.
        tx.send(Ok(events[..1].to_vec())).expect("sent");
        tx.send(Ok(events[1..2].to_vec())).expect("sent");
        let (got, site) = changes_within(&rx, Duration::from_secs(60), &|p| !p.ends_with("a.md"));
        assert!(site && got.len() == 2, "{got:?}");
        drop(tx);
        assert!(!changes_within(&rx, Duration::from_secs(60), &all).1, "the watcher gone");
    }

    /// The files of a newly linked folder read again are those saved since the change that
    /// brought the link began to be read, through the link, at any depth.
    #[test]
    fn the_files_saved_since_a_time_are_found_through_a_link() {
        let dir = tempfile::tempdir().expect("a folder");
        let target = dir.path().join("target");
        std::fs::create_dir_all(target.join("deep")).expect("folders");
        let old = std::time::SystemTime::now() - Duration::from_secs(60);
        for name in ["old.md", "deep/old.md", "new.md", "deep/new.md"] {
            let file = std::fs::File::create(target.join(name)).expect("made");
            if name.ends_with("old.md") {
                file.set_modified(old).expect("dated");
            }
        }
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).expect("linked");
        let mut found = saved_since(&link, old + Duration::from_secs(30));
        found.sort();
        assert_eq!(found, [link.join("deep/new.md"), link.join("new.md")]);
    }

    #[test]
    fn a_folder_that_cannot_be_watched_is_named_below_the_root() {
        let dir = tempfile::tempdir().expect("a folder");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let error = notify_debouncer_full::notify::Error::io(denied)
            .add_path(dir.path().join(".").join("content/records/old"));
        let said = watch_error(dir.path(), &error);
        assert!(said.starts_with("cannot watch content/records/old: permission denied"), "{said}");
        assert!(said.ends_with("(make it readable, or serve without --watch)"), "{said}");
    }

    #[test]
    fn host_names_are_read_without_their_port() {
        let hosts = allowed_hosts("http://dev.example.org:8080/blog/");
        for (value, allowed) in [
            ("127.0.0.1:1111", true),
            ("LOCALHOST:1111", true),
            ("[::1]:1111", true),
            ("[::1]", true),
            ("app.localhost", true),
            ("localhost.:1111", true),
            ("dev.example.org:443", true),
            // Another device reaching `--interface 0.0.0.0` by this machine's address.
            ("192.168.1.20:1111", true),
            ("[fe80::1]:1111", true),
            ("127.1", false),
            ("[evil.example]", false),
            ("evil.example", false),
            ("127.0.0.1.evil.example", false),
            ("localhost.evil.example", false),
            ("", false),
        ] {
            assert_eq!(host_allowed(&hosts, &host_name(value)), allowed, "{value}");
        }
    }

    #[test]
    fn runs_of_slashes_are_one() {
        assert_eq!(collapse_slashes("//about"), "/about");
        assert_eq!(collapse_slashes("/blog///x//y/"), "/blog/x/y/");
        assert_eq!(collapse_slashes("/a/b"), "/a/b");
    }

    #[test]
    fn a_folder_is_told_below_the_base_path_only() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(dir.path().join("tags/ta")).expect("made");
        std::fs::write(dir.path().join("tags/file"), "x").expect("written");
        let guard = Guard {
            output: dir.path().to_path_buf(),
            base_path: "/blog/".to_string(),
            hosts: Vec::new(),
            missing: dir.path().join("404.html"),
        };
        assert!(guard.folder(b"/blog/tags/ta"));
        assert!(guard.folder(b"/blog/tags/ta/"));
        assert!(!guard.folder(b"/blog/tags/file"));
        assert!(!guard.folder(b"/tags/ta"), "outside the base path");
        assert!(!guard.folder(b"/blog/tags/ta/../ta"), "no climbing");
    }

    #[test]
    fn links_lead_where_a_browser_can_go() {
        let at = |text: &str| text.parse::<SocketAddr>().expect("an address");
        // Listening everywhere, links go to this machine's loopback address, never to 0.0.0.0.
        assert_eq!(served_url(at("0.0.0.0:1111"), None, "/"), "http://127.0.0.1:1111/");
        assert_eq!(served_url(at("[::]:1111"), None, "/blog/"), "http://[::1]:1111/blog/");
        assert_eq!(served_url(at("127.0.0.1:1112"), None, "/"), "http://127.0.0.1:1112/");
        assert_eq!(served_url(at("[::1]:1111"), None, "/"), "http://[::1]:1111/");
        assert_eq!(served_url(at("192.168.1.20:1111"), None, "/"), "http://192.168.1.20:1111/");
        // `--base-url`: a host gets the scheme, the port and the site's path; a URL keeps its own.
        let everywhere = at("0.0.0.0:1111");
        assert_eq!(served_url(everywhere, Some("192.168.1.20"), "/blog/"), "http://192.168.1.20:1111/blog/");
        assert_eq!(served_url(everywhere, Some("laptop.local:8080"), "/"), "http://laptop.local:8080/");
        assert_eq!(
            served_url(everywhere, Some("https://Dev.Example.org/x"), "/"),
            "https://dev.example.org:1111/x/"
        );
        assert_eq!(served_url(everywhere, Some("http://[fe80::1]"), "/"), "http://[fe80::1]:1111/");
        assert_eq!(served_url(everywhere, Some("http://[fe80::1]:9000/"), "/"), "http://[fe80::1]:9000/");
        // A proxy's default port, named, keeps the port listened on out of the links.
        assert_eq!(
            served_url(everywhere, Some("https://dev.example.org:443/"), "/"),
            "https://dev.example.org/"
        );
    }

    #[test]
    fn listening_beyond_this_machine_is_said() {
        let at = |text: &str| text.parse::<SocketAddr>().expect("an address");
        assert_eq!(exposure_warning(at("127.0.0.1:1111"), false, true), None);
        assert_eq!(exposure_warning(at("[::1]:1111"), false, false), None);
        assert_eq!(
            exposure_warning(at("0.0.0.0:1111"), false, true).as_deref(),
            Some(
                "serving on 0.0.0.0, every network interface: other machines on the network can read the site, \
                 drafts included; its links lead to this machine's loopback address, so to follow them from \
                 another device give this machine's address or name: --base-url ADDRESS (the port, 1111, is \
                 added; a name is answered only when given so)"
            )
        );
        assert_eq!(
            exposure_warning(at("0.0.0.0:1111"), true, false).as_deref(),
            Some(
                "serving on 0.0.0.0, every network interface: other machines on the network can read the site"
            )
        );
        assert_eq!(
            exposure_warning(at("192.168.1.20:1111"), false, false).as_deref(),
            Some(
                "serving on 192.168.1.20, an address other machines can reach: other machines on the network can \
                 read the site"
            )
        );
    }

    fn reload(edit: u64, first: &[&str], rest: &[&str], done: bool) -> Status {
        let pages = |p: &[&str]| Pages::Some(Arc::new(p.iter().map(|s| s.to_string()).collect()));
        Status::Reload {
            edit,
            first: pages(first),
            rest: pages(rest),
            done,
            warnings: Arc::from(""),
            goto: None,
        }
    }

    /// A whole rebuild (or the fix of a failed save) finished: every page counts.
    fn everything(edit: u64) -> Status {
        Status::Reload {
            edit,
            first: Pages::All,
            rest: Pages::of(&[]),
            done: true,
            warnings: Arc::from(""),
            goto: None,
        }
    }

    fn tab(page: Option<&str>) -> Tab {
        Tab { page: page.map(str::to_string), fresh: None }
    }

    /// Whether the tab reloads for each status in turn.
    fn reloads(tab: &mut Tab, statuses: &[Status]) -> Vec<bool> {
        statuses.iter().map(|s| tab.told(s.clone()) == Some(Told::Reload)).collect()
    }

    const RECORD: &str = "records/a/index.html";
    const HOME: &str = "index.html";

    /// A tab on the search page reloads when the index it read is written again, though the
    /// page itself is not.
    #[test]
    fn writing_the_search_index_reloads_the_search_page() {
        let written = ["records/a/index.html".to_string(), "search/index.json".to_string()];
        assert_eq!(readers_of(&written).collect::<Vec<_>>(), ["search/index.html"]);
        assert_eq!(readers_of(&written[..1]).count(), 0, "a record's page is read by no other");
    }

    /// A change saved one document when one markdown file below content/ is all it changed that
    /// the site reads, or all a folder it made holds.
    #[test]
    fn a_change_saved_one_document_when_nothing_else_the_site_reads_changed() {
        let dir = tempfile::tempdir().expect("a folder");
        let root = dir.path();
        let file = |path: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
            std::fs::write(&path, "x").expect("written");
            path
        };
        let (record, other, about) =
            (file("content/records/a.md"), file("content/records/b.md"), file("content/about.md"));
        let (image, style, config) = (file("content/records/a.png"), file("static/x.txt"), file("site.toml"));
        let (swap, backup) = (file("content/records/.a.md.swp"), file("content/records/a.md~"));
        let reads = |p: &Path| !p.to_string_lossy().ends_with('~');
        let saved = |paths: &[&PathBuf], made: &[PathBuf]| {
            let paths: Vec<PathBuf> = paths.iter().map(|p| (*p).clone()).collect();
            saved_document(&paths, made, reads, root)
        };
        assert_eq!(saved(&[&record], &[]), Some(record.clone()));
        assert_eq!(saved(&[&about], &[]), Some(about.clone()));
        assert_eq!(saved(&[&record, &swap, &backup], &[]), Some(record.clone()), "an editor's leftovers");
        let gone = root.join("content/records/old.md");
        assert_eq!(saved(&[&record, &gone], &[]), Some(record.clone()), "renamed");
        for others in [&other, &style, &config] {
            assert_eq!(saved(&[&record, others], &[]), None, "{}", others.display());
        }
        assert_eq!(saved(&[&record, &image], &[]), Some(record.clone()), "a picture pasted with it");
        assert_eq!(saved(&[&config], &[]), None);
        assert_eq!(saved(&[&image], &[]), None);
        let bundle = file("content/records/2026-03-09/index.md");
        let folder = bundle.parent().expect("a folder").to_path_buf();
        assert_eq!(saved(&[&folder], std::slice::from_ref(&folder)), Some(bundle.clone()), "a new bundle");
        let photo = file("content/records/2026-03-09/photo.jpg");
        assert_eq!(saved(&[&folder], std::slice::from_ref(&folder)), Some(bundle.clone()), "with its image");
        let seen = [&folder, &photo, &bundle];
        assert_eq!(saved(&seen, std::slice::from_ref(&folder)), Some(bundle.clone()), "seen in the folder");
        file("content/records/2026-03-09/more.md");
        assert_eq!(saved(&[&folder], std::slice::from_ref(&folder)), None, "a folder of two documents");
    }

    /// `--navigate`: once a change that saved one record or page is done, a tab on any other page
    /// goes to it, and the tab on it reloads as it would without.
    #[test]
    fn navigate_takes_the_tabs_on_other_pages_to_the_page_saved() {
        let live = Live::new("/blog/", true);
        let goto = live.goto(RECORD);
        let expected = Goto { page: RECORD.to_string(), url: "/blog/records/a/".to_string() };
        assert_eq!(goto.as_deref(), Some(&expected));
        assert_eq!(live.goto("about/index.html").map(|g| g.url.clone()).as_deref(), Some("/blog/about/"));
        assert_eq!(Live::new("/", false).goto(RECORD), None, "off unless asked for");
        let with_goto = |done| match reload(1, &[RECORD], &[HOME], done) {
            Status::Reload { edit, first, rest, done, warnings, .. } => {
                Status::Reload { edit, first, rest, done, warnings, goto: goto.clone() }
            }
            _ => unreachable!("a reload"),
        };
        for page in [Some(HOME), Some("tags/x/index.html"), None] {
            assert_eq!(
                tab(page).told(with_goto(true)),
                Some(Told::Navigate("/blog/records/a/".to_string())),
                "{page:?}"
            );
        }
        let mut on_it = tab(Some(RECORD));
        assert_eq!(on_it.told(with_goto(false)), Some(Told::Reload), "as soon as it is written");
        assert_eq!(on_it.told(with_goto(true)), Some(Told::Warnings(Arc::from(""))), "and once only");
        // Before the change is done, no tab is sent away from a page about to be written.
        assert_eq!(tab(Some(HOME)).told(with_goto(false)), None);
        // A tab that was loading the page of change 1 when change 2 sent it elsewhere goes there
        // when it connects; one that came for change 2, a new one, and the one on it stay.
        let second = with_goto(true);
        assert_eq!(
            missed_navigation(&second, Some(0), Some(HOME)),
            Some((1, "/blog/records/a/".to_string()))
        );
        assert_eq!(missed_navigation(&second, Some(1), Some(HOME)), None);
        assert_eq!(missed_navigation(&second, None, Some(HOME)), None);
        assert_eq!(missed_navigation(&second, Some(0), Some(RECORD)), None);
        assert_eq!(missed_navigation(&with_goto(false), Some(0), Some(HOME)), None, "not done");
        assert_eq!(since_param("page=%2F&since=12"), Some(12));
        assert_eq!(since_param("page=%2F&since="), None);
    }

    #[test]
    fn a_tab_on_the_edited_page_reloads_once_as_soon_as_it_is_written() {
        let change = [reload(1, &[RECORD], &[], false), reload(1, &[RECORD], &[HOME], true)];
        assert_eq!(reloads(&mut tab(Some(RECORD)), &change), [true, false]);
        // Missed the early news (too slow, or connected before it): reloads when done.
        assert_eq!(reloads(&mut tab(Some(RECORD)), &change[1..]), [true]);
    }

    #[test]
    fn a_tab_on_a_dependent_page_reloads_when_the_change_is_done() {
        let change = [reload(1, &[RECORD], &[], false), reload(1, &[RECORD], &[HOME], true)];
        assert_eq!(reloads(&mut tab(Some(HOME)), &change), [false, true]);
    }

    #[test]
    fn a_tab_loaded_after_the_edited_page_was_written_does_not_reload_again() {
        // What `events` does for a tab that connects mid-change: the current status is seen.
        let mut reloaded = tab(Some(RECORD));
        assert!(reloaded.event(reload(1, &[RECORD], &[], false)).is_some());
        let mut fresh = tab(Some(RECORD));
        fresh.event(reload(1, &[RECORD], &[], false));
        assert_eq!(reloads(&mut fresh, &[reload(1, &[RECORD], &[HOME], true)]), [false]);
        // The next change to the page reloads it again.
        assert_eq!(reloads(&mut fresh, &[reload(2, &[RECORD], &[HOME], true)]), [true]);
    }

    #[test]
    fn a_tab_on_an_untouched_page_does_not_reload() {
        let change = [reload(1, &[RECORD], &[], false), reload(1, &[RECORD], &[HOME], true)];
        assert_eq!(reloads(&mut tab(Some("about/index.html")), &change), [false, false]);
    }

    #[test]
    fn every_tab_reloads_after_a_whole_rebuild_or_a_fix() {
        let all = everything(3);
        assert_eq!(reloads(&mut tab(Some("about/index.html")), std::slice::from_ref(&all)), [true]);
        // A tab that did not say where it is reloads once per change.
        let change = [reload(1, &[RECORD], &[], false), reload(1, &[RECORD], &[HOME], true)];
        assert_eq!(reloads(&mut tab(None), &change), [false, true]);
    }

    #[test]
    fn a_tab_that_does_not_reload_is_told_the_change_s_warnings() {
        let warnings: Arc<str> = Arc::from("1\ncontent/records/a.md:3:1: warning: ...\n");
        let early = reload(1, &[RECORD], &[], false);
        let Status::Reload { edit, first, rest, .. } = reload(1, &[RECORD], &[HOME], true) else {
            unreachable!()
        };
        let done =
            Status::Reload { edit, first, rest, done: true, warnings: Arc::clone(&warnings), goto: None };
        // The edited page reloads as soon as it is written, before the change's warnings are
        // known (it reconnects to the last change's): it is told them once the change is done.
        let mut edited = tab(Some(RECORD));
        assert_eq!(edited.told(early.clone()), Some(Told::Reload));
        assert_eq!(edited.told(done.clone()), Some(Told::Warnings(Arc::clone(&warnings))));
        let mut about = tab(Some("about/index.html"));
        assert_eq!(about.told(early), None, "nothing while the change is under way");
        assert_eq!(about.told(done), Some(Told::Warnings(warnings)));
    }

    #[test]
    fn after_a_failed_save_the_fix_reloads_every_tab_once() {
        // The fix's edited page is announced first; then every page counts (each shows the
        // failure's overlay).
        let early = reload(4, &[RECORD], &[], false);
        let done = everything(4);
        let change = [early.clone(), done.clone()];
        assert_eq!(reloads(&mut tab(Some("about/index.html")), &change), [false, true]);
        assert_eq!(reloads(&mut tab(Some(RECORD)), &change[..1]), [true]);
        // The edited page's tab after its reload, connected before the change was done.
        let mut again = tab(Some(RECORD));
        again.event(early);
        assert_eq!(reloads(&mut again, &[done]), [false]);
    }

    #[test]
    fn a_browser_path_names_its_output_file() {
        assert_eq!(page_file("/", "/").as_deref(), Some("index.html"));
        assert_eq!(page_file("/", "/records/2026-02-28/").as_deref(), Some("records/2026-02-28/index.html"));
        assert_eq!(page_file("/", "/atom.xml").as_deref(), Some("atom.xml"));
        assert_eq!(page_file("/blog/", "/blog").as_deref(), Some("index.html"));
        assert_eq!(
            page_file("/blog/", "/blog/tags/edge-cases/").as_deref(),
            Some("tags/edge-cases/index.html")
        );
        assert_eq!(page_file("/blog/", "/elsewhere/"), None);
        assert_eq!(page_file("/", "/caf%C3%A9/").as_deref(), Some("café/index.html"));
        // A non-ASCII base path is kept percent-encoded; the tab's path may come either way.
        for path in ["/bl%C3%B6g/about/", "/blög/about/"] {
            assert_eq!(page_file("/bl%C3%B6g/", path).as_deref(), Some("about/index.html"), "{path}");
        }
        assert_eq!(page_param("v=1&page=%2Fblog%2Fabout%2F").as_deref(), Some("/blog/about/"));
        assert_eq!(page_param("v=1"), None);
        assert_eq!(page_param("pages=%2Fx%2F&page=%2F").as_deref(), Some("/"), "a name ends at its `=`");
    }
}
