//! The 46 `wasi_snapshot_preview1` functions, one file per group, and a
//! by-name dispatcher over raw wasm values.
//!
//! Each syscall is a plain function
//! `fn(ctx: &mut WasiCtx, mem: &mut GuestMemory, args...) -> Result<Errno, WasiTrap>`:
//! `Ok(Errno::Success)` on success, `Ok(errno)` for a guest-visible error,
//! `Err(trap)` for a bad guest pointer or `proc_exit`. `i32` parameters are
//! passed as `u32`, `i64` ones as `u64`, bit for bit.
//!
//! Guest pointers that receive results are checked before any side effect,
//! so a call either traps without doing anything or completes.

pub(crate) mod args_env;
pub(crate) mod clock_random;
pub(crate) mod fd;
pub(crate) mod path;
pub(crate) mod poll;
pub(crate) mod proc;
pub(crate) mod sock;

#[cfg(test)]
mod tests;

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::error::{GuestFault, WasiTrap};
use crate::guest_mem::{GuestMemory, IOVEC_SIZE};

/// Longest path accepted from the guest; longer ones answer `nametoolong`.
pub(crate) const MAX_PATH_LEN: u32 = 64 * 1024;
/// At most this many iovecs of one call are used (POSIX `IOV_MAX`); the
/// rest make the transfer short, which callers must handle anyway.
pub(crate) const MAX_IOVS: u32 = 1024;
/// Bytes moved by one read or write call at most (a short transfer).
pub(crate) const MAX_TRANSFER: u32 = 16 << 20;
/// Most subscriptions `poll_oneoff` accepts; more answer `nomem`.
pub(crate) const MAX_POLL_SUBSCRIPTIONS: u32 = 1 << 16;

/// Outcome of a syscall body before it is split into errno and trap.
#[derive(Debug)]
pub(crate) enum Fail {
    Errno(Errno),
    Trap(WasiTrap),
}

impl From<Errno> for Fail {
    fn from(e: Errno) -> Self {
        Fail::Errno(e)
    }
}

impl From<GuestFault> for Fail {
    fn from(f: GuestFault) -> Self {
        Fail::Trap(WasiTrap::Fault(f))
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Self {
        Fail::Errno(Errno::from(e))
    }
}

impl From<rustix::io::Errno> for Fail {
    fn from(e: rustix::io::Errno) -> Self {
        Fail::Errno(Errno::from(e))
    }
}

pub(crate) type Ret<T = ()> = Result<T, Fail>;

/// Splits a body's result into the syscall's return shape.
pub(crate) fn finish(r: Ret) -> Result<Errno, WasiTrap> {
    match r {
        Ok(()) => Ok(Errno::Success),
        Err(Fail::Errno(e)) => Ok(e),
        Err(Fail::Trap(t)) => Err(t),
    }
}

/// The per-call budget of metadata bytes copied from the guest.
#[derive(Debug)]
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    pub(crate) fn new(ctx: &WasiCtx) -> Self {
        Budget {
            left: u64::try_from(ctx.limits.hostcall_budget).unwrap_or(u64::MAX),
        }
    }

    /// Takes `bytes` from the budget, `nomem` when it runs out.
    pub(crate) fn charge(&mut self, bytes: u64) -> Result<(), Errno> {
        self.left = self.left.checked_sub(bytes).ok_or(Errno::Nomem)?;
        Ok(())
    }
}

/// Reads a guest path: bounds (trap), budget (`nomem`), length
/// (`nametoolong`), NUL (`inval`), UTF-8 (`ilseq`), absolute (`perm`).
pub(crate) fn read_path(
    mem: &GuestMemory<'_>,
    budget: &mut Budget,
    ptr: u32,
    len: u32,
) -> Ret<String> {
    let bytes = mem.slice(ptr, len)?;
    budget.charge(u64::from(len))?;
    if len > MAX_PATH_LEN {
        return Err(Errno::Nametoolong.into());
    }
    if bytes.contains(&0) {
        return Err(Errno::Inval.into());
    }
    let path = std::str::from_utf8(bytes).map_err(|_| Errno::Ilseq)?;
    if path.starts_with('/') {
        return Err(Errno::Perm.into());
    }
    Ok(path.to_owned())
}

