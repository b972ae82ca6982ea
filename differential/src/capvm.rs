//! Runs a module on capvm and records its [`Outcome`].

use capvm_core::{
    Config, Engine, Error, Extern, ExternType, Func, Global, Instance, Memory, Module, Store,
    Table, TrapCode, V128, Val, ValType,
};

use crate::args::{ParamType, argument};
use crate::outcome::{Call, ExportKind, Failure, Outcome, Run, State, TrapKind, Value, hash_bytes};

/// Compiles `wasm` on capvm with the default configuration (WebAssembly 2.0 with SIMD, relaxed SIMD, extended
/// constant expressions), instantiates it with
/// a dummy for every import, and calls every exported function once, in name order, with
/// [`argument`]s, recording the results and the exports' state after each call.
///
/// Dummies: functions ignore their arguments and return zeros (null references); globals hold zero (null);
/// memories and tables have the import's minimum size and maximum. The run stops after the first stack
/// exhaustion.
pub fn run_capvm(wasm: &[u8]) -> Outcome {
    run_capvm_with(wasm, &Config::new(), None)
}

/// [`run_capvm`] on an engine with `config`, the store given `fuel` when it is `Some` (the config must then
/// consume fuel): modules that do not terminate by themselves then end in "all fuel consumed".
pub fn run_capvm_with(wasm: &[u8], config: &Config, fuel: Option<u64>) -> Outcome {
    let engine = Engine::new(config);
    let module = match Module::new(&engine, wasm) {
        Ok(module) => module,
        Err(error) => return Outcome::Rejected(error.to_string()),
    };
    // Sorted by name: wasmi lists exports by name, capvm in the module's order; names are unique.
    let mut exports: Vec<(String, ExportKind)> = module
        .exports()
        .map(|export| (export.name().to_string(), export_kind(&export.ty())))
        .collect();
    exports.sort();
    let mut store = Store::new(&engine, ());
    if let Some(fuel) = fuel
        && let Err(error) = store.set_fuel(fuel)
    {
        return Outcome::Rejected(format!("cannot set fuel: {error}"));
    }
    let mut run = Run {
        exports,
        instantiation: Err(Failure::Error("not instantiated".into())),
        calls: Vec::new(),
    };
    let instance = match dummy_imports(&mut store, &module)
        .and_then(|imports| Instance::new(&mut store, &module, &imports))
    {
        Ok(instance) => instance,
        Err(error) => {
            run.instantiation = Err(failure(&error));
            return Outcome::Accepted(run);
        }
    };
    run.instantiation = Ok(state(&store, instance, &run.exports));
    let funcs: Vec<String> = run
        .exports
        .iter()
        .filter(|(_, kind)| *kind == ExportKind::Func)
        .map(|(name, _)| name.clone())
        .collect();
    for (call_index, name) in funcs.into_iter().enumerate() {
        let Some(func) = instance.get_func(&store, &name) else {
            run.calls.push(Call {
                name,
                args: Vec::new(),
                result: Err(Failure::Error("exported function not found".into())),
                state: State::default(),
            });
            break;
        };
        let call = call(&mut store, func, call_index, name);
        let call = Call {
            state: state(&store, instance, &run.exports),
            ..call
        };
        let stop = matches!(&call.result, Err(failure) if failure.is_stack_overflow());
        run.calls.push(call);
        if stop {
            break;
        }
    }
    Outcome::Accepted(run)
}

fn call(store: &mut Store<()>, func: Func, call_index: usize, name: String) -> Call {
    let ty = func.ty(&*store);
    let mut args = Vec::with_capacity(ty.params().len());
    let mut params = Vec::with_capacity(ty.params().len());
    for (i, param) in ty.params().iter().enumerate() {
        let Some(param_ty) = param_type(*param) else {
            return Call {
                name,
                args,
                result: Err(Failure::Error(format!(
                    "unsupported parameter type {param}"
                ))),
                state: State::default(),
            };
        };
        let value = argument(call_index, i, param_ty);
        args.push(value);
        params.push(to_val(value));
    }
    let mut results: Vec<Val> = ty
        .results()
        .iter()
        .map(|ty| Val::default_for(*ty).unwrap_or(Val::I32(0)))
        .collect();
    let result = match func.call(&mut *store, &params, &mut results) {
        Ok(()) => results
            .iter()
            .map(value)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Failure::Error("a result of an unknown kind".into())),
        Err(error) => Err(failure(&error)),
    };
    Call {
        name,
        args,
        result,
        state: State::default(),
    }
}

