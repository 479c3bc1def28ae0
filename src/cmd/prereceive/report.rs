//! What `keygate pre-receive` tells the pusher (stderr, shown as `remote:`
//! lines, no colour) and what it logs (one JSON line per ref and decision).

use super::*;

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
        f.rule_id(),
        f.rule_name(),
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
    writeln!(out, "    secret       {}  (redacted)", f.redacted())?;
    if let Some(v) = &f.verification {
        writeln!(out, "    {}", v.note())?;
    }
    writeln!(out, "    fingerprint  {}", f.fingerprint)?;
    writeln!(out, "    remediation  {}", f.remediation)?;
    Ok(())
}

pub(super) fn print_verdict(
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
            f.rule_id(),
            f.redacted(),
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
pub(super) fn write_log(
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
                        "rule": f.rule_id(),
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
