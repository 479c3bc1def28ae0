//! Values and lines that are never findings: placeholders, variable
//! references, documented examples, and lines marked `keygate:allow`.
//!
//! Each test is a small pure function over bytes, cheap enough to run on
//! every regex match.

use crate::blob::LONG_LINE;
use crate::location::LineIndex;
use memchr::memmem;
use std::ops::Range;

/// The inline marker that suppresses findings on its own line.
pub const ALLOW_MARKER: &[u8] = b"keygate:allow";
/// The marker that suppresses findings on the following line.
pub const ALLOW_NEXT_LINE_MARKER: &[u8] = b"keygate:allow-next-line";

/// Whether `line` carries `keygate:allow` (but not only the next-line form).
pub fn line_allows(line: &[u8]) -> bool {
    let mut rest = line;
    while let Some(i) = memmem::find(rest, ALLOW_MARKER) {
        let after = &rest[i + ALLOW_MARKER.len()..];
        if !after.starts_with(b"-next-line") {
            return true;
        }
        rest = after;
    }
    false
}

/// Whether `line` asks to allow the line after it.
pub fn line_allows_next(line: &[u8]) -> bool {
    memmem::find(line, ALLOW_NEXT_LINE_MARKER).is_some()
}

/// How far (in bytes) from a finding a marker on a line over
/// [`LONG_LINE`] may be and still cover it: one marker in a minified bundle
/// covers its neighbourhood, not the whole bundle.
pub const LONG_LINE_MARKER_REACH: usize = 256;

/// Whether a `keygate:allow` marker covers lines `first..=last` (on one of
/// them, or `keygate:allow-next-line` just above). On a line over
/// [`LONG_LINE`] bytes, only a marker within [`LONG_LINE_MARKER_REACH`]
/// bytes of `near` (the finding's bytes) counts.
pub(super) fn allowed_inline(
    bytes: &[u8],
    index: &LineIndex,
    first: usize,
    last: usize,
    near: &Range<usize>,
) -> bool {
    let covers = |l: usize| {
        let range = index.line_range(bytes, l);
        if range.len() <= LONG_LINE {
            return line_allows(&bytes[range]);
        }
        let from = near
            .start
            .saturating_sub(LONG_LINE_MARKER_REACH + ALLOW_MARKER.len())
            .clamp(range.start, range.end);
        let to = (near.end + LONG_LINE_MARKER_REACH + ALLOW_MARKER.len()).clamp(from, range.end);
        line_allows(&bytes[from..to])
    };
    if (first..=last).any(covers) {
        return true;
    }
    first > 1 && line_allows_next(&bytes[index.line_range(bytes, first - 1)])
}

/// Words that mark a value as a stand-in, when they appear in one letter
/// case (so that random mixed-case tokens do not hit them by chance).
const PLACEHOLDER_WORDS: &[&str] = &[
    "exampl",
    "sample",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "xxxx",
    "dummy",
    "fake",
    "redacted",
    "replace",
    "insert",
    "notreal",
    "not_real",
    "not-real",
    "foobar",
    "lorem",
    "todo",
];

/// Whole values that are defaults or words, never secrets.
const PLACEHOLDER_VALUES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "admin",
    "root",
    "toor",
    "letmein",
    "qwerty",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "required",
    "optional",
    "string",
    "value",
    "test",
    "testing",
    "default",
    "empty",
    "hidden",
    "masked",
    "unset",
    "pass",
    "guest",
    "postgres",
    "mysql",
    "example",
    "secret_key",
    "api_key",
    "apikey",
    "n/a",
];

/// Whether a candidate secret is a placeholder, template or reference
/// rather than a real value. Stand-in words are matched in one letter case
/// (`example`, `EXAMPLE`, `Example`); in values over 200 bytes only words of
/// five letters or more count, so that a long random token or key body does
/// not hit a short word by chance.
pub fn is_placeholder(value: &[u8]) -> bool {
    let v = trim_quotes(value);
    if v.is_empty() {
        return true;
    }
    if is_reference(v) {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDER_VALUES.iter().any(|p| lower == p.as_bytes()) {
        return true;
    }
    // Eight of one character in a row (`xoxb-…-xxxxxxxx`) never happens by
    // chance in a token; a run that opens the value can be a format's own
    // prefix (Twitter bearer tokens start with A × 21).
    // Key material (a PEM body, over 200 bytes) is exempt: zero bytes
    // encode as runs of `A`.
    let repeated = v.len() > 1
        && v.len() <= 200
        && v[1..]
            .windows(8)
            .any(|w| w.iter().all(|&b| b == w[0]) && w[0] != v[0]);
    if repeated || mostly_one_byte(v) || has_sequence(&lower, if v.len() >= 24 { 8 } else { 6 }) {
        return true;
    }
    let long = v.len() > 200;
    for w in PLACEHOLDER_WORDS.iter().filter(|w| !long || w.len() >= 5) {
        let w = w.as_bytes();
        // A short word inside a long random token (`gho_…4todom…`) is
        // chance; it marks a placeholder only at an edge or between
        // separators (`sk_test_todo`, `FAKE-KEY`).
        let chance = w.len() <= 4 && v.len() >= 16;
        // Found in the lowered value, then kept only in one of the forms
        // people write: `example`, `EXAMPLE`, `Example`.
        let written = |at: usize| {
            let t = &v[at..at + w.len()];
            t == w
                || t.iter().all(|b| !b.is_ascii_lowercase())
                || (t[0].is_ascii_uppercase() && t[1..] == w[1..])
        };
        if positions(&lower, w).any(|at| written(at) && (!chance || delimited(v, at, w.len()))) {
            return true;
        }
    }
    // Masks and ellipses: `****`, `...`, `…`.
    if !long
        && ["***", "...", "…"]
            .iter()
            .any(|m| contains(v, m.as_bytes()))
    {
        return true;
    }
    false
}

/// Where `needle` occurs in `hay`. Values are short: a plain comparison at
/// each offset beats building a vectorised searcher per call (which cost a
/// fifth of the time on a `.env` of 100,000 entries).
fn positions<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let n = needle.len().max(1);
    let first = needle.first().copied();
    hay.windows(n)
        .enumerate()
        .filter(move |(_, w)| Some(w[0]) == first && *w == needle)
        .map(|(i, _)| i)
}

