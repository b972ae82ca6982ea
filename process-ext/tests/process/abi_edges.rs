//! ABI edge cases: empty buffers, bad pointers, resets, accumulation.

use capvm_process::{Error, ProcessPolicy, abi};

use crate::{Guest, guest, require, text};

#[test]
fn empty_buffers_never_trap_whatever_the_pointer() {
    require!("sh");
    let mut g = guest(&["sh"]);
    let end = i32::try_from(g.memory.len()).unwrap();
    for ptr in [1, end, end + 100, -1] {
        abi::add_stdin(&mut g.state, Some(&g.memory), ptr, 0).unwrap();
        abi::add_arg(&mut g.state, Some(&g.memory), ptr, 0).unwrap();
    }
    assert_eq!(g.state.args().len(), 4, "four empty arguments");
    g.state.run(); // refused or not, it produced outputs we drop
    // A command with no output at all.
    assert_eq!(g.run(b"sh", &[b"-c", b"true"]), 0);
    assert_eq!(abi::get_stdout_len(&g.state), 0);
    assert_eq!(abi::get_stderr_len(&g.state), 0);
    for ptr in [1, end, end + 100, -1] {
        abi::get_stdout(&g.state, Some(&mut g.memory), ptr).unwrap();
        abi::get_stderr(&g.state, Some(&mut g.memory), ptr).unwrap();
    }
}

#[test]
fn out_of_bounds_ranges_trap_with_context() {
    let mut g = Guest::new(ProcessPolicy::default());
    let end = i32::try_from(g.memory.len()).unwrap();
    let err = abi::set_prog_name(&mut g.state, Some(&g.memory), end - 2, 4).unwrap_err();
    assert!(
        matches!(
            err,
            Error::OutOfBounds {
                func: "set_prog_name",
                len: 4,
                memory_len: 65536,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.is_trap());
    assert!(
        abi::add_arg(&mut g.state, Some(&g.memory), -1, 1)
            .unwrap_err()
            .is_trap()
    );
    assert!(
        abi::add_arg(&mut g.state, Some(&g.memory), 0, -1)
            .unwrap_err()
            .is_trap()
    );
    assert!(
        abi::add_env(&mut g.state, Some(&g.memory), 0, 1, end, 1)
            .unwrap_err()
            .is_trap()
    );
    assert!(
        abi::add_env(&mut g.state, Some(&g.memory), end, 1, 0, 1)
            .unwrap_err()
            .is_trap()
    );
    assert!(
        abi::add_stdin(&mut g.state, Some(&g.memory), end, 1)
            .unwrap_err()
            .is_trap()
    );
    assert!(
        g.state.prog_name().is_empty() && g.state.args().is_empty() && g.state.stdin().is_empty()
    );

    // A denied run leaves a non-empty stderr; fetching it past the end traps and writes nothing.
    assert_eq!(g.run(b"nope", &[]), -1);
    let len = abi::get_stderr_len(&g.state);
    let before = g.memory.clone();
    let err = abi::get_stderr(&g.state, Some(&mut g.memory), end - len + 1).unwrap_err();
    assert!(
        matches!(
            err,
            Error::OutOfBounds {
                func: "get_stderr",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        g.memory, before,
        "a trapping copy must not write a partial buffer"
    );
    abi::get_stderr(&g.state, Some(&mut g.memory), end - len).unwrap();
}

#[test]
fn outputs_can_be_fetched_again_until_the_next_run() {
    require!("echo");
    let mut g = guest(&["echo"]);
    assert_eq!(g.run(b"echo", &[b"again"]), 0);
    assert_eq!(g.stdout(), b"again\n");
    assert_eq!(g.stdout(), b"again\n");
    assert_eq!(abi::get_exit_code(&g.state), 0);
    assert_eq!(g.run(b"echo", &[b"next"]), 0);
    assert_eq!(g.stdout(), b"next\n");
}

#[test]
fn set_prog_name_appends() {
    require!("echo");
    let mut g = guest(&["echo"]);
    g.name(b"ec");
    g.name(b"ho");
    g.arg(b"joined");
    assert_eq!(abi::run(&mut g.state), 0);
    assert_eq!(g.stdout(), b"joined\n");
}

#[test]
fn duplicated_env_key_keeps_the_first_value() {
    require!("env");
    let mut g = guest(&["env"]);
    g.env(b"KEY", b"first");
    g.env(b"KEY", b"second");
    assert_eq!(g.run(b"env", &[]), 0);
    assert_eq!(text(&g.stdout()), "KEY=first\n");
}

#[test]
fn inputs_reset_after_success() {
    require!("echo", "env");
    let mut g = guest(&["echo", "env"]);
    g.env(b"A", b"1");
    abi::set_timeout(&mut g.state, 1234);
    g.memory[60_000..60_002].copy_from_slice(b"in");
    abi::add_stdin(&mut g.state, Some(&g.memory), 60_000, 2).unwrap();
    assert_eq!(g.run(b"echo", &[b"x"]), 0);
    assert!(g.state.prog_name().is_empty());
    assert!(g.state.args().is_empty());
    assert_eq!(g.state.env().count(), 0);
    assert!(g.state.stdin().is_empty());
    assert_eq!(g.state.timeout_ms(), 10_000);
    // The next run really starts from nothing: no leftover name, argument or variable.
    assert_eq!(g.run(b"env", &[]), 0);
    assert_eq!(g.stdout(), b"");
}

#[test]
fn inputs_reset_after_refusal() {
    require!("echo");
    let mut g = guest(&["echo"]);
    g.env(b"A", b"1");
    abi::set_timeout(&mut g.state, 1);
    assert_eq!(g.run(b"ech", &[b"x"]), -1);
    assert!(g.state.prog_name().is_empty() && g.state.args().is_empty());
    assert_eq!(g.state.env().count(), 0);
    assert_eq!(g.state.timeout_ms(), 10_000);
    // Had the name not been reset, this would run "echecho" and be denied.
    assert_eq!(g.run(b"echo", &[b"ok"]), 0);
    assert_eq!(g.stdout(), b"ok\n");
}

#[test]
fn timeout_resets_to_the_default() {
    require!("sleep");
    let mut g = guest(&["sleep"]);
    abi::set_timeout(&mut g.state, 50);
    assert_eq!(g.run(b"sleep", &[b"1"]), 110);
    assert_eq!(g.state.timeout_ms(), 10_000);
    // The next run gets the default again: 0.2 s is well within it.
    assert_eq!(g.run(b"sleep", &[b"0.2"]), 0);
}

#[test]
fn guest_timeout_above_the_ceiling_is_clamped() {
    require!("sleep");
    let policy = ProcessPolicy::builder()
        .max_timeout_ms(200)
        .default_timeout_ms(200)
        .allow_command("sleep")
        .build();
    let mut g = Guest::new(policy.unwrap());
    abi::set_timeout(&mut g.state, -1); // u32::MAX ms
    assert_eq!(g.state.timeout_ms(), 200);
    let start = std::time::Instant::now();
    assert_eq!(g.run(b"sleep", &[b"5"]), 110);
    assert!(start.elapsed().as_millis() < 2000);
}
