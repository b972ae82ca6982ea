//! Command-line flags.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

/// The one size syntax (`64Ki`, `2GiB`, ...), shared with the process extension's `--process-limit`.
pub(crate) use capvm_process::parse_size;

/// capvm: a sandboxed WebAssembly runner.
#[derive(Debug, Parser)]
#[command(
    name = "capvm",
    version,
    about = "Run WebAssembly modules in a capability-based sandbox",
    after_help = "Examples:\n  capvm run --dir ./data::/data app.wasm input.txt\n  capvm app.wasm arg1 arg2          (shorthand for `capvm run`)\n  capvm run --invoke add math.wat 1 2\n  capvm wast i32.wast memory.wast\n  capvm compile app.wasm -o app.cwasm"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a WebAssembly module (.wasm or .wat): its `_start` function, or the export named by --invoke.
    Run(Box<RunArgs>),
    /// Run WebAssembly spec scripts (.wast) with the spec test harness and report every assertion that fails.
    Wast(WastArgs),
    /// Validate and translate a module once and save the result (.cwasm), which `capvm run` loads without
    /// validating and translating again.
    Compile(CompileArgs),
}

/// Options of `capvm compile`.
#[derive(Debug, Args)]
#[command(
    override_usage = "capvm compile [OPTIONS] <FILE> -o <OUTPUT>",
    after_help = "The compiled module is checked when it is loaded: it must come from the same capvm version, and it \
                  runs only with the settings it was compiled with (-W options that switch features, fuel or \
                  timeouts change the translation, so give `capvm run` the same kinds of -W options).\n\n\
                  Example:\n  capvm compile app.wasm -o app.cwasm && capvm run app.cwasm"
)]
pub(crate) struct CompileArgs {
    /// The module to compile (.wasm or .wat).
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,

    /// Where to write the compiled module (default: FILE with the extension `.cwasm`).
    #[arg(short = 'o', long = "output", value_name = "OUTPUT")]
    pub(crate) output: Option<PathBuf>,

    /// As `capvm run -W`: `fuel=N` and `timeout=DURATION` compile the fuel and interrupt checks in, feature
    /// switches (`simd=n`, ...) choose the features. Repeatable. Example: `-W fuel=1`.
    #[arg(short = 'W', value_name = "KEY=VALUE")]
    pub(crate) wasm_options: Vec<String>,
}

/// Options of `capvm wast`.
#[derive(Debug, Args)]
#[command(
    override_usage = "capvm wast <FILE>...",
    after_help = "Each script runs in a fresh store, linked with the `spectest` module; every directive (`module`, \
                  `register`, `invoke` and each `assert_*`) counts as one assertion. One line per file and a \
                  summary go to stdout, with the first failures of each file as `FILE:LINE:COL`.\n\n\
                  Exit status: 0 when every assertion passed, 1 when any failed (a script that does not parse \
                  counts as one failure), 2 for a usage error (no FILE, or one that cannot be read).\n\n\
                  Examples:\n  capvm wast i32.wast memory.wast\n  capvm wast ../shared/testsuite/wasm-2.0   \
                  (every .wast file beneath the directory)"
)]
pub(crate) struct WastArgs {
    /// The `.wast` scripts to run, in order; a directory stands for every `.wast` file beneath it, sorted by
    /// path.
    #[arg(value_name = "FILE", required = true)]
    pub(crate) files: Vec<PathBuf>,

    /// Switch a WebAssembly feature: `simd`, `relaxed-simd`, `tail-call`, `function-references`, `exceptions`,
    /// `multi-memory`, `memory64`, `extended-const` (all on by default) `=y|n`. Repeatable. Example: `-W multi-memory=n -W memory64=n` for
    /// the WebAssembly 2.0 suite.
    #[arg(short = 'W', value_name = "FEATURE=y|n")]
    pub(crate) features: Vec<String>,
}

/// Options of `capvm run`.
#[derive(Debug, Args)]
#[command(
    override_usage = "capvm run [OPTIONS] <FILE> [ARGS]...",
    after_help = "Examples:\n  capvm run --dir .::/ --env LANG=C app.wasm file.txt\n  capvm run --dir /srv/data::/data:readonly report.wasm\n  capvm run --dir .:. --allow-command ls app.wasm   (WasmEdge-style flags work too)\n  capvm run --invoke fib fib.wat 20"
)]
pub(crate) struct RunArgs {
    /// Grant the guest a host directory: `HOST[::GUEST]` (wasmtime form) or `GUEST:HOST` (WasmEdge form),
    /// with `:readonly` appended for read-only access. Repeatable. Example: `--dir ./data::/data:readonly`.
    #[arg(long = "dir", value_name = "DIR")]
    pub(crate) dirs: Vec<String>,

