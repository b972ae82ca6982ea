//! Runs `.wasm` or `.wat` files on capvm and wasmi and prints the verdict for each; exits with 1 if any
//! differs. For reproducing and minimizing findings:
//!
//! ```text
//! cargo run -p capvm-differential --example compare -- [--wasmi-as-is] module.wasm [...]
//! ```
//!
//! `--wasmi-as-is` gives wasmi the modules without the harness's workaround for its block-parameter bug
//! ([`run_wasmi_as_is`]), to see that bug.

use std::process::ExitCode;

use capvm_differential::{Verdict, compare, on_large_stack, run_capvm, run_wasmi, run_wasmi_as_is};

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    let as_is = paths.iter().any(|arg| arg == "--wasmi-as-is");
    paths.retain(|arg| arg != "--wasmi-as-is");
    let wasmi = if as_is { run_wasmi_as_is } else { run_wasmi };
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::from(2);
            }
        };
        let wasm = match wat::parse_bytes(&bytes) {
            Ok(wasm) => wasm.into_owned(),
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::from(2);
            }
        };
        // On a large stack: this example is usually built without optimizations (see `on_large_stack`).
        match on_large_stack(|| compare(&run_capvm(&wasm), &wasmi(&wasm))) {
            Verdict::Mismatch(mismatch) => {
                println!("{path}: {mismatch}");
                status = ExitCode::FAILURE;
            }
            verdict => println!("{path}: {verdict:?}"),
        }
    }
    status
}
