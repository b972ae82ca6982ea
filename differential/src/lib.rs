//! Differential testing of capvm against wasmi 2.0.
//!
//! Given wasm bytes, [`run_capvm`] and [`run_wasmi`] each compile the module (wasmi's copy with a no-op
//! workaround for one of its bugs, see [`run_wasmi`]), instantiate it with a dummy for
//! every import (functions return zeros, globals hold zero, memories and tables have the import's limits),
//! call every exported function once in name order with deterministic [`argument`]s, and record an
//! [`Outcome`]: rejection, or the instantiation result and, per call, the normalized results or trap plus the
//! state of every exported memory (hash), global (value) and table (size, null entries). [`compare`] turns two
//! outcomes into a [`Verdict`]; [`differential`] does all three.
//!
//! [`generate`] and [`generate_from_seed`] build wasm-smith modules restricted to capvm's features (SIMD and
//! relaxed SIMD included) and made to terminate. The seeded test in `tests/` and the cargo-fuzz targets in
//! `../fuzz` use them; [`simd_opcodes`] lists a module's SIMD operators for their coverage numbers.
//!
//! Values are compared exactly (scalar NaNs are canonicalized first), except that a `v128` may differ in lanes
//! that are NaNs on both sides ([`Value::same_as`]).
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
mod code;
mod compare;
mod generate;
mod outcome;
mod wasmi;

pub use self::args::{ParamType, argument};
pub use self::capvm::{run_capvm, run_capvm_with};
pub use self::code::simd_opcodes;
pub use self::compare::{Mismatch, Verdict, compare};
pub use self::generate::{
    MAX_MEMORY_BYTES, MAX_TABLE_ELEMENTS, TERMINATION_FUEL, config, generate, generate_from_seed,
    generate_unbounded,
};
pub use self::outcome::{
    Call, ExportKind, Failure, Outcome, Run, State, TrapKind, Value, v128_same_but_nans,
};
pub use self::wasmi::{run_wasmi, run_wasmi_as_is};

/// Runs `wasm` on capvm and on wasmi and compares the outcomes.
pub fn differential(wasm: &[u8]) -> Verdict {
    compare(&run_capvm(wasm), &run_wasmi(wasm))
}

/// The stack that [`on_large_stack`] gives its closure: 512 MiB (address space; only what is used is touched).
///
/// wasmi's default dispatch chains its instruction handlers by tail calls, and relies on LLVM to turn them into
/// jumps. In builds with debug assertions (the `test` and `dev` profiles) it does not, so every instruction
/// wasmi executes keeps a frame (about 32 bytes) until the call returns to the host: a generated module's
/// call can take hundreds of thousands of instructions, more than a thread's default 2 MiB (the SIMD
/// modules of the seeded test overflow it). Optimized builds (`--release`, cargo-fuzz) do not need it.
pub const LARGE_STACK_BYTES: usize = 512 << 20;

/// Runs `f` on a new thread with a [`LARGE_STACK_BYTES`] stack and returns its result; a panic in `f` is
/// resumed on the caller's thread.
///
/// # Panics
///
/// If the thread cannot be created.
pub fn on_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("differential".into())
            .stack_size(LARGE_STACK_BYTES)
            .spawn_scoped(scope, f)
            .expect("cannot create a thread for the differential run");
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
