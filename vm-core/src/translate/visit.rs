//! The operator visitor of translation: the reader calls one method per operator, which validates the operator
//! with the validator's own method for it and then translates it. Validating through
//! [`FuncValidator::op`] instead would build each operator, then dispatch on it a second time inside the
//! validator.

use wasmparser::{FuncValidator, Operator, ValidatorResources, VisitOperator, VisitSimdOperator};

use super::Translator;
use crate::error::Result;

/// Validates and translates the operators the reader hands it, one at a time.
pub(super) struct ValidateAndTranslate<'v, 'r, 't, 'a, 'env> {
    pub(super) validator: &'v mut FuncValidator<&'r ValidatorResources>,
    pub(super) translator: &'t mut Translator<'a, 'env>,
    /// The code offset of the operator being visited.
    pub(super) offset: usize,
}

impl ValidateAndTranslate<'_, '_, '_, '_, '_> {
    /// Prepares the translator for `op` before the validator sees it: `drop` and `select` do not name their
    /// operand's type, which the validator knows only until it has checked them.
    fn before(&mut self, op: &Operator<'_>) {
        self.translator.wide_operand = match op {
            Operator::Drop => operand_is_v128(self.validator, 0),
            Operator::Select | Operator::TypedSelect { .. } => operand_is_v128(self.validator, 1),
            _ => false,
        };
        self.translator.offset = self.offset;
        self.translator.fused_load_offset = None;
    }
}

/// One method per operator: validated by the validator's `$visitor` method of the same name (with copies of
/// the arguments), then translated.
macro_rules! validate_and_translate {
    ($visitor:ident; $(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Result<()> {
                let op = Operator::$op $({ $($arg: $arg.clone()),* })?;
                self.before(&op);
                self.validator.$visitor(self.offset as u64).$visit($($($arg),*)?)?;
                self.translator.translate(op)
            }
        )*
    };
}

/// The non-SIMD operators, validated by [`FuncValidator::visitor`].
macro_rules! validate_and_translate_scalar {
    ($($tokens:tt)*) => {
        validate_and_translate!(visitor; $($tokens)*);
    };
}

/// The SIMD operators, validated by [`FuncValidator::simd_visitor`].
macro_rules! validate_and_translate_simd {
    ($($tokens:tt)*) => {
        validate_and_translate!(simd_visitor; $($tokens)*);
    };
}

/// The reader's frame stack: the validator's control frames.
impl wasmparser::FrameStack for ValidateAndTranslate<'_, '_, '_, '_, '_> {
    fn current_frame(&self) -> Option<wasmparser::FrameKind> {
        self.validator.get_control_frame(0).map(|frame| frame.kind)
    }
}

impl<'a> VisitOperator<'a> for ValidateAndTranslate<'_, '_, '_, '_, '_> {
    type Output = Result<()>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(validate_and_translate_scalar);
}

impl<'a> VisitSimdOperator<'a> for ValidateAndTranslate<'_, '_, '_, '_, '_> {
    wasmparser::for_each_visit_simd_operator!(validate_and_translate_simd);
}

/// Whether the operand `depth` places below the top of the validator's stack is a `v128`.
fn operand_is_v128(validator: &FuncValidator<&ValidatorResources>, depth: usize) -> bool {
    validator.get_operand_type(depth) == Some(Some(wasmparser::ValType::V128))
}
