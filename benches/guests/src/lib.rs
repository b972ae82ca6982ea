//! capvm's compiled benchmark workloads, each `run(size) -> checksum` in plain `core` + `alloc` Rust.
//!
//! Built for `wasm32-wasip1` with the standard library, every `examples/<name>.rs` exports one of them as
//! `run: (i32) -> i64`. The modules import what the standard library's panic path needs (`fd_write` and the
//! like), which a correct run never calls: the bench runners link those imports as traps. The benches crate
//! compiles the algorithm files natively as the reference implementation.

extern crate alloc;

pub mod bytes;
pub mod interp;
pub mod nbody;
pub mod sort;
pub mod stack;
