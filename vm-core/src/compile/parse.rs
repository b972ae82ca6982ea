//! Decoding a module: one pass over wasmparser's payloads, validating each section and translating each
//! function body as it arrives.

use std::collections::HashMap;
use std::sync::Arc;

use wasmparser::{
    CompositeInnerType, DataKind, ElementItems, ElementKind, ExternalKind,
    FuncValidatorAllocations, KnownCustom, Name, Parser, Payload, TypeRef, Validator,
};

use super::ConstExpr;
use super::functions::{self, Job, PendingFunc};
use super::inner::{
    DataMode, DataSegment, ElemMode, ElemSegment, EntityIndex, Export, Import, ModuleInner,
};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::ir::{Handler, Instr};
use crate::translate::TranslatorScratch;
use crate::types::{
    FuncType, FuncTypeId, GlobalType, HeapType, MemoryType, Mutability, RefType, TableType, ValType,
};

/// The embedding type of a value type; a concrete heap type is resolved through `sigs`, the engine ids of the
/// module's types so far. GC types (and anything else capvm does not implement) are refused as unsupported.
fn val_type(ty: wasmparser::ValType, sigs: &[FuncTypeId], offset: usize) -> Result<ValType> {
    Ok(match ty {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(ref_type(r, sigs, offset)?),
    })
}

fn ref_type(ty: wasmparser::RefType, sigs: &[FuncTypeId], offset: usize) -> Result<RefType> {
    use wasmparser::AbstractHeapType as A;
    let unsupported = || {
        Error::unsupported(format!(
            "reference type {ty} (at offset {offset:#x}){GC_NOTE}"
        ))
    };
    let heap = match ty.heap_type() {
        wasmparser::HeapType::Abstract { shared: false, ty } => match ty {
            A::Func => HeapType::Func,
            A::NoFunc => HeapType::NoFunc,
            A::Extern => HeapType::Extern,
            A::NoExtern => HeapType::NoExtern,
            A::Exn => HeapType::Exn,
            A::NoExn => HeapType::NoExn,
            _ => return Err(unsupported()),
        },
        wasmparser::HeapType::Concrete(wasmparser::UnpackedIndex::Module(index)) => {
            match sigs.get(index as usize) {
                Some(id) => HeapType::ConcreteFunc(*id),
                // A reference to the type being defined (or a later one) is a recursive type.
                None => return Err(unsupported()),
            }
        }
        _ => return Err(unsupported()),
    };
    Ok(RefType::new(ty.is_nullable(), heap))
}

/// Appended to the errors for what only the GC proposal has.
const GC_NOTE: &str = ": GC types are not implemented yet";

fn table_type(ty: &wasmparser::TableType, sigs: &[FuncTypeId], offset: usize) -> Result<TableType> {
    let element = ValType::Ref(ref_type(ty.element_type, sigs, offset)?);
    if ty.table64 {
        return Ok(TableType::new64(element, ty.initial, ty.maximum));
    }
    let min =
        u32::try_from(ty.initial).map_err(|_| Error::invalid("table size too large", offset))?;
    let max = ty
        .maximum
        .map(u32::try_from)
        .transpose()
        .map_err(|_| Error::invalid("table size too large", offset))?;
    Ok(TableType::new(element, min, max))
}

fn memory_type(ty: &wasmparser::MemoryType, offset: usize) -> Result<MemoryType> {
    if ty.shared || ty.page_size_log2.is_some() {
        return Err(Error::unsupported(format!(
            "shared or custom-page-size memories (at offset {offset:#x})"
        )));
    }
    if ty.memory64 {
        return Ok(MemoryType::new64(ty.initial, ty.maximum));
    }
    let min =
        u32::try_from(ty.initial).map_err(|_| Error::invalid("memory size too large", offset))?;
    let max = ty
        .maximum
        .map(u32::try_from)
        .transpose()
        .map_err(|_| Error::invalid("memory size too large", offset))?;
    Ok(MemoryType::new(min, max))
}

fn global_type(
    ty: &wasmparser::GlobalType,
    sigs: &[FuncTypeId],
    offset: usize,
) -> Result<GlobalType> {
    if ty.shared {
        return Err(Error::unsupported(format!(
            "shared globals (at offset {offset:#x})"
        )));
    }
    let mutability = if ty.mutable {
        Mutability::Var
    } else {
        Mutability::Const
    };
    Ok(GlobalType::new(
        val_type(ty.content_type, sigs, offset)?,
        mutability,
    ))
}

