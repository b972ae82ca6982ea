//! The serialized form of a compiled module ([`Module::serialize`](super::Module::serialize),
//! [`Module::deserialize`](super::Module::deserialize)): everything a [`ModuleInner`] holds, with its functions
//! already translated, so a host can skip validation and translation at start-up.
//!
//! # Format
//!
//! `\0capvm-module`, then the format version, the capvm version that wrote it (a string), a fingerprint of the
//! instruction set ([`INSTR_SET_HASH`]), and the engine settings that change translated code (fuel metering,
//! interrupt checks, the enabled WebAssembly features); then the module: name, types, functions' type indices,
//! tables, memories, globals with their initializers, imports, exports, start function, element and data
//! segments, function names, and every function's frame layout, constant pool and instructions (encoded as the
//! instruction table generates, see `ir/codec.rs`; a `call_indirect`'s signature as a module type index, since
//! signature numbers belong to an engine); last, a CRC-32 of all the bytes before it. Integers are unsigned or
//! signed LEB128 (canonical: no redundant trailing bytes), `v128` constants 16 little-endian bytes.
//!
//! A different format version, capvm version, instruction set or engine setting is refused with an error that
//! says which; nothing is ever reinterpreted.
//!
//! # Safety of deserializing untrusted bytes
//!
//! The interpreter trusts translated code: it does not check slot indices, branch targets or entity indices at
//! run time (see the invariants in `exec/executor.rs`), because the translator only emits code that satisfies
//! them. Serialized bytes come from outside, and the checksum only catches accidents: anyone can write bytes with
//! a valid checksum. So decoding is bounded (no length is believed beyond the bytes that remain, so nothing is
//! allocated beyond a constant factor of the input, and nothing panics), and the decoded module is then
//! **verified** ([`verify`]) against everything the interpreter and instantiation rely on, as validation would
//! for a binary module:
//!
//! - the module's shape: type indices of functions in range, one compiled body per defined function, imports
//!   numbered in order within each kind (so an instance's index spaces line up with the module's), one
//!   initializer per defined global, export indices in range and names unique, a start function of type
//!   `[] -> []`, segment tables and memories in range, constant expressions well typed with indices in range,
//!   table and memory limits as validation requires;
//! - every function: its parameter cells those of its type, its locals inside its frame, and for every
//!   instruction every slot operand inside the frame (a `v128` covers two cells, a `base` the cells its
//!   instruction uses, a call's `base` the callee's parameters and results), every branch inside the function,
//!   `br_table` entries present, every function, global, table, memory, data and element segment and constant-pool
//!   index in range (the memories a generic memory instruction's constant-pool entry names included), globals
//!   accessed with their width (and only mutable ones set), tail calls to callees with the caller's results, returns of the function's result count, and a last instruction that does not fall
//!   through;
//! - with fuel metering or interrupt checks on, that the code cannot escape them: no cycle of the control flow
//!   and no call is reachable without passing a fuel charge (and an interrupt check), as the translator arranges.
//!
//! Code that fails any check is refused with an error, so no input, damaged or hand-crafted, can make the
//! interpreter read or write out of bounds. The format code has no `unsafe`.
//!
//! What verification does not restore is WebAssembly's typing of values: the translated code is untyped (a slot
//! is a 64-bit cell), so hand-crafted code can, for example, store an integer it made up in a `funcref` table
//! and call through it: any function of the store with the right signature, or read any host reference. That is
//! memory safe (every reference is resolved with a bounds check and `call_indirect` checks the signature), but
//! it is more than the WebAssembly the module claims to be could do, so a module from untrusted bytes belongs in
//! a store of its own (see [`Module::deserialize`](super::Module::deserialize)).

use std::collections::HashMap;
use std::sync::Arc;

use super::const_expr::ConstOp;
use super::inner::{
    DataMode, DataSegment, ElemMode, ElemSegment, EntityIndex, Export, Import, ModuleInner,
};
use super::{ConstExpr, LazyFunc};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::ir::{
    CatchClause, CompiledFunc, FuncBody, Handler, INSTR_SET_HASH, Instr, InstrSink, InstrSource,
    Operand, TryRegion,
};
use crate::types::{
    FuncType, FuncTypeId, GlobalType, HeapType, MemoryType, Mutability, RefType, TableType, ValType,
};

/// The first bytes of every serialized module.
const MAGIC: &[u8; 13] = b"\0capvm-module";
/// The version of the layout below; bumped whenever it changes.
const FORMAT_VERSION: u32 = 4;
/// The capvm version that writes (and alone reads) serialized modules.
const CAPVM_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The largest memory, in 64 KiB pages, of a 32-bit memory.
const MAX_PAGES: u64 = 65_536;
/// The most pages a 64-bit memory can have.
const MAX_PAGES_64: u64 = 1 << 48;

fn error(message: impl Into<String>) -> Error {
    Error::deserialize(message)
}

// ---- CRC-32 (IEEE 802.3, reflected, as zlib's) ----------------------------------------------------------------

const CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// The CRC-32 of `bytes`.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| {
        CRC_TABLE[usize::from((crc as u8) ^ b)] ^ (crc >> 8)
    })
}

// ---- writing ------------------------------------------------------------------------------------------------------

struct Writer {
    out: Vec<u8>,
    /// The first module type index of each signature the module uses.
    type_of_sig: HashMap<u32, u32>,
}

impl Writer {
    fn unsigned(&mut self, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }

