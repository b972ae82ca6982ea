//! Running a workload on wasmi 2.0 (also used by the tests to check the workloads' text on a second engine).

use capvm_benches::{HOST_FUNC, HOST_MODULE, host_step};
use wasmi::{CompilationMode, Config, Engine, Linker, Module, Store, TypedFunc};

/// wasmi's default configuration, except that functions are translated eagerly (the default translates each
/// function on its first call), so that compiling a module costs the same work as on capvm.
pub(crate) fn eager_engine() -> Engine {
    let mut config = Config::default();
    config.compilation_mode(CompilationMode::Eager);
    Engine::new(&config)
}

/// A workload module instantiated on wasmi (with `env.step` linked), ready to call `run`.
pub(crate) struct WasmiRunner {
    store: Store<()>,
    run: TypedFunc<i32, i64>,
}

impl WasmiRunner {
    /// Compiles `wasm` on an eager engine and instantiates it.
    pub(crate) fn new(wasm: &[u8]) -> Result<Self, wasmi::Error> {
        let engine = eager_engine();
        let module = Module::new(&engine, wasm)?;
        Self::instantiate(&engine, &module)
    }

    /// Instantiates an already compiled module in a fresh store.
    pub(crate) fn instantiate(engine: &Engine, module: &Module) -> Result<Self, wasmi::Error> {
        let mut store = Store::new(engine, ());
        let mut linker = Linker::new(engine);
        linker.func_wrap(HOST_MODULE, HOST_FUNC, host_step)?;
        // The compiled workloads import what the standard library's panic path needs; a correct run never calls it.
        for import in module.imports() {
            if let wasmi::ExternType::Func(ty) = import.ty()
                && (import.module(), import.name()) != (HOST_MODULE, HOST_FUNC)
            {
                let (module_name, name) = (import.module().to_string(), import.name().to_string());
                let trap =
                    move |_: wasmi::Caller<'_, ()>, _: &[wasmi::Val], _: &mut [wasmi::Val]| {
                        Err(wasmi::Error::new(format!("{module_name}::{name} called")))
                    };
                linker.func_new(import.module(), import.name(), ty.clone(), trap)?;
            }
        }
        let instance = linker.instantiate_and_start(&mut store, module)?;
        let run = instance.get_typed_func::<i32, i64>(&store, "run")?;
        Ok(Self { store, run })
    }

    /// Calls `run(size)`.
    pub(crate) fn run(&mut self, size: i32) -> Result<i64, wasmi::Error> {
        self.run.call(&mut self.store, size)
    }
}
