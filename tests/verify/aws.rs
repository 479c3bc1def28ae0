//! AWS STS answers that moto does not produce (a root user, throttling,
//! malformed bodies, server errors), from a local server, and the shape of
//! the signed request.

use crate::server::{Answer, Server};
use crate::{aws_key_id, fake, options, BASE64};
use keygate::verify::{verify_all, Request, Status, Verification};

fn identity(arn: &str) -> String {
    format!(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  \
         <GetCallerIdentityResult>\n    <Arn>{arn}</Arn>\n    <UserId>123456789012</UserId>\n    \
         <Account>123456789012</Account>\n  </GetCallerIdentityResult>\n  \
         <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>\n\
         </GetCallerIdentityResponse>\n"
    )
}

fn error(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    \
         <Type>Sender</Type>\n    <Code>{code}</Code>\n    <Message>{message}</Message>\n  \
         </Error>\n  <RequestId>x</RequestId>\n</ErrorResponse>\n"
    )
}

/// Verifies one pair against a server answering `answer`; returns the
/// result and the one request made.
fn verify(
    secret: &str,
    answer: impl Fn() -> Answer + Send + Sync + 'static,
) -> (Verification, Vec<crate::server::Recorded>) {
    let server = Server::start(move |_| answer());
    let opts = options(&[
        ("AWS_ENDPOINT_URL_STS", server.url()),
        ("AWS_REGION", "eu-central-1".to_string()),
    ]);
    let v = verify_all(&[Request::new("aws-credential-pair", secret, "fp")], &opts)
        .remove(0)
        .unwrap();
    (v, server.requests())
}

fn pair(seed: u64) -> (String, String) {
    (aws_key_id(["AK", "IA"], seed), fake(seed, BASE64, 40))
}

#[test]
fn a_live_root_key_is_flagged() {
    let (id, key) = pair(21);
    let (v, reqs) = verify(&format!("{id} {key}"), || {
        Answer::xml(200, identity("arn:aws:iam::123456789012:root"))
    });
    assert_eq!(v.status, Status::Live);
    assert!(v.root, "{v:?}");
    assert_eq!(
        v.identity.as_deref(),
        Some("arn:aws:iam::123456789012:root")
    );
    assert!(
        v.detail
            .starts_with("ROOT USER of AWS account 123456789012"),
        "{}",
        v.detail
    );

    // The request: a SigV4-signed POST of GetCallerIdentity to STS, in the
    // configured region; the secret key itself never leaves.
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert_eq!(r.body, b"Action=GetCallerIdentity&Version=2011-06-15");
    let auth = r.header("authorization").unwrap();
    let date = &r.header("x-amz-date").unwrap()[..8];
    assert!(
        auth.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential={id}/{date}/eu-central-1/sts/aws4_request, SignedHeaders="
        )),
        "{auth}"
    );
    assert!(auth.contains("Signature="), "{auth}");
    assert_eq!(r.count(&key), 0, "the secret key is never sent");
    assert_eq!(r.header("x-amz-security-token"), None);
}

#[test]
fn an_iam_user_is_not_root() {
    let (id, key) = pair(22);
    let (v, _) = verify(&format!("{id} {key}"), || {
        Answer::xml(200, identity("arn:aws:iam::123456789012:user/ops/deploy"))
    });
    assert_eq!(v.status, Status::Live);
    assert!(!v.root);
    assert!(
        v.detail
            .starts_with("IAM user deploy of AWS account 123456789012"),
        "{}",
        v.detail
    );
}

