//! Tail duplication: an unconditional jump to a short piece of code that ends in a control transfer (a
//! `br_table`, a jump or a return) is replaced by a copy of that code. The piece may contain a loop's conditional
//! back edge (the copy keeps its target), so a jump to the test that closes a loop becomes that test.
//!
//! The typical case is an interpreter written in wasm: every opcode handler ends with `br $next`, and the loop
//! head loads the next opcode and dispatches on it with `br_table`. With the head copied into each handler, a
//! step saves the jump, and each copy of the `br_table` gets its own indirect branch in the host, which predicts
//! the next opcode from the current one (the benefit threaded code has over a central dispatch loop).
//!
//! A jump to a short straight-line head that ends in a conditional branch to just after the jump is copied too,
//! with the condition negated: `L: head; br_if $exit c; ...; br L` then runs `head; br_if !c L+1` at the bottom
//! (loop rotation for heads the jump peephole cannot rotate in place, such as a fuel charge or a load before the
//! exit test).
//!
//! The copy does exactly what the jump and the original code would, from the same state; calls in the copy return
//! into the copy. Branch targets are kept as absolute positions while the code is rebuilt, then made relative.

use core::ops::Range;

use super::cond::Cond;
use super::relocate::{Rebuild, branch_target};
use crate::ir::Instr;

/// What replaces one jump.
#[derive(Debug, Clone)]
enum Replacement {
    /// The code at `range`, as it is.
    Tail(Range<usize>),
    /// The plain code at `head`, then the conditional branch at `exit` negated, targeting the instruction after
    /// it.
    RotatedHead { head: Range<usize>, exit: usize },
}

impl Replacement {
    fn len(&self) -> usize {
        match self {
            Self::Tail(range) => range.len(),
            Self::RotatedHead { head, .. } => head.len() + 1,
        }
    }

    fn contains(&self, at: usize) -> bool {
        match self {
            Self::Tail(range) => range.contains(&at),
            Self::RotatedHead { head, exit } => head.contains(&at) || *exit == at,
        }
    }
}

/// At most this many straight-line instructions before the control transfer.
const MAX_BODY: usize = 4;
/// At most this many instructions in one copy, `br_table` entries included.
const MAX_COPY: usize = 40;

/// The pass's buffers, reused from one function to the next.
#[derive(Default)]
pub(crate) struct DuplicateScratch {
    is_entry: Vec<bool>,
    copies: Vec<(usize, Replacement)>,
    rebuild: Rebuild,
}

/// Copies short tails of `code` (whose code offsets are `offsets`) into the jumps to them; code that has none is
/// left unchanged.
pub(crate) fn duplicate_short_tails(
    code: &mut Vec<Instr>,
    offsets: &mut Vec<u32>,
    scratch: &mut DuplicateScratch,
) {
    if rebuild_with_copies(code, offsets, scratch) {
        scratch.rebuild.install(code, offsets);
    }
}

