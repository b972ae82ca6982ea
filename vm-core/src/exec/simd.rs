//! Semantics of the SIMD (`v128`) operators as pure functions on lanes: every fixed-width SIMD operator of
//! WebAssembly 2.0 and every relaxed-SIMD operator of WebAssembly 3.0.
//!
//! Each operator is one function named after its text-format name with `.` replaced by `_` (`i8x16.add_sat_s`
//! is [`i8x16_add_sat_s`]). A [`V128`] is a `u128` whose lane 0 holds the least significant bits, so a vector
//! equals `u128::from_le_bytes` of its 16 bytes in linear memory. Float lanes travel as bit patterns and go
//! through the scalar operators of [`super::ops`] lane by lane, so they follow exactly the scalar rules (NaN
//! propagation, signed zeros, rounding). Nothing here allocates or panics: lane indices are masked to the lane
//! count, shift counts are taken modulo the lane width, and integer arithmetic wraps or saturates as the spec
//! says.
//!
//! The relaxed operators allow a set of results; capvm picks one, documented on each function, that is the same
//! on every host and for every execution.

#![forbid(unsafe_code)]
#![allow(dead_code, reason = "wired into the interpreter separately")]

use core::array;

use super::ops;

/// A 128-bit vector: lane 0 is the least significant bits (the first bytes in linear memory).
pub(crate) type V128 = u128;

// ---- Lanes ----

/// The 16 unsigned 8-bit lanes.
#[inline(always)]
fn lanes_u8(v: V128) -> [u8; 16] {
    v.to_le_bytes()
}

/// A vector from 16 unsigned 8-bit lanes.
#[inline(always)]
fn from_lanes_u8(l: [u8; 16]) -> V128 {
    V128::from_le_bytes(l)
}

/// The 16 signed 8-bit lanes.
#[inline(always)]
fn lanes_i8(v: V128) -> [i8; 16] {
    lanes_u8(v).map(|x| x as i8)
}

/// A vector from 16 signed 8-bit lanes.
#[inline(always)]
fn from_lanes_i8(l: [i8; 16]) -> V128 {
    from_lanes_u8(l.map(|x| x as u8))
}

/// The 8 unsigned 16-bit lanes.
#[inline(always)]
fn lanes_u16(v: V128) -> [u16; 8] {
    array::from_fn(|i| (v >> (16 * i)) as u16)
}

/// A vector from 8 unsigned 16-bit lanes.
#[inline(always)]
fn from_lanes_u16(l: [u16; 8]) -> V128 {
    join(l.map(V128::from))
}

/// The 8 signed 16-bit lanes.
#[inline(always)]
fn lanes_i16(v: V128) -> [i16; 8] {
    lanes_u16(v).map(|x| x as i16)
}

/// A vector from 8 signed 16-bit lanes.
#[inline(always)]
fn from_lanes_i16(l: [i16; 8]) -> V128 {
    from_lanes_u16(l.map(|x| x as u16))
}

/// The 4 unsigned 32-bit lanes.
#[inline(always)]
fn lanes_u32(v: V128) -> [u32; 4] {
    array::from_fn(|i| (v >> (32 * i)) as u32)
}

/// A vector from 4 unsigned 32-bit lanes.
#[inline(always)]
fn from_lanes_u32(l: [u32; 4]) -> V128 {
    join(l.map(V128::from))
}

/// The 4 signed 32-bit lanes.
#[inline(always)]
fn lanes_i32(v: V128) -> [i32; 4] {
    lanes_u32(v).map(|x| x as i32)
}

/// A vector from 4 signed 32-bit lanes.
#[inline(always)]
fn from_lanes_i32(l: [i32; 4]) -> V128 {
    from_lanes_u32(l.map(|x| x as u32))
}

/// The 2 unsigned 64-bit lanes.
#[inline(always)]
fn lanes_u64(v: V128) -> [u64; 2] {
    [v as u64, (v >> 64) as u64]
}

/// A vector from 2 unsigned 64-bit lanes.
#[inline(always)]
fn from_lanes_u64(l: [u64; 2]) -> V128 {
    join(l.map(V128::from))
}

/// The 2 signed 64-bit lanes.
#[inline(always)]
fn lanes_i64(v: V128) -> [i64; 2] {
    lanes_u64(v).map(|x| x as i64)
}

/// A vector from 2 signed 64-bit lanes.
#[inline(always)]
fn from_lanes_i64(l: [i64; 2]) -> V128 {
    from_lanes_u64(l.map(|x| x as u64))
}

/// The 4 `f32` lanes (bit patterns preserved).
#[inline(always)]
fn lanes_f32(v: V128) -> [f32; 4] {
    lanes_u32(v).map(f32::from_bits)
}

/// A vector from 4 `f32` lanes (bit patterns preserved).
#[inline(always)]
fn from_lanes_f32(l: [f32; 4]) -> V128 {
    from_lanes_u32(l.map(f32::to_bits))
}

/// The 2 `f64` lanes (bit patterns preserved).
#[inline(always)]
fn lanes_f64(v: V128) -> [f64; 2] {
    lanes_u64(v).map(f64::from_bits)
}

/// A vector from 2 `f64` lanes (bit patterns preserved).
#[inline(always)]
fn from_lanes_f64(l: [f64; 2]) -> V128 {
    from_lanes_u64(l.map(f64::to_bits))
}

/// Joins `N` lanes of `128 / N` bits each (already zero-extended to 128 bits), lane 0 lowest.
#[inline(always)]
fn join<const N: usize>(l: [V128; N]) -> V128 {
    const { assert!(N == 2 || N == 4 || N == 8 || N == 16) };
    let bits = 128 / N;
    l.iter()
        .enumerate()
        .fold(0, |acc, (i, &x)| acc | (x << (i * bits)))
}

// ---- Lane-wise combinators ----

/// Applies `f` to every lane.
#[inline(always)]
fn map<T: Copy, U, const N: usize>(a: [T; N], f: impl Fn(T) -> U) -> [U; N] {
    a.map(f)
}

/// Applies `f` to every pair of corresponding lanes.
#[inline(always)]
fn zip<T: Copy, U, const N: usize>(a: [T; N], b: [T; N], f: impl Fn(T, T) -> U) -> [U; N] {
    array::from_fn(|i| f(a[i], b[i]))
}

/// Applies `f` to every triple of corresponding lanes.
#[inline(always)]
fn zip3<T: Copy, U, const N: usize>(
    a: [T; N],
    b: [T; N],
    c: [T; N],
    f: impl Fn(T, T, T) -> U,
) -> [U; N] {
    array::from_fn(|i| f(a[i], b[i], c[i]))
}

/// Combines adjacent lanes `2i` and `2i + 1` into lane `i` of a result with half as many lanes.
#[inline(always)]
fn pairwise<T: Copy, U, const N: usize, const M: usize>(
    a: [T; N],
    f: impl Fn(T, T) -> U,
) -> [U; M] {
    const { assert!(N == 2 * M) };
    array::from_fn(|i| f(a[2 * i], a[2 * i + 1]))
}

/// The lower half of the lanes.
#[inline(always)]
fn low<T: Copy, const N: usize, const M: usize>(a: [T; N]) -> [T; M] {
    const { assert!(N == 2 * M) };
    array::from_fn(|i| a[i])
}

/// The upper half of the lanes.
#[inline(always)]
fn high<T: Copy, const N: usize, const M: usize>(a: [T; N]) -> [T; M] {
    const { assert!(N == 2 * M) };
    array::from_fn(|i| a[M + i])
}

/// The lanes of `a` followed by the lanes of `b`.
#[inline(always)]
fn concat<T: Copy, const N: usize, const M: usize>(a: [T; N], b: [T; N]) -> [T; M] {
    const { assert!(M == 2 * N) };
    array::from_fn(|i| if i < N { a[i] } else { b[i - N] })
}

/// A comparison result: all-ones lanes where `l` is true, all-zeros lanes elsewhere.
#[inline(always)]
fn mask<const N: usize>(l: [bool; N]) -> V128 {
    const { assert!(N == 2 || N == 4 || N == 8 || N == 16) };
    let ones = V128::MAX >> (128 - 128 / N);
    join(l.map(|t| if t { ones } else { 0 }))
}

/// A lane index reduced modulo the lane count `N` (a power of two), so it can never be out of range.
#[inline(always)]
fn lane_index<const N: usize>(lane: u8) -> usize {
    const { assert!(N.is_power_of_two()) };
    usize::from(lane) & (N - 1)
}

/// Lane `lane` (modulo `N`) of `l`.
#[inline(always)]
fn lane_at<T: Copy, const N: usize>(l: [T; N], lane: u8) -> T {
    l[lane_index::<N>(lane)]
}

/// `l` with lane `lane` (modulo `N`) replaced by `x`.
#[inline(always)]
fn replace<T: Copy, const N: usize>(mut l: [T; N], lane: u8, x: T) -> [T; N] {
    l[lane_index::<N>(lane)] = x;
    l
}

/// 1 if every lane is nonzero, else 0.
#[inline(always)]
fn all_true<T: PartialEq + Default, const N: usize>(l: [T; N]) -> i32 {
    i32::from(l.iter().all(|x| *x != T::default()))
}

/// The sign bits of the (signed) lanes, lane `i` in bit `i`.
#[inline(always)]
fn bitmask<T: PartialOrd + Default, const N: usize>(l: [T; N]) -> i32 {
    l.iter()
        .enumerate()
        .fold(0, |acc, (i, x)| acc | (i32::from(*x < T::default()) << i))
}

/// Signed saturation of an `i16` to `i8`.
#[inline(always)]
fn sat_s8(x: i16) -> i8 {
    x.clamp(i8::MIN.into(), i8::MAX.into()) as i8
}

