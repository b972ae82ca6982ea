//! Runs a module on wasmi 2.0 and records its [`Outcome`], mirroring [`run_capvm`](crate::run_capvm) step by
//! step.

use wasmi::{
    Config, Engine, Error, Extern, ExternType, Func, Global, Instance, Memory, Module, Ref, Store,
    Table, TrapCode, Val, ValType,
};

use crate::args::{ParamType, argument};
use crate::code::{Operator, insert_before};
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

/// What the harness inserts into wasmi's copy of a module, where [`sidesteps_a_wasmi_bug`] says: an empty
/// block (`block end`). It changes nothing in WebAssembly, but wasmi's translator copies every `local.get`
/// operand and every value in its registers to slots at a block's entry, and ends any fusion with the operator
/// before it, which is what avoids its two bugs that the harness found (findings/002 and 003).
///
/// capvm always runs the module as it is; only wasmi's input is patched, and only with code that is a no-op by
/// the specification, so no module is left out, no value goes uncompared, and a capvm bug cannot hide behind
/// it (wasmi then computes what the specification says, by another path through its translator).
const EMPTY_BLOCK: &[u8] = &[0x02, 0x40, 0x0b];

/// Where wasmi 2.0.0 gets [`EMPTY_BLOCK`], against two of its translation bugs:
///
/// - findings/002, before every `block`, `loop` and `if` with a type index (the blocks that can have
///   parameters): when a block's parameters are not all `local.get`s, wasmi skips as many `local.get`
///   operands *below* the parameters when it copies the locals on the stack to slots at the block's entry
///   (`PreservedAllLocalsIter::find_next_local` counts only `local.get` operands against the number of
///   parameters to skip). Such an operand is copied later, on one path only (a nested block or a `local.set` of
///   its local in one arm of an `if`, or after a `br_if` out of the block), and the other path reads a slot
///   that was never written. The empty block before the block makes wasmi copy them all in straight code.
/// - findings/003, before a `select` right after `i32.eqz`, `i32.eq`, `i32.ne` or `ref.is_null` (`nop`s between
///   passed over): wasmi fuses a comparison with 0 into the `select` (`try_fuse_select`), and when the
///   compared value is in a slot (a local) it still tests its register, which holds whatever was computed
///   before (so `select` picks by the wrong value). The empty block in between ends the fusion.
fn sidesteps_a_wasmi_bug(previous: Option<&Operator>, op: &Operator) -> bool {
    const SELECT: u8 = 0x1b;
    const SELECT_TYPED: u8 = 0x1c;
    const I32_EQZ: u8 = 0x45;
    const I32_EQ: u8 = 0x46;
    const I32_NE: u8 = 0x47;
    const REF_IS_NULL: u8 = 0xd1;
    op.type_index
        || (matches!(op.opcode, SELECT | SELECT_TYPED)
            && previous
                .is_some_and(|p| matches!(p.opcode, I32_EQZ | I32_EQ | I32_NE | REF_IS_NULL)))
}

/// What [`run_capvm`](crate::run_capvm) does, on wasmi: the same dummies, the same calls and arguments, the same
/// recorded state. wasmi gets a copy of the module with an empty `block end` before every `block`, `loop` and
/// `if` with a type index, and between `i32.eqz`, `i32.eq`, `i32.ne` or `ref.is_null` and a `select`: no-ops
/// by the specification that sidestep two translation bugs of wasmi 2.0.0 (findings 002 and 003; the details
/// are at `sidesteps_a_wasmi_bug` in this file). A module whose code this crate cannot decode is given as it
/// is; [`run_wasmi_as_is`] never patches.
pub fn run_wasmi(wasm: &[u8]) -> Outcome {
    let patched = insert_before(wasm, EMPTY_BLOCK, sidesteps_a_wasmi_bug);
    run_wasmi_as_is(patched.as_deref().unwrap_or(wasm))
}

/// [`run_wasmi`] without the workaround: `wasm` exactly as it is, to show wasmi's own behaviour.
pub fn run_wasmi_as_is(wasm: &[u8]) -> Outcome {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_with_a_constant_parameter_keep_the_local_below_them() {
        // findings/002: wasmi 2.0.0 alone returns an unwritten slot from each function (the path that skips
        // the copy of `local.get $x`: the else path past the then arm's `block`, the `br_if` past the nested
        // `block`, the else path past the then arm's `local.set`); with the workaround each returns 42.
        let wasm = wat::parse_str(
            r#"(module
                (global $zero (mut i32) (i32.const 0))
                (global $one (mut i32) (i32.const 1))
                (global $v (mut i64) (i64.const 42))
                (func (export "f") (result i64) (local $x i64)
                  global.get $v local.set $x
                  local.get $x i64.const 1 global.get $zero
                  if (param i64) (result i64) block end end
                  drop)
                (func (export "g") (result i64) (local $x i64)
                  global.get $v local.set $x
                  local.get $x i64.const 1
                  block (param i64) (result i64) global.get $one br_if 0 block end end
                  drop)
                (func (export "h") (result i64) (local $x i64)
                  global.get $v local.set $x
                  local.get $x i64.const 1 global.get $zero
                  if (param i64) (result i64) i64.const 5 local.set $x end
                  drop))"#,
        )
        .unwrap();
        let Outcome::Accepted(run) = run_wasmi(&wasm) else {
            panic!("rejected");
        };
        let results: Vec<_> = run.calls.iter().map(|call| call.result.clone()).collect();
        assert_eq!(results, vec![Ok(vec![Value::I64(42)]); 3]);
    }

    #[test]
    fn a_select_on_a_comparison_of_a_local_with_zero_tests_that_local() {
        // findings/003: wasmi 2.0.0 alone picks by the `i32.clz` result in its register instead of by the
        // local: 31, 7 and 7 here, where the specification picks 7, 29 and 16.
        let wasm = wat::parse_str(
            r#"(module
                (func (export "a_eqz") (param i32 i32) (result i32)
                  i32.const 7 local.get 1 i32.clz local.get 0 i32.eqz select)
                (func (export "b_ne") (param i32 i32) (result i32)
                  i32.const 7 local.get 0 i32.clz local.get 1 i32.const 0 i32.ne select)
                (func (export "c_is_null") (param externref i32) (result i32)
                  local.get 1 i32.clz i32.const 7 local.get 0 ref.is_null nop select))"#,
        )
        .unwrap();
        let Outcome::Accepted(run) = run_wasmi(&wasm) else {
            panic!("rejected");
        };
        let calls: Vec<_> = run
            .calls
            .iter()
            .map(|call| (call.args.clone(), call.result.clone()))
            .collect();
        assert_eq!(
            calls,
            [
                (vec![Value::I32(0), Value::I32(1)], Ok(vec![Value::I32(7)])),
                (vec![Value::I32(7), Value::I32(0)], Ok(vec![Value::I32(29)])),
                (
                    vec![Value::ExternRef { null: true }, Value::I32(0xffff)],
                    Ok(vec![Value::I32(16)])
                ),
            ]
        );
    }
}
