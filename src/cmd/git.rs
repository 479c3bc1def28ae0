//! The git commands: `staged` (the pre-commit hook), `diff` (a commit
//! range, the pull-request job), `history` (every blob once) and
//! `baseline` (record what is there today).

use super::{finish, settings, verify_step, Outcome, Scanned};
use crate::baseline::{baseline_json, Suppressions};
use crate::cli::{BaselineArgs, ConfigFrom, DiffArgs, HistoryArgs, MergesArg, StagedArgs};
use crate::pipeline::{changes, history, tree, Context};
use crate::report::Mode;
use crate::source::{self, commits, git::GitError, staged as staged_source};
use anyhow::{Context as _, Result};
use std::io::{self, IsTerminal, Write};
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
    // `keygate self-test` asks for proof that the hook really ran keygate.
    if let Some(nonce) = std::env::var_os(super::selftest::NONCE_ENV) {
        std::fs::write(&nonce, b"keygate staged ran\n").with_context(|| {
            format!(
                "writing the self-test nonce {}",
                Path::new(&nonce).display()
            )
        })?;
    }
    let repo = source::git::open()?;
    let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
    let ctx = Context::load(&settings(&args.limits, Some(&args.output)), &workdir, true)?;
    let mut staged = staged_source::read_staged_in(&repo, ctx.max_file_size)?;
    source::git::add_renamed(
        &repo,
        &mut staged,
        &moved_out_of_allowlist(&ctx),
        ctx.max_file_size,
        "staged",
    )?;
    let sets = [(None, &staged)];
    let (mut findings, stats) = changes::scan_changes(&ctx.detector, &sets);
    ctx.filter(&mut findings);
    let verified = verify_step(
        &args.verify,
        &mut findings,
        ctx.config.written.verify_in_hook,
    );
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
            findings: std::mem::take(&mut findings),
            stats: &stats,
            errors: &[],
            commits: None,
            config: ctx.config.source.as_deref(),
            start,
            verified,
            fail_on: args.verify.fail_on,
        },
    )
}

/// Whether a pure rename from `old` to `new` takes a blob out of the
/// configuration's allowlisted paths: then its content counts as added.
pub(super) fn moved_out_of_allowlist(ctx: &Context) -> impl Fn(&Path, &Path) -> bool + '_ {
    |old, new| {
        ctx.config.allows_path(&old.to_string_lossy())
            && !ctx.config.allows_path(&new.to_string_lossy())
    }
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
        // No range (the pre-commit framework's pre-push on a first push sets
        // no refs): the pushed branch's commits that no remote has.
        _ => format!(
            "{}..{}",
            "0".repeat(40),
            std::env::var("PRE_COMMIT_LOCAL_BRANCH").unwrap_or_else(|_| "HEAD".into())
        ),
    })
}

pub fn diff(args: DiffArgs) -> Result<Outcome> {
    let start = Instant::now();
    let repo = source::git::open()?;
    let spec = range_spec(&args)?;
    let base = commits::base_commit(&repo, &spec)?;
    let settings = settings(&args.limits, Some(&args.output));
    let ctx = match (args.config_from, base) {
        (ConfigFrom::Base, Some(base)) => Context::from_commit(&repo, base, &settings)?,
        _ => Context::load(&settings, &repo_root(&repo), true)?,
    };
    let merges = match args.merges {
        MergesArg::Skip => commits::Merges::Skip,
        MergesArg::FirstParent => commits::Merges::FirstParent,
        MergesArg::All => commits::Merges::All,
    };
    // One commit at a time: its blobs are scanned and dropped before the
    // next commit is read, so memory follows the largest commit, not the
    // range.
    let mut findings = Vec::new();
    let mut stats = crate::blob::Stats::default();
    let mut shas = std::collections::BTreeSet::new();
    commits::read_range(
        &repo,
        &spec,
        merges,
        ctx.max_file_size,
        |mut commit: Vec<commits::CommitChanges>| -> Result<(), GitError> {
            for cc in &mut commit {
                source::git::add_renamed(
                    &repo,
                    &mut cc.changes,
                    &moved_out_of_allowlist(&ctx),
                    ctx.max_file_size,
                    "commit",
                )?;
            }
            let sets: Vec<changes::ChangeSet<'_>> = commit
                .iter()
                .map(|cc| (Some(cc.commit.clone()), &cc.changes))
                .collect();
            let (found, st) = changes::scan_changes(&ctx.detector, &sets);
            findings.extend(found);
            stats.merge(&st);
            shas.extend(commit.iter().map(|cc| cc.commit.sha.clone()));
            Ok(())
        },
    )?;
    findings.sort_unstable();
    ctx.filter(&mut findings);
    let verified = verify_step(&args.verify, &mut findings, true);
    finish(
        &args.output,
        Scanned {
            mode: Mode::Diff,
            findings: std::mem::take(&mut findings),
            stats: &stats,
            errors: &[],
            commits: Some(shas.len()),
            config: ctx.config.source.as_deref(),
            start,
            verified,
            fail_on: args.verify.fail_on,
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
    let verified = verify_step(&args.verify, &mut scan.findings, true);
    finish(
        &args.output,
        Scanned {
            mode: Mode::History,
            findings: std::mem::take(&mut scan.findings),
            stats: &scan.stats,
            errors: &scan.errors,
            commits: Some(commits),
            config: ctx.config.source.as_deref(),
            start,
            verified,
            fail_on: args.verify.fail_on,
        },
    )
}

/// `keygate baseline`'s default output, relative to the repository root.
const DEFAULT_BASELINE: &str = ".keygate-baseline.json";

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
    let tree = tree::scan_tree(&ctx, vec![root.clone()], false, None, None);
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
    // The default name is the repository's baseline, at its root wherever
    // keygate runs from; a path the user gives is taken as given.
    let output = if args.output == Path::new(DEFAULT_BASELINE) {
        root.join(DEFAULT_BASELINE)
    } else {
        args.output.clone()
    };
    crate::atomic::write(&output, text.as_bytes(), None)
        .with_context(|| format!("cannot write {}", output.display()))?;
    let n = text.matches("\"fingerprint\"").count();
    let mut out = super::Out::new();
    writeln!(
            out,
        "keygate: wrote {n} fingerprint(s) to {}; pass it with --baseline or set `baseline:` in .keygate.yaml",
        output.display()
    )?;
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
            "keygate: scanning history {bar:30} {pos}/{len} blobs ({rate}, {eta} left)",
        )
        .map(|s| s.with_key("rate", crate::report::style::write_rate))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
