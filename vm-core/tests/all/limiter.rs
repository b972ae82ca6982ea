//! `Store::limiter` and `ResourceLimiter`: asked before every growth of a memory or table, by the guest or the
//! host, and for their initial sizes; refusing makes growth fail, an error traps.

use capvm_core::{
    Caller, Engine, Error, ErrorKind, Extern, Linker, Memory, MemoryType, Module, ResourceLimiter,
    Store, StoreLimits, Table, TableType, TrapCode, Val, ValType,
};

const PAGE: usize = 65_536;

/// Memory 0 (1 page, no maximum), a second memory (1 page, maximum 8), a 64-bit memory, and a table, each with a
/// `grow` export; `fill_last` writes the last byte of memory 0 (it traps if the memory did not grow).
const GUEST: &str = r#"(module
  (memory $m (export "memory") 1)
  (memory $n (export "small") 1 8)
  (memory $w (export "wide") i64 1)
  (table $t (export "table") 1 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow $m (local.get 0)))
  (func (export "grow_small") (param i32) (result i32) (memory.grow $n (local.get 0)))
  (func (export "grow_wide") (param i64) (result i64) (memory.grow $w (local.get 0)))
  (func (export "grow_table") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  ;; Grows memory 0 by one page and writes the new page's last byte in the same call.
  (func (export "grow_and_touch") (result i32)
    (local $old i32)
    (local.set $old (memory.grow $m (i32.const 1)))
    (if (i32.ne (local.get $old) (i32.const -1))
      (then (i32.store8 $m
        (i32.sub (i32.mul (i32.add (local.get $old) (i32.const 1)) (i32.const 65536)) (i32.const 1))
        (i32.const 9))))
    (local.get $old))
  (func (export "size") (result i32) (memory.size $m)))"#;

/// What a limiter does past its caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Past {
    Refuse,
    Fail,
}

/// A limiter that caps every memory at `max_pages` and every table at `max_elements`, and records its calls.
#[derive(Debug)]
struct Caps {
    max_pages: usize,
    max_elements: usize,
    past: Past,
    memory_calls: Vec<(usize, usize, Option<usize>)>,
    table_calls: Vec<(usize, usize, Option<usize>)>,
    memory_failures: Vec<String>,
    instances: usize,
}

impl Caps {
    fn new(max_pages: usize, max_elements: usize, past: Past) -> Self {
        Self {
            max_pages,
            max_elements,
            past,
            memory_calls: Vec::new(),
            table_calls: Vec::new(),
            memory_failures: Vec::new(),
            instances: 10_000,
        }
    }
}

/// The limiter's own error, to see it come back through the guest.
#[derive(Debug)]
struct TooMuch(usize);

impl std::fmt::Display for TooMuch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the guest wants {} too much", self.0)
    }
}

impl std::error::Error for TooMuch {}

impl ResourceLimiter for Caps {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> capvm_core::Result<bool> {
        self.memory_calls.push((current, desired, maximum));
        if desired <= self.max_pages * PAGE {
            return Ok(true);
        }
        match self.past {
            Past::Refuse => Ok(false),
            Past::Fail => Err(Error::host(TooMuch(desired))),
        }
    }

    fn memory_grow_failed(&mut self, error: Error) -> capvm_core::Result<()> {
        self.memory_failures.push(error.to_string());
        Ok(())
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> capvm_core::Result<bool> {
        self.table_calls.push((current, desired, maximum));
        if desired <= self.max_elements {
            return Ok(true);
        }
        match self.past {
            Past::Refuse => Ok(false),
            Past::Fail => Err(Error::host(TooMuch(desired))),
        }
    }

    fn instances(&self) -> usize {
        self.instances
    }
}

fn limited(engine: &Engine, caps: Caps) -> (Store<Caps>, capvm_core::Instance) {
    let module = Module::new(engine, GUEST).unwrap();
    let mut store = Store::new(engine, caps);
    store.limiter(|caps| caps);
    let instance = Linker::new(engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, instance)
}

fn call<P: capvm_core::WasmParams, R: capvm_core::WasmResults>(
    store: &mut Store<Caps>,
    instance: capvm_core::Instance,
    name: &str,
    params: P,
) -> capvm_core::Result<R> {
    instance
        .get_typed_func::<P, R>(&*store, name)
        .unwrap()
        .call(store, params)
}

#[test]
fn growth_works_without_a_limiter() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let grow = instance.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 10).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 10).unwrap(), 11);
    let memory = instance.get_memory(&store, "memory").unwrap();
    assert_eq!(memory.grow(&mut store, 10).unwrap(), 21);
    assert_eq!(memory.size(&store), 31);
    let touch = instance
        .get_typed_func::<(), i32>(&store, "grow_and_touch")
        .unwrap();
    assert_eq!(touch.call(&mut store, ()).unwrap(), 31);
    assert_eq!(memory.data(&store)[32 * PAGE - 1], 9);
    let grow_table = instance
        .get_typed_func::<i32, i32>(&store, "grow_table")
        .unwrap();
    assert_eq!(grow_table.call(&mut store, 100).unwrap(), 1);
    let table = instance.get_table(&store, "table").unwrap();
    assert_eq!(table.grow(&mut store, 10, Val::FuncRef(None)).unwrap(), 101);
    // Past the declared maximum, growth fails without a limiter too.
    let grow_small = instance
        .get_typed_func::<i32, i32>(&store, "grow_small")
        .unwrap();
    assert_eq!(grow_small.call(&mut store, 8).unwrap(), -1);
    assert_eq!(grow_small.call(&mut store, 7).unwrap(), 1);
}

