//! Backtraces name the module byte offset of the instruction each frame stopped at, as wasmtime does: the
//! trapping instruction, and in callers the call they wait in.

use capvm_core::Engine;

/// The byte offsets of the operators of the module's function bodies that satisfy `pick`, found by reading the
/// binary independently of capvm.
fn offsets_of(wasm: &[u8], pick: impl Fn(&wasmparser::Operator<'_>) -> bool) -> Vec<u32> {
    let mut found = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload {
            let mut reader = body.get_operators_reader().unwrap();
            while !reader.eof() {
                let (op, offset) = reader.read_with_offset().unwrap();
                if pick(&op) {
                    found.push(offset as u32);
                }
            }
        }
    }
    found
}

#[test]
fn frames_name_the_offsets_of_the_trap_and_of_the_calls() {
    let wasm = wat::parse_str(
        r#"(module
          (func $divide (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
          (func $middle (param i32) (result i32) (i32.add (i32.const 1) (call $divide (local.get 0))))
          (func (export "run") (param i32) (result i32) (nop) (call $middle (local.get 0))))"#,
    )
    .unwrap();
    let div = offsets_of(&wasm, |op| matches!(op, wasmparser::Operator::I32DivS));
    let calls = offsets_of(&wasm, |op| matches!(op, wasmparser::Operator::Call { .. }));
    assert_eq!((div.len(), calls.len()), (1, 2));

    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    let error = run.call(&mut store, 0).unwrap_err();
    let frames: Vec<(u32, Option<u32>)> = error
        .backtrace()
        .expect("a trap has a backtrace")
        .frames()
        .iter()
        .map(|frame| (frame.func_index(), frame.module_offset()))
        .collect();
    // divide traps at its div_s; middle waits in its call (the first), run in its call (the second).
    assert_eq!(
        frames,
        [(0, Some(div[0])), (1, Some(calls[0])), (2, Some(calls[1]))]
    );
    let shown = error.backtrace().unwrap().to_string();
    assert!(shown.contains(&format!("divide+{:#x}", div[0])), "{shown}");
}

/// A load fused into the arithmetic it feeds (`f64.mul` of an `f64.load`) computes the same, and traps at the
/// load's offset.
#[test]
fn a_fused_load_traps_at_the_load() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "scale") (param i32 f64) (result f64)
            (f64.mul (local.get 1) (f64.load offset=8 (local.get 0))))
          (func (export "rsub") (param i32 f64) (result f64)
            (f64.sub (f64.load (local.get 0)) (local.get 1)))
          (func (export "sub") (param i32 f64) (result f64)
            (f64.sub (local.get 1) (f64.load offset=8 (local.get 0))))
          (func (export "add") (param i32 f64) (result f64)
            (f64.add (f64.load offset=8 (local.get 0)) (local.get 1)))
          (func (export "dot") (param i32 f64 f64) (result f64)
            (f64.add (local.get 2) (f64.mul (local.get 1) (f64.load offset=8 (local.get 0)))))
          (data (i32.const 8) "\00\00\00\00\00\00\10\40"))"#,
    )
    .unwrap();
    let loads = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::F64Load { .. })
    });
    assert_eq!(loads.len(), 5);
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let scale = instance
        .get_typed_func::<(i32, f64), f64>(&store, "scale")
        .unwrap();
    let rsub = instance
        .get_typed_func::<(i32, f64), f64>(&store, "rsub")
        .unwrap();
    // 4.0 is at 8.
    assert_eq!(scale.call(&mut store, (0, 2.5)).unwrap(), 10.0);
    assert_eq!(rsub.call(&mut store, (8, 2.5)).unwrap(), 1.5);
    assert_eq!(rsub.call(&mut store, (0, 2.5)).unwrap(), -2.5);
    for (name, expected) in [("sub", -1.5), ("add", 6.5)] {
        let f = instance
            .get_typed_func::<(i32, f64), f64>(&store, name)
            .unwrap();
        assert_eq!(f.call(&mut store, (0, 2.5)).unwrap(), expected, "{name}");
    }
    let error = scale.call(&mut store, (65_528, 1.0)).unwrap_err();
    let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
    assert_eq!(top, Some(loads[0]));
    let error = rsub.call(&mut store, (65_529, 1.0)).unwrap_err();
    let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
    assert_eq!(top, Some(loads[1]));
    // A dot product's step: the load fused into the product, the product into the sum.
    let dot = instance
        .get_typed_func::<(i32, f64, f64), f64>(&store, "dot")
        .unwrap();
    assert_eq!(dot.call(&mut store, (0, 2.5, 1.0)).unwrap(), 11.0);
    assert!(dot.call(&mut store, (0, f64::NAN, 1.0)).unwrap().is_nan());
    // inf * 4 + -inf is NaN; the product is rounded before the sum, as the pair rounds it: 0.5e308 * 4 overflows
    // to infinity (a fused multiply-add would give 0.5e308).
    assert!(
        dot.call(&mut store, (0, f64::INFINITY, f64::NEG_INFINITY))
            .unwrap()
            .is_nan()
    );
    assert_eq!(
        dot.call(&mut store, (0, 0.5e308, -1.5e308)).unwrap(),
        f64::INFINITY
    );
    let error = dot.call(&mut store, (65_528, 1.0, 1.0)).unwrap_err();
    let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
    assert_eq!(top, Some(loads[4]));
}

