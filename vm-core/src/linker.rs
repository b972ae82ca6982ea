//! The linker: names host functions and store items, and resolves a module's imports by name.

use core::fmt;
use std::collections::HashMap;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::extern_::Extern;
use crate::func::{Caller, Func, IntoFunc};
use crate::instance::{self, Instance, InstancePre, PreImport};
use crate::module::Module;
use crate::store::{AsContext, AsContextMut, HostFunc, Store};
use crate::types::{ExternType, FuncType};
use crate::value::Val;

enum Definition<T> {
    /// An item of a particular store, with its type when it was defined (for a memory or table, its size
    /// then: they only grow).
    Extern(Extern, ExternType),
    /// A host function, created in whichever store instantiates a module that imports it.
    HostFunc(HostFunc<T>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Extern(e, ty) => Self::Extern(*e, ty.clone()),
            Self::HostFunc(f) => Self::HostFunc(f.clone()),
        }
    }
}

/// What [`Linker::module`] makes of a module, by its exports (the WASI application ABI, as wasmtime reads it).
enum ModuleKind {
    /// Exports `_start`: every call of an export runs in a fresh instance.
    Command,
    /// Exports `_initialize`, or neither: one instance, initialized once.
    Reactor,
}

impl ModuleKind {
    fn of(module: &Module) -> Result<Self> {
        let start = module.get_export("_start");
        let initialize = module.get_export("_initialize");
        match (start, initialize) {
            (Some(_), Some(_)) => Err(Error::link(
                "Program cannot be both a Command and a Reactor (it exports both `_start` and `_initialize`)",
            )),
            (Some(ExternType::Func(_)), None) => Ok(Self::Command),
            (Some(_), None) => Err(Error::link("`_start` must be a function")),
            (None, Some(ExternType::Func(_))) | (None, None) => Ok(Self::Reactor),
            (None, Some(_)) => Err(Error::link("`_initialize` must be a function")),
        }
    }
}

/// Exports other than functions that a command may have, as wasmtime allows them (toolchains emit them).
fn command_may_export(name: &str, ty: &ExternType) -> bool {
    match ty {
        ExternType::Memory(_) => name == "memory",
        ExternType::Table(_) => name == "__indirect_function_table" || name == "table",
        ExternType::Global(_) => matches!(
            name,
            "__data_end" | "__heap_base" | "__dso_handle" | "__rtti_base"
        ),
        ExternType::Func(_) => true,
        ExternType::Tag(_) => false,
    }
}

/// Resolves imports by `(module, name)` and instantiates modules.
///
/// Host functions defined with [`Linker::func_wrap`] are not tied to a store, so one linker can serve many stores.
pub struct Linker<T> {
    engine: Engine,
    definitions: HashMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
    allow_unknown_exports: bool,
}

impl<T> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Self {
            engine: self.engine.clone(),
            definitions: self.definitions.clone(),
            allow_shadowing: self.allow_shadowing,
            allow_unknown_exports: self.allow_unknown_exports,
        }
    }
}

