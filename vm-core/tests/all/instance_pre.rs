//! `Linker::instantiate_pre` and `InstancePre`: imports resolved and type-checked once, instantiated many times,
//! in any store for host functions, only in their own store for store items.

use capvm_core::{
    Caller, Config, Engine, ErrorKind, Extern, Global, GlobalType, Linker, Memory, MemoryType,
    Module, Mutability, Store, Val, ValType,
};

/// Counts its instances in the store's data (through its start function) and its own calls in a global.
const GUEST: &str = r#"(module
  (import "host" "hello" (func $hello (result i32)))
  (global $calls (mut i32) (i32.const 0))
  (global $id (mut i32) (i32.const 0))
  (func $start (global.set $id (call $hello)))
  (start $start)
  (func (export "id") (result i32) (global.get $id))
  (func (export "call") (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (global.get $calls)))"#;

/// Host functions that number the instances of a store.
fn linker(engine: &Engine) -> Linker<i32> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "hello", |mut caller: Caller<'_, i32>| {
            *caller.data_mut() += 1;
            *caller.data()
        })
        .unwrap();
    linker
}

#[test]
fn one_instance_pre_instantiates_three_times_in_one_store_and_once_in_another() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let pre = linker(&engine).instantiate_pre(&module).unwrap();
    assert_eq!(
        pre.module()
            .exports()
            .map(|e| e.name().to_string())
            .collect::<Vec<_>>(),
        ["id", "call"]
    );

    let mut store = Store::new(&engine, 0);
    let instances: Vec<_> = (0..3)
        .map(|_| pre.instantiate(&mut store).unwrap())
        .collect();
    assert_eq!(*store.data(), 3);
    for (i, instance) in instances.iter().enumerate() {
        let id = instance.get_typed_func::<(), i32>(&store, "id").unwrap();
        assert_eq!(id.call(&mut store, ()).unwrap(), i as i32 + 1);
    }
    // Each instance has its own state.
    let call = |store: &mut Store<i32>, i: usize| {
        let f = instances[i]
            .get_typed_func::<(), i32>(&*store, "call")
            .unwrap();
        f.call(store, ()).unwrap()
    };
    assert_eq!(call(&mut store, 0), 1);
    assert_eq!(call(&mut store, 0), 2);
    assert_eq!(call(&mut store, 1), 1);
    assert_eq!(call(&mut store, 2), 1);

    // The host function is created in the other store too.
    let mut other = Store::new(&engine, 100);
    let instance = pre.clone().instantiate(&mut other).unwrap();
    let id = instance.get_typed_func::<(), i32>(&other, "id").unwrap();
    assert_eq!(id.call(&mut other, ()).unwrap(), 101);
    assert_eq!(*store.data(), 3, "the first store is untouched");
}

#[test]
fn import_errors_are_found_by_instantiate_pre() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();

    let error = Linker::<i32>::new(&engine)
        .instantiate_pre(&module)
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Link(_)), "{error}");
    assert!(
        error.to_string().contains("unknown import: `host::hello`"),
        "{error}"
    );

    let mut linker = Linker::<i32>::new(&engine);
    linker.func_wrap("host", "hello", |x: i32| x).unwrap();
    let error = linker.instantiate_pre(&module).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Link(_)), "{error}");
    assert!(
        error
            .to_string()
            .contains("incompatible import type for `host::hello`"),
        "{error}"
    );

    // A store item of the wrong kind.
    let mut store = Store::new(&engine, 0);
    let global = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(1),
    )
    .unwrap();
    let mut linker = Linker::<i32>::new(&engine);
    linker.define(&store, "host", "hello", global).unwrap();
    let error = linker.instantiate_pre(&module).unwrap_err();
    assert!(
        error.to_string().contains("incompatible import type"),
        "{error}"
    );
}

#[test]
fn store_items_are_used_in_their_own_store_only() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "memory" (memory 1))
             (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 7))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "memory", memory).unwrap();
    let pre = linker.instantiate_pre(&module).unwrap();

    // Both instances of the first store share its memory.
    let a = pre.instantiate(&mut store).unwrap();
    let b = pre.instantiate(&mut store).unwrap();
    for (instance, at) in [(a, 1), (b, 2)] {
        let poke = instance.get_typed_func::<i32, ()>(&store, "poke").unwrap();
        poke.call(&mut store, at).unwrap();
    }
    assert_eq!(&memory.data(&store)[..3], &[0, 7, 7]);

    // Another store is refused cleanly.
    let mut other = Store::new(&engine, ());
    let error = pre.instantiate(&mut other).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Usage(_)), "{error}");
    assert!(
        error
            .to_string()
            .contains("`env::memory` is defined as an item of another store"),
        "{error}"
    );
}

#[test]
fn instantiate_pre_checks_memories_with_their_size_when_defined() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (import "env" "memory" (memory 2)))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "memory", memory).unwrap();
    assert!(
        linker.instantiate_pre(&module).is_err(),
        "one page then, two needed"
    );
    memory.grow(&mut store, 1).unwrap();
    // `Linker::instantiate` has the store, so it sees the current size; `instantiate_pre` does not.
    linker.instantiate(&mut store, &module).unwrap();
    assert!(linker.instantiate_pre(&module).is_err());
    // Defined again at its new size, it matches.
    linker.allow_shadowing(true);
    linker.define(&store, "env", "memory", memory).unwrap();
    linker
        .instantiate_pre(&module)
        .unwrap()
        .instantiate(&mut store)
        .unwrap();
}

#[test]
fn instantiate_pre_refuses_a_module_of_another_engine() {
    let engine = Engine::default();
    let other = Engine::new(&Config::new());
    let module = Module::new(&other, "(module)").unwrap();
    let error = Linker::<()>::new(&engine)
        .instantiate_pre(&module)
        .unwrap_err();
    assert!(error.to_string().contains("different engines"), "{error}");

    // And an InstancePre refuses a store of another engine.
    let module = Module::new(&engine, "(module)").unwrap();
    let pre = Linker::<()>::new(&engine).instantiate_pre(&module).unwrap();
    let mut store = Store::new(&other, ());
    let error = pre.instantiate(&mut store).unwrap_err();
    assert!(error.to_string().contains("different engines"), "{error}");
}

#[test]
fn an_instance_pre_instantiates_what_linker_instantiate_does() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let linker = linker(&engine);
    let pre = linker.instantiate_pre(&module).unwrap();
    let mut store = Store::new(&engine, 0);
    let direct = linker.instantiate(&mut store, &module).unwrap();
    let via_pre = pre.instantiate(&mut store).unwrap();
    let exports = |i: capvm_core::Instance, store: &Store<i32>| {
        i.exports(store)
            .into_iter()
            .map(|(name, item)| (name, matches!(item, Extern::Func(_))))
            .collect::<Vec<_>>()
    };
    assert_eq!(exports(direct, &store), exports(via_pre, &store));
}

#[test]
fn instance_pre_is_shareable() {
    fn send_sync<T: Send + Sync + Clone>() {}
    send_sync::<capvm_core::InstancePre<()>>();
}
