//! Shared by the bench targets: the wasmi side, criterion settings and checksum verification.

#![allow(
    dead_code,
    reason = "each bench target uses a different part of the shared support code"
)]

pub(crate) mod wasmi_runner;

use std::time::Duration;

use capvm_benches::{CapvmRunner, Workload};
use criterion::{BenchmarkGroup, SamplingMode, measurement::WallTime};

pub(crate) use self::wasmi_runner::WasmiRunner;

/// Modest settings so that the whole `cargo bench -p capvm-benches` stays within a few minutes on two cores.
/// Against a saved baseline, changes under 5% count as noise (the shared machine's runs vary that much).
pub(crate) fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
    group
        .noise_threshold(0.05)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1000))
        .measurement_time(Duration::from_secs(3))
        .sampling_mode(SamplingMode::Flat);
}

/// Instantiates `workload` on both engines and checks one `run(size)` of each against the reference, so a wrong
/// result stops the bench before anything is timed.
pub(crate) fn verified_runners(workload: &Workload, size: i32) -> (CapvmRunner, WasmiRunner) {
    let wasm = workload.wasm().unwrap_or_else(|e| panic!("{e}"));
    let mut capvm = CapvmRunner::new(&wasm).unwrap_or_else(|e| panic!("{e}"));
    let mut wasmi =
        WasmiRunner::new(&wasm).unwrap_or_else(|e| panic!("wasmi: {}: {e}", workload.name));
    let got = capvm
        .run(size)
        .unwrap_or_else(|e| panic!("{}: {e}", workload.name));
    workload
        .check("capvm", size, got)
        .unwrap_or_else(|e| panic!("{e}"));
    let got = wasmi
        .run(size)
        .unwrap_or_else(|e| panic!("wasmi: {}: {e}", workload.name));
    workload
        .check("wasmi", size, got)
        .unwrap_or_else(|e| panic!("{e}"));
    (capvm, wasmi)
}
