//! Resolves what the user typed into a source, a rule set, a detector and a
//! reporter, runs them, and says how it went. The exit code is decided from
//! the returned [`Outcome`] in one place, `main`.

use crate::cli::{
    BaselineArgs, ColorChoice, Command, ConfigFrom, DiffArgs, Format, HistoryArgs, InstallArgs,
    LimitArgs, MergesArg, OutputArgs, RulesArgs, ScanArgs, StagedArgs,
};
use crate::hook;
use crate::report::{self, Mode, Report, Styles};
use anyhow::{bail, Result};
use keygate::baseline::{Suppressions, IGNORE_FILE};
use keygate::config::Config;
use keygate::detect::Detector;
use keygate::finding::Finding;
use keygate::source::{commits, history, staged, walk, Blob, InputError, Origin, Stats};
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
        Command::Diff(args) => diff(args),
        Command::History(args) => history(args),
        Command::Baseline(args) => baseline(args),
        Command::Install(args) => install(args),
        Command::PreReceive(args) => crate::prereceive::run(args),
        Command::Rules(args) => rules(args),
        Command::Config(args) => config_show(args),
        Command::SelfTest(args) => crate::selftest::run(args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut cmd = crate::cli::Cli::command();
            clap_complete::generate(args.shell, &mut cmd, "keygate", &mut io::stdout());
            Ok(Outcome::Clean)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut io::stdout())?;
            Ok(Outcome::Clean)
        }
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

fn detector_for(config: &Config, small: bool) -> Result<Detector> {
    let rules = config
        .rule_set()
        .map_err(|e| anyhow::anyhow!("invalid rules: {e}"))?;
    Ok(if small {
        Detector::for_small_inputs(rules)
    } else {
        Detector::new(rules)
    })
}

/// What every scanning command needs: configuration, detector and the
/// fingerprints to suppress.
pub(crate) struct Context {
    pub(crate) config: Config,
    pub(crate) detector: Detector,
    pub(crate) suppress: Suppressions,
    /// The size limit: --max-file-size, else the configuration's, else
    /// 10 MiB.
    pub(crate) max_file_size: u64,
}

fn effective_max(limits: Option<&LimitArgs>, config: &Config) -> u64 {
    limits
        .and_then(|l| l.max_file_size)
        .or(config.max_file_size)
        .unwrap_or(keygate::config::DEFAULT_MAX_FILE_SIZE)
}

impl Context {
    /// Loads configuration and suppressions for a scan rooted at `root`.
    /// `baseline` (from --baseline) wins over the configuration's entry.
    pub(crate) fn new(
        limits: &LimitArgs,
        baseline: Option<&Path>,
        root: &Path,
        small: bool,
    ) -> Result<Context> {
        let config = load_config(limits.config.as_deref(), root)?;
        let detector = detector_for(&config, small)?;
        let mut suppress = Suppressions::default();
        if let Some(b) = baseline
            .map(Path::to_path_buf)
            .or_else(|| config.baseline())
        {
            suppress
                .add_baseline(&b)
                .map_err(|e| anyhow::anyhow!("invalid baseline: {e}"))?;
        }
        let ignore = root.join(IGNORE_FILE);
        if ignore.is_file() {
            suppress
                .add_ignore_file(&ignore)
                .map_err(|e| anyhow::anyhow!("invalid ignore file: {e}"))?;
        }
        Ok(Context {
            max_file_size: effective_max(Some(limits), &config),
            config,
            detector,
            suppress,
        })
    }

