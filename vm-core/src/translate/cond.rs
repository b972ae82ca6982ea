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
    /// After adding `imm` to the i32 in `counter`, the sum compared with the constant `bound` holds.
    StepImm {
        counter: Slot,
        imm: i16,
        cmp: StepCmp,
        bound: i32,
    },
    /// After adding the i32 in `step` to the i32 in `counter`, the sum compared with the i32 in `rhs` holds.
    StepBy {
        counter: Slot,
        step: NarrowSlot,
        cmp: StepCmp,
        rhs: Slot,
    },
    /// After adding `imm` to the i32 in `counter`, the i32 at the sum plus `disp` of memory 0 compared with the
    /// i32 in `rhs` holds.
    StepMem {
        counter: NarrowSlot,
        imm: i16,
        cmp: Cmp,
        rhs: NarrowSlot,
        disp: u32,
    },
    /// The i32 (or, `wide`, the i64) in `src` has a bit of `mask` (sign-extended) set (`nonzero`), or none.
    Bits {
        src: Slot,
        mask: i32,
        nonzero: bool,
        wide: bool,
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
    LeU,
    GtU,
}

impl StepCmp {
    /// The step comparison `cmp` is, if it is one.
    pub(crate) fn of(cmp: Cmp) -> Option<Self> {
        Some(match cmp {
            Cmp::Eq => Self::Eq,
            Cmp::Ne => Self::Ne,
            Cmp::LtU => Self::LtU,
            Cmp::GeU => Self::GeU,
            Cmp::LeU => Self::LeU,
            Cmp::GtU => Self::GtU,
            _ => return None,
        })
    }

