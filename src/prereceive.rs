//! `keygate pre-receive`: the server-side check of a push, and
//! `keygate install --pre-receive | --pre-push`.
//!
//! git runs a repository's `pre-receive` hook with one `<old> <new> <ref>`
//! line per ref update on standard input, before it updates any ref; a
//! non-zero exit refuses the whole push. keygate scans the commits the push
//! adds that the server does not have (see [`keygate::source::push`]), each
//! against its first parent as `keygate diff` does, with the policy of the
//! server: `.keygate.yaml`, its baseline and `.keygateignore` from the
//! default branch as it is before the push, or `--config FILE`. Nothing the
//! push brings can allow its own findings, except a fingerprint named with
//! `git push -o keygate.allow=<fingerprint>` where the server configuration
//! says `allow_push_options: true`; every such use is printed and logged.
//!
//! Everything goes to standard error without colour or progress bars: git
//! relays it to the pusher as `remote:` lines.

use crate::app::{Context, Outcome};
use crate::cli::{InstallArgs, LimitArgs, PreReceiveArgs};
use crate::hook;
use anyhow::{bail, Context as _, Result};
use keygate::baseline::Suppressions;
use keygate::config::Config;
use keygate::detect::Detector;
use keygate::finding::Finding;
use keygate::source::commits::CommitChanges;
use keygate::source::push::{self, RefUpdate};
use keygate::source::{Blob, CommitInfo, Origin};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Commits read (and their content held) at a time.
const COMMITS_PER_SLICE: usize = 256;

/// The push option that names a fingerprint to let through.
const ALLOW_OPTION: &str = "keygate.allow=";

