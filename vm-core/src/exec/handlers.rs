//! What each instruction does: one handler body per [`Instr`](crate::ir::Instr) variant.
//!
//! Numeric semantics come from [`super::ops`]; these bodies only move cells between slots, memory and tables, and
//! transfer control: `next!()` continues with the following instruction, `jump!(offset)` branches and
//! `resume!(ip, fp, mem, len)` continues with a new state (see `dispatch.rs`). Every body runs inside an `unsafe`
//! block justified by the invariants in `executor.rs`.

use core::ptr;
use core::sync::atomic::Ordering;

use super::cell::Cell;
use super::dispatch::{Exit, Threaded};
use super::executor::Ctx;
use super::ops;
use super::simd;
use crate::ir::{CompiledFunc, MemRef, NarrowSlot, Slot};
use crate::memory_access::{self, effective32};
use crate::store::{Frame, FuncEntity, GrowRequest, Growing, MemoryEntity};
use crate::trap::TrapCode;

/// Reads slot `slot` of the frame at `fp`.
///
/// # Safety
///
/// `slot` is below the frame size of the frame at `fp`.
#[inline(always)]
unsafe fn get(fp: *mut u64, slot: Slot) -> u64 {
    // SAFETY: guaranteed by the caller.
    unsafe { *fp.add(slot as usize) }
}

/// The i32 sum of slots `addr` and `index` of the frame at `fp`, wrapping: the address a fused `i32.add` feeds
/// to an access.
///
/// # Safety
///
/// As [`get`], for both slots.
#[inline(always)]
unsafe fn added(fp: *mut u64, addr: Slot, index: NarrowSlot) -> u32 {
    // SAFETY: guaranteed by the caller.
    unsafe { (get(fp, addr) as u32).wrapping_add(get(fp, Slot::from(index)) as u32) }
}

/// The i32 sum of slot `addr` of the frame at `fp` and `imm`, wrapping: the address a fused `i32.add` of a
/// constant feeds to an access.
///
/// # Safety
///
/// As [`get`].
#[inline(always)]
unsafe fn added_imm(fp: *mut u64, addr: NarrowSlot, imm: i32) -> u32 {
    // SAFETY: guaranteed by the caller.
    unsafe { (get(fp, Slot::from(addr)) as u32).wrapping_add(imm as u32) }
}

/// `((value + add) & mask) << shift` (i32, wrapping; the shift modulo 32): the masked, scaled index of
/// [`I32AddAndShl`](crate::ir::Instr::I32AddAndShl) and [`I32AddAndShlAdd`](crate::ir::Instr::I32AddAndShlAdd).
#[inline(always)]
fn masked_index(value: i32, add: i16, mask: i16, shift: u8) -> i32 {
    let index = ops::i32_and(ops::i32_add(value, i32::from(add)), i32::from(mask));
    ops::i32_shl(index, i32::from(shift))
}

/// The i32 in slot `index` of the frame at `fp` shifted left by `shift` (modulo 32): the address a fused
/// `i32.shl` by a constant feeds to an access.
///
/// # Safety
///
/// As [`get`].
#[inline(always)]
unsafe fn shifted(fp: *mut u64, index: Slot, shift: u8) -> u32 {
    // SAFETY: guaranteed by the caller.
    ops::i32_shl(unsafe { get(fp, index) } as i32, i32::from(shift)) as u32
}

/// Writes slot `slot` of the frame at `fp`.
///
/// # Safety
///
/// As [`get`].
#[inline(always)]
unsafe fn set(fp: *mut u64, slot: Slot, value: u64) {
    // SAFETY: guaranteed by the caller.
    unsafe { *fp.add(slot as usize) = value }
}

/// Reads the `v128` in slots `slot..slot + 2` of the frame at `fp` (the low half in the first).
///
/// # Safety
///
/// `slot + 1` is below the frame size of the frame at `fp`.
#[inline(always)]
unsafe fn get128(fp: *mut u64, slot: Slot) -> simd::V128 {
    // On a little-endian host the two cells hold the vector's 16 bytes in memory order: one 16-byte read.
    #[cfg(target_endian = "little")]
    // SAFETY: guaranteed by the caller; byte arrays have alignment 1.
    unsafe {
        *fp.add(slot as usize).cast::<simd::V128>()
    }
    #[cfg(not(target_endian = "little"))]
    // SAFETY: guaranteed by the caller.
    unsafe {
        simd::from_bits(u128::from(get(fp, slot)) | (u128::from(get(fp, slot + 1)) << 64))
    }
}

/// Writes a `v128` to slots `slot..slot + 2` of the frame at `fp`.
///
/// # Safety
///
/// As [`get128`].
#[inline(always)]
unsafe fn set128(fp: *mut u64, slot: Slot, value: simd::V128) {
    #[cfg(target_endian = "little")]
    // SAFETY: guaranteed by the caller; byte arrays have alignment 1.
    unsafe {
        *fp.add(slot as usize).cast::<simd::V128>() = value;
    }
    #[cfg(not(target_endian = "little"))]
    // SAFETY: guaranteed by the caller.
    unsafe {
        let bits = simd::to_bits(value);
        set(fp, slot, bits as u64);
        set(fp, slot + 1, (bits >> 64) as u64);
    }
}

/// Memory `memory` of the current instance.
///
/// # Safety
///
/// The interpreter invariants hold (validation bounds `memory` by the module's memories).
#[inline(always)]
unsafe fn memory_entity<'a>(cx: &mut Ctx, memory: u32) -> Option<&'a mut MemoryEntity> {
    // SAFETY: the index is in range of the instance's memories (validation); no other reference to the store is
    // live in a handler.
    unsafe {
        let m = *cx.cache.memories.add(memory as usize);
        cx.store().memories.get_mut(m as usize)
    }
}

/// Leaves the interpreter so that the store's grow hook, a host function registered with its resource limiter
/// (see `store/limiter.rs`), serves the request the handler left in the store: the hook is called like a host
/// function without arguments, its one result (what `memory.grow`/`table.grow` leave) lands in slot `dst`, and
/// execution resumes at the next instruction, with memory reloaded.
///
/// Out of line and with plain arguments, so that the grow handlers keep no stack slot whose address escapes
/// (which would stop their other path from continuing with a tail call).
///
/// # Safety
///
/// The interpreter invariants hold, `ip` is a grow instruction and `dst` a slot of the frame at `fp`.
#[cold]
#[inline(never)]
unsafe fn ask_grow_hook(
    cx: &mut Ctx,
    ip: *const Threaded,
    fp: *mut u64,
    hook: u32,
    dst: Slot,
) -> Exit {
    // SAFETY: `fp` and `stack_base` point into the same cell buffer.
    let fp_offset = unsafe { fp.offset_from(cx.stack_base) } as usize;
    // SAFETY: a grow instruction is never the last instruction of a function (translation ends each with a
    // return).
    cx.save(unsafe { ip.add(1) }, fp);
    cx.host = hook;
    cx.host_base = fp_offset + dst as usize;
    Exit::HostCall
}

/// The value of an address or length operand of a memory with the given index type (`memory64`): a 32-bit one
/// is the low half of its cell.
#[inline(always)]
fn index_operand(cell: u64, memory64: bool) -> u64 {
    if memory64 {
        cell
    } else {
        u64::from(cell as u32)
    }
}

/// Where the `size` bytes at the address in slot `addr` plus the static offset of constant-pool entry `memref`
/// are in the memory the entry names, if they are all in bounds.
///
/// # Safety
///
/// The interpreter invariants hold, `addr` is a slot of the frame at `fp`, and `memref` names a [`MemRef`].
#[inline(always)]
unsafe fn memory_at(
    cx: &mut Ctx,
    fp: *mut u64,
    addr: Slot,
    memref: u32,
    size: u64,
) -> Option<*mut u8> {
    let m = MemRef::decode(cx.pool(memref));
    // SAFETY: `addr` is a slot of the frame.
    let start = index_operand(unsafe { get(fp, addr) }, m.memory64).checked_add(m.offset)?;
    // SAFETY: as for this function.
    let memory = unsafe { memory_entity(cx, m.memory) }?;
    let range = memory_access::range(start, size, memory.bytes.len())?;
    // SAFETY: `range` lies inside the memory's accessible bytes.
    Some(unsafe { memory.bytes.as_mut_ptr().add(range.start) })
}

/// Base pointer and length of memory `memory` of the current instance (null and 0 if it does not exist).
///
/// # Safety
///
/// As [`memory_entity`].
#[inline(always)]
unsafe fn memory_bytes(cx: &mut Ctx, memory: u32) -> (*mut u8, usize) {
    // SAFETY: as for this function.
    match unsafe { memory_entity(cx, memory) } {
        Some(m) => (m.bytes.as_mut_ptr(), m.bytes.len()),
        None => (ptr::null_mut(), 0),
    }
}

/// Writes `bytes` at `at` (byte arrays have alignment 1, so any address works).
///
/// # Safety
///
/// `at..at + N` is inside a live allocation.
#[inline(always)]
unsafe fn put<const N: usize>(at: *mut u8, bytes: [u8; N]) {
    // SAFETY: guaranteed by the caller.
    unsafe { *at.cast::<[u8; N]>() = bytes }
}

/// The register state handlers pass on.
type State = (*const Threaded, *mut u64, *mut u8, usize);

/// Enters a wasm function: checks the call depth, reserves its frame, saves the caller and zeroes the callee's
/// declared locals. Returns the callee's frame pointer.
///
/// # Safety
///
/// The interpreter invariants hold, and `base` is a slot of the caller's frame.
#[inline(always)]
unsafe fn enter(
    cx: &mut Ctx,
    ip: *const Threaded,
    fp: *mut u64,
    callee: &CompiledFunc,
    base: Slot,
) -> Result<*mut u64, TrapCode> {
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    if store.frames.len() >= cx.max_depth {
        return Err(TrapCode::StackOverflow);
    }
    // SAFETY: `fp` and `stack_base` point into the same cell buffer.
    let caller_fp = unsafe { fp.offset_from(cx.stack_base) } as usize;
    let callee_fp = caller_fp + base as usize;
    let end = callee_fp + callee.frame_size as usize;
    if end > cx.stack_len {
        grow_stack(cx, end)?;
    }
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    // SAFETY: the caller's instruction is followed by at least one more (translation ends paths explicitly).
    let ret_ip = unsafe { ip.add(1) };
    store.frames.push(Frame {
        ret_ip,
        fp: caller_fp,
        instance: cx.inst,
        func: cx.func,
    });
    // SAFETY: `end` cells are reserved, so the callee's frame is inside the buffer.
    unsafe {
        let fp = cx.stack_base.add(callee_fp);
        if callee.num_locals != 0 {
            ptr::write_bytes(
                fp.add(callee.num_params as usize),
                0,
                callee.num_locals as usize,
            );
        }
        Ok(fp)
    }
}

/// Enters a wasm function in place of the current one (a tail call): moves the callee's arguments from `base`
/// to the start of the current frame, reserves the callee's frame there and zeroes its declared locals. No frame
/// is saved, so the callee returns straight to the current function's caller. Returns the (possibly moved)
/// frame pointer.
///
/// # Safety
///
/// The interpreter invariants hold, and `base..base + callee.num_params` are slots of the current frame.
#[inline(always)]
unsafe fn enter_tail(
    cx: &mut Ctx,
    fp: *mut u64,
    callee: &CompiledFunc,
    base: Slot,
) -> Result<*mut u64, TrapCode> {
    // SAFETY: `fp` and `stack_base` point into the same cell buffer.
    let frame = unsafe { fp.offset_from(cx.stack_base) } as usize;
    // SAFETY: the arguments are slots of the current frame, and the destination starts below them, so a
    // forward (overlap-safe) copy within the reserved frame is in bounds.
    unsafe { ptr::copy(fp.add(base as usize), fp, callee.num_params as usize) };
    let end = frame + callee.frame_size as usize;
    if end > cx.stack_len {
        grow_stack(cx, end)?;
    }
    // SAFETY: `end` cells are reserved, so the callee's frame is inside the buffer.
    unsafe {
        let fp = cx.stack_base.add(frame);
        if callee.num_locals != 0 {
            ptr::write_bytes(
                fp.add(callee.num_params as usize),
                0,
                callee.num_locals as usize,
            );
        }
        Ok(fp)
    }
}

/// Grows the value stack to at least `end` cells, re-deriving the base pointer.
#[cold]
#[inline(never)]
fn grow_stack(cx: &mut Ctx, end: usize) -> Result<(), TrapCode> {
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    store
        .stack
        .reserve(end, cx.max_stack)
        .map_err(|_| TrapCode::StackOverflow)?;
    cx.stack_base = store.stack.cells_mut().as_mut_ptr();
    cx.stack_len = store.stack.cells().len();
    Ok(())
}

/// Returns to the caller, or leaves the interpreter if the returning function is the execution's entry.
///
/// # Safety
///
/// The interpreter invariants hold.
#[inline(always)]
unsafe fn leave(cx: &mut Ctx, state: State) -> Result<State, Exit> {
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    // The entry marker (a null `ret_ip`) stays: the driver removes it.
    match store.frames.last().copied() {
        Some(frame) if !frame.ret_ip.is_null() => {
            store.frames.pop();
            cx.func = frame.func;
            // SAFETY: the frame was saved by `enter` with an offset inside the (possibly since moved) buffer.
            let fp = unsafe { cx.stack_base.add(frame.fp) };
            let (mem, len) = if frame.instance == cx.inst {
                (state.2, state.3)
            } else {
                cx.switch_instance(frame.instance)
            };
            Ok((frame.ret_ip, fp, mem, len))
        }
        _ => {
            cx.save(state.0, state.1);
            Err(Exit::Return)
        }
    }
}

