//! Translation of `local.get/set/tee` and `select`: locals map to slots (a `v128` local to two).

use super::Translator;
use super::stack::Operand;
use crate::error::{Error, Result};
use crate::ir::{Instr, NarrowSlot, Slot};

impl Translator<'_, '_> {
    /// The first slot of local `index` and how many cells it takes.
    pub(super) fn local(&self, index: u32) -> Result<(Slot, u32)> {
        let index = index as usize;
        match (self.local_slots.get(index), self.local_slots.get(index + 1)) {
            (Some(&slot), Some(&next)) => Ok((slot, next - slot)),
            _ => Err(Error::invalid("unknown local", self.offset)),
        }
    }

    /// `local.set` or `local.tee` of local `index`: a `v128` is set as its two cells, the upper one first (it is
    /// on top of the operand stack).
    pub(super) fn visit_local_set_index(&mut self, index: u32, tee: bool) -> Result<()> {
        let (slot, cells) = self.local(index)?;
        if cells == 2 && self.retarget_v128(slot) {
            // The vector was computed straight into the local.
        } else {
            for cell in (0..cells).rev() {
                self.visit_local_set(slot + cell, false);
            }
        }
        if tee {
            for cell in 0..cells {
                self.stack.push(Operand::Local(slot + cell));
            }
        }
        Ok(())
    }

    /// For `local.set` of a `v128` local at `local`: when the vector on top of the stack was just computed into
    /// its canonical slots by an instruction nothing has read, writes it to the local instead (as
    /// [`Self::visit_local_set`] does for one cell) and pops it.
    fn retarget_v128(&mut self, local: Slot) -> bool {
        let height = self.stack.height();
        if height < 2
            || self.stack.peek(0) != Some(Operand::Temp)
            || self.stack.peek(1) != Some(Operand::Temp)
            || self.stack.refers_to_local(local)
            || self.stack.refers_to_local(local + 1)
        {
            return false;
        }
        let low = self.stack.slot_at(height - 2);
        let Some(at) = self.last_result.filter(|at| at + 1 == self.instrs.len()) else {
            return false;
        };
        match self.instrs.get_mut(at).and_then(Instr::result128_slot_mut) {
            Some(dst) if *dst == low => *dst = local,
            _ => return false,
        }
        self.last_result = None;
        self.stack.truncate(height - 2);
        true
    }

    /// `select`: the first operand is materialized in its canonical slot, which becomes the result, and replaced
    /// by the second when the condition is zero (cell by cell for a `v128`).
    pub(super) fn visit_select(&mut self) {
        let cells = if self.wide_operand { 2 } else { 1 };
        let cond = self.pop_slot();
        if cells == 1
            && let Ok(cond) = NarrowSlot::try_from(cond)
        {
            // Every operand is read before the result is written, so the result may go anywhere (a local that
            // `local.set` names, too).
            let second = self.pop_slot();
            let first = self.pop_slot();
            let dst = self.stack.push_temp();
            self.emit_result(Instr::SelectFrom {
                dst,
                first,
                second,
                cond,
            });
            return;
        }
        let mut others = [0; 2];
        for cell in (0..cells).rev() {
            others[cell] = self.pop_slot();
        }
        let mut firsts = [0; 2];
        for cell in (0..cells).rev() {
            let (first, first_slot) = self.stack.pop();
            self.emit_move(first_slot, first, first_slot);
            firsts[cell] = first_slot;
        }
        for (cell, other) in others.iter().enumerate().take(cells) {
            let dst = self.stack.push_temp();
            debug_assert_eq!(dst, firsts[cell]);
            self.emit(Instr::Select {
                dst,
                other: *other,
                cond,
            });
        }
    }

    pub(super) fn visit_local_set(&mut self, local: u32, tee: bool) {
        let (operand, slot) = self.stack.pop();
        let retarget = operand == Operand::Temp
            && !self.stack.refers_to_local(local)
            && self.last_result.is_some_and(|at| {
                at + 1 == self.instrs.len()
                    && self
                        .instrs
                        .get(at)
                        .and_then(|i| i.clone().result_slot_mut().copied())
                        == Some(slot)
            });
        if retarget {
            if let Some(dst) = self.instrs.last_mut().and_then(Instr::result_slot_mut) {
                *dst = local;
            }
            self.last_result = None;
        } else {
            self.preserve_local(local);
            self.emit_move(local, operand, slot);
            self.last_result = None;
        }
        if tee {
            self.stack.push(Operand::Local(local));
        }
    }
}
