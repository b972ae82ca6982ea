//! Translation of loads, stores and bulk memory operations. Memory 0, when it is a 32-bit memory, has the fast
//! instructions (the interpreter keeps its base and length in registers, and the offset is an immediate); any
//! other memory, and every 64-bit memory, goes through the `*Mem` instructions, whose memory index, index type
//! and 64-bit offset are one constant-pool entry ([`MemRef`]).

use super::Translator;
use super::stack::Operand;
use crate::error::Result;
use crate::ir::{Instr, MemRef, NarrowSlot, Slot};

/// How an access reaches its memory.
pub(super) enum Access {
    /// Memory 0, 32-bit: the fast instruction with this offset.
    Fast(u32),
    /// Any other case: the generic instruction with this constant-pool entry.
    Generic(u32),
}

impl Translator<'_, '_> {
    /// How the access described by `memarg` reaches its memory.
    pub(super) fn access(&mut self, memarg: &wasmparser::MemArg) -> Result<Access> {
        let memory = match memarg.target {
            wasmparser::MemArgTarget::Memory(memory) => memory,
            wasmparser::MemArgTarget::Array(_) => {
                return Err(self.unsupported("GC array access"));
            }
        };
        let memory64 = self.env.memory_is_64(memory);
        Ok(match u32::try_from(memarg.offset) {
            Ok(offset) if memory == 0 && !memory64 => Access::Fast(offset),
            _ => Access::Generic(
                self.pool_index(
                    MemRef {
                        memory,
                        memory64,
                        offset: memarg.offset,
                        other_memory: 0,
                        other_memory64: false,
                    }
                    .encode(),
                ),
            ),
        })
    }

    /// The offset of an access that has only a fast form (the SIMD loads and stores other than `v128.load` and
    /// `v128.store`; [`Self::simd_memory_generic`] lowers the others first).
    pub(super) fn memarg_offset(&mut self, memarg: &wasmparser::MemArg) -> Result<u32> {
        match self.access(memarg)? {
            Access::Fast(offset) => Ok(offset),
            Access::Generic(_) => Err(self.unsupported("a SIMD access without a fast form")),
        }
    }

