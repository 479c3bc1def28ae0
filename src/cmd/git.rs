//! The git commands: `staged` (the pre-commit hook), `diff` (a commit
//! range, the pull-request job), `history` (every blob once) and
//! `baseline` (record what is there today).

use super::{finish, settings, Outcome, Scanned};
use crate::baseline::{baseline_json, Suppressions};
use crate::cli::{BaselineArgs, ConfigFrom, DiffArgs, HistoryArgs, MergesArg, StagedArgs};
use crate::pipeline::{changes, history, tree, Context};
use crate::report::Mode;
use crate::source::{self, commits, git::GitError, staged as staged_source};
use anyhow::{bail, Context as _, Result};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The repository's working tree root (its git directory when bare).
fn repo_root(repo: &git2::Repository) -> PathBuf {
    repo.workdir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.path().to_path_buf())
}

pub fn staged(args: StagedArgs) -> Result<Outcome> {
    let start = Instant::now();
    let repo = source::git::open()?;
    let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
    let ctx = Context::load(&settings(&args.limits, Some(&args.output)), &workdir, true)?;
    let staged = staged_source::read_staged_in(&repo, ctx.max_file_size)?;
    let sets = [(None, &staged)];
    let (mut findings, stats) = changes::scan_changes(&ctx.detector, &sets);
    ctx.filter(&mut findings);
    for path in staged_source::force_added(&repo, &staged.changed_paths) {
        let p = path.display();
        eprintln!(
            "keygate: warning: {p} matches .gitignore but is staged as a new file: it was force-added (git add -f).\n\
             keygate: warning: ignored files like .env usually hold real values; unless you mean to commit it, run: git restore --staged {p}"
        );
    }
    finish(
        &args.output,
        Scanned {
            mode: Mode::Staged,
            findings: &findings,
            stats: &stats,
            errors: &[],
            commits: None,
            start,
        },
    )
}

/// The range `diff` scans: RANGE, `--since REF` (REF..HEAD), or the
/// pre-commit framework's pre-push refs.
fn range_spec(args: &DiffArgs) -> Result<String> {
    let from_env = (
        std::env::var("PRE_COMMIT_FROM_REF"),
        std::env::var("PRE_COMMIT_TO_REF"),
    );
    Ok(match (&args.range, &args.since, from_env) {
        (Some(r), _, _) => r.clone(),
        (None, Some(since), _) => format!("{since}..HEAD"),
        (None, None, (Ok(from), Ok(to))) => format!("{from}..{to}"),
        _ => bail!("give a RANGE (BASE..HEAD), or --since REF"),
    })
}

pub fn diff(args: DiffArgs) -> Result<Outcome> {
    let start = Instant::now();
    let repo = source::git::open()?;
    let spec = range_spec(&args)?;
    let base = commits::base_commit(&repo, &spec)?;
    let settings = settings(&args.limits, Some(&args.output));
    let ctx = match (args.config_from, base, &args.limits.config) {
        (ConfigFrom::Base, Some(base), None) => Context::from_commit(&repo, base, &settings)?,
        _ => Context::load(&settings, &repo_root(&repo), true)?,
    };
    let merges = match args.merges {
        MergesArg::Skip => commits::Merges::Skip,
        MergesArg::FirstParent => commits::Merges::FirstParent,
        MergesArg::All => commits::Merges::All,
    };
    let range = commits::read_range(&repo, &spec, merges, ctx.max_file_size)?;
    let sets: Vec<changes::ChangeSet<'_>> = range
        .iter()
        .map(|cc| (Some(cc.commit.clone()), &cc.changes))
        .collect();
    let (mut findings, stats) = changes::scan_changes(&ctx.detector, &sets);
    ctx.filter(&mut findings);
    let shas: std::collections::BTreeSet<&str> =
        range.iter().map(|cc| cc.commit.sha.as_str()).collect();
    finish(
        &args.output,
        Scanned {
            mode: Mode::Diff,
            findings: &findings,
            stats: &stats,
            errors: &[],
            commits: Some(shas.len()),
            start,
        },
    )
}

/// Walks and scans history: each distinct blob once per path profile,
/// attributed to its first introduction (or all of them).
fn scan_history(
    ctx: &Context,
    repo: &git2::Repository,
    refs: &[String],
    all_introductions: bool,
    quiet: bool,
) -> Result<(history::HistoryScan, usize), GitError> {
    source::git::no_object_cache();
    let h = source::history::collect(repo, refs, all_introductions, &history::path_key(ctx))?;
    let progress = progress_bar(h.blobs.len() as u64, quiet);
    let scan = history::scan(ctx, repo.path(), &h.blobs, all_introductions, &|| {
        progress.inc(1)
    });
    progress.finish_and_clear();
    Ok((scan, h.commits))
}

pub fn history(args: HistoryArgs) -> Result<Outcome> {
    let start = Instant::now();
    let repo = source::git::open()?;
    let ctx = Context::load(
        &settings(&args.limits, Some(&args.output)),
        &repo_root(&repo),
        false,
    )?;
    let (mut scan, commits) =
        scan_history(&ctx, &repo, &args.refs, args.all_introductions, args.quiet)?;
    ctx.filter(&mut scan.findings);
    finish(
        &args.output,
        Scanned {
            mode: Mode::History,
            findings: &scan.findings,
            stats: &scan.stats,
            errors: &scan.errors,
            commits: Some(commits),
            start,
        },
    )
}

pub fn baseline(args: BaselineArgs) -> Result<Outcome> {
    let repo = source::git::open().ok();
    let root = repo
        .as_ref()
        .map(repo_root)
        .unwrap_or_else(|| PathBuf::from("."));
    // A baseline records everything the allowlists let through, whatever an
    // older baseline says.
    let mut ctx = Context::load(&settings(&args.limits, None), &root, false)?;
    ctx.suppress = Suppressions::default();
    let tree = tree::scan_tree(&ctx, vec![root.clone()], false, None);
    let mut findings = tree.findings;
    if let Some(repo) = repo.as_ref().filter(|r| r.head().is_ok()) {
        let (scan, _) = scan_history(&ctx, repo, &[], false, false)?;
        findings.extend(scan.findings);
        if !scan.errors.is_empty() {
            for e in &scan.errors {
                eprintln!("keygate: error: {e}");
            }
            return Ok(Outcome::Errors);
        }
    }
    for e in &tree.errors {
        eprintln!("keygate: error: {e}");
    }
    ctx.filter(&mut findings);
    // What a `keygate:allow` marker covers needs no baseline entry.
    findings.retain(|f| !f.suppressed_inline);
    let text = baseline_json(&findings);
    std::fs::write(&args.output, &text)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let n = text.matches("\"fingerprint\"").count();
    println!(
        "keygate: wrote {n} fingerprint(s) to {}; pass it with --baseline or set `baseline:` in .keygate.yaml",
        args.output.display()
    );
    Ok(if tree.errors.is_empty() {
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
