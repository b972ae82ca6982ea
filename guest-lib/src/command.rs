//! [`Command`]: builds a host command and runs it through the `wasmedge_process` imports.

use std::collections::HashMap;
use std::env;

use crate::calls::Request;
use crate::error::Error;
use crate::output::Output;
use crate::sys;

/// The timeout a new command gets, in milliseconds (the host's default too).
const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// A host command to run, built like `std::process::Command` and with the public fields and methods of
/// `wasmedge_process_interface` 0.2.1, so existing guests port by changing one line of Cargo.toml.
///
/// The host decides whether the command may run (capvm: `--allow-command NAME`, matched byte for byte). Commands
/// are never run through a shell: every argument reaches the program literally.
///
/// ```no_run
/// use capvm_guest::Command;
///
/// let out = Command::new("sort").arg("-r").stdin("b\na\nc\n").output();
/// if out.success() {
///     print!("{}", String::from_utf8_lossy(&out.stdout));
/// } else {
///     eprint!("sort failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr));
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Command {
    /// The program name, as the host's allow-list must match it.
    pub name: String,
    /// The arguments, in order.
    pub args_list: Vec<String>,
    /// The program's whole environment. [`Command::new`] fills it with this guest's own environment.
    pub envp_map: HashMap<String, String>,
    /// The timeout in milliseconds (default 10000).
    pub timeout_val: u32,
    /// The bytes to feed the program's stdin.
    pub stdin_str: Vec<u8>,
}

impl Command {
    /// A command running `prog`, with no arguments, empty stdin, a 10 s timeout, and this guest's environment
    /// (its UTF-8 variables; others are skipped, where upstream panicked).
    ///
    /// ```
    /// let cmd = capvm_guest::Command::new("ls");
    /// assert_eq!(cmd.name, "ls");
    /// assert_eq!(cmd.timeout_val, 10_000);
    /// assert!(cmd.args_list.is_empty() && cmd.stdin_str.is_empty());
    /// ```
    pub fn new<S: AsRef<str>>(prog: S) -> Command {
        let envp_map = env::vars_os()
            .filter_map(|(key, value)| Some((key.into_string().ok()?, value.into_string().ok()?)))
            .collect();
        Command {
            name: prog.as_ref().to_owned(),
            args_list: Vec::new(),
            envp_map,
            timeout_val: DEFAULT_TIMEOUT_MS,
            stdin_str: Vec::new(),
        }
    }

    /// Adds one argument.
    pub fn arg<S: AsRef<str>>(&mut self, arg: S) -> &mut Command {
        self.args_list.push(arg.as_ref().to_owned());
        self
    }

    /// Adds several arguments, in order.
    ///
    /// ```
    /// let mut cmd = capvm_guest::Command::new("wc");
    /// cmd.arg("-l").args(["-w", "-c"]);
    /// assert_eq!(cmd.args_list, ["-l", "-w", "-c"]);
    /// cmd.args_clear();
    /// assert!(cmd.args_list.is_empty());
    /// ```
    pub fn args<I, S>(&mut self, args: I) -> &mut Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    /// Removes every argument.
    pub fn args_clear(&mut self) -> &mut Command {
        self.args_list.clear();
        self
    }

