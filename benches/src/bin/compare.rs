//! Prints markdown tables comparing capvm with wasmi from criterion's results.
//!
//! Usage: `cargo run -p capvm-benches --bin compare [-- <criterion dir>]`. The directory defaults to
//! `$CARGO_TARGET_DIR/criterion`, else the workspace's `target/criterion`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::env::args_os().nth(1).map_or_else(
        || {
            std::env::var_os("CARGO_TARGET_DIR").map_or_else(
                || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/criterion")),
                |target| PathBuf::from(target).join("criterion"),
            )
        },
        PathBuf::from,
    );
    match capvm_benches::collect_measurements(&dir) {
        Ok(measurements) if measurements.is_empty() => {
            eprintln!(
                "no criterion results under {}; run `cargo bench -p capvm-benches` first",
                dir.display()
            );
            ExitCode::FAILURE
        }
        Ok(measurements) => {
            print!(
                "{}",
                capvm_benches::markdown_tables(&measurements, "capvm", "wasmi")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
