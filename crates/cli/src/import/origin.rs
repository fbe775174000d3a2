//! The site a markdown post is imported from, and the address the post had there, so that the
//! record keeps it as an alias: every link to the old post, and every search result, then still
//! leads to it.
//!
//! The site is found from the post's file: a folder above it holding Hugo's or Zola's
//! configuration with the post below its `content/`, or Jekyll's `_config.yml` with the post in
//! its `_posts/`. The address is made as each generator makes it: its default, or the pattern
//! the configuration gives (Hugo's `[permalinks]`, Jekyll's `permalink`). A pattern with a part
//! this does not know gives no address, rather than a wrong one.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

/// The generator a site is built with, and what of its configuration gives a post's address.
#[derive(Debug, PartialEq)]
enum Generator {
    /// Hugo, with its `permalinks` table, if any, and whether its addresses are the usual
    /// folders: not with `uglyURLs` (`.html` files), nor below a language's folder.
    Hugo {
        permalinks: Option<toml::Table>,
        usual: bool,
    },
    Zola,
    /// Jekyll, with its `permalink` setting (a style's name or a pattern), and the categories
    /// its folders give (`blog/_posts/` is in `blog`).
    Jekyll {
        permalink: String,
        categories: Vec<String>,
    },
}

/// Where a post comes from: its generator, and its path below the site's `content/` (Hugo,
/// Zola) or `_posts/` (Jekyll), which is `top`.
#[derive(Debug, PartialEq)]
pub(crate) struct Origin {
    generator: Generator,
    top: PathBuf,
    below: PathBuf,
    /// The address of the site's feed, when it is not leverage's `/atom.xml`.
    feed: Option<String>,
}

