//! Host functions: typed and dynamic host functions, access to the caller's memory, re-entrancy, errors raised by
//! the host, and misuse of the API across stores.

use capvm_core::{
    Caller, Engine, Error, Extern, Func, FuncType, Linker, Module, Store, StoreLimits, TrapCode,
    Val, ValType,
};

const GUEST: &str = r#"(module
  (import "host" "call_back" (func $call_back (param i32) (result i32)))
  (import "host" "fail" (func $fail (param i32)))
  (import "host" "sum_memory" (func $sum_memory (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "\01\02\03\04")
  ;; Recurses through the host: guest -> host -> guest ... until n reaches 0.
  (func $down (export "down") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $call_back (i32.sub (local.get $n) (i32.const 1)))))))
  (func (export "fail") (param i32) (call $fail (local.get 0)))
  (func (export "sum") (result i32) (call $sum_memory (i32.const 16) (i32.const 4)))
  (func (export "answer") (result i32) (i32.const 42)))"#;

#[derive(Debug)]
struct Refused(i32);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused {}", self.0)
    }
}

impl std::error::Error for Refused {}

fn setup(engine: &Engine) -> (Store<u32>, capvm_core::Instance) {
    let module = Module::new(engine, GUEST).unwrap();
    let mut store = Store::new(engine, 0u32);
    let mut linker = Linker::new(engine);
    linker
        .func_wrap(
            "host",
            "call_back",
            |mut caller: Caller<'_, u32>, n: i32| -> Result<i32, Error> {
                *caller.data_mut() += 1;
                let down = caller
                    .get_export("down")
                    .and_then(Extern::into_func)
                    .unwrap();
                let down = down.typed::<i32, i32>(&caller)?;
                down.call(&mut caller, n)
            },
        )
        .unwrap()
        .func_wrap("host", "fail", |code: i32| -> Result<(), Error> {
            Err(Error::host(Refused(code)))
        })
        .unwrap()
        .func_wrap(
            "host",
            "sum_memory",
            |mut caller: Caller<'_, u32>, ptr: i32, len: i32| -> i32 {
                let memory = caller
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .unwrap();
                let (bytes, data) = memory.data_and_store_mut(&mut caller);
                *data += 100;
                bytes[ptr as usize..(ptr + len) as usize]
                    .iter()
                    .map(|b| i32::from(*b))
                    .sum()
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn host_functions_can_call_back_into_the_guest() {
    let engine = Engine::default();
    let (mut store, instance) = setup(&engine);
    let down = instance.get_typed_func::<i32, i32>(&store, "down").unwrap();
    assert_eq!(down.call(&mut store, 50).unwrap(), 50);
    assert_eq!(*store.data(), 50);
}

#[test]
fn the_call_depth_limit_counts_across_host_calls() {
    let mut config = capvm_core::Config::new();
    config.max_call_depth(200);
    let engine = Engine::new(&config);
    let (mut store, instance) = setup(&engine);
    let down = instance.get_typed_func::<i32, i32>(&store, "down").unwrap();
    // Each level is one wasm frame and one host frame: 1000 levels exceed a depth of 200.
    let error = down.call(&mut store, 1000).unwrap_err();
    assert_eq!(
        error.trap_code(),
        Some(TrapCode::StackOverflow),
        "{error:?}"
    );
    // Unwound completely: the store still works.
    assert_eq!(down.call(&mut store, 10).unwrap(), 10);
}

#[test]
fn host_errors_abort_the_guest_and_come_back_as_values() {
    let engine = Engine::default();
    let (mut store, instance) = setup(&engine);
    let fail = instance.get_typed_func::<i32, ()>(&store, "fail").unwrap();
    let error = fail.call(&mut store, 7).unwrap_err();
    assert_eq!(error.downcast_ref::<Refused>().map(|r| r.0), Some(7));
    assert!(error.trap_code().is_none());
    let frames = error.backtrace().expect("a backtrace").frames();
    assert_eq!(frames.len(), 1, "{frames:?}");
    let answer = instance
        .get_typed_func::<(), i32>(&store, "answer")
        .unwrap();
    assert_eq!(answer.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn host_functions_read_the_callers_memory_and_their_data() {
    let engine = Engine::default();
    let (mut store, instance) = setup(&engine);
    let sum = instance.get_typed_func::<(), i32>(&store, "sum").unwrap();
    assert_eq!(sum.call(&mut store, ()).unwrap(), 10);
    assert_eq!(*store.data(), 100);
}

#[test]
fn dynamic_host_functions_are_type_checked() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let ty = FuncType::new([ValType::I32], [ValType::I32]);
    let good = Func::new(&mut store, ty.clone(), |_caller, params, results| {
        results[0] = Val::I32(params[0].i32().unwrap_or(0) * 3);
        Ok(())
    });
    let mut out = [Val::I32(0)];
    good.call(&mut store, &[Val::I32(5)], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(15));
    let bad = Func::new(&mut store, ty, |_caller, _params, results| {
        results[0] = Val::I64(1);
        Ok(())
    });
    let error = bad.call(&mut store, &[Val::I32(5)], &mut out).unwrap_err();
    assert!(error.to_string().contains("returned a i64"), "{error}");
}

#[test]
fn calls_with_the_wrong_arguments_are_errors() {
    let engine = Engine::default();
    let (mut store, instance) = setup(&engine);
    let down = instance.get_func(&store, "down").unwrap();
    let mut out = [Val::I32(0)];
    assert!(down.call(&mut store, &[], &mut out).is_err());
    assert!(down.call(&mut store, &[Val::I64(1)], &mut out).is_err());
    assert!(down.call(&mut store, &[Val::I32(1)], &mut []).is_err());
    assert!(down.typed::<i64, i32>(&store).is_err());
    assert!(
        instance
            .get_typed_func::<(), ()>(&store, "missing")
            .is_err()
    );
}

#[test]
fn items_of_one_store_are_refused_by_another() {
    let engine = Engine::default();
    let (store_a, instance) = setup(&engine);
    let (mut store_b, _) = setup(&engine);
    let down = instance.get_func(&store_a, "down").unwrap();
    let mut out = [Val::I32(0)];
    let error = down
        .call(&mut store_b, &[Val::I32(1)], &mut out)
        .unwrap_err();
    assert!(error.to_string().contains("wrong store"), "{error}");
    let typed = down.typed::<i32, i32>(&store_a).unwrap();
    assert!(typed.call(&mut store_b, 1).is_err());
    // A function reference of store A passed into store B is refused too.
    let answer = instance.get_func(&store_a, "answer").unwrap();
    let table = capvm_core::Table::new(
        &mut store_b,
        capvm_core::TableType::new(ValType::FUNCREF, 1, None),
        Val::FuncRef(None),
    )
    .unwrap();
    assert!(
        table
            .set(&mut store_b, 0, Val::FuncRef(Some(answer)))
            .is_err()
    );
}

#[test]
fn zero_limits_give_defined_errors() {
    let engine = Engine::default();
    let (mut store, instance) = setup(&engine);
    store.set_limits(StoreLimits {
        max_call_depth: 0,
        ..StoreLimits::default()
    });
    let answer = instance
        .get_typed_func::<(), i32>(&store, "answer")
        .unwrap();
    assert_eq!(
        answer.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::StackOverflow)
    );
    store.set_limits(StoreLimits {
        max_value_stack: 0,
        ..StoreLimits::default()
    });
    assert_eq!(
        answer.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::StackOverflow)
    );
    store.set_limits(StoreLimits {
        max_memory_pages: 0,
        ..StoreLimits::default()
    });
    let module = Module::new(&engine, "(module (memory 1))").unwrap();
    let error = Linker::<u32>::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(
        matches!(error.kind(), capvm_core::ErrorKind::Limit(_)),
        "{error}"
    );
    let empty = Module::new(&engine, "(module (memory 0))").unwrap();
    assert!(
        Linker::<u32>::new(&engine)
            .instantiate(&mut store, &empty)
            .is_ok()
    );
}

