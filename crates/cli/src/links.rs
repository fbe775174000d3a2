//! `leverage check --external`: every link and image of the content that leads off the site is
//! requested, as `zola check` does, and each one that does not answer with a page is a warning at
//! every place it is written.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use content::{Diagnostic, Span};
use site::Report;

/// How long one URL may take, from connecting to the end of its headers, redirects included.
const TIMEOUT: Duration = Duration::from_secs(10);

/// URLs requested at once: enough that a few slow hosts do not hold up the rest.
const AT_ONCE: usize = 8;

/// Redirects followed before a URL is said to loop.
const REDIRECTS: u32 = 10;

/// What a URL answered, when it is not a page.
#[derive(Debug, PartialEq)]
enum Broken {
    /// An HTTP status other than a success, after the redirects.
    Status(u16),
    /// No answer: the host is not found, the connection is refused, a timeout, a loop of redirects.
    Unreachable(String),
}

/// Requests each external link of the report's documents, and adds a warning for each place of a
/// broken one. A URL that starts with one of site.toml's `[link_checker] skip_prefixes` is not
/// requested.
pub(crate) fn check(report: &mut Report, root: &std::path::Path) {
    let Some(model) = report.model.as_ref() else { return };
    let skip = &model.config.link_checker.skip_prefixes;
    let links: Vec<(String, Vec<Span>)> = site::audit::external_links(model, &model.documents)
        .into_iter()
        .filter(|(url, _)| !skip.iter().any(|prefix| url.starts_with(prefix.as_str())))
        .collect();
    if links.is_empty() {
        status!(
            "checked no external links: the content has none{}",
            if skip.is_empty() { "" } else { " to request" }
        );
        return;
    }
    let started = std::time::Instant::now();
    let progress = progress(links.len());
    let agent = agent();
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, Option<Broken>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..AT_ONCE.min(links.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((url, _)) = links.get(i) else { break };
                        done.push((i, request(&agent, url)));
                        progress.inc(1);
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap_or_default()).collect()
    });
    progress.finish_and_clear();
    results.sort_by_key(|(i, _)| *i);
    let mut warnings = Vec::new();
    let (mut broken, mut unreachable) = (0, 0);
    for (i, result) in results {
        let Some(problem) = result else { continue };
        broken += 1;
        unreachable += usize::from(matches!(problem, Broken::Unreachable(_)));
        let (url, spans) = &links[i];
        let message = match problem {
            Broken::Status(status) => format!("external link `{url}` answered {}", status_text(status)),
            Broken::Unreachable(reason) => format!("external link `{url}` could not be reached: {reason}"),
        };
        warnings.extend(spans.iter().map(|span| Diagnostic::warning(*span, message.clone())));
    }
    status!(
        "checked {} in {:.1} s: {} broken",
        crate::out::counted(links.len() as u64, "external link"),
        started.elapsed().as_secs_f64(),
        broken
    );
    if unreachable == links.len() && unreachable > 1 {
        status!(
            "note: none of them could be reached: is this machine offline, or behind a proxy it was not told of?"
        );
    }
    report.extend(root, warnings);
}

/// The client: the same for every URL, so that links to one host share its connections.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(REDIRECTS)
        .timeout_global(Some(TIMEOUT))
        .user_agent(concat!("leverage/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into()
}

/// `None` when `url` answers with a page (a success after any redirects); what went wrong
/// otherwise. A GET, not a HEAD: some servers answer HEAD with 404 or 405 for pages that exist.
/// The body is not read.
fn request(agent: &ureq::Agent, url: &str) -> Option<Broken> {
    match agent.get(url).header("Accept", "text/html,*/*;q=0.8").call() {
        Ok(response) if response.status().is_success() => None,
        Ok(response) => Some(Broken::Status(response.status().as_u16())),
        Err(ureq::Error::StatusCode(status)) => Some(Broken::Status(status)),
        Err(ureq::Error::TooManyRedirects) => {
            Some(Broken::Unreachable(format!("more than {REDIRECTS} redirects, a loop")))
        }
        Err(ureq::Error::Timeout(_)) => {
            Some(Broken::Unreachable(format!("no answer in {} s", TIMEOUT.as_secs())))
        }
        Err(ureq::Error::HostNotFound) => Some(Broken::Unreachable("the host is not found".to_string())),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            Some(Broken::Unreachable("the connection was refused".to_string()))
        }
        // `failed to lookup address information: Name or service not known`, without `io: `.
        Err(ureq::Error::Io(e)) => Some(Broken::Unreachable(e.to_string())),
        Err(e) => Some(Broken::Unreachable(e.to_string())),
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
    if !crate::deploy::draws_progress() {
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
    #[test]
    fn a_status_is_written_with_its_reason() {
        assert_eq!(super::status_text(404), "404 Not Found");
        assert_eq!(super::status_text(999), "999");
    }
}
