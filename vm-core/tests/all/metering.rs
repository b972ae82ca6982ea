//! Stopping a runaway guest: fuel, epoch deadlines, interrupt handles, and the native-stack budget of nested
//! executions.

use std::time::{Duration, Instant};

use capvm_core::{Caller, Config, Engine, Linker, Module, Store, TrapCode};

use super::instantiate;

const SPIN: &str = r#"(module
  (func (export "spin") (loop $l (br $l)))
  (func (export "count") (param i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $i))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
  (memory (export "mem") 1)
  (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0))))"#;

fn fuel_engine() -> Engine {
    let mut config = Config::new();
    config.consume_fuel(true);
    Engine::new(&config)
}

fn epoch_engine() -> Engine {
    let mut config = Config::new();
    config.epoch_interruption(true);
    Engine::new(&config)
}

#[test]
fn an_infinite_loop_runs_out_of_fuel_and_the_store_stays_usable() {
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    store.set_fuel(10_000).unwrap();
    let spin = instance.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let error = spin.call(&mut store, ()).expect_err("runs out of fuel");
    assert_eq!(error.trap_code(), Some(TrapCode::OutOfFuel));
    assert_eq!(error.to_string(), "wasm trap: all fuel consumed");
    assert!(store.get_fuel().unwrap() < 10);

    // After refuelling, the same store runs other code to completion.
    store.set_fuel(1_000_000).unwrap();
    let count = instance
        .get_typed_func::<i32, i32>(&store, "count")
        .unwrap();
    assert_eq!(count.call(&mut store, 1000).unwrap(), 1000);
}

#[test]
fn fuel_is_charged_per_operator_and_is_deterministic() {
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    let count = instance
        .get_typed_func::<i32, i32>(&store, "count")
        .unwrap();
    let mut used = Vec::new();
    for n in [1, 2, 3, 100] {
        store.set_fuel(u64::MAX).unwrap();
        assert_eq!(count.call(&mut store, n).unwrap(), n);
        used.push(u64::MAX - store.get_fuel().unwrap());
    }
    // Each iteration runs the same 8 charged operators (local.get, i32.const, i32.add, local.set, local.get,
    // local.get, i32.lt_u, br_if).
    assert_eq!(used[1] - used[0], 8, "{used:?}");
    assert_eq!(used[2] - used[1], 8, "{used:?}");
    assert_eq!(used[3] - used[0], 99 * 8, "{used:?}");
    // The same call costs the same every time.
    store.set_fuel(u64::MAX).unwrap();
    count.call(&mut store, 100).unwrap();
    assert_eq!(u64::MAX - store.get_fuel().unwrap(), used[3]);
}

#[test]
fn a_call_needs_exactly_its_cost_in_fuel() {
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    let count = instance
        .get_typed_func::<i32, i32>(&store, "count")
        .unwrap();
    store.set_fuel(u64::MAX).unwrap();
    count.call(&mut store, 50).unwrap();
    let cost = u64::MAX - store.get_fuel().unwrap();
    store.set_fuel(cost).unwrap();
    assert_eq!(count.call(&mut store, 50).unwrap(), 50);
    assert_eq!(store.get_fuel().unwrap(), 0);
    store.set_fuel(cost - 1).unwrap();
    let error = count.call(&mut store, 50).expect_err("one unit short");
    assert_eq!(error.trap_code(), Some(TrapCode::OutOfFuel));
}

#[test]
fn recursion_consumes_fuel() {
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    let rec = instance.get_typed_func::<i32, i32>(&store, "rec").unwrap();
    store.set_fuel(100).unwrap();
    let error = rec
        .call(&mut store, 10_000)
        .expect_err("100 units are not enough");
    assert_eq!(error.trap_code(), Some(TrapCode::OutOfFuel));
    store.set_fuel(1_000_000).unwrap();
    assert_eq!(rec.call(&mut store, 1000).unwrap(), 1000);
}

/// Security checklist item 26: fuel for a bulk operation is checked once, before it starts, so running out
/// leaves memory as it was.
#[test]
fn bulk_operations_cost_their_length_and_are_checked_before_they_start() {
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    let fill = instance.get_typed_func::<i32, ()>(&store, "fill").unwrap();
    let memory = instance.get_memory(&store, "mem").unwrap();
    store.set_fuel(u64::MAX).unwrap();
    fill.call(&mut store, 100).unwrap();
    let cost_100 = u64::MAX - store.get_fuel().unwrap();
    store.set_fuel(u64::MAX).unwrap();
    fill.call(&mut store, 1100).unwrap();
    let cost_1100 = u64::MAX - store.get_fuel().unwrap();
    assert_eq!(cost_1100 - cost_100, 1000);

    memory.data_mut(&mut store).fill(0);
    store.set_fuel(5000).unwrap();
    let error = fill
        .call(&mut store, 65_536)
        .expect_err("a page costs more than 5000");
    assert_eq!(error.trap_code(), Some(TrapCode::OutOfFuel));
    // Nothing was written: the charge comes before the operation.
    assert!(memory.data(&store).iter().all(|&b| b == 0));
}

