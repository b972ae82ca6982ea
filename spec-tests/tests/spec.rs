//! The WebAssembly 2.0 spec suite: one test per `.wast` file, then one line per file and a summary line.
//!
//! With `CAPVM_SPEC_METERED=1` every module is compiled with fuel and interrupt checks (and given all the fuel
//! there is), which must change no outcome; the summary line then says "(metered)".
//!
//! The suite is read in place from `../shared/testsuite` (relative to the workspace root), or from the directory
//! in `$CAPVM_TESTSUITE`. A missing suite fails the run when `CI=true` and is reported with a note otherwise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use spec_tests::{FileReport, WastRunner, count_directives, skip_reason};
use vm_core::{Config, Engine};

/// The suite directories run, relative to the suite root.
const SUITES: &[&str] = &["wasm-2.0"];

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
    let engine = engine();
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

fn engine() -> Engine {
    let mut config = Config::new();
    if metered() {
        config.consume_fuel(true).epoch_interruption(true);
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
    let missing: Vec<&str> = SUITES
        .iter()
        .copied()
        .filter(|suite| !root.join(suite).is_dir())
        .collect();
    if !missing.is_empty() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        let what = format!(
            "the spec test suite is missing: {} not found under {} (set CAPVM_TESTSUITE to the directory that \
             holds {})",
            missing.join(", "),
            root.display(),
            SUITES.join(", ")
        );
        if ci {
            eprintln!("error: {what}; with CI=true this is a failure");
            return ExitCode::FAILURE;
        }
        println!("note: {what}; no spec tests were run");
        return ExitCode::SUCCESS;
    }

    let mut files = Vec::new();
    for suite in SUITES {
        if let Err(error) = wast_files(&root.join(suite), &mut files) {
            eprintln!("error: cannot list {}: {error}", root.join(suite).display());
            return ExitCode::FAILURE;
        }
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
        print_summary(&results);
    }
    conclusion.exit_code()
}

fn print_summary(results: &BTreeMap<String, Counts>) {
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
    for suite in SUITES {
        let prefix = format!("{suite}/");
        let mut counts = Counts::default();
        let mut files = 0;
        for (_, c) in results.iter().filter(|(k, _)| k.starts_with(&prefix)) {
            files += 1;
            counts.passed += c.passed;
            counts.failed += c.failed;
            counts.skipped += c.skipped;
        }
        println!(
            "spec {suite}{}: {files} files, {} assertions: {} passed, {} failed, {} skipped",
            if metered() { " (metered)" } else { "" },
            counts.passed + counts.failed + counts.skipped,
            counts.passed,
            counts.failed,
            counts.skipped
        );
    }
}
