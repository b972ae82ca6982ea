//! The WebAssembly spec suites: one test per `.wast` file, then one line per file and a summary line per suite.
//!
//! With `CAPVM_SPEC_METERED=1` every module is compiled with fuel and interrupt checks (and given all the fuel
//! there is), and translated eagerly rather than lazily, which must change no outcome; the summary line then
//! says "(metered)".
//!
//! The suites are read in place from `../shared/testsuite` (relative to the workspace root), or from the
//! directory in `$CAPVM_TESTSUITE`; `$CAPVM_SPEC_SUITES` chooses which (default `wasm-2.0` and `wasm-3.0`;
//! also `wasm-3.0/relaxed-simd` alone). A
//! missing, empty or partial suite (fewer files than a complete copy holds) fails the run when `CI` is set to a
//! true value and is reported with a note otherwise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use capvm_core::{Config, Engine};
use capvm_wast::{FileReport, WastRunner, count_directives, skip_reason};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// A suite directory (relative to the suite root) and the number of `.wast` files a complete copy holds.
struct Suite {
    dir: &'static str,
    files: usize,
}

/// Every suite the harness knows, with its expected size.
const KNOWN_SUITES: &[Suite] = &[
    Suite {
        dir: "wasm-2.0",
        files: 148,
    },
    Suite {
        dir: "wasm-3.0",
        files: 258,
    },
    // A part of "wasm-3.0" that can run on its own.
    Suite {
        dir: "wasm-3.0/relaxed-simd",
        files: 7,
    },
];

/// The suites run unless `CAPVM_SPEC_SUITES` names others (comma-separated, e.g. `wasm-2.0,wasm-3.0`).
const DEFAULT_SUITES: &[&str] = &["wasm-2.0", "wasm-3.0"];

fn suites() -> Result<Vec<&'static Suite>, String> {
    let names: Vec<String> = match std::env::var("CAPVM_SPEC_SUITES") {
        Ok(list) if !list.trim().is_empty() => {
            list.split(',').map(|s| s.trim().to_string()).collect()
        }
        _ => DEFAULT_SUITES.iter().map(|s| (*s).to_string()).collect(),
    };
    names
        .iter()
        .map(|name| {
            KNOWN_SUITES
                .iter()
                .find(|suite| suite.dir == name)
                .ok_or_else(|| {
                    let known: Vec<&str> = KNOWN_SUITES.iter().map(|s| s.dir).collect();
                    format!(
                        "unknown suite `{name}` in CAPVM_SPEC_SUITES (known: {})",
                        known.join(", ")
                    )
                })
        })
        .collect()
}

/// Whether `CI` is set to a true value (`true`, `1`, `yes`, in any case).
fn in_ci() -> bool {
    std::env::var("CI")
        .is_ok_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

/// How many failures a failing test lists.
const SHOWN_FAILURES: usize = 10;

/// Per-file counts, keyed by path relative to the suite root.
type Results = Arc<Mutex<BTreeMap<String, Counts>>>;

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    passed: usize,
    failed: usize,
    skipped: usize,
}

fn suite_root() -> PathBuf {
    match std::env::var_os("CAPVM_TESTSUITE") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/testsuite"),
    }
}

/// Every `.wast` file under `dir`, recursively, sorted.
fn wast_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            wast_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "wast") {
            out.push(path);
        }
    }
    Ok(())
}

/// The `/`-separated path of `path` relative to `root`.
fn key(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn run_file(path: &Path, key: &str, results: &Results) -> Result<Completion, Failed> {
    let record = |counts: Counts| {
        results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_string(), counts);
    };
    if let Some(skip) = skip_reason(key) {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {key}: {e}"))?;
        let skipped = count_directives(key, &text).map_err(|e| e.to_string())?;
        record(Counts {
            skipped,
            ..Counts::default()
        });
        return Ok(Completion::ignored_with(skip.reason));
    }
    let engine = engine(key);
    let outcome = WastRunner::new(&engine).and_then(|mut runner| runner.run_file(path));
    let report = match outcome {
        Ok(report) => report,
        Err(error) => {
            record(Counts {
                failed: 1,
                ..Counts::default()
            });
            return Err(error.to_string().into());
        }
    };
    record(Counts {
        passed: report.passed,
        failed: report.failed(),
        skipped: report.skipped,
    });
    if report.failures.is_empty() {
        Ok(Completion::Completed)
    } else {
        Err(failure_message(key, &report).into())
    }
}