    /// The partial SIMD loads and stores (extending, splatting, zero-filling, one lane) of any memory but a
    /// 32-bit memory 0: a generic scalar load or store of exactly the bytes accessed (so the bounds check is the
    /// operator's), combined with the vector operation that does the rest. Returns whether `op` was one.
    pub(super) fn simd_memory_generic(&mut self, op: &wasmparser::Operator<'_>) -> Result<bool> {
        use wasmparser::Operator as O;
        type Vector = fn(Slot, Slot) -> Instr;
        type Lane = fn(Slot, Slot, Slot, u8) -> Instr;
        type Extract = fn(Slot, Slot, u8) -> Instr;
        /// What to do after loading the bytes into the low cell(s) of the result.
        enum Then {
            /// The result is the loaded bytes with zero above (`load32_zero`, `load64_zero`).
            Zero,
            /// A vector operation of the result so made (`extend_low`, `splat`).
            Vector(Vector),
        }
        // `scalar` is the fast form of the scalar load (`dst, addr`) or store (`addr, value`) of the bytes.
        let (memarg, scalar, then, lane): (_, fn(Slot, Slot, u32) -> Instr, _, _) = match *op {
            O::V128Load8x8S { memarg } => (
                memarg,
                lm64,
                Then::Vector(|dst, src| Instr::I16x8ExtendLowI8x16S { dst, src }),
                None,
            ),
            O::V128Load8x8U { memarg } => (
                memarg,
                lm64,
                Then::Vector(|dst, src| Instr::I16x8ExtendLowI8x16U { dst, src }),
                None,
            ),
            O::V128Load16x4S { memarg } => (
                memarg,
                lm64,
                Then::Vector(|dst, src| Instr::I32x4ExtendLowI16x8S { dst, src }),
                None,
            ),
            O::V128Load16x4U { memarg } => (
                memarg,
                lm64,
                Then::Vector(|dst, src| Instr::I32x4ExtendLowI16x8U { dst, src }),
                None,
            ),
            O::V128Load32x2S { memarg } => (
                memarg,
                lm64,
                Then::Vector(|dst, src| Instr::I64x2ExtendLowI32x4S { dst, src }),
                None,
            ),
            O::V128Load32x2U { memarg } => (
                memarg,
                lm64,
                Then::Vector(|dst, src| Instr::I64x2ExtendLowI32x4U { dst, src }),
                None,
            ),
            O::V128Load8Splat { memarg } => (
                memarg,
                lm8,
                Then::Vector(|dst, src| Instr::I8x16Splat { dst, src }),
                None,
            ),
            O::V128Load16Splat { memarg } => (
                memarg,
                lm16,
                Then::Vector(|dst, src| Instr::I16x8Splat { dst, src }),
                None,
            ),
            O::V128Load32Splat { memarg } => (
                memarg,
                lm32,
                Then::Vector(|dst, src| Instr::I32x4Splat { dst, src }),
                None,
            ),
            O::V128Load64Splat { memarg } => (
                memarg,
                lm64,
                Then::Vector(|dst, src| Instr::I64x2Splat { dst, src }),
                None,
            ),
            O::V128Load32Zero { memarg } => (memarg, lm32, Then::Zero, None),
            O::V128Load64Zero { memarg } => (memarg, lm64, Then::Zero, None),
            O::V128Load8Lane { memarg, lane } => (
                memarg,
                lm8,
                Then::Zero,
                Some((lane, false, ll8 as Lane, el8 as Extract)),
            ),
            O::V128Load16Lane { memarg, lane } => {
                (memarg, lm16, Then::Zero, Some((lane, false, ll16, el16)))
            }
            O::V128Load32Lane { memarg, lane } => {
                (memarg, lm32, Then::Zero, Some((lane, false, ll32, el32)))
            }
            O::V128Load64Lane { memarg, lane } => {
                (memarg, lm64, Then::Zero, Some((lane, false, ll64, el64)))
            }
            O::V128Store8Lane { memarg, lane } => {
                (memarg, sm8, Then::Zero, Some((lane, true, ll8, el8)))
            }
            O::V128Store16Lane { memarg, lane } => {
                (memarg, sm16, Then::Zero, Some((lane, true, ll16, el16)))
            }
            O::V128Store32Lane { memarg, lane } => {
                (memarg, sm32, Then::Zero, Some((lane, true, ll32, el32)))
            }
            O::V128Store64Lane { memarg, lane } => {
                (memarg, sm64, Then::Zero, Some((lane, true, ll64, el64)))
            }
            _ => return Ok(false),
        };
        let Access::Generic(memref) = self.access(&memarg)? else {
            return Ok(false);
        };
        // `generic_form` turns the fast form into the one for this memory.
        let access = |instr: Instr| generic_form(instr, memref);
        match lane {
            None => {
                let addr = self.pop_slot();
                let dst = self.push_v128();
                self.emit(access(scalar(dst, addr, 0))?);
                match then {
                    Then::Zero => {
                        self.emit(Instr::Const64 {
                            dst: dst + 1,
                            value: 0,
                        });
                    }
                    // The operation reads only the low cell.
                    Then::Vector(vector) => {
                        self.emit_result(vector(dst, dst));
                    }
                }
            }
            Some((lane, store, replace, extract)) => {
                // The address in `base`, the vector in `base + 1..base + 3`; a scratch cell above them.
                let base = self.pop_consecutive(3);
                let height = self.stack.height();
                for _ in 0..4 {
                    self.stack.push(Operand::Temp);
                }
                self.stack.truncate(height);
                let scratch = base + 3;
                if store {
                    self.emit(extract(scratch, base + 1, lane));
                    self.emit(access(scalar(base, scratch, 0))?);
                } else {
                    self.emit(access(scalar(scratch, base, 0))?);
                    self.push_v128();
                    self.emit(replace(base, base + 1, scratch, lane));
                }
            }
        }
        Ok(true)
    }

    /// A load; `make` builds its fast form, which [`generic_form`] turns into the generic one.
    pub(super) fn load(
        &mut self,
        memarg: &wasmparser::MemArg,
        make: fn(Slot, Slot, u32) -> Instr,
    ) -> Result<()> {
        let access = self.access(memarg)?;
        let (addr, addr_slot) = self.stack.pop();
        if let Access::Fast(offset) = access
            && let Some(add) = self.address_add(addr, addr_slot)
        {
            self.forget_address_add();
            let dst = self.stack.push_temp();
            self.emit_result(fused_form(make(dst, 0, offset), add)?);
            return Ok(());
        }
        let addr = self.operand_slot(addr, addr_slot);
        let dst = self.stack.push_temp();
        let instr = match access {
            Access::Fast(offset) => make(dst, addr, offset),
            Access::Generic(memref) => generic_form(make(dst, addr, 0), memref)?,
        };
        self.emit_result(instr);
        Ok(())
    }

