//! Host-call overhead in both directions: wasm calling an imported host function in a loop, and the host calling
//! a tiny exported wasm function in a loop.

mod support;

use std::hint::black_box;

use capvm_benches::{EXECUTE, HOST_CALL};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Host-to-wasm calls per iteration.
const CALLS: i32 = 10_000;

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
    group.finish();
}

criterion_group!(benches, host_calls);
criterion_main!(benches);
