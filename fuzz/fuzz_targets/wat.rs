//! Text -> `Module::new`: `Module::new` accepts the text format (vm-core's default `wat` feature), so any UTF-8
//! string that does not start with `\0asm` is parsed as `.wat`; an error or a module, never a panic. Seed the
//! corpus with real `.wat` files (see the README) so that mutations stay close to valid text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use capvm_core::{Engine, Module};

fuzz_target!(|text: &str| {
    // `Module::new` reads input that starts with the binary magic as a binary; the `parse` target covers that.
    if text.as_bytes().starts_with(b"\0asm") {
        return;
    }
    let engine = Engine::default();
    if let Ok(module) = Module::new(&engine, text) {
        // A module that compiled from text must also compile from its binary encoding.
        let binary = wat_to_binary(text);
        assert!(
            Module::new(&engine, &binary).is_ok(),
            "the text compiled but its binary encoding did not"
        );
        drop(module);
    }
});

fn wat_to_binary(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("Module::new parsed this text, so wat does too")
}
