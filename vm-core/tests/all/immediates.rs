//! Subtraction from a constant (`K - x`, as WebAssembly negates with `0 - x`) takes the constant as an immediate
//! and computes what `sub` does, wrapping, for i32 and i64; an i64 constant too wide for the immediate is
//! materialized and gives the same.

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
