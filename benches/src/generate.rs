//! Modules for the translate and instantiate phases.

use std::fmt::Write as _;

/// The module instantiated by the instantiate benches: memory with data segments, a table with element
/// segments, and globals (see `wat/instantiate.wat`).
pub const INSTANTIATE_WAT: &str = include_str!("../wat/instantiate.wat");

/// Table contents set by the element segments of `wat/instantiate.wat`: entry i calls a function returning
/// `TABLE[i]`.
const TABLE: [u8; 64] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, //
    15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, //
    1, 3, 5, 7, 9, 11, 13, 15, 0, 2, 4, 6, 8, 10, 12, 14, //
    2, 4, 6, 8, 10, 12, 14, 0, 1, 3, 5, 7, 9, 11, 13, 15,
];

/// The byte at `address` (below 2048) after the data segments of `wat/instantiate.wat`: segment s at 256 * s
/// holds four 64-byte lines.
fn instantiate_data_byte(address: usize) -> u8 {
    let (segment, line, column) = (address / 256, address % 256 / 64, address % 64);
    let text =
        format!("segment {segment} line {line}: the quick brown fox jumps over the lazy dog...");
    text.as_bytes().get(column).copied().unwrap_or(0)
}

/// What `run(i)` of `wat/instantiate.wat` returns on a correctly instantiated module, for i >= 0.
pub fn instantiate_expected(i: i32) -> i64 {
    let i = u32::try_from(i).unwrap_or(0);
    let entry = u32::from(TABLE[(i % 64) as usize]);
    let byte = u32::from(instantiate_data_byte((i.wrapping_mul(61) % 2048) as usize));
    let small_globals: u32 = 7 + 11 + 100 + 200 + 300 + 400;
    let wide_globals = (0x1234_5678_9abc_i64 + 0x1000 - 1 + 42) & 0xffff_ffff;
    let float_globals = (2.5_f64 + 0.25).trunc() as i64;
    i64::from(entry + byte + small_globals) + wide_globals + float_globals
}

/// Appends one generated function `$f{k}: (i32, i32) -> i32`: a counted loop mixing i32/i64/f64 arithmetic,
/// loads and stores, a `br_table`, an `if` and (for k > 0) a call to `$f{k-1}`.
fn push_function(wat: &mut String, k: usize) {
    let mul = 2 * (k % 1000) + 3;
    let salt = k % 4093;
    let offset = (k % 64) * 4;
    let shift = k % 31 + 1;
    let call = if k == 0 {
        "(i32.const 1)".to_string()
    } else {
        format!("(call $f{} (local.get $a) (i32.const 1))", k - 1)
    };
    // `write!` to a String cannot fail.
    let _ = write!(
        wat,
        r#"
  (func $f{k} (param $a i32) (param $b i32) (result i32)
    (local $i i32) (local $x i64) (local $y f64)
    (block $out
      (loop $top
        (br_if $out (i32.ge_u (local.get $i) (local.get $b)))
        (local.set $a (i32.add (i32.mul (local.get $a) (i32.const {mul})) (i32.xor (local.get $i) (i32.const {salt}))))
        (local.set $x (i64.add (local.get $x) (i64.extend_i32_u (local.get $a))))
        (local.set $y (f64.add (local.get $y) (f64.mul (f64.convert_i32_s (local.get $a)) (f64.const 0.5))))
        (i32.store offset={offset} (i32.and (local.get $i) (i32.const 0xffc)) (local.get $a))
        (local.set $a (i32.add (local.get $a) (i32.load offset={offset} (i32.and (local.get $a) (i32.const 0xffc)))))
        (block $b0
          (block $b1
            (block $b2
              (br_table $b0 $b1 $b2 (i32.and (local.get $a) (i32.const 3))))
            (local.set $a (i32.rotl (local.get $a) (i32.const {shift})))
            (br $b0))
          (local.set $a (i32.sub (local.get $a) (i32.const {salt}))))
        (if (i32.lt_s (local.get $a) (i32.const 0))
          (then (local.set $a (i32.sub (i32.const 0) (local.get $a))))
          (else (local.set $a (i32.shr_u (local.get $a) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (i32.add
      (i32.add (local.get $a) (i32.wrap_i64 (local.get $x)))
      (i32.add (i32.trunc_sat_f64_s (local.get $y)) {call})))
"#
    );
}

/// A large generated module for the translate benches: `functions` functions (each about 80 instructions,
/// calling the previous one), a 1-page memory and an export `run: (i32) -> i64` that calls the last function.
pub fn large_module_wat(functions: usize) -> String {
    let functions = functions.max(1);
    let mut wat = String::with_capacity(functions * 1600 + 256);
    wat.push_str("(module\n  (memory 1)\n");
    for k in 0..functions {
        push_function(&mut wat, k);
    }
    let _ = write!(
        wat,
        "  (func (export \"run\") (param $n i32) (result i64)\n    \
         (i64.extend_i32_u (call $f{} (local.get $n) (i32.const 4)))))\n",
        functions - 1
    );
    wat
}

#[cfg(test)]
mod tests {
    #[test]
    fn large_module_parses_and_grows_with_the_function_count() {
        let small = wat::parse_str(super::large_module_wat(2)).expect("valid text");
        let large = wat::parse_str(super::large_module_wat(20)).expect("valid text");
        assert!(
            large.len() > 5 * small.len(),
            "{} vs {}",
            large.len(),
            small.len()
        );
    }

    #[test]
    fn instantiate_data_bytes() {
        assert_eq!(super::instantiate_data_byte(0), b's');
        assert_eq!(super::instantiate_data_byte(256 + 64 + 8), b'1'); // "segment 1 line 1"
        assert_eq!(super::instantiate_data_byte(256 + 64 + 15), b'1');
        assert_eq!(super::instantiate_data_byte(63), b'.');
    }
}
