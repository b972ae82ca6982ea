//! Subtraction from a constant (`K - x`, as WebAssembly negates with `0 - x`) takes the constant as an immediate
//! and computes what `sub` does, wrapping, for i32 and i64; an i64 constant too wide for the immediate is
//! materialized and gives the same. A rotation or shift by a constant fused with the xor before or after it
//! computes what the pair does, for every rotation count wasm allows (taken modulo 32); so do the fused pairs of two
//! operations with constants (`(x >> k) & m`, `(x & m) >> k`, `(x + k) & m`, `0 - (x & m)`), and of three
//! (`(0 - (x & k)) & m`, a masked index scaled and added to a base, `b + (((x + k) & m) << s)`).

use capvm_core::Engine;

const VALUES: [i64; 7] = [0, 1, -1, 5, i32::MIN as i64, i32::MAX as i64, i64::MIN];

/// Constants on the left: immediate-sized ones and one that is not.
const CONSTANTS: [i64; 5] = [0, 5, -1, i32::MIN as i64, 0x1_0000_0000];

#[test]
fn a_subtraction_from_a_constant_wraps_as_sub_does() {
    let mut wat = String::from("(module\n");
    for (k, constant) in CONSTANTS.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"i32_{k}\") (param i32) (result i32) (i32.sub (i32.const {}) (local.get 0)))
             (func (export \"i64_{k}\") (param i64) (result i64) (i64.sub (i64.const {constant}) (local.get 0)))\n",
            *constant as i32
        ));
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    for (k, constant) in CONSTANTS.iter().enumerate() {
        let narrow = instance
            .get_typed_func::<i32, i32>(&store, &format!("i32_{k}"))
            .unwrap();
        let wide = instance
            .get_typed_func::<i64, i64>(&store, &format!("i64_{k}"))
            .unwrap();
        for value in VALUES {
            assert_eq!(
                narrow.call(&mut store, value as i32).unwrap(),
                (*constant as i32).wrapping_sub(value as i32),
                "i32: {} - {}",
                *constant as i32,
                value as i32
            );
            assert_eq!(
                wide.call(&mut store, value).unwrap(),
                constant.wrapping_sub(value),
                "i64: {constant} - {value}"
            );
        }
    }
}

/// What a rotate-and-xor pair computes from its two operands and the rotation count.
type Pair = fn(i32, i32, u32) -> i32;

