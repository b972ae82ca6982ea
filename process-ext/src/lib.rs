//! Host side of the `wasmedge_process` / `ssvm_process` ABI: lets a wasm guest run host commands that its owner
//! allowed, with the guest-visible behaviour of the WasmEdge plugin and without its holes.
//!
//! The crate does not depend on a VM: a linker registers each [`abi`] function under both [`abi::MODULES`] with a
//! thin wrapper that finds the caller's memory and its `ProcessState` (for example
//! `memory.data_and_store_mut(&mut caller)` then `|data| &mut data.process`), passes `Some(memory)` or `None`,
//! and turns an [`Error`] (always a trap there) into the VM's trap.
//!
//! # Pieces
//!
//! - [`ProcessPolicy`] (built with [`ProcessPolicyBuilder`]): what may run. Deny by default.
//! - [`ProcessState`]: one per store; the command being assembled and the last run's outputs.
//! - [`abi`]: the 11 host functions as plain functions over the caller's raw memory, ready to be wrapped by a
//!   linker under both module names.
//!
//! ```
//! use capvm_process::{ProcessPolicy, ProcessState};
//!
//! let policy = ProcessPolicy::builder().allow_command("echo").build()?;
//! let mut state = ProcessState::new(policy.clone());
//! state.set_prog_name(b"echo");
//! state.add_arg(b"$(id)"); // no shell: passed literally
//! assert_eq!(state.run(), 0);
//! assert_eq!(state.stdout(), b"$(id)\n");
//!
//! state.set_prog_name(b"/bin/echo"); // not the allowed name
//! assert_eq!(state.run(), -1);
//! assert!(state.stderr().starts_with(b"Permission denied: Command \"/bin/echo\" is not in the white list."));
//! # Ok::<(), capvm_process::Error>(())
//! ```
//!
//! # Threat model
//!
//! The guest is untrusted; the policy's owner is trusted. A guest can only run a command whose name the owner
//! allowed, byte for byte, and it runs the executable the owner's host PATH named when the policy was built, never
//! through a shell and never found through a PATH the guest supplies. What the guest *can* choose is the
//! arguments, stdin and environment; so allowing a shell, an interpreter, `env`, `find`, `xargs` and the like grants
//! the guest everything that program can do, with the host user's rights and in the host's (or the configured)
//! working directory. WASI preopens do not confine commands. Within that, the module guarantees:
//!
//! - the child environment is exactly the guest's set, minus nothing: a set holding a loader variable (`LD_*`,
//!   `DYLD_*`, unless allowed), a malformed key or a NUL byte is refused and nothing runs;
//! - the child sees only fds 0-2 and runs in its own process group; at the end of every run the whole group is
//!   killed and the child reaped, so no process of a run outlives it;
//! - one monotonic deadline covers the whole run; stdin is fed while both outputs are drained; each output stream
//!   and the queued inputs are capped, so host memory stays bounded whatever the guest or the command does;
//! - bad guest pointers trap; nothing guest-controlled can make the host panic.
//!
//! Limits: a process that leaves the group (`setsid`) and keeps a pipe open cannot be killed by the group kill;
//! the run still returns after the deadline plus a one-second grace, leaving a parked reader thread until that
//! process closes the pipe. The host must keep SIGPIPE ignored (Rust's default) or a command that stops reading
//! its stdin could kill it.
//!
//! # ABI and status values
//!
//! See `process-abi.md`. A guest reads: `(i8)code` for a normal exit, `(i8)(128 + N)` after signal N, 110 after a
//! timeout, -1 for a refused command (with upstream's exact "Permission denied" text on stderr when the name is not
//! allowed), an exec failure, or an output past its cap. Every host-side failure adds one `capvm-process: ` line
//! to the captured stderr.

#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod abi;
mod error;
mod linker;
mod note;
mod policy;
mod spawn;
mod state;

pub use error::Error;
pub use linker::add_to_linker;
pub use policy::{
    DEFAULT_MAX_ARG_ENV_BYTES, DEFAULT_MAX_STDIN_BYTES, DEFAULT_MAX_TIMEOUT_MS, DEFAULT_OUTPUT_CAP,
    DEFAULT_TIMEOUT_MS, MAX_BYTE_LIMIT, ProcessPolicy, ProcessPolicyBuilder,
};
pub use state::ProcessState;
