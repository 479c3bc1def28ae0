//! AWS: STS `GetCallerIdentity`, signed with SigV4 by the AWS-maintained
//! `aws-sigv4` crate. The call needs no permission (an explicit deny
//! cannot block it), so any active key answers with its ARN.

use super::http::Reply;
use super::{Context, Verification, Verifier};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::SystemTime;

/// STS `GetCallerIdentity`.
pub(crate) struct Sts;

const BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";
const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// The regional STS endpoint (the China partition has its own domain).
pub(crate) fn default_endpoint(region: &str) -> String {
    let domain = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://sts.{region}.{domain}")
}

/// Key ID prefixes of keys that sign requests (`ABIA`/`ACCA` keys are
/// service bearer tokens and context credentials, not verifiable this way).
fn key_kind(id: &str) -> Option<&'static str> {
    if id.len() != 20 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    match &id[..4] {
        "AKIA" => Some("long-lived"),
        "ASIA" => Some("temporary"),
        _ => None,
    }
}

impl Verifier for Sts {
    fn provider(&self) -> &'static str {
        "AWS"
    }

    fn describe(&self) -> &'static str {
        "POST https://sts.<region>.amazonaws.com/ Action=GetCallerIdentity (SigV4-signed)"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let mut parts = secret.split_whitespace();
        let (Some(id), Some(key)) = (parts.next(), parts.next()) else {
            return Verification::unknown("not an access key ID with its secret key");
        };
        let token = parts.next();
        let Some(kind) = key_kind(id) else {
            return Verification::unknown("this kind of access key ID cannot be verified with STS");
        };
        if kind == "temporary" && token.is_none() {
            return Verification::unknown(
                "temporary (ASIA) key without its session token: not verified",
            );
        }
        let endpoints = ctx.endpoints();
        let url = format!("{}/", endpoints.aws_sts);
        let signed = match signed_headers(&url, &endpoints.aws_region, id, key, token) {
            Ok(h) => h,
            Err(e) => return Verification::unknown(format!("could not sign the request: {e}")),
        };
        let headers: Vec<(&str, &str)> = std::iter::once(("content-type", CONTENT_TYPE))
            .chain(signed.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .collect();
        match ctx.post(&url, &headers, BODY.as_bytes()) {
            Ok(reply) => classify(&reply),
            Err(v) => v,
        }
    }
}

/// The SigV4 headers (`authorization`, `x-amz-date`, and
/// `x-amz-security-token` with a session token) for the POST.
fn signed_headers(
    url: &str,
    region: &str,
    id: &str,
    key: &str,
    token: Option<&str>,
) -> Result<Vec<(String, String)>, String> {
    let identity: Identity =
        Credentials::new(id, key, token.map(str::to_string), None, "keygate").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("sts")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let request = SignableRequest::new(
        "POST",
        url,
        std::iter::once(("content-type", CONTENT_TYPE)),
        SignableBody::Bytes(BODY.as_bytes()),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _) = sign(request, &params)
        .map_err(|e| e.to_string())?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

/// Reads STS's reply.
fn classify(reply: &Reply) -> Verification {
    if reply.status == 200 {
        let (Some(arn), Some(account)) = (
            xml_text(&reply.body, "Arn"),
            xml_text(&reply.body, "Account"),
        ) else {
            return Verification::unknown("STS answered 200 without an ARN (malformed reply)");
        };
        if !xml_has(&reply.body, "GetCallerIdentityResult") {
            return Verification::unknown("STS answered 200 with an unexpected body");
        }
        return live(&arn, &account, xml_text(&reply.body, "UserId"));
    }
    let code = xml_text(&reply.body, "Code");
    match (reply.status, code.as_deref()) {
        (_, Some("InvalidClientTokenId")) => Verification::invalid(
            "InvalidClientTokenId: AWS does not recognise this access key ID or session token \
             (deleted, or never issued)",
        ),
        (_, Some("SignatureDoesNotMatch")) => Verification::invalid(
            "SignatureDoesNotMatch: the secret key does not belong to this access key ID \
             (the key ID itself may still be active)",
        ),
        (_, Some("ExpiredToken")) => {
            Verification::invalid("ExpiredToken: the session token has expired")
        }
        (_, Some(c @ ("InvalidAccessKeyId" | "UnrecognizedClientException" | "AuthFailure"))) => {
            Verification::invalid(format!("{c}: the credentials were rejected"))
        }
        (
            _,
            Some(
                c @ ("Throttling"
                | "ThrottlingException"
                | "RequestLimitExceeded"
                | "TooManyRequestsException"
                | "PriorRequestNotComplete"),
            ),
        ) => Verification::unknown(format!("{c}: STS throttled the request; try again later")),
        (s, Some(c)) => Verification::unknown(format!("STS answered {s} {c}")),
        (s @ 500..=599, None) => Verification::unknown(format!("STS server error ({s})")),
        (s, None) => Verification::unknown(format!("STS answered {s} without an error code")),
    }
}

/// A live result with the principal read from the ARN.
fn live(arn: &str, account: &str, user_id: Option<String>) -> Verification {
    // arn:PARTITION:SERVICE::ACCOUNT:RESOURCE
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let (service, resource) = match fields.as_slice() {
        ["arn", _, service, _, _, resource] => (*service, *resource),
        _ => ("", ""),
    };
    let last = |r: &str| r.rsplit('/').next().unwrap_or(r).to_string();
    let (principal, root) = match (service, resource.split('/').next().unwrap_or("")) {
        ("iam", "root") => ("ROOT USER".to_string(), true),
        ("iam", "user") => (format!("IAM user {}", last(resource)), false),
        ("sts", "assumed-role") => {
            let mut p = resource.splitn(3, '/').skip(1);
            let role = p.next().unwrap_or("");
            let session = p.next().unwrap_or("");
            (format!("assumed role {role} (session {session})"), false)
        }
        ("sts", "federated-user") => (format!("federated user {}", last(resource)), false),
        _ => ("principal".to_string(), false),
    };
    let mut detail = format!("{principal} of AWS account {account}");
    if let Some(uid) = user_id {
        detail.push_str(&format!(", user ID {uid}"));
    }
    Verification {
        root,
        ..Verification::live(Some(arn.to_string()), detail)
    }
}

/// Whether `<tag>` or `<tag …>` opens an element in `xml`.
fn xml_has(xml: &str, tag: &str) -> bool {
    open_end(xml, tag).is_some()
}

/// Where the content of the first `<tag>` / `<tag attr…>` begins.
fn open_end(xml: &str, tag: &str) -> Option<usize> {
    let needle = format!("<{tag}");
    let mut from = 0;
    while let Some(at) = xml[from..].find(&needle) {
        let after = from + at + needle.len();
        match xml[after..].chars().next() {
            Some('>') => return Some(after + 1),
            Some(c) if c.is_whitespace() => {
                let close = xml[after..].find('>')?;
                if xml[after..after + close].ends_with('/') {
                    return None;
                }
                return Some(after + close + 1);
            }
            _ => from = after,
        }
    }
    None
}

/// The text of the first `<tag>` element, entities decoded; `None` when it
/// is absent, empty, unclosed or has child elements.
fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let start = open_end(xml, tag)?;
    let len = xml[start..].find(&format!("</{tag}>"))?;
    let raw = xml[start..start + len].trim();
    if raw.is_empty() || raw.contains('<') {
        return None;
    }
    decode_entities(raw)
}

