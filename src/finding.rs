//! A finding: which rule matched, where, and what the user must do. The
//! secret itself stays in memory; reporters print [`Finding::redacted`]
//! unless the user opts in to full output.

use crate::detect::entropy::{alphabet_size, looks_random};
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
    /// A word or two qualifying the rule's name in headlines (`long-lived`).
    pub label: Option<String>,
    /// For notebooks: the cell (1-based, in notebook order) and the line
    /// within its source, besides the file line and column.
    pub cell: Option<CellPosition>,
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

/// A stable fingerprint of (rule, path, secret), 32 hex characters. It
/// never includes the line, so it survives edits that move the secret.
///
/// Fingerprints are printed, committed in baselines and uploaded in SARIF,
/// so they must not let anyone recover the secret. An unkeyed hash of a
/// short password can be reversed with a dictionary in seconds, and a key
/// would have to be shared by every developer and CI job that compares
/// fingerprints, which makes it public in practice. keygate therefore hashes
/// the secret only as far as that is safe:
///
/// - a secret with at least 96 bits of estimated entropy (machine-made, by
///   [`looks_random`], and `length × log2(alphabet)` ≥ 96: API tokens, AWS
///   secret keys, private keys) is hashed whole with SHA-256: 2^96 guesses
///   are out of reach;
/// - any other secret (passwords, short values) contributes only 12 bits of
///   its hash. The rest comes from rule and path. 12 bits cannot identify a
///   password (a billion-word dictionary leaves a quarter of a million
///   candidates), yet a different secret on the same path still gets a new
///   fingerprint with probability 4095/4096, so replacing a baselined
///   placeholder with a real password is still reported.
pub fn fingerprint(rule_id: &str, path: &str, secret: &[u8]) -> String {
    let hash = |domain: &[u8], parts: &[&[u8]]| {
        let mut h = Sha256::new();
        h.update(domain);
        for p in parts {
            h.update(p);
            h.update(b"\0");
        }
        h.finalize()
    };
    let hex = |bytes: &[u8]| -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() };
    if strong(secret) {
        let d = hash(
            b"keygate-fingerprint-v2\0",
            &[rule_id.as_bytes(), path.as_bytes(), secret],
        );
        return hex(&d[..16]);
    }
    let place = hash(
        b"keygate-fingerprint-v2-weak\0",
        &[rule_id.as_bytes(), path.as_bytes()],
    );
    let value = hash(
        b"keygate-fingerprint-v2-bits\0",
        &[rule_id.as_bytes(), secret],
    );
    // 29 hex digits of place plus 3 (12 bits) of value.
    let mut fp = hex(&place[..15])[..29].to_string();
    fp.push_str(&hex(&value[..2])[..3]);
    fp
}

/// Whether `secret` has at least 96 bits of estimated entropy.
pub fn strong(secret: &[u8]) -> bool {
    if !looks_random(secret) {
        return false;
    }
    secret.len() as f64 * f64::log2(alphabet_size(secret)) >= 96.0
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
        let token = b"q8ZtR2vLx9WmK4pN7sYc3HbJ6fDg1TuE";
        assert!(strong(token));
        let a = fingerprint("r", "p", token);
        assert_eq!(a, fingerprint("r", "p", token));
        assert_eq!(a.len(), 32);
        assert_ne!(a, fingerprint("r2", "p", token));
        assert_ne!(a, fingerprint("r", "p2", token));
        assert_ne!(
            a,
            fingerprint("r", "p", b"q8ZtR2vLx9WmK4pN7sYc3HbJ6fDg1TuF")
        );
    }

    #[test]
    fn weak_secrets_give_away_only_twelve_bits() {
        for weak in [
            &b"hunter22"[..],
            b"Summer2024!",
            b"correct horse battery staple",
        ] {
            assert!(!strong(weak), "{}", String::from_utf8_lossy(weak));
        }
        let a = fingerprint("password", "app/settings.py", b"hunter22");
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        // Only the last three hex digits depend on the secret: a dictionary
        // attack on them leaves one candidate in 4096 standing.
        let b = fingerprint("password", "app/settings.py", b"Summer2024!");
        assert_eq!(a[..29], b[..29]);
        let distinct: std::collections::HashSet<String> = (0..200)
            .map(|i| {
                fingerprint("password", "app/settings.py", format!("pw{i}").as_bytes())[29..]
                    .to_string()
            })
            .collect();
        assert!(distinct.len() > 180, "{}", distinct.len());
    }
}
