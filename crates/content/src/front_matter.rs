//! Front matter: the TOML between a first line `+++` and the next line `+++`, or the YAML between
//! `---` lines (as Hugo, Jekyll, Zola and Obsidian write it).
//!
//! `split` finds it without parsing; `parse` (TOML) and `parse_yaml` read the keys of the
//! contract and refuse any other top-level key with the key's own span, so a typo like `tittle`
//! never passes silently.

mod yaml;

use chrono::NaiveDate;
use toml::Spanned;

use crate::{Cell, ContentError, FileId, Span};

/// The keys a document may carry, as listed in errors.
const KEYS: &str =
    "`title`, `date`, `updated`, `tags`, `summary`, `draft`, `slug`, `aliases`, `image`, `tokens`, `extra`";

/// Where the front matter and the body are in a file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the front matter's text between the fences, if the file has front matter.
    pub front: Option<std::ops::Range<usize>>,
    /// Whether it is YAML (`---` fences); TOML (`+++`) otherwise.
    pub yaml: bool,
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter fences. A file whose first text is not `+++` or `---` has no front
/// matter. White space before the fence (blank lines, a stray space or a second byte order
/// mark) is passed over, as Zola and Hugo do: otherwise the front matter would be published as
/// the body's first paragraph, and a draft with it.
pub fn split(text: &str, file: FileId) -> Result<Split, ContentError> {
    let lead = text.len() - text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}').len();
    let rest = &text[lead..];
    let fence = lead..lead + rest.len().min(3);
    let none = Split { front: None, yaml: false, body_start: 0 };
    let (found, yaml) = match fenced(rest, "---") {
        // After white space, only a closed block is YAML's: a body may open with a rule.
        Some(None) if lead > 0 => return Ok(none),
        Some(found) => (found, true),
        None => match fenced(rest, "+++") {
            None => {
                if let Some((found, expected)) = misfenced(rest) {
                    return Err(ContentError::Other {
                        message: format!(
                            "front matter opens with a line `{expected}` alone, found `{found}`: the keys below \
                             would be the page's text (a draft's `draft` with them); expected `{expected}` \
                             before them and after them"
                        ),
                        span: Span::new(file, lead..lead + found.len()),
                    });
                }
                return match unopened(rest) {
                    Some((fence, at)) => Err(ContentError::Other {
                        message: format!(
                            "front matter closed with `{fence}` was never opened: the keys above would be the \
                             page's text, a draft's `draft` with them; expected a line `{fence}` before them too"
                        ),
                        span: Span::new(file, lead + at..lead + at + fence.len()),
                    }),
                    None => Ok(none),
                };
            }
            Some(found) => (found, false),
        },
    };
    match found {
        Some((front, body_start)) => Ok(Split {
            front: Some(lead + front.start..lead + front.end),
            yaml,
            body_start: lead + body_start,
        }),
        None => {
            let fence_text = if yaml { "---" } else { "+++" };
            // A line of the fence's character, too short or too long (`++`, `++++`), meant to
            // close it: said at that line, where the opening fence is no help.
            let mark = fence_text.as_bytes()[0];
            let mut at = lead + rest.find('\n').map_or(rest.len(), |i| i + 1);
            for line in text[at..].split_inclusive('\n') {
                let trimmed = line.trim_end();
                if (2..=5).contains(&trimmed.len()) && trimmed.bytes().all(|b| b == mark) {
                    return Err(ContentError::Other {
                        message: format!(
                            "front matter opened with `{fence_text}` is never closed: expected a line \
                             `{fence_text}`; this line, `{trimmed}`, looks meant to close it"
                        ),
                        span: Span::new(file, at..at + trimmed.len()),
                    });
                }
                at += line.len();
            }
            Err(ContentError::UnclosedFrontMatter { fence: fence_text, span: Span::new(file, fence) })
        }
    }
}

/// Front matter opened by a line that is almost a fence (`++++`, `++`, `+++toml`, `----`, an
/// editor's dash `—`) and followed by a line naming one of leverage's keys (`title = "x"`,
/// `draft: true`): the mistyped fence, and the one meant (`+++` before `key = value`, `---`
/// before `key: value`). `None` for anything else: a rule over a paragraph is the body's.
fn misfenced(text: &str) -> Option<(&str, &'static str)> {
    let mut lines = text.lines();
    let first = lines.next()?.trim_end();
    let all = |c: char, lengths: std::ops::RangeInclusive<usize>| {
        first.chars().all(|d| d == c) && lengths.contains(&first.chars().count())
    };
    let fence_like = all('+', 2..=6)
        || all('-', 4..=6)
        || first.chars().all(|c| matches!(c, '\u{2014}' | '\u{2013}')) && !first.is_empty()
        || ["+++", "---"].iter().any(|f| {
            first
                .strip_prefix(f)
                .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphabetic()))
        });
    if !fence_like || first == "+++" || first == "---" {
        return None;
    }
    let next = lines.find(|line| !line.trim().is_empty())?;
    let key_end = next.find(['=', ':'])?;
    let known = names_a_key(next[..key_end].trim());
    let expected = if next[key_end..].starts_with('=') { "+++" } else { "---" };
    // And a line that closes it, of the same marks (`++++`, `+++`, `—`), within the lines a
    // front matter has: a rule over a paragraph that opens `url: https://…` stays a rule.
    let family = first.chars().next()?;
    let closes = |line: &str| {
        let line = line.trim_end();
        line.chars().count() >= 1
            && (line.chars().all(|c| c == family) || line == expected)
            && (line.chars().count() >= 2 || !family.is_ascii())
    };
    let closed = lines.take(64).any(closes);
    (known && closed).then_some((first, expected))
}

/// Front matter whose opening fence was left out, where it would publish a draft: from the
/// first line, lines of `key = value` (or YAML's `key: value`), the first naming one of
/// leverage's keys and one of them `draft` (or `published`), then a line `+++` (or `---`) alone.
/// The fence and its offset; `None` for anything else, which is the body's text: a note that
/// opens `tags: #rust` or Obsidian's Dataview `date:: 2026-03-01` over a rule is a note.
fn unopened(text: &str) -> Option<(&'static str, usize)> {
    let mut offset = 0;
    for (keys, line) in text.split_inclusive('\n').take(64).enumerate() {
        let trimmed = line.trim_end();
        let fence = match trimmed {
            "+++" => Some(("+++", '=')),
            "---" => Some(("---", ':')),
            _ => None,
        };
        if let Some((fence, separator)) = fence {
            let first = text.lines().next().unwrap_or_default();
            let named = |line: &str| names_a_key(line.split(separator).next().unwrap_or_default().trim());
            let lines = || text[..offset].lines();
            let all_keys = lines().all(|line| line.contains(separator) && !line.contains("::"));
            let key = |line: &str| line.split(separator).next().unwrap_or_default().trim().to_string();
            let draft = lines().any(|line| matches!(key(line).as_str(), "draft" | "published"));
            return (keys > 0 && all_keys && draft && named(first)).then_some((fence, offset));
        }
        let key_end = trimmed.find(['=', ':'])?;
        let key = trimmed[..key_end].trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)) {
            return None;
        }
        offset += line.len();
    }
    None
}

/// Reads the front matter `split` found in `text`, TOML or YAML (`parse`, `parse_yaml`); none
/// when there is none.
pub fn parse_front(text: &str, split: &Split, file: FileId) -> Result<Parsed, ContentError> {
    match split.front.clone() {
        None => Ok(Parsed::default()),
        Some(range) if split.yaml => parse_yaml(text, range, file),
        Some(range) => parse(text, range, file),
    }
}

/// Reads the YAML of `range` in `text` as `parse` reads TOML: YAML that does not read is one
/// error, `Err`; otherwise every key is read and every mistake in them returned.
pub fn parse_yaml(text: &str, range: std::ops::Range<usize>, file: FileId) -> Result<Parsed, ContentError> {
    let at = |r: std::ops::Range<usize>| Span::new(file, range.start + r.start..range.start + r.end);
    let read = yaml::read(&text[range.clone()])
        .map_err(|(message, span)| ContentError::BadFrontMatter { message, span: at(span) })?;
    let mut places = read.places;
    places.sort_by_key(|place| place.key_span.start);
    Ok(check(text, range, file, places, &read.values, read.shadowed, true))
}

/// Front matter between `fence` lines (`+++`, or another generator's `---`): `None` when the
/// first line is no fence, `Some(None)` when no line closes it, else the byte range between the
/// fences and where the body starts. Fence lines may end with spaces.
pub fn fenced(text: &str, fence: &str) -> Option<Option<(std::ops::Range<usize>, usize)>> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != fence {
        return None;
    }
    let mut offset = first_line_end;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == fence {
            return Some(Some((first_line_end..offset, end)));
        }
        offset = end;
    }
    Some(None)
}

/// The front matter of a record or page, every value with its span.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<Cell<String>>,
    /// `date`, as a calendar date.
    pub date: Option<Cell<NaiveDate>>,
    /// `updated`: when the document last changed, as Zola names it (Hugo's `lastmod`).
    pub updated: Option<Cell<NaiveDate>>,
    /// `tags`.
    pub tags: Vec<Cell<String>>,
    /// `summary`.
    pub summary: Option<Cell<String>>,
    /// `draft`.
    pub draft: bool,
    /// `slug`.
    pub slug: Option<Cell<String>>,
    /// `aliases`: old URLs of the page, each of which gets a page that redirects to it.
    pub aliases: Vec<Cell<String>>,
    /// `image`: the picture a link to the page shows where it is shared (Open Graph's
    /// `og:image`), a path or a URL as a markdown image's.
    pub image: Option<Cell<String>>,
    /// `tokens`: the record's own token count, for posts that give tokens per day.
    pub tokens: Option<Cell<math::Tokens>>,
    /// `[extra]`: free-form, handed to templates.
    pub extra: toml::Table,
}

/// The keys a document may carry.
const KEY_NAMES: [&str; 11] =
    ["title", "date", "updated", "tags", "summary", "draft", "slug", "aliases", "image", "tokens", "extra"];

