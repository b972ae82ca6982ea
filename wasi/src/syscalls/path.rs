//! `path_*`: operations on paths beneath a directory descriptor.
//!
//! Every path is resolved by `cap-std` beneath the directory handle: `..`
//! past the preopen, absolute paths and symlinks leading outside answer
//! `perm`. The preopen's [`DirPerms`](crate::DirPerms) and
//! [`FilePerms`](crate::FilePerms) are checked before any OS call, by
//! [`Perms::check`]: creating, removing, renaming and linking need read-write
//! directories; truncating, writing and appending need read-write files;
//! changing times by path needs both.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use cap_fs_ext::DirExt;

use super::{Budget, Ret, finish, guest_size, read_path};
use crate::ctx::WasiCtx;
use crate::descriptor::{Access, Descriptor, DirDesc};
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::fs::{OpenRequest, Opened, cap_time, filestat_of_metadata, open_beneath, time_specs};
use crate::guest_mem::GuestMemory;
use crate::types::{fdflags, layout, lookupflags, oflags, rights};

/// The directory behind `fd`: `notdir` for other files, `badf` otherwise.
fn dir_of(ctx: &WasiCtx, fd: u32) -> Result<&DirDesc, Errno> {
    match ctx.fds.get(fd)? {
        Descriptor::Dir(dir) => Ok(dir),
        Descriptor::File(_) => Err(Errno::Notdir),
        _ => Err(Errno::Badf),
    }
}

/// Like [`dir_of`], and the directory's preopen must allow `access`.
fn dir_allowing(ctx: &WasiCtx, fd: u32, access: Access) -> Result<&DirDesc, Errno> {
    let dir = dir_of(ctx, fd)?;
    dir.perms.check(access)?;
    Ok(dir)
}

/// Like [`dir_of`], and the directory's preopen must allow changing its
/// entries.
fn writable_dir_of(ctx: &WasiCtx, fd: u32) -> Result<&DirDesc, Errno> {
    dir_allowing(ctx, fd, Access::MutateDir)
}

/// Decodes `lookupflags`: whether to follow a final symlink.
fn follow(flags: u32) -> Result<bool, Errno> {
    if flags & !lookupflags::ALL != 0 {
        return Err(Errno::Inval);
    }
    Ok(flags & lookupflags::SYMLINK_FOLLOW != 0)
}

/// `path_create_directory(fd, path)`.
pub(crate) fn path_create_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        let path = read_path(mem, &mut budget, path, path_len)?;
        let dir = writable_dir_of(ctx, fd)?;
        dir.dir.create_dir(&path)?;
        Ok(())
    };
    finish(body())
}

/// `path_filestat_get(fd, flags, path) -> filestat`.
pub(crate) fn path_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, layout::FILESTAT_SIZE as u64, 8)?;
        let path = read_path(mem, &mut budget, path, path_len)?;
        let follow = follow(flags)?;
        let dir = dir_of(ctx, fd)?;
        let meta = if follow {
            dir.dir.metadata(&path)?
        } else {
            dir.dir.symlink_metadata(&path)?
        };
        mem.write_record(ret, 8, &filestat_of_metadata(&meta).encode())?;
        Ok(())
    };
    finish(body())
}

/// `path_filestat_set_times(fd, flags, path, atim, mtim, fst_flags)`.
#[allow(clippy::too_many_arguments, reason = "mirrors the WASI signature")]
pub(crate) fn path_filestat_set_times(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        let path = read_path(mem, &mut budget, path, path_len)?;
        let follow = follow(flags)?;
        let fst_flags = u16::try_from(fst_flags).map_err(|_| Errno::Inval)?;
        let (a, m) = time_specs(atim, mtim, fst_flags)?;
        let dir = dir_allowing(ctx, fd, Access::SetTimesAt)?;
        if follow {
            dir.dir.set_times(&path, cap_time(a), cap_time(m))?;
        } else {
            dir.dir.set_symlink_times(&path, cap_time(a), cap_time(m))?;
        }
        Ok(())
    };
    finish(body())
}

/// `path_link(old_fd, old_flags, old_path, new_fd, new_path)`: both
/// preopens must have read-write directories and the same permissions;
/// following symlinks answers `inval`.
#[allow(clippy::too_many_arguments, reason = "mirrors the WASI signature")]
pub(crate) fn path_link(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_fd: u32,
    old_flags: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        let old_path = read_path(mem, &mut budget, old_path, old_len)?;
        let new_path = read_path(mem, &mut budget, new_path, new_len)?;
        let follow = follow(old_flags)?;
        let old_dir = writable_dir_of(ctx, old_fd)?;
        let new_dir = writable_dir_of(ctx, new_fd)?;
        old_dir.perms.check(Access::MoveTo(new_dir.perms))?;
        if follow {
            return Err(Errno::Inval.into());
        }
        old_dir.dir.hard_link(&old_path, &new_dir.dir, &new_path)?;
        Ok(())
    };
    finish(body())
}

