//! `v128` through the embedding API: typed and dynamic calls, host functions, globals, mixed-width signatures
//! (a vector takes two cells, so everything after it shifts), and `Config::wasm_simd`.

use capvm_core::{
    Config, Engine, Func, FuncType, Global, GlobalType, Linker, Module, Mutability, Store, V128,
    Val, ValType,
};

const GUEST: &str = r#"(module
  (import "host" "twice" (func $twice (param i32 v128 i64) (result v128 i32)))
  (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
  ;; Lane-wise sum, then the scalars around the vector show that nothing is shifted.
  (func (export "add") (param $a i32) (param $v v128) (param $w v128) (param $b i64) (result i64 v128 i32)
    (local.get $b)
    (i32x4.add (local.get $v) (local.get $w))
    (local.get $a))
  (func (export "via_host") (param v128) (result v128 i32)
    (call $twice (i32.const 7) (local.get 0) (i64.const 9)))
  (func (export "bump_global") (result v128)
    (global.set $g (i32x4.add (global.get $g) (v128.const i32x4 10 20 30 40)))
    (global.get $g)))"#;

fn v(lanes: [u32; 4]) -> V128 {
    let mut bits = 0u128;
    for (i, lane) in lanes.iter().enumerate() {
        bits |= u128::from(*lane) << (32 * i);
    }
    V128::from(bits)
}

fn setup() -> (Store<()>, capvm_core::Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "twice", |a: i32, x: V128, b: i64| -> (V128, i32) {
            let doubled = x.as_u128().wrapping_shl(1);
            (V128::from(doubled), a + b as i32)
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn typed_calls_carry_vectors_between_scalars() {
    let (mut store, instance) = setup();
    let add = instance
        .get_typed_func::<(i32, V128, V128, i64), (i64, V128, i32)>(&store, "add")
        .unwrap();
    let (b, sum, a) = add
        .call(
            &mut store,
            (-3, v([1, 2, 3, u32::MAX]), v([10, 20, 30, 2]), 1 << 40),
        )
        .unwrap();
    assert_eq!((a, b), (-3, 1 << 40));
    assert_eq!(sum, v([11, 22, 33, 1]));
}

#[test]
fn dynamic_calls_carry_vectors_between_scalars() {
    let (mut store, instance) = setup();
    let add = instance.get_func(&store, "add").unwrap();
    let mut results = [Val::I32(0), Val::I32(0), Val::I32(0)];
    add.call(
        &mut store,
        &[
            Val::I32(5),
            Val::V128(v([1, 1, 1, 1])),
            Val::V128(v([2, 3, 4, 5])),
            Val::I64(-1),
        ],
        &mut results,
    )
    .unwrap();
    assert_eq!(results[0], Val::I64(-1));
    assert_eq!(results[1], Val::V128(v([3, 4, 5, 6])));
    assert_eq!(results[2], Val::I32(5));
}

#[test]
fn host_functions_take_and_return_vectors() {
    let (mut store, instance) = setup();
    let via_host = instance
        .get_typed_func::<V128, (V128, i32)>(&store, "via_host")
        .unwrap();
    let (doubled, sum) = via_host
        .call(&mut store, v([1, 2, 3, 0x8000_0000]))
        .unwrap();
    assert_eq!(doubled, v([2, 4, 6, 0]));
    assert_eq!(sum, 16);
}

#[test]
fn dynamic_host_functions_see_vectors() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "swap" (func $swap (param v128 f64) (result f64 v128)))
          (func (export "run") (result f64 v128)
            (call $swap (v128.const i64x2 1 2) (f64.const 0.5))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let swap = Func::new(
        &mut store,
        FuncType::new([ValType::V128, ValType::F64], [ValType::F64, ValType::V128]),
        |_, params, results| {
            results[0] = params[1];
            results[1] = params[0];
            Ok(())
        },
    );
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "swap", swap).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<(), (f64, V128)>(&store, "run")
        .unwrap();
    let (x, vector) = run.call(&mut store, ()).unwrap();
    assert_eq!(x, 0.5);
    assert_eq!(vector.as_u128(), 1 | (2 << 64));
}

