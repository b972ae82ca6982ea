//! `Linker::module` and `Linker::get_default`: commands run every call in a fresh instance, reactors are
//! instantiated (and initialized) once, as wasmtime does it.

use capvm_core::{Caller, Engine, ErrorKind, Linker, Module, Store, TrapCode};

/// A command: `_start` plus exports that count in a global. The start function (the wasm `start` section) sets
/// the counter to 10 and tells the host, so each instantiation shows up in the store's data.
const COMMAND: &str = r#"(module
  (import "host" "instantiated" (func $instantiated))
  (global $count (mut i32) (i32.const 0))
  (memory (export "memory") 1)
  (func $init (global.set $count (i32.const 10)) (call $instantiated))
  (start $init)
  (func (export "_start") (global.set $count (i32.add (global.get $count) (i32.const 1))))
  (func (export "count") (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "boom") unreachable))"#;

/// A reactor: `_initialize` sets the counter to 100 and tells the host.
const REACTOR: &str = r#"(module
  (import "host" "initialized" (func $initialized))
  (global $count (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $count (i32.const 100)) (call $initialized))
  (func (export "count") (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count)))"#;

/// How often the host functions were called.
#[derive(Debug, Default)]
struct Seen {
    instantiated: u32,
    initialized: u32,
}

fn linker(engine: &Engine) -> Linker<Seen> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "instantiated", |mut caller: Caller<'_, Seen>| {
            caller.data_mut().instantiated += 1;
        })
        .unwrap();
    linker
        .func_wrap("host", "initialized", |mut caller: Caller<'_, Seen>| {
            caller.data_mut().initialized += 1;
        })
        .unwrap();
    linker
}

fn count(linker: &Linker<Seen>, store: &mut Store<Seen>, module: &str) -> i32 {
    let func = linker
        .get(&mut *store, module, "count")
        .and_then(|e| e.into_func())
        .expect("`count` is defined");
    func.typed::<(), i32>(&*store)
        .unwrap()
        .call(&mut *store, ())
        .unwrap()
}

#[test]
fn a_command_runs_every_call_in_a_fresh_instance() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Seen::default());
    let mut linker = linker(&engine);
    let module = Module::new(&engine, COMMAND).unwrap();
    linker.module(&mut store, "cmd", &module).unwrap();
    // Nothing is instantiated when the command is defined.
    assert_eq!(store.data().instantiated, 0);

    // State does not persist: each call starts from the start function's 10.
    for calls in 1..=3 {
        assert_eq!(count(&linker, &mut store, "cmd"), 11);
        assert_eq!(store.data().instantiated, calls);
    }
    // Parameters and results pass through.
    let add = linker
        .get(&mut store, "cmd", "add")
        .unwrap()
        .into_func()
        .unwrap();
    let add = add.typed::<(i32, i32), i32>(&store).unwrap();
    assert_eq!(add.call(&mut store, (20, 22)).unwrap(), 42);
    assert_eq!(store.data().instantiated, 4);
    // The exported memory is allowed, but not defined (it belongs to no instance that outlives a call).
    assert!(linker.get(&mut store, "cmd", "memory").is_none());
    assert_eq!(store.data().initialized, 0);
}

#[test]
fn a_command_traps_like_its_export() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Seen::default());
    let mut linker = linker(&engine);
    let module = Module::new(&engine, COMMAND).unwrap();
    linker.module(&mut store, "cmd", &module).unwrap();
    let boom = linker
        .get(&mut store, "cmd", "boom")
        .unwrap()
        .into_func()
        .unwrap();
    let error = boom
        .typed::<(), ()>(&store)
        .unwrap()
        .call(&mut store, ())
        .expect_err("unreachable");
    assert_eq!(error.trap_code(), Some(TrapCode::UnreachableCodeReached));
    // The store is fine afterwards.
    assert_eq!(count(&linker, &mut store, "cmd"), 11);
}

#[test]
fn a_reactor_is_instantiated_and_initialized_once_and_keeps_its_state() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Seen::default());
    let mut linker = linker(&engine);
    let module = Module::new(&engine, REACTOR).unwrap();
    linker.module(&mut store, "lib", &module).unwrap();
    assert_eq!(
        store.data().initialized,
        1,
        "`_initialize` ran when the reactor was defined"
    );
    assert_eq!(count(&linker, &mut store, "lib"), 101);
    assert_eq!(count(&linker, &mut store, "lib"), 102);
    assert_eq!(count(&linker, &mut store, "lib"), 103);
    assert_eq!(store.data().initialized, 1, "and only then");
}

#[test]
fn a_module_with_neither_entry_is_a_reactor_without_initialization() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let module = Module::new(
        &engine,
        r#"(module (global $g (mut i32) (i32.const 5))
             (func (export "bump") (result i32)
               (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))"#,
    )
    .unwrap();
    linker.module(&mut store, "plain", &module).unwrap();
    let bump = linker
        .get(&mut store, "plain", "bump")
        .unwrap()
        .into_func()
        .unwrap();
    let bump = bump.typed::<(), i32>(&store).unwrap();
    assert_eq!(bump.call(&mut store, ()).unwrap(), 6);
    assert_eq!(bump.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn other_modules_import_from_commands_and_reactors() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Seen::default());
    let mut linker = linker(&engine);
    linker
        .module(&mut store, "cmd", &Module::new(&engine, COMMAND).unwrap())
        .unwrap();
    linker
        .module(&mut store, "lib", &Module::new(&engine, REACTOR).unwrap())
        .unwrap();
    let user = Module::new(
        &engine,
        r#"(module
          (import "cmd" "count" (func $cmd_count (result i32)))
          (import "lib" "count" (func $lib_count (result i32)))
          ;; Twice each: the command forgets, the reactor remembers.
          (func (export "run") (result i32 i32)
            (drop (call $cmd_count))
            (drop (call $lib_count))
            (call $cmd_count)
            (call $lib_count)))"#,
    )
    .unwrap();
    let instance = linker.instantiate(&mut store, &user).unwrap();
    let run = instance
        .get_typed_func::<(), (i32, i32)>(&store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), (11, 102));
    assert_eq!(store.data().instantiated, 2);
}

