//! What one engine did with one module, in a form both engines can produce identically: values with canonical
//! NaNs (a `v128` is kept exactly and compared with [`Value::same_as`]), traps as [`TrapKind`], memories as
//! hashes.

use core::fmt;

/// A WebAssembly value, normalized so that equal behaviour compares equal across engines.
///
/// Floats are kept as bits, with every NaN replaced by the canonical positive NaN (wasm-smith's
/// `canonicalize_nans` makes arithmetic NaNs canonical already; what remains is the sign and payload of NaNs
/// the specification leaves nondeterministic). References keep only whether they are null: handles of two
/// engines cannot be compared.
///
/// A `v128` is kept as its exact bits: which lanes hold floats is not known, so its NaNs cannot be
/// canonicalized here; [`Value::same_as`] tolerates exactly the NaN differences instead. `==` compares bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as bits.
    F32(u32),
    /// An `f64`, as bits.
    F64(u64),
    /// A `v128`, as bits: lane 0 in the least significant bits (the byte order of memory).
    V128(u128),
    /// A `funcref`: whether it is null.
    FuncRef {
        /// Whether the reference is null.
        null: bool,
    },
    /// An `externref`: whether it is null.
    ExternRef {
        /// Whether the reference is null.
        null: bool,
    },
}

/// The canonical `f32` NaN.
const F32_CANONICAL_NAN: u32 = 0x7fc0_0000;
/// The canonical `f64` NaN.
const F64_CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

impl Value {
    /// An `f32` from its bits, with NaNs canonicalized.
    pub fn f32(bits: u32) -> Self {
        if f32::from_bits(bits).is_nan() {
            Self::F32(F32_CANONICAL_NAN)
        } else {
            Self::F32(bits)
        }
    }

    /// An `f64` from its bits, with NaNs canonicalized.
    pub fn f64(bits: u64) -> Self {
        if f64::from_bits(bits).is_nan() {
            Self::F64(F64_CANONICAL_NAN)
        } else {
            Self::F64(bits)
        }
    }

    /// Whether two values count as the same behaviour: equal, or two `v128`s whose differences are all NaN
    /// payloads (see [`v128_same_but_nans`]). Every other kind is already normalized, so it is `==`.
    pub fn same_as(&self, other: &Self) -> bool {
        match (*self, *other) {
            (Self::V128(a), Self::V128(b)) => v128_same_but_nans(a, b),
            (a, b) => a == b,
        }
    }
}

/// Whether two `v128` results are the same up to the NaNs the specification leaves nondeterministic: equal bits,
/// or every 32-bit lane in which they differ is an `f32` NaN on both sides, or every 64-bit lane in which they
/// differ is an `f64` NaN on both sides.
///
/// Why: a float lane operation that returns a NaN may give any NaN of the allowed set (the sign and, for
/// non-canonical inputs, the payload are not fixed: `nans_N` in the specification's numerics); wasm-smith's
/// `canonicalize_nans` fixes the results of the arithmetic `f32x4`/`f64x2` operators, but not of
/// `f32x4.demote_f64x2_zero`, `f64x2.promote_low_f32x4`, the relaxed `madd`/`nmadd`/`min`/`max` or anything fed
/// a NaN by an argument. The lane shape of a result is unknown, so the rule takes either shape, but one shape
/// for the whole vector: a difference outside NaN lanes (an integer lane, a non-NaN float, a NaN against a
/// number) is a mismatch. What it can hide is a real difference in integer lanes that happen to read as NaNs
/// on both sides in the chosen shape (an `i32x4` lane with all exponent bits set, or an `i64x2` lane, or a pair
/// of `i32x4` lanes whose upper one has bits 20 to 30 set): the price of not knowing the shape, and only for
/// values where both engines produce NaN-like bit patterns.
pub fn v128_same_but_nans(a: u128, b: u128) -> bool {
    if a == b {
        return true;
    }
    let lanes_nan_where_different = |width: u32| {
        let mask = u128::MAX >> (128 - width);
        (0..128 / width).all(|lane| {
            let (x, y) = ((a >> (lane * width)) & mask, (b >> (lane * width)) & mask);
            let is_nan = |bits: u128| match width {
                32 => f32::from_bits(bits as u32).is_nan(),
                _ => f64::from_bits(bits as u64).is_nan(),
            };
            x == y || (is_nan(x) && is_nan(y))
        })
    };
    lanes_nan_where_different(32) || lanes_nan_where_different(64)
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::I32(v) => write!(f, "i32:{v}"),
            Self::I64(v) => write!(f, "i64:{v}"),
            Self::F32(bits) => write!(f, "f32:{} (0x{bits:08x})", f32::from_bits(bits)),
            Self::F64(bits) => write!(f, "f64:{} (0x{bits:016x})", f64::from_bits(bits)),
            Self::V128(bits) => write!(f, "v128:0x{bits:032x}"),
            Self::FuncRef { null: true } => f.write_str("funcref:null"),
            Self::FuncRef { null: false } => f.write_str("funcref:non-null"),
            Self::ExternRef { null: true } => f.write_str("externref:null"),
            Self::ExternRef { null: false } => f.write_str("externref:non-null"),
        }
    }
}

