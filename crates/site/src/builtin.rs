//! Built-in renderings of default-theme partials, macros and pages: Rust code that writes exactly the
//! bytes the theme's template would, used only while a site keeps that template unchanged.
//!
//! A record page prints every task cell through `partials/task_table.html`; through the template
//! engine that loop was a third of a 10,000-record build, and the record cards' macro calls the
//! largest part of what was left (docs/performance.md); then the pages themselves: the home,
//! archive, record, tag and workstream pages (each in `base.html`) are written here too. A site
//! that overrides a template (in `templates/` or its own theme) gets its template, as always: the
//! choice is made by comparing the template's text with the embedded default's, and a page kind
//! is written here only while every template it renders with is the default
//! (`Page::templates`). Tests render random inputs both ways and require the same bytes.

use std::fmt::Write;

use crate::filters::{DESCRIPTION_LENGTH, shorten, shorten_value};
use crate::pages::{SiteView, write_escaped, write_escaped_value};
use crate::theme;
use crate::view::TableParts;

/// The default theme's task table partial, by template name.
pub(crate) const TASK_TABLE: &str = "partials/task_table.html";

/// The default theme's aggregate stats partial, rendered for a record's "Aggregate Stats" table.
pub(crate) const AGGREGATES: &str = "partials/aggregates.html";

/// The default theme's table of days (a row of figures per record), included by the home and
/// tag pages.
pub(crate) const DAILY_TABLE: &str = "partials/daily_table.html";

/// What the daily table's caption says of its leverage column, a weighted figure.
/// How a caption says leverage is computed, with the agent its figures are labelled for.
fn weighted(caption: &mut String, ai_label: &str) -> std::fmt::Result {
    write!(caption, "; leverage is total human ÷ total {ai_label} time")
}

/// The default theme's chart partial, included once per chart by several page templates.
pub(crate) const CHART: &str = "partials/chart.html";

/// What the environment compiles in place of the default chart partial: a call of
/// `CHART_FUNCTION`, which writes the same bytes. Includes and overrides work as before.
pub(crate) const CHART_STAND_IN: &str = "{{ __leverage_chart(chart) }}";

/// The name of the function `CHART_STAND_IN` calls.
pub(crate) const CHART_FUNCTION: &str = "__leverage_chart";

/// The default theme's shared macros, imported by most page templates.
pub(crate) const MACROS: &str = "partials/macros.html";

/// The macros of the default `partials/macros.html` that are written from Rust. A large site's
/// home and tag pages print thousands of record cards, each of which calls the other two;
/// through the template engine, macro calls were a quarter of a build's template time.
const MACROS_BUILT_IN: [&str; 3] = ["figures", "tag_list", "record_card"];

/// The parameters of each built-in macro, with their defaults, as the template declares them.
const FIGURES_PARAMS: [(&str, ParamDefault); 3] = [
    ("totals", ParamDefault::None),
    ("ai_label", ParamDefault::Text("AI")),
    ("class", ParamDefault::Text("figures")),
];
const TAG_LIST_PARAMS: [(&str, ParamDefault); 1] = [("tags", ParamDefault::None)];
const RECORD_CARD_PARAMS: [(&str, ParamDefault); 2] =
    [("record", ParamDefault::None), ("level", ParamDefault::Int(3))];

/// A macro parameter's default value.
#[derive(Clone, Copy)]
enum ParamDefault {
    /// None: left out, the parameter is undefined.
    None,
    Text(&'static str),
    Int(i64),
}

/// What the environment compiles in place of the default macros: the same text with each of
/// `MACROS_BUILT_IN` defined as a function (`{% set figures = __leverage_figures %}`) that takes
/// the same arguments and writes the same bytes; the other macros stay the template's own.
/// `None` when a macro is not found (the text then compiles as it is). Each macro becomes a
/// comment of as many bytes and lines, and the `set`s go after the last line, so that every other
/// byte keeps its place: an error in a later macro (`toc`, `pagination`) is said where it is in
/// the file, where it was said at a line of another, with that line's text.
pub(crate) fn macros_stand_in(text: &str) -> Option<String> {
    let mut out = text.to_string();
    for name in MACROS_BUILT_IN {
        let start = out.find(&format!("{{% macro {name}("))?;
        let end = start + out[start..].find("{%- endmacro %}")? + "{%- endmacro %}".len();
        let inside: String =
            out[start + 2..end - 2].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect();
        out.replace_range(start..end, &format!("{{#{inside}#}}"));
    }
    for name in MACROS_BUILT_IN {
        out.push_str(&format!("{{% set {name} = __leverage_{name} %}}"));
    }
    Some(out)
}

/// Binds a call's arguments to the parameters `params` of macro `name` as the template engine
/// does: positional first, then by keyword; a missing or undefined one is its default (or stays
/// undefined without one), while `none` is a value like any other; an unknown keyword, a
/// parameter given twice or one argument too many is an error.
fn bind<const N: usize>(
    name: &str,
    params: &[(&str, ParamDefault); N],
    args: &[minijinja::Value],
    kwargs: &minijinja::value::Kwargs,
) -> Result<[minijinja::Value; N], minijinja::Error> {
    if args.len() > N {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::TooManyArguments,
            format!("the `{name}` macro of {MACROS} takes {N} arguments"),
        ));
    }
    let mut bound: [minijinja::Value; N] = std::array::from_fn(|_| minijinja::Value::UNDEFINED);
    for (i, (param, default)) in params.iter().enumerate() {
        let given = match (args.get(i), kwargs.has(param)) {
            (Some(_), true) => {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::TooManyArguments,
                    format!("the `{name}` macro got `{param}` twice"),
                ));
            }
            (Some(value), false) => value.clone(),
            (None, true) => kwargs.get::<minijinja::Value>(param)?,
            (None, false) => minijinja::Value::UNDEFINED,
        };
        bound[i] = or_default(given, default);
    }
    kwargs.assert_all_used()?;
    Ok(bound)
}

/// `value`, or the parameter's default when it is undefined, as a macro's default applies.
fn or_default(value: minijinja::Value, default: &ParamDefault) -> minijinja::Value {
    if !value.is_undefined() {
        return value;
    }
    match default {
        ParamDefault::None => minijinja::Value::UNDEFINED,
        ParamDefault::Text(text) => minijinja::Value::from(*text),
        ParamDefault::Int(number) => minijinja::Value::from(*number),
    }
}

/// Registers the functions the macros' stand-in defines its macros as.
pub(crate) fn add_macro_functions(env: &mut minijinja::Environment<'_>) {
    use minijinja::value::{Kwargs, Rest};
    env.add_function("__leverage_figures", |args: Rest<minijinja::Value>, kwargs: Kwargs| {
        let [totals, ai_label, class] = bind("figures", &FIGURES_PARAMS, &args, &kwargs)?;
        safe("figures", |out| {
            let class = Text::Value(class);
            figures_into(out, &FigureParts::of_value(&totals)?, &Text::Value(ai_label), &class)
        })
    });
    env.add_function("__leverage_tag_list", |args: Rest<minijinja::Value>, kwargs: Kwargs| {
        let [tags] = bind("tag_list", &TAG_LIST_PARAMS, &args, &kwargs)?;
        safe("tag_list", |out| tag_list_into(out, &tags_of_value(&tags)?))
    });
    env.add_function("__leverage_record_card", |args: Rest<minijinja::Value>, kwargs: Kwargs| {
        let [record, level] = bind("record_card", &RECORD_CARD_PARAMS, &args, &kwargs)?;
        record_card(&record, &level)
    });
}

/// `record_card(record, level)` as a safe string. A summary leverage made keeps its card at the
/// default level.
fn record_card(
    record: &minijinja::Value,
    level: &minijinja::Value,
) -> Result<minijinja::Value, minijinja::Error> {
    let write = || safe("record_card", |out| record_card_into(out, record, level));
    match record.downcast_object_ref::<crate::pages::SummaryObject>() {
        // The default level exactly: `3.0` prints as `3.0` in the heading, so it is not kept.
        Some(summary) if level.is_integer() && level.as_i64() == Some(3) => summary.card(write),
        _ => write(),
    }
}

/// What `write` writes, as a safe string; an error names the macro when a value it prints is
/// missing (as the template's would, the environment being semi-strict).
fn safe(
    name: &str,
    write: impl FnOnce(&mut String) -> std::fmt::Result,
) -> Result<minijinja::Value, minijinja::Error> {
    let mut out = String::with_capacity(512);
    write(&mut out).map_err(|_| {
        minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            format!("the `{name}` macro of {MACROS} printed an undefined value"),
        )
    })?;
    Ok(minijinja::Value::from_safe_string(out))
}

/// `value.name`, as the template reads it.
fn attr(value: &minijinja::Value, name: &str) -> Result<minijinja::Value, std::fmt::Error> {
    value.get_attr(name).map_err(|_| std::fmt::Error)
}

/// What the `figures` macro prints of a set's totals, read from a typed `TotalsView` or from any
/// template value (whose missing figures make the macro fail, as the template's would).
struct FigureParts<'a> {
    /// `None` when the template's test of it is false (missing, none or empty): a dash.
    leverage: Option<Text<'a>>,
    human: Text<'a>,
    ai: Text<'a>,
    tasks: Text<'a>,
    /// When `tasks` is 0 (a day of prose alone): one line says so, where zeros and a dash would
    /// read as figures. Totals without `tasks` (a theme's own) get the figures.
    none: bool,
    /// The token total, when any task's count is known.
    tokens: Option<Text<'a>>,
    supervisory: Option<Text<'a>>,
    supervisory_leverage: Option<Text<'a>>,
}

impl<'a> FigureParts<'a> {
    fn of_value(totals: &minijinja::Value) -> Result<FigureParts<'a>, std::fmt::Error> {
        let tested = |name: &str| -> Result<Option<Text<'a>>, std::fmt::Error> {
            let value = attr(totals, name)?;
            Ok(value.is_true().then_some(Text::Value(value)))
        };
        Ok(FigureParts {
            leverage: tested("leverage")?,
            human: Text::Value(attr(totals, "human")?),
            ai: Text::Value(attr(totals, "ai")?),
            tasks: Text::Value(attr(totals, "tasks")?),
            none: attr(totals, "tasks")? == minijinja::Value::from(0),
            tokens: tested("tokens")?,
            supervisory: tested("supervisory")?,
            supervisory_leverage: tested("supervisory_leverage")?,
        })
    }

    fn of_view(totals: &'a crate::view::TotalsView) -> FigureParts<'a> {
        let tested = |text: &'a Option<String>| shown(text).map(Text::Plain);
        FigureParts {
            leverage: tested(&totals.leverage),
            human: Text::Plain(&totals.human),
            ai: Text::Plain(&totals.ai),
            tasks: Text::Value(minijinja::Value::from(totals.tasks)),
            none: totals.tasks == 0,
            tokens: tested(&totals.tokens),
            supervisory: tested(&totals.supervisory),
            supervisory_leverage: tested(&totals.supervisory_leverage),
        }
    }
}

/// What record cards and record pages print of a record's summary: read from the typed summary
/// when leverage made it, which prints each field as it is (converting each field to a template
/// value to print it was most of what a card cost), or from any template value as the template
/// reads it.
struct SummaryParts<'a> {
    title: Text<'a>,
    date: Text<'a>,
    date_display: Text<'a>,
    tags: Tags<'a>,
    /// `None` when the template's test of it is false.
    summary: Option<Text<'a>>,
    ai_label: Text<'a>,
    /// `record.updated`, printed only beside `updated_display`.
    updated: Text<'a>,
    /// `None` when the template's test of it is false.
    updated_display: Option<Text<'a>>,
    totals: FigureParts<'a>,
}

impl<'a> SummaryParts<'a> {
    fn of(record: &'a minijinja::Value) -> Result<SummaryParts<'a>, std::fmt::Error> {
        match typed(record) {
            Some(summary) => Ok(SummaryParts::of_summary(summary)),
            None => SummaryParts::of_value(record),
        }
    }

    fn of_value(record: &minijinja::Value) -> Result<SummaryParts<'a>, std::fmt::Error> {
        let tags = tags_of_value(&attr(record, "tags")?)?;
        let summary = attr(record, "summary")?;
        let updated_display = attr(record, "updated_display")?;
        Ok(SummaryParts {
            title: Text::Value(attr(record, "title")?),
            date: Text::Value(attr(record, "date")?),
            date_display: Text::Value(attr(record, "date_display")?),
            tags,
            summary: summary.is_true().then_some(Text::Value(summary)),
            // `figures(record.totals, record.ai_label)`: a summary without a label gets the default.
            ai_label: Text::Value(or_default(attr(record, "ai_label")?, &FIGURES_PARAMS[1].1)),
            updated: Text::Value(attr(record, "updated")?),
            updated_display: updated_display.is_true().then_some(Text::Value(updated_display)),
            totals: FigureParts::of_value(&attr(record, "totals")?)?,
        })
    }

