//! `leverage serve`: builds into a private folder, serves it on loopback, and with `--watch`
//! rebuilds what changed on every save and reloads open browsers.
//!
//! HTTP is axum with tower-http's `ServeDir` (content types, index.html for folders, the site's
//! 404 page with status 404, no listings, no traversal, HEAD and conditional requests). Changes
//! come from notify through notify-debouncer-full (editors that save by rename, bulk checkouts).
//! Rebuilds are `site::Session`'s. Browsers hear of them over server-sent events: `reload` (the
//! page reloads, keeping its scroll position), `css` (the stylesheet is swapped in place) and
//! `broken` (an overlay shows the error; the last good site is still served).

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use site::{BuildOptions, Outcome, Session};
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::diagnostics;

/// How long the watcher waits for a burst of file events to settle.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The first port tried when none is given.
const DEFAULT_PORT: u16 = 1111;

/// Where the live-reload events are served, outside any site's paths.
const EVENTS_PATH: &str = "/__leverage/events";

/// What browsers are told after each change.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    /// Nothing happened yet since this server started.
    Started,
    /// The site was rebuilt: reload (the counter makes every rebuild a new value).
    Reload(u64),
    /// Only the stylesheet changed: swap it for this URL.
    Css(u64, String),
    /// The last change failed: show this text over the page.
    Broken(u64, String),
}

/// The settings of one `serve` run.
#[derive(Debug)]
pub(crate) struct ServeArgs {
    pub(crate) root: PathBuf,
    pub(crate) interface: IpAddr,
    pub(crate) port: Option<u16>,
    pub(crate) watch: bool,
    pub(crate) open: bool,
    pub(crate) drafts: bool,
}

/// Runs `serve` until Ctrl-C.
pub(crate) fn run(args: ServeArgs) -> ExitCode {
    let listener = match bind(args.interface, args.port) {
        Ok(listener) => listener,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let address = listener.local_addr().expect("a bound listener has an address");
    if args.port.is_none() && address.port() != DEFAULT_PORT {
        eprintln!("port {DEFAULT_PORT} is busy; serving on port {} instead", address.port());
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::from(1);
        }
    };
    // From here on a stop signal ends serve cleanly, on Unix even during the first build (which
    // runs to its end first): the private build folder is removed either way.
    let mut stop = {
        let _entered = runtime.enter();
        Box::pin(stop_signals())
    };
    let base_path = site::config::base_path(&args.root);
    let host = match address.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}{base_path}", address.port());
    let private = match tempfile::Builder::new().prefix("leverage-serve-").tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: cannot create a private folder to build into: {e}");
            return ExitCode::from(1);
        }
    };
    let output = private.path().join("site");
    let options = BuildOptions {
        root: args.root.clone(),
        output_dir: Some(output.clone()),
        base_url: Some(url.clone()),
        drafts: args.drafts,
        inject: Some(live_reload_script()),
    };
    let (status_tx, status_rx) = watch::channel(Status::Started);
    let (report, session) = Session::open(options.clone());
    crate::release_freed_memory();
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
    if session.is_none() {
        let text = failure_text(&report);
        write_error_page(&output, &text);
        let _ = status_tx.send(Status::Broken(0, text));
    }
    let _watcher = if args.watch {
        match watch_files(&args.root, options, session, status_tx) {
            Ok(watcher) => Some(watcher),
            Err(e) => {
                eprintln!("error: cannot watch {}: {e}", args.root.display());
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    eprintln!("serving {url} from a private build in {} (press Ctrl-C to stop)", output.display());
    if args.watch {
        eprintln!("watching {} for changes", args.root.display());
    }
    if args.open && webbrowser::open(&url).is_err() {
        eprintln!("warning: could not open a browser; visit {url}");
    }
    let app = router(&output, &base_path, status_rx);
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
    drop(private);
    match served {
        Ok(()) => {
            say_stopped();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            ExitCode::from(1)
        }
    }
}

/// Says that serve stopped. Not `eprintln!`: after SIGHUP the terminal may be gone, and a failed
/// write must not turn a clean stop into a panic.
fn say_stopped() {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "stopped");
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
fn stop_signals() -> impl std::future::Future<Output = ()> + Send + 'static {
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
fn stop_signals() -> impl std::future::Future<Output = ()> + Send + 'static {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The routes: the site under its base path, the event stream, and a redirect from `/` to the
/// base path when the site lives below one.
fn router(output: &Path, base_path: &str, status: watch::Receiver<Status>) -> Router {
    let files = ServeDir::new(output).not_found_service(ServeFile::new(output.join("404.html")));
    // `no-store`, not `no-cache`: a browser revalidating with If-Modified-Since would be told
    // "not modified" for a second save within the same second (Last-Modified has one-second
    // resolution) and show the old page. Clients that send conditional requests still get 304s.
    let no_cache =
        SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let mut app = Router::new().route(EVENTS_PATH, get(events)).with_state(Arc::new(status));
    if base_path == "/" {
        app = app.fallback_service(files);
    } else {
        let base = base_path.to_string();
        app = app
            .route("/", get(move || async move { Redirect::temporary(&base) }))
            .nest_service(base_path.trim_end_matches('/'), files.clone())
            .fallback_service(files);
    }
    app.layer(no_cache)
}

/// The server-sent events of one browser tab: the current failure if there is one (a new tab must
/// not reload for a rebuild that happened before it connected), then every change.
async fn events(State(status): State<Arc<watch::Receiver<Status>>>) -> impl IntoResponse {
    let mut receiver = (*status).clone();
    // A clone has seen only what the shared receiver saw (nothing): mark the current value as
    // seen, or the stream below would replay the last rebuild and the page would reload forever.
    let current = receiver.borrow_and_update().clone();
    let replay = matches!(current, Status::Broken(..)).then_some(current).and_then(event);
    let stream = tokio_stream::iter(replay).chain(WatchStream::from_changes(receiver).filter_map(event));
    Sse::new(stream.map(Ok::<_, std::convert::Infallible>)).keep_alive(KeepAlive::default())
}

/// The event a status sends, if any.
fn event(status: Status) -> Option<Event> {
    Some(match status {
        Status::Started => return None,
        Status::Reload(_) => Event::default().event("reload").data("reload"),
        Status::Css(_, url) => Event::default().event("css").data(url),
        Status::Broken(_, text) => Event::default().event("broken").data(text),
    })
}

/// Starts the watcher: every settled burst of changes is applied to the session, and browsers
/// are told. Returns the debouncer, which stops watching when dropped.
fn watch_files(
    root: &Path,
    options: BuildOptions,
    mut session: Option<Session>,
    status: watch::Sender<Status>,
) -> Result<impl Drop, notify_debouncer_full::notify::Error> {
    use notify_debouncer_full::notify::RecursiveMode;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)?;
    debouncer.watch(root, RecursiveMode::Recursive)?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut generation = 0u64;
    std::thread::spawn(move || {
        for result in rx {
            let Ok(events) = result else { continue };
            // Reading files during a rebuild makes access events; only real changes count.
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| e.event.kind.is_create() || e.event.kind.is_modify() || e.event.kind.is_remove())
                .flat_map(|e| e.event.paths.iter().cloned())
                .collect();
            if paths.is_empty() {
                continue;
            }
            paths.sort();
            paths.dedup();
            let paths: Vec<PathBuf> =
                paths.into_iter().map(|p| relative_to_root(&root, &options.root, p)).collect();
            let outcome = match session.as_mut() {
                Some(session) => match session.apply(&paths) {
                    Some(outcome) => outcome,
                    None => continue,
                },
                None => {
                    // No good build yet: try a whole build again.
                    let (report, opened) = Session::open(options.clone());
                    session = opened;
                    Outcome { report, full: true, ..Outcome::default() }
                }
            };
            crate::release_freed_memory();
            generation += 1;
            diagnostics::print_text(&outcome.report);
            let next = if outcome.failed() {
                Status::Broken(generation, failure_text(&outcome.report))
            } else if let Some(url) = outcome.stylesheet.clone().filter(|_| !outcome.full) {
                eprintln!("stylesheet changed: {url}");
                Status::Css(generation, url)
            } else {
                eprintln!("rebuilt: {} written, {} removed", outcome.written.len(), outcome.removed.len());
                Status::Reload(generation)
            };
            let _ = status.send(next);
        }
    });
    Ok(debouncer)
}

