//! Runs the WebAssembly specification test suite (`.wast` scripts) against vm-core.
//!
//! [`WastRunner`] executes one script: it compiles and instantiates its modules in one store, links them with
//! the `spectest` host module ([`define_spectest`]) and with each other (`register`), and checks every
//! assertion. The `spec` integration test (`tests/spec.rs`) runs every file of the suite in
//! `../shared/testsuite` (or `$CAPVM_TESTSUITE`) as one test, minus the files in [`SKIPS`].
//!
//! # What counts as an assertion
//!
//! Every directive of a script is checked and counted: `module`, `register` and `invoke` assert that they
//! succeed, just as the `assert_*` directives assert their outcome.
//!
//! # How outcomes are judged
//!
//! - `assert_return`: results are compared on bits (floats included); `nan:canonical` / `nan:arithmetic`
//!   patterns are checked on the NaN's bits; `ref.null`, `ref.extern N` and `ref.func` by reference identity.
//! - `assert_trap` / `assert_exhaustion`: the error must be a trap, and its code's spec message must be a
//!   prefix of the expected text (the reference interpreter sometimes appends details, e.g.
//!   `"uninitialized element 2"`). A link or validation error is a failure.
//! - `assert_invalid` / `assert_malformed`: any failure to encode the text, or to decode or validate the binary,
//!   counts as success. The messages are not compared: they come from `wast` and `wasmparser`, whose texts
//!   differ from the reference interpreter's. A module refused as *unsupported* does not count.
//! - `assert_unlinkable`: the module must compile, and instantiation must fail with a link error whose message
//!   starts with the expected text.

#![deny(missing_docs)]

mod error;
mod runner;
mod skips;
mod spectest;
mod value;

pub use self::error::Error;
pub use self::runner::{Failure, FileReport, WastRunner, count_directives};
pub use self::skips::{SKIPS, Skip, skip_reason};
pub use self::spectest::define_spectest;