    fn of_summary(record: &'a crate::view::RecordSummary) -> SummaryParts<'a> {
        SummaryParts {
            title: Text::Plain(&record.title),
            date: Text::Plain(&record.date),
            date_display: Text::Plain(&record.date_display),
            // An empty list is false to the template.
            tags: (!record.tags.is_empty()).then(|| {
                record.tags.iter().map(|tag| (Text::Plain(&tag.url), Text::Plain(&tag.name))).collect()
            }),
            summary: shown(&record.summary).map(Text::Plain),
            ai_label: Text::Plain(&record.ai_label),
            updated: record.updated.as_deref().map_or(Text::Value(minijinja::Value::from(())), Text::Plain),
            updated_display: shown(&record.updated_display).map(Text::Plain),
            totals: FigureParts::of_view(&record.totals),
        }
    }
}

/// What the `tag_list` macro prints: each tag's URL and name, or nothing at all (not even the
/// list's markup) when the template's test of the list is false.
type Tags<'a> = Option<Vec<(Text<'a>, Text<'a>)>>;

/// `Tags` of any template value, read as the template reads it.
fn tags_of_value<'a>(tags: &minijinja::Value) -> Result<Tags<'a>, std::fmt::Error> {
    if !tags.is_true() {
        return Ok(None);
    }
    let tags = tags.try_iter().map_err(|_| std::fmt::Error)?;
    tags.map(|tag| Ok((Text::Value(attr(&tag, "url")?), Text::Value(attr(&tag, "name")?))))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// The typed summary of a summary value leverage made.
fn typed(record: &minijinja::Value) -> Option<&crate::view::RecordSummary> {
    record.downcast_object_ref::<crate::pages::SummaryObject>()?.typed()
}

fn figures_into(
    out: &mut String,
    totals: &FigureParts<'_>,
    ai_label: &Text<'_>,
    class: &Text<'_>,
) -> std::fmt::Result {
    if totals.none {
        out.push_str("<p class=\"");
        class.put(out)?;
        out.push_str(" figures-none\">No tasks recorded.</p>");
        return Ok(());
    }
    out.push_str("<dl class=\"");
    class.put(out)?;
    out.push_str("\">\n  <div class=\"figure-key\"><dt>Weighted leverage</dt><dd>");
    put_or_dash(out, &totals.leverage)?;
    out.push_str("</dd></div>\n  <div><dt>Human</dt><dd>");
    totals.human.put(out)?;
    out.push_str("</dd></div>\n  <div><dt>");
    ai_label.put(out)?;
    out.push_str("</dt><dd>");
    totals.ai.put(out)?;
    out.push_str("</dd></div>\n  <div><dt>Tasks</dt><dd>");
    totals.tasks.put(out)?;
    out.push_str("</dd></div>");
    if let Some(tokens) = &totals.tokens {
        out.push_str("\n  <div><dt>Tokens</dt><dd>");
        tokens.put(out)?;
        out.push_str("</dd></div>");
    }
    if let Some(supervisory) = &totals.supervisory {
        out.push_str("\n  <div><dt>Supervisory</dt><dd>");
        supervisory.put(out)?;
        out.push_str("</dd></div>");
    }
    if let Some(supervisory_leverage) = &totals.supervisory_leverage {
        out.push_str("\n  <div><dt>Weighted sup. leverage</dt><dd>");
        supervisory_leverage.put(out)?;
        out.push_str("</dd></div>");
    }
    out.push_str("\n</dl>");
    Ok(())
}

fn tag_list_into(out: &mut String, tags: &Tags<'_>) -> std::fmt::Result {
    let Some(tags) = tags else { return Ok(()) };
    out.push_str("\n<ul class=\"tag-list\">");
    for (url, name) in tags {
        out.push_str("\n  <li><a href=\"");
        url.put(out)?;
        out.push_str("\" rel=\"tag\">");
        name.put(out)?;
        out.push_str("</a></li>");
    }
    out.push_str("\n</ul>");
    Ok(())
}

/// `m.toc(entries)`: a table of contents, as a nested list of links to its headings.
fn toc_into(out: &mut String, entries: &[crate::view::TocEntry<'_>]) -> std::fmt::Result {
    out.push_str(
        "<nav class=\"toc\" aria-labelledby=\"toc-heading\">\n  <h2 id=\"toc-heading\">Contents</h2>\n  <ol>",
    );
    toc_entries_into(out, entries)?;
    out.push_str("\n  </ol>\n</nav>");
    Ok(())
}

/// The list items of `toc_into`, each holding its children's (levels are 1 to 6: at most six
/// calls deep below `toc_into`).
fn toc_entries_into(out: &mut String, entries: &[crate::view::TocEntry<'_>]) -> std::fmt::Result {
    for entry in entries {
        out.push_str("\n    <li><a href=\"#");
        write_escaped(out, entry.id)?;
        out.push_str("\">");
        write_escaped(out, entry.title)?;
        out.push_str("</a>");
        if !entry.children.is_empty() {
            out.push_str("<ol>");
            toc_entries_into(out, &entry.children)?;
            out.push_str("</ol>");
        }
        out.push_str("</li>");
    }
    Ok(())
}

/// Whether the default theme shows a page's table of contents: `toc` in its front matter's
/// `[extra]`, else in site.toml's, is `true` (the templates' `(page.extra.toc if page.extra.toc
/// is defined else site.extra.toc) is true`).
fn asks_for_toc(site: &toml::Table, page: &toml::Table) -> bool {
    matches!(page.get("toc").or_else(|| site.get("toc")), Some(toml::Value::Boolean(true)))
}

fn record_card_into(
    out: &mut String,
    record: &minijinja::Value,
    level: &minijinja::Value,
) -> std::fmt::Result {
    let (url, parts) = match typed(record) {
        Some(summary) => (Text::Plain(&summary.url), SummaryParts::of_summary(summary)),
        None => (Text::Value(attr(record, "url")?), SummaryParts::of_value(record)?),
    };
    out.push_str("<article class=\"card record-card\">\n  <h");
    print(out, level)?;
    out.push_str(" class=\"card-title\"><a href=\"");
    url.put(out)?;
    out.push_str("\">");
    parts.title.put(out)?;
    out.push_str("</a></h");
    print(out, level)?;
    out.push_str(">\n  <p class=\"meta\"><time datetime=\"");
    parts.date.put(out)?;
    out.push_str("\">");
    parts.date_display.put(out)?;
    out.push_str("</time></p>");
    tag_list_into(out, &parts.tags)?;
    if let Some(summary) = &parts.summary {
        out.push_str("\n  <p class=\"summary\">");
        summary.put(out)?;
        out.push_str("</p>");
    }
    out.push_str("\n  ");
    figures_into(out, &parts.totals, &parts.ai_label, &Text::Plain("figures"))?;
    out.push_str("\n</article>");
    Ok(())
}

/// The default theme's page templates written here: `index.html`, `archive.html`, `record.html`,
/// `tag.html` and `workstream.html`, which extend `base.html`.
pub(crate) const HOME: &str = "index.html";
pub(crate) const ARCHIVE: &str = "archive.html";
pub(crate) const RECORD: &str = "record.html";
pub(crate) const TAG: &str = "tag.html";
pub(crate) const WORKSTREAM: &str = "workstream.html";
pub(crate) const BASE: &str = "base.html";

/// A kind of page written here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    Home,
    Archive,
    Record,
    Tag,
    Workstream,
}

impl Page {
    pub(crate) const ALL: [Page; 5] = [Page::Home, Page::Archive, Page::Record, Page::Tag, Page::Workstream];

    /// The page template of this kind (the first of `templates`).
    pub(crate) fn template(self) -> &'static str {
        self.templates()[0]
    }

    /// The templates this kind of page renders with: while all are the default theme's (and
    /// the theme has no `partials/head.html`), it is written here. A site that changes its tag
    /// page keeps its record pages written here.
    pub(crate) fn templates(self) -> &'static [&'static str] {
        match self {
            Page::Home => &[HOME, BASE, MACROS, CHART, DAILY_TABLE],
            Page::Archive => &[ARCHIVE, BASE],
            Page::Record => &[RECORD, BASE, MACROS, CHART, AGGREGATES],
            Page::Tag => &[TAG, BASE, MACROS, CHART, DAILY_TABLE],
            Page::Workstream => &[WORKSTREAM, BASE, MACROS, CHART],
        }
    }
}

/// A record's body as its page shows it, with the computed tables in place.
pub(crate) enum Content<'a> {
    /// Rendered from its text.
    Text(String),
    /// Kept elsewhere: a record's body that the feeds show too (`Renderer::feed_cell`).
    Kept(&'a str),
    /// The body rendered while its file was parsed, the tables to splice into it
    /// (`Prerendered::splices` them) and where its links lead, written straight into the page:
    /// one copy of the body fewer per record page.
    Spliced(&'a crate::body::Prerendered, Vec<(usize, String)>, crate::md_link::Pages<'a>),
}

impl Content<'_> {
    /// Appends the body to `out`.
    fn write_into(&self, out: &mut String) {
        match self {
            Content::Text(text) => out.push_str(text),
            Content::Kept(text) => out.push_str(text),
            Content::Spliced(body, replace, files) => body.splice_into(out, replace, Some(*files)),
        }
    }

    /// The body as a string, for the templates.
    pub(crate) fn into_string(self) -> String {
        match self {
            Content::Text(text) => text,
            Content::Kept(text) => text.to_string(),
            Content::Spliced(body, replace, files) => body.spliced(&replace, Some(files)),
        }
    }
}

/// A template `base.html` includes when a theme has it (`ignore missing`): with one, every page
/// is rendered through the templates.
pub(crate) const HEAD: &str = "partials/head.html";

/// What a record page shows beyond the site's values and the record's summary: the values its
/// template receives in `record` besides the summary's, and the page's URL.
pub(crate) struct RecordPage<'a> {
    pub(crate) page_url: &'a str,
    /// The record's summary, as record cards receive it (`view::summary`).
    pub(crate) record: &'a minijinja::Value,
    /// The body, with the computed tables in place.
    pub(crate) content: Content<'a>,
    pub(crate) reading_time: u32,
    /// The body's headings, for its table of contents.
    pub(crate) headings: std::borrow::Cow<'a, [crate::body::Heading]>,
    /// The record's front matter `[extra]`.
    pub(crate) extra: &'a toml::Table,
    pub(crate) charts: Vec<crate::view::ChartView>,
    pub(crate) metrics: Vec<crate::view::MetricView>,
    /// True when the metrics replace the writer's own "Aggregate Stats" table in the body.
    pub(crate) aggregates_inline: bool,
    pub(crate) previous: Option<crate::view::Link>,
    pub(crate) next: Option<crate::view::Link>,
    /// The address of its picture for link previews (front matter `image`), made whole.
    pub(crate) image: Option<String>,
}

/// The Open Graph and Twitter card tags of a page of `kind` (`article`, `website`), as the default
/// templates write them in their `head` block; with a picture (`image`), a large card.
fn open_graph(
    out: &mut String,
    kind: &str,
    title: impl FnOnce(&mut String) -> std::fmt::Result,
    description: impl FnOnce(&mut String) -> std::fmt::Result,
    page_url: &str,
    site: &SiteView<'_>,
    image: Option<&str>,
) -> std::fmt::Result {
    out.push_str("\n<meta property=\"og:type\" content=\"");
    out.push_str(kind);
    out.push_str("\">\n<meta property=\"og:title\" content=\"");
    title(out)?;
    out.push_str("\">\n<meta property=\"og:description\" content=\"");
    description(out)?;
    out.push_str("\">\n<meta property=\"og:url\" content=\"");
    write_escaped(out, page_url)?;
    out.push_str("\">\n<meta property=\"og:site_name\" content=\"");
    write_escaped(out, site.title)?;
    match image {
        Some(image) => {
            out.push_str("\">\n<meta property=\"og:image\" content=\"");
            write_escaped(out, image)?;
            out.push_str("\">\n<meta name=\"twitter:card\" content=\"summary_large_image\">");
        }
        None => out.push_str("\">\n<meta name=\"twitter:card\" content=\"summary\">"),
    }
    Ok(())
}

/// The day's figures as a sentence, as `record.html` writes them for a record without a summary
/// (the feed's words): `18 tasks, 204h human-equivalent in 4h 28min of Claude time: 45.7x weighted
/// leverage.`
fn figures_sentence(totals: &FigureParts<'_>, label: &Text<'_>) -> String {
    let one = matches!(&totals.tasks, Text::Value(tasks) if *tasks == minijinja::Value::from(1));
    let leverage =
        totals.leverage.as_ref().map(|l| format!(": {} weighted leverage", l.joined())).unwrap_or_default();
    format!(
        "{}{}{} human-equivalent in {} of {} time{leverage}.",
        totals.tasks.joined(),
        if one { " task, " } else { " tasks, " },
        totals.human.joined(),
        totals.ai.joined(),
        label.joined(),
    )
}

/// The default theme's `record.html` (in its `base.html`) for one record, written from Rust:
/// through the template engine a record page's own template cost as much as everything else its
/// page takes (docs/performance.md). Used only while the theme keeps both templates, the
/// partials they include and `partials/macros.html` unchanged and has no `partials/head.html`
/// (`Templates::compile`); an error (a value of the summary missing) leaves the page to the
/// templates, which say what is wrong.
pub(crate) fn record_page(site: &SiteView<'_>, page: &RecordPage<'_>) -> Result<String, std::fmt::Error> {
    let mut out = String::with_capacity(crate::pages::PAGE_CAPACITY);
    let record = SummaryParts::of(page.record)?;
    // `(record.summary or <the day's figures> or site.description or record.title)|shorten`:
    // the description and og:description, cut once.
    let description = match &record.summary {
        Some(summary) => summary.shortened(),
        None if record.totals.tasks.is_true() => {
            shorten(&figures_sentence(&record.totals, &record.ai_label), DESCRIPTION_LENGTH)
                .into_owned()
                .into()
        }
        None if !site.description.is_empty() => shorten(site.description, DESCRIPTION_LENGTH),
        None => record.title.shortened(),
    };
    let description = |out: &mut String| write_escaped(out, &description);
    let frame = Frame { site, page_url: page.page_url, main_class: "wrap wrap-record" };
    frame.open(
        &mut out,
        |out| {
            record.title.put(out)?;
            out.push_str(" · ");
            write_escaped(out, site.title)
        },
        |out| description(out),
        |out| {
            let image = page.image.as_deref().filter(|image| !image.is_empty());
            open_graph(out, "article", |out| record.title.put(out), description, page.page_url, site, image)?;
            out.push_str("\n<meta property=\"article:published_time\" content=\"");
            record.date.put(out)?;
            out.push_str("\">");
            if record.updated_display.is_some() {
                out.push_str("\n<meta property=\"article:modified_time\" content=\"");
                record.updated.put(out)?;
                out.push_str("\">");
            }
            // What search engines read of an article: schema.org's BlogPosting.
            out.push_str(
                "\n<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"BlogPosting\",\"headline\":",
            );
            record.title.put_json(out)?;
            out.push_str(",\"url\":");
            Text::Plain(page.page_url).put_json(out)?;
            out.push_str(",\"datePublished\":");
            record.date.put_json(out)?;
            if record.updated_display.is_some() {
                out.push_str(",\"dateModified\":");
                record.updated.put_json(out)?;
            }
            if let Some(image) = image {
                out.push_str(",\"image\":");
                Text::Plain(image).put_json(out)?;
            }
            if !site.author.is_empty() {
                out.push_str(",\"author\":{\"@type\":\"Person\",\"name\":");
                Text::Plain(site.author).put_json(out)?;
                out.push('}');
            }
            out.push_str("}</script>");
            Ok(())
        },
    )?;
    let out = &mut out;
    out.push_str("\n<article class=\"record\">\n  <header class=\"record-header\">\n    <h1>");
    record.title.put(out)?;
    out.push_str("</h1>\n    <p class=\"meta\"><time datetime=\"");
    record.date.put(out)?;
    out.push_str("\">");
    record.date_display.put(out)?;
    out.push_str("</time>");
    if let Some(display) = &record.updated_display {
        out.push_str(" · Updated <time datetime=\"");
        record.updated.put(out)?;
        out.push_str("\">");
        display.put(out)?;
        out.push_str("</time>");
    }
    write!(out, " · {} min read</p>", page.reading_time)?;
    tag_list_into(out, &record.tags)?;
    out.push_str("\n    ");
    figures_into(out, &record.totals, &record.ai_label, &Text::Plain("figures key-figures"))?;
    out.push_str("\n  </header>");
    if asks_for_toc(site.extra, page.extra) {
        let toc = crate::view::toc(&page.headings, page.page_url);
        if !toc.is_empty() {
            out.push_str("\n  ");
            toc_into(out, &toc)?;
        }
    }
    out.push_str("\n  <div class=\"prose\">\n");
    page.content.write_into(out);
    out.push_str("\n  </div>");
    charts_into(out, &page.charts, "\n  ")?;
    // A day without tasks has no figures to add up (unless the writer's own table is replaced).
    if !page.aggregates_inline && !page.metrics.is_empty() && !record.totals.none {
        out.push_str("\n  ");
        aggregates_into(out, &page.metrics, false)?;
    }
    if let Some(note) = shown(&site.record_note) {
        out.push_str(
            "\n  <aside class=\"record-note\" aria-labelledby=\"record-note-heading\">\n    \
             <h2 id=\"record-note-heading\">About these records</h2>\n    ",
        );
        out.push_str(note);
        out.push_str("\n  </aside>");
    }
    out.push_str("\n</article>");
    if page.previous.is_some() || page.next.is_some() {
        out.push_str("\n<nav class=\"record-nav\" aria-label=\"Other records\">");
        let links = [
            (
                &page.previous,
                "prev",
                "rel=\"prev\"><span class=\"record-nav-label\"><span aria-hidden=\"true\">←</span> Earlier record</span> ",
            ),
            (
                &page.next,
                "next",
                "rel=\"next\"><span class=\"record-nav-label\">Later record <span aria-hidden=\"true\">→</span></span> ",
            ),
        ];
        for (link, class, label) in links {
            let Some(link) = link else { continue };
            out.push_str("\n  <a class=\"record-nav-");
            out.push_str(class);
            out.push_str("\" href=\"");
            write_escaped(out, &link.url)?;
            out.push_str("\" ");
            out.push_str(label);
            write_escaped(out, &link.title)?;
            out.push_str("</a>");
        }
        out.push_str("\n</nav>");
    }
    frame.close(out)?;
    Ok(std::mem::take(out))
}

