//! fd_* operations.

use super::{BUF, H, IOV, P1, RDWR, RET, RO, RW, errno};
use crate::errno::Errno;
use crate::syscalls::fd::*;
use crate::types::{fdflags, filetype, fstflags, oflags, rights};

#[test]
fn stdout_is_captured_and_stdin_read() {
    let mut h = H::with(|b| {
        b.stdin_bytes(b"input!".to_vec());
    });
    // Two iovecs are gathered into one write.
    h.put(BUF, b"hello, ");
    h.put(BUF + 100, b"world");
    h.iov(0, BUF, 7);
    h.iov(1, BUF + 100, 5);
    assert_eq!(
        errno(h.sys(|c, m| fd_write(c, m, 1, IOV, 2, RET))),
        Errno::Success
    );
    assert_eq!(h.u32_at(RET), 12);
    assert_eq!(h.stdout.contents(), b"hello, world");
    assert_eq!(h.write(2, b"discarded"), Ok(9), "stderr defaults to a sink");
    assert_eq!(h.read(0, 4), Ok(b"inpu".to_vec()));
    assert_eq!(h.read(0, 100), Ok(b"t!".to_vec()));
    assert_eq!(h.read(0, 100), Ok(vec![]));
    assert_eq!(h.read(1, 4), Err(Errno::Badf));
    assert_eq!(h.write(0, b"x"), Err(Errno::Badf));
}

#[test]
fn output_cap_answers_nospc() {
    let small = crate::OutputBuffer::new(4);
    let keep = small.clone();
    let mut h = H::with(move |b| {
        b.stdout(small);
    });
    assert_eq!(h.write(1, b"abcdef"), Ok(4));
    assert_eq!(h.write(1, b"g"), Err(Errno::Nospc));
    assert_eq!(keep.contents(), b"abcd");
    assert!(keep.is_truncated());
}

#[test]
fn file_seek_tell_read_write() {
    let mut h = H::new();
    let fd = h.open(RW, 0, "f", oflags::CREAT, RDWR, 0).expect("create");
    assert!(fd > 4);
    assert_eq!(h.write(fd, &[7; 100]), Ok(100));
    assert_eq!(errno(h.sys(|c, m| fd_tell(c, m, fd, RET))), Errno::Success);
    assert_eq!(h.u64_at(RET), 100);
    let back = (-50i64) as u64;
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, back, 1, RET))),
        Errno::Success
    );
    assert_eq!(h.u64_at(RET), 50);
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, 1000, 1, RET))),
        Errno::Success
    );
    assert_eq!(h.u64_at(RET), 1050, "seeking past the end is allowed");
    let before = (-2000i64) as u64;
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, before, 1, RET))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, (-1i64) as u64, 0, RET))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, 0, 3, RET))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, 0, 2, RET))),
        Errno::Success
    );
    assert_eq!(h.u64_at(RET), 100);
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, 0, 0, RET))),
        Errno::Success
    );
    assert_eq!(h.read(fd, 200).map(|v| v.len()), Ok(100));
    assert_eq!(errno(h.sys(|c, m| fd_tell(c, m, fd, RET))), Errno::Success);
    assert_eq!(h.u64_at(RET), 100);
    // stdio cannot seek; directories are not files.
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, 1, 0, 1, RET))),
        Errno::Spipe
    );
    assert_eq!(errno(h.sys(|c, m| fd_tell(c, m, 0, RET))), Errno::Spipe);
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, RW, 0, 1, RET))),
        Errno::Badf
    );
    assert_eq!(errno(h.sys(|c, m| fd_tell(c, m, 99, RET))), Errno::Badf);
}

