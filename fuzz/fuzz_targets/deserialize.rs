//! Bytes -> `Module::deserialize`: an error or a module, never a panic; and a module that deserializes runs
//! (with fuel, so it ends) without a crash or, under the sanitizer, an out-of-bounds access. The verifier is what
//! keeps hand-crafted code from breaking the interpreter's invariants, so inputs reach it three ways, chosen by
//! the first byte:
//!
//! - 0: the bytes as they are (they rarely get past the magic and the checksum);
//! - 1: a valid header and checksum around arbitrary payload bytes, which go straight to the decoder;
//! - 2: a wasm-smith module, compiled, serialized (its deserialization must succeed: the verifier must accept
//!   everything the translator emits), then altered at positions the input chooses, with the checksum fixed.

#![no_main]

use arbitrary::Unstructured;
use capvm_differential::generate_unbounded;
use libfuzzer_sys::fuzz_target;
use capvm_core::{Config, Engine, Extern, Linker, Module, Store, Val, ValType};

/// Enough for real work, little enough to keep each input fast.
const FUEL: u64 = 100_000;

/// The payload of an empty module: a zero for each of its 18 fields (no name, no types, ... no code).
const EMPTY_PAYLOAD: usize = 18;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut config = Config::new();
    config.consume_fuel(true).epoch_interruption(true);
    let engine = Engine::new(&config);
    match mode % 3 {
        0 => try_bytes(&engine, rest),
        1 => {
            let empty = Module::new(&engine, "(module)").unwrap().serialize().unwrap();
            let header_len = empty.len() - 4 - EMPTY_PAYLOAD;
            assert!(empty[header_len..empty.len() - 4].iter().all(|b| *b == 0));
            let mut bytes = empty[..header_len].to_vec();
            bytes.extend_from_slice(rest);
            bytes.extend_from_slice(&[0; 4]);
            fix_checksum(&mut bytes);
            try_bytes(&engine, &bytes);
        }
        _ => {
            let mut u = Unstructured::new(rest);
            let Ok(wasm) = generate_unbounded(&mut u) else {
                return;
            };
            let Ok(module) = Module::new(&engine, &wasm) else {
                return;
            };
            let mut bytes = module.serialize().expect("a compiled module serializes");
            if let Err(error) = Module::deserialize(&engine, &bytes) {
                panic!("a serialized module was refused: {error}");
            }
            let changes = u.int_in_range(1..=4u8).unwrap_or(1);
            for _ in 0..changes {
                let Ok(at) = u.choose_index(bytes.len() - 4) else {
                    break;
                };
                match u.int_in_range(0..=2u8).unwrap_or(0) {
                    0 => bytes[at] = u.arbitrary().unwrap_or(0),
                    1 => bytes[at] ^= 1 << u.int_in_range(0..=7u8).unwrap_or(0),
                    _ => bytes[at] = bytes[at].wrapping_add(u.int_in_range(1..=3u8).unwrap_or(1)),
                }
            }
            fix_checksum(&mut bytes);
            try_bytes(&engine, &bytes);
        }
    }
});

/// Deserializes `bytes` and, if that succeeds, instantiates the module and calls its exports.
fn try_bytes(engine: &Engine, bytes: &[u8]) {
    let Ok(module) = Module::deserialize(engine, bytes) else {
        return;
    };
    let mut store = Store::new(engine, ());
    store.set_fuel(FUEL).unwrap();
    store.set_epoch_deadline(u64::MAX / 2);
    let mut linker = Linker::new(engine);
    if linker
        .define_unknown_imports_as_default_values(&module)
        .is_err()
    {
        return;
    }
    let Ok(instance) = linker.instantiate(&mut store, &module) else {
        return;
    };
    for (_, export) in instance.exports(&store) {
        let Extern::Func(func) = export else {
            continue;
        };
        let ty = func.ty(&store);
        let zeros = |types: &[ValType]| -> Option<Vec<Val>> {
            types.iter().map(|t| Val::default_for(*t)).collect()
        };
        let (Some(params), Some(mut results)) = (zeros(ty.params()), zeros(ty.results())) else {
            continue;
        };
        let _ = func.call(&mut store, &params, &mut results);
    }
}

/// CRC-32 (IEEE), as the format's trailer.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Makes the trailing checksum match the bytes before it.
fn fix_checksum(bytes: &mut [u8]) {
    let n = bytes.len() - 4;
    let crc = crc32(&bytes[..n]);
    bytes[n..].copy_from_slice(&crc.to_le_bytes());
}
