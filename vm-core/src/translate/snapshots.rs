//! Snapshot tests of translation: representative functions and the instructions they become, as disassembly
//! listings in `snapshots/*.txt`. A translator change shows up as a readable diff; after checking it, run with
//! `BLESS=1` to write the new listings.

use std::path::PathBuf;

use crate::ir::{Instr, Threaded, disassemble};
use crate::{Config, Engine, Module};

/// The listing of every function of `wat`, compiled with `config`, each under a `func N:` heading.
fn listing(config: &Config, wat: &str) -> String {
    let engine = Engine::new(config);
    let module = Module::new(&engine, wat).expect("the snapshot module compiles");
    let inner = module.inner();
    let mut out = String::new();
    for index in 0..inner.code.len() {
        let func = inner
            .compiled(index as u32)
            .expect("the function translates");
        let instrs: Vec<Instr> = func.code.iter().map(Threaded::translated).collect();
        out.push_str(&format!(
            "func {index} (params {}, locals {}, frame {}):\n",
            func.num_params, func.num_locals, func.frame_size
        ));
        out.push_str(&disassemble(&instrs));
    }
    out
}

/// Compares `wat`'s listing with `snapshots/NAME.txt` (or writes it with `BLESS=1`).
fn check(name: &str, config: &Config, wat: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/translate/snapshots")
        .join(format!("{name}.txt"));
    let actual = listing(config, wat);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", path.display()));
    assert!(
        actual == expected,
        "the translation of `{name}` changed; check it and run with BLESS=1 to accept it\n--- expected \
         ({})\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

#[test]
fn locals_and_constants_fold_into_their_users() {
    check(
        "fold",
        &Config::new(),
        r#"(module
          (func (param i32 i32) (result i32) (local i32)
            (local.set 2 (i32.add (local.get 0) (i32.const 5)))
            (i32.mul (local.get 2) (local.get 1))))"#,
    );
}

#[test]
fn a_subtraction_from_a_constant_takes_it_as_an_immediate() {
    // `0 - x` is how WebAssembly negates; a constant too wide for the i64 immediate is materialized.
    check(
        "subtract_from",
        &Config::new(),
        r#"(module
          (func (param i32 i64) (result i64)
            (i64.add
              (i64.extend_i32_u (i32.sub (i32.const 0) (local.get 0)))
              (i64.add
                (i64.sub (i64.const -7) (local.get 1))
                (i64.sub (i64.const 0x1_0000_0000) (local.get 1))))))"#,
    );
}

#[test]
fn rotations_and_shifts_fuse_with_the_xor_before_or_after_them() {
    // ChaCha's `d = (d ^ a) rotl 16` (a right rotation is the complementary left one), FxHash's `(h rotl 5) ^ w`;
    // a xor whose result is also kept in a local is not fused.
    check(
        "rotate_xor",
        &Config::new(),
        r#"(module
          (func (param $a i32) (param $d i32) (param $h i32) (param $w i32) (result i32) (local $t i32)
            (local.set $d (i32.rotl (i32.xor (local.get $d) (local.get $a)) (i32.const 16)))
            (local.set $d (i32.rotr (i32.xor (local.get $d) (local.get $a)) (i32.const 7)))
            (local.set $h (i32.xor (i32.rotl (local.get $h) (i32.const 5)) (local.get $w)))
            (local.set $h (i32.xor (local.get $w) (i32.rotr (local.get $h) (i32.const 40))))
            (i32.rotl (local.tee $t (i32.xor (local.get $h) (local.get $d))) (i32.const 3)))
          ;; xorshift's x ^= x << 13; x ^= x >> 17, and a CRC's (crc ^ b) >> 1
          (func (param $x i32) (param $b i32) (result i32)
            (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
            (local.set $x (i32.xor (i32.shr_u (local.get $x) (i32.const 17)) (local.get $x)))
            (i32.shr_u (i32.xor (local.get $x) (local.get $b)) (i32.const 1))))"#,
    );
}

