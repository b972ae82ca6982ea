//! Control flow: the frames of the function being translated (where branches go and which values they carry)
//! and the lowering of blocks, loops, `if`/`else`, branches and returns to jumps with precomputed offsets.

use wasmparser::BlockType;

use super::Translator;
use super::cond::{Cond, Loaded};
use super::stack::Operand;
use crate::error::{Error, Result};
use crate::ir::{Instr, NarrowSlot, Slot};

/// What kind of structured instruction opened a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// The function body itself (branching to it returns).
    Function,
    /// `block`.
    Block,
    /// `loop`: branches go back to its start and carry its params.
    Loop,
    /// `if` before its `else`; `else_branch` is the conditional jump to patch with the else (or end) position.
    If { else_branch: Option<usize> },
    /// The `else` half of an `if`.
    Else,
    /// `try_table`: a block whose body is the region `region` of the function's `catches` (none in unreachable
    /// code).
    TryTable { region: Option<usize> },
}

/// One open structured-control frame.
#[derive(Debug)]
pub(crate) struct ControlFrame {
    pub(crate) kind: FrameKind,
    /// Operand stack height below the frame's params.
    pub(crate) height: u32,
    pub(crate) num_params: u32,
    pub(crate) num_results: u32,
    /// For loops, the position of the loop's first instruction.
    pub(crate) loop_start: usize,
    /// Forward branches (instruction positions) to patch with the frame's end position.
    pub(crate) pending: Vec<usize>,
    /// Whether the code right after the structured instruction was reachable.
    pub(crate) reachable_at_entry: bool,
}

impl ControlFrame {
    /// How many values a branch to this frame carries.
    pub(crate) fn branch_arity(&self) -> u32 {
        match self.kind {
            FrameKind::Loop => self.num_params,
            _ => self.num_results,
        }
    }
}

/// Returns a closed frame's list of forward branches, emptied, to `spare` for the next frame.
pub(crate) fn recycle(spare: &mut Vec<Vec<usize>>, mut pending: Vec<usize>) {
    pending.clear();
    spare.push(pending);
}

impl Translator<'_, '_> {
    pub(super) fn frame(&self, depth: u32) -> Result<&ControlFrame> {
        let len = self.control.len();
        len.checked_sub(depth as usize + 1)
            .and_then(|i| self.control.get(i))
            .ok_or_else(|| Error::invalid("unknown label", self.offset))
    }

    pub(super) fn frame_mut(&mut self, depth: u32) -> Result<&mut ControlFrame> {
        let len = self.control.len();
        let offset = self.offset;
        len.checked_sub(depth as usize + 1)
            .and_then(|i| self.control.get_mut(i))
            .ok_or_else(|| Error::invalid("unknown label", offset))
    }

    /// Collects the copies that move a branch's values into the slots of the frame at `depth`, as
    /// `(destination, operand, operand's canonical slot)`.
    pub(super) fn collect_branch_copies(&mut self, depth: u32) -> Result<()> {
        let frame = self.frame(depth)?;
        let arity = frame.branch_arity();
        let base = self.stack.slot_at(frame.height);
        let first = self.stack.height().saturating_sub(arity);
        self.copies.clear();
        for (i, (height, operand)) in self.stack.entries_from(first).enumerate() {
            let dst = base + i as u32;
            let src_slot = self.stack.slot_at(height);
            let needed = match operand {
                Operand::Temp => src_slot != dst,
                Operand::Local(local) => local != dst,
                Operand::Const(_) => true,
            };
            if needed {
                self.copies.push((dst, operand, src_slot));
            }
        }
        Ok(())
    }

    /// Emits the copies collected by [`Self::collect_branch_copies`], in ascending order of destination: each
    /// destination is at or below its source, so no copy overwrites a value a later one still reads.
    pub(super) fn emit_collected_copies(&mut self) {
        let copies = std::mem::take(self.copies);
        for (dst, operand, src_slot) in &copies {
            self.emit_move(*dst, *operand, *src_slot);
        }
        *self.copies = copies;
    }

