//! Linear memories.

use core::fmt;

use crate::error::{Error, Result};
use crate::memory_access;
use crate::store::{
    AsContext, AsContextMut, MemoryEntity, StoreContext, StoreContextMut, Stored, stored_handle,
};
use crate::types::MemoryType;

/// A linear memory in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory(Stored<MemoryEntity>);

stored_handle!(Memory);

/// A read or write outside a memory's bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryAccessError {
    /// Where the access started.
    pub offset: usize,
    /// How many bytes it touched.
    pub len: usize,
}

impl fmt::Display for MemoryAccessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "out of bounds memory access: {} bytes at offset {:#x}",
            self.len, self.offset
        )
    }
}

impl std::error::Error for MemoryAccessError {}

/// A host function that reads or writes guest memory at a bad guest pointer traps as the guest's own access
/// would ("out of bounds memory access"), so `?` works on memory accesses in host functions.
impl From<MemoryAccessError> for Error {
    fn from(_: MemoryAccessError) -> Self {
        Error::trap(crate::TrapCode::MemoryOutOfBounds)
    }
}

impl Memory {
    /// Creates a memory of type `ty`, zero-filled.
    ///
    /// # Errors
    ///
    /// If the memory exceeds the store's limits, its [`ResourceLimiter`](crate::ResourceLimiter) refuses it (or
    /// fails: its error is returned), or it cannot be allocated.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Self> {
        let store = store.as_context_mut().0;
        let index = store.push_memory(ty)?;
        Ok(Self::from_parts(store.inner.id, index))
    }

    fn entity<'a, T>(&self, store: &StoreContext<'a, T>) -> &'a MemoryEntity {
        self.0.get(&store.0.inner)
    }

    fn entity_mut<'a, T>(
        &self,
        store: StoreContextMut<'a, T>,
    ) -> Result<(&'a mut MemoryEntity, &'a mut T)> {
        let store = store.0;
        let memory = self.0.resolve_mut(&mut store.inner)?;
        Ok((memory, &mut store.data))
    }

    /// The memory's type, with its current size as the minimum.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let store = store.as_context();
        let memory = self.entity(&store);
        if memory.ty.is_64() {
            return MemoryType::new64(memory.pages(), memory.ty.maximum());
        }
        let max = memory.ty.maximum().and_then(|m| u32::try_from(m).ok());
        MemoryType::new(u32::try_from(memory.pages()).unwrap_or(u32::MAX), max)
    }

    /// The current size in 64 KiB pages.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(&store.as_context()).pages()
    }

    /// The current size in bytes.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.entity(&store.as_context()).bytes.len()
    }

    /// The memory's bytes.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn data<'a, T: 'a>(&self, store: impl Into<StoreContext<'a, T>>) -> &'a [u8] {
        self.entity(&store.into()).bytes.as_slice()
    }

    /// The memory's bytes, mutably.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn data_mut<'a, T: 'a>(&self, store: impl Into<StoreContextMut<'a, T>>) -> &'a mut [u8] {
        self.data_and_store_mut(store).0
    }

    /// The memory's bytes and the store's data at the same time, for host functions that read guest memory
    /// while updating their own state.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
    ) -> (&'a mut [u8], &'a mut T) {
        match self.entity_mut(store.into()) {
            Ok((memory, data)) => (memory.bytes.as_mut_slice(), data),
            Err(_) => panic!("memory used with the wrong store"),
        }
    }

    /// The `len` bytes at guest address `ptr` (a `u32` or `u64` as the guest passed it), checked against the
    /// memory's size without ever panicking or allocating.
    ///
    /// # Errors
    ///
    /// If any of the bytes lies outside the memory.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn slice<'a, T: 'a>(
        &self,
        store: impl Into<StoreContext<'a, T>>,
        ptr: impl Into<u64>,
        len: impl Into<u64>,
    ) -> Result<&'a [u8], MemoryAccessError> {
        let bytes = self.data(store);
        let range = guest_range(ptr.into(), len.into(), bytes.len())?;
        bytes.get(range.clone()).ok_or(MemoryAccessError {
            offset: range.start,
            len: range.len(),
        })
    }

    /// The `len` bytes at guest address `ptr`, mutably (see [`Memory::slice`]).
    ///
    /// # Errors
    ///
    /// If any of the bytes lies outside the memory.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn slice_mut<'a, T: 'a>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
        ptr: impl Into<u64>,
        len: impl Into<u64>,
    ) -> Result<&'a mut [u8], MemoryAccessError> {
        let bytes = self.data_mut(store);
        let range = guest_range(ptr.into(), len.into(), bytes.len())?;
        let error = MemoryAccessError {
            offset: range.start,
            len: range.len(),
        };
        bytes.get_mut(range).ok_or(error)
    }

    /// The NUL-terminated string at guest address `ptr`, without its NUL, looking at most `max_len` bytes (the
    /// NUL included) far.
    ///
    /// # Errors
    ///
    /// If no NUL is found within `max_len` bytes or before the end of the memory.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    pub fn read_c_string<'a, T: 'a>(
        &self,
        store: impl Into<StoreContext<'a, T>>,
        ptr: impl Into<u64>,
        max_len: usize,
    ) -> Result<&'a [u8], MemoryAccessError> {
        let ptr = ptr.into();
        let bytes = self.data(store);
        let not_found = MemoryAccessError {
            offset: usize::try_from(ptr).unwrap_or(usize::MAX),
            len: max_len,
        };
        let start = usize::try_from(ptr).map_err(|_| not_found)?;
        let window = bytes.get(start..).ok_or(not_found)?;
        let window = window.get(..max_len.min(window.len())).unwrap_or(window);
        let end = window.iter().position(|&b| b == 0).ok_or(not_found)?;
        Ok(&window[..end])
    }

    /// Copies `buffer.len()` bytes starting at `offset` into `buffer`.
    ///
    /// # Errors
    ///
    /// If the range is out of bounds (nothing is copied then).
    pub fn read(
        &self,
        store: impl AsContext,
        offset: usize,
        buffer: &mut [u8],
    ) -> Result<(), MemoryAccessError> {
        let store = store.as_context();
        let bytes = self.entity(&store).bytes.as_slice();
        let error = MemoryAccessError {
            offset,
            len: buffer.len(),
        };
        let range =
            memory_access::range(offset as u64, buffer.len() as u64, bytes.len()).ok_or(error)?;
        buffer.copy_from_slice(bytes.get(range).ok_or(error)?);
        Ok(())
    }

    /// Copies `buffer` into the memory at `offset`.
    ///
    /// # Errors
    ///
    /// If the range is out of bounds (nothing is written then).
    pub fn write(
        &self,
        mut store: impl AsContextMut,
        offset: usize,
        buffer: &[u8],
    ) -> Result<(), MemoryAccessError> {
        let error = MemoryAccessError {
            offset,
            len: buffer.len(),
        };
        let (memory, _) = self.entity_mut(store.as_context_mut()).map_err(|_| error)?;
        let bytes = memory.bytes.as_mut_slice();
        let range =
            memory_access::range(offset as u64, buffer.len() as u64, bytes.len()).ok_or(error)?;
        bytes.get_mut(range).ok_or(error)?.copy_from_slice(buffer);
        Ok(())
    }

    /// Grows the memory by `delta` pages, returning its previous size in pages.
    ///
    /// # Errors
    ///
    /// If the memory would exceed its maximum or the store's limit, the store's
    /// [`ResourceLimiter`](crate::ResourceLimiter) refuses (a limit error) or fails (its error), or the host is
    /// out of memory.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let store = store.as_context_mut().0;
        self.0.resolve(&store.inner)?;
        store
            .grow_memory(self.index(), delta)?
            .ok_or_else(|| Error::limit(format!("cannot grow memory by {delta} pages")))
    }
}

/// The host range of `len` bytes at guest address `ptr` in a memory of `size` bytes, computed without overflow.
fn guest_range(
    ptr: u64,
    len: u64,
    size: usize,
) -> Result<core::ops::Range<usize>, MemoryAccessError> {
    let error = MemoryAccessError {
        offset: usize::try_from(ptr).unwrap_or(usize::MAX),
        len: usize::try_from(len).unwrap_or(usize::MAX),
    };
    memory_access::range(ptr, len, size).ok_or(error)
}
