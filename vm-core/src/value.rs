//! Values as the embedding API sees them, and their encoding in the interpreter's untyped cells.

use core::fmt;

use crate::func::Func;
use crate::ir::ref_index;
use crate::store::{ExternRef, StoreId};
use crate::tag::ExnRef;
use crate::types::{HeapType, ValType};

/// A WebAssembly value.
///
/// Floats are kept as their bit patterns so that NaN payloads survive unchanged.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Val {
    /// A 32-bit integer.
    I32(i32),
    /// A 64-bit integer.
    I64(i64),
    /// A 32-bit float, as its IEEE 754 bits.
    F32(u32),
    /// A 64-bit float, as its IEEE 754 bits.
    F64(u64),
    /// A 128-bit vector.
    V128(V128),
    /// A nullable function reference.
    FuncRef(Option<Func>),
    /// A nullable host reference.
    ExternRef(Option<ExternRef>),
    /// A nullable exception reference.
    ExnRef(Option<ExnRef>),
}

impl Val {
    /// The value's type.
    pub fn ty(&self) -> ValType {
        match self {
            Self::I32(_) => ValType::I32,
            Self::I64(_) => ValType::I64,
            Self::F32(_) => ValType::F32,
            Self::F64(_) => ValType::F64,
            Self::V128(_) => ValType::V128,
            Self::FuncRef(_) => ValType::FUNCREF,
            Self::ExternRef(_) => ValType::EXTERNREF,
            Self::ExnRef(_) => ValType::EXNREF,
        }
    }

    /// The default (zero or null) value of a type; `None` for a non-nullable reference type, which has none.
    pub fn default_for(ty: ValType) -> Option<Self> {
        Some(match ty {
            ValType::I32 => Self::I32(0),
            ValType::I64 => Self::I64(0),
            ValType::F32 => Self::F32(0),
            ValType::F64 => Self::F64(0),
            ValType::V128 => Self::V128(V128(0)),
            ValType::Ref(r) if !r.is_nullable() => return None,
            ValType::Ref(r) => Self::null_of(r.heap_type()),
        })
    }

    /// The null reference of `heap`'s hierarchy.
    fn null_of(heap: HeapType) -> Self {
        if heap.is_func() {
            Self::FuncRef(None)
        } else if heap.is_exn() {
            Self::ExnRef(None)
        } else {
            Self::ExternRef(None)
        }
    }

    /// Whether this value has type `ty` in store `store` (a function reference is checked against a concrete
    /// function type by its signature).
    pub(crate) fn has_type(&self, ty: ValType, store: &crate::store::StoreInner) -> bool {
        let ref_ok = |is_null: bool, heap_ok: bool, r: crate::types::RefType| {
            if is_null { r.is_nullable() } else { heap_ok }
        };
        match (*self, ty) {
            (Self::FuncRef(f), ValType::Ref(r)) => {
                let heap_ok = match r.heap_type() {
                    HeapType::Func => true,
                    HeapType::ConcreteFunc(id) => f.is_some_and(|f| {
                        store.funcs.get(f.index() as usize).map(|e| e.sig()) == Some(id)
                    }),
                    _ => false,
                };
                r.heap_type().is_func() && ref_ok(f.is_none(), heap_ok, r)
            }
            (Self::ExnRef(e), ValType::Ref(r)) => {
                r.heap_type().is_exn() && ref_ok(e.is_none(), r.heap_type() == HeapType::Exn, r)
            }
            (Self::ExternRef(e), ValType::Ref(r)) => {
                !r.heap_type().is_func()
                    && !r.heap_type().is_exn()
                    && ref_ok(e.is_none(), r.heap_type() == HeapType::Extern, r)
            }
            (value, ty) => value.ty() == ty,
        }
    }

    /// The i32, if this is one.
    pub fn i32(&self) -> Option<i32> {
        if let Self::I32(v) = self {
            Some(*v)
        } else {
            None
        }
    }

    /// The i64, if this is one.
    pub fn i64(&self) -> Option<i64> {
        if let Self::I64(v) = self {
            Some(*v)
        } else {
            None
        }
    }