/// A load fused into the comparison of a branch (`br_if (i32.lt_u (i32.load ..) ..)`) branches as the two
/// instructions did, on either side of the comparison, and traps at the load's offset.
#[test]
fn a_load_fused_into_a_branch_traps_at_the_load() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (data (i32.const 8) "\05\00\00\80")
          ;; 1 if the i32 at p is below x (unsigned), else 0
          (func (export "below") (param i32 i32) (result i32)
            (block (br_if 0 (i32.lt_u (i32.load (local.get 0)) (local.get 1))) (return (i32.const 0)))
            (i32.const 1))
          ;; 1 if x is below the i32 at p (signed), else 0
          (func (export "above") (param i32 i32) (result i32)
            (block (br_if 0 (i32.lt_s (local.get 1) (i32.load (local.get 0)))) (return (i32.const 0)))
            (i32.const 1)))"#,
    )
    .unwrap();
    let loads = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::I32Load { .. })
    });
    assert_eq!(loads.len(), 2);
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let below = instance
        .get_typed_func::<(i32, i32), i32>(&store, "below")
        .unwrap();
    let above = instance
        .get_typed_func::<(i32, i32), i32>(&store, "above")
        .unwrap();
    // The i32 at 8 is 0x8000_0005: large unsigned, negative signed.
    assert_eq!(below.call(&mut store, (8, -1)).unwrap(), 1);
    assert_eq!(below.call(&mut store, (8, 6)).unwrap(), 0);
    assert_eq!(above.call(&mut store, (8, i32::MIN)).unwrap(), 1);
    assert_eq!(above.call(&mut store, (8, 0)).unwrap(), 0);
    assert_eq!(above.call(&mut store, (0, -1)).unwrap(), 1);
    for (function, load) in [(&below, loads[0]), (&above, loads[1])] {
        let error = function.call(&mut store, (65_533, 0)).unwrap_err();
        let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
        assert_eq!(top, Some(load));
    }
}

/// A `br_table` on a loaded byte (fused into one instruction) picks the entry of every byte value, the default
/// beyond the last, and traps out of bounds at the load.
#[test]
fn a_br_table_on_a_loaded_byte_selects_and_traps_as_the_pair() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
          (func (export "pick") (param i32) (result i32)
            (block $d (block $b2 (block $b1 (block $b0
              (br_table $b0 $b1 $b2 $d (i32.load8_u offset=1 (local.get 0))))
              (return (i32.const 100)))
              (return (i32.const 101)))
              (return (i32.const 102)))
            (i32.const 103)))"#,
    )
    .unwrap();
    let loads = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::I32Load8U { .. })
    });
    assert_eq!(loads.len(), 1);
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let poke = instance
        .get_typed_func::<(i32, i32), ()>(&store, "store")
        .unwrap();
    let pick = instance.get_typed_func::<i32, i32>(&store, "pick").unwrap();
    for byte in 0..=255 {
        poke.call(&mut store, (17, byte)).unwrap();
        let expected = 100 + byte.min(3);
        assert_eq!(pick.call(&mut store, 16).unwrap(), expected, "byte {byte}");
    }
    // The last byte of memory is in bounds; one further is not (with the static offset, and with a wrapped
    // address).
    assert_eq!(pick.call(&mut store, 65_534).unwrap(), 100);
    for address in [65_535, -1] {
        let error = pick.call(&mut store, address).unwrap_err();
        let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
        assert_eq!(top, Some(loads[0]), "address {address}");
    }
}

