//! Posts written in markdown for Jekyll, Hugo or Zola: the front matter (YAML between `---`
//! lines, or TOML between `+++`) is turned into leverage's, and the body is kept as written.
//!
//! YAML is read with yaml-rust2 (maintained, pure Rust); only the keys that mean something to
//! leverage are carried over, each under its name here, and the others are listed as not placed.

use std::borrow::Cow;

use chrono::NaiveDate;
use yaml_rust2::{Yaml, YamlLoader};

use super::NotImported;
use super::origin::Origin;

/// A markdown post, converted: its date, the content file's front matter and body, the front
/// matter keys that were left out, and the post's address on the site it comes from.
#[derive(Debug)]
pub(crate) struct Converted {
    pub(crate) date: NaiveDate,
    front: toml::Table,
    body: String,
    pub(crate) left_out: Vec<String>,
    /// The post's own address on its site (`/posts/first/`), for the record to keep as an alias
    /// unless it is the record's own: not yet among `front`'s aliases.
    pub(crate) address: Option<String>,
}

impl Converted {
    /// Keeps the aliases of the front matter for which `keep` holds.
    pub(crate) fn retain_aliases(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let mut emptied = false;
        if let Some(list) = self.front.get_mut("aliases").and_then(toml::Value::as_array_mut) {
            list.retain(|alias| alias.as_str().is_none_or(&mut keep));
            emptied = list.is_empty();
        }
        if emptied {
            self.front.remove("aliases");
        }
    }

    /// The content file's text, with `address` among its aliases when given.
    pub(crate) fn text(&self, address: Option<&str>) -> Result<String, NotImported> {
        let mut front = self.front.clone();
        if let Some(address) = address {
            let aliases = front.entry("aliases").or_insert_with(|| toml::Value::Array(Vec::new()));
            if let Some(list) = aliases.as_array_mut() {
                list.push(address.into());
            }
        }
        let text = toml::to_string(&front).map_err(|e| format!("cannot write the front matter: {e}"))?;
        Ok(format!("+++\n{text}+++\n{}", self.body))
    }
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
    /// The summary, and the name it was under.
    summary: Option<(String, String)>,
    draft: Option<bool>,
    aliases: Vec<String>,
    slug: Option<String>,
    /// The page's picture for link previews: Hugo's first of `images`, PaperMod's `cover.image`.
    image: Option<String>,
    extra: Option<toml::Table>,
    /// A table of contents asked for (Hugo's and Jekyll's `toc`, PaperMod's `ShowToc`): the
    /// default theme's `[extra] toc`.
    toc: Option<bool>,
    left_out: Vec<String>,
}