/// What the default `index.html` shows besides the site's values: one home page.
pub(crate) struct HomePage<'a> {
    pub(crate) page_url: &'a str,
    /// Which page of how many, and the links between them (`paginator`).
    pub(crate) pages: Pages,
    /// The page's records' summaries, newest first.
    pub(crate) records: Vec<minijinja::Value>,
    /// The site's charts (on the first page; none on the others).
    pub(crate) charts: &'a [crate::view::ChartView],
}

/// A page of a list paged as the home page is, as templates receive it as `paginator`.
pub(crate) struct Pages {
    /// The page's number, from 1, and how many there are.
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) previous_url: Option<String>,
    pub(crate) next_url: Option<String>,
    /// The first page's and the last page's URLs, for a jump to the newest or the oldest records.
    pub(crate) first_url: String,
    pub(crate) last_url: String,
    /// What the pages list, for the links between them (`Newer records`, `Older tasks`).
    pub(crate) items: &'static str,
}

impl Pages {
    /// Page `current` of `total` of a list of `items`, each page's URL from `link` (by its
    /// number, from 1).
    pub(crate) fn of(
        current: usize,
        total: usize,
        items: &'static str,
        link: impl Fn(usize) -> String,
    ) -> Pages {
        Pages {
            items,
            current,
            total,
            previous_url: (current > 1).then(|| link(current - 1)),
            next_url: (current < total).then(|| link(current + 1)),
            first_url: link(1),
            last_url: link(total),
        }
    }

    /// A paged list's `<title>`: `{prefix}{name}`, its page after the first (` · page 2 of 5`),
    /// then the site's title.
    fn title(&self, out: &mut String, prefix: &str, name: &str, site: &SiteView<'_>) -> std::fmt::Result {
        out.push_str(prefix);
        write_escaped(out, name)?;
        if self.current > 1 {
            write!(out, " · page {} of {}", self.current, self.total)?;
        }
        out.push_str(" · ");
        write_escaped(out, site.title)
    }
    /// The template value `paginator`.
    pub(crate) fn paginator(&self) -> minijinja::Value {
        minijinja::context! {
            current => self.current,
            total => self.total,
            previous_url => &self.previous_url,
            next_url => &self.next_url,
            first_url => &self.first_url,
            last_url => &self.last_url,
            items => self.items,
        }
    }
}

/// The default `pagination` macro: nothing for one page; else links to the newer and older
/// pages, and to the newest and oldest when they are not those.
fn pagination_into(out: &mut String, page: &Pages) -> std::fmt::Result {
    if page.total <= 1 {
        return Ok(());
    }
    out.push_str("\n<nav class=\"pagination\" aria-label=\"Pages\">");
    match &page.previous_url {
        Some(url) if !url.is_empty() => {
            if page.current > 2 && !page.first_url.is_empty() {
                out.push_str("\n  <a class=\"pagination-first\" href=\"");
                write_escaped(out, &page.first_url)?;
                out.push_str("\"><span aria-hidden=\"true\">«</span> Newest</a>");
            }
            out.push_str("\n  <a class=\"pagination-prev\" href=\"");
            write_escaped(out, url)?;
            out.push_str("\" rel=\"prev\"><span aria-hidden=\"true\">←</span> Newer ");
            out.push_str(page.items);
            out.push_str("</a>");
        }
        _ => out.push_str("\n  <span class=\"pagination-prev\" aria-hidden=\"true\"></span>"),
    }
    write!(out, "\n  <span class=\"pagination-current\">Page {} of {}</span>", page.current, page.total)?;
    match &page.next_url {
        Some(url) if !url.is_empty() => {
            out.push_str("\n  <a class=\"pagination-next\" href=\"");
            write_escaped(out, url)?;
            out.push_str("\" rel=\"next\">Older ");
            out.push_str(page.items);
            out.push_str(" <span aria-hidden=\"true\">→</span></a>");
            if page.current + 1 < page.total && !page.last_url.is_empty() {
                out.push_str("\n  <a class=\"pagination-last\" href=\"");
                write_escaped(out, &page.last_url)?;
                out.push_str("\">Oldest <span aria-hidden=\"true\">»</span></a>");
            }
        }
        _ => out.push_str("\n  <span class=\"pagination-next\" aria-hidden=\"true\"></span>"),
    }
    out.push_str("\n</nav>");
    Ok(())
}

/// The default theme's `index.html` (in its `base.html`), written from Rust: a thousand home
/// pages of ten records each were the largest share of a 10,000-record site's template time
/// after its record pages. Used as `record_page` is.
pub(crate) fn home_page(site: &SiteView<'_>, page: &HomePage<'_>) -> Result<String, std::fmt::Error> {
    // `site.extra.tagline`: text, as the template prints it; any other value is left to it.
    let tagline = match site.extra.get("tagline") {
        None => "",
        Some(toml::Value::String(text)) => text.as_str(),
        Some(_) => return Err(std::fmt::Error),
    };
    let mut out = String::with_capacity(crate::pages::PAGE_CAPACITY);
    let frame = Frame { site, page_url: page.page_url, main_class: "wrap" };
    frame.open(
        &mut out,
        |out| {
            write_escaped(out, site.title)?;
            if page.pages.current > 1 {
                write!(out, " · page {} of {}", page.pages.current, page.pages.total)?;
            }
            Ok(())
        },
        |out| write_escaped(out, if site.description.is_empty() { site.title } else { site.description }),
        |out| {
            open_graph(
                out,
                "website",
                |out| write_escaped(out, site.title),
                |out| {
                    write_escaped(
                        out,
                        if site.description.is_empty() { site.title } else { site.description },
                    )
                },
                page.page_url,
                site,
                None,
            )
        },
    )?;
    let out = &mut out;
    out.push_str("\n<div class=\"page-intro\">\n  <h1>");
    write_escaped(out, site.title)?;
    if page.pages.current > 1 {
        write!(out, " <span class=\"subtle\">· page {}</span>", page.pages.current)?;
    }
    out.push_str("</h1>");
    let lead = if tagline.is_empty() { site.description } else { tagline };
    if !lead.is_empty() {
        out.push_str("\n  <p class=\"lead\">");
        write_escaped(out, lead)?;
        out.push_str("</p>");
    }
    out.push_str("\n</div>");
    // The site's totals head its first page; a later page is its records.
    if page.pages.current == 1 {
        out.push_str(
            "\n\n<section class=\"dashboard\" aria-labelledby=\"totals-heading\">\n  \
             <h2 id=\"totals-heading\">All records at a glance</h2>\n  ",
        );
        stats_into(out, &site.totals, &site.ai_label, true)?;
        out.push_str("\n</section>");
    }
    if !page.charts.is_empty() {
        out.push_str(
            "\n\n<section class=\"charts\" aria-labelledby=\"charts-heading\">\n  \
             <h2 id=\"charts-heading\">Over time</h2>\n  <div class=\"chart-grid\">",
        );
        charts_into(out, page.charts, "\n    ")?;
        out.push_str("\n  </div>\n</section>");
    }
    let supervisory = shown(&site.totals.supervisory).is_some();
    if page.records.is_empty() {
        out.push_str(
            "\n\n<p class=\"empty\">No records yet. Add a markdown file under <code>content/records/</code> \
             and build again.</p>",
        );
    } else {
        out.push_str(
            "\n\n<section class=\"daily\" aria-labelledby=\"daily-heading\">\n  \
             <h2 id=\"daily-heading\">Day by day</h2>\n  ",
        );
        let mut caption = String::from("Figures per record, newest first");
        if page.pages.total > 1 {
            write!(caption, " (page {} of {})", page.pages.current, page.pages.total)?;
        }
        weighted(&mut caption, &site.ai_label)?;
        daily_table_into(out, &page.records, &caption, &site.ai_label, supervisory)?;
        out.push_str(
            "\n</section>\n\n<section class=\"latest\" aria-labelledby=\"latest-heading\">\n  \
             <h2 id=\"latest-heading\">",
        );
        out.push_str(if page.pages.current > 1 { "Records" } else { "Latest records" });
        out.push_str("</h2>\n");
        card_list(out, &page.records)?;
    }
    out.push('\n');
    pagination_into(out, &page.pages)?;
    frame.close(out)?;
    Ok(std::mem::take(out))
}

/// What the default `archive.html` shows besides the site's values: every record, by year and
/// month, newest first.
pub(crate) struct ArchivePage<'a> {
    pub(crate) page_url: &'a str,
    pub(crate) years: Vec<ArchiveYear>,
}

/// A year of the archive.
#[derive(Debug)]
pub(crate) struct ArchiveYear {
    pub(crate) year: i32,
    pub(crate) totals: crate::view::TotalsView,
    /// The AI label of the year's figures (`model::records_ai_label`).
    pub(crate) ai_label: String,
    pub(crate) months: Vec<ArchiveMonth>,
}

/// A month of the archive, with its records' summaries, newest first.
#[derive(Debug)]
pub(crate) struct ArchiveMonth {
    pub(crate) month: u32,
    pub(crate) name: String,
    pub(crate) totals: crate::view::TotalsView,
    /// The AI label of the month's figures.
    pub(crate) ai_label: String,
    pub(crate) records: Vec<minijinja::Value>,
}

/// The default theme's `archive.html` (in its `base.html`), written from Rust: one page that
/// lists every record, a long job on one thread at the end of a large build. Used as
/// `record_page` is.
pub(crate) fn archive_page(site: &SiteView<'_>, page: &ArchivePage<'_>) -> Result<String, std::fmt::Error> {
    let records: usize = page.years.iter().flat_map(|y| &y.months).map(|m| m.records.len()).sum();
    let mut out = String::with_capacity(crate::pages::PAGE_CAPACITY + 300 * records);
    let frame = Frame { site, page_url: page.page_url, main_class: "wrap" };
    frame.open(
        &mut out,
        |out| {
            out.push_str("Archive · ");
            write_escaped(out, site.title)
        },
        |out| {
            out.push_str("Every record of ");
            write_escaped(out, site.title)?;
            out.push_str(", by year and month.");
            Ok(())
        },
        |_| Ok(()),
    )?;
    let out = &mut out;
    out.push_str(
        "\n<div class=\"page-intro\">\n  <h1>Archive</h1>\n  <p class=\"lead\">Every record, newest first.</p>\n</div>",
    );
    if page.years.is_empty() {
        out.push_str("\n<p class=\"empty\">No records yet.</p>");
    }
    // A line a year, its months after it, once there is more than one month to jump to.
    if page.years.len() > 1 || page.years.first().is_some_and(|y| y.months.len() > 1) {
        out.push_str("\n<nav class=\"archive-jump\" aria-label=\"Years and months\">\n  <ul>");
        for year in &page.years {
            let y = year.year;
            write!(out, "\n    <li><a href=\"#year-{y}\">{y}</a>")?;
            for month in &year.months {
                // Named as shown, its year for a listener: a name that is not the link's text
                // ("March 2026" for `Mar`) is not found by one who says what they see.
                write!(out, " <a href=\"#month-{y}-{}\">", month.month)?;
                write_escaped(out, &month.name.chars().take(3).collect::<String>())?;
                write!(out, "<span class=\"sr-only\"> {y}</span></a>")?;
            }
            out.push_str("</li>");
        }
        out.push_str("\n  </ul>\n</nav>");
    }
    for year in &page.years {
        let y = year.year;
        write!(
            out,
            "\n\n<section class=\"archive-year\" aria-labelledby=\"year-{y}\">\n  <h2 id=\"year-{y}\">{y}</h2>\n  "
        )?;
        period_totals(out, &year.totals, &year.ai_label)?;
        for month in &year.months {
            let m = month.month;
            write!(
                out,
                "\n  <section class=\"archive-month\" aria-labelledby=\"month-{y}-{m}\">\n    <h3 id=\"month-{y}-{m}\">"
            )?;
            write_escaped(out, &month.name)?;
            write!(out, " {y}</h3>\n    ")?;
            period_totals(out, &month.totals, &month.ai_label)?;
            out.push_str("\n    <ul class=\"record-list\">");
            for record in &month.records {
                let totals = attr(record, "totals")?;
                let tasks = attr(&totals, "tasks")?;
                out.push_str("\n      <li>\n        <time datetime=\"");
                print(out, &attr(record, "date")?)?;
                out.push_str("\">");
                print(out, &attr(record, "date_display")?)?;
                out.push_str("</time>\n        <a href=\"");
                print(out, &attr(record, "url")?)?;
                out.push_str("\">");
                print(out, &attr(record, "title")?)?;
                out.push_str("</a>\n        <span class=\"record-list-figures\">");
                print(out, &tasks)?;
                out.push_str(if tasks == minijinja::Value::from(1) { " task" } else { " tasks" });
                out.push_str(" · <strong>");
                print_or_dash(out, &attr(&totals, "leverage")?)?;
                out.push_str("</strong> weighted leverage</span>\n      </li>");
            }
            out.push_str("\n    </ul>\n  </section>");
        }
        out.push_str("\n</section>");
    }
    frame.close(out)?;
    Ok(std::mem::take(out))
}

/// The `summary_line` macro of the default `archive.html`: a period's totals on one line.
fn period_totals(out: &mut String, totals: &crate::view::TotalsView, ai_label: &str) -> std::fmt::Result {
    write!(
        out,
        "<p class=\"period-totals\"><span class=\"fig\">{} {}</span> · <span class=\"fig\">{} {}</span> · \
         <span class=\"fig\">",
        totals.records,
        plural(totals.records, "record", "records"),
        totals.tasks,
        plural(totals.tasks, "task", "tasks"),
    )?;
    write_escaped(out, &totals.human)?;
    out.push_str(" human</span> · <span class=\"fig\">");
    write_escaped(out, &totals.ai)?;
    out.push(' ');
    write_escaped(out, ai_label)?;
    out.push_str("</span> · <span class=\"fig\"><strong>");
    write_escaped(out, shown(&totals.leverage).unwrap_or("—"))?;
    out.push_str("</strong> weighted leverage</span></p>");
    Ok(())
}

/// What the default `tag.html` shows besides the site's values.
pub(crate) struct TagPage<'a> {
    pub(crate) page_url: &'a str,
    /// The tag's feed, `tags/<slug>/atom.xml`, when the theme writes tag feeds.
    pub(crate) feed_url: Option<&'a str>,
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) totals: crate::view::TotalsView,
    /// The AI label of the tag's figures (`TagEntry::ai_label`).
    pub(crate) ai_label: &'a str,
    pub(crate) charts: Vec<crate::view::ChartView>,
    /// The summaries of the tag's records, newest first.
    pub(crate) records: Vec<minijinja::Value>,
    /// How many of them are shown as cards (the site's `paginate_by`, which may be more than
    /// there are): see `latest`.
    pub(crate) latest: usize,
    /// Which page of the tag's this is (`paginator`).
    pub(crate) pages: Pages,
    /// The page's records, as indexes into `records` (`page_records`).
    pub(crate) shown: std::ops::Range<usize>,
}