/// Decodes, validates and translates a module.
/// Decodes, validates and translates `bytes`, threading each function's code with `handler_of` (the
/// executor's handler table).
pub(crate) fn parse(
    engine: &Engine,
    bytes: &[u8],
    handler_of: fn(&Instr) -> Handler,
) -> Result<ModuleInner> {
    let mut validator = Validator::new_with_features(engine.config().features);
    let mut module = ModuleInner {
        engine: engine.clone(),
        name: None,
        types: Vec::new(),
        sigs: Vec::new(),
        funcs: Vec::new(),
        num_imported_funcs: 0,
        tables: Vec::new(),
        num_imported_tables: 0,
        table_inits: Vec::new(),
        memories: Vec::new(),
        num_imported_memories: 0,
        globals: Vec::new(),
        num_imported_globals: 0,
        tags: Vec::new(),
        num_imported_tags: 0,
        global_inits: Vec::new(),
        imports: Vec::new(),
        exports: Vec::new(),
        export_index: HashMap::new(),
        start: None,
        elems: Vec::new(),
        datas: Vec::new(),
        code: Vec::new(),
        bytes: None,
        handler_of,
        func_names: HashMap::new(),
    };
    let mut allocations = FuncValidatorAllocations::default();
    let mut scratch = TranslatorScratch::default();
    // The threads for the code section, and its functions read while more than one is used.
    let mut threads = 1;
    let mut pending: Vec<PendingFunc<'_>> = Vec::new();

    // The decoder must know the enabled features too, not only the validator: without them it reads
    // `memory.grow`/`memory.size`'s reserved byte as a multi-memory index, accepting encodings such as
    // `0x80 0x00` that are malformed in WebAssembly 2.0.
    let lazy = engine.config().lazy_translation;
    if lazy {
        module.bytes = Some(Arc::from(bytes));
    }
    let mut parser = Parser::new(0);
    parser.set_features(engine.config().features);
    for payload in parser.parse_all(bytes) {
        // A code section read for several threads is done before anything after it (an error included), so
        // errors come in the order one pass gives them.
        if !matches!(payload, Ok(Payload::CodeSectionEntry(_))) {
            finish_pending(&mut module, &mut pending, threads)?;
        }
        let payload = payload?;
        let valid = match validator.payload(&payload) {
            Ok(valid) => valid,
            Err(error) => {
                // A function body the validator refuses outright (one too large) comes after the pending ones.
                finish_pending(&mut module, &mut pending, threads)?;
                return Err(error.into());
            }
        };
        match payload {
            Payload::TypeSection(reader) => {
                let offset = reader.range().start as usize;
                for group in reader {
                    let group = group?;
                    if group.is_explicit_rec_group() && group.types().len() != 1 {
                        return Err(Error::unsupported(format!(
                            "recursive type groups (at offset {offset:#x}){GC_NOTE}"
                        )));
                    }
                    for sub in group.into_types() {
                        let CompositeInnerType::Func(ty) = &sub.composite_type.inner else {
                            return Err(Error::unsupported(format!(
                                "struct and array types (at offset {offset:#x}){GC_NOTE}"
                            )));
                        };
                        if !sub.is_final || !sub.supertype_idxs.is_empty() {
                            return Err(Error::unsupported(format!(
                                "declared subtypes (at offset {offset:#x}){GC_NOTE}"
                            )));
                        }
                        let sigs = &module.sigs;
                        let params = ty
                            .params()
                            .iter()
                            .map(|t| val_type(*t, sigs, offset))
                            .collect::<Result<Vec<_>>>()?;
                        let results = ty
                            .results()
                            .iter()
                            .map(|t| val_type(*t, sigs, offset))
                            .collect::<Result<Vec<_>>>()?;
                        let ty = FuncType::new(params, results);
                        module.sigs.push(engine.intern_signature(&ty));
                        module.types.push(ty);
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports_with_offsets() {
                    let (offset, import) = import?;
                    let offset = offset as usize;
                    let index = match import.ty {
                        TypeRef::Func(ty) | TypeRef::FuncExact(ty) => {
                            module.funcs.push(ty);
                            module.num_imported_funcs += 1;
                            EntityIndex::Func(module.funcs.len() as u32 - 1)
                        }
                        TypeRef::Table(ty) => {
                            module.tables.push(table_type(&ty, &module.sigs, offset)?);
                            module.num_imported_tables += 1;
                            EntityIndex::Table(module.tables.len() as u32 - 1)
                        }
                        TypeRef::Memory(ty) => {
                            module.memories.push(memory_type(&ty, offset)?);
                            module.num_imported_memories += 1;
                            EntityIndex::Memory(module.memories.len() as u32 - 1)
                        }
                        TypeRef::Global(ty) => {
                            module.globals.push(global_type(&ty, &module.sigs, offset)?);
                            module.num_imported_globals += 1;
                            EntityIndex::Global(module.globals.len() as u32 - 1)
                        }
                        TypeRef::Tag(tag) => {
                            module.tags.push(tag.func_type_idx);
                            module.num_imported_tags += 1;
                            EntityIndex::Tag(module.tags.len() as u32 - 1)
                        }
                    };
                    module.imports.push(Import {
                        module: import.module.to_string(),
                        name: import.name.to_string(),
                        index,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    module.funcs.push(ty?);
                }
            }
            Payload::TableSection(reader) => {
                let offset = reader.range().start as usize;
                for table in reader {
                    let table = table?;
                    module.table_inits.push(match &table.init {
                        wasmparser::TableInit::RefNull => ConstExpr::ref_null(),
                        wasmparser::TableInit::Expr(expr) => ConstExpr::parse(expr)?,
                    });
                    module
                        .tables
                        .push(table_type(&table.ty, &module.sigs, offset)?);
                }
            }
            Payload::TagSection(reader) => {
                for tag in reader {
                    module.tags.push(tag?.func_type_idx);
                }
            }
            Payload::MemorySection(reader) => {
                let offset = reader.range().start as usize;
                for memory in reader {
                    module.memories.push(memory_type(&memory?, offset)?);
                }
            }
            Payload::GlobalSection(reader) => {
                let offset = reader.range().start as usize;
                for global in reader {
                    let global = global?;
                    module
                        .globals
                        .push(global_type(&global.ty, &module.sigs, offset)?);
                    module
                        .global_inits
                        .push(ConstExpr::parse(&global.init_expr)?);
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    let index = match export.kind {
                        ExternalKind::Func | ExternalKind::FuncExact => {
                            EntityIndex::Func(export.index)
                        }
                        ExternalKind::Table => EntityIndex::Table(export.index),
                        ExternalKind::Memory => EntityIndex::Memory(export.index),
                        ExternalKind::Global => EntityIndex::Global(export.index),
                        ExternalKind::Tag => EntityIndex::Tag(export.index),
                    };
                    module
                        .export_index
                        .insert(export.name.to_string(), module.exports.len());
                    module.exports.push(Export {
                        name: export.name.to_string(),
                        index,
                    });
                }
            }
            Payload::StartSection { func, .. } => module.start = Some(func),
            Payload::ElementSection(reader) => {
                for elem in reader {
                    let elem = elem?;
                    let mode = match elem.kind {
                        ElementKind::Passive => ElemMode::Passive,
                        ElementKind::Declared => ElemMode::Declared,
                        ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => ElemMode::Active {
                            table: table_index.unwrap_or(0),
                            offset: ConstExpr::parse(&offset_expr)?,
                        },
                    };
                    let items = match elem.items {
                        ElementItems::Functions(funcs) => funcs
                            .into_iter()
                            .map(|f| f.map(ConstExpr::ref_func).map_err(Error::from))
                            .collect::<Result<Vec<_>>>()?,
                        ElementItems::Expressions(_, exprs) => exprs
                            .into_iter()
                            .map(|e| ConstExpr::parse(&e?))
                            .collect::<Result<Vec<_>>>()?,
                    };
                    module.elems.push(ElemSegment {
                        mode,
                        items: items.into_boxed_slice(),
                    });
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data?;
                    let mode = match data.kind {
                        DataKind::Passive => DataMode::Passive,
                        DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => DataMode::Active {
                            memory: memory_index,
                            offset: ConstExpr::parse(&offset_expr)?,
                        },
                    };
                    module.datas.push(DataSegment {
                        mode,
                        bytes: Arc::from(data.data),
                    });
                }
            }
            Payload::CodeSectionStart {
                count,
                unchecked_range: range,
                size,
            } => {
                threads = functions::threads_for(size, engine.config().parallel_compilation);
                // Validation checked the count against the function section; a body takes at least 2 bytes of
                // the input that is really there, so a section that is cut short reserves no more than its size.
                let start = usize::try_from(range.start).unwrap_or(usize::MAX);
                let present = bytes.len().saturating_sub(start) / 2;
                let bodies = (count as usize).min(size as usize / 2).min(present);
                module.code.reserve_exact(bodies);
                if threads > 1 {
                    pending.reserve_exact(bodies);
                }
            }
            Payload::CodeSectionEntry(body) => {
                let wasmparser::ValidPayload::Func(func, _) = valid else {
                    return Err(Error::invalid(
                        "unexpected function body",
                        body.range().start as usize,
                    ));
                };
                let job = Job {
                    env: module.env(),
                    handler_of,
                    lazy,
                };
                let slot = job.placeholder(&func, &body);
                if threads > 1 {
                    // Completed together once the section has been read.
                    pending.push(PendingFunc { func, body });
                } else {
                    job.complete(&func, &body, &slot, &mut allocations, &mut scratch)?;
                }
                module.code.push(slot);
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    // The name section is advisory: a malformed one is ignored, as engines do.
                    let _ = read_names(reader, &mut module);
                }
            }
            _ => {}
        }
    }
    finish_pending(&mut module, &mut pending, threads)?;
    Ok(module)
}

/// Does the functions read for several threads, if any, adding them to `module`.
fn finish_pending(
    module: &mut ModuleInner,
    pending: &mut Vec<PendingFunc<'_>>,
    threads: usize,
) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let job = Job {
        env: module.env(),
        handler_of: module.handler_of,
        lazy: module.engine.config().lazy_translation,
    };
    let slots = module
        .code
        .get(module.code.len().saturating_sub(pending.len())..)
        .unwrap_or_default();
    let done = job.complete_all(pending, slots, threads);
    pending.clear();
    done
}

fn read_names(reader: wasmparser::NameSectionReader<'_>, module: &mut ModuleInner) -> Result<()> {
    for name in reader {
        match name? {
            Name::Module { name, .. } => module.name = Some(name.into()),
            Name::Function(map) => {
                for naming in map {
                    let naming = naming?;
                    module.func_names.insert(naming.index, naming.name.into());
                }
            }
            _ => {}
        }
    }
    Ok(())
}
