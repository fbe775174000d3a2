//! Audit: compares every figure a writer stated with the one computed, and reports differences
//! as warnings at the stated cell ("stated 300x, computed 30x").
//!
//! A stated figure is compared at the precision it was written; one that cannot be computed (a
//! supervisory factor on a task without supervisory time) is shown as written and is no mismatch.

use content::aggregate_table::{MetricKind, StatedMetric};
use content::{Diagnostic, Task};
use math::{Totals, WorkWeek, display};

/// The computed value of a metric in its own unit (count, hours, minutes, tokens, factor, weeks),
/// or `None` when it cannot be computed.
pub fn metric_value(kind: MetricKind, totals: &Totals, week: &WorkWeek) -> Option<f64> {
    Some(match kind {
        MetricKind::Tasks => totals.tasks as f64,
        MetricKind::HumanHours => totals.human.hours(),
        MetricKind::AiMinutes => totals.ai.get(),
        MetricKind::SupervisoryMinutes => totals.supervisory_minutes()?.get(),
        MetricKind::Tokens => totals.tokens()?.count as f64,
        MetricKind::WeightedLeverage => totals.weighted_leverage()?.get(),
        MetricKind::WeightedSupervisoryLeverage => totals.weighted_supervisory_leverage()?.get(),
        MetricKind::HumanWeeks => totals.human_weeks(week),
    })
}

/// The computed value of a metric as shown on pages.
pub fn metric_display(kind: MetricKind, totals: &Totals, week: &WorkWeek) -> Option<String> {
    Some(match kind {
        MetricKind::Tasks => totals.tasks.to_string(),
        MetricKind::HumanHours => display::hours(totals.human),
        MetricKind::AiMinutes => display::minutes(totals.ai),
        MetricKind::SupervisoryMinutes => display::minutes(totals.supervisory_minutes()?),
        MetricKind::Tokens => display::tokens(totals.tokens()?),
        MetricKind::WeightedLeverage => display::leverage(totals.weighted_leverage()?),
        MetricKind::WeightedSupervisoryLeverage => display::leverage(totals.weighted_supervisory_leverage()?),
        MetricKind::HumanWeeks => display::decimal(totals.human_weeks(week), 2),
    })
}

/// Whether a stated metric disagrees with the computed totals.
pub fn metric_mismatch(metric: &StatedMetric, totals: &Totals, week: &WorkWeek) -> bool {
    let (Some(kind), Some(figure)) = (metric.kind, metric.figure) else { return false };
    metric_value(kind, totals, week).is_some_and(|computed| !figure.matches(computed))
}

/// The stated leverage of a task, when it disagrees with the computed one.
pub fn leverage_mismatch(task: &Task) -> bool {
    task.stated_leverage.as_ref().is_some_and(|s| !s.value.matches(task.figures.leverage().get()))
}

/// The stated supervisory leverage, when it disagrees with a computed one.
pub fn supervisory_mismatch(task: &Task) -> bool {
    match (&task.stated_supervisory_leverage, task.figures.supervisory_leverage()) {
        (Some(stated), Some(computed)) => !stated.value.matches(computed.get()),
        _ => false,
    }
}

/// Computed human-equivalent weeks of a task.
pub fn task_weeks(task: &Task, week: &WorkWeek) -> f64 {
    task.figures.human().per(week.week_minutes())
}

/// The stated weeks, when they disagree with the computed ones.
pub fn weeks_mismatch(task: &Task, week: &WorkWeek) -> bool {
    task.stated_weeks.as_ref().is_some_and(|s| !s.value.matches(task_weeks(task, week)))
}

/// Warnings for every stated figure of these tasks and metrics that disagrees with the
/// computed one.
pub fn check<'a>(
    tasks: impl IntoIterator<Item = &'a Task>,
    metrics: impl IntoIterator<Item = &'a StatedMetric>,
    totals: &Totals,
    week: &WorkWeek,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for task in tasks {
        if let Some(stated) = task.stated_leverage.as_ref().filter(|_| leverage_mismatch(task)) {
            out.push(Diagnostic::warning(
                stated.span,
                format!(
                    "stated {}, computed {}",
                    written(stated.value, "x"),
                    display::leverage(task.figures.leverage())
                ),
            ));
        }
        if let (Some(stated), Some(computed)) =
            (&task.stated_supervisory_leverage, task.figures.supervisory_leverage())
            && supervisory_mismatch(task)
        {
            out.push(Diagnostic::warning(
                stated.span,
                format!(
                    "stated supervisory {}, computed {}",
                    written(stated.value, "x"),
                    display::leverage(computed)
                ),
            ));
        }
        if let Some(stated) = task.stated_weeks.as_ref().filter(|_| weeks_mismatch(task, week)) {
            out.push(Diagnostic::warning(
                stated.span,
                format!(
                    "stated {} weeks, computed {} weeks",
                    written(stated.value, ""),
                    display::decimal(task_weeks(task, week), 2)
                ),
            ));
        }
    }
    for metric in metrics {
        if metric_mismatch(metric, totals, week) {
            let kind = metric.kind.expect("a mismatch has a kind");
            let computed = metric_display(kind, totals, week).unwrap_or_default();
            out.push(Diagnostic::warning(
                metric.value.span,
                format!(
                    "stated {} for `{}`, computed {computed}",
                    metric.value.value.trim(),
                    metric.name.value.trim()
                ),
            ));
        }
    }
    out
}

