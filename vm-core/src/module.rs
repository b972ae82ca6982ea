//! Compiled modules, as the embedding API shows them: decoded, validated and translated once (`crate::compile`),
//! then instantiated any number of times.

use std::sync::Arc;

use crate::compile::{self, ModuleInner};
use crate::engine::Engine;
use crate::error::{Error, ErrorKind, Result};
use crate::types::{ExportType, ExternType, FuncType, ImportType};

/// A compiled WebAssembly module. Cheap to clone; instantiate it with a [`Linker`](crate::Linker) or
/// [`Instance::new`](crate::Instance::new).
#[derive(Debug, Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
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
        // The executor's handler table threads the translated code; parsing itself does not depend on it.
        let inner = compile::parse(engine, bytes, crate::exec::handler_of)?;
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

    /// The compiled module in a form that [`Module::deserialize`] turns back into a module much faster than
    /// [`Module::new`] compiles it: validation and translation are skipped. Like wasmtime's method of the same
    /// name, but the result is only for this capvm version and engine configuration (fuel metering, interrupt
    /// checks and enabled WebAssembly features): anything else refuses it with an error.
    ///
    /// # Errors
    ///
    /// Only on an internal inconsistency of the compiled module.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        compile::serialize(&self.inner)
    }

    /// A module from bytes written by [`Module::serialize`].
    ///
    /// Unlike wasmtime's `unsafe` method of the same name, this is safe for any bytes, hand-crafted or damaged:
    /// the header must name this capvm version and an engine configuration equal to `engine`'s, a checksum
    /// catches damage, and the decoded code is verified against every invariant the interpreter relies on
    /// (slots inside the frame, branches inside the function, indices in range, metering not bypassed), so no
    /// input can make the interpreter touch memory outside the module's frames, memories, tables and globals.
    ///
    /// Verification does not re-type the code, though: the translated code keeps no value types, so hand-crafted
    /// code can compute on values of the wrong type in its own frame, and in particular forge references to any
    /// function or host value of the store (a `call_indirect` through a forged reference still checks the
    /// signature). Keep a module from bytes you do not trust in a store of its own, as you would a module from
    /// an untrusted host.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Deserialize`] that says why: not a serialized module, another format or capvm version,
    /// another engine configuration, damaged bytes, or code that fails verification.
    pub fn deserialize(engine: &Engine, bytes: &[u8]) -> Result<Self> {
        let inner = compile::deserialize(engine, bytes, crate::exec::handler_of)?;
        Ok(Self {
            inner: Arc::new(inner),
        })
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
