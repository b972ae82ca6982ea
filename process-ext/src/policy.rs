//! [`ProcessPolicy`]: which commands a guest may run, with which environment, for how long and with how much
//! output. Deny by default; this builder is the only place where ambient host authority (the host's PATH and
//! working directory) is consulted.

use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::{env, fs};

use crate::audit::AuditSink;
use crate::error::Error;
use crate::limits::Limits;
use crate::sandbox::{DirAccess, Sandbox, SandboxConfig, SandboxMode, SandboxReport};
use crate::slots::Slots;

/// Timeout of a run when the guest sets none, in milliseconds (the ABI's value).
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// Default ceiling for a guest-requested timeout, in milliseconds (10 minutes).
pub const DEFAULT_MAX_TIMEOUT_MS: u32 = 600_000;
/// Default cap on each captured stream (stdout, stderr), in bytes.
pub const DEFAULT_OUTPUT_CAP: usize = 16 << 20;
/// Default cap on the bytes of name + arguments + environment of one run.
pub const DEFAULT_MAX_ARG_ENV_BYTES: usize = 1 << 20;
/// Default cap on the stdin bytes a guest may queue for one run.
pub const DEFAULT_MAX_STDIN_BYTES: usize = 16 << 20;
/// Largest value accepted for any byte limit (1 GiB), so lengths always fit the ABI's `i32`.
pub const MAX_BYTE_LIMIT: usize = 1 << 30;
/// Search path used when the host has no `PATH` variable.
const FALLBACK_PATH: &str = "/usr/bin:/bin";

/// An immutable, cheaply clonable set of rules shared by every [`ProcessState`](crate::ProcessState) that uses it.
///
/// Built by [`ProcessPolicy::builder`]. The default policy denies every command.
///
/// ```
/// use capvm_process::ProcessPolicy;
///
/// let policy = ProcessPolicy::builder()
///     .allow_command("echo") // resolved now, through the host's PATH
///     .max_timeout_ms(30_000)
///     .build()?;
/// assert!(policy.resolved_command(b"echo").is_some_and(|p| p.is_absolute()));
/// assert!(policy.resolved_command(b"/bin/echo").is_none()); // exact names only
/// # Ok::<(), capvm_process::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ProcessPolicy {
    inner: Arc<Rules>,
}

#[derive(Debug)]
struct Rules {
    /// Exact guest name → absolute program to execute.
    commands: HashMap<Vec<u8>, PathBuf>,
    allow_all: bool,
    /// Absolute directories of the host PATH captured at build time (used for `allow_all`).
    search_dirs: Vec<PathBuf>,
    cwd: Option<PathBuf>,
    allow_loader_vars: bool,
    allowed_env: HashSet<Vec<u8>>,
    only_allowed_env: bool,
    default_timeout_ms: u32,
    max_timeout_ms: u32,
    stdout_cap: usize,
    stderr_cap: usize,
    max_arg_env_bytes: usize,
    max_stdin_bytes: usize,
    sandbox: Sandbox,
    limits: Limits,
    audit: Option<Arc<dyn AuditSink>>,
    reap_orphans: bool,
    slots: Slots,
}

/// Configures a [`ProcessPolicy`]. Every setting starts at its safe default: no command allowed, loader variables
/// refused, the host's working directory, 10 s default timeout, 10 min ceiling, 16 MiB per output stream, the
/// Landlock sandbox in [`SandboxMode::Auto`] with no directory grants and no network, the default [`Limits`], no
/// audit sink, no orphan reaping and no cap on concurrent runs.
#[derive(Clone, Debug)]
pub struct ProcessPolicyBuilder {
    commands: Vec<OsString>,
    allow_all: bool,
    search_path: Option<OsString>,
    cwd: Option<PathBuf>,
    allow_loader_vars: bool,
    allowed_env: Vec<OsString>,
    only_allowed_env: bool,
    /// `None` until set: then the ABI's 10 s, lowered to the ceiling if that is smaller.
    default_timeout_ms: Option<u32>,
    max_timeout_ms: u32,
    stdout_cap: usize,
    stderr_cap: usize,
    max_arg_env_bytes: usize,
    max_stdin_bytes: usize,
    sandbox_mode: SandboxMode,
    read_paths: Vec<PathBuf>,
    grants: Vec<(PathBuf, DirAccess)>,
    allow_net: bool,
    limits: Limits,
    audit: Option<Arc<dyn AuditSink>>,
    reap_orphans: bool,
    max_concurrent: Option<usize>,
}