/// The common case of a return, which makes no call (so the return handlers' common path is straight-line code
/// ending in a jump, with nothing spilled around a call): to a caller of the same instance. Pops its frame as
/// [`leave`] does and returns where the caller resumes and its frame, or `None` (nothing changed) where [`leave`]
/// must do it (an instance switch, the end of the execution).
///
/// # Safety
///
/// The interpreter invariants hold.
#[inline(always)]
unsafe fn leave_fast(cx: &mut Ctx) -> Option<(*const Threaded, *mut u64)> {
    // SAFETY: no other reference to the store is live in a handler.
    let frames = unsafe { &mut cx.store().frames };
    let frame = *frames.last()?;
    if frame.ret_ip.is_null() || frame.instance != cx.inst {
        return None;
    }
    frames.pop();
    cx.func = frame.func;
    // SAFETY: the frame was saved by `enter` with an offset inside the (possibly since moved) buffer.
    Some((frame.ret_ip, unsafe { cx.stack_base.add(frame.fp) }))
}

/// Calls the store function `f` with its arguments at `base`: a wasm function is entered (in place of the current
/// one when `tail`), a host function makes the interpreter exit so the driver can call it; it resumes at the next
/// instruction (for a tail call, the return that follows it).
///
/// # Safety
///
/// The interpreter invariants hold.
#[inline(always)]
unsafe fn call_store_func(
    cx: &mut Ctx,
    state: State,
    f: u32,
    base: Slot,
    tail: bool,
) -> Result<State, Exit> {
    let (ip, fp, mem, len) = state;
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    match store.funcs.get(f as usize) {
        Some(&FuncEntity::Wasm { instance, code, .. }) => {
            let Some(module) = store.instances.get(instance as usize).map(|i| &i.module) else {
                return Err(cx.trap(ip, fp, TrapCode::IndirectCallToNull));
            };
            let func = code + module.num_imported_funcs;
            let Some(callee) = module.code.get(code as usize) else {
                return Err(cx.trap(ip, fp, TrapCode::IndirectCallToNull));
            };
            let callee: *const CompiledFunc = match callee.get() {
                Some(callee) => callee,
                None => match callee.force(module) {
                    Ok(callee) => callee,
                    Err(_) => return Err(cx.trap(ip, fp, TrapCode::TranslationFailed)),
                },
            };
            // SAFETY: the module (and its code) lives as long as the instance, i.e. the store.
            let callee = unsafe { &*callee };
            // SAFETY: the interpreter invariants hold.
            let entered = unsafe {
                if tail {
                    enter_tail(cx, fp, callee, base)
                } else {
                    enter(cx, ip, fp, callee, base)
                }
            };
            let new_fp = match entered {
                Ok(new_fp) => new_fp,
                Err(code) => return Err(cx.trap(ip, fp, code)),
            };
            cx.func = func;
            let (mem, len) = if instance == cx.inst {
                (mem, len)
            } else {
                cx.switch_instance(instance)
            };
            Ok((callee.code.as_ptr(), new_fp, mem, len))
        }
        Some(&FuncEntity::Host { host, .. }) => {
            // SAFETY: `fp` and `stack_base` point into the same cell buffer.
            let caller_fp = unsafe { fp.offset_from(cx.stack_base) } as usize;
            // SAFETY: a call is never the last instruction of a function.
            cx.save(unsafe { ip.add(1) }, fp);
            cx.host = host;
            cx.host_base = caller_fp + base as usize;
            Err(Exit::HostCall)
        }
        None => Err(cx.trap(ip, fp, TrapCode::IndirectCallToNull)),
    }
}

/// Calls function `func` of the current module (an index into its compiled functions) with its arguments at
/// `base`, in place of the current function when `tail`.
///
/// # Safety
///
/// The interpreter invariants hold; validation bounds `func` by the module's functions.
#[inline(always)]
unsafe fn call_own(
    cx: &mut Ctx,
    state: State,
    func: u32,
    base: Slot,
    tail: bool,
) -> Result<State, Exit> {
    let (ip, fp, mem, len) = state;
    // SAFETY: `func` is one of the current module's functions, which live as long as the instance.
    let lazy = unsafe { &*cx.cache.code.add(func as usize) };
    let callee = match lazy.get() {
        Some(callee) => callee,
        None => match translate_on_call(cx, func) {
            Some(callee) => callee,
            None => return Err(cx.trap(ip, fp, TrapCode::TranslationFailed)),
        },
    };
    // SAFETY: as for this function.
    let entered = unsafe {
        if tail {
            enter_tail(cx, fp, callee, base)
        } else {
            enter(cx, ip, fp, callee, base)
        }
    };
    match entered {
        Ok(fp) => {
            cx.func = func + cx.cache.num_imported_funcs;
            Ok((callee.code.as_ptr(), fp, mem, len))
        }
        Err(code) => Err(cx.trap(ip, fp, code)),
    }
}

/// Cells a call zeroes inline at a time (see [`enter_own_fast`]).
const LOCALS_BLOCK: usize = 8;

/// The most blocks of [`LOCALS_BLOCK`] cells a call zeroes inline: a callee with more declared locals takes
/// [`call_own`] (which zeroes them with `memset`).
const INLINE_LOCAL_BLOCKS: usize = 4;

/// The common case of a direct call, which makes no call (so the `Call` handler's common path is straight-line
/// code ending in a jump, with nothing spilled around a call): the callee is translated already, the frame list
/// has room for the caller's frame (within the depth limit and its capacity), the value stack has room for the
/// callee's frame, and the callee declares at most [`INLINE_LOCAL_BLOCKS`] blocks of [`LOCALS_BLOCK`] locals.
/// Enters the callee as [`enter`] does and returns its first instruction and frame, or `None` (nothing changed)
/// where [`call_own`] must do it.
///
/// # Safety
///
/// The interpreter invariants hold; validation bounds `func` by the module's functions, and `base` is a slot of
/// the caller's frame.
#[inline(always)]
unsafe fn enter_own_fast(
    cx: &mut Ctx,
    ip: *const Threaded,
    fp: *mut u64,
    func: u32,
    base: Slot,
) -> Option<(*const Threaded, *mut u64)> {
    // SAFETY: `func` is one of the current module's functions, which live as long as the instance.
    let callee = unsafe { &*cx.cache.code.add(func as usize) }.get()?;
    // SAFETY: no other reference to the store is live in a handler.
    let frames = unsafe { &mut cx.store().frames };
    if frames.len() >= cx.max_depth {
        return None;
    }
    // SAFETY: `fp` and `stack_base` point into the same cell buffer.
    let caller_fp = unsafe { fp.offset_from(cx.stack_base) } as usize;
    let callee_fp = caller_fp + base as usize;
    let (blocks, cells) = inline_frame(callee);
    if callee_fp + cells > cx.stack_len || blocks > INLINE_LOCAL_BLOCKS {
        return None;
    }
    let saved = Frame {
        // SAFETY: the caller's instruction is followed by at least one more (translation ends paths explicitly).
        ret_ip: unsafe { ip.add(1) },
        fp: caller_fp,
        instance: cx.inst,
        func: cx.func,
    };
    // Within the capacity, so the frame list does not grow (growing is `call_own`'s).
    frames.spare_capacity_mut().first_mut()?.write(saved);
    // SAFETY: the cell after the last frame was just written.
    unsafe { frames.set_len(frames.len() + 1) };
    // SAFETY: the cells are reserved, so the callee's frame and the zeroed blocks are inside the buffer.
    let callee_frame = unsafe { cx.stack_base.add(callee_fp) };
    // SAFETY: as above.
    unsafe { zero_blocks(callee_frame.add(callee.num_params as usize), blocks) };
    cx.func = func + cx.cache.num_imported_funcs;
    Some((callee.code.as_ptr(), callee_frame))
}

/// The most arguments a tail call moves inline (see [`enter_own_tail_fast`]).
const INLINE_ARGS: usize = 8;

/// The common case of a direct tail call, which makes no call (as [`enter_own_fast`]): the callee is translated
/// already, takes at most [`INLINE_ARGS`] arguments, declares at most [`INLINE_LOCAL_BLOCKS`] blocks of
/// [`LOCALS_BLOCK`] locals, and the value stack has room for its frame in place of the current one. Enters the
/// callee as [`enter_tail`] does and returns its first instruction and frame, or `None` (nothing changed) where
/// [`call_own`] must do it.
///
/// # Safety
///
/// The interpreter invariants hold; validation bounds `func` by the module's functions, and `base..base +`
/// the callee's parameter count are slots of the current frame.
#[inline(always)]
unsafe fn enter_own_tail_fast(
    cx: &mut Ctx,
    fp: *mut u64,
    func: u32,
    base: Slot,
) -> Option<(*const Threaded, *mut u64)> {
    // SAFETY: `func` is one of the current module's functions, which live as long as the instance.
    let callee = unsafe { &*cx.cache.code.add(func as usize) }.get()?;
    let params = callee.num_params as usize;
    let (blocks, cells) = inline_frame(callee);
    // SAFETY: `fp` and `stack_base` point into the same cell buffer.
    let frame = unsafe { fp.offset_from(cx.stack_base) } as usize;
    if frame + cells > cx.stack_len || params > INLINE_ARGS || blocks > INLINE_LOCAL_BLOCKS {
        return None;
    }
    // The arguments move down to the start of the frame, one cell at a time in increasing order: each is read
    // before any write reaches it (the destination starts below the source). A loop of a constant count, so
    // that it stays moves and does not become a call of `memmove`.
    for arg in 0..INLINE_ARGS {
        if arg < params {
            // SAFETY: both cells are in the current frame (the arguments are its slots, the destination below).
            unsafe { *fp.add(arg) = *fp.add(base as usize + arg) };
        }
    }
    // SAFETY: the cells are reserved, so the callee's frame and the zeroed blocks are inside the buffer.
    unsafe { zero_blocks(fp.add(params), blocks) };
    cx.func = func + cx.cache.num_imported_funcs;
    Some((callee.code.as_ptr(), fp))
}

/// How the inline call paths enter `callee`: the blocks of [`LOCALS_BLOCK`] cells that zero its declared locals,
/// and the cells from the start of its frame that entering it writes (its frame, or more where the last block
/// reaches past it into the free cells above it: nothing lives there, the callee's frame being the top one).
/// The paths take only callees of at most [`INLINE_LOCAL_BLOCKS`] blocks.
#[inline(always)]
fn inline_frame(callee: &CompiledFunc) -> (usize, usize) {
    let blocks = (callee.num_locals as usize).div_ceil(LOCALS_BLOCK);
    let cells =
        (callee.frame_size as usize).max(callee.num_params as usize + blocks * LOCALS_BLOCK);
    (blocks, cells)
}

/// Zeroes `blocks` (at most [`INLINE_LOCAL_BLOCKS`]) blocks of [`LOCALS_BLOCK`] cells from `at`, with plain stores.
///
/// # Safety
///
/// The cells are inside the value stack's buffer and belong to no live frame but the one being entered.
#[inline(always)]
unsafe fn zero_blocks(at: *mut u64, blocks: usize) {
    // A loop of a constant count, unrolled into conditional stores (one over `blocks` would become a call of
    // `memset`).
    for block in 0..INLINE_LOCAL_BLOCKS {
        if block < blocks {
            // SAFETY: guaranteed by the caller; cells are 8-byte aligned.
            unsafe {
                *at.add(block * LOCALS_BLOCK).cast::<[u64; LOCALS_BLOCK]>() = [0; LOCALS_BLOCK]
            };
        }
    }
}

/// Handlers that only other handlers reach (as tail calls), for the uncommon cases of an instruction: each is
/// reached from the handler of the instruction of its name only, at that instruction (it reads its fields).
mod uncommon {
    use super::*;

    handlers! {
        $ |ip, fp, mem, len, cx|

        // The whole of a direct call, for what `enter_own_fast` leaves: kept out of line, so the `Call`
        // handler reaches it with a jump.
        #[cold]
        #[inline(never)]
        Call { func, base } => {
            match call_own(&mut *cx, (ip, fp, mem, len), func, base, false) {
                Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
                Err(exit) => return exit,
            }
        }
        // The whole of a direct tail call, for what `enter_own_tail_fast` leaves.
        #[cold]
        #[inline(never)]
        ReturnCall { func, base } => {
            match call_own(&mut *cx, (ip, fp, mem, len), func, base, true) {
                Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
                Err(exit) => return exit,
            }
        }
        // The whole of a return, for what `leave_fast` leaves.
        #[cold]
        #[inline(never)]
        Return {} => {
            match leave(&mut *cx, (ip, fp, mem, len)) {
                Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
                Err(exit) => return exit,
            }
        }
        // As `Return`; the `ReturnSlot` handler has moved the result into place already.
        #[cold]
        #[inline(never)]
        ReturnSlot { src } => {
            match leave(&mut *cx, (ip, fp, mem, len)) {
                Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
                Err(exit) => return exit,
            }
        }
    }
}

