//! Validation and translation of one function body into capvm's IR, in a single pass.
//!
//! Each operator is first checked by wasmparser's `FuncValidator`, then translated, so nothing is translated
//! that did not validate. Structured control flow becomes forward/backward jumps with precomputed offsets, and
//! the operand stack becomes fixed frame slots (see [`crate::ir`]).

mod calls;
mod cond;
mod control;
mod duplicate;
mod exceptions;
mod locals;
mod memory;
mod numeric;
mod peephole;
mod relocate;
mod simd;
#[cfg(test)]
mod snapshots;
mod stack;
mod step;
mod table;
mod visit;

use std::borrow::Cow;

use wasmparser::{BlockType, FuncValidator, FunctionBody, Operator, ValidatorResources};

use self::cond::Cmp;
use self::control::{ControlFrame, FrameKind};
use self::numeric::{BinaryFn, Imm, ImmFn, UnaryFn};
use self::stack::{Operand, OperandStack};
use crate::error::{Error, Result};
use crate::ir::{BranchOffset, FuncBody, Instr, Slot, TryRegion};
use crate::types::FuncTypeId;
use crate::types::{FuncType, GlobalType, MemoryType, TableType, ValType};

/// What the translator needs to know about the module.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ModuleEnv<'a> {
    /// The module's type section.
    pub(crate) types: &'a [FuncType],
    /// The engine-wide signature of each type.
    pub(crate) sigs: &'a [FuncTypeId],
    /// The type index of every function, imports first.
    pub(crate) funcs: &'a [u32],
    /// The type of every global, imports first.
    pub(crate) globals: &'a [GlobalType],
    /// The type of every memory, imports first.
    pub(crate) memories: &'a [MemoryType],
    /// The type of every table, imports first.
    pub(crate) tables: &'a [TableType],
    /// The type index of every tag, imports first.
    pub(crate) tags: &'a [u32],
    /// How many functions are imported.
    pub(crate) num_imported_funcs: u32,
    /// Whether to emit fuel charges (see `crate::metering`).
    pub(crate) fuel: bool,
    /// Whether to emit interrupt checks at function entries and loop headers.
    pub(crate) interrupts: bool,
}

impl ModuleEnv<'_> {
    fn func_type(&self, func: u32) -> Result<&FuncType> {
        self.funcs
            .get(func as usize)
            .and_then(|ty| self.types.get(*ty as usize))
            .ok_or_else(|| Error::invalid(format!("unknown function {func}"), 0))
    }

    fn type_at(&self, index: u32) -> Result<&FuncType> {
        self.types
            .get(index as usize)
            .ok_or_else(|| Error::invalid(format!("unknown type {index}"), 0))
    }

    /// A block's parameters and results, counted in cells.
    fn block_arity(&self, ty: BlockType) -> Result<(u32, u32)> {
        Ok(match ty {
            BlockType::Empty => (0, 0),
            BlockType::Type(ty) => (
                0,
                if ty == wasmparser::ValType::V128 {
                    2
                } else {
                    1
                },
            ),
            BlockType::FuncType(index) => {
                let ty = self.type_at(index)?;
                (ty.param_cells(), ty.result_cells())
            }
        })
    }

    /// Whether memory `index` is a 64-bit memory.
    fn memory_is_64(&self, index: u32) -> bool {
        self.memories
            .get(index as usize)
            .is_some_and(MemoryType::is_64)
    }

    /// Whether table `index` is indexed with 64-bit integers.
    fn table_is_64(&self, index: u32) -> bool {
        self.tables
            .get(index as usize)
            .is_some_and(TableType::is_64)
    }

    /// Whether global `index` holds a `v128`.
    fn global_is_v128(&self, index: u32) -> bool {
        self.globals
            .get(index as usize)
            .is_some_and(|g| g.content() == ValType::V128)
    }
}

/// Buffers reused from one function to the next.
#[derive(Default)]
pub(crate) struct TranslatorScratch {
    stack: OperandStack,
    control: Vec<ControlFrame>,
    copies: Vec<(Slot, Operand, Slot)>,
    /// The first slot of every local (by local index), and one past the last local's cells at the end.
    local_slots: Vec<Slot>,
    /// Emptied lists of forward branches, for the next frames (see [`ControlFrame::pending`]).
    spare_pending: Vec<Vec<usize>>,
    /// The instructions and their code offsets, lent to the function's [`FuncBody`].
    instrs: Vec<Instr>,
    offsets: Vec<u32>,
    /// The positions of the plain table jumps, for table folding.
    table_jumps: Vec<usize>,
    /// The buffers of the passes after translation.
    duplicate: duplicate::DuplicateScratch,
    step: step::StepScratch,
    table: table::TableScratch,
}