impl Default for ProcessPolicyBuilder {
    fn default() -> Self {
        Self {
            commands: Vec::new(),
            allow_all: false,
            search_path: None,
            cwd: None,
            allow_loader_vars: false,
            allowed_env: Vec::new(),
            only_allowed_env: false,
            default_timeout_ms: None,
            max_timeout_ms: DEFAULT_MAX_TIMEOUT_MS,
            stdout_cap: DEFAULT_OUTPUT_CAP,
            stderr_cap: DEFAULT_OUTPUT_CAP,
            max_arg_env_bytes: DEFAULT_MAX_ARG_ENV_BYTES,
            max_stdin_bytes: DEFAULT_MAX_STDIN_BYTES,
            sandbox_mode: SandboxMode::Auto,
            read_paths: Vec::new(),
            grants: Vec::new(),
            allow_net: false,
            limits: Limits::default(),
            audit: None,
            reap_orphans: false,
            max_concurrent: None,
        }
    }
}

impl ProcessPolicyBuilder {
    /// A builder with every setting at its default (deny all).
    pub fn new() -> Self {
        Self::default()
    }

    /// Allows the guest name `name`, matched byte for byte (`--allow-command NAME`).
    ///
    /// A bare name (no `/`) is resolved when the policy is built, through the host's PATH (or
    /// [`search_path`](Self::search_path)), to the absolute executable that every run will execute. A name with a
    /// `/` allows exactly that string; a relative one is made absolute against the configured working directory (or
    /// the host's). Allowing `ls` does not allow `/bin/ls`, and the reverse.
    pub fn allow_command(&mut self, name: impl AsRef<OsStr>) -> &mut Self {
        self.commands.push(name.as_ref().to_os_string());
        self
    }

    /// Allows each name of `names`, as [`allow_command`](Self::allow_command).
    pub fn allow_commands<I, S>(&mut self, names: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for name in names {
            self.allow_command(name);
        }
        self
    }

    /// Allows every command (`--allow-command-all`). Bare names are then looked up at run time in the host PATH
    /// captured when the policy was built; the guest's own PATH is never used for the lookup.
    pub fn allow_all_commands(&mut self, allow: bool) -> &mut Self {
        self.allow_all = allow;
        self
    }

    /// Replaces the host's `PATH` as the search path for bare names (a `:`-separated list; relative entries are
    /// ignored).
    pub fn search_path(&mut self, path: impl Into<OsString>) -> &mut Self {
        self.search_path = Some(path.into());
        self
    }

    /// Runs commands in `dir` instead of the host's working directory (`--process-cwd DIR`).
    pub fn cwd(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.cwd = Some(dir.into());
        self
    }

    /// Lets the guest pass dynamic-loader variables (`LD_*`, `DYLD_*`) to commands. Off by default.
    pub fn allow_loader_vars(&mut self, allow: bool) -> &mut Self {
        self.allow_loader_vars = allow;
        self
    }

    /// Explicitly allows the environment variable `key`, even if it is a loader variable such as
    /// `LD_LIBRARY_PATH`.
    pub fn allow_env_var(&mut self, key: impl AsRef<OsStr>) -> &mut Self {
        self.allowed_env.push(key.as_ref().to_os_string());
        self
    }

    /// When set, the guest may pass only the variables named with [`allow_env_var`](Self::allow_env_var); any
    /// other key refuses the run. Off by default (any well-formed, non-loader key passes).
    pub fn only_allowed_env_vars(&mut self, only: bool) -> &mut Self {
        self.only_allowed_env = only;
        self
    }

    /// The timeout a run gets when the guest sets none, and after every reset. Default 10000 ms, or the
    /// [`max_timeout_ms`](Self::max_timeout_ms) ceiling if that is lower; a value set here must not exceed it.
    pub fn default_timeout_ms(&mut self, ms: u32) -> &mut Self {
        self.default_timeout_ms = Some(ms);
        self
    }

