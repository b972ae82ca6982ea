//! Unit tests of the syscalls, calling them directly on a byte array used as
//! guest memory, against a read-write preopen (fd 3) and a read-only one
//! (fd 4) in temporary directories.

mod args_env;
mod clock_random;
mod fd;
mod memory;
mod path;
mod poll;
mod proc;
mod sandbox;
mod sock;

use tempfile::TempDir;

use super::path::path_open;
use super::{call, fd as fdcalls};
use crate::ctx::{WasiCtx, WasiCtxBuilder};
use crate::descriptor::DirPerms;
use crate::errno::Errno;
use crate::error::WasiTrap;
use crate::guest_mem::GuestMemory;
use crate::stdio::OutputBuffer;
use crate::types::rights;

/// Result pointer area (8-aligned, room for a filestat).
pub(super) const RET: u32 = 64;
/// Second result pointer area.
pub(super) const RET2: u32 = 160;
/// iovec array area (room for 64 iovecs).
pub(super) const IOV: u32 = 256;
/// First path buffer.
pub(super) const P1: u32 = 1024;
/// Second path buffer.
pub(super) const P2: u32 = 4096;
/// Data buffer.
pub(super) const BUF: u32 = 8192;
/// Guest memory size.
pub(super) const MEM: usize = 1 << 20;
/// The read-write preopen.
pub(super) const RW: u32 = 3;
/// The read-only preopen.
pub(super) const RO: u32 = 4;
/// Rights to open a file for reading and writing.
pub(super) const RDWR: u64 = rights::FD_READ | rights::FD_WRITE;

/// A guest instance for tests.
pub(super) struct H {
    pub(super) ctx: WasiCtx,
    pub(super) mem: Vec<u8>,
    pub(super) rw: TempDir,
    pub(super) ro: TempDir,
    pub(super) stdout: OutputBuffer,
}

impl H {
    /// Default instance: stdout captured, RW preopen `/sb`, RO `/ro`.
    pub(super) fn new() -> H {
        H::with(|_| {})
    }

    /// Instance with extra builder configuration applied after the preopens.
    pub(super) fn with(f: impl FnOnce(&mut WasiCtxBuilder)) -> H {
        let rw = tempfile::tempdir().expect("tempdir");
        let ro = tempfile::tempdir().expect("tempdir");
        std::fs::write(ro.path().join("file"), b"read only contents").expect("fixture");
        std::fs::create_dir(ro.path().join("dir")).expect("fixture");
        let stdout = OutputBuffer::new(1 << 16);
        let mut b = WasiCtxBuilder::new();
        b.stdout(stdout.clone());
        b.preopened_dir(rw.path(), "/sb", DirPerms::ReadWrite)
            .expect("preopen rw");
        b.preopened_dir(ro.path(), "/ro", DirPerms::ReadOnly)
            .expect("preopen ro");
        f(&mut b);
        let ctx = b.build().expect("build");
        H {
            ctx,
            mem: vec![0; MEM],
            rw,
            ro,
            stdout,
        }
    }

    /// Runs a syscall on this instance's context and memory.
    pub(super) fn sys<R>(&mut self, f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> R) -> R {
        let mut mem = GuestMemory::new(&mut self.mem);
        f(&mut self.ctx, &mut mem)
    }

    /// Calls by name through the public dispatcher.
    pub(super) fn call(&mut self, name: &str, args: &[u64]) -> Result<Errno, WasiTrap> {
        call(&mut self.ctx, &mut self.mem, name, args)
    }

    pub(super) fn put(&mut self, at: u32, bytes: &[u8]) {
        let at = at as usize;
        self.mem[at..at + bytes.len()].copy_from_slice(bytes);
    }

    pub(super) fn get(&self, at: u32, len: usize) -> &[u8] {
        &self.mem[at as usize..at as usize + len]
    }

    pub(super) fn u32_at(&self, at: u32) -> u32 {
        u32::from_le_bytes(self.get(at, 4).try_into().expect("4 bytes"))
    }

    pub(super) fn u64_at(&self, at: u32) -> u64 {
        u64::from_le_bytes(self.get(at, 8).try_into().expect("8 bytes"))
    }

