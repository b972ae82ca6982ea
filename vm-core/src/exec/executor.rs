//! Entering and leaving the interpreter: the context every handler shares, and the conversion between the
//! driver's saved [`ExecState`] and the handlers' register state.
//!
//! Invariants the handlers rely on (every `unsafe` operation in `handlers.rs` is justified by them):
//! - `ip` points into the threaded code of a function of the current instance's module, which the instance keeps
//!   alive (an `Arc<ModuleInner>`); translation ends every path with a return, branch or trap, and every branch
//!   offset targets an instruction of the same function, so `ip` never leaves the code (threaded code holds the
//!   offsets in bytes, which no function is too long for: see `CompiledFunc::new`);
//! - `fp` points at the current frame in `store.stack.cells()`; the whole frame (`frame_size` cells) was reserved
//!   when the function was entered, and translation only emits slots below `frame_size`; whenever the cells may
//!   move (a reservation at a call), `stack_base` and `fp` are re-derived;
//! - `cx.cache` points into the current instance's boxed index slices and module, which never move while the store
//!   lives; validation guarantees that every function, global, table and memory index is in range;
//! - `mem`/`len` describe the current instance's memory 0 and are reloaded after anything that can resize it
//!   (memory.grow, instance switches; host calls leave the interpreter), and every access is bounds-checked
//!   against `len` first;
//! - `cx.epoch` points at the engine's epoch counter and `cx.interrupt` at the store's interrupt flag, both kept
//!   alive by the store (its `Engine` and its `Arc` of the flag) for the whole run; `cx.fuel` is the store's
//!   fuel while the interpreter runs and is written back whenever it is left.

use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicU64};

use super::dispatch::{self, Exit, Threaded};
use crate::compile::LazyFunc;
use crate::store::StoreInner;
use crate::trap::TrapCode;

/// Where an execution stands; saved when the interpreter is left and restored when it is resumed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExecState {
    /// The next instruction to execute.
    pub(crate) ip: *const Threaded,
    /// Offset of the current frame in the value stack.
    pub(crate) fp: usize,
    /// The current instance (store index).
    pub(crate) instance: u32,
    /// The current function's index in its module.
    pub(crate) func: u32,
}

/// Why the interpreter stopped without trapping.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome {
    /// The execution's entry function returned; its results are at the start of its frame.
    Return,
    /// A host function must be called with its arguments at value-stack offset `base`; resume at `state.ip`.
    HostCall { host: u32, base: usize },
    /// Exception `exn` (a store index) was thrown at `state.ip`.
    Throw { exn: u32 },
}

/// A trap, and the operator that trapped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trapped {
    /// What trapped.
    pub(crate) code: TrapCode,
    /// How many code bytes the trapping operator is past the one the instruction at `state.ip` is mapped to:
    /// nonzero only for the second access of a fused instruction (see `Instr::Load32Store32`).
    pub(crate) past: u16,
}

/// Raw views of the current instance, re-derived whenever the instance changes.
#[derive(Clone, Copy)]
pub(crate) struct InstanceCache {
    pub(crate) code: *const LazyFunc,
    pub(crate) funcs: *const u32,
    pub(crate) globals: *const u32,
    pub(crate) tables: *const u32,
    pub(crate) memories: *const u32,
    pub(crate) tags: *const u32,
    pub(crate) num_imported_funcs: u32,
}

impl InstanceCache {
    pub(crate) fn load(store: &StoreInner, instance: u32) -> Self {
        match store.instances.get(instance as usize) {
            Some(inst) => Self {
                code: inst.module.code.as_ptr(),
                funcs: inst.funcs.as_ptr(),
                globals: inst.globals.as_ptr(),
                tables: inst.tables.as_ptr(),
                memories: inst.memories.as_ptr(),
                tags: inst.tags.as_ptr(),
                num_imported_funcs: inst.module.num_imported_funcs,
            },
            None => Self {
                code: ptr::null(),
                funcs: ptr::null(),
                globals: ptr::null(),
                tables: ptr::null(),
                memories: ptr::null(),
                tags: ptr::null(),
                num_imported_funcs: 0,
            },
        }
    }
}

