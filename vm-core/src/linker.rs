//! The linker: names host functions and store items, and resolves a module's imports by name.

use core::fmt;
use std::collections::HashMap;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::extern_::Extern;
use crate::func::{Caller, IntoFunc};
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

/// Resolves imports by `(module, name)` and instantiates modules.
///
/// Host functions defined with [`Linker::func_wrap`] are not tied to a store, so one linker can serve many stores.
pub struct Linker<T> {
    engine: Engine,
    definitions: HashMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Self {
            engine: self.engine.clone(),
            definitions: self.definitions.clone(),
            allow_shadowing: self.allow_shadowing,
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
}
