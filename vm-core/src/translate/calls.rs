//! Translation of calls: arguments are materialized in consecutive slots, which become the callee's frame.

use super::Translator;
use crate::error::{Error, Result};
use crate::ir::Instr;
use crate::translate::stack::Operand;

impl Translator<'_, '_> {
    pub(super) fn visit_call(&mut self, func: u32) -> Result<()> {
        let ty = self.env.func_type(func)?;
        let (num_params, num_results) = (ty.param_cells(), ty.result_cells());
        self.materialize_top(num_params);
        let base = self
            .stack
            .slot_at(self.stack.height().saturating_sub(num_params));
        self.stack
            .truncate(self.stack.height().saturating_sub(num_params));
        if func < self.env.num_imported_funcs {
            self.emit(Instr::CallImported { func, base });
        } else {
            self.emit(Instr::Call {
                func: func - self.env.num_imported_funcs,
                base,
            });
        }
        for _ in 0..num_results {
            self.stack.push(Operand::Temp);
        }
        Ok(())
    }

    pub(super) fn visit_call_indirect(&mut self, type_index: u32, table: u32) -> Result<()> {
        let ty = self.env.type_at(type_index)?;
        let (num_params, num_results) = (ty.param_cells(), ty.result_cells());
        let sig = self
            .env
            .sigs
            .get(type_index as usize)
            .copied()
            .ok_or_else(|| Error::invalid("unknown type", self.offset))?;
        let table = u16::try_from(table).map_err(|_| self.unsupported("table index too large"))?;
        let index = self.pop_slot();
        self.materialize_top(num_params);
        let base = self
            .stack
            .slot_at(self.stack.height().saturating_sub(num_params));
        self.stack
            .truncate(self.stack.height().saturating_sub(num_params));
        self.emit(Instr::CallIndirect {
            index,
            base,
            sig: sig.0,
            table,
        });
        for _ in 0..num_results {
            self.stack.push(Operand::Temp);
        }
        Ok(())
    }
}