#[test]
fn a_command_resolves_its_imports_when_defined() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Seen::default());
    let mut linker = Linker::new(&engine); // no "host" functions
    let module = Module::new(&engine, COMMAND).unwrap();
    let error = linker.module(&mut store, "cmd", &module).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Link(_)), "{error}");
    assert!(error.to_string().contains("host::instantiated"), "{error}");
}

#[test]
fn a_module_cannot_be_both_a_command_and_a_reactor() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let module = Module::new(
        &engine,
        r#"(module (func (export "_start")) (func (export "_initialize")))"#,
    )
    .unwrap();
    let error = linker.module(&mut store, "both", &module).unwrap_err();
    assert!(
        error.to_string().contains("both a Command and a Reactor"),
        "{error}"
    );
    let module = Module::new(
        &engine,
        r#"(module (global (export "_start") i32 (i32.const 0)))"#,
    )
    .unwrap();
    let error = linker.module(&mut store, "bad", &module).unwrap_err();
    assert!(error.to_string().contains("must be a function"), "{error}");
}

#[test]
fn a_command_may_only_export_functions_and_toolchain_items() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let wat = r#"(module
      (func (export "_start"))
      (global (export "__heap_base") i32 (i32.const 1024))
      (global (export "answer") i32 (i32.const 42)))"#;
    let module = Module::new(&engine, wat).unwrap();
    let mut linker = Linker::new(&engine);
    let error = linker.module(&mut store, "cmd", &module).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("command export `answer` is not a function"),
        "{error}"
    );
    let mut linker = Linker::new(&engine);
    linker.allow_unknown_exports(true);
    linker.module(&mut store, "cmd", &module).unwrap();
    assert!(linker.get(&mut store, "cmd", "_start").is_some());
    assert!(linker.get(&mut store, "cmd", "answer").is_none());
}

#[test]
fn a_reactor_initializer_that_traps_fails_the_definition() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let module = Module::new(
        &engine,
        r#"(module (func (export "_initialize") unreachable) (func (export "f")))"#,
    )
    .unwrap();
    let error = linker.module(&mut store, "lib", &module).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::UnreachableCodeReached));
    assert!(linker.get(&mut store, "lib", "f").is_none());
}

#[test]
fn get_default_finds_the_empty_name_then_start_then_a_no_op() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Seen::default());
    let mut linker = linker(&engine);

    // A command's default is its `_start`, in a fresh instance per call.
    linker
        .module(&mut store, "cmd", &Module::new(&engine, COMMAND).unwrap())
        .unwrap();
    let main = linker.get_default(&mut store, "cmd").unwrap();
    main.typed::<(), ()>(&store)
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    main.typed::<(), ()>(&store)
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(store.data().instantiated, 2);

    // The `""` export wins over `_start`.
    let module = Module::new(
        &engine,
        r#"(module (func (export "") (result i32) (i32.const 1))
                   (func (export "_start")))"#,
    )
    .unwrap();
    linker.module(&mut store, "both", &module).unwrap();
    let main = linker.get_default(&mut store, "both").unwrap();
    let main = main.typed::<(), i32>(&store).unwrap();
    assert_eq!(main.call(&mut store, ()).unwrap(), 1);

    // A reactor without either: a function that does nothing.
    linker
        .module(&mut store, "lib", &Module::new(&engine, REACTOR).unwrap())
        .unwrap();
    let main = linker.get_default(&mut store, "lib").unwrap();
    main.typed::<(), ()>(&store)
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(
        count(&linker, &mut store, "lib"),
        101,
        "the no-op touched nothing"
    );
    // So is an undefined module name, as in wasmtime.
    linker.get_default(&mut store, "nowhere").unwrap();

    // A default export that is not a function is an error.
    let module = Module::new(&engine, r#"(module (memory (export "") 1))"#).unwrap();
    linker.module(&mut store, "mem", &module).unwrap();
    let error = linker.get_default(&mut store, "mem").unwrap_err();
    assert!(error.to_string().contains("not a function"), "{error}");
}

#[test]
fn a_command_counts_against_the_store_instance_limit() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Seen::default());
    store.set_limits(capvm_core::StoreLimits {
        max_instances: 2,
        ..capvm_core::StoreLimits::default()
    });
    let mut linker = linker(&engine);
    linker
        .module(&mut store, "cmd", &Module::new(&engine, COMMAND).unwrap())
        .unwrap();
    assert_eq!(count(&linker, &mut store, "cmd"), 11);
    assert_eq!(count(&linker, &mut store, "cmd"), 11);
    let func = linker
        .get(&mut store, "cmd", "count")
        .unwrap()
        .into_func()
        .unwrap();
    let error = func
        .typed::<(), i32>(&store)
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");
}