/// Validates and translates the body of function `func_index`.
pub(crate) fn translate_function<'s>(
    env: ModuleEnv<'_>,
    func_index: u32,
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<&ValidatorResources>,
    scratch: &'s mut TranslatorScratch,
) -> Result<FuncBody<'s>> {
    let ty = env.func_type(func_index)?;
    let num_params = ty.param_cells();
    let num_results = ty.result_cells();

    let TranslatorScratch {
        stack,
        control,
        copies,
        local_slots,
        spare_pending,
        instrs,
        offsets,
        table_jumps,
        duplicate: duplicate_scratch,
        step: step_scratch,
        table: table_scratch,
    } = scratch;
    local_slots.clear();
    let mut next_slot: u32 = 0;
    for param in ty.params() {
        local_slots.push(next_slot);
        next_slot += param.cells();
    }
    let mut locals_reader = body.get_locals_reader()?;
    for _ in 0..locals_reader.get_count() {
        let offset = locals_reader.original_position();
        let (count, ty) = locals_reader.read()?;
        // Validation bounds the number of locals (50 000), so the slots below fit.
        validator.define_locals(offset, count, ty)?;
        let cells = if ty == wasmparser::ValType::V128 {
            2
        } else {
            1
        };
        for _ in 0..count {
            local_slots.push(next_slot);
            next_slot = next_slot
                .checked_add(cells)
                .ok_or_else(|| Error::invalid("too many locals", offset as usize))?;
        }
    }
    local_slots.push(next_slot);
    let total_locals = next_slot;
    let num_locals = total_locals - num_params;
    stack.reset(total_locals);
    for frame in control.drain(..) {
        control::recycle(spare_pending, frame.pending);
    }
    control.push(ControlFrame {
        kind: FrameKind::Function,
        height: 0,
        num_params: 0,
        num_results,
        loop_start: 0,
        pending: spare_pending.pop().unwrap_or_default(),
        reachable_at_entry: true,
    });
    // About one instruction per two bytes of code: sized once instead of grown by doubling (up to a bound, so
    // a large body of operators that emit nothing reserves little).
    let estimate = usize::try_from((body.range().end - body.range().start) / 2)
        .unwrap_or(0)
        .min(1 << 16);
    instrs.clear();
    instrs.reserve(estimate);
    offsets.clear();
    offsets.reserve(estimate);
    table_jumps.clear();
    let mut translator = Translator {
        env,
        instrs,
        offsets,
        stack,
        control,
        copies,
        local_slots,
        spare_pending,
        table_jumps,
        consts: Vec::new(),
        const_index: std::collections::HashMap::new(),
        wide_operand: false,
        reachable: true,
        last_result: None,
        offset: 0,
        fused_load_offset: None,
        fuel_block: None,
        last_target: 0,
        catches: Vec::new(),
    };
    if env.interrupts {
        translator.emit(Instr::CheckInterrupt {});
    }
    translator.start_fuel_block();

    // The validator's control frames are the reader's frame stack (as in `FuncValidator::validate`): the
    // reader checks `else` and the end of the body against them, without a second stack of its own.
    let mut reader = locals_reader.get_binary_reader();
    let mut visitor = visit::ValidateAndTranslate {
        validator,
        translator: &mut translator,
        offset: 0,
    };
    while !reader.eof() {
        visitor.offset = reader.original_position() as usize;
        reader.visit_operator(&mut visitor)??;
    }
    reader.finish_expression(&visitor)?;
    peephole::optimize_jumps(translator.instrs, translator.offsets);
    // Tail duplication and step fusion move code, which would move it into or out of a `try_table`'s region:
    // not done where there are regions (functions that catch are rare, and their hot paths are the calls they
    // make).
    if translator.catches.is_empty() {
        if !translator.table_jumps.is_empty() {
            table::fold_tests_into_tables(
                translator.instrs,
                translator.offsets,
                translator.table_jumps,
                table_scratch,
            );
        }
        duplicate::duplicate_short_tails(translator.instrs, translator.offsets, duplicate_scratch);
        step::fuse_counter_steps(translator.instrs, translator.offsets, step_scratch);
    }
    check_control_stays_inside(translator.instrs).map_err(|what| {
        Error::unsupported(format!(
            "internal translator error in function {func_index}: {what}"
        ))
    })?;

    let max_height = translator.stack.max_height();
    let frame_size = total_locals
        .checked_add(max_height)
        .and_then(|n| n.checked_add(1))
        .ok_or_else(|| Error::invalid("function frame too large", body.range().start as usize))?;
    let consts = core::mem::take(&mut translator.consts).into_boxed_slice();
    let catches = core::mem::take(&mut translator.catches).into_boxed_slice();
    Ok(FuncBody {
        instrs: Cow::Borrowed(translator.instrs),
        offsets: Cow::Borrowed(translator.offsets),
        num_params,
        num_locals,
        consts,
        frame_size,
        catches,
    })
}

/// Checks the invariant the interpreter relies on (see `exec/executor.rs`): every branch targets an instruction of
/// the function, every `br_table` has its entries, and no path runs off the end. A translator bug then becomes an
/// error instead of a jump into unrelated memory.
fn check_control_stays_inside(instrs: &[Instr]) -> core::result::Result<(), String> {
    let len = instrs.len();
    for (at, instr) in instrs.iter().enumerate() {
        if let Some(offset) = instr.branch_offset() {
            let target = at as i64 + i64::from(offset);
            if !(0..len as i64).contains(&target) {
                return Err(format!(
                    "{} at {at} jumps to {target}, outside 0..{len}",
                    instr.name()
                ));
            }
        }
        if let Some(targets) = instr.table_entries()
            && at + 1 + targets as usize >= len
        {
            return Err(format!(
                "br_table at {at} has fewer than {targets} + 1 entries"
            ));
        }
    }
    match instrs.last() {
        Some(last) if last.ends_path() || matches!(last, Instr::Br { .. }) => Ok(()),
        Some(last) => Err(format!(
            "the last instruction, {}, falls through",
            last.name()
        )),
        None => Err("no instructions".to_string()),
    }
}

