//! site.toml: the site's configuration, with the contract's defaults.
//!
//! Unknown keys are errors with the key's place, as in front matter. The file is kept in `Sources`
//! so its errors print like content errors.

use serde::Deserialize;

use content::{ContentError, Diagnostic, FileId, Sources, Span};
use math::WorkWeek;

/// The keys site.toml accepts, in the order errors list them.
const KEY_NAMES: [&str; 22] = [
    "title",
    "base_url",
    "description",
    "author",
    "language",
    "theme",
    "paginate_by",
    "paginate_tags_by",
    "paginate_workstreams_by",
    "feed_limit",
    "feed_full_content",
    "rolling_window",
    "ai_labels",
    "hours_per_day",
    "days_per_week",
    "record_note",
    "highlight_code",
    "insert_anchor_links",
    "build_search_index",
    "link_checker",
    "deploy",
    "extra",
];

/// The key of site.toml that an unknown `key` means: what Zola or Hugo call it (`baseURL`,
/// `default_language`, `paginate`, `rssLimit`), or a slip away from it (`tittle`).
fn nearest_key(key: &str) -> Option<&'static str> {
    match key.to_ascii_lowercase().as_str() {
        "baseurl" => Some("base_url"),
        "languagecode" | "default_language" | "lang" | "locale" => Some("language"),
        "paginate" | "pagination" | "pagersize" | "per_page" => Some("paginate_by"),
        "rsslimit" | "feed_size" | "rss_limit" => Some("feed_limit"),
        "rssfullcontent" | "rss_full_content" | "full_content" | "feed_content" | "showfulltextinrss"
        | "full_text_rss" => Some("feed_full_content"),
        "params" => Some("extra"),
        "search" | "search_index" | "build_search" => Some("build_search_index"),
        "linkchecker" | "link_check" | "links" => Some("link_checker"),
        "anchor_links" | "anchors" | "heading_anchors" => Some("insert_anchor_links"),
        // The default theme's table of contents is asked for in `[extra]`.
        "toc" => Some("[extra] toc"),
        _ => content::front_matter::nearest_name(key, &KEY_NAMES),
    }
}

/// What a key's value must be, as an error about a value of the wrong type says it, with an
/// example; `None` for `extra`, whose errors keep TOML's own words.
fn expected_value(key: &str) -> Option<String> {
    Some(match key {
        "deploy" => "a table of deploy targets, each written `[[deploy.targets]]` with a `name` and a `url` \
                     (see docs/deploy.md)"
            .to_string(),
        "paginate_by" | "feed_limit" | "paginate_tags_by" | "paginate_workstreams_by" => {
            format!(
                "a whole number of 1 or more, such as `{key} = {}`",
                if key.starts_with("paginate_") && key != "paginate_by" { 50 } else { 10 }
            )
        }
        "rolling_window" => "a whole number of days, such as `rolling_window = 7`".to_string(),
        "hours_per_day" | "days_per_week" => {
            format!("a number, such as `{key} = {}`", if key == "hours_per_day" { 8 } else { 5 })
        }
        "ai_labels" => "a list of column labels, such as `ai_labels = [\"Claude\", \"Codex\"]`".to_string(),
        "extra" => "a table of the theme's own values, written `[extra]` with its keys below it".to_string(),
        "skip_prefixes" => {
            "a list of the starts of URLs, such as `skip_prefixes = [\"https://example.com/\"]`".to_string()
        }
        "link_checker" => {
            "a table written `[link_checker]` with `skip_prefixes = [\"https://example.com/\"]`, \
                           the URLs `check --external` does not request"
                .to_string()
        }
        "highlight_code" => "`true` or `false`, such as `highlight_code = false`".to_string(),
        "insert_anchor_links" => {
            "`\"right\"`, `\"left\"` or `\"none\"`, such as `insert_anchor_links = \"right\"` \
                                  (a link to its section beside each heading, after or before its text)"
                .to_string()
        }
        "build_search_index" | "feed_full_content" => format!("`true` or `false`, such as `{key} = true`"),
        "title" | "base_url" | "description" | "author" | "language" | "theme" | "record_note" => {
            format!("a quoted string, such as `{key} = \"...\"`")
        }
        _ => return None,
    })
}

/// A site's configuration.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's title.
    pub title: String,
    /// The public URL the site is served from, with or without a sub-path; always ends with `/`
    /// after loading.
    pub base_url: String,
    /// One sentence about the site, for the meta description and the feed.
    pub description: String,
    /// The author, for the feed and the footer.
    pub author: String,
    /// The language of the pages (`lang` attribute). An extension of the contract; default `en`.
    pub language: String,
    /// The theme folder's name below `themes/`; `default` is built in.
    pub theme: String,
    /// Records per page on the home page.
    pub paginate_by: usize,
    /// Records per page of a tag's page (its "Day by day" table): a tag of two years' daily
    /// records was one page of 457 rows.
    pub paginate_tags_by: usize,
    /// Tasks per page of a workstream's page (its table of tasks): a stream of two years' work
    /// was one page of thousands of rows.
    pub paginate_workstreams_by: usize,
    /// Records in the Atom feed.
    pub feed_limit: usize,
    /// Whether each feed entry carries the record's whole body, its task tables with computed
    /// figures, beside its summary (default false, a summary alone; `init` turns it on).
    pub feed_full_content: bool,
    /// Days in the rolling average of the leverage chart.
    pub rolling_window: u32,
    /// Headers accepted on their own as an AI time column.
    pub ai_labels: Vec<String>,
    /// Hours in a working day (`1d`).
    pub hours_per_day: f64,
    /// Days in a working week (`1w`).
    pub days_per_week: f64,
    /// Markdown shown on every record page, like the sample's "About These Records".
    pub record_note: Option<String>,
    /// Whether fenced code blocks that name their language are highlighted (default true).
    pub highlight_code: bool,
    /// Where each heading of a body gets a link to itself, as Zola's `insert_anchor_links`
    /// (default none; `init` writes `"right"`).
    pub insert_anchor_links: AnchorLinks,
    /// Whether the site gets a search page and the index it searches, `search/index.json`
    /// (default false, as in Zola; `init` turns it on).
    pub build_search_index: bool,
    /// What `leverage check --external` leaves alone, as Zola's `[link_checker]`.
    pub link_checker: LinkChecker,
    /// Deploy targets (used by `leverage deploy`).
    pub deploy: toml::Table,
    /// Free-form values handed to templates.
    pub extra: toml::Table,
}

/// Where a heading's link to itself goes (site.toml's `insert_anchor_links`).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    /// No link.
    #[default]
    None,
    /// Before the heading's text.
    Left,
    /// After the heading's text.
    Right,
}

/// site.toml's `[link_checker]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinkChecker {
    /// URLs that start with one of these are not requested (a site that refuses checkers, a
    /// page behind a login).
    pub skip_prefixes: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        let content = content::Options::default();
        Config {
            title: "Leverage Record".to_string(),
            base_url: "/".to_string(),
            description: String::new(),
            author: String::new(),
            language: "en".to_string(),
            theme: "default".to_string(),
            paginate_by: 10,
            paginate_tags_by: 50,
            paginate_workstreams_by: 50,
            feed_limit: 20,
            feed_full_content: false,
            rolling_window: 7,
            ai_labels: content.ai_labels,
            hours_per_day: 8.0,
            days_per_week: 5.0,
            record_note: None,
            highlight_code: true,
            insert_anchor_links: AnchorLinks::None,
            build_search_index: false,
            link_checker: LinkChecker::default(),
            deploy: toml::Table::new(),
            extra: toml::Table::new(),
        }
    }
}

