//! [`ProcessState`]: the per-store state behind the 11 host functions (process-abi.md decisions 2-4).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::audit::{Json, rfc3339};
use crate::note;
use crate::policy::ProcessPolicy;
use crate::sandbox::SandboxMode;
use crate::spawn::{self, Finished, Launch};

/// The state one store keeps for the process functions: the command being assembled and the last run's results.
///
/// Inputs accumulate between runs (`set_prog_name` and `add_stdin` append, `add_env` keeps the first value of a
/// key); every [`run`](Self::run), whatever its outcome, resets them and the timeout. The last run's stdout, stderr
/// and status stay readable until the next run. Guest-supplied sizes are checked against the policy before anything
/// is stored; inputs past a limit are dropped and the next run is refused with a reason.
///
/// There is no global state: give each store its own `ProcessState` (the type is `Send`); many may run at once on
/// different threads and share one [`ProcessPolicy`].
///
/// ```
/// use capvm_process::{ProcessPolicy, ProcessState};
///
/// let mut state = ProcessState::new(ProcessPolicy::builder().allow_command("echo").build()?);
/// state.set_prog_name(b"echo");
/// state.add_arg(b"hi");
/// assert_eq!(state.run(), 0);
/// assert_eq!(state.stdout(), b"hi\n");
/// assert_eq!(state.prog_name(), b""); // inputs were reset
/// # Ok::<(), capvm_process::Error>(())
/// ```
pub struct ProcessState {
    policy: ProcessPolicy,
    pending: Pending,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    exit_code: i32,
    /// How many runs the guest asked for (refused ones included).
    runs: u64,
}

/// The command being assembled.
struct Pending {
    name: Vec<u8>,
    args: Vec<Vec<u8>>,
    env: BTreeMap<Vec<u8>, Vec<u8>>,
    stdin: Vec<u8>,
    timeout_ms: u32,
    /// Bytes charged against `max_arg_env_bytes` so far.
    arg_env_bytes: usize,
    /// Set once an input did not fit its limit; everything after it is ignored until the run.
    overflow: Option<Overflow>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Overflow {
    ArgEnv,
    Stdin,
}

impl Pending {
    fn new(timeout_ms: u32) -> Self {
        Self {
            name: Vec::new(),
            args: Vec::new(),
            env: BTreeMap::new(),
            stdin: Vec::new(),
            timeout_ms,
            arg_env_bytes: 0,
            overflow: None,
        }
    }

    /// Charges `bytes` against the argument/environment budget; false (and overflow recorded) if it does not fit.
    fn charge(&mut self, bytes: usize, limit: usize) -> bool {
        if self.overflow.is_some() {
            return false;
        }
        match self.arg_env_bytes.checked_add(bytes) {
            Some(total) if total <= limit => {
                self.arg_env_bytes = total;
                true
            }
            _ => {
                self.overflow = Some(Overflow::ArgEnv);
                false
            }
        }
    }
}

impl ProcessState {
    /// A fresh state under `policy`: no inputs, timeout at the policy's default, exit code 0, empty outputs.
    pub fn new(policy: ProcessPolicy) -> Self {
        let pending = Pending::new(policy.default_timeout_ms());
        Self {
            policy,
            pending,
            stdout: Vec::new(),
            stderr: Vec::new(),
            exit_code: 0,
            runs: 0,
        }
    }

    /// How many times the guest asked to run a command (refused requests included).
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// The policy this state enforces.
    pub fn policy(&self) -> &ProcessPolicy {
        &self.policy
    }

    /// Appends `bytes` to the command name (it does not replace it, as upstream).
    pub fn set_prog_name(&mut self, bytes: &[u8]) {
        let terminator = usize::from(self.pending.name.is_empty());
        let limit = self.policy.max_arg_env_bytes();
        if self
            .pending
            .charge(bytes.len().saturating_add(terminator), limit)
        {
            self.pending.name.extend_from_slice(bytes);
        }
    }

    /// Adds one argument.
    pub fn add_arg(&mut self, bytes: &[u8]) {
        let limit = self.policy.max_arg_env_bytes();
        if self.pending.charge(bytes.len().saturating_add(1), limit) {
            self.pending.args.push(bytes.to_vec());
        }
    }

    /// Adds `key=value` to the command's environment, unless `key` is already set (the first value wins).
    pub fn add_env(&mut self, key: &[u8], value: &[u8]) {
        if self.pending.env.contains_key(key) {
            return;
        }
        let limit = self.policy.max_arg_env_bytes();
        let cost = key.len().saturating_add(value.len()).saturating_add(2);
        if self.pending.charge(cost, limit) {
            self.pending.env.insert(key.to_vec(), value.to_vec());
        }
    }