    /// When the address operand is the result of the `i32.add` just emitted (of two slots, the second fitting a
    /// [`NarrowSlot`], or of a slot fitting one and a constant), the addition an access can do itself; for loads,
    /// also an `i32.shl` by a constant (a table indexed from a static offset). Its result
    /// is a temporary that only the access reads, and nothing runs in between (no branch lands in between either:
    /// control operators forget the last result). [`Self::forget_address_add`] then removes it.
    fn address_add(&self, operand: Operand, slot: Slot) -> Option<AddressAdd> {
        if operand != Operand::Temp {
            return None;
        }
        match self.last_result_instr()? {
            Instr::I32Add { dst, lhs, rhs } if dst == slot => match NarrowSlot::try_from(rhs) {
                Ok(index) => Some(AddressAdd::Slots { base: lhs, index }),
                Err(_) => Some(AddressAdd::Slots {
                    base: rhs,
                    index: NarrowSlot::try_from(lhs).ok()?,
                }),
            },
            Instr::I32AddImm { dst, lhs, imm } if dst == slot => Some(AddressAdd::Imm {
                base: NarrowSlot::try_from(lhs).ok()?,
                imm,
            }),
            Instr::I32ShlImm { dst, lhs, imm } if dst == slot => Some(AddressAdd::Shifted {
                index: lhs,
                shift: (imm & 31) as u8,
            }),
            _ => None,
        }
    }

    /// Removes the addition [`Self::address_add`] found, which the access now does.
    fn forget_address_add(&mut self) {
        self.pop_instr();
        self.last_result = None;
    }

    /// A store; `make_imm` builds its immediate form from a constant value, if that fits (fast form only).
    pub(super) fn store(
        &mut self,
        memarg: &wasmparser::MemArg,
        make: fn(Slot, Slot, u32) -> Instr,
        make_imm: fn(Slot, u64, u32) -> Option<Instr>,
    ) -> Result<()> {
        let access = self.access(memarg)?;
        let (value, value_slot) = self.stack.pop();
        // Fused with the address's `i32.add` only when the value needs no instruction of its own (one would come
        // after the add, and might overwrite the add's operands in the value's temporary): a local, or a constant
        // an immediate form takes (there is none with an added constant).
        if let Access::Fast(offset) = access {
            let (addr, addr_slot) = self.stack.peek_with_slot();
            let fused = match (self.address_add(addr, addr_slot), value) {
                (Some(AddressAdd::Shifted { .. }), _) => None,
                (Some(add), Operand::Local(local)) => {
                    Some(fused_form(make(0, local, offset), add)?)
                }
                (Some(add @ AddressAdd::Slots { .. }), Operand::Const(constant)) => {
                    make_imm(0, constant, offset)
                        .map(|instr| fused_form(instr, add))
                        .transpose()?
                }
                _ => None,
            };
            if let Some(instr) = fused {
                self.forget_address_add();
                self.stack.pop();
                self.emit(instr);
                return Ok(());
            }
        }
        if let Access::Fast(offset) = access
            && let Some((instr, load_offset)) =
                self.fuse_loaded_value(make(0, 0, offset), (value, value_slot))
        {
            self.emit(instr);
            // The instruction traps first as the load did.
            if let Some(offset) = self.offsets.last_mut() {
                *offset = load_offset;
            }
            return Ok(());
        }
        if let Access::Fast(offset) = access
            && let Some(instr) = self.fuse_computed_value(make(0, 0, offset), (value, value_slot))
        {
            self.emit(instr);
            return Ok(());
        }
        if let (Operand::Const(constant), Access::Fast(offset)) = (value, &access) {
            let (addr, addr_slot) = self.stack.pop();
            let addr = self.operand_slot(addr, addr_slot);
            if let Some(instr) = make_imm(addr, constant, *offset) {
                self.emit(instr);
                return Ok(());
            }
            let value = self.operand_slot(value, value_slot);
            self.emit(make(addr, value, *offset));
            return Ok(());
        }
        let value = self.operand_slot(value, value_slot);
        let addr = self.pop_slot();
        let instr = match access {
            Access::Fast(offset) => make(addr, value, offset),
            Access::Generic(memref) => generic_form(make(addr, value, 0), memref)?,
        };
        self.emit(instr);
        Ok(())
    }

