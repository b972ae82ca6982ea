//! `FilePerms` beneath a preopen, through the public dispatcher
//! ([`capvm_wasi::call`]): every refused operation next to the same
//! operation allowed with read-write files, and the host directory checked
//! afterwards.

use std::path::Path;
use std::time::{Duration, SystemTime};

use capvm_wasi::{DirPerms, Errno, FilePerms, WasiCtx, WasiCtxBuilder};
use tempfile::TempDir;

// preview1 constants (the crate keeps its own private).
const CREAT: u64 = 1 << 0;
const EXCL: u64 = 1 << 2;
const TRUNC: u64 = 1 << 3;
const FD_READ: u64 = 1 << 1;
const FD_WRITE: u64 = 1 << 6;
const RDWR: u64 = FD_READ | FD_WRITE;
const APPEND: u64 = 1 << 0;
const MTIM: u64 = 1 << 2;

// Guest memory layout.
const RET: u32 = 64;
const IOV: u32 = 256;
const P1: u32 = 1024;
const P2: u32 = 4096;
const BUF: u32 = 8192;

/// The preopen under test.
const DIR: u64 = 3;
/// The host file every test starts with, and its contents.
const FILE: &str = "file";
const CONTENTS: &[u8] = b"original contents";
/// A time no test run happens at.
const WHEN: u64 = 1_000_000_000_000_000_000;

struct Guest {
    ctx: WasiCtx,
    mem: Vec<u8>,
    host: TempDir,
}

impl Guest {
    /// One preopen (fd 3) with a file and a subdirectory.
    fn new(dir: DirPerms, file: FilePerms) -> Guest {
        let host = tempfile::tempdir().expect("tempdir");
        std::fs::write(host.path().join(FILE), CONTENTS).expect("fixture");
        std::fs::create_dir(host.path().join("sub")).expect("fixture");
        let ctx = WasiCtxBuilder::new()
            .preopened_dir_with_perms(host.path(), "/data", dir, file)
            .expect("preopen")
            .build()
            .expect("build");
        Guest {
            ctx,
            mem: vec![0; 1 << 16],
            host,
        }
    }

    fn call(&mut self, name: &str, args: &[u64]) -> Errno {
        capvm_wasi::call(&mut self.ctx, &mut self.mem, name, args).expect("no trap")
    }

