//! Decoding: what the binary reader must accept or reject, independently of validation.

use capvm_core::{Config, Engine, ErrorKind, Module};

/// An engine with WebAssembly 2.0's features only: multi-memory turns the reserved bytes below into memory
/// indices (where `0x80 0x00` is a valid LEB128 zero) and memory64 allows longer limits.
fn wasm2_engine() -> Engine {
    let mut config = Config::new();
    config.wasm_multi_memory(false).wasm_memory64(false);
    Engine::new(&config)
}

/// A module whose only function runs `i32.const 0; memory.grow <reserved>; drop`, with the reserved
/// memory-index immediate of `memory.grow` encoded as `reserved`.
fn memory_grow_with_reserved(reserved: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x41, 0x00, 0x40];
    body.extend_from_slice(reserved);
    body.extend_from_slice(&[0x1a, 0x0b]);
    let mut code = vec![0x01, body.len() as u8];
    code.extend_from_slice(&body);
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type: () -> ()
    bytes.extend_from_slice(&[0x03, 0x02, 0x01, 0x00]); // one function of type 0
    bytes.extend_from_slice(&[0x05, 0x03, 0x01, 0x00, 0x00]); // memory 0
    bytes.push(0x0a);
    bytes.push(code.len() as u8);
    bytes.extend_from_slice(&code);
    bytes
}

#[test]
fn memory_grow_reserved_byte_must_be_a_single_zero() {
    let engine = wasm2_engine();
    Module::from_binary(&engine, &memory_grow_with_reserved(&[0x00])).expect("canonical encoding");
    // Regression: the decoder ran with every feature enabled, so it read the reserved byte as a multi-memory
    // LEB128 index and accepted the overlong zero `0x80 0x00`, which WebAssembly 2.0 rejects as malformed.
    for reserved in [&[0x80, 0x00][..], &[0x80, 0x80, 0x00], &[0x01]] {
        let error = Module::from_binary(&engine, &memory_grow_with_reserved(reserved))
            .expect_err("a long or non-zero reserved byte is malformed");
        assert!(
            matches!(error.kind(), ErrorKind::Invalid { .. }),
            "{reserved:x?}: {error}"
        );
    }
}

#[test]
fn memory_size_reserved_byte_must_be_a_single_zero() {
    let engine = wasm2_engine();
    let mut bytes = memory_grow_with_reserved(&[0x80, 0x00]);
    // Turn `i32.const 0; memory.grow` into `nop; memory.size`: same length, same reserved immediate.
    let at = bytes
        .windows(2)
        .position(|w| w == [0x41, 0x00])
        .expect("i32.const 0");
    bytes[at..at + 3].copy_from_slice(&[0x01, 0x01, 0x3f]);
    let error = Module::from_binary(&engine, &bytes).expect_err("overlong reserved byte");
    assert!(matches!(error.kind(), ErrorKind::Invalid { .. }), "{error}");
}

#[test]
fn memory_limits_must_be_at_most_five_leb128_bytes() {
    let engine = wasm2_engine();
    let with_limits = |limits: &[u8]| {
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend_from_slice(&[0x05, limits.len() as u8 + 1, 0x01]);
        bytes.extend_from_slice(limits);
        bytes
    };
    // No maximum, minimum 2 in five bytes: the longest a u32 may take.
    Module::from_binary(&engine, &with_limits(&[0x00, 0x82, 0x80, 0x80, 0x80, 0x00])).unwrap();
    // Regression: with memory64 enabled in the decoder, six-byte encodings of 32-bit limits were accepted.
    for limits in [
        &[0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00][..],
        &[0x01, 0x82, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00],
    ] {
        let error = Module::from_binary(&engine, &with_limits(limits)).expect_err("overlong");
        assert!(matches!(error.kind(), ErrorKind::Invalid { .. }), "{error}");
    }
}

#[test]
fn extended_constant_expressions_are_on_by_default_and_can_be_switched_off() {
    let wat = r#"(module
      (global (export "g") i32 (i32.add (i32.const 40) (i32.mul (i32.const 1) (i32.const 2))))
      (global (export "h") i64 (i64.sub (i64.const 10) (i64.const 11)))
      (memory 1)
      (data (i32.add (i32.const 8) (i32.const 8)) "x"))"#;
    let engine = capvm_core::Engine::default();
    let (store, instance) = super::instantiate(&engine, wat);
    let g = instance.get_global(&store, "g").unwrap();
    assert_eq!(g.get(&store), capvm_core::Val::I32(42));
    let h = instance.get_global(&store, "h").unwrap();
    assert_eq!(h.get(&store), capvm_core::Val::I64(-1));

    let mut config = capvm_core::Config::new();
    config.wasm_extended_const(false);
    let error = capvm_core::Module::new(&capvm_core::Engine::new(&config), wat).unwrap_err();
    assert!(
        error.to_string().contains("constant expression"),
        "the error names what is off: {error}"
    );
}

#[test]
fn with_multi_memory_the_reserved_byte_is_a_memory_index() {
    // The default engine has multi-memory: `0x80 0x00` is memory 0 in two LEB128 bytes, and index 1 is unknown.
    let engine = Engine::default();
    Module::from_binary(&engine, &memory_grow_with_reserved(&[0x80, 0x00])).expect("memory 0");
    let error = Module::from_binary(&engine, &memory_grow_with_reserved(&[0x01]))
        .expect_err("there is no memory 1");
    assert!(matches!(error.kind(), ErrorKind::Invalid { .. }), "{error}");
}
