//! Tables of references.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, StoreInner, Stored, TableEntity, stored_handle};
use crate::types::TableType;
use crate::value::Val;

/// A table in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table(Stored<TableEntity>);

stored_handle!(Table);

impl Table {
    /// Creates a table of type `ty` with every element set to `init`.
    ///
    /// # Errors
    ///
    /// If `init` does not match the element type or belongs to another store, the table exceeds the store's
    /// limits, or its [`ResourceLimiter`](crate::ResourceLimiter) refuses it (or fails: its error is returned).
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Self> {
        let store = store.as_context_mut().0;
        let cell = ref_cell(&init, ty, &store.inner)?;
        let index = store.push_table(ty, cell)?;
        Ok(Self::from_parts(store.inner.id, index))
    }

    fn with<R>(&self, store: impl AsContext, f: impl FnOnce(&TableEntity) -> R) -> Result<R> {
        self.0.resolve(&store.as_context().0.inner).map(f)
    }

    /// The table's type, with its current size as the minimum.
    ///
    /// # Panics
    ///
    /// If the table belongs to another store.
    pub fn ty(&self, store: impl AsContext) -> TableType {
        match self.with(store, |t| {
            if t.ty.is_64() {
                return TableType::new64(t.ty.element(), t.elements.len() as u64, t.ty.maximum());
            }
            let max = t.ty.maximum().and_then(|m| u32::try_from(m).ok());
            TableType::new(
                t.ty.element(),
                u32::try_from(t.elements.len()).unwrap_or(u32::MAX),
                max,
            )
        }) {
            Ok(ty) => ty,
            Err(_) => panic!("table used with the wrong store"),
        }
    }

    /// The number of elements.
    ///
    /// # Panics
    ///
    /// If the table belongs to another store.
    pub fn size(&self, store: impl AsContext) -> u64 {
        match self.with(store, |t| t.elements.len() as u64) {
            Ok(size) => size,
            Err(_) => panic!("table used with the wrong store"),
        }
    }

    /// The element at `index`, if it is in bounds.
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let inner = &store.as_context().0.inner;
        let t = self.0.resolve(inner).ok()?;
        let cell = *t.elements.get(usize::try_from(index).ok()?)?;
        let value = Val::from_cell(cell, t.ty.element(), inner.id);
        value.hold_in(inner);
        Some(value)
    }

    /// Sets the element at `index`.
    ///
    /// # Errors
    ///
    /// If `index` is out of bounds or `value` has the wrong type or store.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, value: Val) -> Result<()> {
        let inner = &mut store.as_context_mut().0.inner;
        let ty = self.0.resolve(inner)?.ty;
        let cell = ref_cell(&value, ty, inner)?;
        let table = self.0.resolve_mut(inner)?;
        let slot = usize::try_from(index)
            .ok()
            .and_then(|i| table.elements.get_mut(i))
            .ok_or_else(|| Error::trap(crate::TrapCode::TableOutOfBounds))?;
        *slot = cell;
        Ok(())
    }

    /// Grows the table by `delta` elements set to `init`, returning its previous size.
    ///
    /// # Errors
    ///
    /// If the table would exceed its maximum or the store's limit, the store's
    /// [`ResourceLimiter`](crate::ResourceLimiter) refuses (a limit error) or fails (its error), or `init` has the
    /// wrong type or store.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let store = store.as_context_mut().0;
        let table = self.0.resolve(&store.inner)?;
        let cell = ref_cell(&init, table.ty, &store.inner)?;
        store
            .grow_table(self.index(), delta, cell)?
            .ok_or_else(|| Error::limit(format!("cannot grow table by {delta} elements")))
    }
}

fn ref_cell(value: &Val, ty: TableType, store: &StoreInner) -> Result<u64> {
    if !value.has_type(ty.element(), store) {
        return Err(Error::usage(format!(
            "a {} cannot be stored in a table of {}",
            value.ty(),
            ty.element()
        )));
    }
    value
        .to_cell(store.id)
        .ok_or_else(|| Error::usage("reference from another store"))
}