/// A branch on a loaded byte or i32 being zero (fused into one instruction) tests the whole value it loads and
/// traps out of bounds at the load.
#[test]
fn a_branch_on_a_loaded_value_tests_and_traps_as_the_pair() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          ;; 1 if the byte at p is not zero, else 0
          (func (export "byte") (param i32) (result i32)
            (block (br_if 0 (i32.load8_u (local.get 0))) (return (i32.const 0)))
            (i32.const 1))
          ;; 1 if the i32 at p is not zero, else 0
          (func (export "word") (param i32) (result i32)
            (if (result i32) (i32.load offset=4 (local.get 0))
              (then (i32.const 1)) (else (i32.const 0))))
          ;; 1 if the i32 at p is zero, else 0
          (func (export "word_is_zero") (param i32) (result i32)
            (block (br_if 0 (i32.eqz (i32.load (local.get 0)))) (return (i32.const 0)))
            (i32.const 1)))"#,
    )
    .unwrap();
    let byte_loads = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::I32Load8U { .. })
    });
    let word_loads = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::I32Load { .. })
    });
    assert_eq!((byte_loads.len(), word_loads.len()), (1, 2));
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let poke = instance
        .get_typed_func::<(i32, i32), ()>(&store, "store")
        .unwrap();
    let byte = instance.get_typed_func::<i32, i32>(&store, "byte").unwrap();
    let word = instance.get_typed_func::<i32, i32>(&store, "word").unwrap();
    let word_is_zero = instance
        .get_typed_func::<i32, i32>(&store, "word_is_zero")
        .unwrap();
    // Only one byte of the i32 at 20 is set at a time: the byte test sees its own byte, the i32 tests all four.
    for (value, low_byte) in [(0, 0), (1, 1), (0x100, 0), (0x0100_0000, 0), (-1, 1)] {
        poke.call(&mut store, (20, value)).unwrap();
        assert_eq!(byte.call(&mut store, 20).unwrap(), low_byte, "{value:#x}");
        let nonzero = i32::from(value != 0);
        assert_eq!(word.call(&mut store, 16).unwrap(), nonzero, "{value:#x}");
        assert_eq!(
            word_is_zero.call(&mut store, 20).unwrap(),
            1 - nonzero,
            "{value:#x}"
        );
    }
    assert_eq!(byte.call(&mut store, 65_535).unwrap(), 0);
    assert_eq!(word_is_zero.call(&mut store, 65_532).unwrap(), 1);
    let cases = [
        (&byte, 65_536, byte_loads[0]),
        (&byte, -1, byte_loads[0]),
        (&word, 65_529, word_loads[0]),
        (&word_is_zero, 65_533, word_loads[1]),
    ];
    for (function, address, load) in cases {
        let error = function.call(&mut store, address).unwrap_err();
        let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
        assert_eq!(top, Some(load), "address {address}");
    }
}

