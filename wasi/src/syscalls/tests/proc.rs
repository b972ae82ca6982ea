//! proc_exit, proc_raise, sched_yield.

use super::{H, errno};
use crate::errno::Errno;
use crate::error::{I32Exit, WasiTrap};
use crate::syscalls::proc::{proc_exit, proc_raise, sched_yield};

#[test]
fn proc_exit_unwinds_with_the_status() {
    let mut h = H::new();
    assert_eq!(h.sys(|c, m| proc_exit(c, m, 0)), Err(WasiTrap::Exit(0)));
    assert_eq!(h.sys(|c, m| proc_exit(c, m, 33)), Err(WasiTrap::Exit(33)));
    let r = h.call("proc_exit", &[u64::from(u32::MAX)]);
    assert_eq!(r, Err(WasiTrap::Exit(-1)));
    assert_eq!(r.err().and_then(|t| t.exit_status()), Some(-1));
    assert_eq!(WasiTrap::from(I32Exit(5)), WasiTrap::Exit(5));
    assert_eq!(WasiTrap::Exit(3).to_string(), "guest exited with status 3");
}

#[test]
fn raise_and_yield() {
    let mut h = H::new();
    assert_eq!(errno(h.sys(|c, m| proc_raise(c, m, 9))), Errno::Notsup);
    assert_eq!(errno(h.sys(sched_yield)), Errno::Success);
}
