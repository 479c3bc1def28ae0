//! Fake secrets that look real to the detector but are not real
//! credentials, drawn from a [`FakeRng`]: for the test suite (fixed seeds)
//! and `keygate self-test` (a fresh seed each run). Token prefixes are
//! assembled from parts, so no key-shaped literal sits in the source.
//!
//! Rule examples and the test corpus hold `{{rand:SET:N}}` templates, which
//! [`expand`] turns into `N` characters drawn from `SET`. That keeps
//! key-shaped literals out of the repository (hosts that block pushes with
//! valid-looking tokens stay happy, and `keygate scan .` on keygate stays
//! clean) while the detector still sees realistic random secrets. `SET` is a
//! name (`alnum`, `base64`, `base64url`, `hex`, `HEX`, `lower`, `upper`,
//! `digit`) or a class body such as `A-Z2-7`.

use crate::checksum::{base62_6, crc32};

/// AWS access key ID alphabet (base32).
pub const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Standard base64 alphabet.
pub const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// Letters and digits.
pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A small deterministic generator (SplitMix64) for fake secrets.
#[derive(Debug, Clone)]
pub struct FakeRng(u64);

impl FakeRng {
    /// A generator seeded from `seed`.
    pub fn new(seed: u64) -> Self {
        FakeRng(seed)
    }

    /// A generator seeded from a string.
    pub fn from_label(label: &str) -> Self {
        // FNV-1a, enough to spread labels.
        let mut h: u64 = 0xcbf29ce484222325;
        for b in label.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        FakeRng(h)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    /// `n` characters drawn uniformly from `alphabet`.
    pub fn string(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next_u64() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

/// The characters of a named set or of a class body such as `A-Z2-7`.
pub fn alphabet(set: &str) -> Option<Vec<u8>> {
    const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
    const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const DIGIT: &str = "0123456789";
    let named = match set {
        "alnum" => Some(format!("{UPPER}{LOWER}{DIGIT}")),
        "base64" => Some(format!("{UPPER}{LOWER}{DIGIT}+/")),
        "base64url" => Some(format!("{UPPER}{LOWER}{DIGIT}-_")),
        "hex" => Some("0123456789abcdef".to_string()),
        "HEX" => Some("0123456789ABCDEF".to_string()),
        "lower" => Some(LOWER.to_string()),
        "upper" => Some(UPPER.to_string()),
        "digit" => Some(DIGIT.to_string()),
        _ => None,
    };
    if let Some(s) = named {
        return Some(s.into_bytes());
    }
    let b = set.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if i + 2 < b.len() && b[i + 1] == b'-' {
            if b[i] > b[i + 2] {
                return None;
            }
            out.extend(b[i]..=b[i + 2]);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Expands every `{{rand:SET:N}}` in `template` with `rng`.
pub fn expand(template: &str, rng: &mut FakeRng) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{rand:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 7..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unterminated {{{{rand:…}}}} in {template:?}"))?;
        let spec = &after[..end];
        let (set, n) = spec
            .rsplit_once(':')
            .ok_or_else(|| format!("{{{{rand:{spec}}}}} needs SET:N"))?;
        let n: usize = n
            .parse()
            .map_err(|_| format!("{{{{rand:{spec}}}}}: N is not a number"))?;
        let alpha = alphabet(set).ok_or_else(|| format!("{{{{rand:{spec}}}}}: unknown SET"))?;
        out.push_str(&rng.string(&alpha, n));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_expand_deterministically() {
        let a = expand("k={{rand:A-Z2-7:16}};", &mut FakeRng::new(7)).unwrap();
        let b = expand("k={{rand:A-Z2-7:16}};", &mut FakeRng::new(7)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 2 + 16 + 1);
        assert!(a[2..18]
            .bytes()
            .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)));
        assert!(expand("{{rand:z-a:3}}", &mut FakeRng::new(1)).is_err());
        assert!(expand("{{rand:hex:3", &mut FakeRng::new(1)).is_err());
        assert_eq!(
            expand("{{ .Values.x }}", &mut FakeRng::new(1)).unwrap(),
            "{{ .Values.x }}"
        );
    }
}