/// Why execution trapped, in terms both engines share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable` was executed (also how wasm-smith's termination fuel runs out).
    Unreachable,
    /// A memory access out of bounds.
    MemoryOutOfBounds,
    /// A table access out of bounds, including `call_indirect` past the end of its table (capvm says
    /// "undefined element" there, wasmi has one code for both).
    TableOutOfBounds,
    /// `call_indirect` of a null entry.
    IndirectCallToNull,
    /// `call_indirect` of a function of another type.
    BadSignature,
    /// Signed division overflow or an out-of-range float-to-int conversion.
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// Float-to-int conversion of NaN.
    BadConversionToInteger,
    /// A call-depth or value-stack limit: inconclusive, since the engines' limits differ.
    StackOverflow,
    /// A null reference was dereferenced.
    NullReference,
    /// Any other trap code, by name.
    Other(String),
}

impl fmt::Display for TrapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable => f.write_str("unreachable"),
            Self::MemoryOutOfBounds => f.write_str("memory out of bounds"),
            Self::TableOutOfBounds => f.write_str("table out of bounds"),
            Self::IndirectCallToNull => f.write_str("indirect call to null"),
            Self::BadSignature => f.write_str("indirect call type mismatch"),
            Self::IntegerOverflow => f.write_str("integer overflow"),
            Self::IntegerDivisionByZero => f.write_str("integer divide by zero"),
            Self::BadConversionToInteger => f.write_str("invalid conversion to integer"),
            Self::StackOverflow => f.write_str("stack exhausted"),
            Self::NullReference => f.write_str("null reference"),
            Self::Other(name) => write!(f, "other trap ({name})"),
        }
    }
}

/// How an instantiation or a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A trap.
    Trap(TrapKind),
    /// An error that is not a trap (a link error, a resource limit, a harness error). Two `Error`s compare
    /// equal whatever their messages: the engines word them differently.
    Error(String),
}

impl Failure {
    /// Whether this is the trap that makes a comparison inconclusive.
    pub fn is_stack_overflow(&self) -> bool {
        matches!(self, Self::Trap(TrapKind::StackOverflow))
    }

    /// Whether two failures count as the same behaviour.
    pub fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Trap(a), Self::Trap(b)) => a == b,
            (Self::Error(_), Self::Error(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Trap(kind) => write!(f, "trap: {kind}"),
            Self::Error(message) => write!(f, "error: {message}"),
        }
    }
}

/// The kind of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExportKind {
    /// A function.
    Func,
    /// A global.
    Global,
    /// A table.
    Table,
    /// A linear memory.
    Memory,
    /// A tag (the generator does not enable exceptions, so none appear yet).
    Tag,
}

/// The observable state of an instance's exports after instantiation or a call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Every exported memory, in name order: (name, size in bytes, hash of the contents).
    pub memories: Vec<(String, usize, u64)>,
    /// Every exported global, in name order, with its value.
    pub globals: Vec<(String, Value)>,
    /// Every exported table, in name order: (name, size, number of null entries).
    pub tables: Vec<(String, u64, u64)>,
}

/// One call of an exported function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The export's name.
    pub name: String,
    /// The arguments passed.
    pub args: Vec<Value>,
    /// The results, or how the call failed.
    pub result: Result<Vec<Value>, Failure>,
    /// The exports' state after the call.
    pub state: State,
}

