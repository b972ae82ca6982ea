//! Host side of the `wasmedge_process` / `ssvm_process` ABI for capvm: lets a wasm guest run the host commands
//! its owner allowed, with the guest-visible behaviour of WasmEdge's process plugin and without its holes.
//!
//! # Use
//!
//! Build a [`ProcessPolicy`] (deny by default), give every store its own [`ProcessState`], and register the
//! functions on a `capvm_core::Linker` with [`add_to_linker`]:
//!
//! ```
//! use capvm_process::{ProcessPolicy, ProcessState};
//! use capvm_core::{Engine, Linker, Store};
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
//! `--allow-command-all`, `--process-env-allow KEY`, `--process-cwd DIR`, `--process-timeout-max MS`,
//! `--process-output-max BYTES`, `--process-sandbox auto|strict|off`, `--process-read DIR`, `--process-allow-net`,
//! `--process-limit cpu=..,mem=..,fsize=..,nofile=..,nproc=..`, `--process-audit FILE` and
//! `--process-max-concurrent N`; it hands its `--dir` grants to [`ProcessPolicyBuilder::grant_dir`] and turns on
//! [`ProcessPolicyBuilder::reap_orphans`]. The guest crates seed a command's environment from the guest's own
//! (`--env`, `--inherit-env`).
//!
//! # Threat model, guarantees and their limits
//!
//! The guest is untrusted; the policy's owner is trusted. A command gets the guest's capabilities and nothing
//! more. Each guarantee below comes with its limit; the README's security section has the full list and the
//! Landlock ABI table.
//!
//! - **Allow-list.** Only names the owner allowed run, matched byte for byte, resolved to absolute paths when the
//!   policy is built; never a shell, never the guest's PATH. *Limit:* the guest chooses arguments, stdin and
//!   environment, so allowing an interpreter allows every script it is sent.
//! - **Sandbox** ([`SandboxMode`], Linux Landlock). Prepared in the parent (paths opened, ruleset created when the
//!   policy is built); the child calls only `prctl(PR_SET_NO_NEW_PRIVS)`, `setrlimit` and
//!   `landlock_restrict_self` between fork and exec. A command may execute only the allowed programs, their `#!`
//!   interpreters and ELF loader (so `sort --compress-program=sh` and `find -exec` fail); read only
//!   [`DEFAULT_READ_PATHS`], [`ProcessPolicyBuilder::read_path`]s and grants; write only beneath read-write grants;
//!   no TCP unless [`ProcessPolicyBuilder::allow_net`]; no abstract unix sockets or signals outside itself.
//!   [`ProcessPolicy::sandbox_report`] says what this kernel enforces. *Limit:* UDP and other sockets, and pathname
//!   unix sockets before Landlock ABI 9, are not confined; `dlopen` of a readable file is not an exec.
//! - **Environment.** Exactly the guest's variables; loader variables, glibc's unsecure list and the start-up hooks
//!   of shells and interpreters ([`REFUSED_ENV_VARS`], [`REFUSED_ENV_PREFIXES`]), keys with `=` or NUL, and NUL in
//!   any name, argument or value refuse the run unless the owner allows the key by name. *Limit:* the lists are
//!   finite; [`ProcessPolicyBuilder::only_allowed_env_vars`] makes the environment a strict allow-list.
//! - **Resources** ([`Limits`]): CPU, address space, file size and open files per command, soft = hard.
//!   *Limit:* per process, not per tree; `RLIMIT_NPROC` is per user, off by default and ignored for root.
//! - **Descriptors and lifetime.** Only fds 0-2 reach the command; its I/O is one `poll` loop on the calling thread
//!   and every pipe end is closed when the run returns. The command runs in its own process group, killed at the
//!   end of every run; with [`ProcessPolicyBuilder::reap_orphans`] the host is a child subreaper and also kills
//!   what left the group (`setsid`, double fork), recognised by the `no_new_privs` mark. *Limit:* reaping changes
//!   the whole host process (see that method), and does nothing in a host that runs with `no_new_privs` itself.
//! - **Time.** One monotonic deadline covers the whole run, a wait for a concurrency slot
//!   ([`ProcessPolicyBuilder::max_concurrent_runs`]) included; on expiry the status reads 110. *Limit:* the guest
//!   chooses the timeout up to the owner's ceiling; a real exit code 110 reads the same.
//! - **Memory.** Each captured stream and the queued inputs are capped; host memory per run stays around the caps.
//! - **Guest pointers.** A range outside the caller's memory, or a memory-touching call from an instance without
//!   memory, traps with a message naming the function; nothing guest-controlled makes the host panic.
//! - **Audit.** [`ProcessPolicyBuilder::audit`] gets one JSON record per run and refusal ([`AuditLog`] appends them
//!   to a file).
//!
//! The host must keep SIGPIPE ignored (Rust's default) or a command that stops reading its stdin could kill it.
//! Commands run on unix hosts only (elsewhere every run reads -1 with a note); the sandbox, `no_new_privs` and the
//! orphan sweep are Linux only.
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
pub use limits::{
    DEFAULT_FSIZE_LIMIT, DEFAULT_MEM_LIMIT, DEFAULT_NOFILE_LIMIT, Limits, parse_size,
};
pub use linker::add_to_linker;
pub use policy::{
    DEFAULT_MAX_ARG_ENV_BYTES, DEFAULT_MAX_STDIN_BYTES, DEFAULT_MAX_TIMEOUT_MS, DEFAULT_OUTPUT_CAP,
    DEFAULT_TIMEOUT_MS, MAX_BYTE_LIMIT, ProcessPolicy, ProcessPolicyBuilder,
};
pub use sandbox::{DEFAULT_READ_PATHS, DEVICE_PATHS, DirAccess, SandboxMode, SandboxReport};
pub use state::ProcessState;
