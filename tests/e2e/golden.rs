//! Golden test: the whole output of tests/sites/golden is snapshot-tested, so any change of
//! output is a reviewed diff (`cargo insta review`, or INSTA_UPDATE=always then `git diff`).

use std::path::Path;

use crate::support::{self, workspace};

/// Every file below `dir`, sorted, as (relative path with `/`, bytes).
pub(crate) fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).expect("below").to_string_lossy().replace('\\', "/");
                files.push((name, std::fs::read(&path).expect("readable file")));
            }
        }
    }
    files.sort();
    files
}

/// Builds the golden site (with drafts left out) into a temporary folder.
pub(crate) fn build_golden(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary folder");
    let root = workspace().join("tests/sites/golden");
    let public = out.path().join("public");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().expect("UTF-8"),
        "--output-dir",
        public.to_str().expect("UTF-8"),
    ];
    args.extend_from_slice(extra);
    let output = support::leverage(&args);
    assert!(output.status.success(), "{}", support::stderr(&output));
    out
}

#[test]
fn the_whole_output_is_as_reviewed() {
    let out = build_golden(&[]);
    let files = tree(&out.path().join("public"));
    let manifest: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    insta::assert_snapshot!("manifest", manifest.join("\n"));
    for (name, bytes) in &files {
        let text =
            String::from_utf8(bytes.clone()).unwrap_or_else(|_| format!("<{} binary bytes>", bytes.len()));
        // The stylesheet's name carries its hash (which the manifest records); its snapshot's
        // name does not, so a CSS change shows as a diff rather than a new file.
        let stable =
            if name.starts_with("style.") && name.ends_with(".css") { "style.css" } else { name.as_str() };
        let snapshot = format!("file__{}", stable.replace(['/', '.'], "_"));
        insta::assert_snapshot!(snapshot, text);
    }
}

#[test]
fn build_warnings_are_as_reviewed() {
    let root = workspace().join("tests/sites/golden");
    let output = support::leverage(&["check", "--root", root.to_str().expect("UTF-8")]);
    assert!(output.status.success());
    insta::assert_snapshot!("check_warnings", support::stderr(&output));
}
