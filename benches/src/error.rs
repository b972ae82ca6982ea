//! The crate's error type.

/// Everything that can go wrong while preparing, running or checking a workload, or reading criterion output.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A workload's WebAssembly text does not parse.
    #[error("workload `{name}`: invalid WebAssembly text: {source}")]
    Wat {
        /// The workload (or module) name.
        name: String,
        /// The parser's error.
        source: wat::Error,
    },
    /// capvm failed to compile, link, instantiate or run a module.
    #[error("capvm: {what}: {source}")]
    Capvm {
        /// What was being done.
        what: String,
        /// capvm's error.
        source: capvm_core::Error,
    },
    /// An engine computed a checksum that differs from the reference implementation's.
    #[error(
        "workload `{workload}` on {engine} at size {size}: checksum {actual:#x}, but the reference computes {expected:#x}"
    )]
    Mismatch {
        /// The workload name.
        workload: String,
        /// The engine that computed `actual`.
        engine: String,
        /// The size passed to `run`.
        size: i32,
        /// The reference implementation's checksum.
        expected: i64,
        /// The engine's checksum.
        actual: i64,
    },
    /// Criterion's output could not be read.
    #[error("criterion output `{path}`: {message}")]
    Criterion {
        /// The file or directory.
        path: String,
        /// What is wrong with it.
        message: String,
    },
}
