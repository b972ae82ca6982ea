//! Registration of the 46 functions on a `capvm_core::Linker`: a thin,
//! mechanical layer over the syscalls.
//!
//! Each import takes a `Caller`, finds the guest's exported `memory` (a
//! module without one gets an empty memory, so any pointer faults), projects
//! the [`WasiCtx`] out of the store data and calls the syscall. An errno is
//! returned as `i32`; `proc_exit` becomes `capvm_core::Error::host(I32Exit(n))`
//! and a bad guest pointer `capvm_core::Error::host(WasiTrap::Fault(..))`, both
//! of which stop the guest.

use capvm_core::{Caller, Extern, Linker};

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::error::{I32Exit, WasiTrap};
use crate::guest_mem::GuestMemory;
use crate::syscalls::{self, for_each_function};

/// The import module name of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Runs `f` on the caller's WASI context and memory and converts the result
/// to what the wasm import returns.
fn with_ctx<T>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&mut T) -> &mut WasiCtx,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> Result<Errno, WasiTrap>,
) -> capvm_core::Result<i32> {
    let probe = caller.interrupt_probe();
    let call = |ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>| {
        ctx.store_interrupt = probe;
        let result = f(ctx, mem);
        ctx.store_interrupt = None;
        result
    };
    let result = match caller.get_export("memory").and_then(Extern::into_memory) {
        Some(memory) => {
            let (bytes, data) = memory.data_and_store_mut(&mut *caller);
            call(get(data), &mut GuestMemory::new(bytes))
        }
        None => call(get(caller.data_mut()), &mut GuestMemory::new(&mut [])),
    };
    match result {
        Ok(errno) => {
            // An interrupted store stops here (a blocking call such as poll_oneoff returns early to let it).
            caller.check_interrupt()?;
            Ok(i32::from(errno.raw()))
        }
        Err(WasiTrap::Exit(code)) => Err(capvm_core::Error::host(I32Exit(code))),
        Err(trap @ WasiTrap::Fault(_)) => Err(capvm_core::Error::host(trap)),
    }
}

macro_rules! wasm_ty {
    (u32) => {
        i32
    };
    (u64) => {
        i64
    };
}

macro_rules! define_add_to_linker {
    ($( $module:ident :: $name:ident ( $( $arg:ident : $ty:ident ),* ) -> $ret:ident ; )*) => {
        /// Registers every `wasi_snapshot_preview1` function on `linker`.
        ///
        /// `get` projects the [`WasiCtx`] out of the store data, for example
        /// `|data: &mut MyState| &mut data.wasi`.
        ///
        /// # Errors
        ///
        /// If one of the names is already defined and the linker does not
        /// allow shadowing.
        pub fn add_to_linker<T: 'static>(
            linker: &mut Linker<T>,
            get: impl Fn(&mut T) -> &mut WasiCtx + Copy + Send + Sync + 'static,
        ) -> capvm_core::Result<()> {
            $( define_add_to_linker!(@one linker, get, $module :: $name ( $( $arg : $ty ),* ) -> $ret); )*
            Ok(())
        }
    };
    (@one $linker:ident, $get:ident, $module:ident :: $name:ident ( $( $arg:ident : $ty:ident ),* ) -> errno) => {
        $linker.func_wrap(
            MODULE,
            stringify!($name),
            move |mut caller: Caller<'_, T>, $( $arg: wasm_ty!($ty) ),*| -> capvm_core::Result<i32> {
                // Wasm integers are passed to the syscall bit for bit.
                with_ctx(&mut caller, $get, |ctx, mem| {
                    syscalls::$module::$name(ctx, mem $(, $arg as $ty)*)
                })
            },
        )?;
    };
    (@one $linker:ident, $get:ident, $module:ident :: $name:ident ( $( $arg:ident : $ty:ident ),* ) -> never) => {
        $linker.func_wrap(
            MODULE,
            stringify!($name),
            move |mut caller: Caller<'_, T>, $( $arg: wasm_ty!($ty) ),*| -> capvm_core::Result<()> {
                with_ctx(&mut caller, $get, |ctx, mem| {
                    syscalls::$module::$name(ctx, mem $(, $arg as $ty)*)
                })
                .map(drop)
            },
        )?;
    };
}

for_each_function!(define_add_to_linker);
