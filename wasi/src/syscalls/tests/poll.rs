//! poll_oneoff.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{BUF, H, RDWR, RET, RW, assert_fault, errno};
use crate::errno::Errno;
use crate::syscalls::poll::poll_oneoff;
use crate::types::{eventtype, oflags};

const SUBS: u32 = BUF;
const EVENTS: u32 = BUF + 48 * 64;

fn clock_sub(h: &mut H, index: u32, userdata: u64, id: u32, timeout: u64, flags: u16) {
    let at = SUBS + 48 * index;
    h.put(at, &[0; 48]);
    h.put(at, &userdata.to_le_bytes());
    h.put(at + 8, &[eventtype::CLOCK]);
    h.put(at + 16, &id.to_le_bytes());
    h.put(at + 24, &timeout.to_le_bytes());
    h.put(at + 40, &flags.to_le_bytes());
}

fn fd_sub(h: &mut H, index: u32, userdata: u64, kind: u8, fd: u32) {
    let at = SUBS + 48 * index;
    h.put(at, &[0; 48]);
    h.put(at, &userdata.to_le_bytes());
    h.put(at + 8, &[kind]);
    h.put(at + 16, &fd.to_le_bytes());
}

/// (userdata, errno, type, nbytes, flags) of a returned event.
type Ev = (u64, u16, u8, u64, u16);

fn poll(h: &mut H, n: u32) -> Result<Vec<Ev>, Errno> {
    h.put(EVENTS, &[0xee; 32 * 8]);
    match errno(h.sys(|c, m| poll_oneoff(c, m, SUBS, EVENTS, n, RET))) {
        Errno::Success => {
            let count = h.u32_at(RET);
            Ok((0..count)
                .map(|i| {
                    let at = EVENTS + 32 * i;
                    let e = h.get(at, 32);
                    assert_eq!(&e[11..16], &[0; 5], "event padding");
                    assert_eq!(&e[26..32], &[0; 6], "event padding");
                    (
                        h.u64_at(at),
                        u16::from_le_bytes([e[8], e[9]]),
                        e[10],
                        h.u64_at(at + 16),
                        u16::from_le_bytes([e[24], e[25]]),
                    )
                })
                .collect())
        }
        e => Err(e),
    }
}

#[test]
fn sleep_returns_exactly_one_clock_event() {
    let mut h = H::new();
    clock_sub(&mut h, 0, 0xabcd, 1, 1_000_000, 0);
    let start = Instant::now();
    let events = poll(&mut h, 1).expect("poll");
    assert!(start.elapsed() >= Duration::from_millis(1));
    assert_eq!(events, vec![(0xabcd, 0, eventtype::CLOCK, 0, 0)]);
    // Absolute deadlines on both clocks.
    for id in [0u32, 1] {
        assert_eq!(
            errno(h.sys(|c, m| crate::syscalls::clock_random::clock_time_get(c, m, id, 0, RET))),
            Errno::Success
        );
        let now = h.u64_at(RET);
        clock_sub(&mut h, 0, 7, id, now + 2_000_000, 1);
        let start = Instant::now();
        assert_eq!(poll(&mut h, 1).expect("poll").len(), 1);
        assert!(start.elapsed() >= Duration::from_millis(1));
        clock_sub(&mut h, 0, 8, id, 5, 1);
        assert_eq!(
            poll(&mut h, 1).expect("poll")[0].0,
            8,
            "a past deadline fires at once"
        );
    }
}

#[test]
fn ready_descriptors_win_over_pending_clocks() {
    let mut h = H::with(|b| {
        b.stdin_bytes(b"abc".to_vec());
    });
    let f = h.open(RW, 0, "f", oflags::CREAT, RDWR, 0).expect("open");
    assert_eq!(h.write(f, b"12345"), Ok(5));
    fd_sub(&mut h, 0, 1, eventtype::FD_WRITE, 1);
    fd_sub(&mut h, 1, 2, eventtype::FD_WRITE, 2);
    fd_sub(&mut h, 2, 3, eventtype::FD_READ, 0);
    fd_sub(&mut h, 3, 4, eventtype::FD_READ, f);
    clock_sub(&mut h, 4, 5, 1, 10_000_000_000, 0);
    let events = poll(&mut h, 5).expect("poll");
    let ids: Vec<u64> = events.iter().map(|e| e.0).collect();
    assert_eq!(ids, vec![1, 2, 3, 4], "the 10 s clock is not reported");
    assert!(events.iter().all(|e| e.1 == 0));
    assert_eq!(
        (events[2].2, events[2].3),
        (eventtype::FD_READ, 3),
        "stdin has 3 bytes"
    );
    assert_eq!(events[3].3, 0, "file cursor is at the end");
    assert_eq!(events[3].4, 1, "hangup at end of file");
}

#[test]
fn bad_descriptors_yield_error_events() {
    let mut h = H::new();
    fd_sub(&mut h, 0, 10, eventtype::FD_READ, 99);
    fd_sub(&mut h, 1, 11, eventtype::FD_WRITE, RW);
    let events = poll(&mut h, 2).expect("poll");
    assert_eq!(events.len(), 2);
    assert_eq!((events[0].0, events[0].1), (10, Errno::Badf.raw()));
    assert_eq!((events[1].0, events[1].1), (11, Errno::Badf.raw()));
}

#[test]
fn invalid_subscriptions() {
    let mut h = H::new();
    assert_eq!(poll(&mut h, 0), Err(Errno::Inval));
    fd_sub(&mut h, 0, 1, 3, 0);
    assert_eq!(poll(&mut h, 1), Err(Errno::Inval), "unknown event type");
    clock_sub(&mut h, 0, 1, 7, 0, 0);
    assert_eq!(poll(&mut h, 1), Err(Errno::Inval), "unknown clock");
    clock_sub(&mut h, 0, 1, 1, 0, 2);
    assert_eq!(poll(&mut h, 1), Err(Errno::Inval), "unknown clock flags");
    let end = h.mem.len() as u32;
    assert_fault(h.sys(|c, m| poll_oneoff(c, m, end - 40, EVENTS, 1, RET)));
    assert_fault(h.sys(|c, m| poll_oneoff(c, m, SUBS + 4, EVENTS, 1, RET)));
    assert_fault(h.sys(|c, m| poll_oneoff(c, m, SUBS, end - 16, 1, RET)));
    assert_fault(h.sys(|c, m| poll_oneoff(c, m, SUBS, EVENTS, 0xFFFF_FFFF, RET)));
}

#[test]
fn many_subscriptions_hit_the_budget() {
    let mut h = H::with(|b| {
        b.hostcall_budget(1000);
    });
    // 10 000 subscriptions fit in memory (480 KB + 320 KB) but not the budget.
    let r = errno(h.sys(|c, m| poll_oneoff(c, m, 0, 480_000, 10_000, RET)));
    assert_eq!(r, Errno::Nomem);
}

#[test]
fn endless_wait_yields_to_the_interrupt_flag() {
    let flag = Arc::new(AtomicBool::new(false));
    let mut h = {
        let flag = flag.clone();
        H::with(move |b| {
            b.interrupt_flag(flag);
        })
    };
    clock_sub(&mut h, 0, 1, 1, u64::MAX, 0);
    let setter = {
        let flag = flag.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            flag.store(true, Ordering::Relaxed);
        })
    };
    let start = Instant::now();
    assert_eq!(poll(&mut h, 1), Err(Errno::Intr));
    assert!(start.elapsed() < Duration::from_secs(5));
    setter.join().expect("setter");
}
