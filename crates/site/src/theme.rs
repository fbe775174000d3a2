//! Themes: the templates and static files a site is rendered with.
//!
//! A theme is `themes/<name>/` below the site root (`templates/` and `static/`); `default` is also
//! built into the binary, so a site without a themes/ folder builds. A site's own `templates/`
//! overrides theme files of the same name. Template sources are added to `Sources`, so a template
//! error prints as `path:line`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use content::{FileId, Sources};
use include_dir::{Dir, include_dir};

use crate::blocks;
use crate::error::SiteError;

/// The default theme, embedded at compile time.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../themes/default");

/// Whether a template's `extends`, `include` or `import` takes a name that is not written out
/// (`{% include page.extra.partial %}`, `{% include "icons/" ~ name %}`).
fn names_a_template_at_render_time(text: &str) -> bool {
    blocks::statements(text).into_iter().any(|(_, tag)| matches!(template_tag(tag), Some((_, None))))
}

/// A tag's `extends`, `include`, `import` or `from`, and the template it names when that is
/// written out; `None` within for a name made at render time (`"icons/" ~ name`, a variable,
/// a list). `None` for another tag.
fn template_tag(tag: &str) -> Option<(&str, Option<&str>)> {
    let (word, rest) = tag.split_once(char::is_whitespace)?;
    if !matches!(word, "extends" | "include" | "import" | "from") {
        return None;
    }
    let rest = rest.trim_start();
    let written = rest.chars().next().filter(|c| matches!(c, '"' | '\'')).and_then(|quote| {
        let (name, after) = rest[1..].split_once(quote)?;
        (!after.trim_start().starts_with(['~', '+'])).then_some(name)
    });
    Some((word, written))
}

/// The template a tag names, written out (`template_tag`).
fn named_template(tag: &str) -> Option<(&str, &str)> {
    let (word, name) = template_tag(tag)?;
    Some((word, name?))
}

/// What to add to an error about template `missing`, which is not among `templates`: the nearest
/// name that is (a misspelt path, most often), or for `theme/tag.html`, where the site has no
/// tag.html of its own, that the theme's is `tag.html`.
pub(crate) fn missing_template_hint(missing: &str, templates: &BTreeMap<String, FileId>) -> String {
    if let Some(own) = missing.strip_prefix("theme/").filter(|name| templates.contains_key(*name)) {
        return format!(
            "; only a template the site replaces has a `theme/` name, and the site has no `{own}` of its \
             own: the theme's is `{own}`"
        );
    }
    // Zola's name of a theme's template (`mytheme/templates/page.html`).
    if let Some((_, own)) = missing.split_once("/templates/")
        && (templates.contains_key(&format!("theme/{own}")) || templates.contains_key(own))
    {
        let named = if templates.contains_key(&format!("theme/{own}")) { "theme/" } else { "" };
        return format!("; a theme's template is named without its folders here: `{named}{own}`");
    }
    let names: Vec<&str> = templates.keys().map(String::as_str).collect();
    content::front_matter::nearest_name(missing, &names)
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default()
}

/// The name a `block` tag opens (`content` of `block content scoped`).
fn block_name(tag: &str) -> Option<&str> {
    tag.strip_prefix("block")
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .and_then(|rest| rest.split_whitespace().next())
}

/// The folder shown for the files of the built-in default theme: `(built-in theme)/templates/base.html`.
pub const BUILT_IN: &str = "(built-in theme)";

/// The folder of the templates a body's shortcodes call (`shortcodes/figure.html` for
/// `{{ figure(...) }}`), in a theme's `templates/` and a site's.
pub const SHORTCODES: &str = "shortcodes/";

/// Whether the built-in default theme has the shortcode `name` (`shortcodes/<name>.html`).
pub fn default_has_shortcode(name: &str) -> bool {
    content::shortcode::is_name(name)
        && DEFAULT_THEME.get_file(format!("templates/{SHORTCODES}{name}.html")).is_some()
}

/// The name the theme's stylesheet has in `static/`; it is written as `style.<hash>.css`.
pub const STYLESHEET: &str = "style.css";

/// The site's own rules, `static/custom.css`, added at the end of the stylesheet: a few rules
/// (`:root { --accent: #b3261e; }`) change the theme without a copy of its whole stylesheet.
pub const CUSTOM_STYLESHEET: &str = "custom.css";

/// What a theme writes of each tag and workstream beyond one page (`Theme::list_outputs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListOutputs {
    /// Each tag's own feed, `tags/<slug>/atom.xml`.
    pub feeds: bool,
    /// A tag's records paged, `paginate_tags_by` a page (`tags/<slug>/page/<n>/`).
    pub pages: bool,
    /// A workstream's tasks paged, `paginate_workstreams_by` a page
    /// (`workstreams/<slug>/page/<n>/`).
    pub stream_pages: bool,
}

/// A loaded theme.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`record.html`, `partials/task_table.html`) to its source file.
    pub templates: BTreeMap<String, FileId>,
    /// Static files by output path, site overrides applied later by the output stage.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Template files that cannot be read as templates (not UTF-8), each at its place: the build
    /// fails with them.
    pub errors: Vec<content::Diagnostic>,
    /// The theme's own templates that the site's `templates/` overrides, by name: a site's
    /// template extends or includes one as `theme/<name>` (`{% extends "theme/record.html" %}`).
    pub overridden: BTreeMap<String, FileId>,
    /// Where the theme's templates are, as errors show it: `themes/t/templates/`, or the
    /// built-in theme's.
    pub(crate) folder: String,
}

impl Theme {
    /// Whether template `name` is the default theme's text (so `builtin` may write it).
    pub(crate) fn keeps_default(&self, sources: &Sources, name: &str) -> bool {
        self.templates
            .get(name)
            .is_some_and(|file| crate::builtin::is_default(name, &sources.get(*file).text))
    }