    /// Writes `s` at `at` and returns `(ptr, len)`.
    pub(super) fn s(&mut self, at: u32, s: &str) -> (u32, u32) {
        self.put(at, s.as_bytes());
        (at, s.len() as u32)
    }

    /// Writes iovec `index` of the array at [`IOV`].
    pub(super) fn iov(&mut self, index: u32, buf: u32, len: u32) {
        self.put(IOV + 8 * index, &buf.to_le_bytes());
        self.put(IOV + 8 * index + 4, &len.to_le_bytes());
    }

    /// `path_open` returning the new fd or the errno.
    pub(super) fn open(
        &mut self,
        dir: u32,
        dirflags: u32,
        path: &str,
        oflags: u16,
        rights: u64,
        fdflags: u16,
    ) -> Result<u32, Errno> {
        let (p, l) = self.s(P1, path);
        let r = self.sys(|c, m| {
            path_open(
                c,
                m,
                dir,
                dirflags,
                p,
                l,
                u32::from(oflags),
                rights,
                0,
                u32::from(fdflags),
                RET,
            )
        });
        match r.expect("path_open must not trap") {
            Errno::Success => Ok(self.u32_at(RET)),
            e => Err(e),
        }
    }

    /// Writes `data` to `fd` with one iovec.
    pub(super) fn write(&mut self, fd: u32, data: &[u8]) -> Result<u32, Errno> {
        self.put(BUF, data);
        self.iov(0, BUF, data.len() as u32);
        match self
            .sys(|c, m| fdcalls::fd_write(c, m, fd, IOV, 1, RET))
            .expect("fd_write must not trap")
        {
            Errno::Success => Ok(self.u32_at(RET)),
            e => Err(e),
        }
    }

    /// Reads up to `len` bytes from `fd` with one iovec.
    pub(super) fn read(&mut self, fd: u32, len: u32) -> Result<Vec<u8>, Errno> {
        self.iov(0, BUF, len);
        match self
            .sys(|c, m| fdcalls::fd_read(c, m, fd, IOV, 1, RET))
            .expect("fd_read must not trap")
        {
            Errno::Success => {
                let n = self.u32_at(RET) as usize;
                Ok(self.get(BUF, n).to_vec())
            }
            e => Err(e),
        }
    }

    /// Closes `fd`, expecting success.
    pub(super) fn close(&mut self, fd: u32) {
        assert_eq!(
            self.sys(|c, m| fdcalls::fd_close(c, m, fd)),
            Ok(Errno::Success)
        );
    }
}

/// Unwraps a syscall result that must not trap.
pub(super) fn errno(r: Result<Errno, WasiTrap>) -> Errno {
    r.expect("unexpected trap")
}

/// Asserts that a syscall trapped on a guest memory fault.
pub(super) fn assert_fault(r: Result<Errno, WasiTrap>) {
    assert!(
        matches!(r, Err(WasiTrap::Fault(_))),
        "expected a fault, got {r:?}"
    );
}

#[test]
fn dispatcher_covers_all_46_functions() {
    use super::FUNCTIONS;
    assert_eq!(FUNCTIONS.len(), 46);
    let mut names: Vec<_> = FUNCTIONS.iter().map(|f| f.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 46, "names are unique");
    let mut h = H::new();
    for f in FUNCTIONS {
        // Wrong arity never reaches the syscall.
        let args = vec![0u64; f.params.len() + 1];
        assert_eq!(h.call(f.name, &args), Ok(Errno::Inval), "{}", f.name);
    }
    assert_eq!(h.call("no_such_function", &[]), Ok(Errno::Nosys));
    let exit = FUNCTIONS
        .iter()
        .find(|f| f.name == "proc_exit")
        .expect("proc_exit");
    assert!(!exit.returns_errno);
    let seek = FUNCTIONS
        .iter()
        .find(|f| f.name == "fd_seek")
        .expect("fd_seek");
    assert_eq!(
        seek.params,
        &[
            super::ParamType::I32,
            super::ParamType::I64,
            super::ParamType::I32,
            super::ParamType::I32
        ]
    );
}
