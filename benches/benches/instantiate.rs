//! Instantiation phase: a precompiled module with memory, data segments, a table with element segments and
//! globals, instantiated into a fresh store on each iteration (store creation and drop are not timed).
//!
//! capvm is timed twice on that module, through `Linker::instantiate` (imports resolved by name and type-checked
//! on every instantiation) and through an `InstancePre` made once by `Linker::instantiate_pre`. The module has no
//! imports, so the pair also runs on a variant that imports eight host functions, where resolving is work.

mod support;

use std::hint::black_box;

use capvm_benches::{INSTANTIATE_WAT, instantiate_expected, wat_to_wasm};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

fn instantiate(c: &mut Criterion) {
    let wasm = wat_to_wasm("instantiate", INSTANTIATE_WAT).unwrap_or_else(|e| panic!("{e}"));

    let capvm_engine = capvm_core::Engine::default();
    let capvm_module =
        capvm_core::Module::new(&capvm_engine, &wasm).unwrap_or_else(|e| panic!("{e}"));
    let capvm_linker = capvm_core::Linker::<()>::new(&capvm_engine);
    let capvm_pre = capvm_linker
        .instantiate_pre(&capvm_module)
        .unwrap_or_else(|e| panic!("{e}"));
    let (imports_module, imports_linker) = with_imports(&capvm_engine);
    let imports_pre = imports_linker
        .instantiate_pre(&imports_module)
        .unwrap_or_else(|e| panic!("{e}"));

    let wasmi_engine = support::wasmi_runner::eager_engine();
    let wasmi_module = wasmi::Module::new(&wasmi_engine, &wasm).unwrap_or_else(|e| panic!("{e}"));
    let wasmi_linker = wasmi::Linker::<()>::new(&wasmi_engine);

    // Check once that both engines set up the state the module reads back.
    for probe in [0, 5, 33, 63] {
        for (pre, imports) in [(false, false), (true, false), (false, true), (true, true)] {
            let mut store = capvm_core::Store::new(&capvm_engine, ());
            let instance = match (pre, imports) {
                (false, false) => capvm_linker.instantiate(&mut store, &capvm_module),
                (true, false) => capvm_pre.instantiate(&mut store),
                (false, true) => imports_linker.instantiate(&mut store, &imports_module),
                (true, true) => imports_pre.instantiate(&mut store),
            };
            let instance = instance.unwrap_or_else(|e| panic!("{e}"));
            let run = instance
                .get_typed_func::<i32, i64>(&store, "run")
                .unwrap_or_else(|e| panic!("{e}"));
            let got = run
                .call(&mut store, probe)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                got,
                instantiate_expected(probe),
                "capvm (pre: {pre}, imports: {imports}), run({probe})"
            );
        }

        let mut store = wasmi::Store::new(&wasmi_engine, ());
        let instance = wasmi_linker
            .instantiate_and_start(&mut store, &wasmi_module)
            .unwrap_or_else(|e| panic!("{e}"));
        let run = instance
            .get_typed_func::<i32, i64>(&store, "run")
            .unwrap_or_else(|e| panic!("{e}"));
        let got = run
            .call(&mut store, probe)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got, instantiate_expected(probe), "wasmi, run({probe})");
    }

    let mut group = c.benchmark_group("instantiate");
    support::configure(&mut group);
    group.bench_function(BenchmarkId::new("capvm", "instantiate"), |b| {
        b.iter_batched(
            || capvm_core::Store::new(&capvm_engine, ()),
            |mut store| {
                let instance = capvm_linker.instantiate(&mut store, black_box(&capvm_module));
                black_box(instance.unwrap_or_else(|e| panic!("{e}")));
                store
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function(BenchmarkId::new("capvm", "instantiate_pre"), |b| {
        b.iter_batched(
            || capvm_core::Store::new(&capvm_engine, ()),
            |mut store| {
                let instance = black_box(&capvm_pre).instantiate(&mut store);
                black_box(instance.unwrap_or_else(|e| panic!("{e}")));
                store
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function(BenchmarkId::new("capvm", "instantiate_8_imports"), |b| {
        b.iter_batched(
            || capvm_core::Store::new(&capvm_engine, ()),
            |mut store| {
                let instance = imports_linker.instantiate(&mut store, black_box(&imports_module));
                black_box(instance.unwrap_or_else(|e| panic!("{e}")));
                store
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function(
        BenchmarkId::new("capvm", "instantiate_pre_8_imports"),
        |b| {
            b.iter_batched(
                || capvm_core::Store::new(&capvm_engine, ()),
                |mut store| {
                    let instance = black_box(&imports_pre).instantiate(&mut store);
                    black_box(instance.unwrap_or_else(|e| panic!("{e}")));
                    store
                },
                BatchSize::SmallInput,
            );
        },
    );
    group.bench_function(BenchmarkId::new("wasmi", "instantiate"), |b| {
        b.iter_batched(
            || wasmi::Store::new(&wasmi_engine, ()),
            |mut store| {
                let instance =
                    wasmi_linker.instantiate_and_start(&mut store, black_box(&wasmi_module));
                black_box(instance.unwrap_or_else(|e| panic!("{e}")));
                store
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// The bench module with eight host-function imports in front (WASI-like names and types, as a real program has),
/// and a linker that defines them.
fn with_imports(engine: &capvm_core::Engine) -> (capvm_core::Module, capvm_core::Linker<()>) {
    const IMPORTS: [(&str, &str); 8] = [
        ("fd_write", "(param i32 i32 i32 i32) (result i32)"),
        ("fd_read", "(param i32 i32 i32 i32) (result i32)"),
        ("fd_close", "(param i32) (result i32)"),
        ("fd_seek", "(param i32 i64 i32 i32) (result i32)"),
        ("args_get", "(param i32 i32) (result i32)"),
        ("args_sizes_get", "(param i32 i32) (result i32)"),
        ("clock_time_get", "(param i32 i64 i32) (result i32)"),
        ("proc_exit", "(param i32)"),
    ];
    let imports: String = IMPORTS
        .iter()
        .map(|(name, ty)| format!("(import \"wasi_snapshot_preview1\" \"{name}\" (func {ty}))\n"))
        .collect();
    let wat = INSTANTIATE_WAT.replacen("(module", &format!("(module\n{imports}"), 1);
    let wasm = wat_to_wasm("instantiate_imports", &wat).unwrap_or_else(|e| panic!("{e}"));
    let module = capvm_core::Module::new(engine, &wasm).unwrap_or_else(|e| panic!("{e}"));
    let mut linker = capvm_core::Linker::new(engine);
    for import in module.imports() {
        let capvm_core::ExternType::Func(ty) = import.ty() else {
            panic!("only function imports");
        };
        linker
            .func_new(import.module(), import.name(), ty, |_, _, _| Ok(()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    (module, linker)
}

criterion_group!(benches, instantiate);
criterion_main!(benches);
