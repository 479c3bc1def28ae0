//! A finding: which rule matched, where, and what the user must do. The
//! secret itself stays in memory; reporters print [`Finding::redacted`]
//! unless the user opts in to full output.

use crate::blob::{display_path, Origin};
use crate::verify::Verification;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;

/// Masks all but a short prefix of `secret`: four characters for secrets of
/// 16 characters or more, fewer for shorter ones so that a short password is
/// never half shown.
pub fn redact(secret: &str) -> String {
    let secret = secret.trim_start();
    let n = secret.chars().count();
    let keep = (n / 4).min(4);
    let mut out: String = secret.chars().take(keep).collect();
    out.push('…');
    out
}

/// How urgent a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Probably sensitive, weakly identified.
    Low,
    /// A credential of limited reach, or a generic match.
    Medium,
    /// A credential that grants access on its own.
    High,
    /// A verified live credential of an account's root user (AWS): it can
    /// do everything, including closing the account.
    Critical,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        })
    }
}

/// One secret found in one blob.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule's stable id, e.g. `aws-access-key-id`.
    pub rule_id: String,
    /// The rule's human name.
    pub rule_name: String,
    /// The rule's severity.
    pub severity: Severity,
    /// What to do now (shared with the rule: a report of many findings
    /// holds one copy).
    pub remediation: std::sync::Arc<str>,
    /// Where the blob came from.
    pub origin: Origin,
    /// 1-based line where the finding starts.
    pub line: usize,
    /// 1-based character column where the finding starts.
    pub column: usize,
    /// 1-based line where the secret ends.
    pub end_line: usize,
    /// 1-based character column just past the secret's last character on
    /// `end_line` (exclusive).
    pub end_column: usize,
    /// The secret as found (lossily decoded). In memory only: printed only
    /// when the user asks for unredacted output.
    pub secret: String,
    /// The secret with all but its first characters masked.
    pub redacted: String,
    /// Stable identity across runs and line moves: depends on rule, path and
    /// secret, never on the line.
    pub fingerprint: String,
    /// The source line of the finding, bounded in length, unredacted.
    pub line_text: String,
    /// Character range of the secret within `line_text`, when the secret
    /// starts on the reported line.
    pub secret_in_line: Option<std::ops::Range<usize>>,
    /// Character ranges within `line_text` of every secret on it (this
    /// finding's and every other candidate's, a pair's other half
    /// included), sorted and disjoint: all are masked when redacting.
    pub mask: Vec<std::ops::Range<usize>>,
    /// A `keygate:allow` marker covers it: not reported as a finding, but
    /// counted and listed (and reported again with `--no-inline-allow`).
    pub suppressed_inline: bool,
    /// Facts decoded from the secret (key type, AWS account, checksum).
    pub notes: Vec<String>,
    /// A word or two qualifying the rule's name in headlines (`long-lived`).
    pub label: Option<String>,
    /// For notebooks: the cell (1-based, in notebook order) and the line
    /// within its source, besides the file line and column.
    pub cell: Option<CellPosition>,
    /// The rule's command that deactivates the secret, filled in.
    pub revoke_command: Option<Command>,
    /// What the provider said, with `--verify`.
    pub verification: Option<Verification>,
}

/// A command to run, as printed: in full, and with the secret redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// With the secret in full (`--no-redact`).
    pub full: String,
    /// With the secret redacted.
    pub redacted: String,
}

/// Where a finding sits in a Jupyter notebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellPosition {
    /// 1-based cell number.
    pub cell: usize,
    /// `code`, `markdown` or `raw`.
    pub kind: &'static str,
    /// 1-based line within the cell's source.
    pub line: usize,
}

impl Finding {
    /// `line_text` with the secret replaced by its redacted form and every
    /// other secret on the line masked (or left as is when `redact` is
    /// false).
    pub fn shown_line(&self, redact: bool) -> String {
        self.shown(redact).0
    }

    /// The shown line (see [`Finding::shown_line`]) and the character range
    /// in it to underline: the secret (its redacted form when redacting), or
    /// the whole line when the secret starts below it (a PEM header).
    pub fn shown(&self, redact: bool) -> (String, Option<Range<usize>>) {
        let chars: Vec<char> = self.line_text.chars().collect();
        let own = self
            .secret_in_line
            .clone()
            .filter(|r| r.start < chars.len())
            .map(|r| r.start..r.end.min(chars.len()));
        if !redact {
            let caret = self.secret_in_line.as_ref().map(|_| match &own {
                Some(o) => o.start..o.start + o.len().max(1),
                None => 0..chars.len().max(1),
            });
            return (self.line_text.clone(), caret);
        }
        // Every masked range, the finding's own merged in.
        let mut ranges: Vec<Range<usize>> = self
            .mask
            .iter()
            .map(|r| r.start.min(chars.len())..r.end.min(chars.len()))
            .chain(own.clone())
            .filter(|r| !r.is_empty())
            .collect();
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        let mut out = String::with_capacity(self.line_text.len());
        let mut caret = None;
        let mut count = 0;
        let mut push = |out: &mut String, s: &str| {
            out.push_str(s);
            count += s.chars().count();
            count
        };
        let mut at = 0;
        for m in merged {
            let before: String = chars[at..m.start].iter().collect();
            push(&mut out, &before);
            match own
                .as_ref()
                .filter(|o| m.start <= o.start && o.start < m.end)
            {
                Some(o) => {
                    if m.start < o.start {
                        push(&mut out, "…");
                    }
                    let start = push(&mut out, "");
                    let end = push(&mut out, &self.redacted);
                    caret = Some(start..end.max(start + 1));
                    if o.end < m.end {
                        push(&mut out, "…");
                    }
                }
                None => {
                    let text: String = chars[m.clone()].iter().collect();
                    push(&mut out, &self::redact(&text));
                }
            }
            at = m.end;
        }
        let rest: String = chars[at..].iter().collect();
        let total = push(&mut out, &rest);
        if self.secret_in_line.is_some() && caret.is_none() {
            caret = Some(0..total.max(1));
        }
        (out, caret)
    }

    /// The path as printed.
    pub fn display_path(&self) -> String {
        display_path(self.origin.path())
    }
}

/// The commit a finding was found in, if any.
fn commit_sha(f: &Finding) -> Option<&str> {
    f.origin.commit_info().map(|c| c.sha.as_str())
}

impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Finding {}
impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Finding {
    /// Deterministic output order: path, line, column, rule; then, so
    /// that no two distinct findings compare equal and an unstable sort
    /// (in place, no scratch copy of a large report) orders them the same
    /// on every run: source, end, commit, fingerprint.
    fn cmp(&self, other: &Self) -> Ordering {
        self.origin
            .path()
            .cmp(other.origin.path())
            .then(self.line.cmp(&other.line))
            .then(self.column.cmp(&other.column))
            .then_with(|| self.rule_id.cmp(&other.rule_id))
            .then_with(|| self.origin.kind().cmp(other.origin.kind()))
            .then((self.end_line, self.end_column).cmp(&(other.end_line, other.end_column)))
            .then_with(|| commit_sha(self).cmp(&commit_sha(other)))
            .then_with(|| self.fingerprint.cmp(&other.fingerprint))
    }
}
