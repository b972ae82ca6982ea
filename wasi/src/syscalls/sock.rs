//! `sock_*`: preopened listening sockets and the connections accepted from
//! them. Anything else that is open answers `notsock`.

use std::net::Shutdown;

use rustix::net::RecvFlags;

use super::fd::{retry, write_to};
use super::{Budget, Ret, finish, first_iov, gather, guest_size};
use crate::ctx::WasiCtx;
use crate::descriptor::Descriptor;
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::guest_mem::GuestMemory;
use crate::types::{fdflags, sockflags};

/// `sock_accept(fd, flags) -> fd`: only NONBLOCK is accepted in `flags`.
pub(crate) fn sock_accept(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        let listener = match ctx.fds.get(fd)? {
            Descriptor::Listener(listener) => listener,
            _ => return Err(Errno::Notsock.into()),
        };
        if flags & !u32::from(fdflags::NONBLOCK) != 0 {
            return Err(Errno::Inval.into());
        }
        let (stream, _peer) = listener.accept()?;
        stream.set_nonblocking(flags & u32::from(fdflags::NONBLOCK) != 0)?;
        let new_fd = ctx.fds.insert(Descriptor::Stream(stream))?;
        mem.write_u32(ret, new_fd)?;
        Ok(())
    };
    finish(body())
}

/// `sock_recv(fd, ri_data, ri_flags) -> (nread, roflags)`: fills the first
/// non-empty buffer; `RECV_PEEK` and `RECV_WAITALL` are honoured.
#[allow(clippy::too_many_arguments, reason = "mirrors the WASI signature")]
pub(crate) fn sock_recv(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    ri_data: u32,
    ri_len: u32,
    ri_flags: u32,
    ret_n: u32,
    ret_flags: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret_n, 4, 4)?;
        mem.check(ret_flags, 2, 2)?;
        let (ptr, len) = first_iov(mem, &mut budget, ri_data, ri_len)?;
        let stream = match ctx.fds.get(fd)? {
            Descriptor::Stream(stream) => stream,
            Descriptor::Listener(_) => return Err(Errno::Notconn.into()),
            _ => return Err(Errno::Notsock.into()),
        };
        let known = u32::from(sockflags::RECV_PEEK | sockflags::RECV_WAITALL);
        if ri_flags & !known != 0 {
            return Err(Errno::Inval.into());
        }
        let mut flags = RecvFlags::empty();
        if ri_flags & u32::from(sockflags::RECV_PEEK) != 0 {
            flags |= RecvFlags::PEEK;
        }
        if ri_flags & u32::from(sockflags::RECV_WAITALL) != 0 {
            flags |= RecvFlags::WAITALL;
        }
        let buf = mem.slice_mut(ptr, len)?;
        let (n, _) = retry(|| rustix::net::recv(stream, &mut *buf, flags))?;
        mem.write_u32(ret_n, guest_size(n)?)?;
        mem.write_u16(ret_flags, 0)?;
        Ok(())
    };
    finish(body())
}

/// `sock_send(fd, si_data, si_flags) -> nwritten`: no send flags exist.
pub(crate) fn sock_send(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    si_data: u32,
    si_len: u32,
    si_flags: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        let bufs = gather(mem, &mut budget, si_data, si_len)?;
        let desc = ctx.fds.get_mut(fd)?;
        match desc {
            Descriptor::Stream(_) => {}
            Descriptor::Listener(_) => return Err(Errno::Notconn.into()),
            _ => return Err(Errno::Notsock.into()),
        }
        if si_flags != 0 {
            return Err(Errno::Inval.into());
        }
        let n = write_to(desc, &bufs)?;
        drop(bufs);
        mem.write_u32(ret, guest_size(n)?)?;
        Ok(())
    };
    finish(body())
}

/// `sock_shutdown(fd, how)`: `how` is `RD`, `WR` or both.
pub(crate) fn sock_shutdown(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    how: u32,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        let stream = match ctx.fds.get(fd)? {
            Descriptor::Stream(stream) => stream,
            Descriptor::Listener(_) => return Err(Errno::Notconn.into()),
            _ => return Err(Errno::Notsock.into()),
        };
        let rd = u32::from(sockflags::SHUT_RD);
        let wr = u32::from(sockflags::SHUT_WR);
        let how = if how == rd | wr {
            Shutdown::Both
        } else if how == rd {
            Shutdown::Read
        } else if how == wr {
            Shutdown::Write
        } else {
            return Err(Errno::Inval.into());
        };
        stream.shutdown(how)?;
        Ok(())
    };
    finish(body())
}