/// The first string below `table` holding a character no page can show, with the steps to it
/// from site.toml's top (`steps`, the table's own, are grown and shrunk as the walk goes).
fn unshowable_in(table: &toml::Table, steps: &mut Vec<Step>) -> Option<(Vec<Step>, char)> {
    fn value_in(value: &toml::Value, steps: &mut Vec<Step>) -> Option<(Vec<Step>, char)> {
        match value {
            toml::Value::String(text) => content::front_matter::unshowable(text).map(|c| (steps.clone(), c)),
            toml::Value::Table(table) => unshowable_in(table, steps),
            toml::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                steps.push(Step::Index(i));
                let found = value_in(item, steps);
                steps.pop();
                found
            }),
            _ => None,
        }
    }
    table.iter().find_map(|(key, value)| {
        steps.push(Step::key(key));
        let found = value_in(value, steps);
        steps.pop();
        found
    })
}

/// The error of a key site.toml does not take, with the key it is most likely meant as.
fn unknown_key(key: &str, span: Span) -> ContentError {
    let hint = nearest_key(key).map(|k| format!("did you mean `{k}`? ")).unwrap_or_default();
    let keys: Vec<String> = KEY_NAMES.iter().map(|k| format!("`{k}`")).collect();
    ContentError::Other {
        message: format!("unknown site.toml key `{key}`: {hint}expected one of {}", keys.join(", ")),
        span,
    }
}

/// Each key at site.toml's top level that it does not take, as TOML reads them (`DeTable`, as
/// `locate` does), with the key's name and its place, in the order written: TOML's reader stops
/// at one of them, not the first, and a configuration of Zola or Hugo pasted in would take a run
/// for each. None when the file does not read as TOML.
fn unknown_keys(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let Ok(root) = toml::de::DeTable::parse(text) else { return Vec::new() };
    let mut unknown: Vec<(String, std::ops::Range<usize>)> = root
        .get_ref()
        .iter()
        .filter(|(key, _)| !KEY_NAMES.contains(&key.get_ref().as_ref()))
        .map(|(key, _)| (key.get_ref().to_string(), key.span()))
        .collect();
    unknown.sort_by_key(|(_, at)| at.start);
    unknown
}

impl Config {
    /// `parse`, with every key site.toml does not take said at once, in the order written,
    /// where TOML's reader names one.
    pub fn parse_all(sources: &Sources, file: FileId) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(sources, file).map_err(|first| {
            let text = &sources.get(file).text;
            let unknown = unknown_keys(text);
            if unknown.len() < 2 || !first.message.starts_with("unknown site.toml key") {
                return vec![first];
            }
            unknown
                .into_iter()
                .map(|(key, at)| Diagnostic::error(unknown_key(&key, Span::new(file, at))))
                .collect()
        })
    }

    /// Parses site.toml (already in `sources` as `file`). Errors carry the place of the bad key
    /// or value.
    pub fn parse(sources: &Sources, file: FileId) -> Result<Config, Diagnostic> {
        let text = &sources.get(file).text;
        let mut config: Config = toml::from_str(text).map_err(|err| {
            let span = Span::new(file, err.span().unwrap_or(0..0));
            let message = err.message().to_string();
            // The table a key is written in: the nearest `[header]` above it.
            let table = text
                .get(..span.start as usize)
                .and_then(|above| above.lines().rev().map(str::trim).find(|line| line.starts_with('[')));
            let error = if message.starts_with("unknown field") && table == Some("[link_checker]") {
                // Inside `[link_checker]`, whose one key is not among the site's.
                let key = text.get(err.span().unwrap_or(0..0)).unwrap_or("");
                let hint = match key {
                    "skip_anchor_prefixes" | "internal_level" | "external_level" => {
                        "leverage's checker has only Zola's `skip_prefixes`; ".to_string()
                    }
                    _ => content::front_matter::nearest_name(key, &["skip_prefixes"])
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default(),
                };
                ContentError::Other {
                    message: format!("unknown key `{key}` in [link_checker]: {hint}expected `skip_prefixes`"),
                    span,
                }
            } else if message.starts_with("unknown field") {
                let key = text.get(err.span().unwrap_or(0..0)).unwrap_or("");
                unknown_key(key, span)
            } else if message.starts_with("invalid type")
                && table == Some("[link_checker]")
                && let Some(found) = text.get(span.range())
            {
                // `skip_prefixes = "https://x.org/"` (its table's one key): what it takes.
                let expected = expected_value("skip_prefixes").unwrap_or_default();
                ContentError::Other {
                    message: format!("expected `skip_prefixes` to be {expected}, found `{found}`"),
                    span,
                }
            } else if (message.starts_with("invalid type")
                || message.starts_with("invalid value")
                || message.starts_with("unknown variant")
                || message.starts_with("wanted string or table")
                || message.contains("must be quoted"))
                && let Some((key, found)) = content::front_matter::key_line(text, span.start as usize)
                && let Some(expected) = expected_value(key)
            {
                // `feed_limit = "twenty"`, `rolling_window = 7 days`: what the key takes, in its
                // words rather than the deserializer's (`expected usize`).
                ContentError::Other {
                    message: format!("expected `{key}` to be {expected}, found `{found}`"),
                    span,
                }
            } else if message.starts_with("invalid type")
                && text
                    .get(span.range())
                    .is_some_and(|header| header.trim_start_matches('[').trim_start().starts_with("deploy"))
            {
                // `[[deploy]]`, a list where a table of targets belongs.
                let found = text.get(span.range()).unwrap_or_default();
                let expected = expected_value("deploy").unwrap_or_default();
                ContentError::Other {
                    message: format!("expected `deploy` to be {expected}, found `{found}`"),
                    span,
                }
            } else if let Some(twice) = (message == "duplicate key")
                .then(|| content::front_matter::twice(text, span.range()))
                .flatten()
            {
                // TOML's words name neither the key nor what to do, as for front matter.
                ContentError::Other { message: twice, span }
            } else {
                ContentError::Other { message: format!("invalid site.toml: {message}"), span }
            };
            Diagnostic::error(error)
        })?;
        config.extra = content::front_matter::dates_as_text(std::mem::take(&mut config.extra));
        // A value of the right type but out of range: the error points at the value.
        let problem = |key: &str, message: String| {
            Diagnostic::error(ContentError::Other {
                message,
                span: span_at(sources, file, &[Step::key(key)]),
            })
        };
        // A working day under an hour (or a week under a day) is no unit of work; tiny values also
        // turned every `d`/`w` duration into zero minutes, reported as confusing zero-time errors.
        let week =
            [("hours_per_day", config.hours_per_day, 24.0), ("days_per_week", config.days_per_week, 7.0)];
        for (key, value, most) in week {
            if !(1.0..=most).contains(&value) {
                let span = span_at(sources, file, &[Step::key(key)]);
                // As written (`1e-300`, not its 300-digit expansion).
                let found = text.get(span.range()).unwrap_or("");
                let message = format!("expected `{key}` from 1 to {most}, found {found}");
                return Err(Diagnostic::error(ContentError::Other { message, span }));
            }
        }
        let counts = [
            ("paginate_by", config.paginate_by),
            ("paginate_tags_by", config.paginate_tags_by),
            ("paginate_workstreams_by", config.paginate_workstreams_by),
            ("feed_limit", config.feed_limit),
        ];
        for (key, value) in counts {
            if value == 0 {
                return Err(problem(key, format!("expected `{key}` of 1 or more, found 0")));
            }
        }
        // As in front matter: a control character shows as nothing, and XML forbids it.
        let texts =
            [("title", &config.title), ("description", &config.description), ("author", &config.author)];
        for (key, value) in texts.into_iter().chain(config.record_note.as_ref().map(|n| ("record_note", n))) {
            if let Some(found) = content::front_matter::unshowable(value) {
                return Err(problem(key, content::front_matter::control_message(key, found)));
            }
        }
        // And in `[extra]`, which a theme prints as it is (the default theme's `tagline`).
        if let Some((steps, found)) = unshowable_in(&config.extra, &mut vec![Step::key("extra")]) {
            let name =
                steps.iter().filter_map(|s| if let Step::Key(k) = s { Some(k.as_str()) } else { None });
            let name = name.collect::<Vec<_>>().join(".");
            return Err(Diagnostic::error(ContentError::Other {
                message: content::front_matter::control_message(&name, found),
                span: span_at(sources, file, &steps),
            }));
        }
        if let Some(expected) = base_url_problem(&config.base_url) {
            let hint = scheme_hint(&config.base_url).map(|meant| format!("; did you mean `{meant}`?"));
            let hint = hint.unwrap_or_default();
            let message = format!("expected `base_url` to be {expected}, found `{}`{hint}", config.base_url);
            return Err(problem("base_url", message));
        }
        if !is_folder_name(&config.theme) {
            let message = format!(
                "expected `theme` to be the name of a folder in themes/ (no `/`, `\\` or `..`), found `{}`",
                config.theme
            );
            return Err(problem("theme", message));
        }
        if !is_language_tag(&config.language) {
            let dashed = config.language.replace('_', "-");
            let hint =
                if is_language_tag(&dashed) { format!("; did you mean `{dashed}`?") } else { String::new() };
            let message = format!(
                "expected `language` to be a language tag such as `en`, `pt-BR` or `zh-Hant`, found `{}`{hint}",
                config.language
            );
            return Err(problem("language", message));
        }
        if let Some(message) = unknown_language(&config.language) {
            return Err(problem("language", message));
        }
        config.base_url = normalize_base_url(&config.base_url);
        Ok(config)
    }

    /// Warnings for a site.toml that reads but says something else than it seems to: one of
    /// leverage's keys written below the `[extra]` line (`feed_limit = 5` after `[extra]` is
    /// the theme's `extra.feed_limit`, and the feed keeps its default), as front matter warns;
    /// and a blank `title`, which leaves every tab, the home page's heading and the feed unnamed.
    pub fn warnings(&self, sources: &Sources, file: FileId) -> Vec<Diagnostic> {
        let mut warnings: Vec<Diagnostic> = KEY_NAMES
            .iter()
            .filter(|key| !matches!(**key, "extra" | "deploy") && self.extra.contains_key(**key))
            .map(|key| {
                let span = span_at(sources, file, &[Step::key("extra"), Step::KeyName(key.to_string())]);
                Diagnostic::warning(
                    span,
                    format!(
                        "`{key}` below `[extra]` is handed to the theme as `extra.{key}`, not read as the site's \
                         {key}: move it above the `[extra]` line"
                    ),
                )
            })
            .collect();
        if self.title.trim().is_empty() {
            warnings.push(Diagnostic::warning(
                span_at(sources, file, &[Step::key("title")]),
                "expected `title` to name the site, found it blank: browser tabs, the home page and the feed \
                 show no name (write `title = \"...\"`, or leave the key out for \"Leverage Record\")",
            ));
        }
        warnings
    }

    /// The work week the content is read with.
    pub fn work_week(&self) -> WorkWeek {
        WorkWeek { hours_per_day: self.hours_per_day, days_per_week: self.days_per_week }
    }

    /// How content is read under this configuration.
    pub fn content_options(&self) -> content::Options {
        content::Options {
            week: self.work_week(),
            ai_labels: self.ai_labels.clone(),
            highlight_code: self.highlight_code,
            taken_id: crate::body::taken_by_theme,
        }
    }
}

