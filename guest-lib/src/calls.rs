//! The sequence of host calls behind `Command::output()`, written against a small trait so the exact order can be
//! tested off-wasm with a recording double.

/// The host functions `Command::output()` uses, as safe methods over slices.
pub(crate) trait HostCalls {
    /// `set_prog_name(ptr, len)`.
    fn set_prog_name(&mut self, name: &[u8]);
    /// `add_arg(ptr, len)`.
    fn add_arg(&mut self, arg: &[u8]);
    /// `add_env(kptr, klen, vptr, vlen)`.
    fn add_env(&mut self, key: &[u8], value: &[u8]);
    /// `set_timeout(ms)`.
    fn set_timeout(&mut self, ms: u32);
    /// `add_stdin(ptr, len)`.
    fn add_stdin(&mut self, bytes: &[u8]);
    /// `run()`.
    fn run(&mut self) -> i32;
    /// `get_stdout_len()`.
    fn stdout_len(&mut self) -> u32;
    /// `get_stderr_len()`.
    fn stderr_len(&mut self) -> u32;
    /// A `len`-byte buffer filled by `get_stdout(ptr)`.
    fn read_stdout(&mut self, len: u32) -> Vec<u8>;
    /// A `len`-byte buffer filled by `get_stderr(ptr)`.
    fn read_stderr(&mut self, len: u32) -> Vec<u8>;
}

/// A validated command: lengths fit `u32`, no NUL where the host forbids it.
#[derive(Debug)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "read by the wasm32 host calls and by tests")
)]
pub(crate) struct Request<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) args: Vec<&'a [u8]>,
    pub(crate) env: Vec<(&'a [u8], &'a [u8])>,
    pub(crate) timeout_ms: u32,
    pub(crate) stdin: &'a [u8],
}

/// What one run returned.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawOutput {
    pub(crate) status: i32,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

/// Makes the calls of one `output()` in the order every published crate uses: name, arguments, environment,
/// timeout, stdin (always, even empty), run, stdout length, stderr length, stdout copy, stderr copy (both always,
/// even empty).
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "called by the wasm32 build and by tests")
)]
pub(crate) fn drive(host: &mut impl HostCalls, request: &Request<'_>) -> RawOutput {
    host.set_prog_name(request.name);
    for arg in &request.args {
        host.add_arg(arg);
    }
    for (key, value) in &request.env {
        host.add_env(key, value);
    }
    host.set_timeout(request.timeout_ms);
    host.add_stdin(request.stdin);
    let status = host.run();
    let stdout_len = host.stdout_len();
    let stderr_len = host.stderr_len();
    let stdout = host.read_stdout(stdout_len);
    let stderr = host.read_stderr(stderr_len);
    RawOutput {
        status,
        stdout,
        stderr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every call; answers like a host whose command printed `out` and `err`.
    #[derive(Default)]
    struct Recorder {
        calls: Vec<String>,
        out: Vec<u8>,
        err: Vec<u8>,
    }

    impl HostCalls for Recorder {
        fn set_prog_name(&mut self, name: &[u8]) {
            self.calls
                .push(format!("set_prog_name {}", name.escape_ascii()));
        }
        fn add_arg(&mut self, arg: &[u8]) {
            self.calls.push(format!("add_arg {}", arg.escape_ascii()));
        }
        fn add_env(&mut self, key: &[u8], value: &[u8]) {
            self.calls.push(format!(
                "add_env {}={}",
                key.escape_ascii(),
                value.escape_ascii()
            ));
        }
        fn set_timeout(&mut self, ms: u32) {
            self.calls.push(format!("set_timeout {ms}"));
        }
        fn add_stdin(&mut self, bytes: &[u8]) {
            self.calls.push(format!("add_stdin {}", bytes.len()));
        }
        fn run(&mut self) -> i32 {
            self.calls.push("run".into());
            -56
        }
        fn stdout_len(&mut self) -> u32 {
            self.calls.push("get_stdout_len".into());
            u32::try_from(self.out.len()).unwrap()
        }
        fn stderr_len(&mut self) -> u32 {
            self.calls.push("get_stderr_len".into());
            u32::try_from(self.err.len()).unwrap()
        }
        fn read_stdout(&mut self, len: u32) -> Vec<u8> {
            self.calls.push(format!("get_stdout {len}"));
            self.out.clone()
        }
        fn read_stderr(&mut self, len: u32) -> Vec<u8> {
            self.calls.push(format!("get_stderr {len}"));
            self.err.clone()
        }
    }

    #[test]
    fn calls_follow_the_upstream_order() {
        let mut host = Recorder {
            out: b"out".to_vec(),
            ..Recorder::default()
        };
        let request = Request {
            name: b"sort",
            args: vec![b"-r", b""],
            env: vec![(b"LANG", b"C")],
            timeout_ms: 500,
            stdin: b"b\na\n",
        };
        let raw = drive(&mut host, &request);
        assert_eq!(
            raw,
            RawOutput {
                status: -56,
                stdout: b"out".to_vec(),
                stderr: Vec::new()
            }
        );
        assert_eq!(
            host.calls,
            [
                "set_prog_name sort",
                "add_arg -r",
                "add_arg ",
                "add_env LANG=C",
                "set_timeout 500",
                "add_stdin 4",
                "run",
                "get_stdout_len",
                "get_stderr_len",
                "get_stdout 3",
                "get_stderr 0",
            ]
        );
    }

    #[test]
    fn empty_stdin_and_outputs_are_still_passed() {
        let mut host = Recorder::default();
        let request = Request {
            name: b"true",
            args: Vec::new(),
            env: Vec::new(),
            timeout_ms: 10_000,
            stdin: b"",
        };
        drive(&mut host, &request);
        assert_eq!(
            host.calls,
            [
                "set_prog_name true",
                "set_timeout 10000",
                "add_stdin 0",
                "run",
                "get_stdout_len",
                "get_stderr_len",
                "get_stdout 0",
                "get_stderr 0",
            ]
        );
    }
}
