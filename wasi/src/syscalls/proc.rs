//! `proc_exit`, `proc_raise` and `sched_yield`.

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::guest_mem::GuestMemory;

/// `proc_exit(rval)`: never returns to the guest. The status unwinds to the
/// embedder as [`WasiTrap::Exit`]; the host process is never exited.
pub(crate) fn proc_exit(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    code: u32,
) -> Result<Errno, WasiTrap> {
    // `exitcode` is a u32 in witx; the embedder sees the same bits as i32.
    Err(WasiTrap::Exit(code as i32))
}

/// `proc_raise(sig)`: signals are not supported (`notsup`, as wasmtime).
pub(crate) fn proc_raise(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    _sig: u32,
) -> Result<Errno, WasiTrap> {
    Ok(Errno::Notsup)
}

/// `sched_yield()`: yields the host thread.
pub(crate) fn sched_yield(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
) -> Result<Errno, WasiTrap> {
    std::thread::yield_now();
    Ok(Errno::Success)
}
