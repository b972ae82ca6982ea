//! WASI errno values (witx `$errno`, numbered in declaration order) and the
//! mapping from host errors.

use std::io;

macro_rules! errno_enum {
    ($($ident:ident = $value:literal, $name:literal, $doc:literal;)*) => {
        /// A WASI preview1 error number, as returned by every syscall.
        ///
        /// The discriminant is the value the guest sees (`u16` in the ABI).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum Errno {
            $(
                #[doc = $doc]
                $ident = $value,
            )*
        }

        impl Errno {
            /// The witx name of this errno (for example `"badf"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Errno::$ident => $name,)*
                }
            }

            /// The errno whose numeric value is `raw`, if there is one.
            pub fn from_raw(raw: u16) -> Option<Errno> {
                match raw {
                    $($value => Some(Errno::$ident),)*
                    _ => None,
                }
            }
        }
    };
}

errno_enum! {
    Success = 0, "success", "No error occurred.";
    TooBig = 1, "2big", "Argument list too long.";
    Acces = 2, "acces", "Permission denied.";
    Addrinuse = 3, "addrinuse", "Address in use.";
    Addrnotavail = 4, "addrnotavail", "Address not available.";
    Afnosupport = 5, "afnosupport", "Address family not supported.";
    Again = 6, "again", "Resource unavailable, or operation would block.";
    Already = 7, "already", "Connection already in progress.";
    Badf = 8, "badf", "Bad file descriptor.";
    Badmsg = 9, "badmsg", "Bad message.";
    Busy = 10, "busy", "Device or resource busy.";
    Canceled = 11, "canceled", "Operation canceled.";
    Child = 12, "child", "No child processes.";
    Connaborted = 13, "connaborted", "Connection aborted.";
    Connrefused = 14, "connrefused", "Connection refused.";
    Connreset = 15, "connreset", "Connection reset.";
    Deadlk = 16, "deadlk", "Resource deadlock would occur.";
    Destaddrreq = 17, "destaddrreq", "Destination address required.";
    Dom = 18, "dom", "Mathematics argument out of domain of function.";
    Dquot = 19, "dquot", "Reserved.";
    Exist = 20, "exist", "File exists.";
    Fault = 21, "fault", "Bad address.";
    Fbig = 22, "fbig", "File too large.";
    Hostunreach = 23, "hostunreach", "Host is unreachable.";
    Idrm = 24, "idrm", "Identifier removed.";
    Ilseq = 25, "ilseq", "Illegal byte sequence.";
    Inprogress = 26, "inprogress", "Operation in progress.";
    Intr = 27, "intr", "Interrupted function.";
    Inval = 28, "inval", "Invalid argument.";
    Io = 29, "io", "I/O error.";
    Isconn = 30, "isconn", "Socket is connected.";
    Isdir = 31, "isdir", "Is a directory.";
    Loop = 32, "loop", "Too many levels of symbolic links.";
    Mfile = 33, "mfile", "File descriptor value too large (too many open descriptors).";
    Mlink = 34, "mlink", "Too many links.";
    Msgsize = 35, "msgsize", "Message too large.";
    Multihop = 36, "multihop", "Reserved.";
    Nametoolong = 37, "nametoolong", "Filename too long.";
    Netdown = 38, "netdown", "Network is down.";
    Netreset = 39, "netreset", "Connection aborted by network.";
    Netunreach = 40, "netunreach", "Network unreachable.";
    Nfile = 41, "nfile", "Too many files open in system.";
    Nobufs = 42, "nobufs", "No buffer space available.";
    Nodev = 43, "nodev", "No such device.";
    Noent = 44, "noent", "No such file or directory.";
    Noexec = 45, "noexec", "Executable file format error.";
    Nolck = 46, "nolck", "No locks available.";
    Nolink = 47, "nolink", "Reserved.";
    Nomem = 48, "nomem", "Not enough space.";
    Nomsg = 49, "nomsg", "No message of the desired type.";
    Noprotoopt = 50, "noprotoopt", "Protocol not available.";
    Nospc = 51, "nospc", "No space left on device.";
    Nosys = 52, "nosys", "Function not supported.";
    Notconn = 53, "notconn", "The socket is not connected.";
    Notdir = 54, "notdir", "Not a directory or a symbolic link to a directory.";
    Notempty = 55, "notempty", "Directory not empty.";
    Notrecoverable = 56, "notrecoverable", "State not recoverable.";
    Notsock = 57, "notsock", "Not a socket.";
    Notsup = 58, "notsup", "Not supported, or operation not supported on socket.";
    Notty = 59, "notty", "Inappropriate I/O control operation.";
    Nxio = 60, "nxio", "No such device or address.";
    Overflow = 61, "overflow", "Value too large to be stored in data type.";
    Ownerdead = 62, "ownerdead", "Previous owner died.";
    Perm = 63, "perm", "Operation not permitted.";
    Pipe = 64, "pipe", "Broken pipe.";
    Proto = 65, "proto", "Protocol error.";
    Protonosupport = 66, "protonosupport", "Protocol not supported.";
    Prototype = 67, "prototype", "Protocol wrong type for socket.";
    Range = 68, "range", "Result too large.";
    Rofs = 69, "rofs", "Read-only file system.";
    Spipe = 70, "spipe", "Invalid seek.";
    Srch = 71, "srch", "No such process.";
    Stale = 72, "stale", "Reserved.";
    Timedout = 73, "timedout", "Connection timed out.";
    Txtbsy = 74, "txtbsy", "Text file busy.";
    Xdev = 75, "xdev", "Cross-device link.";
    Notcapable = 76, "notcapable", "Extension: Capabilities insufficient.";
}