/// Decodes the five predefined XML entities and numeric references.
fn decode_entities(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..].find(';')?;
        let name = &rest[amp + 1..amp + semi];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(n)?
            }
        };
        out.push(c);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![],
            body: body.to_string(),
        }
    }

    fn identity_xml(arn: &str) -> String {
        format!(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <GetCallerIdentityResult><Arn>{arn}</Arn><UserId>AIDAEXAMPLE</UserId>\
             <Account>123456789012</Account></GetCallerIdentityResult>\
             <ResponseMetadata><RequestId>x</RequestId></ResponseMetadata>\
             </GetCallerIdentityResponse>"
        )
    }

    #[test]
    fn principal_types_from_the_arn() {
        let cases = [
            (
                "arn:aws:iam::123456789012:user/ci/deploy",
                "IAM user deploy",
                false,
            ),
            ("arn:aws:iam::123456789012:root", "ROOT USER", true),
            (
                "arn:aws:sts::123456789012:assumed-role/Admin/alice",
                "assumed role Admin (session alice)",
                false,
            ),
            (
                "arn:aws:sts::123456789012:federated-user/bob",
                "federated user bob",
                false,
            ),
            ("arn:aws-cn:iam::123456789012:root", "ROOT USER", true),
        ];
        for (arn, principal, root) in cases {
            let v = classify(&reply(200, &identity_xml(arn)));
            assert_eq!(v.status, super::super::Status::Live);
            assert_eq!(v.identity.as_deref(), Some(arn));
            assert!(v.detail.starts_with(principal), "{}", v.detail);
            assert!(v.detail.contains("account 123456789012"));
            assert_eq!(v.root, root, "{arn}");
        }
    }

    #[test]
    fn xml_reading_is_strict() {
        assert_eq!(
            xml_text("<a>x &amp; &#65;&#x42;</a>", "a").as_deref(),
            Some("x & AB")
        );
        assert_eq!(xml_text("<ab>1</ab><a>2</a>", "a").as_deref(), Some("2"));
        assert_eq!(xml_text("<a x=\"1\">3</a>", "a").as_deref(), Some("3"));
        assert_eq!(xml_text("<a><b>1</b></a>", "a"), None);
        assert_eq!(xml_text("<a>1", "a"), None);
        assert_eq!(xml_text("<a/>", "a"), None);
        assert_eq!(xml_text("<a>&bogus</a>", "a"), None);
    }

    #[test]
    fn keys_that_cannot_be_verified_make_no_call() {
        assert_eq!(key_kind("AKIA0000000000000000"), Some("long-lived"));
        assert_eq!(key_kind("ABIA0000000000000000"), None);
        assert_eq!(key_kind("AKIA00"), None);
    }
}