/// Unsigned saturation of an `i16` to `u8`.
#[inline(always)]
fn sat_u8(x: i16) -> u8 {
    x.clamp(0, u8::MAX.into()) as u8
}

/// Signed saturation of an `i32` to `i16`.
#[inline(always)]
fn sat_s16(x: i32) -> i16 {
    x.clamp(i16::MIN.into(), i16::MAX.into()) as i16
}

/// Unsigned saturation of an `i32` to `u16`.
#[inline(always)]
fn sat_u16(x: i32) -> u16 {
    x.clamp(0, u16::MAX.into()) as u16
}

/// Q15 rounding multiplication `(x * y + 2^14) >> 15`, saturated (only `MIN * MIN` overflows).
#[inline(always)]
fn q15mulr(x: i16, y: i16) -> i16 {
    sat_s16((i32::from(x) * i32::from(y) + 0x4000) >> 15)
}

// ---- v128 bitwise operators ----

/// `v128.not`: bitwise complement.
#[inline]
pub(crate) fn v128_not(a: V128) -> V128 {
    !a
}

/// `v128.and`: bitwise and.
#[inline]
pub(crate) fn v128_and(a: V128, b: V128) -> V128 {
    a & b
}

/// `v128.andnot`: `a & !b`.
#[inline]
pub(crate) fn v128_andnot(a: V128, b: V128) -> V128 {
    a & !b
}

/// `v128.or`: bitwise or.
#[inline]
pub(crate) fn v128_or(a: V128, b: V128) -> V128 {
    a | b
}

/// `v128.xor`: bitwise exclusive or.
#[inline]
pub(crate) fn v128_xor(a: V128, b: V128) -> V128 {
    a ^ b
}

/// `v128.bitselect`: the bits of `v1` where `mask` is 1, the bits of `v2` where it is 0.
#[inline]
pub(crate) fn v128_bitselect(v1: V128, v2: V128, mask: V128) -> V128 {
    (v1 & mask) | (v2 & !mask)
}

/// `v128.any_true`: 1 if any bit is set, else 0.
#[inline]
pub(crate) fn v128_any_true(a: V128) -> i32 {
    i32::from(a != 0)
}

// ---- Splat ----

/// `i8x16.splat`: the low 8 bits of `x` in every lane.
#[inline]
pub(crate) fn i8x16_splat(x: i32) -> V128 {
    from_lanes_u8([x as u8; 16])
}

/// `i16x8.splat`: the low 16 bits of `x` in every lane.
#[inline]
pub(crate) fn i16x8_splat(x: i32) -> V128 {
    from_lanes_u16([x as u16; 8])
}

/// `i32x4.splat`: `x` in every lane.
#[inline]
pub(crate) fn i32x4_splat(x: i32) -> V128 {
    from_lanes_i32([x; 4])
}

/// `i64x2.splat`: `x` in every lane.
#[inline]
pub(crate) fn i64x2_splat(x: i64) -> V128 {
    from_lanes_i64([x; 2])
}

/// `f32x4.splat`: `x` (its exact bits) in every lane.
#[inline]
pub(crate) fn f32x4_splat(x: f32) -> V128 {
    from_lanes_u32([x.to_bits(); 4])
}

/// `f64x2.splat`: `x` (its exact bits) in every lane.
#[inline]
pub(crate) fn f64x2_splat(x: f64) -> V128 {
    from_lanes_u64([x.to_bits(); 2])
}

// ---- Extract lane (the lane index is taken modulo the lane count) ----

/// `i8x16.extract_lane_s`: lane `lane & 15`, sign-extended.
#[inline]
pub(crate) fn i8x16_extract_lane_s(v: V128, lane: u8) -> i32 {
    i32::from(lane_at(lanes_i8(v), lane))
}

/// `i8x16.extract_lane_u`: lane `lane & 15`, zero-extended.
#[inline]
pub(crate) fn i8x16_extract_lane_u(v: V128, lane: u8) -> i32 {
    i32::from(lane_at(lanes_u8(v), lane))
}

/// `i16x8.extract_lane_s`: lane `lane & 7`, sign-extended.
#[inline]
pub(crate) fn i16x8_extract_lane_s(v: V128, lane: u8) -> i32 {
    i32::from(lane_at(lanes_i16(v), lane))
}

/// `i16x8.extract_lane_u`: lane `lane & 7`, zero-extended.
#[inline]
pub(crate) fn i16x8_extract_lane_u(v: V128, lane: u8) -> i32 {
    i32::from(lane_at(lanes_u16(v), lane))
}

/// `i32x4.extract_lane`: lane `lane & 3`.
#[inline]
pub(crate) fn i32x4_extract_lane(v: V128, lane: u8) -> i32 {
    lane_at(lanes_i32(v), lane)
}

/// `i64x2.extract_lane`: lane `lane & 1`.
#[inline]
pub(crate) fn i64x2_extract_lane(v: V128, lane: u8) -> i64 {
    lane_at(lanes_i64(v), lane)
}

/// `f32x4.extract_lane`: lane `lane & 3`, bits preserved.
#[inline]
pub(crate) fn f32x4_extract_lane(v: V128, lane: u8) -> f32 {
    f32::from_bits(lane_at(lanes_u32(v), lane))
}

/// `f64x2.extract_lane`: lane `lane & 1`, bits preserved.
#[inline]
pub(crate) fn f64x2_extract_lane(v: V128, lane: u8) -> f64 {
    f64::from_bits(lane_at(lanes_u64(v), lane))
}

// ---- Replace lane (the lane index is taken modulo the lane count) ----

/// `i8x16.replace_lane`: `v` with lane `lane & 15` set to the low 8 bits of `x`.
#[inline]
pub(crate) fn i8x16_replace_lane(v: V128, lane: u8, x: i32) -> V128 {
    from_lanes_u8(replace(lanes_u8(v), lane, x as u8))
}

/// `i16x8.replace_lane`: `v` with lane `lane & 7` set to the low 16 bits of `x`.
#[inline]
pub(crate) fn i16x8_replace_lane(v: V128, lane: u8, x: i32) -> V128 {
    from_lanes_u16(replace(lanes_u16(v), lane, x as u16))
}

/// `i32x4.replace_lane`: `v` with lane `lane & 3` set to `x`.
#[inline]
pub(crate) fn i32x4_replace_lane(v: V128, lane: u8, x: i32) -> V128 {
    from_lanes_i32(replace(lanes_i32(v), lane, x))
}

/// `i64x2.replace_lane`: `v` with lane `lane & 1` set to `x`.
#[inline]
pub(crate) fn i64x2_replace_lane(v: V128, lane: u8, x: i64) -> V128 {
    from_lanes_i64(replace(lanes_i64(v), lane, x))
}

/// `f32x4.replace_lane`: `v` with lane `lane & 3` set to the bits of `x`.
#[inline]
pub(crate) fn f32x4_replace_lane(v: V128, lane: u8, x: f32) -> V128 {
    from_lanes_u32(replace(lanes_u32(v), lane, x.to_bits()))
}

/// `f64x2.replace_lane`: `v` with lane `lane & 1` set to the bits of `x`.
#[inline]
pub(crate) fn f64x2_replace_lane(v: V128, lane: u8, x: f64) -> V128 {
    from_lanes_u64(replace(lanes_u64(v), lane, x.to_bits()))
}

// ---- Shuffle and swizzle ----

/// `i8x16.shuffle`: lane `i` is byte `lanes[i] & 31` of the 32 bytes `a` then `b`.
#[inline]
pub(crate) fn i8x16_shuffle(a: V128, b: V128, lanes: V128) -> V128 {
    let both: [u8; 32] = concat(lanes_u8(a), lanes_u8(b));
    from_lanes_u8(map(lanes_u8(lanes), |i| both[usize::from(i & 31)]))
}

/// `i8x16.swizzle`: lane `i` is byte `s[i]` of `a`, or 0 if `s[i]` (unsigned) is 16 or more.
#[inline]
pub(crate) fn i8x16_swizzle(a: V128, s: V128) -> V128 {
    let a = lanes_u8(a);
    from_lanes_u8(map(lanes_u8(s), |i| {
        a.get(usize::from(i)).copied().unwrap_or(0)
    }))
}

// ---- i8x16 ----

/// `i8x16.eq`: lane-wise equality mask.
#[inline]
pub(crate) fn i8x16_eq(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i8(a), lanes_i8(b), |x, y| x == y))
}

/// `i8x16.ne`: lane-wise inequality mask.
#[inline]
pub(crate) fn i8x16_ne(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i8(a), lanes_i8(b), |x, y| x != y))
}

/// `i8x16.lt_s`: lane-wise signed `a < b` mask.
#[inline]
pub(crate) fn i8x16_lt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i8(a), lanes_i8(b), |x, y| x < y))
}

/// `i8x16.lt_u`: lane-wise unsigned `a < b` mask.
#[inline]
pub(crate) fn i8x16_lt_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u8(a), lanes_u8(b), |x, y| x < y))
}

/// `i8x16.gt_s`: lane-wise signed `a > b` mask.
#[inline]
pub(crate) fn i8x16_gt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i8(a), lanes_i8(b), |x, y| x > y))
}

/// `i8x16.gt_u`: lane-wise unsigned `a > b` mask.
#[inline]
pub(crate) fn i8x16_gt_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u8(a), lanes_u8(b), |x, y| x > y))
}

/// `i8x16.le_s`: lane-wise signed `a <= b` mask.
#[inline]
pub(crate) fn i8x16_le_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i8(a), lanes_i8(b), |x, y| x <= y))
}

/// `i8x16.le_u`: lane-wise unsigned `a <= b` mask.
#[inline]
pub(crate) fn i8x16_le_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u8(a), lanes_u8(b), |x, y| x <= y))
}

/// `i8x16.ge_s`: lane-wise signed `a >= b` mask.
#[inline]
pub(crate) fn i8x16_ge_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i8(a), lanes_i8(b), |x, y| x >= y))
}

