//! Translation of loads, stores and bulk memory operations. Memory 0, when it is a 32-bit memory, has the fast
//! instructions (the interpreter keeps its base and length in registers, and the offset is an immediate); any
//! other memory, and every 64-bit memory, goes through the `*Mem` instructions, whose memory index, index type
//! and 64-bit offset are one constant-pool entry ([`MemRef`]).

use super::Translator;
use super::stack::Operand;
use crate::error::Result;
use crate::ir::{Instr, MemRef, Slot};

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
    /// `v128.store`).
    pub(super) fn memarg_offset(&mut self, memarg: &wasmparser::MemArg) -> Result<u32> {
        match self.access(memarg)? {
            Access::Fast(offset) => Ok(offset),
            Access::Generic(_) => Err(self
                .unsupported("this SIMD load or store on a memory other than a 32-bit memory 0")),
        }
    }

    /// A load; `make` builds its fast form, which [`generic_form`] turns into the generic one.
    pub(super) fn load(
        &mut self,
        memarg: &wasmparser::MemArg,
        make: fn(Slot, Slot, u32) -> Instr,
    ) -> Result<()> {
        let access = self.access(memarg)?;
        let addr = self.pop_slot();
        let dst = self.stack.push_temp();
        let instr = match access {
            Access::Fast(offset) => make(dst, addr, offset),
            Access::Generic(memref) => generic_form(make(dst, addr, 0), memref)?,
        };
        self.emit_result(instr);
        Ok(())
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
