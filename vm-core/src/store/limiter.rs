//! The embedder's resource limiter ([`ResourceLimiter`], installed with [`Store::limiter`]) and the one growth
//! path of memories and tables that consults it.
//!
//! The limiter is a closure of the generic `Store<T>` (it reaches into `T`), while the interpreter only sees the
//! non-generic `StoreInner`. So the interpreter never calls the limiter itself: when one is installed,
//! `Store::limiter` also registers a hidden host function (the *grow hook*), and the `memory.grow` and
//! `table.grow` handlers leave the interpreter through it, exactly as a call to a host function does, with the
//! request in `StoreInner::grow_request`. The hook runs in the driver with the whole `&mut Store<T>`, so it can
//! borrow the limiter and the data side by side in safe Rust. Without a limiter the handlers grow in place and
//! pay one test of `StoreInner::grow_hook`.

use super::{PAGE_SIZE, Store, StoreInner};
use crate::error::{Error, Result};
use crate::store::HostFunc;
use crate::types::{FuncType, MemoryType, TableType, ValType};

/// What [`ResourceLimiter::instances`] returns by default (wasmtime's default, and
/// [`StoreLimits`](crate::StoreLimits)' too).
pub const DEFAULT_INSTANCE_LIMIT: usize = 10_000;
/// What [`ResourceLimiter::tables`] returns by default.
pub const DEFAULT_TABLE_LIMIT: usize = 10_000;
/// What [`ResourceLimiter::memories`] returns by default.
pub const DEFAULT_MEMORY_LIMIT: usize = 10_000;

/// Decides, for one store, whether its linear memories and tables may grow, as wasmtime's trait of the same name.
///
/// Install one with [`Store::limiter`]. It is asked before every growth: `memory.grow` and `table.grow` executed by
/// the guest, [`Memory::grow`](crate::Memory::grow) and [`Table::grow`](crate::Table::grow) called by the host, and
/// the initial allocation of every memory and table, at instantiation or by [`Memory::new`](crate::Memory::new) and
/// [`Table::new`](crate::Table::new) (asked as growth from 0). The store's [`StoreLimits`](crate::StoreLimits) still
/// apply: a growth happens only if both allow it.
///
/// The answer:
/// - `Ok(true)` lets the growth go on (it can still fail: past the memory's or table's maximum, past the
///   [`StoreLimits`](crate::StoreLimits), or when the host is out of memory; then
///   `memory_grow_failed`/`table_grow_failed` is told);
/// - `Ok(false)` refuses it: `memory.grow`/`table.grow` return -1 to the guest, `Memory::grow`/`Table::grow`
///   return an error, and instantiation (or `Memory::new`/`Table::new`) fails with a limit error
///   ([`ErrorKind::Limit`](crate::ErrorKind::Limit));
/// - `Err(e)` stops everything: the guest traps with `e` (it is the error the call returns, with a backtrace), and
///   the host call or instantiation returns `e`.
///
/// # Example
///
/// ```
/// use capvm_core::{Engine, Linker, Module, ResourceLimiter, Result, Store};
///
/// /// Lets each memory grow to `max_bytes`.
/// struct Cap {
///     max_bytes: usize,
/// }
///
/// impl ResourceLimiter for Cap {
///     fn memory_growing(&mut self, _current: usize, desired: usize, _max: Option<usize>) -> Result<bool> {
///         Ok(desired <= self.max_bytes)
///     }
///     fn table_growing(&mut self, _current: usize, _desired: usize, _max: Option<usize>) -> Result<bool> {
///         Ok(true)
///     }
/// }
///
/// # fn main() -> capvm_core::Result<()> {
/// let engine = Engine::default();
/// let module = Module::new(
///     &engine,
///     r#"(module (memory 1)
///          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
/// )?;
/// let mut store = Store::new(&engine, Cap { max_bytes: 4 * 65_536 });
/// store.limiter(|cap| cap);
/// let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
/// let grow = instance.get_typed_func::<i32, i32>(&store, "grow")?;
/// assert_eq!(grow.call(&mut store, 3)?, 1); // 1 -> 4 pages: allowed, the old size is returned
/// assert_eq!(grow.call(&mut store, 1)?, -1); // 4 -> 5 pages: refused
/// # Ok(())
/// # }
/// ```
pub trait ResourceLimiter {
    /// A linear memory is about to grow from `current` to `desired` bytes; `maximum` is the most it may ever have, in
    /// bytes (its declared maximum capped by
    /// [`StoreLimits::max_memory_pages`](crate::StoreLimits::max_memory_pages)), `None` when nothing bounds it below
    /// what its index type allows. Not asked for a growth by 0 pages.
    ///
    /// # Errors
    ///
    /// An error stops the growth and is propagated (a trap in the guest).
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;