    /// Set an environment variable for the guest: `KEY=VALUE`, or `KEY` to pass the host's value. Repeatable.
    /// Example: `--env LANG=C.UTF-8`.
    #[arg(long = "env", value_name = "KEY[=VALUE]")]
    pub(crate) envs: Vec<String>,

    /// Give the guest the host's entire environment (off by default). Example: `--inherit-env`.
    #[arg(long)]
    pub(crate) inherit_env: bool,

    /// The guest's argv[0] (default: the module's file name). Example: `--argv0 python3`.
    #[arg(long, value_name = "NAME")]
    pub(crate) argv0: Option<OsString>,

    /// Pre-open a listening TCP socket for the guest (it reaches it with sock_accept). Repeatable.
    /// Example: `--tcplisten 127.0.0.1:8080`.
    #[arg(long = "tcplisten", value_name = "ADDR")]
    pub(crate) tcplisten: Vec<String>,

    /// Call this exported function instead of `_start`, with the remaining arguments parsed as its typed
    /// parameters; print its results. Example: `--invoke add math.wat 1 2`.
    #[arg(long, value_name = "NAME")]
    pub(crate) invoke: Option<String>,

    /// Maximum size of each linear memory, in bytes (suffixes K, M, G, Ki, Mi, Gi). Example: `--max-memory 64Mi`.
    #[arg(long, value_name = "SIZE")]
    pub(crate) max_memory: Option<String>,

    /// Maximum WebAssembly call depth. Example: `--max-call-depth 10000`.
    #[arg(long, value_name = "N")]
    pub(crate) max_call_depth: Option<u32>,

    /// Stop the guest after N units of fuel (about one per instruction; see the README): exit status 125.
    /// Example: `--fuel 1000000000`.
    #[arg(long, value_name = "N")]
    pub(crate) fuel: Option<u64>,

    /// Stop the guest after this much wall-clock time (`ms`, `s`, `m` or `h`; seconds without a unit): exit
    /// status 124. Example: `--timeout 30s`.
    #[arg(long, value_name = "DURATION")]
    pub(crate) timeout: Option<String>,

    /// Total number of table elements of all the guest's tables (default 33554432). Example:
    /// `--max-table-elements 1000000`.
    #[arg(long, value_name = "N")]
    pub(crate) max_table_elements: Option<u64>,

    /// A wasmtime-style option: `fuel=N`, `timeout=DURATION`, `max-memory-size=BYTES`,
    /// `max-table-elements=N`, `unknown-imports-trap=y`, `unknown-imports-default=y`, or a feature switch
    /// (`simd`, `relaxed-simd`, `tail-call`, `function-references`, `exceptions`, `multi-memory`, `memory64`,
    /// `extended-const` `=y|n`). Repeatable.
    /// Example: `-W fuel=1000000 -W timeout=10s`.
    #[arg(short = 'W', value_name = "KEY=VALUE")]
    pub(crate) wasm_options: Vec<String>,

    /// Define every function import that nothing provides as a function that traps, naming the import, when
    /// called (also `-W unknown-imports-trap=y`). Example: `--unknown-imports-trap`.
    #[arg(long)]
    pub(crate) unknown_imports_trap: bool,

    /// Define every function import that nothing provides as a function that returns zeros (also
    /// `-W unknown-imports-default=y`). Example: `--unknown-imports-default`.
    #[arg(long)]
    pub(crate) unknown_imports_default: bool,

    /// On exit, print statistics to stderr: wall time, fuel consumed (the number of operators run; --stats
    /// meters fuel, which costs a few percent of speed), linear-memory size, host calls and process-extension
    /// runs. WasmEdge's `--enable-all-statistics` is an alias. Example: `--stats`.
    #[arg(long, alias = "enable-all-statistics")]
    pub(crate) stats: bool,

    #[command(flatten)]
    pub(crate) wasmedge_features: WasmEdgeFeatures,

    /// WasmEdge's name for --fuel. Example: `--gas-limit 1000000`.
    #[arg(long, value_name = "N")]
    pub(crate) gas_limit: Option<u64>,

    /// WasmEdge's timeout, in milliseconds. Example: `--time-limit 5000`.
    #[arg(long, value_name = "MS")]
    pub(crate) time_limit: Option<u64>,

    /// WasmEdge's maximum memory size, in 64 KiB pages. Example: `--memory-page-limit 1024`.
    #[arg(long, value_name = "N")]
    pub(crate) memory_page_limit: Option<u64>,

