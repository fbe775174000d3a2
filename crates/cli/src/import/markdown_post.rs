//! Posts written in markdown for Jekyll, Hugo or Zola: the front matter (YAML between `---`
//! lines, or TOML between `+++`) is turned into leverage's, and the body is kept as written.
//!
//! YAML is read with yaml-rust2 (maintained, pure Rust); only the keys that mean something to
//! leverage are carried over, each under its name here, and the others are listed as not placed.

use chrono::NaiveDate;
use yaml_rust2::{Yaml, YamlLoader};

use super::NotImported;

/// A markdown post, converted: its date, the content file's text, and the front matter keys
/// that were left out.
#[derive(Debug)]
pub(crate) struct Converted {
    pub(crate) date: NaiveDate,
    pub(crate) text: String,
    pub(crate) left_out: Vec<String>,
}

/// Whether `text` (from a file named `name`) is a markdown post rather than a page's text or HTML:
/// a markdown file (`.md`, `.markdown`, `.mdown` ...), or one that opens with front matter.
pub(crate) fn is_markdown_post(name: &str, text: &str) -> bool {
    std::path::Path::new(name).extension().is_some_and(content::load::is_markdown_extension)
        || ["---", "+++"].iter().any(|fence| content::front_matter::fenced(text, fence).is_some())
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

/// Converts a markdown post; `fallback` is the date for a post whose front matter gives none
/// (its file name's, or its title's).
pub(crate) fn convert(text: &str, fallback: Option<NaiveDate>) -> Result<Converted, NotImported> {
    let (table, body) = front_matter(text)?;
    let keys = keys_of(&table);
    let date = keys.date.or(fallback).ok_or(
        "found no date: expected `date` in the front matter, or a file name that starts with one \
         (`2026-03-12-notes.md`)",
    )?;
    let mut out = toml::Table::new();
    if let Some(title) = keys.title {
        out.insert("title".into(), title.into());
    }
    out.insert("date".into(), toml_date(date));
    if let Some(updated) = keys.updated {
        out.insert("updated".into(), toml_date(updated));
    }
    if !keys.tags.is_empty() {
        out.insert("tags".into(), keys.tags.into());
    }
    if let Some(summary) = keys.summary {
        out.insert("summary".into(), summary.into());
    }
    if keys.draft == Some(true) {
        out.insert("draft".into(), true.into());
    }
    if !keys.aliases.is_empty() {
        out.insert("aliases".into(), keys.aliases.into());
    }
    if let Some(slug) = keys.slug {
        out.insert("slug".into(), slug.into());
    }
    if let Some(extra) = keys.extra.filter(|e| !e.is_empty()) {
        out.insert("extra".into(), toml::Value::Table(extra));
    }
    let front = toml::to_string(&out).map_err(|e| format!("cannot write the front matter: {e}"))?;
    Ok(Converted { date, text: format!("+++\n{front}+++\n{body}"), left_out: keys.left_out })
}

/// The front matter as a TOML table (YAML between `---` lines is read into one), and the body
/// after it as written; an empty table when there is none. An error is placed in the file.
fn front_matter(text: &str) -> Result<(toml::Table, &str), NotImported> {
    // Where in the post a byte of it is, as a content error places it.
    let at = |offset: usize, message: String| NotImported {
        at: Some(content::SourceFile::new(Default::default(), text.to_string()).line_col(offset)),
        message,
    };
    for (fence, yaml) in [("---", true), ("+++", false)] {
        let Some(found) = content::front_matter::fenced(text, fence) else { continue };
        let (front, body_start) = found.ok_or_else(|| {
            at(
                0,
                format!(
                    "the front matter opened with `{fence}` here is never closed by another `{fence}` line"
                ),
            )
        })?;
        let start = front.start;
        let front = &text[front];
        let table = if yaml {
            let docs = YamlLoader::load_from_str(front).map_err(|e| {
                // The marker counts characters of the front matter.
                let offset = front.char_indices().nth(e.marker().index()).map_or(front.len(), |(i, _)| i);
                at(start + offset, format!("cannot read the YAML front matter: {}", e.info()))
            })?;
            match docs.first().map(toml_of) {
                Some(toml::Value::Table(table)) => table,
                _ => toml::Table::new(),
            }
        } else {
            front.parse().map_err(|e: toml::de::Error| {
                let offset = e.span().map_or(0, |span| span.start);
                at(start + offset, format!("cannot read the TOML front matter: {}", e.message()))
            })?
        };
        return Ok((table, &text[body_start..]));
    }
    Ok((toml::Table::new(), text))
}

/// A YAML value as TOML holds it (null and aliases as nothing, keys as text).
fn toml_of(value: &Yaml) -> toml::Value {
    match value {
        Yaml::String(s) => toml::Value::String(s.clone()),
        Yaml::Real(s) => s.parse().map_or_else(|_| toml::Value::String(s.clone()), toml::Value::Float),
        Yaml::Integer(n) => toml::Value::Integer(*n),
        Yaml::Boolean(b) => toml::Value::Boolean(*b),
        Yaml::Array(items) => toml::Value::Array(items.iter().map(toml_of).collect()),
        Yaml::Hash(hash) => toml::Value::Table(
            hash.iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(n) => n.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, toml_of(v)))
                })
                .collect(),
        ),
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => toml::Value::String(String::new()),
    }
}

