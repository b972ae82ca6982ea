//! WASI preview1 (`wasi_snapshot_preview1`) for capvm, with capability-based
//! sandboxing.
//!
//! The crate implements all 46 preview1 functions over raw guest memory
//! ([`GuestMemory`]) and a per-instance [`WasiCtx`]. Each function takes the
//! context, the memory and its wasm arguments, and returns the errno for the
//! guest or a [`WasiTrap`] (a bad guest pointer, or `proc_exit`).
//! [`add_to_linker`] registers them on a `capvm_core::Linker` under
//! [`MODULE`]: `proc_exit` then surfaces as a `capvm_core::Error` carrying
//! [`I32Exit`] (get it back with `err.downcast_ref::<I32Exit>()`), a bad
//! pointer as one carrying [`WasiTrap::Fault`]. The [`call`] dispatcher and
//! the [`FUNCTIONS`] table expose the same functions by name over raw
//! memory, for other embedders and for tests.
//!
//! ```
//! # fn main() -> capvm_core::Result<()> {
//! struct State {
//!     wasi: capvm_wasi::WasiCtx,
//! }
//! let engine = capvm_core::Engine::default();
//! let mut linker: capvm_core::Linker<State> = capvm_core::Linker::new(&engine);
//! capvm_wasi::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi)?;
//! # Ok(())
//! # }
//! ```
//!
//! # Threat model
//!
//! The guest is untrusted: every argument, pointer, length and path it
//! passes may be hostile. The embedder who builds the [`WasiCtx`] is
//! trusted. The guarantees:
//!
//! - **Capabilities are explicit.** By default a guest has no arguments, no
//!   environment, no files, no sockets, empty stdin and discarded output.
//!   Directories ([`WasiCtxBuilder::preopened_dir`]), sockets
//!   ([`WasiCtxBuilder::preopened_socket`]), arguments, environment
//!   variables ([`WasiCtxBuilder::inherit_env`] is an explicit opt-in) and
//!   stdio are granted one by one. Preopens are numbered from fd 3 without
//!   gaps; `fd_prestat_get` answers `badf` for anything else.
//! - **Paths stay beneath their preopen.** Every path is resolved by
//!   `cap-std` beneath a directory handle (`openat2(RESOLVE_BENEATH)` or a
//!   component-by-component walk with held ancestor handles). Absolute
//!   paths, `..` past the preopen and symlinks that lead outside answer
//!   `perm`; absolute symlink targets are refused at creation (`perm`),
//!   relative ones are checked when followed; symlink loops answer `loop`.
//!   Only [`WasiCtxBuilder::preopened_dir`] uses ambient authority.
//! - **Read-only preopens are enforced before any OS call.** Creating,
//!   truncating, opening for write or append, removing, renaming, linking
//!   and changing times or sizes beneath a [`DirPerms::ReadOnly`] preopen
//!   answer `perm`; rename and link need both ends writable. A preopen's
//!   files can be read-only on their own ([`FilePerms`], given with
//!   [`WasiCtxBuilder::preopened_dir_with_perms`]): then changing their
//!   contents, sizes or times is refused, while [`DirPerms`] alone governs
//!   creating, removing and renaming entries.
//! - **Guest memory is never accessed out of bounds.** All pointer
//!   arithmetic is done in 64 bits and checked; an out-of-bounds,
//!   overflowing or misaligned pointer (as in wasmtime, pointers to
//!   multi-byte values and records must be aligned) is a trap, and result
//!   pointers are checked before any side effect.
//! - **Guest-controlled sizes are bounded.** Paths (64 KiB, else
//!   `nametoolong`), iovec counts, poll subscriptions, directory reads and
//!   transfers are capped; metadata copied from the guest in one call is
//!   charged to a budget ([`Limits::hostcall_budget`]) that answers `nomem`
//!   when exhausted; the descriptor table is capped
//!   ([`Limits::max_open_fds`], `mfile`). No host allocation is sized by the
//!   guest beyond these caps.
//! - **The host process is never exited or signalled.** `proc_exit` returns
//!   [`WasiTrap::Exit`]; socket writes use `MSG_NOSIGNAL`; nothing panics on
//!   guest input.
//!
//! Not covered: resource use over time (CPU, disk space, the number of
//! files created) and what the host does with captured output. Output to
//! an inherited terminal is passed through unfiltered.
//!
//! # Example
//!
//! ```
//! use capvm_wasi::{DirPerms, OutputBuffer, WasiCtxBuilder};
//!
//! # fn main() -> Result<(), capvm_wasi::Error> {
//! # let dir = std::env::temp_dir();
//! let stdout = OutputBuffer::new(1 << 20);
//! let ctx = WasiCtxBuilder::new()
//!     .arg("prog.wasm")
//!     .env("GREETING", "hello")
//!     .stdout(stdout.clone())
//!     .preopened_dir(&dir, "/", DirPerms::ReadOnly)?
//!     .build()?;
//! assert_eq!(ctx.open_fds(), 4); // stdin, stdout, stderr and the preopen
//!
//! // A guest's `fd_write(1, iovs, 1, nwritten)`, here on a byte array.
//! let mut memory = vec![0u8; 64];
//! memory[0..4].copy_from_slice(&16u32.to_le_bytes()); // iov.buf
//! memory[4..8].copy_from_slice(&2u32.to_le_bytes()); // iov.len
//! memory[16..18].copy_from_slice(b"hi");
//! # let mut ctx = ctx;
//! let errno = capvm_wasi::call(&mut ctx, &mut memory, "fd_write", &[1, 0, 1, 8]);
//! assert_eq!(errno, Ok(capvm_wasi::Errno::Success));
//! assert_eq!(stdout.contents(), b"hi");
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod ctx;
mod descriptor;
mod errno;
mod error;
mod fd_table;
mod fs;
mod guest_mem;
mod linker;
mod stdio;
mod syscalls;
mod types;

pub use ctx::{
    DEFAULT_HOSTCALL_BUDGET, DEFAULT_MAX_ARGS_ENV_SIZE, DEFAULT_MAX_OPEN_FDS, Limits, WasiCtx,
    WasiCtxBuilder,
};
pub use descriptor::{DirPerms, FilePerms};
pub use errno::Errno;
pub use error::{Error, GuestFault, I32Exit, WasiTrap};
pub use guest_mem::GuestMemory;
pub use linker::{MODULE, add_to_linker};
pub use stdio::OutputBuffer;
pub use syscalls::{FUNCTIONS, ParamType, WasiFunction, call};
