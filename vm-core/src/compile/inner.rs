//! What a compiled module holds: its types, imports, exports, segments and translated functions.

use std::collections::HashMap;
use std::sync::Arc;

use super::{ConstExpr, LazyFunc};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::ir::{CompiledFunc, Handler, Instr};
use crate::translate::ModuleEnv;
use crate::types::FuncTypeId;
use crate::types::{ExternType, FuncType, GlobalType, MemoryType, TableType, TagType};

/// What an import or export refers to, by index into its kind's index space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
    Tag(u32),
}

#[derive(Debug)]
pub(crate) struct Import {
    pub(crate) module: String,
    pub(crate) name: String,
    pub(crate) index: EntityIndex,
}

#[derive(Debug)]
pub(crate) struct Export {
    pub(crate) name: String,
    pub(crate) index: EntityIndex,
}

/// How an element segment is used.
#[derive(Debug)]
pub(crate) enum ElemMode {
    Passive,
    Active { table: u32, offset: ConstExpr },
    Declared,
}

#[derive(Debug)]
pub(crate) struct ElemSegment {
    pub(crate) mode: ElemMode,
    pub(crate) items: Box<[ConstExpr]>,
}

#[derive(Debug)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

#[derive(Debug)]
pub(crate) struct DataSegment {
    pub(crate) mode: DataMode,
    pub(crate) bytes: Arc<[u8]>,
}

/// Everything a module knows after compilation.
#[derive(Debug)]
pub(crate) struct ModuleInner {
    pub(crate) engine: Engine,
    pub(crate) name: Option<Arc<str>>,
    pub(crate) types: Vec<FuncType>,
    pub(crate) sigs: Vec<FuncTypeId>,
    /// Type index of each function, imports first.
    pub(crate) funcs: Vec<u32>,
    pub(crate) num_imported_funcs: u32,
    pub(crate) tables: Vec<TableType>,
    pub(crate) num_imported_tables: u32,
    /// The initial element of each defined table (`ref.null` unless the table has an initializer expression).
    pub(crate) table_inits: Vec<ConstExpr>,
    pub(crate) memories: Vec<MemoryType>,
    pub(crate) num_imported_memories: u32,
    pub(crate) globals: Vec<GlobalType>,
    pub(crate) num_imported_globals: u32,
    /// The type index of each tag, imported ones first.
    pub(crate) tags: Vec<u32>,
    pub(crate) num_imported_tags: u32,
    /// Initializers of the defined globals.
    pub(crate) global_inits: Vec<ConstExpr>,
    pub(crate) imports: Vec<Import>,
    pub(crate) exports: Vec<Export>,
    pub(crate) export_index: HashMap<String, usize>,
    pub(crate) start: Option<u32>,
    pub(crate) elems: Vec<ElemSegment>,
    pub(crate) datas: Vec<DataSegment>,
    /// The defined functions' code, translated or translated on first use (see `lazy.rs`).
    pub(crate) code: Vec<LazyFunc>,
    /// The module's bytes, while functions may still need translating.
    pub(crate) bytes: Option<Arc<[u8]>>,
    /// The executor's handler table, to thread code translated later.
    pub(crate) handler_of: fn(&Instr) -> Handler,
    pub(crate) func_names: HashMap<u32, Arc<str>>,
}

impl ModuleInner {
    /// What translating a function needs to know about the module.
    pub(crate) fn env(&self) -> ModuleEnv<'_> {
        let config = self.engine.config();
        ModuleEnv {
            types: &self.types,
            sigs: &self.sigs,
            funcs: &self.funcs,
            globals: &self.globals,
            memories: &self.memories,
            tables: &self.tables,
            tags: &self.tags,
            num_imported_funcs: self.num_imported_funcs,
            fuel: config.consume_fuel,
            interrupts: config.epoch_interruption,
        }
    }

    /// The compiled code of defined function `defined` (translating it first if needed).
    pub(crate) fn compiled(&self, defined: u32) -> Result<&CompiledFunc> {
        self.code
            .get(defined as usize)
            .ok_or_else(|| Error::usage("unknown function"))?
            .force(self)
    }

    pub(crate) fn func_type(&self, func: u32) -> Option<&FuncType> {
        self.funcs
            .get(func as usize)
            .and_then(|ty| self.types.get(*ty as usize))
    }

    pub(crate) fn entity_type(&self, index: EntityIndex) -> Option<ExternType> {
        Some(match index {
            EntityIndex::Func(i) => ExternType::Func(self.func_type(i)?.clone()),
            EntityIndex::Table(i) => ExternType::Table(*self.tables.get(i as usize)?),
            EntityIndex::Memory(i) => ExternType::Memory(*self.memories.get(i as usize)?),
            EntityIndex::Global(i) => ExternType::Global(*self.globals.get(i as usize)?),
            EntityIndex::Tag(i) => {
                let ty = self.types.get(*self.tags.get(i as usize)? as usize)?;
                ExternType::Tag(TagType::new(ty.clone()))
            }
        })
    }
}
