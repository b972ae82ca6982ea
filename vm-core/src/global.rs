//! Globals.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, GlobalEntity, Stored, stored_handle};
use crate::types::{GlobalType, Mutability};
use crate::value::Val;

/// A global in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global(Stored<GlobalEntity>);

stored_handle!(Global);

impl Global {
    /// Creates a global of type `ty` holding `value`.
    ///
    /// # Errors
    ///
    /// If `value` does not match the type or belongs to another store.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, value: Val) -> Result<Self> {
        let inner = &mut store.as_context_mut().0.inner;
        if !value.has_type(ty.content(), inner) {
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
        Ok(Self::from_parts(inner.id, index))
    }

    /// The global's type.
    ///
    /// # Panics
    ///
    /// If the global belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        self.0.get(&store.as_context().0.inner).ty
    }

    /// The global's value.
    ///
    /// # Panics
    ///
    /// If the global belongs to another store.
    pub fn get(&self, store: impl AsContext) -> Val {
        let inner = &store.as_context().0.inner;
        let global = self.0.get(inner);
        let value = Val::from_wide(global.value, global.ty.content(), inner.id);
        value.hold_in(inner);
        value
    }

    /// Sets the global's value.
    ///
    /// # Errors
    ///
    /// If the global is immutable, or `value` has the wrong type or store.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        let id = inner.id;
        let ty = self.0.resolve(inner)?.ty;
        let fits = value.has_type(ty.content(), inner);
        let global = self.0.resolve_mut(inner)?;
        if global.ty.mutability() != Mutability::Var {
            return Err(Error::usage("cannot set an immutable global"));
        }
        if !fits {
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
