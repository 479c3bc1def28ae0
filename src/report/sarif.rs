//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. One rule
//! descriptor per rule that has findings (id, name, help, and the worst
//! security severity of its findings), one result per finding (with its own
//! security severity) with its physical location and a
//! partial fingerprint that survives line moves. Secrets appear only with
//! `--no-redact`; the message carries the redacted form.

use super::Report;
use crate::finding::{Finding, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's scale: 9.0+ critical, 7.0+ high, 4.0+ medium, below low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.5",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
    }
}

/// The descriptor of `f`'s rule, at `worst`: the highest severity of any
/// of its findings in this report (GitHub shows an alert at its rule's
/// severity, so a fake token seen first must not make a real one look low).
fn rule(f: &Finding, worst: Severity) -> Value {
    json!({
        "id": f.rule_id(),
        "name": f.rule_id().split('-').map(|w| {
            let mut c = w.chars();
            c.next().map(|h| h.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        }).collect::<String>(),
        "shortDescription": {"text": f.rule_name()},
        "fullDescription": {"text": format!("{} committed to the repository.", f.rule_name())},
        "help": {"text": &*f.remediation, "markdown": &*f.remediation},
        "defaultConfiguration": {"level": level(worst)},
        "properties": {
            "tags": ["security", "secret"],
            "precision": "high",
            "security-severity": security_severity(worst),
        },
    })
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut worst: BTreeMap<&str, Severity> = BTreeMap::new();
    for f in report.findings.iter().chain(report.allowed) {
        let w = worst.entry(f.rule_id()).or_insert(f.severity);
        *w = (*w).max(f.severity);
    }
    let mut rules: BTreeMap<&str, (usize, Value)> = BTreeMap::new();
    for f in report.findings.iter().chain(report.allowed) {
        if !rules.contains_key(f.rule_id()) {
            let n = rules.len();
            rules.insert(f.rule_id(), (n, rule(f, worst[f.rule_id()])));
        }
    }
    // Findings a `keygate:allow` marker covers are results with an
    // in-source suppression, as SARIF has it.
    let results: Vec<Value> = report
        .findings
        .iter()
        .chain(report.allowed)
        .map(|f| {
            let shown = if report.redact { &f.redacted() } else { &f.secret };
            let mut message = format!("{} found: {}. {}", f.rule_name(), shown, f.remediation);
            if let Some(c) = f.origin.commit_info() {
                message.push_str(&format!(" (added in commit {} by {})", c.sha, c.author));
            }
            let mut result = json!({
                "ruleId": f.rule_id(),
                "ruleIndex": rules[f.rule_id()].0,
                "level": level(f.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.display_path(), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line.max(f.line),
                            "endColumn": if f.end_line > f.line { f.end_column } else { f.end_column.max(f.column + 1) },
                        }
                    }
                }],
                "partialFingerprints": {"keygateFingerprint/v2": f.fingerprint},
            });
            // This finding's own severity; the rule carries the worst.
            result["properties"] = json!({"security-severity": security_severity(f.severity)});
            if let Some(c) = f.origin.commit_info() {
                result["properties"]["commit"] = json!(c.sha);
                result["properties"]["author"] = json!(c.author);
                result["properties"]["date"] = json!(super::date(c.time));
            }
            if let Some(v) = &f.verification {
                result["properties"]["verification"] = json!(v);
                if v.status == crate::verify::Status::Live {
                    // A working credential is an error whatever the rule's
                    // own severity.
                    result["level"] = json!("error");
                    result["message"]["text"] = json!(format!("{} {}", v.note(), result["message"]["text"].as_str().unwrap_or("")));
                }
            }
            if f.suppressed_inline {
                result["suppressions"] = json!([{
                    "kind": "inSource",
                    "justification": "keygate:allow marker",
                }]);
            }
            result
        })
        .collect();
    let mut ordered: Vec<&(usize, Value)> = rules.values().collect();
    ordered.sort_by_key(|(i, _)| *i);
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "keygate",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": ordered.into_iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(),
            }},
            // keygate's columns count characters, not bytes or UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}
