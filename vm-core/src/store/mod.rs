//! The store: owner of every runtime entity (functions, memories, tables, globals, instances, host references),
//! the execution stacks and the embedder's data. API types are small `Copy` handles into it.

mod handle;
mod host;
mod limiter;
mod stack;

use core::any::Any;
use core::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

pub(crate) use self::handle::{StoreEntity, Stored, stored_handle};
pub(crate) use self::host::HostFunc;
pub use self::limiter::{
    DEFAULT_INSTANCE_LIMIT, DEFAULT_MEMORY_LIMIT, DEFAULT_TABLE_LIMIT, ResourceLimiter,
};
use self::limiter::{EntityCounts, LimiterFn};
pub(crate) use self::limiter::{GrowRequest, Growing};
pub(crate) use self::stack::{Frame, ValueStack};
use crate::compile::ModuleInner;
use crate::engine::{Engine, StoreLimits};
use crate::error::{Error, Result};
use crate::linear_memory::LinearMemory;
use crate::metering::{InterruptHandle, StoreMetering};
use crate::trap::TrapCode;
use crate::types::FuncTypeId;
use crate::types::{FuncType, GlobalType, MemoryType, TableType, TagType};

/// Identifies a store, so handles from one store are refused by another. Opaque to embedders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoreId(u64);

impl StoreId {
    fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A function owned by the store.
#[derive(Debug)]
pub(crate) enum FuncEntity {
    /// A function defined by a module instance.
    Wasm {
        /// The store index of its instance.
        instance: u32,
        /// Its index among the module's defined functions (into `ModuleInner::code`).
        code: u32,
        sig: FuncTypeId,
    },
    /// A host function.
    Host {
        /// Index into `Store::host_funcs`.
        host: u32,
        sig: FuncTypeId,
    },
}

impl FuncEntity {
    pub(crate) fn sig(&self) -> FuncTypeId {
        match self {
            Self::Wasm { sig, .. } | Self::Host { sig, .. } => *sig,
        }
    }
}

/// One linear memory. The size is always a whole number of 64 KiB pages.
#[derive(Debug)]
pub(crate) struct MemoryEntity {
    pub(crate) bytes: LinearMemory,
    /// The most pages this memory may have: its declared maximum capped by the store limit.
    pub(crate) max_pages: u64,
    pub(crate) ty: MemoryType,
}

/// Bytes per WebAssembly page.
pub(crate) const PAGE_SIZE: usize = 65_536;

impl MemoryEntity {
    pub(crate) fn pages(&self) -> u64 {
        (self.bytes.len() / PAGE_SIZE) as u64
    }

    /// Grows by `delta` pages; returns the old size in pages, or `None` if the memory cannot grow that much.
    pub(crate) fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        if new > self.max_pages {
            return None;
        }
        let new_len = usize::try_from(new).ok()?.checked_mul(PAGE_SIZE)?;
        self.bytes.grow_to(new_len)?;
        Some(old)
    }
}