/// Converts a markdown post; `fallback` is the date for a post whose front matter gives none
/// (its file name's, or its title's), and `origin` the site it comes from, when it is known.
pub(crate) fn convert(
    text: &str,
    fallback: Option<NaiveDate>,
    origin: Option<&Origin>,
) -> Result<Converted, NotImported> {
    let (table, body) = front_matter(text)?;
    let mut keys = keys_of(&table);
    // Hugo reads an alias without a leading `/` in the page's own folder.
    let mut aliases = Vec::with_capacity(keys.aliases.len());
    for alias in std::mem::take(&mut keys.aliases) {
        match origin.filter(|_| !alias.starts_with('/')).map(|o| o.relative_alias(&alias)) {
            None => aliases.push(alias),
            Some(Some(resolved)) => aliases.push(resolved),
            Some(None) => {
                keys.left_out.push(format!("the alias `{alias}`: it climbs out of the page's folder"))
            }
        }
    }
    keys.aliases = aliases;
    // The body's first line in the post, for the places of its shortcodes.
    let first_line = text[..text.len() - body.len()].lines().count() + 1;
    let (body, shortcodes) = shortcodes(body, first_line);
    keys.left_out.extend(shortcodes);
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
    if let Some((_, summary)) = keys.summary {
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
    if let Some(image) = keys.image {
        out.insert("image".into(), image.into());
    }
    let mut extra = keys.extra.unwrap_or_default();
    if let Some(toc) = keys.toc {
        // A Zola post's own `[extra] toc` stands.
        extra.entry("toc").or_insert(toml::Value::Boolean(toc));
    }
    if !extra.is_empty() {
        out.insert("extra".into(), toml::Value::Table(extra));
    }
    let site = origin.map_or("", Origin::generator);
    let address = match origin.map(|o| o.url(&table, date)) {
        Some(Ok(address)) if out_aliases(&out).any(|b| same_path(&address, b)) => None,
        Some(Ok(address)) => match content::load::alias_path(&address) {
            Ok(_) => Some(address),
            Err(problem) => {
                keys.left_out.push(format!(
                    "its address on the {site} site, `{address}`: no alias can hold it ({problem})"
                ));
                None
            }
        },
        Some(Err(Some(why))) => {
            keys.left_out.push(format!("its address on the {site} site, not kept as an alias: {why}"));
            None
        }
        Some(Err(None)) | None => None,
    };
    Ok(Converted { date, front: out, body, left_out: keys.left_out, address })
}

/// The body with Hugo's `highlight` shortcode written as the fenced code block it stands for,
/// Hugo's `figure`, `youtube` and `details` written as leverage's (`hugo_shortcodes`), and a note
/// for each other shortcode: Hugo's (`{{% note %}}`), left as text, which a page shows as
/// written, and Zola's of a name the default theme has not (`{% note() %}`), for which the site
/// needs a template.
fn shortcodes(body: &str, first_line: usize) -> (String, Vec<String>) {
    let mut out = String::with_capacity(body.len());
    let mut notes = Vec::new();
    // Hugo `details` written as leverage's and not yet closed.
    let mut open_details = 0usize;
    // The fence of the code block the line is in (`` ``` `` or `~~~`, as long as it was
    // written).
    let mut fence: Option<String> = None;
    // A `highlight` being read: its indent, its language and its code so far.
    let mut highlight: Option<(&str, String, String)> = None;
    // Inside Jekyll's `{% raw %}`, whose text is shown as written.
    let mut in_raw = false;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let source = line;
        let trimmed = line.trim();
        // A Liquid tag alone on its line, by its words (`{% highlight ruby linenos %}`).
        let tag_words = || {
            let inner = trimmed.strip_prefix("{%")?.strip_suffix("%}")?;
            let inner = inner.trim().trim_start_matches('-').trim_end_matches('-').trim();
            (!inner.contains("%}")).then(|| inner.split_whitespace().collect::<Vec<_>>())
        };
        // A shortcode's words (`{{< highlight go >}}`, `{{</ highlight >}}`), the `/` of a
        // closing one on its own.
        let words = || {
            let inner = trimmed.strip_prefix("{{<")?.strip_suffix(">}}")?.trim();
            let (closing, inner) = match inner.strip_prefix('/') {
                Some(rest) => (true, rest.trim_start()),
                None => (false, inner),
            };
            Some((closing, inner.split_whitespace().collect::<Vec<_>>()))
        };
        if let Some((indent, lang, code)) = &mut highlight {
            let hugo_end =
                matches!(words().as_ref().map(|(c, w)| (*c, w.as_slice())), Some((true, ["highlight"])));
            if hugo_end || tag_words().is_some_and(|words| words == ["endhighlight"]) {
                write_fenced(&mut out, indent, lang, code);
                highlight = None;
            } else {
                code.push_str(&liquid(line, &mut in_raw, true, &mut |_| {}));
            }
            continue;
        }
        // Shortcodes are written in code only to show them.
        let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        match &fence {
            Some(open) if marker.starts_with(open.as_str()) && trimmed.len() == marker.len() => fence = None,
            None if marker.len() >= 3
                && marker.chars().all(|c| c == marker.chars().next().unwrap_or('`')) =>
            {
                fence = Some(marker.clone());
            }
            _ => {}
        }
        let in_code = fence.is_some() && marker.is_empty();
        // Jekyll's `{% highlight ruby %}`, as Hugo's `highlight` below.
        let liquid_highlight = (!in_code && !in_raw && marker.is_empty())
            .then(tag_words)
            .flatten()
            .filter(|words| words.first() == Some(&"highlight"));
        let unliquid;
        let line = if liquid_highlight.is_some() {
            line
        } else {
            unliquid = liquid(line, &mut in_raw, in_code || !marker.is_empty(), &mut |kept| {
                notes.push(format!("line {}: Jekyll's Liquid, left as text: `{kept}`", first_line + n));
            });
            &*unliquid
        };
        if in_code {
            // In code a call is text in leverage: the escapes Zola and Hugo need there are not.
            out.push_str(&unescaped_in_code(line));
            continue;
        }
        if fence.is_none() && marker.is_empty() {
            if let Some(words) = liquid_highlight.or_else(|| {
                words()
                    .filter(|(closing, words)| !closing && words.first() == Some(&"highlight"))
                    .map(|(_, w)| w)
            }) {
                // `{{< highlight go "linenos=table" >}}`: the language, if given, is the first
                // word; the block keeps the shortcode's indent (in a list item).
                let lang = words.get(1).map_or("", |l| l.trim_matches('"')).to_string();
                let indent = &source[..source.len() - source.trim_start().len()];
                highlight = Some((indent, lang, String::new()));
                continue;
            }
            let line = hugo_shortcodes(line, &mut open_details);
            let trimmed = line.trim();
            let hugo = ["{{<", "{{%"].iter().any(|open| line.contains(open));
            // Zola's: `{{ name(` or `{% name(`, of a name the theme has not.
            let zola = ["{{", "{%"].iter().find_map(|open| {
                line.match_indices(open).find_map(|(at, _)| {
                    let rest = line[at + open.len()..].trim_start();
                    let name = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
                    let name = &rest[..name];
                    (!name.is_empty()
                        && rest[name.len()..].starts_with('(')
                        && !site::theme::default_has_shortcode(name))
                    .then_some(name)
                })
            });
            let shown: String = trimmed.chars().take(60).collect();
            let more = if trimmed.chars().count() > 60 { "…" } else { "" };
            if hugo {
                notes.push(format!(
                    "line {}: a Hugo shortcode, left as text: `{shown}{more}`",
                    first_line + n
                ));
            } else if let Some(name) = zola {
                // The instruction first: a note is cut at 100 characters.
                notes.push(format!(
                    "line {}: the Zola shortcode `{name}` needs templates/shortcodes/{name}.html: `{shown}{more}`",
                    first_line + n,
                ));
            }
            out.push_str(&line);
            continue;
        }
        out.push_str(line);
    }
    if open_details > 0 {
        notes.push(
            "a Hugo `details` shortcode never closed: the build stops at it until `{% end %}` closes it"
                .to_string(),
        );
    }
    if let Some((indent, lang, code)) = &highlight {
        // A `highlight` never closed: its block ends with the post, as Hugo would not render it.
        write_fenced(&mut out, indent, lang, code);
        notes.push(
            "a Hugo `highlight` shortcode never closed: its code block runs to the end of the post"
                .to_string(),
        );
    }
    (out, notes)
}