    /// Sets (or replaces) one environment variable.
    ///
    /// ```
    /// let mut cmd = capvm_guest::Command::new("env");
    /// cmd.env("LANG", "C").env("LANG", "C.UTF-8").envs([("A", "1")]);
    /// assert_eq!(cmd.envp_map["LANG"], "C.UTF-8");
    /// assert_eq!(cmd.envp_map["A"], "1");
    /// ```
    pub fn env<K, V>(&mut self, key: K, val: V) -> &mut Command
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        self.envp_map
            .insert(key.as_ref().to_owned(), val.as_ref().to_owned());
        self
    }

    /// Sets several environment variables.
    pub fn envs<I, K, V>(&mut self, vars: I) -> &mut Command
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        for (key, val) in vars {
            self.env(key, val);
        }
        self
    }

    /// Appends text to the command's stdin. (Upstream panicked on a NUL byte; here it is passed like any other.)
    ///
    /// ```
    /// let mut cmd = capvm_guest::Command::new("cat");
    /// cmd.stdin("hello").stdin_u8(b' ').stdin_u8vec(b"world");
    /// assert_eq!(cmd.stdin_str, b"hello world");
    /// ```
    pub fn stdin<S: AsRef<str>>(&mut self, buf: S) -> &mut Command {
        self.stdin_str.extend_from_slice(buf.as_ref().as_bytes());
        self
    }

    /// Appends one byte to the command's stdin.
    pub fn stdin_u8(&mut self, buf: u8) -> &mut Command {
        self.stdin_str.push(buf);
        self
    }

    /// Appends bytes to the command's stdin.
    pub fn stdin_u8vec<S: AsRef<[u8]>>(&mut self, buf: S) -> &mut Command {
        self.stdin_str.extend_from_slice(buf.as_ref());
        self
    }

    /// Sets the timeout in milliseconds. The host may clamp it to its own ceiling; on expiry the status is 110.
    pub fn timeout(&mut self, time: u32) -> &mut Command {
        self.timeout_val = time;
        self
    }

    /// Runs the command and returns its status and output. Never panics: where [`try_output`](Self::try_output)
    /// would return an error, this returns status -1 with the reason as one `capvm-guest: ` line on stderr. In
    /// particular, on a non-wasm32 target (no host module) every call returns status -1.
    ///
    /// The command is not consumed and can be run again.
    pub fn output(&mut self) -> Output {
        self.try_output().unwrap_or_else(|err| Output {
            status: -1,
            stdout: Vec::new(),
            stderr: format!("capvm-guest: {err}\n").into_bytes(),
        })
    }

    /// Runs the command, or says why it could not be sent to the host. Nothing reaches the host unless the whole
    /// command is valid. A refusal *by the host* is not an `Err`: it is an [`Output`] with status -1.
    ///
    /// # Errors
    ///
    /// [`Error::NulInName`], [`Error::NulInArg`] or [`Error::NulInEnv`] for a NUL byte (upstream panicked),
    /// [`Error::TooLong`] for an input past 4 GiB, and [`Error::Unsupported`] when not compiled for wasm32.
    ///
    /// ```
    /// use capvm_guest::{Command, Error};
    ///
    /// let err = Command::new("echo").arg("a\0b").try_output().unwrap_err();
    /// assert_eq!(err, Error::NulInArg { index: 1, arg: "a\0b".into() });
    /// ```
    pub fn try_output(&self) -> Result<Output, Error> {
        let request = self.request()?;
        let raw = sys::call_host(&request)?;
        Ok(Output {
            status: raw.status,
            stdout: raw.stdout,
            stderr: raw.stderr,
        })
    }

    /// Checks every input and borrows it for the host calls. The environment keeps `HashMap` order, as upstream.
    fn request(&self) -> Result<Request<'_>, Error> {
        if self.name.contains('\0') {
            return Err(Error::NulInName {
                name: self.name.clone(),
            });
        }
        check_len("name", self.name.len())?;
        let mut args = Vec::with_capacity(self.args_list.len());
        for (index, arg) in self.args_list.iter().enumerate() {
            if arg.contains('\0') {
                return Err(Error::NulInArg {
                    index: index + 1,
                    arg: arg.clone(),
                });
            }
            check_len("argument", arg.len())?;
            args.push(arg.as_bytes());
        }
        let mut env = Vec::with_capacity(self.envp_map.len());
        for (key, value) in &self.envp_map {
            if key.contains('\0') || value.contains('\0') {
                return Err(Error::NulInEnv { key: key.clone() });
            }
            check_len("environment variable", key.len().max(value.len()))?;
            env.push((key.as_bytes(), value.as_bytes()));
        }
        check_len("stdin", self.stdin_str.len())?;
        Ok(Request {
            name: self.name.as_bytes(),
            args,
            env,
            timeout_ms: self.timeout_val,
            stdin: &self.stdin_str,
        })
    }
}

