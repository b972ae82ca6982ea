//! Rebuilding a function's code with instructions copied, replaced or dropped (the tail duplication and table
//! folding passes). Each instruction of the new code keeps the code offset of its origin, and each branch notes
//! its target as a position in the old code; once the new code is complete, every old position has its new one
//! and the branches are made relative again.

use crate::ir::{BranchOffset, Instr};

/// The position `offset` instructions away from `at`, if it is not before the start.
pub(super) fn offset_target(at: usize, offset: BranchOffset) -> Option<usize> {
    usize::try_from(at as i64 + i64::from(offset)).ok()
}

/// The branch distance from position `from` to position `to`, if it fits a [`BranchOffset`].
pub(super) fn distance(from: usize, to: usize) -> Option<BranchOffset> {
    BranchOffset::try_from(to as i64 - from as i64).ok()
}

/// The absolute target of the branch at `at` of `code`, if it is one and the target is inside the code.
pub(super) fn branch_target(code: &[Instr], at: usize) -> Option<usize> {
    offset_target(at, code.get(at)?.branch_offset()?).filter(|target| *target < code.len())
}

/// New code under construction, with buffers reused from one function to the next.
#[derive(Default)]
pub(super) struct Rebuild {
    /// The new code and the code offset of each instruction.
    code: Vec<Instr>,
    offsets: Vec<u32>,
    /// Each branch of the new code, with its target as an old position.
    branches: Vec<(usize, usize)>,
    /// The new position of each old one, and of the old end.
    new_pos: Vec<usize>,
}

impl Rebuild {
    /// Starts the new version of `old_len` instructions, which will have about `extra` more.
    pub(super) fn start(&mut self, old_len: usize, extra: usize) {
        self.code.clear();
        self.code.reserve(old_len + extra);
        self.offsets.clear();
        self.offsets.reserve(old_len + extra);
        self.branches.clear();
        self.new_pos.clear();
        self.new_pos.resize(old_len + 1, 0);
    }

    /// The position the next instruction takes.
    pub(super) fn len(&self) -> usize {
        self.code.len()
    }

    /// Makes a branch to old position `old` land on new position `new`.
    pub(super) fn land(&mut self, old: usize, new: usize) {
        if let Some(pos) = self.new_pos.get_mut(old) {
            *pos = new;
        }
    }

    /// Appends `instr` with code offset `offset`; if it branches, its target is old position `target`. Gives
    /// its new position.
    pub(super) fn push(&mut self, instr: Instr, offset: u32, target: Option<usize>) -> usize {
        let pos = self.code.len();
        if let Some(target) = target {
            self.branches.push((pos, target));
        }
        self.code.push(instr);
        self.offsets.push(offset);
        pos
    }

    /// Aims every branch at the new position of its target and swaps the new code into `code` and `offsets`; the
    /// old end lands after the last instruction. Every old position a branch targets must have been landed on.
    /// If a branch cannot be aimed (a distance beyond `i32`, or a target noted on an instruction without a
    /// distance: a pass's bug), `code` and `offsets` stay as they were, which is still correct code.
    pub(super) fn install(&mut self, code: &mut Vec<Instr>, offsets: &mut Vec<u32>) {
        let end = self.code.len();
        if let Some(last) = self.new_pos.last_mut() {
            *last = end;
        }
        for &(pos, target) in &self.branches {
            let Some(&new) = self.new_pos.get(target) else {
                return;
            };
            let aimed = distance(pos, new).map(|offset| self.code[pos].set_branch_offset(offset));
            if aimed != Some(Ok(())) {
                return;
            }
        }
        core::mem::swap(code, &mut self.code);
        core::mem::swap(offsets, &mut self.offsets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branches_are_aimed_at_the_new_positions_of_their_targets() {
        // Old: 0: br -> 2; 1: return; 2: br -> 0 (backwards). New: a copy of old 1 is added before old 2.
        let old = vec![
            Instr::Br { offset: 2 },
            Instr::Return {},
            Instr::Br { offset: -2 },
        ];
        assert_eq!(branch_target(&old, 0), Some(2));
        assert_eq!(branch_target(&old, 2), Some(0));
        assert_eq!(branch_target(&old, 1), None);
        let mut rebuild = Rebuild::default();
        rebuild.start(old.len(), 1);
        for (at, instr) in old.iter().enumerate() {
            if at == 2 {
                rebuild.push(Instr::Return {}, 10, None);
            }
            let pos = rebuild.len();
            rebuild.land(at, pos);
            rebuild.push(*instr, at as u32, branch_target(&old, at));
        }
        let (mut code, mut offsets) = (old.clone(), vec![0, 1, 2]);
        rebuild.install(&mut code, &mut offsets);
        assert_eq!(
            code,
            [
                Instr::Br { offset: 3 },
                Instr::Return {},
                Instr::Return {},
                Instr::Br { offset: -3 },
            ]
        );
        assert_eq!(offsets, [0, 1, 10, 2]);
    }

    #[test]
    fn a_target_that_cannot_be_aimed_at_leaves_the_code_unchanged() {
        // A jump noted on an instruction that has no distance.
        let mut rebuild = Rebuild::default();
        rebuild.start(1, 0);
        rebuild.push(Instr::Return {}, 0, Some(0));
        let (mut code, mut offsets) = (vec![Instr::Br { offset: 0 }], vec![7]);
        rebuild.install(&mut code, &mut offsets);
        assert_eq!(code, [Instr::Br { offset: 0 }]);
        assert_eq!(offsets, [7]);
    }
}
