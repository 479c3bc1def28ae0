//! A finding: which rule matched, where, and what the user must do. The
//! secret itself stays in memory; reporters print [`Finding::redacted`]
//! unless the user opts in to full output.

use crate::blob::{display_path, Origin};
use crate::verify::Verification;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

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
    /// What to do now.
    pub remediation: String,
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
    /// `line_text` with the secret replaced by its redacted form (or left
    /// as is when `redact` is false).
    pub fn shown_line(&self, redact: bool) -> String {
        let Some(range) = self.secret_in_line.as_ref().filter(|_| redact) else {
            return self.line_text.clone();
        };
        let chars: Vec<char> = self.line_text.chars().collect();
        if range.start >= chars.len() {
            // The secret starts on a later line (a PEM body): the line is
            // its header, shown as is.
            return self.line_text.clone();
        }
        let start = range.start.min(chars.len());
        let end = range.end.min(chars.len());
        let mut out: String = chars[..start].iter().collect();
        out.push_str(&self.redacted);
        out.extend(&chars[end..]);
        out
    }

    /// The path as printed.
    pub fn display_path(&self) -> String {
        display_path(self.origin.path())
    }
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
    /// Deterministic output order: path, line, column, rule.
    fn cmp(&self, other: &Self) -> Ordering {
        self.origin
            .path()
            .cmp(other.origin.path())
            .then(self.line.cmp(&other.line))
            .then(self.column.cmp(&other.column))
            .then_with(|| self.rule_id.cmp(&other.rule_id))
            .then_with(|| self.origin.kind().cmp(other.origin.kind()))
    }
}
