//! `capvm run`: load the module, grant the capabilities the flags describe, and run it.

use std::ffi::OsString;
use std::net::TcpListener;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use std::time::Instant;

use capvm_core::{Config, Engine, Func, Linker, Module, Store, TrapCode, Val};
use capvm_process::{AuditLog, DirAccess, ProcessPolicy, ProcessState, SandboxMode};
use capvm_wasi::{DirPerms, I32Exit, WasiCtx, WasiCtxBuilder};

use crate::args::{CompileArgs, DirSpec, RunArgs, parse_dir, parse_size};
use crate::invoke::{format_result, parse_arg};
use crate::limits::{Limits, UnknownImports};
use crate::report::Failure;

/// What host functions reach in the store.
struct Host {
    wasi: WasiCtx,
    process: ProcessState,
}

/// Runs the module; the returned exit code is the guest's.
pub(crate) fn run(args: RunArgs) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let file = args.file();
    if file.as_os_str().as_encoded_bytes().starts_with(b"-") {
        // FILE may start with anything, so an unknown flag before it lands here.
        return Err(Failure::Usage(format!(
            "unknown flag `{}` (capvm's flags come before FILE; to give it to the guest, put it after FILE, as in \
             `capvm run app.wasm {}`; a module whose name starts with `-` is `./{}`)",
            file.display(),
            file.display(),
            file.display()
        )));
    }
    let limits = Limits::from_args(&args)?;
    let mut config = Config::new();
    limits.configure(&mut config);
    if args.stats {
        // Fuel counts the operators run.
        config.consume_fuel(true);
    }
    let engine = Engine::new(&config);
    let module = load_module(&engine, args.file())?;

    let wasi = build_wasi(&args)?;
    let process = ProcessState::new(build_policy(&args)?);
    let mut store = Store::new(&engine, Host { wasi, process });
    let initial_fuel = match (limits.fuel, args.stats) {
        (Some(fuel), _) => Some(fuel),
        (None, true) => Some(u64::MAX),
        (None, false) => None,
    };
    if let Some(fuel) = initial_fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Failure::Setup(format!("--fuel: {e}")))?;
    }
    let mut linker: Linker<Host> = Linker::new(&engine);
    capvm_wasi::add_to_linker(&mut linker, |host: &mut Host| &mut host.wasi)
        .map_err(|e| Failure::Setup(format!("cannot register WASI: {e}")))?;
    capvm_process::add_to_linker(&mut linker, |host: &mut Host| &mut host.process)
        .map_err(|e| Failure::Setup(format!("cannot register the process extension: {e}")))?;

    match limits.unknown_imports {
        Some(UnknownImports::Trap) => linker.define_unknown_imports_as_traps(&module),
        Some(UnknownImports::Default) => linker.define_unknown_imports_as_default_values(&module),
        None => Ok(&mut linker),
    }
    .map_err(|e| Failure::Setup(format!("cannot define the unknown imports: {e}")))?;

    // The timeout starts with instantiation (a start function counts too). The interrupt also wakes a guest
    // blocked in WASI's poll_oneoff and kills a host command it waits for.
    if let Some(timeout) = limits.timeout {
        let handle = store.interrupt_handle();
        // The thread sleeps until the deadline; the process exits without waiting for it.
        std::thread::spawn(move || {
            std::thread::sleep(timeout);
            handle.interrupt();
        });
    }
    let file = args.file().display().to_string();
    let outcome = run_instance(&args, &limits, &linker, &mut store, &module, &file);
    if args.stats {
        print_stats(&store, started, initial_fuel);
    }
    match outcome {
        Err(Failure::Trap { file, error }) if error.exception().is_some() => {
            let values = error
                .exception()
                .and_then(|exn| exn.fields(&store).ok())
                .unwrap_or_default();
            Err(Failure::Exception {
                file,
                values: values.iter().map(|v| format!("{} {v}", v.ty())).collect(),
            })
        }
        Err(Failure::Trap { file, error }) => Err(explain_trap(file, error, &limits)),
        other => other,
    }
}

