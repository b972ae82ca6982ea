//! Runs one command: no shell, absolute program, cleared environment, own process group, only fds 0-2,
//! `no_new_privs`, resource limits and (where prepared) the Landlock ruleset applied between fork and exec, stdin
//! fed while stdout and stderr are drained, one monotonic deadline for the whole run, capped output, and the whole
//! group killed (with the orphan sweep when the policy reaps orphans) and the child reaped before returning.
//!
//! All I/O of a run happens on the calling thread with `poll(2)` over the three pipes and a pidfd of the child, so
//! a run can leave no thread behind, and every pipe end is closed when the run returns, whatever the command's
//! descendants hold. The child is watched *without reaping it* (`waitid(WNOWAIT)`), so its pid, and with it the
//! process-group id, stays ours until the final `kill(-pgid, SIGKILL)` and the reap.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::limits::Limits;
use crate::note;

/// Status of a run that hit its timeout (Linux `ETIMEDOUT`, as upstream).
pub(crate) const TIMEOUT_STATUS: i32 = 110;

/// A command that passed the policy, ready to run.
#[derive(Debug)]
pub(crate) struct Launch {
    /// The absolute program to execute (never searched in a PATH).
    pub(crate) program: PathBuf,
    /// The guest's name, passed as argv[0].
    pub(crate) name: Vec<u8>,
    pub(crate) args: Vec<Vec<u8>>,
    /// The child's whole environment.
    pub(crate) env: BTreeMap<Vec<u8>, Vec<u8>>,
    pub(crate) stdin: Vec<u8>,
    /// The guest's timeout (for the note); `deadline` is what counts.
    pub(crate) timeout_ms: u32,
    /// When the run must be over (the timeout counted from the start of `run`, slot waiting included).
    pub(crate) deadline: Instant,
    /// `None` for the host's working directory.
    pub(crate) cwd: Option<PathBuf>,
    pub(crate) stdout_cap: usize,
    pub(crate) stderr_cap: usize,
    /// The resource limits to set in the child.
    pub(crate) limits: Limits,
    /// The Landlock ruleset fd to restrict the child with; it stays open for the whole run.
    pub(crate) ruleset: Option<i32>,
    /// Whether to sweep for orphans of the run (the host is a child subreaper).
    pub(crate) reap_orphans: bool,
    /// Asked while the command runs: `true` stops it early (the guest's store was interrupted).
    pub(crate) interrupted: Option<Interrupted>,
}

/// Tells whether the run must stop early, from the host's side.
#[derive(Clone)]
pub(crate) struct Interrupted(pub(crate) std::sync::Arc<dyn Fn() -> bool + Send + Sync>);

impl std::fmt::Debug for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interrupted")
    }
}

/// Facts about a run for the audit log.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RunInfo {
    /// A process was started.
    pub(crate) spawned: bool,
    pub(crate) exit_code: Option<i32>,
    pub(crate) signal: Option<i32>,
    pub(crate) timed_out: bool,
    /// The stream whose cap was hit.
    pub(crate) truncated: Option<&'static str>,
    pub(crate) stdin_written: u64,
    pub(crate) stdout_read: u64,
    pub(crate) stderr_read: u64,
    /// Processes the orphan sweep killed.
    pub(crate) orphans_killed: u64,
    pub(crate) duration: Duration,
}

/// What a run (or a refusal) leaves for the guest.
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) status: i32,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
    pub(crate) info: RunInfo,
}

impl Finished {
    /// Status -1 with `stderr` exactly as given (the upstream permission message).
    pub(crate) fn refused(stderr: Vec<u8>) -> Self {
        Self {
            status: -1,
            stdout: Vec::new(),
            stderr,
            info: RunInfo::default(),
        }
    }

    /// Status -1 with one host note on stderr.
    pub(crate) fn failed(text: &str) -> Self {
        let mut stderr = Vec::new();
        note::append(&mut stderr, text);
        Self::refused(stderr)
    }

    /// The timeout status with one host note on stderr (a run that never started before its deadline).
    pub(crate) fn timed_out(text: &str) -> Self {
        let mut finished = Self::failed(text);
        finished.status = TIMEOUT_STATUS;
        finished.info.timed_out = true;
        finished
    }
}

/// The status a guest reads for exit code `code`: its low byte as `i8`, sign-extended.
pub(crate) fn exit_status(code: i32) -> i32 {
    i32::from(i8::from_le_bytes([code.to_le_bytes()[0]]))
}

