//! `Extern`: anything an instance can import or export.

use crate::func::Func;
use crate::global::Global;
use crate::memory::Memory;
use crate::store::{AsContext, StoreId};
use crate::table::Table;
use crate::tag::Tag;
use crate::types::ExternType;

/// A function, table, memory, global or tag of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A table.
    Table(Table),
    /// A linear memory.
    Memory(Memory),
    /// A global.
    Global(Global),
    /// A tag (exception handling).
    Tag(Tag),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Self::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }

    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Self::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }

    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Self::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }

    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Self::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }

    /// The tag, if this is one.
    pub fn into_tag(self) -> Option<Tag> {
        if let Self::Tag(t) = self {
            Some(t)
        } else {
            None
        }
    }

    /// The item's current type.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        match self {
            Self::Func(f) => ExternType::Func(f.ty(store)),
            Self::Table(t) => ExternType::Table(t.ty(store)),
            Self::Memory(m) => ExternType::Memory(m.ty(store)),
            Self::Global(g) => ExternType::Global(g.ty(store)),
            Self::Tag(t) => ExternType::Tag(t.ty(store)),
        }
    }

    pub(crate) fn store_id(&self) -> StoreId {
        match self {
            Self::Func(f) => f.store_id(),
            Self::Table(t) => t.store_id(),
            Self::Memory(m) => m.store_id(),
            Self::Global(g) => g.store_id(),
            Self::Tag(t) => t.store_id(),
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Self::Func(f)
    }
}

impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Self::Table(t)
    }
}

impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Self::Memory(m)
    }
}

impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Self::Global(g)
    }
}

impl From<Tag> for Extern {
    fn from(t: Tag) -> Self {
        Self::Tag(t)
    }
}
