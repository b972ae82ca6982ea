//! `add_to_linker`: the 22 imports through vm-core, driven by WAT guests.

use capvm_core::{Engine, Instance, Linker, Module, Store};
use capvm_process::{Error, ProcessPolicy, ProcessState, abi, add_to_linker};

use crate::{denial, require, text};

/// Store data of the tests: something else next to the state, as an embedder would have.
struct Host {
    calls: u32,
    process: ProcessState,
}

/// The import declarations of all 11 functions of `module`, as `$<function>` (prefixed by `prefix`).
fn imports(module: &str, prefix: &str) -> String {
    let sigs = [
        ("set_prog_name", "(param i32 i32)"),
        ("add_arg", "(param i32 i32)"),
        ("add_env", "(param i32 i32 i32 i32)"),
        ("add_stdin", "(param i32 i32)"),
        ("set_timeout", "(param i32)"),
        ("run", "(result i32)"),
        ("get_exit_code", "(result i32)"),
        ("get_stdout_len", "(result i32)"),
        ("get_stdout", "(param i32)"),
        ("get_stderr_len", "(result i32)"),
        ("get_stderr", "(param i32)"),
    ];
    assert_eq!(sigs.map(|(f, _)| f), abi::FUNCTIONS);
    sigs.iter()
        .map(|(f, sig)| {
            format!(
                "(import \"{module}\" \"{}\" (func ${prefix}{f} {sig}))\n",
                abi::import_name(module, f)
            )
        })
        .collect()
}

/// A guest importing every function of `module`. Memory: 0..64 holds strings put there by the test, 1024.. receives
/// outputs. Exports: `run_cmd(name_ptr, name_len, arg_ptr, arg_len) -> status` making the crate's call sequence
/// (with the crate's dangling pointer 1 for empty buffers), `fetch() -> stdout_len` (stdout at 1024, stderr right
/// after it), and thin exports of the raw imports for edge cases.
fn guest_wat(module: &str) -> String {
    format!(
        r#"(module
  {imports}
  (memory (export "memory") 1)
  (func (export "run_cmd") (param $np i32) (param $nl i32) (param $ap i32) (param $al i32) (result i32)
    (call $set_prog_name (local.get $np) (local.get $nl))
    (if (local.get $al) (then (call $add_arg (local.get $ap) (local.get $al))))
    (call $set_timeout (i32.const 5000))
    (call $add_stdin (i32.const 1) (i32.const 0))
    (call $run))
  (func (export "fetch") (result i32)
    (local $out i32)
    (local.set $out (call $get_stdout_len))
    (call $get_stdout (if (result i32) (local.get $out) (then (i32.const 1024)) (else (i32.const 1))))
    (call $get_stderr
      (if (result i32) (call $get_stderr_len)
        (then (i32.add (i32.const 1024) (local.get $out)))
        (else (i32.const 1))))
    (local.get $out))
  (func (export "add_env") (param i32 i32 i32 i32) (call $add_env (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "add_stdin") (param i32 i32) (call $add_stdin (local.get 0) (local.get 1)))
  (func (export "set_prog_name") (param i32 i32) (call $set_prog_name (local.get 0) (local.get 1)))
  (func (export "get_stdout") (param i32) (call $get_stdout (local.get 0)))
  (func (export "exit_code") (result i32) (call $get_exit_code))
  (func (export "stderr_len") (result i32) (call $get_stderr_len)))"#,
        imports = imports(module, "")
    )
}

fn linker(engine: &Engine) -> Linker<Host> {
    let mut linker = Linker::new(engine);
    add_to_linker(&mut linker, |host: &mut Host| &mut host.process).unwrap();
    linker
}

