//! Scalar numeric instructions: the exact WebAssembly 2.0 semantics of every
//! `i32`/`i64`/`f32`/`f64` operator (MVP, sign-extension and non-trapping float-to-integer
//! conversions).
//!
//! Each instruction is one small pure function named after it (`i32.div_s` is [`i32_div_s`]). They
//! are shared by the interpreter's dispatch loop and by constant-expression evaluation, so they
//! never allocate and never panic: the instructions that can trap return `Result<_, TrapCode>`.
//! Integers travel as `i32`/`i64` (unsigned operators reinterpret them), comparisons return `bool`,
//! and floats are Rust floats. Sign manipulation (`abs`, `neg`, `copysign`) works on the bits so
//! NaN payloads survive; other float operators leave NaN payloads to the hardware except where the
//! spec demands a quiet NaN and the hardware might not give one.

use crate::trap::TrapCode;

/// Sign bit of an `f32`.
const F32_SIGN: u32 = 0x8000_0000;
/// Sign bit of an `f64`.
const F64_SIGN: u64 = 0x8000_0000_0000_0000;

/// Defines the integer instructions of one width; `$t` is the wasm type, `$u` its unsigned twin.
macro_rules! int_ops {
    (
        $t:ident, $u:ident;
        eqz: $eqz:ident, eq: $eq:ident, ne: $ne:ident,
        lt_s: $lt_s:ident, lt_u: $lt_u:ident, gt_s: $gt_s:ident, gt_u: $gt_u:ident,
        le_s: $le_s:ident, le_u: $le_u:ident, ge_s: $ge_s:ident, ge_u: $ge_u:ident,
        clz: $clz:ident, ctz: $ctz:ident, popcnt: $popcnt:ident,
        add: $add:ident, sub: $sub:ident, mul: $mul:ident,
        div_s: $div_s:ident, div_u: $div_u:ident, rem_s: $rem_s:ident, rem_u: $rem_u:ident,
        and: $and:ident, or: $or:ident, xor: $xor:ident,
        shl: $shl:ident, shr_s: $shr_s:ident, shr_u: $shr_u:ident,
        rotl: $rotl:ident, rotr: $rotr:ident,
        extend8_s: $extend8_s:ident, extend16_s: $extend16_s:ident $(,)?
    ) => {
        #[doc = concat!("`", stringify!($t), ".eqz`: whether the operand is zero.")]
        #[inline(always)]
        pub(crate) fn $eqz(a: $t) -> bool {
            a == 0
        }

        #[doc = concat!("`", stringify!($t), ".eq`: whether the operands are equal.")]
        #[inline(always)]
        pub(crate) fn $eq(a: $t, b: $t) -> bool {
            a == b
        }

        #[doc = concat!("`", stringify!($t), ".ne`: whether the operands differ.")]
        #[inline(always)]
        pub(crate) fn $ne(a: $t, b: $t) -> bool {
            a != b
        }

        #[doc = concat!("`", stringify!($t), ".lt_s`: signed `a < b`.")]
        #[inline(always)]
        pub(crate) fn $lt_s(a: $t, b: $t) -> bool {
            a < b
        }

        #[doc = concat!("`", stringify!($t), ".lt_u`: unsigned `a < b`.")]
        #[inline(always)]
        pub(crate) fn $lt_u(a: $t, b: $t) -> bool {
            (a as $u) < (b as $u)
        }

        #[doc = concat!("`", stringify!($t), ".gt_s`: signed `a > b`.")]
        #[inline(always)]
        pub(crate) fn $gt_s(a: $t, b: $t) -> bool {
            a > b
        }

        #[doc = concat!("`", stringify!($t), ".gt_u`: unsigned `a > b`.")]
        #[inline(always)]
        pub(crate) fn $gt_u(a: $t, b: $t) -> bool {
            (a as $u) > (b as $u)
        }

        #[doc = concat!("`", stringify!($t), ".le_s`: signed `a <= b`.")]
        #[inline(always)]
        pub(crate) fn $le_s(a: $t, b: $t) -> bool {
            a <= b
        }

        #[doc = concat!("`", stringify!($t), ".le_u`: unsigned `a <= b`.")]
        #[inline(always)]
        pub(crate) fn $le_u(a: $t, b: $t) -> bool {
            (a as $u) <= (b as $u)
        }

        #[doc = concat!("`", stringify!($t), ".ge_s`: signed `a >= b`.")]
        #[inline(always)]
        pub(crate) fn $ge_s(a: $t, b: $t) -> bool {
            a >= b
        }

        #[doc = concat!("`", stringify!($t), ".ge_u`: unsigned `a >= b`.")]
        #[inline(always)]
        pub(crate) fn $ge_u(a: $t, b: $t) -> bool {
            (a as $u) >= (b as $u)
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".clz`: number of leading zero bits (the bit width for 0)."
        )]
        #[inline(always)]
        pub(crate) fn $clz(a: $t) -> $t {
            a.leading_zeros() as $t
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".ctz`: number of trailing zero bits (the bit width for 0)."
        )]
        #[inline(always)]
        pub(crate) fn $ctz(a: $t) -> $t {
            a.trailing_zeros() as $t
        }

        #[doc = concat!("`", stringify!($t), ".popcnt`: number of one bits.")]
        #[inline(always)]
        pub(crate) fn $popcnt(a: $t) -> $t {
            a.count_ones() as $t
        }

        #[doc = concat!("`", stringify!($t), ".add`: addition modulo 2^N.")]
        #[inline(always)]
        pub(crate) fn $add(a: $t, b: $t) -> $t {
            a.wrapping_add(b)
        }

        #[doc = concat!("`", stringify!($t), ".sub`: subtraction modulo 2^N.")]
        #[inline(always)]
        pub(crate) fn $sub(a: $t, b: $t) -> $t {
            a.wrapping_sub(b)
        }

        #[doc = concat!("`", stringify!($t), ".mul`: multiplication modulo 2^N.")]
        #[inline(always)]
        pub(crate) fn $mul(a: $t, b: $t) -> $t {
            a.wrapping_mul(b)
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".div_s`: signed division truncating toward zero; traps on a zero divisor or ",
            "`MIN / -1`."
        )]
        #[inline]
        pub(crate) fn $div_s(a: $t, b: $t) -> Result<$t, TrapCode> {
            match a.checked_div(b) {
                Some(q) => Ok(q),
                None if b == 0 => Err(TrapCode::IntegerDivisionByZero),
                None => Err(TrapCode::IntegerOverflow),
            }
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".div_u`: unsigned division; traps on a zero divisor."
        )]
        #[inline]
        pub(crate) fn $div_u(a: $t, b: $t) -> Result<$t, TrapCode> {
            match (a as $u).checked_div(b as $u) {
                Some(q) => Ok(q as $t),
                None => Err(TrapCode::IntegerDivisionByZero),
            }
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".rem_s`: signed remainder (sign of the dividend; `MIN rem -1` is 0); traps on a ",
            "zero divisor."
        )]
        #[inline]
        pub(crate) fn $rem_s(a: $t, b: $t) -> Result<$t, TrapCode> {
            match a.checked_rem(b) {
                Some(r) => Ok(r),
                None if b == 0 => Err(TrapCode::IntegerDivisionByZero),
                // Only `MIN rem -1` overflows, and every remainder by -1 is 0.
                None => Ok(0),
            }
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".rem_u`: unsigned remainder; traps on a zero divisor."
        )]
        #[inline]
        pub(crate) fn $rem_u(a: $t, b: $t) -> Result<$t, TrapCode> {
            match (a as $u).checked_rem(b as $u) {
                Some(r) => Ok(r as $t),
                None => Err(TrapCode::IntegerDivisionByZero),
            }
        }

        #[doc = concat!("`", stringify!($t), ".and`: bitwise and.")]
        #[inline(always)]
        pub(crate) fn $and(a: $t, b: $t) -> $t {
            a & b
        }

        #[doc = concat!("`", stringify!($t), ".or`: bitwise or.")]
        #[inline(always)]
        pub(crate) fn $or(a: $t, b: $t) -> $t {
            a | b
        }

        #[doc = concat!("`", stringify!($t), ".xor`: bitwise exclusive or.")]
        #[inline(always)]
        pub(crate) fn $xor(a: $t, b: $t) -> $t {
            a ^ b
        }

        #[doc = concat!("`", stringify!($t), ".shl`: shift left by `b` modulo the bit width.")]
        #[inline(always)]
        pub(crate) fn $shl(a: $t, b: $t) -> $t {
            // `wrapping_shl` masks the count to the bit width, exactly as wasm does.
            a.wrapping_shl(b as u32)
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".shr_s`: arithmetic (sign-filling) shift right by `b` modulo the bit width."
        )]
        #[inline(always)]
        pub(crate) fn $shr_s(a: $t, b: $t) -> $t {
            a.wrapping_shr(b as u32)
        }

        #[doc = concat!(
            "`", stringify!($t),
            ".shr_u`: logical (zero-filling) shift right by `b` modulo the bit width."
        )]
        #[inline(always)]
        pub(crate) fn $shr_u(a: $t, b: $t) -> $t {
            (a as $u).wrapping_shr(b as u32) as $t
        }

        #[doc = concat!("`", stringify!($t), ".rotl`: rotate left by `b` modulo the bit width.")]
        #[inline(always)]
        pub(crate) fn $rotl(a: $t, b: $t) -> $t {
            a.rotate_left((b as u32) % <$t>::BITS)
        }

        #[doc = concat!("`", stringify!($t), ".rotr`: rotate right by `b` modulo the bit width.")]
        #[inline(always)]
        pub(crate) fn $rotr(a: $t, b: $t) -> $t {
            a.rotate_right((b as u32) % <$t>::BITS)
        }

        #[doc = concat!("`", stringify!($t), ".extend8_s`: sign-extend the low 8 bits.")]
        #[inline(always)]
        pub(crate) fn $extend8_s(a: $t) -> $t {
            a as i8 as $t
        }

        #[doc = concat!("`", stringify!($t), ".extend16_s`: sign-extend the low 16 bits.")]
        #[inline(always)]
        pub(crate) fn $extend16_s(a: $t) -> $t {
            a as i16 as $t
        }
    };
}

