//! Translation of `local.get/set/tee` and `select`: locals map to slots (a `v128` local to two).

use super::Translator;
use super::numeric::operand_without_code;
use super::stack::{MAX_DEFERRED, Operand};
use crate::error::{Error, Result};
use crate::ir::{Instr, NarrowSlot, Slot};

/// Makes a select that compares, from its destination, its two choices and the comparison's two operands.
type CompareSelectFn = fn(Slot, NarrowSlot, NarrowSlot, NarrowSlot, NarrowSlot) -> Instr;

impl Translator<'_, '_> {
    /// The first slot of local `index` and how many cells it takes.
    #[inline]
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
        // The write scans the deferred entries for reads of the local: keep them few, so translation time stays
        // linear in the code's size whatever the stack holds.
        if self.stack.deferred_span() > MAX_DEFERRED {
            self.materialize_all();
        }
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
        if cells == 1 && self.select_with_comparison().is_some() {
            return;
        }
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

    /// When the condition of a one-cell `select` is what the i32 comparison emitted just before computed (a
    /// temporary only the `select` reads) and the two choices need no instruction of their own: pops the three
    /// operands, removes the comparison and emits the select that compares (narrow slots only). Every operand is
    /// read before the result is written, so the result may go anywhere.
    fn select_with_comparison(&mut self) -> Option<()> {
        use Instr as I;
        let mut last = self.last_result_instr()?;
        let produced = *last.result_slot_mut()?;
        let height = self.stack.height();
        let entry = |depth: u32| {
            let at = height.checked_sub(depth)?;
            Some((self.stack.get(at)?, self.stack.slot_at(at)))
        };
        if entry(1)? != (Operand::Temp, produced) {
            return None;
        }
        let narrow = |slot: Slot| NarrowSlot::try_from(slot).ok();
        let first = narrow(operand_without_code(entry(3)?)?)?;
        let second = narrow(operand_without_code(entry(2)?)?)?;
        // A constructor of the select named `$name` that compares.
        macro_rules! compare_select {
            ($name:ident) => {
                (|dst, first, second, lhs, rhs| I::$name {
                    dst,
                    first,
                    second,
                    lhs,
                    rhs,
                }) as CompareSelectFn
            };
        }
        let (eq, lt_s, lt_u) = (
            compare_select!(SelectI32Eq),
            compare_select!(SelectI32LtS),
            compare_select!(SelectI32LtU),
        );
        // `gt` is `lt` with the operands swapped; `ne`, `ge` and `le` are the negations of `eq`, `lt` and `gt`,
        // which choose the other way.
        let (make, lhs, rhs, negated) = match last {
            I::I32Eq { lhs, rhs, .. } => (eq, lhs, rhs, false),
            I::I32Ne { lhs, rhs, .. } => (eq, lhs, rhs, true),
            I::I32LtS { lhs, rhs, .. } => (lt_s, lhs, rhs, false),
            I::I32GtS { lhs, rhs, .. } => (lt_s, rhs, lhs, false),
            I::I32GeS { lhs, rhs, .. } => (lt_s, lhs, rhs, true),
            I::I32LeS { lhs, rhs, .. } => (lt_s, rhs, lhs, true),
            I::I32LtU { lhs, rhs, .. } => (lt_u, lhs, rhs, false),
            I::I32GtU { lhs, rhs, .. } => (lt_u, rhs, lhs, false),
            I::I32GeU { lhs, rhs, .. } => (lt_u, lhs, rhs, true),
            I::I32LeU { lhs, rhs, .. } => (lt_u, rhs, lhs, true),
            _ => return None,
        };
        let (lhs, rhs) = (narrow(lhs)?, narrow(rhs)?);
        let (first, second) = if negated {
            (second, first)
        } else {
            (first, second)
        };
        for _ in 0..3 {
            self.stack.pop();
        }
        self.pop_instr();
        self.last_result = None;
        let dst = self.stack.push_temp();
        self.emit_result(make(dst, first, second, lhs, rhs));
        Some(())
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
