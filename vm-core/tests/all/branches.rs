//! Comparisons fused into the branches they feed (`br_if` and `if`, with two slots or a slot and a constant,
//! i32 and i64) decide as the comparison does, on the values where signed and unsigned orders differ; so do tests of
//! masked bits (`br_if (x & m)`), and i32 comparisons fused into the `select` they feed.

use capvm_core::{Engine, Instance, Store};

const OPS: [&str; 10] = [
    "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
];

/// What `op` gives on `a` and `b` as i64 (`wide`) or i32 values.
fn expected(op: &str, a: i64, b: i64, wide: bool) -> bool {
    let (s, t, u, v) = if wide {
        (a, b, a as u64, b as u64)
    } else {
        let (a, b) = (a as i32, b as i32);
        (
            i64::from(a),
            i64::from(b),
            u64::from(a as u32),
            u64::from(b as u32),
        )
    };
    match op {
        "eq" => s == t,
        "ne" => s != t,
        "lt_s" => s < t,
        "lt_u" => u < v,
        "gt_s" => s > t,
        "gt_u" => u > v,
        "le_s" => s <= t,
        "le_u" => u <= v,
        "ge_s" => s >= t,
        "ge_u" => u >= v,
        _ => unreachable!("{op}"),
    }
}

const VALUES: [i64; 9] = [
    0,
    1,
    -1,
    5,
    i32::MIN as i64,
    i32::MAX as i64,
    0xffff_ffff,
    i64::MIN,
    i64::MAX,
];

/// Constants that fit the immediate forms (sign-extended from 32 bits).
const CONSTANTS: [i64; 4] = [0, -1, 5, i32::MIN as i64];

/// For each type and op: `T_OP_br` and `T_OP_if` on two parameters, `T_OP_K_br` against constant K and
/// `T_K_OP_br` with constant K on the left.
fn module() -> String {
    let mut wat = String::from("(module\n");
    for ty in ["i32", "i64"] {
        for op in OPS {
            let cmp = format!("({ty}.{op} (local.get 0) (local.get 1))");
            wat.push_str(&format!(
                "(func (export \"{ty}_{op}_br\") (param {ty} {ty}) (result i32)
                   (block (br_if 0 {cmp}) (return (i32.const 0))) (i32.const 1))
                 (func (export \"{ty}_{op}_if\") (param {ty} {ty}) (result i32)
                   (if (result i32) {cmp} (then (i32.const 1)) (else (i32.const 0))))\n"
            ));
            for (k, constant) in CONSTANTS.iter().enumerate() {
                wat.push_str(&format!(
                    "(func (export \"{ty}_{op}_{k}_br\") (param {ty}) (result i32)
                       (block (br_if 0 ({ty}.{op} (local.get 0) ({ty}.const {constant})))
                         (return (i32.const 0)))
                       (i32.const 1))
                     (func (export \"{ty}_{k}_{op}_br\") (param {ty}) (result i32)
                       (block (br_if 0 ({ty}.{op} ({ty}.const {constant}) (local.get 0)))
                         (return (i32.const 0)))
                       (i32.const 1))\n"
                ));
            }
        }
    }
    wat.push(')');
    wat
}

fn check<P: capvm_core::WasmParams>(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
    args: P,
    want: bool,
) {
    let func = instance.get_typed_func::<P, i32>(&*store, name).unwrap();
    assert_eq!(
        func.call(&mut *store, args).unwrap(),
        i32::from(want),
        "{name}"
    );
}