/// `i8x16.ge_u`: lane-wise unsigned `a >= b` mask.
#[inline]
pub(crate) fn i8x16_ge_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u8(a), lanes_u8(b), |x, y| x >= y))
}

/// `i8x16.abs`: lane-wise absolute value, wrapping (`abs(-128)` is -128).
#[inline]
pub(crate) fn i8x16_abs(a: V128) -> V128 {
    from_lanes_i8(map(lanes_i8(a), i8::wrapping_abs))
}

/// `i8x16.neg`: lane-wise negation, wrapping.
#[inline]
pub(crate) fn i8x16_neg(a: V128) -> V128 {
    from_lanes_i8(map(lanes_i8(a), i8::wrapping_neg))
}

/// `i8x16.popcnt`: lane-wise count of one bits.
#[inline]
pub(crate) fn i8x16_popcnt(a: V128) -> V128 {
    from_lanes_u8(map(lanes_u8(a), |x| x.count_ones() as u8))
}

/// `i8x16.all_true`: 1 if every lane is nonzero, else 0.
#[inline]
pub(crate) fn i8x16_all_true(a: V128) -> i32 {
    all_true(lanes_u8(a))
}

/// `i8x16.bitmask`: the lanes' sign bits, lane `i` in bit `i`.
#[inline]
pub(crate) fn i8x16_bitmask(a: V128) -> i32 {
    bitmask(lanes_i8(a))
}

/// `i8x16.narrow_i16x8_s`: the i16 lanes of `a` then `b`, each saturated to i8.
#[inline]
pub(crate) fn i8x16_narrow_i16x8_s(a: V128, b: V128) -> V128 {
    from_lanes_i8(map(concat(lanes_i16(a), lanes_i16(b)), sat_s8))
}

/// `i8x16.narrow_i16x8_u`: the (signed) i16 lanes of `a` then `b`, each saturated to u8.
#[inline]
pub(crate) fn i8x16_narrow_i16x8_u(a: V128, b: V128) -> V128 {
    from_lanes_u8(map(concat(lanes_i16(a), lanes_i16(b)), sat_u8))
}

/// `i8x16.shl`: lane-wise shift left by `count` modulo 8.
#[inline]
pub(crate) fn i8x16_shl(a: V128, count: i32) -> V128 {
    from_lanes_u8(map(lanes_u8(a), |x| x.wrapping_shl(count as u32)))
}

/// `i8x16.shr_s`: lane-wise arithmetic shift right by `count` modulo 8.
#[inline]
pub(crate) fn i8x16_shr_s(a: V128, count: i32) -> V128 {
    from_lanes_i8(map(lanes_i8(a), |x| x.wrapping_shr(count as u32)))
}

/// `i8x16.shr_u`: lane-wise logical shift right by `count` modulo 8.
#[inline]
pub(crate) fn i8x16_shr_u(a: V128, count: i32) -> V128 {
    from_lanes_u8(map(lanes_u8(a), |x| x.wrapping_shr(count as u32)))
}

/// `i8x16.add`: lane-wise addition, wrapping.
#[inline]
pub(crate) fn i8x16_add(a: V128, b: V128) -> V128 {
    from_lanes_u8(zip(lanes_u8(a), lanes_u8(b), u8::wrapping_add))
}

/// `i8x16.add_sat_s`: lane-wise signed saturating addition.
#[inline]
pub(crate) fn i8x16_add_sat_s(a: V128, b: V128) -> V128 {
    from_lanes_i8(zip(lanes_i8(a), lanes_i8(b), i8::saturating_add))
}

/// `i8x16.add_sat_u`: lane-wise unsigned saturating addition.
#[inline]
pub(crate) fn i8x16_add_sat_u(a: V128, b: V128) -> V128 {
    from_lanes_u8(zip(lanes_u8(a), lanes_u8(b), u8::saturating_add))
}

/// `i8x16.sub`: lane-wise subtraction, wrapping.
#[inline]
pub(crate) fn i8x16_sub(a: V128, b: V128) -> V128 {
    from_lanes_u8(zip(lanes_u8(a), lanes_u8(b), u8::wrapping_sub))
}

/// `i8x16.sub_sat_s`: lane-wise signed saturating subtraction.
#[inline]
pub(crate) fn i8x16_sub_sat_s(a: V128, b: V128) -> V128 {
    from_lanes_i8(zip(lanes_i8(a), lanes_i8(b), i8::saturating_sub))
}

/// `i8x16.sub_sat_u`: lane-wise unsigned saturating subtraction.
#[inline]
pub(crate) fn i8x16_sub_sat_u(a: V128, b: V128) -> V128 {
    from_lanes_u8(zip(lanes_u8(a), lanes_u8(b), u8::saturating_sub))
}

/// `i8x16.min_s`: lane-wise signed minimum.
#[inline]
pub(crate) fn i8x16_min_s(a: V128, b: V128) -> V128 {
    from_lanes_i8(zip(lanes_i8(a), lanes_i8(b), Ord::min))
}

/// `i8x16.min_u`: lane-wise unsigned minimum.
#[inline]
pub(crate) fn i8x16_min_u(a: V128, b: V128) -> V128 {
    from_lanes_u8(zip(lanes_u8(a), lanes_u8(b), Ord::min))
}

/// `i8x16.max_s`: lane-wise signed maximum.
#[inline]
pub(crate) fn i8x16_max_s(a: V128, b: V128) -> V128 {
    from_lanes_i8(zip(lanes_i8(a), lanes_i8(b), Ord::max))
}

/// `i8x16.max_u`: lane-wise unsigned maximum.
#[inline]
pub(crate) fn i8x16_max_u(a: V128, b: V128) -> V128 {
    from_lanes_u8(zip(lanes_u8(a), lanes_u8(b), Ord::max))
}

/// `i8x16.avgr_u`: lane-wise unsigned rounding average `(a + b + 1) / 2`.
#[inline]
pub(crate) fn i8x16_avgr_u(a: V128, b: V128) -> V128 {
    from_lanes_u8(zip(lanes_u8(a), lanes_u8(b), |x, y| {
        ((u16::from(x) + u16::from(y) + 1) >> 1) as u8
    }))
}

// ---- i16x8 ----

/// `i16x8.eq`: lane-wise equality mask.
#[inline]
pub(crate) fn i16x8_eq(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i16(a), lanes_i16(b), |x, y| x == y))
}

/// `i16x8.ne`: lane-wise inequality mask.
#[inline]
pub(crate) fn i16x8_ne(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i16(a), lanes_i16(b), |x, y| x != y))
}

/// `i16x8.lt_s`: lane-wise signed `a < b` mask.
#[inline]
pub(crate) fn i16x8_lt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i16(a), lanes_i16(b), |x, y| x < y))
}

/// `i16x8.lt_u`: lane-wise unsigned `a < b` mask.
#[inline]
pub(crate) fn i16x8_lt_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u16(a), lanes_u16(b), |x, y| x < y))
}

/// `i16x8.gt_s`: lane-wise signed `a > b` mask.
#[inline]
pub(crate) fn i16x8_gt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i16(a), lanes_i16(b), |x, y| x > y))
}

/// `i16x8.gt_u`: lane-wise unsigned `a > b` mask.
#[inline]
pub(crate) fn i16x8_gt_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u16(a), lanes_u16(b), |x, y| x > y))
}

/// `i16x8.le_s`: lane-wise signed `a <= b` mask.
#[inline]
pub(crate) fn i16x8_le_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i16(a), lanes_i16(b), |x, y| x <= y))
}

/// `i16x8.le_u`: lane-wise unsigned `a <= b` mask.
#[inline]
pub(crate) fn i16x8_le_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u16(a), lanes_u16(b), |x, y| x <= y))
}

/// `i16x8.ge_s`: lane-wise signed `a >= b` mask.
#[inline]
pub(crate) fn i16x8_ge_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i16(a), lanes_i16(b), |x, y| x >= y))
}

/// `i16x8.ge_u`: lane-wise unsigned `a >= b` mask.
#[inline]
pub(crate) fn i16x8_ge_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u16(a), lanes_u16(b), |x, y| x >= y))
}

/// `i16x8.extadd_pairwise_i8x16_s`: sums of adjacent signed i8 lane pairs, as i16.
#[inline]
pub(crate) fn i16x8_extadd_pairwise_i8x16_s(a: V128) -> V128 {
    from_lanes_i16(pairwise(lanes_i8(a), |x, y| i16::from(x) + i16::from(y)))
}

/// `i16x8.extadd_pairwise_i8x16_u`: sums of adjacent unsigned i8 lane pairs, as i16.
#[inline]
pub(crate) fn i16x8_extadd_pairwise_i8x16_u(a: V128) -> V128 {
    from_lanes_u16(pairwise(lanes_u8(a), |x, y| u16::from(x) + u16::from(y)))
}

/// `i16x8.abs`: lane-wise absolute value, wrapping (`abs(-32768)` is -32768).
#[inline]
pub(crate) fn i16x8_abs(a: V128) -> V128 {
    from_lanes_i16(map(lanes_i16(a), i16::wrapping_abs))
}

/// `i16x8.neg`: lane-wise negation, wrapping.
#[inline]
pub(crate) fn i16x8_neg(a: V128) -> V128 {
    from_lanes_i16(map(lanes_i16(a), i16::wrapping_neg))
}

/// `i16x8.q15mulr_sat_s`: lane-wise Q15 rounding multiplication `(a * b + 2^14) >> 15`, saturated.
#[inline]
pub(crate) fn i16x8_q15mulr_sat_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(zip(lanes_i16(a), lanes_i16(b), q15mulr))
}

/// `i16x8.all_true`: 1 if every lane is nonzero, else 0.
#[inline]
pub(crate) fn i16x8_all_true(a: V128) -> i32 {
    all_true(lanes_u16(a))
}