/// Whether `key` is one a document may carry, or another generator's name for one
/// (`description`, `lastmod`).
fn names_a_key(key: &str) -> bool {
    KEY_NAMES.contains(&key) || synonym(key).is_some()
}

/// What `parse` read: the values that could be read, the mistakes, and the warnings.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The front matter, without the values that were mistakes.
    pub front_matter: FrontMatter,
    /// Every mistake, in the order written.
    pub errors: Vec<ContentError>,
    /// What reads but is likely not what was meant: one of leverage's keys written below
    /// `[extra]` (`tags = [...]` after the `[extra]` line), where it is the theme's, not a tag.
    pub warnings: Vec<crate::Diagnostic>,
}

/// Parses the TOML of `range` in `text`. TOML that does not parse is one error, `Err`: nothing
/// after it can be read. Otherwise every key is read, in the order written, and every mistake in
/// them is returned with what could be read (an unknown key, a value of the wrong kind), so a
/// writer sees them all in one run, in line order, rather than one per run.
pub fn parse(text: &str, range: std::ops::Range<usize>, file: FileId) -> Result<Parsed, ContentError> {
    let toml_text = &text[range.clone()];
    let at = |r: std::ops::Range<usize>| Span::new(file, range.start + r.start..range.start + r.end);
    let syntax = |err: toml::de::Error| {
        let span = err.span().map_or(Span::new(file, range.start..range.start), at);
        let message = err.message().to_string();
        // Only a value of the wrong kind gets the hint: a bad escape, a duplicate key or an
        // impossible date are said best in the library's own words.
        let wrong_kind = [
            "invalid float",
            "invalid integer",
            "invalid number",
            "string values must be quoted",
            "unexpected leading zero",
        ]
        .iter()
        .any(|start| message.starts_with(start));
        // A date's key gets it for any mistake of its value (`date = November 1, 2026` is "unexpected
        // key or value" to the library); an impossible day is said with what was written.
        let date_key = err
            .span()
            .and_then(|r| key_line(toml_text, r.start))
            .filter(|(key, _)| matches!(*key, "date" | "updated"));
        let hint = if message.starts_with("invalid date") || message.starts_with("invalid time") {
            date_key.map(|(key, value)| format!("{message}: found `{key} = {value}`"))
        } else if wrong_kind || (date_key.is_some() && message != "duplicate key") {
            key_hint(toml_text, err.span())
        } else {
            None
        };
        // Two of the library's messages name neither the key nor the number: they are said again.
        let written = err.span().and_then(|r| toml_text.get(r)).map(str::trim);
        let hint = hint.or_else(|| match written {
            Some(_) if message == "duplicate key" => err.span().and_then(|span| twice(toml_text, span)),
            Some(number) if message.contains("too large") || message.contains("as i128") => {
                Some(if number.starts_with('-') {
                    format!("`{number}` is below the smallest whole number TOML holds (-9223372036854775808)")
                } else {
                    format!(
                        "`{number}` is larger than the largest whole number TOML holds (9223372036854775807)"
                    )
                })
            }
            _ => None,
        });
        ContentError::BadFrontMatter { message: hint.unwrap_or(message), span }
    };
    // Parsed once: the places of the keys and values are taken from the parse, then the parse
    // itself becomes the values.
    let located = toml::de::DeTable::parse(toml_text).map_err(syntax)?;
    let mut keys: Vec<Place> = located
        .get_ref()
        .iter()
        .map(|(key, value)| Place {
            key: key.get_ref().to_string(),
            key_span: key.span(),
            value_span: value.span(),
            items: match value.get_ref() {
                toml::de::DeValue::Array(items) => Some(items.iter().map(Spanned::span).collect()),
                _ => None,
            },
        })
        .collect();
    keys.sort_by_key(|place| place.key_span.start);
    // One of leverage's keys written below `[extra]`, where it is the theme's.
    let mut shadowed: Vec<(String, std::ops::Range<usize>)> =
        match located.get_ref().get("extra").map(Spanned::get_ref) {
            Some(toml::de::DeValue::Table(extra)) => extra
                .iter()
                .map(|(key, _)| (key.get_ref().to_string(), key.span()))
                .filter(|(key, _)| KEY_NAMES.contains(&key.as_str()) && key != "extra")
                .collect(),
            _ => Vec::new(),
        };
    shadowed.sort_by_key(|(_, span)| span.start);
    let values = <toml::Table as serde::Deserialize>::deserialize(toml::de::Deserializer::from(located))
        .map_err(syntax)?;
    Ok(check(text, range, file, keys, &values, shadowed, false))
}

