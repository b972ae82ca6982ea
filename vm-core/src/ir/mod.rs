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

mod display;

#[cfg(test)]
pub(crate) use self::display::disassemble;

/// A frame slot index, relative to the frame pointer.
pub(crate) type Slot = u32;

/// A branch distance in instructions, relative to the branching instruction.
pub(crate) type BranchOffset = i32;

/// The instruction set as one table: each row is an instruction's doc, name, fields and kind. Everything else
/// about instructions is generated from it by the macro passed in: the [`Instr`] enum and its operand accessors
/// here, the handler table of both dispatch strategies (`exec/dispatch.rs`) and the disassembly (`display.rs`).
///
/// A row's kind is `result(dst)` for an instruction whose only effect is writing slot `dst` from its operands
/// (the translator may redirect that result, e.g. straight into a local for `op; local.set`), `branch(offset)`
/// for an instruction with a branch distance, and `effect` for the rest.
///
/// Adding an instruction: one row here, its pure semantics in `exec/ops.rs` (if it computes), its handler body in
/// `exec/handlers.rs` (a missing one is a compile error), and its translation.
macro_rules! for_each_instr {
    ($m:ident) => {
        $m! {
            // ---- metering (emitted only when the engine meters fuel or checks interrupts) ---------------------------
            /// Charge `amount` units of fuel for the straight-line block this instruction starts; if less is left,
            /// trap with "all fuel consumed" before the block runs, charging nothing.
            ConsumeFuel { amount: u32 } => effect;
            /// Charge the u32 element count in `len` (the length operand of the bulk operation that follows) as fuel,
            /// or trap with "all fuel consumed" before the operation, charging nothing.
            ConsumeFuelBulk { len: Slot } => effect;
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
            /// Jump if the i64 in `cond` is zero / not zero.
            BrI64Eqz { cond: Slot, offset: BranchOffset } => branch(offset);
            /// See [`Instr::BrI64Eqz`].
            BrI64Nez { cond: Slot, offset: BranchOffset } => branch(offset);
            /// Jump through a table: the next `targets + 1` instructions are [`Instr::Br`] entries, one per target with
            /// the default last; entry `min(index, targets)` is executed.
            BrTable { index: Slot, targets: u32 } => effect;
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

            // ---- moving values ------------------------------------------------------------------------------------
            /// `dst = src`.
            Copy { dst: Slot, src: Slot } => result(dst);
            /// `dst = value` (32-bit constant, zero-extended).
            Const32 { dst: Slot, value: u32 } => result(dst);
            /// `dst = value`.
            Const64 { dst: Slot, value: u64 } => result(dst);
            /// `if cond == 0 { dst = other }`: `select` whose first operand already is in `dst`.
            Select { dst: Slot, other: Slot, cond: Slot } => effect;
            /// `dst = global`.
            GlobalGet { dst: Slot, global: u32 } => result(dst);
            /// `global = src`.
            GlobalSet { src: Slot, global: u32 } => effect;
            /// `dst..dst + 2 = global` (a `v128` global).
            GlobalGet128 { dst: Slot, global: u32 } => effect;
            /// `global = src..src + 2` (a `v128` global).
            GlobalSet128 { src: Slot, global: u32 } => effect;
            /// `dst..dst + 2 = ` entry `index` of the function's constant pool (`v128.const`).
            V128Const { dst: Slot, index: u32 } => effect;

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
            /// Load 16 bytes into `dst..dst + 2` (`v128.load`).
            V128Load { dst: Slot, addr: Slot, offset: u32 } => effect;
            /// Store the 16 bytes of `value..value + 2` (`v128.store`).
            V128Store { addr: Slot, value: Slot, offset: u32 } => effect;
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
        }
    };
}
pub(crate) use for_each_instr;

/// What a row's kind says about its result slot and branch distance (see [`for_each_instr`]).
macro_rules! instr_kind {
    (@result result $field:ident) => {
        Some($field)
    };
    (@result $kind:ident $($field:ident)?) => {
        None
    };
    (@branch branch $field:ident) => {
        Some($field)
    };
    (@branch $kind:ident $($field:ident)?) => {
        None
    };
}

/// Defines [`Instr`] and its accessors from the table.
macro_rules! define_instr {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($field:ident : $ty:ty),* } => $kind:ident $(($kfield:ident))?;
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
                    $( Self::$name { $($field),* } => instr_kind!(@result $kind $($kfield)?), )*
                }
            }

            /// The distance field of a branch instruction, if `self` is one.
            #[allow(unused_variables, reason = "generated: each arm binds every field")]
            pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut BranchOffset> {
                match self {
                    $( Self::$name { $($field),* } => instr_kind!(@branch $kind $($kfield)?), )*
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
