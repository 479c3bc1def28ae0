//! Candidates: the matches of every rule whose keywords occur, each
//! checked against its rule (entropy, named checks, key filter,
//! placeholders) before it can become a finding. Regexes run on the lines
//! around keyword hits (a bounded slice of very long lines); dotenv rules
//! run the dotenv parser.

use super::{allow, checks, entropy, k8s, Detector};
use crate::blob::{Blob, LONG_LINE};
use crate::dotenv;
use crate::rules::{Check, LazyRegex, Matcher, ReportAt, Rule, Window};
use std::ops::Range;

/// A match that passed its rule's checks, before it becomes a finding.
#[derive(Debug)]
pub(super) struct Candidate {
    pub(super) rule: usize,
    /// Bytes of the secret shown (masked) on the reported line.
    pub(super) span: Range<usize>,
    /// Where the finding ends (the secret's end; a pair's later half's end).
    pub(super) end: usize,
    /// Where the finding is reported (the secret, or the match start).
    pub(super) report_at: usize,
    /// The secret when it is not the span's bytes (an escaped dotenv value,
    /// a decoded Kubernetes value, both halves of a pair); `None` for the
    /// span's bytes, so that most candidates own no copy.
    pub(super) secret: Option<Box<[u8]>>,
    /// How many leading bytes of `secret` redaction and annotators see (a
    /// pair's first half; all of it otherwise).
    pub(super) primary_len: usize,
}

impl Candidate {
    /// The secret, in `bytes` (the blob the candidate was found in) unless
    /// it is held apart.
    pub(super) fn secret<'a>(&'a self, bytes: &'a [u8]) -> &'a [u8] {
        match &self.secret {
            Some(s) => s,
            None => bytes.get(self.span.clone()).unwrap_or_default(),
        }
    }

    /// The leading part of the secret that redaction and annotators see.
    pub(super) fn primary<'a>(&'a self, bytes: &'a [u8]) -> &'a [u8] {
        let secret = self.secret(bytes);
        &secret[..self.primary_len.min(secret.len())]
    }
}

impl Detector {
    /// Candidates from every regex and dotenv rule that applies to `blob`,
    /// and from the decoded `data:` values of Kubernetes Secrets. When
    /// `blob` is a segment of a file, `file_keywords` tells which rules'
    /// keywords occur anywhere in the file: a `window: file` rule searches
    /// the segment if they do (its keyword may sit far from the secret).
    pub(super) fn candidates(
        &self,
        blob: &Blob<'_>,
        file_keywords: Option<&[bool]>,
    ) -> Vec<Candidate> {
        let file_name = blob
            .origin
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let hits = self.prefilter.hits(blob.bytes, self.rules.len() + 1);
        let mut candidates =
            self.candidates_at(blob.bytes, file_name.as_deref(), &hits, file_keywords);
        // The last keyword list is `kind:`: without it, no manifest.
        if !hits[self.rules.len()].is_empty() {
            self.decoded_candidates(blob.bytes, &mut candidates);
        }
        candidates
    }

    fn candidates_in(&self, bytes: &[u8], file_name: Option<&str>) -> Vec<Candidate> {
        let hits = self.prefilter.hits(bytes, self.rules.len() + 1);
        self.candidates_at(bytes, file_name, &hits, None)
    }

