//! The `keygate` binary: parse, run, and decide the exit code in one place:
//! 0 nothing found, 1 findings, 2 usage or runtime error. A closed pipe
//! (`keygate scan | head`) only stops the printing: the commands keep
//! their outcome, so findings still exit 1.

use clap::Parser;
use keygate::cli::Cli;
use keygate::cmd::{self, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse(); // usage errors exit 2
    match cmd::run(cli.command) {
        Ok(Outcome::Clean) => ExitCode::from(0),
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Errors) => ExitCode::from(2),
        Err(e) => {
            eprintln!("keygate: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
