//! The `keygate` binary: parse, run, and decide the exit code in one place:
//! 0 nothing found, 1 findings, 2 usage or runtime error. A closed pipe
//! (`keygate scan | head`) is not an error.

use clap::Parser;
use std::process::ExitCode;

mod app;
mod cli;
mod hook;
mod prereceive;
mod report;
mod selftest;

fn main() -> ExitCode {
    let cli = cli::Cli::parse(); // usage errors exit 2
    match app::run(cli.command) {
        Ok(app::Outcome::Clean) => ExitCode::from(0),
        Ok(app::Outcome::Findings) => ExitCode::from(1),
        Ok(app::Outcome::Errors) => ExitCode::from(2),
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
