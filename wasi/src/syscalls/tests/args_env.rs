//! args_* and environ_*.

use super::{BUF, H, RET, RET2, assert_fault, errno};
use crate::ctx::WasiCtxBuilder;
use crate::errno::Errno;
use crate::error::Error;
use crate::syscalls::args_env::{args_get, args_sizes_get, environ_get, environ_sizes_get};

#[test]
fn defaults_leak_nothing() {
    let mut h = H::new();
    h.put(RET, &[0xff; 8]);
    h.put(RET2, &[0xff; 8]);
    assert_eq!(
        errno(h.sys(|c, m| environ_sizes_get(c, m, RET, RET2))),
        Errno::Success
    );
    assert_eq!((h.u32_at(RET), h.u32_at(RET2)), (0, 0));
    assert_eq!(
        errno(h.sys(|c, m| args_sizes_get(c, m, RET, RET2))),
        Errno::Success
    );
    assert_eq!((h.u32_at(RET), h.u32_at(RET2)), (0, 0));
}

#[test]
fn args_and_env_are_laid_out_like_c() {
    let mut h = H::with(|b| {
        b.args(["prog", "the \"second\" arg", "3"])
            .env("A", "1")
            .env("B", "new\nline");
    });
    assert_eq!(
        errno(h.sys(|c, m| args_sizes_get(c, m, RET, RET2))),
        Errno::Success
    );
    assert_eq!(h.u32_at(RET), 3);
    let size = h.u32_at(RET2);
    assert_eq!(
        size as usize,
        "prog".len() + "the \"second\" arg".len() + "3".len() + 3
    );

    assert_eq!(
        errno(h.sys(|c, m| args_get(c, m, RET, BUF))),
        Errno::Success
    );
    let ptrs: Vec<u32> = (0..3).map(|i| h.u32_at(RET + 4 * i)).collect();
    assert_eq!(ptrs[0], BUF);
    assert_eq!(h.get(ptrs[1], 17), b"the \"second\" arg\0");
    assert_eq!(
        h.get(BUF, size as usize),
        b"prog\0the \"second\" arg\x003\0"
    );

    assert_eq!(
        errno(h.sys(|c, m| environ_sizes_get(c, m, RET, RET2))),
        Errno::Success
    );
    assert_eq!((h.u32_at(RET), h.u32_at(RET2)), (2, 4 + 11));
    assert_eq!(
        errno(h.sys(|c, m| environ_get(c, m, RET, BUF))),
        Errno::Success
    );
    assert_eq!(h.get(BUF, 15), b"A=1\0B=new\nline\0");
    assert_eq!(h.u32_at(RET + 4), BUF + 4);
}

#[test]
fn large_args_work() {
    let big = "x".repeat(100 * 1024);
    let mut h = H::with(|b| {
        b.arg("prog").arg(&big);
    });
    assert_eq!(
        errno(h.sys(|c, m| args_sizes_get(c, m, RET, RET2))),
        Errno::Success
    );
    assert_eq!(h.u32_at(RET2) as usize, 5 + big.len() + 1);
    assert_eq!(
        errno(h.sys(|c, m| args_get(c, m, RET, BUF))),
        Errno::Success
    );
    assert_eq!(h.get(BUF + 5, 3), b"xxx");
}

#[test]
fn out_of_bounds_vectors_trap() {
    let mut h = H::with(|b| {
        b.arg("prog").env("K", "V");
    });
    let end = h.mem.len() as u32;
    assert_fault(h.sys(|c, m| args_get(c, m, RET, end - 2)));
    assert_fault(h.sys(|c, m| args_get(c, m, end - 2, BUF)));
    assert_fault(h.sys(|c, m| environ_get(c, m, RET, end)));
    assert_fault(h.sys(|c, m| environ_sizes_get(c, m, RET + 1, RET2)));
    assert_fault(h.sys(|c, m| args_sizes_get(c, m, RET, u32::MAX)));
}

#[test]
fn builder_rejects_bad_env_and_args() {
    assert!(matches!(
        WasiCtxBuilder::new().env("A=B", "1").build(),
        Err(Error::InvalidEnvKey { .. })
    ));
    assert!(matches!(
        WasiCtxBuilder::new().env("A\0", "1").build(),
        Err(Error::InvalidEnvKey { .. })
    ));
    assert!(matches!(
        WasiCtxBuilder::new().env("", "1").build(),
        Err(Error::InvalidEnvKey { .. })
    ));
    assert!(matches!(
        WasiCtxBuilder::new().env("A", "x\0y").build(),
        Err(Error::InvalidEnvValue { .. })
    ));
    assert!(matches!(
        WasiCtxBuilder::new().arg("ok").arg("a\0b").build(),
        Err(Error::InvalidArg { index: 1 })
    ));
    assert!(matches!(
        WasiCtxBuilder::new()
            .max_args_env_size(8)
            .arg("123456789")
            .build(),
        Err(Error::TooLarge { .. })
    ));
    // Values may contain '=' and non-UTF-8 bytes.
    let ctx = WasiCtxBuilder::new()
        .env("A", b"b=c\xff")
        .build()
        .expect("valid");
    assert_eq!(ctx.env, vec![b"A=b=c\xff".to_vec()]);
}

#[test]
fn inherit_env_is_opt_in() {
    let ctx = WasiCtxBuilder::new().build().expect("build");
    assert!(ctx.env.is_empty());
    let ctx = WasiCtxBuilder::new().inherit_env().build().expect("build");
    assert_eq!(ctx.env.len(), std::env::vars_os().count());
}
