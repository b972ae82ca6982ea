//! The engine: configuration shared by modules and stores, and the registry of function signatures.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::types::{FuncType, FuncTypeId};

/// Resource limits for one store. Exceeding a limit during execution is a trap; at instantiation or when creating
/// an entity, it is an error. Nothing is ever allocated beyond them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreLimits {
    /// The maximum number of nested WebAssembly calls (host calls in between count too).
    pub max_call_depth: u32,
    /// The maximum number of 64-bit value-stack cells (locals and operands of all active frames).
    pub max_value_stack: usize,
    /// The maximum size of any one linear memory, in 64 KiB pages.
    pub max_memory_pages: u64,
    /// The maximum number of elements of any one table.
    pub max_table_elements: u64,
    /// The maximum number of instances in the store.
    pub max_instances: usize,
    /// The maximum number of memories in the store.
    pub max_memories: usize,
    /// The maximum number of tables in the store.
    pub max_tables: usize,
    /// The maximum number of table elements of all tables in the store together.
    pub max_total_table_elements: u64,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            max_call_depth: 65_536,
            max_value_stack: 8 * 1024 * 1024,
            max_memory_pages: 65_536,
            max_table_elements: 10_000_000,
            max_instances: 10_000,
            max_memories: 10_000,
            max_tables: 10_000,
            // 32 Mi elements of 8 bytes: a hostile module's tables stay within 256 MiB.
            max_total_table_elements: 32 * 1024 * 1024,
        }
    }
}

/// The native stack that nested executions (a host function calling back into WebAssembly, at any depth) may
/// use by default, measured from the outermost call into the store.
const DEFAULT_MAX_NATIVE_STACK: usize = 512 * 1024;

/// Engine configuration: enabled WebAssembly features, metering and default store limits.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) features: wasmparser::WasmFeatures,
    pub(crate) limits: StoreLimits,
    pub(crate) consume_fuel: bool,
    pub(crate) epoch_interruption: bool,
    pub(crate) max_native_stack: usize,
    pub(crate) lazy_translation: bool,
    pub(crate) parallel_compilation: bool,
}

