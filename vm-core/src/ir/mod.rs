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

/// A frame slot index, relative to the frame pointer.
pub(crate) type Slot = u32;

/// A branch distance in instructions, relative to the branching instruction.
pub(crate) type BranchOffset = i32;

/// One instruction. Fields named `dst` are written; every other slot is read. All operands are read before the
/// result is written, so `dst` may equal an operand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Instr {
    // ---- metering (emitted only when the engine meters fuel or checks interrupts) ---------------------------
    /// Charge `amount` units of fuel for the straight-line block this instruction starts; if less is left,
    /// trap with "all fuel consumed" before the block runs, charging nothing.
    ConsumeFuel {
        amount: u32,
    },
    /// Charge the u32 element count in `len` (the length operand of the bulk operation that follows) as fuel,
    /// or trap with "all fuel consumed" before the operation, charging nothing.
    ConsumeFuelBulk {
        len: Slot,
    },
    /// Trap with "interrupt" if the store's epoch deadline has passed or an interrupt was requested.
    CheckInterrupt,

    // ---- control ------------------------------------------------------------------------------------------
    /// Trap: `unreachable` was executed.
    Unreachable,
    /// Jump by `offset`.
    Br {
        offset: BranchOffset,
    },
    /// Jump by `offset` if the i32 in `cond` is not zero.
    BrIfNez {
        cond: Slot,
        offset: BranchOffset,
    },
    /// Jump by `offset` if the i32 in `cond` is zero.
    BrIfEqz {
        cond: Slot,
        offset: BranchOffset,
    },
    /// Jump by `offset` if the i32 comparison `lhs OP rhs` holds (fused compare and branch).
    BrI32Eq {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32Ne {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32LtS {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32LtU {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32GtS {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32GtU {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32LeS {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32LeU {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32GeS {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32Eq`].
    BrI32GeU {
        lhs: Slot,
        rhs: Slot,
        offset: BranchOffset,
    },
    /// Jump by `offset` if the i32 comparison `lhs OP imm` holds.
    BrI32EqImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32NeImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32LtSImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32LtUImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32GtSImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32GtUImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32LeSImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32LeUImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32GeSImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI32EqImm`].
    BrI32GeUImm {
        lhs: Slot,
        imm: i32,
        offset: BranchOffset,
    },
    /// Jump if the i64 in `cond` is zero / not zero.
    BrI64Eqz {
        cond: Slot,
        offset: BranchOffset,
    },
    /// See [`Instr::BrI64Eqz`].
    BrI64Nez {
        cond: Slot,
        offset: BranchOffset,
    },
    /// Jump through a table: the next `targets + 1` instructions are [`Instr::Br`] entries, one per target with
    /// the default last; entry `min(index, targets)` is executed.
    BrTable {
        index: Slot,
        targets: u32,
    },
    /// Return from the function; it has no results.
    Return,
    /// Return one result, copied from `src` to slot 0.
    ReturnSlot {
        src: Slot,
    },
    /// Return the `count` results in `src..src + count`, copied to slots `0..count`.
    ReturnSpan {
        src: Slot,
        count: u32,
    },

    // ---- calls --------------------------------------------------------------------------------------------
    /// Call the module's own function `func` (an index into the module's compiled functions).
    Call {
        func: u32,
        base: Slot,
    },
    /// Call function `func` of the module's function index space through the instance (imports).
    CallImported {
        func: u32,
        base: Slot,
    },
    /// Call the function at `table[index]`, which must have signature `sig`.
    CallIndirect {
        index: Slot,
        base: Slot,
        sig: u32,
        table: u16,
    },

    // ---- moving values ------------------------------------------------------------------------------------
    /// `dst = src`.
    Copy {
        dst: Slot,
        src: Slot,
    },
    /// `dst = value` (32-bit constant, zero-extended).
    Const32 {
        dst: Slot,
        value: u32,
    },
    /// `dst = value`.
    Const64 {
        dst: Slot,
        value: u64,
    },
    /// `if cond == 0 { dst = other }`: `select` whose first operand already is in `dst`.
    Select {
        dst: Slot,
        other: Slot,
        cond: Slot,
    },
    /// `dst = global`.
    GlobalGet {
        dst: Slot,
        global: u32,
    },
    /// `global = src`.
    GlobalSet {
        src: Slot,
        global: u32,
    },

    // ---- memory 0 -----------------------------------------------------------------------------------------
    /// Load 4 bytes (i32, f32, i64.load32_u), zero-extended.
    Load32 {
        dst: Slot,
        addr: Slot,
        offset: u32,
    },
    /// Load 8 bytes (i64, f64).
    Load64 {
        dst: Slot,
        addr: Slot,
        offset: u32,
    },
    /// Load 1 byte, sign-extended to 64 bits (i32.load8_s, i64.load8_s).
    Load8S {
        dst: Slot,
        addr: Slot,
        offset: u32,
    },
    /// Load 1 byte, zero-extended.
    Load8U {
        dst: Slot,
        addr: Slot,
        offset: u32,
    },
    /// Load 2 bytes, sign-extended to 64 bits.
    Load16S {
        dst: Slot,
        addr: Slot,
        offset: u32,
    },
    /// Load 2 bytes, zero-extended.
    Load16U {
        dst: Slot,
        addr: Slot,
        offset: u32,
    },
    /// Load 4 bytes, sign-extended to 64 bits (i64.load32_s).
    Load32S {
        dst: Slot,
        addr: Slot,
        offset: u32,
    },
    /// Store the low byte of `value`.
    Store8 {
        addr: Slot,
        value: Slot,
        offset: u32,
    },
    /// Store the low 2 bytes of `value`.
    Store16 {
        addr: Slot,
        value: Slot,
        offset: u32,
    },
    /// Store the low 4 bytes of `value` (i32, f32, i64.store32).
    Store32 {
        addr: Slot,
        value: Slot,
        offset: u32,
    },
    /// Store 8 bytes (i64, f64).
    Store64 {
        addr: Slot,
        value: Slot,
        offset: u32,
    },
    /// Store the low byte of a constant.
    Store8Imm {
        addr: Slot,
        value: u32,
        offset: u32,
    },
    /// Store the low 2 bytes of a constant.
    Store16Imm {
        addr: Slot,
        value: u32,
        offset: u32,
    },
    /// Store a 4-byte constant.
    Store32Imm {
        addr: Slot,
        value: u32,
        offset: u32,
    },
    /// Store an 8-byte constant given as an i32, sign-extended.
    Store64Imm {
        addr: Slot,
        value: i32,
        offset: u32,
    },
    /// `dst = memory.size` of memory `memory`.
    MemorySize {
        dst: Slot,
        memory: u32,
    },
    /// `dst = memory.grow(delta)` of memory `memory`.
    MemoryGrow {
        dst: Slot,
        delta: Slot,
        memory: u32,
    },
    /// `memory.fill(d, val, n)` of memory 0 with the operands in `base..base + 3`.
    MemoryFill {
        base: Slot,
    },
    /// `memory.copy(d, s, n)` within memory 0, operands in `base..base + 3`.
    MemoryCopy {
        base: Slot,
    },
    /// `memory.init data (d, s, n)` into memory 0, operands in `base..base + 3`.
    MemoryInit {
        base: Slot,
        data: u32,
    },
    /// `data.drop data`.
    DataDrop {
        data: u32,
    },

    // ---- tables and references ----------------------------------------------------------------------------
    /// `dst = table[index]`.
    TableGet {
        dst: Slot,
        index: Slot,
        table: u32,
    },
    /// `table[index] = value`.
    TableSet {
        index: Slot,
        value: Slot,
        table: u32,
    },
    /// `dst = table.size`.
    TableSize {
        dst: Slot,
        table: u32,
    },
    /// `table.grow(init, n)` with operands in `base..base + 2`; the result goes to `base`.
    TableGrow {
        base: Slot,
        table: u32,
    },
    /// `table.fill(i, val, n)` with operands in `base..base + 3`.
    TableFill {
        base: Slot,
        table: u32,
    },
    /// `table.copy dst_table src_table (d, s, n)`, operands in `base..base + 3`.
    TableCopy {
        base: Slot,
        dst_table: u32,
        src_table: u32,
    },
    /// `table.init table elem (d, s, n)`, operands in `base..base + 3`.
    TableInit {
        base: Slot,
        table: u32,
        elem: u32,
    },
    /// `elem.drop elem`.
    ElemDrop {
        elem: u32,
    },
    /// `dst = ref.func func` (a module function index).
    RefFunc {
        dst: Slot,
        func: u32,
    },

    // ---- numeric: unary `dst = op(src)` ------------------------------------------------------------------
    I32Eqz {
        dst: Slot,
        src: Slot,
    },
    I64Eqz {
        dst: Slot,
        src: Slot,
    },
    I32Clz {
        dst: Slot,
        src: Slot,
    },
    I32Ctz {
        dst: Slot,
        src: Slot,
    },
    I32Popcnt {
        dst: Slot,
        src: Slot,
    },
    I64Clz {
        dst: Slot,
        src: Slot,
    },
    I64Ctz {
        dst: Slot,
        src: Slot,
    },
    I64Popcnt {
        dst: Slot,
        src: Slot,
    },
    F32Abs {
        dst: Slot,
        src: Slot,
    },
    F32Neg {
        dst: Slot,
        src: Slot,
    },
    F32Ceil {
        dst: Slot,
        src: Slot,
    },
    F32Floor {
        dst: Slot,
        src: Slot,
    },
    F32Trunc {
        dst: Slot,
        src: Slot,
    },
    F32Nearest {
        dst: Slot,
        src: Slot,
    },
    F32Sqrt {
        dst: Slot,
        src: Slot,
    },
    F64Abs {
        dst: Slot,
        src: Slot,
    },
    F64Neg {
        dst: Slot,
        src: Slot,
    },
    F64Ceil {
        dst: Slot,
        src: Slot,
    },
    F64Floor {
        dst: Slot,
        src: Slot,
    },
    F64Trunc {
        dst: Slot,
        src: Slot,
    },
    F64Nearest {
        dst: Slot,
        src: Slot,
    },
    F64Sqrt {
        dst: Slot,
        src: Slot,
    },
    I32WrapI64 {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64U {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32S {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64U {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F32DemoteF64 {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F64PromoteF32 {
        dst: Slot,
        src: Slot,
    },
    I32Extend8S {
        dst: Slot,
        src: Slot,
    },
    I32Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Extend8S {
        dst: Slot,
        src: Slot,
    },
    I64Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Extend32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64U {
        dst: Slot,
        src: Slot,
    },

    // ---- numeric: binary `dst = op(lhs, rhs)` -----------------------------------------------------------
    I32Eq {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Ne {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32LtS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32LtU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32GtS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32GtU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32LeS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32LeU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32GeS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32GeU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Eq {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Ne {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64LtS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64LtU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64GtS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64GtU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64LeS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64LeU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64GeS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64GeU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Eq {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Ne {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Lt {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Gt {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Le {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Ge {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Eq {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Ne {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Lt {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Gt {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Le {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Ge {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Add {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Sub {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Mul {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32DivS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32DivU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32RemS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32RemU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32And {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Or {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Xor {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Shl {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32ShrS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32ShrU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Rotl {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I32Rotr {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Add {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Sub {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Mul {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64DivS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64DivU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64RemS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64RemU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64And {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Or {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Xor {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Shl {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64ShrS {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64ShrU {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Rotl {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    I64Rotr {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Add {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Sub {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Mul {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Div {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Min {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Max {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F32Copysign {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Add {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Sub {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Mul {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Div {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Min {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Max {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },
    F64Copysign {
        dst: Slot,
        lhs: Slot,
        rhs: Slot,
    },

    // ---- numeric: binary with an immediate right operand `dst = op(lhs, imm)` ---------------------------
    // i64 forms take a 32-bit immediate, sign-extended.
    I32AddImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32MulImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32AndImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32OrImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32XorImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32ShlImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32ShrSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32ShrUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32RotlImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32RotrImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32EqImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32NeImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32LtSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32LtUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32GtSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32GtUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32LeSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32LeUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32GeSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I32GeUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64AddImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64MulImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64AndImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64OrImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64XorImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64ShlImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64ShrSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64ShrUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64EqImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64NeImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64LtSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64LtUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64GtSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64GtUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64LeSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64LeUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64GeSImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
    I64GeUImm {
        dst: Slot,
        lhs: Slot,
        imm: i32,
    },
}

impl Instr {
    /// The result slot of an instruction whose only effect is writing one slot from its operands, so the
    /// translator may redirect the result (e.g. straight into a local for `op; local.set`).
    pub(crate) fn result_slot_mut(&mut self) -> Option<&mut Slot> {
        match self {
            Self::Copy { dst, .. }
            | Self::Const32 { dst, .. }
            | Self::Const64 { dst, .. }
            | Self::GlobalGet { dst, .. }
            | Self::Load32 { dst, .. }
            | Self::Load64 { dst, .. }
            | Self::Load8S { dst, .. }
            | Self::Load8U { dst, .. }
            | Self::Load16S { dst, .. }
            | Self::Load16U { dst, .. }
            | Self::Load32S { dst, .. }
            | Self::MemorySize { dst, .. }
            | Self::MemoryGrow { dst, .. }
            | Self::TableGet { dst, .. }
            | Self::TableSize { dst, .. }
            | Self::RefFunc { dst, .. }
            | Self::I32Eqz { dst, .. }
            | Self::I64Eqz { dst, .. }
            | Self::I32Clz { dst, .. }
            | Self::I32Ctz { dst, .. }
            | Self::I32Popcnt { dst, .. }
            | Self::I64Clz { dst, .. }
            | Self::I64Ctz { dst, .. }
            | Self::I64Popcnt { dst, .. }
            | Self::F32Abs { dst, .. }
            | Self::F32Neg { dst, .. }
            | Self::F32Ceil { dst, .. }
            | Self::F32Floor { dst, .. }
            | Self::F32Trunc { dst, .. }
            | Self::F32Nearest { dst, .. }
            | Self::F32Sqrt { dst, .. }
            | Self::F64Abs { dst, .. }
            | Self::F64Neg { dst, .. }
            | Self::F64Ceil { dst, .. }
            | Self::F64Floor { dst, .. }
            | Self::F64Trunc { dst, .. }
            | Self::F64Nearest { dst, .. }
            | Self::F64Sqrt { dst, .. }
            | Self::I32WrapI64 { dst, .. }
            | Self::I32TruncF32S { dst, .. }
            | Self::I32TruncF32U { dst, .. }
            | Self::I32TruncF64S { dst, .. }
            | Self::I32TruncF64U { dst, .. }
            | Self::I64ExtendI32S { dst, .. }
            | Self::I64ExtendI32U { dst, .. }
            | Self::I64TruncF32S { dst, .. }
            | Self::I64TruncF32U { dst, .. }
            | Self::I64TruncF64S { dst, .. }
            | Self::I64TruncF64U { dst, .. }
            | Self::F32ConvertI32S { dst, .. }
            | Self::F32ConvertI32U { dst, .. }
            | Self::F32ConvertI64S { dst, .. }
            | Self::F32ConvertI64U { dst, .. }
            | Self::F32DemoteF64 { dst, .. }
            | Self::F64ConvertI32S { dst, .. }
            | Self::F64ConvertI32U { dst, .. }
            | Self::F64ConvertI64S { dst, .. }
            | Self::F64ConvertI64U { dst, .. }
            | Self::F64PromoteF32 { dst, .. }
            | Self::I32Extend8S { dst, .. }
            | Self::I32Extend16S { dst, .. }
            | Self::I64Extend8S { dst, .. }
            | Self::I64Extend16S { dst, .. }
            | Self::I64Extend32S { dst, .. }
            | Self::I32TruncSatF32S { dst, .. }
            | Self::I32TruncSatF32U { dst, .. }
            | Self::I32TruncSatF64S { dst, .. }
            | Self::I32TruncSatF64U { dst, .. }
            | Self::I64TruncSatF32S { dst, .. }
            | Self::I64TruncSatF32U { dst, .. }
            | Self::I64TruncSatF64S { dst, .. }
            | Self::I64TruncSatF64U { dst, .. }
            | Self::I32Eq { dst, .. }
            | Self::I32Ne { dst, .. }
            | Self::I32LtS { dst, .. }
            | Self::I32LtU { dst, .. }
            | Self::I32GtS { dst, .. }
            | Self::I32GtU { dst, .. }
            | Self::I32LeS { dst, .. }
            | Self::I32LeU { dst, .. }
            | Self::I32GeS { dst, .. }
            | Self::I32GeU { dst, .. }
            | Self::I64Eq { dst, .. }
            | Self::I64Ne { dst, .. }
            | Self::I64LtS { dst, .. }
            | Self::I64LtU { dst, .. }
            | Self::I64GtS { dst, .. }
            | Self::I64GtU { dst, .. }
            | Self::I64LeS { dst, .. }
            | Self::I64LeU { dst, .. }
            | Self::I64GeS { dst, .. }
            | Self::I64GeU { dst, .. }
            | Self::F32Eq { dst, .. }
            | Self::F32Ne { dst, .. }
            | Self::F32Lt { dst, .. }
            | Self::F32Gt { dst, .. }
            | Self::F32Le { dst, .. }
            | Self::F32Ge { dst, .. }
            | Self::F64Eq { dst, .. }
            | Self::F64Ne { dst, .. }
            | Self::F64Lt { dst, .. }
            | Self::F64Gt { dst, .. }
            | Self::F64Le { dst, .. }
            | Self::F64Ge { dst, .. }
            | Self::I32Add { dst, .. }
            | Self::I32Sub { dst, .. }
            | Self::I32Mul { dst, .. }
            | Self::I32DivS { dst, .. }
            | Self::I32DivU { dst, .. }
            | Self::I32RemS { dst, .. }
            | Self::I32RemU { dst, .. }
            | Self::I32And { dst, .. }
            | Self::I32Or { dst, .. }
            | Self::I32Xor { dst, .. }
            | Self::I32Shl { dst, .. }
            | Self::I32ShrS { dst, .. }
            | Self::I32ShrU { dst, .. }
            | Self::I32Rotl { dst, .. }
            | Self::I32Rotr { dst, .. }
            | Self::I64Add { dst, .. }
            | Self::I64Sub { dst, .. }
            | Self::I64Mul { dst, .. }
            | Self::I64DivS { dst, .. }
            | Self::I64DivU { dst, .. }
            | Self::I64RemS { dst, .. }
            | Self::I64RemU { dst, .. }
            | Self::I64And { dst, .. }
            | Self::I64Or { dst, .. }
            | Self::I64Xor { dst, .. }
            | Self::I64Shl { dst, .. }
            | Self::I64ShrS { dst, .. }
            | Self::I64ShrU { dst, .. }
            | Self::I64Rotl { dst, .. }
            | Self::I64Rotr { dst, .. }
            | Self::F32Add { dst, .. }
            | Self::F32Sub { dst, .. }
            | Self::F32Mul { dst, .. }
            | Self::F32Div { dst, .. }
            | Self::F32Min { dst, .. }
            | Self::F32Max { dst, .. }
            | Self::F32Copysign { dst, .. }
            | Self::F64Add { dst, .. }
            | Self::F64Sub { dst, .. }
            | Self::F64Mul { dst, .. }
            | Self::F64Div { dst, .. }
            | Self::F64Min { dst, .. }
            | Self::F64Max { dst, .. }
            | Self::F64Copysign { dst, .. }
            | Self::I32AddImm { dst, .. }
            | Self::I32MulImm { dst, .. }
            | Self::I32AndImm { dst, .. }
            | Self::I32OrImm { dst, .. }
            | Self::I32XorImm { dst, .. }
            | Self::I32ShlImm { dst, .. }
            | Self::I32ShrSImm { dst, .. }
            | Self::I32ShrUImm { dst, .. }
            | Self::I32RotlImm { dst, .. }
            | Self::I32RotrImm { dst, .. }
            | Self::I32EqImm { dst, .. }
            | Self::I32NeImm { dst, .. }
            | Self::I32LtSImm { dst, .. }
            | Self::I32LtUImm { dst, .. }
            | Self::I32GtSImm { dst, .. }
            | Self::I32GtUImm { dst, .. }
            | Self::I32LeSImm { dst, .. }
            | Self::I32LeUImm { dst, .. }
            | Self::I32GeSImm { dst, .. }
            | Self::I32GeUImm { dst, .. }
            | Self::I64AddImm { dst, .. }
            | Self::I64MulImm { dst, .. }
            | Self::I64AndImm { dst, .. }
            | Self::I64OrImm { dst, .. }
            | Self::I64XorImm { dst, .. }
            | Self::I64ShlImm { dst, .. }
            | Self::I64ShrSImm { dst, .. }
            | Self::I64ShrUImm { dst, .. }
            | Self::I64EqImm { dst, .. }
            | Self::I64NeImm { dst, .. }
            | Self::I64LtSImm { dst, .. }
            | Self::I64LtUImm { dst, .. }
            | Self::I64GtSImm { dst, .. }
            | Self::I64GtUImm { dst, .. }
            | Self::I64LeSImm { dst, .. }
            | Self::I64LeUImm { dst, .. }
            | Self::I64GeSImm { dst, .. }
            | Self::I64GeUImm { dst, .. } => Some(dst),
            _ => None,
        }
    }

    /// The distance field of a branch instruction, if `self` is one.
    pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut BranchOffset> {
        match self {
            Self::Br { offset, .. }
            | Self::BrIfNez { offset, .. }
            | Self::BrIfEqz { offset, .. }
            | Self::BrI32Eq { offset, .. }
            | Self::BrI32Ne { offset, .. }
            | Self::BrI32LtS { offset, .. }
            | Self::BrI32LtU { offset, .. }
            | Self::BrI32GtS { offset, .. }
            | Self::BrI32GtU { offset, .. }
            | Self::BrI32LeS { offset, .. }
            | Self::BrI32LeU { offset, .. }
            | Self::BrI32GeS { offset, .. }
            | Self::BrI32GeU { offset, .. }
            | Self::BrI32EqImm { offset, .. }
            | Self::BrI32NeImm { offset, .. }
            | Self::BrI32LtSImm { offset, .. }
            | Self::BrI32LtUImm { offset, .. }
            | Self::BrI32GtSImm { offset, .. }
            | Self::BrI32GtUImm { offset, .. }
            | Self::BrI32LeSImm { offset, .. }
            | Self::BrI32LeUImm { offset, .. }
            | Self::BrI32GeSImm { offset, .. }
            | Self::BrI32GeUImm { offset, .. }
            | Self::BrI64Eqz { offset, .. }
            | Self::BrI64Nez { offset, .. } => Some(offset),
            _ => None,
        }
    }

    /// The distance of a branch instruction, if `self` is one.
    pub(crate) fn branch_offset(&self) -> Option<BranchOffset> {
        self.clone().branch_offset_mut().copied()
    }

    /// Sets the distance of a branch instruction; returns `false` if `self` is not a branch.
    pub(crate) fn set_branch_offset(&mut self, new: BranchOffset) -> bool {
        match self.branch_offset_mut() {
            Some(offset) => {
                *offset = new;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Instr;

    #[test]
    fn instructions_are_16_bytes() {
        assert_eq!(core::mem::size_of::<Instr>(), 16);
    }
}