    /// Configuration, baseline and ignore file as they are in `commit`, so
    /// that the changes being scanned cannot allowlist themselves. An
    /// explicit `--baseline FILE` is still read from disk.
    pub(crate) fn from_commit(
        repo: &git2::Repository,
        commit: git2::Oid,
        baseline: Option<&Path>,
        limits: &LimitArgs,
    ) -> Result<Context> {
        let short = &commit.to_string()[..12];
        let read = |path: &str| commits::file_at(repo, commit, path);
        let config = match read(keygate::config::FILE_NAME)? {
            Some(text) => Config::parse(
                &format!("{}@{short}", keygate::config::FILE_NAME),
                &String::from_utf8_lossy(&text),
            )
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?,
            None => Config::default(),
        };
        let detector = detector_for(&config, true)?;
        let mut suppress = Suppressions::default();
        let load =
            |s: &mut Suppressions, name: &str, text: Vec<u8>, baseline: bool| -> Result<()> {
                let name = format!("{name}@{short}");
                let text = String::from_utf8_lossy(&text);
                let r = if baseline {
                    s.add_baseline_text(&name, &text)
                } else {
                    s.add_ignore_text(&name, &text)
                };
                r.map(|_| ())
                    .map_err(|e| anyhow::anyhow!("invalid suppression file: {e}"))
            };
        match baseline {
            Some(b) => {
                suppress
                    .add_baseline(b)
                    .map_err(|e| anyhow::anyhow!("invalid baseline: {e}"))?;
            }
            None => {
                if let Some(b) = config.baseline() {
                    let rel = b.to_string_lossy().trim_start_matches("./").to_string();
                    if let Some(text) = read(&rel)? {
                        load(&mut suppress, &rel, text, true)?;
                    }
                }
            }
        }
        if let Some(text) = read(IGNORE_FILE)? {
            load(&mut suppress, IGNORE_FILE, text, false)?;
        }
        Ok(Context {
            max_file_size: effective_max(Some(limits), &config),
            config,
            detector,
            suppress,
        })
    }

    /// Drops allowed and suppressed findings.
    pub(crate) fn filter(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| !self.config.allows(f) && !self.suppress.suppresses(f));
    }
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
    let ctx = Context::new(&args.limits, args.output.baseline.as_deref(), &root, false)?;
    let (findings, stats, errors) = scan_tree(&ctx, paths, args.no_ignore, args.threads)?;
    let mut findings = findings;
    ctx.filter(&mut findings);
    finish(
        Mode::Scan,
        &args.output,
        &findings,
        &stats,
        &errors,
        None,
        start,
    )
}

/// Walks and scans `paths`.
fn scan_tree(
    ctx: &Context,
    paths: Vec<PathBuf>,
    no_ignore: bool,
    threads: Option<usize>,
) -> Result<(Vec<Finding>, Stats, Vec<InputError>)> {
    let opts = walk::WalkOptions {
        paths,
        max_file_size: ctx.max_file_size,
        no_ignore,
        threads: threads.unwrap_or(0),
    };
    let (items, mut errors, walked) = walk::collect_files(&opts);
    let mut out = walk::scan_files(&items, opts.max_file_size, &ctx.detector);
    out.stats.merge(&walked);
    out.stats.errors += errors.iter().filter(|e| e.path.is_none()).count() as u64;
    errors.extend(out.errors);
    Ok((out.findings, out.stats, errors))
}

fn staged(args: StagedArgs) -> Result<Outcome> {
    let start = Instant::now();
    let repo = staged::open_repository()?;
    let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
    let ctx = Context::new(
        &args.limits,
        args.output.baseline.as_deref(),
        &workdir,
        true,
    )?;
    let staged = staged::read_staged_in(&repo, ctx.max_file_size)?;
    let mut stats = staged.stats;
    stats.files_scanned = staged.blobs.len() as u64;
    stats.bytes_scanned = staged.blobs.iter().map(|b| b.bytes.len() as u64).sum();
    let mut findings: Vec<Finding> = staged
        .blobs
        .par_iter()
        .flat_map_iter(|b| {
            let blob = Blob::with_changed_lines(Origin::staged(&b.path), &b.bytes, b.added.clone());
            ctx.detector.scan(&blob)
        })
        .collect();
    for path in &staged.changed_paths {
        findings.extend(ctx.detector.scan_path(&Origin::staged(path)));
    }
    ctx.filter(&mut findings);
    findings.sort();
    for path in force_added(&repo, &staged.changed_paths) {
        let p = path.display();
        eprintln!(
            "keygate: warning: {p} matches .gitignore but is staged as a new file: it was force-added (git add -f).\n\
             keygate: warning: ignored files like .env usually hold real values; unless you mean to commit it, run: git restore --staged {p}"
        );
    }
    finish(
        Mode::Staged,
        &args.output,
        &findings,
        &stats,
        &[],
        None,
        start,
    )
}