/// Checks an iovec array's bounds (trap) and charges it to the budget.
fn check_iovs(mem: &GuestMemory<'_>, budget: &mut Budget, iovs: u32, len: u32) -> Ret {
    mem.check_array(iovs, len, IOVEC_SIZE, 4)?;
    budget.charge(u64::from(len) * IOVEC_SIZE)?;
    Ok(())
}

/// The guest buffers of a write, in order, capped at [`MAX_IOVS`] entries
/// and [`MAX_TRANSFER`] bytes. Every used buffer is bounds-checked.
pub(crate) fn gather<'m>(
    mem: &'m GuestMemory<'_>,
    budget: &mut Budget,
    iovs: u32,
    len: u32,
) -> Ret<Vec<&'m [u8]>> {
    check_iovs(mem, budget, iovs, len)?;
    let mut out = Vec::new();
    let mut room = MAX_TRANSFER;
    for i in 0..len.min(MAX_IOVS) {
        let iov = mem.read_iovec(iovs, i)?;
        let buf = mem.slice(iov.buf, iov.len)?;
        if room == 0 {
            break;
        }
        let take = iov.len.min(room);
        room -= take;
        out.push(&buf[..take as usize]);
    }
    Ok(out)
}

/// The first non-empty buffer of a read (reads fill one buffer, which is a
/// valid short read), clamped to [`MAX_TRANSFER`]. `(0, 0)` if all are
/// empty.
pub(crate) fn first_iov(
    mem: &GuestMemory<'_>,
    budget: &mut Budget,
    iovs: u32,
    len: u32,
) -> Ret<(u32, u32)> {
    check_iovs(mem, budget, iovs, len)?;
    for i in 0..len.min(MAX_IOVS) {
        let iov = mem.read_iovec(iovs, i)?;
        mem.check(iov.buf, u64::from(iov.len), 1)?;
        if iov.len != 0 {
            return Ok((iov.buf, iov.len.min(MAX_TRANSFER)));
        }
    }
    Ok((0, 0))
}

/// Converts a host size to the guest's `size` (u32).
pub(crate) fn guest_size(n: usize) -> Result<u32, Errno> {
    u32::try_from(n).map_err(|_| Errno::Overflow)
}

/// The kind of a wasm parameter of a WASI function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `i32`: pointers, sizes, descriptors, flags.
    I32,
    /// `i64`: file sizes, offsets, timestamps, rights.
    I64,
}

/// Name and wasm signature of one `wasi_snapshot_preview1` import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WasiFunction {
    /// The import name.
    pub name: &'static str,
    /// Parameter types in order.
    pub params: &'static [ParamType],
    /// Whether the function returns an `i32` errno (all but `proc_exit`).
    pub returns_errno: bool,
}

macro_rules! param_type {
    (u32) => {
        ParamType::I32
    };
    (u64) => {
        ParamType::I64
    };
}

macro_rules! param_value {
    (u32, $v:expr) => {
        // An i32 argument arrives in the low 32 bits.
        $v as u32
    };
    (u64, $v:expr) => {
        $v
    };
}

macro_rules! returns_errno {
    (errno) => {
        true
    };
    (never) => {
        false
    };
}

macro_rules! wasi_functions {
    ($( $module:ident :: $name:ident ( $( $arg:ident : $ty:ident ),* ) -> $ret:ident ; )*) => {
        /// Every `wasi_snapshot_preview1` function with its wasm signature.
        pub const FUNCTIONS: &[WasiFunction] = &[
            $(
                WasiFunction {
                    name: stringify!($name),
                    params: &[$( param_type!($ty) ),*],
                    returns_errno: returns_errno!($ret),
                },
            )*
        ];

        /// Calls the function `name` with raw wasm argument values (`i32`
        /// values in the low 32 bits of each `u64`).
        ///
        /// Returns the errno to hand back to the guest; an unknown `name`
        /// answers `nosys` and a wrong argument count `inval`.
        ///
        /// # Errors
        ///
        /// [`WasiTrap`] when the guest must stop: a bad guest pointer, or
        /// `proc_exit`.
        pub fn call(
            ctx: &mut WasiCtx,
            memory: &mut [u8],
            name: &str,
            args: &[u64],
        ) -> Result<Errno, WasiTrap> {
            let mut mem = GuestMemory::new(memory);
            match name {
                $(
                    stringify!($name) => {
                        let &[$( $arg ),*] = args else {
                            return Ok(Errno::Inval);
                        };
                        $module::$name(ctx, &mut mem $(, param_value!($ty, $arg))*)
                    }
                )*
                _ => Ok(Errno::Nosys),
            }
        }
    };
}