/// `line` with Jekyll's Liquid that has a meaning here written so: `{% raw %}` and
/// `{% endraw %}` left out (what they hold is shown as written, as Jekyll showed it; `in_raw`
/// carries that from line to line), `{{ site.baseurl }}` left out and `{{ site.url }}` before a
/// path too (`{{ site.baseurl }}/about/` is `/about/`, as on the site), and
/// `{{ "/about/" | relative_url }}` written as its path. Any other tag or output, outside code
/// and `raw`, is kept as written and given to `kept` (`{% include figure.html %}`). A call of
/// leverage's (`{{ name(...) }}`, `{% end %}`) and Hugo's `{{< >}}` are no Liquid.
fn liquid<'l>(line: &'l str, in_raw: &mut bool, code: bool, kept: &mut dyn FnMut(&str)) -> Cow<'l, str> {
    if !line.contains("{%") && !line.contains("{{") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut from = 0;
    let mut changed = false;
    // In a code span Liquid is shown as written, as `hugo_shortcodes` shows a call there.
    let mut spans = CodeSpans::default();
    while let Some(at) = line[from..].find('{').map(|i| from + i) {
        if spans.inside(line, at) {
            out.push_str(&line[from..=at]);
            from = at + 1;
            continue;
        }
        let rest = &line[at..];
        let close = match rest.as_bytes().get(1) {
            Some(b'%') => "%}",
            Some(b'{') if !matches!(rest.as_bytes().get(2), Some(b'<' | b'%')) => "}}",
            // Hugo's `{{<` and `{{%`, taken whole.
            Some(b'{') if rest.len() >= 3 => {
                out.push_str(&line[from..at + 3]);
                from = at + 3;
                continue;
            }
            _ => {
                out.push_str(&line[from..=at]);
                from = at + 1;
                continue;
            }
        };
        let Some(end) = rest[2..].find(close).map(|e| at + 2 + e + close.len()) else { break };
        let token = &line[at..end];
        let inner = token[2..token.len() - 2].trim().trim_start_matches('-').trim_end_matches('-').trim();
        let name_len = inner.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(inner.len());
        // Leverage's own calls, and `{% end %}` closing one.
        let call = (name_len > 0 && inner[name_len..].trim_start().starts_with('(')) || inner == "end";
        let after = &line[end..];
        let written: Option<String> = if close == "%}" && inner == "raw" && !*in_raw {
            *in_raw = true;
            Some(String::new())
        } else if close == "%}" && inner == "endraw" && *in_raw {
            *in_raw = false;
            Some(String::new())
        } else if *in_raw || code || call || inner.is_empty() {
            None
        } else if close == "}}"
            && (inner == "site.baseurl"
                || (inner == "site.url" && (after.starts_with('/') || after.starts_with("{{"))))
        {
            Some(String::new())
        } else if let Some(path) = (close == "}}").then(|| relative_url(inner)).flatten() {
            Some(path.to_string())
        } else {
            // An output of text that is no Liquid (`{{ a guess }}`) is the post's own text.
            let object = &inner[..name_len];
            let liquid_output = inner.contains('|')
                || (inner[name_len..].starts_with('.')
                    && matches!(
                        object,
                        "site" | "page" | "post" | "include" | "layout" | "paginator" | "jekyll"
                    ))
                || object == "content";
            if close == "%}" || liquid_output {
                kept(token);
            }
            None
        };
        out.push_str(&line[from..at]);
        match written {
            Some(text) => {
                out.push_str(&text);
                changed = true;
            }
            None => out.push_str(token),
        }
        from = end;
    }
    if !changed {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[from..]);
    Cow::Owned(out)
}

/// The path of Liquid's `"/about/" | relative_url` (or `absolute_url`), a path of the site.
fn relative_url(inner: &str) -> Option<&str> {
    let (value, filter) = inner.split_once('|')?;
    let value = value.trim();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let path = value.strip_prefix(quote)?.strip_suffix(quote)?;
    (matches!(filter.trim(), "relative_url" | "absolute_url")
        && path.starts_with('/')
        && !path.contains(quote))
    .then_some(path)
}

/// A line of code with Zola's and Hugo's escapes of a shortcode written out: Zola renders calls
/// in code, so a post shows one there as `{{/* name() */}}`, and Hugo as `{{</* name */>}}`,
/// which leverage, reading no call in code, would show as written.
fn unescaped_in_code(line: &str) -> Cow<'_, str> {
    if !line.contains("{{/*") && !line.contains("{%/*") && !line.contains("{{</*") && !line.contains("{{%/*")
    {
        return Cow::Borrowed(line);
    }
    let mut out = line.to_string();
    for (open, close, open_shown, close_shown) in [
        ("{{</*", "*/>}}", "{{<", ">}}"),
        ("{{%/*", "*/%}}", "{{%", "%}}"),
        ("{{/*", "*/}}", "{{", "}}"),
        ("{%/*", "*/%}", "{%", "%}"),
    ] {
        let mut from = 0;
        while let Some(at) = out[from..].find(open).map(|a| from + a) {
            let Some(end) = out[at + open.len()..].find(close).map(|e| at + open.len() + e) else { break };
            out.replace_range(end..end + close.len(), close_shown);
            out.replace_range(at..at + open.len(), open_shown);
            from = at + open_shown.len();
        }
    }
    Cow::Owned(out)
}

/// Whether places of a line, asked left to right, are inside a code span: an odd number of
/// backquotes before them, each counted once.
#[derive(Default)]
struct CodeSpans {
    counted: usize,
    ticks: usize,
}

impl CodeSpans {
    fn inside(&mut self, line: &str, at: usize) -> bool {
        self.ticks += line[self.counted..at].matches('`').count();
        self.counted = at;
        self.ticks % 2 == 1
    }
}

/// `line` with each of Hugo's `figure`, `youtube` and `details` shortcodes written as the default
/// theme's (`{{< figure src="a.png" caption="A" >}}` as `{{ figure(src="a.png", caption="A") }}`,
/// `{{< youtube abc >}}` as `{{ youtube(id="abc") }}`, `{{< details summary="S" >}}` as
/// `{% details(summary="S") %}` and its `{{< /details >}}` as `{% end %}`, counted in
/// `open_details`); any other shortcode, or one whose value cannot be written, as it is.
fn hugo_shortcodes<'l>(line: &'l str, open_details: &mut usize) -> Cow<'l, str> {
    let mut out = String::new();
    let mut from = 0;
    let mut spans = CodeSpans::default();
    while let Some(at) = line[from..].find("{{").map(|i| from + i) {
        let rest = &line[at + 2..];
        // Inside a code span, a call is shown.
        if spans.inside(line, at) {
            out.push_str(&line[from..at + 2]);
            from = at + 2;
            continue;
        }
        let Some(close) = (match rest.as_bytes().first() {
            Some(b'<') => Some(">}}"),
            Some(b'%') => Some("%}}"),
            _ => None,
        }) else {
            out.push_str(&line[from..at + 2]);
            from = at + 2;
            continue;
        };
        // After the `<` or `%` (`{{%}}` closes nothing).
        let Some(end) = rest[1..].find(close).map(|end| end + 1) else { break };
        let inner = rest[1..end].trim();
        let written = match inner.strip_prefix('/').map(str::trim) {
            Some("details") if *open_details > 0 => {
                *open_details -= 1;
                Some("{% end %}".to_string())
            }
            Some(_) => None,
            None => hugo_call(inner).inspect(|call| {
                if call.starts_with("{%") {
                    *open_details += 1;
                }
            }),
        };
        out.push_str(&line[from..at]);
        match written {
            Some(call) => out.push_str(&call),
            None => out.push_str(&line[at..at + 2 + end + close.len()]),
        }
        from = at + 2 + end + close.len();
    }
    if from == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[from..]);
    Cow::Owned(out)
}