/// A stated number as it was written.
fn written(stated: math::Stated, suffix: &str) -> String {
    format!("{}{suffix}", display::fixed(stated.value, usize::from(stated.decimals)))
}

/// Warnings for links in markdown bodies that point at no page of the site: relative links,
/// root-relative links and absolute links below `base_url` are resolved against the planned
/// output (`existing`: every output path, pages and static files). Links elsewhere are not
/// followed.
///
/// Links and `base_url` are compared as a browser would: an absolute link by its origin and
/// decoded path (`https://Example.org:443/blög/` is below `https://example.org/bl%C3%B6g/`), any
/// other by its decoded path.
pub fn links(model: &crate::model::Model, existing: &std::collections::BTreeSet<String>) -> Vec<Diagnostic> {
    let decode = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned();
    let base = url::Url::parse(&model.config.base_url).ok();
    let base_path = decode(crate::config::url_path(&model.config.base_url));
    let mut out = Vec::new();
    for document in &model.documents {
        let page_dir = crate::view::Urls::document_path(document);
        for (dest, span) in &document.links {
            let dest = dest.split(['#', '?']).next().unwrap_or("");
            // A link with a scheme, or a scheme-relative one (`//host/path`), is the site's only
            // on the site's origin; it is then read by its path. Others (`mailto:`, another host)
            // are not followed.
            let absolute = has_scheme(dest) || dest.starts_with("//");
            let path = if absolute {
                let Some(base) = &base else { continue };
                match base.join(dest) {
                    Ok(link) if link.origin() == base.origin() => decode(link.path()),
                    _ => continue,
                }
            } else {
                decode(dest)
            };
            let target = if path.is_empty() {
                continue;
            } else if let Some(rest) = path.strip_prefix(&base_path) {
                rest.to_string()
            } else if path == base_path.trim_end_matches('/') {
                // `/blog` for the base path `/blog/`: the home page.
                String::new()
            } else if absolute {
                // Elsewhere on the same host: not the site's.
                continue;
            } else if path.starts_with('/') {
                out.push(Diagnostic::warning(
                    *span,
                    format!("link to `{dest}` points outside the site, which lives below `{base_path}`"),
                ));
                continue;
            } else {
                format!("{page_dir}{path}")
            };
            let Some(path) = normalize(&target) else {
                out.push(Diagnostic::warning(
                    *span,
                    format!("link to `{dest}` climbs above the site's root"),
                ));
                continue;
            };
            let found = path.is_empty()
                || existing.contains(&path)
                || existing.contains(&format!("{}/index.html", path.trim_end_matches('/')))
                || (path.ends_with('/') && existing.contains(&format!("{path}index.html")));
            if !found {
                out.push(Diagnostic::warning(
                    *span,
                    format!("link to `{dest}` points at no page of the site: nothing is built at /{path}"),
                ));
            }
        }
    }
    out
}

/// Whether a URL reference starts with a scheme (`https:`, `mailto:`): a letter, then letters,
/// digits, `+`, `-` or `.`, then a colon (RFC 3986). `10:30/` and `./a:b` are relative paths.
fn has_scheme(reference: &str) -> bool {
    let Some((scheme, _)) = reference.split_once(':') else { return false };
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Resolves `.` and `..` segments; `None` when the path climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dot_segments() {
        assert_eq!(normalize("records/a/../b/").as_deref(), Some("records/b/"));
        assert_eq!(normalize("./about/").as_deref(), Some("about/"));
        assert_eq!(normalize("records/../../x"), None);
    }

    #[test]
    fn a_scheme_is_a_letter_then_letters_digits_plus_minus_dots() {
        for yes in ["https://x", "mailto:a@b", "git+ssh://h/p", "Web.cal:x"] {
            assert!(has_scheme(yes), "{yes}");
        }
        for no in ["10:30/", "./a:b", "records/a:b/", "/x:y", "//host/p", "-x:y", ":x", "no-colon"] {
            assert!(!has_scheme(no), "{no}");
        }
    }
}