impl Origin {
    /// The site `file` is a post of, if a folder above it is one.
    pub(crate) fn of(file: &Path) -> Option<Origin> {
        let file = std::fs::canonicalize(file).ok()?;
        for site in file.ancestors().skip(1) {
            // Jekyll reads `_posts/` at any depth; the folders above it are categories.
            if let Some(config) = ["_config.yml", "_config.yaml"].iter().find_map(|n| read(&site.join(n))) {
                let inside = file.strip_prefix(site).ok()?;
                let parts: Vec<&str> = inside.iter().filter_map(|c| c.to_str()).collect();
                // A `_config.yml` without the post in a `_posts/` may be a Hugo site's leftover
                // (GitHub Pages'): the folder is looked at as Hugo's or Zola's below.
                if let Some(at) = parts.iter().position(|p| *p == "_posts") {
                    let permalink = config.get("permalink").and_then(toml::Value::as_str).unwrap_or("date");
                    let categories = parts[..at].iter().map(|c| c.to_string()).collect();
                    let generator = Generator::Jekyll { permalink: permalink.to_string(), categories };
                    let top: PathBuf = site.join(parts[..=at].iter().collect::<PathBuf>());
                    let below = file.strip_prefix(&top).ok()?.to_path_buf();
                    // jekyll-feed's.
                    let feed = Some("/feed.xml".to_string());
                    return Some(Origin { generator, top, below, feed });
                }
            }
            let top = site.join("content");
            let Ok(below) = file.strip_prefix(&top) else { continue };
            let below = below.to_path_buf();
            let names = [
                "hugo.toml",
                "hugo.yaml",
                "hugo.yml",
                "hugo.json",
                "config.toml",
                "config.yaml",
                "config.yml",
            ];
            let Some((name, config)) = names.iter().find_map(|n| {
                let config = read(&site.join(n)).or_else(|| read(&site.join("config/_default").join(n)))?;
                Some((*n, config))
            }) else {
                continue;
            };
            // Zola's is config.toml with `base_url`; Hugo's has `baseURL` (its keys are read in
            // any case).
            let (generator, feed) = if name == "config.toml" && config.contains_key("base_url") {
                // `feed_filenames` since Zola 0.19, `feed_filename` before; `atom.xml` by default.
                let named = |key: &str| {
                    config.get(key).and_then(|v| v.as_str().or_else(|| v.as_array()?.first()?.as_str()))
                };
                let feed = named("feed_filenames").or_else(|| named("feed_filename")).unwrap_or("atom.xml");
                (Generator::Zola, (feed != "atom.xml").then(|| format!("/{feed}")))
            } else {
                // Hugo's keys are read in any case; its configuration may be split into a file
                // per key (`config/_default/permalinks.toml`).
                let key =
                    |name: &str| config.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v);
                let split = || {
                    ["toml", "yaml", "yml", "json"]
                        .iter()
                        .find_map(|ext| read(&site.join("config/_default").join(format!("permalinks.{ext}"))))
                };
                let permalinks = key("permalinks").and_then(|v| v.as_table().cloned()).or_else(split);
                // `uglyURLs = true`, or a table of sections (`[uglyURLs] posts = true`).
                let ugly = key("uglyURLs").is_some_and(|v| {
                    v.as_bool() == Some(true)
                        || v.as_table().is_some_and(|t| t.values().any(|v| v.as_bool() == Some(true)))
                });
                let languages = key("languages").and_then(toml::Value::as_table).is_some_and(|l| l.len() > 1)
                    || key("defaultContentLanguageInSubdir").and_then(toml::Value::as_bool) == Some(true)
                    || site.join("config/_default/languages.toml").exists();
                (Generator::Hugo { permalinks, usual: !ugly && !languages }, Some("/index.xml".to_string()))
            };
            return Some(Origin { generator, top, below, feed });
        }
        None
    }

    /// The generator's name, as a writer knows it.
    pub(crate) fn generator(&self) -> &'static str {
        match self.generator {
            Generator::Hugo { .. } => "Hugo",
            Generator::Zola => "Zola",
            Generator::Jekyll { .. } => "Jekyll",
        }
    }

    /// The address of the site's feed, when it is not leverage's `/atom.xml`: a reader subscribed
    /// to it needs the host to redirect it.
    pub(crate) fn feed(&self) -> Option<&str> {
        self.feed.as_deref()
    }

    /// The post's path as a Zola internal link names it (`blog/2026-03-02-bundle/index.md` of
    /// `@/blog/2026-03-02-bundle/index.md`): its path below `content/`. `None` for the other
    /// generators, whose links are no such paths.
    pub(crate) fn zola_link(&self) -> Option<String> {
        matches!(self.generator, Generator::Zola).then(|| {
            self.below.iter().map(|c| c.to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
        })
    }

    /// Whether the site has page bundles (Hugo's and Zola's `index.md` with its files).
    pub(crate) fn has_bundles(&self) -> bool {
        !matches!(self.generator, Generator::Jekyll { .. })
    }

    /// Whether the file is a section's own page (`_index.md`), which lists posts and is none.
    pub(crate) fn is_section(&self) -> bool {
        !matches!(self.generator, Generator::Jekyll { .. })
            && self.below.file_stem().is_some_and(|s| s == "_index")
    }

    /// Hugo's alias `alias`, written without a leading `/`, as a path from the root: Hugo reads
    /// it in the page's folder (`old-name` of `content/posts/a.md` is `/posts/old-name`). `None`
    /// for one that climbs out with `..`. The other generators read it from the root.
    pub(crate) fn relative_alias(&self, alias: &str) -> Option<String> {
        if alias.split('/').any(|part| part == "..") {
            return None;
        }
        let Generator::Hugo { .. } = self.generator else { return Some(format!("/{alias}")) };
        let mut folders: Vec<&str> = self.below.parent()?.iter().filter_map(|c| c.to_str()).collect();
        if self.below.file_stem().is_some_and(|s| s == "index") {
            folders.pop();
        }
        folders.push(alias.trim_start_matches("./"));
        Some(format!("/{}", folders.join("/")))
    }

    /// The post's address on its site, from its front matter `front` and its day `date`; else
    /// why it is not told: `None` for a post that gives its own (`url`, Zola's `path`, a
    /// `permalink`), kept as an alias as it is converted.
    pub(crate) fn url(&self, front: &toml::Table, date: NaiveDate) -> Result<String, Option<&'static str>> {
        let text = |key: &str| front.get(key).and_then(toml::Value::as_str).filter(|s| !s.trim().is_empty());
        if text("url").is_some()
            || text("path").is_some()
            || text("permalink").is_some_and(|p| !p.contains(':'))
        {
            return Err(None);
        }
        // Hugo's `.html` files and languages' folders are not made here: no address rather than
        // a wrong one.
        if let Generator::Hugo { usual: false, .. } = self.generator {
            return Err(Some(
                "the site writes `.html` files (`uglyURLs`) or a folder per language, which import does not follow",
            ));
        }
        self.made(front, date).ok_or(Some("its address has a part import does not read"))
    }

    /// The post's address as its generator makes it; `None` for a part of a pattern this does
    /// not know.
    fn made(&self, front: &toml::Table, date: NaiveDate) -> Option<String> {
        let text = |key: &str| front.get(key).and_then(toml::Value::as_str).filter(|s| !s.trim().is_empty());
        let stem = self.below.file_stem()?.to_str()?;
        // A bundle's `index.md` is named by its folder.
        let bundle = stem == "index";
        let mut folders: Vec<&str> = self.below.parent()?.iter().filter_map(|c| c.to_str()).collect();
        let name = if bundle { folders.pop()? } else { stem };
        let path = match &self.generator {
            Generator::Hugo { permalinks, .. } => {
                let section = folders.first().copied();
                // A folder below the first is a section of its own only with its `_index.md`,
                // and so are those below it.
                let mut sections = folders.iter().take(1).map(|f| urlize(f)).collect::<Vec<_>>();
                let mut folder = self.top.join(section.unwrap_or(""));
                for below in folders.iter().skip(1) {
                    folder.push(below);
                    if !folder.join("_index.md").exists() {
                        break;
                    }
                    sections.push(urlize(below));
                }
                let pattern = permalinks.as_ref().zip(section).and_then(|(table, section)| {
                    let in_table =
                        |t: &toml::Table| t.get(section).and_then(toml::Value::as_str).map(str::to_string);
                    in_table(table)
                        .or_else(|| table.get("page").and_then(toml::Value::as_table).and_then(in_table))
                });
                let slug = text("slug").map(urlize);
                match pattern {
                    Some(pattern) => {
                        let title = text("title").map(urlize);
                        let filename = urlize(name);
                        expand(&pattern, |token| match token {
                            "year" => Some(date.year().to_string()),
                            "month" => Some(format!("{:02}", date.month())),
                            "monthname" => Some(month_name(date).to_lowercase()),
                            "day" => Some(format!("{:02}", date.day())),
                            "section" => section.map(urlize),
                            "sections" => Some(sections.join("/")),
                            "title" => title.clone(),
                            "slug" => slug.clone().or_else(|| title.clone()),
                            "filename" | "contentbasename" => Some(filename.clone()),
                            "slugorfilename" | "slugorcontentbasename" => {
                                Some(slug.clone().unwrap_or_else(|| filename.clone()))
                            }
                            _ => None,
                        })?
                    }
                    None => {
                        let mut parts: Vec<String> = folders.iter().map(|f| urlize(f)).collect();
                        parts.push(slug.unwrap_or_else(|| urlize(name)));
                        format!("/{}/", parts.join("/"))
                    }
                }
            }
            Generator::Zola => {
                // Zola's slug of a file named with a date leaves the date out.
                let name = strip_date(name);
                let slug = text("slug").unwrap_or(name);
                let mut parts: Vec<String> = folders.iter().map(|f| site::slug::slugify(f)).collect();
                parts.push(site::slug::slugify(slug));
                format!("/{}/", parts.join("/"))
            }
            Generator::Jekyll { permalink, categories: from_folders } => {
                let pattern = match permalink.as_str() {
                    "date" => "/:categories/:year/:month/:day/:title:output_ext",
                    "pretty" => "/:categories/:year/:month/:day/:title/",
                    "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
                    "none" => "/:categories/:title:output_ext",
                    pattern => pattern,
                };
                // A post's own `permalink` pattern is its own.
                let pattern = text("permalink").filter(|p| p.contains(':')).unwrap_or(pattern);
                // `:title` is the file's name as written, or `slug`; `:slug` is that in lower case
                // with each run of other characters a `-` (Jekyll's `slugify`).
                let title = text("slug").unwrap_or(strip_date(name)).to_string();
                let slug = jekyll_slug(&title);
                // The folders' categories, then the front matter's (`category` or `categories`),
                // in lower case, each once.
                let mut categories: Vec<String> = from_folders.iter().map(|c| c.to_lowercase()).collect();
                for key in ["category", "categories"] {
                    let listed: Vec<String> = match front.get(key) {
                        Some(toml::Value::Array(items)) => {
                            items.iter().filter_map(toml::Value::as_str).map(str::to_lowercase).collect()
                        }
                        Some(toml::Value::String(words)) => {
                            words.split_whitespace().map(str::to_lowercase).collect()
                        }
                        _ => Vec::new(),
                    };
                    for category in listed {
                        if !categories.contains(&category) {
                            categories.push(category);
                        }
                    }
                }
                let path = expand(pattern, |token| match token {
                    "year" => Some(date.year().to_string()),
                    "short_year" => Some(format!("{:02}", date.year() % 100)),
                    "month" => Some(format!("{:02}", date.month())),
                    "i_month" => Some(date.month().to_string()),
                    "day" => Some(format!("{:02}", date.day())),
                    "i_day" => Some(date.day().to_string()),
                    "y_day" => Some(format!("{:03}", date.ordinal())),
                    "title" => Some(title.clone()),
                    "slug" => Some(slug.clone()),
                    "categories" => Some(categories.join("/")),
                    "output_ext" => Some(".html".to_string()),
                    _ => None,
                })?;
                // Jekyll writes no empty segment for a post without categories.
                let mut tidy = String::with_capacity(path.len());
                for c in path.chars() {
                    if !(c == '/' && tidy.ends_with('/')) {
                        tidy.push(c);
                    }
                }
                tidy
            }
        };
        Some(if path.starts_with('/') { path } else { format!("/{path}") })
    }
}

