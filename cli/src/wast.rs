//! `capvm wast`: run `.wast` spec scripts with the spec test harness (`capvm-wast`'s [`WastRunner`]), then print
//! one line per file, its first failures, and a summary.

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use capvm_core::{Config, Engine};
use capvm_wast::{FileReport, WastRunner};

use crate::args::WastArgs;
use crate::features::{self, Features};
use crate::report::Failure;

/// How many failures are listed per file, as the spec test harness lists them.
const SHOWN_FAILURES: usize = 10;

/// A script read from disk.
struct Script {
    /// The path as given (or found beneath a directory given), as reports name it.
    name: String,
    text: String,
}

/// What running one script gave.
enum Outcome {
    /// The script ran; its assertions are counted in the report.
    Ran(FileReport),
    /// The script could not be run (it does not parse, or the runner failed): one failure.
    Error(String),
}

impl Outcome {
    fn passed(&self) -> usize {
        match self {
            Self::Ran(report) => report.passed,
            Self::Error(_) => 0,
        }
    }

    fn failed(&self) -> usize {
        match self {
            Self::Ran(report) => report.failed(),
            Self::Error(_) => 1,
        }
    }

    fn skipped(&self) -> usize {
        match self {
            Self::Ran(report) => report.skipped,
            Self::Error(_) => 0,
        }
    }
}

/// Runs every script; the exit code is 0 when every assertion passed, 1 otherwise.
pub(crate) fn wast(args: &WastArgs) -> Result<ExitCode, Failure> {
    let mut features = Features::default();
    for option in &args.features {
        let known = option
            .split_once('=')
            .map(|(key, value)| features.apply(key, value))
            .unwrap_or(Ok(false))
            .map_err(|e| Failure::Usage(format!("-W {option}: {e}")))?;
        if !known {
            return Err(Failure::Usage(format!(
                "-W {option}: expected a feature switch, one of {}",
                features::names()
            )));
        }
    }
    let mut config = Config::new();
    features.configure(&mut config);
    let engine = Engine::new(&config);
    // Every file is read before any runs, so a mistyped name is a usage error, not a report half printed.
    let scripts = read_scripts(&args.files)?;

    let mut out = io::stdout().lock();
    let write_error = |e: io::Error| Failure::Setup(format!("cannot write the report: {e}"));
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for script in &scripts {
        let outcome = run_script(&engine, script);
        passed += outcome.passed();
        failed += outcome.failed();
        skipped += outcome.skipped();
        write_outcome(&mut out, &script.name, &outcome).map_err(write_error)?;
    }
    writeln!(
        out,
        "{}, {}: {passed} passed, {failed} failed{}",
        plural(scripts.len(), "file"),
        plural(passed + failed + skipped, "assertion"),
        skipped_note(skipped)
    )
    .map_err(write_error)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs one script in a fresh store; a panic outside the runner's per-directive guard counts as one failure.
fn run_script(engine: &Engine, script: &Script) -> Outcome {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        WastRunner::new(engine).and_then(|mut runner| runner.run_script(&script.name, &script.text))
    }));
    match outcome {
        Ok(Ok(report)) => Outcome::Ran(report),
        // The harness's parser does not know the file's name.
        Ok(Err(error @ capvm_wast::Error::Parse { .. })) => {
            Outcome::Error(error.to_string().replace("<anon>", &script.name))
        }
        Ok(Err(error)) => Outcome::Error(error.to_string()),
        Err(_) => Outcome::Error("the runner panicked".to_string()),
    }
}

/// The file's line (`NAME: P passed, F failed`), then its first failures, indented.
fn write_outcome(out: &mut impl Write, name: &str, outcome: &Outcome) -> io::Result<()> {
    writeln!(
        out,
        "{name}: {} passed, {} failed{}",
        outcome.passed(),
        outcome.failed(),
        skipped_note(outcome.skipped())
    )?;
    match outcome {
        Outcome::Ran(report) => {
            for failure in report.failures.iter().take(SHOWN_FAILURES) {
                writeln!(out, "  {name}:{failure}")?;
            }
            if let Some(more) = report
                .failed()
                .checked_sub(SHOWN_FAILURES)
                .filter(|&n| n > 0)
            {
                let noun = if more == 1 { "failure" } else { "failures" };
                writeln!(out, "  ... and {more} more {noun}")?;
            }
        }
        Outcome::Error(message) => {
            for line in message.lines() {
                writeln!(out, "  {line}")?;
            }
        }
    }
    out.flush()
}

fn skipped_note(skipped: usize) -> String {
    match skipped {
        0 => String::new(),
        n => format!(", {n} skipped"),
    }
}

fn plural(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// Reads every script named, a directory standing for the `.wast` files beneath it (sorted by path).
fn read_scripts(paths: &[PathBuf]) -> Result<Vec<Script>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            wast_files(path, &mut files)
                .map_err(|e| Failure::Usage(format!("cannot list `{}`: {e}", path.display())))?;
            if files.len() == before {
                return Err(Failure::Usage(format!(
                    "`{}` is a directory with no .wast file beneath it",
                    path.display()
                )));
            }
        } else {
            files.push(path.clone());
        }
    }
    files
        .into_iter()
        .map(|path| {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Failure::Usage(format!("cannot read `{name}`: {e}")))?;
            Ok(Script { name, text })
        })
        .collect()
}

/// Every `.wast` file beneath `dir`, recursively, sorted by path.
fn wast_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            wast_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "wast") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(outcome: &Outcome) -> String {
        let mut out = Vec::new();
        write_outcome(&mut out, "t.wast", outcome).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn failures_past_the_first_ten_are_counted_not_listed() {
        let failure = |line| capvm_wast::Failure {
            line,
            col: 1,
            directive: "assert_return",
            expected: "(i32.const 1)".to_string(),
            got: "(i32.const 2)".to_string(),
        };
        let outcome = Outcome::Ran(FileReport {
            passed: 3,
            failures: (1..=12).map(failure).collect(),
            skipped: 0,
        });
        let text = report(&outcome);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "t.wast: 3 passed, 12 failed");
        assert_eq!(
            lines[1],
            "  t.wast:1:1 assert_return: expected (i32.const 1), got (i32.const 2)"
        );
        assert_eq!(lines.len(), 12, "{text}");
        assert_eq!(lines[11], "  ... and 2 more failures");
    }

    #[test]
    fn a_script_that_cannot_run_is_one_failure() {
        let outcome =
            Outcome::Error("cannot parse t.wast: expected `(`\n --> t.wast:1:1".to_string());
        assert_eq!(
            report(&outcome),
            "t.wast: 0 passed, 1 failed\n  cannot parse t.wast: expected `(`\n   --> t.wast:1:1\n"
        );
    }
}
