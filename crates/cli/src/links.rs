//! `leverage check --external`: every link and image of the content that leads off the site is
//! requested, as `zola check` does, and each one that does not answer with a page is a warning at
//! every place it is used.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use content::Diagnostic;
use site::Report;
use site::audit::ExternalPlace;

/// How long one URL may take, from connecting to the end of its headers, redirects included.
const TIMEOUT: Duration = Duration::from_secs(10);

/// URLs requested at once: enough that a few slow hosts do not hold up the rest.
const AT_ONCE: usize = 8;

/// URLs of one host requested at once: a log's links are often to one forge, which answers a
/// crowd with 429 Too Many Requests.
const PER_HOST: usize = 2;

/// Redirects followed before a URL is said to loop.
const REDIRECTS: u32 = 10;

/// The longest wait a 429's `Retry-After` gets before the one retry.
const RETRY_AFTER_AT_MOST: Duration = Duration::from_secs(10);

/// What a URL answered, when it is not a page.
#[derive(Debug, PartialEq)]
enum Broken {
    /// An HTTP status other than a success, after the redirects.
    Status(u16),
    /// No answer: the host is not found, the connection is refused, a timeout, a loop of redirects.
    /// `host` says what it tells of the host's other links.
    Unreachable { why: String, host: HostSign },
    /// Not requested: an earlier link to the host got no answer (`why`).
    HostDown(String),
}

/// What a URL that could not be reached tells of its host.
#[derive(Clone, Copy, Debug, PartialEq)]
enum HostSign {
    /// Its name does not resolve, or it refuses connections: its other links need not be asked.
    Down,
    /// No answer in time: one slow page, or a host that is gone; two with no answer from the
    /// host in between are taken for the host (`Queue::done`).
    Silent,
    /// Nothing: a loop of redirects, a TLS failure, a connection closed early.
    Unknown,
}

/// What one request told of its host, for `Queue::done`.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// An answer, a page or a status.
    Answered,
    Down(String),
    Silent(String),
    Other,
}

/// Requests each external link of the report's documents, and adds a warning for each place of a
/// broken one. A URL that starts with one of site.toml's `[link_checker] skip_prefixes` is not
/// requested.
pub(crate) fn check(report: &mut Report, root: &std::path::Path) {
    let Some(model) = report.model.as_ref() else {
        status!("note: external links are checked once site.toml is mended");
        return;
    };
    let skip = Skip::new(&model.config.link_checker.skip_prefixes);
    let links: Vec<(url::Url, Vec<ExternalPlace>)> = site::audit::external_links(model, &model.documents)
        .into_iter()
        .filter(|(url, places)| !skip.skips(url.as_str(), places))
        .collect();
    if links.is_empty() {
        status!(
            "checked no external links: the content has none{}",
            if skip.is_empty() { "" } else { " to request" }
        );
        return;
    }
    let started = std::time::Instant::now();
    let results = request_all(&links);
    let mut warnings = Vec::new();
    let (mut broken, mut unreachable) = (0, 0);
    for ((_, places), problem) in links.iter().zip(results) {
        let Some(problem) = problem else { continue };
        broken += 1;
        unreachable += usize::from(!matches!(problem, Broken::Status(_)));
        for place in places {
            let url = &place.written;
            let message = match &problem {
                Broken::Status(status) => format!("external link `{url}` answered {}", status_text(*status)),
                Broken::Unreachable { why, .. } => {
                    format!("external link `{url}` could not be reached: {why}")
                }
                Broken::HostDown(why) => format!(
                    "external link `{url}` was not requested, as another link to its host could not be reached: {why}"
                ),
            };
            warnings.push(Diagnostic::warning(place.span, message));
        }
    }
    status!(
        "checked {} in {:.1} s: {} broken",
        crate::out::counted(links.len() as u64, "external link"),
        started.elapsed().as_secs_f64(),
        broken
    );
    if unreachable == links.len() && unreachable > 1 {
        status!(
            "note: none of them could be reached: is this machine offline, or does it need a proxy \
             (ALL_PROXY, HTTPS_PROXY or HTTP_PROXY, the first one set, for every link)?"
        );
    }
    report.extend(root, warnings);
}

