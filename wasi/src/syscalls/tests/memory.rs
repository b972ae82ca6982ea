//! Checklist 5.3 #44: bad guest pointers trap, with nothing done.

use super::{BUF, H, IOV, P1, RET, RW, assert_fault, errno};
use crate::errno::Errno;
use crate::syscalls::fd::{
    fd_fdstat_get, fd_filestat_get, fd_pread, fd_read, fd_readdir, fd_write,
};
use crate::syscalls::path::{path_create_directory, path_open};
use crate::types::oflags;

#[test]
fn iovec_arrays_out_of_bounds_or_misaligned_trap() {
    let mut h = H::new();
    let end = h.mem.len() as u32;
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, end - 4, 1, RET)));
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, IOV + 2, 1, RET)));
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, IOV, 0xFFFF_FFFF, RET)));
    assert_fault(h.sys(|c, m| fd_read(c, m, 0, IOV, 0xFFFF_FFFF, RET)));
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, u32::MAX, 1, RET)));
    // An iovec whose buffer runs past the end.
    h.iov(0, end - 2, 3);
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, IOV, 1, RET)));
    assert_fault(h.sys(|c, m| fd_read(c, m, 0, IOV, 1, RET)));
    h.iov(0, u32::MAX, u32::MAX);
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, IOV, 1, RET)));
    assert!(h.stdout.is_empty(), "nothing was written");
    // Zero iovecs are fine.
    assert_eq!(
        errno(h.sys(|c, m| fd_write(c, m, 1, IOV, 0, RET))),
        Errno::Success
    );
    assert_eq!(h.u32_at(RET), 0);
}

#[test]
fn result_pointers_are_checked_before_side_effects() {
    let mut h = H::new();
    let end = h.mem.len() as u32;
    h.put(BUF, b"data");
    h.iov(0, BUF, 4);
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, IOV, 1, end)));
    assert_fault(h.sys(|c, m| fd_write(c, m, 1, IOV, 1, RET + 1)));
    assert!(h.stdout.is_empty(), "a trapping call has no effect");
    assert_fault(h.sys(|c, m| fd_fdstat_get(c, m, 1, RET + 4)));
    assert_fault(h.sys(|c, m| fd_filestat_get(c, m, RW, end - 32)));
    assert_fault(h.sys(|c, m| fd_pread(c, m, RW, IOV, 1, 0, end)));
    assert_fault(h.sys(|c, m| fd_readdir(c, m, RW, end - 10, 64, 0, RET)));
    h.s(P1, "created");
    let creat = u32::from(oflags::CREAT);
    assert_fault(h.sys(|c, m| path_open(c, m, RW, 0, P1, 7, creat, 0, 0, 0, RET + 2)));
    assert!(
        !h.rw.path().join("created").exists(),
        "trapped before opening"
    );
}

#[test]
fn path_pointers_out_of_bounds_trap() {
    let mut h = H::new();
    let end = h.mem.len() as u32;
    assert_fault(h.sys(|c, m| path_create_directory(c, m, RW, end - 3, 4)));
    assert_fault(h.sys(|c, m| path_create_directory(c, m, RW, u32::MAX, u32::MAX)));
    assert_fault(h.sys(|c, m| path_open(c, m, RW, 0, end, 1, 0, 0, 0, 0, RET)));
}

#[test]
fn dispatcher_passes_faults_through() {
    let mut h = H::new();
    let r = h.call("fd_write", &[1, 0xFFFF_FFF0, 4, u64::from(RET)]);
    assert_fault(r);
    // i32 arguments use only the low 32 bits.
    h.put(BUF, b"ok");
    h.iov(0, BUF, 2);
    let r = h.call(
        "fd_write",
        &[1 | (7 << 32), u64::from(IOV), 1, u64::from(RET)],
    );
    assert_eq!(r, Ok(Errno::Success));
    assert_eq!(h.stdout.contents(), b"ok");
}
