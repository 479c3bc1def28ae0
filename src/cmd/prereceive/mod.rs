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

mod report;

use super::Outcome;
use crate::baseline::Suppressions;
use crate::blob::CommitInfo;
use crate::cli::PreReceiveArgs;
use crate::config::Config;
use crate::detect::Detector;
use crate::finding::Finding;
use crate::pipeline::{changes, Context, Settings};
use crate::source::commits::CommitChanges;
use crate::source::push::{self, RefUpdate};
use anyhow::{Context as _, Result};
use report::{print_verdict, write_log};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Commits read (and their content held) at a time.
const COMMITS_PER_SLICE: usize = 256;

/// The push option that names a fingerprint to let through.
const ALLOW_OPTION: &str = "keygate.allow=";

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
            let accept = gate.accept_on_timeout(limit.max(Duration::from_secs(3)));
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
    config.detector(false).context("invalid rules")
}

/// The policy: `--config FILE` (and a `.keygateignore` next to it), else
/// what the default branch holds before the push, else the defaults.
fn policy(
    repo: &git2::Repository,
    args: &PreReceiveArgs,
    settings: &Settings,
) -> Result<(Context, String)> {
    if let Some(file) = &args.config {
        let root = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let ctx = Context::load(settings, root, false)?;
        return Ok((ctx, format!("server configuration {}", file.display())));
    }
    let head = repo
        .head()
        .ok()
        .and_then(|h| Some((h.name()?.to_string(), h.peel_to_commit().ok()?.id())));
    match head {
        Some((name, id)) => {
            let mut ctx = Context::from_commit(repo, id, settings)?;
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
            let max_file_size = settings
                .max_file_size
                .unwrap_or(crate::config::DEFAULT_MAX_FILE_SIZE);
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

/// The findings of what `commits` add, not yet filtered by allowlists.
fn scan_changes(ctx: &Context, commits: &[CommitChanges]) -> Vec<Finding> {
    let sets: Vec<changes::ChangeSet<'_>> = commits
        .iter()
        .map(|cc| (Some(cc.commit.clone()), &cc.changes))
        .collect();
    changes::scan_changes(&ctx.detector, &sets).0
}

fn check(args: &PreReceiveArgs, updates: &[RefUpdate], gate: &Gate) -> Result<Verdict> {
    let repo = push::open_for_push(None, updates)?;
    let settings = Settings {
        config: args.config.clone(),
        max_file_size: args.max_file_size,
        baseline: None,
    };
    let (ctx, policy) = policy(&repo, args, &settings)?;
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
        let mut changes = push::read_new_commits(&repo, slice, ctx.max_file_size)?;
        // A rename out of an allowlisted path counts as adding the blob.
        for cc in &mut changes {
            crate::source::git::add_renamed(
                &repo,
                &mut cc.changes,
                &super::git::moved_out_of_allowlist(&ctx),
                ctx.max_file_size,
                "commit",
            )?;
        }
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
    // Lines the pushed commits mark `keygate:allow` are allowed, and said so.
    let (kept, allowed): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|f| !f.suppressed_inline);
    let mut findings = kept;
    if args.verify {
        let mut opts = crate::verify::Options::from_env();
        opts.jobs = args.verify_jobs.max(1);
        let summary = crate::pipeline::verify::verify_findings(&mut findings, &opts);
        eprintln!("keygate: {summary}");
    }
    for f in &allowed {
        eprintln!(
            "keygate: allowed by a keygate:allow marker: {}:{} {} in commit {}",
            f.display_path(),
            f.line,
            f.rule_id(),
            f.origin
                .commit_info()
                .map_or("?", |c| &c.sha[..c.sha.len().min(12)])
        );
    }
    findings.sort_unstable();
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
        if allow.contains(p.finding.fingerprint.as_str()) {
            used.insert(p.finding.fingerprint.to_string());
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