    /// Let the guest run the host command NAME through the process extension (exact name; repeatable; also
    /// `--allow-command=NAME`). Deny by default. Example: `--allow-command ls --allow-command wc`.
    #[arg(long = "allow-command", value_name = "NAME")]
    pub(crate) allow_commands: Vec<OsString>,

    /// Let the guest run any host command (allowing an interpreter like `sh` grants everything it can do).
    /// Example: `--allow-command-all`.
    #[arg(long)]
    pub(crate) allow_command_all: bool,

    /// Let commands the guest runs receive only these environment variables (repeatable); a run that passes any
    /// other is refused. Without it, any well-formed variable passes except dynamic-loader ones (`LD_*`, `DYLD_*`).
    /// Example: `--process-env-allow LANG --process-env-allow HOME`.
    #[arg(long = "process-env-allow", value_name = "KEY")]
    pub(crate) process_env_allow: Vec<OsString>,

    /// Working directory of commands the guest runs (default: capvm's own). Example: `--process-cwd /tmp`.
    #[arg(long, value_name = "DIR")]
    pub(crate) process_cwd: Option<PathBuf>,

    /// Ceiling on the timeout a guest may ask for a command, in milliseconds. Example:
    /// `--process-timeout-max 5000`.
    #[arg(long, value_name = "MS")]
    pub(crate) process_timeout_max: Option<u32>,

    /// Cap on each captured output stream of a command, in bytes (suffixes as --max-memory). Example:
    /// `--process-output-max 1Mi`.
    #[arg(long, value_name = "BYTES")]
    pub(crate) process_output_max: Option<String>,

    /// Landlock sandbox of the commands the guest runs: `auto` (default; enforce what the kernel supports and say
    /// once what it cannot), `strict` (refuse every command when any part cannot be enforced) or `off`.
    /// Example: `--process-sandbox=strict`.
    #[arg(long, value_name = "MODE")]
    pub(crate) process_sandbox: Option<String>,

    /// Let commands the guest runs also read beneath DIR (beyond the system directories they get by default and
    /// the --dir grants; repeatable). Example: `--process-read /proc`.
    #[arg(long = "process-read", value_name = "DIR")]
    pub(crate) process_read: Vec<PathBuf>,

    /// Let commands the guest runs bind and connect TCP sockets (denied by default). Example:
    /// `--process-allow-net`.
    #[arg(long)]
    pub(crate) process_allow_net: bool,

    /// Resource limits of each command the guest runs: any of cpu, mem, fsize, nofile, nproc (`KEY=none` to
    /// leave one unset). Example: `--process-limit cpu=30s,mem=2GiB,fsize=1GiB,nofile=256,nproc=64`.
    #[arg(long, value_name = "LIMITS")]
    pub(crate) process_limit: Option<String>,

    /// Append one JSON line per command run or refused to FILE. Example: `--process-audit audit.jsonl`.
    #[arg(long, value_name = "FILE")]
    pub(crate) process_audit: Option<PathBuf>,

    /// Cap on commands running at once (a command past it waits until its own deadline). Example:
    /// `--process-max-concurrent 4`.
    #[arg(long, value_name = "N")]
    pub(crate) process_max_concurrent: Option<usize>,

    /// The module to run (a .wasm binary or a .wat text file), then the arguments for the guest (or for --invoke,
    /// the function's parameters). Everything after FILE belongs to the guest, flags included (`app.wasm --help`
    /// passes `--help` to the guest), as in wasmtime.
    #[arg(
        value_name = "FILE",
        required = true,
        num_args = 1..,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub(crate) module_and_args: Vec<OsString>,
}

impl RunArgs {
    /// The module to run.
    pub(crate) fn file(&self) -> &Path {
        self.module_and_args
            .first()
            .map_or_else(|| Path::new(""), |file| Path::new(file))
    }

    /// The arguments after the module, as the guest gets them.
    pub(crate) fn guest_args(&self) -> &[OsString] {
        self.module_and_args.get(1..).unwrap_or(&[])
    }

    /// The arguments after the module as `--invoke` parameters: a `--` right after the module only separates
    /// (no parameter is `--`), so `--invoke f m.wat -- -5` still works.
    pub(crate) fn invoke_args(&self) -> &[OsString] {
        match self.guest_args() {
            [first, rest @ ..] if first == "--" => rest,
            all => all,
        }
    }
}

