//! Instances and instantiation: import checks, creating the module's entities, segment initialization and the
//! start function.

use core::fmt;
use std::sync::Arc;

use crate::compile::{DataMode, ElemMode, EntityIndex, ModuleInner};
use crate::error::{Error, Result};
use crate::extern_::Extern;
use crate::func::{Func, TypedFunc, WasmParams, WasmResults};
use crate::global::Global;
use crate::memory::Memory;
use crate::memory_access;
use crate::module::Module;
use crate::store::{
    AsContext, AsContextMut, FuncEntity, HostFunc, InstanceEntity, Store, Stored, stored_handle,
};
use crate::table::Table;
use crate::tag::Tag;
use crate::trap::TrapCode;
use crate::types::FuncTypeId;
use crate::types::{ExternType, TagType};

/// An instantiated module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance(Stored<InstanceEntity>);

stored_handle!(Instance);

impl Instance {
    /// Instantiates `module` with `imports` given in the order of [`Module::imports`], then runs its start
    /// function.
    ///
    /// # Errors
    ///
    /// If the imports do not match, a resource limit is exceeded, a segment does not fit (a trap), or the start
    /// function traps.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Self> {
        instantiate(store.as_context_mut().0, module, imports)
    }

    /// The export called `name`.
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let store = store.as_context();
        let instance = self.0.resolve(&store.0.inner).ok()?;
        let export = instance
            .module
            .exports
            .get(*instance.module.export_index.get(name)?)?;
        Some(self.resolve(instance, export.index))
    }

    fn resolve(&self, instance: &InstanceEntity, index: EntityIndex) -> Extern {
        let id = self.store_id();
        let at = |slice: &[u32], i: u32| slice.get(i as usize).copied().unwrap_or(u32::MAX);
        match index {
            EntityIndex::Func(i) => Extern::Func(Func::from_parts(id, at(&instance.funcs, i))),
            EntityIndex::Table(i) => Extern::Table(Table::from_parts(id, at(&instance.tables, i))),
            EntityIndex::Memory(i) => {
                Extern::Memory(Memory::from_parts(id, at(&instance.memories, i)))
            }
            EntityIndex::Global(i) => {
                Extern::Global(Global::from_parts(id, at(&instance.globals, i)))
            }
            EntityIndex::Tag(i) => Extern::Tag(Tag::from_parts(id, at(&instance.tags, i))),
        }
    }

    /// All exports, in the module's order.
    pub fn exports(&self, store: impl AsContext) -> Vec<(String, Extern)> {
        let store = store.as_context();
        let Ok(instance) = self.0.resolve(&store.0.inner) else {
            return Vec::new();
        };
        instance
            .module
            .exports
            .iter()
            .map(|e| (e.name.clone(), self.resolve(instance, e.index)))
            .collect()
    }

    /// The exported function called `name`.
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function called `name`, with static types.
    ///
    /// # Errors
    ///
    /// If there is no such function or its type differs.
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let store = store.as_context();
        let func = self
            .get_func(&store, name)
            .ok_or_else(|| Error::usage(format!("no exported function called `{name}`")))?;
        func.typed(&store)
    }

    /// The exported memory called `name`.
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported table called `name`.
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global called `name`.
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }
}

fn instantiate<T>(store: &mut Store<T>, module: &Module, imports: &[Extern]) -> Result<Instance> {
    let inner_module = module.inner();
    check_engine(store, module)?;
    if imports.len() != inner_module.imports.len() {
        return Err(Error::link(format!(
            "expected {} imports, got {}",
            inner_module.imports.len(),
            imports.len()
        )));
    }
    for (import, item) in inner_module.imports.iter().zip(imports) {
        store.inner.check(item.store_id())?;
        let expected = inner_module.entity_type(import.index);
        let actual = item.ty(&*store);
        if !import_matches(expected.as_ref(), &actual) {
            let expected = expected.map_or_else(|| "?".to_string(), |t| t.to_string());
            return Err(Error::link(format!(
                "incompatible import type for `{}::{}`: expected {expected}, found {actual}",
                import.module, import.name
            )));
        }
    }
    instantiate_checked(store, module, imports)
}