/// Base pointer and length of instance `instance`'s memory 0 (null and 0 without one).
pub(crate) fn memory0(store: &mut StoreInner, instance: u32) -> (*mut u8, usize) {
    let memory = store
        .instances
        .get(instance as usize)
        .and_then(|inst| inst.memories.first().copied());
    match memory.and_then(|m| store.memories.get_mut(m as usize)) {
        Some(memory) => (memory.bytes.as_mut_ptr(), memory.bytes.len()),
        None => (ptr::null_mut(), 0),
    }
}

/// The state the handlers share beyond their register arguments.
pub(crate) struct Ctx {
    pub(crate) store: *mut StoreInner,
    pub(crate) stack_base: *mut u64,
    pub(crate) stack_len: usize,
    pub(crate) cache: InstanceCache,
    pub(crate) inst: u32,
    pub(crate) func: u32,
    pub(crate) max_depth: usize,
    pub(crate) max_stack: usize,
    /// The register state, kept here when a handler exits (and between handlers in the loop strategy).
    pub(crate) ip: *const Threaded,
    pub(crate) fp: *mut u64,
    #[cfg_attr(
        capvm_threaded,
        allow(dead_code, reason = "only the loop strategy keeps memory here")
    )]
    pub(crate) mem: *mut u8,
    #[cfg_attr(
        capvm_threaded,
        allow(dead_code, reason = "only the loop strategy keeps memory here")
    )]
    pub(crate) len: usize,
    /// The trap, after [`Exit::Trap`].
    pub(crate) trap: TrapCode,
    /// How far past its instruction's code offset the trapping operator is (see [`Trapped::past`]).
    pub(crate) trap_past: u16,
    /// The host function and its argument offset, after [`Exit::HostCall`].
    pub(crate) host: u32,
    pub(crate) host_base: usize,
    /// The thrown exception (a store index), after [`Exit::Throw`].
    pub(crate) exn: u32,
    /// Fuel left; written back to the store whenever the interpreter is left.
    pub(crate) fuel: u64,
    /// The longest bulk operation the store's limits allow to be in bounds (the largest memory, in bytes, or
    /// table they allow); a longer one is checked against the entities that exist (see `largest_entity`).
    pub(crate) bulk_cap: u64,
    /// The engine's epoch counter and the store's deadline and interrupt flag (see `crate::metering`).
    pub(crate) epoch: *const AtomicU64,
    pub(crate) deadline: u64,
    pub(crate) interrupt: *const AtomicBool,
}

impl Ctx {
    /// Saves the register state before leaving the interpreter.
    #[inline(always)]
    pub(crate) fn save(&mut self, ip: *const Threaded, fp: *mut u64) {
        self.ip = ip;
        self.fp = fp;
    }

    /// Leaves with a trap at `ip`.
    #[cold]
    #[inline(never)]
    pub(crate) fn trap(&mut self, ip: *const Threaded, fp: *mut u64, code: TrapCode) -> Exit {
        self.trap_past(ip, fp, code, 0)
    }

    /// Leaves with a trap of the operator `past` code bytes after the one instruction `ip` is mapped to (the
    /// second access of a fused instruction).
    #[cold]
    #[inline(never)]
    pub(crate) fn trap_past(
        &mut self,
        ip: *const Threaded,
        fp: *mut u64,
        code: TrapCode,
        past: u16,
    ) -> Exit {
        self.save(ip, fp);
        self.trap = code;
        self.trap_past = past;
        Exit::Trap
    }

