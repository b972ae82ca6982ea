//! Several memories and 64-bit memories through the embedding API: each memory is reached by its index, memory 0
//! keeps the fast path, and a 64-bit memory larger than 4 GiB commits only the pages the guest touches.

use capvm_core::{
    Config, Engine, Linker, Memory, MemoryType, Module, Store, StoreLimits, TrapCode,
};

#[test]
fn each_memory_is_reached_by_its_index() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "extra" (memory $extra 1))
          (memory $zero (export "zero") 1)
          (memory $wide (export "wide") i64 1 2)
          (data (memory $extra) (i32.const 8) "\2a")
          ;; Copies the byte at `extra[8]` to `zero[0]` and `wide[2^16 - 1]`, then fills and copies across memories.
          (func (export "run") (result i32)
            (i32.store8 $zero (i32.const 0) (i32.load8_u $extra (i32.const 8)))
            (i64.store8 $wide (i64.const 65535) (i64.load8_u $zero (i32.const 0)))
            (memory.fill $extra (i32.const 16) (i32.const 7) (i32.const 4))
            (memory.copy $zero $extra (i32.const 100) (i32.const 16) (i32.const 4))
            (i32.add (i32.load $zero (i32.const 100)) (i32.load8_u $wide (i64.const 65535))))
          (func (export "grow_wide") (result i64) (memory.grow $wide (i64.const 1)))
          (func (export "out_of_bounds") (i32.load $wide (i64.const 131069)) (drop)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let extra = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "extra", extra).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<(), i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 0x0707_0707 + 42);
    let zero = instance.get_memory(&store, "zero").unwrap();
    let wide = instance.get_memory(&store, "wide").unwrap();
    assert_eq!(zero.data(&store)[0], 42);
    assert_eq!(&zero.data(&store)[100..104], &[7; 4]);
    assert_eq!(wide.data(&store)[65535], 42);
    assert_eq!(&extra.data(&store)[16..20], &[7; 4]);
    assert!(wide.ty(&store).is_64());
    let grow = instance
        .get_typed_func::<(), i64>(&store, "grow_wide")
        .unwrap();
    assert_eq!(grow.call(&mut store, ()).unwrap(), 1);
    // The maximum is 2 pages: the next grow fails with -1, as an i64.
    assert_eq!(grow.call(&mut store, ()).unwrap(), -1);
    let oob = instance
        .get_typed_func::<(), ()>(&store, "out_of_bounds")
        .unwrap();
    assert_eq!(
        oob.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
}