impl Errno {
    /// The value handed to the guest.
    pub fn raw(self) -> u16 {
        self as u16
    }
}

impl std::fmt::Display for Errno {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name(), self.raw())
    }
}

impl From<rustix::io::Errno> for Errno {
    fn from(err: rustix::io::Errno) -> Errno {
        from_raw_os_error(err.raw_os_error()).unwrap_or(Errno::Io)
    }
}

impl From<io::Error> for Errno {
    fn from(err: io::Error) -> Errno {
        Errno::from(&err)
    }
}

impl From<&io::Error> for Errno {
    fn from(err: &io::Error) -> Errno {
        if let Some(errno) = err.raw_os_error().and_then(from_raw_os_error) {
            return errno;
        }
        // Errors without an OS code: cap-std reports a sandbox escape as
        // `PermissionDenied` ("a path led outside of the filesystem"), which
        // must reach the guest as `perm`.
        match err.kind() {
            io::ErrorKind::NotFound => Errno::Noent,
            io::ErrorKind::PermissionDenied => Errno::Perm,
            io::ErrorKind::AlreadyExists => Errno::Exist,
            io::ErrorKind::InvalidInput => Errno::Inval,
            io::ErrorKind::InvalidData => Errno::Ilseq,
            io::ErrorKind::WouldBlock => Errno::Again,
            io::ErrorKind::Interrupted => Errno::Intr,
            io::ErrorKind::OutOfMemory => Errno::Nomem,
            io::ErrorKind::Unsupported => Errno::Notsup,
            io::ErrorKind::BrokenPipe => Errno::Pipe,
            io::ErrorKind::TimedOut => Errno::Timedout,
            io::ErrorKind::NotConnected => Errno::Notconn,
            io::ErrorKind::ConnectionReset => Errno::Connreset,
            io::ErrorKind::ConnectionRefused => Errno::Connrefused,
            io::ErrorKind::ConnectionAborted => Errno::Connaborted,
            _ => Errno::Io,
        }
    }
}

