//! Chooses the interpreter's dispatch strategy (see `src/exec/dispatch.rs`): threaded code with tail calls in
//! optimized builds without debug assertions on targets where LLVM reliably turns them into jumps, a plain loop
//! otherwise.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(capvm_threaded)");
    println!("cargo::rerun-if-env-changed=CAPVM_DISPATCH");
    let optimized = matches!(std::env::var("OPT_LEVEL").as_deref(), Ok("2" | "3"));
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let supported = matches!(arch.as_str(), "x86_64" | "aarch64");
    // Debug assertions add checks that can keep LLVM from turning tail calls into jumps.
    let debug_assertions = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some();
    let forced_loop = debug_assertions
        || std::env::var_os("CARGO_FEATURE_LOOP_DISPATCH").is_some()
        || std::env::var("CAPVM_DISPATCH").as_deref() == Ok("loop");
    if optimized && supported && !forced_loop {
        println!("cargo::rustc-cfg=capvm_threaded");
    }
}