fn toml_date(date: NaiveDate) -> toml::Value {
    date.format("%Y-%m-%d")
        .to_string()
        .parse::<toml::value::Datetime>()
        .map_or_else(|_| date.to_string().into(), toml::Value::Datetime)
}

/// The text of a scalar (a date written unquoted in TOML too).
fn scalar(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

/// A list of strings from a list, or from one string of words (Jekyll's `tags: a b`).
fn words(value: &toml::Value) -> Vec<String> {
    match value {
        toml::Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => {
            scalar(other).map(|s| s.split_whitespace().map(str::to_string).collect()).unwrap_or_default()
        }
    }
}

/// The keys leverage reads, under any of the names other generators give them
/// (`content::front_matter::synonym`): the day of a date is the one written
/// (`2026-03-01 21:30:00 +0100` is March 1), `published: false` is a draft, a path `url` or
/// `permalink` (the old post's own URL) becomes an alias, and Zola's `[taxonomies]` give tags.
fn keys_of(table: &toml::Table) -> Keys {
    let mut keys = Keys::default();
    let day = |value: &toml::Value| scalar(value).as_deref().and_then(content::load::date_prefix);
    // Tags by their own name come first, then categories and keywords (the table is in key order).
    let mut also_tags = Vec::new();
    for (key, value) in table {
        match (key.as_str(), content::front_matter::synonym(key).unwrap_or(key)) {
            ("url" | "permalink", _) => {
                keys.aliases.extend(scalar(value).filter(|u| u.starts_with('/')));
            }
            ("published", _) => keys.draft = value.as_bool().map(|published| !published),
            ("taxonomies", _) => {
                for list in ["tags", "categories"].iter().filter_map(|name| value.get(*name)) {
                    keys.tags.extend(words(list));
                }
            }
            (_, "title") => keys.title = scalar(value),
            (_, "date") => keys.date = day(value),
            (_, "updated") => keys.updated = day(value),
            ("tags", _) => keys.tags.extend(words(value)),
            (_, "tags") => also_tags.extend(words(value)),
            (_, "summary") => keys.summary = scalar(value),
            (_, "draft") => keys.draft = value.as_bool(),
            (_, "aliases") => keys.aliases.extend(words(value)),
            (_, "slug") => keys.slug = scalar(value),
            (_, "extra") => keys.extra = value.as_table().cloned(),
            (other, _) => keys.left_out.push(format!("front matter `{other}`")),
        }
    }
    keys.tags.extend(also_tags);
    let mut seen = std::collections::HashSet::new();
    // One tag per page, as the build groups them: `Rust` and `rust` are one.
    keys.tags.retain(|tag| seen.insert(site::slug::slugify(tag)));
    keys
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
                    tags: [rust, parsing]\ncategories: work Rust\ndescription: A good day.\n\
                    redirect_from:\n  - /2026/03/01/day-one/\npublished: false\n---\n\n| Task | Human Est. | Claude Time |\n";
        let converted = convert(post, None).expect("converted");
        assert_eq!(converted.date, day(2026, 3, 1), "the day as written, not moved to UTC");
        assert_eq!(
            converted.text,
            "+++\naliases = [\"/2026/03/01/day-one/\"]\ndate = 2026-03-01\ndraft = true\nsummary = \"A good day.\"\n\
             tags = [\"rust\", \"parsing\", \"work\"]\ntitle = \"Day one: parser\"\n+++\n\n| Task | Human Est. | Claude Time |\n"
        );
        // The text above has one `rust`: `Rust` in categories is the tag `rust` already given,
        // one tag, as the build groups them.
        assert_eq!(converted.left_out, ["front matter `layout`"]);
    }

    #[test]
    fn a_zola_post_s_taxonomies_and_extra_are_kept() {
        let post = "+++\ntitle = \"T\"\ndate = 2026-03-02T23:30:00-08:00\ndescription = \"D\"\n\
                    redirect_from = [\"/old/\"]\n[taxonomies]\ntags = [\"ops\"]\n[extra]\nmood = \"calm\"\n+++\nBody.\n";
        let converted = convert(post, None).expect("converted");
        assert_eq!(converted.date, day(2026, 3, 2));
        // TOML front matter is read under the same names as YAML.
        assert!(
            converted.text.contains("summary = \"D\"") && converted.text.contains("aliases = [\"/old/\"]")
        );
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
        assert!(convert("No date.\n", None).expect_err("no date").message.starts_with("found no date"));
        // Errors in the front matter are placed in the post, its fence's line counted.
        let err = convert("---\ntitle: T\ndate: \"2026\n---\n", None).expect_err("bad YAML");
        assert!(err.message.starts_with("cannot read the YAML front matter"), "{err:?}");
        assert_eq!(err.at, Some((3, 7)), "at the quoted value it never closes: {err:?}");
        let err = convert("+++\ntitle = \"T\"\ndate = 2026-13-01\n+++\n", None).expect_err("bad TOML");
        assert!(err.message.starts_with("cannot read the TOML front matter"), "{err:?}");
        assert_eq!(err.at, Some((3, 8)), "{err:?}");
        let err = convert("---\ntitle: T\ndate: 2026-03-01\n", None).expect_err("never closed");
        assert!(err.message.contains("never closed") && err.at == Some((1, 1)), "{err:?}");
        assert!(is_markdown_post("a.md", "") && is_markdown_post("a.txt", "---\nx: 1\n---\n"));
        assert!(!is_markdown_post("a.txt", "Leverage Record: March 1, 2026"));
    }
}
