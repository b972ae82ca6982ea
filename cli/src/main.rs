//! The `capvm` command-line runner: argument parsing and dispatch only.

mod args;
mod features;
mod invoke;
mod limits;
mod report;
mod run;
mod wast;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse_from(args::with_implicit_run(std::env::args_os().collect()));
    let outcome = match cli.command {
        args::Command::Run(run_args) => run::run(*run_args),
        args::Command::Wast(wast_args) => wast::wast(&wast_args),
        args::Command::Compile(compile_args) => run::compile(&compile_args),
    };
    match outcome {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("{failure}");
            failure.exit_code()
        }
    }
}
