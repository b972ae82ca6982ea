;; SIMD alpha blending: a 4096-pixel RGBA (u8) sprite scrolling over a 4096-pixel background, 4 pixels per v128
;; with i16x8 arithmetic: v128 loads and stores (src unaligned), i8x16.shuffle, i16x8.extend_{low,high}_i8x16_u,
;; i16x8.mul/add/sub/shr_u, i8x16.narrow_i16x8_u, and an i32x4 xorshift (shl, shr_u, xor) for the input.
;; Layout: the background dst holds pixels 0..4096 at bytes [0, 16384), the source src pixels 0..8192 at
;; [16384, 49152); pixel p is the 4 bytes r, g, b, a at 4p.
;; Input: four xorshift32 generators (shifts 13, 17, 5; seeds 0x12345678, 0x9abcdef1, 0x0badf00d, 0xdeadbeef) as the
;; lanes of one i32x4; each step advances all four and stores them over the next 4 pixels of [0, 49152), so pixel p
;; (dst then src) is the little-endian bytes of generator p mod 4's (p div 4 + 1)-th output.
;; run(n): for frame f in 0..n (none if n <= 0), o = (f * 389) mod 4096 and every dst pixel k in 0..4096 becomes
;; src pixel o + k blended over it with the source's alpha a: each of the four channels (alpha included)
;; c = (s_c * a + d_c * (256 - a)) >> 8. Returns h, where h = h * 31 + q (wrapping) over the 2048 i64 words q of dst.
(module
  (memory (export "memory") 1)

  (func (export "run") (param $n i32) (result i64)
    (local $p i32) (local $f i32) (local $src i32) (local $h i64)
    (local $x v128) (local $s v128) (local $d v128) (local $a v128)
    (local $alo v128) (local $ahi v128)

    ;; dst and src from the four xorshift32 lanes
    (local.set $x (v128.const i32x4 0x12345678 0x9abcdef1 0x0badf00d 0xdeadbeef))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $p) (i32.const 49152)))
        (local.set $x (v128.xor (local.get $x) (i32x4.shl (local.get $x) (i32.const 13))))
        (local.set $x (v128.xor (local.get $x) (i32x4.shr_u (local.get $x) (i32.const 17))))
        (local.set $x (v128.xor (local.get $x) (i32x4.shl (local.get $x) (i32.const 5))))
        (v128.store (local.get $p) (local.get $x))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $fill)))

    ;; one frame per iteration: dst = src[o..o + 4096] over dst
    (block $frames_done
      (loop $frames
        (br_if $frames_done (i32.ge_s (local.get $f) (local.get $n)))
        (local.set $src
          (i32.add (i32.const 16384)
            (i32.shl (i32.and (i32.mul (local.get $f) (i32.const 389)) (i32.const 4095)) (i32.const 2))))
        (local.set $p (i32.const 0))
        (block $blended
          (loop $blend
            (br_if $blended (i32.ge_u (local.get $p) (i32.const 16384)))
            (local.set $s (v128.load align=4 (i32.add (local.get $src) (local.get $p))))
            (local.set $d (v128.load (local.get $p)))
            ;; each pixel's alpha in all four of its bytes, widened to 16 bits: pixels 0-1, then 2-3
            (local.set $a
              (i8x16.shuffle 3 3 3 3 7 7 7 7 11 11 11 11 15 15 15 15 (local.get $s) (local.get $s)))
            (local.set $alo (i16x8.extend_low_i8x16_u (local.get $a)))
            (local.set $ahi (i16x8.extend_high_i8x16_u (local.get $a)))
            (v128.store (local.get $p)
              (i8x16.narrow_i16x8_u
                (i16x8.shr_u
                  (i16x8.add
                    (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $s)) (local.get $alo))
                    (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $d))
                      (i16x8.sub (v128.const i16x8 256 256 256 256 256 256 256 256) (local.get $alo))))
                  (i32.const 8))
                (i16x8.shr_u
                  (i16x8.add
                    (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $s)) (local.get $ahi))
                    (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $d))
                      (i16x8.sub (v128.const i16x8 256 256 256 256 256 256 256 256) (local.get $ahi))))
                  (i32.const 8))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $blend)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $frames)))

    ;; hash dst
    (local.set $p (i32.const 0))
    (block $hashed
      (loop $hash
        (br_if $hashed (i32.ge_u (local.get $p) (i32.const 16384)))
        (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (i64.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $hash)))
    (local.get $h)))
