//! A plain-text listing of translated instructions, for debugging and tests.

use core::fmt::Write;

use super::Instr;

/// Lists `instrs` one per line with their positions and, for branches, their absolute targets.
#[allow(dead_code, reason = "a debugging aid used from tests and by hand")]
pub(crate) fn disassemble(instrs: &[Instr]) -> String {
    let mut out = String::new();
    for (pc, instr) in instrs.iter().enumerate() {
        let _ = writeln!(out, "{pc:5}: {instr:?}");
    }
    out
}