    /// Appends `bytes` to the command's stdin.
    pub fn add_stdin(&mut self, bytes: &[u8]) {
        if self.pending.overflow.is_some() || bytes.is_empty() {
            return;
        }
        let fits = self
            .pending
            .stdin
            .len()
            .checked_add(bytes.len())
            .is_some_and(|total| total <= self.policy.max_stdin_bytes());
        if fits {
            self.pending.stdin.extend_from_slice(bytes);
        } else {
            self.pending.overflow = Some(Overflow::Stdin);
        }
    }

    /// Sets the timeout of the next run in milliseconds, clamped to the policy's ceiling.
    pub fn set_timeout(&mut self, ms: u32) {
        self.pending.timeout_ms = self.policy.clamp_timeout_ms(ms);
    }

    /// Runs the assembled command (or refuses it), stores its outputs, resets the inputs and returns the status
    /// the guest reads: `(i8)` of the exit code, `(i8)(128+N)` after signal N, 110 on timeout, -1 when refused,
    /// not executable, or over an output cap. Never panics; blocks for at most the timeout plus a short grace.
    pub fn run(&mut self) -> i32 {
        self.run_interruptible(None)
    }

    /// [`run`](Self::run), with `interrupted` asked while the command runs: when it says `true` (the guest's
    /// store was interrupted), the command's group is killed and the run ends with status 110 and a note.
    pub fn run_interruptible(
        &mut self,
        interrupted: Option<std::sync::Arc<dyn Fn() -> bool + Send + Sync>>,
    ) -> i32 {
        let pending = std::mem::replace(
            &mut self.pending,
            Pending::new(self.policy.default_timeout_ms()),
        );
        self.stdout.clear();
        self.stderr.clear();
        self.exit_code = -1;
        self.runs += 1;
        let finished = self.execute(pending, interrupted.map(spawn::Interrupted));
        self.stdout = finished.stdout;
        self.stderr = finished.stderr;
        self.exit_code = finished.status;
        self.exit_code
    }

    /// Applies the policy to `pending` and runs it if everything passes; writes the audit record.
    fn execute(&self, pending: Pending, interrupted: Option<spawn::Interrupted>) -> Finished {
        let started = Instant::now();
        let mut record = self
            .policy
            .audit_sink()
            .map(|_| AuditDraft::new(&pending, self.policy.cwd()));
        let (finished, program) = self.decide_and_run(pending, started, interrupted);
        if let (Some(sink), Some(draft)) = (self.policy.audit_sink(), record.take()) {
            sink.record(&draft.finish(&self.policy, program.as_deref(), &finished, started));
        }
        finished
    }

    /// The policy's decision and, if it allows the run, the run; with the program it resolved to.
    fn decide_and_run(
        &self,
        pending: Pending,
        started: Instant,
        interrupted: Option<spawn::Interrupted>,
    ) -> (Finished, Option<PathBuf>) {
        let program = match self.policy.program_for(&pending.name) {
            Ok(program) => program,
            Err(permission_denied) => return (Finished::refused(permission_denied), None),
        };
        let name = note::shown(&pending.name);
        if let Some(reason) = self.refusal(&pending) {
            let text = format!("refused to run `{name}`: {reason}");
            return (Finished::failed(&text), program);
        }
        let Some(program) = program else {
            let text = format!("cannot execute `{name}`: no such executable in the host PATH");
            return (Finished::failed(&text), None);
        };
        let report = self.policy.sandbox_report();
        if report.mode == SandboxMode::Strict && !report.not_enforced.is_empty() {
            let text = format!(
                "refused to run `{name}`: the strict sandbox cannot enforce {} on this kernel",
                report.not_enforced.join(", ")
            );
            return (Finished::failed(&text), Some(program));
        }
        let ruleset = match self.policy.sandbox().ruleset_for(&program) {
            Ok(ruleset) => ruleset,
            Err(why) => {
                let text = format!("refused to run `{name}`: cannot sandbox it: {why}");
                return (Finished::failed(&text), Some(program));
            }
        };
        let Some(deadline) =
            started.checked_add(Duration::from_millis(u64::from(pending.timeout_ms)))
        else {
            let text = format!("cannot run `{name}`: its timeout is not representable");
            return (Finished::failed(&text), Some(program));
        };
        let Some(slot) = self.policy.slots().acquire(deadline) else {
            let text = format!(
                "`{name}` timed out after {} ms waiting for one of the policy's {} concurrent command slots: \
                 not run",
                pending.timeout_ms,
                self.policy.max_concurrent_runs().unwrap_or(0)
            );
            return (Finished::timed_out(&text), Some(program));
        };
        let finished = spawn::run(Launch {
            program: program.clone(),
            name: pending.name,
            args: pending.args,
            env: pending.env,
            stdin: pending.stdin,
            timeout_ms: pending.timeout_ms,
            deadline,
            cwd: self.policy.cwd().map(ToOwned::to_owned),
            stdout_cap: self.policy.stdout_cap(),
            stderr_cap: self.policy.stderr_cap(),
            limits: *self.policy.limits(),
            ruleset: ruleset.as_ref().map(|r| r.raw()),
            reap_orphans: self.policy.reaps_orphans(),
            interrupted,
        });
        drop(slot);
        drop(ruleset);
        (finished, Some(program))
    }

