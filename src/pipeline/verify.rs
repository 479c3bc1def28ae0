//! Opt-in verification of findings: each distinct secret is checked once
//! with its provider ([`crate::verify`]) and the answer is attached to
//! every finding of it. A live AWS key of a root user becomes critical,
//! with the root user's remediation.

use crate::finding::{Finding, Severity};
use crate::verify::{self, Options, Request, Status, Summary};

/// What to do about a live root key: the first rule of AWS access.
pub const ROOT_REMEDIATION: &str = "This is an access key of the AWS account's root user, which can do everything, including closing the account. Delete the root user's access keys now (IAM console, signed in as root: Security credentials → Access keys), enable MFA on the root user, check CloudTrail for what the key did, and give people IAM Identity Center roles with short-lived credentials instead; never create access keys for the root user.";

/// Verifies `findings` whose rule has a verifier and attaches each answer.
/// Returns the counts of distinct secrets by answer.
pub fn verify_findings(findings: &mut [Finding], opts: &Options) -> Summary {
    let requests: Vec<(usize, Request)> = findings
        .iter()
        .enumerate()
        // A secret a `keygate:allow` marker allows is never sent anywhere.
        .filter(|(_, f)| !f.suppressed_inline && verify::verifier_for(f.rule_id()).is_some())
        .map(|(i, f)| {
            (
                i,
                Request::new(f.rule_id(), f.secret.as_str(), f.fingerprint.as_str()),
            )
        })
        .collect();
    let reqs: Vec<Request> = requests.iter().map(|(_, r)| r.clone()).collect();
    let results = verify::verify_all(&reqs, opts);
    let summary = Summary::of(&reqs, &results);
    for ((i, _), result) in requests.iter().zip(results) {
        let f = &mut findings[*i];
        if let Some(v) = &result {
            if v.status == Status::Live && v.root {
                f.severity = Severity::Critical;
                f.label = Some("root user");
                f.remediation = ROOT_REMEDIATION.into();
            }
        }
        f.verification = result.map(Box::new);
    }
    summary
}

/// Whether `f` was verified live.
pub fn is_live(f: &Finding) -> bool {
    f.verification
        .as_ref()
        .is_some_and(|v| v.status == Status::Live)
}
