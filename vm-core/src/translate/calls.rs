//! Translation of calls: arguments are materialized in consecutive slots, which become the callee's frame. A
//! tail call (`return_call*`) replaces the current frame with the callee's; the return after it returns the
//! results of a host function, which is called as by an ordinary call.

use super::Translator;
use crate::error::{Error, Result};
use crate::ir::{Instr, Slot};
use crate::translate::stack::Operand;

impl Translator<'_, '_> {
    /// Materializes the top `num_params` cells and pops them, returning the first slot (the callee's frame).
    pub(super) fn pop_arguments(&mut self, num_params: u32) -> Slot {
        self.materialize_top(num_params);
        let first = self.stack.height().saturating_sub(num_params);
        self.stack.truncate(first);
        self.stack.slot_at(first)
    }

    /// `call` (or, with `tail`, `return_call`) of function `func`.
    pub(super) fn visit_call(&mut self, func: u32, tail: bool) -> Result<()> {
        let ty = self.env.func_type(func)?;
        let (num_params, num_results) = (ty.param_cells(), ty.result_cells());
        let base = self.pop_arguments(num_params);
        let imported = func < self.env.num_imported_funcs;
        let local = func.wrapping_sub(self.env.num_imported_funcs);
        self.emit(match (imported, tail) {
            (true, false) => Instr::CallImported { func, base },
            (true, true) => Instr::ReturnCallImported { func, base },
            (false, false) => Instr::Call { func: local, base },
            (false, true) => Instr::ReturnCall { func: local, base },
        });
        self.after_call(base, num_results, tail);
        Ok(())
    }

    /// `call_indirect` (or, with `tail`, `return_call_indirect`).
    pub(super) fn visit_call_indirect(
        &mut self,
        type_index: u32,
        table: u32,
        tail: bool,
    ) -> Result<()> {
        let (num_params, num_results, sig) = self.signature(type_index)?;
        let table = u16::try_from(table).map_err(|_| self.unsupported("table index too large"))?;
        let index = self.pop_table_index(u32::from(table));
        let base = self.pop_arguments(num_params);
        self.emit(if tail {
            Instr::ReturnCallIndirect {
                index,
                base,
                sig,
                table,
            }
        } else {
            Instr::CallIndirect {
                index,
                base,
                sig,
                table,
            }
        });
        self.after_call(base, num_results, tail);
        Ok(())
    }

    /// The parameter and result cells of type `type_index` and the engine's number of it (what an indirect
    /// call checks the callee against).
    fn signature(&self, type_index: u32) -> Result<(u32, u32, u32)> {
        let ty = self.env.type_at(type_index)?;
        let sig = self
            .env
            .sigs
            .get(type_index as usize)
            .ok_or_else(|| Error::invalid("unknown type", self.offset))?;
        Ok((ty.param_cells(), ty.result_cells(), sig.0))
    }

    /// `call_ref` / `return_call_ref` of a function of type `type_index`, the reference on top of the arguments.
    pub(super) fn visit_call_ref(&mut self, type_index: u32, tail: bool) -> Result<()> {
        let (num_params, num_results, sig) = self.signature(type_index)?;
        let func_ref = self.pop_slot();
        let base = self.pop_arguments(num_params);
        self.emit(if tail {
            Instr::ReturnCallRef {
                func_ref,
                base,
                sig,
            }
        } else {
            Instr::CallRef {
                func_ref,
                base,
                sig,
            }
        });
        self.after_call(base, num_results, tail);
        Ok(())
    }

    /// Pops a table index operand; for a 64-bit table, first narrowed (saturating) into the operand's canonical
    /// slot, so the table instructions take 32-bit indices (no table has 2^32 - 1 elements, so a saturated index
    /// is out of bounds exactly when the original is).
    pub(super) fn pop_table_index(&mut self, table: u32) -> Slot {
        let index = self.pop_slot();
        if !self.env.table_is_64(table) {
            return index;
        }
        let canonical = self.stack.slot_at(self.stack.height());
        self.emit(Instr::NarrowIndex {
            dst: canonical,
            src: index,
        });
        canonical
    }

    /// Narrows (as [`Self::pop_table_index`]) the operands at `base + offset` whose flag is set.
    pub(super) fn indices_in_place(&mut self, base: Slot, operands: &[(u32, bool)]) {
        for &(offset, wide) in operands {
            if wide {
                let slot = base + offset;
                self.emit(Instr::NarrowIndex {
                    dst: slot,
                    src: slot,
                });
            }
        }
    }

    /// After a call: its results are the new top of the stack; after a tail call, the return of the results a
    /// host callee leaves at `base` (a wasm callee never comes back here).
    fn after_call(&mut self, base: Slot, num_results: u32, tail: bool) {
        // A host callee's results land at `base..`: the frame must hold them, tail call or not.
        for _ in 0..num_results {
            self.stack.push(Operand::Temp);
        }
        if !tail {
            return;
        }
        let height = self.stack.height() - num_results;
        self.stack.truncate(height);
        self.emit(match num_results {
            0 => Instr::Return {},
            1 => Instr::ReturnSlot { src: base },
            count => Instr::ReturnSpan { src: base, count },
        });
        self.reachable = false;
    }
}
