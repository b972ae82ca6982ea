//! The dispatch loop: `loop { match instr { .. } }` over the translated instructions.
//!
//! Op semantics live in [`super::ops`]; this file only moves cells between slots, memory and tables, and
//! transfers control. Host calls leave the loop as [`Outcome::HostCall`] so that the loop does not depend on
//! the embedder's data type.

use core::ptr;

use super::cell::Cell;
use super::ops;
use super::stack::Frame;
use crate::ir::Instr;
use crate::store::{FuncEntity, StoreInner};
use crate::translate::CompiledFunc;
use crate::trap::TrapCode;

/// Where an execution stands; saved when the loop is left and restored when it is resumed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExecState {
    /// The next instruction to execute.
    pub(crate) ip: *const Instr,
    /// Offset of the current frame in the value stack.
    pub(crate) fp: usize,
    /// The current instance (store index).
    pub(crate) instance: u32,
    /// The current function's index in its module.
    pub(crate) func: u32,
}

/// Why the loop stopped without trapping.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome {
    /// The execution's entry function returned; its results are at the start of its frame.
    Return,
    /// A host function must be called with its arguments at value-stack offset `base`; resume at `state.ip`.
    HostCall { host: u32, base: usize },
}

/// Raw views of the current instance, re-derived whenever the instance changes.
#[derive(Clone, Copy)]
struct InstanceCache {
    code: *const CompiledFunc,
    funcs: *const u32,
    globals: *const u32,
    tables: *const u32,
    memories: *const u32,
    num_imported_funcs: u32,
}

impl InstanceCache {
    fn load(store: &StoreInner, instance: u32) -> Self {
        match store.instances.get(instance as usize) {
            Some(inst) => Self {
                code: inst.module.code.as_ptr(),
                funcs: inst.funcs.as_ptr(),
                globals: inst.globals.as_ptr(),
                tables: inst.tables.as_ptr(),
                memories: inst.memories.as_ptr(),
                num_imported_funcs: inst.module.num_imported_funcs,
            },
            None => Self {
                code: ptr::null(),
                funcs: ptr::null(),
                globals: ptr::null(),
                tables: ptr::null(),
                memories: ptr::null(),
                num_imported_funcs: 0,
            },
        }
    }
}

/// Base pointer and length of the current instance's memory 0 (null and 0 without one).
fn memory0(store: &mut StoreInner, instance: u32) -> (*mut u8, usize) {
    let memory = store
        .instances
        .get(instance as usize)
        .and_then(|inst| inst.memories.first().copied());
    match memory.and_then(|m| store.memories.get_mut(m as usize)) {
        Some(memory) => (memory.bytes.as_mut_ptr(), memory.bytes.len()),
        None => (ptr::null_mut(), 0),
    }
}

