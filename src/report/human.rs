//! The default report: `path:line:col: severity rule-id name`, the line
//! with the secret masked and a caret run under it, then what to do.

use super::{Mode, Report, Styles};
use crate::finding::{Finding, Severity};
use std::io::{self, Write};

pub fn write(report: &Report<'_>, s: &Styles, out: &mut dyn Write) -> io::Result<()> {
    for group in repeated(report.findings) {
        finding(group[0], report.redact, s, out)?;
        if group.len() > 1 {
            also_at(&group[1..], s, out)?;
        }
    }
    summary(report, s, out)
}

/// A secret found this many times or more (versioned API docs repeat one
/// example in every version) is shown once, with the other places listed.
const GROUP_AT: usize = 3;

/// The findings in report order, those of one secret (same rule, same
/// value) found [`GROUP_AT`] times or more grouped at the first.
fn repeated(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut count: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for f in findings {
        *count.entry((f.rule_id(), f.secret.as_str())).or_default() += 1;
    }
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    let mut at: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for f in findings {
        let key = (f.rule_id(), f.secret.as_str());
        if count[&key] < GROUP_AT {
            groups.push(vec![f]);
            continue;
        }
        match at.get(&key) {
            Some(&i) => groups[i].push(f),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![f]);
            }
        }
    }
    groups
}

/// The other places of a repeated secret, a few per line.
fn also_at(others: &[&Finding], s: &Styles, out: &mut dyn Write) -> io::Result<()> {
    const LISTED: usize = 12;
    writeln!(
        out,
        "  {} the same secret is in {} other place(s) (each is a finding in --format json):",
        s.gutter.style("="),
        others.len()
    )?;
    for f in others.iter().take(LISTED) {
        writeln!(
            out,
            "      {}:{}:{}",
            escape_controls(&f.display_path()),
            f.line,
            f.column
        )?;
    }
    if others.len() > LISTED {
        writeln!(out, "      and {} more", others.len() - LISTED)?;
    }
    writeln!(out)
}

fn finding(f: &Finding, redact: bool, s: &Styles, out: &mut dyn Write) -> io::Result<()> {
    // error[aws-access-key-id]: AWS access key ID (long-lived)
    let level = match f.severity {
        Severity::Critical | Severity::High | Severity::Medium => "error",
        Severity::Low => "warning",
    };
    let label = f
        .label
        .as_ref()
        .map(|l| format!(" ({l})"))
        .unwrap_or_default();
    writeln!(
        out,
        "{}{}{}{}: {}{label}",
        s.severity(f.severity).style(level),
        s.severity(f.severity).style("["),
        s.rule.style(f.rule_id()),
        s.severity(f.severity).style("]"),
        s.path.style(f.rule_name()),
    )?;
    let number = f.line.to_string();
    let pad = " ".repeat(number.len());
    //   --> deploy.sh:1:26
    let cell = f
        .cell
        .as_ref()
        .map(|c| format!(" ({} cell {}, line {})", c.kind, c.cell, c.line))
        .unwrap_or_default();
    writeln!(
        out,
        "{pad}{} {}:{}:{}{cell}",
        s.gutter.style("-->"),
        escape_controls(&f.display_path()),
        f.line,
        f.column
    )?;
    if let Some(c) = f.origin.commit_info() {
        writeln!(
            out,
            "{pad} {} added in commit {} by {} <{}> on {}: {}",
            s.gutter.style("="),
            &c.sha[..c.sha.len().min(12)],
            escape_controls(&c.author),
            escape_controls(&c.email),
            super::date(c.time),
            escape_controls(&c.summary)
        )?;
    }
    writeln!(out, "{pad} {}", s.gutter.style("|"))?;
    // The line, tabs as single spaces so the carets line up.
    let (raw, caret) = f.shown(redact);
    let mut raw = raw.replace('\t', " ");
    if raw.ends_with('\r') {
        raw.pop(); // CRLF is a line ending, not content
    }
    let shown = escape_controls(&raw);
    writeln!(
        out,
        "{} {} {}",
        s.gutter.style(&number),
        s.gutter.style("|"),
        shown
    )?;
    if let Some(caret) = caret {
        // Escaped control characters before the secret move it right.
        let before: String = raw.chars().take(caret.start).collect();
        let (start, width) = (escape_controls(&before).chars().count(), caret.len().max(1));
        let what = if f.end_line > f.line {
            format!("{} (to line {})", f.rule_name(), f.end_line)
        } else {
            f.rule_name().to_string()
        };
        writeln!(
            out,
            "{pad} {} {}{} {}",
            s.gutter.style("|"),
            " ".repeat(start),
            s.secret.style("^".repeat(width)),
            s.secret.style(what)
        )?;
    }
    writeln!(out, "{pad} {}", s.gutter.style("|"))?;
    let eq = s.gutter.style("=");
    if !redact {
        writeln!(out, "{pad} {eq} secret: {}", f.secret)?;
    }
    for note in &f.notes() {
        writeln!(out, "{pad} {eq} note: {note}")?;
    }
    if let Some(v) = &f.verification {
        writeln!(out, "{pad} {eq} note: {}", v.note())?;
    }
    if let Some(command) = &f.revoke_command() {
        writeln!(
            out,
            "{pad} {eq} {} deactivate it now: {}{}",
            s.help.style("help:"),
            if redact {
                &command.redacted
            } else {
                &command.full
            },
            if redact {
                "   (--no-redact prints the full ID)"
            } else {
                ""
            }
        )?;
    }
    writeln!(
        out,
        "{pad} {eq} {} {}",
        s.help.style("help:"),
        f.remediation
    )?;
    writeln!(
        out,
        "{pad} {eq} {} not a secret? add a `keygate:allow` comment on the line, allowlist it in .keygate.yaml (allowlist: {{paths: [{}]}}), or add this line to .keygateignore:",
        s.help.style("help:"),
        serde_json::to_string(&f.display_path()).unwrap_or_default(),
    )?;
    writeln!(
        out,
        "{pad}         {}  # {} {}",
        f.fingerprint,
        f.rule_id(),
        escape_controls(&f.display_path())
    )?;
    writeln!(out)
}