int_ops! {
    i32, u32;
    eqz: i32_eqz, eq: i32_eq, ne: i32_ne,
    lt_s: i32_lt_s, lt_u: i32_lt_u, gt_s: i32_gt_s, gt_u: i32_gt_u,
    le_s: i32_le_s, le_u: i32_le_u, ge_s: i32_ge_s, ge_u: i32_ge_u,
    clz: i32_clz, ctz: i32_ctz, popcnt: i32_popcnt,
    add: i32_add, sub: i32_sub, mul: i32_mul,
    div_s: i32_div_s, div_u: i32_div_u, rem_s: i32_rem_s, rem_u: i32_rem_u,
    and: i32_and, or: i32_or, xor: i32_xor,
    shl: i32_shl, shr_s: i32_shr_s, shr_u: i32_shr_u, rotl: i32_rotl, rotr: i32_rotr,
    extend8_s: i32_extend8_s, extend16_s: i32_extend16_s,
}

int_ops! {
    i64, u64;
    eqz: i64_eqz, eq: i64_eq, ne: i64_ne,
    lt_s: i64_lt_s, lt_u: i64_lt_u, gt_s: i64_gt_s, gt_u: i64_gt_u,
    le_s: i64_le_s, le_u: i64_le_u, ge_s: i64_ge_s, ge_u: i64_ge_u,
    clz: i64_clz, ctz: i64_ctz, popcnt: i64_popcnt,
    add: i64_add, sub: i64_sub, mul: i64_mul,
    div_s: i64_div_s, div_u: i64_div_u, rem_s: i64_rem_s, rem_u: i64_rem_u,
    and: i64_and, or: i64_or, xor: i64_xor,
    shl: i64_shl, shr_s: i64_shr_s, shr_u: i64_shr_u, rotl: i64_rotl, rotr: i64_rotr,
    extend8_s: i64_extend8_s, extend16_s: i64_extend16_s,
}

/// `i64.extend32_s`: sign-extend the low 32 bits.
#[inline(always)]
pub(crate) fn i64_extend32_s(a: i64) -> i64 {
    i64::from(a as i32)
}

/// Defines the float instructions of one width; `$f` is the wasm type, `$bits` its bit pattern
/// type.
macro_rules! float_ops {
    (
        $f:ident, $bits:ident, $sign:expr;
        eq: $eq:ident, ne: $ne:ident, lt: $lt:ident, gt: $gt:ident, le: $le:ident, ge: $ge:ident,
        abs: $abs:ident, neg: $neg:ident,
        ceil: $ceil:ident, floor: $floor:ident, trunc: $trunc:ident,
        nearest: $nearest:ident, sqrt: $sqrt:ident,
        add: $add:ident, sub: $sub:ident, mul: $mul:ident, div: $div:ident,
        min: $min:ident, max: $max:ident, copysign: $copysign:ident $(,)?
    ) => {
        #[doc = concat!(
            "`", stringify!($f),
            ".eq`: IEEE equality (false if either operand is NaN; -0 == +0)."
        )]
        #[inline(always)]
        pub(crate) fn $eq(a: $f, b: $f) -> bool {
            a == b
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".ne`: IEEE inequality (true if either operand is NaN)."
        )]
        #[inline(always)]
        pub(crate) fn $ne(a: $f, b: $f) -> bool {
            a != b
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".lt`: IEEE `a < b` (false if either operand is NaN)."
        )]
        #[inline(always)]
        pub(crate) fn $lt(a: $f, b: $f) -> bool {
            a < b
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".gt`: IEEE `a > b` (false if either operand is NaN)."
        )]
        #[inline(always)]
        pub(crate) fn $gt(a: $f, b: $f) -> bool {
            a > b
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".le`: IEEE `a <= b` (false if either operand is NaN)."
        )]
        #[inline(always)]
        pub(crate) fn $le(a: $f, b: $f) -> bool {
            a <= b
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".ge`: IEEE `a >= b` (false if either operand is NaN)."
        )]
        #[inline(always)]
        pub(crate) fn $ge(a: $f, b: $f) -> bool {
            a >= b
        }

        #[doc = concat!("`", stringify!($f), ".abs`: clear the sign bit (NaN payloads are kept).")]
        #[inline(always)]
        pub(crate) fn $abs(a: $f) -> $f {
            <$f>::from_bits(a.to_bits() & !$sign)
        }

        #[doc = concat!("`", stringify!($f), ".neg`: flip the sign bit (NaN payloads are kept).")]
        #[inline(always)]
        pub(crate) fn $neg(a: $f) -> $f {
            <$f>::from_bits(a.to_bits() ^ $sign)
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".ceil`: round toward +infinity; a NaN operand gives a quiet NaN."
        )]
        #[inline]
        pub(crate) fn $ceil(a: $f) -> $f {
            // Software fallbacks of the rounding functions may hand a signalling NaN back
            // unchanged; the spec wants a quiet one, which IEEE addition always produces.
            if a.is_nan() { a + a } else { a.ceil() }
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".floor`: round toward -infinity; a NaN operand gives a quiet NaN."
        )]
        #[inline]
        pub(crate) fn $floor(a: $f) -> $f {
            if a.is_nan() { a + a } else { a.floor() }
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".trunc`: round toward zero; a NaN operand gives a quiet NaN."
        )]
        #[inline]
        pub(crate) fn $trunc(a: $f) -> $f {
            if a.is_nan() { a + a } else { a.trunc() }
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".nearest`: round to the nearest integer, ties to even, keeping the sign of zero; ",
            "a NaN operand gives a quiet NaN."
        )]
        #[inline]
        pub(crate) fn $nearest(a: $f) -> $f {
            if a.is_nan() { a + a } else { a.round_ties_even() }
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".sqrt`: correctly rounded square root (NaN for negative operands)."
        )]
        #[inline(always)]
        pub(crate) fn $sqrt(a: $f) -> $f {
            a.sqrt()
        }

        #[doc = concat!("`", stringify!($f), ".add`: IEEE addition, round to nearest even.")]
        #[inline(always)]
        pub(crate) fn $add(a: $f, b: $f) -> $f {
            a + b
        }

        #[doc = concat!("`", stringify!($f), ".sub`: IEEE subtraction, round to nearest even.")]
        #[inline(always)]
        pub(crate) fn $sub(a: $f, b: $f) -> $f {
            a - b
        }

        #[doc = concat!("`", stringify!($f), ".mul`: IEEE multiplication, round to nearest even.")]
        #[inline(always)]
        pub(crate) fn $mul(a: $f, b: $f) -> $f {
            a * b
        }

        #[doc = concat!("`", stringify!($f), ".div`: IEEE division, round to nearest even.")]
        #[inline(always)]
        pub(crate) fn $div(a: $f, b: $f) -> $f {
            a / b
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".min`: the smaller operand; NaN if either is NaN, and -0 is below +0."
        )]
        #[inline]
        pub(crate) fn $min(a: $f, b: $f) -> $f {
            if a < b {
                a
            } else if b < a {
                b
            } else if a == b {
                // Equal values have equal bits except for the zeros, where a set sign bit must win.
                <$f>::from_bits(a.to_bits() | b.to_bits())
            } else {
                // At least one NaN: the sum is a quiet NaN derived from the NaN operand(s).
                a + b
            }
        }

        #[doc = concat!(
            "`", stringify!($f),
            ".max`: the larger operand; NaN if either is NaN, and +0 is above -0."
        )]
        #[inline]
        pub(crate) fn $max(a: $f, b: $f) -> $f {
            if a > b {
                a
            } else if b > a {
                b
            } else if a == b {
                // Equal values have equal bits except for the zeros, where a clear sign bit must
                // win.
                <$f>::from_bits(a.to_bits() & b.to_bits())
            } else {
                a + b
            }
        }

        #[doc = concat!(
            "`", stringify!($f), ".copysign`: `a` with the sign bit of `b` (NaN payloads are kept)."
        )]
        #[inline(always)]
        pub(crate) fn $copysign(a: $f, b: $f) -> $f {
            <$f>::from_bits((a.to_bits() & !$sign) | (b.to_bits() & $sign))
        }
    };
}

float_ops! {
    f32, u32, F32_SIGN;
    eq: f32_eq, ne: f32_ne, lt: f32_lt, gt: f32_gt, le: f32_le, ge: f32_ge,
    abs: f32_abs, neg: f32_neg, ceil: f32_ceil, floor: f32_floor, trunc: f32_trunc,
    nearest: f32_nearest, sqrt: f32_sqrt,
    add: f32_add, sub: f32_sub, mul: f32_mul, div: f32_div,
    min: f32_min, max: f32_max, copysign: f32_copysign,
}