#[test]
fn pread_pwrite_keep_the_cursor() {
    let mut h = H::new();
    let fd = h.open(RW, 0, "f", oflags::CREAT, RDWR, 0).expect("create");
    h.put(BUF, &[0, 1, 2, 3]);
    h.iov(0, BUF, 2);
    h.iov(1, BUF + 2, 2);
    assert_eq!(
        errno(h.sys(|c, m| fd_pwrite(c, m, fd, IOV, 2, 0, RET))),
        Errno::Success
    );
    assert_eq!(h.u32_at(RET), 4);
    h.put(BUF + 10, &[1, 0]);
    h.iov(0, BUF + 10, 2);
    assert_eq!(
        errno(h.sys(|c, m| fd_pwrite(c, m, fd, IOV, 1, 2, RET))),
        Errno::Success
    );
    h.iov(0, BUF + 100, 0);
    h.iov(1, BUF + 200, 8);
    assert_eq!(
        errno(h.sys(|c, m| fd_pread(c, m, fd, IOV, 2, 0, RET))),
        Errno::Success
    );
    assert_eq!(h.u32_at(RET), 4, "the first non-empty iovec is filled");
    assert_eq!(h.get(BUF + 200, 4), &[0, 1, 1, 0]);
    assert_eq!(errno(h.sys(|c, m| fd_tell(c, m, fd, RET))), Errno::Success);
    assert_eq!(h.u64_at(RET), 0);
    let huge = i64::MAX as u64 + 1;
    assert_eq!(
        errno(h.sys(|c, m| fd_pread(c, m, fd, IOV, 2, huge, RET))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_pwrite(c, m, fd, IOV, 2, u64::MAX, RET))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_pread(c, m, 0, IOV, 2, 0, RET))),
        Errno::Spipe
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_pwrite(c, m, 1, IOV, 2, 0, RET))),
        Errno::Spipe
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_pread(c, m, RW, IOV, 2, 0, RET))),
        Errno::Badf
    );
}

#[test]
fn read_only_fds_reject_writes_and_dirs_reject_io() {
    let mut h = H::new();
    std::fs::write(h.rw.path().join("r"), b"abc").expect("fixture");
    let fd = h.open(RW, 0, "r", 0, rights::FD_READ, 0).expect("open");
    assert_eq!(h.write(fd, b"x"), Err(Errno::Badf));
    assert_eq!(h.read(fd, 10), Ok(b"abc".to_vec()));
    let wo = h.open(RW, 0, "r", 0, rights::FD_WRITE, 0).expect("open");
    assert_eq!(h.read(wo, 10), Err(Errno::Badf));
    assert_eq!(h.read(RW, 10), Err(Errno::Badf), "fd_read on a directory");
    assert_eq!(
        h.write(RW, b"x"),
        Err(Errno::Badf),
        "fd_write on a directory"
    );
    assert_eq!(std::fs::read(h.rw.path().join("r")).expect("read"), b"abc");
}

#[test]
fn fdstat_reports_types_rights_and_flags() {
    let mut h = H::new();
    let stat = |h: &mut H, fd: u32| {
        assert_eq!(
            errno(h.sys(|c, m| fd_fdstat_get(c, m, fd, RET))),
            Errno::Success
        );
        let g = h.get(RET, 24).to_vec();
        (
            g[0],
            u16::from_le_bytes([g[2], g[3]]),
            h.u64_at(RET + 8),
            h.u64_at(RET + 16),
        )
    };
    let (ft, flags, base, inh) = stat(&mut h, RW);
    assert_eq!((ft, flags), (filetype::DIRECTORY, 0));
    assert_eq!(base, crate::descriptor::PREOPEN_DIR_BASE);
    assert_eq!(inh, crate::descriptor::PREOPEN_DIR_INHERITING);
    assert_eq!(stat(&mut h, 1).2, rights::FD_WRITE);
    assert_eq!(stat(&mut h, 0).2, rights::FD_READ);

    let d = h
        .open(RW, 0, ".", oflags::DIRECTORY, rights::FD_SEEK, 0)
        .expect("dir");
    let (ft, _, base, _) = stat(&mut h, d);
    assert_eq!(ft, filetype::DIRECTORY);
    assert_eq!(base & (rights::FD_SEEK | rights::FD_FILESTAT_SET_SIZE), 0);

    let f = h
        .open(RW, 0, "f", oflags::CREAT, rights::FD_READ, fdflags::APPEND)
        .expect("file");
    let (ft, flags, base, _) = stat(&mut h, f);
    assert_eq!(ft, filetype::REGULAR_FILE);
    assert_eq!(flags, fdflags::APPEND);
    assert_ne!(base & rights::FD_SEEK, 0);
    // CREAT opens for writing too.
    assert_ne!(base & rights::FD_WRITE, 0);
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_get(c, m, 77, RET))),
        Errno::Badf
    );
}

