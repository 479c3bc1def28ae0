//! The named checks a rule can ask for (`checks:` in YAML), and the key
//! filter of keyed rules. Each is a pure function of the candidate bytes.

use super::allow::is_uuid;
use super::entropy::{looks_random, shannon};
use crate::rules::{split_key, Check, KeyFilter};

/// Whether `value` passes `check`.
pub fn passes(check: Check, value: &[u8]) -> bool {
    match check {
        Check::Randomness => randomness(value),
        Check::MixedCase => {
            value.iter().any(u8::is_ascii_uppercase) && value.iter().any(u8::is_ascii_lowercase)
        }
        Check::PemBody => pem_body(value),
    }
}

/// A value that looks generated, and is not shaped like a UUID, a version,
/// a path, a dotted code reference or a plain identifier.
fn randomness(value: &[u8]) -> bool {
    if is_uuid(value) || looks_like_code(value) {
        return false;
    }
    looks_random(value)
}

/// Shapes that are code or configuration, not secrets: `a.b.c` member
/// access, `/paths`, `v1.2.3` versions, `snake_case`/`SCREAMING_CASE`
/// identifiers made of words, and calls.
fn looks_like_code(v: &[u8]) -> bool {
    if v.starts_with(b"/") || v.starts_with(b"./") || v.starts_with(b"~/") || v.starts_with(b"../")
    {
        return true;
    }
    if v.contains(&b'(') || v.contains(&b' ') {
        return true;
    }
    // paths in code: crate::module::Type, $obj->field
    if memchr::memmem::find(v, b"::").is_some() || memchr::memmem::find(v, b"->").is_some() {
        return true;
    }
    let ident = |s: &[u8]| {
        !s.is_empty()
            && (s[0].is_ascii_alphabetic() || s[0] == b'_')
            && s.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    // member access: settings.SECRET_KEY, config.auth.token
    let parts: Vec<&[u8]> = v.split(|&b| b == b'.').collect();
    if parts.len() >= 2 && parts.iter().all(|p| ident(p)) {
        return true;
    }
    // version: v1.2.3, 1.2.3-beta
    let body = v.strip_prefix(b"v").unwrap_or(v);
    if parts.len() >= 3 && body.first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    // snake or screaming identifiers: MY_SECRET_TOKEN, get_auth_token,
    // IPSEC_AUTH_TRANSFORM0 (no segment mixes letter cases)
    if ident(v) && v.contains(&b'_') {
        let single_case = v.split(|&b| b == b'_').all(|w| {
            !(w.iter().any(u8::is_ascii_lowercase) && w.iter().any(u8::is_ascii_uppercase))
        });
        if single_case {
            return true;
        }
    }
    is_camel_identifier(v)
}

/// `KspGetTokenFn`, `accessTokenValue`, `HTTPServer2`: words of letters,
/// each optionally ending in digits, averaging 3+ characters. Random
/// strings break this with digits inside words and one-letter words.
fn is_camel_identifier(v: &[u8]) -> bool {
    if v.is_empty() || !v.iter().all(u8::is_ascii_alphanumeric) || !v[0].is_ascii_alphabetic() {
        return false;
    }
    let mut segments = 0usize;
    let mut i = 0;
    while i < v.len() {
        let start = i;
        i += 1;
        // letters of the word: an upper run (acronym) or a capital + lowers
        while i < v.len() && v[i].is_ascii_lowercase() {
            i += 1;
        }
        if i == start + 1 {
            while i < v.len()
                && v[i].is_ascii_uppercase()
                && !(i + 1 < v.len() && v[i + 1].is_ascii_lowercase())
            {
                i += 1;
            }
        }
        // digits may only end a word, and must be followed by a capital or the end
        while i < v.len() && v[i].is_ascii_digit() {
            i += 1;
        }
        if i < v.len() && !v[i].is_ascii_uppercase() {
            return false;
        }
        segments += 1;
    }
    segments >= 2 && v.len() >= 3 * segments
}

/// A PEM body holds a key when, once line breaks (real or `\n`-escaped),
/// quotes and headers are set aside, at least 64 base64 characters remain
/// with the entropy of random data.
fn pem_body(body: &[u8]) -> bool {
    let mut b64 = Vec::with_capacity(body.len());
    for line in body.split(|&b| b == b'\n') {
        // `Proc-Type: 4,ENCRYPTED` and `Comment: "..."` headers.
        if line.contains(&b':') {
            continue;
        }
        let mut i = 0;
        while i < line.len() {
            let c = line[i];
            if c == b'\\' && i + 1 < line.len() && matches!(line[i + 1], b'n' | b'r' | b't') {
                i += 2;
                continue;
            }
            if c.is_ascii_alphanumeric() || c == b'+' || c == b'/' {
                b64.push(c);
            }
            i += 1;
        }
    }
    b64.len() >= 64 && shannon(&b64) >= 4.5
}

/// Whether a key name is secret according to `filter`: one of its word
/// sequences appears among the key's words, and none of its words is a
/// stop word.
pub fn key_is_secret(filter: &KeyFilter, key: &[u8]) -> bool {
    let key = String::from_utf8_lossy(key);
    let words = split_key(&key);
    if words.iter().any(|w| filter.stop_words.contains(w)) {
        return false;
    }
    let joined: Vec<&str> = words.iter().map(String::as_str).collect();
    filter.words.iter().any(|seq| {
        !seq.is_empty()
            && joined
                .windows(seq.len())
                .any(|w| w.iter().zip(seq).all(|(a, b)| *a == b.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn filter() -> KeyFilter {
        KeyFilter {
            words: ["password", "api_key", "secret", "token"]
                .iter()
                .map(|w| split_key(w))
                .collect(),
            stop_words: ["hash", "url", "id"]
                .iter()
                .map(|s| s.to_string())
                .collect::<HashSet<_>>(),
        }
    }

    #[test]
    fn keys() {
        let f = filter();
        for k in [
            "DB_PASSWORD",
            "apiKey",
            "X-API-KEY",
            "client_secret",
            "githubToken",
        ] {
            assert!(key_is_secret(&f, k.as_bytes()), "{k}");
        }
        for k in [
            "password_hash",
            "TOKEN_URL",
            "tokenizer",
            "secretary",
            "api",
            "secret_id",
        ] {
            assert!(!key_is_secret(&f, k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn code_shapes_are_not_random() {
        for v in [
            "settings.SECRET_KEY",
            "config.auth.token",
            "/run/secrets/db_password",
            "v1.22.3-beta",
            "get_token()",
            "MY_SECRET_TOKEN_VAR",
            "123e4567-e89b-12d3-a456-426614174000",
            "windows_sys::core::PWSTR",
            "IPSEC_AUTH_TRANSFORM0",
            "MSV1_0_CREDENTIAL_KEY",
            "KspGetTokenFn",
            "accessTokenValue",
            "$this->password",
        ] {
            assert!(!passes(Check::Randomness, v.as_bytes()), "{v}");
        }
        assert!(passes(Check::Randomness, b"q8Xk2LmZ9vRt4Bw1"));
        assert!(passes(Check::Randomness, b"x9_Kq2mZ0v"));
        assert!(passes(Check::Randomness, b"Zq8Xk2LmZ9vRt4Bw1"));
        assert!(passes(Check::Randomness, b"8dJ3kQmZ2xVb7Tn"));
    }

    #[test]
    fn pem_bodies() {
        let random = "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Vz4Q0Ez1Ie4T6WgH2JoYbUfR\nkQ8LpXs7aN5cVd1eZ3tG9hBwMx2uKrYqfLj0OiSnPyCv4TmE8HbAoDzFgWkQ1RlJ\n";
        assert!(pem_body(random.as_bytes()));
        let escaped = random.replace('\n', "\\n");
        assert!(pem_body(escaped.as_bytes()));
        assert!(!pem_body(b"\n...\n"));
        assert!(!pem_body(
            b"\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
        ));
    }
}
