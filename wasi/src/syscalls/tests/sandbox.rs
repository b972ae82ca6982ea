//! Checklist 5.3: escapes, symlinks, read-only preopens.

use std::os::unix::fs::symlink;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{BUF, H, IOV, P1, P2, RDWR, RET, RO, RW, errno};
use crate::errno::Errno;
use crate::syscalls::fd::{fd_filestat_set_size, fd_filestat_set_times, fd_readdir};
use crate::syscalls::path::*;
use crate::types::{fdflags, fstflags, lookupflags, oflags, rights};

const FOLLOW: u32 = lookupflags::SYMLINK_FOLLOW;
const SECRET: &[u8] = b"SECRET outside the sandbox";

/// A directory outside every preopen, with a secret file and subdir.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("secret"), SECRET).expect("fixture");
    std::fs::create_dir(dir.path().join("sub")).expect("fixture");
    dir
}

fn assert_outside_untouched(out: &tempfile::TempDir) {
    let mut names: Vec<_> = std::fs::read_dir(out.path())
        .expect("read outside")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names, vec!["secret", "sub"], "outside directory changed");
    assert_eq!(
        std::fs::read(out.path().join("secret")).expect("read"),
        SECRET
    );
    assert_eq!(
        std::fs::read_dir(out.path().join("sub"))
            .expect("sub")
            .count(),
        0
    );
}

fn path_errno(h: &mut H, f: impl FnOnce(&mut H, (u32, u32)) -> Errno, path: &str) -> Errno {
    let p = h.s(P1, path);
    f(h, p)
}

#[test]
fn dotdot_and_absolute_paths_are_perm() {
    let mut h = H::new();
    let name =
        h.rw.path()
            .file_name()
            .expect("name")
            .to_str()
            .expect("utf8")
            .to_owned();
    std::fs::write(h.rw.path().join("f"), b"in").expect("fixture");
    std::fs::create_dir(h.rw.path().join("a")).expect("fixture");
    for path in [
        "../etc/passwd".to_owned(),
        "..".to_owned(),
        format!("../{name}/f"),
        "a/../../x".to_owned(),
        "/etc/passwd".to_owned(),
        "/".to_owned(),
        "./../..".to_owned(),
    ] {
        assert_eq!(h.open(RW, 0, &path, 0, 0, 0), Err(Errno::Perm), "{path}");
        assert_eq!(
            h.open(RW, FOLLOW, &path, 0, 0, 0),
            Err(Errno::Perm),
            "{path}"
        );
    }
    // Leaving and coming back is refused even though it ends inside.
    assert_eq!(
        h.open(RW, 0, &format!("a/../../{name}/f"), 0, 0, 0),
        Err(Errno::Perm)
    );
    assert_eq!(h.open(RW, 0, "a/../f", 0, 0, 0).map(|_| ()), Ok(()));
    // Other path calls refuse absolute and escaping paths too.
    let mk =
        |h: &mut H, (p, l): (u32, u32)| errno(h.sys(|c, m| path_create_directory(c, m, RW, p, l)));
    assert_eq!(path_errno(&mut h, mk, "/tmp/x"), Errno::Perm);
    assert_eq!(path_errno(&mut h, mk, "../x"), Errno::Perm);
    let st = |h: &mut H, (p, l): (u32, u32)| {
        errno(h.sys(|c, m| path_filestat_get(c, m, RW, 0, p, l, RET)))
    };
    assert_eq!(path_errno(&mut h, st, "../"), Errno::Perm);
    assert_eq!(path_errno(&mut h, st, "/"), Errno::Perm);
}