#[test]
fn constant_operations_fuse_with_the_one_before_them() {
    // A bit field `(x >> 8) & 0xff` and the other order `(x & 0xe0) >> 5`, a ring buffer's `(i + 14) & 15` (an addend too wide for the fused form is
    // not fused), branch-free `0 - (x & 1)`; a subtraction from another constant is not a negation. A CRC's
    // `poly & -(x & 1)` fuses all three; with a selector too wide for that form, only the first two. A ring
    // buffer's element address, `base + (((i + 14) & 15) << 2)`, is one instruction; so is `(x & -16) << 3`
    // (which the xor after it then takes as it is).
    check(
        "constant_pairs",
        &Config::new(),
        r#"(module
          (func (param $x i32) (param $i i32) (result i32)
            (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff))
            (i32.shr_u (i32.and (local.get $x) (i32.const 0xe0)) (i32.const 5))
            (i32.and (i32.add (local.get $i) (i32.const 14)) (i32.const 15))
            (i32.and (i32.add (local.get $i) (i32.const 0x10000)) (i32.const -4))
            (i32.sub (i32.const 0) (i32.and (local.get $x) (i32.const 1)))
            (i32.sub (i32.const 5) (i32.and (local.get $x) (i32.const 1)))
            (i32.and (i32.const 0xedb88320) (i32.sub (i32.const 0) (i32.and (local.get $x) (i32.const 1))))
            (i32.and (i32.sub (i32.const 0) (i32.and (local.get $x) (i32.const 0x10000))) (i32.const 7))
            (i32.add (local.get $x) (i32.shl (i32.and (i32.add (local.get $i) (i32.const 14)) (i32.const 15)) (i32.const 2)))
            (i32.xor (local.get $i) (i32.shl (i32.and (local.get $x) (i32.const -16)) (i32.const 3)))
            (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add)))"#,
    );
}

#[test]
fn a_bit_test_fuses_into_its_branch() {
    // `br_if (x & 4)`, `if (i64.eqz (y & 1))`; an `and` whose result is also kept in a local is not fused.
    check(
        "bit_tests",
        &Config::new(),
        r#"(module
          (func (param $x i32) (param $y i64) (result i32) (local $t i32)
            (block (br_if 0 (i32.and (local.get $x) (i32.const 4))) (return (i32.const 1)))
            (if (i64.eqz (i64.and (local.get $y) (i64.const 1))) (then (return (i32.const 2))))
            (block (br_if 0 (local.tee $t (i32.and (local.get $x) (i32.const 8)))) (return (local.get $t)))
            (i32.const 3)))"#,
    );
}

#[test]
fn comparisons_fuse_with_branches_and_loops_test_at_the_bottom() {
    check(
        "loops",
        &Config::new(),
        r#"(module
          (func (param i32) (result i32) (local i32)
            (block $exit
              (loop $l
                (br_if $exit (i32.ge_u (local.get 1) (local.get 0)))
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (br $l)))
            (local.get 1))
          (func (param i32) (result i32)
            (loop $l
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
            (local.get 0)))"#,
    );
}

#[test]
fn br_table_and_calls() {
    check(
        "dispatch",
        &Config::new(),
        r#"(module
          (func $f (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
          (func (param i32) (result i32)
            (block $b2 (block $b1 (block $b0
              (br_table $b0 $b1 $b2 (local.get 0)))
              (return (call $f (i32.const 10))))
              (return (i32.const 20)))
            (i32.const 30)))"#,
    );
}

#[test]
fn a_br_table_on_a_loaded_byte_loads_it_itself() {
    check(
        "br_table_load",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param i32) (result i32)
            ;; fused: the byte only selects the entry
            (block $b1 (block $b0
              (br_table $b0 $b1 (i32.load8_u offset=1 (local.get 0))))
              (return (i32.const 10)))
            ;; not fused: the byte is kept in a local too, or a branch lands between the load and the table
            (block $b1 (block $b0
              (br_table $b0 $b1 (local.tee 0 (i32.load8_u (local.get 0)))))
              (return (i32.const 20)))
            (block $b1 (block $b0
              (br_table $b0 $b1 (block (result i32)
                (drop (br_if 0 (i32.load8_u (local.get 0)) (local.get 0)))
                (i32.load8_u offset=2 (local.get 0)))))
              (return (i32.const 30)))
            (local.get 0))
          ;; a match whose lowest arm is 4: the subtraction selects the entry itself; not when the difference is kept
          (func (param i32) (result i32)
            (block $b1 (block $b0
              (br_table $b0 $b1 (i32.sub (local.get 0) (i32.const 4))))
              (return (i32.const 10)))
            (block $b1 (block $b0
              (br_table $b0 $b1 (local.tee 0 (i32.add (local.get 0) (i32.const 4)))))
              (return (i32.const 20)))
            (local.get 0)))"#,
    );
}

