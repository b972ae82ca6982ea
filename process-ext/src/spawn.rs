//! Runs one command: no shell, absolute program, cleared environment, own process group, only fds 0-2, stdin fed
//! while stdout and stderr are drained, one monotonic deadline for the whole run, capped output, and the whole
//! group killed and the child reaped before returning.
//!
//! Threads per run: one feeds stdin, one drains each output stream, one waits for the child's exit *without
//! reaping it* (`waitid(WNOWAIT)`), so the child's pid, and with it the process-group id, stays ours until the
//! final `kill(-pgid, SIGKILL)` and the reap. The calling thread collects their events until everything ended,
//! the deadline passed or a cap was hit.

use std::collections::BTreeMap;
use std::path::PathBuf;

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
    pub(crate) timeout_ms: u32,
    /// `None` for the host's working directory.
    pub(crate) cwd: Option<PathBuf>,
    pub(crate) stdout_cap: usize,
    pub(crate) stderr_cap: usize,
}

/// What a run (or a refusal) leaves for the guest.
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) status: i32,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

impl Finished {
    /// Status -1 with `stderr` exactly as given (the upstream permission message).
    pub(crate) fn refused(stderr: Vec<u8>) -> Self {
        Self {
            status: -1,
            stdout: Vec::new(),
            stderr,
        }
    }