/// Invokes `$mac!` with the list of all 46 functions:
/// `group::name(arg: u32|u64, ...) -> errno|never;` (`never` for `proc_exit`).
macro_rules! for_each_function {
    ($mac:ident) => {
        $mac! {
            args_env::args_get(argv: u32, argv_buf: u32) -> errno;
            args_env::args_sizes_get(argc: u32, buf_size: u32) -> errno;
            args_env::environ_get(environ: u32, environ_buf: u32) -> errno;
            args_env::environ_sizes_get(count: u32, buf_size: u32) -> errno;
            clock_random::clock_res_get(id: u32, ret: u32) -> errno;
            clock_random::clock_time_get(id: u32, precision: u64, ret: u32) -> errno;
            fd::fd_advise(fd: u32, offset: u64, len: u64, advice: u32) -> errno;
            fd::fd_allocate(fd: u32, offset: u64, len: u64) -> errno;
            fd::fd_close(fd: u32) -> errno;
            fd::fd_datasync(fd: u32) -> errno;
            fd::fd_fdstat_get(fd: u32, ret: u32) -> errno;
            fd::fd_fdstat_set_flags(fd: u32, flags: u32) -> errno;
            fd::fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64) -> errno;
            fd::fd_filestat_get(fd: u32, ret: u32) -> errno;
            fd::fd_filestat_set_size(fd: u32, size: u64) -> errno;
            fd::fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, fst_flags: u32) -> errno;
            fd::fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, ret: u32) -> errno;
            fd::fd_prestat_get(fd: u32, ret: u32) -> errno;
            fd::fd_prestat_dir_name(fd: u32, path: u32, path_len: u32) -> errno;
            fd::fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, ret: u32) -> errno;
            fd::fd_read(fd: u32, iovs: u32, iovs_len: u32, ret: u32) -> errno;
            fd::fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, ret: u32) -> errno;
            fd::fd_renumber(from: u32, to: u32) -> errno;
            fd::fd_seek(fd: u32, offset: u64, whence: u32, ret: u32) -> errno;
            fd::fd_sync(fd: u32) -> errno;
            fd::fd_tell(fd: u32, ret: u32) -> errno;
            fd::fd_write(fd: u32, iovs: u32, iovs_len: u32, ret: u32) -> errno;
            path::path_create_directory(fd: u32, path: u32, path_len: u32) -> errno;
            path::path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, ret: u32) -> errno;
            path::path_filestat_set_times(fd: u32, flags: u32, path: u32, path_len: u32, atim: u64, mtim: u64, fst_flags: u32) -> errno;
            path::path_link(old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) -> errno;
            path::path_open(fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32, rights_base: u64, rights_inheriting: u64, fdflags: u32, ret: u32) -> errno;
            path::path_readlink(fd: u32, path: u32, path_len: u32, buf: u32, buf_len: u32, ret: u32) -> errno;
            path::path_remove_directory(fd: u32, path: u32, path_len: u32) -> errno;
            path::path_rename(old_fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) -> errno;
            path::path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32) -> errno;
            path::path_unlink_file(fd: u32, path: u32, path_len: u32) -> errno;
            poll::poll_oneoff(subs: u32, events: u32, nsubscriptions: u32, ret: u32) -> errno;
            proc::proc_exit(code: u32) -> never;
            proc::proc_raise(sig: u32) -> errno;
            proc::sched_yield() -> errno;
            clock_random::random_get(buf: u32, buf_len: u32) -> errno;
            sock::sock_accept(fd: u32, flags: u32, ret: u32) -> errno;
            sock::sock_recv(fd: u32, ri_data: u32, ri_len: u32, ri_flags: u32, ret_n: u32, ret_flags: u32) -> errno;
            sock::sock_send(fd: u32, si_data: u32, si_len: u32, si_flags: u32, ret_n: u32) -> errno;
            sock::sock_shutdown(fd: u32, how: u32) -> errno;
        }
    };
}
pub(crate) use for_each_function;

for_each_function!(wasi_functions);