    /// Why an allowed command must still not run, or `None`.
    fn refusal(&self, pending: &Pending) -> Option<String> {
        match pending.overflow {
            Some(Overflow::ArgEnv) => {
                return Some(format!(
                    "its name, arguments and environment exceed the policy limit of {} bytes",
                    self.policy.max_arg_env_bytes()
                ));
            }
            Some(Overflow::Stdin) => {
                return Some(format!(
                    "its stdin exceeds the policy limit of {} bytes",
                    self.policy.max_stdin_bytes()
                ));
            }
            None => {}
        }
        if pending.name.contains(&0) {
            return Some("its name contains a NUL byte".to_owned());
        }
        if let Some(index) = pending.args.iter().position(|arg| arg.contains(&0)) {
            return Some(format!("argument {} contains a NUL byte", index + 1));
        }
        pending.env.iter().find_map(|(key, value)| {
            self.policy.env_problem(key, value).map(|why| {
                format!(
                    "environment variable `{}` is refused: {why}",
                    note::shown(key)
                )
            })
        })
    }

    /// The status of the last run; 0 before any run.
    pub fn exit_code(&self) -> i32 {
        self.exit_code
    }

    /// The captured stdout of the last run (at most the policy's cap).
    pub fn stdout(&self) -> &[u8] {
        &self.stdout
    }

    /// The captured stderr of the last run, followed by any host note about what went wrong.
    pub fn stderr(&self) -> &[u8] {
        &self.stderr
    }

    /// The command name assembled so far.
    pub fn prog_name(&self) -> &[u8] {
        &self.pending.name
    }

    /// The arguments assembled so far, in order.
    pub fn args(&self) -> &[Vec<u8>] {
        &self.pending.args
    }

    /// The environment assembled so far (first value of each key), sorted by key.
    pub fn env(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.pending
            .env
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_slice()))
    }

    /// The stdin bytes queued so far.
    pub fn stdin(&self) -> &[u8] {
        &self.pending.stdin
    }

    /// The timeout (ms) the next run will get.
    pub fn timeout_ms(&self) -> u32 {
        self.pending.timeout_ms
    }
}

/// What the audit record of a run keeps from its inputs (taken only when the policy has a sink).
struct AuditDraft {
    time: SystemTime,
    name: Vec<u8>,
    args: Vec<Vec<u8>>,
    env_keys: Vec<Vec<u8>>,
    cwd: Option<PathBuf>,
}

impl AuditDraft {
    fn new(pending: &Pending, cwd: Option<&Path>) -> Self {
        Self {
            time: SystemTime::now(),
            name: pending.name.clone(),
            args: pending.args.clone(),
            env_keys: pending.env.keys().cloned().collect(),
            cwd: cwd.map(Path::to_path_buf),
        }
    }

    /// The record as one JSON object (field list in the README).
    fn finish(
        self,
        policy: &ProcessPolicy,
        program: Option<&Path>,
        finished: &Finished,
        started: Instant,
    ) -> String {
        let info = &finished.info;
        let mut json = Json::object();
        json.str("time", &rfc3339(self.time))
            .str("event", if info.spawned { "run" } else { "refused" })
            .bytes("command", &self.name);
        match program {
            Some(path) => json.bytes("program", path.as_os_str().as_encoded_bytes()),
            None => json.null("program"),
        };
        json.bytes_list(
            "argv",
            std::iter::once(self.name.as_slice()).chain(self.args.iter().map(Vec::as_slice)),
        )
        .bytes_list("env_keys", self.env_keys.iter().map(Vec::as_slice));
        match &self.cwd {
            Some(dir) => json.bytes("cwd", dir.as_os_str().as_encoded_bytes()),
            None => json.null("cwd"),
        };
        let report = policy.sandbox_report();
        json.str("sandbox", report.mode.as_str())
            .num("landlock_abi", report.landlock_abi)
            .str_list("enforced", &report.enforced)
            .str_list("not_enforced", &report.not_enforced)
            .str("limits", &policy.limits().to_string())
            .num("status", finished.status);
        match info.exit_code {
            Some(code) => json.num("exit_code", code),
            None => json.null("exit_code"),
        };
        match info.signal {
            Some(signal) => json.num("signal", signal),
            None => json.null("signal"),
        };
        json.bool("timed_out", info.timed_out);
        match info.truncated {
            Some(stream) => json.str("truncated", stream),
            None => json.null("truncated"),
        };
        json.num("stdin_bytes", info.stdin_written)
            .num("stdout_bytes", info.stdout_read)
            .num("stderr_bytes", info.stderr_read)
            .num("orphans_killed", info.orphans_killed)
            .num("duration_ms", started.elapsed().as_millis());
        if info.spawned {
            json.null("reason");
        } else {
            let reason = String::from_utf8_lossy(&finished.stderr);
            let reason = reason
                .trim_end()
                .strip_prefix(note::PREFIX)
                .unwrap_or(reason.trim_end());
            json.str("reason", reason);
        }
        json.finish()
    }
}