/// A store under `policy` with an instance of `wat`.
fn instance(wat: &str, policy: ProcessPolicy) -> (Store<Host>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(
        &engine,
        Host {
            calls: 0,
            process: ProcessState::new(policy),
        },
    );
    let instance = linker(&engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

fn allowing(commands: &[&str]) -> ProcessPolicy {
    let mut builder = ProcessPolicy::builder();
    builder.allow_commands(commands);
    builder.build().unwrap()
}

fn memory(store: &mut Store<Host>, instance: &Instance) -> capvm_core::Memory {
    instance.get_memory(&mut *store, "memory").unwrap()
}

fn write(store: &mut Store<Host>, instance: &Instance, at: usize, bytes: &[u8]) {
    let mem = memory(store, instance);
    mem.data_mut(&mut *store)[at..at + bytes.len()].copy_from_slice(bytes);
}

/// Runs `name arg` through the guest's `run_cmd` and returns (status, stdout, stderr) as the guest fetched them.
fn run_cmd(
    store: &mut Store<Host>,
    instance: &Instance,
    name: &[u8],
    arg: &[u8],
) -> (i32, Vec<u8>, Vec<u8>) {
    write(store, instance, 0, name);
    write(store, instance, 32, arg);
    let len = |b: &[u8]| i32::try_from(b.len()).unwrap();
    let run = instance
        .get_typed_func::<(i32, i32, i32, i32), i32>(&mut *store, "run_cmd")
        .unwrap();
    let status = run.call(&mut *store, (0, len(name), 32, len(arg))).unwrap();
    let fetch = instance
        .get_typed_func::<(), i32>(&mut *store, "fetch")
        .unwrap();
    let out_len = usize::try_from(fetch.call(&mut *store, ()).unwrap()).unwrap();
    let err_len = store.data().process.stderr().len();
    let mem = memory(store, instance);
    let data = mem.data(&*store);
    let stdout = data[1024..1024 + out_len].to_vec();
    let stderr = data[1024 + out_len..1024 + out_len + err_len].to_vec();
    (status, stdout, stderr)
}

/// The crate error behind a host error, which must be a trap.
fn trap(err: &capvm_core::Error) -> &Error {
    let inner = err
        .downcast_ref::<Error>()
        .unwrap_or_else(|| panic!("not a process error: {err}"));
    assert!(inner.is_trap(), "{inner}");
    inner
}

#[test]
fn all_22_imports_link_with_the_exact_signatures() {
    let wat = format!(
        "(module {} {} (memory (export \"memory\") 1))",
        imports("wasmedge_process", "we_"),
        imports("ssvm_process", "ss_")
    );
    let (store, _instance) = instance(&wat, ProcessPolicy::default());
    assert_eq!(store.data().process.exit_code(), 0);

    // A signature that differs from the ABI's is refused at link time.
    let engine = Engine::default();
    for bad in [
        r#"(import "wasmedge_process" "wasmedge_process_run" (func (param i32) (result i32)))"#,
        r#"(import "ssvm_process" "ssvm_process_get_stdout_len" (func (result i64)))"#,
        r#"(import "wasmedge_process" "wasmedge_process_set_timeout" (func (param i32) (result i32)))"#,
    ] {
        let module = Module::new(&engine, format!("(module {bad})")).unwrap();
        let mut store = Store::new(
            &engine,
            Host {
                calls: 0,
                process: ProcessState::new(ProcessPolicy::default()),
            },
        );
        let err = linker(&engine)
            .instantiate(&mut store, &module)
            .unwrap_err();
        assert!(
            err.to_string().contains("incompatible import type"),
            "{bad}: {err}"
        );
    }
    // Names outside the ABI are not defined.
    let module = Module::new(
        &engine,
        r#"(module (import "wasmedge_process" "wasmedge_process_set_arg" (func (param i32 i32))))"#,
    )
    .unwrap();
    let mut store = Store::new(
        &engine,
        Host {
            calls: 0,
            process: ProcessState::new(ProcessPolicy::default()),
        },
    );
    let err = linker(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(err.to_string().contains("unknown import"), "{err}");
}

#[test]
fn a_second_registration_is_refused_without_shadowing() {
    let engine = Engine::default();
    let mut linker = linker(&engine);
    let err = add_to_linker(&mut linker, |host: &mut Host| &mut host.process).unwrap_err();
    assert!(err.to_string().contains("wasmedge_process"), "{err}");
}

#[test]
fn both_modules_run_commands_end_to_end() {
    require!("echo");
    for module in abi::MODULES {
        let (mut store, instance) = instance(&guest_wat(module), allowing(&["echo"]));
        let (status, stdout, stderr) = run_cmd(&mut store, &instance, b"echo", b"$(id) ; x");
        assert_eq!(status, 0, "{module}: {}", text(&stderr));
        assert_eq!(text(&stdout), "$(id) ; x\n", "{module}");
        assert!(stderr.is_empty(), "{module}: {}", text(&stderr));
        let code = instance
            .get_typed_func::<(), i32>(&mut store, "exit_code")
            .unwrap();
        assert_eq!(code.call(&mut store, ()).unwrap(), 0);
        // The host state is the store's: the projection reached the right field.
        assert_eq!(store.data().process.stdout(), b"$(id) ; x\n");
        assert_eq!(store.data().calls, 0);
    }
}

#[test]
fn a_refusal_reads_minus_one_with_the_upstream_message() {
    for module in abi::MODULES {
        let (mut store, instance) = instance(&guest_wat(module), allowing(&[]));
        let (status, stdout, stderr) = run_cmd(&mut store, &instance, b"c++", b"");
        assert_eq!(status, -1, "{module}");
        assert!(stdout.is_empty());
        assert_eq!(stderr, denial(b"c++"), "{module}: {}", text(&stderr));
        let code = instance
            .get_typed_func::<(), i32>(&mut store, "exit_code")
            .unwrap();
        assert_eq!(code.call(&mut store, ()).unwrap(), -1);
    }
}

#[test]
fn empty_buffers_with_pointer_1_never_trap() {
    require!("true");
    let (mut store, instance) = instance(&guest_wat(abi::WASMEDGE_MODULE), allowing(&["true"]));
    // run_cmd passes add_stdin(1, 0); fetch passes get_stdout(1) and get_stderr(1) for the empty outputs.
    let (status, stdout, stderr) = run_cmd(&mut store, &instance, b"true", b"");
    assert_eq!(status, 0, "{}", text(&stderr));
    assert!(stdout.is_empty() && stderr.is_empty());
    // Any pointer, even past the end of memory, for an empty range.
    let add_stdin = instance
        .get_typed_func::<(i32, i32), ()>(&mut store, "add_stdin")
        .unwrap();
    let get_stdout = instance
        .get_typed_func::<i32, ()>(&mut store, "get_stdout")
        .unwrap();
    for ptr in [1, 65_536, 1 << 20, -1] {
        add_stdin.call(&mut store, (ptr, 0)).unwrap();
        get_stdout.call(&mut store, ptr).unwrap();
    }
}

#[test]
fn bad_ranges_trap_with_a_clear_message() {
    require!("echo");
    let (mut store, instance) = instance(&guest_wat(abi::WASMEDGE_MODULE), allowing(&["echo"]));
    let set_prog_name = instance
        .get_typed_func::<(i32, i32), ()>(&mut store, "set_prog_name")
        .unwrap();
    let err = set_prog_name.call(&mut store, (65_534, 4)).unwrap_err();
    let inner = trap(&err);
    assert!(
        matches!(
            inner,
            Error::OutOfBounds {
                func: "set_prog_name",
                ptr: 65_534,
                len: 4,
                memory_len: 65_536
            }
        ),
        "{inner}"
    );
    assert_eq!(
        err.to_string(),
        "process function `set_prog_name`: guest range at 0xfffe of 4 bytes is outside the 65536-byte memory"
    );
    assert!(
        err.backtrace().is_some(),
        "a host error during execution carries the wasm backtrace"
    );
    assert!(
        store.data().process.prog_name().is_empty(),
        "nothing was stored"
    );

    let add_env = instance
        .get_typed_func::<(i32, i32, i32, i32), ()>(&mut store, "add_env")
        .unwrap();
    let err = add_env.call(&mut store, (0, 1, -1, 2)).unwrap_err();
    assert!(matches!(
        trap(&err),
        Error::OutOfBounds {
            func: "add_env",
            ..
        }
    ));

    // A non-empty stdout must fit where the guest asks for it.
    let (status, stdout, _) = run_cmd(&mut store, &instance, b"echo", b"hello");
    assert_eq!((status, stdout.as_slice()), (0, &b"hello\n"[..]));
    let get_stdout = instance
        .get_typed_func::<i32, ()>(&mut store, "get_stdout")
        .unwrap();
    let err = get_stdout.call(&mut store, 65_536 - 5).unwrap_err();
    assert!(matches!(
        trap(&err),
        Error::OutOfBounds {
            func: "get_stdout",
            len: 6,
            ..
        }
    ));
    get_stdout.call(&mut store, 65_536 - 6).unwrap();
    let mem = memory(&mut store, &instance);
    assert_eq!(&mem.data(&store)[65_530..], b"hello\n");
}

#[test]
fn a_memory_less_caller_traps_in_every_memory_function() {
    // One module without memory per memory-touching function; the others must work without memory.
    let calls = [
        (
            "set_prog_name",
            "(call $set_prog_name (i32.const 0) (i32.const 0))",
        ),
        ("add_arg", "(call $add_arg (i32.const 0) (i32.const 0))"),
        (
            "add_env",
            "(call $add_env (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))",
        ),
        ("add_stdin", "(call $add_stdin (i32.const 1) (i32.const 0))"),
        ("get_stdout", "(call $get_stdout (i32.const 1))"),
        ("get_stderr", "(call $get_stderr (i32.const 1))"),
    ];
    for module in abi::MODULES {
        for (function, call) in calls {
            let wat = format!(
                "(module {} (func (export \"go\") {call}))",
                imports(module, "")
            );
            let (mut store, instance) = instance(&wat, ProcessPolicy::default());
            let go = instance.get_typed_func::<(), ()>(&mut store, "go").unwrap();
            let err = go.call(&mut store, ()).unwrap_err();
            assert!(
                matches!(trap(&err), Error::MissingMemory { func } if *func == function),
                "{module} {function}: {err}"
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "process function `{function}`: the calling instance exports no memory named \"memory\""
                )
            );
        }
        // The memory-free functions work; a refused run still reads -1 and its message length.
        let wat = format!(
            r#"(module {}
                (func (export "go") (result i32 i32 i32 i32)
                  (call $set_timeout (i32.const 100))
                  (call $run)
                  (call $get_exit_code)
                  (call $get_stdout_len)
                  (call $get_stderr_len)))"#,
            imports(module, "")
        );
        let (mut store, instance) = instance(&wat, ProcessPolicy::default());
        let go = instance
            .get_typed_func::<(), (i32, i32, i32, i32)>(&mut store, "go")
            .unwrap();
        let (status, code, out_len, err_len) = go.call(&mut store, ()).unwrap();
        assert_eq!((status, code, out_len), (-1, -1, 0));
        assert_eq!(usize::try_from(err_len).unwrap(), denial(b"").len());
    }
}

#[test]
fn a_memory_not_called_memory_does_not_count() {
    let wat = format!(
        r#"(module {}
            (memory (export "mem") 1)
            (func (export "go") (call $add_arg (i32.const 0) (i32.const 1))))"#,
        imports(abi::WASMEDGE_MODULE, "")
    );
    let (mut store, instance) = instance(&wat, ProcessPolicy::default());
    let go = instance.get_typed_func::<(), ()>(&mut store, "go").unwrap();
    let err = go.call(&mut store, ()).unwrap_err();
    assert!(matches!(
        trap(&err),
        Error::MissingMemory { func: "add_arg" }
    ));
}