/// `i16x8.bitmask`: the lanes' sign bits, lane `i` in bit `i`.
#[inline]
pub(crate) fn i16x8_bitmask(a: V128) -> i32 {
    bitmask(lanes_i16(a))
}

/// `i16x8.narrow_i32x4_s`: the i32 lanes of `a` then `b`, each saturated to i16.
#[inline]
pub(crate) fn i16x8_narrow_i32x4_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(map(concat(lanes_i32(a), lanes_i32(b)), sat_s16))
}

/// `i16x8.narrow_i32x4_u`: the (signed) i32 lanes of `a` then `b`, each saturated to u16.
#[inline]
pub(crate) fn i16x8_narrow_i32x4_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(map(concat(lanes_i32(a), lanes_i32(b)), sat_u16))
}

/// `i16x8.extend_low_i8x16_s`: the low 8 i8 lanes, sign-extended to i16.
#[inline]
pub(crate) fn i16x8_extend_low_i8x16_s(a: V128) -> V128 {
    from_lanes_i16(map(low(lanes_i8(a)), i16::from))
}

/// `i16x8.extend_high_i8x16_s`: the high 8 i8 lanes, sign-extended to i16.
#[inline]
pub(crate) fn i16x8_extend_high_i8x16_s(a: V128) -> V128 {
    from_lanes_i16(map(high(lanes_i8(a)), i16::from))
}

/// `i16x8.extend_low_i8x16_u`: the low 8 i8 lanes, zero-extended to i16.
#[inline]
pub(crate) fn i16x8_extend_low_i8x16_u(a: V128) -> V128 {
    from_lanes_u16(map(low(lanes_u8(a)), u16::from))
}

/// `i16x8.extend_high_i8x16_u`: the high 8 i8 lanes, zero-extended to i16.
#[inline]
pub(crate) fn i16x8_extend_high_i8x16_u(a: V128) -> V128 {
    from_lanes_u16(map(high(lanes_u8(a)), u16::from))
}

/// `i16x8.shl`: lane-wise shift left by `count` modulo 16.
#[inline]
pub(crate) fn i16x8_shl(a: V128, count: i32) -> V128 {
    from_lanes_u16(map(lanes_u16(a), |x| x.wrapping_shl(count as u32)))
}

/// `i16x8.shr_s`: lane-wise arithmetic shift right by `count` modulo 16.
#[inline]
pub(crate) fn i16x8_shr_s(a: V128, count: i32) -> V128 {
    from_lanes_i16(map(lanes_i16(a), |x| x.wrapping_shr(count as u32)))
}

/// `i16x8.shr_u`: lane-wise logical shift right by `count` modulo 16.
#[inline]
pub(crate) fn i16x8_shr_u(a: V128, count: i32) -> V128 {
    from_lanes_u16(map(lanes_u16(a), |x| x.wrapping_shr(count as u32)))
}

/// `i16x8.add`: lane-wise addition, wrapping.
#[inline]
pub(crate) fn i16x8_add(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), u16::wrapping_add))
}

/// `i16x8.add_sat_s`: lane-wise signed saturating addition.
#[inline]
pub(crate) fn i16x8_add_sat_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(zip(lanes_i16(a), lanes_i16(b), i16::saturating_add))
}

/// `i16x8.add_sat_u`: lane-wise unsigned saturating addition.
#[inline]
pub(crate) fn i16x8_add_sat_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), u16::saturating_add))
}

/// `i16x8.sub`: lane-wise subtraction, wrapping.
#[inline]
pub(crate) fn i16x8_sub(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), u16::wrapping_sub))
}

/// `i16x8.sub_sat_s`: lane-wise signed saturating subtraction.
#[inline]
pub(crate) fn i16x8_sub_sat_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(zip(lanes_i16(a), lanes_i16(b), i16::saturating_sub))
}

/// `i16x8.sub_sat_u`: lane-wise unsigned saturating subtraction.
#[inline]
pub(crate) fn i16x8_sub_sat_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), u16::saturating_sub))
}

/// `i16x8.mul`: lane-wise multiplication, wrapping.
#[inline]
pub(crate) fn i16x8_mul(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), u16::wrapping_mul))
}

/// `i16x8.min_s`: lane-wise signed minimum.
#[inline]
pub(crate) fn i16x8_min_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(zip(lanes_i16(a), lanes_i16(b), Ord::min))
}

/// `i16x8.min_u`: lane-wise unsigned minimum.
#[inline]
pub(crate) fn i16x8_min_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), Ord::min))
}

/// `i16x8.max_s`: lane-wise signed maximum.
#[inline]
pub(crate) fn i16x8_max_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(zip(lanes_i16(a), lanes_i16(b), Ord::max))
}

/// `i16x8.max_u`: lane-wise unsigned maximum.
#[inline]
pub(crate) fn i16x8_max_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), Ord::max))
}

/// `i16x8.avgr_u`: lane-wise unsigned rounding average `(a + b + 1) / 2`.
#[inline]
pub(crate) fn i16x8_avgr_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(lanes_u16(a), lanes_u16(b), |x, y| {
        ((u32::from(x) + u32::from(y) + 1) >> 1) as u16
    }))
}

/// `i16x8.extmul_low_i8x16_s`: products of the low 8 signed i8 lanes, as i16 (exact).
#[inline]
pub(crate) fn i16x8_extmul_low_i8x16_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(zip(low(lanes_i8(a)), low(lanes_i8(b)), |x, y| {
        i16::from(x) * i16::from(y)
    }))
}

/// `i16x8.extmul_high_i8x16_s`: products of the high 8 signed i8 lanes, as i16 (exact).
#[inline]
pub(crate) fn i16x8_extmul_high_i8x16_s(a: V128, b: V128) -> V128 {
    from_lanes_i16(zip(high(lanes_i8(a)), high(lanes_i8(b)), |x, y| {
        i16::from(x) * i16::from(y)
    }))
}

/// `i16x8.extmul_low_i8x16_u`: products of the low 8 unsigned i8 lanes, as i16 (exact).
#[inline]
pub(crate) fn i16x8_extmul_low_i8x16_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(low(lanes_u8(a)), low(lanes_u8(b)), |x, y| {
        u16::from(x) * u16::from(y)
    }))
}

/// `i16x8.extmul_high_i8x16_u`: products of the high 8 unsigned i8 lanes, as i16 (exact).
#[inline]
pub(crate) fn i16x8_extmul_high_i8x16_u(a: V128, b: V128) -> V128 {
    from_lanes_u16(zip(high(lanes_u8(a)), high(lanes_u8(b)), |x, y| {
        u16::from(x) * u16::from(y)
    }))
}

// ---- i32x4 ----

/// `i32x4.eq`: lane-wise equality mask.
#[inline]
pub(crate) fn i32x4_eq(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i32(a), lanes_i32(b), |x, y| x == y))
}

/// `i32x4.ne`: lane-wise inequality mask.
#[inline]
pub(crate) fn i32x4_ne(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i32(a), lanes_i32(b), |x, y| x != y))
}

/// `i32x4.lt_s`: lane-wise signed `a < b` mask.
#[inline]
pub(crate) fn i32x4_lt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i32(a), lanes_i32(b), |x, y| x < y))
}

/// `i32x4.lt_u`: lane-wise unsigned `a < b` mask.
#[inline]
pub(crate) fn i32x4_lt_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u32(a), lanes_u32(b), |x, y| x < y))
}

/// `i32x4.gt_s`: lane-wise signed `a > b` mask.
#[inline]
pub(crate) fn i32x4_gt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i32(a), lanes_i32(b), |x, y| x > y))
}

/// `i32x4.gt_u`: lane-wise unsigned `a > b` mask.
#[inline]
pub(crate) fn i32x4_gt_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u32(a), lanes_u32(b), |x, y| x > y))
}

/// `i32x4.le_s`: lane-wise signed `a <= b` mask.
#[inline]
pub(crate) fn i32x4_le_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i32(a), lanes_i32(b), |x, y| x <= y))
}

/// `i32x4.le_u`: lane-wise unsigned `a <= b` mask.
#[inline]
pub(crate) fn i32x4_le_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u32(a), lanes_u32(b), |x, y| x <= y))
}

/// `i32x4.ge_s`: lane-wise signed `a >= b` mask.
#[inline]
pub(crate) fn i32x4_ge_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i32(a), lanes_i32(b), |x, y| x >= y))
}

/// `i32x4.ge_u`: lane-wise unsigned `a >= b` mask.
#[inline]
pub(crate) fn i32x4_ge_u(a: V128, b: V128) -> V128 {
    mask(zip(lanes_u32(a), lanes_u32(b), |x, y| x >= y))
}

/// `i32x4.extadd_pairwise_i16x8_s`: sums of adjacent signed i16 lane pairs, as i32.
#[inline]
pub(crate) fn i32x4_extadd_pairwise_i16x8_s(a: V128) -> V128 {
    from_lanes_i32(pairwise(lanes_i16(a), |x, y| i32::from(x) + i32::from(y)))
}

/// `i32x4.extadd_pairwise_i16x8_u`: sums of adjacent unsigned i16 lane pairs, as i32.
#[inline]
pub(crate) fn i32x4_extadd_pairwise_i16x8_u(a: V128) -> V128 {
    from_lanes_u32(pairwise(lanes_u16(a), |x, y| u32::from(x) + u32::from(y)))
}

/// `i32x4.abs`: lane-wise absolute value, wrapping (`abs(i32::MIN)` is `i32::MIN`).
#[inline]
pub(crate) fn i32x4_abs(a: V128) -> V128 {
    from_lanes_i32(map(lanes_i32(a), i32::wrapping_abs))
}

