//! `fd_*`: operations on open descriptors.

use std::io::IoSlice;
use std::num::NonZeroU64;

use rustix::fs::{Advice, OFlags, SeekFrom};
use rustix::net::SendFlags;

use super::{Budget, Ret, finish, first_iov, gather, guest_size};
use crate::ctx::WasiCtx;
use crate::descriptor::{Access, Descriptor};
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::fs::{ReaddirState, filestat_of_fd, time_specs};
use crate::guest_mem::GuestMemory;
use crate::types::{
    Fdstat, Filestat, encode_dirent, encode_prestat_dir, fdflags, filetype, layout, whence,
};

/// Retries a host call interrupted by a signal.
pub(crate) fn retry<T>(mut f: impl FnMut() -> rustix::io::Result<T>) -> rustix::io::Result<T> {
    loop {
        match f() {
            Err(rustix::io::Errno::INTR) => continue,
            other => return other,
        }
    }
}

/// Offsets above `i64::MAX` cannot be represented by the host: `inval`.
fn offset_ok(offset: u64) -> Result<u64, Errno> {
    if offset > i64::MAX as u64 {
        Err(Errno::Inval)
    } else {
        Ok(offset)
    }
}

/// Writes gathered buffers to a descriptor (shared by `fd_write` and
/// `sock_send`). Sockets use `MSG_NOSIGNAL` so a closed peer cannot raise
/// SIGPIPE in the host. Files beneath read-only files answer `badf`.
pub(crate) fn write_to(desc: &mut Descriptor, bufs: &[&[u8]]) -> Result<usize, Errno> {
    match desc {
        Descriptor::Output(sink) => sink.write(bufs),
        Descriptor::File(file) => {
            file.perms.check(Access::WriteFile)?;
            let slices: Vec<IoSlice<'_>> = bufs.iter().map(|b| IoSlice::new(b)).collect();
            Ok(retry(|| rustix::io::writev(&file.file, &slices))?)
        }
        Descriptor::Stream(stream) => {
            let Some(buf) = bufs.iter().find(|b| !b.is_empty()) else {
                return Ok(0);
            };
            Ok(retry(|| {
                rustix::net::send(&*stream, buf, SendFlags::NOSIGNAL)
            })?)
        }
        Descriptor::Stdin(_) | Descriptor::Dir(_) | Descriptor::Listener(_) => Err(Errno::Badf),
    }
}

/// `fd_write(fd, iovs, iovs_len) -> nwritten`.
pub(crate) fn fd_write(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        let bufs = gather(mem, &mut budget, iovs, iovs_len)?;
        let desc = ctx.fds.get_mut(fd)?;
        let n = write_to(desc, &bufs)?;
        drop(bufs);
        mem.write_u32(ret, guest_size(n)?)?;
        Ok(())
    };
    finish(body())
}

/// `fd_read(fd, iovs, iovs_len) -> nread`: fills the first non-empty buffer.
pub(crate) fn fd_read(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        let (ptr, len) = first_iov(mem, &mut budget, iovs, iovs_len)?;
        let desc = ctx.fds.get_mut(fd)?;
        let buf = mem.slice_mut(ptr, len)?;
        let n = match desc {
            Descriptor::Stdin(src) => src.read(buf)?,
            Descriptor::File(file) => retry(|| rustix::io::read(&file.file, &mut *buf))?,
            Descriptor::Stream(stream) => retry(|| rustix::io::read(&*stream, &mut *buf))?,
            Descriptor::Output(_) | Descriptor::Dir(_) | Descriptor::Listener(_) => {
                return Err(Errno::Badf.into());
            }
        };
        mem.write_u32(ret, guest_size(n)?)?;
        Ok(())
    };
    finish(body())
}

/// `fd_pread(fd, iovs, iovs_len, offset) -> nread`.
pub(crate) fn fd_pread(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        let (ptr, len) = first_iov(mem, &mut budget, iovs, iovs_len)?;
        let file = match ctx.fds.get(fd)? {
            Descriptor::File(file) => file,
            Descriptor::Stdin(_) | Descriptor::Output(_) | Descriptor::Stream(_) => {
                return Err(Errno::Spipe.into());
            }
            Descriptor::Dir(_) | Descriptor::Listener(_) => return Err(Errno::Badf.into()),
        };
        let offset = offset_ok(offset)?;
        let buf = mem.slice_mut(ptr, len)?;
        let n = retry(|| rustix::io::pread(&file.file, &mut *buf, offset))?;
        mem.write_u32(ret, guest_size(n)?)?;
        Ok(())
    };
    finish(body())
}