/// Two places a fused load's trap offset could be lost: a loop whose closing jump becomes a copy of its first
/// (fused) exit test, and the fuel charge of an `if` arm after a fused condition, which is the `if`'s.
#[test]
fn fused_loads_keep_their_offsets_through_loop_rotation_and_if_arms() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "scan") (param $p i32) (param $n i32) (result i32)
            (block $exit
              (loop $l
                (br_if $exit (i32.eq (i32.load (local.get $p)) (local.get $n)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $l)))
            (local.get $p))
          (func (export "choose") (param i32 i32) (result i32)
            (if (result i32) (i32.eq (i32.load (local.get 0)) (local.get 1))
              (then (i32.const 1)) (else (i32.const 2)))))"#,
    )
    .unwrap();
    let loads = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::I32Load { .. })
    });
    let ifs = offsets_of(&wasm, |op| matches!(op, wasmparser::Operator::If { .. }));
    assert_eq!((loads.len(), ifs.len()), (2, 1));
    let top_offset = |error: capvm_core::Error| {
        error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset()
    };

    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let scan = instance
        .get_typed_func::<(i32, i32), i32>(&store, "scan")
        .unwrap();
    // Runs off the end of memory on a later iteration, in the rotated test at the bottom of the loop.
    assert_eq!(
        top_offset(scan.call(&mut store, (65_520, 1)).unwrap_err()),
        Some(loads[0])
    );

    let mut config = capvm_core::Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let choose = instance
        .get_typed_func::<(i32, i32), i32>(&store, "choose")
        .unwrap();
    // Enough fuel for the condition, not for the arm: the trap is the `if`'s.
    let mut offsets_seen = Vec::new();
    for fuel in 0..8 {
        store.set_fuel(fuel).unwrap();
        match choose.call(&mut store, (0, 0)) {
            Ok(value) => {
                assert_eq!(value, 1);
                break;
            }
            Err(error) => offsets_seen.push(top_offset(error)),
        }
    }
    assert!(offsets_seen.contains(&Some(ifs[0])), "{offsets_seen:?}");
    assert!(!offsets_seen.contains(&Some(loads[1])), "{offsets_seen:?}");
}

/// A load whose value only the store after it takes is one instruction: it copies the bytes, and traps at the
/// load's offset when the load is out of bounds and at the store's when the store is.
#[test]
fn a_load_fused_into_the_store_it_feeds_copies_and_traps_at_either() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "copy32") (param $to i32) (param $from i32)
            (i32.store offset=4 (local.get $to) (i32.load offset=8 (local.get $from))))
          (func (export "copy64") (param $to i32) (param $from i32)
            (i64.store (local.get $to) (i64.load offset=16 (local.get $from))))
          (func (export "get64") (param i32) (result i64) (i64.load (local.get 0)))
          (data (i32.const 8) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10"))"#,
    )
    .unwrap();
    let loads = offsets_of(&wasm, |op| {
        matches!(
            op,
            wasmparser::Operator::I32Load { .. } | wasmparser::Operator::I64Load { .. }
        )
    });
    let stores = offsets_of(&wasm, |op| {
        matches!(
            op,
            wasmparser::Operator::I32Store { .. } | wasmparser::Operator::I64Store { .. }
        )
    });
    assert_eq!((loads.len(), stores.len()), (3, 2));
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let copy32 = instance
        .get_typed_func::<(i32, i32), ()>(&store, "copy32")
        .unwrap();
    let copy64 = instance
        .get_typed_func::<(i32, i32), ()>(&store, "copy64")
        .unwrap();
    let get64 = instance
        .get_typed_func::<i32, i64>(&store, "get64")
        .unwrap();
    // Bytes 8..12 to 100..104, bytes 16..24 to 200..208, and an overlapping copy onto itself.
    copy32.call(&mut store, (96, 0)).unwrap();
    copy64.call(&mut store, (200, 0)).unwrap();
    assert_eq!(get64.call(&mut store, 100).unwrap(), 0x0403_0201);
    assert_eq!(get64.call(&mut store, 200).unwrap(), 0x100f_0e0d_0c0b_0a09);
    copy32.call(&mut store, (8, 4)).unwrap();
    assert_eq!(get64.call(&mut store, 8).unwrap(), 0x0807_0605_0403_0201);
    let top = |error: capvm_core::Error| {
        error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset()
    };
    // The load out of bounds (nothing is stored), then the store.
    assert_eq!(
        top(copy32.call(&mut store, (0, 65_530)).unwrap_err()),
        Some(loads[0])
    );
    assert_eq!(
        top(copy32.call(&mut store, (65_530, 0)).unwrap_err()),
        Some(stores[0])
    );
    assert_eq!(
        top(copy64.call(&mut store, (0, -20)).unwrap_err()),
        Some(loads[1])
    );
    assert_eq!(
        top(copy64.call(&mut store, (65_529, 0)).unwrap_err()),
        Some(stores[1])
    );
    assert_eq!(get64.call(&mut store, 0).unwrap(), 0);
}

