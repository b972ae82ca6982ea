//! ABI check: a guest built against the published `wasmedge_process_interface` 0.2.1, unchanged (imports
//! `wasmedge_process`). Run with `--allow-command echo --allow-command cat`; every line it prints is
//! deterministic, so a test can compare the whole stdout.

use wasmedge_process_interface::{Command, Output};

fn show(label: &str, out: &Output) {
    println!(
        "{label}: status={} stdout={:?} stderr={:?}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn main() {
    // Arguments reach the program literally: no shell.
    show(
        "echo",
        &Command::new("echo")
            .arg("hello")
            .args(["$(id)", "; ls"])
            .output(),
    );
    // stdin in all three forms, fed to a program that echoes it.
    show(
        "cat",
        &Command::new("cat")
            .stdin("line 1\n")
            .stdin_u8vec(b"line 2\n")
            .stdin_u8(b'!')
            .output(),
    );
    // A command the host does not allow: status -1 and the upstream permission message.
    show(
        "denied",
        &Command::new("capvm-not-allowed").arg("x").output(),
    );
    // The same Command runs twice; the host reset its inputs in between.
    let mut again = Command::new("echo");
    again.arg("again").timeout(5_000);
    show("again-1", &again.output());
    show("again-2", &again.output());
}
