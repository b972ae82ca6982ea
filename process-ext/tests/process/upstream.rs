//! WasmEdge's own plugin tests (process-abi.md §6), case by case.

use std::time::Instant;

use capvm_process::{Error, ProcessPolicy, abi};

use crate::{Guest, denial, guest, require, text, which};

#[test]
fn set_prog_name() {
    let mut g = Guest::new(ProcessPolicy::default());
    g.memory[..4].copy_from_slice(b"echo");
    abi::set_prog_name(&mut g.state, Some(&g.memory), 0, 4).unwrap();
    assert_eq!(g.state.prog_name(), b"echo");
    let err = abi::set_prog_name(&mut g.state, None, 0, 4).unwrap_err();
    assert!(
        matches!(
            err,
            Error::MissingMemory {
                func: "set_prog_name"
            }
        ),
        "{err}"
    );
}

#[test]
fn add_arg() {
    let mut g = Guest::new(ProcessPolicy::default());
    g.memory[..8].copy_from_slice(b"arg1arg2");
    g.memory[30..41].copy_from_slice(b"--final-arg");
    abi::add_arg(&mut g.state, Some(&g.memory), 0, 4).unwrap();
    assert_eq!(g.state.args().len(), 1);
    abi::add_arg(&mut g.state, Some(&g.memory), 4, 4).unwrap();
    assert_eq!(g.state.args().len(), 2);
    abi::add_arg(&mut g.state, Some(&g.memory), 30, 11).unwrap();
    assert_eq!(
        g.state.args(),
        [b"arg1".to_vec(), b"arg2".to_vec(), b"--final-arg".to_vec()]
    );
    assert!(
        abi::add_arg(&mut g.state, None, 0, 4)
            .unwrap_err()
            .is_trap()
    );
}

#[test]
fn add_env() {
    let mut g = Guest::new(ProcessPolicy::default());
    g.memory[..10].copy_from_slice(b"ENV1VALUE1");
    g.memory[30..45].copy_from_slice(b"LD_LIBRARY_PATH");
    g.memory[50..64].copy_from_slice(b"/usr/local/lib");
    abi::add_env(&mut g.state, Some(&g.memory), 0, 4, 4, 6).unwrap();
    assert_eq!(
        g.state.env().collect::<Vec<_>>(),
        [(&b"ENV1"[..], &b"VALUE1"[..])]
    );
    abi::add_env(&mut g.state, Some(&g.memory), 30, 15, 50, 14).unwrap();
    assert_eq!(g.state.env().count(), 2);
    assert!(
        g.state
            .env()
            .any(|kv| kv == (&b"LD_LIBRARY_PATH"[..], &b"/usr/local/lib"[..]))
    );
    assert!(
        abi::add_env(&mut g.state, None, 0, 4, 4, 6)
            .unwrap_err()
            .is_trap()
    );
}

#[test]
fn add_stdin() {
    let mut g = Guest::new(ProcessPolicy::default());
    g.memory[..4].copy_from_slice(&[1, 2, 3, 4]);
    g.memory[100..116].copy_from_slice(b"hello, wasmedge\n");
    abi::add_stdin(&mut g.state, Some(&g.memory), 0, 4).unwrap();
    abi::add_stdin(&mut g.state, Some(&g.memory), 100, 16).unwrap();
    assert_eq!(g.state.stdin(), b"\x01\x02\x03\x04hello, wasmedge\n");
    assert!(
        abi::add_stdin(&mut g.state, None, 0, 4)
            .unwrap_err()
            .is_trap()
    );
}

#[test]
fn set_timeout_needs_no_memory() {
    let mut g = Guest::new(ProcessPolicy::default());
    abi::set_timeout(&mut g.state, 100);
    assert_eq!(g.state.timeout_ms(), 100);
}

#[test]
fn run_denied_command_reads_the_exact_message() {
    let mut g = guest(&[]);
    assert_eq!(g.run(b"c++", &[]), -1);
    assert!(g.stdout().is_empty());
    assert_eq!(text(&g.stderr()), text(&denial(b"c++")));
    assert_eq!(
        g.stderr(),
        b"Permission denied: Command \"c++\" is not in the white list. Please use --allow-command=c++ or \
          --allow-command-all to add \"c++\" command into the white list.\n"
    );
}

/// Upstream runs `c++` with no input file (exit 1, a complaint on stderr); `cat` of a missing file is the
/// fallback with the same status when no C++ compiler is installed.
fn failing_compiler() -> (&'static str, Vec<&'static [u8]>) {
    if which("c++").is_some() {
        ("c++", Vec::new())
    } else {
        eprintln!("note: c++ is not installed; using `cat /nonexistent` for the exit-1 cases");
        ("cat", vec![b"/nonexistent/capvm-test"])
    }
}