#[test]
fn unknown_function_imports_can_be_traps_or_defaults() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "a" "f" (func $f (param i32) (result i64 f32)))
          (import "a" "known" (func $known (result i32)))
          (func (export "f") (result i64 f32) (call $f (i32.const 1)))
          (func (export "known") (result i32) (call $known)))"#,
    )
    .unwrap();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("a", "known", || 7i32).unwrap();
    let mut traps = linker.clone();
    traps.define_unknown_imports_as_traps(&module).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = traps.instantiate(&mut store, &module).unwrap();
    let f = instance
        .get_typed_func::<(), (i64, f32)>(&store, "f")
        .unwrap();
    let error = f.call(&mut store, ()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown import: `a::f` has not been defined"
    );
    // Defined imports are kept.
    let known = instance.get_typed_func::<(), i32>(&store, "known").unwrap();
    assert_eq!(known.call(&mut store, ()).unwrap(), 7);

    let mut defaults = linker.clone();
    defaults
        .define_unknown_imports_as_default_values(&module)
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = defaults.instantiate(&mut store, &module).unwrap();
    let f = instance
        .get_typed_func::<(), (i64, f32)>(&store, "f")
        .unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), (0, 0.0));
    let known = instance.get_typed_func::<(), i32>(&store, "known").unwrap();
    assert_eq!(known.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn guest_pointers_are_checked_without_panics() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "mem") 1) (data (i32.const 65530) "hello\00"))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let memory = instance.get_memory(&store, "mem").unwrap();
    assert_eq!(memory.slice(&store, 65530u32, 5u32).unwrap(), b"hello");
    assert_eq!(memory.slice(&store, 65536u32, 0u32).unwrap(), b"");
    assert!(
        memory.slice(&store, 65533u32, 4u32).is_err(),
        "one byte past the end"
    );
    assert!(
        memory.slice(&store, u64::MAX, 2u64).is_err(),
        "wrapping address"
    );
    assert!(
        memory.slice(&store, 0u64, u64::MAX).is_err(),
        "huge length, no allocation"
    );
    assert_eq!(
        memory.read_c_string(&store, 65530u32, 100).unwrap(),
        b"hello"
    );
    assert!(
        memory.read_c_string(&store, 65530u32, 5).is_err(),
        "no NUL within 5 bytes"
    );
    assert_eq!(memory.read_c_string(&store, 65530u32, 6).unwrap(), b"hello");
    assert!(
        memory.read_c_string(&store, 65536u32, 100).is_err(),
        "at the end"
    );
    assert!(memory.read_c_string(&store, u64::MAX, 100).is_err());
    memory
        .slice_mut(&mut store, 0u32, 3u32)
        .unwrap()
        .copy_from_slice(b"abc");
    assert_eq!(&memory.data(&store)[..3], b"abc");
    // Without its NUL the string runs into the end of the memory.
    memory.slice_mut(&mut store, 65535u32, 1u32).unwrap()[0] = b'!';
    assert!(
        memory.read_c_string(&store, 65530u32, 100).is_err(),
        "no NUL before the end"
    );
    assert!(memory.slice_mut(&mut store, 65535u32, 2u32).is_err());
}