#[test]
fn nul_and_long_paths() {
    let mut h = H::new();
    assert_eq!(
        h.open(RW, 0, "f\0x", oflags::CREAT, 0, 0),
        Err(Errno::Inval)
    );
    assert_eq!(h.open(RW, 0, "f\0", oflags::CREAT, 0, 0), Err(Errno::Inval));
    assert!(!h.rw.path().join("f").exists());
    let invalid_utf8 = [b'a', 0xff];
    h.put(P1, &invalid_utf8);
    let r = errno(h.sys(|c, m| path_open(c, m, RW, 0, P1, 2, 0, 0, 0, 0, RET)));
    assert_eq!(r, Errno::Ilseq);
    // 1 MiB path: nametoolong by the length cap...
    let long = 1 << 19;
    h.mem[BUF as usize..BUF as usize + long].fill(b'a');
    let r = errno(h.sys(|c, m| path_open(c, m, RW, 0, BUF, long as u32, 0, 0, 0, 0, RET)));
    assert_eq!(r, Errno::Nametoolong);
    // ...and nomem under a small per-call budget (checked first).
    let mut small = H::with(|b| {
        b.hostcall_budget(1000);
    });
    small.mem[BUF as usize..BUF as usize + 110_000].fill(b'a');
    let r = errno(small.sys(|c, m| path_open(c, m, RW, 0, BUF, 110_000, 0, 0, 0, 0, RET)));
    assert_eq!(r, Errno::Nomem);
    assert!(
        small.open(RW, 0, "short", oflags::CREAT, 0, 0).is_ok(),
        "budget is per call"
    );
}

#[test]
fn symlinks_to_outside_are_perm() {
    let out = outside();
    let mut h = H::new();
    let rw = h.rw.path().to_path_buf();
    let out_name = out
        .path()
        .file_name()
        .expect("name")
        .to_str()
        .expect("utf8")
        .to_owned();
    // Links placed by the host (the guest cannot create absolute ones).
    symlink(out.path(), rw.join("abs")).expect("fixture");
    symlink("/etc", rw.join("etc")).expect("fixture");
    symlink(format!("../{out_name}"), rw.join("rel")).expect("fixture");
    symlink("../../../../../../../../..", rw.join("up")).expect("fixture");
    std::fs::create_dir(rw.join("mid")).expect("fixture");
    symlink(out.path(), rw.join("mid/hop")).expect("fixture");
    for path in [
        "abs/secret",
        "etc/passwd",
        "rel/secret",
        "up/etc/passwd",
        "mid/hop/secret",
    ] {
        for flags in [0, FOLLOW] {
            assert_eq!(
                h.open(RW, flags, path, 0, rights::FD_READ, 0),
                Err(Errno::Perm),
                "{path}"
            );
        }
        let st = |h: &mut H, (p, l): (u32, u32)| {
            errno(h.sys(|c, m| path_filestat_get(c, m, RW, FOLLOW, p, l, RET)))
        };
        assert_eq!(path_errno(&mut h, st, path), Errno::Perm, "stat {path}");
    }
    for link in ["abs", "rel", "mid/hop"] {
        assert_eq!(
            h.open(RW, FOLLOW, link, oflags::DIRECTORY, 0, 0),
            Err(Errno::Perm),
            "{link}"
        );
        let secret = format!("{link}/secret");
        assert_eq!(
            h.open(RW, 0, &secret, oflags::TRUNC, RDWR, 0),
            Err(Errno::Perm)
        );
        assert_eq!(
            h.open(RW, 0, &format!("{link}/new"), oflags::CREAT, RDWR, 0),
            Err(Errno::Perm)
        );
        let mk = |h: &mut H, (p, l): (u32, u32)| {
            errno(h.sys(|c, m| path_create_directory(c, m, RW, p, l)))
        };
        assert_eq!(
            path_errno(&mut h, mk, &format!("{link}/newdir")),
            Errno::Perm
        );
        let rm =
            |h: &mut H, (p, l): (u32, u32)| errno(h.sys(|c, m| path_unlink_file(c, m, RW, p, l)));
        assert_eq!(path_errno(&mut h, rm, &secret), Errno::Perm);
        let rmd = |h: &mut H, (p, l): (u32, u32)| {
            errno(h.sys(|c, m| path_remove_directory(c, m, RW, p, l)))
        };
        assert_eq!(path_errno(&mut h, rmd, &format!("{link}/sub")), Errno::Perm);
    }
    // The link itself can be inspected and removed without following it.
    let st = |h: &mut H, (p, l): (u32, u32)| {
        errno(h.sys(|c, m| path_filestat_get(c, m, RW, 0, p, l, RET)))
    };
    assert_eq!(path_errno(&mut h, st, "abs"), Errno::Success);
    let rm = |h: &mut H, (p, l): (u32, u32)| errno(h.sys(|c, m| path_unlink_file(c, m, RW, p, l)));
    assert_eq!(path_errno(&mut h, rm, "abs"), Errno::Success);
    assert_outside_untouched(&out);
}

