//! Translation of numeric operators: constants become immediates where an instruction form takes one.

use super::Translator;
use super::cond::{Cmp, Cond};
use super::stack::Operand;
use crate::ir::{Instr, NarrowSlot, Slot};

/// Makes an instruction from its destination and one source slot.
pub(super) type UnaryFn = fn(Slot, Slot) -> Instr;
/// Makes an instruction from its destination and two source slots.
pub(super) type BinaryFn = fn(Slot, Slot, Slot) -> Instr;
/// Makes an instruction from its destination, a source slot and an immediate.
pub(super) type ImmFn = fn(Slot, Slot, i32) -> Instr;

/// How a binary operator may take a constant operand as an immediate.
#[derive(Clone, Copy)]
pub(super) enum Imm {
    /// Never.
    No,
    /// i32 right operand; commutative operators also accept a constant left operand.
    I32 { rhs: ImmFn, commutative: bool },
    /// i64 right operand that fits in an i32; commutative as above.
    I64 { rhs: ImmFn, commutative: bool },
    /// i32 comparison (a constant left operand flips the comparison).
    I32Cmp(Cmp),
    /// i64 comparison.
    I64Cmp(Cmp),
    /// i32 subtraction: a constant right operand becomes an addition of its negation.
    I32Sub,
    /// i64 subtraction.
    I64Sub,
}

/// One operand of a binary operator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Lhs,
    Rhs,
}

impl Translator<'_, '_> {
    pub(super) fn unary(&mut self, make: UnaryFn) {
        let src = self.pop_slot();
        let dst = self.stack.push_temp();
        self.emit_result(make(dst, src));
    }

    pub(super) fn binary(&mut self, make: BinaryFn, imm: Imm) {
        let (rhs, rhs_slot) = self.stack.pop();
        let (lhs, lhs_slot) = self.stack.pop();
        let dst = lhs_slot;
        if let Some(instr) = self.binary_imm(imm, dst, (lhs, lhs_slot), (rhs, rhs_slot)) {
            self.stack.push_temp();
            self.emit_result(instr);
            return;
        }
        if let Some(instr) = self.take_loaded_operand(make, dst, (lhs, lhs_slot), (rhs, rhs_slot)) {
            self.stack.push_temp();
            self.emit_result(instr.0);
            // A trap of the fused access is the load's.
            if let Some(offset) = self.offsets.last_mut() {
                *offset = instr.1;
            }
            return;
        }
        if let Some(instr) =
            self.take_multiplied_operand(make, dst, (lhs, lhs_slot), (rhs, rhs_slot))
        {
            self.stack.push_temp();
            self.emit_result(instr);
            return;
        }
        let shifted = self.take_shifted_operand(make, (lhs, lhs_slot), (rhs, rhs_slot));
        let lhs = self.operand_slot(lhs, lhs_slot);
        let rhs = self.operand_slot(rhs, rhs_slot);
        self.stack.push_temp();
        let instr = match shifted {
            Some((base, index, shift)) => Instr::I32AddShl {
                dst,
                lhs: if base == Side::Lhs { lhs } else { rhs },
                rhs: index,
                shift,
            },
            None => make(dst, lhs, rhs),
        };
        self.emit_result(instr);
    }

