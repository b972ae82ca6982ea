//! Which program runs: exact names only, resolved through the host's PATH; and exactly which environment it gets.

use std::fs;

use capvm_process::ProcessPolicy;

use crate::{Guest, denial, guest, require, script, text};

#[test]
fn look_alike_and_path_qualified_names_are_denied_and_nothing_runs() {
    // Every program a look-alike name could reach is a script that leaves a marker; only `ls` is allowed, and it
    // resolves (through the policy's search path) to bin/ls.
    let root = tempfile::tempdir().unwrap();
    let bin = root.path().join("bin");
    let work = root.path().join("work");
    fs::create_dir_all(&bin).unwrap();
    fs::create_dir_all(&work).unwrap();
    let marker = root.path().join("ran");
    let leave_marker = format!("echo \"$0\" >> '{}'", marker.display());
    for path in [
        bin.join("ls"),
        bin.join("LS"),
        bin.join("ls "),
        work.join("ls"),
        work.join("LS"),
    ] {
        script(&path, &leave_marker);
    }
    let policy = ProcessPolicy::builder()
        .search_path(bin.as_os_str().to_os_string())
        .cwd(&work)
        .allow_command("ls")
        // The marker file lies in this grant; without it the sandbox would stop the script's write.
        .grant_dir(root.path(), capvm_process::DirAccess::ReadWrite)
        .build()
        .unwrap();
    assert_eq!(
        policy.resolved_command(b"ls"),
        Some(bin.join("ls").as_path())
    );
    let mut g = Guest::new(policy);
    let absolute = bin.join("ls");
    let names: [&[u8]; 9] = [
        b"/bin/ls",
        b"./ls",
        b"../bin/ls",
        b"ls/",
        b"LS",
        b"ls ",
        b"ls\0x",
        absolute.to_str().unwrap().as_bytes(),
        b"/sb/ls",
    ];
    for name in names {
        assert_eq!(g.run(name, &[]), -1, "{}", text(name));
        assert!(g.stdout().is_empty());
        assert_eq!(g.stderr(), denial(name), "{}", text(name));
        assert!(!marker.exists(), "`{}` started a program", text(name));
    }
    // Control: the allowed name does run (and leaves the marker), so the check above can fail.
    assert_eq!(g.run(b"ls", &[]), 0);
    assert!(fs::read_to_string(&marker).unwrap().contains("bin/ls"));
}

#[test]
fn allowing_a_path_does_not_allow_the_bare_name() {
    require!("echo");
    let Some(echo) = crate::which("echo") else {
        return;
    };
    let path = echo.to_str().unwrap();
    let mut g = guest(&[path]);
    assert_eq!(g.run(b"echo", &[b"x"]), -1);
    assert_eq!(g.stderr(), denial(b"echo"));
    assert_eq!(g.run(path.as_bytes(), &[b"x"]), 0);
    assert_eq!(g.stdout(), b"x\n");
}

#[test]
fn guest_path_cannot_redirect_the_lookup() {
    require!("ls");
    let fake = tempfile::tempdir().unwrap();
    script(&fake.path().join("ls"), "echo FAKE");
    let fake_path = fake.path().to_str().unwrap().as_bytes();
    for policy in [
        ProcessPolicy::builder()
            .allow_command("ls")
            .build()
            .unwrap(),
        ProcessPolicy::builder()
            .allow_all_commands(true)
            .build()
            .unwrap(),
    ] {
        let mut g = Guest::new(policy);
        g.env(b"PATH", fake_path);
        assert_eq!(g.run(b"ls", &[b"-d", b"/"]), 0, "{}", text(&g.stderr()));
        assert_eq!(g.stdout(), b"/\n");
    }
}

#[test]
fn argv0_is_the_guest_name() {
    require!("sh");
    let mut g = guest(&["sh"]);
    assert_eq!(g.run(b"sh", &[b"-c", b"echo \"$0\""]), 0);
    assert_eq!(g.stdout(), b"sh\n");
}

#[test]
fn child_environment_is_exactly_the_guest_set() {
    require!("env");
    let mut g = guest(&["env"]);
    assert_eq!(g.run(b"env", &[]), 0);
    assert_eq!(
        text(&g.stdout()),
        "",
        "nothing leaks from the host environment"
    );

    g.env(b"A", b"1");
    g.env(b"B", b"x y=z");
    g.env(b"PATH", b"/nowhere");
    assert_eq!(g.run(b"env", &[]), 0);
    let mut lines: Vec<String> = text(&g.stdout()).lines().map(str::to_owned).collect();
    lines.sort();
    assert_eq!(lines, ["A=1", "B=x y=z", "PATH=/nowhere"]);
}