#[test]
fn a_64_bit_length_is_charged_whole() {
    // Regression: the charge read only the low 32 bits of a memory64 length, so 2^32 + 1 bytes cost 1 unit.
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module (memory i64 1)
          (func (export "fill") (param i64) (memory.fill (i64.const 0) (i32.const 7) (local.get 0))))"#,
    );
    let fill = instance.get_typed_func::<i64, ()>(&store, "fill").unwrap();
    store.set_fuel(u64::MAX).unwrap();
    fill.call(&mut store, 10).unwrap();
    let cost_10 = u64::MAX - store.get_fuel().unwrap();
    store.set_fuel(u64::MAX).unwrap();
    fill.call(&mut store, 1010).unwrap();
    assert_eq!(u64::MAX - store.get_fuel().unwrap() - cost_10, 1000);
    // Out of bounds, but first too expensive: the charge comes before the operation.
    store.set_fuel(1 << 20).unwrap();
    let error = fill.call(&mut store, (1 << 32) + 1).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::OutOfFuel));
    // With enough fuel the same call reaches the bounds check.
    store.set_fuel(u64::MAX).unwrap();
    let error = fill.call(&mut store, (1 << 32) + 1).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    // A length no memory of the store can have (the default limit is 2^16 pages, 2^32 bytes) is charged as
    // that largest size: it is out of bounds, not too expensive, with fuel for a largest memory.
    store.set_fuel(1 << 33).unwrap();
    let error = fill.call(&mut store, -1).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    let charged = (1 << 33) - store.get_fuel().unwrap();
    assert!((1 << 32..(1 << 32) + 100).contains(&charged), "{charged}");
}

#[test]
fn host_calls_cost_fuel_and_see_it() {
    let engine = fuel_engine();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "fuel" (func $fuel (result i64)))
          (func (export "run") (result i64) (call $fuel)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "fuel", |caller: Caller<'_, ()>| {
            caller.get_fuel().unwrap() as i64
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<(), i64>(&store, "run").unwrap();
    store.set_fuel(1000).unwrap();
    // The call instruction is the function's only charged operator: the host sees 999.
    assert_eq!(run.call(&mut store, ()).unwrap(), 999);
    assert_eq!(store.get_fuel().unwrap(), 999);
}

#[test]
fn fuel_needs_the_engine_option() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    assert!(store.set_fuel(1).is_err());
    assert!(store.get_fuel().is_err());
}

#[test]
fn an_epoch_deadline_stops_an_infinite_loop() {
    let engine = epoch_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    store.set_epoch_deadline(1);
    let spin = instance.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            engine.increment_epoch();
        })
    };
    let error = spin.call(&mut store, ()).expect_err("the deadline passes");
    ticker.join().unwrap();
    assert_eq!(error.trap_code(), Some(TrapCode::Interrupt));
    assert_eq!(error.to_string(), "wasm trap: interrupt");
    // A passed deadline stays passed until it is moved.
    let count = instance
        .get_typed_func::<i32, i32>(&store, "count")
        .unwrap();
    assert_eq!(
        count.call(&mut store, 5).unwrap_err().trap_code(),
        Some(TrapCode::Interrupt)
    );
    store.set_epoch_deadline(1);
    assert_eq!(count.call(&mut store, 5).unwrap(), 5);
}

#[test]
fn deep_recursion_is_interrupted_at_function_entry() {
    let engine = epoch_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    store.set_epoch_deadline(0);
    let rec = instance.get_typed_func::<i32, i32>(&store, "rec").unwrap();
    let error = rec
        .call(&mut store, 3)
        .expect_err("deadline already reached");
    assert_eq!(error.trap_code(), Some(TrapCode::Interrupt));
}

#[test]
fn an_interrupt_handle_stops_a_call_from_another_thread_once() {
    let engine = epoch_engine();
    let (mut store, instance) = instantiate(&engine, SPIN);
    let handle = store.interrupt_handle();
    let spin = instance.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let interrupter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let error = spin.call(&mut store, ()).expect_err("interrupted");
    interrupter.join().unwrap();
    assert_eq!(error.trap_code(), Some(TrapCode::Interrupt));
    // The request was delivered: the store runs again.
    let count = instance
        .get_typed_func::<i32, i32>(&store, "count")
        .unwrap();
    assert_eq!(count.call(&mut store, 5).unwrap(), 5);
}

#[test]
fn a_host_sleep_is_cut_short_by_an_interrupt() {
    let engine = epoch_engine();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "sleep" (func $sleep))
          (func (export "run") (call $sleep)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "sleep",
            |mut caller: Caller<'_, ()>| -> capvm_core::Result<()> {
                caller.sleep(Duration::from_secs(60))
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<(), ()>(&store, "run").unwrap();
    let handle = store.interrupt_handle();
    let started = Instant::now();
    let interrupter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let error = run.call(&mut store, ()).expect_err("interrupted");
    interrupter.join().unwrap();
    assert_eq!(error.trap_code(), Some(TrapCode::Interrupt));
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn without_the_option_no_checks_are_made() {
    // The default engine emits no checks: a deadline of 0 does not stop a finite loop.
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, SPIN);
    store.set_epoch_deadline(0);
    engine.increment_epoch();
    let count = instance
        .get_typed_func::<i32, i32>(&store, "count")
        .unwrap();
    assert_eq!(count.call(&mut store, 1000).unwrap(), 1000);
}