    /// Fuses `store` (its slots not yet set), whose value `value` has been popped, with the load of the same
    /// width emitted just before it when that load's result is the value, a temporary only the store takes,
    /// and the address needs no instruction of its own; pops the address. Returns the fused instruction and the
    /// load's code offset.
    fn fuse_loaded_value(&mut self, store: Instr, value: (Operand, Slot)) -> Option<(Instr, u32)> {
        let load = self.last_result_instr()?;
        let load_offset = *self.offsets.last()?;
        let past =
            u16::try_from(u32::try_from(self.offset).ok()?.checked_sub(load_offset)?).ok()?;
        let addr = super::numeric::operand_without_code(self.stack.peek_with_slot())?;
        let narrow = |slot: Slot| NarrowSlot::try_from(slot).ok();
        let fused = match (load, store) {
            (
                Instr::Load32 {
                    dst,
                    addr: from,
                    offset: load,
                },
                Instr::Store32 { offset: store, .. },
            ) if value == (Operand::Temp, dst) => Instr::Load32Store32 {
                from: narrow(from)?,
                to: narrow(addr)?,
                past,
                load,
                store,
            },
            (
                Instr::Load64 {
                    dst,
                    addr: from,
                    offset: load,
                },
                Instr::Store64 { offset: store, .. },
            ) if value == (Operand::Temp, dst) => Instr::Load64Store64 {
                from: narrow(from)?,
                to: narrow(addr)?,
                past,
                load,
                store,
            },
            _ => return None,
        };
        self.pop_instr();
        self.last_result = None;
        self.stack.pop();
        Some((fused, load_offset))
    }

    /// Fuses `store` (its slots not yet set), whose value `value` has been popped, with the f64 multiply-add or
    /// multiply-subtract emitted just before it when that computed the value into a temporary only the store
    /// takes, or with the i32 rotate-xor emitted just before it when the value is what that wrote; the address
    /// must need no instruction of its own. Pops the address. The fused instruction traps as the store, after the
    /// arithmetic.
    fn fuse_computed_value(&mut self, store: Instr, value: (Operand, Slot)) -> Option<Instr> {
        let addr = super::numeric::operand_without_code(self.stack.peek_with_slot())?;
        let narrow = |slot: Slot| NarrowSlot::try_from(slot).ok();
        // A rotate-xor keeps writing its result, so it may be a local's: the store need only follow it with no
        // branch landing in between, and take the slot it wrote.
        if let (
            Some(&Instr::I32RotlXor {
                dst,
                src,
                other,
                shift,
            }),
            Instr::Store32 { offset, .. },
        ) = (self.instrs.last(), store)
            && super::numeric::operand_without_code(value) == Some(dst)
            && !self.is_branch_target_here()
        {
            let fused = Instr::I32RotlXorStore {
                dst,
                addr: narrow(addr)?,
                src: narrow(src)?,
                other: narrow(other)?,
                shift,
                offset: u16::try_from(offset).ok()?,
            };
            self.pop_instr();
            self.last_result = None;
            self.stack.pop();
            return Some(fused);
        }
        let last = self.last_result_instr()?;
        let fused = match (last, store) {
            (
                Instr::F64AddMul {
                    dst,
                    other,
                    lhs,
                    rhs,
                },
                Instr::Store64 { offset, .. },
            ) if value == (Operand::Temp, dst) => Instr::F64AddMulStore {
                addr: narrow(addr)?,
                other,
                lhs: narrow(lhs)?,
                rhs: narrow(rhs)?,
                offset,
            },
            (
                Instr::F64SubMul {
                    dst,
                    other,
                    lhs,
                    rhs,
                },
                Instr::Store64 { offset, .. },
            ) if value == (Operand::Temp, dst) => Instr::F64SubMulStore {
                addr: narrow(addr)?,
                other,
                lhs: narrow(lhs)?,
                rhs: narrow(rhs)?,
                offset,
            },
            _ => return None,
        };
        self.pop_instr();
        self.last_result = None;
        self.stack.pop();
        Some(fused)
    }

    /// `v128.load`.
    pub(super) fn v128_load_full(&mut self, memarg: &wasmparser::MemArg) -> Result<()> {
        let access = self.access(memarg)?;
        let addr = self.pop_slot();
        let dst = self.push_v128();
        self.emit_result(match access {
            Access::Fast(offset) => Instr::V128Load { dst, addr, offset },
            Access::Generic(memref) => Instr::V128LoadMem { dst, addr, memref },
        });
        Ok(())
    }

