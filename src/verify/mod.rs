//! Verification: asks a provider whether a leaked secret still works, and
//! whose it is, with one read-only identity call per distinct secret.
//!
//! This module knows nothing about findings: a caller hands it
//! [`Request`]s (rule ID, secret, fingerprint) and gets back one
//! `Option<`[`Verification`]`>` per request, `None` where the rule has no
//! verifier. It is opt-in by construction: nothing here runs unless a
//! caller calls [`verify_all`] (or a [`Verifier`] directly).
//!
//! Safety rules, enforced here rather than left to callers:
//! - each distinct secret is sent once per run (requests are deduplicated
//!   by provider and secret, so also by fingerprint), by at most
//!   [`Options::jobs`] requests at a time, each bounded by
//!   [`Options::timeout`], and never retried;
//! - endpoints come from the defaults or from environment variables
//!   ([`Endpoints::from_env`]), never from a scanned repository's config;
//!   a secret goes over `https://` only, or plain `http://` to a loopback
//!   address (local test servers, moto);
//! - redirects are not followed (a redirect could carry the credential
//!   elsewhere); secrets never appear in a [`Verification`]'s text.
//!
//! ```no_run
//! use keygate::verify::{verify_all, Options, Request, Summary};
//!
//! let reqs = vec![Request::new("github-pat", "<token>", "<fingerprint>")];
//! let opts = Options::from_env();
//! let results = verify_all(&reqs, &opts);
//! eprintln!("{}", Summary::of(&reqs, &results));
//! ```

mod ai;
mod aws;
mod github;
mod gitlab;
mod http;
mod npm;
mod slack;
mod stripe;

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

pub use http::Context;

/// One secret to verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The rule that found it: picks the verifier ([`verifier_for`]).
    pub rule_id: String,
    /// The secret as the detector reported it. For `aws-credential-pair`:
    /// `"<access key ID> <secret access key>"`, optionally followed by
    /// `" <session token>"` for a temporary (`ASIA`) key.
    pub secret: String,
    /// The finding's fingerprint: identifies the request without the
    /// secret. Two requests with the same fingerprint have the same rule and
    /// secret, so they are verified once.
    pub fingerprint: String,
}

impl Request {
    /// A request for `secret`, found by `rule_id`.
    pub fn new(
        rule_id: impl Into<String>,
        secret: impl Into<String>,
        fingerprint: impl Into<String>,
    ) -> Self {
        Request {
            rule_id: rule_id.into(),
            secret: secret.into(),
            fingerprint: fingerprint.into(),
        }
    }
}

/// What the provider said about a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The provider accepted it: the secret works now.
    Live,
    /// The provider rejected the credential itself (revoked, deleted,
    /// expired, or a wrong pair).
    Invalid,
    /// No answer that settles it: network error, timeout, throttling,
    /// server error, an unexpected reply. Never taken as invalid.
    Unknown,
}

impl Status {
    /// `live`, `invalid` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Live => "live",
            Status::Invalid => "invalid",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of verifying one secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// Live, invalid or unknown.
    pub status: Status,
    /// Whose it is, when the provider says: an AWS ARN, a user or account
    /// name, an organization ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// One line for the report: principal type, scopes, the provider's
    /// error code, or why the answer is unknown. Never holds the secret.
    pub detail: String,
    /// A live AWS key of an account's root user.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub root: bool,
}

impl Verification {
    /// A live result.
    pub fn live(identity: Option<String>, detail: impl Into<String>) -> Self {
        Verification {
            status: Status::Live,
            identity,
            detail: detail.into(),
            root: false,
        }
    }

    /// An invalid result.
    pub fn invalid(detail: impl Into<String>) -> Self {
        Verification {
            status: Status::Invalid,
            identity: None,
            detail: detail.into(),
            root: false,
        }
    }

