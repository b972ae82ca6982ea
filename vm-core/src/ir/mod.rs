//! capvm's internal instruction set.
//!
//! Every function body is translated once, at module compile time, into a flat array of [`Instr`]. The
//! WebAssembly operand stack is resolved during translation: each value lives in a fixed *slot* of the function's
//! frame, so instructions name their operands and result by slot instead of pushing and popping.
//!
//! Frame layout (slots are 64-bit untyped cells counted from the frame pointer `fp`):
//! `[params | declared locals | operand stack (max height)]`. The operand stack entry at height `h` lives in slot
//! `num_locals + h`, where `num_locals` counts params and declared locals.
//!
//! Value encoding in a cell: `i32` in the low 32 bits (upper bits are ignored by every reader), `i64` in all 64,
//! `f32`/`f64` as their IEEE bit patterns, references as `0` for null and `index + 1` otherwise.
//!
//! Branch `offset`s are relative to the branching instruction's own position. Branches never move values at run
//! time: the translator emits explicit copies to the target's result slots before the jump, so executing
//! `br`/`br_if`/`br_table`/`end` costs no search and no stack adjustment.
//!
//! Calls: the arguments are in consecutive slots starting at `base`; the callee's frame starts at `fp + base`, so
//! the arguments already are its first locals. The callee's results are left in its first slots, which are the
//! caller's `base..`.
//!
//! Bulk operations whose three operands are always materialized in consecutive slots name only the first
//! (`base`), which keeps every instruction within 16 bytes.

mod codec;
mod display;
mod threaded;

pub(crate) use self::codec::{INSTR_SET_HASH, InstrSink, InstrSource, Operand};
pub(crate) use self::threaded::{
    CatchClause, CompiledFunc, ExecContext, Exit, FuncBody, Handler, Threaded, TryRegion,
};

#[cfg(test)]
pub(crate) use self::display::disassemble;

/// How a generic memory instruction reaches its memory, kept in the function's constant pool: the memory, its
/// index type, the static offset, and for `memory.copy` the source memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MemRef {
    /// The memory (the destination of `memory.copy`).
    pub(crate) memory: u32,
    /// Whether `memory` is a 64-bit memory.
    pub(crate) memory64: bool,
    /// The static offset of a load or store.
    pub(crate) offset: u64,
    /// `memory.copy`'s source memory.
    pub(crate) other_memory: u32,
    /// Whether `other_memory` is a 64-bit memory.
    pub(crate) other_memory64: bool,
}

impl MemRef {
    /// The pool entry: the offset in bits 0..64, the memories in 64..80 and 80..96 (validation allows at most
    /// 100 memories), the index types in bits 96 and 97.
    pub(crate) fn encode(self) -> u128 {
        u128::from(self.offset)
            | (u128::from(self.memory & 0xffff) << 64)
            | (u128::from(self.other_memory & 0xffff) << 80)
            | (u128::from(self.memory64) << 96)
            | (u128::from(self.other_memory64) << 97)
    }

    /// The reference an entry made by [`Self::encode`] stands for.
    pub(crate) fn decode(entry: u128) -> Self {
        Self {
            offset: entry as u64,
            memory: (entry >> 64) as u32 & 0xffff,
            other_memory: (entry >> 80) as u32 & 0xffff,
            memory64: (entry >> 96) & 1 != 0,
            other_memory64: (entry >> 97) & 1 != 0,
        }
    }
}

/// The arena index in a non-null reference cell (see the value encoding above), `None` for null.
pub(crate) fn ref_index(cell: u64) -> Option<u32> {
    cell.checked_sub(1).and_then(|i| u32::try_from(i).ok())
}

/// A frame slot index, relative to the frame pointer.
pub(crate) type Slot = u32;

/// A frame slot in the narrow field of an instruction whose other fields take the rest of its 16 bytes (the
/// index of a fused address, [`Instr::Load32Add`]); slots above `u16::MAX` use the unfused instructions.
pub(crate) type NarrowSlot = u16;

/// A branch distance relative to the branching instruction: in instructions as translated, in bytes in threaded
/// code (see [`Threaded`]).
pub(crate) type BranchOffset = i32;