#[test]
fn set_flags_toggles_append() {
    let mut h = H::new();
    let fd = h
        .open(RW, 0, "f", oflags::CREAT, RDWR, fdflags::APPEND)
        .expect("open");
    assert_eq!(h.write(fd, &[0; 100]), Ok(100));
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, 0, 0, RET))),
        Errno::Success
    );
    assert_eq!(h.write(fd, &[1; 100]), Ok(100));
    assert_eq!(
        std::fs::metadata(h.rw.path().join("f"))
            .expect("stat")
            .len(),
        200
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_set_flags(c, m, fd, 0))),
        Errno::Success
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_seek(c, m, fd, 0, 0, RET))),
        Errno::Success
    );
    assert_eq!(h.write(fd, &[2; 100]), Ok(100));
    let data = std::fs::read(h.rw.path().join("f")).expect("read");
    assert_eq!((data.len(), data[0], data[150]), (200, 2, 1));
    for bad in [
        u32::from(fdflags::SYNC),
        u32::from(fdflags::DSYNC),
        1 << 5,
        1 << 16,
    ] {
        assert_eq!(
            errno(h.sys(|c, m| fd_fdstat_set_flags(c, m, fd, bad))),
            Errno::Inval
        );
    }
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_set_flags(c, m, 1, 0))),
        Errno::Badf
    );
    let ro = h
        .open(RO, 0, "file", 0, rights::FD_READ, 0)
        .expect("open ro");
    let append = u32::from(fdflags::APPEND);
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_set_flags(c, m, ro, append))),
        Errno::Perm
    );
}

#[test]
fn set_rights_is_notsup() {
    let mut h = H::new();
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_set_rights(c, m, RW, 0, 0))),
        Errno::Notsup
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_set_rights(c, m, 42, 0, 0))),
        Errno::Badf
    );
}

#[test]
fn filestat_size_and_times() {
    let mut h = H::new();
    let fd = h.open(RW, 0, "f", oflags::CREAT, RDWR, 0).expect("open");
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_size(c, m, fd, 100))),
        Errno::Success
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_get(c, m, fd, RET))),
        Errno::Success
    );
    assert_eq!(h.mem[RET as usize + 16], filetype::REGULAR_FILE);
    assert_eq!(h.u64_at(RET + 24), 1, "nlink");
    assert_eq!(h.u64_at(RET + 32), 100, "size");
    let atim = h.u64_at(RET + 40);
    let mtim = h.u64_at(RET + 48) - 100;
    let ino = h.u64_at(RET + 8);
    let flags = u32::from(fstflags::MTIM);
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_times(c, m, fd, mtim, mtim, flags))),
        Errno::Success
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_get(c, m, fd, RET))),
        Errno::Success
    );
    assert_eq!(h.u64_at(RET + 48), mtim);
    assert_eq!(h.u64_at(RET + 40), atim);
    assert_eq!(h.u64_at(RET + 8), ino);
    let host = std::os::unix::fs::MetadataExt::ino(
        &std::fs::metadata(h.rw.path().join("f")).expect("stat"),
    );
    assert_eq!(ino, host);

    for both in [
        fstflags::ATIM | fstflags::ATIM_NOW,
        fstflags::MTIM | fstflags::MTIM_NOW,
        1 << 4,
    ] {
        let b = u32::from(both);
        assert_eq!(
            errno(h.sys(|c, m| fd_filestat_set_times(c, m, fd, 0, 0, b))),
            Errno::Inval
        );
    }
    // A far-future time neither panics nor corrupts anything.
    let far = u32::from(fstflags::ATIM);
    let r = errno(h.sys(|c, m| fd_filestat_set_times(c, m, fd, u64::MAX, 0, far)));
    assert!(
        matches!(r, Errno::Success | Errno::Inval | Errno::Overflow),
        "{r:?}"
    );
    let now = u32::from(fstflags::ATIM_NOW | fstflags::MTIM_NOW);
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_times(c, m, RW, 0, 0, now))),
        Errno::Success
    );

    // stdio: zeroed stat with a filetype.
    h.put(RET, &[0xaa; 64]);
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_get(c, m, 1, RET))),
        Errno::Success
    );
    assert_eq!(h.u64_at(RET + 32), 0);
    assert_eq!(&h.get(RET + 17, 7), &[0; 7], "padding is zero");
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_size(c, m, RW, 0))),
        Errno::Badf
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_size(c, m, fd, u64::MAX))),
        Errno::Inval
    );
}

