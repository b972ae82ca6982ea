//! What a guest file descriptor refers to, and the rights reported for it.
//!
//! Rights are reported the way wasmtime reports them, but not enforced per
//! descriptor: the sandbox is the preopen's [`DirPerms`], checked before any
//! OS call, plus the OS's own checks on how a file was opened.

use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsFd, BorrowedFd};

use crate::stdio::{OutputSink, StdinSource};
use crate::types::{fdflags, filetype, rights};

/// What a preopened directory lets the guest do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirPerms {
    /// Read files and list directories; every mutation answers `perm`.
    ReadOnly,
    /// Read and modify the tree below the preopen.
    ReadWrite,
}

impl DirPerms {
    /// Whether mutations are allowed.
    pub(crate) fn writable(self) -> bool {
        matches!(self, DirPerms::ReadWrite)
    }
}

/// A regular file (or other non-directory) opened beneath a preopen.
#[derive(Debug)]
pub(crate) struct FileDesc {
    pub(crate) file: std::fs::File,
    /// Permission of the preopen the file was reached through.
    pub(crate) perms: DirPerms,
    pub(crate) readable: bool,
    pub(crate) writable: bool,
}

/// A directory: a preopen or one opened beneath it.
#[derive(Debug)]
pub(crate) struct DirDesc {
    pub(crate) dir: cap_std::fs::Dir,
    /// Permission of the preopen the directory belongs to.
    pub(crate) perms: DirPerms,
    /// The guest name if this is a preopen.
    pub(crate) preopen: Option<String>,
    /// Open `fd_readdir` iteration, kept so sequential reads are linear.
    pub(crate) readdir: Option<crate::fs::ReaddirState>,
}

/// An entry of the descriptor table.
#[derive(Debug)]
pub(crate) enum Descriptor {
    /// Standard input.
    Stdin(StdinSource),
    /// Standard output or standard error.
    Output(OutputSink),
    File(FileDesc),
    Dir(DirDesc),
    /// A listening socket the embedder preopened.
    Listener(TcpListener),
    /// A connection accepted from a preopened listener.
    Stream(TcpStream),
}

/// The fixed rights wasmtime reports for a preopened directory: the set
/// "expected by many userlands" (wasi-libc and the test suite check for it).
pub(crate) const PREOPEN_DIR_BASE: u64 = rights::PATH_CREATE_DIRECTORY
    | rights::PATH_CREATE_FILE
    | rights::PATH_LINK_SOURCE
    | rights::PATH_LINK_TARGET
    | rights::PATH_OPEN
    | rights::FD_READDIR
    | rights::PATH_READLINK
    | rights::PATH_RENAME_SOURCE
    | rights::PATH_RENAME_TARGET
    | rights::PATH_SYMLINK
    | rights::PATH_REMOVE_DIRECTORY
    | rights::PATH_UNLINK_FILE
    | rights::PATH_FILESTAT_GET
    | rights::PATH_FILESTAT_SET_TIMES
    | rights::FD_FILESTAT_GET
    | rights::FD_FILESTAT_SET_TIMES;

/// Inheriting rights reported for a preopened directory.
pub(crate) const PREOPEN_DIR_INHERITING: u64 = PREOPEN_DIR_BASE
    | rights::FD_DATASYNC
    | rights::FD_READ
    | rights::FD_SEEK
    | rights::FD_FDSTAT_SET_FLAGS
    | rights::FD_SYNC
    | rights::FD_TELL
    | rights::FD_WRITE
    | rights::FD_ADVISE
    | rights::FD_ALLOCATE
    | rights::FD_FILESTAT_GET
    | rights::FD_FILESTAT_SET_SIZE
    | rights::FD_FILESTAT_SET_TIMES
    | rights::POLL_FD_READWRITE;