#[test]
fn modules_load_from_files_and_export_types_have_accessors() {
    let engine = Engine::default();
    let dir = std::env::temp_dir().join(format!("capvm-from-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.wat");
    std::fs::write(
        &path,
        r#"(module (func (export "f")) (memory (export "m") 1))"#,
    )
    .unwrap();
    let module = Module::from_file(&engine, &path).unwrap();
    let f = module.get_export("f").unwrap();
    assert!(f.func().is_some() && f.memory().is_none());
    let m = module.get_export("m").unwrap();
    assert_eq!(m.memory().map(|ty| ty.minimum()), Some(1));
    let missing = Module::from_file(&engine, dir.join("missing.wasm")).unwrap_err();
    assert!(missing.to_string().contains("missing.wasm"), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_guest_pointer_in_a_host_function_traps_as_the_guest_would() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "sum" (func $sum (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 8) "\01\02\03")
          (func (export "sum") (param i32 i32) (result i32) (call $sum (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "sum",
            |mut caller: Caller<'_, ()>, ptr: u32, len: u32| -> capvm_core::Result<i32> {
                let memory = caller
                    .get_export("memory")
                    .and_then(capvm_core::Extern::into_memory)
                    .unwrap();
                // `?` turns a bad pointer into the guest's trap.
                let bytes = memory.slice(&caller, ptr, len)?;
                Ok(bytes.iter().map(|&b| i32::from(b)).sum())
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let sum = instance
        .get_typed_func::<(i32, i32), i32>(&store, "sum")
        .unwrap();
    assert_eq!(sum.call(&mut store, (8, 3)).unwrap(), 6);
    let error = sum.call(&mut store, (65_530, 10)).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
}