/// Translates function `func` of the current module on its first call (see `compile/lazy.rs`).
#[cold]
#[inline(never)]
fn translate_on_call<'a>(cx: &Ctx, func: u32) -> Option<&'a CompiledFunc> {
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    let module: *const crate::compile::ModuleInner =
        &*store.instances.get(cx.inst as usize)?.module;
    // SAFETY: the module lives as long as its instance, i.e. the store, which outlives the run.
    let module = unsafe { &*module };
    module.compiled(func).ok()
}

/// The store function that `call_indirect` (or `return_call_indirect`) with the table index in slot `index`
/// calls, after the checks: in bounds, not null, of signature `sig`.
///
/// # Safety
///
/// The interpreter invariants hold and `index` is a slot of the frame at `fp`.
#[inline(always)]
unsafe fn indirect_callee(
    cx: &mut Ctx,
    fp: *mut u64,
    index: Slot,
    sig: u32,
    table: u16,
) -> Result<u32, TrapCode> {
    // SAFETY: validation bounds the table index; `index` is a slot of the frame.
    let (t, i) = unsafe {
        (
            *cx.cache.tables.add(table as usize),
            get(fp, index) as u32 as usize,
        )
    };
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    let cell = *store
        .tables
        .get(t as usize)
        .and_then(|t| t.elements.get(i))
        .ok_or(TrapCode::UndefinedElement)?;
    let f = crate::ir::ref_index(cell).ok_or(TrapCode::IndirectCallToNull)?;
    if store.funcs.get(f as usize).map(|e| e.sig().0) != Some(sig) {
        return Err(TrapCode::BadSignature);
    }
    Ok(f)
}

/// The store function that `call_ref` (or `return_call_ref`) of the reference in slot `func_ref` calls: not
/// null, and of signature `sig` (which validation guarantees; checked so that no input can mismatch a frame).
///
/// # Safety
///
/// The interpreter invariants hold and `func_ref` is a slot of the frame at `fp`.
#[inline(always)]
unsafe fn ref_callee(
    cx: &mut Ctx,
    fp: *mut u64,
    func_ref: Slot,
    sig: u32,
) -> Result<u32, TrapCode> {
    // SAFETY: `func_ref` is a slot of the frame.
    let cell = unsafe { get(fp, func_ref) };
    let f = crate::ir::ref_index(cell).ok_or(TrapCode::NullFunctionReference)?;
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    if store.funcs.get(f as usize).map(|e| e.sig().0) != Some(sig) {
        return Err(TrapCode::BadSignature);
    }
    Ok(f)
}

/// The size of the largest memory (in bytes) or table (in elements) of the store, or the largest its limits
/// allow, whichever is more (an entity made before the limits were lowered keeps its size).
#[cold]
#[inline(never)]
fn largest_entity(cx: &Ctx) -> u64 {
    // SAFETY: no other reference to the store is live in a handler.
    let store = unsafe { cx.store() };
    let memories = store.memories.iter().map(|m| m.bytes.len() as u64);
    let tables = store.tables.iter().map(|t| t.elements.len() as u64);
    memories.chain(tables).fold(cx.bulk_cap, u64::max)
}

macro_rules! unary {
    ($fp:ident, $dst:ident, $src:ident, $op:path) => {
        set(
            $fp,
            $dst,
            Cell::into_cell($op(Cell::from_cell(get($fp, $src)))),
        )
    };
}

/// Copies narrow slot `$first` to `$dst` if `$cmp` holds for the i32s in narrow slots `$lhs` and `$rhs`, else
/// `$second` (a comparison fused into the `select` it feeds).
macro_rules! select_by {
    ($fp:ident, $dst:ident, $first:ident, $second:ident, $lhs:ident, $rhs:ident, $cmp:path) => {{
        let holds = $cmp(
            i32::from_cell(get($fp, Slot::from($lhs))),
            i32::from_cell(get($fp, Slot::from($rhs))),
        );
        let chosen = if holds { $first } else { $second };
        set($fp, $dst, get($fp, Slot::from(chosen)));
    }};
}

macro_rules! binary {
    ($fp:ident, $dst:ident, $lhs:ident, $rhs:ident, $op:path) => {
        set(
            $fp,
            $dst,
            Cell::into_cell($op(
                Cell::from_cell(get($fp, $lhs)),
                Cell::from_cell(get($fp, $rhs)),
            )),
        )
    };
}

macro_rules! trapping_unary {
    ($ip:ident, $fp:ident, $cx:ident, $dst:ident, $src:ident, $op:path) => {
        match $op(Cell::from_cell(get($fp, $src))) {
            Ok(value) => set($fp, $dst, Cell::into_cell(value)),
            Err(code) => return (*$cx).trap($ip, $fp, code),
        }
    };
}

macro_rules! trapping_binary {
    ($ip:ident, $fp:ident, $cx:ident, $dst:ident, $lhs:ident, $rhs:ident, $op:path) => {
        match $op(
            Cell::from_cell(get($fp, $lhs)),
            Cell::from_cell(get($fp, $rhs)),
        ) {
            Ok(value) => set($fp, $dst, Cell::into_cell(value)),
            Err(code) => return (*$cx).trap($ip, $fp, code),
        }
    };
}

macro_rules! imm32 {
    ($fp:ident, $dst:ident, $lhs:ident, $imm:ident, $op:path) => {
        set(
            $fp,
            $dst,
            Cell::into_cell($op(i32::from_cell(get($fp, $lhs)), $imm)),
        )
    };
}

macro_rules! imm64 {
    ($fp:ident, $dst:ident, $lhs:ident, $imm:ident, $op:path) => {
        set(
            $fp,
            $dst,
            Cell::into_cell($op(i64::from_cell(get($fp, $lhs)), i64::from($imm))),
        )
    };
}

/// Loads a `$ty` from memory into `$dst`, or traps.
macro_rules! load {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $dst:ident, $addr:expr, $offset:ident, $ty:ty, $to_cell:expr) => {
        match effective32($addr, $offset, size_of::<$ty>(), $len) {
            Some(at) => {
                // A byte array has alignment 1, so this read needs no alignment.
                let bytes = *$mem.add(at).cast::<[u8; size_of::<$ty>()]>();
                set($fp, $dst, $to_cell(<$ty>::from_le_bytes(bytes)));
            }
            None => return (*$cx).trap($ip, $fp, TrapCode::MemoryOutOfBounds),
        }
    };
}

/// The `$ty` at `$addr + $offset` of memory 0 (the value [`load!`] would write), or traps.
macro_rules! loaded {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $addr:expr, $offset:ident, $ty:ty) => {
        match effective32($addr, $offset, size_of::<$ty>(), $len) {
            // A byte array has alignment 1, so this read needs no alignment.
            Some(at) => <$ty>::from_le_bytes(*$mem.add(at).cast::<[u8; size_of::<$ty>()]>()),
            None => return (*$cx).trap($ip, $fp, TrapCode::MemoryOutOfBounds),
        }
    };
}

/// Steps the i32 in narrow slot `$counter` by `$imm` (as `step!`), then gives the u32 a `Load32` would load from
/// the sum plus `$disp`, and the u32 in narrow slot `$rhs`; or traps.
macro_rules! step_loaded {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $counter:ident, $imm:ident, $disp:ident, $rhs:ident) => {{
        let counter = Slot::from($counter);
        let sum = step!($fp, counter, i32::from($imm));
        let m = loaded!($ip, $fp, $mem, $len, $cx, sum as u32, $disp, u32);
        (m, get($fp, Slot::from($rhs)) as u32)
    }};
}

/// Continues after the table jump at `$ip` (with `$targets + 1` entries) for `$index`: with entry
/// `min($index, $targets)`, or straight with that entry's target when it is a `Br` (see `Instr::BrTable`). Two
/// continuations, so each has its own indirect jump.
macro_rules! table_jump {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $index:expr, $targets:ident) => {{
        let entry = $ip.add(1 + ($index).min($targets) as usize);
        match (*entry).instr {
            crate::ir::Instr::Br { offset } => {
                resume!(entry.byte_offset(offset as isize), $fp, $mem, $len)
            }
            _ => resume!(entry, $fp, $mem, $len),
        }
    }};
}

/// Adds `$imm` to the i32 in slot `$counter`, writes the sum back and gives it (a counted loop's step).
macro_rules! step {
    ($fp:ident, $counter:ident, $imm:expr) => {{
        let sum = ops::i32_add(get($fp, $counter) as i32, $imm);
        set($fp, $counter, sum.into_cell());
        sum
    }};
}

/// Copies a `$ty` from narrow slot `$from`'s address plus `$load` to narrow slot `$to`'s plus `$store`, or traps:
/// at the instruction when the load is out of bounds, `$past` code bytes after it when the store is.
macro_rules! copied {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $from:ident, $load:ident, $to:ident, $store:ident, $past:ident, $ty:ty) => {
        let value = loaded!(
            $ip,
            $fp,
            $mem,
            $len,
            $cx,
            get($fp, Slot::from($from)) as u32,
            $load,
            $ty
        );
        match effective32(
            get($fp, Slot::from($to)) as u32,
            $store,
            size_of::<$ty>(),
            $len,
        ) {
            Some(at) => *$mem.add(at).cast::<[u8; size_of::<$ty>()]>() = value.to_le_bytes(),
            None => return (*$cx).trap_past($ip, $fp, TrapCode::MemoryOutOfBounds, $past),
        }
    };
}

/// Stores the low bytes of `$value` as a `$ty`, or traps.
macro_rules! store {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $addr:expr, $value:ident, $offset:ident, $ty:ty) => {
        match effective32($addr, $offset, size_of::<$ty>(), $len) {
            Some(at) => {
                #[allow(
                    trivial_numeric_casts,
                    reason = "the 64-bit store takes the cell as it is"
                )]
                let value = get($fp, $value) as $ty;
                *$mem.add(at).cast::<[u8; size_of::<$ty>()]>() = value.to_le_bytes();
            }
            None => return (*$cx).trap($ip, $fp, TrapCode::MemoryOutOfBounds),
        }
    };
}

/// Loads a `$ty` from any memory into `$dst` (see [`memory_at`]), or traps.
macro_rules! load_mem {
    ($ip:ident, $fp:ident, $cx:ident, $dst:ident, $addr:ident, $memref:ident, $ty:ty, $to_cell:expr) => {
        match memory_at(&mut *$cx, $fp, $addr, $memref, size_of::<$ty>() as u64) {
            Some(at) => {
                let bytes = *at.cast::<[u8; size_of::<$ty>()]>();
                set($fp, $dst, $to_cell(<$ty>::from_le_bytes(bytes)));
            }
            None => return (*$cx).trap($ip, $fp, TrapCode::MemoryOutOfBounds),
        }
    };
}

/// Stores `$value` (its type gives the width) to any memory (see [`memory_at`]), or traps.
macro_rules! store_mem {
    ($ip:ident, $fp:ident, $cx:ident, $addr:ident, $memref:ident, $value:expr) => {{
        let bytes = $value.to_le_bytes();
        match memory_at(&mut *$cx, $fp, $addr, $memref, bytes.len() as u64) {
            Some(at) => put(at, bytes),
            None => return (*$cx).trap($ip, $fp, TrapCode::MemoryOutOfBounds),
        }
    }};
}

/// Stores the constant `$value` (its type gives the width), or traps.
macro_rules! store_imm {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $addr:expr, $value:expr, $offset:ident) => {{
        let value = $value;
        let bytes = value.to_le_bytes();
        match effective32($addr, $offset, bytes.len(), $len) {
            Some(at) => put($mem.add(at), bytes),
            None => return (*$cx).trap($ip, $fp, TrapCode::MemoryOutOfBounds),
        }
    }};
}

macro_rules! trap {
    ($ip:ident, $fp:ident, $cx:ident, $code:expr) => {
        return (*$cx).trap($ip, $fp, $code)
    };
}