    /// Whether the site gets a search page: site.toml builds the search index and the theme (or
    /// the site's `templates/`) has `search.html` to search it with. A theme without one gets the
    /// index alone, as Zola writes its index for a theme to use.
    pub(crate) fn has_search_page(&self, config: &crate::config::Config) -> bool {
        config.build_search_index && self.templates.contains_key(crate::pages::SEARCH_TEMPLATE)
    }

    /// What this theme writes of each tag beyond one page, asked once for a build or a serve.
    /// - Feeds: its `atom.xml` reads `feed` (the feed's title, URL and page). A theme's feed
    ///   written before tag feeds reads `site.title`, `site.feed_url` and `site.home_url`, and
    ///   would write every tag's feed as the site's (its self link, its id): it gets none.
    /// - Pages: its `tag.html` reads `paginator`. A tag page written before pagination shows every
    ///   record (`records`), and would be written again, alike, on each page: it keeps one. So
    ///   with `workstream.html` and a workstream's tasks (`tasks`).
    pub(crate) fn list_outputs(&self, sources: &Sources) -> ListOutputs {
        ListOutputs {
            feeds: self.reads(sources, crate::pages::FEED, "feed"),
            pages: self.reads(sources, "tag.html", "paginator"),
            stream_pages: self.reads(sources, "workstream.html", "paginator"),
        }
    }

    /// Whether the theme's template `name` reads the variable `variable`: false without the
    /// template, true for the default theme's (which reads what it is given) and for one that
    /// does not parse (its error is told when it is compiled).
    fn reads(&self, sources: &Sources, name: &str, variable: &str) -> bool {
        let Some(file) = self.templates.get(name) else { return false };
        let text = &sources.get(*file).text;
        if crate::builtin::is_default(name, text) {
            return true;
        }
        let env = minijinja::Environment::new();
        env.template_from_str(text).map_or(true, |t| t.undeclared_variables(false).contains(variable))
    }

    /// Whether the task tables and aggregate stats this theme renders end their lines, as the
    /// built-in ones do: a record's prerendered body then always splices, and its text is not
    /// needed to render its page (`build::Rendering::Releasing`).
    pub(crate) fn tables_end_lines(&self, sources: &Sources) -> bool {
        [crate::builtin::TASK_TABLE, crate::builtin::AGGREGATES]
            .into_iter()
            .all(|name| self.keeps_default(sources, name))
    }

    /// A warning at each template of the site's `templates/` that no page uses: not one leverage
    /// renders (`pages::REQUIRED_TEMPLATES`), and named by no template that is rendered (in an
    /// `extends`, `include` or `import`; the theme's own version of a template the site replaces
    /// counts when the site extends or includes it as `theme/<name>`). Most often it is a
    /// misspelt override (`templates/recrod.html`, `templates/partial/task_table.html`) that
    /// would change nothing.
    pub fn unused_templates(&self, sources: &Sources) -> Vec<content::Diagnostic> {
        // A template named at render time (`{% include page.extra.partial %}`, a name built with
        // `~`) could be any: then nothing is said.
        let own = || self.templates.values().map(|f| sources.get(*f).text.as_str());
        let extended: Vec<&str> = self
            .overridden
            .iter()
            .filter(|(name, _)| {
                let quoted = [format!("\"theme/{name}\""), format!("'theme/{name}'")];
                own().any(|text| quoted.iter().any(|q| text.contains(q.as_str())))
            })
            .map(|(_, f)| sources.get(*f).text.as_str())
            .collect();
        let texts = || own().chain(extended.iter().copied());
        if texts().any(names_a_template_at_render_time) {
            return Vec::new();
        }
        // Every piece of text between quotes of every template, `theme/` names as the name: a
        // template is named when its name is one of them. One pass over each text.
        let quoted: std::collections::HashSet<&str> = texts()
            .flat_map(|text| text.split(['"', '\'']))
            .map(|piece| piece.strip_prefix("theme/").unwrap_or(piece))
            .collect();
        let named = |name: &str| quoted.contains(name);
        let used: Vec<&str> = crate::pages::REQUIRED_TEMPLATES
            .iter()
            .copied()
            // Rendered when site.toml builds the search index.
            .chain([crate::pages::SEARCH_TEMPLATE])
            .chain(self.templates.keys().map(String::as_str).filter(|name| named(name)))
            .collect();
        // Near a template used, or one a template names that is not there (the default
        // theme's `{% include "partials/head.html" ignore missing %}`, a hook to fill): what an
        // unused template's name may have meant, made once, in one order whatever the set's (the
        // nearest of two as near is always the same).
        let mut candidates: Vec<&str> = used
            .iter()
            .copied()
            .chain(
                quoted.iter().copied().filter(|q| q.ends_with(".html") && !self.templates.contains_key(*q)),
            )
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut warnings = Vec::new();
        for (name, file) in &self.templates {
            // The site's own templates only: a theme's files are its author's to tidy.
            // A shortcode is called from the content, and may be kept for a page not yet written,
            // unless no call can name it.
            let path = &sources.get(*file).path;
            if let Some(shortcode) = name.strip_prefix(SHORTCODES).and_then(|n| n.strip_suffix(".html"))
                && path.starts_with("templates")
                && !content::shortcode::is_name(shortcode)
                && !used.contains(&name.as_str())
            {
                warnings.push(content::Diagnostic::warning(
                    content::Span::file_start(*file),
                    format!(
                        "template `{name}` is no shortcode a call can name: expected a name of letters, digits and \
                         `_` that begins with a letter or `_`, such as `shortcodes/{}.html`",
                        content::shortcode::name_like(shortcode)
                    ),
                ));
                continue;
            }
            if !path.starts_with("templates") || used.contains(&name.as_str()) || name.starts_with(SHORTCODES)
            {
                continue;
            }
            let hint = content::front_matter::nearest_name(name, &candidates)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            warnings.push(content::Diagnostic::warning(
                content::Span::file_start(*file),
                format!(
                    "template `{name}` is not used: leverage renders no page with it, and no template \
                     extends, includes or imports it{hint}"
                ),
            ));
        }
        warnings
    }

