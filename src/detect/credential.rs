//! The checks for credentials a person chose or a generator wrote with
//! punctuation, and for UUID keys: `chosen`, `credential`, `punctuated`
//! and `uuid` in a rule's `checks:` (dispatched from [`super::checks`]).

use super::allow::{is_placeholder, is_uuid};
use super::checks::{alphabet_walk, looks_like_code, randomness};
use super::entropy::shannon;

/// Passwords that are defaults or jokes, written in every tutorial: not
/// leaks, whatever file they are in (compared case-insensitively).
const DEFAULT_PASSWORDS: &[&str] = &[
    "hunter2",
    "password1",
    "password12",
    "password123",
    "password123!",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "pa$$w0rd",
    "pa$$word",
    "admin123",
    "admin1234",
    "secret123",
    "secret1",
    "abc123",
    "abc12345",
    "abcd1234",
    "123456",
    "12345678",
    "123456789",
    "qwerty123",
    "letmein1",
    "welcome1",
    "welcome123",
    "changeit1",
    "mypassword",
    "mysecret",
    "s3cr3t",
    "s3cret",
    "t0p_s3cr3t",
    "topsecret",
    "supersecret",
    "verysecret",
    "mysecretpassword",
    "root123",
    "test123",
    "test1234",
    "testpass",
    "testpassword",
    "pass123",
    "pass1234",
    "foo123",
    "bar123",
    "iloveyou",
];

/// Whether `v` is a well-known default or example password.
fn default_password(v: &[u8]) -> bool {
    let lower = v.to_ascii_lowercase();
    DEFAULT_PASSWORDS.iter().any(|d| lower == d.as_bytes())
}

/// A value a person could have chosen as a password: 6 to 128 printable
/// bytes with a letter, two character classes (or 12+ bytes), and not a
/// default, a number, a URL, a UUID, a date, a code shape or a file name.
pub(super) fn chosen(v: &[u8]) -> bool {
    let letters = v.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let classes = super::entropy::class_count(v);
    (6..=128).contains(&v.len())
        && v.iter().all(u8::is_ascii_graphic)
        && letters > 0
        && (classes >= 2 || v.len() >= 12)
        // a word alone (`Orders`, `Dragon`) is a name more often than a
        // password: letters only need length and entropy
        && (letters < v.len() || (v.len() >= 12 && shannon(v) >= 3.0))
        && !default_password(v)
        && !super::allow::contains(v, b"://")
        && !is_uuid(v)
        && !looks_like_code(v)
        && !looks_like_file_or_host(v)
        && !is_placeholder(v)
}

/// `app.log`, `keys/id_rsa`, `db.internal`, `10.0.0.1`, `localhost:5432`:
/// names of files and hosts, not passwords.
fn looks_like_file_or_host(v: &[u8]) -> bool {
    if v.contains(&b'/') || v.contains(&b'\\') {
        return true;
    }
    let name_like = |s: &[u8]| {
        !s.is_empty()
            && s.iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
    };
    let dots = v.iter().filter(|&&b| b == b'.').count();
    name_like(v) && (dots >= 1 && !v.ends_with(b".")) && !v.iter().any(u8::is_ascii_uppercase)
        || v.eq_ignore_ascii_case(b"localhost")
}

/// A credential where the context says there is one: generated,
/// punctuation-heavy or chosen.
pub(super) fn credential(v: &[u8]) -> bool {
    randomness(v) || punctuated(v) || chosen(v)
}

/// A generated value rich in punctuation (`zh!=4k$…`, WordPress salts with
/// a few spaces): 20+ bytes, letters, digits and 3+ symbols, few spaces,
/// high entropy, not mostly words, no alphabet walk.
pub(super) fn punctuated(v: &[u8]) -> bool {
    let symbols = v.iter().filter(|b| b.is_ascii_punctuation()).count();
    let spaces = v.iter().filter(|&&b| b == b' ').count();
    v.len() >= 20
        && v.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
        && symbols >= 3
        && spaces * 12 <= v.len()
        && v.iter().any(u8::is_ascii_alphabetic)
        && v.iter().any(u8::is_ascii_digit)
        && shannon(v) >= 4.0
        && super::entropy::word_bytes(v) * 3 < v.len()
        && !alphabet_walk(v, 8)
        && !is_placeholder(v)
        && !v.windows(2).any(|w| w == b"${" || w == b"%(" || w == b"{{")
        // character classes of a regular expression: `[A-Za-z0-9+/=]`
        && !v.windows(3).any(|w| w == b"a-z" || w == b"A-Z" || w == b"0-9")
}

/// A UUID used as a key: not the nil UUID, not a documented example
/// (`123e4567-e89b-…`), not a run of one digit or a counting sequence.
pub(super) fn uuid_key(v: &[u8]) -> bool {
    if !is_uuid(v) {
        return false;
    }
    let hex: Vec<u8> = v
        .iter()
        .filter(|&&b| b != b'-')
        .map(u8::to_ascii_lowercase)
        .collect();
    let distinct = {
        let mut seen = [false; 256];
        hex.iter().for_each(|&b| seen[b as usize] = true);
        seen.iter().filter(|&&s| s).count()
    };
    let lower = v.to_ascii_lowercase();
    distinct >= 8
        && !lower.starts_with(b"123e4567")
        && !lower.starts_with(b"12345678")
        && !lower.starts_with(b"00000000")
        && !lower.starts_with(b"01234567")
        && !alphabet_walk(v, 6)
        && !is_placeholder(v)
}

#[cfg(test)]
mod tests {
    use super::super::checks::passes;
    use crate::rules::Check;

    #[test]
    fn chosen_credentials_and_punctuated_keys() {
        for p in ["Redis2024!", "Summertime23", "Orders2024", "Acmecorp2023"] {
            assert!(passes(Check::Chosen, p.as_bytes()), "{p}");
            assert!(passes(Check::Credential, p.as_bytes()), "{p}");
        }
        for p in [
            "hunter2",
            "Password123!",
            "changeme",
            "./secrets/db.txt",
            "db.acme.internal",
            "3600",
            "true",
            "${DB_PASSWORD}",
            "settings.SECRET_KEY",
            "123e4567-e89b-12d3-a456-426614174000",
        ] {
            assert!(!passes(Check::Chosen, p.as_bytes()), "{p}");
            assert!(!passes(Check::Credential, p.as_bytes()), "{p}");
        }
        // generated values are randomness's, not chosen
        assert!(!passes(Check::Chosen, b"q8Xk2LmZ9vRt4Bw1"));
        let django = b"zh!=4k$q^7v(wm@x2#r9+b_p1&y%e8u*n6)t3s0c-l5j";
        assert!(passes(Check::Punctuated, django));
        assert!(!passes(Check::NotPunctuated, django));
        for v in [
            &b"abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()"[..],
            b"put your unique phrase here",
            b"^[A-Za-z0-9+/=]{20,}$",
        ] {
            assert!(!passes(Check::Punctuated, v), "{:?}", v);
        }
    }

    #[test]
    fn uuid_keys() {
        assert!(passes(Check::Uuid, b"9f1c2d7e-4b3a-4e8f-b1a2-7c60d5e4f3a2"));
        for v in [
            "123e4567-e89b-12d3-a456-426614174000",
            "00000000-0000-0000-0000-000000000000",
            "11111111-1111-1111-1111-111111111111",
            "not-a-uuid",
        ] {
            assert!(!passes(Check::Uuid, v.as_bytes()), "{v}");
        }
    }
}