/// A configuration file as a TOML table: TOML, YAML or JSON by its extension.
fn read(path: &Path) -> Option<toml::Table> {
    let text = std::fs::read_to_string(path).ok()?;
    match path.extension()?.to_str()? {
        "toml" => text.parse().ok(),
        "json" => serde_json::from_str(&text).ok(),
        _ => match yaml_rust2::YamlLoader::load_from_str(&text)
            .ok()?
            .first()
            .map(super::markdown_post::toml_of)
        {
            Some(toml::Value::Table(table)) => Some(table),
            _ => None,
        },
    }
}

/// `pattern` with each `:token` (letters and `_`) replaced by `value(token)`; `None` when a token
/// has none.
fn expand(pattern: &str, value: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(|c: char| !(c.is_ascii_alphabetic() || c == '_')).unwrap_or(after.len());
        out.push_str(&value(&after[..end])?);
        rest = &after[end..];
    }
    out.push_str(rest);
    Some(out)
}

/// Hugo's `urlize`: lower case, spaces as `-`, and only the characters a path keeps.
fn urlize(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some('-'),
            c if c.is_alphanumeric() || "._-#+~/".contains(c) => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Jekyll's `slugify` in its default mode: lower case, every run of characters other than
/// letters and digits one `-`.
fn jekyll_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// A file name without the date it starts with (`2026-03-01-first` is `first`), as Zola and
/// Jekyll name a post.
fn strip_date(name: &str) -> &str {
    match content::load::date_prefix(name) {
        Some(_) if name.len() > 11 && matches!(name.as_bytes()[10], b'-' | b'_') => &name[11..],
        _ => name,
    }
}

fn month_name(date: NaiveDate) -> String {
    date.format("%B").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    /// A site with `config` and a post at `post`; the post's origin.
    fn origin(config: (&str, &str), post: &str) -> (tempfile::TempDir, Option<Origin>) {
        let dir = tempfile::tempdir().expect("a folder");
        let config_file = dir.path().join(config.0);
        std::fs::create_dir_all(config_file.parent().expect("a folder")).expect("made");
        std::fs::write(config_file, config.1).expect("written");
        let file = dir.path().join(post);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("made");
        std::fs::write(&file, "").expect("written");
        let origin = Origin::of(&file);
        (dir, origin)
    }

    fn front(text: &str) -> toml::Table {
        text.parse().expect("TOML")
    }

    #[test]
    fn hugo_s_addresses_by_default_and_by_its_permalinks() {
        let hugo = ("hugo.toml", "baseURL = 'https://example.org/'\n");
        let (_dir, post) = origin(hugo, "content/posts/2026-03-07-A Day.md");
        let post = post.expect("a Hugo post");
        assert_eq!((post.generator(), post.feed()), ("Hugo", Some("/index.xml")));
        assert_eq!(post.url(&front(""), day(2026, 3, 7)).ok().as_deref(), Some("/posts/2026-03-07-a-day/"));
        assert_eq!(
            post.url(&front("slug = 'March-7'"), day(2026, 3, 7)).ok().as_deref(),
            Some("/posts/march-7/")
        );
        let permalinks =
            ("config.toml", "baseURL = 'x'\n[permalinks]\nposts = '/:year/:month/:day/:slug/'\n");
        let (_dir, bundle) = origin(permalinks, "content/posts/2026-03-03-bundle/index.md");
        let bundle = bundle.expect("a Hugo bundle");
        let titled = front("title = 'Leverage Record: March 3, 2026'");
        assert_eq!(
            bundle.url(&titled, day(2026, 3, 3)).ok().as_deref(),
            Some("/2026/03/03/leverage-record-march-3-2026/"),
            "`:slug` is the title's without a slug"
        );
        // Hugo's newer form, and a part it has that is not read here: no address rather than a wrong one.
        let page =
            ("hugo.yaml", "permalinks:\n  page:\n    posts: /:sections/:filename/\n    notes: /:weekday/\n");
        let (_dir, yaml) = origin(page, "content/posts/2026-03-01-x.md");
        assert_eq!(
            yaml.expect("Hugo").url(&front(""), day(2026, 3, 1)).ok().as_deref(),
            Some("/posts/2026-03-01-x/")
        );
        let (_dir, note) = origin(page, "content/notes/n.md");
        assert_eq!(note.expect("Hugo").url(&front(""), day(2026, 3, 1)).ok(), None);
    }

    #[test]
    fn zola_s_and_jekyll_s_addresses() {
        let zola = ("config.toml", "base_url = 'https://example.org'\n");
        let (_dir, post) = origin(zola, "content/blog/2026-04-01-first.md");
        let post = post.expect("a Zola post");
        assert_eq!((post.generator(), post.feed()), ("Zola", None), "Zola's feed is leverage's");
        assert_eq!(post.url(&front(""), day(2026, 4, 1)).ok().as_deref(), Some("/blog/first/"));
        assert_eq!(
            post.url(&front("slug = 'Über Uns'"), day(2026, 4, 1)).ok().as_deref(),
            Some("/blog/uber-uns/")
        );
        let (_dir, section) = origin(zola, "content/blog/_index.md");
        assert!(section.expect("Zola").is_section());

        let jekyll = ("_config.yml", "title: Log\n");
        let (_dir, post) = origin(jekyll, "_posts/2026-03-08-Day-Eight.md");
        let post = post.expect("a Jekyll post");
        assert_eq!((post.generator(), post.feed()), ("Jekyll", Some("/feed.xml")));
        let categories = front("categories = 'AI records'");
        assert_eq!(
            post.url(&categories, day(2026, 3, 8)).ok().as_deref(),
            Some("/ai/records/2026/03/08/Day-Eight.html"),
            "its default, `date`"
        );
        assert_eq!(post.url(&front(""), day(2026, 3, 8)).ok().as_deref(), Some("/2026/03/08/Day-Eight.html"));
        let own = front("permalink = '/blog/:year/:title/'");
        assert_eq!(post.url(&own, day(2026, 3, 8)).ok().as_deref(), Some("/blog/2026/Day-Eight/"));
        let pretty = ("_config.yml", "permalink: pretty\n");
        let (_dir, post) = origin(pretty, "_posts/2026-03-09-nine.markdown");
        assert_eq!(
            post.expect("Jekyll").url(&front(""), day(2026, 3, 9)).ok().as_deref(),
            Some("/2026/03/09/nine/")
        );
    }

    #[test]
    fn hugo_s_sections_split_configuration_and_unusual_addresses() {
        // `deep/` has no `_index.md`: it is no section, and `:sections` is `notes`.
        let sections = ("hugo.toml", "baseURL = 'x'\n[permalinks]\nnotes = '/:sections/:title/'\n");
        let (dir, post) = origin(sections, "content/notes/deep/2026-03-03-a.md");
        let title = front("title = 'Note A'");
        assert_eq!(post.expect("Hugo").url(&title, day(2026, 3, 3)).ok().as_deref(), Some("/notes/note-a/"));
        std::fs::write(dir.path().join("content/notes/deep/_index.md"), "").expect("written");
        let post = Origin::of(&dir.path().join("content/notes/deep/2026-03-03-a.md")).expect("Hugo");
        assert_eq!(post.url(&title, day(2026, 3, 3)).ok().as_deref(), Some("/notes/deep/note-a/"));
        // Permalinks in a file of their own.
        let (dir, post) = origin(("config/_default/hugo.toml", "baseURL = 'x'\n"), "content/posts/p.md");
        assert_eq!(post.expect("Hugo").url(&front(""), day(2026, 3, 4)).ok().as_deref(), Some("/posts/p/"));
        std::fs::write(dir.path().join("config/_default/permalinks.toml"), "posts = '/:year/:slug/'\n")
            .expect("written");
        let post = Origin::of(&dir.path().join("content/posts/p.md")).expect("Hugo");
        assert_eq!(post.url(&front("slug = 'two'"), day(2026, 3, 4)).ok().as_deref(), Some("/2026/two/"));
        // `.html` files, or a language's folder: not told.
        let (_dir, ugly) = origin(("hugo.toml", "baseURL = 'x'\nuglyURLs = true\n"), "content/posts/p.md");
        assert_eq!(ugly.expect("Hugo").url(&front(""), day(2026, 3, 4)).ok(), None);
        let languages = "baseURL = 'x'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n";
        let (_dir, two) = origin(("hugo.toml", languages), "content/posts/p.md");
        assert_eq!(two.expect("Hugo").url(&front(""), day(2026, 3, 4)).ok(), None);
    }

    #[test]
    fn a_jekyll_config_left_in_a_hugo_site_and_hugo_s_slashes() {
        let (dir, _) = origin(("hugo.toml", "baseURL = 'x'\n"), "content/posts/a.md");
        std::fs::write(dir.path().join("_config.yml"), "theme: minima\n").expect("written");
        let post = Origin::of(&dir.path().join("content/posts/a.md")).expect("still Hugo's");
        assert_eq!(post.generator(), "Hugo");
        let slug = front("slug = '  Ça va / ok!  '");
        assert_eq!(
            post.url(&slug, day(2026, 3, 1)).ok().as_deref(),
            Some("/posts/ça-va-/-ok/"),
            "as Hugo writes it"
        );
        let ugly = ("hugo.toml", "baseURL = 'x'\n[uglyURLs]\nposts = true\n");
        let (_dir, post) = origin(ugly, "content/posts/a.md");
        assert!(
            matches!(post.expect("Hugo").url(&front(""), day(2026, 3, 1)), Err(Some(_))),
            "a section's .html files"
        );
        let (_dir, own) = origin(("hugo.toml", "baseURL = 'x'\n"), "content/posts/b.md");
        assert_eq!(
            own.expect("Hugo").url(&front("url = '/mine/'"), day(2026, 3, 1)),
            Err(None),
            "its own, kept as given"
        );
    }

    #[test]
    fn jekyll_s_folder_categories_and_slug() {
        let (_dir, post) = origin(
            ("_config.yml", "permalink: /:categories/:slug/\n"),
            "blog/_posts/2026-03-08-Day-Eight.md",
        );
        let post = post.expect("a Jekyll post below blog/");
        let front = front("category = 'Blog'\ncategories = ['AI', 'ai']");
        assert_eq!(post.url(&front, day(2026, 3, 8)).ok().as_deref(), Some("/blog/ai/day-eight/"));
    }

    #[test]
    fn hugo_reads_an_alias_without_a_slash_in_the_page_s_folder() {
        let hugo = ("hugo.toml", "baseURL = 'x'\n");
        let (_dir, post) = origin(hugo, "content/posts/a.md");
        let post = post.expect("Hugo");
        assert_eq!(post.relative_alias("old-name").as_deref(), Some("/posts/old-name"));
        assert_eq!(post.relative_alias("../legacy/evening"), None);
        let (_dir, bundle) = origin(hugo, "content/posts/b/index.md");
        assert_eq!(bundle.expect("Hugo").relative_alias("./old").as_deref(), Some("/posts/old"));
        let (_dir, zola) = origin(("config.toml", "base_url = 'x'\n"), "content/blog/a.md");
        assert_eq!(zola.expect("Zola").relative_alias("old").as_deref(), Some("/old"), "from the root");
    }

    #[test]
    fn a_file_of_no_such_site_has_no_origin() {
        let (_dir, none) = origin(("README.md", ""), "content/posts/a.md");
        assert_eq!(none, None);
        let (_dir, none) = origin(("_config.yml", "x: 1\n"), "posts/a.md");
        assert_eq!(none, None, "a Jekyll post is in _posts/");
    }
}
