//! The dispatch strategy never grows the host stack: in optimized builds every handler continues with a tail call
//! (a jump), so a long run needs constant native stack. If a handler's tail call were not turned into a jump,
//! these runs would need gigabytes of native stack and crash the test thread.

use super::instantiate;
use capvm_core::Engine;

/// A loop of `n` iterations that touches locals, memory, globals, compare-and-branch, select, calls and returns.
const BUSY: &str = r#"(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "busy") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.and (local.get $i) (i32.const 0xfffc)) (local.get $i))
        (local.set $acc (i32.add (local.get $acc)
          (i32.load (i32.and (local.get $i) (i32.const 0xfffc)))))
        (global.set $g (select (local.get $acc) (global.get $g) (i32.and (local.get $i) (i32.const 1))))
        (local.set $i (call $inc (local.get $i)))
        (br $next)))
    (i32.add (local.get $acc) (global.get $g))))"#;

#[test]
fn long_runs_use_constant_native_stack() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, BUSY);
    let busy = instance.get_typed_func::<i32, i32>(&store, "busy").unwrap();
    let n: i32 = 2_000_000;
    let mut acc: i32 = 0;
    let mut g: i32 = 0;
    for i in 0..n {
        acc = acc.wrapping_add(i);
        if i & 1 != 0 {
            g = acc;
        }
    }
    // Run on a thread with a small stack: without tail calls this overflows after a few thousand instructions.
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || busy.call(&mut store, n).unwrap())
        .unwrap()
        .join()
        .expect("the interpreter thread completed");
    assert_eq!(result, acc.wrapping_add(g));
}

/// Every handler of the threaded interpreter must continue with a jump, never a call: this disassembles the test
/// binary itself and looks for an indirect call (other than through the GOT, which panics and allocations use)
/// in any handler. Only meaningful on x86-64 builds that use the threaded strategy.
#[test]
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn handlers_continue_with_jumps() {
    if capvm_core::dispatch_strategy() != "threaded" {
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let output = match std::process::Command::new("objdump")
        .args(["-d", "--no-show-raw-insn", "-C"])
        .arg(&exe)
        .output()
    {
        Ok(output) if output.status.success() => output,
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "objdump is needed to check the dispatch in CI"
            );
            eprintln!("objdump not available; skipping the dispatch check");
            return;
        }
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let mut handler: Option<&str> = None;
    let mut handlers = 0;
    let mut jumps = 0;
    let mut offenders = Vec::new();
    for line in text.lines() {
        if let Some((_, rest)) = line.split_once(" <")
            && line.ends_with(">:")
        {
            handler = rest
                .strip_suffix(">:")
                .and_then(|n| n.strip_prefix("capvm_core::exec::handlers::"));
            if handler.is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase)) {
                handlers += 1;
            } else {
                handler = None;
            }
            continue;
        }
        let Some(name) = handler else { continue };
        let Some(instruction) = line.split('\t').nth(1) else {
            continue;
        };
        let instruction = instruction.trim();
        if instruction.starts_with("jmp") && instruction.contains('*') {
            jumps += 1;
        }
        if instruction.starts_with("call")
            && instruction.contains('*')
            && !instruction.contains("(%rip)")
        {
            offenders.push(format!("{name}: {instruction}"));
        }
    }
    assert!(
        jumps >= handlers / 2,
        "expected indirect jumps in the {handlers} handlers, found {jumps}"
    );
    assert!(
        offenders.is_empty(),
        "handlers that call instead of jump:\n{}",
        offenders.join("\n")
    );
}

/// How many i64 locals the functions of [`locals_module`] declare: a call zeroes up to 32 inline, in blocks of 8,
/// and more on its slower path.
const LOCAL_COUNTS: [usize; 6] = [1, 8, 9, 32, 33, 70];

/// A function per count of [`LOCAL_COUNTS`], each returning the sum of its locals as it finds them plus its
/// argument, after setting them all to the argument (so a stale frame would show); and `deep`, a recursion that
/// calls each of them (some twice) at every depth, deep enough to grow the frame list and the value stack.
fn locals_module() -> String {
    let mut wat = String::from("(module\n");
    for count in LOCAL_COUNTS {
        let locals = " i64".repeat(count);
        let sum = (1..count).fold(String::from("(local.get 1)"), |sum, k| {
            format!("(i64.add {sum} (local.get {}))", k + 1)
        });
        let sets: String = (1..=count)
            .map(|k| format!("(local.set {k} (i64.extend_i32_u (local.get 0)))"))
            .collect();
        wat.push_str(&format!(
            "(func $f{count} (param i32) (result i64) (local{locals}) {sum} {sets} (i64.add (local.get 1)))\n"
        ));
    }
    let calls = LOCAL_COUNTS
        .iter()
        .chain(&[1, 9, 33])
        .fold(String::from("(i64.const 0)"), |sum, count| {
            format!("(i64.add {sum} (call $f{count} (local.get 0)))")
        });
    wat.push_str(&format!(
        "(func (export \"deep\") (param i32) (result i64)
           (if (result i64) (i32.eqz (local.get 0))
             (then (i64.const 0))
             (else (i64.add {calls} (call 6 (i32.sub (local.get 0) (i32.const 1)))))))\n)"
    ));
    wat
}

#[test]
fn calls_start_every_callee_with_zeroed_locals_at_any_depth() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, locals_module());
    let deep = instance.get_typed_func::<i32, i64>(&store, "deep").unwrap();
    let calls_per_level = (LOCAL_COUNTS.len() + 3) as i64;
    for n in [1_i64, 7, 20_000] {
        // At each level k of n..1, every call returns k when its locals started at zero.
        let expected = calls_per_level * n * (n + 1) / 2;
        assert_eq!(
            deep.call(&mut store, n as i32).unwrap(),
            expected,
            "depth {n}"
        );
    }
}