    fn signed(&mut self, mut value: i64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
            if done {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }

    fn len(&mut self, len: usize) {
        self.unsigned(len as u64);
    }

    fn byte(&mut self, byte: u8) {
        self.out.push(byte);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.out.extend_from_slice(bytes);
    }

    fn string(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn option_u32(&mut self, value: Option<u32>) {
        match value {
            None => self.byte(0),
            Some(v) => {
                self.byte(1);
                self.unsigned(u64::from(v));
            }
        }
    }

    /// A value type in the binary format's encoding; a concrete heap type as the module's type index.
    fn val_type(&mut self, ty: ValType) -> Result<()> {
        let byte = match ty {
            ValType::I32 => 0x7f,
            ValType::I64 => 0x7e,
            ValType::F32 => 0x7d,
            ValType::F64 => 0x7c,
            ValType::V128 => 0x7b,
            ValType::Ref(_) => 0,
        };
        let ValType::Ref(r) = ty else {
            self.byte(byte);
            return Ok(());
        };
        self.byte(if r.is_nullable() { 0x63 } else { 0x64 });
        match r.heap_type() {
            HeapType::Func => self.byte(0x70),
            HeapType::Extern => self.byte(0x6f),
            HeapType::NoFunc => self.byte(0x73),
            HeapType::NoExtern => self.byte(0x72),
            HeapType::Exn => self.byte(0x69),
            HeapType::NoExn => self.byte(0x74),
            HeapType::ConcreteFunc(id) => {
                self.byte(0x00);
                self.sig(id.0)?;
            }
        }
        Ok(())
    }

    fn limits(&mut self, min: u64, max: Option<u64>) {
        self.unsigned(min);
        match max {
            None => self.byte(0),
            Some(max) => {
                self.byte(1);
                self.unsigned(max);
            }
        }
    }

    fn entity(&mut self, index: EntityIndex) {
        let (kind, i) = match index {
            EntityIndex::Func(i) => (0, i),
            EntityIndex::Table(i) => (1, i),
            EntityIndex::Memory(i) => (2, i),
            EntityIndex::Global(i) => (3, i),
            EntityIndex::Tag(i) => (4, i),
        };
        self.byte(kind);
        self.unsigned(u64::from(i));
    }

    fn const_expr(&mut self, expr: &ConstExpr) {
        self.len(expr.ops().len());
        for op in expr.ops() {
            match *op {
                ConstOp::I32(v) => {
                    self.byte(0);
                    self.unsigned(u64::from(v));
                }
                ConstOp::I64(v) => {
                    self.byte(1);
                    self.unsigned(v);
                }
                ConstOp::V128(v) => {
                    self.byte(2);
                    self.out.extend_from_slice(&v.to_le_bytes());
                }
                ConstOp::RefNull => self.byte(3),
                ConstOp::RefFunc(f) => {
                    self.byte(4);
                    self.unsigned(u64::from(f));
                }
                ConstOp::GlobalGet(g) => {
                    self.byte(5);
                    self.unsigned(u64::from(g));
                }
                ConstOp::I32Add => self.byte(6),
                ConstOp::I32Sub => self.byte(7),
                ConstOp::I32Mul => self.byte(8),
                ConstOp::I64Add => self.byte(9),
                ConstOp::I64Sub => self.byte(10),
                ConstOp::I64Mul => self.byte(11),
            }
        }
    }
}

impl InstrSink for Writer {
    type Error = Error;

    fn unsigned(&mut self, value: u64) {
        Writer::unsigned(self, value);
    }

    fn signed(&mut self, value: i64) {
        Writer::signed(self, value);
    }

    fn sig(&mut self, sig: u32) -> Result<()> {
        let ty = self.type_of_sig.get(&sig).copied().ok_or_else(|| {
            Error::usage(format!(
                "cannot serialize: signature {sig} is not a type of the module"
            ))
        })?;
        Writer::unsigned(self, u64::from(ty));
        Ok(())
    }
}

/// The engine settings that change translated code, as recorded in the header.
fn write_settings(w: &mut Writer, engine: &Engine) {
    let config = engine.config();
    w.byte(u8::from(config.consume_fuel));
    w.byte(u8::from(config.epoch_interruption));
    w.unsigned(config.features.bits());
}

/// Serializes `module` (see the module docs for the format).
pub(crate) fn serialize(module: &ModuleInner) -> Result<Vec<u8>> {
    let mut type_of_sig = HashMap::new();
    for (index, sig) in module.sigs.iter().enumerate() {
        type_of_sig.entry(sig.0).or_insert(index as u32);
    }
    let mut w = Writer {
        out: Vec::new(),
        type_of_sig,
    };
    w.out.extend_from_slice(MAGIC);
    w.unsigned(u64::from(FORMAT_VERSION));
    w.string(CAPVM_VERSION);
    w.out.extend_from_slice(&INSTR_SET_HASH.to_le_bytes());
    write_settings(&mut w, &module.engine);

    match &module.name {
        None => w.byte(0),
        Some(name) => {
            w.byte(1);
            w.string(name);
        }
    }
    w.len(module.types.len());
    for ty in &module.types {
        w.len(ty.params().len());
        for t in ty.params() {
            w.val_type(*t)?;
        }
        w.len(ty.results().len());
        for t in ty.results() {
            w.val_type(*t)?;
        }
    }
    w.len(module.funcs.len());
    for ty in &module.funcs {
        w.unsigned(u64::from(*ty));
    }
    w.unsigned(u64::from(module.num_imported_funcs));
    w.len(module.tables.len());
    for table in &module.tables {
        w.val_type(table.element())?;
        w.byte(u8::from(table.is_64()));
        w.limits(table.minimum(), table.maximum());
    }
    w.unsigned(u64::from(module.num_imported_tables));
    w.len(module.memories.len());
    for memory in &module.memories {
        w.byte(u8::from(memory.is_64()));
        w.limits(memory.minimum(), memory.maximum());
    }
    w.unsigned(u64::from(module.num_imported_memories));
    w.len(module.globals.len());
    for global in &module.globals {
        w.val_type(global.content())?;
        w.byte(u8::from(global.mutability() == Mutability::Var));
    }
    w.unsigned(u64::from(module.num_imported_globals));
    w.len(module.table_inits.len());
    for init in &module.table_inits {
        w.const_expr(init);
    }
    w.len(module.global_inits.len());
    for init in &module.global_inits {
        w.const_expr(init);
    }
    w.len(module.tags.len());
    for ty in &module.tags {
        w.unsigned(u64::from(*ty));
    }
    w.unsigned(u64::from(module.num_imported_tags));
    w.len(module.imports.len());
    for import in &module.imports {
        w.string(&import.module);
        w.string(&import.name);
        w.entity(import.index);
    }
    w.len(module.exports.len());
    for export in &module.exports {
        w.string(&export.name);
        w.entity(export.index);
    }
    w.option_u32(module.start);
    w.len(module.elems.len());
    for elem in &module.elems {
        match &elem.mode {
            ElemMode::Passive => w.byte(0),
            ElemMode::Active { table, offset } => {
                w.byte(1);
                w.unsigned(u64::from(*table));
                w.const_expr(offset);
            }
            ElemMode::Declared => w.byte(2),
        }
        w.len(elem.items.len());
        for item in elem.items.iter() {
            w.const_expr(item);
        }
    }
    w.len(module.datas.len());
    for data in &module.datas {
        match &data.mode {
            DataMode::Passive => w.byte(0),
            DataMode::Active { memory, offset } => {
                w.byte(1);
                w.unsigned(u64::from(*memory));
                w.const_expr(offset);
            }
        }
        w.bytes(&data.bytes);
    }
    let mut names: Vec<(&u32, &Arc<str>)> = module.func_names.iter().collect();
    names.sort_unstable_by_key(|(index, _)| **index);
    w.len(names.len());
    for (index, name) in names {
        w.unsigned(u64::from(*index));
        w.string(name);
    }
    w.len(module.code.len());
    for func in &module.code {
        // Translated now if it was not yet.
        let func = func.force(module)?;
        w.unsigned(u64::from(func.num_params));
        w.unsigned(u64::from(func.num_locals));
        w.unsigned(u64::from(func.frame_size));
        w.len(func.consts.len());
        for c in func.consts.iter() {
            w.out.extend_from_slice(&c.to_le_bytes());
        }
        w.len(func.code.len());
        for threaded in func.code.iter() {
            threaded.translated().encode(&mut w)?;
        }
        w.len(func.offsets.len());
        for offset in func.offsets.iter() {
            w.unsigned(u64::from(*offset));
        }
        w.len(func.catches.len());
        for region in func.catches.iter() {
            w.unsigned(u64::from(region.start));
            w.unsigned(u64::from(region.end));
            w.option_u32(region.parent);
            w.len(region.clauses.len());
            for clause in region.clauses.iter() {
                w.option_u32(clause.tag);
                w.byte(u8::from(clause.with_ref));
                w.unsigned(u64::from(clause.pad));
                w.unsigned(u64::from(clause.dst));
            }
        }
    }
    let checksum = crc32(&w.out);
    w.out.extend_from_slice(&checksum.to_le_bytes());
    Ok(w.out)
}

// ---- reading ------------------------------------------------------------------------------------------------------

/// A cursor over serialized bytes that never reads past `end`.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    fn malformed(&self, what: &str) -> Error {
        error(format!("malformed data: {what} (at byte {:#x})", self.pos))
    }

    fn remaining(&self) -> usize {
        self.end.saturating_sub(self.pos)
    }

    fn byte(&mut self) -> Result<u8> {
        if self.pos >= self.end {
            return Err(self.malformed("unexpected end"));
        }
        let byte = self.bytes.get(self.pos).copied();
        self.pos += 1;
        byte.ok_or_else(|| self.malformed("unexpected end"))
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        if len > self.remaining() {
            return Err(self.malformed("unexpected end"));
        }
        let bytes = self
            .bytes
            .get(self.pos..self.pos + len)
            .ok_or_else(|| self.malformed("unexpected end"))?;
        self.pos += len;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// An unsigned LEB128 integer of at most `max`, canonically encoded.
    fn unsigned_max(&mut self, max: u64) -> Result<u64> {
        let mut value = 0u64;
        let mut shift = 0u32;
        loop {
            let byte = self.byte()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 || shift > 63 {
                return Err(self.malformed("integer too large"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    return Err(self.malformed("integer not minimally encoded"));
                }
                break;
            }
            shift += 7;
        }
        if value > max {
            return Err(self.malformed("integer out of range"));
        }
        Ok(value)
    }

    /// A signed LEB128 integer within `min..=max`, canonically encoded.
    fn signed_range(&mut self, min: i64, max: i64) -> Result<i64> {
        let mut value = 0i64;
        let mut shift = 0u32;
        let mut prev: Option<u8> = None;
        loop {
            let byte = self.byte()?;
            if shift > 63 {
                return Err(self.malformed("integer too large"));
            }
            if shift == 63 {
                // Only the sign may remain: all of 0x00 or all of 0x7f.
                if byte & 0x7f != 0 && byte & 0x7f != 0x7f {
                    return Err(self.malformed("integer too large"));
                }
            }
            value |= i64::from(byte & 0x7f).wrapping_shl(shift);
            shift += 7;
            if byte & 0x80 == 0 {
                // A last byte that only repeats the sign of the one before is redundant.
                if let Some(prev) = prev
                    && ((byte == 0 && prev & 0x40 == 0) || (byte == 0x7f && prev & 0x40 != 0))
                {
                    return Err(self.malformed("integer not minimally encoded"));
                }
                if shift < 64 && byte & 0x40 != 0 {
                    value |= -1i64 << shift;
                }
                break;
            }
            prev = Some(byte);
        }
        if !(min..=max).contains(&value) {
            return Err(self.malformed("integer out of range"));
        }
        Ok(value)
    }

    fn u32(&mut self) -> Result<u32> {
        // In range: checked by `unsigned_max`.
        self.unsigned_max(u64::from(u32::MAX)).map(|v| v as u32)
    }

    /// A count of items that take at least `min_bytes` bytes each: at most what the rest of the input can hold.
    fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let count = self.unsigned_max(u64::MAX)?;
        let count = usize::try_from(count).map_err(|_| self.malformed("count too large"))?;
        if count.saturating_mul(min_bytes.max(1)) > self.remaining() {
            return Err(self.malformed("count larger than the data"));
        }
        Ok(count)
    }

    fn option_u32(&mut self) -> Result<Option<u32>> {
        Ok(if self.bool()? {
            Some(self.u32()?)
        } else {
            None
        })
    }

    fn bool(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.malformed("bad flag")),
        }
    }

    fn bytes(&mut self) -> Result<&'a [u8]> {
        let len = self.count(1)?;
        self.take(len)
    }

    fn string(&mut self) -> Result<&'a str> {
        let bytes = self.bytes()?;
        core::str::from_utf8(bytes).map_err(|_| self.malformed("string not UTF-8"))
    }

    /// A value type written by [`Writer::val_type`]; a concrete heap type must be one of `sigs`, the module's
    /// types read so far.
    fn val_type(&mut self, sigs: &[FuncTypeId]) -> Result<ValType> {
        let nullable = match self.byte()? {
            0x7f => return Ok(ValType::I32),
            0x7e => return Ok(ValType::I64),
            0x7d => return Ok(ValType::F32),
            0x7c => return Ok(ValType::F64),
            0x7b => return Ok(ValType::V128),
            0x63 => true,
            0x64 => false,
            _ => return Err(self.malformed("unknown value type")),
        };
        let heap = match self.byte()? {
            0x70 => HeapType::Func,
            0x6f => HeapType::Extern,
            0x73 => HeapType::NoFunc,
            0x72 => HeapType::NoExtern,
            0x69 => HeapType::Exn,
            0x74 => HeapType::NoExn,
            0x00 => {
                let index = self.u32()?;
                let id = sigs
                    .get(index as usize)
                    .ok_or_else(|| self.malformed("reference to an unknown type"))?;
                HeapType::ConcreteFunc(*id)
            }
            _ => return Err(self.malformed("unknown heap type")),
        };
        Ok(ValType::Ref(RefType::new(nullable, heap)))
    }

    fn limits(&mut self, max: u64) -> Result<(u64, Option<u64>)> {
        let min = self.unsigned_max(max)?;
        let maximum = if self.bool()? {
            Some(self.unsigned_max(max)?)
        } else {
            None
        };
        Ok((min, maximum))
    }

    fn entity(&mut self) -> Result<EntityIndex> {
        let kind = self.byte()?;
        let index = self.u32()?;
        Ok(match kind {
            0 => EntityIndex::Func(index),
            1 => EntityIndex::Table(index),
            2 => EntityIndex::Memory(index),
            3 => EntityIndex::Global(index),
            4 => EntityIndex::Tag(index),
            _ => return Err(self.malformed("unknown entity kind")),
        })
    }

    fn const_expr(&mut self) -> Result<ConstExpr> {
        let len = self.count(1)?;
        let mut ops = Vec::with_capacity(len);
        for _ in 0..len {
            ops.push(match self.byte()? {
                0 => ConstOp::I32(self.u32()?),
                1 => ConstOp::I64(self.unsigned_max(u64::MAX)?),
                2 => ConstOp::V128(u128::from_le_bytes(self.array()?)),
                3 => ConstOp::RefNull,
                4 => ConstOp::RefFunc(self.u32()?),
                5 => ConstOp::GlobalGet(self.u32()?),
                6 => ConstOp::I32Add,
                7 => ConstOp::I32Sub,
                8 => ConstOp::I32Mul,
                9 => ConstOp::I64Add,
                10 => ConstOp::I64Sub,
                11 => ConstOp::I64Mul,
                _ => return Err(self.malformed("unknown constant operator")),
            });
        }
        Ok(ConstExpr::from_ops(ops.into_boxed_slice()))
    }
}

