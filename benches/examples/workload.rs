//! A small driver for profiling one workload outside criterion:
//! `cargo build --profile bench -p capvm-benches --example workload`, then
//! `valgrind --tool=callgrind --toggle-collect='*timed_runs*' target/release/examples/workload sieve 100000`
//! (counting only the calls of `run`) or `perf record ...`.
//!
//! Arguments: `<workload> [size] [repetitions] [capvm|capvm-fuel|capvm-epoch|wasmi]` (size defaults to the bench
//! size, repetitions to 1, the engine to capvm; `capvm-fuel` and `capvm-epoch` switch metering on). Every result is checked against the reference checksum (computed once, before the
//! timed runs). Running the same workload on wasmi under callgrind gives an instruction-count baseline.

#[path = "../benches/support/wasmi_runner.rs"]
#[allow(
    dead_code,
    reason = "the driver only needs `WasmiRunner::new` and `run`"
)]
mod wasmi_runner;

use std::process::ExitCode;
use std::time::Instant;

use capvm_benches::{BenchError, CapvmRunner, EXECUTE, HOST_CALL, Workload};
use wasmi_runner::WasmiRunner;

/// Either engine behind one `run`.
enum Runner {
    Capvm(Box<CapvmRunner>),
    Wasmi(Box<WasmiRunner>),
}

impl Runner {
    fn run(&mut self, size: i32) -> Result<i64, String> {
        match self {
            Self::Capvm(r) => r.run(size).map_err(|e| e.to_string()),
            Self::Wasmi(r) => r.run(size).map_err(|e| format!("wasmi: {e}")),
        }
    }
}

/// The measured part, kept out of line so that callgrind can count only it:
/// `valgrind --tool=callgrind --toggle-collect='*timed_runs*' ...`. Returns the first wrong checksum, if any.
#[inline(never)]
fn timed_runs(
    runner: &mut Runner,
    size: i32,
    repetitions: u32,
    expected: i64,
) -> Result<Option<i64>, String> {
    for _ in 0..repetitions {
        let actual = runner.run(size)?;
        if actual != expected {
            return Ok(Some(actual));
        }
    }
    Ok(None)
}

fn drive(workload: &Workload, size: i32, repetitions: u32, engine: &str) -> Result<(), String> {
    let wasm = workload.wasm().map_err(|e| e.to_string())?;
    let mut runner = match engine {
        "capvm" => Runner::Capvm(Box::new(
            CapvmRunner::new(&wasm).map_err(|e| e.to_string())?,
        )),
        "capvm-fuel" | "capvm-epoch" => {
            let mut config = capvm_core::Config::new();
            config
                .consume_fuel(engine == "capvm-fuel")
                .epoch_interruption(engine == "capvm-epoch");
            Runner::Capvm(Box::new(
                CapvmRunner::with_config(&wasm, &config).map_err(|e| e.to_string())?,
            ))
        }
        "wasmi" => Runner::Wasmi(Box::new(
            WasmiRunner::new(&wasm).map_err(|e| format!("wasmi: {e}"))?,
        )),
        other => {
            return Err(format!(
                "unknown engine `{other}` (capvm, capvm-fuel, capvm-epoch or wasmi)"
            ));
        }
    };
    let expected = workload.expected(size);
    let start = Instant::now();
    if let Some(actual) = timed_runs(&mut runner, size, repetitions, expected)? {
        let mismatch = BenchError::Mismatch {
            workload: workload.name.to_string(),
            engine: engine.to_string(),
            size,
            expected,
            actual,
        };
        return Err(mismatch.to_string());
    }
    let per_run = start.elapsed() / repetitions.max(1);
    println!(
        "{} on {engine}: run({size}) x {repetitions}: {per_run:?} per run",
        workload.name
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        eprintln!(
            "usage: workload <name> [size] [repetitions] [capvm|capvm-fuel|capvm-epoch|wasmi]"
        );
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
    let engine = args.get(3).map_or("capvm", String::as_str);
    match drive(workload, size, repetitions, engine) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
