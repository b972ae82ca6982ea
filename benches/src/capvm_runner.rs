//! Running a workload on capvm.

use capvm_core::{Config, Engine, Linker, Module, Store, TypedFunc};

use crate::error::BenchError;
use crate::host::{HOST_FUNC, HOST_MODULE, host_step};

fn capvm_err(what: &str) -> impl FnOnce(capvm_core::Error) -> BenchError + '_ {
    move |source| BenchError::Capvm {
        what: what.to_string(),
        source,
    }
}

/// A workload module instantiated on capvm (with `env.step` linked), ready to call `run`.
#[derive(Debug)]
pub struct CapvmRunner {
    store: Store<()>,
    run: TypedFunc<i32, i64>,
}

impl CapvmRunner {
    /// Compiles `wasm` (binary or text) on a default engine and instantiates it.
    ///
    /// # Errors
    ///
    /// If the module does not compile or instantiate, or has no `run: (i32) -> i64` export.
    pub fn new(wasm: &[u8]) -> Result<Self, BenchError> {
        let engine = Engine::default();
        let module = Module::new(&engine, wasm).map_err(capvm_err("compile"))?;
        Self::instantiate(&engine, &module)
    }

    /// Compiles `wasm` on an engine with `config` and instantiates it; a store that meters fuel gets all there
    /// is, so metering costs time but never stops the workload.
    ///
    /// # Errors
    ///
    /// As [`CapvmRunner::new`].
    pub fn with_config(wasm: &[u8], config: &Config) -> Result<Self, BenchError> {
        let engine = Engine::new(config);
        let module = Module::new(&engine, wasm).map_err(capvm_err("compile"))?;
        let mut runner = Self::instantiate(&engine, &module)?;
        // An engine without fuel refuses, and needs none.
        let _ = runner.store.set_fuel(u64::MAX);
        Ok(runner)
    }

    /// Instantiates an already compiled module in a fresh store.
    ///
    /// # Errors
    ///
    /// If the module does not instantiate or has no `run: (i32) -> i64` export.
    pub fn instantiate(engine: &Engine, module: &Module) -> Result<Self, BenchError> {
        let mut store = Store::new(engine, ());
        let mut linker = Linker::new(engine);
        linker
            .func_wrap(HOST_MODULE, HOST_FUNC, host_step)
            .map_err(capvm_err("define env.step"))?;
        // The compiled workloads import what the standard library's panic path needs; a correct run never calls it.
        linker
            .define_unknown_imports_as_traps(module)
            .map_err(capvm_err("define the unused imports"))?;
        let instance = linker
            .instantiate(&mut store, module)
            .map_err(capvm_err("instantiate"))?;
        let run = instance
            .get_typed_func::<i32, i64>(&store, "run")
            .map_err(capvm_err("look up `run`"))?;
        Ok(Self { store, run })
    }

    /// Calls `run(size)`.
    ///
    /// # Errors
    ///
    /// If the call traps.
    pub fn run(&mut self, size: i32) -> Result<i64, BenchError> {
        self.run
            .call(&mut self.store, size)
            .map_err(capvm_err("call `run`"))
    }
}