/// Reads instructions, translating `sig` fields (module type indices) to the engine's signatures.
struct CodeReader<'r, 'a> {
    reader: &'r mut Reader<'a>,
    sigs: &'r [FuncTypeId],
}

impl InstrSource for CodeReader<'_, '_> {
    type Error = Error;

    fn unsigned(&mut self, max: u64) -> Result<u64> {
        self.reader.unsigned_max(max)
    }

    fn signed(&mut self, min: i64, max: i64) -> Result<i64> {
        self.reader.signed_range(min, max)
    }

    fn sig(&mut self) -> Result<u32> {
        let ty = self.reader.u32()?;
        self.sigs
            .get(ty as usize)
            .map(|sig| sig.0)
            .ok_or_else(|| self.reader.malformed("unknown type index"))
    }

    fn unknown_opcode(&mut self, opcode: u64) -> Error {
        self.reader.malformed(&format!("unknown opcode {opcode}"))
    }
}

/// Checks the header against this capvm and `engine`, and the checksum.
fn check_header(engine: &Engine, bytes: &[u8]) -> Result<usize> {
    if !bytes.starts_with(MAGIC) {
        return Err(error(
            "not a serialized capvm module (the magic `\\0capvm-module` is missing)",
        ));
    }
    let mut r = Reader {
        bytes,
        pos: MAGIC.len(),
        end: bytes.len(),
    };
    let version = r.unsigned_max(u64::MAX)?;
    if version != u64::from(FORMAT_VERSION) {
        return Err(error(format!(
            "serialized in format version {version}, but this capvm reads format version {FORMAT_VERSION}"
        )));
    }
    let Some(body_len) = bytes.len().checked_sub(4) else {
        return Err(error("truncated: no checksum"));
    };
    let (body, checksum) = bytes.split_at(body_len);
    let expected = u32::from_le_bytes([checksum[0], checksum[1], checksum[2], checksum[3]]);
    if body_len < r.pos || crc32(body) != expected {
        return Err(error(
            "checksum mismatch: the serialized module is damaged or truncated",
        ));
    }
    r.end = body_len;
    let writer_version = r.string()?;
    if writer_version != CAPVM_VERSION {
        return Err(error(format!(
            "serialized by capvm {writer_version}, but this is capvm {CAPVM_VERSION}: serialize the module again \
             with this version"
        )));
    }
    if u64::from_le_bytes(r.array()?) != INSTR_SET_HASH {
        return Err(error(
            "serialized by a capvm build with a different instruction set: serialize the module again with this \
             build",
        ));
    }
    let config = engine.config();
    let on_off = |b: bool| if b { "on" } else { "off" };
    let fuel = r.bool()?;
    if fuel != config.consume_fuel {
        return Err(error(format!(
            "compiled with fuel metering {}, but the engine has it {} (Config::consume_fuel)",
            on_off(fuel),
            on_off(config.consume_fuel)
        )));
    }
    let interrupts = r.bool()?;
    if interrupts != config.epoch_interruption {
        return Err(error(format!(
            "compiled with interrupt checks {}, but the engine has them {} (Config::epoch_interruption)",
            on_off(interrupts),
            on_off(config.epoch_interruption)
        )));
    }
    let features = r.unsigned_max(u64::MAX)?;
    if features != config.features.bits() {
        let theirs = wasmparser::WasmFeatures::from_bits_retain(features);
        return Err(error(format!(
            "compiled for other WebAssembly features than the engine enables (serialized: {theirs:?}; engine: \
             {:?})",
            config.features
        )));
    }
    Ok(r.pos)
}

/// Deserializes and verifies a module serialized by [`serialize`], threading its code with `handler_of`.
pub(crate) fn deserialize(
    engine: &Engine,
    bytes: &[u8],
    handler_of: fn(&Instr) -> Handler,
) -> Result<ModuleInner> {
    let start = check_header(engine, bytes)?;
    let mut r = Reader {
        bytes,
        pos: start,
        end: bytes.len() - 4,
    };
    let (mut module, bodies) = read_module(engine, &mut r, handler_of)?;
    if r.remaining() != 0 {
        return Err(r.malformed("bytes after the module"));
    }
    verify(&module, &bodies)?;
    module.code = bodies
        .into_iter()
        .map(|body| Ok(LazyFunc::compiled(CompiledFunc::new(body, handler_of)?)))
        .collect::<Result<_>>()?;
    Ok(module)
}