    /// Emits an unconditional jump to the frame at `depth` (values already in place) and registers it.
    pub(super) fn emit_jump_to(&mut self, depth: u32) -> Result<()> {
        let at = self.emit(Instr::Br { offset: 0 });
        self.register_branch(at, depth)
    }

    /// Points the branch at `at` to the frame at `depth`: now for loops, at the frame's end otherwise.
    pub(super) fn register_branch(&mut self, at: usize, depth: u32) -> Result<()> {
        let frame = self.frame(depth)?;
        if frame.kind == FrameKind::Loop {
            let start = frame.loop_start;
            self.patch(at, start)
        } else {
            self.frame_mut(depth)?.pending.push(at);
            Ok(())
        }
    }

    pub(super) fn is_function_frame(&self, depth: u32) -> bool {
        depth as usize + 1 == self.control.len()
    }

    /// Emits the return of the function's results from the top of the stack, without changing the stack model
    /// (so it can sit on one path of a conditional branch).
    pub(super) fn emit_return(&mut self) -> Result<()> {
        let arity = self.frame(self.control.len() as u32 - 1)?.num_results;
        match arity {
            0 => {
                self.emit(Instr::Return {});
            }
            1 => {
                let (operand, height) = match self.stack.peek(0) {
                    Some(op) => (op, self.stack.height() - 1),
                    None => (Operand::Temp, 0),
                };
                let slot = self.stack.slot_at(height);
                let src = match operand {
                    Operand::Temp => slot,
                    Operand::Local(local) => local,
                    Operand::Const(value) => {
                        self.emit_const(slot, value);
                        slot
                    }
                };
                self.emit(Instr::ReturnSlot { src });
            }
            n => {
                let first = self.stack.height().saturating_sub(n);
                let pending: Vec<(u32, Operand)> = self.stack.entries_from(first).collect();
                for (height, operand) in pending {
                    let slot = self.stack.slot_at(height);
                    self.emit_move(slot, operand, slot);
                }
                let src = self.stack.slot_at(first);
                self.emit(Instr::ReturnSpan { src, count: n });
            }
        }
        Ok(())
    }

    /// Pops an i32 condition, fusing it with the comparison that computed it when possible; then with the `and`
    /// with a constant whose result a test against zero reads, or with the load whose result the condition reads.
    pub(super) fn pop_condition(&mut self) -> Cond {
        let (operand, slot) = self.stack.pop();
        if operand == Operand::Temp
            && let Some((dst, cond)) = self
                .last_result_instr()
                .and_then(|last| Cond::from_compare(&last))
            && dst == slot
        {
            self.pop_instr();
            self.last_result = None;
            let cond = self.fuse_masked_operand(cond);
            return self.fuse_loaded_operand(cond);
        }
        let cond = Cond::Nez(self.operand_slot(operand, slot));
        if operand == Operand::Temp {
            let cond = self.fuse_masked_operand(cond);
            return self.fuse_loaded_operand(cond);
        }
        cond
    }

    /// A test against zero of the result of the `i32.and` or `i64.and` with a constant just before it (a dead
    /// temporary: the test consumed it) becomes a test of the masked bits, the `and` removed. Not when a branch
    /// can land on the test (then the `and` is not always right before it).
    fn fuse_masked_operand(&mut self, cond: Cond) -> Cond {
        let Some(and) = self.instrs.last() else {
            return cond;
        };
        let Some(fused) = cond.of_masked(and) else {
            return cond;
        };
        if !and
            .clone()
            .result_slot_mut()
            .is_some_and(|dst| self.is_fusable_result(*dst))
        {
            return cond;
        }
        self.pop_instr();
        fused
    }

