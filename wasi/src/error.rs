//! Error types: configuration errors, guest memory faults and the traps a
//! syscall can raise.

use std::path::PathBuf;

/// An error while configuring a [`WasiCtx`](crate::WasiCtx).
///
/// Syscalls never return this type: guest-visible failures are
/// [`Errno`](crate::Errno) values and traps are [`WasiTrap`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An environment variable name is empty or contains `=` or NUL.
    #[error(
        "invalid environment variable name {name:?}: names must be non-empty and contain no '=' or NUL"
    )]
    InvalidEnvKey {
        /// The rejected name, lossily decoded.
        name: String,
    },
    /// An environment variable value contains a NUL byte.
    #[error("environment variable {name:?} has a value containing NUL")]
    InvalidEnvValue {
        /// The variable's name, lossily decoded.
        name: String,
    },
    /// A program argument contains a NUL byte.
    #[error("argument {index} contains a NUL byte")]
    InvalidArg {
        /// Position of the argument (0 is the program name).
        index: usize,
    },
    /// The arguments or the environment do not fit the configured size limit.
    #[error("{what} take {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// `"arguments"` or `"environment"`.
        what: &'static str,
        /// Encoded size in bytes (strings plus terminators).
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A preopened directory could not be opened on the host.
    #[error("cannot open host directory {path:?} for preopen: {source}")]
    OpenPreopen {
        /// The host path given to the builder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A guest path for a preopen is empty or contains NUL.
    #[error("invalid guest path {guest_path:?} for preopen: must be non-empty and contain no NUL")]
    InvalidGuestPath {
        /// The rejected guest path.
        guest_path: String,
    },
    /// A preopened socket could not be prepared.
    #[error("cannot prepare preopened socket: {0}")]
    Socket(std::io::Error),
    /// Preopens and stdio do not fit the descriptor table limit.
    #[error("{needed} descriptors are needed at startup but the table limit is {limit}")]
    TableTooSmall {
        /// Descriptors needed for stdio and preopens.
        needed: usize,
        /// The configured table limit.
        limit: usize,
    },
}

/// Why a guest pointer could not be used. Each of these becomes a trap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GuestFault {
    /// `ptr..ptr+len` does not lie within guest memory.
    #[error(
        "out of bounds guest memory access: {len} bytes at {ptr:#x} (memory is {mem_len} bytes)"
    )]
    OutOfBounds {
        /// Guest address.
        ptr: u32,
        /// Length of the access in bytes.
        len: u64,
        /// Size of guest memory in bytes.
        mem_len: usize,
    },
    /// `ptr` is not a multiple of the accessed type's alignment.
    #[error("misaligned guest pointer {ptr:#x}: {align}-byte alignment required")]
    Misaligned {
        /// Guest address.
        ptr: u32,
        /// Required alignment in bytes.
        align: u32,
    },
    /// A size computed from guest values overflowed.
    #[error("guest size overflow: {count} elements of {elem_size} bytes at {ptr:#x}")]
    Overflow {
        /// Guest address.
        ptr: u32,
        /// Element count.
        count: u64,
        /// Size of one element.
        elem_size: u64,
    },
}

/// Exit status passed to `proc_exit`, carried to the embedder as an error
/// value (the embedder downcasts to this type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("guest exited with status {0}")]
pub struct I32Exit(pub i32);

/// A syscall outcome that is not an errno: the guest must stop running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WasiTrap {
    /// A guest pointer was out of bounds, misaligned or overflowing.
    #[error("WASI call faulted: {0}")]
    Fault(#[from] GuestFault),
    /// The guest called `proc_exit` with this status.
    #[error("{}", I32Exit(*.0))]
    Exit(i32),
}

impl WasiTrap {
    /// The exit status if this trap is a `proc_exit`.
    pub fn exit_status(&self) -> Option<i32> {
        match self {
            WasiTrap::Exit(code) => Some(*code),
            WasiTrap::Fault(_) => None,
        }
    }
}

impl From<I32Exit> for WasiTrap {
    fn from(exit: I32Exit) -> Self {
        WasiTrap::Exit(exit.0)
    }
}

impl From<Error> for capvm_core::Error {
    /// A configuration error as a host error, so that embedders can use `?` in functions returning
    /// `capvm_core::Result`.
    fn from(error: Error) -> Self {
        capvm_core::Error::host(error)
    }
}