/// The validator features behind [`Config::wasm_function_references`]. wasmparser ties part of WebAssembly
/// 3.0's typed references (constant expressions reading defined globals, the bottom heap types) to its GC
/// feature, so that is validated too; capvm refuses GC's own types and instructions when it translates.
const FUNCTION_REFERENCES: wasmparser::WasmFeatures =
    wasmparser::WasmFeatures::FUNCTION_REFERENCES.union(wasmparser::WasmFeatures::GC);

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    /// The default configuration: WebAssembly 2.0 (with fixed-width SIMD), plus relaxed SIMD, extended constant
    /// expressions, tail calls, typed function references, exception handling, multiple memories and 64-bit
    /// memories from 3.0;
    /// default limits; no fuel, no epoch checks.
    pub fn new() -> Self {
        let mut features = wasmparser::WasmFeatures::WASM2;
        features.insert(wasmparser::WasmFeatures::RELAXED_SIMD);
        features.insert(wasmparser::WasmFeatures::EXTENDED_CONST);
        features.insert(wasmparser::WasmFeatures::TAIL_CALL);
        features.insert(wasmparser::WasmFeatures::MULTI_MEMORY);
        features.insert(wasmparser::WasmFeatures::MEMORY64);
        features.insert(FUNCTION_REFERENCES);
        features.insert(wasmparser::WasmFeatures::EXCEPTIONS);
        Self {
            features,
            limits: StoreLimits::default(),
            consume_fuel: false,
            epoch_interruption: false,
            max_native_stack: DEFAULT_MAX_NATIVE_STACK,
            lazy_translation: true,
            parallel_compilation: true,
        }
    }

    /// Translate each function on its first call instead of when the module is compiled (on by default):
    /// `Module::new` then only validates (every function, so nothing of an invalid module runs), and a large
    /// module is ready in a fraction of the time, keeping its bytes until its functions are translated. A
    /// function is translated once, to the same code as eager translation; a translation that fails (capvm
    /// does not support something the function uses) traps with "function could not be translated" when it is
    /// called. Off: every function is translated by `Module::new`, and such errors are compile errors.
    pub fn lazy_translation(&mut self, enable: bool) -> &mut Self {
        self.lazy_translation = enable;
        self
    }

    /// Validate (and, without lazy translation, translate) a large code section on several threads, as
    /// wasmtime's option of the same name (on by default). The code and the errors are the same either way; a
    /// code section under 256 KiB is always done on the calling thread.
    pub fn parallel_compilation(&mut self, enable: bool) -> &mut Self {
        self.parallel_compilation = enable;
        self
    }

    /// Meter execution with fuel, as wasmtime's option of the same name: every store starts with no fuel
    /// ([`Store::set_fuel`](crate::Store::set_fuel) gives it some) and traps with "all fuel consumed" when it
    /// runs out. Off by default; when off, execution pays nothing for it.
    ///
    /// Costs: one unit per operator, except `nop`, `drop`, `block`, `loop`, `end`, `else`, `unreachable` and
    /// `return`, which are free; `memory.fill/copy/init` and `table.fill/copy/init/grow` also cost one unit per
    /// byte or element, and an exception one unit per frame it unwinds. A block of code (from a branch target or the start of an `if` arm to the next one; a
    /// `br_if` does not end it) is charged before it runs, so running out traps before any of its instructions,
    /// leaving the remainder in the store; a bulk operation's length is charged before it starts (a length that no
    /// memory or table within the store's limits can hold is not: the operation traps as out of bounds).
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Self {
        self.consume_fuel = enable;
        self
    }

    /// Check for interruption at every function entry and loop header: the engine's epoch against each store's
    /// deadline ([`Engine::increment_epoch`], [`Store::set_epoch_deadline`](crate::Store::set_epoch_deadline))
    /// and the store's [`InterruptHandle`](crate::InterruptHandle). Either stops the guest with the trap
    /// "interrupt". Off by default; when off, execution pays nothing for it.
    pub fn epoch_interruption(&mut self, enable: bool) -> &mut Self {
        self.epoch_interruption = enable;
        self
    }

    /// The native (host) stack that nested executions may use, in bytes (default 512 KiB): when a host function
    /// calls back into WebAssembly, which calls the host again, and so on, each level uses some of the calling
    /// thread's stack. Past this budget, measured from the outermost call into the store, the call traps with
    /// "call stack exhausted" instead of overflowing the thread's stack. WebAssembly-to-WebAssembly calls use no
    /// native stack and are limited by [`StoreLimits::max_call_depth`].
    pub fn max_native_stack(&mut self, bytes: usize) -> &mut Self {
        self.max_native_stack = bytes;
        self
    }

    /// Accept modules that use fixed-width SIMD (`v128` and its operators, part of WebAssembly 2.0). On by
    /// default, as wasmtime's option of the same name. Switching it off also switches off relaxed SIMD.
    pub fn wasm_simd(&mut self, enable: bool) -> &mut Self {
        self.features.set(wasmparser::WasmFeatures::SIMD, enable);
        if !enable {
            self.features.remove(wasmparser::WasmFeatures::RELAXED_SIMD);
        }
        self
    }

    /// Accept modules that use relaxed SIMD (WebAssembly 3.0). On by default, as wasmtime's option of the same
    /// name; it needs [`Self::wasm_simd`]. capvm gives each relaxed operator one deterministic result, the same on
    /// every host (documented on each operator's semantics in `exec/simd.rs`).
    pub fn wasm_relaxed_simd(&mut self, enable: bool) -> &mut Self {
        self.features
            .set(wasmparser::WasmFeatures::RELAXED_SIMD, enable);
        if enable {
            self.features.insert(wasmparser::WasmFeatures::SIMD);
        }
        self
    }

    /// Accept extended constant expressions (WebAssembly 3.0: `i32`/`i64` `add`, `sub` and `mul` in global
    /// initializers and segment offsets). On by default, as wasmtime's option of the same name.
    pub fn wasm_extended_const(&mut self, enable: bool) -> &mut Self {
        self.features
            .set(wasmparser::WasmFeatures::EXTENDED_CONST, enable);
        self
    }

    /// Accept tail calls (WebAssembly 3.0: `return_call`, `return_call_indirect`). On by default, as wasmtime's
    /// option of the same name. A tail call replaces the caller's frame, so tail recursion runs in constant space.
    pub fn wasm_tail_call(&mut self, enable: bool) -> &mut Self {
        self.features
            .set(wasmparser::WasmFeatures::TAIL_CALL, enable);
        self
    }

    /// Accept typed function references (WebAssembly 3.0: `(ref $t)` and `(ref null $t)` types, non-nullable
    /// locals, `call_ref`, `return_call_ref`, `ref.as_non_null`, `br_on_null`, `br_on_non_null`, table
    /// initializer expressions, and constant expressions reading any earlier immutable global). On by default, as
    /// wasmtime's option of the same name. GC types and instructions are not implemented: a module using them is
    /// refused as unsupported, with a message saying so.
    pub fn wasm_function_references(&mut self, enable: bool) -> &mut Self {
        self.features.set(FUNCTION_REFERENCES, enable);
        self
    }

    /// Accept exception handling (WebAssembly 3.0: tags, `throw`, `throw_ref`, `try_table` and `exnref`). On by
    /// default, as wasmtime's option of the same name. Exceptions unwind capvm's own frames; one that leaves the
    /// outermost call reaches the host as an error ([`Error::exception`](crate::Error::exception)).
    pub fn wasm_exceptions(&mut self, enable: bool) -> &mut Self {
        self.features
            .set(wasmparser::WasmFeatures::EXCEPTIONS, enable);
        self
    }

    /// Accept modules with more than one memory (WebAssembly 3.0). On by default, as wasmtime's option of the
    /// same name. Memory 0 keeps the interpreter's fast path; the others are reached through their index.
    pub fn wasm_multi_memory(&mut self, enable: bool) -> &mut Self {
        self.features
            .set(wasmparser::WasmFeatures::MULTI_MEMORY, enable);
        self
    }

    /// Accept 64-bit memories (WebAssembly 3.0 memory64: addresses, sizes and limits are i64). On by default, as
    /// wasmtime's option of the same name. Their size is still bounded by [`StoreLimits::max_memory_pages`].
    pub fn wasm_memory64(&mut self, enable: bool) -> &mut Self {
        self.features
            .set(wasmparser::WasmFeatures::MEMORY64, enable);
        self
    }

    /// The limits every new store starts with.
    pub fn store_limits(&mut self, limits: StoreLimits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// The default maximum call depth of new stores.
    pub fn max_call_depth(&mut self, depth: u32) -> &mut Self {
        self.limits.max_call_depth = depth;
        self
    }

    /// The default maximum value-stack size of new stores, in 64-bit cells.
    pub fn max_value_stack(&mut self, cells: usize) -> &mut Self {
        self.limits.max_value_stack = cells;
        self
    }
}