    /// Every template by the name templates give it: the site's and the theme's, and the theme's
    /// own version of each the site replaces as `theme/<name>`.
    pub(crate) fn named_templates(&self) -> BTreeMap<String, FileId> {
        let mut files = self.templates.clone();
        for (name, file) in &self.overridden {
            files.entry(format!("theme/{name}")).or_insert(*file);
        }
        files
    }

    /// An error at each `extends`, `include`, `import` or `from` that names, written out, a
    /// template there is none of. minijinja says so only when a page takes that path (an
    /// `include` in an `{% if %}`), so `check` would pass a theme that fails on the first page
    /// to take it. An `include ... ignore missing` may name one that is not there.
    pub fn unknown_templates(&self, sources: &Sources) -> Vec<content::Diagnostic> {
        let files = self.named_templates();
        // Each missing name once, at its first place, with the other templates that name it:
        // a theme without its `base.html` is one mistake, not one per page template.
        struct Missing<'a> {
            word: &'a str,
            name: &'a str,
            file: FileId,
            range: std::ops::Range<usize>,
            /// The other templates that name it.
            others: Vec<&'a str>,
        }
        let mut missing: Vec<Missing<'_>> = Vec::new();
        for (template, file) in &files {
            for (range, tag) in blocks::statements(&sources.get(*file).text) {
                let Some((word, name)) = named_template(tag) else { continue };
                if files.contains_key(name) || (word == "include" && tag.contains("ignore missing")) {
                    continue;
                }
                match missing.iter_mut().find(|m| m.word == word && m.name == name) {
                    Some(first) if first.file != *file => first.others.push(template),
                    Some(_) => {}
                    None => missing.push(Missing { word, name, file: *file, range, others: Vec::new() }),
                }
            }
        }
        // What an `extends` may mean instead: a template that extends none (`page.html` is no
        // slip of a missing `base.html`: it extends it). Read only when an extends names none,
        // not on every build.
        let layouts: BTreeMap<String, FileId> = if missing.iter().any(|m| m.word == "extends") {
            files
                .iter()
                .filter(|(_, file)| {
                    !blocks::statements(&sources.get(**file).text)
                        .iter()
                        .any(|(_, tag)| tag.starts_with("extends"))
                })
                .map(|(name, file)| (name.clone(), *file))
                .collect()
        } else {
            BTreeMap::new()
        };
        let folder = &self.folder;
        missing
            .into_iter()
            .map(|Missing { word, name, file, range, others }| {
                // A `theme/` name is the theme's own version of a template the site replaces: the
                // hint says whether the theme has it; no path the writer could make holds it.
                let own = name.starts_with("theme/");
                // (Zola's `mytheme/templates/page.html` is looked for among them all.)
                let layout = word == "extends" && !own && !name.contains("/templates/");
                let hint = missing_template_hint(name, if layout { &layouts } else { &files });
                let also = match others.as_slice() {
                    [] => String::new(),
                    [one] => format!(" (and in `{one}`)"),
                    [first, rest @ ..] => format!(" (and in `{first}` and {} more templates)", rest.len()),
                };
                // The built-in theme's folder is no place a writer can add a file to.
                let expected = match (own, folder.starts_with(BUILT_IN)) {
                    (true, _) => String::new(),
                    (false, true) => format!(": expected the site's templates/{name}"),
                    (false, false) => format!(": expected {folder}{name} or the site's templates/{name}"),
                };
                content::Diagnostic {
                    severity: content::Severity::Error,
                    span: content::Span::new(file, range),
                    message: format!(
                        "template error: `{word}` names template `{name}`, which does not exist{expected}{hint}{also}"
                    ),
                }
            })
            .collect()
    }

    /// A warning at each block a template that extends another defines at its top level, when
    /// no template it extends (at any remove) has a block of that name: its content is never
    /// shown (`{% block contnet %}` for `content`).
    pub fn unknown_blocks(&self, sources: &Sources) -> Vec<content::Diagnostic> {
        let files = self.named_templates();
        // Each template's parent and block names.
        let mut parents: BTreeMap<&str, &str> = BTreeMap::new();
        let mut blocks: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, file) in &files {
            for (_, tag) in blocks::statements(&sources.get(*file).text) {
                if let Some(("extends", parent)) = named_template(tag) {
                    parents.entry(name).or_insert(parent);
                } else if let Some(block) = block_name(tag) {
                    blocks.entry(name).or_default().push(block);
                }
            }
        }
        let mut warnings = Vec::new();
        for (name, file) in &files {
            let Some(&parent) = parents.get(name.as_str()) else { continue };
            // The blocks of every template above it, the chain followed once.
            let mut known: Vec<&str> = Vec::new();
            let mut above = Some(parent);
            let mut seen = std::collections::BTreeSet::new();
            while let Some(template) = above.filter(|t| seen.insert(*t)) {
                known.extend(blocks.get(template).into_iter().flatten());
                above = parents.get(template).copied();
            }
            if !files.contains_key(parent) {
                continue;
            }
            let text = &sources.get(*file).text;
            let mut depth = 0usize;
            for (range, tag) in blocks::statements(text) {
                if let Some(block) = block_name(tag) {
                    if depth == 0 && !known.contains(&block) {
                        let hint = content::front_matter::nearest_name(block, &known)
                            .map(|near| format!("; did you mean `{near}`?"))
                            .unwrap_or_default();
                        warnings.push(content::Diagnostic::warning(
                            content::Span::new(*file, range),
                            format!(
                                "block `{block}` is in no template that `{name}` extends (`{parent}`), so \
                                 nothing shows what it holds{hint}"
                            ),
                        ));
                    }
                    depth += 1;
                } else if tag == "endblock" || tag.starts_with("endblock ") {
                    depth = depth.saturating_sub(1);
                }
            }
        }
        warnings
    }

    /// Loads theme `name` for the site at `root`, with the site's template overrides.
    pub fn load(root: &Path, name: &str, sources: &mut Sources) -> Result<Theme, SiteError> {
        let mut theme = Theme::default();
        let dir = root.join("themes").join(name);
        theme.folder = format!("themes/{name}/templates/");
        if dir.is_dir() {
            theme.read_disk(&dir.join("templates"), root, sources, true)?;
            theme.read_disk(&dir.join("static"), root, sources, false)?;
        } else if name == "default" {
            theme.folder = format!("{BUILT_IN}/templates/");
            theme.read_embedded(sources);
        } else {
            return Err(SiteError::Config(format!(
                "theme `{name}` not found: expected a folder {}",
                dir.display()
            )));
        }
        let overrides = root.join("templates");
        if overrides.is_dir() {
            let own = theme.templates.clone();
            theme.read_disk(&overrides, root, sources, true)?;
            theme.overridden =
                own.into_iter().filter(|(name, file)| theme.templates.get(name) != Some(file)).collect();
        }
        // The site's static/style.css replaces the theme's, as any static file of the site
        // replaces the theme's of the same name: it is the stylesheet pages link, under its hash.
        let css = root.join("static").join(STYLESHEET);
        if css.is_file() {
            let bytes = std::fs::read(&css)
                .map_err(|e| SiteError::Io { path: css.clone(), message: e.to_string() })?;
            theme.static_files.insert(STYLESHEET.to_string(), bytes);
        }
        // Added after it, so its rules win over the theme's of the same weight; one file, so
        // pages still link one stylesheet, under the hash of both.
        let custom = root.join("static").join(CUSTOM_STYLESHEET);
        if custom.is_file() {
            let bytes = std::fs::read(&custom)
                .map_err(|e| SiteError::Io { path: custom.clone(), message: e.to_string() })?;
            // `@import` (a web font's stylesheet) is only read before every other rule: those
            // rules go to the top of the stylesheet, the rest to its end.
            let text = String::from_utf8_lossy(&bytes);
            let (imports, rules) = split_imports(&text);
            let sheet = theme.static_files.entry(STYLESHEET.to_string()).or_default();
            if !imports.is_empty() {
                let mut top = b"/* static/custom.css: its @import lines */\n".to_vec();
                for rule in &imports {
                    top.extend_from_slice(rule.as_bytes());
                    top.push(b'\n');
                }
                // After the theme's `@charset`, which counts only as the stylesheet's first bytes.
                let charset = sheet
                    .starts_with(b"@charset")
                    .then(|| sheet.iter().position(|b| *b == b';'))
                    .flatten()
                    .map_or(0, |semicolon| {
                        let end = semicolon + 1;
                        end + usize::from(sheet.get(end) == Some(&b'\n'))
                    });
                if charset > 0 && sheet.get(charset - 1) != Some(&b'\n') {
                    top.insert(0, b'\n');
                }
                sheet.splice(charset..charset, top);
            }
            if !sheet.is_empty() {
                if !sheet.ends_with(b"\n") {
                    sheet.push(b'\n');
                }
                sheet.push(b'\n');
            }
            sheet.extend_from_slice(b"/* static/custom.css */\n");
            sheet.extend_from_slice(rules.as_bytes());
        }
        Ok(theme)
    }

    fn read_embedded(&mut self, sources: &mut Sources) {
        for file in walk_embedded(&DEFAULT_THEME) {
            let path = file.path();
            let bytes = file.contents().to_vec();
            if let Ok(name) = path.strip_prefix("templates") {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let shown = Path::new(BUILT_IN).join(path);
                self.templates.insert(slashed(name), sources.add(shown, text));
            } else if let Ok(name) = path.strip_prefix("static") {
                self.static_files.insert(slashed(name), bytes);
            }
        }
    }

    fn read_disk(
        &mut self,
        dir: &Path,
        root: &Path,
        sources: &mut Sources,
        templates: bool,
    ) -> Result<(), SiteError> {
        if !dir.is_dir() {
            return Ok(());
        }
        // Links are followed, as below static/ and content/: a template that is a link to a file
        // elsewhere is that file (it was skipped, and the theme's own used in its place). A link
        // that loops is passed over.
        let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
        for entry in walk.filter_entry(|e| !is_kept_out(e)) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    unwalkable(e, dir)?;
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let relative = path.strip_prefix(dir).expect("walkdir stays below its root");
            if templates && !is_template_file(relative) {
                continue;
            }
            let name = slashed(relative);
            let bytes = std::fs::read(path)
                .map_err(|e| SiteError::Io { path: path.to_path_buf(), message: e.to_string() })?;
            if templates {
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let (text, bad_byte) = content::decode(bytes);
                let file = sources.add(&shown, text);
                if let Some(offset) = bad_byte {
                    self.errors.push(content::Diagnostic::error(content::ContentError::Other {
                        // An image or a font among the templates is a file of `static/`.
                        message: format!(
                            "expected UTF-8 text, found a byte that is not UTF-8 at byte {offset}: a \
                             template is text; an image, a font or another file pages link belongs \
                             in `static/`, which is copied as it is"
                        ),
                        span: content::Span::new(file, offset..offset + 1),
                    }));
                }
                self.templates.insert(name, file);
            } else {
                self.static_files.insert(name, bytes);
            }
        }
        Ok(())
    }
}