/// Inserts `run` when the first argument is not a subcommand or a top-level flag, so that `capvm app.wasm` and
/// `capvm --dir . app.wasm` mean `capvm run ...`.
pub(crate) fn with_implicit_run(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_owned);
    let explicit = matches!(
        first.as_deref(),
        Some("run" | "wast" | "compile" | "help" | "--help" | "-h" | "--version" | "-V") | None
    );
    if !explicit {
        args.insert(1, OsString::from("run"));
    }
    args
}

/// A directory grant parsed from `--dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DirSpec {
    pub(crate) host: PathBuf,
    pub(crate) guest: String,
    pub(crate) read_only: bool,
}

/// Parses `HOST[::GUEST][:readonly]` or WasmEdge's `GUEST:HOST[:readonly]`.
pub(crate) fn parse_dir(spec: &str) -> Result<DirSpec, String> {
    let (spec, read_only) = match spec.strip_suffix(":readonly") {
        Some(rest) => (rest, true),
        None => (spec, false),
    };
    if spec.is_empty() {
        return Err("empty --dir".to_string());
    }
    let (host, guest) = if let Some((host, guest)) = spec.split_once("::") {
        (host, guest)
    } else if let Some((guest, host)) = spec.split_once(':') {
        (host, guest)
    } else {
        (spec, spec)
    };
    if host.is_empty() || guest.is_empty() {
        return Err(format!(
            "`{spec}`: both the host and the guest path must be given"
        ));
    }
    Ok(DirSpec {
        host: PathBuf::from(host),
        guest: guest.to_string(),
        read_only,
    })
}

/// WasmEdge's `--disable-NAME` / `--enable-NAME` feature flags.
#[derive(Debug, Default, Args)]
pub(crate) struct WasmEdgeFeatures {
    /// WasmEdge's spelling of `-W simd=n`.
    #[arg(long = "disable-simd", help_heading = "WasmEdge feature flags")]
    pub(crate) disable_simd: bool,
    /// WasmEdge's spelling of `-W simd=y` (on by default).
    #[arg(long = "enable-simd", help_heading = "WasmEdge feature flags")]
    pub(crate) enable_simd: bool,

    /// WasmEdge's spelling of `-W relaxed-simd=n`.
    #[arg(long = "disable-relaxed-simd", help_heading = "WasmEdge feature flags")]
    pub(crate) disable_relaxed_simd: bool,
    /// WasmEdge's spelling of `-W relaxed-simd=y` (on by default).
    #[arg(long = "enable-relaxed-simd", help_heading = "WasmEdge feature flags")]
    pub(crate) enable_relaxed_simd: bool,

    /// WasmEdge's spelling of `-W tail-call=n`.
    #[arg(long = "disable-tail-call", help_heading = "WasmEdge feature flags")]
    pub(crate) disable_tail_call: bool,
    /// WasmEdge's spelling of `-W tail-call=y` (on by default).
    #[arg(long = "enable-tail-call", help_heading = "WasmEdge feature flags")]
    pub(crate) enable_tail_call: bool,

    /// WasmEdge's spelling of `-W function-references=n`.
    #[arg(
        long = "disable-function-references",
        alias = "disable-function-reference",
        help_heading = "WasmEdge feature flags"
    )]
    pub(crate) disable_function_references: bool,
    /// WasmEdge's spelling of `-W function-references=y` (on by default; WasmEdge's own
    /// `--enable-function-reference` is accepted too).
    #[arg(
        long = "enable-function-references",
        alias = "enable-function-reference",
        help_heading = "WasmEdge feature flags"
    )]
    pub(crate) enable_function_references: bool,

    /// WasmEdge's spelling of `-W exceptions=n`.
    #[arg(
        long = "disable-exceptions",
        alias = "disable-exception-handling",
        help_heading = "WasmEdge feature flags"
    )]
    pub(crate) disable_exceptions: bool,
    /// WasmEdge's spelling of `-W exceptions=y` (on by default; WasmEdge's own `--enable-exception-handling` is
    /// accepted too).
    #[arg(
        long = "enable-exceptions",
        alias = "enable-exception-handling",
        help_heading = "WasmEdge feature flags"
    )]
    pub(crate) enable_exceptions: bool,

    /// WasmEdge's spelling of `-W multi-memory=n`.
    #[arg(long = "disable-multi-memory", help_heading = "WasmEdge feature flags")]
    pub(crate) disable_multi_memory: bool,
    /// WasmEdge's spelling of `-W multi-memory=y` (on by default).
    #[arg(long = "enable-multi-memory", help_heading = "WasmEdge feature flags")]
    pub(crate) enable_multi_memory: bool,

    /// WasmEdge's spelling of `-W memory64=n`.
    #[arg(long = "disable-memory64", help_heading = "WasmEdge feature flags")]
    pub(crate) disable_memory64: bool,
    /// WasmEdge's spelling of `-W memory64=y` (on by default).
    #[arg(long = "enable-memory64", help_heading = "WasmEdge feature flags")]
    pub(crate) enable_memory64: bool,

    /// WasmEdge's spelling of `-W extended-const=n`.
    #[arg(
        long = "disable-extended-const",
        help_heading = "WasmEdge feature flags"
    )]
    pub(crate) disable_extended_const: bool,
    /// WasmEdge's spelling of `-W extended-const=y` (on by default).
    #[arg(
        long = "enable-extended-const",
        help_heading = "WasmEdge feature flags"
    )]
    pub(crate) enable_extended_const: bool,
}