#[test]
fn a_refusing_limiter_makes_memory_grow_return_minus_one_and_memory_grow_fail() {
    let engine = Engine::default();
    let (mut store, instance) = limited(&engine, Caps::new(4, 1000, Past::Refuse));
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 2).unwrap(),
        1
    );
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 2).unwrap(),
        -1,
        "5 pages > 4"
    );
    assert_eq!(
        call::<(), i32>(&mut store, instance, "size", ()).unwrap(),
        3
    );
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 1).unwrap(),
        3
    );
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 1).unwrap(),
        -1
    );
    // A growth by 0 is not asked about and always succeeds.
    let asked = store.data().memory_calls.len();
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 0).unwrap(),
        4
    );
    assert_eq!(store.data().memory_calls.len(), asked);

    let memory = instance.get_memory(&store, "memory").unwrap();
    let error = memory.grow(&mut store, 1).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");
    assert_eq!(memory.size(&store), 4);
    assert_eq!(memory.grow(&mut store, 0).unwrap(), 4);

    // The memory64 result is -1 as an i64.
    assert_eq!(
        call::<i64, i64>(&mut store, instance, "grow_wide", 3).unwrap(),
        1
    );
    assert_eq!(
        call::<i64, i64>(&mut store, instance, "grow_wide", 1).unwrap(),
        -1
    );
}

#[test]
fn a_grown_memory_is_usable_in_the_same_call() {
    let engine = Engine::default();
    let (mut store, instance) = limited(&engine, Caps::new(3, 1000, Past::Refuse));
    assert_eq!(
        call::<(), i32>(&mut store, instance, "grow_and_touch", ()).unwrap(),
        1
    );
    assert_eq!(
        call::<(), i32>(&mut store, instance, "grow_and_touch", ()).unwrap(),
        2
    );
    assert_eq!(
        call::<(), i32>(&mut store, instance, "grow_and_touch", ()).unwrap(),
        -1
    );
    let memory = instance.get_memory(&store, "memory").unwrap();
    assert_eq!(memory.data(&store)[2 * PAGE - 1], 9);
    assert_eq!(memory.data(&store)[3 * PAGE - 1], 9);
}

#[test]
fn the_limiter_is_told_sizes_in_bytes_and_the_maximum() {
    let engine = Engine::default();
    let (mut store, instance) = limited(&engine, Caps::new(4, 1000, Past::Refuse));
    // Instantiation asked for every memory's and table's initial size, as growth from 0.
    assert_eq!(
        store.data().memory_calls,
        [
            (0, PAGE, None),
            (0, PAGE, Some(8 * PAGE)),
            (0, PAGE, Some(65_536 * PAGE))
        ],
        "the 64-bit memory is bounded by the store's default limit of 65536 pages"
    );
    // A table without a maximum is bounded by the store's default limit of 10 000 000 elements.
    assert_eq!(store.data().table_calls, [(0, 1, Some(10_000_000))]);
    call::<i32, i32>(&mut store, instance, "grow_small", 2).unwrap();
    assert_eq!(
        store.data().memory_calls[3],
        (PAGE, 3 * PAGE, Some(8 * PAGE))
    );
    call::<i32, i32>(&mut store, instance, "grow_table", 4).unwrap();
    assert_eq!(store.data().table_calls[1], (1, 5, Some(10_000_000)));
}