struct Translator<'a, 'env> {
    env: ModuleEnv<'env>,
    instrs: &'a mut Vec<Instr>,
    /// The module byte offset of the operator each instruction comes from.
    offsets: &'a mut Vec<u32>,
    stack: &'a mut OperandStack,
    control: &'a mut Vec<ControlFrame>,
    copies: &'a mut Vec<(Slot, Operand, Slot)>,
    /// The first slot of each local, indexed by local index (see [`TranslatorScratch`]).
    local_slots: &'a [Slot],
    /// Emptied lists of forward branches (see [`TranslatorScratch`]).
    spare_pending: &'a mut Vec<Vec<usize>>,
    /// The position of every plain table jump emitted ([`Instr::BrTable`]): table folding looks only there.
    table_jumps: &'a mut Vec<usize>,
    /// The function's constant pool (see [`FuncBody::consts`]).
    consts: Vec<u128>,
    /// Where each constant is in `consts`.
    const_index: std::collections::HashMap<u128, u32>,
    /// Whether the operand of the `drop` or `select` being translated is a `v128` (two cells).
    wide_operand: bool,
    /// Whether the current position can be reached; unreachable code is validated but not emitted.
    reachable: bool,
    /// The last emitted instruction if it only writes one result (a slot, or two for a `v128`) that nothing has
    /// read yet.
    last_result: Option<usize>,
    /// Byte offset of the operator being translated, for error messages.
    offset: usize,
    /// The code offset of a load just fused into a condition (`control.rs`), for the branch made of it.
    fused_load_offset: Option<u32>,
    /// The `ConsumeFuel` instruction that charges for the current straight-line block, when metering fuel.
    fuel_block: Option<usize>,
    /// The highest position a branch has been aimed at so far.
    last_target: usize,
    /// The `try_table` regions so far (see [`FuncBody::catches`]).
    catches: Vec<TryRegion>,
}

macro_rules! un {
    ($name:ident) => {
        (|dst, src| Instr::$name { dst, src }) as UnaryFn
    };
}

macro_rules! bin {
    ($name:ident) => {
        (|dst, lhs, rhs| Instr::$name { dst, lhs, rhs }) as BinaryFn
    };
}

macro_rules! imm {
    ($name:ident) => {
        (|dst, lhs, imm| Instr::$name { dst, lhs, imm }) as ImmFn
    };
}

impl Translator<'_, '_> {
    /// Drops the last emitted instruction.
    pub(super) fn pop_instr(&mut self) {
        self.instrs.pop();
        self.offsets.pop();
    }

    fn pc(&self) -> usize {
        self.instrs.len()
    }

    fn emit(&mut self, instr: Instr) -> usize {
        let at = self.instrs.len();
        // The branch a load was fused into traps as the load did.
        let fused_load = self.fused_load_offset.filter(|_| {
            cond::Cond::from_branch(&instr).is_some_and(|(cond, _)| cond.loads())
                || matches!(instr, Instr::BrTableLoad8U { .. })
        });
        if fused_load.is_some() {
            self.fused_load_offset = None;
        }
        self.instrs.push(instr);
        self.offsets
            .push(fused_load.unwrap_or_else(|| u32::try_from(self.offset).unwrap_or(u32::MAX)));
        self.last_result = None;
        at
    }

    /// The instruction just emitted, if it was emitted by [`Self::emit_result`] and nothing has been emitted or
    /// bound since: one whose result the next instruction may still take over (redirect or fuse).
    fn last_result_instr(&self) -> Option<Instr> {
        let at = self.last_result.filter(|at| at + 1 == self.instrs.len())?;
        self.instrs.get(at).copied()
    }

    /// Emits an instruction whose result may later be redirected.
    fn emit_result(&mut self, instr: Instr) {
        let at = self.emit(instr);
        self.last_result = Some(at);
    }

    // ---- metering ---------------------------------------------------------------------------------------

    /// Starts a fuel block at the current position (a branch target, the start of an `if` arm, the code after a
    /// loop): its operators
    /// are charged here, before any of them runs. The fall-through of a `br_if` belongs to the block before it, so
    /// when the branch is taken the rest of that block has been charged without running.
    fn start_fuel_block(&mut self) {
        self.discard_empty_fuel_block();
        if self.env.fuel && self.reachable {
            self.fuel_block = Some(self.emit(Instr::ConsumeFuel { amount: 0 }));
        }
    }

    /// Drops the current fuel block's charge if it is the last instruction and charges nothing (a block of free
    /// operators only). Branches already aimed at its position then land on whatever comes next, which is where
    /// the empty charge would have led them; none may aim past it (they would then point past the end).
    fn discard_empty_fuel_block(&mut self) {
        if let Some(at) = self.fuel_block.take()
            && at + 1 == self.instrs.len()
            && self.last_target <= at
            && self.instrs.get(at) == Some(&Instr::ConsumeFuel { amount: 0 })
        {
            self.pop_instr();
            self.last_result = None;
        }
    }

    /// Adds the cost of `op` to the current block (see `crate::metering` for the costs).
    fn charge(&mut self, op: &Operator<'_>) {
        use Operator as O;
        let free = matches!(
            op,
            O::Nop
                | O::Drop
                | O::Block { .. }
                | O::Loop { .. }
                | O::End
                | O::Else
                | O::Unreachable
                | O::Return
        );
        if free {
            return;
        }
        if let Some(Instr::ConsumeFuel { amount }) =
            self.fuel_block.and_then(|at| self.instrs.get_mut(at))
        {
            *amount = amount.saturating_add(1);
        }
    }

    /// Before a bulk operation whose element count is in slot `len`: charges that count, when metering fuel;
    /// `wide` when the length is an i64 (64-bit memories); table lengths are narrowed to 32 bits first.
    fn charge_bulk(&mut self, len: Slot, wide: bool) {
        if self.env.fuel {
            self.emit(Instr::ConsumeFuelBulk {
                len,
                wide: u8::from(wide),
            });
        }
    }

    fn offset_between(&self, from: usize, to: usize) -> Result<BranchOffset> {
        let distance = to as i64 - from as i64;
        BranchOffset::try_from(distance).map_err(|_| {
            Error::unsupported(format!("function too large (at offset {:#x})", self.offset))
        })
    }

