//! path_* operations (functional behaviour; escapes are in `sandbox`).

use super::{BUF, H, P1, P2, RDWR, RET, RW, errno};
use crate::errno::Errno;
use crate::syscalls::path::*;
use crate::types::{filetype, fstflags, lookupflags, oflags, rights};

const FOLLOW: u32 = lookupflags::SYMLINK_FOLLOW;

fn mkdir(h: &mut H, dir: u32, path: &str) -> Errno {
    let (p, l) = h.s(P1, path);
    errno(h.sys(|c, m| path_create_directory(c, m, dir, p, l)))
}

fn rmdir(h: &mut H, dir: u32, path: &str) -> Errno {
    let (p, l) = h.s(P1, path);
    errno(h.sys(|c, m| path_remove_directory(c, m, dir, p, l)))
}

fn unlink(h: &mut H, dir: u32, path: &str) -> Errno {
    let (p, l) = h.s(P1, path);
    errno(h.sys(|c, m| path_unlink_file(c, m, dir, p, l)))
}

fn stat(h: &mut H, dir: u32, flags: u32, path: &str) -> Result<(u8, u64, u64), Errno> {
    let (p, l) = h.s(P1, path);
    match errno(h.sys(|c, m| path_filestat_get(c, m, dir, flags, p, l, RET))) {
        Errno::Success => Ok((
            h.mem[RET as usize + 16],
            h.u64_at(RET + 32),
            h.u64_at(RET + 48),
        )),
        e => Err(e),
    }
}

fn symlink_at(h: &mut H, target: &str, dir: u32, link: &str) -> Errno {
    let (tp, tl) = h.s(P1, target);
    let (lp, ll) = h.s(P2, link);
    errno(h.sys(|c, m| path_symlink(c, m, tp, tl, dir, lp, ll)))
}

fn rename(h: &mut H, from_dir: u32, from: &str, to_dir: u32, to: &str) -> Errno {
    let (fp, fl) = h.s(P1, from);
    let (tp, tl) = h.s(P2, to);
    errno(h.sys(|c, m| path_rename(c, m, from_dir, fp, fl, to_dir, tp, tl)))
}

fn link(h: &mut H, from_dir: u32, flags: u32, from: &str, to_dir: u32, to: &str) -> Errno {
    let (fp, fl) = h.s(P1, from);
    let (tp, tl) = h.s(P2, to);
    errno(h.sys(|c, m| path_link(c, m, from_dir, flags, fp, fl, to_dir, tp, tl)))
}

fn readlink(h: &mut H, dir: u32, path: &str, len: u32) -> Result<Vec<u8>, Errno> {
    let (p, l) = h.s(P1, path);
    match errno(h.sys(|c, m| path_readlink(c, m, dir, p, l, BUF, len, RET))) {
        Errno::Success => Ok(h.get(BUF, h.u32_at(RET) as usize).to_vec()),
        e => Err(e),
    }
}

#[test]
fn directories_and_files() {
    let mut h = H::new();
    assert_eq!(mkdir(&mut h, RW, "dir"), Errno::Success);
    assert_eq!(mkdir(&mut h, RW, "dir/nested"), Errno::Success);
    assert_eq!(mkdir(&mut h, RW, "dir"), Errno::Exist);
    let fd = h
        .open(RW, 0, "dir/nested/file", oflags::CREAT, RDWR, 0)
        .expect("create");
    assert_eq!(h.write(fd, b"12345"), Ok(5));
    assert_eq!(
        stat(&mut h, RW, 0, "dir/nested/file").map(|s| (s.0, s.1)),
        Ok((filetype::REGULAR_FILE, 5))
    );
    assert_eq!(
        stat(&mut h, RW, 0, "dir").map(|s| s.0),
        Ok(filetype::DIRECTORY)
    );
    assert_eq!(stat(&mut h, RW, 0, "missing"), Err(Errno::Noent));
    // `..` inside the sandbox is fine.
    let again = h.open(
        RW,
        0,
        "dir/.//nested/../../dir/nested/../nested///./file",
        0,
        0,
        0,
    );
    assert!(again.is_ok(), "{again:?}");
    assert_eq!(rmdir(&mut h, RW, "dir"), Errno::Notempty);
    assert_eq!(unlink(&mut h, RW, "dir/nested"), Errno::Isdir);
    assert_eq!(rmdir(&mut h, RW, "dir/nested/file"), Errno::Notdir);
    assert_eq!(rmdir(&mut h, RW, "dir/nested/file/"), Errno::Notdir);
    assert_eq!(unlink(&mut h, RW, "dir/nested/file/"), Errno::Notdir);
    assert_eq!(unlink(&mut h, RW, "dir/nested/file"), Errno::Success);
    assert_eq!(rmdir(&mut h, RW, "dir/nested"), Errno::Success);
    assert_eq!(rmdir(&mut h, RW, "dir/"), Errno::Success);
    assert!(!h.rw.path().join("dir").exists());
}

