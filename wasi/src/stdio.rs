//! Standard input, output and error: inherited from the host or in memory.

use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::errno::Errno;
use crate::types::filetype;

/// A capturing sink for a guest's stdout or stderr, with a byte cap.
///
/// Clones share the same buffer: give one clone to
/// [`WasiCtxBuilder::stdout`](crate::WasiCtxBuilder::stdout) and keep another
/// to read what the guest wrote after the run. Once `capacity` bytes are
/// stored, writes are cut short and then fail with `nospc`, and
/// [`is_truncated`](Self::is_truncated) reports it.
#[derive(Clone, Debug)]
pub struct OutputBuffer {
    inner: Arc<Mutex<OutputInner>>,
}

#[derive(Debug)]
struct OutputInner {
    data: Vec<u8>,
    capacity: usize,
    truncated: bool,
}

impl OutputBuffer {
    /// Creates an empty buffer that stores at most `capacity` bytes.
    pub fn new(capacity: usize) -> Self {
        OutputBuffer {
            inner: Arc::new(Mutex::new(OutputInner {
                data: Vec::new(),
                capacity,
                truncated: false,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, OutputInner> {
        // A poisoned lock only means another thread panicked while holding
        // it; the byte vector is still valid.
        self.inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// A copy of everything captured so far.
    pub fn contents(&self) -> Vec<u8> {
        self.lock().data.clone()
    }

    /// Takes the captured bytes, leaving the buffer empty.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.lock().data)
    }

    /// Number of bytes captured.
    pub fn len(&self) -> usize {
        self.lock().data.len()
    }

    /// Whether nothing has been captured.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The byte cap given at creation.
    pub fn capacity(&self) -> usize {
        self.lock().capacity
    }

    /// Whether the guest tried to write more than the cap allows.
    pub fn is_truncated(&self) -> bool {
        self.lock().truncated
    }

    /// Bytes that can still be stored.
    pub(crate) fn remaining(&self) -> usize {
        let inner = self.lock();
        inner.capacity.saturating_sub(inner.data.len())
    }

    /// Appends as much of `bufs` as fits; `nospc` if nothing fits.
    pub(crate) fn write(&self, bufs: &[&[u8]]) -> Result<usize, Errno> {
        let mut inner = self.lock();
        let mut written = 0usize;
        for buf in bufs {
            let room = inner.capacity.saturating_sub(inner.data.len());
            let take = buf.len().min(room);
            inner.data.extend_from_slice(&buf[..take]);
            written += take;
            if take < buf.len() {
                inner.truncated = true;
                break;
            }
        }
        if written == 0 && bufs.iter().any(|b| !b.is_empty()) {
            return Err(Errno::Nospc);
        }
        Ok(written)
    }
}

/// Where the guest's stdin comes from.
#[derive(Debug)]
pub(crate) enum StdinSource {
    /// Always at end of file.
    Empty,
    /// Fixed bytes given by the embedder.
    Bytes { data: Vec<u8>, pos: usize },
    /// The host process's stdin.
    Inherit,
}

/// Where the guest's stdout or stderr goes.
#[derive(Debug, Clone)]
pub(crate) enum OutputSink {
    /// Accepted and dropped.
    Discard,
    /// Captured in memory.
    Buffer(OutputBuffer),
    /// The host process's stdout.
    InheritStdout,
    /// The host process's stderr.
    InheritStderr,
}

impl StdinSource {
    /// Reads into `buf`; 0 means end of file.
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> Result<usize, Errno> {
        match self {
            StdinSource::Empty => Ok(0),
            StdinSource::Bytes { data, pos } => {
                let rest = data.get(*pos..).unwrap_or(&[]);
                let n = rest.len().min(buf.len());
                buf[..n].copy_from_slice(&rest[..n]);
                *pos += n;
                Ok(n)
            }
            StdinSource::Inherit => Ok(std::io::stdin().read(buf)?),
        }
    }

    /// Bytes available without blocking, for in-memory sources.
    pub(crate) fn buffered(&self) -> Option<u64> {
        match self {
            StdinSource::Empty => Some(0),
            StdinSource::Bytes { data, pos } => {
                Some(u64::try_from(data.len().saturating_sub(*pos)).unwrap_or(u64::MAX))
            }
            StdinSource::Inherit => None,
        }
    }

    /// The filetype the guest sees.
    pub(crate) fn filetype(&self) -> u8 {
        match self {
            StdinSource::Inherit if rustix::termios::isatty(std::io::stdin().as_fd()) => {
                filetype::CHARACTER_DEVICE
            }
            _ => filetype::UNKNOWN,
        }
    }
}

impl OutputSink {
    /// Writes all of `bufs` (or what the sink accepts).
    pub(crate) fn write(&self, bufs: &[&[u8]]) -> Result<usize, Errno> {
        fn write_all(mut out: impl Write, bufs: &[&[u8]]) -> Result<usize, Errno> {
            let mut total = 0usize;
            for buf in bufs {
                out.write_all(buf)?;
                total += buf.len();
            }
            out.flush()?;
            Ok(total)
        }
        match self {
            OutputSink::Discard => Ok(bufs.iter().map(|b| b.len()).sum()),
            OutputSink::Buffer(buffer) => buffer.write(bufs),
            OutputSink::InheritStdout => write_all(std::io::stdout().lock(), bufs),
            OutputSink::InheritStderr => write_all(std::io::stderr().lock(), bufs),
        }
    }

    /// Bytes that can be written without blocking, for in-memory sinks.
    pub(crate) fn writable(&self) -> Option<u64> {
        match self {
            OutputSink::Discard => Some(u64::from(u32::MAX)),
            OutputSink::Buffer(buffer) => {
                Some(u64::try_from(buffer.remaining()).unwrap_or(u64::MAX))
            }
            OutputSink::InheritStdout | OutputSink::InheritStderr => None,
        }
    }

    /// The filetype the guest sees.
    pub(crate) fn filetype(&self) -> u8 {
        let tty = match self {
            OutputSink::InheritStdout => rustix::termios::isatty(std::io::stdout().as_fd()),
            OutputSink::InheritStderr => rustix::termios::isatty(std::io::stderr().as_fd()),
            OutputSink::Discard | OutputSink::Buffer(_) => false,
        };
        if tty {
            filetype::CHARACTER_DEVICE
        } else {
            filetype::UNKNOWN
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_buffer_caps_and_shares() {
        let out = OutputBuffer::new(5);
        let keep = out.clone();
        assert_eq!(out.write(&[b"abc", b"de"]), Ok(5));
        assert!(!keep.is_truncated());
        assert_eq!(out.write(&[b"x"]), Err(Errno::Nospc));
        assert!(keep.is_truncated());
        assert_eq!(keep.contents(), b"abcde");
        assert_eq!(keep.take(), b"abcde");
        assert!(keep.is_empty());
        assert_eq!(
            out.write(&[b"0123456"]),
            Ok(5),
            "partial write up to the cap"
        );
        assert_eq!(out.write(&[]), Ok(0));
    }

    #[test]
    fn stdin_bytes_are_consumed() {
        let mut src = StdinSource::Bytes {
            data: b"hello".to_vec(),
            pos: 0,
        };
        let mut buf = [0u8; 3];
        assert_eq!(src.read(&mut buf), Ok(3));
        assert_eq!(&buf, b"hel");
        assert_eq!(src.buffered(), Some(2));
        assert_eq!(src.read(&mut buf), Ok(2));
        assert_eq!(src.read(&mut buf), Ok(0));
        assert_eq!(StdinSource::Empty.read(&mut buf), Ok(0));
    }
}