    fn patch(&mut self, at: usize, target: usize) -> Result<()> {
        let offset = self.offset_between(at, target)?;
        self.last_target = self.last_target.max(target);
        let position = self.offset;
        let instr = self.instrs.get_mut(at).ok_or_else(|| {
            Error::unsupported(format!(
                "internal translator error: no instruction {at} to patch (at offset {position:#x})"
            ))
        })?;
        instr.set_branch_offset(offset).map_err(|not_a_branch| {
            Error::unsupported(format!(
                "internal translator error: {} has no branch offset to patch (at offset {position:#x})",
                not_a_branch.0
            ))
        })
    }

    fn unsupported(&self, what: &str) -> Error {
        Error::unsupported(format!("{what} (at offset {:#x})", self.offset))
    }

    // ---- operands ---------------------------------------------------------------------------------------

    fn emit_const(&mut self, dst: Slot, value: u64) {
        match u32::try_from(value) {
            Ok(value) => self.emit_result(Instr::Const32 { dst, value }),
            Err(_) => self.emit_result(Instr::Const64 { dst, value }),
        }
    }

    /// Emits what makes `slot` hold `operand`.
    fn emit_move(&mut self, dst: Slot, operand: Operand, src_slot: Slot) {
        match operand {
            Operand::Temp if src_slot == dst => {}
            Operand::Temp => self.emit_result(Instr::Copy { dst, src: src_slot }),
            Operand::Local(local) if local == dst => {}
            Operand::Local(local) => self.emit_result(Instr::Copy { dst, src: local }),
            Operand::Const(value) => self.emit_const(dst, value),
        }
    }

    /// The slot from which a popped operand can be read, materializing a constant into its canonical slot.
    fn operand_slot(&mut self, operand: Operand, slot: Slot) -> Slot {
        match operand {
            Operand::Temp => slot,
            Operand::Local(local) => local,
            Operand::Const(value) => {
                self.emit_const(slot, value);
                slot
            }
        }
    }

    fn pop_slot(&mut self) -> Slot {
        let (operand, slot) = self.stack.pop();
        self.operand_slot(operand, slot)
    }

    /// Copies every deferred entry at or above `from` into its canonical slot.
    fn materialize_from(&mut self, from: u32) {
        for height in self.stack.first_deferred(from)..self.stack.height() {
            let Some(operand) = self.stack.get(height).filter(|op| *op != Operand::Temp) else {
                continue;
            };
            let slot = self.stack.slot_at(height);
            self.emit_move(slot, operand, slot);
            self.stack.set_temp(height);
        }
        self.stack.mark_clean_from(from);
    }

    fn materialize_all(&mut self) {
        self.materialize_from(0);
    }

    /// Materializes the top `n` entries.
    fn materialize_top(&mut self, n: u32) {
        let from = self.stack.height().saturating_sub(n);
        self.materialize_from(from);
    }

    /// Before local `slot` is written, copies every stack entry still referring to it.
    fn preserve_local(&mut self, slot: Slot) {
        if !self.stack.refers_to_local(slot) {
            return;
        }
        for height in self.stack.first_deferred(0)..self.stack.height() {
            if self.stack.get(height) == Some(Operand::Local(slot)) {
                let dst = self.stack.slot_at(height);
                self.emit(Instr::Copy { dst, src: slot });
                self.stack.set_temp(height);
            }
        }
    }

    /// Materializes the top `n` operands and pops them, returning the slot of the lowest.
    fn pop_consecutive(&mut self, n: u32) -> Slot {
        self.materialize_top(n);
        let first = self.stack.height().saturating_sub(n);
        self.stack.truncate(first);
        self.stack.slot_at(first)
    }

    fn push_const(&mut self, value: u64) {
        self.stack.push(Operand::Const(value));
    }

    /// Translates `op`. Inlined into each operator's visitor method, where `op`'s kind is known: the most
    /// frequent operators (`local.get` and the constants, which only push an operand, `local.set`, `local.tee`,
    /// and the block structure) are handled there; the others go through [`Self::translate_any`].
    #[inline(always)]
    fn translate(&mut self, op: Operator<'_>) -> Result<()> {
        use Operator as O;
        // Structure operators are translated the same in unreachable code and cost no fuel.
        match op {
            O::End => return self.visit_end(),
            O::Block { blockty } => return self.visit_block(blockty),
            O::Loop { blockty } => return self.visit_loop(blockty),
            _ => {}
        }
        if self.reachable && !self.env.fuel {
            match op {
                O::LocalGet { local_index } => return self.push_local(local_index),
                O::LocalSet { local_index } => {
                    return self.visit_local_set_index(local_index, false);
                }
                O::LocalTee { local_index } => {
                    return self.visit_local_set_index(local_index, true);
                }
                O::I32Const { value } => {
                    self.push_const(u64::from(value as u32));
                    return Ok(());
                }
                O::I64Const { value } => {
                    self.push_const(value as u64);
                    return Ok(());
                }
                _ => {}
            }
        }
        self.translate_any(op)
    }

    /// Pushes the cells of local `index`.
    #[inline(always)]
    fn push_local(&mut self, index: u32) -> Result<()> {
        let (slot, cells) = self.local(index)?;
        for cell in 0..cells {
            self.stack.push(Operand::Local(slot + cell));
        }
        Ok(())
    }