/// `i32x4.neg`: lane-wise negation, wrapping.
#[inline]
pub(crate) fn i32x4_neg(a: V128) -> V128 {
    from_lanes_i32(map(lanes_i32(a), i32::wrapping_neg))
}

/// `i32x4.all_true`: 1 if every lane is nonzero, else 0.
#[inline]
pub(crate) fn i32x4_all_true(a: V128) -> i32 {
    all_true(lanes_u32(a))
}

/// `i32x4.bitmask`: the lanes' sign bits, lane `i` in bit `i`.
#[inline]
pub(crate) fn i32x4_bitmask(a: V128) -> i32 {
    bitmask(lanes_i32(a))
}

/// `i32x4.extend_low_i16x8_s`: the low 4 i16 lanes, sign-extended to i32.
#[inline]
pub(crate) fn i32x4_extend_low_i16x8_s(a: V128) -> V128 {
    from_lanes_i32(map(low(lanes_i16(a)), i32::from))
}

/// `i32x4.extend_high_i16x8_s`: the high 4 i16 lanes, sign-extended to i32.
#[inline]
pub(crate) fn i32x4_extend_high_i16x8_s(a: V128) -> V128 {
    from_lanes_i32(map(high(lanes_i16(a)), i32::from))
}

/// `i32x4.extend_low_i16x8_u`: the low 4 i16 lanes, zero-extended to i32.
#[inline]
pub(crate) fn i32x4_extend_low_i16x8_u(a: V128) -> V128 {
    from_lanes_u32(map(low(lanes_u16(a)), u32::from))
}

/// `i32x4.extend_high_i16x8_u`: the high 4 i16 lanes, zero-extended to i32.
#[inline]
pub(crate) fn i32x4_extend_high_i16x8_u(a: V128) -> V128 {
    from_lanes_u32(map(high(lanes_u16(a)), u32::from))
}

/// `i32x4.shl`: lane-wise shift left by `count` modulo 32.
#[inline]
pub(crate) fn i32x4_shl(a: V128, count: i32) -> V128 {
    from_lanes_u32(map(lanes_u32(a), |x| x.wrapping_shl(count as u32)))
}

/// `i32x4.shr_s`: lane-wise arithmetic shift right by `count` modulo 32.
#[inline]
pub(crate) fn i32x4_shr_s(a: V128, count: i32) -> V128 {
    from_lanes_i32(map(lanes_i32(a), |x| x.wrapping_shr(count as u32)))
}

/// `i32x4.shr_u`: lane-wise logical shift right by `count` modulo 32.
#[inline]
pub(crate) fn i32x4_shr_u(a: V128, count: i32) -> V128 {
    from_lanes_u32(map(lanes_u32(a), |x| x.wrapping_shr(count as u32)))
}

/// `i32x4.add`: lane-wise addition, wrapping.
#[inline]
pub(crate) fn i32x4_add(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(lanes_u32(a), lanes_u32(b), u32::wrapping_add))
}

/// `i32x4.sub`: lane-wise subtraction, wrapping.
#[inline]
pub(crate) fn i32x4_sub(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(lanes_u32(a), lanes_u32(b), u32::wrapping_sub))
}

/// `i32x4.mul`: lane-wise multiplication, wrapping.
#[inline]
pub(crate) fn i32x4_mul(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(lanes_u32(a), lanes_u32(b), u32::wrapping_mul))
}

/// `i32x4.min_s`: lane-wise signed minimum.
#[inline]
pub(crate) fn i32x4_min_s(a: V128, b: V128) -> V128 {
    from_lanes_i32(zip(lanes_i32(a), lanes_i32(b), Ord::min))
}

/// `i32x4.min_u`: lane-wise unsigned minimum.
#[inline]
pub(crate) fn i32x4_min_u(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(lanes_u32(a), lanes_u32(b), Ord::min))
}

/// `i32x4.max_s`: lane-wise signed maximum.
#[inline]
pub(crate) fn i32x4_max_s(a: V128, b: V128) -> V128 {
    from_lanes_i32(zip(lanes_i32(a), lanes_i32(b), Ord::max))
}

/// `i32x4.max_u`: lane-wise unsigned maximum.
#[inline]
pub(crate) fn i32x4_max_u(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(lanes_u32(a), lanes_u32(b), Ord::max))
}

/// `i32x4.dot_i16x8_s`: sums of the products of adjacent signed i16 lane pairs, as i32, wrapping.
#[inline]
pub(crate) fn i32x4_dot_i16x8_s(a: V128, b: V128) -> V128 {
    let products = zip(lanes_i16(a), lanes_i16(b), |x, y| {
        i32::from(x) * i32::from(y)
    });
    from_lanes_i32(pairwise(products, i32::wrapping_add))
}

/// `i32x4.extmul_low_i16x8_s`: products of the low 4 signed i16 lanes, as i32 (exact).
#[inline]
pub(crate) fn i32x4_extmul_low_i16x8_s(a: V128, b: V128) -> V128 {
    from_lanes_i32(zip(low(lanes_i16(a)), low(lanes_i16(b)), |x, y| {
        i32::from(x) * i32::from(y)
    }))
}

/// `i32x4.extmul_high_i16x8_s`: products of the high 4 signed i16 lanes, as i32 (exact).
#[inline]
pub(crate) fn i32x4_extmul_high_i16x8_s(a: V128, b: V128) -> V128 {
    from_lanes_i32(zip(high(lanes_i16(a)), high(lanes_i16(b)), |x, y| {
        i32::from(x) * i32::from(y)
    }))
}

/// `i32x4.extmul_low_i16x8_u`: products of the low 4 unsigned i16 lanes, as i32 (exact).
#[inline]
pub(crate) fn i32x4_extmul_low_i16x8_u(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(low(lanes_u16(a)), low(lanes_u16(b)), |x, y| {
        u32::from(x) * u32::from(y)
    }))
}

/// `i32x4.extmul_high_i16x8_u`: products of the high 4 unsigned i16 lanes, as i32 (exact).
#[inline]
pub(crate) fn i32x4_extmul_high_i16x8_u(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(high(lanes_u16(a)), high(lanes_u16(b)), |x, y| {
        u32::from(x) * u32::from(y)
    }))
}

/// `i32x4.trunc_sat_f32x4_s`: lane-wise `i32.trunc_sat_f32_s` (NaN gives 0, out of range clamps).
#[inline]
pub(crate) fn i32x4_trunc_sat_f32x4_s(a: V128) -> V128 {
    from_lanes_i32(map(lanes_f32(a), ops::i32_trunc_sat_f32_s))
}

/// `i32x4.trunc_sat_f32x4_u`: lane-wise `i32.trunc_sat_f32_u` (NaN gives 0, out of range clamps).
#[inline]
pub(crate) fn i32x4_trunc_sat_f32x4_u(a: V128) -> V128 {
    from_lanes_i32(map(lanes_f32(a), ops::i32_trunc_sat_f32_u))
}

/// `i32x4.trunc_sat_f64x2_s_zero`: `i32.trunc_sat_f64_s` of both f64 lanes into lanes 0 and 1; lanes 2, 3 are 0.
#[inline]
pub(crate) fn i32x4_trunc_sat_f64x2_s_zero(a: V128) -> V128 {
    let [x, y] = lanes_f64(a);
    from_lanes_i32([
        ops::i32_trunc_sat_f64_s(x),
        ops::i32_trunc_sat_f64_s(y),
        0,
        0,
    ])
}

/// `i32x4.trunc_sat_f64x2_u_zero`: `i32.trunc_sat_f64_u` of both f64 lanes into lanes 0 and 1; lanes 2, 3 are 0.
#[inline]
pub(crate) fn i32x4_trunc_sat_f64x2_u_zero(a: V128) -> V128 {
    let [x, y] = lanes_f64(a);
    from_lanes_i32([
        ops::i32_trunc_sat_f64_u(x),
        ops::i32_trunc_sat_f64_u(y),
        0,
        0,
    ])
}

// ---- i64x2 ----

/// `i64x2.eq`: lane-wise equality mask.
#[inline]
pub(crate) fn i64x2_eq(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i64(a), lanes_i64(b), |x, y| x == y))
}

/// `i64x2.ne`: lane-wise inequality mask.
#[inline]
pub(crate) fn i64x2_ne(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i64(a), lanes_i64(b), |x, y| x != y))
}

/// `i64x2.lt_s`: lane-wise signed `a < b` mask.
#[inline]
pub(crate) fn i64x2_lt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i64(a), lanes_i64(b), |x, y| x < y))
}

/// `i64x2.gt_s`: lane-wise signed `a > b` mask.
#[inline]
pub(crate) fn i64x2_gt_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i64(a), lanes_i64(b), |x, y| x > y))
}

/// `i64x2.le_s`: lane-wise signed `a <= b` mask.
#[inline]
pub(crate) fn i64x2_le_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i64(a), lanes_i64(b), |x, y| x <= y))
}

/// `i64x2.ge_s`: lane-wise signed `a >= b` mask.
#[inline]
pub(crate) fn i64x2_ge_s(a: V128, b: V128) -> V128 {
    mask(zip(lanes_i64(a), lanes_i64(b), |x, y| x >= y))
}

/// `i64x2.abs`: lane-wise absolute value, wrapping (`abs(i64::MIN)` is `i64::MIN`).
#[inline]
pub(crate) fn i64x2_abs(a: V128) -> V128 {
    from_lanes_i64(map(lanes_i64(a), i64::wrapping_abs))
}

/// `i64x2.neg`: lane-wise negation, wrapping.
#[inline]
pub(crate) fn i64x2_neg(a: V128) -> V128 {
    from_lanes_i64(map(lanes_i64(a), i64::wrapping_neg))
}

/// `i64x2.all_true`: 1 if every lane is nonzero, else 0.
#[inline]
pub(crate) fn i64x2_all_true(a: V128) -> i32 {
    all_true(lanes_u64(a))
}

