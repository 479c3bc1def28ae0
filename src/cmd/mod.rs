//! The command layer: one small file per command family. Each resolves
//! what the user typed ([`crate::cli`]) into pipeline settings, calls the
//! pipeline, and hands the findings to a reporter. The exit code is decided
//! from the returned [`Outcome`] in one place, `main`.

use crate::blob::{InputError, Stats};
use crate::cli::{ColorChoice, Command, FailOn, LimitArgs, OutputArgs, VerifyArgs};
use crate::finding::Finding;
use crate::pipeline::{verify::is_live, Settings};
use crate::report::{self, Format, Mode, Report, Styles};
use anyhow::{Context as _, Result};
use std::io::{self, IsTerminal, Write};
use std::time::Instant;

mod git;
mod info;
mod install;
mod prereceive;
mod scan;
mod selftest;
mod verify;

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
        Command::PreReceive(args) => prereceive::run(args),
        Command::Rules(args) => info::rules(args),
        Command::Config(args) => info::config_show(args),
        Command::SelfTest(args) => selftest::run(args),
        Command::Verify(args) => verify::run(args),
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
    findings: Vec<Finding>,
    stats: &'a Stats,
    errors: &'a [InputError],
    commits: Option<usize>,
    /// The configuration file in effect.
    config: Option<&'a std::path::Path>,
    start: Instant,
    /// What `--verify` found, if it ran.
    verified: Option<crate::verify::Summary>,
    /// Which findings fail the run.
    fail_on: FailOn,
}

/// `--verify`: checks `findings` with their providers when asked and
/// `online` (the hook is offline unless its configuration says otherwise),
/// keeps only live ones with `--only-verified`, and returns the counts.
fn verify_step(
    args: &VerifyArgs,
    findings: &mut Vec<Finding>,
    online: bool,
) -> Option<crate::verify::Summary> {
    if !(args.verify || args.only_verified) {
        return None;
    }
    if !online {
        eprintln!(
            "keygate: note: --verify is ignored in the pre-commit hook, which stays offline; set `verify_in_hook: true` in .keygate.yaml to verify there"
        );
        return None;
    }
    let mut opts = crate::verify::Options::from_env();
    opts.jobs = args.verify_jobs.max(1);
    let summary = crate::pipeline::verify::verify_findings(findings, &opts);
    if args.only_verified {
        findings.retain(is_live);
    }
    Some(summary)
}

/// Standard output for what a command prints. A closed pipe (`keygate …
/// | head`) stops the printing, not the command: later writes are
/// dropped, so the outcome (and the exit code) stays what the scan found.
/// Other write errors (a full disk) are still errors.
pub(crate) struct Out {
    inner: io::Stdout,
    closed: bool,
}

impl Out {
    pub(crate) fn new() -> Out {
        Out {
            inner: io::stdout(),
            closed: false,
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            r => r,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// Prints errors and the report, and turns the result into an outcome.
/// The outcome is decided before anything is written, so no write error
/// can turn findings into a clean exit.
fn finish(output: &OutputArgs, scanned: Scanned<'_>) -> Result<Outcome> {
    for e in scanned.errors {
        eprintln!("keygate: error: {e}");
    }
    // Taken out in place, not partitioned into new vectors: a report of
    // 100,000 findings would briefly be held twice.
    let mut findings = scanned.findings;
    let allowed: Vec<Finding> = findings
        .extract_if(.., |f| listed_apart(f, output.no_inline_allow))
        .collect();
    let outcome = decide(
        scanned.errors,
        scanned.stats,
        match scanned.fail_on {
            FailOn::Any => findings.is_empty(),
            FailOn::Live => !findings.iter().any(is_live),
        },
    );
    let report = Report {
        mode: scanned.mode,
        findings: &findings,
        allowed: &allowed,
        stats: scanned.stats,
        elapsed: scanned.start.elapsed(),
        redact: !output.no_redact,
        commits: scanned.commits,
        verified: scanned.verified,
        config: scanned.config,
    };
    let format = Format::from(output.format);
    let mut out = io::BufWriter::new(Out::new());
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
    Ok(outcome)
}

/// Whether `f` is listed apart from the findings: a `keygate:allow` marker
/// covers it. With `--no-inline-allow` (`no_inline_allow`) none is: the
/// mark is cleared and it is reported like any other.
fn listed_apart(f: &mut Finding, no_inline_allow: bool) -> bool {
    if no_inline_allow {
        f.suppressed_inline = false;
    }
    f.suppressed_inline
}

/// The outcome of a run that met `errors` (and counted `stats.errors`)
/// and found nothing that fails it when `passes`.
fn decide(errors: &[InputError], stats: &Stats, passes: bool) -> Outcome {
    if !errors.is_empty() || stats.errors > 0 {
        Outcome::Errors
    } else if passes {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

/// Decides colour once: `always`, `never`, or (auto) what the environment
/// says (FORCE_COLOR, CLICOLOR_FORCE, NO_COLOR, a terminal on stdout, TERM).
fn styles(choice: ColorChoice) -> Styles {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => crate::report::style::color_from_env(io::stdout().is_terminal()),
    };
    if color {
        Styles::colored()
    } else {
        Styles::plain()
    }
}
