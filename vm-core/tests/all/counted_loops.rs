//! Counted loops whose step (`i = i + k`) and test fuse into one instruction (`translate/step.rs`) count as the
//! pair does: the sum wraps, unsigned tests are unsigned, the counter keeps the sum after the loop.

use capvm_core::Engine;

/// The fused tests, each with the instructions after the step (`i += 3`): `nez`, `ne` and `lt_u` continue the
/// loop when they hold, `eqz`, `eq` and `ge_u` leave it.
const TESTS: [(&str, &str); 6] = [
    ("nez", "(br_if $l (local.get $i))"),
    ("ne", "(br_if $l (i32.ne (local.get $i) (local.get $n)))"),
    (
        "lt_u",
        "(br_if $l (i32.lt_u (local.get $i) (local.get $n)))",
    ),
    ("eqz", "(br_if $done (i32.eqz (local.get $i))) (br $l)"),
    (
        "eq",
        "(br_if $done (i32.eq (local.get $i) (local.get $n))) (br $l)",
    ),
    (
        "ge_u",
        "(br_if $done (i32.ge_u (local.get $i) (local.get $n))) (br $l)",
    ),
];

/// One loop per test, exported under the test's name, returning `i` and the iterations (at most 1000 + 1).
fn loops() -> String {
    let mut wat = String::from("(module\n");
    for (name, test) in TESTS {
        wat.push_str(&format!(
            "(func (export \"{name}\") (param $i i32) (param $n i32) (result i32 i32) (local $c i32)
               (block $done
                 (loop $l
                   (local.set $c (i32.add (local.get $c) (i32.const 1)))
                   (br_if $done (i32.gt_u (local.get $c) (i32.const 1000)))
                   (local.set $i (i32.add (local.get $i) (i32.const 3)))
                   {test}))
               (local.get $i) (local.get $c))\n"
        ));
    }
    wat.push(')');
    wat
}

/// What a loop gives from `i` with bound `n`: the counter after it and the number of iterations.
fn expected(test: &str, mut i: i32, n: i32) -> (i32, i32) {
    let mut count = 0;
    loop {
        count += 1;
        if count > 1000 {
            return (i, count);
        }
        i = i.wrapping_add(3);
        let holds = match test {
            "nez" => i != 0,
            "ne" => i != n,
            "lt_u" => (i as u32) < n as u32,
            "eqz" => i == 0,
            "eq" => i == n,
            "ge_u" => i as u32 >= n as u32,
            _ => unreachable!("{test}"),
        };
        let continues = matches!(test, "nez" | "ne" | "lt_u");
        if holds != continues {
            return (i, count);
        }
    }
}

#[test]
fn a_fused_step_and_test_counts_as_the_pair() {
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, loops());
    let starts = [0, -9, -10, 1, i32::MAX - 4, i32::MIN, -2];
    let bounds = [0, 9, 30, -1, i32::MIN, 3000];
    for (test, _) in TESTS {
        let func = instance
            .get_typed_func::<(i32, i32), (i32, i32)>(&store, test)
            .unwrap();
        for i in starts {
            for n in bounds {
                let got = func.call(&mut store, (i, n)).unwrap();
                assert_eq!(got, expected(test, i, n), "{test} from {i} to {n}");
            }
        }
    }
}
