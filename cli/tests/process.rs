//! End to end: the `capvm` binary runs wasm32-wasip1 guests that use the process extension.
//!
//! Guests: the two examples built on capvm-guest (`process-sort`, `process-wc`), the compat guests built against
//! the published `wasmedge_process_interface` 0.2.1 and `rust_process_interface_library` 0.1.3, and the test-only
//! `process-probe`, which takes its command, arguments, environment, stdin and timeout from its own argv and
//! prints status, lengths, stdout and stderr one per line (see test-guests/guests/process-probe). The probe cases
//! follow security-checklist.md section 5.5.
//!
//! Every test runs real host programs. A test whose program is missing prints `SKIP` and returns.

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const CAPVM: &str = env!("CARGO_BIN_EXE_capvm");

/// Returns from the test, with a printed reason, when a host program is missing.
macro_rules! require {
    ($($program:expr),+ $(,)?) => {
        for program in [$($program),+] {
            if which(program).is_none() {
                eprintln!("SKIP {}: host program `{program}` is not installed", module_path!());
                return;
            }
        }
    };
}

/// `program` as found in the test's PATH (the PATH capvm resolves allowed names in).
fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

fn guest(name: &str) -> PathBuf {
    capvm_test_guests::path(name)
}

/// `capvm run FLAGS GUEST ARGS` with `stdin`, to completion.
fn capvm(flags: &[&str], guest_name: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(CAPVM)
        .arg("run")
        .args(flags)
        .arg(guest(guest_name))
        .args(args)
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The probe's escaping of a byte string.
fn esc(bytes: impl AsRef<[u8]>) -> String {
    bytes.as_ref().escape_ascii().to_string()
}

/// The exact upstream text a denied command reads on its captured stderr.
fn denial(name: &[u8]) -> Vec<u8> {
    let mut msg = b"Permission denied: Command \"".to_vec();
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"\" is not in the white list. Please use --allow-command=");
    msg.extend_from_slice(name);
    msg.extend_from_slice(b" or --allow-command-all to add \"");
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"\" command into the white list.\n");
    msg
}

/// What the probe printed about one run.
#[derive(Debug, Default)]
struct Report {
    status: i32,
    elapsed_ms: u64,
    stdout_len: usize,
    stderr_len: usize,
    /// Escaped as the probe prints it (see [`esc`]).
    stdout: String,
    stderr: String,
}

impl Report {
    /// Parses the probe's `key=value` lines; panics with the whole output when it does not fit.
    fn parse(output: &str) -> Report {
        let mut report = Report::default();
        let mut seen = 0;
        for line in output.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            fn number<N: std::str::FromStr>(line: &str, value: &str, output: &str) -> N {
                value
                    .parse()
                    .unwrap_or_else(|_| panic!("bad probe line {line:?} in:\n{output}"))
            }
            match key {
                "status" => report.status = number(line, value, output),
                "elapsed_ms" => report.elapsed_ms = number(line, value, output),
                "stdout_len" => report.stdout_len = number(line, value, output),
                "stderr_len" => report.stderr_len = number(line, value, output),
                "stdout" => report.stdout = value.to_owned(),
                "stderr" => report.stderr = value.to_owned(),
                "error" => panic!("the guest crate refused the command: {value}"),
                _ => continue,
            }
            seen += 1;
        }
        assert_eq!(seen, 6, "incomplete probe output:\n{output}");
        report
    }
}

