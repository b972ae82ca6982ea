//! The 11 host functions of the process ABI (process-abi.md §1.2) as plain functions over raw guest memory.
//!
//! Each function takes the caller's state and, where it touches memory, the caller's memory 0 as a byte slice, or
//! `None` when the caller exports no memory. Parameters and results are the wasm `i32`s; pointers and lengths are
//! read as unsigned. Registering them on a linker is a one-line wrapper per function, under both module names
//! ([`MODULES`]) with the names built by [`import_name`].
//!
//! Traps (an [`Error`] with [`Error::is_trap`]): a memory-touching function called without a memory, and a
//! pointer/length range outside the memory. A zero-length range never traps, whatever its pointer, because
//! the guest crates pass a dangling pointer (such as 1) for empty buffers.
//!
//! ```
//! use capvm_process::{ProcessPolicy, ProcessState, abi};
//!
//! let mut state = ProcessState::new(ProcessPolicy::builder().allow_command("echo").build()?);
//! let mut memory = vec![0u8; 64];
//! memory[..4].copy_from_slice(b"echo");
//! memory[4..6].copy_from_slice(b"hi");
//! abi::set_prog_name(&mut state, Some(&memory), 0, 4)?;
//! abi::add_arg(&mut state, Some(&memory), 4, 2)?;
//! abi::add_stdin(&mut state, Some(&memory), 1, 0)?; // empty, dangling pointer: fine
//! assert_eq!(abi::run(&mut state), 0);
//! let len = abi::get_stdout_len(&state);
//! abi::get_stdout(&state, Some(&mut memory), 32)?;
//! assert_eq!(&memory[32..32 + len as usize], b"hi\n");
//! assert!(abi::get_stdout(&state, None, 32).unwrap_err().is_trap());
//! # Ok::<(), capvm_process::Error>(())
//! ```

use std::ops::Range;

use crate::error::Error;
use crate::state::ProcessState;

/// The import module of guests built with `wasmedge_process_interface` 0.2.x.
pub const WASMEDGE_MODULE: &str = "wasmedge_process";
/// The import module of guests built with `rust_process_interface_library` / `ssvm_process_interface` 0.1.x.
pub const SSVM_MODULE: &str = "ssvm_process";
/// Both import modules; register every function under each.
pub const MODULES: [&str; 2] = [WASMEDGE_MODULE, SSVM_MODULE];
/// The functions, without their module prefix, in upstream registration order.
pub const FUNCTIONS: [&str; 11] = [
    "set_prog_name",
    "add_arg",
    "add_env",
    "add_stdin",
    "set_timeout",
    "run",
    "get_exit_code",
    "get_stdout_len",
    "get_stdout",
    "get_stderr_len",
    "get_stderr",
];

/// The import name of `function` in `module`: the module name, `_`, the function (`wasmedge_process_run`).
pub fn import_name(module: &str, function: &str) -> String {
    format!("{module}_{function}")
}

/// `set_prog_name(ptr, len)`: appends `len` bytes at `ptr` to the command name.
///
/// # Errors
///
/// A trap if `memory` is `None` or the range is outside it.
pub fn set_prog_name(
    state: &mut ProcessState,
    memory: Option<&[u8]>,
    ptr: i32,
    len: i32,
) -> Result<(), Error> {
    state.set_prog_name(guest_bytes("set_prog_name", memory, ptr, len)?);
    Ok(())
}

/// `add_arg(ptr, len)`: adds one argument.
///
/// # Errors
///
/// A trap if `memory` is `None` or the range is outside it.
pub fn add_arg(
    state: &mut ProcessState,
    memory: Option<&[u8]>,
    ptr: i32,
    len: i32,
) -> Result<(), Error> {
    state.add_arg(guest_bytes("add_arg", memory, ptr, len)?);
    Ok(())
}

/// `add_env(key_ptr, key_len, value_ptr, value_len)`: adds a variable unless its key is already set.
///
/// # Errors
///
/// A trap if `memory` is `None` or either range is outside it.
pub fn add_env(
    state: &mut ProcessState,
    memory: Option<&[u8]>,
    key_ptr: i32,
    key_len: i32,
    value_ptr: i32,
    value_len: i32,
) -> Result<(), Error> {
    let key = guest_bytes("add_env", memory, key_ptr, key_len)?;
    let value = guest_bytes("add_env", memory, value_ptr, value_len)?;
    state.add_env(key, value);
    Ok(())
}

/// `add_stdin(ptr, len)`: appends bytes to the command's stdin. `len == 0` never traps while a memory exists.
///
/// # Errors
///
/// A trap if `memory` is `None` or the range is outside it.
pub fn add_stdin(
    state: &mut ProcessState,
    memory: Option<&[u8]>,
    ptr: i32,
    len: i32,
) -> Result<(), Error> {
    state.add_stdin(guest_bytes("add_stdin", memory, ptr, len)?);
    Ok(())
}

/// `set_timeout(ms)`: sets the next run's timeout (unsigned milliseconds, clamped to the policy's ceiling).
pub fn set_timeout(state: &mut ProcessState, ms: i32) {
    state.set_timeout(ms.cast_unsigned());
}

