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
//! # ABI compatibility
//!
//! The crate imports the 11 functions of the `wasmedge_process` module with the signatures of
//! `wasmedge_process_interface` 0.2.1 and calls them in its order: name, arguments, environment (in `HashMap`
//! order), timeout, stdin (always, even empty), run, both lengths, both fetches (always, even empty, with a
//! dangling pointer). So a guest built with it runs on capvm and on WasmEdge versions that still ship the process
//! plugin (up to 0.17), and a guest built with the published crates (0.2.x, or 0.1.x which import `ssvm_process`)
//! runs unchanged on capvm. [`Command::new`] copies the guest's own environment into the command's, as upstream
//! 0.1.2+ does, so the command sees exactly what the guest was given (`capvm run --env K=V`); clear
//! [`Command::envp_map`] for an empty environment.
//!
//! # What the host allows
//!
//! Nothing runs unless the host's owner allowed the exact name: `capvm run --allow-command sort guest.wasm`
//! (repeatable; `--allow-command=sort` too), or `--allow-command-all`. A name the host did not allow reads status
//! -1 with upstream's message on stderr:
//!
//! ```text
//! Permission denied: Command "sort" is not in the white list. Please use --allow-command=sort or --allow-command-all to add "sort" command into the white list.
//! ```
//!
//! The owner also sets the commands' working directory (`--process-cwd`), the ceiling on [`Command::timeout`]
//! (`--process-timeout-max`) and the cap on each captured stream (`--process-output-max`, default 16 MiB). capvm
//! never uses a shell (arguments pass literally), finds the program through the host's PATH (not the PATH the
//! guest passes), refuses loader variables such as `LD_PRELOAD`, and kills the command's whole process group at
//! the end of every run. It does not confine the command: an allowed program runs with the host user's rights on
//! the host filesystem, and allowing an interpreter (`sh`, `python3`) lets the guest do anything it can do.
//!
//! # Status values
//!
//! `Output::status` is the exit code as a signed byte (exit 200 reads -56), `(i8)(128 + N)` after signal N, 110
//! after the host's timeout, and -1 when the host refused the command, could not run it, or cut its output at the
//! cap (stderr says why, on a `capvm-process: ` line). Like upstream, a guest built with this crate needs WASI
//! `random_get` (for `HashMap`) and `environ_get` / `environ_sizes_get` (for [`Command::new`]).

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
