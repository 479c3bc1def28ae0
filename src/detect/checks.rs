//! The named checks a rule can ask for (`checks:` in YAML), and the key
//! filter of keyed rules. Each is a pure function of the candidate bytes.

use super::allow::{is_placeholder, is_uuid};
use super::entropy::{looks_random, shannon};
use super::{credential, url_password};
use crate::rules::{split_key, Check, KeyFilter};

/// Whether `value` passes `check`.
pub fn passes(check: Check, value: &[u8]) -> bool {
    match check {
        Check::Randomness => randomness(value),
        Check::MixedCase => {
            value.iter().any(u8::is_ascii_uppercase) && value.iter().any(u8::is_ascii_lowercase)
        }
        Check::PemBody => pem_body(value),
        Check::Password => password(value),
        Check::Jwt => jwt_header(value),
        Check::BasicAuth => basic_auth(value),
        Check::Base64Pem => {
            decode_base64_any(value).is_some_and(|d| super::allow::contains(&d, b"PRIVATE KEY"))
        }
        Check::NoAlphabetWalk => !alphabet_walk(value, 8),
        Check::Credential => credential::credential(value),
        Check::Chosen => credential::chosen(value) && !randomness(value),
        Check::Punctuated => credential::punctuated(value),
        Check::NotPunctuated => !credential::punctuated(value),
        Check::Uuid => credential::uuid_key(value),
    }
}

