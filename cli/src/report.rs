//! How failures are reported: a message naming the file, and an exit code.

use core::fmt;
use std::path::Path;
use std::process::ExitCode;

use vm_core::{Error, ErrorKind};

/// Exit code after a trap, as a process killed by SIGABRT (128 + 6), like wasmtime.
const TRAP_EXIT: u8 = 134;

/// Why `capvm run` failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command line or the set-up was wrong (bad flag value, unreadable file, ...).
    Setup(String),
    /// The module could not be compiled or instantiated.
    Module { file: String, message: String },
    /// The guest trapped or a host function failed while it ran.
    Trap { file: String, error: Error },
    /// The guest called `proc_exit` with a status a process cannot report (above 255).
    ExitStatus { file: String, status: u32 },
}

impl Failure {
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Self::Setup(_) | Self::Module { .. } | Self::ExitStatus { .. } => ExitCode::FAILURE,
            Self::Trap { .. } => ExitCode::from(TRAP_EXIT),
        }
    }

    /// A compile or link error, explained for a user.
    pub(crate) fn module(file: &Path, error: &Error) -> Self {
        let file = file.display().to_string();
        let message = match error.kind() {
            ErrorKind::Invalid { message, offset } => {
                format!("failed to validate: {message} (at offset {offset:#x})")
            }
            // The text parser does not know the file's name.
            ErrorKind::Wat(message) => format!(
                "failed to parse the WebAssembly text: {}",
                message.replace("<anon>", &file)
            ),
            ErrorKind::Unsupported(message) => format!("uses an unsupported feature: {message}"),
            ErrorKind::Link(message) => format!("failed to link: {message}"),
            ErrorKind::Trap(code) => format!("failed to instantiate: wasm trap: {code}"),
            _ => format!("failed to instantiate: {error}"),
        };
        Self::Module { file, message }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Setup(message) => write!(f, "error: {message}"),
            Self::Module { file, message } => write!(f, "error: `{file}` {message}"),
            Self::Trap { file, error } => {
                write!(f, "error: `{file}` failed: {error}")?;
                if let Some(backtrace) = error.backtrace() {
                    f.write_str("\nwasm backtrace:")?;
                    for (i, frame) in backtrace.frames().iter().enumerate() {
                        write!(f, "\n  {i:>3}: ")?;
                        if let Some(module) = &frame.module_name {
                            write!(f, "{module}!")?;
                        }
                        match &frame.func_name {
                            // Rust and C++ guests carry mangled names; show them readably.
                            Some(name) => write!(f, "{:#}", rustc_demangle::demangle(name))?,
                            None => write!(f, "<wasm function {}>", frame.func_index)?,
                        }
                    }
                }
                Ok(())
            }
            Self::ExitStatus { file, status } => write!(
                f,
                "error: `{file}` exited with status {status}, which a process cannot report (0..=255)"
            ),
        }
    }
}