#[test]
fn loader_variables_are_refused_unless_allowed() {
    require!("env");
    for key in [
        &b"LD_PRELOAD"[..],
        b"LD_LIBRARY_PATH",
        b"LD_AUDIT",
        b"DYLD_INSERT_LIBRARIES",
    ] {
        let mut g = guest(&["env"]);
        g.env(b"OK", b"1");
        g.env(key, b"/tmp/evil.so");
        assert_eq!(g.run(b"env", &[]), -1);
        assert!(g.stdout().is_empty(), "nothing may run");
        let expected = format!(
            "capvm-process: refused to run `env`: environment variable `{}` is refused: it is a dynamic-loader \
             variable, which the policy refuses\n",
            text(key)
        );
        assert_eq!(text(&g.stderr()), expected);
    }
    let policy = ProcessPolicy::builder()
        .allow_command("env")
        .allow_env_var("LD_LIBRARY_PATH")
        .build()
        .unwrap();
    let mut g = Guest::new(policy);
    g.env(b"LD_LIBRARY_PATH", b"/nonexistent");
    assert_eq!(g.run(b"env", &[]), 0);
    assert_eq!(g.stdout(), b"LD_LIBRARY_PATH=/nonexistent\n");
}

#[test]
fn malformed_env_and_nul_bytes_are_refused() {
    require!("echo");
    let cases: [(&[u8], &[u8], &str); 4] = [
        (b"A=B", b"1", "its name contains '='"),
        (b"A\0B", b"1", "its name contains a NUL byte"),
        (b"A", b"1\0", "its value contains a NUL byte"),
        (b"", b"1", "its name is empty"),
    ];
    for (key, value, why) in cases {
        let mut g = guest(&["echo"]);
        g.env(key, value);
        assert_eq!(g.run(b"echo", &[b"ran"]), -1);
        assert!(g.stdout().is_empty());
        let err = text(&g.stderr());
        assert!(
            err.starts_with("capvm-process: refused to run `echo`: environment variable `"),
            "{err}"
        );
        assert!(err.ends_with(&format!("is refused: {why}\n")), "{err}");
    }
    let mut g = guest(&["echo"]);
    assert_eq!(g.run(b"echo", &[b"a", b"b\0c"]), -1);
    assert!(g.stdout().is_empty());
    assert_eq!(
        text(&g.stderr()),
        "capvm-process: refused to run `echo`: argument 2 contains a NUL byte\n"
    );

    let mut all = Guest::new(
        ProcessPolicy::builder()
            .allow_all_commands(true)
            .build()
            .unwrap(),
    );
    assert_eq!(all.run(b"echo\0x", &[]), -1);
    assert_eq!(
        text(&all.stderr()),
        "capvm-process: refused to run `echo\\x00x`: its name contains a NUL byte\n"
    );
}

#[test]
fn shell_metacharacters_pass_literally() {
    require!("echo");
    let mut g = guest(&["echo"]);
    let args: [&[u8]; 7] = [
        b"$(id)",
        b"; rm -rf /",
        b"`id`",
        b"| nc x 1",
        b"&& reboot",
        b"*",
        b"$HOME",
    ];
    assert_eq!(g.run(b"echo", &args), 0);
    assert_eq!(
        text(&g.stdout()),
        "$(id) ; rm -rf / `id` | nc x 1 && reboot * $HOME\n"
    );
}

#[test]
fn commands_run_in_the_configured_directory() {
    require!("sh");
    let dir = tempfile::tempdir().unwrap();
    let mut g = Guest::new(
        ProcessPolicy::builder()
            .allow_command("sh")
            .cwd(dir.path())
            .build()
            .unwrap(),
    );
    assert_eq!(g.run(b"sh", &[b"-c", b"pwd -P"]), 0);
    let expected = dir.path().canonicalize().unwrap();
    assert_eq!(text(&g.stdout()).trim_end(), expected.to_str().unwrap());

    let mut host = guest(&["sh"]);
    assert_eq!(host.run(b"sh", &[b"-c", b"pwd -P"]), 0);
    let here = std::env::current_dir().unwrap().canonicalize().unwrap();
    assert_eq!(
        text(&host.stdout()).trim_end(),
        here.to_str().unwrap(),
        "default: the host's directory"
    );
}