    /// `v128.store`.
    pub(super) fn v128_store_full(&mut self, memarg: &wasmparser::MemArg) -> Result<()> {
        let access = self.access(memarg)?;
        let value = self.pop_v128();
        let addr = self.pop_slot();
        self.emit(match access {
            Access::Fast(offset) => Instr::V128Store {
                addr,
                value,
                offset,
            },
            Access::Generic(memref) => Instr::V128StoreMem {
                addr,
                value,
                memref,
            },
        });
        Ok(())
    }

    /// `memory.fill`, `memory.copy` (from `src` to `memory`) or `memory.init` (with `data`): operands in
    /// consecutive slots; the fast form for memory 0 when it (and the source) are 32-bit.
    pub(super) fn bulk_memory(&mut self, memory: u32, src: Option<u32>, data: Option<u32>) {
        let base = self.pop_consecutive(3);
        let memory64 = self.env.memory_is_64(memory);
        let src64 = src.is_some_and(|s| self.env.memory_is_64(s));
        // The length is the last operand: 64-bit when every memory involved is 64-bit (`memory.init`'s is an i32).
        let wide_length = data.is_none() && memory64 && src.is_none_or(|_| src64);
        self.charge_bulk(base + 2, wide_length);
        let fast = memory == 0 && !memory64 && src.is_none_or(|s| s == 0);
        let memref = MemRef {
            memory,
            memory64,
            offset: 0,
            other_memory: src.unwrap_or(0),
            other_memory64: src64,
        };
        let instr = match (src, data, fast) {
            (None, Some(data), true) => Instr::MemoryInit { base, data },
            (None, Some(data), false) => Instr::MemoryInitMem {
                base,
                data,
                memref: self.pool_index(memref.encode()),
            },
            (Some(_), _, true) => Instr::MemoryCopy { base },
            (Some(_), _, false) => Instr::MemoryCopyMem {
                base,
                memref: self.pool_index(memref.encode()),
            },
            (None, None, true) => Instr::MemoryFill { base },
            (None, None, false) => Instr::MemoryFillMem {
                base,
                memref: self.pool_index(memref.encode()),
            },
        };
        self.emit(instr);
    }
}

/// The generic form of a fast load or store built with offset 0.
fn generic_form(fast: Instr, memref: u32) -> Result<Instr> {
    Ok(match fast {
        Instr::Load32 { dst, addr, .. } => Instr::LoadMem32 { dst, addr, memref },
        Instr::Load64 { dst, addr, .. } => Instr::LoadMem64 { dst, addr, memref },
        Instr::Load8S { dst, addr, .. } => Instr::LoadMem8S { dst, addr, memref },
        Instr::Load8U { dst, addr, .. } => Instr::LoadMem8U { dst, addr, memref },
        Instr::Load16S { dst, addr, .. } => Instr::LoadMem16S { dst, addr, memref },
        Instr::Load16U { dst, addr, .. } => Instr::LoadMem16U { dst, addr, memref },
        Instr::Load32S { dst, addr, .. } => Instr::LoadMem32S { dst, addr, memref },
        Instr::Store8 { addr, value, .. } => Instr::StoreMem8 {
            addr,
            value,
            memref,
        },
        Instr::Store16 { addr, value, .. } => Instr::StoreMem16 {
            addr,
            value,
            memref,
        },
        Instr::Store32 { addr, value, .. } => Instr::StoreMem32 {
            addr,
            value,
            memref,
        },
        Instr::Store64 { addr, value, .. } => Instr::StoreMem64 {
            addr,
            value,
            memref,
        },
        other => {
            return Err(crate::error::Error::unsupported(format!(
                "internal translator error: {} has no generic memory form",
                other.name()
            )));
        }
    })
}

/// The addition of an address that an access does itself (see `Translator::address_add`).
#[derive(Clone, Copy)]
enum AddressAdd {
    /// `base + index`.
    Slots { base: Slot, index: NarrowSlot },
    /// `base + imm`.
    Imm { base: NarrowSlot, imm: i32 },
    /// `index << shift` (loads only).
    Shifted { index: Slot, shift: u8 },
}

