//! Instructions as bytes, and what each of their fields means to a verifier: generated from the instruction table
//! ([`super::for_each_instr`]) for `Module::serialize` and `Module::deserialize` (`crate::compile::serialize`).
//!
//! An instruction is its opcode (its row's position in the table) followed by its fields in the row's order,
//! each as an integer written by an [`InstrSink`] (LEB128 in the serialized format); a `sig` field goes through
//! [`InstrSink::sig`] and [`InstrSource::sig`], which translate the engine's signature number to a module type
//! index and back. [`INSTR_SET_HASH`] fingerprints the table, so code serialized by a build with a different
//! instruction set is refused rather than misread.
//!
//! [`Instr::for_each_operand`] classifies every field for the verifier of deserialized code: the frame slots it
//! covers (a `v128` takes two cells, and a `base` names the first of several), branch distances, and indices into
//! the module's index spaces. A new row of an existing kind needs nothing here; a row that introduces a field name
//! the classification does not know, or a `base` operand in a kind that does not size it, fails to compile until
//! [`operand`] says what it is. A slot operand that covers more than one cell in a row whose kind does not say so
//! (like `GlobalSet128`'s `src`) must be listed there too.

use super::{BranchOffset, Instr, Slot};

/// Where [`Instr::encode`] writes.
pub(crate) trait InstrSink {
    /// Why a field cannot be written.
    type Error;
    /// Writes an unsigned field.
    fn unsigned(&mut self, value: u64);
    /// Writes a signed field.
    fn signed(&mut self, value: i64);
    /// Writes a `sig` field: the engine's number of a signature, which must be one of the module's types.
    fn sig(&mut self, sig: u32) -> Result<(), Self::Error>;
}

/// Where [`Instr::decode`] reads.
pub(crate) trait InstrSource {
    /// Why a field cannot be read.
    type Error;
    /// Reads an unsigned field of at most `max`.
    fn unsigned(&mut self, max: u64) -> Result<u64, Self::Error>;
    /// Reads a signed field within `min..=max`.
    fn signed(&mut self, min: i64, max: i64) -> Result<i64, Self::Error>;
    /// Reads a `sig` field, returning the engine's number of the signature.
    fn sig(&mut self) -> Result<u32, Self::Error>;
    /// The error for an opcode that names no instruction.
    fn unknown_opcode(&mut self, opcode: u64) -> Self::Error;
}

/// A field type of the instruction table.
trait Field: Sized {
    fn put<S: InstrSink>(self, sink: &mut S);
    fn take<S: InstrSource>(source: &mut S) -> Result<Self, S::Error>;
}

macro_rules! unsigned_field {
    ($($ty:ty),*) => {$(
        impl Field for $ty {
            #[inline]
            fn put<S: InstrSink>(self, sink: &mut S) {
                sink.unsigned(u64::from(self));
            }
            #[inline]
            fn take<S: InstrSource>(source: &mut S) -> Result<Self, S::Error> {
                // In range: `unsigned` checked the maximum.
                source.unsigned(u64::from(<$ty>::MAX)).map(|v| v as $ty)
            }
        }
    )*};
}

unsigned_field!(u8, u16, u32);

impl Field for u64 {
    #[inline]
    fn put<S: InstrSink>(self, sink: &mut S) {
        sink.unsigned(self);
    }
    #[inline]
    fn take<S: InstrSource>(source: &mut S) -> Result<Self, S::Error> {
        source.unsigned(u64::MAX)
    }
}

macro_rules! signed_field {
    ($($ty:ty),*) => {$(
        impl Field for $ty {
            #[inline]
            fn put<S: InstrSink>(self, sink: &mut S) {
                sink.signed(i64::from(self));
            }
            #[inline]
            fn take<S: InstrSource>(source: &mut S) -> Result<Self, S::Error> {
                // In range: `signed` checked the bounds.
                source
                    .signed(i64::from(<$ty>::MIN), i64::from(<$ty>::MAX))
                    .map(|v| v as $ty)
            }
        }
    )*};
}

signed_field!(i16, i32);