/// Maps a host (Linux/POSIX) errno to the WASI errno of the same meaning.
fn from_raw_os_error(raw: i32) -> Option<Errno> {
    use rustix::io::Errno as E;
    let e = E::from_raw_os_error(raw);
    Some(match e {
        E::TOOBIG => Errno::TooBig,
        E::ACCESS => Errno::Acces,
        E::ADDRINUSE => Errno::Addrinuse,
        E::ADDRNOTAVAIL => Errno::Addrnotavail,
        E::AFNOSUPPORT => Errno::Afnosupport,
        E::AGAIN => Errno::Again,
        E::ALREADY => Errno::Already,
        E::BADF => Errno::Badf,
        E::BADMSG => Errno::Badmsg,
        E::BUSY => Errno::Busy,
        E::CANCELED => Errno::Canceled,
        E::CHILD => Errno::Child,
        E::CONNABORTED => Errno::Connaborted,
        E::CONNREFUSED => Errno::Connrefused,
        E::CONNRESET => Errno::Connreset,
        E::DEADLK => Errno::Deadlk,
        E::DESTADDRREQ => Errno::Destaddrreq,
        E::DOM => Errno::Dom,
        E::DQUOT => Errno::Dquot,
        E::EXIST => Errno::Exist,
        E::FAULT => Errno::Fault,
        E::FBIG => Errno::Fbig,
        E::HOSTUNREACH => Errno::Hostunreach,
        E::IDRM => Errno::Idrm,
        E::ILSEQ => Errno::Ilseq,
        E::INPROGRESS => Errno::Inprogress,
        E::INTR => Errno::Intr,
        E::INVAL => Errno::Inval,
        E::IO => Errno::Io,
        E::ISCONN => Errno::Isconn,
        E::ISDIR => Errno::Isdir,
        E::LOOP => Errno::Loop,
        E::MFILE => Errno::Mfile,
        E::MLINK => Errno::Mlink,
        E::MSGSIZE => Errno::Msgsize,
        E::MULTIHOP => Errno::Multihop,
        E::NAMETOOLONG => Errno::Nametoolong,
        E::NETDOWN => Errno::Netdown,
        E::NETRESET => Errno::Netreset,
        E::NETUNREACH => Errno::Netunreach,
        E::NFILE => Errno::Nfile,
        E::NOBUFS => Errno::Nobufs,
        E::NODEV => Errno::Nodev,
        E::NOENT => Errno::Noent,
        E::NOEXEC => Errno::Noexec,
        E::NOLCK => Errno::Nolck,
        E::NOLINK => Errno::Nolink,
        E::NOMEM => Errno::Nomem,
        E::NOMSG => Errno::Nomsg,
        E::NOPROTOOPT => Errno::Noprotoopt,
        E::NOSPC => Errno::Nospc,
        E::NOSYS => Errno::Nosys,
        E::NOTCONN => Errno::Notconn,
        E::NOTDIR => Errno::Notdir,
        E::NOTEMPTY => Errno::Notempty,
        E::NOTRECOVERABLE => Errno::Notrecoverable,
        E::NOTSOCK => Errno::Notsock,
        E::NOTSUP => Errno::Notsup,
        E::NOTTY => Errno::Notty,
        E::NXIO => Errno::Nxio,
        E::OVERFLOW => Errno::Overflow,
        E::OWNERDEAD => Errno::Ownerdead,
        E::PERM => Errno::Perm,
        E::PIPE => Errno::Pipe,
        E::PROTO => Errno::Proto,
        E::PROTONOSUPPORT => Errno::Protonosupport,
        E::PROTOTYPE => Errno::Prototype,
        E::RANGE => Errno::Range,
        E::ROFS => Errno::Rofs,
        E::SPIPE => Errno::Spipe,
        E::SRCH => Errno::Srch,
        E::STALE => Errno::Stale,
        E::TIMEDOUT => Errno::Timedout,
        E::TXTBSY => Errno::Txtbsy,
        E::XDEV => Errno::Xdev,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_matches_witx() {
        assert_eq!(Errno::Success.raw(), 0);
        assert_eq!(Errno::TooBig.raw(), 1);
        assert_eq!(Errno::Badf.raw(), 8);
        assert_eq!(Errno::Inval.raw(), 28);
        assert_eq!(Errno::Loop.raw(), 32);
        assert_eq!(Errno::Mfile.raw(), 33);
        assert_eq!(Errno::Nametoolong.raw(), 37);
        assert_eq!(Errno::Noent.raw(), 44);
        assert_eq!(Errno::Nomem.raw(), 48);
        assert_eq!(Errno::Notsock.raw(), 57);
        assert_eq!(Errno::Perm.raw(), 63);
        assert_eq!(Errno::Notcapable.raw(), 76);
        for raw in 0..=76u16 {
            assert_eq!(Errno::from_raw(raw).map(Errno::raw), Some(raw));
        }
        assert_eq!(Errno::from_raw(77), None);
    }

    #[test]
    fn host_errors_map_by_meaning() {
        let cases = [
            (rustix::io::Errno::NOENT, Errno::Noent),
            (rustix::io::Errno::EXIST, Errno::Exist),
            (rustix::io::Errno::NOTDIR, Errno::Notdir),
            (rustix::io::Errno::ISDIR, Errno::Isdir),
            (rustix::io::Errno::NOTEMPTY, Errno::Notempty),
            (rustix::io::Errno::LOOP, Errno::Loop),
            (rustix::io::Errno::ACCESS, Errno::Acces),
            (rustix::io::Errno::PERM, Errno::Perm),
            (rustix::io::Errno::MFILE, Errno::Mfile),
        ];
        for (host, wasi) in cases {
            assert_eq!(Errno::from(host), wasi);
            assert_eq!(
                Errno::from(io::Error::from_raw_os_error(host.raw_os_error())),
                wasi
            );
        }
        // cap-std's escape error carries no OS code.
        let escape = io::Error::new(io::ErrorKind::PermissionDenied, "a path led outside");
        assert_eq!(Errno::from(escape), Errno::Perm);
    }
}