/// Whether `tag` has the form of a BCP 47 language tag, as an HTML `lang` attribute needs: a
/// language of two to eight letters, then subtags of one to eight letters or digits, joined by
/// `-` (`en`, `pt-BR`, `zh-Hant-TW`, `de-CH-1996`). Whether the language exists is not checked.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// What is wrong with a language tag of the right form whose language is none (`jp`, a country's
/// code; `english`, a name): a two-letter language that ISO 639-1 lacks, or one of four letters
/// or more (BCP 47 has none in use). Three letters are ISO 639-2 and 639-3's, too many to list,
/// and taken. A screen reader picks its voice by the language, and a browser its hyphenation.
fn unknown_language(tag: &str) -> Option<String> {
    let language = tag.split('-').next().unwrap_or(tag);
    if language.len() == 3 || content::language::is_iso_639_1(language) {
        return None;
    }
    let hint = match content::language::meant(language) {
        Some(code) => format!(
            "; did you mean `{}`?",
            [code].into_iter().chain(tag.split('-').skip(1)).collect::<Vec<_>>().join("-")
        ),
        None => String::new(),
    };
    Some(format!(
        "expected `language` to start with a language code of ISO 639 (`en`, `de`, `ja`), found `{tag}`, which \
         names no language{hint}"
    ))
}

/// The direction of a language's script, as an HTML `dir` attribute gives it: `rtl` for the
/// languages written right to left (Arabic, Hebrew, Persian, Urdu, ...) and for a tag that names
/// such a script (`az-Arab`), `ltr` for the rest.
pub fn direction(language: &str) -> &'static str {
    const LANGUAGES: [&str; 24] = [
        "ar", "arc", "azb", "bal", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "ks", "lrc", "mzn", "nqo",
        "pnb", "prs", "ps", "sd", "sdh", "syr", "ug", "ur", "yi",
    ];
    const SCRIPTS: [&str; 7] = ["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"];
    let mut parts = language.split(['-', '_']);
    let first = parts.next().unwrap_or("").to_ascii_lowercase();
    let script = parts.next().filter(|p| p.len() == 4).map(str::to_ascii_lowercase);
    let rtl = match script {
        Some(script) => SCRIPTS.contains(&script.as_str()),
        None => LANGUAGES.contains(&first.as_str()),
    };
    if rtl { "rtl" } else { "ltr" }
}

/// One step of a path to a value in site.toml: a key of a table or a place in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A key of a table.
    Key(String),
    /// A place in a list, from 0.
    Index(usize),
    /// The key itself, not its value (an unknown key is underlined where it is written); last.
    KeyName(String),
}

impl Step {
    /// The step to `key`.
    pub fn key(key: &str) -> Step {
        Step::Key(key.to_string())
    }
}