#[test]
fn a_rotation_or_shift_fused_with_a_xor_computes_the_pair() {
    // Rotation counts below, at and beyond the width, and negative ones (all taken modulo 32).
    const COUNTS: [i32; 7] = [0, 1, 7, 31, 32, 45, -3];
    let mut wat = String::from("(module\n");
    for (k, count) in COUNTS.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"xor_rotl_{k}\") (param i32 i32) (result i32)
               (i32.rotl (i32.xor (local.get 0) (local.get 1)) (i32.const {count})))
             (func (export \"xor_rotr_{k}\") (param i32 i32) (result i32)
               (i32.rotr (i32.xor (local.get 0) (local.get 1)) (i32.const {count})))
             (func (export \"rotl_xor_{k}\") (param i32 i32) (result i32)
               (i32.xor (i32.rotl (local.get 0) (i32.const {count})) (local.get 1)))
             (func (export \"rotr_xor_{k}\") (param i32 i32) (result i32)
               (i32.xor (local.get 1) (i32.rotr (local.get 0) (i32.const {count}))))
             (func (export \"shl_xor_{k}\") (param i32 i32) (result i32)
               (i32.xor (i32.shl (local.get 0) (i32.const {count})) (local.get 1)))
             (func (export \"shr_u_xor_{k}\") (param i32 i32) (result i32)
               (i32.xor (local.get 1) (i32.shr_u (local.get 0) (i32.const {count}))))
             (func (export \"xor_shr_u_{k}\") (param i32 i32) (result i32)
               (i32.shr_u (i32.xor (local.get 0) (local.get 1)) (i32.const {count})))\n"
        ));
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    let values = [0, 1, -1, 0x1234_5678, i32::MIN, i32::MAX, 0x0f0f_00ff];
    for (k, &count) in COUNTS.iter().enumerate() {
        // Rust's rotations take the count modulo the width, as wasm's do.
        let count = count as u32;
        let expected: [(&str, Pair); 7] = [
            ("xor_rotl", |a, b, n| (a ^ b).rotate_left(n)),
            ("xor_rotr", |a, b, n| (a ^ b).rotate_right(n)),
            ("rotl_xor", |a, b, n| a.rotate_left(n) ^ b),
            ("rotr_xor", |a, b, n| b ^ a.rotate_right(n)),
            ("shl_xor", |a, b, n| a.wrapping_shl(n) ^ b),
            ("shr_u_xor", |a, b, n| b ^ (a as u32).wrapping_shr(n) as i32),
            ("xor_shr_u", |a, b, n| {
                ((a ^ b) as u32).wrapping_shr(n) as i32
            }),
        ];
        for (name, pair) in expected {
            let func = instance
                .get_typed_func::<(i32, i32), i32>(&store, &format!("{name}_{k}"))
                .unwrap();
            for a in values {
                for b in values {
                    assert_eq!(
                        func.call(&mut store, (a, b)).unwrap(),
                        pair(a, b, count),
                        "{name} {a:#x} {b:#x} by {count}"
                    );
                }
            }
        }
    }
}

#[test]
fn two_operations_with_constants_fused_compute_the_pair() {
    // Shift counts taken modulo 32, addends at the edges of the fused form's 16 bits and beyond them.
    const SHIFTS: [i32; 5] = [0, 8, 31, 32, 39];
    const ADDENDS: [i32; 6] = [0, 14, -1, i16::MAX as i32, i16::MIN as i32, 0x1_0000];
    // Masks that fit the 16 bits of a scaled index's fused form (0xff, 15, -1, -16) and ones that do not.
    const MASKS: [i32; 6] = [0xff, 15, -1, i32::MIN, -16, 0x1_ffff];
    // Selectors of a negated `and` at the edges of the fused form's 16 bits and beyond them.
    const SELECTORS: [i32; 5] = [1, -1, i16::MAX as i32, i16::MIN as i32, 0x1_0000];
    let mut wat = String::from("(module\n");
    for (m, mask) in MASKS.iter().enumerate() {
        for (k, shift) in SHIFTS.iter().enumerate() {
            wat.push_str(&format!(
                "(func (export \"shr_and_{m}_{k}\") (param i32) (result i32)
                   (i32.and (i32.shr_u (local.get 0) (i32.const {shift})) (i32.const {mask})))\n"
            ));
            wat.push_str(&format!(
                "(func (export \"and_shr_{m}_{k}\") (param i32) (result i32)
                   (i32.shr_u (i32.and (local.get 0) (i32.const {mask})) (i32.const {shift})))\n"
            ));
        }
        for (k, addend) in ADDENDS.iter().enumerate() {
            wat.push_str(&format!(
                "(func (export \"add_and_{m}_{k}\") (param i32) (result i32)
                   (i32.and (i32.const {mask}) (i32.add (local.get 0) (i32.const {addend}))))\n"
            ));
        }
        wat.push_str(&format!(
            "(func (export \"neg_and_{m}\") (param i32) (result i32)
               (i32.sub (i32.const 0) (i32.and (local.get 0) (i32.const {mask}))))\n"
        ));
        for (j, shift) in SHIFTS.iter().enumerate() {
            wat.push_str(&format!(
                "(func (export \"scaled_{m}_{j}\") (param i32) (result i32)
                   (i32.shl (i32.and (local.get 0) (i32.const {mask})) (i32.const {shift})))\n"
            ));
            for (k, addend) in ADDENDS.iter().enumerate() {
                wat.push_str(&format!(
                    "(func (export \"index_{m}_{k}_{j}\") (param i32 i32) (result i32)
                       (i32.add (local.get 1)
                         (i32.shl (i32.and (i32.add (local.get 0) (i32.const {addend})) (i32.const {mask}))
                           (i32.const {shift}))))\n"
                ));
            }
        }
        for (k, select) in SELECTORS.iter().enumerate() {
            wat.push_str(&format!(
                "(func (export \"neg_and_mask_{m}_{k}\") (param i32) (result i32)
                   (i32.and (i32.sub (i32.const 0) (i32.and (local.get 0) (i32.const {select}))) (i32.const {mask})))\n"
            ));
        }
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    let values = [0, 1, -1, 0x1234_5678, i32::MIN, i32::MAX, 0x7fff, -0x8000];
    let call = |store: &mut capvm_core::Store<()>, name: &str, x: i32| {
        instance
            .get_typed_func::<i32, i32>(&*store, name)
            .unwrap()
            .call(store, x)
            .unwrap()
    };
    for (m, &mask) in MASKS.iter().enumerate() {
        for x in values {
            for (k, &shift) in SHIFTS.iter().enumerate() {
                let expected = ((x as u32) >> (shift as u32 % 32)) as i32 & mask;
                assert_eq!(
                    call(&mut store, &format!("shr_and_{m}_{k}"), x),
                    expected,
                    "({x} >> {shift}) & {mask}"
                );
                let expected = (((x & mask) as u32) >> (shift as u32 % 32)) as i32;
                assert_eq!(
                    call(&mut store, &format!("and_shr_{m}_{k}"), x),
                    expected,
                    "({x} & {mask}) >> {shift}"
                );
            }
            for (k, &addend) in ADDENDS.iter().enumerate() {
                let expected = x.wrapping_add(addend) & mask;
                assert_eq!(
                    call(&mut store, &format!("add_and_{m}_{k}"), x),
                    expected,
                    "({x} + {addend}) & {mask}"
                );
            }
            let expected = 0i32.wrapping_sub(x & mask);
            assert_eq!(
                call(&mut store, &format!("neg_and_{m}"), x),
                expected,
                "-({x} & {mask})"
            );
            for (j, &shift) in SHIFTS.iter().enumerate() {
                let scaled = |index: i32| index.wrapping_shl(shift as u32 % 32);
                let name = format!("scaled_{m}_{j}");
                assert_eq!(
                    call(&mut store, &name, x),
                    scaled(x & mask),
                    "({x} & {mask}) << {shift}"
                );
                for (k, &addend) in ADDENDS.iter().enumerate() {
                    let base = 0x0100_0000i32.wrapping_sub(x);
                    let expected = base.wrapping_add(scaled(x.wrapping_add(addend) & mask));
                    let got = instance
                        .get_typed_func::<(i32, i32), i32>(&store, &format!("index_{m}_{k}_{j}"))
                        .unwrap()
                        .call(&mut store, (x, base))
                        .unwrap();
                    assert_eq!(
                        got, expected,
                        "{base} + ((({x} + {addend}) & {mask}) << {shift})"
                    );
                }
            }
            for (k, &select) in SELECTORS.iter().enumerate() {
                let expected = 0i32.wrapping_sub(x & select) & mask;
                assert_eq!(
                    call(&mut store, &format!("neg_and_mask_{m}_{k}"), x),
                    expected,
                    "-({x} & {select}) & {mask}"
                );
            }
        }
    }
}