/// A Hugo shortcode's words (`figure src="a.png" alt="A"`) as the default theme's call of the
/// same name, when it is one of them and every value can be written.
fn hugo_call(inner: &str) -> Option<String> {
    let (name, mut params) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    // The default theme's (`figure`, `youtube`, `details`), which a Zola post's calls of the same
    // name reach as they are.
    if !site::theme::default_has_shortcode(name) {
        return None;
    }
    let mut args: Vec<String> = Vec::new();
    loop {
        params = params.trim_start();
        if params.is_empty() {
            break;
        }
        // `key=value`, or a value alone: `youtube`'s id.
        let key_len = params.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(params.len());
        let (key, rest) = match params[key_len..].strip_prefix('=') {
            Some(rest) if key_len > 0 => (Some(&params[..key_len]), rest),
            _ => (None, params),
        };
        let (value, quoted, after) = match rest.chars().next()? {
            // Go's strings: `"` with `\"` and `\\` inside, `` ` `` raw.
            '"' => {
                let mut value = String::new();
                let mut chars = rest[1..].char_indices();
                let end = loop {
                    match chars.next()? {
                        (i, '"') => break i,
                        (_, '\\') => value.push(chars.next()?.1),
                        (_, c) => value.push(c),
                    }
                };
                (Cow::Owned(value), true, &rest[2 + end..])
            }
            '`' => {
                let end = rest[1..].find('`')?;
                (Cow::Borrowed(&rest[1..1 + end]), true, &rest[2 + end..])
            }
            _ => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (Cow::Borrowed(&rest[..end]), false, &rest[end..])
            }
        };
        params = after;
        let key = match key {
            Some(key) => key,
            None if name == "youtube" && args.is_empty() => "id",
            None => return None,
        };
        let written = match value.as_ref() {
            "true" | "false" if !quoted => value.to_string(),
            _ if !value.contains('"') => format!("\"{value}\""),
            _ if !value.contains('\'') => format!("'{value}'"),
            _ if !value.contains('`') => format!("`{value}`"),
            _ => return None,
        };
        args.push(format!("{key}={written}"));
    }
    let args = args.join(", ");
    Some(if name == "details" {
        format!("{{% {name}({args}) %}}")
    } else {
        format!("{{{{ {name}({args}) }}}}")
    })
}

/// A code block of Hugo's `highlight`: fenced with tildes, one more than the longest run that
/// begins a line of its code (at least three), so that no line of it closes the block.
fn write_fenced(out: &mut String, indent: &str, lang: &str, code: &str) {
    let longest =
        code.lines().map(|l| l.trim_start().chars().take_while(|c| *c == '~').count()).max().unwrap_or(0);
    let fence = "~".repeat(longest.max(2) + 1);
    out.push_str(&format!("{indent}{fence}{lang}\n"));
    out.push_str(code);
    if !code.is_empty() && !code.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{indent}{fence}\n"));
}

/// `slug` as a slug can hold it: in each `/`-separated segment, each run of characters a slug
/// may not hold made one `-`, none at its ends nor a `.` at its start (a hidden folder); empty,
/// `.` and `..` segments left out.
fn safe_slug(slug: &str) -> String {
    let segments = slug.split('/').filter_map(|segment| {
        let safe = content::load::safe_file_name(segment);
        let safe = safe.trim_start_matches('.').trim_start_matches('-');
        (!safe.is_empty()).then(|| safe.to_string())
    });
    segments.collect::<Vec<_>>().join("/")
}

/// The aliases of a converted front matter.
fn out_aliases(front: &toml::Table) -> impl Iterator<Item = &str> {
    front.get("aliases").and_then(toml::Value::as_array).into_iter().flatten().filter_map(toml::Value::as_str)
}

/// Whether two paths on a site are one page's (`/a/b/` and `/a/b`).
fn same_path(a: &str, b: &str) -> bool {
    a.trim_matches('/') == b.trim_matches('/')
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
    // Hugo's JSON front matter: an object that opens the file, its `}` ending it.
    if text.trim_start().starts_with('{') {
        let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
        return match values.next() {
            Some(Ok(serde_json::Value::Object(object))) => {
                let table = object.iter().filter_map(|(k, v)| Some((k.clone(), toml_of_json(v)?))).collect();
                // The body from the line after the object's, as after a closing fence.
                let body = &text[values.byte_offset()..];
                let body = body.strip_prefix("\r\n").or_else(|| body.strip_prefix('\n')).unwrap_or(body);
                Ok((table, body))
            }
            Some(Err(e)) => Err(NotImported {
                at: Some((e.line(), e.column())),
                message: format!("cannot read the JSON front matter: {e}"),
            }),
            _ => Ok((toml::Table::new(), text)),
        };
    }
    Ok((toml::Table::new(), text))
}

/// A JSON value as TOML holds it; `None` for a null, which TOML has not.
fn toml_of_json(value: &serde_json::Value) -> Option<toml::Value> {
    Some(match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => toml::Value::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        serde_json::Value::String(s) => toml::Value::String(s.clone()),
        serde_json::Value::Array(items) => {
            toml::Value::Array(items.iter().filter_map(toml_of_json).collect())
        }
        serde_json::Value::Object(object) => toml::Value::Table(
            object.iter().filter_map(|(k, v)| Some((k.clone(), toml_of_json(v)?))).collect(),
        ),
    })
}