/// Decodes the module after the header; the code comes back apart, to be verified before it is threaded.
fn read_module(
    engine: &Engine,
    r: &mut Reader<'_>,
    handler_of: fn(&Instr) -> Handler,
) -> Result<(ModuleInner, Vec<FuncBody<'static>>)> {
    let name = if r.bool()? {
        Some(Arc::from(r.string()?))
    } else {
        None
    };
    let count = r.count(2)?;
    let mut types = Vec::with_capacity(count);
    let mut sigs = Vec::with_capacity(count);
    for _ in 0..count {
        let n = r.count(1)?;
        let params = (0..n)
            .map(|_| r.val_type(&sigs))
            .collect::<Result<Vec<_>>>()?;
        let n = r.count(1)?;
        let results = (0..n)
            .map(|_| r.val_type(&sigs))
            .collect::<Result<Vec<_>>>()?;
        let ty = FuncType::new(params, results);
        sigs.push(engine.intern_signature(&ty));
        types.push(ty);
    }
    let count = r.count(1)?;
    let funcs = (0..count).map(|_| r.u32()).collect::<Result<Vec<_>>>()?;
    let num_imported_funcs = r.u32()?;
    let count = r.count(3)?;
    let mut tables = Vec::with_capacity(count);
    for _ in 0..count {
        let element = r.val_type(&sigs)?;
        if !element.is_ref() {
            return Err(r.malformed("table of a non-reference type"));
        }
        tables.push(if r.bool()? {
            let (min, max) = r.limits(u64::MAX)?;
            TableType::new64(element, min, max)
        } else {
            let (min, max) = r.limits(u64::from(u32::MAX))?;
            // In range: `limits` checked the maximum.
            TableType::new(element, min as u32, max.map(|m| m as u32))
        });
    }
    let num_imported_tables = r.u32()?;
    let count = r.count(2)?;
    let mut memories = Vec::with_capacity(count);
    for _ in 0..count {
        memories.push(if r.bool()? {
            let (min, max) = r.limits(MAX_PAGES_64)?;
            MemoryType::new64(min, max)
        } else {
            let (min, max) = r.limits(MAX_PAGES)?;
            // In range: `limits` checked the maximum.
            MemoryType::new(min as u32, max.map(|m| m as u32))
        });
    }
    let num_imported_memories = r.u32()?;
    let count = r.count(2)?;
    let mut globals = Vec::with_capacity(count);
    for _ in 0..count {
        let content = r.val_type(&sigs)?;
        let mutability = if r.bool()? {
            Mutability::Var
        } else {
            Mutability::Const
        };
        globals.push(GlobalType::new(content, mutability));
    }
    let num_imported_globals = r.u32()?;
    let count = r.count(1)?;
    let table_inits = (0..count)
        .map(|_| r.const_expr())
        .collect::<Result<Vec<_>>>()?;
    let count = r.count(1)?;
    let global_inits = (0..count)
        .map(|_| r.const_expr())
        .collect::<Result<Vec<_>>>()?;
    let count = r.count(1)?;
    let tags = (0..count).map(|_| r.u32()).collect::<Result<Vec<_>>>()?;
    let num_imported_tags = r.u32()?;
    let count = r.count(4)?;
    let mut imports = Vec::with_capacity(count);
    for _ in 0..count {
        let module = r.string()?.to_string();
        let name = r.string()?.to_string();
        let index = r.entity()?;
        imports.push(Import {
            module,
            name,
            index,
        });
    }
    let count = r.count(3)?;
    let mut exports = Vec::with_capacity(count);
    let mut export_index = HashMap::with_capacity(count);
    for i in 0..count {
        let name = r.string()?.to_string();
        let index = r.entity()?;
        if export_index.insert(name.clone(), i).is_some() {
            return Err(error(format!(
                "verification failed: duplicate export `{name}`"
            )));
        }
        exports.push(Export { name, index });
    }
    let start = if r.bool()? { Some(r.u32()?) } else { None };
    let count = r.count(2)?;
    let mut elems = Vec::with_capacity(count);
    for _ in 0..count {
        let mode = match r.byte()? {
            0 => ElemMode::Passive,
            1 => ElemMode::Active {
                table: r.u32()?,
                offset: r.const_expr()?,
            },
            2 => ElemMode::Declared,
            _ => return Err(r.malformed("unknown element segment mode")),
        };
        let n = r.count(1)?;
        let items = (0..n).map(|_| r.const_expr()).collect::<Result<Vec<_>>>()?;
        elems.push(ElemSegment {
            mode,
            items: items.into_boxed_slice(),
        });
    }
    let count = r.count(2)?;
    let mut datas = Vec::with_capacity(count);
    for _ in 0..count {
        let mode = match r.byte()? {
            0 => DataMode::Passive,
            1 => DataMode::Active {
                memory: r.u32()?,
                offset: r.const_expr()?,
            },
            _ => return Err(r.malformed("unknown data segment mode")),
        };
        let bytes = Arc::from(r.bytes()?);
        datas.push(DataSegment { mode, bytes });
    }
    let count = r.count(2)?;
    let mut func_names = HashMap::with_capacity(count);
    for _ in 0..count {
        let index = r.u32()?;
        func_names.insert(index, Arc::from(r.string()?));
    }
    let count = r.count(5)?;
    let mut bodies = Vec::with_capacity(count);
    for _ in 0..count {
        let num_params = r.u32()?;
        let num_locals = r.u32()?;
        let frame_size = r.u32()?;
        let n = r.count(16)?;
        let consts = (0..n)
            .map(|_| r.array().map(u128::from_le_bytes))
            .collect::<Result<Box<[u128]>>>()?;
        let n = r.count(1)?;
        let mut instrs = Vec::with_capacity(n);
        let mut source = CodeReader {
            reader: r,
            sigs: &sigs,
        };
        for _ in 0..n {
            instrs.push(Instr::decode(&mut source)?);
        }
        // Module offsets, for backtraces only: never trusted as anything else (readers look them up with `get`).
        let n = r.count(1)?;
        let offsets = (0..n).map(|_| r.u32()).collect::<Result<Box<[u32]>>>()?;
        let n = r.count(4)?;
        let mut catches = Vec::with_capacity(n);
        for _ in 0..n {
            let start = r.u32()?;
            let end = r.u32()?;
            let parent = r.option_u32()?;
            let clauses = r.count(4)?;
            let clauses = (0..clauses)
                .map(|_| {
                    Ok(CatchClause {
                        tag: r.option_u32()?,
                        with_ref: r.bool()?,
                        pad: r.u32()?,
                        dst: r.u32()?,
                    })
                })
                .collect::<Result<Box<[CatchClause]>>>()?;
            catches.push(TryRegion {
                start,
                end,
                parent,
                clauses,
            });
        }
        bodies.push(FuncBody {
            instrs: instrs.into(),
            offsets: offsets.into_vec().into(),
            num_params,
            num_locals,
            frame_size,
            consts,
            catches: catches.into_boxed_slice(),
        });
    }
    let module = ModuleInner {
        engine: engine.clone(),
        name,
        types,
        sigs,
        funcs,
        num_imported_funcs,
        tables,
        num_imported_tables,
        memories,
        num_imported_memories,
        globals,
        num_imported_globals,
        tags,
        num_imported_tags,
        global_inits,
        table_inits,
        imports,
        exports,
        export_index,
        start,
        elems,
        datas,
        code: Vec::new(),
        bytes: None,
        handler_of,
        func_names,
    };
    Ok((module, bodies))
}

// ---- verification ----------------------------------------------------------------------------------------------

/// Fails verification with `message`.
fn reject<T>(message: impl core::fmt::Display) -> Result<T> {
    Err(error(format!("verification failed: {message}")))
}

/// What a constant expression leaves, as far as its operators tell (an `i32.const` may be an `f32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConstType {
    Bits32,
    Bits64,
    Null,
    Exact(ValType),
}

impl ConstType {
    fn fits(self, ty: ValType) -> bool {
        match self {
            Self::Bits32 => matches!(ty, ValType::I32 | ValType::F32),
            Self::Bits64 => matches!(ty, ValType::I64 | ValType::F64),
            Self::Null => ty.is_ref(),
            Self::Exact(t) => t.matches(ty),
        }
    }
}

/// Checks that `expr` leaves one value of a type that fits `expected` (any reference type when `None`, returning
/// the one it has if it says), reading only globals below `globals_limit`.
fn check_const_expr(
    module: &ModuleInner,
    expr: &ConstExpr,
    expected: Option<ValType>,
    globals_limit: usize,
    what: &dyn Fn() -> String,
) -> Result<Option<ValType>> {
    let mut stack: Vec<ConstType> = Vec::new();
    for op in expr.ops() {
        let ty = match *op {
            ConstOp::I32(_) => ConstType::Bits32,
            ConstOp::I64(_) => ConstType::Bits64,
            ConstOp::V128(_) => ConstType::Exact(ValType::V128),
            ConstOp::RefNull => ConstType::Null,
            ConstOp::RefFunc(f) => {
                if f as usize >= module.funcs.len() {
                    return reject(format!("{}: ref.func of unknown function {f}", what()));
                }
                let sig = module
                    .funcs
                    .get(f as usize)
                    .and_then(|t| module.sigs.get(*t as usize));
                match sig {
                    Some(sig) => ConstType::Exact(ValType::Ref(RefType::new(
                        false,
                        HeapType::ConcreteFunc(*sig),
                    ))),
                    None => return reject(format!("{}: ref.func of untyped function {f}", what())),
                }
            }
            ConstOp::GlobalGet(g) => match module.globals.get(g as usize) {
                Some(global) if (g as usize) < globals_limit => ConstType::Exact(global.content()),
                _ => return reject(format!("{}: global.get of unavailable global {g}", what())),
            },
            binary => {
                let operand =
                    if matches!(binary, ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul) {
                        ValType::I32
                    } else {
                        ValType::I64
                    };
                for _ in 0..2 {
                    if !stack.pop().is_some_and(|t| t.fits(operand)) {
                        return reject(format!("{}: ill-typed arithmetic", what()));
                    }
                }
                ConstType::Exact(operand)
            }
        };
        stack.push(ty);
    }
    let ty = match stack.as_slice() {
        [ty] => *ty,
        _ => return reject(format!("{}: not exactly one value", what())),
    };
    let fits = match expected {
        Some(expected) => ty.fits(expected),
        None => matches!(ty, ConstType::Null) || matches!(ty, ConstType::Exact(t) if t.is_ref()),
    };
    if !fits {
        return reject(format!("{}: wrong type", what()));
    }
    Ok(match ty {
        ConstType::Exact(t) => Some(t),
        _ => None,
    })
}

