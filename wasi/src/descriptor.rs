//! What a guest file descriptor refers to, and the rights reported for it.
//!
//! Rights are reported the way wasmtime reports them, but not enforced per
//! descriptor: the sandbox is the preopen's [`DirPerms`] and [`FilePerms`],
//! checked before any OS call by [`Perms::check`], plus the OS's own checks
//! on how a file was opened.

use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsFd, BorrowedFd};

use crate::errno::Errno;
use crate::stdio::{OutputSink, StdinSource};
use crate::types::{fdflags, filetype, rights};

/// What a preopened directory lets the guest do with the directory tree
/// itself: its entries, and the directories in it.
///
/// [`WasiCtxBuilder::preopened_dir`](crate::WasiCtxBuilder::preopened_dir)
/// gives files the matching [`FilePerms`];
/// [`WasiCtxBuilder::preopened_dir_with_perms`](crate::WasiCtxBuilder::preopened_dir_with_perms)
/// chooses both. Directories opened beneath a preopen have its permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirPerms {
    /// List directories and open what is in them. Creating an entry (a file
    /// with `CREAT`, a directory, a symlink, a hard link), removing or renaming
    /// one, and changing a directory's times answer `perm`; so does
    /// `path_filestat_set_times`. Rename and link need both ends read-write.
    ReadOnly,
    /// Also create, remove, rename and link entries, and change directories'
    /// times.
    ReadWrite,
}

/// What the files beneath a preopened directory let the guest do with their
/// contents, as wasmtime's `FilePerms` (`READ` or `READ | WRITE`).
///
/// Reading is always allowed. With [`FilePerms::ReadOnly`], before any OS
/// call:
///
/// - `path_open` with the `fd_write` right, `TRUNC` or the `APPEND` fdflag,
///   `fd_filestat_set_size`, `fd_allocate`, `fd_filestat_set_times` on a
///   file and `fd_fdstat_set_flags(APPEND)` answer `perm`;
/// - `fd_write` and `fd_pwrite` answer `badf`, as they do on any descriptor
///   opened without the write right (no file beneath such a preopen is ever
///   open for writing on the host);
/// - `path_filestat_set_times`, which may reach a file or a directory and is
///   decided before the path is resolved, answers `perm`: it needs read-write
///   directories and read-write files.
///
/// Creating an entry is governed by [`DirPerms`] alone: `path_open` with
/// `CREAT` beneath a [`DirPerms::ReadWrite`] directory with read-only files
/// is allowed when nothing else asks for writing (no `fd_write` right, no
/// `TRUNC`, no `APPEND`). The file is created as an empty file and the guest
/// gets a read-only descriptor. (wasmtime refuses every `CREAT` without
/// `FilePerms::WRITE`; creating an empty entry is a directory mutation, which
/// the directory's permission already grants.) `CREAT` with a write request
/// answers `perm`. Rename and link also need both ends to have the same file
/// permissions, so a file cannot be moved to where it may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePerms {
    /// Read file contents; every change to a file's contents, size or times
    /// is refused.
    ReadOnly,
    /// Read and write file contents.
    ReadWrite,
}

impl FilePerms {
    /// The file permissions [`WasiCtxBuilder::preopened_dir`](crate::WasiCtxBuilder::preopened_dir)
    /// implies: read-only files beneath a read-only directory, read-write
    /// beneath a read-write one.
    pub(crate) fn matching(dir: DirPerms) -> FilePerms {
        match dir {
            DirPerms::ReadOnly => FilePerms::ReadOnly,
            DirPerms::ReadWrite => FilePerms::ReadWrite,
        }
    }
}

/// The permissions of a preopen, carried by every descriptor opened beneath
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Perms {
    pub(crate) dir: DirPerms,
    pub(crate) file: FilePerms,
}

/// A guest operation the preopen's permissions decide, before any OS call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Create (other than `path_open`), remove, rename or link an entry, or
    /// change a directory descriptor's times.
    MutateDir,
    /// `path_open`: what it asks for.
    Open {
        create: bool,
        write: bool,
        truncate: bool,
        append: bool,
    },
    /// Change an open file: its size (`fd_filestat_set_size`,
    /// `fd_allocate`), its times, or turn `APPEND` on.
    ChangeFile,
    /// Write an open file's contents (`fd_write`, `fd_pwrite`).
    WriteFile,
    /// `path_filestat_set_times`: the target may be a file or a directory.
    SetTimesAt,
    /// `path_rename` and `path_link` from this preopen into one with the
    /// permissions `to`: both must allow changing entries, with the same
    /// permissions, so that nothing reaches a preopen that grants more than
    /// the one it came from.
    MoveTo(Perms),
}

impl Perms {
    /// The permissions [`WasiCtxBuilder::preopened_dir`](crate::WasiCtxBuilder::preopened_dir) gives.
    pub(crate) fn of_dir(dir: DirPerms) -> Perms {
        Perms {
            dir,
            file: FilePerms::matching(dir),
        }
    }

    /// The one place the preopen's permissions are decided: `Ok` if `access`
    /// is allowed, otherwise the errno to answer (`perm`, or `badf` for
    /// writing contents, as for a descriptor opened without the write right).
    pub(crate) fn check(self, access: Access) -> Result<(), Errno> {
        let dir = self.dir == DirPerms::ReadWrite;
        let file = self.file == FilePerms::ReadWrite;
        let allowed = match access {
            Access::MutateDir => dir,
            Access::Open {
                create,
                write,
                truncate,
                append,
            } => (dir || !create) && (file || !(write || truncate || append)),
            Access::ChangeFile | Access::WriteFile => file,
            Access::SetTimesAt => dir && file,
            Access::MoveTo(to) => dir && to == self,
        };
        match (allowed, access) {
            (true, _) => Ok(()),
            (false, Access::WriteFile) => Err(Errno::Badf),
            (false, _) => Err(Errno::Perm),
        }
    }
}

/// A regular file (or other non-directory) opened beneath a preopen.
#[derive(Debug)]
pub(crate) struct FileDesc {
    pub(crate) file: std::fs::File,
    /// Permissions of the preopen the file was reached through.
    pub(crate) perms: Perms,
    pub(crate) readable: bool,
    pub(crate) writable: bool,
}

/// A directory: a preopen or one opened beneath it.
#[derive(Debug)]
pub(crate) struct DirDesc {
    pub(crate) dir: cap_std::fs::Dir,
    /// Permissions of the preopen the directory belongs to.
    pub(crate) perms: Perms,
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