#[test]
fn a_test_before_a_table_jump_on_the_same_value_becomes_an_entry() {
    check(
        "table_fold",
        &Config::new(),
        r#"(module
          (func (param i32) (result i32)
            ;; folded: entry 5 of the grown table jumps where the test did, entries 3 and 4 where the default does
            (block $t (block $d (block $b1 (block $b0
              (br_if $t (i32.eq (local.get 0) (i32.const 5)))
              (br_table $b0 $b1 $d (local.get 0)))
              (return (i32.const 10)))
              (return (i32.const 11)))
              (return (i32.const 12)))
            ;; not folded: the test is of another value
            (block $t (block $d (block $b1 (block $b0
              (br_if $t (i32.eq (local.get 0) (i32.const 5)))
              (br_table $b0 $b1 $d (i32.const 1)))
              (return (i32.const 20)))
              (return (i32.const 21)))
              (return (i32.const 22)))
            (i32.const 30)))"#,
    );
}

#[test]
fn a_branch_on_a_loaded_value_loads_it_itself() {
    check(
        "branch_on_load",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param i32) (result i32) (local i32)
            ;; fused: br_if on a byte, if on an i32 (the branch skips the arm when it is zero), br_if on eqz
            (block (br_if 0 (i32.load8_u offset=1 (local.get 0))) (local.set 0 (i32.const 5)))
            (if (i32.load offset=8 (local.get 0)) (then (local.set 0 (i32.const 6))))
            (block (br_if 0 (i32.eqz (i32.load (local.get 0)))) (local.set 0 (i32.const 7)))
            ;; not fused: the value is kept in a local too, or a branch lands between the load and the test, or
            ;; the load is signed
            (block (br_if 0 (local.tee 1 (i32.load8_u (local.get 0)))) (local.set 0 (i32.const 8)))
            (block (br_if 0 (block (result i32)
              (drop (br_if 0 (i32.const 1) (local.get 0)))
              (i32.load (local.get 0)))))
            (block (br_if 0 (i32.load8_s (local.get 0))) (local.set 0 (i32.const 9)))
            (local.get 0)))"#,
    );
}

#[test]
fn i64_comparisons_fuse_into_branches() {
    check(
        "branch_on_i64",
        &Config::new(),
        r#"(module
          (func (param i64 i64) (result i32)
            (block (br_if 0 (i64.lt_u (local.get 0) (local.get 1))) (return (i32.const 1)))
            (if (i64.eq (local.get 0) (i64.const 1)) (then (return (i32.const 2))))
            (block (br_if 0 (i64.ge_s (i64.const -7) (local.get 1))) (return (i32.const 3)))
            (i32.const 4)))"#,
    );
}

