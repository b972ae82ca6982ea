;; SIMD single-precision BLAS-1 kernels over two 4096-element f32 arrays, 4 lanes per v128: saxpy y = a * x + y
;; and the dot product x . y with an f32x4 accumulator (v128 loads and stores with offsets, f32x4.splat, f32x4.mul,
;; f32x4.add, f32x4.extract_lane). x is at bytes [0, 16384), y at [16384, 32768).
;; x[i] = ((5i mod 17) - 8) * 0.5 and initially y[i] = ((3i mod 13) - 6) * 0.25. run(n): for round r in 0..n (none
;; if n <= 0), a = ((r mod 5) - 2) * 0.25, y = a * x + y, then the four lane sums of x[i] * y[i] (lane i mod 4) are
;; added as (l0 + l1) + (l2 + l3) and the dot product accumulated in f64. The values are multiples of 1/8 (y) and
;; 1/16 (products) small enough that every f32 operation is exact, whatever the order. Returns the total times 16,
;; an integer.
(module
  (memory (export "memory") 1)

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $p i32) (local $r i32)
    (local $a v128) (local $acc v128)
    (local $total f64)

    ;; x and y
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (i32.const 4096)))
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (f32.store (local.get $p)
          (f32.mul
            (f32.convert_i32_s
              (i32.sub (i32.rem_u (i32.mul (local.get $i) (i32.const 5)) (i32.const 17)) (i32.const 8)))
            (f32.const 0.5)))
        (f32.store offset=16384 (local.get $p)
          (f32.mul
            (f32.convert_i32_s
              (i32.sub (i32.rem_u (i32.mul (local.get $i) (i32.const 3)) (i32.const 13)) (i32.const 6)))
            (f32.const 0.25)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))

    (block $rounds_done
      (loop $rounds
        (br_if $rounds_done (i32.ge_s (local.get $r) (local.get $n)))
        (local.set $a
          (f32x4.splat
            (f32.mul
              (f32.convert_i32_s (i32.sub (i32.rem_u (local.get $r) (i32.const 5)) (i32.const 2)))
              (f32.const 0.25))))

        ;; saxpy
        (local.set $p (i32.const 0))
        (block $saxpy_done
          (loop $saxpy
            (br_if $saxpy_done (i32.ge_u (local.get $p) (i32.const 16384)))
            (v128.store offset=16384 (local.get $p)
              (f32x4.add
                (v128.load offset=16384 (local.get $p))
                (f32x4.mul (local.get $a) (v128.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $saxpy)))

        ;; dot
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $dot_done
          (loop $dot
            (br_if $dot_done (i32.ge_u (local.get $p) (i32.const 16384)))
            (local.set $acc
              (f32x4.add (local.get $acc)
                (f32x4.mul (v128.load (local.get $p)) (v128.load offset=16384 (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $dot)))
        (local.set $total
          (f64.add (local.get $total)
            (f64.promote_f32
              (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))))

        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rounds)))

    (i64.trunc_f64_s (f64.mul (local.get $total) (f64.const 16)))))
