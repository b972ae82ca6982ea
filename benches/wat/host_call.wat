;; Host-call overhead: a loop that calls the imported host function env.step (i32) -> i32 once per iteration.
;; run(n) computes x = step(x + i) for i in 0..n from x = 0 and returns x zero-extended. The host's step is
;; rotl(x, 5) ^ 0x9e3779b9.
(module
  (import "env" "step" (func $step (param i32) (result i32)))

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $x i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (call $step (i32.add (local.get $x) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i64.extend_i32_u (local.get $x))))
