//! A finding: which rule matched, where, and what the user must do. The
//! secret itself stays in memory; reporters print [`Finding::redacted`]
//! unless the user opts in to full output.

use crate::source::{display_path, Origin};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
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
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
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
}

impl Finding {
    /// `line_text` with the secret replaced by its redacted form (or left
    /// as is when `redact` is false).
    pub fn shown_line(&self, redact: bool) -> String {
        let Some(range) = self.secret_in_line.as_ref().filter(|_| redact) else {
            return self.line_text.clone();
        };
        let chars: Vec<char> = self.line_text.chars().collect();
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

/// Masks all but a short prefix of `secret`: four characters for secrets of
/// 16 characters or more, fewer for shorter ones so that a short password is
/// never half shown.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let keep = (n / 4).min(4);
    let mut out: String = secret.chars().take(keep).collect();
    out.push('…');
    out
}

/// A stable fingerprint of (rule, path, secret): the first 128 bits of a
/// domain-separated SHA-256, hex encoded. It never includes the line, so it
/// survives edits that move the secret.
pub fn fingerprint(rule_id: &str, path: &str, secret: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(b"keygate-fingerprint-v1\0");
    h.update(rule_id.as_bytes());
    h.update(b"\0");
    h.update(path.as_bytes());
    h.update(b"\0");
    h.update(secret);
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_at_most_four_characters() {
        assert_eq!(redact("ABCDEFGHIJKLMNOPQRST"), "ABCD…");
        assert_eq!(redact("hunter22"), "hu…");
        assert_eq!(redact("abc"), "…");
    }

    #[test]
    fn fingerprint_is_stable_and_depends_on_every_part() {
        let a = fingerprint("r", "p", b"s");
        assert_eq!(a, fingerprint("r", "p", b"s"));
        assert_eq!(a.len(), 32);
        assert_ne!(a, fingerprint("r2", "p", b"s"));
        assert_ne!(a, fingerprint("r", "p2", b"s"));
        assert_ne!(a, fingerprint("r", "p", b"s2"));
    }
}