    /// The largest timeout a guest may ask for; larger requests are clamped to it, and so is the default timeout
    /// unless one was set explicitly. Default 600000 ms.
    pub fn max_timeout_ms(&mut self, ms: u32) -> &mut Self {
        self.max_timeout_ms = ms;
        self
    }

    /// Caps both captured streams at `bytes` each. Past a cap the command is killed and reads status -1.
    pub fn output_cap(&mut self, bytes: usize) -> &mut Self {
        self.stdout_cap = bytes;
        self.stderr_cap = bytes;
        self
    }

    /// Caps the captured stdout at `bytes`. Default 16 MiB.
    pub fn stdout_cap(&mut self, bytes: usize) -> &mut Self {
        self.stdout_cap = bytes;
        self
    }

    /// Caps the captured stderr at `bytes` (host notes may follow). Default 16 MiB.
    pub fn stderr_cap(&mut self, bytes: usize) -> &mut Self {
        self.stderr_cap = bytes;
        self
    }

    /// Caps the bytes of name, arguments and environment a guest may queue for one run (each string counts one
    /// extra byte, each variable two). Default 1 MiB.
    pub fn max_arg_env_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_arg_env_bytes = bytes;
        self
    }

    /// Caps the stdin bytes a guest may queue for one run. Default 16 MiB.
    pub fn max_stdin_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_stdin_bytes = bytes;
        self
    }

    /// How the Landlock sandbox applies to commands (`--process-sandbox`). Default [`SandboxMode::Auto`].
    pub fn sandbox(&mut self, mode: SandboxMode) -> &mut Self {
        self.sandbox_mode = mode;
        self
    }

    /// Lets commands read beneath `path` too, beyond [`DEFAULT_READ_PATHS`](crate::DEFAULT_READ_PATHS)
    /// (`--process-read DIR`). The path must exist when the policy is built.
    pub fn read_path(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.read_paths.push(path.into());
        self
    }

    /// Grants commands `dir` as the guest has it (the CLI passes every `--dir` here): read beneath it, and with
    /// [`DirAccess::ReadWrite`] also write. Writes anywhere else are denied. The directory must exist when the
    /// policy is built; it is opened then (an `O_PATH` descriptor kept for the policy's lifetime, like one per
    /// default read path and the policy's ruleset), so later renames do not move the grant.
    pub fn grant_dir(&mut self, dir: impl Into<PathBuf>, access: DirAccess) -> &mut Self {
        self.grants.push((dir.into(), access));
        self
    }

    /// Lets commands bind and connect TCP sockets (`--process-allow-net`). Off by default: with Landlock ABI 4
    /// or later, every TCP `bind` and `connect` of a command fails with `EACCES`.
    pub fn allow_net(&mut self, allow: bool) -> &mut Self {
        self.allow_net = allow;
        self
    }

    /// The resource limits of every command (`--process-limit`). Default [`Limits::default`].
    pub fn limits(&mut self, limits: Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Sends one audit record per run and per refusal to `sink` (`--process-audit FILE` uses
    /// [`AuditLog`](crate::AuditLog)).
    pub fn audit(&mut self, sink: Arc<dyn AuditSink>) -> &mut Self {
        self.audit = Some(sink);
        self
    }

    /// Makes the host process a child subreaper when the policy is built, and after every run kills and reaps
    /// what the run left behind outside its process group (`setsid`, double fork). The CLI turns this on.
    ///
    /// This changes the whole host process, so it is off by default: every process orphaned anywhere below the
    /// host is re-parented to the host instead of to init. The sweep kills only processes that descend from a
    /// command (they carry the `no_new_privs` mark every command starts with; see the README for how and where
    /// this stops), but orphans of the host's *own* children also become the host's, and the host must reap them
    /// itself or they stay zombies. Enable it when the host starts no other children, or reaps its orphans.
    pub fn reap_orphans(&mut self, reap: bool) -> &mut Self {
        self.reap_orphans = reap;
        self
    }

    /// Caps the commands running at once under this policy (over all stores that share it). A run past the cap
    /// waits for a slot until its own deadline, then reads the timeout status 110. Default: no cap.
    pub fn max_concurrent_runs(&mut self, max: usize) -> &mut Self {
        self.max_concurrent = Some(max);
        self
    }

    /// Checks the settings, resolves the allowed commands and freezes the result.
    ///
    /// # Errors
    ///
    /// [`Error::CommandNotFound`] if a bare name is not an executable in the search path,
    /// [`Error::InvalidCommand`] for an empty name or one holding NUL, [`Error::InvalidEnvVar`],
    /// [`Error::InvalidCwd`] if the working directory is not a directory, [`Error::HostCwd`], and
    /// [`Error::InvalidLimit`] when the default timeout exceeds the ceiling, the ceiling is 0, a byte limit
    /// exceeds [`MAX_BYTE_LIMIT`] or the concurrency cap is 0, [`Error::InvalidGrant`] when a read path or grant
    /// cannot be opened, [`Error::Sandbox`] when the kernel refuses the Landlock ruleset, and
    /// [`Error::Subreaper`] when orphan reaping was asked for and the host cannot become a subreaper.
    pub fn build(&self) -> Result<ProcessPolicy, Error> {
        self.check_limits()?;
        let cwd = match &self.cwd {
            Some(dir) => Some(checked_cwd(dir)?),
            None => None,
        };
        let search_dirs = search_dirs(self.search_path.clone().or_else(|| env::var_os("PATH")));
        let mut commands = HashMap::new();
        for name in &self.commands {
            let bytes = name.as_encoded_bytes();
            let program = resolve_allowed(name, &search_dirs, cwd.as_deref())?;
            commands.insert(bytes.to_vec(), program);
        }
        let mut allowed_env = HashSet::new();
        for key in &self.allowed_env {
            let bytes = key.as_encoded_bytes();
            if let Some(reason) = env_key_problem(bytes) {
                return Err(Error::InvalidEnvVar {
                    key: key.to_string_lossy().into_owned(),
                    reason,
                });
            }
            allowed_env.insert(bytes.to_vec());
        }
        let exec_dirs = if self.allow_all {
            search_dirs.clone()
        } else {
            Vec::new()
        };
        let sandbox = Sandbox::prepare(&SandboxConfig {
            mode: self.sandbox_mode,
            allow_net: self.allow_net,
            extra_read: &self.read_paths,
            grants: &self.grants,
            programs: commands.values().map(PathBuf::as_path).collect(),
            exec_dirs: &exec_dirs,
        })?;
        // Where the sweep cannot tell the runs' processes apart, the host does not become a subreaper at all.
        let reap_orphans = self.reap_orphans && !crate::reap::host_is_marked();
        if reap_orphans {
            crate::reap::become_subreaper()?;
        }
        Ok(ProcessPolicy {
            inner: Arc::new(Rules {
                reap_orphans,
                ..self.rules(commands, search_dirs, cwd, allowed_env, sandbox)
            }),
        })
    }

    /// Freezes the settings with the already resolved parts.
    fn rules(
        &self,
        commands: HashMap<Vec<u8>, PathBuf>,
        search_dirs: Vec<PathBuf>,
        cwd: Option<PathBuf>,
        allowed_env: HashSet<Vec<u8>>,
        sandbox: Sandbox,
    ) -> Rules {
        Rules {
            commands,
            allow_all: self.allow_all,
            search_dirs,
            cwd,
            allow_loader_vars: self.allow_loader_vars,
            allowed_env,
            only_allowed_env: self.only_allowed_env,
            default_timeout_ms: self.effective_default_timeout_ms(),
            max_timeout_ms: self.max_timeout_ms,
            stdout_cap: self.stdout_cap,
            stderr_cap: self.stderr_cap,
            max_arg_env_bytes: self.max_arg_env_bytes,
            max_stdin_bytes: self.max_stdin_bytes,
            sandbox,
            limits: self.limits,
            audit: self.audit.clone(),
            reap_orphans: self.reap_orphans,
            slots: Slots::new(self.max_concurrent),
        }
    }

    /// The default timeout: as set, or the ABI's default lowered to the ceiling.
    fn effective_default_timeout_ms(&self) -> u32 {
        self.default_timeout_ms
            .unwrap_or(DEFAULT_TIMEOUT_MS.min(self.max_timeout_ms))
    }

    fn check_limits(&self) -> Result<(), Error> {
        if self.max_timeout_ms == 0 {
            return Err(Error::InvalidLimit {
                limit: "max_timeout_ms",
                value: 0,
                reason: "must be at least 1",
            });
        }
        if let Some(ms) = self.default_timeout_ms
            && ms > self.max_timeout_ms
        {
            return Err(Error::InvalidLimit {
                limit: "default_timeout_ms",
                value: u64::from(ms),
                reason: "must not exceed max_timeout_ms",
            });
        }
        if self.max_concurrent == Some(0) {
            return Err(Error::InvalidLimit {
                limit: "max_concurrent_runs",
                value: 0,
                reason: "must be at least 1",
            });
        }
        let bytes = [
            ("stdout_cap", self.stdout_cap),
            ("stderr_cap", self.stderr_cap),
            ("max_arg_env_bytes", self.max_arg_env_bytes),
            ("max_stdin_bytes", self.max_stdin_bytes),
        ];
        for (limit, value) in bytes {
            if value > MAX_BYTE_LIMIT {
                return Err(Error::InvalidLimit {
                    limit,
                    value: u64::try_from(value).unwrap_or(u64::MAX),
                    reason: "must be at most 1 GiB (MAX_BYTE_LIMIT)",
                });
            }
        }
        Ok(())
    }
}

impl Default for ProcessPolicy {
    /// The deny-all policy with default limits and the host's working directory.
    fn default() -> Self {
        let builder = ProcessPolicyBuilder::new();
        let search_dirs = search_dirs(env::var_os("PATH"));
        Self {
            inner: Arc::new(builder.rules(
                HashMap::new(),
                search_dirs,
                None,
                HashSet::new(),
                Sandbox::off(),
            )),
        }
    }
}

impl ProcessPolicy {
    /// A builder for a new policy (deny all until told otherwise).
    pub fn builder() -> ProcessPolicyBuilder {
        ProcessPolicyBuilder::new()
    }

    /// The absolute program an allowed guest `name` runs, or `None` if that exact name is not on the allow-list
    /// (whatever [`allows_all_commands`](Self::allows_all_commands) says).
    pub fn resolved_command(&self, name: &[u8]) -> Option<&Path> {
        self.inner.commands.get(name).map(PathBuf::as_path)
    }

    /// Whether every command is allowed.
    pub fn allows_all_commands(&self) -> bool {
        self.inner.allow_all
    }

    /// The working directory of commands, or `None` for the host's.
    pub fn cwd(&self) -> Option<&Path> {
        self.inner.cwd.as_deref()
    }

    /// The timeout (ms) of a run whose guest set none.
    pub fn default_timeout_ms(&self) -> u32 {
        self.inner.default_timeout_ms
    }

    /// The ceiling (ms) for guest-requested timeouts.
    pub fn max_timeout_ms(&self) -> u32 {
        self.inner.max_timeout_ms
    }

    /// `ms` clamped to the ceiling.
    pub fn clamp_timeout_ms(&self, ms: u32) -> u32 {
        ms.min(self.inner.max_timeout_ms)
    }

    /// Cap on captured stdout bytes.
    pub fn stdout_cap(&self) -> usize {
        self.inner.stdout_cap
    }

    /// Cap on captured stderr bytes (before host notes).
    pub fn stderr_cap(&self) -> usize {
        self.inner.stderr_cap
    }

    /// Cap on the name + arguments + environment bytes of one run.
    pub fn max_arg_env_bytes(&self) -> usize {
        self.inner.max_arg_env_bytes
    }

    /// Cap on the stdin bytes of one run.
    pub fn max_stdin_bytes(&self) -> usize {
        self.inner.max_stdin_bytes
    }

    /// What the sandbox enforces for commands on this host; the CLI prints [`SandboxReport::gaps_note`] once.
    pub fn sandbox_report(&self) -> &SandboxReport {
        self.inner.sandbox.report()
    }

    /// The resource limits of every command.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Whether the host is a child subreaper and runs sweep for orphans: as asked with
    /// [`ProcessPolicyBuilder::reap_orphans`], except on a host that runs with `no_new_privs` itself (or is not
    /// Linux), where the sweep could not tell its processes apart and is left off.
    pub fn reaps_orphans(&self) -> bool {
        self.inner.reap_orphans
    }

    /// The cap on commands running at once, `None` for none.
    pub fn max_concurrent_runs(&self) -> Option<usize> {
        self.inner.slots.max()
    }

    pub(crate) fn sandbox(&self) -> &Sandbox {
        &self.inner.sandbox
    }

    pub(crate) fn slots(&self) -> &Slots {
        &self.inner.slots
    }

    pub(crate) fn audit_sink(&self) -> Option<&dyn AuditSink> {
        self.inner.audit.as_deref()
    }

    /// Decides which program the guest `name` runs. `Ok(None)` means the name is allowed (allow-all) but names no
    /// executable; `Err` carries the exact upstream permission message.
    pub(crate) fn program_for(&self, name: &[u8]) -> Result<Option<PathBuf>, Vec<u8>> {
        if let Some(program) = self.inner.commands.get(name) {
            return Ok(Some(program.clone()));
        }
        if !self.inner.allow_all {
            return Err(crate::note::permission_denied(name));
        }
        let Some(os_name) = os_from_bytes(name) else {
            return Ok(None);
        };
        if name.is_empty() || name.contains(&0) {
            return Ok(None);
        }
        if name.contains(&b'/') {
            let path = Path::new(&os_name);
            if path.is_absolute() {
                return Ok(Some(path.to_path_buf()));
            }
            let base = match &self.inner.cwd {
                Some(dir) => dir.clone(),
                None => match env::current_dir() {
                    Ok(dir) => dir,
                    Err(_) => return Ok(None),
                },
            };
            return Ok(Some(base.join(path)));
        }
        Ok(find_executable(&os_name, &self.inner.search_dirs))
    }

    /// Why the guest may not pass `key=value` to a command, or `None` if it may.
    pub(crate) fn env_problem(&self, key: &[u8], value: &[u8]) -> Option<&'static str> {
        if let Some(reason) = env_key_problem(key) {
            return Some(reason);
        }
        if value.contains(&0) {
            return Some("its value contains a NUL byte");
        }
        let listed = self.inner.allowed_env.contains(key);
        if let Some(reason) = crate::env::refused(key)
            && !listed
            && !(self.inner.allow_loader_vars && is_loader_var(key))
        {
            return Some(reason);
        }
        if self.inner.only_allowed_env && !listed {
            return Some("it is not on the policy's list of allowed variables");
        }
        None
    }
}