#[test]
fn open_flag_rules() {
    let mut h = H::new();
    h.open(RW, 0, "file", oflags::CREAT, 0, 0).expect("create");
    assert_eq!(
        h.open(RW, 0, "file", oflags::CREAT | oflags::EXCL, 0, 0),
        Err(Errno::Exist)
    );
    assert_eq!(
        h.open(RW, 0, ".", oflags::DIRECTORY | oflags::TRUNC, 0, 0),
        Err(Errno::Inval)
    );
    assert_eq!(
        h.open(RW, 0, "d", oflags::DIRECTORY | oflags::CREAT, 0, 0),
        Err(Errno::Inval)
    );
    assert_eq!(
        h.open(RW, 0, ".", oflags::DIRECTORY, RDWR, 0),
        Err(Errno::Isdir)
    );
    assert!(
        h.open(RW, 0, ".", oflags::DIRECTORY, rights::FD_READ, 0)
            .is_ok()
    );
    assert!(h.open(RW, 0, ".", 0, 0, 0).is_ok());
    assert_eq!(
        h.open(RW, 0, "file", oflags::DIRECTORY, 0, 0),
        Err(Errno::Notdir)
    );
    assert_eq!(h.open(RW, 0, "file/", 0, 0, 0), Err(Errno::Notdir));
    assert_eq!(h.open(RW, 0, "missing", 0, 0, 0), Err(Errno::Noent));
    assert_eq!(h.open(RW, 0, "", 0, 0, 0), Err(Errno::Noent));
    assert_eq!(
        h.open(RW, 0, "file", 1 << 4, 0, 0),
        Err(Errno::Inval),
        "unknown oflags"
    );
    assert_eq!(
        h.open(RW, 2, "file", 0, 0, 0),
        Err(Errno::Inval),
        "unknown lookupflags"
    );
    assert_eq!(
        h.open(RW, 0, "file", 0, 1 << 30, 0),
        Err(Errno::Inval),
        "unknown rights"
    );
    assert_eq!(
        h.open(RW, 0, "file", 0, 0, 1 << 4),
        Err(Errno::Notsup),
        "SYNC"
    );
    let f = h.open(RW, 0, "file", 0, 0, 0).expect("open");
    assert_eq!(h.open(f, 0, "x", oflags::CREAT, 0, 0), Err(Errno::Notdir));
    assert_eq!(h.open(1, 0, "x", oflags::CREAT, 0, 0), Err(Errno::Badf));
    assert_eq!(h.open(500, 0, "x", oflags::CREAT, 0, 0), Err(Errno::Badf));
    // TRUNC really truncates.
    std::fs::write(h.rw.path().join("file"), b"contents").expect("write");
    h.open(RW, 0, "file", oflags::TRUNC, 0, 0).expect("trunc");
    assert_eq!(
        std::fs::metadata(h.rw.path().join("file"))
            .expect("stat")
            .len(),
        0
    );
}

#[test]
fn symlinks_follow_nofollow_and_loops() {
    let mut h = H::new();
    assert_eq!(mkdir(&mut h, RW, "target"), Errno::Success);
    assert_eq!(symlink_at(&mut h, "target", RW, "symlink"), Errno::Success);
    assert_eq!(
        h.open(RW, 0, "symlink", oflags::DIRECTORY, 0, 0),
        Err(Errno::Loop)
    );
    assert_eq!(h.open(RW, 0, "symlink", 0, 0, 0), Err(Errno::Loop));
    assert!(
        h.open(RW, FOLLOW, "symlink", oflags::DIRECTORY, 0, 0)
            .is_ok()
    );
    assert_eq!(
        stat(&mut h, RW, 0, "symlink").map(|s| s.0),
        Ok(filetype::SYMBOLIC_LINK)
    );
    assert_eq!(
        stat(&mut h, RW, FOLLOW, "symlink").map(|s| s.0),
        Ok(filetype::DIRECTORY)
    );
    assert_eq!(readlink(&mut h, RW, "symlink", 64), Ok(b"target".to_vec()));
    assert_eq!(
        readlink(&mut h, RW, "symlink", 3),
        Ok(b"tar".to_vec()),
        "truncated"
    );
    assert_eq!(readlink(&mut h, RW, "target", 64), Err(Errno::Inval));

    // Loops.
    assert_eq!(symlink_at(&mut h, "loop", RW, "loop"), Errno::Success);
    assert_eq!(h.open(RW, FOLLOW, "loop", 0, 0, 0), Err(Errno::Loop));
    assert_eq!(stat(&mut h, RW, FOLLOW, "loop"), Err(Errno::Loop));
    for i in 0..41 {
        let next = format!("chain{}", i + 1);
        assert_eq!(
            symlink_at(&mut h, &next, RW, &format!("chain{i}")),
            Errno::Success
        );
    }
    std::fs::write(h.rw.path().join("chain41"), b"end").expect("fixture");
    assert_eq!(h.open(RW, FOLLOW, "chain0", 0, 0, 0), Err(Errno::Loop));
    assert!(
        h.open(RW, FOLLOW, "chain10", 0, 0, 0).is_ok(),
        "31 hops are fine"
    );

    // Dangling links can be removed and linked, not followed.
    assert_eq!(
        symlink_at(&mut h, "nowhere", RW, "dangling"),
        Errno::Success
    );
    assert_eq!(h.open(RW, FOLLOW, "dangling", 0, 0, 0), Err(Errno::Noent));
    assert_eq!(unlink(&mut h, RW, "dangling"), Errno::Success);
    assert_eq!(unlink(&mut h, RW, "symlink"), Errno::Success);
    assert!(
        h.rw.path().join("target").is_dir(),
        "unlink removes the link only"
    );
}

