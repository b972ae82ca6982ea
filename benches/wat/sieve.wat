;; Sieve of Eratosthenes over one byte per number in linear memory: byte loads and stores in tight loops.
;; run(n) sieves [0, n) and returns (count << 40) ^ sum, where count and sum are over the primes below n.
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
    (local $i i32) (local $j i32) (local $count i64) (local $sum i64)
    (call $reserve (local.get $n))

    ;; mark every number as a prime candidate
    (local.set $i (i32.const 0))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (local.get $i) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))

    ;; cross out multiples of each prime p with p * p < n, starting at p * p
    (local.set $i (i32.const 2))
    (block $sieved
      (loop $outer
        (br_if $sieved (i32.ge_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
        (if (i32.load8_u (local.get $i))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $crossed
              (loop $inner
                (br_if $crossed (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 0))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))

    ;; count and sum the primes
    (local.set $i (i32.const 2))
    (block $counted
      (loop $scan
        (br_if $counted (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.load8_u (local.get $i))
          (then
            (local.set $count (i64.add (local.get $count) (i64.const 1)))
            (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))

    (i64.xor (i64.shl (local.get $count) (i64.const 40)) (local.get $sum))))
