//! Script values: `.wast` arguments to [`Val`]s, and [`Val`]s checked against expected results (NaN patterns
//! included, always on bits).

use std::collections::HashMap;
use std::fmt::Write as _;

use capvm_core::{ExternRef, Store, V128, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// The host references that `ref.extern N` stands for: one [`ExternRef`] holding `N` per distinct `N`, so the
/// same `N` always denotes the same reference.
#[derive(Debug, Default)]
pub(crate) struct ExternRefs {
    by_value: HashMap<u32, ExternRef>,
}

impl ExternRefs {
    fn get(&mut self, store: &mut Store<()>, n: u32) -> ExternRef {
        *self
            .by_value
            .entry(n)
            .or_insert_with(|| ExternRef::new(&mut *store, n))
    }
}

/// The value an argument denotes.
pub(crate) fn arg_to_val(
    arg: &WastArg<'_>,
    store: &mut Store<()>,
    externs: &mut ExternRefs,
) -> Result<Val, String> {
    let WastArg::Core(arg) = arg else {
        return Err("component-model argument".to_string());
    };
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(V128::from(u128::from_le_bytes(v.to_le_bytes()))),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
            ..
        })
        | WastArgCore::RefNull(HeapType::Concrete(_)) => Val::FuncRef(None),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
            ..
        }) => Val::ExternRef(None),
        WastArgCore::RefNull(HeapType::Abstract {
            ty: AbstractHeapType::Exn | AbstractHeapType::NoExn,
            ..
        }) => Val::ExnRef(None),
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(externs.get(store, *n))),
        other => return Err(format!("unsupported argument {other:?}")),
    })
}

/// Whether `got` is a value `expected` allows. `Err` if the pattern is one this runner cannot check.
pub(crate) fn matches(
    expected: &WastRet<'_>,
    got: &Val,
    store: &Store<()>,
) -> Result<bool, String> {
    let WastRet::Core(expected) = expected else {
        return Err("component-model result".to_string());
    };
    matches_core(expected, got, store)
}

fn matches_core(expected: &WastRetCore<'_>, got: &Val, store: &Store<()>) -> Result<bool, String> {
    Ok(match (expected, got) {
        (WastRetCore::I32(e), Val::I32(g)) => e == g,
        (WastRetCore::I64(e), Val::I64(g)) => e == g,
        (WastRetCore::F32(e), Val::F32(g)) => f32_matches(e, *g),
        (WastRetCore::F64(e), Val::F64(g)) => f64_matches(e, *g),
        (WastRetCore::V128(e), Val::V128(g)) => v128_matches(e, g.as_u128()),
        (WastRetCore::RefNull(ty), Val::FuncRef(r)) => {
            r.is_none() && heap_type_allows(ty.as_ref(), AbstractHeapType::Func)
        }
        (WastRetCore::RefNull(ty), Val::ExternRef(r)) => {
            r.is_none() && heap_type_allows(ty.as_ref(), AbstractHeapType::Extern)
        }
        (WastRetCore::RefNull(ty), Val::ExnRef(r)) => {
            r.is_none() && heap_type_allows(ty.as_ref(), AbstractHeapType::Exn)
        }
        (WastRetCore::RefExtern(n), Val::ExternRef(r)) => match (n, r) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(n), Some(r)) => {
                r.data(store)
                    .ok()
                    .and_then(|data| data.downcast_ref::<u32>())
                    == Some(n)
            }
        },
        (WastRetCore::RefFunc(None), Val::FuncRef(r)) => r.is_some(),
        (WastRetCore::RefFunc(Some(index)), _) => {
            return Err(format!("cannot check `ref.func {index:?}` by index"));
        }
        (WastRetCore::Either(cases), got) => {
            for case in cases {
                if matches_core(case, got, store)? {
                    return Ok(true);
                }
            }
            false
        }
        (
            WastRetCore::RefHost(_)
            | WastRetCore::RefAny
            | WastRetCore::RefEq
            | WastRetCore::RefArray
            | WastRetCore::RefStruct
            | WastRetCore::RefI31
            | WastRetCore::RefI31Shared,
            _,
        ) => return Err(format!("unsupported result pattern {expected:?}")),
        _ => false,
    })
}

