//! The Landlock sandbox through the library API: only allowed programs execute, and the grants decide what a
//! command may read and write. Each check has a control with the sandbox off, so it can fail.

use std::fs;

use capvm_process::{DirAccess, Error, ProcessPolicy, SandboxMode};

use crate::{Guest, allowing, require, text};

/// The kernel's Landlock ABI as the policy sees it.
fn abi() -> u32 {
    ProcessPolicy::builder()
        .build()
        .unwrap()
        .sandbox_report()
        .landlock_abi
}

/// Returns with a printed reason when the kernel has no Landlock.
macro_rules! require_landlock {
    () => {
        if abi() == 0 {
            eprintln!("SKIP {}: this kernel has no Landlock", module_path!());
            return;
        }
    };
}

#[test]
fn only_allowed_programs_execute() {
    require!("sh", "ls");
    require_landlock!();
    let mut g = Guest::new(allowing(&["sh"]).build().unwrap());
    assert_eq!(g.run(b"sh", &[b"-c", b"ls /"]), 126);
    assert!(text(&g.stderr()).contains("Permission denied"));
    // Allowing ls too lets sh run it.
    let mut g = Guest::new(allowing(&["sh", "ls"]).build().unwrap());
    assert_eq!(
        g.run(b"sh", &[b"-c", b"ls -d /"]),
        0,
        "{}",
        text(&g.stderr())
    );
    let mut g = Guest::new(allowing(&["sh"]).sandbox(SandboxMode::Off).build().unwrap());
    assert_eq!(g.run(b"sh", &[b"-c", b"ls -d /"]), 0);
}

#[test]
fn grants_decide_reads_and_writes() {
    require!("sh");
    require_landlock!();
    let rw = tempfile::tempdir().unwrap();
    let ro = tempfile::tempdir().unwrap();
    fs::write(ro.path().join("in"), "data\n").unwrap();
    let policy = allowing(&["sh"])
        .grant_dir(rw.path(), DirAccess::ReadWrite)
        .grant_dir(ro.path(), DirAccess::ReadOnly)
        .build()
        .unwrap();
    let mut g = Guest::new(policy);
    let script = format!(
        "read line < '{ro}/in' && echo \"$line\" > '{rw}/out' && echo x > '{ro}/nope'",
        ro = ro.path().display(),
        rw = rw.path().display()
    );
    assert_eq!(g.run(b"sh", &[b"-c", script.as_bytes()]), 2);
    assert!(
        text(&g.stderr()).contains("Permission denied"),
        "{}",
        text(&g.stderr())
    );
    assert_eq!(fs::read_to_string(rw.path().join("out")).unwrap(), "data\n");
    assert!(!ro.path().join("nope").exists());
}

#[test]
fn the_report_and_strict_mode_follow_the_kernel() {
    let policy = ProcessPolicy::builder()
        .sandbox(SandboxMode::Strict)
        .build()
        .unwrap();
    let report = policy.sandbox_report();
    assert_eq!(report.mode, SandboxMode::Strict);
    if report.landlock_abi >= 6 {
        assert!(report.not_enforced.is_empty(), "{report:?}");
        assert!(report.enforced.contains(&"exec") && report.enforced.contains(&"signal"));
    } else {
        assert!(!report.not_enforced.is_empty(), "{report:?}");
    }
    let off = ProcessPolicy::builder()
        .sandbox(SandboxMode::Off)
        .build()
        .unwrap();
    assert_eq!(off.sandbox_report().enforced, ["no_new_privs"]);
}

#[test]
fn missing_grants_fail_the_build() {
    // Without Landlock nothing is opened, so nothing can be missing.
    require_landlock!();
    for builder in [
        ProcessPolicy::builder()
            .read_path("/nonexistent/capvm-read")
            .clone(),
        ProcessPolicy::builder()
            .grant_dir("/nonexistent/capvm-dir", DirAccess::ReadOnly)
            .clone(),
    ] {
        let err = builder.build().unwrap_err();
        assert!(matches!(err, Error::InvalidGrant { .. }), "{err}");
        assert!(err.to_string().contains("/nonexistent/capvm-"), "{err}");
    }
}
