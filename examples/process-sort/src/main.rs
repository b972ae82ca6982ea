//! Sorts text with the host's `sort`: reads this guest's stdin, passes its own arguments to `sort` as options,
//! and prints what `sort` printed.
//!
//! ```text
//! printf 'pear\napple\nfig\n' | capvm run --allow-command sort process-sort.wasm -- -r
//! ```

use std::io::{self, Read, Write};
use std::process::ExitCode;

use capvm_guest::Command;

fn main() -> ExitCode {
    let mut input = Vec::new();
    if let Err(err) = io::stdin().read_to_end(&mut input) {
        eprintln!("process-sort: cannot read stdin: {err}");
        return ExitCode::FAILURE;
    }
    let options: Vec<String> = std::env::args().skip(1).collect();
    let mut sort = Command::new("sort");
    // A predictable collation whatever the guest's own environment holds.
    sort.envp_map.clear();
    sort.env("LC_ALL", "C").args(&options).stdin_u8vec(&input);
    let out = match sort.try_output() {
        Ok(out) => out,
        Err(err) => {
            eprintln!("process-sort: {err}");
            return ExitCode::FAILURE;
        }
    };
    if !out.success() {
        eprintln!("process-sort: sort failed with status {}", out.status);
        let _ = io::stderr().write_all(&out.stderr);
        return ExitCode::FAILURE;
    }
    if io::stdout().write_all(&out.stdout).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
