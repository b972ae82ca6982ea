//! Counted loops whose step (`i = i + k`, or `i = i + s` with the stride in a local) and test fuse into one
//! instruction (`translate/step.rs`) count as the pair does: the sum wraps, unsigned tests are unsigned, the
//! counter keeps the sum after the loop.

use capvm_core::Engine;

/// The fused tests, each with the instructions after the step: `nez`, `ne`, `lt_u` and `le_u` continue the loop
/// when they hold, `eqz`, `eq`, `ge_u` and `gt_u` leave it.
const TESTS: [(&str, &str); 8] = [
    ("nez", "(br_if $l (local.get $i))"),
    ("ne", "(br_if $l (i32.ne (local.get $i) (local.get $n)))"),
    (
        "lt_u",
        "(br_if $l (i32.lt_u (local.get $i) (local.get $n)))",
    ),
    (
        "le_u",
        "(br_if $l (i32.le_u (local.get $i) (local.get $n)))",
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
    (
        "gt_u",
        "(br_if $done (i32.gt_u (local.get $i) (local.get $n))) (br $l)",
    ),
];

/// The steps: by the constant 3 (the export's name is the test's), and by the stride `$s` (the name ends in
/// `_by`), added on the right and on the left.
const STEPS: [(&str, &str); 3] = [
    ("", "(i32.add (local.get $i) (i32.const 3))"),
    ("_by", "(i32.add (local.get $i) (local.get $s))"),
    ("_by_left", "(i32.add (local.get $s) (local.get $i))"),
];

/// One loop per step and test, returning `i` and the iterations (at most 1000 + 1).
fn loops() -> String {
    let mut wat = String::from("(module\n");
    for (suffix, step) in STEPS {
        for (name, test) in TESTS {
            wat.push_str(&format!(
                "(func (export \"{name}{suffix}\") (param $i i32) (param $n i32) (param $s i32) (result i32 i32)
                   (local $c i32)
                   (block $done
                     (loop $l
                       (local.set $c (i32.add (local.get $c) (i32.const 1)))
                       (br_if $done (i32.gt_u (local.get $c) (i32.const 1000)))
                       (local.set $i {step})
                       {test}))
                   (local.get $i) (local.get $c))\n"
            ));
        }
    }
    wat.push(')');
    wat
}

