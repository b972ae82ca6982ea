//! Translation of memory-0 loads and stores.

use super::Translator;
use super::stack::Operand;
use crate::error::Result;
use crate::ir::{Instr, Slot};

impl Translator<'_, '_> {
    /// The offset of a memory-0 access (the only memory so far).
    pub(super) fn memarg_offset(&self, memarg: &wasmparser::MemArg) -> Result<u32> {
        if memarg.target != wasmparser::MemArgTarget::Memory(0) {
            return Err(self.unsupported("multiple memories"));
        }
        u32::try_from(memarg.offset).map_err(|_| self.unsupported("64-bit memory offsets"))
    }

    pub(super) fn load(
        &mut self,
        memarg: &wasmparser::MemArg,
        make: fn(Slot, Slot, u32) -> Instr,
    ) -> Result<()> {
        if memarg.target != wasmparser::MemArgTarget::Memory(0) {
            return Err(self.unsupported("multiple memories"));
        }
        let offset =
            u32::try_from(memarg.offset).map_err(|_| self.unsupported("64-bit memory offsets"))?;
        let addr = self.pop_slot();
        let dst = self.stack.push_temp();
        self.emit_result(make(dst, addr, offset));
        Ok(())
    }

    /// A store; `make_imm` builds its immediate form from a constant value, if that fits.
    pub(super) fn store(
        &mut self,
        memarg: &wasmparser::MemArg,
        make: fn(Slot, Slot, u32) -> Instr,
        make_imm: fn(Slot, u64, u32) -> Option<Instr>,
    ) -> Result<()> {
        if memarg.target != wasmparser::MemArgTarget::Memory(0) {
            return Err(self.unsupported("multiple memories"));
        }
        let offset =
            u32::try_from(memarg.offset).map_err(|_| self.unsupported("64-bit memory offsets"))?;
        let (value, value_slot) = self.stack.pop();
        if let Operand::Const(constant) = value {
            let (addr, addr_slot) = self.stack.pop();
            let addr = self.operand_slot(addr, addr_slot);
            if let Some(instr) = make_imm(addr, constant, offset) {
                self.emit(instr);
                return Ok(());
            }
            let value = self.operand_slot(value, value_slot);
            self.emit(make(addr, value, offset));
            return Ok(());
        }
        let value = self.operand_slot(value, value_slot);
        let addr = self.pop_slot();
        self.emit(make(addr, value, offset));
        Ok(())
    }
}