/// Builds the code with its short tails copied in `scratch.rebuild`; false (the rebuild meaningless) where there
/// is nothing to copy.
fn rebuild_with_copies(code: &[Instr], offsets: &[u32], scratch: &mut DuplicateScratch) -> bool {
    let DuplicateScratch {
        is_entry,
        copies,
        rebuild,
    } = scratch;
    // Each instruction keeps the module offset of its origin (a copy, that of the instruction it copies).
    let offset_of = |i: usize| offsets.get(i).copied().unwrap_or(u32::MAX);
    let n = code.len();
    // `br_table` entries must stay single jumps (most functions have none: then no table is built).
    is_entry.clear();
    for (at, instr) in code.iter().enumerate() {
        if let Some(targets) = instr.table_entries() {
            if is_entry.is_empty() {
                is_entry.resize(n, false);
            }
            let end = (at + 2 + targets as usize).min(n);
            if let Some(entries) = is_entry.get_mut(at + 1..end) {
                entries.fill(true);
            }
        }
    }
    let is_entry = |at: usize| is_entry.get(at).copied().unwrap_or(false);
    let target_of = |at: usize| branch_target(code, at);
    // A conditional branch back to before the tail (a loop's back edge) may be part of it.
    let is_back_edge = |at: usize, start: usize| {
        Cond::from_branch(&code[at]).is_some() && target_of(at).is_some_and(|target| target < start)
    };
    let tail_at = |start: usize| -> Option<Range<usize>> {
        let mut at = start;
        while at < n && at - start < MAX_BODY && (is_plain(&code[at]) || is_back_edge(at, start)) {
            at += 1;
        }
        let end = match code.get(at)? {
            Instr::Br { .. }
            | Instr::Return {}
            | Instr::ReturnSlot { .. }
            | Instr::ReturnSpan { .. } => at + 1,
            instr => at + 2 + instr.table_entries()? as usize,
        };
        // A lone jump is not copied (the jump peephole already aimed the jumps to it at its target); a lone
        // return or table jump is (a table jump with its load fused is a whole dispatch head).
        let lone_jump = at == start && matches!(code[at], Instr::Br { .. });
        (!lone_jump && end <= n && end - start <= MAX_COPY).then_some(start..end)
    };

    // A plain head ending in a conditional branch whose target is `after`.
    let head_at = |start: usize, after: usize| -> Option<(Range<usize>, usize)> {
        let mut at = start;
        while at < n && at - start < MAX_BODY && is_plain(&code[at]) {
            at += 1;
        }
        let exits_to_after =
            Cond::from_branch(code.get(at)?).is_some() && target_of(at) == Some(after);
        (at > start && exits_to_after).then_some((start..at, at))
    };

    // Copies may at most triple the function (an interpreter loop copies its dispatch head, table entries
    // included, into every handler). They are few: kept as (position, copy), in position order.
    let mut budget = 2 * n + MAX_COPY;
    copies.clear();
    for (at, instr) in code.iter().enumerate() {
        if is_entry(at) || !matches!(instr, Instr::Br { .. }) {
            continue;
        }
        // A jump to the next instruction gains nothing from a copy.
        let Some(target) = target_of(at).filter(|target| *target != at + 1) else {
            continue;
        };
        // A rotated loop head runs one instruction fewer per iteration than a copy of the whole loop body.
        let copy = match head_at(target, at + 1) {
            Some((head, exit)) => Replacement::RotatedHead { head, exit },
            None => match tail_at(target) {
                Some(tail) => Replacement::Tail(tail),
                None => continue,
            },
        };
        if copy.contains(at) || copy.len() > budget {
            continue;
        }
        budget -= copy.len();
        copies.push((at, copy));
    }
    if copies.is_empty() {
        return false;
    }

    let extra: usize = copies.iter().map(|(_, copy)| copy.len()).sum();
    rebuild.start(n, extra);
    let mut pending = copies.iter().peekable();
    for at in 0..n {
        rebuild.land(at, rebuild.len());
        let copy = pending
            .next_if(|(copy_at, _)| *copy_at == at)
            .map(|(_, copy)| copy);
        match copy {
            Some(Replacement::Tail(tail)) => {
                for i in tail.clone() {
                    rebuild.push(code[i], offset_of(i), target_of(i));
                }
            }
            Some(Replacement::RotatedHead { head, exit }) => {
                for i in head.clone() {
                    rebuild.push(code[i], offset_of(i), None);
                }
                let Some((cond, _)) = Cond::from_branch(&code[*exit]) else {
                    // `head_at` only chooses conditional branches.
                    return false;
                };
                rebuild.push(cond.negate().branch(0), offset_of(*exit), Some(exit + 1));
            }
            None => {
                rebuild.push(code[at], offset_of(at), target_of(at));
            }
        }
    }
    true
}

