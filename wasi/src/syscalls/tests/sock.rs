//! sock_* on a preopened loopback listener and its connections.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use super::{BUF, H, IOV, RET, RET2, RW, errno};
use crate::errno::Errno;
use crate::syscalls::fd::{fd_fdstat_get, fd_prestat_get};
use crate::syscalls::sock::*;
use crate::types::{fdflags, filetype, oflags};

/// Instance with a loopback listener preopened at fd 5.
fn with_listener() -> (H, std::net::SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let h = H::with(move |b| {
        b.preopened_socket(listener);
    });
    (h, addr)
}

#[test]
fn accept_recv_send_shutdown() {
    let (mut h, addr) = with_listener();
    assert_eq!(
        errno(h.sys(|c, m| fd_prestat_get(c, m, 5, RET))),
        Errno::Badf,
        "not a dir preopen"
    );
    assert_eq!(
        errno(h.sys(|c, m| fd_fdstat_get(c, m, 5, RET))),
        Errno::Success
    );
    assert_eq!(h.mem[RET as usize], filetype::SOCKET_STREAM);

    let mut client = TcpStream::connect(addr).expect("connect");
    client.write_all(b"ping").expect("client write");
    assert_eq!(
        errno(h.sys(|c, m| sock_accept(c, m, 5, 0, RET))),
        Errno::Success
    );
    let conn = h.u32_at(RET);
    assert_eq!(conn, 6);

    h.iov(0, BUF, 2);
    let peek = 1u32;
    assert_eq!(
        errno(h.sys(|c, m| sock_recv(c, m, conn, IOV, 1, peek, RET, RET2))),
        Errno::Success
    );
    assert_eq!((h.u32_at(RET), h.get(BUF, 2)), (2, &b"pi"[..]));
    let waitall = 2u32;
    h.put(BUF, &[0; 16]);
    // WAITALL waits for the whole buffer: ask for exactly what was sent.
    h.iov(0, BUF, 4);
    assert_eq!(
        errno(h.sys(|c, m| sock_recv(c, m, conn, IOV, 1, waitall, RET, RET2))),
        Errno::Success
    );
    assert_eq!((h.u32_at(RET), h.get(BUF, 4)), (4, &b"ping"[..]));
    assert_eq!(h.get(RET2, 2), &[0, 0], "roflags");

    h.put(BUF, b"pong");
    h.iov(0, BUF, 4);
    assert_eq!(
        errno(h.sys(|c, m| sock_send(c, m, conn, IOV, 1, 0, RET))),
        Errno::Success
    );
    assert_eq!(h.u32_at(RET), 4);
    let mut got = [0u8; 4];
    client.read_exact(&mut got).expect("client read");
    assert_eq!(&got, b"pong");
    assert_eq!(
        errno(h.sys(|c, m| sock_send(c, m, conn, IOV, 1, 1, RET))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| sock_recv(c, m, conn, IOV, 1, 4, RET, RET2))),
        Errno::Inval
    );

    // fd_read/fd_write work on connections too.
    assert_eq!(h.write(conn, b"!"), Ok(1));
    client.read_exact(&mut got[..1]).expect("client read");
    assert_eq!(got[0], b'!');

    assert_eq!(
        errno(h.sys(|c, m| sock_shutdown(c, m, conn, 0))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| sock_shutdown(c, m, conn, 4))),
        Errno::Inval
    );
    assert_eq!(
        errno(h.sys(|c, m| sock_shutdown(c, m, conn, 2))),
        Errno::Success
    );
    let mut rest = Vec::new();
    client.read_to_end(&mut rest).expect("eof after shutdown");
    assert!(rest.is_empty());
    drop(client);
    // Writing to a closed peer must not raise SIGPIPE in the host.
    for _ in 0..3 {
        let r = errno(h.sys(|c, m| sock_send(c, m, conn, IOV, 1, 0, RET)));
        assert!(
            matches!(r, Errno::Success | Errno::Pipe | Errno::Connreset),
            "{r:?}"
        );
    }
    h.close(conn);
}

#[test]
fn nonblocking_accept_without_peer_is_again() {
    let (mut h, _) = with_listener();
    let nonblock = u32::from(fdflags::NONBLOCK);
    assert_eq!(
        errno(h.sys(|c, m| crate::syscalls::fd::fd_fdstat_set_flags(c, m, 5, nonblock))),
        Errno::Success
    );
    assert_eq!(
        errno(h.sys(|c, m| sock_accept(c, m, 5, 0, RET))),
        Errno::Again
    );
    assert_eq!(
        errno(h.sys(|c, m| sock_accept(c, m, 5, 1, RET))),
        Errno::Inval
    );
}

#[test]
fn sockets_calls_on_non_sockets() {
    let (mut h, _) = with_listener();
    let f = h.open(RW, 0, "f", oflags::CREAT, 0, 0).expect("open");
    for fd in [0, 1, RW, f] {
        assert_eq!(
            errno(h.sys(|c, m| sock_accept(c, m, fd, 0, RET))),
            Errno::Notsock
        );
        assert_eq!(
            errno(h.sys(|c, m| sock_recv(c, m, fd, IOV, 0, 0, RET, RET2))),
            Errno::Notsock
        );
        assert_eq!(
            errno(h.sys(|c, m| sock_send(c, m, fd, IOV, 0, 0, RET))),
            Errno::Notsock
        );
        assert_eq!(
            errno(h.sys(|c, m| sock_shutdown(c, m, fd, 3))),
            Errno::Notsock
        );
    }
    assert_eq!(
        errno(h.sys(|c, m| sock_shutdown(c, m, 5, 3))),
        Errno::Notconn
    );
    assert_eq!(errno(h.sys(|c, m| sock_shutdown(c, m, 77, 3))), Errno::Badf);
    assert_eq!(
        errno(h.sys(|c, m| sock_accept(c, m, 77, 0, RET))),
        Errno::Badf
    );
}