#[test]
fn sts_errors_are_invalid_only_when_they_reject_the_credential() {
    let cases = [
        (403, "InvalidClientTokenId", Status::Invalid),
        (403, "SignatureDoesNotMatch", Status::Invalid),
        (400, "ExpiredToken", Status::Invalid),
        (400, "Throttling", Status::Unknown),
        (400, "RequestLimitExceeded", Status::Unknown),
        (400, "IncompleteSignature", Status::Unknown),
        (400, "RequestExpired", Status::Unknown),
        (403, "AccessDenied", Status::Unknown),
        (500, "InternalFailure", Status::Unknown),
        (503, "ServiceUnavailable", Status::Unknown),
    ];
    for (i, (status, code, want)) in cases.into_iter().enumerate() {
        let (id, key) = pair(30 + i as u64);
        let (v, reqs) = verify(&format!("{id} {key}"), move || {
            Answer::xml(status, error(code, "message text"))
        });
        assert_eq!(v.status, want, "{status} {code}: {v:?}");
        assert!(v.detail.contains(code), "{code}: {}", v.detail);
        assert_eq!(reqs.len(), 1, "{code}: no retry");
        assert!(!v.root);
    }
}

#[test]
fn malformed_sts_answers_are_unknown() {
    let bodies = [
        (200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:root".to_string()),
        (200, "not xml at all".to_string()),
        (200, "<GetCallerIdentityResponse></GetCallerIdentityResponse>".to_string()),
        (200, "<Other><Arn>arn:aws:iam::123456789012:root</Arn><Account>123456789012</Account></Other>".to_string()),
        (403, "<html>denied</html>".to_string()),
        (500, String::new()),
    ];
    for (i, (status, body)) in bodies.into_iter().enumerate() {
        let (id, key) = pair(50 + i as u64);
        let (v, _) = verify(&format!("{id} {key}"), move || {
            Answer::xml(status, body.clone())
        });
        assert_eq!(v.status, Status::Unknown, "{status}: {v:?}");
        assert!(!v.root);
    }
}

#[test]
fn a_temporary_key_is_sent_with_its_session_token_or_not_at_all() {
    let id = aws_key_id(["AS", "IA"], 60);
    let key = fake(60, BASE64, 40);
    let token = fake(61, BASE64, 300);

    // Without its token: not verifiable, and no request.
    let (v, reqs) = verify(&format!("{id} {key}"), || Answer::xml(500, ""));
    assert_eq!(v.status, Status::Unknown);
    assert!(v.detail.contains("session token"), "{}", v.detail);
    assert!(reqs.is_empty());

    let (v, reqs) = verify(&format!("{id} {key} {token}"), || {
        Answer::xml(
            200,
            identity("arn:aws:sts::123456789012:assumed-role/Deploy/ci-42"),
        )
    });
    assert_eq!(v.status, Status::Live);
    assert_eq!(
        v.detail,
        "assumed role Deploy (session ci-42) of AWS account 123456789012, user ID 123456789012"
    );
    assert_eq!(reqs[0].header("x-amz-security-token"), Some(token.as_str()));
    assert!(reqs[0]
        .header("authorization")
        .unwrap()
        .contains("x-amz-security-token"));
}

#[test]
fn endpoint_and_region_come_from_the_standard_variables() {
    let server = Server::start(|_| {
        Answer::xml(
            200,
            identity("arn:aws:sts::123456789012:federated-user/carol"),
        )
    });
    // AWS_ENDPOINT_URL applies when there is no STS-specific one, and the
    // default region is the fallback for signing.
    let opts = options(&[
        ("AWS_ENDPOINT_URL", server.url()),
        ("AWS_DEFAULT_REGION", "ap-south-1".to_string()),
    ]);
    let (id, key) = pair(70);
    let v = verify_all(
        &[Request::new(
            "aws-credential-pair",
            format!("{id} {key}"),
            "fp",
        )],
        &opts,
    )
    .remove(0)
    .unwrap();
    assert_eq!(v.status, Status::Live);
    assert!(v.detail.starts_with("federated user carol"), "{}", v.detail);
    let auth = server.requests()[0]
        .header("authorization")
        .unwrap()
        .to_string();
    assert!(auth.contains("/ap-south-1/sts/aws4_request"), "{auth}");
}
