//! Each bearer-token provider against a local server that answers as the
//! provider's API documents: the call it makes (method, path, the one
//! header that carries the secret), and how each answer is read.

use crate::server::{Answer, Recorded, Server};
use crate::{fake, options, ALNUM};
use keygate::verify::{verifier_for, verify_all, Request, Status, Verification};
use std::time::{Duration, Instant};

/// One provider: where its call goes and what it answers.
struct Case {
    rule: &'static str,
    secret: String,
    /// The environment variable with the base URL, and the path the test
    /// server appends to its own URL for it (an API prefix, as GitHub
    /// Enterprise Server's `/api/v3`).
    env: &'static str,
    base_path: &'static str,
    method: &'static str,
    path: &'static str,
    /// The header that carries the secret, and its expected value.
    header: &'static str,
    value: fn(&str) -> String,
    /// The documented success answer, and what it must read as.
    ok: fn() -> Answer,
    identity: Option<&'static str>,
    detail: &'static str,
    /// The documented answer for a bad token.
    bad: fn() -> Answer,
    /// How a 403 reads for this provider.
    on_403: Status,
}

fn bearer(s: &str) -> String {
    format!("Bearer {s}")
}

fn same(s: &str) -> String {
    s.to_string()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            rule: "github-pat",
            secret: format!("{}_{}", "ghp", fake(1, ALNUM, 36)),
            env: "KEYGATE_GITHUB_API_URL",
            base_path: "/api/v3",
            method: "GET",
            path: "/api/v3/user",
            header: "authorization",
            value: bearer,
            ok: || {
                Answer::json(200, r#"{"login":"octo-deploy","id":583231,"type":"User","site_admin":false}"#)
                    .with_header("X-OAuth-Scopes", "repo, workflow")
            },
            identity: Some("octo-deploy"),
            detail: "GitHub user octo-deploy; scopes: repo, workflow",
            bad: || {
                Answer::json(
                    401,
                    r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}"#,
                )
            },
            on_403: Status::Unknown,
        },
        Case {
            rule: "github-fine-grained-pat",
            secret: format!("{}_{}_{}", "github", "pat", fake(2, ALNUM, 82)),
            env: "KEYGATE_GITHUB_API_URL",
            base_path: "",
            method: "GET",
            path: "/user",
            header: "authorization",
            value: bearer,
            ok: || Answer::json(200, r#"{"login":"fg-bot","id":7,"type":"Bot"}"#),
            identity: Some("fg-bot"),
            detail: "GitHub bot fg-bot; fine-grained token",
            bad: || Answer::json(401, r#"{"message":"Bad credentials"}"#),
            on_403: Status::Unknown,
        },
        Case {
            rule: "gitlab-pat",
            secret: format!("{}-{}", "glpat", fake(3, ALNUM, 20)),
            env: "KEYGATE_GITLAB_URL",
            base_path: "",
            method: "GET",
            path: "/api/v4/personal_access_tokens/self",
            header: "private-token",
            value: same,
            ok: || {
                Answer::json(
                    200,
                    r#"{"id":4,"name":"ci-token","revoked":false,"created_at":"2026-01-02T03:04:05.000Z","scopes":["api","read_repository"],"user_id":42,"last_used_at":null,"active":true,"expires_at":"2027-01-01"}"#,
                )
            },
            identity: Some("user 42"),
            detail: "GitLab token \"ci-token\" of user 42; scopes: api, read_repository; expires 2027-01-01",
            bad: || Answer::json(401, r#"{"message":"401 Unauthorized"}"#),
            on_403: Status::Unknown,
        },
        Case {
            rule: "slack-bot-token",
            secret: format!(
                "{}-{}-{}-{}",
                "xoxb",
                fake(4, "0123456789", 12),
                fake(5, "0123456789", 13),
                fake(6, ALNUM, 24)
            ),
            env: "KEYGATE_SLACK_API_URL",
            base_path: "/api",
            method: "POST",
            path: "/api/auth.test",
            header: "authorization",
            value: bearer,
            ok: || {
                Answer::json(
                    200,
                    r#"{"ok":true,"url":"https://acme.slack.com/","team":"Acme","user":"deploybot","team_id":"T0001","user_id":"U0001","bot_id":"B0001","is_enterprise_install":false}"#,
                )
            },
            identity: Some("deploybot@Acme"),
            detail: "Slack bot deploybot in workspace Acme, team T0001, user U0001",
            bad: || Answer::json(200, r#"{"ok":false,"error":"invalid_auth"}"#),
            on_403: Status::Unknown,
        },
        Case {
            rule: "stripe-secret-key",
            secret: format!("{}_{}_{}", "sk", "live", fake(7, ALNUM, 24)),
            env: "KEYGATE_STRIPE_API_URL",
            base_path: "",
            method: "GET",
            path: "/v1/account",
            header: "authorization",
            value: bearer,
            ok: || {
                Answer::json(
                    200,
                    r#"{"id":"acct_1Acme","object":"account","email":"ops@example.com","settings":{"dashboard":{"display_name":"Acme Shop"}}}"#,
                )
            },
            identity: Some("acct_1Acme (Acme Shop)"),
            detail: "Stripe live-mode secret key (full access)",
            bad: || {
                Answer::json(
                    401,
                    r#"{"error":{"message":"Invalid API Key provided: sk_live_****abcd","type":"invalid_request_error"}}"#,
                )
            },
            // A restricted key without the permission: it authenticated.
            on_403: Status::Live,
        },
        Case {
            rule: "openai-api-key",
            secret: format!("{}-{}-{}", "sk", "proj", fake(8, ALNUM, 96)),
            env: "KEYGATE_OPENAI_API_URL",
            base_path: "",
            method: "GET",
            path: "/v1/models",
            header: "authorization",
            value: bearer,
            ok: || {
                Answer::json(
                    200,
                    r#"{"object":"list","data":[{"id":"model-a","object":"model","owned_by":"system"},{"id":"model-b","object":"model","owned_by":"system"}]}"#,
                )
                .with_header("openai-organization", "org-acme")
            },
            identity: Some("org-acme"),
            detail: "OpenAI key; 2 models listed",
            bad: || {
                Answer::json(
                    401,
                    r#"{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
                )
            },
            on_403: Status::Unknown,
        },
        Case {
            rule: "anthropic-api-key",
            secret: format!("{}-{}-{}-{}", "sk", "ant", "api03", fake(9, ALNUM, 93)),
            env: "KEYGATE_ANTHROPIC_API_URL",
            base_path: "",
            method: "GET",
            path: "/v1/models",
            header: "x-api-key",
            value: same,
            ok: || {
                Answer::json(
                    200,
                    r#"{"data":[{"type":"model","id":"model-a","display_name":"A","created_at":"2026-01-01T00:00:00Z"}],"has_more":false,"first_id":"model-a","last_id":"model-a"}"#,
                )
                .with_header("anthropic-organization-id", "4f1c0d2e-org")
            },
            identity: Some("4f1c0d2e-org"),
            detail: "Anthropic API key; 1 models listed",
            bad: || {
                Answer::json(
                    401,
                    r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#,
                )
            },
            on_403: Status::Unknown,
        },
        Case {
            rule: "npm-token",
            secret: format!("{}_{}", "npm", fake(10, ALNUM, 36)),
            env: "KEYGATE_NPM_REGISTRY_URL",
            base_path: "",
            method: "GET",
            path: "/-/whoami",
            header: "authorization",
            value: bearer,
            ok: || Answer::json(200, r#"{"username":"deployer"}"#),
            identity: Some("deployer"),
            detail: "npm user deployer",
            bad: || Answer::json(401, r#"{"error":"Unauthorized"}"#),
            on_403: Status::Unknown,
        },
    ]
}

/// Runs `case` against a server that answers `answer`, checks the one
/// request it made, and returns the result.
fn run(case: &Case, answer: fn() -> Answer) -> Verification {
    run_with(case, move |_| answer(), Duration::from_millis(1500))
}

fn run_with(
    case: &Case,
    answer: impl Fn(&Recorded) -> Answer + Send + Sync + 'static,
    timeout: Duration,
) -> Verification {
    let server = Server::start(answer);
    let mut opts = options(&[(case.env, format!("{}{}", server.url(), case.base_path))]);
    opts.timeout = timeout;
    let reqs = [Request::new(case.rule, case.secret.clone(), "fp")];
    let v = verify_all(&reqs, &opts)
        .remove(0)
        .expect("a verifiable rule");
    let got = server.requests();
    assert_eq!(got.len(), 1, "{}: exactly one call, no retry", case.rule);
    let r = &got[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        (case.method, case.path),
        "{}",
        case.rule
    );
    assert_eq!(
        r.header(case.header),
        Some((case.value)(&case.secret).as_str()),
        "{}: the secret goes in {}",
        case.rule,
        case.header
    );
    assert_eq!(
        r.count(&case.secret),
        1,
        "{}: the secret is sent once, in {} only",
        case.rule,
        case.header
    );
    assert!(!r.path.contains('?'), "{}: no query string", case.rule);
    assert!(
        !v.detail.contains(&case.secret)
            && !v.identity.as_deref().unwrap_or("").contains(&case.secret),
        "{}: the secret is not in the result",
        case.rule
    );
    v
}

#[test]
fn every_provider_reads_its_documented_answers() {
    for case in cases() {
        let what = verifier_for(case.rule).unwrap().describe();
        assert!(what.starts_with(case.method), "{}: {what}", case.rule);
        assert!(
            what.ends_with(case.path.trim_start_matches(case.base_path)),
            "{}: {what}",
            case.rule
        );

        let v = run(&case, case.ok);
        assert_eq!(v.status, Status::Live, "{}: {v:?}", case.rule);
        assert_eq!(v.identity.as_deref(), case.identity, "{}", case.rule);
        assert!(
            v.detail.starts_with(case.detail),
            "{}: {:?}",
            case.rule,
            v.detail
        );
        assert!(!v.root);

        let v = run(&case, case.bad);
        assert_eq!(v.status, Status::Invalid, "{}: {v:?}", case.rule);
        assert_eq!(v.identity, None);

        let v = run(&case, || Answer::json(403, r#"{"message":"Forbidden"}"#));
        assert_eq!(v.status, case.on_403, "{}: 403 {v:?}", case.rule);

        let v = run(&case, || {
            Answer::json(429, r#"{"message":"slow down"}"#).with_header("retry-after", "30")
        });
        assert_eq!(v.status, Status::Unknown, "{}: 429 {v:?}", case.rule);
        assert!(v.detail.contains("429"), "{}: {}", case.rule, v.detail);

        for status in [500, 502, 503] {
            let v = run_with(
                &case,
                move |_| Answer::new(status, "oops"),
                Duration::from_millis(1500),
            );
            assert_eq!(v.status, Status::Unknown, "{}: {status} {v:?}", case.rule);
            assert!(v.detail.contains(&status.to_string()), "{}", v.detail);
        }

        let v = run(&case, || {
            Answer::new(302, "").with_header("location", "http://127.0.0.1:9/elsewhere")
        });
        assert_eq!(
            v.status,
            Status::Unknown,
            "{}: redirects are not followed",
            case.rule
        );

        let v = run(&case, || Answer::json(200, "<html>maintenance</html>"));
        assert_eq!(
            v.status,
            Status::Unknown,
            "{}: a 200 that is not the API's answer",
            case.rule
        );

        // No answer: unknown after the timeout, not before and not much later.
        let start = Instant::now();
        let v = run_with(&case, |_| Answer::Hang, Duration::from_millis(400));
        let took = start.elapsed();
        assert_eq!(v.status, Status::Unknown, "{}: {v:?}", case.rule);
        assert!(
            v.detail.contains("no answer within"),
            "{}: {}",
            case.rule,
            v.detail
        );
        assert!(
            took >= Duration::from_millis(400) && took < Duration::from_secs(3),
            "{took:?}"
        );
    }
}

#[test]
fn provider_specific_answers() {
    let all = cases();
    let case = |rule: &str| all.iter().find(|c| c.rule == rule).unwrap();

    // GitHub: a 403 rate limit is unknown, and so is any other 403.
    let v = run(case("github-pat"), || {
        Answer::json(403, r#"{"message":"API rate limit exceeded"}"#)
            .with_header("x-ratelimit-remaining", "0")
    });
    assert_eq!(v.status, Status::Unknown);
    assert!(v.detail.contains("rate limit"), "{}", v.detail);
    // A classic token with no scopes at all.
    let v = run(case("github-pat"), || {
        Answer::json(200, r#"{"login":"x","type":"User"}"#).with_header("X-OAuth-Scopes", "")
    });
    assert_eq!(v.detail, "GitHub user x; no scopes");

    // GitLab: a revoked token that still reads itself is invalid.
    let v = run(case("gitlab-pat"), || {
        Answer::json(
            200,
            r#"{"id":4,"name":"t","revoked":true,"scopes":[],"user_id":1,"active":false}"#,
        )
    });
    assert_eq!(v.status, Status::Invalid, "{v:?}");

    // Slack: dead-token errors are invalid, others unknown; a user token.
    for (error, status) in [
        ("invalid_auth", Status::Invalid),
        ("account_inactive", Status::Invalid),
        ("token_revoked", Status::Invalid),
        ("token_expired", Status::Invalid),
        ("not_authed", Status::Invalid),
        ("ratelimited", Status::Unknown),
        ("fatal_error", Status::Unknown),
    ] {
        let body = format!(r#"{{"ok":false,"error":"{error}"}}"#);
        let v = run_with(
            case("slack-bot-token"),
            move |_| Answer::json(200, body.clone()),
            Duration::from_secs(2),
        );
        assert_eq!(v.status, status, "{error}");
        assert_eq!(v.detail, format!("Slack: {error}"));
    }
    let v = run(case("slack-bot-token"), || {
        Answer::json(
            200,
            r#"{"ok":true,"team":"Acme","user":"alice","team_id":"T1","user_id":"U1"}"#,
        )
    });
    assert_eq!(
        v.detail,
        "Slack user alice in workspace Acme, team T1, user U1"
    );

    // Stripe: a restricted key, and a restricted key without account access.
    let mut rk = clone_case(case("stripe-secret-key"));
    rk.secret = format!("{}_{}_{}", "rk", "live", fake(11, ALNUM, 24));
    let v = run(&rk, rk.ok);
    assert_eq!(
        (v.status, v.detail.as_str()),
        (Status::Live, "Stripe live-mode restricted key")
    );
    let v = run(&rk, || {
        Answer::json(403, r#"{"error":{"type":"invalid_request_error"}}"#)
    });
    assert_eq!(v.status, Status::Live);
    assert!(
        v.detail.contains("may not read the account"),
        "{}",
        v.detail
    );

    // OpenAI: a restricted key without the models scope, and a key out of
    // quota, both authenticated; a provider that echoes the key back does
    // not get it into the report.
    let v = run(case("openai-api-key"), || {
        Answer::json(
            401,
            r#"{"error":{"message":"You have insufficient permissions for this operation. Missing scopes: api.model.read.","type":"invalid_request_error","param":null,"code":null}}"#,
        )
    });
    assert_eq!(v.status, Status::Live, "{v:?}");
    let v = run(case("openai-api-key"), || {
        Answer::json(
            429,
            r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#,
        )
    });
    assert_eq!(v.status, Status::Live, "{v:?}");
    let slack = case("slack-bot-token");
    let echoed = slack.secret.clone();
    let v = run_with(
        slack,
        move |_| {
            Answer::json(
                200,
                format!(r#"{{"ok":false,"error":"bad token {echoed}"}}"#),
            )
        },
        Duration::from_secs(2),
    );
    assert_eq!(v.detail, "Slack: bad token [secret]");

    // Anthropic: overloaded is unknown; an admin key reads its organization.
    let v = run(case("anthropic-api-key"), || {
        Answer::json(
            529,
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        )
    });
    assert_eq!(v.status, Status::Unknown);
    let mut admin = clone_case(case("anthropic-api-key"));
    admin.secret = format!("{}-{}-{}-{}", "sk", "ant", "admin01", fake(12, ALNUM, 93));
    admin.path = "/v1/organizations/me";
    let v = run(&admin, || {
        Answer::json(
            200,
            r#"{"id":"org-uuid-1","type":"organization","name":"Acme"}"#,
        )
    });
    assert_eq!(v.status, Status::Live);
    assert_eq!(v.identity.as_deref(), Some("org-uuid-1"));
    assert_eq!(v.detail, "Anthropic admin key of organization Acme");
}

fn clone_case(c: &Case) -> Case {
    Case {
        rule: c.rule,
        secret: c.secret.clone(),
        env: c.env,
        base_path: c.base_path,
        method: c.method,
        path: c.path,
        header: c.header,
        value: c.value,
        ok: c.ok,
        identity: c.identity,
        detail: c.detail,
        bad: c.bad,
        on_403: c.on_403,
    }
}

/// Plain http is refused for anything but loopback: the secret is not
/// sent at all.
#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let opts = options(&[("KEYGATE_GITHUB_API_URL", "http://0.0.0.0:9".to_string())]);
    let secret = format!("{}_{}", "ghp", fake(13, ALNUM, 36));
    let v = verify_all(&[Request::new("github-pat", secret, "fp")], &opts)
        .remove(0)
        .unwrap();
    assert_eq!(v.status, Status::Unknown);
    assert!(v.detail.contains("plain http"), "{}", v.detail);
}

/// An `https://` endpoint is spoken to over TLS with certificate checks:
/// a local server that answers the TLS handshake with plain HTTP gets
/// only the handshake, never the token, and the result is unknown.
#[test]
fn https_endpoints_get_the_secret_only_after_a_tls_handshake() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = conn.read(&mut buf) {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        }
        got
    });
    let secret = format!("{}_{}", "ghp", fake(14, ALNUM, 36));
    let opts = options(&[(
        "KEYGATE_GITHUB_API_URL",
        format!("https://127.0.0.1:{port}"),
    )]);
    let v = verify_all(&[Request::new("github-pat", secret.clone(), "fp")], &opts)
        .remove(0)
        .unwrap();
    let got = server.join().unwrap();
    assert_eq!(v.status, Status::Unknown, "{v:?}");
    assert_eq!(
        got.first(),
        Some(&0x16),
        "a TLS handshake record came first"
    );
    assert!(
        !got.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the token crossed the wire unencrypted"
    );
}
