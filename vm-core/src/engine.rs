//! The engine: configuration shared by modules and stores, and the registry of function signatures.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::types::FuncType;

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
        }
    }
}

/// Engine configuration: enabled WebAssembly features and default store limits.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) features: wasmparser::WasmFeatures,
    pub(crate) limits: StoreLimits,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    /// The default configuration: WebAssembly 2.0 without SIMD (which does not execute yet), default limits.
    pub fn new() -> Self {
        let mut features = wasmparser::WasmFeatures::WASM2;
        features.remove(wasmparser::WasmFeatures::SIMD);
        Self {
            features,
            limits: StoreLimits::default(),
        }
    }

    /// Accept modules that use the fixed-width SIMD proposal. They validate, but their SIMD instructions are
    /// reported as unsupported when the module is compiled, until the interpreter executes them.
    pub fn wasm_simd(&mut self, enable: bool) -> &mut Self {
        self.features.set(wasmparser::WasmFeatures::SIMD, enable);
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

/// Identifies a function signature within one engine: two functions have equal types exactly when their
/// signature ids are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct SigId(pub(crate) u32);

/// The compilation and type environment shared by modules and stores. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

#[derive(Debug, Default)]
struct EngineInner {
    config: Config,
    signatures: Mutex<SignatureRegistry>,
}

#[derive(Debug, Default)]
struct SignatureRegistry {
    ids: HashMap<FuncType, SigId>,
    types: Vec<FuncType>,
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> Self {
        Self {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                signatures: Mutex::default(),
            }),
        }
    }

    pub(crate) fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Whether two handles refer to the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// The signature id of `ty`, registering it on first use.
    pub(crate) fn intern_signature(&self, ty: &FuncType) -> SigId {
        let mut registry = self.lock_signatures();
        if let Some(id) = registry.ids.get(ty) {
            return *id;
        }
        let id = SigId(u32::try_from(registry.types.len()).unwrap_or(u32::MAX));
        registry.types.push(ty.clone());
        registry.ids.insert(ty.clone(), id);
        id
    }

    /// The function type registered under `id`.
    pub(crate) fn signature(&self, id: SigId) -> FuncType {
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
