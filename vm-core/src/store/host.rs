//! Host functions as the store keeps them: a type and a closure over untyped cells.

use core::fmt;
use std::sync::Arc;

use super::{FuncEntity, Store};
use crate::error::Result;
use crate::types::FuncType;
use crate::types::FuncTypeId;

/// The signature every host function is reduced to: the store, the instance that calls it (none when the host
/// calls it directly), and its arguments in, results out, in the same cells. The API wraps the embedder's closure
/// (which receives a `Caller`) in one of these.
pub(crate) type HostCallFn<T> =
    dyn Fn(&mut Store<T>, Option<u32>, &mut [u64]) -> Result<()> + Send + Sync + 'static;

/// A host function registered in a store.
pub(crate) struct HostFunc<T> {
    pub(crate) ty: FuncType,
    /// How many cells the parameters and results of `ty` take (kept at hand for the call path).
    pub(crate) arity: (usize, usize),
    pub(crate) call: Arc<HostCallFn<T>>,
}

impl<T> Clone for HostFunc<T> {
    fn clone(&self) -> Self {
        Self {
            ty: self.ty.clone(),
            arity: self.arity,
            call: Arc::clone(&self.call),
        }
    }
}

impl<T> fmt::Debug for HostFunc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostFunc")
            .field("ty", &self.ty)
            .finish_non_exhaustive()
    }
}

impl<T> HostFunc<T> {
    pub(crate) fn new(ty: FuncType, call: Arc<HostCallFn<T>>) -> Self {
        let arity = (ty.param_cells() as usize, ty.result_cells() as usize);
        Self { ty, arity, call }
    }
}

impl<T> Store<T> {
    /// Registers `func`, whose type the engine knows as `sig`, as a store function; returns its store index.
    pub(crate) fn push_host_func(&mut self, func: HostFunc<T>, sig: FuncTypeId) -> u32 {
        self.host_funcs.push(func);
        let host = self.host_funcs.len() as u32 - 1;
        self.inner.funcs.push(FuncEntity::Host { host, sig });
        self.inner.funcs.len() as u32 - 1
    }
}