/// Where the value at `path` is written in site.toml's `text`, as a byte range. Where a step is
/// missing (a deploy target without its `url`), the range of the last value found on the way (for
/// a `[[deploy.targets]]` table, its header); the file's start when the first is missing. `None` when `text` is not TOML.
pub fn locate(text: &str, path: &[Step]) -> Option<std::ops::Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut range = 0..0;
    let mut value: Option<&DeValue<'_>> = None;
    for step in path {
        let table = match value {
            None => Some(root.get_ref()),
            Some(DeValue::Table(table)) => Some(table),
            _ => None,
        };
        if let (Step::KeyName(name), Some(table)) = (step, table) {
            if let Some((key, _)) = table.get_key_value(name.as_str()) {
                range = key.span();
            }
            break;
        }
        let next = match (step, value) {
            (Step::Key(key), _) => table.and_then(|t| t.get(key.as_str())),
            (Step::Index(index), Some(DeValue::Array(array))) => array.get(*index),
            _ => None,
        };
        let Some(next) = next else { break };
        range = next.span();
        value = Some(next.get_ref());
    }
    Some(range)
}

/// The place in site.toml (`file` in `sources`) of the value at `path`, as `locate` finds it: the
/// span a diagnostic about that value points at (the file's start when the text is not TOML).
pub fn span_at(sources: &Sources, file: FileId, path: &[Step]) -> Span {
    Span::new(file, locate(&sources.get(file).text, path).unwrap_or(0..0))
}

/// The address a `base_url` written without its scheme means (`example.org/blog` is
/// `https://example.org/blog/`, `127.0.0.1:1111` is `http://127.0.0.1:1111/`), when it names a
/// host: labels of letters, digits and `-`, the last of letters and no file's extension
/// (`file.html` and `./public` are no host), or a machine of one's own, served over http.
fn scheme_hint(base_url: &str) -> Option<String> {
    if base_url.contains("://") {
        return None;
    }
    let host = base_url.split('/').next().unwrap_or_default();
    let name = host
        .rsplit_once(':')
        .map_or(host, |(name, port)| if port.bytes().all(|b| b.is_ascii_digit()) { name } else { host });
    let local = name == "localhost" || name.parse::<std::net::IpAddr>().is_ok();
    let domain = name.split('.').count() > 1
        && name.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && name.rsplit('.').next().is_some_and(|tld| {
            tld.chars().all(char::is_alphabetic)
                && !matches!(tld.to_ascii_lowercase().as_str(), "html" | "htm" | "php" | "xml" | "md")
        });
    let scheme = if local { "http" } else { "https" };
    // Checked as written, before a `/` is added: `example.org/index.html` names a page.
    ((domain || local) && base_url_problem(&format!("{scheme}://{base_url}")).is_none())
        .then(|| format!("{scheme}://{}/", base_url.trim_end_matches('/')))
}

/// What a base URL should have been, when it is not an absolute http(s) URL with a host or a path
/// from the root (`/`, `/blog/`), without a query or fragment; an empty one means `/`.
pub fn base_url_problem(url: &str) -> Option<&'static str> {
    let url = url.trim();
    // Schemes are case-insensitive (RFC 3986): `HTTPS://EXAMPLE.ORG` is written `https://example.org/`.
    let host = url
        .split_once("://")
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
        .map(|(_, rest)| rest);
    let shaped = match host {
        // A host a URL parser accepts (`exa<mple.org` is not one).
        Some(rest) => {
            !rest.is_empty()
                && !rest.starts_with('/')
                && url::Url::parse(url).is_ok_and(|u| u.host_str().is_some_and(|h| !h.is_empty()))
        }
        // `//host` would be a link to another host, not a path.
        None => url.is_empty() || (url.starts_with('/') && !url.starts_with("//")),
    };
    // Pages are joined onto the base URL, so a query or fragment would end up inside every link;
    // sitemap.xml and atom.xml need URIs (RFC 3986), which hold none of `"<>\\^`{|}`, and a `%`
    // only before two hex digits. A user name or password would be published in every link.
    let escapes = url
        .split('%')
        .skip(1)
        .all(|rest| rest.get(..2).is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())));
    let clean = escapes
        && !url.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        })
        && !url
            .split_once("://")
            .is_some_and(|(_, rest)| rest.split('/').next().is_some_and(|a| a.contains('@')));
    // Pages go below it, so it names a folder: `https://example.org/blog/index.html` would put
    // every page below `index.html/`.
    let last = url_path(url).rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let folder = !matches!(last.rsplit_once('.'), Some((_, "html" | "htm" | "php" | "xml")));
    // An empty part (`https://example.org//blog/`) would be in every link: hosts serve such a
    // path as another address, or not at all.
    let parts = !url_path(url).contains("//");
    (!(shaped && clean && folder && parts)).then_some(
        "an http(s) URL such as `https://example.org/` or `https://example.org/blog/` (a folder, not a page such \
         as `index.html`; no `?`, `#`, `user@` or character a URL cannot hold, such as `|`; a space written \
         `%20`), or a path from the root such as `/`",
    )
}

/// Whether `name` names a folder directly below `themes/`.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// The site's configuration file, below the root and as the sources name it.
pub const FILE: &str = "site.toml";

/// The path of a site's base URL (`/blog/` for `https://example.org/blog/`), read from its
/// site.toml; `/` when there is none or it cannot be read (the build then reports why). `serve`
/// keeps this sub-path on its own address.
pub fn base_path(root: &std::path::Path) -> String {
    parsed_base_path(root).unwrap_or_else(|| "/".to_string())
}

/// `base_path`, or `None` when site.toml does not parse: it names no path then (a writer's save
/// half done, or a mistake the build reports).
pub fn parsed_base_path(root: &std::path::Path) -> Option<String> {
    let mut sources = Sources::new();
    let text = std::fs::read(root.join(FILE)).map(|b| content::decode(b).0).unwrap_or_default();
    let file = sources.add(FILE, text);
    let url = Config::parse(&sources, file).ok()?.base_url;
    Some(normalize_base_url(url_path(&url)))
}

/// The path part of a URL (`/blog/` for `https://example.org/blog/`; `/` when it has none), without
/// a query or fragment.
pub fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.split(['?', '#']).next().unwrap_or("/")
}

/// Whether a base_url names an example host or this machine, where no reader can follow it: a
/// site deployed with one links every page and feed entry there. Example hosts are RFC 2606's
/// and RFC 6761's: `example.org`, `.com`, `.net` and the names below them, and the names under
/// `.example`, `.test`, `.invalid` and `.localhost`; this machine is a loopback or unspecified
/// address (`127.0.0.1`, `[::1]`, `0.0.0.0`), not a name that begins like one (`127.works`).
pub fn points_nowhere(base_url: &str) -> bool {
    let Ok(url) = url::Url::parse(base_url) else { return false };
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Some(url::Host::Domain(host)) => {
            domain_under(host, &[EXAMPLE_DOMAINS, &["test", "localhost"]].concat())
        }
        None => false,
    }
}

/// The domains no site is served from, whatever the machine (RFC 2606): its example hosts and
/// `.invalid`.
const EXAMPLE_DOMAINS: &[&str] = &["example.org", "example.com", "example.net", "example", "invalid"];

