//! `poll_oneoff`: wait for clocks and descriptor readiness.
//!
//! In-memory stdio, regular files and invalid descriptors are ready at once
//! (an invalid or unsuitable descriptor yields an event carrying its
//! errno). Host stdio and sockets are polled with `poll(2)`. Clocks fire at
//! their deadline; when anything is ready immediately, pending clocks are not
//! reported. Waits are cut into slices so an embedder's interrupt flag is
//! noticed promptly.

use std::os::fd::{AsFd, BorrowedFd};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags};

use super::clock_random::now_ns;
use super::{Budget, MAX_POLL_SUBSCRIPTIONS, Ret, finish};
use crate::ctx::WasiCtx;
use crate::descriptor::Descriptor;
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::guest_mem::GuestMemory;
use crate::types::{
    Event, Subscription, SubscriptionKind, clockid, eventrwflags, eventtype, layout, subclockflags,
};

/// Longest single sleep between checks of the interrupt flag and the store's interrupt.
const WAIT_SLICE: Duration = Duration::from_millis(50);

/// How one subscription is waited on.
enum Wait {
    /// A clock firing at the instant (`None`: beyond any representable time).
    Clock(Option<Instant>),
    /// Already decided.
    Ready(Event),
    /// A host descriptor to `poll`, at this index of the poll set.
    Host { slot: usize, kind: u8 },
}

fn fd_event(userdata: u64, kind: u8, error: Errno, nbytes: u64, hangup: bool) -> Event {
    Event {
        userdata,
        error: error.raw(),
        kind,
        nbytes,
        flags: if hangup { eventrwflags::HANGUP } else { 0 },
    }
}

/// Deadline of a clock subscription.
fn clock_deadline(
    now: Instant,
    id: u32,
    timeout: u64,
    flags: u16,
) -> Result<Option<Instant>, Errno> {
    if flags & !subclockflags::ABSTIME != 0 || (id != clockid::REALTIME && id != clockid::MONOTONIC)
    {
        return Err(Errno::Inval);
    }
    let wait = if flags & subclockflags::ABSTIME != 0 {
        timeout.saturating_sub(now_ns(id)?)
    } else {
        timeout
    };
    Ok(now.checked_add(Duration::from_nanos(wait)))
}

/// Readiness of an in-process descriptor, or the host fd to poll.
fn classify<'a>(
    desc: Result<&'a Descriptor, Errno>,
    kind: u8,
    userdata: u64,
    stdio: &'a StdioFds,
) -> Result<Result<Event, (BorrowedFd<'a>, PollFlags)>, Errno> {
    let read = kind == eventtype::FD_READ;
    let flags = if read { PollFlags::IN } else { PollFlags::OUT };
    let ready = |n: u64, hangup: bool| Ok(Ok(fd_event(userdata, kind, Errno::Success, n, hangup)));
    let error = |e: Errno| Ok(Ok(fd_event(userdata, kind, e, 0, false)));
    let desc = match desc {
        Ok(desc) => desc,
        Err(e) => return error(e),
    };
    match desc {
        Descriptor::Stdin(src) if read => match src.buffered() {
            Some(n) => ready(n, n == 0),
            None => Ok(Err((stdio.stdin.as_fd(), flags))),
        },
        Descriptor::Output(sink) if !read => match sink.writable() {
            Some(n) => ready(n, false),
            None => match sink {
                crate::stdio::OutputSink::InheritStderr => Ok(Err((stdio.stderr.as_fd(), flags))),
                _ => Ok(Err((stdio.stdout.as_fd(), flags))),
            },
        },
        Descriptor::File(file) if read => {
            let size = rustix::fs::fstat(&file.file).map(|s| u64::try_from(s.st_size).unwrap_or(0));
            let pos = rustix::fs::tell(&file.file);
            match (size, pos) {
                (Ok(size), Ok(pos)) => {
                    let n = size.saturating_sub(pos);
                    ready(n, n == 0)
                }
                (Err(e), _) | (_, Err(e)) => error(e.into()),
            }
        }
        Descriptor::File(_) => ready(0, false),
        Descriptor::Stream(stream) => Ok(Err((stream.as_fd(), flags))),
        Descriptor::Listener(listener) if read => Ok(Err((listener.as_fd(), flags))),
        Descriptor::Stdin(_)
        | Descriptor::Output(_)
        | Descriptor::Dir(_)
        | Descriptor::Listener(_) => error(Errno::Badf),
    }
}

/// Host stdio handles, kept alive while their fds are polled.
struct StdioFds {
    stdin: std::io::Stdin,
    stdout: std::io::Stdout,
    stderr: std::io::Stderr,
}

