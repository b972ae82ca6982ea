//! Exception handling: `throw`, `throw_ref` and `try_table`.
//!
//! A `try_table` becomes a region of the function's code with its catch clauses ([`TryRegion`]); the driver's
//! unwinder finds the innermost region around the throwing instruction (or the call a caller waits in) whose
//! clause catches the exception, writes the exception's values (then its reference, for the `_ref` clauses) to
//! the clause's `dst` slots, and continues at the clause's landing pad. The pads are emitted before the body,
//! jumped over on entry: each moves the values from `dst` to its label as a `br` would.

use wasmparser::{Catch, TryTable};

use super::Translator;
use super::control::FrameKind;
use super::stack::Operand;
use crate::error::{Error, Result};
use crate::ir::{CatchClause, Instr, TryRegion};

impl Translator<'_, '_> {
    /// How many cells the values of an exception of tag `tag` take.
    fn tag_cells(&self, tag: u32) -> Result<u32> {
        let ty = self
            .env
            .tags
            .get(tag as usize)
            .ok_or_else(|| Error::invalid(format!("unknown tag {tag}"), self.offset))?;
        Ok(self.env.type_at(*ty)?.param_cells())
    }

    /// `throw tag`: its values are the top of the stack.
    pub(super) fn visit_throw(&mut self, tag: u32) -> Result<()> {
        let cells = self.tag_cells(tag)?;
        let base = self.pop_arguments(cells);
        self.emit(Instr::Throw { base, tag });
        self.reachable = false;
        Ok(())
    }

    /// `throw_ref`: the exception reference is on top of the stack.
    pub(super) fn visit_throw_ref(&mut self) {
        let exn = self.pop_slot();
        self.emit(Instr::ThrowRef { exn });
        self.reachable = false;
    }

    /// `try_table`: the landing pads of its clauses, then the body as a block.
    pub(super) fn visit_try_table(&mut self, table: &TryTable) -> Result<()> {
        if !self.reachable {
            return self.enter_frame(FrameKind::TryTable { region: None }, table.ty);
        }
        // Every value below the body's stays in its canonical slot, where a caught exception finds it.
        self.materialize_all();
        self.last_result = None;
        let (num_params, _) = self.env.block_arity(table.ty)?;
        let height = self.stack.height();
        let base = height.saturating_sub(num_params);
        let dst = self.stack.slot_at(base);
        let skip = self.emit(Instr::Br { offset: 0 });
        let mut clauses = Vec::with_capacity(table.catches.len());
        for catch in &table.catches {
            let (tag, with_ref, label) = match *catch {
                Catch::One { tag, label } => (Some(tag), false, label),
                Catch::OneRef { tag, label } => (Some(tag), true, label),
                Catch::All { label } => (None, false, label),
                Catch::AllRef { label } => (None, true, label),
            };
            let values = match tag {
                Some(tag) => self.tag_cells(tag)?,
                None => 0,
            } + u32::from(with_ref);
            let pad = self.pc() as u32;
            self.stack.truncate(base);
            for _ in 0..values {
                self.stack.push(Operand::Temp);
            }
            self.visit_br(label)?;
            self.reachable = true;
            clauses.push(CatchClause {
                tag,
                with_ref,
                pad,
                dst,
            });
        }
        self.stack.truncate(base);
        for _ in base..height {
            self.stack.push(Operand::Temp);
        }
        let start = self.pc();
        self.patch(skip, start)?;
        let region = self.catches.len();
        // The innermost enclosing try_table that is still open is the parent.
        let parent = self
            .control
            .iter()
            .rev()
            .find_map(|frame| match frame.kind {
                FrameKind::TryTable { region } => region.map(|r| r as u32),
                _ => None,
            });
        self.catches.push(TryRegion {
            start: start as u32,
            end: start as u32,
            parent,
            clauses: clauses.into_boxed_slice(),
        });
        self.enter_frame(
            FrameKind::TryTable {
                region: Some(region),
            },
            table.ty,
        )
    }

    /// Closes the region of a `try_table` at its `end` (position `end`).
    pub(super) fn end_try_table(&mut self, region: Option<usize>, end: usize) {
        if let Some(region) = region.and_then(|r| self.catches.get_mut(r)) {
            region.end = end as u32;
        }
    }
}
