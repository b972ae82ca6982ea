//! End to end: the `capvm` binary runs our own wasm32-wasip1 guests, written in Rust with std only, as a user
//! would, and the tests check what they print, what they leave on the host and how capvm exits.
//!
//! Guests (built by capvm-test-guests): `wasi-fs` (files and directories through `std::fs`), `wasi-sys` (args,
//! env, clocks, sleep, random bytes, stdio, exit codes, traps) and the `wasi-report` example. Their command lines
//! are documented at the top of their sources. `wasi-fs` prints `error errno=N` for a failed single operation,
//! where N is the WASI errno: 63 is `perm` (the sandbox refused), 44 `noent`, 55 `notempty`, 20 `exist`.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

const CAPVM: &str = env!("CARGO_BIN_EXE_capvm");

/// A host variable set in capvm's own environment; it must reach the guest only when asked for.
const SECRET_KEY: &str = "CAPVM_WASI_TEST_SECRET";
const SECRET_VALUE: &str = "s3cret-value";

fn guest(name: &str) -> PathBuf {
    capvm_test_guests::path(name)
}

/// `capvm run FLAGS GUEST ARGS` with `stdin`, to completion. capvm's own environment holds [`SECRET_KEY`].
fn run_with_stdin<S: AsRef<OsStr>>(
    flags: &[S],
    guest_name: &str,
    args: &[S],
    stdin: &[u8],
) -> Output {
    let mut child = Command::new(CAPVM)
        .arg("run")
        .args(flags)
        .arg(guest(guest_name))
        .args(args)
        .env(SECRET_KEY, SECRET_VALUE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start capvm");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    pipe.write_all(stdin).expect("write capvm's stdin");
    drop(pipe);
    child.wait_with_output().expect("wait for capvm")
}

fn run<S: AsRef<OsStr>>(flags: &[S], guest_name: &str, args: &[S]) -> Output {
    run_with_stdin(flags, guest_name, args, b"")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts a clean exit with status 0 and returns stdout.
fn ok_stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "capvm failed: {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// `--dir HOST::GUEST` (or with `:readonly`).
fn dir_flag(host: &Path, guest: &str, read_only: bool) -> String {
    let suffix = if read_only { ":readonly" } else { "" };
    format!("{}::{guest}{suffix}", host.display())
}

/// Runs one `wasi-fs` operation with the given `--dir` flags and returns its single line of output.
fn fs_op(dirs: &[String], args: &[&str]) -> String {
    let mut flags = Vec::new();
    for dir in dirs {
        flags.push("--dir".to_string());
        flags.push(dir.clone());
    }
    let args: Vec<String> = args.iter().map(|a| (*a).to_string()).collect();
    ok_stdout(&run(&flags, "wasi-fs", &args))
        .trim_end()
        .to_string()
}

/// Every path under `dir` (relative, sorted), to check that the host tree is unchanged.
fn host_tree(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("list a host directory") {
            let path = entry.expect("read a host entry").path();
            let relative = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .display()
                .to_string();
            let meta = std::fs::symlink_metadata(&path).expect("stat a host entry");
            if meta.is_dir() {
                out.push(format!("{relative}/"));
                walk(base, &path, out);
            } else {
                out.push(relative);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn files_create_read_write_append_seek_truncate_rename_remove() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = dir_flag(tmp.path(), "/data", false);
    let out = run(&["--dir", dir.as_str()], "wasi-fs", &["files", "/data"]);
    let expected = "\
create+read: \"hello\\n\"
append: \"hello\\nworld\\n\"
seek-start: 6
read-at-6: \"world\"
seek-end: 9
seek-current: 7
position: 7
overwrite: \"HELLO\\nworld\\n\"
write-past-end: \"HELLO\\nworld\\n\\0\\0!\"
truncate: \"HELLO\"
len: 5
renamed-old-exists: false
renamed-new: \"HELLO\"
removed-exists: false
open-removed: \"errno=44\"
done: true
";
    assert_eq!(ok_stdout(&out), expected);
    // The guest's work is visible on the host, in the granted directory only.
    assert_eq!(host_tree(tmp.path()), ["kept.txt"]);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("kept.txt")).unwrap(),
        "kept by wasi-fs\n"
    );
}

#[test]
fn nested_directories_create_list_move_remove() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = dir_flag(tmp.path(), "/work", false);
    let out = run(&["--dir", dir.as_str()], "wasi-fs", &["tree", "/work"]);
    let expected = "\
entry: a/
entry: a/b/
entry: a/b/c/
entry: a/b/c/deep.txt 4
entry: a/one.txt 2
entry: d/
entry: d/other.txt 3
entry: top.txt 1
rmdir-nonempty: \"errno=55\"
mkdir-existing: \"errno=20\"
after-move: [\"a/\", \"a/one.txt 2\", \"d/\", \"d/moved/\", \"d/moved/c/\", \"d/moved/c/deep.txt 4\", \"d/other.txt 3\", \"top.txt 1\"]
after-remove: [\"d/\", \"d/moved/\", \"d/other.txt 3\", \"top.txt 1\"]
tree-exists: false
";
    assert_eq!(ok_stdout(&out), expected);
    assert!(
        host_tree(tmp.path()).is_empty(),
        "the guest removed its whole tree"
    );
}

#[test]
fn host_files_and_directories_are_listed_and_read() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("sub/inner")).unwrap();
    std::fs::write(tmp.path().join("one.txt"), "1\n").unwrap();
    std::fs::write(tmp.path().join("sub/two.txt"), "22\n").unwrap();
    std::fs::write(tmp.path().join("sub/inner/three.txt"), "333\n").unwrap();
    let dirs = [dir_flag(tmp.path(), "/data", false)];
    assert_eq!(
        fs_op(&dirs, &["ls", "/data"]),
        format!(
            "one.txt file 2\nsub dir {}",
            dir_len(&tmp.path().join("sub"))
        )
    );
    assert_eq!(
        fs_op(&dirs, &["ls", "/data/sub"]),
        format!(
            "inner dir {}\ntwo.txt file 3",
            dir_len(&tmp.path().join("sub/inner"))
        )
    );
    assert_eq!(fs_op(&dirs, &["cat", "/data/sub/inner/three.txt"]), "333");
    assert_eq!(fs_op(&dirs, &["stat", "/data/sub/two.txt"]), "file 3");
    assert_eq!(
        fs_op(&dirs, &["cat", "/data/missing.txt"]),
        "error errno=44"
    );

    // Written by the guest, read by the host, and back.
    assert_eq!(
        fs_op(&dirs, &["write", "/data/sub/new.txt", "from the guest"]),
        "ok"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("sub/new.txt")).unwrap(),
        "from the guest"
    );
    assert_eq!(
        fs_op(&dirs, &["append", "/data/sub/new.txt", ", appended"]),
        "ok"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("sub/new.txt")).unwrap(),
        "from the guest, appended"
    );
    assert_eq!(fs_op(&dirs, &["mkdir", "/data/sub/made"]), "ok");
    assert!(tmp.path().join("sub/made").is_dir());
    assert_eq!(fs_op(&dirs, &["rmdir", "/data/sub"]), "error errno=55");
    assert_eq!(
        fs_op(
            &dirs,
            &["rename", "/data/one.txt", "/data/sub/made/one.txt"]
        ),
        "ok"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("sub/made/one.txt")).unwrap(),
        "1\n"
    );
    assert_eq!(fs_op(&dirs, &["rm", "/data/sub/made/one.txt"]), "ok");
    assert_eq!(fs_op(&dirs, &["rmdir", "/data/sub/made"]), "ok");
    assert_eq!(
        host_tree(tmp.path()),
        [
            "sub/",
            "sub/inner/",
            "sub/inner/three.txt",
            "sub/new.txt",
            "sub/two.txt"
        ]
    );
}

