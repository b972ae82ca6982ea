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
    // The marker's directory is granted, so only the refusal can stop `touch`.
    let grant = format!("{}::/data", dir.path().display());
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
        flags.extend(["--allow-command", "touch", "--dir", &grant]);
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
        &["--allow-command", "touch", "--dir", &grant],
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
    let report = probe(
        &["--allow-command", "touch", "--dir", &grant],
        &["touch", marker],
    );
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
    // `sleep` is allowed too: the sandbox lets `sh` execute only allowed programs.
    let args = probe_args(
        &["--allow-command", "sh", "--allow-command", "sleep"],
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
        &[
            "--allow-command",
            "ls",
            "--dir",
            &dir_flag,
            "--process-read",
            "/proc",
        ],
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

// ---------------------------------------------------------------------------------------------------------------
// The command gets the guest's capabilities and nothing more (issue 7): the Landlock sandbox, resource limits,
// the refused start-up variables, no leaks, the audit log. Checklist items 64, 65, 73.

/// The kernel's Landlock ABI as capvm sees it (0 without Landlock).
fn landlock_abi() -> u32 {
    capvm_process::ProcessPolicy::builder()
        .build()
        .expect("an empty policy builds")
        .sandbox_report()
        .landlock_abi
}

/// Returns from the test, with a printed reason, when the kernel's Landlock ABI is below `$min`.
macro_rules! require_landlock {
    ($min:expr) => {
        let abi = landlock_abi();
        if abi < $min {
            let ci = if std::env::var_os("CI").is_some() {
                " (CI is set, but this kernel cannot run the test)"
            } else {
                ""
            };
            eprintln!(
                "SKIP {}: needs Landlock ABI {} and this kernel has {abi}{ci}",
                module_path!(),
                $min
            );
            return;
        }
    };
}

/// `--dir HOST::GUEST` for a temporary directory.
fn dir_flag(dir: &Path, guest: &str, read_only: bool) -> String {
    let ro = if read_only { ":readonly" } else { "" };
    format!("{}::{guest}{ro}", dir.display())
}

/// Live `sleep MARKER` processes.
fn alive_with(marker: &str) -> Vec<(u32, u32, char, String)> {
    let wanted = format!("sleep {marker}");
    processes()
        .into_iter()
        .filter(|p| p.3.trim_end() == wanted && p.2 != 'Z')
        .collect()
}

#[test]
fn sort_compress_program_cannot_start_a_shell() {
    require!("sort", "sh", "touch");
    require_landlock!(1);
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("sh-ran");
    // More than the 16 KiB buffer, so sort spills to temporary files in the grant and pipes each through the
    // "compressor" `sh`, which would run the line that touches the marker.
    let mut input = "#".repeat(40).to_string() + "\\x0a";
    input = input.repeat(2_000);
    input.push_str(&format!("touch {}\\x0a", marker.display()));
    let stdin = format!("@stdin={input}");
    let tmp = format!("-T{}", dir.path().display());
    let grant = dir_flag(dir.path(), "/data", false);
    let args = [
        stdin.as_str(),
        "sort",
        "-S",
        "16k",
        &tmp,
        "--compress-program=sh",
    ];
    let report = probe(&["--allow-command", "sort", "--dir", &grant], &args);
    assert!(!marker.exists(), "sh ran inside sort: {report:?}");
    assert_ne!(report.status, 0, "{report:?}");
    assert!(
        report.stderr.contains("execute compress program: errno 13"),
        "sort should report that it could not execute sh (EACCES): {report:?}"
    );
    // Control: without the sandbox the same run does start `sh`, so the check above can fail.
    let report = probe(
        &[
            "--allow-command",
            "sort",
            "--dir",
            &grant,
            "--process-sandbox=off",
        ],
        &args,
    );
    assert!(
        marker.exists(),
        "the control run did not reach sh: {report:?}"
    );
}

#[test]
fn find_exec_cannot_run_another_program() {
    require!("find", "touch");
    require_landlock!(1);
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("touched");
    let grant = dir_flag(dir.path(), "/data", false);
    let root = dir.path().to_str().unwrap();
    let marker_arg = marker.to_str().unwrap();
    let args = [
        "find",
        root,
        "-maxdepth",
        "0",
        "-exec",
        "touch",
        marker_arg,
        ";",
    ];
    let report = probe(&["--allow-command", "find", "--dir", &grant], &args);
    assert!(!marker.exists(), "find -exec ran touch: {report:?}");
    assert!(report.stderr.contains("Permission denied"), "{report:?}");
    let report = probe(
        &[
            "--allow-command",
            "find",
            "--dir",
            &grant,
            "--process-sandbox=off",
        ],
        &args,
    );
    assert_eq!(report.status, 0, "{report:?}");
    assert!(marker.exists(), "the control run did not reach touch");
}

#[test]
fn writes_outside_the_grants_are_denied() {
    require!("touch");
    require_landlock!(1);
    let rw = tempfile::tempdir().unwrap();
    let ro = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let flags = [
        "--allow-command".to_owned(),
        "touch".to_owned(),
        "--dir".to_owned(),
        dir_flag(rw.path(), "/rw", false),
        "--dir".to_owned(),
        dir_flag(ro.path(), "/ro", true),
    ];
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let inside = rw.path().join("a");
    let report = probe(&flags, &["touch", inside.to_str().unwrap()]);
    assert_eq!(report.status, 0, "{report:?}");
    assert!(inside.exists());
    for target in [ro.path().join("b"), outside.path().join("c")] {
        let report = probe(&flags, &["touch", target.to_str().unwrap()]);
        assert_eq!(report.status, 1, "{report:?}");
        assert!(report.stderr.contains("Permission denied"), "{report:?}");
        assert!(!target.exists(), "{} was written", target.display());
    }
    // Control: with the sandbox off the same write goes through.
    let mut off = flags.clone();
    off.push("--process-sandbox=off");
    let target = outside.path().join("c");
    let report = probe(&off, &["touch", target.to_str().unwrap()]);
    assert_eq!(report.status, 0, "{report:?}");
    assert!(target.exists());
}

#[test]
fn tcp_connect_is_denied_unless_allowed() {
    require!("bash");
    require_landlock!(4);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let script = format!("echo hi > /dev/tcp/127.0.0.1/{port}");
    let accepted = || {
        let until = Instant::now() + Duration::from_millis(300);
        loop {
            match listener.accept() {
                Ok(_) => return true,
                Err(_) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
                Err(_) => return false,
            }
        }
    };
    let report = probe(&["--allow-command", "bash"], &["bash", "-c", &script]);
    assert_eq!(report.status, 1, "{report:?}");
    assert!(report.stderr.contains("Permission denied"), "{report:?}");
    assert!(!accepted(), "the command reached the listener");
    let report = probe(
        &["--allow-command", "bash", "--process-allow-net"],
        &["bash", "-c", &script],
    );
    assert_eq!(report.status, 0, "{report:?}");
    assert!(
        accepted(),
        "with --process-allow-net the connection must arrive"
    );
}

#[test]
fn gconv_path_from_the_guest_is_refused_before_anything_runs() {
    require!("iconv");
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    // The guest plants an iconv module in its own directory (a stand-in for a real shared object: the variable
    // must be refused whatever the files hold) and points GCONV_PATH at it.
    let grant = dir_flag(&work, "/data", false);
    let gconv = format!("@env=GCONV_PATH={}", work.display());
    let args = [
        "@write=/data/gconv-modules=module  EVIL//  INTERNAL  evil  1\\x0a",
        "@write=/data/evil.so=not really a library",
        "@stdin=x",
        gconv.as_str(),
        "iconv",
        "-f",
        "EVIL",
        "-t",
        "UTF-8",
    ];
    let audit_flag = audit.to_str().unwrap();
    let report = probe(
        &[
            "--allow-command",
            "iconv",
            "--dir",
            &grant,
            "--process-audit",
            audit_flag,
        ],
        &args,
    );
    assert!(work.join("gconv-modules").exists() && work.join("evil.so").exists());
    assert_eq!(report.status, -1, "{report:?}");
    assert_eq!(
        report.stderr,
        esc(
            "capvm-process: refused to run `iconv`: environment variable `GCONV_PATH` is refused: it makes \
             programs load code or run other programs, which the policy refuses unless the owner allows it by \
             name\n"
        )
    );
    let log = std::fs::read_to_string(&audit).unwrap();
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(log.contains(r#""event":"refused""#), "{log}");
    assert!(log.contains(r#""env_keys":["GCONV_PATH"]"#), "{log}");
    assert!(
        !log.contains(&work.display().to_string()),
        "values never reach the log: {log}"
    );
    // Control: the owner allows the key by name, and iconv does start (and reads the planted module list).
    let report = probe(
        &[
            "--allow-command",
            "iconv",
            "--dir",
            &grant,
            "--process-env-allow",
            "GCONV_PATH",
            "--process-audit",
            audit_flag,
        ],
        &args,
    );
    assert_ne!(report.status, -1, "{report:?}");
    let log = std::fs::read_to_string(&audit).unwrap();
    assert!(
        log.lines()
            .nth(1)
            .is_some_and(|l| l.contains(r#""event":"run""#)),
        "{log}"
    );
}

/// Descriptor count, thread count and resident KiB of a live process.
fn usage(pid: u32) -> (usize, usize, u64) {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    };
    (
        fds,
        usize::try_from(field("Threads:")).unwrap(),
        field("VmRSS:"),
    )
}

/// Runs the probe `runs` times on a command whose child detaches and keeps the pipes open, and checks that
/// capvm's descriptors, threads and memory are back at the level after the first run, and no child survived.
fn detached_children_leak_nothing(marker: &str, stdin_bytes: usize, rss_slack_kib: u64) {
    let script = format!("setsid sleep {marker} & echo hi");
    let stdin = format!("@stdin-bytes={stdin_bytes}");
    let args = probe_args(
        &[
            "--allow-command",
            "sh",
            "--allow-command",
            "setsid",
            "--allow-command",
            "sleep",
        ],
        &[
            "@timeout=50",
            "@repeat=200",
            "@wait-stdin",
            "@pause-ms=30000",
            &stdin,
            "sh",
            "-c",
            &script,
        ],
    );
    let mut child = Command::new(CAPVM)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start capvm");
    let pid = child.id();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().expect("capvm's output ended").unwrap();
    assert_eq!(next(), "baseline");
    let baseline = usage(pid);
    let started = Instant::now();
    writeln!(child.stdin.as_mut().unwrap()).unwrap();
    let mut printed = String::new();
    loop {
        let line = next();
        if line == "paused" {
            break;
        }
        printed.push_str(&line);
        printed.push('\n');
    }
    let after = usage(pid);
    let survivors = alive_with(marker);
    let _ = child.kill();
    let _ = child.wait();
    let report = Report::parse(&printed);
    assert_eq!(report.status, 110, "{report:?}");
    assert_eq!(report.stdout, "hi\\n");
    assert!(
        survivors.is_empty(),
        "detached children survived: {survivors:?}"
    );
    assert_eq!(
        (after.0, after.1),
        (baseline.0, baseline.1),
        "descriptors and threads after 200 runs vs after the first (took {:?})",
        started.elapsed()
    );
    assert!(
        after.2 <= baseline.2 + rss_slack_kib,
        "RSS grew from {} KiB to {} KiB over 200 runs",
        baseline.2,
        after.2
    );
}

#[test]
fn detached_children_leak_nothing_over_200_runs() {
    require!("sh", "setsid", "sleep");
    detached_children_leak_nothing("1000.4242", 0, 8 * 1024);
}

#[test]
fn detached_children_fed_16_mib_of_stdin_leak_nothing_over_200_runs() {
    require!("sh", "setsid", "sleep");
    // One 16 MiB input may stay cached by the allocators (guest and host); 200 leaked ones would be 3 GiB.
    detached_children_leak_nothing("1000.4343", 16 << 20, 40 * 1024);
}

#[test]
fn a_fork_loop_ends_at_the_deadline_with_nothing_left() {
    require!("sh", "sleep");
    // RLIMIT_NPROC does not bind root, so this test checks what holds for every user: the loop is killed at the
    // deadline, with every process it made.
    let marker = "1000.5151";
    let script = format!("while :; do sleep {marker} & done");
    let report = probe(
        &[
            "--allow-command",
            "sh",
            "--allow-command",
            "sleep",
            "--process-limit",
            "nproc=32",
        ],
        &["@timeout=300", "sh", "-c", &script],
    );
    assert_eq!(report.status, 110, "{report:?}");
    assert!(report.elapsed_ms < 3_000, "{report:?}");
    let until = Instant::now() + Duration::from_secs(2);
    while !alive_with(marker).is_empty() {
        assert!(
            Instant::now() < until,
            "survivors: {:?}",
            alive_with(marker)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_fork_loop_hits_the_process_limit() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    require!("sh", "sleep");
    // RLIMIT_NPROC binds only unprivileged users. As root, the test drops to `nobody` for the capvm it starts (a
    // privilege drop, no new privilege); as any other user it runs as itself.
    let root = std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(0)
        == 0;
    let marker = "1000.6161";
    // The sleepers do not hold the output pipes, so the run ends as soon as the shell gives up.
    let script = format!("while :; do sleep {marker} </dev/null >/dev/null 2>&1 & done");
    let mut command = Command::new(CAPVM);
    command.args(probe_args(
        &[
            "--allow-command",
            "sh",
            "--allow-command",
            "sleep",
            "--process-limit",
            "nproc=24",
        ],
        &["@timeout=5000", "sh", "-c", &script],
    ));
    if root {
        command.uid(65_534).gid(65_534);
    }
    let out = command.stdin(Stdio::null()).output().expect("start capvm");
    if root && !out.status.success() && text(&out.stderr).contains("ermission denied") {
        eprintln!(
            "SKIP {}: user nobody cannot read capvm or the guest here: {}",
            module_path!(),
            text(&out.stderr)
        );
        return;
    }
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = Report::parse(&text(&out.stdout));
    // The shell stops when fork fails (EAGAIN), long before the 5 s deadline.
    assert_ne!(report.status, 110, "the loop was never stopped: {report:?}");
    assert!(report.stderr.contains("Cannot fork"), "{report:?}");
    assert!(report.elapsed_ms < 4_000, "{report:?}");
    let until = Instant::now() + Duration::from_secs(2);
    while !alive_with(marker).is_empty() {
        assert!(
            Instant::now() < until,
            "survivors: {:?}",
            alive_with(marker)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn strict_mode_runs_only_where_everything_is_enforced() {
    require!("echo");
    let report = probe(
        &["--allow-command", "echo", "--process-sandbox=strict"],
        &["echo", "ok"],
    );
    if landlock_abi() >= 6 {
        assert_eq!(
            (report.status, report.stdout.as_str()),
            (0, "ok\\n"),
            "{report:?}"
        );
    } else {
        assert_eq!(report.status, -1, "{report:?}");
        assert!(
            report.stderr.contains("strict sandbox cannot enforce"),
            "{report:?}"
        );
    }
    let out = capvm(
        &["--process-sandbox=sometimes"],
        "process-probe",
        &["echo"],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--process-sandbox"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_audit_log_has_one_line_per_run_and_refusal() {
    require!("echo");
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let flags = [
        "--allow-command",
        "echo",
        "--process-audit",
        audit.to_str().unwrap(),
        "--env",
        "SECRET_KEY=hunter2",
    ];
    let report = probe(&flags, &["@raw", "echo", "a\\xffb", "c\"d"]);
    assert_eq!(report.status, 0, "{report:?}");
    let report = probe(&flags, &["cat", "/etc/passwd"]);
    assert_eq!(report.status, -1, "{report:?}");
    let log = std::fs::read_to_string(&audit).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    let run = lines[0];
    for field in [
        r#""event":"run""#,
        r#""command":"echo""#,
        r#""argv":["echo",{"hex":"61ff62"},"c\"d"]"#,
        r#""env_keys":["SECRET_KEY"]"#,
        r#""status":0"#,
        r#""exit_code":0"#,
        r#""signal":null"#,
        r#""timed_out":false"#,
        r#""truncated":null"#,
        r#""stdout_bytes":8"#,
        r#""reason":null"#,
        r#""sandbox":"auto""#,
    ] {
        assert!(run.contains(field), "missing {field} in {run}");
    }
    assert!(run.starts_with(r#"{"time":"20"#), "{run}");
    assert!(
        !log.contains("hunter2"),
        "an env value reached the log: {log}"
    );
    let refused = lines[1];
    assert!(refused.contains(r#""event":"refused""#), "{refused}");
    assert!(refused.contains(r#""program":null"#), "{refused}");
    assert!(
        refused
            .contains(r#""reason":"Permission denied: Command \"cat\" is not in the white list."#),
        "{refused}"
    );
    // A log that cannot be opened stops capvm before the guest runs.
    let bad = dir.path().join("missing/dir/audit.jsonl");
    let out = capvm(
        &["--process-audit", bad.to_str().unwrap()],
        "process-probe",
        &["echo"],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("--process-audit"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_detached_grandchild_whose_parent_is_killed_at_the_deadline_is_found_too() {
    require!("sh", "setsid", "sleep");
    // The setsid'd sleeper's parent is the shell, alive until the deadline kills it; the sweep must wait for
    // that death (and the re-parenting that follows) before it can see the sleeper.
    let marker = "1000.7272";
    let args = probe_args(
        &[
            "--allow-command",
            "sh",
            "--allow-command",
            "setsid",
            "--allow-command",
            "sleep",
        ],
        &[
            "@timeout=200",
            "@pause-ms=10000",
            "sh",
            "-c",
            &format!("setsid sleep {marker} </dev/null >/dev/null 2>&1 & wait"),
        ],
    );
    let paused = Paused::start(OsStr::new(CAPVM), &args);
    assert_eq!(paused.report.status, 110, "{:?}", paused.report);
    // capvm is still alive (paused): the sweep ran before the guest got its status.
    let survivors = alive_with(marker);
    assert!(
        survivors.is_empty(),
        "the sleeper survived the run: {survivors:?}"
    );
}

#[test]
fn reads_outside_the_read_list_and_grants_are_denied() {
    require!("cat");
    require_landlock!(1);
    let granted = tempfile::tempdir().unwrap();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(granted.path().join("ok"), "granted\n").unwrap();
    std::fs::write(secret.path().join("key"), "secret\n").unwrap();
    let grant = dir_flag(granted.path(), "/data", true);
    let flags = ["--allow-command", "cat", "--dir", &grant];
    let ok = granted.path().join("ok");
    let report = probe(&flags, &["cat", ok.to_str().unwrap()]);
    assert_eq!(
        (report.status, report.stdout.as_str()),
        (0, "granted\\n"),
        "{report:?}"
    );
    let key = secret.path().join("key");
    for path in [key.to_str().unwrap(), "/etc/shadow"] {
        if !Path::new(path).exists() {
            continue;
        }
        let report = probe(&flags, &["cat", path]);
        assert_eq!(report.status, 1, "{path}: {report:?}");
        assert!(report.stderr.contains("Permission denied"), "{report:?}");
        assert_eq!(report.stdout, "", "{path} was read");
    }
    // Control: the same read without the sandbox works (the test user may read its own temporary file).
    let mut off = flags.to_vec();
    off.push("--process-sandbox=off");
    let report = probe(&off, &["cat", key.to_str().unwrap()]);
    assert_eq!(
        (report.status, report.stdout.as_str()),
        (0, "secret\\n"),
        "{report:?}"
    );
}

#[test]
fn a_command_cannot_signal_capvm() {
    require!("sh");
    require_landlock!(6);
    // Signal 0 only checks permission; `$PPID` of the shell is capvm itself.
    let script = "if kill -0 $PPID; then echo reachable; fi";
    let report = probe(&["--allow-command", "sh"], &["sh", "-c", script]);
    assert_eq!(report.stdout, "", "{report:?}");
    assert!(report.stderr.contains("not permitted"), "{report:?}");
    let report = probe(
        &["--allow-command", "sh", "--process-sandbox=off"],
        &["sh", "-c", script],
    );
    assert_eq!(report.stdout, "reachable\\n", "{report:?}");
}

#[test]
fn abstract_unix_sockets_outside_the_command_are_unreachable() {
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixListener};
    // The system Python (not a PATH shim, which would be a script running other programs).
    let python = "/usr/bin/python3";
    if !Path::new(python).exists() {
        eprintln!("SKIP {}: {python} is not installed", module_path!());
        return;
    }
    require_landlock!(6);
    let name = format!("capvm-test-{}", std::process::id());
    let listener =
        UnixListener::bind_addr(&SocketAddr::from_abstract_name(name.as_bytes()).unwrap()).unwrap();
    listener.set_nonblocking(true).unwrap();
    // The probe decodes `\\` to one backslash, so Python gets `'\0NAME'`, an abstract address.
    let script = format!(
        "import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('\\\\0{name}')\nprint('connected')"
    );
    let report = probe(&["--allow-command", python], &[python, "-c", &script]);
    assert_eq!(report.stdout, "", "{report:?}");
    assert!(report.stderr.contains("PermissionError"), "{report:?}");
    assert!(
        listener.accept().is_err(),
        "the command reached the listener"
    );
    let report = probe(
        &["--allow-command", python, "--process-sandbox=off"],
        &[python, "-c", &script],
    );
    assert_eq!(report.stdout, "connected\\n", "{report:?}");
}

#[test]
fn the_run_timeout_also_stops_a_command_the_guest_waits_for() {
    require!("sleep");
    let started = std::time::Instant::now();
    let out = capvm(
        &["--timeout", "300ms", "--allow-command", "sleep"],
        "process-probe",
        &["@timeout=600000", "sleep", "61807"],
        b"",
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(124), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("timed out after 300ms (--timeout)"),
        "{stderr}"
    );
    // The command was killed with the guest, not left running.
    let survivors: Vec<_> = processes()
        .into_iter()
        .filter(|(_, _, _, cmdline)| cmdline.contains("sleep 61807"))
        .collect();
    assert!(survivors.is_empty(), "{survivors:?}");
}

#[test]
fn find_exec_cannot_run_a_host_program_through_the_dynamic_loader() {
    require!("find", "touch");
    require_landlock!(1);
    // The loader may be executed (every dynamically linked program needs it), and it runs any ELF file it can
    // read: the host's program directories must not be readable.
    let Some(loader) = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"]
        .into_iter()
        .find(|path| Path::new(path).exists())
    else {
        eprintln!(
            "SKIP {}: no known dynamic loader on this host",
            module_path!()
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("touched");
    let grant = dir_flag(dir.path(), "/data", false);
    let root = dir.path().to_str().unwrap();
    let touch = which("touch").unwrap();
    let args = [
        "find",
        root,
        "-maxdepth",
        "0",
        "-exec",
        loader,
        touch.to_str().unwrap(),
        marker.to_str().unwrap(),
        ";",
    ];
    let report = probe(&["--allow-command", "find", "--dir", &grant], &args);
    assert!(
        !marker.exists(),
        "the loader ran touch inside find: {report:?}"
    );
    let report = probe(
        &[
            "--allow-command",
            "find",
            "--dir",
            &grant,
            "--process-sandbox=off",
        ],
        &args,
    );
    assert!(
        marker.exists(),
        "the control run did not reach touch: {report:?}"
    );
}
