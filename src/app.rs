//! Resolves what the user typed into a source, a rule set, a detector and a
//! reporter, runs them, and says how it went. The exit code is decided from
//! the returned [`Outcome`] in one place, `main`.

use crate::cli::{
    ColorChoice, Command, Format, InstallArgs, OutputArgs, RulesArgs, ScanArgs, StagedArgs,
};
use crate::hook;
use crate::report::{self, Mode, Report, Styles};
use anyhow::{bail, Result};
use keygate::config::Config;
use keygate::detect::Detector;
use keygate::finding::Finding;
use keygate::source::{staged, walk, Blob, InputError, Origin, Stats};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

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

pub fn run(command: Command) -> Result<Outcome> {
    match command {
        Command::Scan(args) => scan(args),
        Command::Staged(args) => staged(args),
        Command::Install(args) => install(args),
        Command::Rules(args) => rules(args),
    }
}

/// The configuration: `--config FILE` (or KEYGATE_CONFIG), else the nearest
/// `.keygate.yaml` from `start` up to the repository root, else defaults.
fn load_config(explicit: Option<&Path>, start: &Path) -> Result<Config> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Config::discover(start),
    };
    match path {
        Some(p) => Ok(Config::load(&p).map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?),
        None => Ok(Config::default()),
    }
}

fn detector_for(config: &Config) -> Result<Detector> {
    let rules = config
        .rule_set()
        .map_err(|e| anyhow::anyhow!("invalid rules: {e}"))?;
    Ok(Detector::new(rules))
}

fn scan(args: ScanArgs) -> Result<Outcome> {
    let start = Instant::now();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    for p in &paths {
        if std::fs::symlink_metadata(p).is_err() {
            bail!("{}: no such file or directory", p.display());
        }
    }
    if let Some(n) = args.threads {
        // Only fails if a pool exists already, which is fine.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let root = if paths.len() == 1 && paths[0].is_dir() {
        paths[0].clone()
    } else {
        PathBuf::from(".")
    };
    let config = load_config(args.limits.config.as_deref(), &root)?;
    let detector = detector_for(&config)?;
    let opts = walk::WalkOptions {
        paths,
        max_file_size: args.limits.max_file_size,
        no_ignore: args.no_ignore,
        threads: args.threads.unwrap_or(0),
    };
    let (items, mut errors) = walk::collect_files(&opts);
    let mut out = walk::scan_files(&items, opts.max_file_size, &detector);
    out.stats.errors += errors.iter().filter(|e| e.path.is_none()).count() as u64;
    errors.extend(out.errors);
    out.findings.retain(|f| !config.allows(f));
    finish(
        Mode::Scan,
        &args.output,
        &out.findings,
        &out.stats,
        &errors,
        start,
    )
}

fn staged(args: StagedArgs) -> Result<Outcome> {
    let start = Instant::now();
    let staged = staged::read_staged(args.limits.max_file_size)?;
    let config = load_config(args.limits.config.as_deref(), &staged.workdir)?;
    let detector = detector_for(&config)?;
    let mut stats = staged.stats;
    stats.files_scanned = staged.blobs.len() as u64;
    stats.bytes_scanned = staged.blobs.iter().map(|b| b.bytes.len() as u64).sum();
    let mut findings: Vec<Finding> = staged
        .blobs
        .par_iter()
        .flat_map_iter(|b| {
            let blob = Blob::with_changed_lines(Origin::staged(&b.path), &b.bytes, b.added.clone());
            detector.scan(&blob)
        })
        .collect();
    for path in &staged.changed_paths {
        findings.extend(detector.scan_path(&Origin::staged(path)));
    }
    findings.retain(|f| !config.allows(f));
    findings.sort();
    finish(Mode::Staged, &args.output, &findings, &stats, &[], start)
}

/// Prints errors and the report, and turns the result into an outcome.
fn finish(
    mode: Mode,
    output: &OutputArgs,
    findings: &[Finding],
    stats: &Stats,
    errors: &[InputError],
    start: Instant,
) -> Result<Outcome> {
    for e in errors {
        eprintln!("keygate: error: {e}");
    }
    let styles = styles(output.color);
    let report = Report {
        mode,
        findings,
        stats,
        elapsed: start.elapsed(),
        redact: !output.no_redact,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    report::write(output.format, &report, &styles, &mut out)?;
    out.flush()?;
    Ok(if !errors.is_empty() || stats.errors > 0 {
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

fn open_repo() -> Result<git2::Repository> {
    git2::Repository::open_from_env().map_err(|e| {
        anyhow::anyhow!(
            "not inside a git repository ({}); run this from a repository's working tree",
            e.message()
        )
    })
}

fn install(args: InstallArgs) -> Result<Outcome> {
    let repo = open_repo()?;
    if args.uninstall {
        match hook::uninstall(&repo)? {
            hook::Uninstalled::Removed(p) => println!("keygate: removed {}", p.display()),
            hook::Uninstalled::Restored { hook, from } => println!(
                "keygate: removed keygate's hook and restored {} from {}",
                hook.display(),
                from.display()
            ),
            hook::Uninstalled::NotInstalled(p) => {
                println!("keygate: no hook at {}; nothing to remove", p.display())
            }
        }
        return Ok(Outcome::Clean);
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    match hook::install(&repo, binary.as_deref(), args.force)? {
        hook::Installed::New(p) => {
            println!("keygate: installed the pre-commit hook at {}", p.display())
        }
        hook::Installed::Updated(p) => {
            println!("keygate: updated the pre-commit hook at {}", p.display())
        }
        hook::Installed::Replaced { hook, backup } => println!(
            "keygate: installed the pre-commit hook at {} (the previous hook is kept as {})",
            hook.display(),
            backup.display()
        ),
    }
    Ok(Outcome::Clean)
}

fn rules(args: RulesArgs) -> Result<Outcome> {
    let config = load_config(None, Path::new("."))?;
    let detector = detector_for(&config)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = detector
                .rules()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "name": r.name,
                        "severity": r.severity,
                        "source": r.source,
                        "keywords": r.keywords,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        Format::Human => {
            let w = detector
                .rules()
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(2)
                .max(2);
            let n = detector
                .rules()
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(out, "{:w$}  {:8}  {:n$}  SOURCE", "ID", "SEVERITY", "NAME")?;
            for r in detector.rules() {
                writeln!(
                    out,
                    "{:w$}  {:8}  {:n$}  {}",
                    r.id,
                    r.severity.to_string(),
                    r.name,
                    r.source
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
