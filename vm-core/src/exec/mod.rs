//! Execution: the driver that enters the interpreter from the embedding API, calls host functions on its
//! behalf, and turns traps into errors with backtraces.

mod bulk;
mod cell;
#[macro_use]
mod dispatch;
mod executor;
mod handlers;
pub(crate) mod ops;
pub(crate) mod simd;

use std::sync::Arc;

pub(crate) use self::dispatch::{STRATEGY, handler_of};
use self::executor::{ExecState, Outcome, Trapped, execute};
use crate::error::{Error, FrameInfo, Result, WasmBacktrace};
use crate::store::{Frame, FuncEntity, Store, StoreInner};
use crate::trap::TrapCode;

/// Cells passed to and from a host function without allocating.
const INLINE_CELLS: usize = 16;

/// Calls store function `func`. `cells` holds the arguments on entry and the results on return; its length is
/// at least the larger of the two counts.
pub(crate) fn call_func<T>(store: &mut Store<T>, func: u32, cells: &mut [u64]) -> Result<()> {
    // Nested executions (host -> wasm -> host -> ...) recurse on the native stack: keep them within the budget.
    let marker = 0u8;
    let here = core::hint::black_box(&marker) as *const u8 as usize;
    let outermost = store.inner.native_stack_base == 0;
    if outermost {
        store.inner.native_stack_base = here;
    } else if store.inner.native_stack_base.abs_diff(here)
        > store.inner.engine.config().max_native_stack
    {
        return Err(Error::trap(TrapCode::StackOverflow));
    }
    let result = call_func_unchecked(store, func, cells);
    if outermost {
        store.inner.native_stack_base = 0;
    }
    result
}

fn call_func_unchecked<T>(store: &mut Store<T>, func: u32, cells: &mut [u64]) -> Result<()> {
    match store.inner.funcs.get(func as usize) {
        None => Err(Error::usage("function does not belong to this store")),
        Some(FuncEntity::Host { host, .. }) => {
            let host = *host;
            if store.inner.frames.len() >= store.inner.limits.max_call_depth as usize {
                return Err(Error::trap(TrapCode::StackOverflow));
            }
            call_host(store, host, None, cells)
        }
        Some(FuncEntity::Wasm { instance, code, .. }) => {
            let (instance, code) = (*instance, *code);
            call_wasm(store, instance, code, cells)
        }
    }
}

fn call_wasm<T>(store: &mut Store<T>, instance: u32, code: u32, cells: &mut [u64]) -> Result<()> {
    let inner = &mut store.inner;
    // Not a clone of the `Arc`: its count is shared by every store of the module, and touching it on each call
    // makes threads calling into one module contend for its cache line.
    let Some(module) = inner
        .instances
        .get(instance as usize)
        .map(|i| Arc::as_ptr(&i.module))
    else {
        return Err(Error::usage("dangling instance"));
    };
    // SAFETY: a store never removes an instance, and the instance holds its module's `Arc`, so the module lives
    // as long as the store, which this call borrows mutably throughout.
    let module = unsafe { &*module };
    let compiled = module.compiled(code)?;
    if inner.frames.len() >= inner.limits.max_call_depth as usize {
        return Err(Error::trap(TrapCode::StackOverflow));
    }
    let saved_top = inner.stack.top;
    let fp = saved_top;
    let end = fp
        .checked_add(compiled.frame_size as usize)
        .ok_or_else(|| Error::trap(TrapCode::StackOverflow))?;
    inner.stack.reserve(end, inner.limits.max_value_stack)?;
    let params = compiled.num_params as usize;
    let frame = &mut inner.stack.cells_mut()[fp..end];
    let (args, rest) = frame.split_at_mut(params.min(frame.len()));
    for (slot, arg) in args.iter_mut().zip(cells.iter()) {
        *slot = *arg;
    }
    let locals = (compiled.num_locals as usize).min(rest.len());
    if locals != 0 {
        rest[..locals].fill(0);
    }

    let entry_depth = inner.frames.len();
    inner.frames.push(Frame {
        ret_ip: core::ptr::null(),
        fp,
        instance: u32::MAX,
        func: u32::MAX,
    });
    inner.stack.top = end;
    let mut state = ExecState {
        ip: compiled.code.as_ptr(),
        fp,
        instance,
        func: code + module.num_imported_funcs,
    };
    let result = run(store, &mut state, entry_depth);
    let inner = &mut store.inner;
    inner.frames.truncate(entry_depth);
    inner.stack.top = saved_top;
    result?;
    let results = module
        .func_type(code + module.num_imported_funcs)
        .map_or(0, |ty| ty.result_cells() as usize);
    let Some(results) = inner.stack.cells().get(fp..fp + results) else {
        return Err(Error::trap(TrapCode::StackOverflow));
    };
    for (out, cell) in cells.iter_mut().zip(results) {
        *out = *cell;
    }
    Ok(())
}