/// `fd_pwrite(fd, iovs, iovs_len, offset) -> nwritten`. As on Linux, a file
/// in append mode ignores `offset`. Files beneath read-only files answer
/// `badf`.
pub(crate) fn fd_pwrite(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        let bufs = gather(mem, &mut budget, iovs, iovs_len)?;
        let file = match ctx.fds.get(fd)? {
            Descriptor::File(file) => file,
            Descriptor::Stdin(_) | Descriptor::Output(_) | Descriptor::Stream(_) => {
                return Err(Errno::Spipe.into());
            }
            Descriptor::Dir(_) | Descriptor::Listener(_) => return Err(Errno::Badf.into()),
        };
        file.perms.check(Access::WriteFile)?;
        let offset = offset_ok(offset)?;
        let slices: Vec<IoSlice<'_>> = bufs.iter().map(|b| IoSlice::new(b)).collect();
        let n = retry(|| rustix::io::pwritev(&file.file, &slices, offset))?;
        drop(slices);
        drop(bufs);
        mem.write_u32(ret, guest_size(n)?)?;
        Ok(())
    };
    finish(body())
}

/// `fd_seek(fd, offset, whence) -> newoffset`.
pub(crate) fn fd_seek(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    whence: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, 8, 8)?;
        // The `filedelta` argument is a signed i64 passed bit for bit.
        let delta = offset as i64;
        let pos = match u8::try_from(whence) {
            Ok(whence::SET) => SeekFrom::Start(u64::try_from(delta).map_err(|_| Errno::Inval)?),
            Ok(whence::CUR) => SeekFrom::Current(delta),
            Ok(whence::END) => SeekFrom::End(delta),
            _ => return Err(Errno::Inval.into()),
        };
        let file = seekable(ctx.fds.get(fd)?)?;
        let new = rustix::fs::seek(&file.file, pos)?;
        mem.write_u64(ret, new)?;
        Ok(())
    };
    finish(body())
}

/// The file behind a seekable descriptor; stdio and sockets are pipes
/// (`spipe`), directories `badf` (as wasmtime).
fn seekable(desc: &Descriptor) -> Result<&crate::descriptor::FileDesc, Errno> {
    match desc {
        Descriptor::File(file) => Ok(file),
        Descriptor::Stdin(_) | Descriptor::Output(_) | Descriptor::Stream(_) => Err(Errno::Spipe),
        Descriptor::Dir(_) | Descriptor::Listener(_) => Err(Errno::Badf),
    }
}

/// `fd_tell(fd) -> offset`.
pub(crate) fn fd_tell(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, 8, 8)?;
        let file = seekable(ctx.fds.get(fd)?)?;
        let pos = rustix::fs::tell(&file.file)?;
        mem.write_u64(ret, pos)?;
        Ok(())
    };
    finish(body())
}

/// `fd_close(fd)`. Closing a preopen is allowed; the number becomes free.
pub(crate) fn fd_close(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
) -> Result<Errno, WasiTrap> {
    finish(ctx.fds.remove(fd).map(drop).map_err(Into::into))
}

/// `fd_renumber(from, to)`: both must be open; `to` is closed first.
pub(crate) fn fd_renumber(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    from: u32,
    to: u32,
) -> Result<Errno, WasiTrap> {
    finish(ctx.fds.renumber(from, to).map_err(Into::into))
}

/// `fd_datasync(fd)`: files only.
pub(crate) fn fd_datasync(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        match ctx.fds.get(fd)? {
            Descriptor::File(file) => Ok(rustix::fs::fdatasync(&file.file)?),
            _ => Err(Errno::Badf.into()),
        }
    };
    finish(body())
}

/// `fd_sync(fd)`: files only.
pub(crate) fn fd_sync(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        match ctx.fds.get(fd)? {
            Descriptor::File(file) => Ok(rustix::fs::fsync(&file.file)?),
            _ => Err(Errno::Badf.into()),
        }
    };
    finish(body())
}

/// `fd_advise(fd, offset, len, advice)`.
pub(crate) fn fd_advise(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    len: u64,
    advice: u32,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        let advice = match advice {
            0 => Advice::Normal,
            1 => Advice::Sequential,
            2 => Advice::Random,
            3 => Advice::WillNeed,
            4 => Advice::DontNeed,
            5 => Advice::NoReuse,
            _ => return Err(Errno::Inval.into()),
        };
        let Descriptor::File(file) = ctx.fds.get(fd)? else {
            return Err(Errno::Badf.into());
        };
        let offset = offset_ok(offset)?;
        let len = offset_ok(len)?;
        Ok(rustix::fs::fadvise(
            &file.file,
            offset,
            NonZeroU64::new(len),
            advice,
        )?)
    };
    finish(body())
}

