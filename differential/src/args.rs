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
    }
}