    fn put(&mut self, at: u32, bytes: &[u8]) -> (u64, u64) {
        self.mem[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
        (u64::from(at), bytes.len() as u64)
    }

    fn u32_at(&self, at: u32) -> u32 {
        u32::from_le_bytes(self.mem[at as usize..at as usize + 4].try_into().unwrap())
    }

    fn u64_at(&self, at: u32) -> u64 {
        u64::from_le_bytes(self.mem[at as usize..at as usize + 8].try_into().unwrap())
    }

    /// `path_open` beneath `dir`: the new descriptor or the errno.
    fn open_in(
        &mut self,
        dir: u64,
        path: &str,
        oflags: u64,
        rights: u64,
        fdflags: u64,
    ) -> Result<u64, Errno> {
        let (p, l) = self.put(P1, path.as_bytes());
        match self.call(
            "path_open",
            &[dir, 0, p, l, oflags, rights, 0, fdflags, u64::from(RET)],
        ) {
            Errno::Success => Ok(u64::from(self.u32_at(RET))),
            e => Err(e),
        }
    }

    fn open(&mut self, path: &str, oflags: u64, rights: u64, fdflags: u64) -> Result<u64, Errno> {
        self.open_in(DIR, path, oflags, rights, fdflags)
    }

    fn close(&mut self, fd: u64) {
        assert_eq!(self.call("fd_close", &[fd]), Errno::Success);
    }

    fn iov(&mut self, data: &[u8]) {
        self.put(BUF, data);
        self.put(IOV, &BUF.to_le_bytes());
        self.put(IOV + 4, &(data.len() as u32).to_le_bytes());
    }

    fn write(&mut self, fd: u64, data: &[u8]) -> Errno {
        self.iov(data);
        self.call("fd_write", &[fd, u64::from(IOV), 1, u64::from(RET)])
    }

    fn pwrite(&mut self, fd: u64, data: &[u8], offset: u64) -> Errno {
        self.iov(data);
        self.call(
            "fd_pwrite",
            &[fd, u64::from(IOV), 1, offset, u64::from(RET)],
        )
    }

    fn read(&mut self, fd: u64) -> Result<Vec<u8>, Errno> {
        self.iov(&[0; 256]);
        match self.call("fd_read", &[fd, u64::from(IOV), 1, u64::from(RET)]) {
            Errno::Success => {
                let n = self.u32_at(RET) as usize;
                Ok(self.mem[BUF as usize..BUF as usize + n].to_vec())
            }
            e => Err(e),
        }
    }

    /// A path operation `name(DIR, path, path_len)`.
    fn at_path(&mut self, name: &str, path: &str) -> Errno {
        let (p, l) = self.put(P1, path.as_bytes());
        self.call(name, &[DIR, p, l])
    }

    fn rename(&mut self, old_fd: u64, old: &str, new_fd: u64, new: &str) -> Errno {
        let (op, ol) = self.put(P1, old.as_bytes());
        let (np, nl) = self.put(P2, new.as_bytes());
        self.call("path_rename", &[old_fd, op, ol, new_fd, np, nl])
    }

    fn link(&mut self, old_fd: u64, old: &str, new_fd: u64, new: &str) -> Errno {
        let (op, ol) = self.put(P1, old.as_bytes());
        let (np, nl) = self.put(P2, new.as_bytes());
        self.call("path_link", &[old_fd, 0, op, ol, new_fd, np, nl])
    }

    fn set_times_at(&mut self, path: &str) -> Errno {
        let (p, l) = self.put(P1, path.as_bytes());
        self.call("path_filestat_set_times", &[DIR, 0, p, l, 0, WHEN, MTIM])
    }

    /// `fd_fdstat_get`'s base rights.
    fn rights(&mut self, fd: u64) -> u64 {
        assert_eq!(
            self.call("fd_fdstat_get", &[fd, u64::from(RET)]),
            Errno::Success
        );
        self.u64_at(RET + 8)
    }

    fn host_path(&self, name: &str) -> std::path::PathBuf {
        self.host.path().join(name)
    }

    fn host_file(&self, name: &str) -> Option<Vec<u8>> {
        std::fs::read(self.host_path(name)).ok()
    }

    fn mtime(&self, name: &str) -> SystemTime {
        std::fs::metadata(self.host_path(name))
            .and_then(|m| m.modified())
            .expect("mtime")
    }

    fn entries(&self) -> Vec<String> {
        entries(self.host.path())
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    names
}

/// The time `WHEN` stands for, as the host reports it.
fn when() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_nanos(WHEN)
}

/// A read-write directory with read-only files, and its control with read-write files.
fn both() -> [(FilePerms, Guest); 2] {
    [FilePerms::ReadOnly, FilePerms::ReadWrite]
        .map(|file| (file, Guest::new(DirPerms::ReadWrite, file)))
}

#[test]
fn read_only_files_refuse_opening_for_write_truncate_or_append() {
    for (perms, mut g) in both() {
        let refused = perms == FilePerms::ReadOnly;
        let expect = |r: Result<u64, Errno>, what: &str| {
            if refused {
                assert_eq!(r, Err(Errno::Perm), "{what}");
            } else {
                assert!(r.is_ok(), "{what} with read-write files: {r:?}");
            }
        };
        expect(g.open(FILE, 0, FD_WRITE, 0), "the write right");
        expect(g.open(FILE, 0, RDWR, 0), "read and write rights");
        expect(g.open(FILE, 0, FD_READ, APPEND), "APPEND");
        if refused {
            assert_eq!(
                g.host_file(FILE).as_deref(),
                Some(CONTENTS),
                "nothing truncated yet"
            );
        }
        expect(g.open(FILE, TRUNC, FD_READ, 0), "TRUNC");
        expect(g.open("new", CREAT | TRUNC, FD_READ, 0), "CREAT | TRUNC");
        expect(g.open("new2", CREAT, RDWR, 0), "CREAT with the write right");
        expect(
            g.open("new3", CREAT | EXCL, FD_READ, APPEND),
            "CREAT | EXCL with APPEND",
        );
        if refused {
            assert_eq!(g.host_file(FILE).as_deref(), Some(CONTENTS));
            assert_eq!(g.entries(), ["file", "sub"], "nothing created");
        } else {
            assert_eq!(
                g.host_file(FILE).as_deref(),
                Some(&b""[..]),
                "TRUNC truncated"
            );
            assert_eq!(g.entries(), ["file", "new", "new2", "new3", "sub"]);
        }
    }
}

#[test]
fn read_only_files_refuse_changing_size_times_allocation_and_append_mode() {
    for (perms, mut g) in both() {
        let refused = perms == FilePerms::ReadOnly;
        let before = g.mtime(FILE);
        // The most the preopen lets the guest open the file with.
        let fd = g
            .open(FILE, 0, if refused { FD_READ } else { RDWR }, 0)
            .expect("open");
        let expect = |errno: Errno, allowed: Errno, what: &str| {
            let want = if refused { Errno::Perm } else { allowed };
            assert_eq!(errno, want, "{what} with {perms:?}");
        };
        expect(
            g.call("fd_filestat_set_size", &[fd, 3]),
            Errno::Success,
            "fd_filestat_set_size",
        );
        expect(
            g.call("fd_allocate", &[fd, 0, 100]),
            Errno::Notsup,
            "fd_allocate",
        );
        expect(
            g.call("fd_fdstat_set_flags", &[fd, APPEND]),
            Errno::Success,
            "fd_fdstat_set_flags(APPEND)",
        );
        expect(
            g.call("fd_filestat_set_times", &[fd, 0, WHEN, MTIM]),
            Errno::Success,
            "fd_filestat_set_times",
        );
        if refused {
            assert_eq!(g.host_file(FILE).as_deref(), Some(CONTENTS));
            assert_eq!(g.mtime(FILE), before, "times unchanged");
        } else {
            assert_eq!(
                g.host_file(FILE).as_deref(),
                Some(&CONTENTS[..3]),
                "set_size applied"
            );
            assert_eq!(g.mtime(FILE), when(), "set_times applied");
        }
        // Clearing APPEND asks for nothing and is allowed either way.
        assert_eq!(g.call("fd_fdstat_set_flags", &[fd, 0]), Errno::Success);
        g.close(fd);

        // By path, which might name a file or a directory: it needs both permissions.
        std::fs::write(g.host_path("other"), CONTENTS).expect("fixture");
        let before = g.mtime("other");
        expect(
            g.set_times_at("other"),
            Errno::Success,
            "path_filestat_set_times",
        );
        expect(
            g.set_times_at("sub"),
            Errno::Success,
            "path_filestat_set_times on a directory",
        );
        if refused {
            assert_eq!(g.mtime("other"), before);
        } else {
            assert_eq!(g.mtime("other"), when());
            assert_eq!(g.mtime("sub"), when());
        }
    }
}

#[test]
fn read_only_files_answer_badf_to_writes_even_where_create_would_open_for_writing() {
    for (perms, mut g) in both() {
        let refused = perms == FilePerms::ReadOnly;
        let want = if refused { Errno::Badf } else { Errno::Success };
        // `CREAT` without the write right: beneath read-write files the host
        // opens the file for writing; beneath read-only files it never does.
        let fd = g
            .open(FILE, CREAT, FD_READ, 0)
            .expect("CREAT on an existing file");
        assert_eq!(g.write(fd, b"OVERWRITTEN"), want, "fd_write with {perms:?}");
        assert_eq!(g.pwrite(fd, b"XY", 0), want, "fd_pwrite with {perms:?}");
        let fresh = g
            .open("fresh", CREAT, FD_READ, 0)
            .expect("CREAT of a new file");
        assert_eq!(g.write(fresh, b"data"), want, "fd_write to a created file");
        assert_eq!(
            g.rights(fresh) & FD_WRITE != 0,
            !refused,
            "reported write right"
        );
        if refused {
            assert_eq!(g.host_file(FILE).as_deref(), Some(CONTENTS));
            assert_eq!(g.host_file("fresh").as_deref(), Some(&b""[..]));
        } else {
            assert_eq!(
                g.host_file(FILE).as_deref(),
                Some(&b"XYERWRITTENntents"[..])
            );
            assert_eq!(g.host_file("fresh").as_deref(), Some(&b"data"[..]));
        }
    }
}

#[test]
fn creating_beneath_read_write_directories_with_read_only_files_needs_no_write_request() {
    let mut g = Guest::new(DirPerms::ReadWrite, FilePerms::ReadOnly);
    let fd = g
        .open("empty", CREAT, FD_READ, 0)
        .expect("CREAT alone is allowed");
    assert_eq!(g.read(fd), Ok(vec![]));
    assert_eq!(g.rights(fd) & FD_WRITE, 0);
    let fd = g
        .open("excl", CREAT | EXCL, 0, 0)
        .expect("CREAT | EXCL alone too");
    assert_eq!(g.write(fd, b"x"), Errno::Badf);
    assert_eq!(g.open("excl", CREAT | EXCL, 0, 0), Err(Errno::Exist));
    // Any write request with it answers perm before anything is created.
    assert_eq!(g.open("w", CREAT, FD_WRITE, 0), Err(Errno::Perm));
    assert_eq!(g.open("t", CREAT | TRUNC, 0, 0), Err(Errno::Perm));
    assert_eq!(g.open("a", CREAT, FD_READ, APPEND), Err(Errno::Perm));
    assert_eq!(g.entries(), ["empty", "excl", "file", "sub"]);
    assert_eq!(g.host_file("empty").as_deref(), Some(&b""[..]));
    assert_eq!(g.host_file("excl").as_deref(), Some(&b""[..]));

    // Beneath read-only directories CREAT answers perm whatever the files allow.
    for file in [FilePerms::ReadOnly, FilePerms::ReadWrite] {
        let mut g = Guest::new(DirPerms::ReadOnly, file);
        assert_eq!(
            g.open("new", CREAT, FD_READ, 0),
            Err(Errno::Perm),
            "{file:?}"
        );
        assert_eq!(
            g.open("new", CREAT | EXCL, 0, 0),
            Err(Errno::Perm),
            "{file:?}"
        );
        assert_eq!(g.entries(), ["file", "sub"]);
    }
}

#[test]
fn reading_is_allowed_with_read_only_files() {
    for dir in [DirPerms::ReadOnly, DirPerms::ReadWrite] {
        let mut g = Guest::new(dir, FilePerms::ReadOnly);
        let fd = g.open(FILE, 0, FD_READ, 0).expect("open for reading");
        assert_eq!(g.read(fd), Ok(CONTENTS.to_vec()));
        g.iov(&[0; 8]);
        assert_eq!(
            g.call("fd_pread", &[fd, u64::from(IOV), 1, 9, u64::from(RET)]),
            Errno::Success
        );
        assert_eq!(&g.mem[BUF as usize..BUF as usize + 8], b"contents");
        assert_eq!(
            g.call("fd_filestat_get", &[fd, u64::from(RET)]),
            Errno::Success
        );
        assert_eq!(g.u64_at(RET + 32), CONTENTS.len() as u64, "size");
        let (p, l) = g.put(P1, FILE.as_bytes());
        assert_eq!(
            g.call("path_filestat_get", &[DIR, 0, p, l, u64::from(RET)]),
            Errno::Success
        );
        assert_eq!(
            g.call("fd_readdir", &[DIR, u64::from(BUF), 512, 0, u64::from(RET)]),
            Errno::Success
        );
        let sub = g.open("sub", 2, 0, 0).expect("open a directory");
        assert_eq!(
            g.call("fd_readdir", &[sub, u64::from(BUF), 512, 0, u64::from(RET)]),
            Errno::Success
        );
        // A file opened with no rights at all is opened for reading.
        let bare = g.open(FILE, 0, 0, 0).expect("open with no rights");
        assert_eq!(g.read(bare), Ok(CONTENTS.to_vec()));
    }
}

#[test]
fn directory_mutation_stays_governed_by_dir_perms() {
    // Read-write directories, read-only files: entries may change.
    let mut g = Guest::new(DirPerms::ReadWrite, FilePerms::ReadOnly);
    assert_eq!(g.at_path("path_create_directory", "made"), Errno::Success);
    assert_eq!(g.rename(DIR, FILE, DIR, "renamed"), Errno::Success);
    assert_eq!(g.link(DIR, "renamed", DIR, "linked"), Errno::Success);
    let (t, tl) = g.put(P1, b"renamed");
    let (n, nl) = g.put(P2, b"symlink");
    assert_eq!(g.call("path_symlink", &[t, tl, DIR, n, nl]), Errno::Success);
    assert_eq!(g.at_path("path_unlink_file", "linked"), Errno::Success);
    assert_eq!(g.at_path("path_remove_directory", "sub"), Errno::Success);
    assert_eq!(
        g.call("fd_filestat_set_times", &[DIR, 0, WHEN, MTIM]),
        Errno::Success,
        "a directory's times"
    );
    assert_eq!(g.entries(), ["made", "renamed", "symlink"]);
    assert_eq!(g.host_file("renamed").as_deref(), Some(CONTENTS));
    // The moved file is still read-only.
    assert_eq!(g.open("renamed", 0, FD_WRITE, 0), Err(Errno::Perm));

    // Read-only directories, read-write files: existing files may be rewritten, entries may not change.
    let mut g = Guest::new(DirPerms::ReadOnly, FilePerms::ReadWrite);
    assert_eq!(g.at_path("path_create_directory", "made"), Errno::Perm);
    assert_eq!(g.rename(DIR, FILE, DIR, "renamed"), Errno::Perm);
    assert_eq!(g.link(DIR, FILE, DIR, "linked"), Errno::Perm);
    assert_eq!(g.at_path("path_unlink_file", FILE), Errno::Perm);
    assert_eq!(g.at_path("path_remove_directory", "sub"), Errno::Perm);
    assert_eq!(
        g.call("fd_filestat_set_times", &[DIR, 0, WHEN, MTIM]),
        Errno::Perm
    );
    assert_eq!(g.set_times_at(FILE), Errno::Perm, "by path needs both");
    assert_eq!(g.entries(), ["file", "sub"]);
    let fd = g
        .open(FILE, TRUNC, RDWR, 0)
        .expect("truncating an existing file");
    assert_eq!(g.write(fd, b"rewritten"), Errno::Success);
    assert_eq!(
        g.call("fd_filestat_set_times", &[fd, 0, WHEN, MTIM]),
        Errno::Success
    );
    assert_eq!(g.host_file(FILE).as_deref(), Some(&b"rewritten"[..]));
    assert_eq!(g.mtime(FILE), when());
}

#[test]
fn rename_and_link_need_the_same_file_perms_at_both_ends() {
    let writable = tempfile::tempdir().expect("tempdir");
    let read_only = tempfile::tempdir().expect("tempdir");
    std::fs::write(read_only.path().join("ro"), CONTENTS).expect("fixture");
    std::fs::write(writable.path().join("rw"), CONTENTS).expect("fixture");
    let mut builder = WasiCtxBuilder::new();
    builder
        .preopened_dir(writable.path(), "/rw", DirPerms::ReadWrite)
        .expect("preopen")
        .preopened_dir_with_perms(
            read_only.path(),
            "/ro",
            DirPerms::ReadWrite,
            FilePerms::ReadOnly,
        )
        .expect("preopen")
        .preopened_dir_with_perms(
            read_only.path(),
            "/ro2",
            DirPerms::ReadWrite,
            FilePerms::ReadOnly,
        )
        .expect("preopen");
    let mut g = Guest {
        ctx: builder.build().expect("build"),
        mem: vec![0; 1 << 16],
        host: tempfile::tempdir().expect("tempdir"),
    };
    let (rw, ro, ro2) = (3, 4, 5);
    // Out of read-only files into writable ones, and back.
    assert_eq!(g.rename(ro, "ro", rw, "moved"), Errno::Perm);
    assert_eq!(g.link(ro, "ro", rw, "linked"), Errno::Perm);
    assert_eq!(g.rename(rw, "rw", ro, "moved"), Errno::Perm);
    assert_eq!(g.link(rw, "rw", ro, "linked"), Errno::Perm);
    assert_eq!(entries(writable.path()), ["rw"]);
    assert_eq!(entries(read_only.path()), ["ro"]);
    // Between preopens with the same permissions, as within one.
    assert_eq!(g.rename(ro, "ro", ro2, "moved"), Errno::Success);
    assert_eq!(g.link(ro2, "moved", ro, "linked"), Errno::Success);
    assert_eq!(entries(read_only.path()), ["linked", "moved"]);
    let fd = g.open_in(ro, "linked", 0, FD_READ, 0).expect("open");
    assert_eq!(g.read(fd), Ok(CONTENTS.to_vec()));
    assert_eq!(
        std::fs::read(writable.path().join("rw")).expect("read"),
        CONTENTS
    );
}

#[test]
fn preopened_dir_gives_files_the_directory_permission() {
    let host = tempfile::tempdir().expect("tempdir");
    std::fs::write(host.path().join(FILE), CONTENTS).expect("fixture");
    for perms in [DirPerms::ReadOnly, DirPerms::ReadWrite] {
        let mut g = Guest {
            ctx: WasiCtxBuilder::new()
                .preopened_dir(host.path(), "/data", perms)
                .expect("preopen")
                .build()
                .expect("build"),
            mem: vec![0; 1 << 16],
            host: tempfile::tempdir().expect("unused"),
        };
        let writable = perms == DirPerms::ReadWrite;
        let open = g.open(FILE, 0, RDWR, 0);
        assert_eq!(open.is_ok(), writable, "{perms:?}: {open:?}");
        let fd = g.open(FILE, 0, FD_READ, 0).expect("open for reading");
        let set_size = g.call("fd_filestat_set_size", &[fd, 100]);
        // Beneath read-write files a read-only descriptor is refused by the OS instead.
        assert_eq!(
            set_size == Errno::Perm,
            !writable,
            "{perms:?}: {set_size:?}"
        );
        assert_eq!(g.write(fd, b"x"), Errno::Badf, "{perms:?}");
        assert_eq!(g.open("new", CREAT, 0, 0).is_ok(), writable, "{perms:?}");
    }
    assert_eq!(
        std::fs::read(host.path().join(FILE)).expect("read"),
        CONTENTS
    );
}