/// Runs the probe under `flags` with probe arguments `args` and parses its report.
fn probe(flags: &[&str], args: &[&str]) -> Report {
    let out = capvm(flags, "process-probe", args, b"");
    assert!(
        out.status.success(),
        "capvm {flags:?} process-probe {args:?} failed: {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    Report::parse(&text(&out.stdout))
}

/// A probe started with `--pause-ms`-style options, paused after printing its report so the test can look at the
/// live capvm process.
struct Paused {
    child: Child,
    report: Report,
}

impl Paused {
    /// Starts `program args` (capvm, or a wrapper that execs it) and waits for the probe's `paused` line.
    fn start(program: &OsStr, args: &[OsString]) -> Paused {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start capvm");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = String::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("read capvm's stdout");
            if line == "paused" {
                return Paused {
                    child,
                    report: Report::parse(&lines),
                };
            }
            lines.push_str(&line);
            lines.push('\n');
        }
        let status = child.wait();
        panic!("the probe ended without pausing ({status:?}); it printed:\n{lines}");
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        // Only the capvm process this test started, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `capvm run FLAGS process-probe ARGS` as an argument list.
fn probe_args(flags: &[&str], args: &[&str]) -> Vec<OsString> {
    let mut all: Vec<OsString> = vec!["run".into()];
    all.extend(flags.iter().map(OsString::from));
    all.push(guest("process-probe").into_os_string());
    all.extend(args.iter().map(OsString::from));
    all
}

/// (pid, parent pid, state, command line) of every process visible in /proc.
fn processes() -> Vec<(u32, u32, char, String)> {
    let mut all = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return all;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().and_then(|s| s.chars().next()).unwrap_or('?');
        let ppid = fields.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let cmdline = std::fs::read(entry.path().join("cmdline"))
            .map(|c| text(&c).replace('\0', " "))
            .unwrap_or_default();
        all.push((pid, ppid, state, cmdline));
    }
    all
}

/// Peak resident set size of a live process, in KiB (`VmHWM`).
fn peak_rss_kib(pid: u32) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/PID/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status")
}

// ---------------------------------------------------------------------------------------------------------------
// The examples (capvm-guest) and the compat guests (published crates).

