//! Runs the seeded comparison over any range of seeds and prints each seed that does not agree, for hunting
//! beyond the seeds the test covers:
//!
//! ```text
//! cargo run --release -p capvm-differential --example sweep -- 5000 50000 [DIR]
//! ```
//!
//! With `DIR`, the module of each failing seed is written to `DIR/seed-N.wasm`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use capvm_differential::{Verdict, differential, generate_from_seed};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(Ok(start)), Some(Ok(end))) = (
        args.first().map(|s| s.parse::<u64>()),
        args.get(1).map(|s| s.parse::<u64>()),
    ) else {
        eprintln!("usage: sweep START END [DIR]");
        return ExitCode::from(2);
    };
    let dir = args.get(2).map(std::path::PathBuf::from);
    let mut failed = 0;
    for seed in start..end {
        let Ok(wasm) = generate_from_seed(seed) else {
            continue;
        };
        let report = match catch_unwind(AssertUnwindSafe(|| differential(&wasm))) {
            Ok(Verdict::Mismatch(mismatch)) => mismatch.to_string(),
            Ok(_) => continue,
            Err(_) => "a runner panicked".to_string(),
        };
        failed += 1;
        println!("seed {seed}: {report}");
        if let Some(dir) = &dir {
            let path = dir.join(format!("seed-{seed}.wasm"));
            if let Err(error) =
                std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, &wasm))
            {
                eprintln!("{}: {error}", path.display());
            }
        }
    }
    println!("sweep: seeds {start}..{end}, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
