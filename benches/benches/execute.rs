//! Execution phase: every workload's `run` on capvm and wasmi, in one criterion group so each run prints both.

mod support;

use std::hint::black_box;

use capvm_benches::EXECUTE;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn execute(c: &mut Criterion) {
    let mut group = c.benchmark_group("execute");
    support::configure(&mut group);
    for workload in EXECUTE {
        let size = workload.bench_size;
        let (mut capvm, mut wasmi) = support::verified_runners(workload, size);
        group.bench_function(BenchmarkId::new("capvm", workload.name), |b| {
            b.iter(|| capvm.run(black_box(size)).unwrap_or_else(|e| panic!("{e}")));
        });
        group.bench_function(BenchmarkId::new("wasmi", workload.name), |b| {
            b.iter(|| wasmi.run(black_box(size)).unwrap_or_else(|e| panic!("{e}")));
        });
    }
    group.finish();
}

criterion_group!(benches, execute);
criterion_main!(benches);