#[test]
fn trailing_slash_symlink_chain_is_refused() {
    // GHSA-vqjp-4c8c-hfgg: a/link1 -> "evil/", a/evil -> /outside.
    let out = outside();
    let mut h = H::new();
    let a = h.rw.path().join("a");
    std::fs::create_dir(&a).expect("fixture");
    symlink("evil/", a.join("link1")).expect("fixture");
    symlink(out.path(), a.join("evil")).expect("fixture");
    for flags in [0, FOLLOW] {
        assert_eq!(
            h.open(RW, flags, "a/link1/secret", 0, rights::FD_READ, 0),
            Err(Errno::Perm)
        );
        assert_eq!(
            h.open(RW, FOLLOW, "a/link1", oflags::DIRECTORY, 0, 0)
                .map(|_| ()),
            Err(Errno::Perm)
        );
        let st = |h: &mut H, (p, l): (u32, u32)| {
            errno(h.sys(|c, m| path_filestat_get(c, m, RW, flags, p, l, RET)))
        };
        assert_eq!(path_errno(&mut h, st, "a/link1/secret"), Errno::Perm);
    }
    let mk =
        |h: &mut H, (p, l): (u32, u32)| errno(h.sys(|c, m| path_create_directory(c, m, RW, p, l)));
    assert_eq!(path_errno(&mut h, mk, "a/link1/made"), Errno::Perm);
    let rm = |h: &mut H, (p, l): (u32, u32)| errno(h.sys(|c, m| path_unlink_file(c, m, RW, p, l)));
    assert_eq!(path_errno(&mut h, rm, "a/link1/secret"), Errno::Perm);
    h.s(P1, "a/link1/secret");
    h.s(P2, "stolen");
    let r = errno(h.sys(|c, m| path_rename(c, m, RW, P1, 14, RW, P2, 6)));
    assert_eq!(r, Errno::Perm);
    h.s(P1, "stolen");
    h.s(P2, "a/link1/planted");
    std::fs::write(h.rw.path().join("stolen"), b"x").expect("fixture");
    let r = errno(h.sys(|c, m| path_rename(c, m, RW, P1, 6, RW, P2, 15)));
    assert_eq!(r, Errno::Perm);
    // readdir through the link: the open is refused, so nothing to list.
    assert_eq!(
        h.open(RW, FOLLOW, "a/link1/", oflags::DIRECTORY, 0, 0),
        Err(Errno::Perm)
    );
    assert_outside_untouched(&out);
}

#[test]
fn guest_symlinks_absolute_refused_relative_checked_on_use() {
    let out = outside();
    let mut h = H::new();
    let out_name = out
        .path()
        .file_name()
        .expect("name")
        .to_str()
        .expect("utf8")
        .to_owned();
    let sym = |h: &mut H, target: &str, link: &str| {
        let (tp, tl) = h.s(P1, target);
        let (lp, ll) = h.s(P2, link);
        errno(h.sys(|c, m| path_symlink(c, m, tp, tl, RW, lp, ll)))
    };
    assert_eq!(sym(&mut h, "/etc/passwd", "x"), Errno::Perm);
    assert_eq!(
        sym(&mut h, &format!("{}/secret", out.path().display()), "x"),
        Errno::Perm
    );
    assert!(
        std::fs::symlink_metadata(h.rw.path().join("x")).is_err(),
        "nothing created"
    );
    // Relative targets climbing out are stored, and refused when followed.
    assert_eq!(
        sym(&mut h, &format!("../{out_name}/secret"), "y"),
        Errno::Success
    );
    assert_eq!(
        h.open(RW, FOLLOW, "y", 0, rights::FD_READ, 0),
        Err(Errno::Perm)
    );
    assert_eq!(sym(&mut h, "../../x", "z"), Errno::Success);
    assert_eq!(
        h.open(RW, FOLLOW, "z", oflags::CREAT, RDWR, 0),
        Err(Errno::Perm)
    );
    assert_eq!(sym(&mut h, "f\0", "w"), Errno::Inval);
    assert_outside_untouched(&out);
}