/// True for names the dynamic loader acts on (`LD_*` on ELF systems, `DYLD_*` on macOS).
fn is_loader_var(key: &[u8]) -> bool {
    key.starts_with(b"LD_") || key.starts_with(b"DYLD_")
}

/// Why `key` can never be an environment variable name, or `None` if it can.
fn env_key_problem(key: &[u8]) -> Option<&'static str> {
    if key.is_empty() {
        Some("its name is empty")
    } else if key.contains(&b'=') {
        Some("its name contains '='")
    } else if key.contains(&0) {
        Some("its name contains a NUL byte")
    } else {
        None
    }
}

/// The bytes of a guest string as a host `OsString`, where the platform can represent them.
pub(crate) fn os_from_bytes(bytes: &[u8]) -> Option<OsString> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(OsStr::from_bytes(bytes).to_os_string())
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(bytes).ok().map(OsString::from)
    }
}

fn search_dirs(path: Option<OsString>) -> Vec<PathBuf> {
    let path = path.unwrap_or_else(|| OsString::from(FALLBACK_PATH));
    env::split_paths(&path)
        .filter(|dir| dir.is_absolute())
        .collect()
}

fn checked_cwd(dir: &Path) -> Result<PathBuf, Error> {
    let invalid = |source| Error::InvalidCwd {
        path: dir.to_path_buf(),
        source,
    };
    let meta = fs::metadata(dir).map_err(invalid)?;
    if !meta.is_dir() {
        return Err(invalid(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            "not a directory",
        )));
    }
    std::path::absolute(dir).map_err(invalid)
}

