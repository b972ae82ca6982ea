//! Host functions that read guest memory.
//!
//! The guest imports `env.log(ptr, len)` (a UTF-8 string given as a pointer and a length) and `env.log_c(ptr)` (a
//! NUL-terminated string). The host functions find the caller's exported memory through `Caller` and read the
//! bytes with `Memory::slice` and `Memory::read_c_string`, which check the guest's pointer and never panic: a bad
//! pointer, or a C string without a NUL in reach, becomes an error that stops the guest with a clean trap, which
//! the host gets back from its call.
//!
//! ```console
//! cargo run -p capvm-core --example host_memory
//! ```

use std::error::Error;

use capvm_core::{Caller, Engine, Extern, Linker, Memory, MemoryAccessError, Module, Store};

const GUEST: &str = r#"(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "log_c" (func $log_c (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from the guest")
  (data (i32.const 64) "a C string\00")
  (func (export "run")
    (call $log (i32.const 16) (i32.const 20))
    (call $log_c (i32.const 64)))
  ;; Pass pointers the host chooses, to show what a bad one does.
  (func $log_at (export "log_at") (param i32 i32) (call $log (local.get 0) (local.get 1)))
  (func $log_c_at (export "log_c_at") (param i32) (call $log_c (local.get 0))))"#;

/// The longest C string the host reads, its NUL included.
const MAX_C_STRING: usize = 64;

/// What the host functions record: one line per call.
type Log = Vec<String>;

/// The memory the calling instance exports as `memory`.
fn guest_memory(caller: &mut Caller<'_, Log>) -> capvm_core::Result<Memory> {
    caller
        .get_export("memory")
        .and_then(Extern::into_memory)
        .ok_or_else(|| capvm_core::Error::new("the guest exports no memory"))
}

fn linker(engine: &Engine) -> capvm_core::Result<Linker<Log>> {
    let mut linker = Linker::new(engine);
    linker.func_wrap(
        "env",
        "log",
        |mut caller: Caller<'_, Log>, ptr: u32, len: u32| -> capvm_core::Result<()> {
            let memory = guest_memory(&mut caller)?;
            // An out-of-bounds range is an error carrying the `MemoryAccessError`: returning it traps the guest.
            let bytes = memory
                .slice(&caller, ptr, len)
                .map_err(capvm_core::Error::host)?;
            let line = String::from_utf8_lossy(bytes).into_owned();
            caller.data_mut().push(line);
            Ok(())
        },
    )?;
    linker.func_wrap(
        "env",
        "log_c",
        |mut caller: Caller<'_, Log>, ptr: u32| -> capvm_core::Result<()> {
            let memory = guest_memory(&mut caller)?;
            let bytes = memory
                .read_c_string(&caller, ptr, MAX_C_STRING)
                .map_err(capvm_core::Error::host)?;
            let line = String::from_utf8_lossy(bytes).into_owned();
            caller.data_mut().push(line);
            Ok(())
        },
    )?;
    Ok(linker)
}

fn main() -> Result<(), Box<dyn Error>> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, Log::new());
    let instance = linker(&engine)?.instantiate(&mut store, &module)?;

    instance
        .get_typed_func::<(), ()>(&store, "run")?
        .call(&mut store, ())?;
    for line in store.data() {
        println!("guest says: {line}");
    }
    assert_eq!(store.data(), &["hello from the guest", "a C string"]);

    // Bad pointers: past the end of memory, wrapping around 4 GiB, and a C string with no NUL within
    // MAX_C_STRING bytes (`read_c_string` reports that as an access of MAX_C_STRING bytes).
    let log_at = instance.get_typed_func::<(u32, u32), ()>(&store, "log_at")?;
    let log_c_at = instance.get_typed_func::<u32, ()>(&store, "log_c_at")?;
    let memory = instance
        .get_memory(&store, "memory")
        .ok_or("the guest exports no memory")?;
    memory.slice_mut(&mut store, 1024u32, 100u32)?.fill(b'x');
    let calls = [
        ("log_at(65530, 100)", log_at.call(&mut store, (65_530, 100))),
        (
            "log_at(0xfffffffc, 16)",
            log_at.call(&mut store, (u32::MAX - 3, 16)),
        ),
        ("log_c_at(1024)", log_c_at.call(&mut store, 1024)),
    ];
    for (call, result) in calls {
        let error = result.err().ok_or(format!("{call} should have trapped"))?;
        let access = error
            .downcast_ref::<MemoryAccessError>()
            .ok_or(format!("{call}: unexpected error {error}"))?;
        // The backtrace names the guest function that made the host call.
        let frame = error
            .backtrace()
            .and_then(|backtrace| backtrace.frames().first())
            .ok_or(format!("{call}: no backtrace"))?;
        println!("{call}: trapped in {frame}: {access}");
        assert!(frame.func_name().is_some_and(|name| call.starts_with(name)));
    }

    // Nothing was logged by the failed calls, and the store is still usable.
    assert_eq!(store.data().len(), 2);
    log_at.call(&mut store, (16, 5))?;
    assert_eq!(store.data().last().map(String::as_str), Some("hello"));
    println!("after the traps: guest says: hello");
    Ok(())
}
