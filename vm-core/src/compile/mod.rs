//! Compilation: decoding, validating and translating a module in one pass (`parse.rs`; the code section's
//! functions, on several threads when it is large, in `functions.rs`), what a compiled module
//! holds (`inner.rs`), constant expressions (`const_expr.rs`), and the checked serialized form
//! (`serialize.rs`). The `Module` API (`crate::module`) sits above the executor and passes its handler table in.

mod const_expr;
mod functions;
mod inner;
mod lazy;
mod parse;
mod serialize;

pub(crate) use self::const_expr::ConstExpr;
pub(crate) use self::inner::{DataMode, ElemMode, EntityIndex, ModuleInner};
pub(crate) use self::lazy::LazyFunc;
pub(crate) use self::parse::parse;
pub(crate) use self::serialize::{deserialize, serialize};