    /// The f32, if this is one.
    pub fn f32(&self) -> Option<f32> {
        if let Self::F32(v) = self {
            Some(f32::from_bits(*v))
        } else {
            None
        }
    }

    /// The f64, if this is one.
    pub fn f64(&self) -> Option<f64> {
        if let Self::F64(v) = self {
            Some(f64::from_bits(*v))
        } else {
            None
        }
    }

    /// The vector, if this is a v128.
    pub fn v128(&self) -> Option<V128> {
        if let Self::V128(v) = self {
            Some(*v)
        } else {
            None
        }
    }

    /// The function reference, if this is a funcref.
    pub fn funcref(&self) -> Option<Option<Func>> {
        if let Self::FuncRef(v) = self {
            Some(*v)
        } else {
            None
        }
    }

    /// The host reference, if this is an externref.
    pub fn externref(&self) -> Option<Option<ExternRef>> {
        if let Self::ExternRef(v) = self {
            Some(*v)
        } else {
            None
        }
    }

    /// The exception reference, if this is an exnref.
    pub fn exnref(&self) -> Option<Option<ExnRef>> {
        if let Self::ExnRef(v) = self {
            Some(*v)
        } else {
            None
        }
    }

    /// Records that the host got this value from store `store`: an exception it refers to is then kept as long
    /// as the store (the store cannot see what the host keeps).
    pub(crate) fn hold_in(&self, store: &crate::store::StoreInner) {
        if let Self::ExnRef(Some(exn)) = self
            && exn.store_id() == store.id
            && let Some(entity) = store.exns.get(exn.index() as usize)
        {
            entity.held_by(crate::store::ExnState::Host);
        }
    }

    /// Writes the cell encoding of this value, for a store with id `store`, to the start of `out` (one cell,
    /// two for a `v128`; cells beyond `out` are not written). References of other stores are refused.
    pub(crate) fn write_cells(self, out: &mut [u64], store: StoreId) -> Option<()> {
        let (low, high) = match self {
            Self::I32(v) => (u64::from(v as u32), None),
            Self::I64(v) => (v as u64, None),
            Self::F32(v) => (u64::from(v), None),
            Self::F64(v) => (v, None),
            Self::V128(v) => (v.0 as u64, Some((v.0 >> 64) as u64)),
            Self::FuncRef(None) | Self::ExternRef(None) | Self::ExnRef(None) => (0, None),
            Self::ExnRef(Some(e)) => {
                if e.store_id() != store {
                    return None;
                }
                (u64::from(e.index()) + 1, None)
            }
            Self::FuncRef(Some(f)) => {
                if f.store_id() != store {
                    return None;
                }
                (u64::from(f.index()) + 1, None)
            }
            Self::ExternRef(Some(r)) => {
                if r.store_id() != store {
                    return None;
                }
                (u64::from(r.index()) + 1, None)
            }
        };
        if let Some(cell) = out.first_mut() {
            *cell = low;
        }
        if let (Some(high), Some(cell)) = (high, out.get_mut(1)) {
            *cell = high;
        }
        Some(())
    }

    /// Decodes a value of type `ty` of store `store` from the start of `cells` (missing cells read as 0).
    pub(crate) fn from_cells(cells: &[u64], ty: ValType, store: StoreId) -> Self {
        let cell = cells.first().copied().unwrap_or(0);
        match ty {
            ValType::I32 => Self::I32(cell as u32 as i32),
            ValType::I64 => Self::I64(cell as i64),
            ValType::F32 => Self::F32(cell as u32),
            ValType::F64 => Self::F64(cell),
            ValType::V128 => {
                let high = cells.get(1).copied().unwrap_or(0);
                Self::V128(V128(u128::from(cell) | (u128::from(high) << 64)))
            }
            ValType::Ref(r) if r.heap_type().is_func() => {
                Self::FuncRef(ref_index(cell).map(|i| Func::from_parts(store, i)))
            }
            ValType::Ref(r) if r.heap_type().is_exn() => {
                Self::ExnRef(ref_index(cell).map(|i| ExnRef::from_parts(store, i)))
            }
            ValType::Ref(_) => {
                Self::ExternRef(ref_index(cell).map(|i| ExternRef::from_parts(store, i)))
            }
        }
    }