/// The instruction set as one table: each row is an instruction's doc, name, fields and kind. Everything else
/// about instructions is generated from it by the macro passed in: the [`Instr`] enum and its operand accessors
/// here, the handler table of both dispatch strategies (`exec/dispatch.rs`) and the disassembly (`display.rs`).
///
/// A row's kind is `result(dst)` for an instruction whose only effect is writing slot `dst` from its operands
/// (the translator may redirect that result, e.g. straight into a local for `op; local.set`), `branch(offset)`
/// for an instruction with a branch distance, and `effect` for the rest. The SIMD rows' kinds name their shape
/// and their semantics function in `exec/simd.rs` (for example `v128_binary(i8x16_add)`), and their handlers are
/// generated from that (`exec/handlers.rs`); `extract_lane(dst, ..)` and `v128_test(dst, ..)` write one scalar
/// slot and are redirectable like `result(dst)`, and `result128(dst)` and the SIMD kinds that name `dst` first
/// write one `v128` and are redirectable too.
///
/// Adding an instruction: one row here, its pure semantics in `exec/ops.rs` or `exec/simd.rs` (if it computes),
/// its handler body in `exec/handlers.rs` unless its kind generates it (a missing one is a compile error), and
/// its translation. Its serialization is generated (`codec.rs`); so is what the verifier of deserialized code
/// checks of its fields, except that a slot operand covering more than one cell in a row whose kind does not say
/// so (a `v128` in an `effect` row, a `base`) must be listed in `codec.rs`'s `operand!` (a `base` or a new field
/// name that is not is a compile error).
macro_rules! for_each_instr {
    ($m:ident $(, $d:tt)?) => {
        $m! {
            $($d)?
            // ---- metering (emitted only when the engine meters fuel or checks interrupts) ---------------------------
            /// Charge `amount` units of fuel for the straight-line block this instruction starts; if less is left,
            /// trap with "all fuel consumed" before the block runs, charging nothing.
            ConsumeFuel { amount: u32 } => effect;
            /// Charge the element count in `len` (the length operand of the bulk operation that follows: a u32, or a
            /// u64 when `wide` is not 0) as fuel, or trap with "all fuel consumed" before the operation, charging
            /// nothing.
            ConsumeFuelBulk { len: Slot, wide: u8 } => effect;
            /// Trap with "interrupt" if the store's epoch deadline has passed or an interrupt was requested.
            CheckInterrupt {} => effect;

            // ---- control ------------------------------------------------------------------------------------------
            /// Trap: `unreachable` was executed.
            Unreachable {} => effect;
            /// Jump by `offset`.
            Br { offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i32 in `cond` is not zero.
            BrIfNez { cond: Slot, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i32 in `cond` is zero.
            BrIfEqz { cond: Slot, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i32 comparison `lhs OP rhs` holds (fused compare and branch).
            BrI32Eq { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32Ne { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32LtS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32LtU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32GtS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32GtU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32LeS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32LeU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32GeS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32Eq`].
            BrI32GeU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i32 comparison `lhs OP imm` holds.
            BrI32EqImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32NeImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32LtSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32LtUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32GtSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32GtUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32LeSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32LeUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32GeSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqImm`].
            BrI32GeUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if `m OP rhs` holds, where `m` is the i32 [`Instr::Load32`] would load from
            /// `addr + disp`: a load whose result only feeds the comparison of a branch, one dispatch (an `addr`
            /// slot above `u16::MAX` is not fused).
            BrI32EqMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32NeMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32LtSMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32LtUMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32GtSMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32GtUMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32LeSMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32LeUMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32GeSMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI32EqMem`].
            BrI32GeUMem { addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// Add `imm` to the i32 in `counter` (as [`Instr::BrIncNez`] does), then jump by `offset` if `m OP rhs`
            /// holds, where `m` is the i32 [`Instr::Load32`] would load from the sum plus `disp`: a scan's step and
            /// test (`i += 4; a[i] < pivot`), one dispatch.
            BrIncEqMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncNeMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncLtSMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncLtUMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncGtSMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncGtUMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncLeSMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncLeUMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncGeSMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrIncEqMem`].
            BrIncGeUMem { counter: NarrowSlot, rhs: NarrowSlot, imm: i16, disp: u32, offset: BranchOffset } => branch(offset);
            /// Add `imm` to the i32 in `counter` (as [`Instr::I32AddImm`] with `dst == lhs`: `counter` is read and
            /// written), then jump by `offset` if the sum is not zero: a counted loop's step and test, one dispatch.
            BrIncNez { counter: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is zero.
            BrIncEqz { counter: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is not equal to the i32 in `rhs`.
            BrIncNe { counter: Slot, rhs: Slot, offset: BranchOffset, imm: i16 } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is equal to the i32 in `rhs`.
            BrIncEq { counter: Slot, rhs: Slot, offset: BranchOffset, imm: i16 } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is below the i32 in `rhs` (unsigned).
            BrIncLtU { counter: Slot, rhs: Slot, offset: BranchOffset, imm: i16 } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is at or above the i32 in `rhs` (unsigned).
            BrIncGeU { counter: Slot, rhs: Slot, offset: BranchOffset, imm: i16 } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is at or below the i32 in `rhs` (unsigned).
            BrIncLeU { counter: Slot, rhs: Slot, offset: BranchOffset, imm: i16 } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is above the i32 in `rhs` (unsigned).
            BrIncGtU { counter: Slot, rhs: Slot, offset: BranchOffset, imm: i16 } => branch(offset);
            /// As [`Instr::BrIncNez`], jumping if the sum is equal to the constant `bound`: with its siblings, a
            /// loop to a constant bound (`i += 16; br_if i <u 1024` is [`Instr::BrIncLtUImm`]), one dispatch.
            BrIncEqImm { counter: Slot, bound: i32, offset: BranchOffset, imm: i16 } => branch(offset);
            /// See [`Instr::BrIncEqImm`].
            BrIncNeImm { counter: Slot, bound: i32, offset: BranchOffset, imm: i16 } => branch(offset);
            /// See [`Instr::BrIncEqImm`].
            BrIncLtUImm { counter: Slot, bound: i32, offset: BranchOffset, imm: i16 } => branch(offset);
            /// See [`Instr::BrIncEqImm`].
            BrIncGeUImm { counter: Slot, bound: i32, offset: BranchOffset, imm: i16 } => branch(offset);
            /// See [`Instr::BrIncEqImm`].
            BrIncLeUImm { counter: Slot, bound: i32, offset: BranchOffset, imm: i16 } => branch(offset);
            /// See [`Instr::BrIncEqImm`].
            BrIncGtUImm { counter: Slot, bound: i32, offset: BranchOffset, imm: i16 } => branch(offset);
            /// Add the i32 in `step` to the i32 in `counter` (as [`Instr::I32Add`] with `dst == lhs`: `counter` is
            /// read and written), then jump by `offset` if the sum is not equal to the i32 in `rhs`: a loop's stride
            /// and test (`j += p; j != n`), one dispatch.
            BrAddNe { counter: Slot, rhs: Slot, offset: BranchOffset, step: NarrowSlot } => branch(offset);
            /// As [`Instr::BrAddNe`], jumping if the sum is equal to the i32 in `rhs`.
            BrAddEq { counter: Slot, rhs: Slot, offset: BranchOffset, step: NarrowSlot } => branch(offset);
            /// As [`Instr::BrAddNe`], jumping if the sum is below the i32 in `rhs` (unsigned).
            BrAddLtU { counter: Slot, rhs: Slot, offset: BranchOffset, step: NarrowSlot } => branch(offset);
            /// As [`Instr::BrAddNe`], jumping if the sum is at or above the i32 in `rhs` (unsigned).
            BrAddGeU { counter: Slot, rhs: Slot, offset: BranchOffset, step: NarrowSlot } => branch(offset);
            /// As [`Instr::BrAddNe`], jumping if the sum is at or below the i32 in `rhs` (unsigned).
            BrAddLeU { counter: Slot, rhs: Slot, offset: BranchOffset, step: NarrowSlot } => branch(offset);
            /// As [`Instr::BrAddNe`], jumping if the sum is above the i32 in `rhs` (unsigned).
            BrAddGtU { counter: Slot, rhs: Slot, offset: BranchOffset, step: NarrowSlot } => branch(offset);
            /// Jump by `offset` if the byte [`Instr::Load8U`] would load from `addr + disp` is zero: a load whose
            /// result only feeds the branch, one dispatch.
            BrLoad8UEqz { addr: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the byte at `addr + disp` is not zero (see [`Instr::BrLoad8UEqz`]).
            BrLoad8UNez { addr: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i32 [`Instr::Load32`] would load from `addr + disp` is zero (see
            /// [`Instr::BrLoad8UEqz`]).
            BrLoad32Eqz { addr: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i32 at `addr + disp` is not zero (see [`Instr::BrLoad8UEqz`]).
            BrLoad32Nez { addr: Slot, disp: u32, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i64 comparison `lhs OP rhs` holds: a comparison whose result only feeds the
            /// branch, one dispatch.
            BrI64Eq { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64Ne { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64LtS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64LtU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64GtS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64GtU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64LeS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64LeU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64GeS { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eq`].
            BrI64GeU { lhs: Slot, rhs: Slot, offset: BranchOffset } => branch(offset);
            /// Jump by `offset` if the i64 comparison of `lhs` with `imm` (sign-extended) holds (see
            /// [`Instr::BrI64Eq`]).
            BrI64EqImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64NeImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64LtSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64LtUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64GtSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64GtUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64LeSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64LeUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64GeSImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64EqImm`].
            BrI64GeUImm { lhs: Slot, imm: i32, offset: BranchOffset } => branch(offset);
            /// Jump if the i32 in `src` has a bit of `mask` set: an `i32.and` with a constant whose result only feeds
            /// a branch (a flag test, `br_if (x & 4)`), one dispatch.
            BrI32AndNez { src: Slot, mask: i32, offset: BranchOffset } => branch(offset);
            /// As [`Instr::BrI32AndNez`], jumping if no bit of `mask` is set.
            BrI32AndEqz { src: Slot, mask: i32, offset: BranchOffset } => branch(offset);
            /// As [`Instr::BrI32AndNez`] for an i64 and its `i64.and` with a constant (`mask` sign-extended).
            BrI64AndNez { src: Slot, mask: i32, offset: BranchOffset } => branch(offset);
            /// As [`Instr::BrI64AndNez`], jumping if no bit of `mask` is set.
            BrI64AndEqz { src: Slot, mask: i32, offset: BranchOffset } => branch(offset);
            /// Jump if the i64 in `cond` is zero / not zero.
            BrI64Eqz { cond: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eqz`].
            BrI64Nez { cond: Slot, offset: BranchOffset } => branch(offset);
            /// Jump through a table: the next `targets + 1` instructions are [`Instr::Br`] entries, one per target with
            /// the default last; entry `min(index, targets)` is executed.
            BrTable { index: Slot, targets: u32 } => effect;
            /// [`Instr::BrTable`] on the byte [`Instr::Load8U`] would load from `addr + offset`: an opcode fetch
            /// whose value only selects the entry, one dispatch.
            BrTableLoad8U { addr: Slot, offset: u32, targets: u32 } => effect;
            /// [`Instr::BrTable`] on the i32 in `index` plus `imm` (wrapping): an `i32.add` or `i32.sub` of a
            /// constant whose result only selects the entry, as a `match` whose lowest arm is not zero compiles.
            BrTableAdd { index: Slot, imm: i32, targets: u32 } => effect;
            /// Add `imm` to the i32 in `counter` (as [`Instr::BrIncNez`] does), then [`Instr::BrTableLoad8U`] on
            /// the byte at the sum plus `offset`: an interpreter's `pc += k` and its next opcode fetch and dispatch,
            /// one dispatch.
            BrTableIncLoad8U { counter: Slot, offset: u32, targets: u32, imm: i16 } => effect;
            /// Return from the function; it has no results.
            Return {} => effect;
            /// Return one result, copied from `src` to slot 0.
            ReturnSlot { src: Slot } => effect;
            /// Return the `count` results in `src..src + count`, copied to slots `0..count`.
            ReturnSpan { src: Slot, count: u32 } => effect;

            // ---- calls --------------------------------------------------------------------------------------------
            /// Call the module's own function `func` (an index into the module's compiled functions).
            Call { func: u32, base: Slot } => effect;
            /// Call function `func` of the module's function index space through the instance (imports).
            CallImported { func: u32, base: Slot } => effect;
            /// Call the function at `table[index]`, which must have signature `sig`.
            CallIndirect { index: Slot, base: Slot, sig: u32, table: u16 } => effect;
            /// Tail call (`return_call`) of the module's own function `func`: its frame replaces the current one.
            ReturnCall { func: u32, base: Slot } => effect;
            /// Tail call of function `func` of the module's function index space (imports); a host function is
            /// called as by [`Instr::CallImported`], and the return that follows returns its results.
            ReturnCallImported { func: u32, base: Slot } => effect;
            /// Tail call through a table (`return_call_indirect`), as [`Instr::ReturnCallImported`].
            ReturnCallIndirect { index: Slot, base: Slot, sig: u32, table: u16 } => effect;
            /// Call the function referenced by `func_ref` (`call_ref`), of signature `sig` (checked again at run
            /// time, as cheap as it is); a null reference traps.
            CallRef { func_ref: Slot, base: Slot, sig: u32 } => effect;
            /// Tail call through a function reference (`return_call_ref`), as [`Instr::ReturnCallImported`].
            ReturnCallRef { func_ref: Slot, base: Slot, sig: u32 } => effect;

            // ---- moving values ------------------------------------------------------------------------------------
            /// `dst = src`.
            Copy { dst: Slot, src: Slot } => result(dst);
            /// `dst = value` (32-bit constant, zero-extended).
            Const32 { dst: Slot, value: u32 } => result(dst);
            /// `dst = value`.
            Const64 { dst: Slot, value: u64 } => result(dst);
            /// `if cond == 0 { dst = other }`: `select` whose first operand already is in `dst`.
            Select { dst: Slot, other: Slot, cond: Slot } => effect;
            /// `dst = if cond != 0 { first } else { second }`: `select` of one cell with its operands where they are
            /// (a condition slot above `u16::MAX` uses [`Instr::Select`]).
            SelectFrom { dst: Slot, first: Slot, second: Slot, cond: NarrowSlot } => result(dst);
            /// `dst = if lhs == rhs { first } else { second }` (the comparison of i32s): an `i32.eq` or `i32.ne` whose
            /// result only feeds a `select` (`ne` swaps the choices); slots above `u16::MAX` are not fused.
            SelectI32Eq { dst: Slot, first: NarrowSlot, second: NarrowSlot, lhs: NarrowSlot, rhs: NarrowSlot } => result(dst);
            /// `dst = if lhs < rhs { first } else { second }` (signed i32s): a signed i32 ordering whose result only
            /// feeds a `select`, a branchless `min` or `max` (`gt` swaps the operands, `ge` the choices, `le` both).
            SelectI32LtS { dst: Slot, first: NarrowSlot, second: NarrowSlot, lhs: NarrowSlot, rhs: NarrowSlot } => result(dst);
            /// `dst = if lhs < rhs { first } else { second }` (unsigned i32s; see [`Instr::SelectI32LtS`]).
            SelectI32LtU { dst: Slot, first: NarrowSlot, second: NarrowSlot, lhs: NarrowSlot, rhs: NarrowSlot } => result(dst);
            /// `dst = global`.
            GlobalGet { dst: Slot, global: u32 } => result(dst);
            /// `global = src`.
            GlobalSet { src: Slot, global: u32 } => effect;
            /// `dst..dst + 2 = global` (a `v128` global).
            GlobalGet128 { dst: Slot, global: u32 } => result128(dst);
            /// `global = src..src + 2` (a `v128` global).
            GlobalSet128 { src: Slot, global: u32 } => effect;
            /// `dst..dst + 2 = ` entry `index` of the function's constant pool (`v128.const`).
            V128Const { dst: Slot, index: u32 } => result128(dst);

            // ---- memory 0 -----------------------------------------------------------------------------------------
            /// Load 4 bytes (i32, f32, i64.load32_u), zero-extended.
            Load32 { dst: Slot, addr: Slot, offset: u32 } => result(dst);
            /// Load 8 bytes (i64, f64).
            Load64 { dst: Slot, addr: Slot, offset: u32 } => result(dst);
            /// Load 1 byte, sign-extended to 64 bits (i32.load8_s, i64.load8_s).
            Load8S { dst: Slot, addr: Slot, offset: u32 } => result(dst);
            /// Load 1 byte, zero-extended.
            Load8U { dst: Slot, addr: Slot, offset: u32 } => result(dst);
            /// Load 2 bytes, sign-extended to 64 bits.
            Load16S { dst: Slot, addr: Slot, offset: u32 } => result(dst);
            /// Load 2 bytes, zero-extended.
            Load16U { dst: Slot, addr: Slot, offset: u32 } => result(dst);
            /// Load 4 bytes, sign-extended to 64 bits (i64.load32_s).
            Load32S { dst: Slot, addr: Slot, offset: u32 } => result(dst);
            /// Store the low byte of `value`.
            Store8 { addr: Slot, value: Slot, offset: u32 } => effect;
            /// Store the low 2 bytes of `value`.
            Store16 { addr: Slot, value: Slot, offset: u32 } => effect;
            /// Store the low 4 bytes of `value` (i32, f32, i64.store32).
            Store32 { addr: Slot, value: Slot, offset: u32 } => effect;
            /// Store 8 bytes (i64, f64).
            Store64 { addr: Slot, value: Slot, offset: u32 } => effect;
            /// Store the low byte of a constant.
            Store8Imm { addr: Slot, value: u32, offset: u32 } => effect;
            /// Store the low 2 bytes of a constant.
            Store16Imm { addr: Slot, value: u32, offset: u32 } => effect;
            /// Store a 4-byte constant.
            Store32Imm { addr: Slot, value: u32, offset: u32 } => effect;
            /// Store an 8-byte constant given as an i32, sign-extended.
            Store64Imm { addr: Slot, value: i32, offset: u32 } => effect;
            /// Copies the 4 bytes at `from + load` to `to + store`: an `i32.load` (or `f32.load`, `i64.load32_u`)
            /// whose value only the `i32.store` (or `f32.store`, `i64.store32`) right after it takes. The instruction is mapped to the load's code
            /// offset; the store, which traps in turn, is `past` bytes after it.
            Load32Store32 { from: NarrowSlot, to: NarrowSlot, past: u16, load: u32, store: u32 } => effect;
            /// Copies the 8 bytes at `from + load` to `to + store` (see [`Instr::Load32Store32`]).
            Load64Store64 { from: NarrowSlot, to: NarrowSlot, past: u16, load: u32, store: u32 } => effect;
            /// Stores the f64 `other + lhs * rhs` (rounded after the product and after the sum) to `addr + offset`:
            /// an [`Instr::F64AddMul`] whose result only the `f64.store` right after it takes, as `v.x += dt * a`
            /// updates a field in memory. Traps as the store (slots above `u16::MAX` are not fused).
            F64AddMulStore { addr: NarrowSlot, other: NarrowSlot, lhs: NarrowSlot, rhs: NarrowSlot, offset: u32 } => effect;
            /// Stores the f64 `other - lhs * rhs` to `addr + offset` (see [`Instr::F64AddMulStore`]).
            F64SubMulStore { addr: NarrowSlot, other: NarrowSlot, lhs: NarrowSlot, rhs: NarrowSlot, offset: u32 } => effect;
            /// [`Instr::I32RotlXor`] into `dst`, then stores `dst` to `addr + offset` (read after `dst` is written, as
            /// the pair does): a hash's mixing step whose result the `i32.store` right after it takes, from a
            /// temporary or a local. Traps as the store, with `dst` written (slots above `u16::MAX` and offsets above
            /// `u16::MAX` are not fused).
            I32RotlXorStore { dst: Slot, addr: NarrowSlot, src: NarrowSlot, other: NarrowSlot, shift: u8, offset: u16 } => effect;
            /// [`Instr::Load32`] from the address `addr + index` (wrapping, as the `i32.add` it fuses), plus `offset`:
            /// the address computation and the access it feeds, one dispatch.
            Load32Add { dst: Slot, addr: Slot, index: NarrowSlot, offset: u32 } => result(dst);
            /// `dst = m * imm` (i32, wrapping), where `m` is the i32 [`Instr::Load32`] would load from `addr + offset`: a
            /// load whose result only feeds a multiplication by a constant, a hash's step on a word it reads (a slot
            /// `addr` above `u16::MAX` is not fused).
            Load32MulImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Load64`] from `addr + index` (see [`Instr::Load32Add`]).
            Load64Add { dst: Slot, addr: Slot, index: NarrowSlot, offset: u32 } => result(dst);
            /// [`Instr::Load8S`] from `addr + index` (see [`Instr::Load32Add`]).
            Load8SAdd { dst: Slot, addr: Slot, index: NarrowSlot, offset: u32 } => result(dst);
            /// [`Instr::Load8U`] from `addr + index` (see [`Instr::Load32Add`]).
            Load8UAdd { dst: Slot, addr: Slot, index: NarrowSlot, offset: u32 } => result(dst);
            /// [`Instr::Load16S`] from `addr + index` (see [`Instr::Load32Add`]).
            Load16SAdd { dst: Slot, addr: Slot, index: NarrowSlot, offset: u32 } => result(dst);
            /// [`Instr::Load16U`] from `addr + index` (see [`Instr::Load32Add`]).
            Load16UAdd { dst: Slot, addr: Slot, index: NarrowSlot, offset: u32 } => result(dst);
            /// [`Instr::Load32S`] from `addr + index` (see [`Instr::Load32Add`]).
            Load32SAdd { dst: Slot, addr: Slot, index: NarrowSlot, offset: u32 } => result(dst);
            /// [`Instr::Store8`] to `addr + index` (see [`Instr::Load32Add`]).
            Store8Add { addr: Slot, index: NarrowSlot, value: Slot, offset: u32 } => effect;
            /// [`Instr::Store16`] to `addr + index` (see [`Instr::Load32Add`]).
            Store16Add { addr: Slot, index: NarrowSlot, value: Slot, offset: u32 } => effect;
            /// [`Instr::Store32`] to `addr + index` (see [`Instr::Load32Add`]).
            Store32Add { addr: Slot, index: NarrowSlot, value: Slot, offset: u32 } => effect;
            /// [`Instr::Store64`] to `addr + index` (see [`Instr::Load32Add`]).
            Store64Add { addr: Slot, index: NarrowSlot, value: Slot, offset: u32 } => effect;
            /// [`Instr::Store8Imm`] to `addr + index` (see [`Instr::Load32Add`]).
            Store8ImmAdd { addr: Slot, index: NarrowSlot, value: u32, offset: u32 } => effect;
            /// [`Instr::Store16Imm`] to `addr + index` (see [`Instr::Load32Add`]).
            Store16ImmAdd { addr: Slot, index: NarrowSlot, value: u32, offset: u32 } => effect;
            /// [`Instr::Store32Imm`] to `addr + index` (see [`Instr::Load32Add`]).
            Store32ImmAdd { addr: Slot, index: NarrowSlot, value: u32, offset: u32 } => effect;
            /// [`Instr::Store64Imm`] to `addr + index` (see [`Instr::Load32Add`]).
            Store64ImmAdd { addr: Slot, index: NarrowSlot, value: i32, offset: u32 } => effect;
            /// [`Instr::Load32`] from the address `addr + imm` (wrapping, as the `i32.add` of a constant it fuses), plus
            /// `offset` (a slot `addr` above `u16::MAX` is not fused).
            Load32AddImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Load64`] from `addr + imm` (see [`Instr::Load32AddImm`]).
            Load64AddImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Load8S`] from `addr + imm` (see [`Instr::Load32AddImm`]).
            Load8SAddImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Load8U`] from `addr + imm` (see [`Instr::Load32AddImm`]).
            Load8UAddImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Load16S`] from `addr + imm` (see [`Instr::Load32AddImm`]).
            Load16SAddImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Load16U`] from `addr + imm` (see [`Instr::Load32AddImm`]).
            Load16UAddImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Load32S`] from `addr + imm` (see [`Instr::Load32AddImm`]).
            Load32SAddImm { dst: Slot, addr: NarrowSlot, imm: i32, offset: u32 } => result(dst);
            /// [`Instr::Store8`] to `addr + imm` (see [`Instr::Load32AddImm`]).
            Store8AddImm { addr: NarrowSlot, imm: i32, value: Slot, offset: u32 } => effect;
            /// [`Instr::Store16`] to `addr + imm` (see [`Instr::Load32AddImm`]).
            Store16AddImm { addr: NarrowSlot, imm: i32, value: Slot, offset: u32 } => effect;
            /// [`Instr::Store32`] to `addr + imm` (see [`Instr::Load32AddImm`]).
            Store32AddImm { addr: NarrowSlot, imm: i32, value: Slot, offset: u32 } => effect;
            /// [`Instr::Store64`] to `addr + imm` (see [`Instr::Load32AddImm`]).
            Store64AddImm { addr: NarrowSlot, imm: i32, value: Slot, offset: u32 } => effect;
            /// [`Instr::Load32`] from the address `index << shift` (i32, the `i32.shl` by a constant it fuses), plus
            /// `offset`: a table at a static offset, indexed.
            Load32Shl { dst: Slot, index: Slot, shift: u8, offset: u32 } => result(dst);
            /// [`Instr::Load64`] from `index << shift` (see [`Instr::Load32Shl`]).
            Load64Shl { dst: Slot, index: Slot, shift: u8, offset: u32 } => result(dst);
            /// [`Instr::Load8S`] from `index << shift` (see [`Instr::Load32Shl`]).
            Load8SShl { dst: Slot, index: Slot, shift: u8, offset: u32 } => result(dst);
            /// [`Instr::Load8U`] from `index << shift` (see [`Instr::Load32Shl`]).
            Load8UShl { dst: Slot, index: Slot, shift: u8, offset: u32 } => result(dst);
            /// [`Instr::Load16S`] from `index << shift` (see [`Instr::Load32Shl`]).
            Load16SShl { dst: Slot, index: Slot, shift: u8, offset: u32 } => result(dst);
            /// [`Instr::Load16U`] from `index << shift` (see [`Instr::Load32Shl`]).
            Load16UShl { dst: Slot, index: Slot, shift: u8, offset: u32 } => result(dst);
            /// [`Instr::Load32S`] from `index << shift` (see [`Instr::Load32Shl`]).
            Load32SShl { dst: Slot, index: Slot, shift: u8, offset: u32 } => result(dst);
            /// Load 16 bytes into `dst..dst + 2` (`v128.load`).
            V128Load { dst: Slot, addr: Slot, offset: u32 } => result128(dst);
            /// Store the 16 bytes of `value..value + 2` (`v128.store`).
            V128Store { addr: Slot, value: Slot, offset: u32 } => effect;
            // Any memory but a 32-bit memory 0, and 64-bit addresses: `memref` is the constant-pool entry (a
            // [`MemRef`]) naming the memory, its index type and the static offset.
            /// Load 4 bytes (i32, f32, i64.load32_u), zero-extended, from any memory.
            LoadMem32 { dst: Slot, addr: Slot, memref: u32 } => result(dst);
            /// Load 8 bytes from any memory.
            LoadMem64 { dst: Slot, addr: Slot, memref: u32 } => result(dst);
            /// Load 1 byte, sign-extended, from any memory.
            LoadMem8S { dst: Slot, addr: Slot, memref: u32 } => result(dst);
            /// Load 1 byte, zero-extended, from any memory.
            LoadMem8U { dst: Slot, addr: Slot, memref: u32 } => result(dst);
            /// Load 2 bytes, sign-extended, from any memory.
            LoadMem16S { dst: Slot, addr: Slot, memref: u32 } => result(dst);
            /// Load 2 bytes, zero-extended, from any memory.
            LoadMem16U { dst: Slot, addr: Slot, memref: u32 } => result(dst);
            /// Load 4 bytes, sign-extended, from any memory.
            LoadMem32S { dst: Slot, addr: Slot, memref: u32 } => result(dst);
            /// Store the low byte of `value` to any memory.
            StoreMem8 { addr: Slot, value: Slot, memref: u32 } => effect;
            /// Store the low 2 bytes of `value` to any memory.
            StoreMem16 { addr: Slot, value: Slot, memref: u32 } => effect;
            /// Store the low 4 bytes of `value` to any memory.
            StoreMem32 { addr: Slot, value: Slot, memref: u32 } => effect;
            /// Store 8 bytes to any memory.
            StoreMem64 { addr: Slot, value: Slot, memref: u32 } => effect;
            /// Load 16 bytes into `dst..dst + 2` from any memory.
            V128LoadMem { dst: Slot, addr: Slot, memref: u32 } => result128(dst);
            /// Store the 16 bytes of `value..value + 2` to any memory.
            V128StoreMem { addr: Slot, value: Slot, memref: u32 } => effect;
            /// `memory.fill` of any memory, operands in `base..base + 3`.
            MemoryFillMem { base: Slot, memref: u32 } => effect;
            /// `memory.copy` from the memref's other memory to its memory, operands in `base..base + 3`.
            MemoryCopyMem { base: Slot, memref: u32 } => effect;
            /// `memory.init data` into any memory, operands in `base..base + 3`.
            MemoryInitMem { base: Slot, data: u32, memref: u32 } => effect;
            /// `dst = memory.grow(delta)` of the 64-bit memory `memory` (an i64 delta and result).
            MemoryGrow64 { dst: Slot, delta: Slot, memory: u32 } => result(dst);
            /// `dst = memory.size` of memory `memory`.
            MemorySize { dst: Slot, memory: u32 } => result(dst);
            /// `dst = memory.grow(delta)` of memory `memory`.
            MemoryGrow { dst: Slot, delta: Slot, memory: u32 } => result(dst);
            /// `memory.fill(d, val, n)` of memory 0 with the operands in `base..base + 3`.
            MemoryFill { base: Slot } => effect;
            /// `memory.copy(d, s, n)` within memory 0, operands in `base..base + 3`.
            MemoryCopy { base: Slot } => effect;
            /// `memory.init data (d, s, n)` into memory 0, operands in `base..base + 3`.
            MemoryInit { base: Slot, data: u32 } => effect;
            /// `data.drop data`.
            DataDrop { data: u32 } => effect;

            // ---- tables and references ----------------------------------------------------------------------------
            /// `dst = table[index]`.
            TableGet { dst: Slot, index: Slot, table: u32 } => result(dst);
            /// `table[index] = value`.
            TableSet { index: Slot, value: Slot, table: u32 } => effect;
            /// `dst = min(src, 2^32 - 1)`: a 64-bit table index or length narrowed for the table instructions.
            NarrowIndex { dst: Slot, src: Slot } => result(dst);
            /// After `table.grow` of a 64-bit table: its 32-bit -1 (failure) becomes the 64-bit -1.
            GrowResult64 { slot: Slot } => effect;
            /// `dst = table.size`.
            TableSize { dst: Slot, table: u32 } => result(dst);
            /// `table.grow(init, n)` with operands in `base..base + 2`; the result goes to `base`.
            TableGrow { base: Slot, table: u32 } => effect;
            /// `table.fill(i, val, n)` with operands in `base..base + 3`.
            TableFill { base: Slot, table: u32 } => effect;
            /// `table.copy dst_table src_table (d, s, n)`, operands in `base..base + 3`.
            TableCopy { base: Slot, dst_table: u32, src_table: u32 } => effect;
            /// `table.init table elem (d, s, n)`, operands in `base..base + 3`.
            TableInit { base: Slot, table: u32, elem: u32 } => effect;
            /// `elem.drop elem`.
            ElemDrop { elem: u32 } => effect;
            /// `dst = ref.func func` (a module function index).
            RefFunc { dst: Slot, func: u32 } => result(dst);
            /// Trap with "null reference" if the reference in `src` is null (`ref.as_non_null`).
            RefAsNonNull { src: Slot } => effect;

            // ---- exceptions -------------------------------------------------------------------------------------
            /// `throw tag`: a new exception of the module's tag `tag` with the values in `base..`; the interpreter
            /// exits so the driver can unwind to a handler (see [`TryRegion`]).
            Throw { base: Slot, tag: u32 } => effect;
            /// `throw_ref`: throw the exception in `exn` again; a null reference traps.
            ThrowRef { exn: Slot } => effect;

            // ---- numeric: unary `dst = op(src)` ------------------------------------------------------------------
            I32Eqz { dst: Slot, src: Slot } => result(dst);
            I64Eqz { dst: Slot, src: Slot } => result(dst);
            I32Clz { dst: Slot, src: Slot } => result(dst);
            I32Ctz { dst: Slot, src: Slot } => result(dst);
            I32Popcnt { dst: Slot, src: Slot } => result(dst);
            I64Clz { dst: Slot, src: Slot } => result(dst);
            I64Ctz { dst: Slot, src: Slot } => result(dst);
            I64Popcnt { dst: Slot, src: Slot } => result(dst);
            F32Abs { dst: Slot, src: Slot } => result(dst);
            F32Neg { dst: Slot, src: Slot } => result(dst);
            F32Ceil { dst: Slot, src: Slot } => result(dst);
            F32Floor { dst: Slot, src: Slot } => result(dst);
            F32Trunc { dst: Slot, src: Slot } => result(dst);
            F32Nearest { dst: Slot, src: Slot } => result(dst);
            F32Sqrt { dst: Slot, src: Slot } => result(dst);
            F64Abs { dst: Slot, src: Slot } => result(dst);
            F64Neg { dst: Slot, src: Slot } => result(dst);
            F64Ceil { dst: Slot, src: Slot } => result(dst);
            F64Floor { dst: Slot, src: Slot } => result(dst);
            F64Trunc { dst: Slot, src: Slot } => result(dst);
            F64Nearest { dst: Slot, src: Slot } => result(dst);
            F64Sqrt { dst: Slot, src: Slot } => result(dst);
            I32WrapI64 { dst: Slot, src: Slot } => result(dst);
            I32TruncF32S { dst: Slot, src: Slot } => result(dst);
            I32TruncF32U { dst: Slot, src: Slot } => result(dst);
            I32TruncF64S { dst: Slot, src: Slot } => result(dst);
            I32TruncF64U { dst: Slot, src: Slot } => result(dst);
            I64ExtendI32S { dst: Slot, src: Slot } => result(dst);
            I64ExtendI32U { dst: Slot, src: Slot } => result(dst);
            I64TruncF32S { dst: Slot, src: Slot } => result(dst);
            I64TruncF32U { dst: Slot, src: Slot } => result(dst);
            I64TruncF64S { dst: Slot, src: Slot } => result(dst);
            I64TruncF64U { dst: Slot, src: Slot } => result(dst);
            F32ConvertI32S { dst: Slot, src: Slot } => result(dst);
            F32ConvertI32U { dst: Slot, src: Slot } => result(dst);
            F32ConvertI64S { dst: Slot, src: Slot } => result(dst);
            F32ConvertI64U { dst: Slot, src: Slot } => result(dst);
            F32DemoteF64 { dst: Slot, src: Slot } => result(dst);
            F64ConvertI32S { dst: Slot, src: Slot } => result(dst);
            F64ConvertI32U { dst: Slot, src: Slot } => result(dst);
            F64ConvertI64S { dst: Slot, src: Slot } => result(dst);
            F64ConvertI64U { dst: Slot, src: Slot } => result(dst);
            F64PromoteF32 { dst: Slot, src: Slot } => result(dst);
            I32Extend8S { dst: Slot, src: Slot } => result(dst);
            I32Extend16S { dst: Slot, src: Slot } => result(dst);
            I64Extend8S { dst: Slot, src: Slot } => result(dst);
            I64Extend16S { dst: Slot, src: Slot } => result(dst);
            I64Extend32S { dst: Slot, src: Slot } => result(dst);
            I32TruncSatF32S { dst: Slot, src: Slot } => result(dst);
            I32TruncSatF32U { dst: Slot, src: Slot } => result(dst);
            I32TruncSatF64S { dst: Slot, src: Slot } => result(dst);
            I32TruncSatF64U { dst: Slot, src: Slot } => result(dst);
            I64TruncSatF32S { dst: Slot, src: Slot } => result(dst);
            I64TruncSatF32U { dst: Slot, src: Slot } => result(dst);
            I64TruncSatF64S { dst: Slot, src: Slot } => result(dst);
            I64TruncSatF64U { dst: Slot, src: Slot } => result(dst);

            // ---- numeric: binary `dst = op(lhs, rhs)` -----------------------------------------------------------
            I32Eq { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Ne { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32LtS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32LtU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32GtS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32GtU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32LeS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32LeU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32GeS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32GeU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Eq { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Ne { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64LtS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64LtU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64GtS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64GtU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64LeS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64LeU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64GeS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64GeU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Eq { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Ne { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Lt { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Gt { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Le { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Ge { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Eq { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Ne { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Lt { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Gt { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Le { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Ge { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Add { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Sub { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Mul { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32DivS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32DivU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32RemS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32RemU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32And { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Or { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Xor { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Shl { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32ShrS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32ShrU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Rotl { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I32Rotr { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Add { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Sub { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Mul { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64DivS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64DivU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64RemS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64RemU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64And { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Or { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Xor { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Shl { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64ShrS { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64ShrU { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Rotl { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            I64Rotr { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Add { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Sub { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Mul { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Div { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Min { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Max { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F32Copysign { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Add { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Sub { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Mul { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            /// `dst = other + lhs * rhs` (f64, rounded after the product and after the sum, as the two instructions
            /// it fuses: an `f64.mul` whose result only feeds the `f64.add` after it; an `other` slot above
            /// `u16::MAX` is not fused).
            F64AddMul { dst: Slot, other: NarrowSlot, lhs: Slot, rhs: Slot } => result(dst);
            /// `dst = other + lhs * rhs` on the four f32 lanes of `v128`s, rounded after the product and after the
            /// sum, as the two instructions it fuses: an `f32x4.mul` whose result only feeds the `f32x4.add` after
            /// it (an `other` slot above `u16::MAX` is not fused).
            F32x4AddMul { dst: Slot, other: NarrowSlot, lhs: Slot, rhs: Slot } => result128(dst);
            /// `dst = other + lhs * rhs` on f64x2 lanes (see [`Instr::F32x4AddMul`]).
            F64x2AddMul { dst: Slot, other: NarrowSlot, lhs: Slot, rhs: Slot } => result128(dst);
            /// `dst = other + lhs * rhs` on i32x4 lanes, wrapping (see [`Instr::F32x4AddMul`]).
            I32x4AddMul { dst: Slot, other: NarrowSlot, lhs: Slot, rhs: Slot } => result128(dst);
            /// `dst = other - lhs * rhs` (see [`Instr::F64AddMul`]).
            F64SubMul { dst: Slot, other: NarrowSlot, lhs: Slot, rhs: Slot } => result(dst);
            /// `dst = lhs * rhs - other` (see [`Instr::F64AddMul`]).
            F64MulSub { dst: Slot, other: NarrowSlot, lhs: Slot, rhs: Slot } => result(dst);
            /// `dst = other + m`, where `m` is the f64 [`Instr::Load64`] would load from `addr + offset`: a load whose
            /// result only feeds the arithmetic after it, one dispatch (a slot `other` above `u16::MAX` is not
            /// fused).
            F64AddMem { dst: Slot, other: NarrowSlot, addr: Slot, offset: u32 } => result(dst);
            /// `dst = other - m` (see [`Instr::F64AddMem`]).
            F64SubMem { dst: Slot, other: NarrowSlot, addr: Slot, offset: u32 } => result(dst);
            /// `dst = m - other` (see [`Instr::F64AddMem`]).
            F64MemSub { dst: Slot, other: NarrowSlot, addr: Slot, offset: u32 } => result(dst);
            /// `dst = other * m` (see [`Instr::F64AddMem`]).
            F64MulMem { dst: Slot, other: NarrowSlot, addr: Slot, offset: u32 } => result(dst);
            /// `dst = other + lhs * m` (f64, rounded after the product and after the sum, as the instructions it
            /// fuses: an [`Instr::F64MulMem`] whose result only feeds the `f64.add` after it, a dot product's step;
            /// slots above `u16::MAX` are not fused).
            F64AddMulMem { dst: Slot, other: NarrowSlot, lhs: NarrowSlot, addr: NarrowSlot, offset: u32 } => result(dst);
            F64Div { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Min { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Max { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);
            F64Copysign { dst: Slot, lhs: Slot, rhs: Slot } => result(dst);

            // ---- numeric: binary with an immediate right operand `dst = op(lhs, imm)` ---------------------------
            // i64 forms take a 32-bit immediate, sign-extended.
            I32AddImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32MulImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32AndImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32OrImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32XorImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32ShlImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            /// `dst = imm - rhs` (i32, wrapping): an `i32.sub` from a constant, as wasm negates (`0 - x`).
            I32SubFromImm { dst: Slot, rhs: Slot, imm: i32 } => result(dst);
            /// `dst = lhs + (rhs << shift)` (i32, wrapping; the shift modulo 32): an `i32.shl` by a constant whose
            /// result only feeds the `i32.add` after it, as scaled array indexing computes.
            I32AddShl { dst: Slot, lhs: Slot, rhs: Slot, shift: u8 } => result(dst);
            /// `dst = (lhs ^ rhs) rotl shift` (i32; the shift modulo 32): an `i32.xor` whose result only feeds a
            /// rotation by a constant (a right rotation is the complementary left one), the xor-rotate step of
            /// ChaCha, BLAKE and SipHash.
            I32XorRotl { dst: Slot, lhs: Slot, rhs: Slot, shift: u8 } => result(dst);
            /// `dst = (src rotl shift) ^ other` (i32; the shift modulo 32): a rotation by a constant whose result
            /// only feeds an `i32.xor`, a hash's mixing step (FxHash's `(h rotl 5) ^ word`).
            I32RotlXor { dst: Slot, src: Slot, other: Slot, shift: u8 } => result(dst);
            /// `dst = (lhs ^ rhs) * imm` (i32, wrapping): an `i32.xor` whose result only feeds a multiplication by a
            /// constant, the step of FNV-1a (`h = (h ^ byte) * prime`) (a slot `lhs` above `u16::MAX` is not fused).
            I32XorMulImm { dst: Slot, lhs: NarrowSlot, rhs: Slot, imm: i32 } => result(dst);
            /// `dst = (src << shift) ^ other` (i32; the shift modulo 32): a shift by a constant whose result only
            /// feeds an `i32.xor`, as xorshift generators and hash finalizers mix (`x ^ (x << 13)`).
            I32ShlXor { dst: Slot, src: Slot, other: Slot, shift: u8 } => result(dst);
            /// `dst = (src >> shift) ^ other` (i32, unsigned shift modulo 32): as [`Instr::I32ShlXor`], shifting
            /// right (`h ^ (h >> 16)`).
            I32ShrUXor { dst: Slot, src: Slot, other: Slot, shift: u8 } => result(dst);
            /// `dst = (lhs ^ rhs) >> shift` (i32, unsigned shift modulo 32): an `i32.xor` whose result only feeds an
            /// `i32.shr_u` by a constant (a bit-serial CRC's step).
            I32XorShrU { dst: Slot, lhs: Slot, rhs: Slot, shift: u8 } => result(dst);
            /// `dst = (src >> shift) & mask` (i32, unsigned shift modulo 32): a bit field's extraction, an
            /// `i32.shr_u` by a constant whose result only feeds an `i32.and` with a constant.
            I32ShrUAnd { dst: Slot, src: Slot, mask: i32, shift: u8 } => result(dst);
            /// `dst = (src & mask) >> shift` (i32, unsigned shift modulo 32): the other order of a bit field's
            /// extraction, an `i32.and` with a constant whose result only feeds an `i32.shr_u` by a constant (the
            /// high bits of a narrow rotation, `(b & 0xe0) >> 5`).
            I32AndShrU { dst: Slot, src: Slot, mask: i32, shift: u8 } => result(dst);
            /// `dst = (src + add) & mask` (i32, wrapping): an `i32.add` of a constant whose result only feeds an
            /// `i32.and` with a constant (a ring buffer's index, an alignment).
            I32AddAnd { dst: Slot, src: Slot, mask: i32, add: i16 } => result(dst);
            /// `dst = 0 - (src & mask)` (i32, wrapping): an `i32.and` with a constant whose result only feeds a
            /// negation (`0 - x`), as branch-free code turns a bit into an all-ones mask.
            I32NegAnd { dst: Slot, src: Slot, mask: i32 } => result(dst);
            /// `dst = (0 - (src & select)) & mask` (i32, wrapping): an [`Instr::I32NegAnd`] whose all-ones-or-zero
            /// result only feeds an `i32.and` with a constant, as a bit-serial CRC picks its polynomial by the low bit
            /// (`poly & -(crc & 1)`).
            I32NegAndMask { dst: Slot, src: NarrowSlot, select: i16, mask: i32 } => result(dst);
            /// `dst = ((src + add) & mask) << shift` (i32, wrapping; the shift modulo 32): an [`Instr::I32AddAnd`], or
            /// an `i32.and` with a constant (`add` 0), whose result only feeds an `i32.shl` by a constant, a masked
            /// index scaled to its element's size.
            I32AddAndShl { dst: Slot, src: NarrowSlot, add: i16, mask: i16, shift: u8 } => result(dst);
            /// `dst = base + (((src + add) & mask) << shift)` (i32, wrapping): an [`Instr::I32AddAndShl`] whose result
            /// only feeds an `i32.add`, the address of an element of a ring buffer or power-of-two table
            /// (`&buf[(i + k) & (N - 1)]`).
            I32AddAndShlAdd { dst: Slot, base: NarrowSlot, src: NarrowSlot, add: i16, mask: i16, shift: u8 } => result(dst);
            I32ShrSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32ShrUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32RotlImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32RotrImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32EqImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32NeImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32LtSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32LtUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32GtSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32GtUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32LeSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32LeUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32GeSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I32GeUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64AddImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64MulImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64AndImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64OrImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64XorImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64ShlImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            /// `dst = imm - rhs` (i64, wrapping; see [`Instr::I32SubFromImm`]).
            I64SubFromImm { dst: Slot, rhs: Slot, imm: i32 } => result(dst);
            I64ShrSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64ShrUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64EqImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64NeImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64LtSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64LtUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64GtSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64GtUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64LeSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64LeUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64GeSImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);
            I64GeUImm { dst: Slot, lhs: Slot, imm: i32 } => result(dst);

            // ---- v128 (SIMD): lane semantics in `exec/simd.rs`, handlers generated from the kind -----------------
            // Every v128 operand and result takes two consecutive slots (`slot`, `slot + 1`, low half first); a
            // `base` operand names the first of the consecutive slots that hold all operands, and the result is
            // written from `base`.
            /// `dst..dst + 2 = shuffle(src..src + 2, src + 2..src + 4)` with the lane indices in constant-pool
            /// entry `lanes` (`i8x16.shuffle`).
            I8x16Shuffle { dst: Slot, src: Slot, lanes: u32 } => result128(dst);
            /// [`Instr::I8x16Shuffle`] of the `v128`s at `lhs` and `rhs`, wherever they are (a local, a temporary;
            /// the same one twice), so that neither is copied next to the other first.
            I8x16ShuffleOf { dst: Slot, lhs: NarrowSlot, rhs: NarrowSlot, lanes: u32 } => result128(dst);
            V128Load8x8S { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load8x8_s, u64);
            V128Load8x8U { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load8x8_u, u64);
            V128Load16x4S { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load16x4_s, u64);
            V128Load16x4U { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load16x4_u, u64);
            V128Load32x2S { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load32x2_s, u64);
            V128Load32x2U { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load32x2_u, u64);
            V128Load8Splat { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load8_splat, u8);
            V128Load16Splat { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load16_splat, u16);
            V128Load32Splat { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load32_splat, u32);
            V128Load64Splat { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load64_splat, u64);
            V128Load32Zero { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load32_zero, u32);
            V128Load64Zero { dst: Slot, addr: Slot, offset: u32 } => v128_load(dst, v128_load64_zero, u64);
            V128Load8Lane { base: Slot, offset: u32, lane: u8 } => load_lane(v128_load8_lane, u8);
            V128Load16Lane { base: Slot, offset: u32, lane: u8 } => load_lane(v128_load16_lane, u16);
            V128Load32Lane { base: Slot, offset: u32, lane: u8 } => load_lane(v128_load32_lane, u32);
            V128Load64Lane { base: Slot, offset: u32, lane: u8 } => load_lane(v128_load64_lane, u64);
            V128Store8Lane { base: Slot, offset: u32, lane: u8 } => store_lane(v128_store8_lane, u8);
            V128Store16Lane { base: Slot, offset: u32, lane: u8 } => store_lane(v128_store16_lane, u16);
            V128Store32Lane { base: Slot, offset: u32, lane: u8 } => store_lane(v128_store32_lane, u32);
            V128Store64Lane { base: Slot, offset: u32, lane: u8 } => store_lane(v128_store64_lane, u64);
            I8x16ExtractLaneS { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, i8x16_extract_lane_s);
            I8x16ExtractLaneU { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, i8x16_extract_lane_u);
            I8x16ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } => replace_lane(dst, i8x16_replace_lane, i32);
            I16x8ExtractLaneS { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, i16x8_extract_lane_s);
            I16x8ExtractLaneU { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, i16x8_extract_lane_u);
            I16x8ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } => replace_lane(dst, i16x8_replace_lane, i32);
            I32x4ExtractLane { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, i32x4_extract_lane);
            I32x4ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } => replace_lane(dst, i32x4_replace_lane, i32);
            I64x2ExtractLane { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, i64x2_extract_lane);
            I64x2ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } => replace_lane(dst, i64x2_replace_lane, i64);
            F32x4ExtractLane { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, f32x4_extract_lane);
            F32x4ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } => replace_lane(dst, f32x4_replace_lane, f32);
            F64x2ExtractLane { dst: Slot, src: Slot, lane: u8 } => extract_lane(dst, f64x2_extract_lane);
            F64x2ReplaceLane { dst: Slot, src: Slot, value: Slot, lane: u8 } => replace_lane(dst, f64x2_replace_lane, f64);
            I8x16Swizzle { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_swizzle);
            I8x16Splat { dst: Slot, src: Slot } => v128_splat(dst, i8x16_splat, i32);
            I16x8Splat { dst: Slot, src: Slot } => v128_splat(dst, i16x8_splat, i32);
            I32x4Splat { dst: Slot, src: Slot } => v128_splat(dst, i32x4_splat, i32);
            I64x2Splat { dst: Slot, src: Slot } => v128_splat(dst, i64x2_splat, i64);
            F32x4Splat { dst: Slot, src: Slot } => v128_splat(dst, f32x4_splat, f32);
            F64x2Splat { dst: Slot, src: Slot } => v128_splat(dst, f64x2_splat, f64);
            I8x16Eq { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_eq);
            I8x16Ne { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_ne);
            I8x16LtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_lt_s);
            I8x16LtU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_lt_u);
            I8x16GtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_gt_s);
            I8x16GtU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_gt_u);
            I8x16LeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_le_s);
            I8x16LeU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_le_u);
            I8x16GeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_ge_s);
            I8x16GeU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_ge_u);
            I16x8Eq { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_eq);
            I16x8Ne { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_ne);
            I16x8LtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_lt_s);
            I16x8LtU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_lt_u);
            I16x8GtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_gt_s);
            I16x8GtU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_gt_u);
            I16x8LeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_le_s);
            I16x8LeU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_le_u);
            I16x8GeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_ge_s);
            I16x8GeU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_ge_u);
            I32x4Eq { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_eq);
            I32x4Ne { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_ne);
            I32x4LtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_lt_s);
            I32x4LtU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_lt_u);
            I32x4GtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_gt_s);
            I32x4GtU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_gt_u);
            I32x4LeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_le_s);
            I32x4LeU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_le_u);
            I32x4GeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_ge_s);
            I32x4GeU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_ge_u);
            I64x2Eq { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_eq);
            I64x2Ne { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_ne);
            I64x2LtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_lt_s);
            I64x2GtS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_gt_s);
            I64x2LeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_le_s);
            I64x2GeS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_ge_s);
            F32x4Eq { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_eq);
            F32x4Ne { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_ne);
            F32x4Lt { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_lt);
            F32x4Gt { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_gt);
            F32x4Le { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_le);
            F32x4Ge { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_ge);
            F64x2Eq { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_eq);
            F64x2Ne { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_ne);
            F64x2Lt { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_lt);
            F64x2Gt { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_gt);
            F64x2Le { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_le);
            F64x2Ge { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_ge);
            V128Not { dst: Slot, src: Slot } => v128_unary(dst, v128_not);
            V128And { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, v128_and);
            V128AndNot { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, v128_andnot);
            V128Or { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, v128_or);
            V128Xor { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, v128_xor);
            V128Bitselect { base: Slot } => v128_ternary(v128_bitselect);
            V128AnyTrue { dst: Slot, src: Slot } => v128_test(dst, v128_any_true);
            I8x16Abs { dst: Slot, src: Slot } => v128_unary(dst, i8x16_abs);
            I8x16Neg { dst: Slot, src: Slot } => v128_unary(dst, i8x16_neg);
            I8x16Popcnt { dst: Slot, src: Slot } => v128_unary(dst, i8x16_popcnt);
            I8x16AllTrue { dst: Slot, src: Slot } => v128_test(dst, i8x16_all_true);
            I8x16Bitmask { dst: Slot, src: Slot } => v128_test(dst, i8x16_bitmask);
            I8x16NarrowI16x8S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_narrow_i16x8_s);
            I8x16NarrowI16x8U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_narrow_i16x8_u);
            I8x16Shl { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i8x16_shl);
            I8x16ShrS { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i8x16_shr_s);
            I8x16ShrU { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i8x16_shr_u);
            I8x16Add { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_add);
            I8x16AddSatS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_add_sat_s);
            I8x16AddSatU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_add_sat_u);
            I8x16Sub { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_sub);
            I8x16SubSatS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_sub_sat_s);
            I8x16SubSatU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_sub_sat_u);
            I8x16MinS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_min_s);
            I8x16MinU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_min_u);
            I8x16MaxS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_max_s);
            I8x16MaxU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_max_u);
            I8x16AvgrU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_avgr_u);
            I16x8ExtAddPairwiseI8x16S { dst: Slot, src: Slot } => v128_unary(dst, i16x8_extadd_pairwise_i8x16_s);
            I16x8ExtAddPairwiseI8x16U { dst: Slot, src: Slot } => v128_unary(dst, i16x8_extadd_pairwise_i8x16_u);
            I16x8Abs { dst: Slot, src: Slot } => v128_unary(dst, i16x8_abs);
            I16x8Neg { dst: Slot, src: Slot } => v128_unary(dst, i16x8_neg);
            I16x8Q15MulrSatS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_q15mulr_sat_s);
            I16x8AllTrue { dst: Slot, src: Slot } => v128_test(dst, i16x8_all_true);
            I16x8Bitmask { dst: Slot, src: Slot } => v128_test(dst, i16x8_bitmask);
            I16x8NarrowI32x4S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_narrow_i32x4_s);
            I16x8NarrowI32x4U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_narrow_i32x4_u);
            I16x8ExtendLowI8x16S { dst: Slot, src: Slot } => v128_unary(dst, i16x8_extend_low_i8x16_s);
            I16x8ExtendHighI8x16S { dst: Slot, src: Slot } => v128_unary(dst, i16x8_extend_high_i8x16_s);
            I16x8ExtendLowI8x16U { dst: Slot, src: Slot } => v128_unary(dst, i16x8_extend_low_i8x16_u);
            I16x8ExtendHighI8x16U { dst: Slot, src: Slot } => v128_unary(dst, i16x8_extend_high_i8x16_u);
            I16x8Shl { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i16x8_shl);
            I16x8ShrS { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i16x8_shr_s);
            I16x8ShrU { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i16x8_shr_u);
            I16x8Add { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_add);
            I16x8AddSatS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_add_sat_s);
            I16x8AddSatU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_add_sat_u);
            I16x8Sub { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_sub);
            I16x8SubSatS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_sub_sat_s);
            I16x8SubSatU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_sub_sat_u);
            I16x8Mul { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_mul);
            I16x8MinS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_min_s);
            I16x8MinU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_min_u);
            I16x8MaxS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_max_s);
            I16x8MaxU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_max_u);
            I16x8AvgrU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_avgr_u);
            I16x8ExtMulLowI8x16S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_extmul_low_i8x16_s);
            I16x8ExtMulHighI8x16S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_extmul_high_i8x16_s);
            I16x8ExtMulLowI8x16U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_extmul_low_i8x16_u);
            I16x8ExtMulHighI8x16U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_extmul_high_i8x16_u);
            I32x4ExtAddPairwiseI16x8S { dst: Slot, src: Slot } => v128_unary(dst, i32x4_extadd_pairwise_i16x8_s);
            I32x4ExtAddPairwiseI16x8U { dst: Slot, src: Slot } => v128_unary(dst, i32x4_extadd_pairwise_i16x8_u);
            I32x4Abs { dst: Slot, src: Slot } => v128_unary(dst, i32x4_abs);
            I32x4Neg { dst: Slot, src: Slot } => v128_unary(dst, i32x4_neg);
            I32x4AllTrue { dst: Slot, src: Slot } => v128_test(dst, i32x4_all_true);
            I32x4Bitmask { dst: Slot, src: Slot } => v128_test(dst, i32x4_bitmask);
            I32x4ExtendLowI16x8S { dst: Slot, src: Slot } => v128_unary(dst, i32x4_extend_low_i16x8_s);
            I32x4ExtendHighI16x8S { dst: Slot, src: Slot } => v128_unary(dst, i32x4_extend_high_i16x8_s);
            I32x4ExtendLowI16x8U { dst: Slot, src: Slot } => v128_unary(dst, i32x4_extend_low_i16x8_u);
            I32x4ExtendHighI16x8U { dst: Slot, src: Slot } => v128_unary(dst, i32x4_extend_high_i16x8_u);
            I32x4Shl { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i32x4_shl);
            I32x4ShrS { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i32x4_shr_s);
            I32x4ShrU { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i32x4_shr_u);
            I32x4Add { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_add);
            I32x4Sub { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_sub);
            I32x4Mul { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_mul);
            I32x4MinS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_min_s);
            I32x4MinU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_min_u);
            I32x4MaxS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_max_s);
            I32x4MaxU { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_max_u);
            I32x4DotI16x8S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_dot_i16x8_s);
            I32x4ExtMulLowI16x8S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_extmul_low_i16x8_s);
            I32x4ExtMulHighI16x8S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_extmul_high_i16x8_s);
            I32x4ExtMulLowI16x8U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_extmul_low_i16x8_u);
            I32x4ExtMulHighI16x8U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i32x4_extmul_high_i16x8_u);
            I64x2Abs { dst: Slot, src: Slot } => v128_unary(dst, i64x2_abs);
            I64x2Neg { dst: Slot, src: Slot } => v128_unary(dst, i64x2_neg);
            I64x2AllTrue { dst: Slot, src: Slot } => v128_test(dst, i64x2_all_true);
            I64x2Bitmask { dst: Slot, src: Slot } => v128_test(dst, i64x2_bitmask);
            I64x2ExtendLowI32x4S { dst: Slot, src: Slot } => v128_unary(dst, i64x2_extend_low_i32x4_s);
            I64x2ExtendHighI32x4S { dst: Slot, src: Slot } => v128_unary(dst, i64x2_extend_high_i32x4_s);
            I64x2ExtendLowI32x4U { dst: Slot, src: Slot } => v128_unary(dst, i64x2_extend_low_i32x4_u);
            I64x2ExtendHighI32x4U { dst: Slot, src: Slot } => v128_unary(dst, i64x2_extend_high_i32x4_u);
            I64x2Shl { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i64x2_shl);
            I64x2ShrS { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i64x2_shr_s);
            I64x2ShrU { dst: Slot, lhs: Slot, rhs: Slot } => v128_shift(dst, i64x2_shr_u);
            I64x2Add { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_add);
            I64x2Sub { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_sub);
            I64x2Mul { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_mul);
            I64x2ExtMulLowI32x4S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_extmul_low_i32x4_s);
            I64x2ExtMulHighI32x4S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_extmul_high_i32x4_s);
            I64x2ExtMulLowI32x4U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_extmul_low_i32x4_u);
            I64x2ExtMulHighI32x4U { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i64x2_extmul_high_i32x4_u);
            F32x4Ceil { dst: Slot, src: Slot } => v128_unary(dst, f32x4_ceil);
            F32x4Floor { dst: Slot, src: Slot } => v128_unary(dst, f32x4_floor);
            F32x4Trunc { dst: Slot, src: Slot } => v128_unary(dst, f32x4_trunc);
            F32x4Nearest { dst: Slot, src: Slot } => v128_unary(dst, f32x4_nearest);
            F32x4Abs { dst: Slot, src: Slot } => v128_unary(dst, f32x4_abs);
            F32x4Neg { dst: Slot, src: Slot } => v128_unary(dst, f32x4_neg);
            F32x4Sqrt { dst: Slot, src: Slot } => v128_unary(dst, f32x4_sqrt);
            F32x4Add { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_add);
            F32x4Sub { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_sub);
            F32x4Mul { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_mul);
            F32x4Div { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_div);
            F32x4Min { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_min);
            F32x4Max { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_max);
            F32x4PMin { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_pmin);
            F32x4PMax { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_pmax);
            F64x2Ceil { dst: Slot, src: Slot } => v128_unary(dst, f64x2_ceil);
            F64x2Floor { dst: Slot, src: Slot } => v128_unary(dst, f64x2_floor);
            F64x2Trunc { dst: Slot, src: Slot } => v128_unary(dst, f64x2_trunc);
            F64x2Nearest { dst: Slot, src: Slot } => v128_unary(dst, f64x2_nearest);
            F64x2Abs { dst: Slot, src: Slot } => v128_unary(dst, f64x2_abs);
            F64x2Neg { dst: Slot, src: Slot } => v128_unary(dst, f64x2_neg);
            F64x2Sqrt { dst: Slot, src: Slot } => v128_unary(dst, f64x2_sqrt);
            F64x2Add { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_add);
            F64x2Sub { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_sub);
            F64x2Mul { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_mul);
            F64x2Div { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_div);
            F64x2Min { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_min);
            F64x2Max { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_max);
            F64x2PMin { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_pmin);
            F64x2PMax { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_pmax);
            I32x4TruncSatF32x4S { dst: Slot, src: Slot } => v128_unary(dst, i32x4_trunc_sat_f32x4_s);
            I32x4TruncSatF32x4U { dst: Slot, src: Slot } => v128_unary(dst, i32x4_trunc_sat_f32x4_u);
            F32x4ConvertI32x4S { dst: Slot, src: Slot } => v128_unary(dst, f32x4_convert_i32x4_s);
            F32x4ConvertI32x4U { dst: Slot, src: Slot } => v128_unary(dst, f32x4_convert_i32x4_u);
            I32x4TruncSatF64x2SZero { dst: Slot, src: Slot } => v128_unary(dst, i32x4_trunc_sat_f64x2_s_zero);
            I32x4TruncSatF64x2UZero { dst: Slot, src: Slot } => v128_unary(dst, i32x4_trunc_sat_f64x2_u_zero);
            F64x2ConvertLowI32x4S { dst: Slot, src: Slot } => v128_unary(dst, f64x2_convert_low_i32x4_s);
            F64x2ConvertLowI32x4U { dst: Slot, src: Slot } => v128_unary(dst, f64x2_convert_low_i32x4_u);
            F32x4DemoteF64x2Zero { dst: Slot, src: Slot } => v128_unary(dst, f32x4_demote_f64x2_zero);
            F64x2PromoteLowF32x4 { dst: Slot, src: Slot } => v128_unary(dst, f64x2_promote_low_f32x4);
            I8x16RelaxedSwizzle { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i8x16_relaxed_swizzle);
            I32x4RelaxedTruncF32x4S { dst: Slot, src: Slot } => v128_unary(dst, i32x4_relaxed_trunc_f32x4_s);
            I32x4RelaxedTruncF32x4U { dst: Slot, src: Slot } => v128_unary(dst, i32x4_relaxed_trunc_f32x4_u);
            I32x4RelaxedTruncF64x2SZero { dst: Slot, src: Slot } => v128_unary(dst, i32x4_relaxed_trunc_f64x2_s_zero);
            I32x4RelaxedTruncF64x2UZero { dst: Slot, src: Slot } => v128_unary(dst, i32x4_relaxed_trunc_f64x2_u_zero);
            F32x4RelaxedMadd { base: Slot } => v128_ternary(f32x4_relaxed_madd);
            F32x4RelaxedNmadd { base: Slot } => v128_ternary(f32x4_relaxed_nmadd);
            F64x2RelaxedMadd { base: Slot } => v128_ternary(f64x2_relaxed_madd);
            F64x2RelaxedNmadd { base: Slot } => v128_ternary(f64x2_relaxed_nmadd);
            I8x16RelaxedLaneselect { base: Slot } => v128_ternary(i8x16_relaxed_laneselect);
            I16x8RelaxedLaneselect { base: Slot } => v128_ternary(i16x8_relaxed_laneselect);
            I32x4RelaxedLaneselect { base: Slot } => v128_ternary(i32x4_relaxed_laneselect);
            I64x2RelaxedLaneselect { base: Slot } => v128_ternary(i64x2_relaxed_laneselect);
            F32x4RelaxedMin { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_relaxed_min);
            F32x4RelaxedMax { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f32x4_relaxed_max);
            F64x2RelaxedMin { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_relaxed_min);
            F64x2RelaxedMax { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, f64x2_relaxed_max);
            I16x8RelaxedQ15mulrS { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_relaxed_q15mulr_s);
            I16x8RelaxedDotI8x16I7x16S { dst: Slot, lhs: Slot, rhs: Slot } => v128_binary(dst, i16x8_relaxed_dot_i8x16_i7x16_s);
            I32x4RelaxedDotI8x16I7x16AddS { base: Slot } => v128_ternary(i32x4_relaxed_dot_i8x16_i7x16_add_s);
        }
    };
}
pub(crate) use for_each_instr;

