//! Constant expressions: global initializers, segment offsets and element items.

use wasmparser::Operator;

use crate::error::{Error, Result};

/// One instruction of a constant expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ConstOp {
    /// Push a 32-bit constant (i32 or f32 bits).
    I32(u32),
    /// Push a 64-bit constant (i64 or f64 bits).
    I64(u64),
    /// Push a 128-bit constant (v128).
    V128(u128),
    /// Push a null reference.
    RefNull,
    /// Push a reference to the module's function.
    RefFunc(u32),
    /// Push the value of a global.
    GlobalGet(u32),
    /// Extended constant expressions: i32/i64 add, sub and mul of the two top values.
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// A validated constant expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConstExpr {
    ops: Box<[ConstOp]>,
}

impl ConstExpr {
    /// Decodes a constant expression that wasmparser already validated.
    pub(crate) fn parse(expr: &wasmparser::ConstExpr<'_>) -> Result<Self> {
        let mut reader = expr.get_operators_reader();
        let mut ops = Vec::new();
        loop {
            let (op, offset) = reader.read_with_offset()?;
            let op = match op {
                Operator::End => break,
                Operator::I32Const { value } => ConstOp::I32(value as u32),
                Operator::I64Const { value } => ConstOp::I64(value as u64),
                Operator::F32Const { value } => ConstOp::I32(value.bits()),
                Operator::F64Const { value } => ConstOp::I64(value.bits()),
                Operator::V128Const { value } => ConstOp::V128(value.i128() as u128),
                Operator::RefNull { .. } => ConstOp::RefNull,
                Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                Operator::I32Add => ConstOp::I32Add,
                Operator::I32Sub => ConstOp::I32Sub,
                Operator::I32Mul => ConstOp::I32Mul,
                Operator::I64Add => ConstOp::I64Add,
                Operator::I64Sub => ConstOp::I64Sub,
                Operator::I64Mul => ConstOp::I64Mul,
                other => {
                    return Err(Error::unsupported(format!(
                        "constant expression operator {other:?} (at offset {offset:#x})"
                    )));
                }
            };
            ops.push(op);
        }
        Ok(Self {
            ops: ops.into_boxed_slice(),
        })
    }

    /// The expression's operators, in order.
    pub(crate) fn ops(&self) -> &[ConstOp] {
        &self.ops
    }

    /// An expression of these operators (from a serialized module, checked by its verifier).
    pub(crate) fn from_ops(ops: Box<[ConstOp]>) -> Self {
        Self { ops }
    }

    /// A constant expression that is just `ref.null`.
    pub(crate) fn ref_null() -> Self {
        Self {
            ops: Box::new([ConstOp::RefNull]),
        }
    }

    /// A constant expression that is just `ref.func func`.
    pub(crate) fn ref_func(func: u32) -> Self {
        Self {
            ops: Box::new([ConstOp::RefFunc(func)]),
        }
    }

    /// Evaluates the expression to a value in a 128-bit global cell (see `GlobalEntity`). `global` reads a
    /// global of the instance being created; `func` turns a module function index into a reference cell.
    pub(crate) fn eval(&self, global: impl Fn(u32) -> u128, func: impl Fn(u32) -> u64) -> u128 {
        // Validation guarantees a well-typed expression leaving exactly one value; a short stack reads as 0.
        let mut stack: Vec<u128> = Vec::with_capacity(2);
        for op in self.ops.iter() {
            let value = match *op {
                ConstOp::I32(v) => u128::from(v),
                ConstOp::I64(v) => u128::from(v),
                ConstOp::V128(v) => v,
                ConstOp::RefNull => 0,
                ConstOp::RefFunc(f) => u128::from(func(f)),
                ConstOp::GlobalGet(g) => global(g),
                binary => {
                    let rhs = stack.pop().unwrap_or(0) as u64;
                    let lhs = stack.pop().unwrap_or(0) as u64;
                    let (a32, b32) = (lhs as u32, rhs as u32);
                    u128::from(match binary {
                        ConstOp::I32Add => u64::from(a32.wrapping_add(b32)),
                        ConstOp::I32Sub => u64::from(a32.wrapping_sub(b32)),
                        ConstOp::I32Mul => u64::from(a32.wrapping_mul(b32)),
                        ConstOp::I64Add => lhs.wrapping_add(rhs),
                        ConstOp::I64Sub => lhs.wrapping_sub(rhs),
                        _ => lhs.wrapping_mul(rhs),
                    })
                }
            };
            stack.push(value);
        }
        stack.pop().unwrap_or(0)
    }
}
