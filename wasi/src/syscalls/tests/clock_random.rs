//! clock_res_get, clock_time_get and random_get.

use super::{BUF, H, RET, assert_fault, errno};
use crate::errno::Errno;
use crate::syscalls::clock_random::{clock_res_get, clock_time_get, random_get};

#[test]
fn clocks_tick() {
    let mut h = H::new();
    for id in [0, 1] {
        assert_eq!(
            errno(h.sys(|c, m| clock_res_get(c, m, id, RET))),
            Errno::Success
        );
        assert!(h.u64_at(RET) >= 1);
        assert_eq!(
            errno(h.sys(|c, m| clock_time_get(c, m, id, 0, RET))),
            Errno::Success
        );
        let t1 = h.u64_at(RET);
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert_eq!(
            errno(h.sys(|c, m| clock_time_get(c, m, id, 1, RET))),
            Errno::Success
        );
        let t2 = h.u64_at(RET);
        assert!(t2 > t1, "clock {id} must advance: {t1} -> {t2}");
    }
    // Realtime is the Unix epoch clock: after 2020-01-01.
    assert_eq!(
        errno(h.sys(|c, m| clock_time_get(c, m, 0, 0, RET))),
        Errno::Success
    );
    assert!(h.u64_at(RET) > 1_577_836_800_000_000_000);
}

#[test]
fn unknown_clocks_are_inval() {
    let mut h = H::new();
    for id in [2, 3, 7, u32::MAX] {
        assert_eq!(
            errno(h.sys(|c, m| clock_time_get(c, m, id, 0, RET))),
            Errno::Inval
        );
        assert_eq!(
            errno(h.sys(|c, m| clock_res_get(c, m, id, RET))),
            Errno::Inval
        );
    }
    assert_eq!(
        h.call("clock_time_get", &[7, 0, u64::from(RET)]),
        Ok(Errno::Inval)
    );
}

#[test]
fn clock_result_pointers_are_checked() {
    let mut h = H::new();
    assert_fault(h.sys(|c, m| clock_time_get(c, m, 1, 0, RET + 4)));
    assert_fault(h.sys(|c, m| clock_res_get(c, m, 1, u32::MAX - 3)));
}

#[test]
fn random_fills_large_buffers_in_place() {
    let mut h = H::new();
    let len = 512 * 1024u32;
    assert_eq!(
        errno(h.sys(|c, m| random_get(c, m, BUF, len))),
        Errno::Success
    );
    let filled = h.get(BUF, len as usize);
    // 64 KiB chunks: every chunk must have been written.
    for chunk in filled.chunks(64 * 1024) {
        assert!(chunk.iter().any(|&b| b != 0), "chunk left zeroed");
    }
    assert_eq!(
        errno(h.sys(|c, m| random_get(c, m, BUF, 0))),
        Errno::Success
    );
}

#[test]
fn random_past_memory_traps_before_writing() {
    let mut h = H::new();
    assert_fault(h.sys(|c, m| random_get(c, m, 16, 0xFFFF_0000)));
    assert!(h.mem.iter().all(|&b| b == 0), "nothing written on a fault");
    let end = h.mem.len() as u32;
    assert_fault(h.sys(|c, m| random_get(c, m, end - 1, 2)));
}
