//! The `keygate` binary: parse, run, and decide the exit code in one place:
//! 0 nothing found, 1 findings, 2 usage or runtime error. A closed pipe
//! (`keygate scan | head`) is not an error.

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
        Err(e) if is_broken_pipe(&e) => ExitCode::from(0),
        Err(e) => {
            eprintln!("keygate: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