/// Whether a base_url names a host no site is served from (`EXAMPLE_DOMAINS`): `init`'s
/// placeholder, `https://example.org/`, left in site.toml. A test host (`.test`, `localhost`,
/// `127.0.0.1`) may be a local server's, which a deploy may be meant for.
pub fn names_an_example_host(base_url: &str) -> bool {
    let Ok(url) = url::Url::parse(base_url) else { return false };
    url.domain().is_some_and(|host| domain_under(host, EXAMPLE_DOMAINS))
}

/// Whether `host` is one of `domains` or a name below one, as DNS compares names.
fn domain_under(host: &str, domains: &[&str]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    domains.iter().any(|name| host == *name || host.ends_with(&format!(".{name}")))
}

/// A base URL in the form links need, ending with exactly one `/`: an absolute URL as a URL
/// parser writes it (the host lower-cased and, when it is not ASCII, in punycode, as atom.xml and
/// sitemap.xml require; a non-ASCII path percent-encoded; a default port dropped), a path from
/// the root percent-encoded the same way. Anything else is only trimmed (config checks it first).
pub fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    let canonical = match url::Url::parse(url) {
        Ok(parsed) if parsed.has_host() => parsed.to_string(),
        _ if url.starts_with('/') && !url.starts_with("//") => url::Url::parse("http://h/")
            .and_then(|root| root.join(url))
            .map_or_else(|_| url.to_string(), |joined| joined.path().to_string()),
        _ => url.to_string(),
    };
    format!("{}/", upper_escapes(canonical.trim_end_matches('/')))
}

