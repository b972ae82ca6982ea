//! Independent Rust implementations of every hand-written workload's checksum, written from the workload
//! descriptions (not by interpreting the modules); for the workloads rustc compiled, their own sources built
//! natively; for the one clang compiled, a Rust implementation of its definition.

mod c_mix;
pub(crate) mod compiled;
mod fib;
mod host_call;
mod locals;
mod matmul;
mod memops;
mod minivm;
mod nbody;
mod sieve;
mod simd_blend;
mod simd_dot;
mod sort;
mod tail_calls;

pub(crate) use self::c_mix::c_mix;
pub(crate) use self::fib::fib;
pub(crate) use self::host_call::host_call;
pub(crate) use self::locals::locals;
pub(crate) use self::matmul::matmul;
pub(crate) use self::memops::memops;
pub(crate) use self::minivm::minivm;
pub(crate) use self::nbody::nbody;
pub(crate) use self::sieve::sieve;
pub(crate) use self::simd_blend::simd_blend;
pub(crate) use self::simd_dot::simd_dot;
pub(crate) use self::sort::sort;
pub(crate) use self::tail_calls::tail_calls;