/// Instantiates `module` with `imports`, which the caller has checked: as many as the module's imports, each an
/// item of `store` whose type matches its import. (The types of store items never stop matching: functions and
/// globals keep theirs, and memories and tables only grow, which keeps their current size above an import's
/// minimum; so an [`InstancePre`](crate::InstancePre) checks once, and instantiates many times.)
pub(crate) fn instantiate_checked<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance> {
    check_engine(store, module)?;
    let module = Arc::clone(module.inner());
    if store.inner.instances.len() >= store.inner.max_instances() {
        return Err(Error::limit(format!(
            "more than {} instances in a store",
            store.inner.max_instances()
        )));
    }
    let mut funcs = Vec::with_capacity(module.funcs.len());
    let mut tables = Vec::with_capacity(module.tables.len());
    let mut memories = Vec::with_capacity(module.memories.len());
    let mut globals = Vec::with_capacity(module.globals.len());
    let mut tags = Vec::with_capacity(module.tags.len());
    for item in imports {
        match item {
            Extern::Func(f) => funcs.push(f.index()),
            Extern::Table(t) => tables.push(t.index()),
            Extern::Memory(m) => memories.push(m.index()),
            Extern::Global(g) => globals.push(g.index()),
            Extern::Tag(t) => tags.push(t.index()),
        }
    }

    // Tables and memories first: the store's resource limiter is asked for their initial sizes.
    for ty in &module.tables[module.num_imported_tables as usize..] {
        tables.push(store.push_table(*ty, 0)?);
    }
    for ty in &module.memories[module.num_imported_memories as usize..] {
        memories.push(store.push_memory(*ty)?);
    }
    let inner = &mut store.inner;
    for ty in &module.tags[module.num_imported_tags as usize..] {
        let ty = module
            .types
            .get(*ty as usize)
            .cloned()
            .ok_or_else(|| Error::usage("unknown type"))?;
        tags.push(inner.push_tag(TagType::new(ty)));
    }
    let instance_index = inner.instances.len() as u32;
    for (code, ty) in module.funcs[module.num_imported_funcs as usize..]
        .iter()
        .enumerate()
    {
        let sig = module
            .sigs
            .get(*ty as usize)
            .copied()
            .ok_or_else(|| Error::usage("unknown type"))?;
        inner.funcs.push(FuncEntity::Wasm {
            instance: instance_index,
            code: code as u32,
            sig,
        });
        funcs.push(inner.funcs.len() as u32 - 1);
    }
    for (ty, init) in module.globals[module.num_imported_globals as usize..]
        .iter()
        .zip(&module.global_inits)
    {
        let value = init.eval(
            |g| global_cell(inner, &globals, g),
            |f| func_cell(&funcs, f),
        );
        globals.push(inner.push_global(*ty, value));
    }
    // Tables with an initializer expression start filled with its value (it may read the globals).
    let defined_tables = tables
        .get(module.num_imported_tables as usize..)
        .unwrap_or(&[]);
    for (table, init) in defined_tables.iter().zip(&module.table_inits) {
        let value = init.eval(
            |g| global_cell(inner, &globals, g),
            |f| func_cell(&funcs, f),
        ) as u64;
        if value != 0
            && let Some(table) = inner.tables.get_mut(*table as usize)
        {
            table.elements.fill(value);
        }
    }
    let elems: Vec<Box<[u64]>> = module
        .elems
        .iter()
        .map(|segment| {
            segment
                .items
                .iter()
                .map(|item| {
                    item.eval(
                        |g| global_cell(inner, &globals, g),
                        |f| func_cell(&funcs, f),
                    ) as u64
                })
                .collect()
        })
        .collect();
    inner.instances.push(InstanceEntity {
        module: Arc::clone(&module),
        funcs: funcs.into_boxed_slice(),
        tables: tables.into_boxed_slice(),
        memories: memories.into_boxed_slice(),
        globals: globals.into_boxed_slice(),
        tags: tags.into_boxed_slice(),
        elems: elems.into_boxed_slice(),
        data_dropped: vec![false; module.datas.len()].into_boxed_slice(),
    });
    let instance = Instance::from_parts(inner.id, instance_index);

    initialize_segments(&mut store.inner, instance_index, &module)?;

    if let Some(start) = module.start {
        let func = store.inner.instances[instance_index as usize]
            .funcs
            .get(start as usize)
            .copied();
        let func = func.ok_or_else(|| Error::usage("unknown start function"))?;
        Func::from_parts(store.inner.id, func).call(&mut *store, &[], &mut [])?;
    }
    Ok(instance)
}

