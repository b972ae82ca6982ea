//! `args_*` and `environ_*`: the argument and environment vectors.

use super::{Ret, finish, guest_size};
use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::guest_mem::GuestMemory;

/// Writes `strings` as a C `char *[]` at `ptrs` plus NUL-terminated bytes at
/// `buf`. Every address is checked before anything is written.
fn write_vector(mem: &mut GuestMemory<'_>, strings: &[Vec<u8>], ptrs: u32, buf: u32) -> Ret {
    let count = guest_size(strings.len())?;
    let total: usize = strings.iter().map(|s| s.len() + 1).sum();
    let total = guest_size(total)?;
    mem.check_array(ptrs, count, 4, 4)?;
    mem.check(buf, u64::from(total), 1)?;
    let mut offset = 0u32;
    for (i, s) in (0u32..).zip(strings) {
        // Both sums were bounded by `total`, which fits in guest memory.
        let at = buf + offset;
        mem.write_u32(ptrs + 4 * i, at)?;
        mem.write_bytes(at, s)?;
        mem.write_u8(at + guest_size(s.len())?, 0)?;
        offset += guest_size(s.len() + 1)?;
    }
    Ok(())
}

fn write_sizes(
    mem: &mut GuestMemory<'_>,
    strings: &[Vec<u8>],
    ret_count: u32,
    ret_size: u32,
) -> Ret {
    mem.check(ret_count, 4, 4)?;
    mem.check(ret_size, 4, 4)?;
    let count = guest_size(strings.len())?;
    let size = guest_size(strings.iter().map(|s| s.len() + 1).sum())?;
    mem.write_u32(ret_count, count)?;
    mem.write_u32(ret_size, size)?;
    Ok(())
}

/// `args_get(argv, argv_buf)`.
pub(crate) fn args_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    argv: u32,
    argv_buf: u32,
) -> Result<Errno, WasiTrap> {
    finish(write_vector(mem, &ctx.args, argv, argv_buf))
}

/// `args_sizes_get() -> (argc, argv_buf_size)`.
pub(crate) fn args_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    ret_argc: u32,
    ret_buf_size: u32,
) -> Result<Errno, WasiTrap> {
    finish(write_sizes(mem, &ctx.args, ret_argc, ret_buf_size))
}

/// `environ_get(environ, environ_buf)`; entries are `KEY=VALUE\0`.
pub(crate) fn environ_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    environ: u32,
    environ_buf: u32,
) -> Result<Errno, WasiTrap> {
    finish(write_vector(mem, &ctx.env, environ, environ_buf))
}

/// `environ_sizes_get() -> (count, buf_size)`.
pub(crate) fn environ_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    ret_count: u32,
    ret_buf_size: u32,
) -> Result<Errno, WasiTrap> {
    finish(write_sizes(mem, &ctx.env, ret_count, ret_buf_size))
}
