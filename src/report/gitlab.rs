//! `--format gitlab`: a GitLab Secret Detection report
//! (`artifacts: reports: secret_detection`), following GitLab's published
//! security report schema (`secret-detection-report-format.json`, version
//! [`SCHEMA_VERSION`]): `scan` names the analyzer and scanner with their
//! versions, the start and end time and the status; each finding is one
//! entry of `vulnerabilities` with its location (file, lines, commit) and
//! the keygate rule as its primary identifier, so GitLab tracks it across
//! pipelines. Secrets appear only with `--no-redact` (in
//! `raw_source_code_extract`); the description carries the redacted form.

use super::Report;
use crate::finding::{Finding, Severity};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

/// The version of GitLab's security report schemas this report follows.
pub const SCHEMA_VERSION: &str = "15.2.1";

/// Where GitLab publishes that schema.
const SCHEMA_URL: &str = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.2.1/dist/secret-detection-report-format.json";

/// The commit GitLab's own secret detection reports for findings that are
/// not tied to a commit (a tree or the index): the schema requires one.
const NO_COMMIT: &str = "0000000";

/// GitLab's severities are Critical, High, Medium, Low, Info and Unknown.
/// keygate's `high` is a credential that grants access as found, which
/// GitLab's own secret detection reports as Critical.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "Critical",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// `YYYY-MM-DDThh:mm:ss` in UTC, the format the schema's times use.
fn timestamp(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}",
        super::date(unix),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A stable id for one occurrence: the fingerprint (rule, path, secret)
/// plus where it is, so the same secret in two commits is two entries.
fn id(f: &Finding) -> String {
    let mut h = Sha256::new();
    h.update(f.fingerprint.as_bytes());
    h.update([0]);
    h.update(f.origin.commit_info().map_or(NO_COMMIT, |c| c.sha.as_str()));
    h.update([0]);
    h.update(f.line.to_string().as_bytes());
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn vulnerability(f: &Finding, redact: bool) -> Value {
    let shown = if redact { &f.redacted() } else { &f.secret };
    let mut description = format!("{} found: {shown}.", f.rule_name());
    for note in &f.notes() {
        description.push(' ');
        description.push_str(note);
        if !note.ends_with('.') {
            description.push('.');
        }
    }
    description.push_str(&format!(
        " Not a secret? Add its fingerprint {} to .keygateignore.",
        f.fingerprint
    ));
    let commit = match f.origin.commit_info() {
        Some(c) => json!({
            "sha": c.sha,
            "author": c.author,
            "date": timestamp(c.time),
            "message": c.summary,
        }),
        None => json!({"sha": NO_COMMIT}),
    };
    let mut v = json!({
        "id": id(f),
        "category": "secret_detection",
        "name": f.rule_name(),
        "description": description,
        "severity": severity(f.severity),
        "solution": &*f.remediation,
        "location": {
            "file": f.display_path(),
            "start_line": f.line,
            "end_line": f.end_line.max(f.line),
            "commit": commit,
        },
        "identifiers": [{
            "type": "keygate_rule_id",
            "name": format!("keygate rule {}", f.rule_id()),
            "value": f.rule_id(),
        }],
    });
    if !redact {
        v["raw_source_code_extract"] = json!(f.secret);
    }
    v
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let start = now - report.elapsed.as_secs() as i64;
    // keygate is both the analyzer (what the CI job runs) and the scanner.
    let tool = json!({
        "id": "keygate",
        "name": "keygate",
        "version": env!("CARGO_PKG_VERSION"),
        "vendor": {"name": "keygate"},
        "url": env!("CARGO_PKG_REPOSITORY"),
    });
    let doc = json!({
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URL,
        "scan": {
            "type": "secret_detection",
            "analyzer": tool,
            "scanner": tool,
            "start_time": timestamp(start),
            "end_time": timestamp(now),
            "status": "success",
            "messages": [],
        },
        "vulnerabilities": report
            .findings
            .iter()
            .map(|f| vulnerability(f, report.redact))
            .collect::<Vec<_>>(),
        "remediations": [],
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_are_schema_shaped() {
        assert_eq!(super::timestamp(0), "1970-01-01T00:00:00");
        assert_eq!(super::timestamp(1_700_000_000), "2023-11-14T22:13:20");
    }
}