#[test]
fn read_only_preopen_refuses_every_mutation() {
    let mut h = H::new();
    let ro = h.ro.path().to_path_buf();
    let before = std::fs::read(ro.join("file")).expect("read");
    let mtime_before = std::fs::metadata(ro.join("file"))
        .expect("stat")
        .modified()
        .expect("mtime");

    assert_eq!(
        h.open(RO, 0, "file", oflags::TRUNC, rights::FD_READ, 0),
        Err(Errno::Perm)
    );
    assert_eq!(h.open(RO, 0, "new", oflags::CREAT, 0, 0), Err(Errno::Perm));
    assert_eq!(
        h.open(RO, 0, "file", 0, rights::FD_WRITE, 0),
        Err(Errno::Perm)
    );
    assert_eq!(
        h.open(RO, 0, "file", 0, rights::FD_READ, fdflags::APPEND),
        Err(Errno::Perm)
    );
    assert_eq!(
        h.open(RO, 0, "dir/new", oflags::CREAT | oflags::EXCL, 0, 0),
        Err(Errno::Perm)
    );
    let fd = h
        .open(RO, 0, "file", 0, rights::FD_READ, 0)
        .expect("reading is fine");
    assert_eq!(h.read(fd, 100), Ok(before.clone()));
    assert_eq!(h.write(fd, b"x"), Err(Errno::Badf));
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_size(c, m, fd, 0))),
        Errno::Perm
    );
    let now = u32::from(fstflags::MTIM_NOW);
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_times(c, m, fd, 0, 0, now))),
        Errno::Perm
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_filestat_set_times(c, m, RO, 0, 0, now))),
        Errno::Perm
    );
    // Directories opened beneath it are read-only too.
    let sub = h
        .open(RO, 0, "dir", oflags::DIRECTORY, 0, 0)
        .expect("open dir");
    assert_eq!(h.open(sub, 0, "new", oflags::CREAT, 0, 0), Err(Errno::Perm));

    let p = |h: &mut H, s: &str| h.s(P1, s);
    let (pp, pl) = p(&mut h, "newdir");
    assert_eq!(
        errno(h.sys(|c, m| path_create_directory(c, m, RO, pp, pl))),
        Errno::Perm
    );
    let (pp, pl) = p(&mut h, "file");
    assert_eq!(
        errno(h.sys(|c, m| path_unlink_file(c, m, RO, pp, pl))),
        Errno::Perm
    );
    assert_eq!(
        errno(h.sys(|c, m| path_filestat_set_times(c, m, RO, 0, pp, pl, 0, 0, now))),
        Errno::Perm
    );
    let (pp, pl) = p(&mut h, "dir");
    assert_eq!(
        errno(h.sys(|c, m| path_remove_directory(c, m, RO, pp, pl))),
        Errno::Perm
    );
    h.s(P1, "file");
    h.s(P2, "link");
    assert_eq!(
        errno(h.sys(|c, m| path_symlink(c, m, P1, 4, RO, P2, 4))),
        Errno::Perm
    );
    assert_eq!(
        errno(h.sys(|c, m| path_rename(c, m, RO, P1, 4, RO, P2, 4))),
        Errno::Perm
    );
    assert_eq!(
        errno(h.sys(|c, m| path_link(c, m, RO, 0, P1, 4, RO, P2, 4))),
        Errno::Perm
    );
    // Across preopens, in both directions.
    std::fs::write(h.rw.path().join("rwfile"), b"rw").expect("fixture");
    assert_eq!(
        errno(h.sys(|c, m| path_rename(c, m, RO, P1, 4, RW, P2, 4))),
        Errno::Perm
    );
    assert_eq!(
        errno(h.sys(|c, m| path_link(c, m, RO, 0, P1, 4, RW, P2, 4))),
        Errno::Perm
    );
    h.s(P1, "rwfile");
    assert_eq!(
        errno(h.sys(|c, m| path_rename(c, m, RW, P1, 6, RO, P2, 4))),
        Errno::Perm
    );
    assert_eq!(
        errno(h.sys(|c, m| path_link(c, m, RW, 0, P1, 6, RO, P2, 4))),
        Errno::Perm
    );

    let mut names: Vec<_> = std::fs::read_dir(&ro)
        .expect("ls")
        .map(|e| e.expect("e").file_name())
        .collect();
    names.sort();
    assert_eq!(names, vec!["dir", "file"]);
    assert_eq!(std::fs::read(ro.join("file")).expect("read"), before);
    let mtime_after = std::fs::metadata(ro.join("file"))
        .expect("stat")
        .modified()
        .expect("mtime");
    assert_eq!(mtime_before, mtime_after);
    assert!(
        std::fs::read_dir(ro.join("dir"))
            .expect("ls")
            .next()
            .is_none()
    );
    assert!(h.rw.path().join("rwfile").exists());
    // Reading the listing is allowed.
    assert_eq!(
        errno(h.sys(|c, m| fd_readdir(c, m, RO, BUF, 256, 0, RET))),
        Errno::Success
    );
}