float_ops! {
    f64, u64, F64_SIGN;
    eq: f64_eq, ne: f64_ne, lt: f64_lt, gt: f64_gt, le: f64_le, ge: f64_ge,
    abs: f64_abs, neg: f64_neg, ceil: f64_ceil, floor: f64_floor, trunc: f64_trunc,
    nearest: f64_nearest, sqrt: f64_sqrt,
    add: f64_add, sub: f64_sub, mul: f64_mul, div: f64_div,
    min: f64_min, max: f64_max, copysign: f64_copysign,
}

// ---- Integer width conversions ----

/// `i32.wrap_i64`: keep the low 32 bits.
#[inline(always)]
pub(crate) fn i32_wrap_i64(a: i64) -> i32 {
    a as i32
}

/// `i64.extend_i32_s`: sign-extend to 64 bits.
#[inline(always)]
pub(crate) fn i64_extend_i32_s(a: i32) -> i64 {
    i64::from(a)
}

/// `i64.extend_i32_u`: zero-extend to 64 bits.
#[inline(always)]
pub(crate) fn i64_extend_i32_u(a: i32) -> i64 {
    i64::from(a as u32)
}

// ---- Trapping float-to-integer truncation ----
//
// A float converts iff its truncation toward zero fits the target, i.e. iff LO < a < HI, where HI
// is MAX + 1 (a power of two, so exact) and LO is the greatest float whose truncation is below MIN:
// -1 for unsigned targets, and for signed ones MIN - 1 if the float type holds it, otherwise the
// float just below MIN. NaN fails both comparisons. Inside the range Rust's `as` truncates exactly.

/// The trap for a float operand that failed a truncation range check.
#[inline(always)]
fn trunc_trap(nan: bool) -> TrapCode {
    if nan {
        TrapCode::BadConversionToInteger
    } else {
        TrapCode::IntegerOverflow
    }
}

