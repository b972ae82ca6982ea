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
    /// i32 subtraction: a constant right operand becomes an addition of its negation, a constant left operand a
    /// subtraction from the immediate.
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

/// The slot an operand is in without an instruction of its own: a temporary's or a local's (a constant has none).
pub(super) fn operand_without_code((operand, slot): (Operand, Slot)) -> Option<Slot> {
    match operand {
        Operand::Temp => Some(slot),
        Operand::Local(local) => Some(local),
        Operand::Const(_) => None,
    }
}

/// An i32 shift or rotation count as the instruction uses it: modulo 32.
fn shift_count(imm: i32) -> u8 {
    (imm & 31) as u8
}

/// A right rotation by a constant as the left rotation it equals (`rotr k` is `rotl (32 - k) mod 32`), so that a
/// fusion with rotations needs only left ones; any other instruction as it is.
fn as_left_rotation(instr: Instr) -> Instr {
    match instr {
        Instr::I32RotrImm { dst, lhs, imm } => Instr::I32RotlImm {
            dst,
            lhs,
            imm: imm.wrapping_neg() & 31,
        },
        other => other,
    }
}

/// When one operand of a binary operator is the temporary in slot `produced`: its side, and the slot of the other
/// operand, if that one needs no instruction of its own.
fn produced_side(
    produced: Slot,
    lhs: (Operand, Slot),
    rhs: (Operand, Slot),
) -> Option<(Side, Slot)> {
    if rhs == (Operand::Temp, produced) {
        Some((Side::Rhs, operand_without_code(lhs)?))
    } else if lhs == (Operand::Temp, produced) {
        Some((Side::Lhs, operand_without_code(rhs)?))
    } else {
        None
    }
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
            let (instr, load_offset) = self
                .fuse_with_last_immediate_op(instr, (lhs, lhs_slot), (rhs, rhs_slot))
                .unwrap_or((instr, None));
            self.stack.push_temp();
            self.emit_result(instr);
            // A trap of a fused access is the load's.
            if let (Some(load_offset), Some(offset)) = (load_offset, self.offsets.last_mut()) {
                *offset = load_offset;
            }
            return;
        }
        if let Some((instr, load_offset)) =
            self.fuse_with_last_result(make(dst, 0, 0), dst, (lhs, lhs_slot), (rhs, rhs_slot))
        {
            self.stack.push_temp();
            self.emit_result(instr);
            // A trap of a fused access is the load's.
            if let (Some(load_offset), Some(offset)) = (load_offset, self.offsets.last_mut()) {
                *offset = load_offset;
            }
            return;
        }
        let lhs = self.operand_slot(lhs, lhs_slot);
        let rhs = self.operand_slot(rhs, rhs_slot);
        self.stack.push_temp();
        self.emit_result(make(dst, lhs, rhs));
    }

    /// Fuses `op`, the immediate form of a binary operator (with operands `lhs` and `rhs`, one of them the
    /// constant), with the instruction emitted just before it, when that one computed the other operand into a
    /// temporary only `op` reads: an `i32.xor` into a rotation or an unsigned right shift by a constant; an
    /// `i32.shr_u` or an `i32.add` by a constant into an `i32.and` with one; an `i32.and` with a constant into a
    /// negation, and that negation into an `i32.and` with a constant; an `i32.and` with a constant (or an
    /// `i32.add` and `i32.and` already fused) into an `i32.shl` by a constant; an `i32.and` with a constant into an
    /// `i32.shr_u` by one; an `i32.load` or an `i32.xor` into an `i32.mul` by a constant. Removes that instruction
    /// and returns the fused one, with the load's code offset when a load was fused (its trap is the load's).
    fn fuse_with_last_immediate_op(
        &mut self,
        op: Instr,
        lhs: (Operand, Slot),
        rhs: (Operand, Slot),
    ) -> Option<(Instr, Option<u32>)> {
        use Instr as I;
        let mut last = self.last_result_instr()?;
        let fused = match (as_left_rotation(op), last) {
            (I::I32RotlImm { dst, imm, .. }, I::I32Xor { lhs, rhs, .. }) => I::I32XorRotl {
                dst,
                lhs,
                rhs,
                shift: shift_count(imm),
            },
            (I::I32ShrUImm { dst, imm, .. }, I::I32Xor { lhs, rhs, .. }) => I::I32XorShrU {
                dst,
                lhs,
                rhs,
                shift: shift_count(imm),
            },
            (
                I::I32AndImm { dst, imm, .. },
                I::I32ShrUImm {
                    lhs: src,
                    imm: shift,
                    ..
                },
            ) => I::I32ShrUAnd {
                dst,
                src,
                mask: imm,
                shift: shift_count(shift),
            },
            (
                I::I32AndImm { dst, imm, .. },
                I::I32AddImm {
                    lhs: src, imm: add, ..
                },
            ) => I::I32AddAnd {
                dst,
                src,
                mask: imm,
                add: i16::try_from(add).ok()?,
            },
            (I::I32SubFromImm { dst, imm: 0, .. }, I::I32AndImm { lhs: src, imm, .. }) => {
                I::I32NegAnd {
                    dst,
                    src,
                    mask: imm,
                }
            }
            (I::I32ShlImm { dst, imm, .. }, I::I32AddAnd { src, mask, add, .. }) => {
                I::I32AddAndShl {
                    dst,
                    src: NarrowSlot::try_from(src).ok()?,
                    add,
                    mask: i16::try_from(mask).ok()?,
                    shift: shift_count(imm),
                }
            }
            (
                I::I32ShlImm { dst, imm, .. },
                I::I32AndImm {
                    lhs: src,
                    imm: mask,
                    ..
                },
            ) => I::I32AddAndShl {
                dst,
                src: NarrowSlot::try_from(src).ok()?,
                add: 0,
                mask: i16::try_from(mask).ok()?,
                shift: shift_count(imm),
            },
            (I::I32AndImm { dst, imm, .. }, I::I32NegAnd { src, mask, .. }) => I::I32NegAndMask {
                dst,
                src: NarrowSlot::try_from(src).ok()?,
                select: i16::try_from(mask).ok()?,
                mask: imm,
            },
            (
                I::I32ShrUImm { dst, imm, .. },
                I::I32AndImm {
                    lhs: src,
                    imm: mask,
                    ..
                },
            ) => I::I32AndShrU {
                dst,
                src,
                mask,
                shift: shift_count(imm),
            },
            (I::I32MulImm { dst, imm, .. }, I::Load32 { addr, offset, .. }) => I::Load32MulImm {
                dst,
                addr: NarrowSlot::try_from(addr).ok()?,
                imm,
                offset,
            },
            // The xor commutes: the narrow field takes whichever operand fits.
            (I::I32MulImm { dst, imm, .. }, I::I32Xor { lhs, rhs, .. }) => {
                match NarrowSlot::try_from(lhs) {
                    Ok(lhs) => I::I32XorMulImm { dst, lhs, rhs, imm },
                    Err(_) => I::I32XorMulImm {
                        dst,
                        lhs: NarrowSlot::try_from(rhs).ok()?,
                        rhs: lhs,
                        imm,
                    },
                }
            }
            _ => return None,
        };
        // The operand that is not the constant must be what `last` computed.
        let produced = (Operand::Temp, *last.result_slot_mut()?);
        if lhs != produced && rhs != produced {
            return None;
        }
        let load_offset = matches!(last, I::Load32 { .. })
            .then(|| self.offsets.last().copied())
            .flatten();
        self.pop_instr();
        self.last_result = None;
        Some((fused, load_offset))
    }

    /// Fuses the binary operator `op` (writing `dst`, its operands not yet set) with the instruction emitted
    /// just before it, when that one computed one of the operands into a temporary only `op` reads and the other
    /// operand needs no instruction of its own (nothing then runs in between): an `f64.load` into an f64 add,
    /// subtract or multiply, and that multiply into an f64 add; an `f64.mul` into an f64 add or subtract (rounded
    /// twice, as the pair); an `i32.shl` by a constant into an `i32.add` (scaled indexing), and so a masked index
    /// scaled by one ([`Instr::I32AddAndShl`]); a rotation or shift by a constant into an `i32.xor`. Removes that
    /// instruction and returns the fused one, with the load's code offset when a load was fused (its trap is the
    /// load's).
    fn fuse_with_last_result(
        &mut self,
        op: Instr,
        dst: Slot,
        lhs: (Operand, Slot),
        rhs: (Operand, Slot),
    ) -> Option<(Instr, Option<u32>)> {
        use Instr as I;
        let mut last = self.last_result_instr()?;
        let produced = last.result_slot_mut().copied()?;
        let (side, other) = produced_side(produced, lhs, rhs)?;
        let narrow = || NarrowSlot::try_from(other).ok();
        // Addition and multiplication commute: the order of their operands could only show in which NaN payload
        // propagates, which the specification leaves open (and the host's code generation decides anyway).
        let fused = match (op, as_left_rotation(last), side) {
            (I::F64Add { .. }, I::Load64 { addr, offset, .. }, _) => I::F64AddMem {
                dst,
                other: narrow()?,
                addr,
                offset,
            },
            (I::F64Mul { .. }, I::Load64 { addr, offset, .. }, _) => I::F64MulMem {
                dst,
                other: narrow()?,
                addr,
                offset,
            },
            (I::F64Sub { .. }, I::Load64 { addr, offset, .. }, Side::Rhs) => I::F64SubMem {
                dst,
                other: narrow()?,
                addr,
                offset,
            },
            (I::F64Sub { .. }, I::Load64 { addr, offset, .. }, Side::Lhs) => I::F64MemSub {
                dst,
                other: narrow()?,
                addr,
                offset,
            },
            (I::F64Add { .. }, I::F64Mul { lhs, rhs, .. }, _) => I::F64AddMul {
                dst,
                other: narrow()?,
                lhs,
                rhs,
            },
            (
                I::F64Add { .. },
                I::F64MulMem {
                    other: factor,
                    addr,
                    offset,
                    ..
                },
                _,
            ) => I::F64AddMulMem {
                dst,
                other: narrow()?,
                lhs: factor,
                addr: NarrowSlot::try_from(addr).ok()?,
                offset,
            },
            (I::F64Sub { .. }, I::F64Mul { lhs, rhs, .. }, Side::Rhs) => I::F64SubMul {
                dst,
                other: narrow()?,
                lhs,
                rhs,
            },
            (I::F64Sub { .. }, I::F64Mul { lhs, rhs, .. }, Side::Lhs) => I::F64MulSub {
                dst,
                other: narrow()?,
                lhs,
                rhs,
            },
            (
                I::I32Add { .. },
                I::I32ShlImm {
                    lhs: index, imm, ..
                },
                _,
            ) => I::I32AddShl {
                dst,
                lhs: other,
                rhs: index,
                shift: shift_count(imm),
            },
            (
                I::I32Add { .. },
                I::I32AddAndShl {
                    src,
                    add,
                    mask,
                    shift,
                    ..
                },
                _,
            ) => I::I32AddAndShlAdd {
                dst,
                base: narrow()?,
                src,
                add,
                mask,
                shift,
            },
            (I::I32Xor { .. }, I::I32RotlImm { lhs: src, imm, .. }, _) => I::I32RotlXor {
                dst,
                src,
                other,
                shift: shift_count(imm),
            },
            (I::I32Xor { .. }, I::I32ShlImm { lhs: src, imm, .. }, _) => I::I32ShlXor {
                dst,
                src,
                other,
                shift: shift_count(imm),
            },
            (I::I32Xor { .. }, I::I32ShrUImm { lhs: src, imm, .. }, _) => I::I32ShrUXor {
                dst,
                src,
                other,
                shift: shift_count(imm),
            },
            _ => return None,
        };
        let load_offset = matches!(last, I::Load64 { .. } | I::F64MulMem { .. })
            .then(|| self.offsets.last().copied())
            .flatten();
        self.pop_instr();
        self.last_result = None;
        Some((fused, load_offset))
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
        match (imm, lhs, rhs) {
            (Imm::No, _, _) => None,
            (Imm::I32 { rhs: make, .. }, _, Operand::Const(c)) => Some(make(
                dst,
                operand_without_code((lhs, lhs_slot))?,
                low_i32(c),
            )),
            (
                Imm::I32 {
                    rhs: make,
                    commutative: true,
                },
                Operand::Const(c),
                _,
            ) => Some(make(
                dst,
                operand_without_code((rhs, rhs_slot))?,
                low_i32(c),
            )),
            (Imm::I64 { rhs: make, .. }, _, Operand::Const(c)) => Some(make(
                dst,
                operand_without_code((lhs, lhs_slot))?,
                fits_i32(c)?,
            )),
            (
                Imm::I64 {
                    rhs: make,
                    commutative: true,
                },
                Operand::Const(c),
                _,
            ) => Some(make(
                dst,
                operand_without_code((rhs, rhs_slot))?,
                fits_i32(c)?,
            )),
            (Imm::I32Cmp(cmp), _, Operand::Const(c)) => Some(Cond::compare_imm_instr(
                cmp,
                dst,
                operand_without_code((lhs, lhs_slot))?,
                low_i32(c),
            )),
            (Imm::I32Cmp(cmp), Operand::Const(c), _) => Some(Cond::compare_imm_instr(
                cmp.swap(),
                dst,
                operand_without_code((rhs, rhs_slot))?,
                low_i32(c),
            )),
            (Imm::I64Cmp(cmp), _, Operand::Const(c)) => Some(Cond::compare_imm_instr_i64(
                cmp,
                dst,
                operand_without_code((lhs, lhs_slot))?,
                fits_i32(c)?,
            )),
            (Imm::I64Cmp(cmp), Operand::Const(c), _) => Some(Cond::compare_imm_instr_i64(
                cmp.swap(),
                dst,
                operand_without_code((rhs, rhs_slot))?,
                fits_i32(c)?,
            )),
            (Imm::I32Sub, _, Operand::Const(c)) => Some(Instr::I32AddImm {
                dst,
                lhs: operand_without_code((lhs, lhs_slot))?,
                imm: low_i32(c).wrapping_neg(),
            }),
            (Imm::I64Sub, _, Operand::Const(c)) => {
                let imm = fits_i32(c)?.checked_neg()?;
                Some(Instr::I64AddImm {
                    dst,
                    lhs: operand_without_code((lhs, lhs_slot))?,
                    imm,
                })
            }
            (Imm::I32Sub, Operand::Const(c), _) => Some(Instr::I32SubFromImm {
                dst,
                rhs: operand_without_code((rhs, rhs_slot))?,
                imm: low_i32(c),
            }),
            (Imm::I64Sub, Operand::Const(c), _) => Some(Instr::I64SubFromImm {
                dst,
                rhs: operand_without_code((rhs, rhs_slot))?,
                imm: fits_i32(c)?,
            }),
            _ => None,
        }
    }
}
