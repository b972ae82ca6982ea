//! Paths of capvm's guest programs, built for `wasm32-wasip1` by this crate's build script so that end-to-end
//! tests can run them through the `capvm` binary.

#![deny(missing_docs)]

use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/guests.rs"));

/// The built `.wasm` of the guest binary called `name`.
///
/// # Panics
///
/// If no guest of that name is listed in the build script (a test bug).
pub fn path(name: &str) -> PathBuf {
    match GUESTS.iter().find(|(bin, _)| *bin == name) {
        Some((_, path)) => PathBuf::from(path),
        None => panic!("no guest called `{name}`; add it to test-guests/build.rs"),
    }
}

/// The names of all guests.
pub fn names() -> impl Iterator<Item = &'static str> {
    GUESTS.iter().map(|(bin, _)| *bin)
}