/// A YAML value as TOML holds it (null and aliases as nothing, keys as text).
pub(super) fn toml_of(value: &Yaml) -> toml::Value {
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

impl Keys {
    /// A `draft` or `published` that reads as neither yes nor no: the post is kept a draft, and
    /// the key is said to be left out.
    fn draft_unread(&mut self, key: &str) {
        self.draft = Some(true);
        self.left_out
            .push(format!("front matter `{key}`, which reads as neither true nor false (kept a draft)"));
    }
}

/// A yes or no as posts write one: a boolean, or the words YAML 1.1 and quoting writers use
/// (`"true"`, `yes`, `off`; Jekyll's YAML reads `published: no` as false), or 1 and 0.
fn truthy(value: &toml::Value) -> Option<bool> {
    match value {
        toml::Value::Boolean(b) => Some(*b),
        toml::Value::Integer(1) => Some(true),
        toml::Value::Integer(0) => Some(false),
        toml::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" | "1" => Some(true),
            "false" | "no" | "n" | "off" | "0" => Some(false),
            _ => None,
        },
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
    // A day written without its zeros (`2026-3-1`, as YAML and Jekyll take it) is the day too.
    let unpadded = |text: &str| {
        let first = text.trim().split([' ', 'T']).next()?;
        chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").ok()
    };
    let day = |value: &toml::Value| {
        scalar(value).and_then(|text| content::load::date_prefix(&text).or_else(|| unpadded(&text)))
    };
    // Tags by their own name come first, then categories and keywords (the table is in key order).
    let mut also_tags = Vec::new();
    for (key, value) in table {
        match (key.as_str(), content::front_matter::synonym(key).unwrap_or(key)) {
            // A pattern (Jekyll's `/blog/:year/:title/`) is the site's to fill in (`Origin::url`).
            ("url" | "permalink", _) => match scalar(value).filter(|u| u.starts_with('/')) {
                Some(url) if !url.contains(':') => keys.aliases.push(url),
                Some(_) if key == "permalink" => {}
                _ => keys.left_out.push(format!("front matter `{key}`")),
            },
            // Zola's own address for a page, below the site's root.
            ("path", _) => match scalar(value).filter(|p| !p.trim().is_empty()) {
                Some(path) => keys.aliases.push(format!("/{}", path.trim().trim_start_matches('/'))),
                None => keys.left_out.push("front matter `path`".to_string()),
            },
            // A draft left unread would be published: one that does not read is said.
            // ... and kept a draft: a post its writer may not have meant to publish is not.
            ("published", _) => match truthy(value) {
                Some(published) => keys.draft = Some(!published),
                None => keys.draft_unread(key),
            },
            ("taxonomies", _) => {
                for list in ["tags", "categories"].iter().filter_map(|name| value.get(*name)) {
                    keys.tags.extend(words(list));
                }
            }
            // An empty `title:` is no title: the record's day names it, as without one.
            (_, "title") => keys.title = scalar(value).filter(|title| !title.trim().is_empty()),
            (_, "date") => keys.date = day(value),
            (_, "updated") => keys.updated = day(value),
            ("tags", _) => keys.tags.extend(words(value)),
            (_, "tags") => also_tags.extend(words(value)),
            // One summary: `summary` itself, else the first of its other names
            // (`description`, `excerpt`); another text under another name is said.
            (_, "summary") => match scalar(value) {
                Some(text) => {
                    let new = (key.clone(), text);
                    let (kept, other) = match keys.summary.take() {
                        Some(old) if key != "summary" => (old, Some(new)),
                        old => (new, old),
                    };
                    if let Some((name, text)) = other
                        && text != kept.1
                    {
                        keys.left_out.push(format!("front matter `{name}`: the summary is `{}`", kept.0));
                    }
                    keys.summary = Some(kept);
                }
                None => keys.left_out.push(format!("front matter `{key}`")),
            },
            (_, "draft") => match truthy(value) {
                Some(draft) => keys.draft = Some(draft),
                None => keys.draft_unread(key),
            },
            (_, "aliases") => keys.aliases.extend(words(value)),
            // A slug holds letters, digits, `-`, `_`, `.` and `/`: Hugo's `My Slug Here` is
            // `My-Slug-Here`, as its generator wrote it into the URL but for case.
            (_, "slug") => keys.slug = scalar(value).map(|slug| safe_slug(&slug)).filter(|s| !s.is_empty()),
            (_, "extra") => keys.extra = value.as_table().cloned(),
            (_, "image") => {
                let image = value.get("image").unwrap_or(value);
                let first = match image {
                    toml::Value::Array(items) => items.first().and_then(scalar),
                    other => scalar(other),
                };
                // Hugo reads `images` from the site's root (`img/a.png` is `/img/a.png`), where
                // leverage reads an image's path from the page's folder, as markdown does.
                let rooted = |image: String| {
                    let relative = !image.starts_with('/') && content::load::url_scheme(&image).is_none();
                    if key == "images" && relative { format!("/{image}") } else { image }
                };
                match first.filter(|i| !i.trim().is_empty()).map(rooted) {
                    Some(image) if keys.image.is_none() => keys.image = Some(image),
                    Some(_) => {}
                    None => keys.left_out.push(format!("front matter `{key}`")),
                }
            }
            ("toc" | "ShowToc" | "showToc" | "show_toc", _) if value.as_bool().is_some() => {
                keys.toc = value.as_bool();
            }
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
        let converted = convert(post, None, None).expect("converted");
        assert_eq!(converted.date, day(2026, 3, 1), "the day as written, not moved to UTC");
        assert_eq!(
            converted.text(None).expect("written"),
            "+++\naliases = [\"/2026/03/01/day-one/\"]\ndate = 2026-03-01\ndraft = true\nsummary = \"A good day.\"\n\
             tags = [\"rust\", \"parsing\", \"work\"]\ntitle = \"Day one: parser\"\n+++\n\n| Task | Human Est. | Claude Time |\n"
        );
        // The text above has one `rust`: `Rust` in categories is the tag `rust` already given,
        // one tag, as the build groups them.
        assert_eq!(converted.left_out, ["front matter `layout`"]);
    }

    /// A draft is a draft however a post says so: `draft: "true"` and `published: no` were
    /// dropped, and the post published. An empty title is none (`title = ""` failed the build);
    /// a date without its zeros is the date (it was "found no date", or the file name's taken).
    #[test]
    fn a_draft_written_as_a_word_stays_a_draft_and_an_empty_title_is_none() {
        for key in [
            "draft: \"true\"",
            "draft: yes",
            "draft: On",
            "published: no",
            "published: \"false\"",
            "draft: 1",
        ] {
            let post = format!("---\ndate: 2026-03-01\n{key}\n---\n\nText.\n");
            let converted = convert(&post, None, None).expect("converted");
            assert!(converted.text(None).expect("written").contains("draft = true"), "{key}");
        }
        let post = "---\ndate: 2026-03-01\ndraft: \"no\"\n---\n\nText.\n";
        assert!(
            !convert(post, None, None).expect("converted").text(None).expect("written").contains("draft")
        );
        let post = "---\ndate: 2026-3-1\ndraft: maybe\ntitle:\n---\n\nText.\n";
        let converted = convert(post, None, None).expect("converted");
        assert_eq!(
            converted.left_out,
            ["front matter `draft`, which reads as neither true nor false (kept a draft)"]
        );
        let text = converted.text(None).expect("written");
        assert!(text.contains("draft = true") && !text.contains("title"), "{text}");
        assert_eq!(converted.date, day(2026, 3, 1), "a date without its zeros");
    }

    /// Hugo's JSON front matter is read as its YAML and TOML are: a draft stays a draft, where the
    /// JSON was kept as the body and the post published, its title and tags lost.
    #[test]
    fn hugo_s_json_front_matter_is_read() {
        let post = "{\n   \"title\": \"Client work\",\n   \"date\": \"2026-03-05\",\n   \"draft\": true,\n   \
                    \"tags\": [\"private\"],\n   \"weight\": null\n}\n\n| Task | Human Est. | Claude Time |\n";
        let converted = convert(post, None, None).expect("converted");
        assert_eq!(converted.date, day(2026, 3, 5));
        assert_eq!(
            converted.text(None).expect("written"),
            "+++\ndate = 2026-03-05\ndraft = true\ntags = [\"private\"]\ntitle = \"Client work\"\n+++\n\n\
             | Task | Human Est. | Claude Time |\n"
        );
        let broken = convert("{\n  \"title\": \"x\",\n}\nText.\n", None, None).expect_err("not JSON");
        assert!(broken.message.starts_with("cannot read the JSON front matter"), "{}", broken.message);
        assert_eq!(broken.at, Some((3, 1)));
    }

    /// One summary under several names: `summary` itself, else the first of the others; a
    /// different text dropped is said (an `excerpt` was dropped without a word).
    #[test]
    fn a_summary_under_two_names_keeps_one_and_says_the_other() {
        for (front, kept, said) in [
            ("summary: S\nexcerpt: E", "S", Some("front matter `excerpt`: the summary is `summary`")),
            ("excerpt: E\ndescription: D", "D", Some("front matter `excerpt`: the summary is `description`")),
            ("excerpt: Same\ndescription: Same", "Same", None),
            ("description: D", "D", None),
        ] {
            let post = format!("---\ndate: 2026-03-01\n{front}\n---\nBody.\n");
            let converted = convert(&post, None, None).expect("converted");
            let text = converted.text(None).expect("written");
            assert!(text.contains(&format!("summary = \"{kept}\"")), "{front}: {text}");
            assert_eq!(converted.left_out, said.into_iter().collect::<Vec<_>>(), "{front}");
        }
    }

    /// Jekyll's Liquid: `highlight` is a fenced block, `raw` is left out around what it shows as
    /// written, `{{ site.baseurl }}` and `relative_url` give a path of the site, and any other
    /// tag is kept as text and said with its line; leverage's own calls are no Liquid.
    #[test]
    fn jekyll_s_liquid_is_written_as_markdown_or_said() {
        let post = "---\ndate: 2026-03-01\n---\n\
                    See [about]({{ site.baseurl }}/about/), [home]({{ site.url }}{{ site.baseurl }}/) and \
                    [x]({{ \"/x/\" | relative_url }}).\n\
                    \n  {%- highlight ruby linenos -%}\n  puts {{ 1 }}\n  {% endhighlight %}\n\
                    {% raw %}{{ shown }} {% include kept.html %}{% endraw %}\n\
                    {% include figure.html src=\"a.png\" %} and {{ page.title }}\n\
                    ```\n{% raw %}{{ code }}{% endraw %} {% include in_code.html %}\n```\n\
                    {{ youtube(id=\"abc\") }} and `{{ site.baseurl }}` or `{% raw %}` in a code span\n";
        let converted = convert(post, None, None).expect("converted");
        let text = converted.text(None).expect("written");
        let body = text.split("+++\n").nth(2).expect("a body");
        assert_eq!(
            body,
            "See [about](/about/), [home](/) and [x](/x/).\n\
             \n  ~~~ruby\n  puts {{ 1 }}\n  ~~~\n\
             {{ shown }} {% include kept.html %}\n\
             {% include figure.html src=\"a.png\" %} and {{ page.title }}\n\
             ```\n{{ code }} {% include in_code.html %}\n```\n\
             {{ youtube(id=\"abc\") }} and `{{ site.baseurl }}` or `{% raw %}` in a code span\n"
        );
        assert_eq!(
            converted.left_out,
            [
                "line 10: Jekyll's Liquid, left as text: `{% include figure.html src=\"a.png\" %}`",
                "line 10: Jekyll's Liquid, left as text: `{{ page.title }}`",
            ]
        );
    }

    /// A post's picture for link previews, under Hugo's, PaperMod's or other themes' names, is
    /// `image`: the first of a list, a cover's `image`.
    #[test]
    fn a_post_s_picture_becomes_its_image() {
        for (front, image) in [
            ("images: [\"/img/a b.png\", \"/img/b.png\"]", "/img/a b.png"),
            ("images: [img/a.png]", "/img/a.png"),
            ("cover:\n  image: cover.jpg\n  alt: A cover", "cover.jpg"),
            ("featured_image: https://cdn.example.net/x.png", "https://cdn.example.net/x.png"),
        ] {
            let post = format!("---\ntitle: T\ndate: 2026-03-01\n{front}\n---\nBody.\n");
            let converted = convert(&post, None, None).expect("converted");
            let text = converted.text(None).expect("written");
            assert!(text.contains(&format!("image = \"{image}\"\n")), "{front}: {text}");
            assert!(converted.left_out.is_empty(), "{front}: {:?}", converted.left_out);
        }
    }

    /// A post that asked its theme for a table of contents asks leverage's default theme.
    #[test]
    fn a_table_of_contents_asked_for_is_kept_in_extra() {
        for (front, toc) in [
            ("---\ntitle: T\ndate: 2026-03-01\ntoc: true\n---\n", Some("toc = true")),
            ("---\ntitle: T\ndate: 2026-03-01\nShowToc: false\n---\n", Some("toc = false")),
            (
                "+++\ntitle = \"T\"\ndate = 2026-03-01\ntoc = true\n[extra]\ntoc = false\n+++\n",
                Some("toc = false"),
            ),
            ("---\ntitle: T\ndate: 2026-03-01\ntoc: maybe\n---\n", None),
        ] {
            let converted = convert(&format!("{front}Body.\n"), None, None).expect("converted");
            let text = converted.text(None).expect("written");
            match toc {
                Some(toc) => assert!(text.contains(&format!("[extra]\n{toc}\n")), "{front}: {text}"),
                None => assert!(
                    !text.contains("[extra]") && converted.left_out.iter().any(|k| k.contains("`toc`")),
                    "{front}: {text}"
                ),
            }
        }
    }

    #[test]
    fn a_zola_post_s_taxonomies_and_extra_are_kept() {
        let post = "+++\ntitle = \"T\"\ndate = 2026-03-02T23:30:00-08:00\ndescription = \"D\"\n\
                    redirect_from = [\"/old/\"]\n[taxonomies]\ntags = [\"ops\"]\n[extra]\nmood = \"calm\"\n+++\nBody.\n";
        let converted = convert(post, None, None).expect("converted");
        assert_eq!(converted.date, day(2026, 3, 2));
        // TOML front matter is read under the same names as YAML.
        assert!(
            converted.text(None).expect("written").contains("summary = \"D\"")
                && converted.text(None).expect("written").contains("aliases = [\"/old/\"]")
        );
        assert!(
            converted.text(None).expect("written").contains("tags = [\"ops\"]")
                && converted.text(None).expect("written").contains("[extra]\nmood = \"calm\"")
        );
        assert!(
            converted.text(None).expect("written").ends_with("+++\nBody.\n"),
            "{}",
            converted.text(None).expect("written")
        );
    }

    #[test]
    fn shortcodes_are_named_where_they_are_and_hugo_s_highlight_is_fenced() {
        let body = "Intro {{% note %}}inner{{% /note %}}.\n{{< highlight \"go\" \"linenos=table\" >}}\nx := 1\n\
                    {{< /highlight >}}\n```\n{{< figure >}} shown as code\n```\n{{ youtube(id=\"abc\") }}\n\
                    {% note(kind=\"tip\") %}\nText\n{% end %}\n{{ not a call }}\n";
        let (out, notes) = shortcodes(body, 5);
        assert_eq!(
            out,
            "Intro {{% note %}}inner{{% /note %}}.\n~~~go\nx := 1\n~~~\n```\n{{< figure >}} shown as code\n```\n\
             {{ youtube(id=\"abc\") }}\n{% note(kind=\"tip\") %}\nText\n{% end %}\n{{ not a call }}\n"
        );
        // Zola's `youtube` is the default theme's too.
        assert_eq!(
            notes,
            [
                "line 5: a Hugo shortcode, left as text: `Intro {{% note %}}inner{{% /note %}}.`",
                "line 13: the Zola shortcode `note` needs templates/shortcodes/note.html: `{% note(kind=\"tip\") %}`",
            ]
        );
    }

    #[test]
    fn the_theme_s_shortcodes_are_the_default_theme_s_templates() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../themes/default/templates/shortcodes");
        let names: Vec<String> = std::fs::read_dir(folder)
            .expect("the default theme's shortcodes")
            .map(|entry| {
                entry.expect("an entry").file_name().to_string_lossy().trim_end_matches(".html").to_string()
            })
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(names.iter().all(|name| site::theme::default_has_shortcode(name)), "{names:?}");
        for other in ["note", "gist", "../figure", "figure.html", ""] {
            assert!(!site::theme::default_has_shortcode(other), "{other}");
        }
    }

    proptest::proptest! {
        /// Whatever a post's body holds, its shortcodes are read without a panic.
        #[test]
        fn any_body_s_shortcodes_are_read(body in "(\\{\\{|\\}\\}|<|>|%|/|\\*|[a-z ]|=|\"|`|'|\n|```|details|figure|youtube)*") {
            let _ = shortcodes(&body, 1);
        }
    }

    #[test]
    fn hugo_s_figure_youtube_and_details_become_the_default_theme_s() {
        let body = "{{< figure src=\"a.png\" alt=\"An \\\"a\\\"\" caption=`It's *a*` width=640 >}}\n\
                    Watch {{< youtube dQw4w9WgXcQ >}} or {{% youtube id=\"b\" start=\"30\" %}}.\n\
                    {{< details summary=\"Logs\" open=true >}}\nText\n{{< /details >}}\n\
                    {{< figure src=\"x\" title=`say \"it's\"` >}}\n{{< /details >}}\n{{< details >}}\n";
        let (out, notes) = shortcodes(body, 1);
        assert_eq!(
            out,
            "{{ figure(src=\"a.png\", alt='An \"a\"', caption=\"It's *a*\", width=\"640\") }}\n\
             Watch {{ youtube(id=\"dQw4w9WgXcQ\") }} or {{ youtube(id=\"b\", start=\"30\") }}.\n\
             {% details(summary=\"Logs\", open=true) %}\nText\n{% end %}\n\
             {{ figure(src=\"x\", title=`say \"it's\"`) }}\n{{< /details >}}\n{% details() %}\n"
        );
        assert_eq!(
            notes,
            [
                "line 7: a Hugo shortcode, left as text: `{{< /details >}}`",
                "a Hugo `details` shortcode never closed: the build stops at it until `{% end %}` closes it",
            ]
        );
        // What becomes a call reads as one.
        let text = out.lines().take(5).collect::<Vec<_>>().join("\n");
        let (calls, problems) = content::shortcode::find(&text, 0..text.len(), content::FileId(0));
        assert_eq!((calls.len(), problems.len()), (4, 0), "{problems:?}");
        // In code, the escapes Zola and Hugo need there are written out; a code span is left.
        let (out, notes) = shortcodes(
            "```md\n{{/* youtube(id=\"x\") */}} {%/* end */%}\n{{</* figure src=\"a\" */>}}\n```\n`{{< figure src=\"b\" >}}`\n",
            1,
        );
        assert_eq!(
            out,
            "```md\n{{ youtube(id=\"x\") }} {% end %}\n{{< figure src=\"a\" >}}\n```\n`{{< figure src=\"b\" >}}`\n"
        );
        assert_eq!(notes, Vec::<String>::new(), "code shows them");
        // Shortcodes that close as they open.
        for odd in ["{{%}}", "{{%}}}", "{{<>}}", "{{%/*/%}}", "```\n{{/*/}}\n```\n"] {
            let _ = shortcodes(odd, 1);
        }
        let (out, _) = shortcodes("Use `{{< figure src=\"b\" >}}` or {{< youtube c >}}.\n", 1);
        assert_eq!(out, "Use `{{< figure src=\"b\" >}}` or {{ youtube(id=\"c\") }}.\n");
    }

    #[test]
    fn a_slug_is_written_as_a_url_can_hold_it() {
        assert_eq!(safe_slug("My Slug Here"), "My-Slug-Here");
        assert_eq!(safe_slug("Ça va !"), "Ça-va");
        assert_eq!(safe_slug("notes / day-1"), "notes/day-1");
        assert_eq!(safe_slug("v1.2_final"), "v1.2_final");
        for (slug, safe) in [
            ("..", ""),
            ("../../escape", "escape"),
            ("a/../b", "a/b"),
            ("a//b", "a/b"),
            (".hidden", "hidden"),
        ] {
            assert_eq!(safe_slug(slug), safe, "{slug}");
            assert!(safe.is_empty() || content::load::alias_path(&format!("/{safe}/")).is_ok(), "{safe}");
        }
        let converted =
            convert("+++\ndate = 2026-03-01\nslug = '  !!  '\n+++\n", None, None).expect("converted");
        assert!(!converted.text(None).expect("written").contains("slug"), "nothing of it is left");
    }

    #[test]
    fn a_highlight_without_a_language_or_holding_a_fence_stays_one_code_block() {
        let body =
            "{{< highlight >}}\n```\n~~~~\nnot the end\n{{< figure >}}\n{{< / highlight >}}\n| Task |\n";
        let (out, notes) = shortcodes(body, 1);
        assert_eq!(out, "~~~~~\n```\n~~~~\nnot the end\n{{< figure >}}\n~~~~~\n| Task |\n");
        assert!(notes.is_empty(), "code is not read for shortcodes: {notes:?}");
        let (out, _) = shortcodes("{{< highlight sh >}}\nls\n{{</highlight>}}\nafter\n", 1);
        assert_eq!(out, "~~~sh\nls\n~~~\nafter\n", "`{{</highlight>}}` closes it too");
        // In a list item, the block keeps the item's indent.
        let (out, _) =
            shortcodes("- step\n\n    {{< highlight go >}}\n    x := 1\n    {{< /highlight >}}\n", 1);
        assert_eq!(out, "- step\n\n    ~~~go\n    x := 1\n    ~~~\n");
        let (out, notes) = shortcodes("{{< highlight go >}}\nx := 1\n", 1);
        assert_eq!(out, "~~~go\nx := 1\n~~~\n");
        assert_eq!(notes.len(), 1, "an unclosed highlight is said: {notes:?}");
    }

    #[test]
    fn the_file_s_date_is_the_fallback_and_bad_yaml_is_said() {
        let converted = convert("No front matter.\n", Some(day(2026, 3, 3)), None).expect("converted");
        assert_eq!(converted.text(None).expect("written"), "+++\ndate = 2026-03-03\n+++\nNo front matter.\n");
        assert!(convert("No date.\n", None, None).expect_err("no date").message.starts_with("found no date"));
        // Errors in the front matter are placed in the post, its fence's line counted.
        let err = convert("---\ntitle: T\ndate: \"2026\n---\n", None, None).expect_err("bad YAML");
        assert!(err.message.starts_with("cannot read the YAML front matter"), "{err:?}");
        assert_eq!(err.at, Some((3, 7)), "at the quoted value it never closes: {err:?}");
        let err = convert("+++\ntitle = \"T\"\ndate = 2026-13-01\n+++\n", None, None).expect_err("bad TOML");
        assert!(err.message.starts_with("cannot read the TOML front matter"), "{err:?}");
        assert_eq!(err.at, Some((3, 8)), "{err:?}");
        let err = convert("---\ntitle: T\ndate: 2026-03-01\n", None, None).expect_err("never closed");
        assert!(err.message.contains("never closed") && err.at == Some((1, 1)), "{err:?}");
        assert!(is_markdown_post("a.md", "") && is_markdown_post("a.txt", "---\nx: 1\n---\n"));
        assert!(!is_markdown_post("a.txt", "Leverage Record: March 1, 2026"));
    }

    /// A YAML or TOML front matter of the keys Jekyll, Hugo and Zola posts use, with awkward values.
    fn post() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let text = "[a-zA-Z0-9 <>&*_`~#|\\\\{}+\"'=.:!/\\[\\]()é\u{301}-]{0,16}";
        let key = prop_oneof![
            Just("title"),
            Just("date"),
            Just("updated"),
            Just("lastmod"),
            Just("tags"),
            Just("categories"),
            Just("summary"),
            Just("description"),
            Just("draft"),
            Just("aliases"),
            Just("slug"),
            Just("url"),
            Just("path"),
            Just("permalink"),
            Just("published"),
            Just("weight"),
            Just("layout"),
        ];
        let value = prop_oneof![
            text.prop_map(|t| format!("{t:?}")),
            Just("2026-03-01".to_string()),
            Just("2026-03-01T09:30:00+01:00".to_string()),
            Just("true".to_string()),
            Just("12".to_string()),
            proptest::collection::vec(text, 0..3).prop_map(|items| format!("{items:?}")),
        ];
        let body = proptest::collection::vec(
            prop_oneof![
                text,
                Just("| Task | Human Est. | Claude Time |\n|---|---|---|\n| A | 2h | 10min |".to_string()),
                Just("{{< highlight rust >}}\nfn main() {}\n{{< / highlight >}}".to_string()),
                Just("{{% note %}}x{{% /note %}}".to_string()),
                Just("+++".to_string()),
                Just("---".to_string()),
            ],
            0..6,
        );
        (proptest::bool::ANY, proptest::collection::vec((key, value), 0..8), body).prop_map(
            |(yaml, pairs, body)| {
                let (fence, sep) = if yaml { ("---", ": ") } else { ("+++", " = ") };
                let front: String = pairs.iter().map(|(k, v)| format!("{k}{sep}{v}\n")).collect();
                format!("{fence}\n{front}{fence}\n{}\n", body.join("\n"))
            },
        )
    }

    proptest::proptest! {
        /// Whatever a post's front matter holds, a post import converts is written as a content
        /// file whose front matter the build reads, and whose body is the post's.
        #[test]
        fn a_converted_post_s_front_matter_reads(text in post()) {
            if let Ok(converted) = convert(&text, Some(day(2026, 3, 1)), None) {
                let written = converted.text(Some("/old/address/")).expect("written");
                let mut sources = content::Sources::new();
                let id = sources.add("content/records/2026-03-01.md", written.clone());
                let parsed = content::parse_document(&sources, id, &content::Options::default());
                proptest::prop_assert!(parsed.document.is_some(), "{:?}\n--- post\n{text}\n--- written\n{written}", parsed.diagnostics);
                proptest::prop_assert!(written.ends_with(&converted.body), "{written}");
            }
        }
    }
}
