#!/usr/bin/env python3
"""Makes a Zola 0.22 site of a `cargo xtask gen` site, with templates doing what the benchmark's
Hugo templates do (xtask/src/hugo.rs): a page with its content and tags, paginated lists, a
paginated home page with summaries, a feed of 20 entries. With --unpaginated-tags a tag's page
lists all its records on one page, as leverage's default theme does.

Usage: prepare.py SITE DEST [--unpaginated-tags]
(docs/performance.md, twenty-third session, has the commands around it.)"""
import os, re, sys, shutil
src, dest = sys.argv[1], sys.argv[2]
paginated_tags = "--unpaginated-tags" not in sys.argv[3:]
shutil.rmtree(dest, ignore_errors=True)
os.makedirs(f"{dest}/content/records"); os.makedirs(f"{dest}/templates")
tag_pages = ", paginate_by = 10" if paginated_tags else ""
open(f"{dest}/config.toml", "w").write(f'''base_url = "https://example.org/"
title = "Synthetic Leverage Log"
default_language = "en"
generate_feeds = true
feed_limit = 20
build_search_index = false
taxonomies = [{{ name = "tags"{tag_pages} }}]
[markdown]
''')
open(f"{dest}/content/_index.md", "w").write('+++\nsort_by = "date"\npaginate_by = 10\n+++\n')
open(f"{dest}/content/records/_index.md", "w").write('+++\ntitle = "Records"\nsort_by = "date"\npaginate_by = 10\ntransparent = true\n+++\n')
for name in os.listdir(f"{src}/content/records"):
    text = open(f"{src}/content/records/{name}").read()
    head, body = text[3:].split("\n+++\n", 1)
    tags = re.search(r'^tags = (\[.*\])$', head, re.M)
    head = re.sub(r'^tags = .*\n?', '', head, flags=re.M).rstrip("\n")
    head += f'\nslug = "{name[:-3]}"\n' + (f"[taxonomies]\ntags = {tags.group(1)}\n" if tags else "")
    open(f"{dest}/content/records/{name}", "w").write(f"+++{head}+++\n{body}")
shutil.copy(f"{src}/content/about.md", f"{dest}/content/about.md")
HEAD = '''<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} · {{ config.title }}</title></head>
<body><header><a href="{{ get_url(path="/") }}">{{ config.title }}</a></header>
<main>
{% block content %}{% endblock %}
</main></body></html>
'''
PAGER = '''{% if paginator.previous %}<a href="{{ paginator.previous }}">Newer</a>{% endif %}
{% if paginator.next %}<a href="{{ paginator.next }}">Older</a>{% endif %}'''
T = {
 "base.html": HEAD,
 "page.html": '''{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<h1>{{ page.title }}</h1>
{% if page.date %}<p><time datetime="{{ page.date | date(format="%Y-%m-%d") }}">{{ page.date | date(format="%B %-d, %Y") }}</time></p>{% endif %}
{{ page.content | safe }}
{% if page.taxonomies.tags %}<p>{% for t in page.taxonomies.tags %}<a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a> {% endfor %}</p>{% endif %}
{% endblock %}''',
 "index.html": '''{% extends "base.html" %}{% block title %}{{ config.title }}{% endblock %}{% block content %}<h1>{{ config.title }}</h1>
{% for page in paginator.pages %}<article><h2><a href="{{ page.permalink }}">{{ page.title }}</a></h2>
<p>{{ page.summary | default(value=page.description) | safe }}</p></article>
{% endfor %}
''' + PAGER + '{% endblock %}',
 "section.html": '''{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}<h1>{{ section.title }}</h1>
<ul>{% for page in paginator.pages %}
<li><a href="{{ page.permalink }}">{{ page.title }}</a></li>{% endfor %}
</ul>
''' + PAGER + '{% endblock %}',
 "taxonomy_list.html": '''{% extends "base.html" %}{% block title %}{{ taxonomy.name }}{% endblock %}{% block content %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a></li>{% endfor %}</ul>{% endblock %}''',
 "taxonomy_single.html": '''{% extends "base.html" %}{% block title %}{{ term.name }}{% endblock %}{% block content %}<h1>{{ term.name }}</h1>
<ul>{% for page in ''' + ("paginator.pages" if paginated_tags else "term.pages") + ''' %}
<li><a href="{{ page.permalink }}">{{ page.title }}</a></li>{% endfor %}
</ul>
''' + (PAGER if paginated_tags else "") + '{% endblock %}',
}
for n, body in T.items():
    open(f"{dest}/templates/{n}", "w").write(body)