/// `len` zero values of a plain integer type, allocated fallibly and without writing them.
///
/// The allocator hands out already-zeroed memory (`calloc`, fresh `mmap` pages), which the OS commits only when a
/// page is first touched. Filling a `Vec` with `resize` instead writes every value.
fn zeroed_vec<I: ZeroIsValid>(len: usize) -> Option<Vec<I>> {
    if len == 0 {
        return Some(Vec::new());
    }
    let layout = std::alloc::Layout::array::<I>(len).ok()?;
    // SAFETY: `layout` has a non-zero size: `len` is not zero and `I` is a non-zero-sized integer.
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` is non-null and was allocated by the global allocator with the layout of `len` values of
    // `I`, exactly the allocation a `Vec<I>` of capacity `len` owns; all `len` values are initialized (all-zero
    // bytes are a valid `I`, see `ZeroIsValid`), so the length may be `len`.
    Some(unsafe { Vec::from_raw_parts(ptr.cast::<I>(), len, len) })
}

/// Integer types for which all-zero bytes are a valid value.
trait ZeroIsValid: Copy {}
impl ZeroIsValid for u64 {}

/// Elements of one table, as reference cells.
#[derive(Debug)]
pub(crate) struct TableEntity {
    pub(crate) elements: Vec<u64>,
    pub(crate) max: u64,
    pub(crate) ty: TableType,
}

impl TableEntity {
    /// Grows by `delta` elements set to `init`; returns the old size, or `None` if the table cannot grow.
    fn grow(&mut self, delta: u64, init: u64) -> Option<u64> {
        let old = self.elements.len() as u64;
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        let new = usize::try_from(new).ok()?;
        if init == 0 && self.elements.is_empty() {
            // Null elements of a fresh table come from zeroed memory, committed only when first written.
            self.elements = zeroed_vec(new)?;
            return Some(old);
        }
        self.elements
            .try_reserve_exact(new - self.elements.len())
            .ok()?;
        self.elements.resize(new, init);
        Some(old)
    }
}

#[derive(Debug)]
pub(crate) struct GlobalEntity {
    pub(crate) ty: GlobalType,
    /// The value's cells: the low 64 bits are the one cell of every type but `v128`, which takes all 128.
    pub(crate) value: u128,
}

/// A tag: its type (tags are compared by identity, their store index).
#[derive(Debug)]
pub(crate) struct TagEntity {
    pub(crate) ty: TagType,
}

/// An exception: its tag (a store index) and the cells of the values it carries.
#[derive(Debug)]
pub(crate) struct ExnEntity {
    /// The tag; `u32::MAX` once the entry is free.
    pub(crate) tag: u32,
    pub(crate) fields: Box<[u64]>,
    /// Who may hold a reference to it (an [`ExnState`] as a byte: atomic, so that reading a value out through a
    /// shared store can record that the host now holds it).
    pub(crate) state: AtomicU8,
}

/// Who may hold a reference to an exception, which decides when its entry is freed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum ExnState {
    /// Nobody: it is being thrown. A catch without a reference frees it.
    Thrown = 0,
    /// The guest got an `exnref` (`catch_ref`, `catch_all_ref`): freed by a collection that finds no reference.
    Guest = 1,
    /// The host got an [`ExnRef`](crate::ExnRef): kept as long as the store.
    Host = 2,
    /// The entry is free.
    Free = 3,
}

impl ExnEntity {
    pub(crate) fn state(&self) -> ExnState {
        match self.state.load(Ordering::Relaxed) {
            0 => ExnState::Thrown,
            1 => ExnState::Guest,
            2 => ExnState::Host,
            _ => ExnState::Free,
        }
    }

    /// Records that `state` may hold a reference (a state only moves towards [`ExnState::Host`]).
    pub(crate) fn held_by(&self, state: ExnState) {
        self.state.fetch_max(state as u8, Ordering::Relaxed);
    }
}

/// At most this many exceptions live in a store at once; a throw beyond it (after a collection) traps.
pub(crate) const MAX_LIVE_EXCEPTIONS: usize = 1 << 16;
/// At most this many cells of exception values live in a store at once (32 MiB); a throw beyond it traps.
pub(crate) const MAX_EXCEPTION_CELLS: usize = 1 << 22;
/// Live exceptions at which the first collection runs; after one, the next runs at twice what survived.
const FIRST_EXCEPTION_COLLECTION: usize = 1024;

/// A module instance: its module and the store indices of everything it uses.
#[derive(Debug)]
pub(crate) struct InstanceEntity {
    pub(crate) module: Arc<ModuleInner>,
    pub(crate) funcs: Box<[u32]>,
    pub(crate) tables: Box<[u32]>,
    pub(crate) memories: Box<[u32]>,
    pub(crate) globals: Box<[u32]>,
    pub(crate) tags: Box<[u32]>,
    /// Element segments as reference cells; dropped segments are empty.
    pub(crate) elems: Box<[Box<[u64]>]>,
    /// Whether each data segment was dropped.
    pub(crate) data_dropped: Box<[bool]>,
}

/// Everything in a store that does not depend on the embedder's data type.
pub(crate) struct StoreInner {
    pub(crate) id: StoreId,
    pub(crate) engine: Engine,
    pub(crate) limits: StoreLimits,
    pub(crate) funcs: Vec<FuncEntity>,
    pub(crate) memories: Vec<MemoryEntity>,
    pub(crate) tables: Vec<TableEntity>,
    pub(crate) globals: Vec<GlobalEntity>,
    pub(crate) instances: Vec<InstanceEntity>,
    pub(crate) externs: Vec<HostData>,
    pub(crate) tags: Vec<TagEntity>,
    /// Exceptions; freed entries (see [`ExnState`]) are reused through `free_exns`.
    pub(crate) exns: Vec<ExnEntity>,
    /// Live exceptions at which the next collection runs.
    pub(crate) exn_collect_at: usize,
    pub(crate) free_exns: Vec<u32>,
    /// Cells of the values of the live exceptions.
    pub(crate) exn_cells: usize,
    pub(crate) stack: ValueStack,
    pub(crate) frames: Vec<Frame>,
    pub(crate) metering: StoreMetering,
    /// Elements of all tables together, against [`StoreLimits::max_total_table_elements`].
    pub(crate) table_elements: u64,
    /// The native stack address at the outermost call into the store that is running (0 when none is), for
    /// the native-stack budget of nested executions.
    pub(crate) native_stack_base: usize,
    /// The entity counts the [`ResourceLimiter`] allows, on top of the limits (unlimited without one).
    pub(crate) entity_counts: EntityCounts,
    /// The host function the interpreter calls to grow a memory or table when a limiter is installed (see
    /// `limiter.rs`); `None` without a limiter, and then growth happens in place.
    pub(crate) grow_hook: Option<u32>,
    /// The growth the interpreter asks the grow hook for.
    pub(crate) grow_request: Option<GrowRequest>,
}

impl fmt::Debug for StoreInner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreInner")
            .field("id", &self.id)
            .field("funcs", &self.funcs.len())
            .field("memories", &self.memories.len())
            .field("tables", &self.tables.len())
            .field("globals", &self.globals.len())
            .field("instances", &self.instances.len())
            .finish_non_exhaustive()
    }
}

impl StoreInner {
    pub(crate) fn check(&self, id: StoreId) -> Result<()> {
        if id == self.id {
            Ok(())
        } else {
            Err(Error::usage("object used with the wrong store"))
        }
    }

    pub(crate) fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        if !self.engine.config().consume_fuel {
            return Err(Error::usage("fuel is not enabled in this engine's Config"));
        }
        self.metering.fuel = fuel;
        Ok(())
    }

    pub(crate) fn get_fuel(&self) -> Result<u64> {
        if !self.engine.config().consume_fuel {
            return Err(Error::usage("fuel is not enabled in this engine's Config"));
        }
        Ok(self.metering.fuel)
    }

    /// Whether the guest must stop now: its epoch deadline has passed or an interrupt is pending.
    pub(crate) fn interrupt_due(&self) -> bool {
        self.engine.config().epoch_interruption
            && (self.engine.current_epoch() >= self.metering.epoch_deadline
                || self.metering.interrupt.requested.load(Ordering::Relaxed))
    }

    pub(crate) fn func_type(&self, func: u32) -> FuncType {
        let sig = self
            .funcs
            .get(func as usize)
            .map_or(FuncTypeId(u32::MAX), FuncEntity::sig);
        self.engine.signature(sig)
    }

    /// Checks that a memory of type `ty` may be created within the [`StoreLimits`]; returns its effective
    /// maximum in pages.
    pub(crate) fn check_new_memory(&self, ty: MemoryType) -> Result<u64> {
        if self.memories.len() >= self.max_memories() {
            return Err(Error::limit(format!(
                "more than {} memories in a store",
                self.max_memories()
            )));
        }
        let kind_max = ty.max_pages_of_kind();
        let max_pages = ty
            .maximum()
            .unwrap_or(kind_max)
            .min(kind_max)
            .min(self.limits.max_memory_pages);
        if ty.minimum() > max_pages {
            return Err(Error::limit(format!(
                "memory of {} pages exceeds the limit of {} pages",
                ty.minimum(),
                max_pages
            )));
        }
        Ok(max_pages)
    }

    /// Allocates a memory of type `ty` that [`Self::check_new_memory`] allowed with maximum `max_pages`.
    pub(crate) fn push_memory_unlimited(&mut self, ty: MemoryType, max_pages: u64) -> Result<u32> {
        let len = usize::try_from(ty.minimum())
            .ok()
            .and_then(|pages| pages.checked_mul(PAGE_SIZE))
            .ok_or_else(|| Error::limit("memory too large for this host"))?;
        let max_len = usize::try_from(max_pages)
            .ok()
            .and_then(|pages| pages.checked_mul(PAGE_SIZE))
            .unwrap_or(len);
        let bytes = LinearMemory::new(len, max_len)
            .ok_or_else(|| Error::limit(format!("cannot allocate {len} bytes of memory")))?;
        self.memories.push(MemoryEntity {
            bytes,
            max_pages,
            ty,
        });
        Ok(self.memories.len() as u32 - 1)
    }

    /// Checks that a table of type `ty` may be created within the [`StoreLimits`]; returns its effective maximum.
    pub(crate) fn check_new_table(&self, ty: TableType) -> Result<u64> {
        if self.tables.len() >= self.max_tables() {
            return Err(Error::limit(format!(
                "more than {} tables in a store",
                self.max_tables()
            )));
        }
        let max = ty
            .maximum()
            .unwrap_or(u64::from(u32::MAX))
            .min(self.limits.max_table_elements);
        if ty.minimum() > max {
            return Err(Error::limit(format!(
                "table of {} elements exceeds the limit of {} elements",
                ty.minimum(),
                max
            )));
        }
        let total = self.table_elements.saturating_add(ty.minimum());
        if total > self.limits.max_total_table_elements {
            return Err(Error::limit(format!(
                "tables of {total} elements in all exceed the store's limit of {} elements",
                self.limits.max_total_table_elements
            )));
        }
        Ok(max)
    }

    /// Allocates a table of type `ty` with every element `init`, that [`Self::check_new_table`] allowed with
    /// maximum `max`.
    pub(crate) fn push_table_unlimited(
        &mut self,
        ty: TableType,
        init: u64,
        max: u64,
    ) -> Result<u32> {
        let mut table = TableEntity {
            elements: Vec::new(),
            max,
            ty,
        };
        if table.grow(ty.minimum(), init).is_none() {
            return Err(Error::limit(format!(
                "cannot allocate a table of {} elements",
                ty.minimum()
            )));
        }
        self.table_elements = self.table_elements.saturating_add(ty.minimum());
        self.tables.push(table);
        Ok(self.tables.len() as u32 - 1)
    }

    /// Grows table `table` by `delta` elements set to `init`, within the table's maximum and the store's total;
    /// returns the old size, or `None` if it cannot grow.
    pub(crate) fn grow_table_within_limits(
        &mut self,
        table: u32,
        delta: u64,
        init: u64,
    ) -> Option<u64> {
        let total = self.table_elements.checked_add(delta)?;
        if total > self.limits.max_total_table_elements {
            return None;
        }
        let old = self.tables.get_mut(table as usize)?.grow(delta, init)?;
        self.table_elements = total;
        Some(old)
    }

    pub(crate) fn push_global(&mut self, ty: GlobalType, value: u128) -> u32 {
        self.globals.push(GlobalEntity { ty, value });
        self.globals.len() as u32 - 1
    }

    pub(crate) fn push_tag(&mut self, ty: TagType) -> u32 {
        self.tags.push(TagEntity { ty });
        self.tags.len() as u32 - 1
    }

    /// Creates an exception of store tag `tag` carrying `fields`, within the store's bounds on live exceptions
    /// (collecting unreferenced ones when there are many).
    pub(crate) fn push_exn(&mut self, tag: u32, fields: &[u64]) -> Result<u32, TrapCode> {
        let live = |s: &Self| s.exns.len() - s.free_exns.len();
        if live(self) >= self.exn_collect_at || self.exn_cells + fields.len() > MAX_EXCEPTION_CELLS
        {
            self.collect_exns();
            self.exn_collect_at =
                (2 * live(self)).clamp(FIRST_EXCEPTION_COLLECTION, MAX_LIVE_EXCEPTIONS);
        }
        if live(self) >= MAX_LIVE_EXCEPTIONS || self.exn_cells + fields.len() > MAX_EXCEPTION_CELLS
        {
            return Err(TrapCode::ExceptionLimit);
        }
        self.exn_cells += fields.len();
        let exn = ExnEntity {
            tag,
            fields: fields.into(),
            state: AtomicU8::new(ExnState::Thrown as u8),
        };
        Ok(match self.free_exns.pop() {
            Some(index) => {
                if let Some(slot) = self.exns.get_mut(index as usize) {
                    *slot = exn;
                }
                index
            }
            None => {
                self.exns.push(exn);
                self.exns.len() as u32 - 1
            }
        })
    }

    /// Frees exception `index` if no reference to it can exist (it was caught without `catch_ref`).
    pub(crate) fn release_exn(&mut self, index: u32) {
        if self
            .exns
            .get(index as usize)
            .is_some_and(|e| e.state() == ExnState::Thrown)
        {
            self.free_exn(index);
        }
    }

    fn free_exn(&mut self, index: u32) {
        if let Some(exn) = self.exns.get_mut(index as usize) {
            self.exn_cells -= exn.fields.len();
            exn.fields = Box::new([]);
            exn.tag = u32::MAX;
            exn.state = AtomicU8::new(ExnState::Free as u8);
            self.free_exns.push(index);
        }
    }

    /// Frees the exceptions only the guest held and no longer references. Conservative: every cell of the value
    /// stack, every global and table element, and every value of a kept exception that equals an exception's
    /// reference keeps it (so a stale cell may keep one alive, never the other way round).
    fn collect_exns(&mut self) {
        let n = self.exns.len();
        let mut marked = vec![false; n];
        let mut work = Vec::new();
        let root = |cell: u64, marked: &mut Vec<bool>, work: &mut Vec<u32>| {
            if let Some(i) = crate::ir::ref_index(cell)
                && let Some(mark) = marked.get_mut(i as usize)
                && !*mark
            {
                *mark = true;
                work.push(i);
            }
        };
        for cell in self.stack.cells() {
            root(*cell, &mut marked, &mut work);
        }
        for global in &self.globals {
            root(global.value as u64, &mut marked, &mut work);
        }
        for table in &self.tables {
            for cell in &table.elements {
                root(*cell, &mut marked, &mut work);
            }
        }
        for (i, exn) in self.exns.iter().enumerate() {
            if exn.state() != ExnState::Guest {
                root(i as u64 + 1, &mut marked, &mut work);
            }
        }
        while let Some(i) = work.pop() {
            let fields = self.exns.get(i as usize).map_or(&[][..], |e| &e.fields[..]);
            for &cell in fields {
                root(cell, &mut marked, &mut work);
            }
        }
        for (i, mark) in marked.iter().enumerate() {
            if !mark && self.exns[i].state() == ExnState::Guest {
                self.free_exn(i as u32);
            }
        }
    }
}

/// A collection of WebAssembly instances and host state: everything one guest program can touch.
///
/// All entities created in a store live as long as the store. `T` is the embedder's data, reachable from host
/// functions through [`Caller::data`](crate::Caller::data).
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    /// Host functions, append-only: entries are never removed or replaced (the interpreter relies on it).
    pub(crate) host_funcs: Vec<HostFunc<T>>,
    pub(crate) data: T,
    /// The embedder's [`ResourceLimiter`], found in `data` (see [`Store::limiter`]).
    pub(crate) limiter: Option<LimiterFn<T>>,
}

impl<T> fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<T> Store<T> {
    /// A new store for `engine`, holding `data`, with the engine's default limits.
    pub fn new(engine: &Engine, data: T) -> Self {
        Self {
            inner: StoreInner {
                id: StoreId::fresh(),
                engine: engine.clone(),
                limits: engine.config().limits,
                funcs: Vec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                externs: Vec::new(),
                tags: Vec::new(),
                exns: Vec::new(),
                free_exns: Vec::new(),
                exn_collect_at: FIRST_EXCEPTION_COLLECTION,
                exn_cells: 0,
                stack: ValueStack::default(),
                frames: Vec::new(),
                metering: StoreMetering::default(),
                table_elements: 0,
                native_stack_base: 0,
                entity_counts: EntityCounts::UNLIMITED,
                grow_hook: None,
                grow_request: None,
            },
            host_funcs: Vec::new(),
            data,
            limiter: None,
        }
    }

    /// The engine this store belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store, returning the embedder's data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The store's resource limits.
    pub fn limits(&self) -> StoreLimits {
        self.inner.limits
    }

    /// Replaces the store's resource limits. Entities that already exist keep their size.
    pub fn set_limits(&mut self, limits: StoreLimits) {
        self.inner.limits = limits;
    }

    /// Sets the fuel left to `fuel` units (see [`Config::consume_fuel`](crate::Config::consume_fuel)).
    ///
    /// # Errors
    ///
    /// If the engine does not consume fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.inner.set_fuel(fuel)
    }

    /// The fuel left.
    ///
    /// # Errors
    ///
    /// If the engine does not consume fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        self.inner.get_fuel()
    }

    /// Makes execution trap with "interrupt" once the engine's epoch has advanced `ticks_beyond_current` times
    /// from now (see [`Config::epoch_interruption`](crate::Config::epoch_interruption)). A new store has no
    /// deadline.
    pub fn set_epoch_deadline(&mut self, ticks_beyond_current: u64) {
        let now = self.inner.engine.current_epoch();
        self.inner.metering.epoch_deadline = now.saturating_add(ticks_beyond_current);
    }

    /// A handle that stops this store's running code from another thread (see [`InterruptHandle`]).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            state: Arc::clone(&self.inner.metering.interrupt),
        }
    }
}

/// A reference to a host value stored in a [`Store`], usable as a WebAssembly `externref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef(Stored<HostData>);

/// A host value an [`ExternRef`] refers to.
pub(crate) type HostData = Box<dyn Any + Send + Sync>;

macro_rules! store_entities {
    ($($entity:ty => $arena:ident, $kind:literal;)*) => {$(
        impl StoreEntity for $entity {
            const KIND: &'static str = $kind;
            fn arena(inner: &StoreInner) -> &[Self] {
                &inner.$arena
            }
            fn arena_mut(inner: &mut StoreInner) -> &mut [Self] {
                &mut inner.$arena
            }
        }
    )*};
}

store_entities! {
    FuncEntity => funcs, "function";
    MemoryEntity => memories, "memory";
    TableEntity => tables, "table";
    GlobalEntity => globals, "global";
    HostData => externs, "host reference";
    TagEntity => tags, "tag";
    ExnEntity => exns, "exception";
    InstanceEntity => instances, "instance";
}

impl ExternRef {
    /// Stores `value` in the store and returns a reference to it.
    pub fn new<T>(mut store: impl AsContextMut<Data = T>, value: impl Any + Send + Sync) -> Self {
        let store = &mut store.as_context_mut().0.inner;
        store.externs.push(Box::new(value));
        Self(Stored::new(store.id, store.externs.len() as u32 - 1))
    }

    /// The referenced host value.
    ///
    /// # Errors
    ///
    /// If the reference belongs to another store.
    pub fn data<'a, T: 'a>(
        &self,
        store: impl Into<StoreContext<'a, T>>,
    ) -> Result<&'a (dyn Any + Send + Sync)> {
        let store = &store.into().0.inner;
        self.0.resolve(store).map(|b| &**b)
    }
}