handlers! {
    $ |ip, fp, mem, len, cx|

    // ---- metering -----------------------------------------------------------------------------------------
    ConsumeFuel { amount } => {
        let c = &mut *cx;
        let amount = u64::from(amount);
        if c.fuel < amount {
            trap!(ip, fp, cx, TrapCode::OutOfFuel)
        }
        c.fuel -= amount;
        next!()
    }
    ConsumeFuelBulk { len, wide } => {
        let c = &mut *cx;
        // A length beyond what any memory or table of the store can hold is out of bounds whatever the
        // operands: the operation traps as such, so only what it could do is charged.
        let mut amount = index_operand(get(fp, len), wide != 0);
        if amount > c.bulk_cap {
            amount = amount.min(largest_entity(c));
        }
        if c.fuel < amount {
            trap!(ip, fp, cx, TrapCode::OutOfFuel)
        }
        c.fuel -= amount;
        next!()
    }
    CheckInterrupt {} => {
        let c = &*cx;
        if (*c.epoch).load(Ordering::Relaxed) >= c.deadline || (*c.interrupt).load(Ordering::Relaxed) {
            // A request is delivered once, as this trap.
            (*c.interrupt).store(false, Ordering::Relaxed);
            trap!(ip, fp, cx, TrapCode::Interrupt)
        }
        next!()
    }

    // ---- control ------------------------------------------------------------------------------------------
    Unreachable {} => { trap!(ip, fp, cx, TrapCode::UnreachableCodeReached) }
    Br { offset } => { jump!(offset) }
    BrIfNez { cond, offset } => { if get(fp, cond) as u32 != 0 { jump!(offset) } next!() }
    BrIfEqz { cond, offset } => { if get(fp, cond) as u32 == 0 { jump!(offset) } next!() }
    BrIncNez { counter, imm, offset } => { if step!(fp, counter, imm) != 0 { jump!(offset) } next!() }
    BrIncEqz { counter, imm, offset } => { if step!(fp, counter, imm) == 0 { jump!(offset) } next!() }
    BrIncNe { counter, rhs, offset, imm } => {
        if step!(fp, counter, i32::from(imm)) != get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrIncEq { counter, rhs, offset, imm } => {
        if step!(fp, counter, i32::from(imm)) == get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrIncLtU { counter, rhs, offset, imm } => {
        if (step!(fp, counter, i32::from(imm)) as u32) < get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrIncGeU { counter, rhs, offset, imm } => {
        if step!(fp, counter, i32::from(imm)) as u32 >= get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrIncLeU { counter, rhs, offset, imm } => {
        if step!(fp, counter, i32::from(imm)) as u32 <= get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrIncGtU { counter, rhs, offset, imm } => {
        if step!(fp, counter, i32::from(imm)) as u32 > get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrIncEqImm { counter, bound, offset, imm } => {
        let sum = step!(fp, counter, i32::from(imm));
        if sum == bound { jump!(offset) }
        next!()
    }
    BrIncNeImm { counter, bound, offset, imm } => {
        let sum = step!(fp, counter, i32::from(imm));
        if sum != bound { jump!(offset) }
        next!()
    }
    BrIncLtUImm { counter, bound, offset, imm } => {
        let sum = step!(fp, counter, i32::from(imm));
        if (sum as u32) < bound as u32 { jump!(offset) }
        next!()
    }
    BrIncGeUImm { counter, bound, offset, imm } => {
        let sum = step!(fp, counter, i32::from(imm));
        if sum as u32 >= bound as u32 { jump!(offset) }
        next!()
    }
    BrIncLeUImm { counter, bound, offset, imm } => {
        let sum = step!(fp, counter, i32::from(imm));
        if sum as u32 <= bound as u32 { jump!(offset) }
        next!()
    }
    BrIncGtUImm { counter, bound, offset, imm } => {
        let sum = step!(fp, counter, i32::from(imm));
        if sum as u32 > bound as u32 { jump!(offset) }
        next!()
    }
    BrAddNe { counter, rhs, offset, step } => {
        if step!(fp, counter, get(fp, Slot::from(step)) as i32) != get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrAddEq { counter, rhs, offset, step } => {
        if step!(fp, counter, get(fp, Slot::from(step)) as i32) == get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrAddLtU { counter, rhs, offset, step } => {
        if (step!(fp, counter, get(fp, Slot::from(step)) as i32) as u32) < get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrAddGeU { counter, rhs, offset, step } => {
        if step!(fp, counter, get(fp, Slot::from(step)) as i32) as u32 >= get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrAddLeU { counter, rhs, offset, step } => {
        if step!(fp, counter, get(fp, Slot::from(step)) as i32) as u32 <= get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrAddGtU { counter, rhs, offset, step } => {
        if step!(fp, counter, get(fp, Slot::from(step)) as i32) as u32 > get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrLoad8UEqz { addr, disp, offset } => {
        if loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, disp, u8) == 0 { jump!(offset) }
        next!()
    }
    BrLoad8UNez { addr, disp, offset } => {
        if loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, disp, u8) != 0 { jump!(offset) }
        next!()
    }
    BrLoad32Eqz { addr, disp, offset } => {
        if loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, disp, u32) == 0 { jump!(offset) }
        next!()
    }
    BrLoad32Nez { addr, disp, offset } => {
        if loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, disp, u32) != 0 { jump!(offset) }
        next!()
    }
    BrIncEqMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if m == r { jump!(offset) }
        next!()
    }
    BrIncNeMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if m != r { jump!(offset) }
        next!()
    }
    BrIncLtSMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if (m as i32) < r as i32 { jump!(offset) }
        next!()
    }
    BrIncLtUMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if m < r { jump!(offset) }
        next!()
    }
    BrIncGtSMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if (m as i32) > r as i32 { jump!(offset) }
        next!()
    }
    BrIncGtUMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if m > r { jump!(offset) }
        next!()
    }
    BrIncLeSMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if (m as i32) <= r as i32 { jump!(offset) }
        next!()
    }
    BrIncLeUMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if m <= r { jump!(offset) }
        next!()
    }
    BrIncGeSMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if (m as i32) >= r as i32 { jump!(offset) }
        next!()
    }
    BrIncGeUMem { counter, rhs, imm, disp, offset } => {
        let (m, r) = step_loaded!(ip, fp, mem, len, cx, counter, imm, disp, rhs);
        if m >= r { jump!(offset) }
        next!()
    }
    BrI32EqMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if m == get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrI32NeMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if m != get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrI32LtSMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if (m as i32) < get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrI32LtUMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if m < get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrI32GtSMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if (m as i32) > get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrI32GtUMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if m > get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrI32LeSMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if (m as i32) <= get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrI32LeUMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if m <= get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrI32GeSMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if (m as i32) >= get(fp, rhs) as i32 { jump!(offset) }
        next!()
    }
    BrI32GeUMem { addr, rhs, disp, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, disp, u32);
        if m >= get(fp, rhs) as u32 { jump!(offset) }
        next!()
    }
    BrI32Eq { lhs, rhs, offset } => { if get(fp, lhs) as u32 == get(fp, rhs) as u32 { jump!(offset) } next!() }
    BrI32Ne { lhs, rhs, offset } => { if get(fp, lhs) as u32 != get(fp, rhs) as u32 { jump!(offset) } next!() }
    BrI32LtS { lhs, rhs, offset } => { if (get(fp, lhs) as i32) < get(fp, rhs) as i32 { jump!(offset) } next!() }
    BrI32LtU { lhs, rhs, offset } => { if (get(fp, lhs) as u32) < get(fp, rhs) as u32 { jump!(offset) } next!() }
    BrI32GtS { lhs, rhs, offset } => { if get(fp, lhs) as i32 > get(fp, rhs) as i32 { jump!(offset) } next!() }
    BrI32GtU { lhs, rhs, offset } => { if get(fp, lhs) as u32 > get(fp, rhs) as u32 { jump!(offset) } next!() }
    BrI32LeS { lhs, rhs, offset } => { if get(fp, lhs) as i32 <= get(fp, rhs) as i32 { jump!(offset) } next!() }
    BrI32LeU { lhs, rhs, offset } => { if get(fp, lhs) as u32 <= get(fp, rhs) as u32 { jump!(offset) } next!() }
    BrI32GeS { lhs, rhs, offset } => { if get(fp, lhs) as i32 >= get(fp, rhs) as i32 { jump!(offset) } next!() }
    BrI32GeU { lhs, rhs, offset } => { if get(fp, lhs) as u32 >= get(fp, rhs) as u32 { jump!(offset) } next!() }
    BrI32EqImm { lhs, imm, offset } => { if get(fp, lhs) as i32 == imm { jump!(offset) } next!() }
    BrI32NeImm { lhs, imm, offset } => { if get(fp, lhs) as i32 != imm { jump!(offset) } next!() }
    BrI32LtSImm { lhs, imm, offset } => { if (get(fp, lhs) as i32) < imm { jump!(offset) } next!() }
    BrI32LtUImm { lhs, imm, offset } => { if (get(fp, lhs) as u32) < imm as u32 { jump!(offset) } next!() }
    BrI32GtSImm { lhs, imm, offset } => { if get(fp, lhs) as i32 > imm { jump!(offset) } next!() }
    BrI32GtUImm { lhs, imm, offset } => { if get(fp, lhs) as u32 > imm as u32 { jump!(offset) } next!() }
    BrI32LeSImm { lhs, imm, offset } => { if get(fp, lhs) as i32 <= imm { jump!(offset) } next!() }
    BrI32LeUImm { lhs, imm, offset } => { if get(fp, lhs) as u32 <= imm as u32 { jump!(offset) } next!() }
    BrI32GeSImm { lhs, imm, offset } => { if get(fp, lhs) as i32 >= imm { jump!(offset) } next!() }
    BrI32GeUImm { lhs, imm, offset } => { if get(fp, lhs) as u32 >= imm as u32 { jump!(offset) } next!() }
    BrI64Eq { lhs, rhs, offset } => {
        if ops::i64_eq(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64Ne { lhs, rhs, offset } => {
        if ops::i64_ne(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64LtS { lhs, rhs, offset } => {
        if ops::i64_lt_s(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64LtU { lhs, rhs, offset } => {
        if ops::i64_lt_u(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64GtS { lhs, rhs, offset } => {
        if ops::i64_gt_s(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64GtU { lhs, rhs, offset } => {
        if ops::i64_gt_u(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64LeS { lhs, rhs, offset } => {
        if ops::i64_le_s(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64LeU { lhs, rhs, offset } => {
        if ops::i64_le_u(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64GeS { lhs, rhs, offset } => {
        if ops::i64_ge_s(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64GeU { lhs, rhs, offset } => {
        if ops::i64_ge_u(i64::from_cell(get(fp, lhs)), i64::from_cell(get(fp, rhs))) { jump!(offset) }
        next!()
    }
    BrI64EqImm { lhs, imm, offset } => {
        if ops::i64_eq(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64NeImm { lhs, imm, offset } => {
        if ops::i64_ne(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64LtSImm { lhs, imm, offset } => {
        if ops::i64_lt_s(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64LtUImm { lhs, imm, offset } => {
        if ops::i64_lt_u(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64GtSImm { lhs, imm, offset } => {
        if ops::i64_gt_s(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64GtUImm { lhs, imm, offset } => {
        if ops::i64_gt_u(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64LeSImm { lhs, imm, offset } => {
        if ops::i64_le_s(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64LeUImm { lhs, imm, offset } => {
        if ops::i64_le_u(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64GeSImm { lhs, imm, offset } => {
        if ops::i64_ge_s(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64GeUImm { lhs, imm, offset } => {
        if ops::i64_ge_u(i64::from_cell(get(fp, lhs)), i64::from(imm)) { jump!(offset) }
        next!()
    }
    BrI64Eqz { cond, offset } => { if get(fp, cond) == 0 { jump!(offset) } next!() }
    BrI64Nez { cond, offset } => { if get(fp, cond) != 0 { jump!(offset) } next!() }
    BrI32AndNez { src, mask, offset } => {
        if ops::i32_and(get(fp, src) as i32, mask) != 0 { jump!(offset) }
        next!()
    }
    BrI32AndEqz { src, mask, offset } => {
        if ops::i32_and(get(fp, src) as i32, mask) == 0 { jump!(offset) }
        next!()
    }
    BrI64AndNez { src, mask, offset } => {
        if ops::i64_and(get(fp, src) as i64, i64::from(mask)) != 0 { jump!(offset) }
        next!()
    }
    BrI64AndEqz { src, mask, offset } => {
        if ops::i64_and(get(fp, src) as i64, i64::from(mask)) == 0 { jump!(offset) }
        next!()
    }
    BrTable { index, targets } => {
        table_jump!(ip, fp, mem, len, get(fp, index) as u32, targets)
    }
    BrTableAdd { index, imm, targets } => {
        let index = ops::i32_add(get(fp, index) as i32, imm);
        table_jump!(ip, fp, mem, len, index as u32, targets)
    }
    BrTableLoad8U { addr, offset, targets } => {
        let index = loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, offset, u8);
        table_jump!(ip, fp, mem, len, u32::from(index), targets)
    }
    BrTableIncLoad8U { counter, offset, targets, imm } => {
        let pc = step!(fp, counter, i32::from(imm));
        let index = loaded!(ip, fp, mem, len, cx, pc as u32, offset, u8);
        table_jump!(ip, fp, mem, len, u32::from(index), targets)
    }
    Return {} => {
        if let Some((ip, fp)) = leave_fast(&mut *cx) {
            resume!(ip, fp, mem, len)
        }
        // A tail call (a jump), so the common path above stays free of calls.
        return uncommon::Return(ip, fp, mem, len, cx.cast());
    }
    ReturnSlot { src } => {
        set(fp, 0, get(fp, src));
        if let Some((ip, fp)) = leave_fast(&mut *cx) {
            resume!(ip, fp, mem, len)
        }
        return uncommon::ReturnSlot(ip, fp, mem, len, cx.cast());
    }
    ReturnSpan { src, count } => {
        ptr::copy(fp.add(src as usize), fp, count as usize);
        match leave(&mut *cx, (ip, fp, mem, len)) {
            Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
            Err(exit) => return exit,
        }
    }

    // ---- calls --------------------------------------------------------------------------------------------
    Call { func, base } => {
        if let Some((ip, fp)) = enter_own_fast(&mut *cx, ip, fp, func, base) {
            resume!(ip, fp, mem, len)
        }
        // A tail call (a jump), so the common path above stays free of calls.
        return uncommon::Call(ip, fp, mem, len, cx.cast());
    }
    CallImported { func, base } => {
        let f = *(*cx).cache.funcs.add(func as usize);
        match call_store_func(&mut *cx, (ip, fp, mem, len), f, base, false) {
            Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
            Err(exit) => return exit,
        }
    }
    ReturnCall { func, base } => {
        if let Some((ip, fp)) = enter_own_tail_fast(&mut *cx, fp, func, base) {
            resume!(ip, fp, mem, len)
        }
        // A tail call (a jump), so the common path above stays free of calls.
        return uncommon::ReturnCall(ip, fp, mem, len, cx.cast());
    }
    ReturnCallImported { func, base } => {
        let f = *(*cx).cache.funcs.add(func as usize);
        match call_store_func(&mut *cx, (ip, fp, mem, len), f, base, true) {
            Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
            Err(exit) => return exit,
        }
    }
    ReturnCallIndirect { index, base, sig, table } => {
        let c = &mut *cx;
        let f = match indirect_callee(c, fp, index, sig, table) {
            Ok(f) => f,
            Err(code) => return c.trap(ip, fp, code),
        };
        match call_store_func(c, (ip, fp, mem, len), f, base, true) {
            Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
            Err(exit) => return exit,
        }
    }
    CallRef { func_ref, base, sig } => {
        let c = &mut *cx;
        let f = match ref_callee(c, fp, func_ref, sig) {
            Ok(f) => f,
            Err(code) => return c.trap(ip, fp, code),
        };
        match call_store_func(c, (ip, fp, mem, len), f, base, false) {
            Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
            Err(exit) => return exit,
        }
    }
    ReturnCallRef { func_ref, base, sig } => {
        let c = &mut *cx;
        let f = match ref_callee(c, fp, func_ref, sig) {
            Ok(f) => f,
            Err(code) => return c.trap(ip, fp, code),
        };
        match call_store_func(c, (ip, fp, mem, len), f, base, true) {
            Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
            Err(exit) => return exit,
        }
    }
    CallIndirect { index, base, sig, table } => {
        let c = &mut *cx;
        let f = match indirect_callee(c, fp, index, sig, table) {
            Ok(f) => f,
            Err(code) => return c.trap(ip, fp, code),
        };
        match call_store_func(c, (ip, fp, mem, len), f, base, false) {
            Ok((ip, fp, mem, len)) => resume!(ip, fp, mem, len),
            Err(exit) => return exit,
        }
    }

    // ---- moving values ------------------------------------------------------------------------------------
    Copy { dst, src } => { set(fp, dst, get(fp, src)); next!() }
    Const32 { dst, value } => { set(fp, dst, u64::from(value)); next!() }
    Const64 { dst, value } => { set(fp, dst, value); next!() }
    Select { dst, other, cond } => {
        if get(fp, cond) as u32 == 0 {
            set(fp, dst, get(fp, other));
        }
        next!()
    }
    SelectFrom { dst, first, second, cond } => {
        let chosen = if get(fp, Slot::from(cond)) as u32 != 0 { first } else { second };
        set(fp, dst, get(fp, chosen));
        next!()
    }
    SelectI32Eq { dst, first, second, lhs, rhs } => {
        select_by!(fp, dst, first, second, lhs, rhs, ops::i32_eq);
        next!()
    }
    SelectI32LtS { dst, first, second, lhs, rhs } => {
        select_by!(fp, dst, first, second, lhs, rhs, ops::i32_lt_s);
        next!()
    }
    SelectI32LtU { dst, first, second, lhs, rhs } => {
        select_by!(fp, dst, first, second, lhs, rhs, ops::i32_lt_u);
        next!()
    }
    GlobalGet { dst, global } => {
        let c = &mut *cx;
        let g = *c.cache.globals.add(global as usize);
        set(fp, dst, c.store().globals.get(g as usize).map_or(0, |g| g.value as u64));
        next!()
    }
    GlobalSet { src, global } => {
        let c = &mut *cx;
        let g = *c.cache.globals.add(global as usize);
        if let Some(g) = c.store().globals.get_mut(g as usize) {
            g.value = u128::from(get(fp, src));
        }
        next!()
    }
    GlobalGet128 { dst, global } => {
        let c = &mut *cx;
        let g = *c.cache.globals.add(global as usize);
        set128(fp, dst, simd::from_bits(c.store().globals.get(g as usize).map_or(0, |g| g.value)));
        next!()
    }
    GlobalSet128 { src, global } => {
        let c = &mut *cx;
        let g = *c.cache.globals.add(global as usize);
        if let Some(g) = c.store().globals.get_mut(g as usize) {
            g.value = simd::to_bits(get128(fp, src));
        }
        next!()
    }
    V128Const { dst, index } => {
        set128(fp, dst, simd::from_bits((*cx).pool(index)));
        next!()
    }

    // ---- memory 0 -----------------------------------------------------------------------------------------
    Load32 { dst, addr, offset } => { load!(ip, fp, mem, len, cx, dst, get(fp, addr) as u32, offset, u32, u64::from); next!() }
    Load64 { dst, addr, offset } => { load!(ip, fp, mem, len, cx, dst, get(fp, addr) as u32, offset, u64, |v| v); next!() }
    Load8S { dst, addr, offset } => {
        load!(ip, fp, mem, len, cx, dst, get(fp, addr) as u32, offset, i8, |v| i64::from(v) as u64);
        next!()
    }
    Load8U { dst, addr, offset } => { load!(ip, fp, mem, len, cx, dst, get(fp, addr) as u32, offset, u8, u64::from); next!() }
    Load16S { dst, addr, offset } => {
        load!(ip, fp, mem, len, cx, dst, get(fp, addr) as u32, offset, i16, |v| i64::from(v) as u64);
        next!()
    }
    Load16U { dst, addr, offset } => { load!(ip, fp, mem, len, cx, dst, get(fp, addr) as u32, offset, u16, u64::from); next!() }
    Load32S { dst, addr, offset } => {
        load!(ip, fp, mem, len, cx, dst, get(fp, addr) as u32, offset, i32, |v| i64::from(v) as u64);
        next!()
    }
    Store8 { addr, value, offset } => { store!(ip, fp, mem, len, cx, get(fp, addr) as u32, value, offset, u8); next!() }
    Store16 { addr, value, offset } => { store!(ip, fp, mem, len, cx, get(fp, addr) as u32, value, offset, u16); next!() }
    Store32 { addr, value, offset } => { store!(ip, fp, mem, len, cx, get(fp, addr) as u32, value, offset, u32); next!() }
    Store64 { addr, value, offset } => { store!(ip, fp, mem, len, cx, get(fp, addr) as u32, value, offset, u64); next!() }
    Store8Imm { addr, value, offset } => { store_imm!(ip, fp, mem, len, cx, get(fp, addr) as u32, value as u8, offset); next!() }
    Store16Imm { addr, value, offset } => { store_imm!(ip, fp, mem, len, cx, get(fp, addr) as u32, value as u16, offset); next!() }
    Store32Imm { addr, value, offset } => { store_imm!(ip, fp, mem, len, cx, get(fp, addr) as u32, value, offset); next!() }
    Store64Imm { addr, value, offset } => {
        store_imm!(ip, fp, mem, len, cx, get(fp, addr) as u32, i64::from(value), offset);
        next!()
    }
    Load32Store32 { from, to, past, load, store } => {
        copied!(ip, fp, mem, len, cx, from, load, to, store, past, u32);
        next!()
    }
    Load64Store64 { from, to, past, load, store } => {
        copied!(ip, fp, mem, len, cx, from, load, to, store, past, u64);
        next!()
    }
    F64AddMulStore { addr, other, lhs, rhs, offset } => {
        let product = ops::f64_mul(Cell::from_cell(get(fp, Slot::from(lhs))), Cell::from_cell(get(fp, Slot::from(rhs))));
        let sum = ops::f64_add(Cell::from_cell(get(fp, Slot::from(other))), product);
        store_imm!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, sum.to_bits(), offset);
        next!()
    }
    F64SubMulStore { addr, other, lhs, rhs, offset } => {
        let product = ops::f64_mul(Cell::from_cell(get(fp, Slot::from(lhs))), Cell::from_cell(get(fp, Slot::from(rhs))));
        let difference = ops::f64_sub(Cell::from_cell(get(fp, Slot::from(other))), product);
        store_imm!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, difference.to_bits(), offset);
        next!()
    }
    I32RotlXorStore { dst, addr, src, other, shift, offset } => {
        let rotated = ops::i32_rotl(get(fp, Slot::from(src)) as i32, i32::from(shift));
        let mixed = ops::i32_xor(rotated, get(fp, Slot::from(other)) as i32);
        set(fp, dst, Cell::into_cell(mixed));
        let offset = u32::from(offset);
        store_imm!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, mixed, offset);
        next!()
    }
    Load32MulImm { dst, addr, imm, offset } => {
        let m = loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, offset, u32);
        set(fp, dst, Cell::into_cell(ops::i32_mul(m as i32, imm)));
        next!()
    }
    Load32Add { dst, addr, index, offset } => {
        load!(ip, fp, mem, len, cx, dst, added(fp, addr, index), offset, u32, u64::from);
        next!()
    }
    Load64Add { dst, addr, index, offset } => {
        load!(ip, fp, mem, len, cx, dst, added(fp, addr, index), offset, u64, |v| v);
        next!()
    }
    Load8SAdd { dst, addr, index, offset } => {
        load!(ip, fp, mem, len, cx, dst, added(fp, addr, index), offset, i8, |v| i64::from(v) as u64);
        next!()
    }
    Load8UAdd { dst, addr, index, offset } => {
        load!(ip, fp, mem, len, cx, dst, added(fp, addr, index), offset, u8, u64::from);
        next!()
    }
    Load16SAdd { dst, addr, index, offset } => {
        load!(ip, fp, mem, len, cx, dst, added(fp, addr, index), offset, i16, |v| i64::from(v) as u64);
        next!()
    }
    Load16UAdd { dst, addr, index, offset } => {
        load!(ip, fp, mem, len, cx, dst, added(fp, addr, index), offset, u16, u64::from);
        next!()
    }
    Load32SAdd { dst, addr, index, offset } => {
        load!(ip, fp, mem, len, cx, dst, added(fp, addr, index), offset, i32, |v| i64::from(v) as u64);
        next!()
    }
    Store8Add { addr, index, value, offset } => {
        store!(ip, fp, mem, len, cx, added(fp, addr, index), value, offset, u8);
        next!()
    }
    Store16Add { addr, index, value, offset } => {
        store!(ip, fp, mem, len, cx, added(fp, addr, index), value, offset, u16);
        next!()
    }
    Store32Add { addr, index, value, offset } => {
        store!(ip, fp, mem, len, cx, added(fp, addr, index), value, offset, u32);
        next!()
    }
    Store64Add { addr, index, value, offset } => {
        store!(ip, fp, mem, len, cx, added(fp, addr, index), value, offset, u64);
        next!()
    }
    Store8ImmAdd { addr, index, value, offset } => {
        store_imm!(ip, fp, mem, len, cx, added(fp, addr, index), value as u8, offset);
        next!()
    }
    Store16ImmAdd { addr, index, value, offset } => {
        store_imm!(ip, fp, mem, len, cx, added(fp, addr, index), value as u16, offset);
        next!()
    }
    Store32ImmAdd { addr, index, value, offset } => {
        store_imm!(ip, fp, mem, len, cx, added(fp, addr, index), value, offset);
        next!()
    }
    Store64ImmAdd { addr, index, value, offset } => {
        store_imm!(ip, fp, mem, len, cx, added(fp, addr, index), i64::from(value), offset);
        next!()
    }
    Load32AddImm { dst, addr, imm, offset } => {
        load!(ip, fp, mem, len, cx, dst, added_imm(fp, addr, imm), offset, u32, u64::from);
        next!()
    }
    Load64AddImm { dst, addr, imm, offset } => {
        load!(ip, fp, mem, len, cx, dst, added_imm(fp, addr, imm), offset, u64, |v| v);
        next!()
    }
    Load8SAddImm { dst, addr, imm, offset } => {
        load!(ip, fp, mem, len, cx, dst, added_imm(fp, addr, imm), offset, i8, |v| i64::from(v) as u64);
        next!()
    }
    Load8UAddImm { dst, addr, imm, offset } => {
        load!(ip, fp, mem, len, cx, dst, added_imm(fp, addr, imm), offset, u8, u64::from);
        next!()
    }
    Load16SAddImm { dst, addr, imm, offset } => {
        load!(ip, fp, mem, len, cx, dst, added_imm(fp, addr, imm), offset, i16, |v| i64::from(v) as u64);
        next!()
    }
    Load16UAddImm { dst, addr, imm, offset } => {
        load!(ip, fp, mem, len, cx, dst, added_imm(fp, addr, imm), offset, u16, u64::from);
        next!()
    }
    Load32SAddImm { dst, addr, imm, offset } => {
        load!(ip, fp, mem, len, cx, dst, added_imm(fp, addr, imm), offset, i32, |v| i64::from(v) as u64);
        next!()
    }
    Store8AddImm { addr, imm, value, offset } => {
        store!(ip, fp, mem, len, cx, added_imm(fp, addr, imm), value, offset, u8);
        next!()
    }
    Store16AddImm { addr, imm, value, offset } => {
        store!(ip, fp, mem, len, cx, added_imm(fp, addr, imm), value, offset, u16);
        next!()
    }
    Store32AddImm { addr, imm, value, offset } => {
        store!(ip, fp, mem, len, cx, added_imm(fp, addr, imm), value, offset, u32);
        next!()
    }
    Store64AddImm { addr, imm, value, offset } => {
        store!(ip, fp, mem, len, cx, added_imm(fp, addr, imm), value, offset, u64);
        next!()
    }
    Load32Shl { dst, index, shift, offset } => {
        load!(ip, fp, mem, len, cx, dst, shifted(fp, index, shift), offset, u32, u64::from);
        next!()
    }
    Load64Shl { dst, index, shift, offset } => {
        load!(ip, fp, mem, len, cx, dst, shifted(fp, index, shift), offset, u64, |v| v);
        next!()
    }
    Load8SShl { dst, index, shift, offset } => {
        load!(ip, fp, mem, len, cx, dst, shifted(fp, index, shift), offset, i8, |v| i64::from(v) as u64);
        next!()
    }
    Load8UShl { dst, index, shift, offset } => {
        load!(ip, fp, mem, len, cx, dst, shifted(fp, index, shift), offset, u8, u64::from);
        next!()
    }
    Load16SShl { dst, index, shift, offset } => {
        load!(ip, fp, mem, len, cx, dst, shifted(fp, index, shift), offset, i16, |v| i64::from(v) as u64);
        next!()
    }
    Load16UShl { dst, index, shift, offset } => {
        load!(ip, fp, mem, len, cx, dst, shifted(fp, index, shift), offset, u16, u64::from);
        next!()
    }
    Load32SShl { dst, index, shift, offset } => {
        load!(ip, fp, mem, len, cx, dst, shifted(fp, index, shift), offset, i32, |v| i64::from(v) as u64);
        next!()
    }
    V128Load { dst, addr, offset } => {
        match effective32(get(fp, addr) as u32, offset, 16, len) {
            Some(at) => set128(fp, dst, *mem.add(at).cast::<simd::V128>()),
            None => trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds),
        }
        next!()
    }
    V128Store { addr, value, offset } => {
        match effective32(get(fp, addr) as u32, offset, 16, len) {
            Some(at) => put(mem.add(at), get128(fp, value)),
            None => trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds),
        }
        next!()
    }
    MemorySize { dst, memory } => {
        let c = &mut *cx;
        let m = *c.cache.memories.add(memory as usize);
        set(fp, dst, c.store().memories.get(m as usize).map_or(0, |m| m.pages()));
        next!()
    }
    MemoryGrow { dst, delta, memory } => {
        let c = &mut *cx;
        let m = *c.cache.memories.add(memory as usize);
        let delta = u64::from(get(fp, delta) as u32);
        let store = c.store();
        if let Some(hook) = store.grow_hook {
            store.grow_request = Some(GrowRequest { what: Growing::Memory { memory: m, delta }, wide: false });
            return ask_grow_hook(c, ip, fp, hook, dst);
        }
        let result = store.grow_memory_unlimited(m, delta);
        set(fp, dst, u64::from(result.map_or(u32::MAX, |old| old as u32)));
        // Memory 0 is reloaded whichever index grew: two indices may name one store memory (imported twice).
        let (mem, len) = super::executor::memory0(c.store(), c.inst);
        resume!(ip.add(1), fp, mem, len)
    }
    MemoryFill { base } => {
        let d = u64::from(get(fp, base) as u32);
        let value = get(fp, base + 1) as u8;
        let n = u64::from(get(fp, base + 2) as u32);
        let Some(to) = memory_access::range(d, n, len) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        ptr::write_bytes(mem.add(to.start), value, to.len());
        next!()
    }
    MemoryCopy { base } => {
        let d = u64::from(get(fp, base) as u32);
        let s = u64::from(get(fp, base + 1) as u32);
        let n = u64::from(get(fp, base + 2) as u32);
        let (Some(to), Some(from)) = (memory_access::range(d, n, len), memory_access::range(s, n, len)) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        ptr::copy(mem.add(from.start), mem.add(to.start), to.len());
        next!()
    }
    MemoryInit { base, data } => {
        let d = u64::from(get(fp, base) as u32);
        let s = u64::from(get(fp, base + 1) as u32);
        let n = u64::from(get(fp, base + 2) as u32);
        let c = &mut *cx;
        let inst = c.inst;
        let Some(instance) = c.store().instances.get(inst as usize) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        let dropped = instance.data_dropped.get(data as usize).copied().unwrap_or(true);
        let bytes: &[u8] = match instance.module.datas.get(data as usize) {
            Some(segment) if !dropped => &segment.bytes,
            _ => &[],
        };
        let (Some(to), Some(from)) = (memory_access::range(d, n, len), memory_access::range(s, n, bytes.len())) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        ptr::copy_nonoverlapping(bytes.as_ptr().add(from.start), mem.add(to.start), to.len());
        next!()
    }
    LoadMem32 { dst, addr, memref } => { load_mem!(ip, fp, cx, dst, addr, memref, u32, u64::from); next!() }
    LoadMem64 { dst, addr, memref } => { load_mem!(ip, fp, cx, dst, addr, memref, u64, |v| v); next!() }
    LoadMem8S { dst, addr, memref } => { load_mem!(ip, fp, cx, dst, addr, memref, i8, |v| i64::from(v) as u64); next!() }
    LoadMem8U { dst, addr, memref } => { load_mem!(ip, fp, cx, dst, addr, memref, u8, u64::from); next!() }
    LoadMem16S { dst, addr, memref } => { load_mem!(ip, fp, cx, dst, addr, memref, i16, |v| i64::from(v) as u64); next!() }
    LoadMem16U { dst, addr, memref } => { load_mem!(ip, fp, cx, dst, addr, memref, u16, u64::from); next!() }
    LoadMem32S { dst, addr, memref } => { load_mem!(ip, fp, cx, dst, addr, memref, i32, |v| i64::from(v) as u64); next!() }
    StoreMem8 { addr, value, memref } => { store_mem!(ip, fp, cx, addr, memref, get(fp, value) as u8); next!() }
    StoreMem16 { addr, value, memref } => { store_mem!(ip, fp, cx, addr, memref, get(fp, value) as u16); next!() }
    StoreMem32 { addr, value, memref } => { store_mem!(ip, fp, cx, addr, memref, get(fp, value) as u32); next!() }
    StoreMem64 { addr, value, memref } => { store_mem!(ip, fp, cx, addr, memref, get(fp, value)); next!() }
    V128LoadMem { dst, addr, memref } => {
        match memory_at(&mut *cx, fp, addr, memref, 16) {
            Some(at) => set128(fp, dst, *at.cast::<simd::V128>()),
            None => trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds),
        }
        next!()
    }
    V128StoreMem { addr, value, memref } => {
        match memory_at(&mut *cx, fp, addr, memref, 16) {
            Some(at) => put(at, get128(fp, value)),
            None => trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds),
        }
        next!()
    }
    MemoryFillMem { base, memref } => {
        let m = MemRef::decode((*cx).pool(memref));
        let d = index_operand(get(fp, base), m.memory64);
        let value = get(fp, base + 1) as u8;
        let n = index_operand(get(fp, base + 2), m.memory64);
        let (bytes, size) = memory_bytes(&mut *cx, m.memory);
        let Some(to) = memory_access::range(d, n, size) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        ptr::write_bytes(bytes.add(to.start), value, to.len());
        next!()
    }
    MemoryCopyMem { base, memref } => {
        let m = MemRef::decode((*cx).pool(memref));
        let d = index_operand(get(fp, base), m.memory64);
        let s = index_operand(get(fp, base + 1), m.other_memory64);
        // The length has the narrower of the two index types.
        let n = index_operand(get(fp, base + 2), m.memory64 && m.other_memory64);
        let (to_bytes, to_size) = memory_bytes(&mut *cx, m.memory);
        let (from_bytes, from_size) = memory_bytes(&mut *cx, m.other_memory);
        let (Some(to), Some(from)) = (memory_access::range(d, n, to_size), memory_access::range(s, n, from_size)) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        // Overlap-safe: the two memories may be one.
        ptr::copy(from_bytes.add(from.start), to_bytes.add(to.start), to.len());
        next!()
    }
    MemoryInitMem { base, data, memref } => {
        let m = MemRef::decode((*cx).pool(memref));
        let d = index_operand(get(fp, base), m.memory64);
        let s = u64::from(get(fp, base + 1) as u32);
        let n = u64::from(get(fp, base + 2) as u32);
        let c = &mut *cx;
        let inst = c.inst;
        let Some(instance) = c.store().instances.get(inst as usize) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        let dropped = instance.data_dropped.get(data as usize).copied().unwrap_or(true);
        let segment: *const [u8] = match instance.module.datas.get(data as usize) {
            Some(segment) if !dropped => &*segment.bytes,
            _ => &[],
        };
        // The module (and its segments) lives as long as the instance; nothing below changes it.
        let segment = &*segment;
        let (bytes, size) = memory_bytes(c, m.memory);
        let (Some(to), Some(from)) = (memory_access::range(d, n, size), memory_access::range(s, n, segment.len())) else {
            trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds)
        };
        ptr::copy_nonoverlapping(segment.as_ptr().add(from.start), bytes.add(to.start), to.len());
        next!()
    }
    MemoryGrow64 { dst, delta, memory } => {
        let c = &mut *cx;
        let m = *c.cache.memories.add(memory as usize);
        let delta = get(fp, delta);
        let store = c.store();
        if let Some(hook) = store.grow_hook {
            store.grow_request = Some(GrowRequest { what: Growing::Memory { memory: m, delta }, wide: true });
            return ask_grow_hook(c, ip, fp, hook, dst);
        }
        let result = store.grow_memory_unlimited(m, delta);
        set(fp, dst, result.unwrap_or(u64::MAX));
        // Memory 0 is reloaded whichever index grew: two indices may name one store memory (imported twice).
        let (mem, len) = super::executor::memory0(c.store(), c.inst);
        resume!(ip.add(1), fp, mem, len)
    }
    DataDrop { data } => {
        let c = &mut *cx;
        let inst = c.inst;
        if let Some(flag) = c.store().instances.get_mut(inst as usize).and_then(|i| i.data_dropped.get_mut(data as usize)) {
            *flag = true;
        }
        next!()
    }

    // ---- tables and references ----------------------------------------------------------------------------
    TableGet { dst, index, table } => {
        let c = &mut *cx;
        let t = *c.cache.tables.add(table as usize);
        let i = get(fp, index) as u32 as usize;
        match c.store().tables.get(t as usize).and_then(|t| t.elements.get(i)) {
            Some(&cell) => set(fp, dst, cell),
            None => trap!(ip, fp, cx, TrapCode::TableOutOfBounds),
        }
        next!()
    }
    TableSet { index, value, table } => {
        let c = &mut *cx;
        let t = *c.cache.tables.add(table as usize);
        let i = get(fp, index) as u32 as usize;
        let value = get(fp, value);
        match c.store().tables.get_mut(t as usize).and_then(|t| t.elements.get_mut(i)) {
            Some(cell) => *cell = value,
            None => trap!(ip, fp, cx, TrapCode::TableOutOfBounds),
        }
        next!()
    }
    TableSize { dst, table } => {
        let c = &mut *cx;
        let t = *c.cache.tables.add(table as usize);
        set(fp, dst, c.store().tables.get(t as usize).map_or(0, |t| t.elements.len() as u64));
        next!()
    }
    NarrowIndex { dst, src } => { set(fp, dst, get(fp, src).min(u64::from(u32::MAX))); next!() }
    GrowResult64 { slot } => {
        if get(fp, slot) == u64::from(u32::MAX) {
            set(fp, slot, u64::MAX);
        }
        next!()
    }
    TableGrow { base, table } => {
        let c = &mut *cx;
        let t = *c.cache.tables.add(table as usize);
        let init = get(fp, base);
        let delta = u64::from(get(fp, base + 1) as u32);
        let store = c.store();
        if let Some(hook) = store.grow_hook {
            store.grow_request = Some(GrowRequest { what: Growing::Table { table: t, delta, init }, wide: false });
            return ask_grow_hook(c, ip, fp, hook, base);
        }
        let result = store.grow_table_within_limits(t, delta, init);
        set(fp, base, u64::from(result.map_or(u32::MAX, |old| old as u32)));
        next!()
    }
    TableFill { base, table } => {
        let c = &mut *cx;
        let t = *c.cache.tables.add(table as usize);
        let i = get(fp, base) as u32 as usize;
        let value = get(fp, base + 1);
        let n = get(fp, base + 2) as u32 as usize;
        match c.store().tables.get_mut(t as usize).and_then(|t| t.elements.get_mut(i..i + n)) {
            Some(range) => range.fill(value),
            None => trap!(ip, fp, cx, TrapCode::TableOutOfBounds),
        }
        next!()
    }
    TableCopy { base, dst_table, src_table } => {
        let c = &mut *cx;
        let dt = *c.cache.tables.add(dst_table as usize) as usize;
        let st = *c.cache.tables.add(src_table as usize) as usize;
        let d = get(fp, base) as u32 as usize;
        let s = get(fp, base + 1) as u32 as usize;
        let n = get(fp, base + 2) as u32 as usize;
        if super::bulk::table_copy(&mut c.store().tables, dt, d, st, s, n).is_err() {
            trap!(ip, fp, cx, TrapCode::TableOutOfBounds);
        }
        next!()
    }
    TableInit { base, table, elem } => {
        let c = &mut *cx;
        let t = *c.cache.tables.add(table as usize) as usize;
        let inst = c.inst;
        let d = get(fp, base) as u32 as usize;
        let s = get(fp, base + 1) as u32 as usize;
        let n = get(fp, base + 2) as u32 as usize;
        let store = c.store();
        let items: &[u64] =
            store.instances.get(inst as usize).and_then(|i| i.elems.get(elem as usize)).map_or(&[], |e| e);
        let source = items.get(s..s + n);
        let target = store.tables.get_mut(t).and_then(|t| t.elements.get_mut(d..d + n));
        match (source, target) {
            (Some(source), Some(target)) => target.copy_from_slice(source),
            _ => trap!(ip, fp, cx, TrapCode::TableOutOfBounds),
        }
        next!()
    }
    ElemDrop { elem } => {
        let c = &mut *cx;
        let inst = c.inst;
        if let Some(segment) = c.store().instances.get_mut(inst as usize).and_then(|i| i.elems.get_mut(elem as usize)) {
            *segment = Box::new([]);
        }
        next!()
    }
    RefFunc { dst, func } => {
        let f = *(*cx).cache.funcs.add(func as usize);
        set(fp, dst, u64::from(f) + 1);
        next!()
    }
    Throw { base, tag } => {
        let c = &mut *cx;
        let t = *c.cache.tags.add(tag as usize);
        let store = c.store();
        let cells = store.tags.get(t as usize).map_or(0, |e| crate::types::cells_of(e.ty.params()));
        // Translation put the tag's values in `base..base + cells`, inside the frame.
        let fields = core::slice::from_raw_parts(fp.add(base as usize), cells as usize);
        match store.push_exn(t, fields) {
            Ok(exn) => {
                c.exn = exn;
                c.save(ip, fp);
                return Exit::Throw;
            }
            Err(code) => return c.trap(ip, fp, code),
        }
    }
    ThrowRef { exn } => {
        let c = &mut *cx;
        match crate::ir::ref_index(get(fp, exn)) {
            Some(exn) => {
                c.exn = exn;
                c.save(ip, fp);
                return Exit::Throw;
            }
            None => return c.trap(ip, fp, TrapCode::NullExceptionReference),
        }
    }
    RefAsNonNull { src } => {
        if get(fp, src) == 0 {
            return (*cx).trap(ip, fp, TrapCode::NullReference);
        }
        next!()
    }

    // ---- numeric: unary -----------------------------------------------------------------------------------
    I32Eqz { dst, src } => { unary!(fp, dst, src, ops::i32_eqz); next!() }
    I64Eqz { dst, src } => { unary!(fp, dst, src, ops::i64_eqz); next!() }
    I32Clz { dst, src } => { unary!(fp, dst, src, ops::i32_clz); next!() }
    I32Ctz { dst, src } => { unary!(fp, dst, src, ops::i32_ctz); next!() }
    I32Popcnt { dst, src } => { unary!(fp, dst, src, ops::i32_popcnt); next!() }
    I64Clz { dst, src } => { unary!(fp, dst, src, ops::i64_clz); next!() }
    I64Ctz { dst, src } => { unary!(fp, dst, src, ops::i64_ctz); next!() }
    I64Popcnt { dst, src } => { unary!(fp, dst, src, ops::i64_popcnt); next!() }
    F32Abs { dst, src } => { unary!(fp, dst, src, ops::f32_abs); next!() }
    F32Neg { dst, src } => { unary!(fp, dst, src, ops::f32_neg); next!() }
    F32Ceil { dst, src } => { unary!(fp, dst, src, ops::f32_ceil); next!() }
    F32Floor { dst, src } => { unary!(fp, dst, src, ops::f32_floor); next!() }
    F32Trunc { dst, src } => { unary!(fp, dst, src, ops::f32_trunc); next!() }
    F32Nearest { dst, src } => { unary!(fp, dst, src, ops::f32_nearest); next!() }
    F32Sqrt { dst, src } => { unary!(fp, dst, src, ops::f32_sqrt); next!() }
    F64Abs { dst, src } => { unary!(fp, dst, src, ops::f64_abs); next!() }
    F64Neg { dst, src } => { unary!(fp, dst, src, ops::f64_neg); next!() }
    F64Ceil { dst, src } => { unary!(fp, dst, src, ops::f64_ceil); next!() }
    F64Floor { dst, src } => { unary!(fp, dst, src, ops::f64_floor); next!() }
    F64Trunc { dst, src } => { unary!(fp, dst, src, ops::f64_trunc); next!() }
    F64Nearest { dst, src } => { unary!(fp, dst, src, ops::f64_nearest); next!() }
    F64Sqrt { dst, src } => { unary!(fp, dst, src, ops::f64_sqrt); next!() }
    I32WrapI64 { dst, src } => { unary!(fp, dst, src, ops::i32_wrap_i64); next!() }
    I64ExtendI32S { dst, src } => { unary!(fp, dst, src, ops::i64_extend_i32_s); next!() }
    I64ExtendI32U { dst, src } => { unary!(fp, dst, src, ops::i64_extend_i32_u); next!() }
    F32ConvertI32S { dst, src } => { unary!(fp, dst, src, ops::f32_convert_i32_s); next!() }
    F32ConvertI32U { dst, src } => { unary!(fp, dst, src, ops::f32_convert_i32_u); next!() }
    F32ConvertI64S { dst, src } => { unary!(fp, dst, src, ops::f32_convert_i64_s); next!() }
    F32ConvertI64U { dst, src } => { unary!(fp, dst, src, ops::f32_convert_i64_u); next!() }
    F32DemoteF64 { dst, src } => { unary!(fp, dst, src, ops::f32_demote_f64); next!() }
    F64ConvertI32S { dst, src } => { unary!(fp, dst, src, ops::f64_convert_i32_s); next!() }
    F64ConvertI32U { dst, src } => { unary!(fp, dst, src, ops::f64_convert_i32_u); next!() }
    F64ConvertI64S { dst, src } => { unary!(fp, dst, src, ops::f64_convert_i64_s); next!() }
    F64ConvertI64U { dst, src } => { unary!(fp, dst, src, ops::f64_convert_i64_u); next!() }
    F64PromoteF32 { dst, src } => { unary!(fp, dst, src, ops::f64_promote_f32); next!() }
    I32Extend8S { dst, src } => { unary!(fp, dst, src, ops::i32_extend8_s); next!() }
    I32Extend16S { dst, src } => { unary!(fp, dst, src, ops::i32_extend16_s); next!() }
    I64Extend8S { dst, src } => { unary!(fp, dst, src, ops::i64_extend8_s); next!() }
    I64Extend16S { dst, src } => { unary!(fp, dst, src, ops::i64_extend16_s); next!() }
    I64Extend32S { dst, src } => { unary!(fp, dst, src, ops::i64_extend32_s); next!() }
    I32TruncSatF32S { dst, src } => { unary!(fp, dst, src, ops::i32_trunc_sat_f32_s); next!() }
    I32TruncSatF32U { dst, src } => { unary!(fp, dst, src, ops::i32_trunc_sat_f32_u); next!() }
    I32TruncSatF64S { dst, src } => { unary!(fp, dst, src, ops::i32_trunc_sat_f64_s); next!() }
    I32TruncSatF64U { dst, src } => { unary!(fp, dst, src, ops::i32_trunc_sat_f64_u); next!() }
    I64TruncSatF32S { dst, src } => { unary!(fp, dst, src, ops::i64_trunc_sat_f32_s); next!() }
    I64TruncSatF32U { dst, src } => { unary!(fp, dst, src, ops::i64_trunc_sat_f32_u); next!() }
    I64TruncSatF64S { dst, src } => { unary!(fp, dst, src, ops::i64_trunc_sat_f64_s); next!() }
    I64TruncSatF64U { dst, src } => { unary!(fp, dst, src, ops::i64_trunc_sat_f64_u); next!() }
    I32TruncF32S { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i32_trunc_f32_s); next!() }
    I32TruncF32U { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i32_trunc_f32_u); next!() }
    I32TruncF64S { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i32_trunc_f64_s); next!() }
    I32TruncF64U { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i32_trunc_f64_u); next!() }
    I64TruncF32S { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i64_trunc_f32_s); next!() }
    I64TruncF32U { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i64_trunc_f32_u); next!() }
    I64TruncF64S { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i64_trunc_f64_s); next!() }
    I64TruncF64U { dst, src } => { trapping_unary!(ip, fp, cx, dst, src, ops::i64_trunc_f64_u); next!() }

    // ---- numeric: binary ----------------------------------------------------------------------------------
    I32Eq { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_eq); next!() }
    I32Ne { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_ne); next!() }
    I32LtS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_lt_s); next!() }
    I32LtU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_lt_u); next!() }
    I32GtS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_gt_s); next!() }
    I32GtU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_gt_u); next!() }
    I32LeS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_le_s); next!() }
    I32LeU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_le_u); next!() }
    I32GeS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_ge_s); next!() }
    I32GeU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_ge_u); next!() }
    I64Eq { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_eq); next!() }
    I64Ne { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_ne); next!() }
    I64LtS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_lt_s); next!() }
    I64LtU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_lt_u); next!() }
    I64GtS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_gt_s); next!() }
    I64GtU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_gt_u); next!() }
    I64LeS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_le_s); next!() }
    I64LeU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_le_u); next!() }
    I64GeS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_ge_s); next!() }
    I64GeU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_ge_u); next!() }
    F32Eq { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_eq); next!() }
    F32Ne { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_ne); next!() }
    F32Lt { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_lt); next!() }
    F32Gt { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_gt); next!() }
    F32Le { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_le); next!() }
    F32Ge { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_ge); next!() }
    F64Eq { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_eq); next!() }
    F64Ne { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_ne); next!() }
    F64Lt { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_lt); next!() }
    F64Gt { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_gt); next!() }
    F64Le { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_le); next!() }
    F64Ge { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_ge); next!() }
    I32Add { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_add); next!() }
    I32Sub { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_sub); next!() }
    I32Mul { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_mul); next!() }
    I32And { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_and); next!() }
    I32Or { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_or); next!() }
    I32Xor { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_xor); next!() }
    I32Shl { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_shl); next!() }
    I32ShrS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_shr_s); next!() }
    I32ShrU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_shr_u); next!() }
    I32Rotl { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_rotl); next!() }
    I32Rotr { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i32_rotr); next!() }
    I64Add { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_add); next!() }
    I64Sub { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_sub); next!() }
    I64Mul { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_mul); next!() }
    I64And { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_and); next!() }
    I64Or { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_or); next!() }
    I64Xor { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_xor); next!() }
    I64Shl { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_shl); next!() }
    I64ShrS { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_shr_s); next!() }
    I64ShrU { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_shr_u); next!() }
    I64Rotl { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_rotl); next!() }
    I64Rotr { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::i64_rotr); next!() }
    F32Add { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_add); next!() }
    F32Sub { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_sub); next!() }
    F32Mul { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_mul); next!() }
    F32Div { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_div); next!() }
    F32Min { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_min); next!() }
    F32Max { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_max); next!() }
    F32Copysign { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f32_copysign); next!() }
    F64Add { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_add); next!() }
    F64Sub { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_sub); next!() }
    F64Mul { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_mul); next!() }
    F64AddMul { dst, other, lhs, rhs } => {
        let product = ops::f64_mul(Cell::from_cell(get(fp, lhs)), Cell::from_cell(get(fp, rhs)));
        set(fp, dst, Cell::into_cell(ops::f64_add(Cell::from_cell(get(fp, Slot::from(other))), product)));
        next!()
    }
    F32x4AddMul { dst, other, lhs, rhs } => {
        let product = simd::f32x4_mul(get128(fp, lhs), get128(fp, rhs));
        set128(fp, dst, simd::f32x4_add(get128(fp, Slot::from(other)), product));
        next!()
    }
    F64x2AddMul { dst, other, lhs, rhs } => {
        let product = simd::f64x2_mul(get128(fp, lhs), get128(fp, rhs));
        set128(fp, dst, simd::f64x2_add(get128(fp, Slot::from(other)), product));
        next!()
    }
    I32x4AddMul { dst, other, lhs, rhs } => {
        let product = simd::i32x4_mul(get128(fp, lhs), get128(fp, rhs));
        set128(fp, dst, simd::i32x4_add(get128(fp, Slot::from(other)), product));
        next!()
    }
    F64SubMul { dst, other, lhs, rhs } => {
        let product = ops::f64_mul(Cell::from_cell(get(fp, lhs)), Cell::from_cell(get(fp, rhs)));
        set(fp, dst, Cell::into_cell(ops::f64_sub(Cell::from_cell(get(fp, Slot::from(other))), product)));
        next!()
    }
    F64MulSub { dst, other, lhs, rhs } => {
        let product = ops::f64_mul(Cell::from_cell(get(fp, lhs)), Cell::from_cell(get(fp, rhs)));
        set(fp, dst, Cell::into_cell(ops::f64_sub(product, Cell::from_cell(get(fp, Slot::from(other))))));
        next!()
    }
    F64AddMem { dst, other, addr, offset } => {
        let m = f64::from_bits(loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, offset, u64));
        set(fp, dst, Cell::into_cell(ops::f64_add(Cell::from_cell(get(fp, Slot::from(other))), m)));
        next!()
    }
    F64SubMem { dst, other, addr, offset } => {
        let m = f64::from_bits(loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, offset, u64));
        set(fp, dst, Cell::into_cell(ops::f64_sub(Cell::from_cell(get(fp, Slot::from(other))), m)));
        next!()
    }
    F64MemSub { dst, other, addr, offset } => {
        let m = f64::from_bits(loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, offset, u64));
        set(fp, dst, Cell::into_cell(ops::f64_sub(m, Cell::from_cell(get(fp, Slot::from(other))))));
        next!()
    }
    F64MulMem { dst, other, addr, offset } => {
        let m = f64::from_bits(loaded!(ip, fp, mem, len, cx, get(fp, addr) as u32, offset, u64));
        set(fp, dst, Cell::into_cell(ops::f64_mul(Cell::from_cell(get(fp, Slot::from(other))), m)));
        next!()
    }
    F64AddMulMem { dst, other, lhs, addr, offset } => {
        let m = f64::from_bits(loaded!(ip, fp, mem, len, cx, get(fp, Slot::from(addr)) as u32, offset, u64));
        let product = ops::f64_mul(Cell::from_cell(get(fp, Slot::from(lhs))), m);
        set(fp, dst, Cell::into_cell(ops::f64_add(Cell::from_cell(get(fp, Slot::from(other))), product)));
        next!()
    }
    F64Div { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_div); next!() }
    F64Min { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_min); next!() }
    F64Max { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_max); next!() }
    F64Copysign { dst, lhs, rhs } => { binary!(fp, dst, lhs, rhs, ops::f64_copysign); next!() }
    I32DivS { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i32_div_s); next!() }
    I32DivU { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i32_div_u); next!() }
    I32RemS { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i32_rem_s); next!() }
    I32RemU { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i32_rem_u); next!() }
    I64DivS { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i64_div_s); next!() }
    I64DivU { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i64_div_u); next!() }
    I64RemS { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i64_rem_s); next!() }
    I64RemU { dst, lhs, rhs } => { trapping_binary!(ip, fp, cx, dst, lhs, rhs, ops::i64_rem_u); next!() }

    // ---- numeric: binary with an immediate ----------------------------------------------------------------
    I32AddImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_add); next!() }
    I32MulImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_mul); next!() }
    I32AndImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_and); next!() }
    I32OrImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_or); next!() }
    I32XorImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_xor); next!() }
    I32ShlImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_shl); next!() }
    I32SubFromImm { dst, rhs, imm } => {
        set(fp, dst, Cell::into_cell(ops::i32_sub(imm, i32::from_cell(get(fp, rhs)))));
        next!()
    }
    I32AddShl { dst, lhs, rhs, shift } => {
        let scaled = ops::i32_shl(get(fp, rhs) as i32, i32::from(shift));
        set(fp, dst, Cell::into_cell(ops::i32_add(get(fp, lhs) as i32, scaled)));
        next!()
    }
    I32XorRotl { dst, lhs, rhs, shift } => {
        let mixed = ops::i32_xor(get(fp, lhs) as i32, get(fp, rhs) as i32);
        set(fp, dst, Cell::into_cell(ops::i32_rotl(mixed, i32::from(shift))));
        next!()
    }
    I32XorMulImm { dst, lhs, rhs, imm } => {
        let xor = ops::i32_xor(get(fp, Slot::from(lhs)) as i32, get(fp, rhs) as i32);
        set(fp, dst, Cell::into_cell(ops::i32_mul(xor, imm)));
        next!()
    }
    I32RotlXor { dst, src, other, shift } => {
        let rotated = ops::i32_rotl(get(fp, src) as i32, i32::from(shift));
        set(fp, dst, Cell::into_cell(ops::i32_xor(rotated, get(fp, other) as i32)));
        next!()
    }
    I32ShlXor { dst, src, other, shift } => {
        let shifted = ops::i32_shl(get(fp, src) as i32, i32::from(shift));
        set(fp, dst, Cell::into_cell(ops::i32_xor(shifted, get(fp, other) as i32)));
        next!()
    }
    I32ShrUXor { dst, src, other, shift } => {
        let shifted = ops::i32_shr_u(get(fp, src) as i32, i32::from(shift));
        set(fp, dst, Cell::into_cell(ops::i32_xor(shifted, get(fp, other) as i32)));
        next!()
    }
    I32XorShrU { dst, lhs, rhs, shift } => {
        let mixed = ops::i32_xor(get(fp, lhs) as i32, get(fp, rhs) as i32);
        set(fp, dst, Cell::into_cell(ops::i32_shr_u(mixed, i32::from(shift))));
        next!()
    }
    I32ShrUAnd { dst, src, mask, shift } => {
        let shifted = ops::i32_shr_u(get(fp, src) as i32, i32::from(shift));
        set(fp, dst, Cell::into_cell(ops::i32_and(shifted, mask)));
        next!()
    }
    I32AndShrU { dst, src, mask, shift } => {
        let masked = ops::i32_and(get(fp, src) as i32, mask);
        set(fp, dst, Cell::into_cell(ops::i32_shr_u(masked, i32::from(shift))));
        next!()
    }
    I32AddAnd { dst, src, mask, add } => {
        let sum = ops::i32_add(get(fp, src) as i32, i32::from(add));
        set(fp, dst, Cell::into_cell(ops::i32_and(sum, mask)));
        next!()
    }
    I32NegAnd { dst, src, mask } => {
        let bits = ops::i32_and(get(fp, src) as i32, mask);
        set(fp, dst, Cell::into_cell(ops::i32_sub(0, bits)));
        next!()
    }
    I32NegAndMask { dst, src, select, mask } => {
        let bits = ops::i32_and(get(fp, Slot::from(src)) as i32, i32::from(select));
        set(fp, dst, Cell::into_cell(ops::i32_and(ops::i32_sub(0, bits), mask)));
        next!()
    }
    I32AddAndShl { dst, src, add, mask, shift } => {
        set(fp, dst, Cell::into_cell(masked_index(get(fp, Slot::from(src)) as i32, add, mask, shift)));
        next!()
    }
    I32AddAndShlAdd { dst, base, src, add, mask, shift } => {
        let scaled = masked_index(get(fp, Slot::from(src)) as i32, add, mask, shift);
        set(fp, dst, Cell::into_cell(ops::i32_add(get(fp, Slot::from(base)) as i32, scaled)));
        next!()
    }
    I32ShrSImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_shr_s); next!() }
    I32ShrUImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_shr_u); next!() }
    I32RotlImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_rotl); next!() }
    I32RotrImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_rotr); next!() }
    I32EqImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_eq); next!() }
    I32NeImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_ne); next!() }
    I32LtSImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_lt_s); next!() }
    I32LtUImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_lt_u); next!() }
    I32GtSImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_gt_s); next!() }
    I32GtUImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_gt_u); next!() }
    I32LeSImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_le_s); next!() }
    I32LeUImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_le_u); next!() }
    I32GeSImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_ge_s); next!() }
    I32GeUImm { dst, lhs, imm } => { imm32!(fp, dst, lhs, imm, ops::i32_ge_u); next!() }
    I64AddImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_add); next!() }
    I64MulImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_mul); next!() }
    I64AndImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_and); next!() }
    I64OrImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_or); next!() }
    I64XorImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_xor); next!() }
    I64ShlImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_shl); next!() }
    I64SubFromImm { dst, rhs, imm } => {
        set(fp, dst, Cell::into_cell(ops::i64_sub(i64::from(imm), i64::from_cell(get(fp, rhs)))));
        next!()
    }
    I64ShrSImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_shr_s); next!() }
    I64ShrUImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_shr_u); next!() }
    I64EqImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_eq); next!() }
    I64NeImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_ne); next!() }
    I64LtSImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_lt_s); next!() }
    I64LtUImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_lt_u); next!() }
    I64GtSImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_gt_s); next!() }
    I64GtUImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_gt_u); next!() }
    I64LeSImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_le_s); next!() }
    I64LeUImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_le_u); next!() }
    I64GeSImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_ge_s); next!() }
    I64GeUImm { dst, lhs, imm } => { imm64!(fp, dst, lhs, imm, ops::i64_ge_u); next!() }

    // ---- v128 (the rows whose kind does not generate their handler) --------------------------------------------
    I8x16Shuffle { dst, src, lanes } => {
        let lanes = simd::from_bits((*cx).pool(lanes));
        set128(fp, dst, simd::i8x16_shuffle(get128(fp, src), get128(fp, src + 2), lanes));
        next!()
    }
    I8x16ShuffleOf { dst, lhs, rhs, lanes } => {
        let lanes = simd::from_bits((*cx).pool(lanes));
        let (lhs, rhs) = (get128(fp, Slot::from(lhs)), get128(fp, Slot::from(rhs)));
        set128(fp, dst, simd::i8x16_shuffle(lhs, rhs, lanes));
        next!()
    }
}