/// `i64x2.bitmask`: the lanes' sign bits, lane `i` in bit `i`.
#[inline]
pub(crate) fn i64x2_bitmask(a: V128) -> i32 {
    bitmask(lanes_i64(a))
}

/// `i64x2.extend_low_i32x4_s`: the low 2 i32 lanes, sign-extended to i64.
#[inline]
pub(crate) fn i64x2_extend_low_i32x4_s(a: V128) -> V128 {
    from_lanes_i64(map(low(lanes_i32(a)), i64::from))
}

/// `i64x2.extend_high_i32x4_s`: the high 2 i32 lanes, sign-extended to i64.
#[inline]
pub(crate) fn i64x2_extend_high_i32x4_s(a: V128) -> V128 {
    from_lanes_i64(map(high(lanes_i32(a)), i64::from))
}

/// `i64x2.extend_low_i32x4_u`: the low 2 i32 lanes, zero-extended to i64.
#[inline]
pub(crate) fn i64x2_extend_low_i32x4_u(a: V128) -> V128 {
    from_lanes_u64(map(low(lanes_u32(a)), u64::from))
}

/// `i64x2.extend_high_i32x4_u`: the high 2 i32 lanes, zero-extended to i64.
#[inline]
pub(crate) fn i64x2_extend_high_i32x4_u(a: V128) -> V128 {
    from_lanes_u64(map(high(lanes_u32(a)), u64::from))
}

/// `i64x2.shl`: lane-wise shift left by `count` modulo 64.
#[inline]
pub(crate) fn i64x2_shl(a: V128, count: i32) -> V128 {
    from_lanes_u64(map(lanes_u64(a), |x| x.wrapping_shl(count as u32)))
}

/// `i64x2.shr_s`: lane-wise arithmetic shift right by `count` modulo 64.
#[inline]
pub(crate) fn i64x2_shr_s(a: V128, count: i32) -> V128 {
    from_lanes_i64(map(lanes_i64(a), |x| x.wrapping_shr(count as u32)))
}

/// `i64x2.shr_u`: lane-wise logical shift right by `count` modulo 64.
#[inline]
pub(crate) fn i64x2_shr_u(a: V128, count: i32) -> V128 {
    from_lanes_u64(map(lanes_u64(a), |x| x.wrapping_shr(count as u32)))
}

/// `i64x2.add`: lane-wise addition, wrapping.
#[inline]
pub(crate) fn i64x2_add(a: V128, b: V128) -> V128 {
    from_lanes_u64(zip(lanes_u64(a), lanes_u64(b), u64::wrapping_add))
}

/// `i64x2.sub`: lane-wise subtraction, wrapping.
#[inline]
pub(crate) fn i64x2_sub(a: V128, b: V128) -> V128 {
    from_lanes_u64(zip(lanes_u64(a), lanes_u64(b), u64::wrapping_sub))
}

/// `i64x2.mul`: lane-wise multiplication, wrapping.
#[inline]
pub(crate) fn i64x2_mul(a: V128, b: V128) -> V128 {
    from_lanes_u64(zip(lanes_u64(a), lanes_u64(b), u64::wrapping_mul))
}

/// `i64x2.extmul_low_i32x4_s`: products of the low 2 signed i32 lanes, as i64 (exact).
#[inline]
pub(crate) fn i64x2_extmul_low_i32x4_s(a: V128, b: V128) -> V128 {
    from_lanes_i64(zip(low(lanes_i32(a)), low(lanes_i32(b)), |x, y| {
        i64::from(x) * i64::from(y)
    }))
}

/// `i64x2.extmul_high_i32x4_s`: products of the high 2 signed i32 lanes, as i64 (exact).
#[inline]
pub(crate) fn i64x2_extmul_high_i32x4_s(a: V128, b: V128) -> V128 {
    from_lanes_i64(zip(high(lanes_i32(a)), high(lanes_i32(b)), |x, y| {
        i64::from(x) * i64::from(y)
    }))
}

/// `i64x2.extmul_low_i32x4_u`: products of the low 2 unsigned i32 lanes, as i64 (exact).
#[inline]
pub(crate) fn i64x2_extmul_low_i32x4_u(a: V128, b: V128) -> V128 {
    from_lanes_u64(zip(low(lanes_u32(a)), low(lanes_u32(b)), |x, y| {
        u64::from(x) * u64::from(y)
    }))
}

/// `i64x2.extmul_high_i32x4_u`: products of the high 2 unsigned i32 lanes, as i64 (exact).
#[inline]
pub(crate) fn i64x2_extmul_high_i32x4_u(a: V128, b: V128) -> V128 {
    from_lanes_u64(zip(high(lanes_u32(a)), high(lanes_u32(b)), |x, y| {
        u64::from(x) * u64::from(y)
    }))
}

// ---- f32x4 ----

/// `f32x4.eq`: lane-wise IEEE equality mask (false for NaN, -0 == +0).
#[inline]
pub(crate) fn f32x4_eq(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f32(a), lanes_f32(b), ops::f32_eq))
}

/// `f32x4.ne`: lane-wise IEEE inequality mask (true for NaN).
#[inline]
pub(crate) fn f32x4_ne(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f32(a), lanes_f32(b), ops::f32_ne))
}

/// `f32x4.lt`: lane-wise IEEE `a < b` mask.
#[inline]
pub(crate) fn f32x4_lt(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f32(a), lanes_f32(b), ops::f32_lt))
}

/// `f32x4.gt`: lane-wise IEEE `a > b` mask.
#[inline]
pub(crate) fn f32x4_gt(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f32(a), lanes_f32(b), ops::f32_gt))
}

/// `f32x4.le`: lane-wise IEEE `a <= b` mask.
#[inline]
pub(crate) fn f32x4_le(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f32(a), lanes_f32(b), ops::f32_le))
}

/// `f32x4.ge`: lane-wise IEEE `a >= b` mask.
#[inline]
pub(crate) fn f32x4_ge(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f32(a), lanes_f32(b), ops::f32_ge))
}

/// `f32x4.abs`: lane-wise `f32.abs` (clears the sign bit; NaN payloads kept).
#[inline]
pub(crate) fn f32x4_abs(a: V128) -> V128 {
    from_lanes_f32(map(lanes_f32(a), ops::f32_abs))
}

/// `f32x4.neg`: lane-wise `f32.neg` (flips the sign bit; NaN payloads kept).
#[inline]
pub(crate) fn f32x4_neg(a: V128) -> V128 {
    from_lanes_f32(map(lanes_f32(a), ops::f32_neg))
}

/// `f32x4.sqrt`: lane-wise `f32.sqrt`.
#[inline]
pub(crate) fn f32x4_sqrt(a: V128) -> V128 {
    from_lanes_f32(map(lanes_f32(a), ops::f32_sqrt))
}

/// `f32x4.ceil`: lane-wise `f32.ceil`.
#[inline]
pub(crate) fn f32x4_ceil(a: V128) -> V128 {
    from_lanes_f32(map(lanes_f32(a), ops::f32_ceil))
}

/// `f32x4.floor`: lane-wise `f32.floor`.
#[inline]
pub(crate) fn f32x4_floor(a: V128) -> V128 {
    from_lanes_f32(map(lanes_f32(a), ops::f32_floor))
}

/// `f32x4.trunc`: lane-wise `f32.trunc`.
#[inline]
pub(crate) fn f32x4_trunc(a: V128) -> V128 {
    from_lanes_f32(map(lanes_f32(a), ops::f32_trunc))
}

/// `f32x4.nearest`: lane-wise `f32.nearest` (ties to even).
#[inline]
pub(crate) fn f32x4_nearest(a: V128) -> V128 {
    from_lanes_f32(map(lanes_f32(a), ops::f32_nearest))
}

/// `f32x4.add`: lane-wise `f32.add`.
#[inline]
pub(crate) fn f32x4_add(a: V128, b: V128) -> V128 {
    from_lanes_f32(zip(lanes_f32(a), lanes_f32(b), ops::f32_add))
}

/// `f32x4.sub`: lane-wise `f32.sub`.
#[inline]
pub(crate) fn f32x4_sub(a: V128, b: V128) -> V128 {
    from_lanes_f32(zip(lanes_f32(a), lanes_f32(b), ops::f32_sub))
}

/// `f32x4.mul`: lane-wise `f32.mul`.
#[inline]
pub(crate) fn f32x4_mul(a: V128, b: V128) -> V128 {
    from_lanes_f32(zip(lanes_f32(a), lanes_f32(b), ops::f32_mul))
}

/// `f32x4.div`: lane-wise `f32.div`.
#[inline]
pub(crate) fn f32x4_div(a: V128, b: V128) -> V128 {
    from_lanes_f32(zip(lanes_f32(a), lanes_f32(b), ops::f32_div))
}

/// `f32x4.min`: lane-wise `f32.min` (NaN if either lane is NaN; -0 below +0).
#[inline]
pub(crate) fn f32x4_min(a: V128, b: V128) -> V128 {
    from_lanes_f32(zip(lanes_f32(a), lanes_f32(b), ops::f32_min))
}

/// `f32x4.max`: lane-wise `f32.max` (NaN if either lane is NaN; +0 above -0).
#[inline]
pub(crate) fn f32x4_max(a: V128, b: V128) -> V128 {
    from_lanes_f32(zip(lanes_f32(a), lanes_f32(b), ops::f32_max))
}

/// `f32x4.pmin`: lane-wise pseudo-minimum `if b < a { b } else { a }`, returning the chosen lane's exact bits.
#[inline]
pub(crate) fn f32x4_pmin(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(lanes_u32(a), lanes_u32(b), |x, y| {
        if f32::from_bits(y) < f32::from_bits(x) {
            y
        } else {
            x
        }
    }))
}

