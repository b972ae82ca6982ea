//! Threaded code: the executable form of a translated function, each instruction stored next to the handler that
//! executes it.
//!
//! The translator produces a [`FuncBody`] (plain instructions); [`CompiledFunc::new`] pairs every instruction
//! with its handler, taken from the executor's handler table (`crate::exec::handler_of`), which is passed in so
//! that nothing below the executor depends on it. The handlers' shared state is the executor's, reached through an
//! opaque pointer ([`ExecContext`]).

use std::borrow::Cow;

use super::{BranchOffset, Instr, Slot};
use crate::error::{Error, Result};

/// The translator's output for one function: its instructions and frame layout. The translator lends its own
/// buffers (copied once, into the threaded code); a deserialized function owns them.
#[derive(Debug)]
pub(crate) struct FuncBody<'a> {
    /// The instructions; every path ends in a return, branch or trap.
    pub(crate) instrs: Cow<'a, [Instr]>,
    /// The module byte offset of the operator each instruction comes from (for backtraces).
    pub(crate) offsets: Cow<'a, [u32]>,
    /// Cells taken by the parameters (the first slots of the frame).
    pub(crate) num_params: u32,
    /// Cells taken by the declared locals after the parameters, zeroed on entry.
    pub(crate) num_locals: u32,
    /// Total frame size in slots: params, locals and the maximum operand stack height.
    pub(crate) frame_size: Slot,
    /// The function's `v128` constants and `i8x16.shuffle` lane sets, named by index from its instructions.
    pub(crate) consts: Box<[u128]>,
    /// The `try_table`s, in the order they start (so an inner one comes after the ones around it).
    pub(crate) catches: Box<[TryRegion]>,
}

/// One `try_table`: the instructions it covers and its catch clauses, tried in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TryRegion {
    /// The first instruction of the body.
    pub(crate) start: u32,
    /// One past the last instruction of the body.
    pub(crate) end: u32,
    /// The index of the region around this one, if any.
    pub(crate) parent: Option<u32>,
    pub(crate) clauses: Box<[CatchClause]>,
}

/// One catch clause of a `try_table`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CatchClause {
    /// The module's tag it catches; `None` catches every exception (`catch_all`, `catch_all_ref`).
    pub(crate) tag: Option<u32>,
    /// Whether the exception reference is delivered after the values (`catch_ref`, `catch_all_ref`).
    pub(crate) with_ref: bool,
    /// Where the handler continues: the landing pad that moves the values to the clause's label.
    pub(crate) pad: u32,
    /// The slot the values (then the reference) are written to.
    pub(crate) dst: Slot,
}

impl TryRegion {
    /// The first clause that catches the exception in the innermost region around instruction `at`, searching
    /// outwards; `is_thrown_tag` says whether one of the module's tags is the exception's.
    ///
    /// Regions nest, so every region around `at` is the last one starting at or before `at` or one of its
    /// ancestors: a binary search, then a walk outwards (the cost is the nesting depth, not the region count).
    pub(crate) fn find(
        regions: &[TryRegion],
        at: u32,
        is_thrown_tag: impl Fn(u32) -> bool,
    ) -> Option<CatchClause> {
        let last = regions
            .partition_point(|region| region.start <= at)
            .checked_sub(1)?;
        let mut next = Some(last as u32);
        while let Some(index) = next {
            let region = regions.get(index as usize)?;
            if at < region.end
                && let Some(clause) = region
                    .clauses
                    .iter()
                    .find(|clause| clause.tag.is_none_or(&is_thrown_tag))
            {
                return Some(*clause);
            }
            // A parent always comes before its children, so the walk ends.
            next = region.parent.filter(|parent| *parent < index);
        }
        None
    }
}

/// The executor's state that handlers share, opaque below the executor (which defines what it is).
#[derive(Debug)]
pub(crate) enum ExecContext {}

/// Why a handler stopped the interpreter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Exit {
    /// Loop strategy only: the state is in the context; run the next handler.
    #[cfg_attr(
        capvm_threaded,
        allow(
            dead_code,
            reason = "only the loop strategy continues through the loop"
        )
    )]
    Continue,
    /// The execution's entry function returned.
    Return,
    /// A host function must be called (details in the context).
    HostCall,
    /// A trap (the code is in the context).
    Trap,
    /// An exception was thrown (its store index is in the context).
    Throw,
}

/// The signature every instruction handler has.
#[cfg(target_arch = "x86_64")]
pub(crate) type Handler = unsafe extern "sysv64" fn(
    ip: *const Threaded,
    fp: *mut u64,
    mem: *mut u8,
    len: usize,
    cx: *mut ExecContext,
) -> Exit;

/// The signature every instruction handler has.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) type Handler = unsafe extern "C" fn(
    ip: *const Threaded,
    fp: *mut u64,
    mem: *mut u8,
    len: usize,
    cx: *mut ExecContext,
) -> Exit;

