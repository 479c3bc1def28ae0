//! Suppression by fingerprint, for teams adopting keygate on a repository
//! that already has findings: a baseline file (keygate's own JSON report, or
//! the line-free form `keygate baseline` writes) and a `.keygateignore` file
//! (one fingerprint per line, `#` comments). Neither holds a secret.

use crate::finding::Finding;
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// The ignore file looked for at the scan or repository root.
pub const IGNORE_FILE: &str = ".keygateignore";

/// A baseline or ignore file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SuppressionError(pub String);

/// Fingerprints not to report.
#[derive(Debug, Default)]
pub struct Suppressions {
    fingerprints: HashSet<String>,
}

impl Suppressions {
    /// Whether `f` is suppressed.
    pub fn suppresses(&self, f: &Finding) -> bool {
        self.fingerprints.contains(f.fingerprint.as_str())
    }

    /// How many fingerprints are loaded.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// Whether none are loaded.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// Adds the fingerprints of a baseline: any JSON document with
    /// `findings[].fingerprint`.
    pub fn add_baseline(&mut self, path: &Path) -> Result<usize, SuppressionError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SuppressionError(format!("{}: cannot read: {e}", path.display())))?;
        self.add_baseline_text(&path.display().to_string(), &text)
    }

    /// [`Suppressions::add_baseline`] for text already read; `name` names it
    /// in errors.
    pub fn add_baseline_text(&mut self, name: &str, text: &str) -> Result<usize, SuppressionError> {
        let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            SuppressionError(format!(
                "{name}:{}: not a keygate JSON report or baseline: {e}",
                e.line()
            ))
        })?;
        let findings = doc
            .get("findings")
            .and_then(|f| f.as_array())
            .ok_or_else(|| SuppressionError(format!("{name}: no `findings` list")))?;
        let mut n = 0;
        for (i, f) in findings.iter().enumerate() {
            let fp = f
                .get("fingerprint")
                .and_then(|v| v.as_str())
                .ok_or_else(|| {
                    SuppressionError(format!("{name}: finding {} has no `fingerprint`", i + 1))
                })?;
            self.fingerprints.insert(fp.to_string());
            n += 1;
        }
        Ok(n)
    }

    /// Adds the fingerprints listed in an ignore file (one per line; blank
    /// lines and `#` comments skipped; text after the fingerprint ignored).
    pub fn add_ignore_file(&mut self, path: &Path) -> Result<usize, SuppressionError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SuppressionError(format!("{}: cannot read: {e}", path.display())))?;
        self.add_ignore_text(&path.display().to_string(), &text)
    }

    /// [`Suppressions::add_ignore_file`] for text already read.
    pub fn add_ignore_text(&mut self, name: &str, text: &str) -> Result<usize, SuppressionError> {
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some(fp) = line.split_whitespace().next() else {
                continue;
            };
            if fp.len() != 32 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(SuppressionError(format!(
                    "{name}:{}: `{fp}` is not a keygate fingerprint (32 hex characters)",
                    i + 1
                )));
            }
            self.fingerprints.insert(fp.to_ascii_lowercase());
            n += 1;
        }
        Ok(n)
    }
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Entry<'a> {
    path: String,
    rule: &'a str,
    fingerprint: &'a str,
}

/// A baseline document for `findings`: sorted, without lines, times or
/// secrets, so that it merges cleanly and stays the same across runs.
pub fn baseline_json(findings: &[Finding]) -> String {
    let entries: BTreeSet<Entry<'_>> = findings
        .iter()
        .map(|f| Entry {
            path: f.display_path(),
            rule: f.rule_id(),
            fingerprint: &f.fingerprint,
        })
        .collect();
    let doc = serde_json::json!({
        "version": 1,
        "findings": entries,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("plain data serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_file_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(IGNORE_FILE);
        std::fs::write(
            &p,
            "# old test key\n0123456789abcdef0123456789ABCDEF  tests/x.py\n\n",
        )
        .unwrap();
        let mut s = Suppressions::default();
        assert_eq!(s.add_ignore_file(&p), Ok(1));
        assert!(s.fingerprints.contains("0123456789abcdef0123456789abcdef"));
        std::fs::write(&p, "nope\n").unwrap();
        let e = s.add_ignore_file(&p).unwrap_err();
        assert!(e.0.contains(":1:"), "{e}");
    }

    #[test]
    fn baseline_files_need_fingerprints() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        std::fs::write(
            &p,
            r#"{"findings": [{"fingerprint": "abc"}, {"fingerprint": "def"}]}"#,
        )
        .unwrap();
        let mut s = Suppressions::default();
        assert_eq!(s.add_baseline(&p), Ok(2));
        std::fs::write(&p, r#"{"findings": [{"rule": "x"}]}"#).unwrap();
        assert!(s.add_baseline(&p).unwrap_err().0.contains("fingerprint"));
        std::fs::write(&p, "{").unwrap();
        assert!(s.add_baseline(&p).unwrap_err().0.contains(":1:"));
    }
}
