//! wasm-smith modules (capvm's features, as generated: they may loop forever) -> compile on an engine that
//! consumes fuel and checks interrupts, instantiate with dummy imports, call every export with a bounded amount
//! of fuel. Traps (running out of fuel included) must come back as values: a panic or an abort is a finding, and
//! so is a valid module that capvm rejects or a call that fails with anything but a trap.

#![no_main]

use arbitrary::Unstructured;
use capvm_differential::{Failure, Outcome, generate_unbounded, run_capvm_with};
use libfuzzer_sys::fuzz_target;

/// Enough for real work, little enough to keep each input fast.
const FUEL: u64 = 100_000;

fuzz_target!(|data: &[u8]| {
    let Ok(wasm) = generate_unbounded(&mut Unstructured::new(data)) else {
        return;
    };
    let mut config = capvm_core::Config::new();
    config.consume_fuel(true).epoch_interruption(true);
    let run = match run_capvm_with(&wasm, &config, Some(FUEL)) {
        Outcome::Accepted(run) => run,
        Outcome::Rejected(message) => panic!("capvm rejected a valid wasm-smith module: {message}"),
    };
    for call in &run.calls {
        if let Err(Failure::Error(message)) = &call.result {
            panic!(
                "call of `{}` failed with an error, not a trap: {message}",
                call.name
            );
        }
    }
});
