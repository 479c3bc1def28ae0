//! Fake secrets made at test time from fixed seeds: they look real to the
//! detector, are not real credentials, and never sit in the repository as
//! literals.

use keygate::fake::FakeRng;
use keygate::fake::{self, ALNUM};

fn rng(label: &str) -> FakeRng {
    FakeRng::from_label(label)
}

/// A long-lived AWS access key ID (`AKIA` + 16 base32).
pub fn aws_key_id(label: &str) -> String {
    fake::aws_key_id(&mut rng(label))
}

/// A 40-character AWS secret access key.
pub fn aws_secret(label: &str) -> String {
    fake::aws_secret(&mut rng(label))
}

/// A random password-like value.
pub fn password(label: &str, n: usize) -> String {
    rng(label).string(ALNUM, n)
}

/// A PEM RSA private key block (BEGIN line, 3 body lines, END line).
pub fn rsa_pem(label: &str) -> String {
    fake::rsa_pem(&mut rng(label), 2)
}

/// A classic GitHub personal access token (`ghp_` + 30 random base62
/// characters + a six-character base62 CRC-32 of them, as GitHub makes them).
pub fn github_token(label: &str) -> String {
    fake::github_token(&mut rng(label))
}
