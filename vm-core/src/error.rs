//! The crate's one error type.

use core::fmt;
use std::error::Error as StdError;
use std::sync::Arc;

use crate::trap::TrapCode;

/// A specialized [`Result`](core::result::Result) for vm-core operations.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Any error vm-core can report: a module that does not decode or validate, a failed link, a trap during
/// execution, a misuse of the embedding API, or an error raised by a host function.
///
/// The error is one pointer wide; inspect it with [`Error::kind`], [`Error::trap_code`] or
/// [`Error::downcast_ref`].
pub struct Error {
    inner: Box<ErrorInner>,
}

struct ErrorInner {
    kind: ErrorKind,
    backtrace: Option<WasmBacktrace>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not a valid WebAssembly module: they failed to decode or to validate.
    Invalid {
        /// What is wrong.
        message: String,
        /// The byte offset in the module where the problem was found.
        offset: usize,
    },
    /// The module is valid but uses something this engine does not support (yet).
    Unsupported(String),
    /// The WebAssembly text format could not be parsed.
    Wat(String),
    /// Instantiation failed because an import is missing or has the wrong type.
    Link(String),
    /// Execution trapped.
    Trap(TrapCode),
    /// An embedder-set resource limit was exceeded.
    Limit(String),
    /// The embedding API was used incorrectly: wrong store, wrong arity or types, missing export, ...
    Usage(String),
    /// A host function returned an error.
    Host(Box<dyn StdError + Send + Sync + 'static>),
    /// [`Module::deserialize`](crate::Module::deserialize) refused the bytes: they are not a serialized module,
    /// were written by another capvm version or for another engine configuration, are damaged, or fail
    /// verification. The message says which.
    Deserialize(String),
}

/// One frame of a WebAssembly backtrace. Names are shared with the module, so a frame costs the same whatever
/// their length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    module_name: Option<Arc<str>>,
    func_index: u32,
    func_name: Option<Arc<str>>,
    code_offset: Option<u32>,
}

impl FrameInfo {
    pub(crate) fn new(
        module_name: Option<Arc<str>>,
        func_index: u32,
        func_name: Option<Arc<str>>,
        code_offset: Option<u32>,
    ) -> Self {
        Self {
            module_name,
            func_index,
            func_name,
            code_offset,
        }
    }

    /// The module's name from its name section, if any.
    pub fn module_name(&self) -> Option<&str> {
        self.module_name.as_deref()
    }

    /// The function's index in its module's function index space.
    pub fn func_index(&self) -> u32 {
        self.func_index
    }

    /// The function's name from the module's name section, if any.
    pub fn func_name(&self) -> Option<&str> {
        self.func_name.as_deref()
    }

    /// The byte offset in the module's binary of the instruction the frame stopped at (the trapping instruction,
    /// or the call a caller waits in), if known.
    pub fn module_offset(&self) -> Option<u32> {
        self.code_offset
    }
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(module) = &self.module_name {
            write!(f, "{module}!")?;
        }
        match &self.func_name {
            Some(name) => f.write_str(name)?,
            None => write!(f, "<wasm function {}>", self.func_index)?,
        }
        match self.code_offset {
            Some(offset) => write!(f, "+{offset:#x}"),
            None => Ok(()),
        }
    }
}

/// The WebAssembly call stack at the point where a trap or host error happened, innermost frame first.
///
/// A deep stack keeps its [`INNERMOST`](Self::INNERMOST) innermost and [`OUTERMOST`](Self::OUTERMOST)
/// outermost frames and counts the ones between ([`omitted`](Self::omitted)), so a backtrace costs bounded
/// memory however deep the guest recursed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WasmBacktrace {
    frames: Vec<FrameInfo>,
    omitted: usize,
}

impl WasmBacktrace {
    /// How many innermost frames a backtrace keeps.
    pub const INNERMOST: usize = 64;
    /// How many outermost frames a backtrace keeps.
    pub const OUTERMOST: usize = 16;

    /// A backtrace of `total` frames, of which `frame(i)` makes the `i`-th (innermost first); only the kept
    /// frames are made.
    pub(crate) fn collect(total: usize, mut frame: impl FnMut(usize) -> FrameInfo) -> Self {
        if total <= Self::INNERMOST + Self::OUTERMOST {
            return Self {
                frames: (0..total).map(frame).collect(),
                omitted: 0,
            };
        }
        let kept = (0..Self::INNERMOST).chain(total - Self::OUTERMOST..total);
        Self {
            frames: kept.map(&mut frame).collect(),
            omitted: total - Self::INNERMOST - Self::OUTERMOST,
        }
    }

    /// The kept frames, innermost first. When frames were omitted, they were between the first
    /// [`INNERMOST`](Self::INNERMOST) and the rest.
    pub fn frames(&self) -> &[FrameInfo] {
        &self.frames
    }

    /// The kept frames with their depth in the whole stack (0 is the innermost), innermost first; where frames
    /// were left out, the depths jump.
    pub fn frames_with_depth(&self) -> impl Iterator<Item = (usize, &FrameInfo)> + '_ {
        self.frames.iter().enumerate().map(|(i, frame)| {
            let depth = if i >= Self::INNERMOST {
                i + self.omitted
            } else {
                i
            };
            (depth, frame)
        })
    }

    /// How many frames were left out in the middle of a deep stack.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The number of frames of the whole stack.
    pub fn total(&self) -> usize {
        self.frames.len() + self.omitted
    }
}

