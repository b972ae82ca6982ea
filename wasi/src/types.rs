//! The preview1 ABI types: flag and enum values from `typenames.witx`, and
//! the byte layouts of the records the syscalls exchange with the guest.
//!
//! Layouts follow the static asserts in wasi-libc's `wasi/api.h`: iovec 8,
//! prestat 8, fdstat 24, dirent 24 (`d_type` at 20, then 3 zero padding
//! bytes), event 32, subscription 48, filestat 64.

/// `filetype` values.
pub(crate) mod filetype {
    pub(crate) const UNKNOWN: u8 = 0;
    pub(crate) const BLOCK_DEVICE: u8 = 1;
    pub(crate) const CHARACTER_DEVICE: u8 = 2;
    pub(crate) const DIRECTORY: u8 = 3;
    pub(crate) const REGULAR_FILE: u8 = 4;
    pub(crate) const SOCKET_STREAM: u8 = 6;
    pub(crate) const SYMBOLIC_LINK: u8 = 7;
}

/// `rights` bits (witx order).
pub(crate) mod rights {
    pub(crate) const FD_DATASYNC: u64 = 1 << 0;
    pub(crate) const FD_READ: u64 = 1 << 1;
    pub(crate) const FD_SEEK: u64 = 1 << 2;
    pub(crate) const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub(crate) const FD_SYNC: u64 = 1 << 4;
    pub(crate) const FD_TELL: u64 = 1 << 5;
    pub(crate) const FD_WRITE: u64 = 1 << 6;
    pub(crate) const FD_ADVISE: u64 = 1 << 7;
    pub(crate) const FD_ALLOCATE: u64 = 1 << 8;
    pub(crate) const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub(crate) const PATH_CREATE_FILE: u64 = 1 << 10;
    pub(crate) const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub(crate) const PATH_LINK_TARGET: u64 = 1 << 12;
    pub(crate) const PATH_OPEN: u64 = 1 << 13;
    pub(crate) const FD_READDIR: u64 = 1 << 14;
    pub(crate) const PATH_READLINK: u64 = 1 << 15;
    pub(crate) const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub(crate) const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub(crate) const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub(crate) const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub(crate) const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub(crate) const FD_FILESTAT_GET: u64 = 1 << 21;
    pub(crate) const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub(crate) const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub(crate) const PATH_SYMLINK: u64 = 1 << 24;
    pub(crate) const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub(crate) const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub(crate) const POLL_FD_READWRITE: u64 = 1 << 27;
    pub(crate) const SOCK_SHUTDOWN: u64 = 1 << 28;
    pub(crate) const SOCK_ACCEPT: u64 = 1 << 29;
    /// Every defined right.
    pub(crate) const ALL: u64 = (1 << 30) - 1;
}

/// `fdflags` bits.
pub(crate) mod fdflags {
    pub(crate) const APPEND: u16 = 1 << 0;
    pub(crate) const DSYNC: u16 = 1 << 1;
    pub(crate) const NONBLOCK: u16 = 1 << 2;
    pub(crate) const RSYNC: u16 = 1 << 3;
    pub(crate) const SYNC: u16 = 1 << 4;
    pub(crate) const ALL: u16 = (1 << 5) - 1;
    /// The synchronisation flags this implementation does not support.
    pub(crate) const ANY_SYNC: u16 = DSYNC | RSYNC | SYNC;
}

/// `oflags` bits.
pub(crate) mod oflags {
    pub(crate) const CREAT: u16 = 1 << 0;
    pub(crate) const DIRECTORY: u16 = 1 << 1;
    pub(crate) const EXCL: u16 = 1 << 2;
    pub(crate) const TRUNC: u16 = 1 << 3;
    pub(crate) const ALL: u16 = (1 << 4) - 1;
}

/// `lookupflags` bits.
pub(crate) mod lookupflags {
    pub(crate) const SYMLINK_FOLLOW: u32 = 1 << 0;
    pub(crate) const ALL: u32 = SYMLINK_FOLLOW;
}

/// `fstflags` bits.
pub(crate) mod fstflags {
    pub(crate) const ATIM: u16 = 1 << 0;
    pub(crate) const ATIM_NOW: u16 = 1 << 1;
    pub(crate) const MTIM: u16 = 1 << 2;
    pub(crate) const MTIM_NOW: u16 = 1 << 3;
    pub(crate) const ALL: u16 = (1 << 4) - 1;
}

/// `whence` values.
pub(crate) mod whence {
    pub(crate) const SET: u8 = 0;
    pub(crate) const CUR: u8 = 1;
    pub(crate) const END: u8 = 2;
}

/// `clockid` values.
pub(crate) mod clockid {
    pub(crate) const REALTIME: u32 = 0;
    pub(crate) const MONOTONIC: u32 = 1;
}

/// `eventtype` values.
pub(crate) mod eventtype {
    pub(crate) const CLOCK: u8 = 0;
    pub(crate) const FD_READ: u8 = 1;
    pub(crate) const FD_WRITE: u8 = 2;
}

