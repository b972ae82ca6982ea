//! Counted loops: an `i32.add` of a constant to a slot in place (`i = i + k`) followed by a conditional branch
//! on the sum (`br_if (i != 0)`, `i == n`, `i != n`, and `i < n`, `i <= n`, `i > n`, `i >= n` unsigned) becomes one
//! instruction that adds and tests (`BrIncNez`, `BrIncLtU`, ..., and `BrIncLtUImm`, ... against a constant bound);
//! so does a stride held in a slot (`j = j + p`, then the same tests against a slot: `BrAddLtU`, ...). A step of an
//! address followed by a branch on the i32 it addresses (`i += 4; br_if a[i] < pivot`, a scan, for every
//! comparison) becomes one instruction too (`BrIncLtSMem`, ...), and so does an interpreter's `pc += k` with the
//! table jump on the opcode byte at the new `pc` (`BrTableIncLoad8U`). Run last, on final code, so it also sees
//! the tests that loop rotation and tail duplication moved after the step.
//!
//! The pair is fused only where no branch lands on the test (it would then run without the add); the fused
//! instruction writes the sum as the add did, so everything after it sees the same state.

use super::cond::{Cond, StepCmp};
use super::relocate::{branch_target, offset_target};
use crate::ir::{Instr, NarrowSlot, Slot};

/// The pass's buffers, reused from one function to the next.
#[derive(Default)]
pub(crate) struct StepScratch {
    /// Each step followed by a fusable test, with the instruction that replaces the pair.
    steps: Vec<(usize, Instr)>,
    /// The position of every branch.
    branches: Vec<usize>,
    /// Per position: whether a branch lands there, then whether it is a removed test.
    marked: Vec<bool>,
}

/// Fuses each step-and-test pair of `code` (whose code offsets are `offsets`) in place; code that has none is
/// left unchanged.
pub(crate) fn fuse_counter_steps(
    code: &mut Vec<Instr>,
    offsets: &mut Vec<u32>,
    scratch: &mut StepScratch,
) {
    let n = code.len();
    let StepScratch {
        steps,
        branches,
        marked,
    } = scratch;
    // The steps followed by a fusable test (most code has none: then nothing else is looked at), then the
    // branches.
    steps.clear();
    for (at, pair) in code.windows(2).enumerate() {
        if is_step(&pair[0])
            && steps.last().is_none_or(|(last, _)| last + 1 < at)
            && let Some(fused) = fuse(&pair[0], &pair[1])
        {
            steps.push((at, fused));
        }
    }
    if steps.is_empty() {
        return;
    }
    branches.clear();
    branches.extend((0..n).filter(|at| code[*at].branch_offset().is_some()));
    // A test that a branch lands on stays (the branch would run it without the add).
    marked.clear();
    marked.resize(n, false);
    for &at in branches.iter() {
        if let Some(target) = branch_target(code, at) {
            marked[target] = true;
        }
    }
    steps.retain(|(at, _)| !marked[at + 1]);
    if steps.is_empty() {
        return;
    }
    // Each fused instruction replaces its step, with its test's code offset; the tests are removed below.
    for (at, fused) in steps.iter() {
        code[*at] = *fused;
        offsets[*at] = offsets.get(at + 1).copied().unwrap_or(u32::MAX);
    }
    let is_removed = marked;
    is_removed.fill(false);
    for (step, _) in steps.iter() {
        is_removed[step + 1] = true;
    }
    // Removing the tests (each one after its step) moves every later instruction back by the number removed
    // before it; a branch's distance shrinks by the number removed between it and its target (none is a target).
    // The branches are the ones found above, less the removed tests, plus the fused instructions.
    let removed_before = |at: usize| steps.partition_point(|(step, _)| step + 1 < at) as i32;
    let kept_branches = branches.iter().copied().filter(|at| !is_removed[*at]);
    for at in kept_branches.chain(steps.iter().map(|(at, _)| *at)) {
        let Some(offset) = code[at].branch_offset_mut() else {
            continue;
        };
        let Some(to) = offset_target(at, *offset) else {
            continue;
        };
        *offset -= removed_before(to) - removed_before(at);
    }
    let removed = steps.iter().map(|(step, _)| step + 1);
    remove_sorted(code, removed.clone());
    remove_sorted(offsets, removed);
}

/// Removes the elements at `removed` (increasing positions) from `items`, moving each run of kept elements
/// once.
fn remove_sorted<T: Copy>(items: &mut Vec<T>, removed: impl Iterator<Item = usize>) {
    let len = items.len();
    let mut removed = removed.filter(|at| *at < len).peekable();
    let Some(&first) = removed.peek() else {
        return;
    };
    let mut write = first;
    while let Some(at) = removed.next() {
        let next = removed.peek().copied().unwrap_or(len).max(at + 1);
        items.copy_within(at + 1..next, write);
        write += next - at - 1;
    }
    items.truncate(write);
}

