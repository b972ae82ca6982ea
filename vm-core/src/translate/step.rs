//! Counted loops: an `i32.add` of a constant to a slot in place (`i = i + k`) followed by a conditional branch
//! on the sum (`br_if (i != 0)`, `i != n`, `i < n` unsigned, and their negations) becomes one instruction that
//! adds and tests (`BrIncNez`, `BrIncLtU`, ...). Run last, on final code, so it also sees the tests that loop
//! rotation and tail duplication moved after the step.
//!
//! The pair is fused only where no branch lands on the test (it would then run without the add); the fused
//! instruction writes the sum as the add did, so everything after it sees the same state.

use super::cond::{Cond, StepCmp};
use crate::ir::Instr;

/// Returns the code with each step-and-test pair fused; code that has none comes back unchanged.
pub(crate) fn fuse_counter_steps(code: Vec<Instr>, offsets: Vec<u32>) -> (Vec<Instr>, Vec<u32>) {
    let n = code.len();
    // The fused test at `at + 1` of each pair, with the condition, when there is at least one.
    let mut fused: Vec<(usize, Cond)> = Vec::new();
    let mut at = 0;
    while at + 1 < n {
        if let Some(cond) = step_and_test(&code[at], &code[at + 1]) {
            fused.push((at, cond));
            at += 2;
        } else {
            at += 1;
        }
    }
    if fused.is_empty() {
        return (code, offsets);
    }
    // Each instruction's branch target, and whether any branch lands on it.
    let targets: Vec<Option<usize>> = code
        .iter()
        .enumerate()
        .map(|(at, instr)| {
            let offset = instr.branch_offset()?;
            usize::try_from(at as i64 + i64::from(offset))
                .ok()
                .filter(|t| *t < n)
        })
        .collect();
    let target_of = |at: usize| targets.get(at).copied().flatten();
    let mut is_target = vec![false; n];
    for target in targets.iter().flatten() {
        is_target[*target] = true;
    }
    fused.retain(|(at, _)| !is_target[at + 1]);
    if fused.is_empty() {
        return (code, offsets);
    }

    // Rebuild without each fused test, noting every branch's old target, then relocate.
    let mut out = Vec::with_capacity(n - fused.len());
    let mut out_offsets = Vec::with_capacity(n - fused.len());
    let mut branches: Vec<(usize, usize)> = Vec::new();
    let mut new_pos = vec![0usize; n + 1];
    let mut pending = fused.iter().peekable();
    let mut at = 0;
    while at < n {
        new_pos[at] = out.len();
        let instr = match pending.next_if(|(step, _)| *step == at) {
            Some((_, cond)) => {
                // The test's position maps to the fused instruction too (nothing branches there).
                new_pos[at + 1] = out.len();
                if let Some(target) = target_of(at + 1) {
                    branches.push((out.len(), target));
                }
                out_offsets.push(offsets.get(at + 1).copied().unwrap_or(u32::MAX));
                at += 2;
                cond.branch(0)
            }
            None => {
                if let Some(target) = target_of(at) {
                    branches.push((out.len(), target));
                }
                out_offsets.push(offsets.get(at).copied().unwrap_or(u32::MAX));
                at += 1;
                code[at - 1]
            }
        };
        out.push(instr);
    }
    new_pos[n] = out.len();
    for (pos, target) in branches {
        let offset = i32::try_from(new_pos[target] as i64 - pos as i64);
        // Only branches have targets, and the code shrank; if either failed, the original code is still correct.
        match offset.map(|offset| out[pos].set_branch_offset(offset)) {
            Ok(Ok(())) => {}
            _ => return (code, offsets),
        }
    }
    (out, out_offsets)
}

/// The condition of the fused instruction, if `step` adds a constant to a slot in place and `test` branches on
/// the sum.
fn step_and_test(step: &Instr, test: &Instr) -> Option<Cond> {
    let Instr::I32AddImm { dst, lhs, imm } = *step else {
        return None;
    };
    if dst != lhs {
        return None;
    }
    let (cond, _) = Cond::from_branch(test)?;
    match cond {
        Cond::Nez(tested) | Cond::Eqz(tested) if tested == dst => Some(Cond::Step {
            counter: dst,
            imm,
            nonzero: matches!(cond, Cond::Nez(_)),
        }),
        Cond::Cmp(cmp, tested, rhs) if tested == dst && rhs != dst => Some(Cond::StepCmp {
            counter: dst,
            imm: i16::try_from(imm).ok()?,
            cmp: StepCmp::of(cmp)?,
            rhs,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (out, offsets) = fuse_counter_steps(code, vec![10, 11, 12, 13, 14]);
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
        let (out, _) = fuse_counter_steps(code.clone(), (0..9).collect());
        assert_eq!(out, code);
    }
}