/// Staged paths that are new in this commit and that `.gitignore` would
/// ignore: they got into the index with `git add -f`, the classic way a
/// `.env` reaches a repository.
fn force_added(repo: &git2::Repository, paths: &[PathBuf]) -> Vec<PathBuf> {
    let head = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
    paths
        .iter()
        .filter(|p| head.as_ref().is_none_or(|t| t.get_path(p).is_err()))
        .filter(|p| repo.status_should_ignore(p).unwrap_or(false))
        .cloned()
        .collect()
}

fn repo_root(repo: &git2::Repository) -> PathBuf {
    repo.workdir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.path().to_path_buf())
}

fn diff(args: DiffArgs) -> Result<Outcome> {
    let start = Instant::now();
    let repo = open_repo()?;
    let from_env = (
        std::env::var("PRE_COMMIT_FROM_REF"),
        std::env::var("PRE_COMMIT_TO_REF"),
    );
    let spec = match (&args.range, &args.since, from_env) {
        (Some(r), _, _) => r.clone(),
        (None, Some(since), _) => format!("{since}..HEAD"),
        (None, None, (Ok(from), Ok(to))) => format!("{from}..{to}"),
        // No range (the pre-commit framework's pre-push on a first push sets
        // no refs): the pushed branch's commits that no remote has.
        _ => format!(
            "{}..{}",
            "0".repeat(40),
            std::env::var("PRE_COMMIT_LOCAL_BRANCH").unwrap_or_else(|_| "HEAD".into())
        ),
    };
    let base = commits::base_commit(&repo, &spec)?;
    let ctx = match (args.config_from, base, &args.limits.config) {
        (ConfigFrom::Base, Some(base), None) => {
            Context::from_commit(&repo, base, args.output.baseline.as_deref(), &args.limits)?
        }
        _ => Context::new(
            &args.limits,
            args.output.baseline.as_deref(),
            &repo_root(&repo),
            true,
        )?,
    };
    let merges = match args.merges {
        MergesArg::Skip => commits::Merges::Skip,
        MergesArg::FirstParent => commits::Merges::FirstParent,
        MergesArg::All => commits::Merges::All,
    };
    let range = commits::read_range(&repo, &spec, merges, ctx.max_file_size)?;
    let mut stats = Stats::default();
    let mut shas = std::collections::BTreeSet::new();
    for cc in &range {
        shas.insert(cc.commit.sha.clone());
        stats.merge(&cc.changes.stats);
        stats.files_scanned += cc.changes.blobs.len() as u64;
        stats.bytes_scanned += cc
            .changes
            .blobs
            .iter()
            .map(|b| b.bytes.len() as u64)
            .sum::<u64>();
    }
    let mut findings: Vec<Finding> = range
        .par_iter()
        .flat_map_iter(|cc| {
            let mut found: Vec<Finding> = cc
                .changes
                .blobs
                .iter()
                .flat_map(|b| {
                    let origin = Origin::commit(&b.path, cc.commit.clone());
                    ctx.detector
                        .scan(&Blob::with_changed_lines(origin, &b.bytes, b.added.clone()))
                })
                .collect();
            for path in &cc.changes.changed_paths {
                found.extend(
                    ctx.detector
                        .scan_path(&Origin::commit(path, cc.commit.clone())),
                );
            }
            found
        })
        .collect();
    ctx.filter(&mut findings);
    findings.sort();
    // --merges=all can see one added line from two parents.
    findings.dedup_by(|a, b| {
        a == b && a.origin.commit_info().map(|c| &c.sha) == b.origin.commit_info().map(|c| &c.sha)
    });
    finish(
        Mode::Diff,
        &args.output,
        &findings,
        &stats,
        &[],
        Some(shas.len()),
        start,
    )
}