/// `run() -> i32`: runs or refuses the command; see [`ProcessState::run`].
pub fn run(state: &mut ProcessState) -> i32 {
    state.run()
}

/// `get_exit_code() -> i32`: the last run's status, 0 before any run.
pub fn get_exit_code(state: &ProcessState) -> i32 {
    state.exit_code()
}

/// `get_stdout_len() -> i32`: the byte length of the captured stdout (an unsigned value).
pub fn get_stdout_len(state: &ProcessState) -> i32 {
    length(state.stdout())
}

/// `get_stdout(ptr)`: copies the whole captured stdout to `ptr`. With an empty stdout nothing is written and any
/// `ptr` is accepted.
///
/// # Errors
///
/// A trap if `memory` is `None` or `ptr .. ptr + get_stdout_len()` is outside it.
pub fn get_stdout(state: &ProcessState, memory: Option<&mut [u8]>, ptr: i32) -> Result<(), Error> {
    copy_out("get_stdout", state.stdout(), memory, ptr)
}

/// `get_stderr_len() -> i32`: the byte length of the captured stderr (an unsigned value).
pub fn get_stderr_len(state: &ProcessState) -> i32 {
    length(state.stderr())
}

/// `get_stderr(ptr)`: copies the whole captured stderr to `ptr`; as [`get_stdout`].
///
/// # Errors
///
/// A trap if `memory` is `None` or `ptr .. ptr + get_stderr_len()` is outside it.
pub fn get_stderr(state: &ProcessState, memory: Option<&mut [u8]>, ptr: i32) -> Result<(), Error> {
    copy_out("get_stderr", state.stderr(), memory, ptr)
}

/// A buffer length as the ABI's `i32` (reinterpreted as unsigned by guests). Policy limits keep it below 4 GiB.
fn length(bytes: &[u8]) -> i32 {
    u32::try_from(bytes.len()).unwrap_or(u32::MAX).cast_signed()
}

/// The guest bytes `ptr .. ptr + len` of `memory`.
fn guest_bytes<'m>(
    func: &'static str,
    memory: Option<&'m [u8]>,
    ptr: i32,
    len: i32,
) -> Result<&'m [u8], Error> {
    let memory = memory.ok_or(Error::MissingMemory { func })?;
    let ptr = ptr.cast_unsigned();
    let len = u64::from(len.cast_unsigned());
    let range = guest_range(func, memory.len(), ptr, len)?;
    memory.get(range).ok_or(Error::OutOfBounds {
        func,
        ptr,
        len,
        memory_len: memory.len(),
    })
}

/// Copies `data` to `ptr` in `memory`.
fn copy_out(
    func: &'static str,
    data: &[u8],
    memory: Option<&mut [u8]>,
    ptr: i32,
) -> Result<(), Error> {
    let memory = memory.ok_or(Error::MissingMemory { func })?;
    let ptr = ptr.cast_unsigned();
    let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
    let memory_len = memory.len();
    let range = guest_range(func, memory_len, ptr, len)?;
    let target = memory.get_mut(range).ok_or(Error::OutOfBounds {
        func,
        ptr,
        len,
        memory_len,
    })?;
    target.copy_from_slice(data);
    Ok(())
}

/// Checks `ptr .. ptr + len` against a memory of `memory_len` bytes. An empty range is valid at any `ptr`.
fn guest_range(
    func: &'static str,
    memory_len: usize,
    ptr: u32,
    len: u64,
) -> Result<Range<usize>, Error> {
    if len == 0 {
        return Ok(0..0);
    }
    let out_of_bounds = || Error::OutOfBounds {
        func,
        ptr,
        len,
        memory_len,
    };
    let end = u64::from(ptr).checked_add(len).ok_or_else(out_of_bounds)?;
    if end > u64::try_from(memory_len).unwrap_or(u64::MAX) {
        return Err(out_of_bounds());
    }
    let start = usize::try_from(ptr).map_err(|_| out_of_bounds())?;
    let end = usize::try_from(end).map_err(|_| out_of_bounds())?;
    Ok(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(guest_range("f", 8, 0, 8).unwrap(), 0..8);
        assert_eq!(guest_range("f", 8, 4, 4).unwrap(), 4..8);
        assert_eq!(guest_range("f", 8, u32::MAX, 0).unwrap(), 0..0);
        assert!(guest_range("f", 8, 5, 4).is_err());
        assert!(guest_range("f", 8, 8, 1).is_err());
        assert!(guest_range("f", 8, u32::MAX, u64::from(u32::MAX)).is_err());
        assert!(guest_range("f", 0, 0, 1).is_err());
    }

    #[test]
    fn import_names() {
        assert_eq!(import_name(WASMEDGE_MODULE, "run"), "wasmedge_process_run");
        assert_eq!(
            import_name(SSVM_MODULE, FUNCTIONS[0]),
            "ssvm_process_set_prog_name"
        );
        assert_eq!(FUNCTIONS.len(), 11);
    }
}
