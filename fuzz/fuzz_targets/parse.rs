//! Any bytes -> `Module::new`: an error or a module, never a panic. Bytes that do not start with `\0asm` go
//! through the text parser (vm-core's default `wat` feature), the rest through the binary decoder.

#![no_main]

use libfuzzer_sys::fuzz_target;
use capvm_core::{Engine, Module};

fuzz_target!(|data: &[u8]| {
    let engine = Engine::default();
    let _ = Module::new(&engine, data);
});
