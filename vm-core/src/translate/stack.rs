//! The translator's model of the WebAssembly operand stack.
//!
//! Each entry is either already in its canonical slot (a temporary at `num_locals + height`) or a deferred
//! provider: a local or a constant that has not been copied yet. Deferring `local.get` and constants lets
//! instructions read locals and immediates directly; an entry is *materialized* (copied into its canonical slot)
//! only when something needs it there: a block boundary, a call, or a write to the local it refers to.

use crate::ir::Slot;

/// The most entries that may sit deferred above the clean part of the stack when a local is written: a write
/// scans them for reads of its local, so past this many they are materialized first (see
/// [`OperandStack::deferred_span`]). Compiled code stays far below it.
pub(crate) const MAX_DEFERRED: u32 = 64;

/// Where the value of one operand stack entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operand {
    /// In its canonical slot.
    Temp,
    /// Still in the local with this slot index.
    Local(Slot),
    /// A constant (raw cell bits) not yet written anywhere.
    Const(u64),
}

/// The operand stack of the function being translated.
#[derive(Debug, Default)]
pub(crate) struct OperandStack {
    entries: Vec<Operand>,
    /// Slots taken by params and declared locals; the entry at height `h` lives in slot `num_locals + h`.
    num_locals: u32,
    /// The largest height reached, which sizes the frame.
    max_height: u32,
    /// Every entry below this height is a temp, so scans for deferred entries start here: block boundaries and
    /// `local.set` cost time in the entries pushed since the last one, not in the whole stack.
    clean_below: u32,
}

impl OperandStack {
    pub(crate) fn reset(&mut self, num_locals: u32) {
        self.entries.clear();
        self.num_locals = num_locals;
        self.max_height = 0;
        self.clean_below = 0;
    }

    pub(crate) fn height(&self) -> u32 {
        self.entries.len() as u32
    }

    pub(crate) fn max_height(&self) -> u32 {
        self.max_height
    }

    /// The canonical slot of the entry at `height`.
    pub(crate) fn slot_at(&self, height: u32) -> Slot {
        self.num_locals + height
    }

    pub(crate) fn push(&mut self, operand: Operand) {
        self.entries.push(operand);
        self.max_height = self.max_height.max(self.height());
    }

    /// Pushes a temporary and returns its slot.
    pub(crate) fn push_temp(&mut self) -> Slot {
        self.push(Operand::Temp);
        self.slot_at(self.height() - 1)
    }

    /// Pops the top entry with the slot it occupies canonically. Validation guarantees the stack is not empty
    /// in reachable code; an empty stack yields a temp at height 0 rather than a panic.
    pub(crate) fn pop(&mut self) -> (Operand, Slot) {
        let operand = self.entries.pop().unwrap_or(Operand::Temp);
        self.clean_below = self.clean_below.min(self.height());
        (operand, self.slot_at(self.height()))
    }

    /// The top entry with the slot it occupies canonically, left on the stack (see [`Self::pop`]).
    pub(crate) fn peek_with_slot(&self) -> (Operand, Slot) {
        let height = self.height().saturating_sub(1);
        (self.peek(0).unwrap_or(Operand::Temp), self.slot_at(height))
    }

    /// The entry `depth` places below the top (0 = top).
    pub(crate) fn peek(&self, depth: u32) -> Option<Operand> {
        let len = self.entries.len();
        len.checked_sub(depth as usize + 1).map(|i| self.entries[i])
    }

    pub(crate) fn truncate(&mut self, height: u32) {
        self.entries.truncate(height as usize);
        self.clean_below = self.clean_below.min(self.height());
    }

    /// Marks the entry at `height` as materialized.
    pub(crate) fn set_temp(&mut self, height: u32) {
        if let Some(entry) = self.entries.get_mut(height as usize) {
            *entry = Operand::Temp;
        }
    }

    /// The lowest height at or above `from` that may hold a deferred entry.
    pub(crate) fn first_deferred(&self, from: u32) -> u32 {
        from.max(self.clean_below)
    }

    /// Records that every entry from `from` up is now a temp.
    pub(crate) fn mark_clean_from(&mut self, from: u32) {
        if from <= self.clean_below {
            self.clean_below = self.height();
        }
    }

    /// The entry at `height`.
    pub(crate) fn get(&self, height: u32) -> Option<Operand> {
        self.entries.get(height as usize).copied()
    }

    /// The entries from `from` to the top, bottom first, with their heights.
    pub(crate) fn entries_from(&self, from: u32) -> impl Iterator<Item = (u32, Operand)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .skip(from as usize)
            .map(|(i, op)| (i as u32, *op))
    }

    /// How many entries a scan for deferred ones looks at: those from the lowest that may be deferred to the top.
    pub(crate) fn deferred_span(&self) -> u32 {
        self.height().saturating_sub(self.clean_below)
    }

    /// Whether any entry still refers to local `slot`.
    pub(crate) fn refers_to_local(&self, slot: Slot) -> bool {
        let from = (self.clean_below as usize).min(self.entries.len());
        self.entries[from..].contains(&Operand::Local(slot))
    }
}
