//! Host filesystem helpers over `cap-std`: opening beneath a directory
//! handle, stat conversion, timestamps and directory iteration.
//!
//! Every path the guest names is resolved by `cap-std` beneath a
//! [`cap_std::fs::Dir`]; nothing here joins strings or consults the host's
//! current directory.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

use cap_fs_ext::{FollowSymlinks, OpenOptionsFollowExt, OpenOptionsMaybeDirExt};
use cap_std::fs::{FileTypeExt, MetadataExt};

use crate::descriptor::{DirDesc, FileDesc, FilePerms, Perms};
use crate::errno::Errno;
use crate::types::{Filestat, filetype, fstflags, timestamp};

/// Maps an `st_mode` to a WASI filetype.
pub(crate) fn filetype_from_mode(mode: u32) -> u8 {
    use rustix::fs::FileType as F;
    match F::from_raw_mode(mode) {
        F::RegularFile => filetype::REGULAR_FILE,
        F::Directory => filetype::DIRECTORY,
        F::Symlink => filetype::SYMBOLIC_LINK,
        F::BlockDevice => filetype::BLOCK_DEVICE,
        F::CharacterDevice => filetype::CHARACTER_DEVICE,
        F::Socket => filetype::SOCKET_STREAM,
        // preview1 has no FIFO type; wasmtime reports unknown too.
        F::Fifo | F::Unknown => filetype::UNKNOWN,
    }
}

/// Maps a `cap-std` file type to a WASI filetype.
pub(crate) fn filetype_from_cap(ft: cap_std::fs::FileType) -> u8 {
    if ft.is_dir() {
        filetype::DIRECTORY
    } else if ft.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if ft.is_file() {
        filetype::REGULAR_FILE
    } else if ft.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if ft.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if ft.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

/// `filestat` of an open host descriptor.
pub(crate) fn filestat_of_fd(fd: impl std::os::fd::AsFd) -> Result<Filestat, Errno> {
    let st = rustix::fs::fstat(fd)?;
    Ok(Filestat {
        dev: st.st_dev,
        ino: st.st_ino,
        filetype: filetype_from_mode(st.st_mode),
        nlink: st.st_nlink,
        size: u64::try_from(st.st_size).unwrap_or(0),
        atim: timestamp(st.st_atime, i64::try_from(st.st_atime_nsec).unwrap_or(0)),
        mtim: timestamp(st.st_mtime, i64::try_from(st.st_mtime_nsec).unwrap_or(0)),
        ctim: timestamp(st.st_ctime, i64::try_from(st.st_ctime_nsec).unwrap_or(0)),
    })
}

/// `filestat` from `cap-std` metadata (for path-based stat).
pub(crate) fn filestat_of_metadata(meta: &cap_std::fs::Metadata) -> Filestat {
    Filestat {
        dev: meta.dev(),
        ino: meta.ino(),
        filetype: filetype_from_cap(meta.file_type()),
        nlink: meta.nlink(),
        size: meta.len(),
        atim: timestamp(meta.atime(), meta.atime_nsec()),
        mtim: timestamp(meta.mtime(), meta.mtime_nsec()),
        ctim: timestamp(meta.ctime(), meta.ctime_nsec()),
    }
}

/// One timestamp argument of the `*_set_times` calls.
fn time_spec(
    ts: u64,
    flags: u16,
    set: u16,
    now: u16,
) -> Result<Option<fs_set_times::SystemTimeSpec>, Errno> {
    match (flags & set != 0, flags & now != 0) {
        (true, true) => Err(Errno::Inval),
        (true, false) => {
            let t = SystemTime::UNIX_EPOCH
                .checked_add(Duration::from_nanos(ts))
                .ok_or(Errno::Overflow)?;
            Ok(Some(fs_set_times::SystemTimeSpec::Absolute(t)))
        }
        (false, true) => Ok(Some(fs_set_times::SystemTimeSpec::SymbolicNow)),
        (false, false) => Ok(None),
    }
}

/// Validates `fst_flags` and converts the two timestamps.
///
/// `inval` for unknown bits or for `X` together with `X_NOW`.
pub(crate) fn time_specs(
    atim: u64,
    mtim: u64,
    flags: u16,
) -> Result<
    (
        Option<fs_set_times::SystemTimeSpec>,
        Option<fs_set_times::SystemTimeSpec>,
    ),
    Errno,
> {
    if flags & !fstflags::ALL != 0 {
        return Err(Errno::Inval);
    }
    let a = time_spec(atim, flags, fstflags::ATIM, fstflags::ATIM_NOW)?;
    let m = time_spec(mtim, flags, fstflags::MTIM, fstflags::MTIM_NOW)?;
    Ok((a, m))
}

/// Converts to the `cap-fs-ext` flavour of a time spec.
pub(crate) fn cap_time(
    spec: Option<fs_set_times::SystemTimeSpec>,
) -> Option<cap_fs_ext::SystemTimeSpec> {
    spec.map(cap_fs_ext::SystemTimeSpec::from_std)
}

/// What `path_open` asks for, already validated and permission-checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OpenRequest {
    pub(crate) follow: bool,
    pub(crate) create: bool,
    pub(crate) exclusive: bool,
    pub(crate) truncate: bool,
    pub(crate) directory: bool,
    pub(crate) read: bool,
    pub(crate) write: bool,
}