/// Checks everything the interpreter and instantiation rely on (see the module docs).
fn verify(module: &ModuleInner, bodies: &[FuncBody<'_>]) -> Result<()> {
    let m = module;
    if m.sigs.len() != m.types.len() {
        return reject("signature count");
    }
    for (f, ty) in m.funcs.iter().enumerate() {
        if *ty as usize >= m.types.len() {
            return reject(format!("function {f} has unknown type {ty}"));
        }
    }
    let imported = |n: u32, len: usize, what: &str| {
        if n as usize > len {
            reject(format!("more imported {what} than {what}"))
        } else {
            Ok(())
        }
    };
    imported(m.num_imported_funcs, m.funcs.len(), "functions")?;
    imported(m.num_imported_tables, m.tables.len(), "tables")?;
    imported(m.num_imported_memories, m.memories.len(), "memories")?;
    imported(m.num_imported_globals, m.globals.len(), "globals")?;
    imported(m.num_imported_tags, m.tags.len(), "tags")?;
    for (i, ty) in m.tags.iter().enumerate() {
        if !m
            .types
            .get(*ty as usize)
            .is_some_and(|t| t.results().is_empty())
        {
            return reject(format!("tag {i} has a bad type"));
        }
    }
    if bodies.len() != m.funcs.len() - m.num_imported_funcs as usize {
        return reject("function bodies do not match the defined functions");
    }
    for (i, table) in m.tables.iter().enumerate() {
        if !table.element().is_ref() || table.maximum().is_some_and(|max| max < table.minimum()) {
            return reject(format!("table {i} has a bad type"));
        }
    }
    for (i, memory) in m.memories.iter().enumerate() {
        if memory.maximum().is_some_and(|max| max < memory.minimum()) {
            return reject(format!("memory {i} has bad limits"));
        }
    }
    // Imports come first in each index space, in order: instantiation numbers them so.
    let mut next = [0u32; 5];
    for import in &m.imports {
        let (kind, index) = match import.index {
            EntityIndex::Func(i) => (0, i),
            EntityIndex::Table(i) => (1, i),
            EntityIndex::Memory(i) => (2, i),
            EntityIndex::Global(i) => (3, i),
            EntityIndex::Tag(i) => (4, i),
        };
        if index != next[kind] {
            return reject(format!(
                "import `{}::{}` is out of order",
                import.module, import.name
            ));
        }
        next[kind] += 1;
    }
    if next
        != [
            m.num_imported_funcs,
            m.num_imported_tables,
            m.num_imported_memories,
            m.num_imported_globals,
            m.num_imported_tags,
        ]
    {
        return reject("the imports do not match the imported entities");
    }
    if m.table_inits.len() != m.tables.len() - m.num_imported_tables as usize {
        return reject("table initializers do not match the defined tables");
    }
    for (i, init) in m.table_inits.iter().enumerate() {
        let t = m.num_imported_tables as usize + i;
        let ty = m.tables[t].element();
        check_const_expr(m, init, Some(ty), m.globals.len(), &|| {
            format!("initializer of table {t}")
        })?;
    }
    if m.global_inits.len() != m.globals.len() - m.num_imported_globals as usize {
        return reject("global initializers do not match the defined globals");
    }
    for (i, init) in m.global_inits.iter().enumerate() {
        let g = m.num_imported_globals as usize + i;
        let ty = m.globals[g].content();
        check_const_expr(m, init, Some(ty), g, &|| {
            format!("initializer of global {g}")
        })?;
    }
    for export in &m.exports {
        if m.entity_type(export.index).is_none() {
            return reject(format!("export `{}` names an unknown entity", export.name));
        }
    }
    if let Some(start) = m.start {
        match m.func_type(start) {
            Some(ty) if ty.params().is_empty() && ty.results().is_empty() => {}
            _ => {
                return reject(format!(
                    "start function {start} is unknown or takes or returns values"
                ));
            }
        }
    }
    // The reference type of each element segment, where its items say.
    let mut elem_types: Vec<Option<ValType>> = Vec::with_capacity(m.elems.len());
    for (i, elem) in m.elems.iter().enumerate() {
        let mut ty = None;
        if let ElemMode::Active { table, offset } = &elem.mode {
            let Some(table) = m.tables.get(*table as usize) else {
                return reject(format!("element segment {i} is for unknown table {table}"));
            };
            ty = Some(table.element());
            check_const_expr(m, offset, Some(ValType::I32), m.globals.len(), &|| {
                format!("offset of element segment {i}")
            })?;
        }
        for item in elem.items.iter() {
            let item_ty = check_const_expr(m, item, ty, m.globals.len(), &|| {
                format!("item of element segment {i}")
            })?;
            ty = ty.or(item_ty);
        }
        elem_types.push(ty);
    }
    for (i, data) in m.datas.iter().enumerate() {
        if let DataMode::Active { memory, offset } = &data.mode {
            if *memory as usize >= m.memories.len() {
                return reject(format!("data segment {i} is for unknown memory {memory}"));
            }
            check_const_expr(m, offset, Some(ValType::I32), m.globals.len(), &|| {
                format!("offset of data segment {i}")
            })?;
        }
    }
    let mut sig_types = HashMap::with_capacity(m.sigs.len());
    for (i, sig) in m.sigs.iter().enumerate() {
        sig_types.entry(sig.0).or_insert(i);
    }
    let config = m.engine.config();
    for (i, body) in bodies.iter().enumerate() {
        let index = m.num_imported_funcs as usize + i;
        let check = FuncCheck {
            module: m,
            body,
            elem_types: &elem_types,
            num_code: bodies.len(),
            defined: i,
            sig_types: &sig_types,
        };
        let result = check.run().and_then(|()| {
            if config.consume_fuel {
                check_metering(
                    body,
                    "fuel charge",
                    |instr| matches!(instr, Instr::ConsumeFuel { amount } if *amount > 0),
                )?;
            }
            if config.epoch_interruption {
                check_metering(body, "interrupt check", |instr| {
                    matches!(instr, Instr::CheckInterrupt {})
                })?;
            }
            Ok(())
        });
        if let Err(what) = result {
            return reject(format!("function {index}: {what}"));
        }
    }
    Ok(())
}

/// The checks of one function's code.
struct FuncCheck<'a> {
    module: &'a ModuleInner,
    body: &'a FuncBody<'a>,
    elem_types: &'a [Option<ValType>],
    num_code: usize,
    /// The body's index among the defined functions.
    defined: usize,
    /// A module type index of each of the module's signatures.
    sig_types: &'a HashMap<u32, usize>,
}

