//! vm-core's integration tests: one binary, one module per behaviour.

mod branches;
mod counted_loops;
mod decode;
mod dispatch;
mod exceptions;
mod func_refs;
mod host;
mod hostile;
mod immediates;
mod instance_pre;
mod layering;
mod lazy;
mod limiter;
mod limits;
mod linker_module;
mod memories;
mod metering;
mod offsets;
mod parallel;
mod regressions;
mod serialize;
mod simd;
mod tail_calls;

use capvm_core::{Engine, Instance, Linker, Module, Store};

/// Compiles `wat` (text or binary) and instantiates it with no imports in a fresh store with the engine's default
/// limits.
fn instantiate(engine: &Engine, wat: impl AsRef<[u8]>) -> (Store<()>, Instance) {
    let module = Module::new(engine, wat).expect("module compiles");
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine)
        .instantiate(&mut store, &module)
        .expect("module instantiates");
    (store, instance)
}

/// Stores move between threads; modules, engines and linkers are shared between them.
#[test]
fn api_types_are_thread_safe() {
    fn send<T: Send>() {}
    fn send_sync<T: Send + Sync>() {}
    send::<Store<()>>();
    send_sync::<Module>();
    send_sync::<Engine>();
    send_sync::<Linker<()>>();
    send_sync::<capvm_core::Func>();
    send_sync::<capvm_core::Error>();
}
