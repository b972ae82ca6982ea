//! Branch conditions, so a comparison that only feeds a branch becomes one fused compare-and-branch instruction.

use crate::ir::{BranchOffset, Instr, NarrowSlot, Slot};

/// An i32 comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    LtS,
    LtU,
    GtS,
    GtU,
    LeS,
    LeU,
    GeS,
    GeU,
}

impl Cmp {
    /// The comparison that holds exactly when `self` does not.
    pub(crate) fn negate(self) -> Self {
        match self {
            Self::Eq => Self::Ne,
            Self::Ne => Self::Eq,
            Self::LtS => Self::GeS,
            Self::LtU => Self::GeU,
            Self::GtS => Self::LeS,
            Self::GtU => Self::LeU,
            Self::LeS => Self::GtS,
            Self::LeU => Self::GtU,
            Self::GeS => Self::LtS,
            Self::GeU => Self::LtU,
        }
    }

    /// The comparison with its operands swapped: `a OP b == b OP.swap() a`.
    pub(crate) fn swap(self) -> Self {
        match self {
            Self::Eq => Self::Eq,
            Self::Ne => Self::Ne,
            Self::LtS => Self::GtS,
            Self::LtU => Self::GtU,
            Self::GtS => Self::LtS,
            Self::GtU => Self::LtU,
            Self::LeS => Self::GeS,
            Self::LeU => Self::GeU,
            Self::GeS => Self::LeS,
            Self::GeU => Self::LeU,
        }
    }
}

/// When a conditional branch is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cond {
    /// The i32 in the slot is not zero.
    Nez(Slot),
    /// The i32 in the slot is zero.
    Eqz(Slot),
    /// The i64 in the slot is not zero.
    I64Nez(Slot),
    /// The i64 in the slot is zero.
    I64Eqz(Slot),
    /// An i32 comparison of two slots holds.
    Cmp(Cmp, Slot, Slot),
    /// An i32 comparison of a slot with an immediate holds.
    CmpImm(Cmp, Slot, i32),
    /// An i64 comparison of two slots holds.
    Cmp64(Cmp, Slot, Slot),
    /// An i64 comparison of a slot with a (sign-extended) immediate holds.
    CmpImm64(Cmp, Slot, i32),
    /// The i32 at `addr + disp` of memory 0 compared with a slot.
    CmpMem(Cmp, NarrowSlot, Slot, u32),
    /// After adding `imm` to the i32 in `counter`, the sum is not zero (`nonzero`) or zero.
    Step {
        counter: Slot,
        imm: i32,
        nonzero: bool,
    },
    /// After adding `imm` to the i32 in `counter`, the sum compared with the i32 in `rhs` holds.
    StepCmp {
        counter: Slot,
        imm: i16,
        cmp: StepCmp,
        rhs: Slot,
    },
    /// The value at `addr + disp` of memory 0 is zero.
    MemEqz(Loaded, Slot, u32),
    /// The value at `addr + disp` of memory 0 is not zero.
    MemNez(Loaded, Slot, u32),
}

/// The comparisons a counted loop's step is fused with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepCmp {
    Eq,
    Ne,
    LtU,
    GeU,
}

impl StepCmp {
    /// The step comparison `cmp` is, if it is one.
    pub(crate) fn of(cmp: Cmp) -> Option<Self> {
        Some(match cmp {
            Cmp::Eq => Self::Eq,
            Cmp::Ne => Self::Ne,
            Cmp::LtU => Self::LtU,
            Cmp::GeU => Self::GeU,
            _ => return None,
        })
    }

    fn negate(self) -> Self {
        match self {
            Self::Eq => Self::Ne,
            Self::Ne => Self::Eq,
            Self::LtU => Self::GeU,
            Self::GeU => Self::LtU,
        }
    }
}

/// What a branch on a value in memory loads: as `i32.load8_u` or as `i32.load`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loaded {
    Byte,
    Word,
}