/// The compilation and type environment shared by modules and stores. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

#[derive(Debug, Default)]
struct EngineInner {
    config: Config,
    signatures: Mutex<SignatureRegistry>,
    epoch: AtomicU64,
}

#[derive(Debug, Default)]
struct SignatureRegistry {
    ids: HashMap<FuncType, FuncTypeId>,
    types: Vec<FuncType>,
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> Self {
        Self {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                signatures: Mutex::default(),
                epoch: AtomicU64::new(0),
            }),
        }
    }

    /// Advances the engine's epoch by one. Any thread may call it (typically a timer); code running in a store
    /// whose deadline ([`Store::set_epoch_deadline`](crate::Store::set_epoch_deadline)) is now reached traps
    /// with "interrupt" at its next check, if the engine was configured with
    /// [`Config::epoch_interruption`].
    pub fn increment_epoch(&self) {
        self.inner.epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// The engine's current epoch.
    pub fn current_epoch(&self) -> u64 {
        self.inner.epoch.load(Ordering::Relaxed)
    }

    /// The epoch counter itself, for the interpreter's checks.
    pub(crate) fn epoch_counter(&self) -> &AtomicU64 {
        &self.inner.epoch
    }

    pub(crate) fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Whether two handles refer to the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// The id of function type `ty` in this engine, registering it on first use (for concrete reference types,
    /// [`HeapType::ConcreteFunc`](crate::HeapType::ConcreteFunc)).
    pub fn func_type_id(&self, ty: &FuncType) -> FuncTypeId {
        self.intern_signature(ty)
    }

    /// The function type registered under `id`, if `id` belongs to this engine.
    pub fn func_type(&self, id: FuncTypeId) -> Option<FuncType> {
        self.lock_signatures().types.get(id.0 as usize).cloned()
    }

    /// The signature id of `ty`, registering it on first use.
    pub(crate) fn intern_signature(&self, ty: &FuncType) -> FuncTypeId {
        let mut registry = self.lock_signatures();
        if let Some(id) = registry.ids.get(ty) {
            return *id;
        }
        let id = FuncTypeId(u32::try_from(registry.types.len()).unwrap_or(u32::MAX));
        registry.types.push(ty.clone());
        registry.ids.insert(ty.clone(), id);
        id
    }

    /// The function type registered under `id`.
    pub(crate) fn signature(&self, id: FuncTypeId) -> FuncType {
        let registry = self.lock_signatures();
        registry
            .types
            .get(id.0 as usize)
            .cloned()
            .unwrap_or_else(|| FuncType::new([], []))
    }

    fn lock_signatures(&self) -> std::sync::MutexGuard<'_, SignatureRegistry> {
        // A panic while holding the lock cannot leave the registry inconsistent (each insertion is complete
        // before the guard drops), so a poisoned lock is still usable.
        self.inner
            .signatures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
