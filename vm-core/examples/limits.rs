//! Limits: stopping a guest that runs too long, grows too much or recurses too deep.
//!
//! - **Fuel** (`Config::consume_fuel`, `Store::set_fuel`): an infinite loop traps with "all fuel consumed".
//! - **Epoch deadlines** (`Config::epoch_interruption`, `Store::set_epoch_deadline`, `Engine::increment_epoch`
//!   from a timer thread) and **interrupts** (`Store::interrupt_handle`): both trap with "interrupt".
//! - **A `ResourceLimiter`** (`Store::limiter`) decides every memory growth: it refuses a growth past a cap (the
//!   guest's `memory.grow` gets -1) and stops a greedy guest with an error of its own.
//! - **Call depth** (`StoreLimits::max_call_depth`): deep recursion traps with "call stack exhausted", never
//!   overflowing the host's stack.
//!
//! Each trap is a value the host inspects (`Error::trap_code`, `Error::downcast_ref`), and the store stays
//! usable after it.
//!
//! ```console
//! cargo run -p capvm-core --example limits
//! ```

use std::error::Error;
use std::fmt;
use std::thread;
use std::time::Duration;

use capvm_core::{
    Config, Engine, Instance, Linker, Module, ResourceLimiter, Store, StoreLimits, TrapCode,
};

const GUEST: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages)))
  (func $depth (export "depth") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get $n) (i32.const 1))))))))"#;

/// An engine with `config`, the guest compiled for it, and an instance of it in a new store.
fn instantiate(config: &Config) -> capvm_core::Result<(Store<()>, Instance)> {
    let engine = Engine::new(config);
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    Ok((store, instance))
}

fn fuel() -> Result<(), Box<dyn Error>> {
    let (mut store, instance) = instantiate(Config::new().consume_fuel(true))?;
    let count = instance.get_typed_func::<i32, i32>(&store, "count")?;
    let spin = instance.get_typed_func::<(), ()>(&store, "spin")?;

    store.set_fuel(100_000)?;
    assert_eq!(count.call(&mut store, 1000)?, 1000);
    let used = 100_000 - store.get_fuel()?;
    println!("fuel: count(1000) used {used} units");

    let error = spin
        .call(&mut store, ())
        .expect_err("spin runs out of fuel");
    println!("fuel: spin() stopped: {error}");
    assert_eq!(error.trap_code(), Some(TrapCode::OutOfFuel));

    store.set_fuel(100_000)?; // refuel, and the store runs again
    assert_eq!(count.call(&mut store, 10)?, 10);
    Ok(())
}

fn deadlines() -> Result<(), Box<dyn Error>> {
    let (mut store, instance) = instantiate(Config::new().epoch_interruption(true))?;
    let spin = instance.get_typed_func::<(), ()>(&store, "spin")?;

    // A timer thread advances the engine's epoch; the store's deadline is one tick away.
    store.set_epoch_deadline(1);
    let engine = store.engine().clone();
    let timer = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        engine.increment_epoch();
    });
    let error = spin.call(&mut store, ()).expect_err("the deadline passes");
    timer.join().map_err(|_| "the timer thread panicked")?;
    println!("epoch deadline: spin() stopped: {error}");
    assert_eq!(error.trap_code(), Some(TrapCode::Interrupt));

    // An interrupt handle stops the store's running call from another thread.
    store.set_epoch_deadline(u64::MAX);
    let handle = store.interrupt_handle();
    let interrupter = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let error = spin
        .call(&mut store, ())
        .expect_err("the call is interrupted");
    interrupter
        .join()
        .map_err(|_| "the interrupting thread panicked")?;
    println!("interrupt handle: spin() stopped: {error}");
    assert_eq!(error.trap_code(), Some(TrapCode::Interrupt));
    Ok(())
}

/// Memories may grow to `max_bytes`; asking for more than `stop_above` stops the guest.
struct MemoryCap {
    max_bytes: usize,
    stop_above: usize,
}

/// The error that stops a guest asking for far too much memory.
#[derive(Debug)]
struct TooGreedy {
    desired: usize,
}

impl fmt::Display for TooGreedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the guest asked for {} bytes of memory", self.desired)
    }
}

impl Error for TooGreedy {}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> capvm_core::Result<bool> {
        if desired > self.stop_above {
            return Err(capvm_core::Error::host(TooGreedy { desired }));
        }
        Ok(desired <= self.max_bytes)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _maximum: Option<usize>,
    ) -> capvm_core::Result<bool> {
        Ok(true)
    }
}

fn limiter() -> Result<(), Box<dyn Error>> {
    const PAGE: usize = 65_536;
    let cap = MemoryCap {
        max_bytes: 4 * PAGE,
        stop_above: 1024 * PAGE,
    };
    // The limiter must be installed before instantiation to be asked for the guest's initial memory too.
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, cap);
    store.limiter(|cap| cap);
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let grow = instance.get_typed_func::<i32, i32>(&store, "grow")?;

    assert_eq!(grow.call(&mut store, 3)?, 1); // 1 -> 4 pages: allowed, returns the old size
    assert_eq!(grow.call(&mut store, 1)?, -1); // a fifth page: refused, the guest sees -1
    println!("limiter: grow(3) = 1, then grow(1) = -1 (capped at 4 pages)");

    let error = grow
        .call(&mut store, 5000)
        .expect_err("the limiter stops the guest");
    let greedy = error
        .downcast_ref::<TooGreedy>()
        .ok_or(format!("unexpected error {error}"))?;
    println!("limiter: grow(5000) stopped: {greedy}");
    assert_eq!(greedy.desired, 5004 * PAGE);
    Ok(())
}

fn call_depth() -> Result<(), Box<dyn Error>> {
    let (mut store, instance) = instantiate(&Config::new())?;
    store.set_limits(StoreLimits {
        max_call_depth: 1000,
        ..store.limits()
    });
    let depth = instance.get_typed_func::<i32, i32>(&store, "depth")?;

    assert_eq!(depth.call(&mut store, 500)?, 500);
    let error = depth
        .call(&mut store, 100_000)
        .expect_err("the recursion is too deep");
    let frames = error.backtrace().map_or(0, |b| b.total());
    println!("call depth: depth(500) = 500; depth(100000) stopped: {error} ({frames} frames)");
    assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow));
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    fuel()?;
    deadlines()?;
    limiter()?;
    call_depth()?;
    Ok(())
}