#[test]
fn example_sort_pipes_stdin_through_the_host_sort() {
    require!("sort");
    let out = capvm(
        &["--allow-command", "sort"],
        "process-sort",
        &["-r"],
        b"pear\napple\nfig\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "pear\nfig\napple\n");
    // `--allow-command=NAME` works too.
    let out = capvm(&["--allow-command=sort"], "process-sort", &[], b"b\na\n");
    assert_eq!(text(&out.stdout), "a\nb\n", "{}", text(&out.stderr));
}

#[test]
fn example_sort_prints_the_refusal_when_sort_is_not_allowed() {
    let out = capvm(&["--allow-command", "wc"], "process-sort", &[], b"b\na\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let mut expected = b"process-sort: sort failed with status -1\n".to_vec();
    expected.extend_from_slice(&denial(b"sort"));
    assert_eq!(text(&out.stderr), text(&expected));
}

#[test]
fn example_wc_counts_with_the_host_wc() {
    require!("wc");
    let out = capvm(
        &["--allow-command", "wc"],
        "process-wc",
        &[],
        b"one two\nthree\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "lines: 2\nwords: 3\nbytes: 14\n");
}

/// What both compat guests print with `--allow-command echo --allow-command cat`.
const COMPAT_OUTPUT: &str = r#"echo: status=0 stdout="hello $(id) ; ls\n" stderr=""
cat: status=0 stdout="line 1\nline 2\n!" stderr=""
denied: status=-1 stdout="" stderr="Permission denied: Command \"capvm-not-allowed\" is not in the white list. Please use --allow-command=capvm-not-allowed or --allow-command-all to add \"capvm-not-allowed\" command into the white list.\n"
again-1: status=0 stdout="again\n" stderr=""
again-2: status=0 stdout="again\n" stderr=""
"#;

#[test]
fn guests_built_with_the_published_crates_run_unchanged() {
    require!("echo", "cat");
    for (name, module, other) in [
        ("process-compat-0-2-1", "wasmedge_process", "ssvm_process"),
        ("process-compat-0-1-3", "ssvm_process", "wasmedge_process"),
    ] {
        // The guest really imports the module its crate version names, and only that one.
        let wasm = std::fs::read(guest(name)).unwrap();
        let has = |needle: &str| wasm.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(
            has(&format!("{module}_run")),
            "{name} should import {module}"
        );
        assert!(
            !has(&format!("{other}_run")),
            "{name} should not import {other}"
        );

        let out = capvm(
            &["--allow-command", "echo", "--allow-command", "cat"],
            name,
            &[],
            b"",
        );
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), COMPAT_OUTPUT, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Allow-list and names (checklist 58-60).

#[test]
fn a_command_not_allowed_reads_the_exact_upstream_refusal() {
    let report = probe(&[], &["ls", "-l"]);
    assert_eq!(report.status, -1);
    assert_eq!((report.stdout_len, report.stdout.as_str()), (0, ""));
    assert_eq!(report.stderr, esc(denial(b"ls")));
    assert_eq!(report.stderr_len, denial(b"ls").len());
}

#[test]
fn allow_command_all_allows_any_name() {
    require!("echo");
    let report = probe(&["--allow-command-all"], &["echo", "all"]);
    assert_eq!(
        (report.status, report.stdout.as_str()),
        (0, "all\\n"),
        "{report:?}"
    );
}

#[test]
fn path_qualified_and_look_alike_names_are_refused() {
    require!("ls");
    let allow = ["--allow-command", "ls"];
    let ok = probe(&allow, &["ls", "-d", "/"]);
    assert_eq!((ok.status, ok.stdout.as_str()), (0, "/\\n"), "{ok:?}");
    for name in [
        "/bin/ls",
        "/usr/bin/ls",
        "./ls",
        "../bin/ls",
        "ls/",
        "LS",
        "ls ",
        " ls",
        "/sb/ls",
    ] {
        let report = probe(&allow, &[name, "-d", "/"]);
        assert_eq!(report.status, -1, "{name:?} must be refused");
        assert_eq!(report.stderr, esc(denial(name.as_bytes())), "{name:?}");
        assert_eq!(report.stdout_len, 0, "{name:?}");
    }
    // A NUL inside the name (only reachable with the raw imports: the guest crate refuses it itself).
    let report = probe(&allow, &["@raw", "ls\\x00x", "-d", "/"]);
    assert_eq!(report.status, -1);
    assert_eq!(report.stderr, esc(denial(b"ls\0x")));
    // And a path is allowed only as that exact string.
    let report = probe(&["--allow-command", "/bin/ls"], &["ls", "-d", "/"]);
    assert_eq!(report.stderr, esc(denial(b"ls")));
}

#[test]
fn the_guest_path_never_chooses_the_program() {
    require!("ls", "env");
    let dir = tempfile::tempdir().unwrap();
    for fake in ["ls", "env"] {
        let path = dir.path().join(fake);
        std::fs::write(&path, "#!/bin/sh\necho EVIL\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let guest_path = format!("PATH={}", dir.path().display());
    // The guest's environment (which capvm-guest copies into the command's) points PATH at the fake programs.
    for allow in [
        &["--allow-command", "ls", "--allow-command", "env"][..],
        &["--allow-command-all"],
    ] {
        let mut flags = allow.to_vec();
        flags.extend(["--env", &guest_path]);
        let report = probe(&flags, &["ls", "-d", "/"]);
        assert_eq!(
            (report.status, report.stdout.as_str()),
            (0, "/\\n"),
            "{allow:?}: {report:?}"
        );
        // The child did receive the guest's PATH; it was just not used to find the program.
        let report = probe(&flags, &["env"]);
        assert_eq!(report.status, 0, "{report:?}");
        assert!(report.stdout.contains(&esc(&guest_path)), "{report:?}");
        assert!(!report.stdout.contains("EVIL"), "{report:?}");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Environment and arguments (checklist 61-63).

#[test]
fn loader_variables_and_malformed_env_are_refused_before_anything_runs() {
    require!("touch");
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("marker");
    let marker = marker.to_str().unwrap();
    let cases: [(&[&str], &[&str], &str); 5] = [
        (
            &["--env", "LD_PRELOAD=/nonexistent/capvm.so"],
            &[],
            "LD_PRELOAD",
        ),
        (&[], &["@env=LD_LIBRARY_PATH=/tmp"], "LD_LIBRARY_PATH"),
        (&[], &["@env=LD_AUDIT=/x.so"], "LD_AUDIT"),
        (
            &[],
            &["@env=DYLD_INSERT_LIBRARIES=/x.dylib"],
            "DYLD_INSERT_LIBRARIES",
        ),
        (&[], &["@env=A\\x3dB=1"], "A=B"),
    ];
    for (flags, options, key) in cases {
        let mut flags = flags.to_vec();
        flags.extend(["--allow-command", "touch"]);
        let mut args = options.to_vec();
        args.extend(["touch", marker]);
        let report = probe(&flags, &args);
        assert_eq!(report.status, -1, "{key}: {report:?}");
        let reason = if key.contains('=') {
            "its name contains '='"
        } else {
            "it is a dynamic-loader variable, which the policy refuses"
        };
        assert_eq!(
            report.stderr,
            esc(format!(
                "capvm-process: refused to run `touch`: environment variable `{key}` is refused: {reason}\n"
            )),
            "{key}"
        );
        assert!(!Path::new(marker).exists(), "{key}: nothing may run");
    }
    // A NUL in a value (raw imports) is refused too; without any of these, the command runs.
    let report = probe(
        &["--allow-command", "touch"],
        &["@raw", "@env=K=a\\x00b", "touch", marker],
    );
    assert_eq!(report.status, -1);
    assert!(
        report
            .stderr
            .ends_with(&esc("`K` is refused: its value contains a NUL byte\n")),
        "{report:?}"
    );
    assert!(!Path::new(marker).exists());
    let report = probe(&["--allow-command", "touch"], &["touch", marker]);
    assert_eq!(report.status, 0, "{report:?}");
    assert!(Path::new(marker).exists());
}

#[test]
fn an_environment_allow_list_refuses_other_variables() {
    require!("env");
    let allowed = probe(
        &["--allow-command", "env", "--process-env-allow", "ONLY"],
        &["@clear-env", "@env=ONLY=1", "env"],
    );
    assert_eq!(allowed.status, 0, "{allowed:?}");
    assert_eq!(allowed.stdout, "ONLY=1\\n");
    let refused = probe(
        &["--allow-command", "env", "--process-env-allow", "ONLY"],
        &["@clear-env", "@env=ONLY=1", "@env=IFS=x", "env"],
    );
    assert_eq!(refused.status, -1, "{refused:?}");
    assert_eq!(refused.stdout, "");
    assert!(refused.stderr.contains("IFS"), "{refused:?}");
}

#[test]
fn the_child_environment_is_exactly_the_guests() {
    require!("env");
    let report = probe(
        &["--allow-command", "env", "--env", "FROM_GUEST=1"],
        &["@env=EXTRA=x y", "env"],
    );
    assert_eq!(report.status, 0, "{report:?}");
    let mut vars: Vec<&str> = report
        .stdout
        .split("\\n")
        .filter(|l| !l.is_empty())
        .collect();
    vars.sort_unstable();
    assert_eq!(vars, ["EXTRA=x y", "FROM_GUEST=1"]);
    let report = probe(
        &["--allow-command", "env", "--env", "FROM_GUEST=1"],
        &["@clear-env", "env"],
    );
    assert_eq!(
        (report.status, report.stdout.as_str()),
        (0, ""),
        "{report:?}"
    );
}

#[test]
fn shell_metacharacters_pass_literally() {
    require!("printf");
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().to_str().unwrap();
    let hostile = [
        "; rm -rf /",
        "$(id)",
        "`id`",
        "| nc x 1",
        "&& reboot",
        "*",
        "$HOME",
        "'\"",
        "a\nb",
    ];
    // The probe decodes `\\` to one backslash, so printf gets the format `[%s]\n`.
    let mut args = vec!["printf", "[%s]\\\\n"];
    args.extend(hostile);
    let report = probe(&["--allow-command", "printf", "--process-cwd", dir], &args);
    assert_eq!(report.status, 0, "{report:?}");
    let expected: String = hostile.iter().map(|a| format!("[{a}]\n")).collect();
    assert_eq!(report.stdout, esc(expected));
}

// ---------------------------------------------------------------------------------------------------------------
// I/O, time and process lifetime (checklist 66-72).

#[test]
fn endless_output_is_capped_and_host_memory_stays_bounded() {
    require!("yes");
    // `yes` writes without end (it would pass 1 GiB in seconds); the cap stops it at 1 MiB. The probe pauses after
    // its report so the peak RSS of the live capvm process can be read.
    let args = probe_args(
        &["--allow-command", "yes", "--process-output-max", "1Mi"],
        &["@print-max=150", "@pause-ms=10000", "yes"],
    );
    let started = Instant::now();
    let paused = Paused::start(OsStr::new(CAPVM), &args);
    let report = &paused.report;
    assert_eq!(report.status, -1, "{report:?}");
    assert_eq!(report.stdout_len, 1 << 20);
    assert_eq!(report.stdout, "y\\n".repeat(75));
    assert_eq!(
        report.stderr,
        esc(
            "capvm-process: `yes` wrote more than 1048576 bytes to stdout: output cut at 1048576 bytes, command killed\n"
        )
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let peak_kib = peak_rss_kib(paused.pid());
    assert!(
        peak_kib < 64 * 1024,
        "capvm's peak RSS was {peak_kib} KiB for a 1 MiB output cap"
    );
}

#[test]
fn stdin_to_a_command_that_never_reads_it_does_not_deadlock() {
    require!("sleep");
    let allow = ["--allow-command", "sleep"];
    // 1 MiB is far more than a pipe holds; `sleep` never reads it and exits normally.
    let report = probe(&allow, &["@stdin-bytes=1048576", "sleep", "0.1"]);
    assert_eq!(report.status, 0, "{report:?}");
    assert!(report.elapsed_ms < 5_000, "{report:?}");
    // With a timeout, the deadline covers the stdin feeding as well.
    let report = probe(
        &allow,
        &["@stdin-bytes=1048576", "@timeout=100", "sleep", "1000"],
    );
    assert_eq!(report.status, 110, "{report:?}");
    assert!(report.elapsed_ms < 1_000, "{report:?}");
    assert_eq!(
        report.stderr,
        esc("capvm-process: `sleep` timed out after 100 ms: command killed\n")
    );
}

#[test]
fn a_timeout_kills_the_whole_group_and_leaves_no_zombie() {
    require!("sh", "sleep");
    // The shell exits at once, but its background `sleep` holds the output pipes open; the marker in its
    // argument finds it in /proc.
    let marker = "987.125";
    let args = probe_args(
        &["--allow-command", "sh"],
        &[
            "@timeout=100",
            "@pause-ms=10000",
            "sh",
            "-c",
            &format!("sleep {marker} & echo hi"),
        ],
    );
    let paused = Paused::start(OsStr::new(CAPVM), &args);
    let report = &paused.report;
    assert_eq!(report.status, 110, "{report:?}");
    assert_eq!(report.stdout, "hi\\n");
    assert!(
        report.elapsed_ms < 1_000,
        "returned after {} ms",
        report.elapsed_ms
    );
    assert_eq!(
        report.stderr,
        esc("capvm-process: `sh` timed out after 100 ms: command killed\n")
    );
    // While capvm is still alive: the grandchild is gone, and capvm has no child left (not even a zombie).
    // SIGKILL was sent before the guest got its status; on a loaded machine the kernel may take a moment.
    let killed = std::time::Instant::now();
    let procs = loop {
        let procs = processes();
        let survivors: Vec<_> = procs
            .iter()
            .filter(|p| p.3.starts_with("sleep ") && p.3.contains(marker))
            .collect();
        if survivors.is_empty() {
            break procs;
        }
        assert!(
            killed.elapsed() < std::time::Duration::from_secs(2),
            "the background sleep survived: {survivors:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let children: Vec<_> = procs.iter().filter(|p| p.1 == paused.pid()).collect();
    assert!(
        children.is_empty(),
        "capvm still has children: {children:?}"
    );
}

#[test]
fn a_plain_timeout_returns_status_110_promptly() {
    require!("sleep");
    let report = probe(
        &["--allow-command", "sleep"],
        &["@timeout=100", "sleep", "1000"],
    );
    assert_eq!(report.status, 110, "{report:?}");
    assert!((100..1_000).contains(&report.elapsed_ms), "{report:?}");
    // The owner's ceiling clamps a larger request.
    let report = probe(
        &["--allow-command", "sleep", "--process-timeout-max", "150"],
        &["@timeout=100000", "sleep", "1000"],
    );
    assert_eq!(report.status, 110, "{report:?}");
    assert!(report.elapsed_ms < 1_000, "{report:?}");
    assert_eq!(
        report.stderr,
        esc("capvm-process: `sleep` timed out after 150 ms: command killed\n")
    );
}

#[test]
fn signal_deaths_and_exit_codes_are_told_apart() {
    require!("sh");
    let allow = ["--allow-command", "sh"];
    let cases = [
        (
            "kill -SEGV $$",
            -117,
            "capvm-process: `sh` was killed by signal 11 (SIGSEGV)\n",
        ),
        (
            "kill -KILL $$",
            -119,
            "capvm-process: `sh` was killed by signal 9 (SIGKILL)\n",
        ),
        ("exit 200", -56, ""),
        ("exit 3", 3, ""),
        ("echo out; echo err >&2; exit 0", 0, "err\n"),
    ];
    for (script, status, stderr) in cases {
        let report = probe(&allow, &["sh", "-c", script]);
        assert_eq!(report.status, status, "{script}: {report:?}");
        assert_eq!(report.stderr, esc(stderr), "{script}");
    }
}

#[test]
fn an_exec_failure_is_its_own_error() {
    let missing = "/nonexistent/capvm-tool";
    let report = probe(&["--allow-command", missing], &[missing]);
    assert_eq!(report.status, -1, "{report:?}");
    assert!(
        report.stderr.starts_with(&esc(format!(
            "capvm-process: cannot execute `{missing}` ({missing}): "
        ))),
        "{report:?}"
    );
}

#[test]
fn the_child_sees_only_fds_0_to_2() {
    require!("sh", "ls");
    let dir = tempfile::tempdir().unwrap();
    // capvm itself starts with an inheritable fd 7 (the wrapper shell opens it without close-on-exec) and a
    // preopened directory; neither may reach the command.
    let mut args: Vec<OsString> = vec![
        "-c".into(),
        "exec \"$@\" 7</dev/null".into(),
        "sh".into(),
        CAPVM.into(),
    ];
    let dir_flag = format!("{}::/data", dir.path().display());
    args.extend(probe_args(
        &["--allow-command", "ls", "--dir", &dir_flag],
        &["@pause-ms=10000", "ls", "/proc/self/fd"],
    ));
    let paused = Paused::start(OsStr::new("sh"), &args);
    assert!(
        Path::new(&format!("/proc/{}/fd/7", paused.pid())).exists(),
        "the test setup failed: capvm has no fd 7"
    );
    let report = &paused.report;
    assert_eq!(report.status, 0, "{report:?}");
    // 0-2 are the pipes; 3 is the directory `ls` itself opened to list /proc/self/fd (the lowest free fd, so any
    // leaked descriptor would push it up and show up as well).
    assert_eq!(report.stdout, "0\\n1\\n2\\n3\\n", "{report:?}");
}

#[test]
fn process_cwd_sets_the_commands_working_directory() {
    require!("pwd");
    let dir = tempfile::tempdir().unwrap();
    let canonical = dir.path().canonicalize().unwrap();
    let report = probe(
        &[
            "--allow-command",
            "pwd",
            "--process-cwd",
            canonical.to_str().unwrap(),
        ],
        &["pwd"],
    );
    assert_eq!(report.status, 0, "{report:?}");
    assert_eq!(report.stdout, esc(format!("{}\n", canonical.display())));
}