/// What a row's kind says about its result slot and branch distance (see [`for_each_instr`]).
macro_rules! instr_kind {
    (@result result $field:ident) => {
        Some($field)
    };
    (@result extract_lane $field:ident, $op:ident) => {
        Some($field)
    };
    (@result v128_test $field:ident, $op:ident) => {
        Some($field)
    };
    (@result $kind:ident $($arg:ident),*) => {
        None
    };
    (@result128 result128 $field:ident) => {
        Some($field)
    };
    (@result128 v128_unary $field:ident, $op:ident) => {
        Some($field)
    };
    (@result128 v128_binary $field:ident, $op:ident) => {
        Some($field)
    };
    (@result128 v128_shift $field:ident, $op:ident) => {
        Some($field)
    };
    (@result128 v128_splat $field:ident, $op:ident, $ty:ident) => {
        Some($field)
    };
    (@result128 replace_lane $field:ident, $op:ident, $ty:ident) => {
        Some($field)
    };
    (@result128 v128_load $field:ident, $op:ident, $ty:ident) => {
        Some($field)
    };
    (@result128 $kind:ident $($arg:ident),*) => {
        None
    };
    (@branch branch $field:ident) => {
        Some($field)
    };
    (@branch $kind:ident $($arg:ident),*) => {
        None
    };
}

