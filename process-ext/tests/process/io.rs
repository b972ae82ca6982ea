//! Pipes, limits, process groups and descriptors.

use std::fs;
use std::time::{Duration, Instant};

use capvm_process::{ProcessPolicy, ProcessState};

use crate::{Guest, allowing, guest, require, text};

/// Peak resident memory of this test process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn endless_output_is_cut_at_the_cap_promptly_with_bounded_memory() {
    require!("yes");
    let cap = 1 << 20;
    let mut state = ProcessState::new(allowing(&["yes"]).output_cap(cap).build().unwrap());
    state.set_prog_name(b"yes");
    let start = Instant::now();
    assert_eq!(state.run(), -1);
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    assert_eq!(state.stdout().len(), cap);
    assert!(state.stdout().chunks(2).all(|c| c == b"y\n"));
    assert_eq!(
        text(state.stderr()),
        "capvm-process: `yes` wrote more than 1048576 bytes to stdout: output cut at 1048576 bytes, command killed\n"
    );
    // The test binary as a whole (all tests together) stays far below what an uncapped `yes` would need.
    let peak = peak_rss_kib();
    assert!(peak < 512 * 1024, "peak RSS {peak} KiB");
}

#[test]
fn stderr_has_its_own_cap() {
    require!("sh");
    let mut state = ProcessState::new(allowing(&["sh"]).stderr_cap(10).build().unwrap());
    state.set_prog_name(b"sh");
    state.add_arg(b"-c");
    state.add_arg(b"echo fine; echo 0123456789abcdef >&2; sleep 5");
    let start = Instant::now();
    assert_eq!(state.run(), -1);
    assert!(start.elapsed() < Duration::from_secs(3));
    assert_eq!(state.stdout(), b"fine\n");
    assert_eq!(
        text(state.stderr()),
        "0123456789\ncapvm-process: `sh` wrote more than 10 bytes to stderr: output cut at 10 bytes, command killed\n"
    );
}

#[test]
fn output_exactly_at_the_cap_is_fine() {
    require!("sh");
    let mut state = ProcessState::new(allowing(&["sh"]).stdout_cap(4).build().unwrap());
    state.set_prog_name(b"sh");
    state.add_arg(b"-c");
    state.add_arg(b"printf abcd");
    assert_eq!(state.run(), 0);
    assert_eq!(state.stdout(), b"abcd");
    assert!(state.stderr().is_empty());
}