/// `f32x4.pmax`: lane-wise pseudo-maximum `if a < b { b } else { a }`, returning the chosen lane's exact bits.
#[inline]
pub(crate) fn f32x4_pmax(a: V128, b: V128) -> V128 {
    from_lanes_u32(zip(lanes_u32(a), lanes_u32(b), |x, y| {
        if f32::from_bits(x) < f32::from_bits(y) {
            y
        } else {
            x
        }
    }))
}

/// `f32x4.convert_i32x4_s`: lane-wise `f32.convert_i32_s` (round to nearest, ties to even).
#[inline]
pub(crate) fn f32x4_convert_i32x4_s(a: V128) -> V128 {
    from_lanes_f32(map(lanes_i32(a), ops::f32_convert_i32_s))
}

/// `f32x4.convert_i32x4_u`: lane-wise `f32.convert_i32_u` (round to nearest, ties to even).
#[inline]
pub(crate) fn f32x4_convert_i32x4_u(a: V128) -> V128 {
    from_lanes_f32(map(lanes_i32(a), ops::f32_convert_i32_u))
}

/// `f32x4.demote_f64x2_zero`: `f32.demote_f64` of both f64 lanes into lanes 0 and 1; lanes 2, 3 are +0.
#[inline]
pub(crate) fn f32x4_demote_f64x2_zero(a: V128) -> V128 {
    let [x, y] = lanes_f64(a);
    from_lanes_f32([ops::f32_demote_f64(x), ops::f32_demote_f64(y), 0.0, 0.0])
}

// ---- f64x2 ----

/// `f64x2.eq`: lane-wise IEEE equality mask (false for NaN, -0 == +0).
#[inline]
pub(crate) fn f64x2_eq(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f64(a), lanes_f64(b), ops::f64_eq))
}

/// `f64x2.ne`: lane-wise IEEE inequality mask (true for NaN).
#[inline]
pub(crate) fn f64x2_ne(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f64(a), lanes_f64(b), ops::f64_ne))
}

/// `f64x2.lt`: lane-wise IEEE `a < b` mask.
#[inline]
pub(crate) fn f64x2_lt(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f64(a), lanes_f64(b), ops::f64_lt))
}

/// `f64x2.gt`: lane-wise IEEE `a > b` mask.
#[inline]
pub(crate) fn f64x2_gt(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f64(a), lanes_f64(b), ops::f64_gt))
}

/// `f64x2.le`: lane-wise IEEE `a <= b` mask.
#[inline]
pub(crate) fn f64x2_le(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f64(a), lanes_f64(b), ops::f64_le))
}

/// `f64x2.ge`: lane-wise IEEE `a >= b` mask.
#[inline]
pub(crate) fn f64x2_ge(a: V128, b: V128) -> V128 {
    mask(zip(lanes_f64(a), lanes_f64(b), ops::f64_ge))
}

/// `f64x2.abs`: lane-wise `f64.abs` (clears the sign bit; NaN payloads kept).
#[inline]
pub(crate) fn f64x2_abs(a: V128) -> V128 {
    from_lanes_f64(map(lanes_f64(a), ops::f64_abs))
}

/// `f64x2.neg`: lane-wise `f64.neg` (flips the sign bit; NaN payloads kept).
#[inline]
pub(crate) fn f64x2_neg(a: V128) -> V128 {
    from_lanes_f64(map(lanes_f64(a), ops::f64_neg))
}

/// `f64x2.sqrt`: lane-wise `f64.sqrt`.
#[inline]
pub(crate) fn f64x2_sqrt(a: V128) -> V128 {
    from_lanes_f64(map(lanes_f64(a), ops::f64_sqrt))
}

/// `f64x2.ceil`: lane-wise `f64.ceil`.
#[inline]
pub(crate) fn f64x2_ceil(a: V128) -> V128 {
    from_lanes_f64(map(lanes_f64(a), ops::f64_ceil))
}

/// `f64x2.floor`: lane-wise `f64.floor`.
#[inline]
pub(crate) fn f64x2_floor(a: V128) -> V128 {
    from_lanes_f64(map(lanes_f64(a), ops::f64_floor))
}

/// `f64x2.trunc`: lane-wise `f64.trunc`.
#[inline]
pub(crate) fn f64x2_trunc(a: V128) -> V128 {
    from_lanes_f64(map(lanes_f64(a), ops::f64_trunc))
}

/// `f64x2.nearest`: lane-wise `f64.nearest` (ties to even).
#[inline]
pub(crate) fn f64x2_nearest(a: V128) -> V128 {
    from_lanes_f64(map(lanes_f64(a), ops::f64_nearest))
}

/// `f64x2.add`: lane-wise `f64.add`.
#[inline]
pub(crate) fn f64x2_add(a: V128, b: V128) -> V128 {
    from_lanes_f64(zip(lanes_f64(a), lanes_f64(b), ops::f64_add))
}

/// `f64x2.sub`: lane-wise `f64.sub`.
#[inline]
pub(crate) fn f64x2_sub(a: V128, b: V128) -> V128 {
    from_lanes_f64(zip(lanes_f64(a), lanes_f64(b), ops::f64_sub))
}

/// `f64x2.mul`: lane-wise `f64.mul`.
#[inline]
pub(crate) fn f64x2_mul(a: V128, b: V128) -> V128 {
    from_lanes_f64(zip(lanes_f64(a), lanes_f64(b), ops::f64_mul))
}

/// `f64x2.div`: lane-wise `f64.div`.
#[inline]
pub(crate) fn f64x2_div(a: V128, b: V128) -> V128 {
    from_lanes_f64(zip(lanes_f64(a), lanes_f64(b), ops::f64_div))
}

/// `f64x2.min`: lane-wise `f64.min` (NaN if either lane is NaN; -0 below +0).
#[inline]
pub(crate) fn f64x2_min(a: V128, b: V128) -> V128 {
    from_lanes_f64(zip(lanes_f64(a), lanes_f64(b), ops::f64_min))
}

/// `f64x2.max`: lane-wise `f64.max` (NaN if either lane is NaN; +0 above -0).
#[inline]
pub(crate) fn f64x2_max(a: V128, b: V128) -> V128 {
    from_lanes_f64(zip(lanes_f64(a), lanes_f64(b), ops::f64_max))
}

/// `f64x2.pmin`: lane-wise pseudo-minimum `if b < a { b } else { a }`, returning the chosen lane's exact bits.
#[inline]
pub(crate) fn f64x2_pmin(a: V128, b: V128) -> V128 {
    from_lanes_u64(zip(lanes_u64(a), lanes_u64(b), |x, y| {
        if f64::from_bits(y) < f64::from_bits(x) {
            y
        } else {
            x
        }
    }))
}

/// `f64x2.pmax`: lane-wise pseudo-maximum `if a < b { b } else { a }`, returning the chosen lane's exact bits.
#[inline]
pub(crate) fn f64x2_pmax(a: V128, b: V128) -> V128 {
    from_lanes_u64(zip(lanes_u64(a), lanes_u64(b), |x, y| {
        if f64::from_bits(x) < f64::from_bits(y) {
            y
        } else {
            x
        }
    }))
}

/// `f64x2.convert_low_i32x4_s`: `f64.convert_i32_s` of i32 lanes 0 and 1 (exact).
#[inline]
pub(crate) fn f64x2_convert_low_i32x4_s(a: V128) -> V128 {
    from_lanes_f64(map(low(lanes_i32(a)), ops::f64_convert_i32_s))
}

/// `f64x2.convert_low_i32x4_u`: `f64.convert_i32_u` of i32 lanes 0 and 1 (exact).
#[inline]
pub(crate) fn f64x2_convert_low_i32x4_u(a: V128) -> V128 {
    from_lanes_f64(map(low(lanes_i32(a)), ops::f64_convert_i32_u))
}

/// `f64x2.promote_low_f32x4`: `f64.promote_f32` of f32 lanes 0 and 1.
#[inline]
pub(crate) fn f64x2_promote_low_f32x4(a: V128) -> V128 {
    from_lanes_f64(map(low(lanes_f32(a)), ops::f64_promote_f32))
}

// ---- Relaxed SIMD (WebAssembly 3.0): one deterministic choice each, the same on every host ----

/// `i8x16.relaxed_swizzle`: capvm gives `i8x16.swizzle` (an index of 16 or more, including 128 and above, gives 0).
#[inline]
pub(crate) fn i8x16_relaxed_swizzle(a: V128, s: V128) -> V128 {
    i8x16_swizzle(a, s)
}

/// `i32x4.relaxed_trunc_f32x4_s`: capvm gives `i32x4.trunc_sat_f32x4_s` (NaN gives 0, out of range saturates).
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f32x4_s(a: V128) -> V128 {
    i32x4_trunc_sat_f32x4_s(a)
}

/// `i32x4.relaxed_trunc_f32x4_u`: capvm gives `i32x4.trunc_sat_f32x4_u` (NaN gives 0, out of range saturates).
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f32x4_u(a: V128) -> V128 {
    i32x4_trunc_sat_f32x4_u(a)
}

/// `i32x4.relaxed_trunc_f64x2_s_zero`: capvm gives `i32x4.trunc_sat_f64x2_s_zero` (NaN gives 0, saturating).
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f64x2_s_zero(a: V128) -> V128 {
    i32x4_trunc_sat_f64x2_s_zero(a)
}

/// `i32x4.relaxed_trunc_f64x2_u_zero`: capvm gives `i32x4.trunc_sat_f64x2_u_zero` (NaN gives 0, saturating).
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f64x2_u_zero(a: V128) -> V128 {
    i32x4_trunc_sat_f64x2_u_zero(a)
}

/// `f32x4.relaxed_madd`: capvm gives the fused `a * b + c` with a single rounding (`f32::mul_add`, exact everywhere).
#[inline]
pub(crate) fn f32x4_relaxed_madd(a: V128, b: V128, c: V128) -> V128 {
    from_lanes_f32(zip3(lanes_f32(a), lanes_f32(b), lanes_f32(c), f32::mul_add))
}