    /// A condition on the result of the `i32.load` (or, for a test against zero, `i32.load8_u`) just before it
    /// (a dead temporary: the condition consumed it) becomes a condition on memory, the load removed. Not when
    /// a branch can land on the condition (then the load is not always right before it). The branch made of it
    /// gets the load's code offset (see `emit`), so a trap of the fused access names the load.
    fn fuse_loaded_operand(&mut self, cond: Cond) -> Cond {
        let (loaded, addr, disp, width) = match self.instrs.last() {
            Some(&Instr::Load32 { dst, addr, offset }) => (dst, addr, offset, Loaded::Word),
            Some(&Instr::Load8U { dst, addr, offset }) => (dst, addr, offset, Loaded::Byte),
            _ => return cond,
        };
        if !self.is_fusable_result(loaded) {
            return cond;
        }
        let narrow = NarrowSlot::try_from(addr)
            .ok()
            .filter(|_| width == Loaded::Word);
        let fused = match (cond, narrow) {
            (Cond::Nez(tested), _) if tested == loaded => Some(Cond::MemNez(width, addr, disp)),
            (Cond::Eqz(tested), _) if tested == loaded => Some(Cond::MemEqz(width, addr, disp)),
            (Cond::Cmp(cmp, lhs, rhs), Some(addr)) if lhs == loaded && rhs != loaded => {
                Some(Cond::CmpMem(cmp, addr, rhs, disp))
            }
            (Cond::Cmp(cmp, lhs, rhs), Some(addr)) if rhs == loaded && lhs != loaded => {
                Some(Cond::CmpMem(cmp.swap(), addr, lhs, disp))
            }
            _ => None,
        };
        let Some(fused) = fused else {
            return cond;
        };
        self.fused_load_offset = self.offsets.last().copied();
        self.pop_instr();
        fused
    }

    /// Whether the instruction just emitted, whose result is `dst`, may be fused into the one about to be emitted:
    /// `dst` is a temporary that one consumed (it is above the stack), and no branch lands between the two.
    fn is_fusable_result(&self, dst: Slot) -> bool {
        dst >= self.stack.slot_at(self.stack.height()) && !self.is_branch_target_here()
    }

    /// Whether a branch may land at the next instruction (so the one before it cannot be fused into it).
    pub(super) fn is_branch_target_here(&self) -> bool {
        let here = self.pc();
        self.last_target >= here
            || self
                .control
                .iter()
                .any(|frame| frame.kind == FrameKind::Loop && frame.loop_start == here)
    }

    /// The address and offset of an `i32.load8_u` just emitted whose result is `index`, a temporary only the
    /// `br_table` about to be emitted reads; the load is removed, to be fused into the table jump.
    fn fuse_table_index_load(&mut self, index: Slot) -> Option<(Slot, u32)> {
        let Some(&Instr::Load8U { dst, addr, offset }) = self.instrs.last() else {
            return None;
        };
        if dst != index || !self.is_fusable_result(dst) {
            return None;
        }
        self.fused_load_offset = self.offsets.last().copied();
        self.pop_instr();
        Some((addr, offset))
    }

    /// The operand and constant of an `i32.add` of a constant just emitted whose result is `index`, a temporary only
    /// the `br_table` about to be emitted reads; the add is removed, to be fused into the table jump.
    fn fuse_table_index_add(&mut self, index: Slot) -> Option<(Slot, i32)> {
        let Some(&Instr::I32AddImm { dst, lhs, imm }) = self.instrs.last() else {
            return None;
        };
        if dst != index || !self.is_fusable_result(dst) {
            return None;
        }
        self.pop_instr();
        Some((lhs, imm))
    }

    /// Emits a branch taken when `cond` holds, moving values to the frame at `depth` first.
    pub(super) fn emit_conditional_branch(&mut self, cond: Cond, depth: u32) -> Result<()> {
        if self.is_function_frame(depth) {
            let skip = self.emit(cond.negate().branch(0));
            self.emit_return()?;
            let end = self.pc();
            return self.patch(skip, end);
        }
        self.collect_branch_copies(depth)?;
        if self.copies.is_empty() {
            let at = self.emit(cond.branch(0));
            self.register_branch(at, depth)
        } else {
            let skip = self.emit(cond.negate().branch(0));
            self.emit_collected_copies();
            self.emit_jump_to(depth)?;
            let end = self.pc();
            self.patch(skip, end)
        }
    }

