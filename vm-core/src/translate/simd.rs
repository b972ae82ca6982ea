//! Translation of the SIMD (`v128`) operators. A `v128` takes two consecutive cells of the operand stack (two
//! entries of the translator's model), so every operand and result here is the first of two slots.

use wasmparser::{MemArg, Operator};

use super::Translator;
use super::stack::Operand;
use crate::error::Result;
use crate::ir::{Instr, NarrowSlot, Slot};

impl Translator<'_, '_> {
    /// Translates a SIMD operator; any other operator that reaches this point is reported as unsupported.
    pub(super) fn translate_simd(&mut self, op: Operator<'_>) -> Result<()> {
        use Operator as O;
        if self.simd_memory_generic(&op)? {
            return Ok(());
        }
        match op {
            O::I8x16Shuffle { lanes } => {
                // Operands that need no instruction to read are read where they are.
                if let (Some(rhs), Some(lhs)) = (
                    self.v128_slot_without_code(0)
                        .and_then(|s| NarrowSlot::try_from(s).ok()),
                    self.v128_slot_without_code(2)
                        .and_then(|s| NarrowSlot::try_from(s).ok()),
                ) {
                    let height = self.stack.height();
                    self.stack.truncate(height - 4);
                    let dst = self.push_v128();
                    let lanes = self.pool_index(u128::from_le_bytes(lanes));
                    self.emit_result(Instr::I8x16ShuffleOf {
                        dst,
                        lhs,
                        rhs,
                        lanes,
                    });
                    return Ok(());
                }
                let src = self.pop_consecutive(4);
                let dst = self.push_v128();
                let lanes = self.pool_index(u128::from_le_bytes(lanes));
                self.emit_result(Instr::I8x16Shuffle { dst, src, lanes });
            }
            O::V128Load8x8S { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load8x8S { dst, addr, offset }
            })?,
            O::V128Load8x8U { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load8x8U { dst, addr, offset }
            })?,
            O::V128Load16x4S { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load16x4S { dst, addr, offset }
            })?,
            O::V128Load16x4U { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load16x4U { dst, addr, offset }
            })?,
            O::V128Load32x2S { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load32x2S { dst, addr, offset }
            })?,
            O::V128Load32x2U { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load32x2U { dst, addr, offset }
            })?,
            O::V128Load8Splat { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load8Splat { dst, addr, offset }
            })?,
            O::V128Load16Splat { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load16Splat { dst, addr, offset }
            })?,
            O::V128Load32Splat { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load32Splat { dst, addr, offset }
            })?,
            O::V128Load64Splat { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load64Splat { dst, addr, offset }
            })?,
            O::V128Load32Zero { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load32Zero { dst, addr, offset }
            })?,
            O::V128Load64Zero { memarg } => self.v128_load(&memarg, |dst, addr, offset| {
                Instr::V128Load64Zero { dst, addr, offset }
            })?,
            O::V128Load8Lane { memarg, lane } => self.load_lane(&memarg, |base, offset| {
                Instr::V128Load8Lane { base, offset, lane }
            })?,
            O::V128Load16Lane { memarg, lane } => self.load_lane(&memarg, |base, offset| {
                Instr::V128Load16Lane { base, offset, lane }
            })?,
            O::V128Load32Lane { memarg, lane } => self.load_lane(&memarg, |base, offset| {
                Instr::V128Load32Lane { base, offset, lane }
            })?,
            O::V128Load64Lane { memarg, lane } => self.load_lane(&memarg, |base, offset| {
                Instr::V128Load64Lane { base, offset, lane }
            })?,
            O::V128Store8Lane { memarg, lane } => self.store_lane(&memarg, |base, offset| {
                Instr::V128Store8Lane { base, offset, lane }
            })?,
            O::V128Store16Lane { memarg, lane } => self.store_lane(&memarg, |base, offset| {
                Instr::V128Store16Lane { base, offset, lane }
            })?,
            O::V128Store32Lane { memarg, lane } => self.store_lane(&memarg, |base, offset| {
                Instr::V128Store32Lane { base, offset, lane }
            })?,
            O::V128Store64Lane { memarg, lane } => self.store_lane(&memarg, |base, offset| {
                Instr::V128Store64Lane { base, offset, lane }
            })?,
            O::I8x16ExtractLaneS { lane } => {
                self.v128_extract(|dst, src| Instr::I8x16ExtractLaneS { dst, src, lane })
            }
            O::I8x16ExtractLaneU { lane } => {
                self.v128_extract(|dst, src| Instr::I8x16ExtractLaneU { dst, src, lane })
            }
            O::I8x16ReplaceLane { lane } => {
                self.v128_replace(|dst, src, value| Instr::I8x16ReplaceLane {
                    dst,
                    src,
                    value,
                    lane,
                })
            }
            O::I16x8ExtractLaneS { lane } => {
                self.v128_extract(|dst, src| Instr::I16x8ExtractLaneS { dst, src, lane })
            }
            O::I16x8ExtractLaneU { lane } => {
                self.v128_extract(|dst, src| Instr::I16x8ExtractLaneU { dst, src, lane })
            }
            O::I16x8ReplaceLane { lane } => {
                self.v128_replace(|dst, src, value| Instr::I16x8ReplaceLane {
                    dst,
                    src,
                    value,
                    lane,
                })
            }
            O::I32x4ExtractLane { lane } => {
                self.v128_extract(|dst, src| Instr::I32x4ExtractLane { dst, src, lane })
            }
            O::I32x4ReplaceLane { lane } => {
                self.v128_replace(|dst, src, value| Instr::I32x4ReplaceLane {
                    dst,
                    src,
                    value,
                    lane,
                })
            }
            O::I64x2ExtractLane { lane } => {
                self.v128_extract(|dst, src| Instr::I64x2ExtractLane { dst, src, lane })
            }
            O::I64x2ReplaceLane { lane } => {
                self.v128_replace(|dst, src, value| Instr::I64x2ReplaceLane {
                    dst,
                    src,
                    value,
                    lane,
                })
            }
            O::F32x4ExtractLane { lane } => {
                self.v128_extract(|dst, src| Instr::F32x4ExtractLane { dst, src, lane })
            }
            O::F32x4ReplaceLane { lane } => {
                self.v128_replace(|dst, src, value| Instr::F32x4ReplaceLane {
                    dst,
                    src,
                    value,
                    lane,
                })
            }
            O::F64x2ExtractLane { lane } => {
                self.v128_extract(|dst, src| Instr::F64x2ExtractLane { dst, src, lane })
            }
            O::F64x2ReplaceLane { lane } => {
                self.v128_replace(|dst, src, value| Instr::F64x2ReplaceLane {
                    dst,
                    src,
                    value,
                    lane,
                })
            }
            O::I8x16Swizzle => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16Swizzle { dst, lhs, rhs })
            }
            O::I8x16Splat => self.v128_splat(|dst, src| Instr::I8x16Splat { dst, src }),
            O::I16x8Splat => self.v128_splat(|dst, src| Instr::I16x8Splat { dst, src }),
            O::I32x4Splat => self.v128_splat(|dst, src| Instr::I32x4Splat { dst, src }),
            O::I64x2Splat => self.v128_splat(|dst, src| Instr::I64x2Splat { dst, src }),
            O::F32x4Splat => self.v128_splat(|dst, src| Instr::F32x4Splat { dst, src }),
            O::F64x2Splat => self.v128_splat(|dst, src| Instr::F64x2Splat { dst, src }),
            O::I8x16Eq => self.v128_binary(|dst, lhs, rhs| Instr::I8x16Eq { dst, lhs, rhs }),
            O::I8x16Ne => self.v128_binary(|dst, lhs, rhs| Instr::I8x16Ne { dst, lhs, rhs }),
            O::I8x16LtS => self.v128_binary(|dst, lhs, rhs| Instr::I8x16LtS { dst, lhs, rhs }),
            O::I8x16LtU => self.v128_binary(|dst, lhs, rhs| Instr::I8x16LtU { dst, lhs, rhs }),
            O::I8x16GtS => self.v128_binary(|dst, lhs, rhs| Instr::I8x16GtS { dst, lhs, rhs }),
            O::I8x16GtU => self.v128_binary(|dst, lhs, rhs| Instr::I8x16GtU { dst, lhs, rhs }),
            O::I8x16LeS => self.v128_binary(|dst, lhs, rhs| Instr::I8x16LeS { dst, lhs, rhs }),
            O::I8x16LeU => self.v128_binary(|dst, lhs, rhs| Instr::I8x16LeU { dst, lhs, rhs }),
            O::I8x16GeS => self.v128_binary(|dst, lhs, rhs| Instr::I8x16GeS { dst, lhs, rhs }),
            O::I8x16GeU => self.v128_binary(|dst, lhs, rhs| Instr::I8x16GeU { dst, lhs, rhs }),
            O::I16x8Eq => self.v128_binary(|dst, lhs, rhs| Instr::I16x8Eq { dst, lhs, rhs }),
            O::I16x8Ne => self.v128_binary(|dst, lhs, rhs| Instr::I16x8Ne { dst, lhs, rhs }),
            O::I16x8LtS => self.v128_binary(|dst, lhs, rhs| Instr::I16x8LtS { dst, lhs, rhs }),
            O::I16x8LtU => self.v128_binary(|dst, lhs, rhs| Instr::I16x8LtU { dst, lhs, rhs }),
            O::I16x8GtS => self.v128_binary(|dst, lhs, rhs| Instr::I16x8GtS { dst, lhs, rhs }),
            O::I16x8GtU => self.v128_binary(|dst, lhs, rhs| Instr::I16x8GtU { dst, lhs, rhs }),
            O::I16x8LeS => self.v128_binary(|dst, lhs, rhs| Instr::I16x8LeS { dst, lhs, rhs }),
            O::I16x8LeU => self.v128_binary(|dst, lhs, rhs| Instr::I16x8LeU { dst, lhs, rhs }),
            O::I16x8GeS => self.v128_binary(|dst, lhs, rhs| Instr::I16x8GeS { dst, lhs, rhs }),
            O::I16x8GeU => self.v128_binary(|dst, lhs, rhs| Instr::I16x8GeU { dst, lhs, rhs }),
            O::I32x4Eq => self.v128_binary(|dst, lhs, rhs| Instr::I32x4Eq { dst, lhs, rhs }),
            O::I32x4Ne => self.v128_binary(|dst, lhs, rhs| Instr::I32x4Ne { dst, lhs, rhs }),
            O::I32x4LtS => self.v128_binary(|dst, lhs, rhs| Instr::I32x4LtS { dst, lhs, rhs }),
            O::I32x4LtU => self.v128_binary(|dst, lhs, rhs| Instr::I32x4LtU { dst, lhs, rhs }),
            O::I32x4GtS => self.v128_binary(|dst, lhs, rhs| Instr::I32x4GtS { dst, lhs, rhs }),
            O::I32x4GtU => self.v128_binary(|dst, lhs, rhs| Instr::I32x4GtU { dst, lhs, rhs }),
            O::I32x4LeS => self.v128_binary(|dst, lhs, rhs| Instr::I32x4LeS { dst, lhs, rhs }),
            O::I32x4LeU => self.v128_binary(|dst, lhs, rhs| Instr::I32x4LeU { dst, lhs, rhs }),
            O::I32x4GeS => self.v128_binary(|dst, lhs, rhs| Instr::I32x4GeS { dst, lhs, rhs }),
            O::I32x4GeU => self.v128_binary(|dst, lhs, rhs| Instr::I32x4GeU { dst, lhs, rhs }),
            O::I64x2Eq => self.v128_binary(|dst, lhs, rhs| Instr::I64x2Eq { dst, lhs, rhs }),
            O::I64x2Ne => self.v128_binary(|dst, lhs, rhs| Instr::I64x2Ne { dst, lhs, rhs }),
            O::I64x2LtS => self.v128_binary(|dst, lhs, rhs| Instr::I64x2LtS { dst, lhs, rhs }),
            O::I64x2GtS => self.v128_binary(|dst, lhs, rhs| Instr::I64x2GtS { dst, lhs, rhs }),
            O::I64x2LeS => self.v128_binary(|dst, lhs, rhs| Instr::I64x2LeS { dst, lhs, rhs }),
            O::I64x2GeS => self.v128_binary(|dst, lhs, rhs| Instr::I64x2GeS { dst, lhs, rhs }),
            O::F32x4Eq => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Eq { dst, lhs, rhs }),
            O::F32x4Ne => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Ne { dst, lhs, rhs }),
            O::F32x4Lt => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Lt { dst, lhs, rhs }),
            O::F32x4Gt => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Gt { dst, lhs, rhs }),
            O::F32x4Le => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Le { dst, lhs, rhs }),
            O::F32x4Ge => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Ge { dst, lhs, rhs }),
            O::F64x2Eq => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Eq { dst, lhs, rhs }),
            O::F64x2Ne => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Ne { dst, lhs, rhs }),
            O::F64x2Lt => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Lt { dst, lhs, rhs }),
            O::F64x2Gt => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Gt { dst, lhs, rhs }),
            O::F64x2Le => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Le { dst, lhs, rhs }),
            O::F64x2Ge => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Ge { dst, lhs, rhs }),
            O::V128Not => self.v128_unary(|dst, src| Instr::V128Not { dst, src }),
            O::V128And => self.v128_binary(|dst, lhs, rhs| Instr::V128And { dst, lhs, rhs }),
            O::V128AndNot => self.v128_binary(|dst, lhs, rhs| Instr::V128AndNot { dst, lhs, rhs }),
            O::V128Or => self.v128_binary(|dst, lhs, rhs| Instr::V128Or { dst, lhs, rhs }),
            O::V128Xor => self.v128_binary(|dst, lhs, rhs| Instr::V128Xor { dst, lhs, rhs }),
            O::V128Bitselect => self.v128_ternary(|base| Instr::V128Bitselect { base }),
            O::V128AnyTrue => self.v128_test(|dst, src| Instr::V128AnyTrue { dst, src }),
            O::I8x16Abs => self.v128_unary(|dst, src| Instr::I8x16Abs { dst, src }),
            O::I8x16Neg => self.v128_unary(|dst, src| Instr::I8x16Neg { dst, src }),
            O::I8x16Popcnt => self.v128_unary(|dst, src| Instr::I8x16Popcnt { dst, src }),
            O::I8x16AllTrue => self.v128_test(|dst, src| Instr::I8x16AllTrue { dst, src }),
            O::I8x16Bitmask => self.v128_test(|dst, src| Instr::I8x16Bitmask { dst, src }),
            O::I8x16NarrowI16x8S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16NarrowI16x8S { dst, lhs, rhs })
            }
            O::I8x16NarrowI16x8U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16NarrowI16x8U { dst, lhs, rhs })
            }
            O::I8x16Shl => self.v128_shift(|dst, lhs, rhs| Instr::I8x16Shl { dst, lhs, rhs }),
            O::I8x16ShrS => self.v128_shift(|dst, lhs, rhs| Instr::I8x16ShrS { dst, lhs, rhs }),
            O::I8x16ShrU => self.v128_shift(|dst, lhs, rhs| Instr::I8x16ShrU { dst, lhs, rhs }),
            O::I8x16Add => self.v128_binary(|dst, lhs, rhs| Instr::I8x16Add { dst, lhs, rhs }),
            O::I8x16AddSatS => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16AddSatS { dst, lhs, rhs })
            }
            O::I8x16AddSatU => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16AddSatU { dst, lhs, rhs })
            }
            O::I8x16Sub => self.v128_binary(|dst, lhs, rhs| Instr::I8x16Sub { dst, lhs, rhs }),
            O::I8x16SubSatS => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16SubSatS { dst, lhs, rhs })
            }
            O::I8x16SubSatU => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16SubSatU { dst, lhs, rhs })
            }
            O::I8x16MinS => self.v128_binary(|dst, lhs, rhs| Instr::I8x16MinS { dst, lhs, rhs }),
            O::I8x16MinU => self.v128_binary(|dst, lhs, rhs| Instr::I8x16MinU { dst, lhs, rhs }),
            O::I8x16MaxS => self.v128_binary(|dst, lhs, rhs| Instr::I8x16MaxS { dst, lhs, rhs }),
            O::I8x16MaxU => self.v128_binary(|dst, lhs, rhs| Instr::I8x16MaxU { dst, lhs, rhs }),
            O::I8x16AvgrU => self.v128_binary(|dst, lhs, rhs| Instr::I8x16AvgrU { dst, lhs, rhs }),
            O::I16x8ExtAddPairwiseI8x16S => {
                self.v128_unary(|dst, src| Instr::I16x8ExtAddPairwiseI8x16S { dst, src })
            }
            O::I16x8ExtAddPairwiseI8x16U => {
                self.v128_unary(|dst, src| Instr::I16x8ExtAddPairwiseI8x16U { dst, src })
            }
            O::I16x8Abs => self.v128_unary(|dst, src| Instr::I16x8Abs { dst, src }),
            O::I16x8Neg => self.v128_unary(|dst, src| Instr::I16x8Neg { dst, src }),
            O::I16x8Q15MulrSatS => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8Q15MulrSatS { dst, lhs, rhs })
            }
            O::I16x8AllTrue => self.v128_test(|dst, src| Instr::I16x8AllTrue { dst, src }),
            O::I16x8Bitmask => self.v128_test(|dst, src| Instr::I16x8Bitmask { dst, src }),
            O::I16x8NarrowI32x4S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8NarrowI32x4S { dst, lhs, rhs })
            }
            O::I16x8NarrowI32x4U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8NarrowI32x4U { dst, lhs, rhs })
            }
            O::I16x8ExtendLowI8x16S => {
                self.v128_unary(|dst, src| Instr::I16x8ExtendLowI8x16S { dst, src })
            }
            O::I16x8ExtendHighI8x16S => {
                self.v128_unary(|dst, src| Instr::I16x8ExtendHighI8x16S { dst, src })
            }
            O::I16x8ExtendLowI8x16U => {
                self.v128_unary(|dst, src| Instr::I16x8ExtendLowI8x16U { dst, src })
            }
            O::I16x8ExtendHighI8x16U => {
                self.v128_unary(|dst, src| Instr::I16x8ExtendHighI8x16U { dst, src })
            }
            O::I16x8Shl => self.v128_shift(|dst, lhs, rhs| Instr::I16x8Shl { dst, lhs, rhs }),
            O::I16x8ShrS => self.v128_shift(|dst, lhs, rhs| Instr::I16x8ShrS { dst, lhs, rhs }),
            O::I16x8ShrU => self.v128_shift(|dst, lhs, rhs| Instr::I16x8ShrU { dst, lhs, rhs }),
            O::I16x8Add => self.v128_binary(|dst, lhs, rhs| Instr::I16x8Add { dst, lhs, rhs }),
            O::I16x8AddSatS => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8AddSatS { dst, lhs, rhs })
            }
            O::I16x8AddSatU => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8AddSatU { dst, lhs, rhs })
            }
            O::I16x8Sub => self.v128_binary(|dst, lhs, rhs| Instr::I16x8Sub { dst, lhs, rhs }),
            O::I16x8SubSatS => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8SubSatS { dst, lhs, rhs })
            }
            O::I16x8SubSatU => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8SubSatU { dst, lhs, rhs })
            }
            O::I16x8Mul => self.v128_binary(|dst, lhs, rhs| Instr::I16x8Mul { dst, lhs, rhs }),
            O::I16x8MinS => self.v128_binary(|dst, lhs, rhs| Instr::I16x8MinS { dst, lhs, rhs }),
            O::I16x8MinU => self.v128_binary(|dst, lhs, rhs| Instr::I16x8MinU { dst, lhs, rhs }),
            O::I16x8MaxS => self.v128_binary(|dst, lhs, rhs| Instr::I16x8MaxS { dst, lhs, rhs }),
            O::I16x8MaxU => self.v128_binary(|dst, lhs, rhs| Instr::I16x8MaxU { dst, lhs, rhs }),
            O::I16x8AvgrU => self.v128_binary(|dst, lhs, rhs| Instr::I16x8AvgrU { dst, lhs, rhs }),
            O::I16x8ExtMulLowI8x16S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8ExtMulLowI8x16S { dst, lhs, rhs })
            }
            O::I16x8ExtMulHighI8x16S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8ExtMulHighI8x16S { dst, lhs, rhs })
            }
            O::I16x8ExtMulLowI8x16U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8ExtMulLowI8x16U { dst, lhs, rhs })
            }
            O::I16x8ExtMulHighI8x16U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8ExtMulHighI8x16U { dst, lhs, rhs })
            }
            O::I32x4ExtAddPairwiseI16x8S => {
                self.v128_unary(|dst, src| Instr::I32x4ExtAddPairwiseI16x8S { dst, src })
            }
            O::I32x4ExtAddPairwiseI16x8U => {
                self.v128_unary(|dst, src| Instr::I32x4ExtAddPairwiseI16x8U { dst, src })
            }
            O::I32x4Abs => self.v128_unary(|dst, src| Instr::I32x4Abs { dst, src }),
            O::I32x4Neg => self.v128_unary(|dst, src| Instr::I32x4Neg { dst, src }),
            O::I32x4AllTrue => self.v128_test(|dst, src| Instr::I32x4AllTrue { dst, src }),
            O::I32x4Bitmask => self.v128_test(|dst, src| Instr::I32x4Bitmask { dst, src }),
            O::I32x4ExtendLowI16x8S => {
                self.v128_unary(|dst, src| Instr::I32x4ExtendLowI16x8S { dst, src })
            }
            O::I32x4ExtendHighI16x8S => {
                self.v128_unary(|dst, src| Instr::I32x4ExtendHighI16x8S { dst, src })
            }
            O::I32x4ExtendLowI16x8U => {
                self.v128_unary(|dst, src| Instr::I32x4ExtendLowI16x8U { dst, src })
            }
            O::I32x4ExtendHighI16x8U => {
                self.v128_unary(|dst, src| Instr::I32x4ExtendHighI16x8U { dst, src })
            }
            O::I32x4Shl => self.v128_shift(|dst, lhs, rhs| Instr::I32x4Shl { dst, lhs, rhs }),
            O::I32x4ShrS => self.v128_shift(|dst, lhs, rhs| Instr::I32x4ShrS { dst, lhs, rhs }),
            O::I32x4ShrU => self.v128_shift(|dst, lhs, rhs| Instr::I32x4ShrU { dst, lhs, rhs }),
            O::I32x4Add => self.v128_add(
                |dst, lhs, rhs| Instr::I32x4Add { dst, lhs, rhs },
                |product, dst, other| match product {
                    Instr::I32x4Mul { lhs, rhs, .. } => Some(Instr::I32x4AddMul {
                        dst,
                        other,
                        lhs,
                        rhs,
                    }),
                    _ => None,
                },
            ),
            O::I32x4Sub => self.v128_binary(|dst, lhs, rhs| Instr::I32x4Sub { dst, lhs, rhs }),
            O::I32x4Mul => self.v128_binary(|dst, lhs, rhs| Instr::I32x4Mul { dst, lhs, rhs }),
            O::I32x4MinS => self.v128_binary(|dst, lhs, rhs| Instr::I32x4MinS { dst, lhs, rhs }),
            O::I32x4MinU => self.v128_binary(|dst, lhs, rhs| Instr::I32x4MinU { dst, lhs, rhs }),
            O::I32x4MaxS => self.v128_binary(|dst, lhs, rhs| Instr::I32x4MaxS { dst, lhs, rhs }),
            O::I32x4MaxU => self.v128_binary(|dst, lhs, rhs| Instr::I32x4MaxU { dst, lhs, rhs }),
            O::I32x4DotI16x8S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I32x4DotI16x8S { dst, lhs, rhs })
            }
            O::I32x4ExtMulLowI16x8S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I32x4ExtMulLowI16x8S { dst, lhs, rhs })
            }
            O::I32x4ExtMulHighI16x8S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I32x4ExtMulHighI16x8S { dst, lhs, rhs })
            }
            O::I32x4ExtMulLowI16x8U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I32x4ExtMulLowI16x8U { dst, lhs, rhs })
            }
            O::I32x4ExtMulHighI16x8U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I32x4ExtMulHighI16x8U { dst, lhs, rhs })
            }
            O::I64x2Abs => self.v128_unary(|dst, src| Instr::I64x2Abs { dst, src }),
            O::I64x2Neg => self.v128_unary(|dst, src| Instr::I64x2Neg { dst, src }),
            O::I64x2AllTrue => self.v128_test(|dst, src| Instr::I64x2AllTrue { dst, src }),
            O::I64x2Bitmask => self.v128_test(|dst, src| Instr::I64x2Bitmask { dst, src }),
            O::I64x2ExtendLowI32x4S => {
                self.v128_unary(|dst, src| Instr::I64x2ExtendLowI32x4S { dst, src })
            }
            O::I64x2ExtendHighI32x4S => {
                self.v128_unary(|dst, src| Instr::I64x2ExtendHighI32x4S { dst, src })
            }
            O::I64x2ExtendLowI32x4U => {
                self.v128_unary(|dst, src| Instr::I64x2ExtendLowI32x4U { dst, src })
            }
            O::I64x2ExtendHighI32x4U => {
                self.v128_unary(|dst, src| Instr::I64x2ExtendHighI32x4U { dst, src })
            }
            O::I64x2Shl => self.v128_shift(|dst, lhs, rhs| Instr::I64x2Shl { dst, lhs, rhs }),
            O::I64x2ShrS => self.v128_shift(|dst, lhs, rhs| Instr::I64x2ShrS { dst, lhs, rhs }),
            O::I64x2ShrU => self.v128_shift(|dst, lhs, rhs| Instr::I64x2ShrU { dst, lhs, rhs }),
            O::I64x2Add => self.v128_binary(|dst, lhs, rhs| Instr::I64x2Add { dst, lhs, rhs }),
            O::I64x2Sub => self.v128_binary(|dst, lhs, rhs| Instr::I64x2Sub { dst, lhs, rhs }),
            O::I64x2Mul => self.v128_binary(|dst, lhs, rhs| Instr::I64x2Mul { dst, lhs, rhs }),
            O::I64x2ExtMulLowI32x4S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I64x2ExtMulLowI32x4S { dst, lhs, rhs })
            }
            O::I64x2ExtMulHighI32x4S => {
                self.v128_binary(|dst, lhs, rhs| Instr::I64x2ExtMulHighI32x4S { dst, lhs, rhs })
            }
            O::I64x2ExtMulLowI32x4U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I64x2ExtMulLowI32x4U { dst, lhs, rhs })
            }
            O::I64x2ExtMulHighI32x4U => {
                self.v128_binary(|dst, lhs, rhs| Instr::I64x2ExtMulHighI32x4U { dst, lhs, rhs })
            }
            O::F32x4Ceil => self.v128_unary(|dst, src| Instr::F32x4Ceil { dst, src }),
            O::F32x4Floor => self.v128_unary(|dst, src| Instr::F32x4Floor { dst, src }),
            O::F32x4Trunc => self.v128_unary(|dst, src| Instr::F32x4Trunc { dst, src }),
            O::F32x4Nearest => self.v128_unary(|dst, src| Instr::F32x4Nearest { dst, src }),
            O::F32x4Abs => self.v128_unary(|dst, src| Instr::F32x4Abs { dst, src }),
            O::F32x4Neg => self.v128_unary(|dst, src| Instr::F32x4Neg { dst, src }),
            O::F32x4Sqrt => self.v128_unary(|dst, src| Instr::F32x4Sqrt { dst, src }),
            O::F32x4Add => self.v128_add(
                |dst, lhs, rhs| Instr::F32x4Add { dst, lhs, rhs },
                |product, dst, other| match product {
                    Instr::F32x4Mul { lhs, rhs, .. } => Some(Instr::F32x4AddMul {
                        dst,
                        other,
                        lhs,
                        rhs,
                    }),
                    _ => None,
                },
            ),
            O::F32x4Sub => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Sub { dst, lhs, rhs }),
            O::F32x4Mul => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Mul { dst, lhs, rhs }),
            O::F32x4Div => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Div { dst, lhs, rhs }),
            O::F32x4Min => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Min { dst, lhs, rhs }),
            O::F32x4Max => self.v128_binary(|dst, lhs, rhs| Instr::F32x4Max { dst, lhs, rhs }),
            O::F32x4PMin => self.v128_binary(|dst, lhs, rhs| Instr::F32x4PMin { dst, lhs, rhs }),
            O::F32x4PMax => self.v128_binary(|dst, lhs, rhs| Instr::F32x4PMax { dst, lhs, rhs }),
            O::F64x2Ceil => self.v128_unary(|dst, src| Instr::F64x2Ceil { dst, src }),
            O::F64x2Floor => self.v128_unary(|dst, src| Instr::F64x2Floor { dst, src }),
            O::F64x2Trunc => self.v128_unary(|dst, src| Instr::F64x2Trunc { dst, src }),
            O::F64x2Nearest => self.v128_unary(|dst, src| Instr::F64x2Nearest { dst, src }),
            O::F64x2Abs => self.v128_unary(|dst, src| Instr::F64x2Abs { dst, src }),
            O::F64x2Neg => self.v128_unary(|dst, src| Instr::F64x2Neg { dst, src }),
            O::F64x2Sqrt => self.v128_unary(|dst, src| Instr::F64x2Sqrt { dst, src }),
            O::F64x2Add => self.v128_add(
                |dst, lhs, rhs| Instr::F64x2Add { dst, lhs, rhs },
                |product, dst, other| match product {
                    Instr::F64x2Mul { lhs, rhs, .. } => Some(Instr::F64x2AddMul {
                        dst,
                        other,
                        lhs,
                        rhs,
                    }),
                    _ => None,
                },
            ),
            O::F64x2Sub => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Sub { dst, lhs, rhs }),
            O::F64x2Mul => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Mul { dst, lhs, rhs }),
            O::F64x2Div => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Div { dst, lhs, rhs }),
            O::F64x2Min => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Min { dst, lhs, rhs }),
            O::F64x2Max => self.v128_binary(|dst, lhs, rhs| Instr::F64x2Max { dst, lhs, rhs }),
            O::F64x2PMin => self.v128_binary(|dst, lhs, rhs| Instr::F64x2PMin { dst, lhs, rhs }),
            O::F64x2PMax => self.v128_binary(|dst, lhs, rhs| Instr::F64x2PMax { dst, lhs, rhs }),
            O::I32x4TruncSatF32x4S => {
                self.v128_unary(|dst, src| Instr::I32x4TruncSatF32x4S { dst, src })
            }
            O::I32x4TruncSatF32x4U => {
                self.v128_unary(|dst, src| Instr::I32x4TruncSatF32x4U { dst, src })
            }
            O::F32x4ConvertI32x4S => {
                self.v128_unary(|dst, src| Instr::F32x4ConvertI32x4S { dst, src })
            }
            O::F32x4ConvertI32x4U => {
                self.v128_unary(|dst, src| Instr::F32x4ConvertI32x4U { dst, src })
            }
            O::I32x4TruncSatF64x2SZero => {
                self.v128_unary(|dst, src| Instr::I32x4TruncSatF64x2SZero { dst, src })
            }
            O::I32x4TruncSatF64x2UZero => {
                self.v128_unary(|dst, src| Instr::I32x4TruncSatF64x2UZero { dst, src })
            }
            O::F64x2ConvertLowI32x4S => {
                self.v128_unary(|dst, src| Instr::F64x2ConvertLowI32x4S { dst, src })
            }
            O::F64x2ConvertLowI32x4U => {
                self.v128_unary(|dst, src| Instr::F64x2ConvertLowI32x4U { dst, src })
            }
            O::F32x4DemoteF64x2Zero => {
                self.v128_unary(|dst, src| Instr::F32x4DemoteF64x2Zero { dst, src })
            }
            O::F64x2PromoteLowF32x4 => {
                self.v128_unary(|dst, src| Instr::F64x2PromoteLowF32x4 { dst, src })
            }
            O::I8x16RelaxedSwizzle => {
                self.v128_binary(|dst, lhs, rhs| Instr::I8x16RelaxedSwizzle { dst, lhs, rhs })
            }
            O::I32x4RelaxedTruncF32x4S => {
                self.v128_unary(|dst, src| Instr::I32x4RelaxedTruncF32x4S { dst, src })
            }
            O::I32x4RelaxedTruncF32x4U => {
                self.v128_unary(|dst, src| Instr::I32x4RelaxedTruncF32x4U { dst, src })
            }
            O::I32x4RelaxedTruncF64x2SZero => {
                self.v128_unary(|dst, src| Instr::I32x4RelaxedTruncF64x2SZero { dst, src })
            }
            O::I32x4RelaxedTruncF64x2UZero => {
                self.v128_unary(|dst, src| Instr::I32x4RelaxedTruncF64x2UZero { dst, src })
            }
            O::F32x4RelaxedMadd => self.v128_ternary(|base| Instr::F32x4RelaxedMadd { base }),
            O::F32x4RelaxedNmadd => self.v128_ternary(|base| Instr::F32x4RelaxedNmadd { base }),
            O::F64x2RelaxedMadd => self.v128_ternary(|base| Instr::F64x2RelaxedMadd { base }),
            O::F64x2RelaxedNmadd => self.v128_ternary(|base| Instr::F64x2RelaxedNmadd { base }),
            O::I8x16RelaxedLaneselect => {
                self.v128_ternary(|base| Instr::I8x16RelaxedLaneselect { base })
            }
            O::I16x8RelaxedLaneselect => {
                self.v128_ternary(|base| Instr::I16x8RelaxedLaneselect { base })
            }
            O::I32x4RelaxedLaneselect => {
                self.v128_ternary(|base| Instr::I32x4RelaxedLaneselect { base })
            }
            O::I64x2RelaxedLaneselect => {
                self.v128_ternary(|base| Instr::I64x2RelaxedLaneselect { base })
            }
            O::F32x4RelaxedMin => {
                self.v128_binary(|dst, lhs, rhs| Instr::F32x4RelaxedMin { dst, lhs, rhs })
            }
            O::F32x4RelaxedMax => {
                self.v128_binary(|dst, lhs, rhs| Instr::F32x4RelaxedMax { dst, lhs, rhs })
            }
            O::F64x2RelaxedMin => {
                self.v128_binary(|dst, lhs, rhs| Instr::F64x2RelaxedMin { dst, lhs, rhs })
            }
            O::F64x2RelaxedMax => {
                self.v128_binary(|dst, lhs, rhs| Instr::F64x2RelaxedMax { dst, lhs, rhs })
            }
            O::I16x8RelaxedQ15mulrS => {
                self.v128_binary(|dst, lhs, rhs| Instr::I16x8RelaxedQ15mulrS { dst, lhs, rhs })
            }
            O::I16x8RelaxedDotI8x16I7x16S => self
                .v128_binary(|dst, lhs, rhs| Instr::I16x8RelaxedDotI8x16I7x16S { dst, lhs, rhs }),
            O::I32x4RelaxedDotI8x16I7x16AddS => {
                self.v128_ternary(|base| Instr::I32x4RelaxedDotI8x16I7x16AddS { base })
            }
            other => {
                let name = format!("{other:?}");
                let name = name.split([' ', '{', '(']).next().unwrap_or("operator");
                return Err(
                    self.unsupported(&format!("the `{name}` instruction is not supported yet"))
                );
            }
        }
        Ok(())
    }

    fn v128_unary(&mut self, make: impl FnOnce(Slot, Slot) -> Instr) {
        let src = self.pop_v128();
        let dst = self.push_v128();
        self.emit_result(make(dst, src));
    }

    fn v128_binary(&mut self, make: impl FnOnce(Slot, Slot, Slot) -> Instr) {
        let rhs = self.pop_v128();
        let lhs = self.pop_v128();
        let dst = self.push_v128();
        self.emit_result(make(dst, lhs, rhs));
    }

    /// An add of two `v128`s (`make`), fused with the multiply of the same lane shape emitted just before it when
    /// the product is a temporary only this add reads and the other addend needs no instruction of its own
    /// (`fused` gives the fused form for the instruction just emitted, if it is that multiply). Lane-wise
    /// addition commutes (for floats only the NaN payload could differ, which the specification leaves open), so
    /// the product may be either operand.
    fn v128_add(
        &mut self,
        make: impl FnOnce(Slot, Slot, Slot) -> Instr,
        fused: impl FnOnce(Instr, Slot, NarrowSlot) -> Option<Instr>,
    ) {
        if let Some(instr) = self.fuse_v128_product(fused) {
            self.emit_result(instr);
        } else {
            self.v128_binary(make);
        }
    }

    /// The fused multiply-add of [`Self::v128_add`], with the multiply removed, the operands popped and the
    /// result pushed; `None` (code and stack untouched) if it does not apply.
    fn fuse_v128_product(
        &mut self,
        fused: impl FnOnce(Instr, Slot, NarrowSlot) -> Option<Instr>,
    ) -> Option<Instr> {
        let last = self.last_result_instr()?;
        let produced = { last }.result128_slot_mut().copied()?;
        let height = self.stack.height();
        let is_product = |depth: u32| {
            self.stack.peek(depth) == Some(Operand::Temp)
                && self.stack.peek(depth + 1) == Some(Operand::Temp)
                && height.checked_sub(depth + 2).map(|h| self.stack.slot_at(h)) == Some(produced)
        };
        // The addend below the product was computed before the multiply, so the slots the multiply read are
        // intact. One above it can only be a local: a temporary there would have come from an instruction after
        // the multiply.
        let other = if is_product(0) {
            self.v128_slot_without_code(2)?
        } else if is_product(2) {
            match self.stack.peek(0)? {
                Operand::Local(_) => self.v128_slot_without_code(0)?,
                _ => return None,
            }
        } else {
            return None;
        };
        let dst = self.stack.slot_at(height.checked_sub(4)?);
        let instr = fused(last, dst, NarrowSlot::try_from(other).ok()?)?;
        self.pop_instr();
        self.last_result = None;
        self.stack.truncate(height - 4);
        self.push_v128();
        Some(instr)
    }

    /// The first slot of the `v128` whose high half is `depth` entries below the top, if reading it needs no
    /// instruction: a temporary or a local.
    fn v128_slot_without_code(&self, depth: u32) -> Option<Slot> {
        let height = self.stack.height();
        match (self.stack.peek(depth + 1)?, self.stack.peek(depth)?) {
            (Operand::Temp, Operand::Temp) => {
                Some(self.stack.slot_at(height.checked_sub(depth + 2)?))
            }
            (Operand::Local(a), Operand::Local(b)) if b == a + 1 => Some(a),
            _ => None,
        }
    }

    /// Three `v128` operands, materialized in consecutive slots; the result replaces the first.
    fn v128_ternary(&mut self, make: impl FnOnce(Slot) -> Instr) {
        let base = self.pop_consecutive(6);
        self.push_v128();
        self.emit(make(base));
    }

    /// A `v128` shifted by an i32 count.
    fn v128_shift(&mut self, make: impl FnOnce(Slot, Slot, Slot) -> Instr) {
        let count = self.pop_slot();
        let src = self.pop_v128();
        let dst = self.push_v128();
        self.emit_result(make(dst, src, count));
    }

    /// A `v128` reduced to an i32 (`any_true`, `all_true`, `bitmask`).
    fn v128_test(&mut self, make: impl FnOnce(Slot, Slot) -> Instr) {
        let src = self.pop_v128();
        let dst = self.stack.push_temp();
        self.emit_result(make(dst, src));
    }

    /// A scalar repeated in every lane.
    fn v128_splat(&mut self, make: impl FnOnce(Slot, Slot) -> Instr) {
        let src = self.pop_slot();
        let dst = self.push_v128();
        self.emit_result(make(dst, src));
    }

    /// One lane as a scalar.
    fn v128_extract(&mut self, make: impl FnOnce(Slot, Slot) -> Instr) {
        let src = self.pop_v128();
        let dst = self.stack.push_temp();
        self.emit_result(make(dst, src));
    }

    /// A `v128` with one lane replaced by a scalar.
    fn v128_replace(&mut self, make: impl FnOnce(Slot, Slot, Slot) -> Instr) {
        let value = self.pop_slot();
        let src = self.pop_v128();
        let dst = self.push_v128();
        self.emit_result(make(dst, src, value));
    }

    /// A load that fills a `v128` from fewer bytes (extending, splatting or zero-filling).
    fn v128_load(
        &mut self,
        memarg: &MemArg,
        make: impl FnOnce(Slot, Slot, u32) -> Instr,
    ) -> Result<()> {
        let offset = self.memarg_offset(memarg)?;
        let addr = self.pop_slot();
        let dst = self.push_v128();
        self.emit_result(make(dst, addr, offset));
        Ok(())
    }

    /// A load into one lane: the address and the vector materialized in consecutive slots, the result written
    /// over them.
    fn load_lane(&mut self, memarg: &MemArg, make: impl FnOnce(Slot, u32) -> Instr) -> Result<()> {
        let offset = self.memarg_offset(memarg)?;
        let base = self.pop_consecutive(3);
        self.push_v128();
        self.emit(make(base, offset));
        Ok(())
    }

    /// A store of one lane: the address and the vector materialized in consecutive slots.
    fn store_lane(&mut self, memarg: &MemArg, make: impl FnOnce(Slot, u32) -> Instr) -> Result<()> {
        let offset = self.memarg_offset(memarg)?;
        let base = self.pop_consecutive(3);
        self.emit(make(base, offset));
        Ok(())
    }

    /// Pushes a `v128` temporary (two cells) and returns its first slot.
    pub(super) fn push_v128(&mut self) -> Slot {
        let low = self.stack.push_temp();
        self.stack.push_temp();
        low
    }

    /// Pops a `v128` (two entries) and returns the first of the two consecutive slots that hold it: a local's
    /// own slots, its canonical slots, or, for a constant, the canonical slots filled from the constant pool.
    pub(super) fn pop_v128(&mut self) -> Slot {
        let (high, high_slot) = self.stack.pop();
        let (low, low_slot) = self.stack.pop();
        match (low, high) {
            (Operand::Temp, Operand::Temp) => low_slot,
            (Operand::Local(a), Operand::Local(b)) if b == a + 1 => a,
            (Operand::Const(l), Operand::Const(h)) => {
                self.emit_v128_const(low_slot, u128::from(l) | (u128::from(h) << 64));
                low_slot
            }
            _ => {
                self.emit_move(low_slot, low, low_slot);
                self.emit_move(high_slot, high, high_slot);
                low_slot
            }
        }
    }

    /// Adds `value` to the constant pool (once) and returns its index.
    pub(super) fn pool_index(&mut self, value: u128) -> u32 {
        let next = self.consts.len() as u32;
        let index = *self.const_index.entry(value).or_insert(next);
        if index == next {
            self.consts.push(value);
        }
        index
    }

    /// Emits what writes the `v128` constant `value` to `dst..dst + 2`.
    pub(super) fn emit_v128_const(&mut self, dst: Slot, value: u128) {
        let index = self.pool_index(value);
        self.emit(Instr::V128Const { dst, index });
    }
}
