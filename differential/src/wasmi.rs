//! Runs a module on wasmi 2.0 and records its [`Outcome`], mirroring [`run_capvm`](crate::run_capvm) step by
//! step.

use wasmi::{
    Config, Engine, Error, Extern, ExternType, Func, Global, Instance, Memory, Module, Ref, Store,
    Table, TrapCode, Val, ValType,
};

use crate::args::{ParamType, argument};
use crate::outcome::{Call, ExportKind, Failure, Outcome, Run, State, TrapKind, Value, hash_bytes};

/// The wasmi engine configured with exactly capvm's features (WebAssembly 2.0 with SIMD, plus relaxed SIMD and
/// extended constant expressions) and capvm's default call-depth limit. The workspace builds wasmi with its
/// `simd` feature. wasmi's relaxed-SIMD choices are capvm's (see [`config`](crate::config)), so relaxed
/// operators are compared exactly.
fn engine() -> Engine {
    let mut config = Config::default();
    config
        .wasm_mutable_global(true)
        .wasm_sign_extension(true)
        .wasm_saturating_float_to_int(true)
        .wasm_multi_value(true)
        .wasm_bulk_memory(true)
        .wasm_reference_types(true)
        .wasm_multi_memory(false)
        .wasm_tail_call(false)
        .wasm_extended_const(true)
        .wasm_simd(true)
        .wasm_relaxed_simd(true)
        .wasm_custom_page_sizes(false)
        .wasm_memory64(false)
        .wasm_wide_arithmetic(false)
        .set_max_recursion_depth(65_536);
    Engine::new(&config)
}

/// What [`run_capvm`](crate::run_capvm) does, on wasmi: the same dummies, the same calls and arguments, the same
/// recorded state.
pub fn run_wasmi(wasm: &[u8]) -> Outcome {
    let engine = engine();
    let module = match Module::new(&engine, wasm) {
        Ok(module) => module,
        Err(error) => return Outcome::Rejected(error.to_string()),
    };
    // Sorted by name: wasmi lists exports by name, capvm in the module's order; names are unique.
    let mut exports: Vec<(String, ExportKind)> = module
        .exports()
        .map(|export| (export.name().to_string(), export_kind(export.ty())))
        .collect();
    exports.sort();
    let mut store = Store::new(&engine, ());
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
                    "unsupported parameter type {param:?}"
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
        .map(|ty| Val::default_for_ty(*ty))
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

/// One dummy per import, in import order, the same as capvm's.
fn dummy_imports(store: &mut Store<()>, module: &Module) -> Result<Vec<Extern>, Error> {
    let mut imports = Vec::new();
    for import in module.imports() {
        let item = match import.ty().clone() {
            ExternType::Func(ty) => {
                let result_types: Vec<ValType> = ty.results().to_vec();
                Extern::Func(Func::new(
                    &mut *store,
                    ty,
                    move |_caller, _params, results| {
                        for (out, ty) in results.iter_mut().zip(&result_types) {
                            *out = Val::default_for_ty(*ty);
                        }
                        Ok(())
                    },
                ))
            }
            ExternType::Global(ty) => Extern::Global(Global::new(
                &mut *store,
                Val::default_for_ty(ty.content()),
                ty.mutability(),
            )),
            ExternType::Memory(ty) => Extern::Memory(Memory::new(&mut *store, ty)?),
            ExternType::Table(ty) => {
                let init = Ref::null(ty.element());
                Extern::Table(Table::new(&mut *store, ty, init)?)
            }
        };
        imports.push(item);
    }
    Ok(imports)
}

fn export_kind(ty: &ExternType) -> ExportKind {
    match ty {
        ExternType::Func(_) => ExportKind::Func,
        ExternType::Global(_) => ExportKind::Global,
        ExternType::Table(_) => ExportKind::Table,
        ExternType::Memory(_) => ExportKind::Memory,
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
                    .filter(|&i| table.get(store, i).is_none_or(|r| r.is_null()))
                    .count() as u64;
                state.tables.push((name.clone(), size, nulls));
            }
            Some(Extern::Func(_)) | None => {}
        }
    }
    state
}

fn param_type(ty: ValType) -> Option<ParamType> {
    Some(match ty {
        ValType::I32 => ParamType::I32,
        ValType::I64 => ParamType::I64,
        ValType::F32 => ParamType::F32,
        ValType::F64 => ParamType::F64,
        ValType::V128 => ParamType::V128,
        ValType::FuncRef => ParamType::FuncRef,
        ValType::ExternRef => ParamType::ExternRef,
    })
}

fn to_val(value: Value) -> Val {
    match value {
        Value::I32(v) => Val::I32(v),
        Value::I64(v) => Val::I64(v),
        Value::F32(bits) => Val::F32(wasmi::F32::from_bits(bits)),
        Value::F64(bits) => Val::F64(wasmi::F64::from_bits(bits)),
        Value::V128(bits) => Val::V128(wasmi::V128::from(bits)),
        // Arguments are only ever null references.
        Value::FuncRef { .. } => Val::default_for_ty(ValType::FuncRef),
        Value::ExternRef { .. } => Val::default_for_ty(ValType::ExternRef),
    }
}

/// The normalized value (always `Some`: the same signature as capvm's, whose `Val` is non-exhaustive).
fn value(val: &Val) -> Option<Value> {
    Some(match val {
        Val::I32(v) => Value::I32(*v),
        Val::I64(v) => Value::I64(*v),
        Val::F32(v) => Value::f32(v.to_bits()),
        Val::F64(v) => Value::f64(v.to_bits()),
        Val::FuncRef(f) => Value::FuncRef { null: f.is_null() },
        Val::ExternRef(e) => Value::ExternRef { null: e.is_null() },
        Val::V128(v) => Value::V128(v.as_u128()),
    })
}

fn failure(error: &Error) -> Failure {
    use wasmi::errors::{ErrorKind, InstantiationError};
    // The specification makes an element segment that does not fit a trap; wasmi reports it as an
    // instantiation error (a data segment that does not fit is a memory trap already).
    if let ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. }) =
        error.kind()
    {
        return Failure::Trap(TrapKind::TableOutOfBounds);
    }
    let Some(code) = error.as_trap_code() else {
        return Failure::Error(error.to_string());
    };
    Failure::Trap(match code {
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
        TrapCode::BadSignature => TrapKind::BadSignature,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
        TrapCode::StackOverflow => TrapKind::StackOverflow,
        other => TrapKind::Other(format!("{other:?}")),
    })
}
