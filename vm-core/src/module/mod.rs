//! Compiled modules: decoded, validated and translated once, then instantiated any number of times.

mod const_expr;
mod parse;

use std::collections::HashMap;
use std::sync::Arc;

pub(crate) use self::const_expr::ConstExpr;
use crate::engine::{Engine, SigId};
use crate::error::{Error, ErrorKind, Result};
use crate::translate::CompiledFunc;
use crate::types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, TableType,
};

/// A compiled WebAssembly module. Cheap to clone; instantiate it with a [`Linker`](crate::Linker) or
/// [`Instance::new`](crate::Instance::new).
#[derive(Debug, Clone)]
pub struct Module {
    inner: Arc<ModuleInner>,
}

/// What an import or export refers to, by index into its kind's index space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
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
    pub(crate) sigs: Vec<SigId>,
    /// Type index of each function, imports first.
    pub(crate) funcs: Vec<u32>,
    pub(crate) num_imported_funcs: u32,
    pub(crate) tables: Vec<TableType>,
    pub(crate) num_imported_tables: u32,
    pub(crate) memories: Vec<MemoryType>,
    pub(crate) num_imported_memories: u32,
    pub(crate) globals: Vec<GlobalType>,
    pub(crate) num_imported_globals: u32,
    /// Initializers of the defined globals.
    pub(crate) global_inits: Vec<ConstExpr>,
    pub(crate) imports: Vec<Import>,
    pub(crate) exports: Vec<Export>,
    pub(crate) export_index: HashMap<String, usize>,
    pub(crate) start: Option<u32>,
    pub(crate) elems: Vec<ElemSegment>,
    pub(crate) datas: Vec<DataSegment>,
    /// The translated bodies of the defined functions.
    pub(crate) code: Vec<CompiledFunc>,
    pub(crate) func_names: HashMap<u32, Arc<str>>,
}

impl ModuleInner {
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
        })
    }
}

impl Module {
    /// Compiles a module from its binary encoding or, with the default `wat` feature, from the text format.
    ///
    /// # Errors
    ///
    /// If the bytes do not decode or validate (the error carries the byte offset), or the module uses a feature
    /// the engine does not support.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Self> {
        let bytes = bytes.as_ref();
        #[cfg(feature = "wat")]
        {
            if !bytes.starts_with(b"\0asm") {
                // Editors on some systems start text files with a UTF-8 byte-order mark.
                let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
                let binary = wat::parse_bytes(text)
                    .map_err(|e| Error::from_kind(ErrorKind::Wat(e.to_string())))?;
                return Self::from_binary(engine, &binary);
            }
        }
        Self::from_binary(engine, bytes)
    }

    /// Compiles the module in the file at `path` (binary, or text with the `wat` feature), as [`Module::new`].
    ///
    /// # Errors
    ///
    /// If the file cannot be read (the error names the path), or as [`Module::new`].
    pub fn from_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", path.display())))?;
        Self::new(engine, bytes)
    }

    /// Compiles a module from its binary encoding.
    ///
    /// # Errors
    ///
    /// As [`Module::new`].
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Self> {
        let inner = parse::parse(engine, bytes)?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Checks that the bytes are a valid module for this engine, without keeping the compiled result.
    ///
    /// # Errors
    ///
    /// As [`Module::from_binary`].
    pub fn validate(engine: &Engine, bytes: &[u8]) -> Result<()> {
        Self::from_binary(engine, bytes).map(drop)
    }

    pub(crate) fn inner(&self) -> &Arc<ModuleInner> {
        &self.inner
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's name from its name section, if any.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The module's imports, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> + '_ {
        self.inner.imports.iter().map(|import| ImportType {
            module: &import.module,
            name: &import.name,
            ty: self
                .inner
                .entity_type(import.index)
                .unwrap_or(ExternType::Func(FuncType::new([], []))),
        })
    }

    /// The module's exports, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> + '_ {
        self.inner.exports.iter().map(|export| ExportType {
            name: &export.name,
            ty: self
                .inner
                .entity_type(export.index)
                .unwrap_or(ExternType::Func(FuncType::new([], []))),
        })
    }

    /// The type of the export called `name`, if there is one.
    pub fn get_export(&self, name: &str) -> Option<ExternType> {
        let export = self
            .inner
            .exports
            .get(*self.inner.export_index.get(name)?)?;
        self.inner.entity_type(export.index)
    }
}
