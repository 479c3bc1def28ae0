//! Fake secrets made at test time from fixed seeds: they look real to the
//! detector, are not real credentials, and never sit in the repository as
//! literals.

use keygate::rules::check::FakeRng;

const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn rng(label: &str) -> FakeRng {
    FakeRng::from_label(label)
}

/// A long-lived AWS access key ID (`AKIA` + 16 base32).
pub fn aws_key_id(label: &str) -> String {
    format!("AKIA{}", rng(label).string(BASE32, 16))
}

/// A 40-character AWS secret access key.
pub fn aws_secret(label: &str) -> String {
    rng(label).string(BASE64, 40)
}

/// A random password-like value.
pub fn password(label: &str, n: usize) -> String {
    rng(label).string(ALNUM, n)
}

/// A PEM RSA private key block (BEGIN line, 3 body lines, END line).
pub fn rsa_pem(label: &str) -> String {
    let mut r = rng(label);
    let kind = ["RSA ", "PRIVATE KEY"].concat();
    format!(
        "-----BEGIN {kind}-----\n{}\n{}\n{}==\n-----END {kind}-----\n",
        r.string(BASE64, 64),
        r.string(BASE64, 64),
        r.string(BASE64, 30)
    )
}

/// A classic GitHub personal access token (`ghp_` + 30 random base62
/// characters + a six-character base62 CRC-32 of them, as GitHub makes them).
pub fn github_token(label: &str) -> String {
    let body = rng(label).string(ALNUM, 30);
    let check =
        keygate::detect::annotate::base62_6(keygate::detect::annotate::crc32(body.as_bytes()));
    format!("{}_{body}{check}", "ghp")
}