/// The fused form of a fast load or store (built with any address): the same access from the address `add`
/// computes.
fn fused_form(fast: Instr, add: AddressAdd) -> Result<Instr> {
    use AddressAdd::{Imm, Shifted, Slots};
    Ok(match (fast, add) {
        (Instr::Load32 { dst, offset, .. }, Slots { base: addr, index }) => Instr::Load32Add {
            dst,
            addr,
            index,
            offset,
        },
        (Instr::Load64 { dst, offset, .. }, Slots { base: addr, index }) => Instr::Load64Add {
            dst,
            addr,
            index,
            offset,
        },
        (Instr::Load8S { dst, offset, .. }, Slots { base: addr, index }) => Instr::Load8SAdd {
            dst,
            addr,
            index,
            offset,
        },
        (Instr::Load8U { dst, offset, .. }, Slots { base: addr, index }) => Instr::Load8UAdd {
            dst,
            addr,
            index,
            offset,
        },
        (Instr::Load16S { dst, offset, .. }, Slots { base: addr, index }) => Instr::Load16SAdd {
            dst,
            addr,
            index,
            offset,
        },
        (Instr::Load16U { dst, offset, .. }, Slots { base: addr, index }) => Instr::Load16UAdd {
            dst,
            addr,
            index,
            offset,
        },
        (Instr::Load32S { dst, offset, .. }, Slots { base: addr, index }) => Instr::Load32SAdd {
            dst,
            addr,
            index,
            offset,
        },
        (Instr::Store8 { value, offset, .. }, Slots { base: addr, index }) => Instr::Store8Add {
            addr,
            index,
            value,
            offset,
        },
        (Instr::Store16 { value, offset, .. }, Slots { base: addr, index }) => Instr::Store16Add {
            addr,
            index,
            value,
            offset,
        },
        (Instr::Store32 { value, offset, .. }, Slots { base: addr, index }) => Instr::Store32Add {
            addr,
            index,
            value,
            offset,
        },
        (Instr::Store64 { value, offset, .. }, Slots { base: addr, index }) => Instr::Store64Add {
            addr,
            index,
            value,
            offset,
        },
        (Instr::Store8Imm { value, offset, .. }, Slots { base: addr, index }) => {
            Instr::Store8ImmAdd {
                addr,
                index,
                value,
                offset,
            }
        }
        (Instr::Store16Imm { value, offset, .. }, Slots { base: addr, index }) => {
            Instr::Store16ImmAdd {
                addr,
                index,
                value,
                offset,
            }
        }
        (Instr::Store32Imm { value, offset, .. }, Slots { base: addr, index }) => {
            Instr::Store32ImmAdd {
                addr,
                index,
                value,
                offset,
            }
        }
        (Instr::Store64Imm { value, offset, .. }, Slots { base: addr, index }) => {
            Instr::Store64ImmAdd {
                addr,
                index,
                value,
                offset,
            }
        }
        (Instr::Load32 { dst, offset, .. }, Imm { base: addr, imm }) => Instr::Load32AddImm {
            dst,
            addr,
            imm,
            offset,
        },
        (Instr::Load64 { dst, offset, .. }, Imm { base: addr, imm }) => Instr::Load64AddImm {
            dst,
            addr,
            imm,
            offset,
        },
        (Instr::Load8S { dst, offset, .. }, Imm { base: addr, imm }) => Instr::Load8SAddImm {
            dst,
            addr,
            imm,
            offset,
        },
        (Instr::Load8U { dst, offset, .. }, Imm { base: addr, imm }) => Instr::Load8UAddImm {
            dst,
            addr,
            imm,
            offset,
        },
        (Instr::Load16S { dst, offset, .. }, Imm { base: addr, imm }) => Instr::Load16SAddImm {
            dst,
            addr,
            imm,
            offset,
        },
        (Instr::Load16U { dst, offset, .. }, Imm { base: addr, imm }) => Instr::Load16UAddImm {
            dst,
            addr,
            imm,
            offset,
        },
        (Instr::Load32S { dst, offset, .. }, Imm { base: addr, imm }) => Instr::Load32SAddImm {
            dst,
            addr,
            imm,
            offset,
        },
        (Instr::Store8 { value, offset, .. }, Imm { base: addr, imm }) => Instr::Store8AddImm {
            addr,
            imm,
            value,
            offset,
        },
        (Instr::Store16 { value, offset, .. }, Imm { base: addr, imm }) => Instr::Store16AddImm {
            addr,
            imm,
            value,
            offset,
        },
        (Instr::Store32 { value, offset, .. }, Imm { base: addr, imm }) => Instr::Store32AddImm {
            addr,
            imm,
            value,
            offset,
        },
        (Instr::Store64 { value, offset, .. }, Imm { base: addr, imm }) => Instr::Store64AddImm {
            addr,
            imm,
            value,
            offset,
        },
        (Instr::Load32 { dst, offset, .. }, Shifted { index, shift }) => Instr::Load32Shl {
            dst,
            index,
            shift,
            offset,
        },
        (Instr::Load64 { dst, offset, .. }, Shifted { index, shift }) => Instr::Load64Shl {
            dst,
            index,
            shift,
            offset,
        },
        (Instr::Load8S { dst, offset, .. }, Shifted { index, shift }) => Instr::Load8SShl {
            dst,
            index,
            shift,
            offset,
        },
        (Instr::Load8U { dst, offset, .. }, Shifted { index, shift }) => Instr::Load8UShl {
            dst,
            index,
            shift,
            offset,
        },
        (Instr::Load16S { dst, offset, .. }, Shifted { index, shift }) => Instr::Load16SShl {
            dst,
            index,
            shift,
            offset,
        },
        (Instr::Load16U { dst, offset, .. }, Shifted { index, shift }) => Instr::Load16UShl {
            dst,
            index,
            shift,
            offset,
        },
        (Instr::Load32S { dst, offset, .. }, Shifted { index, shift }) => Instr::Load32SShl {
            dst,
            index,
            shift,
            offset,
        },
        (other, _) => {
            return Err(crate::error::Error::unsupported(format!(
                "internal translator error: {} has no fused address form",
                other.name()
            )));
        }
    })
}