/// Whether `instr` is of a kind [`fuse`] may fuse with the test after it (a cheap first filter).
fn is_step(instr: &Instr) -> bool {
    matches!(instr, Instr::I32AddImm { .. } | Instr::I32Add { .. })
}

/// The instruction that replaces `step` and the `test` after it, if they fuse.
fn fuse(step: &Instr, test: &Instr) -> Option<Instr> {
    let cond = match *step {
        Instr::I32AddImm { dst, lhs, imm } if dst == lhs => {
            // An interpreter's `pc += k` and the opcode fetch at the new `pc` that selects a table entry: the
            // entries, which follow the table jump, follow the fused instruction as they did.
            if let Instr::BrTableLoad8U {
                addr,
                offset,
                targets,
            } = *test
            {
                return (addr == dst).then_some(Instr::BrTableIncLoad8U {
                    counter: dst,
                    offset,
                    targets,
                    imm: i16::try_from(imm).ok()?,
                });
            }
            step_and_test(dst, imm, test)?
        }
        Instr::I32Add { dst, lhs, rhs } => stride_and_test(dst, lhs, rhs, test)?,
        _ => return None,
    };
    // The fused instruction takes the step's position, one before the test's: aimed one further.
    let offset = test.branch_offset()?.checked_add(1)?;
    Some(cond.branch(offset))
}

/// The condition of the fused instruction, if `test` branches on the sum of the step `counter += imm`.
fn step_and_test(counter: Slot, imm: i32, test: &Instr) -> Option<Cond> {
    let (cond, _) = Cond::from_branch(test)?;
    match cond {
        Cond::Nez(tested) | Cond::Eqz(tested) if tested == counter => Some(Cond::Step {
            counter,
            imm,
            nonzero: matches!(cond, Cond::Nez(_)),
        }),
        Cond::Cmp(cmp, tested, rhs) if tested == counter && rhs != counter => Some(Cond::StepCmp {
            counter,
            imm: i16::try_from(imm).ok()?,
            cmp: StepCmp::of(cmp)?,
            rhs,
        }),
        Cond::CmpImm(cmp, tested, bound) if tested == counter => Some(Cond::StepImm {
            counter,
            imm: i16::try_from(imm).ok()?,
            cmp: StepCmp::of(cmp)?,
            bound,
        }),
        Cond::CmpMem(cmp, addr, rhs, disp) if Slot::from(addr) == counter && rhs != counter => {
            Some(Cond::StepMem {
                counter: addr,
                imm: i16::try_from(imm).ok()?,
                cmp,
                rhs: NarrowSlot::try_from(rhs).ok()?,
                disp,
            })
        }
        _ => None,
    }
}

