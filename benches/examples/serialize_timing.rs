//! Times `Module::new` against `Module::deserialize` of the same module (the benches' generated large module of
//! `FUNCS` functions, or the WAT/wasm file given as the first argument), best of `ROUNDS` runs each.
//!
//! `cargo run --release -p capvm-benches --example serialize_timing [-- file.wat]`

use std::time::{Duration, Instant};

use capvm_benches::{large_module_wat, wat_to_wasm};
use capvm_core::{Engine, Module};

const FUNCS: usize = 2000;
const ROUNDS: usize = 20;

fn best(mut f: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let wasm = match std::env::args().nth(1) {
        Some(path) => std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
        None => wat_to_wasm("large", &large_module_wat(FUNCS)).unwrap_or_else(|e| panic!("{e}")),
    };
    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).unwrap();
    let bytes = module.serialize().unwrap();
    let compile = best(|| drop(Module::new(&engine, &wasm).unwrap()));
    let serialize = best(|| drop(module.serialize().unwrap()));
    let deserialize = best(|| drop(Module::deserialize(&engine, &bytes).unwrap()));
    println!(
        "wasm: {} bytes; serialized: {} bytes",
        wasm.len(),
        bytes.len()
    );
    println!("Module::new:         {compile:?}");
    println!("Module::serialize:   {serialize:?}");
    println!(
        "Module::deserialize: {deserialize:?} ({:.1}x faster than Module::new)",
        compile.as_secs_f64() / deserialize.as_secs_f64()
    );
}
