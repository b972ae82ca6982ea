//! What stopping a runaway guest costs: every execute workload on capvm as it is by default, with fuel metering
//! and with epoch interruption, in one criterion group (`cargo bench -p capvm-benches --bench metering`).

mod support;

use std::hint::black_box;

use capvm_benches::{CapvmRunner, EXECUTE};
use capvm_core::Config;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn metering(c: &mut Criterion) {
    let mut group = c.benchmark_group("metering");
    support::configure(&mut group);
    let mut fuel = Config::new();
    fuel.consume_fuel(true);
    let mut epoch = Config::new();
    epoch.epoch_interruption(true);
    let variants = [("default", Config::new()), ("fuel", fuel), ("epoch", epoch)];
    for workload in EXECUTE {
        let size = workload.bench_size;
        let wasm = workload.wasm().unwrap_or_else(|e| panic!("{e}"));
        for (variant, config) in &variants {
            let mut runner =
                CapvmRunner::with_config(&wasm, config).unwrap_or_else(|e| panic!("{e}"));
            let got = runner
                .run(size)
                .unwrap_or_else(|e| panic!("{}: {e}", workload.name));
            workload
                .check(variant, size, got)
                .unwrap_or_else(|e| panic!("{e}"));
            group.bench_function(BenchmarkId::new(*variant, workload.name), |b| {
                b.iter(|| {
                    runner
                        .run(black_box(size))
                        .unwrap_or_else(|e| panic!("{e}"))
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, metering);
criterion_main!(benches);
