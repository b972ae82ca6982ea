//! How failures are reported: a message naming the file, and an exit code.

use core::fmt;
use std::path::Path;
use std::process::ExitCode;

use capvm_core::{Error, ErrorKind};

/// Exit code after a trap, as a process killed by SIGABRT (128 + 6), like wasmtime.
const TRAP_EXIT: u8 = 134;
/// Exit code when the `--timeout` passed (as GNU `timeout`).
const TIMEOUT_EXIT: u8 = 124;
/// Exit code when the guest ran out of `--fuel`.
const OUT_OF_FUEL_EXIT: u8 = 125;

/// Why `capvm run` failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command line or the set-up was wrong (bad flag value, unreadable file, ...).
    Setup(String),
    /// The command line could not be parsed (exit status 2, as clap's own errors).
    Usage(String),
    /// The module could not be compiled or instantiated.
    Module { file: String, message: String },
    /// The guest trapped or a host function failed while it ran.
    Trap { file: String, error: Error },
    /// A WebAssembly exception left the guest: the values it carries, each as `type value`.
    Exception { file: String, values: Vec<String> },
    /// The guest called `proc_exit` with a status a process cannot report (above 255).
    ExitStatus { file: String, status: u32 },
    /// The guest used up its `--fuel`.
    OutOfFuel {
        file: String,
        fuel: u64,
        error: Error,
    },
    /// The guest ran past its `--timeout`.
    TimedOut {
        file: String,
        timeout: std::time::Duration,
        error: Error,
    },
}

impl Failure {
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Self::Setup(_) | Self::Module { .. } | Self::ExitStatus { .. } => ExitCode::FAILURE,
            Self::Usage(_) => ExitCode::from(2),
            Self::Trap { .. } | Self::Exception { .. } => ExitCode::from(TRAP_EXIT),
            Self::OutOfFuel { .. } => ExitCode::from(OUT_OF_FUEL_EXIT),
            Self::TimedOut { .. } => ExitCode::from(TIMEOUT_EXIT),
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
            Self::Setup(message) | Self::Usage(message) => write!(f, "error: {message}"),
            Self::Module { file, message } => write!(f, "error: `{file}` {message}"),
            Self::Trap { file, error } => {
                write!(f, "error: `{file}` failed: {error}")?;
                write_backtrace(f, error)
            }
            Self::Exception { file, values } => {
                write!(f, "error: `{file}` failed: uncaught WebAssembly exception")?;
                if !values.is_empty() {
                    write!(f, " carrying ({})", values.join(", "))?;
                }
                Ok(())
            }
            Self::OutOfFuel { file, fuel, error } => {
                write!(
                    f,
                    "error: `{file}` ran out of fuel: all {fuel} units consumed (--fuel)"
                )?;
                write_backtrace(f, error)
            }
            Self::TimedOut {
                file,
                timeout,
                error,
            } => {
                write!(f, "error: `{file}` timed out after {timeout:?} (--timeout)")?;
                write_backtrace(f, error)
            }
            Self::ExitStatus { file, status } => write!(
                f,
                "error: `{file}` exited with status {status}, which a process cannot report (0..=255)"
            ),
        }
    }
}

/// How many innermost and outermost frames a trap report shows.
const SHOWN_INNERMOST: usize = 10;
const SHOWN_OUTERMOST: usize = 10;

/// Writes `error`'s wasm backtrace, if it has one: at most about 20 frames, saying how many were left out.
fn write_backtrace(f: &mut fmt::Formatter<'_>, error: &Error) -> fmt::Result {
    let Some(backtrace) = error.backtrace() else {
        return Ok(());
    };
    f.write_str("\nwasm backtrace:")?;
    let total = backtrace.total();
    let mut next = 0;
    for (depth, frame) in backtrace.frames_with_depth() {
        if depth >= SHOWN_INNERMOST && depth + SHOWN_OUTERMOST < total {
            continue;
        }
        if depth != next {
            write!(f, "\n  ... {} frames omitted", depth - next)?;
        }
        write!(f, "\n  {depth:>3}: ")?;
        if let Some(module) = frame.module_name() {
            write!(f, "{module}!")?;
        }
        match frame.func_name() {
            // Rust and C++ guests carry mangled names; show them readably.
            Some(name) => write!(f, "{:#}", rustc_demangle::demangle(name))?,
            None => write!(f, "<wasm function {}>", frame.func_index())?,
        }
        // The module byte offset of the trapping instruction (or of the call a caller waits in), as wasmtime.
        if let Some(offset) = frame.module_offset() {
            write!(f, "+{offset:#x}")?;
        }
        next = depth + 1;
    }
    Ok(())
}