/// `text` with the hex digits of its percent escapes in upper case (`%c3%b6` is `%C3%B6`), as
/// RFC 3986 makes them alike and as a browser writes them: a base path written `/bl%c3%b6g/` is
/// the one a browser asks for as `/bl%C3%B6g/`.
pub fn upper_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lower_at = |i: usize| {
        bytes[i] == b'%'
            && bytes.get(i + 1..i + 3).is_some_and(|hex| {
                hex.iter().all(u8::is_ascii_hexdigit) && hex.iter().any(u8::is_ascii_lowercase)
            })
    };
    if !(0..bytes.len()).any(lower_at) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    for i in 0..bytes.len() {
        if lower_at(i) {
            out[i + 1..i + 3].make_ascii_uppercase();
        }
    }
    // Only ASCII letters changed case.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A configuration of Zola pasted in: each key site.toml does not take is said at once, in
    /// the order written, at its name (a table's too), where TOML's reader named one a run.
    #[test]
    fn every_unknown_key_is_said_at_once_in_order() {
        let text = "title = \"T\"\ngenerate_feeds = true\ncompile_sass = false\n\"minify_html\" = true\n\
                    tittle = 1\nrecord_note = \"\"\"\nsass = 1\n\"\"\"\ndescription = 'a \"\"\" mark' # and \"\"\" here\n\
                    minify = 1\n[extra]\nmine = 1\n[markdown]\nhighlight_code = true\n\
                    [[menu.main]]\nname = \"a\"\n[[menu.main]]\nname = \"b\"\n[markdown.x]\n";
        let mut sources = Sources::new();
        let id = sources.add("site.toml", text.to_string());
        let errors = Config::parse_all(&sources, id).map(drop).expect_err("unknown keys");
        let said: Vec<(&str, &str)> = errors
            .iter()
            .map(|d| (&text[d.span.range()], d.message.split(':').next().unwrap_or_default()))
            .collect();
        assert_eq!(
            said,
            [
                ("generate_feeds", "unknown site.toml key `generate_feeds`"),
                ("compile_sass", "unknown site.toml key `compile_sass`"),
                // A quoted key is underlined as written, its quotes too.
                ("\"minify_html\"", "unknown site.toml key `minify_html`"),
                ("tittle", "unknown site.toml key `tittle`"),
                ("minify", "unknown site.toml key `minify`"),
                ("markdown", "unknown site.toml key `markdown`"),
                ("menu", "unknown site.toml key `menu`"),
            ]
        );
        assert!(errors[3].message.contains("did you mean `title`?"), "{}", errors[3].message);
        // One is said as TOML's reader finds it.
        let id = sources.add("one.toml", "title = \"T\"\ncompile_sass = false\n".to_string());
        assert_eq!(Config::parse_all(&sources, id).map(drop).expect_err("unknown").len(), 1);
    }

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut sources = Sources::new();
        let id = sources.add("site.toml", text.to_string());
        Config::parse(&sources, id)
    }

    #[test]
    fn defaults_follow_the_contract() {
        let config = parse("title = \"T\"\n").expect("valid");
        assert_eq!((config.paginate_by, config.feed_limit, config.rolling_window), (10, 20, 7));
        assert_eq!(config.work_week(), WorkWeek::default());
        assert_eq!(config.theme, "default");
        assert!(!config.build_search_index, "no search unless asked for, as in Zola");
        assert!(!config.feed_full_content, "a summary in each feed entry unless asked for");
    }

    #[test]
    fn base_url_ends_with_one_slash() {
        let config = parse("base_url = \"https://example.org/blog\"\n").expect("valid");
        assert_eq!(config.base_url, "https://example.org/blog/");
        assert_eq!(normalize_base_url("https://x.org//"), "https://x.org/");
    }

    #[test]
    fn base_url_is_written_as_links_need_it() {
        for (written, normal) in [
            ("https://Bücher.Example/blög", "https://xn--bcher-kva.example/bl%C3%B6g/"),
            ("HTTPS://EXAMPLE.org:443/Blog/", "https://example.org/Blog/"),
            ("http://127.0.0.1:1111", "http://127.0.0.1:1111/"),
            ("/blög", "/bl%C3%B6g/"),
            // Escapes as a browser writes them: `%c3` and `%C3` are one.
            ("https://example.org/bl%c3%b6g%2f%20x/", "https://example.org/bl%C3%B6g%2F%20x/"),
            ("/Bl%c3%b6g%20Two", "/Bl%C3%B6g%20Two/"),
            ("/", "/"),
            ("", "/"),
        ] {
            assert_eq!(normalize_base_url(written), normal, "{written}");
        }
    }

    #[test]
    fn link_checker_takes_skip_prefixes_alone() {
        let config = parse("[link_checker]\nskip_prefixes = [\"https://x.org/\"]\n").expect("valid");
        assert_eq!(config.link_checker.skip_prefixes, ["https://x.org/"]);
        assert!(parse("title = \"T\"\n").expect("valid").link_checker.skip_prefixes.is_empty());
        let err = parse("[link_checker]\nskip_prefix = []\n").expect_err("unknown key");
        assert_eq!(
            err.message,
            "unknown key `skip_prefix` in [link_checker]: did you mean `skip_prefixes`? expected `skip_prefixes`"
        );
        assert_eq!(err.span.range(), 15..26);
        let err = parse("[link_checker]\nexternal_level = \"warn\"\n").expect_err("unknown key");
        assert!(err.message.contains("has only Zola's `skip_prefixes`"), "{}", err.message);
        let err = parse("[link_checker]\nskip_prefixes = \"https://x.org/\"\n").expect_err("not a list");
        assert!(
            err.message.starts_with("expected `skip_prefixes` to be a list of the starts of URLs"),
            "{}",
            err.message
        );
        let err = parse("link_checker = 1\n").expect_err("not a table");
        assert!(
            err.message.starts_with("expected `link_checker` to be a table written `[link_checker]`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_keys_are_errors_at_the_key() {
        let err = parse("title = \"T\"\ntittle = \"U\"\n").expect_err("unknown key");
        assert!(err.message.starts_with("unknown site.toml key `tittle`"), "{}", err.message);
        assert_eq!(err.span.range(), 12..18);
    }

    #[test]
    fn an_unknown_key_a_slip_or_a_peer_s_name_away_is_named() {
        for (written, meant) in [
            ("tittle", "title"),
            ("baseURL", "base_url"),
            ("languageCode", "language"),
            ("paginate", "paginate_by"),
            ("search", "build_search_index"),
            ("rssFullContent", "feed_full_content"),
        ] {
            let err = parse(&format!("{written} = 1\n")).expect_err("unknown key");
            assert!(
                err.message.starts_with(&format!(
                    "unknown site.toml key `{written}`: did you mean `{meant}`? expected one of `title`"
                )),
                "{}",
                err.message
            );
        }
        let err = parse("colour = 1\n").expect_err("unknown key");
        assert!(
            err.message.starts_with("unknown site.toml key `colour`: expected one of"),
            "{}",
            err.message
        );
    }

    #[test]
    fn heading_links_are_off_unless_asked_for_on_a_side() {
        assert_eq!(parse("").expect("parses").insert_anchor_links, AnchorLinks::None);
        for (value, side) in
            [("right", AnchorLinks::Right), ("left", AnchorLinks::Left), ("none", AnchorLinks::None)]
        {
            let config = parse(&format!("insert_anchor_links = \"{value}\"\n")).expect("parses");
            assert_eq!(config.insert_anchor_links, side, "{value}");
        }
        let err = parse("anchor_links = \"right\"\n").expect_err("refused");
        assert!(err.message.contains("did you mean `insert_anchor_links`?"), "{}", err.message);
        let err = parse("toc = true\n").expect_err("refused");
        assert!(err.message.contains("did you mean `[extra] toc`?"), "{}", err.message);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_told_in_the_key_s_words() {
        for (text, message) in [
            (
                "feed_limit = \"twenty\"\n",
                "expected `feed_limit` to be a whole number of 1 or more, such as `feed_limit = 10`, found `\"twenty\"`",
            ),
            (
                "title = \"T\"\nfeed_limit = -1\n",
                "expected `feed_limit` to be a whole number of 1 or more, such as `feed_limit = 10`, found `-1`",
            ),
            (
                "paginate_tags_by = \"all\"\n",
                "expected `paginate_tags_by` to be a whole number of 1 or more, such as `paginate_tags_by = 50`, found `\"all\"`",
            ),
            (
                "rolling_window = 7 days\n",
                "expected `rolling_window` to be a whole number of days, such as `rolling_window = 7`, found `7 days`",
            ),
            (
                "ai_labels = \"Codex\"\n",
                "expected `ai_labels` to be a list of column labels, such as `ai_labels = [\"Claude\", \"Codex\"]`, found `\"Codex\"`",
            ),
            ("title = 7\n", "expected `title` to be a quoted string, such as `title = \"...\"`, found `7`"),
            (
                "build_search_index = \"yes\"\n",
                "expected `build_search_index` to be `true` or `false`, such as `build_search_index = true`, found `\"yes\"`",
            ),
            (
                "extra = 5\n",
                "expected `extra` to be a table of the theme's own values, written `[extra]` with its keys below it, \
                 found `5`",
            ),
            // Deploy targets written as a list of `[[deploy]]` tables.
            (
                "title = \"T\"\n[[ deploy ]]\nname = \"a\"\n",
                "expected `deploy` to be a table of deploy targets, each written `[[deploy.targets]]` with a \
                 `name` and a `url` (see docs/deploy.md), found `[[ deploy ]]`",
            ),
            (
                "title = \"T\"\n[[deploy]]\nname = \"a\"\n",
                "expected `deploy` to be a table of deploy targets, each written `[[deploy.targets]]` with a \
                 `name` and a `url` (see docs/deploy.md), found `[[deploy]]`",
            ),
            // Zola's `"heading"`, which leverage does not offer, and a value of another type.
            (
                "insert_anchor_links = \"heading\"\n",
                "expected `insert_anchor_links` to be `\"right\"`, `\"left\"` or `\"none\"`, such as \
                 `insert_anchor_links = \"right\"` (a link to its section beside each heading, after or before \
                 its text), found `\"heading\"`",
            ),
            (
                "insert_anchor_links = true\n",
                "expected `insert_anchor_links` to be `\"right\"`, `\"left\"` or `\"none\"`, such as \
                 `insert_anchor_links = \"right\"` (a link to its section beside each heading, after or before \
                 its text), found `true`",
            ),
            // A comment after the value is no part of it.
            (
                "feed_limit = \"x\" # how many\n",
                "expected `feed_limit` to be a whole number of 1 or more, such as `feed_limit = 10`, found `\"x\"`",
            ),
        ] {
            let err = parse(text).expect_err("refused");
            assert_eq!(err.message, message, "{text:?}");
        }
        // A key written twice is no value of the wrong type: it is named, as TOML's words do not.
        let err = parse("title = \"A\"\ntitle = \"B\"\n").expect_err("refused");
        assert_eq!(err.message, "`title` is given twice: each key is written once");
        let err = parse("title = \"A\"\npaginate_by = 5\npaginate_by = \"ten\"\n").expect_err("refused");
        assert_eq!(err.message, "`paginate_by` is given twice: each key is written once");
        let err = parse("title = \"A\"\n[extra]\na = 1\n[extra]\nb = 2\n").expect_err("refused");
        assert_eq!(
            err.message,
            "`[extra]` names a table or a key written before: expected each table once, with all its keys under it"
        );
        let err = parse("title = \"A\"\n[extra.sub]\na = 1\n[extra.sub]\nb = 2\n").expect_err("refused");
        assert!(err.message.starts_with("`[extra.sub]` names a table"), "{}", err.message);
        let err = parse("title = \"A\"\n[deploy]\ntargets = []\n[[deploy.targets]]\nname = \"a\"\n")
            .expect_err("refused");
        assert!(err.message.starts_with("`[[deploy.targets]]` repeats a list of tables"), "{}", err.message);
        // Below a table's line, TOML's own words stand: the key is not one of site.toml's.
        let err = parse("[extra]\nfeed_limit = 7 days\n").expect_err("refused");
        assert!(err.message.starts_with("invalid site.toml"), "{}", err.message);
    }

    #[test]
    fn a_site_key_below_extra_is_warned_about_at_the_key() {
        let text = "title = \"T\"\n[extra]\ntwitter = \"me\"\n\nfeed_limit = 5\n";
        let mut sources = Sources::default();
        let file = sources.add("site.toml", text.to_string());
        let config = Config::parse(&sources, file).expect("reads");
        assert_eq!(config.feed_limit, 20, "the feed keeps its default");
        let warnings = config.warnings(&sources, file);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(&text[warnings[0].span.range()], "feed_limit");
        assert!(
            warnings[0].message.starts_with("`feed_limit` below `[extra]` is handed to the theme"),
            "{}",
            warnings[0].message
        );
        let clean = sources.add("site.toml", "title = \"T\"\n[extra]\ntwitter = \"me\"\n".to_string());
        assert!(Config::parse(&sources, clean).expect("reads").warnings(&sources, clean).is_empty());
    }

    #[test]
    fn a_blank_title_is_warned_about_at_its_value() {
        for text in ["title = \"\"\n", "description = \"D\"\ntitle = \"  \"\n"] {
            let mut sources = Sources::default();
            let file = sources.add("site.toml", text.to_string());
            let warnings = Config::parse(&sources, file).expect("reads").warnings(&sources, file);
            assert_eq!(warnings.len(), 1, "{text}: {warnings:?}");
            assert!(text[warnings[0].span.range()].starts_with('"'), "at the value: {text}");
            assert!(
                warnings[0].message.starts_with("expected `title` to name the site"),
                "{}",
                warnings[0].message
            );
        }
        // Left out, the title is the default one, and nothing is said.
        let mut sources = Sources::default();
        let file = sources.add("site.toml", "description = \"D\"\n".to_string());
        let config = Config::parse(&sources, file).expect("reads");
        assert_eq!(config.title, "Leverage Record");
        assert!(config.warnings(&sources, file).is_empty());
    }

    #[test]
    fn a_language_written_right_to_left_is_told_apart() {
        for rtl in ["ar", "he", "fa-IR", "ur", "AR-eg", "az-Arab", "yi", "prs", "pnb", "ckb"] {
            assert_eq!(direction(rtl), "rtl", "{rtl}");
        }
        for ltr in ["en", "de-CH", "ja", "az", "ar-Latn", "zh-Hant-TW", "arn", ""] {
            assert_eq!(direction(ltr), "ltr", "{ltr}");
        }
    }

    #[test]
    fn a_language_is_a_language_tag() {
        for tag in ["en", "pt-BR", "zh-Hant-TW", "de-CH-1996", "fil"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in ["", "e", "en_US", "not a language", "en-", "-en", "en-abcdefghi", "ja\"><x"] {
            assert!(!is_language_tag(tag), "{tag}");
        }
        for (written, hint) in [
            ("jp", "; did you mean `ja`?"),
            ("cn-TW", "; did you mean `zh-TW`?"),
            ("english", "; did you mean `en`?"),
            ("xx", ""),
        ] {
            let err = parse(&format!("title = \"T\"\nlanguage = \"{written}\"\n")).expect_err("refused");
            assert!(
                err.message.ends_with(&format!("found `{written}`, which names no language{hint}")),
                "{}",
                err.message
            );
        }
        for taken in ["ja", "zh-Hant", "gsw", "de-CH-1996"] {
            assert!(parse(&format!("title = \"T\"\nlanguage = \"{taken}\"\n")).is_ok(), "{taken}");
        }
        let err = parse("title = \"T\"\nlanguage = \"en_US\"\n").expect_err("refused");
        assert!(err.message.ends_with("found `en_US`; did you mean `en-US`?"), "{}", err.message);
    }

    #[test]
    fn base_path_is_the_path_of_base_url() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("site.toml"), "base_url = \"https://example.org/blog\"\n")
            .expect("written");
        assert_eq!(base_path(dir.path()), "/blog/");
        std::fs::write(dir.path().join("site.toml"), "base_url = \"https://example.org\"\n")
            .expect("written");
        assert_eq!(base_path(dir.path()), "/");
        assert_eq!(base_path(&dir.path().join("missing")), "/");
        std::fs::write(dir.path().join("site.toml"), "base_url = \"https://example.org/blog\n")
            .expect("written");
        assert_eq!(parsed_base_path(dir.path()), None, "a site.toml that does not parse names no path");
        assert_eq!(base_path(dir.path()), "/");
    }

    /// The text a diagnostic's span covers.
    fn pointed_at(text: &str) -> String {
        let err = parse(text).expect_err("refused");
        text[err.span.range()].to_string()
    }

    #[test]
    fn values_out_of_range_are_errors_at_the_value() {
        for (text, value, message) in [
            ("title = \"T\"\npaginate_by = 0\n", "0", "expected `paginate_by` of 1 or more, found 0"),
            (
                "title = \"T\"\nlanguage = \"not a language\"\n",
                "\"not a language\"",
                "expected `language` to be a language tag such as `en`, `pt-BR` or `zh-Hant`, found `not a language`",
            ),
            ("title = \"T\"\nfeed_limit = 0\n", "0", "expected `feed_limit` of 1 or more, found 0"),
            (
                "title = \"T\"\npaginate_tags_by = 0\n",
                "0",
                "expected `paginate_tags_by` of 1 or more, found 0",
            ),
            ("title = \"T\"\nhours_per_day = 30\n", "30", "expected `hours_per_day` from 1 to 24, found 30"),
            ("hours_per_day = 1e-300\n", "1e-300", "expected `hours_per_day` from 1 to 24, found 1e-300"),
            ("days_per_week = 0.5\n", "0.5", "expected `days_per_week` from 1 to 7, found 0.5"),
            ("days_per_week = 9.5 # too many\n", "9.5", "expected `days_per_week` from 1 to 7, found 9.5"),
        ] {
            assert_eq!(pointed_at(text), value, "{text}");
            assert_eq!(parse(text).expect_err("refused").message, message);
        }
    }

    #[test]
    fn a_control_character_in_a_shown_text_is_an_error_at_it() {
        for key in ["title", "description", "author", "record_note"] {
            let text = format!("{key} = \"My\\u0007log\"\n");
            let err = parse(&text).expect_err(key);
            assert_eq!(
                err.message,
                format!("expected text a page can show for `{key}`, found the control character U+0007")
            );
            assert_eq!(&text[err.span.range()], "\"My\\u0007log\"");
        }
        // A Windows path in double quotes is told what to write, as in front matter.
        let err = parse("title = \"C:\\blog\"\n").expect_err("a backspace");
        assert!(
            err.message.contains("found `\\b`, which in double quotes is a control character"),
            "{}",
            err.message
        );
        assert!(parse("title = 'My\\blog'\n").is_ok(), "single quotes keep the backslash");
        // In `[extra]`, which a theme prints as it is, at any depth.
        for (text, key, value) in [
            ("[extra]\ntagline = \"a\\u0000b\"\n", "extra.tagline", "\"a\\u0000b\""),
            ("[extra.social]\nlinks = [\"ok\", \"x\\u001by\"]\n", "extra.social.links", "\"x\\u001by\""),
        ] {
            let err = parse(text).expect_err(key);
            assert!(
                err.message.starts_with(&format!("expected text a page can show for `{key}`")),
                "{}",
                err.message
            );
            assert_eq!(&text[err.span.range()], value);
        }
    }

    #[test]
    fn base_url_is_an_http_url_or_a_path() {
        for good in [
            "https://example.org",
            "http://127.0.0.1:1111/",
            "https://example.org/blog/",
            "/",
            "/blog/",
            "",
            "HTTPS://EXAMPLE.ORG",
            "Http://example.org/x/",
            "https://example.org/v1.2/",
            "https://example.org/my%20blog/",
            "https://example.org/%C3%A9t%c3%a9/",
            "https://example.org/été/",
            "https://example.org/@ada/",
        ] {
            assert!(parse(&format!("base_url = \"{good}\"\n")).is_ok(), "{good}");
        }
        for bad in [
            "not a url",
            "example.org",
            "https://",
            "https:///x",
            "ftp://example.org/",
            "https://exa mple.org/",
            "https://exa<mple.org/",
            "https://:80/",
            "https://example.org/#x",
            "https://example.org/?a=b",
            "//example.org/",
            "HTTPS:///x",
            "httpx://example.org/",
            "https://example.org/blog/index.html",
            "/blog/index.HTM",
            "https://example.org//blog/",
            "https://example.org/blog//",
            "/blog//x/",
            "https://example.org/my blog/",
            "https://example.org/a|b/",
            "https://example.org/a^b/",
            "https://example.org/a\\\\b/",
            "https://example.org/%zz/",
            "https://example.org/50%/",
            "https://user:pw@example.org/",
            "https://user@example.org:8080/x/",
        ] {
            let text = format!("title = \"T\"\nbase_url = \"{bad}\"\n");
            let err = parse(&text).expect_err(bad);
            assert!(err.message.starts_with("expected `base_url` to be an http(s) URL"), "{}", err.message);
            assert_eq!(&text[err.span.range()], format!("\"{bad}\""));
        }
        // A host without its scheme gets the address meant; what would not make one gets none.
        for (bad, meant) in [
            ("example.org", Some("https://example.org/")),
            ("example.org/blog/", Some("https://example.org/blog/")),
            ("localhost", Some("http://localhost/")),
            ("127.0.0.1:1111", Some("http://127.0.0.1:1111/")),
            ("example.org/a b/", None),
            ("https:/example.org/", None),
            ("./public", None),
            ("../site/", None),
            ("file.html", None),
            ("example.org/blog/index.html", None),
        ] {
            let err = parse(&format!("base_url = \"{bad}\"\n")).expect_err(bad);
            let said = meant.map(|m| format!("; did you mean `{m}`?"));
            assert_eq!(err.message.contains("did you mean"), said.is_some(), "{bad}: {}", err.message);
            assert!(said.is_none_or(|said| err.message.ends_with(&said)), "{bad}: {}", err.message);
        }
    }

    #[test]
    fn a_theme_is_a_folder_name() {
        assert!(parse("theme = \"paper\"\n").is_ok());
        for bad in ["../x", "a/b", "a\\\\b", "..", ""] {
            let text = format!("theme = \"{bad}\"\n");
            assert!(
                parse(&text)
                    .expect_err(bad)
                    .message
                    .starts_with("expected `theme` to be the name of a folder")
            );
        }
    }

    #[test]
    fn locate_finds_values_in_tables_and_lists() {
        let text = "title = \"T\"\n[[deploy.targets]]\nname = \"a\"\nurl = \"s3://b\"\n[[deploy.targets]]\nname = \"b\"\n";
        let at = |path: &[Step]| locate(text, path).map(|r| text[r].to_string());
        let target = |index| [Step::key("deploy"), Step::key("targets"), Step::Index(index)];
        assert_eq!(at(&[Step::key("title")]).as_deref(), Some("\"T\""));
        assert_eq!(at(&[target(0).as_slice(), &[Step::key("url")]].concat()).as_deref(), Some("\"s3://b\""));
        assert_eq!(at(&[target(1).as_slice(), &[Step::key("name")]].concat()).as_deref(), Some("\"b\""));
        // A missing key: the header of the table it is missing from.
        let missing = locate(text, &[target(1).as_slice(), &[Step::key("url")]].concat()).expect("TOML");
        assert_eq!(missing, locate(text, &target(1)).expect("TOML"));
        assert_eq!(
            (missing.start, &text[missing]),
            (text.rfind('[').expect("header") - 1, "[[deploy.targets]]")
        );
        // A missing first key: the file's start.
        assert_eq!(locate(text, &[Step::key("nothing")]), Some(0..0));
        assert_eq!(locate("title = ", &[Step::key("title")]), None);
    }

    /// A site.toml with every kind of value the checks look at, deploy targets included.
    const FULL: &str = "title = \"T\"\nbase_url = \"https://example.org/blog/\"\ntheme = \"default\"\n\
        paginate_by = 10\nfeed_limit = 20\nhours_per_day = 8\ndays_per_week = 5\n\
        [[deploy.targets]]\nname = \"a\"\nurl = \"s3://b/x\"\n[extra]\nk = [1, \"é\"]\n";

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            prop::sample::select(vec![
                "title", "base_url", "deploy", "targets", "name", "url", "extra", "k", "x"
            ])
            .prop_map(Step::key),
            (0usize..3).prop_map(Step::Index),
        ]
    }

    proptest::proptest! {
        /// Any edit of a valid site.toml loads or is refused at a place inside the file, and
        /// `locate` finds any path in it without panicking, always inside the text.
        #[test]
        fn any_edit_of_site_toml_is_loaded_or_refused_in_place(
            at in 0usize..=FULL.len(),
            cut in 0usize..6,
            insert in "[ a-z0-9=\"\\[\\].\n#/:é-]{0,6}",
            path in proptest::collection::vec(step(), 0..5),
        ) {
            let at = FULL.floor_char_boundary(at);
            let end = FULL.floor_char_boundary((at + cut).min(FULL.len()));
            let text = format!("{}{insert}{}", &FULL[..at], &FULL[end..]);
            if let Err(err) = parse(&text) {
                proptest::prop_assert!(err.span.range().end <= text.len(), "{:?} in {text:?}", err.span);
                proptest::prop_assert!(!err.message.is_empty());
            }
            if let Some(range) = locate(&text, &path) {
                proptest::prop_assert!(text.get(range.clone()).is_some(), "{range:?} in {text:?}");
            }
        }
    }

    #[test]
    fn a_base_url_on_an_example_host_or_this_machine_points_nowhere() {
        for url in [
            "https://example.org/",
            "http://localhost:1111/",
            "http://user@localhost/",
            "http://0.0.0.0:8000/",
            "http://127.0.0.1/blog/",
            "http://[::1]:8080/",
            "http://site.localhost/",
            "https://www.example.org/",
            "https://blog.example/",
            "https://my-log.test/",
            "http://127.0.0.2:8000/",
        ] {
            assert!(points_nowhere(url), "{url}");
        }
        for url in [
            "https://ada.github.io/log/",
            "https://example.org.uk/",
            "https://localhost.dev/",
            "https://127.works/",
            "https://myexample.org/",
            "/blog/",
        ] {
            assert!(!points_nowhere(url), "{url}");
        }
    }

    #[test]
    fn only_an_example_host_is_one_no_site_is_served_from() {
        for url in [
            "https://example.org/",
            "https://www.Example.COM./blog/",
            "https://blog.example/",
            "https://x.invalid/",
        ] {
            assert!(names_an_example_host(url), "{url}");
        }
        for url in [
            "http://localhost:1111/",
            "http://127.0.0.1/",
            "https://my-log.test/",
            "https://myexample.org/",
            "https://example.org.uk/",
            "/blog/",
        ] {
            assert!(!names_an_example_host(url), "{url}");
        }
    }
}
