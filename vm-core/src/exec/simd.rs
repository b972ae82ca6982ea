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

use core::array;

use super::ops;

/// A 128-bit vector as its 16 bytes in memory order (lane 0 first). Bytes rather than a `u128`: the compiler
/// keeps a byte array in a vector register and turns lane-wise loops into vector instructions, where a `u128`
/// lives in two general-purpose registers and every lane costs shifts.
pub(crate) type V128 = [u8; 16];

// ---- Lanes ----

/// The 16 unsigned 8-bit lanes.
#[inline(always)]
fn lanes_u8(v: V128) -> [u8; 16] {
    v
}

/// A vector from 16 unsigned 8-bit lanes.
#[inline(always)]
fn from_lanes_u8(l: [u8; 16]) -> V128 {
    l
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
    array::from_fn(|i| u16::from_le_bytes([v[2 * i], v[2 * i + 1]]))
}

/// A vector from 8 unsigned 16-bit lanes.
#[inline(always)]
fn from_lanes_u16(l: [u16; 8]) -> V128 {
    join(l.map(u16::to_le_bytes))
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
    array::from_fn(|i| u32::from_le_bytes([v[4 * i], v[4 * i + 1], v[4 * i + 2], v[4 * i + 3]]))
}

/// A vector from 4 unsigned 32-bit lanes.
#[inline(always)]
fn from_lanes_u32(l: [u32; 4]) -> V128 {
    join(l.map(u32::to_le_bytes))
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
    array::from_fn(|i| {
        let mut lane = [0; 8];
        lane.copy_from_slice(&v[8 * i..8 * i + 8]);
        u64::from_le_bytes(lane)
    })
}