#[test]
fn a_limiter_error_traps_the_guest_with_that_error() {
    let engine = Engine::default();
    let (mut store, instance) = limited(&engine, Caps::new(2, 10, Past::Fail));
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 1).unwrap(),
        1
    );
    let error = call::<i32, i32>(&mut store, instance, "grow", 1).unwrap_err();
    assert!(error.is::<TooMuch>(), "{error}");
    assert_eq!(error.downcast_ref::<TooMuch>().unwrap().0, 3 * PAGE);
    assert!(
        error.backtrace().is_some(),
        "a trap in the guest has a backtrace"
    );
    assert_eq!(error.trap_code(), None);
    // The store survives; the memory did not grow.
    assert_eq!(
        call::<(), i32>(&mut store, instance, "size", ()).unwrap(),
        2
    );
    // The host's `Memory::grow` gets the same error.
    let memory = instance.get_memory(&store, "memory").unwrap();
    assert!(memory.grow(&mut store, 5).unwrap_err().is::<TooMuch>());

    // Tables likewise.
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow_table", 9).unwrap(),
        1
    );
    let error = call::<i32, i32>(&mut store, instance, "grow_table", 1).unwrap_err();
    assert_eq!(error.downcast_ref::<TooMuch>().unwrap().0, 11);
    let table = instance.get_table(&store, "table").unwrap();
    assert!(
        table
            .grow(&mut store, 1, Val::FuncRef(None))
            .unwrap_err()
            .is::<TooMuch>()
    );
    assert_eq!(table.size(&store), 10);
}

#[test]
fn a_refusing_limiter_makes_table_grow_return_minus_one_and_table_grow_fail() {
    let engine = Engine::default();
    let (mut store, instance) = limited(&engine, Caps::new(100, 5, Past::Refuse));
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow_table", 4).unwrap(),
        1
    );
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow_table", 1).unwrap(),
        -1
    );
    let table = instance.get_table(&store, "table").unwrap();
    let error = table.grow(&mut store, 1, Val::FuncRef(None)).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");
    assert_eq!(table.size(&store), 5);
    // Host-made tables are asked about too, from their creation on.
    let error = Table::new(
        &mut store,
        TableType::new(ValType::FUNCREF, 6, None),
        Val::FuncRef(None),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("table minimum size of 6 elements"),
        "{error}"
    );
    let small = Table::new(
        &mut store,
        TableType::new(ValType::FUNCREF, 2, None),
        Val::FuncRef(None),
    )
    .unwrap();
    assert!(small.grow(&mut store, 4, Val::FuncRef(None)).is_err());
    assert_eq!(small.grow(&mut store, 3, Val::FuncRef(None)).unwrap(), 2);
}

#[test]
fn an_initial_memory_above_the_limit_fails_instantiation() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (memory 5) (func (export "f")))"#).unwrap();
    let mut store = Store::new(&engine, Caps::new(4, 10, Past::Refuse));
    store.limiter(|caps| caps);
    let error = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");
    assert!(
        error
            .to_string()
            .contains("memory minimum size of 5 pages exceeds memory limits"),
        "{error}"
    );
    // A limiter error fails instantiation with that error.
    store.data_mut().past = Past::Fail;
    let error = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(error.is::<TooMuch>(), "{error}");
    // And the host's `Memory::new`.
    let error = Memory::new(&mut store, MemoryType::new(5, None)).unwrap_err();
    assert!(error.is::<TooMuch>(), "{error}");
    store.data_mut().past = Past::Refuse;
    assert!(Memory::new(&mut store, MemoryType::new(5, None)).is_err());
    Memory::new(&mut store, MemoryType::new(4, None)).unwrap();
    // An initial table too.
    let module = Module::new(&engine, r#"(module (table 11 funcref))"#).unwrap();
    let error = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("table minimum size of 11 elements"),
        "{error}"
    );
}

#[test]
fn store_limits_and_the_limiter_must_both_allow_growth() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, Caps::new(100, 1000, Past::Refuse));
    store.set_limits(StoreLimits {
        max_memory_pages: 3,
        ..StoreLimits::default()
    });
    store.limiter(|caps| caps);
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 2).unwrap(),
        1
    );
    // The limiter allows 4 pages, the store's limits do not: it fails, and the limiter hears of it.
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 1).unwrap(),
        -1
    );
    assert_eq!(
        store.data().memory_failures.len(),
        1,
        "{:?}",
        store.data().memory_failures
    );
    assert!(store.data().memory_failures[0].contains("maximum of 3 pages"));
    // And the limiter was told the limits' maximum.
    assert_eq!(
        store.data().memory_calls.last(),
        Some(&(3 * PAGE, 4 * PAGE, Some(3 * PAGE)))
    );
}