/// One dummy per import, in import order.
fn dummy_imports(store: &mut Store<()>, module: &Module) -> capvm_core::Result<Vec<Extern>> {
    let mut imports = Vec::with_capacity(module.imports().len());
    for import in module.imports() {
        let item = match import.ty() {
            ExternType::Func(ty) => {
                let result_types: Vec<ValType> = ty.results().to_vec();
                Extern::Func(Func::new(
                    &mut *store,
                    ty,
                    move |_caller, _params, results| {
                        for (out, ty) in results.iter_mut().zip(&result_types) {
                            *out = zero(*ty)?;
                        }
                        Ok(())
                    },
                ))
            }
            ExternType::Global(ty) => {
                let init = zero(ty.content())?;
                Extern::Global(Global::new(&mut *store, ty, init)?)
            }
            ExternType::Memory(ty) => Extern::Memory(Memory::new(&mut *store, ty)?),
            ExternType::Table(ty) => {
                let init = zero(ty.element())?;
                Extern::Table(Table::new(&mut *store, ty, init)?)
            }
            ExternType::Tag(ty) => Extern::Tag(capvm_core::Tag::new(&mut *store, &ty)?),
        };
        imports.push(item);
    }
    Ok(imports)
}

fn zero(ty: ValType) -> capvm_core::Result<Val> {
    Val::default_for(ty).ok_or_else(|| Error::new(format!("no dummy value of type {ty}")))
}

fn export_kind(ty: &ExternType) -> ExportKind {
    match ty {
        ExternType::Func(_) => ExportKind::Func,
        ExternType::Global(_) => ExportKind::Global,
        ExternType::Table(_) => ExportKind::Table,
        ExternType::Memory(_) => ExportKind::Memory,
        ExternType::Tag(_) => ExportKind::Tag,
    }
}

fn state(store: &Store<()>, instance: Instance, exports: &[(String, ExportKind)]) -> State {
    let mut state = State::default();
    for (name, _) in exports {
        match instance.get_export(store, name) {
            Some(Extern::Memory(memory)) => {
                let data = memory.data(store);
                state
                    .memories
                    .push((name.clone(), data.len(), hash_bytes(data)));
            }
            Some(Extern::Global(global)) => {
                if let Some(value) = value(&global.get(store)) {
                    state.globals.push((name.clone(), value));
                }
            }
            Some(Extern::Table(table)) => {
                let size = table.size(store);
                let nulls = (0..size)
                    .filter(|&i| table.get(store, i).is_none_or(|v| is_null(&v)))
                    .count() as u64;
                state.tables.push((name.clone(), size, nulls));
            }
            Some(Extern::Func(_) | Extern::Tag(_)) | None => {}
        }
    }
    state
}

fn is_null(val: &Val) -> bool {
    match val {
        Val::FuncRef(f) => f.is_none(),
        Val::ExternRef(e) => e.is_none(),
        _ => false,
    }
}

fn param_type(ty: ValType) -> Option<ParamType> {
    Some(match ty {
        ValType::I32 => ParamType::I32,
        ValType::I64 => ParamType::I64,
        ValType::F32 => ParamType::F32,
        ValType::F64 => ParamType::F64,
        ValType::V128 => ParamType::V128,
        ValType::FUNCREF => ParamType::FuncRef,
        ValType::EXTERNREF => ParamType::ExternRef,
        _ => return None,
    })
}

fn to_val(value: Value) -> Val {
    match value {
        Value::I32(v) => Val::I32(v),
        Value::I64(v) => Val::I64(v),
        Value::F32(bits) => Val::F32(bits),
        Value::F64(bits) => Val::F64(bits),
        Value::V128(bits) => Val::V128(V128::from(bits)),
        // Arguments are only ever null references.
        Value::FuncRef { .. } => Val::FuncRef(None),
        Value::ExternRef { .. } => Val::ExternRef(None),
    }
}

/// The normalized value; `None` for a kind of value this crate does not know (`Val` is non-exhaustive).
fn value(val: &Val) -> Option<Value> {
    Some(match *val {
        Val::I32(v) => Value::I32(v),
        Val::I64(v) => Value::I64(v),
        Val::F32(bits) => Value::f32(bits),
        Val::F64(bits) => Value::f64(bits),
        Val::V128(v) => Value::V128(v.as_u128()),
        Val::FuncRef(f) => Value::FuncRef { null: f.is_none() },
        Val::ExternRef(e) => Value::ExternRef { null: e.is_none() },
        _ => return None,
    })
}

fn failure(error: &Error) -> Failure {
    let Some(code) = error.trap_code() else {
        return Failure::Error(error.to_string());
    };
    Failure::Trap(match code {
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds | TrapCode::UndefinedElement => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
        TrapCode::BadSignature => TrapKind::BadSignature,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
        TrapCode::StackOverflow => TrapKind::StackOverflow,
        TrapCode::NullReference => TrapKind::NullReference,
        other => TrapKind::Other(format!("{other:?}")),
    })
}
