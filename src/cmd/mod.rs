//! The command layer: one small file per command family. Each resolves
//! what the user typed ([`crate::cli`]) into pipeline settings, calls the
//! pipeline, and hands the findings to a reporter. The exit code is decided
//! from the returned [`Outcome`] in one place, `main`.

use crate::blob::{InputError, Stats};
use crate::cli::{ColorChoice, Command, LimitArgs, OutputArgs};
use crate::finding::Finding;
use crate::pipeline::Settings;
use crate::report::{self, Format, Mode, Report, Styles};
use anyhow::{Context as _, Result};
use std::io::{self, IsTerminal, Write};
use std::time::Instant;

mod git;
mod info;
mod install;
mod scan;
mod selftest;

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing found, everything read.
    Clean,
    /// At least one finding.
    Findings,
    /// Something could not be read (reported on stderr); the scan went on.
    Errors,
}

/// Runs one command.
pub fn run(command: Command) -> Result<Outcome> {
    match command {
        Command::Scan(args) => scan::scan(args),
        Command::Staged(args) => git::staged(args),
        Command::Diff(args) => git::diff(args),
        Command::History(args) => git::history(args),
        Command::Baseline(args) => git::baseline(args),
        Command::Install(args) => install::install(args),
        Command::Rules(args) => info::rules(args),
        Command::Config(args) => info::config_show(args),
        Command::SelfTest(args) => selftest::run(args),
        Command::Completions(args) => info::completions(args),
        Command::Man => info::man(),
    }
}

/// Pipeline settings from the size and configuration flags and
/// `--baseline`.
fn settings(limits: &LimitArgs, output: Option<&OutputArgs>) -> Settings {
    Settings {
        config: limits.config.clone(),
        max_file_size: limits.max_file_size,
        baseline: output.and_then(|o| o.baseline.clone()),
    }
}

/// What a scan produced, ready to report.
struct Scanned<'a> {
    mode: Mode,
    findings: &'a [Finding],
    stats: &'a Stats,
    errors: &'a [InputError],
    commits: Option<usize>,
    start: Instant,
}

/// Prints errors and the report, and turns the result into an outcome.
fn finish(output: &OutputArgs, scanned: Scanned<'_>) -> Result<Outcome> {
    for e in scanned.errors {
        eprintln!("keygate: error: {e}");
    }
    // Findings a `keygate:allow` marker covers are listed apart, or
    // reported like any other with --no-inline-allow.
    let (mut findings, mut allowed): (Vec<Finding>, Vec<Finding>) = scanned
        .findings
        .iter()
        .cloned()
        .partition(|f| !f.suppressed_inline);
    if output.no_inline_allow && !allowed.is_empty() {
        findings.extend(allowed.drain(..).map(|mut f| {
            f.suppressed_inline = false;
            f
        }));
        findings.sort();
    }
    let report = Report {
        mode: scanned.mode,
        findings: &findings,
        allowed: &allowed,
        stats: scanned.stats,
        elapsed: scanned.start.elapsed(),
        redact: !output.no_redact,
        commits: scanned.commits,
    };
    let format = Format::from(output.format);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match &output.report {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut file = io::BufWriter::new(file);
            report::write(format, &report, &Styles::plain(), &mut file)?;
            file.flush()?;
            report::write(Format::Human, &report, &styles(output.color), &mut out)?;
        }
        None => report::write(format, &report, &styles(output.color), &mut out)?,
    }
    out.flush()?;
    Ok(if !scanned.errors.is_empty() || scanned.stats.errors > 0 {
        Outcome::Errors
    } else if findings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// Decides colour once: `always`, `never`, or (auto) a terminal on stdout
/// with NO_COLOR unset and TERM not `dumb`.
fn styles(choice: ColorChoice) -> Styles {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    };
    if color {
        Styles::colored()
    } else {
        Styles::plain()
    }
}
