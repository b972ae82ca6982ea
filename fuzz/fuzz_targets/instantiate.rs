//! wasm-smith modules (capvm's features, made to terminate) -> compile, instantiate with dummy imports, call
//! every export. Traps must come back as values: a panic or an abort is a finding, and so is a valid module
//! that capvm rejects or a call that fails with anything but a trap.

#![no_main]

use arbitrary::Unstructured;
use capvm_differential::{Failure, Outcome, generate, run_capvm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(wasm) = generate(&mut Unstructured::new(data)) else {
        return;
    };
    let run = match run_capvm(&wasm) {
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
