//! Finding and killing what a run left behind after its process group was killed: processes that left the group
//! (`setsid`, `setpgid`) or were double-forked away.
//!
//! This only works when the host is a child subreaper ([`become_subreaper`], a policy choice: see
//! [`ProcessPolicyBuilder::reap_orphans`](crate::ProcessPolicyBuilder::reap_orphans)): then every process that
//! loses its parent anywhere below the host is re-parented to the host instead of to init. The sweep tells the
//! runs' processes from the host's own children by a mark they cannot remove: every command starts with
//! `no_new_privs` set (spawn.rs), which the kernel passes to every descendant and never clears. A child of the host
//! that carries the mark, while the host itself does not, descends from a command. Processes still in the
//! process group of another run in progress are left to that run.
//!
//! Limits, all documented in the README: a host that runs with `no_new_privs` itself cannot tell its children
//! apart, so the sweep does nothing there; a host thread that calls `waitpid(-1)` can reap a marked child
//! between the sweep's scan and its kill (the kill then targets a pid that may have been reused; std never does
//! this); and a setsid'd process of a run that is still going is killed by the end of any other run.

#[cfg(target_os = "linux")]
pub(crate) use linux::{ActiveRun, become_subreaper, host_is_marked, spawn_lock, sweep};

#[cfg(not(target_os = "linux"))]
pub(crate) use other::{ActiveRun, become_subreaper, host_is_marked, spawn_lock, sweep};

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::{Mutex, OnceLock, PoisonError};
    use std::time::{Duration, Instant};

    use rustix::process::{Pid, Signal, WaitOptions};

    use crate::error::Error;

    /// Pause between two scans while killed processes die.
    const ROUND_PAUSE: Duration = Duration::from_millis(2);

    /// Leader pids (= process-group ids) of the runs in progress in this host process.
    static ACTIVE: Mutex<Vec<i32>> = Mutex::new(Vec::new());

    /// Held while a command is spawned and registered, and while the sweep scans, so that a run's new leader is
    /// never taken for a leftover of another run.
    static SPAWNING: Mutex<()> = Mutex::new(());

    /// Takes the spawn lock (see [`SPAWNING`]).
    pub(crate) fn spawn_lock() -> std::sync::MutexGuard<'static, ()> {
        SPAWNING.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes the host process a child subreaper.
    pub(crate) fn become_subreaper() -> Result<(), Error> {
        rustix::process::set_child_subreaper(Some(rustix::process::getpid()))
            .map_err(|errno| Error::Subreaper(errno.into()))
    }

    /// Registers a run's leader while the run is in progress.
    #[derive(Debug)]
    pub(crate) struct ActiveRun(i32);

    impl ActiveRun {
        pub(crate) fn new(leader: Pid) -> Self {
            let pid = leader.as_raw_nonzero().get();
            ACTIVE
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(pid);
            Self(pid)
        }
    }

    impl Drop for ActiveRun {
        fn drop(&mut self) {
            let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(i) = active.iter().position(|&pid| pid == self.0) {
                active.swap_remove(i);
            }
        }
    }

    /// Whether the host process itself runs with `no_new_privs` (then the mark tells nothing).
    pub(crate) fn host_is_marked() -> bool {
        static MARKED: OnceLock<bool> = OnceLock::new();
        *MARKED.get_or_init(|| no_new_privs(None).unwrap_or(true))
    }

    /// The `NoNewPrivs` flag of process `pid` (the calling process for `None`).
    fn no_new_privs(pid: Option<i32>) -> Option<bool> {
        let path = match pid {
            Some(pid) => format!("/proc/{pid}/status"),
            None => "/proc/self/status".to_owned(),
        };
        let status = std::fs::read_to_string(path).ok()?;
        let line = status
            .lines()
            .find_map(|line| line.strip_prefix("NoNewPrivs:"))?;
        Some(line.trim() == "1")
    }

    /// (state, parent pid, process group) of `pid`, from `/proc/PID/stat`.
    fn stat(pid: i32) -> Option<(char, i32, i32)> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) state ppid pgrp ...": comm may hold anything, so split after the last ')'.
        let (_, rest) = stat.rsplit_once(')')?;
        let mut fields = rest.split_whitespace();
        let state = fields.next()?.chars().next()?;
        let ppid = fields.next()?.parse().ok()?;
        let pgrp = fields.next()?.parse().ok()?;
        Some((state, ppid, pgrp))
    }

    /// One scan of `/proc`.
    struct Scan {
        /// The host's marked children that belong to no other run in progress.
        found: Vec<i32>,
        /// Whether a process of this run's group is still alive (killed, but not yet dead): its children are
        /// re-parented to the host only once it is.
        group_alive: bool,
    }

    /// Scans for leftovers of the run whose leader is `own` (its caller reaps the leader itself).
    fn scan(own: i32) -> Scan {
        let me = rustix::process::getpid().as_raw_nonzero().get();
        let _spawning = spawn_lock();
        let active = ACTIVE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let mut result = Scan {
            found: Vec::new(),
            group_alive: false,
        };
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return result;
        };
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|name| name.parse::<i32>().ok())
            else {
                continue;
            };
            let Some((state, ppid, pgrp)) = stat(pid) else {
                continue;
            };
            if pgrp == own && state != 'Z' {
                result.group_alive = true;
            }
            if pid == own || active.contains(&pid) {
                continue;
            }
            if ppid != me || (pgrp != own && active.contains(&pgrp)) {
                continue;
            }
            if no_new_privs(Some(pid)) == Some(true) {
                result.found.push(pid);
            }
        }
        result
    }

    /// Kills and reaps every process the runs left behind (see the module docs), scanning again until none is
    /// left and the run's own (already killed) group is dead, or `until` passes. Returns how many processes were
    /// killed.
    pub(crate) fn sweep(own_leader: Pid, until: Instant) -> usize {
        if host_is_marked() {
            return 0;
        }
        let own = own_leader.as_raw_nonzero().get();
        let mut killed = 0;
        let mut dying: Vec<Pid> = Vec::new();
        loop {
            dying.retain(|&pid| {
                !matches!(
                    rustix::process::waitpid(Some(pid), WaitOptions::NOHANG),
                    Ok(Some(_)) | Err(_)
                )
            });
            let Scan { found, group_alive } = scan(own);
            for raw in &found {
                let Some(pid) = Pid::from_raw(*raw) else {
                    continue;
                };
                if dying.contains(&pid) {
                    continue;
                }
                // The process is our unreaped child, so its pid cannot have been reused since the scan.
                if rustix::process::kill_process(pid, Signal::KILL).is_ok() {
                    killed += 1;
                }
                dying.push(pid);
            }
            let done = found.is_empty() && dying.is_empty() && !group_alive;
            if done || Instant::now() >= until {
                break;
            }
            std::thread::sleep(ROUND_PAUSE);
        }
        killed
    }
}

#[cfg(not(target_os = "linux"))]
mod other {
    use std::time::Instant;

    use rustix::process::Pid;

    use crate::error::Error;

    /// There is no sweep here; report the mark as useless.
    pub(crate) fn host_is_marked() -> bool {
        true
    }

    /// Nothing to hold where there is no sweep.
    #[derive(Debug)]
    pub(crate) struct NoLock;

    pub(crate) fn spawn_lock() -> NoLock {
        NoLock
    }

    pub(crate) fn become_subreaper() -> Result<(), Error> {
        Err(Error::Subreaper(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "child subreapers exist on Linux only",
        )))
    }

    #[derive(Debug)]
    pub(crate) struct ActiveRun;

    impl ActiveRun {
        pub(crate) fn new(_leader: Pid) -> Self {
            Self
        }
    }

    pub(crate) fn sweep(_own_leader: Pid, _until: Instant) -> usize {
        0
    }
}