#[test]
fn a_counted_loop_steps_and_tests_in_one_instruction() {
    check(
        "counted_loops",
        &Config::new(),
        r#"(module
          (func (param $i i32) (param $n i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const -1))) (br_if $l (local.get $i))))
            (local.get $i))
          (func (param $i i32) (param $n i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const -1))) (br_if $l (i32.ne (local.get $i) (local.get $n)))))
            (local.get $i))
          (func (param $i i32) (param $n i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const -1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
            (local.get $i))
          (func (param $i i32) (param $n i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const -1))) (br_if $done (i32.eqz (local.get $i))) (br $l)))
            (local.get $i))
          (func (param $i i32) (param $n i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const -1))) (br_if $done (i32.eq (local.get $i) (local.get $n))) (br $l)))
            (local.get $i))
          (func (param $i i32) (param $n i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const -1))) (br_if $done (i32.ge_u (local.get $i) (local.get $n))) (br $l)))
            (local.get $i))
          (func (param $j i32) (param $n i32) (param $p i32) (result i32)
            (block $done (loop $l (local.set $j (i32.add (local.get $j) (local.get $p))) (br_if $l (i32.lt_u (local.get $j) (local.get $n)))))
            (local.get $j))
          (func (param $j i32) (param $n i32) (param $p i32) (result i32)
            (block $done (loop $l (local.set $j (i32.add (local.get $p) (local.get $j))) (br_if $done (i32.eq (local.get $j) (local.get $n))) (br $l)))
            (local.get $j))
          (func (param $i i32) (param $n i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $done (i32.gt_u (local.get $i) (local.get $n))) (br $l)))
            (local.get $i))
          (func (param $i i32) (result i32)
            (block $done (loop $l (local.set $i (i32.add (local.get $i) (i32.const 16))) (br_if $l (i32.lt_u (local.get $i) (i32.const 1024)))))
            (local.get $i))
          (memory 1)
          (func (param $i i32) (param $pivot i32) (result i32)
            (loop $up (local.set $i (i32.add (local.get $i) (i32.const 4))) (br_if $up (i32.lt_s (i32.load offset=8 (local.get $i)) (local.get $pivot))))
            (loop $down (local.set $i (i32.sub (local.get $i) (i32.const 4))) (br_if $down (i32.gt_u (local.get $pivot) (i32.load (local.get $i)))))
            (local.get $i))
          (func (param $pc i32) (result i32)
            (block $halt (block $skip (loop $next
              (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
              (br_table $next $skip $halt (i32.load8_u offset=16 (local.get $pc)))))
              (local.set $pc (i32.add (local.get $pc) (i32.const 2))))
            (local.get $pc)))"#,
    );
}

#[test]
fn memory_accesses_and_stores_of_constants() {
    check(
        "memory",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param i32) (result i64)
            (i32.store offset=4 (local.get 0) (i32.const 7))
            (i64.store8 (local.get 0) (i64.load offset=8 (local.get 0)))
            (memory.fill (local.get 0) (i32.const 0) (i32.const 16))
            (i64.load16_s (local.get 0))))"#,
    );
}