/// What each of `links` answered, by index (`None` for a page), asked from `AT_ONCE` threads
/// through a `Queue`, a bar counting them at a terminal.
fn request_all(links: &[(url::Url, Vec<ExternalPlace>)]) -> Vec<Option<Broken>> {
    let progress = progress(links.len());
    let agent = agent();
    // A host is its name and port: a server on another port of the same machine is another.
    let hosts: Vec<String> = links
        .iter()
        .map(|(url, _)| {
            format!("{}:{}", url.host_str().unwrap_or_default(), url.port_or_known_default().unwrap_or(0))
        })
        .collect();
    let queue = Queue::new(hosts.iter().map(String::as_str).collect());
    let results: Vec<OnceLock<Option<Broken>>> = links.iter().map(|_| OnceLock::new()).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..AT_ONCE.min(links.len()))
            .map(|_| {
                scope.spawn(|| {
                    while let Some((i, down)) = queue.take() {
                        // A panic here would be a bug: the URL is then said not to be checked,
                        // and the others are.
                        let result = match down {
                            Some(why) => Some(Broken::HostDown(why)),
                            None => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                request(&agent, links[i].0.as_str())
                            }))
                            .unwrap_or_else(|_| Some(not_checked())),
                        };
                        let outcome = match &result {
                            None | Some(Broken::Status(_)) => Outcome::Answered,
                            Some(Broken::Unreachable { why, host: HostSign::Down }) => {
                                Outcome::Down(why.clone())
                            }
                            Some(Broken::Unreachable { why, host: HostSign::Silent }) => {
                                Outcome::Silent(why.clone())
                            }
                            _ => Outcome::Other,
                        };
                        queue.done(i, outcome);
                        let _ = results[i].set(result);
                        progress.inc(1);
                    }
                })
            })
            .collect();
        for worker in workers {
            let _ = worker.join();
        }
    });
    progress.finish_and_clear();
    results.into_iter().map(|result| result.into_inner().unwrap_or_else(|| Some(not_checked()))).collect()
}

/// A URL whose request panicked: a bug, said rather than passed over.
fn not_checked() -> Broken {
    Broken::Unreachable {
        why: "not checked: an internal error (please report it)".into(),
        host: HostSign::Unknown,
    }
}

/// site.toml's `skip_prefixes`, matched against a URL as written and as `url` writes it, so that
/// `https://de.wikipedia.org/wiki/Straße` skips the link written so and the one written
/// `Stra%C3%9Fe`.
struct Skip {
    prefixes: Vec<String>,
}

impl Skip {
    fn new(written: &[String]) -> Skip {
        let normal = written.iter().filter_map(|prefix| Some(url::Url::parse(prefix).ok()?.to_string()));
        Skip { prefixes: written.iter().cloned().chain(normal).collect() }
    }

    fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    fn skips(&self, url: &str, places: &[ExternalPlace]) -> bool {
        let starts = |text: &str| self.prefixes.iter().any(|prefix| text.starts_with(prefix.as_str()));
        starts(url) || places.iter().any(|place| starts(&place.written))
    }
}

/// The URLs to request, handed out in order but never more than `PER_HOST` of one host at once,
/// and the hosts found down.
struct Queue<'a> {
    hosts: Vec<&'a str>,
    state: Mutex<QueueState<'a>>,
    ready: Condvar,
}

struct QueueState<'a> {
    /// Indexes not yet handed out, in order.
    waiting: std::collections::VecDeque<usize>,
    busy: HashMap<&'a str, usize>,
    down: HashMap<&'a str, String>,
    /// Requests that got no answer in time, by host, since the host last answered one.
    silent: HashMap<&'a str, usize>,
}

