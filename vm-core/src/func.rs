//! Functions: handles, host functions, the `Caller` a host function receives, and typed calls.

use core::fmt;
use core::marker::PhantomData;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::exec;
use crate::extern_::Extern;
use crate::store::{
    AsContext, AsContextMut, ExternRef, FuncEntity, HostFunc, Store, StoreContext, StoreContextMut,
    StoreId, Stored, stored_handle,
};
use crate::types::{FuncType, ValType};
use crate::value::{V128, Val};

/// A WebAssembly or host function in a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func(Stored<FuncEntity>);

stored_handle!(Func);

impl<T> HostFunc<T> {
    /// A host function taking and returning dynamically typed values.
    pub(crate) fn new_dynamic(
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Self {
        let sig = ty.clone();
        let call =
            move |store: &mut Store<T>, instance: Option<u32>, cells: &mut [u64]| -> Result<()> {
                let store_id = store.inner.id;
                let mut at = 0;
                let params: Vec<Val> = sig
                    .params()
                    .iter()
                    .map(|ty| {
                        let val = Val::from_cells(cells.get(at..).unwrap_or(&[]), *ty, store_id);
                        val.hold_in(&store.inner);
                        at += ty.cells() as usize;
                        val
                    })
                    .collect();
                let caller = Caller {
                    store: &mut *store,
                    instance,
                };
                let mut results: Vec<Val> = sig
                    .results()
                    .iter()
                    .map(|ty| Val::default_for(*ty).unwrap_or(Val::I32(0)))
                    .collect();
                func(caller, &params, &mut results)?;
                let mut at = 0;
                for (val, ty) in results.iter().zip(sig.results()) {
                    if !val.has_type(*ty, &store.inner) {
                        return Err(Error::usage(format!(
                            "host function returned a {} where its type says {ty}",
                            val.ty()
                        )));
                    }
                    val.write_cells(cells.get_mut(at..).unwrap_or(&mut []), store_id)
                        .ok_or_else(|| {
                            Error::usage("host function returned a reference from another store")
                        })?;
                    at += ty.cells() as usize;
                }
                Ok(())
            };
        Self::new(ty, Arc::new(call))
    }

    /// Registers the host function in `store`, returning its handle.
    pub(crate) fn into_func(self, store: &mut Store<T>) -> Func {
        let sig = store.inner.engine.intern_signature(&self.ty);
        store.host_funcs.push(self);
        let host = store.host_funcs.len() as u32 - 1;
        store.inner.funcs.push(FuncEntity::Host { host, sig });
        Func::from_parts(store.inner.id, store.inner.funcs.len() as u32 - 1)
    }
}

impl Func {
    /// Creates a host function from a closure with typed parameters and results, optionally taking a
    /// [`Caller`] first.
    pub fn wrap<T, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        func.into_host_func().into_func(store.as_context_mut().0)
    }