#[test]
fn address_arithmetic_fuses_into_the_accesses_it_feeds() {
    check(
        "address_add",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param i32 i32 i32) (result i32)
            ;; fused: the add feeds the load, the store of a local, the store of a constant
            (i32.store8 (i32.add (local.get 0) (local.get 1))
              (i32.load8_u offset=3 (i32.add (local.get 0) (local.get 1))))
            (i32.store offset=8 (i32.add (local.get 0) (local.get 1)) (local.get 2))
            (i64.store (i32.add (local.get 1) (local.get 0)) (i64.const -1))
            ;; fused with an added constant: a load, the store of a local
            (i32.store16 (i32.add (local.get 0) (i32.const 6))
              (i32.load16_s offset=2 (i32.sub (local.get 1) (i32.const 4))))
            (i32.store (i32.sub (local.get 1) (i32.const 4)) (local.get 2))
            ;; not fused: the value is computed after the add, the sum is also kept in a local, or a label is
            ;; between the add and the load
            (i32.store (i32.add (local.get 0) (local.get 1)) (i32.mul (local.get 2) (local.get 2)))
            (drop (i32.load (local.tee 2 (i32.add (local.get 0) (local.get 1)))))
            (drop (i32.load (block (result i32) (i32.add (local.get 0) (local.get 1)))))
            ;; a scaled index: the shift fuses with the add, which then feeds the load
            (drop (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
            ;; a load compared by a branch: one instruction (with the comparison swapped for a right operand)
            (block
              (br_if 0 (i32.lt_s (i32.load offset=4 (local.get 0)) (local.get 1)))
              (br_if 0 (i32.ge_u (local.get 1) (i32.load (local.get 0))))
              ;; a loop whose head is the load: the branch back lands on the load, not between
              (loop (br_if 0 (i32.ne (i32.load (local.get 0)) (local.get 2))))
              ;; not fused: the loaded value is also kept in a local
              (br_if 0 (i32.eq (local.tee 2 (i32.load (local.get 0))) (local.get 1))))
            ;; a table at a static offset: the shift fuses into the load
            (drop (i32.load16_u offset=64 (i32.shl (local.get 1) (i32.const 1))))
            ;; an f64 load feeding arithmetic: one instruction, on either side of a subtraction
            (drop (f64.mul (f64.load (local.get 0)) (f64.convert_i32_s (local.get 2))))
            (drop (f64.sub (f64.convert_i32_s (local.get 2)) (f64.load offset=8 (local.get 0))))
            (drop (f64.sub (f64.load offset=16 (local.get 0)) (f64.convert_i32_s (local.get 2))))
            (i32.const 0)))"#,
    );
}

#[test]
fn select_reads_its_operands_where_they_are() {
    check(
        "select",
        &Config::new(),
        r#"(module
          (func (param i32 i32 i32) (result i32) (local i64 v128)
            ;; one instruction, its result straight into the local
            (local.set 1 (select (local.get 0) (local.get 1) (local.get 2)))
            ;; constants are materialized first
            (local.set 3 (select (i64.const 7) (i64.const -1) (i32.lt_u (local.get 0) (local.get 2))))
            ;; a v128 takes the two-cell form
            (local.set 4 (select (local.get 4) (v128.const i64x2 1 2) (local.get 0)))
            (local.get 1)))"#,
    );
}

#[test]
fn a_comparison_fuses_into_the_select_it_feeds() {
    check(
        "select_compare",
        &Config::new(),
        r#"(module
          ;; min and max (unsigned, signed), and an equality choosing between i64s
          (func (param i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (i32.lt_u (local.get 0) (local.get 1))))
          (func (param i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (i32.ge_s (local.get 0) (local.get 1))))
          (func (param i32 i32 i64 i64) (result i64)
            (select (local.get 2) (local.get 3) (i32.ne (local.get 0) (local.get 1))))
          ;; not fused: the comparison is kept in a local, or a choice is a constant
          (func (param i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (local.tee 1 (i32.gt_u (local.get 0) (local.get 1)))))
          (func (param i32 i32) (result i32)
            (select (local.get 0) (i32.const 7) (i32.gt_u (local.get 0) (local.get 1)))))"#,
    );
}

#[test]
fn products_fuse_into_the_sums_they_feed() {
    check(
        "multiply_add",
        &Config::new(),
        r#"(module
          (func (param f64 f64 f64) (result f64) (local f64)
            ;; a + b * c, a - b * c, b * c - a: one instruction each, the result redirected into the local
            (local.set 3 (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2))))
            (local.set 3 (f64.sub (local.get 3) (f64.mul (local.get 1) (local.get 2))))
            (local.set 3 (f64.sub (f64.mul (local.get 1) (local.get 2)) (local.get 3)))
            ;; not fused: the product is also kept in a local
            (f64.add (local.get 3) (local.tee 0 (f64.mul (local.get 1) (local.get 2)))))
          (memory 1)
          ;; a dot product's step, acc += x * b[j]: one instruction that loads, multiplies and adds
          (func (param $acc f64) (param $x f64) (param $j i32) (result f64)
            (local.set $acc (f64.add (local.get $acc) (f64.mul (local.get $x) (f64.load offset=8 (local.get $j)))))
            (local.get $acc))
          ;; a field's update in memory, v.x += dt * a and v.y -= dt * a: the sum stored by one instruction; not
          ;; fused when the address is a constant (which takes an instruction of its own)
          (func (param $v i32) (param $dt f64) (param $a f64)
            (f64.store offset=16 (local.get $v)
              (f64.add (f64.load offset=16 (local.get $v)) (f64.mul (local.get $dt) (local.get $a))))
            (f64.store offset=24 (local.get $v)
              (f64.sub (f64.load offset=24 (local.get $v)) (f64.mul (local.get $dt) (local.get $a))))
            (f64.store (i32.const 64) (f64.add (local.get $dt) (f64.mul (local.get $dt) (local.get $a))))))"#,
    );
}