#[test]
fn symlink_timestamps_nofollow() {
    let mut h = H::new();
    h.open(RW, 0, "file", oflags::CREAT, 0, 0).expect("create");
    assert_eq!(symlink_at(&mut h, "file", RW, "sym"), Errno::Success);
    let file_mtim = stat(&mut h, RW, 0, "file").expect("stat").2;
    let sym_mtim = stat(&mut h, RW, 0, "sym").expect("stat").2;
    let new = sym_mtim - 200;
    let (p, l) = h.s(P1, "sym");
    let flags = u32::from(fstflags::MTIM);
    assert_eq!(
        errno(h.sys(|c, m| path_filestat_set_times(c, m, RW, 0, p, l, 0, new, flags))),
        Errno::Success
    );
    assert_eq!(stat(&mut h, RW, 0, "sym").expect("stat").2, new);
    assert_eq!(stat(&mut h, RW, 0, "file").expect("stat").2, file_mtim);
    let (p, l) = h.s(P1, "sym");
    assert_eq!(
        errno(h.sys(|c, m| path_filestat_set_times(c, m, RW, FOLLOW, p, l, 0, new, flags))),
        Errno::Success
    );
    assert_eq!(stat(&mut h, RW, 0, "file").expect("stat").2, new);
    let both = u32::from(fstflags::MTIM | fstflags::MTIM_NOW);
    assert_eq!(
        errno(h.sys(|c, m| path_filestat_set_times(c, m, RW, 0, p, l, 0, 0, both))),
        Errno::Inval
    );
}

#[test]
fn rename_and_link() {
    let mut h = H::new();
    std::fs::write(h.rw.path().join("a"), b"A").expect("fixture");
    assert_eq!(rename(&mut h, RW, "a", RW, "b"), Errno::Success);
    assert_eq!(std::fs::read(h.rw.path().join("b")).expect("read"), b"A");
    assert_eq!(rename(&mut h, RW, "a", RW, "c"), Errno::Noent);
    assert_eq!(link(&mut h, RW, 0, "b", RW, "hard"), Errno::Success);
    assert_eq!(stat(&mut h, RW, 0, "hard").map(|s| s.1), Ok(1));
    assert_eq!(link(&mut h, RW, 0, "b", RW, "hard"), Errno::Exist);
    assert_eq!(link(&mut h, RW, 0, "b", RW, "b"), Errno::Exist);
    assert_eq!(link(&mut h, RW, 0, "b", RW, "new/"), Errno::Noent);
    assert_eq!(link(&mut h, RW, FOLLOW, "b", RW, "other"), Errno::Inval);
    assert_eq!(mkdir(&mut h, RW, "dir"), Errno::Success);
    assert_eq!(link(&mut h, RW, 0, "dir", RW, "dirlink"), Errno::Perm);
    // A link to a dangling symlink links the symlink itself.
    assert_eq!(
        symlink_at(&mut h, "nowhere", RW, "dangling"),
        Errno::Success
    );
    assert_eq!(link(&mut h, RW, 0, "dangling", RW, "dl"), Errno::Success);
    // Between two directory fds of the same preopen.
    let sub = h.open(RW, 0, "dir", oflags::DIRECTORY, 0, 0).expect("open");
    assert_eq!(rename(&mut h, RW, "b", sub, "moved"), Errno::Success);
    assert!(h.rw.path().join("dir/moved").exists());
}
