//! `--format json`: one document with every finding and the stats. Paths
//! are relative to the scan root (or the repository root for `staged`),
//! lines and columns 1-based, columns in characters. The secret appears
//! only with `--no-redact`.

use super::{Mode, Report};
use crate::finding::Finding;
use serde::Serialize;
use std::io::{self, Write};

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
    let mut doc = Stream::begin(report.mode, report.redact, out)?;
    for f in report.findings {
        doc.finding(f)?;
    }
    doc.end(report).map(drop)
}

/// The document written as the findings come: its head, each finding as it
/// is handed over, then the stats. What [`write`] writes for the same
/// findings, byte for byte, without the findings ever being held.
pub struct Stream<W: Write> {
    out: W,
    redact: bool,
    findings: usize,
    /// One finding's pretty JSON, reused.
    buf: Vec<u8>,
}

impl<W: Write> Stream<W> {
    /// Writes the head of the document for `mode`.
    pub fn begin(mode: Mode, redact: bool, mut out: W) -> io::Result<Self> {
        write!(
            out,
            "{{\n  \"version\": 1,\n  \"command\": \"{}\",\n  \"findings\": [",
            mode.name()
        )?;
        Ok(Stream {
            out,
            redact,
            findings: 0,
            buf: Vec::new(),
        })
    }

    /// Writes the next finding.
    pub fn finding(&mut self, f: &Finding) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, &json_finding(f, self.redact))?;
        self.out
            .write_all(if self.findings == 0 { b"\n" } else { b",\n" })?;
        self.findings += 1;
        // Nested two levels deep. JSON strings hold no raw line breaks, so
        // every line break is the layout's.
        indented(&self.buf, b"    ", &mut self.out)
    }

    /// How many findings were written.
    pub fn count(&self) -> usize {
        self.findings
    }

    /// Writes the stats of `report` (whose own findings list is not read:
    /// the count is of those written), closes the document and gives the
    /// writer back.
    pub fn end(mut self, report: &Report<'_>) -> io::Result<W> {
        if self.findings > 0 {
            self.out.write_all(b"\n  ")?;
        }
        let stats = JsonStats {
            counts: report.stats,
            findings: self.findings,
            allowed_inline: report.allowed.len(),
            commits: report.commits,
            verification: report.verified.map(|v| JsonVerified {
                live: v.live,
                invalid: v.invalid,
                unknown: v.unknown,
            }),
            elapsed_ms: report.elapsed.as_millis(),
        };
        let mut buf = Vec::new();
        serde_json::to_writer_pretty(&mut buf, &stats)?;
        self.out.write_all(b"],\n  \"stats\": ")?;
        // The first line follows the key; the rest are one level deep.
        let first = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
        self.out.write_all(&buf[..first])?;
        indented(&buf[first..], b"  ", &mut self.out)?;
        self.out.write_all(b"\n}\n")?;
        Ok(self.out)
    }
}

/// `text` with every line that is not empty indented by `indent`.
fn indented(text: &[u8], indent: &[u8], out: &mut dyn Write) -> io::Result<()> {
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        if !line.is_empty() {
            out.write_all(indent)?;
        }
        out.write_all(line)?;
    }
    Ok(())
}
