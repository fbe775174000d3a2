//! A panic of a library on one input, caught and told as that input's error.
//!
//! The markdown parser panics on a few inputs (a bug of its, see `load::parse_document_with`).
//! Its panic is caught there, and the file is an error; the panic's own message, which the
//! default hook would print as if the program had crashed, is kept quiet while a guarded call
//! runs on its thread. Every other panic is printed as before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether a guarded call runs on this thread.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// The panic hook that keeps a guarded call's panic quiet, installed once.
static HOOK: Once = Once::new();

/// `call()`, or what its panic said when it panicked.
pub(crate) fn quietly<T>(call: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                before(info);
            }
        }));
    });
    let was = QUIET.with(|quiet| quiet.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(call));
    QUIET.with(|quiet| quiet.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_told_and_the_thread_goes_on() {
        assert_eq!(quietly(|| 2 + 2), Ok(4));
        let said = quietly(|| -> u8 { panic!("at {}", 3) });
        assert_eq!(said, Err("at 3".to_string()));
        assert_eq!(quietly(|| -> u8 { std::panic::panic_any(7u8) }), Err("a panic".to_string()));
        assert!(!QUIET.with(Cell::get), "quiet only while a guarded call runs");
    }
}
