//! Lazy translation (the default): validation stays eager, each function is translated on its first call,
//! from any thread, to code that behaves as eager translation's.

use std::sync::Arc;

use capvm_core::{Config, Engine, Linker, Module, Store, TrapCode};

const FUNCS: &str = r#"(module
  (func $fib (export "fib") (param i64) (result i64)
    (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))
      (then (local.get 0))
      (else (i64.add (call $fib (i64.sub (local.get 0) (i64.const 1)))
                     (call $fib (i64.sub (local.get 0) (i64.const 2)))))))
  (table 1 funcref)
  (elem (i32.const 0) $sq)
  (func $sq (param i64) (result i64) (i64.mul (local.get 0) (local.get 0)))
  (func (export "sq_indirect") (param i64) (result i64)
    (call_indirect (param i64) (result i64) (local.get 0) (i32.const 0)))
  ;; Valid (GC's i31 references are validated), but capvm does not translate it.
  (func (export "uses_gc") (drop (ref.i31 (i32.const 1))))
)"#;

fn engine(lazy: bool) -> Engine {
    let mut config = Config::new();
    config.lazy_translation(lazy);
    Engine::new(&config)
}

#[test]
fn lazily_translated_functions_run_as_eagerly_translated_ones() {
    let wat = FUNCS.replace(
        "  ;; Valid (GC's i31 references are validated), but capvm does not translate it.\n  (func (export \"uses_gc\") (drop (ref.i31 (i32.const 1))))\n",
        "",
    );
    for lazy in [true, false] {
        let engine = engine(lazy);
        let module = Module::new(&engine, &wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let fib = instance.get_typed_func::<i64, i64>(&store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 20).unwrap(), 6765, "lazy: {lazy}");
        let sq = instance
            .get_typed_func::<i64, i64>(&store, "sq_indirect")
            .unwrap();
        assert_eq!(sq.call(&mut store, 12).unwrap(), 144, "lazy: {lazy}");
    }
}

#[test]
fn validation_stays_eager() {
    // The second function is invalid and never called: the module is still refused.
    let wat = r#"(module (func (export "ok")) (func (result i32) (i64.const 1)))"#;
    let error = Module::new(&engine(true), wat).unwrap_err();
    assert!(error.to_string().contains("type mismatch"), "{error}");
}

#[test]
fn a_function_capvm_cannot_translate_traps_when_called_or_fails_to_compile() {
    let lazy = engine(true);
    let module = Module::new(&lazy, FUNCS).unwrap();
    let mut store = Store::new(&lazy, ());
    let instance = Linker::new(&lazy).instantiate(&mut store, &module).unwrap();
    let fib = instance.get_typed_func::<i64, i64>(&store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 10).unwrap(), 55);
    let gc = instance
        .get_typed_func::<(), ()>(&store, "uses_gc")
        .unwrap();
    let error = gc.call(&mut store, ()).unwrap_err();
    // Called from the host, the translation error itself comes back.
    assert!(error.to_string().contains("unsupported"), "{error}");
    // Eagerly, the same module does not compile.
    let error = Module::new(&engine(false), FUNCS).unwrap_err();
    assert!(error.to_string().contains("unsupported"), "{error}");
    // Called from wasm, it is a trap.
    let caller = r#"(module
      (func $gc (drop (ref.i31 (i32.const 1))))
      (func (export "run") (call $gc)))"#;
    let module = Module::new(&lazy, caller).unwrap();
    let instance = Linker::new(&lazy).instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<(), ()>(&store, "run").unwrap();
    let error = run.call(&mut store, ()).unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::TranslationFailed));
}

#[test]
fn first_calls_from_several_threads_translate_once_and_agree() {
    let engine = engine(true);
    let module = Arc::new(Module::new(&engine, FUNCS).unwrap());
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (engine, module) = (engine.clone(), Arc::clone(&module));
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let instance = Linker::new(&engine)
                    .instantiate(&mut store, &module)
                    .unwrap();
                let fib = instance.get_typed_func::<i64, i64>(&store, "fib").unwrap();
                fib.call(&mut store, 15).unwrap()
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), 610);
    }
}