// The fast-form loads and stores, lane replacements and extractions the generic SIMD lowering builds on.
fn lm8(dst: Slot, addr: Slot, offset: u32) -> Instr {
    Instr::Load8U { dst, addr, offset }
}
fn lm16(dst: Slot, addr: Slot, offset: u32) -> Instr {
    Instr::Load16U { dst, addr, offset }
}
fn lm32(dst: Slot, addr: Slot, offset: u32) -> Instr {
    Instr::Load32 { dst, addr, offset }
}
fn lm64(dst: Slot, addr: Slot, offset: u32) -> Instr {
    Instr::Load64 { dst, addr, offset }
}
fn sm8(addr: Slot, value: Slot, offset: u32) -> Instr {
    Instr::Store8 {
        addr,
        value,
        offset,
    }
}
fn sm16(addr: Slot, value: Slot, offset: u32) -> Instr {
    Instr::Store16 {
        addr,
        value,
        offset,
    }
}
fn sm32(addr: Slot, value: Slot, offset: u32) -> Instr {
    Instr::Store32 {
        addr,
        value,
        offset,
    }
}
fn sm64(addr: Slot, value: Slot, offset: u32) -> Instr {
    Instr::Store64 {
        addr,
        value,
        offset,
    }
}
fn ll8(dst: Slot, src: Slot, value: Slot, lane: u8) -> Instr {
    Instr::I8x16ReplaceLane {
        dst,
        src,
        value,
        lane,
    }
}
fn ll16(dst: Slot, src: Slot, value: Slot, lane: u8) -> Instr {
    Instr::I16x8ReplaceLane {
        dst,
        src,
        value,
        lane,
    }
}
fn ll32(dst: Slot, src: Slot, value: Slot, lane: u8) -> Instr {
    Instr::I32x4ReplaceLane {
        dst,
        src,
        value,
        lane,
    }
}
fn ll64(dst: Slot, src: Slot, value: Slot, lane: u8) -> Instr {
    Instr::I64x2ReplaceLane {
        dst,
        src,
        value,
        lane,
    }
}
fn el8(dst: Slot, src: Slot, lane: u8) -> Instr {
    Instr::I8x16ExtractLaneU { dst, src, lane }
}
fn el16(dst: Slot, src: Slot, lane: u8) -> Instr {
    Instr::I16x8ExtractLaneU { dst, src, lane }
}
fn el32(dst: Slot, src: Slot, lane: u8) -> Instr {
    Instr::I32x4ExtractLane { dst, src, lane }
}
fn el64(dst: Slot, src: Slot, lane: u8) -> Instr {
    Instr::I64x2ExtractLane { dst, src, lane }
}
