//! Functions translated on their first call (`Config::lazy_translation`): each defined function holds its
//! compiled code once it has some, and until then what translating it needs: where its body is in the module's
//! bytes and the validator's view of the module. Validation stays eager (nothing of an invalid module runs);
//! translation gives the same code as eager translation, once per function, from any thread.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use wasmparser::{
    BinaryReader, FuncToValidate, FuncValidatorAllocations, FunctionBody, ValidatorResources,
    WasmFeatures,
};

use super::inner::ModuleInner;
use crate::error::{Error, Result};
use crate::ir::CompiledFunc;
use crate::translate::{TranslatorScratch, translate_function};

/// A body up to this size leaves its translation's buffers to the next one on the same thread; a larger one's are
/// dropped. Its instructions and their offsets take about 10 bytes per byte of code (tail duplication's copy of
/// them as much again), so a thread keeps a few hundred KiB at most, not buffers sized for the largest function it
/// ever translated.
const KEEP_SCRATCH_UP_TO: usize = 16 * 1024;

/// A thread's buffers for translating functions on their first call.
#[derive(Default)]
struct Scratch {
    allocations: FuncValidatorAllocations,
    translator: TranslatorScratch,
}

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

/// The thread's buffers, or new ones (also while the thread's locals are being destroyed).
fn take_scratch() -> Scratch {
    SCRATCH
        .try_with(|cell| cell.try_borrow_mut().ok().and_then(|mut kept| kept.take()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Leaves `scratch` to the thread's next translation.
fn keep_scratch(scratch: Scratch) {
    let _ = SCRATCH.try_with(|cell| {
        if let Ok(mut kept) = cell.try_borrow_mut() {
            *kept = Some(scratch);
        }
    });
}

/// A defined function: compiled, or compiled on first use.
#[derive(Debug)]
pub(crate) struct LazyFunc {
    compiled: OnceLock<CompiledFunc>,
    source: Option<Source>,
}

/// What translating a deferred function needs.
#[derive(Debug)]
struct Source {
    resources: ValidatorResources,
    /// The function's index in the module's function index space.
    index: u32,
    ty: u32,
    features: WasmFeatures,
    /// The body's bytes in the module.
    body: Range<usize>,
}

impl LazyFunc {
    /// A function translated already.
    pub(crate) fn compiled(func: CompiledFunc) -> Self {
        Self {
            compiled: OnceLock::from(func),
            source: None,
        }
    }

    /// A function compilation is translating, given its code by [`Self::fill`]; until then (for good if
    /// compilation fails) it has none.
    pub(crate) fn to_be_filled() -> Self {
        Self {
            compiled: OnceLock::new(),
            source: None,
        }
    }

    /// Gives a function made by [`Self::to_be_filled`] its code (once: a second call changes nothing).
    pub(crate) fn fill(&self, func: CompiledFunc) {
        let _ = self.compiled.set(func);
    }

    /// A function whose validated body is at `body` in the module's bytes, translated on first use.
    pub(crate) fn deferred(func: &FuncToValidate<ValidatorResources>, body: Range<usize>) -> Self {
        Self {
            compiled: OnceLock::new(),
            source: Some(Source {
                resources: func.resources.clone(),
                index: func.index,
                ty: func.ty,
                features: func.features,
                body,
            }),
        }
    }

    /// The compiled code, if the function has been translated.
    #[inline(always)]
    pub(crate) fn get(&self) -> Option<&CompiledFunc> {
        self.compiled.get()
    }

    /// The compiled code, translating the function first if needed (`module` is the one it belongs to). Two
    /// threads may translate at once; one result is kept, and both are the same code.
    pub(crate) fn force<'a>(&'a self, module: &ModuleInner) -> Result<&'a CompiledFunc> {
        if let Some(compiled) = self.compiled.get() {
            return Ok(compiled);
        }
        let compiled = self.translate(module)?;
        let _ = self.compiled.set(compiled);
        self.compiled
            .get()
            .ok_or_else(|| Error::usage("a translated function was lost"))
    }

    #[cold]
    #[inline(never)]
    fn translate(&self, module: &ModuleInner) -> Result<CompiledFunc> {
        let (Some(source), Some(bytes)) = (&self.source, &module.bytes) else {
            return Err(Error::usage("a function without code"));
        };
        let body_bytes = bytes
            .get(source.body.clone())
            .ok_or_else(|| Error::usage("a function body outside the module"))?;
        let mut reader = BinaryReader::new(body_bytes, source.body.start as u64);
        reader.set_features(source.features);
        let body = FunctionBody::new(reader);
        let func = FuncToValidate {
            resources: &source.resources,
            index: source.index,
            ty: source.ty,
            features: source.features,
        };
        let mut scratch = take_scratch();
        let mut validator = func.into_validator(core::mem::take(&mut scratch.allocations));
        let translated = translate_function(
            module.env(),
            source.index,
            &body,
            &mut validator,
            &mut scratch.translator,
        )?;
        let compiled = CompiledFunc::new(translated, module.handler_of)?;
        if body_bytes.len() <= KEEP_SCRATCH_UP_TO {
            scratch.allocations = validator.into_allocations();
            keep_scratch(scratch);
        }
        Ok(compiled)
    }
}

/// Tests alter compiled code in place (a function that is not compiled yet is a test bug).
#[cfg(test)]
impl core::ops::Deref for LazyFunc {
    type Target = CompiledFunc;
    fn deref(&self) -> &CompiledFunc {
        self.compiled.get().expect("a compiled function")
    }
}

#[cfg(test)]
impl core::ops::DerefMut for LazyFunc {
    fn deref_mut(&mut self) -> &mut CompiledFunc {
        self.compiled.get_mut().expect("a compiled function")
    }
}
