//! The `capvm` command-line runner: argument parsing and dispatch only.

mod args;
mod invoke;
mod limits;
mod report;
mod run;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse_from(args::with_implicit_run(std::env::args_os().collect()));
    match cli.command {
        args::Command::Run(run_args) => match run::run(run_args) {
            Ok(code) => code,
            Err(failure) => {
                eprintln!("{failure}");
                failure.exit_code()
            }
        },
    }
}
