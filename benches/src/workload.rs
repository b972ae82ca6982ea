//! The workload table: WebAssembly text, sizes and reference checksums.

use crate::error::BenchError;
use crate::reference;

/// Where a workload's module comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// Hand-written WebAssembly text (`benches/wat/<name>.wat`).
    Wat(&'static str),
    /// A binary compiled by rustc for `wasm32-wasip1` from `benches/guests`, or by clang for `wasm32-wasi`
    /// from `benches/guests-c` (`benches/wasm/<name>.wasm`, rebuilt by `scripts/build-examples`).
    Compiled(&'static [u8]),
}

/// One benchmark workload: a module exporting `run: (i32) -> i64` and its reference implementation.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    /// Short name, also the criterion benchmark parameter.
    pub name: &'static str,
    /// The module.
    pub source: Source,
    /// The size used by the benches (chosen so one run takes a few milliseconds to a few tens of milliseconds).
    pub bench_size: i32,
    /// A small size for the correctness tests.
    pub test_size: i32,
    reference: fn(i32) -> i64,
}

impl Workload {
    /// The checksum `run(size)` must return, from the independent Rust implementation.
    pub fn expected(&self, size: i32) -> i64 {
        (self.reference)(size)
    }

    /// The module as binary WebAssembly.
    ///
    /// # Errors
    ///
    /// If the text does not parse.
    pub fn wasm(&self) -> Result<Vec<u8>, BenchError> {
        match self.source {
            Source::Wat(text) => wat_to_wasm(self.name, text),
            Source::Compiled(bytes) => Ok(bytes.to_vec()),
        }
    }

    /// Checks a checksum computed by `engine` for `run(size)` against the reference.
    ///
    /// # Errors
    ///
    /// [`BenchError::Mismatch`] if it differs.
    pub fn check(&self, engine: &str, size: i32, actual: i64) -> Result<(), BenchError> {
        let expected = self.expected(size);
        if actual == expected {
            Ok(())
        } else {
            Err(BenchError::Mismatch {
                workload: self.name.to_string(),
                engine: engine.to_string(),
                size,
                expected,
                actual,
            })
        }
    }
}

/// Converts WebAssembly text to binary, naming the module in the error.
///
/// # Errors
///
/// If the text does not parse.
pub fn wat_to_wasm(name: &str, wat: &str) -> Result<Vec<u8>, BenchError> {
    wat::parse_str(wat).map_err(|source| BenchError::Wat {
        name: name.to_string(),
        source,
    })
}

/// The execution workloads (everything but the host-call loop), in report order.
pub const EXECUTE: &[Workload] = &[
    Workload {
        name: "fib",
        source: Source::Wat(include_str!("../wat/fib.wat")),
        bench_size: 27,
        test_size: 15,
        reference: reference::fib,
    },
    Workload {
        name: "locals",
        source: Source::Wat(include_str!("../wat/locals.wat")),
        bench_size: 40_000,
        test_size: 100,
        reference: reference::locals,
    },
    Workload {
        name: "sieve",
        source: Source::Wat(include_str!("../wat/sieve.wat")),
        bench_size: 1_000_000,
        test_size: 10_000,
        reference: reference::sieve,
    },
    Workload {
        name: "matmul",
        source: Source::Wat(include_str!("../wat/matmul.wat")),
        bench_size: 100,
        test_size: 12,
        reference: reference::matmul,
    },
    Workload {
        name: "nbody",
        source: Source::Wat(include_str!("../wat/nbody.wat")),
        bench_size: 20_000,
        test_size: 1000,
        reference: reference::nbody,
    },
    Workload {
        name: "sort",
        source: Source::Wat(include_str!("../wat/sort.wat")),
        bench_size: 100_000,
        test_size: 2000,
        reference: reference::sort,
    },
    Workload {
        name: "minivm",
        source: Source::Wat(include_str!("../wat/minivm.wat")),
        bench_size: 50_000,
        test_size: 1000,
        reference: reference::minivm,
    },
    Workload {
        name: "memops",
        source: Source::Wat(include_str!("../wat/memops.wat")),
        bench_size: 10_000,
        test_size: 40,
        reference: reference::memops,
    },
    Workload {
        name: "simd_blend",
        source: Source::Wat(include_str!("../wat/simd_blend.wat")),
        bench_size: 100,
        test_size: 4,
        reference: reference::simd_blend,
    },
    Workload {
        name: "simd_dot",
        source: Source::Wat(include_str!("../wat/simd_dot.wat")),
        bench_size: 800,
        test_size: 6,
        reference: reference::simd_dot,
    },
    Workload {
        name: "tail_calls",
        source: Source::Wat(include_str!("../wat/tail_calls.wat")),
        bench_size: 10_000,
        test_size: 100,
        reference: reference::tail_calls,
    },
    Workload {
        name: "rs_bytes",
        source: Source::Compiled(include_bytes!("../wasm/rs_bytes.wasm")),
        bench_size: 400_000,
        test_size: 10_000,
        reference: reference::compiled::bytes,
    },
    Workload {
        name: "rs_nbody",
        source: Source::Compiled(include_bytes!("../wasm/rs_nbody.wasm")),
        bench_size: 20_000,
        test_size: 1000,
        reference: reference::compiled::nbody,
    },
    Workload {
        name: "rs_interp",
        source: Source::Compiled(include_bytes!("../wasm/rs_interp.wasm")),
        bench_size: 20_000,
        test_size: 1000,
        reference: reference::compiled::interp,
    },
    Workload {
        name: "rs_sort",
        source: Source::Compiled(include_bytes!("../wasm/rs_sort.wasm")),
        bench_size: 30_000,
        test_size: 2000,
        reference: reference::compiled::sort,
    },
    Workload {
        name: "rs_stack",
        source: Source::Compiled(include_bytes!("../wasm/rs_stack.wasm")),
        bench_size: 1000,
        test_size: 10,
        reference: reference::compiled::stack,
    },
    Workload {
        name: "c_mix",
        source: Source::Compiled(include_bytes!("../wasm/c_mix.wasm")),
        bench_size: 150,
        test_size: 3,
        reference: reference::c_mix,
    },
];

/// The host-call workload: a loop calling the imported [`host_step`](crate::host_step) once per iteration.
pub const HOST_CALL: Workload = Workload {
    name: "host_call",
    source: Source::Wat(include_str!("../wat/host_call.wat")),
    bench_size: 1_000_000,
    test_size: 1000,
    reference: reference::host_call,
};