    /// An unknown result.
    pub fn unknown(detail: impl Into<String>) -> Self {
        Verification {
            status: Status::Unknown,
            identity: None,
            detail: detail.into(),
            root: false,
        }
    }

    /// The report note, e.g. `verified live: arn:aws:iam::…:user/deploy`.
    pub fn note(&self) -> String {
        match &self.identity {
            Some(id) => format!("verified {}: {id} ({})", self.status, self.detail),
            None => format!("verified {}: {}", self.status, self.detail),
        }
    }
}

/// Where each provider is reached. The defaults are the providers' public
/// APIs; each can be overridden by an environment variable (for
/// self-hosted instances, STS-compatible endpoints and tests), and only by
/// one: a scanned repository cannot redirect a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// STS endpoint: `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else
    /// `https://sts.<region>.amazonaws.com`.
    pub aws_sts: String,
    /// SigV4 signing region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else
    /// `us-east-1`.
    pub aws_region: String,
    /// GitHub REST API base: `KEYGATE_GITHUB_API_URL` (GitHub Enterprise
    /// Server: `https://HOST/api/v3`).
    pub github: String,
    /// GitLab instance URL (without `/api/v4`): `KEYGATE_GITLAB_URL`.
    pub gitlab: String,
    /// Slack Web API base: `KEYGATE_SLACK_API_URL`.
    pub slack: String,
    /// Stripe API base: `KEYGATE_STRIPE_API_URL`.
    pub stripe: String,
    /// OpenAI API base (without `/v1`): `KEYGATE_OPENAI_API_URL`.
    pub openai: String,
    /// Anthropic API base (without `/v1`): `KEYGATE_ANTHROPIC_API_URL`.
    pub anthropic: String,
    /// npm registry: `KEYGATE_NPM_REGISTRY_URL`.
    pub npm: String,
}

/// The environment variables [`Endpoints::from_env`] reads.
pub const ENDPOINT_VARS: &[&str] = &[
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "KEYGATE_GITHUB_API_URL",
    "KEYGATE_GITLAB_URL",
    "KEYGATE_SLACK_API_URL",
    "KEYGATE_STRIPE_API_URL",
    "KEYGATE_OPENAI_API_URL",
    "KEYGATE_ANTHROPIC_API_URL",
    "KEYGATE_NPM_REGISTRY_URL",
];

impl Endpoints {
    /// The providers' public endpoints (STS in `us-east-1`).
    pub fn defaults() -> Self {
        Self::from_vars(|_| None)
    }

    /// Defaults overridden by the process environment ([`ENDPOINT_VARS`]).
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Defaults overridden by `get(variable)`: the environment, or a map
    /// in tests. Empty values count as unset; trailing slashes are dropped.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| {
            get(name)
                .map(|v| v.trim().trim_end_matches('/').to_string())
                .filter(|v| !v.is_empty())
        };
        let aws_region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".to_string());
        let aws_sts = var("AWS_ENDPOINT_URL_STS")
            .or_else(|| var("AWS_ENDPOINT_URL"))
            .unwrap_or_else(|| aws::default_endpoint(&aws_region));
        let or = |name: &str, default: &str| var(name).unwrap_or_else(|| default.to_string());
        Endpoints {
            aws_sts,
            aws_region,
            github: or("KEYGATE_GITHUB_API_URL", "https://api.github.com"),
            gitlab: or("KEYGATE_GITLAB_URL", "https://gitlab.com"),
            slack: or("KEYGATE_SLACK_API_URL", "https://slack.com/api"),
            stripe: or("KEYGATE_STRIPE_API_URL", "https://api.stripe.com"),
            openai: or("KEYGATE_OPENAI_API_URL", "https://api.openai.com"),
            anthropic: or("KEYGATE_ANTHROPIC_API_URL", "https://api.anthropic.com"),
            npm: or("KEYGATE_NPM_REGISTRY_URL", "https://registry.npmjs.org"),
        }
    }
}

