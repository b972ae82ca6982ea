//! Test-only guest: runs one host command described by its own arguments and prints what came back.
//!
//! ```text
//! process-probe [@OPTION...] NAME [ARG...]
//!
//!   @timeout=MS        Command::timeout(MS)
//!   @stdin=TEXT        append TEXT to the command's stdin
//!   @stdin-bytes=N     append N bytes 'x' to the command's stdin
//!   @env=KEY=VALUE     set KEY in the command's environment (after the guest's own, copied by Command::new)
//!   @clear-env         start the command's environment empty instead of from the guest's
//!   @raw               make the host calls with the raw imports instead of Command (lets NUL bytes through)
//!   @print-max=N       print at most N bytes of each stream (the lengths are always exact)
//!   @pause-ms=N        after printing, print `paused` and sleep N ms before exiting
//!   @repeat=N          run the command N times (the report is the last run's); default 1
//!   @wait-stdin        after the first run, print `baseline` and wait for a line on stdin before the others
//!   @write=PATH=TEXT   before running, write TEXT to the file PATH (a path in a preopened directory)
//! ```
//!
//! NAME, ARGs and the TEXT/KEY/VALUE of options are decoded: `\xNN` is the byte NN and `\\` a backslash; nothing
//! else is special. Options end at the first argument that does not start with `@`.
//!
//! Output, one `key=value` per line, values escaped with `escape_ascii`:
//!
//! ```text
//! status=0
//! elapsed_ms=3
//! stdout_len=3
//! stderr_len=0
//! stdout=hi\n
//! stderr=
//! ```
//!
//! When `Command::try_output` refuses the command before calling the host, a single `error=...` line is printed
//! instead. Bad probe arguments exit with status 2.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use capvm_guest::Command;

/// The probe's parsed arguments.
#[derive(Default)]
struct Probe {
    timeout: Option<u32>,
    stdin: Vec<u8>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
    clear_env: bool,
    raw: bool,
    print_max: usize,
    pause_ms: u64,
    repeat: u32,
    wait_stdin: bool,
    writes: Vec<(String, Vec<u8>)>,
    name: Vec<u8>,
    args: Vec<Vec<u8>>,
}

/// Decodes `\xNN` and `\\`.
fn decode(text: &str) -> Result<Vec<u8>, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'\\') => {
                out.push(b'\\');
                i += 2;
            }
            Some(b'x') => {
                let hex = text
                    .get(i + 2..i + 4)
                    .ok_or_else(|| format!("short \\x escape in {text:?}"))?;
                let byte = u8::from_str_radix(hex, 16)
                    .map_err(|_| format!("bad \\x escape in {text:?}"))?;
                out.push(byte);
                i += 4;
            }
            _ => return Err(format!("unknown escape in {text:?} (only \\xNN and \\\\)")),
        }
    }
    Ok(out)
}

fn number<T: std::str::FromStr>(option: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("@{option}: `{value}` is not a number"))
}

fn parse(args: &[String]) -> Result<Probe, String> {
    let mut probe = Probe {
        print_max: usize::MAX,
        repeat: 1,
        ..Probe::default()
    };
    let mut rest = args.iter();
    loop {
        let Some(arg) = rest.next() else {
            return Err("no command name given".to_owned());
        };
        let Some(option) = arg.strip_prefix('@') else {
            probe.name = decode(arg)?;
            break;
        };
        let (key, value) = option.split_once('=').unwrap_or((option, ""));
        match key {
            "timeout" => probe.timeout = Some(number(key, value)?),
            "stdin" => probe.stdin.extend(decode(value)?),
            "stdin-bytes" => {
                let n: usize = number(key, value)?;
                probe.stdin.resize(probe.stdin.len() + n, b'x');
            }
            "env" => {
                let (k, v) = value.split_once('=').ok_or("@env needs KEY=VALUE")?;
                probe.env.push((decode(k)?, decode(v)?));
            }
            "clear-env" => probe.clear_env = true,
            "raw" => probe.raw = true,
            "print-max" => probe.print_max = number(key, value)?,
            "pause-ms" => probe.pause_ms = number(key, value)?,
            "repeat" => probe.repeat = number(key, value)?,
            "wait-stdin" => probe.wait_stdin = true,
            "write" => {
                let (path, text) = value.split_once('=').ok_or("@write needs PATH=TEXT")?;
                probe.writes.push((path.to_owned(), decode(text)?));
            }
            _ => return Err(format!("unknown option @{key}")),
        }
    }
    for arg in rest {
        probe.args.push(decode(arg)?);
    }
    Ok(probe)
}

