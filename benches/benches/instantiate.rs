//! Instantiation phase: a precompiled module with memory, data segments, a table with element segments and
//! globals, instantiated into a fresh store on each iteration (store creation and drop are not timed).

mod support;

use std::hint::black_box;

use capvm_benches::{INSTANTIATE_WAT, instantiate_expected, wat_to_wasm};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

fn instantiate(c: &mut Criterion) {
    let wasm = wat_to_wasm("instantiate", INSTANTIATE_WAT).unwrap_or_else(|e| panic!("{e}"));

    let capvm_engine = vm_core::Engine::default();
    let capvm_module = vm_core::Module::new(&capvm_engine, &wasm).unwrap_or_else(|e| panic!("{e}"));
    let capvm_linker = vm_core::Linker::<()>::new(&capvm_engine);

    let wasmi_engine = support::wasmi_runner::eager_engine();
    let wasmi_module = wasmi::Module::new(&wasmi_engine, &wasm).unwrap_or_else(|e| panic!("{e}"));
    let wasmi_linker = wasmi::Linker::<()>::new(&wasmi_engine);

    // Check once that both engines set up the state the module reads back.
    for probe in [0, 5, 33, 63] {
        let mut store = vm_core::Store::new(&capvm_engine, ());
        let instance = capvm_linker
            .instantiate(&mut store, &capvm_module)
            .unwrap_or_else(|e| panic!("{e}"));
        let run = instance
            .get_typed_func::<i32, i64>(&store, "run")
            .unwrap_or_else(|e| panic!("{e}"));
        let got = run
            .call(&mut store, probe)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got, instantiate_expected(probe), "capvm, run({probe})");

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
            || vm_core::Store::new(&capvm_engine, ()),
            |mut store| {
                let instance = capvm_linker.instantiate(&mut store, black_box(&capvm_module));
                black_box(instance.unwrap_or_else(|e| panic!("{e}")));
                store
            },
            BatchSize::SmallInput,
        );
    });
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

criterion_group!(benches, instantiate);
criterion_main!(benches);
