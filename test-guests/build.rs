//! Builds every guest package listed in `GUESTS` for `wasm32-wasip1` (installing the target with rustup if it
//! is missing) and writes a table of the resulting `.wasm` paths for `src/lib.rs`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Guest packages, relative to the workspace root: (package directory, binary name).
const GUESTS: &[(&str, &str)] = &[
    ("examples/process-sort", "process-sort"),
    ("examples/process-wc", "process-wc"),
    ("examples/process-compat-0.2.1", "process-compat-0-2-1"),
    ("examples/process-compat-0.1.3", "process-compat-0-1-3"),
    ("test-guests/guests/process-probe", "process-probe"),
    ("test-guests/guests/wasi-fs", "wasi-fs"),
    ("test-guests/guests/wasi-sys", "wasi-sys"),
    ("examples/wasi-report", "wasi-report"),
];

const TARGET: &str = "wasm32-wasip1";

fn main() {
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .parent()
        .expect("test-guests lives in the workspace root")
        .to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target_dir = out_dir.join("guests");
    ensure_target();

    let mut table = String::from(
        "/// (binary name, path of the built .wasm)\npub(crate) const GUESTS: &[(&str, &str)] = &[\n",
    );
    for (dir, bin) in GUESTS {
        let package = root.join(dir);
        watch(&package);
        build(&package, &target_dir);
        let wasm = target_dir
            .join(TARGET)
            .join("release")
            .join(format!("{bin}.wasm"));
        assert!(
            wasm.exists(),
            "building {dir} did not produce {}",
            wasm.display()
        );
        table.push_str(&format!(
            "    ({bin:?}, {:?}),\n",
            wasm.display().to_string()
        ));
    }
    table.push_str("];\n");
    fs::write(out_dir.join("guests.rs"), table).expect("write the guest table");
    // The guests depend on the guest library by path; rebuild them when it changes.
    watch(&root.join("guest-lib"));
    println!("cargo:rerun-if-changed=build.rs");
}

/// Installs the wasm32-wasip1 standard library if this toolchain lacks it.
fn ensure_target() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .expect("run rustc --print sysroot");
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    if Path::new(&sysroot)
        .join("lib/rustlib")
        .join(TARGET)
        .exists()
    {
        return;
    }
    let status = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status();
    match status {
        Ok(status) if status.success() => {}
        _ => panic!(
            "the {TARGET} target is not installed and `rustup target add {TARGET}` failed; install it first"
        ),
    }
}

/// Builds one guest package in release mode into `target_dir`.
fn build(package: &Path, target_dir: &Path) {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .arg("build")
        .arg("--release")
        .arg("--quiet")
        .arg("--target")
        .arg(TARGET)
        .arg("--manifest-path")
        .arg(package.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir);
    // The outer build's settings must not leak into the guest build.
    for (key, _) in env::vars_os() {
        let key = key.to_string_lossy().to_string();
        if key.starts_with("CARGO_") && key != "CARGO_HOME" && key != "CARGO_NET_OFFLINE"
            || matches!(
                key.as_str(),
                "RUSTFLAGS" | "RUSTC_WRAPPER" | "RUSTC_WORKSPACE_WRAPPER" | "MAKEFLAGS" | "MFLAGS"
            )
        {
            command.env_remove(&key);
        }
    }
    let status = command.status().expect("run cargo for a guest");
    assert!(
        status.success(),
        "building the guest {} for {TARGET} failed",
        package.display()
    );
}

fn watch(dir: &Path) {
    for entry in ["Cargo.toml", "Cargo.lock", "src"] {
        let path = dir.join(entry);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    if let Ok(entries) = fs::read_dir(dir.join("src")) {
        for entry in entries.flatten() {
            println!("cargo:rerun-if-changed={}", entry.path().display());
        }
    }
}
