;; Recursive quicksort (Hoare partition, middle pivot) of n pseudo-random i32s in linear memory: loads, stores,
;; compares, branches and calls. The input is the xorshift32 sequence (shifts 13, 17, 5) from seed 0x92d68ca2.
;; run(n) sorts ascending (signed) and returns h, where h = h * 31 + a[i] (wrapping, a[i] sign-extended) over i.
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

  ;; Sorts the i32s at byte addresses lo ..= hi (both 4-aligned).
  (func $quicksort (param $lo i32) (param $hi i32)
    (local $i i32) (local $j i32) (local $pivot i32) (local $t i32)
    (loop $tail
      (if (i32.ge_s (local.get $lo) (local.get $hi)) (then return))
      (local.set $pivot
        (i32.load
          (i32.add (local.get $lo)
            (i32.shl (i32.shr_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 3)) (i32.const 2)))))
      (local.set $i (i32.sub (local.get $lo) (i32.const 4)))
      (local.set $j (i32.add (local.get $hi) (i32.const 4)))
      (block $partitioned
        (loop $partition
          (loop $scan_up
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br_if $scan_up (i32.lt_s (i32.load (local.get $i)) (local.get $pivot))))
          (loop $scan_down
            (local.set $j (i32.sub (local.get $j) (i32.const 4)))
            (br_if $scan_down (i32.gt_s (i32.load (local.get $j)) (local.get $pivot))))
          (br_if $partitioned (i32.ge_s (local.get $i) (local.get $j)))
          (local.set $t (i32.load (local.get $i)))
          (i32.store (local.get $i) (i32.load (local.get $j)))
          (i32.store (local.get $j) (local.get $t))
          (br $partition)))
      (call $quicksort (local.get $lo) (local.get $j))
      (local.set $lo (i32.add (local.get $j) (i32.const 4)))
      (br $tail)))

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $x i32) (local $end i32) (local $h i64)
    (if (i32.gt_u (local.get $n) (i32.const 0x04000000)) (then unreachable))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (call $reserve (local.get $end))

    (local.set $x (i32.const 0x92d68ca2))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
        (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
        (i32.store (local.get $i) (local.get $x))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $fill)))

    (if (local.get $n)
      (then (call $quicksort (i32.const 0) (i32.sub (local.get $end) (i32.const 4)))))

    (local.set $i (i32.const 0))
    (block $hashed
      (loop $hash
        (br_if $hashed (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $h
          (i64.add (i64.mul (local.get $h) (i64.const 31)) (i64.extend_i32_s (i32.load (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $hash)))
    (local.get $h)))
