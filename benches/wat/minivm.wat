;; A small stack-machine bytecode interpreter written in wasm: a load8_u of the opcode and one br_table per
;; dispatched instruction, so the cost is branches, br_table and small loads/stores.
;;
;; Machine: code at 0x100, variables at 0x800 (4 bytes each), an upward i32 stack whose top element is at $sp.
;; Opcodes (operands follow the opcode byte):
;;   0 halt (returns the top of stack)   1 push imm32      2 get var:u8    3 set var:u8 (pops)
;;   4 add  5 sub  6 mul  7 xor  8 and  9 shr_u  10 shl   (pop b, pop a, push a op b)
;;   11 dup   12 jnz target:u16 (pops; jumps if non-zero)   13 jmp target:u16   anything else traps.
;;
;; The program (vars: 0 = n, 1 = acc, 2 = x, 3 = t) is:
;;   while n != 0 { x = x * 1103515245 + 12345; t = x >> 16;
;;                  if t & 1 != 0 { acc = acc + t } else { acc = acc ^ (t << 3) }; n = n - 1 }
;;   return acc
;; run(n) executes it with x = 1, acc = 0 and returns acc zero-extended.
(module
  (memory (export "memory") 1)

  (data (i32.const 0x100)
    "\02\00"              ;;  0 head: get n
    "\0c\08\00"           ;;  2       jnz body
    "\02\01"              ;;  5       get acc
    "\00"                 ;;  7       halt
    "\02\02"              ;;  8 body: get x
    "\01\6d\4e\c6\41"     ;; 10       push 1103515245
    "\06"                 ;; 15       mul
    "\01\39\30\00\00"     ;; 16       push 12345
    "\04"                 ;; 21       add
    "\0b"                 ;; 22       dup
    "\03\02"              ;; 23       set x
    "\01\10\00\00\00"     ;; 25       push 16
    "\09"                 ;; 30       shr_u
    "\0b"                 ;; 31       dup
    "\03\03"              ;; 32       set t
    "\01\01\00\00\00"     ;; 34       push 1
    "\08"                 ;; 39       and
    "\0c\3b\00"           ;; 40       jnz odd
    "\02\01"              ;; 43       get acc
    "\02\03"              ;; 45       get t
    "\01\03\00\00\00"     ;; 47       push 3
    "\0a"                 ;; 52       shl
    "\07"                 ;; 53       xor
    "\03\01"              ;; 54       set acc
    "\0d\42\00"           ;; 56       jmp next
    "\02\01"              ;; 59 odd:  get acc
    "\02\03"              ;; 61       get t
    "\04"                 ;; 63       add
    "\03\01"              ;; 64       set acc
    "\02\00"              ;; 66 next: get n
    "\01\01\00\00\00"     ;; 68       push 1
    "\05"                 ;; 73       sub
    "\03\00"              ;; 74       set n
    "\0d\00\00")          ;; 76       jmp head

  (func (export "run") (param $n i32) (result i64)
    (local $pc i32) (local $sp i32) (local $t i32)
    (i32.store (i32.const 0x800) (local.get $n))
    (i32.store (i32.const 0x804) (i32.const 0))
    (i32.store (i32.const 0x808) (i32.const 1))
    (i32.store (i32.const 0x80c) (i32.const 0))
    (local.set $pc (i32.const 0x100))
    (local.set $sp (i32.const 0xffc))
    (loop $next (result i64)
      (block $trap
      (block $jmp
      (block $jnz
      (block $dup
      (block $shl
      (block $shr_u
      (block $and
      (block $xor
      (block $mul
      (block $sub
      (block $add
      (block $set
      (block $get
      (block $push
      (block $halt
        (br_table $halt $push $get $set $add $sub $mul $xor $and $shr_u $shl $dup $jnz $jmp $trap
          (i32.load8_u (local.get $pc))))
      ;; halt
      (return (i64.extend_i32_u (i32.load (local.get $sp)))))
      ;; push imm32
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.load offset=1 align=1 (local.get $pc)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 5)))
      (br $next))
      ;; get var
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp)
        (i32.load offset=0x800 (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; set var
      (i32.store offset=0x800 (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2))
        (i32.load (local.get $sp)))
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; add
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.add (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; sub
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.sub (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; mul
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.mul (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; xor
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.xor (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; and
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.and (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; shr_u
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.shr_u (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; shl
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.shl (i32.load (local.get $sp)) (i32.load offset=4 (local.get $sp))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; dup
      (i32.store offset=4 (local.get $sp) (i32.load (local.get $sp)))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; jnz target
      (local.set $t (i32.load (local.get $sp)))
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (if (local.get $t)
        (then
          (local.set $pc (i32.add (i32.const 0x100) (i32.load16_u offset=1 align=1 (local.get $pc))))
          (br $next)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 3)))
      (br $next))
      ;; jmp target
      (local.set $pc (i32.add (i32.const 0x100) (i32.load16_u offset=1 align=1 (local.get $pc))))
      (br $next))
    ;; unknown opcode
    unreachable)))