#[test]
fn advise_allocate_sync() {
    let mut h = H::new();
    let fd = h.open(RW, 0, "f", oflags::CREAT, RDWR, 0).expect("open");
    assert_eq!(
        errno(h.sys(|c, m| fd_advise(c, m, fd, 0, 10, 0))),
        Errno::Success
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_advise(c, m, fd, 0, 10, 6))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_advise(c, m, RW, 0, 10, 0))),
        Errno::Badf
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_allocate(c, m, fd, 0, 10))),
        Errno::Notsup
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_allocate(c, m, RW, 0, 10))),
        Errno::Badf
    );
    assert_eq!(errno(h.sys(|c, m| fd_sync(c, m, fd))), Errno::Success);
    assert_eq!(errno(h.sys(|c, m| fd_datasync(c, m, fd))), Errno::Success);
    assert_eq!(errno(h.sys(|c, m| fd_sync(c, m, 1))), Errno::Badf);
}

#[test]
fn prestat_only_for_preopens() {
    let mut h = H::new();
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_get(c, m, RW, RET))),
        Errno::Success
    );
    assert_eq!(h.get(RET, 8), &[0, 0, 0, 0, 3, 0, 0, 0]);
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_dir_name(c, m, RW, P1, 3))),
        Errno::Success
    );
    assert_eq!(h.get(P1, 3), b"/sb");
    h.put(P1, b"zzzz");
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_dir_name(c, m, RO, P1, 10))),
        Errno::Success
    );
    assert_eq!(h.get(P1, 4), b"/roz", "no NUL terminator is written");
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_dir_name(c, m, RW, P1, 2))),
        Errno::Nametoolong
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_dir_name(c, m, RW, P1, 0))),
        Errno::Nametoolong
    );
    let f = h.open(RW, 0, "f", oflags::CREAT, 0, 0).expect("open");
    let d = h.open(RW, 0, ".", oflags::DIRECTORY, 0, 0).expect("open");
    for fd in [0, 1, 2, 5, f, d, 1000] {
        assert_eq!(
            errno(h.sys(|c, m| fd_prestat_get(c, m, fd, RET))),
            Errno::Badf,
            "fd {fd}"
        );
    }
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_dir_name(c, m, 99, P1, 10))),
        Errno::Badf
    );
}

#[test]
fn close_and_use_after_close() {
    let mut h = H::new();
    h.close(RW);
    assert_eq!(h.read(RW, 1), Err(Errno::Badf));
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_get(c, m, RW, RET))),
        Errno::Badf
    );
    assert_eq!(errno(h.sys(|c, m| fd_close(c, m, RW))), Errno::Badf);
    // The scan still finds the read-only preopen at 4 (a gap now, by the
    // guest's own doing), and fd 3 is reused by the next open.
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_get(c, m, RO, RET))),
        Errno::Success
    );
    let fd = h.open(RO, 0, "file", 0, rights::FD_READ, 0).expect("open");
    assert_eq!(fd, 3);
}