/// How a run verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Requests in flight at once (at least 1). Default 4.
    pub jobs: usize,
    /// Bound on each request, connection to last byte. Default 5 s.
    pub timeout: Duration,
    /// Where each provider is reached.
    pub endpoints: Endpoints,
}

impl Options {
    /// Default jobs.
    pub const DEFAULT_JOBS: usize = 4;
    /// Default per-request timeout.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

    /// Default jobs and timeout, endpoints from the environment.
    pub fn from_env() -> Self {
        Self::with_endpoints(Endpoints::from_env())
    }

    /// Default jobs and timeout with these endpoints.
    pub fn with_endpoints(endpoints: Endpoints) -> Self {
        Options {
            jobs: Self::DEFAULT_JOBS,
            timeout: Self::DEFAULT_TIMEOUT,
            endpoints,
        }
    }
}

/// A provider's verifier.
pub trait Verifier: Sync {
    /// The provider, e.g. `AWS`, `GitHub`.
    fn provider(&self) -> &'static str;
    /// The one call it makes, method and default URL, e.g.
    /// `GET https://api.github.com/user`.
    fn describe(&self) -> &'static str;
    /// Makes the call for `secret` and reads the answer.
    fn verify(&self, secret: &str, ctx: &Context) -> Verification;
}

/// The verifier for a rule, if the rule's secrets can be verified.
pub fn verifier_for(rule_id: &str) -> Option<&'static dyn Verifier> {
    Some(match rule_id {
        "aws-credential-pair" => &aws::Sts,
        "github-pat" | "github-fine-grained-pat" | "github-oauth-token" => &github::User,
        "gitlab-pat" => &gitlab::TokenSelf,
        "slack-bot-token" | "slack-user-token" => &slack::AuthTest,
        "stripe-secret-key" => &stripe::Account,
        "openai-api-key" => &ai::OpenAi,
        "anthropic-api-key" => &ai::Anthropic,
        "npm-token" => &npm::WhoAmI,
        _ => return None,
    })
}

/// The rule IDs that [`verifier_for`] knows.
pub const VERIFIABLE_RULES: &[&str] = &[
    "aws-credential-pair",
    "github-pat",
    "github-fine-grained-pat",
    "github-oauth-token",
    "gitlab-pat",
    "slack-bot-token",
    "slack-user-token",
    "stripe-secret-key",
    "openai-api-key",
    "anthropic-api-key",
    "npm-token",
];

/// One distinct secret to verify, with its verifier.
type Job<'a> = (&'static dyn Verifier, &'a str);

/// Groups requests into distinct secrets: for each request, the index of
/// its job (or `None`), and the jobs.
fn plan(reqs: &[Request]) -> (Vec<Option<usize>>, Vec<Job<'_>>) {
    let mut seen: HashMap<(&'static str, &str), usize> = HashMap::new();
    let mut jobs = Vec::new();
    let slots = reqs
        .iter()
        .map(|r| {
            let v = verifier_for(&r.rule_id)?;
            let secret = r.secret.trim();
            Some(*seen.entry((v.provider(), secret)).or_insert_with(|| {
                jobs.push((v, secret));
                jobs.len() - 1
            }))
        })
        .collect();
    (slots, jobs)
}

/// Verifies every request whose rule has a verifier: each distinct secret
/// once, at most `opts.jobs` at a time. One entry per request, in order;
/// `None` for rules that cannot be verified.
pub fn verify_all(reqs: &[Request], opts: &Options) -> Vec<Option<Verification>> {
    let (slots, jobs) = plan(reqs);
    if jobs.is_empty() {
        return slots.iter().map(|_| None).collect();
    }
    let ctx = Context::new(opts);
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Verification>>> = Mutex::new(vec![None; jobs.len()]);
    let workers = opts.jobs.max(1).min(jobs.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(verifier, secret)) = jobs.get(i) else {
                    break;
                };
                let mut v = verifier.verify(secret, &ctx);
                v.detail = http::scrub(&v.detail, secret);
                if let Some(id) = &v.identity {
                    v.identity = Some(http::scrub(id, secret));
                }
                done.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(v);
            });
        }
    });
    let done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    slots
        .iter()
        .map(|slot| slot.and_then(|i| done[i].clone()))
        .collect()
}