/// Whether `CAPVM_SPEC_METERED` asks for the metered run: every module compiled with fuel and interrupt checks,
/// which must change no outcome.
fn metered() -> bool {
    std::env::var("CAPVM_SPEC_METERED").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The engine for the file at `key`: a file runs with the features of its suite's version of WebAssembly, so an
/// `assert_invalid` or `assert_malformed` passes only when the module is really rejected there (the 2.0 suite's
/// binary tests, for example, reject encodings that multi-memory and memory64 make valid).
fn engine(key: &str) -> Engine {
    let mut config = Config::new();
    if key.starts_with("wasm-2.0/") {
        config
            .wasm_relaxed_simd(false)
            .wasm_extended_const(false)
            .wasm_tail_call(false)
            .wasm_function_references(false)
            .wasm_exceptions(false)
            .wasm_multi_memory(false)
            .wasm_memory64(false);
    }
    if metered() {
        // The metered run also translates every function when its module is compiled (the other runs translate
        // lazily, the default), so both ways of translating see the whole suite.
        config
            .consume_fuel(true)
            .epoch_interruption(true)
            .lazy_translation(false);
    }
    Engine::new(&config)
}

fn failure_message(key: &str, report: &FileReport) -> String {
    let mut message = format!(
        "{key}: {} of {} assertions failed; the first {}:\n",
        report.failed(),
        report.total(),
        report.failures.len().min(SHOWN_FAILURES)
    );
    for failure in report.failures.iter().take(SHOWN_FAILURES) {
        message.push_str(&format!("  {key}:{failure}\n"));
    }
    message
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let root = suite_root();
    let suites = match suites() {
        Ok(suites) => suites,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for suite in &suites {
        let mut found = Vec::new();
        if let Err(error) = wast_files(&root.join(suite.dir), &mut found) {
            problems.push(format!(
                "{} cannot be listed: {error}",
                root.join(suite.dir).display()
            ));
            continue;
        }
        if found.len() < suite.files {
            problems.push(format!(
                "{} holds {} of the suite's {} .wast files",
                root.join(suite.dir).display(),
                found.len(),
                suite.files
            ));
        }
        files.extend(found);
    }
    if !problems.is_empty() {
        let what = format!(
            "the spec test suite is missing or incomplete: {} (set CAPVM_TESTSUITE to the directory that holds {})",
            problems.join("; "),
            suites.iter().map(|s| s.dir).collect::<Vec<_>>().join(", ")
        );
        if in_ci() {
            eprintln!("error: {what}; with CI set this is a failure");
            return ExitCode::FAILURE;
        }
        println!("note: {what}; running what there is");
    }

    let results: Results = Arc::default();
    let trials = files
        .into_iter()
        .map(|path| {
            let key = key(&root, &path);
            let results = Arc::clone(&results);
            Trial::ignorable_test(key.clone(), move || {
                // A panic outside the runner's per-directive guard still counts the file, as one failure.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run_file(&path, &key, &results)
                }));
                outcome.unwrap_or_else(|_| {
                    results
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .entry(key.clone())
                        .or_insert(Counts {
                            failed: 1,
                            ..Counts::default()
                        });
                    Err(format!("{key}: the runner panicked").into())
                })
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);

    let results = results.lock().unwrap_or_else(PoisonError::into_inner);
    if !results.is_empty() {
        print_summary(&results, &suites);
    }
    conclusion.exit_code()
}

fn print_summary(results: &BTreeMap<String, Counts>, suites: &[&Suite]) {
    println!();
    let mut skipped_by_entry: BTreeMap<&str, (usize, usize, &str)> = BTreeMap::new();
    for (key, counts) in results {
        println!(
            "{key}: {} passed, {} failed, {} skipped",
            counts.passed, counts.failed, counts.skipped
        );
        if let Some(skip) = skip_reason(key) {
            let entry = skipped_by_entry
                .entry(skip.path)
                .or_insert((0, 0, skip.reason));
            entry.0 += 1;
            entry.1 += counts.skipped;
        }
    }
    for (path, (files, assertions, reason)) in &skipped_by_entry {
        println!("skipped {path}: {files} files, {assertions} assertions: {reason}");
    }
    for suite in suites {
        let prefix = format!("{}/", suite.dir);
        let mut counts = Counts::default();
        let mut files = 0;
        for (_, c) in results.iter().filter(|(k, _)| k.starts_with(&prefix)) {
            files += 1;
            counts.passed += c.passed;
            counts.failed += c.failed;
            counts.skipped += c.skipped;
        }
        println!(
            "spec {}{}: {files} files, {} assertions: {} passed, {} failed, {} skipped",
            suite.dir.replace('/', " "),
            if metered() { " (metered)" } else { "" },
            counts.passed + counts.failed + counts.skipped,
            counts.passed,
            counts.failed,
            counts.skipped
        );
    }
}