fn check_engine<T>(store: &Store<T>, module: &Module) -> Result<()> {
    if crate::Engine::same(module.engine(), &store.inner.engine) {
        Ok(())
    } else {
        Err(Error::usage("module and store belong to different engines"))
    }
}

/// A module whose imports a [`Linker`](crate::Linker) has resolved and type-checked, ready to be instantiated any
/// number of times, in any store of the engine ([`Linker::instantiate_pre`](crate::Linker::instantiate_pre), as
/// wasmtime's type of the same name).
///
/// Instantiating it looks no names up and checks no types. Host functions defined in the linker
/// ([`Linker::func_wrap`](crate::Linker::func_wrap), [`Linker::func_new`](crate::Linker::func_new)) are created
/// in the store that instantiates, as [`Linker::instantiate`](crate::Linker::instantiate) does; items of a store
/// ([`Linker::define`](crate::Linker::define), [`Linker::instance`](crate::Linker::instance)) can only be used in
/// that store.
///
/// # Example
///
/// ```
/// use capvm_core::{Engine, Linker, Module, Store};
///
/// # fn main() -> capvm_core::Result<()> {
/// let engine = Engine::default();
/// let module = Module::new(
///     &engine,
///     r#"(module
///         (import "host" "next" (func $next (result i32)))
///         (func (export "run") (result i32) (call $next)))"#,
/// )?;
/// let mut linker = Linker::new(&engine);
/// linker.func_wrap("host", "next", |mut caller: capvm_core::Caller<'_, i32>| {
///     *caller.data_mut() += 1;
///     *caller.data()
/// })?;
/// let pre = linker.instantiate_pre(&module)?; // names resolved, types checked, once
///
/// for _ in 0..3 {
///     let mut store = Store::new(&engine, 0);
///     let instance = pre.instantiate(&mut store)?;
///     let run = instance.get_typed_func::<(), i32>(&store, "run")?;
///     assert_eq!(run.call(&mut store, ())?, 1);
/// }
/// # Ok(())
/// # }
/// ```
pub struct InstancePre<T> {
    module: Module,
    imports: Arc<[PreImport<T>]>,
}

/// One resolved import of an [`InstancePre`].
pub(crate) enum PreImport<T> {
    /// An item of the store it belongs to.
    Extern(Extern),
    /// A host function, created in the instantiating store; the engine knows its type as the signature.
    HostFunc(HostFunc<T>, FuncTypeId),
}

impl<T> Clone for PreImport<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Extern(item) => Self::Extern(*item),
            Self::HostFunc(func, sig) => Self::HostFunc(func.clone(), *sig),
        }
    }
}

impl<T> Clone for InstancePre<T> {
    fn clone(&self) -> Self {
        Self {
            module: self.module.clone(),
            imports: Arc::clone(&self.imports),
        }
    }
}

impl<T> fmt::Debug for InstancePre<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstancePre")
            .field("module", &self.module.name())
            .field("imports", &self.imports.len())
            .finish_non_exhaustive()
    }
}

impl<T> InstancePre<T> {
    /// `module` with `imports` (one per import of the module, in order), already type-checked.
    pub(crate) fn new(module: Module, imports: Vec<PreImport<T>>) -> Self {
        Self {
            module,
            imports: imports.into(),
        }
    }

    /// The module this instantiates.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// Instantiates the module in `store` (running its start function).
    ///
    /// # Errors
    ///
    /// If the store belongs to another engine, an import was defined as an item of another store, a resource
    /// limit is exceeded, a segment does not fit (a trap), or the start function traps.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>) -> Result<Instance> {
        instantiate_resolved(store.as_context_mut().0, &self.module, &self.imports)
    }
}

/// Instantiates `module` with the resolved and type-checked `imports`: store items are checked to belong to
/// `store`, host functions are created in it.
pub(crate) fn instantiate_resolved<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[PreImport<T>],
) -> Result<Instance> {
    check_engine(store, module)?;
    // Every store item first, so that nothing is created in a store the instance cannot be made in.
    for (i, import) in imports.iter().enumerate() {
        if let PreImport::Extern(item) = import
            && item.store_id() != store.inner.id
        {
            let (m, n) = module.inner().imports.get(i).map_or(("?", "?"), |import| {
                (import.module.as_str(), import.name.as_str())
            });
            return Err(Error::usage(format!(
                "import `{m}::{n}` is defined as an item of another store"
            )));
        }
    }
    let id = store.inner.id;
    let items: Vec<Extern> = imports
        .iter()
        .map(|import| match import {
            PreImport::Extern(item) => *item,
            PreImport::HostFunc(func, sig) => Extern::Func(Func::from_parts(
                id,
                store.push_host_func(func.clone(), *sig),
            )),
        })
        .collect();
    instantiate_checked(store, module, &items)
}