impl Cond {
    /// The condition that holds exactly when `self` does not.
    pub(crate) fn negate(self) -> Self {
        match self {
            Self::Nez(s) => Self::Eqz(s),
            Self::Eqz(s) => Self::Nez(s),
            Self::I64Nez(s) => Self::I64Eqz(s),
            Self::I64Eqz(s) => Self::I64Nez(s),
            Self::Cmp(cmp, a, b) => Self::Cmp(cmp.negate(), a, b),
            Self::CmpImm(cmp, a, imm) => Self::CmpImm(cmp.negate(), a, imm),
            Self::Cmp64(cmp, a, b) => Self::Cmp64(cmp.negate(), a, b),
            Self::CmpImm64(cmp, a, imm) => Self::CmpImm64(cmp.negate(), a, imm),
            Self::CmpMem(cmp, addr, rhs, disp) => Self::CmpMem(cmp.negate(), addr, rhs, disp),
            Self::Step {
                counter,
                imm,
                nonzero,
            } => Self::Step {
                counter,
                imm,
                nonzero: !nonzero,
            },
            Self::StepCmp {
                counter,
                imm,
                cmp,
                rhs,
            } => Self::StepCmp {
                counter,
                imm,
                cmp: cmp.negate(),
                rhs,
            },
            Self::MemEqz(loaded, addr, disp) => Self::MemNez(loaded, addr, disp),
            Self::MemNez(loaded, addr, disp) => Self::MemEqz(loaded, addr, disp),
        }
    }

    fn step_cmp(counter: Slot, imm: i16, cmp: StepCmp, rhs: Slot) -> Self {
        Self::StepCmp {
            counter,
            imm,
            cmp,
            rhs,
        }
    }

    /// Whether testing the condition loads from memory (so it can trap).
    pub(crate) fn loads(self) -> bool {
        matches!(self, Self::CmpMem(..) | Self::MemEqz(..) | Self::MemNez(..))
    }

