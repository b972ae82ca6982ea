//! Translation phase: compiling the same bytes on capvm and wasmi. Both translate lazily by default, so the
//! `capvm` and `wasmi` lines force eager translation (validation and translation of every function);
//! `capvm-lazy` and `wasmi-lazy` (the default configurations: validation only, each function is translated on
//! its first call) are shown beside them. `capvm-deserialize` loads the same modules from `Module::serialize`'s
//! bytes (decoding and verification instead of validation and translation).

mod support;

use std::hint::black_box;

use capvm_benches::{EXECUTE, HOST_CALL, large_module_wat, wat_to_wasm};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Functions in the generated module (about 80 instructions each).
const LARGE_FUNCTIONS: usize = 2000;

fn translate(c: &mut Criterion) {
    let large =
        wat_to_wasm("large", &large_module_wat(LARGE_FUNCTIONS)).unwrap_or_else(|e| panic!("{e}"));
    let workloads: Vec<Vec<u8>> = EXECUTE
        .iter()
        .chain([&HOST_CALL])
        .map(|w| w.wasm().unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let inputs: [(&str, Vec<Vec<u8>>); 2] = [("large", vec![large]), ("workloads", workloads)];

    let capvm_engine = capvm_core::Engine::new(capvm_core::Config::new().lazy_translation(false));
    let capvm_lazy_engine = capvm_core::Engine::default();
    let wasmi_engine = support::wasmi_runner::eager_engine();
    let wasmi_lazy_engine = wasmi::Engine::default();

    let mut group = c.benchmark_group("translate");
    support::configure(&mut group);
    for (name, modules) in &inputs {
        group.bench_function(BenchmarkId::new("capvm", name), |b| {
            b.iter(|| {
                for wasm in modules {
                    let module = capvm_core::Module::new(&capvm_engine, black_box(wasm));
                    black_box(module.unwrap_or_else(|e| panic!("{e}")));
                }
            });
        });
        group.bench_function(BenchmarkId::new("capvm-lazy", name), |b| {
            b.iter(|| {
                for wasm in modules {
                    let module = capvm_core::Module::new(&capvm_lazy_engine, black_box(wasm));
                    black_box(module.unwrap_or_else(|e| panic!("{e}")));
                }
            });
        });
        // Loading what `Module::serialize` wrote: decoding and verification, no validation or translation.
        let serialized: Vec<Vec<u8>> = modules
            .iter()
            .map(|wasm| {
                capvm_core::Module::new(&capvm_engine, wasm)
                    .and_then(|m| m.serialize())
                    .unwrap_or_else(|e| panic!("{e}"))
            })
            .collect();
        group.bench_function(BenchmarkId::new("capvm-deserialize", name), |b| {
            b.iter(|| {
                for bytes in &serialized {
                    let module = capvm_core::Module::deserialize(&capvm_engine, black_box(bytes));
                    black_box(module.unwrap_or_else(|e| panic!("{e}")));
                }
            });
        });
        group.bench_function(BenchmarkId::new("wasmi", name), |b| {
            b.iter(|| {
                for wasm in modules {
                    let module = wasmi::Module::new(&wasmi_engine, black_box(wasm));
                    black_box(module.unwrap_or_else(|e| panic!("{e}")));
                }
            });
        });
        group.bench_function(BenchmarkId::new("wasmi-lazy", name), |b| {
            b.iter(|| {
                for wasm in modules {
                    let module = wasmi::Module::new(&wasmi_lazy_engine, black_box(wasm));
                    black_box(module.unwrap_or_else(|e| panic!("{e}")));
                }
            });
        });
    }
    group.finish();
}

criterion_group!(benches, translate);
criterion_main!(benches);