impl FuncCheck<'_> {
    /// How many cells the values of tag `tag` take.
    fn tag_cells(&self, tag: u32) -> Option<u32> {
        let m = self.module;
        let ty = m.types.get(*m.tags.get(tag as usize)? as usize)?;
        Some(ty.param_cells())
    }

    /// The `try_table` regions: ordered by start, nested in their parents, inside the code, and every clause's
    /// pad an instruction and its values inside the frame, its tag one of the module's.
    fn check_regions(&self) -> core::result::Result<(), String> {
        let body = self.body;
        let len = body.instrs.len() as u64;
        let frame = u64::from(body.frame_size);
        let mut previous_start = 0;
        for (i, region) in body.catches.iter().enumerate() {
            let fail = |what: &str| Err(format!("try region {i}: {what}"));
            if region.start > region.end || u64::from(region.end) > len {
                return fail("outside the code");
            }
            if region.start < previous_start {
                return fail("out of order");
            }
            previous_start = region.start;
            if let Some(parent) = region.parent {
                let inside = body.catches.get(parent as usize).is_some_and(|p| {
                    (parent as usize) < i && p.start <= region.start && region.end <= p.end
                });
                if !inside {
                    return fail("not inside its parent");
                }
            }
            for clause in region.clauses.iter() {
                if u64::from(clause.pad) >= len {
                    return fail("a landing pad outside the code");
                }
                let cells = match clause.tag {
                    Some(tag) => self.tag_cells(tag).ok_or("a clause of an unknown tag")?,
                    None => 0,
                } + u32::from(clause.with_ref);
                if u64::from(clause.dst) + u64::from(cells) > frame {
                    return fail("caught values outside the frame");
                }
            }
        }
        Ok(())
    }

    fn run(&self) -> core::result::Result<(), String> {
        let m = self.module;
        let body = self.body;
        let instrs = &body.instrs;
        let len = instrs.len();
        let frame = u64::from(body.frame_size);
        let index = m.num_imported_funcs as usize + self.defined;
        let ty = m
            .func_type(index as u32)
            .ok_or_else(|| "unknown type".to_string())?;
        if body.num_params != ty.param_cells() {
            return Err("parameter cells differ from its type".into());
        }
        if u64::from(body.num_params) + u64::from(body.num_locals) > frame {
            return Err("locals outside the frame".into());
        }
        self.check_regions()?;
        match instrs.last() {
            Some(last) if last.ends_path() || matches!(last, Instr::Br { .. }) => {}
            Some(last) => {
                return Err(format!(
                    "the last instruction, {}, falls through",
                    last.name()
                ));
            }
            None => return Err("no instructions".into()),
        }
        let results = ty.results();
        let result_cells = ty.result_cells();
        for (at, instr) in instrs.iter().enumerate() {
            let mut bad: Option<String> = None;
            instr.for_each_operand(|operand| {
                if bad.is_none() {
                    bad = self.check_operand(operand, at);
                }
            });
            if let Some(what) = bad {
                return Err(format!("{} at {at}: {what}", instr.name()));
            }
            if let Some(targets) = instr.table_entries() {
                let last = at as u64 + 1 + u64::from(targets);
                if last >= len as u64 {
                    return Err(format!(
                        "br_table at {at} has fewer than {targets} + 1 entries"
                    ));
                }
                // Entries are single instructions (jumps, or the returns jumps were replaced by), never another
                // `br_table`: so tables do not overlap and checking them stays linear.
                if instrs[at + 1..=last as usize]
                    .iter()
                    .any(|entry| entry.table_entries().is_some())
                {
                    return Err(format!("br_table at {at} has a br_table among its entries"));
                }
            }
            let fail = |what: &str| Err(format!("{} at {at}: {what}", instr.name()));
            let fits = |slot: u32, cells: u32| u64::from(slot) + u64::from(cells) <= frame;
            match *instr {
                Instr::Return {} if result_cells != 0 => return fail("the function has results"),
                Instr::ReturnSlot { .. } if result_cells != 1 => return fail("wrong result count"),
                Instr::ReturnSpan { src, count } => {
                    if count != result_cells {
                        return fail("wrong result count");
                    }
                    if !fits(src, count) {
                        return fail("results outside the frame");
                    }
                }
                Instr::Call { func, base } => {
                    let callee = m.func_type(m.num_imported_funcs.saturating_add(func));
                    self.check_call(callee, base, false, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::ReturnCall { func, base } => {
                    let callee = m.func_type(m.num_imported_funcs.saturating_add(func));
                    self.check_call(callee, base, true, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::CallImported { func, base } => {
                    self.check_call(m.func_type(func), base, false, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::ReturnCallImported { func, base } => {
                    self.check_call(m.func_type(func), base, true, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::CallIndirect { base, sig, .. } => {
                    self.check_call(self.sig_type(sig), base, false, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::ReturnCallIndirect { base, sig, .. } => {
                    self.check_call(self.sig_type(sig), base, true, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::Throw { base, tag } => {
                    let cells = self
                        .tag_cells(tag)
                        .ok_or_else(|| "throw of an unknown tag".to_string())?;
                    if !fits(base, cells) {
                        return fail("values outside the frame");
                    }
                }
                Instr::CallRef { base, sig, .. } => {
                    self.check_call(self.sig_type(sig), base, false, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::ReturnCallRef { base, sig, .. } => {
                    self.check_call(self.sig_type(sig), base, true, results)
                        .or_else(|e| fail(&e))?;
                }
                Instr::GlobalGet { global, .. } => self
                    .check_global(global, false, false)
                    .or_else(|e| fail(&e))?,
                Instr::GlobalSet { global, .. } => self
                    .check_global(global, false, true)
                    .or_else(|e| fail(&e))?,
                Instr::GlobalGet128 { global, .. } => self
                    .check_global(global, true, false)
                    .or_else(|e| fail(&e))?,
                Instr::GlobalSet128 { global, .. } => self
                    .check_global(global, true, true)
                    .or_else(|e| fail(&e))?,
                Instr::TableInit { table, elem, .. } => {
                    let table = m.tables.get(table as usize).map(|t| t.element());
                    let elem = self.elem_types.get(elem as usize).copied().flatten();
                    if elem.is_some() && elem != table {
                        return fail("element type differs from the table's");
                    }
                }
                Instr::TableCopy {
                    dst_table,
                    src_table,
                    ..
                } => {
                    let dst = m.tables.get(dst_table as usize).map(|t| t.element());
                    let src = m.tables.get(src_table as usize).map(|t| t.element());
                    if dst != src {
                        return fail("tables of different types");
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Checks one field of the instruction at `at`.
    fn check_operand(&self, operand: Operand, at: usize) -> Option<String> {
        let m = self.module;
        let body = self.body;
        let len = body.instrs.len();
        let within =
            |i: u32, n: usize, what: &str| (i as usize >= n).then(|| format!("unknown {what} {i}"));
        match operand {
            Operand::Slots { slot, cells } => {
                (u64::from(slot) + u64::from(cells) > u64::from(body.frame_size)).then(|| {
                    format!(
                        "slot {slot} (+{cells}) outside the frame of {}",
                        body.frame_size
                    )
                })
            }
            Operand::Branch(offset) => {
                let target = at as i64 + i64::from(offset);
                (!(0..len as i64).contains(&target))
                    .then(|| format!("jumps to {target}, outside 0..{len}"))
            }
            // Checked with their instructions.
            Operand::Sized(_) | Operand::Imm => None,
            Operand::Code(f) => within(f, self.num_code, "defined function"),
            Operand::Func(f) => within(f, m.funcs.len(), "function"),
            Operand::Global(g) => within(g, m.globals.len(), "global"),
            Operand::Table(t) => within(t, m.tables.len(), "table"),
            Operand::Memory(i) => within(i, m.memories.len(), "memory"),
            Operand::Data(d) => within(d, m.datas.len(), "data segment"),
            Operand::Elem(e) => within(e, m.elems.len(), "element segment"),
            Operand::Tag(t) => within(t, m.tags.len(), "tag"),
            Operand::Const(c) => within(c, body.consts.len(), "constant"),
            // The handlers index the instance's memories with the entry's memory indices unchecked.
            Operand::MemRef(c) => match body.consts.get(c as usize) {
                None => Some(format!(
                    "constant {c} outside the pool of {}",
                    body.consts.len()
                )),
                Some(&entry) => {
                    let memref = crate::ir::MemRef::decode(entry);
                    within(memref.memory, m.memories.len(), "memory")
                        .or_else(|| within(memref.other_memory, m.memories.len(), "memory"))
                }
            },
            Operand::Sig(s) => self
                .sig_type(s)
                .is_none()
                .then(|| format!("unknown signature {s}")),
        }
    }

    /// The module type with the engine's signature `sig`.
    fn sig_type(&self, sig: u32) -> Option<&FuncType> {
        self.sig_types
            .get(&sig)
            .and_then(|i| self.module.types.get(*i))
    }

    /// A call of a callee of type `callee` with its arguments (and results) at `base`.
    fn check_call(
        &self,
        callee: Option<&FuncType>,
        base: u32,
        tail: bool,
        results: &[ValType],
    ) -> core::result::Result<(), String> {
        let callee = callee.ok_or_else(|| "unknown callee".to_string())?;
        // A tail call's results go to the caller's caller, but a host callee's come back at `base` first (and
        // the return after the call returns them), as an ordinary call's do.
        if tail && callee.results() != results {
            return Err("tail call of a callee with other results".into());
        }
        let cells = callee.param_cells().max(callee.result_cells());
        if u64::from(base) + u64::from(cells) > u64::from(self.body.frame_size) {
            return Err("arguments or results outside the frame".into());
        }
        Ok(())
    }

    fn check_global(&self, global: u32, v128: bool, set: bool) -> core::result::Result<(), String> {
        let ty = self
            .module
            .globals
            .get(global as usize)
            .ok_or_else(|| format!("unknown global {global}"))?;
        if (ty.content() == ValType::V128) != v128 {
            return Err("global of another width".into());
        }
        if set && ty.mutability() != Mutability::Var {
            return Err("set of an immutable global".into());
        }
        Ok(())
    }
}

/// With metering on, checks that control cannot loop or reach a call without passing an instruction that
/// `meters` (a fuel charge or an interrupt check): every cycle of the control-flow graph contains one, and so
/// does every path from the entry to a call (which covers recursion).
fn check_metering(
    body: &FuncBody<'_>,
    what: &str,
    meters: impl Fn(&Instr) -> bool,
) -> core::result::Result<(), String> {
    let instrs = &body.instrs[..];
    let len = instrs.len();
    let successors = |at: usize, out: &mut Vec<usize>| {
        out.clear();
        let instr = &instrs[at];
        if let Some(targets) = instr.table_entries() {
            out.extend(at + 1..=at + 1 + targets as usize);
            return;
        }
        match instr {
            Instr::Br { offset } => out.push((at as i64 + i64::from(*offset)) as usize),
            _ if instr.ends_path() => {}
            Instr::ReturnCall { .. } => {}
            _ => {
                if let Some(offset) = instr.branch_offset() {
                    out.push((at as i64 + i64::from(offset)) as usize);
                }
                out.push(at + 1);
            }
        }
        // The structural checks keep targets in range; stay safe regardless.
        out.retain(|&s| s < len);
    };
    let is_call = |instr: &Instr| {
        matches!(
            instr,
            Instr::Call { .. }
                | Instr::CallImported { .. }
                | Instr::CallIndirect { .. }
                | Instr::ReturnCall { .. }
                | Instr::ReturnCallImported { .. }
                | Instr::ReturnCallIndirect { .. }
                | Instr::CallRef { .. }
                | Instr::ReturnCallRef { .. }
        )
    };
    let mut next = Vec::new();
    // Calls reachable from the entry without metering.
    let mut seen = vec![false; len];
    // The entry, and the landing pads, where the unwinder continues.
    let mut work = vec![0usize];
    let pads = body
        .catches
        .iter()
        .flat_map(|r| r.clauses.iter().map(|c| c.pad as usize));
    work.extend(pads.filter(|&pad| pad < len));
    while let Some(at) = work.pop() {
        if seen[at] || meters(&instrs[at]) {
            continue;
        }
        seen[at] = true;
        if is_call(&instrs[at]) {
            return Err(format!(
                "{} at {at} is reachable without a {what}",
                instrs[at].name()
            ));
        }
        successors(at, &mut next);
        work.extend_from_slice(&next);
    }
    // Cycles without metering: a depth-first search of the graph without the metering instructions.
    const WHITE: u8 = 0;
    const GRAY: u8 = 1;
    const BLACK: u8 = 2;
    let mut color = vec![WHITE; len];
    let mut stack: Vec<(usize, Vec<usize>)> = Vec::new();
    for root in 0..len {
        if color[root] != WHITE || meters(&instrs[root]) {
            continue;
        }
        color[root] = GRAY;
        successors(root, &mut next);
        stack.push((root, next.clone()));
        while let Some((at, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(s) => {
                    if meters(&instrs[s]) || color[s] == BLACK {
                        continue;
                    }
                    if color[s] == GRAY {
                        return Err(format!("a loop through {s} has no {what}"));
                    }
                    color[s] = GRAY;
                    successors(s, &mut next);
                    stack.push((s, next.clone()));
                }
                None => {
                    color[*at] = BLACK;
                    stack.pop();
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    const WAT: &str = r#"
        (module
          (global $g (mut i32) (i32.const 7))
          (global $v (mut v128) (v128.const i64x2 1 2))
          (table 2 funcref)
          (memory 1)
          (func $f (export "f") (param i32) (result i32)
            (local v128)
            (block $out
              (loop $l
                (br_if $out (i32.eqz (local.get 0)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $l)))
            (global.set $v (i32x4.add (global.get $v) (local.get 1)))
            (global.get $g)
            (call $h))
          (func $h (param i32) (result i32) (local.get 0))
          (elem (i32.const 0) $f $h))
    "#;

    /// A compiled module's contents, to be altered and serialized with a valid checksum.
    fn compiled(engine: &Engine) -> ModuleInner {
        let module = crate::Module::new(engine, WAT).unwrap();
        translated(Arc::try_unwrap(module.inner).unwrap())
    }

    /// `module` with every function translated (they may be translated lazily).
    fn translated(module: ModuleInner) -> ModuleInner {
        for func in &module.code {
            func.force(&module).unwrap();
        }
        module
    }

    /// The verification error for `module` after `change`, which must be refused.
    fn refused(engine: &Engine, change: impl FnOnce(&mut ModuleInner)) -> String {
        let mut module = compiled(engine);
        change(&mut module);
        let bytes = serialize(&module).unwrap();
        match deserialize(engine, &bytes, crate::exec::handler_of) {
            Ok(_) => panic!("an altered module was accepted"),
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.contains("verification failed"),
                    "not refused by verification: {message}"
                );
                message
            }
        }
    }

    fn set(module: &mut ModuleInner, func: usize, at: usize, instr: Instr) {
        module.code[func].code[at] = crate::ir::Threaded::new(&instr, crate::exec::handler_of);
    }

    /// Instruction `at` of defined function `func`, as translated.
    fn get(module: &ModuleInner, func: usize, at: usize) -> Instr {
        module.code[func].code[at].translated()
    }

    fn position(module: &ModuleInner, func: usize, pred: impl Fn(&Instr) -> bool) -> usize {
        module.code[func]
            .code
            .iter()
            .position(|t| pred(&t.translated()))
            .expect("instruction present")
    }

    #[test]
    fn unaltered_module_passes_verification() {
        let engine = Engine::default();
        let bytes = serialize(&compiled(&engine)).unwrap();
        deserialize(&engine, &bytes, crate::exec::handler_of).unwrap();
    }

    #[test]
    fn leb128_round_trips_and_rejects_overlong_encodings() {
        let mut w = Writer {
            out: Vec::new(),
            type_of_sig: HashMap::new(),
        };
        let unsigned = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let signed = [0, 1, -1, 63, 64, -64, -65, i64::MIN, i64::MAX];
        for v in unsigned {
            w.unsigned(v);
        }
        for v in signed {
            w.signed(v);
        }
        let end = w.out.len();
        let mut r = Reader {
            bytes: &w.out,
            pos: 0,
            end,
        };
        for v in unsigned {
            assert_eq!(r.unsigned_max(u64::MAX).unwrap(), v);
        }
        for v in signed {
            assert_eq!(r.signed_range(i64::MIN, i64::MAX).unwrap(), v);
        }
        assert_eq!(r.pos, end);
        for bad in [&[0x80, 0x00][..], &[0xff; 11], &[0x80; 3]] {
            let mut r = Reader {
                bytes: bad,
                pos: 0,
                end: bad.len(),
            };
            assert!(r.unsigned_max(u64::MAX).is_err(), "{bad:x?}");
        }
        for bad in [&[0xff, 0x7f][..], &[0x80, 0x00], &[0xff; 11]] {
            let mut r = Reader {
                bytes: bad,
                pos: 0,
                end: bad.len(),
            };
            assert!(r.signed_range(i64::MIN, i64::MAX).is_err(), "{bad:x?}");
        }
    }

    #[test]
    fn crc32_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn branch_outside_the_function_is_refused() {
        let engine = Engine::default();
        let message = refused(&engine, |m| {
            let at = position(m, 0, |i| i.branch_offset().is_some());
            let mut instr = get(m, 0, at);
            instr.set_branch_offset(1000).unwrap();
            set(m, 0, at, instr);
        });
        assert!(message.contains("jumps to"), "{message}");
        refused(&engine, |m| {
            let at = position(m, 0, |i| i.branch_offset().is_some());
            let mut instr = get(m, 0, at);
            instr.set_branch_offset(-1000).unwrap();
            set(m, 0, at, instr);
        });
    }

    #[test]
    fn slot_outside_the_frame_is_refused() {
        let engine = Engine::default();
        let message = refused(&engine, |m| {
            let frame = m.code[0].frame_size;
            set(m, 0, 0, Instr::Copy { dst: frame, src: 0 });
        });
        assert!(message.contains("outside the frame"), "{message}");
        // The second cell of a v128 operand.
        refused(&engine, |m| {
            let frame = m.code[0].frame_size;
            set(
                m,
                0,
                0,
                Instr::V128Not {
                    dst: frame - 1,
                    src: 0,
                },
            );
        });
        // The second cell of a fused multiply-add's addend, of a shuffle's operand.
        let message = refused(&engine, |m| {
            let frame = m.code[0].frame_size;
            let other = crate::ir::NarrowSlot::try_from(frame - 1).unwrap();
            set(
                m,
                0,
                0,
                Instr::F32x4AddMul {
                    dst: 0,
                    other,
                    lhs: 0,
                    rhs: 0,
                },
            );
        });
        assert!(message.contains("outside the frame"), "{message}");
        let message = refused(&engine, |m| {
            let frame = m.code[0].frame_size;
            let rhs = crate::ir::NarrowSlot::try_from(frame - 1).unwrap();
            set(
                m,
                0,
                0,
                Instr::I8x16ShuffleOf {
                    dst: 0,
                    lhs: 0,
                    rhs,
                    lanes: 0,
                },
            );
        });
        assert!(message.contains("outside the frame"), "{message}");
        // A call whose arguments end past the frame.
        refused(&engine, |m| {
            let frame = m.code[0].frame_size;
            let at = position(m, 0, |i| matches!(i, Instr::Call { .. }));
            set(
                m,
                0,
                at,
                Instr::Call {
                    func: 1,
                    base: frame,
                },
            );
        });
        // Locals past the frame.
        refused(&engine, |m| m.code[0].num_locals = m.code[0].frame_size);
    }

    #[test]
    fn index_out_of_range_is_refused() {
        let engine = Engine::default();
        let message = refused(&engine, |m| {
            let at = position(m, 0, |i| matches!(i, Instr::Call { .. }));
            set(m, 0, at, Instr::Call { func: 2, base: 0 });
        });
        assert!(message.contains("unknown defined function 2"), "{message}");
        refused(&engine, |m| {
            set(m, 0, 0, Instr::GlobalGet { dst: 0, global: 9 })
        });
        refused(&engine, |m| {
            set(m, 0, 0, Instr::V128Const { dst: 0, index: 9 })
        });
        refused(&engine, |m| {
            set(m, 0, 0, Instr::MemorySize { dst: 0, memory: 1 })
        });
        refused(&engine, |m| {
            set(m, 0, 0, Instr::TableSize { dst: 0, table: 1 })
        });
        refused(&engine, |m| set(m, 0, 0, Instr::DataDrop { data: 0 }));
        refused(&engine, |m| set(m, 0, 0, Instr::ElemDrop { elem: 1 }));
        refused(&engine, |m| {
            set(m, 0, 0, Instr::RefFunc { dst: 0, func: 2 })
        });
        // Wrong width and immutable globals.
        refused(&engine, |m| {
            set(m, 0, 0, Instr::GlobalGet { dst: 0, global: 1 })
        });
        refused(&engine, |m| {
            m.globals[0] = GlobalType::new(ValType::I32, Mutability::Const);
            let at = position(m, 0, |i| matches!(i, Instr::GlobalSet128 { .. }));
            set(m, 0, at, Instr::GlobalSet { src: 0, global: 0 });
        });
    }

    #[test]
    fn control_running_off_the_end_is_refused() {
        let engine = Engine::default();
        let message = refused(&engine, |m| {
            let last = m.code[1].code.len() - 1;
            set(m, 1, last, Instr::Copy { dst: 0, src: 0 });
        });
        assert!(message.contains("falls through"), "{message}");
        // A br_table whose entries are missing.
        refused(&engine, |m| {
            let last = m.code[1].code.len() - 1;
            set(
                m,
                1,
                last,
                Instr::BrTable {
                    index: 0,
                    targets: 0,
                },
            );
        });
        // A return of the wrong arity.
        refused(&engine, |m| {
            let last = m.code[1].code.len() - 1;
            set(m, 1, last, Instr::Return {});
        });
    }

    #[test]
    fn bad_module_shape_is_refused() {
        let engine = Engine::default();
        refused(&engine, |m| m.funcs[0] = 99);
        refused(&engine, |m| m.global_inits.pop().map(drop).unwrap_or(()));
        refused(&engine, |m| m.start = Some(0));
        refused(&engine, |m| {
            m.exports.push(Export {
                name: "x".into(),
                index: EntityIndex::Memory(3),
            });
        });
        refused(&engine, |m| {
            m.imports.push(Import {
                module: "m".into(),
                name: "n".into(),
                index: EntityIndex::Global(5),
            });
        });
        refused(&engine, |m| {
            m.global_inits[0] = ConstExpr::from_ops(Box::new([ConstOp::I64(1)]));
        });
        refused(&engine, |m| {
            m.global_inits[0] = ConstExpr::from_ops(Box::new([ConstOp::GlobalGet(0)]));
        });
        refused(&engine, |m| {
            m.elems[0].items = Box::new([ConstExpr::from_ops(Box::new([ConstOp::I32(1)]))]);
        });
        refused(&engine, |m| {
            m.elems[0].mode = ElemMode::Active {
                table: 3,
                offset: ConstExpr::from_ops(Box::new([ConstOp::I32(0)])),
            };
        });
    }

    #[test]
    fn code_that_escapes_metering_is_refused() {
        let mut config = Config::new();
        config.consume_fuel(true).epoch_interruption(true);
        let engine = Engine::new(&config);
        let bytes = serialize(&compiled(&engine)).unwrap();
        deserialize(&engine, &bytes, crate::exec::handler_of).unwrap();
        // Without their fuel charges, the loop and the call run free.
        let message = refused(&engine, |m| {
            for t in m.code[0].code.iter_mut() {
                if let Instr::ConsumeFuel { amount } = &mut t.instr {
                    *amount = 0;
                }
            }
        });
        assert!(message.contains("fuel charge"), "{message}");
        let message = refused(&engine, |m| {
            for t in m.code[0].code.iter_mut() {
                if matches!(t.instr, Instr::CheckInterrupt {}) {
                    t.instr = Instr::ConsumeFuel { amount: 1 };
                }
            }
        });
        assert!(message.contains("interrupt check"), "{message}");
    }

    #[test]
    fn results_past_the_frame_are_refused_even_after_a_tail_call() {
        let engine = Engine::default();
        let wat = r#"(module
          (import "host" "three" (func $three (result i32 i32 i32)))
          (func (result i32 i32 i32) (return_call $three)))"#;
        let mut module = {
            let module = crate::Module::new(&engine, wat).unwrap();
            translated(Arc::try_unwrap(module.inner).unwrap())
        };
        let code = &module.code[0];
        let last = code.code.len() - 1;
        let Instr::ReturnSpan { src, count } = code.code[last].translated() else {
            panic!("{:?}", code.code);
        };
        // The translator sizes the frame for a host callee's results, which come back at the call's base.
        assert!(src + count <= code.frame_size);
        let bytes = serialize(&module).unwrap();
        deserialize(&engine, &bytes, crate::exec::handler_of).unwrap();
        module.code[0].frame_size = src + count - 1;
        let bytes = serialize(&module).unwrap();
        let error = deserialize(&engine, &bytes, crate::exec::handler_of).unwrap_err();
        assert!(error.to_string().contains("outside the frame"), "{error}");
    }

    #[test]
    fn generic_memory_references_must_name_existing_memories() {
        let engine = Engine::default();
        let wat = r#"(module (memory 1) (memory 1)
          (func (result i32) (i32.load 1 (i32.const 0))))"#;
        let module = {
            let module = crate::Module::new(&engine, wat).unwrap();
            translated(Arc::try_unwrap(module.inner).unwrap())
        };
        assert!(
            module.code[0]
                .code
                .iter()
                .any(|t| matches!(t.instr, Instr::LoadMem32 { .. })),
            "the case this test is about"
        );
        let bytes = serialize(&module).unwrap();
        deserialize(&engine, &bytes, crate::exec::handler_of).unwrap();
        // The handler indexes the instance's memories with the entry's index: memory 2 does not exist.
        let mut altered = module;
        for entry in altered.code[0].consts.iter_mut() {
            let mut memref = crate::ir::MemRef::decode(*entry);
            memref.memory = 2;
            *entry = memref.encode();
        }
        let bytes = serialize(&altered).unwrap();
        let error = deserialize(&engine, &bytes, crate::exec::handler_of).unwrap_err();
        assert!(error.to_string().contains("memory"), "{error}");
    }

    #[test]
    fn signatures_are_reinterned_in_the_loading_engine() {
        let engine = Engine::default();
        let module = compiled(&engine);
        let bytes = serialize(&module).unwrap();
        let other = Engine::default();
        // Give the other engine signatures the first one does not have, so the numbers differ.
        other.intern_signature(&FuncType::new([ValType::F64; 3], []));
        other.intern_signature(&FuncType::new([], [ValType::I64]));
        let back = deserialize(&other, &bytes, crate::exec::handler_of).unwrap();
        for (ty, sig) in back.types.iter().zip(&back.sigs) {
            assert_eq!(other.signature(*sig), *ty);
        }
        assert_ne!(back.sigs, module.sigs);
    }

    const EXCEPTIONS: &str = r#"(module
      (tag $e (param i32))
      (func (export "run") (param i32) (result i32)
        (block $c (result i32)
          (try_table (catch $e $c) (throw $e (local.get 0)))
          (i32.const -1))))"#;

    /// A module that uses exception handling, to be altered (through its function's regions) and serialized.
    fn refused_exceptions(change: impl FnOnce(&mut ModuleInner)) -> String {
        let engine = Engine::default();
        let module = crate::Module::new(&engine, EXCEPTIONS).unwrap();
        let mut module = translated(Arc::try_unwrap(module.inner).unwrap());
        change(&mut module);
        let bytes = serialize(&module).unwrap();
        match deserialize(&engine, &bytes, crate::exec::handler_of) {
            Ok(_) => panic!("an altered module was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn try_regions_round_trip_and_bad_ones_are_refused() {
        let engine = Engine::default();
        let module = crate::Module::new(&engine, EXCEPTIONS).unwrap();
        let bytes = module.serialize().unwrap();
        let back = crate::Module::deserialize(&engine, &bytes).unwrap();
        assert_eq!(
            back.inner.compiled(0).unwrap().catches,
            module.inner.compiled(0).unwrap().catches
        );
        assert_eq!(back.inner.tags, module.inner.tags);

        let region = |m: &mut ModuleInner| -> TryRegion { m.code[0].catches[0].clone() };
        let message = refused_exceptions(|m| {
            let mut r = region(m);
            r.end = m.code[0].code.len() as u32 + 1;
            m.code[0].catches = Box::new([r]);
        });
        assert!(message.contains("outside the code"), "{message}");
        let message = refused_exceptions(|m| {
            let mut r = region(m);
            r.clauses = Box::new([CatchClause {
                dst: m.code[0].frame_size,
                ..r.clauses[0]
            }]);
            m.code[0].catches = Box::new([r]);
        });
        assert!(
            message.contains("caught values outside the frame"),
            "{message}"
        );
        let message = refused_exceptions(|m| {
            let mut r = region(m);
            r.clauses = Box::new([CatchClause {
                tag: Some(7),
                ..r.clauses[0]
            }]);
            m.code[0].catches = Box::new([r]);
        });
        assert!(message.contains("unknown tag"), "{message}");
        let message = refused_exceptions(|m| {
            let mut r = region(m);
            r.parent = Some(0);
            m.code[0].catches = Box::new([r]);
        });
        assert!(message.contains("not inside its parent"), "{message}");
        let message = refused_exceptions(|m| m.tags = vec![]);
        assert!(
            message.contains("unknown tag") || message.contains("tag"),
            "{message}"
        );
    }
}