    /// Translates any operator; [`Self::translate`] handles the most frequent ones before it.
    #[inline(never)]
    fn translate_any(&mut self, op: Operator<'_>) -> Result<()> {
        use Operator as O;
        if !self.reachable {
            return match op {
                O::Block { blockty } => self.visit_block(blockty),
                O::Loop { blockty } => self.visit_loop(blockty),
                O::If { blockty } => self.visit_if(blockty),
                O::TryTable { try_table } => self.visit_try_table(&try_table),
                O::Else => self.visit_else(),
                O::End => self.visit_end(),
                _ => Ok(()),
            };
        }
        if self.env.fuel {
            self.charge(&op);
        }
        match op {
            O::Unreachable => {
                self.emit(Instr::Unreachable {});
                self.reachable = false;
            }
            O::Nop => {}
            O::Block { blockty } => self.visit_block(blockty)?,
            O::Loop { blockty } => self.visit_loop(blockty)?,
            O::If { blockty } => self.visit_if(blockty)?,
            O::Else => self.visit_else()?,
            O::End => self.visit_end()?,
            O::Br { relative_depth } => self.visit_br(relative_depth)?,
            O::BrIf { relative_depth } => self.visit_br_if(relative_depth)?,
            O::BrTable { targets } => self.visit_br_table(&targets)?,
            O::Return => {
                self.emit_return()?;
                self.reachable = false;
            }
            O::Call { function_index } => self.visit_call(function_index, false)?,
            O::CallIndirect {
                type_index,
                table_index,
            } => self.visit_call_indirect(type_index, table_index, false)?,
            O::ReturnCall { function_index } => self.visit_call(function_index, true)?,
            O::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.visit_call_indirect(type_index, table_index, true)?,
            O::CallRef { type_index } => self.visit_call_ref(type_index, false)?,
            O::ReturnCallRef { type_index } => self.visit_call_ref(type_index, true)?,
            O::RefAsNonNull => self.visit_ref_as_non_null(),
            O::TryTable { try_table } => self.visit_try_table(&try_table)?,
            O::Throw { tag_index } => self.visit_throw(tag_index)?,
            O::ThrowRef => self.visit_throw_ref(),
            O::BrOnNull { relative_depth } => self.visit_br_on_null(relative_depth)?,
            O::BrOnNonNull { relative_depth } => self.visit_br_on_non_null(relative_depth)?,
            O::Drop => {
                self.stack.pop();
                if self.wide_operand {
                    self.stack.pop();
                }
            }
            O::Select | O::TypedSelect { .. } => self.visit_select(),
            O::LocalGet { local_index } => self.push_local(local_index)?,
            O::LocalSet { local_index } => self.visit_local_set_index(local_index, false)?,
            O::LocalTee { local_index } => self.visit_local_set_index(local_index, true)?,
            O::GlobalGet { global_index } if self.env.global_is_v128(global_index) => {
                let dst = self.push_v128();
                self.emit_result(Instr::GlobalGet128 {
                    dst,
                    global: global_index,
                });
            }
            O::GlobalGet { global_index } => {
                let dst = self.stack.push_temp();
                self.emit_result(Instr::GlobalGet {
                    dst,
                    global: global_index,
                });
            }
            O::GlobalSet { global_index } if self.env.global_is_v128(global_index) => {
                let src = self.pop_v128();
                self.emit(Instr::GlobalSet128 {
                    src,
                    global: global_index,
                });
            }
            O::GlobalSet { global_index } => {
                let src = self.pop_slot();
                self.emit(Instr::GlobalSet {
                    src,
                    global: global_index,
                });
            }

            O::I32Load { memarg } | O::F32Load { memarg } | O::I64Load32U { memarg } => {
                self.load(&memarg, |dst, addr, offset| Instr::Load32 {
                    dst,
                    addr,
                    offset,
                })?
            }
            O::I64Load { memarg } | O::F64Load { memarg } => {
                self.load(&memarg, |dst, addr, offset| Instr::Load64 {
                    dst,
                    addr,
                    offset,
                })?
            }
            O::I32Load8S { memarg } | O::I64Load8S { memarg } => {
                self.load(&memarg, |dst, addr, offset| Instr::Load8S {
                    dst,
                    addr,
                    offset,
                })?
            }
            O::I32Load8U { memarg } | O::I64Load8U { memarg } => {
                self.load(&memarg, |dst, addr, offset| Instr::Load8U {
                    dst,
                    addr,
                    offset,
                })?
            }
            O::I32Load16S { memarg } | O::I64Load16S { memarg } => {
                self.load(&memarg, |dst, addr, offset| Instr::Load16S {
                    dst,
                    addr,
                    offset,
                })?
            }
            O::I32Load16U { memarg } | O::I64Load16U { memarg } => {
                self.load(&memarg, |dst, addr, offset| Instr::Load16U {
                    dst,
                    addr,
                    offset,
                })?
            }
            O::V128Load { memarg } => self.v128_load_full(&memarg)?,
            O::V128Store { memarg } => self.v128_store_full(&memarg)?,
            O::I64Load32S { memarg } => self.load(&memarg, |dst, addr, offset| Instr::Load32S {
                dst,
                addr,
                offset,
            })?,
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(
                &memarg,
                |addr, value, offset| Instr::Store8 {
                    addr,
                    value,
                    offset,
                },
                |addr, value, offset| {
                    Some(Instr::Store8Imm {
                        addr,
                        value: value as u32,
                        offset,
                    })
                },
            )?,
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(
                &memarg,
                |addr, value, offset| Instr::Store16 {
                    addr,
                    value,
                    offset,
                },
                |addr, value, offset| {
                    Some(Instr::Store16Imm {
                        addr,
                        value: value as u32,
                        offset,
                    })
                },
            )?,
            O::I32Store { memarg } | O::F32Store { memarg } | O::I64Store32 { memarg } => self
                .store(
                    &memarg,
                    |addr, value, offset| Instr::Store32 {
                        addr,
                        value,
                        offset,
                    },
                    |addr, value, offset| {
                        Some(Instr::Store32Imm {
                            addr,
                            value: value as u32,
                            offset,
                        })
                    },
                )?,
            O::I64Store { memarg } | O::F64Store { memarg } => self.store(
                &memarg,
                |addr, value, offset| Instr::Store64 {
                    addr,
                    value,
                    offset,
                },
                |addr, value, offset| {
                    let value = i32::try_from(value as i64).ok()?;
                    Some(Instr::Store64Imm {
                        addr,
                        value,
                        offset,
                    })
                },
            )?,
            O::MemorySize { mem } => {
                let dst = self.stack.push_temp();
                self.emit_result(Instr::MemorySize { dst, memory: mem });
            }
            O::MemoryGrow { mem } => {
                let delta = self.pop_slot();
                let dst = self.stack.push_temp();
                self.emit_result(if self.env.memory_is_64(mem) {
                    Instr::MemoryGrow64 {
                        dst,
                        delta,
                        memory: mem,
                    }
                } else {
                    Instr::MemoryGrow {
                        dst,
                        delta,
                        memory: mem,
                    }
                });
            }
            O::MemoryFill { mem } => self.bulk_memory(mem, None, None),
            O::MemoryCopy { dst_mem, src_mem } => self.bulk_memory(dst_mem, Some(src_mem), None),
            O::MemoryInit { data_index, mem } => self.bulk_memory(mem, None, Some(data_index)),
            O::DataDrop { data_index } => {
                self.emit(Instr::DataDrop { data: data_index });
            }

            O::TableGet { table } => {
                let index = self.pop_table_index(table);
                let dst = self.stack.push_temp();
                self.emit_result(Instr::TableGet { dst, index, table });
            }
            O::TableSet { table } => {
                let value = self.pop_slot();
                let index = self.pop_table_index(table);
                self.emit(Instr::TableSet {
                    index,
                    value,
                    table,
                });
            }
            O::TableSize { table } => {
                let dst = self.stack.push_temp();
                self.emit_result(Instr::TableSize { dst, table });
            }
            O::TableGrow { table } => {
                let base = self.pop_consecutive(2);
                self.stack.push_temp();
                let table64 = self.env.table_is_64(table);
                self.indices_in_place(base, &[(1, table64)]);
                self.charge_bulk(base + 1, false);
                self.emit(Instr::TableGrow { base, table });
                if table64 {
                    self.emit(Instr::GrowResult64 { slot: base });
                }
            }
            O::TableFill { table } => {
                let base = self.pop_consecutive(3);
                let table64 = self.env.table_is_64(table);
                self.indices_in_place(base, &[(0, table64), (2, table64)]);
                self.charge_bulk(base + 2, false);
                self.emit(Instr::TableFill { base, table });
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let base = self.pop_consecutive(3);
                let (dst64, src64) = (
                    self.env.table_is_64(dst_table),
                    self.env.table_is_64(src_table),
                );
                // The length has the narrower of the two index types.
                self.indices_in_place(base, &[(0, dst64), (1, src64), (2, dst64 && src64)]);
                self.charge_bulk(base + 2, false);
                self.emit(Instr::TableCopy {
                    base,
                    dst_table,
                    src_table,
                });
            }
            O::TableInit { elem_index, table } => {
                let base = self.pop_consecutive(3);
                let table64 = self.env.table_is_64(table);
                self.indices_in_place(base, &[(0, table64)]);
                self.charge_bulk(base + 2, false);
                self.emit(Instr::TableInit {
                    base,
                    table,
                    elem: elem_index,
                });
            }
            O::ElemDrop { elem_index } => {
                self.emit(Instr::ElemDrop { elem: elem_index });
            }
            O::RefNull { .. } => self.push_const(0),
            O::RefIsNull => self.unary(un!(I64Eqz)),
            O::RefFunc { function_index } => {
                let dst = self.stack.push_temp();
                self.emit_result(Instr::RefFunc {
                    dst,
                    func: function_index,
                });
            }

            O::I32Const { value } => self.push_const(u64::from(value as u32)),
            O::I64Const { value } => self.push_const(value as u64),
            O::F32Const { value } => self.push_const(u64::from(value.bits())),
            O::F64Const { value } => self.push_const(value.bits()),
            O::V128Const { value } => {
                let bits = value.i128() as u128;
                self.push_const(bits as u64);
                self.push_const((bits >> 64) as u64);
            }

            O::I32Eqz => self.unary(un!(I32Eqz)),
            O::I64Eqz => self.unary(un!(I64Eqz)),
            O::I32Eq => self.binary(bin!(I32Eq), Imm::I32Cmp(Cmp::Eq)),
            O::I32Ne => self.binary(bin!(I32Ne), Imm::I32Cmp(Cmp::Ne)),
            O::I32LtS => self.binary(bin!(I32LtS), Imm::I32Cmp(Cmp::LtS)),
            O::I32LtU => self.binary(bin!(I32LtU), Imm::I32Cmp(Cmp::LtU)),
            O::I32GtS => self.binary(bin!(I32GtS), Imm::I32Cmp(Cmp::GtS)),
            O::I32GtU => self.binary(bin!(I32GtU), Imm::I32Cmp(Cmp::GtU)),
            O::I32LeS => self.binary(bin!(I32LeS), Imm::I32Cmp(Cmp::LeS)),
            O::I32LeU => self.binary(bin!(I32LeU), Imm::I32Cmp(Cmp::LeU)),
            O::I32GeS => self.binary(bin!(I32GeS), Imm::I32Cmp(Cmp::GeS)),
            O::I32GeU => self.binary(bin!(I32GeU), Imm::I32Cmp(Cmp::GeU)),
            O::I64Eq => self.binary(bin!(I64Eq), Imm::I64Cmp(Cmp::Eq)),
            O::I64Ne => self.binary(bin!(I64Ne), Imm::I64Cmp(Cmp::Ne)),
            O::I64LtS => self.binary(bin!(I64LtS), Imm::I64Cmp(Cmp::LtS)),
            O::I64LtU => self.binary(bin!(I64LtU), Imm::I64Cmp(Cmp::LtU)),
            O::I64GtS => self.binary(bin!(I64GtS), Imm::I64Cmp(Cmp::GtS)),
            O::I64GtU => self.binary(bin!(I64GtU), Imm::I64Cmp(Cmp::GtU)),
            O::I64LeS => self.binary(bin!(I64LeS), Imm::I64Cmp(Cmp::LeS)),
            O::I64LeU => self.binary(bin!(I64LeU), Imm::I64Cmp(Cmp::LeU)),
            O::I64GeS => self.binary(bin!(I64GeS), Imm::I64Cmp(Cmp::GeS)),
            O::I64GeU => self.binary(bin!(I64GeU), Imm::I64Cmp(Cmp::GeU)),
            O::F32Eq => self.binary(bin!(F32Eq), Imm::No),
            O::F32Ne => self.binary(bin!(F32Ne), Imm::No),
            O::F32Lt => self.binary(bin!(F32Lt), Imm::No),
            O::F32Gt => self.binary(bin!(F32Gt), Imm::No),
            O::F32Le => self.binary(bin!(F32Le), Imm::No),
            O::F32Ge => self.binary(bin!(F32Ge), Imm::No),
            O::F64Eq => self.binary(bin!(F64Eq), Imm::No),
            O::F64Ne => self.binary(bin!(F64Ne), Imm::No),
            O::F64Lt => self.binary(bin!(F64Lt), Imm::No),
            O::F64Gt => self.binary(bin!(F64Gt), Imm::No),
            O::F64Le => self.binary(bin!(F64Le), Imm::No),
            O::F64Ge => self.binary(bin!(F64Ge), Imm::No),

            O::I32Clz => self.unary(un!(I32Clz)),
            O::I32Ctz => self.unary(un!(I32Ctz)),
            O::I32Popcnt => self.unary(un!(I32Popcnt)),
            O::I32Add => self.binary(
                bin!(I32Add),
                Imm::I32 {
                    rhs: imm!(I32AddImm),
                    commutative: true,
                },
            ),
            O::I32Sub => self.binary(bin!(I32Sub), Imm::I32Sub),
            O::I32Mul => self.binary(
                bin!(I32Mul),
                Imm::I32 {
                    rhs: imm!(I32MulImm),
                    commutative: true,
                },
            ),
            O::I32DivS => self.binary(bin!(I32DivS), Imm::No),
            O::I32DivU => self.binary(bin!(I32DivU), Imm::No),
            O::I32RemS => self.binary(bin!(I32RemS), Imm::No),
            O::I32RemU => self.binary(bin!(I32RemU), Imm::No),
            O::I32And => self.binary(
                bin!(I32And),
                Imm::I32 {
                    rhs: imm!(I32AndImm),
                    commutative: true,
                },
            ),
            O::I32Or => self.binary(
                bin!(I32Or),
                Imm::I32 {
                    rhs: imm!(I32OrImm),
                    commutative: true,
                },
            ),
            O::I32Xor => self.binary(
                bin!(I32Xor),
                Imm::I32 {
                    rhs: imm!(I32XorImm),
                    commutative: true,
                },
            ),
            O::I32Shl => self.binary(
                bin!(I32Shl),
                Imm::I32 {
                    rhs: imm!(I32ShlImm),
                    commutative: false,
                },
            ),
            O::I32ShrS => self.binary(
                bin!(I32ShrS),
                Imm::I32 {
                    rhs: imm!(I32ShrSImm),
                    commutative: false,
                },
            ),
            O::I32ShrU => self.binary(
                bin!(I32ShrU),
                Imm::I32 {
                    rhs: imm!(I32ShrUImm),
                    commutative: false,
                },
            ),
            O::I32Rotl => self.binary(
                bin!(I32Rotl),
                Imm::I32 {
                    rhs: imm!(I32RotlImm),
                    commutative: false,
                },
            ),
            O::I32Rotr => self.binary(
                bin!(I32Rotr),
                Imm::I32 {
                    rhs: imm!(I32RotrImm),
                    commutative: false,
                },
            ),
            O::I64Clz => self.unary(un!(I64Clz)),
            O::I64Ctz => self.unary(un!(I64Ctz)),
            O::I64Popcnt => self.unary(un!(I64Popcnt)),
            O::I64Add => self.binary(
                bin!(I64Add),
                Imm::I64 {
                    rhs: imm!(I64AddImm),
                    commutative: true,
                },
            ),
            O::I64Sub => self.binary(bin!(I64Sub), Imm::I64Sub),
            O::I64Mul => self.binary(
                bin!(I64Mul),
                Imm::I64 {
                    rhs: imm!(I64MulImm),
                    commutative: true,
                },
            ),
            O::I64DivS => self.binary(bin!(I64DivS), Imm::No),
            O::I64DivU => self.binary(bin!(I64DivU), Imm::No),
            O::I64RemS => self.binary(bin!(I64RemS), Imm::No),
            O::I64RemU => self.binary(bin!(I64RemU), Imm::No),
            O::I64And => self.binary(
                bin!(I64And),
                Imm::I64 {
                    rhs: imm!(I64AndImm),
                    commutative: true,
                },
            ),
            O::I64Or => self.binary(
                bin!(I64Or),
                Imm::I64 {
                    rhs: imm!(I64OrImm),
                    commutative: true,
                },
            ),
            O::I64Xor => self.binary(
                bin!(I64Xor),
                Imm::I64 {
                    rhs: imm!(I64XorImm),
                    commutative: true,
                },
            ),
            O::I64Shl => self.binary(
                bin!(I64Shl),
                Imm::I64 {
                    rhs: imm!(I64ShlImm),
                    commutative: false,
                },
            ),
            O::I64ShrS => self.binary(
                bin!(I64ShrS),
                Imm::I64 {
                    rhs: imm!(I64ShrSImm),
                    commutative: false,
                },
            ),
            O::I64ShrU => self.binary(
                bin!(I64ShrU),
                Imm::I64 {
                    rhs: imm!(I64ShrUImm),
                    commutative: false,
                },
            ),
            O::I64Rotl => self.binary(bin!(I64Rotl), Imm::No),
            O::I64Rotr => self.binary(bin!(I64Rotr), Imm::No),

            O::F32Abs => self.unary(un!(F32Abs)),
            O::F32Neg => self.unary(un!(F32Neg)),
            O::F32Ceil => self.unary(un!(F32Ceil)),
            O::F32Floor => self.unary(un!(F32Floor)),
            O::F32Trunc => self.unary(un!(F32Trunc)),
            O::F32Nearest => self.unary(un!(F32Nearest)),
            O::F32Sqrt => self.unary(un!(F32Sqrt)),
            O::F32Add => self.binary(bin!(F32Add), Imm::No),
            O::F32Sub => self.binary(bin!(F32Sub), Imm::No),
            O::F32Mul => self.binary(bin!(F32Mul), Imm::No),
            O::F32Div => self.binary(bin!(F32Div), Imm::No),
            O::F32Min => self.binary(bin!(F32Min), Imm::No),
            O::F32Max => self.binary(bin!(F32Max), Imm::No),
            O::F32Copysign => self.binary(bin!(F32Copysign), Imm::No),
            O::F64Abs => self.unary(un!(F64Abs)),
            O::F64Neg => self.unary(un!(F64Neg)),
            O::F64Ceil => self.unary(un!(F64Ceil)),
            O::F64Floor => self.unary(un!(F64Floor)),
            O::F64Trunc => self.unary(un!(F64Trunc)),
            O::F64Nearest => self.unary(un!(F64Nearest)),
            O::F64Sqrt => self.unary(un!(F64Sqrt)),
            O::F64Add => self.binary(bin!(F64Add), Imm::No),
            O::F64Sub => self.binary(bin!(F64Sub), Imm::No),
            O::F64Mul => self.binary(bin!(F64Mul), Imm::No),
            O::F64Div => self.binary(bin!(F64Div), Imm::No),
            O::F64Min => self.binary(bin!(F64Min), Imm::No),
            O::F64Max => self.binary(bin!(F64Max), Imm::No),
            O::F64Copysign => self.binary(bin!(F64Copysign), Imm::No),

            O::I32WrapI64 => self.unary(un!(I32WrapI64)),
            O::I32TruncF32S => self.unary(un!(I32TruncF32S)),
            O::I32TruncF32U => self.unary(un!(I32TruncF32U)),
            O::I32TruncF64S => self.unary(un!(I32TruncF64S)),
            O::I32TruncF64U => self.unary(un!(I32TruncF64U)),
            O::I64ExtendI32S => self.unary(un!(I64ExtendI32S)),
            O::I64ExtendI32U => self.unary(un!(I64ExtendI32U)),
            O::I64TruncF32S => self.unary(un!(I64TruncF32S)),
            O::I64TruncF32U => self.unary(un!(I64TruncF32U)),
            O::I64TruncF64S => self.unary(un!(I64TruncF64S)),
            O::I64TruncF64U => self.unary(un!(I64TruncF64U)),
            O::F32ConvertI32S => self.unary(un!(F32ConvertI32S)),
            O::F32ConvertI32U => self.unary(un!(F32ConvertI32U)),
            O::F32ConvertI64S => self.unary(un!(F32ConvertI64S)),
            O::F32ConvertI64U => self.unary(un!(F32ConvertI64U)),
            O::F32DemoteF64 => self.unary(un!(F32DemoteF64)),
            O::F64ConvertI32S => self.unary(un!(F64ConvertI32S)),
            O::F64ConvertI32U => self.unary(un!(F64ConvertI32U)),
            O::F64ConvertI64S => self.unary(un!(F64ConvertI64S)),
            O::F64ConvertI64U => self.unary(un!(F64ConvertI64U)),
            O::F64PromoteF32 => self.unary(un!(F64PromoteF32)),
            // Reinterpretations do not change the bits of a cell.
            O::I32ReinterpretF32
            | O::F32ReinterpretI32
            | O::I64ReinterpretF64
            | O::F64ReinterpretI64 => {}
            O::I32Extend8S => self.unary(un!(I32Extend8S)),
            O::I32Extend16S => self.unary(un!(I32Extend16S)),
            O::I64Extend8S => self.unary(un!(I64Extend8S)),
            O::I64Extend16S => self.unary(un!(I64Extend16S)),
            O::I64Extend32S => self.unary(un!(I64Extend32S)),
            O::I32TruncSatF32S => self.unary(un!(I32TruncSatF32S)),
            O::I32TruncSatF32U => self.unary(un!(I32TruncSatF32U)),
            O::I32TruncSatF64S => self.unary(un!(I32TruncSatF64S)),
            O::I32TruncSatF64U => self.unary(un!(I32TruncSatF64U)),
            O::I64TruncSatF32S => self.unary(un!(I64TruncSatF32S)),
            O::I64TruncSatF32U => self.unary(un!(I64TruncSatF32U)),
            O::I64TruncSatF64S => self.unary(un!(I64TruncSatF64S)),
            O::I64TruncSatF64U => self.unary(un!(I64TruncSatF64U)),

            other => self.translate_simd(other)?,
        }
        Ok(())
    }
}