    fn negate(self) -> Self {
        match self {
            Self::Eq => Self::Ne,
            Self::Ne => Self::Eq,
            Self::LtU => Self::GeU,
            Self::GeU => Self::LtU,
            Self::LeU => Self::GtU,
            Self::GtU => Self::LeU,
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
    pub(crate) fn negate(mut self) -> Self {
        match &mut self {
            Self::Nez(s) => return Self::Eqz(*s),
            Self::Eqz(s) => return Self::Nez(*s),
            Self::I64Nez(s) => return Self::I64Eqz(*s),
            Self::I64Eqz(s) => return Self::I64Nez(*s),
            Self::MemEqz(loaded, addr, disp) => return Self::MemNez(*loaded, *addr, *disp),
            Self::MemNez(loaded, addr, disp) => return Self::MemEqz(*loaded, *addr, *disp),
            Self::Cmp(cmp, ..)
            | Self::CmpImm(cmp, ..)
            | Self::Cmp64(cmp, ..)
            | Self::CmpImm64(cmp, ..)
            | Self::CmpMem(cmp, ..)
            | Self::StepMem { cmp, .. } => *cmp = cmp.negate(),
            Self::StepCmp { cmp, .. } | Self::StepImm { cmp, .. } | Self::StepBy { cmp, .. } => {
                *cmp = cmp.negate();
            }
            Self::Step { nonzero, .. } | Self::Bits { nonzero, .. } => *nonzero = !*nonzero,
        }
        self
    }

    /// The test of `src`'s bits under `mask` (see [`Self::Bits`]).
    fn bits(src: Slot, mask: i32, nonzero: bool, wide: bool) -> Self {
        Self::Bits {
            src,
            mask,
            nonzero,
            wide,
        }
    }

    /// The condition on the bits of `src` that a test of `tested` (`self`) against zero is, when `tested` is the
    /// result of `and`, an `i32.and` or `i64.and` of `src` with a constant.
    pub(crate) fn of_masked(self, and: &Instr) -> Option<Self> {
        let (tested, nonzero, wide) = match self {
            Self::Nez(s) => (s, true, false),
            Self::Eqz(s) => (s, false, false),
            Self::I64Nez(s) => (s, true, true),
            Self::I64Eqz(s) => (s, false, true),
            _ => return None,
        };
        match (*and, wide) {
            (Instr::I32AndImm { dst, lhs, imm }, false)
            | (Instr::I64AndImm { dst, lhs, imm }, true)
                if dst == tested =>
            {
                Some(Self::bits(lhs, imm, nonzero, wide))
            }
            _ => None,
        }
    }

    /// Whether testing the condition loads from memory (so it can trap).
    pub(crate) fn loads(self) -> bool {
        matches!(
            self,
            Self::CmpMem(..) | Self::StepMem { .. } | Self::MemEqz(..) | Self::MemNez(..)
        )
    }

    /// The condition computed by `instr` into its result slot, if `instr` is a fusable comparison.
    pub(crate) fn from_compare(instr: &Instr) -> Option<(Slot, Self)> {
        match *instr {
            Instr::I32Eqz { dst, src } => Some((dst, Self::Eqz(src))),
            Instr::I64Eqz { dst, src } => Some((dst, Self::I64Eqz(src))),
            _ => compare_cond(instr),
        }
    }

    /// The branch instruction taken when the condition holds.
    pub(crate) fn branch(self, offset: BranchOffset) -> Instr {
        use Instr as I;
        match self {
            Self::Nez(cond) => I::BrIfNez { cond, offset },
            Self::Eqz(cond) => I::BrIfEqz { cond, offset },
            Self::I64Nez(cond) => I::BrI64Nez { cond, offset },
            Self::I64Eqz(cond) => I::BrI64Eqz { cond, offset },
            Self::Cmp(cmp, lhs, rhs) => br_i32(cmp, lhs, rhs, offset),
            Self::CmpImm(cmp, lhs, imm) => br_i32_imm(cmp, lhs, imm, offset),
            Self::CmpMem(cmp, addr, rhs, disp) => br_i32_mem(cmp, addr, rhs, disp, offset),
            Self::Cmp64(cmp, lhs, rhs) => br_i64(cmp, lhs, rhs, offset),
            Self::CmpImm64(cmp, lhs, imm) => br_i64_imm(cmp, lhs, imm, offset),
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
            } => br_step(cmp, counter, rhs, imm, offset),
            Self::StepImm {
                counter,
                imm,
                cmp,
                bound,
            } => br_step_imm(cmp, counter, bound, imm, offset),
            Self::StepBy {
                counter,
                step,
                cmp,
                rhs,
            } => br_step_by(cmp, counter, rhs, step, offset),
            Self::StepMem {
                counter,
                imm,
                cmp,
                rhs,
                disp,
            } => br_step_mem(cmp, counter, imm, rhs, disp, offset),
            Self::Bits {
                src,
                mask,
                nonzero,
                wide,
            } => match (wide, nonzero) {
                (false, true) => I::BrI32AndNez { src, mask, offset },
                (false, false) => I::BrI32AndEqz { src, mask, offset },
                (true, true) => I::BrI64AndNez { src, mask, offset },
                (true, false) => I::BrI64AndEqz { src, mask, offset },
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
            I::BrI32AndNez { src, mask, offset } => (Self::bits(src, mask, true, false), offset),
            I::BrI32AndEqz { src, mask, offset } => (Self::bits(src, mask, false, false), offset),
            I::BrI64AndNez { src, mask, offset } => (Self::bits(src, mask, true, true), offset),
            I::BrI64AndEqz { src, mask, offset } => (Self::bits(src, mask, false, true), offset),
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
            _ => return comparison_from_branch(instr).or_else(|| step_from_branch(instr)),
        })
    }
}

/// The rows of each comparison, the one place that pairs a [`Cmp`] with instructions: its i32 and i64 compare
/// instructions (two slots; a slot and a constant) and the branches they fuse into (i32: two slots, a constant,
/// an i32 in memory, an i32 in memory after a step of its address; i64: two slots, a constant). Defines the
/// mappings between them.
macro_rules! comparison_rows {
    ($(
        $cmp:ident: $i32:ident $i32_imm:ident $i64:ident $i64_imm:ident
            => $br_i32:ident $br_i32_imm:ident $br_i32_mem:ident $br_step_mem:ident $br_i64:ident
                $br_i64_imm:ident;
    )*) => {
        /// The condition an i32 or i64 comparison computes into its result slot.
        fn compare_cond(instr: &Instr) -> Option<(Slot, Cond)> {
            use Instr as I;
            Some(match *instr {
                $(
                    I::$i32 { dst, lhs, rhs } => (dst, Cond::Cmp(Cmp::$cmp, lhs, rhs)),
                    I::$i32_imm { dst, lhs, imm } => (dst, Cond::CmpImm(Cmp::$cmp, lhs, imm)),
                    I::$i64 { dst, lhs, rhs } => (dst, Cond::Cmp64(Cmp::$cmp, lhs, rhs)),
                    I::$i64_imm { dst, lhs, imm } => (dst, Cond::CmpImm64(Cmp::$cmp, lhs, imm)),
                )*
                _ => return None,
            })
        }

        /// The condition and offset of a branch on a comparison.
        fn comparison_from_branch(instr: &Instr) -> Option<(Cond, BranchOffset)> {
            use Instr as I;
            Some(match *instr {
                $(
                    I::$br_i32 { lhs, rhs, offset } => (Cond::Cmp(Cmp::$cmp, lhs, rhs), offset),
                    I::$br_i32_imm { lhs, imm, offset } => (Cond::CmpImm(Cmp::$cmp, lhs, imm), offset),
                    I::$br_i32_mem { addr, rhs, disp, offset } => {
                        (Cond::CmpMem(Cmp::$cmp, addr, rhs, disp), offset)
                    }
                    I::$br_step_mem { counter, rhs, imm, disp, offset } => {
                        (Cond::StepMem { counter, imm, cmp: Cmp::$cmp, rhs, disp }, offset)
                    }
                    I::$br_i64 { lhs, rhs, offset } => (Cond::Cmp64(Cmp::$cmp, lhs, rhs), offset),
                    I::$br_i64_imm { lhs, imm, offset } => {
                        (Cond::CmpImm64(Cmp::$cmp, lhs, imm), offset)
                    }
                )*
                _ => return None,
            })
        }

        fn br_i32(cmp: Cmp, lhs: Slot, rhs: Slot, offset: BranchOffset) -> Instr {
            match cmp { $( Cmp::$cmp => Instr::$br_i32 { lhs, rhs, offset }, )* }
        }

        fn br_i32_imm(cmp: Cmp, lhs: Slot, imm: i32, offset: BranchOffset) -> Instr {
            match cmp { $( Cmp::$cmp => Instr::$br_i32_imm { lhs, imm, offset }, )* }
        }

        fn br_i32_mem(cmp: Cmp, addr: NarrowSlot, rhs: Slot, disp: u32, offset: BranchOffset) -> Instr {
            match cmp { $( Cmp::$cmp => Instr::$br_i32_mem { addr, rhs, disp, offset }, )* }
        }

        fn br_step_mem(
            cmp: Cmp,
            counter: NarrowSlot,
            imm: i16,
            rhs: NarrowSlot,
            disp: u32,
            offset: BranchOffset,
        ) -> Instr {
            match cmp { $( Cmp::$cmp => Instr::$br_step_mem { counter, rhs, imm, disp, offset }, )* }
        }

        fn br_i64(cmp: Cmp, lhs: Slot, rhs: Slot, offset: BranchOffset) -> Instr {
            match cmp { $( Cmp::$cmp => Instr::$br_i64 { lhs, rhs, offset }, )* }
        }

        fn br_i64_imm(cmp: Cmp, lhs: Slot, imm: i32, offset: BranchOffset) -> Instr {
            match cmp { $( Cmp::$cmp => Instr::$br_i64_imm { lhs, imm, offset }, )* }
        }

        impl Cond {
            /// The i32 comparison of `lhs` with the constant `imm` into `dst` (a constant left operand is
            /// flipped into this form).
            pub(crate) fn compare_imm_instr(cmp: Cmp, dst: Slot, lhs: Slot, imm: i32) -> Instr {
                match cmp { $( Cmp::$cmp => Instr::$i32_imm { dst, lhs, imm }, )* }
            }

            /// The i64 comparison of `lhs` with the (sign-extended) constant `imm` into `dst`.
            pub(crate) fn compare_imm_instr_i64(cmp: Cmp, dst: Slot, lhs: Slot, imm: i32) -> Instr {
                match cmp { $( Cmp::$cmp => Instr::$i64_imm { dst, lhs, imm }, )* }
            }
        }
    };
}

comparison_rows! {
    Eq: I32Eq I32EqImm I64Eq I64EqImm => BrI32Eq BrI32EqImm BrI32EqMem BrIncEqMem BrI64Eq BrI64EqImm;
    Ne: I32Ne I32NeImm I64Ne I64NeImm => BrI32Ne BrI32NeImm BrI32NeMem BrIncNeMem BrI64Ne BrI64NeImm;
    LtS: I32LtS I32LtSImm I64LtS I64LtSImm => BrI32LtS BrI32LtSImm BrI32LtSMem BrIncLtSMem BrI64LtS BrI64LtSImm;
    LtU: I32LtU I32LtUImm I64LtU I64LtUImm => BrI32LtU BrI32LtUImm BrI32LtUMem BrIncLtUMem BrI64LtU BrI64LtUImm;
    GtS: I32GtS I32GtSImm I64GtS I64GtSImm => BrI32GtS BrI32GtSImm BrI32GtSMem BrIncGtSMem BrI64GtS BrI64GtSImm;
    GtU: I32GtU I32GtUImm I64GtU I64GtUImm => BrI32GtU BrI32GtUImm BrI32GtUMem BrIncGtUMem BrI64GtU BrI64GtUImm;
    LeS: I32LeS I32LeSImm I64LeS I64LeSImm => BrI32LeS BrI32LeSImm BrI32LeSMem BrIncLeSMem BrI64LeS BrI64LeSImm;
    LeU: I32LeU I32LeUImm I64LeU I64LeUImm => BrI32LeU BrI32LeUImm BrI32LeUMem BrIncLeUMem BrI64LeU BrI64LeUImm;
    GeS: I32GeS I32GeSImm I64GeS I64GeSImm => BrI32GeS BrI32GeSImm BrI32GeSMem BrIncGeSMem BrI64GeS BrI64GeSImm;
    GeU: I32GeU I32GeUImm I64GeU I64GeUImm => BrI32GeU BrI32GeUImm BrI32GeUMem BrIncGeUMem BrI64GeU BrI64GeUImm;
}

/// The branch rows of the comparisons a loop's step fuses with (the one place pairing them): the step by a
/// constant, the same compared with a constant, then the step by a slot.
macro_rules! step_rows {
    ($($cmp:ident => $by_imm:ident $by_imm_to_imm:ident $by_slot:ident;)*) => {
        fn br_step(cmp: StepCmp, counter: Slot, rhs: Slot, imm: i16, offset: BranchOffset) -> Instr {
            match cmp { $( StepCmp::$cmp => Instr::$by_imm { counter, rhs, offset, imm }, )* }
        }

        fn br_step_imm(cmp: StepCmp, counter: Slot, bound: i32, imm: i16, offset: BranchOffset) -> Instr {
            match cmp { $( StepCmp::$cmp => Instr::$by_imm_to_imm { counter, bound, offset, imm }, )* }
        }

        fn br_step_by(cmp: StepCmp, counter: Slot, rhs: Slot, step: NarrowSlot, offset: BranchOffset) -> Instr {
            match cmp { $( StepCmp::$cmp => Instr::$by_slot { counter, rhs, offset, step }, )* }
        }

        /// The condition and offset of a step fused with a comparison.
        fn step_from_branch(instr: &Instr) -> Option<(Cond, BranchOffset)> {
            match *instr {
                $(
                    Instr::$by_imm { counter, rhs, offset, imm } => {
                        Some((Cond::StepCmp { counter, imm, cmp: StepCmp::$cmp, rhs }, offset))
                    }
                    Instr::$by_imm_to_imm { counter, bound, offset, imm } => {
                        Some((Cond::StepImm { counter, imm, cmp: StepCmp::$cmp, bound }, offset))
                    }
                    Instr::$by_slot { counter, rhs, offset, step } => {
                        Some((Cond::StepBy { counter, step, cmp: StepCmp::$cmp, rhs }, offset))
                    }
                )*
                _ => None,
            }
        }
    };
}

step_rows! {
    Eq => BrIncEq BrIncEqImm BrAddEq;
    Ne => BrIncNe BrIncNeImm BrAddNe;
    LtU => BrIncLtU BrIncLtUImm BrAddLtU;
    GeU => BrIncGeU BrIncGeUImm BrAddGeU;
    LeU => BrIncLeU BrIncLeUImm BrAddLeU;
    GtU => BrIncGtU BrIncGtUImm BrAddGtU;
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMPS: [Cmp; 10] = [
        Cmp::Eq,
        Cmp::Ne,
        Cmp::LtS,
        Cmp::LtU,
        Cmp::GtS,
        Cmp::GtU,
        Cmp::LeS,
        Cmp::LeU,
        Cmp::GeS,
        Cmp::GeU,
    ];

    /// Every condition a branch can have, with distinct operands.
    fn every_cond() -> Vec<Cond> {
        let mut conds = vec![
            Cond::Nez(1),
            Cond::Eqz(1),
            Cond::I64Nez(1),
            Cond::I64Eqz(1),
            Cond::bits(1, 8, true, false),
            Cond::bits(1, -8, false, false),
            Cond::bits(1, 8, true, true),
            Cond::bits(1, -8, false, true),
            Cond::Step {
                counter: 1,
                imm: -3,
                nonzero: true,
            },
            Cond::Step {
                counter: 1,
                imm: 3,
                nonzero: false,
            },
        ];
        for loaded in [Loaded::Byte, Loaded::Word] {
            conds.push(Cond::MemEqz(loaded, 1, 8));
            conds.push(Cond::MemNez(loaded, 1, 8));
        }
        for cmp in CMPS {
            conds.extend([
                Cond::Cmp(cmp, 1, 2),
                Cond::CmpImm(cmp, 1, -5),
                Cond::CmpMem(cmp, 1, 2, 8),
                Cond::StepMem {
                    counter: 1,
                    imm: 4,
                    cmp,
                    rhs: 2,
                    disp: 8,
                },
                Cond::Cmp64(cmp, 1, 2),
                Cond::CmpImm64(cmp, 1, -5),
            ]);
        }
        for cmp in [
            StepCmp::Eq,
            StepCmp::Ne,
            StepCmp::LtU,
            StepCmp::GeU,
            StepCmp::LeU,
            StepCmp::GtU,
        ] {
            conds.push(Cond::StepCmp {
                counter: 1,
                imm: -2,
                cmp,
                rhs: 2,
            });
            conds.push(Cond::StepBy {
                counter: 1,
                step: 3,
                cmp,
                rhs: 2,
            });
            conds.push(Cond::StepImm {
                counter: 1,
                imm: 16,
                cmp,
                bound: -7,
            });
        }
        conds
    }

    #[test]
    fn every_condition_round_trips_through_its_branch_and_negates_to_another() {
        let conds = every_cond();
        let mut rows = std::collections::HashSet::new();
        for cond in &conds {
            let branch = cond.branch(7);
            assert_eq!(Cond::from_branch(&branch), Some((*cond, 7)), "{branch:?}");
            assert!(
                rows.insert(branch.name()),
                "two conditions share {}",
                branch.name()
            );
            assert_ne!(cond.negate(), *cond);
            assert_eq!(cond.negate().negate(), *cond);
        }
    }

    #[test]
    fn constant_comparisons_are_the_conditions_they_compute() {
        for cmp in CMPS {
            let i32_form = Cond::compare_imm_instr(cmp, 3, 1, -5);
            assert_eq!(
                Cond::from_compare(&i32_form),
                Some((3, Cond::CmpImm(cmp, 1, -5)))
            );
            let i64_form = Cond::compare_imm_instr_i64(cmp, 3, 1, -5);
            assert_eq!(
                Cond::from_compare(&i64_form),
                Some((3, Cond::CmpImm64(cmp, 1, -5)))
            );
        }
    }
}
