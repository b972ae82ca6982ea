//! The `capvm_core` glue: a WAT guest calling WASI through `add_to_linker`;
//! and, in modules, the public API driven through the `call` dispatcher.

// In a folder so that cargo does not build it as a test binary of its own.
#[path = "linker/fileperms.rs"]
mod fileperms;

use capvm_core::{Engine, Linker, Module, Store};
use capvm_wasi::{I32Exit, OutputBuffer, WasiCtx, WasiCtxBuilder, WasiTrap};

struct State {
    wasi: WasiCtx,
}

fn run(wat: &str, stdout: &OutputBuffer) -> capvm_core::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).expect("valid wat"))?;
    let mut linker: Linker<State> = Linker::new(&engine);
    capvm_wasi::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi)?;
    let wasi = WasiCtxBuilder::new()
        .arg("guest")
        .stdout(stdout.clone())
        .build()
        .expect("ctx");
    let mut store = Store::new(&engine, State { wasi });
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    start.call(&mut store, ())
}

const HELLO: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (if (i32.ne (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (i32.const 0))
      (then unreachable))
    (if (i32.ne (i32.load (i32.const 8)) (i32.const 6)) (then unreachable))
    (call $proc_exit (i32.const 7))
    unreachable))
"#;

#[test]
fn hello_world_then_exit() {
    let stdout = OutputBuffer::new(1024);
    let err = run(HELLO, &stdout).expect_err("proc_exit stops the guest");
    assert_eq!(err.downcast_ref::<I32Exit>(), Some(&I32Exit(7)), "{err}");
    assert_eq!(stdout.contents(), b"hello\n");
}

#[test]
fn bad_pointer_traps() {
    let wat = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 65530) (i32.const 1) (i32.const 8)))))
"#;
    let stdout = OutputBuffer::new(1024);
    let err = run(wat, &stdout).expect_err("out-of-bounds iovec traps");
    assert!(
        matches!(err.downcast_ref::<WasiTrap>(), Some(WasiTrap::Fault(_))),
        "{err}"
    );
}

#[test]
fn errno_is_returned_and_sizes_are_written() {
    let wat = r#"
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; badf (8) for a descriptor that was never opened
    (if (i32.ne (call $fd_close (i32.const 42)) (i32.const 8)) (then unreachable))
    (if (i32.ne (call $sizes (i32.const 0) (i32.const 4)) (i32.const 0)) (then unreachable))
    ;; one argument, "guest\0"
    (if (i32.ne (i32.load (i32.const 0)) (i32.const 1)) (then unreachable))
    (if (i32.ne (i32.load (i32.const 4)) (i32.const 6)) (then unreachable))))
"#;
    run(wat, &OutputBuffer::new(16)).expect("guest runs to completion");
}

#[test]
fn all_imports_link() {
    let engine = Engine::default();
    let mut linker: Linker<State> = Linker::new(&engine);
    capvm_wasi::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi).expect("register");
    let mut store = Store::new(
        &engine,
        State {
            wasi: WasiCtxBuilder::new().build().expect("ctx"),
        },
    );
    for f in capvm_wasi::FUNCTIONS {
        let item = linker.get(&mut store, capvm_wasi::MODULE, f.name);
        let func = item.and_then(capvm_core::Extern::into_func).expect(f.name);
        let ty = func.ty(&store);
        assert_eq!(ty.params().len(), f.params.len(), "{}", f.name);
        assert_eq!(
            ty.results().len(),
            usize::from(f.returns_errno),
            "{}",
            f.name
        );
    }
}

/// A guest that sleeps 60 s in `poll_oneoff` and, if woken early, spins forever.
const SLEEP_THEN_SPIN: &str = r#"
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; one subscription: the monotonic clock, 60 s from now
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 60000000000))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))
    (loop $l (br $l))))
"#;

#[test]
fn the_stores_interrupt_handle_cuts_a_sleep_short_and_stops_the_guest() {
    let mut config = capvm_core::Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wat::parse_str(SLEEP_THEN_SPIN).unwrap()).unwrap();
    let mut linker: Linker<State> = Linker::new(&engine);
    capvm_wasi::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi).unwrap();
    // No WASI interrupt flag: only the store's own interrupt handle.
    let wasi = WasiCtxBuilder::new().build().unwrap();
    let mut store = Store::new(&engine, State { wasi });
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap();
    let handle = store.interrupt_handle();
    let interrupter = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let started = std::time::Instant::now();
    let error = start.call(&mut store, ()).expect_err("interrupted");
    interrupter.join().unwrap();
    assert_eq!(
        error.trap_code(),
        Some(capvm_core::TrapCode::Interrupt),
        "{error}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_default_context_grants_nothing_and_errors_compose_with_question_marks()
-> capvm_core::Result<()> {
    // `?` on the WASI builder's error inside a function returning capvm_core::Result.
    let _built = WasiCtxBuilder::new().env("K", "V").build()?;
    let invalid =
        (|| -> capvm_core::Result<WasiCtx> { Ok(WasiCtxBuilder::new().env("", "x").build()?) })();
    assert!(invalid.is_err());
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "counts") (result i32)
            (drop (call $sizes (i32.const 0) (i32.const 4)))
            (drop (call $args (i32.const 8) (i32.const 12)))
            (i32.add (i32.load (i32.const 0)) (i32.load (i32.const 8)))))"#,
    )?;
    let mut linker: Linker<State> = Linker::new(&engine);
    capvm_wasi::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi)?;
    let mut store = Store::new(
        &engine,
        State {
            wasi: WasiCtx::default(),
        },
    );
    let instance = linker.instantiate(&mut store, &module)?;
    let counts = instance.get_typed_func::<(), i32>(&store, "counts")?;
    assert_eq!(
        counts.call(&mut store, ())?,
        0,
        "no variables and no arguments"
    );
    Ok(())
}
