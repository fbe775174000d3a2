//! The default theme is compiled into the crate with `include_dir!`, which on stable Rust cannot
//! tell cargo which files it read: without this, an edit to a template under `themes/default`
//! left every build and test on the old one until something else in the crate changed.

fn main() {
    // A folder is scanned whole: a file changed, added or removed anywhere below it reruns this
    // and recompiles the crate.
    println!("cargo:rerun-if-changed=../../themes/default");
}