/// Generates the handlers of the SIMD rows from their kinds (see `crate::ir::for_each_instr`): each reads its
/// operands, calls its function in [`simd`] and writes the result, so a SIMD operator needs no handler body of
/// its own. Rows of other kinds generate nothing here.
macro_rules! define_generated_handlers {
    ($d:tt $(
        $(#[$doc:meta])*
        $name:ident { $($field:ident : $ty:ty),* } => $kind:ident $(($($karg:ident),*))?;
    )*) => {
        $( generated_handler!($d $kind $name { $($field),* } $(($($karg),*))?); )*
    };
}

/// The handler of one row of a generating kind (see [`define_generated_handlers`]).
macro_rules! generated_handler {
    ($d:tt v128_unary $name:ident { $dst:ident, $src:ident } ($dstk:ident, $op:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $src } => {
            set128(fp, $dst, simd::$op(get128(fp, $src)));
            next!()
        } }
    };
    ($d:tt v128_binary $name:ident { $dst:ident, $lhs:ident, $rhs:ident } ($dstk:ident, $op:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $lhs, $rhs } => {
            set128(fp, $dst, simd::$op(get128(fp, $lhs), get128(fp, $rhs)));
            next!()
        } }
    };
    ($d:tt v128_ternary $name:ident { $base:ident } ($op:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $base } => {
            let value = simd::$op(get128(fp, $base), get128(fp, $base + 2), get128(fp, $base + 4));
            set128(fp, $base, value);
            next!()
        } }
    };
    ($d:tt v128_shift $name:ident { $dst:ident, $lhs:ident, $rhs:ident } ($dstk:ident, $op:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $lhs, $rhs } => {
            set128(fp, $dst, simd::$op(get128(fp, $lhs), i32::from_cell(get(fp, $rhs))));
            next!()
        } }
    };
    ($d:tt v128_test $name:ident { $dst:ident, $src:ident } ($field:ident, $op:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $src } => {
            set(fp, $dst, Cell::into_cell(simd::$op(get128(fp, $src))));
            next!()
        } }
    };
    ($d:tt v128_splat $name:ident { $dst:ident, $src:ident } ($dstk:ident, $op:ident, $ty:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $src } => {
            set128(fp, $dst, simd::$op(<$ty>::from_cell(get(fp, $src))));
            next!()
        } }
    };
    ($d:tt extract_lane $name:ident { $dst:ident, $src:ident, $lane:ident } ($field:ident, $op:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $src, $lane } => {
            set(fp, $dst, Cell::into_cell(simd::$op(get128(fp, $src), $lane)));
            next!()
        } }
    };
    ($d:tt replace_lane $name:ident { $dst:ident, $src:ident, $value:ident, $lane:ident } ($dstk:ident, $op:ident, $ty:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $src, $value, $lane } => {
            let value = simd::$op(get128(fp, $src), $lane, <$ty>::from_cell(get(fp, $value)));
            set128(fp, $dst, value);
            next!()
        } }
    };
    ($d:tt v128_load $name:ident { $dst:ident, $addr:ident, $offset:ident } ($dstk:ident, $op:ident, $ty:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $dst, $addr, $offset } => {
            match effective32(get(fp, $addr) as u32, $offset, size_of::<$ty>(), len) {
                Some(at) => {
                    let bytes = *mem.add(at).cast::<[u8; size_of::<$ty>()]>();
                    set128(fp, $dst, simd::$op(<$ty>::from_le_bytes(bytes)));
                }
                None => trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds),
            }
            next!()
        } }
    };
    ($d:tt load_lane $name:ident { $base:ident, $offset:ident, $lane:ident } ($op:ident, $ty:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $base, $offset, $lane } => {
            match effective32(get(fp, $base) as u32, $offset, size_of::<$ty>(), len) {
                Some(at) => {
                    let bytes = *mem.add(at).cast::<[u8; size_of::<$ty>()]>();
                    let value = simd::$op(get128(fp, $base + 1), $lane, <$ty>::from_le_bytes(bytes));
                    set128(fp, $base, value);
                }
                None => trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds),
            }
            next!()
        } }
    };
    ($d:tt store_lane $name:ident { $base:ident, $offset:ident, $lane:ident } ($op:ident, $ty:ident)) => {
        handlers! { $d |ip, fp, mem, len, cx| $name { $base, $offset, $lane } => {
            match effective32(get(fp, $base) as u32, $offset, size_of::<$ty>(), len) {
                Some(at) => put(mem.add(at), simd::$op(get128(fp, $base + 1), $lane).to_le_bytes()),
                None => trap!(ip, fp, cx, TrapCode::MemoryOutOfBounds),
            }
            next!()
        } }
    };
    ($d:tt $kind:ident $name:ident { $($field:ident),* } $(($($karg:ident),*))?) => {};
}

crate::ir::for_each_instr!(define_generated_handlers, $);
