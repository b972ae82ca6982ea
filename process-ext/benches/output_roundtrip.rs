//! The cost of one `Command::output()` round trip through the process extension, next to spawning the same
//! command natively.
//!
//! All three run the host's `true` (resolved once, as the policy does) and wait for it:
//!
//! - `native_std_command`: `std::process::Command::new(path).env_clear().output()`, the floor;
//! - `process_state_abi/sandbox_{on,off}`: the guest crate's call sequence (name, timeout, empty stdin, run, both
//!   lengths, both fetches) on the `abi` functions over a plain byte buffer: the host module without a VM;
//! - `wasm_guest_vm_core/sandbox_{on,off}`: the same sequence made by a WAT guest through `add_to_linker`, one
//!   exported call per iteration: what a capvm guest pays.
//!
//! `sandbox_on` is the default policy (Landlock in `auto` mode, `no_new_privs`, the default resource limits);
//! `sandbox_off` is `SandboxMode::Off` (still `no_new_privs` and the limits), so the pair shows what Landlock
//! costs per run. Neither reaps orphans (a library default; the CLI turns it on, adding one /proc scan per run).
//!
//! Run with `cargo bench -p capvm-process --bench output_roundtrip`.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use capvm_core::{Engine, Linker, Module, Store};
use capvm_process::{ProcessPolicy, ProcessState, SandboxMode, abi, add_to_linker};
use criterion::{Criterion, criterion_group, criterion_main};

/// The guest: `go()` makes the calls of `Command::new("true").output()` and returns the status.
const GUEST: &str = r#"(module
  (import "wasmedge_process" "wasmedge_process_set_prog_name" (func $set_prog_name (param i32 i32)))
  (import "wasmedge_process" "wasmedge_process_set_timeout" (func $set_timeout (param i32)))
  (import "wasmedge_process" "wasmedge_process_add_stdin" (func $add_stdin (param i32 i32)))
  (import "wasmedge_process" "wasmedge_process_run" (func $run (result i32)))
  (import "wasmedge_process" "wasmedge_process_get_stdout_len" (func $get_stdout_len (result i32)))
  (import "wasmedge_process" "wasmedge_process_get_stderr_len" (func $get_stderr_len (result i32)))
  (import "wasmedge_process" "wasmedge_process_get_stdout" (func $get_stdout (param i32)))
  (import "wasmedge_process" "wasmedge_process_get_stderr" (func $get_stderr (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "true")
  (func (export "go") (result i32)
    (local $status i32)
    (call $set_prog_name (i32.const 0) (i32.const 4))
    (call $set_timeout (i32.const 10000))
    (call $add_stdin (i32.const 1) (i32.const 0))
    (local.set $status (call $run))
    (drop (call $get_stdout_len))
    (drop (call $get_stderr_len))
    (call $get_stdout (i32.const 1))
    (call $get_stderr (i32.const 1))
    (local.get $status)))"#;

fn policy(mode: SandboxMode) -> ProcessPolicy {
    ProcessPolicy::builder()
        .allow_command("true")
        .sandbox(mode)
        .build()
        .expect("`true` must be in the host PATH for this benchmark")
}

fn true_path(policy: &ProcessPolicy) -> PathBuf {
    policy
        .resolved_command(b"true")
        .expect("`true` is allowed")
        .to_path_buf()
}

fn output_roundtrip(c: &mut Criterion) {
    let program = true_path(&policy(SandboxMode::Off));
    let mut group = c.benchmark_group("output_roundtrip");
    group.measurement_time(Duration::from_secs(5));

    group.bench_function("native_std_command", |b| {
        b.iter(|| {
            let out = Command::new(&program)
                .env_clear()
                .output()
                .expect("spawn true");
            assert!(out.status.success());
            black_box(out)
        });
    });

    for (label, mode) in [
        ("sandbox_on", SandboxMode::Auto),
        ("sandbox_off", SandboxMode::Off),
    ] {
        let mut state = ProcessState::new(policy(mode));
        let mut memory = vec![0u8; 65_536];
        memory[..4].copy_from_slice(b"true");
        group.bench_function(format!("process_state_abi/{label}"), |b| {
            b.iter(|| {
                abi::set_prog_name(&mut state, Some(&memory), 0, 4).expect("in bounds");
                abi::set_timeout(&mut state, 10_000);
                abi::add_stdin(&mut state, Some(&memory), 1, 0).expect("empty");
                let status = abi::run(&mut state);
                assert_eq!(status, 0);
                black_box(abi::get_stdout_len(&state) + abi::get_stderr_len(&state));
                abi::get_stdout(&state, Some(&mut memory), 1).expect("empty");
                abi::get_stderr(&state, Some(&mut memory), 1).expect("empty");
                black_box(status)
            });
        });
    }

    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).expect("the guest compiles");
    let mut linker: Linker<ProcessState> = Linker::new(&engine);
    add_to_linker(&mut linker, |state: &mut ProcessState| state).expect("register");
    for (label, mode) in [
        ("sandbox_on", SandboxMode::Auto),
        ("sandbox_off", SandboxMode::Off),
    ] {
        let mut store = Store::new(&engine, ProcessState::new(policy(mode)));
        let instance = linker
            .instantiate(&mut store, &module)
            .expect("instantiate");
        let go = instance
            .get_typed_func::<(), i32>(&store, "go")
            .expect("export go");
        group.bench_function(format!("wasm_guest_vm_core/{label}"), |b| {
            b.iter(|| {
                let status = go.call(&mut store, ()).expect("no trap");
                assert_eq!(status, 0);
                black_box(status)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, output_roundtrip);
criterion_main!(benches);