/// One instruction of threaded code: the handler that executes it and its operands.
///
/// A branch's distance is in bytes here, not in instructions as the translator wrote it: a taken branch adds it
/// to `ip` in one addition, where multiplying by the instruction size took two more on the path every later
/// instruction's operands wait for. [`Threaded::translated`] gives the instruction back as translated.
#[derive(Clone, Copy)]
pub(crate) struct Threaded {
    pub(crate) handler: Handler,
    /// The instruction, its branch distance (if any) in bytes.
    pub(crate) instr: Instr,
}

/// The size of one instruction of threaded code, the unit of its branch distances.
const THREADED_BYTES: BranchOffset = core::mem::size_of::<Threaded>() as BranchOffset;

/// The most instructions a function's threaded code holds: any distance between two of them, in bytes, is a
/// [`BranchOffset`].
const MAX_INSTRS: usize = (BranchOffset::MAX / THREADED_BYTES) as usize;

impl Threaded {
    /// `instr` paired with its handler from `handler_of`, its branch distance turned into bytes. The distance
    /// must be at most [`MAX_INSTRS`] instructions, as every distance inside a function [`CompiledFunc::new`]
    /// threads is (a longer one would wrap into a wild jump).
    #[inline]
    pub(crate) fn new(instr: &Instr, handler_of: fn(&Instr) -> Handler) -> Self {
        let mut threaded = *instr;
        if let Some(offset) = threaded.branch_offset_mut() {
            debug_assert!(
                offset.unsigned_abs() as usize <= MAX_INSTRS,
                "a branch out of any function"
            );
            *offset = offset.wrapping_mul(THREADED_BYTES);
        }
        Self {
            handler: handler_of(instr),
            instr: threaded,
        }
    }

    /// The instruction as translated: its branch distance in instructions.
    pub(crate) fn translated(&self) -> Instr {
        let mut instr = self.instr;
        if let Some(offset) = instr.branch_offset_mut() {
            *offset /= THREADED_BYTES;
        }
        instr
    }
}

impl core::fmt::Debug for Threaded {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.translated().fmt(f)
    }
}

/// A translated function, ready to execute.
#[derive(Debug)]
pub(crate) struct CompiledFunc {
    /// The instructions, as threaded code.
    pub(crate) code: Box<[Threaded]>,
    /// The module byte offset of the operator each instruction comes from (see [`FuncBody::offsets`]).
    pub(crate) offsets: Box<[u32]>,
    /// Cells taken by the parameters (the first slots of the frame).
    pub(crate) num_params: u32,
    /// Cells taken by the declared locals after the parameters, zeroed on entry.
    pub(crate) num_locals: u32,
    /// Total frame size in slots: params, locals and the maximum operand stack height.
    pub(crate) frame_size: u32,
    /// The function's constant pool (see [`FuncBody::consts`]).
    pub(crate) consts: Box<[u128]>,
    /// The function's `try_table`s (see [`FuncBody::catches`]).
    pub(crate) catches: Box<[TryRegion]>,
}

impl CompiledFunc {
    /// Threads `body`, pairing each instruction with its handler from `handler_of`.
    ///
    /// # Errors
    ///
    /// If the function has more than [`MAX_INSTRS`] instructions (tens of millions).
    pub(crate) fn new(body: FuncBody<'_>, handler_of: fn(&Instr) -> Handler) -> Result<Self> {
        let FuncBody {
            instrs,
            offsets,
            num_params,
            num_locals,
            frame_size,
            consts,
            catches,
        } = body;
        // Every branch lands inside the function, so no distance in bytes overflows once the whole code fits.
        if instrs.len() > MAX_INSTRS {
            return Err(Error::unsupported(format!(
                "function too large: {} instructions, at most {MAX_INSTRS} are executable",
                instrs.len()
            )));
        }
        let code: Box<[Threaded]> = instrs
            .iter()
            .map(|instr| Threaded::new(instr, handler_of))
            .collect();
        Ok(Self {
            code,
            offsets: offsets.into_owned().into_boxed_slice(),
            num_params,
            num_locals,
            frame_size,
            consts,
            catches,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_distances_are_threaded_in_bytes_and_given_back_in_instructions() {
        for offset in [-3, 0, 1, 1000, -1000] {
            let threaded = Threaded::new(&Instr::Br { offset }, crate::exec::handler_of);
            assert_eq!(
                threaded.instr,
                Instr::Br {
                    offset: offset * THREADED_BYTES
                }
            );
            assert_eq!(threaded.translated(), Instr::Br { offset });
        }
        let far = MAX_INSTRS as BranchOffset;
        for offset in [far, -far] {
            let threaded = Threaded::new(&Instr::Br { offset }, crate::exec::handler_of);
            assert_eq!(threaded.translated(), Instr::Br { offset });
        }
        // An instruction without a distance is threaded as it is.
        let instr = Instr::Const32 {
            dst: 3,
            value: 1000,
        };
        let threaded = Threaded::new(&instr, crate::exec::handler_of);
        assert_eq!((threaded.instr, threaded.translated()), (instr, instr));
    }
}
