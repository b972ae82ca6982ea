//! A plain-text listing of translated instructions, for debugging and snapshot tests: one instruction a line,
//! with its position, its name and fields (generated from the instruction table) and, for a branch, its absolute
//! target.

use core::fmt::{self, Write};

use super::Instr;

impl fmt::Display for Instr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        self.write_fields(f)
    }
}

/// Lists `instrs` one per line with their positions and, for branches, their absolute targets.
#[allow(dead_code, reason = "a debugging aid used from tests and by hand")]
pub(crate) fn disassemble(instrs: &[Instr]) -> String {
    let mut out = String::new();
    for (pc, instr) in instrs.iter().enumerate() {
        let _ = write!(out, "{pc:5}: {instr}");
        if let Some(offset) = instr.branch_offset() {
            let _ = write!(out, " -> {}", pc as i64 + i64::from(offset));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_names_fields_and_targets() {
        let code = [
            Instr::I32AddImm {
                dst: 2,
                lhs: 0,
                imm: -1,
            },
            Instr::BrIfNez {
                cond: 2,
                offset: -1,
            },
            Instr::Return {},
        ];
        assert_eq!(
            disassemble(&code),
            "    0: I32AddImm dst=2 lhs=0 imm=-1\n    1: BrIfNez cond=2 offset=-1 -> 0\n    2: Return\n"
        );
    }
}