impl<T> fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self
            .definitions
            .keys()
            .map(|(m, n)| format!("{m}::{n}"))
            .collect();
        names.sort();
        f.debug_struct("Linker")
            .field("definitions", &names)
            .finish_non_exhaustive()
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker for `engine`.
    pub fn new(engine: &Engine) -> Self {
        Self {
            engine: engine.clone(),
            definitions: HashMap::new(),
            allow_shadowing: false,
            allow_unknown_exports: false,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one of the same name (default: no, it is an error).
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    /// Whether [`Linker::module`] accepts a command that exports something other than functions and the few
    /// items toolchains add (`memory`, `__indirect_function_table`, `table`, `__data_end`, `__heap_base`,
    /// `__dso_handle`, `__rtti_base`); such exports are then left undefined. Default: no, it is an error.
    pub fn allow_unknown_exports(&mut self, allow: bool) -> &mut Self {
        self.allow_unknown_exports = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, definition: Definition<T>) -> Result<&mut Self> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.definitions.contains_key(&key) {
            return Err(Error::link(format!(
                "`{module}::{name}` is already defined"
            )));
        }
        self.definitions.insert(key, definition);
        Ok(self)
    }

    /// Defines `module::name` as a store item.
    ///
    /// # Errors
    ///
    /// If the name is taken and shadowing is not allowed, or the item belongs to another store.
    pub fn define(
        &mut self,
        store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        let item = item.into();
        let store = store.as_context();
        store.0.inner.check(item.store_id())?;
        let ty = item.ty(&store);
        self.insert(module, name, Definition::Extern(item, ty))
    }

    /// Defines `module::name` as a host function from a closure with typed parameters and results, optionally
    /// taking a [`Caller`] first.
    ///
    /// # Errors
    ///
    /// If the name is taken and shadowing is not allowed.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        let func = func.into_host_func().0;
        self.insert(module, name, Definition::HostFunc(func))
    }

    /// Defines `module::name` as a host function of type `ty` over dynamically typed values.
    ///
    /// # Errors
    ///
    /// If the name is taken and shadowing is not allowed.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        self.insert(
            module,
            name,
            Definition::HostFunc(HostFunc::new_dynamic(ty, func)),
        )
    }

    /// Defines every function that `module` imports and this linker lacks as a host function that traps, with an
    /// error naming the import, when it is called (wasmtime's method of the same name). Programs built for
    /// another host often import functions they never call on the paths you use.
    ///
    /// # Errors
    ///
    /// Never for functions; imports of memories, tables and globals stay undefined (instantiation reports them).
    pub fn define_unknown_imports_as_traps(&mut self, module: &Module) -> Result<&mut Self> {
        self.define_unknown_imports(module, |module, name, _ty| {
            let what = format!("unknown import: `{module}::{name}` has not been defined");
            move |_: Caller<'_, T>, _: &[Val], _: &mut [Val]| Err(Error::new(what.clone()))
        })
    }

    /// Defines every function that `module` imports and this linker lacks as a host function that returns the
    /// zero value of each of its result types (null for references), doing nothing else.
    ///
    /// # Errors
    ///
    /// Never for functions; imports of memories, tables and globals stay undefined (instantiation reports them).
    pub fn define_unknown_imports_as_default_values(
        &mut self,
        module: &Module,
    ) -> Result<&mut Self> {
        self.define_unknown_imports(module, |_module, _name, ty| {
            let defaults: Vec<Val> = ty
                .results()
                .iter()
                .map(|ty| Val::default_for(*ty).unwrap_or(Val::I32(0)))
                .collect();
            move |_: Caller<'_, T>, _: &[Val], results: &mut [Val]| {
                for (result, default) in results.iter_mut().zip(&defaults) {
                    *result = *default;
                }
                Ok(())
            }
        })
    }

    /// Defines each function import of `module` that has no definition with the host function `make` returns.
    fn define_unknown_imports<F>(
        &mut self,
        module: &Module,
        make: impl Fn(&str, &str, &FuncType) -> F,
    ) -> Result<&mut Self>
    where
        F: Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    {
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            if self.definitions.contains_key(&key) {
                continue;
            }
            if let ExternType::Func(ty) = import.ty() {
                let func = make(import.module(), import.name(), &ty);
                self.definitions
                    .insert(key, Definition::HostFunc(HostFunc::new_dynamic(ty, func)));
            }
        }
        Ok(self)
    }

    /// Defines every export of `instance` under the module name `module`.
    ///
    /// # Errors
    ///
    /// If a name is taken and shadowing is not allowed.
    pub fn instance(
        &mut self,
        store: impl AsContext<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        let store = store.as_context();
        store.0.inner.check(instance.store_id())?;
        for (name, item) in instance.exports(&store) {
            let ty = item.ty(&store);
            self.insert(module, &name, Definition::Extern(item, ty))?;
        }
        Ok(self)
    }

    /// The item defined as `module::name`, created in `store` if it is a host function.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        match self
            .definitions
            .get(&(module.to_string(), name.to_string()))?
        {
            Definition::Extern(item, _) => Some(*item),
            Definition::HostFunc(func) => Some(Extern::Func(
                func.clone().into_func(store.as_context_mut().0),
            )),
        }
    }

    /// Resolves `module`'s imports and instantiates it (running its start function).
    ///
    /// # Errors
    ///
    /// If an import is not defined ("unknown import"), has the wrong type ("incompatible import type"), or
    /// instantiation fails as in [`Instance::new`].
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        let store = store.as_context_mut().0;
        let imports = self.resolve(module, Some(store))?;
        instance::instantiate_resolved(store, module, &imports)
    }

    /// Resolves and type-checks every import of `module` once, for instantiating it many times without looking
    /// names up or checking types again (wasmtime's method of the same name); see [`InstancePre`].
    ///
    /// Items of a store defined in the linker are checked with their type when they were defined (a memory or
    /// table with its size then; [`Linker::instantiate`] looks at their current size).
    ///
    /// # Errors
    ///
    /// If `module` belongs to another engine, or an import is not defined ("unknown import") or has the wrong
    /// type ("incompatible import type").
    pub fn instantiate_pre(&self, module: &Module) -> Result<InstancePre<T>> {
        let imports = self.resolve(module, None)?;
        Ok(InstancePre::new(module.clone(), imports))
    }

    /// The definition of every import of `module`, type-checked; a store item's type is its current one if it
    /// belongs to `store`, else its type when it was defined.
    fn resolve(&self, module: &Module, store: Option<&Store<T>>) -> Result<Vec<PreImport<T>>> {
        if !Engine::same(&self.engine, module.engine()) {
            return Err(Error::usage(
                "module and linker belong to different engines",
            ));
        }
        let mut imports = Vec::with_capacity(module.imports().len());
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            let expected = import.ty();
            let incompatible = |found: &dyn fmt::Display| {
                Error::link(format!(
                    "incompatible import type for `{}::{}`: expected {expected}, found {found}",
                    import.module(),
                    import.name(),
                ))
            };
            let resolved = match self.definitions.get(&key) {
                Some(Definition::Extern(item, ty)) => {
                    let current;
                    let actual = match store {
                        Some(store) if store.inner.id == item.store_id() => {
                            current = item.ty(store);
                            &current
                        }
                        _ => ty,
                    };
                    if !instance::import_matches(Some(&expected), actual) {
                        return Err(incompatible(actual));
                    }
                    PreImport::Extern(*item)
                }
                Some(Definition::HostFunc(func)) => {
                    if expected != ExternType::Func(func.ty.clone()) {
                        return Err(incompatible(&func.ty));
                    }
                    PreImport::HostFunc(func.clone(), self.engine.intern_signature(&func.ty))
                }
                None => {
                    return Err(Error::link(format!(
                        "unknown import: `{}::{}` has not been defined (expected {expected})",
                        import.module(),
                        import.name(),
                    )));
                }
            };
            imports.push(resolved);
        }
        Ok(imports)
    }

    /// Defines `module`'s exports under the module name `name`, by the kind of module it is (wasmtime's method
    /// of the same name, after the WASI application ABI):
    ///
    /// - a **command** (it exports `_start`) gets each exported function defined as a host function that, for
    ///   every call, instantiates the module afresh (its imports were resolved and checked here, once), calls
    ///   the export and drops the instance: no state survives from one call to the next. Its other exports must
    ///   be the few toolchains add (see [`Linker::allow_unknown_exports`]) and are not defined. The instances
    ///   stay in the store until it is dropped, as every instance does, and count against its limits.
    /// - a **reactor** (it exports `_initialize`, or neither) is instantiated once, here, its `_initialize`
    ///   called, and its exports defined as [`Linker::instance`] does: state persists across calls.
    ///
    /// A module that exports both `_start` and `_initialize` is refused, as wasmtime does: a command has no
    /// initializer of its own (a WASI command's `_start` runs its constructors itself).
    ///
    /// # Errors
    ///
    /// If the module is both a command and a reactor, a command exports something else than functions, an import
    /// cannot be resolved, a name is taken and shadowing is not allowed, or (for a reactor) instantiation or
    /// `_initialize` fails.
    ///
    /// # Example
    ///
    /// ```
    /// use capvm_core::{Engine, Linker, Module, Store};
    ///
    /// # fn main() -> capvm_core::Result<()> {
    /// let engine = Engine::default();
    /// let mut store = Store::new(&engine, ());
    /// let mut linker = Linker::new(&engine);
    /// // A command that counts its calls, but every call runs in a new instance.
    /// let command = Module::new(
    ///     &engine,
    ///     r#"(module
    ///         (global $calls (mut i32) (i32.const 0))
    ///         (func (export "_start"))
    ///         (func (export "count") (result i32)
    ///           (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    ///           (global.get $calls)))"#,
    /// )?;
    /// linker.module(&mut store, "command", &command)?;
    /// let count = linker.get(&mut store, "command", "count").unwrap().into_func().unwrap();
    /// let count = count.typed::<(), i32>(&store)?;
    /// assert_eq!(count.call(&mut store, ())?, 1);
    /// assert_eq!(count.call(&mut store, ())?, 1); // a fresh instance again
    /// # Ok(())
    /// # }
    /// ```
    pub fn module(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        name: &str,
        module: &Module,
    ) -> Result<&mut Self> {
        let store = store.as_context_mut().0;
        if !Engine::same(&self.engine, store.engine()) {
            return Err(Error::usage("linker and store belong to different engines"));
        }
        match ModuleKind::of(module)? {
            ModuleKind::Command => self.command(store, name, module),
            ModuleKind::Reactor => {
                let instance = self.instantiate(&mut *store, module)?;
                if let Some(init) = instance.get_func(&*store, "_initialize") {
                    let init = init.typed::<(), ()>(&*store).map_err(|e| {
                        Error::link(format!(
                            "the Reactor initialization function `_initialize` has the wrong type: {e}"
                        ))
                    })?;
                    init.call(&mut *store, ())?;
                }
                self.instance(&*store, name, instance)
            }
        }
    }

    fn command(&mut self, store: &mut Store<T>, name: &str, module: &Module) -> Result<&mut Self> {
        for export in module.exports() {
            let ty = export.ty();
            if !command_may_export(export.name(), &ty) && !self.allow_unknown_exports {
                return Err(Error::link(format!(
                    "command export `{}` is not a function",
                    export.name()
                )));
            }
        }
        let pre = self.instantiate_pre(module)?;
        for export in module.exports() {
            let ExternType::Func(ty) = export.ty() else {
                continue;
            };
            let pre = pre.clone();
            let export_name = export.name().to_string();
            let func = Func::new(&mut *store, ty, move |mut caller, params, results| {
                let instance = pre.instantiate(&mut caller)?;
                let func = instance.get_func(&caller, &export_name).ok_or_else(|| {
                    Error::usage(format!("the command lost its export `{export_name}`"))
                })?;
                func.call(&mut caller, params, results)
            });
            let ty = ExternType::Func(func.ty(&*store));
            self.insert(
                name,
                export.name(),
                Definition::Extern(Extern::Func(func), ty),
            )?;
        }
        Ok(self)
    }

    /// The default export of the module defined as `module` (wasmtime's method of the same name): its function
    /// exported as `""`, or else `_start` (a command's entry), or else a function that does nothing (a reactor
    /// has no entry of its own).
    ///
    /// # Errors
    ///
    /// If the `""` or `_start` item is not a function.
    ///
    /// # Example
    ///
    /// ```
    /// use capvm_core::{Engine, Linker, Module, Store};
    ///
    /// # fn main() -> capvm_core::Result<()> {
    /// let engine = Engine::default();
    /// let mut store = Store::new(&engine, ());
    /// let mut linker = Linker::new(&engine);
    /// let program = Module::new(&engine, r#"(module (func (export "_start") (drop (i32.const 7))))"#)?;
    /// linker.module(&mut store, "program", &program)?;
    /// let main = linker.get_default(&mut store, "program")?;
    /// main.typed::<(), ()>(&store)?.call(&mut store, ())?; // a fresh instance runs `_start`
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_default(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
    ) -> Result<Func> {
        for name in ["", "_start"] {
            if let Some(item) = self.get(&mut store, module, name) {
                return item.into_func().ok_or_else(|| {
                    Error::usage(format!(
                        "the default export `{name}` of `{module}` is not a function"
                    ))
                });
            }
        }
        Ok(Func::wrap(store, || {}))
    }
}