#[test]
fn concurrent_symlink_swaps_never_escape() {
    let out = outside();
    std::fs::write(out.path().join("x"), SECRET).expect("fixture");
    let mut h = H::new();
    let rw = h.rw.path().to_path_buf();
    std::fs::create_dir(rw.join("real")).expect("fixture");
    std::fs::write(rw.join("real/x"), b"inside").expect("fixture");
    let out_name = out
        .path()
        .file_name()
        .expect("name")
        .to_str()
        .expect("utf8")
        .to_owned();
    symlink("real", rw.join("d")).expect("fixture");

    let stop = Arc::new(AtomicBool::new(false));
    let swaps = Arc::new(AtomicUsize::new(0));
    let swapper = {
        let stop = stop.clone();
        let swaps = swaps.clone();
        let rw = rw.clone();
        let targets = [
            "real".to_owned(),
            out.path().display().to_string(),
            format!("../{out_name}"),
        ];
        std::thread::spawn(move || {
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let tmp = rw.join("d.tmp");
                let _ = std::fs::remove_file(&tmp);
                if symlink(&targets[i % targets.len()], &tmp).is_ok()
                    && std::fs::rename(&tmp, rw.join("d")).is_ok()
                {
                    swaps.fetch_add(1, Ordering::Relaxed);
                }
                i += 1;
            }
        })
    };
    let mut inside = 0;
    let mut attempts = 0;
    // At least 2000 opens, overlapping at least 500 swaps (bounded).
    while (attempts < 2000 || swaps.load(Ordering::Relaxed) < 500) && attempts < 1_000_000 {
        attempts += 1;
        match h.open(RW, FOLLOW, "d/x", 0, rights::FD_READ, 0) {
            Ok(fd) => {
                let data = h.read(fd, 64).expect("read");
                assert_eq!(data, b"inside", "opened a file outside the sandbox");
                h.close(fd);
                inside += 1;
            }
            Err(e) => assert!(matches!(e, Errno::Perm | Errno::Noent), "{e:?}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().expect("swapper");
    assert!(inside > 0, "the inside target was never reachable");
    assert!(
        swaps.load(Ordering::Relaxed) >= 500,
        "the race was not exercised"
    );
    assert_outside_untouched_except_x(&out);
}

fn assert_outside_untouched_except_x(out: &tempfile::TempDir) {
    assert_eq!(
        std::fs::read(out.path().join("secret")).expect("read"),
        SECRET
    );
    assert_eq!(std::fs::read(out.path().join("x")).expect("read"), SECRET);
}

#[test]
fn iovec_and_readdir_buffers_stay_in_bounds_of_the_budget() {
    let mut h = H::with(|b| {
        b.hostcall_budget(1000);
    });
    // 10 000 iovecs: 80 000 bytes of metadata.
    let r = errno(h.sys(|c, m| crate::syscalls::fd::fd_write(c, m, 1, IOV, 10_000, RET)));
    assert_eq!(r, Errno::Nomem);
    let r = errno(h.sys(|c, m| crate::syscalls::fd::fd_read(c, m, 0, IOV, 10_000, RET)));
    assert_eq!(r, Errno::Nomem);
    assert!(h.stdout.is_empty());
}