#[test]
fn fused_comparisons_branch_as_the_comparisons_decide() {
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, module());
    for op in OPS {
        for a in VALUES {
            for b in VALUES {
                let want64 = expected(op, a, b, true);
                check(
                    &mut store,
                    &instance,
                    &format!("i64_{op}_br"),
                    (a, b),
                    want64,
                );
                check(
                    &mut store,
                    &instance,
                    &format!("i64_{op}_if"),
                    (a, b),
                    want64,
                );
                let (a32, b32) = (a as i32, b as i32);
                let want32 = expected(op, a, b, false);
                check(
                    &mut store,
                    &instance,
                    &format!("i32_{op}_br"),
                    (a32, b32),
                    want32,
                );
                check(
                    &mut store,
                    &instance,
                    &format!("i32_{op}_if"),
                    (a32, b32),
                    want32,
                );
            }
            for (k, constant) in CONSTANTS.iter().enumerate() {
                let want64 = expected(op, a, *constant, true);
                check(
                    &mut store,
                    &instance,
                    &format!("i64_{op}_{k}_br"),
                    a,
                    want64,
                );
                let want32 = expected(op, a, *constant, false);
                check(
                    &mut store,
                    &instance,
                    &format!("i32_{op}_{k}_br"),
                    a as i32,
                    want32,
                );
                let want64 = expected(op, *constant, a, true);
                check(
                    &mut store,
                    &instance,
                    &format!("i64_{k}_{op}_br"),
                    a,
                    want64,
                );
                let want32 = expected(op, *constant, a, false);
                check(
                    &mut store,
                    &instance,
                    &format!("i32_{k}_{op}_br"),
                    a as i32,
                    want32,
                );
            }
        }
    }
}

#[test]
fn a_branch_on_masked_bits_tests_them_as_the_and_and_branch_do() {
    // Masks with one bit, several, the sign bit and (sign-extended for i64) negative ones.
    const MASKS: [i32; 5] = [1, 4, 0x0f0, i32::MIN, -2];
    let mut wat = String::from("(module\n");
    for (k, mask) in MASKS.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"i32_any_{k}\") (param i32) (result i32)
               (block (br_if 0 (i32.and (local.get 0) (i32.const {mask}))) (return (i32.const 0))) (i32.const 1))
             (func (export \"i32_none_{k}\") (param i32) (result i32)
               (block (br_if 0 (i32.eqz (i32.and (local.get 0) (i32.const {mask})))) (return (i32.const 0)))
               (i32.const 1))
             (func (export \"i64_any_{k}\") (param i64) (result i32)
               (block (br_if 0 (i32.eqz (i64.eqz (i64.and (local.get 0) (i64.const {mask}))))) (return (i32.const 0)))
               (i32.const 1))
             (func (export \"i64_none_{k}\") (param i64) (result i32)
               (if (result i32) (i64.eqz (i64.and (local.get 0) (i64.const {mask})))
                 (then (i32.const 1)) (else (i32.const 0))))\n"
        ));
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    let values: [i64; 7] = [0, 1, 4, 0xf0, -1, i64::MIN, 1 << 40];
    for (k, &mask) in MASKS.iter().enumerate() {
        for value in values {
            let any32 = (value as i32 & mask != 0) as i32;
            let any64 = (value & i64::from(mask) != 0) as i32;
            let narrow = |name: &str, store: &mut Store<()>| {
                let f = instance.get_typed_func::<i32, i32>(&*store, name).unwrap();
                f.call(store, value as i32).unwrap()
            };
            let wide = |name: &str, store: &mut Store<()>| {
                let f = instance.get_typed_func::<i64, i32>(&*store, name).unwrap();
                f.call(store, value).unwrap()
            };
            assert_eq!(
                narrow(&format!("i32_any_{k}"), &mut store),
                any32,
                "{value} & {mask}"
            );
            assert_eq!(
                narrow(&format!("i32_none_{k}"), &mut store),
                1 - any32,
                "{value} & {mask}"
            );
            assert_eq!(
                wide(&format!("i64_any_{k}"), &mut store),
                any64,
                "{value} & {mask}"
            );
            assert_eq!(
                wide(&format!("i64_none_{k}"), &mut store),
                1 - any64,
                "{value} & {mask}"
            );
        }
    }
}