/// Parses `4s`, `500ms`, `1.5s`, `2m` (a bare number is seconds).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration: use 4s, 500ms or 1m"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        other => return Err(format!("unknown duration unit `{other}`: use ms, s or m")),
    };
    if !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return Err(format!(
            "`{s}` is out of range: give more than zero and at most a day"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Who pushed, where the server says: GitLab, GitHub Enterprise, Gitea and
/// Forgejo, or a web server's authenticated user.
fn pusher() -> Option<String> {
    [
        "GL_USERNAME",
        "GITHUB_USER",
        "GITEA_PUSHER_NAME",
        "REMOTE_USER",
    ]
    .iter()
    .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
}

/// The push options git passes to the hook (`git push -o ...`; the server
/// needs `receive.advertisePushOptions=true`).
fn push_options() -> Vec<String> {
    let n: usize = std::env::var("GIT_PUSH_OPTION_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (0..n)
        .filter_map(|i| std::env::var(format!("GIT_PUSH_OPTION_{i}")).ok())
        .collect()
}

/// `YYYY-MM-DDTHH:MM:SSZ` for now.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let t = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        crate::report::date(secs),
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Decided once: by the scan when it finishes, or by the watchdog when
/// the time budget runs out, whichever comes first.
#[derive(Default)]
struct Gate {
    decided: Mutex<bool>,
    /// `on_timeout: accept`, once the policy is loaded.
    accept_on_timeout: Mutex<Option<bool>>,
    loaded: Condvar,
}

impl Gate {
    fn set_accept_on_timeout(&self, accept: bool) {
        *self
            .accept_on_timeout
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(accept);
        self.loaded.notify_all();
    }

    /// What the policy says about timeouts. The policy is loaded before
    /// the scan (it is small); if it is not there within `grace`, the
    /// default: refuse.
    fn accept_on_timeout(&self, grace: Duration) -> bool {
        let guard = self
            .accept_on_timeout
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .loaded
            .wait_timeout_while(guard, grace, |v| v.is_none())
            .unwrap_or_else(|e| e.into_inner());
        guard.unwrap_or(false)
    }

    /// True for the first caller only.
    fn decide(&self) -> bool {
        let mut d = self.decided.lock().unwrap_or_else(|e| e.into_inner());
        !std::mem::replace(&mut *d, true)
    }
}

/// One finding of the push, with the refs that bring it.
struct Pushed {
    finding: Finding,
    refs: Vec<String>,
}

/// What the scan found.
struct Verdict {
    /// Findings that refuse the push.
    blocking: Vec<Pushed>,
    /// Findings let through by a push option.
    allowed: Vec<Pushed>,
    /// `keygate.allow=` values that matched nothing.
    unused: Vec<String>,
    /// Push options ignored because the server does not allow them.
    ignored_options: Vec<String>,
    allow_push_options: bool,
    commits: usize,
    policy: String,
}

/// `keygate pre-receive`.
pub fn run(args: PreReceiveArgs) -> Result<Outcome> {
    let start = Instant::now();
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading the ref updates from standard input")?;
    let updates = push::parse_updates(&input)?;
    let gate = Arc::new(Gate::default());
    if let Some(limit) = args.timeout {
        let gate = gate.clone();
        let updates = updates.clone();
        let log = args.log.clone();
        std::thread::spawn(move || {
            std::thread::sleep(limit.saturating_sub(start.elapsed()));
            // Past the deadline the decision is the watchdog's, even if the
            // scan is about to finish.
            if !gate.decide() {
                return;
            }
            let accept = gate.accept_on_timeout(limit.max(Duration::from_secs(1)));
            let shown = format!("{}s", limit.as_secs_f64());
            if accept {
                eprintln!("keygate: WARNING: push accepted WITHOUT a complete secret scan: the scan did not finish within {shown} (on_timeout: accept in the server configuration).");
                eprintln!("keygate: the commits of this push were not all checked; run `keygate diff` or `keygate history` on them.");
            } else {
                eprintln!("keygate: push refused: the secret scan did not finish within {shown} (--timeout), so the push was not checked.");
                eprintln!("keygate: push fewer commits at a time, or ask the server's administrators to raise the limit or set `on_timeout: accept`.");
            }
            let decision = if accept {
                "accepted-timeout"
            } else {
                "refused-timeout"
            };
            let logged = write_log(log.as_deref(), &updates, decision, None);
            if let Err(e) = &logged {
                eprintln!("keygate: error: {e:#}");
            }
            let code = if accept && logged.is_ok() { 0 } else { 1 };
            std::process::exit(code);
        });
    }
    let verdict = match check(&args, &updates, &gate) {
        Ok(v) => v,
        Err(e) => {
            if gate.decide() {
                if let Err(le) = write_log(args.log.as_deref(), &updates, "refused-error", None) {
                    eprintln!("keygate: error: {le:#}");
                }
                return Err(e);
            }
            // The watchdog decided and is exiting.
            std::thread::park();
            return Err(e);
        }
    };
    if !gate.decide() {
        std::thread::park();
    }
    let refused = !verdict.blocking.is_empty();
    write_log(
        args.log.as_deref(),
        &updates,
        if refused { "refused" } else { "accepted" },
        Some(&verdict),
    )?;
    let mut err = std::io::stderr().lock();
    print_verdict(&mut err, &verdict, &updates, start.elapsed())?;
    Ok(if refused {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// A detector built for scanning speed rather than start-up time (its
/// keyword automaton is a DFA): a push can bring megabytes, and building it
/// costs milliseconds.
fn throughput_detector(config: &Config) -> Result<Detector> {
    Ok(Detector::new(
        config
            .rule_set()
            .map_err(|e| anyhow::anyhow!("invalid rules: {e}"))?,
    ))
}

/// The policy: `--config FILE` (and a `.keygateignore` next to it), else
/// what the default branch holds before the push, else the defaults.
fn policy(
    repo: &git2::Repository,
    args: &PreReceiveArgs,
    limits: &LimitArgs,
) -> Result<(Context, String)> {
    if let Some(file) = &args.config {
        let root = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let ctx = Context::new(limits, None, root, false)?;
        return Ok((ctx, format!("server configuration {}", file.display())));
    }
    let head = repo
        .head()
        .ok()
        .and_then(|h| Some((h.name()?.to_string(), h.peel_to_commit().ok()?.id())));
    match head {
        Some((name, id)) => {
            let mut ctx = Context::from_commit(repo, id, None, limits)?;
            ctx.detector = throughput_detector(&ctx.config)?;
            Ok((
                ctx,
                format!(
                    ".keygate.yaml, its baseline and .keygateignore of {name} at {}",
                    &id.to_string()[..12]
                ),
            ))
        }
        None => {
            // An empty repository: built-in defaults. (Never a discovered
            // .keygate.yaml from the folders around the server's repository.)
            let config = Config::default();
            let detector = throughput_detector(&config)?;
            let max_file_size = limits
                .max_file_size
                .unwrap_or(keygate::config::DEFAULT_MAX_FILE_SIZE);
            Ok((
                Context {
                    config,
                    detector,
                    suppress: Suppressions::default(),
                    max_file_size,
                },
                "built-in defaults (the repository has no default branch yet)".into(),
            ))
        }
    }
}

fn scan_changes(ctx: &Context, changes: &[CommitChanges]) -> Vec<Finding> {
    changes
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
        .collect()
}

fn check(args: &PreReceiveArgs, updates: &[RefUpdate], gate: &Gate) -> Result<Verdict> {
    let repo = push::open_for_push(None, updates)?;
    let limits = LimitArgs {
        config: args.config.clone(),
        max_file_size: args.max_file_size,
    };
    let (ctx, policy) = policy(&repo, args, &limits)?;
    gate.set_accept_on_timeout(ctx.config.accept_on_timeout);
    let options = push_options();
    let allow_values: Vec<String> = options
        .iter()
        .filter_map(|o| o.strip_prefix(ALLOW_OPTION))
        .map(|v| v.trim().to_string())
        .collect();
    let (allow, ignored_options): (BTreeSet<String>, Vec<String>) = if ctx.config.allow_push_options
    {
        (allow_values.into_iter().collect(), Vec::new())
    } else {
        (
            BTreeSet::new(),
            options
                .into_iter()
                .filter(|o| o.starts_with("keygate."))
                .collect(),
        )
    };

    let push::Added {
        commits: ids,
        tagged,
    } = push::new_commits(&repo, updates)?;
    // In slices, so that an initial push of a long history never holds all
    // of its content at once.
    let mut findings = Vec::new();
    for slice in ids.chunks(COMMITS_PER_SLICE) {
        let changes = push::read_new_commits(&repo, slice, ctx.max_file_size)?;
        findings.extend(scan_changes(&ctx, &changes));
    }
    let mut changes = Vec::new();
    // Tags of a tree or blob: their content, whole, named after the tag.
    let mut tag_refs: BTreeMap<String, String> = BTreeMap::new();
    for (name, tip) in &tagged {
        let push::Tip::Content(id, _) = *tip else {
            continue;
        };
        let info = Arc::new(CommitInfo {
            sha: id.to_string(),
            author: String::new(),
            email: String::new(),
            time: 0,
            summary: format!("content tagged directly by {name}"),
        });
        tag_refs.insert(info.sha.clone(), name.clone());
        changes.push(CommitChanges {
            commit: info,
            changes: push::tagged_content(&repo, name, *tip, ctx.max_file_size)?,
        });
    }
    findings.extend(scan_changes(&ctx, &changes));
    ctx.filter(&mut findings);
    findings.sort();
    findings.dedup_by(|a, b| {
        a == b && a.origin.commit_info().map(|c| &c.sha) == b.origin.commit_info().map(|c| &c.sha)
    });

    // Which updated refs bring each finding's commit.
    let mut reach: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &findings {
        let Some(sha) = f.origin.commit_info().map(|c| c.sha.clone()) else {
            continue;
        };
        if reach.contains_key(&sha) {
            continue;
        }
        let refs = match tag_refs.get(&sha) {
            Some(name) => vec![name.clone()],
            None => git2::Oid::from_str(&sha)
                .map(|oid| {
                    push::refs_reaching(&repo, updates, oid)
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        };
        reach.insert(sha, refs);
    }
    let mut blocking = Vec::new();
    let mut allowed = Vec::new();
    let mut used = BTreeSet::new();
    for f in findings {
        let refs = f
            .origin
            .commit_info()
            .and_then(|c| reach.get(&c.sha))
            .cloned()
            .unwrap_or_default();
        let p = Pushed { finding: f, refs };
        if allow.contains(&p.finding.fingerprint) {
            used.insert(p.finding.fingerprint.clone());
            allowed.push(p);
        } else {
            blocking.push(p);
        }
    }
    Ok(Verdict {
        blocking,
        allowed,
        unused: allow.difference(&used).cloned().collect(),
        ignored_options,
        allow_push_options: ctx.config.allow_push_options,
        commits: ids.len(),
        policy,
    })
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

fn print_finding(out: &mut dyn Write, p: &Pushed) -> std::io::Result<()> {
    let f = &p.finding;
    writeln!(
        out,
        "{}:{}  {}: {} ({})",
        f.display_path(),
        f.line,
        f.rule_id,
        f.rule_name,
        f.severity
    )?;
    if let Some(c) = f.origin.commit_info() {
        if c.author.is_empty() {
            writeln!(out, "    commit       {} ({})", short(&c.sha), c.summary)?;
        } else {
            writeln!(
                out,
                "    commit       {} by {} <{}> on {}: {}",
                short(&c.sha),
                c.author,
                c.email,
                crate::report::date(c.time),
                c.summary
            )?;
        }
    }
    if !p.refs.is_empty() {
        writeln!(out, "    pushed to    {}", p.refs.join(", "))?;
    }
    writeln!(out, "    secret       {}  (redacted)", f.redacted)?;
    writeln!(out, "    fingerprint  {}", f.fingerprint)?;
    writeln!(out, "    remediation  {}", f.remediation)?;
    Ok(())
}

fn print_verdict(
    out: &mut dyn Write,
    v: &Verdict,
    updates: &[RefUpdate],
    elapsed: Duration,
) -> std::io::Result<()> {
    for o in &v.ignored_options {
        writeln!(
            out,
            "keygate: push option `{o}` ignored: this server does not set allow_push_options"
        )?;
    }
    let who = pusher().unwrap_or_else(|| "unknown pusher".into());
    for p in &v.allowed {
        let f = &p.finding;
        writeln!(
            out,
            "keygate: ALLOWED by push option {ALLOW_OPTION}{} ({who}; logged): {}:{} {} {} in commit {}{}",
            f.fingerprint,
            f.display_path(),
            f.line,
            f.rule_id,
            f.redacted,
            f.origin.commit_info().map(|c| short(&c.sha)).unwrap_or("?"),
            if p.refs.is_empty() {
                String::new()
            } else {
                format!(" ({})", p.refs.join(", "))
            }
        )?;
    }
    for u in &v.unused {
        writeln!(
            out,
            "keygate: push option {ALLOW_OPTION}{u} matched no finding of this push"
        )?;
    }
    let refs = updates.iter().filter(|u| !u.is_deletion()).count();
    if v.blocking.is_empty() {
        writeln!(
            out,
            "keygate: push checked: {} new commit(s) on {refs} ref(s), no secrets{} ({:.2}s)",
            v.commits,
            if v.allowed.is_empty() {
                String::new()
            } else {
                format!(" besides {} allowed by push option", v.allowed.len())
            },
            elapsed.as_secs_f64()
        )?;
        return Ok(());
    }
    let distinct: BTreeSet<&str> = v
        .blocking
        .iter()
        .map(|p| p.finding.fingerprint.as_str())
        .collect();
    writeln!(
        out,
        "keygate: push refused: {} secret(s) in the commits this push adds ({} new commit(s) on {refs} ref(s); policy: {})",
        distinct.len(),
        v.commits,
        v.policy
    )?;
    writeln!(out)?;
    for p in &v.blocking {
        print_finding(out, p)?;
        writeln!(out)?;
    }
    let commits: BTreeSet<&str> = v
        .blocking
        .iter()
        .filter_map(|p| p.finding.origin.commit_info().map(|c| short(&c.sha)))
        .collect();
    let list: Vec<&str> = commits.into_iter().collect();
    writeln!(out, "keygate: how to proceed:")?;
    writeln!(out, "  1. Rotate (revoke and replace) every secret above: it has left your machine, treat it as exposed.")?;
    writeln!(
        out,
        "  2. Remove it from the commits you push ({}), not with a new commit on top: the history",
        list.join(", ")
    )?;
    writeln!(
        out,
        "     would still hold it, and this server checks every commit a push adds."
    )?;
    writeln!(
        out,
        "       in your last commit:  remove it, git add the file, git commit --amend"
    )?;
    writeln!(
        out,
        "       in an older commit:   git rebase -i <commit>^, mark the commit `edit`, remove it,"
    )?;
    writeln!(
        out,
        "                             git commit --amend, git rebase --continue"
    )?;
    writeln!(out, "  3. Push again.")?;
    writeln!(out, "  Not a secret? Its fingerprint must be in .keygateignore on the default branch first: a push")?;
    writeln!(out, "  cannot allow its own findings.")?;
    if v.allow_push_options {
        writeln!(out, "  This server accepts a deliberate, logged exception: git push -o {ALLOW_OPTION}<fingerprint>")?;
    }
    Ok(())
}

/// Appends one JSON line per ref update to `log`.
fn write_log(
    log: Option<&Path>,
    updates: &[RefUpdate],
    decision: &str,
    verdict: Option<&Verdict>,
) -> Result<()> {
    let Some(path) = log else {
        return Ok(());
    };
    let time = now_utc();
    let who = pusher();
    let mut text = String::new();
    for u in updates {
        let of_ref = |list: &[Pushed]| -> Vec<serde_json::Value> {
            list.iter()
                .filter(|p| p.refs.iter().any(|r| r == &u.name))
                .map(|p| {
                    let f = &p.finding;
                    serde_json::json!({
                        "fingerprint": f.fingerprint,
                        "rule": f.rule_id,
                        "path": f.display_path(),
                        "line": f.line,
                        "commit": f.origin.commit_info().map(|c| c.sha.clone()),
                    })
                })
                .collect()
        };
        let (findings, allowed) = match verdict {
            Some(v) => (of_ref(&v.blocking), of_ref(&v.allowed)),
            None => (Vec::new(), Vec::new()),
        };
        let allowed_fps: Vec<&serde_json::Value> =
            allowed.iter().map(|a| &a["fingerprint"]).collect();
        let line = serde_json::json!({
            "time": time,
            "ref": u.name,
            "old": u.old.to_string(),
            "new": u.new.to_string(),
            "decision": decision,
            "findings": findings,
            "allowed": allowed_fps,
            "allowed_findings": allowed,
            "pusher": who,
            "commits": verdict.map(|v| v.commits),
        });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening the log {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing the log {}", path.display()))?;
    Ok(())
}

/// `keygate install --pre-receive | --pre-push [--git-dir DIR] [--uninstall]`.
pub fn install(args: &InstallArgs) -> Result<Outcome> {
    let (name, template) = if args.pre_receive {
        ("pre-receive", hook::PRE_RECEIVE)
    } else if args.pre_push {
        ("pre-push", hook::PRE_PUSH)
    } else {
        bail!("--git-dir goes with --pre-receive or --pre-push; install the pre-commit hook from inside the working tree");
    };
    let repo = match &args.git_dir {
        Some(d) => git2::Repository::open(d)
            .map_err(|e| anyhow::anyhow!("{}: not a git repository ({})", d.display(), e.message()))?,
        None => git2::Repository::open_from_env().map_err(|e| {
            anyhow::anyhow!(
                "not inside a git repository ({}); run this in the repository, or pass --git-dir DIR",
                e.message()
            )
        })?,
    };
    let dir: PathBuf = match hook::layout(&repo)? {
        hook::Layout::Hooks(dir) => dir,
        hook::Layout::Husky { file, .. } | hook::Layout::Lefthook(file) => bail!(
            "{} runs this repository's hooks; add a {name} hook there that runs keygate (see hooks/{name} in keygate's source) instead",
            file.display()
        ),
    };
    if args.uninstall {
        match hook::uninstall_in(&dir, name)? {
            hook::Uninstalled::Removed(p) => println!("keygate: removed {}", p.display()),
            hook::Uninstalled::Restored { hook, from } => println!(
                "keygate: removed keygate's {name} hook and restored {} from {}",
                hook.display(),
                from.display()
            ),
            hook::Uninstalled::NotInstalled(p) | hook::Uninstalled::LinesRemoved(p) => {
                println!(
                    "keygate: no keygate hook at {}; nothing to remove",
                    p.display()
                )
            }
        }
        return Ok(Outcome::Clean);
    }
    // Arguments an administrator gave keygate in an earlier install of the
    // hook (KEYGATE_ARGS="--config ..."), kept across updates.
    let kept_args = std::fs::read_to_string(dir.join(name))
        .ok()
        .filter(|t| t.contains(hook::MARKER))
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("KEYGATE_ARGS=") && *l != "KEYGATE_ARGS=\"\"")
                .map(str::to_string)
        });
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    let installed = hook::install_in(&dir, name, template, binary.as_deref(), !args.no_chain)?;
    if let Some(line) = &kept_args {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        std::fs::write(&path, text.replacen("KEYGATE_ARGS=\"\"", line, 1))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    match installed {
        hook::Installed::Chained { hook, backup } => println!(
            "keygate: installed the {name} hook at {}; the hook that was there is kept as {}{}",
            hook.display(),
            backup.display(),
            if args.no_chain {
                " (not run: --no-chain)"
            } else {
                " and runs after keygate passes"
            }
        ),
        hook::Installed::Updated(p) => {
            println!("keygate: updated the {name} hook at {}", p.display())
        }
        hook::Installed::New(p)
        | hook::Installed::Husky(p)
        | hook::Installed::Lefthook { config: p, .. } => {
            println!("keygate: installed the {name} hook at {}", p.display())
        }
    }
    if let Some(line) = kept_args {
        println!("keygate: kept the hook's {line}");
    }
    if args.pre_receive && !repo.is_bare() {
        println!(
            "keygate: note: {} is not a bare repository; the hook runs when someone pushes to it",
            repo.path().display()
        );
    }
    if args.pre_receive {
        println!("keygate: for `git push -o keygate.allow=...` (with allow_push_options: true), also run: git config receive.advertisePushOptions true");
    }
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("4s"), Ok(Duration::from_secs(4)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("4 parsecs").is_err());
        assert!(parse_duration("").is_err());
    }
}
