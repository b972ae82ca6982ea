//! Miscompilations and crashes found by fuzzing, each kept as the smallest module that showed it, with the
//! result the specification gives.

use vm_core::Engine;

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
