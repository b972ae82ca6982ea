//! The per-instance WASI state and the builder that configures it.
//!
//! Defaults are safe: no arguments, no environment, no filesystem, no
//! sockets, empty stdin and discarded stdout/stderr. Everything the guest can
//! reach is granted explicitly here; [`WasiCtxBuilder::preopened_dir`] is the
//! only code that resolves a host path with the process's ambient authority.

use std::net::TcpListener;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::descriptor::{Descriptor, DirDesc, DirPerms, FilePerms, Perms};
use crate::error::Error;
use crate::fd_table::FdTable;
use crate::stdio::{OutputBuffer, OutputSink, StdinSource};

/// Default cap on open descriptors per instance (stdio and preopens count).
pub const DEFAULT_MAX_OPEN_FDS: usize = 512;
/// Default per-call budget of bytes copied from guest to host for metadata
/// (iovec arrays, paths, subscriptions), as wasmtime's hostcall fuel.
pub const DEFAULT_HOSTCALL_BUDGET: usize = 128 << 20;
/// Default cap on the encoded size of the arguments, and separately of the
/// environment.
pub const DEFAULT_MAX_ARGS_ENV_SIZE: usize = 16 << 20;

/// Resource limits of one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum number of open descriptors; `path_open`/`sock_accept` answer
    /// `mfile` beyond it.
    pub max_open_fds: usize,
    /// Bytes of metadata a single call may copy from the guest before it
    /// answers `nomem`.
    pub hostcall_budget: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_open_fds: DEFAULT_MAX_OPEN_FDS,
            hostcall_budget: DEFAULT_HOSTCALL_BUDGET,
        }
    }
}

/// The WASI state of one guest instance: arguments, environment, descriptor
/// table and limits. Build it with [`WasiCtxBuilder`].
#[derive(Debug)]
pub struct WasiCtx {
    /// Arguments, each without its NUL terminator.
    pub(crate) args: Vec<Vec<u8>>,
    /// `KEY=VALUE` entries, each without its NUL terminator.
    pub(crate) env: Vec<Vec<u8>>,
    pub(crate) fds: FdTable,
    pub(crate) limits: Limits,
    /// Set by the embedder to cut blocking waits short (`poll_oneoff`).
    pub(crate) interrupt: Option<Arc<AtomicBool>>,
    /// For the duration of one call: whether the calling store has been asked to stop (its interrupt handle or
    /// epoch deadline), which also cuts blocking waits short.
    pub(crate) store_interrupt: Option<capvm_core::InterruptProbe>,
}

impl Default for WasiCtx {
    /// A context that grants nothing: no arguments, no environment, no directories or sockets, stdin empty and
    /// output discarded.
    fn default() -> Self {
        WasiCtxBuilder::new()
            .build()
            .expect("an empty builder has nothing that can fail (tested)")
    }
}

impl WasiCtx {
    /// A builder with the safe defaults.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Number of descriptors the guest has open.
    pub fn open_fds(&self) -> usize {
        self.fds.len()
    }
}

enum StdinChoice {
    Empty,
    Bytes(Vec<u8>),
    Inherit,
}

/// Configures and creates a [`WasiCtx`].
///
/// Methods chain on `&mut self`; validation errors in arguments or the
/// environment are reported by [`build`](Self::build), never by a panic.
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
    preopens: Vec<(cap_std::fs::Dir, String, Perms)>,
    sockets: Vec<TcpListener>,
    stdin: StdinChoice,
    stdout: OutputSink,
    stderr: OutputSink,
    limits: Limits,
    max_args_env_size: usize,
    interrupt: Option<Arc<AtomicBool>>,
}

