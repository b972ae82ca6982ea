//! The value stack (untyped 64-bit cells holding every active frame's locals and operands) and call frames.

use crate::error::{Error, Result};
use crate::ir::Threaded;

/// Cells allocated when a store first runs code (8 KiB); the stack doubles when a call needs more, so a store
/// that only runs short calls stays small.
const INITIAL_CELLS: usize = 1024;

/// One contiguous stack of cells shared by all frames of a store. Frames overlap: a callee's frame begins at
/// the caller's argument slots.
#[derive(Debug, Default)]
pub(crate) struct ValueStack {
    pub(crate) cells: Vec<u64>,
    /// The first cell not used by any active frame; a new (possibly nested) execution starts here.
    pub(crate) top: usize,
}

impl ValueStack {
    /// Makes sure cells `..end` exist, growing up to `limit` cells. Growing may move the cells, so callers
    /// re-derive raw pointers afterwards.
    #[inline]
    pub(crate) fn reserve(&mut self, end: usize, limit: usize) -> Result<(), StackExhausted> {
        if end <= self.cells.len() {
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
            .max(self.cells.len().saturating_mul(2))
            .min(limit);
        self.cells
            .try_reserve_exact(new_len - self.cells.len())
            .map_err(|_| StackExhausted)?;
        self.cells.resize(new_len, 0);
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
