//! Host-call overhead in both directions: wasm calling an imported host function in a loop, and the host calling
//! a tiny exported wasm function in a loop.

mod support;

use std::hint::black_box;

use capvm_benches::{EXECUTE, HOST_CALL};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Host-to-wasm calls per iteration.
const CALLS: i32 = 10_000;
/// Host-to-wasm calls per thread and iteration of the threaded benches (enough to amortize spawning a thread).
const THREAD_CALLS: i32 = 200_000;

fn host_calls(c: &mut Criterion) {
    let mut group = c.benchmark_group("host_calls");
    support::configure(&mut group);

    // wasm -> host: HOST_CALL.bench_size calls of env.step from a wasm loop.
    let size = HOST_CALL.bench_size;
    let (mut capvm, mut wasmi) = support::verified_runners(&HOST_CALL, size);
    group.bench_function(BenchmarkId::new("capvm", "wasm_to_host"), |b| {
        b.iter(|| capvm.run(black_box(size)).unwrap_or_else(|e| panic!("{e}")));
    });
    group.bench_function(BenchmarkId::new("wasmi", "wasm_to_host"), |b| {
        b.iter(|| wasmi.run(black_box(size)).unwrap_or_else(|e| panic!("{e}")));
    });

    // host -> wasm: CALLS calls of fib.wat's run(1) (one export call plus one nested call, returning 1).
    let fib = EXECUTE
        .iter()
        .find(|w| w.name == "fib")
        .unwrap_or_else(|| panic!("no fib workload"));
    let (mut capvm, mut wasmi) = support::verified_runners(fib, 1);
    group.bench_function(BenchmarkId::new("capvm", "host_to_wasm"), |b| {
        b.iter(|| {
            let mut sum = 0;
            for _ in 0..CALLS {
                sum += capvm.run(black_box(1)).unwrap_or_else(|e| panic!("{e}"));
            }
            assert_eq!(sum, i64::from(CALLS));
        });
    });
    group.bench_function(BenchmarkId::new("wasmi", "host_to_wasm"), |b| {
        b.iter(|| {
            let mut sum = 0;
            for _ in 0..CALLS {
                sum += wasmi.run(black_box(1)).unwrap_or_else(|e| panic!("{e}"));
            }
            assert_eq!(sum, i64::from(CALLS));
        });
    });

    // host -> wasm: CALLS calls of an empty export, typed, on both engines.
    let (mut capvm_store, capvm_nop) = capvm_nop();
    group.bench_function(BenchmarkId::new("capvm", "empty_export"), |b| {
        b.iter(|| {
            for _ in 0..CALLS {
                capvm_nop
                    .call(&mut capvm_store, ())
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        });
    });
    let (mut wasmi_store, wasmi_nop) = wasmi_nop();
    group.bench_function(BenchmarkId::new("wasmi", "empty_export"), |b| {
        b.iter(|| {
            for _ in 0..CALLS {
                wasmi_nop
                    .call(&mut wasmi_store, ())
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        });
    });

    // THREAD_CALLS empty calls on each of one and of two threads at once, each thread with its own store of one
    // shared module (set-up included, the same in both): two threads take as long as one when calls scale.
    let capvm_module = capvm_core::Module::new(&capvm_core::Engine::default(), NOP_WAT)
        .unwrap_or_else(|e| panic!("{e}"));
    let wasmi_engine = wasmi::Engine::default();
    let wasmi_module =
        wasmi::Module::new(&wasmi_engine, nop_wasm()).unwrap_or_else(|e| panic!("wasmi: {e}"));
    for threads in [1, 2] {
        let name = format!(
            "empty_export_{threads}_thread{}",
            if threads == 1 { "" } else { "s" }
        );
        group.bench_function(BenchmarkId::new("capvm", &name), |b| {
            b.iter(|| {
                std::thread::scope(|scope| {
                    for _ in 0..threads {
                        scope.spawn(|| {
                            let engine = capvm_module.engine().clone();
                            let mut store = capvm_core::Store::new(&engine, ());
                            let instance = capvm_core::Linker::new(&engine)
                                .instantiate(&mut store, &capvm_module)
                                .unwrap_or_else(|e| panic!("{e}"));
                            let nop = instance
                                .get_typed_func::<(), ()>(&store, "nop")
                                .unwrap_or_else(|e| panic!("{e}"));
                            for _ in 0..THREAD_CALLS {
                                nop.call(&mut store, ()).unwrap_or_else(|e| panic!("{e}"));
                            }
                        });
                    }
                });
            });
        });
        group.bench_function(BenchmarkId::new("wasmi", &name), |b| {
            b.iter(|| {
                std::thread::scope(|scope| {
                    for _ in 0..threads {
                        scope.spawn(|| {
                            let mut store = wasmi::Store::new(&wasmi_engine, ());
                            let instance = wasmi::Linker::new(&wasmi_engine)
                                .instantiate_and_start(&mut store, &wasmi_module)
                                .unwrap_or_else(|e| panic!("wasmi: {e}"));
                            let nop = instance
                                .get_typed_func::<(), ()>(&store, "nop")
                                .unwrap_or_else(|e| panic!("wasmi: {e}"));
                            for _ in 0..THREAD_CALLS {
                                nop.call(&mut store, ())
                                    .unwrap_or_else(|e| panic!("wasmi: {e}"));
                            }
                        });
                    }
                });
            });
        });
    }
    group.finish();
}

/// A module exporting a function that does nothing.
const NOP_WAT: &str = r#"(module (func (export "nop")))"#;

fn nop_wasm() -> Vec<u8> {
    capvm_benches::wat_to_wasm("nop", NOP_WAT).unwrap_or_else(|e| panic!("{e}"))
}

fn capvm_nop() -> (capvm_core::Store<()>, capvm_core::TypedFunc<(), ()>) {
    let engine = capvm_core::Engine::default();
    let module = capvm_core::Module::new(&engine, NOP_WAT).unwrap_or_else(|e| panic!("{e}"));
    let mut store = capvm_core::Store::new(&engine, ());
    let instance = capvm_core::Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_or_else(|e| panic!("{e}"));
    let nop = instance
        .get_typed_func::<(), ()>(&store, "nop")
        .unwrap_or_else(|e| panic!("{e}"));
    (store, nop)
}

fn wasmi_nop() -> (wasmi::Store<()>, wasmi::TypedFunc<(), ()>) {
    let engine = wasmi::Engine::default();
    let module = wasmi::Module::new(&engine, nop_wasm()).unwrap_or_else(|e| panic!("wasmi: {e}"));
    let mut store = wasmi::Store::new(&engine, ());
    let instance = wasmi::Linker::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .unwrap_or_else(|e| panic!("wasmi: {e}"));
    let nop = instance
        .get_typed_func::<(), ()>(&store, "nop")
        .unwrap_or_else(|e| panic!("wasmi: {e}"));
    (store, nop)
}

criterion_group!(benches, host_calls);
criterion_main!(benches);
