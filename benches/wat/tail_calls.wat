;; Tail calls: the Collatz step count of every x in 1..=n, each sequence walked by three functions that
;; tail-call one another (`return_call`): $step tests the value, $halve and $triple compute the next one. No
;; sequence grows the call stack, however long it is. run(n) returns the sum of the step counts.
(module
  (func $step (param $x i64) (param $steps i64) (result i64)
    (if (result i64) (i64.eq (local.get $x) (i64.const 1))
      (then (local.get $steps))
      (else
        (if (result i64) (i64.eqz (i64.and (local.get $x) (i64.const 1)))
          (then (return_call $halve (local.get $x) (local.get $steps)))
          (else (return_call $triple (local.get $x) (local.get $steps)))))))

  (func $halve (param $x i64) (param $steps i64) (result i64)
    (return_call $step
      (i64.shr_u (local.get $x) (i64.const 1))
      (i64.add (local.get $steps) (i64.const 1))))

  (func $triple (param $x i64) (param $steps i64) (result i64)
    (return_call $step
      (i64.add (i64.mul (local.get $x) (i64.const 3)) (i64.const 1))
      (i64.add (local.get $steps) (i64.const 1))))

  (func (export "run") (param $n i32) (result i64)
    (local $i i64) (local $total i64)
    (local.set $i (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.gt_s (local.get $i) (i64.extend_i32_s (local.get $n))))
        (local.set $total (i64.add (local.get $total) (call $step (local.get $i) (i64.const 0))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $total)))
