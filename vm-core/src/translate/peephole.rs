//! Rewrites of unconditional jumps once a function's branch targets are final. Each rewrite replaces a `br` by
//! an instruction that does exactly what executing the `br` and then its target would, saving a dispatch:
//!
//! - a jump to another jump goes straight to the final target;
//! - a jump to a return is that return;
//! - a jump back to a conditional branch whose "taken" target is the instruction after the jump becomes that
//!   branch with the condition negated (loop rotation): `loop (br_if $exit c) ... (br $loop)` then tests `c` at
//!   the bottom, one dispatch per iteration instead of two.

use super::cond::Cond;
use super::relocate::{distance, offset_target};
use crate::ir::Instr;

/// How many jumps in a row are followed before giving up (chains are short; cycles are real infinite loops).
const MAX_HOPS: usize = 8;

/// `offsets` are the instructions' code offsets: a jump replaced by a copy of the instruction it reaches takes
/// that instruction's offset too, so a trap of the copy (a branch with a fused load can trap) names its origin.
pub(crate) fn optimize_jumps(instrs: &mut [Instr], offsets: &mut [u32]) {
    for at in 0..instrs.len() {
        let Some(mut target) = br_target(instrs, at) else {
            continue;
        };
        let mut hops = 0;
        while let Some(next) = br_target(instrs, target) {
            if next == target || next == at || hops == MAX_HOPS {
                break;
            }
            target = next;
            hops += 1;
        }
        let Some(&found) = instrs.get(target) else {
            continue;
        };
        let replacement = match found {
            Instr::Return {} | Instr::ReturnSlot { .. } | Instr::ReturnSpan { .. } => Some(found),
            _ => match Cond::from_branch(&found) {
                Some((cond, taken)) if offset_target(target, taken) == Some(at + 1) => {
                    distance(at, target + 1).map(|offset| cond.negate().branch(offset))
                }
                _ => distance(at, target).map(|offset| Instr::Br { offset }),
            },
        };
        if let Some(instr) = replacement {
            instrs[at] = instr;
            if !matches!(instr, Instr::Br { .. })
                && let Some(&origin) = offsets.get(target)
                && let Some(slot) = offsets.get_mut(at)
            {
                *slot = origin;
            }
        }
    }
}

/// The absolute target of the unconditional jump at `at`, if it is one.
fn br_target(instrs: &[Instr], at: usize) -> Option<usize> {
    match instrs.get(at)? {
        Instr::Br { offset } => offset_target(at, *offset),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_back_edges_test_at_the_bottom() {
        // 0: br_if_eqz s1 -> 3 (exit); 1: add; 2: br -> 0; 3: return
        let mut code = vec![
            Instr::BrIfEqz { cond: 1, offset: 3 },
            Instr::I32AddImm {
                dst: 1,
                lhs: 1,
                imm: -1,
            },
            Instr::Br { offset: -2 },
            Instr::Return {},
        ];
        optimize_jumps(&mut code, &mut [0; 16]);
        assert_eq!(
            code[2],
            Instr::BrIfNez {
                cond: 1,
                offset: -1
            }
        );
    }

    #[test]
    fn jumps_to_returns_and_jumps_are_shortcut() {
        let mut code = vec![
            Instr::Br { offset: 2 },
            Instr::Br { offset: 2 },
            Instr::Br { offset: -1 },
            Instr::ReturnSlot { src: 4 },
        ];
        optimize_jumps(&mut code, &mut [0; 16]);
        assert_eq!(code[0], Instr::ReturnSlot { src: 4 });
        assert_eq!(code[1], Instr::ReturnSlot { src: 4 });
        assert_eq!(code[2], Instr::ReturnSlot { src: 4 });
    }

    #[test]
    fn infinite_loops_stay_loops() {
        let mut code = vec![
            Instr::Br { offset: 0 },
            Instr::Br { offset: 1 },
            Instr::Br { offset: -1 },
        ];
        optimize_jumps(&mut code, &mut [0; 16]);
        assert_eq!(code[0], Instr::Br { offset: 0 });
        assert!(matches!(code[1], Instr::Br { .. }));
        assert!(matches!(code[2], Instr::Br { .. }));
    }
}