/// Scans history: each distinct blob once, attributed to its first
/// introduction (or all of them).
fn history_findings(
    ctx: &Context,
    repo: &git2::Repository,
    refs: &[String],
    all_introductions: bool,
    max_file_size: u64,
    quiet: bool,
) -> Result<(Vec<Finding>, Stats, usize, Vec<InputError>)> {
    // Each blob is read once and trees rarely twice: libgit2's object cache
    // (up to 256 MiB per repository handle, one handle per thread) would
    // mostly hold memory (a 36,659-commit history: 394 -> 226 MiB peak for
    // 1.1 s more).
    git2::opts::enable_caching(false);
    let h = history::collect(repo, refs, all_introductions)?;
    let progress = progress_bar(h.blobs.len() as u64, quiet);
    let git_dir = repo.path().to_path_buf();
    type Acc = (Vec<(usize, Finding)>, Stats, Vec<InputError>);
    let (mut found, stats, errors): Acc = h
        .blobs
        .par_iter()
        .map_init(
            || git2::Repository::open(&git_dir),
            |repo, hb| -> Acc {
                progress.inc(1);
                let mut acc: Acc = (Vec::new(), Stats::default(), Vec::new());
                let first = &hb.intros[0];
                let repo = match repo {
                    Ok(r) => r,
                    Err(e) => {
                        acc.1.errors += 1;
                        acc.2.push(InputError {
                            path: Some(first.path.clone()),
                            message: format!("cannot open the repository: {e}"),
                        });
                        return acc;
                    }
                };
                let mut per_blob = Vec::new();
                let origin = Origin::commit(&first.path, first.commit.clone());
                per_blob.extend(ctx.detector.scan_path(&origin));
                let too_large =
                    keygate::source::git::blob_size(repo, hb.id).is_some_and(|n| n > max_file_size);
                let blob = if too_large {
                    None // never inflated
                } else {
                    Some(repo.find_blob(hb.id))
                };
                match blob {
                    None => acc.1.skipped_large += 1,
                    Some(Ok(blob)) if blob.size() as u64 > max_file_size => {
                        acc.1.skipped_large += 1
                    }
                    Some(Ok(blob)) if keygate::detect::is_binary(blob.content()) => {
                        acc.1.skipped_binary += 1
                    }
                    Some(Ok(blob)) => {
                        acc.1.files_scanned += 1;
                        acc.1.bytes_scanned += blob.size() as u64;
                        per_blob.extend(ctx.detector.scan(&Blob::new(origin, blob.content())));
                    }
                    Some(Err(e)) => {
                        acc.1.errors += 1;
                        acc.2.push(InputError {
                            path: Some(first.path.clone()),
                            message: format!("cannot read blob {}: {e}", hb.id),
                        });
                    }
                }
                for intro in &hb.intros {
                    for f in &per_blob {
                        let mut f = f.clone();
                        f.origin = Origin::commit(&intro.path, intro.commit.clone());
                        f.fingerprint = keygate::finding::fingerprint(
                            &f.rule_id,
                            &f.display_path(),
                            f.secret.as_bytes(),
                        );
                        acc.0.push((intro.order, f));
                    }
                }
                acc
            },
        )
        .reduce(
            || (Vec::new(), Stats::default(), Vec::new()),
            |mut a, b| {
                a.0.extend(b.0);
                a.1.merge(&b.1);
                a.2.extend(b.2);
                a
            },
        );
    progress.finish_and_clear();
    if !all_introductions {
        // A secret that lives on through later versions of a file is in each
        // of their blobs: keep its earliest introduction only.
        found.sort_by(|a, b| a.1.fingerprint.cmp(&b.1.fingerprint).then(a.0.cmp(&b.0)));
        found.dedup_by(|later, first| later.1.fingerprint == first.1.fingerprint);
    }
    let mut findings: Vec<Finding> = found.into_iter().map(|(_, f)| f).collect();
    findings.sort();
    Ok((findings, stats, h.commits, errors))
}