/// The front matter of `keys` (each top-level key's place in `text[range]`) and `values`, with
/// every mistake in them, and a warning for each of leverage's keys written inside `extra`
/// (`shadowed`); `yaml` when they were written so, for the forms the messages show.
fn check(
    text: &str,
    range: std::ops::Range<usize>,
    file: FileId,
    keys: Vec<Place>,
    values: &toml::Table,
    shadowed: Vec<(String, std::ops::Range<usize>)>,
    yaml: bool,
) -> Parsed {
    // The front matter as written, TOML or YAML, quoted by the messages.
    let written = &text[range.clone()];
    let at = |r: std::ops::Range<usize>| Span::new(file, range.start + r.start..range.start + r.end);
    // How a key is written, in the syntax of the front matter it is in.
    let form = |key: &str, toml: &str, yaml_form: &str| {
        if yaml { format!("`{key}: {yaml_form}`") } else { format!("`{key} = {toml}`") }
    };
    // TOML's text is in quotes; YAML's need none.
    let quoted = if yaml { "" } else { " in quotes" };
    let mut fm = FrontMatter::default();
    let mut errors = Vec::new();
    for place in keys {
        let key = place.key.as_str();
        let Some(value) = values.get(key) else { continue };
        let span = at(place.value_span.clone());
        let wrong = |expected: &str| ContentError::BadFrontMatter {
            message: format!(
                "expected {expected} for `{key}`, found `{}`",
                crate::diagnostic::clip(written[place.value_span.clone()].trim())
            ),
            span,
        };
        match key {
            "title" | "summary" | "slug" => match value.as_str() {
                Some(text) => {
                    let cell = Some(Cell { value: text.to_string(), span });
                    match key {
                        "title" => fm.title = cell,
                        "summary" => fm.summary = cell,
                        _ => fm.slug = cell,
                    }
                }
                None => errors.push(wrong(&format!("text{quoted}"))),
            },
            // Hugo's `images` is a list of them, of which link previews take the first: one here.
            "image" => {
                let expected =
                    format!("a path or URL of a picture{quoted} ({})", form("image", "\"cover.png\"", "cover.png"));
                match value.as_str().map(str::trim) {
                    Some("") | None => errors.push(wrong(&expected)),
                    Some(text) => fm.image = Some(Cell { value: text.to_string(), span }),
                }
            }
            "draft" => match value.as_bool() {
                Some(draft) => fm.draft = draft,
                None => errors.push(wrong("`true` or `false`")),
            },
            "tags" | "aliases" => {
                let expected = if key == "tags" {
                    format!("a list of names{quoted} ({})", form("tags", "[\"parser\", \"ci\"]", "[parser, ci]"))
                } else {
                    format!("a list of old URLs{quoted} ({})", form("aliases", "[\"/old/\"]", "[/old/]"))
                };
                match string_list(value, place.items.as_deref(), &at) {
                    Some(list) if key == "tags" => fm.tags = list,
                    Some(list) => fm.aliases = list,
                    None => errors.push(wrong(&expected)),
                }
            }
            "date" | "updated" => match read_date(value, span) {
                Ok(date) if key == "date" => fm.date = Some(date),
                Ok(date) => fm.updated = Some(date),
                Err(e) => errors.push(e),
            },
            "tokens" => match read_tokens(value, span) {
                Ok(tokens) => fm.tokens = Some(tokens),
                Err(e) => errors.push(e),
            },
            "extra" => match value.as_table() {
                Some(table) => fm.extra = dates_as_text(table.clone()),
                None if yaml => errors.push(wrong("keys of its own, indented below `extra:`")),
                None => errors.push(wrong("a table (`[extra]` and its keys below it)")),
            },
            // Zola's `lang` and Hugo's `languageCode` set a page's language; here the site has one.
            "lang" | "language" | "languagecode" | "languageCode" | "locale" => {
                errors.push(ContentError::BadFrontMatter {
                    message: format!(
                        "a page has no language of its own (`{key}`): leverage builds a site in one language, \
                         set by `language` in site.toml (`language = \"de\"`); expected this line removed"
                    ),
                    span: at(place.key_span.clone()),
                })
            }
            // Jekyll's `published` says the opposite of `draft`: the fix depends on its value.
            "published" => {
                let draft = form("draft", "true", "true");
                let fix = match value.as_bool() {
                    Some(false) => format!("did you mean {draft}?"),
                    Some(true) => "expected this line removed".to_string(),
                    None => format!("{draft} holds a page back ({})", form("published", "false", "false")),
                };
                errors.push(ContentError::BadFrontMatter {
                    message: format!(
                        "unknown front matter key `published`: here a page is published unless it has \
                         {draft}; {fix}"
                    ),
                    span: at(place.key_span.clone()),
                })
            }
            _ => errors.push(ContentError::UnknownKey {
                key: key.to_string(),
                expected: KEYS,
                // A slip of one of them, or a key of the writer's own (an Obsidian template's
                // `created`), which a theme may read from `extra`.
                help: match (key, nearest_key(key)) {
                    // Zola's taxonomies hold its tags: below `extra` they would be lost.
                    ("taxonomies", _) => format!("a page's tags are {} at the top", form("tags", "[\"a\"]", "[a]")),
                    // Hugo's and Jekyll's own address for a page: a record's is /records/<slug>/,
                    // and an old address is kept by an alias, which redirects to it.
                    ("url" | "permalink", _) => format!(
                        "a record's address is /records/<slug>/: {} names it, and {} keeps an old one, \
                         redirecting to the new",
                        form("slug", "\"my-day\"", "my-day"),
                        form("aliases", "[\"/2026/11/30/my-day/\"]", "[/2026/11/30/my-day/]")
                    ),
                    // Hugo's day of publishing, which is a page's date here.
                    ("publishDate" | "publishdate" | "pubdate" | "published_date", _) => {
                        format!("a page's day is {}", form("date", "2026-11-30", "2026-11-30"))
                    }
                    (_, Some(near)) => format!("did you mean `{near}`?"),
                    (_, None) => {
                        let word = key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                            && !key.starts_with(|c: char| c.is_ascii_digit());
                        let read =
                            if word { format!("extra.{key}") } else { format!("extra[\"{}\"]", key.replace('"', "\\\"")) };
                        let place = if yaml { "indented below `extra:`" } else { "below `[extra]`, at the end" };
                        format!("a key of your own goes {place}, where a theme reads it as `{read}`")
                    }
                },
                span: at(place.key_span.clone()),
            }),
        }
    }
    // A blank title would be a link with no text on every list of records, and a feed entry
    // with no name.
    if let Some(blank) = fm.title.as_ref().filter(|t| t.value.trim().is_empty()) {
        errors.push(ContentError::BadFrontMatter {
            message: format!(
                "expected a title, found `{}`; leave `title` out and a record is named for its date",
                crate::diagnostic::clip(&blank.value)
            ),
            span: blank.span,
        });
        fm.title = None;
    }
    // A blank tag would link to `/tags//`, a page that cannot exist.
    for blank in fm.tags.iter().filter(|t| t.value.trim().is_empty()) {
        errors.push(ContentError::BadFrontMatter {
            message: format!("expected a tag name, found `{}`", crate::diagnostic::clip(&blank.value)),
            span: blank.span,
        });
    }
    // A control character shows as nothing on a page (or as a box) and is left out of the feed.
    // TOML refuses one typed as it is, so it came from an escape: most often a Windows path in
    // double quotes, where `C:\build` holds a backspace. A tab or a line break in a name (not in
    // a summary, which may run over lines) shows as a space, and most often came from an escape
    // too (`C:\temp`): a warning.
    // (A slug's and an alias's are refused with the other characters a URL cannot hold.)
    let mut warnings = Vec::new();
    let texts = [("title", &fm.title), ("summary", &fm.summary)];
    let named = texts.into_iter().filter_map(|(key, cell)| Some((key, cell.as_ref()?)));
    let listed = fm.tags.iter().map(|t| ("tags", t));
    for (key, cell) in named.chain(listed) {
        if let Some(found) = unshowable(&cell.value) {
            errors
                .push(ContentError::BadFrontMatter { message: control_message(key, found), span: cell.span });
        } else if key != "summary"
            && !cell.value.trim().is_empty()
            && let Some(found) = cell.value.chars().find(|c| matches!(c, '\t' | '\n' | '\r'))
        {
            let written = text.get(cell.span.range()).unwrap_or_default();
            warnings.push(crate::Diagnostic::warning(cell.span, break_message(key, found, written)));
        } else if let Some(found) =
            cell.value.chars().find(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        {
            // An override or embedding of direction shows what follows it in another order than it
            // is read (`Invoice \u{202E}fdp.exe`), and runs on past the value: into the site's name
            // in a page's `<title>`, a feed reader's list.
            warnings.push(crate::Diagnostic::warning(
                cell.span,
                format!(
                    "`{key}` holds U+{:04X}, an invisible control of direction, which shows the text after it in \
                     another order than it is read, and runs on into what a page writes after it (the site's name \
                     in its <title>); expected the text without it (right-to-left text needs none)",
                    u32::from(found)
                ),
            ));
        }
    }
    errors.sort_by_key(|e| e.span().start);
    fm.tags.retain(|t| !t.value.trim().is_empty());
    for (key, span) in shadowed {
        warnings.push(crate::Diagnostic::warning(
            at(span),
            format!(
                "`{key}` inside `extra` is handed to the theme as `extra.{key}`, not read as the document's \
                 {key}: write it at the top, before any `[extra]` line, if it is meant as the document's"
            ),
        ));
    }
    Parsed { front_matter: fm, errors, warnings }
}

/// What is said of a tab or line break `found` in the value of `key`, a name, `written` so in
/// the TOML.
fn break_message(key: &str, found: char, written: &str) -> String {
    let (what, escape) = match found {
        '\t' => ("a tab", 't'),
        '\n' => ("a line break", 'n'),
        _ => ("a line break", 'r'),
    };
    let said = format!("expected `{key}` on one line, found {what}, which shows as a space");
    if !written.contains(&format!("\\{escape}")) {
        return said;
    }
    // The rewrite in single quotes is offered whole or not at all: a clipped one could not be
    // copied.
    let quoted = written
        .strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .filter(|w| !w.contains('\'') && crate::diagnostic::clip(w) == *w);
    let single = quoted.map(|w| format!(" ('{w}')")).unwrap_or_default();
    format!(
        "{said}: in double quotes `\\{escape}` is {what}; write `\\\\` for a backslash, or put the text in \
         single quotes{single}"
    )
}

/// The first character of `text` that no page can show: a control character (U+0000 to U+001F
/// other than a tab or a line break, U+007F to U+009F) or a noncharacter (U+FFFE, U+FDD0 ...),
/// each a parse error of HTML, and the first group and U+FFFE/U+FFFF forbidden in XML 1.0 (the
/// pages' XML files leave those out).
pub fn unshowable(text: &str) -> Option<char> {
    text.chars().find(|&c| is_unshowable(c))
}

/// Whether `c` is a character no page can show (see `unshowable`).
pub fn is_unshowable(c: char) -> bool {
    let code = u32::from(c);
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
}

/// `text` without the characters no page can show (see `unshowable`): for titles and summaries
/// taken from a body, where a character reference (`&#1;`) can write one.
pub fn showable(text: String) -> String {
    // Every such character is a byte below a space, U+007F, or starts with one of these bytes:
    // looked for 32 bytes at a time without a branch per byte, which the compiler vectorises
    // (a summary is read once per record; byte by byte this was 1% of a build's instructions).
    let suspect = |b: u8| (b < b' ') | (b == 0x7f) | (b == 0xc2) | (b == 0xef) | (b >= 0xf0);
    let mut chunks = text.as_bytes().chunks_exact(32);
    let rest = chunks.remainder();
    let any = chunks.any(|c| c.iter().fold(false, |found, &b| found | suspect(b)))
        || rest.iter().any(|&b| suspect(b));
    if !any {
        return text;
    }
    if !text.chars().any(is_unshowable) {
        return text;
    }
    text.chars().filter(|&c| !is_unshowable(c)).collect()
}

/// `text` with its control characters written as escapes (`\u{8}`), for a message that quotes it.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect()
    } else {
        text.into()
    }
}

/// What is said of a control character `found` in the value of `key` (of front matter or
/// site.toml, both TOML).
pub fn control_message(key: &str, found: char) -> String {
    let expected = format!("expected text a page can show for `{key}`");
    let (escape, path) = match found {
        '\u{8}' => ("b", "build"),
        '\u{c}' => ("f", "files"),
        c if c.is_control() => {
            return format!("{expected}, found the control character U+{:04X}", u32::from(c));
        }
        c => return format!("{expected}, found U+{:04X}, which is no character", u32::from(c)),
    };
    format!(
        "{expected}, found `\\{escape}`, which in double quotes is a control character: write `\\\\` \
         for a backslash, or put the text in single quotes ('C:\\{path}')"
    )
}

/// The items of an array of strings, each with its place; `None` when `value` is anything else.
fn string_list(
    value: &toml::Value,
    places: Option<&[std::ops::Range<usize>]>,
    at: &impl Fn(std::ops::Range<usize>) -> Span,
) -> Option<Vec<Cell<String>>> {
    let (toml::Value::Array(items), Some(places)) = (value, places) else {
        return None;
    };
    items
        .iter()
        .zip(places)
        .map(|(item, place)| item.as_str().map(|s| Cell { value: s.to_string(), span: at(place.clone()) }))
        .collect()
}

/// The key of leverage's nearest to an unknown `key`, when it is a slip away: one edit (`tag`,
/// `tittle`, but not `name` or `state` for `date`), two in a key of seven letters or more
/// (`summmaryy`). Between two as near, the one with the same first letter (`tage` is `tags`).
fn nearest_key(key: &str) -> Option<&'static str> {
    // The default theme's table of contents is asked for in `[extra]`, as a Hugo theme's is in
    // its params.
    if key == "toc" {
        return Some("[extra] toc");
    }
    synonym(key).or_else(|| nearest_name(key, &KEY_NAMES))
}

/// Leverage's key for what Zola, Hugo and Jekyll call otherwise (`description` is `summary`,
/// `categories` are `tags`, `redirect_from` is `aliases`): for "did you mean", and for `import`,
/// which converts their posts. Jekyll's `published` is none: it is the opposite of `draft`, and
/// "did you mean `draft`?" would have `published = true` written `draft = true` (import turns it
/// over itself).
pub fn synonym(key: &str) -> Option<&'static str> {
    Some(match key {
        "description" | "excerpt" | "abstract" => "summary",
        "categories" | "keywords" | "category" => "tags",
        "lastmod" | "modified" | "last_modified" => "updated",
        "url" | "permalink" => "slug",
        "alias" | "redirect_from" => "aliases",
        // Hugo's list, PaperMod's `cover.image`, other themes' names for a page's picture.
        "images" | "cover" | "featured_image" | "og_image" | "thumbnail" => "image",
        _ => return None,
    })
}

/// The longest name (in characters) `nearest_name` looks for a slip of.
const NEAREST_LONGEST: usize = 200;