/// What one field of an instruction is, as far as the safety of running the code is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operand {
    /// Frame slots `slot..slot + cells` are read or written.
    Slots { slot: Slot, cells: u32 },
    /// A slot whose extent depends on another field or on a callee's signature: a call's `base` (its arguments
    /// and results) or `ReturnSpan`'s `src`. The verifier checks these instructions individually.
    Sized(Slot),
    /// A branch distance.
    Branch(BranchOffset),
    /// An index into the module's defined functions (its compiled code).
    Code(u32),
    /// An index into the module's function index space (imports first).
    Func(u32),
    /// A global index.
    Global(u32),
    /// A table index.
    Table(u32),
    /// A memory index.
    Memory(u32),
    /// A data segment index.
    Data(u32),
    /// An element segment index.
    Elem(u32),
    /// A tag index.
    Tag(u32),
    /// An index into the function's constant pool.
    Const(u32),
    /// An index into the function's constant pool of an entry that is a [`MemRef`](super::MemRef): its
    /// memories must exist.
    MemRef(u32),
    /// The engine's number of a signature.
    Sig(u32),
    /// A value any instruction can take safely: a constant, a memory offset, a lane (taken modulo the lane count),
    /// a fuel amount, a count the verifier checks with the instruction.
    Imm,
}