impl TagPage<'_> {
    /// The records shown as cards: the newest `latest` of them.
    pub(crate) fn latest(&self) -> &[minijinja::Value] {
        &self.records[..self.latest.min(self.records.len())]
    }

    /// The page's records, newest first (all of them on a tag of one page).
    pub(crate) fn page_records(&self) -> &[minijinja::Value] {
        self.records.get(self.shown.clone()).unwrap_or_default()
    }
}

/// The default theme's `tag.html` (in its `base.html`), written from Rust: a row of figures per
/// record, and the cards (each summary keeps its own) of the latest. Used as `record_page` is.
pub(crate) fn tag_page(site: &SiteView<'_>, page: &TagPage<'_>) -> Result<String, std::fmt::Error> {
    let first = page.pages.current == 1;
    let mut out = String::with_capacity(
        crate::pages::PAGE_CAPACITY
            + 300 * page.page_records().len()
            + if first { 1500 * page.latest().len() } else { 0 },
    );
    let totals = &page.totals;
    let count = page.records.len();
    let records = if count == 1 { "record" } else { "records" };
    let frame = Frame { site, page_url: page.page_url, main_class: "wrap" };
    frame.open(
        &mut out,
        |out| page.pages.title(out, "Tag: ", page.name, site),
        |out| {
            write!(out, "{count} {records} tagged ")?;
            write_escaped(out, page.name)?;
            write!(out, ": {}, ", math::display::counted(&totals.tasks.to_string(), "task"))?;
            effort(out, totals, page.ai_label)
        },
        |out| {
            let Some(feed_url) = page.feed_url else { return Ok(()) };
            out.push_str("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
            titled(out, "Tag: ", page.name, site)?;
            out.push_str("\" href=\"");
            write_escaped(out, feed_url)?;
            out.push_str("\">");
            Ok(())
        },
    )?;
    let out = &mut out;
    out.push_str("\n<div class=\"page-intro\">\n  <p class=\"eyebrow\"><a href=\"");
    write_escaped(out, &site.tags_url)?;
    out.push_str("\">Tags</a></p>\n  <h1>");
    write_escaped(out, page.name)?;
    if !first {
        write!(out, " <span class=\"subtle\">· page {}</span>", page.pages.current)?;
    }
    write!(out, "</h1>\n  <p class=\"lead\">{count} {records} tagged “")?;
    write_escaped(out, page.name)?;
    out.push_str("”.");
    if let Some(feed_url) = page.feed_url {
        out.push_str(" <a href=\"");
        write_escaped(out, feed_url)?;
        out.push_str("\">Follow them by Atom feed</a>.");
    }
    out.push_str("</p>\n</div>");
    first_page_into(out, first, totals, page.ai_label, &page.charts)?;
    out.push_str(
        "\n\n<section class=\"daily\" aria-labelledby=\"daily-heading\">\n  \
         <h2 id=\"daily-heading\">Day by day</h2>\n  ",
    );
    let supervisory = shown(&totals.supervisory).is_some();
    let mut caption = String::from("Figures per record, newest first");
    if page.pages.total > 1 {
        write!(caption, " (page {} of {})", page.pages.current, page.pages.total)?;
    }
    weighted(&mut caption, page.ai_label)?;
    daily_table_into(out, page.page_records(), &caption, page.ai_label, supervisory)?;
    out.push_str("\n</section>");
    if first {
        out.push_str("\n\n<section class=\"latest\" aria-labelledby=\"records-heading\">\n  <h2 id=\"records-heading\">");
        let latest = page.latest();
        out.push_str(if latest.len() < count { "Latest records" } else { "Records" });
        out.push_str("</h2>\n");
        card_list(out, latest)?;
    }
    out.push('\n');
    pagination_into(out, &page.pages)?;
    frame.close(out)?;
    Ok(std::mem::take(out))
}

/// The totals of a paged list (a tag's, a workstream's) on its first page, then its charts
/// (which only the first page is given).
fn first_page_into(
    out: &mut String,
    first: bool,
    totals: &crate::view::TotalsView,
    ai_label: &str,
    charts: &[crate::view::ChartView],
) -> std::fmt::Result {
    if first {
        out.push_str(
            "\n\n<section class=\"dashboard\" aria-labelledby=\"totals-heading\">\n  \
             <h2 id=\"totals-heading\">Totals</h2>\n  ",
        );
        stats_into(out, totals, ai_label, true)?;
        out.push_str("\n</section>");
    }
    charts_into(out, charts, "\n")
}

/// What the default `workstream.html` shows besides the site's values.
pub(crate) struct WorkstreamPage<'a> {
    pub(crate) page_url: &'a str,
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) totals: crate::view::TotalsView,
    /// The AI label of the stream's figures (`WorkstreamEntry::ai_label`).
    pub(crate) ai_label: &'a str,
    pub(crate) charts: Vec<crate::view::ChartView>,
    /// This page's tasks of the stream, newest record first, each record's in table order.
    pub(crate) tasks: Vec<StreamTask<'a>>,
    /// Where the page is among the stream's pages.
    pub(crate) pages: Pages,
}

/// One task of a workstream's page: its record's summary and its figures as shown.
pub(crate) struct StreamTask<'a> {
    /// The task's number in date order (oldest first, from 1): the leverage curve's x.
    pub(crate) number: usize,
    pub(crate) record: &'a minijinja::Value,
    /// The task's text, rendered inline.
    pub(crate) task: String,
    pub(crate) human: String,
    pub(crate) ai: String,
    pub(crate) leverage: String,
}

/// The default theme's `workstream.html` (in its `base.html`), written from Rust: through the
/// template engine, a 10,000-record site's twelve workstream pages (150,000 task rows) cost
/// about as much as its thousand home pages. Used while the theme keeps those templates and
/// the partials they use unchanged, as `record_page`.
pub(crate) fn workstream_page(
    site: &SiteView<'_>,
    page: &WorkstreamPage<'_>,
) -> Result<String, std::fmt::Error> {
    let first = page.pages.current == 1;
    let mut out = String::with_capacity(crate::pages::PAGE_CAPACITY + 600 * page.tasks.len());
    let totals = &page.totals;
    let frame = Frame { site, page_url: page.page_url, main_class: "wrap" };
    frame.open(
        &mut out,
        |out| page.pages.title(out, "Workstream: ", page.name, site),
        |out| {
            out.push_str("Workstream ");
            write_escaped(out, page.name)?;
            write!(out, ": {}, ", math::display::counted(&totals.tasks.to_string(), "task"))?;
            effort(out, totals, page.ai_label)
        },
        |_| Ok(()),
    )?;
    let out = &mut out;
    out.push_str("\n<div class=\"page-intro\">");
    if let Some(url) = shown(&site.workstreams_url) {
        out.push_str("\n  <p class=\"eyebrow\"><a href=\"");
        write_escaped(out, url)?;
        out.push_str("\">Workstreams</a></p>");
    }
    out.push_str("\n  <h1>");
    write_escaped(out, page.name)?;
    if !first {
        write!(out, " <span class=\"subtle\">· page {}</span>", page.pages.current)?;
    }
    out.push_str("</h1>\n</div>");
    first_page_into(out, first, totals, page.ai_label, &page.charts)?;
    out.push_str(
        "\n\n<section class=\"stream-tasks\" aria-labelledby=\"tasks-heading\">\n  \
         <h2 id=\"tasks-heading\">Tasks</h2>\n  \
         <div class=\"table-scroll\" role=\"region\" aria-labelledby=\"tasks-caption\" tabindex=\"0\">\n    \
         <table class=\"tasks stack\">\n      <caption id=\"tasks-caption\"><span class=\"caption-text\">Every task \
         of this workstream, newest first",
    );
    if page.pages.total > 1 {
        write!(out, " (page {} of {})", page.pages.current, page.pages.total)?;
    }
    out.push_str(
        ", numbered as the chart; leverage computed</span></caption>\n      <thead>\n        <tr>\n          \
         <th scope=\"col\" class=\"col-number\">#</th>\n          <th scope=\"col\">Date</th>\n          <th scope=\"col\" class=\"col-task\">Task</th>\n          \
         <th scope=\"col\" class=\"num\">Human</th>\n          <th scope=\"col\" class=\"num\">",
    );
    write_escaped(out, page.ai_label)?;
    out.push_str(
        "</th>\n          <th scope=\"col\" class=\"num\">Leverage</th>\n        </tr>\n      </thead>\n      <tbody>",
    );
    // The AI column's label, escaped once for every row.
    let mut ai_label = String::new();
    write_escaped(&mut ai_label, page.ai_label)?;
    for task in &page.tasks {
        let date = attr(task.record, "date")?;
        write!(out, "\n        <tr>\n          <td class=\"col-number\">{}</td>", task.number)?;
        out.push_str("\n          <td class=\"col-date\"><a href=\"");
        print(out, &attr(task.record, "url")?)?;
        out.push_str("\"><time datetime=\"");
        print(out, &date)?;
        out.push_str("\">");
        print(out, &date)?;
        write!(out, "</time></a></td>\n          <th scope=\"row\" data-number=\"{}\">", task.number)?;
        out.push_str(&task.task);
        out.push_str("</th>\n          <td data-label=\"Human\">");
        write_escaped(out, &task.human)?;
        out.push_str("</td>\n          <td data-label=\"");
        out.push_str(&ai_label);
        out.push_str("\">");
        write_escaped(out, &task.ai)?;
        out.push_str("</td>\n          <td class=\"lev\" data-label=\"Leverage\">");
        write_escaped(out, &task.leverage)?;
        out.push_str("</td>\n        </tr>");
    }
    out.push_str("\n      </tbody>\n    </table>\n  </div>\n</section>\n");
    pagination_into(out, &page.pages)?;
    frame.close(out)?;
    Ok(std::mem::take(out))
}

/// The `stats` macro of the default `partials/macros.html`: a set's headline figures as stat
/// cards.
fn stats_into(
    out: &mut String,
    totals: &crate::view::TotalsView,
    ai_label: &str,
    show_records: bool,
) -> std::fmt::Result {
    out.push_str(
        "<dl class=\"stats\">\n  <div class=\"stat stat-key\">\n    <dt>Weighted leverage</dt>\n    \
         <dd class=\"stat-value\">",
    );
    write_escaped(out, shown(&totals.leverage).unwrap_or("—"))?;
    out.push_str("</dd>\n    <dd class=\"stat-detail\">total human ÷ total ");
    write_escaped(out, ai_label)?;
    out.push_str(
        " time</dd>\n  </div>\n  <div class=\"stat\">\n    <dt>Human-equivalent hours</dt>\n    \
         <dd class=\"stat-value\">",
    );
    write_escaped(out, &totals.human_hours)?;
    out.push_str("</dd>\n    <dd class=\"stat-detail\">");
    write_escaped(out, &totals.human_days)?;
    // One working day is one: `1 working day`.
    out.push_str(if totals.human_days == "1" { " working day" } else { " working days" });
    out.push_str("</dd>\n  </div>\n  <div class=\"stat\">\n    <dt>");
    write_escaped(out, ai_label)?;
    out.push_str(" time</dt>\n    <dd class=\"stat-value\">");
    write_escaped(out, &totals.ai)?;
    out.push_str("</dd>");
    if totals.ai_minutes != totals.ai {
        out.push_str("\n    <dd class=\"stat-detail\">");
        write_escaped(out, &totals.ai_minutes)?;
        out.push_str("</dd>");
    }
    out.push_str("\n  </div>");
    if let Some(leverage) = shown(&totals.supervisory_leverage) {
        out.push_str(
            "\n  <div class=\"stat\">\n    <dt>Weighted supervisory leverage</dt>\n    <dd class=\"stat-value\">",
        );
        write_escaped(out, leverage)?;
        out.push_str("</dd>");
        if totals.supervisory_known < totals.tasks {
            write!(
                out,
                "\n    <dd class=\"stat-detail\">human ÷ supervisory time, {} of {} {}</dd>",
                totals.supervisory_known,
                totals.tasks,
                plural(totals.tasks, "task", "tasks")
            )?;
        } else {
            out.push_str("\n    <dd class=\"stat-detail\">human ÷ supervisory time</dd>");
        }
        out.push_str("\n  </div>");
    }
    if let Some(supervisory) = shown(&totals.supervisory) {
        out.push_str(
            "\n  <div class=\"stat\">\n    <dt>Supervisory time</dt>\n    <dd class=\"stat-value\">",
        );
        write_escaped(out, supervisory)?;
        write!(
            out,
            "</dd>\n    <dd class=\"stat-detail\">{} of {} {}</dd>\n  </div>",
            totals.supervisory_known,
            totals.tasks,
            plural(totals.tasks, "task", "tasks")
        )?;
    }
    if show_records {
        write!(
            out,
            "\n  <div class=\"stat\">\n    <dt>Records</dt>\n    <dd class=\"stat-value\">{}</dd>\n  </div>",
            totals.records
        )?;
    }
    write!(
        out,
        "\n  <div class=\"stat\">\n    <dt>Tasks</dt>\n    <dd class=\"stat-value\">{}</dd>\n  </div>\n  \
         <div class=\"stat\">\n    <dt>Human-equivalent weeks</dt>\n    <dd class=\"stat-value\">",
        totals.tasks
    )?;
    write_escaped(out, &totals.human_weeks)?;
    out.push_str("</dd>\n  </div>");
    if let Some(tokens) = shown(&totals.tokens) {
        out.push_str("\n  <div class=\"stat\">\n    <dt>Tokens</dt>\n    <dd class=\"stat-value\">");
        write_escaped(out, tokens)?;
        out.push_str("</dd>");
        if totals.tokens_known < totals.tasks {
            write!(
                out,
                "\n    <dd class=\"stat-detail\">{} of {} {} known</dd>",
                totals.tokens_known,
                totals.tasks,
                plural(totals.tasks, "task", "tasks")
            )?;
        }
        out.push_str("\n  </div>");
    }
    if let Some(mean) = shown(&totals.mean) {
        out.push_str(
            "\n  <div class=\"stat\">\n    <dt>Mean task leverage</dt>\n    <dd class=\"stat-value\">",
        );
        write_escaped(out, mean)?;
        out.push_str("</dd>\n    <dd class=\"stat-detail\">median ");
        write_escaped(out, totals.median.as_deref().unwrap_or(""))?;
        out.push_str(", range ");
        write_escaped(out, totals.min.as_deref().unwrap_or(""))?;
        out.push_str(" to ");
        write_escaped(out, totals.max.as_deref().unwrap_or(""))?;
        out.push_str("</dd>\n  </div>");
    }
    out.push_str("\n</dl>");
    Ok(())
}

/// A title block of the form `Tag: {name} · {site title}`.
fn titled(out: &mut String, label: &str, name: &str, site: &SiteView<'_>) -> std::fmt::Result {
    out.push_str(label);
    write_escaped(out, name)?;
    out.push_str(" · ");
    write_escaped(out, site.title)
}

