//! Fake secrets that look real to the detector but are not real
//! credentials, drawn from a [`FakeRng`]: for the test suite (fixed seeds)
//! and `keygate self-test` (a fresh seed each run). Token prefixes are
//! assembled from parts, so no key-shaped literal sits in the source.

use crate::detect::annotate::{base62_6, crc32};
use crate::rules::check::FakeRng;

/// AWS access key ID alphabet (base32).
pub const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Standard base64 alphabet.
pub const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// Letters and digits.
pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A long-lived AWS access key ID (`AKIA` + 16 base32).
pub fn aws_key_id(rng: &mut FakeRng) -> String {
    format!("{}{}", "AKIA", rng.string(BASE32, 16))
}

/// A 40-character AWS secret access key.
pub fn aws_secret(rng: &mut FakeRng) -> String {
    rng.string(BASE64, 40)
}

/// A classic GitHub personal access token: `ghp_`, 30 random base62
/// characters, and their CRC-32 in six base62 characters, as GitHub makes
/// them.
pub fn github_token(rng: &mut FakeRng) -> String {
    let body = rng.string(ALNUM, 30);
    let check = base62_6(crc32(body.as_bytes()));
    format!("{}_{body}{check}", "ghp")
}

/// A PEM RSA private key block: BEGIN line, `full_lines` 64-character body
/// lines and a short last one, END line.
pub fn rsa_pem(rng: &mut FakeRng, full_lines: usize) -> String {
    let kind = ["RSA ", "PRIVATE KEY"].concat();
    let mut pem = format!("-----BEGIN {kind}-----\n");
    for _ in 0..full_lines {
        pem.push_str(&rng.string(BASE64, 64));
        pem.push('\n');
    }
    pem.push_str(&format!(
        "{}==\n-----END {kind}-----\n",
        rng.string(BASE64, 30)
    ));
    pem
}