/// Whether a file below a `templates/` folder (`relative` to it) is a template: not hidden
/// (`.base.html.swp`, `.DS_Store`, a file in `.git/`), not what static/ leaves out either
/// (`is_left_out_name`: `base.html~`, `#base.html#`, `Thumbs.db`, ...), and not a backup of an
/// editor's or a merge's (`base.html.bak`, `.orig`, `.rej`, `.tmp`, `.swp`, in any case), which
/// would be read as a template, as Hugo and Zola never read them; nor a folder's notes for
/// people (`README.md`, `LICENSE`, `CHANGELOG.txt`, with no extension or a prose one), which a
/// theme's templates folder may hold and which are no page's template.
pub fn is_template_file(relative: &Path) -> bool {
    if content::load::is_hidden(relative) || relative.file_name().is_some_and(is_left_out_name) {
        return false;
    }
    let Some(name) = relative.file_name().and_then(|n| n.to_str()) else { return true };
    let extension = relative.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let backup = matches!(extension.as_deref(), Some("swp" | "swo" | "swx" | "bak" | "orig" | "rej" | "tmp"));
    // Notes by name and a prose extension or none: `partials/license.html` is a template.
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    let notes = matches!(stem.as_str(), "README" | "LICENSE" | "LICENCE" | "CHANGELOG" | "COPYING")
        && matches!(extension.as_deref(), None | Some("md" | "markdown" | "txt" | "rst" | "adoc"));
    !(backup || notes)
}

