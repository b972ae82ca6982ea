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

/// Two functions that tail-call each other `n` times, moving their arguments around: `$f8` takes 8 arguments
/// and declares 3 locals (a tail call moves up to 8 arguments and zeroes up to 32 locals inline), `$f9` takes 9
/// and declares 40 (the slower path). Each adds the sum of its locals as it finds them (zero unless a stale frame
/// shows through) into what it passes on, then sets them all. `start` enters `$f8` by a tail call from a frame of
/// one cell, so the arguments move down onto cells they overlap.
fn shuffle_module() -> String {
    let set = |count: usize, first: usize| -> String {
        (first..first + count)
            .map(|k| format!("(local.set {k} (local.get 0))"))
            .collect()
    };
    let sum = |count: usize, first: usize| -> String {
        (first + 1..first + count).fold(format!("(local.get {first})"), |sum, k| {
            format!("(i64.add {sum} (local.get {k}))")
        })
    };
    let args: String = (1..8).map(|k| format!("(local.get {k})")).collect();
    format!(
        r#"(module
  (func (export "start") (param i64) (result i64)
    (return_call $f8 (local.get 0) (i64.add (local.get 0) (i64.const 3)) (i64.const 5) (i64.const 7)
      (i64.const 11) (i64.const 13) (i64.const 17) (i64.const 19)))
  (func $f8 (export "f8") (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64) (local i64 i64 i64) (local $z i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.add (i64.add (i64.add (local.get 1) (local.get 2)) (i64.add (local.get 3) (local.get 4)))
                     (i64.add (i64.add (local.get 5) (local.get 6)) (local.get 7))))
      (else
        (local.set $z {sum8}) {set8}
        (return_call $f9 (i64.sub (local.get 0) (i64.const 1))
          (local.get 2) (local.get 3) (local.get 4) (local.get 5) (local.get 6) (local.get 7)
          (i64.add (local.get 1) (local.get $z)) (local.get 1)))))
  (func $f9 (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64) (local {locals40}) (local $z i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.add (local.get 8) (call $f8 (i64.const 0) {args})))
      (else
        (local.set $z {sum40}) {set40}
        (return_call $f8 (i64.sub (local.get 0) (i64.const 1))
          (i64.add (i64.add (local.get 2) (local.get 8)) (local.get $z))
          (local.get 3) (local.get 4) (local.get 5) (local.get 6) (local.get 7) (local.get 1))))))"#,
        sum8 = sum(3, 8),
        set8 = set(3, 8),
        locals40 = " i64".repeat(40).trim_start(),
        sum40 = sum(40, 9),
        set40 = set(40, 9),
    )
}

/// What `f8(n, args)` of [`shuffle_module`] returns when every function starts with zeroed locals.
fn shuffle_model(mut n: i64, mut args: [i64; 7]) -> i64 {
    loop {
        // $f8
        if n == 0 {
            return args.iter().fold(0_i64, |s, a| s.wrapping_add(*a));
        }
        let [a, b, c, d, e, f, g] = args;
        let (x, nine) = (a, [b, c, d, e, f, g, a]);
        n -= 1;
        // $f9 with (n, nine, x)
        if n == 0 {
            return x.wrapping_add(nine.iter().fold(0_i64, |s, a| s.wrapping_add(*a)));
        }
        let [a, b, c, d, e, f, _] = nine;
        args = [b.wrapping_add(x), c, d, e, f, nine[6], a];
        n -= 1;
    }
}

#[test]
fn tail_calls_move_their_arguments_and_zero_the_callees_locals() {
    let engine = Engine::default();
    let module = Module::new(&engine, shuffle_module()).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f8 = instance
        .get_typed_func::<(i64, i64, i64, i64, i64, i64, i64, i64), i64>(&store, "f8")
        .unwrap();
    let start = instance
        .get_typed_func::<i64, i64>(&store, "start")
        .unwrap();
    let args = [3, 5, 7, 11, 13, 17, 19];
    for n in [0_i64, 1, 2, 3, 10, 1001, 100_000] {
        let [a, b, c, d, e, f, g] = args;
        let got = f8.call(&mut store, (n, a, b, c, d, e, f, g)).unwrap();
        assert_eq!(got, shuffle_model(n, args), "n = {n}");
        let from_start = [n + 3, 5, 7, 11, 13, 17, 19];
        assert_eq!(
            start.call(&mut store, n).unwrap(),
            shuffle_model(n, from_start),
            "start, n = {n}"
        );
    }
}