/// What a loop gives from `i` with bound `n` and stride `s`: the counter after it and the number of iterations.
fn expected(test: &str, mut i: i32, n: i32, s: i32) -> (i32, i32) {
    let mut count = 0;
    loop {
        count += 1;
        if count > 1000 {
            return (i, count);
        }
        i = i.wrapping_add(s);
        let holds = match test {
            "nez" => i != 0,
            "ne" => i != n,
            "lt_u" => (i as u32) < n as u32,
            "le_u" => i as u32 <= n as u32,
            "eqz" => i == 0,
            "eq" => i == n,
            "ge_u" => i as u32 >= n as u32,
            "gt_u" => i as u32 > n as u32,
            _ => unreachable!("{test}"),
        };
        let continues = matches!(test, "nez" | "ne" | "lt_u" | "le_u");
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
    let strides = [3, -3, 0, 7, i32::MAX, i32::MIN];
    for (suffix, _) in STEPS {
        for (test, _) in TESTS {
            let name = format!("{test}{suffix}");
            let func = instance
                .get_typed_func::<(i32, i32, i32), (i32, i32)>(&store, &name)
                .unwrap();
            // The constant step is always 3 (its `$s` is not read).
            let strides: &[i32] = if suffix.is_empty() { &[3] } else { &strides };
            for i in starts {
                for n in bounds {
                    for &s in strides {
                        let got = func.call(&mut store, (i, n, s)).unwrap();
                        assert_eq!(
                            got,
                            expected(test, i, n, s),
                            "{name} from {i} to {n} by {s}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_fused_step_and_test_against_a_constant_counts_as_the_pair() {
    // The tests above with the bound `$n` replaced by each constant.
    let bounds = [0, 9, 30, -1, i32::MIN, 3000];
    let mut wat = String::from("(module\n");
    for (k, bound) in bounds.iter().enumerate() {
        for (name, test) in TESTS {
            let test = test.replace("(local.get $n)", &format!("(i32.const {bound})"));
            wat.push_str(&format!(
                "(func (export \"{name}_{k}\") (param $i i32) (result i32 i32) (local $c i32)
                   (block $done
                     (loop $l
                       (local.set $c (i32.add (local.get $c) (i32.const 1)))
                       (br_if $done (i32.gt_u (local.get $c) (i32.const 1000)))
                       (local.set $i (i32.add (local.get $i) (i32.const 3)))
                       {test}))
                   (local.get $i) (local.get $c))\n"
            ));
        }
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    for (k, &bound) in bounds.iter().enumerate() {
        for (test, _) in TESTS {
            let func = instance
                .get_typed_func::<i32, (i32, i32)>(&store, &format!("{test}_{k}"))
                .unwrap();
            for i in [0, -9, -10, 1, i32::MAX - 4, i32::MIN, -2] {
                let got = func.call(&mut store, i).unwrap();
                assert_eq!(
                    got,
                    expected(test, i, bound, 3),
                    "{test} from {i} to {bound}"
                );
            }
        }
    }
}

/// Whether a comparison holds of the loaded word and the pivot.
type Holds = fn(i32, i32) -> bool;

/// The comparisons of a scan's test, with what they compute on the loaded word `m` and the pivot `p`.
const SCAN_TESTS: [(&str, Holds); 10] = [
    ("eq", |m, p| m == p),
    ("ne", |m, p| m != p),
    ("lt_s", |m, p| m < p),
    ("lt_u", |m, p| (m as u32) < p as u32),
    ("gt_s", |m, p| m > p),
    ("gt_u", |m, p| m as u32 > p as u32),
    ("le_s", |m, p| m <= p),
    ("le_u", |m, p| m as u32 <= p as u32),
    ("ge_s", |m, p| m >= p),
    ("ge_u", |m, p| m as u32 >= p as u32),
];

/// The words at the start of the scanned memory (the rest of its page is zero).
const WORDS: [i32; 8] = [1, 5, -1, 9, 5, i32::MIN, 0, 7];

#[test]
fn a_fused_scan_step_and_test_counts_as_the_pair_and_traps_past_the_end() {
    // `i += step; br_if (a[i + 4] OP pivot)`, stepping up or down by a word.
    let mut wat = String::from("(module (memory 1)\n(data (i32.const 0)");
    for word in WORDS {
        wat.push_str(&format!(
            " \"{}\"",
            word.to_le_bytes().map(|b| format!("\\{b:02x}")).concat()
        ));
    }
    wat.push_str(")\n");
    for (name, _) in SCAN_TESTS {
        for (dir, step) in [("up", 4), ("down", -4)] {
            wat.push_str(&format!(
                "(func (export \"{name}_{dir}\") (param $i i32) (param $pivot i32) (result i32)
                   (loop $l
                     (local.set $i (i32.add (local.get $i) (i32.const {step})))
                     (br_if $l (i32.{name} (i32.load offset=4 (local.get $i)) (local.get $pivot))))
                   (local.get $i))\n"
            ));
        }
    }
    wat.push(')');
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    // The word at an effective address (which does not wrap: a base near 4 GiB plus the offset is past the end).
    let word_at = |at: u64| -> Option<i32> {
        if at + 4 > 65536 {
            return None;
        }
        Some(
            WORDS
                .get(at as usize / 4)
                .copied()
                .filter(|_| at.is_multiple_of(4))
                .unwrap_or(0),
        )
    };
    for (name, holds) in SCAN_TESTS {
        for (dir, step) in [("up", 4i32), ("down", -4)] {
            let func = instance
                .get_typed_func::<(i32, i32), i32>(&store, &format!("{name}_{dir}"))
                .unwrap();
            for start in [-4i32, 0, 8, 28, 65520] {
                for pivot in [0, 1, 5, -1, i32::MIN, 7] {
                    // The reference: step, load at the sum plus 4 (a trap past the end), test.
                    let mut i = start;
                    let expected = loop {
                        i = i.wrapping_add(step);
                        match word_at(u64::from(i as u32) + 4) {
                            None => break None,
                            Some(m) if holds(m, pivot) => continue,
                            Some(_) => break Some(i),
                        }
                    };
                    let got = func.call(&mut store, (start, pivot));
                    match expected {
                        Some(i) => {
                            assert_eq!(got.unwrap(), i, "{name}_{dir} from {start}, pivot {pivot}")
                        }
                        None => assert!(
                            got.unwrap_err().to_string().contains("out of bounds"),
                            "{name}_{dir} from {start}, pivot {pivot} traps"
                        ),
                    }
                }
            }
        }
    }
}

#[test]
fn a_fused_step_and_opcode_dispatch_counts_as_the_pair_and_traps_past_the_end() {
    // `pc += 1`, then a table jump on the byte at `pc + 16`: 0 continues, 1 skips two bytes and stops, anything
    // else stops.
    const CODE: [u8; 8] = [0, 0, 1, 0, 7, 0, 0, 0];
    let data: String = CODE.iter().map(|b| format!("\\{b:02x}")).collect();
    let wat = format!(
        "(module (memory 1) (data (i32.const 16) \"{data}\")
           (func (export \"run\") (param $pc i32) (result i32)
             (block $halt (block $skip (loop $next
               (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
               (br_table $next $skip $halt (i32.load8_u offset=16 (local.get $pc)))))
               (local.set $pc (i32.add (local.get $pc) (i32.const 2))))
             (local.get $pc)))"
    );
    let engine = Engine::default();
    let (mut store, instance) = super::instantiate(&engine, wat);
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    // The byte at an effective address, or `None` past the end of the page.
    let byte_at = |at: u64| -> Option<u8> {
        (at < 65536).then(|| {
            CODE.get((at as usize).wrapping_sub(16))
                .copied()
                .unwrap_or(0)
        })
    };
    for start in [-1i32, 0, 1, 3, 4, 40, 65518, 65519, i32::MAX, -17] {
        let mut pc = start;
        let expected = loop {
            pc = pc.wrapping_add(1);
            match byte_at(u64::from(pc as u32) + 16) {
                None => break None,
                Some(0) => continue,
                Some(1) => break Some(pc.wrapping_add(2)),
                Some(_) => break Some(pc),
            }
        };
        let got = run.call(&mut store, start);
        match expected {
            Some(pc) => assert_eq!(got.unwrap(), pc, "from {start}"),
            None => assert!(
                got.unwrap_err().to_string().contains("out of bounds"),
                "from {start} traps"
            ),
        }
    }
}