/// The name among `names` that `key` is a slip away from: one edit (`tittle` for `title`), two
/// in a name of seven letters or more (`summmaryy`). Between two as near, the one with the same
/// first letter (`tage` is `tags`). For front matter keys, and site.toml's.
pub fn nearest_name<'n>(key: &str, names: &[&'n str]) -> Option<&'n str> {
    let length = key.chars().count();
    // Nobody types a name this long by hand, and comparing it would take time with the square
    // of its length (a fragment of 160,000 letters took 85 s).
    if length > NEAREST_LONGEST {
        return None;
    }
    let slips = if length >= 7 { 2 } else { 1 };
    names
        .iter()
        // A distance is at least the difference of the lengths: most names are not compared.
        .filter(|known| {
            known.len().abs_diff(key.len()) <= 4 * slips && known.chars().count().abs_diff(length) <= slips
        })
        .map(|known| (strsim::osa_distance(known, key), known.chars().next() != key.chars().next(), *known))
        .filter(|(distance, _, _)| *distance <= slips)
        .min_by_key(|(distance, other_start, _)| (*distance, *other_start))
        .map(|(_, _, known)| known)
}

/// Where a top-level key and its value are written, and each item of an array value.
struct Place {
    key: String,
    key_span: std::ops::Range<usize>,
    value_span: std::ops::Range<usize>,
    items: Option<Vec<std::ops::Range<usize>>>,
}

/// `table` with every TOML date and time in it (at any depth) replaced by its text in TOML's
/// own form (`2026-03-10`, `1979-05-27T07:32:00Z`, whichever way it was written): free-form
/// `[extra]` values go to templates, where a date is a string to print, as in Zola, not the
/// private structure that TOML's deserializer makes of it.
pub fn dates_as_text(table: toml::Table) -> toml::Table {
    fn plain(value: toml::Value) -> toml::Value {
        match value {
            toml::Value::Datetime(when) => toml::Value::String(when.to_string()),
            toml::Value::Array(items) => toml::Value::Array(items.into_iter().map(plain).collect()),
            toml::Value::Table(table) => toml::Value::Table(dates_as_text(table)),
            other => other,
        }
    }
    table.into_iter().map(|(key, value)| (key, plain(value))).collect()
}

/// What a value of one of leverage's keys must look like, for a TOML error on that key's line:
/// the library says what it could not read (`invalid float, expected nothing` for
/// `tokens = 1.2M`), not what to write. `None` for another line, a value over several lines or
/// a line inside a table (`[extra]`), where the library's words stand.
fn key_hint(toml_text: &str, at: Option<std::ops::Range<usize>>) -> Option<String> {
    let (key, value) = key_line(toml_text, at?.start)?;
    let expected = match key {
        "tokens" => "a token count in quotes (`tokens = \"1.2M\"`) or a whole number (`tokens = 1200000`)",
        "date" | "updated" => "a date like `date = 2026-02-28`",
        "tags" => "a list of names in quotes (`tags = [\"parser\", \"ci\"]`)",
        "aliases" => "a list of old URLs in quotes (`aliases = [\"/old/\"]`)",
        "title" | "summary" | "slug" => "text in quotes",
        "draft" => "`true` or `false`",
        "image" => "a path or URL of a picture in quotes (`image = \"cover.png\"`)",
        _ => return None,
    };
    // Typographic quotes (a word processor's, or a keyboard's for French or German) are no
    // quotes to TOML: the straight ones are.
    let curly =
        ['\u{201C}', '\u{201D}', '\u{201E}', '\u{00AB}', '\u{00BB}', '\u{2018}', '\u{2019}', '\u{201A}'];
    let suggestion = match key {
        "date" | "updated" => date_written_otherwise(value.trim_matches('"'))
            .map(|date| format!("; did you mean `{key} = {date}`?"))
            .unwrap_or_default(),
        // Text only: a flag or a list in quotes would still be wrong. One quote off each end,
        // those inside kept (`“Say “hi””` is `"Say “hi”"`).
        "title" | "summary" | "slug" if value.starts_with(curly) && value.ends_with(curly) => {
            let mut text = value.chars();
            text.next();
            text.next_back();
            format!(
                "; TOML's quotes are straight: did you mean `{key} = \"{}\"`?",
                crate::clip(text.as_str().trim())
            )
        }
        _ => String::new(),
    };
    Some(format!("expected {expected} for `{key}`, found `{value}`{suggestion}"))
}

/// What is said of a key or table written twice, at `span` of a TOML text (front matter's or
/// site.toml's), where the library says only "duplicate key": the key, or the table's header as
/// written on its line (the library's span names only its last part: `sub` of `[extra.sub]`),
/// and what to do. `None` for an empty span.
pub fn twice(toml_text: &str, span: std::ops::Range<usize>) -> Option<String> {
    let key = toml_text.get(span.clone()).map(str::trim).filter(|k| !k.is_empty())?;
    let line_start = toml_text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line = toml_text[line_start..].lines().next().unwrap_or_default().trim();
    let clip = crate::diagnostic::clip;
    Some(match line.find(']').filter(|_| line.starts_with('[')) {
        Some(end) if line.starts_with("[[") => {
            let name = clip(line[2..end].trim());
            format!(
                "`[[{name}]]` repeats a list of tables, but `{name}` was written before as a value or a `[{name}]` \
                 table: expected one of the two"
            )
        }
        Some(end) => format!(
            "`[{}]` names a table or a key written before: expected each table once, with all its keys under it",
            clip(line[1..end].trim())
        ),
        None => format!("`{}` is given twice: each key is written once", clip(key)),
    })
}

/// The top-level key whose `key = value` line holds byte `at` of a TOML text, with the value as
/// written on that line (a comment after it left out); `None` below a `[table]` line, or on a
/// line of no key. For messages that name what a key takes: front matter's, and site.toml's.
pub fn key_line(toml_text: &str, at: usize) -> Option<(&str, &str)> {
    let at = toml_text.floor_char_boundary(at.min(toml_text.len()));
    let line_start = toml_text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = toml_text[at..].find('\n').map_or(toml_text.len(), |i| at + i);
    if toml_text[..line_start].lines().any(|line| line.trim_start().starts_with('[')) {
        return None;
    }
    let (key, value) = toml_text[line_start..line_end].split_once('=')?;
    let value = value.split(" #").next().unwrap_or(value);
    Some((key.trim().trim_matches('"'), value.trim()))
}