    /// Creates a host function of type `ty` from a closure over dynamically typed values.
    pub fn new<T>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        HostFunc::new_dynamic(ty, func).into_func(store.as_context_mut().0)
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        store.as_context().0.inner.func_type(self.index())
    }

    /// Calls the function with dynamically typed arguments, writing its results to `results`.
    ///
    /// # Errors
    ///
    /// If the arguments do not match the function's type, `results` has the wrong length, the function belongs
    /// to another store, or execution traps (the error's [`trap_code`](Error::trap_code) says why).
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_context_mut().0;
        store.inner.check(self.store_id())?;
        let ty = store.inner.func_type(self.index());
        if params.len() != ty.params().len() {
            return Err(Error::usage(format!(
                "function expects {} arguments, got {}",
                ty.params().len(),
                params.len()
            )));
        }
        if results.len() != ty.results().len() {
            return Err(Error::usage(format!(
                "function returns {} results, but room for {} was given",
                ty.results().len(),
                results.len()
            )));
        }
        let mut cells = vec![0u64; ty.param_cells().max(ty.result_cells()) as usize];
        let mut at = 0;
        for (i, (param, expected)) in params.iter().zip(ty.params()).enumerate() {
            if !param.has_type(*expected, &store.inner) {
                return Err(Error::usage(format!(
                    "argument {i} is a {}, expected {expected}",
                    param.ty()
                )));
            }
            param
                .write_cells(cells.get_mut(at..).unwrap_or(&mut []), store.inner.id)
                .ok_or_else(|| {
                    Error::usage(format!("argument {i} is a reference from another store"))
                })?;
            at += expected.cells() as usize;
        }
        exec::call_func(store, self.index(), &mut cells)?;
        let mut at = 0;
        for (out, ty) in results.iter_mut().zip(ty.results()) {
            *out = Val::from_cells(cells.get(at..).unwrap_or(&[]), *ty, store.inner.id);
            out.hold_in(&store.inner);
            at += ty.cells() as usize;
        }
        Ok(())
    }

    /// A statically typed view of the function.
    ///
    /// # Errors
    ///
    /// If `Params` and `Results` do not match the function's type.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        let ty = self.ty(store);
        let params = Params::types();
        let results = Results::types();
        // The host's arguments must be usable as the parameters, the results as the host's types.
        let params_ok = ty.params().len() == params.len()
            && params.iter().zip(ty.params()).all(|(p, t)| p.matches(*t));
        let results_ok = ty.results().len() == results.len()
            && ty
                .results()
                .iter()
                .zip(&results)
                .all(|(t, r)| t.matches(*r));
        if !params_ok || !results_ok {
            return Err(Error::usage(format!(
                "type mismatch: the function is {ty}, not {}",
                FuncType::new(params, results)
            )));
        }
        Ok(TypedFunc {
            func: *self,
            _marker: PhantomData,
        })
    }
}

/// What a host function receives: access to the store and to the calling instance's exports.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<u32>,
}

impl<T> fmt::Debug for Caller<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caller")
            .field("instance", &self.instance)
            .finish_non_exhaustive()
    }
}

impl<T> Caller<'_, T> {
    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.store.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.store.data
    }

    /// The engine of the store.
    pub fn engine(&self) -> &crate::Engine {
        self.store.engine()
    }

    /// The fuel left (see [`Store::get_fuel`](crate::Store::get_fuel)).
    ///
    /// # Errors
    ///
    /// If the engine does not consume fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        self.store.inner.get_fuel()
    }

    /// Sets the fuel left (see [`Store::set_fuel`](crate::Store::set_fuel)).
    ///
    /// # Errors
    ///
    /// If the engine does not consume fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.store.inner.set_fuel(fuel)
    }

    /// Sleeps for `duration` on behalf of the guest (a WASI clock sleep, say), cut short when the store is
    /// interrupted: its [`InterruptHandle`](crate::InterruptHandle) wakes the sleep at once, a passed epoch
    /// deadline within about 10 ms. Without [`Config::epoch_interruption`](crate::Config::epoch_interruption)
    /// it simply sleeps.
    ///
    /// # Errors
    ///
    /// The "interrupt" trap, when the sleep was cut short; return it from the host function to stop the guest.
    pub fn sleep(&mut self, duration: core::time::Duration) -> Result<()> {
        let inner = &self.store.inner;
        if !inner.engine.config().epoch_interruption {
            std::thread::sleep(duration);
            return Ok(());
        }
        let interrupt = std::sync::Arc::clone(&inner.metering.interrupt);
        if interrupt.sleep(duration, || inner.interrupt_due()) {
            return Ok(());
        }
        Err(interrupt.deliver())
    }

    /// A probe that tells, from any thread, whether this store has been asked to stop; for host functions that
    /// wait on something outside the store (a child process, a socket) and should give up early. `None` when
    /// the engine does not check for interruption ([`Config::epoch_interruption`](crate::Config::epoch_interruption)).
    pub fn interrupt_probe(&self) -> Option<crate::InterruptProbe> {
        let inner = &self.store.inner;
        inner
            .engine
            .config()
            .epoch_interruption
            .then(|| crate::InterruptProbe {
                state: Arc::clone(&inner.metering.interrupt),
                engine: inner.engine.clone(),
                deadline: inner.metering.epoch_deadline,
            })
    }

    /// Stops the guest if the store was asked to stop (its epoch deadline passed or its
    /// [`InterruptHandle`](crate::InterruptHandle) was used): host functions that block or run long call this
    /// and return its error, so an interrupted guest stops at the host call instead of at its next loop. Always
    /// `Ok` without [`Config::epoch_interruption`](crate::Config::epoch_interruption).
    ///
    /// # Errors
    ///
    /// The "interrupt" trap (the request is then delivered).
    pub fn check_interrupt(&mut self) -> Result<()> {
        if !self.store.inner.interrupt_due() {
            return Ok(());
        }
        Err(self.store.inner.metering.interrupt.deliver())
    }

    /// The calling instance's export called `name` (typically its `"memory"`), if there is a calling instance
    /// (there is none when the host function is called directly by the embedder).
    pub fn get_export(&mut self, name: &str) -> Option<Extern> {
        let instance = self.instance?;
        crate::instance::Instance::from_parts(self.store.inner.id, instance)
            .get_export(&mut *self.store, name)
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext(self.store)
    }
}

