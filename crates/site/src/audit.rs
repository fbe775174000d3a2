//! Audit: compares every figure a writer stated with the one computed, and reports differences
//! as warnings at the stated cell ("stated 300x, computed 30x").
//!
//! A stated figure is compared at the precision it was written; one that cannot be computed (a
//! supervisory factor on a task without supervisory time) is shown as written and is no mismatch.

use content::aggregate_table::{MetricKind, StatedMetric};
use content::{Diagnostic, Task, clip};
use math::{Spread, Totals, WorkWeek, display};
use std::collections::HashMap;
use std::path::Path;

/// The checks of the whole site that bear on its figures, as a build and `stats` make them: a
/// record dated after today (a year mistyped counts as any other), and tags and workstreams
/// spelled two ways (one page, one figure, for two names).
pub fn figure_warnings(model: &crate::model::Model, today: chrono::NaiveDate) -> Vec<Diagnostic> {
    let mut warnings = tag_warnings(model);
    warnings.extend(future_dates(&model.documents, today));
    warnings.extend(workstream_warnings(model));
    warnings.extend(agent_warnings(model));
    warnings
}

/// A warning at each AI time header that names an agent another record's header names in
/// another case (`cursor time` beside `Cursor Time`): one agent, whose figures add up as one
/// (`model::same_agent`), shown as each table writes it; said once a spelling, at its first use.
pub fn agent_warnings(model: &crate::model::Model) -> Vec<Diagnostic> {
    let mut first: HashMap<String, (&str, &Path)> = HashMap::new();
    let mut said: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut warnings = Vec::new();
    for entry in &model.records {
        let document = &model.documents[entry.doc];
        let Some(record) = document.record() else { continue };
        for table in &record.tables {
            let label = table.ai_label.as_str();
            match first.entry(label.to_lowercase()) {
                std::collections::hash_map::Entry::Vacant(vacant) => {
                    vacant.insert((label, document.path.as_path()));
                }
                std::collections::hash_map::Entry::Occupied(taken)
                    if taken.get().0 != label && said.insert(label) =>
                {
                    let (name, path) = *taken.get();
                    let Some(header) =
                        table.columns.iter().find(|c| c.kind == content::record::ColumnKind::Ai)
                    else {
                        continue;
                    };
                    warnings.push(Diagnostic::warning(
                        header.source,
                        format!(
                            "the agent `{label}` is the agent `{name}` (first written in {}): their times add up as \
                             one agent's, and each table shows the name as it writes it; write them alike",
                            path.display()
                        ),
                    ));
                }
                std::collections::hash_map::Entry::Occupied(_) => {}
            }
        }
    }
    warnings
}

/// A warning for each record of `documents` dated more than a day after `today` (the
/// machine's date): for a daily log, most often a year or month mistyped (`2062` for `2026`),
/// which would sit at the top of the home page and the feed until that day. A day's slack: it
/// is already tomorrow for a writer east of the machine that builds (a CI runner in UTC). It is
/// published as dated: Zola publishes such posts too (Hugo holds them back unless told).
pub fn future_dates<'m>(
    documents: impl IntoIterator<Item = &'m content::Document>,
    today: chrono::NaiveDate,
) -> Vec<Diagnostic> {
    documents
        .into_iter()
        .filter(|d| d.record().is_some() && !d.draft)
        .filter_map(|d| Some(Diagnostic::warning(d.date_span, date_warning(d.date?, today)?)))
        .collect()
}

