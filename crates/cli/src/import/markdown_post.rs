//! Posts written in markdown for Jekyll, Hugo or Zola: the front matter (YAML between `---`
//! lines, or TOML between `+++`) is turned into leverage's, and the body is kept as written.
//!
//! YAML is read with yaml-rust2 (maintained, pure Rust); only the keys that mean something to
//! leverage are carried over, each under its name here, and the others are listed as not placed.

use chrono::NaiveDate;
use yaml_rust2::{Yaml, YamlLoader};

/// A markdown post, converted: its date, the content file's text, and the front matter keys
/// that were left out.
#[derive(Debug)]
pub(crate) struct Converted {
    pub(crate) date: NaiveDate,
    pub(crate) text: String,
    pub(crate) left_out: Vec<String>,
}

/// Whether `text` (from a file named `name`) is a markdown post rather than a page's text or HTML:
/// a `.md` or `.markdown` file, or one that opens with front matter.
pub(crate) fn is_markdown_post(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md")
        || lower.ends_with(".markdown")
        || text.starts_with("---\n")
        || text.starts_with("---\r\n")
        || text.starts_with("+++\n")
        || text.starts_with("+++\r\n")
}

/// The front matter's keys as leverage names them, gathered from either syntax.
#[derive(Debug, Default)]
struct Keys {
    title: Option<String>,
    date: Option<NaiveDate>,
    updated: Option<NaiveDate>,
    tags: Vec<String>,
    summary: Option<String>,
    draft: Option<bool>,
    aliases: Vec<String>,
    slug: Option<String>,
    extra: Option<toml::Table>,
    left_out: Vec<String>,
}

/// Converts a markdown post; `file_date` is the date its file's name starts with, for a post
/// whose front matter gives none.
pub(crate) fn convert(text: &str, file_date: Option<NaiveDate>) -> Result<Converted, String> {
    let (front, body) = split(text)?;
    let keys = match front {
        Some(Front::Yaml(yaml)) => from_yaml(yaml)?,
        Some(Front::Toml(toml)) => from_toml(toml)?,
        None => Keys::default(),
    };
    let date = keys.date.or(file_date).ok_or(
        "found no date: expected `date` in the front matter, or a file name that starts with one \
         (`2026-03-12-notes.md`)",
    )?;
    let mut table = toml::Table::new();
    if let Some(title) = &keys.title {
        table.insert("title".into(), title.clone().into());
    }
    table.insert("date".into(), toml_date(date));
    if let Some(updated) = keys.updated {
        table.insert("updated".into(), toml_date(updated));
    }
    if !keys.tags.is_empty() {
        table.insert("tags".into(), keys.tags.clone().into());
    }
    if let Some(summary) = &keys.summary {
        table.insert("summary".into(), summary.clone().into());
    }
    if keys.draft == Some(true) {
        table.insert("draft".into(), true.into());
    }
    if !keys.aliases.is_empty() {
        table.insert("aliases".into(), keys.aliases.clone().into());
    }
    if let Some(slug) = &keys.slug {
        table.insert("slug".into(), slug.clone().into());
    }
    if let Some(extra) = keys.extra.filter(|e| !e.is_empty()) {
        table.insert("extra".into(), toml::Value::Table(extra));
    }
    let front = toml::to_string(&table).map_err(|e| format!("cannot write the front matter: {e}"))?;
    Ok(Converted { date, text: format!("+++\n{front}+++\n{body}"), left_out: keys.left_out })
}

enum Front<'t> {
    Yaml(&'t str),
    Toml(&'t str),
}

/// The front matter and the body after it (line ends kept as written); an error when front
/// matter opens and never closes.
fn split(text: &str) -> Result<(Option<Front<'_>>, &str), String> {
    for (fence, yaml) in [("---", true), ("+++", false)] {
        let Some(rest) =
            text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n').or(r.strip_prefix("\r\n")))
        else {
            continue;
        };
        let mut at = 0;
        for line in rest.split_inclusive('\n') {
            let bare = line.trim_end_matches(['\n', '\r']);
            if bare == fence || (yaml && bare == "...") {
                let front = &rest[..at];
                let body = &rest[at + line.len()..];
                return Ok((Some(if yaml { Front::Yaml(front) } else { Front::Toml(front) }), body));
            }
            at += line.len();
        }
        return Err(format!(
            "the front matter opened with `{fence}` on the first line is never closed by another `{fence}` line"
        ));
    }
    Ok((None, text))
}

fn toml_date(date: NaiveDate) -> toml::Value {
    date.format("%Y-%m-%d")
        .to_string()
        .parse::<toml::value::Datetime>()
        .map_or_else(|_| date.to_string().into(), toml::Value::Datetime)
}

/// The day of a date as front matter writes it: `2026-03-01`, `2026-03-01 21:30:00 +0100`,
/// `2026-03-02T23:30:00-08:00`: its own calendar day, as written.
fn day_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim().get(..10)?, "%Y-%m-%d").ok()
}

/// A list of strings from a string (`tags: rust`, Jekyll's space-separated `tags: a b`) or a list.
fn yaml_strings(value: &Yaml, spaced: bool) -> Vec<String> {
    match value {
        Yaml::Array(items) => items.iter().filter_map(yaml_scalar).collect(),
        Yaml::String(s) if spaced => s.split_whitespace().map(str::to_string).collect(),
        other => yaml_scalar(other).into_iter().collect(),
    }
}

