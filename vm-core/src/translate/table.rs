//! Table folding: a test of a value against a constant just before a table jump on the same value
//! (`br_if $l (x == 15); br_table ... x`) becomes an entry of the table, so the value is dispatched on once.
//! LLVM lowers a `match` that way when one case lies outside the cluster of the others (an interpreter's last
//! opcode, tested before the jump table): the folded table's entry 15 jumps to `$l`, the entries between the old
//! default and 15 jump where the default did, and the default stays last.
//!
//! The test is removed and the table grows by at most [`MAX_GROWTH`] entries. A pair is folded only where no
//! branch lands on the table jump (it would then dispatch without the test) nor on an entry the fold replaces,
//! where the test's target lies outside the table, and where every entry is a jump or a return (a single
//! instruction that can be copied or replaced). The folded code does exactly what the pair did, for every value:
//! the table jump clamps an index past its entries to the default, as before.

use super::relocate::{Rebuild, branch_target};
use crate::ir::{Instr, Slot};

/// At most this many entries are added to a table.
const MAX_GROWTH: u32 = 16;

/// The pass's buffers, reused from one function to the next.
#[derive(Default)]
pub(crate) struct TableScratch {
    /// The pairs that fold, in position order.
    folds: Vec<Fold>,
    /// Per position: whether a branch lands there.
    landed: Vec<bool>,
    rebuild: Rebuild,
}

/// A test at `test` and the table jump after it, which fold.
#[derive(Debug, Clone, Copy)]
struct Fold {
    test: usize,
    /// The entry the test selects.
    entry: u32,
    /// The table's number of entries minus one.
    targets: u32,
    /// The value both dispatch on.
    index: Slot,
}

impl Fold {
    fn table(&self) -> usize {
        self.test + 1
    }

    /// The position of the default entry.
    fn default_entry(&self) -> usize {
        self.table() + 1 + self.targets as usize
    }

    /// The position of the entry the fold replaces, if the test selects one of the table's.
    fn replaced(&self) -> Option<usize> {
        (self.entry < self.targets).then(|| self.table() + 1 + self.entry as usize)
    }
}

/// Folds each test of `code` (whose code offsets are `offsets`) into the table jump after it, looking only before
/// the table jumps at `tables` (increasing positions); code that has none is left unchanged.
pub(crate) fn fold_tests_into_tables(
    code: &mut Vec<Instr>,
    offsets: &mut Vec<u32>,
    tables: &[usize],
    scratch: &mut TableScratch,
) {
    if rebuild_with_folds(code, offsets, tables, scratch) {
        scratch.rebuild.install(code, offsets);
    }
}

/// The test at `at` and the table after it, if the pair may fold (before checking where branches land).
fn foldable(code: &[Instr], at: usize) -> Option<Fold> {
    let Instr::BrI32EqImm { lhs, imm, .. } = *code.get(at)? else {
        return None;
    };
    let Instr::BrTable { index, targets } = *code.get(at + 1)? else {
        return None;
    };
    let entry = u32::try_from(imm).ok()?;
    let entries = at + 2..at + 3 + targets as usize;
    let fits = entry < targets.checked_add(MAX_GROWTH)?;
    let test_target = branch_target(code, at)?;
    let simple_entries = code
        .get(entries.clone())?
        .iter()
        .all(|e| matches!(e, Instr::Br { .. }) || e.ends_path());
    (index == lhs && fits && simple_entries && !(at + 1..entries.end).contains(&test_target))
        .then_some(Fold {
            test: at,
            entry,
            targets,
            index,
        })
}