#[test]
fn growing_a_memory_imported_twice_is_seen_through_both_indices() {
    // Memory 0 and memory 1 are one store memory: growing it through index 1 must move memory 0's cached base
    // and length too (the bytes may move, and the new page is in bounds through either index).
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "mem" (memory $zero 1))
          (import "host" "mem" (memory $one 1))
          (func (export "grow_then_store") (result i32)
            (drop (memory.grow $one (i32.const 1)))
            (i32.store $zero (i32.const 65536) (i32.const 42))
            (i32.add (memory.size $zero) (i32.load $one (i32.const 65536)))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "mem", memory).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<(), i32>(&store, "grow_then_store")
        .unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 2 + 42);
    assert_eq!(&memory.data(&store)[65536..65540], &42u32.to_le_bytes());
}
#[test]
#[cfg(target_os = "linux")]
fn a_sparse_memory64_beyond_4_gib_commits_only_what_is_touched() {
    let _measuring = super::hostile::lock_resident_set();
    let mut config = Config::new();
    // 8 GiB allowed; the memory declares 6 GiB.
    config.store_limits(StoreLimits {
        max_memory_pages: 8 << 14,
        ..StoreLimits::default()
    });
    let engine = Engine::new(&config);
    let module = Module::new(
        &engine,
        r#"(module
          (memory (export "mem") i64 98304)
          (func (export "poke") (param $at i64) (param $v i64) (i64.store (local.get $at) (local.get $v)))
          (func (export "peek") (param $at i64) (result i64) (i64.load (local.get $at))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let before = super::hostile::resident_bytes();
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let poke = instance
        .get_typed_func::<(i64, i64), ()>(&store, "poke")
        .unwrap();
    let peek = instance.get_typed_func::<i64, i64>(&store, "peek").unwrap();
    let six_gib: i64 = 6 << 30;
    for (i, at) in [0, 1 << 32, (5 << 30) + 12345, six_gib - 8]
        .into_iter()
        .enumerate()
    {
        poke.call(&mut store, (at, i as i64 + 100)).unwrap();
    }
    assert_eq!(peek.call(&mut store, 1 << 32).unwrap(), 101);
    assert_eq!(peek.call(&mut store, six_gib - 8).unwrap(), 103);
    assert_eq!(peek.call(&mut store, 3 << 30).unwrap(), 0);
    let after = super::hostile::resident_bytes();
    assert!(
        after.saturating_sub(before) < 64 << 20,
        "a sparse 6 GiB memory committed {} MiB",
        after.saturating_sub(before) >> 20
    );
    // The last byte is in bounds, one past it is not, and an address past 2^64 never wraps around.
    assert_eq!(
        poke.call(&mut store, (six_gib - 7, 1))
            .unwrap_err()
            .trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    assert_eq!(
        peek.call(&mut store, -1).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    let memory = instance.get_memory(&store, "mem").unwrap();
    assert_eq!(memory.data(&store).len() as i64, six_gib);
}

/// An `i32.add` feeding an access is fused into it (one instruction computes the address and accesses memory),
/// as a shift by a constant is into the add it feeds; the sum still wraps at 2^32 as the add does, and the static
/// offset is added after, without wrapping.
#[test]
fn a_fused_address_add_wraps_as_the_add_does() {
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(
        &engine,
        r#"(module
          (memory 1)
          (data (i32.const 5) "\2a\07")
          (func (export "load") (param i32 i32) (result i32)
            (i32.load8_u offset=1 (i32.add (local.get 0) (local.get 1))))
          (func (export "load16") (param i32 i32) (result i32)
            (i32.load16_u offset=1 (i32.add (local.get 0) (local.get 1))))
          (func (export "store") (param i32 i32 i32)
            (i32.store8 (i32.add (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "store_constant") (param i32 i32)
            (i32.store16 offset=2 (i32.add (local.get 0) (local.get 1)) (i32.const 0x0b0a)))
          (func (export "table") (param i32) (result i32)
            (i32.load8_u offset=3 (i32.shl (local.get 0) (i32.const 1))))
          (func (export "load_imm") (param i32) (result i32)
            (i32.load8_u offset=1 (i32.add (local.get 0) (i32.const -2))))
          (func (export "store_imm") (param i32 i32)
            (i32.store8 offset=1 (i32.add (local.get 0) (i32.const 3)) (local.get 1)))
          ;; a shift by a constant fused into the add it feeds: the shift count is taken modulo 32
          (func (export "scaled") (param i32 i32) (result i32)
            (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))
          (func (export "scaled_33") (param i32 i32) (result i32)
            (i32.add (i32.shl (local.get 1) (i32.const 33)) (local.get 0))))"#,
    );
    let load = instance
        .get_typed_func::<(i32, i32), i32>(&store, "load")
        .unwrap();
    let load16 = instance
        .get_typed_func::<(i32, i32), i32>(&store, "load16")
        .unwrap();
    let store_byte = instance
        .get_typed_func::<(i32, i32, i32), ()>(&store, "store")
        .unwrap();
    let store_constant = instance
        .get_typed_func::<(i32, i32), ()>(&store, "store_constant")
        .unwrap();
    let scaled = instance
        .get_typed_func::<(i32, i32), i32>(&store, "scaled")
        .unwrap();
    let scaled_33 = instance
        .get_typed_func::<(i32, i32), i32>(&store, "scaled_33")
        .unwrap();
    assert_eq!(scaled.call(&mut store, (100, 7)).unwrap(), 128);
    assert_eq!(scaled.call(&mut store, (-4, 1)).unwrap(), 0);
    assert_eq!(scaled.call(&mut store, (1, i32::MIN | 1)).unwrap(), 5);
    assert_eq!(scaled_33.call(&mut store, (3, 5)).unwrap(), 13);
    let table = instance
        .get_typed_func::<i32, i32>(&store, "table")
        .unwrap();
    // 1 << 1 is 2, plus 3 is 5; 0x8000_0001 << 1 wraps to 2 as well; the offset is added without wrapping.
    assert_eq!(table.call(&mut store, 1).unwrap(), 0x2a);
    assert_eq!(table.call(&mut store, i32::MIN | 1).unwrap(), 0x2a);
    assert_eq!(
        table.call(&mut store, 32_767).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    let load_imm = instance
        .get_typed_func::<i32, i32>(&store, "load_imm")
        .unwrap();
    let store_imm = instance
        .get_typed_func::<(i32, i32), ()>(&store, "store_imm")
        .unwrap();
    // 6 - 2 + 1 is 5; 1 - 2 wraps to 2^32 - 1, and the offset is added without wrapping: out of bounds.
    assert_eq!(load_imm.call(&mut store, 6).unwrap(), 0x2a);
    for address in [1, 65_537] {
        assert_eq!(
            load_imm.call(&mut store, address).unwrap_err().trap_code(),
            Some(TrapCode::MemoryOutOfBounds)
        );
    }
    // 65 531 + 3 + 1 is the last byte, one more is out of bounds; -3 + 3 wraps to 0.
    store_imm.call(&mut store, (65_531, 0x11)).unwrap();
    store_imm.call(&mut store, (-3, 0x33)).unwrap();
    for address in [65_532, -4] {
        assert_eq!(
            store_imm
                .call(&mut store, (address, 0x11))
                .unwrap_err()
                .trap_code(),
            Some(TrapCode::MemoryOutOfBounds)
        );
    }
    assert_eq!(load_imm.call(&mut store, 2).unwrap(), 0x33);
    assert_eq!(load_imm.call(&mut store, 65_536).unwrap(), 0x11);
    // -1 + 5 wraps to 4; the offset makes 5.
    assert_eq!(load.call(&mut store, (-1, 5)).unwrap(), 0x2a);
    assert_eq!(load.call(&mut store, (5, -1)).unwrap(), 0x2a);
    assert_eq!(load16.call(&mut store, (2, 2)).unwrap(), 0x072a);
    // 65 535 + 0, then the offset: one past the end, not wrapped back into memory.
    assert_eq!(
        load.call(&mut store, (65_535, 0)).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    assert_eq!(
        load.call(&mut store, (-1, 0)).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    store_byte.call(&mut store, (-2, 3, 9)).unwrap();
    store_constant
        .call(&mut store, (i32::MIN, i32::MIN + 8))
        .unwrap();
    assert_eq!(load.call(&mut store, (0, 0)).unwrap(), 9);
    // i32::MIN + i32::MIN + 8 wraps to 8; with the offset, the constant went to 10 and 11.
    assert_eq!(load16.call(&mut store, (9, 0)).unwrap(), 0x0b0a);
    assert_eq!(
        store_byte
            .call(&mut store, (65_535, 1, 1))
            .unwrap_err()
            .trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
}

/// An `f64.mul` feeding an `f64.add` or `f64.sub` is fused into one instruction that still rounds twice, as the
/// pair did (a fused multiply-add would round once and give a different result): 0.1 * 10 rounds to exactly 1.
#[test]
fn a_fused_multiply_add_rounds_as_the_pair_did() {
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(
        &engine,
        r#"(module
          (func (export "add") (param f64 f64 f64) (result f64)
            (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2))))
          (func (export "sub") (param f64 f64 f64) (result f64)
            (f64.sub (local.get 0) (f64.mul (local.get 1) (local.get 2))))
          (func (export "rsub") (param f64 f64 f64) (result f64)
            (f64.sub (f64.mul (local.get 1) (local.get 2)) (local.get 0))))"#,
    );
    for (name, other, expected) in [
        ("add", -1.0, 0.0),
        ("sub", 1.0, 0.0),
        ("rsub", 1.0, 0.0),
        ("add", 2.5, 3.5),
        ("sub", 2.5, 1.5),
        ("rsub", 2.5, -1.5),
    ] {
        let f = instance
            .get_typed_func::<(f64, f64, f64), f64>(&store, name)
            .unwrap();
        let got = f.call(&mut store, (other, 0.1, 10.0)).unwrap();
        assert_eq!(
            got.to_bits(),
            f64::to_bits(expected),
            "{name}({other}): {got:e}"
        );
    }
    // 0.1f64.mul_add(10.0, -1.0) is not zero: the test above tells the two apart.
    assert_ne!(0.1f64.mul_add(10.0, -1.0), 0.0);
}