/// `--stats`: what the run took, on stderr.
fn print_stats(store: &Store<Host>, started: Instant, initial_fuel: Option<u64>) {
    let fuel = match (initial_fuel, store.get_fuel()) {
        (Some(initial), Ok(left)) => initial.saturating_sub(left).to_string(),
        _ => "not metered".to_string(),
    };
    let bytes = store.memory_bytes();
    eprintln!(
        "capvm stats: wall time {:.3} ms, fuel consumed {fuel}, linear memory {} pages ({} bytes), host calls {}, \
         process runs {}",
        started.elapsed().as_secs_f64() * 1000.0,
        bytes / 65_536,
        bytes,
        store.host_calls(),
        store.data().process.runs()
    );
}

/// Instantiates the module and runs its `_start`, or the export named by `--invoke`.
fn run_instance(
    args: &RunArgs,
    limits: &Limits,
    linker: &Linker<Host>,
    store: &mut Store<Host>,
    module: &Module,
    file: &str,
) -> Result<ExitCode, Failure> {
    let instance = match linker.instantiate(&mut *store, module) {
        Ok(instance) => instance,
        // Running out of fuel or time in a start function is reported as such, not as a link failure.
        Err(error) if is_limit_trap(&error, limits) => {
            return Err(Failure::Trap {
                file: file.to_string(),
                error,
            });
        }
        Err(error) => return Err(Failure::module(args.file(), &error)),
    };
    // A reactor (or any module with `_initialize`) is initialized before anything else is called, as wasmtime
    // does.
    if let Some(init) = instance.get_func(&*store, "_initialize") {
        let ty = init.ty(&*store);
        if !ty.params().is_empty() || !ty.results().is_empty() {
            return Err(Failure::Setup(format!(
                "`{file}`'s `_initialize` has type {ty}, but it must take no parameters and return nothing"
            )));
        }
        if let Err(error) = init.call(&mut *store, &[], &mut []) {
            return stopped(file, error);
        }
    }
    if let Some(name) = &args.invoke {
        let func = instance.get_func(&*store, name).ok_or_else(|| {
            Failure::Setup(format!("`{file}` has no exported function called `{name}`"))
        })?;
        return invoke(store, func, name, args.invoke_args(), file);
    }
    let Some(start) = instance.get_func(&*store, "_start") else {
        let functions: Vec<String> = module
            .exports()
            .filter(|export| {
                matches!(export.ty(), capvm_core::ExternType::Func(_))
                    && export.name() != "_initialize"
            })
            .map(|export| format!("`{}`", export.name()))
            .collect();
        let listed = match functions.len() {
            0 => "it exports no other function".to_string(),
            _ => format!("its functions: {}", functions.join(", ")),
        };
        let what = if instance.get_func(&*store, "_initialize").is_some() {
            "is a reactor (it exports `_initialize` and no `_start`)"
        } else {
            "exports no `_start` function"
        };
        return Err(Failure::Setup(format!(
            "`{file}` {what}; use --invoke NAME to call one of its exports ({listed})"
        )));
    };
    let ty = start.ty(&*store);
    if !ty.params().is_empty() || !ty.results().is_empty() {
        return Err(Failure::Setup(format!(
            "`{file}`'s `_start` has type {ty}, but a command's `_start` takes no parameters and returns \
             nothing; use --invoke _start to call it as a function and print its results"
        )));
    }
    match start.call(&mut *store, &[], &mut []) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(error) => stopped(file, error),
    }
}

/// What a call that ended in `error` means for the process: the guest's own exit status (`proc_exit`), or a
/// trap.
fn stopped(file: &str, error: capvm_core::Error) -> Result<ExitCode, Failure> {
    match error.downcast_ref::<I32Exit>() {
        Some(exit) => guest_exit(file, exit.0),
        None => Err(Failure::Trap {
            file: file.to_string(),
            error,
        }),
    }
}