#[test]
fn a_xor_fused_into_a_multiplication_by_a_constant_computes_the_pair() {
    // FNV-1a's step `(h ^ x) * prime`, with the constant on either side and constants at the edges of i32.
    const FACTORS: [i32; 5] = [16_777_619, -1, i32::MIN, 0, 3];
    let mut wat = String::from("(module\n");
    for (k, factor) in FACTORS.iter().enumerate() {
        wat.push_str(&format!(
            "(func (export \"xor_mul_{k}\") (param i32 i32) (result i32)
               (i32.mul (i32.xor (local.get 0) (local.get 1)) (i32.const {factor})))
             (func (export \"mul_xor_{k}\") (param i32 i32) (result i32)
               (i32.mul (i32.const {factor}) (i32.xor (local.get 1) (local.get 0))))\n"
        ));
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    let values = [0, 1, -1, 0x1234_5678, i32::MIN, i32::MAX, -2_128_831_035];
    for (k, &factor) in FACTORS.iter().enumerate() {
        for name in [format!("xor_mul_{k}"), format!("mul_xor_{k}")] {
            let func = instance
                .get_typed_func::<(i32, i32), i32>(&store, &name)
                .unwrap();
            for a in values {
                for b in values {
                    assert_eq!(
                        func.call(&mut store, (a, b)).unwrap(),
                        (a ^ b).wrapping_mul(factor),
                        "{name}: ({a} ^ {b}) * {factor}"
                    );
                }
            }
        }
    }
}