/// `i32.trunc_f32_s`: truncate toward zero; traps on NaN or a result outside `i32`.
#[inline]
pub(crate) fn i32_trunc_f32_s(a: f32) -> Result<i32, TrapCode> {
    // -2147483904 is the f32 just below -2^31.
    if a > -2_147_483_904.0 && a < 2_147_483_648.0 {
        Ok(a as i32)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

/// `i32.trunc_f32_u`: truncate toward zero; traps on NaN or a result outside `u32`.
#[inline]
pub(crate) fn i32_trunc_f32_u(a: f32) -> Result<i32, TrapCode> {
    if a > -1.0 && a < 4_294_967_296.0 {
        Ok(a as u32 as i32)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

/// `i32.trunc_f64_s`: truncate toward zero; traps on NaN or a result outside `i32`.
#[inline]
pub(crate) fn i32_trunc_f64_s(a: f64) -> Result<i32, TrapCode> {
    if a > -2_147_483_649.0 && a < 2_147_483_648.0 {
        Ok(a as i32)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

/// `i32.trunc_f64_u`: truncate toward zero; traps on NaN or a result outside `u32`.
#[inline]
pub(crate) fn i32_trunc_f64_u(a: f64) -> Result<i32, TrapCode> {
    if a > -1.0 && a < 4_294_967_296.0 {
        Ok(a as u32 as i32)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

/// `i64.trunc_f32_s`: truncate toward zero; traps on NaN or a result outside `i64`.
#[inline]
pub(crate) fn i64_trunc_f32_s(a: f32) -> Result<i64, TrapCode> {
    // -9223373136366403584 (-2^63 - 2^40) is the f32 just below -2^63.
    if a > -9_223_373_136_366_403_584.0 && a < 9_223_372_036_854_775_808.0 {
        Ok(a as i64)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

/// `i64.trunc_f32_u`: truncate toward zero; traps on NaN or a result outside `u64`.
#[inline]
pub(crate) fn i64_trunc_f32_u(a: f32) -> Result<i64, TrapCode> {
    if a > -1.0 && a < 18_446_744_073_709_551_616.0 {
        Ok(a as u64 as i64)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

/// `i64.trunc_f64_s`: truncate toward zero; traps on NaN or a result outside `i64`.
#[inline]
pub(crate) fn i64_trunc_f64_s(a: f64) -> Result<i64, TrapCode> {
    // -9223372036854777856 (-2^63 - 2^11) is the f64 just below -2^63.
    if a > -9_223_372_036_854_777_856.0 && a < 9_223_372_036_854_775_808.0 {
        Ok(a as i64)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

/// `i64.trunc_f64_u`: truncate toward zero; traps on NaN or a result outside `u64`.
#[inline]
pub(crate) fn i64_trunc_f64_u(a: f64) -> Result<i64, TrapCode> {
    if a > -1.0 && a < 18_446_744_073_709_551_616.0 {
        Ok(a as u64 as i64)
    } else {
        Err(trunc_trap(a.is_nan()))
    }
}

// ---- Saturating float-to-integer truncation ----
//
// Rust's float-to-integer `as` is exactly wasm's `trunc_sat`: truncate toward zero, clamp to the
// target range, and map NaN to 0.

/// `i32.trunc_sat_f32_s`: truncate toward zero, clamping to `i32`; NaN gives 0.
#[inline(always)]
pub(crate) fn i32_trunc_sat_f32_s(a: f32) -> i32 {
    a as i32
}

/// `i32.trunc_sat_f32_u`: truncate toward zero, clamping to `u32`; NaN gives 0.
#[inline(always)]
pub(crate) fn i32_trunc_sat_f32_u(a: f32) -> i32 {
    a as u32 as i32
}

/// `i32.trunc_sat_f64_s`: truncate toward zero, clamping to `i32`; NaN gives 0.
#[inline(always)]
pub(crate) fn i32_trunc_sat_f64_s(a: f64) -> i32 {
    a as i32
}

/// `i32.trunc_sat_f64_u`: truncate toward zero, clamping to `u32`; NaN gives 0.
#[inline(always)]
pub(crate) fn i32_trunc_sat_f64_u(a: f64) -> i32 {
    a as u32 as i32
}

/// `i64.trunc_sat_f32_s`: truncate toward zero, clamping to `i64`; NaN gives 0.
#[inline(always)]
pub(crate) fn i64_trunc_sat_f32_s(a: f32) -> i64 {
    a as i64
}

/// `i64.trunc_sat_f32_u`: truncate toward zero, clamping to `u64`; NaN gives 0.
#[inline(always)]
pub(crate) fn i64_trunc_sat_f32_u(a: f32) -> i64 {
    a as u64 as i64
}

/// `i64.trunc_sat_f64_s`: truncate toward zero, clamping to `i64`; NaN gives 0.
#[inline(always)]
pub(crate) fn i64_trunc_sat_f64_s(a: f64) -> i64 {
    a as i64
}

/// `i64.trunc_sat_f64_u`: truncate toward zero, clamping to `u64`; NaN gives 0.
#[inline(always)]
pub(crate) fn i64_trunc_sat_f64_u(a: f64) -> i64 {
    a as u64 as i64
}

// ---- Integer-to-float conversion (Rust's `as` rounds to nearest, ties to even, in one step) ----

/// `f32.convert_i32_s`: signed integer to the nearest `f32` (ties to even).
#[inline(always)]
pub(crate) fn f32_convert_i32_s(a: i32) -> f32 {
    a as f32
}

/// `f32.convert_i32_u`: unsigned integer to the nearest `f32` (ties to even).
#[inline(always)]
pub(crate) fn f32_convert_i32_u(a: i32) -> f32 {
    a as u32 as f32
}

/// `f32.convert_i64_s`: signed integer to the nearest `f32` (ties to even).
#[inline(always)]
pub(crate) fn f32_convert_i64_s(a: i64) -> f32 {
    a as f32
}

/// `f32.convert_i64_u`: unsigned integer to the nearest `f32` (ties to even).
#[inline(always)]
pub(crate) fn f32_convert_i64_u(a: i64) -> f32 {
    a as u64 as f32
}

/// `f64.convert_i32_s`: signed integer to `f64` (always exact).
#[inline(always)]
pub(crate) fn f64_convert_i32_s(a: i32) -> f64 {
    f64::from(a)
}

/// `f64.convert_i32_u`: unsigned integer to `f64` (always exact).
#[inline(always)]
pub(crate) fn f64_convert_i32_u(a: i32) -> f64 {
    f64::from(a as u32)
}

/// `f64.convert_i64_s`: signed integer to the nearest `f64` (ties to even).
#[inline(always)]
pub(crate) fn f64_convert_i64_s(a: i64) -> f64 {
    a as f64
}

/// `f64.convert_i64_u`: unsigned integer to the nearest `f64` (ties to even).
#[inline(always)]
pub(crate) fn f64_convert_i64_u(a: i64) -> f64 {
    a as u64 as f64
}

// ---- Float precision conversions ----

/// `f32.demote_f64`: round to the nearest `f32` (ties to even, overflowing to infinity); NaN stays
/// a quiet NaN.
#[inline(always)]
pub(crate) fn f32_demote_f64(a: f64) -> f32 {
    a as f32
}

/// `f64.promote_f32`: widen exactly; NaN stays a quiet NaN.
#[inline(always)]
pub(crate) fn f64_promote_f32(a: f32) -> f64 {
    f64::from(a)
}

// ---- Reinterpretations (bit-for-bit) ----

// The four `reinterpret` instructions have no function here: a cell holds the same bits either way, so the
// translator emits nothing for them.

#[cfg(test)]
mod tests {
    use super::*;
    use std::hint::black_box;

    /// A signalling `f32` NaN with a non-trivial payload.
    const F32_SNAN: u32 = 0x7fa0_0001;
    /// A signalling `f64` NaN with a non-trivial payload.
    const F64_SNAN: u64 = 0x7ff4_0000_0000_0001;

    fn f32b(bits: u32) -> f32 {
        f32::from_bits(bits)
    }

    fn f64b(bits: u64) -> f64 {
        f64::from_bits(bits)
    }

    fn quiet32(x: f32) -> bool {
        x.is_nan() && x.to_bits() & 0x0040_0000 != 0
    }

    fn quiet64(x: f64) -> bool {
        x.is_nan() && x.to_bits() & 0x0008_0000_0000_0000 != 0
    }

    const OVERFLOW: TrapCode = TrapCode::IntegerOverflow;
    const DIV_ZERO: TrapCode = TrapCode::IntegerDivisionByZero;
    const BAD_CONV: TrapCode = TrapCode::BadConversionToInteger;

    #[test]
    fn integer_comparisons_distinguish_signedness() {
        assert!(i32_eqz(0) && !i32_eqz(i32::MIN) && i64_eqz(0) && !i64_eqz(1 << 40));
        assert!(i32_eq(-1, -1) && !i32_eq(-1, 1) && i32_ne(-1, 1) && !i64_ne(7, 7));
        assert!(i32_lt_s(-1, 1) && !i32_lt_u(-1, 1));
        assert!(!i32_gt_s(-1, 1) && i32_gt_u(-1, 1));
        assert!(i32_le_s(i32::MIN, i32::MAX) && !i32_le_u(i32::MIN, i32::MAX) && i32_le_u(5, 5));
        assert!(!i32_ge_s(i32::MIN, 0) && i32_ge_u(i32::MIN, 0) && i32_ge_s(5, 5));
        assert!(i64_lt_s(-1, 1) && !i64_lt_u(-1, 1) && i64_gt_u(-1, 1) && !i64_gt_s(-1, 1));
        assert!(
            i64_le_s(i64::MIN, 0)
                && !i64_le_u(i64::MIN, 0)
                && i64_ge_u(i64::MIN, 0)
                && !i64_ge_s(i64::MIN, 0)
        );
    }

    #[test]
    fn bit_counts() {
        assert_eq!((i32_clz(0), i32_ctz(0), i32_popcnt(0)), (32, 32, 0));
        assert_eq!((i64_clz(0), i64_ctz(0), i64_popcnt(0)), (64, 64, 0));
        assert_eq!((i32_clz(-1), i32_ctz(-1), i32_popcnt(-1)), (0, 0, 32));
        assert_eq!((i64_clz(-1), i64_ctz(-1), i64_popcnt(-1)), (0, 0, 64));
        assert_eq!((i32_clz(1), i32_ctz(i32::MIN)), (31, 31));
        assert_eq!((i64_clz(1), i64_ctz(i64::MIN)), (63, 63));
        assert_eq!(i32_popcnt(0x5555_5555), 16);
        assert_eq!(i64_popcnt(0x00ff_00ff_00ff_00ff), 32);
    }

    #[test]
    fn arithmetic_wraps() {
        assert_eq!(i32_add(i32::MAX, 1), i32::MIN);
        assert_eq!(i32_sub(i32::MIN, 1), i32::MAX);
        assert_eq!(i32_mul(0x1000_0000, 16), 0);
        assert_eq!(i32_mul(0x0123_4567, 0x7654_3210), 0x358e_7470);
        assert_eq!(i64_add(i64::MAX, 1), i64::MIN);
        assert_eq!(i64_sub(i64::MIN, 1), i64::MAX);
        assert_eq!(i64_mul(i64::MIN, -1), i64::MIN);
        assert_eq!(
            (i32_and(0xf0, 0x3c), i32_or(0xf0, 0x0f), i32_xor(-1, 0x0f)),
            (0x30, 0xff, -16)
        );
        assert_eq!(
            (i64_and(-1, 1 << 40), i64_or(1, 1 << 63), i64_xor(-1, -1)),
            (1 << 40, i64::MIN + 1, 0)
        );
    }

    #[test]
    fn division_traps() {
        assert_eq!(i32_div_s(1, 0), Err(DIV_ZERO));
        assert_eq!(i32_div_s(i32::MIN, 0), Err(DIV_ZERO));
        assert_eq!(i32_div_s(i32::MIN, -1), Err(OVERFLOW));
        assert_eq!(i32_div_u(1, 0), Err(DIV_ZERO));
        assert_eq!(i32_rem_s(1, 0), Err(DIV_ZERO));
        assert_eq!(i32_rem_u(1, 0), Err(DIV_ZERO));
        assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
        assert_eq!(i64_div_s(1, 0), Err(DIV_ZERO));
        assert_eq!(i64_div_s(i64::MIN, -1), Err(OVERFLOW));
        assert_eq!(i64_div_u(i64::MIN, 0), Err(DIV_ZERO));
        assert_eq!(i64_rem_s(-1, 0), Err(DIV_ZERO));
        assert_eq!(i64_rem_u(0, 0), Err(DIV_ZERO));
        assert_eq!(i64_rem_s(i64::MIN, -1), Ok(0));
    }

    #[test]
    fn division_rounds_toward_zero() {
        assert_eq!(i32_div_s(-7, 2), Ok(-3));
        assert_eq!(i32_div_s(7, -2), Ok(-3));
        assert_eq!(i32_div_s(i32::MIN, 2), Ok(-0x4000_0000));
        assert_eq!(i32_rem_s(-7, 2), Ok(-1));
        assert_eq!(i32_rem_s(7, -2), Ok(1));
        assert_eq!(i32_div_u(-1, 2), Ok(i32::MAX));
        assert_eq!(i32_div_u(i32::MIN, -1), Ok(0));
        assert_eq!(i32_rem_u(-1, 10), Ok(5)); // 4294967295 % 10
        assert_eq!(i64_div_s(-7, 2), Ok(-3));
        assert_eq!(i64_rem_s(-7, 2), Ok(-1));
        assert_eq!(i64_div_u(-1, 2), Ok(i64::MAX));
        assert_eq!(i64_rem_u(-1, 10), Ok(5)); // 18446744073709551615 % 10
        assert_eq!(i64_div_s(i64::MIN, 1), Ok(i64::MIN));
    }

    #[test]
    fn shifts_use_count_modulo_width() {
        assert_eq!(i32_shl(1, 31), i32::MIN);
        assert_eq!(i32_shl(1, 32), 1);
        assert_eq!(i32_shl(1, 33), 2);
        assert_eq!(i32_shl(1, -1), i32::MIN);
        assert_eq!(i32_shr_s(i32::MIN, 31), -1);
        assert_eq!(i32_shr_s(i32::MIN, 32), i32::MIN);
        assert_eq!(i32_shr_s(-16, 2), -4);
        assert_eq!(i32_shr_u(-1, 31), 1);
        assert_eq!(i32_shr_u(-1, 32), -1);
        assert_eq!(i32_shr_u(i32::MIN, -1), 1);
        assert_eq!(i64_shl(1, 63), i64::MIN);
        assert_eq!(i64_shl(1, 64), 1);
        assert_eq!(i64_shl(1, 65), 2);
        assert_eq!(i64_shl(1, -1), i64::MIN);
        assert_eq!(i64_shl(1, 0x1_0000_0001), 2);
        assert_eq!(i64_shr_s(i64::MIN, 63), -1);
        assert_eq!(i64_shr_s(i64::MIN, 64), i64::MIN);
        assert_eq!(i64_shr_u(-1, 63), 1);
        assert_eq!(i64_shr_u(-1, 64), -1);
        assert_eq!(i64_shr_u(i64::MIN, i64::MIN + 63), 1);
    }

    #[test]
    fn rotates() {
        assert_eq!(i32_rotl(0xfe00_dc00_u32 as i32, 4), 0xe00d_c00f_u32 as i32);
        assert_eq!(i32_rotl(1, 31), i32::MIN);
        assert_eq!(i32_rotl(0x1234_5678, 32), 0x1234_5678);
        assert_eq!(i32_rotl(1, 33), 2);
        assert_eq!(i32_rotl(1, -1), i32::MIN);
        assert_eq!(i32_rotr(1, 1), i32::MIN);
        assert_eq!(i32_rotr(0xb0c1_d2e3_u32 as i32, 0x0005), 0x1d86_0e97);
        assert_eq!(i32_rotr(0xb0c1_d2e3_u32 as i32, 0xff05), 0x1d86_0e97);
        assert_eq!(i32_rotr(1, 32), 1);
        assert_eq!(i32_rotr(1, -1), 2);
        assert_eq!(i64_rotl(1, 63), i64::MIN);
        assert_eq!(i64_rotl(1, 64), 1);
        assert_eq!(i64_rotl(1, 65), 2);
        assert_eq!(i64_rotl(1, -1), i64::MIN);
        assert_eq!(i64_rotr(1, 1), i64::MIN);
        assert_eq!(i64_rotr(1, 64), 1);
        assert_eq!(i64_rotr(i64::MIN, -1), 1);
        assert_eq!(
            i64_rotl(0xabcd_9876_0000_0001_u64 as i64, 4),
            0xbcd9_8760_0000_001a_u64 as i64
        );
    }

    #[test]
    fn sign_extension() {
        assert_eq!(i32_extend8_s(0x7f), 0x7f);
        assert_eq!(i32_extend8_s(0x80), -128);
        assert_eq!(i32_extend8_s(0x1234_5680), -128);
        assert_eq!(i32_extend8_s(0x1234_567f), 0x7f);
        assert_eq!(i32_extend16_s(0x7fff), 0x7fff);
        assert_eq!(i32_extend16_s(0x8000), -32768);
        assert_eq!(i32_extend16_s(0x1234_ffff), -1);
        assert_eq!(i64_extend8_s(0x0123_4567_89ab_cd80), -128);
        assert_eq!(i64_extend16_s(0x0123_4567_89ab_7fff), 0x7fff);
        assert_eq!(i64_extend16_s(0x8000), -32768);
        assert_eq!(i64_extend32_s(0x8000_0000), -0x8000_0000);
        assert_eq!(i64_extend32_s(0x1_7fff_ffff), 0x7fff_ffff);
        assert_eq!(i64_extend32_s(-1), -1);
    }

    #[test]
    fn integer_width_conversions() {
        assert_eq!(i32_wrap_i64(0x1_0000_0002), 2);
        assert_eq!(i32_wrap_i64(-1), -1);
        assert_eq!(i32_wrap_i64(0xffff_ffff), -1);
        assert_eq!(i64_extend_i32_s(-1), -1);
        assert_eq!(i64_extend_i32_s(i32::MIN), -0x8000_0000);
        assert_eq!(i64_extend_i32_u(-1), 0xffff_ffff);
        assert_eq!(i64_extend_i32_u(i32::MIN), 0x8000_0000);
    }

    #[test]
    fn trunc_f32_to_i32_boundaries() {
        let min = -2_147_483_648.0_f32;
        let lim = 2_147_483_648.0_f32;
        assert_eq!(i32_trunc_f32_s(min), Ok(i32::MIN));
        assert_eq!(min.next_down(), -2_147_483_904.0);
        assert_eq!(i32_trunc_f32_s(min.next_down()), Err(OVERFLOW));
        assert_eq!(i32_trunc_f32_s(lim.next_down()), Ok(2_147_483_520));
        assert_eq!(i32_trunc_f32_s(lim), Err(OVERFLOW));
        assert_eq!(i32_trunc_f32_s(-1.9), Ok(-1));
        assert_eq!(i32_trunc_f32_s(-0.0), Ok(0));
        assert_eq!(i32_trunc_f32_s(f32::NAN), Err(BAD_CONV));
        assert_eq!(i32_trunc_f32_s(-f32::NAN), Err(BAD_CONV));
        assert_eq!(i32_trunc_f32_s(f32::INFINITY), Err(OVERFLOW));
        assert_eq!(i32_trunc_f32_s(f32::NEG_INFINITY), Err(OVERFLOW));

        let lim = 4_294_967_296.0_f32;
        assert_eq!(i32_trunc_f32_u(-0.999_999_94), Ok(0));
        assert_eq!(i32_trunc_f32_u((-1.0_f32).next_up()), Ok(0));
        assert_eq!(i32_trunc_f32_u(-1.0), Err(OVERFLOW));
        assert_eq!(i32_trunc_f32_u(lim.next_down()), Ok(-256)); // 4294967040
        assert_eq!(i32_trunc_f32_u(lim), Err(OVERFLOW));
        assert_eq!(i32_trunc_f32_u(2_147_483_648.0), Ok(i32::MIN));
        assert_eq!(i32_trunc_f32_u(f32b(F32_SNAN)), Err(BAD_CONV));
        assert_eq!(i32_trunc_f32_u(f32::INFINITY), Err(OVERFLOW));
        assert_eq!(i32_trunc_f32_u(f32::NEG_INFINITY), Err(OVERFLOW));
    }

    #[test]
    fn trunc_f64_to_i32_boundaries() {
        assert_eq!(i32_trunc_f64_s(-2_147_483_648.999_999_5), Ok(i32::MIN));
        assert_eq!(
            i32_trunc_f64_s((-2_147_483_649.0_f64).next_up()),
            Ok(i32::MIN)
        );
        assert_eq!(i32_trunc_f64_s(-2_147_483_649.0), Err(OVERFLOW));
        assert_eq!(i32_trunc_f64_s(2_147_483_647.999_999_5), Ok(i32::MAX));
        assert_eq!(
            i32_trunc_f64_s(2_147_483_648.0_f64.next_down()),
            Ok(i32::MAX)
        );
        assert_eq!(i32_trunc_f64_s(2_147_483_648.0), Err(OVERFLOW));
        assert_eq!(i32_trunc_f64_s(f64::NAN), Err(BAD_CONV));
        assert_eq!(i32_trunc_f64_s(f64::INFINITY), Err(OVERFLOW));
        assert_eq!(i32_trunc_f64_s(f64::NEG_INFINITY), Err(OVERFLOW));

        assert_eq!(i32_trunc_f64_u((-1.0_f64).next_up()), Ok(0));
        assert_eq!(i32_trunc_f64_u(-1.0), Err(OVERFLOW));
        assert_eq!(i32_trunc_f64_u(4_294_967_295.999_999_5), Ok(-1));
        assert_eq!(i32_trunc_f64_u(4_294_967_296.0_f64.next_down()), Ok(-1));
        assert_eq!(i32_trunc_f64_u(4_294_967_296.0), Err(OVERFLOW));
        assert_eq!(i32_trunc_f64_u(1e16), Err(OVERFLOW));
        assert_eq!(i32_trunc_f64_u(f64b(F64_SNAN)), Err(BAD_CONV));
        assert_eq!(i32_trunc_f64_u(f64::INFINITY), Err(OVERFLOW));
        assert_eq!(i32_trunc_f64_u(f64::NEG_INFINITY), Err(OVERFLOW));
    }

    #[test]
    fn trunc_to_i64_boundaries() {
        let min32 = -9_223_372_036_854_775_808.0_f32;
        let lim32 = 9_223_372_036_854_775_808.0_f32;
        assert_eq!(i64_trunc_f32_s(min32), Ok(i64::MIN));
        assert_eq!(min32.next_down(), -9_223_373_136_366_403_584.0);
        assert_eq!(i64_trunc_f32_s(min32.next_down()), Err(OVERFLOW));
        assert_eq!(
            i64_trunc_f32_s(lim32.next_down()),
            Ok(9_223_371_487_098_961_920)
        );
        assert_eq!(i64_trunc_f32_s(lim32), Err(OVERFLOW));
        assert_eq!(i64_trunc_f32_s(f32::NAN), Err(BAD_CONV));
        assert_eq!(i64_trunc_f32_s(f32::INFINITY), Err(OVERFLOW));
        assert_eq!(i64_trunc_f32_s(f32::NEG_INFINITY), Err(OVERFLOW));

        let lim32 = 18_446_744_073_709_551_616.0_f32;
        assert_eq!(i64_trunc_f32_u((-1.0_f32).next_up()), Ok(0));
        assert_eq!(i64_trunc_f32_u(-1.0), Err(OVERFLOW));
        assert_eq!(i64_trunc_f32_u(lim32.next_down()), Ok(-1_099_511_627_776)); // 2^64 - 2^40
        assert_eq!(i64_trunc_f32_u(lim32), Err(OVERFLOW));
        assert_eq!(i64_trunc_f32_u(f32::NAN), Err(BAD_CONV));
        assert_eq!(i64_trunc_f32_u(f32::INFINITY), Err(OVERFLOW));
        assert_eq!(i64_trunc_f32_u(f32::NEG_INFINITY), Err(OVERFLOW));

        let min64 = -9_223_372_036_854_775_808.0_f64;
        let lim64 = 9_223_372_036_854_775_808.0_f64;
        assert_eq!(i64_trunc_f64_s(min64), Ok(i64::MIN));
        assert_eq!(min64.next_down(), -9_223_372_036_854_777_856.0);
        assert_eq!(i64_trunc_f64_s(min64.next_down()), Err(OVERFLOW));
        assert_eq!(
            i64_trunc_f64_s(lim64.next_down()),
            Ok(9_223_372_036_854_774_784)
        );
        assert_eq!(i64_trunc_f64_s(lim64), Err(OVERFLOW));
        assert_eq!(i64_trunc_f64_s(-1.5), Ok(-1));
        assert_eq!(i64_trunc_f64_s(f64::NAN), Err(BAD_CONV));
        assert_eq!(i64_trunc_f64_s(-f64::NAN), Err(BAD_CONV));
        assert_eq!(i64_trunc_f64_s(f64::INFINITY), Err(OVERFLOW));
        assert_eq!(i64_trunc_f64_s(f64::NEG_INFINITY), Err(OVERFLOW));

        let lim64 = 18_446_744_073_709_551_616.0_f64;
        assert_eq!(i64_trunc_f64_u((-1.0_f64).next_up()), Ok(0));
        assert_eq!(i64_trunc_f64_u(-1.0), Err(OVERFLOW));
        assert_eq!(i64_trunc_f64_u(lim64.next_down()), Ok(-2048)); // 2^64 - 2^11
        assert_eq!(i64_trunc_f64_u(lim64), Err(OVERFLOW));
        assert_eq!(i64_trunc_f64_u(9_223_372_036_854_775_808.0), Ok(i64::MIN));
        assert_eq!(i64_trunc_f64_u(f64b(F64_SNAN)), Err(BAD_CONV));
        assert_eq!(i64_trunc_f64_u(f64::INFINITY), Err(OVERFLOW));
        assert_eq!(i64_trunc_f64_u(f64::NEG_INFINITY), Err(OVERFLOW));
    }

    #[test]
    fn trunc_sat_saturates_and_maps_nan_to_zero() {
        assert_eq!(i32_trunc_sat_f32_s(f32::NAN), 0);
        assert_eq!(i32_trunc_sat_f32_s(f32::INFINITY), i32::MAX);
        assert_eq!(i32_trunc_sat_f32_s(f32::NEG_INFINITY), i32::MIN);
        assert_eq!(i32_trunc_sat_f32_s(2_147_483_648.0), i32::MAX);
        assert_eq!(i32_trunc_sat_f32_s(-2_147_483_904.0), i32::MIN);
        assert_eq!(i32_trunc_sat_f32_s(-1.9), -1);
        assert_eq!(i32_trunc_sat_f32_u(-f32::NAN), 0);
        assert_eq!(i32_trunc_sat_f32_u(-1.0), 0);
        assert_eq!(i32_trunc_sat_f32_u(-0.9), 0);
        assert_eq!(i32_trunc_sat_f32_u(f32::NEG_INFINITY), 0);
        assert_eq!(i32_trunc_sat_f32_u(4_294_967_296.0), -1);
        assert_eq!(i32_trunc_sat_f32_u(2_147_483_648.0), i32::MIN);

        assert_eq!(i32_trunc_sat_f64_s(f64::NAN), 0);
        assert_eq!(i32_trunc_sat_f64_s(2_147_483_648.0), i32::MAX);
        assert_eq!(i32_trunc_sat_f64_s(2_147_483_647.9), i32::MAX);
        assert_eq!(i32_trunc_sat_f64_s(-2_147_483_649.0), i32::MIN);
        assert_eq!(i32_trunc_sat_f64_s(f64::NEG_INFINITY), i32::MIN);
        assert_eq!(i32_trunc_sat_f64_u(f64::NAN), 0);
        assert_eq!(i32_trunc_sat_f64_u(-1.0), 0);
        assert_eq!(i32_trunc_sat_f64_u(4_294_967_295.9), -1);
        assert_eq!(i32_trunc_sat_f64_u(1e300), -1);

        assert_eq!(i64_trunc_sat_f32_s(f32::NAN), 0);
        assert_eq!(i64_trunc_sat_f32_s(f32::INFINITY), i64::MAX);
        assert_eq!(i64_trunc_sat_f32_s(f32::NEG_INFINITY), i64::MIN);
        assert_eq!(i64_trunc_sat_f32_s(9_223_372_036_854_775_808.0), i64::MAX);
        assert_eq!(i64_trunc_sat_f32_u(f32::NAN), 0);
        assert_eq!(i64_trunc_sat_f32_u(-5.0), 0);
        assert_eq!(i64_trunc_sat_f32_u(f32::INFINITY), -1);
        assert_eq!(i64_trunc_sat_f32_u(18_446_744_073_709_551_616.0), -1);

        assert_eq!(i64_trunc_sat_f64_s(f64b(F64_SNAN)), 0);
        assert_eq!(i64_trunc_sat_f64_s(9_223_372_036_854_775_808.0), i64::MAX);
        assert_eq!(i64_trunc_sat_f64_s(-9_223_372_036_854_777_856.0), i64::MIN);
        assert_eq!(i64_trunc_sat_f64_s(-1.5), -1);
        assert_eq!(i64_trunc_sat_f64_u(f64::NAN), 0);
        assert_eq!(i64_trunc_sat_f64_u(-1.0), 0);
        assert_eq!(i64_trunc_sat_f64_u(f64::INFINITY), -1);
        assert_eq!(i64_trunc_sat_f64_u(9_223_372_036_854_775_808.0), i64::MIN);
    }

    #[test]
    fn integer_to_float_rounds_to_nearest_even() {
        assert_eq!(
            f32_convert_i32_s(16_777_217).to_bits(),
            16_777_216.0_f32.to_bits()
        );
        assert_eq!(
            f32_convert_i32_s(16_777_219).to_bits(),
            16_777_220.0_f32.to_bits()
        );
        assert_eq!(f32_convert_i32_s(i32::MIN).to_bits(), 0xcf00_0000);
        assert_eq!(f32_convert_i32_s(-1).to_bits(), (-1.0_f32).to_bits());
        assert_eq!(
            f32_convert_i32_u(-1).to_bits(),
            4_294_967_296.0_f32.to_bits()
        );
        assert_eq!(f32_convert_i32_u(i32::MIN).to_bits(), 0x4f00_0000);
        // 2^63 + 2^39 is half-way between two f32s and rounds to even; one more must round up.
        // Converting via f64 would round twice and get this wrong.
        assert_eq!(
            f32_convert_i64_u(0x8000_0080_0000_0000_u64 as i64).to_bits(),
            0x5f00_0000
        );
        assert_eq!(
            f32_convert_i64_u(0x8000_0080_0000_0001_u64 as i64).to_bits(),
            0x5f00_0001
        );
        assert_eq!(f32_convert_i64_u(-1).to_bits(), 0x5f80_0000); // 2^64
        assert_eq!(
            f32_convert_i64_s(0x7fff_ff40_0000_0001).to_bits(),
            0x5eff_ffff
        );
        assert_eq!(f32_convert_i64_s(i64::MIN).to_bits(), 0xdf00_0000);
        assert_eq!(
            f32_convert_i64_s(-0x0020_0000_2000_0001).to_bits(),
            0xda00_0001
        );
        assert_eq!(f64_convert_i32_s(i32::MIN), -2_147_483_648.0);
        assert_eq!(f64_convert_i32_u(-1), 4_294_967_295.0);
        assert_eq!(
            f64_convert_i64_s(9_007_199_254_740_993).to_bits(),
            9_007_199_254_740_992.0_f64.to_bits()
        );
        assert_eq!(
            f64_convert_i64_s(9_007_199_254_740_995).to_bits(),
            9_007_199_254_740_996.0_f64.to_bits()
        );
        assert_eq!(f64_convert_i64_u(-1).to_bits(), 0x43f0_0000_0000_0000); // 2^64
        assert_eq!(
            f64_convert_i64_u(0x8000_0000_0000_0400_u64 as i64).to_bits(),
            0x43e0_0000_0000_0000
        );
        assert_eq!(
            f64_convert_i64_u(0x8000_0000_0000_0401_u64 as i64).to_bits(),
            0x43e0_0000_0000_0001
        );
        assert_eq!(
            f64_convert_i64_u(0x8000_0000_0000_0c00_u64 as i64).to_bits(),
            0x43e0_0000_0000_0002
        );
    }

    #[test]
    fn demote_and_promote() {
        let max = f64::from(f32::MAX);
        let half_ulp = 2.0_f64.powi(103); // an f32 ulp at f32::MAX is 2^104
        assert_eq!(f32_demote_f64(max), f32::MAX);
        assert_eq!(f32_demote_f64((max + half_ulp).next_down()), f32::MAX);
        assert_eq!(f32_demote_f64(max + half_ulp), f32::INFINITY);
        assert_eq!(f32_demote_f64(-(max + half_ulp).next_down()), f32::MIN);
        assert_eq!(f32_demote_f64(-(max + half_ulp)), f32::NEG_INFINITY);
        assert_eq!(f32_demote_f64(f64::MAX), f32::INFINITY);
        assert_eq!(f32_demote_f64(f64::INFINITY), f32::INFINITY);
        // 2^-150 is half the smallest f32 subnormal: ties to even gives +0; anything above rounds
        // up.
        assert_eq!(f32_demote_f64(2.0_f64.powi(-150)).to_bits(), 0);
        assert_eq!(f32_demote_f64(2.0_f64.powi(-150).next_up()).to_bits(), 1);
        assert_eq!(f32_demote_f64(-2.0_f64.powi(-150)).to_bits(), F32_SIGN);
        assert_eq!(f32_demote_f64(-0.0).to_bits(), F32_SIGN);
        assert_eq!(f32_demote_f64(1.0 + 2.0_f64.powi(-24)), 1.0); // tie, even is 1.0
        assert!(quiet32(f32_demote_f64(black_box(f64b(F64_SNAN)))));
        assert!(quiet32(f32_demote_f64(black_box(f64::NAN))));

        assert_eq!(f64_promote_f32(f32::MAX), max);
        assert_eq!(f64_promote_f32(f32b(1)), 2.0_f64.powi(-149));
        assert_eq!(f64_promote_f32(-0.0).to_bits(), F64_SIGN);
        assert_eq!(f64_promote_f32(f32::NEG_INFINITY), f64::NEG_INFINITY);
        assert!(quiet64(f64_promote_f32(black_box(f32b(F32_SNAN)))));
        assert!(quiet64(f64_promote_f32(black_box(-f32::NAN))));
    }

    #[test]
    fn sign_operations_keep_nan_payloads() {
        let snan = black_box(f32b(F32_SNAN));
        let neg_snan = black_box(f32b(F32_SNAN | F32_SIGN));
        assert_eq!(f32_abs(neg_snan).to_bits(), F32_SNAN);
        assert_eq!(f32_abs(snan).to_bits(), F32_SNAN);
        assert_eq!(f32_neg(snan).to_bits(), F32_SNAN | F32_SIGN);
        assert_eq!(f32_neg(neg_snan).to_bits(), F32_SNAN);
        assert_eq!(f32_copysign(snan, -1.0).to_bits(), F32_SNAN | F32_SIGN);
        assert_eq!(f32_copysign(neg_snan, 0.0).to_bits(), F32_SNAN);
        assert_eq!(f32_copysign(1.0, -f32::NAN), -1.0);
        assert_eq!(f32_copysign(-2.0, f32::NAN), 2.0);
        assert_eq!(f32_abs(-0.0).to_bits(), 0);
        assert_eq!(f32_neg(0.0).to_bits(), F32_SIGN);
        assert_eq!(f32_abs(f32::NEG_INFINITY), f32::INFINITY);

        let snan = black_box(f64b(F64_SNAN));
        let neg_snan = black_box(f64b(F64_SNAN | F64_SIGN));
        assert_eq!(f64_abs(neg_snan).to_bits(), F64_SNAN);
        assert_eq!(f64_neg(snan).to_bits(), F64_SNAN | F64_SIGN);
        assert_eq!(f64_neg(neg_snan).to_bits(), F64_SNAN);
        assert_eq!(f64_copysign(snan, -0.0).to_bits(), F64_SNAN | F64_SIGN);
        assert_eq!(f64_copysign(neg_snan, 1.0).to_bits(), F64_SNAN);
        assert_eq!(f64_copysign(1.0, -f64::NAN), -1.0);
        assert_eq!(f64_abs(-0.0).to_bits(), 0);
        assert_eq!(f64_neg(0.0).to_bits(), F64_SIGN);
    }

    #[test]
    fn min_max_zeros_and_nans() {
        assert_eq!(f32_min(-0.0, 0.0).to_bits(), F32_SIGN);
        assert_eq!(f32_min(0.0, -0.0).to_bits(), F32_SIGN);
        assert_eq!(f32_max(-0.0, 0.0).to_bits(), 0);
        assert_eq!(f32_max(0.0, -0.0).to_bits(), 0);
        assert_eq!(f32_min(0.0, 0.0).to_bits(), 0);
        assert_eq!(f32_max(-0.0, -0.0).to_bits(), F32_SIGN);
        assert_eq!(f32_min(1.0, 2.0), 1.0);
        assert_eq!(f32_min(2.0, 1.0), 1.0);
        assert_eq!(f32_max(1.0, 2.0), 2.0);
        assert_eq!(f32_max(f32::NEG_INFINITY, -5.0), -5.0);
        assert_eq!(f32_min(f32::NEG_INFINITY, -5.0), f32::NEG_INFINITY);
        assert_eq!(f32_max(f32::INFINITY, 5.0), f32::INFINITY);
        for (a, b) in [
            (f32::NAN, 1.0),
            (1.0, f32::NAN),
            (f32::NAN, f32::NAN),
            (-f32::NAN, f32::INFINITY),
        ] {
            assert!(
                quiet32(f32_min(black_box(a), black_box(b))),
                "min({a}, {b})"
            );
            assert!(
                quiet32(f32_max(black_box(a), black_box(b))),
                "max({a}, {b})"
            );
        }
        let snan = f32b(F32_SNAN);
        for (a, b) in [
            (snan, 0.0),
            (-0.0, snan),
            (snan, snan),
            (snan, f32::NEG_INFINITY),
        ] {
            assert!(
                quiet32(f32_min(black_box(a), black_box(b))),
                "min({a}, {b})"
            );
            assert!(
                quiet32(f32_max(black_box(a), black_box(b))),
                "max({a}, {b})"
            );
        }

        assert_eq!(f64_min(-0.0, 0.0).to_bits(), F64_SIGN);
        assert_eq!(f64_min(0.0, -0.0).to_bits(), F64_SIGN);
        assert_eq!(f64_max(-0.0, 0.0).to_bits(), 0);
        assert_eq!(f64_max(0.0, -0.0).to_bits(), 0);
        assert_eq!(f64_min(-1.0, 1.0), -1.0);
        assert_eq!(f64_max(-1.0, 1.0), 1.0);
        assert_eq!(f64_max(f64::MIN_POSITIVE, f64b(1)), f64::MIN_POSITIVE);
        let snan = f64b(F64_SNAN);
        for (a, b) in [
            (f64::NAN, 1.0),
            (1.0, f64::NAN),
            (snan, 0.0),
            (-0.0, snan),
            (snan, -f64::NAN),
        ] {
            assert!(
                quiet64(f64_min(black_box(a), black_box(b))),
                "min({a}, {b})"
            );
            assert!(
                quiet64(f64_max(black_box(a), black_box(b))),
                "max({a}, {b})"
            );
        }
    }

    #[test]
    fn nearest_ties_to_even_and_keeps_zero_sign() {
        for (x, want) in [
            (0.5, 0.0),
            (1.5, 2.0),
            (2.5, 2.0),
            (3.5, 4.0),
            (-0.5, -0.0),
            (-1.5, -2.0),
            (-2.5, -2.0),
            (-0.4, -0.0),
            (0.4, 0.0),
            (-0.0, -0.0),
            (8_388_609.0, 8_388_609.0),
            (f32::INFINITY, f32::INFINITY),
        ] {
            assert_eq!(f32_nearest(x).to_bits(), f32::to_bits(want), "nearest({x})");
        }
        for (x, want) in [
            (0.5, 0.0),
            (1.5, 2.0),
            (2.5, 2.0),
            (-0.5, -0.0),
            (-2.5, -2.0),
            (-0.4, -0.0),
            (4_503_599_627_370_497.0, 4_503_599_627_370_497.0),
            (4_503_599_627_370_495.5, 4_503_599_627_370_496.0),
            (f64::NEG_INFINITY, f64::NEG_INFINITY),
        ] {
            assert_eq!(f64_nearest(x).to_bits(), f64::to_bits(want), "nearest({x})");
        }
    }

    #[test]
    fn rounding_functions() {
        assert_eq!(f32_ceil(-0.5).to_bits(), F32_SIGN);
        assert_eq!(f32_ceil(1.1), 2.0);
        assert_eq!(f32_floor(-0.5), -1.0);
        assert_eq!(f32_floor(0.5).to_bits(), 0);
        assert_eq!(f32_trunc(-0.7).to_bits(), F32_SIGN);
        assert_eq!(f32_trunc(-1.7), -1.0);
        assert_eq!(f64_ceil(-0.5).to_bits(), F64_SIGN);
        assert_eq!(f64_floor(-0.0).to_bits(), F64_SIGN);
        assert_eq!(f64_floor(-1.0e-300), -1.0);
        assert_eq!(f64_trunc(-0.7).to_bits(), F64_SIGN);
        assert_eq!(f64_trunc(1e300), 1e300);

        let snan = f32b(F32_SNAN);
        for op in [f32_ceil, f32_floor, f32_trunc, f32_nearest, f32_sqrt] {
            assert!(quiet32(op(black_box(snan))));
            assert!(quiet32(op(black_box(-f32::NAN))));
        }
        let snan = f64b(F64_SNAN);
        for op in [f64_ceil, f64_floor, f64_trunc, f64_nearest, f64_sqrt] {
            assert!(quiet64(op(black_box(snan))));
            assert!(quiet64(op(black_box(f64::NAN))));
        }
    }

    #[test]
    fn float_arithmetic() {
        assert_eq!(f32_sqrt(-0.0).to_bits(), F32_SIGN);
        assert!(f32_sqrt(-1.0).is_nan());
        assert_eq!(f32_sqrt(4.0), 2.0);
        assert!(f64_sqrt(f64::NEG_INFINITY).is_nan());
        assert_eq!(f64_sqrt(2.0).to_bits(), 0x3ff6_a09e_667f_3bcd);
        assert_eq!(f32_add(16_777_216.0, 1.0), 16_777_216.0);
        assert_eq!(f32_sub(1.0, 1.0).to_bits(), 0);
        assert_eq!(f32_add(-0.0, -0.0).to_bits(), F32_SIGN);
        assert!(f32_sub(f32::INFINITY, f32::INFINITY).is_nan());
        assert_eq!(f32_mul(f32::MAX, 2.0), f32::INFINITY);
        assert_eq!(f32_div(1.0, -0.0), f32::NEG_INFINITY);
        assert!(f32_div(0.0, 0.0).is_nan());
        assert_eq!(f64_add(0.1, 0.2).to_bits(), 0x3fd3_3333_3333_3334);
        assert_eq!(f64_sub(-0.0, 0.0).to_bits(), F64_SIGN);
        assert_eq!(f64_mul(-0.0, 5.0).to_bits(), F64_SIGN);
        assert_eq!(f64_div(1.0, 3.0).to_bits(), 0x3fd5_5555_5555_5555);
        assert!(quiet32(f32_add(black_box(f32b(F32_SNAN)), black_box(1.0))));
        assert!(quiet64(f64_mul(black_box(f64b(F64_SNAN)), black_box(1.0))));
    }

    #[test]
    fn float_comparisons() {
        let nan = black_box(f32::NAN);
        assert!(!f32_eq(nan, nan) && f32_ne(nan, nan) && f32_ne(nan, 1.0));
        assert!(!f32_lt(nan, 1.0) && !f32_gt(nan, 1.0) && !f32_le(1.0, nan) && !f32_ge(1.0, nan));
        assert!(f32_eq(-0.0, 0.0) && !f32_ne(-0.0, 0.0) && f32_le(0.0, -0.0) && !f32_lt(-0.0, 0.0));
        assert!(
            f32_lt(f32::NEG_INFINITY, f32::MIN)
                && f32_gt(f32::INFINITY, f32::MAX)
                && f32_ge(1.0, 1.0)
        );
        let nan = black_box(f64b(F64_SNAN));
        assert!(!f64_eq(nan, nan) && f64_ne(nan, nan) && f64_ne(0.0, nan));
        assert!(!f64_lt(nan, 1.0) && !f64_gt(1.0, nan) && !f64_le(nan, nan) && !f64_ge(nan, 0.0));
        assert!(f64_eq(0.0, -0.0) && f64_ge(-0.0, 0.0) && !f64_gt(0.0, -0.0));
        assert!(f64_lt(-1.0, 1.0) && f64_gt(1.0, -1.0) && f64_le(1.0, 1.0) && !f64_ge(-1.0, 1.0));
    }

    /// Integer operands that sit on or next to every edge the integer operators care about.
    const EDGES: [i64; 14] = [
        0,
        1,
        -1,
        2,
        -2,
        7,
        31,
        32,
        33,
        63,
        64,
        65,
        i64::MIN,
        i64::MAX,
    ];

    #[test]
    fn integer_ops_match_a_wide_reference() {
        let mut i32s: Vec<i32> = EDGES.iter().map(|&x| x as i32).collect();
        i32s.extend([i32::MIN, i32::MAX, i32::MIN + 1, 0x8000, 0x80]);
        for &a in &i32s {
            for &b in &i32s {
                let (wa, wb) = (i128::from(a), i128::from(b));
                let (ua, ub) = (i128::from(a as u32), i128::from(b as u32));
                let div_s = if b == 0 {
                    Err(DIV_ZERO)
                } else if wa / wb > i128::from(i32::MAX) {
                    Err(OVERFLOW)
                } else {
                    Ok((wa / wb) as i32)
                };
                assert_eq!(i32_div_s(a, b), div_s, "{a} div_s {b}");
                let rem_s = if b == 0 {
                    Err(DIV_ZERO)
                } else {
                    Ok((wa % wb) as i32)
                };
                assert_eq!(i32_rem_s(a, b), rem_s, "{a} rem_s {b}");
                let div_u = if b == 0 {
                    Err(DIV_ZERO)
                } else {
                    Ok((ua / ub) as u32 as i32)
                };
                assert_eq!(i32_div_u(a, b), div_u, "{a} div_u {b}");
                let rem_u = if b == 0 {
                    Err(DIV_ZERO)
                } else {
                    Ok((ua % ub) as u32 as i32)
                };
                assert_eq!(i32_rem_u(a, b), rem_u, "{a} rem_u {b}");
                let k = (b as u32 & 31) as usize;
                assert_eq!(i32_shl(a, b), ((ua << k) as u32) as i32, "{a} shl {b}");
                assert_eq!(i32_shr_s(a, b), (wa >> k) as i32, "{a} shr_s {b}");
                assert_eq!(i32_shr_u(a, b), (ua >> k) as i32, "{a} shr_u {b}");
                let rotl = ((ua << k) | (ua >> (32 - k))) as u32 as i32;
                assert_eq!(i32_rotl(a, b), rotl, "{a} rotl {b}");
                assert_eq!(i32_rotr(a, i32_sub(0, b)), rotl, "{a} rotr -{b}");
                assert_eq!(i32_add(a, b), (wa + wb) as i32);
                assert_eq!(i32_sub(a, b), (wa - wb) as i32);
                assert_eq!(i32_mul(a, b), (wa * wb) as i32);
                assert_eq!(i32_lt_u(a, b), ua < ub);
                assert_eq!(i32_ge_s(a, b), wa >= wb);
            }
        }
        for &a in &EDGES {
            for &b in &EDGES {
                let (wa, wb) = (i128::from(a), i128::from(b));
                let (ua, ub) = (i128::from(a as u64), i128::from(b as u64));
                let div_s = if b == 0 {
                    Err(DIV_ZERO)
                } else if wa / wb > i128::from(i64::MAX) {
                    Err(OVERFLOW)
                } else {
                    Ok((wa / wb) as i64)
                };
                assert_eq!(i64_div_s(a, b), div_s, "{a} div_s {b}");
                let rem_s = if b == 0 {
                    Err(DIV_ZERO)
                } else {
                    Ok((wa % wb) as i64)
                };
                assert_eq!(i64_rem_s(a, b), rem_s, "{a} rem_s {b}");
                let div_u = if b == 0 {
                    Err(DIV_ZERO)
                } else {
                    Ok((ua / ub) as u64 as i64)
                };
                assert_eq!(i64_div_u(a, b), div_u, "{a} div_u {b}");
                let rem_u = if b == 0 {
                    Err(DIV_ZERO)
                } else {
                    Ok((ua % ub) as u64 as i64)
                };
                assert_eq!(i64_rem_u(a, b), rem_u, "{a} rem_u {b}");
                let k = (b as u64 & 63) as usize;
                assert_eq!(i64_shl(a, b), ((ua << k) as u64) as i64, "{a} shl {b}");
                assert_eq!(i64_shr_s(a, b), (wa >> k) as i64, "{a} shr_s {b}");
                assert_eq!(i64_shr_u(a, b), (ua >> k) as i64, "{a} shr_u {b}");
                let rotl = ((ua << k) | (ua >> (64 - k))) as u64 as i64;
                assert_eq!(i64_rotl(a, b), rotl, "{a} rotl {b}");
                assert_eq!(i64_rotr(a, i64_sub(0, b)), rotl, "{a} rotr -{b}");
                assert_eq!(i64_add(a, b), (wa + wb) as i64);
                assert_eq!(i64_sub(a, b), (wa - wb) as i64);
                assert_eq!(i64_mul(a, b), (wa * wb) as i64);
                assert_eq!(i64_lt_u(a, b), ua < ub);
                assert_eq!(i64_ge_s(a, b), wa >= wb);
            }
        }
    }

    /// Floats around every truncation boundary, plus the special values.
    fn trunc_probes() -> Vec<f64> {
        let mut out = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for p in [31, 32, 63, 64] {
            for edge in [2.0_f64.powi(p), -(2.0_f64.powi(p)), -1.0] {
                for e in [edge, edge - 1.0, edge + 1.0] {
                    // Neighbours in both precisions: f32 inputs are probed through this list too.
                    let e32 = e as f32;
                    let more = [e32.next_up(), e32.next_down()].map(f64::from);
                    out.extend([e, e.next_up(), e.next_down()]);
                    out.extend(more);
                }
            }
        }
        out
    }

    /// The reference answer for a truncation of `x` into `[lo, hi]`: trap kinds as wasm specifies.
    fn trunc_ref(x: f64, lo: i128, hi: i128) -> Result<i128, TrapCode> {
        if x.is_nan() {
            return Err(BAD_CONV);
        }
        // |x| < 2^100 is exact in i128, and anything larger is out of every range anyway.
        let t = if x.abs() < 2.0_f64.powi(100) {
            x.trunc() as i128
        } else {
            i128::MAX
        };
        let t = if x < 0.0 && t == i128::MAX {
            i128::MIN
        } else {
            t
        };
        if (lo..=hi).contains(&t) {
            Ok(t)
        } else {
            Err(OVERFLOW)
        }
    }

    #[test]
    fn truncations_match_a_wide_reference() {
        let (i32r, u32r) = (
            (i128::from(i32::MIN), i128::from(i32::MAX)),
            (0, i128::from(u32::MAX)),
        );
        let (i64r, u64r) = (
            (i128::from(i64::MIN), i128::from(i64::MAX)),
            (0, i128::from(u64::MAX)),
        );
        let sat = |x: f64, (lo, hi): (i128, i128)| match trunc_ref(x, lo, hi) {
            Ok(v) => v,
            Err(_) if x.is_nan() => 0,
            Err(_) if x < 0.0 => lo,
            Err(_) => hi,
        };
        for x in trunc_probes() {
            let r = |v: Result<i128, TrapCode>| v.map(|v| v as i64);
            let w32 = |v: Result<i32, TrapCode>| v.map(|v| i64::from(v as u32));
            let s32 = |v: Result<i32, TrapCode>| v.map(i64::from);
            assert_eq!(
                s32(i32_trunc_f64_s(x)),
                r(trunc_ref(x, i32r.0, i32r.1)),
                "{x}"
            );
            assert_eq!(
                w32(i32_trunc_f64_u(x)),
                r(trunc_ref(x, u32r.0, u32r.1)),
                "{x}"
            );
            assert_eq!(i64_trunc_f64_s(x), r(trunc_ref(x, i64r.0, i64r.1)), "{x}");
            assert_eq!(i64_trunc_f64_u(x), r(trunc_ref(x, u64r.0, u64r.1)), "{x}");
            assert_eq!(i128::from(i32_trunc_sat_f64_s(x)), sat(x, i32r), "{x}");
            assert_eq!(
                i128::from(i32_trunc_sat_f64_u(x) as u32),
                sat(x, u32r),
                "{x}"
            );
            assert_eq!(i128::from(i64_trunc_sat_f64_s(x)), sat(x, i64r), "{x}");
            assert_eq!(
                i128::from(i64_trunc_sat_f64_u(x) as u64),
                sat(x, u64r),
                "{x}"
            );

            let y = x as f32;
            let x = f64::from(y);
            assert_eq!(
                s32(i32_trunc_f32_s(y)),
                r(trunc_ref(x, i32r.0, i32r.1)),
                "{y}"
            );
            assert_eq!(
                w32(i32_trunc_f32_u(y)),
                r(trunc_ref(x, u32r.0, u32r.1)),
                "{y}"
            );
            assert_eq!(i64_trunc_f32_s(y), r(trunc_ref(x, i64r.0, i64r.1)), "{y}");
            assert_eq!(i64_trunc_f32_u(y), r(trunc_ref(x, u64r.0, u64r.1)), "{y}");
            assert_eq!(i128::from(i32_trunc_sat_f32_s(y)), sat(x, i32r), "{y}");
            assert_eq!(
                i128::from(i32_trunc_sat_f32_u(y) as u32),
                sat(x, u32r),
                "{y}"
            );
            assert_eq!(i128::from(i64_trunc_sat_f32_s(y)), sat(x, i64r), "{y}");
            assert_eq!(
                i128::from(i64_trunc_sat_f32_u(y) as u64),
                sat(x, u64r),
                "{y}"
            );
        }
    }
}