/// The status a guest reads for a death by signal `signal`: `(i8)(128 + signal)`, as a shell's `$?`.
pub(crate) fn signal_status(signal: i32) -> i32 {
    exit_status(signal.wrapping_add(128))
}

#[cfg(not(unix))]
pub(crate) fn run(launch: Launch) -> Finished {
    Finished::failed(&format!(
        "cannot execute `{}`: host commands are supported on unix hosts only",
        note::shown(&launch.name)
    ))
}

#[cfg(unix)]
pub(crate) use unix::run;

#[cfg(unix)]
mod unix {
    use std::ffi::OsStr;
    use std::io;
    use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::process::{Child, Command, ExitStatus, Stdio};
    use std::thread;
    use std::time::{Duration, Instant};

    use rustix::event::{PollFd, PollFlags, Timespec};
    use rustix::io::Errno;
    use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

    use super::{Finished, Launch, RunInfo, TIMEOUT_STATUS, exit_status, signal_status};
    use crate::{note, reap};

    /// How long to wait, after killing the group, for the child to die and the pipes to close.
    const KILL_GRACE: Duration = Duration::from_secs(1);
    /// Read and write size per stream and wake-up.
    const CHUNK: usize = 64 * 1024;
    /// Poll interval when no pidfd tells us of the child's exit (kernels before 5.3).
    const EXIT_POLL: Duration = Duration::from_millis(10);
    /// How often a run with an interruption check looks at it.
    const INTERRUPT_POLL: Duration = Duration::from_millis(10);

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Stream {
        Stdout,
        Stderr,
    }

    impl Stream {
        fn label(self) -> &'static str {
            match self {
                Self::Stdout => "stdout",
                Self::Stderr => "stderr",
            }
        }
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Ending {
        TimedOut,
        CapExceeded(Stream),
        /// The host interrupted the guest's store.
        Interrupted,
    }

    /// One captured stream, never longer than its cap.
    struct Capture {
        bytes: Vec<u8>,
        cap: usize,
        read: u64,
    }

    impl Capture {
        /// Appends what fits; false if `chunk` went past the cap.
        fn push(&mut self, chunk: &[u8]) -> bool {
            self.read = self
                .read
                .saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
            let room = self.cap.saturating_sub(self.bytes.len());
            let fits = chunk.len() <= room;
            self.bytes
                .extend_from_slice(chunk.get(..room).unwrap_or(chunk));
            fits
        }
    }

