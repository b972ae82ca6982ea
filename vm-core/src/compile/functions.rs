//! The code section's functions: each is validated, and translated unless translation is lazy. A large code
//! section is done by several threads (`Config::parallel_compilation`); the result is the same code, in the
//! same order, with the same first error, as one thread gives.

use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use wasmparser::{FuncToValidate, FuncValidatorAllocations, FunctionBody, ValidatorResources};

use super::LazyFunc;
use crate::error::{Error, Result};
use crate::ir::{CompiledFunc, Handler, Instr};
use crate::translate::{ModuleEnv, TranslatorScratch, translate_function};

/// A code section smaller than this is done on the calling thread: starting threads would cost more than they
/// save (a thread starts in tens of microseconds; 256 KiB of code take milliseconds).
const PARALLEL_MIN_BYTES: u32 = 1 << 18;

/// Functions a thread takes at a time from the shared list.
const CHUNK: usize = 32;

/// The most threads one compilation uses.
const MAX_THREADS: usize = 16;

/// How many threads to use for a code section of `size` bytes.
pub(crate) fn threads_for(size: u32, parallel: bool) -> usize {
    if !parallel || size < PARALLEL_MIN_BYTES {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(MAX_THREADS)
}

/// What one function's work needs besides the function: the module and the compilation settings.
#[derive(Clone, Copy)]
pub(crate) struct Job<'a> {
    pub(crate) env: ModuleEnv<'a>,
    pub(crate) handler_of: fn(&Instr) -> Handler,
    pub(crate) lazy: bool,
}

/// A function body read from the code section, not yet validated.
pub(crate) struct PendingFunc<'a> {
    pub(crate) func: FuncToValidate<ValidatorResources>,
    pub(crate) body: FunctionBody<'a>,
}

/// The reusable buffers of one thread.
#[derive(Default)]
struct Scratch {
    allocations: FuncValidatorAllocations,
    translator: TranslatorScratch,
}