/// Defines [`Instr`] and its accessors from the table.
macro_rules! define_instr {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($field:ident : $ty:ty),* } => $kind:ident $(($($karg:ident),*))?;
    )*) => {
        /// One instruction. Fields named `dst` are written; every other slot is read. All operands are read before
        /// the result is written, so `dst` may equal an operand.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub(crate) enum Instr {
            $(
                $(#[$doc])*
                $name { $($field: $ty),* },
            )*
        }

        impl Instr {
            /// The result slot of an instruction whose only effect is writing one slot from its operands, so the
            /// translator may redirect the result (e.g. straight into a local for `op; local.set`).
            #[allow(unused_variables, reason = "generated: each arm binds every field")]
            pub(crate) fn result_slot_mut(&mut self) -> Option<&mut Slot> {
                match self {
                    $( Self::$name { $($field),* } => instr_kind!(@result $kind $($($karg),*)?), )*
                }
            }

            /// The first of the two result slots of an instruction whose only effect is writing one `v128` from
            /// its operands (redirectable as [`Self::result_slot_mut`]).
            #[allow(unused_variables, reason = "generated: each arm binds every field")]
            pub(crate) fn result128_slot_mut(&mut self) -> Option<&mut Slot> {
                match self {
                    $( Self::$name { $($field),* } => instr_kind!(@result128 $kind $($($karg),*)?), )*
                }
            }

            /// The distance field of a branch instruction, if `self` is one.
            #[allow(unused_variables, reason = "generated: each arm binds every field")]
            pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut BranchOffset> {
                match self {
                    $( Self::$name { $($field),* } => instr_kind!(@branch $kind $($($karg),*)?), )*
                }
            }

            /// The instruction's name, as in the table.
            pub(crate) fn name(&self) -> &'static str {
                match self {
                    $( Self::$name { .. } => stringify!($name), )*
                }
            }

            /// Writes the instruction's fields as `name=value`, separated by spaces.
            #[allow(unused_variables, reason = "generated: each arm binds every field")]
            pub(crate) fn write_fields(&self, out: &mut impl core::fmt::Write) -> core::fmt::Result {
                match self {
                    $( Self::$name { $($field),* } => {
                        $( write!(out, " {}={}", stringify!($field), $field)?; )*
                        Ok(())
                    } )*
                }
            }
        }
    };
}