    /// For an f64 add, subtract or multiply where one operand is the result of the `f64.load` (a
    /// [`Instr::Load64`]) emitted just before it and the other a slot that fits a [`NarrowSlot`]: removes the load
    /// and returns the fused instruction with the load's code offset. The load's result is a temporary only the
    /// operator reads, and nothing runs in between.
    fn take_loaded_operand(
        &mut self,
        make: BinaryFn,
        dst: Slot,
        (lhs, lhs_slot): (Operand, Slot),
        (rhs, rhs_slot): (Operand, Slot),
    ) -> Option<(Instr, u32)> {
        let at = self.last_result.filter(|at| at + 1 == self.instrs.len())?;
        let Some(&Instr::Load64 {
            dst: loaded,
            addr,
            offset,
        }) = self.instrs.get(at)
        else {
            return None;
        };
        let slot_of = |op: Operand, slot: Slot| match op {
            Operand::Temp => Some(slot),
            Operand::Local(local) => Some(local),
            Operand::Const(_) => None,
        };
        // Which side the load is, and the other side's slot.
        let (load_is_lhs, other) = if rhs == Operand::Temp && rhs_slot == loaded {
            (false, slot_of(lhs, lhs_slot)?)
        } else if lhs == Operand::Temp && lhs_slot == loaded {
            (true, slot_of(rhs, rhs_slot)?)
        } else {
            return None;
        };
        let other = NarrowSlot::try_from(other).ok()?;
        // Addition and multiplication commute: the order of two operands could only show in which NaN payload
        // propagates, which the specification leaves open (and the host's code generation decides anyway).
        let instr = match (make(0, 0, 0), load_is_lhs) {
            (Instr::F64Add { .. }, _) => Instr::F64AddMem {
                dst,
                other,
                addr,
                offset,
            },
            (Instr::F64Mul { .. }, _) => Instr::F64MulMem {
                dst,
                other,
                addr,
                offset,
            },
            (Instr::F64Sub { .. }, false) => Instr::F64SubMem {
                dst,
                other,
                addr,
                offset,
            },
            (Instr::F64Sub { .. }, true) => Instr::F64MemSub {
                dst,
                other,
                addr,
                offset,
            },
            _ => return None,
        };
        let code_offset = self.offsets.last().copied()?;
        self.pop_instr();
        self.last_result = None;
        Some((instr, code_offset))
    }

    /// For an f64 add or subtract where one operand is the result of the `f64.mul` emitted just before it (a
    /// temporary only this operator reads) and the other a slot that fits a [`NarrowSlot`]: removes the multiply
    /// and returns the fused instruction, which rounds as the two did.
    fn take_multiplied_operand(
        &mut self,
        make: BinaryFn,
        dst: Slot,
        (lhs, lhs_slot): (Operand, Slot),
        (rhs, rhs_slot): (Operand, Slot),
    ) -> Option<Instr> {
        let at = self.last_result.filter(|at| at + 1 == self.instrs.len())?;
        let Some(&Instr::F64Mul {
            dst: product,
            lhs: factor,
            rhs: other_factor,
        }) = self.instrs.get(at)
        else {
            return None;
        };
        let slot_of = |op: Operand, slot: Slot| match op {
            Operand::Temp => Some(slot),
            Operand::Local(local) => Some(local),
            Operand::Const(_) => None,
        };
        let (product_is_lhs, other) = if rhs == Operand::Temp && rhs_slot == product {
            (false, slot_of(lhs, lhs_slot)?)
        } else if lhs == Operand::Temp && lhs_slot == product {
            (true, slot_of(rhs, rhs_slot)?)
        } else {
            return None;
        };
        let other = NarrowSlot::try_from(other).ok()?;
        let (lhs, rhs) = (factor, other_factor);
        let instr = match (make(0, 0, 0), product_is_lhs) {
            (Instr::F64Add { .. }, _) => Instr::F64AddMul {
                dst,
                other,
                lhs,
                rhs,
            },
            (Instr::F64Sub { .. }, false) => Instr::F64SubMul {
                dst,
                other,
                lhs,
                rhs,
            },
            (Instr::F64Sub { .. }, true) => Instr::F64MulSub {
                dst,
                other,
                lhs,
                rhs,
            },
            _ => return None,
        };
        self.pop_instr();
        self.last_result = None;
        Some(instr)
    }

