//! Fuzzes a whole site: the example site's site.toml and one of its records, beside a record or a
//! standalone page made of the input. `site::check` loads it, plans and renders every page with
//! the default theme (charts, feeds, exports, the search index, the checks of the whole site)
//! without writing; with a few attachments an input may link. Never a panic, and every
//! diagnostic inside the file it names.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A site folder of this process's own, made once.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("leverage-fuzz-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content/records")).expect("a site folder");
        std::fs::write(dir.join("site.toml"), include_str!("../../site.toml")).expect("site.toml");
        let record = include_str!("../../content/records/2026-02-28.md");
        std::fs::write(dir.join("content/records/2026-02-28.md"), record).expect("a record");
        // Attachments an input may link (`![[Pasted image 1.png]]`, `![](img/chart.png)`).
        for file in ["content/attachments/Pasted image 1.png", "content/records/img/chart.png", "content/report.pdf"] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("a folder");
            std::fs::write(path, "file").expect("an attachment");
        }
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    // The first byte says whether the rest is a record or a page, and whether drafts are built.
    let Some((&knobs, data)) = data.split_first() else { return };
    let root = root();
    let (path, other) = match knobs & 1 {
        0 => ("content/records/2026-03-01.md", "content/about.md"),
        _ => ("content/about.md", "content/records/2026-03-01.md"),
    };
    let _ = std::fs::remove_file(root.join(other));
    std::fs::write(root.join(path), data).expect("the input written");
    let options = site::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(root.join("public")),
        base_url: None,
        drafts: knobs & 2 != 0,
        inject: None,
    };
    let report = site::check(&options);
    for diagnostic in &report.diagnostics {
        let text = &report.sources.get(diagnostic.span.file).text;
        // A build lets a file's text go once it is rendered; a span into one it kept must fit.
        assert!(text.is_empty() || diagnostic.span.end as usize <= text.len(), "{diagnostic:?}");
    }
});
