//! `--invoke`: typed arguments from the command line, and results printed back.

use std::ffi::OsString;

use capvm_core::{Val, ValType};

/// Parses one command-line argument as a value of type `ty`.
pub(crate) fn parse_arg(text: &OsString, ty: ValType) -> Result<Val, String> {
    let text = text
        .to_str()
        .ok_or_else(|| format!("argument {text:?} is not UTF-8"))?
        .trim();
    let bad = || format!("`{text}` is not a valid {ty}");
    Ok(match ty {
        ValType::I32 => {
            let v = parse_int(text).ok_or_else(bad)?;
            if v < i128::from(i32::MIN) || v > i128::from(u32::MAX) {
                return Err(format!("`{text}` does not fit in an i32"));
            }
            Val::I32(v as i64 as i32)
        }
        ValType::I64 => {
            let v = parse_int(text).ok_or_else(bad)?;
            if v < i128::from(i64::MIN) || v > i128::from(u64::MAX) {
                return Err(format!("`{text}` does not fit in an i64"));
            }
            Val::I64(v as i64)
        }
        ValType::F32 => Val::F32((parse_float(text).ok_or_else(bad)? as f32).to_bits()),
        ValType::F64 => Val::F64(parse_float(text).ok_or_else(bad)?.to_bits()),
        ValType::FUNCREF if text == "null" => Val::FuncRef(None),
        ValType::EXTERNREF if text == "null" => Val::ExternRef(None),
        other => {
            return Err(format!(
                "parameters of type {other} cannot be given on the command line"
            ));
        }
    })
}

fn parse_int(text: &str) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits = digits.replace('_', "");
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i128::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<i128>().ok()?,
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn parse_float(text: &str) -> Option<f64> {
    match text {
        "nan" | "+nan" => Some(f64::NAN),
        "-nan" => Some(-f64::NAN),
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// The text printed for a result.
pub(crate) fn format_result(value: &Val) -> String {
    match value {
        Val::I32(v) => v.to_string(),
        Val::I64(v) => v.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(s: &str, ty: ValType) -> Result<Val, String> {
        parse_arg(&OsString::from(s), ty)
    }

    #[test]
    fn integers() {
        assert_eq!(arg("42", ValType::I32), Ok(Val::I32(42)));
        assert_eq!(arg("-1", ValType::I32), Ok(Val::I32(-1)));
        assert_eq!(arg("0xffffffff", ValType::I32), Ok(Val::I32(-1)));
        assert_eq!(arg("4294967295", ValType::I32), Ok(Val::I32(-1)));
        assert!(arg("4294967296", ValType::I32).is_err());
        assert_eq!(
            arg("-9223372036854775808", ValType::I64),
            Ok(Val::I64(i64::MIN))
        );
        assert!(arg("ten", ValType::I64).is_err());
    }

    #[test]
    fn floats() {
        assert_eq!(arg("1.5", ValType::F64), Ok(Val::F64(1.5f64.to_bits())));
        assert_eq!(arg("1.5", ValType::F32), Ok(Val::F32(1.5f32.to_bits())));
        assert_eq!(
            arg("-inf", ValType::F32),
            Ok(Val::F32(f32::NEG_INFINITY.to_bits()))
        );
        assert!(
            matches!(arg("nan", ValType::F64), Ok(Val::F64(bits)) if f64::from_bits(bits).is_nan())
        );
    }

    #[test]
    fn results_print_plainly() {
        assert_eq!(format_result(&Val::I32(-3)), "-3");
        assert_eq!(format_result(&Val::F64(2.5f64.to_bits())), "2.5");
    }
}