/// The value of global `g` of an instance whose globals are the store entities `globals`.
fn global_cell(store: &crate::store::StoreInner, globals: &[u32], g: u32) -> u128 {
    globals
        .get(g as usize)
        .and_then(|i| store.globals.get(*i as usize))
        .map_or(0, |g| g.value)
}

/// The reference cell of function `f` of an instance whose functions are the store entities `funcs`.
fn func_cell(funcs: &[u32], f: u32) -> u64 {
    funcs.get(f as usize).map_or(0, |i| u64::from(*i) + 1)
}

pub(crate) fn import_matches(expected: Option<&ExternType>, actual: &ExternType) -> bool {
    match (expected, actual) {
        (Some(ExternType::Func(e)), ExternType::Func(a)) => e == a,
        (Some(ExternType::Global(e)), ExternType::Global(a)) => a.matches(e),
        (Some(ExternType::Table(e)), ExternType::Table(a)) => a.matches(e),
        (Some(ExternType::Memory(e)), ExternType::Memory(a)) => a.matches(e),
        (Some(ExternType::Tag(e)), ExternType::Tag(a)) => e == a,
        _ => false,
    }
}

/// Copies active element and data segments into their tables and memories, in order, then drops them (and the
/// declared element segments). The first segment that does not fit traps; earlier ones stay applied.
fn initialize_segments(
    store: &mut crate::store::StoreInner,
    instance: u32,
    module: &ModuleInner,
) -> Result<()> {
    let global = |store: &crate::store::StoreInner, g: u32| {
        global_cell(store, &store.instances[instance as usize].globals, g)
    };
    let func = |store: &crate::store::StoreInner, f: u32| {
        func_cell(&store.instances[instance as usize].funcs, f)
    };
    for (i, segment) in module.elems.iter().enumerate() {
        match &segment.mode {
            ElemMode::Passive => continue,
            ElemMode::Declared => {}
            ElemMode::Active { table, offset } => {
                // An i32 offset is kept zero-extended, an i64 one (table64) whole; one past `usize` is out of
                // bounds anyway.
                let offset = offset.eval(|g| global(store, g), |f| func(store, f)) as u64;
                let offset = usize::try_from(offset).unwrap_or(usize::MAX);
                let inst = &store.instances[instance as usize];
                let t = inst
                    .tables
                    .get(*table as usize)
                    .copied()
                    .unwrap_or(u32::MAX);
                let items = &inst.elems[i];
                let target = store
                    .tables
                    .get_mut(t as usize)
                    .and_then(|t| t.elements.get_mut(offset..offset.checked_add(items.len())?));
                match target {
                    Some(target) => target.copy_from_slice(items),
                    None => return Err(Error::trap(TrapCode::TableOutOfBounds)),
                }
            }
        }
        store.instances[instance as usize].elems[i] = Box::new([]);
    }
    for (i, segment) in module.datas.iter().enumerate() {
        let DataMode::Active { memory, offset } = &segment.mode else {
            continue;
        };
        // An i32 offset is kept zero-extended, an i64 one (memory64) whole.
        let offset = offset.eval(|g| global(store, g), |f| func(store, f)) as u64;
        let inst = &store.instances[instance as usize];
        let m = inst
            .memories
            .get(*memory as usize)
            .copied()
            .unwrap_or(u32::MAX);
        let bytes = &segment.bytes;
        let target = store.memories.get_mut(m as usize).and_then(|m| {
            let len = m.bytes.len();
            let range = memory_access::range(offset, bytes.len() as u64, len)?;
            m.bytes.as_mut_slice().get_mut(range)
        });
        match target {
            Some(target) => target.copy_from_slice(bytes),
            None => return Err(Error::trap(TrapCode::MemoryOutOfBounds)),
        }
        store.instances[instance as usize].data_dropped[i] = true;
    }
    Ok(())
}