impl<T> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(self.store)
    }
}

/// A Rust type that is one WebAssembly value.
pub trait WasmTy: Sized + Send + 'static {
    /// Its WebAssembly type.
    fn val_type() -> ValType;
    /// How many value-stack cells it takes (two for a `v128`).
    #[doc(hidden)]
    const CELLS: usize = 1;
    /// Writes the value to the start of `cells` (cells beyond the slice are not written).
    #[doc(hidden)]
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()>;
    /// Reads the value from the start of `cells` (missing cells read as 0).
    #[doc(hidden)]
    fn from_cells(cells: &[u64], store: StoreId) -> Self;
}

/// The first cell of `cells`, or 0.
fn first(cells: &[u64]) -> u64 {
    cells.first().copied().unwrap_or(0)
}

/// Writes `value` to the first cell of `cells`, if there is one.
fn put_first(cells: &mut [u64], value: u64) {
    if let Some(cell) = cells.first_mut() {
        *cell = value;
    }
}

macro_rules! wasm_ty_num {
    ($($t:ty => $vt:ident, |$c:ident| $from:expr, |$v:ident| $into:expr;)*) => {$(
        impl WasmTy for $t {
            fn val_type() -> ValType {
                ValType::$vt
            }
            fn into_cells(self, cells: &mut [u64], _: StoreId) -> Result<()> {
                let $v = self;
                put_first(cells, $into);
                Ok(())
            }
            fn from_cells(cells: &[u64], _: StoreId) -> Self {
                let $c = first(cells);
                $from
            }
        }
    )*};
}

wasm_ty_num! {
    i32 => I32, |c| c as i32, |v| u64::from(v as u32);
    u32 => I32, |c| c as u32, |v| u64::from(v);
    i64 => I64, |c| c as i64, |v| v as u64;
    u64 => I64, |c| c, |v| v;
    f32 => F32, |c| f32::from_bits(c as u32), |v| u64::from(v.to_bits());
    f64 => F64, |c| f64::from_bits(c), |v| v.to_bits();
}

impl WasmTy for V128 {
    fn val_type() -> ValType {
        ValType::V128
    }
    const CELLS: usize = 2;
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()> {
        Val::V128(self)
            .write_cells(cells, store)
            .ok_or_else(|| Error::usage("unreachable: a vector has no store"))
    }
    fn from_cells(cells: &[u64], store: StoreId) -> Self {
        Val::from_cells(cells, ValType::V128, store)
            .v128()
            .unwrap_or_default()
    }
}

impl WasmTy for Option<Func> {
    fn val_type() -> ValType {
        ValType::FUNCREF
    }
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()> {
        Val::FuncRef(self)
            .write_cells(cells, store)
            .ok_or_else(|| Error::usage("function reference from another store"))
    }
    fn from_cells(cells: &[u64], store: StoreId) -> Self {
        crate::ir::ref_index(first(cells)).map(|i| Func::from_parts(store, i))
    }
}

impl WasmTy for Option<ExternRef> {
    fn val_type() -> ValType {
        ValType::EXTERNREF
    }
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()> {
        Val::ExternRef(self)
            .write_cells(cells, store)
            .ok_or_else(|| Error::usage("host reference from another store"))
    }
    fn from_cells(cells: &[u64], store: StoreId) -> Self {
        crate::ir::ref_index(first(cells)).map(|i| ExternRef::from_parts(store, i))
    }
}

