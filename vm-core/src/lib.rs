//! capvm's core: decode, validate and translate WebAssembly modules, and run them on a fast interpreter behind
//! an embedding API in the shape of wasmtime's.
//!
//! # Core concepts
//!
//! - [`Engine`] holds the configuration ([`Config`]) shared by modules and stores.
//! - [`Module`] is a compiled module: validated and translated to capvm's internal instructions once.
//! - [`Store`] owns all runtime state (instances, memories, tables, globals, host references, the execution
//!   stacks) plus the embedder's data `T`. [`Func`], [`Memory`], [`Table`], [`Global`] and [`Instance`] are
//!   small `Copy` handles into a store.
//! - [`Linker`] names host functions and items and instantiates modules against them. Host functions receive a
//!   [`Caller`], through which they reach the store's data and the calling instance's exports (its memory).
//!   [`Linker::instantiate_pre`] checks a module's imports once for many instantiations ([`InstancePre`]), and
//!   [`Linker::module`] defines WASI commands and reactors as wasmtime does.
//! - Execution errors are values: a trap is an [`Error`] whose [`trap_code`](Error::trap_code) says why, with a
//!   [`WasmBacktrace`]. The store stays usable after a trap.
//!
//! # Example
//!
//! ```
//! use capvm_core::{Caller, Engine, Linker, Module, Store};
//!
//! # fn main() -> capvm_core::Result<()> {
//! let engine = Engine::default();
//! let module = Module::new(
//!     &engine,
//!     r#"(module
//!         (import "host" "double" (func $double (param i32) (result i32)))
//!         (func (export "run") (param i32) (result i32)
//!           local.get 0
//!           call $double
//!           i32.const 1
//!           i32.add))"#,
//! )?;
//! let mut store = Store::new(&engine, 0u32);
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "double", |mut caller: Caller<'_, u32>, x: i32| {
//!     *caller.data_mut() += 1; // count host calls
//!     x * 2
//! })?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! let run = instance.get_typed_func::<i32, i32>(&store, "run")?;
//! assert_eq!(run.call(&mut store, 20)?, 41);
//! assert_eq!(*store.data(), 1);
//! # Ok(())
//! # }
//! ```
//!
//! # Limits
//!
//! Every store has [`StoreLimits`]: call depth, value-stack size, memory pages, table elements (per table and for
//! all tables together) and entity counts. On top of them, a [`ResourceLimiter`] installed with [`Store::limiter`]
//! decides every growth of a memory or table, and their initial sizes. Deep recursion ends in the "call stack
//! exhausted" trap at the configured depth, never in a host stack overflow: WebAssembly calls do not recurse on the
//! Rust stack, and nested executions (host functions calling back into the guest) stay within
//! [`Config::max_native_stack`].
//!
//! A runaway guest is stopped by fuel ([`Config::consume_fuel`], [`Store::set_fuel`]), by epoch deadlines
//! ([`Config::epoch_interruption`], [`Engine::increment_epoch`], [`Store::set_epoch_deadline`]) or from another
//! thread ([`Store::interrupt_handle`]); what costs fuel and where the checks are is documented on
//! [`Config::consume_fuel`] and [`Config::epoch_interruption`]. Linear memories grow in place and the host commits only the pages a guest
//! touches; a trap's [`WasmBacktrace`] keeps a bounded number of frames.

#![deny(missing_docs)]

mod compile;
mod engine;
mod error;
mod exec;
mod extern_;
mod func;
mod global;
mod instance;
mod ir;
mod linear_memory;
mod linker;
mod memory;
mod memory_access;
mod metering;
mod module;
mod statistics;
mod store;
mod table;
mod tag;
mod translate;
mod trap;
mod types;
mod value;

/// The README's Rust snippets, compiled and run as doc tests (lines starting with `# ` are hidden set-up).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}

pub use self::engine::{Config, Engine, StoreLimits};
pub use self::error::{Error, ErrorKind, FrameInfo, Result, WasmBacktrace};
pub use self::extern_::Extern;
pub use self::func::{Caller, Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use self::global::Global;
pub use self::instance::{Instance, InstancePre};
pub use self::linker::Linker;
pub use self::memory::{Memory, MemoryAccessError};
pub use self::metering::{InterruptHandle, InterruptProbe};
pub use self::module::Module;
pub use self::store::{
    AsContext, AsContextMut, DEFAULT_INSTANCE_LIMIT, DEFAULT_MEMORY_LIMIT, DEFAULT_TABLE_LIMIT,
    ExternRef, ResourceLimiter, Store, StoreContext, StoreContextMut,
};
pub use self::table::Table;
pub use self::tag::{ExnRef, Tag};
pub use self::trap::TrapCode;
pub use self::types::{
    ExportType, ExternType, FuncType, FuncTypeId, GlobalType, HeapType, ImportType, MemoryType,
    Mutability, RefType, TableType, TagType, ValType,
};
pub use self::value::{V128, Val};

/// The interpreter's dispatch strategy in this build: `"threaded"` (tail-calling handlers, used by optimized builds
/// without debug assertions on x86-64 and AArch64) or `"loop"`.
pub fn dispatch_strategy() -> &'static str {
    exec::STRATEGY
}
