//! Randomness measures for candidate secrets.
//!
//! Shannon entropy alone fails on short strings: an 11-character password
//! cannot exceed log2(11) ≈ 3.46 bits per character however random it is,
//! while a long English phrase reaches 4. [`looks_random`] therefore judges a
//! string against what a random string *of the same length over the same
//! character classes* would score, and adds a structural test: random text
//! switches between character classes (lower, upper, digit, symbol) often,
//! human-made text (`Password123`, `my_secret_name`) switches rarely.

/// Shannon entropy of `bytes` in bits per byte (0 for empty input).
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Lower,
    Upper,
    Digit,
    Symbol,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Digit,
        _ => Class::Symbol,
    }
}

/// Whether every byte is a hex digit of one letter case.
pub fn is_hex(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && (bytes.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            || bytes.iter().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F')))
}

/// How many of the four character classes (lower, upper, digit, ASCII
/// punctuation) `v` uses.
pub fn class_count(v: &[u8]) -> usize {
    [
        v.iter().any(u8::is_ascii_lowercase),
        v.iter().any(u8::is_ascii_uppercase),
        v.iter().any(u8::is_ascii_digit),
        v.iter().any(|b| b.is_ascii_punctuation()),
    ]
    .iter()
    .filter(|&&c| c)
    .count()
}

/// The alphabet a random string like `s` is drawn from: 16 for hex, and
/// otherwise the sum of the sizes of the character classes present (26
/// lower, 26 upper, 10 digits, 32 symbols).
pub fn alphabet_size(s: &[u8]) -> f64 {
    if is_hex(s) {
        return 16.0;
    }
    let has = |c: Class| s.iter().any(|&b| class(b) == c);
    [
        (Class::Lower, 26.0),
        (Class::Upper, 26.0),
        (Class::Digit, 10.0),
        (Class::Symbol, 32.0),
    ]
    .iter()
    .filter(|(c, _)| has(*c))
    .map(|(_, size)| size)
    .sum()
}

/// The Shannon entropy a random string like `s` (same length, same
/// character classes) can be expected to reach: `min(log2 A, log2 n)`, with
/// `A` the [`alphabet_size`].
pub fn ceiling(s: &[u8]) -> f64 {
    f64::log2(alphabet_size(s).max(2.0)).min((s.len().max(2) as f64).log2())
}

/// A rule's `min_entropy`, lowered where short or small-alphabet random
/// values cannot reach it: never above 70% of [`ceiling`]. A random
/// 32-character hex token scores below 3.2 about once in a hundred, and
/// below 2.8 (70% of 4) less than once in ten thousand.
pub fn entropy_floor(s: &[u8], rule_min: f64) -> f64 {
    rule_min.min(0.7 * ceiling(s))
}

/// Whether `s` looks machine-generated rather than typed by a person.
///
/// 1. At least 8 bytes, and not only digits.
/// 2. Entropy at least 70% of the [`ceiling`] for a random string of this
///    length over the classes present.
/// 3. Letters of a single case and nothing else must be long (≥ 20), since
///    short ones are words.
/// 4. Class switches between neighbours: at least 3, and at least one per 7
///    characters. `Password123` switches twice; a random 12-character
///    alphanumeric string switches about 7 times.
/// 5. Not mostly words: runs of 4+ letters of one case (a capital first
///    letter allowed) made mostly of common English letter pairs must cover
///    less than half of it. `Welcome2024!` is 7/12 word.
pub fn looks_random(s: &[u8]) -> bool {
    let n = s.len();
    if n < 8 {
        return false;
    }
    let classes: Vec<Class> = s.iter().map(|&b| class(b)).collect();
    let has = |c: Class| classes.contains(&c);
    let (lower, upper, digit, symbol) = (
        has(Class::Lower),
        has(Class::Upper),
        has(Class::Digit),
        has(Class::Symbol),
    );
    if digit && !lower && !upper && !symbol {
        return false;
    }
    if shannon(s) < 0.7 * ceiling(s) {
        return false;
    }
    let single_case_letters = (lower ^ upper) && !digit && !symbol;
    if single_case_letters {
        // Long, and not made of words (SUBSCRIPTIONINFOFLAGS): random
        // letters rarely form common English pairs.
        let common = s.windows(2).filter(|w| common_bigram(w[0], w[1])).count();
        return n >= 20 && shannon(s) >= 3.6 && common * 10 < (n - 1) * 3;
    }
    let switches = classes.windows(2).filter(|w| w[0] != w[1]).count();
    switches >= 3 && switches * 7 >= n - 1 && word_bytes(s) * 2 < n
}

/// The most frequent letter pairs of English text (and of the words code
/// and configuration are made of). About 15% of the pairs in random letters
/// are among them; 60% or more of the pairs in a word usually are.
const COMMON_BIGRAMS: [&[u8; 2]; 100] = [
    b"th", b"he", b"in", b"er", b"an", b"re", b"on", b"at", b"en", b"nd", b"ti", b"es", b"or",
    b"te", b"of", b"ed", b"is", b"it", b"al", b"ar", b"st", b"to", b"nt", b"ng", b"se", b"ha",
    b"as", b"ou", b"io", b"le", b"ve", b"co", b"me", b"de", b"hi", b"ri", b"ro", b"ic", b"ne",
    b"ea", b"ra", b"ce", b"li", b"ch", b"ll", b"be", b"ma", b"si", b"om", b"ur", b"ca", b"el",
    b"ta", b"la", b"ns", b"di", b"fo", b"ho", b"pe", b"ec", b"pr", b"no", b"ct", b"us", b"ac",
    b"ot", b"il", b"tr", b"ss", b"so", b"rs", b"un", b"lo", b"wa", b"ge", b"ie", b"wh", b"ee",
    b"wi", b"em", b"ad", b"ol", b"rd", b"po", b"we", b"na", b"ow", b"pa", b"mi", b"wo", b"ke",
    b"ok", b"ey", b"ay", b"ly", b"ty", b"ry", b"ck", b"ld", b"ut",
];

fn common_bigram(a: u8, b: u8) -> bool {
    let pair = [a.to_ascii_lowercase(), b.to_ascii_lowercase()];
    COMMON_BIGRAMS.iter().any(|bg| **bg == pair)
}

/// How many bytes of `s` sit in word-like runs: 3+ letters of one case (or
/// capitalised) whose letter pairs are mostly (for three letters: all)
/// common English pairs.
pub(crate) fn word_bytes(s: &[u8]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        // A capital may open a lower-case run (`Welcome`); otherwise the run
        // keeps the case of its first letter.
        let lower_run =
            s[i].is_ascii_lowercase() || s.get(i + 1).is_some_and(|b| b.is_ascii_lowercase());
        i += 1;
        while i < s.len()
            && (if lower_run {
                s[i].is_ascii_lowercase()
            } else {
                // an acronym ends where a capitalised word begins: CF|Data
                s[i].is_ascii_uppercase() && !s.get(i + 1).is_some_and(|b| b.is_ascii_lowercase())
            })
        {
            i += 1;
        }
        let run = &s[start..i];
        if run.len() >= 3 {
            let pairs = run.len() - 1;
            let common = run.windows(2).filter(|w| common_bigram(w[0], w[1])).count();
            // three letters are a word only when both pairs are common
            let needed = if run.len() == 3 {
                pairs * 10
            } else {
                pairs * 6
            };
            if common * 10 >= needed {
                total += run.len();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shannon_of_simple_inputs() {
        assert_eq!(shannon(b""), 0.0);
        assert_eq!(shannon(b"aaaa"), 0.0);
        assert!((shannon(b"abcd") - 2.0).abs() < 1e-9);
        assert!((shannon(b"0123456789abcdef") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn random_strings_look_random() {
        for s in [
            "q8Xk2LmZ9vRt4Bw1",
            "Tr0ub4dor&3x",
            "f3a9c1e07b2d4d6e8a0c2b4e6f8a1c3e",
            "hJ7/kd9+Lq2mZ0xPw4Ty6Ub8Nc1Ve3Rg5Sa7Df9G",
            "7fGh2Kp9",
            "ghp_R8mYq2LzX0vKp7WnT4bC9dHs1JfE6gAuQ3iN", // keygate:allow (made up)
            "t2uRZBIbJMCaWlmi",
            "XeEdarXWOYJEWdqdyHF8SxXGAW",
        ] {
            assert!(looks_random(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn human_strings_do_not() {
        for s in [
            "changeme",
            "Password123",
            "admin1234",
            "my_secret_name",
            "MY_SECRET_TOKEN",
            "accessTokenValue",
            "12345678901234",
            "aaaaaaaaaaaaaaaa",
            "deadbeefdeadbeefdeadbeef",
            "correcthorsebatterystaple",
            "short",
            "Welcome2024!",
            "SUBSCRIPTIONINFOFLAGS",
        ] {
            assert!(!looks_random(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn hex_detection_needs_one_case() {
        assert!(is_hex(b"00ffaa"));
        assert!(is_hex(b"00FFAA"));
        assert!(!is_hex(b"00FFaa"));
        assert!(!is_hex(b""));
    }
}
