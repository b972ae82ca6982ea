;; Dense f64 matrix multiply C = A * B of n x n row-major matrices in linear memory: f64 loads, stores, mul, add.
;; A[i][j] = ((7i + 3j) mod 17) * 0.25 - 2 and B[i][j] = ((5i + 11j) mod 19) * 0.125 - 1 (exact binary fractions,
;; so every sum below is exact). run(n) returns the bits of sum over i, j of C[i][j] * (((i + 2j) mod 5) + 1).
(module
  (memory (export "memory") 1)

  ;; Grows memory so that [0, bytes) is addressable; traps if that is impossible.
  (func $reserve (param $bytes i32)
    (local $pages i32)
    (if (i32.gt_u (local.get $bytes) (i32.const 0x10000000)) (then unreachable))
    (local.set $pages (i32.shr_u (i32.add (local.get $bytes) (i32.const 0xffff)) (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then unreachable)))))

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $j i32) (local $k i32)
    (local $size i32) (local $b i32) (local $c i32) (local $row i32)
    (local $pa i32) (local $pb i32) (local $stride i32)
    (local $sum f64) (local $total f64)
    (if (i32.gt_u (local.get $n) (i32.const 2048)) (then unreachable))
    (local.set $size (i32.mul (i32.mul (local.get $n) (local.get $n)) (i32.const 8)))
    (local.set $b (local.get $size))
    (local.set $c (i32.mul (local.get $size) (i32.const 2)))
    (local.set $stride (i32.mul (local.get $n) (i32.const 8)))
    (call $reserve (i32.mul (local.get $size) (i32.const 3)))

    ;; fill A (at 0) and B (at $b)
    (local.set $i (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $k (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
            (f64.store (local.get $k)
              (f64.sub
                (f64.mul
                  (f64.convert_i32_u
                    (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.mul (local.get $j) (i32.const 3)))
                               (i32.const 17)))
                  (f64.const 0.25))
                (f64.const 2)))
            (f64.store (i32.add (local.get $b) (local.get $k))
              (f64.sub
                (f64.mul
                  (f64.convert_i32_u
                    (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 5)) (i32.mul (local.get $j) (i32.const 11)))
                               (i32.const 19)))
                  (f64.const 0.125))
                (f64.const 1)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))

    ;; C[i][j] = sum over k of A[i][k] * B[k][j]
    (local.set $i (i32.const 0))
    (block $mi_done
      (loop $mi
        (br_if $mi_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.mul (local.get $i) (local.get $stride)))
        (local.set $j (i32.const 0))
        (block $mj_done
          (loop $mj
            (br_if $mj_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $pa (local.get $row))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $sum (f64.const 0))
            (local.set $k (local.get $n))
            (block $mk_done
              (loop $mk
                (br_if $mk_done (i32.eqz (local.get $k)))
                (local.set $sum
                  (f64.add (local.get $sum) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (local.get $stride)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $mk)))
            (f64.store
              (i32.add (local.get $c) (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3))))
              (local.get $sum))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $mj)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $mi)))

    ;; weighted sum of C
    (local.set $i (i32.const 0))
    (block $si_done
      (loop $si
        (br_if $si_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $sj_done
          (loop $sj
            (br_if $sj_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $total
              (f64.add (local.get $total)
                (f64.mul
                  (f64.load
                    (i32.add (local.get $c)
                      (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
                  (f64.convert_i32_u
                    (i32.add
                      (i32.rem_u (i32.add (local.get $i) (i32.shl (local.get $j) (i32.const 1))) (i32.const 5))
                      (i32.const 1))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $sj)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $si)))

    (i64.reinterpret_f64 (local.get $total))))