/// `subclockflags` bits.
pub(crate) mod subclockflags {
    pub(crate) const ABSTIME: u16 = 1 << 0;
}

/// `eventrwflags` bits.
pub(crate) mod eventrwflags {
    pub(crate) const HANGUP: u16 = 1 << 0;
}

/// `riflags`, `roflags` and `sdflags` bits.
pub(crate) mod sockflags {
    pub(crate) const RECV_PEEK: u16 = 1 << 0;
    pub(crate) const RECV_WAITALL: u16 = 1 << 1;
    pub(crate) const SHUT_RD: u8 = 1 << 0;
    pub(crate) const SHUT_WR: u8 = 1 << 1;
}

/// Sizes and alignments of guest records.
pub(crate) mod layout {
    pub(crate) const FDSTAT_SIZE: usize = 24;
    pub(crate) const FILESTAT_SIZE: usize = 64;
    pub(crate) const PRESTAT_SIZE: usize = 8;
    pub(crate) const DIRENT_SIZE: usize = 24;
    pub(crate) const EVENT_SIZE: usize = 32;
    pub(crate) const SUBSCRIPTION_SIZE: usize = 48;
}

/// `filestat`: what `fd_filestat_get` and `path_filestat_get` return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Filestat {
    pub(crate) dev: u64,
    pub(crate) ino: u64,
    pub(crate) filetype: u8,
    pub(crate) nlink: u64,
    pub(crate) size: u64,
    pub(crate) atim: u64,
    pub(crate) mtim: u64,
    pub(crate) ctim: u64,
}

impl Filestat {
    /// Encodes the 64-byte record (padding after `filetype` is zero).
    pub(crate) fn encode(&self) -> [u8; layout::FILESTAT_SIZE] {
        let mut out = [0u8; layout::FILESTAT_SIZE];
        out[0..8].copy_from_slice(&self.dev.to_le_bytes());
        out[8..16].copy_from_slice(&self.ino.to_le_bytes());
        out[16] = self.filetype;
        out[24..32].copy_from_slice(&self.nlink.to_le_bytes());
        out[32..40].copy_from_slice(&self.size.to_le_bytes());
        out[40..48].copy_from_slice(&self.atim.to_le_bytes());
        out[48..56].copy_from_slice(&self.mtim.to_le_bytes());
        out[56..64].copy_from_slice(&self.ctim.to_le_bytes());
        out
    }
}

/// `fdstat`: what `fd_fdstat_get` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fdstat {
    pub(crate) filetype: u8,
    pub(crate) flags: u16,
    pub(crate) rights_base: u64,
    pub(crate) rights_inheriting: u64,
}

impl Fdstat {
    /// Encodes the 24-byte record.
    pub(crate) fn encode(&self) -> [u8; layout::FDSTAT_SIZE] {
        let mut out = [0u8; layout::FDSTAT_SIZE];
        out[0] = self.filetype;
        out[2..4].copy_from_slice(&self.flags.to_le_bytes());
        out[8..16].copy_from_slice(&self.rights_base.to_le_bytes());
        out[16..24].copy_from_slice(&self.rights_inheriting.to_le_bytes());
        out
    }
}

/// Encodes a `prestat` for a directory whose guest name is `name_len` bytes.
pub(crate) fn encode_prestat_dir(name_len: u32) -> [u8; layout::PRESTAT_SIZE] {
    let mut out = [0u8; layout::PRESTAT_SIZE];
    // tag 0 = preopentype::dir
    out[4..8].copy_from_slice(&name_len.to_le_bytes());
    out
}

/// Encodes a `dirent` header; the name follows it in the buffer.
pub(crate) fn encode_dirent(
    d_next: u64,
    d_ino: u64,
    d_namlen: u32,
    d_type: u8,
) -> [u8; layout::DIRENT_SIZE] {
    let mut out = [0u8; layout::DIRENT_SIZE];
    out[0..8].copy_from_slice(&d_next.to_le_bytes());
    out[8..16].copy_from_slice(&d_ino.to_le_bytes());
    out[16..20].copy_from_slice(&d_namlen.to_le_bytes());
    out[20] = d_type;
    out
}

/// An `event` written by `poll_oneoff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Event {
    pub(crate) userdata: u64,
    pub(crate) error: u16,
    pub(crate) kind: u8,
    pub(crate) nbytes: u64,
    pub(crate) flags: u16,
}

impl Event {
    /// Encodes the 32-byte record (all padding zero).
    pub(crate) fn encode(&self) -> [u8; layout::EVENT_SIZE] {
        let mut out = [0u8; layout::EVENT_SIZE];
        out[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        out[8..10].copy_from_slice(&self.error.to_le_bytes());
        out[10] = self.kind;
        out[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        out[24..26].copy_from_slice(&self.flags.to_le_bytes());
        out
    }
}

/// The decoded body of a `subscription`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubscriptionKind {
    /// Wait for a clock.
    Clock { id: u32, timeout: u64, flags: u16 },
    /// Wait until `fd` is readable.
    FdRead(u32),
    /// Wait until `fd` is writable.
    FdWrite(u32),
    /// An event type this implementation does not know.
    Unknown(u8),
}

/// A decoded `subscription`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Subscription {
    pub(crate) userdata: u64,
    pub(crate) kind: SubscriptionKind,
}