impl WasmEdgeFeatures {
    /// Each feature with whether it was disabled and whether it was enabled.
    pub(crate) fn choices(&self) -> [(&'static str, bool, bool); 8] {
        [
            ("simd", self.disable_simd, self.enable_simd),
            (
                "relaxed-simd",
                self.disable_relaxed_simd,
                self.enable_relaxed_simd,
            ),
            ("tail-call", self.disable_tail_call, self.enable_tail_call),
            (
                "function-references",
                self.disable_function_references,
                self.enable_function_references,
            ),
            (
                "exceptions",
                self.disable_exceptions,
                self.enable_exceptions,
            ),
            (
                "multi-memory",
                self.disable_multi_memory,
                self.enable_multi_memory,
            ),
            ("memory64", self.disable_memory64, self.enable_memory64),
            (
                "extended-const",
                self.disable_extended_const,
                self.enable_extended_const,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasmedge_feature_flags_cover_every_feature() {
        let flags: Vec<&str> = WasmEdgeFeatures::default()
            .choices()
            .iter()
            .map(|(name, _, _)| *name)
            .collect();
        assert_eq!(flags, crate::features::all_names());
        // And each name parses as its flags.
        for name in flags {
            let cli = Cli::try_parse_from(["capvm", "run", &format!("--disable-{name}"), "m.wasm"])
                .unwrap_or_else(|e| panic!("--disable-{name}: {e}"));
            let Command::Run(run) = cli.command else {
                panic!("not a run");
            };
            let choice = run.wasmedge_features.choices();
            assert!(choice.iter().any(|(n, disable, _)| *n == name && *disable));
        }
    }

    #[test]
    fn dir_forms() {
        let d = parse_dir("./data::/data").unwrap();
        assert_eq!(
            (d.host, d.guest.as_str(), d.read_only),
            (PathBuf::from("./data"), "/data", false)
        );
        let d = parse_dir("/guest:/host/dir:readonly").unwrap();
        assert_eq!(
            (d.host, d.guest.as_str(), d.read_only),
            (PathBuf::from("/host/dir"), "/guest", true)
        );
        let d = parse_dir(".:.").unwrap();
        assert_eq!((d.host, d.guest.as_str()), (PathBuf::from("."), "."));
        let d = parse_dir("/tmp").unwrap();
        assert_eq!((d.host, d.guest.as_str()), (PathBuf::from("/tmp"), "/tmp"));
        let d = parse_dir("/srv::/:readonly").unwrap();
        assert_eq!(
            (d.host, d.guest.as_str(), d.read_only),
            (PathBuf::from("/srv"), "/", true)
        );
        assert!(parse_dir("::/x").is_err());
        assert!(parse_dir("").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64Ki"), Ok(65536));
        assert_eq!(parse_size("2M"), Ok(2_000_000));
        assert_eq!(parse_size("1Gi"), Ok(1 << 30));
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("x").is_err());
    }

    #[test]
    fn implicit_run() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            with_implicit_run(args(&["capvm", "a.wasm"])),
            args(&["capvm", "run", "a.wasm"])
        );
        assert_eq!(
            with_implicit_run(args(&["capvm", "--dir", ".", "a.wasm"])),
            args(&["capvm", "run", "--dir", ".", "a.wasm"])
        );
        assert_eq!(
            with_implicit_run(args(&["capvm", "run", "a.wasm"])),
            args(&["capvm", "run", "a.wasm"])
        );
        assert_eq!(
            with_implicit_run(args(&["capvm", "wast", "a.wast"])),
            args(&["capvm", "wast", "a.wast"])
        );
        assert_eq!(
            with_implicit_run(args(&["capvm", "--help"])),
            args(&["capvm", "--help"])
        );
    }
}