/// What is said of a record dated `date` on `today` (see `future_dates`): a date after tomorrow
/// (`future_date`), or before 1970 (`1026-03-01`, `0001-01-01`), a year mistyped the other way:
/// no record of work done with an AI agent is that old, and the archive and every chart would
/// open with it. `new` and `log` say it too, as they write such a record.
pub fn date_warning(date: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<String> {
    if chrono::Datelike::year(&date) < 1970 {
        return Some(format!(
            "dated {date}, before 1970: published as dated, at the start of the archive and every chart; \
             expected the day the work was done (is its year mistyped?)"
        ));
    }
    future_date(date, today)
}

/// What is said of a record dated after tomorrow: `None` up to tomorrow.
pub fn future_date(date: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<String> {
    (date > today.succ_opt().unwrap_or(today)).then(|| {
        format!(
            "dated {date}, after today ({today}): published as dated, at the top of the home page and the \
             feed; expected the day the work was done"
        )
    })
}

/// A name's first spelling, its file, where in the site it is first used (the record, in date
/// order, and its place in the record) and the span of that use.
type FirstUse<'m> = (&'m str, &'m std::path::Path, (usize, usize), content::Span);

/// A warning for each other spelling of a tag than the first of its slug (`c` after `C++`,
/// `rust` after `Rust`): such tags are one tag, on one page named as first written, which a
/// writer should know rather than find out. One warning per spelling, at its first use, with how
/// many records use it; records in date order.
pub fn tag_warnings(model: &crate::model::Model) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    // The first spelling of each slug, where it was written, and the place of that first use
    // (the record, in date order, and the tag's place in it; its span).
    let mut first: HashMap<String, FirstUse<'_>> = HashMap::new();
    // Each other spelling: its first use, the first spelling, and how many records use it.
    let mut others: Vec<(&content::Cell<String>, String, usize)> = Vec::new();
    let mut other_at: HashMap<&str, usize> = HashMap::new();
    // A site has few tags and many records: each spelling is slugified once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (record, entry) in model.records.iter().enumerate() {
        let document = &model.documents[entry.doc];
        for (at, tag) in document.tags.iter().enumerate() {
            let slug = slugs.entry(tag.value.as_str()).or_insert_with(|| crate::slug::slugify(&tag.value));
            match first.get(slug.as_str()) {
                None => {
                    first.insert(
                        slug.clone(),
                        (tag.value.as_str(), document.path.as_path(), (record, at), tag.span),
                    );
                }
                Some((name, path, ..)) if !same_name(name, &tag.value) => {
                    match other_at.get(tag.value.as_str()) {
                        Some(&i) => others[i].2 += 1,
                        None => {
                            other_at.insert(tag.value.as_str(), others.len());
                            let said =
                                format!("`{name}`{} (first written in {})", unseen(name), path.display());
                            others.push((tag, said, 1));
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }
    others
        .into_iter()
        .map(|(tag, first, uses)| {
            let page = format!("/tags/{}/", slugs[tag.value.as_str()]);
            other_spelling(tag.span, ("tag", "record"), &tag.value, &first, uses, &page)
        })
        .chain(hyphen_warnings(
            "tag",
            first.iter().map(|(slug, &(name, path, at, span))| (slug.as_str(), name, at, span, path)),
        ))
        .collect()
}

/// Whether two spellings of a name are the same text: equal, or equal once both are in Unicode's
/// composed form (NFC), as `Café` typed with an accented letter and `Café` with an `e` and a
/// combining accent (as macOS names files) are; a reader cannot tell the two apart, so a warning
/// that names both would name the same word twice.
fn same_name(a: &str, b: &str) -> bool {
    use icu_normalizer::ComposingNormalizerBorrowed;
    a == b
        || (!a.is_ascii() || !b.is_ascii()) && {
            let nfc = ComposingNormalizerBorrowed::new_nfc();
            nfc.normalize(a) == nfc.normalize(b)
        }
}

/// The warning at the first use of `written`, a spelling of a tag's or workstream's name
/// (`what`: the kind, and what `uses` counts) other than `first` (the first spelling, with
/// where it was written): both are on `page`.
fn other_spelling(
    span: content::Span,
    (kind, counted): (&str, &str),
    written: &str,
    first: &str,
    uses: usize,
    page: &str,
) -> Diagnostic {
    let uses = if uses == 1 { String::new() } else { format!(" ({uses} {counted}s write it so)") };
    Diagnostic::warning(
        span,
        format!(
            "{kind} `{written}`{} is the {kind} {first}{uses}: both are on the page {page}, named as first \
             written; write them alike, or apart enough to be two {kind}s",
            unseen(written)
        ),
    )
}

/// What a reader cannot see in a name, said after it: ` (written with U+00A0, a no-break
/// space)` for `x\u{A0}y`, which a warning would otherwise show as `x y`, like the name it is
/// told apart from. Empty for a name without such characters.
fn unseen(name: &str) -> String {
    let categories = icu_properties::CodePointMapData::<icu_properties::props::GeneralCategory>::new();
    let mut said: Vec<char> = Vec::new();
    for c in name.chars().filter(|c| !c.is_ascii()) {
        let invisible =
            c.is_whitespace() || categories.get(c) == icu_properties::props::GeneralCategory::Format;
        if invisible && !said.contains(&c) {
            said.push(c);
        }
    }
    if said.is_empty() {
        return String::new();
    }
    let each: Vec<String> = said
        .iter()
        .map(|&c| {
            let what = match c {
                '\u{A0}' => "a no-break space",
                '\u{202F}' => "a narrow no-break space",
                '\u{2009}' => "a thin space",
                '\u{3000}' => "an ideographic space",
                '\u{200B}' => "a zero-width space",
                '\u{200C}' => "a zero-width non-joiner",
                '\u{200D}' => "a zero-width joiner",
                '\u{2060}' => "a word joiner",
                '\u{AD}' => "a soft hyphen",
                '\u{FEFF}' => "a byte-order mark",
                '\u{200E}' | '\u{200F}' | '\u{61C}' => "a direction mark",
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "a direction control",
                c if c.is_whitespace() => "a space other than the usual one",
                _ => "an invisible character",
            };
            format!("U+{:04X}, {what}", u32::from(c))
        })
        .collect();
    format!(" (written with {})", each.join("; "))
}

/// A warning for each other spelling of a workstream than the first of its slug (`mobile-app`
/// after `Mobile App`), as `tag_warnings` gives for tags: their tasks are one stream, on one page
/// named as first written, and the exports name them so. One warning per spelling, at its first
/// use, with how many tasks use it.
pub fn workstream_warnings(model: &crate::model::Model) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    // Each other spelling: its first use, the site's name for it, and how many tasks use it.
    let mut others: Vec<(content::Span, &str, &str, usize)> = Vec::new();
    let mut other_at: HashMap<&str, usize> = HashMap::new();
    // Each workstream's first task (record, task), in that order, to meet on the way through
    // every task below, with the span of its cell kept: one walk of the site, whatever its size.
    let mut firsts: Vec<((usize, usize), &str)> =
        model.workstreams.iter().filter_map(|(slug, w)| Some((*w.tasks.first()?, slug.as_str()))).collect();
    firsts.sort_unstable();
    let mut next_first = firsts.iter().peekable();
    let mut first_uses = Vec::with_capacity(firsts.len());
    for (record, entry) in model.records.iter().enumerate() {
        for (at, (task, name)) in model.record(entry).tasks().zip(model.stream_names(entry)).enumerate() {
            if let Some(&(place, slug)) = next_first.next_if(|(place, _)| *place == (record, at))
                && let Some(cell) = &task.workstream
            {
                first_uses.push((slug, place, cell.span, model.document(entry).path.as_path()));
            }
            let (Some(cell), Some(name)) = (&task.workstream, name) else { continue };
            if same_name(&cell.value, name) {
                continue;
            }
            match other_at.get(&*cell.value) {
                Some(&i) => others[i].3 += 1,
                None => {
                    other_at.insert(&cell.value, others.len());
                    others.push((cell.span, &cell.value, name, 1));
                }
            }
        }
    }
    others
        .into_iter()
        .map(|(span, written, name, uses)| {
            let slug = crate::slug::slugify(written);
            let first = model.workstreams.get(&slug).and_then(|w| w.tasks.first());
            let path =
                first.map(|&(record, _)| model.document(&model.records[record]).path.display().to_string());
            let first = format!("`{name}`{} (first written in {})", unseen(name), path.unwrap_or_default());
            other_spelling(
                span,
                ("workstream", "task"),
                written,
                &first,
                uses,
                &format!("/workstreams/{slug}/"),
            )
        })
        .chain(hyphen_warnings(
            "workstream",
            first_uses
                .into_iter()
                .map(|(slug, at, span, path)| (slug, model.workstreams[slug].name.as_str(), at, span, path)),
        ))
        .collect()
}

/// A warning at the first use of each name that differs from an earlier one only by hyphens,
/// underscores, spaces or case (`front-end` after `frontend`, `ai_agents` after `AI agents`), yet
/// has a page of its own: a reader takes them for one, and each page has part of the work.
/// `names` gives each slug, its name as first written, where it is first used (the index of the
/// record, in date order, and of the task or tag in it), the span of that use and its file.
fn hyphen_warnings<'m>(
    kind: &'static str,
    names: impl Iterator<Item = (&'m str, &'m str, (usize, usize), content::Span, &'m std::path::Path)>,
) -> impl Iterator<Item = Diagnostic> {
    let mut groups: std::collections::BTreeMap<String, Vec<_>> = std::collections::BTreeMap::new();
    for name in names {
        // The name as first written, not its slug: a slug writes any mark as `-`, and `v1.2` and
        // `v12` are two versions, not one name spelled two ways.
        let key: String = name.1.chars().filter(|c| !matches!(c, '-' | '_') && !c.is_whitespace()).collect();
        groups.entry(key.to_lowercase()).or_default().push(name);
    }
    groups.into_values().filter(|group| group.len() > 1).flat_map(move |mut group| {
        group.sort_by_key(|&(_, _, first_use, _, _)| first_use);
        let (first_slug, first_name, _, _, first_path) = group[0];
        let plural = if kind == "workstream" { "workstreams" } else { "tags" };
        group.into_iter().skip(1).map(move |(slug, name, _, span, _)| {
            Diagnostic::warning(
                span,
                format!(
                    "{kind} `{name}` differs from `{first_name}` (first written in {}) only by hyphens, \
                     underscores, spaces or case, yet the two are {plural} of their own, each with a page (/{plural}/{slug}/ and \
                     /{plural}/{first_slug}/) and part of the work; write them alike, or apart enough to be two",
                    first_path.display()
                ),
            )
        })
    })
}

/// A warning at each page whose URL differs from an earlier one's only in case
/// (`/records/2026-01-02-Foo/` after `/records/2026-01-02-foo/`): on a file system or host that
/// ignores case (macOS's and Windows' by default), one overwrites the other.
pub fn case_warnings(model: &crate::model::Model, planned: &[crate::pages::PlannedPage]) -> Vec<Diagnostic> {
    use crate::pages::PageKind;
    // Generated pages are named in lowercase: only a document's name can differ in case.
    if !planned.iter().any(|page| page.path.bytes().any(|b| b.is_ascii_uppercase()) || !page.path.is_ascii())
    {
        return Vec::new();
    }
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for page in planned {
        let Some(earlier) = seen.insert(page.path.to_lowercase(), &page.path) else { continue };
        let span = match &page.kind {
            PageKind::Record(i) => Some(model.document(&model.records[*i]).slug_span),
            PageKind::Page(i) => Some(model.documents[*i].slug_span),
            PageKind::Alias(i) => {
                model.documents[*i].aliases.iter().find(|(path, _)| *path == page.path).map(|a| a.1)
            }
            _ => None,
        };
        let Some(span) = span else { continue };
        let url = |path: &str| format!("/{}", path.trim_end_matches("index.html"));
        out.push(Diagnostic::warning(
            span,
            format!(
                "`{}` differs from `{}` only in case: where names ignore case (macOS, Windows, some hosts) one \
                 page overwrites the other; expected a name that differs in more than case",
                url(&page.path),
                url(earlier)
            ),
        ));
    }
    out
}

/// A warning at each draft left out whose page would be a published page's: once published, the
/// build stops at the clash, where `check` said nothing while it was a draft.
pub fn draft_warnings(model: &crate::model::Model, planned: &[crate::pages::PlannedPage]) -> Vec<Diagnostic> {
    if model.draft_pages.is_empty() {
        return Vec::new();
    }
    // The few drafts' pages looked up as the plan is walked once, not the plan's every page
    // gathered for the few.
    let drafts: HashMap<&str, Vec<(&std::path::PathBuf, &content::Span)>> =
        model.draft_pages.iter().fold(HashMap::new(), |mut drafts, (path, (page, span))| {
            drafts.entry(page.as_str()).or_default().push((path, span));
            drafts
        });
    let mut out = Vec::new();
    for planned_page in planned {
        let Some(held) = drafts.get(planned_page.path.as_str()) else { continue };
        let kind = &planned_page.kind;
        use crate::pages::PageKind;
        let holder = match kind {
            PageKind::Record(i) => Some(&model.document(&model.records[*i]).path),
            PageKind::Page(i) | PageKind::Alias(i) => Some(&model.documents[*i].path),
            _ => None,
        };
        let held_by = match holder {
            Some(holder) => format!("the page of {}", crate::theme::slashed(holder)),
            None => "a page leverage makes".to_string(),
        };
        for (path, span) in held {
            out.push(Diagnostic::warning(
                **span,
                format!(
                    "this draft ({}) would be published at `/{}`, which is {held_by}: published, the build \
                     stops at the clash; expected another slug",
                    crate::theme::slashed(path),
                    planned_page.path.trim_end_matches("index.html")
                ),
            ));
        }
    }
    out.sort_by_key(|d| (d.span.file, d.span.start));
    out
}

/// A figure computed for a stated one, typed: its value in the metric's unit and the way pages
/// show it both follow from it.
#[derive(Clone, Copy, Debug)]
enum Computed {
    Count(u64),
    Hours(math::Minutes),
    Minutes(math::Minutes),
    Tokens(math::Tokens),
    Leverage(math::Leverage),
    Weeks(f64),
}

impl Computed {
    /// The value in the metric's own unit (count, hours, minutes, tokens, factor, weeks).
    fn value(self) -> f64 {
        match self {
            Computed::Count(n) => n as f64,
            Computed::Hours(m) => m.hours(),
            Computed::Minutes(m) => m.get(),
            Computed::Tokens(t) => t.count as f64,
            Computed::Leverage(l) => l.get(),
            Computed::Weeks(w) => w,
        }
    }

    /// As pages show it; beside a `stated` leverage or count of weeks written to more decimals
    /// than the display rules give them (one, two), to as many: `stated 45.66x` is answered with
    /// `45.67x`, not a `45.7x` that looks the same.
    fn shown(self, stated: Option<math::Stated>) -> String {
        let finer = |rule: u8, suffix: &str| {
            stated
                .filter(|s| s.decimals > rule)
                .map(|s| format!("{}{suffix}", display::fixed(self.value(), usize::from(s.decimals))))
        };
        match self {
            Computed::Count(n) => n.to_string(),
            Computed::Hours(m) => display::hours(m),
            Computed::Minutes(m) => display::minutes(m),
            Computed::Tokens(t) => display::tokens(t),
            Computed::Leverage(l) => finer(1, "x").unwrap_or_else(|| display::leverage(l)),
            // A count of weeks above zero never reads as none, as the Weeks cell shows it.
            Computed::Weeks(w) => match stated.filter(|s| s.decimals > 2) {
                Some(finer) => display::fixed_above_zero(w, usize::from(finer.decimals)),
                // Trailing zeros dropped, as aggregates show weeks, but never a bare zero.
                None => match display::fixed_above_zero(w, 2) {
                    below if below.starts_with('<') => below,
                    _ => display::decimal(w, 2),
                },
            },
        }
    }
}

/// The computed figure of a metric, or `None` when it cannot be computed. `spread` is that of
/// the tasks' leverages; an average that does not say which is the weighted leverage here.
fn metric_figure(
    kind: MetricKind,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> Option<Computed> {
    Some(match kind {
        MetricKind::Tasks => Computed::Count(totals.tasks),
        MetricKind::HumanHours => Computed::Hours(totals.human),
        MetricKind::AiMinutes => Computed::Minutes(totals.ai),
        MetricKind::SupervisoryMinutes => Computed::Minutes(totals.supervisory_minutes()?),
        MetricKind::Tokens => Computed::Tokens(totals.tokens()?),
        MetricKind::WeightedLeverage | MetricKind::AverageLeverage => {
            Computed::Leverage(totals.weighted_leverage()?)
        }
        MetricKind::WeightedSupervisoryLeverage => {
            Computed::Leverage(totals.weighted_supervisory_leverage()?)
        }
        MetricKind::HumanWeeks => Computed::Weeks(totals.human_weeks(week)),
        MetricKind::MeanLeverage => Computed::Leverage(spread?.mean),
        MetricKind::MedianLeverage => Computed::Leverage(spread?.median),
        MetricKind::MinLeverage => Computed::Leverage(spread?.min),
        MetricKind::MaxLeverage => Computed::Leverage(spread?.max),
    })
}

/// The computed value of a metric in its own unit (count, hours, minutes, tokens, factor, weeks),
/// or `None` when it cannot be computed. `spread` is that of the tasks' leverages.
pub fn metric_value(
    kind: MetricKind,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> Option<f64> {
    metric_figure(kind, totals, spread, week).map(Computed::value)
}

/// The computed value of a metric as shown on pages, or beside `stated` in a warning (see
/// `Computed::shown`). An average that does not say which gives both the weighted leverage and
/// the plain mean.
fn shown_beside(
    kind: MetricKind,
    stated: Option<math::Stated>,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> Option<String> {
    let shown = metric_figure(kind, totals, spread, week)?.shown(stated);
    Some(match (kind, spread) {
        (MetricKind::AverageLeverage, Some(spread)) => {
            format!("{shown} weighted, {} as a plain mean", display::leverage(spread.mean))
        }
        _ => shown,
    })
}

/// The computed value of a metric as shown on pages.
pub fn metric_display(
    kind: MetricKind,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> Option<String> {
    shown_beside(kind, None, totals, spread, week)
}

/// The computed figure a warning answers a stated metric with, when they disagree: to the stated
/// figure's decimals when it is written in the metric's own unit (see `Computed::shown`).
fn mismatch_shown(
    metric: &StatedMetric,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> Option<String> {
    if !metric_mismatch(metric, totals, spread, week) {
        return None;
    }
    let stated = metric.figure.filter(|f| f.scale == 1.0).map(|f| f.stated);
    shown_beside(metric.kind?, stated, totals, spread, week)
}

/// Warnings for the figures in brackets after a time metric's leading one (`99.5h (30 working
/// days)`) that disagree with the computed figure, each in its own unit (`12.4 working days`) or
/// as a duration (`4h 28min`). A bracket that restates a leading figure which is right is right
/// too: `5.5h (5h 30min)` converts the stated 5.5h, not the computed 5h 28min.
fn bracket_warnings(
    metric: &StatedMetric,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> Vec<Diagnostic> {
    let Some(computed) = metric.kind.and_then(|kind| metric_value(kind, totals, spread, week)) else {
        return Vec::new();
    };
    let lead = metric.figure.filter(|lead| lead.matches(computed)).map(|lead| lead.stated.value * lead.scale);
    metric
        .bracketed
        .iter()
        .filter(|b| !b.figure.matches(computed) && !lead.is_some_and(|lead| b.figure.matches(lead)))
        .map(|bracketed| {
            let in_unit = computed / bracketed.figure.scale;
            // A bracket in hours or minutes is a duration, shown as the display rules show one
            // (`15min`, not `0.3h`); days and weeks keep their unit.
            let as_time = bracketed.unit.as_deref().is_some_and(|unit| {
                matches!(
                    unit.trim().to_ascii_lowercase().as_str(),
                    "h" | "hr" | "hrs" | "hour" | "hours" | "m" | "min" | "mins" | "minute" | "minutes"
                )
            });
            let minutes =
                if metric.kind == Some(MetricKind::HumanHours) { computed * 60.0 } else { computed };
            let shown = match &bracketed.unit {
                Some(_) if as_time => {
                    display::duration(math::Minutes::new(minutes).unwrap_or(math::Minutes::ZERO))
                }
                Some(unit) => {
                    format!(
                        "{}{unit}",
                        display::decimal(in_unit, usize::from(bracketed.figure.stated.decimals).max(1))
                    )
                }
                None => display::duration(math::Minutes::new(in_unit).unwrap_or(math::Minutes::ZERO)),
            };
            Diagnostic::warning(
                metric.value.span,
                format!(
                    "stated {} in brackets for `{}`, computed {shown}",
                    bracketed.text,
                    as_read(&metric.name.value)
                ),
            )
        })
        .collect()
}

/// Warnings for each figure of a task table's totals row that disagrees with the sum of the
/// table's tasks ("stated 204h for the total of `Human Est.`, computed 206h"). A totals row whose
/// figures agree says nothing: it is no task, and the record's own figures are computed anyway.
/// Below the second or a later table of a record, a figure may also be the day's so far (a
/// `Grand total` under the last table): it agrees when it is the sum of every table down to its
/// own, and a warning then gives both sums.
fn totals_rows(record: &content::Record, week: &WorkWeek) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The day's totals down to each table, made once (a record of thousands of tables, each
    // with a running total, summed every table above each of them).
    let parts = std::cell::OnceCell::new();
    for (i, table) in record.tables.iter().enumerate() {
        let Some(row) = &table.totals else { continue };
        let own = Sums::of(&record.tables[i..=i]);
        // The day's tasks down to this table, when other tables come before it.
        let so_far = (i > 0).then(|| parts.get_or_init(|| Parts::of(record)).so_far(i + 1));
        let so_far = || so_far.as_ref();
        // The row is the day's when its label says so (`Grand total`), or when one of its figures
        // is the day's so far and not its table's (`Total (day)`).
        let day = row.day
            || row.metrics.iter().any(|m| {
                own.wrong(m, week).is_some() && so_far().is_some_and(|sums| sums.wrong(m, week).is_none())
            });
        for metric in &row.metrics {
            let Some(computed) = own.wrong(metric, week) else {
                // No disagreement with this table's rows, or nothing to disagree with: a figure
                // of a row that names the day's total (`Grand total`) that its table's rows
                // cannot give (tokens, where none of them counts any) is checked against the day
                // so far. A table's own `Total` of a figure its rows leave out says what the
                // writer knows of that table, and is not compared with the day.
                let own_value =
                    metric.kind.and_then(|kind| metric_value(kind, &own.totals, own.spread(metric), week));
                if let (None, true) = (own_value, day)
                    && let Some(sums) = so_far()
                    && let Some(wrong) = sums.wrong(metric, week)
                {
                    out.push(Diagnostic::warning(
                        metric.value.span,
                        format!(
                            "stated {} for the total of `{}`, computed {wrong} from the {} of this table and those \
                             above (this table's own rows give none)",
                            as_read(&metric.value.value),
                            as_read(&metric.name.value),
                            plural_rows(sums.rows)
                        ),
                    ));
                    out.extend(sums.brackets(metric, week));
                    continue;
                }
                out.extend(own.brackets(metric, week));
                continue;
            };
            let day = so_far().map(|sums| (sums, sums.wrong(metric, week)));
            if let Some((sums, None)) = day {
                out.extend(sums.brackets(metric, week));
                continue;
            }
            let said = day.and_then(|(sums, wrong)| {
                Some(format!(
                    ", or {} from the {} of this table and those above",
                    wrong?,
                    plural_rows(sums.rows)
                ))
            });
            out.push(Diagnostic::warning(
                metric.value.span,
                format!(
                    "stated {} for the total of `{}`, computed {computed} from the {} above{}",
                    as_read(&metric.value.value),
                    as_read(&metric.name.value),
                    plural_rows(own.rows),
                    said.unwrap_or_default()
                ),
            ));
            out.extend(own.brackets(metric, week));
        }
    }
    out
}

/// A record's task tables with the day's totals down to each, for the parts of a day that its
/// aggregate tables may sum (`Parts::agreeing`). Made once a record: summing the tables above each
/// of thousands of aggregate tables cost the square of them.
#[derive(Debug)]
struct Parts<'a> {
    record: &'a content::Record,
    /// The totals and the count of rows of the first `i` tables, at `i`.
    down_to: Vec<(Totals, usize)>,
    /// The leverages of the first `.0` tables' tasks, sorted: the spread of the day so far,
    /// grown table by table as the aggregate tables are read down the page.
    sorted: std::cell::RefCell<(usize, Vec<f64>)>,
}

impl<'a> Parts<'a> {
    fn of(record: &'a content::Record) -> Parts<'a> {
        let mut down_to = Vec::with_capacity(record.tables.len() + 1);
        let (mut running, mut rows) = (Totals { records: 1, ..Totals::default() }, 0);
        down_to.push((running, rows));
        // Task by task, in the order `Totals::of_record` sums them, so that each figure is the
        // very sum it would give.
        for table in &record.tables {
            for task in &table.tasks {
                running += Totals::of_task(&task.figures);
            }
            rows += table.tasks.len();
            down_to.push((running, rows));
        }
        Parts { record, down_to, sorted: Default::default() }
    }

    /// The sums of the first `count` tables' rows: the day so far, down to a table.
    fn so_far(&self, count: usize) -> Sums<'_> {
        let (totals, rows) = self.down_to[count];
        Sums {
            totals,
            rows,
            tables: &self.record.tables[..count],
            down_to: Some(self),
            spread: Default::default(),
        }
    }

    /// The spread of the leverages of the first `count` tables' tasks. Each call still passes
    /// over all of them once (the sorted runs merged, and the mean summed in sorted order, as
    /// `Spread::of` sums it, to the same last bit): linear in the tasks above, where sorting
    /// them anew for each aggregate table cost a sort each.
    fn spread_down_to(&self, count: usize) -> Option<Spread> {
        let tables = &self.record.tables;
        let leverages = |from: usize| {
            tables[from..count].iter().flat_map(|t| &t.tasks).map(|t| t.figures.leverage().get())
        };
        let mut sorted = self.sorted.borrow_mut();
        let (merged, values) = &mut *sorted;
        if count < *merged {
            // Above a table read before: not kept, so made anew.
            let mut values: Vec<f64> = leverages(0).collect();
            values.sort_unstable_by(f64::total_cmp);
            return Spread::of_sorted(&values);
        }
        // Two sorted runs, which a stable sort finds and merges in one pass.
        let old = values.len();
        values.extend(leverages(*merged));
        values[old..].sort_unstable_by(f64::total_cmp);
        values.sort_by(f64::total_cmp);
        *merged = count;
        Spread::of_sorted(values)
    }

    /// On a day written in parts, each with its own aggregate table below its task tables (a
    /// morning's and an afternoon's), the part whose figures a stated aggregate of the
    /// aggregate table `at` agrees with where the whole day's do not: the task tables since the
    /// aggregate table before its own, or every task table above it (the day so far). `None`
    /// when it names no such part, or the day has a single part.
    fn agreeing(&self, at: usize, metric: &StatedMetric, week: &WorkWeek) -> Option<Sums<'_>> {
        let (tables, aggregates) = (&self.record.tables, &self.record.aggregates);
        let start = aggregates[at].span.start;
        let after = at.checked_sub(1).map_or(0, |before| aggregates[before].span.end);
        // The tables are in the order they are written: those above are a prefix, the part since
        // the aggregate table before is the end of it.
        let count = tables.partition_point(|t| t.span.start < start);
        if count == tables.len() && after == 0 {
            return None;
        }
        let first = tables[..count].partition_point(|t| t.span.start < after);
        let part = Sums::of(&tables[first..count]);
        if part.rows > 0 && part.wrong(metric, week).is_none() {
            return Some(part);
        }
        let so_far = self.so_far(count);
        (so_far.rows > 0 && so_far.wrong(metric, week).is_none()).then_some(so_far)
    }
}

/// Whether a stated aggregate of `record` agrees with a part of the day (see `Parts::agreeing`),
/// though not with the whole day: a page then shows it as no mismatch.
pub fn agrees_with_a_part(record: &content::Record, metric: &StatedMetric, week: &WorkWeek) -> bool {
    DayParts::new(record).agrees(metric, week)
}

/// `agrees_with_a_part` for many of a record's stated aggregates: the sums down the page and
/// the place of each aggregate table are made once. A day of thousands of parts, each with its
/// `Total tasks`, made them for each (8,000 parts took 5 s).
#[derive(Debug)]
pub struct DayParts<'a> {
    record: &'a content::Record,
    parts: std::cell::OnceCell<Parts<'a>>,
    /// The aggregate table of each stated metric, by its address.
    tables: std::cell::OnceCell<HashMap<*const StatedMetric, usize>>,
}

impl<'a> DayParts<'a> {
    pub fn new(record: &'a content::Record) -> DayParts<'a> {
        DayParts { record, parts: std::cell::OnceCell::new(), tables: std::cell::OnceCell::new() }
    }

    /// Whether `metric`, stated in one of the record's aggregate tables, agrees with a part of
    /// the day (see `Parts::agreeing`).
    pub fn agrees(&self, metric: &StatedMetric, week: &WorkWeek) -> bool {
        let tables = self.tables.get_or_init(|| {
            let aggregates = self.record.aggregates.iter().enumerate();
            aggregates
                .flat_map(|(at, t)| t.metrics.iter().map(move |m| (std::ptr::from_ref(m), at)))
                .collect()
        });
        tables.get(&std::ptr::from_ref(metric)).is_some_and(|&at| {
            self.parts.get_or_init(|| Parts::of(self.record)).agreeing(at, metric, week).is_some()
        })
    }
}

/// The figures of some rows (a table's, the day's so far, or a part of the day's) that a
/// totals row or a stated aggregate is checked against.
struct Sums<'a> {
    totals: Totals,
    rows: usize,
    /// The tables whose rows these are: the spread of their leverages is made from them only
    /// when a figure reads it (`spread`), as sorting every task above each of thousands of
    /// tables cost the square of them.
    tables: &'a [content::TaskTable],
    /// For the day so far, the record's parts, which keep its leverages sorted down the page.
    down_to: Option<&'a Parts<'a>>,
    spread: std::cell::OnceCell<Option<Spread>>,
}

impl<'a> Sums<'a> {
    fn of(tables: &'a [content::TaskTable]) -> Sums<'a> {
        let tasks = tables.iter().flat_map(|t| &t.tasks);
        let totals = Totals::of_record(tasks.clone().map(|t| &t.figures), None);
        Sums { totals, rows: tasks.count(), tables, down_to: None, spread: Default::default() }
    }

    /// The spread of the rows' leverages, when `metric` reads it (a mean, median, lowest or
    /// highest, or an average that does not say whether it is the weighted one); `None` for
    /// the figures that do not, which read the totals alone.
    fn spread(&self, metric: &StatedMetric) -> Option<&Spread> {
        let reads = metric.kind.is_some_and(MetricKind::reads_spread);
        let make = || match self.down_to {
            Some(parts) => parts.spread_down_to(self.tables.len()),
            None => Spread::of(self.tables.iter().flat_map(|t| &t.tasks).map(|t| t.figures.leverage())),
        };
        reads.then(|| self.spread.get_or_init(make).as_ref()).flatten()
    }

    /// The computed figure, as a warning shows it, when `metric` disagrees with these rows.
    fn wrong(&self, metric: &StatedMetric, week: &WorkWeek) -> Option<String> {
        mismatch_shown(metric, &self.totals, self.spread(metric), week)
    }

    fn brackets(&self, metric: &StatedMetric, week: &WorkWeek) -> Vec<Diagnostic> {
        bracket_warnings(metric, &self.totals, self.spread(metric), week)
    }
}

fn plural_rows(n: usize) -> String {
    if n == 1 { "1 row".to_string() } else { format!("{n} rows") }
}

/// The agents a record's task tables name, with the totals of each one's tables, for a stated
/// time that names one of them ("Total Claude minutes") on a day whose tables name different
/// agents (a Claude table and a Codex table): the record's own AI time is theirs together. Made
/// once a record, as looking each such time up among every table cost the square of them.
#[derive(Debug)]
pub struct Agents<'a> {
    /// By a label's words as headers are read (`claude code`): the first label with them in the
    /// order of the tables, as written, and the table it first names. Empty for a record of one
    /// agent.
    by_words: HashMap<String, (usize, &'a str)>,
    /// The totals of each label's tables, by the label's words (`Claude` and `claude` are one
    /// agent's, `model::same_agent`).
    totals: HashMap<String, Totals>,
    /// The most words in a label.
    longest: usize,
}

impl<'a> Agents<'a> {
    pub fn of(record: &'a content::Record) -> Agents<'a> {
        let mut agents = Agents { by_words: HashMap::new(), totals: HashMap::new(), longest: 0 };
        let Some((first, rest)) = record.tables.split_first() else { return agents };
        if rest.iter().all(|t| crate::model::same_agent(&t.ai_label, &first.ai_label)) {
            return agents;
        }
        for (at, table) in record.tables.iter().enumerate() {
            let label = table.ai_label.as_str();
            let words = content::table::normalize(label);
            // Task by task, in the order `Totals::of_record` sums them.
            let totals =
                agents.totals.entry(words.clone()).or_insert(Totals { records: 1, ..Totals::default() });
            for task in &table.tasks {
                *totals += Totals::of_task(&task.figures);
            }
            // A generic label (`AI`, `Agent`) names all of them, not one.
            if !matches!(words.as_str(), "" | "ai" | "agent") {
                agents.longest = agents.longest.max(words.split(' ').count());
                agents.by_words.entry(words).or_insert((at, label));
            }
        }
        agents
    }

    /// The agent a stated time names and the totals of its tables. `None` for any other metric,
    /// a record of one agent, or a name that names no agent of the record's tables or a generic
    /// one.
    pub fn named_in(&self, metric: &StatedMetric) -> Option<(&'a str, Totals)> {
        if metric.kind != Some(MetricKind::AiMinutes) || self.by_words.is_empty() {
            return None;
        }
        // Words as headers are read (`Total Claude minutes` holds the words `claude`), so a
        // label is found whole, never inside another word: each run of the name's words that is
        // no longer than a label, and of the labels found, the one whose table comes first.
        let name = content::table::normalize(&metric.name.value);
        let starts: Vec<usize> =
            std::iter::once(0).chain(name.match_indices(' ').map(|(i, _)| i + 1)).collect();
        let ends: Vec<usize> = name.match_indices(' ').map(|(i, _)| i).chain([name.len()]).collect();
        let (words, (_, label)) = (0..starts.len())
            .flat_map(|first| (first..starts.len().min(first + self.longest)).map(move |last| (first, last)))
            .filter_map(|(first, last)| self.by_words.get_key_value(&name[starts[first]..ends[last]]))
            .min_by_key(|(_, (at, _))| *at)?;
        Some((label, self.totals[words]))
    }
}

/// Whether a stated metric disagrees with the computed totals and spread.
pub fn metric_mismatch(
    metric: &StatedMetric,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> bool {
    let (Some(kind), Some(figure)) = (metric.kind, metric.figure) else { return false };
    // An average that does not say which may be either.
    if kind == MetricKind::AverageLeverage && spread.is_some_and(|s| figure.matches(s.mean.get())) {
        return false;
    }
    metric_value(kind, totals, spread, week).is_some_and(|computed| !figure.matches(computed))
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

/// Warnings for every stated figure of a record (its tasks' leverages, factors and weeks, its
/// aggregate stats, its tables' totals rows) that disagrees with the computed one; the totals
/// only when every row was read (`Record::incomplete`).
pub fn check(
    record: &content::Record,
    totals: &Totals,
    spread: Option<&Spread>,
    week: &WorkWeek,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for task in record.tasks() {
        if let Some(stated) = task.stated_leverage.as_ref().filter(|_| leverage_mismatch(task)) {
            // Under 1x, with the stated factor the other way round: the two times' cells
            // swapped, most often (`| A | 5min | 2h | 24x |`).
            let human = task.figures.human();
            let ai = task.figures.ai();
            let swapped = math::Leverage::ratio(ai, human)
                .filter(|_| human < ai)
                .is_some_and(|reversed| stated.value.matches(reversed.get()));
            let hint = if swapped {
                format!(
                    "; the human estimate ({}) is less than the AI time ({}), and {} is the one over the other: \
                     are the two cells swapped?",
                    display::duration(human),
                    display::duration(ai),
                    display::stated(stated.value, "x")
                )
            } else {
                String::new()
            };
            out.push(Diagnostic::warning(
                stated.span,
                format!(
                    "stated {}, computed {}{hint}",
                    display::stated(stated.value, "x"),
                    Computed::Leverage(task.figures.leverage()).shown(Some(stated.value))
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
                    display::stated(stated.value, "x"),
                    Computed::Leverage(computed).shown(Some(stated.value))
                ),
            ));
        }
        if let Some(stated) = task.stated_weeks.as_ref().filter(|_| weeks_mismatch(task, week)) {
            out.push(Diagnostic::warning(
                stated.span,
                format!(
                    "stated {}, computed {}",
                    display::counted(&display::stated(stated.value, ""), "week"),
                    display::counted(
                        &Computed::Weeks(task_weeks(task, week)).shown(Some(stated.value)),
                        "week"
                    )
                ),
            ));
        }
    }
    // A row left out for an error is in the totals the record states and not in the computed
    // ones: every stated total would be reported as wrong, hiding the error that matters.
    if record.incomplete {
        return out;
    }
    let mut brackets = Vec::new();
    let parts = std::cell::OnceCell::new();
    let agents = Agents::of(record);
    let metrics =
        record.aggregates.iter().enumerate().flat_map(|(at, t)| t.metrics.iter().map(move |m| (at, m)));
    for (at, metric) in metrics {
        let agent = agents.named_in(metric);
        let (totals, whose) = match &agent {
            Some((label, totals)) => (totals, format!(" from the {label} tables")),
            None => (totals, String::new()),
        };
        if let Some(computed) = mismatch_shown(metric, totals, spread, week) {
            // Not the day's; it may be its part's (see `Parts::agreeing`).
            if agent.is_none()
                && let Some(part) = parts.get_or_init(|| Parts::of(record)).agreeing(at, metric, week)
            {
                brackets.extend(part.brackets(metric, week));
                continue;
            }
            out.push(Diagnostic::warning(
                metric.value.span,
                format!(
                    "stated {} for `{}`, computed {computed}{whose}",
                    as_read(&metric.value.value),
                    as_read(&metric.name.value)
                ),
            ));
        }
        brackets.extend(bracket_warnings(metric, totals, spread, week));
    }
    out.extend(brackets);
    out.extend(totals_rows(record, week));
    out
}

/// A cell's text as a message quotes it: without the emphasis around it (`**5**` reads `5`).
fn as_read(text: &str) -> &str {
    text.trim().trim_matches(|c| matches!(c, '*' | '_' | '`')).trim()
}

/// A link to an element of a page (`#analysis`, `/records/x/#analysis`), checked once that page
/// is rendered (`fragment_warnings`): ids come from the theme's templates as well as the body.
#[derive(Clone, Debug)]
pub struct FragmentLink {
    /// The page's output path (`records/x/index.html`).
    pub page: String,
    /// The fragment as written (percent-encoded or not).
    pub fragment: String,
    /// The whole link as written.
    pub dest: String,
    /// Where the link is.
    pub span: content::Span,
}

/// What `links` found.
#[derive(Debug, Default)]
pub struct LinkAudit {
    /// Links that lead to nothing.
    pub warnings: Vec<Diagnostic>,
    /// Links into pages that exist, to an element of them.
    pub fragments: Vec<FragmentLink>,
}

/// Warnings for links in the markdown bodies of `documents` that point at no page of the site:
/// relative links, root-relative links and absolute links below `base_url` are resolved against
/// the planned output, `planned` pages and `statics` (the output paths of the static files).
/// Links elsewhere are not followed. A link to an element of a page (`#analysis`) is handed
/// back to be checked against the rendered page (`fragment_warnings`), unless no rendered page
/// can answer it: a static file replaces that page (static files are copied last, and not
/// read), or the page is an alias, reported here: the redirect loses the fragment on the way.
///
/// Links and `base_url` are compared as a browser would: an absolute link by its origin and
/// decoded path (`https://Example.org:443/blög/` is below `https://example.org/bl%C3%B6g/`), any
/// other by its decoded path.
pub fn links<'m>(
    model: &'m crate::model::Model,
    documents: impl IntoIterator<Item = &'m content::Document>,
    planned: &[crate::pages::PlannedPage],
    statics: &std::collections::BTreeSet<String>,
) -> LinkAudit {
    let checker = LinkChecker::new(model, planned, statics);
    let mut out = LinkAudit::default();
    for document in documents {
        let page_dir = crate::view::Urls::document_path(document);
        // An attachment the text links is published for it (`build::static_files`), and a
        // bundle's own file is copied with its page.
        let text = (!model.attachments.is_empty()).then(|| crate::attachment::InText::of(document));
        for (link, from) in document_links(document) {
            if let (Some(text), Some(from)) = (&text, from)
                && text.attachment(model, link, from).is_some()
            {
                continue;
            }
            checker.check(link, &page_dir, from, &mut out);
        }
    }
    out
}

/// The links of `document`, each with the file it is read from (a link to a markdown file or
/// an attachment is found from that file's folder): the document's own, or none in a
/// shortcode's body, which its template renders (`markdown` filter) without knowing the file,
/// so that a link there is the URL it is written as.
pub(crate) fn document_links(
    document: &content::Document,
) -> impl Iterator<Item = (&content::markdown::Link, Option<&Path>)> {
    // The outermost bodies, in order, each looked up by halves.
    let mut bodies: Vec<std::ops::Range<u32>> =
        document.shortcodes.iter().filter_map(|s| s.body).map(|body| body.start..body.end).collect();
    bodies.sort_by_key(|body| body.start);
    let mut end = 0;
    bodies.retain(|body| {
        let outermost = body.start >= end;
        end = end.max(body.end);
        outermost
    });
    document.links.iter().map(move |link| {
        let at = link.span.start;
        let in_body = bodies
            .partition_point(|body| body.start <= at)
            .checked_sub(1)
            .is_some_and(|i| bodies[i].contains(&at));
        (link, (!in_body).then_some(document.path.as_path()))
    })
}

/// The warnings for the links of site.toml's `record_note`, as `links` gives them for a body's,
/// placed in site.toml. The note is written into every record page, so its links are read from
/// the newest record's; a relative link that stays in that record's folder (`notes.txt`, which
/// is `records/<slug>/notes.txt` on each page) is read from each record's page, and said of the
/// first whose folder lacks it.
pub fn note_links(
    model: &crate::model::Model,
    planned: &[crate::pages::PlannedPage],
    statics: &std::collections::BTreeSet<String>,
) -> LinkAudit {
    let mut out = LinkAudit::default();
    let Some((links, first_dir)) = note_links_of(model) else { return out };
    let checker = LinkChecker::new(model, planned, statics);
    let page_dir =
        |entry: &crate::model::RecordEntry| crate::view::Urls::document_path(&model.documents[entry.doc]);
    for link in links {
        let mut first = LinkAudit::default();
        checker.check(&link, &first_dir, None, &mut first);
        let in_own_folder = first.warnings.is_empty()
            && checker.target(&link.dest, &first_dir).is_some_and(|target| target.starts_with(&first_dir));
        out.fragments.append(&mut first.fragments);
        out.warnings.append(&mut first.warnings);
        if in_own_folder {
            for entry in model.records.iter().rev().skip(1) {
                let mut other = LinkAudit::default();
                checker.check(&link, &page_dir(entry), None, &mut other);
                if !other.warnings.is_empty() {
                    out.warnings.append(&mut other.warnings);
                    break;
                }
            }
        }
    }
    out
}

/// The links and images of site.toml's `record_note`, placed in site.toml (`note_links_in`),
/// with the folder of the newest record's page, which they are read from; `None` without a
/// note or a record to show it.
fn note_links_of(model: &crate::model::Model) -> Option<(Vec<content::markdown::Link>, String)> {
    let note = model.config.record_note.as_deref()?;
    let file = model.sources.find(std::path::Path::new(crate::config::FILE))?;
    let newest = model.records.last()?;
    let newest = crate::view::Urls::document_path(&model.documents[newest.doc]);
    Some((note_links_in(note, &model.sources, file), newest))
}

/// The links and images of `note` (site.toml's `record_note`, as its TOML string reads), each
/// placed in site.toml's `file` at its destination as written there, or else (a destination
/// written with TOML's escapes) at the note's value.
fn note_links_in(
    note: &str,
    sources: &content::Sources,
    file: content::FileId,
) -> Vec<content::markdown::Link> {
    let text = &sources.get(file).text;
    let value = crate::config::span_at(sources, file, &[crate::config::Step::key("record_note")]).range();
    let mut from = value.start;
    let scan = content::markdown::scan(note, 0..note.len(), file);
    scan.links
        .into_iter()
        .map(|link| {
            // After its `(` first, or a wiki-link's `[[`: the link's text may hold the same words
            // (`[/x](/x)`).
            let found = text.get(from..value.end).filter(|_| !link.dest.is_empty()).and_then(|rest| {
                let opening = if link.wiki { "[[" } else { "(" };
                let after = rest.find(&format!("{opening}{}", link.dest)).map(|at| at + opening.len());
                after.or_else(|| rest.find(link.dest.as_str()))
            });
            let found = found.map(|at| from + at..from + at + link.dest.len());
            if let Some(found) = &found {
                from = found.end;
            }
            let range = found.unwrap_or_else(|| value.clone());
            content::markdown::Link { span: content::Span::new(file, range), ..link }
        })
        .collect()
}

/// What a link check reads: the site's planned pages and static files, and its base URL.
struct LinkChecker<'m> {
    model: &'m crate::model::Model,
    pages: HashMap<&'m str, &'m crate::pages::PageKind>,
    statics: &'m std::collections::BTreeSet<String>,
    base: Option<url::Url>,
    base_path: String,
    /// The documents' paths by name (`name_of`), made on the first link to a markdown file
    /// that is not there, for its "did you mean".
    names: std::sync::OnceLock<HashMap<String, &'m Path>>,
    /// The drafts left out by the names wiki-links call them (`model::wiki_names`), made on the
    /// first wiki-link that leads nowhere.
    drafts_by_name: std::sync::OnceLock<HashMap<String, Vec<&'m Path>>>,
}

/// What names a content file in a "did you mean": its name, or for an `index.md` (a bundle's)
/// its folder's name with it; composed (NFC), as links are read.
fn name_of(path: &Path) -> Option<String> {
    let mut parts = path.iter().rev().map(|part| part.to_string_lossy());
    let name = parts.next()?;
    let name = match name.as_ref() {
        "index.md" | "_index.md" => format!("{}/{name}", parts.next()?),
        _ => name.into_owned(),
    };
    Some(content::composed(&name))
}

impl<'m> LinkChecker<'m> {
    fn new(
        model: &'m crate::model::Model,
        planned: &'m [crate::pages::PlannedPage],
        statics: &'m std::collections::BTreeSet<String>,
    ) -> LinkChecker<'m> {
        LinkChecker {
            model,
            pages: planned.iter().map(|p| (p.path.as_str(), &p.kind)).collect(),
            statics,
            base: url::Url::parse(&model.config.base_url).ok(),
            base_path: decoded_path(crate::config::url_path(&model.config.base_url)),
            names: std::sync::OnceLock::new(),
            drafts_by_name: std::sync::OnceLock::new(),
        }
    }

    fn exists(&self, path: &str) -> bool {
        self.pages.contains_key(path) || self.statics.contains(path)
    }

    /// Where below the site a relative link `dest` (without its fragment and query) leads from
    /// the page in `page_dir`; `None` for any other link, or one above the site's root.
    fn target(&self, dest: &str, page_dir: &str) -> Option<String> {
        let dest = dest.split(['#', '?']).next().unwrap_or("");
        if dest.is_empty() || dest.starts_with('/') || content::load::url_scheme(dest).is_some() {
            return None;
        }
        normalize(&format!("{page_dir}{}", decoded_path(dest)))
    }

    /// Checks `link`, written on the page in `page_dir`, into `out`; written in the file at
    /// `from` (relative to the root), when it is a document's (a link to a markdown file is
    /// read from its folder: `md_link`).
    fn check(
        &self,
        link: &content::markdown::Link,
        page_dir: &str,
        from: Option<&Path>,
        out: &mut LinkAudit,
    ) {
        if link.wiki {
            self.check_wiki(link, page_dir, from, out);
            return;
        }
        if let Some(from) = from
            && !link.image
            && crate::md_link::written(&link.dest)
        {
            match crate::md_link::file(from, &link.dest) {
                Some((file, rest)) => self.check_file(link, page_dir, from, (&file, rest), out),
                None if link.dest.starts_with("@/") => out.warnings.push(Diagnostic::warning(
                    link.span,
                    format!("link to `{}` names no file below content/, where `@/` starts", clip(&link.dest)),
                )),
                // Above content/ (`../../README.md`): a URL, as written.
                None => {
                    self.check_url(link, page_dir, out);
                }
            }
            return;
        }
        self.check_url(link, page_dir, out);
    }

    /// Checks `link`, written on the page in `page_dir`, into `out` as the URL it is written
    /// as; whether nothing is built where it leads (`check_target`).
    fn check_url(&self, link: &content::markdown::Link, page_dir: &str, out: &mut LinkAudit) -> bool {
        let content::markdown::Link { dest: written, span, image, .. } = link;
        // What the message calls it: an image's source is a file, a link's usually a page.
        let what = if *image { "image" } else { "link to" };
        let (reference, fragment) = written.split_once('#').unwrap_or((written, ""));
        let dest = reference.split('?').next().unwrap_or("");
        // A link with a scheme, or a scheme-relative one (`//host/path`), is the site's only
        // on the site's origin; it is then read by its path. Others (`mailto:`, another host)
        // are not followed.
        let absolute = content::load::url_scheme(dest).is_some() || dest.starts_with("//");
        let base_path = &self.base_path;
        let path = if absolute {
            // The page's own URL, which a link with a scheme but no `//` (`https:notes/`) is
            // relative to, as a browser reads it.
            let Some(base) = &self.base else { return false };
            let Ok(page_url) = base.join(page_dir) else { return false };
            match page_url.join(dest) {
                Ok(link) if link.origin() == base.origin() => decoded_path(link.path()),
                _ => return false,
            }
        } else {
            decoded_path(dest)
        };
        let target = if path.is_empty() && !absolute {
            // `#analysis` or `?x#analysis`: this page.
            page_dir.to_string()
        } else if path.is_empty() {
            return false;
        } else if let Some(rest) = below_base(&path, base_path) {
            rest.to_string()
        } else if absolute {
            // Elsewhere on the same host: not the site's.
            return false;
        } else if path.starts_with('/') {
            out.warnings.push(Diagnostic::warning(
                *span,
                format!(
                    "{what} `{}` points outside the site, which lives below `{base_path}`",
                    clip(written)
                ),
            ));
            return false;
        } else {
            format!("{page_dir}{path}")
        };
        self.check_target(link, &target, fragment, out)
    }

    /// Checks `link`, which leads to `target` (below the site, `.` and `..` not yet resolved)
    /// and there to `fragment`, into `out`; whether nothing is built at `target` (the one
    /// warning it then adds says so).
    fn check_target(
        &self,
        link: &content::markdown::Link,
        target: &str,
        fragment: &str,
        out: &mut LinkAudit,
    ) -> bool {
        let content::markdown::Link { dest: written, span, image, .. } = link;
        let what = if *image { "image" } else { "link to" };
        let base_path = &self.base_path;
        let Some(path) = normalize(target) else {
            out.warnings.push(Diagnostic::warning(
                *span,
                format!("{what} `{}` climbs above the site's root", clip(written)),
            ));
            return false;
        };
        let folder_page = format!("{}/index.html", path.trim_end_matches('/'));
        let page = if path.is_empty() {
            Some("index.html".to_string())
        } else if self.exists(&path) {
            Some(path.clone())
        } else if self.exists(&folder_page) {
            Some(folder_page)
        } else {
            None
        };
        match page {
            None => {
                out.warnings.push(Diagnostic::warning(
                    *span,
                    format!(
                        "{what} `{}` points at no {} of the site: nothing is built at {}/{}",
                        clip(written),
                        if *image { "file" } else { "page" },
                        // Where the host serves it: below base_url's path (`/blog/records/...`).
                        base_path.trim_end_matches('/'),
                        clip(&path)
                    ),
                ));
                return true;
            }
            // An empty fragment and `#top` lead to the top of any page (HTML's "scroll to the
            // fragment"); a static file is not read.
            Some(page)
                if !fragment.is_empty()
                    && !fragment.eq_ignore_ascii_case("top")
                    && (page.ends_with(".html") || page.ends_with(".htm"))
                    && !self.statics.contains(&page) =>
            {
                if let Some(crate::pages::PageKind::Alias(document)) = self.pages.get(page.as_str()) {
                    let to = crate::view::Urls::document_path(&self.model.documents[*document]);
                    // The link to write instead is given whole, to be copied, or not at all.
                    let instead = if clip(fragment) == fragment {
                        format!("/{to}#{fragment}")
                    } else {
                        format!("/{to} with the fragment")
                    };
                    out.warnings.push(Diagnostic::warning(
                        *span,
                        format!(
                            "link to `{}` leads to a redirect to /{to}, which loses `#{}` on the way: link to \
                             {instead} instead",
                            clip(written),
                            clip(fragment)
                        ),
                    ));
                } else {
                    out.fragments.push(FragmentLink {
                        page,
                        fragment: fragment.to_string(),
                        dest: written.clone(),
                        span: *span,
                    });
                }
            }
            Some(_) => {}
        }
        false
    }

    /// Checks the wiki-link `link` (`md_link::wiki`), written on the page in `page_dir` and in
    /// the file at `from`; in none (a shortcode's body, site.toml's `record_note`), where the
    /// page writes it as it is, with a warning that it leads nowhere.
    fn check_wiki(
        &self,
        link: &content::markdown::Link,
        page_dir: &str,
        from: Option<&Path>,
        out: &mut LinkAudit,
    ) {
        let name = crate::md_link::WikiName::of(&link.dest);
        // An image, a file of another kind (`[[report.pdf]]`) or a URL (`[[https://x.org/]]`)
        // is a path from the page, as the page writes it.
        let url = |out: &mut LinkAudit| {
            self.check_url(link, page_dir, out);
        };
        if crate::md_link::is_url(&link.dest) {
            return url(out);
        }
        let Some(from) = from else {
            if link.image || name.is_attachment() {
                return url(out);
            }
            // Resolved as from a page at the top of content/, to say where it would lead.
            let page = crate::md_link::wiki(self.model, Path::new("content/_"), &link.dest)
                .map(|found| {
                    format!(
                        ": write its page's address, `{}{}{}`",
                        self.base_path,
                        crate::view::Urls::document_path(found.document),
                        found.fragment
                    )
                })
                .unwrap_or_default();
            out.warnings.push(Diagnostic::warning(
                link.span,
                format!(
                    "wiki-link `[[{}]]` is left as written here, in a shortcode's body or site.toml's \
                     record_note, which knows no file{page}",
                    clip(&link.dest)
                ),
            ));
            return;
        };
        let found = crate::md_link::wiki(self.model, from, &link.dest);
        let Some(found) = found else {
            let names_none = |what: &str| {
                let why = self.no_wiki(name, from);
                Diagnostic::warning(
                    link.span,
                    format!("link to `[[{}]]` names no {what} of the site: {why}", clip(&link.dest)),
                )
            };
            // A note no page is built from, which the page shows as text (`body::followed`).
            if !link.image && crate::md_link::names_a_missing_note(self.model, from, &link.dest) {
                out.warnings.push(names_none("page"));
                return;
            }
            // Else the page links the path as written: checked as such. `[[Next.js]]` names a
            // note as much as a file: when nothing is built there, the one warning that says so
            // says instead that both were looked for.
            let before = out.warnings.len();
            if self.check_url(link, page_dir, out) && !link.image && name.is_attachment() {
                out.warnings.truncate(before);
                out.warnings.push(names_none("page or file"));
            }
            return;
        };
        if link.image {
            out.warnings.push(Diagnostic::warning(
                link.span,
                format!(
                    "`![[{}]]` embeds a page, which leverage does not do: link to it with `[[{0}]]`",
                    clip(&link.dest)
                ),
            ));
            return;
        }
        let shown = content::markdown::Link { dest: format!("[[{}]]", link.dest), ..link.clone() };
        let target = crate::view::Urls::document_path(found.document);
        // A heading the page's spliced body has is on the page: only another id is looked for
        // in the page as built, which for every record linking the day before's analysis took
        // a tenth of a build.
        let fragment = if found.heading_on_page { "" } else { found.fragment.trim_start_matches('#') };
        self.check_target(&shown, &target, fragment, out);
        // One in the link's own folder is the one meant, as a relative link's would be.
        if found.of > 1 && found.document.path.parent() != from.parent() {
            out.warnings.push(Diagnostic::warning(
                link.span,
                format!(
                    "`[[{}]]` could name any of {} files; it leads to {}: write `[[{}]]` to say so",
                    clip(&link.dest),
                    found.of,
                    crate::theme::slashed(&found.document.path),
                    crate::md_link::wiki_name_of(self.model, from, found.document),
                ),
            ));
        }
    }

    /// Why the wiki-link `name`, written in the file at `from`, leads nowhere: no file is so
    /// named, or only a draft.
    fn no_wiki(&self, name: crate::md_link::WikiName<'_>, from: &Path) -> String {
        if name.path.is_empty() {
            return "it names no file".to_string();
        }
        // By name: every link that leads nowhere asks.
        let drafts = self.drafts_by_name.get_or_init(|| {
            let mut drafts: HashMap<String, Vec<&'m Path>> = HashMap::new();
            for draft in &self.model.drafts_left_out {
                for called in crate::model::wiki_names(draft) {
                    drafts.entry(called).or_default().push(draft.as_path());
                }
            }
            drafts
        });
        // Of the drafts called by one of its names.
        let called = [name.name, name.called()].map(crate::model::wiki_key);
        let candidates = called.iter().filter_map(|called| drafts.get(called)).flatten().copied();
        if let Some(draft) = crate::md_link::draft_named(name, from, candidates) {
            return format!("{} is a draft, left out of the site", crate::theme::slashed(draft));
        }
        if name.path.starts_with("./") || name.path.starts_with("../") {
            return match crate::md_link::file(from, &format!("{}.md", name.path)) {
                Some((file, _)) => format!("there is no {}", crate::theme::slashed(&file)),
                None => "it climbs above content/".to_string(),
            };
        }
        // A name that may be a file's (`Next.js`) was looked for as it is written too.
        let or_file =
            |shown: &str| if name.is_attachment() { format!(" or `{shown}`") } else { String::new() };
        let why = match name.folders {
            "" => format!(
                "no file below content/ is named `{}.md`{}",
                clip(name.name),
                or_file(&clip(name.name))
            ),
            folders => {
                let shown = format!("{}/{}", clip(folders), clip(name.name));
                format!("no file below content/ ends in `{shown}.md`{}", or_file(&shown))
            }
        };
        // Code's double brackets (`df[["a"]]`, `m[[0, 1]]`) read as a wiki-link, which the page
        // and the data show as its text alone, the brackets gone.
        let code_like = name.path.chars().any(|c| "\"'=,;(){}<>".contains(c))
            || name.path.chars().all(|c| c.is_ascii_digit() || c.is_whitespace());
        if code_like {
            format!(
                "{why}; if the brackets are text (code such as `x[[\"a\"]]`), write it in backticks, or `\\[[` for \
                 the brackets alone"
            )
        } else {
            why
        }
    }

    /// Checks `link`, written on the page in `page_dir` and in the file at `from`, which names the
    /// content file `file` (`md_link::file`) and there what follows its path: as a link to the
    /// page built from it; else as a link to a URL (a static file of that name), and when nothing
    /// is there, with a warning that names the file it looked for.
    fn check_file(
        &self,
        link: &content::markdown::Link,
        page_dir: &str,
        from: &Path,
        file: (&Path, &str),
        out: &mut LinkAudit,
    ) {
        let (file, rest) = file;
        let fragment = rest.split_once('#').map_or("", |(_, fragment)| fragment);
        if let Some(document) = self.model.document_named(file) {
            // The id of a heading its spliced body has is on the page (see `check_wiki`); a
            // browser looks for the fragment as written, then percent-decoded.
            let shown =
                |id: &str| self.model.index_of(document).is_some_and(|i| self.model.shows_heading_id(i, id));
            let on_page = !fragment.is_empty()
                && (shown(fragment)
                    || shown(&percent_encoding::percent_decode_str(fragment).decode_utf8_lossy()));
            let fragment = if on_page { "" } else { fragment };
            self.check_target(link, &crate::view::Urls::document_path(document), fragment, out);
            return;
        }
        let mut as_url = LinkAudit::default();
        self.check(link, page_dir, None, &mut as_url);
        if as_url.warnings.is_empty() {
            out.fragments.append(&mut as_url.fragments);
            return;
        }
        let shown = crate::theme::slashed(file);
        // A path as the link wrote it: from `content/` for Zola's `@/`, else from the page's file.
        let zola = link.dest.starts_with("@/");
        let written = |found: &Path| match found.strip_prefix("content") {
            Ok(below) if zola => format!("@/{}", crate::theme::slashed(below)),
            _ => crate::md_link::relative(from, found),
        };
        let markdown = file.extension().is_some_and(content::load::is_markdown_extension);
        let why = if self.model.drafts_left_out.contains(file) {
            format!("{shown} is a draft, left out of the site")
        } else if zola && !markdown {
            // `@/files/cv.pdf`: Zola's `@/` names markdown files, whose pages it leads to.
            format!(
                "`@/` leads to the page of a markdown file, and {shown} is none: a file below content/ is \
                 linked by its path from this page, `{}`",
                crate::md_link::relative(from, file)
            )
        } else {
            // The same file name in another folder: most often a link copied from a file there.
            let names = self.names.get_or_init(|| {
                let mut names = HashMap::new();
                for document in &self.model.documents {
                    if let Some(name) = name_of(&document.path) {
                        names.entry(name).or_insert(document.path.as_path());
                    }
                }
                names
            });
            match name_of(file).and_then(|name| names.get(&name)) {
                Some(found) => format!("there is no {shown}; did you mean `{}`?", written(found)),
                None => format!("there is no {shown}"),
            }
        };
        out.warnings.push(Diagnostic::warning(
            link.span,
            format!("link to `{}` names no page of the site: {why}", clip(&link.dest)),
        ));
    }
}

/// A URL's path as the link checks compare paths: decoded, and composed (NFC) as slugs are, so
/// that a link copied from a file's decomposed name still leads there.
fn decoded_path(text: &str) -> String {
    content::composed(&percent_encoding::percent_decode_str(text).decode_utf8_lossy())
}

/// Where below the site a decoded `path` leads: what follows `base_path`, or nothing for the base
/// path without its last `/` (`/blog` for `/blog/`, the home page); `None` outside the site.
fn below_base<'p>(path: &'p str, base_path: &str) -> Option<&'p str> {
    path.strip_prefix(base_path).or_else(|| (path == base_path.trim_end_matches('/')).then_some(""))
}

/// Where a link that leads off the site is used (`external_links`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalPlace {
    /// The link's place in its file.
    pub span: content::Span,
    /// The link as written there (a reference-style link's URL, as its definition writes it).
    pub written: String,
}

/// The links and images of `documents` that lead off the site, to be checked over the network
/// (`leverage check --external`): by URL (its fragment left out; as `url` writes URLs,
/// `https://xn--bcher-kva.example/Stra%C3%9Fe`), each with every place it is used, in order. An
/// `http` or `https` URL is off the site unless it is on `base_url`'s origin and below its path,
/// compared as `links` compares them (those `links` checks against the pages built).
pub fn external_links<'m>(
    model: &'m crate::model::Model,
    documents: impl IntoIterator<Item = &'m content::Document>,
) -> std::collections::BTreeMap<url::Url, Vec<ExternalPlace>> {
    let base = url::Url::parse(&model.config.base_url).ok();
    let base_path = decoded_path(crate::config::url_path(&model.config.base_url));
    let mut out: std::collections::BTreeMap<url::Url, Vec<ExternalPlace>> = std::collections::BTreeMap::new();
    let mut add = |links: &[content::markdown::Link], page_dir: &str| {
        // A scheme-relative link (`//host/path`) takes the scheme of the page it is on.
        let page_url = base.as_ref().and_then(|base| base.join(page_dir).ok());
        for content::markdown::Link { dest, span, .. } in links {
            let reference = dest.split('#').next().unwrap_or_default();
            if content::load::url_scheme(reference).is_none() && !reference.starts_with("//") {
                continue;
            }
            let url = match &page_url {
                Some(page_url) => page_url.join(reference),
                None => url::Url::parse(reference),
            };
            let Ok(url) = url else { continue };
            let on_site = |base: &url::Url| {
                url.origin() == base.origin() && below_base(&decoded_path(url.path()), &base_path).is_some()
            };
            if !matches!(url.scheme(), "http" | "https") || base.as_ref().is_some_and(on_site) {
                continue;
            }
            out.entry(url).or_default().push(ExternalPlace { span: *span, written: dest.clone() });
        }
    };
    for document in documents {
        add(&document.links, &crate::view::Urls::document_path(document));
    }
    // site.toml's `record_note`, on every record page (the newest's read, as `note_links` does).
    if let Some((links, newest)) = note_links_of(model) {
        add(&links, &newest);
    }
    out
}

/// The ids of a rendered page (`page_ids`).
#[derive(Debug, Default)]
pub struct PageIds {
    /// Every id, and every anchor's name, decoded.
    pub ids: std::collections::HashSet<String>,
    /// True when some value held a named character reference this reader does not decode
    /// (`&eacute;`): a link that finds no id there may still be right, and is not reported.
    pub uncertain: bool,
}

/// The ids suggested for the broken fragments of one page, by fragment (decoded).
type Suggested<'p> = HashMap<String, Option<&'p str>>;

/// The most broken fragments into one page that get a "did you mean".
const SUGGESTED_PER_PAGE: usize = 100;

/// Warnings for the fragment links whose page has no element with that id; `pages` holds the
/// ids of every rendered page that a fragment link leads to (`page_ids`). A page not rendered by
/// leverage (a file of static/) is not read.
pub fn fragment_warnings(
    links: &[FragmentLink],
    pages: &std::collections::HashMap<String, PageIds>,
) -> Vec<Diagnostic> {
    // Each page's ids in sorted order, made once for all the broken links into it, and the
    // suggestions made for it: one for each fragment, for at most `SUGGESTED_PER_PAGE` fragments
    // (each is compared with every id of the page: thousands of broken links into a page of
    // thousands of headings took 17 s).
    let mut sorted: HashMap<&str, (Vec<&str>, Suggested<'_>)> = HashMap::new();
    links
        .iter()
        .filter_map(|link| {
            let page = pages.get(&link.page).filter(|page| !page.uncertain)?;
            // A browser looks for the fragment as written, then percent-decoded.
            let decoded = percent_encoding::percent_decode_str(&link.fragment).decode_utf8_lossy();
            if page.ids.contains(&link.fragment) || page.ids.contains(decoded.as_ref()) {
                return None;
            }
            let shown = link.page.strip_suffix("index.html").unwrap_or(&link.page);
            let mut message = format!(
                "link to `{}` points at no element of /{}: nothing there has the id `{}`",
                clip(&link.dest),
                clip(shown),
                clip(&link.fragment)
            );
            let (ids, suggested) = sorted.entry(link.page.as_str()).or_insert_with(|| {
                let mut ids: Vec<&str> = page.ids.iter().map(String::as_str).collect();
                ids.sort_unstable();
                (ids, HashMap::new())
            });
            let near = match suggested.get(decoded.as_ref()) {
                Some(near) => *near,
                None if suggested.len() < SUGGESTED_PER_PAGE => {
                    let near = nearest_id(&decoded, ids);
                    suggested.insert(decoded.to_string(), near);
                    near
                }
                None => None,
            };
            if let Some(near) = near {
                message.push_str(&format!("; did you mean `#{}`?", clip(near)));
            }
            Some(Diagnostic::warning(link.span, message))
        })
        .collect()
}

/// The id of `ids` that `fragment` is a slip away from (`analysys`, `Analysis` for `analysis`):
/// the same but for case first, else the nearest as a front matter key's (in sorted order, so
/// that a tie is broken the same way in every build).
fn nearest_id<'i>(fragment: &str, sorted: &[&'i str]) -> Option<&'i str> {
    let lower = fragment.to_lowercase();
    sorted
        .iter()
        .find(|id| id.chars().flat_map(char::to_lowercase).eq(lower.chars()))
        .copied()
        .or_else(|| content::front_matter::nearest_name(fragment, sorted))
}

/// The ids of the elements of an HTML page, and the names of its anchors: every value of an
/// `id` or `name` attribute (any case, quoted or not, with or without spaces around the `=`),
/// character references decoded. A `name` of some other element (`<meta name=...>`) is taken
/// too, which can only hide a broken link, never invent one.
pub fn page_ids(html: &[u8]) -> PageIds {
    let mut page = PageIds::default();
    // Every `=` (memchr), looked back from past any spaces: an attribute name follows a space.
    for at in memchr::memchr_iter(b'=', html) {
        let before = html[..at].trim_ascii_end();
        // Most `=` end some other attribute (`class`, `href`, SVG's `x`): the letter before
        // the sign rules them out at once.
        let named = |name: &[u8]| {
            before.len() > name.len()
                && before[before.len() - name.len()..].eq_ignore_ascii_case(name)
                && before[before.len() - name.len() - 1].is_ascii_whitespace()
        };
        let wanted = match before.last().map(|b| b | 0x20) {
            Some(b'd') => named(b"id"),
            Some(b'e') => named(b"name"),
            _ => false,
        };
        if !wanted {
            continue;
        }
        let rest = html[at + 1..].trim_ascii_start();
        let value = match rest.first() {
            Some(&quote @ (b'"' | b'\'')) => rest[1..].split(|b| *b == quote).next(),
            _ => rest.split(|b| b.is_ascii_whitespace() || *b == b'>').next(),
        };
        let (id, known) = unescape_attribute(&String::from_utf8_lossy(value.unwrap_or_default()));
        page.uncertain |= !known;
        page.ids.insert(id);
    }
    page
}

/// An attribute value with its character references decoded: numeric ones and the five named
/// ones escaping writes. The flag is false when a named one was left as it is.
fn unescape_attribute(value: &str) -> (String, bool) {
    if !value.contains('&') {
        return (value.to_string(), true);
    }
    let mut out = String::with_capacity(value.len());
    let mut known = true;
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                })
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                known &= name.starts_with('#') || name.is_empty() || name.contains(char::is_whitespace);
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    (out, known)
}