/// `path_open(fd, dirflags, path, oflags, rights_base, rights_inheriting,
/// fdflags) -> fd`.
///
/// Only the `fd_read`/`fd_write` rights matter: they choose the open mode.
/// `DIRECTORY` with `CREAT`/`EXCL`/`TRUNC` answers `inval`, the sync fdflags
/// `notsup` (as wasmtime); `CREAT` beneath read-only directories, and
/// `TRUNC`, `APPEND` or the write right beneath read-only files, answer
/// `perm` ([`FilePerms`](crate::FilePerms) has the rule for `CREAT` beneath
/// read-write directories with read-only files).
#[allow(clippy::too_many_arguments, reason = "mirrors the WASI signature")]
pub(crate) fn path_open(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    dirflags: u32,
    path: u32,
    path_len: u32,
    open_flags: u32,
    rights_base: u64,
    rights_inheriting: u64,
    fd_flags: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        let path = read_path(mem, &mut budget, path, path_len)?;
        let follow = follow(dirflags)?;
        let of = u16::try_from(open_flags).map_err(|_| Errno::Inval)?;
        let ff = u16::try_from(fd_flags).map_err(|_| Errno::Inval)?;
        if of & !oflags::ALL != 0
            || ff & !fdflags::ALL != 0
            || rights_base & !rights::ALL != 0
            || rights_inheriting & !rights::ALL != 0
        {
            return Err(Errno::Inval.into());
        }
        if of & oflags::DIRECTORY != 0 && of & (oflags::CREAT | oflags::EXCL | oflags::TRUNC) != 0 {
            return Err(Errno::Inval.into());
        }
        if ff & fdflags::ANY_SYNC != 0 {
            return Err(Errno::Notsup.into());
        }
        let req = OpenRequest {
            follow,
            create: of & oflags::CREAT != 0,
            exclusive: of & oflags::EXCL != 0,
            truncate: of & oflags::TRUNC != 0,
            directory: of & oflags::DIRECTORY != 0,
            read: rights_base & rights::FD_READ != 0,
            write: rights_base & rights::FD_WRITE != 0,
        };
        let append = ff & fdflags::APPEND != 0;
        let dir = dir_allowing(
            ctx,
            fd,
            Access::Open {
                create: req.create,
                write: req.write,
                truncate: req.truncate,
                append,
            },
        )?;
        let desc = match open_beneath(&dir.dir, dir.perms, Path::new(&path), req)? {
            Opened::Dir(dir) => Descriptor::Dir(dir),
            Opened::File(file) => {
                if ff & (fdflags::APPEND | fdflags::NONBLOCK) != 0 {
                    let mut os = rustix::fs::fcntl_getfl(&file.file)?;
                    os.set(rustix::fs::OFlags::APPEND, append);
                    os.set(rustix::fs::OFlags::NONBLOCK, ff & fdflags::NONBLOCK != 0);
                    rustix::fs::fcntl_setfl(&file.file, os)?;
                }
                Descriptor::File(file)
            }
        };
        let new_fd = ctx.fds.insert(desc)?;
        mem.write_u32(ret, new_fd)?;
        Ok(())
    };
    finish(body())
}

/// `path_readlink(fd, path, buf, buf_len) -> bufused`: the target is
/// truncated to `buf_len` (no NUL is added).
#[allow(clippy::too_many_arguments, reason = "mirrors the WASI signature")]
pub(crate) fn path_readlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
    buf: u32,
    buf_len: u32,
    ret: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        mem.check(ret, 4, 4)?;
        mem.check(buf, u64::from(buf_len), 1)?;
        let path = read_path(mem, &mut budget, path, path_len)?;
        let dir = dir_of(ctx, fd)?;
        let target = dir.dir.read_link(&path)?;
        let bytes = target.as_os_str().as_bytes();
        let n = bytes.len().min(buf_len as usize);
        mem.write_bytes(buf, &bytes[..n])?;
        mem.write_u32(ret, guest_size(n)?)?;
        Ok(())
    };
    finish(body())
}

/// `path_remove_directory(fd, path)`: non-empty answers `notempty`.
pub(crate) fn path_remove_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        let path = read_path(mem, &mut budget, path, path_len)?;
        let dir = writable_dir_of(ctx, fd)?;
        // `rmdir("dir/")` removes `dir` on POSIX; cap-std would resolve the
        // last component as "." and answer `inval`.
        let trimmed = path.trim_end_matches('/');
        let path = if trimmed.is_empty() { &path } else { trimmed };
        dir.dir.remove_dir(path)?;
        Ok(())
    };
    finish(body())
}

/// `path_rename(old_fd, old_path, new_fd, new_path)`: both preopens must
/// have read-write directories and the same permissions.
#[allow(clippy::too_many_arguments, reason = "mirrors the WASI signature")]
pub(crate) fn path_rename(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_fd: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        let old_path = read_path(mem, &mut budget, old_path, old_len)?;
        let new_path = read_path(mem, &mut budget, new_path, new_len)?;
        let old_dir = writable_dir_of(ctx, old_fd)?;
        let new_dir = writable_dir_of(ctx, new_fd)?;
        old_dir.perms.check(Access::MoveTo(new_dir.perms))?;
        old_dir.dir.rename(&old_path, &new_dir.dir, &new_path)?;
        Ok(())
    };
    finish(body())
}

/// `path_symlink(old_path, fd, new_path)`: an absolute target answers
/// `perm` at creation; a relative one is stored as given and checked when
/// it is followed.
pub(crate) fn path_symlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_path: u32,
    old_len: u32,
    fd: u32,
    new_path: u32,
    new_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        let target = read_path(mem, &mut budget, old_path, old_len)?;
        let link = read_path(mem, &mut budget, new_path, new_len)?;
        let dir = writable_dir_of(ctx, fd)?;
        dir.dir.symlink(&target, &link)?;
        Ok(())
    };
    finish(body())
}

/// `path_unlink_file(fd, path)`: files and symlinks; a directory answers
/// `isdir`.
pub(crate) fn path_unlink_file(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> Result<Errno, WasiTrap> {
    let mut budget = Budget::new(ctx);
    let mut body = || -> Ret {
        let path = read_path(mem, &mut budget, path, path_len)?;
        let dir = writable_dir_of(ctx, fd)?;
        dir.dir.remove_file_or_symlink(&path)?;
        Ok(())
    };
    finish(body())
}
