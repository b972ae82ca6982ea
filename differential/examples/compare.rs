//! Runs `.wasm` or `.wat` files on capvm and wasmi and prints the verdict for each; exits with 1 if any
//! differs. For reproducing and minimizing findings:
//!
//! ```text
//! cargo run -p capvm-differential --example compare -- module.wasm [...]
//! ```

use std::process::ExitCode;

use capvm_differential::{Verdict, differential, on_large_stack};

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
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
        match on_large_stack(|| differential(&wasm)) {
            Verdict::Mismatch(mismatch) => {
                println!("{path}: {mismatch}");
                status = ExitCode::FAILURE;
            }
            verdict => println!("{path}: {verdict:?}"),
        }
    }
    status
}
