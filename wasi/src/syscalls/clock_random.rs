//! `clock_res_get`, `clock_time_get` and `random_get`.

use rustix::time::{ClockId, Timespec};

use super::{Ret, finish};
use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::guest_mem::GuestMemory;
use crate::types::clockid;

/// Largest piece `random_get` asks the OS for at once.
const RANDOM_CHUNK: u32 = 64 * 1024;

/// The host clock behind a WASI clock id. The CPU-time clocks (2, 3) and
/// unknown ids answer `inval`.
fn host_clock(id: u32) -> Result<ClockId, Errno> {
    match id {
        clockid::REALTIME => Ok(ClockId::Realtime),
        clockid::MONOTONIC => Ok(ClockId::Monotonic),
        _ => Err(Errno::Inval),
    }
}

/// Nanoseconds of a timespec; negative values clamp to 0.
pub(crate) fn timespec_ns(ts: Timespec) -> u64 {
    crate::types::timestamp(ts.tv_sec, ts.tv_nsec)
}

/// Current value of a WASI clock in nanoseconds.
pub(crate) fn now_ns(id: u32) -> Result<u64, Errno> {
    Ok(timespec_ns(rustix::time::clock_gettime(host_clock(id)?)))
}

/// `clock_res_get(id) -> timestamp`.
pub(crate) fn clock_res_get(
    _ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    id: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, 8, 8)?;
        let res = timespec_ns(rustix::time::clock_getres(host_clock(id)?));
        mem.write_u64(ret, res.max(1))?;
        Ok(())
    };
    finish(body())
}

/// `clock_time_get(id, precision) -> timestamp`; `precision` is ignored.
pub(crate) fn clock_time_get(
    _ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    id: u32,
    _precision: u64,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, 8, 8)?;
        let now = now_ns(id)?;
        mem.write_u64(ret, now)?;
        Ok(())
    };
    finish(body())
}

/// `random_get(buf, buf_len)`: fills the guest buffer from the OS random
/// source in place, chunk by chunk, with no host allocation.
pub(crate) fn random_get(
    _ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    buf: u32,
    buf_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        let out = mem.slice_mut(buf, buf_len)?;
        for chunk in out.chunks_mut(RANDOM_CHUNK as usize) {
            let mut filled = 0;
            while filled < chunk.len() {
                match rustix::rand::getrandom(
                    &mut chunk[filled..],
                    rustix::rand::GetRandomFlags::empty(),
                ) {
                    Ok(n) => filled += n,
                    Err(rustix::io::Errno::INTR) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(())
    };
    finish(body())
}
