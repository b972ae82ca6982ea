//! Run host commands from a wasm guest, through the `wasmedge_process` host module that capvm (and, before it,
//! WasmEdge's process plugin) provides.
//!
//! This crate has the public API of `wasmedge_process_interface` 0.2.1 ([`Command`] with its public fields and
//! builder methods, [`Output`], and the raw imports in [`wasmedge_process`]), and makes exactly the same host
//! calls in the same order. A guest ports by changing one line of its Cargo.toml, keeping the old crate name so
//! no `use` line changes:
//!
//! ```toml
//! [dependencies]
//! wasmedge_process_interface = { package = "capvm-guest", path = "../capvm/guest-lib" }
//! ```
//!
//! Beyond it: [`Output::success`], and [`Command::try_output`], which returns an [`Error`] where upstream
//! panicked (a NUL byte in the name, an argument or the environment).
//!
//! ```no_run
//! use capvm_guest::Command;
//!
//! // Needs the host to allow it: `capvm run --allow-command echo guest.wasm`.
//! let out = Command::new("echo").arg("hello").arg("$(id)").output();
//! assert!(out.success());
//! assert_eq!(out.stdout, b"hello $(id)\n"); // no shell: arguments pass literally
//! ```
//!
//! # Targets
//!
//! The imports exist only when compiling for `wasm32` (`wasm32-wasip1` is the tested target). The crate also
//! compiles for other targets so a workspace can build and test it anywhere; there, [`Command::try_output`]
//! returns [`Error::Unsupported`] and [`Command::output`] returns status -1 with that reason on stderr.
//!
//! # Status values
//!
//! `Output::status` is the exit code as a signed byte (exit 200 reads -56), `(i8)(128 + N)` after signal N, 110
//! after the host's timeout, and -1 when the host refused the command or could not run it (stderr says why).
//! Like upstream, a guest built with this crate needs WASI `random_get` (for `HashMap`) and `environ_get` /
//! `environ_sizes_get` (for [`Command::new`]).

#![deny(missing_docs)]
#![deny(unsafe_code)]

mod calls;
mod command;
mod error;
mod output;
mod sys;

pub use command::Command;
pub use error::Error;
pub use output::Output;
pub use sys::wasmedge_process;