/// Whether `needle` occurs in `hay` (short values: see [`positions`];
/// long ones: a vectorised search).
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    if hay.len() > 256 {
        return memmem::find(hay, needle).is_some();
    }
    positions(hay, needle).next().is_some()
}

/// Whether `v[at..at + len]` stands apart: on each side an edge of `v` or a
/// byte that is not a letter or digit.
fn delimited(v: &[u8], at: usize, len: usize) -> bool {
    let apart = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
    apart(at.checked_sub(1).and_then(|i| v.get(i))) && apart(v.get(at + len))
}

/// Whether `v` refers to a value kept elsewhere: `${VAR}`, `$VAR`,
/// `{{ .Values.x }}`, `<your-key>`, `%(name)s`, `%VAR%`, `#{x}`, `ENC[…]`,
/// `process.env.X`, `os.environ[...]`, and so on.
pub fn is_reference(v: &[u8]) -> bool {
    let starts = |p: &[u8]| v.starts_with(p);
    let has = |p: &[u8]| contains(v, p);
    // `${VAR}`, `$(cmd)`, or `$NAME` when all of it is a name: a value
    // such as `$k9!x…` (a Django key) is a secret that starts with `$`.
    let name = |rest: &[u8]| {
        (rest[0].is_ascii_alphabetic() || rest[0] == b'_')
            && rest.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    if starts(b"$") && v.len() > 1 && (v[1] == b'{' || v[1] == b'(' || name(&v[1..])) {
        return true;
    }
    if has(b"${") || has(b"{{") || has(b"#{") || has(b"%(") || has(b"$(") {
        return true;
    }
    if starts(b"<") && v.ends_with(b">") {
        return true;
    }
    if starts(b"%") && v.ends_with(b"%") && v.len() > 2 {
        return true;
    }
    if starts(b"@") && v.ends_with(b"@") && v.len() > 2 {
        return true;
    }
    if starts(b"[") && v.ends_with(b"]") {
        return true;
    }
    const PREFIXES: &[&[u8]] = &[
        b"ENC[",
        b"vault:",
        b"arn:aws:",
        b"!Ref",
        b"!Sub",
        b"!GetAtt",
        b"!ImportValue",
        b"!vault",
        b"!secret",
        b"!env",
    ];
    if PREFIXES.iter().any(|p| starts(p)) {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    let l = |p: &[u8]| contains(&lower, p);
    l(b"process.env")
        || l(b"os.environ")
        || l(b"getenv")
        || l(b"env(")
        || l(b"env.")
        || l(b"secretkeyref")
        || l(b"secrets.")
}

fn trim_quotes(v: &[u8]) -> &[u8] {
    let mut v = v;
    while let [b'"' | b'\'' | b'`', rest @ ..] = v {
        v = rest;
    }
    while let [rest @ .., b'"' | b'\'' | b'`'] = v {
        v = rest;
    }
    v
}

/// Whether one byte makes up 60% or more of `v` (`AKIAAAAAAAAAAAAAAAAA`,
/// `00000000`).
fn mostly_one_byte(v: &[u8]) -> bool {
    if v.len() < 4 {
        return false;
    }
    let mut counts = [0usize; 256];
    for &b in v {
        counts[b as usize] += 1;
    }
    counts.iter().max().copied().unwrap_or(0) * 5 >= v.len() * 3
}

/// Whether `v` holds a run of `run` or more consecutive ascending or
/// descending characters (`123456`, `abcdef`), the mark of keyboard-made
/// values. Callers ask for longer runs in long values, where a short run
/// can occur by chance.
fn has_sequence(v: &[u8], run: usize) -> bool {
    let mut up = 1;
    let mut down = 1;
    for w in v.windows(2) {
        let alnum = w[0].is_ascii_alphanumeric() && w[1].is_ascii_alphanumeric();
        up = if alnum && w[1] == w[0].wrapping_add(1) {
            up + 1
        } else {
            1
        };
        down = if alnum && w[1] == w[0].wrapping_sub(1) {
            down + 1
        } else {
            1
        };
        if up >= run || down >= run {
            return true;
        }
    }
    false
}

/// Whether `v` is a UUID (8-4-4-4-12 hex digits), which identifies things
/// rather than authenticating them.
pub fn is_uuid(v: &[u8]) -> bool {
    v.len() == 36
        && v.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dollar_value_is_a_reference_only_when_it_names_something() {
        for v in [
            "$DB_PASSWORD",
            "${DB_PASSWORD}",
            "$(vault read x)",
            "$_token",
        ] {
            assert!(is_reference(v.as_bytes()), "{v}");
        }
        // A Django SECRET_KEY that happens to start with `$`.
        for v in ["$k9!x#2vq@7m$zr0(w^3e+8b_p&t=yh4l1c5n6", "$2kq.Wv9-x", "$"] {
            assert!(!is_reference(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn placeholder_words_count_in_the_forms_people_write() {
        assert!(is_placeholder(b"my-example-key"));
        assert!(is_placeholder(b"MY_EXAMPLE_KEY"));
        assert!(is_placeholder(b"MyExampleKey"));
        // Inside a long random token a short word is chance.
        assert!(!is_placeholder(b"gho_4todom9Xq2LrT8vWzK3pNfYb6HsJdE1c"));
        assert!(contains(b"abc://def", b"://") && !contains(b"abc:/def", b"://"));
        assert!(contains(&[b'x'; 300], b"xx") && !contains(b"", b"x"));
    }

    #[test]
    fn placeholders_are_recognised() {
        for v in [
            "changeme",
            "<your-api-key>",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "{{ .Values.token }}",
            "%(password)s",
            "%API_KEY%",
            "your_api_key_here",
            "xxxxxxxxxxxxxxxx",
            "AKIAXXXXXXXXXXXXXXXX",
            "AKIAIOSFODNN7EXAMPLE",
            "sk_live_****************",
            "abc123456789",
            "ENC[AES256_GCM,data:abc]",
            "process.env.API_KEY",
            "os.environ['TOKEN']",
            "REPLACE_WITH_TOKEN",
            "Dummy-Token-Value",
            "''",
            "password",
            "AKIAIOSFODNN7EXAMPLF",
        ] {
            assert!(is_placeholder(v.as_bytes()), "{v}");
        }
        let long_example = format!("AQoDYXdzEPT//////////wEXAMPLE{}", "Zm9vYmFy".repeat(40));
        assert!(is_placeholder(long_example.as_bytes()));
    }

    #[test]
    fn real_looking_values_are_not_placeholders() {
        for v in [
            "q8Xk2LmZ9vRt4Bw1",
            "Tr0ub4dor&3x",
            "hJ7/kd9+Lq2mZ0xPw4Ty6Ub8Nc1Ve3Rg5Sa7Df9G",
            "f3a9c1e07b2d4d6e8a0c2b4e6f8a1c3e",
            // Short words and runs that random tokens hold by chance.
            "JLwCf9ZvolBtl4todomWrUR6AWmPiluV4GYJ",
            "X-r0JCBe2JIfHBusS11yL2hqUSpNnm5Todo-3A3ncPf",
            "VBG3PJAH019R3K19PUARJ2DG6NUZEPKZWD12Z38PIFAKEBZDQ",
            "cf3e47138c6e9e03f6fedcba937da19d",
        ] {
            assert!(!is_placeholder(v.as_bytes()), "{v}");
        }
        // A Twitter bearer token opens with a run of `A`s by design.
        let twitter = format!("{}{}", "A".repeat(21), "IjKLRTrqAnkft1kPeOw7kmNsTtvxyP");
        assert!(!is_placeholder(twitter.as_bytes()));
    }

    #[test]
    fn placeholder_words_count_when_they_stand_apart() {
        for v in [
            "sk_test_todo",
            "FAKE-KEY-FOR-TESTS-0001",
            "xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
            "token-0123456789abcdefghij",
        ] {
            assert!(is_placeholder(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn inline_markers() {
        assert!(line_allows(b"key = 'abc' # keygate:allow"));
        assert!(!line_allows(b"# keygate:allow-next-line"));
        assert!(line_allows(b"# keygate:allow-next-line keygate:allow"));
        assert!(line_allows_next(b"// keygate:allow-next-line"));
        assert!(!line_allows(b"key = 'abc'"));
    }

    #[test]
    fn uuids() {
        assert!(is_uuid(b"123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid(b"123e4567e89b12d3a456426614174000"));
    }
}