/// The size a host directory reports (it differs between filesystems).
fn dir_len(dir: &Path) -> u64 {
    std::fs::metadata(dir).unwrap().len()
}

#[test]
fn read_only_dir_refuses_every_write_seen_from_the_guest() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    std::fs::write(tmp.path().join("pub.txt"), "public\n").unwrap();
    let before = host_tree(tmp.path());
    // The wasmtime form and the WasmEdge form (`GUEST:HOST:readonly`) of a read-only grant.
    for dirs in [
        [dir_flag(tmp.path(), "/data", true)],
        [format!("/data:{}:readonly", tmp.path().display())],
    ] {
        assert_eq!(fs_op(&dirs, &["cat", "/data/pub.txt"]), "public");
        assert_eq!(fs_op(&dirs, &["ls", "/data"]).lines().count(), 2);
        for op in [
            &["write", "/data/new.txt", "x"][..],
            &["write", "/data/pub.txt", "overwritten"],
            &["append", "/data/pub.txt", "more"],
            &["mkdir", "/data/newdir"],
            &["rmdir", "/data/sub"],
            &["rm", "/data/pub.txt"],
            &["rename", "/data/pub.txt", "/data/renamed.txt"],
            &["symlink", "pub.txt", "/data/link"],
        ] {
            assert_eq!(fs_op(&dirs, op), "error errno=63", "{op:?} under {dirs:?}");
        }
    }
    assert_eq!(host_tree(tmp.path()), before);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("pub.txt")).unwrap(),
        "public\n"
    );
}