    /// Runs `launch` to completion, timeout or cap (see the module docs).
    pub(crate) fn run(launch: Launch) -> Finished {
        let start = Instant::now();
        let name = note::shown(&launch.name);
        let mut command = Command::new(&launch.program);
        command.arg0(OsStr::from_bytes(&launch.name));
        command.args(launch.args.iter().map(|arg| OsStr::from_bytes(arg)));
        command.env_clear();
        for (key, value) in &launch.env {
            command.env(OsStr::from_bytes(key), OsStr::from_bytes(value));
        }
        if let Some(dir) = &launch.cwd {
            command.current_dir(dir);
        }
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command.process_group(0);
        child_setup::only_stdio_survives_exec(&mut command);
        let limits = child_setup::Rlimits::prepare(&launch.limits, launch.timeout_ms);
        child_setup::confine(&mut command, limits, launch.ruleset);

        let spawning = reap::spawn_lock();
        let spawned = command.spawn();
        let active = spawned
            .as_ref()
            .ok()
            .map(|child| reap::ActiveRun::new(Pid::from_child(child)));
        drop(spawning);
        let mut child = match spawned {
            Ok(child) => child,
            Err(err) => {
                let program = launch.program.display();
                return Finished::failed(&format!("cannot execute `{name}` ({program}): {err}"));
            }
        };
        let group = Pid::from_child(&child);
        let mut io = Pipes::take(&mut child, &launch.stdin);
        let mut stdout = Capture {
            bytes: Vec::new(),
            cap: launch.stdout_cap,
            read: 0,
        };
        let mut stderr = Capture {
            bytes: Vec::new(),
            cap: launch.stderr_cap,
            read: 0,
        };
        let mut stop = Stop {
            group,
            reap_orphans: launch.reap_orphans,
            ending: None,
            grace_end: None,
            orphans_killed: 0,
        };
        let exited = collect(
            &mut io,
            &launch.stdin,
            launch.deadline,
            launch.interrupted.as_ref().map(|i| &*i.0),
            &mut stop,
            &mut stdout,
            &mut stderr,
        );
        let stdin_written = io.written;
        // Every pipe end is closed now, whatever the command's descendants still hold.
        drop(io);

        // Whatever happened, nothing of the command's group outlives the run. The leader is not reaped yet, so
        // the group id cannot have been reused.
        kill_group(group);
        if launch.reap_orphans {
            stop.orphans_killed += reap::sweep(group, Instant::now() + KILL_GRACE);
        }
        let waited = reap_leader(child, exited);
        drop(active);

        let mut info = RunInfo {
            spawned: true,
            stdin_written: u64::try_from(stdin_written).unwrap_or(u64::MAX),
            stdout_read: stdout.read,
            stderr_read: stderr.read,
            orphans_killed: u64::try_from(stop.orphans_killed).unwrap_or(u64::MAX),
            ..RunInfo::default()
        };
        if let Ok(status) = &waited {
            info.exit_code = status.code();
            info.signal = status.signal();
        }
        let mut stderr_bytes = stderr.bytes;
        let status = match stop.ending {
            Some(Ending::CapExceeded(stream)) => {
                let cap = if stream == Stream::Stdout {
                    launch.stdout_cap
                } else {
                    launch.stderr_cap
                };
                let which = stream.label();
                info.truncated = Some(which);
                note::append(
                    &mut stderr_bytes,
                    &format!(
                        "`{name}` wrote more than {cap} bytes to {which}: output cut at {cap} bytes, command killed"
                    ),
                );
                -1
            }
            Some(Ending::Interrupted) => {
                info.timed_out = true;
                note::append(
                    &mut stderr_bytes,
                    &format!(
                        "`{name}` was stopped because the guest was interrupted: command killed"
                    ),
                );
                TIMEOUT_STATUS
            }
            Some(Ending::TimedOut) => {
                let ms = launch.timeout_ms;
                info.timed_out = true;
                note::append(
                    &mut stderr_bytes,
                    &format!("`{name}` timed out after {ms} ms: command killed"),
                );
                TIMEOUT_STATUS
            }
            None => status_of(waited, &name, &mut stderr_bytes),
        };
        info.duration = start.elapsed();
        Finished {
            status,
            stdout: stdout.bytes,
            stderr: stderr_bytes,
            info,
        }
    }

    /// The parent's ends of the three pipes and a pidfd of the child; `None` once closed.
    struct Pipes {
        stdin: Option<OwnedFd>,
        stdout: Option<OwnedFd>,
        stderr: Option<OwnedFd>,
        pidfd: Option<OwnedFd>,
        /// Bytes of stdin written so far.
        written: usize,
    }

    impl Pipes {
        fn take(child: &mut Child, stdin: &[u8]) -> Self {
            let nonblocking = |fd: OwnedFd| {
                // A pipe end that cannot be made non-blocking is dropped (EOF for the child) rather than risk a
                // blocking call on this thread.
                rustix::fs::fcntl_setfl(&fd, rustix::fs::OFlags::NONBLOCK)
                    .ok()
                    .map(|()| fd)
            };
            // An empty stdin is closed at once, so the child sees EOF.
            let stdin_fd = child
                .stdin
                .take()
                .map(OwnedFd::from)
                .filter(|_| !stdin.is_empty())
                .and_then(nonblocking);
            let stdout = child.stdout.take().map(OwnedFd::from).and_then(nonblocking);
            let stderr = child.stderr.take().map(OwnedFd::from).and_then(nonblocking);
            #[cfg(target_os = "linux")]
            let pidfd = rustix::process::pidfd_open(
                Pid::from_child(child),
                rustix::process::PidfdFlags::empty(),
            )
            .ok();
            #[cfg(not(target_os = "linux"))]
            let pidfd = None;
            Self {
                stdin: stdin_fd,
                stdout,
                stderr,
                pidfd,
                written: 0,
            }
        }
    }

    /// How a collection is ending: why (if abnormally) and until when to keep collecting after the kill.
    struct Stop {
        group: Pid,
        reap_orphans: bool,
        ending: Option<Ending>,
        grace_end: Option<Instant>,
        orphans_killed: usize,
    }

