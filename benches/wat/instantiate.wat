;; A module whose instantiation does some real work: a 4-page memory with eight active data segments, a
;; 64-entry funcref table filled by two active element segments, and twelve globals.
;; run(i) reads the instance state back: table entry (i mod 64)'s result + the byte at (i * 61) mod 2048 +
;; g0 + g3 + g6 + g7 + g10 + g11, plus the low 32 bits of g1 + g4 + g8 + g9 and of trunc(g2 + g5), as an i64.
(module
  (memory (export "memory") 4)
  (table $t (export "table") 64 funcref)
  (type $get (func (result i32)))

  (global $g0 i32 (i32.const 7))
  (global $g1 i64 (i64.const 0x123456789abc))
  (global $g2 f64 (f64.const 2.5))
  (global $g3 (mut i32) (i32.const 11))
  (global $g4 (mut i64) (i64.const 0x1000))
  (global $g5 (mut f64) (f64.const 0.25))
  (global $g6 (mut i32) (i32.const 100))
  (global $g7 (mut i32) (i32.const 200))
  (global $g8 (mut i64) (i64.const -1))
  (global $g9 (mut i64) (i64.const 42))
  (global $g10 (export "g10") (mut i32) (i32.const 300))
  (global $g11 (export "g11") i32 (i32.const 400))

  (func $f0 (result i32) (i32.const 0))
  (func $f1 (result i32) (i32.const 1))
  (func $f2 (result i32) (i32.const 2))
  (func $f3 (result i32) (i32.const 3))
  (func $f4 (result i32) (i32.const 4))
  (func $f5 (result i32) (i32.const 5))
  (func $f6 (result i32) (i32.const 6))
  (func $f7 (result i32) (i32.const 7))
  (func $f8 (result i32) (i32.const 8))
  (func $f9 (result i32) (i32.const 9))
  (func $f10 (result i32) (i32.const 10))
  (func $f11 (result i32) (i32.const 11))
  (func $f12 (result i32) (i32.const 12))
  (func $f13 (result i32) (i32.const 13))
  (func $f14 (result i32) (i32.const 14))
  (func $f15 (result i32) (i32.const 15))

  (elem (table $t) (i32.const 0) func
    $f0 $f1 $f2 $f3 $f4 $f5 $f6 $f7 $f8 $f9 $f10 $f11 $f12 $f13 $f14 $f15
    $f15 $f14 $f13 $f12 $f11 $f10 $f9 $f8 $f7 $f6 $f5 $f4 $f3 $f2 $f1 $f0)
  (elem (table $t) (i32.const 32) func
    $f1 $f3 $f5 $f7 $f9 $f11 $f13 $f15 $f0 $f2 $f4 $f6 $f8 $f10 $f12 $f14
    $f2 $f4 $f6 $f8 $f10 $f12 $f14 $f0 $f1 $f3 $f5 $f7 $f9 $f11 $f13 $f15)

  (data (i32.const 0)
    "segment 0 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 0 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 0 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 0 line 3: the quick brown fox jumps over the lazy dog...")
  (data (i32.const 256)
    "segment 1 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 1 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 1 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 1 line 3: the quick brown fox jumps over the lazy dog...")
  (data (i32.const 512)
    "segment 2 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 2 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 2 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 2 line 3: the quick brown fox jumps over the lazy dog...")
  (data (i32.const 768)
    "segment 3 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 3 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 3 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 3 line 3: the quick brown fox jumps over the lazy dog...")
  (data (i32.const 1024)
    "segment 4 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 4 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 4 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 4 line 3: the quick brown fox jumps over the lazy dog...")
  (data (i32.const 1280)
    "segment 5 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 5 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 5 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 5 line 3: the quick brown fox jumps over the lazy dog...")
  (data (i32.const 1536)
    "segment 6 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 6 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 6 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 6 line 3: the quick brown fox jumps over the lazy dog...")
  (data (i32.const 1792)
    "segment 7 line 0: the quick brown fox jumps over the lazy dog..."
    "segment 7 line 1: the quick brown fox jumps over the lazy dog..."
    "segment 7 line 2: the quick brown fox jumps over the lazy dog..."
    "segment 7 line 3: the quick brown fox jumps over the lazy dog...")

  (func (export "run") (param $i i32) (result i64)
    (i64.add
      (i64.extend_i32_u
        (i32.add
          (i32.add
            (call_indirect (type $get) (i32.rem_u (local.get $i) (i32.const 64)))
            (i32.load8_u (i32.rem_u (i32.mul (local.get $i) (i32.const 61)) (i32.const 2048))))
          (i32.add
            (i32.add (i32.add (global.get $g0) (global.get $g3)) (i32.add (global.get $g6) (global.get $g7)))
            (i32.add (global.get $g10) (global.get $g11)))))
      (i64.add
        (i64.and
          (i64.add (i64.add (global.get $g1) (global.get $g4)) (i64.add (global.get $g8) (global.get $g9)))
          (i64.const 0xffffffff))
        (i64.trunc_f64_s (f64.add (global.get $g2) (global.get $g5)))))))
