//! The `stack` workload (see `src/stack.rs`) as a module exporting `run: (i32) -> i64`.

/// The workload's entry point: a size in, a checksum out.
#[unsafe(no_mangle)]
pub extern "C" fn run(n: i32) -> i64 {
    capvm_bench_guests::stack::run(n)
}