fn walk_embedded<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(walk_embedded(sub));
    }
    files.sort_by_key(|f| f.path());
    files
}

/// Every file of the built-in default theme, by its path in the theme (`templates/base.html`,
/// `static/style.css`), in path order: what `leverage theme` copies out.
pub fn default_theme_files() -> Vec<(String, &'static [u8])> {
    walk_embedded(&DEFAULT_THEME).into_iter().map(|file| (slashed(file.path()), file.contents())).collect()
}

/// The templates of the built-in default theme, by name (`base.html`, `partials/task_table.html`:
/// their paths below `templates/`), in name order: what `leverage theme --template` copies, and
/// what the `theme` fuzz target replaces.
pub fn default_templates() -> Vec<(String, &'static [u8])> {
    let files = default_theme_files().into_iter();
    files.filter_map(|(path, bytes)| Some((path.strip_prefix("templates/")?.to_string(), bytes))).collect()
}

/// The text of template `name` (`partials/task_table.html`) in the embedded default theme.
pub(crate) fn default_template(name: &str) -> Option<&'static str> {
    DEFAULT_THEME.get_file(Path::new("templates").join(name)).and_then(include_dir::File::contents_utf8)
}

/// A relative path with `/` separators.
pub fn slashed(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Whether a file or folder of this name, below a `static/` folder or in a page's bundle, is
/// left out of the site: a version control folder (a library cloned into static/, or a
/// submodule, whose `.git/config` may hold a remote's URL with its token), what macOS and
/// Windows leave in folders (`.DS_Store`, `Thumbs.db`, `desktop.ini`), and an editor's or an
/// office suite's leftovers of a file open in it (`notes.txt~`, `#notes.txt#`, Emacs's lock
/// `.#notes.txt`, Vim's `.notes.txt.swp`, LibreOffice's `.~lock.report.odt#`, Microsoft
/// Office's `~$report.docx`, the last two holding the user's name), which would be published and
/// deployed while the file is edited. Other hidden names, such as `.well-known/` and
/// `.nojekyll`, are copied from static/: hosts read them. Case is ignored, as it is on the file
/// systems of macOS and Windows (`.GIT` is the `.git` folder there).
pub fn is_left_out_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().map(str::to_ascii_lowercase).is_some_and(|name| {
        let leftover = name.ends_with('~')
            || (name.len() > 2 && name.starts_with('#') && name.ends_with('#'))
            || name.starts_with(".#")
            || name.starts_with("~$")
            || (name.starts_with(".~lock.") && name.ends_with('#'))
            || [".swp", ".swo", ".swx"].iter().any(|swap| name.starts_with('.') && name.ends_with(swap));
        leftover
            || matches!(
                name.as_str(),
                ".git"
                    | ".hg"
                    | ".svn"
                    | ".bzr"
                    | "_darcs"
                    | ".jj"
                    | ".ds_store"
                    | "thumbs.db"
                    | "desktop.ini"
            )
    })
}

/// Whether a file or folder below a `static/` folder is left out of the site
/// (`is_left_out_name`).
fn is_kept_out(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && is_left_out_name(entry.file_name())
}

/// A symbolic link below `static/` that loops back to a folder above it: its path below
/// `static/`, and the folder it loops to.
/// (Whether it leads to the site's output, `public/`, rather than to a folder above it.)
pub type StaticLoop = (String, PathBuf, bool);

