//! The crate's error type.

/// Why [`Command::try_output`](crate::Command::try_output) did not run the command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The command name holds a NUL byte, which no host program name can contain.
    #[error("command name {name:?} contains a NUL byte")]
    NulInName {
        /// The offending name.
        name: String,
    },
    /// An argument holds a NUL byte.
    #[error("argument {index} ({arg:?}) contains a NUL byte")]
    NulInArg {
        /// Its position, counting from 1.
        index: usize,
        /// The offending argument.
        arg: String,
    },
    /// An environment variable's name or value holds a NUL byte.
    #[error("environment variable {key:?} contains a NUL byte in its name or value")]
    NulInEnv {
        /// The offending variable's name.
        key: String,
    },
    /// An input is longer than the ABI's 32-bit lengths allow.
    #[error(
        "the command's {what} is {len} bytes long, more than the 4 GiB the process ABI can pass"
    )]
    TooLong {
        /// Which input.
        what: &'static str,
        /// Its length.
        len: usize,
    },
    /// This build does not target wasm32, so there is no host to run commands.
    #[error(
        "running host commands needs a wasm32 guest on a host with the wasmedge_process module \
         (capvm, WasmEdge); this build targets {target_arch}"
    )]
    Unsupported {
        /// The architecture this code was compiled for.
        target_arch: &'static str,
    },
}