fn check_len(what: &'static str, len: usize) -> Result<(), Error> {
    match u32::try_from(len) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::TooLong { what, len }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_fill_the_public_fields() {
        let mut cmd = Command::new("rusttest");
        cmd.arg("val1").arg("val2").args(["val3", "val4"]);
        assert_eq!(cmd.args_list, ["val1", "val2", "val3", "val4"]);
        cmd.args_clear();
        assert!(cmd.args_list.is_empty());
        cmd.env("ENV1", "VALUE1")
            .envs(HashMap::from([("ENV2".to_owned(), "VALUE2".to_owned())]));
        cmd.env("ENV1", "OTHER");
        assert_eq!(cmd.envp_map["ENV1"], "OTHER");
        assert_eq!(cmd.envp_map["ENV2"], "VALUE2");
        cmd.stdin("hello")
            .stdin(" ")
            .stdin_u8vec(b"world")
            .stdin_u8(b'!')
            .stdin("\0");
        assert_eq!(cmd.stdin_str, b"hello world!\0");
        cmd.timeout(666_666);
        assert_eq!(cmd.timeout_val, 666_666);
    }

    #[test]
    fn new_copies_the_process_environment() {
        let cmd = Command::new("x");
        let expected: HashMap<String, String> = env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        assert_eq!(cmd.envp_map, expected);
        assert!(cmd.envp_map.contains_key("PATH") || env::var_os("PATH").is_none());
    }

    #[test]
    fn struct_literal_construction_still_works() {
        let cmd = Command {
            name: "echo".into(),
            args_list: vec!["hi".into()],
            envp_map: HashMap::new(),
            timeout_val: 5,
            stdin_str: Vec::new(),
        };
        let request = cmd.request().unwrap();
        assert_eq!(request.name, b"echo");
        assert_eq!(request.args, [b"hi"]);
        assert!(request.env.is_empty());
        assert_eq!(request.timeout_ms, 5);
    }

    #[test]
    fn nul_bytes_are_errors_not_panics() {
        let err = Command::new("ec\0ho").try_output().unwrap_err();
        assert_eq!(
            err,
            Error::NulInName {
                name: "ec\0ho".into()
            }
        );
        let err = Command::new("echo")
            .arg("ok")
            .arg("b\0d")
            .try_output()
            .unwrap_err();
        assert_eq!(
            err,
            Error::NulInArg {
                index: 2,
                arg: "b\0d".into()
            }
        );
        let mut cmd = Command::new("echo");
        cmd.envp_map.clear();
        let err = cmd.env("K", "v\0").try_output().unwrap_err();
        assert_eq!(err, Error::NulInEnv { key: "K".into() });
        let err = Command::new("echo")
            .env("K\0", "v")
            .try_output()
            .unwrap_err();
        assert_eq!(err, Error::NulInEnv { key: "K\0".into() });

        let out = Command::new("ec\0ho").output();
        assert_eq!(out.status, -1);
        assert!(out.stdout.is_empty());
        assert_eq!(
            out.stderr,
            b"capvm-guest: command name \"ec\\0ho\" contains a NUL byte\n"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn outside_wasm32_commands_report_that_there_is_no_host() {
        let err = Command::new("echo").arg("hi").try_output().unwrap_err();
        assert_eq!(
            err,
            Error::Unsupported {
                target_arch: std::env::consts::ARCH
            }
        );
        let out = Command::new("echo").output();
        assert_eq!(out.status, -1);
        assert!(!out.success());
        assert!(out.stdout.is_empty());
        let text = String::from_utf8(out.stderr).unwrap();
        assert!(
            text.starts_with("capvm-guest: running host commands needs a wasm32 guest"),
            "{text}"
        );
        assert!(
            text.ends_with(&format!("this build targets {}\n", std::env::consts::ARCH)),
            "{text}"
        );
    }
}