/// A multiply-add fused into the `f64.store` it feeds stores what the pair computes (rounded twice: 0.1 * 10 is
/// exactly 1) and traps at the store's offset, storing nothing.
#[test]
fn a_multiply_add_fused_into_its_store_stores_and_traps_as_the_pair() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "add") (param $at i32) (param $other f64) (param $x f64) (param $y f64)
            (f64.store offset=8 (local.get $at) (f64.add (local.get $other) (f64.mul (local.get $x) (local.get $y)))))
          (func (export "sub") (param $at i32) (param $other f64) (param $x f64) (param $y f64)
            (f64.store offset=8 (local.get $at) (f64.sub (local.get $other) (f64.mul (local.get $x) (local.get $y)))))
          ;; a field's update in place: v.x += x * y
          (func (export "update") (param $at i32) (param $x f64) (param $y f64)
            (f64.store offset=8 (local.get $at)
              (f64.add (f64.load offset=8 (local.get $at)) (f64.mul (local.get $x) (local.get $y)))))
          (func (export "get") (param i32) (result f64) (f64.load offset=8 (local.get 0))))"#,
    )
    .unwrap();
    let stores = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::F64Store { .. })
    });
    assert_eq!(stores.len(), 3);
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let add = instance
        .get_typed_func::<(i32, f64, f64, f64), ()>(&store, "add")
        .unwrap();
    let sub = instance
        .get_typed_func::<(i32, f64, f64, f64), ()>(&store, "sub")
        .unwrap();
    let update = instance
        .get_typed_func::<(i32, f64, f64), ()>(&store, "update")
        .unwrap();
    let get = instance.get_typed_func::<i32, f64>(&store, "get").unwrap();
    add.call(&mut store, (0, -1.0, 0.1, 10.0)).unwrap();
    assert_eq!(get.call(&mut store, 0).unwrap().to_bits(), 0.0f64.to_bits());
    sub.call(&mut store, (8, 1.0, 0.1, 10.0)).unwrap();
    assert_eq!(get.call(&mut store, 8).unwrap().to_bits(), 0.0f64.to_bits());
    add.call(&mut store, (16, 2.5, 2.0, 3.0)).unwrap();
    sub.call(&mut store, (24, 2.5, 2.0, 3.0)).unwrap();
    update.call(&mut store, (16, 0.5, 3.0)).unwrap();
    assert_eq!(get.call(&mut store, 16).unwrap(), 10.0);
    assert_eq!(get.call(&mut store, 24).unwrap(), -3.5);
    let top = |error: capvm_core::Error| {
        error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset()
    };
    // 65_528 + 8 is past the end; 65_520 + 8 is the last 8 bytes, which stay as they were.
    assert_eq!(
        top(add.call(&mut store, (65_528, 1.0, 1.0, 1.0)).unwrap_err()),
        Some(stores[0])
    );
    assert_eq!(
        top(sub.call(&mut store, (65_521, 1.0, 1.0, 1.0)).unwrap_err()),
        Some(stores[1])
    );
    assert_eq!(get.call(&mut store, 65_520).unwrap().to_bits(), 0);
}

