//! A small driver for profiling one workload on capvm outside criterion:
//! `cargo build --profile bench -p capvm-benches --example workload`, then
//! `valgrind --tool=callgrind target/release/examples/workload sieve 100000` or `perf record ...`.
//!
//! Arguments: `<workload> [size] [repetitions]` (size defaults to the bench size, repetitions to 1). Every
//! result is checked against the reference checksum (computed once, before the timed runs).

use std::process::ExitCode;
use std::time::Instant;

use capvm_benches::{CapvmRunner, EXECUTE, HOST_CALL};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        eprintln!("usage: workload <name> [size] [repetitions]");
        return ExitCode::FAILURE;
    };
    let Some(workload) = EXECUTE.iter().chain([&HOST_CALL]).find(|w| w.name == name) else {
        eprintln!("unknown workload `{name}`");
        return ExitCode::FAILURE;
    };
    let size = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(workload.bench_size);
    let repetitions: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let run = || -> Result<(), capvm_benches::BenchError> {
        let mut runner = CapvmRunner::new(&workload.wasm()?)?;
        let expected = workload.expected(size);
        let start = Instant::now();
        for _ in 0..repetitions {
            let actual = runner.run(size)?;
            if actual != expected {
                return Err(capvm_benches::BenchError::Mismatch {
                    workload: workload.name.to_string(),
                    engine: "capvm".to_string(),
                    size,
                    expected,
                    actual,
                });
            }
        }
        let per_run = start.elapsed() / repetitions.max(1);
        println!("{name}({size}) x {repetitions}: {per_run:?} per run");
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