/// Resolves `.` and `..` segments; `None` when the path climbs above the root.
pub(crate) fn normalize(path: &str) -> Option<String> {
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

    /// `Sums` makes the spread only for a figure that reads it: every other figure must come out
    /// the same without it, or a check would compare it with none.
    #[test]
    fn only_the_figures_that_read_the_spread_change_with_it() {
        use math::{Minutes, TaskFigures};
        let tasks: Vec<TaskFigures> = [(600, 10), (120, 40), (60, 60)]
            .into_iter()
            .map(|(h, a)| TaskFigures::new(Minutes::from(h), Minutes::from(a), None, None).expect("a task"))
            .collect();
        let totals = Totals::of_record(&tasks, None);
        let spread = Spread::of(tasks.iter().map(TaskFigures::leverage)).expect("tasks");
        let week = WorkWeek::default();
        for kind in MetricKind::ALL {
            let with = metric_display(kind, &totals, Some(&spread), &week);
            let without = metric_display(kind, &totals, None, &week);
            assert_eq!(with != without, kind.reads_spread(), "{kind:?}: {with:?} against {without:?}");
        }
    }

    /// A stated factor that is the computed one turned over, under 1x: the two times' cells
    /// written the wrong way round, said so; a factor simply wrong is not.
    #[test]
    fn a_stated_factor_of_swapped_times_says_so() {
        let dir = tempfile::tempdir().expect("a folder");
        std::fs::write(dir.path().join("site.toml"), "").expect("written");
        std::fs::create_dir_all(dir.path().join("content/records")).expect("folders");
        let record = "| Task | Human Est. | Claude Time | Leverage |\n|---|---|---|---|\n\
                      | A | 5min | 2h | 24x |\n| B | 2h | 5min | 20x |\n| C | 5min | 2h | 3x |\n";
        std::fs::write(dir.path().join("content/records/2026-03-02.md"), record).expect("written");
        let report =
            crate::check(&crate::BuildOptions { root: dir.path().to_path_buf(), ..Default::default() });
        let said: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .filter(|m| m.starts_with("stated"))
            .collect();
        assert_eq!(
            said,
            [
                "stated 24x, computed <0.1x; the human estimate (5min) is less than the AI time (2h), and 24x is \
                 the one over the other: are the two cells swapped?",
                "stated 20x, computed 24x",
                "stated 3x, computed <0.1x"
            ]
        );
    }

    #[test]
    fn external_links_are_those_off_the_site_by_url() {
        let dir = tempfile::tempdir().expect("a folder");
        std::fs::write(dir.path().join("site.toml"), "base_url = \"https://example.org/blog/\"\n")
            .expect("written");
        std::fs::create_dir_all(dir.path().join("content/records")).expect("folders");
        let body = "[a](https://other.org/x#frag) [b](//cdn.example.net/i.png) ![c](HTTPS://Other.org:443/x)\n\
                    [d](https://example.org/blog/records/) [e](https://example.org/blog) [f](https://example.org/shop/)\n\
                    [g](mailto:a@b.c) [h](/records/) [i](ftp://x.org/) [j](http://127.0.0.1:9/ok?q=1)\n\
                    [k](https://example.org/blog%2Fx) [l](https://example.org/bl%6Fg/records/)\n";
        std::fs::write(dir.path().join("content/records/2026-03-02.md"), body).expect("written");
        let report =
            crate::load(&crate::BuildOptions { root: dir.path().to_path_buf(), ..Default::default() });
        let model = report.model.expect("a model");
        let found = external_links(&model, &model.documents);
        let urls: Vec<&str> = found.keys().map(url::Url::as_str).collect();
        assert_eq!(
            urls,
            [
                "http://127.0.0.1:9/ok?q=1",
                "https://cdn.example.net/i.png",
                "https://example.org/shop/",
                "https://other.org/x"
            ]
        );
        let places: Vec<(usize, &str)> = found[&url::Url::parse("https://other.org/x").expect("a URL")]
            .iter()
            .map(|p| (p.span.start as usize, p.written.as_str()))
            .collect();
        assert_eq!(
            places,
            [(0, "https://other.org/x#frag"), (body.find("![c]").expect("c"), "HTTPS://Other.org:443/x")],
            "each place, in order, as written"
        );
        // record_note's, on every record page, at their place in site.toml.
        let toml = "base_url = \"https://example.org/blog/\"\nrecord_note = \"See [m](https://note.example/m) and [d](https://example.org/blog/)\"\n";
        std::fs::write(dir.path().join("site.toml"), toml).expect("written");
        let report =
            crate::load(&crate::BuildOptions { root: dir.path().to_path_buf(), ..Default::default() });
        let model = report.model.expect("a model");
        let found = external_links(&model, &model.documents);
        let note = &found[&url::Url::parse("https://note.example/m").expect("a URL")];
        assert_eq!(model.sources.get(note[0].span.file).path, std::path::Path::new("site.toml"));
        assert_eq!(&toml[note[0].span.range()], "https://note.example/m");
        assert_eq!(found.len(), 5, "{:?}", found.keys().collect::<Vec<_>>());
    }

    /// The record of `body`, as the build reads it from `content/records/2026-03-02.md`.
    fn record_of(body: &str) -> content::Record {
        let mut sources = content::Sources::new();
        let file = sources.add("content/records/2026-03-02.md", body.to_string());
        let parsed = content::parse_document(&sources, file, &content::Options::default());
        let document = parsed.document.expect("a document");
        document.record().expect("a record").clone()
    }

    /// A task table of `tasks` (human minutes, AI minutes) under an AI time column `agent`.
    fn table(agent: &str, tasks: &[(u32, u32)]) -> String {
        let rows: String = tasks.iter().map(|(h, a)| format!("| t | {h}min | {a}min |\n")).collect();
        format!("\n| Task | Human Est. | {agent} |\n|---|---|---|\n{rows}\n")
    }

    /// An aggregate table stating `metrics` (name, value).
    fn aggregates(metrics: &[(&str, &str)]) -> String {
        let rows: String = metrics.iter().map(|(m, v)| format!("| {m} | {v} |\n")).collect();
        format!("\n### Aggregate Stats\n\n| Metric | Value |\n|---|---|\n{rows}\n")
    }

    /// The old lookup, one table at a time: what `Agents::named_in` must agree with.
    fn named_by_scan(record: &content::Record, metric: &StatedMetric) -> Option<(String, Totals)> {
        use content::table::normalize;
        if metric.kind != Some(MetricKind::AiMinutes) {
            return None;
        }
        let (first, rest) = record.tables.split_first()?;
        if rest.iter().all(|t| crate::model::same_agent(&t.ai_label, &first.ai_label)) {
            return None;
        }
        let name = format!(" {} ", normalize(&metric.name.value));
        let label = record.tables.iter().map(|t| t.ai_label.as_str()).find(|l| {
            let words = normalize(l);
            !matches!(words.as_str(), "" | "ai" | "agent") && name.contains(&format!(" {words} "))
        })?;
        let tasks = record
            .tables
            .iter()
            .filter(|t| normalize(&t.ai_label) == normalize(label))
            .flat_map(|t| &t.tasks);
        Some((label.to_string(), Totals::of_record(tasks.map(|t| &t.figures), None)))
    }

    #[test]
    fn a_stated_time_names_the_agent_of_the_first_table_it_names() {
        let body = [
            table("Claude Code", &[(120, 10)]),
            table("Claude", &[(60, 20)]),
            table("Codex", &[(30, 5), (30, 5)]),
            table("AI", &[(10, 1)]),
            aggregates(&[
                ("Total Claude Code minutes", "10min"),
                ("Total Claude minutes", "20min"),
                ("Codex minutes, total", "10min"),
                ("Total Claudette minutes", "1min"),
                ("Total AI minutes", "36min"),
                ("Total tasks", "5"),
            ]),
        ]
        .concat();
        let record = record_of(&body);
        let agents = Agents::of(&record);
        let named: Vec<_> = record.aggregates[0]
            .metrics
            .iter()
            .map(|m| agents.named_in(m).map(|(label, totals)| (label, totals.ai.get())))
            .collect();
        assert_eq!(
            named,
            [Some(("Claude Code", 10.0)), Some(("Claude", 20.0)), Some(("Codex", 10.0)), None, None, None]
        );
        // One agent: every stated time is the day's.
        let one = record_of(
            &[
                table("Claude", &[(60, 5)]),
                table("Claude", &[(60, 5)]),
                aggregates(&[("Total Claude minutes", "10min")]),
            ]
            .concat(),
        );
        assert_eq!(Agents::of(&one).named_in(&one.aggregates[0].metrics[0]), None);
        // An agent written in two cases is one: its stated time is both tables' minutes.
        let cased = record_of(
            &[
                table("Robot Time", &[(60, 5)]),
                table("robot time", &[(60, 7)]),
                table("Codex", &[(60, 9)]),
                aggregates(&[("Total Robot minutes", "12min")]),
            ]
            .concat(),
        );
        let named = Agents::of(&cased).named_in(&cased.aggregates[0].metrics[0]);
        assert_eq!(named.map(|(label, totals)| (label, totals.ai.get())), Some(("Robot", 12.0)));
    }

    #[test]
    fn the_spread_of_the_day_so_far_is_the_spread_of_its_tasks_in_any_order_asked() {
        let tables = [(1, 7), (4, 1), (0, 3), (2, 2), (9, 1)];
        let body: String = tables
            .iter()
            .map(|&(n, seed)| {
                table("Claude", &(0..n).map(|i| (60 + 37 * ((i + seed) % 5), 10 + i)).collect::<Vec<_>>())
            })
            .collect();
        let record = record_of(&body);
        let parts = Parts::of(&record);
        for count in [0, 2, 3, 5, 1, 4, 5, 0, 2] {
            let tasks = record.tables[..count].iter().flat_map(|t| &t.tasks);
            assert_eq!(
                parts.spread_down_to(count),
                Spread::of(tasks.map(|t| t.figures.leverage())),
                "the first {count} tables"
            );
            let (totals, rows) = parts.down_to[count];
            let tasks = record.tables[..count].iter().flat_map(|t| &t.tasks);
            assert_eq!(totals, Totals::of_record(tasks.clone().map(|t| &t.figures), None));
            assert_eq!(rows, tasks.count());
        }
    }

    #[test]
    fn each_aggregate_table_may_state_its_part_or_the_day_so_far() {
        // Parts of 12x (2h over 10min), 3x (1h over 20min) and 2x (1h over 30min); the day so
        // far is 6x under the second part, 4x under the third, and its mean leverage 7.5x, then
        // about 5.67x.
        let body = [
            table("Claude Time", &[(120, 10)]),
            aggregates(&[("Weighted average leverage", "12x"), ("Total tasks", "1")]),
            table("Claude Time", &[(60, 20)]),
            aggregates(&[
                ("Weighted average leverage", "6x"),
                ("Mean leverage", "7.5x"),
                ("Total tasks", "1"),
            ]),
            table("Claude Time", &[(60, 30)]),
            aggregates(&[
                ("Weighted average leverage", "5x"),
                ("Mean leverage", "5.67x"),
                ("Median leverage", "2x"),
            ]),
        ]
        .concat();
        let record = record_of(&body);
        let totals = Totals::of_record(record.tasks().map(|t| &t.figures), None);
        let spread = Spread::of(record.tasks().map(|t| t.figures.leverage()));
        let messages: Vec<String> = check(&record, &totals, spread.as_ref(), &WorkWeek::default())
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(messages, ["stated 5x for `Weighted average leverage`, computed 4x"]);
        let week = WorkWeek::default();
        let agrees: Vec<Vec<bool>> = record
            .aggregates
            .iter()
            .map(|t| t.metrics.iter().map(|m| agrees_with_a_part(&record, m, &week)).collect())
            .collect();
        assert_eq!(agrees, [vec![true, true], vec![true, true, true], vec![false, true, true]]);
        // One `DayParts` asked of every metric, in any order, answers as each asked alone; a
        // metric of no table of the record agrees with no part of it.
        let parts = DayParts::new(&record);
        let metrics: Vec<&StatedMetric> = record.aggregates.iter().flat_map(|t| &t.metrics).collect();
        for m in metrics.iter().rev().chain(&metrics) {
            assert_eq!(parts.agrees(m, &week), agrees_with_a_part(&record, m, &week));
        }
        let other = record_of(&body);
        assert!(!parts.agrees(&other.aggregates[2].metrics[1], &week));
    }

    proptest::proptest! {
        /// Whatever the agents' labels and the stated time's words, `Agents` names the agent
        /// the scan of every table names, with the same totals.
        #[test]
        fn agents_name_what_a_scan_of_the_tables_names(
            labels in proptest::collection::vec(0..6usize, 1..6),
            words in proptest::collection::vec(0..8usize, 1..6),
        ) {
            const LABELS: [&str; 6] = ["Claude", "Claude Code", "Codex", "AI", "code", "Agent"];
            const WORDS: [&str; 8] = ["Total", "Claude", "Code", "Codex", "minutes", "Claudette", "AI", "agent"];
            let tables: String = labels
                .iter()
                .enumerate()
                .map(|(i, &l)| table(LABELS[l], &[(60 + i as u32, 7), (5, 1 + i as u32)]))
                .collect();
            let name = [words.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" "), " minutes".into()].concat();
            let record = record_of(&[tables, aggregates(&[(&name, "5min")])].concat());
            proptest::prop_assume!(record.aggregates.len() == 1 && record.tables.len() == labels.len());
            let metric = &record.aggregates[0].metrics[0];
            let named = Agents::of(&record).named_in(metric).map(|(l, t)| (l.to_string(), t));
            proptest::prop_assert_eq!(named, named_by_scan(&record, metric));
        }
    }

    #[test]
    fn a_name_composed_or_decomposed_is_one_spelling() {
        assert!(same_name("Caf\u{e9}", "Cafe\u{301}"));
        assert!(same_name("Mobile App", "Mobile App"));
        assert!(!same_name("Caf\u{e9}", "Cafe"), "an accent dropped is another spelling");
        assert!(!same_name("rust", "Rust"));
        assert!(!same_name("\u{212b}ngstr\u{f6}m", "\u{c5}ngstrom"));
    }

    #[test]
    fn normalizes_dot_segments() {
        assert_eq!(normalize("records/a/../b/").as_deref(), Some("records/b/"));
        assert_eq!(normalize("./about/").as_deref(), Some("about/"));
        assert_eq!(normalize("records/../../x"), None);
    }

    /// Each broken fragment is compared with the page's ids once, and only so many are: the
    /// rest are still warned of, without a suggestion.
    #[test]
    fn broken_fragments_into_one_page_get_a_bounded_number_of_suggestions() {
        let ids: std::collections::HashSet<String> =
            (0..300).map(|i| format!("heading-number-{i}")).collect();
        let pages = HashMap::from([("a/index.html".to_string(), PageIds { ids, uncertain: false })]);
        let link = |fragment: String| FragmentLink {
            page: "a/index.html".to_string(),
            dest: format!("/a/#{fragment}"),
            fragment,
            span: content::Span::new(content::FileId(0), 0..1),
        };
        let mut links: Vec<FragmentLink> = (0..300).map(|i| link(format!("heading-numbr-{i}"))).collect();
        // The first fragment again, after the limit: its suggestion is the one already made.
        links.push(link("heading-numbr-0".to_string()));
        let warnings = fragment_warnings(&links, &pages);
        assert_eq!(warnings.len(), 301);
        let suggested = |w: &Diagnostic| w.message.contains("; did you mean");
        assert_eq!(warnings.iter().filter(|w| suggested(w)).count(), SUGGESTED_PER_PAGE + 1);
        assert!(
            warnings[0].message.ends_with("did you mean `#heading-number-0`?"),
            "{}",
            warnings[0].message
        );
        assert!(suggested(&warnings[300]) && !suggested(&warnings[299]));
    }

    #[test]
    fn page_ids_are_every_id_and_name_attribute() {
        let html = "<h2 id=\"analysis\">A</h2><a name='old'></a><div id=bare>x</div>\
                    <p data-id=\"no\">id=\"no-either\"</p><h3 id=\"a&amp;b\"><P\nID=\"upper\">\
                    <a id = \"spaced\"><i id=\"caf&#233;&#xE9;\">";
        let page = page_ids(html.as_bytes());
        let mut ids: Vec<&str> = page.ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["a&b", "analysis", "bare", "caféé", "old", "spaced", "upper"]);
        assert!(!page.uncertain);
        // A named reference this reader does not know makes the page's ids uncertain.
        assert!(page_ids(b"<i id=\"caf&eacute;\">").uncertain);
        assert!(!page_ids(b"<i id=\"x & y; z\">").uncertain);
    }

    proptest::proptest! {
        /// Whatever an id holds, escaped as pages escape attribute values it is read back as
        /// it was, next to other attributes, and no input makes the reader panic.
        #[test]
        fn an_escaped_id_is_read_back(id in "[^\"]{0,12}", noise in ".{0,40}") {
            let mut escaped = String::new();
            pulldown_cmark_escape::escape_html(&mut escaped, &id).expect("writing to a String");
            let html = format!("{noise}<h2 class=\"x\" id=\"{escaped}\" data-x=y>t</h2>");
            let page = page_ids(html.as_bytes());
            proptest::prop_assert!(page.ids.contains(&id), "{:?} not in {:?}", id, page.ids);
            let _ = page_ids(noise.as_bytes());
        }
    }

    #[test]
    fn a_scheme_is_a_letter_then_letters_digits_plus_minus_dots() {
        for yes in ["https://x", "mailto:a@b", "git+ssh://h/p", "Web.cal:x"] {
            assert!(content::load::url_scheme(yes).is_some(), "{yes}");
        }
        for no in ["10:30/", "./a:b", "records/a:b/", "/x:y", "//host/p", "-x:y", ":x", "no-colon"] {
            assert!(content::load::url_scheme(no).is_none(), "{no}");
        }
    }
}
