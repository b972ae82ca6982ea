//! Exception handling through the embedding API: exceptions caught in WebAssembly over many frames, uncaught
//! ones reaching the host with their tag and values, host functions throwing into the guest, tags shared between
//! instances, and the bound on live exceptions.

use capvm_core::{
    Caller, Config, Engine, Error, ExnRef, Extern, FuncType, Linker, Module, Store, Tag, TagType,
    TrapCode, Val, ValType,
};

const GUEST: &str = r#"(module
  (tag $oops (export "oops") (param i32 i64))
  (import "host" "call_back" (func $call_back (param i32)))
  ;; Recurses n frames deep, then throws (i32 n, i64 n * 2) from the bottom.
  (func $deep (param $n i32)
    (if (i32.eqz (local.get $n))
      (then (throw $oops (i32.const 7) (i64.const 14))))
    (call $deep (i32.sub (local.get $n) (i32.const 1))))
  ;; Catches what `deep` throws n frames below and returns its values summed.
  (func (export "catch_deep") (param $n i32) (result i64) (local $b i64)
    (block $caught (result i32 i64)
      (try_table (catch $oops $caught)
        (call $deep (local.get $n)))
      (return (i64.const -1)))
    (local.set $b)
    (local.set $n)
    (i64.add (i64.extend_i32_u (local.get $n)) (local.get $b)))
  (func (export "throw_uncaught") (param $n i32)
    (call $deep (local.get $n)))
  ;; Calls the host, catching anything it throws; returns 1 when something was caught.
  (func (export "catch_host") (param $x i32) (result i32)
    (block $caught
      (try_table (catch_all $caught)
        (call $call_back (local.get $x)))
      (return (i32.const 0)))
    (i32.const 1))
  ;; Catches with the reference and keeps it: each call leaves one exception alive.
  (func (export "keep") (result exnref)
    (block $caught (result exnref)
      (try_table (catch_all_ref $caught)
        (throw $oops (i32.const 1) (i64.const 2)))
      (unreachable)))
  (func (export "rethrow") (param exnref)
    (throw_ref (local.get 0)))
  (func (export "rethrow_null")
    (throw_ref (ref.null exn)))
)"#;

