//! Runs a WASI command with captured output.
//!
//! The guest is the committed `examples/wasm/wasi-report.wasm` (source in `examples/wasi-report`): it reads a text
//! file and prints a report on it, which it also writes to a file. The host grants it two directories:
//! `examples/data` read-only as `/data`, and a fresh temporary directory read-write as `/out`. Its stdout and
//! stderr go to `OutputBuffer`s the host reads afterwards, and `proc_exit` comes back as an error carrying
//! `I32Exit`, so the host gets the exit status without the process exiting.
//!
//! A second run leaves out `/out`, so the guest's attempt to write its report beneath the read-only `/data` is
//! refused and it exits with status 1.
//!
//! ```console
//! cargo run -p capvm-wasi --example wasi_command
//! ```

use std::error::Error;
use std::path::{Path, PathBuf};

use capvm_core::{Engine, Linker, Module, Store};
use capvm_wasi::{DirPerms, I32Exit, OutputBuffer, WasiCtx, WasiCtxBuilder};

/// The store's data: the guest's WASI context.
struct State {
    wasi: WasiCtx,
}

/// What a run of the command left behind.
struct Outcome {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs the command's `_start` with `args` (argv[0] first), the host directory `data` read-only as `/data`, and
/// `out`, if given, read-write as `/out`.
fn run(
    engine: &Engine,
    module: &Module,
    args: &[&str],
    data: &Path,
    out: Option<&Path>,
) -> Result<Outcome, Box<dyn Error>> {
    let mut linker: Linker<State> = Linker::new(engine);
    capvm_wasi::add_to_linker(&mut linker, |state| &mut state.wasi)?;

    let stdout = OutputBuffer::new(1 << 20);
    let stderr = OutputBuffer::new(1 << 20);
    let mut builder = WasiCtxBuilder::new();
    builder
        .args(args)
        .stdout(stdout.clone())
        .stderr(stderr.clone())
        .preopened_dir(data, "/data", DirPerms::ReadOnly)?;
    if let Some(out) = out {
        builder.preopened_dir(out, "/out", DirPerms::ReadWrite)?;
    }
    let mut store = Store::new(
        engine,
        State {
            wasi: builder.build()?,
        },
    );

    let instance = linker.instantiate(&mut store, module)?;
    let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
    let status = match start.call(&mut store, ()) {
        Ok(()) => 0, // returning from `_start` is a successful exit
        Err(error) => match error.downcast_ref::<I32Exit>() {
            Some(&I32Exit(status)) => status,
            None => return Err(error.into()), // a trap, not an exit
        },
    };
    if stdout.is_truncated() || stderr.is_truncated() {
        return Err("the guest wrote more output than the buffers hold".into());
    }
    Ok(Outcome {
        status,
        stdout: String::from_utf8(stdout.contents())?,
        stderr: String::from_utf8(stderr.contents())?,
    })
}

/// A new, empty directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> std::io::Result<Self> {
        let path = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)?; // left over by an earlier process with the same id
        }
        std::fs::create_dir(&path)?;
        Ok(Self(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let data = root.join("examples/data");
    let input_len = std::fs::metadata(data.join("capabilities.txt"))?.len();

    let engine = Engine::default();
    let module = Module::from_file(&engine, root.join("examples/wasm/wasi-report.wasm"))?;

    // 1. The report goes to stdout and to /out/report.txt.
    let out = TempDir::new("capvm-wasi-command")?;
    let args = ["wasi-report", "/data/capabilities.txt", "/out/report.txt"];
    let first = run(&engine, &module, &args, &data, Some(&out.0))?;
    print!("{}", first.stdout);
    println!("(exit status {})", first.status);
    assert_eq!(first.status, 0, "stderr: {}", first.stderr);
    let report = first
        .stdout
        .strip_suffix("report written to /out/report.txt\n")
        .ok_or("the guest did not say where it wrote the report")?;
    assert!(report.starts_with("report on /data/capabilities.txt\n"));
    // The guest counted every byte of the file the host granted.
    let bytes_line = format!("\n  bytes:         {input_len}\n");
    assert!(
        report.contains(&bytes_line),
        "no {bytes_line:?} in the report"
    );
    assert_eq!(std::fs::read_to_string(out.0.join("report.txt"))?, report);

    // 2. Without /out, the report would go next to the input, beneath the read-only /data: refused.
    let second = run(&engine, &module, &args[..2], &data, None)?;
    println!(
        "without /out: exit status {}, stderr: {}",
        second.status,
        second.stderr.trim_end()
    );
    assert_eq!(second.status, 1);
    assert_eq!(second.stdout, report); // the report is still printed
    assert!(
        second
            .stderr
            .contains("cannot write /data/capabilities.txt.report.txt")
    );
    Ok(())
}