    /// Status -1 with one host note on stderr.
    pub(crate) fn failed(text: &str) -> Self {
        let mut stderr = Vec::new();
        note::append(&mut stderr, text);
        Self {
            status: -1,
            stdout: Vec::new(),
            stderr,
        }
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
    use std::io::{self, Read, Write};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
    use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
    use std::thread;
    use std::time::{Duration, Instant};

    use rustix::io::Errno;
    use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

    use super::{Finished, Launch, TIMEOUT_STATUS, exit_status, signal_status};
    use crate::note;

    /// How long to wait, after killing the group, for the child to die and the pipes to close.
    const KILL_GRACE: Duration = Duration::from_secs(1);
    /// Read size per stream; also the largest chunk in flight.
    const CHUNK: usize = 64 * 1024;
    /// Chunks that may wait in the channel, so in-flight output is bounded by `CHUNK * CHANNEL_DEPTH`.
    const CHANNEL_DEPTH: usize = 16;

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

    enum Event {
        Data(Stream, Vec<u8>),
        Closed,
        Exited,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Ending {
        TimedOut,
        CapExceeded(Stream),
    }

    /// One captured stream, never longer than its cap.
    struct Capture {
        bytes: Vec<u8>,
        cap: usize,
    }

    impl Capture {
        /// Appends what fits; false if `chunk` went past the cap.
        fn push(&mut self, chunk: &[u8]) -> bool {
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
        let Some(deadline) = start.checked_add(Duration::from_millis(u64::from(launch.timeout_ms)))
        else {
            return Finished::failed(&format!(
                "cannot run `{name}`: its timeout is not representable"
            ));
        };
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
        fd_hygiene::only_stdio_survives_exec(&mut command);

        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(err) => {
                let program = launch.program.display();
                return Finished::failed(&format!("cannot execute `{name}` ({program}): {err}"));
            }
        };
        let group = Pid::from_child(&child);
        let (events_tx, events) = mpsc::sync_channel(CHANNEL_DEPTH);
        let streams = match start_threads(&mut child, launch.stdin, group, events_tx) {
            Ok(streams) => streams,
            Err(err) => {
                kill_group(group);
                let _reaped = child.wait();
                return Finished::failed(&format!(
                    "cannot run `{name}`: could not start an I/O thread: {err}"
                ));
            }
        };
        let mut stdout = Capture {
            bytes: Vec::new(),
            cap: launch.stdout_cap,
        };
        let mut stderr = Capture {
            bytes: Vec::new(),
            cap: launch.stderr_cap,
        };
        let (ending, exited) = collect(&events, streams, deadline, group, &mut stdout, &mut stderr);
        drop(events);

        // Whatever happened, nothing of the command's group outlives the run. The leader is not reaped yet, so
        // the group id cannot have been reused.
        kill_group(group);
        let waited = reap(child, exited);

        let mut stderr = stderr.bytes;
        let status = match ending {
            Some(Ending::CapExceeded(stream)) => {
                let cap = if stream == Stream::Stdout {
                    launch.stdout_cap
                } else {
                    launch.stderr_cap
                };
                let which = stream.label();
                note::append(
                    &mut stderr,
                    &format!(
                        "`{name}` wrote more than {cap} bytes to {which}: output cut at {cap} bytes, command killed"
                    ),
                );
                -1
            }
            Some(Ending::TimedOut) => {
                let ms = launch.timeout_ms;
                note::append(
                    &mut stderr,
                    &format!("`{name}` timed out after {ms} ms: command killed"),
                );
                TIMEOUT_STATUS
            }
            None => status_of(waited, &name, &mut stderr),
        };
        Finished {
            status,
            stdout: stdout.bytes,
            stderr,
        }
    }

    /// Starts the stdin feeder, the two readers and the exit waiter; returns how many streams are being read.
    fn start_threads(
        child: &mut Child,
        stdin: Vec<u8>,
        group: Pid,
        events: SyncSender<Event>,
    ) -> io::Result<u8> {
        if let Some(pipe) = child.stdin.take() {
            // An empty stdin is closed at once, so the child sees EOF.
            if !stdin.is_empty() {
                thread::Builder::new()
                    .name("capvm-process-stdin".into())
                    .spawn(move || feed(pipe, &stdin))?;
            }
        }
        let mut streams = 0;
        if let Some(pipe) = child.stdout.take() {
            let tx = events.clone();
            thread::Builder::new()
                .name("capvm-process-stdout".into())
                .spawn(move || drain(pipe, Stream::Stdout, &tx))?;
            streams += 1;
        }
        if let Some(pipe) = child.stderr.take() {
            let tx = events.clone();
            thread::Builder::new()
                .name("capvm-process-stderr".into())
                .spawn(move || drain(pipe, Stream::Stderr, &tx))?;
            streams += 1;
        }
        thread::Builder::new()
            .name("capvm-process-wait".into())
            .spawn(move || wait_for_exit(group, &events))?;
        Ok(streams)
    }

    /// Writes all of `data`; a child that exits or closes its stdin early (EPIPE) is not an error.
    fn feed(mut pipe: ChildStdin, data: &[u8]) {
        let _ignored = pipe.write_all(data);
    }

    /// Forwards everything read from `pipe` until EOF, an error, or the collector leaving.
    fn drain(mut pipe: impl Read, stream: Stream, events: &SyncSender<Event>) {
        let mut buf = vec![0; CHUNK];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let chunk = buf.get(..n).unwrap_or(&buf).to_vec();
                    if events.send(Event::Data(stream, chunk)).is_err() {
                        return;
                    }
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ignored = events.send(Event::Closed);
    }

    /// Blocks until the child has exited, leaving it unreaped, then reports it.
    fn wait_for_exit(pid: Pid, events: &SyncSender<Event>) {
        let options = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
        while let Err(Errno::INTR) = rustix::process::waitid(WaitId::Pid(pid), options) {}
        let _ignored = events.send(Event::Exited);
    }

    /// How a collection is ending: why (if abnormally) and until when to keep collecting after the kill.
    struct Stop {
        group: Pid,
        ending: Option<Ending>,
        grace_end: Option<Instant>,
    }

    impl Stop {
        /// Records the first abnormal ending and kills the group; later calls change nothing.
        fn end(&mut self, why: Ending) {
            if self.ending.is_none() {
                self.ending = Some(why);
                kill_group(self.group);
                self.grace_end = Some(Instant::now() + KILL_GRACE);
            }
        }
    }

    /// Collects output until the child exited and both streams closed, the deadline passed, or a cap was hit
    /// (then the group is killed and collection goes on for at most [`KILL_GRACE`]). Returns the abnormal ending,
    /// if any, and whether the child was seen to exit.
    fn collect(
        events: &Receiver<Event>,
        mut open_streams: u8,
        deadline: Instant,
        group: Pid,
        stdout: &mut Capture,
        stderr: &mut Capture,
    ) -> (Option<Ending>, bool) {
        let mut exited = false;
        let mut stop = Stop {
            group,
            ending: None,
            grace_end: None,
        };
        while !(exited && open_streams == 0) {
            let now = Instant::now();
            let limit = match stop.grace_end {
                Some(limit) if now >= limit => break,
                Some(limit) => limit,
                None if now >= deadline => {
                    stop.end(Ending::TimedOut);
                    continue;
                }
                None => deadline,
            };
            match events.recv_timeout(limit.saturating_duration_since(now)) {
                Ok(Event::Data(stream, chunk)) => {
                    let capture = if stream == Stream::Stdout {
                        &mut *stdout
                    } else {
                        &mut *stderr
                    };
                    if !capture.push(&chunk) {
                        stop.end(Ending::CapExceeded(stream));
                    }
                }
                Ok(Event::Closed) => open_streams = open_streams.saturating_sub(1),
                Ok(Event::Exited) => exited = true,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        (stop.ending, exited)
    }

    /// Reaps the child. If it was not seen to exit (it survived SIGKILL through the grace period), a detached
    /// thread reaps it later so no zombie is left behind.
    fn reap(mut child: Child, exited: bool) -> io::Result<ExitStatus> {
        if exited {
            return child.wait();
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Ok(status);
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

    /// Keeps host descriptors other than 0-2 out of the child.
    #[allow(
        unsafe_code,
        reason = "the fd clean-up must run between fork and exec, which only pre_exec allows"
    )]
    mod fd_hygiene {
        use std::io;
        use std::os::unix::process::CommandExt;
        use std::process::Command;

        /// Highest fd flagged one by one when `close_range` is unavailable.
        const FALLBACK_MAX_FD: libc::c_int = 65_536;

        /// Arranges for every fd above 2 to be close-on-exec in the child, so that host descriptors the host forgot
        /// to mark (inherited from its own parent, say) never reach the command. Marking rather than closing keeps
        /// std's own exec-error pipe working, so exec failures are still reported.
        pub(super) fn only_stdio_survives_exec(command: &mut Command) {
            // SAFETY: the hook runs in the forked child before exec. `mark_cloexec_above_stdio` only makes raw
            // system calls that are async-signal-safe (close_range, getrlimit, fcntl); it allocates nothing, takes
            // no locks and touches no memory shared with other threads.
            unsafe {
                command.pre_exec(mark_cloexec_above_stdio);
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