/// A store with the guest instantiated; `host.call_back` throws the guest's tag when its argument is odd.
fn guest(engine: &Engine) -> (Store<()>, capvm_core::Instance) {
    let module = Module::new(engine, GUEST).expect("module compiles");
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker
        .func_wrap(
            "host",
            "call_back",
            |mut caller: Caller<'_, ()>, x: i32| -> capvm_core::Result<()> {
                if x % 2 == 0 {
                    return Ok(());
                }
                let tag = caller
                    .get_export("oops")
                    .and_then(Extern::into_tag)
                    .ok_or_else(|| Error::new("no tag"))?;
                let exn = ExnRef::new(&mut caller, tag, &[Val::I32(x), Val::I64(0)])?;
                Err(Error::throw(exn))
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn exceptions_unwind_many_frames_to_their_handler() {
    let engine = Engine::default();
    let (mut store, instance) = guest(&engine);
    let catch_deep = instance
        .get_typed_func::<i32, i64>(&store, "catch_deep")
        .unwrap();
    assert_eq!(catch_deep.call(&mut store, 0).unwrap(), 21);
    // 10 000 frames between the throw and the handler: unwinding walks capvm's frames, not the host stack.
    assert_eq!(catch_deep.call(&mut store, 10_000).unwrap(), 21);
    // A million throws, each caught without its reference: none stays alive, so none hits the bound.
    for _ in 0..1_000_000 / 1000 {
        for _ in 0..1000 {
            catch_deep.call(&mut store, 1).unwrap();
        }
    }
}

#[test]
fn an_uncaught_exception_reaches_the_host_with_its_tag_and_values() {
    let engine = Engine::default();
    let (mut store, instance) = guest(&engine);
    let throw = instance
        .get_typed_func::<i32, ()>(&store, "throw_uncaught")
        .unwrap();
    let error = throw.call(&mut store, 100).unwrap_err();
    assert_eq!(error.trap_code(), None);
    let exn = error.exception().expect("an exception");
    let tag = instance
        .get_export(&store, "oops")
        .and_then(Extern::into_tag)
        .unwrap();
    assert_eq!(exn.tag(&store).unwrap(), tag);
    assert_eq!(exn.fields(&store).unwrap(), [Val::I32(7), Val::I64(14)]);
    assert_eq!(
        tag.ty(&store),
        TagType::new(FuncType::new([ValType::I32, ValType::I64], []))
    );
    // The host can throw it again into the guest, which lets it through.
    let rethrow = instance.get_func(&store, "rethrow").unwrap();
    let error = rethrow
        .call(&mut store, &[Val::ExnRef(Some(exn))], &mut [])
        .unwrap_err();
    assert_eq!(error.exception(), Some(exn));
    let error = instance
        .get_func(&store, "rethrow_null")
        .unwrap()
        .call(&mut store, &[], &mut [])
        .unwrap_err();
    assert_eq!(error.trap_code(), Some(TrapCode::NullExceptionReference));
}

#[test]
fn host_functions_throw_into_the_guest() {
    let engine = Engine::default();
    let (mut store, instance) = guest(&engine);
    let catch_host = instance
        .get_typed_func::<i32, i32>(&store, "catch_host")
        .unwrap();
    assert_eq!(catch_host.call(&mut store, 2).unwrap(), 0);
    assert_eq!(catch_host.call(&mut store, 3).unwrap(), 1);
    // A host error that is not an exception is not caught by `catch_all`: it stays an error.
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "fail" (func $fail))
          (func (export "run") (result i32)
            (block $caught
              (try_table (catch_all $caught) (call $fail))
              (return (i32.const 0)))
            (i32.const 1)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "fail", || -> capvm_core::Result<()> {
            Err(Error::new("host failure"))
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<(), i32>(&store, "run").unwrap();
    let error = run.call(&mut store, ()).unwrap_err();
    assert!(error.exception().is_none());
    assert!(error.to_string().contains("host failure"), "{error}");
}

#[test]
fn tags_are_shared_by_import_and_distinct_by_definition() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let ty = TagType::new(FuncType::new([ValType::I32], []));
    let shared = Tag::new(&mut store, &ty).unwrap();
    let other = Tag::new(&mut store, &ty).unwrap();
    let thrower = Module::new(
        &engine,
        r#"(module (import "env" "tag" (tag $t (param i32)))
          (func (export "throw") (param i32) (throw $t (local.get 0))))"#,
    )
    .unwrap();
    let catcher = Module::new(
        &engine,
        r#"(module
          (import "env" "tag" (tag $t (param i32)))
          (import "env" "throw" (func $throw (param i32)))
          (func (export "run") (param i32) (result i32)
            (block $caught (result i32)
              (try_table (catch $t $caught) (call $throw (local.get 0)))
              (i32.const -1))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "tag", shared).unwrap();
    let thrower_instance = linker.instantiate(&mut store, &thrower).unwrap();
    let throw = thrower_instance.get_func(&store, "throw").unwrap();
    linker.define(&store, "env", "throw", throw).unwrap();
    let catcher_instance = linker.instantiate(&mut store, &catcher).unwrap();
    let run = catcher_instance
        .get_typed_func::<i32, i32>(&store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, 5).unwrap(), 5);

    // With another tag of the same type, the catcher does not catch what the thrower throws.
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "tag", other).unwrap();
    linker.define(&store, "env", "throw", throw).unwrap();
    let instance = linker.instantiate(&mut store, &catcher).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    let error = run.call(&mut store, 5).unwrap_err();
    assert_eq!(error.exception().unwrap().tag(&store).unwrap(), shared);

    // A tag of another type does not satisfy the import.
    let wrong = Tag::new(&mut store, &TagType::new(FuncType::new([ValType::I64], []))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "tag", wrong).unwrap();
    let error = linker.instantiate(&mut store, &thrower).unwrap_err();
    assert!(
        error.to_string().contains("incompatible import type"),
        "{error}"
    );
}

#[test]
fn live_exceptions_are_bounded() {
    let engine = Engine::default();
    let (mut store, instance) = guest(&engine);
    // Each call hands the host a reference, which the store keeps (it cannot see what the host drops).
    let keep = instance.get_func(&store, "keep").unwrap();
    let mut kept = 0u32;
    let error = loop {
        let mut out = [Val::ExnRef(None)];
        match keep.call(&mut store, &[], &mut out) {
            Ok(()) => {
                assert!(matches!(out[0], Val::ExnRef(Some(_))));
                kept += 1;
            }
            Err(error) => break error,
        }
        assert!(kept <= 1 << 20, "no bound on live exceptions");
    };
    assert_eq!(error.trap_code(), Some(TrapCode::ExceptionLimit));
    assert_eq!(kept, 1 << 16);
}