/// The result of opening a path: a directory or a file.
#[derive(Debug)]
pub(crate) enum Opened {
    Dir(DirDesc),
    File(FileDesc),
}

/// Opens `path` beneath `base` with `cap-std` (never escaping it).
///
/// `req` has been checked against `perms` ([`Perms::check`]). A file
/// created beneath read-only [`FilePerms`] is created by an open for
/// writing that writes nothing and is closed at once, then opened again
/// read-only: the OS cannot create a file without opening it for writing
/// (`cap-std` refuses), and no descriptor beneath such a preopen may be
/// writable.
pub(crate) fn open_beneath(
    base: &cap_std::fs::Dir,
    perms: Perms,
    path: &Path,
    req: OpenRequest,
) -> Result<Opened, Errno> {
    let follow = if req.follow {
        FollowSymlinks::Yes
    } else {
        FollowSymlinks::No
    };
    let mut opts = cap_std::fs::OpenOptions::new();
    opts.maybe_dir(true);
    opts.follow(follow);
    let mut write = req.write;
    if req.create && perms.file == FilePerms::ReadOnly {
        let mut create = cap_std::fs::OpenOptions::new();
        create.maybe_dir(true).follow(follow).write(true);
        if req.exclusive {
            create.create_new(true);
        } else {
            create.create(true);
        }
        debug_assert!(!req.write && !req.truncate, "refused by Perms::check");
        drop(base.open_with(path, &create)?);
    } else if req.create {
        write = true;
        if req.exclusive {
            opts.create_new(true);
        } else {
            opts.create(true);
        }
    }
    if req.truncate {
        write = true;
        opts.truncate(true);
    }
    // Without the write right the file is opened for reading even if the
    // read right was not asked for, as wasmtime does.
    let read = req.read || !write;
    opts.read(read).write(write);

    let file = base.open_with(path, &opts)?;
    let is_dir = file.metadata()?.is_dir();
    if is_dir {
        Ok(Opened::Dir(DirDesc {
            dir: cap_std::fs::Dir::from_std_file(file.into_std()),
            perms,
            preopen: None,
            readdir: None,
        }))
    } else if req.directory {
        Err(Errno::Notdir)
    } else {
        Ok(Opened::File(FileDesc {
            file: file.into_std(),
            perms,
            readable: read,
            writable: write,
        }))
    }
}

/// One directory entry as `fd_readdir` reports it.
#[derive(Debug, Clone)]
pub(crate) struct DirEntryInfo {
    pub(crate) name: Vec<u8>,
    pub(crate) ino: u64,
    pub(crate) filetype: u8,
}

/// An `fd_readdir` iteration in progress.
///
/// Cookies: 0 starts at `.`, 1 is `..`, 2 is the first real entry and
/// entry `i` (0-based) has `d_next = 3 + i`. Keeping the host iterator open
/// between calls makes a full listing linear; any other cookie restarts the
/// listing and skips forward.
#[derive(Debug)]
pub(crate) struct ReaddirState {
    iter: cap_std::fs::ReadDir,
    /// Cookie of the entry `pending` or the next `iter` item stands for.
    next_cookie: u64,
    /// An entry taken from `iter` that did not fit the guest's buffer.
    pending: Option<DirEntryInfo>,
}

impl ReaddirState {
    /// Starts (or resumes) iteration at `cookie`, which must be >= 2.
    pub(crate) fn at(
        existing: Option<ReaddirState>,
        dir: &cap_std::fs::Dir,
        cookie: u64,
    ) -> Result<ReaddirState, Errno> {
        if let Some(state) = existing
            && state.next_cookie == cookie
        {
            return Ok(state);
        }
        let mut state = ReaddirState {
            iter: dir.entries()?,
            next_cookie: 2,
            pending: None,
        };
        while state.next_cookie < cookie {
            if state.next()?.is_none() {
                break;
            }
        }
        Ok(state)
    }

    /// Cookie of the entry [`next`](Self::next) will return.
    pub(crate) fn cookie(&self) -> u64 {
        self.next_cookie
    }

    /// Returns the next entry, or `None` at the end.
    pub(crate) fn next(&mut self) -> Result<Option<DirEntryInfo>, Errno> {
        if let Some(entry) = self.pending.take() {
            self.next_cookie = self.next_cookie.saturating_add(1);
            return Ok(Some(entry));
        }
        let Some(entry) = self.iter.next() else {
            return Ok(None);
        };
        let entry = entry?;
        let ft = entry.file_type()?;
        let info = DirEntryInfo {
            name: entry.file_name().as_bytes().to_vec(),
            ino: std::os::unix::fs::DirEntryExt::ino(&entry),
            filetype: filetype_from_cap(ft),
        };
        self.next_cookie = self.next_cookie.saturating_add(1);
        Ok(Some(info))
    }

    /// Puts back an entry that did not fit, so the next call resumes there.
    pub(crate) fn unread(&mut self, entry: DirEntryInfo) {
        self.next_cookie = self.next_cookie.saturating_sub(1);
        self.pending = Some(entry);
    }
}
