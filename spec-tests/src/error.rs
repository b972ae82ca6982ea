//! The crate's error type.

use std::path::PathBuf;

/// Why a script could not be run at all (as opposed to an assertion failing).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The script file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The script is not valid `.wast` syntax.
    #[error("cannot parse {path}: {message}")]
    Parse {
        /// The file (as given to the runner).
        path: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The `spectest` host module could not be set up.
    #[error("cannot define the spectest module: {0}")]
    Spectest(capvm_core::Error),
}