    pub(super) fn enter_frame(&mut self, kind: FrameKind, ty: BlockType) -> Result<()> {
        let (num_params, num_results) = self.env.block_arity(ty)?;
        // In unreachable code the operand stack is polymorphic: a block's parameters may be "popped" from values
        // that were never pushed, but its values still start above the enclosing block's (validation guarantees
        // this in reachable code, where the floor changes nothing).
        let floor = self.control.last().map_or(0, |frame| frame.height);
        let height = self.stack.height().saturating_sub(num_params).max(floor);
        let reachable = self.reachable;
        self.control.push(ControlFrame {
            kind,
            height,
            num_params,
            num_results,
            loop_start: self.pc(),
            pending: self.spare_pending.pop().unwrap_or_default(),
            reachable_at_entry: reachable,
        });
        Ok(())
    }

    pub(super) fn visit_block(&mut self, ty: BlockType) -> Result<()> {
        if self.reachable {
            self.materialize_all();
        }
        self.enter_frame(FrameKind::Block, ty)
    }

    pub(super) fn visit_loop(&mut self, ty: BlockType) -> Result<()> {
        if self.reachable {
            self.materialize_all();
        }
        self.discard_empty_fuel_block();
        if self.reachable
            && self.instrs.last() == Some(&Instr::CheckInterrupt {})
            && self.last_target < self.pc()
        {
            // The loop header checks anyway (branches to the dropped check land on it).
            self.pop_instr();
        }
        self.last_result = None;
        self.enter_frame(FrameKind::Loop, ty)?;
        if self.env.interrupts && self.reachable {
            self.emit(Instr::CheckInterrupt {});
        }
        self.start_fuel_block();
        Ok(())
    }

    pub(super) fn visit_if(&mut self, ty: BlockType) -> Result<()> {
        if !self.reachable {
            return self.enter_frame(FrameKind::If { else_branch: None }, ty);
        }
        let cond = self.pop_condition();
        self.materialize_all();
        let at = self.emit(cond.negate().branch(0));
        self.enter_frame(
            FrameKind::If {
                else_branch: Some(at),
            },
            ty,
        )?;
        self.start_fuel_block();
        Ok(())
    }

    pub(super) fn visit_else(&mut self) -> Result<()> {
        let depth = 0;
        let (height, num_params, num_results, reachable_at_entry, else_branch) = {
            let frame = self.frame(depth)?;
            let else_branch = match frame.kind {
                FrameKind::If { else_branch } => else_branch,
                _ => return Err(Error::invalid("else without if", self.offset)),
            };
            (
                frame.height,
                frame.num_params,
                frame.num_results,
                frame.reachable_at_entry,
                else_branch,
            )
        };
        if self.reachable {
            self.materialize_top(num_results);
            self.emit_jump_to(depth)?;
        }
        if let Some(at) = else_branch {
            let here = self.pc();
            self.patch(at, here)?;
        }
        self.last_result = None;
        self.frame_mut(depth)?.kind = FrameKind::Else;
        self.stack.truncate(height);
        for _ in 0..num_params {
            self.stack.push(Operand::Temp);
        }
        self.reachable = reachable_at_entry;
        self.start_fuel_block();
        Ok(())
    }

    pub(super) fn visit_end(&mut self) -> Result<()> {
        let Some(frame) = self.control.last() else {
            return Err(Error::invalid("unexpected end", self.offset));
        };
        if frame.kind == FrameKind::Function {
            if self.reachable {
                self.discard_empty_fuel_block();
                self.emit_return()?;
            }
            if let Some(frame) = self.control.pop() {
                recycle(self.spare_pending, frame.pending);
            }
            self.reachable = false;
            return Ok(());
        }
        let num_results = frame.num_results;
        if self.reachable {
            self.materialize_top(num_results);
        }
        let Some(frame) = self.control.pop() else {
            return Err(Error::invalid("unexpected end", self.offset));
        };
        let end = self.pc();
        if let FrameKind::TryTable { region } = frame.kind {
            self.end_try_table(region, end);
        }
        for at in &frame.pending {
            self.patch(*at, end)?;
        }
        let mut reachable = self.reachable || !frame.pending.is_empty();
        recycle(self.spare_pending, frame.pending);
        if let FrameKind::If { else_branch } = frame.kind {
            if let Some(at) = else_branch {
                self.patch(at, end)?;
            }
            reachable |= frame.reachable_at_entry;
        }
        if frame.kind == FrameKind::Loop {
            reachable = self.reachable;
        }
        self.last_result = None;
        self.stack.truncate(frame.height);
        for _ in 0..num_results {
            self.stack.push(Operand::Temp);
        }
        self.reachable = reachable;
        // After a loop too: what follows it runs once, not with every iteration.
        self.start_fuel_block();
        Ok(())
    }

