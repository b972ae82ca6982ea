//! Typed function references through the embedding API: typed reference types in signatures, imports and
//! host values, `call_ref` and `return_call_ref`, and the traps of null references.

use capvm_core::{
    Config, Engine, ExternType, Func, FuncType, Global, GlobalType, HeapType, Linker, Module,
    Mutability, RefType, Store, Table, TableType, TrapCode, Val, ValType,
};

use super::instantiate;

const APPLY: &str = r#"(module
  (type $unop (func (param i32) (result i32)))
  (func $double (type $unop) (i32.mul (local.get 0) (i32.const 2)))
  (func $negate (type $unop) (i32.sub (i32.const 0) (local.get 0)))
  (elem declare func $double $negate)
  (table $ops (export "ops") 2 (ref null $unop) (ref.func $double))
  (global $op (export "op") (mut (ref null $unop)) (ref.null $unop))
  (func (export "double_ref") (result (ref $unop)) (ref.func $double))
  (func (export "apply") (param $f (ref null $unop)) (param $x i32) (result i32)
    (call_ref $unop (local.get $x) (local.get $f)))
  (func (export "apply_tail") (param $f (ref null $unop)) (param $x i32) (result i32)
    (return_call_ref $unop (local.get $x) (local.get $f)))
  (func (export "apply_global") (param $x i32) (result i32)
    (call_ref $unop (local.get $x) (ref.as_non_null (global.get $op))))
  (func (export "apply_table") (param $i i32) (param $x i32) (result i32)
    (call_ref $unop (local.get $x) (table.get $ops (local.get $i))))
  ;; br_on_null branches with the values below the reference; br_on_non_null with the reference.
  (func (export "or_default") (param $f (ref null $unop)) (param $x i32) (result i32)
    (block $null
      (return (call_ref $unop (local.get $x) (br_on_null $null (local.get $f)))))
    (i32.const -1))
  (func (export "is_set") (param $f (ref null $unop)) (result i32)
    (block $set (result (ref $unop))
      (br_on_non_null $set (local.get $f))
      (return (i32.const 0)))
    (drop)
    (i32.const 1))
)"#;

#[test]
fn typed_references_carry_their_function_type() {
    let engine = Engine::default();
    let (store, instance) = instantiate(&engine, APPLY);
    let unop = engine.func_type_id(&FuncType::new([ValType::I32], [ValType::I32]));
    let typed = |nullable| ValType::Ref(RefType::new(nullable, HeapType::ConcreteFunc(unop)));
    let apply = instance.get_func(&store, "apply").unwrap();
    assert_eq!(
        apply.ty(&store),
        FuncType::new([typed(true), ValType::I32], [ValType::I32])
    );
    let double = instance.get_func(&store, "double_ref").unwrap();
    assert_eq!(double.ty(&store).results(), [typed(false)]);
    assert_eq!(engine.func_type(unop).unwrap().params(), [ValType::I32]);
    // Subtyping: (ref $unop) <: (ref null $unop) <: funcref, and not the other way.
    assert!(typed(false).matches(typed(true)));
    assert!(typed(true).matches(ValType::FUNCREF));
    assert!(!ValType::FUNCREF.matches(typed(true)));
    assert!(!typed(true).matches(typed(false)));
    assert!(!ValType::EXTERNREF.matches(ValType::FUNCREF));
    let table = instance.get_table(&store, "ops").unwrap();
    assert_eq!(table.ty(&store).element(), typed(true));
    assert_eq!(typed(false).to_string(), format!("(ref {unop})"));
    assert_eq!(ValType::FUNCREF.to_string(), "funcref");
}