/// Whether the letters of `v` (case folded; digits and symbols skipped)
/// run through the alphabet, up or down, for `run` letters in a row:
/// `A0bC3dE4fG5hI6jK` walks a..k. In random base64 a letter follows its
/// neighbour one time in 26, so a walk of 8 happens about once in 10^10
/// values.
pub(super) fn alphabet_walk(v: &[u8], run: usize) -> bool {
    let letters = v
        .iter()
        .filter(|b| b.is_ascii_alphabetic())
        .map(u8::to_ascii_lowercase);
    let (mut up, mut down, mut prev) = (1usize, 1usize, None::<u8>);
    for c in letters {
        up = if prev.is_some_and(|p| c == p + 1) {
            up + 1
        } else {
            1
        };
        down = if prev.is_some_and(|p| p == c + 1) {
            down + 1
        } else {
            1
        };
        if up >= run || down >= run {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// A JWT: three dot-separated base64url parts, the first decoding to a
/// JSON object with an `alg`.
fn jwt_header(v: &[u8]) -> bool {
    let mut parts = v.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(_sig)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let object = |p: &[u8]| {
        decode_base64_any(p)
            .and_then(|d| serde_json::from_slice::<serde_json::Value>(&d).ok())
            .filter(|j| j.is_object())
    };
    object(header).is_some_and(|h| h.get("alg").is_some()) && object(payload).is_some()
}

/// Base64 of `user:password` with a password that passes [`password`]
/// (so `Aladdin:open sesame` from RFC 7617 does not).
fn basic_auth(v: &[u8]) -> bool {
    let Some(d) = decode_base64_any(v) else {
        return false;
    };
    let Some(colon) = d.iter().position(|&b| b == b':') else {
        return false;
    };
    let password = &d[colon + 1..];
    colon > 0
        && !password.is_empty()
        && d.iter().all(|b| b.is_ascii_graphic())
        && !is_placeholder(password)
        && self::password(password)
}

/// Standard or URL-safe base64, padded or not.
pub fn decode_base64_any(v: &[u8]) -> Option<Vec<u8>> {
    let mut s: Vec<u8> = v
        .iter()
        .map(|&b| match b {
            b'-' => b'+',
            b'_' => b'/',
            other => other,
        })
        .filter(|&b| b != b'=')
        .collect();
    match s.len() % 4 {
        0 => {}
        2 => s.extend_from_slice(b"=="),
        3 => s.push(b'='),
        _ => return None,
    }
    decode_base64(&s)
}

/// A chosen password: once `%XX` escapes are decoded, 6+ printable ASCII
/// bytes (so escaping test data like `%F0%9F%92%A9` is out), not mostly
/// words (`pass;word`, `secret123`), two character classes (or 16+ bytes),
/// and some entropy.
fn password(v: &[u8]) -> bool {
    let decoded = percent_decode(v);
    let v = decoded.as_slice();
    let classes = super::entropy::class_count(v);
    v.len() >= 6
        && v.iter().all(u8::is_ascii_graphic)
        && super::entropy::word_bytes(v) * 2 < v.len()
        && (classes >= 2 || v.len() >= 16)
        && shannon(v) >= 2.5
}

/// `v` with `%XX` escapes decoded (URL userinfo is percent-encoded).
fn percent_decode(v: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'%' && i + 2 < v.len() {
            if let (Some(h), Some(l)) = (hex(v[i + 1]), hex(v[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(v[i]);
        i += 1;
    }
    out
}

/// A value that looks generated, and is not shaped like a UUID, a version,
/// a path, a dotted code reference or a plain identifier.
pub(super) fn randomness(value: &[u8]) -> bool {
    // A URL is secret only through an inline password.
    if super::allow::contains(value, b"://") {
        return url_password(value).is_some_and(|pw| !is_placeholder(&value[pw]));
    }
    if is_uuid(value) || looks_like_code(value) || is_encoded_prose(value) {
        return false;
    }
    // A SigV4 credential scope (`AKID/20240101/us-east-1/s3/aws4_request`)
    // names a key and a date; it is not one.
    if super::allow::contains(value, b"aws4_request") {
        return false;
    }
    // Percent-encoded text is judged by what it encodes (`%c3%89t%C3%A9`
    // is "Été").
    let escapes = value
        .windows(3)
        .filter(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
        .count();
    if escapes >= 2 {
        return looks_random(&percent_decode(value));
    }
    // base64 of `user:password` is as secret as its password
    if let Some(decoded) = decode_base64(value).filter(|d| d.iter().all(u8::is_ascii_graphic)) {
        if let Some(colon) = decoded.iter().position(|&b| b == b':') {
            return !is_placeholder(&decoded[colon + 1..]);
        }
    }
    looks_random(value)
}

/// Base64 that decodes to words (`YSBzZWNyZXQ=` is "a secret"): a sample
/// value, not key material. Encoded `user:password` pairs have no space and
/// still count.
fn is_encoded_prose(v: &[u8]) -> bool {
    let Some(decoded) = decode_base64(v) else {
        return false;
    };
    // encoded JSON: a JWT header on its own, a config blob
    if decoded.first().is_some_and(|b| *b == b'{' || *b == b'[')
        && decoded.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
    {
        return true;
    }
    decoded.len() >= 4
        && decoded.contains(&b' ')
        && decoded.iter().all(|b| {
            b.is_ascii_alphabetic() || matches!(b, b' ' | b'.' | b',' | b'!' | b'\'' | b'-')
        })
}

/// Standard base64 with padding to a multiple of four, or `None`.
fn decode_base64(v: &[u8]) -> Option<Vec<u8>> {
    if v.is_empty() || !v.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let body = v
        .strip_suffix(b"==")
        .or_else(|| v.strip_suffix(b"="))
        .unwrap_or(v);
    let mut out = Vec::with_capacity(v.len() / 4 * 3);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// Shapes that are code or configuration, not secrets: `a.b.c` member
/// access, `/paths`, `v1.2.3` versions, `snake_case`/`SCREAMING_CASE`
/// identifiers made of words, and calls.
pub(super) fn looks_like_code(v: &[u8]) -> bool {
    // references and dereferences: &private_key_bytes, *token_ptr
    let v = match v.first() {
        Some(b'&' | b'*' | b'@' | b'?') => &v[1..],
        _ => v,
    };
    if is_timestamp(v) {
        return true;
    }
    // a query-string fragment: the secret, if any, is a parameter inside
    if v.contains(&b'&') && v.contains(&b'=') {
        return true;
    }
    if v.starts_with(b"/") || v.starts_with(b"./") || v.starts_with(b"~/") || v.starts_with(b"../")
    {
        return true;
    }
    if v.contains(&b'(') || v.contains(&b' ') {
        return true;
    }
    // paths in code: crate::module::Type, $obj->field
    if super::allow::contains(v, b"::") || super::allow::contains(v, b"->") {
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
    // kebab-case words: refresh-token-value, sleep-then-re-acquire
    if v.contains(&b'-') && v[0].is_ascii_lowercase() {
        let words = v.split(|&b| b == b'-').all(|w| {
            let letters = w.iter().take_while(|b| b.is_ascii_lowercase()).count();
            letters > 0 && w[letters..].iter().all(u8::is_ascii_digit)
        });
        if words {
            return true;
        }
    }
    is_camel_identifier(v)
}

/// `2016-09-08`, `2016-09-08T21:47:36Z`: a date, maybe with a time.
fn is_timestamp(v: &[u8]) -> bool {
    v.len() >= 10
        && v[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
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
    // Identifiers are mostly lower case or made of words (`AWSAccessKeyId`,
    // `CFDataRef`); random mixed-case strings are about half upper case and
    // rarely hold a word.
    let letters = v.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let upper = v.iter().filter(|b| b.is_ascii_uppercase()).count();
    let wordy = super::entropy::word_bytes(v);
    segments >= 2
        && v.len() >= 3 * segments
        && (upper * 10 <= letters * 4 || wordy * 10 >= letters * 4)
}

/// A PEM body holds a key when it is made of base64 lines (after line
/// breaks, real or `\n`-escaped, string quotes, comment markers and
/// `Key: value` headers are set aside) carrying at least 64 base64
/// characters with the entropy of random data. Code or prose caught
/// between a `BEGIN` in one string and an `END` in another fails the
/// line test.
fn pem_body(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body)
        .replace("\\r", "")
        .replace("\\n", "\n");
    let mut b64 = Vec::with_capacity(body.len());
    let (mut lines, mut bad) = (0usize, 0usize);
    for line in text.lines() {
        let line = line
            .trim()
            .trim_start_matches(['/', '!', '#', '*', ';', '"', '\'', '+', ' '])
            .trim_end_matches(['"', '\'', ',', ';', '+', ')', '\\', ' ', '\t']);
        if line.is_empty() || line.contains(':') {
            continue; // blank, or a `Proc-Type: 4,ENCRYPTED` header
        }
        lines += 1;
        let clean = line
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='));
        if clean {
            b64.extend(line.bytes().filter(|&c| c != b'='));
        } else {
            bad += 1;
        }
    }
    lines > 0 && bad * 5 <= lines && b64.len() >= 64 && shannon(&b64) >= 4.5
}

/// Whether a key name is secret according to `filter`: one of its word
/// sequences appears among the key's words, and none of its words is a
/// stop word.
pub fn key_is_secret(filter: &KeyFilter, key: &[u8]) -> bool {
    let key = String::from_utf8_lossy(key);
    let words = split_key(&key);
    // `sha256`, `md5sum`, `token2`: a stop word with a numeric tail counts.
    let stopped = |w: &String| {
        filter.stop_words.contains(w)
            || filter
                .stop_words
                .contains(w.trim_end_matches(|c: char| c.is_ascii_digit()))
    };
    if words.iter().any(stopped) {
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
            "AWSAccessKeyId",
            "CFDataRef",
            "refresh-token-value",
            "sleep-then-re-acquire",
            "@super_secret_1",
            "?next_creds",
            "&private_key_bytes",
            "2016-09-08T21:47:36Z",
            "ccc&foo=bar",
            "YSBzZWNyZXQ=",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
            "redis://user:password@127.0.0.1:6379",
            "https://api.example.org/v1",
        ] {
            assert!(!passes(Check::Randomness, v.as_bytes()), "{v}");
        }
        assert!(passes(Check::Randomness, b"q8Xk2LmZ9vRt4Bw1"));
        assert!(passes(Check::Randomness, b"x9_Kq2mZ0v"));
        assert!(passes(Check::Randomness, b"Zq8Xk2LmZ9vRt4Bw1"));
        assert!(passes(Check::Randomness, b"8dJ3kQmZ2xVb7Tn"));
        assert!(passes(Check::Randomness, b"XeEdarXWOYJEWdqdyHF8SxXGAW"));
        assert!(passes(Check::Randomness, b"t2uRZBIbJMCaWlmi"));
        assert!(passes(
            Check::Randomness,
            b"postgres://app:q8Xk2LmZ9v@db:5432/app" // keygate:allow (made up)
        ));
        // base64 of `deploy:q8Xk2LmZ9vRt` (basic auth) is still a secret
        assert!(passes(Check::Randomness, b"ZGVwbG95OnE4WGsyTG1aOXZSdA=="));
    }

    #[test]
    fn chosen_passwords() {
        for p in ["q8Xk2LmZ9v", "S3cr3t!Pw", "hJ7kd9Lq2mZ0xPw4Ty6U"] {
            assert!(passes(Check::Password, p.as_bytes()), "{p}");
        }
        for p in [
            "secret123",
            "password1",
            "bowser",
            "opensesame",
            "pass%3Bword",
            "%F0%9F%92%A9",
            "creds",
        ] {
            assert!(!passes(Check::Password, p.as_bytes()), "{p}");
        }
    }

    #[test]
    fn alphabet_walks_are_hand_made() {
        // a..q with digits and capitals between: typed, not generated
        let typed = b"Xq3kd9Lm2vN8pQ7rS6tUuOe5wYz1A0bC3dE4fG5hI6jK7lM8nO9pQ";
        assert!(!passes(Check::NoAlphabetWalk, typed));
        assert!(!passes(Check::NoAlphabetWalk, b"zYxWvUtSrQ"));
        for v in [
            &b"q8Xk2LmZ9vRt4Bw1/hJ7kd9.Lq2mZ0xPw4Ty6U"[..],
            b"8dJ3kQmZ2xVb7Tn",
            b"abcdefg", // seven is not enough
        ] {
            assert!(passes(Check::NoAlphabetWalk, v), "{:?}", v);
        }
    }

    #[test]
    fn base64_decoding() {
        assert_eq!(
            decode_base64(b"YSBzZWNyZXQ=").as_deref(),
            Some(&b"a secret"[..])
        );
        assert_eq!(decode_base64(b"Zm9vYmFy").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(decode_base64(b"Zm9vYg=="), Some(b"foob".to_vec()));
        assert_eq!(decode_base64(b"abc"), None);
        assert_eq!(decode_base64(b"ab-_"), None);
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
