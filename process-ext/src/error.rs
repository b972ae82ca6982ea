//! The crate's one error type: policy-building errors and guest traps.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong in this crate.
///
/// Two families share the type: errors from [`ProcessPolicyBuilder::build`](crate::ProcessPolicyBuilder::build)
/// (the owner's configuration is unusable) and traps from the [`abi`](crate::abi) functions (the guest passed a
/// bad pointer or has no memory). [`Error::is_trap`] tells them apart. A refused or failed *command* is never an
/// `Error`: the guest sees it as a status value and a line on the captured stderr, as the ABI requires.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An allowed bare command name was not found as an executable file in the host's PATH.
    #[error(
        "allowed command {name:?} was not found as an executable file in the host PATH ({searched})"
    )]
    CommandNotFound {
        /// The name as the owner gave it.
        name: String,
        /// The directories that were searched, joined with `:`.
        searched: String,
    },
    /// An allowed command name can never be matched or run.
    #[error("allowed command {name:?} is invalid: {reason}")]
    InvalidCommand {
        /// The name as the owner gave it (lossy UTF-8).
        name: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// An environment-variable name given to the policy is malformed.
    #[error("environment variable name {key:?} in the policy is invalid: {reason}")]
    InvalidEnvVar {
        /// The key as the owner gave it (lossy UTF-8).
        key: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The configured working directory cannot be used.
    #[error("working directory {path:?} cannot be used for commands: {source}")]
    InvalidCwd {
        /// The directory as configured.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The host's own working directory could not be read while resolving a relative command path.
    #[error("cannot read the host working directory to resolve {name:?}: {source}")]
    HostCwd {
        /// The relative command path being resolved.
        name: String,
        /// The underlying error.
        source: io::Error,
    },
    /// A numeric limit is out of its accepted range.
    #[error("policy limit `{limit}` = {value} is invalid: {reason}")]
    InvalidLimit {
        /// The builder setting.
        limit: &'static str,
        /// The rejected value.
        value: u64,
        /// The accepted range or rule.
        reason: &'static str,
    },
    /// A `--process-limit` style specification could not be parsed.
    #[error("invalid process limits `{spec}`: {reason}")]
    InvalidLimitSpec {
        /// The specification as given.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A sandbox mode name is not `auto`, `strict` or `off`.
    #[error("invalid process sandbox mode `{0}` (expected auto, strict or off)")]
    InvalidSandboxMode(String),
    /// A directory granted to commands (a `--dir` grant or a `--process-read` path) cannot be opened.
    #[error("path {path:?} granted to commands cannot be opened: {source}")]
    InvalidGrant {
        /// The path as configured.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The sandbox could not be prepared (the kernel refused to create a Landlock ruleset or to add a rule).
    #[error("the command sandbox cannot be prepared: {0}")]
    Sandbox(String),
    /// The audit log cannot be opened for appending.
    #[error("audit log {path:?} cannot be opened for appending: {source}")]
    AuditLog {
        /// The file as configured.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The host could not be made a child subreaper.
    #[error("cannot make the host a child subreaper: {0}")]
    Subreaper(io::Error),
    /// Trap: the calling instance exports no memory, but the function needs one.
    #[error("process function `{func}`: the calling instance exports no memory named \"memory\"")]
    MissingMemory {
        /// The host function (without module prefix).
        func: &'static str,
    },
    /// Trap: a guest pointer/length pair lies outside the caller's memory.
    #[error(
        "process function `{func}`: guest range at {ptr:#x} of {len} bytes is outside the {memory_len}-byte memory"
    )]
    OutOfBounds {
        /// The host function (without module prefix).
        func: &'static str,
        /// The guest pointer.
        ptr: u32,
        /// The requested length.
        len: u64,
        /// The size of the caller's memory in bytes.
        memory_len: usize,
    },
}

impl Error {
    /// True for errors that must abort the calling guest (a wasm trap), false for policy errors.
    pub fn is_trap(&self) -> bool {
        matches!(self, Self::MissingMemory { .. } | Self::OutOfBounds { .. })
    }
}

impl From<Error> for capvm_core::Error {
    /// A policy error as a host error, so that embedders can use `?` in functions returning `capvm_core::Result`.
    fn from(error: Error) -> Self {
        capvm_core::Error::host(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traps_are_told_apart_from_policy_errors() {
        let trap = Error::OutOfBounds {
            func: "add_arg",
            ptr: 0x10,
            len: 4,
            memory_len: 8,
        };
        assert!(trap.is_trap());
        assert_eq!(
            trap.to_string(),
            "process function `add_arg`: guest range at 0x10 of 4 bytes is outside the 8-byte memory"
        );
        assert!(Error::MissingMemory { func: "get_stdout" }.is_trap());
        let policy = Error::InvalidLimit {
            limit: "max_timeout_ms",
            value: 0,
            reason: "must be at least 1",
        };
        assert!(!policy.is_trap());
    }
}
