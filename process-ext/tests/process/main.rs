//! Integration tests of the process extension: one binary, one module per behaviour.
//!
//! Each test runs real host commands. A test whose host program is missing prints `SKIP` with the reason and
//! returns; `sh`, `echo`, `sleep`, `yes`, `env`, `ls` and `cat` are expected everywhere.

mod abi_edges;
mod io;
mod linker;
mod names_env;
mod sandbox;
mod status;
mod upstream;

use std::path::{Path, PathBuf};

use capvm_process::{ProcessPolicy, ProcessPolicyBuilder, ProcessState, abi};

/// Where a [`Guest`] writes its inputs, and where it asks for outputs.
const OUTPUT_AT: usize = 32 * 1024;

/// A state plus a 64 KiB "guest memory", driven only through the `abi` functions.
pub(crate) struct Guest {
    pub(crate) state: ProcessState,
    pub(crate) memory: Vec<u8>,
    next: usize,
}

impl Guest {
    pub(crate) fn new(policy: ProcessPolicy) -> Self {
        Self {
            state: ProcessState::new(policy),
            memory: vec![0; 64 * 1024],
            next: 0,
        }
    }

    /// Copies `bytes` into memory and returns `(ptr, len)`.
    pub(crate) fn put(&mut self, bytes: &[u8]) -> (i32, i32) {
        let at = self.next;
        self.memory[at..at + bytes.len()].copy_from_slice(bytes);
        self.next += bytes.len();
        assert!(self.next < OUTPUT_AT, "test inputs too large");
        (
            i32::try_from(at).unwrap(),
            i32::try_from(bytes.len()).unwrap(),
        )
    }

    pub(crate) fn name(&mut self, name: &[u8]) {
        let (p, l) = self.put(name);
        abi::set_prog_name(&mut self.state, Some(&self.memory), p, l).unwrap();
    }

    pub(crate) fn arg(&mut self, arg: &[u8]) {
        let (p, l) = self.put(arg);
        abi::add_arg(&mut self.state, Some(&self.memory), p, l).unwrap();
    }

    pub(crate) fn env(&mut self, key: &[u8], value: &[u8]) {
        let (kp, kl) = self.put(key);
        let (vp, vl) = self.put(value);
        abi::add_env(&mut self.state, Some(&self.memory), kp, kl, vp, vl).unwrap();
    }

    /// Sets name and arguments, as the guest crate does, then runs with the crate's calls (empty stdin, ptr 1).
    pub(crate) fn run(&mut self, name: &[u8], args: &[&[u8]]) -> i32 {
        self.name(name);
        for arg in args {
            self.arg(arg);
        }
        abi::add_stdin(&mut self.state, Some(&self.memory), 1, 0).unwrap();
        let status = abi::run(&mut self.state);
        self.next = 0;
        status
    }

    /// The captured stdout, fetched through `get_stdout_len` / `get_stdout`.
    pub(crate) fn stdout(&mut self) -> Vec<u8> {
        let len = usize::try_from(abi::get_stdout_len(&self.state)).unwrap();
        let ptr = i32::try_from(OUTPUT_AT).unwrap();
        abi::get_stdout(&self.state, Some(&mut self.memory), ptr).unwrap();
        self.memory[OUTPUT_AT..OUTPUT_AT + len].to_vec()
    }

    /// The captured stderr, fetched through `get_stderr_len` / `get_stderr`.
    pub(crate) fn stderr(&mut self) -> Vec<u8> {
        let len = usize::try_from(abi::get_stderr_len(&self.state)).unwrap();
        let ptr = i32::try_from(OUTPUT_AT).unwrap();
        abi::get_stderr(&self.state, Some(&mut self.memory), ptr).unwrap();
        self.memory[OUTPUT_AT..OUTPUT_AT + len].to_vec()
    }
}

/// The host executable `program` as found in the test process's PATH.
pub(crate) fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Returns from the test, with a printed reason, when a host program is missing.
#[macro_export]
macro_rules! require {
    ($($program:expr),+ $(,)?) => {
        for program in [$($program),+] {
            if $crate::which(program).is_none() {
                eprintln!("SKIP {}: host program `{program}` is not installed", module_path!());
                return;
            }
        }
    };
}

/// A builder allowing `commands`.
pub(crate) fn allowing(commands: &[&str]) -> ProcessPolicyBuilder {
    let mut builder = ProcessPolicy::builder();
    builder.allow_commands(commands);
    builder
}

/// A guest under a policy allowing exactly `commands`.
pub(crate) fn guest(commands: &[&str]) -> Guest {
    Guest::new(allowing(commands).build().unwrap())
}

/// Text for assertion messages.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes an executable `#!/bin/sh` script.
pub(crate) fn script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The upstream permission message for `name`.
pub(crate) fn denial(name: &[u8]) -> Vec<u8> {
    let mut msg = b"Permission denied: Command \"".to_vec();
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"\" is not in the white list. Please use --allow-command=");
    msg.extend_from_slice(name);
    msg.extend_from_slice(b" or --allow-command-all to add \"");
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"\" command into the white list.\n");
    msg
}

/// Whether a live process has exactly the command line `cmdline` (arguments joined by spaces).
pub(crate) fn running(cmdline: &str) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        std::fs::read(entry.path().join("cmdline"))
            .is_ok_and(|c| String::from_utf8_lossy(&c).replace('\0', " ").trim_end() == cmdline)
    })
}