#[test]
fn stdin_to_a_child_that_never_reads_it_does_not_deadlock() {
    require!("sleep");
    let mut g = guest(&["sleep"]);
    g.state.add_stdin(&vec![b'x'; 1 << 20]);
    let start = Instant::now();
    assert_eq!(g.run(b"sleep", &[b"1"]), 0);
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    assert!(
        g.stderr().is_empty(),
        "EPIPE is not an error: {}",
        text(&g.stderr())
    );

    // The timeout still fires while the stdin feeder is blocked.
    g.state.add_stdin(&vec![b'x'; 1 << 20]);
    g.state.set_timeout(300);
    let start = Instant::now();
    assert_eq!(g.run(b"sleep", &[b"100"]), 110);
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[test]
fn large_stdin_and_stdout_flow_at_the_same_time() {
    require!("cat");
    let input: Vec<u8> = (0..8u32 << 20)
        .map(|i| u8::try_from(i % 251).unwrap())
        .collect();
    let mut state = ProcessState::new(allowing(&["cat"]).build().unwrap());
    state.set_prog_name(b"cat");
    state.add_stdin(&input);
    assert_eq!(state.run(), 0);
    assert!(
        state.stdout() == input.as_slice(),
        "cat must echo its 8 MiB stdin unchanged"
    );
    assert!(state.stderr().is_empty());
}

/// State letter and parent pid of `pid`, or `None` once it is gone.
fn proc_state(pid: u32) -> Option<(char, u32)> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let mut fields = after.split(' ');
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

#[test]
fn timeout_kills_the_whole_group_and_leaves_no_zombie() {
    require!("sh", "sleep");
    // `sleep` is allowed too: the sandbox lets `sh` execute only allowed programs.
    let mut g = guest(&["sh", "sleep"]);
    g.state.set_timeout(100);
    let start = Instant::now();
    let status = g.run(b"sh", &[b"-c", b"sleep 1000 & echo $$ $!"]);
    let elapsed = start.elapsed();
    assert_eq!(status, 110, "{}", text(&g.stderr()));
    assert!(elapsed < Duration::from_millis(700), "took {elapsed:?}");
    let out = text(&g.stdout());
    let pids: Vec<u32> = out.split_whitespace().map(|p| p.parse().unwrap()).collect();
    let [shell, sleeper] = pids[..] else {
        panic!("expected two pids, got {out:?}")
    };
    let me = std::process::id();
    // The direct child was reaped by us: gone, or (pid reused) not our child.
    if let Some((state, ppid)) = proc_state(shell) {
        assert_ne!(
            ppid, me,
            "the child {shell} is still ours, in state {state}"
        );
    }
    // The grandchild was killed: gone, or a zombie waiting for its new parent; never running. SIGKILL was sent
    // before `run` returned; on a loaded machine the kernel may take a moment to deliver it.
    let killed = Instant::now();
    while let Some((state, _)) = proc_state(sleeper) {
        if state == 'Z' {
            break;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(2),
            "the grandchild {sleeper} survived the timeout (state {state})"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn background_processes_do_not_outlive_a_run() {
    require!("sh", "sleep");
    let mut g = guest(&["sh"]);
    // The background sleep closes the pipes, so the run ends as soon as the shell exits.
    let status = g.run(
        b"sh",
        &[b"-c", b"sleep 1000 >/dev/null 2>&1 </dev/null & echo $!"],
    );
    assert_eq!(status, 0);
    let sleeper: u32 = text(&g.stdout()).trim().parse().unwrap();
    // SIGKILL was sent before `run` returned; give the kernel a moment to deliver it.
    let start = Instant::now();
    while let Some((state, _)) = proc_state(sleeper) {
        if state == 'Z' {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the background process {sleeper} survived the run"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn child_sees_only_fds_0_to_2() {
    require!("sh", "ls");
    // A descriptor the host did not mark close-on-exec (dup() clears the flag) must still not reach the child.
    let file = fs::File::open("/dev/null").unwrap();
    let leaky = rustix::io::dup(&file).unwrap();
    let flags = rustix::io::fcntl_getfd(&leaky).unwrap();
    assert!(!flags.contains(rustix::io::FdFlags::CLOEXEC));
    let policy = allowing(&["sh", "ls"]).read_path("/proc").build().unwrap();
    let mut g = Guest::new(policy);
    assert_eq!(
        g.run(b"sh", &[b"-c", b"ls /proc/$$/fd"]),
        0,
        "{}",
        text(&g.stderr())
    );
    assert_eq!(text(&g.stdout()), "0\n1\n2\n");
    drop(leaky);
}

#[test]
fn many_states_run_at_once_on_many_threads() {
    require!("sh");
    let policy = ProcessPolicy::builder()
        .allow_command("sh")
        .build()
        .unwrap();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let policy = policy.clone();
            std::thread::spawn(move || {
                let mut state = ProcessState::new(policy);
                for round in 0..3 {
                    state.set_prog_name(b"sh");
                    state.add_arg(b"-c");
                    state.add_arg(b"sleep 0.05; echo \"$1\"; exit \"$2\"");
                    state.add_arg(b"sh");
                    state.add_arg(format!("{i}-{round}").as_bytes());
                    state.add_arg(i.to_string().as_bytes());
                    assert_eq!(state.run(), i);
                    assert_eq!(text(state.stdout()), format!("{i}-{round}\n"));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn a_process_that_leaves_the_group_cannot_hold_the_run_open() {
    require!("sh", "setsid", "sleep");
    let mut g = guest(&["sh", "setsid", "sleep"]);
    g.state.set_timeout(200);
    let start = Instant::now();
    // `setsid` moves the sleeper out of the command's process group, so the group kill misses it while it keeps
    // stdout open; the run must still end after the deadline plus the bounded grace.
    let status = g.run(b"sh", &[b"-c", b"setsid sleep 5 & echo $!"]);
    let elapsed = start.elapsed();
    let escaped: i32 = text(&g.stdout()).trim().parse().unwrap();
    if let Some(pid) = rustix::process::Pid::from_raw(escaped) {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
    }
    assert_eq!(status, 110);
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
}

#[test]
fn runs_past_the_concurrency_cap_wait_until_their_deadline() {
    require!("sleep");
    let policy = allowing(&["sleep"]).max_concurrent_runs(1).build().unwrap();
    let shared = policy.clone();
    let holder = std::thread::spawn(move || {
        let mut state = ProcessState::new(shared);
        state.set_prog_name(b"sleep");
        state.add_arg(b"0.8");
        state.run()
    });
    // Wait until the holder's command is running.
    let until = Instant::now() + Duration::from_secs(5);
    while !crate::running("sleep 0.8") {
        assert!(Instant::now() < until, "the first command never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut g = Guest::new(policy.clone());
    g.state.set_timeout(100);
    let start = Instant::now();
    assert_eq!(g.run(b"sleep", &[b"0"]), 110);
    assert!(start.elapsed() >= Duration::from_millis(100));
    assert_eq!(
        text(&g.stderr()),
        "capvm-process: `sleep` timed out after 100 ms waiting for one of the policy's 1 concurrent command \
         slots: not run\n"
    );
    assert_eq!(holder.join().unwrap(), 0);
    // The slot is free again.
    assert_eq!(g.run(b"sleep", &[b"0"]), 0);
}

#[test]
fn resource_limits_reach_the_command() {
    require!("sh");
    let limits: capvm_process::Limits = "cpu=7s,mem=1GiB,fsize=1MiB,nofile=256".parse().unwrap();
    let mut g = Guest::new(allowing(&["sh"]).limits(limits).build().unwrap());
    // dash and bash print -f in 512-byte blocks and -v in KiB.
    assert_eq!(
        g.run(
            b"sh",
            &[b"-c", b"ulimit -n; ulimit -f; ulimit -t; ulimit -v"]
        ),
        0,
        "{}",
        text(&g.stderr())
    );
    assert_eq!(text(&g.stdout()), "256\n2048\n7\n1048576\n");
    // The CPU limit follows the timeout when none is set: 2500 ms -> 3 s + 1.
    let mut g = guest(&["sh"]);
    g.state.set_timeout(2_500);
    assert_eq!(g.run(b"sh", &[b"-c", b"ulimit -t"]), 0);
    assert_eq!(text(&g.stdout()), "4\n");
}

#[test]
fn a_file_past_the_size_limit_kills_the_writer() {
    require!("sh", "head");
    let dir = tempfile::tempdir().unwrap();
    let limits: capvm_process::Limits = "fsize=1000".parse().unwrap();
    let policy = allowing(&["sh", "head"])
        .limits(limits)
        .cwd(dir.path())
        .grant_dir(dir.path(), capvm_process::DirAccess::ReadWrite)
        .build()
        .unwrap();
    let mut g = Guest::new(policy);
    let status = g.run(b"sh", &[b"-c", b"exec head -c 5000 /dev/zero > big"]);
    assert_eq!(
        status,
        -103,
        "SIGXFSZ reads (i8)(128 + 25): {}",
        text(&g.stderr())
    );
    assert!(text(&g.stderr()).contains("signal 25 (SIGXFSZ)"));
    assert_eq!(fs::metadata(dir.path().join("big")).unwrap().len(), 1000);
}

#[test]
fn an_audit_sink_on_the_policy_gets_one_record_per_run_and_refusal() {
    require!("echo");
    #[derive(Debug, Default)]
    struct Collect(std::sync::Mutex<Vec<String>>);
    impl capvm_process::AuditSink for Collect {
        fn record(&self, json: &str) {
            self.0.lock().unwrap().push(json.to_owned());
        }
    }
    let sink = std::sync::Arc::new(Collect::default());
    let policy = allowing(&["echo"]).audit(sink.clone()).build().unwrap();
    let mut g = Guest::new(policy);
    g.env(b"TOKEN", b"s3cret");
    assert_eq!(g.run(b"echo", &[b"hi"]), 0);
    g.env(b"BASH_ENV", b"/tmp/x");
    assert_eq!(g.run(b"echo", &[b"no"]), -1);
    let records = sink.0.lock().unwrap();
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(
        records[0].contains(r#""event":"run""#) && records[0].contains(r#""env_keys":["TOKEN"]"#)
    );
    assert!(records[0].contains(r#""stdout_bytes":3"#), "{}", records[0]);
    assert!(!records[0].contains("s3cret"));
    assert!(
        records[1].contains(r#""event":"refused""#),
        "{}",
        records[1]
    );
    assert!(
        records[1].contains(
            r#""reason":"refused to run `echo`: environment variable `BASH_ENV` is refused"#
        ),
        "{}",
        records[1]
    );
}
