//! `keygate verify REPORT.json`: verifies the findings of an earlier JSON
//! report (written with `--no-redact`, so that it holds the secrets) with
//! their providers, for incident response after a leak. Exit 1 when a
//! secret is live.

use super::Outcome;
use crate::cli::{RulesFormat, VerifyReportArgs};
use crate::verify::{self, Options, Request, Status, Summary};
use anyhow::{bail, Context as _, Result};
use std::io::{self, Write};

pub fn run(args: VerifyReportArgs) -> Result<Outcome> {
    let text = std::fs::read_to_string(&args.report)
        .with_context(|| format!("cannot read {}", args.report.display()))?;
    let mut doc: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a keygate JSON report", args.report.display()))?;
    let Some(findings) = doc.get_mut("findings").and_then(|f| f.as_array_mut()) else {
        bail!("{}: no `findings` list", args.report.display());
    };
    let field =
        |f: &serde_json::Value, k: &str| f.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let mut slots = Vec::new();
    let mut reqs = Vec::new();
    let mut without_secret = 0;
    for (i, f) in findings.iter().enumerate() {
        let (Some(rule), Some(fingerprint)) = (field(f, "rule"), field(f, "fingerprint")) else {
            continue;
        };
        let Some(secret) = field(f, "secret") else {
            without_secret += 1;
            continue;
        };
        if verify::verifier_for(&rule).is_some() {
            slots.push(i);
            reqs.push(Request::new(rule, secret, fingerprint));
        }
    }
    if without_secret > 0 && reqs.is_empty() {
        bail!(
            "{}: its findings hold no secrets; write the report with `--format json --no-redact` (and keep it out of logs)",
            args.report.display()
        );
    }
    let mut opts = Options::from_env();
    opts.jobs = args.verify_jobs.max(1);
    let results = verify::verify_all(&reqs, &opts);
    let summary = Summary::of(&reqs, &results);
    for (i, result) in slots.iter().zip(&results) {
        if let Some(v) = result {
            findings[*i]["verification"] = serde_json::to_value(v)?;
        }
    }
    if !args.no_redact {
        for f in findings.iter_mut() {
            if let Some(obj) = f.as_object_mut() {
                obj.remove("secret");
            }
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        RulesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        RulesFormat::Human => {
            for (i, result) in slots.iter().zip(&results) {
                let f = &doc["findings"][*i];
                let at = format!(
                    "{}:{}:{}",
                    f["path"].as_str().unwrap_or("?"),
                    f["line"],
                    f["column"]
                );
                let note = result.as_ref().map_or("not verified".into(), |v| v.note());
                writeln!(
                    out,
                    "{at}: {} ({}): {note}",
                    f["rule"].as_str().unwrap_or("?"),
                    f["redacted"].as_str().unwrap_or("…"),
                )?;
            }
            writeln!(out, "keygate: {summary}")?;
            if without_secret > 0 {
                writeln!(
                    out,
                    "keygate: {without_secret} finding(s) hold no secret (a redacted report) and were not verified"
                )?;
            }
        }
    }
    out.flush()?;
    let live = results.iter().flatten().any(|v| v.status == Status::Live);
    Ok(if live {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