/// Runs the interpreter until the entry function returns, calling host functions as it asks.
fn run<T>(store: &mut Store<T>, state: &mut ExecState, entry_depth: usize) -> Result<()> {
    loop {
        match execute(&mut store.inner, state) {
            Ok(Outcome::Return) => return Ok(()),
            Ok(Outcome::HostCall { host, base }) => {
                let inner = &mut store.inner;
                if inner.frames.len() >= inner.limits.max_call_depth as usize {
                    let backtrace = backtrace(inner, state, entry_depth, true, 0);
                    return Err(Error::trap(TrapCode::StackOverflow).with_backtrace(backtrace));
                }
                inner.frames.push(Frame {
                    ret_ip: state.ip,
                    fp: state.fp,
                    instance: state.instance,
                    func: state.func,
                });
                let saved_top = inner.stack.top;
                let result = call_host_on_stack(store, host, state.instance, base);
                let inner = &mut store.inner;
                inner.stack.top = saved_top;
                inner.frames.pop();
                if let Err(error) = result {
                    // An exception the host function threw (or let through) unwinds from the call.
                    if let Some(exn) = error.exception().filter(|e| e.store_id() == inner.id) {
                        unwind(inner, state, entry_depth, exn.index(), true)?;
                        continue;
                    }
                    let backtrace = backtrace(inner, state, entry_depth, true, 0);
                    return Err(error.with_backtrace(backtrace));
                }
            }
            Ok(Outcome::Throw { exn }) => unwind(&mut store.inner, state, entry_depth, exn, false)?,
            Err(Trapped { code, past }) => {
                let backtrace = backtrace(&store.inner, state, entry_depth, false, past);
                return Err(Error::trap(code).with_backtrace(backtrace));
            }
        }
    }
}

