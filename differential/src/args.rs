//! The arguments every exported function is called with: chosen by position only, so both engines get the same.

use crate::outcome::Value;

/// The value types a parameter can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `v128`.
    V128,
    /// `funcref`.
    FuncRef,
    /// `externref`.
    ExternRef,
}

/// Interesting `i64`s; the `i32` pool is their low halves.
const INTEGERS: [i64; 10] = [
    0,
    1,
    -1,
    7,
    i64::MIN,
    i64::MAX,
    0x1_0000,
    0xffff,
    0x8000_0000,
    -65_536,
];

/// Interesting `f64`s; the `f32` pool is the same values rounded. The one NaN is canonical: a non-canonical NaN
/// argument could come back with an engine-specific payload.
const FLOATS: [f64; 10] = [
    0.0,
    -0.0,
    1.0,
    -1.5,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    3.0e9,
    -2.5e-40,
    65_536.75,
];

/// A `v128` from four 32-bit lanes, lane 0 first.
const fn i32x4(lanes: [u32; 4]) -> u128 {
    lanes[0] as u128
        | (lanes[1] as u128) << 32
        | (lanes[2] as u128) << 64
        | (lanes[3] as u128) << 96
}

/// A `v128` from two 64-bit lanes, lane 0 first.
const fn i64x2(lanes: [u64; 2]) -> u128 {
    lanes[0] as u128 | (lanes[1] as u128) << 64
}

/// A `v128` from eight 16-bit lanes, lane 0 first.
const fn i16x8(l: [u16; 8]) -> u128 {
    i32x4([
        l[0] as u32 | (l[1] as u32) << 16,
        l[2] as u32 | (l[3] as u32) << 16,
        l[4] as u32 | (l[5] as u32) << 16,
        l[6] as u32 | (l[7] as u32) << 16,
    ])
}

/// Interesting `v128`s, for every lane shape at once: integer extremes per shape, a byte ramp (shuffle and
/// swizzle indices, in and out of range), and float lanes from [`FLOATS`]. Every NaN lane in the float
/// patterns is canonical; all-ones is the exception that cannot be avoided (it is -1 in every integer shape
/// and a negative NaN with a full payload in both float shapes): where such a NaN reaches a result, the
/// comparison tolerates its payload ([`Value::same_as`](crate::Value::same_as)).
const VECTORS: [u128; 10] = [
    0,
    i32x4([1, 1, 1, 1]),
    u128::MAX,
    // Bytes 0, 1, ..., 15: the identity of `i8x16.swizzle` (all-ones and the last pattern hold indices past 15).
    u128::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
    i64x2([i64::MIN as u64, i64::MAX as u64]),
    i32x4([
        0.0f32.to_bits(),
        (-0.0f32).to_bits(),
        1.0f32.to_bits(),
        f32::NAN.to_bits(),
    ]),
    i64x2([(-1.5f64).to_bits(), f64::INFINITY.to_bits()]),
    i16x8([0x8000, 0x7fff, 1, 0xffff, 0, 0x00ff, 0xff00, 7]),
    i32x4([
        3.0e9f32.to_bits(),
        (-2.5e-40f32).to_bits(),
        65_536.75f32.to_bits(),
        f32::NEG_INFINITY.to_bits(),
    ]),
    u128::from_le_bytes([
        0x80, 0x7f, 0xff, 0x01, 0x10, 0x20, 0x1f, 0xf0, 0x00, 0x81, 0xfe, 0x40, 0x3f, 0xc0, 0x02,
        0x8f,
    ]),
];

/// The argument for parameter `param` of the `call`-th call of a module, of type `ty`.
///
/// References are always null: there is nothing to refer to that both engines share.
pub fn argument(call: usize, param: usize, ty: ParamType) -> Value {
    let i = (call * 3 + param) % INTEGERS.len();
    match ty {
        ParamType::I32 => Value::I32(INTEGERS[i] as i32),
        ParamType::I64 => Value::I64(INTEGERS[i]),
        ParamType::F32 => Value::f32((FLOATS[i] as f32).to_bits()),
        ParamType::F64 => Value::f64(FLOATS[i].to_bits()),
        ParamType::V128 => Value::V128(VECTORS[i]),
        ParamType::FuncRef => Value::FuncRef { null: true },
        ParamType::ExternRef => Value::ExternRef { null: true },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_vary_by_position_and_nans_are_canonical() {
        assert_ne!(
            argument(0, 0, ParamType::I32),
            argument(0, 1, ParamType::I32)
        );
        assert_ne!(
            argument(0, 0, ParamType::I64),
            argument(1, 0, ParamType::I64)
        );
        let nan = argument(1, 1, ParamType::F32);
        assert_eq!(nan, Value::F32(0x7fc0_0000));
        assert_ne!(
            argument(0, 0, ParamType::V128),
            argument(0, 1, ParamType::V128)
        );
    }

    #[test]
    fn vector_lanes_are_in_memory_order() {
        assert_eq!(i32x4([1, 2, 3, 4]), 0x4_0000_0003_0000_0002_0000_0001);
        assert_eq!(i64x2([1, 2]), 2 << 64 | 1);
        assert_eq!(i16x8([1, 2, 0, 0, 0, 0, 0, 0]), 0x2_0001);
        // The f32 NaN lane of the float pattern is canonical.
        assert_eq!(VECTORS[5] >> 96, 0x7fc0_0000);
    }
}
