//! Runs the seeded comparison over any range of seeds and prints each seed that does not agree, for hunting
//! beyond the seeds the test covers:
//!
//! ```text
//! cargo run --release -p capvm-differential --example sweep -- 5000 50000 [DIR]
//! ```
//!
//! With `DIR`, the module of each failing seed is written to `DIR/seed-N.wasm`. The last line also counts the
//! calls compared and the SIMD operators in the modules' function bodies (total, modules with any, distinct).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use std::collections::BTreeSet;

use capvm_differential::{Verdict, differential, generate_from_seed, simd_opcodes};

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
    let (mut failed, mut calls) = (0, 0);
    let (mut simd_ops, mut simd_modules, mut simd_distinct) = (0, 0, BTreeSet::new());
    for seed in start..end {
        let Ok(wasm) = generate_from_seed(seed) else {
            continue;
        };
        let simd = simd_opcodes(&wasm);
        simd_ops += simd.len();
        simd_modules += usize::from(!simd.is_empty());
        simd_distinct.extend(simd);
        let report = match catch_unwind(AssertUnwindSafe(|| differential(&wasm))) {
            Ok(Verdict::Mismatch(mismatch)) => mismatch.to_string(),
            Ok(Verdict::Agree { calls: n } | Verdict::Inconclusive { calls: n }) => {
                calls += n;
                continue;
            }
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
    println!(
        "sweep: seeds {start}..{end}, {failed} failed, {calls} calls compared in the others; {simd_ops} SIMD \
         operators in {simd_modules} modules ({} distinct)",
        simd_distinct.len()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
