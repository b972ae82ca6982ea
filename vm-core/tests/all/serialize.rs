//! `Module::serialize` / `Module::deserialize`: a deserialized module behaves as the original, and bytes from
//! another version or engine configuration, damaged bytes and altered bytes are refused cleanly.

use capvm_core::{
    Caller, Config, Engine, Error, ErrorKind, Extern, Global, GlobalType, Linker, Module,
    Mutability, Store, Val, ValType,
};

/// Imports (a function and a global), exports, a memory with active and passive data, a table with elements,
/// globals, SIMD (a constant pool too) and a start function.
const GUEST: &str = r#"(module $guest
  (import "host" "add" (func $add (param i32 i32) (result i32)))
  (import "host" "base" (global $base i32))
  (global $counter (export "counter") (mut i32) (global.get $base))
  (global $acc (mut i64) (i64.const 0))
  (memory $own (export "memory") 1 2)
  (table $t 4 funcref)
  (elem (table $t) (i32.const 0) func $double $triple $via_host)
  (data (i32.const 8) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (data (i32.const 100) "hello")
  (data $passive "world")
  (type $unary (func (param i32) (result i32)))
  (start $init)
  (func $init (global.set $counter (i32.add (global.get $counter) (i32.const 1))))
  (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
  (func $triple (type $unary) (i32.mul (local.get 0) (i32.const 3)))
  (func $via_host (type $unary) (call $add (local.get 0) (i32.const 1000)))
  (func (export "dispatch") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 0) (local.get 1)))
  (func (export "sum_to") (param i32) (result i64)
    (local i64)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (global.set $acc (i64.add (global.get $acc) (local.get 1)))
    (global.get $acc))
  (func (export "simd") (result i32)
    (i32x4.extract_lane 2
      (i32x4.add
        (v128.load (i32.const 8))
        (i32x4.splat (i32.const 0x01000000)))))
  (func (export "shuffle") (result i64)
    (i64x2.extract_lane 0
      (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0
        (v128.load (i32.const 8)) (v128.const i64x2 0 0))))
  (func (export "memory_data") (result i32) (i32.load8_u (i32.const 104)))
  (func (export "init_passive") (result i32)
    (memory.init $passive (i32.const 200) (i32.const 0) (i32.const 5))
    (i32.load8_u (i32.const 204)))
  (func (export "br_table") (param i32) (result i32)
    (block $c (block $b (block $a (br_table $a $b $c (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func (export "trap") (result i32) (i32.div_u (i32.const 1) (i32.const 0))))"#;

/// Instantiates `module` with the guest's imports and calls every export, returning what each did.
fn run(engine: &Engine, module: &Module) -> Vec<String> {
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "add", |a: i32, b: i32| a.wrapping_add(b))
        .unwrap();
    let base = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(41),
    )
    .unwrap();
    linker.define(&store, "host", "base", base).unwrap();
    let instance = linker.instantiate(&mut store, module).unwrap();
    let mut out = Vec::new();
    let counter = instance.get_global(&store, "counter").unwrap();
    out.push(format!("counter {:?}", counter.get(&store)));
    for (table_index, arg) in [(0, 5), (1, 5), (2, 5), (3, 5), (9, 5)] {
        let f = instance
            .get_typed_func::<(i32, i32), i32>(&store, "dispatch")
            .unwrap();
        out.push(format!(
            "dispatch {:?}",
            f.call(&mut store, (arg, table_index))
        ));
    }
    for n in [0, 10, 1000] {
        let f = instance
            .get_typed_func::<i32, i64>(&store, "sum_to")
            .unwrap();
        out.push(format!("sum_to {:?}", f.call(&mut store, n)));
    }
    for name in ["simd", "memory_data", "init_passive", "trap"] {
        let f = instance.get_typed_func::<(), i32>(&store, name).unwrap();
        out.push(format!("{name} {:?}", f.call(&mut store, ())));
    }
    let f = instance
        .get_typed_func::<(), i64>(&store, "shuffle")
        .unwrap();
    out.push(format!("shuffle {:?}", f.call(&mut store, ())));
    for i in 0..4 {
        let f = instance
            .get_typed_func::<i32, i32>(&store, "br_table")
            .unwrap();
        out.push(format!("br_table {:?}", f.call(&mut store, i)));
    }
    out
}

fn deserialize_error(engine: &Engine, bytes: &[u8]) -> String {
    match Module::deserialize(engine, bytes) {
        Ok(_) => panic!("the bytes were accepted"),
        Err(error) => {
            assert!(matches!(error.kind(), ErrorKind::Deserialize(_)), "{error}");
            error.to_string()
        }
    }
}

/// CRC-32 (IEEE), as the format's trailer.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Makes the trailing checksum match the bytes before it, as a deliberate forger would.
fn fix_checksum(bytes: &mut [u8]) {
    let n = bytes.len() - 4;
    let crc = crc32(&bytes[..n]);
    bytes[n..].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn a_deserialized_module_runs_as_the_original() {
    let engine = Engine::default();
    let original = Module::new(&engine, GUEST).unwrap();
    let bytes = original.serialize().unwrap();
    assert!(bytes.starts_with(b"\0capvm-module"));
    let copy = Module::deserialize(&engine, &bytes).unwrap();

    let expected = run(&engine, &original);
    assert!(
        expected.iter().any(|r| r.contains("Ok(1005)")),
        "{expected:?}"
    );
    assert!(
        expected.iter().any(|r| r.contains("divide by zero")),
        "{expected:?}"
    );
    assert_eq!(run(&engine, &copy), expected);

    assert_eq!(copy.name(), Some("guest"));
    let imports = |m: &Module| {
        m.imports()
            .map(|i| format!("{}::{} {}", i.module(), i.name(), i.ty()))
            .collect::<Vec<_>>()
    };
    let exports = |m: &Module| {
        m.exports()
            .map(|e| format!("{} {}", e.name(), e.ty()))
            .collect::<Vec<_>>()
    };
    assert_eq!(imports(&copy), imports(&original));
    assert_eq!(exports(&copy), exports(&original));
    // Serializing again gives the same bytes.
    assert_eq!(copy.serialize().unwrap(), bytes);
}

#[test]
fn a_module_loads_into_another_engine_with_the_same_configuration() {
    let engine = Engine::default();
    let bytes = Module::new(&engine, GUEST).unwrap().serialize().unwrap();
    let other = Engine::default();
    // Other signatures first, so the engines number the guest's signatures differently: `call_indirect` must
    // check against the loading engine's numbers.
    Module::new(
        &other,
        r#"(module (type (func (param f64 f64 f64))) (type (func (result i64 i64))))"#,
    )
    .unwrap();
    let copy = Module::deserialize(&other, &bytes).unwrap();
    let expected = run(&engine, &Module::new(&engine, GUEST).unwrap());
    assert_eq!(run(&other, &copy), expected);
}

#[test]
fn a_metered_module_stays_metered() {
    let mut config = Config::new();
    config.consume_fuel(true).epoch_interruption(true);
    let engine = Engine::new(&config);
    let spin = r#"(module (func (export "spin") (loop (br 0))))"#;
    let bytes = Module::new(&engine, spin).unwrap().serialize().unwrap();
    let module = Module::deserialize(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(1000).unwrap();
    store.set_epoch_deadline(1);
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = instance.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let error = f.call(&mut store, ()).unwrap_err();
    assert_eq!(error.to_string(), "wasm trap: all fuel consumed");
}

#[test]
fn bytes_that_are_not_a_serialized_module_are_refused() {
    let engine = Engine::default();
    let message = deserialize_error(&engine, b"\0asm\x01\0\0\0");
    assert!(message.contains("magic"), "{message}");
    let message = deserialize_error(&engine, b"");
    assert!(message.contains("magic"), "{message}");
    let mut bytes = Module::new(&engine, GUEST).unwrap().serialize().unwrap();
    bytes[1] = b'C';
    let message = deserialize_error(&engine, &bytes);
    assert!(message.contains("magic"), "{message}");
}

#[test]
fn other_format_and_capvm_versions_are_refused() {
    let engine = Engine::default();
    let bytes = Module::new(&engine, GUEST).unwrap().serialize().unwrap();
    // The format version follows the 13-byte magic.
    let current = bytes[13];
    let mut other = bytes.clone();
    other[13] = current + 1;
    let message = deserialize_error(&engine, &other);
    assert!(
        message.contains(&format!("format version {}", current + 1))
            && message.contains(&format!("reads format version {current}")),
        "{message}"
    );
    // The capvm version string follows, length first.
    let version = env!("CARGO_PKG_VERSION");
    let at = 15;
    assert_eq!(&bytes[at..at + version.len()], version.as_bytes());
    let mut other = bytes.clone();
    other[at] = b'9';
    fix_checksum(&mut other);
    let message = deserialize_error(&engine, &other);
    assert!(
        message.contains(&format!("this is capvm {version}")),
        "{message}"
    );
    // The instruction set fingerprint follows the version.
    let mut other = bytes.clone();
    other[at + version.len()] ^= 1;
    fix_checksum(&mut other);
    let message = deserialize_error(&engine, &other);
    assert!(message.contains("different instruction set"), "{message}");
}

#[test]
fn other_engine_configurations_are_refused() {
    let mut fuel = Config::new();
    fuel.consume_fuel(true);
    let fuel = Engine::new(&fuel);
    let bytes = Module::new(&fuel, GUEST).unwrap().serialize().unwrap();
    let message = deserialize_error(&Engine::default(), &bytes);
    assert!(
        message.contains("fuel metering on, but the engine has it off"),
        "{message}"
    );

    let mut epoch = Config::new();
    epoch.epoch_interruption(true);
    let message = deserialize_error(&Engine::new(&epoch), &bytes);
    assert!(message.contains("fuel metering on"), "{message}");
    let bytes = Module::new(&Engine::new(&epoch), GUEST)
        .unwrap()
        .serialize()
        .unwrap();
    let message = deserialize_error(&Engine::default(), &bytes);
    assert!(message.contains("interrupt checks on"), "{message}");

    let mut no_simd = Config::new();
    no_simd.wasm_simd(false);
    let bytes = Module::new(&Engine::default(), GUEST)
        .unwrap()
        .serialize()
        .unwrap();
    let message = deserialize_error(&Engine::new(&no_simd), &bytes);
    assert!(message.contains("WebAssembly features"), "{message}");
}

const SMALL: &str = r#"(module
  (import "host" "add" (func $add (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 3))
  (table 2 funcref)
  (elem (i32.const 0) $f)
  (data (i32.const 0) "ab")
  (func $f (export "f") (param i32) (result i32)
    (local v128)
    (loop $l
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (global.set $g (i32.add (global.get $g) (i32.load8_u (i32.const 1))))
    (local.set 1 (v128.const i32x4 1 2 3 4))
    (call $add (i32x4.extract_lane 3 (local.get 1)) (global.get $g))))"#;

#[test]
fn every_damaged_byte_and_every_truncation_is_refused() {
    let engine = Engine::default();
    let bytes = Module::new(&engine, SMALL).unwrap().serialize().unwrap();
    Module::deserialize(&engine, &bytes).unwrap();
    for at in 0..bytes.len() {
        for flip in [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff] {
            let mut damaged = bytes.clone();
            damaged[at] ^= flip;
            // CRC-32 detects every error within one byte, so nothing damaged gets through.
            deserialize_error(&engine, &damaged);
        }
    }
    for len in 0..bytes.len() {
        deserialize_error(&engine, &bytes[..len]);
    }
    let mut longer = bytes.clone();
    longer.push(0);
    deserialize_error(&engine, &longer);
}

/// Bytes altered with a valid checksum reach the decoder and the verifier: whatever they say, deserializing
/// returns, and a module that passes verification instantiates and runs (with fuel, so it ends) without
/// crashing.
#[test]
fn altered_bytes_with_a_valid_checksum_never_crash() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let bytes = Module::new(&engine, SMALL).unwrap().serialize().unwrap();
    let mut accepted = 0;
    for at in 0..bytes.len() - 4 {
        for value in [
            0x00,
            0x01,
            0x02,
            0x7f,
            0x80,
            0xff,
            bytes[at].wrapping_add(1),
        ] {
            let mut altered = bytes.clone();
            if altered[at] == value {
                continue;
            }
            altered[at] = value;
            fix_checksum(&mut altered);
            let Ok(module) = Module::deserialize(&engine, &altered) else {
                continue;
            };
            accepted += 1;
            exercise(&engine, &module);
        }
    }
    // Many single changes keep the module meaningful (a constant, a name), so some are accepted.
    assert!(accepted > 0);
}

/// Instantiates `module` with whatever it imports and calls its exported functions with zero arguments.
fn exercise(engine: &Engine, module: &Module) {
    let mut store = Store::new(engine, ());
    store.set_fuel(10_000).unwrap();
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "add", |_: Caller<'_, ()>, a: i32, b: i32| {
            a.wrapping_add(b)
        })
        .unwrap();
    let _ = linker.define_unknown_imports_as_default_values(module);
    let Ok(instance) = linker.instantiate(&mut store, module) else {
        return;
    };
    for (_, export) in instance.exports(&store) {
        if let Extern::Func(f) = export {
            let ty = f.ty(&store);
            let zeros = |types: &[ValType]| -> Option<Vec<Val>> {
                types.iter().map(|t| Val::default_for(*t)).collect()
            };
            let (Some(params), Some(mut results)) = (zeros(ty.params()), zeros(ty.results()))
            else {
                continue;
            };
            let _: Result<(), Error> = f.call(&mut store, &params, &mut results);
        }
    }
}

/// A tail call of a host function leaves its results past the caller's frame for the return after it; the
/// verifier allows exactly that pattern.
#[test]
fn a_tail_call_of_a_host_function_with_results_round_trips() {
    let engine = Engine::default();
    let wat = r#"(module
      (import "host" "three" (func $three (result i32 i32 i32)))
      (func (export "f") (result i32 i32 i32) (return_call $three)))"#;
    let bytes = Module::new(&engine, wat).unwrap().serialize().unwrap();
    let module = Module::deserialize(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "three", || (1i32, 2i32, 3i32))
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance
        .get_typed_func::<(), (i32, i32, i32)>(&store, "f")
        .unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), (1, 2, 3));
}