fn le_u64(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(buf)
}

fn le_u32(bytes: &[u8]) -> u32 {
    let mut buf = [0u8; 4];
    buf.copy_from_slice(&bytes[..4]);
    u32::from_le_bytes(buf)
}

fn le_u16(bytes: &[u8]) -> u16 {
    let mut buf = [0u8; 2];
    buf.copy_from_slice(&bytes[..2]);
    u16::from_le_bytes(buf)
}

impl Subscription {
    /// Decodes the 48-byte record.
    pub(crate) fn decode(raw: &[u8; layout::SUBSCRIPTION_SIZE]) -> Self {
        let userdata = le_u64(&raw[0..]);
        let tag = raw[8];
        let kind = match tag {
            eventtype::CLOCK => SubscriptionKind::Clock {
                id: le_u32(&raw[16..]),
                timeout: le_u64(&raw[24..]),
                flags: le_u16(&raw[40..]),
            },
            eventtype::FD_READ => SubscriptionKind::FdRead(le_u32(&raw[16..])),
            eventtype::FD_WRITE => SubscriptionKind::FdWrite(le_u32(&raw[16..])),
            other => SubscriptionKind::Unknown(other),
        };
        Subscription { userdata, kind }
    }
}

/// Converts seconds and nanoseconds since the epoch into a WASI timestamp.
/// Times before 1970 are clamped to 0; times past year 2554 saturate.
pub(crate) fn timestamp(secs: i64, nsecs: i64) -> u64 {
    let Ok(secs) = u64::try_from(secs) else {
        return 0;
    };
    let nsecs = u64::try_from(nsecs.clamp(0, 999_999_999)).unwrap_or(0);
    secs.checked_mul(1_000_000_000)
        .and_then(|ns| ns.checked_add(nsecs))
        .unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_have_libc_layout() {
        let st = Filestat {
            dev: 1,
            ino: 2,
            filetype: filetype::REGULAR_FILE,
            nlink: 3,
            size: 4,
            atim: 5,
            mtim: 6,
            ctim: 7,
        }
        .encode();
        assert_eq!(st.len(), 64);
        assert_eq!(st[16], 4);
        assert_eq!(&st[17..24], &[0; 7]);
        assert_eq!(st[24], 3);
        assert_eq!(st[56], 7);

        let fd = Fdstat {
            filetype: 3,
            flags: 0x11,
            rights_base: 0xff,
            rights_inheriting: 0x100,
        }
        .encode();
        assert_eq!((fd[0], fd[1], fd[2], fd[8], fd[17]), (3, 0, 0x11, 0xff, 1));

        let d = encode_dirent(9, 10, 4, 7);
        assert_eq!((d[0], d[8], d[16], d[20]), (9, 10, 4, 7));
        assert_eq!(&d[21..24], &[0, 0, 0]);

        assert_eq!(encode_prestat_dir(5), [0, 0, 0, 0, 5, 0, 0, 0]);

        let ev = Event {
            userdata: 0xaa,
            error: 8,
            kind: 2,
            nbytes: 0x1234,
            flags: 1,
        }
        .encode();
        assert_eq!(
            (ev[0], ev[8], ev[10], ev[16], ev[17], ev[24]),
            (0xaa, 8, 2, 0x34, 0x12, 1)
        );
        assert_eq!(&ev[26..32], &[0; 6]);
    }

    #[test]
    fn subscriptions_decode() {
        let mut raw = [0u8; 48];
        raw[0..8].copy_from_slice(&42u64.to_le_bytes());
        raw[8] = eventtype::CLOCK;
        raw[16..20].copy_from_slice(&1u32.to_le_bytes());
        raw[24..32].copy_from_slice(&1_000u64.to_le_bytes());
        raw[40..42].copy_from_slice(&1u16.to_le_bytes());
        assert_eq!(
            Subscription::decode(&raw),
            Subscription {
                userdata: 42,
                kind: SubscriptionKind::Clock {
                    id: 1,
                    timeout: 1_000,
                    flags: 1
                }
            }
        );
        raw[8] = eventtype::FD_WRITE;
        assert_eq!(
            Subscription::decode(&raw).kind,
            SubscriptionKind::FdWrite(1)
        );
        raw[8] = 9;
        assert_eq!(
            Subscription::decode(&raw).kind,
            SubscriptionKind::Unknown(9)
        );
    }

    #[test]
    fn timestamps_clamp() {
        assert_eq!(timestamp(-5, 0), 0);
        assert_eq!(timestamp(1, 5), 1_000_000_005);
        assert_eq!(timestamp(i64::MAX, 0), u64::MAX);
    }
}