/// `poll_oneoff(in, out, nsubscriptions) -> nevents`.
pub(crate) fn poll_oneoff(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    subs: u32,
    events: u32,
    nsubscriptions: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        if nsubscriptions == 0 {
            return Err(Errno::Inval.into());
        }
        mem.check_array(subs, nsubscriptions, layout::SUBSCRIPTION_SIZE as u64, 8)?;
        mem.check_array(events, nsubscriptions, layout::EVENT_SIZE as u64, 8)?;
        if nsubscriptions > MAX_POLL_SUBSCRIPTIONS {
            return Err(Errno::Nomem.into());
        }
        budget.charge(u64::from(nsubscriptions) * layout::SUBSCRIPTION_SIZE as u64)?;

        let mut decoded = Vec::with_capacity(nsubscriptions as usize);
        for i in 0..nsubscriptions {
            let at = subs + i * layout::SUBSCRIPTION_SIZE as u32;
            decoded.push(Subscription::decode(&mem.read_record(at, 8)?));
        }

        let ready = wait_for_events(ctx, &decoded)?;
        for (i, event) in (0u32..).zip(&ready) {
            mem.write_record(events + i * layout::EVENT_SIZE as u32, 8, &event.encode())?;
        }
        mem.write_u32(ret, super::guest_size(ready.len())?)?;
        Ok(())
    };
    finish(body())
}

/// Blocks until at least one subscription is ready and returns the events,
/// in subscription order.
fn wait_for_events(ctx: &WasiCtx, subs: &[Subscription]) -> Result<Vec<Event>, Errno> {
    let stdio = StdioFds {
        stdin: std::io::stdin(),
        stdout: std::io::stdout(),
        stderr: std::io::stderr(),
    };
    let start = Instant::now();
    let mut waits = Vec::with_capacity(subs.len());
    let mut pollfds: Vec<PollFd<'_>> = Vec::new();
    for sub in subs {
        let wait = match sub.kind {
            SubscriptionKind::Clock { id, timeout, flags } => {
                Wait::Clock(clock_deadline(start, id, timeout, flags)?)
            }
            SubscriptionKind::FdRead(fd) | SubscriptionKind::FdWrite(fd) => {
                let kind = if matches!(sub.kind, SubscriptionKind::FdRead(_)) {
                    eventtype::FD_READ
                } else {
                    eventtype::FD_WRITE
                };
                match classify(ctx.fds.get(fd), kind, sub.userdata, &stdio)? {
                    Ok(event) => Wait::Ready(event),
                    Err((fd, flags)) => {
                        pollfds.push(PollFd::from_borrowed_fd(fd, flags));
                        Wait::Host {
                            slot: pollfds.len() - 1,
                            kind,
                        }
                    }
                }
            }
            SubscriptionKind::Unknown(_) => return Err(Errno::Inval),
        };
        waits.push(wait);
    }

    loop {
        let immediate = waits.iter().any(|w| matches!(w, Wait::Ready(_)));
        let now = Instant::now();
        let next_clock = waits
            .iter()
            .filter_map(|w| match w {
                Wait::Clock(Some(deadline)) => Some(*deadline),
                _ => None,
            })
            .min();
        let clock_due = next_clock.is_some_and(|d| d <= now);
        let wait = if immediate || clock_due {
            Duration::ZERO
        } else {
            next_clock.map_or(WAIT_SLICE, |d| d - now).min(WAIT_SLICE)
        };

        if !pollfds.is_empty() {
            let timeout = rustix::time::Timespec {
                tv_sec: i64::try_from(wait.as_secs()).unwrap_or(i64::MAX),
                tv_nsec: i64::from(wait.subsec_nanos()),
            };
            match rustix::event::poll(&mut pollfds, Some(&timeout)) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        } else if !wait.is_zero() {
            std::thread::sleep(wait);
        }

        let now = Instant::now();
        let mut out = Vec::new();
        for (sub, wait) in subs.iter().zip(&waits) {
            match wait {
                Wait::Ready(event) => out.push(*event),
                Wait::Clock(Some(deadline)) if *deadline <= now => out.push(Event {
                    userdata: sub.userdata,
                    error: Errno::Success.raw(),
                    kind: eventtype::CLOCK,
                    nbytes: 0,
                    flags: 0,
                }),
                Wait::Clock(_) => {}
                Wait::Host { slot, kind } => {
                    let revents = pollfds[*slot].revents();
                    if revents.is_empty() {
                        continue;
                    }
                    let hangup = revents.contains(PollFlags::HUP);
                    let error = if revents.contains(PollFlags::NVAL) {
                        Errno::Badf
                    } else if revents.contains(PollFlags::ERR) && !hangup {
                        Errno::Io
                    } else {
                        Errno::Success
                    };
                    let nbytes = if *kind == eventtype::FD_READ {
                        rustix::io::ioctl_fionread(pollfds[*slot].as_fd()).unwrap_or(0)
                    } else {
                        0
                    };
                    out.push(fd_event(sub.userdata, *kind, error, nbytes, hangup));
                }
            }
        }
        if !out.is_empty() {
            return Ok(out);
        }
        let store_interrupted = ctx
            .store_interrupt
            .as_ref()
            .is_some_and(capvm_core::InterruptProbe::is_due);
        if store_interrupted
            || ctx
                .interrupt
                .as_ref()
                .is_some_and(|flag| flag.load(Ordering::Relaxed))
        {
            // A stopped store then traps when the call returns (see `linker.rs`).
            return Err(Errno::Intr);
        }
    }
}