/// The parameters of a typed function: `()`, a single [`WasmTy`], or a tuple of them.
pub trait WasmParams: Sized + Send + 'static {
    /// The parameter types.
    fn types() -> Vec<ValType>;
    /// How many cells they take.
    #[doc(hidden)]
    const COUNT: usize;
    #[doc(hidden)]
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()>;
}

/// The results of a typed function: `()`, a single [`WasmTy`], or a tuple of them.
pub trait WasmResults: Sized + Send + 'static {
    /// The result types.
    fn types() -> Vec<ValType>;
    /// How many cells they take.
    #[doc(hidden)]
    const COUNT: usize;
    #[doc(hidden)]
    fn from_cells(cells: &[u64], store: StoreId) -> Self;
    #[doc(hidden)]
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()>;
}

impl<A: WasmTy> WasmParams for A {
    fn types() -> Vec<ValType> {
        vec![A::val_type()]
    }
    const COUNT: usize = A::CELLS;
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()> {
        WasmTy::into_cells(self, cells, store)
    }
}

impl<A: WasmTy> WasmResults for A {
    fn types() -> Vec<ValType> {
        vec![A::val_type()]
    }
    const COUNT: usize = A::CELLS;
    fn from_cells(cells: &[u64], store: StoreId) -> Self {
        WasmTy::from_cells(cells, store)
    }
    fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()> {
        WasmTy::into_cells(self, cells, store)
    }
}

/// The cells from `at` on (empty past the end).
fn cells_from(cells: &[u64], at: usize) -> &[u64] {
    cells.get(at..).unwrap_or(&[])
}

/// The cells from `at` on, writable (empty past the end).
fn cells_from_mut(cells: &mut [u64], at: usize) -> &mut [u64] {
    cells.get_mut(at..).unwrap_or(&mut [])
}

macro_rules! tuples {
    ($(($($t:ident $i:tt),*);)*) => {$(
        impl<$($t: WasmTy),*> WasmParams for ($($t,)*) {
            fn types() -> Vec<ValType> {
                vec![$($t::val_type()),*]
            }
            const COUNT: usize = 0 $(+ $t::CELLS)*;
            #[allow(unused_variables, unused_mut, unused_assignments, reason = "generated for every arity")]
            fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()> {
                let mut at = 0;
                $( WasmTy::into_cells(self.$i, cells_from_mut(cells, at), store)?; at += $t::CELLS; )*
                Ok(())
            }
        }

        impl<$($t: WasmTy),*> WasmResults for ($($t,)*) {
            fn types() -> Vec<ValType> {
                vec![$($t::val_type()),*]
            }
            const COUNT: usize = 0 $(+ $t::CELLS)*;
            #[allow(unused_variables, unused_mut, unused_assignments, clippy::unused_unit, reason = "generated for every arity")]
            fn from_cells(cells: &[u64], store: StoreId) -> Self {
                let mut at = 0;
                ($({ let value = <$t as WasmTy>::from_cells(cells_from(cells, at), store); at += $t::CELLS; value },)*)
            }
            #[allow(unused_variables, unused_mut, unused_assignments, reason = "generated for every arity")]
            fn into_cells(self, cells: &mut [u64], store: StoreId) -> Result<()> {
                let mut at = 0;
                $( WasmTy::into_cells(self.$i, cells_from_mut(cells, at), store)?; at += $t::CELLS; )*
                Ok(())
            }
        }
    )*};
}

tuples! {
    ();
    (A 0);
    (A 0, B 1);
    (A 0, B 1, C 2);
    (A 0, B 1, C 2, D 3);
    (A 0, B 1, C 2, D 3, E 4);
    (A 0, B 1, C 2, D 3, E 4, F 5);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
}

/// What a host closure may return: results, or `Result` of results.
pub trait WasmRet: Sized {
    /// The results.
    #[doc(hidden)]
    type Results: WasmResults;
    #[doc(hidden)]
    fn into_results(self) -> Result<Self::Results>;
}

impl<R: WasmResults> WasmRet for R {
    type Results = R;
    fn into_results(self) -> Result<R> {
        Ok(self)
    }
}

impl<R: WasmResults> WasmRet for Result<R> {
    type Results = R;
    fn into_results(self) -> Result<R> {
        self
    }
}