/// Resolves one allowed name at build time (see [`ProcessPolicyBuilder::allow_command`]).
fn resolve_allowed(
    name: &OsStr,
    search_dirs: &[PathBuf],
    cwd: Option<&Path>,
) -> Result<PathBuf, Error> {
    let bytes = name.as_encoded_bytes();
    let lossy = || name.to_string_lossy().into_owned();
    if bytes.is_empty() {
        return Err(Error::InvalidCommand {
            name: lossy(),
            reason: "the name is empty",
        });
    }
    if bytes.contains(&0) {
        return Err(Error::InvalidCommand {
            name: lossy(),
            reason: "the name contains a NUL byte",
        });
    }
    if bytes.contains(&b'/') {
        let path = Path::new(name);
        if path.is_absolute() {
            return Ok(path.to_path_buf());
        }
        let base = match cwd {
            Some(dir) => dir.to_path_buf(),
            None => env::current_dir().map_err(|source| Error::HostCwd {
                name: lossy(),
                source,
            })?,
        };
        return Ok(base.join(path));
    }
    find_executable(name, search_dirs).ok_or_else(|| Error::CommandNotFound {
        name: lossy(),
        searched: env::join_paths(search_dirs)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}

/// The first `dir/name` in `dirs` that is an executable regular file.
fn find_executable(name: &OsStr, dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter()
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable_file(candidate))
}

fn is_executable_file(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_denies_everything() {
        let policy = ProcessPolicy::default();
        assert!(!policy.allows_all_commands());
        assert_eq!(policy.default_timeout_ms(), DEFAULT_TIMEOUT_MS);
        assert_eq!(policy.stdout_cap(), 16 << 20);
        let denied = policy.program_for(b"ls").unwrap_err();
        assert!(denied.starts_with(b"Permission denied: Command \"ls\""));
    }

    #[test]
    fn bare_names_resolve_through_the_given_search_path() {
        let dir = tempfile::tempdir().unwrap();
        let tool = dir.path().join("tool");
        fs::write(&tool, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let policy = ProcessPolicy::builder()
            .search_path(OsString::from(format!("relative:{}", dir.path().display())))
            .allow_command("tool")
            .build()
            .unwrap();
        assert_eq!(policy.resolved_command(b"tool"), Some(tool.as_path()));
        assert_eq!(policy.program_for(b"tool").unwrap(), Some(tool));
    }

    #[test]
    fn missing_or_non_executable_names_fail_the_build() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("plain"), "data").unwrap();
        let mut builder = ProcessPolicy::builder();
        builder.search_path(dir.path().as_os_str().to_os_string());
        let err = builder.clone().allow_command("plain").build().unwrap_err();
        assert!(
            matches!(err, Error::CommandNotFound { ref name, .. } if name == "plain"),
            "{err}"
        );
        let err = builder.clone().allow_command("nope").build().unwrap_err();
        assert!(
            err.to_string().contains(&dir.path().display().to_string()),
            "{err}"
        );
        let err = builder.clone().allow_command("").build().unwrap_err();
        assert!(matches!(err, Error::InvalidCommand { .. }));
        let err = builder.clone().allow_command("ls\0x").build().unwrap_err();
        assert!(matches!(err, Error::InvalidCommand { .. }));
    }

    #[test]
    fn path_names_are_kept_exact_and_made_absolute() {
        let dir = tempfile::tempdir().unwrap();
        let policy = ProcessPolicy::builder()
            .cwd(dir.path())
            .allow_command("/bin/echo")
            .allow_command("./tool")
            .build()
            .unwrap();
        assert_eq!(
            policy.resolved_command(b"/bin/echo"),
            Some(Path::new("/bin/echo"))
        );
        assert_eq!(
            policy.resolved_command(b"./tool"),
            Some(dir.path().join("./tool").as_path())
        );
        assert!(policy.resolved_command(b"echo").is_none());
        assert!(policy.resolved_command(b"tool").is_none());
    }

    #[test]
    fn limits_are_validated() {
        let err = ProcessPolicy::builder()
            .default_timeout_ms(20)
            .max_timeout_ms(10)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidLimit {
                    limit: "default_timeout_ms",
                    ..
                }
            ),
            "{err}"
        );
        let err = ProcessPolicy::builder()
            .max_timeout_ms(0)
            .default_timeout_ms(0)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidLimit {
                    limit: "max_timeout_ms",
                    ..
                }
            ),
            "{err}"
        );
        let err = ProcessPolicy::builder()
            .stdout_cap(MAX_BYTE_LIMIT + 1)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidLimit {
                    limit: "stdout_cap",
                    ..
                }
            ),
            "{err}"
        );
        let policy = ProcessPolicy::builder()
            .max_timeout_ms(10_000)
            .build()
            .unwrap();
        assert_eq!(policy.clamp_timeout_ms(u32::MAX), 10_000);
        assert_eq!(policy.clamp_timeout_ms(5), 5);
        // A ceiling below the ABI's default lowers the default instead of failing (`--process-timeout-max 150`).
        let policy = ProcessPolicy::builder()
            .max_timeout_ms(150)
            .build()
            .unwrap();
        assert_eq!(
            (policy.default_timeout_ms(), policy.max_timeout_ms()),
            (150, 150)
        );
    }

    #[test]
    fn cwd_must_be_a_directory() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let err = ProcessPolicy::builder()
            .cwd(file.path())
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidCwd { .. }), "{err}");
        let err = ProcessPolicy::builder()
            .cwd("/nonexistent/capvm")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/capvm"), "{err}");
    }

    #[test]
    fn env_rules() {
        let policy = ProcessPolicy::default();
        assert_eq!(policy.env_problem(b"HOME", b"/root"), None);
        assert!(policy.env_problem(b"", b"x").is_some());
        assert!(policy.env_problem(b"A=B", b"x").is_some());
        assert!(policy.env_problem(b"A\0", b"x").is_some());
        assert!(policy.env_problem(b"A", b"x\0y").is_some());
        assert!(policy.env_problem(b"LD_PRELOAD", b"/x.so").is_some());
        assert!(
            policy
                .env_problem(b"DYLD_INSERT_LIBRARIES", b"/x")
                .is_some()
        );

        let policy = ProcessPolicy::builder()
            .allow_env_var("LD_LIBRARY_PATH")
            .build()
            .unwrap();
        assert_eq!(policy.env_problem(b"LD_LIBRARY_PATH", b"/lib"), None);
        assert!(policy.env_problem(b"LD_PRELOAD", b"/x.so").is_some());
        let policy = ProcessPolicy::builder()
            .allow_loader_vars(true)
            .build()
            .unwrap();
        assert_eq!(policy.env_problem(b"LD_PRELOAD", b"/x.so"), None);

        let policy = ProcessPolicy::builder()
            .allow_env_var("LANG")
            .only_allowed_env_vars(true)
            .build()
            .unwrap();
        assert_eq!(policy.env_problem(b"LANG", b"C"), None);
        assert!(policy.env_problem(b"PATH", b"/bin").is_some());

        let err = ProcessPolicy::builder()
            .allow_env_var("A=B")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidEnvVar { .. }), "{err}");
    }

    #[test]
    fn allow_all_resolves_at_run_time_through_the_captured_path() {
        let dir = tempfile::tempdir().unwrap();
        let policy = ProcessPolicy::builder()
            .allow_all_commands(true)
            .search_path(dir.path().as_os_str().to_os_string())
            .cwd(dir.path())
            .build()
            .unwrap();
        assert_eq!(policy.program_for(b"ls").unwrap(), None);
        assert_eq!(
            policy.program_for(b"/bin/ls").unwrap(),
            Some(PathBuf::from("/bin/ls"))
        );
        assert_eq!(
            policy.program_for(b"./x").unwrap(),
            Some(dir.path().join("./x"))
        );
        assert_eq!(policy.program_for(b"").unwrap(), None);
    }
}