    /// A growth that [`Self::memory_growing`] allowed failed anyway (`error` says why: the maximum or a
    /// [`StoreLimits`](crate::StoreLimits) limit, or the host is out of memory). By default nothing happens and the
    /// growth just fails.
    ///
    /// # Errors
    ///
    /// An error is propagated instead of the failed growth's result (a trap in the guest).
    fn memory_grow_failed(&mut self, error: Error) -> Result<()> {
        let _ = error;
        Ok(())
    }

    /// A table is about to grow from `current` to `desired` elements; `maximum` is the most it may ever have (its
    /// declared maximum capped by [`StoreLimits::max_table_elements`](crate::StoreLimits::max_table_elements)). Not
    /// asked for a growth by 0.
    ///
    /// # Errors
    ///
    /// An error stops the growth and is propagated (a trap in the guest).
    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;

    /// A growth that [`Self::table_growing`] allowed failed anyway. By default nothing happens.
    ///
    /// # Errors
    ///
    /// An error is propagated instead of the failed growth's result (a trap in the guest).
    fn table_grow_failed(&mut self, error: Error) -> Result<()> {
        let _ = error;
        Ok(())
    }

    /// The most instances the store may hold (default [`DEFAULT_INSTANCE_LIMIT`]). Read once, by [`Store::limiter`];
    /// the smaller of this and [`StoreLimits::max_instances`](crate::StoreLimits::max_instances) applies.
    fn instances(&self) -> usize {
        DEFAULT_INSTANCE_LIMIT
    }

    /// The most tables the store may hold (default [`DEFAULT_TABLE_LIMIT`]). Read once, by [`Store::limiter`];
    /// the smaller of this and [`StoreLimits::max_tables`](crate::StoreLimits::max_tables) applies.
    fn tables(&self) -> usize {
        DEFAULT_TABLE_LIMIT
    }

    /// The most memories the store may hold (default [`DEFAULT_MEMORY_LIMIT`]). Read once, by [`Store::limiter`]; the
    /// smaller of this and [`StoreLimits::max_memories`](crate::StoreLimits::max_memories) applies.
    fn memories(&self) -> usize {
        DEFAULT_MEMORY_LIMIT
    }
}

/// What [`Store::limiter`] keeps: the embedder's accessor of the limiter inside its data.
pub(crate) type LimiterFn<T> =
    Box<dyn FnMut(&mut T) -> &mut (dyn ResourceLimiter) + Send + Sync + 'static>;

/// Entity counts the limiter allows (read from it once, when it is installed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntityCounts {
    pub(crate) instances: usize,
    pub(crate) tables: usize,
    pub(crate) memories: usize,
}

impl EntityCounts {
    /// No limit beyond the [`StoreLimits`](crate::StoreLimits).
    pub(crate) const UNLIMITED: Self = Self {
        instances: usize::MAX,
        tables: usize::MAX,
        memories: usize::MAX,
    };
}

/// A growth the interpreter asks the grow hook for, in `StoreInner::grow_request`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GrowRequest {
    pub(crate) what: Growing,
    /// Whether the result is an i64 (memory64's `memory.grow`): -1 is then all ones in 64 bits, else in 32.
    pub(crate) wide: bool,
}

/// The entity a [`GrowRequest`] grows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Growing {
    /// Store memory `memory` by `delta` pages.
    Memory { memory: u32, delta: u64 },
    /// Store table `table` by `delta` elements set to the reference cell `init`.
    Table { table: u32, delta: u64, init: u64 },
}

impl GrowRequest {
    /// The cell `memory.grow`/`table.grow` leave: the old size, or -1 (as an i32 or i64).
    pub(crate) fn result_cell(&self, old: Option<u64>) -> u64 {
        match (old, self.wide) {
            (Some(old), true) => old,
            (Some(old), false) => u64::from(old as u32),
            (None, true) => u64::MAX,
            (None, false) => u64::from(u32::MAX),
        }
    }
}

/// `pages` WebAssembly pages in bytes, saturating at `usize::MAX`.
fn page_bytes(pages: u64) -> usize {
    usize::try_from(pages)
        .ok()
        .and_then(|p| p.checked_mul(PAGE_SIZE))
        .unwrap_or(usize::MAX)
}

