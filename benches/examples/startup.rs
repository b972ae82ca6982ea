//! Start-up of a huge module: how long until its first instruction runs, and the peak memory, with lazy and
//! with eager translation.
//!
//! `cargo run --release -p capvm-benches --example startup -- [FUNCTIONS] [lazy|eager] [parallel|serial]` builds
//! a module of FUNCTIONS copies (default 90 000) of the translate bench's generated function (about 80
//! instructions, one call), compiles it on every core (`parallel`, the default) or on one thread (`serial`), then
//! times `Module::new`, instantiation and one call of its `run` export, and prints the process's
//! peak resident memory (`VmHWM`) against the module's size. Run each mode in its own process: the peak is the
//! process's.

use std::time::Instant;

use capvm_benches::{large_module_wat, wat_to_wasm};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let functions: usize = args.next().map_or(Ok(90_000), |a| a.parse())?;
    if functions == 0 {
        return Err("FUNCTIONS must be at least 1 (`run` calls the first copy)".into());
    }
    let lazy = args.next().as_deref() != Some("eager");
    let parallel = args.next().as_deref() != Some("serial");
    let wasm = huge_module(functions)?;
    let before = peak_rss_kib();
    let mut config = capvm_core::Config::new();
    config.lazy_translation(lazy).parallel_compilation(parallel);
    let engine = capvm_core::Engine::new(&config);
    let started = Instant::now();
    let module = capvm_core::Module::new(&engine, &wasm)?;
    let compiled = started.elapsed();
    let mut store = capvm_core::Store::new(&engine, ());
    let instance = capvm_core::Linker::new(&engine).instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i64>(&store, "run")?;
    let result = run.call(&mut store, 3)?;
    let first_call = started.elapsed();
    let peak = peak_rss_kib();
    println!(
        "{} translation ({}): {functions} functions, {:.1} MB of code: Module::new {:.1} ms ({:.0} MB/s), first call \
         returned {result} after {:.1} ms; peak RSS {:.1} MB ({:.1} MB before compiling, {:.2}x the module)",
        if lazy { "lazy" } else { "eager" },
        if parallel { "parallel" } else { "serial" },
        wasm.len() as f64 / 1e6,
        compiled.as_secs_f64() * 1e3,
        wasm.len() as f64 / 1e6 / compiled.as_secs_f64(),
        first_call.as_secs_f64() * 1e3,
        peak as f64 / 1024.0,
        before as f64 / 1024.0,
        (peak.saturating_sub(before)) as f64 * 1024.0 / wasm.len() as f64,
    );
    Ok(())
}

/// The process's peak resident set in KiB (`VmHWM` of `/proc/self/status`; 0 where there is none).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// The generated module of two functions with the second (which calls the first) copied `functions` times: the
/// function and code sections are rebuilt, the export of `run` renumbered; the other sections are kept.
fn huge_module(functions: usize) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let small = wat_to_wasm("startup", &large_module_wat(2))?;
    let mut out = small[..8].to_vec();
    let mut at = 8;
    while at < small.len() {
        let id = small[at];
        let (size, n) = uleb(&small[at + 1..]);
        let start = at + 1 + n;
        let content = &small[start..start + size as usize];
        at = start + size as usize;
        let rebuilt = match id {
            // Function section: types of f0, f1, run.
            3 => {
                let (count, mut p) = uleb(content);
                let mut types = Vec::new();
                for _ in 0..count {
                    let (ty, n) = uleb(&content[p..]);
                    types.push(ty);
                    p += n;
                }
                let mut section = leb(functions as u64 + 2);
                section.extend(leb(types[0]));
                for _ in 0..functions {
                    section.extend(leb(types[1]));
                }
                section.extend(leb(types[2]));
                section
            }
            // Export section: `run` is the last function.
            7 => {
                let mut section = leb(1);
                section.extend(leb(3));
                section.extend_from_slice(b"run");
                section.push(0);
                section.extend(leb(functions as u64 + 1));
                section
            }
            // Code section: bodies of f0, f1, run.
            10 => {
                let (count, mut p) = uleb(content);
                let mut bodies = Vec::new();
                for _ in 0..count {
                    let (len, n) = uleb(&content[p..]);
                    bodies.push(&content[p..p + n + len as usize]);
                    p += n + len as usize;
                }
                let mut section = leb(functions as u64 + 2);
                section.extend_from_slice(bodies[0]);
                for _ in 0..functions {
                    section.extend_from_slice(bodies[1]);
                }
                section.extend_from_slice(bodies[2]);
                section
            }
            _ => content.to_vec(),
        };
        out.push(id);
        out.extend(leb(rebuilt.len() as u64));
        out.extend(rebuilt);
    }
    Ok(out)
}

fn uleb(bytes: &[u8]) -> (u64, usize) {
    let mut value = 0u64;
    for (i, byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return (value, i + 1);
        }
    }
    (value, bytes.len())
}

fn leb(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}