    /// The condition computed by `instr` into its result slot, if `instr` is a fusable comparison.
    pub(crate) fn from_compare(instr: &Instr) -> Option<(Slot, Self)> {
        use Instr as I;
        Some(match *instr {
            I::I32Eqz { dst, src } => (dst, Self::Eqz(src)),
            I::I64Eqz { dst, src } => (dst, Self::I64Eqz(src)),
            I::I32Eq { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::Eq, lhs, rhs)),
            I::I32Ne { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::Ne, lhs, rhs)),
            I::I32LtS { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::LtS, lhs, rhs)),
            I::I32LtU { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::LtU, lhs, rhs)),
            I::I32GtS { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::GtS, lhs, rhs)),
            I::I32GtU { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::GtU, lhs, rhs)),
            I::I32LeS { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::LeS, lhs, rhs)),
            I::I32LeU { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::LeU, lhs, rhs)),
            I::I32GeS { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::GeS, lhs, rhs)),
            I::I32GeU { dst, lhs, rhs } => (dst, Self::Cmp(Cmp::GeU, lhs, rhs)),
            I::I32EqImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::Eq, lhs, imm)),
            I::I32NeImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::Ne, lhs, imm)),
            I::I32LtSImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::LtS, lhs, imm)),
            I::I32LtUImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::LtU, lhs, imm)),
            I::I32GtSImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::GtS, lhs, imm)),
            I::I32GtUImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::GtU, lhs, imm)),
            I::I32LeSImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::LeS, lhs, imm)),
            I::I32LeUImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::LeU, lhs, imm)),
            I::I32GeSImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::GeS, lhs, imm)),
            I::I32GeUImm { dst, lhs, imm } => (dst, Self::CmpImm(Cmp::GeU, lhs, imm)),
            I::I64Eq { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::Eq, lhs, rhs)),
            I::I64Ne { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::Ne, lhs, rhs)),
            I::I64LtS { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::LtS, lhs, rhs)),
            I::I64LtU { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::LtU, lhs, rhs)),
            I::I64GtS { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::GtS, lhs, rhs)),
            I::I64GtU { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::GtU, lhs, rhs)),
            I::I64LeS { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::LeS, lhs, rhs)),
            I::I64LeU { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::LeU, lhs, rhs)),
            I::I64GeS { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::GeS, lhs, rhs)),
            I::I64GeU { dst, lhs, rhs } => (dst, Self::Cmp64(Cmp::GeU, lhs, rhs)),
            I::I64EqImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::Eq, lhs, imm)),
            I::I64NeImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::Ne, lhs, imm)),
            I::I64LtSImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::LtS, lhs, imm)),
            I::I64LtUImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::LtU, lhs, imm)),
            I::I64GtSImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::GtS, lhs, imm)),
            I::I64GtUImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::GtU, lhs, imm)),
            I::I64LeSImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::LeS, lhs, imm)),
            I::I64LeUImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::LeU, lhs, imm)),
            I::I64GeSImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::GeS, lhs, imm)),
            I::I64GeUImm { dst, lhs, imm } => (dst, Self::CmpImm64(Cmp::GeU, lhs, imm)),
            _ => return None,
        })
    }

    /// The branch instruction taken when the condition holds.
    pub(crate) fn branch(self, offset: BranchOffset) -> Instr {
        use Instr as I;
        match self {
            Self::Nez(cond) => I::BrIfNez { cond, offset },
            Self::Eqz(cond) => I::BrIfEqz { cond, offset },
            Self::I64Nez(cond) => I::BrI64Nez { cond, offset },
            Self::I64Eqz(cond) => I::BrI64Eqz { cond, offset },
            Self::Cmp(cmp, lhs, rhs) => match cmp {
                Cmp::Eq => I::BrI32Eq { lhs, rhs, offset },
                Cmp::Ne => I::BrI32Ne { lhs, rhs, offset },
                Cmp::LtS => I::BrI32LtS { lhs, rhs, offset },
                Cmp::LtU => I::BrI32LtU { lhs, rhs, offset },
                Cmp::GtS => I::BrI32GtS { lhs, rhs, offset },
                Cmp::GtU => I::BrI32GtU { lhs, rhs, offset },
                Cmp::LeS => I::BrI32LeS { lhs, rhs, offset },
                Cmp::LeU => I::BrI32LeU { lhs, rhs, offset },
                Cmp::GeS => I::BrI32GeS { lhs, rhs, offset },
                Cmp::GeU => I::BrI32GeU { lhs, rhs, offset },
            },
            Self::CmpImm(cmp, lhs, imm) => match cmp {
                Cmp::Eq => I::BrI32EqImm { lhs, imm, offset },
                Cmp::Ne => I::BrI32NeImm { lhs, imm, offset },
                Cmp::LtS => I::BrI32LtSImm { lhs, imm, offset },
                Cmp::LtU => I::BrI32LtUImm { lhs, imm, offset },
                Cmp::GtS => I::BrI32GtSImm { lhs, imm, offset },
                Cmp::GtU => I::BrI32GtUImm { lhs, imm, offset },
                Cmp::LeS => I::BrI32LeSImm { lhs, imm, offset },
                Cmp::LeU => I::BrI32LeUImm { lhs, imm, offset },
                Cmp::GeS => I::BrI32GeSImm { lhs, imm, offset },
                Cmp::GeU => I::BrI32GeUImm { lhs, imm, offset },
            },
            Self::CmpMem(cmp, addr, rhs, disp) => match cmp {
                Cmp::Eq => I::BrI32EqMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::Ne => I::BrI32NeMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::LtS => I::BrI32LtSMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::LtU => I::BrI32LtUMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::GtS => I::BrI32GtSMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::GtU => I::BrI32GtUMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::LeS => I::BrI32LeSMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::LeU => I::BrI32LeUMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::GeS => I::BrI32GeSMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
                Cmp::GeU => I::BrI32GeUMem {
                    addr,
                    rhs,
                    disp,
                    offset,
                },
            },
            Self::Cmp64(cmp, lhs, rhs) => match cmp {
                Cmp::Eq => I::BrI64Eq { lhs, rhs, offset },
                Cmp::Ne => I::BrI64Ne { lhs, rhs, offset },
                Cmp::LtS => I::BrI64LtS { lhs, rhs, offset },
                Cmp::LtU => I::BrI64LtU { lhs, rhs, offset },
                Cmp::GtS => I::BrI64GtS { lhs, rhs, offset },
                Cmp::GtU => I::BrI64GtU { lhs, rhs, offset },
                Cmp::LeS => I::BrI64LeS { lhs, rhs, offset },
                Cmp::LeU => I::BrI64LeU { lhs, rhs, offset },
                Cmp::GeS => I::BrI64GeS { lhs, rhs, offset },
                Cmp::GeU => I::BrI64GeU { lhs, rhs, offset },
            },
            Self::CmpImm64(cmp, lhs, imm) => match cmp {
                Cmp::Eq => I::BrI64EqImm { lhs, imm, offset },
                Cmp::Ne => I::BrI64NeImm { lhs, imm, offset },
                Cmp::LtS => I::BrI64LtSImm { lhs, imm, offset },
                Cmp::LtU => I::BrI64LtUImm { lhs, imm, offset },
                Cmp::GtS => I::BrI64GtSImm { lhs, imm, offset },
                Cmp::GtU => I::BrI64GtUImm { lhs, imm, offset },
                Cmp::LeS => I::BrI64LeSImm { lhs, imm, offset },
                Cmp::LeU => I::BrI64LeUImm { lhs, imm, offset },
                Cmp::GeS => I::BrI64GeSImm { lhs, imm, offset },
                Cmp::GeU => I::BrI64GeUImm { lhs, imm, offset },
            },
            Self::Step {
                counter,
                imm,
                nonzero: true,
            } => I::BrIncNez {
                counter,
                imm,
                offset,
            },
            Self::Step {
                counter,
                imm,
                nonzero: false,
            } => I::BrIncEqz {
                counter,
                imm,
                offset,
            },
            Self::StepCmp {
                counter,
                imm,
                cmp,
                rhs,
            } => match cmp {
                StepCmp::Eq => I::BrIncEq {
                    counter,
                    rhs,
                    offset,
                    imm,
                },
                StepCmp::Ne => I::BrIncNe {
                    counter,
                    rhs,
                    offset,
                    imm,
                },
                StepCmp::LtU => I::BrIncLtU {
                    counter,
                    rhs,
                    offset,
                    imm,
                },
                StepCmp::GeU => I::BrIncGeU {
                    counter,
                    rhs,
                    offset,
                    imm,
                },
            },
            Self::MemEqz(Loaded::Byte, addr, disp) => I::BrLoad8UEqz { addr, disp, offset },
            Self::MemNez(Loaded::Byte, addr, disp) => I::BrLoad8UNez { addr, disp, offset },
            Self::MemEqz(Loaded::Word, addr, disp) => I::BrLoad32Eqz { addr, disp, offset },
            Self::MemNez(Loaded::Word, addr, disp) => I::BrLoad32Nez { addr, disp, offset },
        }
    }

    /// The condition and offset of a conditional branch instruction.
    pub(crate) fn from_branch(instr: &Instr) -> Option<(Self, BranchOffset)> {
        use Instr as I;
        Some(match *instr {
            I::BrIfNez { cond, offset } => (Self::Nez(cond), offset),
            I::BrIfEqz { cond, offset } => (Self::Eqz(cond), offset),
            I::BrI64Nez { cond, offset } => (Self::I64Nez(cond), offset),
            I::BrI64Eqz { cond, offset } => (Self::I64Eqz(cond), offset),
            I::BrI32Eq { lhs, rhs, offset } => (Self::Cmp(Cmp::Eq, lhs, rhs), offset),
            I::BrI32Ne { lhs, rhs, offset } => (Self::Cmp(Cmp::Ne, lhs, rhs), offset),
            I::BrI32LtS { lhs, rhs, offset } => (Self::Cmp(Cmp::LtS, lhs, rhs), offset),
            I::BrI32LtU { lhs, rhs, offset } => (Self::Cmp(Cmp::LtU, lhs, rhs), offset),
            I::BrI32GtS { lhs, rhs, offset } => (Self::Cmp(Cmp::GtS, lhs, rhs), offset),
            I::BrI32GtU { lhs, rhs, offset } => (Self::Cmp(Cmp::GtU, lhs, rhs), offset),
            I::BrI32LeS { lhs, rhs, offset } => (Self::Cmp(Cmp::LeS, lhs, rhs), offset),
            I::BrI32LeU { lhs, rhs, offset } => (Self::Cmp(Cmp::LeU, lhs, rhs), offset),
            I::BrI32GeS { lhs, rhs, offset } => (Self::Cmp(Cmp::GeS, lhs, rhs), offset),
            I::BrI32GeU { lhs, rhs, offset } => (Self::Cmp(Cmp::GeU, lhs, rhs), offset),
            I::BrI32EqImm { lhs, imm, offset } => (Self::CmpImm(Cmp::Eq, lhs, imm), offset),
            I::BrI32NeImm { lhs, imm, offset } => (Self::CmpImm(Cmp::Ne, lhs, imm), offset),
            I::BrI32LtSImm { lhs, imm, offset } => (Self::CmpImm(Cmp::LtS, lhs, imm), offset),
            I::BrI32LtUImm { lhs, imm, offset } => (Self::CmpImm(Cmp::LtU, lhs, imm), offset),
            I::BrI32GtSImm { lhs, imm, offset } => (Self::CmpImm(Cmp::GtS, lhs, imm), offset),
            I::BrI32GtUImm { lhs, imm, offset } => (Self::CmpImm(Cmp::GtU, lhs, imm), offset),
            I::BrI32LeSImm { lhs, imm, offset } => (Self::CmpImm(Cmp::LeS, lhs, imm), offset),
            I::BrI32LeUImm { lhs, imm, offset } => (Self::CmpImm(Cmp::LeU, lhs, imm), offset),
            I::BrI32GeSImm { lhs, imm, offset } => (Self::CmpImm(Cmp::GeS, lhs, imm), offset),
            I::BrI32GeUImm { lhs, imm, offset } => (Self::CmpImm(Cmp::GeU, lhs, imm), offset),
            I::BrI32EqMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::Eq, addr, rhs, disp), offset),
            I::BrI32NeMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::Ne, addr, rhs, disp), offset),
            I::BrI32LtSMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::LtS, addr, rhs, disp), offset),
            I::BrI32LtUMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::LtU, addr, rhs, disp), offset),
            I::BrI32GtSMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::GtS, addr, rhs, disp), offset),
            I::BrI32GtUMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::GtU, addr, rhs, disp), offset),
            I::BrI32LeSMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::LeS, addr, rhs, disp), offset),
            I::BrI32LeUMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::LeU, addr, rhs, disp), offset),
            I::BrI32GeSMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::GeS, addr, rhs, disp), offset),
            I::BrI32GeUMem {
                addr,
                rhs,
                disp,
                offset,
            } => (Self::CmpMem(Cmp::GeU, addr, rhs, disp), offset),
            I::BrI64Eq { lhs, rhs, offset } => (Self::Cmp64(Cmp::Eq, lhs, rhs), offset),
            I::BrI64Ne { lhs, rhs, offset } => (Self::Cmp64(Cmp::Ne, lhs, rhs), offset),
            I::BrI64LtS { lhs, rhs, offset } => (Self::Cmp64(Cmp::LtS, lhs, rhs), offset),
            I::BrI64LtU { lhs, rhs, offset } => (Self::Cmp64(Cmp::LtU, lhs, rhs), offset),
            I::BrI64GtS { lhs, rhs, offset } => (Self::Cmp64(Cmp::GtS, lhs, rhs), offset),
            I::BrI64GtU { lhs, rhs, offset } => (Self::Cmp64(Cmp::GtU, lhs, rhs), offset),
            I::BrI64LeS { lhs, rhs, offset } => (Self::Cmp64(Cmp::LeS, lhs, rhs), offset),
            I::BrI64LeU { lhs, rhs, offset } => (Self::Cmp64(Cmp::LeU, lhs, rhs), offset),
            I::BrI64GeS { lhs, rhs, offset } => (Self::Cmp64(Cmp::GeS, lhs, rhs), offset),
            I::BrI64GeU { lhs, rhs, offset } => (Self::Cmp64(Cmp::GeU, lhs, rhs), offset),
            I::BrI64EqImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::Eq, lhs, imm), offset),
            I::BrI64NeImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::Ne, lhs, imm), offset),
            I::BrI64LtSImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::LtS, lhs, imm), offset),
            I::BrI64LtUImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::LtU, lhs, imm), offset),
            I::BrI64GtSImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::GtS, lhs, imm), offset),
            I::BrI64GtUImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::GtU, lhs, imm), offset),
            I::BrI64LeSImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::LeS, lhs, imm), offset),
            I::BrI64LeUImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::LeU, lhs, imm), offset),
            I::BrI64GeSImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::GeS, lhs, imm), offset),
            I::BrI64GeUImm { lhs, imm, offset } => (Self::CmpImm64(Cmp::GeU, lhs, imm), offset),
            I::BrIncNez {
                counter,
                imm,
                offset,
            } => (
                Self::Step {
                    counter,
                    imm,
                    nonzero: true,
                },
                offset,
            ),
            I::BrIncEqz {
                counter,
                imm,
                offset,
            } => (
                Self::Step {
                    counter,
                    imm,
                    nonzero: false,
                },
                offset,
            ),
            I::BrIncEq {
                counter,
                rhs,
                offset,
                imm,
            } => (Self::step_cmp(counter, imm, StepCmp::Eq, rhs), offset),
            I::BrIncNe {
                counter,
                rhs,
                offset,
                imm,
            } => (Self::step_cmp(counter, imm, StepCmp::Ne, rhs), offset),
            I::BrIncLtU {
                counter,
                rhs,
                offset,
                imm,
            } => (Self::step_cmp(counter, imm, StepCmp::LtU, rhs), offset),
            I::BrIncGeU {
                counter,
                rhs,
                offset,
                imm,
            } => (Self::step_cmp(counter, imm, StepCmp::GeU, rhs), offset),
            I::BrLoad8UEqz { addr, disp, offset } => {
                (Self::MemEqz(Loaded::Byte, addr, disp), offset)
            }
            I::BrLoad8UNez { addr, disp, offset } => {
                (Self::MemNez(Loaded::Byte, addr, disp), offset)
            }
            I::BrLoad32Eqz { addr, disp, offset } => {
                (Self::MemEqz(Loaded::Word, addr, disp), offset)
            }
            I::BrLoad32Nez { addr, disp, offset } => {
                (Self::MemNez(Loaded::Word, addr, disp), offset)
            }
            _ => return None,
        })
    }

    /// The i32 compare instruction writing this condition's truth value to `dst`, used when a comparison
    /// with a constant left operand is flipped into immediate form.
    pub(crate) fn compare_imm_instr(cmp: Cmp, dst: Slot, lhs: Slot, imm: i32) -> Instr {
        use Instr as I;
        match cmp {
            Cmp::Eq => I::I32EqImm { dst, lhs, imm },
            Cmp::Ne => I::I32NeImm { dst, lhs, imm },
            Cmp::LtS => I::I32LtSImm { dst, lhs, imm },
            Cmp::LtU => I::I32LtUImm { dst, lhs, imm },
            Cmp::GtS => I::I32GtSImm { dst, lhs, imm },
            Cmp::GtU => I::I32GtUImm { dst, lhs, imm },
            Cmp::LeS => I::I32LeSImm { dst, lhs, imm },
            Cmp::LeU => I::I32LeUImm { dst, lhs, imm },
            Cmp::GeS => I::I32GeSImm { dst, lhs, imm },
            Cmp::GeU => I::I32GeUImm { dst, lhs, imm },
        }
    }

    /// The i64 compare instruction against an immediate.
    pub(crate) fn compare_imm_instr_i64(cmp: Cmp, dst: Slot, lhs: Slot, imm: i32) -> Instr {
        use Instr as I;
        match cmp {
            Cmp::Eq => I::I64EqImm { dst, lhs, imm },
            Cmp::Ne => I::I64NeImm { dst, lhs, imm },
            Cmp::LtS => I::I64LtSImm { dst, lhs, imm },
            Cmp::LtU => I::I64LtUImm { dst, lhs, imm },
            Cmp::GtS => I::I64GtSImm { dst, lhs, imm },
            Cmp::GtU => I::I64GtUImm { dst, lhs, imm },
            Cmp::LeS => I::I64LeSImm { dst, lhs, imm },
            Cmp::LeU => I::I64LeUImm { dst, lhs, imm },
            Cmp::GeS => I::I64GeSImm { dst, lhs, imm },
            Cmp::GeU => I::I64GeUImm { dst, lhs, imm },
        }
    }
}