#[test]
fn a_table_jump_on_an_index_plus_a_constant_selects_as_the_pair_does() {
    // `br_table` on `x - k` with three entries and a default: the difference wraps, and an index that wraps to a
    // large unsigned value takes the default.
    const CONSTANTS: [i32; 4] = [4, -3, i32::MIN, 0x7fff_ffff];
    let mut wat = String::from("(module\n");
    for (k, constant) in CONSTANTS.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"select_{k}\") (param i32) (result i32)
               (block $d (block $2 (block $1 (block $0
                 (br_table $0 $1 $2 $d (i32.sub (local.get 0) (i32.const {constant}))))
                 (return (i32.const 10)))
                 (return (i32.const 11)))
                 (return (i32.const 12)))
               (i32.const 13))\n"
        ));
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    for (k, &constant) in CONSTANTS.iter().enumerate() {
        let func = instance
            .get_typed_func::<i32, i32>(&store, &format!("select_{k}"))
            .unwrap();
        for x in [
            0,
            1,
            3,
            4,
            5,
            6,
            7,
            -1,
            -2,
            i32::MIN,
            i32::MAX,
            i32::MIN + 2,
        ] {
            let index = x.wrapping_sub(constant) as u32;
            let expected = 10 + index.min(3) as i32;
            assert_eq!(
                func.call(&mut store, x).unwrap(),
                expected,
                "{x} - {constant}"
            );
        }
    }
}

#[test]
fn a_test_of_one_value_before_a_table_jump_on_it_selects_as_the_pair_does() {
    // `br_if (x == k)` then `br_table` on `x` with three entries and a default: the test folds into the table for
    // a `k` inside it or up to 16 entries past it, and is kept for the others; both select the same way.
    const CONSTANTS: [i32; 7] = [0, 1, 3, 5, 18, 19, -1];
    let mut wat = String::from("(module\n");
    for (k, constant) in CONSTANTS.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"select_{k}\") (param i32) (result i32)
               (block $t (block $d (block $2 (block $1 (block $0
                 (br_if $t (i32.eq (local.get 0) (i32.const {constant})))
                 (br_table $0 $1 $2 $d (local.get 0)))
                 (return (i32.const 10)))
                 (return (i32.const 11)))
                 (return (i32.const 12)))
                 (return (i32.const 13)))
               (i32.const 20))\n"
        ));
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    for (k, &constant) in CONSTANTS.iter().enumerate() {
        let func = instance
            .get_typed_func::<i32, i32>(&store, &format!("select_{k}"))
            .unwrap();
        for x in (-3..25).chain([i32::MIN, i32::MAX, 0x1_0000 + constant]) {
            let expected = if x == constant {
                20
            } else {
                10 + (x as u32).min(3) as i32
            };
            assert_eq!(
                func.call(&mut store, x).unwrap(),
                expected,
                "{x} == {constant}"
            );
        }
    }
}

#[test]
fn an_i32_comparison_fused_into_a_select_chooses_as_the_pair_does() {
    // Every i32 comparison choosing between two i64s (a whole cell each) and between two of the compared values
    // themselves (a branchless min or max, where the comparison's operands are also the choices).
    let mut wat = String::from("(module\n");
    for op in OPS {
        wat.push_str(&format!(
            "(func (export \"{op}_i64\") (param i32 i32 i64 i64) (result i64)
               (select (local.get 2) (local.get 3) (i32.{op} (local.get 0) (local.get 1))))
             (func (export \"{op}_own\") (param i32 i32) (result i32)
               (select (local.get 1) (local.get 0) (i32.{op} (local.get 0) (local.get 1))))\n"
        ));
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    let values = [0, 1, -1, 5, i32::MIN, i32::MAX];
    for op in OPS {
        let wide = instance
            .get_typed_func::<(i32, i32, i64, i64), i64>(&store, &format!("{op}_i64"))
            .unwrap();
        let own = instance
            .get_typed_func::<(i32, i32), i32>(&store, &format!("{op}_own"))
            .unwrap();
        for a in values {
            for b in values {
                let holds = expected(op, i64::from(a), i64::from(b), false);
                let (x, y) = (i64::MIN + 3, 0x1234_5678_9abc_def0);
                assert_eq!(
                    wide.call(&mut store, (a, b, x, y)).unwrap(),
                    if holds { x } else { y },
                    "{op} {a} {b}"
                );
                assert_eq!(
                    own.call(&mut store, (a, b)).unwrap(),
                    if holds { b } else { a },
                    "{op} {a} {b} (own)"
                );
            }
        }
    }
}
