//! [`add_to_linker`]: registers the 11 [`abi`](crate::abi) functions on a `capvm_core::Linker` under both import
//! modules.

use capvm_core::{Caller, Extern, Linker};

use crate::abi::{self, MODULES, import_name};
use crate::error::Error;
use crate::state::ProcessState;

/// Registers the 11 process functions under `wasmedge_process` (`wasmedge_process_*`) and `ssvm_process`
/// (`ssvm_process_*`), with the exact wasm signatures of the ABI (process-abi.md §1.2).
///
/// `get` projects the store's [`ProcessState`] out of the store data, for example
/// `|host: &mut Host| &mut host.process`. A function that reads or writes guest memory uses the calling
/// instance's export named `memory` (what every Rust guest exports); when there is none, or when a
/// pointer/length range falls outside it, the call fails with a host error wrapping a crate [`Error`]
/// (see [`Error::is_trap`]), which aborts the guest like a trap. Refused or failed commands never trap: they read
/// as a status value, as the ABI requires.
///
/// ```
/// use capvm_process::{ProcessPolicy, ProcessState};
/// use capvm_core::{Engine, Linker, Module, Store};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = Engine::default();
/// let mut linker: Linker<ProcessState> = Linker::new(&engine);
/// capvm_process::add_to_linker(&mut linker, |state: &mut ProcessState| state)?;
/// let module = Module::new(
///     &engine,
///     r#"(module
///         (import "wasmedge_process" "wasmedge_process_set_prog_name" (func $name (param i32 i32)))
///         (import "wasmedge_process" "wasmedge_process_run" (func $run (result i32)))
///         (memory (export "memory") 1)
///         (data (i32.const 0) "true")
///         (func (export "go") (result i32)
///           (call $name (i32.const 0) (i32.const 4))
///           (call $run)))"#,
/// )?;
/// let policy = ProcessPolicy::builder().allow_command("true").build()?;
/// let mut store = Store::new(&engine, ProcessState::new(policy));
/// let instance = linker.instantiate(&mut store, &module)?;
/// let go = instance.get_typed_func::<(), i32>(&store, "go")?;
/// assert_eq!(go.call(&mut store, ())?, 0);
/// # Ok(())
/// # }
/// ```
///
/// # Errors
///
/// If one of the 22 names is already defined and the linker does not allow shadowing.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: impl Fn(&mut T) -> &mut ProcessState + Copy + Send + Sync + 'static,
) -> capvm_core::Result<()> {
    for module in MODULES {
        let name = |function: &str| import_name(module, function);
        linker.func_wrap(
            module,
            &name("set_prog_name"),
            move |mut caller: Caller<'_, T>, ptr: i32, len: i32| {
                with_memory(&mut caller, get, |state, memory| {
                    abi::set_prog_name(state, memory.as_deref(), ptr, len)
                })
            },
        )?;
        linker.func_wrap(
            module,
            &name("add_arg"),
            move |mut caller: Caller<'_, T>, ptr: i32, len: i32| {
                with_memory(&mut caller, get, |state, memory| {
                    abi::add_arg(state, memory.as_deref(), ptr, len)
                })
            },
        )?;
        linker.func_wrap(
            module,
            &name("add_env"),
            move |mut caller: Caller<'_, T>,
                  key_ptr: i32,
                  key_len: i32,
                  value_ptr: i32,
                  value_len: i32| {
                with_memory(&mut caller, get, |state, memory| {
                    abi::add_env(
                        state,
                        memory.as_deref(),
                        key_ptr,
                        key_len,
                        value_ptr,
                        value_len,
                    )
                })
            },
        )?;
        linker.func_wrap(
            module,
            &name("add_stdin"),
            move |mut caller: Caller<'_, T>, ptr: i32, len: i32| {
                with_memory(&mut caller, get, |state, memory| {
                    abi::add_stdin(state, memory.as_deref(), ptr, len)
                })
            },
        )?;
        linker.func_wrap(
            module,
            &name("set_timeout"),
            move |mut caller: Caller<'_, T>, ms: i32| {
                abi::set_timeout(get(caller.data_mut()), ms);
            },
        )?;
        linker.func_wrap(
            module,
            &name("run"),
            move |mut caller: Caller<'_, T>| -> capvm_core::Result<i32> {
                // An interrupted store (a timeout, say) also stops the command it is waiting for.
                let probe = caller.interrupt_probe();
                let interrupted = probe.map(|probe| {
                    std::sync::Arc::new(move || probe.is_due())
                        as std::sync::Arc<dyn Fn() -> bool + Send + Sync>
                });
                let status = get(caller.data_mut()).run_interruptible(interrupted);
                caller.check_interrupt()?;
                Ok(status)
            },
        )?;
        linker.func_wrap(
            module,
            &name("get_exit_code"),
            move |mut caller: Caller<'_, T>| abi::get_exit_code(get(caller.data_mut())),
        )?;
        linker.func_wrap(
            module,
            &name("get_stdout_len"),
            move |mut caller: Caller<'_, T>| abi::get_stdout_len(get(caller.data_mut())),
        )?;
        linker.func_wrap(
            module,
            &name("get_stdout"),
            move |mut caller: Caller<'_, T>, ptr: i32| {
                with_memory(&mut caller, get, |state, memory| {
                    abi::get_stdout(state, memory, ptr)
                })
            },
        )?;
        linker.func_wrap(
            module,
            &name("get_stderr_len"),
            move |mut caller: Caller<'_, T>| abi::get_stderr_len(get(caller.data_mut())),
        )?;
        linker.func_wrap(
            module,
            &name("get_stderr"),
            move |mut caller: Caller<'_, T>, ptr: i32| {
                with_memory(&mut caller, get, |state, memory| {
                    abi::get_stderr(state, memory, ptr)
                })
            },
        )?;
    }
    Ok(())
}

/// Runs `f` on the caller's state and its exported `memory` (`None` when it exports none) and turns a trap into a
/// host error that aborts the guest.
fn with_memory<T>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&mut T) -> &mut ProcessState,
    f: impl FnOnce(&mut ProcessState, Option<&mut [u8]>) -> Result<(), Error>,
) -> capvm_core::Result<()> {
    let result = match caller.get_export("memory").and_then(Extern::into_memory) {
        Some(memory) => {
            let (bytes, data) = memory.data_and_store_mut(&mut *caller);
            f(get(data), Some(bytes))
        }
        None => f(get(caller.data_mut()), None),
    };
    result.map_err(capvm_core::Error::host)
}
