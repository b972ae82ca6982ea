//! Miscompilations and crashes found by fuzzing, each kept as the smallest module that showed it, with the
//! result the specification gives.

use capvm_core::Engine;

use super::instantiate;

/// Differential fuzzing against wasmi (seeds 1822 and 4200 of the seeded run): a block with a parameter in the
/// unreachable code after `br 0` took its frame height below the enclosing block's, so its `end` dropped the
/// enclosing block's operand (the 42) from the translator's stack model, and the later `i64.xor` read the wrong
/// slots (0 instead of 42).
#[test]
fn a_block_with_params_in_dead_code_keeps_the_enclosing_operands() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (global $g (mut i64) (i64.const 0))
          (func (export "f") (result i64)
            i64.const 42
            block
              br 0
              block (param i32)
                drop
              end
            end
            global.get $g
            i64.xor)
          (func (export "loop") (result i64)
            i64.const 42
            block
              br 0
              loop (param i32 i32)
                drop
                drop
              end
            end
            global.get $g
            i64.xor)
          (func (export "if") (result i64)
            i64.const 42
            block
              br 0
              if (param i32)
                drop
              else
                drop
              end
            end
            global.get $g
            i64.xor))"#,
    );
    for name in ["f", "loop", "if"] {
        let f = instance.get_typed_func::<(), i64>(&store, name).unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), 42, "{name}");
    }
}

/// Differential fuzzing (the seed sweep, minimized from seed 5765): the same bug seen through an `if` arm. The
/// dead `loop (param i64)` after `br 1` lowered the arm's frame, so the else arm's result (42) landed on the
/// f64 below it.
#[test]
fn a_loop_with_params_in_a_dead_if_arm_keeps_the_value_below() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(
        &engine,
        r#"(module
          (global $h (export "h") (mut i64) (i64.const 0))
          (func (export "f") (param i32)
            f64.const 1.5
            local.get 0
            if (result i64)
              br 1
              loop (param i64)
                unreachable
              end
            else
              i64.const 42
            end
            drop
            i64.reinterpret_f64
            global.set $h))"#,
    );
    let f = instance.get_typed_func::<i32, ()>(&store, "f").unwrap();
    f.call(&mut store, 0).unwrap();
    let h = instance.get_global(&store, "h").unwrap();
    assert_eq!(h.get(&store), capvm_core::Val::I64(0x3ff8_0000_0000_0000));
}
