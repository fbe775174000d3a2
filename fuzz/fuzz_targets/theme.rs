//! Fuzzes a theme: the example site, with one template of the default theme (any of
//! `site::theme::default_templates`, picked by the first byte: a page, its layout, a partial, a
//! shortcode, the feed) replaced by the input, as a site's `templates/` replaces it.
//! `site::check` compiles the templates, runs the theme's checks (every include and extends
//! named, every filter and test known, blocks that some layout shows) and renders every page,
//! and when a template fails, the error's hints (the block left open, the name another
//! generator uses, the nearest filter). Never a panic, and every diagnostic inside its file.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A site folder of this process's own, made once.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("leverage-fuzz-theme-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content/records")).expect("a site folder");
        std::fs::write(dir.join("site.toml"), include_str!("../../site.toml")).expect("site.toml");
        let files = [
            ("content/records/2026-02-28.md", include_str!("../../content/records/2026-02-28.md")),
            // A shortcode call, for the shortcode template an input may be.
            ("content/about.md", "# About\n\n{{ figure(src=\"a.png\", alt=\"<a>\", caption=\"*c*\") }}\n"),
        ];
        for (path, text) in files {
            std::fs::write(dir.join(path), text).expect("a content file");
        }
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&knobs, data)) = data.split_first() else { return };
    let root = root();
    let templates = root.join("templates");
    let _ = std::fs::remove_dir_all(&templates);
    let names = site::theme::default_templates();
    let path = templates.join(&names[usize::from(knobs) % names.len()].0);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("the templates folder");
    std::fs::write(&path, data).expect("the input written");
    let options = site::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(root.join("public")),
        base_url: None,
        drafts: false,
        inject: None,
    };
    let report = site::check(&options);
    for diagnostic in &report.diagnostics {
        let text = &report.sources.get(diagnostic.span.file).text;
        assert!(text.is_empty() || diagnostic.span.end as usize <= text.len(), "{diagnostic:?}");
        assert!(diagnostic.span.start <= diagnostic.span.end, "{diagnostic:?}");
    }
});
