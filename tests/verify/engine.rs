//! The engine's promises: one call per distinct secret, at most `jobs` in
//! flight, no retries, and how long a run takes.

use crate::server::{Answer, Server};
use crate::{fake, options, ALNUM};
use keygate::verify::{verify_all, Request, Status, Summary};
use std::time::{Duration, Instant};

fn npm_token(seed: u64) -> String {
    format!("{}_{}", "npm", fake(seed, ALNUM, 36))
}

/// An npm registry that answers `whoami` with a user per token (the last
/// 6 characters), after `delay`.
fn registry(delay: Duration) -> Server {
    Server::start(move |r| {
        let token = r
            .header("authorization")
            .unwrap_or("")
            .trim_start_matches("Bearer ");
        let user = &token[token.len().saturating_sub(6)..];
        Answer::Delayed(
            delay,
            Box::new(Answer::json(200, format!(r#"{{"username":"u-{user}"}}"#))),
        )
    })
}

#[test]
fn each_distinct_secret_is_verified_once() {
    let server = registry(Duration::ZERO);
    let opts = options(&[("KEYGATE_NPM_REGISTRY_URL", server.url())]);
    let (a, b) = (npm_token(90), npm_token(91));
    let reqs = [
        Request::new("npm-token", a.clone(), "fp-a"),
        Request::new("npm-token", a.clone(), "fp-a"), // same finding twice
        Request::new("npm-token", a.clone(), "fp-a-other"), // same secret, another file
        Request::new("generic-secret", a.clone(), "fp-g"), // no verifier: no call
        Request::new("npm-token", b.clone(), "fp-b"),
    ];
    let got = verify_all(&reqs, &opts);
    assert_eq!(server.requests().len(), 2, "one call per distinct secret");
    assert_eq!(got[3], None);
    let user = |i: usize| got[i].as_ref().unwrap().identity.clone().unwrap();
    assert_eq!(user(0), format!("u-{}", &a[a.len() - 6..]));
    assert_eq!((user(1), user(2)), (user(0), user(0)));
    assert_eq!(user(4), format!("u-{}", &b[b.len() - 6..]));
    assert_eq!(
        Summary::of(&reqs, &got).to_string(),
        "verified 2: 2 live, 0 invalid, 0 unknown"
    );
}

#[test]
fn no_retry_after_an_auth_error_or_a_failure() {
    for status in [401, 429, 500] {
        let server = Server::start(move |_| Answer::json(status, "{}"));
        let opts = options(&[("KEYGATE_NPM_REGISTRY_URL", server.url())]);
        let got = verify_all(&[Request::new("npm-token", npm_token(92), "fp")], &opts);
        let want = if status == 401 {
            Status::Invalid
        } else {
            Status::Unknown
        };
        assert_eq!(got[0].as_ref().unwrap().status, want);
        assert_eq!(server.requests().len(), 1, "{status}: exactly one call");
    }
}

#[test]
fn nothing_to_verify_makes_no_call_and_spawns_nothing() {
    let opts = options(&[("KEYGATE_NPM_REGISTRY_URL", "http://127.0.0.1:9".to_string())]);
    let reqs = [Request::new("jwt", "x.y.z", "fp")];
    assert_eq!(verify_all(&reqs, &opts), vec![None]);
    assert!(verify_all(&[], &opts).is_empty());
    assert_eq!(
        Summary::of(&reqs, &[None]).to_string(),
        "verified 0: 0 live, 0 invalid, 0 unknown"
    );
}

/// 50 distinct secrets, a server that takes 100 ms per answer: at most
/// `jobs` calls in flight, and the run takes about 50 × 100 ms / jobs.
/// Prints the timings (`cargo test --test verify timing -- --nocapture`).
#[test]
fn timing_and_concurrency_limit() {
    const N: u64 = 50;
    let reqs: Vec<Request> = (0..N)
        .map(|i| Request::new("npm-token", npm_token(1000 + i), format!("fp{i}")))
        .collect();
    for (jobs, delay) in [(4, 0), (4, 100), (1, 20), (8, 100)] {
        let server = registry(Duration::from_millis(delay));
        let mut opts = options(&[("KEYGATE_NPM_REGISTRY_URL", server.url())]);
        opts.jobs = jobs;
        let start = Instant::now();
        let got = verify_all(&reqs, &opts);
        let took = start.elapsed();
        let summary = Summary::of(&reqs, &got);
        println!(
            "verify_all: {N} distinct secrets, jobs={jobs}, server delay {delay} ms: {took:?} \
             (max in flight {}); {summary}",
            server.max_in_flight()
        );
        assert_eq!(summary.live, N as usize);
        assert_eq!(server.requests().len(), N as usize);
        assert!(
            server.max_in_flight() <= jobs,
            "{} > {jobs}",
            server.max_in_flight()
        );
        if delay > 0 {
            let floor = Duration::from_millis(delay * N / jobs as u64);
            assert!(
                took >= floor,
                "{took:?} < {floor:?}: more than {jobs} in flight"
            );
            assert!(
                took < floor * 3 + Duration::from_secs(2),
                "{took:?}: the jobs did not overlap"
            );
            if jobs > 1 {
                assert!(server.max_in_flight() >= 2, "no concurrency at all");
            }
        }
    }
}

/// A server that never answers costs one timeout per distinct secret,
/// spread over the jobs, and every result is unknown.
#[test]
fn timeouts_are_bounded_and_unknown() {
    let server = Server::start(|_| Answer::Hang);
    let mut opts = options(&[("KEYGATE_NPM_REGISTRY_URL", server.url())]);
    opts.timeout = Duration::from_millis(300);
    opts.jobs = 4;
    let reqs: Vec<Request> = (0..8)
        .map(|i| Request::new("npm-token", npm_token(2000 + i), format!("fp{i}")))
        .collect();
    let start = Instant::now();
    let got = verify_all(&reqs, &opts);
    let took = start.elapsed();
    assert!(
        got.iter()
            .all(|v| v.as_ref().unwrap().status == Status::Unknown),
        "{got:?}"
    );
    assert!(
        took >= Duration::from_millis(600) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert_eq!(
        Summary::of(&reqs, &got).to_string(),
        "verified 8: 0 live, 0 invalid, 8 unknown"
    );
}

/// A plain-http loopback endpoint is reached directly even when the
/// environment names an HTTP proxy, which would otherwise see the secret
/// in clear text. Runs in a child process of this test binary, so the
/// proxy variables touch no other test.
#[test]
fn plain_http_to_loopback_bypasses_proxies() {
    let proxy = Server::start(|_| Answer::json(200, r#"{"username":"via-proxy"}"#));
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "engine::proxied_child",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("HTTP_PROXY", proxy.url())
        .env("http_proxy", proxy.url())
        .env("ALL_PROXY", proxy.url())
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("1 passed"), "{text}");
    assert!(
        proxy.requests().is_empty(),
        "the proxy saw {:?}",
        proxy.requests()
    );
}

#[test]
#[ignore = "run by plain_http_to_loopback_bypasses_proxies with proxy variables set"]
fn proxied_child() {
    assert!(std::env::var_os("HTTP_PROXY").is_some());
    let server = registry(Duration::ZERO);
    let opts = options(&[("KEYGATE_NPM_REGISTRY_URL", server.url())]);
    let got = verify_all(&[Request::new("npm-token", npm_token(3000), "fp")], &opts);
    let v = got[0].as_ref().unwrap();
    assert_eq!(v.status, Status::Live, "{v:?}");
    assert_ne!(v.identity.as_deref(), Some("via-proxy"));
    assert_eq!(server.requests().len(), 1);
}

/// Every rule the engine verifies is a built-in rule (a renamed rule would
/// silently stop being verified).
#[test]
fn verifiable_rules_are_builtin_rules() {
    let rules = keygate::rules::RuleSet::builtin().unwrap();
    for id in keygate::verify::VERIFIABLE_RULES {
        assert!(
            rules.rules().iter().any(|r| r.id == *id),
            "{id} is not a built-in rule"
        );
        assert!(keygate::verify::verifier_for(id).is_some(), "{id}");
    }
}
