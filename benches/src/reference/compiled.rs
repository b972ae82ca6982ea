//! The compiled workloads' references: the same Rust sources the guests were built from (`benches/guests/src`),
//! compiled natively. A checksum from an interpreter must match what native code computes from the source rustc
//! compiled to WebAssembly.

#[allow(
    unreachable_pub,
    reason = "the guest crate exports `run`; here it is crate-internal"
)]
#[path = "../../guests/src/bytes.rs"]
mod bytes_source;
#[allow(
    unreachable_pub,
    reason = "the guest crate exports `run`; here it is crate-internal"
)]
#[path = "../../guests/src/interp.rs"]
mod interp_source;
#[allow(
    unreachable_pub,
    reason = "the guest crate exports `run`; here it is crate-internal"
)]
#[path = "../../guests/src/nbody.rs"]
mod nbody_source;
#[allow(
    unreachable_pub,
    reason = "the guest crate exports `run`; here it is crate-internal"
)]
#[path = "../../guests/src/sort.rs"]
mod sort_source;
#[allow(
    unreachable_pub,
    reason = "the guest crate exports `run`; here it is crate-internal"
)]
#[path = "../../guests/src/stack.rs"]
mod stack_source;

pub(crate) use self::bytes_source::run as bytes;
pub(crate) use self::interp_source::run as interp;
pub(crate) use self::nbody_source::run as nbody;
pub(crate) use self::sort_source::run as sort;
pub(crate) use self::stack_source::run as stack;