#[test]
fn vector_globals_are_read_and_written_from_both_sides() {
    let (mut store, instance) = setup();
    let g = instance.get_global(&store, "g").unwrap();
    assert_eq!(g.get(&store), Val::V128(v([1, 2, 3, 4])));
    g.set(&mut store, Val::V128(v([5, 6, 7, 8]))).unwrap();
    let bump = instance
        .get_typed_func::<(), V128>(&store, "bump_global")
        .unwrap();
    assert_eq!(bump.call(&mut store, ()).unwrap(), v([15, 26, 37, 48]));
    assert_eq!(g.get(&store), Val::V128(v([15, 26, 37, 48])));
    assert!(g.set(&mut store, Val::I64(1)).is_err());

    let host = Global::new(
        &mut store,
        GlobalType::new(ValType::V128, Mutability::Const),
        Val::V128(v([9, 9, 9, 9])),
    )
    .unwrap();
    assert_eq!(host.get(&store), Val::V128(v([9, 9, 9, 9])));
}

#[test]
fn simd_can_be_switched_off() {
    let mut config = Config::new();
    config.wasm_simd(false);
    let engine = Engine::new(&config);
    let error = Module::new(&engine, GUEST).unwrap_err().to_string();
    assert!(error.contains("SIMD"), "{error}");
    // The default accepts it.
    assert!(Module::new(&Engine::default(), GUEST).is_ok());
}

/// The translator's two-cell rules: `drop` and `select` of vectors (their width comes from the validator), vectors
/// as block parameters and results, carried by `br_if` and `br_table`, `local.tee`, and a vector local read after
/// it is overwritten (the deferred read must see the old value).
#[test]
fn vectors_keep_their_two_cells_through_control_flow() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (func (export "select") (param $c i32) (result v128 i32)
            (select (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8) (local.get $c))
            (i32.const 99))
          (func (export "typed_select") (param $c i32) (result v128)
            (select (result v128) (v128.const i64x2 -1 -2) (v128.const i64x2 3 4) (local.get $c)))
          (func (export "drop") (result i32)
            (i32.const 5) (v128.const i32x4 9 9 9 9) (drop))
          (func (export "blocks") (param $i i32) (result v128 i32)
            (local $v v128)
            (local.set $v (v128.const i32x4 1 1 1 1))
            (local.get $v)
            (block $out (param v128) (result v128)
              (block $two (param v128) (result v128)
                (block $one (param v128) (result v128)
                  (br_table $one $two $out (local.get $i)))
                (i32x4.add (v128.const i32x4 10 10 10 10))
                (br $out))
              (i32x4.add (v128.const i32x4 20 20 20 20)))
            (i32.const 7))
          (func (export "tee_and_stale_read") (result v128 v128)
            (local $a v128)
            (local.set $a (v128.const i32x4 1 2 3 4))
            (local.get $a)
            (local.tee $a (v128.const i32x4 5 6 7 8))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let select = instance
        .get_typed_func::<i32, (V128, i32)>(&store, "select")
        .unwrap();
    assert_eq!(select.call(&mut store, 1).unwrap(), (v([1, 2, 3, 4]), 99));
    assert_eq!(select.call(&mut store, 0).unwrap(), (v([5, 6, 7, 8]), 99));
    let typed = instance
        .get_typed_func::<i32, V128>(&store, "typed_select")
        .unwrap();
    assert_eq!(typed.call(&mut store, 0).unwrap().as_u128(), 3 | (4 << 64));
    let drop = instance.get_typed_func::<(), i32>(&store, "drop").unwrap();
    assert_eq!(drop.call(&mut store, ()).unwrap(), 5);
    let blocks = instance
        .get_typed_func::<i32, (V128, i32)>(&store, "blocks")
        .unwrap();
    assert_eq!(
        blocks.call(&mut store, 0).unwrap(),
        (v([11, 11, 11, 11]), 7)
    );
    assert_eq!(
        blocks.call(&mut store, 1).unwrap(),
        (v([21, 21, 21, 21]), 7)
    );
    assert_eq!(blocks.call(&mut store, 2).unwrap(), (v([1, 1, 1, 1]), 7));
    assert_eq!(blocks.call(&mut store, 9).unwrap(), (v([1, 1, 1, 1]), 7));
    let tee = instance
        .get_typed_func::<(), (V128, V128)>(&store, "tee_and_stale_read")
        .unwrap();
    assert_eq!(
        tee.call(&mut store, ()).unwrap(),
        (v([1, 2, 3, 4]), v([5, 6, 7, 8]))
    );
}