impl<'a> Queue<'a> {
    fn new(hosts: Vec<&'a str>) -> Queue<'a> {
        let waiting = (0..hosts.len()).collect();
        Queue {
            hosts,
            state: Mutex::new(QueueState {
                waiting,
                busy: HashMap::new(),
                down: HashMap::new(),
                silent: HashMap::new(),
            }),
            ready: Condvar::new(),
        }
    }

    /// The next URL to request, and why its host is down when it is; `None` once all are handed
    /// out. Waits while every URL left is of a host `PER_HOST` requests are out to.
    fn take(&self) -> Option<(usize, Option<String>)> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if state.waiting.is_empty() {
                return None;
            }
            let free = state.waiting.iter().position(|&i| {
                state.down.contains_key(self.hosts[i])
                    || state.busy.get(self.hosts[i]).copied().unwrap_or(0) < PER_HOST
            });
            if let Some(position) = free {
                let i = state.waiting.remove(position)?;
                let host = self.hosts[i];
                if let Some(why) = state.down.get(host) {
                    return Some((i, Some(why.clone())));
                }
                *state.busy.entry(host).or_default() += 1;
                return Some((i, None));
            }
            state = self.ready.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// URL `i` is done; its host is down when `down` says why.
    fn done(&self, i: usize, outcome: Outcome) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let host = self.hosts[i];
        if let Some(busy) = state.busy.get_mut(host) {
            *busy = busy.saturating_sub(1);
        }
        match outcome {
            Outcome::Answered => {
                state.silent.remove(host);
            }
            Outcome::Down(why) => {
                state.down.entry(host).or_insert(why);
            }
            Outcome::Silent(why) => {
                let silent = state.silent.entry(host).or_default();
                *silent += 1;
                if *silent >= 2 {
                    state.down.entry(host).or_insert(format!("{why}, twice"));
                }
            }
            Outcome::Other => {}
        }
        self.ready.notify_all();
    }
}

/// The client. No connection is kept for another request: the bodies are not read, and a server
/// that closes a kept connection as the next request goes out made a working link look broken.
/// Certificates are checked against the system's roots, as `deploy`'s are (a company's own
/// authority, a proxy that inspects TLS), not a bundled list.
fn agent() -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::PlatformVerifier).build();
    ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .max_redirects(REDIRECTS)
        .timeout_global(Some(TIMEOUT))
        .max_idle_connections(0)
        // Browsers take headers of a few hundred KB; ureq's default is 64 KB.
        .max_response_header_size(256 * 1024)
        .user_agent(concat!("leverage/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into()
}

/// `None` when `url` answers with a page (a success after any redirects); what went wrong
/// otherwise. A GET, not a HEAD: some servers answer HEAD with 404 or 405 for pages that exist.
/// The body is not read. A connection closed before the answer is tried once more, and so is a
/// 429 Too Many Requests, after its `Retry-After` (at most 10 s).
fn request(agent: &ureq::Agent, url: &str) -> Option<Broken> {
    let get = || agent.get(url).header("Accept", "text/html,*/*;q=0.8").call();
    let mut answer = get();
    match &answer {
        Ok(response) if response.status().as_u16() == 429 => {
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok())
                .map_or(Duration::from_secs(2), Duration::from_secs);
            std::thread::sleep(wait.min(RETRY_AFTER_AT_MOST));
            answer = get();
        }
        Err(ureq::Error::Io(e)) if closed_early(e.kind()) => answer = get(),
        _ => {}
    }
    match answer {
        Ok(response) if response.status().is_success() => None,
        Ok(response) => Some(Broken::Status(response.status().as_u16())),
        Err(e) => Some(unreachable(&e)),
    }
}

fn closed_early(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
    matches!(kind, ConnectionReset | ConnectionAborted | UnexpectedEof | BrokenPipe)
}

/// Why a URL could not be reached, in plain words where ureq's are a program's, as the
/// `Broken` it is.
fn unreachable(error: &ureq::Error) -> Broken {
    let host_down = |why: String| Broken::Unreachable { why, host: HostSign::Down };
    let broken = |why: String| Broken::Unreachable { why, host: HostSign::Unknown };
    let no_name = "its host name did not resolve";
    match error {
        ureq::Error::TooManyRedirects => broken(format!("more than {REDIRECTS} redirects, a loop")),
        ureq::Error::Timeout(_) => Broken::Unreachable {
            why: format!("no answer in {} s", TIMEOUT.as_secs()),
            host: HostSign::Silent,
        },
        ureq::Error::HostNotFound => host_down(no_name.to_string()),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            host_down("the connection was refused".to_string())
        }
        ureq::Error::Io(e) if closed_early(e.kind()) => {
            broken("the connection was closed before an answer".to_string())
        }
        // `failed to lookup address information: Name or service not known`.
        ureq::Error::Io(e) if e.to_string().contains("lookup") => host_down(format!("{no_name} ({e})")),
        // rustls's errors come as invalid data: `invalid peer certificate: UnknownIssuer`.
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            broken(format!("its TLS (https) failed: {e}"))
        }
        ureq::Error::Io(e) => broken(e.to_string()),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::TlsRequired => {
            broken(format!("its TLS (https) failed: {error}"))
        }
        _ => broken(error.to_string()),
    }
}