/// A module that was accepted: its exports, its instantiation and the calls made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The module's exports, sorted by name.
    pub exports: Vec<(String, ExportKind)>,
    /// The state after instantiation, or how instantiation failed (then no calls are made).
    pub instantiation: Result<State, Failure>,
    /// The calls, one per exported function in name order; the list stops after a stack exhaustion.
    pub calls: Vec<Call>,
}

/// What one engine did with one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `Module::new` rejected the bytes, with the engine's message.
    Rejected(String),
    /// The module compiled.
    Accepted(Run),
}

/// A 64-bit FNV-1a hash taken 8 bytes at a time (little-endian words, then the remaining bytes one by one):
/// the same on every platform and run, and 8 times fewer steps than bytewise FNV for the memories hashed after
/// every call (in the unoptimized test build, bytewise hashing was a tenth of the seeded test's time). Each
/// step `h = (h ^ word) * prime` is a bijection of `h` for a given word, so two memories that differ in a
/// single word always hash differently.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut le = [0; 8];
        le.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(le)).wrapping_mul(PRIME);
    }
    for &byte in words.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nans_are_canonicalized_and_other_floats_kept() {
        assert_eq!(Value::f32(0xffc0_0001), Value::F32(F32_CANONICAL_NAN));
        assert_eq!(
            Value::f64(0x7ff0_0000_0000_0001),
            Value::F64(F64_CANONICAL_NAN)
        );
        assert_eq!(Value::f32(0x8000_0000), Value::F32(0x8000_0000));
        assert_ne!(Value::f32(0x8000_0000), Value::f32(0));
    }

    #[test]
    fn v128s_differ_only_in_nan_lanes_of_one_shape() {
        let f32_nans = |a: u32, b: u32, c: u32, d: u32| {
            u128::from(a) | u128::from(b) << 32 | u128::from(c) << 64 | u128::from(d) << 96
        };
        // Equal bits, including a non-NaN float and integer lanes.
        assert!(Value::V128(7).same_as(&Value::V128(7)));
        // Differing f32 NaNs (sign, payload) next to equal lanes.
        assert!(v128_same_but_nans(
            f32_nans(1, 0x7fc0_0000, 0xffc0_0000, 5),
            f32_nans(1, 0xffc0_0000, 0x7f80_0001, 5)
        ));
        // Differing f64 NaNs: the low halves (0 against 1) are no f32 NaNs, but each 64-bit lane is an f64 NaN.
        assert!(v128_same_but_nans(
            0x7ff8_0000_0000_0000 | 3 << 64,
            0xfff8_0000_0000_0001 | 3 << 64
        ));
        // A NaN against a number, and an integer difference beside a NaN difference, are mismatches.
        assert!(!v128_same_but_nans(
            f32_nans(0x7fc0_0000, 0, 0, 0),
            f32_nans(0x3f80_0000, 0, 0, 0)
        ));
        assert!(!v128_same_but_nans(
            f32_nans(0x7fc0_0000, 1, 0, 0),
            f32_nans(0xffc0_0000, 2, 0, 0)
        ));
        // An f32 NaN lane differing beside an f64 NaN lane differing: neither shape covers both.
        assert!(!v128_same_but_nans(
            0x7fc0_0000 | 0x7ff8_0000_0000_0000 << 64,
            0x7fc0_0001 | 0x7ff8_0000_0000_0001 << 64
        ));
        // Not a v128: plain equality of the normalized value.
        assert!(!Value::I32(1).same_as(&Value::I32(2)));
    }

    #[test]
    fn errors_match_errors_but_not_traps() {
        let a = Failure::Error("unknown import".into());
        let b = Failure::Error("missing definition".into());
        assert!(a.same_as(&b));
        assert!(!a.same_as(&Failure::Trap(TrapKind::Unreachable)));
        assert!(
            !Failure::Trap(TrapKind::Unreachable)
                .same_as(&Failure::Trap(TrapKind::MemoryOutOfBounds))
        );
    }

    #[test]
    fn memory_hash_sees_every_byte() {
        assert_ne!(
            hash_bytes(&[0; 16]),
            hash_bytes(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        );
        assert_ne!(hash_bytes(&[]), hash_bytes(&[0]));
        // Every byte of a word and of the tail counts.
        let mut bytes = [0u8; 19];
        let base = hash_bytes(&bytes);
        for i in 0..bytes.len() {
            bytes[i] = 0x80;
            assert_ne!(hash_bytes(&bytes), base, "byte {i}");
            bytes[i] = 0;
        }
    }
}