/// The [`Operand`] that field `$field` (of type `$ty`, value `$v`) of row `$name` (of kind `$kind`) is.
macro_rules! operand {
    // Areas sized by a signature or another field.
    (Call, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (CallImported, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (CallIndirect, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (ReturnCall, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (ReturnCallImported, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (ReturnCallIndirect, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (Throw, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (CallRef, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (ReturnCallRef, $k:ident, base, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    (ReturnSpan, $k:ident, src, Slot, $v:expr) => {
        Operand::Sized($v)
    };
    // Multi-cell operands of rows whose kind does not size them.
    (GlobalSet128, $k:ident, src, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    (V128Store, $k:ident, value, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    (I8x16Shuffle, $k:ident, src, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 4 }
    };
    (MemoryFill, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (MemoryCopy, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (MemoryInit, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (MemoryFillMem, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (MemoryCopyMem, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (MemoryInitMem, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (V128StoreMem, $k:ident, value, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    (TableGrow, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    (TableFill, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (TableCopy, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    (TableInit, $k:ident, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    // The two operands of a shuffle that reads them where they are.
    (I8x16ShuffleOf, $k:ident, lhs, NarrowSlot, $v:expr) => {
        Operand::Slots {
            slot: Slot::from($v),
            cells: 2,
        }
    };
    (I8x16ShuffleOf, $k:ident, rhs, NarrowSlot, $v:expr) => {
        Operand::Slots {
            slot: Slot::from($v),
            cells: 2,
        }
    };
    // The fused vector multiply-adds: every operand is a v128.
    (F32x4AddMul, $k:ident, $f:ident, $t:ident, $v:expr) => {
        Operand::Slots {
            slot: Slot::from($v),
            cells: 2,
        }
    };
    (F64x2AddMul, $k:ident, $f:ident, $t:ident, $v:expr) => {
        Operand::Slots {
            slot: Slot::from($v),
            cells: 2,
        }
    };
    (I32x4AddMul, $k:ident, $f:ident, $t:ident, $v:expr) => {
        Operand::Slots {
            slot: Slot::from($v),
            cells: 2,
        }
    };
    // Slots sized by the row's kind (see the handlers the kinds generate in `exec/handlers.rs`).
    ($n:ident, result128, dst, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, v128_unary, $f:ident, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, v128_binary, $f:ident, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, v128_shift, rhs, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 1 }
    };
    ($n:ident, v128_shift, $f:ident, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, v128_test, src, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, v128_splat, dst, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, extract_lane, src, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, replace_lane, value, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 1 }
    };
    ($n:ident, replace_lane, $f:ident, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    ($n:ident, v128_load, dst, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 2 }
    };
    // The address, then the v128 operand (and result).
    ($n:ident, load_lane, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    ($n:ident, store_lane, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 3 }
    };
    // Three v128 operands; the result overwrites the first.
    ($n:ident, v128_ternary, base, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 6 }
    };
    ($n:ident, $k:ident, base, Slot, $v:expr) => {
        compile_error!(concat!(
            "say how many cells `",
            stringify!($n),
            "`'s `base` covers in `operand!` (ir/codec.rs)"
        ))
    };
    ($n:ident, $k:ident, $f:ident, Slot, $v:expr) => {
        Operand::Slots { slot: $v, cells: 1 }
    };
    ($n:ident, $k:ident, $f:ident, NarrowSlot, $v:expr) => {
        Operand::Slots {
            slot: Slot::from($v),
            cells: 1,
        }
    };
    ($n:ident, $k:ident, $f:ident, BranchOffset, $v:expr) => {
        Operand::Branch($v)
    };
    // Indices.
    (Call, $k:ident, func, u32, $v:expr) => {
        Operand::Code($v)
    };
    (ReturnCall, $k:ident, func, u32, $v:expr) => {
        Operand::Code($v)
    };
    ($n:ident, $k:ident, func, u32, $v:expr) => {
        Operand::Func($v)
    };
    ($n:ident, $k:ident, global, u32, $v:expr) => {
        Operand::Global($v)
    };
    ($n:ident, $k:ident, table, u16, $v:expr) => {
        Operand::Table(u32::from($v))
    };
    ($n:ident, $k:ident, table, u32, $v:expr) => {
        Operand::Table($v)
    };
    ($n:ident, $k:ident, dst_table, u32, $v:expr) => {
        Operand::Table($v)
    };
    ($n:ident, $k:ident, src_table, u32, $v:expr) => {
        Operand::Table($v)
    };
    ($n:ident, $k:ident, memory, u32, $v:expr) => {
        Operand::Memory($v)
    };
    ($n:ident, $k:ident, tag, u32, $v:expr) => {
        Operand::Tag($v)
    };
    ($n:ident, $k:ident, data, u32, $v:expr) => {
        Operand::Data($v)
    };
    ($n:ident, $k:ident, elem, u32, $v:expr) => {
        Operand::Elem($v)
    };
    ($n:ident, $k:ident, sig, u32, $v:expr) => {
        Operand::Sig($v)
    };
    (V128Const, $k:ident, index, u32, $v:expr) => {
        Operand::Const($v)
    };
    ($n:ident, $k:ident, lanes, u32, $v:expr) => {
        Operand::Const($v)
    };
    ($n:ident, $k:ident, memref, u32, $v:expr) => {
        Operand::MemRef($v)
    };
    // Immediates.
    ($n:ident, $k:ident, amount, u32, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, targets, u32, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, count, u32, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, value, u32, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, offset, u32, $v:expr) => {
        Operand::Imm
    };
    // A narrow memory offset (a fused store's).
    ($n:ident, $k:ident, offset, u16, $v:expr) => {
        Operand::Imm
    };
    // The two memory offsets of a fused load and store, and the code distance between them.
    (Load32Store32, $k:ident, $f:ident, u32, $v:expr) => {
        Operand::Imm
    };
    (Load64Store64, $k:ident, $f:ident, u32, $v:expr) => {
        Operand::Imm
    };
    (Load32Store32, $k:ident, past, u16, $v:expr) => {
        Operand::Imm
    };
    (Load64Store64, $k:ident, past, u16, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, disp, u32, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, $f:ident, i32, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, $f:ident, u64, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, $f:ident, i16, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, $f:ident, u8, $v:expr) => {
        Operand::Imm
    };
    ($n:ident, $k:ident, $f:ident, $t:ident, $v:expr) => {
        compile_error!(concat!(
            "say what field `",
            stringify!($f),
            "` of `",
            stringify!($n),
            "` is in `operand!` (ir/codec.rs)"
        ))
    };
}

/// Writes one field: a `sig` through the sink's translation, the rest as integers.
macro_rules! put_field {
    (sig, $sink:ident, $v:expr) => {
        $sink.sig($v)?
    };
    ($f:ident, $sink:ident, $v:expr) => {
        Field::put($v, $sink)
    };
}

/// Reads one field, as [`put_field`] wrote it.
macro_rules! take_field {
    (sig, $source:ident) => {
        $source.sig()?
    };
    ($f:ident, $source:ident) => {
        Field::take($source)?
    };
}

/// FNV-1a, 64 bits.
const fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

macro_rules! define_codec {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($field:ident : $ty:ident),* } => $kind:ident $(($($karg:ident),*))?;
    )*) => {
        /// Each instruction's opcode: its row's position in the table.
        #[allow(non_upper_case_globals, reason = "one constant per instruction, named as it")]
        mod opcode {
            #[repr(u16)]
            enum Row { $($name),* }
            $( pub(super) const $name: u16 = Row::$name as u16; )*
        }

        /// A fingerprint of the instruction table (every row's name, fields and kind): serialized code records
        /// it, and code recorded with another table is refused.
        pub(crate) const INSTR_SET_HASH: u64 = fnv1a64(concat!($(
            stringify!($name { $($field: $ty),* } => $kind $(($($karg),*))?), ";"
        ),*).as_bytes());

        impl Instr {
            /// Writes the instruction: its opcode, then its fields in the table's order.
            ///
            /// # Errors
            ///
            /// If the sink cannot write a `sig` field.
            #[allow(unused_variables, reason = "generated: rows without fields do not use the sink")]
            pub(crate) fn encode<S: InstrSink>(&self, sink: &mut S) -> Result<(), S::Error> {
                match *self {
                    $( Self::$name { $($field),* } => {
                        sink.unsigned(u64::from(opcode::$name));
                        $( put_field!($field, sink, $field); )*
                    } )*
                }
                Ok(())
            }

            /// Reads an instruction written by [`Self::encode`].
            ///
            /// # Errors
            ///
            /// If the opcode or a field is malformed or out of range.
            pub(crate) fn decode<S: InstrSource>(source: &mut S) -> Result<Self, S::Error> {
                let op = source.unsigned(u64::from(u16::MAX))?;
                // In range: `unsigned` checked the maximum.
                Ok(match op as u16 {
                    $( opcode::$name => Self::$name { $($field: take_field!($field, source)),* }, )*
                    _ => return Err(source.unknown_opcode(op)),
                })
            }

            /// Calls `f` with what each field of the instruction is (see [`Operand`]), in the table's order.
            #[allow(unused_variables, unused_mut, reason = "generated: rows without fields call nothing")]
            pub(crate) fn for_each_operand(&self, mut f: impl FnMut(Operand)) {
                match *self {
                    $( Self::$name { $($field),* } => {
                        $( f(operand!($name, $kind, $field, $ty, $field)); )*
                    } )*
                }
            }
        }
    };
}

super::for_each_instr!(define_codec);

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes integers as they are, for checking the generated code without the serialized format.
    #[derive(Default)]
    struct Cells(Vec<i128>, usize);

    impl InstrSink for Cells {
        type Error = ();
        fn unsigned(&mut self, value: u64) {
            self.0.push(i128::from(value));
        }
        fn signed(&mut self, value: i64) {
            self.0.push(i128::from(value));
        }
        fn sig(&mut self, sig: u32) -> Result<(), ()> {
            self.0.push(i128::from(sig) + 1000);
            Ok(())
        }
    }

    impl InstrSource for Cells {
        type Error = ();
        fn unsigned(&mut self, max: u64) -> Result<u64, ()> {
            let v = *self.0.get(self.1).ok_or(())?;
            self.1 += 1;
            u64::try_from(v).ok().filter(|v| *v <= max).ok_or(())
        }
        fn signed(&mut self, min: i64, max: i64) -> Result<i64, ()> {
            let v = *self.0.get(self.1).ok_or(())?;
            self.1 += 1;
            i64::try_from(v)
                .ok()
                .filter(|v| (min..=max).contains(v))
                .ok_or(())
        }
        fn sig(&mut self) -> Result<u32, ()> {
            let v = InstrSource::unsigned(self, u64::MAX)?;
            u32::try_from(v - 1000).map_err(drop)
        }
        fn unknown_opcode(&mut self, _: u64) {}
    }

    #[test]
    fn instructions_round_trip_and_classify() {
        let code = [
            Instr::BrI32LtSImm {
                lhs: 3,
                imm: -7,
                offset: -2,
            },
            Instr::CallIndirect {
                index: 4,
                base: 5,
                sig: 9,
                table: 1,
            },
            Instr::Const64 {
                dst: 1,
                value: u64::MAX,
            },
            Instr::V128Load8Lane {
                base: 2,
                offset: 8,
                lane: 15,
            },
        ];
        let mut cells = Cells::default();
        for instr in &code {
            instr.encode(&mut cells).unwrap();
        }
        for instr in &code {
            assert_eq!(Instr::decode(&mut cells).unwrap(), *instr);
        }
        assert_eq!(cells.1, cells.0.len());

        let mut operands = Vec::new();
        code[1].for_each_operand(|o| operands.push(o));
        assert_eq!(
            operands,
            [
                Operand::Slots { slot: 4, cells: 1 },
                Operand::Sized(5),
                Operand::Sig(9),
                Operand::Table(1),
            ]
        );
        let mut operands = Vec::new();
        code[3].for_each_operand(|o| operands.push(o));
        assert_eq!(
            operands,
            [
                Operand::Slots { slot: 2, cells: 3 },
                Operand::Imm,
                Operand::Imm
            ]
        );
        let mut operands = Vec::new();
        Instr::I32x4ExtractLane {
            dst: 1,
            src: 2,
            lane: 0,
        }
        .for_each_operand(|o| operands.push(o));
        assert_eq!(
            operands,
            [
                Operand::Slots { slot: 1, cells: 1 },
                Operand::Slots { slot: 2, cells: 2 },
                Operand::Imm
            ]
        );
    }

    #[test]
    fn unknown_opcodes_and_out_of_range_fields_are_errors() {
        let mut cells = Cells(vec![60_000], 0);
        assert!(Instr::decode(&mut cells).is_err());
        // `Const32`'s value does not fit in 32 bits.
        let mut probe = Cells::default();
        Instr::Const32 { dst: 0, value: 0 }
            .encode(&mut probe)
            .unwrap();
        let mut cells = Cells(vec![probe.0[0], 0, 1 << 40], 0);
        assert!(Instr::decode(&mut cells).is_err());
    }
}