/// The end of a tag's or workstream's description: `{human} human-equivalent in {ai} of
/// {ai_label} time ({leverage} weighted leverage).`
fn effort(out: &mut String, totals: &crate::view::TotalsView, ai_label: &str) -> std::fmt::Result {
    write_escaped(out, &totals.human)?;
    out.push_str(" human-equivalent in ");
    write_escaped(out, &totals.ai)?;
    out.push_str(" of ");
    write_escaped(out, ai_label)?;
    out.push_str(" time");
    if let Some(leverage) = shown(&totals.leverage) {
        out.push_str(" (");
        write_escaped(out, leverage)?;
        out.push_str(" weighted leverage)");
    }
    out.push('.');
    Ok(())
}

/// The `partials/chart.html` of each chart, each after `before` (the line break and indentation
/// of the template's include).
fn charts_into(out: &mut String, charts: &[crate::view::ChartView], before: &str) -> std::fmt::Result {
    for chart in charts {
        out.push_str(before);
        chart_into(out, &ChartParts::of_view(chart))?;
    }
    Ok(())
}

/// A `card-list` of these records' cards (each kept by its summary), to the end of its section.
fn card_list(out: &mut String, records: &[minijinja::Value]) -> std::fmt::Result {
    out.push_str("  <div class=\"card-list\">");
    let level = minijinja::Value::from(3);
    for record in records {
        out.push_str("\n    ");
        let card = record_card(record, &level).map_err(|_| std::fmt::Error)?;
        out.push_str(card.as_str().ok_or(std::fmt::Error)?);
    }
    out.push_str("\n  </div>\n</section>");
    Ok(())
}

/// The default `partials/daily_table.html`: these records' figures, a row each, under `caption`;
/// with `supervisory`, a supervisory column.
fn daily_table_into(
    out: &mut String,
    records: &[minijinja::Value],
    caption: &str,
    ai_label: &str,
    supervisory: bool,
) -> std::fmt::Result {
    out.push_str(
        "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"daily-caption\" tabindex=\"0\">\n    \
         <table class=\"daily-table stack\">\n      <caption id=\"daily-caption\"><span class=\"caption-text\">",
    );
    write_escaped(out, caption)?;
    out.push_str(
        "</span></caption>\n      <thead>\n        <tr>\n          <th scope=\"col\">Date</th>\n          \
         <th scope=\"col\" class=\"num\">Tasks</th>\n          <th scope=\"col\" class=\"num\">Human</th>\n          \
         <th scope=\"col\" class=\"num\">",
    );
    // The AI column's label, escaped once for every row.
    let mut label = String::new();
    write_escaped(&mut label, ai_label)?;
    out.push_str(&label);
    out.push_str("</th>");
    if supervisory {
        out.push_str("\n          <th scope=\"col\" class=\"num\">Supervisory</th>");
    }
    out.push_str("\n          <th scope=\"col\" class=\"num\">Leverage</th>\n        </tr>\n      </thead>\n      <tbody>");
    // Each record's date, to tell two records of one day beside each other apart.
    let dates: Vec<std::borrow::Cow<'_, str>> = records.iter().map(date_of).collect::<Result<_, _>>()?;
    for (i, record) in records.iter().enumerate() {
        let row = DayRow::of(record)?;
        out.push_str("\n        <tr>\n          <th scope=\"row\"><a href=\"");
        row.url.put(out)?;
        out.push_str("\"><time datetime=\"");
        row.date.put(out)?;
        out.push_str("\">");
        row.date.put(out)?;
        out.push_str("</time>");
        let date = &dates[i];
        let same_day = (i > 0 && dates[i - 1] == *date) || dates.get(i + 1).is_some_and(|next| next == date);
        if same_day
            && let Some(slug) = slug_of(record)
            && *slug != **date
        {
            out.push_str(" <span class=\"row-slug\">");
            write_escaped(out, &slug.replace(&format!("{date}-"), ""))?;
            out.push_str("</span>");
        }
        out.push_str("</a></th>\n          <td data-label=\"Tasks\">");
        row.totals.tasks.put(out)?;
        out.push_str("</td>\n          <td data-label=\"Human\">");
        row.totals.human.put(out)?;
        out.push_str("</td>\n          <td data-label=\"");
        out.push_str(&label);
        out.push_str("\">");
        row.totals.ai.put(out)?;
        out.push_str("</td>");
        if supervisory {
            out.push_str("\n          <td data-label=\"Supervisory\">");
            put_or_dash(out, &row.totals.supervisory)?;
            out.push_str("</td>");
        }
        out.push_str("\n          <td class=\"lev\" data-label=\"Leverage\">");
        put_or_dash(out, &row.totals.leverage)?;
        out.push_str("</td>\n        </tr>");
    }
    out.push_str("\n      </tbody>\n    </table>\n  </div>");
    Ok(())
}

/// What a row of `partials/daily_table.html` prints of a record: read from the typed summary when
/// leverage made it (a tag's table has a row for each of its records), or from any template
/// value as the template reads it.
struct DayRow<'a> {
    url: Text<'a>,
    date: Text<'a>,
    totals: FigureParts<'a>,
}

impl<'a> DayRow<'a> {
    fn of(record: &'a minijinja::Value) -> Result<DayRow<'a>, std::fmt::Error> {
        Ok(match typed(record) {
            Some(summary) => DayRow {
                url: Text::Plain(&summary.url),
                date: Text::Plain(&summary.date),
                totals: FigureParts::of_view(&summary.totals),
            },
            None => DayRow {
                url: Text::Value(attr(record, "url")?),
                date: Text::Value(attr(record, "date")?),
                totals: FigureParts::of_value(&attr(record, "totals")?)?,
            },
        })
    }
}

/// A summary's `date` as the template compares it.
fn date_of(record: &minijinja::Value) -> Result<std::borrow::Cow<'_, str>, std::fmt::Error> {
    Ok(match typed(record) {
        Some(summary) => summary.date.as_str().into(),
        None => attr(record, "date")?.to_string().into(),
    })
}

/// A summary's `slug`, when it has one.
fn slug_of(record: &minijinja::Value) -> Option<std::borrow::Cow<'_, str>> {
    match typed(record) {
        Some(summary) => Some(summary.slug.as_str().into()),
        None => record
            .get_attr("slug")
            .ok()
            .filter(|slug| !slug.is_undefined())
            .map(|slug| slug.to_string().into()),
    }
}

/// `{{ value or "—" }}` of a tested text.
fn put_or_dash(out: &mut String, text: &Option<Text<'_>>) -> std::fmt::Result {
    match text {
        Some(text) => text.put(out),
        None => write_escaped(out, "—"),
    }
}

/// The default `base.html` around a page's blocks: what every page written here shares.
struct Frame<'a> {
    site: &'a SiteView<'a>,
    page_url: &'a str,
    /// The `main_class` block.
    main_class: &'a str,
}

impl Frame<'_> {
    /// Everything up to the `content` block, with the page's `title`, `description` and `head`
    /// blocks (`head` starts with its own line break, as the block's text does).
    fn open(
        &self,
        out: &mut String,
        title: impl FnOnce(&mut String) -> std::fmt::Result,
        description: impl FnOnce(&mut String) -> std::fmt::Result,
        head: impl FnOnce(&mut String) -> std::fmt::Result,
    ) -> std::fmt::Result {
        let site = self.site;
        out.push_str("<!doctype html>\n<html lang=\"");
        write_escaped(out, site.language)?;
        if site.dir == "rtl" {
            out.push_str("\" dir=\"rtl");
        }
        out.push_str(
            "\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        );
        title(out)?;
        out.push_str("</title>\n<meta name=\"description\" content=\"");
        description(out)?;
        out.push_str("\">\n<link rel=\"canonical\" href=\"");
        write_escaped(out, self.page_url)?;
        out.push_str("\">\n");
        if let Some(stylesheet) = shown(&site.stylesheet) {
            out.push_str("<link rel=\"stylesheet\" href=\"");
            write_escaped(out, stylesheet)?;
            out.push_str("\">\n");
        }
        out.push_str("<link rel=\"icon\" href=\"");
        write_escaped(out, &site.home_url)?;
        out.push_str(
            "favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"",
        );
        write_escaped(out, site.title)?;
        out.push_str("\" href=\"");
        write_escaped(out, &site.feed_url)?;
        out.push_str("\">");
        head(out)?;
        out.push_str(
            "\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n\
             <header class=\"site-header\">\n  <div class=\"wrap site-header-inner\">\n    <a class=\"site-title\" href=\"",
        );
        write_escaped(out, &site.home_url)?;
        out.push_str("\">");
        write_escaped(out, site.title)?;
        out.push_str("</a>\n    <nav class=\"site-nav\" aria-label=\"Site\">\n      <ul>");
        self.nav(out, &site.home_url, "Home", false)?;
        self.nav(out, &site.archive_url, "Archive", false)?;
        self.nav(out, &site.tags_url, "Tags", true)?;
        if let Some(workstreams) = shown(&site.workstreams_url) {
            self.nav(out, workstreams, "Workstreams", true)?;
        }
        // A page's link is its section's on the pages below it (`/notes/` on `/notes/setup/`).
        for link in &site.nav {
            self.nav(out, &link.url, &link.title, true)?;
        }
        if let Some(search) = shown(&site.search_url) {
            self.nav(out, search, "Search", false)?;
        }
        out.push_str(
            "\n      </ul>\n    </nav>\n  </div>\n</header>\n<main id=\"main\" tabindex=\"-1\" class=\"",
        );
        out.push_str(self.main_class);
        out.push_str("\">\n");
        Ok(())
    }

    /// A link of the site's menu; the page's own is `aria-current="page"`, and a `section`'s
    /// link is `aria-current="true"` on the pages below it.
    fn nav(&self, out: &mut String, url: &str, label: &str, section: bool) -> std::fmt::Result {
        out.push_str("\n        <li><a href=\"");
        write_escaped(out, url)?;
        out.push('"');
        if self.page_url == url {
            out.push_str(" aria-current=\"page\"");
        } else if section && self.page_url.starts_with(url) {
            out.push_str(" aria-current=\"true\"");
        }
        out.push('>');
        write_escaped(out, label)?;
        out.push_str("</a></li>");
        Ok(())
    }

    /// Everything after the `content` block.
    fn close(&self, out: &mut String) -> std::fmt::Result {
        let site = self.site;
        out.push_str("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p>");
        if !site.author.is_empty() {
            write_escaped(out, site.author)?;
            out.push_str(" · ");
        }
        out.push_str("<a href=\"");
        write_escaped(out, &site.feed_url)?;
        out.push_str("\">Atom feed</a> · Data: <a href=\"");
        write_escaped(out, &site.records_json_url)?;
        out.push_str("\">records.json</a>, <a href=\"");
        write_escaped(out, &site.tasks_csv_url)?;
        out.push_str(
            "\">tasks.csv</a>\n    </p>\n    <p class=\"footer-note\">Leverage is human-equivalent time divided by AI \
             time. Published with leverage.</p>\n  </div>\n</footer>\n</body>\n</html>\n",
        );
        Ok(())
    }
}

/// True when `text` is the default theme's version of template `name`, so the built-in
/// rendering may stand in for it.
pub(crate) fn is_default(name: &str, text: &str) -> bool {
    theme::default_template(name).is_some_and(|default| default == text)
}

/// `partials/task_table.html` of the default theme, for one table.
pub(crate) fn task_table(table: &TableParts<'_>) -> String {
    let cells: usize = table.rows.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(600 + 120 * table.columns.len() + 110 * cells);
    task_table_into(&mut out, table).expect("writing to a String cannot fail");
    out
}

/// `partials/aggregates.html` of the default theme for these metrics; `inline` when the block
/// replaces the writer's own table (it then has no heading of its own).
pub(crate) fn aggregates(metrics: &[crate::view::MetricView], inline: bool) -> String {
    let mut out = String::with_capacity(400 + 160 * metrics.len());
    aggregates_into(&mut out, metrics, inline).expect("writing to a String cannot fail");
    out
}

fn aggregates_into(out: &mut String, metrics: &[crate::view::MetricView], inline: bool) -> std::fmt::Result {
    out.push_str(if inline {
        "<section class=\"aggregates\" aria-label=\"Aggregate stats\">"
    } else {
        "<section class=\"aggregates\" aria-labelledby=\"aggregates-heading\">\n  \
         <h2 id=\"aggregates-heading\">Aggregate stats</h2>"
    });
    out.push_str("\n  <dl class=\"metrics\">");
    for metric in metrics {
        out.push_str(if metric.mismatch {
            "\n    <div class=\"metric mismatch\">"
        } else {
            "\n    <div class=\"metric\">"
        });
        out.push_str("\n      <dt>");
        write_escaped(out, &metric.label)?;
        out.push_str("</dt>\n      <dd class=\"metric-value\">");
        write_escaped(out, &metric.value)?;
        if let Some(stated) = metric.stated.as_deref().filter(|s| metric.mismatch && !s.is_empty()) {
            out.push_str(" <span class=\"stated\" title=\"stated in the post\">stated ");
            write_escaped(out, stated)?;
            out.push_str("</span>");
        }
        out.push_str("</dd>");
        if let Some(detail) = metric.detail.as_deref().filter(|d| !d.is_empty() && *d != metric.value) {
            out.push_str("\n      <dd class=\"metric-detail\">");
            write_escaped(out, detail)?;
            out.push_str("</dd>");
        }
        out.push_str("\n    </div>");
    }
    out.push_str("\n  </dl>\n</section>\n");
    Ok(())
}

/// `partials/chart.html` of the default theme for one chart, as a safe string: registered as
/// `CHART_FUNCTION`. A chart leverage made (a `ChartObject`) is written from its fields; any
/// other value is read as the template would read it.
pub(crate) fn chart(chart: &minijinja::Value) -> Result<minijinja::Value, minijinja::Error> {
    let mut out = String::with_capacity(8192);
    let written = match chart.downcast_object_ref::<crate::view::ChartObject>() {
        Some(object) => chart_into(&mut out, &ChartParts::of_view(object.view())),
        None => ChartParts::of_value(chart).and_then(|parts| chart_into(&mut out, &parts)),
    };
    written.map_err(|_| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "partials/chart.html expects `chart`: a chart with id, title, svg, caption, headers and rows",
        )
    })?;
    Ok(minijinja::Value::from_safe_string(out))
}

/// A piece of text a partial prints: a Rust string (escaped), or a template value (printed as
/// the formatter prints it).
enum Text<'a> {
    Plain(&'a str),
    Value(minijinja::Value),
}