impl std::fmt::Debug for WasiCtxBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtxBuilder")
            .field("args", &self.args.len())
            .field("env", &self.env.len())
            .field("preopens", &self.preopens.len())
            .field("sockets", &self.sockets.len())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl WasiCtxBuilder {
    /// A builder with nothing granted.
    pub fn new() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            preopens: Vec::new(),
            sockets: Vec::new(),
            stdin: StdinChoice::Empty,
            stdout: OutputSink::Discard,
            stderr: OutputSink::Discard,
            limits: Limits::default(),
            max_args_env_size: DEFAULT_MAX_ARGS_ENV_SIZE,
            interrupt: None,
        }
    }

    /// Appends one argument (the first is conventionally the program name).
    pub fn arg(&mut self, arg: impl AsRef<[u8]>) -> &mut Self {
        self.args.push(arg.as_ref().to_vec());
        self
    }

    /// Appends several arguments.
    pub fn args<I, A>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = A>,
        A: AsRef<[u8]>,
    {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    /// Appends the host process's own arguments (explicit opt-in).
    pub fn inherit_args(&mut self) -> &mut Self {
        for arg in std::env::args_os() {
            self.arg(arg.as_bytes());
        }
        self
    }

    /// Adds one environment variable. A key with `=` or NUL, or a value
    /// with NUL, makes [`build`](Self::build) fail.
    pub fn env(&mut self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> &mut Self {
        self.env
            .push((key.as_ref().to_vec(), value.as_ref().to_vec()));
        self
    }

    /// Adds several environment variables.
    pub fn envs<I, K, V>(&mut self, vars: I) -> &mut Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        for (key, value) in vars {
            self.env(key, value);
        }
        self
    }

    /// Copies the host process's environment, byte for byte (explicit
    /// opt-in; nothing is inherited by default).
    pub fn inherit_env(&mut self) -> &mut Self {
        for (key, value) in std::env::vars_os() {
            self.env(key.as_bytes(), value.as_bytes());
        }
        self
    }

    /// Grants the guest the host directory `host_path`, visible to the guest
    /// as `guest_path` with the given permission, for its files too:
    /// [`DirPerms::ReadOnly`] gives [`FilePerms::ReadOnly`] and
    /// [`DirPerms::ReadWrite`] gives [`FilePerms::ReadWrite`]. Use
    /// [`preopened_dir_with_perms`](Self::preopened_dir_with_perms) to choose
    /// them separately.
    ///
    /// This is the only place where a host path is resolved with the
    /// process's ambient authority; everything the guest does afterwards is
    /// resolved beneath the opened directory handle.
    ///
    /// # Errors
    ///
    /// [`Error::OpenPreopen`] if the directory cannot be opened,
    /// [`Error::InvalidGuestPath`] if `guest_path` is empty or has a NUL.
    pub fn preopened_dir(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: impl Into<String>,
        perms: DirPerms,
    ) -> Result<&mut Self, Error> {
        self.preopen(host_path.as_ref(), guest_path.into(), Perms::of_dir(perms))
    }

    /// Like [`preopened_dir`](Self::preopened_dir), with the directory
    /// permissions (what may happen to the entries) and the file permissions
    /// (what may happen to the contents of the files beneath) chosen
    /// separately, as wasmtime's `preopened_dir(host, guest, DirPerms,
    /// FilePerms)` takes them. [`FilePerms`] has the rules, among them
    /// creating a file beneath read-write directories with read-only files.
    ///
    /// ```
    /// use capvm_wasi::{DirPerms, FilePerms, WasiCtxBuilder};
    ///
    /// # fn main() -> Result<(), capvm_wasi::Error> {
    /// # let logs = std::env::temp_dir();
    /// // Existing files may be rewritten, but nothing created, removed or renamed.
    /// let ctx = WasiCtxBuilder::new()
    ///     .preopened_dir_with_perms(&logs, "/logs", DirPerms::ReadOnly, FilePerms::ReadWrite)?
    ///     .build()?;
    /// # assert_eq!(ctx.open_fds(), 4);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`preopened_dir`](Self::preopened_dir).
    pub fn preopened_dir_with_perms(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: impl Into<String>,
        dir_perms: DirPerms,
        file_perms: FilePerms,
    ) -> Result<&mut Self, Error> {
        let perms = Perms {
            dir: dir_perms,
            file: file_perms,
        };
        self.preopen(host_path.as_ref(), guest_path.into(), perms)
    }

    fn preopen(
        &mut self,
        host_path: &Path,
        guest_path: String,
        perms: Perms,
    ) -> Result<&mut Self, Error> {
        if guest_path.is_empty() || guest_path.contains('\0') {
            return Err(Error::InvalidGuestPath { guest_path });
        }
        let dir = cap_std::fs::Dir::open_ambient_dir(host_path, cap_std::ambient_authority())
            .map_err(|source| Error::OpenPreopen {
                path: host_path.to_path_buf(),
                source,
            })?;
        self.preopens.push((dir, guest_path, perms));
        Ok(self)
    }

    /// Grants an already-bound listening socket (like wasmtime's
    /// `--tcplisten`). Sockets are numbered after the preopened directories.
    pub fn preopened_socket(&mut self, listener: TcpListener) -> &mut Self {
        self.sockets.push(listener);
        self
    }

    /// Gives the guest these bytes as stdin.
    pub fn stdin_bytes(&mut self, bytes: Vec<u8>) -> &mut Self {
        self.stdin = StdinChoice::Bytes(bytes);
        self
    }

    /// Connects the guest's stdin to the host's.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdin = StdinChoice::Inherit;
        self
    }

    /// Captures the guest's stdout into `buffer` (keep a clone to read it).
    pub fn stdout(&mut self, buffer: OutputBuffer) -> &mut Self {
        self.stdout = OutputSink::Buffer(buffer);
        self
    }

    /// Captures the guest's stderr into `buffer` (keep a clone to read it).
    pub fn stderr(&mut self, buffer: OutputBuffer) -> &mut Self {
        self.stderr = OutputSink::Buffer(buffer);
        self
    }

    /// Connects the guest's stdout to the host's.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdout = OutputSink::InheritStdout;
        self
    }

    /// Connects the guest's stderr to the host's.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stderr = OutputSink::InheritStderr;
        self
    }

    /// Connects stdin, stdout and stderr to the host's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }

    /// Caps the number of open descriptors (default
    /// [`DEFAULT_MAX_OPEN_FDS`]).
    pub fn max_open_fds(&mut self, max: usize) -> &mut Self {
        self.limits.max_open_fds = max;
        self
    }

    /// Sets the per-call metadata copy budget (default
    /// [`DEFAULT_HOSTCALL_BUDGET`]).
    pub fn hostcall_budget(&mut self, bytes: usize) -> &mut Self {
        self.limits.hostcall_budget = bytes;
        self
    }

    /// Caps the encoded size of the arguments, and separately of the
    /// environment (default [`DEFAULT_MAX_ARGS_ENV_SIZE`]).
    pub fn max_args_env_size(&mut self, bytes: usize) -> &mut Self {
        self.max_args_env_size = bytes;
        self
    }

    /// A flag the embedder may set from another thread to make blocking
    /// `poll_oneoff` waits return `intr` promptly.
    pub fn interrupt_flag(&mut self, flag: Arc<AtomicBool>) -> &mut Self {
        self.interrupt = Some(flag);
        self
    }

    /// Creates the context, leaving this builder empty.
    ///
    /// Descriptors 0–2 are stdio, preopened directories follow from 3 in
    /// the order they were added, then preopened sockets.
    ///
    /// # Errors
    ///
    /// [`Error`] for invalid arguments or environment, oversized
    /// arguments/environment, or a descriptor limit too small for the
    /// preopens.
    pub fn build(&mut self) -> Result<WasiCtx, Error> {
        let this = std::mem::take(self);

        let mut args_size = 0usize;
        for (index, arg) in this.args.iter().enumerate() {
            if arg.contains(&0) {
                return Err(Error::InvalidArg { index });
            }
            args_size = args_size.saturating_add(arg.len() + 1);
        }
        check_size("arguments", args_size, this.max_args_env_size)?;

        let mut env = Vec::with_capacity(this.env.len());
        let mut env_size = 0usize;
        for (key, value) in this.env {
            let name = String::from_utf8_lossy(&key).into_owned();
            if key.is_empty() || key.contains(&b'=') || key.contains(&0) {
                return Err(Error::InvalidEnvKey { name });
            }
            if value.contains(&0) {
                return Err(Error::InvalidEnvValue { name });
            }
            let mut entry = key;
            entry.push(b'=');
            entry.extend_from_slice(&value);
            env_size = env_size.saturating_add(entry.len() + 1);
            env.push(entry);
        }
        check_size("environment", env_size, this.max_args_env_size)?;

        let needed = 3 + this.preopens.len() + this.sockets.len();
        if needed > this.limits.max_open_fds {
            return Err(Error::TableTooSmall {
                needed,
                limit: this.limits.max_open_fds,
            });
        }

        let stdin = match this.stdin {
            StdinChoice::Empty => StdinSource::Empty,
            StdinChoice::Bytes(data) => StdinSource::Bytes { data, pos: 0 },
            StdinChoice::Inherit => StdinSource::Inherit,
        };
        let mut fds = FdTable::new(this.limits.max_open_fds);
        let mut push = |desc: Descriptor| {
            fds.insert(desc)
                .map(drop)
                .map_err(|_| Error::TableTooSmall {
                    needed,
                    limit: this.limits.max_open_fds,
                })
        };
        push(Descriptor::Stdin(stdin))?;
        push(Descriptor::Output(this.stdout))?;
        push(Descriptor::Output(this.stderr))?;
        for (dir, guest_path, perms) in this.preopens {
            push(Descriptor::Dir(DirDesc {
                dir,
                perms,
                preopen: Some(guest_path),
                readdir: None,
            }))?;
        }
        for listener in this.sockets {
            push(Descriptor::Listener(listener))?;
        }

        Ok(WasiCtx {
            args: this.args,
            env,
            fds,
            limits: this.limits,
            interrupt: this.interrupt,
            store_interrupt: None,
        })
    }
}

fn check_size(what: &'static str, size: usize, limit: usize) -> Result<(), Error> {
    // The guest receives sizes as u32.
    let limit = limit.min(u32::MAX as usize);
    if size > limit {
        return Err(Error::TooLarge { what, size, limit });
    }
    Ok(())
}