/// Unwinds exception `exn` (a store index) thrown at `state.ip` (or by the call just before it, when `after_call`):
/// frame by frame, the innermost `try_table` clause that catches it gets its values and `state` continues at the
/// clause's landing pad. An exception no clause of this execution catches leaves it as an error carrying it.
fn unwind(
    store: &mut StoreInner,
    state: &mut ExecState,
    entry_depth: usize,
    exn: u32,
    after_call: bool,
) -> Result<()> {
    let Some(tag) = store
        .exns
        .get(exn as usize)
        .map(|e| e.tag)
        .filter(|t| *t != u32::MAX)
    else {
        return Err(Error::usage("dangling exception"));
    };
    let mut after_call = after_call;
    loop {
        if let Some((clause, pad)) = find_catch(store, state, tag, after_call) {
            let fields = store
                .exns
                .get(exn as usize)
                .map_or(&[][..], |e| &e.fields[..]);
            let mut values: Vec<u64> = Vec::with_capacity(fields.len() + 1);
            if clause.tag.is_some() {
                values.extend_from_slice(fields);
            }
            if clause.with_ref {
                values.push(u64::from(exn) + 1);
                if let Some(e) = store.exns.get(exn as usize) {
                    e.held_by(crate::store::ExnState::Guest);
                }
            } else {
                store.release_exn(exn);
            }
            let dst = state.fp + clause.dst as usize;
            // Translation keeps the pad's values inside the frame, which is reserved.
            let Some(slots) = store.stack.cells_mut().get_mut(dst..dst + values.len()) else {
                return Err(Error::trap(TrapCode::StackOverflow));
            };
            slots.copy_from_slice(&values);
            state.ip = pad;
            return Ok(());
        }
        // No catch in this function: continue in its caller, if this execution has one. With fuel, leaving a
        // frame costs a unit, so one throw cannot do unbounded work for the one unit `throw` costs.
        if store.engine.config().consume_fuel {
            if store.metering.fuel == 0 {
                return Err(Error::trap(TrapCode::OutOfFuel));
            }
            store.metering.fuel -= 1;
        }
        match store.frames.pop() {
            Some(frame) if store.frames.len() > entry_depth && !frame.ret_ip.is_null() => {
                state.ip = frame.ret_ip;
                state.fp = frame.fp;
                state.instance = frame.instance;
                state.func = frame.func;
                after_call = true;
            }
            other => {
                if let Some(frame) = other {
                    store.frames.push(frame);
                }
                if let Some(e) = store.exns.get(exn as usize) {
                    e.held_by(crate::store::ExnState::Host);
                }
                return Err(Error::throw(crate::tag::ExnRef::from_parts(store.id, exn)));
            }
        }
    }
}

/// The clause of the running function at `state` that catches an exception of store tag `tag`, with the
/// address of its landing pad.
fn find_catch(
    store: &StoreInner,
    state: &ExecState,
    tag: u32,
    after_call: bool,
) -> Option<(crate::ir::CatchClause, *const crate::ir::Threaded)> {
    let instance = store.instances.get(state.instance as usize)?;
    let module = &instance.module;
    let compiled = module
        .code
        .get(state.func.checked_sub(module.num_imported_funcs)? as usize)?
        .get()?;
    if compiled.catches.is_empty() {
        return None;
    }
    let base = compiled.code.as_ptr() as usize;
    let at = (state.ip as usize).checked_sub(base)? / core::mem::size_of::<crate::ir::Threaded>();
    let at = at.checked_sub(usize::from(after_call))?;
    // A tail call has left its function, handlers included, even when its callee (a host function) runs while
    // the frame is still there.
    if after_call
        && matches!(
            compiled.code.get(at).map(crate::ir::Threaded::translated),
            Some(
                crate::ir::Instr::ReturnCallImported { .. }
                    | crate::ir::Instr::ReturnCallIndirect { .. }
                    | crate::ir::Instr::ReturnCallRef { .. }
            )
        )
    {
        return None;
    }
    let clause = crate::ir::TryRegion::find(&compiled.catches, at as u32, |t| {
        instance.tags.get(t as usize) == Some(&tag)
    })?;
    let pad = compiled.code.get(clause.pad as usize)?;
    Some((clause, pad as *const crate::ir::Threaded))
}

/// Calls a host function whose arguments are in the value stack at `base`; writes its results there.
///
/// At a call the arguments are the top of the caller's operand stack, so nothing of the caller lives above
/// `base + max(params, results)`: a nested execution started by the host function begins there.
fn call_host_on_stack<T>(
    store: &mut Store<T>,
    host: u32,
    instance: u32,
    base: usize,
) -> Result<()> {
    let Some(func) = store.host_funcs.get(host as usize) else {
        return Err(Error::usage("dangling host function"));
    };
    let (params, results) = func.arity;
    let len = params.max(results);
    store.inner.stack.top = store.inner.stack.top.max(base + len);
    let mut inline = [0u64; INLINE_CELLS];
    let mut heap = Vec::new();
    let cells: &mut [u64] = if len <= INLINE_CELLS {
        &mut inline[..len]
    } else {
        heap.resize(len, 0);
        &mut heap
    };
    let stack = store.inner.stack.cells();
    let Some(args) = stack.get(base..base + params) else {
        return Err(Error::trap(TrapCode::StackOverflow));
    };
    for (cell, arg) in cells.iter_mut().zip(args) {
        *cell = *arg;
    }
    call_host(store, host, Some(instance), cells)?;
    let stack = store.inner.stack.cells_mut();
    let Some(out) = stack.get_mut(base..base + results) else {
        return Err(Error::trap(TrapCode::StackOverflow));
    };
    for (out, cell) in out.iter_mut().zip(cells.iter()) {
        *out = *cell;
    }
    Ok(())
}