fn history(args: HistoryArgs) -> Result<Outcome> {
    let start = Instant::now();
    let repo = open_repo()?;
    let ctx = Context::new(
        &args.limits,
        args.output.baseline.as_deref(),
        &repo_root(&repo),
        false,
    )?;
    let (mut findings, stats, commits, errors) = history_findings(
        &ctx,
        &repo,
        &args.refs,
        args.all_introductions,
        ctx.max_file_size,
        args.quiet,
    )?;
    ctx.filter(&mut findings);
    finish(
        Mode::History,
        &args.output,
        &findings,
        &stats,
        &errors,
        Some(commits),
        start,
    )
}

fn baseline(args: BaselineArgs) -> Result<Outcome> {
    let repo = git2::Repository::open_from_env().ok();
    let root = repo
        .as_ref()
        .map(repo_root)
        .unwrap_or_else(|| PathBuf::from("."));
    // A baseline records everything the allowlists let through, whatever an
    // older baseline says.
    let mut ctx = Context::new(&args.limits, None, &root, false)?;
    ctx.suppress = Suppressions::default();
    let (mut findings, _, errors) = scan_tree(&ctx, vec![root.clone()], false, None)?;
    if let Some(repo) = &repo {
        if repo.head().is_ok() {
            let (h, _, _, herr) =
                history_findings(&ctx, repo, &[], false, ctx.max_file_size, false)?;
            findings.extend(h);
            if !herr.is_empty() {
                for e in &herr {
                    eprintln!("keygate: error: {e}");
                }
                return Ok(Outcome::Errors);
            }
        }
    }
    for e in &errors {
        eprintln!("keygate: error: {e}");
    }
    ctx.filter(&mut findings);
    let text = keygate::baseline::baseline_json(&findings);
    std::fs::write(&args.output, &text)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.output.display()))?;
    let n = text.matches("\"fingerprint\"").count();
    println!(
        "keygate: wrote {n} fingerprint(s) to {}; pass it with --baseline or set `baseline:` in .keygate.yaml",
        args.output.display()
    );
    Ok(if errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Errors
    })
}

/// A progress bar on stderr for `len` steps: only on a terminal, never
/// with `CI` set or `--quiet` (a hidden bar otherwise).
fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    let show = !quiet && io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "keygate: scanning history {bar:30} {pos}/{len} blobs ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Prints errors and the report, and turns the result into an outcome.
fn finish(
    mode: Mode,
    output: &OutputArgs,
    findings: &[Finding],
    stats: &Stats,
    errors: &[InputError],
    commits: Option<usize>,
    start: Instant,
) -> Result<Outcome> {
    for e in errors {
        eprintln!("keygate: error: {e}");
    }
    let report = Report {
        mode,
        findings,
        stats,
        elapsed: start.elapsed(),
        redact: !output.no_redact,
        commits,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match &output.report {
        Some(path) => {
            let mut file = io::BufWriter::new(
                std::fs::File::create(path)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
            );
            report::write(output.format, &report, &Styles::plain(), &mut file)?;
            file.flush()?;
            report::write(Format::Human, &report, &styles(output.color), &mut out)?;
        }
        None => report::write(output.format, &report, &styles(output.color), &mut out)?,
    }
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
    if args.pre_receive || args.pre_push || args.git_dir.is_some() {
        return crate::prereceive::install(&args);
    }
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
                println!(
                    "keygate: no keygate hook at {}; nothing to remove",
                    p.display()
                )
            }
            hook::Uninstalled::LinesRemoved(p) => {
                println!("keygate: removed keygate's lines from {}", p.display())
            }
        }
        return Ok(Outcome::Clean);
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    let _ = args.force;
    match hook::install(&repo, binary.as_deref(), !args.no_chain)? {
        hook::Installed::New(p) => {
            println!("keygate: installed the pre-commit hook at {}", p.display())
        }
        hook::Installed::Updated(p) => {
            println!("keygate: updated the pre-commit hook at {}", p.display())
        }
        hook::Installed::Chained { hook, backup } => println!(
            "keygate: installed the pre-commit hook at {}; the hook that was there is kept as {}{}",
            hook.display(),
            backup.display(),
            if args.no_chain {
                " (not run: --no-chain)"
            } else {
                " and runs after keygate passes"
            }
        ),
        hook::Installed::Husky(p) => println!(
            "keygate: husky runs this repository's hooks; `keygate staged` is in {} (commit that file to share it)",
            p.display()
        ),
        hook::Installed::Lefthook {
            config,
            hook_missing,
        } => {
            println!(
                "keygate: lefthook runs this repository's hooks; a `keygate` pre-commit command is in {}",
                config.display()
            );
            if hook_missing {
                println!("keygate: run `lefthook install` so that git calls lefthook's pre-commit hook");
            }
        }
    }
    Ok(Outcome::Clean)
}