/// The condition of the fused instruction, if `dst = lhs + rhs` adds a (narrow) slot to `dst` in place and `test`
/// compares the sum with a third slot.
fn stride_and_test(dst: Slot, lhs: Slot, rhs: Slot, test: &Instr) -> Option<Cond> {
    // Addition commutes: the stride is whichever operand is not the counter.
    let stride = match (lhs == dst, rhs == dst) {
        (true, false) => rhs,
        (false, true) => lhs,
        _ => return None,
    };
    let (Cond::Cmp(cmp, tested, bound), _) = Cond::from_branch(test)? else {
        return None;
    };
    if tested != dst || bound == dst {
        return None;
    }
    Some(Cond::StepBy {
        counter: dst,
        step: NarrowSlot::try_from(stride).ok()?,
        cmp: StepCmp::of(cmp)?,
        rhs: bound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_sorted_positions_keeps_the_rest_in_order() {
        let cases: [(&[usize], &[u32]); 5] = [
            (&[], &[0, 1, 2, 3, 4, 5]),
            (&[0], &[1, 2, 3, 4, 5]),
            (&[5], &[0, 1, 2, 3, 4]),
            (&[1, 3, 4], &[0, 2, 5]),
            // Positions past the end are ignored.
            (&[2, 9], &[0, 1, 3, 4, 5]),
        ];
        for (removed, kept) in cases {
            let mut items: Vec<u32> = (0..6).collect();
            remove_sorted(&mut items, removed.iter().copied());
            assert_eq!(items, kept, "removing {removed:?}");
        }
    }

    #[test]
    fn a_step_and_its_test_become_one_instruction() {
        // 0: i += 1; 1: br_if i <u n -> 0; 2: j -= 1; 3: br_if j != 0 -> 2; 4: return
        let code = vec![
            Instr::I32AddImm {
                dst: 1,
                lhs: 1,
                imm: 1,
            },
            Instr::BrI32LtU {
                lhs: 1,
                rhs: 0,
                offset: -1,
            },
            Instr::I32AddImm {
                dst: 2,
                lhs: 2,
                imm: -1,
            },
            Instr::BrIfNez {
                cond: 2,
                offset: -1,
            },
            Instr::Return {},
        ];
        let (mut out, mut offsets) = (code, vec![10, 11, 12, 13, 14]);
        fuse_counter_steps(&mut out, &mut offsets, &mut StepScratch::default());
        assert_eq!(
            out,
            vec![
                Instr::BrIncLtU {
                    counter: 1,
                    rhs: 0,
                    offset: 0,
                    imm: 1
                },
                Instr::BrIncNez {
                    counter: 2,
                    imm: -1,
                    offset: 0
                },
                Instr::Return {},
            ]
        );
        assert_eq!(offsets, vec![11, 13, 14]);
    }

    #[test]
    fn a_stride_in_a_slot_and_its_test_become_one_instruction() {
        // 0: j = p + j; 1: br_if j <u n -> 0; 2: k += p; 3: br_if k == n -> 5; 4: return; 5: return
        let code = vec![
            Instr::I32Add {
                dst: 1,
                lhs: 3,
                rhs: 1,
            },
            Instr::BrI32LtU {
                lhs: 1,
                rhs: 0,
                offset: -1,
            },
            Instr::I32Add {
                dst: 2,
                lhs: 2,
                rhs: 3,
            },
            Instr::BrI32Eq {
                lhs: 2,
                rhs: 0,
                offset: 2,
            },
            Instr::Return {},
            Instr::Return {},
        ];
        let (mut out, mut offsets) = (code, vec![10, 11, 12, 13, 14, 15]);
        fuse_counter_steps(&mut out, &mut offsets, &mut StepScratch::default());
        assert_eq!(
            out,
            vec![
                Instr::BrAddLtU {
                    counter: 1,
                    rhs: 0,
                    offset: 0,
                    step: 3
                },
                Instr::BrAddEq {
                    counter: 2,
                    rhs: 0,
                    offset: 2,
                    step: 3
                },
                Instr::Return {},
                Instr::Return {},
            ]
        );
        assert_eq!(offsets, vec![11, 13, 14, 15]);
    }

    #[test]
    fn a_stride_that_is_the_counter_too_wide_or_tested_alone_is_kept() {
        let code = vec![
            // Doubling: both operands are the counter.
            Instr::I32Add {
                dst: 1,
                lhs: 1,
                rhs: 1,
            },
            Instr::BrI32LtU {
                lhs: 1,
                rhs: 0,
                offset: -1,
            },
            // The stride's slot does not fit a narrow slot.
            Instr::I32Add {
                dst: 1,
                lhs: 1,
                rhs: 1 << 16,
            },
            Instr::BrI32LtU {
                lhs: 1,
                rhs: 0,
                offset: -1,
            },
            // A test against zero, and a test of the counter against itself.
            Instr::I32Add {
                dst: 1,
                lhs: 1,
                rhs: 2,
            },
            Instr::BrIfNez {
                cond: 1,
                offset: -1,
            },
            Instr::I32Add {
                dst: 1,
                lhs: 2,
                rhs: 1,
            },
            Instr::BrI32Ne {
                lhs: 1,
                rhs: 1,
                offset: -1,
            },
            // A signed test.
            Instr::I32Add {
                dst: 1,
                lhs: 1,
                rhs: 2,
            },
            Instr::BrI32LtS {
                lhs: 1,
                rhs: 0,
                offset: -1,
            },
            Instr::Return {},
        ];
        let mut out = code.clone();
        fuse_counter_steps(
            &mut out,
            &mut (0..11).collect(),
            &mut StepScratch::default(),
        );
        assert_eq!(out, code);
    }

    #[test]
    fn a_test_a_branch_lands_on_or_that_reads_another_slot_is_kept() {
        let code = vec![
            // A branch lands on the test after this step.
            Instr::I32AddImm {
                dst: 1,
                lhs: 1,
                imm: 1,
            },
            Instr::BrIfNez { cond: 1, offset: 3 },
            // The test reads another slot; the step is not in place; the constant does not fit 16 bits.
            Instr::I32AddImm {
                dst: 2,
                lhs: 2,
                imm: 1,
            },
            Instr::BrIfNez {
                cond: 1,
                offset: -1,
            },
            Instr::I32AddImm {
                dst: 2,
                lhs: 3,
                imm: 1,
            },
            Instr::BrIfNez {
                cond: 2,
                offset: -4,
            },
            Instr::I32AddImm {
                dst: 2,
                lhs: 2,
                imm: 1 << 20,
            },
            Instr::BrI32Ne {
                lhs: 2,
                rhs: 0,
                offset: -6,
            },
            Instr::Return {},
        ];
        let mut out = code.clone();
        fuse_counter_steps(&mut out, &mut (0..9).collect(), &mut StepScratch::default());
        assert_eq!(out, code);
    }
}