/// `fd_allocate(fd, offset, len)`: `perm` on files beneath read-only files,
/// `notsup` on other files (as wasmtime), `badf` otherwise.
pub(crate) fn fd_allocate(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    _offset: u64,
    _len: u64,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        match ctx.fds.get(fd)? {
            Descriptor::File(file) => {
                file.perms.check(Access::ChangeFile)?;
                Err(Errno::Notsup.into())
            }
            _ => Err(Errno::Badf.into()),
        }
    };
    finish(body())
}

/// `fd_fdstat_get(fd) -> fdstat`.
pub(crate) fn fd_fdstat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, layout::FDSTAT_SIZE as u64, 8)?;
        let desc = ctx.fds.get(fd)?;
        let (rights_base, rights_inheriting) = desc.rights();
        let stat = Fdstat {
            filetype: desc.filetype(),
            flags: desc.fdflags(),
            rights_base,
            rights_inheriting,
        };
        mem.write_record(ret, 8, &stat.encode())?;
        Ok(())
    };
    finish(body())
}

/// `fd_fdstat_set_flags(fd, flags)`: APPEND and NONBLOCK on files, NONBLOCK
/// on sockets; the sync flags answer `inval` (as wasmtime). Turning APPEND
/// on beneath read-only files answers `perm`.
pub(crate) fn fd_fdstat_set_flags(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        let flags = u16::try_from(flags).map_err(|_| Errno::Inval)?;
        if flags & !fdflags::ALL != 0 || flags & fdflags::ANY_SYNC != 0 {
            return Err(Errno::Inval.into());
        }
        let desc = ctx.fds.get(fd)?;
        match desc {
            Descriptor::File(file) => {
                if flags & fdflags::APPEND != 0 {
                    file.perms.check(Access::ChangeFile)?;
                }
            }
            Descriptor::Listener(_) | Descriptor::Stream(_) => {
                if flags & fdflags::APPEND != 0 {
                    return Err(Errno::Inval.into());
                }
            }
            _ => return Err(Errno::Badf.into()),
        }
        let host = desc.host_fd().ok_or(Errno::Badf)?;
        let mut os = rustix::fs::fcntl_getfl(host)?;
        os.set(OFlags::APPEND, flags & fdflags::APPEND != 0);
        os.set(OFlags::NONBLOCK, flags & fdflags::NONBLOCK != 0);
        rustix::fs::fcntl_setfl(host, os)?;
        Ok(())
    };
    finish(body())
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: rights are not enforced
/// per descriptor, so this answers `notsup` for any open descriptor (as
/// wasmtime); the test suite then skips its rights checks.
pub(crate) fn fd_fdstat_set_rights(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    _base: u64,
    _inheriting: u64,
) -> Result<Errno, WasiTrap> {
    finish(
        ctx.fds
            .get(fd)
            .map_err(Into::into)
            .and(Err(Errno::Notsup.into())),
    )
}

/// `fd_filestat_get(fd) -> filestat`. Stdio reports zeros and its filetype.
pub(crate) fn fd_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, layout::FILESTAT_SIZE as u64, 8)?;
        let desc = ctx.fds.get(fd)?;
        let stat = match desc.host_fd() {
            Some(host) => {
                let mut stat = filestat_of_fd(host)?;
                if desc.is_socket() {
                    stat.filetype = filetype::SOCKET_STREAM;
                }
                stat
            }
            None => Filestat {
                filetype: desc.filetype(),
                ..Filestat::default()
            },
        };
        mem.write_record(ret, 8, &stat.encode())?;
        Ok(())
    };
    finish(body())
}