fn f32_matches(expected: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match expected {
        NanPattern::CanonicalNan => f32_is_canonical_nan(bits),
        NanPattern::ArithmeticNan => f32_is_arithmetic_nan(bits),
        NanPattern::Value(e) => e.bits == bits,
    }
}

fn f64_matches(expected: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match expected {
        NanPattern::CanonicalNan => f64_is_canonical_nan(bits),
        NanPattern::ArithmeticNan => f64_is_arithmetic_nan(bits),
        NanPattern::Value(e) => e.bits == bits,
    }
}

/// Whether the vector `bits` (lane 0 in the low bits) matches the lane pattern, lane by lane.
fn v128_matches(expected: &V128Pattern, bits: u128) -> bool {
    let bytes = bits.to_le_bytes();
    match expected {
        V128Pattern::I8x16(lanes) => lanes.iter().zip(bytes).all(|(e, g)| *e as u8 == g),
        V128Pattern::I16x8(lanes) => lanes
            .iter()
            .zip(bytes.chunks_exact(2))
            .all(|(e, g)| e.to_le_bytes() == g),
        V128Pattern::I32x4(lanes) => lanes
            .iter()
            .zip(bytes.chunks_exact(4))
            .all(|(e, g)| e.to_le_bytes() == g),
        V128Pattern::I64x2(lanes) => lanes
            .iter()
            .zip(bytes.chunks_exact(8))
            .all(|(e, g)| e.to_le_bytes() == g),
        V128Pattern::F32x4(lanes) => lanes.iter().zip(bytes.chunks_exact(4)).all(|(e, g)| {
            let mut lane = [0; 4];
            lane.copy_from_slice(g);
            f32_matches(e, u32::from_le_bytes(lane))
        }),
        V128Pattern::F64x2(lanes) => lanes.iter().zip(bytes.chunks_exact(8)).all(|(e, g)| {
            let mut lane = [0; 8];
            lane.copy_from_slice(g);
            f64_matches(e, u64::from_le_bytes(lane))
        }),
    }
}

/// Whether a null of hierarchy `got` (the top type: `func`, `extern` or `exn`) matches a `ref.null` pattern:
/// a null is a null of its whole hierarchy (`ref.null nofunc` and `ref.null $t` are the null `funcref`).
fn heap_type_allows(expected: Option<&HeapType<'_>>, got: AbstractHeapType) -> bool {
    use AbstractHeapType as A;
    match expected {
        None => true,
        Some(HeapType::Abstract { ty, .. }) => {
            matches!(
                (ty, got),
                (A::Func | A::NoFunc, A::Func)
                    | (A::Extern | A::NoExtern, A::Extern)
                    | (A::Exn | A::NoExn, A::Exn)
            )
        }
        Some(HeapType::Concrete(_)) => got == A::Func,
        Some(_) => false,
    }
}

/// A canonical NaN: any sign, quiet bit set, rest of the payload zero.
fn f32_is_canonical_nan(bits: u32) -> bool {
    bits & 0x7fff_ffff == 0x7fc0_0000
}

/// An arithmetic NaN: any sign, quiet bit set, any payload.
fn f32_is_arithmetic_nan(bits: u32) -> bool {
    bits & 0x7fc0_0000 == 0x7fc0_0000
}

fn f64_is_canonical_nan(bits: u64) -> bool {
    bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
}

fn f64_is_arithmetic_nan(bits: u64) -> bool {
    bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
}

/// A value for failure messages: its type, value and, for floats, bits.
pub(crate) fn describe_val(val: &Val) -> String {
    match val {
        Val::F32(bits) => format!("f32:{} ({bits:#010x})", f32::from_bits(*bits)),
        Val::F64(bits) => format!("f64:{} ({bits:#018x})", f64::from_bits(*bits)),
        other => format!("{other:?}"),
    }
}

/// Several values for failure messages.
pub(crate) fn describe_vals(vals: &[Val]) -> String {
    let mut out = String::from("[");
    for (i, val) in vals.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&describe_val(val));
    }
    out.push(']');
    out
}

/// Expected results for failure messages.
pub(crate) fn describe_rets(rets: &[WastRet<'_>]) -> String {
    let mut out = String::from("[");
    for (i, ret) in rets.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match ret {
            WastRet::Core(core) => describe_ret_core(&mut out, core),
            other => {
                let _ = write!(out, "{other:?}");
            }
        }
    }
    out.push(']');
    out
}

