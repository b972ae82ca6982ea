//! Test-only guest: the non-filesystem parts of WASI as an ordinary Rust program uses them.
//!
//! ```text
//! wasi-sys args [ARG...]       argc, then `argv[i]=ARG` (escaped) for every argument, program name included
//! wasi-sys env                 every environment variable as `KEY=VALUE`, sorted, then `count=N`
//! wasi-sys time                realtime seconds since the epoch and a monotonicity check over many samples
//! wasi-sys sleep MS            sleeps MS milliseconds with thread::sleep and prints the elapsed monotonic time
//! wasi-sys random N            N bytes from random_get: length, distinct byte values, first 32 bytes in hex
//! wasi-sys cat                 copies stdin to stdout and prints the byte count to stderr
//! wasi-sys exit N              exits with status N (proc_exit)
//! wasi-sys trap                executes `unreachable` two named functions deep
//! wasi-sys panic               panics with a message (Rust prints it to stderr, then aborts with a trap)
//! ```
//!
//! Bad usage exits with status 2.

use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    /// `random_get(buf, buf_len) -> errno`.
    #[link_name = "random_get"]
    fn wasi_random_get(buf: *mut u8, buf_len: usize) -> i32;
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    match rest.as_slice() {
        ["args", ..] => print_args(),
        ["env"] => print_env(),
        ["time"] => time(),
        ["sleep", ms] => match ms.parse() {
            Ok(ms) => sleep(ms),
            Err(_) => usage(),
        },
        ["random", n] => match n.parse() {
            Ok(n) => random(n),
            Err(_) => usage(),
        },
        ["cat"] => cat(),
        ["exit", n] => match n.parse() {
            Ok(n) => std::process::exit(n),
            Err(_) => usage(),
        },
        ["trap"] => {
            capvm_guest_trap_outer(std::hint::black_box(7));
            ExitCode::SUCCESS
        }
        ["panic"] => panic!("wasi-sys was asked to panic"),
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: wasi-sys args|env|time|sleep MS|random N|cat|exit N|trap|panic");
    ExitCode::from(2)
}

fn print_args() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    println!("argc={}", args.len());
    for (i, arg) in args.iter().enumerate() {
        println!("argv[{i}]={}", arg.as_encoded_bytes().escape_ascii());
    }
    ExitCode::SUCCESS
}

fn print_env() -> ExitCode {
    let mut vars: Vec<String> = std::env::vars_os()
        .map(|(k, v)| {
            format!(
                "{}={}",
                k.as_encoded_bytes().escape_ascii(),
                v.as_encoded_bytes().escape_ascii()
            )
        })
        .collect();
    vars.sort();
    for var in &vars {
        println!("{var}");
    }
    println!("count={}", vars.len());
    ExitCode::SUCCESS
}

fn time() -> ExitCode {
    let since_epoch = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    println!("realtime_s={}", since_epoch.as_secs());
    let start = Instant::now();
    let mut previous = start;
    let mut backwards = 0;
    for _ in 0..10_000 {
        let now = Instant::now();
        if now < previous {
            backwards += 1;
        }
        previous = now;
    }
    println!("monotonic_samples=10000");
    println!("monotonic_backwards={backwards}");
    println!("monotonic_advanced={}", previous > start);
    ExitCode::SUCCESS
}

fn sleep(ms: u64) -> ExitCode {
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(ms));
    println!("slept_ms={}", start.elapsed().as_millis());
    ExitCode::SUCCESS
}

fn random(n: usize) -> ExitCode {
    let mut buf = vec![0u8; n];
    // SAFETY: `buf` is a live, writable allocation of exactly `buf.len()` bytes.
    let errno = unsafe { wasi_random_get(buf.as_mut_ptr(), buf.len()) };
    if errno != 0 {
        println!("errno={errno}");
        return ExitCode::FAILURE;
    }
    let mut seen = [false; 256];
    for &b in &buf {
        seen[usize::from(b)] = true;
    }
    println!("len={}", buf.len());
    println!("distinct={}", seen.iter().filter(|&&s| s).count());
    let head: String = buf.iter().take(32).map(|b| format!("{b:02x}")).collect();
    println!("head={head}");
    ExitCode::SUCCESS
}

fn cat() -> ExitCode {
    let mut input = Vec::new();
    if let Err(error) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("read error: {error}");
        return ExitCode::FAILURE;
    }
    let mut out = std::io::stdout();
    if out.write_all(&input).and_then(|()| out.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    eprintln!("read {} bytes", input.len());
    ExitCode::SUCCESS
}

/// The outer named frame of `trap`: keeps its own frame by calling through `black_box`.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn capvm_guest_trap_outer(depth: u32) -> u32 {
    let inner: extern "C" fn(u32) -> u32 = std::hint::black_box(capvm_guest_trap_inner);
    inner(depth).wrapping_add(1)
}

/// The innermost named frame of `trap`: executes `unreachable`.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn capvm_guest_trap_inner(depth: u32) -> u32 {
    if std::hint::black_box(depth) > 0 {
        core::arch::wasm32::unreachable();
    }
    depth
}