#[test]
fn a_load_or_a_xor_fuses_into_the_multiplication_by_a_constant_it_feeds() {
    check(
        "mul_imm_fusion",
        &Config::new(),
        r#"(module
          (memory 1)
          ;; a word times a constant (a multiplicative hash); then FNV-1a's step on a byte
          (func (param i32 i32) (result i32)
            (i32.mul (i32.load offset=4 (local.get 0)) (i32.const -1640531527)))
          (func (param i32 i32) (result i32)
            (i32.mul (i32.xor (local.get 1) (i32.load8_u (local.get 0))) (i32.const 16777619)))
          ;; not fused: the loaded word is kept in a local too
          (func (param i32 i32) (result i32)
            (i32.mul (local.tee 1 (i32.load (local.get 0))) (i32.const 3))
            (local.get 1)
            (i32.add)))"#,
    );
}

#[test]
fn a_rotate_xor_fuses_into_the_store_of_its_result() {
    check(
        "stored_mix",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param $p i32) (param $h i32) (param $w i32) (local $x i32)
            ;; stored from a temporary, and from the local it was kept in: one instruction each
            (i32.store offset=4 (local.get $p) (i32.xor (i32.rotl (local.get $h) (i32.const 5)) (local.get $w)))
            (i32.store offset=8 (local.get $p) (local.tee $x (i32.xor (i32.rotl (local.get $h) (i32.const 7)) (local.get $w))))
            ;; not fused: an offset too wide for the fused form, and a block's end (a branch target) in between
            (i32.store offset=70000 (local.get $p) (i32.xor (i32.rotl (local.get $x) (i32.const 5)) (local.get $w)))
            (i32.store (local.get $p)
              (block (result i32)
                (br_if 0 (local.get $h) (local.get $w))
                (drop)
                (i32.xor (i32.rotl (local.get $x) (i32.const 5)) (local.get $w))))))"#,
    );
}

#[test]
fn vector_products_fuse_into_the_sums_they_feed() {
    check(
        "simd_multiply_add",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param v128 v128 v128) (result v128) (local v128)
            ;; acc + a * b and a * b + acc (f32x4, f64x2, i32x4): one instruction each, the result redirected
            (local.set 3 (f32x4.add (local.get 0) (f32x4.mul (local.get 1) (local.get 2))))
            (local.set 3 (f64x2.add (f64x2.mul (local.get 1) (local.get 2)) (local.get 3)))
            (local.set 3 (i32x4.add (local.get 3) (i32x4.mul (local.get 1) (local.get 2))))
            ;; not fused: the product is also kept in a local; lane shapes that differ; a constant addend
            (local.set 3 (f32x4.add (local.get 3) (local.tee 0 (f32x4.mul (local.get 1) (local.get 2)))))
            (local.set 3 (f64x2.add (local.get 3) (f32x4.mul (local.get 1) (local.get 2))))
            (f32x4.add (v128.const i32x4 1 2 3 4) (f32x4.mul (local.get 1) (local.get 2))))
          ;; a dot product's step, acc += x[i] * y[i]
          (func (param $acc v128) (param $p i32) (result v128)
            (local.set $acc
              (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $p)) (v128.load offset=16 (local.get $p)))))
            (local.get $acc)))"#,
    );
}