/// A rotate-xor fused into the `i32.store` of its result stores what the pair computes, keeps the local it was
/// kept in, and traps at the store's offset.
#[test]
fn a_rotate_xor_fused_into_its_store_stores_and_traps_as_the_pair() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "mix") (param $at i32) (param $h i32) (param $w i32)
            (i32.store offset=4 (local.get $at) (i32.xor (i32.rotl (local.get $h) (i32.const 5)) (local.get $w))))
          ;; the result kept in a local and stored, then the local returned; the address is that local's value
          ;; from before (read before the tee writes it)
          (func (export "keep") (param $at i32) (param $h i32) (param $w i32) (result i32) (local $x i32)
            (local.set $x (local.get $at))
            (i32.store offset=8 (local.get $x) (local.tee $x (i32.xor (i32.rotl (local.get $h) (i32.const 27)) (local.get $w))))
            (i32.store offset=12 (local.get $at) (local.tee $at (i32.xor (i32.rotl (local.get $h) (i32.const 0)) (local.get $w))))
            (i32.add (local.get $x) (local.get $at)))
          (func (export "get") (param i32) (result i32) (i32.load (local.get 0))))"#,
    )
    .unwrap();
    let stores = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::I32Store { .. })
    });
    assert_eq!(stores.len(), 3);
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let mix = instance
        .get_typed_func::<(i32, i32, i32), ()>(&store, "mix")
        .unwrap();
    let keep = instance
        .get_typed_func::<(i32, i32, i32), i32>(&store, "keep")
        .unwrap();
    let get = instance.get_typed_func::<i32, i32>(&store, "get").unwrap();
    let h = 0x8123_4567_u32 as i32;
    mix.call(&mut store, (0, h, 0x55)).unwrap();
    assert_eq!(get.call(&mut store, 4).unwrap(), h.rotate_left(5) ^ 0x55);
    let first = h.rotate_left(27) ^ 0x100;
    let second = h ^ 0x100;
    assert_eq!(
        keep.call(&mut store, (16, h, 0x100)).unwrap(),
        first.wrapping_add(second)
    );
    assert_eq!(get.call(&mut store, 24).unwrap(), first);
    assert_eq!(get.call(&mut store, 28).unwrap(), second);
    let top = |error: capvm_core::Error| {
        error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset()
    };
    assert_eq!(
        top(mix.call(&mut store, (65_532, h, 0)).unwrap_err()),
        Some(stores[0])
    );
    assert_eq!(
        top(keep.call(&mut store, (65_530, h, 0)).unwrap_err()),
        Some(stores[1])
    );
}

/// An `i32.load` fused into the multiplication by a constant it feeds (`word * K`, a hash's step) computes the
/// wrapping product, with the constant on either side, and traps at the load's offset.
#[test]
fn a_load_fused_into_a_multiplication_by_a_constant_traps_at_the_load() {
    let wasm = wat::parse_str(
        r#"(module
          (memory 1)
          (func (export "times_golden") (param i32) (result i32)
            (i32.mul (i32.load offset=4 (local.get 0)) (i32.const -1640531527)))
          (func (export "three_times") (param i32) (result i32)
            (i32.mul (i32.const 3) (i32.load (local.get 0))))
          (data (i32.const 4) "\ff\ff\ff\7f\05\00\00\00"))"#,
    )
    .unwrap();
    let loads = offsets_of(&wasm, |op| {
        matches!(op, wasmparser::Operator::I32Load { .. })
    });
    assert_eq!(loads.len(), 2);
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, &wasm);
    let golden = instance
        .get_typed_func::<i32, i32>(&store, "times_golden")
        .unwrap();
    let three = instance
        .get_typed_func::<i32, i32>(&store, "three_times")
        .unwrap();
    // i32::MAX is at 4 and 5 at 8.
    assert_eq!(
        golden.call(&mut store, 0).unwrap(),
        i32::MAX.wrapping_mul(-1_640_531_527)
    );
    assert_eq!(
        golden.call(&mut store, 4).unwrap(),
        5i32.wrapping_mul(-1_640_531_527)
    );
    assert_eq!(three.call(&mut store, 4).unwrap(), i32::MAX.wrapping_mul(3));
    assert_eq!(three.call(&mut store, 8).unwrap(), 15);
    let error = golden.call(&mut store, 65_530).unwrap_err();
    let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
    assert_eq!(top, Some(loads[0]));
    let error = three.call(&mut store, 65_533).unwrap_err();
    let top = error.backtrace().expect("a trap has a backtrace").frames()[0].module_offset();
    assert_eq!(top, Some(loads[1]));
}