impl Job<'_> {
    /// The function `func` with its `body` will be, before it is validated: to be translated on its first call
    /// (lazy translation) or now.
    pub(crate) fn placeholder(
        &self,
        func: &FuncToValidate<ValidatorResources>,
        body: &FunctionBody<'_>,
    ) -> LazyFunc {
        if self.lazy {
            LazyFunc::deferred(func, body_range(body))
        } else {
            LazyFunc::to_be_filled()
        }
    }

    /// Validates `func`'s `body` and, unless translation is lazy, translates it into `slot` (its
    /// [`Self::placeholder`]).
    pub(crate) fn complete(
        &self,
        func: &FuncToValidate<ValidatorResources>,
        body: &FunctionBody<'_>,
        slot: &LazyFunc,
        allocations: &mut FuncValidatorAllocations,
        scratch: &mut TranslatorScratch,
    ) -> Result<()> {
        let index = func.index;
        // The validator borrows the module's resources: cloning their `Arc` for every function would make the
        // threads of a parallel compilation contend for its count.
        let func = FuncToValidate {
            resources: &func.resources,
            index,
            ty: func.ty,
            features: func.features,
        };
        let mut validator = func.into_validator(core::mem::take(allocations));
        if self.lazy {
            validator.validate(body)?;
        } else {
            let translated = translate_function(self.env, index, body, &mut validator, scratch)?;
            slot.fill(CompiledFunc::new(translated, self.handler_of)?);
        }
        *allocations = validator.into_allocations();
        Ok(())
    }

    /// Completes every function of `pending` into its placeholder in `slots` on `threads` threads (the calling
    /// one included), or returns the error of the first function that fails.
    pub(crate) fn complete_all(
        &self,
        pending: &[PendingFunc<'_>],
        slots: &[LazyFunc],
        threads: usize,
    ) -> Result<()> {
        if pending.len() != slots.len() {
            return Err(Error::usage("functions without placeholders"));
        }
        // Chunks are taken in order and none after a failure, so every function before a failing one is done.
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let work = || {
            let mut scratch = Scratch::default();
            let mut errors = Vec::new();
            while !failed.load(Ordering::Relaxed) {
                let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                if start >= pending.len() {
                    break;
                }
                let end = pending.len().min(start.saturating_add(CHUNK));
                for at in start..end {
                    let (Some(pending), Some(slot)) = (pending.get(at), slots.get(at)) else {
                        break;
                    };
                    let done = self.complete(
                        &pending.func,
                        &pending.body,
                        slot,
                        &mut scratch.allocations,
                        &mut scratch.translator,
                    );
                    if let Err(error) = done {
                        failed.store(true, Ordering::Relaxed);
                        errors.push((at, error));
                        break;
                    }
                }
            }
            errors
        };
        let mut errors = std::thread::scope(|scope| {
            // A thread the system refuses leaves the work to the others (the calling thread always works).
            let helpers: Vec<_> = (1..threads.max(1))
                .map_while(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
                .collect();
            let mut errors = work();
            for helper in helpers {
                match helper.join() {
                    Ok(more) => errors.extend(more),
                    // A panic in a helper is the compilation's, as on one thread.
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            errors
        });
        errors.sort_unstable_by_key(|(at, _)| *at);
        match errors.into_iter().next() {
            Some((_, error)) => Err(error),
            None if !self.lazy && slots.iter().any(|slot| slot.get().is_none()) => {
                Err(Error::usage("a function was not translated"))
            }
            None => Ok(()),
        }
    }
}

/// Where `body` is in the module's bytes.
fn body_range(body: &FunctionBody<'_>) -> Range<usize> {
    let range = body.range();
    usize::try_from(range.start).unwrap_or(usize::MAX)
        ..usize::try_from(range.end).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use wasmparser::{Parser, Payload, ValidPayload, Validator};

    use super::*;
    use crate::engine::{Config, Engine};

    /// Every function of `wasm`, read for validation (as `parse` reads a large code section).
    fn pending_of<'a>(engine: &Engine, wasm: &'a [u8]) -> Vec<PendingFunc<'a>> {
        let mut validator = Validator::new_with_features(engine.config().features);
        let mut pending = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            let payload = payload.unwrap();
            if let ValidPayload::Func(func, body) = validator.payload(&payload).unwrap() {
                pending.push(PendingFunc { func, body });
            }
            if let Payload::End(_) = payload {
                break;
            }
        }
        pending
    }

    #[test]
    fn several_threads_give_the_code_and_the_first_error_one_thread_gives() {
        let mut wat = String::from("(module (memory 1)");
        for k in 0..200 {
            wat.push_str(&format!(
                "(func (param i32) (result i32) (local i64)
                   (loop $l (local.set 0 (i32.add (i32.load offset={k} (local.get 0)) (i32.const {k})))
                     (br_if $l (i32.lt_u (local.get 0) (i32.const 1000))))
                   (i32.mul (local.get 0) (i32.const {k})))"
            ));
        }
        wat.push(')');
        let wasm = wat::parse_str(&wat).unwrap();
        let engine = Engine::new(&Config::new().lazy_translation(false).clone());
        let module = super::super::parse(&engine, &wasm, crate::exec::handler_of).unwrap();
        let pending = pending_of(&engine, &wasm);
        assert_eq!(pending.len(), 200);
        let job = Job {
            env: module.env(),
            handler_of: module.handler_of,
            lazy: false,
        };
        let code_of = |funcs: &[LazyFunc]| -> Vec<(Vec<Instr>, Vec<u32>)> {
            funcs
                .iter()
                .map(|f| {
                    let f = f.get().expect("translated");
                    (
                        f.code.iter().map(crate::ir::Threaded::translated).collect(),
                        f.offsets.to_vec(),
                    )
                })
                .collect()
        };
        let one = code_of(&module.code);
        let placeholders = |pending: &[PendingFunc<'_>]| -> Vec<LazyFunc> {
            pending
                .iter()
                .map(|p| job.placeholder(&p.func, &p.body))
                .collect()
        };
        for threads in [1, 2, 3, 7] {
            let slots = placeholders(&pending);
            job.complete_all(&pending, &slots, threads).unwrap();
            assert_eq!(code_of(&slots), one, "{threads} threads");
        }

        // Two invalid functions, far apart: the first one's error, on any number of threads.
        let broken = wat.replacen("(i32.const 5)", "(i64.const 5)", 1).replacen(
            "(i32.const 150)",
            "(i64.const 150)",
            1,
        );
        let wasm = wat::parse_str(&broken).unwrap();
        let pending = pending_of(&Engine::new(&Config::new()), &wasm);
        let slots = placeholders(&pending);
        let first = job.complete_all(&pending, &slots, 1).expect_err("invalid");
        let first = first.to_string();
        assert!(first.contains("type mismatch"), "{first}");
        // One thread stops at the first invalid function.
        let translated = slots.iter().filter(|slot| slot.get().is_some()).count();
        assert_eq!(translated, 5);
        for threads in [2, 3, 7] {
            let slots = placeholders(&pending);
            let error = job
                .complete_all(&pending, &slots, threads)
                .expect_err("invalid");
            assert_eq!(error.to_string(), first, "{threads} threads");
            // Every function before it was translated.
            assert!(slots[..5].iter().all(|slot| slot.get().is_some()));
        }
    }
}