#[test]
fn each_store_has_its_own_state() {
    require!("echo");
    let engine = Engine::default();
    let module = Module::new(&engine, guest_wat(abi::SSVM_MODULE)).unwrap();
    let linker = linker(&engine);
    let policy = allowing(&["echo"]);
    let mut stores: Vec<(Store<Host>, Instance)> = (0..2)
        .map(|_| {
            let mut store = Store::new(
                &engine,
                Host {
                    calls: 0,
                    process: ProcessState::new(policy.clone()),
                },
            );
            let instance = linker.instantiate(&mut store, &module).unwrap();
            (store, instance)
        })
        .collect();
    // Half-assembled commands in both stores at once: names do not mix.
    for (i, (store, instance)) in stores.iter_mut().enumerate() {
        let name = if i == 0 { &b"ec"[..] } else { &b"xx"[..] };
        write(store, instance, 100, name);
        let set_prog_name = instance
            .get_typed_func::<(i32, i32), ()>(&mut *store, "set_prog_name")
            .unwrap();
        set_prog_name.call(&mut *store, (100, 2)).unwrap();
    }
    let (store, instance) = &mut stores[0];
    let (status, stdout, _) = run_cmd(store, instance, b"ho", b"one");
    assert_eq!((status, text(&stdout).as_str()), (0, "one\n"));
    let (store, instance) = &mut stores[1];
    assert_eq!(store.data().process.prog_name(), b"xx");
    let (status, _, stderr) = run_cmd(store, instance, b"", b"");
    assert_eq!(status, -1);
    assert_eq!(stderr, denial(b"xx"));
    store.data_mut().calls += 1;
    assert_eq!(stores[0].0.data().calls, 0);
}
