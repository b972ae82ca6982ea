//! The workloads double as correctness tests: at small sizes, capvm must compute the reference checksums. Every
//! check also runs on wasmi, which validates the workloads' text and the references independently of capvm.

#[path = "../benches/support/wasmi_runner.rs"]
mod wasmi_runner;

use capvm_benches::{
    CapvmRunner, EXECUTE, HOST_CALL, INSTANTIATE_WAT, Workload, instantiate_expected,
    large_module_wat, wat_to_wasm,
};
use wasmi_runner::WasmiRunner;

fn workloads() -> impl Iterator<Item = &'static Workload> {
    EXECUTE.iter().chain([&HOST_CALL])
}

/// Runs `workload` at each size on capvm (one instance, so state left by earlier runs must not matter).
fn check_capvm(workload: &Workload, sizes: [i32; 4]) {
    let wasm = workload.wasm().unwrap_or_else(|e| panic!("{e}"));
    let mut runner = CapvmRunner::new(&wasm).unwrap_or_else(|e| panic!("{e}"));
    for size in sizes {
        let got = runner
            .run(size)
            .unwrap_or_else(|e| panic!("{} at {size}: {e}", workload.name));
        workload
            .check("capvm", size, got)
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The same on wasmi, on a thread with a large stack: in this (debug-assertions, opt-level 2) build, some wasmi
/// handlers are not tail-call optimised and memops overflows the test thread's default 2 MiB stack.
fn check_wasmi(workload: &'static Workload, sizes: [i32; 4]) {
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let wasm = workload.wasm().unwrap_or_else(|e| panic!("{e}"));
            let mut runner =
                WasmiRunner::new(&wasm).unwrap_or_else(|e| panic!("{}: {e}", workload.name));
            for size in sizes {
                let got = runner
                    .run(size)
                    .unwrap_or_else(|e| panic!("{} at {size}: {e}", workload.name));
                workload
                    .check("wasmi", size, got)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        })
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
}

/// The workload's test size, then the degenerate sizes and one more small size.
fn sizes(workload: &Workload) -> [i32; 4] {
    [workload.test_size, 0, 1, 2 + workload.test_size / 3]
}

macro_rules! workload_tests {
    ($($name:ident),* $(,)?) => {
        mod capvm {
            $(
                #[test]
                fn $name() {
                    let workload = super::find(stringify!($name));
                    super::check_capvm(workload, super::sizes(workload));
                }
            )*
        }
        mod wasmi {
            $(
                #[test]
                fn $name() {
                    let workload = super::find(stringify!($name));
                    super::check_wasmi(workload, super::sizes(workload));
                }
            )*
        }
    };
}

fn find(name: &str) -> &'static Workload {
    workloads()
        .find(|w| w.name == name)
        .unwrap_or_else(|| panic!("no workload `{name}`"))
}

workload_tests!(
    fib, locals, sieve, matmul, nbody, sort, minivm, memops, simd_blend, simd_dot, tail_calls,
    rs_bytes, rs_nbody, rs_interp, rs_sort, rs_stack, c_mix, host_call
);

#[test]
fn every_workload_has_a_test() {
    let tested = [
        "fib",
        "locals",
        "sieve",
        "matmul",
        "nbody",
        "sort",
        "minivm",
        "memops",
        "simd_blend",
        "simd_dot",
        "tail_calls",
        "rs_bytes",
        "rs_nbody",
        "rs_interp",
        "rs_sort",
        "rs_stack",
        "c_mix",
        "host_call",
    ];
    let names: Vec<&str> = workloads().map(|w| w.name).collect();
    assert_eq!(names, tested);
}

#[test]
fn instantiate_module_state_on_both_engines() {
    let wasm = wat_to_wasm("instantiate", INSTANTIATE_WAT).unwrap_or_else(|e| panic!("{e}"));
    let mut capvm = CapvmRunner::new(&wasm).unwrap_or_else(|e| panic!("{e}"));
    let mut wasmi = WasmiRunner::new(&wasm).unwrap_or_else(|e| panic!("{e}"));
    for probe in [0, 1, 15, 16, 31, 32, 47, 48, 63, 64, 100, 2047] {
        let expected = instantiate_expected(probe);
        assert_eq!(
            capvm.run(probe).unwrap_or_else(|e| panic!("{e}")),
            expected,
            "capvm run({probe})"
        );
        assert_eq!(
            wasmi.run(probe).unwrap_or_else(|e| panic!("{e}")),
            expected,
            "wasmi run({probe})"
        );
    }
}

#[test]
fn generated_module_agrees_between_engines() {
    let wasm = wat_to_wasm("large", &large_module_wat(40)).unwrap_or_else(|e| panic!("{e}"));
    let mut capvm = CapvmRunner::new(&wasm).unwrap_or_else(|e| panic!("{e}"));
    let mut wasmi = WasmiRunner::new(&wasm).unwrap_or_else(|e| panic!("{e}"));
    for n in [0, 1, 12345, -7] {
        let expected = wasmi.run(n).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            capvm.run(n).unwrap_or_else(|e| panic!("{e}")),
            expected,
            "run({n})"
        );
    }
}

/// The compiled workloads are what rustc made of `benches/guests` and clang of `benches/guests-c`: a guest that
/// calls one of its imports (the standard library's panic path, linked as a trap) fails instead of passing for a
/// result.
#[test]
fn compiled_workloads_import_only_what_their_panic_path_needs() {
    for workload in workloads() {
        let capvm_benches::Source::Compiled(bytes) = workload.source else {
            continue;
        };
        let engine = capvm_core::Engine::default();
        let module = capvm_core::Module::new(&engine, bytes).unwrap_or_else(|e| panic!("{e}"));
        for import in module.imports() {
            assert_eq!(
                import.module(),
                "wasi_snapshot_preview1",
                "{}: unexpected import {}::{}",
                workload.name,
                import.module(),
                import.name()
            );
        }
        assert!(
            module.exports().any(|export| export.name() == "run"),
            "{}: no `run` export",
            workload.name
        );
    }
}
