//! Trap codes: the reasons WebAssembly execution can stop abnormally.

use core::fmt;

/// Why WebAssembly execution trapped.
///
/// The [`Display`](fmt::Display) text of each code is the message the WebAssembly specification's reference
/// interpreter uses, so it can be compared with `assert_trap` expectations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// An `unreachable` instruction was executed.
    UnreachableCodeReached,
    /// A load, store or bulk memory operation accessed bytes outside its memory.
    MemoryOutOfBounds,
    /// A table access or bulk table operation was outside its table.
    TableOutOfBounds,
    /// `call_indirect` used an index past the end of its table.
    UndefinedElement,
    /// `call_indirect` found a null entry.
    IndirectCallToNull,
    /// `call_indirect` found a function of another type.
    BadSignature,
    /// Signed division overflowed, or a float-to-integer conversion was out of range.
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// A float-to-integer conversion of NaN.
    BadConversionToInteger,
    /// The call stack or value stack limit was reached.
    StackOverflow,
    /// A null reference was dereferenced (`ref.as_non_null`).
    NullReference,
    /// `call_ref` or `return_call_ref` of a null function reference.
    NullFunctionReference,
    /// A host function reported an error.
    HostError,
    /// `throw_ref` of a null exception reference.
    NullExceptionReference,
    /// A throw would exceed the store's bound on live exceptions (exceptions referenced by an `exnref` or by
    /// the host live as long as the store).
    ExceptionLimit,
    /// A function translated on its first call could not be translated (see
    /// [`Config::lazy_translation`](crate::Config::lazy_translation)).
    TranslationFailed,
    /// The store ran out of fuel ([`Config::consume_fuel`](crate::Config::consume_fuel)).
    OutOfFuel,
    /// The store's epoch deadline passed or its [`InterruptHandle`](crate::InterruptHandle) was used.
    Interrupt,
}

impl TrapCode {
    /// The specification's message for this trap.
    pub fn message(self) -> &'static str {
        match self {
            Self::UnreachableCodeReached => "unreachable",
            Self::MemoryOutOfBounds => "out of bounds memory access",
            Self::TableOutOfBounds => "out of bounds table access",
            Self::UndefinedElement => "undefined element",
            Self::IndirectCallToNull => "uninitialized element",
            Self::BadSignature => "indirect call type mismatch",
            Self::IntegerOverflow => "integer overflow",
            Self::IntegerDivisionByZero => "integer divide by zero",
            Self::BadConversionToInteger => "invalid conversion to integer",
            Self::StackOverflow => "call stack exhausted",
            Self::NullReference => "null reference",
            Self::NullFunctionReference => "null function reference",
            Self::NullExceptionReference => "null exception reference",
            Self::ExceptionLimit => "too many live exceptions",
            Self::TranslationFailed => "function could not be translated",
            Self::HostError => "host function error",
            Self::OutOfFuel => "all fuel consumed",
            Self::Interrupt => "interrupt",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}
