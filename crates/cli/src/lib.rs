//! The `leverage` command line's definition, as a library so that `cargo xtask` can generate shell
//! completions and the man page from the same clap types the binary parses with.

pub mod args;