/// Straight-line instructions: no branch, no return, no `br_table`.
fn is_plain(instr: &Instr) -> bool {
    instr.branch_offset().is_none() && !instr.ends_path() && instr.table_entries().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pass on `code`, with each instruction's offset its index, checking that every output instruction keeps
    /// the offset of the instruction it comes from.
    fn without_offsets(code: Vec<Instr>) -> Vec<Instr> {
        let (mut out, mut out_offsets) = (code.clone(), (0..code.len() as u32).collect());
        duplicate_short_tails(&mut out, &mut out_offsets, &mut DuplicateScratch::default());
        assert_eq!(out.len(), out_offsets.len());
        for (instr, origin) in out.iter().zip(&out_offsets) {
            let original = code[*origin as usize];
            // A copy is the same instruction, but a branch's distance (or a rotated head's exit) changes.
            if original.branch_offset().is_none() {
                assert_eq!(*instr, original);
            }
        }
        out
    }

    #[test]
    fn jumps_to_a_dispatch_head_get_a_copy_of_it() {
        // 0: load; 1: br_table [2 -> 4, 3 -> 6]; 4: add; 5: br -> 0; 6: return
        let code = vec![
            Instr::Load8U {
                dst: 1,
                addr: 0,
                offset: 0,
            },
            Instr::BrTable {
                index: 1,
                targets: 1,
            },
            Instr::Br { offset: 2 },
            Instr::Br { offset: 3 },
            Instr::I32AddImm {
                dst: 0,
                lhs: 0,
                imm: 1,
            },
            Instr::Br { offset: -5 },
            Instr::Return {},
        ];
        let out = without_offsets(code);
        assert_eq!(out.len(), 10);
        // The jump at 5 became load, br_table and its two entries, which still reach the add and the return.
        assert_eq!(
            out[5],
            Instr::Load8U {
                dst: 1,
                addr: 0,
                offset: 0
            }
        );
        assert_eq!(
            out[6],
            Instr::BrTable {
                index: 1,
                targets: 1
            }
        );
        assert_eq!(out[7], Instr::Br { offset: -3 });
        assert_eq!(out[8], Instr::Br { offset: 1 });
        assert_eq!(out[9], Instr::Return {});
        // The original entries now point at the shifted add and return.
        assert_eq!(out[2], Instr::Br { offset: 2 });
        assert_eq!(out[3], Instr::Br { offset: 6 });
    }

    #[test]
    fn a_dispatch_head_of_one_table_jump_is_copied_too() {
        // 0: br_table on a loaded byte [1 -> 3, 2 -> 5]; 3: add; 4: br -> 0; 5: return
        let code = vec![
            Instr::BrTableLoad8U {
                addr: 0,
                offset: 0,
                targets: 1,
            },
            Instr::Br { offset: 2 },
            Instr::Br { offset: 3 },
            Instr::I32AddImm {
                dst: 0,
                lhs: 0,
                imm: 1,
            },
            Instr::Br { offset: -4 },
            Instr::Return {},
        ];
        let out = without_offsets(code.clone());
        assert_eq!(out.len(), 8);
        assert_eq!(out[4], code[0]);
        assert_eq!(out[5], Instr::Br { offset: -2 });
        assert_eq!(out[6], Instr::Br { offset: 1 });
        assert_eq!(out[7], Instr::Return {});
    }

    #[test]
    fn every_handler_of_a_wide_dispatch_gets_its_head_and_the_copies_stay_bounded() {
        // 0: br_table on a loaded byte with `k` entries, each to a handler of five adds and `br -> 0`.
        const BODY: usize = 5;
        let code_for = |k: usize| {
            let mut code = vec![Instr::BrTableLoad8U {
                addr: 0,
                offset: 0,
                targets: k as u32 - 1,
            }];
            let handler_at = |handler: usize| 1 + k + (BODY + 1) * handler;
            for entry in 0..k {
                code.push(Instr::Br {
                    offset: (handler_at(entry) - (1 + entry)) as i32,
                });
            }
            for handler in 0..k {
                for _ in 0..BODY {
                    code.push(Instr::I32AddImm {
                        dst: 0,
                        lhs: 0,
                        imm: 1,
                    });
                }
                code.push(Instr::Br {
                    offset: -((handler_at(handler) + BODY) as i32),
                });
            }
            code
        };
        // Fifteen handlers and a 16-instruction head (more than the function's size in copies): each handler
        // gets one.
        let code = code_for(15);
        let out = without_offsets(code.clone());
        let heads = out.iter().filter(|i| **i == code[0]).count();
        assert_eq!(heads, 1 + 15);
        // Twice as many, with a head twice as long: the copies stop at about twice the function.
        let code = code_for(30);
        let out = without_offsets(code.clone());
        assert!(
            out.len() <= 3 * code.len() + MAX_COPY,
            "{} from {}",
            out.len(),
            code.len()
        );
        assert!(
            out.len() > 2 * code.len(),
            "{} from {}",
            out.len(),
            code.len()
        );
    }

    #[test]
    fn a_jump_back_to_a_head_with_an_exit_test_is_rotated() {
        // 0: fuel; 1: br_if_eqz s1 -> 4 (exit); 2: add; 3: br -> 0; 4: return
        let code = vec![
            Instr::ConsumeFuel { amount: 3 },
            Instr::BrIfEqz { cond: 1, offset: 3 },
            Instr::I32AddImm {
                dst: 1,
                lhs: 1,
                imm: -1,
            },
            Instr::Br { offset: -3 },
            Instr::Return {},
        ];
        let out = without_offsets(code);
        // The jump became the head and the negated test, which loops back to the add.
        assert_eq!(out.len(), 6);
        assert_eq!(out[3], Instr::ConsumeFuel { amount: 3 });
        assert_eq!(
            out[4],
            Instr::BrIfNez {
                cond: 1,
                offset: -2
            }
        );
        assert_eq!(out[5], Instr::Return {});
        // The entry still tests first and exits to the return.
        assert_eq!(out[1], Instr::BrIfEqz { cond: 1, offset: 4 });
    }

    #[test]
    fn a_jump_to_a_back_edge_test_gets_a_copy_with_the_same_targets() {
        // 0: add; 1: br -> 4; 2: sub; 3: br -> 4; 4: store; 5: br_if_ne -> 0; 6: const; 7: return
        let code = vec![
            Instr::I32AddImm {
                dst: 1,
                lhs: 1,
                imm: 1,
            },
            Instr::Br { offset: 3 },
            Instr::I32AddImm {
                dst: 1,
                lhs: 1,
                imm: -1,
            },
            Instr::Br { offset: 1 },
            Instr::Store32 {
                addr: 0,
                value: 1,
                offset: 0,
            },
            Instr::BrI32Ne {
                lhs: 1,
                rhs: 2,
                offset: -5,
            },
            Instr::Const32 { dst: 0, value: 7 },
            Instr::ReturnSlot { src: 0 },
        ];
        let out = without_offsets(code);
        // The first jump became store, test (still to the add), const and return; the second falls through.
        assert_eq!(out.len(), 11);
        assert_eq!(
            out[1],
            Instr::Store32 {
                addr: 0,
                value: 1,
                offset: 0
            }
        );
        assert_eq!(
            out[2],
            Instr::BrI32Ne {
                lhs: 1,
                rhs: 2,
                offset: -2
            }
        );
        assert_eq!(out[3], Instr::Const32 { dst: 0, value: 7 });
        assert_eq!(out[4], Instr::ReturnSlot { src: 0 });
        assert_eq!(out[6], Instr::Br { offset: 1 });
        assert_eq!(
            out[8],
            Instr::BrI32Ne {
                lhs: 1,
                rhs: 2,
                offset: -8
            }
        );
    }

    #[test]
    fn long_targets_are_left_alone() {
        let mut code = vec![Instr::Const32 { dst: 0, value: 0 }; 6];
        code.push(Instr::Return {});
        code.push(Instr::Br { offset: -7 });
        let out = without_offsets(code.clone());
        assert_eq!(out, code);
    }
}
