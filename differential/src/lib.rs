//! Differential testing of capvm against wasmi 2.0.
//!
//! Given wasm bytes, [`run_capvm`] and [`run_wasmi`] each compile the module, instantiate it with a dummy for
//! every import (functions return zeros, globals hold zero, memories and tables have the import's limits),
//! call every exported function once in name order with deterministic [`argument`]s, and record an
//! [`Outcome`]: rejection, or the instantiation result and, per call, the normalized results or trap plus the
//! state of every exported memory (hash), global (value) and table (size, null entries). [`compare`] turns two
//! outcomes into a [`Verdict`]; [`differential`] does all three.
//!
//! [`generate`] and [`generate_from_seed`] build wasm-smith modules restricted to capvm's features and made to
//! terminate. The seeded test in `tests/` and the cargo-fuzz targets in `../fuzz` use them.
//!
//! ```
//! use capvm_differential::{Verdict, differential};
//!
//! let wasm = br#"(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.div_s))"#;
//! # let wasm = &wat::parse_bytes(wasm).unwrap();
//! assert_eq!(differential(wasm), Verdict::Agree { calls: 1 });
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod args;
mod capvm;
mod compare;
mod generate;
mod outcome;
mod wasmi;

pub use self::args::{ParamType, argument};
pub use self::capvm::{run_capvm, run_capvm_with};
pub use self::compare::{Mismatch, Verdict, compare};
pub use self::generate::{
    MAX_MEMORY_BYTES, MAX_TABLE_ELEMENTS, TERMINATION_FUEL, config, generate, generate_from_seed,
    generate_unbounded,
};
pub use self::outcome::{Call, ExportKind, Failure, Outcome, Run, State, TrapKind, Value};
pub use self::wasmi::run_wasmi;

/// Runs `wasm` on capvm and on wasmi and compares the outcomes.
pub fn differential(wasm: &[u8]) -> Verdict {
    compare(&run_capvm(wasm), &run_wasmi(wasm))
}