fn read_date(value: &toml::Value, span: Span) -> Result<Cell<NaiveDate>, ContentError> {
    // A TOML date is made a date directly, not written out and read back (a `format!` for every
    // record); one chrono refuses takes the written way, to its error.
    if let toml::Value::Datetime(dt) = value
        && let Some(d) = dt.date
        && let Some(date) = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    {
        return Ok(Cell { value: date, span });
    }
    let text = match value {
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            None => dt.to_string(),
        },
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // A date and time written as text is its day, as written (`2026-03-01 21:30:00 +0100`, as
    // Jekyll writes a post's date; `"2026-03-01T10:00:00Z"`, as Hugo's archetypes quote it).
    let day = text.trim();
    let (day, time) = match day.as_bytes().get(10) {
        Some(b'T' | b't' | b' ') if day.as_bytes().get(11).is_some_and(u8::is_ascii_digit) => {
            (&day[..10], Some(&day[11..]))
        }
        _ => (day, None),
    };
    // The time after it must be one (`T25:00` is none), though the day alone is kept.
    if let Some(time) = time.filter(|time| !is_time_of_day(time)) {
        let hint = Some(format!("`{time}` is no time of day: expected hours 00-23 and minutes 00-59"));
        return Err(ContentError::BadDate { found: text.clone(), hint, span });
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map(|value| Cell { value, span }).map_err(|_| {
        let hint = date_written_otherwise(&text).map(|date| format!("did you mean `{date}`?"));
        ContentError::BadDate { found: text, hint, span }
    })
}

/// Whether what follows a date is no impossible clock time: `21:30`, `21:30:00` and anything
/// after it (a zone, `America/New_York`, `[Europe/Paris]`), or words that are no clock (`9am`,
/// left as they were read); only hours and minutes written as a clock's, `25:00`, `10:75`, are
/// none.
fn is_time_of_day(text: &str) -> bool {
    let clock: Vec<&str> = text.splitn(3, ':').take(2).collect();
    let digits = |part: &str| -> Option<u32> {
        let number = &part[..part.find(|c: char| !c.is_ascii_digit()).unwrap_or(part.len())];
        (!number.is_empty() && number.len() <= 2).then(|| number.parse().ok())?
    };
    match clock[..] {
        [hours, minutes] if hours.bytes().all(|b| b.is_ascii_digit()) => {
            match (digits(hours), digits(minutes)) {
                (Some(h), Some(m)) => h < 24 && m < 60,
                _ => true,
            }
        }
        _ => true,
    }
}

/// The day a date written in another common form means, as `YYYY-MM-DD`: `01.03.2026` (day
/// first, as dots are written in Europe), `2026/03/01` or `2026.3.1` (`2026-3-1` reads as a
/// date already). `None` for
/// other texts, for days the calendar lacks, and for `01/03/2026`, which is the 1st of March in
/// one country and January 3rd in another.
fn date_written_otherwise(text: &str) -> Option<String> {
    let text = text.trim();
    // As a date is said (`November 1, 2026`, `1 November 2026`, `Nov 1 2026`).
    if let Some(date) = crate::date_text::said_date(text, true) {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    let separator = text.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts[..] else { return None };
    let number = |part: &str| -> Option<u32> {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 && separator == '.' {
        (number(c)?, number(b)?, number(a)?)
    } else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(date.format("%Y-%m-%d").to_string())
}

fn read_tokens(value: &toml::Value, span: Span) -> Result<Cell<math::Tokens>, ContentError> {
    let bad = |found: String| ContentError::BadTokens { found, hint: None, span };
    let tokens = match value {
        toml::Value::Integer(n) => {
            u64::try_from(*n).map(math::Tokens::exact).map_err(|_| bad(n.to_string()))?
        }
        toml::Value::String(s) => crate::tokens::parse(s, span)?.ok_or_else(|| bad(s.clone()))?,
        other => return Err(bad(other.to_string())),
    };
    Ok(Cell { value: tokens, span })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const F: FileId = FileId(0);

    /// All that `parse` finds in `text`'s front matter: its values and its mistakes.
    fn read(text: &str) -> Result<(FrontMatter, Vec<ContentError>), ContentError> {
        let range = split(text, F).expect("closed").front.expect("present");
        parse(text, range, F).map(|p| (p.front_matter, p.errors))
    }

    /// The first mistake in `text`'s front matter.
    fn first_error(text: &str) -> ContentError {
        match read(text) {
            Err(e) => e,
            Ok((_, errors)) => errors.into_iter().next().expect("a mistake"),
        }
    }

    /// The front matter of `text`, which has no mistake.
    fn valid(text: &str) -> FrontMatter {
        let (fm, errors) = read(text).expect("TOML");
        assert_eq!(errors, []);
        fm
    }

    #[test]
    fn splits_toml_between_fences() {
        let text = "+++\ntitle = \"a\"\n+++\nbody\n";
        let split = split(text, F).expect("closed");
        assert_eq!(&text[split.front.expect("present")], "title = \"a\"\n");
        assert_eq!(&text[split.body_start..], "body\n");
    }

    #[test]
    fn accepts_crlf_line_endings() {
        let text = "+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n";
        let split = split(text, F).expect("closed");
        assert_eq!(&text[split.body_start..], "body\r\n");
    }

    #[test]
    fn white_space_before_the_fence_is_passed_over() {
        for lead in ["\n", "\r\n\n", " ", "\u{a0}", "\u{feff}", "\n \t\n"] {
            let text = format!("{lead}+++\ntitle = \"a\"\n+++\nbody\n");
            let split = split(&text, F).expect("closed");
            assert_eq!(&text[split.front.expect("present")], "title = \"a\"\n", "{lead:?}");
            assert_eq!(&text[split.body_start..], "body\n", "{lead:?}");
        }
        let text = "\n\n---\ntitle: a\n---\nbody\n";
        let split_yaml = split(text, F).expect("YAML");
        assert!(split_yaml.yaml);
        assert_eq!(&text[split_yaml.front.expect("present")], "title: a\n");
        assert_eq!(&text[split_yaml.body_start..], "body\n");
        let err = split("  +++\ntitle = 1\n", F).expect_err("unclosed");
        assert_eq!(err.span().range(), 2..5);
        // A rule that opens a body after a blank line is no front matter.
        assert_eq!(split("\n---\n\nText.\n", F), Ok(Split { front: None, yaml: false, body_start: 0 }));
        // Text before the fence makes it body text, as it always was.
        assert_eq!(
            split("Hi\n+++\ntitle = 1\n+++\n", F),
            Ok(Split { front: None, yaml: false, body_start: 0 })
        );
    }

    #[test]
    fn a_blank_title_is_an_error_at_its_value() {
        for title in ["\"\"", "\"   \"", "'\t'"] {
            let err = first_error(&format!("+++\ntitle = {title}\n+++\n"));
            assert!(err.to_string().starts_with("invalid front matter: expected a title"), "{err}");
            assert_eq!(err.span().range(), 12..12 + title.len());
        }
    }

    #[test]
    fn a_control_character_from_an_escape_is_an_error_at_its_value() {
        let text = "+++\ntitle = \"Ported C:\\build\"\ntags = [\"ok\", \"bell\\u0007\"]\n+++\n";
        let (_, errors) = read(text).expect("parsed");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("for `title`, found `\\b`, which in double quotes is a control"),
            "{messages:?}"
        );
        assert!(messages[0].contains("('C:\\build')"), "{messages:?}");
        assert_eq!(&text[errors[0].span().range()], "\"Ported C:\\build\"");
        assert!(messages[1].ends_with("for `tags`, found the control character U+0007"), "{messages:?}");
        assert_eq!(&text[errors[1].span().range()], "\"bell\\u0007\"");
        // Tabs and line breaks are white space, and single quotes keep a backslash.
        valid("+++\ntitle = 'C:\\build'\nsummary = \"\"\"a\tb\r\nc\"\"\"\n+++\n");
    }

    #[test]
    fn c1_controls_and_noncharacters_are_as_unshowable_as_ascii_controls() {
        let text =
            "+++\ntitle = \"Next \\u0085line\"\ntags = [\"x\\uFFFE\", \"y\\uFDD0\", \"z\\U0010FFFF\"]\n+++\n";
        let (_, errors) = read(text).expect("parsed");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].ends_with("for `title`, found the control character U+0085"), "{messages:?}");
        assert!(messages[1].ends_with("for `tags`, found U+FFFE, which is no character"), "{messages:?}");
        assert!(messages[2].ends_with("found U+FDD0, which is no character"), "{messages:?}");
        assert!(messages[3].ends_with("found U+10FFFF, which is no character"), "{messages:?}");
        for c in ['\u{7f}', '\u{80}', '\u{9f}', '\u{fdef}', '\u{ffff}', '\u{1fffe}'] {
            assert!(is_unshowable(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', ' ', '\u{a0}', 'é', '·', '\u{fdcf}', '\u{fdf0}', '\u{fffd}', '\u{1f600}']
        {
            assert!(!is_unshowable(c), "{c:?}");
        }
        assert_eq!(showable("a\u{1}b\u{85}c\u{fffe}d · é 😀".to_string()), "abcd · é 😀");
    }

    #[test]
    fn a_tab_or_line_break_in_a_name_is_warned_about_at_its_value() {
        let text = "+++\ntitle = \"Moved C:\\temp\"\ntags = [\"ok\", \"a\\nb\", \"tab\tbed\"]\n+++\n";
        let range = split(text, F).expect("closed").front.expect("present");
        let parsed = parse(text, range, F).expect("parsed");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let said: Vec<(&str, &str)> =
            parsed.warnings.iter().map(|w| (&text[w.span.range()], w.message.as_str())).collect();
        assert_eq!(
            said,
            [
                (
                    "\"Moved C:\\temp\"",
                    "expected `title` on one line, found a tab, which shows as a space: in double quotes `\\t` \
                     is a tab; write `\\\\` for a backslash, or put the text in single quotes ('Moved C:\\temp')"
                ),
                (
                    "\"a\\nb\"",
                    "expected `tags` on one line, found a line break, which shows as a space: in double quotes \
                     `\\n` is a line break; write `\\\\` for a backslash, or put the text in single quotes ('a\\nb')"
                ),
                ("\"tab\tbed\"", "expected `tags` on one line, found a tab, which shows as a space"),
            ]
        );
        // A blank tag is an error, and nothing more is said of it.
        let text = "+++\ntags = [\"\\t\"]\n+++\n";
        let range = split(text, F).expect("closed").front.expect("present");
        let parsed = parse(text, range, F).expect("parsed");
        assert_eq!((parsed.errors.len(), parsed.warnings.len()), (1, 0), "{:?}", parsed.warnings);
        // A summary may run over lines, and single quotes keep a backslash.
        let text = "+++\ntitle = 'C:\\temp'\nsummary = \"\"\"one\ntwo\"\"\"\n+++\n";
        let range = split(text, F).expect("closed").front.expect("present");
        assert!(parse(text, range, F).expect("parsed").warnings.is_empty());
    }

    /// An override of direction in a title or a tag (`Invoice \u{202E}fdp.exe`, read as
    /// "Invoice exe.pdf") is warned of at its value; right-to-left text itself is not.
    #[test]
    fn a_control_of_direction_in_a_name_is_warned_about() {
        let text = "+++\ntitle = \"Invoice \\u202Efdp.exe\"\ntags = [\"مهام\", \"a\\u2066b\"]\nsummary = \"ok\"\n+++\n";
        let range = split(text, F).expect("closed").front.expect("present");
        let parsed = parse(text, range, F).expect("parsed");
        let said: Vec<&str> = parsed.warnings.iter().map(|w| &text[w.span.range()]).collect();
        assert_eq!(said, ["\"Invoice \\u202Efdp.exe\"", "\"a\\u2066b\""], "{:?}", parsed.warnings);
        assert!(
            parsed.warnings[0].message.starts_with("`title` holds U+202E, an invisible control of direction")
        );
    }

    #[test]
    fn a_file_without_fences_is_all_body() {
        assert_eq!(split("# Hi\n", F), Ok(Split { front: None, yaml: false, body_start: 0 }));
    }

    #[test]
    fn refuses_unclosed_front_matter() {
        assert!(matches!(split("+++\ntitle = 1\n", F), Err(ContentError::UnclosedFrontMatter { .. })));
    }

    /// A closing fence of the wrong length is said at its line, not at the opening one.
    #[test]
    fn a_closing_fence_of_the_wrong_length_is_said_at_its_line() {
        for (text, found) in [("+++\ntitle = 1\n++\nBody.\n", "++"), ("---\ntitle: a\n----\n", "----")] {
            let err = split(text, F).expect_err(text);
            let ContentError::Other { message, span } = &err else { panic!("{err:?}") };
            assert_eq!(&text[span.start as usize..span.end as usize], found, "{text:?}");
            assert!(
                message.ends_with(&format!("this line, `{found}`, looks meant to close it")),
                "{message}"
            );
        }
    }

    #[test]
    fn refuses_unclosed_yaml_front_matter_at_the_start() {
        let err = split("---\ntitle: a\n", F).expect_err("unclosed");
        assert_eq!(err.to_string(), "front matter opened with `---` is never closed: expected a line `---`");
    }

    /// A fence of one `+` too many (or an editor's dash for `---`) published the front matter as
    /// the page's text, and a draft with it: said at the fence; a rule over prose is the body's.
    #[test]
    fn refuses_a_mistyped_fence_before_front_matter() {
        for (text, found, expected) in [
            ("++++\ntitle = \"Big day\"\ndraft = true\n++++\n", "++++", "+++"),
            ("++\ndraft = true\n++\n", "++", "+++"),
            ("+++toml\ntitle = \"x\"\n+++\n", "+++toml", "+++"),
            ("----\ntitle: x\n----\n", "----", "---"),
            ("\u{2014}\ntitle: x\n\u{2014}\n", "\u{2014}", "---"),
            ("\n\n++++  \n\ntags = [\"a\"]\n+++\n", "++++", "+++"),
        ] {
            let err = split(text, F).expect_err(text);
            let ContentError::Other { message, span } = &err else { panic!("{err:?}") };
            assert!(
                message.starts_with(&format!(
                    "front matter opens with a line `{expected}` alone, found `{found}`"
                )),
                "{message}"
            );
            assert_eq!(&text[span.start as usize..span.end as usize], found);
        }
        for body in [
            "----\n\nIntro: the day went well.\n",
            "++\n",
            "----\ntitle\n",
            "—\nNote: x\n",
            "----\nurl: https://example.org/ is where it runs.\n\nMore prose.\n",
            "—\nsummary: we shipped\n",
        ] {
            assert_eq!(split(body, F).map(|s| s.front), Ok(None), "{body:?}");
        }
    }

    /// Front matter whose first fence was left out was the page's text, a draft published with
    /// its `draft = true` on show; prose that reads `Note: x` before a rule is no front matter.
    #[test]
    fn refuses_front_matter_that_was_never_opened() {
        for (text, fence, line) in [
            ("title = \"Secret\"\ndraft = true\n+++\n\nIntro.\n", "+++", 2),
            ("\n  draft = true\n+++\n", "+++", 2),
            ("title: Secret\ndraft: true\n---\n\nIntro.\n", "---", 2),
            ("description = \"x\"\npublished = false\n+++\n", "+++", 2),
        ] {
            let err = split(text, F).expect_err(text);
            let ContentError::Other { message, span } = &err else { panic!("{err:?}") };
            assert!(
                message.starts_with(&format!("front matter closed with `{fence}` was never opened")),
                "{message}"
            );
            assert_eq!(text[..span.start as usize].matches('\n').count(), line, "{text:?}");
        }
        for text in [
            "Note: this is prose\n---\n\nIntro.\n",
            "title = \"x\"\n\n+++\n",
            "# Heading\ntitle = 1\n+++\n",
            "title: x\n+++\n",
            // No draft among them: a note's own lines over a rule.
            "tags: #rust #cli\n---\n\nText.\n",
            "summary: a day of parsers\n---\n",
            "date:: 2026-03-01\ndraft:: true\n---\n",
            "title = \"x\"\n+++\n",
        ] {
            assert!(split(text, F).is_ok_and(|s| s.front.is_none()), "{text:?}");
        }
    }

    /// All that `parse_yaml` finds in `text`'s front matter.
    fn read_yaml(text: &str) -> Result<(FrontMatter, Vec<ContentError>), ContentError> {
        let split = split(text, F).expect("closed");
        assert!(split.yaml, "YAML fences");
        parse_front(text, &split, F).map(|p| (p.front_matter, p.errors))
    }

    /// YAML front matter, as Hugo, Jekyll, Zola and Obsidian write it, reads as TOML's does:
    /// a plain date is a date, lists either way, quotes where wanted, `extra` a table.
    #[test]
    fn reads_yaml_front_matter() {
        let text = "---\ntitle: \"Day 3: parsers\"\ndate: 2026-02-28\nupdated: 2026-03-01T10:00:00+01:00\n\
                    tags:\n  - rust\n  - 2026  # a year, as text\naliases: [/old/, '/older/']\ndraft: false\n\
                    tokens: 1.2M\nsummary: >\n  Folded\n  text.\nextra:\n  toc: true\n  mood: ~\n  since: 2025-01-01\n\
                    image:\n---\nBody.\n";
        let (fm, errors) = read_yaml(text).expect("YAML");
        assert_eq!(errors, []);
        assert_eq!(fm.title.as_ref().map(|t| t.value.as_str()), Some("Day 3: parsers"));
        assert_eq!(fm.title.as_ref().map(|t| &text[t.span.range()]), Some("\"Day 3: parsers\""));
        assert_eq!(fm.date.map(|d| d.value.to_string()).as_deref(), Some("2026-02-28"));
        assert_eq!(fm.updated.map(|d| d.value.to_string()).as_deref(), Some("2026-03-01"));
        let tags: Vec<(&str, &str)> =
            fm.tags.iter().map(|t| (t.value.as_str(), &text[t.span.range()])).collect();
        assert_eq!(tags, [("rust", "rust"), ("2026", "2026")]);
        let aliases: Vec<&str> = fm.aliases.iter().map(|t| &text[t.span.range()]).collect();
        assert_eq!(aliases, ["/old/", "'/older/'"]);
        assert!(!fm.draft);
        assert_eq!(fm.tokens.map(|t| t.value.count), Some(1_200_000));
        assert_eq!(fm.summary.map(|s| s.value).as_deref(), Some("Folded text.\n"));
        // A null is a key left out, in `extra` too; a date there is text, as in TOML's.
        assert_eq!(fm.image, None);
        assert_eq!(fm.extra.get("toc"), Some(&toml::Value::Boolean(true)));
        assert_eq!(fm.extra.get("mood"), None);
        assert_eq!(fm.extra.get("since"), Some(&toml::Value::String("2025-01-01".to_string())));
        // Nothing between the fences, or only a comment: no key.
        assert_eq!(read_yaml("---\n---\nBody.\n").expect("empty"), (FrontMatter::default(), Vec::new()));
        assert_eq!(read_yaml("---\n# none\n---\n").expect("a comment"), (FrontMatter::default(), Vec::new()));
    }

    /// What Jekyll, Hugo and Obsidian write reads: a date and time as text is its day, YAML
    /// 1.1's `yes` and `no`, a `#` inside quotes (no comment), a quoted key with escapes, and
    /// lines ended by a lone CR.
    #[test]
    fn yaml_as_other_tools_write_it() {
        let text = "---\ndate: 2026-03-01 21:30:00 +0100\nupdated: \"2026-03-02T10:00:00Z\"\ndraft: no\n\
                    title: \"Fixes #12\"  # the issue\nsummary: 'it''s #1'\nextra:\n  toc: yes\n---\n";
        let (fm, errors) = read_yaml(text).expect("YAML");
        assert_eq!(errors, []);
        assert_eq!(fm.date.map(|d| d.value.to_string()).as_deref(), Some("2026-03-01"));
        assert_eq!(fm.updated.map(|d| d.value.to_string()).as_deref(), Some("2026-03-02"));
        assert!(!fm.draft);
        assert_eq!(fm.title.as_ref().map(|t| &text[t.span.range()]), Some("\"Fixes #12\""));
        assert_eq!(
            fm.summary.as_ref().map(|t| (t.value.as_str(), &text[t.span.range()])),
            Some(("it's #1", "'it''s #1'"))
        );
        assert_eq!(fm.extra.get("toc"), Some(&toml::Value::Boolean(true)));
        // TOML's quoted date and time is its day too.
        assert_eq!(
            valid("+++\ndate = \"2026-03-01T10:00:00Z\"\n+++\n").date.map(|d| d.value.to_string()).as_deref(),
            Some("2026-03-01")
        );
        // A quoted key's span runs to its closing quote, escapes and all.
        let text = "---\n\"ti\\\"tle\": x\n---\n";
        let err = read_yaml(text).expect("YAML").1.into_iter().next().expect("unknown");
        assert_eq!(&text[err.span().range()], "\"ti\\\"tle\"");
        // A lone CR ends a line for YAML, and for the places said.
        let text = "---\r\ntitle: a\rdraft: maybe\r\n---\r\n";
        let err = read_yaml(text).expect("YAML").1.into_iter().next().expect("draft");
        assert_eq!(&text[err.span().range()], "maybe");
        // Each of many items on one line is found where it is.
        let items: Vec<String> = (0..2000).map(|i| format!("t{i}")).collect();
        let text = format!("---\ntags: [{}, é]\n---\n", items.join(", "));
        let (fm, errors) = read_yaml(&text).expect("YAML");
        assert_eq!(errors, []);
        assert!(fm.tags.iter().all(|t| text[t.span.range()] == t.value), "every tag's span is its text");
        // A NUL, after which YAML reads nothing, and a key given twice in `extra`, are refused.
        assert!(read_yaml("---\ntitle: a\0\ntittle: b\n---\n").expect_err("NUL").to_string().contains("NUL"));
        let err = read_yaml("---\nextra:\n  a: 1\n  a: 2\n---\n").expect_err("twice");
        assert!(err.to_string().contains("`a` is given twice"), "{err}");
    }

    /// A mistake in YAML front matter is said at its place, as in TOML's: an unknown key at the
    /// key, a value of the wrong kind at the value, in the YAML's own forms; YAML that does not
    /// read, at the line, with the usual slip named.
    #[test]
    fn yaml_mistakes_are_said_at_their_place() {
        let text = "---\ntitle: A\ntittle: B\ndraft: maybe\ntags: {a: 1}\ndate: 01.03.2026\n---\n";
        let (_, errors) = read_yaml(text).expect("YAML");
        let said: Vec<(String, &str)> =
            errors.iter().map(|e| (e.to_string(), &text[e.span().range()])).collect();
        assert_eq!(said.len(), 4, "{said:?}");
        assert!(
            said[0].0.starts_with("unknown front matter key `tittle`") && said[0].1 == "tittle",
            "{said:?}"
        );
        assert_eq!(
            said[1],
            (
                "invalid front matter: expected `true` or `false` for `draft`, found `maybe`".to_string(),
                "maybe"
            )
        );
        assert_eq!(
            said[2].0,
            "invalid front matter: expected a list of names (`tags: [parser, ci]`) for `tags`, found `{a: 1}`"
        );
        assert!(said[3].0.contains("did you mean `2026-03-01`?") && said[3].1 == "01.03.2026", "{said:?}");
        let text = "---\ntitle: Day 3: parsers\n---\n";
        let err = read_yaml(text).expect_err("does not read");
        assert!(err.to_string().contains("put the value in quotes (`title: \"Day 3: parsers\"`)"), "{err}");
        assert_eq!(text[..err.span().start as usize].matches('\n').count(), 1, "on the title's line");
        let err = read_yaml("---\ntitle: a\ntitle: b\n---\n").expect_err("twice");
        assert_eq!(err.to_string(), "invalid front matter: duplicate key: `title` is given twice");
        let err = read_yaml("---\n- a\n- b\n---\n").expect_err("a list");
        assert!(err.to_string().contains("expected `key: value` lines"), "{err}");
        let deep = format!("---\nextra: {}1{}\n---\n", "[".repeat(100), "]".repeat(100));
        assert!(read_yaml(&deep).expect_err("too deep").to_string().contains("nested more than"));
        let err = read_yaml("---\nextra: &a 1\ntitle: *a\n---\n").expect_err("an alias");
        assert!(err.to_string().contains("an alias (`*name`) is not read here"), "{err}");
    }

    #[test]
    fn unknown_key_names_the_key_at_its_place() {
        let text = "+++\ntitle = \"a\"\ntittle = \"b\"\n+++\n";
        let err = first_error(text);
        assert!(err.to_string().starts_with("unknown front matter key `tittle`"), "{err}");
        assert_eq!(err.span().range(), 16..22);
    }

    /// Zola's `lang` and Hugo's `languageCode` on a page: the site has one language, said where.
    #[test]
    fn a_page_s_language_is_pointed_at_the_site_s() {
        for key in ["lang", "languageCode", "locale"] {
            let err = first_error(&format!("+++\n{key} = \"de\"\n+++\n"));
            assert!(
                err.to_string().contains(&format!("a page has no language of its own (`{key}`)"))
                    && err.to_string().contains("set by `language` in site.toml"),
                "{err}"
            );
            assert_eq!(err.span().range(), 4..4 + key.len());
        }
    }

    #[test]
    fn another_generator_s_name_for_a_key_is_pointed_at_ours() {
        for (key, ours) in [
            ("description", "summary"),
            ("categories", "tags"),
            ("keywords", "tags"),
            ("alias", "aliases"),
            ("toc", "[extra] toc"),
        ] {
            let err = first_error(&format!("+++\n{key} = \"x\"\n+++\n"));
            assert!(err.to_string().ends_with(&format!("; did you mean `{ours}`?")), "{key}: {err}");
        }
    }

    /// Jekyll's `published` is the opposite of `draft`: the hint turns its value over.
    #[test]
    fn jekyll_s_published_is_answered_by_its_value() {
        for (value, hint) in [
            ("false", "; did you mean `draft = true`?"),
            ("true", "; expected this line removed"),
            ("\"no\"", "; `draft = true` holds a page back (`published = false`)"),
        ] {
            let err = first_error(&format!("+++\npublished = {value}\n+++\n"));
            let message = err.to_string();
            assert!(
                message.contains("unknown front matter key `published`") && message.ends_with(hint),
                "{message}"
            );
            assert_eq!(err.span().range(), 4..13);
        }
    }

    #[test]
    fn every_mistake_is_found_in_one_run_in_line_order() {
        let text = "+++\ntittle = \"x\"\ndraft = \"yes\"\ntag = [\"a\"]\nsumary = \"s\"\ndate = \"soon\"\ntags = [\"ok\", 3]\nslug = \"kept\"\nfrobnicate = 1\n+++\n";
        let (fm, errors) = read(text).expect("TOML");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let lines: Vec<usize> =
            errors.iter().map(|e| text[..e.span().start as usize].matches('\n').count() + 1).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 9], "{messages:#?}");
        assert!(messages[0].ends_with("; did you mean `title`?"), "{}", messages[0]);
        assert_eq!(
            messages[1],
            "invalid front matter: expected `true` or `false` for `draft`, found `\"yes\"`"
        );
        assert!(messages[2].ends_with("; did you mean `tags`?"), "{}", messages[2]);
        assert!(messages[3].ends_with("; did you mean `summary`?"), "{}", messages[3]);
        assert_eq!(messages[4], "expected a date like `2026-02-28`, found `soon`");
        assert!(messages[5].contains("a list of names in quotes"), "{}", messages[5]);
        assert!(
            messages[6].starts_with("unknown front matter key `frobnicate`")
                && messages[6].ends_with(
                    "; a key of your own goes below `[extra]`, at the end, where a theme reads it as `extra.frobnicate`"
                ),
            "{}",
            messages[6]
        );
        // Zola's taxonomies are tags; a key that is no name is read with brackets.
        let (_, errors) = read("+++\n[taxonomies]\ntags = [\"a\"]\n+++\n").expect("TOML");
        assert!(
            errors[0].to_string().ends_with("; a page's tags are `tags = [\"a\"]` at the top"),
            "{}",
            errors[0]
        );
        // Hugo's address and day of publishing: an alias keeps the old address (a slug would
        // move the page below /records/), and the day is `date`.
        let (_, errors) =
            read("+++\nurl = \"/2026/11/30/x/\"\npublishDate = 2026-11-30\n+++\n").expect("TOML");
        assert!(
            errors[0].to_string().contains("`aliases = [\"/2026/11/30/my-day/\"]` keeps an old one"),
            "{}",
            errors[0]
        );
        assert!(errors[1].to_string().ends_with("; a page's day is `date = 2026-11-30`"), "{}", errors[1]);
        let (_, errors) = read_yaml("---\n\"my key\": 1\n---\n").expect("YAML");
        assert!(errors[0].to_string().ends_with("reads it as `extra[\"my key\"]`"), "{}", errors[0]);
        // An Obsidian template's key, in YAML: where it goes in YAML.
        let (_, errors) = read_yaml(
            "---
title: Day
created: 2026-03-10T09:12
---
",
        )
        .expect("YAML");
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "unknown front matter key `created`: expected one of `title`, `date`, `updated`, `tags`, `summary`, \
              `draft`, `slug`, `aliases`, `image`, `tokens`, `extra`; a key of your own goes indented below \
              `extra:`, where a theme reads it as `extra.created`"
            ]
        );
        // What could be read is kept.
        assert_eq!(fm.slug.map(|c| c.value).as_deref(), Some("kept"));
        assert!(!fm.draft && fm.title.is_none() && fm.date.is_none());
    }

    #[test]
    fn leverages_keys_below_extra_are_warned_about() {
        let text = "+++\ntitle = \"T\"\n[extra]\nmood = \"ok\"\ntags = [\"x\"]\ndate = 2026-01-01\n+++\n";
        let range = split(text, F).expect("closed").front.expect("present");
        let parsed = parse(text, range, F).expect("TOML");
        assert_eq!(parsed.errors, []);
        let keys: Vec<&str> = parsed.warnings.iter().map(|w| &text[w.span.range()]).collect();
        assert_eq!(keys, ["tags", "date"]);
        assert!(parsed.warnings[0].message.starts_with("`tags` inside `extra` is handed to the theme"));
        assert!(parsed.front_matter.tags.is_empty() && parsed.front_matter.extra.contains_key("tags"));
    }

    #[test]
    fn the_nearest_key_is_suggested_and_short_keys_take_one_slip() {
        for (typo, expected) in [
            ("tage", Some("tags")),
            ("dags", Some("tags")),
            ("tittle", Some("title")),
            ("summmaryy", Some("summary")),
            ("published", None),
        ] {
            assert_eq!(nearest_key(typo), expected, "{typo}");
        }
        for unrelated in ["name", "path", "day", "note", "state", "time"] {
            assert_eq!(nearest_key(unrelated), None, "{unrelated}");
        }
    }

    #[test]
    fn a_slip_is_a_slip_of_characters_and_no_name_is_too_long_to_compare() {
        // Characters, not bytes: `ü` for `u` is one slip.
        assert_eq!(nearest_name("über-uns", &["uber-uns", "ueber"]), Some("uber-uns"));
        assert_eq!(nearest_name("résumé-notes", &["resume-notes"]), Some("resume-notes"));
        // Names whose lengths differ by more than the slips allowed are not near.
        assert_eq!(nearest_name("analysis", &["analysis-of-the-day", "an"]), None);
        let long = "a".repeat(NEAREST_LONGEST);
        assert_eq!(nearest_name(&format!("{long}b"), &[long.as_str()]), None, "longer than any typed name");
        assert_eq!(nearest_name(&long[1..], &[long.as_str()]), Some(long.as_str()));
    }

    #[test]
    fn every_blank_tag_is_an_error() {
        let (_, errors) = read("+++\ntags = [\"\", \"ok\", \" \"]\n+++\n").expect("TOML");
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn dates_in_extra_are_text() {
        let text = "+++\n[extra]\nwhen = 2026-03-10\nat = 1979-05-27T07:32:00Z\nlist = [2026-01-01]\n[extra.deep]\nday = 2026-02-28\n+++\n";
        let fm = valid(text);
        let text_of = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
        assert_eq!(text_of(fm.extra.get("when")), Some("2026-03-10".into()));
        assert_eq!(text_of(fm.extra.get("at")), Some("1979-05-27T07:32:00Z".into()));
        assert_eq!(text_of(fm.extra["list"].as_array().and_then(|a| a.first())), Some("2026-01-01".into()));
        assert_eq!(text_of(fm.extra["deep"].get("day")), Some("2026-02-28".into()));
    }

    #[test]
    fn reads_every_key() {
        let text = "+++\ntitle = \"T\"\ndate = 2026-02-28\ntags = [\"a\", \"b\"]\nsummary = \"S\"\ndraft = true\nslug = \"s\"\ntokens = \"~595,000\"\n[extra]\nmood = \"good\"\n+++\n";
        let fm = valid(text);
        assert_eq!(fm.title.map(|c| c.value), Some("T".to_string()));
        assert_eq!(fm.date.map(|c| c.value), NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(fm.tags.len(), 2);
        assert!(fm.draft);
        assert_eq!(fm.tokens.map(|c| c.value), Some(math::Tokens::approx(595_000)));
        assert_eq!(fm.extra.get("mood").and_then(|v| v.as_str()), Some("good"));
    }

    #[test]
    fn integer_tokens_are_exact() {
        let text = "+++\ntokens = 867500\n+++\n";
        let fm = valid(text);
        assert_eq!(fm.tokens.map(|c| c.value), Some(math::Tokens::exact(867_500)));
    }

    #[test]
    fn dates_are_read_however_they_are_written() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 28);
        for line in [
            "date = 2026-02-28",
            "date = 2026-02-28T10:30:00",
            "date = 2026-02-28T10:30:00+02:00",
            "date = \"2026-02-28\"",
            "date = \" 2026-02-28 \"",
        ] {
            let fm = valid(&format!("+++\n{line}\nupdated = 0999-01-02\n+++\n"));
            assert_eq!(fm.date.map(|c| c.value), day, "{line}");
            assert_eq!(fm.updated.map(|c| c.value), NaiveDate::from_ymd_opt(999, 1, 2), "{line}");
        }
        let err = first_error("+++\ndate = 10:30:00\n+++\n");
        assert!(err.to_string().ends_with("found `10:30:00`"), "a time alone is no date: {err}");
        // Written as text with a time, the time is one too.
        for time in
            ["2026-02-28T21:30", "2026-02-28 21:30:00 +0100", "2026-02-28T10:00:00.5Z", "2026-02-28T23:59:60"]
        {
            let fm = valid(&format!("+++\ndate = \"{time}\"\n+++\n"));
            assert_eq!(fm.date.map(|c| c.value), day, "{time}");
        }
        for time in [
            "2026-02-28 10:00:00 America/New_York",
            "2026-02-28T10:00:00+01:00[Europe/Paris]",
            "2026-02-28 9am",
        ] {
            let fm = valid(&format!("+++\ndate = \"{time}\"\n+++\n"));
            assert_eq!(fm.date.map(|c| c.value), day, "{time}");
        }
        for time in ["2026-02-28T25:00", "2026-02-28T10:75", "2026-02-28 24:00:00 +0100"] {
            let err = first_error(&format!("+++\ndate = \"{time}\"\n+++\n"));
            assert!(err.to_string().contains("is no time of day"), "{time}: {err}");
        }
        // Unquoted, as TOML reads it: what the library says, with what was written and the form.
        let err = first_error("+++\ndate = November 1, 2026\n+++\n");
        assert_eq!(
            err.to_string(),
            "invalid front matter: expected a date like `date = 2026-02-28` for `date`, found `November 1, \
             2026`; did you mean `date = 2026-11-01`?"
        );
        let err = first_error("+++\ndate = 2026-02-30\n+++\n");
        assert_eq!(
            err.to_string(),
            "invalid front matter: invalid date, expected day between 01 and 28: found `date = 2026-02-30`"
        );
    }

    #[test]
    fn bad_date_is_an_error_at_the_value() {
        let text = "+++\ndate = \"next tuesday\"\n+++\n";
        let err = first_error(text);
        assert_eq!(err.to_string(), "expected a date like `2026-02-28`, found `next tuesday`");
        assert_eq!(err.span().range(), 11..25);
        for (written, meant) in [
            ("01.03.2026", Some("2026-03-01")),
            ("1.3.2026", Some("2026-03-01")),
            ("2026/03/01", Some("2026-03-01")),
            ("2026.3.1", Some("2026-03-01")),
            ("01/03/2026", None),
            ("01-03-2026", None),
            ("31.02.2026", None),
            ("1.2.3", None),
            ("２０２６.３.１", None),
            ("November 1, 2026", Some("2026-11-01")),
            ("1 Nov 2026", Some("2026-11-01")),
            ("November 31, 2026", None),
        ] {
            let err = first_error(&format!("+++\ndate = \"{written}\"\n+++\n"));
            let hint = meant.map(|m| format!(": did you mean `{m}`?")).unwrap_or_default();
            assert_eq!(
                err.to_string(),
                format!("expected a date like `2026-02-28`, found `{written}`{hint}")
            );
        }
    }

    #[test]
    fn a_blank_tag_is_an_error_at_the_tag() {
        for text in ["+++\ntags = [\"a\", \"\"]\n+++\n", "+++\ntags = [\"a\", \"  \"]\n+++\n"] {
            let err = first_error(text);
            assert!(
                err.to_string().starts_with("invalid front matter: expected a tag name, found `"),
                "{err}"
            );
            assert_eq!(err.span().start, 17, "{text:?}");
        }
    }

    #[test]
    fn a_slip_in_a_known_key_says_what_to_write() {
        for (line, expected) in [
            (
                "tokens = 1.2M",
                "invalid front matter: expected a token count in quotes (`tokens = \"1.2M\"`) or a whole number \
                 (`tokens = 1200000`) for `tokens`, found `1.2M`",
            ),
            (
                "date = 2026/11/30",
                "invalid front matter: expected a date like `date = 2026-02-28` for `date`, found `2026/11/30`; did you \
                 mean `date = 2026-11-30`?",
            ),
            (
                "date = 01.03.2026",
                "invalid front matter: expected a date like `date = 2026-02-28` for `date`, found `01.03.2026`; did you \
                 mean `date = 2026-03-01`?",
            ),
            (
                "updated = 30.02.2026",
                "invalid front matter: expected a date like `date = 2026-02-28` for `updated`, found `30.02.2026`",
            ),
            (
                "tags = \"parser\"",
                "invalid front matter: expected a list of names in quotes (`tags = [\"parser\", \"ci\"]`) for `tags`, found `\"parser\"`",
            ),
            ("title = Hello", "invalid front matter: expected text in quotes for `title`, found `Hello`"),
            (
                "title = \u{201C}Mein Titel\u{201D}",
                "invalid front matter: expected text in quotes for `title`, found `\u{201C}Mein Titel\u{201D}`; TOML's \
                 quotes are straight: did you mean `title = \"Mein Titel\"`?",
            ),
            (
                "title = \u{201C}Say \u{201C}hi\u{201D}\u{201D}",
                "invalid front matter: expected text in quotes for `title`, found `\u{201C}Say \u{201C}hi\u{201D}\u{201D}`; \
                 TOML's quotes are straight: did you mean `title = \"Say \u{201C}hi\u{201D}\"`?",
            ),
            (
                "draft = \u{201C}true\u{201D}",
                "invalid front matter: expected `true` or `false` for `draft`, found `\u{201C}true\u{201D}`",
            ),
            (
                "summary = \u{AB} Un jour \u{BB}",
                "invalid front matter: expected text in quotes for `summary`, found `\u{AB} Un jour \u{BB}`; TOML's \
                 quotes are straight: did you mean `summary = \"Un jour\"`?",
            ),
            ("draft = yes", "invalid front matter: expected `true` or `false` for `draft`, found `yes`"),
        ] {
            let text = format!("+++\n{line}\n+++\n");
            let err = first_error(&text);
            assert_eq!(err.to_string(), expected, "{line}");
            assert!((4..4 + line.len()).contains(&(err.span().start as usize)), "{line}: on its line");
        }
        // Other slips are said in the library's words, which name them; a repeated key and a
        // number too large are said again, naming the key and the number.
        for (lines, expected) in [
            ("title = \"Fix C:\\Users path\"", "invalid front matter: too few unicode value digits"),
            (
                "title = \"A\"\ntitle = \"B\"",
                "invalid front matter: `title` is given twice: each key is written once",
            ),
            (
                "[extra.links]\na = 1\n[extra.links]\nb = 2",
                "invalid front matter: `[extra.links]` names a table or a key written before: expected each table \
                 once, with all its keys under it",
            ),
            (
                "tokens = 9223372036854775808",
                "invalid front matter: `9223372036854775808` is larger than the largest whole number TOML holds \
                 (9223372036854775807)",
            ),
            (
                "tokens = 99999999999999999999",
                "invalid front matter: `99999999999999999999` is larger than the largest whole number TOML holds \
                 (9223372036854775807)",
            ),
            (
                "tokens = -9223372036854775809",
                "invalid front matter: `-9223372036854775809` is below the smallest whole number TOML holds \
                 (-9223372036854775808)",
            ),
            ("date = 2026-02-30", "invalid front matter: invalid date"),
        ] {
            let text = format!("+++\n{lines}\n+++\n");
            let err = first_error(&text);
            assert!(err.to_string().starts_with(expected), "{lines}: {err}");
        }
        let text = "+++\ntokens = 1.2M # the day's\n+++\n";
        let err = first_error(text);
        assert!(err.to_string().ends_with("found `1.2M`"), "the comment is no part of the value: {err}");
        // Inside [extra] a key is the writer's own: the library's words stand.
        let text = "+++\n[extra]\ntokens = 1.2M\n+++\n";
        let err = first_error(text);
        assert!(!err.to_string().contains("in quotes"), "{err}");
    }

    #[test]
    fn bad_toml_is_an_error_with_a_place() {
        let text = "+++\ntitle = \n+++\n";
        let err = first_error(text);
        assert!(matches!(err, ContentError::BadFrontMatter { .. }));
        assert!(err.span().start >= 4);
    }

    proptest! {
        #[test]
        fn split_never_panics(text in "(\\+\\+\\+\r?\n)?\\PC{0,40}(\n\\+\\+\\+)?\\PC{0,10}") {
            if let Ok(s) = split(&text, F) {
                let _ = parse_front(&text, &s, F);
            }
        }

        #[test]
        fn yaml_never_panics(text in "---\n([a-z]{1,5}: ?\\PC{0,12}\n|  - [a-z0-9:\\[\\]{},'\"&*!#|>-]{0,8}\n|[\\[\\]{}:'\"\t -]{1,6}\n){0,6}---\n") {
            let s = split(&text, F).expect("closed");
            if let Ok(parsed) = parse_front(&text, &s, F) {
                for error in parsed.errors {
                    prop_assert!(error.span().end as usize <= text.len());
                }
            }
        }
    }
}