impl fmt::Debug for ProcessState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessState")
            .field("policy", &self.policy)
            .field("prog_name", &note::shown(&self.pending.name))
            .field("args", &self.pending.args.len())
            .field("env", &self.pending.env.len())
            .field("stdin_len", &self.pending.stdin.len())
            .field("timeout_ms", &self.pending.timeout_ms)
            .field("exit_code", &self.exit_code)
            .field("stdout_len", &self.stdout.len())
            .field("stderr_len", &self.stderr.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn denied_state() -> ProcessState {
        ProcessState::new(ProcessPolicy::default())
    }

    #[test]
    fn state_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<ProcessState>();
    }

    #[test]
    fn fresh_state() {
        let state = denied_state();
        assert_eq!(state.exit_code(), 0);
        assert_eq!(state.timeout_ms(), 10_000);
        assert!(state.stdout().is_empty() && state.stderr().is_empty());
    }

    #[test]
    fn inputs_accumulate_as_upstream() {
        let mut state = denied_state();
        state.set_prog_name(b"ec");
        state.set_prog_name(b"ho");
        assert_eq!(state.prog_name(), b"echo");
        state.add_arg(b"a");
        state.add_arg(b"");
        assert_eq!(state.args(), [b"a".to_vec(), Vec::new()]);
        state.add_env(b"K", b"first");
        state.add_env(b"K", b"second");
        assert_eq!(
            state.env().collect::<Vec<_>>(),
            [(&b"K"[..], &b"first"[..])]
        );
        state.add_stdin(&[1, 2, 3, 4]);
        state.add_stdin(b"hello, wasmedge\n");
        assert_eq!(state.stdin().len(), 20);
        state.set_timeout(100);
        assert_eq!(state.timeout_ms(), 100);
    }

    #[test]
    fn limits_drop_inputs_and_refuse_the_run() {
        let policy = ProcessPolicy::builder()
            .allow_command("echo")
            .max_arg_env_bytes(16)
            .max_stdin_bytes(4)
            .build()
            .unwrap();
        let mut state = ProcessState::new(policy.clone());
        state.set_prog_name(b"echo");
        state.add_arg(&[b'x'; 64]);
        assert!(
            state.args().is_empty(),
            "the oversized argument must not be stored"
        );
        state.add_arg(b"ok");
        assert!(
            state.args().is_empty(),
            "inputs after an overflow are ignored"
        );
        assert_eq!(state.run(), -1);
        let err = String::from_utf8(state.stderr().to_vec()).unwrap();
        assert_eq!(
            err,
            "capvm-process: refused to run `echo`: its name, arguments and environment exceed the policy limit of 16 bytes\n"
        );

        let mut state = ProcessState::new(policy);
        state.set_prog_name(b"echo");
        state.add_stdin(b"1234");
        state.add_stdin(b"5");
        assert_eq!(state.stdin(), b"1234");
        assert_eq!(state.run(), -1);
        assert!(
            state
                .stderr()
                .ends_with(b"its stdin exceeds the policy limit of 4 bytes\n")
        );
    }

    #[test]
    fn timeout_is_clamped_to_the_ceiling() {
        let policy = ProcessPolicy::builder()
            .max_timeout_ms(20_000)
            .build()
            .unwrap();
        let mut state = ProcessState::new(policy);
        state.set_timeout(u32::MAX);
        assert_eq!(state.timeout_ms(), 20_000);
    }

    #[test]
    fn a_refused_run_resets_everything() {
        let mut state = denied_state();
        state.set_prog_name(b"c++");
        state.add_arg(b"x");
        state.add_env(b"A", b"B");
        state.add_stdin(b"in");
        state.set_timeout(5);
        assert_eq!(state.run(), -1);
        assert_eq!(state.exit_code(), -1);
        assert!(state.stdout().is_empty());
        assert!(
            state
                .stderr()
                .starts_with(b"Permission denied: Command \"c++\"")
        );
        assert!(
            state.prog_name().is_empty() && state.args().is_empty() && state.stdin().is_empty()
        );
        assert_eq!(state.env().count(), 0);
        assert_eq!(state.timeout_ms(), 10_000);
    }
}