#[test]
fn a_loaded_value_only_a_store_takes_is_copied_by_one_instruction() {
    check(
        "load_store",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param $to i32) (param $from i32) (local $x i64)
            ;; i32, i64, f32 and f64 copies, and i64.load32_u into i64.store32: one instruction each
            (i32.store offset=4 (local.get $to) (i32.load offset=8 (local.get $from)))
            (i64.store (local.get $to) (i64.load (local.get $from)))
            (f32.store (local.get $to) (f32.load (local.get $from)))
            (f64.store offset=8 (i32.add (local.get $to) (i32.const 16)) (f64.load (local.get $from)))
            (i64.store32 (local.get $to) (i64.load32_u (local.get $from)))
            ;; not fused: the value also kept in a local; widths that differ; a constant address
            (i64.store (local.get $to) (local.tee $x (i64.load (local.get $from))))
            (i64.store32 (local.get $to) (i64.load (local.get $from)))
            (i32.store (i32.const 64) (i32.load (local.get $from)))))"#,
    );
}

#[test]
fn shuffles_read_their_operands_where_they_are() {
    check(
        "shuffle_operands",
        &Config::new(),
        r#"(module
          (func (param v128 v128) (result v128) (local v128)
            ;; two locals, the same local twice, a temporary and a local: no copies
            (local.set 2 (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.get 1)))
            (local.set 2 (i8x16.shuffle 3 3 3 3 7 7 7 7 11 11 11 11 15 15 15 15 (local.get 2) (local.get 2)))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (i32x4.add (local.get 0) (local.get 2)) (local.get 1))))"#,
    );
}

#[test]
fn metering_charges_blocks_and_checks_loops() {
    let mut config = Config::new();
    config.consume_fuel(true).epoch_interruption(true);
    check(
        "metered",
        &config,
        r#"(module
          (memory 1)
          (func (param i32) (result i32) (local i32)
            (block $exit
              (loop $l
                (br_if $exit (i32.ge_u (local.get 1) (local.get 0)))
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (br $l)))
            (memory.fill (i32.const 0) (i32.const 0) (local.get 1))
            (if (result i32) (local.get 1) (then (i32.const 1)) (else (i32.const 2)))))"#,
    );
}

#[test]
fn vectors_take_two_slots_and_constants_come_from_the_pool() {
    check(
        "simd",
        &Config::new(),
        r#"(module
          (memory 1)
          (func (param i32 v128 f32) (result v128) (local v128)
            (local.set 3 (f32x4.mul (local.get 1) (f32x4.splat (local.get 2))))
            (v128.store offset=16 (local.get 0) (local.get 3))
            (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
              (local.get 3) (v128.const i64x2 7 -1)))
          (func (param v128) (result i32)
            (i32x4.extract_lane 2 (v128.bitselect (local.get 0) (v128.const i32x4 0 0 0 0)
              (v128.const i32x4 -1 0 -1 0)))))"#,
    );
}

#[test]
fn a_write_to_a_local_first_copies_a_deep_stack_of_deferred_reads() {
    // A `local.set` looks through the deferred entries for reads of its local. Past `MAX_DEFERRED` of them they are
    // copied into their slots first, so no write scans more than that: thousands of `local.get`s followed by
    // thousands of writes would otherwise cost their product in translation time.
    // With the constant written, `gets + 1` entries are deferred at the write.
    let deep = super::stack::MAX_DEFERRED as usize;
    let wat = |gets: usize| {
        format!(
            "(module (func (param i32) (local i32) {} (local.set 1 (i32.const 7)) {}))",
            "(local.get 0)".repeat(gets),
            "(drop)".repeat(gets)
        )
    };
    let copies = |gets: usize| listing(&Config::new(), &wat(gets)).matches("Copy ").count();
    assert_eq!(copies(deep - 1), 0, "at the bound, the reads stay deferred");
    assert_eq!(
        copies(deep),
        deep,
        "past it, every deferred read is copied into its slot"
    );
}