impl fmt::Display for WasmBacktrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut next = 0;
        for (depth, frame) in self.frames_with_depth() {
            if depth != next {
                writeln!(f, "  ... {} frames omitted", depth - next)?;
            }
            writeln!(f, "  {depth:>3}: {frame}")?;
            next = depth + 1;
        }
        Ok(())
    }
}

impl Error {
    pub(crate) fn from_kind(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(ErrorInner {
                kind,
                backtrace: None,
            }),
        }
    }

    /// An error raised by a host function, with a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self::host(HostMessage(message.into()))
    }

    /// An error raised by a host function, carrying a value the embedder can get back with
    /// [`Error::downcast_ref`] (for example WASI's exit status).
    pub fn host<E: StdError + Send + Sync + 'static>(error: E) -> Self {
        Self::from_kind(ErrorKind::Host(Box::new(error)))
    }

    /// A trap with the given code.
    pub fn trap(code: TrapCode) -> Self {
        Self::from_kind(ErrorKind::Trap(code))
    }

    pub(crate) fn invalid(message: impl Into<String>, offset: usize) -> Self {
        Self::from_kind(ErrorKind::Invalid {
            message: message.into(),
            offset,
        })
    }

    pub(crate) fn unsupported(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::Unsupported(message.into()))
    }

    pub(crate) fn link(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::Link(message.into()))
    }

    pub(crate) fn limit(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::Limit(message.into()))
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::Usage(message.into()))
    }

    pub(crate) fn deserialize(message: impl Into<String>) -> Self {
        Self::from_kind(ErrorKind::Deserialize(message.into()))
    }

    pub(crate) fn with_backtrace(mut self, backtrace: WasmBacktrace) -> Self {
        if self.inner.backtrace.is_none() {
            self.inner.backtrace = Some(backtrace);
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The trap code, if this error is a trap.
    pub fn trap_code(&self) -> Option<TrapCode> {
        match self.inner.kind {
            ErrorKind::Trap(code) => Some(code),
            _ => None,
        }
    }

    /// The WebAssembly frames active when the trap or host error happened, if it happened during execution.
    pub fn backtrace(&self) -> Option<&WasmBacktrace> {
        self.inner.backtrace.as_ref()
    }

    /// The host error value of type `E`, if this error was raised by a host function with [`Error::host`].
    pub fn downcast_ref<E: StdError + 'static>(&self) -> Option<&E> {
        match &self.inner.kind {
            ErrorKind::Host(error) => error.downcast_ref::<E>(),
            _ => None,
        }
    }

    /// Whether this error is a host error value of type `E`.
    pub fn is<E: StdError + 'static>(&self) -> bool {
        self.downcast_ref::<E>().is_some()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Invalid { message, offset } => {
                write!(f, "{message} (at offset {offset:#x})")
            }
            ErrorKind::Unsupported(message) => write!(f, "unsupported: {message}"),
            ErrorKind::Wat(message) => write!(f, "{message}"),
            ErrorKind::Link(message) => f.write_str(message),
            ErrorKind::Trap(code) => write!(f, "wasm trap: {code}"),
            ErrorKind::Limit(message) => write!(f, "resource limit exceeded: {message}"),
            ErrorKind::Usage(message) => f.write_str(message),
            ErrorKind::Host(error) => write!(f, "{error}"),
            ErrorKind::Deserialize(message) => {
                write!(f, "cannot deserialize module: {message}")
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")?;
        if let Some(backtrace) = &self.inner.backtrace {
            write!(f, "\nwasm backtrace:\n{backtrace}")?;
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.inner.kind {
            ErrorKind::Host(error) => Some(&**error),
            _ => None,
        }
    }
}

impl From<TrapCode> for Error {
    fn from(code: TrapCode) -> Self {
        Self::trap(code)
    }
}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(error: wasmparser::BinaryReaderError) -> Self {
        Self::invalid(error.message(), error.offset() as usize)
    }
}

/// A host error that is just a message (from [`Error::new`]).
#[derive(Debug)]
struct HostMessage(String);

impl fmt::Display for HostMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for HostMessage {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_pointer_wide() {
        assert_eq!(core::mem::size_of::<Error>(), core::mem::size_of::<usize>());
    }

    #[test]
    fn host_errors_downcast() {
        #[derive(Debug)]
        struct Exit(i32);
        impl fmt::Display for Exit {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "exit {}", self.0)
            }
        }
        impl StdError for Exit {}
        let error = Error::host(Exit(3));
        assert_eq!(error.downcast_ref::<Exit>().map(|e| e.0), Some(3));
        assert!(error.trap_code().is_none());
        assert_eq!(error.to_string(), "exit 3");
    }

    #[test]
    fn traps_display_the_spec_message() {
        let error = Error::trap(TrapCode::IntegerDivisionByZero);
        assert_eq!(error.trap_code(), Some(TrapCode::IntegerDivisionByZero));
        assert_eq!(error.to_string(), "wasm trap: integer divide by zero");
    }
}