    /// For an `i32.add` of two slots where one is the result of the `i32.shl` by a constant emitted just before
    /// it: removes that shift and returns which side is the base, the shifted slot and the shift, for
    /// [`Instr::I32AddShl`]. The shift's result is a temporary only the add reads; nothing runs in between.
    fn take_shifted_operand(
        &mut self,
        make: BinaryFn,
        (lhs, lhs_slot): (Operand, Slot),
        (rhs, rhs_slot): (Operand, Slot),
    ) -> Option<(Side, Slot, u8)> {
        if !matches!(make(0, 0, 0), Instr::I32Add { .. })
            || matches!(lhs, Operand::Const(_))
            || matches!(rhs, Operand::Const(_))
        {
            return None;
        }
        let at = self.last_result.filter(|at| at + 1 == self.instrs.len())?;
        let Some(&Instr::I32ShlImm {
            dst: shifted,
            lhs: index,
            imm,
        }) = self.instrs.get(at)
        else {
            return None;
        };
        let base = if rhs == Operand::Temp && rhs_slot == shifted {
            Side::Lhs
        } else if lhs == Operand::Temp && lhs_slot == shifted {
            Side::Rhs
        } else {
            return None;
        };
        self.pop_instr();
        self.last_result = None;
        Some((base, index, (imm & 31) as u8))
    }

    /// The immediate form of a binary operator, if one operand is a suitable constant.
    pub(super) fn binary_imm(
        &mut self,
        imm: Imm,
        dst: Slot,
        (lhs, lhs_slot): (Operand, Slot),
        (rhs, rhs_slot): (Operand, Slot),
    ) -> Option<Instr> {
        let fits_i32 = |v: u64| i32::try_from(v as i64).ok();
        let low_i32 = |v: u64| v as u32 as i32;
        let slot_of = |op: Operand, slot: Slot| match op {
            Operand::Temp => Some(slot),
            Operand::Local(local) => Some(local),
            Operand::Const(_) => None,
        };
        match (imm, lhs, rhs) {
            (Imm::No, _, _) => None,
            (Imm::I32 { rhs: make, .. }, _, Operand::Const(c)) => {
                Some(make(dst, slot_of(lhs, lhs_slot)?, low_i32(c)))
            }
            (
                Imm::I32 {
                    rhs: make,
                    commutative: true,
                },
                Operand::Const(c),
                _,
            ) => Some(make(dst, slot_of(rhs, rhs_slot)?, low_i32(c))),
            (Imm::I64 { rhs: make, .. }, _, Operand::Const(c)) => {
                Some(make(dst, slot_of(lhs, lhs_slot)?, fits_i32(c)?))
            }
            (
                Imm::I64 {
                    rhs: make,
                    commutative: true,
                },
                Operand::Const(c),
                _,
            ) => Some(make(dst, slot_of(rhs, rhs_slot)?, fits_i32(c)?)),
            (Imm::I32Cmp(cmp), _, Operand::Const(c)) => Some(Cond::compare_imm_instr(
                cmp,
                dst,
                slot_of(lhs, lhs_slot)?,
                low_i32(c),
            )),
            (Imm::I32Cmp(cmp), Operand::Const(c), _) => Some(Cond::compare_imm_instr(
                cmp.swap(),
                dst,
                slot_of(rhs, rhs_slot)?,
                low_i32(c),
            )),
            (Imm::I64Cmp(cmp), _, Operand::Const(c)) => Some(Cond::compare_imm_instr_i64(
                cmp,
                dst,
                slot_of(lhs, lhs_slot)?,
                fits_i32(c)?,
            )),
            (Imm::I64Cmp(cmp), Operand::Const(c), _) => Some(Cond::compare_imm_instr_i64(
                cmp.swap(),
                dst,
                slot_of(rhs, rhs_slot)?,
                fits_i32(c)?,
            )),
            (Imm::I32Sub, _, Operand::Const(c)) => Some(Instr::I32AddImm {
                dst,
                lhs: slot_of(lhs, lhs_slot)?,
                imm: low_i32(c).wrapping_neg(),
            }),
            (Imm::I64Sub, _, Operand::Const(c)) => {
                let imm = fits_i32(c)?.checked_neg()?;
                Some(Instr::I64AddImm {
                    dst,
                    lhs: slot_of(lhs, lhs_slot)?,
                    imm,
                })
            }
            _ => None,
        }
    }
}
