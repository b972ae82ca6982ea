//! Benchmark workloads for capvm and the tools around them.
//!
//! The workloads are hand-written WebAssembly text modules (`benches/wat/*.wat`) and small Rust programs compiled
//! by rustc for `wasm32-wasip1` (`benches/guests`, committed as `benches/wasm/*.wasm`). Each exports
//! `run: (i32) -> i64`, which takes a size and returns a checksum; every hand-written workload has an independent
//! Rust reference implementation computing the same checksum, every compiled one its own source built natively,
//! so a wrong interpreter cannot pass for a fast one.
//! The criterion benches (`benches/benches/*.rs`) run capvm and wasmi side by side on the same bytes, grouped by
//! phase: translate, instantiate, execute and host calls; `metering` runs the execute workloads on capvm alone, by
//! default and with fuel or epoch checks. `src/bin/compare.rs` turns criterion's output into a markdown table.
//!
//! ```text
//! cargo test -p capvm-benches                 # every workload at a small size, on capvm and on wasmi
//! cargo bench -p capvm-benches                # all phases (a few minutes); results in target/criterion
//! cargo run -p capvm-benches --bin compare    # markdown tables: capvm | wasmi | ratio, with geomeans
//! cargo bench -p capvm-benches --bench metering   # capvm default / fuel / epochs side by side
//! cargo build --profile bench -p capvm-benches --example workload   # a driver for callgrind / perf
//! ```

#![deny(missing_docs)]

extern crate alloc;

mod capvm_runner;
mod compare;
mod error;
mod generate;
mod host;
mod reference;
mod workload;

pub use self::capvm_runner::CapvmRunner;
pub use self::compare::{Measurement, collect_measurements, markdown_tables};
pub use self::error::BenchError;
pub use self::generate::{INSTANTIATE_WAT, instantiate_expected, large_module_wat};
pub use self::host::{HOST_FUNC, HOST_MODULE, host_step};
pub use self::workload::{EXECUTE, HOST_CALL, Source, Workload, wat_to_wasm};