    /// Candidates given the prefilter's `hits` in `bytes`.
    fn candidates_at(
        &self,
        bytes: &[u8],
        file_name: Option<&str>,
        hits: &[Vec<usize>],
        file_keywords: Option<&[bool]>,
    ) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        // The name prepared once for every rule's globs.
        let name = file_name.map(globset::Candidate::new);
        for (i, rule) in self.rules.iter().enumerate() {
            // Most rules have no hit and no file-name globs: decided
            // without touching the rule.
            let hit = !hits[i].is_empty()
                || file_keywords.is_some_and(|k| k[i] && rule.window == Window::File);
            if !hit && !self.has_paths[i] {
                continue;
            }
            if let Some(globs) = &rule.paths {
                if !name.as_ref().is_some_and(|n| globs.is_match_candidate(n)) {
                    continue;
                }
                if !rule.keywords.is_empty() && !hit {
                    continue;
                }
            } else if !hit {
                continue;
            }
            match &rule.matcher {
                Matcher::Regex { regex } => {
                    regex_candidates(i, rule, regex, bytes, &hits[i], &mut candidates)
                }
                Matcher::Dotenv => dotenv_candidates(i, rule, bytes, &mut candidates),
                Matcher::Path | Matcher::Pair { .. } => {}
            }
        }
        candidates
    }

    /// The base64 `data:` values of Kubernetes Secrets, decoded and
    /// scanned as `KEY=value` in a dotenv file (or, when they decode to
    /// several lines, as a file of their own); what is found there is
    /// reported at the encoded value. The decoded verdict replaces the
    /// generic rules' verdict on the encoded text.
    fn decoded_candidates(&self, bytes: &[u8], out: &mut Vec<Candidate>) {
        let values = k8s::secret_data_values(bytes);
        if values.is_empty() {
            return;
        }
        out.retain(|c| {
            self.rules[c.rule].priority > 0
                || !values
                    .iter()
                    .any(|v| c.span.start < v.value.end && v.value.start < c.span.end)
        });
        for v in values {
            let Some(decoded) = checks::decode_base64_any(&bytes[v.value.clone()]) else {
                continue;
            };
            if decoded.is_empty() || std::str::from_utf8(&decoded).is_err() || decoded.contains(&0)
            {
                continue;
            }
            let multi_line = decoded.trim_ascii_end().contains(&b'\n');
            let (text, name) = if multi_line {
                (decoded, None)
            } else {
                let mut t = bytes[v.key.clone()].to_vec();
                t.push(b'=');
                t.extend_from_slice(decoded.trim_ascii_end());
                t.push(b'\n');
                (t, Some(".env"))
            };
            for c in self.candidates_in(&text, name) {
                out.push(Candidate {
                    rule: c.rule,
                    span: v.value.clone(),
                    end: v.value.end,
                    report_at: v.value.start,
                    secret: Some(c.secret(&text).into()),
                    primary_len: c.primary_len,
                });
            }
        }
    }
}

/// Candidates of regex rule `rule_index` in `bytes`: its matches on the
/// lines around its keyword `hits` (or in the whole blob, for `window:
/// file` and rules without keywords) that pass [`accept`].
fn regex_candidates(
    rule_index: usize,
    rule: &Rule,
    lazy: &LazyRegex,
    bytes: &[u8],
    hits: &[usize],
    out: &mut Vec<Candidate>,
) {
    let Some(regex) = lazy.get() else {
        return; // cannot happen for a validated rule
    };
    let secret_group = lazy.secret_group();
    let key_group = lazy.key_group();
    let windows: Vec<Range<usize>> = if rule.window == Window::File || rule.keywords.is_empty() {
        std::iter::once(0..bytes.len()).collect()
    } else {
        line_windows(bytes, hits)
    };
    for w in windows {
        let base = w.start;
        for caps in regex.captures_iter(&bytes[w]) {
            // An alternation may hold the secret in a later group (a quoted
            // and an unquoted form): the first group from `secret_group` on
            // that took part, other than the key's.
            let secret = (secret_group..caps.len())
                .filter(|&g| secret_group == 0 || Some(g) != key_group)
                .find_map(|g| caps.get(g));
            let (Some(secret), Some(whole)) = (secret, caps.get(0)) else {
                continue;
            };
            let key = key_group.and_then(|g| caps.get(g)).map(|m| m.as_bytes());
            if !accept(rule, secret.as_bytes(), key) {
                continue;
            }
            out.push(Candidate {
                rule: rule_index,
                span: base + secret.start()..base + secret.end(),
                end: base + secret.end(),
                report_at: base
                    + match rule.report_at {
                        ReportAt::Secret => secret.start(),
                        ReportAt::Match => whole.start(),
                    },
                secret: None,
                primary_len: secret.len(),
            });
        }
    }
}

