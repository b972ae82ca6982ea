//! How control passes from one instruction's handler to the next.
//!
//! Every instruction is executed by its own handler function, all with one signature ([`Handler`]), and the
//! translated code stores the handler next to each instruction ([`Threaded`]). Two strategies drive them, chosen
//! at build time by `build.rs` and sharing the handler bodies of `handlers.rs`:
//!
//! - **threaded** (`cfg(capvm_threaded)`, optimized builds on x86-64 and AArch64): each handler ends by calling
//!   the next instruction's handler in tail position. LLVM turns these sibling calls into jumps, so every handler
//!   has its own indirect branch (which predicts far better than one shared `match`) and the interpreter state
//!   stays in argument registers.
//! - **loop** (everything else): each handler stores the state in the context and returns; a loop calls the next
//!   handler. Slower, but it needs no tail calls, so it is safe in unoptimized builds.
//!
//! The state in registers is `ip` (the current instruction), `fp` (the current frame's first cell), `mem` and
//! `len` (base and length of the current instance's memory 0). Everything else is in the [`Ctx`].

use super::executor::Ctx;
use crate::ir::{ExecContext, Handler, Instr};
pub(crate) use crate::ir::{Exit, Threaded};

/// The dispatch strategy this build uses: `"threaded"` or `"loop"`.
pub(crate) const STRATEGY: &str = if cfg!(capvm_threaded) {
    "threaded"
} else {
    "loop"
};

/// Defines [`handler_of`] from the instruction table (`crate::ir::for_each_instr`): the handler of each
/// instruction is the function of the same name in `handlers.rs`, so an instruction without a handler, or a
/// handler for no instruction, does not compile.
macro_rules! define_handler_of {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($field:ident : $ty:ty),* } => $kind:ident $(($($karg:ident),*))?;
    )*) => {
        /// The handler that executes `instr`: what [`CompiledFunc::new`](crate::ir::CompiledFunc::new) pairs it
        /// with.
        pub(crate) fn handler_of(instr: &Instr) -> Handler {
            match instr {
                $( Instr::$name { .. } => super::handlers::$name, )*
            }
        }
    };
}

crate::ir::for_each_instr!(define_handler_of);

/// Runs the handler of the instruction at `ip`.
///
/// # Safety
///
/// `ip` points at a live instruction of threaded code and the other arguments form a valid interpreter state
/// (see [`super::executor`]).
#[inline(always)]
pub(crate) unsafe fn dispatch(
    ip: *const Threaded,
    fp: *mut u64,
    mem: *mut u8,
    len: usize,
    cx: *mut Ctx,
) -> Exit {
    // SAFETY: guaranteed by the caller; the handler turns the opaque context back into `cx`.
    unsafe { ((*ip).handler)(ip, fp, mem, len, cx.cast::<ExecContext>()) }
}

/// Runs handlers from `ip` until one exits.
///
/// # Safety
///
/// As [`dispatch`].
#[cfg(capvm_threaded)]
pub(crate) unsafe fn run(
    ip: *const Threaded,
    fp: *mut u64,
    mem: *mut u8,
    len: usize,
    cx: *mut Ctx,
) -> Exit {
    // SAFETY: guaranteed by the caller; handlers chain to each other until one exits.
    unsafe { dispatch(ip, fp, mem, len, cx) }
}

/// Runs handlers from `ip` until one exits.
///
/// # Safety
///
/// As [`dispatch`].
#[cfg(not(capvm_threaded))]
pub(crate) unsafe fn run(
    ip: *const Threaded,
    fp: *mut u64,
    mem: *mut u8,
    len: usize,
    cx: *mut Ctx,
) -> Exit {
    // SAFETY: guaranteed by the caller; every handler leaves a valid state in the context before `Continue`.
    unsafe {
        let mut exit = dispatch(ip, fp, mem, len, cx);
        while exit == Exit::Continue {
            let s = &*cx;
            exit = dispatch(s.ip, s.fp, s.mem, s.len, cx);
        }
        exit
    }
}

/// Defines one handler per instruction from bodies written against the state identifiers given first; the
/// instruction table maps each instruction to the handler of its name (see `define_handler_of`).
///
/// The invocation starts with a `$` token, which lets the generated handlers define macros with parameters.
/// In a body:
/// - `next!()` continues with the following instruction;
/// - `jump!(offset)` continues `offset` bytes away (a branch distance of threaded code, see [`Threaded`]);
/// - `resume!(ip, fp, mem, len)` continues with a new state (a call, a return, a grown memory);
/// - returning an [`Exit`] leaves the interpreter (after saving the state in the context).
///
/// Attributes before a handler's name are the handler function's (`#[inline(never)]` for one that another
/// handler tail-calls).
macro_rules! handlers {
    (
        $d:tt |$ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident|
        $( $(#[$attr:meta])* $name:ident { $($field:ident),* } => $body:block )*
    ) => {
        $(
            #[cfg(target_arch = "x86_64")]
            handlers!(@fn $d "sysv64" $(#[$attr])* $name { $($field),* } |$ip, $fp, $mem, $len, $cx| $body);
            #[cfg(not(target_arch = "x86_64"))]
            handlers!(@fn $d "C" $(#[$attr])* $name { $($field),* } |$ip, $fp, $mem, $len, $cx| $body);
        )*
    };
    (@fn $d:tt $abi:tt $(#[$attr:meta])* $name:ident { $($field:ident),* } |$ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident| $body:block) => {
        $(#[$attr])*
        #[allow(non_snake_case, unused_variables, unused_mut, reason = "generated for every instruction")]
        pub(super) unsafe extern $abi fn $name(
            $ip: *const $crate::exec::dispatch::Threaded,
            $fp: *mut u64,
            $mem: *mut u8,
            $len: usize,
            context: *mut $crate::ir::ExecContext,
        ) -> $crate::exec::dispatch::Exit {
            // The context is always the executor's (see `dispatch`).
            let $cx = context.cast::<$crate::exec::executor::Ctx>();
            #[cfg(capvm_threaded)]
            #[allow(unused_macros, reason = "not every handler continues")]
            macro_rules! resume {
                ($d ip:expr, $d fp:expr, $d mem:expr, $d len:expr) => {
                    return $crate::exec::dispatch::dispatch($d ip, $d fp, $d mem, $d len, $cx)
                };
            }
            #[cfg(not(capvm_threaded))]
            #[allow(unused_macros, reason = "not every handler continues")]
            macro_rules! resume {
                ($d ip:expr, $d fp:expr, $d mem:expr, $d len:expr) => {{
                    let state = &mut *$cx;
                    state.ip = $d ip;
                    state.fp = $d fp;
                    state.mem = $d mem;
                    state.len = $d len;
                    return $crate::exec::dispatch::Exit::Continue;
                }};
            }
            #[allow(unused_macros, reason = "not every handler continues")]
            macro_rules! next {
                () => {
                    resume!($ip.add(1), $fp, $mem, $len)
                };
            }
            #[allow(unused_macros, reason = "not every handler branches")]
            macro_rules! jump {
                ($d offset:expr) => {
                    resume!($ip.byte_offset($d offset as isize), $fp, $mem, $len)
                };
            }
            // SAFETY: `handler_of` gives this handler only to this instruction, and the interpreter state is
            // valid on entry (the invariants are listed in `executor.rs`).
            unsafe {
                let $crate::ir::Instr::$name { $($field),* } = (*$ip).instr else {
                    core::hint::unreachable_unchecked()
                };
                $body
            }
        }
    };
}
