//! Decoding: what the binary reader must accept or reject, independently of validation.

use vm_core::{Engine, ErrorKind, Module};

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
    let engine = Engine::default();
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
    let engine = Engine::default();
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
    let engine = Engine::default();
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