/// Whether `error` is the trap of a limit this run set (fuel or the timeout).
fn is_limit_trap(error: &capvm_core::Error, limits: &Limits) -> bool {
    match error.trap_code() {
        Some(TrapCode::OutOfFuel) => limits.fuel.is_some(),
        Some(TrapCode::Interrupt) => limits.timeout.is_some(),
        _ => false,
    }
}

/// Names the limit behind a trap: running out of fuel, or the timeout (the only interrupt this command sends).
fn explain_trap(file: String, error: capvm_core::Error, limits: &Limits) -> Failure {
    match (error.trap_code(), limits.fuel, limits.timeout) {
        (Some(TrapCode::OutOfFuel), Some(fuel), _) => Failure::OutOfFuel { file, fuel, error },
        (Some(TrapCode::Interrupt), _, Some(timeout)) => Failure::TimedOut {
            file,
            timeout,
            error,
        },
        _ => Failure::Trap { file, error },
    }
}

/// The process exit code for the guest's `proc_exit(status)`: the status itself when a process can report it
/// (0..=255), otherwise a failure (never a truncation that could turn an error status into success).
fn guest_exit(file: &str, status: i32) -> Result<ExitCode, Failure> {
    match u8::try_from(status) {
        Ok(code) => Ok(ExitCode::from(code)),
        Err(_) => Err(Failure::ExitStatus {
            file: file.to_string(),
            // `proc_exit` takes a u32; show the guest's value, not its i32 reinterpretation.
            status: status as u32,
        }),
    }
}