#[test]
fn read_only_and_read_write_dirs_side_by_side() {
    let ro = tempfile::tempdir().unwrap();
    let rw = tempfile::tempdir().unwrap();
    std::fs::write(ro.path().join("in.txt"), "input\n").unwrap();
    let dirs = [
        dir_flag(ro.path(), "/in", true),
        dir_flag(rw.path(), "/out", false),
    ];
    // Moving out of a read-only grant needs both ends writable.
    assert_eq!(
        fs_op(&dirs, &["rename", "/in/in.txt", "/out/in.txt"]),
        "error errno=63"
    );
    assert_eq!(fs_op(&dirs, &["write", "/out/copy.txt", "input"]), "ok");
    assert_eq!(
        fs_op(&dirs, &["write", "/in/copy.txt", "input"]),
        "error errno=63"
    );
    assert_eq!(host_tree(ro.path()), ["in.txt"]);
    assert_eq!(host_tree(rw.path()), ["copy.txt"]);
}

#[test]
fn path_escapes_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "the secret\n").unwrap();
    std::fs::write(data.join("pub.txt"), "public\n").unwrap();
    std::fs::create_dir(data.join("sub")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", data.join("rel-link")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), data.join("abs-link")).unwrap();
    std::os::unix::fs::symlink("sub/../../secret.txt", data.join("sneaky-link")).unwrap();
    let dirs = [dir_flag(&data, "/data", false)];

    assert_eq!(fs_op(&dirs, &["cat", "/data/pub.txt"]), "public");
    for path in [
        "/data/../secret.txt",
        "/data/rel-link",
        "/data/abs-link",
        "/data/sneaky-link",
        "/data/./../secret.txt",
    ] {
        assert_eq!(fs_op(&dirs, &["cat", path]), "error errno=63", "cat {path}");
    }
    // Paths outside every grant do not reach the host at all.
    for path in ["/secret.txt", "../secret.txt", "secret.txt"] {
        let line = fs_op(&dirs, &["cat", path]);
        assert!(line.starts_with("error errno="), "cat {path}: {line}");
    }
    assert_eq!(fs_op(&dirs, &["ls", "/data/.."]), "error errno=63");
    assert_eq!(
        fs_op(&dirs, &["write", "/data/../escaped.txt", "x"]),
        "error errno=63"
    );
    assert_eq!(
        fs_op(&dirs, &["mkdir", "/data/../escaped-dir"]),
        "error errno=63"
    );
    assert_eq!(
        fs_op(&dirs, &["rename", "/data/pub.txt", "/data/../pub.txt"]),
        "error errno=63"
    );
    // An absolute symlink target is refused when the link is made; a relative one that climbs out is made
    // but refused when followed.
    assert_eq!(
        fs_op(&dirs, &["symlink", "/etc/passwd", "/data/abs"]),
        "error errno=63"
    );
    assert_eq!(
        fs_op(&dirs, &["symlink", "../secret.txt", "/data/climb"]),
        "ok"
    );
    assert_eq!(fs_op(&dirs, &["cat", "/data/climb"]), "error errno=63");
    assert_eq!(
        fs_op(&dirs, &["write", "/data/climb", "overwrite"]),
        "error errno=63"
    );

    assert_eq!(
        host_tree(tmp.path()),
        [
            "data/",
            "data/abs-link",
            "data/climb",
            "data/pub.txt",
            "data/rel-link",
            "data/sneaky-link",
            "data/sub/",
            "secret.txt"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("secret.txt")).unwrap(),
        "the secret\n"
    );
}

