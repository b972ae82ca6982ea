//! Tail calls (`return_call`, `return_call_indirect`): the callee replaces the caller's frame, so tail recursion
//! runs in constant value-stack and native-stack space, also through tables, host functions and other instances.

use capvm_core::{Caller, Config, Engine, Linker, Module, Store, StoreLimits, TrapCode};

const MUTUAL: &str = r#"(module
  (type $step (func (param i64 i64) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $even_i $odd_i)
  ;; even(n, acc) and odd(n, acc) call each other n times, counting in acc.
  (func $even (export "even") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $odd (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 1))))))
  (func $odd (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $even (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 1))))))
  ;; The same through the table.
  (func $even_i (export "even_indirect") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call_indirect (type $step)
        (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 1)) (i32.const 1)))))
  (func $odd_i (param $n i64) (param $acc i64) (result i64) (local $pad v128)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call_indirect (type $step)
        (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 1)) (i32.const 0)))))
  ;; An ordinary call recursion of the same depth, which must exhaust the call stack.
  (func $deep (export "deep") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (i64.const 1) (call $deep (i64.sub (local.get $n) (i64.const 1))))))))"#;

/// Limits far below what a million frames would need: 10 000 calls deep, 64 Ki cells of value stack.
fn small_limits() -> Engine {
    let mut config = Config::new();
    config.store_limits(StoreLimits {
        max_call_depth: 10_000,
        max_value_stack: 1 << 16,
        ..StoreLimits::default()
    });
    Engine::new(&config)
}

#[test]
fn a_million_deep_mutual_tail_recursion_runs_in_constant_space() {
    let engine = small_limits();
    let module = Module::new(&engine, MUTUAL).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    for name in ["even", "even_indirect"] {
        let f = instance
            .get_typed_func::<(i64, i64), i64>(&store, name)
            .unwrap();
        assert_eq!(
            f.call(&mut store, (1_000_000, 0)).unwrap(),
            1_000_000,
            "{name}"
        );
    }
    // The control: without tail calls the same depth exhausts the stack.
    let deep = instance.get_typed_func::<i64, i64>(&store, "deep").unwrap();
    let error = deep.call(&mut store, 1_000_000).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn tail_calls_to_host_functions_return_their_results() {
    let engine = small_limits();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "twice" (func $twice (param i32) (result i32 i64)))
          (func $loop (export "loop") (param $n i32) (result i32 i64)
            (if (result i32 i64) (i32.eqz (local.get $n))
              (then (return_call $twice (i32.const 21)))
              (else (return_call $loop (i32.sub (local.get $n) (i32.const 1)))))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "twice", |mut caller: Caller<'_, u32>, x: i32| {
            *caller.data_mut() += 1;
            (x * 2, i64::from(x) << 33)
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance
        .get_typed_func::<i32, (i32, i64)>(&store, "loop")
        .unwrap();
    assert_eq!(f.call(&mut store, 500_000).unwrap(), (42, 21 << 33));
    assert_eq!(*store.data(), 1);
}

#[test]
fn tail_calls_cross_instances_in_constant_space() {
    let engine = small_limits();
    // `ping` (instance A) and `pong` (instance B) tail-call each other: A through the shared table, B through its
    // import. Each counts its calls in its own memory, so a missed instance switch shows in the counts.
    let a = Module::new(
        &engine,
        r#"(module
          (type $t (func (param i32) (result i32)))
          (table (export "tab") 2 funcref)
          (memory (export "mem") 1)
          (elem (i32.const 0) $ping)
          (func $ping (export "ping") (param $n i32) (result i32)
            (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
            (if (result i32) (i32.eqz (local.get $n))
              (then (i32.load (i32.const 0)))
              (else (return_call_indirect (type $t) (i32.sub (local.get $n) (i32.const 1)) (i32.const 1))))))"#,
    )
    .unwrap();
    let b = Module::new(
        &engine,
        r#"(module
          (type $t (func (param i32) (result i32)))
          (import "a" "ping" (func $ping (type $t)))
          (import "a" "tab" (table 2 funcref))
          (memory (export "mem") 1)
          (elem (i32.const 1) $pong)
          (func $pong (param $n i32) (result i32)
            (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
            (return_call $ping (i32.sub (local.get $n) (i32.const 1)))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let a = linker.instantiate(&mut store, &a).unwrap();
    linker.instance(&mut store, "a", a).unwrap();
    let b = linker.instantiate(&mut store, &b).unwrap();
    let ping = a.get_typed_func::<i32, i32>(&store, "ping").unwrap();
    // ping(1_000_000): ping and pong alternate, each taking one off; ping runs 500 001 times and returns its count.
    assert_eq!(ping.call(&mut store, 1_000_000).unwrap(), 500_001);
    let pongs = b.get_memory(&store, "mem").unwrap().data(&store)[..4].to_vec();
    assert_eq!(u32::from_le_bytes(pongs.try_into().unwrap()), 500_000);
}
