//! `--verify` end to end through the real binary: a local HTTP server on
//! 127.0.0.1 answers as GitHub and AWS STS document, reached through the
//! documented endpoint overrides. It counts requests, so the tests also
//! prove that nothing is sent without `--verify` and from the hook.

use crate::fake;
use crate::harness::{assert_contains, isolate, Repo, Run, KEYGATE};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A server answering every request with `status` and `body`; counts them.
struct Server {
    url: String,
    hits: Arc<AtomicUsize>,
}

fn serve(status: u16, body: &'static str) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body_in = vec![0; length];
            let _ = reader.read_exact(&mut body_in);
            counter.fetch_add(1, Ordering::SeqCst);
            let reply = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nx-oauth-scopes: repo\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    Server { url, hits }
}

fn keygate(repo: &Repo, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = Command::new(KEYGATE);
    isolate(&mut cmd, repo.home());
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.args(args).current_dir(repo.path()).output().unwrap())
}

fn repo_with_github_token() -> Repo {
    let repo = Repo::new();
    repo.write(
        "ci/publish.sh",
        format!("export GITHUB_TOKEN={}\n", fake::github_token("verify")),
    );
    repo
}

#[test]
fn verify_marks_a_live_token_and_nothing_is_sent_without_it() {
    let server = serve(200, r#"{"login": "deploy-bot", "type": "User"}"#);
    let repo = repo_with_github_token();
    let env = [("KEYGATE_GITHUB_API_URL", server.url.as_str())];
    let run = keygate(&repo, &env, &["scan", ".", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        server.hits.load(Ordering::SeqCst),
        0,
        "no --verify, no request"
    );
    assert!(run.json()["findings"][0].get("verification").is_none());

    let run = keygate(&repo, &env, &["scan", ".", "--verify", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);
    let json = run.json();
    let v = &json["findings"][0]["verification"];
    assert_eq!(v["status"], "live");
    assert_eq!(v["identity"], "deploy-bot");
    assert_eq!(json["stats"]["verification"]["live"], 1);

    let run = keygate(&repo, &env, &["scan", ".", "--verify"]);
    assert_contains(&run.stdout, "= note: verified live: deploy-bot");
    assert_contains(
        &run.stdout,
        "keygate: verified 1: 1 live, 0 invalid, 0 unknown",
    );
}

#[test]
fn only_verified_and_fail_on_live_decide_what_is_reported_and_the_exit_code() {
    let server = serve(401, r#"{"message": "Bad credentials"}"#);
    let repo = repo_with_github_token();
    let env = [("KEYGATE_GITHUB_API_URL", server.url.as_str())];
    // A revoked token: reported as invalid, and it still fails by default.
    let run = keygate(&repo, &env, &["scan", ".", "--verify", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.json()["findings"][0]["verification"]["status"],
        "invalid"
    );
    // --fail-on live: reported, but not failing.
    let run = keygate(&repo, &env, &["scan", ".", "--verify", "--fail-on", "live"]);
    run.assert_code(0);
    assert_contains(&run.stdout, "verified invalid");
    // --only-verified keeps live findings only.
    let run = keygate(
        &repo,
        &env,
        &["scan", ".", "--only-verified", "--format", "json"],
    );
    run.assert_code(0);
    assert_eq!(run.json()["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn the_hook_stays_offline_unless_its_configuration_allows_verification() {
    let server = serve(200, r#"{"login": "deploy-bot"}"#);
    let repo = repo_with_github_token();
    repo.add(&["ci/publish.sh"]);
    let env = [("KEYGATE_GITHUB_API_URL", server.url.as_str())];
    let run = keygate(&repo, &env, &["staged", "--verify"]);
    run.assert_code(1);
    assert_eq!(server.hits.load(Ordering::SeqCst), 0);
    assert_contains(&run.stderr, "verify_in_hook: true");
    repo.write(".keygate.yaml", "verify_in_hook: true\n");
    let run = keygate(&repo, &env, &["staged", "--verify"]);
    run.assert_code(1);
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);
    assert_contains(&run.stdout, "verified live: deploy-bot");
}

#[test]
fn verify_command_checks_an_earlier_unredacted_report() {
    let server = serve(200, r#"{"login": "deploy-bot"}"#);
    let repo = repo_with_github_token();
    let env = [("KEYGATE_GITHUB_API_URL", server.url.as_str())];
    // A redacted report holds no secrets to verify.
    let redacted = keygate(&repo, &env, &["scan", ".", "--format", "json"]);
    repo.write("redacted.json", &redacted.stdout);
    keygate(&repo, &env, &["verify", "redacted.json"]).assert_code(2);
    let full = keygate(
        &repo,
        &env,
        &["scan", "ci", "--format", "json", "--no-redact"],
    );
    repo.write("report.json", &full.stdout);
    let run = keygate(&repo, &env, &["verify", "report.json", "--format", "json"]);
    run.assert_code(1);
    let json = run.json();
    assert_eq!(json["findings"][0]["verification"]["status"], "live");
    assert!(
        json["findings"][0].get("secret").is_none(),
        "secrets dropped"
    );
    let run = keygate(&repo, &env, &["verify", "report.json"]);
    assert_contains(&run.stdout, "publish.sh:1:");
    assert_contains(&run.stdout, "verified 1: 1 live");
}

#[test]
fn a_live_root_key_is_critical_with_the_root_remediation() {
    let server = serve(
        200,
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:root</Arn><UserId>123456789012</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>",
    );
    let repo = Repo::new();
    repo.write(
        "deploy.py",
        format!(
            "aws_access_key_id = '{}'\naws_secret_access_key = '{}'\n",
            fake::aws_key_id("root"),
            fake::aws_secret("root")
        ),
    );
    let env = [
        ("AWS_ENDPOINT_URL_STS", server.url.as_str()),
        ("AWS_REGION", "us-east-1"),
    ];
    let run = keygate(&repo, &env, &["scan", ".", "--verify", "--format", "json"]);
    run.assert_code(1);
    let f = &run.json()["findings"][0];
    assert_eq!(f["rule"], "aws-credential-pair");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["verification"]["root"], true);
    assert_contains(
        f["remediation"].as_str().unwrap(),
        "Delete the root user's access keys",
    );
    let run = keygate(&repo, &env, &["scan", ".", "--verify"]);
    assert_contains(&run.stdout, "(root user)");
}