/// Whether a candidate secret (with its key, for keyed rules) passes the
/// rule's checks and the allowlists.
fn accept(rule: &Rule, secret: &[u8], key: Option<&[u8]>) -> bool {
    if secret.is_empty() || rule.allow_values.contains(secret) {
        return false;
    }
    // A value equal to its own key (`password=password`, `user:user@`) is
    // never a secret.
    if key.is_some_and(|k| k.eq_ignore_ascii_case(secret)) {
        return false;
    }
    if let (Some(filter), Some(key)) = (&rule.key_filter, key) {
        if !checks::key_is_secret(filter, key) {
            return false;
        }
    }
    if allow::is_placeholder(secret) {
        return false;
    }
    if let Some(min) = rule.min_entropy {
        if entropy::shannon(secret) < entropy::entropy_floor(secret, min) {
            return false;
        }
    }
    rule.checks.iter().all(|&c| checks::passes(c, secret))
}

/// Candidates from a dotenv file: URLs with inline passwords under any key,
/// and values of secret-looking keys that pass the rule's checks.
fn dotenv_candidates(rule_index: usize, rule: &Rule, bytes: &[u8], out: &mut Vec<Candidate>) {
    // URL passwords are the generated-value rule's; the chosen-password
    // rule (`dotenv-password`) only judges whole values.
    let urls = !rule.checks.contains(&Check::Chosen);
    for entry in dotenv::entries(bytes) {
        let raw = &bytes[entry.value_span.clone()];
        if let Some(pw) = url_password(raw).filter(|_| urls) {
            let secret = &raw[pw.clone()];
            if !allow::is_placeholder(secret) && !rule.allow_values.contains(secret) {
                let span = entry.value_span.start + pw.start..entry.value_span.start + pw.end;
                out.push(Candidate {
                    rule: rule_index,
                    report_at: span.start,
                    end: span.end,
                    span,
                    secret: None,
                    primary_len: secret.len(),
                });
            }
            continue;
        }
        if accept(rule, &entry.value, Some(entry.key.as_bytes())) {
            out.push(Candidate {
                rule: rule_index,
                report_at: entry.value_span.start,
                end: entry.value_span.end,
                span: entry.value_span.clone(),
                primary_len: entry.value.len(),
                secret: (bytes.get(entry.value_span.clone()) != Some(&entry.value[..]))
                    .then(|| entry.value.into()),
            });
        }
    }
}

/// The password inside `scheme://user:password@host…`, as a range of `v`,
/// when there is one that differs from the user name.
pub fn url_password(v: &[u8]) -> Option<Range<usize>> {
    let scheme_end = memchr::memmem::find(v, b"://")?;
    if scheme_end == 0
        || !v[..scheme_end]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let auth_start = scheme_end + 3;
    let auth_end = v[auth_start..]
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#' | b' ' | b'"' | b'\''))
        .map_or(v.len(), |i| auth_start + i);
    let authority = &v[auth_start..auth_end];
    let at = authority.iter().rposition(|&b| b == b'@')?;
    let userinfo = &authority[..at];
    let colon = userinfo.iter().position(|&b| b == b':')?;
    let (user, password) = (&userinfo[..colon], &userinfo[colon + 1..]);
    if password.is_empty() || password == user {
        return None;
    }
    Some(auth_start + colon + 1..auth_start + at)
}

/// Lines up to this long are searched whole; longer ones (minified code)
/// as a slice of this many bytes either side of the keyword.
const MAX_WINDOW_LINE: usize = LONG_LINE;

const LONG_LINE_REACH: usize = 1024;

/// How far a long-line window's edge extends past [`LONG_LINE_REACH`]
/// while the bytes are token characters, so that a long token (a JWT of a
/// few KiB) is searched whole.
const LONG_TOKEN_REACH: usize = 64 * 1024;

/// Bytes of base64, base64url and JWT tokens.
fn token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'.' | b'-')
}

