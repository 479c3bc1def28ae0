//! Facts decoded from a secret, shown as notes on its finding: what kind of
//! AWS key it is and which account it belongs to, whether a GitHub-style
//! token's checksum holds, what a JWT says about itself. Each decoder is a
//! pure function; none touches the network.

use super::checks::decode_base64_any;
use crate::checksum::{base62_6, crc32};
use crate::finding::Severity;
use crate::rules::Annotator;

/// Notes, and a severity that replaces the rule's when set.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Lines shown under the finding.
    pub notes: Vec<String>,
    /// A severity that replaces the rule's.
    pub severity: Option<Severity>,
    /// A word or two for the finding's headline (`long-lived`).
    pub label: Option<&'static str>,
}

/// A rule's annotators, which render the notes of its findings when a
/// report is written.
#[derive(Debug)]
pub struct Annotators(pub Vec<Annotator>);

impl crate::finding::Notes for Annotators {
    fn notes(&self, secret: &[u8]) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|&a| annotate(a, secret).notes)
            .collect()
    }
}

/// Runs one annotator over a secret.
pub fn annotate(kind: Annotator, secret: &[u8]) -> Annotation {
    match kind {
        Annotator::AwsKeyId => aws_key_id(secret),
        Annotator::Base62Checksum => base62_checksum(secret),
        Annotator::Jwt => jwt(secret),
    }
}

fn aws_key_id(id: &[u8]) -> Annotation {
    let mut notes = Vec::new();
    let (kind, label) = match id.get(..4) {
        Some(b"AKIA") => (
            "a long-lived IAM user access key: it works until someone deactivates it",
            Some("long-lived"),
        ),
        Some(b"ASIA") => (
            "temporary STS credentials: they expire on their own, but work until then",
            Some("temporary"),
        ),
        Some(b"ABIA") => ("an STS service bearer token", None),
        Some(b"ACCA") => ("a context-specific credential", None),
        _ => ("an AWS access key ID", None),
    };
    notes.push(format!("this is {kind}"));
    // Keys issued since about 2019 encode their account; a value past 12
    // digits means the ID was not issued by AWS in that format.
    match aws_account_id(id) {
        Some(account) if account <= 999_999_999_999 => notes.push(format!(
            "it belongs to AWS account {account:012} (decoded offline from the key ID): rotate it there"
        )),
        _ => {}
    }
    Annotation {
        notes,
        severity: None,
        label,
    }
}

/// The AWS account ID encoded in an access key ID: bits 1..=40 of the
/// first six bytes of the base32-decoded part after the 4-letter prefix.
pub fn aws_account_id(id: &[u8]) -> Option<u64> {
    let body = id.get(4..20)?;
    let mut bits: u128 = 0;
    for &c in body {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        bits = (bits << 5) | u128::from(v);
    }
    // 16 chars * 5 bits = 80 bits; the first 48 of them are the six bytes.
    let first_six = (bits >> 32) as u64;
    Some((first_six & 0x7fff_ffff_ff80) >> 7)
}

/// Whether a `prefix_` + random + 6-character CRC32 token's checksum holds
/// (GitHub's `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` and npm's `npm_` formats).
pub fn base62_checksum_ok(token: &[u8]) -> Option<bool> {
    let underscore = token.iter().position(|&b| b == b'_')?;
    let body = &token[underscore + 1..];
    if body.len() <= 6 {
        return None;
    }
    let (entropy, check) = body.split_at(body.len() - 6);
    Some(base62_6(crc32(entropy)).as_bytes() == check)
}

fn base62_checksum(token: &[u8]) -> Annotation {
    match base62_checksum_ok(token) {
        Some(true) => Annotation {
            notes: vec!["its CRC32 checksum is valid: treat it as a live token".into()],
            severity: None,
            label: Some("checksum valid"),
        },
        Some(false) => Annotation {
            notes: vec![
                "its CRC32 checksum does not match: probably a fake or altered token (severity lowered)"
                    .into(),
            ],
            severity: Some(Severity::Low),
            label: Some("checksum mismatch"),
        },
        None => Annotation::default(),
    }
}

fn jwt(token: &[u8]) -> Annotation {
    let mut parts = token.split(|&b| b == b'.');
    let header = parts.next().and_then(decode_json);
    let payload = parts.next().and_then(decode_json);
    let mut notes = Vec::new();
    if let Some(alg) = header
        .as_ref()
        .and_then(|h| h.get("alg"))
        .and_then(|a| a.as_str())
    {
        notes.push(format!("JWT signed with {alg}"));
    }
    if let Some(p) = &payload {
        if let Some(iss) = p.get("iss").and_then(|v| v.as_str()) {
            notes.push(format!("issued by {iss}"));
        }
        if let Some(exp) = p.get("exp").and_then(|v| v.as_i64()) {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            notes.push(if exp < now {
                format!("expired (exp {exp}); if the signing key leaked too, rotate that")
            } else {
                format!("valid until exp {exp} (Unix time): revoke the session or rotate the signing key")
            });
        }
    }
    Annotation {
        notes,
        severity: None,
        label: None,
    }
}

fn decode_json(part: &[u8]) -> Option<serde_json::Value> {
    let bytes = decode_base64_any(part)?;
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .filter(|v| v.is_object())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checksum::BASE62;
    use crate::fake::FakeRng;

    #[test]
    fn github_checksums() {
        let entropy = FakeRng::new(42).string(BASE62, 30);
        let good = format!("ghp_{entropy}{}", base62_6(crc32(entropy.as_bytes())));
        assert_eq!(base62_checksum_ok(good.as_bytes()), Some(true));
        let mut bad = good.clone().into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert_eq!(base62_checksum_ok(&bad), Some(false));
        assert_eq!(
            annotate(Annotator::Base62Checksum, &bad).severity,
            Some(Severity::Low)
        );
        assert_eq!(
            annotate(Annotator::Base62Checksum, good.as_bytes()).severity,
            None
        );
    }

    #[test]
    fn aws_account_ids_decode() {
        // Build a key ID around a known account: 6 bytes holding the
        // account shifted left by 7 (top bit clear), then 4 random bytes.
        let account: u64 = 123_456_789_012;
        let mut bytes = ((account << 7).to_be_bytes()[2..8]).to_vec();
        bytes.extend_from_slice(&[0x12, 0x34, 0x56, 0x78]);
        let mut bits: u128 = 0;
        for b in &bytes {
            bits = (bits << 8) | u128::from(*b);
        }
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let body: String = (0..16)
            .rev()
            .map(|i| alphabet[((bits >> (5 * i)) & 31) as usize] as char)
            .collect();
        let id = format!("ASIA{body}");
        assert_eq!(aws_account_id(id.as_bytes()), Some(account));
        let notes = annotate(Annotator::AwsKeyId, id.as_bytes()).notes;
        assert!(notes[0].contains("temporary"), "{notes:?}");
        assert!(notes[1].contains("123456789012"), "{notes:?}");
        assert_eq!(aws_account_id(b"AKIA0000"), None);
    }

    #[test]
    fn jwt_notes() {
        // {"alg":"HS256","typ":"JWT"} . {"iss":"auth.example","exp":1000}
        let token = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhdXRoLmV4YW1wbGUiLCJleHAiOjEwMDB9.c2ln";
        let notes = annotate(Annotator::Jwt, token).notes;
        assert_eq!(notes[0], "JWT signed with HS256");
        assert_eq!(notes[1], "issued by auth.example");
        assert!(notes[2].starts_with("expired"));
    }
}
