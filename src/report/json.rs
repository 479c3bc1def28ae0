//! `--format json`: one document with every finding and the stats. Paths
//! are relative to the scan root (or the repository root for `staged`),
//! lines and columns 1-based, columns in characters. The secret appears
//! only with `--no-redact`.

use super::Report;
use crate::finding::Finding;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    command: &'static str,
    findings: Findings<'a>,
    stats: JsonStats<'a>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    name: &'a str,
    severity: crate::finding::Severity,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    source: &'static str,
    redacted: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
    fingerprint: &'a str,
    remediation: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<JsonCommit<'a>>,
    /// Notebooks: the cell and the line within it.
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a crate::finding::CellPosition>,
    /// With `--verify`: live, invalid or unknown, and whose it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<&'a crate::verify::Verification>,
}

#[derive(Serialize)]
struct JsonCommit<'a> {
    sha: &'a str,
    author: &'a str,
    email: &'a str,
    date: String,
    time: i64,
    summary: &'a str,
}

/// Distinct secrets verified, by answer.
#[derive(Serialize)]
struct JsonVerified {
    live: usize,
    invalid: usize,
    unknown: usize,
}

#[derive(Serialize)]
struct JsonStats<'a> {
    #[serde(flatten)]
    counts: &'a crate::blob::Stats,
    findings: usize,
    /// Findings suppressed by `keygate:allow` markers.
    allowed_inline: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    commits: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<JsonVerified>,
    elapsed_ms: u128,
}

/// The findings, each turned into its JSON form only while it is written:
/// a report of many findings is never held twice.
struct Findings<'a> {
    list: &'a [Finding],
    redact: bool,
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.list.iter().map(|f| json_finding(f, self.redact)))
    }
}

fn json_finding(f: &Finding, redact: bool) -> JsonFinding<'_> {
    JsonFinding {
        rule: f.rule_id(),
        name: f.rule_name(),
        severity: f.severity,
        path: f.display_path(),
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        source: f.origin.kind(),
        redacted: f.redacted(),
        secret: (!redact).then_some(f.secret.as_str()),
        fingerprint: &f.fingerprint,
        remediation: &f.remediation,
        notes: f.notes(),
        commit: f.origin.commit_info().map(|c| JsonCommit {
            sha: &c.sha,
            author: &c.author,
            email: &c.email,
            date: super::date(c.time),
            time: c.time,
            summary: &c.summary,
        }),
        cell: f.cell.as_deref(),
        verification: f.verification.as_deref(),
    }
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = Doc {
        version: 1,
        command: report.mode.name(),
        findings: Findings {
            list: report.findings,
            redact: report.redact,
        },
        stats: JsonStats {
            counts: report.stats,
            findings: report.findings.len(),
            allowed_inline: report.allowed.len(),
            commits: report.commits,
            verification: report.verified.map(|v| JsonVerified {
                live: v.live,
                invalid: v.invalid,
                unknown: v.unknown,
            }),
            elapsed_ms: report.elapsed.as_millis(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}