#[test]
fn exceptions_the_guest_no_longer_references_are_collected() {
    // The pattern of LLVM's cleanups: catch with the reference, then rethrow it or drop it; far more exceptions
    // than the live bound pass, and the ones nothing references any more are freed.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (tag $e (param i32))
          (global $kept (mut exnref) (ref.null exn))
          (func $cleanup (param $i i32)
            (block $h (result exnref)
              (try_table (catch_all_ref $h) (throw $e (local.get $i)))
              (unreachable))
            (throw_ref))
          (func (export "run") (param $n i32) (result i32) (local $sum i32)
            (loop $l
              (block $caught (result i32)
                (try_table (catch $e $caught) (call $cleanup (local.get $n)))
                (unreachable))
              (local.set $sum (i32.add (local.get $sum)))
              ;; One reference kept in a global at a time: it must survive every collection.
              (block $h (result exnref)
                (try_table (catch_all_ref $h) (throw $e (local.get $n)))
                (unreachable))
              (global.set $kept)
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $sum))
          (func (export "kept") (result i32)
            (block $c (result i32)
              (try_table (catch $e $c) (throw_ref (global.get $kept)))
              (i32.const -1))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    let n = 200_000;
    assert_eq!(
        run.call(&mut store, n).unwrap(),
        (1..=n).fold(0i32, |a, b| a.wrapping_add(b))
    );
    // The last exception kept in the global survived: it carries 1, the last value of $n.
    let kept = instance.get_typed_func::<(), i32>(&store, "kept").unwrap();
    assert_eq!(kept.call(&mut store, ()).unwrap(), 1);
}

#[test]
fn a_tail_call_leaves_its_handlers() {
    // The caller's try_table does not catch what a host function it tail-calls throws: the frame is gone.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "host" "throw" (func $throw))
          (global $g (export "g") (mut i32) (i32.const 0))
          (func (export "f")
            (block $c (try_table (catch_all $c) (return_call $throw)))
            (global.set $g (i32.const 1)))
          ;; A try_table in unreachable code is still a block.
          (func (export "dead") (result i32)
            (return (i32.const 3))
            (try_table (drop (i32.const 0)))
            (i32.const 4)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, &TagType::new(FuncType::new([], []))).unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "throw",
            move |mut caller: Caller<'_, ()>| -> capvm_core::Result<()> {
                Err(Error::throw(ExnRef::new(&mut caller, tag, &[])?))
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let f = instance.get_typed_func::<(), ()>(&store, "f").unwrap();
    let error = f.call(&mut store, ()).unwrap_err();
    assert_eq!(error.exception().unwrap().tag(&store).unwrap(), tag);
    let g = instance.get_global(&store, "g").unwrap();
    assert_eq!(g.get(&store), Val::I32(0));
    let dead = instance.get_typed_func::<(), i32>(&store, "dead").unwrap();
    assert_eq!(dead.call(&mut store, ()).unwrap(), 3);
}

#[test]
fn exceptions_can_be_switched_off() {
    let mut config = Config::new();
    config.wasm_exceptions(false);
    let error = Module::new(&Engine::new(&config), GUEST).unwrap_err();
    assert!(error.to_string().contains("exception"), "{error}");
}

#[test]
fn serialized_modules_keep_their_exception_handling() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let module = Module::deserialize(&engine, &module.serialize().unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "call_back", |_: i32| {}).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let catch_deep = instance
        .get_typed_func::<i32, i64>(&store, "catch_deep")
        .unwrap();
    assert_eq!(catch_deep.call(&mut store, 50).unwrap(), 21);
    let throw = instance
        .get_typed_func::<i32, ()>(&store, "throw_uncaught")
        .unwrap();
    let exn = throw.call(&mut store, 3).unwrap_err().exception().unwrap();
    assert_eq!(exn.fields(&store).unwrap(), [Val::I32(7), Val::I64(14)]);
}