/// `n` as a `usize`, saturating.
fn sat(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The maximum a limiter is told for an entity whose effective maximum is `max`, where `unbounded` is what its
/// index type allows: `None` when nothing bounds it below that.
fn told_max(max: u64, unbounded: u64, declared: Option<u64>) -> Option<u64> {
    (declared.is_some() || max < unbounded).then_some(max)
}

/// The most elements a table may have with no declared maximum (what the store can index).
const TABLE_KIND_MAX: u64 = u32::MAX as u64;

impl StoreInner {
    /// The most instances, memories and tables the store may hold: its [`StoreLimits`](crate::StoreLimits) and the
    /// limiter's counts.
    pub(crate) fn max_instances(&self) -> usize {
        self.limits.max_instances.min(self.entity_counts.instances)
    }

    pub(crate) fn max_memories(&self) -> usize {
        self.limits.max_memories.min(self.entity_counts.memories)
    }

    pub(crate) fn max_tables(&self) -> usize {
        self.limits.max_tables.min(self.entity_counts.tables)
    }

    /// Grows memory `memory` by `delta` pages within its maximum, asking no limiter: what
    /// [`Self::grow_memory`] does without one, and what the interpreter does when the store has none. The old size,
    /// or `None` if the memory cannot grow.
    #[inline]
    pub(crate) fn grow_memory_unlimited(&mut self, memory: u32, delta: u64) -> Option<u64> {
        self.memories.get_mut(memory as usize)?.grow(delta)
    }

    /// The one way memories grow: memory `memory` by `delta` pages, asking `limiter` first (wasmtime's order:
    /// the limiter, then the maximum, then the allocation; the last two report to `memory_grow_failed`).
    /// `Ok(Some(old size))` on success, `Ok(None)` when the growth is refused or fails.
    ///
    /// # Errors
    ///
    /// What the limiter returns, or a dangling index.
    pub(crate) fn grow_memory(
        &mut self,
        memory: u32,
        delta: u64,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<Option<u64>> {
        let Some(limiter) = limiter else {
            return Ok(self.grow_memory_unlimited(memory, delta));
        };
        let entity = self
            .memories
            .get_mut(memory as usize)
            .ok_or_else(|| Error::usage("dangling memory"))?;
        let old = entity.pages();
        if delta == 0 {
            return Ok(Some(old));
        }
        let desired = old.saturating_add(delta);
        let kind_max = entity.ty.max_pages_of_kind();
        let maximum = told_max(entity.max_pages, kind_max, entity.ty.maximum()).map(page_bytes);
        if !limiter.memory_growing(page_bytes(old), page_bytes(desired), maximum)? {
            return Ok(None);
        }
        if desired > entity.max_pages {
            limiter.memory_grow_failed(Error::limit(format!(
                "memory of {desired} pages exceeds its maximum of {} pages",
                entity.max_pages
            )))?;
            return Ok(None);
        }
        match entity.grow(delta) {
            Some(old) => Ok(Some(old)),
            None => {
                limiter.memory_grow_failed(Error::limit(format!(
                    "cannot allocate a memory of {desired} pages"
                )))?;
                Ok(None)
            }
        }
    }

    /// The one way tables grow: table `table` by `delta` elements set to `init`, within the table's maximum and
    /// the store's total, asking `limiter` first (as [`Self::grow_memory`]).
    ///
    /// # Errors
    ///
    /// What the limiter returns, or a dangling index.
    pub(crate) fn grow_table(
        &mut self,
        table: u32,
        delta: u64,
        init: u64,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<Option<u64>> {
        let Some(limiter) = limiter else {
            return Ok(self.grow_table_within_limits(table, delta, init));
        };
        let entity = self
            .tables
            .get(table as usize)
            .ok_or_else(|| Error::usage("dangling table"))?;
        let old = entity.elements.len() as u64;
        if delta == 0 {
            return Ok(Some(old));
        }
        let desired = old.saturating_add(delta);
        let maximum = told_max(entity.max, TABLE_KIND_MAX, entity.ty.maximum()).map(sat);
        if !limiter.table_growing(sat(old), sat(desired), maximum)? {
            return Ok(None);
        }
        if desired > entity.max {
            let max = entity.max;
            limiter.table_grow_failed(Error::limit(format!(
                "table of {desired} elements exceeds its maximum of {max} elements"
            )))?;
            return Ok(None);
        }
        match self.grow_table_within_limits(table, delta, init) {
            Some(old) => Ok(Some(old)),
            None => {
                limiter.table_grow_failed(Error::limit(format!(
                    "cannot grow a table to {desired} elements (the store's total limit of {} elements, or \
                     out of memory)",
                    self.limits.max_total_table_elements
                )))?;
                Ok(None)
            }
        }
    }

    /// Asks `limiter` for the initial allocation of a memory of type `ty` (as growth from 0 bytes), after the
    /// [`StoreLimits`](crate::StoreLimits) allowed it.
    fn memory_allowed(
        &self,
        ty: MemoryType,
        max_pages: u64,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<()> {
        let Some(limiter) = limiter else {
            return Ok(());
        };
        let maximum = told_max(max_pages, ty.max_pages_of_kind(), ty.maximum()).map(page_bytes);
        if limiter.memory_growing(0, page_bytes(ty.minimum()), maximum)? {
            Ok(())
        } else {
            Err(Error::limit(format!(
                "memory minimum size of {} pages exceeds memory limits",
                ty.minimum()
            )))
        }
    }

    /// Creates a memory of type `ty`, within the [`StoreLimits`](crate::StoreLimits) and, if given, what `limiter`
    /// allows.
    pub(crate) fn push_memory_limited(
        &mut self,
        ty: MemoryType,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<u32> {
        let max_pages = self.check_new_memory(ty)?;
        self.memory_allowed(ty, max_pages, limiter)?;
        self.push_memory_unlimited(ty, max_pages)
    }

    /// Creates a table of type `ty` with every element `init`, within the [`StoreLimits`](crate::StoreLimits) and, if
    /// given, what `limiter` allows (asked as growth from 0 elements).
    pub(crate) fn push_table_limited(
        &mut self,
        ty: TableType,
        init: u64,
        limiter: Option<&mut dyn ResourceLimiter>,
    ) -> Result<u32> {
        let max = self.check_new_table(ty)?;
        if let Some(limiter) = limiter {
            let maximum = told_max(max, TABLE_KIND_MAX, ty.maximum()).map(sat);
            if !limiter.table_growing(0, sat(ty.minimum()), maximum)? {
                return Err(Error::limit(format!(
                    "table minimum size of {} elements exceeds table limits",
                    ty.minimum()
                )));
            }
        }
        self.push_table_unlimited(ty, init, max)
    }
}

impl<T> Store<T> {
    /// The limiter, if one is installed, and the store's entities, borrowed side by side.
    pub(crate) fn split_limiter(&mut self) -> (&mut StoreInner, Option<&mut dyn ResourceLimiter>) {
        let Self {
            inner,
            data,
            limiter,
            ..
        } = self;
        (inner, limiter.as_mut().map(|get| get(data)))
    }

    /// Grows store memory `memory` by `delta` pages, asking the limiter (see [`StoreInner::grow_memory`]).
    pub(crate) fn grow_memory(&mut self, memory: u32, delta: u64) -> Result<Option<u64>> {
        let (inner, limiter) = self.split_limiter();
        inner.grow_memory(memory, delta, limiter)
    }

    /// Grows store table `table` by `delta` elements set to `init`, asking the limiter.
    pub(crate) fn grow_table(&mut self, table: u32, delta: u64, init: u64) -> Result<Option<u64>> {
        let (inner, limiter) = self.split_limiter();
        inner.grow_table(table, delta, init, limiter)
    }

    /// Creates a memory, asking the limiter for its initial size.
    pub(crate) fn push_memory(&mut self, ty: MemoryType) -> Result<u32> {
        let (inner, limiter) = self.split_limiter();
        inner.push_memory_limited(ty, limiter)
    }

    /// Creates a table, asking the limiter for its initial size.
    pub(crate) fn push_table(&mut self, ty: TableType, init: u64) -> Result<u32> {
        let (inner, limiter) = self.split_limiter();
        inner.push_table_limited(ty, init, limiter)
    }

    /// Serves the interpreter's pending [`GrowRequest`]: grows, asking the limiter, and returns the result cell.
    fn serve_grow_request(&mut self) -> Result<u64> {
        let request = self
            .inner
            .grow_request
            .take()
            .ok_or_else(|| Error::usage("the grow hook was called without a request"))?;
        let old = match request.what {
            Growing::Memory { memory, delta } => self.grow_memory(memory, delta)?,
            Growing::Table { table, delta, init } => self.grow_table(table, delta, init)?,
        };
        Ok(request.result_cell(old))
    }

    /// Installs a resource limiter: `limiter` finds it in the store's data, and the store asks it before every
    /// growth of a memory or table and for every new one (see [`ResourceLimiter`]). Its [`instances`],
    /// [`tables`] and [`memories`] counts are read now, once. A later call replaces the limiter.
    ///
    /// The store's [`StoreLimits`](crate::StoreLimits) keep applying: an entity is created or grows only if both the
    /// limits and the limiter allow it. A new memory or table must fit the limits before the limiter is asked; a
    /// growth is offered to the limiter first, and one it allows that goes past the maximum (the declared one, capped
    /// by the limits) or the store's total of table elements fails, reported to `memory_grow_failed` or
    /// `table_grow_failed` (wasmtime's order). Without a limiter, growth costs nothing extra.
    ///
    /// With a limiter, `memory.grow` and `table.grow` leave the interpreter to ask it, as a host call does; so at the
    /// very maximum call depth ([`StoreLimits::max_call_depth`](crate::StoreLimits::max_call_depth)) they trap with
    /// "call stack exhausted", as a host call there would.
    ///
    /// [`instances`]: ResourceLimiter::instances
    /// [`tables`]: ResourceLimiter::tables
    /// [`memories`]: ResourceLimiter::memories
    ///
    /// # Example
    ///
    /// ```
    /// use capvm_core::{Engine, Error, Memory, MemoryType, ResourceLimiter, Result, Store};
    ///
    /// #[derive(Default)]
    /// struct Host {
    ///     bytes_granted: usize,
    /// }
    ///
    /// impl ResourceLimiter for Host {
    ///     fn memory_growing(&mut self, current: usize, desired: usize, _max: Option<usize>) -> Result<bool> {
    ///         if desired > 1 << 30 {
    ///             return Err(Error::new("a guest asked for more than 1 GiB")); // stop it
    ///         }
    ///         let allowed = desired <= 2 * 65_536; // two pages per memory
    ///         if allowed {
    ///             self.bytes_granted += desired - current;
    ///         }
    ///         Ok(allowed)
    ///     }
    ///     fn table_growing(&mut self, _current: usize, _desired: usize, _max: Option<usize>) -> Result<bool> {
    ///         Ok(true)
    ///     }
    /// }
    ///
    /// # fn main() -> capvm_core::Result<()> {
    /// let engine = Engine::default();
    /// let mut store = Store::new(&engine, Host::default());
    /// store.limiter(|host| host);
    /// let memory = Memory::new(&mut store, MemoryType::new(1, None))?; // asks for 0 -> 1 page
    /// assert_eq!(memory.grow(&mut store, 1)?, 1);
    /// assert!(memory.grow(&mut store, 1).is_err()); // a third page is refused
    /// assert_eq!(store.data().bytes_granted, 2 * 65_536);
    /// # Ok(())
    /// # }
    /// ```
    pub fn limiter(
        &mut self,
        mut limiter: impl FnMut(&mut T) -> &mut (dyn ResourceLimiter) + Send + Sync + 'static,
    ) {
        let counts = {
            let l = limiter(&mut self.data);
            EntityCounts {
                instances: l.instances(),
                tables: l.tables(),
                memories: l.memories(),
            }
        };
        self.inner.entity_counts = counts;
        self.limiter = Some(Box::new(limiter));
        if self.inner.grow_hook.is_none() {
            // Registered once: host functions are never removed, and the hook serves whichever limiter is set.
            let hook = HostFunc::new(
                FuncType::new([], [ValType::I64]),
                std::sync::Arc::new(|store: &mut Store<T>, _: Option<u32>, cells: &mut [u64]| {
                    let cell = store.serve_grow_request()?;
                    if let Some(out) = cells.first_mut() {
                        *out = cell;
                    }
                    Ok(())
                }),
            );
            self.host_funcs.push(hook);
            self.inner.grow_hook = Some(self.host_funcs.len() as u32 - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_cells_encode_minus_one_in_the_width_of_the_instruction() {
        let narrow = GrowRequest {
            what: Growing::Memory {
                memory: 0,
                delta: 1,
            },
            wide: false,
        };
        let wide = GrowRequest {
            wide: true,
            ..narrow
        };
        assert_eq!(narrow.result_cell(Some(3)), 3);
        assert_eq!(narrow.result_cell(None), u64::from(u32::MAX));
        assert_eq!(wide.result_cell(None), u64::MAX);
        assert_eq!(wide.result_cell(Some(1 << 40)), 1 << 40);
    }

    #[test]
    fn the_limiter_is_told_no_maximum_only_when_nothing_bounds_the_entity() {
        assert_eq!(told_max(65_536, 65_536, None), None);
        assert_eq!(told_max(65_536, 65_536, Some(65_536)), Some(65_536));
        assert_eq!(told_max(100, 65_536, None), Some(100));
    }
}