/// A vector from 2 unsigned 64-bit lanes.
#[inline(always)]
fn from_lanes_u64(l: [u64; 2]) -> V128 {
    join(l.map(u64::to_le_bytes))
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

/// Joins `N` lanes of `B` bytes each (little-endian), lane 0 first.
#[inline(always)]
fn join<const N: usize, const B: usize>(l: [[u8; B]; N]) -> V128 {
    const { assert!(N * B == 16) };
    let mut out = [0u8; 16];
    for (chunk, lane) in out.chunks_exact_mut(B).zip(l) {
        chunk.copy_from_slice(&lane);
    }
    out
}

/// A vector from its bits (lane 0 in the least significant bits).
#[inline(always)]
pub(crate) fn from_bits(bits: u128) -> V128 {
    bits.to_le_bytes()
}

/// The bits of a vector (lane 0 in the least significant bits).
#[inline(always)]
pub(crate) fn to_bits(v: V128) -> u128 {
    u128::from_le_bytes(v)
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
    let width = 16 / N;
    array::from_fn(|i| if l[i / width] { 0xff } else { 0 })
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
    a.map(|x| !x)
}

/// `v128.and`: bitwise and.
#[inline]
pub(crate) fn v128_and(a: V128, b: V128) -> V128 {
    zip(a, b, |x, y| x & y)
}

/// `v128.andnot`: `a & !b`.
#[inline]
pub(crate) fn v128_andnot(a: V128, b: V128) -> V128 {
    zip(a, b, |x, y| x & !y)
}

/// `v128.or`: bitwise or.
#[inline]
pub(crate) fn v128_or(a: V128, b: V128) -> V128 {
    zip(a, b, |x, y| x | y)
}

/// `v128.xor`: bitwise exclusive or.
#[inline]
pub(crate) fn v128_xor(a: V128, b: V128) -> V128 {
    zip(a, b, |x, y| x ^ y)
}

/// `v128.bitselect`: the bits of `v1` where `mask` is 1, the bits of `v2` where it is 0.
#[inline]
pub(crate) fn v128_bitselect(v1: V128, v2: V128, mask: V128) -> V128 {
    // On the whole 128 bits: a lane-wise `array::from_fn` is not always inlined, and an out-of-line call with
    // the lanes' addresses keeps the handler from tail-calling the next one.
    let m = to_bits(mask);
    from_bits((to_bits(v1) & m) | (to_bits(v2) & !m))
}

/// `v128.any_true`: 1 if any bit is set, else 0.
#[inline]
pub(crate) fn v128_any_true(a: V128) -> i32 {
    i32::from(a != [0; 16])
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

/// `f32x4.relaxed_madd`: capvm gives the fused `a * b + c`, rounded once (`f32::mul_add`, the same on every host).
#[inline]
pub(crate) fn f32x4_relaxed_madd(a: V128, b: V128, c: V128) -> V128 {
    from_bits(fused::f32x4_relaxed_madd(
        to_bits(a),
        to_bits(b),
        to_bits(c),
    ))
}

/// `f32x4.relaxed_nmadd`: capvm gives the fused `-(a * b) + c` with a single rounding (`(-a).mul_add(b, c)`).
#[inline]
pub(crate) fn f32x4_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 {
    from_bits(fused::f32x4_relaxed_nmadd(
        to_bits(a),
        to_bits(b),
        to_bits(c),
    ))
}

/// `f64x2.relaxed_madd`: capvm gives the fused `a * b + c`, rounded once (`f64::mul_add`, the same on every host).
#[inline]
pub(crate) fn f64x2_relaxed_madd(a: V128, b: V128, c: V128) -> V128 {
    from_bits(fused::f64x2_relaxed_madd(
        to_bits(a),
        to_bits(b),
        to_bits(c),
    ))
}

/// `f64x2.relaxed_nmadd`: capvm gives the fused `-(a * b) + c` with a single rounding (`(-a).mul_add(b, c)`).
#[inline]
pub(crate) fn f64x2_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 {
    from_bits(fused::f64x2_relaxed_nmadd(
        to_bits(a),
        to_bits(b),
        to_bits(c),
    ))
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

/// `i16x8.relaxed_dot_i8x16_i7x16_s`: capvm reads both operands as signed i8 and adds product pairs into i16, wrapping.
#[inline]
pub(crate) fn i16x8_relaxed_dot_i8x16_i7x16_s(a: V128, b: V128) -> V128 {
    let products = zip(lanes_i8(a), lanes_i8(b), |x, y| i16::from(x) * i16::from(y));
    from_lanes_i16(pairwise(products, i16::wrapping_add))
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s`: capvm's i16 relaxed dot, pairs summed as i32 (sign-extended), plus `c`, wrapping.
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
    i16x8_extend_low_i8x16_s(from_bits(u128::from(bytes)))
}

/// `v128.load8x8_u`: 8 bytes, each zero-extended to an i16 lane.
#[inline]
pub(crate) fn v128_load8x8_u(bytes: u64) -> V128 {
    i16x8_extend_low_i8x16_u(from_bits(u128::from(bytes)))
}

/// `v128.load16x4_s`: 4 little-endian i16s, each sign-extended to an i32 lane.
#[inline]
pub(crate) fn v128_load16x4_s(bytes: u64) -> V128 {
    i32x4_extend_low_i16x8_s(from_bits(u128::from(bytes)))
}

/// `v128.load16x4_u`: 4 little-endian i16s, each zero-extended to an i32 lane.
#[inline]
pub(crate) fn v128_load16x4_u(bytes: u64) -> V128 {
    i32x4_extend_low_i16x8_u(from_bits(u128::from(bytes)))
}

/// `v128.load32x2_s`: 2 little-endian i32s, each sign-extended to an i64 lane.
#[inline]
pub(crate) fn v128_load32x2_s(bytes: u64) -> V128 {
    i64x2_extend_low_i32x4_s(from_bits(u128::from(bytes)))
}

/// `v128.load32x2_u`: 2 little-endian i32s, each zero-extended to an i64 lane.
#[inline]
pub(crate) fn v128_load32x2_u(bytes: u64) -> V128 {
    i64x2_extend_low_i32x4_u(from_bits(u128::from(bytes)))
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
    from_lanes_u32([x, 0, 0, 0])
}

/// `v128.load64_zero`: the i64 in lane 0, the other bits zero.
#[inline]
pub(crate) fn v128_load64_zero(x: u64) -> V128 {
    from_lanes_u64([x, 0])
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

/// The fused multiply-adds, out of line and on bits: `mul_add` may call the C library's `fma` through a pointer,
/// which must stay out of the interpreter's handlers (they end in a jump to the next one, see
/// `exec/dispatch.rs`), and bits travel in registers, so the handler's call can still be a tail call.
mod fused {
    use super::{from_bits, from_lanes_f32, from_lanes_f64, lanes_f32, lanes_f64, to_bits, zip3};

    #[inline(never)]
    pub(super) fn f32x4_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
        let [a, b, c] = [a, b, c].map(|v| lanes_f32(from_bits(v)));
        to_bits(from_lanes_f32(zip3(a, b, c, f32::mul_add)))
    }

    #[inline(never)]
    pub(super) fn f32x4_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
        let [a, b, c] = [a, b, c].map(|v| lanes_f32(from_bits(v)));
        to_bits(from_lanes_f32(zip3(a, b, c, |x: f32, y, z| {
            (-x).mul_add(y, z)
        })))
    }

    #[inline(never)]
    pub(super) fn f64x2_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
        let [a, b, c] = [a, b, c].map(|v| lanes_f64(from_bits(v)));
        to_bits(from_lanes_f64(zip3(a, b, c, f64::mul_add)))
    }

    #[inline(never)]
    pub(super) fn f64x2_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
        let [a, b, c] = [a, b, c].map(|v| lanes_f64(from_bits(v)));
        to_bits(from_lanes_f64(zip3(a, b, c, |x: f64, y, z| {
            (-x).mul_add(y, z)
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The tests are written with vectors as `u128` bits (lane 0 lowest); these wrappers of the functions under
    // test take and return bits.
    type V128 = u128;

    fn lanes_u8(v: u128) -> [u8; 16] {
        super::lanes_u8(from_bits(v))
    }

    fn from_lanes_u8(l: [u8; 16]) -> u128 {
        to_bits(super::from_lanes_u8(l))
    }

    fn lanes_i8(v: u128) -> [i8; 16] {
        super::lanes_i8(from_bits(v))
    }

    fn from_lanes_i8(l: [i8; 16]) -> u128 {
        to_bits(super::from_lanes_i8(l))
    }

    fn lanes_u16(v: u128) -> [u16; 8] {
        super::lanes_u16(from_bits(v))
    }

    fn from_lanes_u16(l: [u16; 8]) -> u128 {
        to_bits(super::from_lanes_u16(l))
    }

    fn lanes_i16(v: u128) -> [i16; 8] {
        super::lanes_i16(from_bits(v))
    }

    fn from_lanes_i16(l: [i16; 8]) -> u128 {
        to_bits(super::from_lanes_i16(l))
    }

    fn lanes_u32(v: u128) -> [u32; 4] {
        super::lanes_u32(from_bits(v))
    }

    fn from_lanes_u32(l: [u32; 4]) -> u128 {
        to_bits(super::from_lanes_u32(l))
    }

    fn lanes_i32(v: u128) -> [i32; 4] {
        super::lanes_i32(from_bits(v))
    }

    fn from_lanes_i32(l: [i32; 4]) -> u128 {
        to_bits(super::from_lanes_i32(l))
    }

    fn lanes_u64(v: u128) -> [u64; 2] {
        super::lanes_u64(from_bits(v))
    }

    fn from_lanes_u64(l: [u64; 2]) -> u128 {
        to_bits(super::from_lanes_u64(l))
    }

    fn lanes_i64(v: u128) -> [i64; 2] {
        super::lanes_i64(from_bits(v))
    }

    fn from_lanes_i64(l: [i64; 2]) -> u128 {
        to_bits(super::from_lanes_i64(l))
    }

    fn lanes_f32(v: u128) -> [f32; 4] {
        super::lanes_f32(from_bits(v))
    }

    fn from_lanes_f32(l: [f32; 4]) -> u128 {
        to_bits(super::from_lanes_f32(l))
    }

    fn lanes_f64(v: u128) -> [f64; 2] {
        super::lanes_f64(from_bits(v))
    }

    fn from_lanes_f64(l: [f64; 2]) -> u128 {
        to_bits(super::from_lanes_f64(l))
    }

    fn v128_not(a: u128) -> u128 {
        to_bits(super::v128_not(from_bits(a)))
    }

    fn v128_and(a: u128, b: u128) -> u128 {
        to_bits(super::v128_and(from_bits(a), from_bits(b)))
    }

    fn v128_andnot(a: u128, b: u128) -> u128 {
        to_bits(super::v128_andnot(from_bits(a), from_bits(b)))
    }

    fn v128_or(a: u128, b: u128) -> u128 {
        to_bits(super::v128_or(from_bits(a), from_bits(b)))
    }

    fn v128_xor(a: u128, b: u128) -> u128 {
        to_bits(super::v128_xor(from_bits(a), from_bits(b)))
    }

    fn v128_bitselect(v1: u128, v2: u128, mask: u128) -> u128 {
        to_bits(super::v128_bitselect(
            from_bits(v1),
            from_bits(v2),
            from_bits(mask),
        ))
    }

    fn v128_any_true(a: u128) -> i32 {
        super::v128_any_true(from_bits(a))
    }

    fn i8x16_splat(x: i32) -> u128 {
        to_bits(super::i8x16_splat(x))
    }

    fn i16x8_splat(x: i32) -> u128 {
        to_bits(super::i16x8_splat(x))
    }

    fn i32x4_splat(x: i32) -> u128 {
        to_bits(super::i32x4_splat(x))
    }

    fn i64x2_splat(x: i64) -> u128 {
        to_bits(super::i64x2_splat(x))
    }

    fn f32x4_splat(x: f32) -> u128 {
        to_bits(super::f32x4_splat(x))
    }

    fn f64x2_splat(x: f64) -> u128 {
        to_bits(super::f64x2_splat(x))
    }

    fn i8x16_extract_lane_s(v: u128, lane: u8) -> i32 {
        super::i8x16_extract_lane_s(from_bits(v), lane)
    }

    fn i8x16_extract_lane_u(v: u128, lane: u8) -> i32 {
        super::i8x16_extract_lane_u(from_bits(v), lane)
    }

    fn i16x8_extract_lane_s(v: u128, lane: u8) -> i32 {
        super::i16x8_extract_lane_s(from_bits(v), lane)
    }

    fn i16x8_extract_lane_u(v: u128, lane: u8) -> i32 {
        super::i16x8_extract_lane_u(from_bits(v), lane)
    }

    fn i32x4_extract_lane(v: u128, lane: u8) -> i32 {
        super::i32x4_extract_lane(from_bits(v), lane)
    }

    fn i64x2_extract_lane(v: u128, lane: u8) -> i64 {
        super::i64x2_extract_lane(from_bits(v), lane)
    }

    fn f32x4_extract_lane(v: u128, lane: u8) -> f32 {
        super::f32x4_extract_lane(from_bits(v), lane)
    }

    fn f64x2_extract_lane(v: u128, lane: u8) -> f64 {
        super::f64x2_extract_lane(from_bits(v), lane)
    }

    fn i8x16_replace_lane(v: u128, lane: u8, x: i32) -> u128 {
        to_bits(super::i8x16_replace_lane(from_bits(v), lane, x))
    }

    fn i16x8_replace_lane(v: u128, lane: u8, x: i32) -> u128 {
        to_bits(super::i16x8_replace_lane(from_bits(v), lane, x))
    }

    fn i32x4_replace_lane(v: u128, lane: u8, x: i32) -> u128 {
        to_bits(super::i32x4_replace_lane(from_bits(v), lane, x))
    }

    fn i64x2_replace_lane(v: u128, lane: u8, x: i64) -> u128 {
        to_bits(super::i64x2_replace_lane(from_bits(v), lane, x))
    }

    fn f32x4_replace_lane(v: u128, lane: u8, x: f32) -> u128 {
        to_bits(super::f32x4_replace_lane(from_bits(v), lane, x))
    }

    fn f64x2_replace_lane(v: u128, lane: u8, x: f64) -> u128 {
        to_bits(super::f64x2_replace_lane(from_bits(v), lane, x))
    }

    fn i8x16_shuffle(a: u128, b: u128, lanes: u128) -> u128 {
        to_bits(super::i8x16_shuffle(
            from_bits(a),
            from_bits(b),
            from_bits(lanes),
        ))
    }

    fn i8x16_swizzle(a: u128, s: u128) -> u128 {
        to_bits(super::i8x16_swizzle(from_bits(a), from_bits(s)))
    }

    fn i8x16_eq(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_eq(from_bits(a), from_bits(b)))
    }

    fn i8x16_ne(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_ne(from_bits(a), from_bits(b)))
    }

    fn i8x16_lt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_lt_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_lt_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_lt_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_gt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_gt_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_gt_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_gt_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_le_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_le_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_le_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_le_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_ge_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_ge_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_ge_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_ge_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_abs(a: u128) -> u128 {
        to_bits(super::i8x16_abs(from_bits(a)))
    }

    fn i8x16_neg(a: u128) -> u128 {
        to_bits(super::i8x16_neg(from_bits(a)))
    }

    fn i8x16_popcnt(a: u128) -> u128 {
        to_bits(super::i8x16_popcnt(from_bits(a)))
    }

    fn i8x16_all_true(a: u128) -> i32 {
        super::i8x16_all_true(from_bits(a))
    }

    fn i8x16_bitmask(a: u128) -> i32 {
        super::i8x16_bitmask(from_bits(a))
    }

    fn i8x16_narrow_i16x8_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_narrow_i16x8_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_narrow_i16x8_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_narrow_i16x8_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_shl(a: u128, count: i32) -> u128 {
        to_bits(super::i8x16_shl(from_bits(a), count))
    }

    fn i8x16_shr_s(a: u128, count: i32) -> u128 {
        to_bits(super::i8x16_shr_s(from_bits(a), count))
    }

    fn i8x16_shr_u(a: u128, count: i32) -> u128 {
        to_bits(super::i8x16_shr_u(from_bits(a), count))
    }

    fn i8x16_add(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_add(from_bits(a), from_bits(b)))
    }

    fn i8x16_add_sat_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_add_sat_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_add_sat_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_add_sat_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_sub(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_sub(from_bits(a), from_bits(b)))
    }

    fn i8x16_sub_sat_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_sub_sat_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_sub_sat_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_sub_sat_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_min_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_min_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_min_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_min_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_max_s(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_max_s(from_bits(a), from_bits(b)))
    }

    fn i8x16_max_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_max_u(from_bits(a), from_bits(b)))
    }

    fn i8x16_avgr_u(a: u128, b: u128) -> u128 {
        to_bits(super::i8x16_avgr_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_eq(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_eq(from_bits(a), from_bits(b)))
    }

    fn i16x8_ne(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_ne(from_bits(a), from_bits(b)))
    }

    fn i16x8_lt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_lt_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_lt_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_lt_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_gt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_gt_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_gt_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_gt_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_le_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_le_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_le_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_le_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_ge_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_ge_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_ge_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_ge_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_extadd_pairwise_i8x16_s(a: u128) -> u128 {
        to_bits(super::i16x8_extadd_pairwise_i8x16_s(from_bits(a)))
    }

    fn i16x8_extadd_pairwise_i8x16_u(a: u128) -> u128 {
        to_bits(super::i16x8_extadd_pairwise_i8x16_u(from_bits(a)))
    }

    fn i16x8_abs(a: u128) -> u128 {
        to_bits(super::i16x8_abs(from_bits(a)))
    }

    fn i16x8_neg(a: u128) -> u128 {
        to_bits(super::i16x8_neg(from_bits(a)))
    }

    fn i16x8_q15mulr_sat_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_q15mulr_sat_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_all_true(a: u128) -> i32 {
        super::i16x8_all_true(from_bits(a))
    }

    fn i16x8_bitmask(a: u128) -> i32 {
        super::i16x8_bitmask(from_bits(a))
    }

    fn i16x8_narrow_i32x4_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_narrow_i32x4_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_narrow_i32x4_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_narrow_i32x4_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_extend_low_i8x16_s(a: u128) -> u128 {
        to_bits(super::i16x8_extend_low_i8x16_s(from_bits(a)))
    }

    fn i16x8_extend_high_i8x16_s(a: u128) -> u128 {
        to_bits(super::i16x8_extend_high_i8x16_s(from_bits(a)))
    }

    fn i16x8_extend_low_i8x16_u(a: u128) -> u128 {
        to_bits(super::i16x8_extend_low_i8x16_u(from_bits(a)))
    }

    fn i16x8_extend_high_i8x16_u(a: u128) -> u128 {
        to_bits(super::i16x8_extend_high_i8x16_u(from_bits(a)))
    }

    fn i16x8_shl(a: u128, count: i32) -> u128 {
        to_bits(super::i16x8_shl(from_bits(a), count))
    }

    fn i16x8_shr_s(a: u128, count: i32) -> u128 {
        to_bits(super::i16x8_shr_s(from_bits(a), count))
    }

    fn i16x8_shr_u(a: u128, count: i32) -> u128 {
        to_bits(super::i16x8_shr_u(from_bits(a), count))
    }

    fn i16x8_add(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_add(from_bits(a), from_bits(b)))
    }

    fn i16x8_add_sat_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_add_sat_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_add_sat_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_add_sat_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_sub(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_sub(from_bits(a), from_bits(b)))
    }

    fn i16x8_sub_sat_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_sub_sat_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_sub_sat_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_sub_sat_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_mul(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_mul(from_bits(a), from_bits(b)))
    }

    fn i16x8_min_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_min_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_min_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_min_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_max_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_max_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_max_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_max_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_avgr_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_avgr_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_extmul_low_i8x16_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_extmul_low_i8x16_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_extmul_high_i8x16_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_extmul_high_i8x16_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_extmul_low_i8x16_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_extmul_low_i8x16_u(from_bits(a), from_bits(b)))
    }

    fn i16x8_extmul_high_i8x16_u(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_extmul_high_i8x16_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_eq(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_eq(from_bits(a), from_bits(b)))
    }

    fn i32x4_ne(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_ne(from_bits(a), from_bits(b)))
    }

    fn i32x4_lt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_lt_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_lt_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_lt_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_gt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_gt_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_gt_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_gt_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_le_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_le_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_le_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_le_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_ge_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_ge_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_ge_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_ge_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_extadd_pairwise_i16x8_s(a: u128) -> u128 {
        to_bits(super::i32x4_extadd_pairwise_i16x8_s(from_bits(a)))
    }

    fn i32x4_extadd_pairwise_i16x8_u(a: u128) -> u128 {
        to_bits(super::i32x4_extadd_pairwise_i16x8_u(from_bits(a)))
    }

    fn i32x4_abs(a: u128) -> u128 {
        to_bits(super::i32x4_abs(from_bits(a)))
    }

    fn i32x4_neg(a: u128) -> u128 {
        to_bits(super::i32x4_neg(from_bits(a)))
    }

    fn i32x4_all_true(a: u128) -> i32 {
        super::i32x4_all_true(from_bits(a))
    }

    fn i32x4_bitmask(a: u128) -> i32 {
        super::i32x4_bitmask(from_bits(a))
    }

    fn i32x4_extend_low_i16x8_s(a: u128) -> u128 {
        to_bits(super::i32x4_extend_low_i16x8_s(from_bits(a)))
    }

    fn i32x4_extend_high_i16x8_s(a: u128) -> u128 {
        to_bits(super::i32x4_extend_high_i16x8_s(from_bits(a)))
    }

    fn i32x4_extend_low_i16x8_u(a: u128) -> u128 {
        to_bits(super::i32x4_extend_low_i16x8_u(from_bits(a)))
    }

    fn i32x4_extend_high_i16x8_u(a: u128) -> u128 {
        to_bits(super::i32x4_extend_high_i16x8_u(from_bits(a)))
    }

    fn i32x4_shl(a: u128, count: i32) -> u128 {
        to_bits(super::i32x4_shl(from_bits(a), count))
    }

    fn i32x4_shr_s(a: u128, count: i32) -> u128 {
        to_bits(super::i32x4_shr_s(from_bits(a), count))
    }

    fn i32x4_shr_u(a: u128, count: i32) -> u128 {
        to_bits(super::i32x4_shr_u(from_bits(a), count))
    }

    fn i32x4_add(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_add(from_bits(a), from_bits(b)))
    }

    fn i32x4_sub(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_sub(from_bits(a), from_bits(b)))
    }

    fn i32x4_mul(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_mul(from_bits(a), from_bits(b)))
    }

    fn i32x4_min_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_min_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_min_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_min_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_max_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_max_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_max_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_max_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_dot_i16x8_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_dot_i16x8_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_extmul_low_i16x8_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_extmul_low_i16x8_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_extmul_high_i16x8_s(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_extmul_high_i16x8_s(from_bits(a), from_bits(b)))
    }

    fn i32x4_extmul_low_i16x8_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_extmul_low_i16x8_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_extmul_high_i16x8_u(a: u128, b: u128) -> u128 {
        to_bits(super::i32x4_extmul_high_i16x8_u(from_bits(a), from_bits(b)))
    }

    fn i32x4_trunc_sat_f32x4_s(a: u128) -> u128 {
        to_bits(super::i32x4_trunc_sat_f32x4_s(from_bits(a)))
    }

    fn i32x4_trunc_sat_f32x4_u(a: u128) -> u128 {
        to_bits(super::i32x4_trunc_sat_f32x4_u(from_bits(a)))
    }

    fn i32x4_trunc_sat_f64x2_s_zero(a: u128) -> u128 {
        to_bits(super::i32x4_trunc_sat_f64x2_s_zero(from_bits(a)))
    }

    fn i32x4_trunc_sat_f64x2_u_zero(a: u128) -> u128 {
        to_bits(super::i32x4_trunc_sat_f64x2_u_zero(from_bits(a)))
    }

    fn i64x2_eq(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_eq(from_bits(a), from_bits(b)))
    }

    fn i64x2_ne(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_ne(from_bits(a), from_bits(b)))
    }

    fn i64x2_lt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_lt_s(from_bits(a), from_bits(b)))
    }

    fn i64x2_gt_s(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_gt_s(from_bits(a), from_bits(b)))
    }

    fn i64x2_le_s(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_le_s(from_bits(a), from_bits(b)))
    }

    fn i64x2_ge_s(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_ge_s(from_bits(a), from_bits(b)))
    }

    fn i64x2_abs(a: u128) -> u128 {
        to_bits(super::i64x2_abs(from_bits(a)))
    }

    fn i64x2_neg(a: u128) -> u128 {
        to_bits(super::i64x2_neg(from_bits(a)))
    }

    fn i64x2_all_true(a: u128) -> i32 {
        super::i64x2_all_true(from_bits(a))
    }

    fn i64x2_bitmask(a: u128) -> i32 {
        super::i64x2_bitmask(from_bits(a))
    }

    fn i64x2_extend_low_i32x4_s(a: u128) -> u128 {
        to_bits(super::i64x2_extend_low_i32x4_s(from_bits(a)))
    }

    fn i64x2_extend_high_i32x4_s(a: u128) -> u128 {
        to_bits(super::i64x2_extend_high_i32x4_s(from_bits(a)))
    }

    fn i64x2_extend_low_i32x4_u(a: u128) -> u128 {
        to_bits(super::i64x2_extend_low_i32x4_u(from_bits(a)))
    }

    fn i64x2_extend_high_i32x4_u(a: u128) -> u128 {
        to_bits(super::i64x2_extend_high_i32x4_u(from_bits(a)))
    }

    fn i64x2_shl(a: u128, count: i32) -> u128 {
        to_bits(super::i64x2_shl(from_bits(a), count))
    }

    fn i64x2_shr_s(a: u128, count: i32) -> u128 {
        to_bits(super::i64x2_shr_s(from_bits(a), count))
    }

    fn i64x2_shr_u(a: u128, count: i32) -> u128 {
        to_bits(super::i64x2_shr_u(from_bits(a), count))
    }

    fn i64x2_add(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_add(from_bits(a), from_bits(b)))
    }

    fn i64x2_sub(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_sub(from_bits(a), from_bits(b)))
    }

    fn i64x2_mul(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_mul(from_bits(a), from_bits(b)))
    }

    fn i64x2_extmul_low_i32x4_s(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_extmul_low_i32x4_s(from_bits(a), from_bits(b)))
    }

    fn i64x2_extmul_high_i32x4_s(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_extmul_high_i32x4_s(from_bits(a), from_bits(b)))
    }

    fn i64x2_extmul_low_i32x4_u(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_extmul_low_i32x4_u(from_bits(a), from_bits(b)))
    }

    fn i64x2_extmul_high_i32x4_u(a: u128, b: u128) -> u128 {
        to_bits(super::i64x2_extmul_high_i32x4_u(from_bits(a), from_bits(b)))
    }

    fn f32x4_eq(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_eq(from_bits(a), from_bits(b)))
    }

    fn f32x4_ne(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_ne(from_bits(a), from_bits(b)))
    }

    fn f32x4_lt(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_lt(from_bits(a), from_bits(b)))
    }

    fn f32x4_gt(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_gt(from_bits(a), from_bits(b)))
    }

    fn f32x4_le(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_le(from_bits(a), from_bits(b)))
    }

    fn f32x4_ge(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_ge(from_bits(a), from_bits(b)))
    }

    fn f32x4_abs(a: u128) -> u128 {
        to_bits(super::f32x4_abs(from_bits(a)))
    }

    fn f32x4_neg(a: u128) -> u128 {
        to_bits(super::f32x4_neg(from_bits(a)))
    }

    fn f32x4_sqrt(a: u128) -> u128 {
        to_bits(super::f32x4_sqrt(from_bits(a)))
    }

    fn f32x4_ceil(a: u128) -> u128 {
        to_bits(super::f32x4_ceil(from_bits(a)))
    }

    fn f32x4_floor(a: u128) -> u128 {
        to_bits(super::f32x4_floor(from_bits(a)))
    }

    fn f32x4_trunc(a: u128) -> u128 {
        to_bits(super::f32x4_trunc(from_bits(a)))
    }

    fn f32x4_nearest(a: u128) -> u128 {
        to_bits(super::f32x4_nearest(from_bits(a)))
    }

    fn f32x4_add(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_add(from_bits(a), from_bits(b)))
    }

    fn f32x4_sub(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_sub(from_bits(a), from_bits(b)))
    }

    fn f32x4_mul(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_mul(from_bits(a), from_bits(b)))
    }

    fn f32x4_div(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_div(from_bits(a), from_bits(b)))
    }

    fn f32x4_min(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_min(from_bits(a), from_bits(b)))
    }

    fn f32x4_max(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_max(from_bits(a), from_bits(b)))
    }

    fn f32x4_pmin(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_pmin(from_bits(a), from_bits(b)))
    }

    fn f32x4_pmax(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_pmax(from_bits(a), from_bits(b)))
    }

    fn f32x4_convert_i32x4_s(a: u128) -> u128 {
        to_bits(super::f32x4_convert_i32x4_s(from_bits(a)))
    }

    fn f32x4_convert_i32x4_u(a: u128) -> u128 {
        to_bits(super::f32x4_convert_i32x4_u(from_bits(a)))
    }

    fn f32x4_demote_f64x2_zero(a: u128) -> u128 {
        to_bits(super::f32x4_demote_f64x2_zero(from_bits(a)))
    }

    fn f64x2_eq(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_eq(from_bits(a), from_bits(b)))
    }

    fn f64x2_ne(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_ne(from_bits(a), from_bits(b)))
    }

    fn f64x2_lt(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_lt(from_bits(a), from_bits(b)))
    }

    fn f64x2_gt(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_gt(from_bits(a), from_bits(b)))
    }

    fn f64x2_le(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_le(from_bits(a), from_bits(b)))
    }

    fn f64x2_ge(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_ge(from_bits(a), from_bits(b)))
    }

    fn f64x2_abs(a: u128) -> u128 {
        to_bits(super::f64x2_abs(from_bits(a)))
    }

    fn f64x2_neg(a: u128) -> u128 {
        to_bits(super::f64x2_neg(from_bits(a)))
    }

    fn f64x2_sqrt(a: u128) -> u128 {
        to_bits(super::f64x2_sqrt(from_bits(a)))
    }

    fn f64x2_ceil(a: u128) -> u128 {
        to_bits(super::f64x2_ceil(from_bits(a)))
    }

    fn f64x2_floor(a: u128) -> u128 {
        to_bits(super::f64x2_floor(from_bits(a)))
    }

    fn f64x2_trunc(a: u128) -> u128 {
        to_bits(super::f64x2_trunc(from_bits(a)))
    }

    fn f64x2_nearest(a: u128) -> u128 {
        to_bits(super::f64x2_nearest(from_bits(a)))
    }

    fn f64x2_add(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_add(from_bits(a), from_bits(b)))
    }

    fn f64x2_sub(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_sub(from_bits(a), from_bits(b)))
    }

    fn f64x2_mul(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_mul(from_bits(a), from_bits(b)))
    }

    fn f64x2_div(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_div(from_bits(a), from_bits(b)))
    }

    fn f64x2_min(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_min(from_bits(a), from_bits(b)))
    }

    fn f64x2_max(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_max(from_bits(a), from_bits(b)))
    }

    fn f64x2_pmin(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_pmin(from_bits(a), from_bits(b)))
    }

    fn f64x2_pmax(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_pmax(from_bits(a), from_bits(b)))
    }

    fn f64x2_convert_low_i32x4_s(a: u128) -> u128 {
        to_bits(super::f64x2_convert_low_i32x4_s(from_bits(a)))
    }

    fn f64x2_convert_low_i32x4_u(a: u128) -> u128 {
        to_bits(super::f64x2_convert_low_i32x4_u(from_bits(a)))
    }

    fn f64x2_promote_low_f32x4(a: u128) -> u128 {
        to_bits(super::f64x2_promote_low_f32x4(from_bits(a)))
    }

    fn i8x16_relaxed_swizzle(a: u128, s: u128) -> u128 {
        to_bits(super::i8x16_relaxed_swizzle(from_bits(a), from_bits(s)))
    }

    fn i32x4_relaxed_trunc_f32x4_s(a: u128) -> u128 {
        to_bits(super::i32x4_relaxed_trunc_f32x4_s(from_bits(a)))
    }

    fn i32x4_relaxed_trunc_f32x4_u(a: u128) -> u128 {
        to_bits(super::i32x4_relaxed_trunc_f32x4_u(from_bits(a)))
    }

    fn i32x4_relaxed_trunc_f64x2_s_zero(a: u128) -> u128 {
        to_bits(super::i32x4_relaxed_trunc_f64x2_s_zero(from_bits(a)))
    }

    fn i32x4_relaxed_trunc_f64x2_u_zero(a: u128) -> u128 {
        to_bits(super::i32x4_relaxed_trunc_f64x2_u_zero(from_bits(a)))
    }

    fn f32x4_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
        to_bits(super::f32x4_relaxed_madd(
            from_bits(a),
            from_bits(b),
            from_bits(c),
        ))
    }

    fn f32x4_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
        to_bits(super::f32x4_relaxed_nmadd(
            from_bits(a),
            from_bits(b),
            from_bits(c),
        ))
    }

    fn f64x2_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
        to_bits(super::f64x2_relaxed_madd(
            from_bits(a),
            from_bits(b),
            from_bits(c),
        ))
    }

    fn f64x2_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
        to_bits(super::f64x2_relaxed_nmadd(
            from_bits(a),
            from_bits(b),
            from_bits(c),
        ))
    }

    fn i8x16_relaxed_laneselect(v1: u128, v2: u128, mask: u128) -> u128 {
        to_bits(super::i8x16_relaxed_laneselect(
            from_bits(v1),
            from_bits(v2),
            from_bits(mask),
        ))
    }

    fn i16x8_relaxed_laneselect(v1: u128, v2: u128, mask: u128) -> u128 {
        to_bits(super::i16x8_relaxed_laneselect(
            from_bits(v1),
            from_bits(v2),
            from_bits(mask),
        ))
    }

    fn i32x4_relaxed_laneselect(v1: u128, v2: u128, mask: u128) -> u128 {
        to_bits(super::i32x4_relaxed_laneselect(
            from_bits(v1),
            from_bits(v2),
            from_bits(mask),
        ))
    }

    fn i64x2_relaxed_laneselect(v1: u128, v2: u128, mask: u128) -> u128 {
        to_bits(super::i64x2_relaxed_laneselect(
            from_bits(v1),
            from_bits(v2),
            from_bits(mask),
        ))
    }

    fn f32x4_relaxed_min(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_relaxed_min(from_bits(a), from_bits(b)))
    }

    fn f32x4_relaxed_max(a: u128, b: u128) -> u128 {
        to_bits(super::f32x4_relaxed_max(from_bits(a), from_bits(b)))
    }

    fn f64x2_relaxed_min(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_relaxed_min(from_bits(a), from_bits(b)))
    }

    fn f64x2_relaxed_max(a: u128, b: u128) -> u128 {
        to_bits(super::f64x2_relaxed_max(from_bits(a), from_bits(b)))
    }

    fn i16x8_relaxed_q15mulr_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_relaxed_q15mulr_s(from_bits(a), from_bits(b)))
    }

    fn i16x8_relaxed_dot_i8x16_i7x16_s(a: u128, b: u128) -> u128 {
        to_bits(super::i16x8_relaxed_dot_i8x16_i7x16_s(
            from_bits(a),
            from_bits(b),
        ))
    }

    fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 {
        to_bits(super::i32x4_relaxed_dot_i8x16_i7x16_add_s(
            from_bits(a),
            from_bits(b),
            from_bits(c),
        ))
    }

    fn v128_load8x8_s(bytes: u64) -> u128 {
        to_bits(super::v128_load8x8_s(bytes))
    }

    fn v128_load8x8_u(bytes: u64) -> u128 {
        to_bits(super::v128_load8x8_u(bytes))
    }

    fn v128_load16x4_s(bytes: u64) -> u128 {
        to_bits(super::v128_load16x4_s(bytes))
    }

    fn v128_load16x4_u(bytes: u64) -> u128 {
        to_bits(super::v128_load16x4_u(bytes))
    }

    fn v128_load32x2_s(bytes: u64) -> u128 {
        to_bits(super::v128_load32x2_s(bytes))
    }

    fn v128_load32x2_u(bytes: u64) -> u128 {
        to_bits(super::v128_load32x2_u(bytes))
    }

    fn v128_load8_splat(x: u8) -> u128 {
        to_bits(super::v128_load8_splat(x))
    }

    fn v128_load16_splat(x: u16) -> u128 {
        to_bits(super::v128_load16_splat(x))
    }

    fn v128_load32_splat(x: u32) -> u128 {
        to_bits(super::v128_load32_splat(x))
    }

    fn v128_load64_splat(x: u64) -> u128 {
        to_bits(super::v128_load64_splat(x))
    }

    fn v128_load32_zero(x: u32) -> u128 {
        to_bits(super::v128_load32_zero(x))
    }

    fn v128_load64_zero(x: u64) -> u128 {
        to_bits(super::v128_load64_zero(x))
    }

    fn v128_load8_lane(v: u128, lane: u8, x: u8) -> u128 {
        to_bits(super::v128_load8_lane(from_bits(v), lane, x))
    }

    fn v128_load16_lane(v: u128, lane: u8, x: u16) -> u128 {
        to_bits(super::v128_load16_lane(from_bits(v), lane, x))
    }

    fn v128_load32_lane(v: u128, lane: u8, x: u32) -> u128 {
        to_bits(super::v128_load32_lane(from_bits(v), lane, x))
    }

    fn v128_load64_lane(v: u128, lane: u8, x: u64) -> u128 {
        to_bits(super::v128_load64_lane(from_bits(v), lane, x))
    }

    fn v128_store8_lane(v: u128, lane: u8) -> u8 {
        super::v128_store8_lane(from_bits(v), lane)
    }

    fn v128_store16_lane(v: u128, lane: u8) -> u16 {
        super::v128_store16_lane(from_bits(v), lane)
    }

    fn v128_store32_lane(v: u128, lane: u8) -> u32 {
        super::v128_store32_lane(from_bits(v), lane)
    }

    fn v128_store64_lane(v: u128, lane: u8) -> u64 {
        super::v128_store64_lane(from_bits(v), lane)
    }

    /// A signalling `f32` NaN with a payload; operators that only move bits must keep it exactly.
    const F32_SNAN: u32 = 0x7fa0_0001;
    /// A signalling `f64` NaN with a payload.
    const F64_SNAN: u64 = 0x7ff4_0000_0000_0001;

    fn f32_bits(v: V128) -> [u32; 4] {
        lanes_u32(v)
    }

    fn f64_bits(v: V128) -> [u64; 2] {
        lanes_u64(v)
    }

    /// Whether `x` is a NaN with the canonical payload (either sign), as `nan:canonical` demands.
    fn canonical32(x: u32) -> bool {
        x & 0x7fff_ffff == 0x7fc0_0000
    }

    fn canonical64(x: u64) -> bool {
        x & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
    }

    /// The vector whose byte `i` is `start + i`.
    fn bytes_from(start: u8) -> V128 {
        from_lanes_u8(array::from_fn(|i| start.wrapping_add(i as u8)))
    }

    #[test]
    fn lanes_are_little_endian_and_round_trip() {
        let v = bytes_from(0);
        assert_eq!(v, 0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100);
        assert_eq!(
            lanes_u16(v),
            [
                0x0100, 0x0302, 0x0504, 0x0706, 0x0908, 0x0b0a, 0x0d0c, 0x0f0e
            ]
        );
        assert_eq!(
            lanes_u32(v),
            [0x0302_0100, 0x0706_0504, 0x0b0a_0908, 0x0f0e_0d0c]
        );
        assert_eq!(lanes_u64(v), [0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908]);
        let w = 0x8001_7ffe_ffff_0000_1234_5678_9abc_def0_u128;
        assert_eq!(from_lanes_i8(lanes_i8(w)), w);
        assert_eq!(from_lanes_i16(lanes_i16(w)), w);
        assert_eq!(from_lanes_i32(lanes_i32(w)), w);
        assert_eq!(from_lanes_i64(lanes_i64(w)), w);
        assert_eq!(lanes_i16(w)[7], -32767);
        let nans = from_lanes_u32([F32_SNAN, 0xffc0_0000, 0x8000_0000, 1]);
        assert_eq!(from_lanes_f32(lanes_f32(nans)), nans);
        let nans = from_lanes_u64([F64_SNAN, 0x8000_0000_0000_0000]);
        assert_eq!(from_lanes_f64(lanes_f64(nans)), nans);
    }

    #[test]
    fn integer_arithmetic_wraps_per_lane() {
        assert_eq!(
            i8x16_add(i8x16_splat(127), i8x16_splat(1)),
            i8x16_splat(-128)
        );
        assert_eq!(i8x16_sub(0, i8x16_splat(1)), V128::MAX);
        assert_eq!(i16x8_add(i16x8_splat(0xffff), i16x8_splat(1)), 0);
        assert_eq!(
            i16x8_sub(i16x8_splat(-32768), i16x8_splat(1)),
            i16x8_splat(32767)
        );
        assert_eq!(i16x8_mul(i16x8_splat(0x4000), i16x8_splat(4)), 0);
        assert_eq!(
            i16x8_mul(i16x8_splat(-32768), i16x8_splat(-1)),
            i16x8_splat(-32768)
        );
        assert_eq!(
            i32x4_add(i32x4_splat(i32::MAX), i32x4_splat(1)),
            i32x4_splat(i32::MIN)
        );
        assert_eq!(i32x4_sub(0, i32x4_splat(1)), V128::MAX);
        assert_eq!(
            i32x4_mul(i32x4_splat(0x0123_4567), i32x4_splat(0x7654_3210)),
            i32x4_splat(0x358e_7470)
        );
        assert_eq!(
            i64x2_add(i64x2_splat(i64::MAX), i64x2_splat(1)),
            i64x2_splat(i64::MIN)
        );
        assert_eq!(
            i64x2_sub(i64x2_splat(i64::MIN), i64x2_splat(1)),
            i64x2_splat(i64::MAX)
        );
        assert_eq!(
            i64x2_mul(i64x2_splat(i64::MIN), i64x2_splat(-1)),
            i64x2_splat(i64::MIN)
        );
        // No carry or borrow crosses a lane boundary.
        assert_eq!(i32x4_add(from_lanes_u32([u32::MAX, 0, 0, 0]), 1), 0);
        assert_eq!(i64x2_sub(0, 1), V128::from(u64::MAX));
        assert_eq!(i8x16_add(V128::MAX, 1), V128::MAX - 0xff);
    }

    #[test]
    fn neg_abs_and_popcnt() {
        let v = from_lanes_i8([-128, -1, 1, 0, 127, -127, 5, -5, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_i8(i8x16_abs(v)),
            [-128, 1, 1, 0, 127, 127, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            lanes_i8(i8x16_neg(v)),
            [-128, 1, -1, 0, -127, 127, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        let v = from_lanes_i16([i16::MIN, -1, 1, 0, i16::MAX, -300, 300, 7]);
        assert_eq!(
            lanes_i16(i16x8_abs(v)),
            [i16::MIN, 1, 1, 0, i16::MAX, 300, 300, 7]
        );
        assert_eq!(
            lanes_i16(i16x8_neg(v)),
            [i16::MIN, 1, -1, 0, -i16::MAX, 300, -300, -7]
        );
        let v = from_lanes_i32([i32::MIN, -1, i32::MAX, 0]);
        assert_eq!(lanes_i32(i32x4_abs(v)), [i32::MIN, 1, i32::MAX, 0]);
        assert_eq!(lanes_i32(i32x4_neg(v)), [i32::MIN, 1, -i32::MAX, 0]);
        let v = from_lanes_i64([i64::MIN, -2]);
        assert_eq!(lanes_i64(i64x2_abs(v)), [i64::MIN, 2]);
        assert_eq!(lanes_i64(i64x2_neg(v)), [i64::MIN, 2]);
        let v = from_lanes_u8([
            0, 1, 0xff, 0x80, 0x55, 0xaa, 0x0f, 0xf0, 3, 7, 15, 31, 63, 127, 254, 2,
        ]);
        assert_eq!(
            lanes_u8(i8x16_popcnt(v)),
            [0, 1, 8, 1, 4, 4, 4, 4, 2, 3, 4, 5, 6, 7, 7, 1]
        );
    }

    #[test]
    fn saturating_arithmetic_clamps() {
        // Values from simd_i8x16_sat_arith.wast and simd_i16x8_sat_arith.wast.
        let a = from_lanes_i8([
            127, -128, 100, -100, 0x7e, -0x7f, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        let b = from_lanes_i8([1, -1, 100, -100, 1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_i8(i8x16_add_sat_s(a, b)),
            [
                127, -128, 127, -128, 127, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            ]
        );
        assert_eq!(
            lanes_i8(i8x16_sub_sat_s(a, b)),
            [126, -127, 0, 0, 125, -126, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            i8x16_sub_sat_s(i8x16_splat(-128), i8x16_splat(1)),
            i8x16_splat(-128)
        );
        assert_eq!(
            i8x16_sub_sat_s(i8x16_splat(127), i8x16_splat(-1)),
            i8x16_splat(127)
        );
        assert_eq!(
            i8x16_add_sat_u(i8x16_splat(0xff), i8x16_splat(1)),
            V128::MAX
        );
        assert_eq!(
            i8x16_add_sat_u(i8x16_splat(0x80), i8x16_splat(0x7e)),
            i8x16_splat(0xfe)
        );
        assert_eq!(i8x16_sub_sat_u(0, i8x16_splat(1)), 0);
        assert_eq!(
            i8x16_sub_sat_u(i8x16_splat(0x80), i8x16_splat(0x7f)),
            i8x16_splat(1)
        );
        assert_eq!(
            i16x8_add_sat_s(i16x8_splat(32767), i16x8_splat(1)),
            i16x8_splat(32767)
        );
        assert_eq!(
            i16x8_add_sat_s(i16x8_splat(-32768), i16x8_splat(-1)),
            i16x8_splat(-32768)
        );
        assert_eq!(
            i16x8_sub_sat_s(i16x8_splat(-32768), i16x8_splat(1)),
            i16x8_splat(-32768)
        );
        assert_eq!(
            i16x8_sub_sat_s(i16x8_splat(32767), i16x8_splat(-1)),
            i16x8_splat(32767)
        );
        assert_eq!(
            i16x8_add_sat_u(i16x8_splat(0xffff), i16x8_splat(1)),
            V128::MAX
        );
        assert_eq!(i16x8_sub_sat_u(i16x8_splat(1), i16x8_splat(2)), 0);
        assert_eq!(
            i16x8_sub_sat_u(i16x8_splat(0x8000), i16x8_splat(1)),
            i16x8_splat(0x7fff)
        );
    }

    #[test]
    fn min_max_and_rounding_average() {
        let (m1, one) = (V128::MAX, i8x16_splat(1));
        assert_eq!(i8x16_min_s(m1, one), m1);
        assert_eq!(i8x16_min_u(m1, one), one);
        assert_eq!(i8x16_max_s(m1, one), one);
        assert_eq!(i8x16_max_u(m1, one), m1);
        let (m1, one) = (V128::MAX, i16x8_splat(1));
        assert_eq!(i16x8_min_s(m1, one), m1);
        assert_eq!(i16x8_min_u(m1, one), one);
        assert_eq!(i16x8_max_s(m1, one), one);
        assert_eq!(i16x8_max_u(m1, one), m1);
        let (min, one) = (i32x4_splat(i32::MIN), i32x4_splat(1));
        assert_eq!(i32x4_min_s(min, one), min);
        assert_eq!(i32x4_min_u(min, one), one);
        assert_eq!(i32x4_max_s(min, one), one);
        assert_eq!(i32x4_max_u(min, one), min);
        let a = from_lanes_u8([0, 0, 1, 254, 255, 255, 10, 3, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = from_lanes_u8([0, 1, 2, 255, 255, 0, 13, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_u8(i8x16_avgr_u(a, b)),
            [0, 1, 2, 255, 255, 128, 12, 4, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        let a = from_lanes_u16([0, 0, 1, 65534, 65535, 65535, 10, 3]);
        let b = from_lanes_u16([0, 1, 2, 65535, 65535, 0, 13, 4]);
        assert_eq!(
            lanes_u16(i16x8_avgr_u(a, b)),
            [0, 1, 2, 65535, 65535, 32768, 12, 4]
        );
    }

    #[test]
    fn integer_comparisons_give_full_lane_masks() {
        let a = from_lanes_i8([-1, 0, 1, -128, 127, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = from_lanes_i8([0, 0, 0, 127, -128, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let t = -1;
        assert_eq!(
            lanes_i8(i8x16_eq(a, b)),
            [0, t, 0, 0, 0, t, t, t, t, t, t, t, t, t, t, t]
        );
        assert_eq!(
            lanes_i8(i8x16_ne(a, b)),
            [t, 0, t, t, t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            lanes_i8(i8x16_lt_s(a, b)),
            [t, 0, 0, t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            lanes_i8(i8x16_lt_u(a, b)),
            [0, 0, 0, 0, t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            lanes_i8(i8x16_gt_s(a, b)),
            [0, 0, t, 0, t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            lanes_i8(i8x16_gt_u(a, b)),
            [t, 0, t, t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            lanes_i8(i8x16_le_s(a, b)),
            [t, t, 0, t, 0, t, t, t, t, t, t, t, t, t, t, t]
        );
        assert_eq!(
            lanes_i8(i8x16_le_u(a, b)),
            [0, t, 0, 0, t, t, t, t, t, t, t, t, t, t, t, t]
        );
        assert_eq!(
            lanes_i8(i8x16_ge_s(a, b)),
            [0, t, t, 0, t, t, t, t, t, t, t, t, t, t, t, t]
        );
        assert_eq!(
            lanes_i8(i8x16_ge_u(a, b)),
            [t, t, t, t, 0, t, t, t, t, t, t, t, t, t, t, t]
        );

        let t: i16 = -1;
        let a = from_lanes_i16([-1, 0, 1, i16::MIN, 0, 0, 0, 0]);
        let b = from_lanes_i16([0, 0, 0, i16::MAX, 0, 0, 0, 0]);
        assert_eq!(lanes_i16(i16x8_eq(a, b)), [0, t, 0, 0, t, t, t, t]);
        assert_eq!(lanes_i16(i16x8_ne(a, b)), [t, 0, t, t, 0, 0, 0, 0]);
        assert_eq!(lanes_i16(i16x8_lt_s(a, b)), [t, 0, 0, t, 0, 0, 0, 0]);
        assert_eq!(lanes_i16(i16x8_lt_u(a, b)), [0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(lanes_i16(i16x8_gt_s(a, b)), [0, 0, t, 0, 0, 0, 0, 0]);
        assert_eq!(lanes_i16(i16x8_gt_u(a, b)), [t, 0, t, t, 0, 0, 0, 0]);
        assert_eq!(lanes_i16(i16x8_le_s(a, b)), [t, t, 0, t, t, t, t, t]);
        assert_eq!(lanes_i16(i16x8_le_u(a, b)), [0, t, 0, 0, t, t, t, t]);
        assert_eq!(lanes_i16(i16x8_ge_s(a, b)), [0, t, t, 0, t, t, t, t]);
        assert_eq!(lanes_i16(i16x8_ge_u(a, b)), [t, t, t, t, t, t, t, t]);

        let t: i32 = -1;
        let a = from_lanes_i32([-1, 0, 1, i32::MIN]);
        let b = from_lanes_i32([0, 0, 0, i32::MAX]);
        assert_eq!(lanes_i32(i32x4_eq(a, b)), [0, t, 0, 0]);
        assert_eq!(lanes_i32(i32x4_ne(a, b)), [t, 0, t, t]);
        assert_eq!(lanes_i32(i32x4_lt_s(a, b)), [t, 0, 0, t]);
        assert_eq!(lanes_i32(i32x4_lt_u(a, b)), [0, 0, 0, 0]);
        assert_eq!(lanes_i32(i32x4_gt_s(a, b)), [0, 0, t, 0]);
        assert_eq!(lanes_i32(i32x4_gt_u(a, b)), [t, 0, t, t]);
        assert_eq!(lanes_i32(i32x4_le_s(a, b)), [t, t, 0, t]);
        assert_eq!(lanes_i32(i32x4_le_u(a, b)), [0, t, 0, 0]);
        assert_eq!(lanes_i32(i32x4_ge_s(a, b)), [0, t, t, 0]);
        assert_eq!(lanes_i32(i32x4_ge_u(a, b)), [t, t, t, t]);

        let a = from_lanes_i64([-1, i64::MAX]);
        let b = from_lanes_i64([0, i64::MAX]);
        assert_eq!(lanes_i64(i64x2_eq(a, b)), [0, -1]);
        assert_eq!(lanes_i64(i64x2_ne(a, b)), [-1, 0]);
        assert_eq!(lanes_i64(i64x2_lt_s(a, b)), [-1, 0]);
        assert_eq!(lanes_i64(i64x2_gt_s(a, b)), [0, 0]);
        assert_eq!(lanes_i64(i64x2_le_s(a, b)), [-1, -1]);
        assert_eq!(lanes_i64(i64x2_ge_s(a, b)), [0, -1]);
        // The 64-bit comparison sees the whole lane, not its halves.
        assert_eq!(i64x2_lt_s(V128::from(1_u64 << 32), 1), 0);
    }

    #[test]
    fn shifts_take_the_count_modulo_the_lane_width() {
        // Values from simd_bit_shift.wast.
        assert_eq!(i8x16_shl(i8x16_splat(1), 8), i8x16_splat(1));
        assert_eq!(i8x16_shl(i8x16_splat(1), 9), i8x16_splat(2));
        assert_eq!(i8x16_shl(i8x16_splat(1), -1), i8x16_splat(0x80));
        assert_eq!(i8x16_shl(i8x16_splat(0xff), 4), i8x16_splat(0xf0));
        assert_eq!(i8x16_shr_s(i8x16_splat(-128), 7), V128::MAX);
        assert_eq!(i8x16_shr_s(i8x16_splat(-128), 8), i8x16_splat(-128));
        assert_eq!(i8x16_shr_u(i8x16_splat(-128), 7), i8x16_splat(1));
        assert_eq!(i8x16_shr_u(i8x16_splat(-128), 15), i8x16_splat(1));
        assert_eq!(i16x8_shl(i16x8_splat(1), 16), i16x8_splat(1));
        assert_eq!(i16x8_shl(i16x8_splat(1), 17), i16x8_splat(2));
        assert_eq!(i16x8_shl(i16x8_splat(0x8000), 1), 0);
        assert_eq!(i16x8_shr_s(i16x8_splat(-32768), 15), V128::MAX);
        assert_eq!(i16x8_shr_s(i16x8_splat(-32768), 16), i16x8_splat(-32768));
        assert_eq!(i16x8_shr_u(i16x8_splat(-32768), 15), i16x8_splat(1));
        assert_eq!(i16x8_shr_u(i16x8_splat(-32768), -1), i16x8_splat(1));
        assert_eq!(i32x4_shl(i32x4_splat(1), 32), i32x4_splat(1));
        assert_eq!(i32x4_shl(i32x4_splat(1), 33), i32x4_splat(2));
        assert_eq!(i32x4_shr_s(i32x4_splat(i32::MIN), 31), V128::MAX);
        assert_eq!(i32x4_shr_u(i32x4_splat(-1), 33), i32x4_splat(i32::MAX));
        assert_eq!(i32x4_shr_u(i32x4_splat(-1), 32), V128::MAX);
        assert_eq!(i64x2_shl(i64x2_splat(1), 64), i64x2_splat(1));
        assert_eq!(i64x2_shl(i64x2_splat(1), 65), i64x2_splat(2));
        assert_eq!(i64x2_shl(i64x2_splat(1), 63), i64x2_splat(i64::MIN));
        assert_eq!(i64x2_shr_s(i64x2_splat(i64::MIN), 63), V128::MAX);
        assert_eq!(i64x2_shr_s(i64x2_splat(i64::MIN), -1), V128::MAX);
        assert_eq!(i64x2_shr_u(i64x2_splat(i64::MIN), 63), i64x2_splat(1));
        assert_eq!(i64x2_shr_u(i64x2_splat(-1), 64), V128::MAX);
    }

    #[test]
    fn bitwise_operators() {
        let a = 0xff00_ff00_f0f0_0f0f_1234_5678_9abc_def0_u128;
        let b = 0x0ff0_0ff0_ffff_0000_0000_ffff_aaaa_5555_u128;
        assert_eq!(v128_not(0), V128::MAX);
        assert_eq!(v128_not(a), 0x00ff_00ff_0f0f_f0f0_edcb_a987_6543_210f);
        assert_eq!(v128_and(a, b), 0x0f00_0f00_f0f0_0000_0000_5678_8aa8_5450);
        assert_eq!(v128_or(a, b), 0xfff0_fff0_ffff_0f0f_1234_ffff_babe_dff5);
        assert_eq!(v128_xor(a, b), 0xf0f0_f0f0_0f0f_0f0f_1234_a987_3016_8ba5);
        assert_eq!(v128_andnot(a, b), 0xf000_f000_0000_0f0f_1234_0000_1014_8aa0);
        // From simd_bitwise.wast: the mask picks bits of the first operand where it is 1.
        assert_eq!(v128_bitselect(0xabcd, 0x1234, 0xff00), 0xab34);
        assert_eq!(v128_bitselect(a, b, V128::MAX), a);
        assert_eq!(v128_bitselect(a, b, 0), b);
        assert_eq!(v128_any_true(0), 0);
        assert_eq!(v128_any_true(1 << 127), 1);
        assert_eq!(v128_any_true(1), 1);
    }

    #[test]
    fn all_true_and_bitmask() {
        assert_eq!(i8x16_all_true(i8x16_splat(1)), 1);
        assert_eq!(i8x16_all_true(i8x16_replace_lane(V128::MAX, 15, 0)), 0);
        assert_eq!(i8x16_all_true(0), 0);
        // A lane is true if any of its bits is set, so lane width matters.
        assert_eq!(i16x8_all_true(i16x8_splat(0x0100)), 1);
        assert_eq!(i8x16_all_true(i16x8_splat(0x0100)), 0);
        assert_eq!(i32x4_all_true(i32x4_splat(0x0001_0000)), 1);
        assert_eq!(i16x8_all_true(i32x4_splat(0x0001_0000)), 0);
        assert_eq!(i64x2_all_true(i64x2_splat(1 << 32)), 1);
        assert_eq!(i32x4_all_true(i64x2_splat(1 << 32)), 0);
        assert_eq!(i64x2_all_true(from_lanes_i64([1, 0])), 0);

        let v = from_lanes_i8([-1, 0, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]);
        assert_eq!(i8x16_bitmask(v), 0b1000_0000_0000_0101);
        assert_eq!(i8x16_bitmask(V128::MAX), 0xffff);
        assert_eq!(
            i16x8_bitmask(from_lanes_u16([0x8000, 0x0080, 0, 0, 0, 0, 0, 0xffff])),
            0b1000_0001
        );
        assert_eq!(
            i32x4_bitmask(from_lanes_i32([0, -1, i32::MAX, i32::MIN])),
            0b1010
        );
        assert_eq!(i64x2_bitmask(from_lanes_i64([-1, 1 << 62])), 0b01);
        assert_eq!(i64x2_bitmask(V128::MAX), 0b11);
        assert_eq!(i64x2_bitmask(0x8000_0000), 0);
    }

    #[test]
    fn narrowing_saturates_and_puts_a_before_b() {
        let a = from_lanes_i16([0, 1, -1, 127, 128, -128, -129, i16::MAX]);
        let b = from_lanes_i16([i16::MIN, 255, 256, 2, 3, 4, 5, 6]);
        assert_eq!(
            lanes_i8(i8x16_narrow_i16x8_s(a, b)),
            [
                0, 1, -1, 127, 127, -128, -128, 127, -128, 127, 127, 2, 3, 4, 5, 6
            ]
        );
        assert_eq!(
            lanes_u8(i8x16_narrow_i16x8_u(a, b)),
            [0, 1, 0, 127, 128, 0, 0, 255, 0, 255, 255, 2, 3, 4, 5, 6]
        );
        let a = from_lanes_i32([32768, -32769, -1, 5]);
        let b = from_lanes_i32([i32::MIN, i32::MAX, 65535, 65536]);
        assert_eq!(
            lanes_i16(i16x8_narrow_i32x4_s(a, b)),
            [32767, -32768, -1, 5, -32768, 32767, 32767, 32767]
        );
        assert_eq!(
            lanes_u16(i16x8_narrow_i32x4_u(a, b)),
            [32768, 0, 0, 5, 0, 65535, 65535, 65535]
        );
    }

    #[test]
    fn extension_and_widening_products() {
        let v = from_lanes_i8([-1, -128, 127, 0, 1, 2, 3, 4, -5, -6, -7, -8, 9, 10, 11, 12]);
        assert_eq!(
            lanes_i16(i16x8_extend_low_i8x16_s(v)),
            [-1, -128, 127, 0, 1, 2, 3, 4]
        );
        assert_eq!(
            lanes_i16(i16x8_extend_high_i8x16_s(v)),
            [-5, -6, -7, -8, 9, 10, 11, 12]
        );
        assert_eq!(
            lanes_u16(i16x8_extend_low_i8x16_u(v)),
            [255, 128, 127, 0, 1, 2, 3, 4]
        );
        assert_eq!(
            lanes_u16(i16x8_extend_high_i8x16_u(v)),
            [251, 250, 249, 248, 9, 10, 11, 12]
        );
        let v = from_lanes_i16([-1, i16::MIN, 2, 3, 4, -5, 6, -7]);
        assert_eq!(lanes_i32(i32x4_extend_low_i16x8_s(v)), [-1, -32768, 2, 3]);
        assert_eq!(lanes_i32(i32x4_extend_high_i16x8_s(v)), [4, -5, 6, -7]);
        assert_eq!(lanes_u32(i32x4_extend_low_i16x8_u(v)), [65535, 32768, 2, 3]);
        assert_eq!(
            lanes_u32(i32x4_extend_high_i16x8_u(v)),
            [4, 65531, 6, 65529]
        );
        let v = from_lanes_i32([5, -6, -1, i32::MIN]);
        assert_eq!(lanes_i64(i64x2_extend_low_i32x4_s(v)), [5, -6]);
        assert_eq!(
            lanes_i64(i64x2_extend_high_i32x4_s(v)),
            [-1, -2_147_483_648]
        );
        assert_eq!(lanes_u64(i64x2_extend_low_i32x4_u(v)), [5, 0xffff_fffa]);
        assert_eq!(
            lanes_u64(i64x2_extend_high_i32x4_u(v)),
            [0xffff_ffff, 0x8000_0000]
        );

        // Values from simd_i16x8_extmul_i8x16.wast and friends: the products are exact.
        assert_eq!(
            i16x8_extmul_low_i8x16_s(i8x16_splat(-128), i8x16_splat(-128)),
            i16x8_splat(16384)
        );
        assert_eq!(
            i16x8_extmul_high_i8x16_s(i8x16_splat(-128), i8x16_splat(127)),
            i16x8_splat(-16256)
        );
        assert_eq!(
            i16x8_extmul_low_i8x16_u(i8x16_splat(255), i8x16_splat(255)),
            i16x8_splat(65025)
        );
        assert_eq!(
            i16x8_extmul_high_i8x16_u(i8x16_splat(128), i8x16_splat(2)),
            i16x8_splat(256)
        );
        assert_eq!(
            i32x4_extmul_low_i16x8_s(i16x8_splat(-32768), i16x8_splat(-32768)),
            i32x4_splat(0x4000_0000)
        );
        assert_eq!(
            i32x4_extmul_high_i16x8_s(i16x8_splat(-32768), i16x8_splat(32767)),
            i32x4_splat(-1_073_709_056)
        );
        assert_eq!(
            lanes_u32(i32x4_extmul_low_i16x8_u(
                i16x8_splat(65535),
                i16x8_splat(65535)
            )),
            [0xfffe_0001; 4]
        );
        assert_eq!(
            i32x4_extmul_high_i16x8_u(i16x8_splat(32768), i16x8_splat(2)),
            i32x4_splat(65536)
        );
        assert_eq!(
            i64x2_extmul_low_i32x4_s(i32x4_splat(i32::MIN), i32x4_splat(i32::MIN)),
            i64x2_splat(1 << 62)
        );
        assert_eq!(
            i64x2_extmul_high_i32x4_s(i32x4_splat(i32::MIN), i32x4_splat(i32::MAX)),
            i64x2_splat(-4_611_686_016_279_904_256)
        );
        assert_eq!(
            lanes_u64(i64x2_extmul_low_i32x4_u(i32x4_splat(-1), i32x4_splat(-1))),
            [0xffff_fffe_0000_0001; 2]
        );
        // Low and high pick the right halves.
        let (a, b) = (
            from_lanes_i32([2, 3, 5, 7]),
            from_lanes_i32([11, 13, 17, 19]),
        );
        assert_eq!(lanes_i64(i64x2_extmul_low_i32x4_s(a, b)), [22, 39]);
        assert_eq!(lanes_i64(i64x2_extmul_high_i32x4_s(a, b)), [85, 133]);
        assert_eq!(lanes_u64(i64x2_extmul_low_i32x4_u(a, b)), [22, 39]);
        assert_eq!(lanes_u64(i64x2_extmul_high_i32x4_u(a, b)), [85, 133]);
    }

    #[test]
    fn pairwise_sums_and_dot_product() {
        let v = from_lanes_i8([
            1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -128, -128, 127, 127, -128, 127,
        ]);
        assert_eq!(
            lanes_i16(i16x8_extadd_pairwise_i8x16_s(v)),
            [3, 7, 11, 15, -3, -256, 254, -1]
        );
        assert_eq!(
            lanes_i16(i16x8_extadd_pairwise_i8x16_u(v)),
            [3, 7, 11, 15, 509, 256, 254, 255]
        );
        assert_eq!(i16x8_extadd_pairwise_i8x16_u(V128::MAX), i16x8_splat(510));
        assert_eq!(
            i32x4_extadd_pairwise_i16x8_s(i16x8_splat(-32768)),
            i32x4_splat(-65536)
        );
        assert_eq!(
            i32x4_extadd_pairwise_i16x8_u(V128::MAX),
            i32x4_splat(131_070)
        );
        assert_eq!(
            lanes_i32(i32x4_extadd_pairwise_i16x8_s(from_lanes_i16([
                1, 2, 3, 4, -5, -6, 32767, 32767
            ]))),
            [3, 7, -11, 65534]
        );
        // Values from simd_i32x4_dot_i16x8.wast; only MIN * MIN + MIN * MIN wraps.
        assert_eq!(
            i32x4_dot_i16x8_s(i16x8_splat(-32768), i16x8_splat(-32768)),
            i32x4_splat(i32::MIN)
        );
        assert_eq!(
            i32x4_dot_i16x8_s(i16x8_splat(-32768), i16x8_splat(-32767)),
            i32x4_splat(2_147_418_112)
        );
        assert_eq!(
            i32x4_dot_i16x8_s(i16x8_splat(-32768), i16x8_splat(1)),
            i32x4_splat(-65536)
        );
        let a = from_lanes_i16([1, 2, 3, 4, 5, 6, 7, 8]);
        let b = from_lanes_i16([8, 7, 6, 5, 4, 3, 2, -1]);
        assert_eq!(lanes_i32(i32x4_dot_i16x8_s(a, b)), [22, 38, 38, 6]);
    }

    #[test]
    fn q15mulr_rounds_and_saturates() {
        // Values from simd_i16x8_q15mulr_sat_s.wast.
        let a = from_lanes_i16([16383, 16384, -16383, -16385, 32765, -32766, -32768, -32768]);
        let b = from_lanes_i16([16384, 16384, -16384, -16384, 1, -1, -1, -32768]);
        assert_eq!(
            lanes_i16(i16x8_q15mulr_sat_s(a, b)),
            [8192, 8192, 8192, 8193, 1, 1, 1, 32767]
        );
        assert_eq!(i16x8_q15mulr_sat_s(i16x8_splat(1), i16x8_splat(1)), 0);
        assert_eq!(i16x8_q15mulr_sat_s(i16x8_splat(-1), i16x8_splat(-1)), 0);
        assert_eq!(
            i16x8_q15mulr_sat_s(i16x8_splat(32768), i16x8_splat(1)),
            V128::MAX
        );
    }

    #[test]
    fn splat_extract_and_replace_mask_the_lane_index() {
        assert_eq!(i8x16_splat(0x1ff), V128::MAX);
        assert_eq!(i8x16_splat(0x0180), i8x16_splat(-128));
        assert_eq!(lanes_u16(i16x8_splat(0x12345)), [0x2345; 8]);
        assert_eq!(i32x4_splat(1), 0x0000_0001_0000_0001_0000_0001_0000_0001);
        assert_eq!(i64x2_splat(-2), V128::MAX - (1 << 64) - 1);
        assert_eq!(
            f32x4_splat(f32::from_bits(F32_SNAN)),
            from_lanes_u32([F32_SNAN; 4])
        );
        assert_eq!(f64x2_splat(-0.0), 0x8000_0000_0000_0000_8000_0000_0000_0000);

        let v = bytes_from(0x7d);
        assert_eq!(i8x16_extract_lane_s(v, 3), -128);
        assert_eq!(i8x16_extract_lane_u(v, 3), 128);
        assert_eq!(i8x16_extract_lane_s(v, 2), 127);
        assert_eq!(i8x16_extract_lane_s(v, 19), -128);
        assert_eq!(i8x16_extract_lane_u(v, 255), 0x8c);
        let v = from_lanes_u16([0x8000, 0x7fff, 0xffff, 3, 4, 5, 6, 7]);
        assert_eq!(i16x8_extract_lane_s(v, 0), -32768);
        assert_eq!(i16x8_extract_lane_u(v, 0), 32768);
        assert_eq!(i16x8_extract_lane_s(v, 10), -1);
        assert_eq!(i16x8_extract_lane_u(v, 10), 65535);
        assert_eq!(i16x8_extract_lane_u(v, 15), 7);
        let v = from_lanes_i32([10, -20, 30, i32::MIN]);
        assert_eq!(i32x4_extract_lane(v, 1), -20);
        assert_eq!(i32x4_extract_lane(v, 7), i32::MIN);
        let v = from_lanes_i64([i64::MAX, -3]);
        assert_eq!(i64x2_extract_lane(v, 1), -3);
        assert_eq!(i64x2_extract_lane(v, 2), i64::MAX);
        let v = from_lanes_u32([0, 0, F32_SNAN, 0x8000_0000]);
        assert_eq!(f32x4_extract_lane(v, 2).to_bits(), F32_SNAN);
        assert_eq!(f32x4_extract_lane(v, 7).to_bits(), 0x8000_0000);
        let v = from_lanes_u64([1.5_f64.to_bits(), F64_SNAN]);
        assert_eq!(f64x2_extract_lane(v, 1).to_bits(), F64_SNAN);
        assert_eq!(f64x2_extract_lane(v, 4), 1.5);

        assert_eq!(i8x16_replace_lane(0, 17, 0x1ab), 0xab << 8);
        assert_eq!(i8x16_replace_lane(V128::MAX, 15, 0), V128::MAX >> 8);
        assert_eq!(i16x8_replace_lane(0, 9, -1), 0xffff << 16);
        assert_eq!(
            i32x4_replace_lane(V128::MAX, 6, 0),
            !(0xffff_ffff_u128 << 64)
        );
        assert_eq!(i64x2_replace_lane(0, 1, -1), V128::from(u64::MAX) << 64);
        assert_eq!(i64x2_replace_lane(V128::MAX, 2, 0), V128::MAX << 64);
        assert_eq!(f32x4_replace_lane(0, 4, -0.0), 0x8000_0000);
        assert_eq!(
            f32x4_replace_lane(0, 3, f32::from_bits(F32_SNAN)),
            V128::from(F32_SNAN) << 96
        );
        assert_eq!(
            f64x2_replace_lane(0, 3, f64::from_bits(F64_SNAN)),
            V128::from(F64_SNAN) << 64
        );
    }

    #[test]
    fn shuffle_picks_from_both_operands() {
        let (a, b) = (bytes_from(100), bytes_from(200));
        let interleave = from_lanes_u8([0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23]);
        assert_eq!(
            lanes_u8(i8x16_shuffle(a, b, interleave)),
            [
                100, 200, 101, 201, 102, 202, 103, 203, 104, 204, 105, 205, 106, 206, 107, 207
            ]
        );
        let reversed_b = from_lanes_u8(array::from_fn(|i| 31 - i as u8));
        assert_eq!(
            lanes_u8(i8x16_shuffle(a, b, reversed_b)),
            array::from_fn(|i| 215 - i as u8)
        );
        assert_eq!(i8x16_shuffle(a, b, bytes_from(0)), a);
        assert_eq!(i8x16_shuffle(a, b, bytes_from(16)), b);
        // Validation keeps indices below 32; anything larger is masked rather than trusted.
        let wild = from_lanes_u8([32, 63, 255, 48, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_u8(i8x16_shuffle(a, b, wild))[..4],
            [100, 215, 215, 200]
        );
    }

    #[test]
    fn swizzle_zeroes_out_of_range_indices() {
        // Values from simd_lane.wast.
        let v = bytes_from(100);
        assert_eq!(
            lanes_u8(i8x16_swizzle(
                v,
                from_lanes_i8([-1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, -8, 8])
            )),
            [
                0, 101, 0, 102, 0, 103, 0, 104, 0, 105, 0, 106, 0, 107, 0, 108
            ]
        );
        assert_eq!(
            lanes_u8(i8x16_swizzle(
                v,
                from_lanes_u8([
                    9, 16, 10, 17, 11, 18, 12, 19, 13, 20, 14, 21, 15, 22, 16, 23
                ])
            )),
            [109, 0, 110, 0, 111, 0, 112, 0, 113, 0, 114, 0, 115, 0, 0, 0]
        );
        assert_eq!(
            lanes_u8(i8x16_swizzle(
                v,
                from_lanes_u8(array::from_fn(|i| 15 - i as u8))
            )),
            array::from_fn(|i| 115 - i as u8)
        );
        assert_eq!(
            i8x16_swizzle(
                from_lanes_u32([0x6766_6564, 0x6b6a_6968, 0x6f6e_6d5c, 0x7372_7170]),
                from_lanes_f32([0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY])
            ),
            from_lanes_u32([0x6464_6464, 0x0064_6464, 0x0000_6464, 0x0000_6464])
        );
    }

    #[test]
    fn loads_extend_splat_and_zero() {
        let bytes = u64::from_le_bytes([0x80, 0xff, 0x7f, 0x01, 0, 2, 3, 4]);
        assert_eq!(
            lanes_i16(v128_load8x8_s(bytes)),
            [-128, -1, 127, 1, 0, 2, 3, 4]
        );
        assert_eq!(
            lanes_u16(v128_load8x8_u(bytes)),
            [128, 255, 127, 1, 0, 2, 3, 4]
        );
        let halves = 0x0001_7fff_ffff_8000_u64;
        assert_eq!(lanes_i32(v128_load16x4_s(halves)), [-32768, -1, 32767, 1]);
        assert_eq!(lanes_u32(v128_load16x4_u(halves)), [32768, 65535, 32767, 1]);
        let words = 0xffff_ffff_8000_0000_u64;
        assert_eq!(lanes_i64(v128_load32x2_s(words)), [-2_147_483_648, -1]);
        assert_eq!(
            lanes_u64(v128_load32x2_u(words)),
            [0x8000_0000, 0xffff_ffff]
        );
        assert_eq!(v128_load8_splat(0xab), from_lanes_u8([0xab; 16]));
        assert_eq!(lanes_u16(v128_load16_splat(0xabcd)), [0xabcd; 8]);
        assert_eq!(lanes_u32(v128_load32_splat(0x8000_0001)), [0x8000_0001; 4]);
        assert_eq!(
            lanes_u64(v128_load64_splat(0x0102_0304_0506_0708)),
            [0x0102_0304_0506_0708; 2]
        );
        assert_eq!(v128_load32_zero(0xdead_beef), 0xdead_beef);
        assert_eq!(v128_load64_zero(u64::MAX), V128::from(u64::MAX));
    }

    #[test]
    fn lane_loads_and_stores() {
        let v = bytes_from(0);
        assert_eq!(v128_load8_lane(V128::MAX, 17, 0), V128::MAX & !(0xff << 8));
        assert_eq!(v128_load8_lane(0, 15, 0x80), 0x80 << 120);
        assert_eq!(v128_load16_lane(0, 7, 0xabcd), 0xabcd << 112);
        assert_eq!(v128_load16_lane(v, 8, 0), v & !0xffff);
        assert_eq!(v128_load32_lane(0, 4, 0x1234_5678), 0x1234_5678);
        assert_eq!(v128_load32_lane(0, 2, 1), 1 << 64);
        assert_eq!(v128_load64_lane(0, 1, 1), 1 << 64);
        assert_eq!(v128_load64_lane(V128::MAX, 0, 0), V128::MAX << 64);
        assert_eq!(v128_store8_lane(v, 15), 15);
        assert_eq!(v128_store8_lane(v, 20), 4);
        assert_eq!(v128_store16_lane(v, 1), 0x0302);
        assert_eq!(v128_store16_lane(v, 9), 0x0302);
        assert_eq!(v128_store32_lane(v, 3), 0x0f0e_0d0c);
        assert_eq!(v128_store64_lane(v, 1), 0x0f0e_0d0c_0b0a_0908);
        assert_eq!(v128_store64_lane(v, 2), 0x0706_0504_0302_0100);
    }

    #[test]
    fn float_arithmetic_and_comparisons_follow_the_scalar_rules() {
        let a = from_lanes_f32([1.5, -0.0, f32::INFINITY, f32::MAX]);
        let b = from_lanes_f32([2.25, 0.0, f32::NEG_INFINITY, f32::MAX]);
        assert_eq!(lanes_f32(f32x4_add(a, b))[..2], [3.75, 0.0]);
        assert!(lanes_f32(f32x4_add(a, b))[2].is_nan());
        assert_eq!(lanes_f32(f32x4_add(a, b))[3], f32::INFINITY);
        assert_eq!(
            lanes_f32(f32x4_sub(a, b)),
            [-0.75, -0.0, f32::INFINITY, 0.0]
        );
        assert_eq!(f32_bits(f32x4_sub(a, b))[1], 0x8000_0000);
        assert_eq!(
            lanes_f32(f32x4_mul(a, b)),
            [3.375, -0.0, f32::NEG_INFINITY, f32::INFINITY]
        );
        assert_eq!(
            lanes_f32(f32x4_div(a, from_lanes_f32([0.5, 1.0, 2.0, -0.0]))),
            [3.0, -0.0, f32::INFINITY, f32::NEG_INFINITY]
        );
        let a = from_lanes_f64([0.1, -1.0]);
        let b = from_lanes_f64([0.2, 0.0]);
        assert_eq!(f64_bits(f64x2_add(a, b))[0], 0x3fd3_3333_3333_3334);
        assert_eq!(lanes_f64(f64x2_sub(a, b)), [0.1 - 0.2, -1.0]);
        assert_eq!(
            lanes_f64(f64x2_mul(a, b))[1].to_bits(),
            0x8000_0000_0000_0000
        );
        assert_eq!(lanes_f64(f64x2_div(a, b))[1], f64::NEG_INFINITY);
        assert_eq!(
            f64_bits(f64x2_div(
                from_lanes_f64([1.0, 1.0]),
                from_lanes_f64([3.0, 3.0])
            ))[0],
            0x3fd5_5555_5555_5555
        );

        // NaN results are quiet, whatever the operands' NaNs.
        let snan = from_lanes_u32([F32_SNAN; 4]);
        for r in [
            f32x4_add(snan, 0),
            f32x4_mul(snan, snan),
            f32x4_sqrt(snan),
            f32x4_nearest(snan),
        ] {
            assert!(
                f32_bits(r)
                    .iter()
                    .all(|&x| f32::from_bits(x).is_nan() && x & 0x0040_0000 != 0)
            );
        }

        let t = -1;
        let a = from_lanes_f32([f32::NAN, -0.0, 1.0, f32::NEG_INFINITY]);
        let b = from_lanes_f32([f32::NAN, 0.0, 2.0, f32::MIN]);
        assert_eq!(lanes_i32(f32x4_eq(a, b)), [0, t, 0, 0]);
        assert_eq!(lanes_i32(f32x4_ne(a, b)), [t, 0, t, t]);
        assert_eq!(lanes_i32(f32x4_lt(a, b)), [0, 0, t, t]);
        assert_eq!(lanes_i32(f32x4_gt(a, b)), [0, 0, 0, 0]);
        assert_eq!(lanes_i32(f32x4_le(a, b)), [0, t, t, t]);
        assert_eq!(lanes_i32(f32x4_ge(a, b)), [0, t, 0, 0]);
        let a = from_lanes_f64([f64::NAN, -0.0]);
        let b = from_lanes_f64([1.0, 0.0]);
        assert_eq!(lanes_i64(f64x2_eq(a, b)), [0, -1]);
        assert_eq!(lanes_i64(f64x2_ne(a, b)), [-1, 0]);
        assert_eq!(lanes_i64(f64x2_lt(a, b)), [0, 0]);
        assert_eq!(lanes_i64(f64x2_gt(b, a)), [0, 0]);
        assert_eq!(lanes_i64(f64x2_le(a, b)), [0, -1]);
        assert_eq!(lanes_i64(f64x2_ge(a, b)), [0, -1]);
    }

    #[test]
    fn abs_and_neg_only_touch_the_sign_bit() {
        let v = from_lanes_u32([F32_SNAN, 0xffc0_0001, 0x8000_0000, 0x3f80_0000]);
        assert_eq!(
            f32_bits(f32x4_abs(v)),
            [F32_SNAN, 0x7fc0_0001, 0, 0x3f80_0000]
        );
        assert_eq!(
            f32_bits(f32x4_neg(v)),
            [0xffa0_0001, 0x7fc0_0001, 0, 0xbf80_0000]
        );
        let v = from_lanes_u64([F64_SNAN | 1 << 63, 0]);
        assert_eq!(f64_bits(f64x2_abs(v)), [F64_SNAN, 0]);
        assert_eq!(f64_bits(f64x2_neg(v)), [F64_SNAN, 1 << 63]);
    }

    #[test]
    fn min_max_propagate_nan_and_order_zeros() {
        let a = from_lanes_f32([f32::NAN, 0.0, -0.0, 1.0]);
        let b = from_lanes_f32([0.0, f32::from_bits(F32_SNAN), 0.0, -1.0]);
        let min = f32_bits(f32x4_min(a, b));
        let max = f32_bits(f32x4_max(a, b));
        assert!(
            canonical32(min[0]) && f32::from_bits(min[1]).is_nan() && min[1] & 0x0040_0000 != 0
        );
        assert!(
            canonical32(max[0]) && f32::from_bits(max[1]).is_nan() && max[1] & 0x0040_0000 != 0
        );
        assert_eq!(min[2..], [0x8000_0000, (-1.0_f32).to_bits()]);
        assert_eq!(max[2..], [0, 1.0_f32.to_bits()]);
        let a = from_lanes_f64([0.0, f64::NAN]);
        let b = from_lanes_f64([-0.0, 3.0]);
        assert_eq!(f64_bits(f64x2_min(a, b))[0], 1 << 63);
        assert_eq!(f64_bits(f64x2_max(a, b))[0], 0);
        assert!(canonical64(f64_bits(f64x2_min(a, b))[1]));
        assert!(canonical64(f64_bits(f64x2_max(a, b))[1]));
    }

    #[test]
    fn pmin_pmax_return_an_operand_unchanged() {
        // pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a (simd_f32x4_pmin_pmax.wast).
        let a = from_lanes_u32([F32_SNAN, 0, 0x8000_0000, 0]);
        let b = from_lanes_u32([0, F32_SNAN, 0, 0x8000_0000]);
        assert_eq!(f32_bits(f32x4_pmin(a, b)), [F32_SNAN, 0, 0x8000_0000, 0]);
        assert_eq!(f32_bits(f32x4_pmax(a, b)), [F32_SNAN, 0, 0x8000_0000, 0]);
        let a = from_lanes_f32([1.0, 2.0, f32::NEG_INFINITY, -1.0]);
        let b = from_lanes_f32([2.0, 1.0, f32::INFINITY, -2.0]);
        assert_eq!(
            lanes_f32(f32x4_pmin(a, b)),
            [1.0, 1.0, f32::NEG_INFINITY, -2.0]
        );
        assert_eq!(lanes_f32(f32x4_pmax(a, b)), [2.0, 2.0, f32::INFINITY, -1.0]);
        let a = from_lanes_u64([F64_SNAN, (-0.0_f64).to_bits()]);
        let b = from_lanes_u64([1.0_f64.to_bits(), 0]);
        assert_eq!(f64_bits(f64x2_pmin(a, b)), [F64_SNAN, 1 << 63]);
        assert_eq!(f64_bits(f64x2_pmax(a, b)), [F64_SNAN, 1 << 63]);
        assert_eq!(f64_bits(f64x2_pmin(b, a)), [1.0_f64.to_bits(), 0]);
        let (a, b) = (from_lanes_f64([1.0, -5.0]), from_lanes_f64([-1.0, 5.0]));
        assert_eq!(lanes_f64(f64x2_pmin(a, b)), [-1.0, -5.0]);
        assert_eq!(lanes_f64(f64x2_pmax(a, b)), [1.0, 5.0]);
    }

    #[test]
    fn rounding_lanes() {
        let v = from_lanes_f32([0.5, 1.5, 2.5, -0.5]);
        assert_eq!(
            f32_bits(f32x4_nearest(v)),
            [0, 2.0_f32.to_bits(), 2.0_f32.to_bits(), 0x8000_0000]
        );
        assert_eq!(
            f32_bits(f32x4_ceil(v)),
            [
                1.0_f32.to_bits(),
                2.0_f32.to_bits(),
                3.0_f32.to_bits(),
                0x8000_0000
            ]
        );
        assert_eq!(lanes_f32(f32x4_floor(v)), [0.0, 1.0, 2.0, -1.0]);
        assert_eq!(f32_bits(f32x4_trunc(v))[3], 0x8000_0000);
        assert_eq!(
            lanes_f32(f32x4_trunc(from_lanes_f32([-1.7, 1.7, 8_388_609.0, -3.5]))),
            [-1.0, 1.0, 8_388_609.0, -3.0]
        );
        assert_eq!(
            lanes_f32(f32x4_nearest(from_lanes_f32([
                3.5,
                -3.5,
                -2.5,
                8_388_609.0
            ]))),
            [4.0, -4.0, -2.0, 8_388_609.0]
        );
        let s = f32_bits(f32x4_sqrt(from_lanes_f32([4.0, -0.0, -1.0, f32::INFINITY])));
        assert_eq!(
            [s[0], s[1], s[3]],
            [2.0_f32.to_bits(), 0x8000_0000, f32::INFINITY.to_bits()]
        );
        assert!(f32::from_bits(s[2]).is_nan());
        let v = from_lanes_f64([2.5, -0.5]);
        assert_eq!(f64_bits(f64x2_nearest(v)), [2.0_f64.to_bits(), 1 << 63]);
        assert_eq!(f64_bits(f64x2_ceil(v)), [3.0_f64.to_bits(), 1 << 63]);
        assert_eq!(lanes_f64(f64x2_floor(v)), [2.0, -1.0]);
        assert_eq!(f64_bits(f64x2_trunc(v)), [2.0_f64.to_bits(), 1 << 63]);
        assert_eq!(
            lanes_f64(f64x2_nearest(from_lanes_f64([
                4_503_599_627_370_495.5,
                -3.5
            ]))),
            [4_503_599_627_370_496.0, -4.0]
        );
        assert_eq!(lanes_f64(f64x2_sqrt(from_lanes_f64([2.0, 0.25])))[1], 0.5);
        assert_eq!(
            f64_bits(f64x2_sqrt(from_lanes_f64([2.0, 0.25])))[0],
            0x3ff6_a09e_667f_3bcd
        );
    }

    #[test]
    fn float_to_integer_truncation_saturates() {
        // Values from simd_i32x4_trunc_sat_f32x4.wast and simd_i32x4_trunc_sat_f64x2.wast.
        let v = from_lanes_f32([f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -2_147_483_904.0]);
        assert_eq!(
            lanes_i32(i32x4_trunc_sat_f32x4_s(v)),
            [0, i32::MAX, i32::MIN, i32::MIN]
        );
        assert_eq!(lanes_u32(i32x4_trunc_sat_f32x4_u(v)), [0, u32::MAX, 0, 0]);
        let v = from_lanes_f32([-1.9, 1.9, 2_147_483_520.0, 4_294_967_040.0]);
        assert_eq!(
            lanes_i32(i32x4_trunc_sat_f32x4_s(v)),
            [-1, 1, 2_147_483_520, i32::MAX]
        );
        assert_eq!(
            lanes_u32(i32x4_trunc_sat_f32x4_u(v)),
            [0, 1, 2_147_483_520, 4_294_967_040]
        );
        let v = from_lanes_f64([2_147_483_648.0, -2_147_483_649.0]);
        assert_eq!(
            lanes_i32(i32x4_trunc_sat_f64x2_s_zero(v)),
            [i32::MAX, i32::MIN, 0, 0]
        );
        assert_eq!(
            lanes_u32(i32x4_trunc_sat_f64x2_u_zero(v)),
            [2_147_483_648, 0, 0, 0]
        );
        let v = from_lanes_f64([f64::NAN, -1.5]);
        assert_eq!(
            i32x4_trunc_sat_f64x2_s_zero(v),
            from_lanes_i32([0, -1, 0, 0])
        );
        assert_eq!(i32x4_trunc_sat_f64x2_u_zero(v), 0);
        let v = from_lanes_f64([4_294_967_296.0, 4_294_967_295.9]);
        assert_eq!(
            lanes_u32(i32x4_trunc_sat_f64x2_u_zero(v)),
            [u32::MAX, u32::MAX, 0, 0]
        );
        assert_eq!(
            lanes_i32(i32x4_trunc_sat_f64x2_s_zero(from_lanes_f64([
                f64::INFINITY,
                f64::NEG_INFINITY
            ]))),
            [i32::MAX, i32::MIN, 0, 0]
        );
    }

    #[test]
    fn conversions_round_to_nearest_even() {
        let v = from_lanes_i32([16_777_217, -16_777_219, i32::MIN, 1]);
        assert_eq!(
            lanes_f32(f32x4_convert_i32x4_s(v)),
            [16_777_216.0, -16_777_220.0, -2_147_483_648.0, 1.0]
        );
        let v = from_lanes_u32([u32::MAX, 0x8000_0000, 16_777_217, 0]);
        assert_eq!(
            lanes_f32(f32x4_convert_i32x4_u(v)),
            [4_294_967_296.0, 2_147_483_648.0, 16_777_216.0, 0.0]
        );
        let v = from_lanes_i32([-1, i32::MIN, 5, 6]);
        assert_eq!(
            lanes_f64(f64x2_convert_low_i32x4_s(v)),
            [-1.0, -2_147_483_648.0]
        );
        assert_eq!(
            lanes_f64(f64x2_convert_low_i32x4_u(v)),
            [4_294_967_295.0, 2_147_483_648.0]
        );
        let v = from_lanes_f64([f64::MAX, 0.1]);
        assert_eq!(
            f32_bits(f32x4_demote_f64x2_zero(v)),
            [f32::INFINITY.to_bits(), 0.1_f32.to_bits(), 0, 0]
        );
        // From simd_conversions.wast: the smallest f64 subnormal rounds to a zero of its sign.
        let v = from_lanes_u64([1, 1 | 1 << 63]);
        assert_eq!(f32_bits(f32x4_demote_f64x2_zero(v)), [0, 0x8000_0000, 0, 0]);
        let d = f32_bits(f32x4_demote_f64x2_zero(from_lanes_f64([f64::NAN, -1.0])));
        assert!(f32::from_bits(d[0]).is_nan() && d[1] == (-1.0_f32).to_bits() && d[2..] == [0, 0]);
        let v = from_lanes_f32([0.1, f32::NEG_INFINITY, 7.0, 8.0]);
        assert_eq!(
            lanes_f64(f64x2_promote_low_f32x4(v)),
            [f64::from(0.1_f32), f64::NEG_INFINITY]
        );
        assert!(
            lanes_f64(f64x2_promote_low_f32x4(from_lanes_f32([
                f32::NAN,
                0.0,
                0.0,
                0.0
            ])))[0]
                .is_nan()
        );
    }

    #[test]
    fn relaxed_swizzle_and_laneselect_choices() {
        // relaxed-simd/i8x16_relaxed_swizzle.wast: both 0 and index-modulo-16 are allowed; capvm gives 0.
        let v = bytes_from(0);
        assert_eq!(i8x16_relaxed_swizzle(v, v), v);
        assert_eq!(i8x16_relaxed_swizzle(v, bytes_from(16)), 0);
        assert_eq!(i8x16_relaxed_swizzle(v, bytes_from(128)), 0);
        assert_eq!(
            i8x16_relaxed_swizzle(v, bytes_from(248)),
            from_lanes_u8(array::from_fn(|i| if i < 8 { 0 } else { i as u8 - 8 }))
        );
        // relaxed-simd/relaxed_laneselect.wast: capvm gives the bitselect alternative.
        let a = from_lanes_u8([0, 1, 0x12, 0x12, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
        let b = from_lanes_u8([
            16, 17, 0x34, 0x34, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
        ]);
        let m = from_lanes_u8([0xff, 0, 0xf0, 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_u8(i8x16_relaxed_laneselect(a, b, m)),
            [
                0, 17, 0x14, 0x32, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
            ]
        );
        let a = from_lanes_u16([0, 1, 0x1234, 0x1234, 4, 5, 6, 7]);
        let b = from_lanes_u16([8, 9, 0x5678, 0x5678, 12, 13, 14, 15]);
        let m = from_lanes_u16([0xffff, 0, 0xff00, 0x00ff, 0, 0, 0, 0]);
        assert_eq!(
            lanes_u16(i16x8_relaxed_laneselect(a, b, m)),
            [0, 9, 0x1278, 0x5634, 12, 13, 14, 15]
        );
        let m = from_lanes_u16([0xffff, 0, 0xff00, 0x0080, 0, 0, 0, 0]);
        assert_eq!(
            lanes_u16(i16x8_relaxed_laneselect(a, b, m)),
            [0, 9, 0x1278, 0x5678, 12, 13, 14, 15]
        );
        let a = from_lanes_u32([0, 1, 0x1234_1234, 0x1234_1234]);
        let b = from_lanes_u32([4, 5, 0x5678_5678, 0x5678_5678]);
        let m = from_lanes_u32([0xffff_ffff, 0, 0xffff_0000, 0x0000_ffff]);
        assert_eq!(
            lanes_u32(i32x4_relaxed_laneselect(a, b, m)),
            [0, 5, 0x1234_5678, 0x5678_1234]
        );
        let a = from_lanes_u64([0x1234_1234_1234_1234; 2]);
        let b = from_lanes_u64([0x5678_5678_5678_5678; 2]);
        let m = from_lanes_u64([0xffff_ffff_0000_0000, 0x0000_0000_ffff_ffff]);
        assert_eq!(
            lanes_u64(i64x2_relaxed_laneselect(a, b, m)),
            [0x1234_1234_5678_5678, 0x5678_5678_1234_1234]
        );
    }

    #[test]
    fn relaxed_madd_is_fused() {
        // relaxed-simd/relaxed_madd_nmadd.wast: capvm gives the fused result each time.
        let max = from_lanes_f32([f32::MAX; 4]);
        let two = f32x4_splat(2.0);
        assert_eq!(f32x4_relaxed_madd(max, two, f32x4_neg(max)), max);
        let x = f32x4_splat(f32::from_bits(0x3f80_0002)); // 1 + 2^-22
        let y = f32x4_splat(f32::from_bits(0x3f80_0100)); // 1 + 2^-15
        let z = f32x4_splat(f32::from_bits(0xbf80_0102)); // -(1 + 2^-15 + 2^-22)
        let tiny = f32x4_splat(f32::from_bits(0x2d00_0000)); // 2^-37
        assert_eq!(f32x4_relaxed_madd(x, y, z), tiny);
        assert_eq!(f32x4_add(f32x4_mul(x, y), z), 0, "unfused rounds twice");
        assert_eq!(f32x4_relaxed_nmadd(f32x4_neg(x), y, z), tiny);
        assert_eq!(f32x4_relaxed_nmadd(x, f32x4_neg(y), z), tiny);
        assert_eq!(f32x4_relaxed_nmadd(x, y, f32x4_neg(z)), f32x4_neg(tiny));

        let max = f64x2_splat(f64::MAX);
        assert_eq!(
            f64x2_relaxed_madd(max, f64x2_splat(2.0), f64x2_neg(max)),
            max
        );
        let x = f64x2_splat(f64::from_bits(0x3ff0_0000_0040_0000)); // 1 + 2^-30
        let y = f64x2_splat(f64::from_bits(0x3ff0_0000_2000_0000)); // 1 + 2^-23
        let z = f64x2_splat(f64::from_bits(0xbff0_0000_2040_0000)); // -(1 + 2^-23 + 2^-30)
        let tiny = f64x2_splat(f64::from_bits(0x3ca0_0000_0000_0000)); // 2^-53
        assert_eq!(f64x2_relaxed_madd(x, y, z), tiny);
        assert_eq!(f64x2_add(f64x2_mul(x, y), z), 0, "unfused rounds twice");
        assert_eq!(f64x2_relaxed_nmadd(f64x2_neg(x), y, z), tiny);
        assert_eq!(f64x2_relaxed_nmadd(x, f64x2_neg(y), z), tiny);
        // Lanes stay independent.
        let r = f32x4_relaxed_madd(
            from_lanes_f32([1.0, 2.0, 3.0, 4.0]),
            from_lanes_f32([5.0, 6.0, 7.0, 8.0]),
            from_lanes_f32([0.5, -1.0, 0.0, 1.0]),
        );
        assert_eq!(lanes_f32(r), [5.5, 11.0, 21.0, 33.0]);
    }

    #[test]
    fn relaxed_min_max_trunc_and_q15mulr_choices() {
        // relaxed-simd/relaxed_min_max.wast: capvm gives the deterministic min and max.
        let a = from_lanes_u32([0xffc0_0000, 0x7fc0_0000, 0, 0]);
        let b = from_lanes_u32([0, 0, 0xffc0_0000, 0x7fc0_0000]);
        assert!(
            f32_bits(f32x4_relaxed_min(a, b))
                .into_iter()
                .all(canonical32)
        );
        assert!(
            f32_bits(f32x4_relaxed_max(a, b))
                .into_iter()
                .all(canonical32)
        );
        let a = from_lanes_f32([0.0, -0.0, 0.0, -0.0]);
        let b = from_lanes_f32([-0.0, 0.0, 0.0, -0.0]);
        assert_eq!(
            f32_bits(f32x4_relaxed_min(a, b)),
            [1 << 31, 1 << 31, 0, 1 << 31]
        );
        assert_eq!(f32_bits(f32x4_relaxed_max(a, b)), [0, 0, 0, 1 << 31]);
        let nans = from_lanes_u64([0xfff8_0000_0000_0000, 0x7ff8_0000_0000_0000]);
        assert!(
            f64_bits(f64x2_relaxed_min(nans, 0))
                .into_iter()
                .all(canonical64)
        );
        assert!(
            f64_bits(f64x2_relaxed_max(0, nans))
                .into_iter()
                .all(canonical64)
        );
        let (a, b) = (from_lanes_f64([0.0, -0.0]), from_lanes_f64([-0.0, 0.0]));
        assert_eq!(f64_bits(f64x2_relaxed_min(a, b)), [1 << 63, 1 << 63]);
        assert_eq!(f64_bits(f64x2_relaxed_max(a, b)), [0, 0]);

        // relaxed-simd/i16x8_relaxed_q15mulr_s.wast: capvm saturates to 32767.
        let a = from_lanes_i16([-32768, -32767, 32767, 0, 0, 0, 0, 0]);
        let b = from_lanes_i16([-32768, -32768, 32767, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_i16(i16x8_relaxed_q15mulr_s(a, b)),
            [32767, 32767, 32766, 0, 0, 0, 0, 0]
        );

        // capvm gives the saturating truncations.
        let v = from_lanes_f32([f32::NAN, -1.0, 3e9, -3e9]);
        assert_eq!(
            lanes_i32(i32x4_relaxed_trunc_f32x4_s(v)),
            [0, -1, i32::MAX, i32::MIN]
        );
        assert_eq!(
            lanes_u32(i32x4_relaxed_trunc_f32x4_u(v)),
            [0, 0, 3_000_000_000, 0]
        );
        let v = from_lanes_f64([f64::NAN, 1e10]);
        assert_eq!(
            lanes_i32(i32x4_relaxed_trunc_f64x2_s_zero(v)),
            [0, i32::MAX, 0, 0]
        );
        assert_eq!(
            lanes_u32(i32x4_relaxed_trunc_f64x2_u_zero(v)),
            [0, u32::MAX, 0, 0]
        );
        assert_eq!(
            lanes_i32(i32x4_relaxed_trunc_f64x2_u_zero(from_lanes_f64([
                -5.0, 7.9
            ]))),
            [0, 7, 0, 0]
        );
    }

    #[test]
    fn relaxed_dot_products() {
        // relaxed-simd/relaxed_dot_product.wast.
        let v = bytes_from(0);
        assert_eq!(
            lanes_i16(i16x8_relaxed_dot_i8x16_i7x16_s(v, v)),
            [1, 13, 41, 85, 145, 221, 313, 421]
        );
        let a = from_lanes_i8([-128, -128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = from_lanes_i8([127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_i16(i16x8_relaxed_dot_i8x16_i7x16_s(a, b)),
            [-32512, 32258, 0, 0, 0, 0, 0, 0]
        );
        // b outside i7: capvm treats it as signed (the "signed * signed" alternative).
        let a = from_lanes_i8([-128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = from_lanes_i8([-127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_i16(i16x8_relaxed_dot_i8x16_i7x16_s(a, b)),
            [32512, 0, 0, 0, 0, 0, 0, 0]
        );
        // The one pair sum that overflows i16 wraps.
        assert_eq!(
            i16x8_relaxed_dot_i8x16_i7x16_s(i8x16_splat(-128), i8x16_splat(-128)),
            i16x8_splat(-32768)
        );

        let c = from_lanes_i32([0, 1, 2, 3]);
        assert_eq!(
            lanes_i32(i32x4_relaxed_dot_i8x16_i7x16_add_s(v, v, c)),
            [14, 127, 368, 737]
        );
        let a = from_lanes_i8([
            -128, -128, -128, -128, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        let b = from_lanes_i8([
            127, 127, 127, 127, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        let c = from_lanes_i32([1, 2, 3, 4]);
        assert_eq!(
            lanes_i32(i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, c)),
            [-65023, 64518, 3, 4]
        );
        let a = from_lanes_i8([-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = from_lanes_i8([-127, -127, -127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            lanes_i32(i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, c)),
            [65025, 2, 3, 4]
        );
        // The intermediate i16 sums are sign-extended, and the accumulation wraps.
        let all_min = i8x16_splat(-128);
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(all_min, all_min, 0),
            i32x4_splat(-65536)
        );
        let one = from_lanes_i8([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            i32x4_extract_lane(
                i32x4_relaxed_dot_i8x16_i7x16_add_s(one, one, i32x4_splat(i32::MAX)),
                0
            ),
            i32::MIN
        );
    }

    /// Vectors on the edges the operators care about: signs, saturation bounds, NaNs, infinities, zeros.
    const EDGES: [V128; 14] = [
        0,
        V128::MAX,
        1,
        1 << 127,
        0x8080_8080_8080_8080_8080_8080_8080_8080,
        0x7f7f_7f7f_7f7f_7f7f_7f7f_7f7f_7f7f_7f7f,
        0x8000_7fff_8000_7fff_0001_ffff_ff00_00ff,
        0x8000_0000_7fff_ffff_ffff_ffff_0000_0001,
        0x7fc0_0000_ffc0_0000_7fa0_0001_7f80_0000, // f32 NaNs, an sNaN, +inf
        0xff80_0000_8000_0000_3f00_0000_4f80_0000, // f32 -inf, -0, 0.5, 2^32
        0x7ff8_0000_0000_0000_7ff4_0000_0000_0001, // f64 NaN, sNaN
        0x7ff0_0000_0000_0000_8000_0000_0000_0000, // f64 +inf, -0
        0x41e0_0000_0000_0000_c1e0_0000_0020_0000, // f64 2^31, -(2^31 + 1)
        0x0123_4567_89ab_cdef_fedc_ba98_7654_3210,
    ];

    /// Bits of lane `lane` of `width` bits.
    fn lane_bits(v: V128, width: usize, lane: usize) -> V128 {
        (v >> (width * lane)) & (V128::MAX >> (128 - width))
    }

    /// Lane `lane` of `v` copied into every lane.
    fn broadcast(v: V128, width: usize, lane: usize) -> V128 {
        let x = lane_bits(v, width, lane);
        (0..128 / width).fold(0, |acc, i| acc | x << (width * i))
    }

    type Binary = fn(V128, V128) -> V128;
    type Unary = fn(V128) -> V128;
    type Shift = fn(V128, i32) -> V128;

    /// The lane-wise binary operators of each lane width.
    fn lanewise_binary() -> [(usize, Vec<Binary>); 4] {
        [
            (
                8,
                vec![
                    i8x16_eq,
                    i8x16_ne,
                    i8x16_lt_s,
                    i8x16_lt_u,
                    i8x16_gt_s,
                    i8x16_gt_u,
                    i8x16_le_s,
                    i8x16_le_u,
                    i8x16_ge_s,
                    i8x16_ge_u,
                    i8x16_add,
                    i8x16_add_sat_s,
                    i8x16_add_sat_u,
                    i8x16_sub,
                    i8x16_sub_sat_s,
                    i8x16_sub_sat_u,
                    i8x16_min_s,
                    i8x16_min_u,
                    i8x16_max_s,
                    i8x16_max_u,
                    i8x16_avgr_u,
                ],
            ),
            (
                16,
                vec![
                    i16x8_eq,
                    i16x8_ne,
                    i16x8_lt_s,
                    i16x8_lt_u,
                    i16x8_gt_s,
                    i16x8_gt_u,
                    i16x8_le_s,
                    i16x8_le_u,
                    i16x8_ge_s,
                    i16x8_ge_u,
                    i16x8_add,
                    i16x8_add_sat_s,
                    i16x8_add_sat_u,
                    i16x8_sub,
                    i16x8_sub_sat_s,
                    i16x8_sub_sat_u,
                    i16x8_mul,
                    i16x8_min_s,
                    i16x8_min_u,
                    i16x8_max_s,
                    i16x8_max_u,
                    i16x8_avgr_u,
                    i16x8_q15mulr_sat_s,
                    i16x8_relaxed_q15mulr_s,
                ],
            ),
            (
                32,
                vec![
                    i32x4_eq,
                    i32x4_ne,
                    i32x4_lt_s,
                    i32x4_lt_u,
                    i32x4_gt_s,
                    i32x4_gt_u,
                    i32x4_le_s,
                    i32x4_le_u,
                    i32x4_ge_s,
                    i32x4_ge_u,
                    i32x4_add,
                    i32x4_sub,
                    i32x4_mul,
                    i32x4_min_s,
                    i32x4_min_u,
                    i32x4_max_s,
                    i32x4_max_u,
                    f32x4_eq,
                    f32x4_ne,
                    f32x4_lt,
                    f32x4_gt,
                    f32x4_le,
                    f32x4_ge,
                    f32x4_add,
                    f32x4_sub,
                    f32x4_mul,
                    f32x4_div,
                    f32x4_min,
                    f32x4_max,
                    f32x4_pmin,
                    f32x4_pmax,
                    f32x4_relaxed_min,
                    f32x4_relaxed_max,
                ],
            ),
            (
                64,
                vec![
                    i64x2_eq,
                    i64x2_ne,
                    i64x2_lt_s,
                    i64x2_gt_s,
                    i64x2_le_s,
                    i64x2_ge_s,
                    i64x2_add,
                    i64x2_sub,
                    i64x2_mul,
                    f64x2_eq,
                    f64x2_ne,
                    f64x2_lt,
                    f64x2_gt,
                    f64x2_le,
                    f64x2_ge,
                    f64x2_add,
                    f64x2_sub,
                    f64x2_mul,
                    f64x2_div,
                    f64x2_min,
                    f64x2_max,
                    f64x2_pmin,
                    f64x2_pmax,
                    f64x2_relaxed_min,
                    f64x2_relaxed_max,
                ],
            ),
        ]
    }

    /// The lane-wise unary operators of each lane width.
    fn lanewise_unary() -> [(usize, Vec<Unary>); 4] {
        [
            (8, vec![i8x16_abs, i8x16_neg, i8x16_popcnt]),
            (16, vec![i16x8_abs, i16x8_neg]),
            (
                32,
                vec![
                    i32x4_abs,
                    i32x4_neg,
                    f32x4_abs,
                    f32x4_neg,
                    f32x4_sqrt,
                    f32x4_ceil,
                    f32x4_floor,
                    f32x4_trunc,
                    f32x4_nearest,
                    f32x4_convert_i32x4_s,
                    f32x4_convert_i32x4_u,
                    i32x4_trunc_sat_f32x4_s,
                    i32x4_trunc_sat_f32x4_u,
                    i32x4_relaxed_trunc_f32x4_s,
                    i32x4_relaxed_trunc_f32x4_u,
                ],
            ),
            (
                64,
                vec![
                    i64x2_abs,
                    i64x2_neg,
                    f64x2_abs,
                    f64x2_neg,
                    f64x2_sqrt,
                    f64x2_ceil,
                    f64x2_floor,
                    f64x2_trunc,
                    f64x2_nearest,
                ],
            ),
        ]
    }

    #[test]
    fn lanewise_operators_keep_lanes_independent() {
        // Lane i of a lane-wise result depends only on lane i of the operands: computing it from operands with
        // that lane broadcast to every lane must agree. This catches carries across lanes and lane-order mistakes,
        // and runs every operator on every edge (no panics, overflow checks on).
        for (width, ops) in lanewise_binary() {
            for (k, op) in ops.iter().enumerate() {
                for a in EDGES {
                    for b in EDGES {
                        let r = op(a, b);
                        for lane in 0..128 / width {
                            let alone = op(broadcast(a, width, lane), broadcast(b, width, lane));
                            assert_eq!(
                                lane_bits(r, width, lane),
                                lane_bits(alone, width, lane),
                                "binary op {k} of width {width}, lane {lane}, {a:#x}, {b:#x}"
                            );
                        }
                    }
                }
            }
        }
        for (width, ops) in lanewise_unary() {
            for (k, op) in ops.iter().enumerate() {
                for a in EDGES {
                    let r = op(a);
                    for lane in 0..128 / width {
                        let alone = op(broadcast(a, width, lane));
                        assert_eq!(
                            lane_bits(r, width, lane),
                            lane_bits(alone, width, lane),
                            "unary op {k} of width {width}, lane {lane}, {a:#x}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn algebraic_identities_on_edges() {
        let shifts: [(usize, Shift, Shift, Shift); 4] = [
            (8, i8x16_shl, i8x16_shr_s, i8x16_shr_u),
            (16, i16x8_shl, i16x8_shr_s, i16x8_shr_u),
            (32, i32x4_shl, i32x4_shr_s, i32x4_shr_u),
            (64, i64x2_shl, i64x2_shr_s, i64x2_shr_u),
        ];
        for a in EDGES {
            for b in EDGES {
                assert_eq!(i8x16_sub(a, b), i8x16_add(a, i8x16_neg(b)));
                assert_eq!(i16x8_sub(a, b), i16x8_add(a, i16x8_neg(b)));
                assert_eq!(i32x4_sub(a, b), i32x4_add(a, i32x4_neg(b)));
                assert_eq!(i64x2_sub(a, b), i64x2_add(a, i64x2_neg(b)));
                assert_eq!(i8x16_lt_u(a, b), i8x16_gt_u(b, a));
                assert_eq!(i16x8_le_s(a, b), v128_not(i16x8_gt_s(a, b)));
                assert_eq!(i32x4_ge_u(a, b), v128_not(i32x4_lt_u(a, b)));
                assert_eq!(i64x2_ne(a, b), v128_not(i64x2_eq(a, b)));
                assert_eq!(v128_andnot(a, b), v128_and(a, v128_not(b)));
                assert_eq!(v128_xor(a, b), v128_andnot(v128_or(a, b), v128_and(a, b)));
                assert_eq!(
                    i16x8_extmul_low_i8x16_s(a, b),
                    i16x8_mul(i16x8_extend_low_i8x16_s(a), i16x8_extend_low_i8x16_s(b))
                );
                assert_eq!(
                    i16x8_extmul_high_i8x16_u(a, b),
                    i16x8_mul(i16x8_extend_high_i8x16_u(a), i16x8_extend_high_i8x16_u(b))
                );
                assert_eq!(
                    i32x4_extmul_high_i16x8_s(a, b),
                    i32x4_mul(i32x4_extend_high_i16x8_s(a), i32x4_extend_high_i16x8_s(b))
                );
                assert_eq!(
                    i32x4_extmul_low_i16x8_u(a, b),
                    i32x4_mul(i32x4_extend_low_i16x8_u(a), i32x4_extend_low_i16x8_u(b))
                );
                assert_eq!(
                    i64x2_extmul_low_i32x4_s(a, b),
                    i64x2_mul(i64x2_extend_low_i32x4_s(a), i64x2_extend_low_i32x4_s(b))
                );
                assert_eq!(
                    i64x2_extmul_high_i32x4_u(a, b),
                    i64x2_mul(i64x2_extend_high_i32x4_u(a), i64x2_extend_high_i32x4_u(b))
                );
                assert_eq!(i8x16_relaxed_swizzle(a, b), i8x16_swizzle(a, b));
                assert_eq!(i8x16_shuffle(a, b, bytes_from(0)), a);
                assert_eq!(i8x16_shuffle(a, b, bytes_from(16)), b);
                assert_eq!(
                    i8x16_narrow_i16x8_s(a, b) >> 64,
                    i8x16_narrow_i16x8_s(b, a) & V128::from(u64::MAX)
                );
                assert_eq!(
                    i16x8_narrow_i32x4_u(a, b) >> 64,
                    i16x8_narrow_i32x4_u(b, a) & V128::from(u64::MAX)
                );
                for c in EDGES {
                    assert_eq!(i8x16_relaxed_laneselect(a, b, c), v128_bitselect(a, b, c));
                    assert_eq!(i64x2_relaxed_laneselect(a, b, c), v128_bitselect(a, b, c));
                    assert_eq!(
                        f32x4_relaxed_nmadd(a, b, c),
                        f32x4_relaxed_madd(f32x4_neg(a), b, c)
                    );
                    assert_eq!(
                        f64x2_relaxed_nmadd(a, b, c),
                        f64x2_relaxed_madd(f64x2_neg(a), b, c)
                    );
                }
            }
            assert_eq!(f32x4_abs(a), a & !(i32x4_splat(i32::MIN)));
            assert_eq!(f64x2_neg(f64x2_neg(a)), a);
            assert_eq!(
                i32x4_relaxed_trunc_f64x2_s_zero(a),
                i32x4_trunc_sat_f64x2_s_zero(a)
            );
            assert_eq!(
                i32x4_relaxed_trunc_f64x2_u_zero(a),
                i32x4_trunc_sat_f64x2_u_zero(a)
            );
            assert_eq!(
                lanes_u8(i8x16_popcnt(a))
                    .iter()
                    .map(|&x| u32::from(x))
                    .sum::<u32>(),
                a.count_ones()
            );
            assert_eq!(i8x16_all_true(a) == 1, i8x16_eq(a, 0) == 0);
            assert_eq!(i64x2_all_true(a) == 1, i64x2_eq(a, 0) == 0);
            for i in 0..16 {
                assert_eq!(
                    i8x16_bitmask(a) >> i & 1 == 1,
                    i8x16_extract_lane_s(a, i) < 0
                );
            }
            for i in 0..8 {
                assert_eq!(
                    i16x8_bitmask(a) >> i & 1 == 1,
                    i16x8_extract_lane_s(a, i) < 0
                );
            }
            for i in 0..4 {
                assert_eq!(i32x4_bitmask(a) >> i & 1 == 1, i32x4_extract_lane(a, i) < 0);
            }
            for i in 0..2 {
                assert_eq!(i64x2_bitmask(a) >> i & 1 == 1, i64x2_extract_lane(a, i) < 0);
            }
            assert_eq!(
                i32x4_extadd_pairwise_i16x8_s(a),
                i32x4_add(i32x4_shr_s(i32x4_shl(a, 16), 16), i32x4_shr_s(a, 16))
            );
            assert_eq!(
                i16x8_extadd_pairwise_i8x16_u(a),
                i16x8_add(a & i16x8_splat(0xff), i16x8_shr_u(a, 8))
            );
            for (width, shl, shr_s, shr_u) in shifts {
                for count in [
                    0,
                    1,
                    7,
                    8,
                    9,
                    15,
                    16,
                    31,
                    32,
                    33,
                    63,
                    64,
                    65,
                    -1,
                    i32::MIN,
                    i32::MAX,
                ] {
                    let k = count as u32 as usize % width;
                    assert_eq!(shl(a, count), shl(a, k as i32));
                    assert_eq!(shr_s(a, count), shr_s(a, k as i32));
                    assert_eq!(shr_u(a, count), shr_u(a, k as i32));
                    if k > 0 {
                        assert_eq!(
                            shl(a, count),
                            shl(shl(a, 1), k as i32 - 1),
                            "width {width} count {count}"
                        );
                    }
                }
            }
        }
    }
}