    /// The store. The context only holds a pointer to it, so the borrow is independent of the context's.
    ///
    /// # Safety
    ///
    /// No other reference to the store may be live while the returned one is used.
    #[inline(always)]
    pub(crate) unsafe fn store<'a>(&self) -> &'a mut StoreInner {
        // SAFETY: `store` comes from the `&mut StoreInner` given to `execute`, which outlives the handlers.
        unsafe { &mut *self.store }
    }

    /// Entry `index` of the current function's constant pool (0 if there is none: translation only names
    /// entries that exist).
    #[inline(always)]
    pub(crate) fn pool(&self, index: u32) -> u128 {
        let code = self.func.wrapping_sub(self.cache.num_imported_funcs) as usize;
        // SAFETY: `cache.code` points at the current instance's module's compiled functions, and `func` is the
        // running function, a function of that module defined in it (imports never run as wasm code).
        let func = unsafe { &*self.cache.code.add(code) };
        func.get()
            .and_then(|f| f.consts.get(index as usize))
            .copied()
            .unwrap_or(0)
    }

    /// Switches to instance `instance`, returning its memory 0.
    #[inline(never)]
    pub(crate) fn switch_instance(&mut self, instance: u32) -> (*mut u8, usize) {
        self.inst = instance;
        // SAFETY: no other reference to the store is live while a handler runs this.
        let store = unsafe { &mut *self.store };
        self.cache = InstanceCache::load(store, instance);
        memory0(store, instance)
    }
}

/// Runs from `state` until the entry function returns, a host function must be called, or a trap.
///
/// On a trap, `state` describes the trapping instruction, for backtraces.
pub(crate) fn execute(store: &mut StoreInner, state: &mut ExecState) -> Result<Outcome, Trapped> {
    let (mem, len) = memory0(store, state.instance);
    let stack_base = store.stack.cells_mut().as_mut_ptr();
    // SAFETY: `state.fp` is the offset of a frame inside `store.stack.cells()`.
    let fp = unsafe { stack_base.add(state.fp) };
    let mut cx = Ctx {
        stack_base,
        stack_len: store.stack.cells().len(),
        cache: InstanceCache::load(store, state.instance),
        inst: state.instance,
        func: state.func,
        max_depth: store.limits.max_call_depth as usize,
        max_stack: store.limits.max_value_stack,
        ip: state.ip,
        fp,
        mem,
        len,
        trap: TrapCode::UnreachableCodeReached,
        trap_past: 0,
        host: 0,
        host_base: 0,
        exn: 0,
        fuel: store.metering.fuel,
        bulk_cap: store
            .limits
            .max_memory_pages
            .saturating_mul(65_536)
            .max(store.limits.max_table_elements)
            .max(store.limits.max_total_table_elements),
        epoch: store.engine.epoch_counter(),
        deadline: store.metering.epoch_deadline,
        interrupt: &store.metering.interrupt.requested,
        store,
    };
    // SAFETY: `state` was saved by a previous run or set up by the driver at a function entry, so it is a valid
    // interpreter state; `cx` outlives the run.
    let exit = unsafe { dispatch::run(state.ip, fp, mem, len, &mut cx) };
    state.ip = cx.ip;
    // SAFETY: `cx.fp` and `cx.stack_base` point into the same cell buffer.
    state.fp = unsafe { cx.fp.offset_from(cx.stack_base) } as usize;
    state.instance = cx.inst;
    state.func = cx.func;
    // SAFETY: the handlers have returned, so no other reference to the store is live.
    unsafe { cx.store() }.metering.fuel = cx.fuel;
    match exit {
        Exit::Return | Exit::Continue => Ok(Outcome::Return),
        Exit::HostCall => Ok(Outcome::HostCall {
            host: cx.host,
            base: cx.host_base,
        }),
        Exit::Trap => Err(Trapped {
            code: cx.trap,
            past: cx.trap_past,
        }),
        Exit::Throw => Ok(Outcome::Throw { exn: cx.exn }),
    }
}