fn rules(args: RulesArgs) -> Result<Outcome> {
    let config = load_config(None, Path::new("."))?;
    let detector = detector_for(&config, true)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json | Format::Sarif | Format::Junit => {
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

fn config_show(args: crate::cli::ConfigArgs) -> Result<Outcome> {
    let _ = args.show; // showing is the only action
    let dir = &args.path;
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let from_env = std::env::var_os("KEYGATE_CONFIG").map(PathBuf::from);
    let (path, how) = match &args.config {
        Some(p) if from_env.as_deref() == Some(p.as_path()) => {
            (Some(p.clone()), "from KEYGATE_CONFIG")
        }
        Some(p) => (Some(p.clone()), "from --config"),
        None => (
            Config::discover(dir),
            "the nearest .keygate.yaml from this folder up to the repository root",
        ),
    };
    let config = load_config(path.as_deref(), dir)?;
    let shown = dir.canonicalize().unwrap_or_else(|_| dir.clone());
    println!("# effective keygate configuration for {}", shown.display());
    match &path {
        Some(p) => println!("# file: {} ({how})", p.display()),
        None => println!("# file: none (no .keygate.yaml from this folder up to the repository root): built-in defaults"),
    }
    print!("{}", config.describe());
    let set = config
        .rule_set()
        .map_err(|e| anyhow::anyhow!("invalid rules: {e}"))?;
    let builtin = keygate::rules::RuleSet::builtin()
        .map_err(|e| anyhow::anyhow!("invalid rules: {e}"))?
        .rules()
        .len();
    let extra = set
        .rules()
        .iter()
        .filter(|r| !r.source.starts_with("patterns/"))
        .count();
    println!(
        "# {} rules in effect: {} built-in (patterns/), {} disabled, {} added",
        set.rules().len(),
        builtin,
        builtin + extra - set.rules().len(),
        extra
    );
    let root = git2::Repository::discover(dir)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| dir.clone());
    let ignore = root.join(IGNORE_FILE);
    if ignore.is_file() {
        let mut s = Suppressions::default();
        let n = s
            .add_ignore_file(&ignore)
            .map_err(|e| anyhow::anyhow!("invalid ignore file: {e}"))?;
        println!("# {}: {n} fingerprint(s)", ignore.display());
    } else {
        println!("# {}: none", ignore.display());
    }
    if let Some(b) = config.baseline() {
        let mut s = Suppressions::default();
        match s.add_baseline(&b) {
            Ok(n) => println!("# baseline {}: {n} fingerprint(s)", b.display()),
            Err(e) => bail!("invalid baseline: {e}"),
        }
    }
    Ok(Outcome::Clean)
}