    impl Stop {
        /// Records the first abnormal ending and kills the group (and the run's orphans); later calls change
        /// nothing.
        fn end(&mut self, why: Ending, pipes: &mut Pipes) {
            if self.ending.is_none() {
                self.ending = Some(why);
                pipes.stdin = None;
                kill_group(self.group);
                if self.reap_orphans {
                    self.orphans_killed += reap::sweep(self.group, Instant::now() + KILL_GRACE);
                }
                self.grace_end = Some(Instant::now() + KILL_GRACE);
            }
        }
    }

    /// Whether the child has exited (it stays unreaped).
    fn has_exited(pid: Pid) -> bool {
        let options = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
        loop {
            match rustix::process::waitid(WaitId::Pid(pid), options) {
                Ok(status) => return status.is_some(),
                Err(Errno::INTR) => {}
                // ECHILD cannot happen for our unreaped child; treat any error as "gone".
                Err(_) => return true,
            }
        }
    }

    /// Feeds stdin and collects output until the child exited and both streams closed, the deadline passed, or a
    /// cap was hit (then the group is killed and collection goes on for at most [`KILL_GRACE`]). Returns whether
    /// the child was seen to exit.
    fn collect(
        pipes: &mut Pipes,
        input: &[u8],
        deadline: Instant,
        interrupted: Option<&(dyn Fn() -> bool + Send + Sync)>,
        stop: &mut Stop,
        stdout: &mut Capture,
        stderr: &mut Capture,
    ) -> bool {
        let mut exited = false;
        let mut buf = vec![0u8; CHUNK];
        loop {
            if !exited {
                exited = has_exited(stop.group);
            }
            if exited && pipes.stdout.is_none() && pipes.stderr.is_none() {
                break;
            }
            let now = Instant::now();
            let limit = match stop.grace_end {
                Some(limit) if now >= limit => break,
                Some(limit) => limit,
                None if now >= deadline => {
                    stop.end(Ending::TimedOut, pipes);
                    continue;
                }
                None => deadline,
            };
            if stop.grace_end.is_none() && interrupted.is_some_and(|interrupted| interrupted()) {
                stop.end(Ending::Interrupted, pipes);
                continue;
            }
            let mut wait = limit.saturating_duration_since(now);
            if pipes.pidfd.is_none() && !exited {
                wait = wait.min(EXIT_POLL);
            }
            if interrupted.is_some() {
                wait = wait.min(INTERRUPT_POLL);
            }
            let ready = wait_ready(pipes, exited, wait);
            if ready.stdin {
                write_stdin(pipes, input);
            }
            for (stream, is_ready) in [
                (Stream::Stdout, ready.stdout),
                (Stream::Stderr, ready.stderr),
            ] {
                if !is_ready {
                    continue;
                }
                let (pipe, capture) = match stream {
                    Stream::Stdout => (&mut pipes.stdout, &mut *stdout),
                    Stream::Stderr => (&mut pipes.stderr, &mut *stderr),
                };
                if let Some(chunk) = read_some(pipe, &mut buf)
                    && !capture.push(chunk)
                {
                    stop.end(Ending::CapExceeded(stream), pipes);
                }
            }
        }
        exited
    }

    /// Which descriptors are ready after waiting at most `wait`.
    #[derive(Default)]
    struct Ready {
        stdin: bool,
        stdout: bool,
        stderr: bool,
    }

