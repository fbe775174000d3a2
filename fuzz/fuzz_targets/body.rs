//! Fuzzes a body's two ways to its page: rendered while it is parsed, with a hole for each table
//! the page replaces and each shortcode (`site::body::Pass`, what a build does), and rendered
//! again from its text (`site::body::render_document`, the way every other page goes). Never a
//! panic, and where a build would take the first way, the same HTML and headings as the second;
//! where it keeps the first way's headings alone (a body with a wiki-link), the same headings.
#![no_main]

use content::{Options, Sources, parse_document_with};
use libfuzzer_sys::fuzz_target;
use site::body::{HeadingStyle, Pass, Wanted, render_document};
use site::config::AnchorLinks;

fuzz_target!(|data: &[u8]| {
    // The first byte picks what the input alone cannot: the heading links, highlighting and
    // what each table and shortcode writes.
    let Some((&knobs, data)) = data.split_first() else { return };
    let (body, _) = content::decode(data.to_vec());
    let anchors = match knobs % 3 {
        0 => AnchorLinks::None,
        1 => AnchorLinks::Left,
        _ => AnchorLinks::Right,
    };
    let options = Options { highlight_code: knobs & 4 != 0, ..Options::default() };
    let style = HeadingStyle { anchors, ..HeadingStyle::default() };
    let mut sources = Sources::new();
    // A record, so that its task tables and aggregate stats are read and replaced.
    let file = sources.add("content/records/2026-03-01.md", format!("+++\n+++\n{body}"));
    let text = sources.get(file).text.as_str();
    let mut pass = None;
    let parsed = parse_document_with(&sources, file, &options, &mut |events| {
        // Every step taken whether or not the body asks for it: the pages are the same.
        pass = Some(Pass::run(events, 64, Wanted::all(options.highlight_code), style, None));
    });
    let (Some(document), Some(pass)) = (parsed.document, pass) else { return };
    let mut replace: Vec<(usize, String)> = Vec::new();
    if let Some(record) = document.record() {
        let tables = record.tables.iter().map(|t| t.span);
        let aggregates = record.aggregates.iter().filter(|t| !t.as_written).map(|t| t.span);
        for (n, span) in tables.chain(aggregates).enumerate() {
            // Mostly a table as the theme writes one, ending its line; now and then one that
            // does not, which sends the page to the text.
            let end = if (knobs >> 3) & 1 == 1 && n == 1 { "" } else { "\n" };
            replace.push((span.start as usize, format!("<table id=\"t{n}\"></table>{end}")));
        }
    }
    let replaced: Vec<usize> = {
        let mut starts: Vec<usize> = replace.iter().map(|(start, _)| *start).collect();
        starts.sort_unstable();
        starts
    };
    for (n, shortcode) in document.shortcodes.iter().enumerate() {
        let html = match (n + usize::from(knobs >> 4)) % 4 {
            0 => String::new(),
            1 => "<br>".to_string(),
            2 => format!("<i>{n}</i>\n"),
            _ => format!("<i>{n}</i>"),
        };
        replace.push((shortcode.span.start as usize, html));
    }
    replace.sort_by_key(|(start, _)| *start);
    let (expected, headings) = render_document(text, &document, &replace, options.highlight_code, style, None);
    // A body rendered from its text for its links keeps the first pass's headings alone.
    if let Some(linking) = pass.linking_headings(document.title_heading) {
        assert_eq!(linking, headings);
    }
    let cut = pass.cut(
        &text[document.body.clone()],
        |start| replaced.binary_search(&start).is_ok(),
        document.title_heading,
        &document.shortcodes,
    );
    if let Some(prerendered) = cut {
        assert_eq!(prerendered.headings(), headings.as_slice());
        if let Some(spliced) = prerendered.splice(&replace, None) {
            assert_eq!(spliced, expected);
        }
    }
});