/// Static files of the site itself (`static/`), by output path, and the symbolic links below
/// `static/` that loop: they are skipped, as such links under content/ are, rather than failing
/// the build.
pub fn site_static(
    root: &Path,
    outputs: &[PathBuf],
) -> Result<(BTreeMap<String, PathBuf>, Vec<StaticLoop>), SiteError> {
    let dir = root.join("static");
    let mut files = BTreeMap::new();
    let mut loops = Vec::new();
    if !dir.is_dir() {
        return Ok((files, loops));
    }
    let below = |path: &Path| slashed(path.strip_prefix(&dir).unwrap_or(path));
    // A link to the site's output (`static/pub -> ../public`, or to `--output-dir`'s, with its
    // marker or without; `outputs`) would copy the last output into the next, which would grow
    // with every build: skipped as a loop is. Another site's output (`static/demo ->
    // ../../demo/public`) is a folder like any other.
    let own: Vec<PathBuf> = outputs.iter().filter_map(|output| std::fs::canonicalize(output).ok()).collect();
    let mut outputs = Vec::new();
    let to_output = |e: &walkdir::DirEntry| {
        e.path_is_symlink()
            && e.file_type().is_dir()
            && std::fs::canonicalize(e.path()).is_ok_and(|target| own.contains(&target))
    };
    let walk = walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| {
        if to_output(e) {
            outputs.push(e.path().to_path_buf());
            return false;
        }
        !is_kept_out(e)
    }) {
        match entry {
            // static/style.css is the stylesheet and static/custom.css part of it (`Theme::load`),
            // written under its hash.
            Ok(entry)
                if entry.depth() == 1
                    && (entry.file_name() == STYLESHEET || entry.file_name() == CUSTOM_STYLESHEET) => {}
            // Named in Unicode's composed form (NFC), as slugs and links are read: a file named
            // on macOS (`U` and a combining mark) is the `Ü` a page links to.
            Ok(entry) if entry.file_type().is_file() => {
                // A name that is no UTF-8 would be published under another (`bad\xff.txt` as
                // `bad�.txt`), and two names alike but for their Unicode form as one file, the
                // other left out: each is an error at the file, not a file silently lost.
                let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                if relative.to_str().is_none() {
                    return Err(SiteError::Io {
                        path: entry.into_path(),
                        message: "its name is not UTF-8, which no URL can name as it is: expected a name in \
                                  UTF-8 (rename the file)"
                            .to_string(),
                    });
                }
                let name = content::composed(&below(entry.path()));
                if let Some(other) = files.get(&name) {
                    return Err(SiteError::Io {
                        path: entry.into_path(),
                        message: format!(
                            "it would be published as `{name}`, as {} would: their names differ only in \
                             Unicode's form (composed or not, as macOS and Linux write accents); expected \
                             one of them",
                            slashed(other.strip_prefix(root).unwrap_or(other))
                        ),
                    });
                }
                files.insert(name, entry.into_path());
            }
            Ok(_) => {}
            Err(e) => {
                let (path, ancestor) = unwalkable(e, &dir)?;
                loops.push((below(&path), ancestor, false));
            }
        }
    }
    for output in outputs {
        let target = std::fs::canonicalize(&output).unwrap_or_else(|_| output.clone());
        loops.push((below(&output), target, true));
    }
    Ok((files, loops))
}

/// What a walk below `dir` that follows links makes of an entry it cannot read: a link that
/// loops back to a folder above it is handed back with that folder, to be passed over; anything
/// else is an error, a link whose target is gone named with where it points (the file a page
/// shows, or the template it is, would be missing).
fn unwalkable(e: walkdir::Error, dir: &Path) -> Result<(PathBuf, PathBuf), SiteError> {
    if let (Some(ancestor), Some(path)) = (e.loop_ancestor(), e.path()) {
        return Ok((path.to_path_buf(), ancestor.to_path_buf()));
    }
    Err(match e.path().and_then(|path| Some((path, content::load::dangling_link(path, "a file")?))) {
        Some((path, message)) => SiteError::Io { path: path.to_path_buf(), message },
        None => SiteError::Io { path: dir.to_path_buf(), message: e.to_string() },
    })
}

/// A stylesheet's top-level `@import` rules, each whole (from `@import` through its `;`, over
/// lines if need be), and the text without them, nor its `@charset` (which counts only as a
/// stylesheet's first bytes, and `custom.css` ends the theme's). Comments, strings and blocks
/// are skipped, so that an `@import` commented out stays a comment; the keyword is read in any
/// case, as browsers read it. An `@import` without its `;` is left where it is.
fn split_imports(css: &str) -> (Vec<&str>, String) {
    let bytes = css.as_bytes();
    let (mut imports, mut rest) = (Vec::new(), String::with_capacity(css.len()));
    let (mut kept, mut depth, mut i) = (0, 0usize, 0);
    while i < bytes.len() {
        if let Some(next) = skipped(css, i) {
            i = next;
            continue;
        }
        match bytes[i] {
            b'{' => (depth, i) = (depth + 1, i + 1),
            b'}' => (depth, i) = (depth.saturating_sub(1), i + 1),
            b'@' if depth == 0 => {
                let import = at_keyword(css, i, "import");
                let end = (import || at_keyword(css, i, "charset")).then(|| statement_end(css, i)).flatten();
                let Some(end) = end else {
                    i += 1;
                    continue;
                };
                rest.push_str(&css[kept..i]);
                if import {
                    imports.push(&css[i..end]);
                }
                // The rule's line break goes with it.
                let after = &css[end..];
                let skip = after.len() - after.trim_start_matches([' ', '\t']).len();
                let after = &after[skip..];
                let newline =
                    if after.starts_with("\r\n") { 2 } else { usize::from(after.starts_with('\n')) };
                (kept, i) = (end + skip + newline, end + skip + newline);
            }
            _ => i += 1,
        }
    }
    rest.push_str(&css[kept..]);
    (imports, rest)
}

/// Whether `css[at..]` is `@keyword` (in any case) followed by no more of a name.
fn at_keyword(css: &str, at: usize, keyword: &str) -> bool {
    let name = &css.as_bytes()[at + 1..];
    name.len() >= keyword.len()
        && name[..keyword.len()].eq_ignore_ascii_case(keyword.as_bytes())
        && !name
            .get(keyword.len())
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || *b >= 0x80)
}

