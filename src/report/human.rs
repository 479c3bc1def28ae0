//! The default report: `path:line:col: severity rule-id name`, the line
//! with the secret masked and a caret run under it, then what to do.

use super::{Mode, Report, Styles};
use keygate::finding::{Finding, Severity};
use std::io::{self, Write};

pub fn write(report: &Report<'_>, s: &Styles, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings {
        finding(f, report.redact, s, out)?;
    }
    summary(report, s, out)
}

fn finding(f: &Finding, redact: bool, s: &Styles, out: &mut dyn Write) -> io::Result<()> {
    let location = format!("{}:{}:{}", f.display_path(), f.line, f.column);
    writeln!(
        out,
        "{}: {} {} {}",
        s.path.style(location),
        s.severity(f.severity).style(f.severity),
        s.rule.style(&f.rule_id),
        f.rule_name
    )?;
    if let Some(c) = f.origin.commit_info() {
        writeln!(
            out,
            "  in commit {} by {} <{}> on {}: {}",
            &c.sha[..c.sha.len().min(12)],
            c.author,
            c.email,
            super::date(c.time),
            c.summary
        )?;
    }
    let number = f.line.to_string();
    let pad = " ".repeat(number.len());
    let shown = f.shown_line(redact);
    writeln!(
        out,
        " {} {} {}",
        s.gutter.style(&number),
        s.gutter.style("|"),
        shown
    )?;
    if let Some(range) = &f.secret_in_line {
        let width = if redact {
            f.redacted.chars().count()
        } else {
            range.len().max(1)
        };
        writeln!(
            out,
            " {} {} {}{}",
            pad,
            s.gutter.style("|"),
            " ".repeat(range.start),
            s.secret.style("^".repeat(width))
        )?;
    }
    if !redact {
        writeln!(out, " {} {} secret: {}", pad, s.gutter.style("="), f.secret)?;
    }
    for note in &f.notes {
        writeln!(out, " {} {} note: {}", pad, s.gutter.style("="), note)?;
    }
    writeln!(
        out,
        " {} {} {} {}",
        pad,
        s.gutter.style("="),
        s.help.style("fix:"),
        f.remediation
    )?;
    writeln!(
        out,
        " {} {} fingerprint: {}",
        pad,
        s.gutter.style("="),
        f.fingerprint
    )?;
    writeln!(out)
}

fn summary(report: &Report<'_>, s: &Styles, out: &mut dyn Write) -> io::Result<()> {
    let st = report.stats;
    let n = report.findings.len();
    let high = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::High)
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
    let mut skipped = Vec::new();
    if st.skipped_binary > 0 {
        skipped.push(format!("{} binary", st.skipped_binary));
    }
    if st.skipped_large > 0 {
        skipped.push(format!("{} over the size limit", st.skipped_large));
    }
    if st.errors > 0 {
        skipped.push(format!("{} unreadable", st.errors));
    }
    if st.skipped_special > 0 {
        skipped.push(format!(
            "{} FIFO(s), socket(s) or device(s), never opened",
            st.skipped_special
        ));
    }
    if st.vanished > 0 {
        skipped.push(format!("{} that vanished during the scan", st.vanished));
    }
    if st.submodules > 0 {
        skipped.push(format!(
            "{} submodule(s), not entered (they are scanned in their own repository)",
            st.submodules
        ));
    }
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
    writeln!(out, "{line}")?;
    if st.long_lines > 0 {
        writeln!(
            out,
            "keygate: note: {} file(s) have lines over {} KiB (minified or generated); they were scanned around keyword hits and findings show a bounded snippet",
            st.long_lines,
            keygate::detect::LONG_LINE / 1024
        )?;
    }
    if n > 0 && report.mode == Mode::Staged {
        writeln!(
            out,
            "keygate: remove the secret from the file and stage it again (or unstage it: git restore --staged <path>),\n\
             keygate: then rotate the credential: it is already on this machine and may be in logs or backups.\n\
             keygate: a line ending in `keygate:allow` is not reported; `git commit --no-verify` skips the check deliberately."
        )?;
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
    fn bytes() {
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(10 << 20), "10.0 MiB");
    }
}