    /// The cell encoding of a one-cell value (every type but `v128`, whose low half this gives).
    pub(crate) fn to_cell(self, store: StoreId) -> Option<u64> {
        let mut cell = [0u64];
        self.write_cells(&mut cell, store)?;
        Some(cell[0])
    }

    /// Decodes a one-cell value (see [`Self::to_cell`]).
    pub(crate) fn from_cell(cell: u64, ty: ValType, store: StoreId) -> Self {
        Self::from_cells(&[cell], ty, store)
    }

    /// The value as a 128-bit global cell: the low cell's bits, with a `v128`'s upper half above them.
    pub(crate) fn to_wide(self, store: StoreId) -> Option<u128> {
        let mut cells = [0u64; 2];
        self.write_cells(&mut cells, store)?;
        Some(u128::from(cells[0]) | (u128::from(cells[1]) << 64))
    }

    /// Decodes a 128-bit global cell (see [`Self::to_wide`]).
    pub(crate) fn from_wide(wide: u128, ty: ValType, store: StoreId) -> Self {
        Self::from_cells(&[wide as u64, (wide >> 64) as u64], ty, store)
    }
}

/// A 128-bit SIMD vector, as its bits: lane 0 is in the least significant bits (the byte order of memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct V128(u128);

impl V128 {
    /// The vector's bits.
    pub fn as_u128(self) -> u128 {
        self.0
    }

    /// The vector's 16 bytes, lane 0 first (as it is stored in memory).
    pub fn to_le_bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }
}

impl From<u128> for V128 {
    fn from(bits: u128) -> Self {
        Self(bits)
    }
}

impl From<V128> for u128 {
    fn from(v: V128) -> Self {
        v.0
    }
}

impl fmt::Debug for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::I32(v) => write!(f, "i32:{v}"),
            Self::I64(v) => write!(f, "i64:{v}"),
            Self::F32(v) => write!(f, "f32:{}", f32::from_bits(*v)),
            Self::F64(v) => write!(f, "f64:{}", f64::from_bits(*v)),
            Self::V128(v) => write!(f, "v128:{:#034x}", v.0),
            Self::FuncRef(None) => write!(f, "funcref:null"),
            Self::FuncRef(Some(func)) => write!(f, "funcref:{}", func.index()),
            Self::ExternRef(None) => write!(f, "externref:null"),
            Self::ExternRef(Some(r)) => write!(f, "externref:{}", r.index()),
            Self::ExnRef(None) => write!(f, "exnref:null"),
            Self::ExnRef(Some(e)) => write!(f, "exnref:{}", e.index()),
        }
    }
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::I32(v) => write!(f, "{v}"),
            Self::I64(v) => write!(f, "{v}"),
            Self::F32(v) => write!(f, "{}", f32::from_bits(*v)),
            Self::F64(v) => write!(f, "{}", f64::from_bits(*v)),
            Self::V128(v) => write!(f, "{:#034x}", v.0),
            Self::FuncRef(None) | Self::ExternRef(None) | Self::ExnRef(None) => write!(f, "null"),
            Self::ExnRef(Some(e)) => write!(f, "exn#{}", e.index()),
            Self::FuncRef(Some(func)) => write!(f, "func#{}", func.index()),
            Self::ExternRef(Some(r)) => write!(f, "extern#{}", r.index()),
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Self {
        Self::I32(v)
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Self::I64(v)
    }
}

impl From<f32> for Val {
    fn from(v: f32) -> Self {
        Self::F32(v.to_bits())
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Self {
        Self::F64(v.to_bits())
    }
}

impl From<V128> for Val {
    fn from(v: V128) -> Self {
        Self::V128(v)
    }
}

impl From<Func> for Val {
    fn from(v: Func) -> Self {
        Self::FuncRef(Some(v))
    }
}

impl From<Option<Func>> for Val {
    fn from(v: Option<Func>) -> Self {
        Self::FuncRef(v)
    }
}

impl From<ExternRef> for Val {
    fn from(v: ExternRef) -> Self {
        Self::ExternRef(Some(v))
    }
}