/// `f32x4.relaxed_nmadd`: capvm gives the fused `-(a * b) + c` with a single rounding (`(-a).mul_add(b, c)`).
#[inline]
pub(crate) fn f32x4_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 {
    from_lanes_f32(zip3(lanes_f32(a), lanes_f32(b), lanes_f32(c), |x, y, z| {
        (-x).mul_add(y, z)
    }))
}

/// `f64x2.relaxed_madd`: capvm gives the fused `a * b + c` with a single rounding (`f64::mul_add`, exact everywhere).
#[inline]
pub(crate) fn f64x2_relaxed_madd(a: V128, b: V128, c: V128) -> V128 {
    from_lanes_f64(zip3(lanes_f64(a), lanes_f64(b), lanes_f64(c), f64::mul_add))
}

/// `f64x2.relaxed_nmadd`: capvm gives the fused `-(a * b) + c` with a single rounding (`(-a).mul_add(b, c)`).
#[inline]
pub(crate) fn f64x2_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 {
    from_lanes_f64(zip3(lanes_f64(a), lanes_f64(b), lanes_f64(c), |x, y, z| {
        (-x).mul_add(y, z)
    }))
}

/// `i8x16.relaxed_laneselect`: capvm gives `v128.bitselect(v1, v2, mask)` (every mask bit selects).
#[inline]
pub(crate) fn i8x16_relaxed_laneselect(v1: V128, v2: V128, mask: V128) -> V128 {
    v128_bitselect(v1, v2, mask)
}

/// `i16x8.relaxed_laneselect`: capvm gives `v128.bitselect(v1, v2, mask)` (every mask bit selects).
#[inline]
pub(crate) fn i16x8_relaxed_laneselect(v1: V128, v2: V128, mask: V128) -> V128 {
    v128_bitselect(v1, v2, mask)
}

/// `i32x4.relaxed_laneselect`: capvm gives `v128.bitselect(v1, v2, mask)` (every mask bit selects).
#[inline]
pub(crate) fn i32x4_relaxed_laneselect(v1: V128, v2: V128, mask: V128) -> V128 {
    v128_bitselect(v1, v2, mask)
}

/// `i64x2.relaxed_laneselect`: capvm gives `v128.bitselect(v1, v2, mask)` (every mask bit selects).
#[inline]
pub(crate) fn i64x2_relaxed_laneselect(v1: V128, v2: V128, mask: V128) -> V128 {
    v128_bitselect(v1, v2, mask)
}

/// `f32x4.relaxed_min`: capvm gives `f32x4.min` (NaN if either lane is NaN; -0 below +0).
#[inline]
pub(crate) fn f32x4_relaxed_min(a: V128, b: V128) -> V128 {
    f32x4_min(a, b)
}

/// `f32x4.relaxed_max`: capvm gives `f32x4.max` (NaN if either lane is NaN; +0 above -0).
#[inline]
pub(crate) fn f32x4_relaxed_max(a: V128, b: V128) -> V128 {
    f32x4_max(a, b)
}

/// `f64x2.relaxed_min`: capvm gives `f64x2.min` (NaN if either lane is NaN; -0 below +0).
#[inline]
pub(crate) fn f64x2_relaxed_min(a: V128, b: V128) -> V128 {
    f64x2_min(a, b)
}

/// `f64x2.relaxed_max`: capvm gives `f64x2.max` (NaN if either lane is NaN; +0 above -0).
#[inline]
pub(crate) fn f64x2_relaxed_max(a: V128, b: V128) -> V128 {
    f64x2_max(a, b)
}

/// `i16x8.relaxed_q15mulr_s`: capvm gives `i16x8.q15mulr_sat_s` (`-32768 * -32768` saturates to 32767).
#[inline]
pub(crate) fn i16x8_relaxed_q15mulr_s(a: V128, b: V128) -> V128 {
    i16x8_q15mulr_sat_s(a, b)
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s`: capvm treats both operands' lanes as signed i8 and adds adjacent products into i16, wrapping.
#[inline]
pub(crate) fn i16x8_relaxed_dot_i8x16_i7x16_s(a: V128, b: V128) -> V128 {
    let products = zip(lanes_i8(a), lanes_i8(b), |x, y| i16::from(x) * i16::from(y));
    from_lanes_i16(pairwise(products, i16::wrapping_add))
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s`: capvm gives `i16x8.relaxed_dot_i8x16_i7x16_s`, then adjacent i16 pairs added as i32 (sign-extended), plus `c`, wrapping.
#[inline]
pub(crate) fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: V128, b: V128, c: V128) -> V128 {
    i32x4_add(
        i32x4_extadd_pairwise_i16x8_s(i16x8_relaxed_dot_i8x16_i7x16_s(a, b)),
        c,
    )
}

// ---- Loads and stores, given the bytes read from or written to memory as little-endian integers ----

/// `v128.load8x8_s`: 8 bytes, each sign-extended to an i16 lane.
#[inline]
pub(crate) fn v128_load8x8_s(bytes: u64) -> V128 {
    i16x8_extend_low_i8x16_s(V128::from(bytes))
}

/// `v128.load8x8_u`: 8 bytes, each zero-extended to an i16 lane.
#[inline]
pub(crate) fn v128_load8x8_u(bytes: u64) -> V128 {
    i16x8_extend_low_i8x16_u(V128::from(bytes))
}

/// `v128.load16x4_s`: 4 little-endian i16s, each sign-extended to an i32 lane.
#[inline]
pub(crate) fn v128_load16x4_s(bytes: u64) -> V128 {
    i32x4_extend_low_i16x8_s(V128::from(bytes))
}

/// `v128.load16x4_u`: 4 little-endian i16s, each zero-extended to an i32 lane.
#[inline]
pub(crate) fn v128_load16x4_u(bytes: u64) -> V128 {
    i32x4_extend_low_i16x8_u(V128::from(bytes))
}

/// `v128.load32x2_s`: 2 little-endian i32s, each sign-extended to an i64 lane.
#[inline]
pub(crate) fn v128_load32x2_s(bytes: u64) -> V128 {
    i64x2_extend_low_i32x4_s(V128::from(bytes))
}

/// `v128.load32x2_u`: 2 little-endian i32s, each zero-extended to an i64 lane.
#[inline]
pub(crate) fn v128_load32x2_u(bytes: u64) -> V128 {
    i64x2_extend_low_i32x4_u(V128::from(bytes))
}

/// `v128.load8_splat`: the byte in every i8 lane.
#[inline]
pub(crate) fn v128_load8_splat(x: u8) -> V128 {
    from_lanes_u8([x; 16])
}

/// `v128.load16_splat`: the i16 in every i16 lane.
#[inline]
pub(crate) fn v128_load16_splat(x: u16) -> V128 {
    from_lanes_u16([x; 8])
}

/// `v128.load32_splat`: the i32 in every i32 lane.
#[inline]
pub(crate) fn v128_load32_splat(x: u32) -> V128 {
    from_lanes_u32([x; 4])
}

/// `v128.load64_splat`: the i64 in every i64 lane.
#[inline]
pub(crate) fn v128_load64_splat(x: u64) -> V128 {
    from_lanes_u64([x; 2])
}

/// `v128.load32_zero`: the i32 in lane 0, the other bits zero.
#[inline]
pub(crate) fn v128_load32_zero(x: u32) -> V128 {
    V128::from(x)
}

/// `v128.load64_zero`: the i64 in lane 0, the other bits zero.
#[inline]
pub(crate) fn v128_load64_zero(x: u64) -> V128 {
    V128::from(x)
}

/// `v128.load8_lane`: `v` with i8 lane `lane & 15` set to the loaded byte.
#[inline]
pub(crate) fn v128_load8_lane(v: V128, lane: u8, x: u8) -> V128 {
    from_lanes_u8(replace(lanes_u8(v), lane, x))
}

/// `v128.load16_lane`: `v` with i16 lane `lane & 7` set to the loaded value.
#[inline]
pub(crate) fn v128_load16_lane(v: V128, lane: u8, x: u16) -> V128 {
    from_lanes_u16(replace(lanes_u16(v), lane, x))
}

/// `v128.load32_lane`: `v` with i32 lane `lane & 3` set to the loaded value.
#[inline]
pub(crate) fn v128_load32_lane(v: V128, lane: u8, x: u32) -> V128 {
    from_lanes_u32(replace(lanes_u32(v), lane, x))
}

/// `v128.load64_lane`: `v` with i64 lane `lane & 1` set to the loaded value.
#[inline]
pub(crate) fn v128_load64_lane(v: V128, lane: u8, x: u64) -> V128 {
    from_lanes_u64(replace(lanes_u64(v), lane, x))
}

/// `v128.store8_lane`: i8 lane `lane & 15` of `v`, the byte to store.
#[inline]
pub(crate) fn v128_store8_lane(v: V128, lane: u8) -> u8 {
    lane_at(lanes_u8(v), lane)
}

/// `v128.store16_lane`: i16 lane `lane & 7` of `v`, the value to store.
#[inline]
pub(crate) fn v128_store16_lane(v: V128, lane: u8) -> u16 {
    lane_at(lanes_u16(v), lane)
}

/// `v128.store32_lane`: i32 lane `lane & 3` of `v`, the value to store.
#[inline]
pub(crate) fn v128_store32_lane(v: V128, lane: u8) -> u32 {
    lane_at(lanes_u32(v), lane)
}

/// `v128.store64_lane`: i64 lane `lane & 1` of `v`, the value to store.
#[inline]
pub(crate) fn v128_store64_lane(v: V128, lane: u8) -> u64 {
    lane_at(lanes_u64(v), lane)
}