impl Text<'_> {
    fn put(&self, out: &mut String) -> std::fmt::Result {
        match self {
            Text::Plain(text) => write_escaped(out, text),
            Text::Value(value) => print(out, value),
        }
    }

    /// Whether the template's test of the text is true.
    fn is_true(&self) -> bool {
        match self {
            Text::Plain(text) => !text.is_empty(),
            Text::Value(value) => value.is_true(),
        }
    }

    /// `{{ text|tojson }}`: a JSON string (or value) that cannot end a `<script>`.
    fn put_json(&self, out: &mut String) -> std::fmt::Result {
        let value = match self {
            // A string as `tojson` writes one (serde_json's escapes, and `<`, `>`, `&` and `'`
            // as `\u` escapes), without the filter's keyword arguments made for each call.
            Text::Plain(text) => {
                let json = serde_json::to_string(text).map_err(|_| std::fmt::Error)?;
                if !json.contains(['<', '>', '&', '\'']) {
                    out.push_str(&json);
                    return Ok(());
                }
                for c in json.chars() {
                    match c {
                        '<' => out.push_str("\\u003c"),
                        '>' => out.push_str("\\u003e"),
                        '&' => out.push_str("\\u0026"),
                        '\'' => out.push_str("\\u0027"),
                        c => out.push(c),
                    }
                }
                return Ok(());
            }
            Text::Value(value) => value.clone(),
        };
        let json = minijinja::filters::tojson(
            &value,
            None,
            std::iter::empty::<(&str, minijinja::Value)>().collect(),
        )
        .map_err(|_| std::fmt::Error)?;
        out.push_str(json.as_str().ok_or(std::fmt::Error)?);
        Ok(())
    }

    /// The text as `~` joins it to another, unescaped.
    fn joined(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Text::Plain(text) => (*text).into(),
            Text::Value(value) => value.to_string().into(),
        }
    }

    /// `{{ text|shorten }}`.
    fn shortened(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Text::Plain(text) => shorten(text, DESCRIPTION_LENGTH),
            Text::Value(value) => shorten_value(value, DESCRIPTION_LENGTH).into(),
        }
    }

    /// The text as markup, unescaped (the chart's `svg`, which the partial prints `|safe`).
    fn put_raw(&self, out: &mut String) -> std::fmt::Result {
        match self {
            Text::Plain(text) => out.push_str(text),
            Text::Value(value) => out.push_str(value.as_str().ok_or(std::fmt::Error)?),
        }
        Ok(())
    }
}

/// What the chart partial prints, from a `ChartView` or from any template value.
struct ChartParts<'a> {
    id: Text<'a>,
    title: Text<'a>,
    svg: Text<'a>,
    caption: Text<'a>,
    headers: Vec<Text<'a>>,
    rows: Vec<Vec<Text<'a>>>,
}

impl<'a> ChartParts<'a> {
    fn of_view(view: &'a crate::view::ChartView) -> ChartParts<'a> {
        let plain = |text: &'a String| Text::Plain(text);
        ChartParts {
            id: plain(&view.id),
            title: plain(&view.title),
            svg: plain(&view.svg),
            caption: plain(&view.caption),
            headers: view.headers.iter().map(plain).collect(),
            rows: view.rows.iter().map(|row| row.iter().map(plain).collect()).collect(),
        }
    }

    fn of_value(chart: &minijinja::Value) -> Result<ChartParts<'static>, std::fmt::Error> {
        let field = |name: &str| chart.get_attr(name).map_err(|_| std::fmt::Error);
        let list = |value: minijinja::Value| -> Result<Vec<minijinja::Value>, std::fmt::Error> {
            Ok(value.try_iter().map_err(|_| std::fmt::Error)?.collect())
        };
        Ok(ChartParts {
            id: Text::Value(field("id")?),
            title: Text::Value(field("title")?),
            svg: Text::Value(field("svg")?),
            caption: Text::Value(field("caption")?),
            headers: list(field("headers")?)?.into_iter().map(Text::Value).collect(),
            rows: list(field("rows")?)?
                .into_iter()
                .map(|row| Ok(list(row)?.into_iter().map(Text::Value).collect()))
                .collect::<Result<_, std::fmt::Error>>()?,
        })
    }
}

/// `{{ value or "—" }}`: the value as printed, or a dash when it is false (none, empty, zero).
fn print_or_dash(out: &mut String, value: &minijinja::Value) -> std::fmt::Result {
    if value.is_true() { print(out, value) } else { write_escaped(out, "—") }
}

/// A text a template tests before printing: `None` when it is missing or empty, as both are
/// false to the template.
fn shown(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.is_empty())
}

/// Prints a value as leverage's template formatter does: safe strings as they are, everything
/// else escaped.
fn print(out: &mut String, value: &minijinja::Value) -> std::fmt::Result {
    if value.is_undefined() {
        return Err(std::fmt::Error);
    }
    match value.as_str() {
        Some(text) if value.is_safe() => {
            out.push_str(text);
            Ok(())
        }
        _ => write_escaped_value(out, value),
    }
}

fn chart_into(out: &mut String, chart: &ChartParts<'_>) -> std::fmt::Result {
    out.push_str("<figure class=\"chart\" id=\"");
    chart.id.put(out)?;
    out.push_str("\">\n  <figcaption class=\"chart-title\">");
    chart.title.put(out)?;
    out.push_str("</figcaption>\n  ");
    chart.svg.put_raw(out)?;
    if chart.rows.is_empty() {
        out.push_str("\n</figure>\n");
        return Ok(());
    }
    // Its summary names the chart for a listener: a page of four charts had four buttons alike.
    out.push_str(
        "\n  <details class=\"chart-data\">\n    <summary>The numbers behind this chart<span class=\"sr-only\">: ",
    );
    chart.title.put(out)?;
    out.push_str("</span></summary>\n    <div class=\"table-scroll\" role=\"region\" aria-label=\"");
    chart.title.put(out)?;
    out.push_str(": data\" tabindex=\"0\">\n      <table>\n        <caption><span class=\"caption-text\">");
    chart.caption.put(out)?;
    out.push_str("</span></caption>\n        <thead>\n          <tr>");
    for (i, header) in chart.headers.iter().enumerate() {
        out.push_str(if i == 0 {
            "\n            <th scope=\"col\">"
        } else {
            "\n            <th scope=\"col\" class=\"num\">"
        });
        header.put(out)?;
        out.push_str("</th>");
    }
    out.push_str("\n          </tr>\n        </thead>\n        <tbody>");
    for row in &chart.rows {
        out.push_str("\n          <tr>");
        for (i, cell) in row.iter().enumerate() {
            out.push_str(if i == 0 {
                "\n            <th scope=\"row\">"
            } else {
                "\n            <td class=\"num\">"
            });
            cell.put(out)?;
            out.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        out.push_str("\n          </tr>");
    }
    out.push_str("\n        </tbody>\n      </table>\n    </div>\n  </details>\n</figure>\n");
    Ok(())
}

/// Columns from which a task table is `wide`: the default theme shows it as cards up to a
/// laptop's width, where its columns would not fit side by side (`style.css`).
const WIDE_TABLE: usize = 8;

fn task_table_into(out: &mut String, table: &TableParts<'_>) -> std::fmt::Result {
    let mismatch = table.rows.iter().flatten().any(|cell| cell.mismatch);
    out.push_str("<div class=\"table-scroll\" role=\"region\" aria-label=\"Tasks, ");
    // Named for its agent: two tables of a day (Claude's, Codex's) were two regions alike.
    write_escaped(out, table.ai_label)?;
    out.push_str("\" tabindex=\"0\">\n<table class=\"tasks stack");
    out.push_str(if table.columns.len() >= WIDE_TABLE { " wide\">" } else { "\">" });
    out.push_str("\n  <caption><span class=\"caption-text\">Tasks: human estimate vs ");
    write_escaped(out, table.ai_label)?;
    out.push_str(" time; leverage computed");
    if mismatch {
        out.push_str(
            ". <span class=\"caption-note\">Cells marked <span class=\"stated\">stated</span> show a \
             figure the post stated that differs from the computed one.</span>",
        );
    }
    out.push_str("</span></caption>\n  <thead>\n    <tr>");
    for column in &table.columns {
        out.push_str("\n      <th scope=\"col\" class=\"col-");
        out.push_str(column.kind);
        if column.numeric {
            out.push_str(" num");
        }
        if column.added {
            out.push_str(" added\" title=\"computed by leverage\">");
        } else {
            out.push_str("\">");
        }
        write_escaped(out, &column.label)?;
        // Said to a listener, who gets neither the italics nor the tooltip.
        out.push_str(if column.added { "<span class=\"sr-only\"> (computed)</span></th>" } else { "</th>" });
    }
    out.push_str("\n    </tr>\n  </thead>\n  <tbody>");
    // Each column's cell markup around the "mismatch" class, written once per table rather than
    // once per cell. A body cell is a figure unless its class says otherwise (`style.css`), and
    // the rows are not indented: classes and indentation on every cell were a tenth of a page.
    let mut cells = Vec::with_capacity(table.columns.len());
    for column in &table.columns {
        let task = column.kind == "task";
        let class = match column.kind {
            "task" => "",
            "number" => "col-number",
            _ if !column.numeric => "text",
            "leverage" | "supervisory_leverage" => "lev",
            _ => "",
        };
        let mut label = String::with_capacity(column.label.len() + 16);
        if !task {
            label.push_str(" data-label=\"");
            write_escaped(&mut label, &column.label)?;
            label.push('"');
        }
        cells.push((class, label, task, if task { "</th>" } else { "</td>" }));
    }
    for row in &table.rows {
        out.push_str("\n<tr>");
        let number = table.number_column.and_then(|i| row.get(i)).map_or("", |c| &*c.text);
        for (cell, (class, label, task, close)) in row.iter().zip(&cells) {
            out.push_str(if *task { "\n<th scope=\"row\"" } else { "\n<td" });
            match (class.is_empty(), cell.mismatch) {
                (true, false) => {}
                (true, true) => out.push_str(" class=\"mismatch\""),
                (false, mismatch) => {
                    out.push_str(" class=\"");
                    out.push_str(class);
                    out.push_str(if mismatch { " mismatch\"" } else { "\"" });
                }
            }
            out.push_str(label);
            if *task && !number.is_empty() {
                out.push_str(" data-number=\"");
                // Numbers are mostly digits, which need no escaping.
                if number.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    out.push_str(number);
                } else {
                    write_escaped(out, number)?;
                }
                out.push('"');
            }
            out.push('>');
            // A cell with a stated note may wrap between the figure and the note, never inside
            // the figure (`7h 30min`).
            let stated = cell.stated.as_deref().filter(|s| cell.mismatch && !s.is_empty());
            if stated.is_some() {
                out.push_str("<span class=\"fig\">");
            }
            match &cell.html {
                Some(html) => out.push_str(html),
                None => write_escaped(out, &cell.text)?,
            }
            if let Some(stated) = stated {
                out.push_str("</span> <span class=\"stated\" title=\"stated in the post\">stated ");
                write_escaped(out, stated)?;
                out.push_str("</span>");
            }
            out.push_str(close);
        }
        out.push_str("\n</tr>");
    }
    if table.rows.is_empty() {
        write!(
            out,
            "\n    <tr>\n      <td class=\"empty-row\" colspan=\"{}\">No tasks in this table.</td>\n    </tr>",
            table.columns.len()
        )?;
    }
    out.push_str("\n  </tbody>\n</table>\n</div>\n");
    Ok(())
}