/// Counts of a run's distinct verified secrets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Secrets the provider accepted.
    pub live: usize,
    /// Secrets the provider rejected.
    pub invalid: usize,
    /// Secrets with no settled answer.
    pub unknown: usize,
}

impl Summary {
    /// Counts the distinct secrets of `reqs` (as [`verify_all`] grouped
    /// them) by their result in `results` (its output for `reqs`).
    pub fn of(reqs: &[Request], results: &[Option<Verification>]) -> Self {
        let (slots, _) = plan(reqs);
        let mut counted = std::collections::HashSet::new();
        let mut s = Summary::default();
        for (slot, result) in slots.iter().zip(results) {
            let (Some(i), Some(v)) = (slot, result) else {
                continue;
            };
            if counted.insert(*i) {
                match v.status {
                    Status::Live => s.live += 1,
                    Status::Invalid => s.invalid += 1,
                    Status::Unknown => s.unknown += 1,
                }
            }
        }
        s
    }

    /// Distinct secrets verified.
    pub fn total(&self) -> usize {
        self.live + self.invalid + self.unknown
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "verified {}: {} live, {} invalid, {} unknown",
            self.total(),
            self.live,
            self.invalid,
            self.unknown
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_prefer_the_service_specific_variable() {
        let vars: HashMap<&str, &str> = [
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/"),
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:2/"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("KEYGATE_GITHUB_API_URL", " "),
        ]
        .into_iter()
        .collect();
        let e = Endpoints::from_vars(|k| vars.get(k).map(|v| v.to_string()));
        assert_eq!(e.aws_sts, "http://127.0.0.1:2");
        assert_eq!(e.aws_region, "eu-west-1");
        assert_eq!(e.github, "https://api.github.com");
        let e = Endpoints::from_vars(|k| (k == "AWS_REGION").then(|| "cn-north-1".to_string()));
        assert_eq!(e.aws_sts, "https://sts.cn-north-1.amazonaws.com.cn");
        assert_eq!(
            Endpoints::defaults().aws_sts,
            "https://sts.us-east-1.amazonaws.com"
        );
    }

    #[test]
    fn plan_groups_by_provider_and_secret() {
        let reqs = [
            Request::new("github-pat", "a", "f1"),
            Request::new("generic-secret", "a", "f2"),
            Request::new("github-pat", "a", "f3"),
            Request::new("github-oauth-token", "b", "f4"),
            Request::new("npm-token", "a", "f5"),
        ];
        let (slots, jobs) = plan(&reqs);
        assert_eq!(slots, [Some(0), None, Some(0), Some(1), Some(2)]);
        assert_eq!(jobs.len(), 3);
    }

    #[test]
    fn summary_counts_distinct_secrets() {
        let reqs = [
            Request::new("github-pat", "a", "f1"),
            Request::new("github-pat", "a", "f2"),
            Request::new("npm-token", "b", "f3"),
            Request::new("jwt", "c", "f4"),
        ];
        let results = [
            Some(Verification::live(None, "x")),
            Some(Verification::live(None, "x")),
            Some(Verification::unknown("y")),
            None,
        ];
        let s = Summary::of(&reqs, &results);
        assert_eq!(s.to_string(), "verified 2: 1 live, 0 invalid, 1 unknown");
    }

    #[test]
    fn every_listed_rule_has_a_verifier() {
        for id in VERIFIABLE_RULES {
            let v = verifier_for(id).unwrap();
            assert!(v.describe().contains("https://"), "{id}");
        }
        assert!(verifier_for("generic-secret").is_none());
    }
}