#[test]
fn renumber_rules() {
    let mut h = H::new();
    let a = h.open(RW, 0, "a", oflags::CREAT, RDWR, 0).expect("open");
    assert_eq!(
        errno(h.sys(|c, m| fd_renumber(c, m, a, 50))),
        Errno::Badf,
        "target not open"
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_renumber(c, m, 50, a))),
        Errno::Badf,
        "source not open"
    );
    assert_eq!(errno(h.sys(|c, m| fd_renumber(c, m, a, a))), Errno::Success);
    assert_eq!(h.write(a, b"still open"), Ok(10));
    // Over a preopen: the preopen is closed, the file lives on at 3.
    assert_eq!(
        errno(h.sys(|c, m| fd_renumber(c, m, a, RW))),
        Errno::Success
    );
    assert_eq!(h.write(a, b"x"), Err(Errno::Badf));
    assert_eq!(h.write(RW, b"!"), Ok(1));
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_get(c, m, RW, RET))),
        Errno::Badf
    );
    assert_eq!(
        std::fs::read(h.rw.path().join("a")).expect("read"),
        b"still open!"
    );
    // stdio can be moved too.
    let f = h.open(RO, 0, "file", 0, rights::FD_READ, 0).expect("open");
    assert_eq!(errno(h.sys(|c, m| fd_renumber(c, m, 1, f))), Errno::Success);
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_get(c, m, 1, RET))),
        Errno::Badf
    );
    assert_eq!(h.write(f, b"to stdout"), Ok(9));
    assert_eq!(h.stdout.contents(), b"to stdout");
}

fn host_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn ten_thousand_open_renumber_cycles_do_not_leak() {
    let mut h = H::new();
    let keep = h.open(RW, 0, "k", oflags::CREAT, RDWR, 0).expect("open");
    let guest_before = h.ctx.open_fds();
    let host_before = host_fds();
    for _ in 0..10_000 {
        let fd = h.open(RW, 0, "k", 0, RDWR, 0).expect("open");
        assert_eq!(
            errno(h.sys(|c, m| fd_renumber(c, m, fd, keep))),
            Errno::Success
        );
    }
    assert_eq!(h.ctx.open_fds(), guest_before);
    // Other tests run in parallel threads, so allow some slack; a leak
    // would be thousands of descriptors.
    let host_after = host_fds();
    assert!(
        host_after < host_before + 100,
        "host fds grew from {host_before} to {host_after}"
    );
}

#[test]
fn table_cap_gives_mfile_without_touching_the_host() {
    let mut h = H::with(|b| {
        b.max_open_fds(16);
    });
    let mut opened = Vec::new();
    loop {
        match h.open(RW, 0, "f", oflags::CREAT, RDWR, 0) {
            Ok(fd) => opened.push(fd),
            Err(e) => {
                assert_eq!(e, Errno::Mfile);
                break;
            }
        }
        assert!(opened.len() <= 16);
    }
    assert_eq!(h.ctx.open_fds(), 16);
    assert_eq!(opened.len(), 16 - 5);
    h.close(opened[0]);
    assert_eq!(h.open(RW, 0, "f", 0, RDWR, 0), Ok(opened[0]));
}

/// A parsed dirent: (d_next, d_ino, name, d_type).
type Dirent = (u64, u64, Vec<u8>, u8);

/// Parses dirents from `buf`.
fn parse_dirents(buf: &[u8]) -> Vec<Dirent> {
    let mut out = Vec::new();
    let mut rest = buf;
    while rest.len() >= 24 {
        let next = u64::from_le_bytes(rest[0..8].try_into().expect("8"));
        let ino = u64::from_le_bytes(rest[8..16].try_into().expect("8"));
        let len = u32::from_le_bytes(rest[16..20].try_into().expect("4")) as usize;
        assert_eq!(&rest[21..24], &[0, 0, 0], "dirent padding must be zero");
        if rest.len() < 24 + len {
            break;
        }
        out.push((next, ino, rest[24..24 + len].to_vec(), rest[20]));
        rest = &rest[24 + len..];
    }
    out
}