const REENTER: &str = r#"(module
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $reenter (i32.sub (local.get 0) (i32.const 1)))))))"#;

/// Guest -> host -> guest re-entry `depth` levels deep with default limits, on a thread with `stack` bytes of
/// native stack.
fn reenter(depth: i32, stack: usize) -> capvm_core::Result<i32> {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let engine = Engine::default();
            let module = Module::new(&engine, REENTER).unwrap();
            let mut store = Store::new(&engine, ());
            let mut linker = Linker::new(&engine);
            linker
                .func_wrap(
                    "host",
                    "reenter",
                    |mut caller: Caller<'_, ()>, n: i32| -> capvm_core::Result<i32> {
                        let Some(capvm_core::Extern::Func(down)) = caller.get_export("down") else {
                            panic!("no export");
                        };
                        let down = down.typed::<i32, i32>(&caller)?;
                        Ok(down.call(&mut caller, n)? + 1)
                    },
                )
                .unwrap();
            let instance = linker.instantiate(&mut store, &module).unwrap();
            let down = instance.get_typed_func::<i32, i32>(&store, "down").unwrap();
            down.call(&mut store, depth)
        })
        .unwrap()
        .join()
        .expect("no native stack overflow")
}

#[test]
fn deep_host_reentry_ends_in_a_trap_not_a_stack_overflow() {
    for stack in [2 << 20, 8 << 20] {
        let error = reenter(100_000, stack).expect_err("too deep");
        assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow), "{error}");
    }
    // Moderate re-entry still works.
    assert_eq!(reenter(200, 2 << 20).unwrap(), 200);
}

#[test]
fn a_waiting_host_function_sees_the_probe_and_stops_the_guest() {
    let engine = epoch_engine();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "wait" (func $wait))
          (func (export "run") (call $wait)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "wait",
            |mut caller: Caller<'_, ()>| -> capvm_core::Result<()> {
                let probe = caller
                    .interrupt_probe()
                    .expect("the engine checks for interrupts");
                // Stands for waiting on something outside the store, from another thread.
                let waiter = std::thread::spawn(move || {
                    let started = Instant::now();
                    while !probe.is_due() && started.elapsed() < Duration::from_secs(30) {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                });
                waiter.join().unwrap();
                caller.check_interrupt()
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<(), ()>(&store, "run").unwrap();
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            engine.increment_epoch();
        })
    };
    let started = Instant::now();
    let error = run.call(&mut store, ()).expect_err("the deadline passes");
    ticker.join().unwrap();
    assert_eq!(error.trap_code(), Some(TrapCode::Interrupt));
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// Security checklist item 24: a loop whose body is one 4 GiB `memory.fill` is stopped by fuel (charged per
/// byte, before the fill starts), not after gigabytes of writes.
#[test]
fn a_loop_of_4_gib_fills_runs_out_of_fuel_before_writing() {
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (memory (export "mem") 65536)
          (func (export "fill_forever")
            (loop $l
              (memory.fill (i32.const 0) (i32.const 1) (i32.const -1))
              (br $l))))"#,
    );
    store.set_fuel(1_000_000).unwrap();
    let fill = instance
        .get_typed_func::<(), ()>(&store, "fill_forever")
        .unwrap();
    let started = Instant::now();
    let error = fill.call(&mut store, ()).expect_err("out of fuel");
    assert_eq!(error.trap_code(), Some(TrapCode::OutOfFuel));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let memory = instance.get_memory(&store, "mem").unwrap();
    assert_eq!(memory.data(&store)[0], 0, "the fill never started");
}

#[test]
fn unwinding_an_exception_costs_a_unit_per_frame() {
    // The two functions recurse alike; one returns from the bottom, the other throws, caught at the top. The
    // way down costs the same; the way up costs nothing for returns (`end` is free) and one unit a frame for the
    // exception.
    let engine = fuel_engine();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (tag $e)
          (func $ret (param i32)
            (if (i32.eqz (local.get 0)) (then (return)))
            (call $ret (i32.sub (local.get 0) (i32.const 1))))
          (func $throw (param i32)
            (if (i32.eqz (local.get 0)) (then (throw $e)))
            (call $throw (i32.sub (local.get 0) (i32.const 1))))
          (func (export "ret") (param i32) (call $ret (local.get 0)))
          (func (export "throw") (param i32)
            (block $c (try_table (catch $e $c) (call $throw (local.get 0))))))"#,
    );
    let mut cost = |name: &str, depth: i32| {
        let f = instance.get_typed_func::<i32, ()>(&store, name).unwrap();
        store.set_fuel(1 << 40).unwrap();
        f.call(&mut store, depth).unwrap();
        (1 << 40) - store.get_fuel().unwrap()
    };
    let returns = cost("ret", 1010) - cost("ret", 10);
    let throws = cost("throw", 1010) - cost("throw", 10);
    assert_eq!(throws - returns, 1000);
}
