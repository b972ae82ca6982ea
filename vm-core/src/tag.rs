//! Tags and exceptions (exception handling): a [`Tag`] names a kind of exception and the types of the values it
//! carries; an [`ExnRef`] is one thrown exception, as the host sees it.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, ExnEntity, Stored, TagEntity, stored_handle};
use crate::types::TagType;
use crate::value::Val;

/// A tag in a [`Store`](crate::Store): defined by an instance, or by the host with [`Tag::new`]. Tags are
/// compared by identity: two definitions of the same type are different tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag(Stored<TagEntity>);

stored_handle!(Tag);

impl Tag {
    /// Defines a new tag of type `ty` in the store (to import into instances, or to throw from the host).
    ///
    /// # Errors
    ///
    /// If the type has results (a tag's function type has parameters only).
    pub fn new(mut store: impl AsContextMut, ty: &TagType) -> Result<Self> {
        if !ty.func_type().results().is_empty() {
            return Err(Error::usage("a tag's function type has no results"));
        }
        let inner = &mut store.as_context_mut().0.inner;
        let index = inner.push_tag(ty.clone());
        Ok(Self::from_parts(inner.id, index))
    }

    /// The tag's type.
    pub fn ty(&self, store: impl AsContext) -> TagType {
        self.0.resolve(&store.as_context().0.inner).map_or_else(
            |_| TagType::new(crate::FuncType::new([], [])),
            |t| t.ty.clone(),
        )
    }
}

/// A WebAssembly exception in a [`Store`](crate::Store): its tag and the values it carries. An exception that
/// leaves the outermost call reaches the host as an error carrying it ([`Error::exception`]); a host function
/// throws one into the guest by returning [`Error::throw`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExnRef(Stored<ExnEntity>);

stored_handle!(ExnRef);

impl ExnRef {
    /// Creates an exception of `tag` carrying `fields`, which must match the tag's parameter types.
    ///
    /// # Errors
    ///
    /// If the fields do not match the tag's type, the tag belongs to another store, or the store already holds
    /// its maximum of live exceptions.
    pub fn new(mut store: impl AsContextMut, tag: Tag, fields: &[Val]) -> Result<Self> {
        let inner = &mut store.as_context_mut().0.inner;
        let ty = tag.0.resolve(inner)?.ty.clone();
        if fields.len() != ty.params().len()
            || !fields
                .iter()
                .zip(ty.params())
                .all(|(v, t)| v.has_type(*t, inner))
        {
            return Err(Error::usage(format!(
                "the fields of an exception of {ty} have other types"
            )));
        }
        let mut cells = vec![0u64; crate::types::cells_of(ty.params()) as usize];
        let mut at = 0;
        for (value, ty) in fields.iter().zip(ty.params()) {
            value
                .write_cells(&mut cells[at..], inner.id)
                .ok_or_else(|| Error::usage("a reference from another store"))?;
            at += ty.cells() as usize;
        }
        let index = inner.push_exn(tag.index(), &cells).map_err(Error::trap)?;
        if let Some(exn) = inner.exns.get(index as usize) {
            exn.held_by(crate::store::ExnState::Host);
        }
        Ok(Self::from_parts(inner.id, index))
    }

    /// The exception's tag.
    ///
    /// # Errors
    ///
    /// If the exception belongs to another store.
    pub fn tag(&self, store: impl AsContext) -> Result<Tag> {
        let inner = &store.as_context().0.inner;
        let exn = self.0.resolve(inner)?;
        if exn.tag == u32::MAX {
            return Err(Error::usage("dangling exception"));
        }
        Ok(Tag::from_parts(inner.id, exn.tag))
    }

    /// The values the exception carries, as its tag's type says.
    ///
    /// # Errors
    ///
    /// If the exception belongs to another store.
    pub fn fields(&self, store: impl AsContext) -> Result<Vec<Val>> {
        let inner = &store.as_context().0.inner;
        let exn = self.0.resolve(inner)?;
        let ty = inner
            .tags
            .get(exn.tag as usize)
            .map(|t| t.ty.clone())
            .ok_or_else(|| Error::usage("dangling tag"))?;
        let mut at = 0;
        Ok(ty
            .params()
            .iter()
            .map(|ty| {
                let value = Val::from_cells(exn.fields.get(at..).unwrap_or(&[]), *ty, inner.id);
                value.hold_in(inner);
                at += ty.cells() as usize;
                value
            })
            .collect())
    }
}

/// The host error value that carries an exception out of WebAssembly (see [`Error::exception`]).
#[derive(Debug)]
struct ThrownException(ExnRef);

impl core::fmt::Display for ThrownException {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("uncaught WebAssembly exception")
    }
}

impl std::error::Error for ThrownException {}

impl Error {
    /// The error a host function returns to throw `exn` into the calling WebAssembly code, where a `try_table`
    /// can catch it; uncaught, it reaches the host again as this error.
    pub fn throw(exn: ExnRef) -> Self {
        Self::host(ThrownException(exn))
    }

    /// The exception, if this error is one that left WebAssembly uncaught (or was made by [`Error::throw`]). Its
    /// tag and values stay readable in the store ([`ExnRef::tag`], [`ExnRef::fields`]).
    pub fn exception(&self) -> Option<ExnRef> {
        self.downcast_ref::<ThrownException>()
            .map(|thrown| thrown.0)
    }
}
