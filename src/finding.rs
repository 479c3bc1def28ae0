//! A finding: which rule matched, where, and what the user must do. The
//! secret itself stays in memory; reporters print [`Finding::redacted`]
//! unless the user opts in to full output.

use crate::blob::{display_path, Origin};
use crate::verify::Verification;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

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

/// A finding's fingerprint: 32 lowercase hex digits, held inline (a report
/// of many findings allocates nothing for them).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint whose `i`th digit is `digit(i)` (each below 16).
    pub fn from_hex_digits(digit: impl Fn(usize) -> u8) -> Self {
        Fingerprint(std::array::from_fn(|i| {
            b"0123456789abcdef"[usize::from(digit(i) & 0x0f)]
        }))
    }

    /// The 32 hex digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::ops::Deref for Fingerprint {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
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

/// What every finding of one rule shares: one copy per rule, however many
/// findings a report holds. Per-finding text that follows from it (notes,
/// the revoke command) is rendered when a report is written.
#[derive(Debug)]
pub struct RuleText {
    /// The rule's stable id, e.g. `aws-access-key-id`.
    pub id: String,
    /// The rule's human name.
    pub name: String,
    /// The deactivation command template (`{secret}` stands for it).
    pub revoke_command: Option<String>,
    /// What decodes facts from a secret for its notes, if the rule has
    /// decoders (the detector provides it).
    pub notes: Option<Box<dyn Notes>>,
}

/// Facts decoded from a secret, as lines shown under its finding.
pub trait Notes: fmt::Debug + Send + Sync {
    /// The notes for `secret` (the finding's primary part).
    fn notes(&self, secret: &[u8]) -> Vec<String>;
}

/// One secret found in one blob.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that found it (id, name, what renders its notes).
    pub rule: Arc<RuleText>,
    /// The rule's severity, or what an annotator or `--verify` made it.
    pub severity: Severity,
    /// What to do now (shared with the rule: a report of many findings
    /// holds one copy).
    pub remediation: Arc<str>,
    /// Where the blob came from (shared by the blob's findings).
    pub origin: Arc<Origin>,
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
    /// How many leading bytes of `secret` are its primary part: what is
    /// redacted, annotated and put in the revoke command (a pair's first
    /// half; all of it otherwise).
    pub primary_len: usize,
    /// Stable identity across runs and line moves: depends on rule, path and
    /// secret, never on the line.
    pub fingerprint: Fingerprint,
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
    /// A word or two qualifying the rule's name in headlines (`long-lived`).
    pub label: Option<&'static str>,
    /// For notebooks: the cell (1-based, in notebook order) and the line
    /// within its source, besides the file line and column.
    pub cell: Option<Box<CellPosition>>,
    /// What the provider said, with `--verify`.
    pub verification: Option<Box<Verification>>,
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
    /// The rule's stable id, e.g. `aws-access-key-id`.
    pub fn rule_id(&self) -> &str {
        &self.rule.id
    }

    /// The rule's human name.
    pub fn rule_name(&self) -> &str {
        &self.rule.name
    }

    /// The secret's primary part (see [`Finding::primary_len`]).
    pub fn primary(&self) -> &str {
        self.secret.get(..self.primary_len).unwrap_or(&self.secret)
    }

    /// The primary part with all but its first characters masked.
    pub fn redacted(&self) -> String {
        redact(self.primary())
    }

    /// Facts decoded from the secret (key type, AWS account, checksum).
    pub fn notes(&self) -> Vec<String> {
        self.rule
            .notes
            .as_ref()
            .map(|n| n.notes(self.primary().as_bytes()))
            .unwrap_or_default()
    }

    /// The rule's command that deactivates the secret, filled in.
    pub fn revoke_command(&self) -> Option<Command> {
        self.rule.revoke_command.as_ref().map(|t| Command {
            full: t.replace("{secret}", self.primary()),
            redacted: t.replace("{secret}", &self.redacted()),
        })
    }

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
                    let end = push(&mut out, &self.redacted());
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
            .then_with(|| self.rule.id.cmp(&other.rule.id))
            .then_with(|| self.origin.kind().cmp(other.origin.kind()))
            .then((self.end_line, self.end_column).cmp(&(other.end_line, other.end_column)))
            .then_with(|| commit_sha(self).cmp(&commit_sha(other)))
            .then_with(|| self.fingerprint.cmp(&other.fingerprint))
    }
}
