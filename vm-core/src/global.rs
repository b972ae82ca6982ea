//! Globals.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, StoreId};
use crate::types::{GlobalType, Mutability};
use crate::value::Val;

/// A global in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global {
    store: StoreId,
    index: u32,
}

impl Global {
    pub(crate) fn from_parts(store: StoreId, index: u32) -> Self {
        Self { store, index }
    }

    pub(crate) fn store_id(&self) -> StoreId {
        self.store
    }

    pub(crate) fn index(&self) -> u32 {
        self.index
    }

    /// Creates a global of type `ty` holding `value`.
    ///
    /// # Errors
    ///
    /// If `value` does not match the type or belongs to another store.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, value: Val) -> Result<Self> {
        let inner = &mut store.as_context_mut().0.inner;
        if value.ty() != ty.content() {
            return Err(Error::usage(format!(
                "a {} cannot initialize a global of {}",
                value.ty(),
                ty.content()
            )));
        }
        let cell = value
            .to_wide(inner.id)
            .ok_or_else(|| Error::usage("reference from another store"))?;
        let index = inner.push_global(ty, cell);
        Ok(Self {
            store: inner.id,
            index,
        })
    }

    /// The global's type.
    ///
    /// # Panics
    ///
    /// If the global belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let store = store.as_context();
        let inner = &store.0.inner;
        match inner
            .check(self.store)
            .ok()
            .and_then(|()| inner.globals.get(self.index as usize))
        {
            Some(global) => global.ty,
            None => panic!("global used with the wrong store"),
        }
    }

    /// The global's value.
    ///
    /// # Panics
    ///
    /// If the global belongs to another store.
    pub fn get(&self, store: impl AsContext) -> Val {
        let store = store.as_context();
        let inner = &store.0.inner;
        match inner
            .check(self.store)
            .ok()
            .and_then(|()| inner.globals.get(self.index as usize))
        {
            Some(global) => Val::from_wide(global.value, global.ty.content(), inner.id),
            None => panic!("global used with the wrong store"),
        }
    }

    /// Sets the global's value.
    ///
    /// # Errors
    ///
    /// If the global is immutable, or `value` has the wrong type or store.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        inner.check(self.store)?;
        let id = inner.id;
        let global = inner
            .globals
            .get_mut(self.index as usize)
            .ok_or_else(|| Error::usage("dangling global"))?;
        if global.ty.mutability() != Mutability::Var {
            return Err(Error::usage("cannot set an immutable global"));
        }
        if value.ty() != global.ty.content() {
            return Err(Error::usage(format!(
                "a {} cannot be stored in a global of {}",
                value.ty(),
                global.ty.content()
            )));
        }
        global.value = value
            .to_wide(id)
            .ok_or_else(|| Error::usage("reference from another store"))?;
        Ok(())
    }
}