/// Watch events name canonical paths; the session knows the root as given.
fn relative_to_root(canonical_root: &Path, root: &Path, path: PathBuf) -> PathBuf {
    match path.strip_prefix(canonical_root) {
        Ok(rest) => root.join(rest),
        Err(_) => path,
    }
}

/// The text shown in the overlay: the diagnostics as the terminal shows them.
fn failure_text(report: &site::Report) -> String {
    let mut text: String = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == content::Severity::Error)
        .map(|d| diagnostics::render(&report.sources, d))
        .collect();
    if let Some(failure) = &report.failure {
        text.push_str(&format!("error: {failure}\n"));
    }
    text
}

/// A page served while no build has succeeded yet, so the browser still gets the overlay and
/// reloads when the site is fixed.
fn write_error_page(output: &Path, text: &str) {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site did not build</h1><pre>{}</pre>{}</body></html>\n",
        site::pages::escape_html(text),
        live_reload_script()
    );
    let _ = std::fs::create_dir_all(output);
    let _ = std::fs::write(output.join("index.html"), &page);
    let _ = std::fs::write(output.join("404.html"), &page);
}

/// The script `serve` adds to every page it serves (and `build` never does).
fn live_reload_script() -> String {
    format!(
        r#"<script data-leverage-live-reload>
(() => {{
  const key = "leverage-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {{
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }}
  const overlay = (text) => {{
    let box = document.getElementById("leverage-overlay");
    if (!text) {{ if (box) box.remove(); return; }}
    if (!box) {{
      box = document.createElement("div");
      box.id = "leverage-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#ffd7d7;font:14px/1.5 ui-monospace,monospace;padding:2rem;white-space:pre-wrap";
      document.body.appendChild(box);
    }}
    box.textContent = "leverage: the last save did not build; the page shows the last good site.\n\n" + text;
  }};
  const events = new EventSource("{EVENTS_PATH}");
  events.addEventListener("reload", () => {{
    sessionStorage.setItem(key, String(scrollY));
    location.reload();
  }});
  events.addEventListener("css", (event) => {{
    overlay("");
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {{
      if (/\/style\.[0-9a-f]+\.css$/.test(link.href)) link.href = event.data;
    }}
  }});
  events.addEventListener("broken", (event) => overlay(event.data));
}})();
</script>
"#
    )
}
