//! Handles: what an API object (`Func`, `Global`, `Memory`, `Table`, `ExternRef`) holds, the store it belongs to
//! and its index in that store's arena of entities, and the one way to resolve it.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;

use super::{StoreId, StoreInner};
use crate::error::{Error, Result};

/// An entity kept in an arena of the store.
pub(crate) trait StoreEntity: Sized {
    /// What it is called in error messages.
    const KIND: &'static str;
    /// The store's arena of entities of this kind.
    fn arena(inner: &StoreInner) -> &[Self];
    /// The same arena, writable.
    fn arena_mut(inner: &mut StoreInner) -> &mut [Self];
}

/// A handle to entity `index` of type `E` in the store with id `store`.
pub(crate) struct Stored<E> {
    store: StoreId,
    index: u32,
    entity: PhantomData<fn() -> E>,
}

impl<E: StoreEntity> Stored<E> {
    pub(crate) fn new(store: StoreId, index: u32) -> Self {
        Self {
            store,
            index,
            entity: PhantomData,
        }
    }

    /// The store the entity belongs to.
    pub(crate) fn store_id(&self) -> StoreId {
        self.store
    }

    /// The entity's index in its arena.
    pub(crate) fn index(&self) -> u32 {
        self.index
    }

    /// The entity in `inner`.
    ///
    /// # Errors
    ///
    /// If `inner` is another store (or the index is dangling, which the API never produces).
    pub(crate) fn resolve<'a>(&self, inner: &'a StoreInner) -> Result<&'a E> {
        inner.check(self.store)?;
        E::arena(inner)
            .get(self.index as usize)
            .ok_or_else(|| Error::usage(format!("dangling {}", E::KIND)))
    }

    /// The entity in `inner`, writable.
    ///
    /// # Errors
    ///
    /// As [`Self::resolve`].
    pub(crate) fn resolve_mut<'a>(&self, inner: &'a mut StoreInner) -> Result<&'a mut E> {
        inner.check(self.store)?;
        E::arena_mut(inner)
            .get_mut(self.index as usize)
            .ok_or_else(|| Error::usage(format!("dangling {}", E::KIND)))
    }

    /// The entity in `inner`, for the API methods documented to panic when given the wrong store.
    ///
    /// # Panics
    ///
    /// If `inner` is another store.
    pub(crate) fn get<'a>(&self, inner: &'a StoreInner) -> &'a E {
        match self.resolve(inner) {
            Ok(entity) => entity,
            Err(_) => panic!("{} used with the wrong store", E::KIND),
        }
    }
}

impl<E> Clone for Stored<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for Stored<E> {}

impl<E> PartialEq for Stored<E> {
    fn eq(&self, other: &Self) -> bool {
        self.store == other.store && self.index == other.index
    }
}

impl<E> Eq for Stored<E> {}

impl<E> Hash for Stored<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.store.hash(state);
        self.index.hash(state);
    }
}

impl<E> fmt::Debug for Stored<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stored")
            .field("store", &self.store)
            .field("index", &self.index)
            .finish()
    }
}

/// The crate-internal constructor and accessors of an API handle type that wraps a [`Stored`].
macro_rules! stored_handle {
    ($handle:ident) => {
        #[allow(dead_code, reason = "not every handle type needs every accessor")]
        impl $handle {
            pub(crate) fn from_parts(store: $crate::store::StoreId, index: u32) -> Self {
                Self($crate::store::Stored::new(store, index))
            }

            pub(crate) fn store_id(&self) -> $crate::store::StoreId {
                self.0.store_id()
            }

            pub(crate) fn index(&self) -> u32 {
                self.0.index()
            }
        }
    };
}
pub(crate) use stored_handle;