/// A Rust closure that can become a host function: `Fn([Caller<'_, T>,] A1, A2, ...) -> R` where each `Ai` is
/// a [`WasmTy`] and `R` is a [`WasmRet`].
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    #[doc(hidden)]
    fn into_host_func(self) -> HostFuncDef<T>;
}

/// A host function definition not yet registered in a store (used by [`Linker`](crate::Linker)).
#[doc(hidden)]
pub struct HostFuncDef<T>(pub(crate) HostFunc<T>);

impl<T> fmt::Debug for HostFuncDef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T> HostFuncDef<T> {
    pub(crate) fn into_func(self, store: &mut Store<T>) -> Func {
        self.0.into_func(store)
    }
}

macro_rules! into_func {
    ($(($($a:ident $i:tt),*);)*) => {$(
        impl<T, F, R, $($a,)*> IntoFunc<T, (Caller<'static, T>, $($a,)*), R> for F
        where
            T: 'static,
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
            $($a: WasmTy,)*
        {
            #[allow(unused_variables, unused_mut, unused_assignments, non_snake_case, reason = "generated for every arity")]
            fn into_host_func(self) -> HostFuncDef<T> {
                let ty = FuncType::new(vec![$($a::val_type()),*], R::Results::types());
                let call = move |store: &mut Store<T>, instance: Option<u32>, cells: &mut [u64]| -> Result<()> {
                    let caller = Caller { store, instance };
                    let store = caller.store.inner.id;
                    let mut at = 0;
                    $(let $a = <$a as WasmTy>::from_cells(cells_from(cells, at), store); at += $a::CELLS;)*
                    let results = (self)(caller, $($a),*).into_results()?;
                    results.into_cells(cells, store)
                };
                HostFuncDef(HostFunc::new(ty, Arc::new(call)))
            }
        }

        impl<T, F, R, $($a,)*> IntoFunc<T, ($($a,)*), R> for F
        where
            T: 'static,
            F: Fn($($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
            $($a: WasmTy,)*
        {
            #[allow(unused_variables, unused_mut, unused_assignments, non_snake_case, reason = "generated for every arity")]
            fn into_host_func(self) -> HostFuncDef<T> {
                let ty = FuncType::new(vec![$($a::val_type()),*], R::Results::types());
                let call = move |store: &mut Store<T>, instance: Option<u32>, cells: &mut [u64]| -> Result<()> {
                    let caller = Caller { store, instance };
                    let store = caller.store.inner.id;
                    let mut at = 0;
                    $(let $a = <$a as WasmTy>::from_cells(cells_from(cells, at), store); at += $a::CELLS;)*
                    let results = (self)($($a),*).into_results()?;
                    results.into_cells(cells, store)
                };
                HostFuncDef(HostFunc::new(ty, Arc::new(call)))
            }
        }
    )*};
}

into_func! {
    ();
    (A1 0);
    (A1 0, A2 1);
    (A1 0, A2 1, A3 2);
    (A1 0, A2 1, A3 2, A4 3);
    (A1 0, A2 1, A3 2, A4 3, A5 4);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10, A12 11);
}

/// A function with statically known parameter and result types, for fast calls without [`Val`]s.
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, R> Copy for TypedFunc<P, R> {}

impl<P, R> fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedFunc")
            .field("func", &self.func)
            .finish()
    }
}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// The untyped function.
    pub fn func(&self) -> &Func {
        &self.func
    }

    /// Calls the function.
    ///
    /// # Errors
    ///
    /// If the function belongs to another store, or execution traps.
    pub fn call(&self, mut store: impl AsContextMut, params: Params) -> Result<Results> {
        let store = store.as_context_mut().0;
        store.inner.check(self.func.store_id())?;
        let id = store.inner.id;
        let len = Params::COUNT.max(Results::COUNT);
        // Most calls pass a few values: zeroing 16 cells would be a `memset` call on every call.
        let mut small = [0u64; 4];
        let mut inline: [u64; 16];
        let mut heap = Vec::new();
        let cells: &mut [u64] = if len <= small.len() {
            &mut small[..len]
        } else if len <= 16 {
            inline = [0; 16];
            &mut inline[..len]
        } else {
            heap.resize(len, 0);
            &mut heap
        };
        params.into_cells(cells, id)?;
        exec::call_func(store, self.func.index(), cells)?;
        Ok(Results::from_cells(cells, id))
    }
}
