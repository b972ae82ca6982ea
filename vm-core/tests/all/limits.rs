//! Store limits: every limit turns into a trap or an error when exceeded, never into a host crash.

use capvm_core::{
    Engine, ErrorKind, Linker, Memory, MemoryType, Module, Store, StoreLimits, Table, TableType,
    TrapCode, Val, ValType,
};

use super::instantiate;

/// `(func $down (param i32) (result i32))`: recurses `n` levels deep, returns 0 at the bottom.
const RECURSE: &str = r#"(module
  (func $down (export "down") (param i32) (result i32)
    local.get 0
    i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0
      i32.const 1
      i32.sub
      call $down
    end)
  (func (export "answer") (result i32) i32.const 42))"#;

#[test]
fn recursion_100_000_deep_exhausts_the_call_stack_and_the_store_survives() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, RECURSE);
    let down = instance.get_typed_func::<i32, i32>(&store, "down").unwrap();
    let error = down.call(&mut store, 100_000).expect_err("too deep");
    assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow));
    assert!(
        error.to_string().contains("call stack exhausted"),
        "{error}"
    );
    // The store is still usable, and its stacks were unwound.
    let answer = instance
        .get_typed_func::<(), i32>(&store, "answer")
        .unwrap();
    assert_eq!(answer.call(&mut store, ()).unwrap(), 42);
    assert_eq!(down.call(&mut store, 1000).unwrap(), 0);
    let error = down.call(&mut store, 100_000).expect_err("still too deep");
    assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn max_call_depth_is_enforced_exactly_enough() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, RECURSE);
    store.set_limits(StoreLimits {
        max_call_depth: 100,
        ..StoreLimits::default()
    });
    let down = instance.get_typed_func::<i32, i32>(&store, "down").unwrap();
    assert_eq!(down.call(&mut store, 50).unwrap(), 0);
    let error = down.call(&mut store, 200).expect_err("deeper than 100");
    assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn max_value_stack_is_enforced() {
    // Each frame holds about 35 cells (a param, 31 locals and operands): 10 000 frames need far more than the
    // 65 536 cells allowed, 100 frames far less. The call depth limit is not reached either way.
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (func $down (export "down") (param i32) (result i32) (local i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64
            i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
            local.get 0
            i32.eqz
            if (result i32)
              i32.const 0
            else
              local.get 0
              i32.const 1
              i32.sub
              call $down
            end))"#,
    );
    let down = instance.get_typed_func::<i32, i32>(&store, "down").unwrap();
    store.set_limits(StoreLimits {
        max_value_stack: 64 * 1024,
        ..StoreLimits::default()
    });
    assert_eq!(down.call(&mut store, 100).unwrap(), 0);
    let error = down
        .call(&mut store, 10_000)
        .expect_err("needs more cells than allowed");
    assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow));
    assert_eq!(down.call(&mut store, 100).unwrap(), 0);
}

fn limited_store(engine: &Engine) -> Store<()> {
    let mut store = Store::new(engine, ());
    store.set_limits(StoreLimits {
        max_memory_pages: 10,
        max_table_elements: 100,
        ..StoreLimits::default()
    });
    store
}

#[test]
fn max_memory_pages_limits_declared_created_and_grown_memories() {
    let engine = Engine::default();
    let mut store = limited_store(&engine);
    let linker = Linker::new(&engine);

    let too_big = Module::new(&engine, "(module (memory 11))").unwrap();
    let error = linker
        .instantiate(&mut store, &too_big)
        .expect_err("11 > 10 pages");
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");

    let error = Memory::new(&mut store, MemoryType::new(11, None)).expect_err("11 > 10 pages");
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");

    let module = Module::new(
        &engine,
        r#"(module (memory (export "mem") 9)
             (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#,
    )
    .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), -1, "9 + 2 > 10 pages");
    assert_eq!(grow.call(&mut store, 1).unwrap(), 9);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    let memory = instance.get_memory(&store, "mem").unwrap();
    assert_eq!(memory.size(&store), 10);
    assert!(memory.grow(&mut store, 1).is_err());
}

#[test]
fn max_table_elements_limits_declared_created_and_grown_tables() {
    let engine = Engine::default();
    let mut store = limited_store(&engine);
    let linker = Linker::new(&engine);

    let too_big = Module::new(&engine, "(module (table 101 funcref))").unwrap();
    let error = linker
        .instantiate(&mut store, &too_big)
        .expect_err("101 > 100 elements");
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");

    let ty = TableType::new(ValType::FUNCREF, 101, None);
    let error = Table::new(&mut store, ty, Val::FuncRef(None)).expect_err("101 > 100 elements");
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");

    let module = Module::new(
        &engine,
        r#"(module (table (export "t") 90 externref)
             (func (export "grow") (param i32) (result i32)
               ref.null extern local.get 0 table.grow 0))"#,
    )
    .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(
        grow.call(&mut store, 11).unwrap(),
        -1,
        "90 + 11 > 100 elements"
    );
    assert_eq!(grow.call(&mut store, 10).unwrap(), 90);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    let table = instance.get_table(&store, "t").unwrap();
    assert_eq!(table.size(&store), 100);
    assert!(table.grow(&mut store, 1, Val::ExternRef(None)).is_err());
}