/// Calls host function `host` with `cells` as arguments and results.
fn call_host<T>(
    store: &mut Store<T>,
    host: u32,
    instance: Option<u32>,
    cells: &mut [u64],
) -> Result<()> {
    store.inner.metering.host_calls += 1;
    let Some(func) = store
        .host_funcs
        .get(host as usize)
        .map(|f| Arc::as_ptr(&f.call))
    else {
        return Err(Error::usage("dangling host function"));
    };
    // SAFETY: the closure lives in an `Arc` owned by `store.host_funcs`, which only ever grows: no entry is
    // removed or replaced while the store lives, so the closure outlives this call even if the host function adds
    // host functions (moving the `Arc`s, not what they point to). Only shared access is taken (`Fn`).
    let func = unsafe { &*func };
    func(store, instance, cells)
}

/// The wasm frames of the current execution, innermost first (bounded: see [`WasmBacktrace`]). The innermost
/// frame's `state.ip` is the trapping instruction (its operator `past` code bytes after the one the instruction
/// is mapped to, see [`Trapped`]), or, when `at_host_call`, the one after the call that is running a host
/// function; a caller's saved `ret_ip` is the one after its call.
fn backtrace(
    store: &StoreInner,
    state: &ExecState,
    entry_depth: usize,
    at_host_call: bool,
    past: u16,
) -> WasmBacktrace {
    let suspended = store.frames.get(entry_depth + 1..).unwrap_or(&[]);
    // Each suspended wasm caller is one frame; entry markers of nested executions are not.
    let callers: Vec<&Frame> = suspended
        .iter()
        .rev()
        .filter(|frame| !frame.ret_ip.is_null())
        .collect();
    WasmBacktrace::collect(1 + callers.len(), |i| match i.checked_sub(1) {
        None => frame_info(
            store,
            state.instance,
            state.func,
            state.ip,
            at_host_call,
            past,
        ),
        Some(caller) => callers
            .get(caller)
            .map_or(FrameInfo::new(None, u32::MAX, None, None), |frame| {
                frame_info(store, frame.instance, frame.func, frame.ret_ip, true, 0)
            }),
    })
}

/// What a backtrace shows of function `func` of `instance`, stopped at instruction `ip` (or just after it, when
/// `after`), at the operator `past` code bytes after the one that instruction is mapped to.
fn frame_info(
    store: &StoreInner,
    instance: u32,
    func: u32,
    ip: *const crate::ir::Threaded,
    after: bool,
    past: u16,
) -> FrameInfo {
    let module = store.instances.get(instance as usize).map(|i| &i.module);
    let code_offset = module.and_then(|m| {
        let compiled = m
            .code
            .get(func.checked_sub(m.num_imported_funcs)? as usize)?
            .get()?;
        // Addresses only, compared and subtracted: nothing is dereferenced.
        let start = compiled.code.as_ptr() as usize;
        let index = (ip as usize).checked_sub(start)? / size_of::<crate::ir::Threaded>();
        let index = if after { index.checked_sub(1)? } else { index };
        compiled.offsets.get(index)?.checked_add(u32::from(past))
    });
    FrameInfo::new(
        module.and_then(|m| m.name.clone()),
        func,
        module.and_then(|m| m.func_names.get(&func).cloned()),
        code_offset,
    )
}