fn summary(report: &Report<'_>, s: &Styles, out: &mut dyn Write) -> io::Result<()> {
    let st = report.stats;
    let n = report.findings.len();
    let high = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::High)
        .count();
    let what = match report.mode {
        Mode::Scan => "files",
        Mode::Staged => "staged files",
        Mode::Diff | Mode::History => "blobs",
    };
    let headline = match n {
        0 => s.summary_good.style("no secrets found".to_string()),
        1 => s.summary_bad.style(format!("1 finding ({high} high)")),
        _ => s.summary_bad.style(format!("{n} findings ({high} high)")),
    };
    let mut line = format!(
        "keygate: {headline} in {} {what} ({}) in {:.2} s",
        st.files_scanned,
        human_bytes(st.bytes_scanned),
        report.elapsed.as_secs_f64()
    );
    let skipped: Vec<String> = [
        (st.skipped_binary, "binary"),
        (st.skipped_large, "over the size limit"),
        (st.errors, "unreadable"),
        (
            st.skipped_special,
            "FIFO(s), socket(s) or device(s), never opened",
        ),
        (st.vanished, "that vanished during the scan"),
        (
            st.submodules,
            "submodule(s), not entered (they are scanned in their own repository)",
        ),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !skipped.is_empty() {
        line.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    if let Some(c) = report.commits {
        let distinct: std::collections::HashSet<&str> = report
            .findings
            .iter()
            .map(|f| f.fingerprint.as_str())
            .collect();
        line.push_str(&format!(
            "; {c} commit(s), {} distinct secret(s)",
            distinct.len()
        ));
    }
    if let Some(c) = report.config {
        line.push_str(&format!(
            "; config {}",
            escape_controls(&c.display().to_string())
        ));
    }
    writeln!(out, "{line}")?;
    if let Some(v) = &report.verified {
        writeln!(out, "keygate: {v}")?;
    }
    if !report.allowed.is_empty() {
        allowed(report.allowed, out)?;
    }
    if st.long_lines > 0 {
        writeln!(
            out,
            "keygate: note: {} file(s) have lines over {} KiB (minified or generated); they were scanned around keyword hits and findings show a bounded snippet",
            st.long_lines,
            crate::blob::LONG_LINE / 1024
        )?;
    }
    if n > 0 && report.mode == Mode::Staged {
        let mut paths: Vec<String> = report.findings.iter().map(|f| f.display_path()).collect();
        paths.dedup();
        let quoted: Vec<String> = paths.iter().map(|p| crate::shell::shell_word(p)).collect();
        writeln!(
            out,
            "keygate: remove the secret from the file and stage it again, or unstage the file:\n\
             keygate:     git restore --staged {}\n\
             keygate: then rotate the credential: it is already on this machine and may be in logs or backups.\n\
             keygate: a line with a `keygate:allow` comment is not reported; `git commit --no-verify` skips the check deliberately.",
            quoted.join(" ")
        )?;
    }
    Ok(())
}

/// Control characters (C0 but tab, DEL, C1) escaped the way git quotes
/// paths (`\n`, `\033`), so that a file name or a line cannot move the
/// cursor, clear the screen or retitle the terminal that shows the report.
fn escape_controls(text: &str) -> String {
    let control =
        |c: char| (c < ' ' && c != '\t') || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if control(c) => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:03o}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The findings `keygate:allow` markers suppressed: how many, and where.
fn allowed(allowed: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    const LISTED: usize = 20;
    let n = allowed.len();
    writeln!(
        out,
        "keygate: {n} {} allowed by keygate:allow markers (--no-inline-allow reports {}):",
        if n == 1 { "finding" } else { "findings" },
        if n == 1 { "it" } else { "them" },
    )?;
    for f in allowed.iter().take(LISTED) {
        let commit = f
            .origin
            .commit_info()
            .map(|c| format!(" in commit {}", &c.sha[..c.sha.len().min(12)]))
            .unwrap_or_default();
        writeln!(
            out,
            "keygate:     {}:{}:{} {}{commit}",
            f.display_path(),
            f.line,
            f.column,
            f.rule_id()
        )?;
    }
    if n > LISTED {
        writeln!(out, "keygate:     and {} more", n - LISTED)?;
    }
    Ok(())
}

/// `1.5 KiB`, `12.0 MiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut unit = "B";
    for u in UNITS {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_as_git_quotes_them() {
        assert_eq!(escape_controls("plain\ttab"), "plain\ttab");
        assert_eq!(escape_controls("a\u{1b}[2Jb\u{7}\n"), "a\\033[2Jb\\a\\n");
        assert_eq!(escape_controls("x\u{7f}\u{9b}"), "x\\177\\302\\233");
    }

    #[test]
    fn bytes() {
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(10 << 20), "10.0 MiB");
    }
}