const SOCKET_RIGHTS: u64 = rights::FD_READ
    | rights::FD_WRITE
    | rights::FD_FDSTAT_SET_FLAGS
    | rights::FD_FILESTAT_GET
    | rights::POLL_FD_READWRITE
    | rights::SOCK_SHUTDOWN;

const LISTENER_RIGHTS: u64 = rights::FD_FDSTAT_SET_FLAGS
    | rights::FD_FILESTAT_GET
    | rights::POLL_FD_READWRITE
    | rights::SOCK_ACCEPT;

impl Descriptor {
    /// `(base, inheriting)` rights reported by `fd_fdstat_get`.
    pub(crate) fn rights(&self) -> (u64, u64) {
        match self {
            Descriptor::Stdin(_) => (rights::FD_READ, rights::FD_READ),
            Descriptor::Output(_) => (rights::FD_WRITE, rights::FD_WRITE),
            Descriptor::Dir(dir) if dir.preopen.is_some() => {
                (PREOPEN_DIR_BASE, PREOPEN_DIR_INHERITING)
            }
            Descriptor::Dir(_) => {
                // Directories are always opened for reading, never writing,
                // and cannot seek or be resized.
                let base = rights::ALL
                    & !(rights::FD_SEEK
                        | rights::FD_FILESTAT_SET_SIZE
                        | rights::PATH_FILESTAT_SET_SIZE
                        | rights::FD_WRITE);
                (base, base)
            }
            Descriptor::File(file) => {
                let mut base = rights::ALL;
                if !file.readable {
                    base &= !(rights::FD_READ | rights::FD_READDIR);
                }
                if !file.writable {
                    base &= !rights::FD_WRITE;
                }
                (base, base)
            }
            Descriptor::Listener(_) => (LISTENER_RIGHTS, 0),
            Descriptor::Stream(_) => (SOCKET_RIGHTS, 0),
        }
    }

    /// The filetype reported by `fd_fdstat_get` / `fd_filestat_get`.
    pub(crate) fn filetype(&self) -> u8 {
        match self {
            Descriptor::Stdin(src) => src.filetype(),
            Descriptor::Output(sink) => sink.filetype(),
            Descriptor::Dir(_) => filetype::DIRECTORY,
            Descriptor::File(file) => match rustix::fs::fstat(&file.file) {
                Ok(stat) => crate::fs::filetype_from_mode(stat.st_mode),
                Err(_) => filetype::UNKNOWN,
            },
            Descriptor::Listener(_) | Descriptor::Stream(_) => filetype::SOCKET_STREAM,
        }
    }

    /// `fdflags` currently in effect (APPEND and NONBLOCK, read from the OS).
    pub(crate) fn fdflags(&self) -> u16 {
        let Some(fd) = self.host_fd() else {
            return 0;
        };
        if matches!(self, Descriptor::Dir(_)) {
            return 0;
        }
        let Ok(flags) = rustix::fs::fcntl_getfl(fd) else {
            return 0;
        };
        let mut out = 0;
        if flags.contains(rustix::fs::OFlags::APPEND) {
            out |= fdflags::APPEND;
        }
        if flags.contains(rustix::fs::OFlags::NONBLOCK) {
            out |= fdflags::NONBLOCK;
        }
        out
    }

    /// The host descriptor behind files, directories and sockets.
    pub(crate) fn host_fd(&self) -> Option<BorrowedFd<'_>> {
        match self {
            Descriptor::File(file) => Some(file.file.as_fd()),
            Descriptor::Dir(dir) => Some(dir.dir.as_fd()),
            Descriptor::Listener(listener) => Some(listener.as_fd()),
            Descriptor::Stream(stream) => Some(stream.as_fd()),
            Descriptor::Stdin(_) | Descriptor::Output(_) => None,
        }
    }

    /// Whether this is a socket (for the `sock_*` calls).
    pub(crate) fn is_socket(&self) -> bool {
        matches!(self, Descriptor::Listener(_) | Descriptor::Stream(_))
    }
}