#[test]
fn a_failure_report_that_errors_traps() {
    struct Strict;
    impl ResourceLimiter for Strict {
        fn memory_growing(
            &mut self,
            _: usize,
            _: usize,
            _: Option<usize>,
        ) -> capvm_core::Result<bool> {
            Ok(true)
        }
        fn memory_grow_failed(&mut self, error: Error) -> capvm_core::Result<()> {
            Err(Error::new(format!("strict: {error}")))
        }
        fn table_growing(
            &mut self,
            _: usize,
            _: usize,
            _: Option<usize>,
        ) -> capvm_core::Result<bool> {
            Ok(true)
        }
    }
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, Strict);
    store.limiter(|s| s);
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let grow_small = instance
        .get_typed_func::<i32, i32>(&store, "grow_small")
        .unwrap();
    assert_eq!(grow_small.call(&mut store, 7).unwrap(), 1);
    let error = grow_small.call(&mut store, 1).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("memory of 9 pages exceeds its maximum of 8 pages"),
        "{error}"
    );
}

#[test]
fn the_limiter_counts_instances() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (memory 1))"#).unwrap();
    let mut caps = Caps::new(10, 10, Past::Refuse);
    caps.instances = 2;
    let mut store = Store::new(&engine, caps);
    store.limiter(|caps| caps);
    let linker = Linker::new(&engine);
    linker.instantiate(&mut store, &module).unwrap();
    linker.instantiate(&mut store, &module).unwrap();
    let error = linker.instantiate(&mut store, &module).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Limit(_)), "{error}");
    assert!(
        error.to_string().contains("more than 2 instances"),
        "{error}"
    );
}

#[test]
fn the_limiter_counts_memories_and_tables() {
    struct Counts;
    impl ResourceLimiter for Counts {
        fn memory_growing(
            &mut self,
            _: usize,
            _: usize,
            _: Option<usize>,
        ) -> capvm_core::Result<bool> {
            Ok(true)
        }
        fn table_growing(
            &mut self,
            _: usize,
            _: usize,
            _: Option<usize>,
        ) -> capvm_core::Result<bool> {
            Ok(true)
        }
        fn memories(&self) -> usize {
            1
        }
        fn tables(&self) -> usize {
            0
        }
    }
    let engine = Engine::default();
    let mut store = Store::new(&engine, Counts);
    store.limiter(|c| c);
    Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let error = Memory::new(&mut store, MemoryType::new(1, None)).unwrap_err();
    assert!(
        error.to_string().contains("more than 1 memories"),
        "{error}"
    );
    let error = Table::new(
        &mut store,
        TableType::new(ValType::FUNCREF, 0, None),
        Val::FuncRef(None),
    )
    .unwrap_err();
    assert!(error.to_string().contains("more than 0 tables"), "{error}");
}

#[test]
fn host_functions_growing_memory_through_the_caller_ask_the_limiter() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "host" "grow" (func $grow (param i32) (result i32)))
             (memory (export "memory") 1)
             (func (export "run") (param i32) (result i32) (call $grow (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, Caps::new(2, 10, Past::Refuse));
    store.limiter(|caps| caps);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "grow",
            |mut caller: Caller<'_, Caps>, delta: i32| {
                let Some(Extern::Memory(memory)) = caller.get_export("memory") else {
                    return -2;
                };
                memory
                    .grow(&mut caller, delta as u64)
                    .map_or(-1, |old| old as i32)
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 1).unwrap(), 1);
    assert_eq!(run.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn a_limiter_can_be_replaced() {
    let engine = Engine::default();
    let (mut store, instance) = limited(&engine, Caps::new(2, 10, Past::Refuse));
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 5).unwrap(),
        -1
    );
    store.data_mut().max_pages = 10;
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 5).unwrap(),
        1
    );
    // Installing it again keeps the store asking it (through the one grow hook).
    let before = store.data().memory_calls.len();
    store.limiter(|caps| caps);
    assert_eq!(
        call::<i32, i32>(&mut store, instance, "grow", 1).unwrap(),
        6
    );
    assert_eq!(store.data().memory_calls.len(), before + 1);
}

#[test]
fn limited_growth_works_deep_in_a_recursion() {
    // The limiter is asked through a host call from the guest: fine at any depth below the maximum.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1)
             (func $down (export "down") (param i32) (result i32)
               (if (result i32) (i32.eqz (local.get 0))
                 (then (memory.grow (i32.const 1)))
                 (else (call $down (i32.sub (local.get 0) (i32.const 1)))))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, Caps::new(10, 10, Past::Refuse));
    store.limiter(|caps| caps);
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let down = instance.get_typed_func::<i32, i32>(&store, "down").unwrap();
    assert_eq!(down.call(&mut store, 10_000).unwrap(), 1);
    let error = down.call(&mut store, 1_000_000).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::StackOverflow));
}