stored_handle!(ExternRef);

/// A shared borrow of a store, as taken by read-only API calls.
pub struct StoreContext<'a, T>(pub(crate) &'a Store<T>);

/// An exclusive borrow of a store, as taken by API calls that may change it or run code.
pub struct StoreContextMut<'a, T>(pub(crate) &'a mut Store<T>);

impl<T> fmt::Debug for StoreContext<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreContext")
    }
}

impl<T> fmt::Debug for StoreContextMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreContextMut")
    }
}

impl<T> StoreContext<'_, T> {
    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.0.data
    }
}

impl<T> StoreContextMut<'_, T> {
    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.0.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.0.data
    }
}

/// Anything that can lend a shared borrow of a store: `&Store<T>`, `&mut Store<T>`, [`Caller`](crate::Caller),
/// and the context types.
pub trait AsContext {
    /// The store's data type.
    type Data;
    /// Borrows the store.
    fn as_context(&self) -> StoreContext<'_, Self::Data>;
}

/// Anything that can lend an exclusive borrow of a store.
pub trait AsContextMut: AsContext {
    /// Borrows the store exclusively.
    fn as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self)
    }
}

impl<T> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(self)
    }
}

impl<T> AsContext for StoreContext<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.0)
    }
}

impl<T> AsContext for StoreContextMut<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.0)
    }
}

impl<T> AsContextMut for StoreContextMut<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(self.0)
    }
}

impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, C::Data> {
        (**self).as_context_mut()
    }
}

impl<'a, T: AsContext> From<&'a T> for StoreContext<'a, T::Data> {
    fn from(t: &'a T) -> Self {
        t.as_context()
    }
}

impl<'a, T: AsContext> From<&'a mut T> for StoreContext<'a, T::Data> {
    fn from(t: &'a mut T) -> Self {
        T::as_context(t)
    }
}

impl<'a, T: AsContextMut> From<&'a mut T> for StoreContextMut<'a, T::Data> {
    fn from(t: &'a mut T) -> Self {
        t.as_context_mut()
    }
}
