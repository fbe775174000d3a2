//! End-to-end tests: run the real `leverage` binary on example sites and check what it writes
//! and prints. One test binary for all of them, declared in crates/cli/Cargo.toml.
#![allow(clippy::print_stderr, reason = "a skipped check is announced loudly on stderr")]

mod support;

mod author;
mod browser;
mod build;
mod check;
mod contract;
mod deploy;
mod golden;
mod import;
mod invalid;
mod sample;
mod search;
mod serve;
mod site;
mod validate;