fn readdir(h: &mut H, fd: u32, len: u32, cookie: u64) -> (Vec<Dirent>, u32) {
    h.mem[BUF as usize..BUF as usize + len as usize + 64].fill(0xee);
    assert_eq!(
        errno(h.sys(|c, m| fd_readdir(c, m, fd, BUF, len, cookie, RET))),
        Errno::Success
    );
    let used = h.u32_at(RET);
    assert!(used <= len);
    assert!(
        h.get(BUF + len, 64).iter().all(|&b| b == 0xee),
        "nothing written past buf_len"
    );
    (parse_dirents(h.get(BUF, used as usize)), used)
}

#[test]
fn readdir_entries_and_cookies() {
    let mut h = H::new();
    let (entries, used) = readdir(&mut h, RW, 256, 0);
    assert!(used < 256);
    let names: Vec<_> = entries.iter().map(|e| e.2.clone()).collect();
    assert_eq!(names, vec![b".".to_vec(), b"..".to_vec()]);
    assert_eq!((entries[0].0, entries[1].0), (1, 2));
    assert_eq!(entries[0].3, filetype::DIRECTORY);
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_get(c, m, RW, RET2_F))),
        Errno::Success
    );
    assert_eq!(
        entries[0].1,
        h.u64_at(RET2_F + 8),
        "`.` has the directory's inode"
    );

    std::fs::write(h.rw.path().join("file"), b"x").expect("fixture");
    std::fs::create_dir(h.rw.path().join("sub")).expect("fixture");
    std::os::unix::fs::symlink("file", h.rw.path().join("link")).expect("fixture");
    let (entries, _) = readdir(&mut h, RW, 4096, 0);
    assert_eq!(entries.len(), 5);
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e.0, i as u64 + 1, "d_next counts entries");
    }
    let find = |name: &[u8]| entries.iter().find(|e| e.2 == name).expect("entry").clone();
    assert_eq!(find(b"file").3, filetype::REGULAR_FILE);
    assert_eq!(find(b"sub").3, filetype::DIRECTORY);
    assert_eq!(find(b"link").3, filetype::SYMBOLIC_LINK);
    let host_ino = std::os::unix::fs::MetadataExt::ino(
        &std::fs::metadata(h.rw.path().join("file")).expect("stat"),
    );
    assert_eq!(find(b"file").1, host_ino);

    // Resuming from each cookie yields the rest, in the same order.
    for start in 0..5u64 {
        let (rest, _) = readdir(&mut h, RW, 4096, start);
        assert_eq!(rest, entries[start as usize..].to_vec(), "cookie {start}");
    }
    let (none, used) = readdir(&mut h, RW, 4096, u64::MAX);
    assert!(none.is_empty());
    assert_eq!(used, 0);
}

/// Second result area used by readdir tests (RET is the bufused slot).
const RET2_F: u32 = super::RET2;

#[test]
fn readdir_small_buffers_truncate_and_resume() {
    let mut h = H::new();
    for i in 0..20 {
        std::fs::write(h.rw.path().join(format!("file.{i:02}")), b"").expect("fixture");
    }
    for len in [0u32, 1, 23, 24, 25] {
        let (entries, used) = readdir(&mut h, RW, len, 0);
        assert_eq!(used, len, "a too-small buffer is filled completely");
        assert_eq!(entries.len(), usize::from(len >= 25));
    }
    // Walking with a small buffer sees every entry exactly once.
    let mut seen = Vec::new();
    let mut cookie = 0;
    loop {
        let (entries, used) = readdir(&mut h, RW, 64, cookie);
        if let Some(last) = entries.last() {
            cookie = last.0;
        }
        seen.extend(entries.into_iter().map(|e| e.2));
        if used < 64 {
            break;
        }
    }
    assert_eq!(seen.len(), 22);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 22, "no duplicates");
    // A stale cookie after changes still works and stays in bounds.
    std::fs::remove_file(h.rw.path().join("file.00")).expect("rm");
    let (entries, _) = readdir(&mut h, RW, 4096, 5);
    assert!(entries.len() <= 21);
    assert_eq!(
        errno(h.sys(|c, m| fd_readdir(c, m, 1, BUF, 64, 0, RET))),
        Errno::Badf
    );
}
