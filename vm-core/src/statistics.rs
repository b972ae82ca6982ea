//! What a store has done so far, for statistics such as `capvm run --stats`.

use crate::store::Store;

impl<T> Store<T> {
    /// How many host functions the store has called so far, from WebAssembly or through
    /// [`Func::call`](crate::Func::call).
    pub fn host_calls(&self) -> u64 {
        self.inner.metering.host_calls
    }

    /// The bytes of all linear memories of the store together. Memories never shrink, so this is also the
    /// most they have held.
    pub fn memory_bytes(&self) -> u64 {
        self.inner
            .memories
            .iter()
            .map(|memory| memory.bytes.len() as u64)
            .sum()
    }
}