/// The bits of four f32 lanes as one `V128`.
fn f32x4(lanes: [f32; 4]) -> V128 {
    v(lanes.map(f32::to_bits))
}

/// The bits of two f64 lanes as one `V128`.
fn f64x2(lanes: [f64; 2]) -> V128 {
    V128::from(u128::from(lanes[0].to_bits()) | (u128::from(lanes[1].to_bits()) << 64))
}

#[test]
fn a_vector_product_fused_into_the_sum_it_feeds_is_rounded_twice_and_wraps() {
    // Each add below fuses with the multiply before it (see the `simd_multiply_add` snapshot).
    let wat = r#"(module
      (func (export "f32_acc_first") (param v128 v128 v128) (result v128)
        (f32x4.add (local.get 0) (f32x4.mul (local.get 1) (local.get 2))))
      (func (export "f32_acc_last") (param v128 v128 v128) (result v128)
        (f32x4.add (f32x4.mul (local.get 1) (local.get 2)) (local.get 0)))
      (func (export "f64") (param v128 v128 v128) (result v128)
        (f64x2.add (local.get 0) (f64x2.mul (local.get 1) (local.get 2))))
      (func (export "i32") (param v128 v128 v128) (result v128)
        (i32x4.add (i32x4.mul (local.get 1) (local.get 2)) (local.get 0))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let mut call = |name: &str, acc: V128, a: V128, b: V128| -> V128 {
        instance
            .get_typed_func::<(V128, V128, V128), V128>(&store, name)
            .unwrap()
            .call(&mut store, (acc, a, b))
            .unwrap()
    };
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: the product rounds the last term away, so -1 + a * b is 2^-11 (one
    // rounding, as a fused multiply-add would do, keeps it).
    let a = 1.0 + 2f32.powi(-12);
    let acc = [-1.0, 0.5, f32::INFINITY, 3.0];
    let x = [a, 2.0, 1.0, -0.0];
    let y = [a, -0.25, 5.0, 7.0];
    let expected = f32x4([2f32.powi(-11), 0.0, f32::INFINITY, 3.0]);
    assert_ne!(
        a.mul_add(a, -1.0),
        2f32.powi(-11),
        "the case this test is about"
    );
    assert_eq!(
        call("f32_acc_first", f32x4(acc), f32x4(x), f32x4(y)),
        expected
    );
    assert_eq!(
        call("f32_acc_last", f32x4(acc), f32x4(x), f32x4(y)),
        expected
    );
    let a = 1.0 + 2f64.powi(-27);
    assert_eq!(
        call("f64", f64x2([-1.0, 1.5]), f64x2([a, -3.0]), f64x2([a, 0.5])),
        f64x2([2f64.powi(-26), 0.0])
    );
    assert_eq!(
        call(
            "i32",
            v([1, u32::MAX, 7, 0x8000_0000]),
            v([0x1_0001, 3, 0xffff_fffe, 2]),
            v([0x1_0001, 1, 0xffff_fffe, 0x4000_0000])
        ),
        v([0x2_0002, 2, 11, 0])
    );
}