    pub(super) fn visit_br(&mut self, depth: u32) -> Result<()> {
        if self.is_function_frame(depth) {
            self.emit_return()?;
        } else {
            self.collect_branch_copies(depth)?;
            self.emit_collected_copies();
            self.emit_jump_to(depth)?;
        }
        self.reachable = false;
        Ok(())
    }

    pub(super) fn visit_br_if(&mut self, depth: u32) -> Result<()> {
        let cond = self.pop_condition();
        // The fall-through stays in the current fuel block: a loop's exit test does not split its body.
        self.emit_conditional_branch(cond, depth)
    }

    /// `br_on_null`: branches (dropping the reference) when the reference on top is null, else leaves it.
    pub(super) fn visit_br_on_null(&mut self, depth: u32) -> Result<()> {
        let (operand, slot) = self.stack.pop();
        let cond = Cond::I64Eqz(self.operand_slot(operand, slot));
        self.emit_conditional_branch(cond, depth)?;
        self.stack.push(operand);
        Ok(())
    }

    /// `br_on_non_null`: branches with the reference on top (a label value) when it is not null, else drops it.
    pub(super) fn visit_br_on_non_null(&mut self, depth: u32) -> Result<()> {
        let (operand, slot) = self.stack.peek_with_slot();
        let cond = Cond::I64Nez(self.operand_slot(operand, slot));
        self.emit_conditional_branch(cond, depth)?;
        self.stack.pop();
        Ok(())
    }

    /// `ref.as_non_null`: traps if the reference on top is null; it stays on the stack.
    pub(super) fn visit_ref_as_non_null(&mut self) {
        let (operand, slot) = self.stack.peek_with_slot();
        let src = self.operand_slot(operand, slot);
        self.emit(Instr::RefAsNonNull { src });
    }

    pub(super) fn visit_br_table(&mut self, table: &wasmparser::BrTable<'_>) -> Result<()> {
        let index = self.pop_slot();
        let mut depths = Vec::with_capacity(table.len() as usize + 1);
        for target in table.targets() {
            depths.push(target?);
        }
        depths.push(table.default());
        let targets = table.len();
        let jump = if let Some((addr, offset)) = self.fuse_table_index_load(index) {
            Instr::BrTableLoad8U {
                addr,
                offset,
                targets,
            }
        } else if let Some((index, imm)) = self.fuse_table_index_add(index) {
            Instr::BrTableAdd {
                index,
                imm,
                targets,
            }
        } else {
            self.table_jumps.push(self.pc());
            Instr::BrTable { index, targets }
        };
        self.emit(jump);
        let table_start = self.pc();
        for _ in &depths {
            self.emit(Instr::Br { offset: 0 });
        }
        // Entries whose values are already in place jump straight to their target; the others go through a
        // trampoline after the table that moves the values first.
        for (i, depth) in depths.iter().enumerate() {
            let entry = table_start + i;
            if self.is_function_frame(*depth) {
                let here = self.pc();
                self.patch(entry, here)?;
                self.emit_return()?;
                continue;
            }
            self.collect_branch_copies(*depth)?;
            if self.copies.is_empty() {
                self.register_branch(entry, *depth)?;
            } else {
                let here = self.pc();
                self.patch(entry, here)?;
                self.emit_collected_copies();
                self.emit_jump_to(*depth)?;
            }
        }
        self.reachable = false;
        Ok(())
    }
}