fn yaml_scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn from_yaml(text: &str) -> Result<Keys, String> {
    let docs =
        YamlLoader::load_from_str(text).map_err(|e| format!("cannot read the YAML front matter: {e}"))?;
    let mut keys = Keys::default();
    let Some(Yaml::Hash(hash)) = docs.first() else { return Ok(keys) };
    for (key, value) in hash {
        let Some(key) = key.as_str() else { continue };
        match key {
            "title" => keys.title = yaml_scalar(value),
            "date" => keys.date = yaml_scalar(value).as_deref().and_then(day_of),
            "lastmod" | "last_modified" | "modified" | "updated" => {
                keys.updated = yaml_scalar(value).as_deref().and_then(day_of);
            }
            // Jekyll writes `tags: a b` and `categories: a b` as space-separated words.
            "tags" | "categories" | "category" | "keywords" => {
                for tag in yaml_strings(value, key != "keywords") {
                    if !keys.tags.contains(&tag) {
                        keys.tags.push(tag);
                    }
                }
            }
            "description" | "summary" | "excerpt" => keys.summary = yaml_scalar(value),
            "draft" => keys.draft = value.as_bool(),
            "published" => keys.draft = value.as_bool().map(|published| !published),
            "aliases" | "redirect_from" => keys.aliases.extend(yaml_strings(value, false)),
            // An old post's own URL is where links to it lead: it redirects to the new one.
            "url" | "permalink" => keys.aliases.extend(yaml_scalar(value).filter(|u| !u.contains(':'))),
            "slug" => keys.slug = yaml_scalar(value),
            other => keys.left_out.push(format!("front matter `{other}`")),
        }
    }
    Ok(keys)
}

fn from_toml(text: &str) -> Result<Keys, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("cannot read the TOML front matter: {e}"))?;
    let mut keys = Keys::default();
    let strings = |value: &toml::Value| -> Vec<String> {
        match value {
            toml::Value::Array(items) => {
                items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()
            }
            toml::Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let day = |value: &toml::Value| match value {
        toml::Value::Datetime(d) => day_of(&d.to_string()),
        toml::Value::String(s) => day_of(s),
        _ => None,
    };
    for (key, value) in &table {
        match key.as_str() {
            "title" => keys.title = value.as_str().map(str::to_string),
            "date" => keys.date = day(value),
            "lastmod" | "updated" => keys.updated = day(value),
            "tags" | "categories" => keys.tags.extend(strings(value)),
            // Zola's taxonomies.
            "taxonomies" => {
                for name in ["tags", "categories"] {
                    if let Some(list) = value.get(name) {
                        keys.tags.extend(strings(list));
                    }
                }
            }
            "description" | "summary" => keys.summary = value.as_str().map(str::to_string),
            "draft" => keys.draft = value.as_bool(),
            "aliases" => keys.aliases.extend(strings(value)),
            "slug" => keys.slug = value.as_str().map(str::to_string),
            "extra" => keys.extra = value.as_table().cloned(),
            other => keys.left_out.push(format!("front matter `{other}`")),
        }
    }
    let mut seen = Vec::new();
    keys.tags.retain(|t| {
        let new = !seen.contains(t);
        seen.push(t.clone());
        new
    });
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn a_jekyll_post_s_yaml_becomes_leverage_s_front_matter() {
        let post = "---\nlayout: post\ntitle: \"Day one: parser\"\ndate: 2026-03-01 21:30:00 +0100\n\
                    tags: [rust, parsing]\ncategories: work rust\ndescription: A good day.\n\
                    redirect_from:\n  - /2026/03/01/day-one/\npublished: false\n---\n\n| Task | Human Est. | Claude Time |\n";
        let converted = convert(post, None).expect("converted");
        assert_eq!(converted.date, day(2026, 3, 1), "the day as written, not moved to UTC");
        assert_eq!(
            converted.text,
            "+++\naliases = [\"/2026/03/01/day-one/\"]\ndate = 2026-03-01\ndraft = true\nsummary = \"A good day.\"\n\
             tags = [\"rust\", \"parsing\", \"work\"]\ntitle = \"Day one: parser\"\n+++\n\n| Task | Human Est. | Claude Time |\n"
        );
        assert_eq!(converted.left_out, ["front matter `layout`"]);
    }

    #[test]
    fn a_zola_post_s_taxonomies_and_extra_are_kept() {
        let post = "+++\ntitle = \"T\"\ndate = 2026-03-02T23:30:00-08:00\n[taxonomies]\ntags = [\"ops\"]\n\
                    [extra]\nmood = \"calm\"\n+++\nBody.\n";
        let converted = convert(post, None).expect("converted");
        assert_eq!(converted.date, day(2026, 3, 2));
        assert!(
            converted.text.contains("tags = [\"ops\"]")
                && converted.text.contains("[extra]\nmood = \"calm\"")
        );
        assert!(converted.text.ends_with("+++\nBody.\n"), "{}", converted.text);
    }

    #[test]
    fn the_file_s_date_is_the_fallback_and_bad_yaml_is_said() {
        let converted = convert("No front matter.\n", Some(day(2026, 3, 3))).expect("converted");
        assert_eq!(converted.text, "+++\ndate = 2026-03-03\n+++\nNo front matter.\n");
        assert!(convert("No date.\n", None).expect_err("no date").starts_with("found no date"));
        let err = convert("---\ntitle: [unclosed\n---\n", None).expect_err("bad YAML");
        assert!(err.starts_with("cannot read the YAML front matter"), "{err}");
        let err = convert("---\ntitle: T\ndate: 2026-03-01\n", None).expect_err("never closed");
        assert!(err.contains("never closed"), "{err}");
        assert!(is_markdown_post("a.md", "") && is_markdown_post("a.txt", "---\nx: 1\n---\n"));
        assert!(!is_markdown_post("a.txt", "Leverage Record: March 1, 2026"));
    }
}
