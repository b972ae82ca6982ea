;; Bulk memory: memory.fill and memory.copy of 16-32 KiB blocks (some overlapping) inside 1 MiB of linear memory.
;; run(n) clears the first MiB, then for i in 0..n (u32 arithmetic, wrapping):
;;   len = 16384 + ((i * 977) & 0x3fff)
;;   fill((i * 40503) & 0x7ffff, i & 0xff, len)
;;   copy(dst = (i * 12289) & 0x7ffff, src = (i * 7919) & 0x7ffff, len)
;;   h = h * 31 + i64.load((i * 104729) & 0xffff8)
;; and finally folds every 64th byte offset's i64 into h the same way (h = h * 31 + load(off), off = 0, 64, ..).
(module
  (memory (export "memory") 16)

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $len i32) (local $off i32) (local $h i64)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 0x100000))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $len
          (i32.add (i32.const 16384) (i32.and (i32.mul (local.get $i) (i32.const 977)) (i32.const 0x3fff))))
        (memory.fill
          (i32.and (i32.mul (local.get $i) (i32.const 40503)) (i32.const 0x7ffff))
          (i32.and (local.get $i) (i32.const 0xff))
          (local.get $len))
        (memory.copy
          (i32.and (i32.mul (local.get $i) (i32.const 12289)) (i32.const 0x7ffff))
          (i32.and (i32.mul (local.get $i) (i32.const 7919)) (i32.const 0x7ffff))
          (local.get $len))
        (local.set $h
          (i64.add (i64.mul (local.get $h) (i64.const 31))
            (i64.load (i32.and (i32.mul (local.get $i) (i32.const 104729)) (i32.const 0xffff8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (block $folded
      (loop $fold
        (br_if $folded (i32.ge_u (local.get $off) (i32.const 0x100000)))
        (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (i64.load (local.get $off))))
        (local.set $off (i32.add (local.get $off) (i32.const 64)))
        (br $fold)))
    (local.get $h)))