    fn wait_ready(pipes: &Pipes, exited: bool, wait: Duration) -> Ready {
        let input = PollFlags::IN | PollFlags::HUP | PollFlags::ERR;
        let output = PollFlags::OUT | PollFlags::HUP | PollFlags::ERR;
        let mut slots: [(Option<BorrowedFd<'_>>, PollFlags); 4] = [
            (pipes.stdin.as_ref().map(AsFd::as_fd), PollFlags::OUT),
            (pipes.stdout.as_ref().map(AsFd::as_fd), PollFlags::IN),
            (pipes.stderr.as_ref().map(AsFd::as_fd), PollFlags::IN),
            (
                pipes.pidfd.as_ref().filter(|_| !exited).map(AsFd::as_fd),
                PollFlags::IN,
            ),
        ];
        let mut fds: Vec<PollFd<'_>> = Vec::with_capacity(4);
        let mut index = [usize::MAX; 4];
        for (slot, (fd, events)) in slots.iter_mut().enumerate() {
            if let Some(fd) = fd {
                if let Some(entry) = index.get_mut(slot) {
                    *entry = fds.len();
                }
                fds.push(PollFd::from_borrowed_fd(*fd, *events));
            }
        }
        let timeout = Timespec {
            tv_sec: i64::try_from(wait.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(wait.subsec_nanos()),
        };
        if rustix::event::poll(&mut fds, Some(&timeout)).is_err() {
            // EINTR or ENOMEM: nothing is known to be ready; the caller loops and checks the deadline.
            return Ready::default();
        }
        let fired = |slot: usize, mask: PollFlags| {
            index
                .get(slot)
                .and_then(|&i| fds.get(i))
                .is_some_and(|fd| fd.revents().intersects(mask))
        };
        Ready {
            stdin: fired(0, output),
            stdout: fired(1, input),
            stderr: fired(2, input),
        }
    }

    /// Writes the next part of stdin without blocking; closes the pipe when everything is written or the reader
    /// is gone (EPIPE: a child that does not read its stdin is not an error).
    fn write_stdin(pipes: &mut Pipes, input: &[u8]) {
        let Some(fd) = &pipes.stdin else {
            return;
        };
        let end = pipes.written.saturating_add(CHUNK).min(input.len());
        let chunk = input.get(pipes.written..end).unwrap_or_default();
        match rustix::io::write(fd, chunk) {
            Ok(n) => pipes.written = pipes.written.saturating_add(n),
            Err(Errno::AGAIN | Errno::INTR) => {}
            Err(_) => pipes.stdin = None,
        }
        if pipes.written >= input.len() {
            pipes.stdin = None;
        }
    }

    /// Reads once from a ready pipe: the bytes read, or `None` (and the pipe closed at EOF or on an error).
    fn read_some<'b>(pipe: &mut Option<OwnedFd>, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let fd = pipe.as_ref()?;
        match rustix::io::read(fd, &mut *buf) {
            Ok(0) => {
                *pipe = None;
                None
            }
            Ok(n) => buf.get(..n),
            Err(Errno::AGAIN | Errno::INTR) => None,
            Err(_) => {
                *pipe = None;
                None
            }
        }
    }

    /// Reaps the leader. If it was not seen to exit, it gets [`KILL_GRACE`] to die of the SIGKILL already sent;
    /// if it survives that (stuck in the kernel), a detached thread reaps it later so no zombie is left behind.
    fn reap_leader(mut child: Child, exited: bool) -> io::Result<ExitStatus> {
        if exited {
            return child.wait();
        }
        let until = Instant::now() + KILL_GRACE;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Ok(status);
            }
            if Instant::now() >= until {
                break;
            }
            thread::sleep(Duration::from_millis(5));
        }
        let spawned = thread::Builder::new()
            .name("capvm-process-reap".into())
            .spawn(move || child.wait());
        let detail = if spawned.is_ok() {
            "it is reaped in the background"
        } else {
            "it could not be reaped"
        };
        Err(io::Error::other(format!(
            "the command did not die after SIGKILL; {detail}"
        )))
    }

    /// The status of a normally ended run, with a note on stderr when it was not a plain exit.
    fn status_of(waited: io::Result<ExitStatus>, name: &str, stderr: &mut Vec<u8>) -> i32 {
        match waited {
            Ok(status) => {
                if let Some(code) = status.code() {
                    exit_status(code)
                } else if let Some(signal) = status.signal() {
                    let signal_name = signal_name(signal);
                    note::append(
                        stderr,
                        &format!("`{name}` was killed by signal {signal} ({signal_name})"),
                    );
                    signal_status(signal)
                } else {
                    note::append(
                        stderr,
                        &format!("`{name}` ended without an exit code or signal"),
                    );
                    -1
                }
            }
            Err(err) => {
                note::append(
                    stderr,
                    &format!("cannot get the exit status of `{name}`: {err}"),
                );
                -1
            }
        }
    }

    fn kill_group(group: Pid) {
        // ESRCH (the group is already gone) is the expected outcome after a normal exit.
        let _ignored = rustix::process::kill_process_group(group, Signal::KILL);
    }

    fn signal_name(signal: i32) -> &'static str {
        match signal {
            libc::SIGHUP => "SIGHUP",
            libc::SIGINT => "SIGINT",
            libc::SIGQUIT => "SIGQUIT",
            libc::SIGILL => "SIGILL",
            libc::SIGTRAP => "SIGTRAP",
            libc::SIGABRT => "SIGABRT",
            libc::SIGBUS => "SIGBUS",
            libc::SIGFPE => "SIGFPE",
            libc::SIGKILL => "SIGKILL",
            libc::SIGUSR1 => "SIGUSR1",
            libc::SIGSEGV => "SIGSEGV",
            libc::SIGUSR2 => "SIGUSR2",
            libc::SIGPIPE => "SIGPIPE",
            libc::SIGALRM => "SIGALRM",
            libc::SIGTERM => "SIGTERM",
            libc::SIGXCPU => "SIGXCPU",
            libc::SIGXFSZ => "SIGXFSZ",
            libc::SIGSYS => "SIGSYS",
            _ => "unnamed signal",
        }
    }

    /// What the child does between fork and exec: the only unsafe code of a run. Everything here that runs in the
    /// child makes raw, async-signal-safe system calls on values prepared by the parent; it allocates nothing,
    /// takes no locks and touches no memory shared with other threads.
    #[allow(
        unsafe_code,
        reason = "the clean-up and confinement must run between fork and exec, which only pre_exec allows"
    )]
    mod child_setup {
        use std::io;
        use std::os::unix::process::CommandExt;
        use std::process::Command;

        use crate::limits::Limits;

        /// Highest fd flagged one by one when `close_range` is unavailable.
        const FALLBACK_MAX_FD: libc::c_int = 65_536;

        /// The resources [`Rlimits`] may set.
        #[derive(Clone, Copy, Debug)]
        enum Resource {
            Cpu,
            As,
            Fsize,
            Nofile,
            Nproc,
        }

        /// Up to five `(resource, soft, hard)` limits, computed in the parent.
        #[derive(Clone, Copy, Debug)]
        pub(in super::super) struct Rlimits {
            items: [(Resource, u64, u64); 5],
            len: usize,
        }

        impl Rlimits {
            /// The limits for one run: `limits`, CPU time from the timeout when unset, each lowered to the host's
            /// own hard limit (which an unprivileged process cannot raise).
            pub(in super::super) fn prepare(limits: &Limits, timeout_ms: u32) -> Self {
                let mut out = Self {
                    items: [(Resource::Cpu, 0, 0); 5],
                    len: 0,
                };
                let cpu = limits.cpu_secs_for(timeout_ms);
                let wanted = [
                    (Resource::Cpu, Some(cpu), rustix::process::Resource::Cpu),
                    (
                        Resource::As,
                        limits.mem_bytes,
                        rustix::process::Resource::As,
                    ),
                    (
                        Resource::Fsize,
                        limits.fsize_bytes,
                        rustix::process::Resource::Fsize,
                    ),
                    (
                        Resource::Nofile,
                        limits.nofile,
                        rustix::process::Resource::Nofile,
                    ),
                    (
                        Resource::Nproc,
                        limits.nproc,
                        rustix::process::Resource::Nproc,
                    ),
                ];
                for (resource, value, host) in wanted {
                    let Some(value) = value else {
                        continue;
                    };
                    let host_max = rustix::process::getrlimit(host).maximum.unwrap_or(u64::MAX);
                    // SIGXCPU at the soft limit, SIGKILL one second later.
                    let hard = if matches!(resource, Resource::Cpu) {
                        value.saturating_add(1)
                    } else {
                        value
                    };
                    let hard = hard.min(host_max);
                    let soft = value.min(hard);
                    if let Some(slot) = out.items.get_mut(out.len) {
                        *slot = (resource, soft, hard);
                        out.len += 1;
                    }
                }
                out
            }
        }

        /// Arranges for every fd above 2 to be close-on-exec in the child, so that host descriptors the host forgot
        /// to mark (inherited from its own parent, say) never reach the command. Marking rather than closing keeps
        /// std's own exec-error pipe working, so exec failures are still reported.
        pub(in super::super) fn only_stdio_survives_exec(command: &mut Command) {
            // SAFETY: the hook runs in the forked child before exec. `mark_cloexec_above_stdio` only makes raw
            // system calls that are async-signal-safe (close_range, getrlimit, fcntl); it allocates nothing, takes
            // no locks and touches no memory shared with other threads.
            unsafe {
                command.pre_exec(mark_cloexec_above_stdio);
            }
        }

        /// Sets `no_new_privs`, the resource limits and, if given, restricts the child with the Landlock ruleset
        /// `ruleset` (an fd the parent keeps open until the spawn returned). A failure of `no_new_privs` or of
        /// Landlock fails the spawn (the run reads as an exec failure); a limit the kernel refuses is skipped.
        pub(in super::super) fn confine(
            command: &mut Command,
            limits: Rlimits,
            ruleset: Option<i32>,
        ) {
            let hook = move || -> io::Result<()> {
                #[cfg(target_os = "linux")]
                {
                    // SAFETY: prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) takes no pointers and only sets a flag of
                    // this process.
                    let nnp = unsafe {
                        libc::prctl(
                            libc::PR_SET_NO_NEW_PRIVS,
                            libc::c_ulong::from(1u8),
                            libc::c_ulong::from(0u8),
                            libc::c_ulong::from(0u8),
                            libc::c_ulong::from(0u8),
                        )
                    };
                    if nnp != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                for &(resource, soft, hard) in limits.items.iter().take(limits.len) {
                    let value = libc::rlimit {
                        rlim_cur: soft,
                        rlim_max: hard,
                    };
                    let resource = match resource {
                        Resource::Cpu => libc::RLIMIT_CPU,
                        Resource::As => libc::RLIMIT_AS,
                        Resource::Fsize => libc::RLIMIT_FSIZE,
                        Resource::Nofile => libc::RLIMIT_NOFILE,
                        Resource::Nproc => libc::RLIMIT_NPROC,
                    };
                    // SAFETY: setrlimit reads only `value`, a live local; it changes this process's limits.
                    // Its result is ignored on purpose: limits are best effort.
                    let _ignored = unsafe { libc::setrlimit(resource, &raw const value) };
                }
                #[cfg(target_os = "linux")]
                if let Some(fd) = ruleset {
                    // SAFETY: landlock_restrict_self(fd, 0) takes no pointers; `fd` is a ruleset fd the parent
                    // keeps open across the spawn, so it is valid in the child.
                    let done = unsafe {
                        libc::syscall(
                            libc::SYS_landlock_restrict_self,
                            libc::c_long::from(fd),
                            libc::c_long::from(0u8),
                        )
                    };
                    if done != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                #[cfg(not(target_os = "linux"))]
                let _ = ruleset;
                Ok(())
            };
            // SAFETY: the hook runs in the forked child before exec and only makes the async-signal-safe system
            // calls prctl, setrlimit and landlock_restrict_self on copied values (`limits` is a plain array,
            // `ruleset` an integer); it allocates nothing (io::Error::last_os_error does not allocate), takes no
            // locks and touches no memory shared with other threads.
            unsafe {
                command.pre_exec(hook);
            }
        }

        fn mark_cloexec_above_stdio() -> io::Result<()> {
            #[cfg(target_os = "linux")]
            {
                // close_range(3, ~0U, CLOSE_RANGE_CLOEXEC), Linux 5.11+; the kernel reads each argument as an
                // unsigned int.
                // SAFETY: the call takes no pointers; it only changes flags on this process's descriptors.
                let done = unsafe {
                    libc::syscall(
                        libc::SYS_close_range,
                        libc::c_long::from(3u8),
                        libc::c_long::from(-1i8),
                        libc::CLOSE_RANGE_CLOEXEC as libc::c_long,
                    )
                };
                if done == 0 {
                    return Ok(());
                }
            }
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            // SAFETY: getrlimit writes only into `limit`, a valid, exclusively borrowed local.
            let got = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &raw mut limit) };
            let max_fd = if got == 0 {
                libc::c_int::try_from(limit.rlim_cur)
                    .unwrap_or(FALLBACK_MAX_FD)
                    .min(FALLBACK_MAX_FD)
            } else {
                FALLBACK_MAX_FD
            };
            for fd in 3..max_fd {
                // SAFETY: F_SETFD on an arbitrary descriptor number only sets its close-on-exec flag (the only fd
                // flag) or fails with EBADF when the number is unused; no memory is involved.
                unsafe {
                    libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_read_as_signed_bytes() {
        assert_eq!(exit_status(0), 0);
        assert_eq!(exit_status(1), 1);
        assert_eq!(exit_status(127), 127);
        assert_eq!(exit_status(128), -128);
        assert_eq!(exit_status(200), -56);
        assert_eq!(exit_status(255), -1);
        assert_eq!(signal_status(9), -119);
        assert_eq!(signal_status(11), -117);
    }
}