/// `one` for a count of 1, else `many` (`1 task`, `2 tasks`).
fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use minijinja::value::Serde;
    use proptest::prelude::*;

    use super::*;
    use crate::view::{CellView, ColumnView, Link, TableView};

    const KINDS: [&str; 11] = [
        "number",
        "task",
        "human",
        "ai",
        "supervisory",
        "tokens",
        "leverage",
        "supervisory_leverage",
        "weeks",
        "workstream",
        "other",
    ];

    /// A wide task table becomes cards below a laptop's width by a copy of the phone's card
    /// rules: the two copies must say the same, or a wide table on a tablet would be a card of
    /// another shape than on a phone.
    #[test]
    fn the_wide_tables_cards_are_the_phones_cards() {
        let css = include_str!("../../../themes/default/static/style.css");
        let block = |opening: &str| -> String {
            let start = css.find(opening).expect("the media block") + opening.len();
            let body = &css[start..];
            let end = body.find("\n}\n").expect("its end");
            body[..end].to_string()
        };
        let phone = block("@media screen and (max-width: 40rem) {\n");
        let cards_start =
            phone.find("  /* The header row, and the `#` cell").expect("the phone's card rules");
        let cards_end = phone.find("  .record-list time {").expect("the rules after them");
        let phone_cards = phone[cards_start..cards_end].trim_end().replace(".stack", ".stack.wide");
        let wide = block("@media screen and (min-width: 40.01rem) and (max-width: 63.99rem) {\n");
        assert_eq!(wide.trim_end(), phone_cards);
        assert!(phone_cards.contains("grid-template-columns"), "{phone_cards}");
    }

    /// What the default theme's template `name` writes for `ctx`.
    fn through_template(name: &str, ctx: minijinja::Value) -> String {
        let mut env = crate::pages::environment();
        let text = theme::default_template(name).expect("the default theme has the partial");
        env.add_template(name, text).expect("the default partial parses");
        let template = env.get_template(name).expect("just added");
        template.render(ctx).expect("the default partial renders")
    }

    /// Text with the characters HTML escaping cares about, markup and non-ASCII.
    fn text() -> impl Strategy<Value = String> {
        "[a-z <>&\"'/é—0-9.x]{0,12}"
    }

    /// A text a meta description is cut from (`shorten`): sentences and words around 160 characters.
    fn long_text() -> impl Strategy<Value = String> {
        "[a-z <>&\"'é.!?。,]{100,240}"
    }

    fn cell() -> impl Strategy<Value = CellView> {
        (text(), proptest::option::of("[a-z<>&]{0,8}"), proptest::option::of(text()), any::<bool>())
            .prop_map(|(text, html, stated, mismatch)| CellView { text, html, stated, mismatch })
    }

    fn table() -> impl Strategy<Value = TableView> {
        let column = (0..KINDS.len(), text(), any::<bool>(), any::<bool>())
            .prop_map(|(k, label, numeric, added)| ColumnView { label, kind: KINDS[k], numeric, added });
        (text(), proptest::collection::vec(column, 1..6), 0usize..5).prop_flat_map(
            |(ai_label, columns, rows)| {
                let width = columns.len();
                let number_column = columns.iter().position(|c| c.kind == "number");
                proptest::collection::vec(proptest::collection::vec(cell(), width), rows).prop_map(
                    move |rows| TableView {
                        ai_label: ai_label.clone(),
                        columns: columns.clone(),
                        rows,
                        number_column,
                    },
                )
            },
        )
    }

    proptest! {
        #[test]
        fn writes_what_the_default_template_writes(table in table()) {
            prop_assert_eq!(task_table(&TableParts::of_view(&table)), through_template(TASK_TABLE, minijinja::context! { table => Serde(&table) }));
        }
    }

    /// The default chart partial's output for `chart` (as a serialized view), and the
    /// stand-in's for it as a serialized view followed by its output for it as a `ChartObject`.
    fn chart_both_ways(view: &crate::view::ChartView) -> (String, String) {
        let mut env = crate::pages::environment();
        let text = theme::default_template(CHART).expect("the default theme has the partial");
        env.add_template("real.html", text).expect("the default partial parses");
        env.add_template("stand-in.html", CHART_STAND_IN).expect("the stand-in parses");
        env.add_function(CHART_FUNCTION, |c: minijinja::Value| super::chart(&c));
        let object = minijinja::Value::from_object(crate::view::ChartObject::new(view.clone()));
        let render = |name: &str, chart: &minijinja::Value| {
            let template = env.get_template(name).expect("added");
            template.render(minijinja::context! { chart => chart }).expect("renders")
        };
        let serde = minijinja::Value::from(Serde(view));
        let real = render("real.html", &serde);
        // The template reads the object as it reads the serialized view.
        assert_eq!(render("real.html", &object), real);
        (real, [render("stand-in.html", &serde), render("stand-in.html", &object)].concat())
    }

    fn chart_view() -> impl Strategy<Value = crate::view::ChartView> {
        let row = proptest::collection::vec(text(), 0..4);
        (
            text(),
            text(),
            text(),
            "<svg>[a-z<>&]{0,8}</svg>",
            text(),
            proptest::collection::vec(text(), 0..4),
            proptest::collection::vec(row, 0..4),
        )
            .prop_map(|(id, title, description, svg, caption, headers, rows)| {
                crate::view::ChartView { id, title, description, svg, caption, headers, rows }
            })
    }

    proptest! {
        #[test]
        fn the_chart_stand_in_writes_what_the_default_partial_writes(chart in chart_view()) {
            let (real, stand_in) = chart_both_ways(&chart);
            prop_assert_eq!(stand_in, [real.as_str(), real.as_str()].concat());
        }
    }

    /// Renders `calls` (a template body using `m`) with the default macros and with their
    /// stand-in, for `record`: the two results, errors as their kind.
    fn macros_both_ways(
        calls: &str,
        record: &minijinja::Value,
    ) -> (Result<String, String>, Result<String, String>) {
        let mut env = crate::pages::environment();
        let text = theme::default_template(MACROS).expect("the default theme has the macros");
        env.add_template("real/macros.html", text).expect("the default macros parse");
        let stand_in = macros_stand_in(text).expect("the default macros have the built-in ones");
        env.add_template_owned("stand-in/macros.html", stand_in).expect("the stand-in parses");
        for side in ["real", "stand-in"] {
            let page = format!("{{% import \"{side}/macros.html\" as m %}}{calls}");
            env.add_template_owned(format!("{side}.html"), page).expect("the calls parse");
        }
        add_macro_functions(&mut env);
        let render = |name: &str| {
            let template = env.get_template(name).expect("added");
            template.render(minijinja::context! { record => record }).map_err(|e| format!("{:?}", e.kind()))
        };
        (render("real.html"), render("stand-in.html"))
    }

    /// Record summaries as views hold them.
    fn record_summary() -> impl Strategy<Value = crate::view::RecordSummary> {
        let maybe = || proptest::option::of(prop_oneof![text(), Just(String::new())]);
        let tag =
            (text(), text(), text()).prop_map(|(name, slug, url)| crate::view::TagLink { name, slug, url });
        // Records of one day often, as two beside each other are told apart by their slugs.
        let day = || prop_oneof![text(), Just("2026-05-01".to_string())];
        let slug = prop_oneof![text(), Just("2026-05-01".to_string()), Just("2026-05-01-pm".to_string())];
        (
            (slug, text(), text(), day(), text(), maybe()),
            (proptest::collection::vec(tag, 0..3), maybe(), text(), totals(), maybe()),
        )
            .prop_map(
                |(
                    (slug, url, title, date, date_display, updated),
                    (tags, summary, ai_label, totals, updated_display),
                )| {
                    crate::view::RecordSummary {
                        slug,
                        url,
                        title,
                        date,
                        date_display,
                        updated,
                        updated_display,
                        tags,
                        summary,
                        ai_label,
                        totals,
                    }
                },
            )
    }

    /// `value`'s keys in order, each with its value, nested maps included, as text.
    fn read_through(value: &minijinja::Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for key in value.try_iter().expect("a map") {
            let item = value.get_item(&key).expect("a map's own key");
            let by_name = value.get_attr(key.as_str().expect("string keys")).expect("a field");
            assert_eq!(format!("{item:?}"), format!("{by_name:?}"));
            if item.kind() == minijinja::value::ValueKind::Map {
                out.extend(read_through(&item).into_iter().map(|(k, v)| (format!("{key}.{k}"), v)));
            }
            out.push((key.to_string(), format!("{:?} {:?} {}", item.kind(), item, item)));
        }
        out
    }

    proptest! {
        #[test]
        fn a_summary_read_field_by_field_is_the_summary_converted_whole(summary in record_summary()) {
            let whole = minijinja::Value::from(Serde(&summary));
            let fields = crate::view::SummaryFields::value(summary);
            prop_assert_eq!(read_through(&fields), read_through(&whole));
            prop_assert_eq!(fields.len(), whole.len());
            prop_assert_eq!(fields.to_string(), whole.to_string());
            prop_assert_eq!(
                serde_json::to_string(&fields).expect("serializes"),
                serde_json::to_string(&whole).expect("serializes")
            );
            prop_assert!(fields.get_attr("missing").expect("a map").is_undefined());
            let env = minijinja::Environment::new();
            let template = "{{ r.title }}|{{ r.totals.leverage }}|{% for k, v in r|items %}{{ k }}={{ v }};{% endfor %}|{{ r|tojson }}";
            prop_assert_eq!(
                env.render_str(template, minijinja::context! { r => fields }).expect("renders"),
                env.render_str(template, minijinja::context! { r => whole }).expect("renders")
            );
        }
    }

    /// A record summary as the pages pass it, with optional figures missing, `none` or empty.
    fn record_value() -> impl Strategy<Value = minijinja::Value> {
        let maybe = || proptest::option::of(prop_oneof![text(), Just(String::new())]);
        let tag = (text(), text()).prop_map(|(name, url)| minijinja::context! { name, url });
        let summary = proptest::option::of(prop_oneof![text(), Just(String::new()), long_text()]);
        (
            (text(), prop_oneof![text(), long_text()], text(), text(), summary, text()),
            (0usize..30, text(), text(), maybe(), maybe(), maybe(), any::<bool>()),
            proptest::collection::vec(tag, 0..3),
            (
                any::<bool>(),
                proptest::option::of(prop_oneof![text(), Just("2026-05-01-pm".to_string())]),
                proptest::option::of((text(), prop_oneof![text(), Just(String::new())])),
            ),
        )
            .prop_map(
                |((url, title, date, date_display, summary, ai_label), (tasks, human, ai, sup, lev, sup_lev, drop), tags, (unlabelled, slug, updated))| {
                    // `drop` leaves the optional figures out altogether (undefined, not none).
                    let totals = if drop {
                        minijinja::context! { tasks, human, ai }
                    } else {
                        minijinja::context! { tasks, human, ai, supervisory => sup, leverage => lev, supervisory_leverage => sup_lev }
                    };
                    // A theme's own summary may leave out the label: the macro's default holds;
                    // and its slug, which only tells two records of one day apart.
                    let record = if unlabelled {
                        minijinja::context! { url, title, date, date_display, summary, tags, totals }
                    } else {
                        minijinja::context! { url, title, date, date_display, summary, ai_label, tags, totals }
                    };
                    let record = match updated {
                        Some((updated, updated_display)) => minijinja::context! { updated, updated_display, ..record },
                        None => record,
                    };
                    match slug {
                        Some(slug) => minijinja::context! { slug, ..record },
                        None => record,
                    }
                },
            )
    }

    proptest! {
        /// A string written as JSON from Rust is what the template's `tojson` writes: JSON-LD in
        /// a record's head, any character in it (controls, quotes, `</script>`, line separators).
        #[test]
        fn a_string_as_json_is_what_tojson_writes(text in "(\\PC|[\u{0}-\u{1f}\u{7f}\u{2028}\u{2029}<>&'\"\\\\/])*") {
            let mut written = String::new();
            Text::Plain(&text).put_json(&mut written).expect("written");
            let filtered = minijinja::filters::tojson(
                &minijinja::Value::from(text.as_str()),
                None,
                std::iter::empty::<(&str, minijinja::Value)>().collect(),
            )
            .expect("JSON");
            prop_assert_eq!(written, filtered.as_str().expect("a string"));
        }
    }

    proptest! {
        #[test]
        fn the_macros_stand_in_writes_what_the_default_macros_write(record in record_value()) {
            let calls = "{{ m.record_card(record) }}|{{ m.record_card(record, level=2) }}|{{ m.record_card(record, 4) }}|\
                         {{ m.figures(record.totals, record.ai_label, class=\"figures key\") }}|{{ m.figures(record.totals) }}|\
                         {{ m.figures(totals=record.totals) }}|{{ m.tag_list(record.tags) }}|{{ m.tag_list([]) }}|\
                         {{ m.record_card(record, level=none) }}|{{ m.record_card(record, record.missing) }}|\
                         {{ m.record_card(record, level=record.missing) }}|{{ m.figures(record.totals, none) }}|\
                         {{ m.record_card(record, 3.0) }}|\
                         {{ m.figures(record.totals, record.missing, class=record.missing) }}";
            let (real, stand_in) = macros_both_ways(calls, &record);
            prop_assert!(real.is_ok(), "{:?}", real);
            prop_assert_eq!(&stand_in, &real);
            // A summary leverage made, which keeps its card once written: twice the same card.
            let summary = minijinja::Value::from_object(crate::pages::SummaryObject::new(record.clone()));
            let twice = format!("{calls}|{calls}");
            let (real_twice, kept) = macros_both_ways(&twice, &summary);
            prop_assert_eq!(&kept, &real_twice);
            prop_assert_eq!(kept, real.map(|once| format!("{once}|{once}")));
        }
    }

    #[test]
    fn the_macros_stand_in_fails_where_the_default_macros_fail() {
        let record = minijinja::context! { title => "t", tags => vec![minijinja::context! { name => "n" }] };
        for calls in [
            "{{ m.figures() }}",
            "{{ m.tag_list(record.tags) }}",
            "{{ m.record_card(record) }}",
            "{{ m.tag_list([], colour=1) }}",
            "{{ m.tag_list([], []) }}",
            "{{ m.figures(record, totals=record) }}",
        ] {
            let (real, stand_in) = macros_both_ways(calls, &record);
            assert!(real.is_err() && stand_in.is_err(), "{calls}: {real:?} / {stand_in:?}");
        }
        // The macros written in the template stay as they are.
        let text = theme::default_template(MACROS).expect("the default theme has the macros");
        let stand_in = macros_stand_in(text).expect("the default macros have the built-in ones");
        assert!(stand_in.contains("{% macro stats(") && stand_in.contains("{% macro pagination("));
        assert!(!stand_in.contains("{% macro record_card("));
        assert_eq!(macros_stand_in("{% macro stats() %}{%- endmacro %}"), None);
        // Every line keeps its number and every other macro its bytes, in their places: an error
        // in a later macro is said where it is.
        let breaks = |t: &str| t.bytes().take(text.len()).enumerate().filter(|(_, b)| *b == b'\n').count();
        assert_eq!(breaks(&stand_in), breaks(text));
        assert!(stand_in.bytes().zip(text.bytes()).all(|(a, b)| (a == b'\n') == (b == b'\n')));
        for name in ["stats", "toc", "pagination"] {
            let start = text.find(&format!("{{% macro {name}(")).expect("the macro");
            let end = start + text[start..].find("{%- endmacro %}").expect("its end");
            assert_eq!(&stand_in[start..end], &text[start..end], "{name}");
        }
    }

    fn metric() -> impl Strategy<Value = crate::view::MetricView> {
        (
            text(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(label, value, detail, stated, mismatch, same)| {
                // Sometimes a detail equal to the value, which the partial leaves out.
                let detail = if same { Some(value.clone()) } else { detail };
                crate::view::MetricView { label, value, detail, stated, mismatch }
            })
    }

    proptest! {
        #[test]
        fn aggregates_are_written_as_the_default_partial_writes_them(
            metrics in proptest::collection::vec(metric(), 0..5),
            inline in any::<bool>(),
        ) {
            let real = through_template(AGGREGATES, minijinja::context! { metrics => Serde(&metrics), inline });
            prop_assert_eq!(aggregates(&metrics, inline), real);
        }

        /// A record page splices its prerendered body only around tables that end a line
        /// (`Theme::tables_end_lines`); the built-in ones always do.
        #[test]
        fn the_built_in_tables_end_a_line(table in table(), metrics in proptest::collection::vec(metric(), 0..5)) {
            prop_assert!(task_table(&TableParts::of_view(&table)).ends_with('\n'));
            prop_assert!(aggregates(&metrics, true).ends_with('\n'));
        }
    }

    /// The site's values, owned, for a `SiteView` to borrow.
    #[derive(Debug)]
    struct Site {
        title: String,
        description: String,
        author: String,
        language: String,
        stylesheet: Option<String>,
        workstreams_url: Option<String>,
        search_url: Option<String>,
        pages: Vec<Link>,
        record_note: Option<String>,
        ai_label: String,
    }

    /// A body's headings: levels out of order, ids and titles to escape.
    fn headings() -> impl Strategy<Value = Vec<crate::body::Heading>> {
        proptest::collection::vec(
            (1u8..=6, text(), text()).prop_map(|(level, id, title)| crate::body::Heading {
                level,
                id,
                title,
            }),
            0..6,
        )
    }

    /// An `[extra]` table: `toc` absent, `true`, `false`, or a value that is not `true`.
    fn toc_extra() -> impl Strategy<Value = toml::Table> {
        prop_oneof![
            Just(None),
            Just(Some(toml::Value::Boolean(true))),
            Just(Some(toml::Value::Boolean(false))),
            Just(Some(toml::Value::String("true".to_string()))),
            Just(Some(toml::Value::Integer(1))),
        ]
        .prop_map(|toc| toc.map(|toc| toml::Table::from_iter([("toc".to_string(), toc)])).unwrap_or_default())
    }

    fn link() -> impl Strategy<Value = Link> {
        (text(), prop_oneof![Just("/a/".to_string()), text()]).prop_map(|(title, url)| Link { title, url })
    }

    fn site() -> impl Strategy<Value = Site> {
        let maybe_empty = || prop_oneof![Just(String::new()), text()];
        (
            (text(), prop_oneof![Just(String::new()), text(), long_text()], maybe_empty(), text()),
            proptest::option::of(maybe_empty()),
            (
                proptest::option::of(prop_oneof![Just("/workstreams/".to_string()), maybe_empty()]),
                proptest::option::of(prop_oneof![Just("/search/".to_string()), maybe_empty()]),
            ),
            proptest::collection::vec(link(), 0..3),
            proptest::option::of(prop_oneof![Just(String::new()), "<p>[a-z&<]{0,8}</p>"]),
            text(),
        )
            .prop_map(
                |(
                    (title, description, author, language),
                    stylesheet,
                    (workstreams_url, search_url),
                    pages,
                    record_note,
                    ai_label,
                )| {
                    Site {
                        title,
                        description,
                        author,
                        language,
                        stylesheet,
                        workstreams_url,
                        search_url,
                        pages,
                        record_note,
                        ai_label,
                    }
                },
            )
    }

    /// The site's values as pages receive them.
    fn site_view<'a>(site: &'a Site, extra: &'a toml::Table) -> SiteView<'a> {
        SiteView {
            title: &site.title,
            base_url: "/",
            description: &site.description,
            author: &site.author,
            language: &site.language,
            // Both directions, the templates' and the writer's alike.
            dir: if site.title.len().is_multiple_of(2) { "rtl" } else { "ltr" },
            stylesheet: site.stylesheet.clone(),
            feed_url: "/atom.xml".to_string(),
            records_json_url: "/data/records.json".to_string(),
            tasks_csv_url: "/data/tasks&.csv".to_string(),
            ai_label: site.ai_label.clone(),
            home_url: "/".to_string(),
            archive_url: "/archive/".to_string(),
            tags_url: "/tags/".to_string(),
            workstreams_url: site.workstreams_url.clone(),
            search_url: site.search_url.clone(),
            // A page below the top, in `pages` and not in `nav`: the navigation lists `nav`.
            pages: site
                .pages
                .iter()
                .cloned()
                .chain([Link { title: "Deep".to_string(), url: "/deep/page/".to_string() }])
                .collect(),
            nav: site.pages.clone(),
            record_note: site.record_note.clone(),
            rolling_window: 7,
            totals: crate::view::TotalsView::new(&math::Totals::default(), None, &math::WorkWeek::default()),
            extra,
        }
    }

    /// The default theme's page templates themselves, not their stand-ins.
    fn default_templates() -> minijinja::Environment<'static> {
        let mut env = crate::pages::environment();
        for name in
            Page::ALL.iter().flat_map(|page| page.templates()).collect::<std::collections::BTreeSet<_>>()
        {
            env.add_template(name, theme::default_template(name).expect("a default template"))
                .expect("parses");
        }
        env
    }

    /// The page's URL: one of the site's own sections (which its navigation marks), or another.
    fn page_url() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("/".to_string()),
            Just("/archive/".to_string()),
            Just("/archive/2026/".to_string()),
            Just("/tags/".to_string()),
            Just("/tags/x/".to_string()),
            Just("/workstreams/y/".to_string()),
            Just("/search/".to_string()),
            Just("/a/".to_string()),
            text(),
        ]
    }

    proptest! {
        #[test]
        fn the_record_page_is_what_the_default_templates_write(
            site in site(),
            page_url in page_url(),
            record in record_value(),
            content in "[a-z <>&]{0,20}",
            reading_time in 0u32..40,
            charts in proptest::collection::vec(chart_view(), 0..3),
            metrics in proptest::collection::vec(metric(), 0..3),
            aggregates_inline in any::<bool>(),
            previous in proptest::option::of(link()),
            next in proptest::option::of(link()),
            headings in headings(),
            site_extra in toc_extra(),
            record_extra in toc_extra(),
            image in proptest::option::of(prop_oneof![text(), Just(String::new())]),
        ) {
            let view = site_view(&site, &site_extra);
            let page = RecordPage {
                page_url: &page_url,
                record: &record,
                content: Content::Text(content),
                reading_time,
                headings: headings.into(),
                extra: &record_extra,
                charts,
                metrics,
                aggregates_inline,
                previous,
                next,
                image,
            };
            let built_in = record_page(&view, &page);
            let context = crate::pages::record_context(&minijinja::Value::from(Serde(&view)), page, Vec::new());
            let through = default_templates().get_template(RECORD).expect("added").render(context);
            // Where the summary lacks a value the page prints, the page is left to the templates.
            // Every generated record has what a page prints: the writer has no reason to fail.
            prop_assert_eq!(built_in.map_err(|_| "the built-in writer failed".to_string()), through.map_err(|e| e.to_string()));
        }
    }

    proptest! {
        /// A summary leverage made is written from its typed fields, any other value from the
        /// value: the card, the row of a table of days and the record page are the same bytes
        /// either way, and the page is what the default templates write.
        #[test]
        fn a_summary_leverage_made_writes_what_its_values_write(
            summary in record_summary(),
            site in site(),
            page_url in page_url(),
            content in "[a-z <>&]{0,20}",
            reading_time in 0u32..40,
        ) {
            let made = minijinja::Value::from_object(crate::pages::SummaryObject::new(
                crate::view::SummaryFields::value(summary.clone()),
            ));
            let whole = minijinja::Value::from(Serde(&summary));
            prop_assert!(typed(&made).is_some());
            prop_assert!(typed(&whole).is_none());
            let card = |record: &minijinja::Value| {
                let mut out = String::new();
                record_card_into(&mut out, record, &minijinja::Value::from(3)).map(|()| out)
            };
            prop_assert!(card(&whole).is_ok());
            prop_assert_eq!(card(&made), card(&whole));
            for supervisory in [false, true] {
                let table = |record: &minijinja::Value| {
                    let mut out = String::new();
                    daily_table_into(&mut out, std::slice::from_ref(record), "Days", "AI", supervisory).map(|()| out)
                };
                prop_assert!(table(&whole).is_ok());
                prop_assert_eq!(table(&made), table(&whole));
            }
            let extra = toml::Table::new();
            let view = site_view(&site, &extra);
            let page = |record| RecordPage {
                page_url: &page_url,
                record,
                content: Content::Text(content.clone()),
                reading_time,
                headings: Vec::new().into(),
                extra: &extra,
                charts: Vec::new(),
                metrics: Vec::new(),
                aggregates_inline: false,
                previous: None,
                next: None,
                image: None,
            };
            let built_in = record_page(&view, &page(&made));
            prop_assert_eq!(&built_in, &record_page(&view, &page(&whole)));
            let context =
                crate::pages::record_context(&minijinja::Value::from(Serde(&view)), page(&whole), Vec::new());
            let through = default_templates().get_template(RECORD).expect("added").render(context);
            prop_assert_eq!(built_in.map_err(|_| "the built-in writer failed".to_string()), through.map_err(|e| e.to_string()));
        }
    }

    /// Totals as views hold them, with figures missing, empty, or the same as another.
    fn totals() -> impl Strategy<Value = crate::view::TotalsView> {
        let maybe = || proptest::option::of(prop_oneof![Just(String::new()), text()]);
        (
            (0u64..4, 0u64..4, 0u64..4, 0u64..4),
            (text(), text(), text(), text(), text(), any::<bool>()),
            (maybe(), maybe(), maybe(), maybe()),
            (maybe(), maybe(), maybe(), maybe()),
        )
            .prop_map(
                |(
                    (records, tasks, supervisory_known, tokens_known),
                    (human, human_hours, human_days, human_weeks, ai, same),
                    (supervisory, tokens, leverage, supervisory_leverage),
                    (mean, median, min, max),
                )| crate::view::TotalsView {
                    records,
                    tasks,
                    human,
                    human_hours,
                    human_hours_value: 1.5,
                    // Sometimes exactly one working day, said in the singular.
                    human_days: if same { "1".to_string() } else { human_days },
                    human_weeks,
                    // Sometimes the minutes read as the duration does, which the stat leaves out.
                    ai_minutes: if same { ai.clone() } else { format!("{ai}min") },
                    ai,
                    ai_minutes_value: 2.5,
                    supervisory_minutes: supervisory.clone(),
                    supervisory,
                    supervisory_known,
                    tokens,
                    tokens_known,
                    leverage_value: leverage.as_ref().map(|_| 3.5),
                    leverage,
                    supervisory_leverage,
                    mean,
                    median,
                    min,
                    max,
                },
            )
    }

    fn stream_task() -> impl Strategy<Value = (minijinja::Value, String, String, String, String)> {
        (record_value(), "[a-z <>&]{0,8}", text(), text(), text())
    }

    proptest! {
        #[test]
        fn the_stats_macro_is_written_as_the_template_writes_it(
            totals in totals(),
            ai_label in text(),
            show_records in any::<bool>(),
        ) {
            let mut env = crate::pages::environment();
            env.add_template(MACROS, theme::default_template(MACROS).expect("the macros")).expect("parses");
            env.add_template("page.html", "{% import \"partials/macros.html\" as m %}{{ m.stats(totals, ai_label, show_records) }}")
                .expect("parses");
            let real = env
                .get_template("page.html")
                .expect("added")
                .render(minijinja::context! { totals => Serde(&totals), ai_label => &ai_label, show_records })
                .expect("renders");
            let mut out = String::new();
            stats_into(&mut out, &totals, &ai_label, show_records).expect("writes");
            prop_assert_eq!(out, real);
        }

        #[test]
        fn the_workstream_page_is_what_the_default_templates_write(
            site in site(),
            page_url in page_url(),
            name in text(),
            totals in totals(),
            charts in proptest::collection::vec(chart_view(), 0..2),
            rows in proptest::collection::vec(stream_task(), 0..3),
            (current, total) in (1usize..4).prop_flat_map(|total| (1..=total, Just(total))),
        ) {
            let extra = toml::Table::new();
            let view = site_view(&site, &extra);
            // A label of its own, as a stream of one agent's tasks on a site of several has.
            let ai_label = if name.len() % 2 == 0 { site.ai_label.clone() } else { format!("{name} agent") };
            let page = WorkstreamPage {
                page_url: &page_url,
                name: &name,
                slug: "a-stream",
                totals,
                ai_label: &ai_label,
                charts,
                tasks: rows
                    .iter()
                    .enumerate()
                    .map(|(i, (record, task, human, ai, leverage))| StreamTask {
                        // Not in order: the number is the curve's, not the row's.
                        number: (i * 7 + 3) % 11 + 1,
                        record,
                        task: task.clone(),
                        human: human.clone(),
                        ai: ai.clone(),
                        leverage: leverage.clone(),
                    })
                    .collect(),
                pages: Pages {
                    current,
                    total,
                    previous_url: (current > 1).then(|| format!("{page_url}prev")),
                    next_url: (current < total).then(|| format!("{page_url}next")),
                    first_url: format!("{page_url}first"),
                    last_url: format!("{page_url}last"),
                    items: "tasks",
                },
            };
            let built_in = workstream_page(&view, &page);
            let context = crate::pages::workstream_context(&minijinja::Value::from(Serde(&view)), page);
            let through = default_templates().get_template(WORKSTREAM).expect("added").render(context);
            // Every generated record has what a page prints: the writer has no reason to fail.
            prop_assert_eq!(built_in.map_err(|_| "the built-in writer failed".to_string()), through.map_err(|e| e.to_string()));
        }
    }

    proptest! {
        #[test]
        fn the_tag_page_is_what_the_default_templates_write(
            site in site(),
            page_url in page_url(),
            name in text(),
            totals in totals(),
            charts in proptest::collection::vec(chart_view(), 0..2),
            records in proptest::collection::vec(record_value(), 1..4),
            latest in prop_oneof![0usize..5, Just(usize::MAX)],
            summaries in any::<bool>(),
            (current, total) in (1usize..4).prop_flat_map(|total| (1..=total, Just(total))),
            shown in (0usize..5, 0usize..5),
        ) {
            let extra = toml::Table::new();
            let view = site_view(&site, &extra);
            let records: Vec<minijinja::Value> = records
                .into_iter()
                .map(|r| if summaries { minijinja::Value::from_object(crate::pages::SummaryObject::new(r)) } else { r })
                .collect();
            // With a feed and (a theme whose atom.xml writes none) without.
            let feed_url = (name.len() % 3 != 0).then(|| format!("{page_url}atom.xml"));
            // A label of its own, as a tag of one agent's records on a site of several has.
            let ai_label = if name.len() % 2 == 0 { site.ai_label.clone() } else { format!("{name} agent") };
            // Any page of a paged tag, its records any part of them (or none, past the end).
            let pages = Pages {
                current,
                total,
                previous_url: (current > 1).then(|| format!("{page_url}prev")),
                next_url: (current < total).then(|| format!("{page_url}next")),
                first_url: if name.len() % 5 == 0 { String::new() } else { format!("{page_url}first") },
                last_url: format!("{page_url}last"),
                items: "records",
            };
            let shown = shown.0.min(shown.1)..shown.0.max(shown.1);
            let page = TagPage { page_url: &page_url, feed_url: feed_url.as_deref(), name: &name, slug: "a-tag", totals, ai_label: &ai_label, charts, records, latest, pages, shown };
            let built_in = tag_page(&view, &page);
            let context = crate::pages::tag_context(&minijinja::Value::from(Serde(&view)), page);
            let through = default_templates().get_template(TAG).expect("added").render(context);
            // Every generated record has what a page prints: the writer has no reason to fail.
            prop_assert_eq!(built_in.map_err(|_| "the built-in writer failed".to_string()), through.map_err(|e| e.to_string()));
        }
    }

    fn archive_month() -> impl Strategy<Value = ArchiveMonth> {
        (1u32..13, text(), totals(), text(), proptest::collection::vec(record_value(), 0..3)).prop_map(
            |(month, name, totals, ai_label, records)| ArchiveMonth {
                month,
                name,
                totals,
                ai_label,
                records,
            },
        )
    }

    fn archive_year() -> impl Strategy<Value = ArchiveYear> {
        (1990i32..2030, totals(), text(), proptest::collection::vec(archive_month(), 0..3))
            .prop_map(|(year, totals, ai_label, months)| ArchiveYear { year, totals, ai_label, months })
    }

    proptest! {
        #[test]
        fn the_archive_is_what_the_default_templates_write(
            site in site(),
            page_url in page_url(),
            years in proptest::collection::vec(archive_year(), 0..3),
        ) {
            let extra = toml::Table::new();
            let view = site_view(&site, &extra);
            let page = ArchivePage { page_url: &page_url, years };
            let built_in = archive_page(&view, &page);
            let context = crate::pages::archive_context(&minijinja::Value::from(Serde(&view)), page);
            let through = default_templates().get_template(ARCHIVE).expect("added").render(context);
            // Every generated record has what a page prints: the writer has no reason to fail.
            prop_assert_eq!(built_in.map_err(|_| "the built-in writer failed".to_string()), through.map_err(|e| e.to_string()));
        }
    }

    /// `site.extra` with a tagline of text, empty, of another kind, or none.
    fn extra() -> impl Strategy<Value = toml::Table> {
        prop_oneof![
            Just(None),
            text().prop_map(|t| Some(toml::Value::String(t))),
            Just(Some(toml::Value::Integer(7))),
        ]
        .prop_map(|tagline| tagline.into_iter().map(|value| ("tagline".to_string(), value)).collect())
    }

    proptest! {
        #[test]
        fn the_home_page_is_what_the_default_templates_write(
            site in site(),
            extra in extra(),
            page_url in page_url(),
            (current, total) in (1usize..5, 0usize..4).prop_map(|(current, more)| (current, current + more)),
            links in (any::<bool>(), any::<bool>(), text()),
            site_totals in totals(),
            records in proptest::collection::vec(record_value(), 0..3),
            charts in proptest::collection::vec(chart_view(), 0..2),
            summaries in any::<bool>(),
        ) {
            let mut view = site_view(&site, &extra);
            view.totals = site_totals;
            let (previous, next, url) = links;
            // Summaries as leverage makes them (which keep their cards), or plain maps.
            let records: Vec<minijinja::Value> = records
                .into_iter()
                .map(|r| if summaries { minijinja::Value::from_object(crate::pages::SummaryObject::new(r)) } else { r })
                .collect();
            let page = HomePage {
                page_url: &page_url,
                pages: Pages {
                    current,
                    total,
                    previous_url: previous.then(|| url.clone()),
                    next_url: next.then(|| format!("{url}/next")),
                    first_url: if url.len() % 3 == 0 { String::new() } else { format!("{url}/first") },
                    last_url: format!("{url}/last"),
                    items: "records",
                },
                records,
                charts: &charts,
            };
            let built_in = home_page(&view, &page);
            let context = crate::pages::home_context(&minijinja::Value::from(Serde(&view)), page);
            let through = default_templates().get_template(HOME).expect("added").render(context);
            if extra.get("tagline").is_some_and(|t| !t.is_str()) {
                // A tagline that is not text is left to the template.
                prop_assert!(built_in.is_err());
            } else {
                prop_assert_eq!(built_in.map_err(|_| "the built-in writer failed".to_string()), through.map_err(|e| e.to_string()));
            }
        }
    }

    #[test]
    fn only_the_default_text_counts_as_default() {
        let text = theme::default_template(TASK_TABLE).expect("the default theme has the partial");
        assert!(is_default(TASK_TABLE, text));
        assert!(!is_default(TASK_TABLE, &format!("{text}<!-- mine -->")));
        assert!(!is_default("partials/none.html", text));
    }
}
