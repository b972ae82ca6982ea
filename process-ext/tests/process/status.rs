//! Status values: exit codes as signed bytes, signals, exec failures, timeouts.

use capvm_process::ProcessPolicy;

use crate::{Guest, guest, require, text};

#[test]
fn exit_255_reads_minus_1_and_200_reads_minus_56() {
    require!("sh");
    let mut g = guest(&["sh"]);
    assert_eq!(g.run(b"sh", &[b"-c", b"exit 255"]), -1);
    assert!(
        g.stderr().is_empty(),
        "a plain exit adds no note: {}",
        text(&g.stderr())
    );
    assert_eq!(g.run(b"sh", &[b"-c", b"exit 200"]), -56);
    assert_eq!(g.run(b"sh", &[b"-c", b"exit 127"]), 127);
    assert_eq!(g.run(b"sh", &[b"-c", b"exit 128"]), -128);
}

#[test]
fn death_by_signal_reads_128_plus_n_with_a_note() {
    require!("sh");
    let mut g = guest(&["sh"]);
    let status = g.run(b"sh", &[b"-c", b"kill -SEGV $$"]);
    assert_eq!(status, i32::from(i8::from_le_bytes([128 + 11])));
    assert_eq!(status, -117);
    let err = text(&g.stderr());
    assert!(
        err.ends_with("capvm-process: `sh` was killed by signal 11 (SIGSEGV)\n"),
        "{err}"
    );

    assert_eq!(g.run(b"sh", &[b"-c", b"kill -KILL $$"]), -119);
    assert!(text(&g.stderr()).contains("signal 9 (SIGKILL)"));
}

#[test]
fn exec_failure_reads_minus_1_with_a_note() {
    let mut g = guest(&["/nonexistent/capvm-tool"]);
    assert_eq!(g.run(b"/nonexistent/capvm-tool", &[]), -1);
    let err = text(&g.stderr());
    assert!(
        err.starts_with("capvm-process: cannot execute `/nonexistent/capvm-tool`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let dir = tempfile::tempdir().unwrap();
    let mut all = Guest::new(
        ProcessPolicy::builder()
            .allow_all_commands(true)
            .search_path(dir.path().as_os_str().to_os_string())
            .build()
            .unwrap(),
    );
    assert_eq!(all.run(b"capvm-no-such-tool", &[]), -1);
    assert_eq!(
        text(&all.stderr()),
        "capvm-process: cannot execute `capvm-no-such-tool`: no such executable in the host PATH\n"
    );
}

#[test]
fn not_executable_file_is_an_exec_failure() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("data");
    std::fs::write(&plain, "not a program").unwrap();
    let name = plain.to_str().unwrap();
    let mut g = guest(&[name]);
    assert_eq!(g.run(name.as_bytes(), &[]), -1);
    assert!(
        text(&g.stderr()).contains("Permission denied (os error 13)"),
        "{}",
        text(&g.stderr())
    );
}

#[test]
fn timeout_reads_110_keeps_partial_output_and_notes_it() {
    require!("sh", "sleep");
    let mut g = guest(&["sh", "sleep"]);
    capvm_process::abi::set_timeout(&mut g.state, 300);
    let status = g.run(
        b"sh",
        &[b"-c", b"echo before; echo oops >&2; sleep 5; echo after"],
    );
    assert_eq!(status, 110);
    assert_eq!(g.stdout(), b"before\n");
    assert_eq!(
        text(&g.stderr()),
        "oops\ncapvm-process: `sh` timed out after 300 ms: command killed\n"
    );
}