#[test]
fn call_ref_calls_and_null_references_trap() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, APPLY);
    let double = instance
        .get_typed_func::<(), Option<Func>>(&store, "double_ref")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    let call = |store: &mut Store<()>, name: &str, args: &[Val]| {
        let mut out = [Val::I32(0)];
        instance
            .get_func(&*store, name)
            .unwrap()
            .call(&mut *store, args, &mut out)
            .map(|()| out[0].i32().unwrap())
    };
    let f = Val::FuncRef(double);
    assert_eq!(call(&mut store, "apply", &[f, Val::I32(21)]).unwrap(), 42);
    assert_eq!(
        call(&mut store, "apply_tail", &[f, Val::I32(5)]).unwrap(),
        10
    );
    assert_eq!(
        call(&mut store, "or_default", &[f, Val::I32(4)]).unwrap(),
        8
    );
    assert_eq!(call(&mut store, "is_set", &[f]).unwrap(), 1);
    // The table starts filled by its initializer expression.
    assert_eq!(
        call(&mut store, "apply_table", &[Val::I32(1), Val::I32(3)]).unwrap(),
        6
    );

    let null = Val::FuncRef(None);
    let trap = |result: capvm_core::Result<i32>| result.unwrap_err().trap_code();
    assert_eq!(
        trap(call(&mut store, "apply", &[null, Val::I32(1)])),
        Some(TrapCode::NullFunctionReference)
    );
    assert_eq!(
        trap(call(&mut store, "apply_tail", &[null, Val::I32(1)])),
        Some(TrapCode::NullFunctionReference)
    );
    assert_eq!(
        trap(call(&mut store, "apply_global", &[Val::I32(1)])),
        Some(TrapCode::NullReference)
    );
    assert_eq!(
        call(&mut store, "or_default", &[null, Val::I32(4)]).unwrap(),
        -1
    );
    assert_eq!(call(&mut store, "is_set", &[null]).unwrap(), 0);

    // The host sets the global to a function of the right type; one of another type is refused.
    let global = instance.get_global(&store, "op").unwrap();
    global.set(&mut store, f).unwrap();
    assert_eq!(
        call(&mut store, "apply_global", &[Val::I32(7)]).unwrap(),
        14
    );
    let other = Func::wrap(&mut store, |x: i64| x);
    let error = global
        .set(&mut store, Val::FuncRef(Some(other)))
        .unwrap_err();
    assert!(error.to_string().contains("cannot be stored"), "{error}");
    let error = call(
        &mut store,
        "apply",
        &[Val::FuncRef(Some(other)), Val::I32(1)],
    )
    .unwrap_err();
    assert!(error.to_string().contains("argument 0"), "{error}");
}

#[test]
fn imports_of_typed_references_follow_subtyping() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let unop = engine.func_type_id(&FuncType::new([ValType::I32], [ValType::I32]));
    let non_null = ValType::Ref(RefType::new(false, HeapType::ConcreteFunc(unop)));
    let nullable = ValType::Ref(RefType::new(true, HeapType::ConcreteFunc(unop)));
    let double = Func::wrap(&mut store, |x: i32| x * 2);
    let importer = Module::new(
        &engine,
        r#"(module
          (type $unop (func (param i32) (result i32)))
          (import "host" "f" (global $f (ref null $unop)))
          (func (export "run") (param i32) (result i32)
            (call_ref $unop (local.get 0) (ref.as_non_null (global.get $f)))))"#,
    )
    .unwrap();
    let ExternType::Global(expected) = importer.imports().next().unwrap().ty() else {
        panic!("a global import")
    };
    assert_eq!(expected.content(), nullable);

    // An immutable global of the subtype (ref $unop) satisfies the import of (ref null $unop).
    let global = Global::new(
        &mut store,
        GlobalType::new(non_null, Mutability::Const),
        Val::FuncRef(Some(double)),
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "f", global).unwrap();
    let instance = linker.instantiate(&mut store, &importer).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 8).unwrap(), 16);

    // A funcref global is not a (ref null $unop), and a non-nullable global cannot hold null.
    let funcref = Global::new(
        &mut store,
        GlobalType::new(ValType::FUNCREF, Mutability::Const),
        Val::FuncRef(Some(double)),
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "f", funcref).unwrap();
    let error = linker.instantiate(&mut store, &importer).unwrap_err();
    assert!(
        error.to_string().contains("incompatible import type"),
        "{error}"
    );
    let refused = Global::new(
        &mut store,
        GlobalType::new(non_null, Mutability::Const),
        Val::FuncRef(None),
    );
    assert!(refused.is_err());
    assert!(
        Table::new(
            &mut store,
            TableType::new(non_null, 1, None),
            Val::FuncRef(None)
        )
        .is_err()
    );
}

#[test]
fn function_references_can_be_switched_off() {
    let mut config = Config::new();
    config.wasm_function_references(false);
    let engine = Engine::new(&config);
    let error = Module::new(&engine, APPLY).unwrap_err();
    assert!(error.to_string().contains("function references"), "{error}");
    // GC is not implemented: its types are refused as unsupported, saying so.
    let error =
        Module::new(&Engine::default(), "(module (type (struct (field i32))))").unwrap_err();
    assert!(error.to_string().contains("GC"), "{error}");
}

#[test]
fn serialized_modules_keep_typed_references() {
    let engine = Engine::default();
    let module = Module::new(&engine, APPLY).unwrap();
    let bytes = module.serialize().unwrap();
    let module = Module::deserialize(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let apply = instance.get_func(&store, "apply_table").unwrap();
    let mut out = [Val::I32(0)];
    apply
        .call(&mut store, &[Val::I32(0), Val::I32(9)], &mut out)
        .unwrap();
    assert_eq!(out[0].i32(), Some(18));
}