/// `404 Not Found`, `999` (a status with no standard reason).
fn status_text(status: u16) -> String {
    match ureq::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()) {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

/// A bar counting the URLs requested, at a terminal only.
fn progress(len: usize) -> indicatif::ProgressBar {
    if !crate::out::draws_progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} external links") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_written_with_its_reason() {
        assert_eq!(status_text(404), "404 Not Found");
        assert_eq!(status_text(999), "999");
    }

    #[test]
    fn a_prefix_skips_a_url_as_written_and_as_normalised() {
        let skip =
            Skip::new(&["https://de.wikipedia.org/wiki/Straße".to_string(), "HTTP://X.org/a".to_string()]);
        let place = |written: &str| {
            vec![ExternalPlace {
                span: content::Span::file_start(content::FileId(0)),
                written: written.to_string(),
            }]
        };
        let normal = "https://de.wikipedia.org/wiki/Stra%C3%9Fe_1";
        assert!(skip.skips(normal, &place(normal)), "the prefix normalised");
        assert!(
            skip.skips("http://x.org/ab", &place("HTTP://X.org/ab")),
            "the prefix as written, normalised"
        );
        // A scheme-relative prefix is no URL: it matches the links written so.
        let skip = Skip::new(&["//cdn.x.org/".to_string()]);
        assert!(skip.skips("https://cdn.x.org/i.png", &place("//cdn.x.org/i.png")), "as written");
        assert!(!skip.skips("https://cdn.x.org/i.png", &place("https://cdn.x.org/i.png")));
        assert!(
            !skip.skips("https://de.wikipedia.org/wiki/Other", &place("https://de.wikipedia.org/wiki/Other"))
        );
    }

    /// A host is down for its other links when its name does not resolve or it refuses; a
    /// timeout may be one slow page's.
    #[test]
    fn a_refusal_is_the_host_s_and_a_timeout_a_sign() {
        let sign = |error: ureq::Error| match unreachable(&error) {
            Broken::Unreachable { host, .. } => host,
            other => panic!("{other:?}"),
        };
        assert_eq!(sign(ureq::Error::Timeout(ureq::Timeout::Global)), HostSign::Silent);
        assert_eq!(sign(ureq::Error::TooManyRedirects), HostSign::Unknown);
        assert_eq!(sign(ureq::Error::HostNotFound), HostSign::Down);
        assert_eq!(sign(ureq::Error::Io(std::io::ErrorKind::ConnectionRefused.into())), HostSign::Down);
        assert_eq!(sign(ureq::Error::Io(std::io::ErrorKind::ConnectionReset.into())), HostSign::Unknown);
    }

    /// No more than `PER_HOST` of one host at once; a host found down is said for the rest.
    #[test]
    fn the_queue_spreads_hosts_and_passes_on_a_host_found_down() {
        let queue = Queue::new(vec!["a", "a", "a", "b"]);
        assert_eq!(queue.take(), Some((0, None)));
        assert_eq!(queue.take(), Some((1, None)));
        assert_eq!(queue.take(), Some((3, None)), "`a` has two out: `b` goes first");
        queue.done(0, Outcome::Down("the connection was refused".into()));
        assert_eq!(queue.take(), Some((2, Some("the connection was refused".into()))));
        assert_eq!(queue.take(), None);
    }

    /// Two requests of a host with no answer in time, and none answered between them: the host
    /// is taken to be gone. An answer in between clears the count.
    #[test]
    fn two_silences_in_a_row_take_the_host_for_gone() {
        let queue = Queue::new(vec!["a"; 6]);
        let silent = || Outcome::Silent("no answer in 10 s".into());
        let (first, _) = queue.take().expect("a URL");
        queue.done(first, silent());
        let (second, _) = queue.take().expect("a URL");
        queue.done(second, Outcome::Answered);
        let (third, _) = queue.take().expect("a URL");
        queue.done(third, silent());
        assert_eq!(queue.take(), Some((3, None)), "one silence since the last answer");
        queue.done(3, silent());
        assert_eq!(queue.take(), Some((4, Some("no answer in 10 s, twice".into()))));
    }
}
