//! The `spectest` host module that the spec scripts import from.
//!
//! Contents, as in the reference interpreter: functions `print`, `print_i32`, `print_i64`, `print_f32`,
//! `print_f64`, `print_i32_f32` and `print_f64_f64` (no results; they print nothing here), immutable globals
//! `global_i32`/`global_i64` = 666 and `global_f32`/`global_f64` = 666.6, a `table` of 10..20 funcrefs (and a
//! 64-bit `table64` of the same limits, for the 3.0 suite) and a `memory` of 1..2 pages. Nothing else is defined, so `spectest "unknown"` fails to link.

use capvm_core::{
    Global, GlobalType, Linker, Memory, MemoryType, Mutability, Store, Table, TableType, Val,
    ValType,
};

/// Defines the `spectest` module in `linker`, creating its table, memory and globals in `store`.
///
/// # Errors
///
/// If an item cannot be created in the store or a name is already taken.
pub fn define_spectest<T: 'static>(
    linker: &mut Linker<T>,
    store: &mut Store<T>,
) -> capvm_core::Result<()> {
    const M: &str = "spectest";
    linker.func_wrap(M, "print", || {})?;
    linker.func_wrap(M, "print_i32", |_: i32| {})?;
    linker.func_wrap(M, "print_i64", |_: i64| {})?;
    linker.func_wrap(M, "print_f32", |_: f32| {})?;
    linker.func_wrap(M, "print_f64", |_: f64| {})?;
    linker.func_wrap(M, "print_i32_f32", |_: i32, _: f32| {})?;
    linker.func_wrap(M, "print_f64_f64", |_: f64, _: f64| {})?;

    let globals = [
        ("global_i32", ValType::I32, Val::I32(666)),
        ("global_i64", ValType::I64, Val::I64(666)),
        ("global_f32", ValType::F32, Val::from(666.6f32)),
        ("global_f64", ValType::F64, Val::from(666.6f64)),
    ];
    for (name, ty, value) in globals {
        let global = Global::new(&mut *store, GlobalType::new(ty, Mutability::Const), value)?;
        linker.define(&*store, M, name, global)?;
    }
    let table = Table::new(
        &mut *store,
        TableType::new(ValType::FUNCREF, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define(&*store, M, "table", table)?;
    // WebAssembly 3.0 (memory64) adds a 64-bit table of the same limits.
    let table64 = Table::new(
        &mut *store,
        TableType::new64(ValType::FUNCREF, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define(&*store, M, "table64", table64)?;
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, M, "memory", memory)?;
    Ok(())
}