/// (status, stdout, stderr) of one run, or why the guest crate refused to send it.
type Outcome = Result<(i32, Vec<u8>, Vec<u8>), String>;

fn utf8(bytes: &[u8], what: &str) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| format!("{what} is not UTF-8; use @raw"))
}

/// The normal path: the `wasmedge_process_interface` API of capvm-guest.
fn with_command(probe: &Probe) -> Outcome {
    let mut command = Command::new(utf8(&probe.name, "the name")?);
    if probe.clear_env {
        command.envp_map.clear();
    }
    for arg in &probe.args {
        command.arg(utf8(arg, "an argument")?);
    }
    for (key, value) in &probe.env {
        command.env(utf8(key, "an env key")?, utf8(value, "an env value")?);
    }
    command.stdin_u8vec(&probe.stdin);
    if let Some(ms) = probe.timeout {
        command.timeout(ms);
    }
    let out = command.try_output().map_err(|err| err.to_string())?;
    Ok((out.status, out.stdout, out.stderr))
}

/// The raw path: the imports themselves, in the crate's call order, with any bytes.
#[allow(unsafe_code, reason = "the raw imports are the point of this mode")]
fn with_raw_imports(probe: &Probe) -> Outcome {
    use capvm_guest::wasmedge_process as sys;

    fn len(bytes: &[u8]) -> u32 {
        u32::try_from(bytes.len()).unwrap_or(u32::MAX)
    }
    let mut env: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    if !probe.clear_env {
        env.extend(std::env::vars().map(|(k, v)| (k.into_bytes(), v.into_bytes())));
    }
    env.extend(probe.env.iter().cloned());
    // SAFETY: every pointer/length pair comes from one live slice of this guest's memory; the output buffers are
    // allocated with exactly the lengths the host reported just before.
    unsafe {
        sys::wasmedge_process_set_prog_name(probe.name.as_ptr().cast(), len(&probe.name));
        for arg in &probe.args {
            sys::wasmedge_process_add_arg(arg.as_ptr().cast(), len(arg));
        }
        for (key, value) in &env {
            sys::wasmedge_process_add_env(
                key.as_ptr().cast(),
                len(key),
                value.as_ptr().cast(),
                len(value),
            );
        }
        sys::wasmedge_process_set_timeout(probe.timeout.unwrap_or(10_000));
        sys::wasmedge_process_add_stdin(probe.stdin.as_ptr().cast(), len(&probe.stdin));
        let status = sys::wasmedge_process_run();
        let mut stdout = vec![0; sys::wasmedge_process_get_stdout_len() as usize];
        let mut stderr = vec![0; sys::wasmedge_process_get_stderr_len() as usize];
        sys::wasmedge_process_get_stdout(stdout.as_mut_ptr());
        sys::wasmedge_process_get_stderr(stderr.as_mut_ptr());
        Ok((status, stdout, stderr))
    }
}

fn shown(bytes: &[u8], max: usize) -> String {
    bytes.get(..max).unwrap_or(bytes).escape_ascii().to_string()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let probe = match parse(&args) {
        Ok(probe) => probe,
        Err(err) => {
            eprintln!("process-probe: {err}");
            return ExitCode::from(2);
        }
    };
    for (path, text) in &probe.writes {
        if let Err(err) = std::fs::write(path, text) {
            eprintln!("process-probe: cannot write {path}: {err}");
            return ExitCode::from(2);
        }
    }
    let run_once = || {
        if probe.raw {
            with_raw_imports(&probe)
        } else {
            with_command(&probe)
        }
    };
    let mut start = Instant::now();
    let mut outcome = run_once();
    for round in 1..probe.repeat {
        if round == 1 && probe.wait_stdin {
            println!("baseline");
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_err() {
                return ExitCode::FAILURE;
            }
        }
        start = Instant::now();
        outcome = run_once();
    }
    let elapsed = start.elapsed();
    let mut text = String::new();
    match outcome {
        Ok((status, stdout, stderr)) => {
            text.push_str(&format!(
                "status={status}\nelapsed_ms={}\n",
                elapsed.as_millis()
            ));
            text.push_str(&format!(
                "stdout_len={}\nstderr_len={}\n",
                stdout.len(),
                stderr.len()
            ));
            text.push_str(&format!("stdout={}\n", shown(&stdout, probe.print_max)));
            text.push_str(&format!("stderr={}\n", shown(&stderr, probe.print_max)));
        }
        Err(err) => text.push_str(&format!("error={}\n", err.escape_default())),
    }
    let mut out = std::io::stdout();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    if probe.pause_ms > 0 {
        println!("paused");
        std::thread::sleep(Duration::from_millis(probe.pause_ms));
    }
    ExitCode::SUCCESS
}
