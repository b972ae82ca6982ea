//! The value stack (untyped 64-bit cells holding every active frame's locals and operands) and call frames.

use crate::error::{Error, Result};
use crate::ir::Threaded;

/// Cells allocated when a store first runs code (8 KiB); the stack doubles when a call needs more, so a store
/// that only runs short calls stays small.
const INITIAL_CELLS: usize = 1024;

/// Cells in a cache line.
const CELLS_PER_LINE: usize = 8;

/// One cache line of cells. The stack is allocated in lines, so its first cell is 64-byte aligned: which cells
/// share a cache line (and so whether a `v128` in two cells crosses one) depends only on frame offsets, never on
/// where the allocator happened to put the stack. (It did: `simd_dot` ran twice as long in one heap layout as in
/// another.)
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct Line([u64; CELLS_PER_LINE]);

/// One contiguous stack of cells shared by all frames of a store. Frames overlap: a callee's frame begins at
/// the caller's argument slots.
#[derive(Debug, Default)]
pub(crate) struct ValueStack {
    lines: Vec<Line>,
    /// The cells in use: at most the lines' cells (the limit need not be a whole number of lines).
    len: usize,
    /// The first cell not used by any active frame; a new (possibly nested) execution starts here.
    pub(crate) top: usize,
}

impl ValueStack {
    /// Every cell.
    pub(crate) fn cells(&self) -> &[u64] {
        // SAFETY: a `Line` is `repr(C)` over `[u64; 8]` and 64 bytes, without padding, so `lines` is
        // `8 * lines.len()` initialized cells in a row, and `len` is at most that (`grow`).
        unsafe { core::slice::from_raw_parts(self.lines.as_ptr().cast::<u64>(), self.len) }
    }

    /// Every cell, writable.
    pub(crate) fn cells_mut(&mut self) -> &mut [u64] {
        // SAFETY: as in `cells`, and the borrow is exclusive.
        unsafe { core::slice::from_raw_parts_mut(self.lines.as_mut_ptr().cast::<u64>(), self.len) }
    }

    /// Makes sure cells `..end` exist, growing up to `limit` cells. Growing may move the cells, so callers
    /// re-derive raw pointers afterwards.
    #[inline]
    pub(crate) fn reserve(&mut self, end: usize, limit: usize) -> Result<(), StackExhausted> {
        if end <= self.len {
            return Ok(());
        }
        self.grow(end, limit)
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self, end: usize, limit: usize) -> Result<(), StackExhausted> {
        if end > limit {
            return Err(StackExhausted);
        }
        let new_len = end
            .max(INITIAL_CELLS)
            .max(self.len.saturating_mul(2))
            .min(limit);
        let new_lines = new_len.div_ceil(CELLS_PER_LINE);
        self.lines
            .try_reserve_exact(new_lines.saturating_sub(self.lines.len()))
            .map_err(|_| StackExhausted)?;
        self.lines.resize(new_lines, Line::default());
        self.len = new_len;
        Ok(())
    }
}

/// The value stack limit was reached or the host could not provide the memory.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StackExhausted;

impl From<StackExhausted> for Error {
    fn from(_: StackExhausted) -> Self {
        Error::trap(crate::trap::TrapCode::StackOverflow)
    }
}

/// A suspended caller: where to resume it when the callee returns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// The instruction to resume at; null marks the entry of an execution (return to the host).
    pub(crate) ret_ip: *const Threaded,
    /// Offset of the caller's frame in the value stack.
    pub(crate) fp: usize,
    /// The caller's instance (store index).
    pub(crate) instance: u32,
    /// The caller's function index in its module, for backtraces.
    pub(crate) func: u32,
}

// SAFETY: `ret_ip` points into a module's instruction array, which is immutable and kept alive by the instance
// (an `Arc<ModuleInner>`) that the frame also names; it is only dereferenced by the executor of the store that
// owns the frame. Sending the store to another thread sends the frames with it.
unsafe impl Send for Frame {}
// SAFETY: as above; frames are never read through a shared reference by more than one thread at a time
// because only `&mut Store` runs code.
unsafe impl Sync for Frame {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stack_starts_on_a_cache_line_and_grows_by_whole_lines() {
        let mut stack = ValueStack::default();
        assert!(stack.cells().is_empty());
        stack.reserve(10, 1 << 20).unwrap();
        assert_eq!(stack.cells().len(), INITIAL_CELLS);
        assert_eq!(stack.cells().as_ptr() as usize % 64, 0);
        stack.cells_mut()[9] = 7;
        stack.reserve(INITIAL_CELLS + 1, 1 << 20).unwrap();
        assert_eq!(stack.cells().len(), 2 * INITIAL_CELLS);
        assert_eq!(stack.cells().as_ptr() as usize % 64, 0);
        assert_eq!(stack.cells()[9], 7);
        // A limit that is not a whole number of lines is exact.
        let mut small = ValueStack::default();
        small.reserve(13, 13).unwrap();
        assert_eq!(small.cells().len(), 13);
        assert!(small.reserve(14, 13).is_err());
    }
}