/// Runs from `state` until the entry function returns, a host function must be called, or a trap.
///
/// On a trap, `state` describes the trapping instruction, for backtraces.
#[allow(
    clippy::too_many_lines,
    reason = "one arm per instruction is the point of a dispatch loop"
)]
pub(crate) fn execute(store: &mut StoreInner, state: &mut ExecState) -> Result<Outcome, TrapCode> {
    let max_depth = store.limits.max_call_depth as usize;
    let max_stack = store.limits.max_value_stack;
    let mut inst = state.instance;
    let mut func = state.func;
    let mut cache = InstanceCache::load(store, inst);
    let (mut mem, mut mem_len) = memory0(store, inst);
    let mut stack_base = store.stack.cells.as_mut_ptr();
    let mut stack_len = store.stack.cells.len();
    let mut ip = state.ip;
    // SAFETY (for the whole loop below): the invariants that make the raw accesses sound are
    // - `ip` points into the instruction array of a function of the current instance's module, kept alive by the
    //   instance's `Arc<ModuleInner>`; the translator ends every path with a return, branch or trap, and every
    //   branch offset targets an instruction of the same array, so `ip` never leaves the array;
    // - `fp` points at the current frame in `store.stack.cells`, and the whole frame (`frame_size` cells) was
    //   reserved when the function was entered; translation only emits slots below `frame_size`; whenever the
    //   cells may move (`reserve`), `stack_base` and `fp` are re-derived;
    // - `cache` points into the current instance's boxed index slices and module, which never move while the
    //   store lives; validation guarantees every function, global, table and memory index is in range;
    // - `mem`/`mem_len` describe the current memory 0 and are reloaded after anything that can resize it
    //   (memory.grow here, host calls and instance switches), and every access is bounds-checked against
    //   `mem_len` first.
    // SAFETY: `state.fp` is the offset of a frame inside `store.stack.cells` (see the invariants above).
    let mut fp = unsafe { stack_base.add(state.fp) };

    macro_rules! get {
        ($slot:expr) => {
            (*fp.add($slot as usize))
        };
    }
    macro_rules! set {
        ($slot:expr, $value:expr) => {{
            let value: u64 = $value;
            (*fp.add($slot as usize) = value)
        }};
    }
    macro_rules! next {
        () => {{
            ip = (ip.add(1));
            continue;
        }};
    }
    macro_rules! jump {
        ($offset:expr) => {{
            ip = (ip.offset($offset as isize));
            continue;
        }};
    }
    macro_rules! branch_if {
        ($cond:expr, $offset:expr) => {{
            if $cond {
                jump!($offset)
            }
            next!()
        }};
    }
    macro_rules! save_state {
        () => {{
            state.ip = ip;
            state.fp = (fp.offset_from(stack_base)) as usize;
            state.instance = inst;
            state.func = func;
        }};
    }
    macro_rules! trap {
        ($code:expr) => {{
            save_state!();
            return Err($code);
        }};
    }
    macro_rules! unary {
        ($dst:expr, $src:expr, $op:path) => {{
            set!($dst, Cell::into_cell($op(Cell::from_cell(get!($src)))));
            next!()
        }};
    }
    macro_rules! binary {
        ($dst:expr, $lhs:expr, $rhs:expr, $op:path) => {{
            set!(
                $dst,
                Cell::into_cell($op(
                    Cell::from_cell(get!($lhs)),
                    Cell::from_cell(get!($rhs))
                ))
            );
            next!()
        }};
    }
    macro_rules! unary_trap {
        ($dst:expr, $src:expr, $op:path) => {{
            match $op(Cell::from_cell(get!($src))) {
                Ok(value) => set!($dst, Cell::into_cell(value)),
                Err(code) => trap!(code),
            }
            next!()
        }};
    }
    macro_rules! binary_trap {
        ($dst:expr, $lhs:expr, $rhs:expr, $op:path) => {{
            match $op(Cell::from_cell(get!($lhs)), Cell::from_cell(get!($rhs))) {
                Ok(value) => set!($dst, Cell::into_cell(value)),
                Err(code) => trap!(code),
            }
            next!()
        }};
    }
    macro_rules! imm32 {
        ($dst:expr, $lhs:expr, $imm:expr, $op:path) => {{
            set!($dst, Cell::into_cell($op(i32::from_cell(get!($lhs)), $imm)));
            next!()
        }};
    }
    macro_rules! imm64 {
        ($dst:expr, $lhs:expr, $imm:expr, $op:path) => {{
            set!(
                $dst,
                Cell::into_cell($op(i64::from_cell(get!($lhs)), i64::from($imm)))
            );
            next!()
        }};
    }
    /// The effective address of an access of `$size` bytes, or a trap.
    macro_rules! effective {
        ($addr:expr, $offset:expr, $size:expr) => {{
            let address = u64::from(get!($addr) as u32) + u64::from($offset);
            if address + $size as u64 > mem_len as u64 {
                trap!(TrapCode::MemoryOutOfBounds);
            }
            address as usize
        }};
    }
    macro_rules! load {
        ($dst:expr, $addr:expr, $offset:expr, $ty:ty, $to_cell:expr) => {{
            let address = effective!($addr, $offset, size_of::<$ty>());
            let bytes = ptr::read_unaligned(mem.add(address).cast::<[u8; size_of::<$ty>()]>());
            let value = <$ty>::from_le_bytes(bytes);
            set!($dst, $to_cell(value));
            next!()
        }};
    }
    macro_rules! store {
        ($addr:expr, $value:expr, $offset:expr, $ty:ty) => {{
            let address = effective!($addr, $offset, size_of::<$ty>());
            #[allow(
                trivial_numeric_casts,
                reason = "the 64-bit store takes the cell as it is"
            )]
            let value = get!($value) as $ty;
            ptr::write_unaligned(
                mem.add(address).cast::<[u8; size_of::<$ty>()]>(),
                value.to_le_bytes(),
            );
            next!()
        }};
    }
    /// Enters a wasm function: `$callee` is its compiled body, `$base` the caller's argument slot.
    macro_rules! enter {
        ($callee:expr, $base:expr, $callee_inst:expr, $callee_func:expr) => {{
            let callee: &CompiledFunc = $callee;
            if store.frames.len() >= max_depth {
                trap!(TrapCode::StackOverflow);
            }
            let caller_fp = (fp.offset_from(stack_base)) as usize;
            let callee_fp = caller_fp + $base as usize;
            let end = callee_fp + callee.frame_size as usize;
            if end > stack_len {
                if store.stack.reserve(end, max_stack).is_err() {
                    trap!(TrapCode::StackOverflow);
                }
                stack_base = store.stack.cells.as_mut_ptr();
                stack_len = store.stack.cells.len();
            }
            store.frames.push(Frame {
                ret_ip: (ip.add(1)),
                fp: caller_fp,
                instance: inst,
                func,
            });
            fp = (stack_base.add(callee_fp));
            (ptr::write_bytes(
                fp.add(callee.num_params as usize),
                0,
                callee.num_locals as usize,
            ));
            let callee_inst: u32 = $callee_inst;
            if callee_inst != inst {
                inst = callee_inst;
                cache = InstanceCache::load(store, inst);
                (mem, mem_len) = memory0(store, inst);
            }
            func = $callee_func;
            ip = callee.instrs.as_ptr();
            continue;
        }};
    }
    macro_rules! do_return {
        () => {{
            match store.frames.pop() {
                Some(frame) if !frame.ret_ip.is_null() => {
                    ip = frame.ret_ip;
                    fp = (stack_base.add(frame.fp));
                    func = frame.func;
                    if frame.instance != inst {
                        inst = frame.instance;
                        cache = InstanceCache::load(store, inst);
                        (mem, mem_len) = memory0(store, inst);
                    }
                    continue;
                }
                other => {
                    // The entry marker: the execution is complete. Put the marker back for the driver.
                    if let Some(frame) = other {
                        store.frames.push(frame);
                    }
                    save_state!();
                    return Ok(Outcome::Return);
                }
            }
        }};
    }
    /// Calls the function with store index `$f`, whatever kind it is.
    macro_rules! call_store_func {
        ($f:expr, $base:expr) => {{
            match store.funcs.get($f as usize) {
                Some(FuncEntity::Wasm { instance, code, .. }) => {
                    let (callee_inst, code) = (*instance, *code);
                    let Some(callee_instance) = store.instances.get(callee_inst as usize) else {
                        trap!(TrapCode::IndirectCallToNull)
                    };
                    let module = &callee_instance.module;
                    let num_imported = module.num_imported_funcs;
                    let Some(callee) = module.code.get(code as usize) else {
                        trap!(TrapCode::IndirectCallToNull)
                    };
                    let callee: *const CompiledFunc = callee;
                    enter!((&*callee), $base, callee_inst, code + num_imported)
                }
                Some(FuncEntity::Host { host, .. }) => {
                    let host = *host;
                    let caller_fp = (fp.offset_from(stack_base)) as usize;
                    ip = (ip.add(1));
                    save_state!();
                    return Ok(Outcome::HostCall {
                        host,
                        base: caller_fp + $base as usize,
                    });
                }
                None => trap!(TrapCode::IndirectCallToNull),
            }
        }};
    }

    // SAFETY: see the invariants stated above; every raw access in the loop relies on them.
    unsafe {
        loop {
            use Instr as I;
            let instr = *ip;
            match instr {
                I::Unreachable => trap!(TrapCode::UnreachableCodeReached),
                I::Br { offset } => jump!(offset),
                I::BrIfNez { cond, offset } => branch_if!(get!(cond) as u32 != 0, offset),
                I::BrIfEqz { cond, offset } => branch_if!(get!(cond) as u32 == 0, offset),
                I::BrI32Eq { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as u32 == get!(rhs) as u32, offset)
                }
                I::BrI32Ne { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as u32 != get!(rhs) as u32, offset)
                }
                I::BrI32LtS { lhs, rhs, offset } => {
                    branch_if!((get!(lhs) as i32) < get!(rhs) as i32, offset)
                }
                I::BrI32LtU { lhs, rhs, offset } => {
                    branch_if!((get!(lhs) as u32) < get!(rhs) as u32, offset)
                }
                I::BrI32GtS { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as i32 > get!(rhs) as i32, offset)
                }
                I::BrI32GtU { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as u32 > get!(rhs) as u32, offset)
                }
                I::BrI32LeS { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as i32 <= get!(rhs) as i32, offset)
                }
                I::BrI32LeU { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as u32 <= get!(rhs) as u32, offset)
                }
                I::BrI32GeS { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as i32 >= get!(rhs) as i32, offset)
                }
                I::BrI32GeU { lhs, rhs, offset } => {
                    branch_if!(get!(lhs) as u32 >= get!(rhs) as u32, offset)
                }
                I::BrI32EqImm { lhs, imm, offset } => branch_if!(get!(lhs) as i32 == imm, offset),
                I::BrI32NeImm { lhs, imm, offset } => branch_if!(get!(lhs) as i32 != imm, offset),
                I::BrI32LtSImm { lhs, imm, offset } => branch_if!((get!(lhs) as i32) < imm, offset),
                I::BrI32LtUImm { lhs, imm, offset } => {
                    branch_if!((get!(lhs) as u32) < imm as u32, offset)
                }
                I::BrI32GtSImm { lhs, imm, offset } => branch_if!(get!(lhs) as i32 > imm, offset),
                I::BrI32GtUImm { lhs, imm, offset } => {
                    branch_if!(get!(lhs) as u32 > imm as u32, offset)
                }
                I::BrI32LeSImm { lhs, imm, offset } => branch_if!(get!(lhs) as i32 <= imm, offset),
                I::BrI32LeUImm { lhs, imm, offset } => {
                    branch_if!(get!(lhs) as u32 <= imm as u32, offset)
                }
                I::BrI32GeSImm { lhs, imm, offset } => branch_if!(get!(lhs) as i32 >= imm, offset),
                I::BrI32GeUImm { lhs, imm, offset } => {
                    branch_if!(get!(lhs) as u32 >= imm as u32, offset)
                }
                I::BrI64Eqz { cond, offset } => branch_if!(get!(cond) == 0, offset),
                I::BrI64Nez { cond, offset } => branch_if!(get!(cond) != 0, offset),
                I::BrTable { index, len } => {
                    let entry = (get!(index) as u32).min(len);
                    ip = ip.add(1 + entry as usize);
                    continue;
                }
                I::Return => do_return!(),
                I::ReturnSlot { src } => {
                    set!(0u32, get!(src));
                    do_return!()
                }
                I::ReturnSpan { src, len } => {
                    ptr::copy(fp.add(src as usize), fp, len as usize);
                    do_return!()
                }

                I::Call { func: callee, base } => {
                    let compiled = &*cache.code.add(callee as usize);
                    enter!(compiled, base, inst, callee + cache.num_imported_funcs)
                }
                I::CallImported { func: callee, base } => {
                    let f = *cache.funcs.add(callee as usize);
                    call_store_func!(f, base)
                }
                I::CallIndirect {
                    index,
                    base,
                    sig,
                    table,
                } => {
                    let t = *cache.tables.add(table as usize);
                    let i = get!(index) as u32 as usize;
                    let Some(table) = store.tables.get(t as usize) else {
                        trap!(TrapCode::UndefinedElement)
                    };
                    let Some(&cell) = table.elements.get(i) else {
                        trap!(TrapCode::UndefinedElement)
                    };
                    let Some(f) = crate::value::ref_index(cell) else {
                        trap!(TrapCode::IndirectCallToNull)
                    };
                    match store.funcs.get(f as usize) {
                        Some(entity) if entity.sig().0 == sig => {}
                        _ => trap!(TrapCode::BadSignature),
                    }
                    call_store_func!(f, base)
                }

                I::Copy { dst, src } => {
                    set!(dst, get!(src));
                    next!()
                }
                I::Const32 { dst, value } => {
                    set!(dst, u64::from(value));
                    next!()
                }
                I::Const64 { dst, value } => {
                    set!(dst, value);
                    next!()
                }
                I::Select { dst, other, cond } => {
                    if get!(cond) as u32 == 0 {
                        set!(dst, get!(other));
                    }
                    next!()
                }
                I::GlobalGet { dst, global } => {
                    let g = *cache.globals.add(global as usize);
                    let value = store.globals.get(g as usize).map_or(0, |g| g.value);
                    set!(dst, value);
                    next!()
                }
                I::GlobalSet { src, global } => {
                    let g = *cache.globals.add(global as usize);
                    if let Some(g) = store.globals.get_mut(g as usize) {
                        g.value = get!(src);
                    }
                    next!()
                }

                I::Load32 { dst, addr, offset } => load!(dst, addr, offset, u32, u64::from),
                I::Load64 { dst, addr, offset } => load!(dst, addr, offset, u64, |v| v),
                I::Load8S { dst, addr, offset } => {
                    load!(dst, addr, offset, i8, |v| i64::from(v) as u64)
                }
                I::Load8U { dst, addr, offset } => load!(dst, addr, offset, u8, u64::from),
                I::Load16S { dst, addr, offset } => {
                    load!(dst, addr, offset, i16, |v| i64::from(v) as u64)
                }
                I::Load16U { dst, addr, offset } => load!(dst, addr, offset, u16, u64::from),
                I::Load32S { dst, addr, offset } => {
                    load!(dst, addr, offset, i32, |v| i64::from(v) as u64)
                }
                I::Store8 {
                    addr,
                    value,
                    offset,
                } => store!(addr, value, offset, u8),
                I::Store16 {
                    addr,
                    value,
                    offset,
                } => store!(addr, value, offset, u16),
                I::Store32 {
                    addr,
                    value,
                    offset,
                } => store!(addr, value, offset, u32),
                I::Store64 {
                    addr,
                    value,
                    offset,
                } => store!(addr, value, offset, u64),
                I::MemorySize { dst, mem: m } => {
                    let m = *cache.memories.add(m as usize);
                    set!(dst, store.memories.get(m as usize).map_or(0, |m| m.pages()));
                    next!()
                }
                I::MemoryGrow { dst, delta, mem: m } => {
                    let index = m;
                    let m = *cache.memories.add(m as usize);
                    let delta = u64::from(get!(delta) as u32);
                    let result = store
                        .memories
                        .get_mut(m as usize)
                        .and_then(|m| m.grow(delta));
                    set!(dst, u64::from(result.map_or(u32::MAX, |old| old as u32)));
                    if index == 0 {
                        (mem, mem_len) = memory0(store, inst);
                    }
                    next!()
                }
                I::MemoryFill { base } => {
                    let d = u64::from(get!(base) as u32);
                    let value = get!(base + 1) as u8;
                    let n = u64::from(get!(base + 2) as u32);
                    if d + n > mem_len as u64 {
                        trap!(TrapCode::MemoryOutOfBounds);
                    }
                    ptr::write_bytes(mem.add(d as usize), value, n as usize);
                    next!()
                }
                I::MemoryCopy { base } => {
                    let d = u64::from(get!(base) as u32);
                    let s = u64::from(get!(base + 1) as u32);
                    let n = u64::from(get!(base + 2) as u32);
                    if d + n > mem_len as u64 || s + n > mem_len as u64 {
                        trap!(TrapCode::MemoryOutOfBounds);
                    }
                    ptr::copy(mem.add(s as usize), mem.add(d as usize), n as usize);
                    next!()
                }
                I::MemoryInit { base, data } => {
                    let d = u64::from(get!(base) as u32);
                    let s = u64::from(get!(base + 1) as u32);
                    let n = u64::from(get!(base + 2) as u32);
                    let Some(instance) = store.instances.get(inst as usize) else {
                        trap!(TrapCode::MemoryOutOfBounds)
                    };
                    let dropped = instance
                        .data_dropped
                        .get(data as usize)
                        .copied()
                        .unwrap_or(true);
                    let bytes: &[u8] = match instance.module.datas.get(data as usize) {
                        Some(segment) if !dropped => &segment.bytes,
                        _ => &[],
                    };
                    if s + n > bytes.len() as u64 || d + n > mem_len as u64 {
                        trap!(TrapCode::MemoryOutOfBounds);
                    }
                    (ptr::copy_nonoverlapping(
                        bytes.as_ptr().add(s as usize),
                        mem.add(d as usize),
                        n as usize,
                    ));
                    next!()
                }
                I::DataDrop { data } => {
                    if let Some(flag) = store
                        .instances
                        .get_mut(inst as usize)
                        .and_then(|i| i.data_dropped.get_mut(data as usize))
                    {
                        *flag = true;
                    }
                    next!()
                }

                I::TableGet { dst, index, table } => {
                    let t = *cache.tables.add(table as usize);
                    let i = get!(index) as u32 as usize;
                    match store.tables.get(t as usize).and_then(|t| t.elements.get(i)) {
                        Some(&cell) => set!(dst, cell),
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                    next!()
                }
                I::TableSet {
                    index,
                    value,
                    table,
                } => {
                    let t = *cache.tables.add(table as usize);
                    let i = get!(index) as u32 as usize;
                    let value = get!(value);
                    match store
                        .tables
                        .get_mut(t as usize)
                        .and_then(|t| t.elements.get_mut(i))
                    {
                        Some(cell) => *cell = value,
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                    next!()
                }
                I::TableSize { dst, table } => {
                    let t = *cache.tables.add(table as usize);
                    set!(
                        dst,
                        store
                            .tables
                            .get(t as usize)
                            .map_or(0, |t| t.elements.len() as u64)
                    );
                    next!()
                }
                I::TableGrow { base, table } => {
                    let t = *cache.tables.add(table as usize);
                    let init = get!(base);
                    let delta = u64::from(get!(base + 1) as u32);
                    let result = store
                        .tables
                        .get_mut(t as usize)
                        .and_then(|t| t.grow(delta, init));
                    set!(base, u64::from(result.map_or(u32::MAX, |old| old as u32)));
                    next!()
                }
                I::TableFill { base, table } => {
                    let t = *cache.tables.add(table as usize);
                    let i = get!(base) as u32 as usize;
                    let value = get!(base + 1);
                    let n = get!(base + 2) as u32 as usize;
                    let Some(elements) = store.tables.get_mut(t as usize).map(|t| &mut t.elements)
                    else {
                        trap!(TrapCode::TableOutOfBounds)
                    };
                    match elements.get_mut(i..i + n) {
                        Some(range) => range.fill(value),
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                    next!()
                }
                I::TableCopy {
                    base,
                    dst_table,
                    src_table,
                } => {
                    let dt = (*cache.tables.add(dst_table as usize)) as usize;
                    let st = (*cache.tables.add(src_table as usize)) as usize;
                    let d = get!(base) as u32 as usize;
                    let s = get!(base + 1) as u32 as usize;
                    let n = get!(base + 2) as u32 as usize;
                    if super::bulk::table_copy(&mut store.tables, dt, d, st, s, n).is_err() {
                        trap!(TrapCode::TableOutOfBounds);
                    }
                    next!()
                }
                I::TableInit { base, table, elem } => {
                    let t = (*cache.tables.add(table as usize)) as usize;
                    let d = get!(base) as u32 as usize;
                    let s = get!(base + 1) as u32 as usize;
                    let n = get!(base + 2) as u32 as usize;
                    let items: &[u64] = store
                        .instances
                        .get(inst as usize)
                        .and_then(|i| i.elems.get(elem as usize))
                        .map_or(&[], |e| e);
                    let source = items.get(s..s + n);
                    let target = store
                        .tables
                        .get_mut(t)
                        .and_then(|t| t.elements.get_mut(d..d + n));
                    match (source, target) {
                        (Some(source), Some(target)) => target.copy_from_slice(source),
                        _ => trap!(TrapCode::TableOutOfBounds),
                    }
                    next!()
                }
                I::ElemDrop { elem } => {
                    if let Some(segment) = store
                        .instances
                        .get_mut(inst as usize)
                        .and_then(|i| i.elems.get_mut(elem as usize))
                    {
                        *segment = Box::new([]);
                    }
                    next!()
                }
                I::RefFunc { dst, func: f } => {
                    let f = *cache.funcs.add(f as usize);
                    set!(dst, u64::from(f) + 1);
                    next!()
                }

                I::I32Eqz { dst, src } => unary!(dst, src, ops::i32_eqz),
                I::I64Eqz { dst, src } => unary!(dst, src, ops::i64_eqz),
                I::I32Clz { dst, src } => unary!(dst, src, ops::i32_clz),
                I::I32Ctz { dst, src } => unary!(dst, src, ops::i32_ctz),
                I::I32Popcnt { dst, src } => unary!(dst, src, ops::i32_popcnt),
                I::I64Clz { dst, src } => unary!(dst, src, ops::i64_clz),
                I::I64Ctz { dst, src } => unary!(dst, src, ops::i64_ctz),
                I::I64Popcnt { dst, src } => unary!(dst, src, ops::i64_popcnt),
                I::F32Abs { dst, src } => unary!(dst, src, ops::f32_abs),
                I::F32Neg { dst, src } => unary!(dst, src, ops::f32_neg),
                I::F32Ceil { dst, src } => unary!(dst, src, ops::f32_ceil),
                I::F32Floor { dst, src } => unary!(dst, src, ops::f32_floor),
                I::F32Trunc { dst, src } => unary!(dst, src, ops::f32_trunc),
                I::F32Nearest { dst, src } => unary!(dst, src, ops::f32_nearest),
                I::F32Sqrt { dst, src } => unary!(dst, src, ops::f32_sqrt),
                I::F64Abs { dst, src } => unary!(dst, src, ops::f64_abs),
                I::F64Neg { dst, src } => unary!(dst, src, ops::f64_neg),
                I::F64Ceil { dst, src } => unary!(dst, src, ops::f64_ceil),
                I::F64Floor { dst, src } => unary!(dst, src, ops::f64_floor),
                I::F64Trunc { dst, src } => unary!(dst, src, ops::f64_trunc),
                I::F64Nearest { dst, src } => unary!(dst, src, ops::f64_nearest),
                I::F64Sqrt { dst, src } => unary!(dst, src, ops::f64_sqrt),
                I::I32WrapI64 { dst, src } => unary!(dst, src, ops::i32_wrap_i64),
                I::I32TruncF32S { dst, src } => unary_trap!(dst, src, ops::i32_trunc_f32_s),
                I::I32TruncF32U { dst, src } => unary_trap!(dst, src, ops::i32_trunc_f32_u),
                I::I32TruncF64S { dst, src } => unary_trap!(dst, src, ops::i32_trunc_f64_s),
                I::I32TruncF64U { dst, src } => unary_trap!(dst, src, ops::i32_trunc_f64_u),
                I::I64ExtendI32S { dst, src } => unary!(dst, src, ops::i64_extend_i32_s),
                I::I64ExtendI32U { dst, src } => unary!(dst, src, ops::i64_extend_i32_u),
                I::I64TruncF32S { dst, src } => unary_trap!(dst, src, ops::i64_trunc_f32_s),
                I::I64TruncF32U { dst, src } => unary_trap!(dst, src, ops::i64_trunc_f32_u),
                I::I64TruncF64S { dst, src } => unary_trap!(dst, src, ops::i64_trunc_f64_s),
                I::I64TruncF64U { dst, src } => unary_trap!(dst, src, ops::i64_trunc_f64_u),
                I::F32ConvertI32S { dst, src } => unary!(dst, src, ops::f32_convert_i32_s),
                I::F32ConvertI32U { dst, src } => unary!(dst, src, ops::f32_convert_i32_u),
                I::F32ConvertI64S { dst, src } => unary!(dst, src, ops::f32_convert_i64_s),
                I::F32ConvertI64U { dst, src } => unary!(dst, src, ops::f32_convert_i64_u),
                I::F32DemoteF64 { dst, src } => unary!(dst, src, ops::f32_demote_f64),
                I::F64ConvertI32S { dst, src } => unary!(dst, src, ops::f64_convert_i32_s),
                I::F64ConvertI32U { dst, src } => unary!(dst, src, ops::f64_convert_i32_u),
                I::F64ConvertI64S { dst, src } => unary!(dst, src, ops::f64_convert_i64_s),
                I::F64ConvertI64U { dst, src } => unary!(dst, src, ops::f64_convert_i64_u),
                I::F64PromoteF32 { dst, src } => unary!(dst, src, ops::f64_promote_f32),
                I::I32Extend8S { dst, src } => unary!(dst, src, ops::i32_extend8_s),
                I::I32Extend16S { dst, src } => unary!(dst, src, ops::i32_extend16_s),
                I::I64Extend8S { dst, src } => unary!(dst, src, ops::i64_extend8_s),
                I::I64Extend16S { dst, src } => unary!(dst, src, ops::i64_extend16_s),
                I::I64Extend32S { dst, src } => unary!(dst, src, ops::i64_extend32_s),
                I::I32TruncSatF32S { dst, src } => unary!(dst, src, ops::i32_trunc_sat_f32_s),
                I::I32TruncSatF32U { dst, src } => unary!(dst, src, ops::i32_trunc_sat_f32_u),
                I::I32TruncSatF64S { dst, src } => unary!(dst, src, ops::i32_trunc_sat_f64_s),
                I::I32TruncSatF64U { dst, src } => unary!(dst, src, ops::i32_trunc_sat_f64_u),
                I::I64TruncSatF32S { dst, src } => unary!(dst, src, ops::i64_trunc_sat_f32_s),
                I::I64TruncSatF32U { dst, src } => unary!(dst, src, ops::i64_trunc_sat_f32_u),
                I::I64TruncSatF64S { dst, src } => unary!(dst, src, ops::i64_trunc_sat_f64_s),
                I::I64TruncSatF64U { dst, src } => unary!(dst, src, ops::i64_trunc_sat_f64_u),

                I::I32Eq { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_eq),
                I::I32Ne { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_ne),
                I::I32LtS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_lt_s),
                I::I32LtU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_lt_u),
                I::I32GtS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_gt_s),
                I::I32GtU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_gt_u),
                I::I32LeS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_le_s),
                I::I32LeU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_le_u),
                I::I32GeS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_ge_s),
                I::I32GeU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_ge_u),
                I::I64Eq { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_eq),
                I::I64Ne { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_ne),
                I::I64LtS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_lt_s),
                I::I64LtU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_lt_u),
                I::I64GtS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_gt_s),
                I::I64GtU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_gt_u),
                I::I64LeS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_le_s),
                I::I64LeU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_le_u),
                I::I64GeS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_ge_s),
                I::I64GeU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_ge_u),
                I::F32Eq { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_eq),
                I::F32Ne { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_ne),
                I::F32Lt { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_lt),
                I::F32Gt { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_gt),
                I::F32Le { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_le),
                I::F32Ge { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_ge),
                I::F64Eq { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_eq),
                I::F64Ne { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_ne),
                I::F64Lt { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_lt),
                I::F64Gt { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_gt),
                I::F64Le { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_le),
                I::F64Ge { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_ge),
                I::I32Add { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_add),
                I::I32Sub { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_sub),
                I::I32Mul { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_mul),
                I::I32DivS { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i32_div_s),
                I::I32DivU { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i32_div_u),
                I::I32RemS { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i32_rem_s),
                I::I32RemU { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i32_rem_u),
                I::I32And { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_and),
                I::I32Or { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_or),
                I::I32Xor { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_xor),
                I::I32Shl { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_shl),
                I::I32ShrS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_shr_s),
                I::I32ShrU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_shr_u),
                I::I32Rotl { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_rotl),
                I::I32Rotr { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i32_rotr),
                I::I64Add { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_add),
                I::I64Sub { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_sub),
                I::I64Mul { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_mul),
                I::I64DivS { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i64_div_s),
                I::I64DivU { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i64_div_u),
                I::I64RemS { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i64_rem_s),
                I::I64RemU { dst, lhs, rhs } => binary_trap!(dst, lhs, rhs, ops::i64_rem_u),
                I::I64And { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_and),
                I::I64Or { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_or),
                I::I64Xor { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_xor),
                I::I64Shl { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_shl),
                I::I64ShrS { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_shr_s),
                I::I64ShrU { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_shr_u),
                I::I64Rotl { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_rotl),
                I::I64Rotr { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::i64_rotr),
                I::F32Add { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_add),
                I::F32Sub { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_sub),
                I::F32Mul { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_mul),
                I::F32Div { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_div),
                I::F32Min { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_min),
                I::F32Max { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_max),
                I::F32Copysign { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f32_copysign),
                I::F64Add { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_add),
                I::F64Sub { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_sub),
                I::F64Mul { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_mul),
                I::F64Div { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_div),
                I::F64Min { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_min),
                I::F64Max { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_max),
                I::F64Copysign { dst, lhs, rhs } => binary!(dst, lhs, rhs, ops::f64_copysign),

                I::I32AddImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_add),
                I::I32MulImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_mul),
                I::I32AndImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_and),
                I::I32OrImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_or),
                I::I32XorImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_xor),
                I::I32ShlImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_shl),
                I::I32ShrSImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_shr_s),
                I::I32ShrUImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_shr_u),
                I::I32RotlImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_rotl),
                I::I32RotrImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_rotr),
                I::I32EqImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_eq),
                I::I32NeImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_ne),
                I::I32LtSImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_lt_s),
                I::I32LtUImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_lt_u),
                I::I32GtSImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_gt_s),
                I::I32GtUImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_gt_u),
                I::I32LeSImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_le_s),
                I::I32LeUImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_le_u),
                I::I32GeSImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_ge_s),
                I::I32GeUImm { dst, lhs, imm } => imm32!(dst, lhs, imm, ops::i32_ge_u),
                I::I64AddImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_add),
                I::I64MulImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_mul),
                I::I64AndImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_and),
                I::I64OrImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_or),
                I::I64XorImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_xor),
                I::I64ShlImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_shl),
                I::I64ShrSImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_shr_s),
                I::I64ShrUImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_shr_u),
                I::I64EqImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_eq),
                I::I64NeImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_ne),
                I::I64LtSImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_lt_s),
                I::I64LtUImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_lt_u),
                I::I64GtSImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_gt_s),
                I::I64GtUImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_gt_u),
                I::I64LeSImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_le_s),
                I::I64LeUImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_le_u),
                I::I64GeSImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_ge_s),
                I::I64GeUImm { dst, lhs, imm } => imm64!(dst, lhs, imm, ops::i64_ge_u),
            }
        }
    }
}