/// The merged byte ranges a keyed rule's regex runs on: the line around
/// each keyword hit, or for a very long line a slice around the hit that
/// starts after a non-word byte (so `\b` and `^` keep their meaning).
fn line_windows(bytes: &[u8], hits: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for &hit in hits {
        if out.last().is_some_and(|w| hit < w.end) {
            continue;
        }
        let floor = hit.saturating_sub(MAX_WINDOW_LINE);
        let mut start = memchr::memrchr(b'\n', &bytes[floor..hit]).map_or(floor, |i| floor + i + 1);
        let ceiling = (hit + MAX_WINDOW_LINE).min(bytes.len());
        let mut end = memchr::memchr(b'\n', &bytes[hit..ceiling]).map_or(ceiling, |i| hit + i);
        if start == floor && floor > 0 {
            // No line start in reach: a long line. Start after a non-word byte.
            let mut from = hit.saturating_sub(LONG_LINE_REACH);
            // Inside a token: back to its start (within a cap).
            let cap = hit.saturating_sub(LONG_TOKEN_REACH);
            let inside = from > 0 && token_byte(bytes[from - 1]);
            while from > cap && from > 0 && token_byte(bytes[from - 1]) {
                from -= 1;
            }
            start = if inside {
                from
            } else {
                bytes[from..hit]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric() && *b != b'_')
                    .map_or(hit, |i| from + i + 1)
            };
        }
        if end == ceiling && ceiling < bytes.len() {
            end = (hit + LONG_LINE_REACH)
                .min(bytes.len())
                .max(end.min(hit + LONG_LINE_REACH));
            // Inside a token: on to its end (within a cap).
            let cap = (hit + LONG_TOKEN_REACH).min(bytes.len());
            while end < cap && token_byte(bytes[end]) {
                end += 1;
            }
        }
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_keyword_lines_and_merge() {
        let text = b"a\nxx token yy\nb\ntoken token\n";
        let w = line_windows(text, &[5, 17, 23]);
        assert_eq!(w, [2..13, 16..27]);
        assert_eq!(&text[w[0].clone()], b"xx token yy");
    }

    #[test]
    fn windows_on_long_lines_are_bounded_and_start_after_a_non_word_byte() {
        let mut text = vec![b'a'; 10_000];
        text[4_000] = b' ';
        text.extend_from_slice(b" token=x ");
        text.extend(b"b ".repeat(5_000));
        let hit = 10_001;
        let w = line_windows(&text, &[hit]);
        assert_eq!(w.len(), 1);
        assert!(w[0].start > 4_000 && w[0].start <= hit, "{:?}", w);
        assert!(w[0].end - hit <= LONG_LINE_REACH + 2, "{:?}", w);
        // A run of token bytes longer than the cap is cut at the cap.
        let mut text = b"x token=".to_vec();
        text.extend(vec![b'c'; 100_000]);
        let w = line_windows(&text, &[2]);
        assert_eq!(w[0].end, 2 + LONG_TOKEN_REACH, "{:?}", w);
    }

    #[test]
    fn windows_on_long_lines_take_long_tokens_whole() {
        let mut text = vec![b' '; 6_000];
        let token: Vec<u8> = (0..3_000).map(|i| b"aB3.-_"[i % 6]).collect();
        text.extend_from_slice(&token);
        text.extend(vec![b' '; 6_000]);
        // A hit in the middle of the token: the window covers all of it.
        let hit = 7_500;
        let w = line_windows(&text, &[hit]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0], 6_000..9_000);
    }

    #[test]
    fn url_passwords() {
        let pw = |s: &str| url_password(s.as_bytes()).map(|r| s[r].to_string());
        assert_eq!(
            pw("postgres://app:s3cr3tPw@db:5432/x").as_deref(), // keygate:allow (made up)
            Some("s3cr3tPw")
        );
        assert_eq!(
            pw("redis://:hunter2x@cache:6379").as_deref(),
            Some("hunter2x")
        );
        assert_eq!(
            pw("mongodb+srv://u:p%40ss@cluster0/db?x=1").as_deref(),
            Some("p%40ss")
        );
        assert_eq!(pw("https://example.com/a@b"), None);
        assert_eq!(pw("https://user@host/"), None);
        assert_eq!(pw("amqp://guest:guest@localhost"), None);
        assert_eq!(pw("not a url"), None);
    }
}