for_each_instr!(define_instr);

impl Instr {
    /// Whether control never reaches the next instruction nor any other of the function from `self`: a return,
    /// a trap or a throw.
    pub(crate) fn ends_path(&self) -> bool {
        matches!(
            self,
            Self::Return {}
                | Self::ReturnSlot { .. }
                | Self::ReturnSpan { .. }
                | Self::Unreachable {}
                | Self::Throw { .. }
                | Self::ThrowRef { .. }
        )
    }

    /// The number of entries after a table jump, minus one (its `targets`), if `self` is one: the entries are the
    /// `targets + 1` instructions after it.
    pub(crate) fn table_entries(&self) -> Option<u32> {
        match *self {
            Self::BrTable { targets, .. }
            | Self::BrTableLoad8U { targets, .. }
            | Self::BrTableAdd { targets, .. }
            | Self::BrTableIncLoad8U { targets, .. } => Some(targets),
            _ => None,
        }
    }

    /// The distance of a branch instruction, if `self` is one.
    pub(crate) fn branch_offset(&self) -> Option<BranchOffset> {
        self.clone().branch_offset_mut().copied()
    }

    /// Sets the distance of a branch instruction.
    ///
    /// # Errors
    ///
    /// If `self` is not a branch: patching one would silently leave a jump pointing at itself.
    pub(crate) fn set_branch_offset(&mut self, new: BranchOffset) -> Result<(), NotABranch> {
        match self.branch_offset_mut() {
            Some(offset) => {
                *offset = new;
                Ok(())
            }
            None => Err(NotABranch(self.name())),
        }
    }
}

/// A branch distance was to be set on an instruction without one (a translator bug).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotABranch(pub(crate) &'static str);

#[cfg(test)]
mod tests {
    use super::Instr;

    #[test]
    fn instructions_are_16_bytes() {
        assert_eq!(core::mem::size_of::<Instr>(), 16);
    }
}
