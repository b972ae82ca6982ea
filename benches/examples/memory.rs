//! What capvm's memory use grows with, beside wasmi's: the memory a store keeps after one short call, and the
//! memory a compiled module keeps.
//!
//! `cargo run --release -p capvm-benches --example memory` runs every case, each in a process of its own (this
//! program started again with the case's arguments), and prints one line per case:
//!
//! - `stores ENGINE`: 1 000 stores, each instantiating the fib workload and calling `run(1)`, all kept alive; the
//!   resident memory they added (`VmRSS`), per store.
//! - `compile ENGINE [FUNCTIONS]`: the translate bench's generated module (default 20 000 functions) compiled and
//!   kept, its bytes dropped; the resident memory it added, against the module's size.
//!
//! The figures are heap bytes still allocated, counted by this program's allocator (exact); the stores' line also
//! gives the resident memory they added, which counts linear memories mapped outside the heap too.
//!
//! ENGINE is `capvm` or `wasmi` (each eager: every function translated) or `capvm-lazy` or `wasmi-lazy` (each
//! engine's default: validated, translated on first call).

#[path = "../benches/support/wasmi_runner.rs"]
#[allow(
    dead_code,
    reason = "the memory figures need only the engine and the runner"
)]
mod wasmi_runner;

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};

use capvm_benches::{CapvmRunner, EXECUTE, large_module_wat, wat_to_wasm};
use wasmi_runner::WasmiRunner;

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator with the caller's arguments; the counter is only
// arithmetic.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            LIVE.fetch_add(new_size, Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes and resident bytes now.
fn usage() -> (usize, u64) {
    (LIVE.load(Ordering::Relaxed), resident())
}

/// What was added since `before`: heap bytes, resident bytes.
fn added(before: (usize, u64)) -> (f64, f64) {
    let (heap, rss) = usage();
    (
        heap.saturating_sub(before.0) as f64,
        rss.saturating_sub(before.1) as f64,
    )
}

const STORES: usize = 1000;
const ENGINES: [&str; 4] = ["capvm", "capvm-lazy", "wasmi", "wasmi-lazy"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => run_all(),
        ["stores", engine] => stores(engine),
        ["compile", engine] => compile(engine, 20_000),
        ["compile", engine, functions] => functions
            .parse()
            .map_err(|e| format!("FUNCTIONS: {e}"))
            .and_then(|n| compile(engine, n)),
        _ => Err("usage: memory [stores ENGINE | compile ENGINE [FUNCTIONS]]".to_string()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("memory: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Every case, each in a fresh process.
fn run_all() -> Result<(), String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    for case in ["stores", "compile"] {
        for engine in ENGINES {
            let status = Command::new(&me)
                .args([case, engine])
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("{case} {engine}: {status}"));
            }
        }
    }
    Ok(())
}

/// Resident memory of this process in bytes (`VmRSS`; 0 where there is none).
fn resident() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib * 1024)
}

fn capvm_config(engine: &str) -> capvm_core::Config {
    let mut config = capvm_core::Config::new();
    config.lazy_translation(engine == "capvm-lazy");
    config
}

fn wasmi_engine(engine: &str) -> wasmi::Engine {
    if engine == "wasmi" {
        wasmi_runner::eager_engine()
    } else {
        wasmi::Engine::default()
    }
}

fn stores(engine: &str) -> Result<(), String> {
    let workload = EXECUTE
        .iter()
        .find(|w| w.name == "fib")
        .ok_or("no fib workload")?;
    let wasm = workload.wasm().map_err(|e| e.to_string())?;
    let expected = workload.expected(1);
    let before: (usize, u64);
    let kept: Box<dyn std::any::Any> = if engine.starts_with("capvm") {
        let engine = capvm_core::Engine::new(&capvm_config(engine));
        let module = capvm_core::Module::new(&engine, &wasm).map_err(|e| e.to_string())?;
        let mut runner = CapvmRunner::instantiate(&engine, &module).map_err(|e| e.to_string())?;
        runner.run(1).map_err(|e| e.to_string())?;
        before = usage();
        let mut runners = Vec::with_capacity(STORES);
        for _ in 0..STORES {
            let mut runner =
                CapvmRunner::instantiate(&engine, &module).map_err(|e| e.to_string())?;
            if runner.run(1).map_err(|e| e.to_string())? != expected {
                return Err("wrong result".to_string());
            }
            runners.push(runner);
        }
        Box::new(runners)
    } else {
        let engine = wasmi_engine(engine);
        let module = wasmi::Module::new(&engine, &wasm).map_err(|e| e.to_string())?;
        let mut runner = WasmiRunner::instantiate(&engine, &module).map_err(|e| e.to_string())?;
        runner.run(1).map_err(|e| e.to_string())?;
        before = usage();
        let mut runners = Vec::with_capacity(STORES);
        for _ in 0..STORES {
            let mut runner =
                WasmiRunner::instantiate(&engine, &module).map_err(|e| e.to_string())?;
            if runner.run(1).map_err(|e| e.to_string())? != expected {
                return Err("wrong result".to_string());
            }
            runners.push(runner);
        }
        Box::new(runners)
    };
    let (heap, rss) = added(before);
    println!(
        "stores {engine}: {STORES} stores, each instantiated and called once: {:.1} KB heap, {:.1} KB resident \
         per store",
        heap / STORES as f64 / 1000.0,
        rss / STORES as f64 / 1000.0
    );
    drop(kept);
    Ok(())
}

fn compile(engine: &str, functions: usize) -> Result<(), String> {
    let wasm = wat_to_wasm("large", &large_module_wat(functions)).map_err(|e| e.to_string())?;
    let size = wasm.len();
    let before = usage();
    let kept: Box<dyn std::any::Any> = if engine.starts_with("capvm") {
        let engine = capvm_core::Engine::new(&capvm_config(engine));
        let module = capvm_core::Module::new(&engine, &wasm).map_err(|e| e.to_string())?;
        Box::new((engine, module))
    } else {
        let engine = wasmi_engine(engine);
        let module = wasmi::Module::new(&engine, &wasm).map_err(|e| e.to_string())?;
        Box::new((engine, module))
    };
    drop(wasm);
    // The module's bytes were live before and are freed now: what the compiled module keeps is the rest.
    let heap = (LIVE.load(Ordering::Relaxed) + size).saturating_sub(before.0) as f64;
    let size = size as f64;
    println!(
        "compile {engine}: {functions} functions, {:.1} MB of module: {:.1} MB heap kept ({:.2}x the module)",
        size / 1e6,
        heap / 1e6,
        heap / size,
    );
    drop(kept);
    Ok(())
}