fn invoke(
    store: &mut Store<Host>,
    func: Func,
    name: &str,
    args: &[OsString],
    file: &str,
) -> Result<ExitCode, Failure> {
    let ty = func.ty(&*store);
    if args.len() != ty.params().len() {
        let count = |n: usize| match n {
            1 => "1 argument".to_string(),
            n => format!("{n} arguments"),
        };
        return Err(Failure::Setup(format!(
            "`{name}` has type {ty} and takes {}, but {} given",
            count(ty.params().len()),
            match args.len() {
                1 => "1 was".to_string(),
                n => format!("{n} were"),
            }
        )));
    }
    let params = args
        .iter()
        .zip(ty.params())
        .map(|(arg, ty)| parse_arg(arg, *ty))
        .collect::<Result<Vec<Val>, String>>()
        .map_err(|e| Failure::Setup(format!("invalid argument for `{name}`: {e}")))?;
    let mut results: Vec<Val> = ty
        .results()
        .iter()
        .map(|t| Val::default_for(*t).unwrap_or(Val::I32(0)))
        .collect();
    match func.call(&mut *store, &params, &mut results) {
        Ok(()) => {
            for result in &results {
                println!("{}", format_result(result));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => stopped(file, error),
    }
}

fn load_module(engine: &Engine, path: &Path) -> Result<Module, Failure> {
    let file = path.display();
    let bytes =
        std::fs::read(path).map_err(|e| Failure::Setup(format!("cannot read `{file}`: {e}")))?;
    if bytes.starts_with(COMPILED_MAGIC) {
        return Module::deserialize(engine, &bytes).map_err(|e| {
            Failure::Setup(format!(
                "`{file}` is a compiled module that cannot be loaded here: {e} (compile it again with `capvm \
                 compile`, giving the same kinds of -W options as this run)"
            ))
        });
    }
    if bytes.starts_with(b"\0asm\x0d\0\x01\0") {
        return Err(Failure::Setup(format!(
            "`{file}` is a WebAssembly component, not a core module; capvm runs core modules (build for \
             wasm32-wasip1, not wasm32-wasip2)"
        )));
    }
    if !bytes.starts_with(b"\0asm") {
        let looks_like_text = std::str::from_utf8(&bytes).is_ok_and(starts_like_wat);
        if !looks_like_text {
            return Err(Failure::Setup(format!(
                "`{file}` is not a WebAssembly module: it has no `\\0asm` header and is not WebAssembly text \
                 (which starts with `(`)"
            )));
        }
    }
    Module::new(engine, &bytes).map_err(|e| Failure::module(path, &e))
}

/// How a module saved by `capvm compile` (`Module::serialize`) starts.
const COMPILED_MAGIC: &[u8] = b"\0capvm-module";

/// `capvm compile`: validates and translates FILE with the engine its -W options describe and writes the result.
pub(crate) fn compile(args: &CompileArgs) -> Result<ExitCode, Failure> {
    let limits = Limits::from_options(&args.wasm_options)?;
    let mut config = Config::new();
    limits.configure(&mut config);
    let engine = Engine::new(&config);
    let module = load_module(&engine, &args.file)?;
    let bytes = module
        .serialize()
        .map_err(|e| Failure::Setup(format!("cannot serialize `{}`: {e}", args.file.display())))?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("cwasm"));
    std::fs::write(&output, bytes)
        .map_err(|e| Failure::Setup(format!("cannot write `{}`: {e}", output.display())))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether `text` starts, after white space and comments, with `(` as every WebAssembly text module does.
fn starts_like_wat(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix(";;") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else if rest.starts_with("(;") {
            match skip_block_comment(rest) {
                Some(after) => rest = after,
                None => return false,
            }
        } else {
            return rest.starts_with('(');
        }
    }
}

/// The text after the (possibly nested) block comment `(; ... ;)` at the start of `text`, if it is closed.
fn skip_block_comment(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'(', b';') => {
                depth += 1;
                i += 2;
            }
            (b';', b')') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return text.get(i..);
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn build_wasi(args: &RunArgs) -> Result<WasiCtx, Failure> {
    let mut builder = WasiCtxBuilder::new();
    let program = args.file().file_name().map_or_else(
        || args.file().as_os_str().to_os_string(),
        |n| n.to_os_string(),
    );
    let program = args.argv0.clone().unwrap_or(program);
    builder.arg(program.as_encoded_bytes());
    for arg in args.guest_args() {
        builder.arg(arg.as_encoded_bytes());
    }
    if args.inherit_env {
        builder.inherit_env();
    }
    for env in &args.envs {
        match env.split_once('=') {
            Some((key, value)) => {
                builder.env(key, value);
            }
            None => match std::env::var_os(env) {
                Some(value) => {
                    builder.env(env, value.as_encoded_bytes());
                }
                None => {
                    return Err(Failure::Setup(format!(
                        "--env {env}: the host has no variable called `{env}`"
                    )));
                }
            },
        }
    }
    for (dir, spec) in args.dirs.iter().zip(dir_specs(args)?) {
        let perms = if spec.read_only {
            DirPerms::ReadOnly
        } else {
            DirPerms::ReadWrite
        };
        builder
            .preopened_dir(&spec.host, &spec.guest, perms)
            .map_err(|e| {
                Failure::Setup(format!(
                    "--dir {dir}: cannot open `{}`: {e}",
                    spec.host.display()
                ))
            })?;
    }
    for addr in &args.tcplisten {
        let listener = TcpListener::bind(addr)
            .map_err(|e| Failure::Setup(format!("--tcplisten {addr}: {e}")))?;
        builder.preopened_socket(listener);
    }
    builder.inherit_stdio();
    builder
        .build()
        .map_err(|e| Failure::Setup(format!("invalid WASI configuration: {e}")))
}

/// The `--dir` grants, parsed once for WASI and for the commands the guest runs; one guest path, one directory.
fn dir_specs(args: &RunArgs) -> Result<Vec<DirSpec>, Failure> {
    let mut specs: Vec<DirSpec> = Vec::with_capacity(args.dirs.len());
    for dir in &args.dirs {
        let spec = parse_dir(dir).map_err(|e| Failure::Setup(format!("--dir {dir}: {e}")))?;
        if specs.iter().any(|earlier| earlier.guest == spec.guest) {
            return Err(Failure::Setup(format!(
                "--dir {dir}: the guest path `{}` is already granted by an earlier --dir (one guest path, one \
                 directory)",
                spec.guest
            )));
        }
        specs.push(spec);
    }
    Ok(specs)
}

fn build_policy(args: &RunArgs) -> Result<ProcessPolicy, Failure> {
    let mut policy = ProcessPolicy::builder();
    policy.allow_commands(&args.allow_commands);
    policy.allow_all_commands(args.allow_command_all);
    let runs_commands = args.allow_command_all || !args.allow_commands.is_empty();
    // capvm starts no other children, so becoming a child subreaper (to kill what a command detaches) changes
    // nothing else here.
    policy.reap_orphans(runs_commands && cfg!(target_os = "linux"));
    if let Some(mode) = &args.process_sandbox {
        let mode: SandboxMode = mode
            .parse()
            .map_err(|e| Failure::Setup(format!("--process-sandbox: {e}")))?;
        policy.sandbox(mode);
    }
    // The guest's directory grants reach its commands too, with the same access.
    for spec in dir_specs(args)? {
        let access = if spec.read_only {
            DirAccess::ReadOnly
        } else {
            DirAccess::ReadWrite
        };
        policy.grant_dir(spec.host, access);
    }
    for dir in &args.process_read {
        policy.read_path(dir.clone());
    }
    policy.allow_net(args.process_allow_net);
    if let Some(spec) = &args.process_limit {
        let limits: capvm_process::Limits = spec
            .parse()
            .map_err(|e| Failure::Setup(format!("--process-limit: {e}")))?;
        policy.limits(limits);
    }
    if let Some(path) = &args.process_audit {
        let log =
            AuditLog::open(path).map_err(|e| Failure::Setup(format!("--process-audit: {e}")))?;
        policy.audit(Arc::new(log));
    }
    if let Some(max) = args.process_max_concurrent {
        policy.max_concurrent_runs(max);
    }
    if let Some(dir) = &args.process_cwd {
        policy.cwd(dir.clone());
    }
    if !args.process_env_allow.is_empty() {
        for key in &args.process_env_allow {
            policy.allow_env_var(key);
        }
        policy.only_allowed_env_vars(true);
    }
    if let Some(ms) = args.process_timeout_max {
        policy.max_timeout_ms(ms);
    }
    if let Some(bytes) = &args.process_output_max {
        let bytes =
            parse_size(bytes).map_err(|e| Failure::Setup(format!("--process-output-max: {e}")))?;
        policy.output_cap(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
    let policy = policy
        .build()
        .map_err(|e| Failure::Setup(format!("invalid process policy: {e}")))?;
    if runs_commands && let Some(note) = policy.sandbox_report().gaps_note() {
        eprintln!("capvm: {note}");
    }
    if runs_commands && cfg!(target_os = "linux") && !policy.reaps_orphans() {
        eprintln!(
            "capvm: capvm runs with no_new_privs, so processes that commands detach cannot be told from its own \
             and are not killed after each run"
        );
    }
    Ok(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_modules_are_recognised_past_comments() {
        assert!(starts_like_wat("(module)"));
        assert!(starts_like_wat("\u{feff}  \n(module)"));
        assert!(starts_like_wat(";; a comment\n(module)"));
        assert!(starts_like_wat("(; block (; nested ;) ;) (module)"));
        assert!(!starts_like_wat("hello world"));
        assert!(!starts_like_wat(";; only a comment"));
        assert!(!starts_like_wat("(; unclosed"));
        assert!(!starts_like_wat(""));
    }

    #[test]
    fn exit_statuses_beyond_255_are_failures() {
        assert_eq!(guest_exit("m", 0).ok(), Some(ExitCode::SUCCESS));
        assert_eq!(guest_exit("m", 255).ok(), Some(ExitCode::from(255)));
        assert!(matches!(
            guest_exit("m", 256),
            Err(Failure::ExitStatus { status: 256, .. })
        ));
        assert!(matches!(
            guest_exit("m", -1),
            Err(Failure::ExitStatus {
                status: u32::MAX,
                ..
            })
        ));
    }
}
