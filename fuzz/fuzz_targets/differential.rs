//! wasm-smith modules -> capvm and wasmi 2.0, every export called with the same arguments: the same rejection,
//! results, traps and exported state (see the `capvm-differential` crate). A mismatch is a finding.

#![no_main]

use arbitrary::Unstructured;
use capvm_differential::{Verdict, differential, generate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(wasm) = generate(&mut Unstructured::new(data)) else {
        return;
    };
    if let Verdict::Mismatch(mismatch) = differential(&wasm) {
        panic!("{mismatch}");
    }
});