fn describe_ret_core(out: &mut String, ret: &WastRetCore<'_>) {
    let _ = match ret {
        WastRetCore::I32(v) => write!(out, "i32:{v}"),
        WastRetCore::I64(v) => write!(out, "i64:{v}"),
        WastRetCore::F32(NanPattern::Value(v)) => {
            write!(out, "f32:{} ({:#010x})", f32::from_bits(v.bits), v.bits)
        }
        WastRetCore::F64(NanPattern::Value(v)) => {
            write!(out, "f64:{} ({:#018x})", f64::from_bits(v.bits), v.bits)
        }
        WastRetCore::F32(NanPattern::CanonicalNan) => write!(out, "f32:nan:canonical"),
        WastRetCore::F32(NanPattern::ArithmeticNan) => write!(out, "f32:nan:arithmetic"),
        WastRetCore::F64(NanPattern::CanonicalNan) => write!(out, "f64:nan:canonical"),
        WastRetCore::F64(NanPattern::ArithmeticNan) => write!(out, "f64:nan:arithmetic"),
        WastRetCore::RefNull(_) => write!(out, "ref.null"),
        WastRetCore::RefExtern(Some(n)) => write!(out, "ref.extern {n}"),
        WastRetCore::RefExtern(None) => write!(out, "ref.extern"),
        WastRetCore::RefFunc(None) => write!(out, "ref.func"),
        WastRetCore::V128(pattern) => write!(out, "v128:{pattern:?}"),
        other => write!(out, "{other:?}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_nans_ignore_only_the_sign() {
        assert!(f32_is_canonical_nan(0x7fc0_0000));
        assert!(f32_is_canonical_nan(0xffc0_0000));
        assert!(!f32_is_canonical_nan(0x7fc0_0001));
        assert!(!f32_is_canonical_nan(0x7fa0_0000));
        assert!(f64_is_canonical_nan(0xfff8_0000_0000_0000));
        assert!(!f64_is_canonical_nan(0x7ff8_0000_0000_0001));
    }

    #[test]
    fn arithmetic_nans_need_the_quiet_bit() {
        assert!(f32_is_arithmetic_nan(0x7fc0_0001));
        assert!(f32_is_arithmetic_nan(0xffff_ffff));
        assert!(!f32_is_arithmetic_nan(0x7fa0_0000));
        assert!(!f32_is_arithmetic_nan(0x7f80_0000));
        assert!(f64_is_arithmetic_nan(0x7ff8_0000_0000_0001));
        assert!(!f64_is_arithmetic_nan(0x7ff4_0000_0000_0000));
    }

    #[test]
    fn vectors_compare_lane_by_lane() {
        let store = Store::new(&capvm_core::Engine::default(), ());
        let parse = |text: &str| -> bool {
            let buf = wast::parser::ParseBuffer::new(text).unwrap();
            let ret: WastRetCore<'_> = wast::parser::parse(&buf).unwrap();
            let got = Val::V128(V128::from(0x3f80_0000_7fc0_0000_0000_0001_ffff_ffffu128));
            matches_core(&ret, &got, &store).unwrap()
        };
        assert!(parse("v128.const i32x4 -1 1 0x7fc00000 0x3f800000"));
        // Lane 0 (0xffffffff) is an arithmetic NaN but not the canonical one; lane 2 is canonical.
        assert!(parse(
            "v128.const f32x4 nan:arithmetic 1e-45 nan:canonical 1"
        ));
        assert!(!parse(
            "v128.const f32x4 nan:canonical 1e-45 nan:canonical 1"
        ));
        assert!(!parse("v128.const i32x4 -1 1 0x7fc00000 0x3f800001"));
        assert!(parse(
            "v128.const i64x2 0x00000001ffffffff 0x3f8000007fc00000"
        ));
    }

    #[test]
    fn floats_compare_on_bits() {
        let store = Store::new(&capvm_core::Engine::default(), ());
        let buf = wast::parser::ParseBuffer::new("f32.const -0").unwrap();
        let ret: WastRetCore<'_> = wast::parser::parse(&buf).unwrap();
        assert!(matches_core(&ret, &Val::F32(0x8000_0000), &store).unwrap());
        assert!(!matches_core(&ret, &Val::F32(0), &store).unwrap());
        assert!(!matches_core(&ret, &Val::F64(0x8000_0000), &store).unwrap());
    }
}