#[test]
fn run_allow_all_and_allow_list_return_the_real_exit_code() {
    let (cmd, args) = failing_compiler();
    let mut all = Guest::new(
        ProcessPolicy::builder()
            .allow_all_commands(true)
            .build()
            .unwrap(),
    );
    assert_eq!(all.run(cmd.as_bytes(), &args), 1);
    assert!(all.stdout().is_empty());
    assert!(!all.stderr().is_empty());

    let mut listed = guest(&[cmd]);
    assert_eq!(listed.run(cmd.as_bytes(), &args), 1);
    assert!(listed.stdout().is_empty());
    assert!(!listed.stderr().is_empty());
}

#[test]
fn run_absolute_name_allowed_exactly() {
    require!("echo");
    if !std::path::Path::new("/bin/echo").is_file() {
        eprintln!("SKIP run_absolute_name_allowed_exactly: /bin/echo does not exist");
        return;
    }
    let mut g = guest(&["/bin/echo"]);
    assert_eq!(g.run(b"/bin/echo", &[b"123456 test"]), 0);
    assert_eq!(g.stdout(), b"123456 test\n");
    assert_eq!(g.stdout().len(), 12);
    assert!(g.stderr().is_empty());
}

#[test]
fn timeout_precision() {
    require!("sleep");
    let mut g = Guest::new(
        ProcessPolicy::builder()
            .allow_all_commands(true)
            .build()
            .unwrap(),
    );
    g.name(b"sleep");
    g.arg(b"2");
    abi::set_timeout(&mut g.state, 500);
    let start = Instant::now();
    assert_eq!(abi::run(&mut g.state), 110);
    let elapsed = start.elapsed().as_millis();
    assert!((400..=900).contains(&elapsed), "took {elapsed} ms");
}

#[test]
fn get_exit_code() {
    require!("sh");
    let mut g = guest(&["sh"]);
    assert_eq!(abi::get_exit_code(&g.state), 0, "0 before any run");
    assert_eq!(g.run(b"sh", &[b"-c", b"exit 42"]), 42);
    assert_eq!(abi::get_exit_code(&g.state), 42);
}

#[test]
fn get_stdout() {
    require!("echo");
    let mut g = guest(&["echo"]);
    assert_eq!(g.run(b"echo", &[b"$(pwd)"]), 0);
    assert!(abi::get_stdout_len(&g.state) > 0);
    assert!(abi::get_stdout(&g.state, None, 0).unwrap_err().is_trap());
    abi::get_stdout(&g.state, Some(&mut g.memory), 0).unwrap();
    assert_eq!(&g.memory[..7], g.state.stdout());
    assert_eq!(g.state.stdout(), b"$(pwd)\n");
}

#[test]
fn get_stderr() {
    let (cmd, args) = failing_compiler();
    let mut g = guest(&[cmd]);
    assert_ne!(g.run(cmd.as_bytes(), &args), 0);
    let len = usize::try_from(abi::get_stderr_len(&g.state)).unwrap();
    assert!(len > 0);
    assert!(abi::get_stderr(&g.state, None, 0).unwrap_err().is_trap());
    abi::get_stderr(&g.state, Some(&mut g.memory), 0).unwrap();
    assert_eq!(&g.memory[..len], g.state.stderr());
}

#[test]
fn module_has_eleven_functions_under_both_names() {
    let expected = [
        "set_prog_name",
        "add_arg",
        "add_env",
        "add_stdin",
        "set_timeout",
        "run",
        "get_exit_code",
        "get_stdout_len",
        "get_stdout",
        "get_stderr_len",
        "get_stderr",
    ];
    assert_eq!(abi::FUNCTIONS, expected);
    assert_eq!(abi::MODULES, ["wasmedge_process", "ssvm_process"]);
    for module in abi::MODULES {
        let names: Vec<String> = abi::FUNCTIONS
            .iter()
            .map(|f| abi::import_name(module, f))
            .collect();
        assert_eq!(names.len(), 11);
        assert!(names.iter().all(|n| n.starts_with(&format!("{module}_"))));
    }
    assert_eq!(
        abi::import_name("wasmedge_process", "get_stderr_len"),
        "wasmedge_process_get_stderr_len"
    );
    assert_eq!(
        abi::get_exit_code(&Guest::new(ProcessPolicy::default()).state),
        0
    );
}
