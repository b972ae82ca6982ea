//! Control frames of the function being translated: where branches go and which values they carry.

/// What kind of structured instruction opened a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// The function body itself (branching to it returns).
    Function,
    /// `block`.
    Block,
    /// `loop`: branches go back to its start and carry its params.
    Loop,
    /// `if` before its `else`; `else_branch` is the conditional jump to patch with the else (or end) position.
    If { else_branch: Option<usize> },
    /// The `else` half of an `if`.
    Else,
}

/// One open structured-control frame.
#[derive(Debug)]
pub(crate) struct ControlFrame {
    pub(crate) kind: FrameKind,
    /// Operand stack height below the frame's params.
    pub(crate) height: u32,
    pub(crate) num_params: u32,
    pub(crate) num_results: u32,
    /// For loops, the position of the loop's first instruction.
    pub(crate) loop_start: usize,
    /// Forward branches (instruction positions) to patch with the frame's end position.
    pub(crate) pending: Vec<usize>,
    /// Whether the code right after the structured instruction was reachable.
    pub(crate) reachable_at_entry: bool,
}

impl ControlFrame {
    /// How many values a branch to this frame carries.
    pub(crate) fn branch_arity(&self) -> u32 {
        match self.kind {
            FrameKind::Loop => self.num_params,
            _ => self.num_results,
        }
    }
}