/// `fd_filestat_set_size(fd, size)`: files only; `perm` beneath read-only
/// files.
pub(crate) fn fd_filestat_set_size(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    size: u64,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        let Descriptor::File(file) = ctx.fds.get(fd)? else {
            return Err(Errno::Badf.into());
        };
        file.perms.check(Access::ChangeFile)?;
        let size = offset_ok(size)?;
        Ok(rustix::fs::ftruncate(&file.file, size)?)
    };
    finish(body())
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`: flags are validated
/// first (`inval`), then the preopen permission (`perm`): the file
/// permissions for a file, the directory permissions for a directory.
pub(crate) fn fd_filestat_set_times(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> Result<Errno, WasiTrap> {
    let body = || -> Ret {
        let flags = u16::try_from(fst_flags).map_err(|_| Errno::Inval)?;
        let (a, m) = time_specs(atim, mtim, flags)?;
        match ctx.fds.get(fd)? {
            Descriptor::File(file) => {
                file.perms.check(Access::ChangeFile)?;
                fs_set_times::SetTimes::set_times(&file.file, a, m)?;
            }
            Descriptor::Dir(dir) => {
                dir.perms.check(Access::MutateDir)?;
                cap_fs_ext::DirExt::set_times(
                    &dir.dir,
                    ".",
                    crate::fs::cap_time(a),
                    crate::fs::cap_time(m),
                )?;
            }
            _ => return Err(Errno::Badf.into()),
        }
        Ok(())
    };
    finish(body())
}

/// `fd_prestat_get(fd) -> prestat`: `badf` for anything but a preopened
/// directory (wasi-libc stops its preopen scan at the first `badf`).
pub(crate) fn fd_prestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, layout::PRESTAT_SIZE as u64, 4)?;
        let Ok(Descriptor::Dir(dir)) = ctx.fds.get(fd) else {
            return Err(Errno::Badf.into());
        };
        let Some(name) = &dir.preopen else {
            return Err(Errno::Badf.into());
        };
        mem.write_record(ret, 4, &encode_prestat_dir(guest_size(name.len())?))?;
        Ok(())
    };
    finish(body())
}

/// `fd_prestat_dir_name(fd, path, path_len)`: the guest name without NUL;
/// `nametoolong` if `path_len` is too small.
pub(crate) fn fd_prestat_dir_name(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(path, u64::from(path_len), 1)?;
        let name = match ctx.fds.get(fd)? {
            Descriptor::Dir(dir) => dir.preopen.as_deref().ok_or(Errno::Notdir)?,
            _ => return Err(Errno::Notdir.into()),
        };
        if name.len() > path_len as usize {
            return Err(Errno::Nametoolong.into());
        }
        mem.write_bytes(path, name.as_bytes())?;
        Ok(())
    };
    finish(body())
}

/// Copies as much of `data` as fits at `out[*used..]`; true if all of it did.
fn put(out: &mut [u8], used: &mut usize, data: &[u8]) -> bool {
    let room = out.len() - *used;
    let n = room.min(data.len());
    out[*used..*used + n].copy_from_slice(&data[..n]);
    *used += n;
    n == data.len()
}

/// Writes one dirent (header then name), truncated to the buffer.
fn put_entry(
    out: &mut [u8],
    used: &mut usize,
    d_next: u64,
    ino: u64,
    ftype: u8,
    name: &[u8],
) -> Result<bool, Errno> {
    let header = encode_dirent(d_next, ino, guest_size(name.len())?, ftype);
    Ok(put(out, used, &header) && put(out, used, name))
}

/// `fd_readdir(fd, buf, buf_len, cookie) -> bufused`.
///
/// Entries are `.`, `..` and then the host entries in host order. The last
/// entry is cut off at `buf_len` (`bufused == buf_len` tells the guest to
/// ask again from the last complete entry's `d_next`); padding bytes are
/// zero.
pub(crate) fn fd_readdir(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
    buf_len: u32,
    cookie: u64,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        mem.check(buf, u64::from(buf_len), 1)?;
        let Descriptor::Dir(dir) = ctx.fds.get_mut(fd)? else {
            return Err(Errno::Badf.into());
        };
        let out = mem.slice_mut(buf, buf_len)?;
        let mut used = 0usize;
        let mut complete = true;
        if cookie < 2 {
            let self_ino = rustix::fs::fstat(&dir.dir)?.st_ino;
            if cookie == 0 {
                complete = put_entry(out, &mut used, 1, self_ino, filetype::DIRECTORY, b".")?;
            }
            if complete {
                complete = put_entry(out, &mut used, 2, self_ino, filetype::DIRECTORY, b"..")?;
            }
        }
        if complete {
            // Cookies 0 and 1 rewind: start a fresh listing.
            let existing = dir.readdir.take().filter(|_| cookie >= 2);
            let mut state = ReaddirState::at(existing, &dir.dir, cookie.max(2))?;
            loop {
                let entry = match state.next() {
                    Ok(Some(entry)) => entry,
                    Ok(None) => break,
                    Err(e) => {
                        dir.readdir = Some(state);
                        return Err(e.into());
                    }
                };
                let fits = put_entry(
                    out,
                    &mut used,
                    state.cookie(),
                    entry.ino,
                    entry.filetype,
                    &entry.name,
                )?;
                if !fits {
                    state.unread(entry);
                    break;
                }
            }
            dir.readdir = Some(state);
        }
        mem.write_u32(ret, guest_size(used)?)?;
        Ok(())
    };
    finish(body())
}
