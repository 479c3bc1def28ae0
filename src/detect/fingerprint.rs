//! What a finding shows of its secret and how it is named across runs:
//! redaction (a short prefix, never half a password) and the fingerprint
//! baselines, ignore files and SARIF use.

use super::entropy::{alphabet_size, looks_random, word_bytes};
use crate::finding::Fingerprint;
use sha2::{Digest, Sha256};

pub use crate::finding::redact;

/// A stable fingerprint of (rule, path, secret), 32 hex characters. It
/// never includes the line, so it survives edits that move the secret.
///
/// Fingerprints are printed, committed in baselines and uploaded in SARIF,
/// so they must not let anyone recover the secret. An unkeyed hash of a
/// short password can be reversed with a dictionary in seconds, and a key
/// would have to be shared by every developer and CI job that compares
/// fingerprints, which makes it public in practice. keygate therefore hashes
/// the secret only as far as that is safe:
///
/// - a secret with at least 96 bits of estimated entropy (machine-made, by
///   [`looks_random`], and `length × log2(alphabet)` ≥ 96: API tokens, AWS
///   secret keys, private keys) is hashed whole with SHA-256: 2^96 guesses
///   are out of reach;
/// - any other secret (passwords, short values) contributes only 12 bits of
///   its hash. The rest comes from rule and path. 12 bits cannot identify a
///   password (a billion-word dictionary leaves a quarter of a million
///   candidates), yet a different secret on the same path still gets a new
///   fingerprint with probability 4095/4096, so replacing a baselined
///   placeholder with a real password is still reported.
///
/// `machine_made` says whether the rule's format is made by machines (a
/// fixed prefix, a checksum, a known length); a value of any other rule
/// (generic assignments, passwords) is strong only by [`strong_human`].
pub fn fingerprint(rule_id: &str, path: &str, secret: &[u8], machine_made: bool) -> Fingerprint {
    let hash = |domain: &[u8], parts: &[&[u8]]| {
        let mut h = Sha256::new();
        h.update(domain);
        for p in parts {
            h.update(p);
            h.update(b"\0");
        }
        h.finalize()
    };
    let strong = if machine_made {
        strong(secret)
    } else {
        strong_human(secret)
    };
    if strong {
        let d = hash(
            b"keygate-fingerprint-v2\0",
            &[rule_id.as_bytes(), path.as_bytes(), secret],
        );
        return Fingerprint::from_hex_digits(|i| nibble(&d, i));
    }
    let place = hash(
        b"keygate-fingerprint-v2-weak\0",
        &[rule_id.as_bytes(), path.as_bytes()],
    );
    let value = hash(
        b"keygate-fingerprint-v2-bits\0",
        &[rule_id.as_bytes(), secret],
    );
    // 29 hex digits of place plus 3 (12 bits) of value.
    Fingerprint::from_hex_digits(|i| {
        if i < 29 {
            nibble(&place, i)
        } else {
            nibble(&value, i - 29)
        }
    })
}

/// The `i`th hex digit of `bytes` (high nibble first).
fn nibble(bytes: &[u8], i: usize) -> u8 {
    let b = bytes[i / 2];
    if i.is_multiple_of(2) {
        b >> 4
    } else {
        b & 0x0f
    }
}

/// Whether `secret`, a value of a machine-made format, has at least 96
/// bits of estimated entropy.
pub fn strong(secret: &[u8]) -> bool {
    if !looks_random(secret) {
        return false;
    }
    secret.len() as f64 * f64::log2(alphabet_size(secret)) >= 96.0
}

/// Values of rules whose format a person may fill in (generic assignments,
/// passwords) shorter than this are always weak.
pub const HUMAN_STRONG_MIN_LEN: usize = 32;

/// Whether `secret`, a value a person may have chosen, is strong: long
/// (at least [`HUMAN_STRONG_MIN_LEN`] bytes), random by measure, 96 bits by
/// estimate, and with no dictionary structure (at most one short word-like
/// run, which random text has by chance). `P@ssw0rd!2024Summer#Prod` mixes
/// every character class yet is weak.
pub fn strong_human(secret: &[u8]) -> bool {
    secret.len() >= HUMAN_STRONG_MIN_LEN && word_bytes(secret) <= 4 && strong(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_at_most_four_characters() {
        assert_eq!(redact("ABCDEFGHIJKLMNOPQRST"), "ABCD…");
        assert_eq!(redact("hunter22"), "hu…");
        assert_eq!(redact("abc"), "…");
    }

    #[test]
    fn fingerprint_is_stable_and_depends_on_every_part() {
        let token = b"q8ZtR2vLx9WmK4pN7sYc3HbJ6fDg1TuE";
        assert!(strong(token));
        let a = fingerprint("r", "p", token, true);
        assert_eq!(a, fingerprint("r", "p", token, true));
        assert_eq!(a.len(), 32);
        assert_ne!(a, fingerprint("r2", "p", token, true));
        assert_ne!(a, fingerprint("r", "p2", token, true));
        assert_ne!(
            a,
            fingerprint("r", "p", b"q8ZtR2vLx9WmK4pN7sYc3HbJ6fDg1TuF", true)
        );
        // A long random value of a generic rule is hashed whole too.
        assert!(strong_human(token));
        assert_eq!(a, fingerprint("r", "p", token, false));
    }

    #[test]
    fn weak_secrets_give_away_only_twelve_bits() {
        for weak in [
            &b"hunter22"[..],
            b"Summer2024!",
            b"correct horse battery staple",
        ] {
            assert!(!strong(weak), "{}", String::from_utf8_lossy(weak));
        }
        // Mixed classes do not make a person's password strong.
        assert!(!strong_human(b"P@ssw0rd!2024Summer#Prod"));
        assert!(!strong_human(b"Correct-Horse-Battery-Staple-2024!x"));
        let a = fingerprint("password", "app/settings.py", b"hunter22", false);
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        // Only the last three hex digits depend on the secret: a dictionary
        // attack on them leaves one candidate in 4096 standing.
        let b = fingerprint("password", "app/settings.py", b"Summer2024!", false);
        assert_eq!(a[..29], b[..29]);
        let distinct: std::collections::HashSet<String> = (0..200)
            .map(|i| {
                fingerprint(
                    "password",
                    "app/settings.py",
                    format!("pw{i}").as_bytes(),
                    false,
                )[29..]
                    .to_string()
            })
            .collect();
        assert!(distinct.len() > 180, "{}", distinct.len());
    }
}