/// Builds the code with its tests folded in `scratch.rebuild`; false (the rebuild meaningless) where there is
/// nothing to fold.
fn rebuild_with_folds(
    code: &[Instr],
    offsets: &[u32],
    tables: &[usize],
    scratch: &mut TableScratch,
) -> bool {
    let TableScratch {
        folds,
        landed,
        rebuild,
    } = scratch;
    let n = code.len();
    folds.clear();
    folds.extend(
        tables
            .iter()
            .filter_map(|table| foldable(code, table.checked_sub(1)?)),
    );
    if folds.is_empty() {
        return false;
    }
    landed.clear();
    landed.resize(n, false);
    for at in 0..n {
        if let Some(target) = branch_target(code, at) {
            landed[target] = true;
        }
    }
    folds.retain(|fold| !landed[fold.table()] && fold.replaced().is_none_or(|e| !landed[e]));
    if folds.is_empty() {
        return false;
    }

    let offset_of = |at: usize| offsets.get(at).copied().unwrap_or(u32::MAX);
    // Appends the instruction from old position `origin`, with the target of `code[target_at]`'s branch.
    let keep = |rebuild: &mut Rebuild, origin: usize, instr: Instr, target_at: usize| {
        rebuild.push(instr, offset_of(origin), branch_target(code, target_at))
    };
    rebuild.start(n, folds.len() * MAX_GROWTH as usize);
    let mut pending = folds.iter().peekable();
    let mut at = 0;
    while at < n {
        let Some(fold) = pending.next_if(|fold| fold.test == at) else {
            let pos = keep(rebuild, at, code[at], at);
            rebuild.land(at, pos);
            at += 1;
            continue;
        };
        let (test, table, default) = (fold.test, fold.table(), fold.default_entry());
        let new_targets = fold.targets.max(fold.entry + 1);
        let instr = Instr::BrTable {
            index: fold.index,
            targets: new_targets,
        };
        let pos = keep(rebuild, table, instr, table);
        rebuild.land(test, pos);
        rebuild.land(table, pos);
        for i in 0..=new_targets {
            let old = if i == fold.entry {
                test
            } else if i < fold.targets {
                table + 1 + i as usize
            } else {
                default
            };
            let instr = if old == test {
                Instr::Br { offset: 0 }
            } else {
                code[old]
            };
            let pos = keep(rebuild, old, instr, old);
            if i < fold.targets {
                rebuild.land(table + 1 + i as usize, pos);
            } else if i == new_targets {
                rebuild.land(default, pos);
            }
        }
        at = default + 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pass on `code` with each instruction's offset its index, checking that the offsets stay parallel.
    fn folded(code: &[Instr]) -> (Vec<Instr>, Vec<u32>) {
        let (mut out, mut out_offsets) = (code.to_vec(), (0..code.len() as u32).collect());
        let tables: Vec<usize> = (0..code.len())
            .filter(|at| matches!(code[*at], Instr::BrTable { .. }))
            .collect();
        fold_tests_into_tables(
            &mut out,
            &mut out_offsets,
            &tables,
            &mut TableScratch::default(),
        );
        assert_eq!(out.len(), out_offsets.len());
        (out, out_offsets)
    }

    const fn br(offset: i32) -> Instr {
        Instr::Br { offset }
    }

    /// 0: x == `imm` -> 7; 1: table on x: [2 -> 5, 3 -> 6, 4 (default) -> 8]; 5, 6, 7, 8: returns.
    fn test_then_table(imm: i32) -> Vec<Instr> {
        vec![
            Instr::BrI32EqImm {
                lhs: 3,
                imm,
                offset: 7,
            },
            Instr::BrTable {
                index: 3,
                targets: 2,
            },
            br(3),
            br(3),
            br(4),
            Instr::ReturnSlot { src: 5 },
            Instr::ReturnSlot { src: 6 },
            Instr::ReturnSlot { src: 7 },
            Instr::ReturnSlot { src: 8 },
        ]
    }

    #[test]
    fn a_test_past_the_table_grows_it_and_the_gap_goes_to_the_default() {
        let (out, offsets) = folded(&test_then_table(4));
        // 0: table [1 -> 7, 2 -> 8, 3 -> 10 (a gap, as the default), 4 -> 10 (a gap), 5 -> 9 (the test's),
        // 6 -> 10 (the default)]; 7-10: the returns.
        let expected = vec![
            Instr::BrTable {
                index: 3,
                targets: 5,
            },
            br(6),
            br(6),
            br(7),
            br(6),
            br(4),
            br(4),
            Instr::ReturnSlot { src: 5 },
            Instr::ReturnSlot { src: 6 },
            Instr::ReturnSlot { src: 7 },
            Instr::ReturnSlot { src: 8 },
        ];
        assert_eq!(out, expected);
        assert_eq!(offsets, [1, 2, 3, 4, 4, 0, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn a_test_inside_the_table_replaces_its_entry() {
        let (out, _) = folded(&test_then_table(1));
        let expected = vec![
            Instr::BrTable {
                index: 3,
                targets: 2,
            },
            br(3),
            br(4),
            br(4),
            Instr::ReturnSlot { src: 5 },
            Instr::ReturnSlot { src: 6 },
            Instr::ReturnSlot { src: 7 },
            Instr::ReturnSlot { src: 8 },
        ];
        assert_eq!(out, expected);
    }

    #[test]
    fn a_test_of_a_negative_or_distant_value_or_of_another_slot_is_left_alone() {
        for imm in [-1, 2 + MAX_GROWTH as i32, i32::MIN] {
            let code = test_then_table(imm);
            assert_eq!(folded(&code).0, code, "imm {imm}");
        }
        let mut code = test_then_table(4);
        code[0] = Instr::BrI32EqImm {
            lhs: 4,
            imm: 4,
            offset: 7,
        };
        assert_eq!(folded(&code).0, code);
    }

    #[test]
    fn a_table_that_a_branch_lands_on_or_a_test_aimed_into_the_table_is_left_alone() {
        // A jump to the table itself would skip the test.
        let mut code = test_then_table(4);
        code.push(Instr::Br { offset: -8 });
        assert_eq!(folded(&code).0, code);
        // A test whose target is an entry.
        let mut code = test_then_table(4);
        code[0] = Instr::BrI32EqImm {
            lhs: 3,
            imm: 4,
            offset: 3,
        };
        assert_eq!(folded(&code).0, code);
        // An entry that is not a single jump or return.
        let mut code = test_then_table(4);
        code[3] = Instr::Const32 { dst: 1, value: 0 };
        assert_eq!(folded(&code).0, code);
    }

    #[test]
    fn branches_around_a_folded_table_keep_their_targets() {
        // 0: br -> 2 (the test: landing on it reaches the folded table); 1: return; then the pair at 2, and a
        // jump back over everything at the end.
        let mut code = vec![br(2), Instr::Return {}];
        code.extend(test_then_table(4));
        code.push(br(-11));
        let (out, _) = folded(&code);
        assert_eq!(out[0], br(2));
        assert!(matches!(out[2], Instr::BrTable { targets: 5, .. }));
        assert_eq!(out[13], br(-13));
    }
}
