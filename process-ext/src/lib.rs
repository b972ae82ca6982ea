//! Host side of the `wasmedge_process` / `ssvm_process` ABI for capvm: lets a wasm guest run the host commands
//! its owner allowed, with the guest-visible behaviour of WasmEdge's process plugin and without its holes.
//!
//! # Use
//!
//! Build a [`ProcessPolicy`] (deny by default), give every store its own [`ProcessState`], and register the
//! functions on a `vm_core::Linker` with [`add_to_linker`]:
//!
//! ```
//! use capvm_process::{ProcessPolicy, ProcessState};
//! use vm_core::{Engine, Linker, Store};
//!
//! struct Host {
//!     process: ProcessState,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let policy = ProcessPolicy::builder()
//!     .allow_command("echo") // resolved now, through the host's PATH
//!     .output_cap(1 << 20)
//!     .build()?;
//! let engine = Engine::default();
//! let mut linker: Linker<Host> = Linker::new(&engine);
//! capvm_process::add_to_linker(&mut linker, |host: &mut Host| &mut host.process)?;
//! let store = Store::new(&engine, Host { process: ProcessState::new(policy) });
//! # drop(store);
//! # Ok(())
//! # }
//! ```
//!
//! Without a VM, [`ProcessState`] runs commands directly, and [`abi`] holds the 11 functions over a raw byte slice:
//!
//! ```
//! use capvm_process::{ProcessPolicy, ProcessState};
//!
//! let mut state = ProcessState::new(ProcessPolicy::builder().allow_command("echo").build()?);
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
//! # ABI compatibility
//!
//! A guest built against any published guest crate runs unchanged: `wasmedge_process_interface` 0.2.x imports
//! `wasmedge_process` (functions `wasmedge_process_*`), `rust_process_interface_library` and
//! `ssvm_process_interface` 0.1.x import `ssvm_process` (`ssvm_process_*`); [`add_to_linker`] registers the same
//! 11 functions with the same wasm signatures under both names (WasmEdge itself dropped `ssvm_process` in 0.8).
//! Kept as upstream: `set_prog_name` and `add_stdin` append and `add_env` keeps the first value of a key; every
//! `run` resets the inputs and the 10 s default timeout, while stdout, stderr and the status stay readable until
//! the next run; empty buffers are accepted at any pointer (the crates pass 1); a refused name reads -1 with
//! upstream's exact `Permission denied: Command "N" is not in the white list. ...` text on stderr; a timeout reads
//! 110; a normal exit reads `(i8)code`. Differences a guest can observe, all deliberate: an out-of-bounds
//! pointer traps (upstream ignored it), a child killed by signal N reads `(i8)(128 + N)` (upstream: 0), and
//! refusals, exec failures, timeouts, output caps and signals add one `capvm-process: ` line to the captured
//! stderr. Memory is the calling instance's export named `memory`.
//!
//! # Command-line flags
//!
//! `capvm run` builds its policy from `--allow-command NAME` (repeatable, or `--allow-command=NAME`),
//! `--allow-command-all`, `--process-cwd DIR`, `--process-timeout-max MS` and `--process-output-max BYTES`. The
//! guest crates seed a command's environment from the guest's own (`--env`, `--inherit-env`).
//!
//! # Threat model, guarantees and their limits
//!
//! The guest is untrusted; the policy's owner is trusted. Each guarantee below comes with its limit.
//!
//! - **Allow-list.** Only names the owner allowed run, matched byte for byte: allowing `ls` allows neither
//!   `/bin/ls`, `./ls`, `LS` nor `ls ` (and the reverse). *Limit:* arguments, stdin and environment are the
//!   guest's to choose, so allowing a shell, an interpreter (`sh`, `python3`, `node`), or a program that runs
//!   others (`env`, `find -exec`, `xargs`, `git -c`, `tar --to-command`) grants the guest everything that program
//!   can do, with the host user's rights. `--allow-command-all` grants every program in the host PATH.
//! - **Which program runs.** A bare allowed name is resolved to an absolute executable through the host's PATH
//!   when the policy is built; a name with a `/` runs only as that exact string. There is never a shell, and a
//!   PATH the guest passes to the command is never used to find it. *Limit:* the resolution pins a path, not a
//!   file: whoever can write to that path on the host decides what runs. With allow-all, bare names are looked
//!   up at run time in the host PATH captured at start.
//! - **Environment.** The command gets exactly the variables the guest supplied, nothing from the host. Loader
//!   variables (`LD_*`, `DYLD_*`), keys with `=` or NUL, and NUL in any name, argument or value refuse the run
//!   (status -1, nothing spawned). *Limit:* other variables programs act on (`PATH` for the command's own
//!   lookups, `IFS`, `BASH_ENV`, `PYTHONPATH`, `GIT_*`, `NODE_OPTIONS`) pass unless the embedder restricts the
//!   environment with [`ProcessPolicyBuilder::only_allowed_env_vars`] (no CLI flag yet).
//! - **Descriptors and lifetime.** The command inherits only fds 0-2, runs in its own process group, and at the
//!   end of every run the whole group is killed and the command reaped: no zombie, no grandchild outliving the
//!   run. *Limit:* a process that leaves the group (`setsid`) escapes the kill; the run still returns after the
//!   deadline plus a one-second grace. No resource limits (`RLIMIT_*`) are set on the command; runs of one store
//!   are sequential, but each can fork freely.
//! - **Time.** One monotonic deadline covers the whole run, stdin included; on expiry the group is killed, the
//!   partial output kept and the status reads 110. *Limit:* the guest chooses the timeout up to the owner's
//!   ceiling (`--process-timeout-max`, default 10 min); a real exit code 110 reads the same.
//! - **Memory.** stdin is fed while stdout and stderr are drained, so no size deadlocks; each captured stream is
//!   capped (default 16 MiB, `--process-output-max`), past which the group is killed, the output cut and the
//!   status reads -1; queued inputs are capped too (1 MiB of name, arguments and environment, 16 MiB of stdin).
//!   Host memory per run stays around the caps plus 1 MiB in flight. *Limit:* output is captured whole, not
//!   streamed; the guest needs memory for it.
//! - **Guest pointers.** A range outside the caller's memory, or a memory-touching call from an instance without
//!   memory, traps with a message naming the function; nothing guest-controlled makes the host panic.
//! - **Filesystem.** *Not confined:* a command sees the host filesystem with the host user's rights, in the host's
//!   working directory or `--process-cwd`; WASI preopens do not apply to it. Use an OS sandbox around capvm when
//!   that matters.
//!
//! The host must keep SIGPIPE ignored (Rust's default) or a command that stops reading its stdin could kill it.
//! Commands run on unix hosts only; elsewhere every run reads -1 with a note.
//!
//! # Status values
//!
//! A guest reads: `(i8)code` for a normal exit, `(i8)(128 + N)` after signal N, 110 after a timeout, -1 for a
//! refused command (with upstream's exact "Permission denied" text on stderr when the name is not allowed), an
//! exec failure, or an output past its cap. See `process-abi.md` for the full reference.

#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod abi;
mod audit;
mod env;
mod error;
mod limits;
mod linker;
mod note;
mod policy;
mod reap;
mod sandbox;
mod slots;
mod spawn;
mod state;

pub use audit::{AuditLog, AuditSink};
pub use env::{REFUSED_ENV_PREFIXES, REFUSED_ENV_VARS};
pub use error::Error;
pub use limits::{DEFAULT_FSIZE_LIMIT, DEFAULT_MEM_LIMIT, DEFAULT_NOFILE_LIMIT, Limits};
pub use linker::add_to_linker;
pub use policy::{
    DEFAULT_MAX_ARG_ENV_BYTES, DEFAULT_MAX_STDIN_BYTES, DEFAULT_MAX_TIMEOUT_MS, DEFAULT_OUTPUT_CAP,
    DEFAULT_TIMEOUT_MS, MAX_BYTE_LIMIT, ProcessPolicy, ProcessPolicyBuilder,
};
pub use sandbox::{DEFAULT_READ_PATHS, DEVICE_PATHS, DirAccess, SandboxMode, SandboxReport};
pub use state::ProcessState;