/// Where what opens at `at` ends, when it is a comment, a string or an escape, which a scan of
/// a stylesheet's rules steps over whole.
fn skipped(css: &str, at: usize) -> Option<usize> {
    let bytes = css.as_bytes();
    match bytes[at] {
        // After its `*/`, or at the text's end.
        b'/' if bytes.get(at + 1) == Some(&b'*') => {
            Some(css[at + 2..].find("*/").map_or(css.len(), |end| at + 2 + end + 2))
        }
        b'"' | b'\'' => Some(string_end(bytes, at)),
        b'\\' => Some(at + 2),
        // An unquoted `url(...)` is one token up to its `)`: `url(it's.css)` holds no string.
        b'u' | b'U'
            if bytes.get(at..at + 4).is_some_and(|word| word.eq_ignore_ascii_case(b"url("))
                && !at.checked_sub(1).is_some_and(|before| {
                    bytes[before].is_ascii_alphanumeric() || matches!(bytes[before], b'-' | b'_')
                }) =>
        {
            let inside = css[at + 4..].trim_start();
            if inside.starts_with(['"', '\'']) {
                return None;
            }
            Some(css[at + 4..].find(')').map_or(css.len(), |end| at + 4 + end + 1))
        }
        _ => None,
    }
}

/// Where the string opening at `at` ends: after its closing quote, or at the line's end (where
/// CSS ends a string left open).
fn string_end(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Where the statement (an at-rule without a block) opening at `at` ends: after its `;`, outside
/// strings, comments and parentheses; `None` when a block or the text's end comes first.
fn statement_end(css: &str, at: usize) -> Option<usize> {
    let bytes = css.as_bytes();
    let (mut parens, mut i) = (0usize, at + 1);
    while i < bytes.len() {
        if let Some(next) = skipped(css, i) {
            i = next;
            continue;
        }
        match bytes[i] {
            b'(' => (parens, i) = (parens + 1, i + 1),
            b')' => (parens, i) = (parens.saturating_sub(1), i + 1),
            b';' if parens == 0 => return Some(i + 1),
            b'{' | b'}' if parens == 0 => return None,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_under_static_is_named_with_where_it_points() {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(root.path().join("static/img")).expect("made");
        std::os::unix::fs::symlink("/nowhere/logo.png", root.path().join("static/img/logo.png"))
            .expect("linked");
        let err = site_static(root.path(), &[]).expect_err("a link to nothing");
        assert_eq!(
            err.to_string(),
            format!(
                "{}: a symbolic link to /nowhere/logo.png, which does not exist: expected a file there; remove the \
                 link or bring back what it points to",
                root.path().join("static/img/logo.png").display()
            )
        );
    }

    /// Two static files whose names differ only in Unicode's form were published as one, the
    /// other left out without a word, and a name that is no UTF-8 under another name.
    #[cfg(unix)]
    #[test]
    fn static_files_that_would_publish_as_another_name_are_errors() {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(root.path().join("static")).expect("made");
        std::fs::write(root.path().join("static/caf\u{e9}.txt"), "composed").expect("written");
        assert!(site_static(root.path(), &[]).is_ok());
        std::fs::write(root.path().join("static/cafe\u{301}.txt"), "decomposed").expect("written");
        let err = site_static(root.path(), &[]).expect_err("one name for two files").to_string();
        assert!(err.contains("would be published as `caf\u{e9}.txt`, as static/caf"), "{err}");
        std::fs::remove_file(root.path().join("static/cafe\u{301}.txt")).expect("removed");
        use std::os::unix::ffi::OsStrExt;
        let bad = root.path().join("static").join(std::ffi::OsStr::from_bytes(b"bad\xff.txt"));
        std::fs::write(&bad, "x").expect("written");
        let err = site_static(root.path(), &[]).expect_err("no UTF-8").to_string();
        assert!(err.contains("its name is not UTF-8"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_template_that_is_a_link_is_the_file_it_links_to_and_a_looping_link_is_passed_over() {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(root.path().join("templates")).expect("made");
        std::fs::write(root.path().join("mine.html"), "MINE").expect("written");
        std::os::unix::fs::symlink("../mine.html", root.path().join("templates/page.html")).expect("linked");
        std::os::unix::fs::symlink("..", root.path().join("templates/loop")).expect("linked");
        let mut sources = Sources::new();
        let theme = Theme::load(root.path(), "default", &mut sources).expect("loads");
        let page = theme.templates["page.html"];
        assert_eq!(sources.get(page).text, "MINE");
        assert!(theme.overridden.contains_key("page.html"));
        // A link to nothing is named with where it points, as below static/.
        std::os::unix::fs::symlink("/nowhere/base.html", root.path().join("templates/base.html"))
            .expect("linked");
        let err = Theme::load(root.path(), "default", &mut Sources::new()).expect_err("a link to nothing");
        assert!(err.to_string().ends_with("a symbolic link to /nowhere/base.html, which does not exist: expected a file there; remove the link or bring back what it points to"), "{err}");
    }

    #[test]
    fn a_template_name_given_at_render_time_is_told_from_a_written_one() {
        for written in [
            "{% extends \"base.html\" %}",
            "{%- include 'partials/a.html' ignore missing %}",
            "{% import \"partials/macros.html\" as m %}{% from 'x.html' import y %}",
            "{{ x }} {% if a %}{% endif %} {% set includes = 1 %}",
        ] {
            assert!(!names_a_template_at_render_time(written), "{written}");
        }
        for computed in [
            "{% include page.extra.partial %}",
            "{% include \"icons/\" ~ name ~ \".svg\" %}",
            "{%- extends layout -%}",
            "{% import 'a/' + b as m %}",
        ] {
            assert!(names_a_template_at_render_time(computed), "{computed}");
        }
    }

    #[test]
    fn tags_are_read_outside_comments_and_raw_blocks() {
        let text = "{# {% include \"c.html\" %} #}{%- include 'a.html' -%}{% raw %}{% include \"r.html\" %}\
                    {% endraw %}{% include \"i/\" ~ x %}{% extends \"b.html\" %}";
        let named: Vec<(&str, &str)> =
            blocks::statements(text).into_iter().filter_map(|(_, tag)| named_template(tag)).collect();
        assert_eq!(named, [("include", "a.html"), ("extends", "b.html")]);
        let (range, _) = blocks::statements(text).into_iter().next().expect("a tag");
        assert_eq!(&text[range], "{%- include 'a.html' -%}");
        // A string is text: `{#` in an expression's string opens no comment, `{% ... %}` in one
        // is no tag, and `%}` in a tag's string does not end it. What a tag left open hides
        // nothing before it.
        let text = "{{ \"{#\" }}{% include \"a.html\" %}{{ \"{% include 'x.html' %}\" }}\
                    {% include \"b%}.html\" %}{% include \"c.html\" %}{% if";
        let named: Vec<(&str, &str)> =
            blocks::statements(text).into_iter().filter_map(|(_, tag)| named_template(tag)).collect();
        assert_eq!(named, [("include", "a.html"), ("include", "b%}.html"), ("include", "c.html")]);
        assert_eq!(block_name("block content scoped"), Some("content"));
        assert_eq!(block_name("block\tnav"), Some("nav"));
        assert_eq!(block_name("blocks x"), None);
    }

    #[test]
    fn only_whole_top_level_imports_are_taken_out() {
        let css = "@charset \"utf-8\";\n/*\n@import url(\"old.css\");\n*/\na { color: red; }\n@import\n  url(\"fonts.css\");\n\
                   @IMPORT url('b;c.css') screen;\r\n@media print { @import url(x.css); }\n\
                   .x::after { content: \"@import y;\" }\n@import url(it's.css);\n@importance;\n@import url(open.css)";
        let (imports, rest) = split_imports(css);
        assert_eq!(
            imports,
            ["@import\n  url(\"fonts.css\");", "@IMPORT url('b;c.css') screen;", "@import url(it's.css);"]
        );
        assert_eq!(
            rest,
            "/*\n@import url(\"old.css\");\n*/\na { color: red; }\n@media print { @import url(x.css); }\n\
             .x::after { content: \"@import y;\" }\n@importance;\n@import url(open.css)",
            "a comment, a block, a string, another name and an import without its end stay"
        );
    }

    proptest::proptest! {
        #[test]
        fn taking_imports_out_loses_no_other_text(
            css in r#"(@import |@IMPORT|@charset |url\(|/\*|\*/|[;{}()'"\\\n é]|[a-z]){0,40}"#,
        ) {
            let (imports, rest) = split_imports(&css);
            for import in &imports {
                proptest::prop_assert!(import.get(..7).is_some_and(|k| k.eq_ignore_ascii_case("@import")), "{import:?}");
                proptest::prop_assert!(import.ends_with(';'), "{import:?}");
            }
            // The rest is the text with whole spans taken out, in order, and nothing else.
            let mut left = rest.chars().peekable();
            for c in css.chars() {
                if left.peek() == Some(&c) {
                    left.next();
                }
            }
            proptest::prop_assert!(left.next().is_none(), "{rest:?} is not what is left of {css:?}");
            if !css.contains('@') {
                proptest::prop_assert_eq!(&rest, &css);
            }
        }
    }

    #[test]
    fn custom_css_ends_the_stylesheet_and_its_imports_begin_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir_all(dir.path().join("static")).expect("static/");
        let custom = "@import url(\"https://fonts.example/inter.css\");\n:root { --accent: #b3261e; }\n";
        std::fs::write(dir.path().join("static/custom.css"), custom).expect("written");
        let theme = Theme::load(dir.path(), "default", &mut Sources::default()).expect("the default theme");
        let sheet = String::from_utf8(theme.static_files[STYLESHEET].clone()).expect("UTF-8");
        assert!(
            sheet.starts_with(
                "/* static/custom.css: its @import lines */\n@import url(\"https://fonts.example/inter.css\");\n"
            ),
            "{}",
            &sheet[..200]
        );
        assert!(sheet.contains(".site-header"), "the theme's rules stay");
        assert!(sheet.ends_with("\n/* static/custom.css */\n:root { --accent: #b3261e; }\n"));
        assert_eq!(sheet.matches("@import").count(), 2, "once, and once in the comment");
        let (files, _) = site_static(dir.path(), &[]).expect("the site's static files");
        assert!(!files.contains_key(CUSTOM_STYLESHEET), "not copied on its own");
        // A stylesheet that opens with `@charset` keeps it first: only there does it count.
        std::fs::write(dir.path().join("static/style.css"), "@charset \"utf-8\";\nbody { margin: 0; }\n")
            .expect("written");
        let theme = Theme::load(dir.path(), "default", &mut Sources::default()).expect("the default theme");
        let sheet = String::from_utf8(theme.static_files[STYLESHEET].clone()).expect("UTF-8");
        assert!(
            sheet
                .starts_with("@charset \"utf-8\";\n/* static/custom.css: its @import lines */\n@import url("),
            "{sheet}"
        ); // A theme without a stylesheet: custom.css is the whole of it, from its first line.
        std::fs::remove_file(dir.path().join("static/style.css")).expect("removed");
        std::fs::create_dir_all(dir.path().join("themes/bare/templates")).expect("a theme");
        let theme = Theme::load(dir.path(), "bare", &mut Sources::default()).expect("the bare theme");
        let sheet = String::from_utf8(theme.static_files[STYLESHEET].clone()).expect("UTF-8");
        assert!(sheet.starts_with("/* static/custom.css: its @import lines */\n@import url("), "{sheet}");
        assert!(sheet.contains(");\n\n/* static/custom.css */\n:root"), "{sheet}");
        std::fs::write(dir.path().join("static/custom.css"), ":root { --accent: red; }\n").expect("written");
        let theme = Theme::load(dir.path(), "bare", &mut Sources::default()).expect("the bare theme");
        let sheet = String::from_utf8(theme.static_files[STYLESHEET].clone()).expect("UTF-8");
        assert_eq!(sheet, "/* static/custom.css */\n:root { --accent: red; }\n");
    }
}