#[test]
fn no_directory_means_no_filesystem() {
    let out = run::<&str>(&[], "wasi-fs", &["ls", "/"]);
    let line = ok_stdout(&out);
    assert!(line.starts_with("error errno="), "{line}");
}

#[test]
fn args_reach_the_guest_exactly() {
    let out = run::<&str>(&[], "wasi-sys", &["args", "a", "b c", "--flag", "", "ünï"]);
    assert_eq!(
        ok_stdout(&out),
        "argc=7\nargv[0]=wasi-sys.wasm\nargv[1]=args\nargv[2]=a\nargv[3]=b c\nargv[4]=--flag\nargv[5]=\n\
         argv[6]=\\xc3\\xbcn\\xc3\\xaf\n"
    );
}

#[test]
fn env_is_only_what_was_given() {
    // Nothing leaks from capvm's own environment by default.
    let out = run::<&str>(&[], "wasi-sys", &["env"]);
    assert_eq!(ok_stdout(&out), "count=0\n");

    let out = run(
        &[
            "--env",
            "A=1",
            "--env",
            "B=two words",
            "--env",
            "EMPTY=",
            "--env",
            "EQ=x=y",
        ],
        "wasi-sys",
        &["env"],
    );
    assert_eq!(
        ok_stdout(&out),
        "A=1\nB=two words\nEMPTY=\nEQ=x=y\ncount=4\n"
    );

    // `--env KEY` passes the host's value of that one variable.
    let out = run(&["--env", SECRET_KEY], "wasi-sys", &["env"]);
    assert_eq!(
        ok_stdout(&out),
        format!("{SECRET_KEY}={SECRET_VALUE}\ncount=1\n")
    );

    // `--inherit-env` passes everything.
    let out = run(&["--inherit-env"], "wasi-sys", &["env"]);
    let stdout = ok_stdout(&out);
    assert!(
        stdout.contains(&format!("\n{SECRET_KEY}={SECRET_VALUE}\n")),
        "{stdout}"
    );
    assert!(stdout.lines().count() > 2, "{stdout}");

    // A host variable that does not exist is a set-up error, not an empty value.
    let out = run(
        &["--env", "CAPVM_WASI_TEST_UNSET_VARIABLE"],
        "wasi-sys",
        &["env"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("CAPVM_WASI_TEST_UNSET_VARIABLE"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn clocks_are_sane_and_monotonic() {
    let out = run::<&str>(&[], "wasi-sys", &["time"]);
    let stdout = ok_stdout(&out);
    let host_now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let guest_now: u64 = value(&stdout, "realtime_s").parse().unwrap();
    assert!(
        guest_now.abs_diff(host_now) < 300,
        "guest {guest_now}, host {host_now}"
    );
    assert_eq!(value(&stdout, "monotonic_samples"), "10000");
    assert_eq!(value(&stdout, "monotonic_backwards"), "0");
    assert_eq!(value(&stdout, "monotonic_advanced"), "true");
}

/// The value of `key=value` in `output`.
fn value<'a>(output: &'a str, key: &str) -> &'a str {
    output
        .lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key}= in:\n{output}"))
}

#[test]
fn sleep_lasts_as_long_as_asked() {
    let start = Instant::now();
    let out = run::<&str>(&[], "wasi-sys", &["sleep", "300"]);
    let wall = start.elapsed();
    let slept: u64 = value(&ok_stdout(&out), "slept_ms").parse().unwrap();
    assert!(slept >= 300, "the guest measured {slept} ms");
    assert!(slept < 300 + 2_000, "the guest measured {slept} ms");
    assert!(
        wall >= Duration::from_millis(300),
        "capvm returned after {wall:?}"
    );
}

#[test]
fn random_bytes_are_random() {
    let first = ok_stdout(&run::<&str>(&[], "wasi-sys", &["random", "64"]));
    let second = ok_stdout(&run::<&str>(&[], "wasi-sys", &["random", "64"]));
    assert_eq!(value(&first, "len"), "64");
    let (a, b) = (value(&first, "head"), value(&second, "head"));
    assert_eq!(a.len(), 64, "32 bytes in hex");
    assert_ne!(a, b, "two runs drew the same bytes");
    assert_ne!(a, "0".repeat(64));
    // A megabyte from random_get uses every byte value.
    let big = ok_stdout(&run::<&str>(&[], "wasi-sys", &["random", "1000000"]));
    assert_eq!(value(&big, "len"), "1000000");
    assert_eq!(value(&big, "distinct"), "256");
}

#[test]
fn stdio_is_inherited() {
    let out = run_with_stdin::<&str>(&[], "wasi-sys", &["cat"], b"hello\nworld");
    assert_eq!(ok_stdout(&out), "hello\nworld");
    assert_eq!(text(&out.stderr), "read 11 bytes\n");
}

#[test]
fn proc_exit_status_is_the_process_exit_status() {
    for status in [0, 1, 3, 42, 125, 126, 200, 255] {
        let out = run::<&str>(&[], "wasi-sys", &["exit", &status.to_string()]);
        assert_eq!(out.status.code(), Some(status), "exit {status}");
        assert!(
            out.stderr.is_empty(),
            "exit {status}: {}",
            text(&out.stderr)
        );
    }
    // A status a process cannot report fails rather than wrapping around to 0.
    let out = run::<&str>(&[], "wasi-sys", &["exit", "256"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("exited with status 256"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn trap_reports_message_and_named_frames() {
    let out = run::<&str>(&[], "wasi-sys", &["trap"]);
    assert!(!out.status.success());
    assert_eq!(out.status.code(), Some(134));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("wasm trap: unreachable"), "{stderr}");
    assert!(stderr.contains("wasm backtrace:"), "{stderr}");
    // Innermost first, with the names from the guest's name section.
    let inner = stderr
        .find("capvm_guest_trap_inner")
        .expect("inner frame named");
    let outer = stderr
        .find("capvm_guest_trap_outer")
        .expect("outer frame named");
    let start = stderr.find("!_start").expect("_start frame named");
    assert!(inner < outer && outer < start, "{stderr}");
}

#[test]
fn panic_message_then_trap() {
    let out = run::<&str>(&[], "wasi-sys", &["panic"]);
    assert_eq!(out.status.code(), Some(134));
    let stderr = text(&out.stderr);
    let message = stderr
        .find("wasi-sys was asked to panic")
        .expect("the guest's panic message");
    let trap = stderr.find("wasm trap: unreachable").expect("the trap");
    assert!(message < trap, "{stderr}");
}

/// The report `wasi-report` prints for examples/data/capabilities.txt read as `/data/capabilities.txt`.
const EXPECTED_REPORT: &str = "\
report on /data/capabilities.txt
  bytes:         1138
  characters:    1138
  lines:         21 (4 blank)
  words:         213 (117 distinct)
  average word:  4.2 letters
  longest line:  line 5 (72 characters)
  most frequent words:
      17  the
      11  a
       8  and
       7  is
       6  that
       6  to
       5  it
       5  program
";

/// A scratch copy of examples/data.
fn example_data() -> tempfile::TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        // Reports left behind by running the demo are outputs, not inputs.
        let is_report = entry.file_name().to_string_lossy().ends_with(".report.txt");
        if entry.file_type().unwrap().is_file() && !is_report {
            std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
        }
    }
    tmp
}

#[test]
fn example_report_is_printed_and_written() {
    let data = example_data();
    let dir = dir_flag(data.path(), "/data", false);
    let out = run(
        &["--dir", dir.as_str()],
        "wasi-report",
        &["/data/capabilities.txt"],
    );
    assert_eq!(
        ok_stdout(&out),
        format!("{EXPECTED_REPORT}report written to /data/capabilities.txt.report.txt\n")
    );
    assert_eq!(
        std::fs::read_to_string(data.path().join("capabilities.txt.report.txt")).unwrap(),
        EXPECTED_REPORT
    );
}

#[test]
fn committed_example_binary_produces_the_expected_report() {
    // examples/wasm/wasi-report.wasm is what the README demo runs; rebuild it with scripts/build-examples when
    // examples/wasi-report changes.
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/wasm/wasi-report.wasm");
    let data = example_data();
    let out = Command::new(CAPVM)
        .arg("run")
        .arg("--dir")
        .arg(format!("{}::/data", data.path().display()))
        .arg(&committed)
        .arg("/data/capabilities.txt")
        .arg("/data/out.txt")
        .stdin(Stdio::null())
        .output()
        .expect("run capvm");
    assert_eq!(
        ok_stdout(&out),
        format!("{EXPECTED_REPORT}report written to /data/out.txt\n")
    );
    assert_eq!(
        std::fs::read_to_string(data.path().join("out.txt")).unwrap(),
        EXPECTED_REPORT
    );
}

#[test]
fn example_report_under_a_read_only_dir_prints_but_cannot_write() {
    let data = example_data();
    let dir = dir_flag(data.path(), "/data", true);
    let out = run(
        &["--dir", dir.as_str()],
        "wasi-report",
        &["/data/capabilities.txt"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), EXPECTED_REPORT);
    assert!(
        text(&out.stderr).contains("cannot write /data/capabilities.txt.report.txt"),
        "{}",
        text(&out.stderr)
    );
    assert!(!data.path().join("capabilities.txt.report.txt").exists());
    // And it cannot read what it was not given.
    let out = run(
        &["--dir", dir.as_str()],
        "wasi-report",
        &["/data/../../etc/hostname"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn everything_after_the_module_belongs_to_the_guest() {
    // capvm's own flags, help included, are the guest's arguments once the module is named (as in wasmtime).
    let out = run(
        &["--env", "KEEP=1"],
        "wasi-sys",
        &[
            "args", "--help", "-h", "--dir", "/", "--env", "X=1", "--invoke", "f", "--", "-c",
        ],
    );
    assert_eq!(
        ok_stdout(&out),
        "argc=12\nargv[0]=wasi-sys.wasm\nargv[1]=args\nargv[2]=--help\nargv[3]=-h\nargv[4]=--dir\nargv[5]=/\n\
         argv[6]=--env\nargv[7]=X=1\nargv[8]=--invoke\nargv[9]=f\nargv[10]=--\nargv[11]=-c\n"
    );
}

#[test]
fn argv0_can_be_chosen() {
    let out = run(&["--argv0", "python3"], "wasi-sys", &["args", "x"]);
    assert_eq!(
        ok_stdout(&out),
        "argc=3\nargv[0]=python3\nargv[1]=args\nargv[2]=x\n"
    );
}
