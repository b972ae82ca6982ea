//! The raw host imports and their safe wrappers: the only module with `unsafe` code.

#![allow(
    unsafe_code,
    reason = "calling the host's wasm imports is inherently unsafe; it is confined here"
)]

#[cfg(target_arch = "wasm32")]
use crate::calls::{self, HostCalls};
use crate::calls::{RawOutput, Request};
use crate::error::Error;

/// The raw imports of the `wasmedge_process` host module, exactly as `wasmedge_process_interface` 0.2.1
/// declares them (they exist only when compiling for `wasm32`).
///
/// Prefer [`Command`](crate::Command). Pointers are into the guest's own memory; the host reads `len` bytes at
/// each input pointer, and `get_stdout` / `get_stderr` write the whole buffer (whose length the matching
/// `*_len` function reported) at the given pointer.
pub mod wasmedge_process {
    #[cfg(target_arch = "wasm32")]
    #[link(wasm_import_module = "wasmedge_process")]
    unsafe extern "C" {
        /// Appends `len` bytes at `name` to the command name.
        pub fn wasmedge_process_set_prog_name(name: *const core::ffi::c_char, len: u32);
        /// Adds one argument of `len` bytes.
        pub fn wasmedge_process_add_arg(arg: *const core::ffi::c_char, len: u32);
        /// Adds an environment variable; a key that is already set keeps its first value.
        pub fn wasmedge_process_add_env(
            env: *const core::ffi::c_char,
            env_len: u32,
            val: *const core::ffi::c_char,
            val_len: u32,
        );
        /// Appends `len` bytes to the command's stdin.
        pub fn wasmedge_process_add_stdin(buf: *const core::ffi::c_char, len: u32);
        /// Sets the timeout of the next run in milliseconds.
        pub fn wasmedge_process_set_timeout(time_ms: u32);
        /// Runs the command and resets the inputs; returns its status.
        pub fn wasmedge_process_run() -> i32;
        /// The status of the last run (0 before any).
        pub fn wasmedge_process_get_exit_code() -> i32;
        /// The length of the last run's stdout.
        pub fn wasmedge_process_get_stdout_len() -> u32;
        /// Copies the last run's stdout to `buf`, which must hold `get_stdout_len()` bytes.
        pub fn wasmedge_process_get_stdout(buf: *mut u8);
        /// The length of the last run's stderr.
        pub fn wasmedge_process_get_stderr_len() -> u32;
        /// Copies the last run's stderr to `buf`, which must hold `get_stderr_len()` bytes.
        pub fn wasmedge_process_get_stderr(buf: *mut u8);
    }
}

/// The real host: each method wraps one import.
#[cfg(target_arch = "wasm32")]
struct WasmHost;

#[cfg(target_arch = "wasm32")]
impl HostCalls for WasmHost {
    fn set_prog_name(&mut self, name: &[u8]) {
        // SAFETY: the host reads exactly `len` bytes at the pointer, and both come from one live slice. An empty
        // slice passes a dangling pointer, which the host never dereferences for length 0.
        unsafe { wasmedge_process::wasmedge_process_set_prog_name(ptr(name), len32(name)) }
    }

    fn add_arg(&mut self, arg: &[u8]) {
        // SAFETY: as in `set_prog_name`.
        unsafe { wasmedge_process::wasmedge_process_add_arg(ptr(arg), len32(arg)) }
    }

    fn add_env(&mut self, key: &[u8], value: &[u8]) {
        // SAFETY: as in `set_prog_name`, for each of the two slices.
        unsafe {
            wasmedge_process::wasmedge_process_add_env(
                ptr(key),
                len32(key),
                ptr(value),
                len32(value),
            )
        }
    }

    fn set_timeout(&mut self, ms: u32) {
        // SAFETY: takes a plain integer and touches no guest memory.
        unsafe { wasmedge_process::wasmedge_process_set_timeout(ms) }
    }

    fn add_stdin(&mut self, bytes: &[u8]) {
        // SAFETY: as in `set_prog_name`.
        unsafe { wasmedge_process::wasmedge_process_add_stdin(ptr(bytes), len32(bytes)) }
    }

    fn run(&mut self) -> i32 {
        // SAFETY: takes no arguments and touches no guest memory.
        unsafe { wasmedge_process::wasmedge_process_run() }
    }

    fn stdout_len(&mut self) -> u32 {
        // SAFETY: takes no arguments and touches no guest memory.
        unsafe { wasmedge_process::wasmedge_process_get_stdout_len() }
    }

    fn stderr_len(&mut self) -> u32 {
        // SAFETY: takes no arguments and touches no guest memory.
        unsafe { wasmedge_process::wasmedge_process_get_stderr_len() }
    }

    fn read_stdout(&mut self, len: u32) -> Vec<u8> {
        let mut buf = vec![0; usize::try_from(len).unwrap_or(0)];
        // SAFETY: `len` is what get_stdout_len just reported and no run happened since, so the host writes
        // exactly `buf.len()` bytes; for an empty buffer it writes nothing at the dangling pointer.
        unsafe { wasmedge_process::wasmedge_process_get_stdout(buf.as_mut_ptr()) };
        buf
    }

    fn read_stderr(&mut self, len: u32) -> Vec<u8> {
        let mut buf = vec![0; usize::try_from(len).unwrap_or(0)];
        // SAFETY: as in `read_stdout`, with get_stderr_len.
        unsafe { wasmedge_process::wasmedge_process_get_stderr(buf.as_mut_ptr()) };
        buf
    }
}

/// A slice's pointer as the imports take it.
#[cfg(target_arch = "wasm32")]
fn ptr(bytes: &[u8]) -> *const core::ffi::c_char {
    bytes.as_ptr().cast()
}

/// A slice's length as the imports take it. On wasm32 `usize` is 32 bits, so the fallback is never taken.
#[cfg(target_arch = "wasm32")]
fn len32(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).unwrap_or(u32::MAX)
}

/// Runs `request` on the host.
#[cfg(target_arch = "wasm32")]
pub(crate) fn call_host(request: &Request<'_>) -> Result<RawOutput, Error> {
    Ok(calls::drive(&mut WasmHost, request))
}

/// Outside wasm32 there is no host module to call.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn call_host(_request: &Request<'_>) -> Result<RawOutput, Error> {
    Err(Error::Unsupported {
        target_arch: std::env::consts::ARCH,
    })
}
